"""Qualified names: the F2 equivalence table and small helpers.

Every name a check compares against goes through :func:`canonical`, so that
``fastapi.applications.FastAPI`` and ``fastapi.FastAPI`` are one name.
"""

from __future__ import annotations

import builtins
import re

_PARAM_FUNCTIONS = (
    "Depends",
    "Security",
    "Query",
    "Path",
    "Body",
    "Header",
    "Cookie",
    "Form",
    "File",
)

#: alias -> canonical.  The canonical form is the public, documented spelling.
EQUIVALENTS: dict[str, str] = {
    "fastapi.applications.FastAPI": "fastapi.FastAPI",
    "fastapi.routing.APIRouter": "fastapi.APIRouter",
    "fastapi.exceptions.HTTPException": "fastapi.HTTPException",
    "starlette.middleware.cors.CORSMiddleware": "fastapi.middleware.cors.CORSMiddleware",
    "starlette.concurrency.run_in_threadpool": "fastapi.concurrency.run_in_threadpool",
    "pydantic.main.BaseModel": "pydantic.BaseModel",
    "pydantic.fields.Field": "pydantic.Field",
    "pydantic.config.ConfigDict": "pydantic.ConfigDict",
    "pydantic_settings.main.BaseSettings": "pydantic_settings.BaseSettings",
    "pydantic_settings.main.SettingsConfigDict": "pydantic_settings.SettingsConfigDict",
    "sqlalchemy.orm.session.Session": "sqlalchemy.orm.Session",
    "sqlalchemy.orm.session.sessionmaker": "sqlalchemy.orm.sessionmaker",
    "sqlalchemy.sql.text": "sqlalchemy.text",
    "sqlalchemy.sql.expression.text": "sqlalchemy.text",
    "sqlalchemy.ext.asyncio.session.AsyncSession": "sqlalchemy.ext.asyncio.AsyncSession",
    "sqlmodel.orm.session.Session": "sqlmodel.Session",
    "jwt.api_jwt.decode": "jwt.decode",
    "jwt.api_jwt.encode": "jwt.encode",
    "jose.jwt.decode": "jose.jwt.decode",
    "starlette.testclient.TestClient": "fastapi.testclient.TestClient",
    "starlette.responses.Response": "fastapi.responses.Response",
    "starlette.responses.JSONResponse": "fastapi.responses.JSONResponse",
    "starlette.responses.PlainTextResponse": "fastapi.responses.PlainTextResponse",
    "starlette.responses.HTMLResponse": "fastapi.responses.HTMLResponse",
    "starlette.responses.RedirectResponse": "fastapi.responses.RedirectResponse",
    "starlette.responses.StreamingResponse": "fastapi.responses.StreamingResponse",
    "starlette.responses.FileResponse": "fastapi.responses.FileResponse",
    "fastapi.Response": "fastapi.responses.Response",
    "fastapi.Request": "fastapi.Request",
    "starlette.requests.Request": "fastapi.Request",
    "fastapi.requests.Request": "fastapi.Request",
    "starlette.middleware.Middleware": "fastapi.middleware.Middleware",
    "httpx._client.AsyncClient": "httpx.AsyncClient",
    "httpx._client.Client": "httpx.Client",
    "httpx._transports.asgi.ASGITransport": "httpx.ASGITransport",
    "urllib3.poolmanager.PoolManager": "urllib3.PoolManager",
    "requests.sessions.Session": "requests.Session",
    "requests.api.get": "requests.get",
    "requests.api.post": "requests.post",
    "requests.api.put": "requests.put",
    "requests.api.patch": "requests.patch",
    "requests.api.delete": "requests.delete",
    "requests.api.head": "requests.head",
    "requests.api.options": "requests.options",
    "requests.api.request": "requests.request",
    "asyncio.tasks.create_task": "asyncio.create_task",
    "asyncio.tasks.ensure_future": "asyncio.ensure_future",
    "asyncio.events.get_event_loop": "asyncio.get_event_loop",
    "asyncio.events.get_running_loop": "asyncio.get_running_loop",
}
for _name in _PARAM_FUNCTIONS:
    EQUIVALENTS[f"fastapi.param_functions.{_name}"] = f"fastapi.{_name}"
    EQUIVALENTS[f"fastapi.params.{_name}"] = f"fastapi.{_name}"

