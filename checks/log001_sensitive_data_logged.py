from __future__ import annotations

import ast
import dataclasses
import re
from dataclasses import dataclass
from typing import NamedTuple, TypeGuard

from auditor.astwalk import walk
from auditor.check import Check, Example, Hit, Severity, snippet, when
from auditor.facts import Call, Class, Expr, Lit, iter_exprs, qname_of, str_lit
from auditor.lazyre import lazy_compile
from auditor.names import (
    ENV_READS,
    NON_SECRET_SUFFIXES,
    SECRET_NAME,
    identifier_value,
    key_material,
)
from auditor.project import Binding, Project
from auditor.walker import ModuleContext, dotted

LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"}
)
#: Callables whose result is a logger: name -> library.
LOGGER_FACTORIES = {
    "logging.getLogger": "logging",
    "structlog.get_logger": "structlog",
    "structlog.getLogger": "structlog",
    "structlog.stdlib.get_logger": "structlog",
    "loguru.logger.bind": "loguru",
    "loguru.logger.opt": "loguru",
}
LOGGER_OBJECTS = {"logging": "logging", "logging.root": "logging", "loguru.logger": "loguru"}
ENGINE_FACTORIES = frozenset(
    {
        "sqlalchemy.create_engine",
        "sqlalchemy.engine.create_engine",
        "sqlalchemy.engine.create.create_engine",
        "sqlalchemy.ext.asyncio.create_async_engine",
        "sqlalchemy.ext.asyncio.engine.create_async_engine",
        "sqlmodel.create_engine",
    }
)
#: LOG001's words on top of SET003's secret pattern.
EXTRA_SECRET = lazy_compile(
    r"(?:^|_)(?:authorization|cookie|credit_?card|card_?number|cvv|ssn)(?:_|$)", re.IGNORECASE
)
#: Names that hold facts *about* a secret (a count, an id, a flag, a lifetime ...), beyond
#: SET003's suffixes (``_url``, ``_type``, ``_name`` ...).
LOG_NON_SECRET_SUFFIXES = (
    "_count",
    "_counts",
    "_id",
    "_ids",
    "_len",
    "_size",
    "_index",
    "_limit",
    "_usage",
    "_version",
    "_enabled",
    "_required",
    "_valid",
    "_present",
    "_set",
    "_status",
    "_at",
    "_arn",
    "_data",
    "_payload",
    "_claims",
    # found on real code: where a secret lives, not the secret (``token_filename``)
    "_file",
    "_filename",
    "_filepath",
    "_dir",
    "_directory",
    # the name of the environment variable that holds it (``token_env_var``)
    "_env",
    "_env_var",
    "_envvar",
    "_var",
    "_variable",
)
#: Reads of the process environment: ``os.getenv("DB_PASSWORD")`` is the password itself.
#: A credential masked in the message itself (``"[%s:**@%s]"``): the DSN after it is shown
#: without its password.
_MASKED_PASSWORD = lazy_compile(r":\*+@")
#: An upper-case environment variable name (``"APP_PASSWORD"``): a name, not a value.
_ENV_NAME = lazy_compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
_URL = lazy_compile(r"^(?:[a-z][a-z0-9+.-]*://|/)", re.IGNORECASE)
_EXPIRY = lazy_compile(r"_expir", re.IGNORECASE)
_FLAG_PREFIX = lazy_compile(
    r"^(?:is|has|had|should|must|needs?|can|was|did|requires?|force|use|num|n)_", re.IGNORECASE
)
#: Tokens that are handles, not credentials: a position in a listing or a stream (a page,
#: a cursor, a sync or resume point) or an operation to refer back to (a cancellation or
#: idempotency token): ids the client holds or generates, which grant nothing by themselves.
_PAGINATION = lazy_compile(
    r"(?:^|_)(?:page|next|prev|previous|continuation|pagination|cursor|sync|resume"
    r"|cancel|cancellation|idempotency)_token(?:_|$)",
    re.IGNORECASE,
)
_CAMEL = lazy_compile(r"(?<=[a-z0-9])(?=[A-Z])")
SECRET_HEADERS = frozenset(
    {"authorization", "proxy_authorization", "cookie", "set_cookie", "x_api_key", "x_auth_token"}
)
REQUEST_TYPES = frozenset(
    {
        "fastapi.Request",
        "fastapi.WebSocket",
        "starlette.websockets.WebSocket",
        "starlette.requests.HTTPConnection",
    }
)
REQUEST_NAMES = frozenset({"request", "req", "websocket"})
#: HTTP client libraries: their request objects are outgoing, their headers this code's own
CLIENT_MODULES = frozenset({"httpx", "requests", "aiohttp", "urllib3"})
SECRET_TYPES = frozenset(
    {
        "pydantic.SecretStr",
        "pydantic.SecretBytes",
        "pydantic.types.SecretStr",
        "pydantic.types.SecretBytes",
    }
)
CLI_MODULES = frozenset({"click", "typer", "argparse"})
_STDLIB_KWARGS = frozenset({"exc_info", "stack_info", "stacklevel"})
_CONVERSIONS = frozenset({"builtins.str", "builtins.repr", "builtins.format"})


#: The last word of a name says what it holds (``token_label`` is a label, ``api_key_hash`` a
#: hash, ``token_provider`` a callable): the secret word must be that head noun.
SECRET_HEADS = frozenset(
    {
        "secret",
        "secrets",
        "password",
        "passwords",
        "passwd",
        "pwd",
        "token",
        "tokens",
        "apikey",
        "privatekey",
        "signingkey",
        "accesskey",
        "clientsecret",
        "dsn",
        "authorization",
        "cookie",
        "cookies",
        "cvv",
        "ssn",
    }
)
#: Words before ``key`` that make it a credential (``api_key``, ``secret_key``), unlike a
#: dictionary or cache key (``metadata_key``, ``cache_key``).
KEY_QUALIFIERS = frozenset(
    {"api", "private", "signing", "access", "secret", "encryption", "master", "hmac", "jwt"}
)
#: Trailing words that only say in which form the secret is held (``secret_value``,
#: ``password_plain``, ``token_b64``): the word before them is the head.
VALUE_WORDS = frozenset(
    {
        "value",
        "values",
        "str",
        "string",
        "text",
        "raw",
        "plain",
        "plaintext",
        "bytes",
        "b64",
        "pem",
        "hex",
    }
)
#: A name cut at its first preposition: ``secret_value_from_vault`` is a secret value.
PREPOSITIONS = frozenset({"from", "for", "of", "in", "to", "by", "with", "on"})
#: Leading words that say the secret was transformed before it is held: a hash, a mask.
MODIFIERS = frozenset(
    {"hashed", "masked", "redacted", "obfuscated", "truncated", "sanitized", "censored"}
)


#: Libraries of language models and tokenizers: in their company ``token`` is a piece of
#: text (``pad_token``, ``first_token_str``, ``expected_token``), not a credential.
NLP_MODULES = frozenset(
    {
        "torch",
        "transformers",
        "tokenizers",
        "tiktoken",
        "sentencepiece",
        "vllm",
        "llama_cpp",
        "sglang",
        "mlx",
        "jax",
        "tensorflow",
        "keras",
        "nltk",
        "spacy",
        "xgrammar",
        "outlines",
        "peft",
        "diffusers",
    }
)
#: Words that make a token a credential even in model code (``access_token``, ``hf_token``).
AUTH_WORDS = frozenset(
    {
        "access",
        "refresh",
        "auth",
        "bearer",
        "id",
        "session",
        "reset",
        "csrf",
        "api",
        "oauth",
        "jwt",
        "identity",
        "setup",
        "invite",
        "verification",
        "verify",
        "login",
        "admin",
        "hf",
        "hub",
        "github",
        "security",
        "service",
        "user",
    }
)


def nlp_token(name: str) -> bool:
    """``name`` is secret-looking only through the word ``token`` with no word of
    authentication beside it (``pad_token``, ``best_token``): in model code, a text piece."""
    parts = [p for p in _CAMEL.sub("_", name).lower().split("_") if p]
    secret_words = [p for p in parts if SECRET_NAME.search(p) or EXTRA_SECRET.search(p)]
    return (
        bool(secret_words)
        and all(p in ("token", "tokens") for p in secret_words)
        and not AUTH_WORDS.intersection(parts)
    )


#: Words that make a ``token`` name an amount of (language-model) tokens, not a credential:
#: ``max_token``, ``maximum_output_token``, ``total_tokens``, ``token_budget``.
COUNT_WORDS = frozenset(
    {
        "count",
        "counts",
        "counter",
        "num",
        "number",
        "total",
        "max",
        "maximum",
        "min",
        "minimum",
        "limit",
        "size",
        "used",
        "usage",
        "budget",
        "remaining",
        "length",
        "len",
    }
)
#: Callables whose result is a number.
_NUMERIC_CALLS = frozenset(
    {
        "builtins.len",
        "builtins.int",
        "builtins.float",
        "builtins.sum",
        "builtins.round",
        "builtins.abs",
        "builtins.min",
        "builtins.max",
        "math.ceil",
        "math.floor",
    }
)
_NUMERIC_TYPES = frozenset({"builtins.int", "builtins.float"})


def _token_count_words(parts: list[str]) -> bool:
    """A ``token`` name that counts tokens by its shape: a word of amount beside it and no
    word of authentication (``max_access_token`` stays a credential)."""
    return bool(COUNT_WORDS.intersection(parts)) and not AUTH_WORDS.intersection(parts)


def is_log_secret(name: str) -> bool:
    """SET003's secret pattern (plus LOG001's words), on snake, upper or camel case names,
    when the secret word is the name's head noun (not ``token_label`` or ``api_key_hash``)."""
    snake = _CAMEL.sub("_", name).lower()
    if snake.endswith(NON_SECRET_SUFFIXES) or snake.endswith(LOG_NON_SECRET_SUFFIXES):
        return False
    if _EXPIRY.search(snake) or _FLAG_PREFIX.match(snake) or _PAGINATION.search(snake):
        return False
    if SECRET_NAME.search(snake) is None and EXTRA_SECRET.search(snake) is None:
        return False
    parts = [p for p in snake.split("_") if p]
    cut = next((i for i, p in enumerate(parts) if i and p in PREPOSITIONS), len(parts))
    parts = parts[:cut]
    while len(parts) > 1 and parts[-1] in VALUE_WORDS:
        parts.pop()
    if not parts or parts[0] in MODIFIERS:
        return False
    head = parts[-1]
    before = parts[-2] if len(parts) > 1 else ""
    if head in ("token", "tokens") and _token_count_words(parts):
        return False  # ``maximum_output_token``, ``total_tokens``: an amount of text tokens
    if head in SECRET_HEADS:
        return True
    if head in ("key", "keys"):
        return before in KEY_QUALIFIERS
    if head == "secret" or (head == "card" and before == "credit"):
        return True
    return head == "number" and before == "card"


