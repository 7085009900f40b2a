"""Qualified names: the F2 equivalence table and small helpers.

Every name a check compares against goes through :func:`canonical`, so that
``fastapi.applications.FastAPI`` and ``fastapi.FastAPI`` are one name.
"""

from __future__ import annotations

import builtins
import math
import re
from collections.abc import Iterator

from auditor.lazyre import lazy_compile

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
#: ``if TYPE_CHECKING:``: a body only a type checker runs.
TYPE_CHECKING = frozenset({"typing.TYPE_CHECKING", "typing_extensions.TYPE_CHECKING"})
#: SQLAlchemy's ``MetaData`` class, under each of its import paths.
METADATA = frozenset(
    {"sqlalchemy.MetaData", "sqlalchemy.schema.MetaData", "sqlalchemy.sql.schema.MetaData"}
)
APIROUTER = "fastapi.APIRouter"
#: Calls that read one environment variable by name.
ENV_READS = frozenset({"os.getenv", "os.environ.get", "os.getenvb"})


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
SECRET_NAME = lazy_compile(
    r"(?:^|_)(?:secret|password|passwd|pwd|token|api_?key|private_?key|signing_?key|access_?key|client_?secret|dsn)(?:_|$)",
    re.IGNORECASE,
)


#: A name whose head (its last word, or the last two of a compound: ``API_KEY``,
#: ``SECRET_KEY``) is a secret word, with at most an environment or age qualifier and a
#: version number after it (``DB_PASSWORD_PROD``, ``JWT_SECRET_V2``).  ``AUTH_TOKEN_USERNAME``
#: or ``TOKEN_ROLES`` are about a token (its claim, its roles), not one: their head noun is
#: ``username``, ``roles``; so is ``HF_TOKEN_PATH_LEGACY`` (a path).
SECRET_HEAD = lazy_compile(
    r"(?:^|_)(?:secret|password|passwd|pwd|token|dsn|(?:secret|api|private|signing|access)_?key"
    r"|client_?secret)"
    r"(?:_(?:prod|production|dev|development|staging|stage|test|testing|local|default|old|new"
    r"|legacy|prev|previous|current|primary|secondary|backup))?(?:_v?[0-9]+)*$",
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
    # an identifier of a secret, not the secret: ``AWS_ACCESS_KEY_ID``, ``SIGNING_KEY_ID``
    "_id",
)


#: A namespaced identifier: words joined by ``.`` or ``:`` (``app.trace.tokenUsage``,
#: ``gen_ai.token.type``, ``urn:ietf:params:oauth:token-type:jwt``, ``app:signing:``).
#: Random key material has no such structure (a JWT's parts are long base64 runs), nor
#: has a password that happens to contain a dot (``k3y.s3cr3t``: digits inside words).
_WORD = r"[A-Za-z][A-Za-z_-]{0,31}[0-9]{0,3}"  # letters, then a version number at most
_NAMESPACED = lazy_compile(rf"^{_WORD}(?:[.:]{_WORD})+[.:]?$")
#: Prefixes of keys that are public by design: PostHog project keys, Stripe (and Clerk)
#: publishable keys, Mapbox public tokens.  They are meant to be shipped to browsers.
PUBLISHABLE_KEY_PREFIXES = ("phc_", "pk_live_", "pk_test_", "pk.")


#: Prefixes of secret keys of well-known services (SendGrid, Stripe, OpenAI, GitHub, GitLab,
#: Slack): a value that starts so is key material whatever its shape (``SG.abc.def``).
SECRET_KEY_PREFIXES = (
    "SG.",
    "sk_live_",
    "sk_test_",
    "rk_live_",
    "sk-",
    "ghp_",
    "gho_",
    "ghs_",
    "github_pat_",
    "glpat-",
    "xoxb-",
    "xoxp-",
)


def identifier_value(value: str) -> bool:
    """``value`` names something (a namespaced key, a URN) rather than being key material."""
    return _NAMESPACED.match(value) is not None and not value.startswith(SECRET_KEY_PREFIXES)


def publishable_key(value: str) -> bool:
    """``value`` is a key that is public by design (its prefix says so)."""
    return value.startswith(PUBLISHABLE_KEY_PREFIXES)


#: Values that stand in for a secret without being one: masks (``"********"``,
#: ``"<redacted>"``), template slots, ``"your-api-key"``, ``"xxxx"``, and the phrases that
#: ask for a value to be put in its place, in any case and separator (``"changeme"``,
#: ``"change-it"``, ``"ToBeChanged"``, ``"to_be_replaced"``, ``"please-change"``).
_PLACEHOLDER_VALUE = lazy_compile(
    r"x{4,}|X{4,}|\*{3,}|\.{3}|<[^>]*>|\{[^}]*\}|\$\{|your[_-]|[_-]here\b"
    r"|(?:change|replace)[_-]?(?:me|it|this)|replace[_-]?with|(?:please|must)[_-]?(?:change|replace)"
    r"|to[_-]?be[_-]?(?:changed|replaced|set|defined|filled|configured)"
    r"|example|placeholder|dummy|redacted|sample|fake",
    re.IGNORECASE,
)
_HEX = lazy_compile(r"^[0-9a-fA-F]{16,}$")
_BASE64ISH = lazy_compile(r"^[A-Za-z0-9+/_-]{20,}={0,2}$")
_JWT_SHAPE = lazy_compile(r"^eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*$")
_PEM_PRIVATE = lazy_compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")
#: Runs of a word in camel or snake case: most of ``MyVerySecretPassword2024`` is words, random
#: base64 has only short lowercase runs.
_WORDLIKE = lazy_compile(r"[A-Z]?[a-z]{3,}")
_KEY_BODY = lazy_compile(r"^[A-Za-z0-9_.-]{16,}$")
#: Shannon entropy (bits per character) above which a mixed-case alphanumeric run is random:
#: base64 of random bytes sits near 4.5-5.5 at 20-60 characters, words in camel case near 3.5.
_RANDOM_ENTROPY = 4.0
_HEX_ENTROPY = 3.0


def placeholder_value(value: str) -> bool:
    """``value`` stands in for a secret (a mask, a template slot, ``"your-key-here"``)."""
    return _PLACEHOLDER_VALUE.search(value) is not None


def _entropy(value: str) -> float:
    counts: dict[str, int] = {}
    for ch in value:
        counts[ch] = counts.get(ch, 0) + 1
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def key_material(value: str) -> bool:
    """``value`` itself looks like a secret, whatever it is called: a key of a well-known
    service by its prefix, a PEM private key, a JWT, or a random run of hex or base64
    characters.  Words, identifiers, paths, masks and placeholders are not key material."""
    if _PEM_PRIVATE.search(value):
        return True
    if any(ch.isspace() for ch in value) or placeholder_value(value) or publishable_key(value):
        return False
    if value.startswith(SECRET_KEY_PREFIXES):
        prefix = next(p for p in SECRET_KEY_PREFIXES if value.startswith(p))
        return _KEY_BODY.match(value[len(prefix) :]) is not None
    if _JWT_SHAPE.match(value):
        return True
    if _HEX.match(value):
        digits = sum(ch.isdigit() for ch in value)
        return 2 <= digits < len(value) - 1 and _entropy(value) >= _HEX_ENTROPY
    if _BASE64ISH.match(value):
        classes = (str.isupper, str.islower, str.isdigit)
        words = sum(len(m) for m in _WORDLIKE.findall(value))
        return (
            all(any(f(ch) for ch in value) for f in classes)
            and _entropy(value) >= _RANDOM_ENTROPY
            and words * 2 < len(value)
        )
    return False


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