BUILTIN_NAMES = frozenset(dir(builtins))

DEPENDS = frozenset({"fastapi.Depends", "fastapi.Security"})
PARAM_FUNCTIONS = frozenset(f"fastapi.{n}" for n in _PARAM_FUNCTIONS)
ROUTE_METHODS = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "trace", "api_route", "websocket"}
)
FASTAPI = "fastapi.FastAPI"
#: SQLAlchemy's ``MetaData`` class, under each of its import paths.
METADATA = frozenset(
    {"sqlalchemy.MetaData", "sqlalchemy.schema.MetaData", "sqlalchemy.sql.schema.MetaData"}
)
APIROUTER = "fastapi.APIRouter"


_CANONICAL_MEMO: dict[str, str] = {}


def canonical(qname: str | None) -> str | None:
    """The canonical spelling of a qualified name (F2 equivalence table)."""
    if qname is None:
        return None
    memo = _CANONICAL_MEMO.get(qname)
    if memo is not None:
        return memo
    out = _canonical(qname)
    if len(_CANONICAL_MEMO) < 100_000:
        _CANONICAL_MEMO[qname] = out
    return out


def _canonical(qname: str) -> str:
    hit = EQUIVALENTS.get(qname)
    if hit is not None:
        return hit
    # attribute access on a re-exported object: ``fastapi.applications.FastAPI.get``
    head, _, _ = qname.rpartition(".")
    while head:
        hit = EQUIVALENTS.get(head)
        if hit is not None:
            return f"{hit}.{qname[len(head) + 1 :]}"
        head, _, _ = head.rpartition(".")
    return qname


def top_module(qname: str) -> str:
    return qname.split(".", 1)[0]


#: The secret-name pattern, on snake or upper case word parts (case-insensitive).
SECRET_NAME = re.compile(
    r"(?:^|_)(?:secret|password|passwd|pwd|token|api_?key|private_?key|signing_?key|access_?key|client_?secret|dsn)(?:_|$)",
    re.IGNORECASE,
)


#: Names ending like this are not secrets (a URL, a lifetime, an algorithm ...).
NON_SECRET_SUFFIXES = (
    "_url",
    "_uri",
    "_endpoint",
    "_path",
    "_expire",
    "_expires",
    "_expire_minutes",
    "_ttl",
    "_length",
    "_min_length",
    "_type",
    "_alg",
    "_algorithm",
    "_header",
    "_name",
    "_field",
    "_prefix",
    "_cookie_name",
    # beyond the catalogue, found on real code: JWT claim values and labels, not keys
    "_audience",
    "_aud",
    "_issuer",
    "_scope",
    "_scopes",
    # a file or folder that holds the secret: ``SECRET_KEY_FILE = "cache_secret_key"``
    "_file",
    "_filename",
    "_file_name",
    "_dir",
)


#: pydantic's ``V2_V1_RENAMED_CONFIG_KEYS`` (``pydantic/_internal/_config.py``, 2.13), shipped as a copy.
#: ``allow_population_by_field_name`` maps to ``validate_by_name`` from 2.11 on
#: (``populate_by_name`` before): see :func:`auditor.project_queries.renamed_config_key`.
V1_RENAMED_CONFIG_KEYS: dict[str, str] = {
    "allow_population_by_field_name": "validate_by_name",
    "anystr_lower": "str_to_lower",
    "anystr_strip_whitespace": "str_strip_whitespace",
    "anystr_upper": "str_to_upper",
    "keep_untouched": "ignored_types",
    "max_anystr_length": "str_max_length",
    "min_anystr_length": "str_min_length",
    "orm_mode": "from_attributes",
    "schema_extra": "json_schema_extra",
    "validate_all": "validate_default",
}


#: pydantic's ``V2_V1_REMOVED_CONFIG_KEYS``.
V1_REMOVED_CONFIG_KEYS = frozenset(
    {
        "allow_mutation",
        "copy_on_model_validation",
        "error_msg_templates",
        "fields",
        "getter_dict",
        "json_dumps",
        "json_loads",
        "post_init_call",
        "smart_union",
        "underscore_attrs_are_private",
    }
)


POPULATE_BY_NAME_V1 = "allow_population_by_field_name"