def _header_name(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.strip().lower().replace("-", "_")
    return None


class _Owner(NamedTuple):
    """How the judge finds the class of the object an attribute is read from."""

    kind: str  # "class": an annotation; "call": ``x = Factory()``; "ref": a module-level name
    qname: str | None


class _Item(NamedTuple):
    """One sensitive value in a log call."""

    text: str  # as shown in the message
    owner: _Owner | None  # for ``obj.secret``: where ``obj``'s class comes from
    attr: str | None  # ``secret``: a ``SecretStr`` field of that class is masked
    #: for a module-level name: its qualified name, to read what it is bound to
    constant: str | None = None
    #: logged in the ``except ValueError`` of a ``try`` that converts it (``Kind(token)``):
    #: the converter's qualified name; an enum of the project rejects a word, not a secret
    rejected_by: str | None = None


#: The ``MetaData`` methods that only emit schema DDL and catalogue look-ups, whose bound
#: parameters are table and schema names (SQLAlchemy docs, "Describing Databases with
#: MetaData": ``MetaData.create_all``, ``drop_all``, ``reflect``).
_SCHEMA_DDL = frozenset({"create_all", "drop_all", "reflect"})


def _ddl_only_engine(node: ast.Call, ctx: ModuleContext) -> tuple[str, bool] | None:
    """``engine = create_engine(..., echo=True)`` in a function whose every other use of
    ``engine`` runs schema DDL only: ``metadata.drop_all(engine)``, ``async with
    engine.begin() as conn: await conn.run_sync(Base.metadata.create_all)``, ``dispose()``,
    or returns it.  Such an engine echoes ``CREATE`` / ``DROP`` statements and table look-ups,
    never row data.  ``(function qname, the function returns the engine)``, or None."""
    assign = ctx.parent
    fn = ctx.enclosing_def
    if (
        fn is None
        or ctx.function is None
        or not isinstance(assign, ast.Assign)
        or len(assign.targets) != 1
        or not isinstance(assign.targets[0], ast.Name)
    ):
        return None
    name = assign.targets[0].id
    parents = {c: p for p in walk(fn) for c in ast.iter_child_nodes(p)}
    returned = False
    for n in walk(fn):
        if not isinstance(n, ast.Name) or n.id != name or n is assign.targets[0]:
            continue
        use = _schema_use(n, parents)
        if use is None:
            return None
        returned = returned or use == "return"
    return ctx.function.qname, returned


def _schema_use(n: ast.Name, parents: dict[ast.AST, ast.AST]) -> str | None:
    """How one use of the engine's name runs schema DDL only (``"ddl"``), hands it back
    (``"return"``), or None for any other use (a query, a rebinding, a handover)."""
    up = parents.get(n)
    if isinstance(n.ctx, ast.Store) or up is None:
        return None
    if isinstance(up, ast.Return):
        return "return"
    call = parents.get(up)
    if isinstance(up, ast.keyword):
        up, call = call, None  # ``drop_all(bind=engine)``: the call holds the keyword
    if _ddl_call(up) and n is not getattr(up, "func", None):
        return "ddl"  # ``Base.metadata.create_all(engine)``
    if not isinstance(up, ast.Attribute) or not isinstance(call, ast.Call) or call.func is not up:
        return None
    if up.attr == "dispose":
        return "ddl"
    item = parents.get(call)
    if up.attr in ("begin", "connect") and isinstance(item, ast.withitem):
        block = parents.get(item)
        conn = item.optional_vars
        if isinstance(block, (ast.With, ast.AsyncWith)) and isinstance(conn, ast.Name):
            return "ddl" if _conn_runs_ddl_only(conn.id, block, parents) else None
    return None


def _ddl_call(node: ast.AST | None) -> bool:
    """``<metadata>.create_all(...)`` / ``drop_all`` / ``reflect``."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _SCHEMA_DDL
    )


def _conn_runs_ddl_only(
    conn: str, block: ast.With | ast.AsyncWith, parents: dict[ast.AST, ast.AST]
) -> bool:
    """Every use of ``conn`` in the ``with`` body is ``conn.run_sync(<metadata>.create_all)``
    (``drop_all``, ``reflect``) or a DDL call handed ``conn``."""
    for stmt in block.body:
        for n in walk(stmt):
            if not isinstance(n, ast.Name) or n.id != conn:
                continue
            up = parents.get(n)
            call = parents.get(up) if up is not None else None
            if isinstance(up, ast.keyword):
                up, call = call, None
            if _ddl_call(up):
                continue
            if not (
                isinstance(up, ast.Attribute)
                and up.attr == "run_sync"
                and isinstance(call, ast.Call)
                and call.args
                and isinstance(call.args[0], ast.Attribute)
                and call.args[0].attr in _SCHEMA_DDL
            ):
                return False
    return True


def _engine_unused(project: Project, function: str | None) -> bool:
    """Function ``function`` (which returns a DDL-only echo engine) is never called nor
    referred to in the project: nothing runs a query on the engine it returns.  A use of
    the word in a function with a parameter of that name is the parameter's."""
    if not function:
        return False
    short = function.rsplit(".", 1)[-1]
    uses = project.named_uses([short])
    return (
        uses is not None
        and short in uses
        and all(
            u.kind in ("import", "type")
            or (u.function is not None and any(p.name == short for p in u.function.params))
            for u in uses[short]
        )
    )


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    callee: str | None = None
    items: tuple[_Item, ...] = ()
    logger: str | None = None
    engine: bool = False
    #: with ``engine``: the engine only runs schema DDL in its function, which returns it
    #: (the judge keeps the hit only when the project calls that function)
    ddl_returned_by: str | None = None


@dataclass
class _State:
    cli: bool | None = None  # a command-line module (None: not looked yet)
    nlp: bool | None = None  # a module of model or tokenizer code (None: not looked yet)


#: Constants naming cookies (LOG001's cookie-name trap, and its other side).
_COOKIE_NAMES = """\
import logging

log = logging.getLogger(__name__)
_ROTATED_TOKEN_COOKIE = "__Secure-rotated-token"
_HOST_SESSION_COOKIE = "__Host-session"


def refreshed(saved: bool) -> None:
    log.warning("%s refreshed (saved=%s)", _ROTATED_TOKEN_COOKIE, saved)
    log.info("cleared %s", _HOST_SESSION_COOKIE)
"""


#: Passwords and keys the code ships as literals (LOG001's written-default trap, and its
#: other side).
_SHIPPED_LITERALS = {
    "app/config.py": """\
import os

DEFAULT_ADMIN_PASSWORD = "open-sesame"


def admin_password() -> str:
    return os.environ.get("ADMIN_PASSWORD") or DEFAULT_ADMIN_PASSWORD
""",
    "app/main.py": """\
import logging

from app.config import DEFAULT_ADMIN_PASSWORD, admin_password

log = logging.getLogger(__name__)


def warn_default() -> None:
    if admin_password() == DEFAULT_ADMIN_PASSWORD:
        log.warning("admin password is the default %r: change it", DEFAULT_ADMIN_PASSWORD)
""",
    "app/demo.py": """\
import logging

log = logging.getLogger(__name__)
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo"


def seed_demo() -> None:
    log.info("created the demo user (%s/%s)", DEMO_USERNAME, DEMO_PASSWORD)
""",
}


#: A provider that decodes an API token into its record and logs the record under the name
#: ``token`` (``{field}``: the record's last field), shared by the trap and its other side.
_TOKEN_RECORD = """\
import logging
from dataclasses import dataclass
from datetime import datetime

logger = logging.getLogger(__name__)


@dataclass
class User:
    id: int
    name: str


@dataclass
class ApiToken:
    id: str
    user_id: int
    scopes: list[str]
    until: datetime
    {field}


class TokenProvider:
    def __init__(self, decode) -> None:
        self._decode = decode

    def extract(self, raw: str) -> tuple[User, ApiToken]:
        claims = self._decode(raw)
        user = User(id=claims["sub"], name=claims["name"])
        return user, ApiToken(claims["jti"], user.id, claims["scope"].split(), claims["exp"])

    def current_user(self, raw: str) -> User:
        user, token = self.extract(raw)
        logger.debug("got user %r from token %r", user, token)
        return user
"""


class SensitiveDataLogged(Check):
    """
    ## What it does
    In application modules, looks at the arguments of logging calls — `debug`, `info`,
    `warning`, `error`, `exception`, `critical` and `log` on the `logging` module, on a
    logger from `logging.getLogger(...)`, `structlog.get_logger(...)` or
    `structlog.stdlib.get_logger(...)` (also one imported from another project module), on
    `loguru.logger` — and of `print(...)`.  It reports a call when an argument, a value
    interpolated into the message (f-string, `%`, `+` or `str.format`), a structlog or
    loguru keyword argument (its name or its value), or a value of stdlib's `extra={...}`
    is:

    - a variable or attribute whose name says it is a secret — SET003's pattern
      (`password`, `token`, `secret`, `api_key`, `private_key`, `dsn` ...) plus
      `authorization`, `cookie`, `credit_card`, `card_number`, `cvv` and `ssn` — also
      through `str()`/`repr()`;
    - `request.headers`, `request.cookies`, `dict(request.headers)`, or one secret header
      or cookie read from them (`request.headers.get("Authorization")`), on the incoming
      request: not on an HTTP client's outgoing one (a parameter annotated `httpx.Request`,
      a local `request = httpx.Request(...)` or `request = response.request` on a
      parameter annotated with an httpx, requests, aiohttp or urllib3 type);
    - the value of a secret-named environment variable (`os.getenv("DB_PASSWORD")`,
      `os.environ["API_TOKEN"]`).

    Under the same ID, it reports `create_engine(..., echo=True)` and
    `create_async_engine(..., echo=True)` with a literal `True` (unless
    `hide_parameters=True`): SQLAlchemy then logs every statement with its bound
    parameters.  Not when the engine, made in a function, only runs schema DDL there
    (`metadata.create_all(engine)`, `drop_all`, `reflect`, also through `async with
    engine.begin() as conn: await conn.run_sync(metadata.drop_all)`, then `dispose()`),
    and is returned from it only when the project never calls that function: it echoes
    `CREATE` / `DROP` statements and table look-ups, never row data.

    ## Why is this bad?
    Logs are read by more people than the database, kept for months, copied into backups
    and shipped to third-party platforms.  A password, a bearer token or a session cookie in
    a log line is a credential anyone with log access can replay; a whole header dump
    contains `Authorization` and `Cookie`.  [Production guide 2026]'s security checklist
    says "Never log sensitive data (passwords, tokens)", and [Patterns reference]'s
    structured logging binds explicit, safe fields (request id, path, status) instead of
    whole objects.

    ## Example
    ```python
    logger.info("login attempt user=%s password=%s", username, password)
    logger.debug("headers: %s", dict(request.headers))
    ```

    ## Use instead
    ```python
    logger.info("login attempt", extra={"user": username})
    logger.debug("request", extra={"path": request.url.path})
    ```

    ## Fix safety
    No automatic fix: which fields are safe to log is a product decision.

    ## Known problems
    The signal is the name, so a secret held by a neutral name (`value`, `creds`) is missed.
    The secret word must be the name's head noun, its last word (before a preposition, and
    before words that only give its form: `_value`, `_str`, `_plain`, `_pem` ...): a
    `token_label`, an `api_key_hash`, a `token_provider`, a `user_api_key_spend`, a
    `metadata_key` are not secrets, nor is a `hashed_`/`masked_`/`redacted_` one.  A local
    the function uses as the key of a mapping of secrets (`secrets[secret_key] = value`,
    `vault.pop(key)`: a mapping whose name says secret, credential, password or vault) is
    the name a secret is stored under and is not reported; used as the key of any other
    mapping (`sessions[token]`) it still is.  An
    `access_key` is not reported when a class of the project declares it beside a hashed
    secret (`hashed_secret_key`): it is the public half of a key pair whose secret the
    project only keeps hashed, an identifier like an AWS access key id.  In a module
    of model or tokenizer code (importing `torch`, `transformers`, `tokenizers`, `vllm` ...)
    a `token` with no word of authentication beside it (`access_`, `auth_`, `api_`, `hf_`
    ...) is a piece of text and is not reported.  Nor is a count of language-model tokens: a
    `token` name with a word of amount (`max_`, `maximum_`, `total_`, `_count`, `_limit`,
    `_budget`, `_used` ... : `maximum_output_token`, `max_tokens`) and no word of
    authentication, or one whose every binding in its function is a number, a count or a
    sampled token's id (a parameter annotated `int`/`float`, `len(...)`, `int(...)`,
    arithmetic, a call or attribute named for an amount such as
    `llm.count_tokens(...).total_tokens`, a method of its class annotated `-> int`).  Wrapped values are not
    reported (`len(password)`, `bool(token)`, `mask(token)`, `token[:4]`), nor are names that
    describe a secret rather than hold it: SET003's suffixes (`_url`, `_type`, `_name`,
    `_expires` ...), and, for logging, `_count`, `_id`, `_len`, `_size`, `_limit`, `_usage`,
    `_version`, `_enabled`, `_valid`, `_set`, `_status`, `_at`, `_data`, `_payload`,
    `_claims` (a decoded token is not the token), `_file`, `_filename`, `_dir` (where a
    secret is stored), `_env`, `_env_var`, `_var`, `_variable` (the name of the variable that
    holds it), anything about expiry,
    `is_`/`has_`/`must_`/`needs_`/`can_`/`num_` flags (`must_change_password`, a yes or no)
    and tokens that are handles rather than credentials:
    pagination, cursor, sync and resume tokens (`next_page_token`), cancellation and
    idempotency tokens (`cancel_token`, an id naming an operation).  A module-level
    constant whose value only names or locates something is not reported either: a route
    path or URL (also built by a call from such a literal), a message, an environment
    variable's name, a namespaced key; nor is a local bound only to such literals or to
    text with control characters (a terminal colour code, `GREEN_TOKEN = "\\033[92m"`) or
    to an f-string spelling an environment variable's name, its literal parts upper-case
    identifier text and no hole secret-named (`key = f"ACME_{kind.upper()}_SECRET"`, the
    name a secret is looked up under), nor
    a piece of text cut by `split` (also through a local list of the pieces), nor a local
    only ever unpacked from a loop's items and read by position in its function (`for
    hf_token, ref in zip(ours, theirs): if hf_token[0] != ref[0]`): a record such as a
    tokenizer's (id, text) pair, not a credential string; nor a value logged in the
    `except ValueError` of a `try` that converts it with an enum of the project
    (`Scope(token)`): a word that vocabulary rejected; nor a value the code hands on as
    the name of an object (a `name=` or `..._name=` argument, a `"name"` key:
    `read_namespaced_secret(name=self.image_pull_secret)`), a local or parameter in its
    function, `self.attr` in its class, bound at most once: the name of a Kubernetes
    Secret, not its content.  Nor is a module-level constant named for a default or a
    demo (`DEFAULT_ADMIN_PASSWORD`, `DEMO_PASSWORD`) bound to a literal that is no key
    material: the fallback or the public demo's login the code ships, which the log line
    tells nobody the code does not (the hard-coded value is SET003's to judge); an
    `ADMIN_PASSWORD` literal, or a default that is key material, is still reported.  An attribute
    declared `SecretStr`/`SecretBytes` on a project model or settings class is masked when
    logged and not reported, when the object's class is known; so is a name the code itself
    unwraps with `.get_secret_value()` (the same local, or the module's global), unless it is
    ever bound to such a call's plain result.  A name whose value is known to be an object
    of a project class -- a parameter annotated with it, or a local bound once from a call of
    it, of a function annotated to return it, or of the class's own method annotated
    `-> tuple[...]` with it at that place -- is judged by the class, not the name: a record
    printed by its fields (no `__str__`/`__repr__` of its own, no builtin base such as `str`)
    none of which is secret-named or a generic holder (`value`, `raw`, `jwt` ...) is token
    metadata, not the token, and is not reported.  Loggers stored on `self` or
    received as parameters are not followed.  `print()` is not looked at in command-line
    modules (importing `click`, `typer` or `argparse`) nor under
    `if __name__ == "__main__":`, where printing a generated key for the operator is the
    point.  Test files are not scanned, and neither is code the application does not reach
    (a client SDK shipped beside the server, a pytest plugin, a standalone tool's `main()`).
    A `dsn` is reported although some DSNs carry no
    password (Oracle's `host:port/service`): the name cannot tell; it is not reported when
    the message masks the password before it (`"[%s:**@%s]"`).

    ## References
    - [Production guide 2026] (security checklist: "Never log sensitive data
      (passwords, tokens)")
    - [Patterns reference] (structlog with explicit, safe fields)
    - SQLAlchemy docs, `create_engine.echo` and `hide_parameters`
    - OWASP Logging Cheat Sheet ("Data to exclude")
    """

    id = "LOG001"
    name = "sensitive-data-logged"
    category = "logging"
    severity = Severity.WARNING
    heuristic = True
    message = "sensitive data written to the logs"
    fix_title = "Log explicit, non-secret fields instead"
    sources = ("Production guide 2026", "Patterns reference")

    @when(names=LOG_METHODS | {"print"}, keywords=("echo",))
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in LOG_METHODS:
            kind, ref = self._logger(func.value, ctx)
            if kind is None:
                return
        elif (
            isinstance(func, ast.Name)
            and func.id == "print"
            and ctx.resolve(func) == "builtins.print"
        ):
            if self._cli(ctx):
                return  # a command-line tool printing for its user, not a log
            kind, ref = "print", None
        else:
            if any(k.arg == "echo" for k in node.keywords):
                self._engine(node, ctx)
            return
        items = self._items(node, kind, ctx)
        if not items:
            return
        callee = dotted(func) or ast.unparse(func)[:40]
        ctx.report(
            node,
            self._message(callee, items),
            data=_Data(callee=callee, items=tuple(items), logger=ref),
        )

    # -- which calls log -------------------------------------------------------------------
    def _cli(self, ctx: ModuleContext) -> bool:
        """A command-line module (click, typer, argparse) or an ``if __name__ == "__main__":`` block."""
        state = ctx.state(_State)
        cli = state.cli
        if cli is None:
            cli = state.cli = any(
                imp.module.split(".", 1)[0] in CLI_MODULES for imp in ctx.facts.import_list
            )
        if cli:
            return True
        for p in ctx.parents:
            if (
                isinstance(p, ast.If)
                and isinstance(p.test, ast.Compare)
                and isinstance(p.test.left, ast.Name)
                and p.test.left.id == "__name__"
            ):
                return True
        return False

    def _secret(self, name: str, ctx: ModuleContext) -> bool:
        """A secret-looking name, unless it is a text token of model code."""
        if not is_log_secret(name):
            return False
        if not nlp_token(name):
            return True
        state = ctx.state(_State)
        if state.nlp is None:
            state.nlp = any(
                imp.module.split(".", 1)[0] in NLP_MODULES for imp in ctx.facts.import_list
            )
        return not state.nlp

    def _logger(self, recv: ast.AST, ctx: ModuleContext) -> tuple[str | None, str | None]:
        if isinstance(recv, ast.Call):
            kind = LOGGER_FACTORIES.get(ctx.resolve(recv.func) or "")
            return kind, None
        if isinstance(recv, ast.Name):
            bound = ctx.local_call_binding(recv.id)
            if bound in LOGGER_FACTORIES:
                return LOGGER_FACTORIES[bound], None
        if not isinstance(recv, (ast.Name, ast.Attribute)):
            return None, None
        q = ctx.resolve(recv)
        if q in LOGGER_OBJECTS:
            return LOGGER_OBJECTS[q], None
        if q is not None and ctx.is_project(q):
            return "ref", q  # a logger defined in another module: the judge looks it up
        return None, None

    def _engine(self, node: ast.Call, ctx: ModuleContext) -> None:
        q = ctx.resolve(node.func) if isinstance(node.func, (ast.Name, ast.Attribute)) else None
        if q not in ENGINE_FACTORIES:
            return
        kw = {k.arg: k.value for k in node.keywords if k.arg}
        echo = kw.get("echo")
        if not (isinstance(echo, ast.Constant) and echo.value is True):
            return
        hide = kw.get("hide_parameters")
        if isinstance(hide, ast.Constant) and hide.value is True:
            return
        ddl = _ddl_only_engine(node, ctx)
        if ddl is not None and not ddl[1]:
            return  # it only creates, drops or reflects tables: no row data is echoed
        name = q.rsplit(".", 1)[-1]
        ctx.report(
            echo,
            f"`{name}(..., echo=True)` logs every SQL statement with its bound parameters (passwords, tokens, "
            "personal data): drop `echo` or pass `hide_parameters=True`",
            data=_Data(engine=True, ddl_returned_by=ddl[0] if ddl is not None else None),
        )

    # -- what is logged -------------------------------------------------------------------
    def _items(self, node: ast.Call, kind: str, ctx: ModuleContext) -> list[_Item]:
        out: list[_Item] = []
        for a in node.args:
            self._value(a.value if isinstance(a, ast.Starred) else a, ctx, out)
        if out and node.args and _MASKED_PASSWORD.search(_template(node.args[0])):
            # ``log.info("pool [%s:**@%s]", user, dsn)``: the message masks the password
            out = [i for i in out if "dsn" not in i.text.lower()]
        if kind == "print":
            return out
        for kw in node.keywords:
            if kw.arg is None or kw.arg in _STDLIB_KWARGS:
                continue
            if kw.arg == "extra" and isinstance(kw.value, ast.Dict):
                for k, v in zip(kw.value.keys, kw.value.values):
                    key = (
                        k.value
                        if isinstance(k, ast.Constant) and isinstance(k.value, str)
                        else None
                    )
                    self._keyed(key, v, ctx, out)
                continue
            self._keyed(kw.arg, kw.value, ctx, out)
        return out

    def _keyed(self, key: str | None, value: ast.AST, ctx: ModuleContext, out: list[_Item]) -> None:
        before = len(out)
        self._value(value, ctx, out)
        if len(out) > before or key is None or not self._secret(key, ctx):
            return
        # the key names a secret: report the runtime value logged under it (not literals,
        # not wrapped values such as ``len(token)``)
        plain = value
        if isinstance(plain, ast.Call) and ctx.resolve(plain.func) in _CONVERSIONS and plain.args:
            plain = plain.args[0]
        if isinstance(plain, (ast.Name, ast.Attribute)):
            final = _CAMEL.sub("_", plain.id if isinstance(plain, ast.Name) else plain.attr).lower()
            if final.endswith(NON_SECRET_SUFFIXES + LOG_NON_SECRET_SUFFIXES) or final in (
                "id",
                "pk",
                "type",
                "name",
            ):
                return  # ``token=token_id``: a fact about the secret, logged under its name
        if (
            isinstance(plain, (ast.Name, ast.Attribute))
            or (isinstance(plain, ast.Subscript) and not isinstance(plain.slice, ast.Slice))
            or (
                isinstance(plain, ast.JoinedStr)
                and any(isinstance(v, ast.FormattedValue) for v in plain.values)
            )
        ):
            if isinstance(plain, ast.Name) and (
                self._masked_param(plain.id, ctx) or _token_count(plain.id, ctx)
            ):
                return
            out.append(_Item(f"{key}=...", None, None))

    def _value(
        self, node: ast.AST | None, ctx: ModuleContext, out: list[_Item], depth: int = 0
    ) -> None:
        if node is None or depth > 6:
            return
        if isinstance(node, (ast.Name, ast.Attribute)):
            if self._request_part(node, ctx):
                out.append(_Item(dotted(node) or "request", None, None))
                return
            final = node.id if isinstance(node, ast.Name) else node.attr
            if not self._secret(final, ctx):
                return
            if isinstance(node, ast.Name):
                if (
                    not self._masked_param(node.id, ctx)
                    and not _secret_by_use(node.id, ctx)
                    and not _split_piece(node.id, ctx)
                    and not _indexed_record(node.id, ctx)
                    and not _masked_local(node.id, ctx)
                    and not _token_count(node.id, ctx)
                    and not _secret_mapping_key(node.id, ctx)
                    and not _literal_local(node.id, ctx)
                    and not _passed_as_name(node, ctx)
                ):
                    q = ctx.resolve(node)
                    constant = q if ctx.is_project(q) else None
                    typed = _typed_name(node.id, ctx)
                    out.append(_Item(node.id, typed, None, constant, _rejected_by(node.id, ctx)))
                return
            if not _passed_as_name(node, ctx):
                out.append(
                    _Item(dotted(node) or f"...{final}", self._owner(node.value, ctx), final)
                )
            return
        if isinstance(node, ast.Call):
            func = node.func
            q = ctx.resolve(func) if isinstance(func, (ast.Name, ast.Attribute)) else None
            if (
                q == "builtins.dict"
                and len(node.args) == 1
                and self._request_part(node.args[0], ctx)
            ):
                out.append(_Item(f"dict({dotted(node.args[0]) or 'request.headers'})", None, None))
                return
            if q in _CONVERSIONS and len(node.args) == 1:
                self._value(node.args[0], ctx, out, depth + 1)
                return
            if q in ENV_READS and node.args:
                # ``os.getenv("DB_PASSWORD")``: the value of a secret-named variable
                name = node.args[0]
                if (
                    isinstance(name, ast.Constant)
                    and isinstance(name.value, str)
                    and is_log_secret(name.value)
                ):
                    out.append(_Item(f'{q}("{name.value}")', None, None))
                return
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "get"
                and node.args
                and self._request_part(func.value, ctx)
                and self._secret_key(func.value, node.args[0])
            ):
                out.append(
                    _Item(f"{dotted(func.value)}.get({ast.unparse(node.args[0])})", None, None)
                )
                return
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "format"
                and isinstance(func.value, ast.Constant)
            ):
                for a in node.args:
                    self._value(a, ctx, out, depth + 1)
                for kw in node.keywords:
                    self._value(kw.value, ctx, out, depth + 1)
            return
        if isinstance(node, ast.Subscript):
            if (
                not isinstance(node.slice, ast.Slice)
                and self._request_part(node.value, ctx)
                and self._secret_key(node.value, node.slice)
            ):
                out.append(_Item(f"{dotted(node.value)}[{ast.unparse(node.slice)}]", None, None))
            elif (
                ctx.resolve(node.value) == "os.environ"
                and isinstance(node.slice, ast.Constant)
                and isinstance(node.slice.value, str)
                and is_log_secret(node.slice.value)
            ):
                out.append(_Item(f'os.environ["{node.slice.value}"]', None, None))
            return
        if isinstance(node, ast.JoinedStr):
            for v in node.values:
                if isinstance(v, ast.FormattedValue):
                    self._value(v.value, ctx, out, depth + 1)
            return
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Mod):
                right = node.right
                if isinstance(right, ast.Tuple):
                    for e in right.elts:
                        self._value(e, ctx, out, depth + 1)
                elif isinstance(right, ast.Dict):
                    for v in right.values:
                        self._value(v, ctx, out, depth + 1)
                else:
                    self._value(right, ctx, out, depth + 1)
            elif isinstance(node.op, ast.Add):
                self._value(node.left, ctx, out, depth + 1)
                self._value(node.right, ctx, out, depth + 1)

    def _request_part(self, node: ast.AST, ctx: ModuleContext) -> TypeGuard[ast.Attribute]:
        """``request.headers`` / ``request.cookies`` on a request object."""
        if not (
            isinstance(node, ast.Attribute)
            and node.attr in ("headers", "cookies")
            and isinstance(node.value, ast.Name)
        ):
            return False
        name = node.value.id
        fn = ctx.function
        param = next((p for p in fn.params if p.name == name), None) if fn is not None else None
        if param is not None and param.annotation and qname_of(param.annotation):
            return qname_of(param.annotation) in REQUEST_TYPES
        if param is None and fn is not None and self._client_request(name, ctx):
            return False
        return name in REQUEST_NAMES

    @staticmethod
    def _client_request(name: str, ctx: ModuleContext) -> bool:
        """The local ``name`` is an HTTP client's outgoing request: built by the client
        (``request = httpx.Request(...)``) or read from a client object
        (``request = response.request`` on a parameter ``response: httpx.Response``), so its
        headers are the ones this code sends, not a caller's credentials."""
        bound = ctx.local_call_binding(name)
        if bound is not None:
            return bound.split(".", 1)[0] in CLIENT_MODULES
        fn = ctx.function
        node = ctx.scope.node
        if fn is None or not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return False
        values = [
            n.value
            for n in walk(node)
            if isinstance(n, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == name for t in n.targets)
        ]
        if len(values) != 1 or not isinstance(owner := values[0], ast.Attribute):
            return False
        if not isinstance(owner.value, ast.Name):
            return False
        param = next((p for p in fn.params if p.name == owner.value.id), None)
        q = qname_of(param.annotation) if param is not None and param.annotation else None
        return q is not None and q.split(".", 1)[0] in CLIENT_MODULES

    @staticmethod
    def _secret_key(container: ast.Attribute, key: ast.AST) -> bool:
        if container.attr == "cookies":
            return True  # every cookie value is a session or a token
        name = _header_name(key)
        return name is not None and (name in SECRET_HEADERS or is_log_secret(name))

    @staticmethod
    def _masked_param(name: str, ctx: ModuleContext) -> bool:
        """A parameter annotated ``SecretStr`` / ``SecretBytes``: printed as ``**********``."""
        fn = ctx.function
        if fn is None:
            return False
        for p in fn.params:
            if p.name == name:
                return any(qname_of(e) in SECRET_TYPES for e in iter_exprs(p.annotation))
        return False

    def _owner(self, node: ast.AST, ctx: ModuleContext) -> _Owner | None:
        """How to find the class of ``node`` (the object an attribute is read from)."""
        if not isinstance(node, ast.Name):
            return None
        fn = ctx.function
        if fn is not None:
            for p in fn.params:
                if p.name == node.id:
                    q = qname_of(p.annotation) if p.annotation else None
                    return _Owner("class", q) if q else None
            bound = ctx.local_call_binding(node.id)
            if bound:
                return _Owner("call", bound)
        q = ctx.resolve(node)
        if q is not None and ctx.is_project(q):
            return _Owner("ref", q)
        return None

    @staticmethod
    def _message(callee: str, items: list[_Item]) -> str:
        shown = ", ".join(f"`{i.text}`" for i in items[:3])
        verb = "prints" if callee == "print" else "logs"
        return f"`{callee}()` {verb} {shown}: never log passwords, tokens, keys or raw headers"

    # -- judged with the whole project ------------------------------------------------------
    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        # application code only (issue 10, class 6)
        hits = [h for h in hits if project.is_application_code(h.path, h.line)]
        hits = _printed_by_commands_dropped(hits, project)
        public = _public_key_halves(project) if hits else frozenset()
        hashed = (
            _hashed_fields(project)
            if any(
                i.attr for h in hits if not h.payload(_Data).engine for i in h.payload(_Data).items
            )
            else frozenset()
        )
        out: list[Hit] = []
        for h in hits:
            if h.payload(_Data).engine:
                if not _engine_unused(project, h.payload(_Data).ddl_returned_by):
                    out.append(h)
                continue
            ref = h.payload(_Data).logger
            if ref is not None and not self._is_logger(project, ref):
                continue
            items = [
                i
                for i in h.payload(_Data).items
                if not self._masked(project, i)
                and not _names_only(project, i.constant)
                and not _written_default(project, i.constant)
                and (i.attr or i.text.rsplit(".", 1)[-1]) not in public
                and not (i.attr and i.attr in hashed)
                and not (
                    i.attr is None and _plain_record(project, self._class_of(project, i.owner))
                )
                and not _enum_of_project(project, i.rejected_by)
            ]
            if not items:
                continue
            out.append(
                dataclasses.replace(
                    h, message=self._message(h.payload(_Data).callee or "logger", items)
                )
            )
        return out

    @staticmethod
    def _is_logger(project: Project, ref: str) -> bool:
        r = project.resolve(ref)
        value = getattr(r, "value", None)
        if isinstance(value, Call):
            return qname_of(value) in LOGGER_FACTORIES
        return isinstance(r, str) and r in LOGGER_OBJECTS

    @staticmethod
    def _class_of(project: Project, owner: _Owner | None) -> Class | None:
        if not owner:
            return None
        kind, q = owner
        if kind == "ref":
            r = project.resolve(q)
            value = getattr(r, "value", None)
            if not (isinstance(value, Call)):
                return None
            kind, q = "call", qname_of(value)
        if kind == "call":
            cls = project.class_(q)
            if cls is not None:
                return cls
            fn = project.function(q)
            return project.class_(qname_of(fn.returns)) if fn is not None and fn.returns else None
        return project.class_(q)

    def _masked(self, project: Project, item: _Item) -> bool:
        cls = self._class_of(project, item.owner)
        if cls is None:
            return False
        for qn in [cls.qname, *sorted(project.ancestors(cls.qname))]:
            c = project.class_(qn)
            if c is None:
                continue
            for a in c.attributes:
                if a.name == item.attr:
                    return any(qname_of(e) in SECRET_TYPES for e in iter_exprs(a.annotation))
        return False

    bad = (
        snippet(
            _TOKEN_RECORD.format(field='value: str = ""'),
            path="app/auth.py",
            note="the other side of the token-record trap: the record keeps the token itself "
            "(`value`), printed with its fields",
            lines=(34,),
        ),
        Example(
            files={
                **_SHIPPED_LITERALS,
                "app/keys.py": """\
import logging

log = logging.getLogger(__name__)
ADMIN_PASSWORD = "open-sesame"
DEFAULT_SIGNING_KEY = "9f86d081884c7d659a2feaa0c55ad015"
DEMO_API_TOKEN = "5d41402abc4b2a76b9719d911017c592"


def show() -> None:
    log.info("admin %s, key %s", ADMIN_PASSWORD, DEFAULT_SIGNING_KEY)
    log.info("demo token %s", DEMO_API_TOKEN)
""",
            },
            note="the other side of the written-default trap: a literal password not named "
            "for a default or a demo, and a default and a demo's token that are key material",
            lines=(10, 11),
        ),
        snippet(
            _COOKIE_NAMES
            + '_SESSION_SECRET = "k3Jd9fQ2xLm8Vw1Z"\nlog.debug("signing with %s", _SESSION_SECRET)\n',
            path="app/cookies.py",
            note="the other side of the cookie-name trap: a constant holding key material",
            lines=(12,),
        ),
        snippet(
            """\
def report(pairs: list[tuple[str, str]], rows: list[tuple[str, str]]) -> None:
    for user, api_token in pairs:
        print("token of", user, api_token)
    for row in rows:
        hf_token = row
        print(hf_token[0], hf_token)
""",
            note="a credential unpacked from pairs but never read by position, and one read "
            "by position but bound whole",
            lines=(3, 6),
        ),
        snippet(
            """\
import logging

logger = logging.getLogger(__name__)


class Client:
    def refresh(self) -> None:
        token = self._fetch()
        logger.info("new token %s", token)

    def _fetch(self) -> str:
        return "x"
""",
            note="trap: a method of the class that returns text: the token may be a credential",
            lines=(9,),
        ),
        snippet(
            """\
import logging

from app.context import Context

logger = logging.getLogger(__name__)


def trace(ctx: Context) -> None:
    request = ctx.request
    logger.info("headers %s", request.headers)
""",
            note="a `request` read from a project object: it may be the incoming one",
            lines=(10,),
        ),
        snippet(
            """\
import logging

logger = logging.getLogger(__name__)
token = None


def headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {token.get_secret_value()}"}


def connect(settings) -> None:
    api_key = settings.api_key.get_secret_value()
    logger.info("connecting with %s", api_key)
    secret = settings.secret
    secret = secret.get_secret_value()
    logger.info("secret %s", secret)


def login(config) -> None:
    token = config.token
    logger.info("token %s", token)
""",
            note="the other side of the `get_secret_value()` trap: its result is the plain "
            "text, and a local of its own is not the global the module unwraps",
            lines=(13, 16, 21),
        ),
        snippet(
            """\
import logging

logger = logging.getLogger(__name__)


def open_session(sessions: dict, session_token: str) -> None:
    sessions[session_token] = {"user": 1}
    logger.info("session opened: %s", session_token)
""",
            note="the other side of the secret-name trap: a token used as the key of a mapping "
            "that is not one of secrets is still the token",
            lines=(8,),
        ),
        snippet(
            """\
import logging
import secrets

logger = logging.getLogger(__name__)


def issue(store, user, token, upload_token: str) -> None:
    logger.info("token %s", token)
    logger.info("upload %s", upload_token)
    relay_token = store.new_token(user.id)
    logger.info("relay %s", relay_token)
    share_token = "sh-" + secrets.token_hex(8)
    logger.info("share %s", share_token)
    max_access_token = store.lookup(user.id)
    logger.debug("max %s", max_access_token)
""",
            note="a `token` with no word of amount in its name and no number bound to it is a "
            "credential: a parameter (untyped or `str`), a value from a call not named for "
            "an amount, text built with `+`; a word of amount does not excuse an `access_` one",
            lines=(8, 9, 11, 13, 15),
        ),
        Example(
            files={
                "app/main.py": "from fastapi import FastAPI\n\nfrom app import keys\n\napp = FastAPI()\n",
                "app/keys.py": """\
import logging

logger = logging.getLogger(__name__)


def store(db, key: str, password_hash: str) -> None:
    db.insert({"token": key, "password": password_hash})


def warn_budget(valid_token, api_key: str) -> None:
    logger.warning("budget crossed for token %s", valid_token.token)
    shown = api_key[:40]
    logger.debug("key %s", shown)
    api_key = api_key.strip() + "..."
    logger.debug("key %s", api_key)
""",
            },
            note="a field the project stores the raw key in, and a key that is trimmed, "
            "not masked: still logged secrets",
            lines=(11, 15),
        ),
        snippet(
            """\
import logging

logger = logging.getLogger(__name__)


def rotate(user) -> None:
    logger.info("rotating %s", user.refresh_token)
    logger.info("invite %s", user.invite_token)
""",
            note="a token named for what it grants (a refresh, an invitation) is a credential, "
            "unlike a cancellation or a page token",
            lines=(7, 8),
        ),
        snippet(
            """\
import logging

from fastapi import APIRouter, Request

router = APIRouter()
logger = logging.getLogger(__name__)


@router.post("/login")
async def login(request: Request, username: str, password: str) -> dict[str, str]:
    logger.info("login attempt user=%s password=%s", username, password)
    logger.debug("headers: %s", dict(request.headers))
    return {"user": username}
""",
            lines=(11, 12),
        ),
        snippet(
            """\
import logging as log

import structlog
from loguru import logger as lg

slog = structlog.get_logger()


def refresh(user, access_token: str, settings, request) -> None:
    slog.info("token_refreshed", token=access_token, user_id=user.id)
    slog.info("auth", authorization=request.headers.get("Authorization"))
    lg.debug(f"refreshing for {user.email} with {settings.JWT_SECRET}")
    log.warning("cookie: " + request.cookies["session"])
    print("api key is %s" % settings.stripe_api_key)
    log.getLogger("svc").error("key {}".format(user.apiKey))
    slog.info("login", password=str(user.password_plain))
""",
            note="structlog kwargs, loguru, f-strings, %, +, str.format, print, camelCase, an alias of logging",
            lines=(10, 11, 12, 13, 14, 15, 16),
        ),
        Example(
            files={
                "app/core/logging.py": "import structlog\n\nlogger = structlog.get_logger()\n",
                "app/users/service.py": """\
from app.core.logging import logger


def register(email: str, password: str) -> None:
    logger.info("register", email=email, password=password)
""",
                "app/database.py": """\
from sqlalchemy.ext.asyncio import create_async_engine

engine = create_async_engine("postgresql+asyncpg://db/app", echo=True)
""",
            },
            note="a logger imported from another module; `echo=True` on the engine",
            lines=(3, 5),
        ),
        Example(
            files={
                "pkg/schema.py": """\
from sqlalchemy.ext.asyncio import create_async_engine


async def reset_schema(metadata, url: str):
    eng = create_async_engine(url, echo=True)
    async with eng.begin() as conn:
        await conn.run_sync(metadata.drop_all)
        await conn.run_sync(metadata.create_all)
    return eng
""",
                "pkg/seed.py": """\
from sqlalchemy import text

from pkg.schema import reset_schema


async def seed(metadata, url: str, secret: str) -> None:
    eng = await reset_schema(metadata, url)
    async with eng.begin() as conn:
        await conn.execute(text("INSERT INTO keys (value) VALUES (:v)"), {"v": secret})
""",
            },
            note="the other side of the schema-only trap: the returned engine then runs a "
            "query whose parameters it echoes",
            lines=(5,),
        ),
        snippet(
            """\
from sqlalchemy import create_engine, text


def rebuild(metadata, url: str, token: str) -> None:
    eng = create_engine(url, echo=True)
    metadata.create_all(eng)
    with eng.connect() as conn:
        conn.execute(text("SELECT * FROM sessions WHERE token = :t"), {"t": token})
""",
            note="an echo engine that creates the tables, then runs a query",
            lines=(5,),
        ),
        snippet(
            """\
import logging
import os

DB_PASSWORD = os.environ["APP_DB_PASSWORD"]
log = logging.getLogger(__name__)

logging.info(f"Environment APP_DB_PASSWORD: {os.getenv('APP_DB_PASSWORD')}")
logging.info("token %s", os.environ["APP_API_TOKEN"])


def connect(user: str, dsn: str) -> None:
    log.info("connecting [%s@%s]", user, dsn)
    log.debug("password %s", DB_PASSWORD)
""",
            path="app/db.py",
            note="the value of a secret-named environment variable (read inline or held by a "
            "constant), and a DSN whose password the message does not mask",
            lines=(7, 8, 12, 13),
        ),
        snippet(
            """\
import logging

import torch

logger = logging.getLogger(__name__)


def load(hf_token: str, secret_value_from_vault: str, private_key_pem: str) -> None:
    logger.info("hub login with %s", hf_token)
    logger.debug("read %s", secret_value_from_vault)
    logger.debug("key %s", private_key_pem)
""",
            path="app/model/loader.py",
            note="a credential token beside model code, a secret's value from a store, a key in "
            "PEM form: the head noun is still the secret",
            lines=(9, 10, 11),
        ),
        snippet(
            """\
import logging

logger = logging.getLogger(__name__)


def check(tokens: dict[str, str]) -> None:
    for user, token in tokens.items():
        logger.info("user %s uses %s", user, token)
    for token in tokens.values():
        logger.info("token %s", token)
""",
            note="a `token` from a mapping of credentials is not a parse token",
            lines=(8, 10),
        ),
        snippet(
            """\
import logging

from pydantic import BaseModel

logger = logging.getLogger(__name__)


class StorageCredentials(BaseModel):
    access_key: str
    secret_key: str


def connect(creds: StorageCredentials) -> None:
    logger.info("connecting with %s", creds.access_key)
""",
            note="an access key beside a secret stored as is: no evidence it is only the "
            "public half",
            lines=(14,),
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

from app.hooks import load_hooks

app = FastAPI()


@app.get("/hooks")
async def hooks() -> dict:
    return load_hooks()


@app.post("/hooks/{name}")
async def subscribe(name: str) -> None:
    from app.hooks import _subscribe

    _subscribe(name)
""",
                "app/hooks.py": """\
import json
from pathlib import Path

STORE = Path("/srv/hooks.json")


def load_hooks() -> dict:
    return json.loads(STORE.read_text())


def _subscribe(name: str) -> None:
    import secrets

    secret = secrets.token_hex(20)
    print(f"subscribed {name}; signing secret (shown once): {secret}")


def hooks_command(args) -> None:
    if args.action == "subscribe":
        _subscribe(args.name)
""",
                "app/cli.py": """\
import argparse


def cmd_hooks(args) -> None:
    from app.hooks import hooks_command

    hooks_command(args)


def main() -> None:
    parser = argparse.ArgumentParser(prog="svc")
    sub = parser.add_subparsers()
    hooks = sub.add_parser("hooks")
    hooks.add_argument("action")
    hooks.add_argument("name")
    hooks.set_defaults(func=cmd_hooks)
    args = parser.parse_args()
    args.func(args)
""",
            },
            note="trap: the command's helper is also called by a route, where its output "
            "goes to the server's logs",
            lines=(15,),
        ),
        snippet(
            """\
import logging

logger = logging.getLogger(__name__)


def start(load_tokens) -> None:
    token = "s3cr3tValue99"
    logger.info("token %s", token)
    for api_token in load_tokens():
        logger.info("loaded %s", api_token)
""",
            note="traps: a local bound to a literal that looks like key material, and a loop "
            "over a list the check cannot see",
            lines=(8, 10),
        ),
        snippet(
            """\
import logging

logger = logging.getLogger(__name__)


class Grant:
    def __init__(self, raw: str) -> None:
        if not raw.startswith("g_"):
            raise ValueError(raw)
        self.raw = raw


def accept(values: list[str]) -> list[Grant]:
    out = []
    for value in values:
        grant_token = value.strip()
        try:
            out.append(Grant(grant_token))
        except ValueError:
            logger.warning("malformed grant token %r", grant_token)
    return out
""",
            note="trap: a value rejected by a converter that is not an enum (a credential "
            "class checking its own format) is still the credential",
            lines=(20,),
        ),
        snippet(
            """\
import logging

logger = logging.getLogger(__name__)


class Registry:
    def __init__(self, api, pull_secret: str) -> None:
        self.api = api
        self.pull_secret = pull_secret

    def login(self) -> None:
        secret = self.api.read_secret(name=self.pull_secret)
        self.pull_secret = secret.data["password"]
        logger.info("logged in with %s", self.pull_secret)

    def rotate(self, token: str) -> None:
        self.api.revoke(name=token)
        token = self.api.issue()
        logger.info("new token %s", token)
""",
            note="the other side of the name-argument trap: a name the code later rebinds to "
            "the secret it read, then logs",
            lines=(14, 19),
        ),
        snippet(
            """\
import logging
import os

logger = logging.getLogger(__name__)


def verify(kind: str, api_key: str) -> None:
    signing_secret = f"HOOK_{kind.upper()}_SECRET"
    signing_secret = os.environ.get(signing_secret, "")
    logger.warning("checking with %s", signing_secret)
    label_token = f"KEY_{api_key}"
    logger.info("label %s", label_token)
""",
            note="the other side of the variable-name trap: a local bound to the name, then "
            "to the secret read under it, and an f-string whose hole holds a secret-named value",
            lines=(10, 12),
        ),
    )
    good = (
        snippet(
            """\
import logging
import os

logger = logging.getLogger(__name__)


def verify(kind: str, body: bytes) -> bool:
    secret_key = f"HOOK_{kind.upper()}_SECRET"
    secret = os.environ.get(secret_key)
    if not secret:
        logger.warning("no signing secret configured (set %s)", secret_key)
        return False
    return bool(body)
""",
            path="app/hooks.py",
            note="a local bound only to an f-string spelling an environment variable's name "
            "(upper-case literal parts, a hole for one word): the name the secret is looked "
            "up under, not the secret",
        ),
        snippet(
            _TOKEN_RECORD.format(field='name: str = ""'),
            path="app/auth.py",
            note="trap: `token` is the decoded token's record (a method of the class annotated "
            "`-> tuple[User, ApiToken]`), whose fields are id, scopes and dates, not the "
            "credential (seen in data-rentgen)",
        ),
        Example(
            files=_SHIPPED_LITERALS,
            note="a default password the code ships as a literal, logged to say it is in "
            "use (seen in bty-lab), and a public demo's login logged when it is seeded "
            "(webgate webgate/demo.py:62)",
        ),
        snippet(
            """\
import logging

logger = logging.getLogger(__name__)


class Puller:
    def __init__(self, api, image_pull_secret: str | None) -> None:
        self.api = api
        self.image_pull_secret = image_pull_secret

    def auth(self, namespace: str) -> dict | None:
        try:
            found = self.api.read_namespaced_secret(name=self.image_pull_secret, namespace=namespace)
        except LookupError:
            logger.warning("cannot read pull secret %s in %s", self.image_pull_secret, namespace)
            return None
        return found.data

    def pod_spec(self) -> dict:
        return {"imagePullSecrets": [{"name": self.image_pull_secret}]}


def mount(api, volume_secret: str) -> None:
    logger.debug("mounting secret %s", volume_secret)
    api.mount(secret_name=volume_secret)
""",
            note="values the code hands on as the name of an object (`name=`, `secret_name=`, "
            'a `"name"` key): the name of a Kubernetes Secret, not its content (seen in harbor)',
        ),
        snippet(
            """\
import enum
import logging

logger = logging.getLogger(__name__)


class Scope(str, enum.Enum):
    READ = "read"
    WRITE = "write"


def scopes(values: list[object]) -> set[Scope]:
    out = set()
    for raw in values:
        token = str(raw).strip().lower()
        try:
            out.add(Scope(token))
        except ValueError:
            logger.warning("unknown scope token %r, ignored", token)
    return out
""",
            note="a value logged because the project's own enum rejected it (`Scope(token)` "
            "raised ValueError) is a word of that vocabulary, not a credential",
        ),
        snippet(
            """\
def compare(ids: list[int], texts: list[str], other: list[tuple[int, str]]) -> None:
    ours = list(zip(ids, texts))
    for j, (hf_token, ref_token) in enumerate(zip(ours, other)):
        if hf_token[0] != ref_token[0]:
            print("tokenizers differ at", j)
            print("HF =", hf_token, "reference =", ref_token)
""",
            note="pairs unpacked from a loop and read by position (`hf_token[0]`): a "
            "tokenizer's (id, text), not a credential",
        ),
        snippet(
            """\
import logging

logger = logging.getLogger(__name__)


class Sampler:
    def __init__(self, forced: list[int]) -> None:
        self.forced = forced

    def step(self, logits, i: int) -> int:
        if i < len(self.forced):
            token = int(self.forced[i])
            logger.error(f"forced token {token} out of vocab")
        else:
            token = self._sample(logits)
        logger.debug("sampled %s", token)
        return token

    def _sample(self, logits) -> int:
        return 0
""",
            note="a sampler's token id: every binding an `int(...)` or a method of the class "
            "annotated `-> int` (open-genie-server logprobs.py:72)",
        ),
        snippet(
            """\
import logging

import httpx

logger = logging.getLogger(__name__)


def on_response(response: httpx.Response) -> None:
    request = response.request
    logger.info("sent %s %s", request.url, request.headers)


def on_build(url: str) -> None:
    request = httpx.Request("GET", url)
    logger.info("sending %s", request.headers)
""",
            note="an HTTP client's outgoing request (an httpx event hook, seen in dispike): "
            "its headers are the ones this code sends, not a caller's",
        ),
        snippet(
            """\
import logging
import os

logger = logging.getLogger(__name__)


def print_route_message(host: str, port: int) -> None:
    GREEN_TOKEN = "\\033[92m"
    END_TOKEN = "\\033[0m"
    print(f"available at:{END_TOKEN}{GREEN_TOKEN} http://{host}:{port}{END_TOKEN}")


def visible_devices() -> list[int]:
    visible = os.environ.get("CUDA_VISIBLE_DEVICES", "")
    tokens = [token.strip() for token in visible.split(",") if token.strip()]
    parsed = []
    for token in tokens:
        try:
            parsed.append(int(token))
        except ValueError:
            logger.debug("skipping entry: %s", token)
    return parsed
""",
            note="locals bound only to terminal colour codes (seen in writer); pieces of text "
            "cut by `split` through a local list (seen in simpletuner)",
        ),
        snippet(
            """\
import logging

logger = logging.getLogger(__name__)


def spill(llm, message: dict, allowed: int, prompt_token: int) -> int:
    messages_token = llm.count_tokens(messages=[message]).total_tokens
    logger.debug("result: %d tokens of %d, prompt %d", messages_token, allowed, prompt_token)
    maximum_output_token = llm.get_maximum_output_token()
    logger.info(f"fits: {messages_token} + {maximum_output_token} <= {allowed}")
    reply_token = len(message) * 4
    reply_token += 1
    logger.info("reply ~%s tokens", reply_token, extra={"max_tokens": allowed})
    return messages_token
""",
            note="token COUNTS of a language model: a name with a word of amount "
            "(`maximum_output_token`, `max_tokens`) or a name bound only to numbers "
            "(`.total_tokens`, `len() * 4`, a parameter annotated `int`)",
        ),
        Example(
            files={
                "app/main.py": "from fastapi import FastAPI\n\nfrom app import keys, clients\n\napp = FastAPI()\n",
                "app/keys.py": """\
import hashlib
import logging

logger = logging.getLogger(__name__)


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def store(db, key: str) -> None:
    db.insert({"token": hash_token(key), "spend": 0})


def warn_budget(valid_token) -> None:
    logger.warning("budget crossed for token %s", valid_token.token)
""",
                "app/clients.py": """\
import logging

logger = logging.getLogger(__name__)


def connect(api_base: str, api_key: str | None) -> None:
    _api_key = api_key
    if _api_key is not None:
        _api_key = _api_key[:8] + "*" * 15
    logger.debug("client for %s, key %s", api_base, _api_key)
""",
            },
            note='a field the project fills with a hash of the key (`{"token": '
            "hash_token(key)}`) holds an identifier of the key, and a key re-bound to its "
            "masked form before the log line is the mask (seen in litellm)",
        ),
        snippet(
            """\
import logging

from pydantic import BaseModel

logger = logging.getLogger(__name__)


class ApiKey(BaseModel):
    name: str
    access_key: str
    hashed_secret_key: str


class UsageSample(BaseModel):
    model: str
    access_key: str | None = None


def warn_missing_route(sample: UsageSample) -> None:
    logger.warning("no route: model=%s access_key=%s", sample.model, sample.access_key)
""",
            note="the access key of a key pair whose secret half the project stores hashed "
            "(`hashed_secret_key`) is the pair's public identifier, like an AWS access key "
            "id (seen in gpustack)",
        ),
        snippet(
            """\
import logging
import os
from ipaddress import ip_network

logger = logging.getLogger(__name__)


def allowed_networks() -> list:
    nets = []
    for token in os.getenv("ALLOWED_CIDRS", "").split(","):
        token = token.strip()
        try:
            nets.append(ip_network(token, strict=False))
        except ValueError:
            logger.warning("ignoring invalid CIDR: %s", token)
    return nets
""",
            note="a loop variable named `token` over text cut by `split` is a parse token "
            "(here a network address), not a credential",
        ),
        snippet(
            """\
import logging

from fastapi import APIRouter, Request

router = APIRouter()
logger = logging.getLogger(__name__)


@router.post("/login")
async def login(request: Request, username: str, password: str) -> dict[str, str]:
    logger.info("login attempt user=%s path=%s", username, request.url.path)
    return {"user": username}
"""
        ),
        snippet(
            """\
import logging

logger = logging.getLogger(__name__)


def issue(token: str, password: str, tokens: list[str], user) -> None:
    logger.info("token length %d", len(token))
    logger.info("has password: %s", bool(password))
    logger.info("token prefix %s...", token[:4])
    logger.info("issued %d tokens", len(tokens))
    logger.info("token type %s expires %s", user.token_type, user.token_expires_at)
    logger.info("reset link sent to %s", user.password_reset_url)
    logger.info("count=%s id=%s", user.token_count, user.api_key_id)
    logger.info("next page %s", user.next_page_token)
    logger.info("cancel %s (key %s)", user.cancel_token, user.idempotency_token)
    logger.warning("token path %s differs from %s", user.token_filename, user.secret_dir)
    logger.info("password changed", extra={"user": user.id, "password_changed": True})
    logger.info("reset for %s (must change: %s)", user.id, user.must_change_password)
    logger.info("needs reset %s, can reset %s", user.needs_password_reset, user.can_reset_password)
    logger.info("Invalid token or password")
    logger.exception("token refresh failed", exc_info=True)
""",
            note="wrapped values, non-secret suffixes, literals, flags and ids",
        ),
        snippet(
            """\
from pydantic import BaseModel, SecretStr
from pydantic_settings import BaseSettings
import structlog

log = structlog.get_logger()


class Settings(BaseSettings):
    jwt_secret: SecretStr
    api_key: SecretStr | None = None


class Login(BaseModel):
    password: SecretStr


settings = Settings()


def show(body: Login, token: SecretStr) -> None:
    log.info("settings", secret=settings.jwt_secret, key=settings.api_key)
    log.info("login", password=body.password, token=token)
""",
            note="SecretStr values are masked when logged",
        ),
        snippet(
            """\
import logging

import httpx

logger = logging.getLogger(__name__)
token = None


def headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {token.get_secret_value()}"} if token else {}


def init_plugin(config) -> None:
    global token
    token = config.token
    logger.info(f"Token: {token}")


def connect(settings) -> httpx.Client:
    api_key = settings.api_key
    logger.info("connecting with %s", api_key)
    return httpx.Client(headers={"X-Key": api_key.get_secret_value()})
""",
            note="a value the code itself unwraps with `.get_secret_value()` is a `SecretStr`, "
            "printed as `**********`, whatever type the model sees for the object it was read "
            "from (seen in memos's plugins)",
        ),
        snippet(
            """\
class Logger:
    def info(self, *args: object) -> None:
        return None


logger = Logger()
logging = Logger()


def f(password: str) -> None:
    logger.info("pw", password)
    logging.info(password)
""",
            note="look-alike loggers that are not logging/structlog/loguru",
        ),
        snippet(
            """\
import logging

from sqlalchemy import create_engine

logger = logging.getLogger(__name__)
engine = create_engine("sqlite://", echo=False)
debug_engine = create_engine("sqlite://", echo=True, hide_parameters=True)


def login(password: str) -> None:
    logger.info("login ok")
""",
            note="echo off, or parameters hidden",
        ),
        snippet(
            """\
from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import create_async_engine


def build_tables(metadata, url: str) -> None:
    eng = create_engine(url, echo=True)
    metadata.create_all(bind=eng)
    eng.dispose()


async def wipe(metadata, url: str):
    eng = create_async_engine(url, echo=True)
    async with eng.begin() as conn:
        await conn.run_sync(metadata.drop_all)
    return eng


def plan(wipe: bool) -> str:
    return "wipe" if wipe else "keep"
""",
            note="trap: echo engines that only create or drop tables (the returned one is used "
            "nowhere; `wipe` elsewhere is a parameter): they echo DDL and table look-ups, "
            "whose parameters are table names",
        ),
        snippet(
            """\
import secrets

import typer

cli = typer.Typer()


@cli.command()
def create_api_key() -> None:
    api_key = secrets.token_urlsafe(32)
    print(f"new API key: {api_key}")
""",
            path="app/cli.py",
            note="a command-line tool prints the key it generated for the operator",
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

from app.hooks import load_hooks

app = FastAPI()


@app.get("/hooks")
async def hooks() -> dict:
    return load_hooks()
""",
                "app/hooks.py": """\
import json
from pathlib import Path

STORE = Path("/srv/hooks.json")


def load_hooks() -> dict:
    return json.loads(STORE.read_text())


def _subscribe(name: str) -> None:
    import secrets

    secret = secrets.token_hex(20)
    print(f"subscribed {name}; signing secret (shown once): {secret}")


def hooks_command(args) -> None:
    if args.action == "subscribe":
        _subscribe(args.name)
""",
                "app/cli.py": """\
import argparse


def cmd_hooks(args) -> None:
    from app.hooks import hooks_command

    hooks_command(args)


def main() -> None:
    parser = argparse.ArgumentParser(prog="svc")
    sub = parser.add_subparsers()
    hooks = sub.add_parser("hooks")
    hooks.add_argument("action")
    hooks.add_argument("name")
    hooks.set_defaults(func=cmd_hooks)
    args = parser.parse_args()
    args.func(args)
""",
            },
            note="a subcommand of an argparse program (`set_defaults(func=...)`) prints the "
            "secret it generated; the module that prints imports no command-line library and "
            "the server imports it for other helpers",
        ),
        snippet(
            """\
import secrets

if __name__ == "__main__":
    secret_key = secrets.token_hex(32)
    print("SECRET_KEY=%s" % secret_key)
""",
            path="app/gen_secret.py",
            note="a `__main__` block",
        ),
        Example(
            files={
                "app/routes.py": """\
def rest_path(path: str) -> str:
    return "/api/2.0" + path


UPDATE_PASSWORD = rest_path("/users/update-password")
RESET_TOKEN = "/users/reset-token"
""",
                "app/main.py": """\
import enum
import logging

from app.routes import RESET_TOKEN, UPDATE_PASSWORD

log = logging.getLogger(__name__)
ADMIN_PASSWORD_VARIABLE = "APP_ADMIN_PASSWORD"


class Env(enum.Enum):
    ADMIN_PASSWORD = "APP_ADMIN_PASSWORD"


def warn_default(token_env_var: str, user: str, dsn: str) -> None:
    log.warning("rotate it: set %s, or call %s", Env.ADMIN_PASSWORD.name, UPDATE_PASSWORD)
    log.warning("%s is set but the variable is empty", token_env_var)
    log.info("pool [%s:**@%s]", user, dsn)
    log.info("reset links go to %s", RESET_TOKEN)
    log.info("set %s to change it", ADMIN_PASSWORD_VARIABLE)
""",
            },
            note="names that describe a secret rather than hold it: the `.name` of a setting, "
            "the name of the variable that holds a token, route paths held by secret-named "
            "constants, and a DSN logged with its password masked",
        ),
        snippet(
            _COOKIE_NAMES,
            path="app/cookies.py",
            note="constants holding a cookie's name under a prefix RFC 6265bis reserves for "
            "names (`__Secure-`, `__Host-`): they name the cookie (seen in notebooklm-py)",
        ),
        snippet(
            """\
import logging

logger = logging.getLogger(__name__)


def test_login(password: str) -> None:
    logger.info("pw %s", password)
""",
            path="tests/test_login.py",
            note="test files are not scanned",
        ),
        Example(
            files={
                "pkg/server.py": """\
from fastapi import FastAPI

app = FastAPI()


@app.get("/ping")
def ping() -> str:
    return "pong"
""",
                "pkg/sdk/auth.py": """\
import logging

logger = logging.getLogger(__name__)


def login(password: str) -> None:
    logger.debug("logging in with %s", password)
""",
            },
            note="a client SDK module the server never imports is not application code",
        ),
        snippet(
            """\
import logging

logger = logging.getLogger(__name__)
CACHE_METADATA_KEY = "limits"


class Pool:
    def refresh(self, user_api_key_spend: float, api_key_hash: str, token_provider) -> None:
        logger.info("refreshing the %s", self.token_label)
        logger.debug("spend %s of key %s", user_api_key_spend, api_key_hash)
        logger.debug("provider %r, hashed %s", token_provider, self.hashed_token)
        logger.debug("counted %s tokens", self.all_token_nums)
        logger.warning("limit under %s", CACHE_METADATA_KEY)
""",
            path="app/pool.py",
            note="the secret word is not the head noun: a token's label, a key's spend or hash, "
            "a token provider, token counts, a dictionary key; a hashed token",
        ),
        snippet(
            """\
import logging

import torch

logger = logging.getLogger(__name__)


def step(logits: torch.Tensor, pad_token: str, expected_token: int) -> None:
    first_token_str = str(logits.argmax())
    logger.debug("pad %s, first %s, expected %s", pad_token, first_token_str, expected_token)
""",
            path="app/model/sampler.py",
            note="in model code (it imports torch) a token is a piece of text",
        ),
        snippet(
            """\
import logging

logger = logging.getLogger(__name__)


def set_secret(store, secret_key: str, secret_value: str | None) -> None:
    if secret_value is None:
        store.secrets.pop(secret_key, None)
        logger.info("removed secret %s", secret_key)
    else:
        store.secrets[secret_key] = secret_value
        logger.info("updated secret %s", secret_key)
""",
            note="the key a secret is stored under in a mapping of secrets is its name, not "
            "the secret (seen in hypha); the value is never logged",
        ),
    )