# -- vendored code ---------------------------------------------------------------------------
#: Folders that hold a copy of someone else's library shipped inside the package
#: (``pkg/thirdparty/model_x``, ``pkg/_vendor/six.py``): code the application runs but does
#: not own, so advice about its style, configuration or logging goes to its upstream.
VENDORED_DIRS = frozenset(
    {
        "thirdparty",
        "third_party",
        "third-party",
        "3rdparty",
        "vendor",
        "_vendor",
        "vendored",
        "_vendored",
    }
)


def is_vendored(path: str | None) -> bool:
    """``path`` lies in a folder of vendored third-party code (any case: ``ThirdParty/``),
    or in one named for the library it vendors (``mlx_vlm_vendored/``)."""
    return path is not None and any(
        part.lower() in VENDORED_DIRS or part.lower().endswith("_vendored")
        for part in path.split("/")[:-1]
    )


#: The attribution files a folder of another project's code carries (the Apache licence's
#: ``NOTICE``).
NOTICE_FILES = ("NOTICE", "NOTICE.txt", "NOTICE.md")
#: A NOTICE saying its folder holds another project's code, naming it by repository or
#: address: ``This directory contains code derived from acme/streams``.
_FOLDER_DERIVED_FROM = lazy_compile(
    r"\bthis\s+(?:directory|folder|package)\s+(?:contains|includes|is)\s+(?:code\s+)?"
    r"(?:derived|copied|vendored|adapted|forked|ported|taken)\s+from\s+"
    r"(?:https?://\S+|[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)",
    re.IGNORECASE,
)


def derived_folder(notice: str) -> bool:
    """A folder's NOTICE text says the folder holds code derived from another project's
    repository: a vendored copy, whatever its files' headers say."""
    return bool(_FOLDER_DERIVED_FROM.search(notice))


#: A module's header saying the whole file is a copy of another project's code, with where
#: it came from: ``# Sourced from https://pypi.org/project/x/``, ``This file was copied
#: from https://github.com/...``, ``# vendored from https://...``, ``Adapted from
#: https://github.com/...``, ``# Modified from https://github.com/...``.  The source must be a code host or a package index (a page of
#: documentation or a discussion is where a snippet came from, not a library).
_COPIED_FROM = lazy_compile(
    r"^(?:#+\s*)?(?:(?:this\s+)?(?:source\s+)?(?:file|code|module|implementation)\s+"
    r"(?:is|was|has\s+been)\s+|implementation\s+)?"
    r"(?:sourced|copied|vendored|taken|forked|adapted|modified|ported|based\s+on)"
    r"(?:\s+(?:from|on))?\s*:?\s*(?:https?://)?(?:www\.)?"
    r"(?:github\.com|gitlab\.com|bitbucket\.org|gist\.github\.com|pypi\.org|huggingface\.co)/"
    r"(?![^/\s]+/[^/\s]+/(?:discussions|issues|pull)/)",
    re.IGNORECASE,
)
#: How far into a file its header may reach (a licence block comes first).
_HEADER_LINES = 60


def copied_module(text: str) -> bool:
    """The module's header (the comments and docstring before its first statement) says
    the file is a copy of another project's code: a vendored library."""
    return any(_COPIED_FROM.search(s) for s in _header(text))


#: A header line saying a tool wrote the file: ``Generated by OpenAPI Generator``,
#: ``Code generated by protoc-gen-go``, ``This file is auto-generated from ...``.
_GENERATED_BY = lazy_compile(r"\b(?:auto-?)?generated\s+(?:by|with|from|using)\b", re.IGNORECASE)
#: A header line saying the file is not to be edited by hand: ``Do not edit the class
#: manually.``, protoc's ``DO NOT EDIT!``.
_DO_NOT_EDIT = lazy_compile(r"\bdo\s+not\s+(?:edit|modify)\b", re.IGNORECASE)
#: A generator's marker that says both at once: ``@generated``, datamodel-codegen's line.
_GENERATED_MARK = lazy_compile(r"@generated\b|\bgenerated\s+by\s+datamodel-codegen\b", re.I)


def generated_module(text: str) -> bool:
    """The module's header says a code generator wrote it and it is not to be edited by
    hand (``Generated by OpenAPI Generator ... Do not edit the class manually.``, protoc's
    ``DO NOT EDIT!``, ``@generated``): its structure and style are the generator's
    templates', regenerated at will.  A header that only says ``generated`` (Alembic's
    ``autogenerated ... please adjust!``, a scaffold) leaves the file the project's own."""
    lines = list(_header(text))
    return any(_GENERATED_MARK.search(s) for s in lines) or (
        any(_DO_NOT_EDIT.search(s) for s in lines) and any(_GENERATED_BY.search(s) for s in lines)
    )


def _header(text: str) -> Iterator[str]:
    """The lines of the module's header, stripped: its comments and its docstring's text,
    up to its first statement (:data:`_HEADER_LINES` at most)."""
    in_doc: str | None = None  # the quote of the docstring being read
    for line in text.splitlines()[:_HEADER_LINES]:
        s = line.strip()
        if in_doc is not None:
            if in_doc in s:
                s, in_doc = s[: s.index(in_doc)], None
        elif s and not s.startswith("#"):
            body = s.lstrip("rRuUbB")
            quote = next((q for q in ('"""', "'''") if body.startswith(q)), None)
            if quote is None:
                return  # the first statement: the header is over
            s = body[3:]
            if quote in s:
                s = s[: s.index(quote)]
            else:
                in_doc = quote
        yield s.strip()


# -- environment variables the application does not own (SET005) ------------------------------
#
# Variables set by the operating system, the container runtime, a cloud or hub SDK, a test
# runner or a CI service are facts about the environment the process runs in, not settings
# of the application: declaring ``TZ`` or ``AWS_REGION`` on the app's settings class would
# duplicate a contract that belongs to someone else.  Matched exactly (names) or by prefix;
# case matters (``http_proxy`` is conventionally lower case, so both spellings are listed).