#: Calls that cut text into pieces: a loop over their result walks parse tokens.
_SPLIT_METHODS = frozenset({"split", "rsplit", "splitlines", "partition", "rpartition"})
_SPLIT_CALLS = frozenset({"re.split", "shlex.split", "str.split"})
#: Methods that return a cleaned copy of a string: ``token = token.strip()`` keeps a piece.
_ENUMS = frozenset({"enum.Enum", "enum.StrEnum", "enum.IntEnum", "enum.Flag", "enum.IntFlag"})
_STR_CLEANERS = frozenset({"strip", "lstrip", "rstrip", "lower", "upper", "casefold"})


def _printed_by_commands_dropped(hits: list[Hit], project: Project) -> list[Hit]:
    """``print()`` hits left out when only command-line code runs their function (a command
    or a program reaches it, or every use of its name sits in such code:
    :func:`auditor.scope.command_line_only`): a command printing a key it generated for its
    user, wherever the module that holds it lives and whatever it imports."""
    from auditor.scope import command_line_only

    where: dict[int, str] = {}
    functions = {}
    for h in hits:
        if h.payload(_Data).callee != "print" or h.path is None or h.line is None:
            continue
        fn = project.function_at(h.path, h.line)
        if fn is not None:
            where[id(h)] = fn.qname
            functions[fn.qname] = fn
    if not functions:
        return hits
    commands = command_line_only(project, functions.values())
    return [h for h in hits if where.get(id(h)) not in commands]


def _public_key_halves(project: Project) -> frozenset[str]:
    """Names of access keys that are the public half of a key pair whose secret half the
    project stores hashed: a class of the project declares an ``access_key`` field beside a
    hashed secret (``hashed_secret_key``, ``secret_hash``).  The access key identifies the
    key, like an AWS access key id; it grants nothing without the secret."""
    out: set[str] = set()
    for cls in project.classes.values():
        names = {a.name for a in cls.attributes}
        if any("hash" in n and "secret" in n for n in names):
            out.update(n for n in names if n.endswith("access_key"))
    return frozenset(out)


#: A string of mask characters (``"*" * 15``, ``"****"``, ``"..."``).
_MASK_TEXT = lazy_compile(r"^[*.x•#-]+$")
#: Words in a function's name that say it masks what it returns.
_MASKING_WORDS = ("mask", "redact", "obfuscat", "censor", "anonymi", "truncat")


def _masks(value: ast.AST) -> bool:
    """``value`` builds a masked copy: a slice of the secret joined to mask characters
    (``key[:8] + "*" * 15``, ``f"{key[:4]}****"``), or a call of a masking function."""
    nodes = list(ast.walk(value))
    sliced = any(isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Slice) for n in nodes)
    masked = any(
        isinstance(n, ast.Constant) and isinstance(n.value, str) and _MASK_TEXT.match(n.value)
        for n in nodes
    )
    called = any(
        isinstance(n, ast.Call)
        and any(w in (dotted(n.func) or "").rsplit(".", 1)[-1].lower() for w in _MASKING_WORDS)
        for n in nodes
    )
    return (sliced and masked) or called