#: Exact names.
# fmt: off
PLATFORM_ENV_NAMES: frozenset[str] = frozenset(
    {
        # POSIX and the login shell: who, where, which terminal, which locale and zone
        "HOME", "USER", "USERNAME", "LOGNAME", "LNAME", "SHELL", "PATH", "PWD", "OLDPWD", "TERM",
        "COLORTERM", "TERM_PROGRAM", "TZ", "LANG", "LANGUAGE", "TMPDIR", "TEMP", "TMP",
        "HOSTNAME", "EDITOR", "VISUAL", "PAGER", "BROWSER", "DISPLAY", "WAYLAND_DISPLAY",
        "COLUMNS", "LINES", "MAIL", "SUDO_USER", "SUDO_UID", "SUDO_GID",
        # colour conventions read by every CLI (no-color.org, force-color.org)
        "NO_COLOR", "FORCE_COLOR", "CLICOLOR", "CLICOLOR_FORCE",
        # proxies and trust stores, honoured by curl, requests, httpx, urllib
        "http_proxy", "https_proxy", "ftp_proxy", "no_proxy", "all_proxy",
        "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY",
        "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR",
        # the Python interpreter and its environments
        "VIRTUAL_ENV", "PYENV_ROOT", "PYENV_VERSION",
        # the C toolchain's conventional variables (make's implicit rules, setuptools, cc)
        "CC", "CXX", "CFLAGS", "CXXFLAGS", "CPPFLAGS", "LDFLAGS",
        # servers and process managers: uvicorn's and gunicorn's own variables
        "FORWARDED_ALLOW_IPS", "WEB_CONCURRENCY", "GUNICORN_CMD_ARGS", "SERVER_SOFTWARE",
        # uvicorn's settings page: every command-line option is read from ``UVICORN_`` plus
        # its name (``--workers`` from UVICORN_WORKERS); only the documented options, not
        # the prefix (a project's own ``UVICORN_NUM_WORKERS`` is its setting, not uvicorn's)
        "UVICORN_HOST", "UVICORN_PORT", "UVICORN_UDS", "UVICORN_FD", "UVICORN_WORKERS",
        "UVICORN_RELOAD", "UVICORN_LOOP", "UVICORN_HTTP", "UVICORN_WS", "UVICORN_LIFESPAN",
        "UVICORN_INTERFACE", "UVICORN_LOG_LEVEL", "UVICORN_LOG_CONFIG", "UVICORN_ACCESS_LOG",
        "UVICORN_PROXY_HEADERS", "UVICORN_FORWARDED_ALLOW_IPS", "UVICORN_ROOT_PATH",
        "UVICORN_LIMIT_CONCURRENCY", "UVICORN_LIMIT_MAX_REQUESTS", "UVICORN_BACKLOG",
        "UVICORN_TIMEOUT_KEEP_ALIVE", "UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN", "UVICORN_APP_DIR",
        "UVICORN_FACTORY", "UVICORN_SSL_KEYFILE", "UVICORN_SSL_CERTFILE",
        # prometheus_client's multiprocess mode (``PROMETHEUS_MULTIPROC_DIR``, before 0.10 the
        # lower-case spelling; ``PROMETHEUS_MULTIPROCESS_DIR`` is the spelling deployments and
        # guides often use for the same directory)
        "PROMETHEUS_MULTIPROC_DIR", "prometheus_multiproc_dir", "PROMETHEUS_MULTIPROCESS_DIR",
        "PROMETHEUS_DISABLE_CREATED_SERIES",
        # the de-facto "do not phone home" switch (consoledonottrack.com)
        "DO_NOT_TRACK",
        # CI services' markers (the vendor-specific ones are prefixes below)
        "CI", "CONTINUOUS_INTEGRATION", "BUILD_NUMBER", "BUILD_ID", "BUILD_URL", "TF_BUILD",
        "GITLAB_CI", "CIRCLECI", "TRAVIS", "BUILDKITE", "JENKINS_URL", "TEAMCITY_VERSION",
        "APPVEYOR", "DRONE", "SEMAPHORE",
        # Kubernetes and cloud runtimes that name the instance
        "KUBECONFIG", "K_SERVICE", "K_REVISION", "K_CONFIGURATION", "FUNCTION_TARGET",
        "DYNO",
        # the pod's own identity, which a Kubernetes manifest fills from the Downward API
        # (``valueFrom: fieldRef: metadata.name``): facts of the pod, nobody chooses them.
        # POD_NAME / POD_NAMESPACE / POD_IP are the names the Downward API's users settled
        # on; the K8S_* four are what Jina's Kubernetes templates (jina/resources/k8s/
        # template/*.yml) set for every gateway and executor pod they deploy
        "POD_NAME", "POD_NAMESPACE", "POD_IP",
        "K8S_NAMESPACE_NAME", "K8S_POD_NAME", "K8S_DEPLOYMENT_NAME", "K8S_STATEFULSET_NAME",
        # hosted development environments, read to detect them: GitHub Codespaces sets
        # CODESPACES=true and the codespace's name and forwarding domain in every codespace
        "CODESPACES", "CODESPACE_NAME", "GITHUB_CODESPACES_PORT_FORWARDING_DOMAIN",
        # hosting platforms' system variables, set on every deployment and read to detect
        # the platform or the deployment: Vercel's (VERCEL=1, its environment, URLs and
        # region; the VERCEL_GIT_* prefix below), Render's (RENDER=true, the service's name
        # and URLs) and the Fly.io Machine runtime's (the app, the Machine, its region)
        "VERCEL", "VERCEL_ENV", "VERCEL_URL", "VERCEL_BRANCH_URL",
        "VERCEL_PROJECT_PRODUCTION_URL", "VERCEL_REGION", "VERCEL_DEPLOYMENT_ID",
        "VERCEL_PROJECT_ID",
        "RENDER", "RENDER_SERVICE_ID", "RENDER_SERVICE_NAME", "RENDER_SERVICE_TYPE",
        "RENDER_INSTANCE_ID", "RENDER_EXTERNAL_HOSTNAME", "RENDER_EXTERNAL_URL",
        "RENDER_DISCOVERY_SERVICE", "RENDER_CPU_COUNT", "RENDER_GIT_COMMIT", "RENDER_GIT_BRANCH",
        "FLY_APP_NAME", "FLY_MACHINE_ID", "FLY_ALLOC_ID", "FLY_REGION", "FLY_PUBLIC_IP",
        "FLY_PRIVATE_IP", "FLY_IMAGE_REF", "FLY_PROCESS_GROUP", "FLY_VM_MEMORY_MB",
        # GitHub Actions' predefined variables (not GITHUB_CLIENT_ID: an OAuth app's setting)
        "GITHUB_ACTIONS", "GITHUB_SHA", "GITHUB_REF", "GITHUB_REF_NAME", "GITHUB_REF_TYPE",
        "GITHUB_HEAD_REF", "GITHUB_BASE_REF", "GITHUB_REPOSITORY", "GITHUB_REPOSITORY_OWNER",
        "GITHUB_SERVER_URL", "GITHUB_API_URL", "GITHUB_RUN_ID", "GITHUB_RUN_NUMBER",
        "GITHUB_RUN_ATTEMPT", "GITHUB_WORKFLOW", "GITHUB_JOB", "GITHUB_ACTOR", "GITHUB_EVENT_NAME",
        "GITHUB_EVENT_PATH", "GITHUB_WORKSPACE", "GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH",
        "GITHUB_STEP_SUMMARY",
        # the AWS SDKs' and CLI's documented variables (boto3/botocore read them themselves);
        # an application's own ``AWS_UPLOAD_BUCKET`` is not among them
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION",
        "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CONFIG_FILE",
        "AWS_SHARED_CREDENTIALS_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME",
        "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CA_BUNDLE", "AWS_STS_REGIONAL_ENDPOINTS",
        "AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE", "AWS_EXECUTION_ENV", "AWS_BEARER_TOKEN_BEDROCK",
        # the Azure SDKs' credential chain (azure-identity's EnvironmentCredential) and CLI
        "AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH",
        "AZURE_CLIENT_CERTIFICATE_PASSWORD", "AZURE_USERNAME", "AZURE_PASSWORD",
        "AZURE_AUTHORITY_HOST", "AZURE_FEDERATED_TOKEN_FILE", "AZURE_SUBSCRIPTION_ID",
        "AZURE_STORAGE_CONNECTION_STRING", "AZURE_CONFIG_DIR",
        # the Azure CLI's storage variables (az storage reads them)
        "AZURE_STORAGE_ACCOUNT", "AZURE_STORAGE_KEY", "AZURE_STORAGE_SAS_TOKEN",
        "AZURE_STORAGE_AUTH_MODE",
        # what an Azure Machine Learning job's runtime sets for the run it executes (the
        # workspace it runs in, its run id and token): where the run is, not a setting
        "AZUREML_RUN_ID", "AZUREML_ARM_SUBSCRIPTION", "AZUREML_ARM_RESOURCEGROUP",
        "AZUREML_ARM_WORKSPACE_NAME", "AZUREML_ARM_PROJECT_NAME", "AZUREML_RUN_TOKEN",
        "AZUREML_RUN_TOKEN_EXPIRY", "AZUREML_SERVICE_ENDPOINT", "AZUREML_WORKSPACE_ID",
        # HashiCorp Vault: the vault CLI and hvac read these themselves
        "VAULT_ADDR", "VAULT_TOKEN", "VAULT_NAMESPACE", "VAULT_CACERT", "VAULT_CAPATH",
        "VAULT_CLIENT_CERT", "VAULT_CLIENT_KEY", "VAULT_SKIP_VERIFY",
        # Google Cloud's credential chain
        "GOOGLE_APPLICATION_CREDENTIALS", "GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT", "GCP_PROJECT",
        # Vertex AI Agent Engine: the deployed agent's resource id, set by the runtime in
        # every container it runs (read to detect the platform)
        "GOOGLE_CLOUD_AGENT_ENGINE_ID",
        # the google-genai SDK's switch to Vertex AI and its region (the SDK reads them)
        "GOOGLE_GENAI_USE_VERTEXAI", "GOOGLE_CLOUD_LOCATION",
        # the mTLS switches every Google API client library honours (google-api-core,
        # AIP-4114): generated clients read them to pick their endpoint and certificate
        "GOOGLE_API_USE_MTLS_ENDPOINT", "GOOGLE_API_USE_CLIENT_CERTIFICATE",
        # OpenAI-compatible clients: the endpoint every OpenAI SDK on the host is pointed at
        # (a local proxy, Azure); the API key stays the application's own setting
        "OPENAI_API_BASE", "OPENAI_BASE_URL",
        # the Hugging Face hub: the host's hub login and caches, shared by every HF library
        "HUGGING_FACE_HUB_TOKEN", "HUGGINGFACE_HUB_CACHE", "HUGGINGFACE_HUB_VERBOSITY",
        "TRANSFORMERS_CACHE", "TRANSFORMERS_OFFLINE", "SENTENCE_TRANSFORMERS_HOME",
        "TOKENIZERS_PARALLELISM", "TORCH_HOME",
        # Hugging Face Spaces: the hosting runtime names the Space
        "SPACE_ID", "SPACE_HOST", "SPACE_AUTHOR_NAME", "SPACE_REPO_NAME", "SPACES_ZERO_GPU",
        "SYSTEM",
        # Huawei Ascend: the CANN toolkit's install root, exported by its set_env.sh
        "ASCEND_HOME_PATH", "ASCEND_TOOLKIT_HOME",
        # the Databricks runtime: the Spark Connect session of a shared or serverless cluster
        "DB_SESSION_UUID",
        # accelerators and thread pools, read by CUDA, OpenMP and BLAS
        "CUDA_VISIBLE_DEVICES", "NVIDIA_VISIBLE_DEVICES", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
        "OPENBLAS_NUM_THREADS", "CUDA_DEVICE_ORDER", "HIP_VISIBLE_DEVICES",
        "ROCR_VISIBLE_DEVICES",
        # the CUDA toolkit's install root (CUDA_PATH set by its installer, CUDA_HOME the
        # convention torch's cpp_extension, CuPy and FlashInfer's JIT look it up by) and ROCm's
        "CUDA_HOME", "CUDA_PATH", "ROCM_PATH",
        # PyTorch's caching allocators, configured by variables torch reads itself
        "PYTORCH_CUDA_ALLOC_CONF", "PYTORCH_HIP_ALLOC_CONF", "PYTORCH_ALLOC_CONF",
        # Datadog's agent address and unified service tags, set by the Datadog agent or its
        # Kubernetes admission controller (not DD_API_KEY: an integration's credential)
        "DD_AGENT_HOST", "DD_TRACE_AGENT_PORT", "DD_TRACE_AGENT_URL", "DD_DOGSTATSD_PORT",
        "DD_DOGSTATSD_URL", "DD_ENTITY_ID", "DD_ENV", "DD_SERVICE", "DD_VERSION",
        # Ray: ray.init() and the ray CLI read the cluster address themselves
        "RAY_ADDRESS",
        # PaddlePaddle's custom-device runtime (the plugin folder its NPU/MLU installs set)
        # and PaddleNLP's switch to load from ModelScope (read by its from_pretrained)
        "CUSTOM_DEVICE_ROOT", "from_modelscope",
        # notebooks and hosted kernels (jupyter_client sets JPY_PARENT_PID for every kernel
        # it starts: read to detect a kernel)
        "JUPYTERHUB_API_TOKEN", "KAGGLE_KERNEL_RUN_TYPE", "JPY_PARENT_PID",
        # JupyterHub: what the Hub sets for each service it manages and each server it
        # spawns (its services page's "service-env" list, Spawner.get_env in its spawners
        # page), exact names: an app's own JUPYTERHUB_CRYPTO_KEY stays its setting
        "JUPYTERHUB_SERVICE_NAME", "JUPYTERHUB_API_URL", "JUPYTERHUB_BASE_URL",
        "JUPYTERHUB_SERVICE_PREFIX", "JUPYTERHUB_SERVICE_URL", "JUPYTERHUB_OAUTH_SCOPES",
        "JUPYTERHUB_OAUTH_ACCESS_SCOPES", "JUPYTERHUB_OAUTH_CLIENT_ALLOWED_SCOPES",
        "JUPYTERHUB_USER", "JUPYTERHUB_SERVER_NAME", "JUPYTERHUB_CLIENT_ID",
        "JUPYTERHUB_OAUTH_CALLBACK_URL", "JUPYTERHUB_ROOT_DIR", "JUPYTERHUB_DEFAULT_URL",
        "JUPYTERHUB_DEBUG", "JUPYTERHUB_DISABLE_USER_CONFIG",
        # JetBrains IDEs' markers, read to detect the IDE: PYCHARM_HOSTED for a script PyCharm
        # runs, TERMINAL_EMULATOR=JetBrains-JediTerm in their embedded terminal
        "PYCHARM_HOSTED", "TERMINAL_EMULATOR",
        # VS Code's integrated terminal: what the editor sets in the shells it starts
        # (VSCODE_INJECTION marks its shell-integration injection, VSCODE_SHELL_INTEGRATION
        # the script's run; its git extension's askpass and IPC handles; the CLI's IPC hook)
        "VSCODE_INJECTION", "VSCODE_SHELL_INTEGRATION", "VSCODE_NONCE", "VSCODE_PID",
        "VSCODE_CWD", "VSCODE_IPC_HOOK_CLI", "VSCODE_GIT_IPC_HANDLE", "VSCODE_GIT_ASKPASS_NODE",
        "VSCODE_GIT_ASKPASS_MAIN", "VSCODE_GIT_ASKPASS_EXTRA_ARGS",
        # terminal emulators and multiplexers, set for the shell they run: the program's
        # version (Apple Terminal, iTerm2, VS Code), the session (Windows Terminal's WT_*,
        # iTerm2's, macOS Terminal's), tmux's socket and pane, GNU screen's session, kitty's
        # window, VTE's and Konsole's versions
        "TERM_PROGRAM_VERSION", "TERM_SESSION_ID", "ITERM_SESSION_ID", "ITERM_PROFILE",
        "WT_SESSION", "WT_PROFILE_ID", "TMUX", "TMUX_PANE", "STY", "KITTY_WINDOW_ID",
        "VTE_VERSION", "KONSOLE_VERSION",
        # the Windows Subsystem for Linux, set in every WSL session: the distribution's name,
        # the interop socket, the list of variables shared with Windows, WSLg's GUI switch
        "WSL_DISTRO_NAME", "WSL_INTEROP", "WSLENV", "WSL2_GUI_APPS_ENABLED",
        # the rendezvous that torch.distributed's launchers (torchrun, deepspeed, accelerate)
        # set for every worker process they start
        "MASTER_ADDR", "MASTER_PORT", "WORLD_SIZE", "RANK", "LOCAL_RANK", "LOCAL_WORLD_SIZE",
        "GROUP_RANK", "NODE_RANK",
        # Alibaba Cloud OSS: the credentials and endpoint its SDKs' environment provider and
        # ossutil read (like the AWS SDKs' above)
        "OSS_ACCESS_KEY_ID", "OSS_ACCESS_KEY_SECRET", "OSS_SESSION_TOKEN", "OSS_SECURITY_TOKEN",
        "OSS_ENDPOINT", "OSS_REGION",
        # Linux application sandboxes, read to detect the one the process runs in: Flatpak
        # sets FLATPAK_ID, snapd the SNAP_* folders of a confined snap, AppImage its mount
        "FLATPAK_ID", "FLATPAK_SANDBOX_DIR", "SNAP", "SNAP_NAME", "SNAP_INSTANCE_NAME",
        "SNAP_REVISION", "SNAP_DATA", "SNAP_COMMON", "SNAP_USER_DATA", "SNAP_USER_COMMON",
        "APPIMAGE", "APPDIR",
        # the container tools' own files: Docker's client configuration and daemon, and the
        # auth file Podman, Skopeo and Buildah share (containers-auth.json(5))
        "DOCKER_CONFIG", "DOCKER_HOST", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY",
        "REGISTRY_AUTH_FILE", "CONTAINERS_CONF", "CONTAINERS_REGISTRIES_CONF",
        "CONTAINERS_STORAGE_CONF",
        # Docker Compose's pre-defined variables (its "Set or change pre-defined environment
        # variables" page): the project name, files, profiles, ... that `docker compose` reads
        "COMPOSE_PROJECT_NAME", "COMPOSE_FILE", "COMPOSE_PROFILES", "COMPOSE_CONVERT_WINDOWS_PATHS",
        "COMPOSE_PATH_SEPARATOR", "COMPOSE_IGNORE_ORPHANS", "COMPOSE_REMOVE_ORPHANS",
        "COMPOSE_PARALLEL_LIMIT", "COMPOSE_ANSI", "COMPOSE_STATUS_STDOUT", "COMPOSE_ENV_FILES",
        "COMPOSE_DISABLE_ENV_FILE", "COMPOSE_MENU", "COMPOSE_EXPERIMENTAL", "COMPOSE_PROGRESS",
        # uv's own variables (its environment reference: each the twin of a command-line
        # option), and UV, the path of the uv binary it propagates to the processes it starts
        "UV", "UV_PROJECT", "UV_PROJECT_ENVIRONMENT", "UV_CACHE_DIR", "UV_NO_CACHE", "UV_PYTHON",
        "UV_SYSTEM_PYTHON", "UV_INDEX", "UV_INDEX_URL", "UV_DEFAULT_INDEX", "UV_EXTRA_INDEX_URL",
        "UV_FIND_LINKS", "UV_OFFLINE", "UV_FROZEN", "UV_LOCKED", "UV_NO_SYNC", "UV_LINK_MODE",
        "UV_COMPILE_BYTECODE", "UV_CONFIG_FILE", "UV_ENV_FILE", "UV_TOOL_DIR", "UV_TOOL_BIN_DIR",
        "UV_PYTHON_INSTALL_DIR", "UV_HTTP_TIMEOUT", "UV_NATIVE_TLS", "UV_PRERELEASE",
        "UV_RESOLUTION", "UV_EXCLUDE_NEWER", "UV_BREAK_SYSTEM_PACKAGES",
        # the usbmuxd daemon's address (a socket path or HOST:PORT), which libusbmuxd and
        # every libimobiledevice tool honour, as Docker's clients honour DOCKER_HOST
        "USBMUXD_SOCKET_ADDRESS",
        # AI coding agents' markers, read to detect the agent driving the process: the
        # cross-agent AI_AGENT (std-env's agent detection) and AGENT (Amp's `AGENT=amp`), and
        # each agent's own (Claude Code, Codex, Gemini CLI, Copilot CLI, Cursor, Amp, ...)
        "AI_AGENT", "AGENT", "CLAUDECODE", "CODEX_SANDBOX", "CODEX_CI", "CODEX_THREAD_ID",
        "GEMINI_CLI", "COPILOT_CLI", "OPENCODE", "CLINE_ACTIVE", "CURSOR_TRACE_ID",
        "CURSOR_AGENT", "CURSOR_EXTENSION_HOST_ROLE", "KIRO_AGENT_PATH", "PI_CODING_AGENT",
        "AMP_CURRENT_THREAD_ID",
    }
)

#: Windows' system variables (set by the OS for every process; Windows compares variable
#: names without case, so ``ProgramFiles(x86)`` and ``LocalAppData`` are matched in any case).
WINDOWS_ENV_NAMES: frozenset[str] = frozenset(
    {
        "APPDATA", "LOCALAPPDATA", "USERPROFILE", "PROGRAMDATA", "PROGRAMFILES",
        "PROGRAMFILES(X86)", "PROGRAMW6432", "COMMONPROGRAMFILES", "COMMONPROGRAMFILES(X86)",
        "COMMONPROGRAMW6432", "SYSTEMROOT", "SYSTEMDRIVE", "WINDIR", "COMSPEC", "PATHEXT",
        "COMPUTERNAME", "USERDOMAIN", "USERDOMAIN_ROAMINGPROFILE", "HOMEDRIVE", "HOMEPATH",
        "ALLUSERSPROFILE", "OS", "PROCESSOR_ARCHITECTURE", "PROCESSOR_IDENTIFIER",
        "PROCESSOR_LEVEL", "PROCESSOR_REVISION", "NUMBER_OF_PROCESSORS", "SESSIONNAME",
        "LOGONSERVER",
        # the Visual Studio developer environment that vcvarsall.bat sets for the MSVC
        # compiler and linker (the include and library paths, the toolset's folders)
        "INCLUDE", "LIB", "LIBPATH", "VCINSTALLDIR", "VSINSTALLDIR", "VCTOOLSINSTALLDIR",
        "WINDOWSSDKDIR", "VSCMD_ARG_TGT_ARCH",
        # the C library's own switches: the glibc manual's "Tunables" chapter (GLIBC_TUNABLES
        # and the environment aliases its "Memory Allocation Tunables" section gives for
        # glibc.malloc.*) and "Heap Consistency Checking" / "Allocation Debugging"
        "GLIBC_TUNABLES", "MALLOC_ARENA_MAX", "MALLOC_ARENA_TEST", "MALLOC_CHECK_",
        "MALLOC_MMAP_MAX_", "MALLOC_MMAP_THRESHOLD_", "MALLOC_PERTURB_", "MALLOC_TOP_PAD_",
        "MALLOC_TRIM_THRESHOLD_", "MALLOC_TRACE",
        # the dynamic loader's, from ld.so(8) ENVIRONMENT
        "LD_ASSUME_KERNEL", "LD_AUDIT", "LD_BIND_NOT", "LD_BIND_NOW", "LD_DEBUG",
        "LD_DEBUG_OUTPUT", "LD_DYNAMIC_WEAK", "LD_HWCAP_MASK", "LD_LIBRARY_PATH",
        "LD_ORIGIN_PATH", "LD_POINTER_GUARD", "LD_PREFER_MAP_32BIT_EXEC", "LD_PRELOAD",
        "LD_PROFILE", "LD_PROFILE_OUTPUT", "LD_SHOW_AUXV", "LD_TRACE_LOADED_OBJECTS",
        "LD_USE_LOAD_BIAS", "LD_VERBOSE", "LD_WARN",
    }
)
# fmt: on