def _token_count(name: str, ctx: ModuleContext) -> bool:
    """``name`` says ``token`` with no word of authentication (``messages_token``) and every
    binding of it in the enclosing function is a number: a parameter annotated ``int`` /
    ``float``, or an assignment from a number literal, ``len()``, ``int()``, arithmetic, a
    call or attribute named for an amount (``llm.count_tokens(...).total_tokens``,
    ``llm.get_maximum_output_token()``), or a method of the class annotated ``-> int``
    (``self._sample(logits)``).  A count or an id of language-model tokens, not a
    credential."""
    fn = ctx.enclosing_def
    if fn is None or not nlp_token(name):
        return False
    args = fn.args
    for a in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
        if a is not None and a.arg == name:
            return a.annotation is not None and _numeric_type(a.annotation, ctx)
    bound = False
    for n in ast.walk(fn):
        if isinstance(n, (ast.For, ast.AsyncFor, ast.comprehension, ast.With, ast.AsyncWith)):
            targets = (
                [n.target]
                if not isinstance(n, (ast.With, ast.AsyncWith))
                else [i.optional_vars for i in n.items if i.optional_vars is not None]
            )
            if any(isinstance(e, ast.Name) and e.id == name for t in targets for e in ast.walk(t)):
                return False
        elif isinstance(n, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
            targets = n.targets if isinstance(n, ast.Assign) else [n.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                numeric = (isinstance(n, ast.AnnAssign) and _numeric_type(n.annotation, ctx)) or (
                    n.value is not None and _numeric(n.value, ctx)
                )
                if not numeric:
                    return False
                bound = True
            elif any(
                isinstance(e, ast.Name) and e.id == name for t in targets for e in ast.walk(t)
            ):
                return False  # unpacked: not known to be a number
    return bound


def _binds(n: ast.AST, name: str) -> bool:
    """The statement (or comprehension) ``n`` binds ``name``."""
    if isinstance(n, ast.Assign):
        targets: list[ast.AST] = list(n.targets)
    elif isinstance(
        n, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr, ast.For, ast.AsyncFor, ast.comprehension)
    ):
        targets = [n.target]
    elif isinstance(n, (ast.With, ast.AsyncWith)):
        targets = [i.optional_vars for i in n.items if i.optional_vars is not None]
    else:
        return False
    return any(isinstance(e, ast.Name) and e.id == name for t in targets for e in ast.walk(t))


def _typed_name(name: str, ctx: ModuleContext) -> _Owner | None:
    """Where the class of the parameter or local ``name`` comes from, when its one binding
    in the function says: a parameter's annotation, ``name = f(...)`` (the class called, or
    the function's return annotation), or ``a, name = self.method(...)`` (that item of the
    method's ``-> tuple[...]``)."""
    fn = ctx.enclosing_def
    if fn is None:
        return None
    bindings = [n for n in ast.walk(fn) if _binds(n, name)]
    args = fn.args
    param = next(
        (a for a in (*args.posonlyargs, *args.args, *args.kwonlyargs) if a.arg == name), None
    )
    if param is not None:
        q = _annotated_class(param.annotation, ctx) if not bindings else None
        return _Owner("class", q) if q else None
    if len(bindings) != 1 or not isinstance(bind := bindings[0], ast.Assign):
        return None
    value = bind.value.value if isinstance(bind.value, ast.Await) else bind.value
    if len(bind.targets) != 1 or not isinstance(value, ast.Call):
        return None
    target = bind.targets[0]
    if isinstance(target, ast.Name):
        func = value.func
        q = ctx.resolve(func) if isinstance(func, (ast.Name, ast.Attribute)) else None
        return _Owner("call", q) if q and ctx.is_project(q) else None
    method = _own_method(value.func, ctx)
    if method is None or not isinstance(target, ast.Tuple) or method.returns is None:
        return None
    names = [e.id if isinstance(e, ast.Name) else None for e in target.elts]
    returns = method.returns
    if not (
        isinstance(returns, ast.Subscript)
        and ctx.resolve(returns.value) in ("builtins.tuple", "typing.Tuple")
        and isinstance(returns.slice, ast.Tuple)
        and len(returns.slice.elts) == len(names)
    ):
        return None
    q = _annotated_class(returns.slice.elts[names.index(name)], ctx)
    return _Owner("class", q) if q else None


def _annotated_class(annotation: ast.expr | None, ctx: ModuleContext) -> str | None:
    """The project class an annotation names (``Token``, ``Token | None``,
    ``Optional[Token]``), else None."""
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        sides = [annotation.left, annotation.right]
        rest = [e for e in sides if not (isinstance(e, ast.Constant) and e.value is None)]
        return _annotated_class(rest[0], ctx) if len(rest) == 1 else None
    if isinstance(annotation, ast.Subscript) and ctx.resolve(annotation.value) == "typing.Optional":
        return _annotated_class(annotation.slice, ctx)
    if not isinstance(annotation, (ast.Name, ast.Attribute)):
        return None
    q = ctx.resolve(annotation)
    return q if ctx.is_project(q) else None


def _own_method(
    func: ast.expr, ctx: ModuleContext
) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The enclosing class's method ``self.method`` calls."""
    if not (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id == "self"
    ):
        return None
    fn = ctx.enclosing_def
    owner = next(
        (p for p in reversed(ctx.parents) if isinstance(p, ast.ClassDef) and fn in p.body), None
    )
    if owner is None:
        return None
    return next(
        (
            d
            for d in owner.body
            if isinstance(d, (ast.FunctionDef, ast.AsyncFunctionDef)) and d.name == func.attr
        ),
        None,
    )


#: Methods that decide how an object is printed: a class with its own may print anything.
_PRINTING_METHODS = frozenset({"__str__", "__repr__", "__format__", "__rich_repr__"})
#: Field names a class wrapping one credential keeps it under (``AccessToken.value``).
_HOLDER_FIELDS = frozenset(
    {"value", "raw", "jwt", "encoded", "plain", "plaintext", "text", "string", "content", "bearer"}
)


def _plain_record(project: Project, cls: Class | None) -> bool:
    """``cls`` is a record of the project printed by its fields (a model, an ORM row, a
    dataclass: none defines how it prints, none derives from a builtin such as ``str``),
    and none of its fields holds a credential -- no secret name, no generic holder
    (``value``, ``raw``, ``jwt`` ...) unless declared ``SecretStr``: logging it shows
    metadata (``PersonalToken(id=..., name=..., scopes=...)``), whatever its name."""
    if cls is None:
        return False
    ancestors = project.ancestors(cls.qname)
    if any(a.startswith("builtins.") and a != "builtins.object" for a in ancestors):
        return False
    fields = []
    for qn in [cls.qname, *sorted(ancestors)]:
        c = project.class_(qn)
        if c is None:
            continue
        if _PRINTING_METHODS & set(c.methods):
            return False
        fields += c.attributes
    return bool(fields) and not any(
        (is_log_secret(a.name) or a.name.strip("_").lower() in _HOLDER_FIELDS)
        and not any(qname_of(e) in SECRET_TYPES for e in iter_exprs(a.annotation))
        for a in fields
    )


def _numeric_method(func: ast.expr, ctx: ModuleContext) -> bool:
    """``self.method(...)`` where the enclosing class's ``method`` is annotated to return a
    number (``def _sample(self, logits) -> int``: a sampler's token id)."""
    if not (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id == "self"
    ):
        return False
    fn = ctx.enclosing_def
    owner = next(
        (p for p in reversed(ctx.parents) if isinstance(p, ast.ClassDef) and fn in p.body), None
    )
    if owner is None:
        return False
    method = next(
        (
            d
            for d in owner.body
            if isinstance(d, (ast.FunctionDef, ast.AsyncFunctionDef)) and d.name == func.attr
        ),
        None,
    )
    return bool(
        method is not None and method.returns is not None and _numeric_type(method.returns, ctx)
    )


def _numeric_type(annotation: ast.expr, ctx: ModuleContext) -> bool:
    return ctx.resolve(annotation) in _NUMERIC_TYPES if isinstance(annotation, ast.Name) else False


def _numeric(value: ast.AST, ctx: ModuleContext, depth: int = 0) -> bool:
    """``value`` is provably (or by its name) a number."""
    if depth > 4:
        return False
    if isinstance(value, ast.Constant):
        return isinstance(value.value, (int, float)) and not isinstance(value.value, bool)
    if isinstance(value, ast.UnaryOp):
        return isinstance(value.op, (ast.USub, ast.UAdd)) and _numeric(
            value.operand, ctx, depth + 1
        )
    if isinstance(value, ast.BinOp):
        if isinstance(value.op, (ast.Sub, ast.Div, ast.FloorDiv)):
            return True  # not defined on text
        if isinstance(value.op, (ast.Add, ast.Mult)):
            return _numeric(value.left, ctx, depth + 1) or _numeric(value.right, ctx, depth + 1)
        return False
    if isinstance(value, ast.Call):
        func = value.func
        if isinstance(func, (ast.Name, ast.Attribute)) and ctx.resolve(func) in _NUMERIC_CALLS:
            return True
        final = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        return _amount_name(final) or _numeric_method(func, ctx)
    if isinstance(value, ast.Attribute):
        return _amount_name(value.attr)
    return False


def _amount_name(name: str) -> bool:
    """A callable or attribute named for an amount of tokens (``count_tokens``,
    ``total_tokens``, ``get_maximum_output_token``, ``token_counter``)."""
    parts = [p for p in _CAMEL.sub("_", name).lower().split("_") if p]
    return any(p in ("token", "tokens") for p in parts) and _token_count_words(parts)


#: A mapping that holds secrets by name (``artifact.secrets``, ``vault``, ``credentials``).
_SECRET_MAPPING = lazy_compile(r"secret|credential|password|vault", re.IGNORECASE)


def _secret_mapping(node: ast.AST) -> bool:
    final = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
    return isinstance(final, str) and bool(_SECRET_MAPPING.search(final))


def _secret_mapping_key(name: str, ctx: ModuleContext) -> bool:
    """The function uses ``name`` as the key of a mapping of secrets (``secrets[secret_key]
    = value``, ``del vault[key]``, ``secrets.get(key)``): it is the name a secret is stored
    under, the secret is the value (seen in hypha).  A token used as the key of any other
    mapping (``sessions[token]``), or tested for membership (``password in passwords``, a
    set of values), is still the secret."""
    fn = ctx.enclosing_def
    if fn is None:
        return False

    def named(e: ast.AST) -> bool:
        return isinstance(e, ast.Name) and e.id == name

    for n in ast.walk(fn):
        if isinstance(n, ast.Subscript) and named(n.slice) and _secret_mapping(n.value):
            return True
        if (
            isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute)
            and n.func.attr in ("get", "pop", "setdefault")
            and n.args
            and named(n.args[0])
            and _secret_mapping(n.func.value)
        ):
            return True
    return False