#: Prefixes.
PLATFORM_ENV_PREFIXES: tuple[str, ...] = (
    "LC_",  # POSIX locale categories
    "XDG_",  # the XDG base directories
    "SSH_",  # set by sshd for the session (SSH_CONNECTION, SSH_TTY)
    "PYTHON",  # the interpreter's own switches (PYTHONPATH, PYTHONDEVMODE, PYTHONASYNCIODEBUG)
    "CONDA_",  # conda environments
    "PYTEST_",  # set by pytest (PYTEST_CURRENT_TEST, PYTEST_VERSION, PYTEST_XDIST_WORKER)
    # CI vendors' predefined variables
    "CI_",  # GitLab
    "BITBUCKET_",
    "TRAVIS_",
    "CIRCLE_",
    "BUILDKITE_",
    "JENKINS_",
    "DRONE_",
    "APPVEYOR_",
    "CODEBUILD_",  # AWS CodeBuild
    "VERCEL_GIT_",  # the commit a Vercel deployment was built from (VERCEL_GIT_COMMIT_SHA)
    "BUILD_REPOSITORY_",  # Azure Pipelines
    "BUILD_SOURCE",
    "BUILD_BUILD",
    "SYSTEM_TEAM",
    # container runtimes and orchestrators
    "KUBERNETES_",  # KUBERNETES_SERVICE_HOST, injected into every pod
    "ECS_CONTAINER_METADATA",
    # cloud runtimes and SDKs that own a whole namespace: AWS Lambda and ECS tasks, endpoint
    # overrides (AWS_ENDPOINT_URL_S3), the gcloud CLI, App Engine, Azure App Service, the
    # Databricks SDK's unified authentication and runtime
    "AWS_LAMBDA_",
    "AWS_CONTAINER_",
    "AWS_ENDPOINT_URL",
    "CLOUDSDK_",
    "GAE_",
    "WEBSITE_",
    "DATABRICKS_",
    # batch schedulers and MPI launchers: what they set for each task of a job (SLURM_PROCID,
    # SLURM_NODELIST, PBS_NODEFILE, LSB_HOSTS, OMPI_COMM_WORLD_RANK, PMI_RANK)
    "SLURM_",
    "PBS_",
    "LSB_",
    "SGE_",
    "OMPI_",
    "PMI_",
    "PMIX_",
    "TORCHELASTIC_",  # torch.distributed.elastic's agent (TORCHELASTIC_RUN_ID, _RESTART_COUNT)
    # Alibaba Cloud's credential chain (ALIBABA_CLOUD_ACCESS_KEY_ID, _SECURITY_TOKEN ...)
    "ALIBABA_CLOUD_",
    # OpenTelemetry's SDK configuration (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME ...)
    "OTEL_",
    # the Hugging Face hub (HF_TOKEN, HF_HOME, HF_HUB_CACHE, HF_ENDPOINT)
    "HF_",
    # the Lightning AI platform: what it injects into its Studios and deployments (the
    # deployment's TLS certificate and key, the cloud's URL, the user and project ids)
    "LIGHTNING_",
    # HashiCorp Nomad's runtime environment, set for every task of an allocation
    # (NOMAD_ALLOC_ID, NOMAD_ALLOC_PORT_<label>, NOMAD_TASK_NAME ...)
    "NOMAD_",
    # the Weights & Biases SDK's own configuration, read by wandb.init/login themselves
    # (WANDB_PROJECT, WANDB_ENTITY, WANDB_API_KEY, WANDB_MODE ...)
    "WANDB_",
)