def _secret_by_use(name: str, ctx: ModuleContext) -> bool:
    """The code calls ``name.get_secret_value()`` on the binding that is logged (a local of
    the enclosing function, else the module's global ``name`` wherever no function binds a
    name of its own): the value is a Pydantic ``SecretStr`` / ``SecretBytes``, which prints
    as ``**********``.  Not when ``name`` is ever bound to the result of a
    ``get_secret_value()`` call (then it may hold the plain text)."""
    if ctx.tree is None or b"get_secret_value" not in ctx.source:
        return False
    fn = ctx.enclosing_def
    scope: ast.AST = fn if fn is not None and _binds_locally(fn, name) else ctx.tree
    called = False
    stack: list[ast.AST] = [scope]
    while stack:
        n = stack.pop()
        if (
            n is not scope
            and isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            and _binds_locally(n, name)
        ):
            continue  # a name of its own there
        if isinstance(n, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
            targets = n.targets if isinstance(n, ast.Assign) else [n.target]
            if (
                any(isinstance(e, ast.Name) and e.id == name for t in targets for e in ast.walk(t))
                and n.value is not None
                and any(_unwraps_secret(e) for e in ast.walk(n.value))
            ):
                return False  # ``token = token.get_secret_value()``: the plain text
        if (
            isinstance(n, ast.Call)
            and _unwraps_secret(n)
            and isinstance(n.func, ast.Attribute)
            and isinstance(n.func.value, ast.Name)
            and n.func.value.id == name
        ):
            called = True
        stack.extend(ast.iter_child_nodes(n))
    return called


def _unwraps_secret(n: ast.AST) -> bool:
    """``x.get_secret_value()``: the plain text of a ``SecretStr`` / ``SecretBytes``."""
    return (
        isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and n.func.attr == "get_secret_value"
    )


def _binds_locally(fn: ast.AST, name: str) -> bool:
    """``name`` is a local of ``fn``: a parameter, or bound in its body without a
    ``global`` / ``nonlocal`` statement (nested functions are their own scopes)."""
    if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        args = fn.args
        every = (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg)
        if any(a is not None and a.arg == name for a in every):
            return True
    body = fn.body if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) else []
    stack: list[ast.AST] = list(body)
    bound = False
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.Global, ast.Nonlocal)) and name in n.names:
            return False
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store):
            bound = True
        stack.extend(ast.iter_child_nodes(n))
    return bound