#: Libraries whose own settings system reads every variable under a prefix (Prefect's
#: pydantic settings read ``PREFECT_*``, Streamlit's config ``STREAMLIT_<SECTION>_<OPTION>``,
#: Dask's config every ``DASK_*``, Loguru's defaults ``LOGURU_*``, Airflow's configuration
#: ``AIRFLOW__<SECTION>__<KEY>``, Modal's config ``MODAL_*``, Triton's knobs ``TRITON_*``, FastMCP's ``FASTMCP_*``): prefix -> the names the
#: library is imported by.  A variable under the prefix is the library's setting in a
#: project that uses the library (imports it as a third-party package), not the project's
#: own; in the library's own code it is its setting (SET005 asks which: ``sdk_namespace``).
SDK_ENV_NAMESPACES: dict[str, frozenset[str]] = {
    "PREFECT_": frozenset({"prefect"}),
    "STREAMLIT_": frozenset({"streamlit"}),
    "DASK_": frozenset({"dask", "distributed"}),
    "LOGURU_": frozenset({"loguru"}),
    "AIRFLOW__": frozenset({"airflow"}),
    "MODAL_": frozenset({"modal"}),
    # OpenAI Triton's ``triton.knobs`` read every ``TRITON_*`` switch (TRITON_CACHE_DIR,
    # TRITON_PRINT_AUTOTUNING, TRITON_INTERPRET)
    "TRITON_": frozenset({"triton"}),
    # FastMCP's pydantic settings (``env_prefix="FASTMCP_"``), in the fastmcp package and in
    # the MCP SDK's ``mcp.server.fastmcp``: FASTMCP_STATELESS_HTTP, FASTMCP_LOG_LEVEL ...
    "FASTMCP_": frozenset({"fastmcp", "mcp"}),
}