#: Keyword arguments that name the object a call reads, creates or refers to
#: (``read_namespaced_secret(name=...)``, ``V1LocalObjectReference(name=...)``,
#: ``secret_name=...``).
_NAME_KEYWORD = lazy_compile(r"^(?:\w+_)?name$")


def _passed_as_name(node: ast.Name | ast.Attribute, ctx: ModuleContext) -> bool:
    """The code hands the same value on as the name of something: a ``name=`` (or
    ``..._name=``) keyword argument of a call, or the ``"name"`` key of a dict display.  For
    a local or parameter bound at most once, in its enclosing function; for ``self.attr``
    stored at most once in the class, in any method of the enclosing class.  The value is
    then an identifier (the name of a Kubernetes Secret, ``image_pull_secret``), not the
    credential the object holds."""
    text = dotted(node)
    scope: ast.AST | None
    if isinstance(node, ast.Name):
        scope = ctx.enclosing_def
    elif isinstance(node.value, ast.Name) and node.value.id == "self":
        scope = next((p for p in reversed(ctx.parents) if isinstance(p, ast.ClassDef)), None)
    else:
        return False
    if scope is None or text is None:
        return False
    stores = 0  # a parameter is bound once by the call
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
        a = scope.args
        stores = sum(p.arg == text for p in [*a.posonlyargs, *a.args, *a.kwonlyargs])
    named = False
    for n in walk(scope):
        if isinstance(n, (ast.Name, ast.Attribute)) and isinstance(n.ctx, (ast.Store, ast.Del)):
            stores += dotted(n) == text
        elif isinstance(n, ast.keyword):
            named = named or (
                n.arg is not None and bool(_NAME_KEYWORD.match(n.arg)) and dotted(n.value) == text
            )
        elif isinstance(n, ast.Dict):
            named = named or any(
                isinstance(k, ast.Constant) and k.value == "name" and dotted(v) == text
                for k, v in zip(n.keys, n.values)
            )
    return named and stores <= 1


def _masked_local(name: str, ctx: ModuleContext) -> bool:
    """The function re-binds ``name`` to a masked copy of itself before logging it
    (``api_key = api_key[:8] + "*" * 15``): what is logged is the mask."""
    fn = ctx.enclosing_def
    if fn is None:
        return False
    return any(
        isinstance(n, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == name for t in n.targets)
        and any(isinstance(e, ast.Name) and e.id == name for e in ast.walk(n.value))
        and _masks(n.value)
        for n in ast.walk(fn)
    )


#: ``"token": hashed_token``, ``token=hash_token(key)``, ``row.token = hashed``: a field
#: the project fills with a hash (``[\w.]*hash`` on the value's first name).
_HASHED_WRITE = lazy_compile(r"""[."'\s(,{](\w+)["']?\s*(?::|=(?!=))\s*[\w.]*hash""", re.IGNORECASE)


def _hashed_fields(project: Project) -> frozenset[str]:
    """Names of fields or keys that the project fills with a hash of the secret
    (``{"token": hashed_token}``, ``LiteLLMToken(token=hash_token(key))``): an attribute of
    that name holds the stored hash, an identifier of the key, not the key itself."""
    memo = project.__dict__.get("_log001_hashed")
    if memo is not None:
        return memo
    out: set[str] = set()
    for m in project.modules.values():
        text = project.read_text(m.path) or ""
        if "hash" in text:
            out.update(n for n in _hashed_writes(text) if is_log_secret(n))
    project.__dict__["_log001_hashed"] = result = frozenset(out)
    return result