#: Single variables a library's own settings read, where the library does not own the whole
#: prefix (other projects name their own knobs under it: transformers' MLflow callback reads
#: ``MLFLOW_TAGS`` and ``MLFLOW_FLATTEN_PARAMS``, which MLflow does not know): variable -> the
#: names the library is imported by.  MLflow's client reads these in its fluent API
#: (``mlflow/environment_variables.py``): where to log, which experiment and run, the
#: tracking server's credentials.  As with :data:`SDK_ENV_NAMESPACES`, in MLflow's own code
#: they are its settings.  tiktoken's ``load.read_file_cached`` finds its encodings' cache
#: under ``TIKTOKEN_CACHE_DIR``, then ``DATA_GYM_CACHE_DIR`` (an empty one turns caching off).
#: sgp-obs and the boxd SDK read theirs when initialised or when a client is built.
# fmt: off
SDK_ENV_VARIABLES: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        (
            "MLFLOW_TRACKING_URI", "MLFLOW_REGISTRY_URI", "MLFLOW_EXPERIMENT_NAME",
            "MLFLOW_EXPERIMENT_ID", "MLFLOW_RUN_ID", "MLFLOW_TRACKING_USERNAME",
            "MLFLOW_TRACKING_PASSWORD", "MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_INSECURE_TLS",
            "MLFLOW_TRACKING_SERVER_CERT_PATH", "MLFLOW_TRACKING_CLIENT_CERT_PATH",
            "MLFLOW_TRACKING_AUTH", "MLFLOW_S3_ENDPOINT_URL",
        ),
        frozenset({"mlflow"}),
    ),
    **dict.fromkeys(("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR"), frozenset({"tiktoken"})),
    # sgp-obs: ``sgp_obs.init()`` wires nothing unless its master switch is on
    "SGP_OBS_ENABLED": frozenset({"sgp_obs"}),
    # the boxd SDK's client: its credential (``BOXD_TOKEN``, then ``BOXD_API_KEY``), its
    # cluster (``BOXD_BASE_URL``, then the older ``BOXD_API_URL``) and region, when the
    # client is given none
    **dict.fromkeys(
        ("BOXD_TOKEN", "BOXD_API_KEY", "BOXD_BASE_URL", "BOXD_API_URL", "BOXD_REGION"),
        frozenset({"boxd"}),
    ),
}
# fmt: on


def sdk_namespace(name: str) -> frozenset[str]:
    """The import names of the library whose settings own ``name``: the variable itself
    (:data:`SDK_ENV_VARIABLES`) or its prefix (:data:`SDK_ENV_NAMESPACES`); empty when no
    such library does."""
    if name in SDK_ENV_VARIABLES:
        return SDK_ENV_VARIABLES[name]
    for prefix, packages in SDK_ENV_NAMESPACES.items():
        if name.startswith(prefix):
            return packages
    return frozenset()


def is_platform_env(name: str) -> bool:
    """``name`` is an environment variable of the platform (OS, container runtime, cloud or
    hub SDK, OpenTelemetry, a test runner, a CI service), not a setting of the application."""
    return (
        name in PLATFORM_ENV_NAMES
        or name.startswith(PLATFORM_ENV_PREFIXES)
        or name.upper() in WINDOWS_ENV_NAMES
    )


#: pydantic's ``REMOVED_IN_V2`` (``pydantic/_migration.py``), as ``module:name``.  Importing any
#: of these from pydantic 2 raises ``PydanticImportError``.  ``pydantic:BaseSettings`` (SET001's) is
#: :data:`PYDANTIC_V1_ONLY` too.
_PYDANTIC_REMOVED_BY_MODULE: dict[str, str] = {
    "pydantic": (
        "ConstrainedBytes ConstrainedDate ConstrainedDecimal ConstrainedFloat ConstrainedFrozenSet "
        "ConstrainedInt ConstrainedList ConstrainedSet ConstrainedStr JsonWrapper NoneBytes NoneStr "
        "NoneStrBytes Protocol Required StrBytes compiled create_model_from_namedtuple "
        "create_model_from_typeddict parse_file_as parse_raw_as stricturl validate_model"
    ),
    "pydantic.config": "get_config inherit_config prepare_config",
    "pydantic.dataclasses": "create_pydantic_model_from_dataclass make_dataclass_validator set_validation",
    "pydantic.datetime_parse": "parse_date parse_datetime parse_duration parse_time",
    "pydantic.error_wrappers": "ErrorWrapper",
    "pydantic.errors": (
        "AnyStrMaxLengthError AnyStrMinLengthError ArbitraryTypeError BoolError BytesError CallableError "
        "ClassError ColorError ConfigError DataclassTypeError DateError DateNotInTheFutureError "
        "DateNotInThePastError DateTimeError DecimalError DecimalIsNotFiniteError DecimalMaxDigitsError "
        "DecimalMaxPlacesError DecimalWholeDigitsError DictError DurationError EmailError EnumError "
        "EnumMemberError ExtraError FloatError FrozenSetError FrozenSetMaxLengthError "
        "FrozenSetMinLengthError HashableError IPv4AddressError IPv4InterfaceError IPv4NetworkError "
        "IPv6AddressError IPv6InterfaceError IPv6NetworkError IPvAnyAddressError IPvAnyInterfaceError "
        "IPvAnyNetworkError IntEnumError IntegerError InvalidByteSize InvalidByteSizeUnit "
        "InvalidDiscriminator InvalidLengthForBrand JsonError JsonTypeError ListError "
        "ListMaxLengthError ListMinLengthError ListUniqueItemsError LuhnValidationError "
        "MissingDiscriminator MissingError NoneIsAllowedError NoneIsNotAllowedError NotDigitError "
        "NotNoneError NumberNotGeError NumberNotGtError NumberNotLeError NumberNotLtError "
        "NumberNotMultipleError PathError PathNotADirectoryError PathNotAFileError PathNotExistsError "
        "PatternError PyObjectError PydanticTypeError PydanticValueError SequenceError SetError "
        "SetMaxLengthError SetMinLengthError StrError StrRegexError StrictBoolError SubclassError "
        "TimeError TupleError TupleLengthError UUIDError UUIDVersionError UrlError UrlExtraError "
        "UrlHostError UrlHostTldError UrlPortError UrlSchemeError UrlSchemePermittedError "
        "UrlUserInfoError WrongConstantError"
    ),
    "pydantic.main": "validate_model",
    "pydantic.networks": "stricturl",
    "pydantic.tools": "parse_file_as parse_raw_as",
    "pydantic.types": (
        "ConstrainedBytes ConstrainedDate ConstrainedDecimal ConstrainedFloat ConstrainedFrozenSet "
        "ConstrainedInt ConstrainedList ConstrainedSet ConstrainedStr JsonWrapper NoneBytes NoneStr "
        "NoneStrBytes StrBytes"
    ),
    "pydantic.typing": (
        "AbstractSetIntStr AnyCallable AnyClassMethod CallableGenerator DictAny DictIntStrAny DictStrAny "
        "IntStr ListStr MappingIntStrAny NoArgAnyCallable NoneType ReprArgs SetStr StrPath "
        "TupleGenerator WithArgsTypes all_literal_values display_as_type evaluate_forwardref "
        "get_all_type_hints get_args get_origin get_sub_types is_callable_type is_classvar "
        "is_finalvar is_literal_type is_namedtuple is_new_type is_none_type is_typeddict "
        "is_typeddict_special is_union new_type_supertype resolve_annotations typing_base "
        "update_field_forward_refs update_model_forward_refs"
    ),
    "pydantic.utils": (
        "ClassAttribute DUNDER_ATTRIBUTES PyObjectStr ValueItems almost_equal_floats "
        "get_discriminator_alias_and_values get_model get_unique_discriminator_alias in_ipython "
        "is_valid_identifier path_type validate_field_name"
    ),
}
PYDANTIC_REMOVED_IN_V2 = frozenset(
    f"{m}:{n}" for m, names in _PYDANTIC_REMOVED_BY_MODULE.items() for n in names.split()
)

#: Importing these from pydantic 2 fails: :data:`PYDANTIC_REMOVED_IN_V2`, ``BaseSettings`` (moved
#: to pydantic-settings) and ``SecretField`` (gone without a migration entry).  An unconditional
#: module-level import of one proves the code runs on Pydantic 1 (F8).
PYDANTIC_V1_ONLY = PYDANTIC_REMOVED_IN_V2 | frozenset(
    {"pydantic:BaseSettings", "pydantic:SecretField"}
)
#: Modules that do not exist on pydantic 2 (importing anything from them fails).
PYDANTIC_V1_ONLY_MODULES = ("pydantic.env_settings",)

#: Names pydantic 2 exports at the top level that pydantic 1.10 does not (``pydantic.__all__``
#: of 2.14 minus ``pydantic.v1.__all__``, the 1.10 list): importing one proves Pydantic 2.
PYDANTIC_V2_ONLY = frozenset(
    """
    AfterValidator AliasChoices AliasGenerator AliasPath AllowInfNan AnyWebsocketUrl
    AwareDatetime Base64Bytes Base64Encoder Base64Str Base64UrlBytes Base64UrlStr
    BeforeValidator ClickHouseDsn Discriminator EncodedBytes EncodedStr EncoderProtocol FailFast
    FieldSerializationInfo FtpUrl FutureDatetime GetCoreSchemaHandler GetJsonSchemaHandler
    GetPydanticSchema ImportString InstanceOf JsonValue MariaDBDsn ModelWrapValidatorHandler
    MySQLDsn NaiveDatetime NatsDsn NewPath OnErrorOmit PastDatetime PlainSerializer
    PlainValidator PydanticDeprecatedSince20 PydanticDeprecationWarning PydanticErrorCodes
    PydanticExperimentalWarning PydanticImportError PydanticInvalidForJsonSchema
    PydanticSchemaGenerationError PydanticUndefinedAnnotation PydanticUserError RootModel Secret
    SerializationInfo SerializeAsAny SerializerFunctionWrapHandler SkipValidation SnowflakeDsn
    SocketPath Strict StringConstraints Tag TypeAdapter UUID6 UUID7 UUID8 UrlConstraints
    ValidationInfo ValidatorFunctionWrapHandler WebsocketUrl WithJsonSchema WrapSerializer
    WrapValidator computed_field field_serializer field_validator model_serializer
    model_validator validate_call with_config
    """.split()
)
#: Modules only pydantic 2 (or its companions) has.  ``pydantic.v1`` counts: a project that
#: imports the v1 layer unconditionally has pydantic 2 installed and uses v1 on purpose there
#: (pydantic 1.10.17+ also ships ``pydantic.v1``, for code preparing the move).
PYDANTIC_V2_ONLY_MODULES = (
    "pydantic_settings",
    "pydantic_core",
    "pydantic.v1",
    "pydantic.functional_validators",
    "pydantic.functional_serializers",
    "pydantic.json_schema",
    "pydantic.alias_generators",
    "pydantic.type_adapter",
    "pydantic.root_model",
    "pydantic.aliases",
    "pydantic.deprecated",
    "pydantic.experimental",
)
#: v1 APIs that pydantic 2 still accepts (deprecated): they hint at Pydantic 1 only when the
#: code shows nothing of v2 (F8).
PYDANTIC_V1_STYLE = frozenset(
    {
        "pydantic.validator",
        "pydantic.root_validator",
        "pydantic.class_validators.validator",
        "pydantic.class_validators.root_validator",
        "pydantic.parse_obj_as",
        "pydantic.tools.parse_obj_as",
        "pydantic.validate_arguments",
        "pydantic.Extra",
        "pydantic.BaseConfig",
        "pydantic.generics.GenericModel",
        "pydantic.error_wrappers.ErrorWrapper",
        "pydantic.json.pydantic_encoder",
    }
)

#: Config keys only Pydantic 2 reads (``ConfigDict``'s keys minus v1's ``BaseConfig``
#: attributes, 2.14): written in a ``class Config`` they show code meant for v2 (F8).
PYDANTIC_V2_CONFIG_KEYS = frozenset(
    """
    cache_strings coerce_numbers_to_str defer_build field_title_generator from_attributes
    hide_input_in_errors ignored_types json_schema_extra json_schema_mode_override
    json_schema_serialization_defaults_required loc_by_alias model_title_generator
    plugin_settings protected_namespaces regex_engine revalidate_instances ser_json_bytes
    ser_json_inf_nan ser_json_temporal ser_json_timedelta serialize_by_alias str_max_length
    str_min_length str_strip_whitespace str_to_lower str_to_upper strict use_attribute_docstrings
    val_json_bytes validate_by_alias validate_by_name validate_default validate_return
    validation_error_cause populate_by_name
    """.split()
)


#: Logging libraries whose records an application writes (LOG002 and LOG003 ask whether it
#: imports one: ``Project.emits_log_records``).
LOGGING_LIBRARIES = ("logging", "loguru", "structlog")