def _hashed_writes(text: str) -> set[str]:
    """The names :data:`_HASHED_WRITE` finds in ``text``, searched in the three lines up to
    each ``hash`` rather than over the whole text: the pattern starts at any space, so a
    search of every file cost litellm ~2 s; every write it finds ends at a ``hash``.  (A
    write the whole-text search skipped because an earlier match overlapped it is found.)"""
    lower = text.lower()
    out: set[str] = set()
    at = lower.find("hash")
    while at >= 0:
        start = at
        for _ in range(3):
            start = text.rfind("\n", 0, start) if start > 0 else -1
            if start < 0:
                break
        out.update(_HASHED_WRITE.findall(text, max(start, 0), at + 4))
        at = lower.find("hash", at + 4)
    return out


def _splits(node: ast.AST, ctx: ModuleContext) -> bool:
    """``raw.split(",")``, ``text.splitlines()``, ``re.split(...)``: text cut into pieces."""
    if not isinstance(node, ast.Call):
        return False
    if isinstance(node.func, ast.Attribute) and node.func.attr in _SPLIT_METHODS:
        return True
    return ctx.resolve(node.func) in _SPLIT_CALLS


def _indexed_record(name: str, ctx: ModuleContext) -> bool:
    """``name`` is a record, not a credential: in the enclosing function it is not a
    parameter, every binding of it unpacks it from the items of a loop (``for j, (hf_token,
    gguf_token) in enumerate(zip(a, b))``) and the function reads one of its items by
    position (``hf_token[0]``).  A pair such as a tokenizer's (id, text), which an opaque
    credential string is not."""
    fn = ctx.enclosing_def
    if fn is None:
        return False
    args = fn.args
    if any(
        a is not None and a.arg == name
        for a in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg)
    ):
        return False
    unpacked = indexed = False
    for n in ast.walk(fn):
        if isinstance(n, (ast.For, ast.AsyncFor, ast.comprehension)):
            if isinstance(n.target, ast.Name) and n.target.id == name:
                return False  # the item itself, not unpacked
            if any(isinstance(e, ast.Name) and e.id == name for e in ast.walk(n.target)):
                unpacked = True
        elif isinstance(n, ast.Name) and n.id == name and not isinstance(n.ctx, ast.Load):
            continue  # (loop targets are seen above; other bindings below)
        elif isinstance(n, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr, ast.With)):
            targets = (
                n.targets
                if isinstance(n, ast.Assign)
                else [i.optional_vars for i in n.items if i.optional_vars is not None]
                if isinstance(n, ast.With)
                else [n.target]
            )
            if any(isinstance(e, ast.Name) and e.id == name for t in targets for e in ast.walk(t)):
                return False  # bound otherwise too
        elif (
            isinstance(n, ast.Subscript)
            and isinstance(n.value, ast.Name)
            and n.value.id == name
            and isinstance(n.slice, ast.Constant)
            and type(n.slice.value) is int
        ):
            indexed = True
    return unpacked and indexed


def _split_piece(name: str, ctx: ModuleContext) -> bool:
    """``name`` is a piece of text being parsed, not a credential: in the enclosing scope
    every binding of it is a ``for`` target over text cut by ``split`` (``for token in
    raw.split(",")``) or a cleaned copy of itself (``token = token.strip()``).  A parse
    token named ``token`` carries whatever the text held (a CIDR, a word)."""
    scope: ast.AST | None = None
    for p in reversed(ctx.parents):
        if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            scope = p
            break
    if scope is None or not isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    if any(
        a.arg == name for a in (*scope.args.posonlyargs, *scope.args.args, *scope.args.kwonlyargs)
    ):
        return False
    loops = 0
    for n in ast.walk(scope):
        if isinstance(n, (ast.For, ast.AsyncFor, ast.comprehension)):
            if isinstance(n.target, ast.Name) and n.target.id == name:
                if not _splits(n.iter, ctx) and not _split_list(n.iter, scope, ctx):
                    return False
                loops += 1
            elif any(isinstance(e, ast.Name) and e.id == name for e in ast.walk(n.target)):
                return False  # unpacked from pairs: not known to be a piece of text
        elif isinstance(n, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
            targets = n.targets if isinstance(n, ast.Assign) else [n.target]
            if not any(isinstance(t, ast.Name) and t.id == name for t in targets):
                if any(
                    isinstance(e, ast.Name) and e.id == name for t in targets for e in ast.walk(t)
                ):
                    return False  # unpacked from something else
                continue
            value = n.value
            if not (
                isinstance(value, ast.Call)
                and isinstance(value.func, ast.Attribute)
                and value.func.attr in _STR_CLEANERS
                and isinstance(value.func.value, ast.Name)
                and value.func.value.id == name
            ):
                return False
        elif isinstance(n, (ast.With, ast.AsyncWith)) and any(
            isinstance(i.optional_vars, ast.Name) and i.optional_vars.id == name for i in n.items
        ):
            return False
    return loops > 0


def _rejected_by(name: str, ctx: ModuleContext) -> str | None:
    """The converter ``name`` failed: the log call is in the ``except ValueError`` of a
    ``try`` whose body calls ``C(name)`` (``try: kind = SignalKind(token) except ValueError:
    log.warning("unknown kind %r", token)``); the qualified name of ``C``."""
    for i in range(len(ctx.parents) - 1, 0, -1):
        handler, parent = ctx.parents[i], ctx.parents[i - 1]
        if not (
            isinstance(handler, ast.ExceptHandler)
            and isinstance(parent, ast.Try)
            and handler in parent.handlers
            and _catches_value_error(handler.type, ctx)
        ):
            continue
        for stmt in parent.body:
            for n in ast.walk(stmt):
                if (
                    isinstance(n, ast.Call)
                    and isinstance(n.func, (ast.Name, ast.Attribute))
                    and not n.keywords
                    and len(n.args) == 1
                    and isinstance(n.args[0], ast.Name)
                    and n.args[0].id == name
                ):
                    return ctx.resolve(n.func)
    return None


def _catches_value_error(type_: ast.expr | None, ctx: ModuleContext) -> bool:
    types = type_.elts if isinstance(type_, ast.Tuple) else [type_] if type_ else []
    return any(ctx.resolve(t) == "builtins.ValueError" for t in types)


def _enum_of_project(project: Project, qname: str | None) -> bool:
    """``qname`` is an enum class of the project: its values are the project's own words."""
    if not qname:
        return False
    r = project.resolve(qname)
    return isinstance(r, Class) and bool(project.ancestors(r.qname) & _ENUMS)


def _split_list(
    node: ast.AST, scope: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext
) -> bool:
    """``node`` is a local of ``scope`` bound once, to text cut by ``split`` or to a list
    comprehension over such text (``tokens = [t.strip() for t in raw.split(",")]``): its
    items are pieces of that text."""
    if not isinstance(node, ast.Name):
        return False
    values = []
    for n in ast.walk(scope):
        if isinstance(n, ast.Name) and n.id == node.id and isinstance(n.ctx, ast.Store):
            values.append(n)
    if len(values) != 1:
        return False
    for n in ast.walk(scope):
        if (
            isinstance(n, ast.Assign)
            and len(n.targets) == 1
            and isinstance(n.targets[0], ast.Name)
            and n.targets[0].id == node.id
        ):
            value = n.value
            if _splits(value, ctx):
                return True
            return (
                isinstance(value, ast.ListComp)
                and len(value.generators) == 1
                and _splits(value.generators[0].iter, ctx)
                and isinstance(value.generators[0].target, ast.Name)
                and isinstance(value.elt, (ast.Name, ast.Call))
                and _piece_of(value.elt, value.generators[0].target.id)
            )
    return False


def _piece_of(elt: ast.expr, var: str) -> bool:
    """``t`` or a cleaned copy of it (``t.strip()``)."""
    if isinstance(elt, ast.Name):
        return elt.id == var
    return (
        isinstance(elt, ast.Call)
        and isinstance(elt.func, ast.Attribute)
        and elt.func.attr in _STR_CLEANERS
        and isinstance(elt.func.value, ast.Name)
        and elt.func.value.id == var
    )


def _template(node: ast.AST) -> str:
    """The literal text of a log message (a string, or an f-string's literal parts)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    return ""


def _names_only(project: Project, qname: str | None) -> bool:
    """A module-level constant whose value shows that it names or locates something rather
    than holding a secret: a route path or URL (``UPDATE_PASSWORD = "/users/update-password"``,
    also built by a call from such literals), a message, an environment variable's name, a
    namespaced key."""
    if not qname:
        return False
    r = project.resolve(qname)
    if not isinstance(r, Binding):
        return False
    value: Expr = r.value
    if isinstance(value, Lit):
        text = str_lit(value)
        return text is not None and _descriptive(text)
    if isinstance(value, Call) and value.qname not in ENV_READS:
        texts = [str_lit(a) for a in value.args]
        return (
            bool(texts)
            and all(isinstance(a, Lit) for a in value.args)
            and any(t is not None and _descriptive(t) for t in texts)
        )
    return False


#: Words naming a constant's literal as published on purpose: the fallback the code ships
#: (``DEFAULT_ADMIN_PASSWORD``), the login of a public demo (``DEMO_PASSWORD``).
_PUBLISHED_WORDS = frozenset({"default", "demo"})


def _written_default(project: Project, qname: str | None) -> bool:
    """A module-level constant named for a default (``DEFAULT_ADMIN_PASSWORD``) or a demo
    (``DEMO_PASSWORD``) bound to a string literal that is not key material
    (:func:`auditor.names.key_material`: no service key, JWT, PEM block or random run): the
    well-known fallback or the public demo's login the code ships, which a log line naming
    it (``using the default password %r``, ``demo user (demo/demo)``) tells nobody anything
    the code does not; the value hard-coded is SET003's to report."""
    if not qname:
        return False
    r = project.resolve(qname)
    if not isinstance(r, Binding) or _PUBLISHED_WORDS.isdisjoint(
        _CAMEL.sub("_", r.name).lower().split("_")
    ):
        return False
    text = str_lit(r.value) if isinstance(r.value, Lit) else None
    return bool(text) and not key_material(text or "")


def _literal_local(name: str, ctx: ModuleContext) -> bool:
    """``name`` is a local of the enclosing function bound only to string literals that
    name or decorate rather than hold a secret (:func:`_descriptive`: a terminal colour code
    ``GREEN_TOKEN = "\\033[92m"``, a message, a URL), or to f-strings spelling a variable's
    name (:func:`_env_name_template`): what is logged is written in the code."""
    fn = ctx.enclosing_def
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    args = fn.args
    every = (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg)
    if any(a is not None and a.arg == name for a in every):
        return False
    found = False
    for n in ast.walk(fn):
        if isinstance(n, (ast.Global, ast.Nonlocal)) and name in n.names:
            return False
        if not isinstance(n, ast.Name) or n.id != name or not isinstance(n.ctx, ast.Store):
            continue
        found = True
    if not found:
        return False
    for n in ast.walk(fn):
        if isinstance(n, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
            targets = n.targets if isinstance(n, ast.Assign) else [n.target]
            if not any(
                isinstance(e, ast.Name) and e.id == name for t in targets for e in ast.walk(t)
            ):
                continue
            value = n.value
            if (
                isinstance(n, ast.AugAssign)
                or len(targets) != 1
                or not isinstance(targets[0], ast.Name)
                or not _literal_text(value)
            ):
                return False
        elif isinstance(n, (ast.For, ast.AsyncFor, ast.comprehension, ast.With, ast.AsyncWith)):
            stores = (
                [n.target]
                if not isinstance(n, (ast.With, ast.AsyncWith))
                else [i.optional_vars for i in n.items if i.optional_vars is not None]
            )
            if any(isinstance(e, ast.Name) and e.id == name for t in stores for e in ast.walk(t)):
                return False
    return True


def _literal_text(value: ast.expr | None) -> bool:
    """A string literal that names or decorates (:func:`_descriptive`), or an f-string
    spelling a variable's name (:func:`_env_name_template`)."""
    if isinstance(value, ast.JoinedStr):
        return _env_name_template(value)
    return (
        isinstance(value, ast.Constant)
        and isinstance(value.value, str)
        and _descriptive(value.value)
    )


def _env_name_template(value: ast.JoinedStr) -> bool:
    """An f-string that spells an environment variable's name with holes
    (``f"ACME_WEBHOOK_{kind.upper()}_SECRET"``): its literal parts are upper-case identifier
    text (at least one letter), and with each hole taken for one word the whole is an
    upper-case variable name (:data:`_ENV_NAME`).  The value is the name under which a
    secret is looked up, not the secret; a hole holding a secret-named value
    (``f"KEY_{api_key}"``) keeps it reported."""
    text: list[str] = []
    literal = ""
    for part in value.values:
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            text.append(part.value)
            literal += part.value
        elif isinstance(part, ast.FormattedValue):
            for n in walk(part.value):
                spelt = (
                    n.id
                    if isinstance(n, ast.Name)
                    else n.attr
                    if isinstance(n, ast.Attribute)
                    else ""
                )
                if spelt and is_log_secret(spelt):
                    return False
            text.append("X")
        else:
            return False
    return any(ch.isupper() for ch in literal) and _ENV_NAME.match("".join(text)) is not None


#: The prefixes RFC 6265bis reserves for cookie names (``__Secure-1PSIDTS``, ``__Host-session``).
_COOKIE_NAME_PREFIXES = ("__Secure-", "__Host-")


def _descriptive(text: str) -> bool:
    """Text that names, locates or decorates something: words, a URL or path, an
    environment variable's name, an identifier, a cookie's name under a reserved prefix, or
    text with control characters (a terminal escape such as ``"\\033[92m"``)."""
    return (
        text.startswith(_COOKIE_NAME_PREFIXES)
        or not text.isprintable()
        or any(ch.isspace() for ch in text)
        or _URL.match(text) is not None
        or _ENV_NAME.match(text) is not None
        or identifier_value(text)
    )
