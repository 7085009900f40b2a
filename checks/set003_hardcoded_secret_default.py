from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity, snippet
from auditor.facts import Expr, Lit, Name, Other, iter_exprs
from auditor.lazyre import lazy_compile
from auditor.names import (
    NON_SECRET_SUFFIXES,
    SECRET_HEAD,
    SECRET_NAME,
    identifier_value,
    key_material,
    placeholder_value,
    publishable_key,
)
from auditor.project import Project
from auditor.scope import is_test_support
from auditor.walker import ModuleContext

#: ``<word>_KEY``: the key (in a dict, a scope, a session) a token or password is stored
#: under, not a key in the cryptographic sense (``SECRET_KEY``, ``API_KEY`` stay secrets).
_STORAGE_KEY = lazy_compile(r"(?:^|_)(token|password|passwd|pwd)_key$", re.IGNORECASE)
_IDENTIFIER = lazy_compile(r"^[a-z][a-z0-9]*(?:[_.:-][a-z0-9]+)*$")
#: A URL with embedded credentials.
CREDENTIAL_URL = lazy_compile(r"^[a-z][a-z0-9+.-]*://([^/\s:@]+):([^/\s@]+)@")
#: Template placeholders in the password part of a URL (``${DB_PASSWORD}``, ``{password}``).
_PLACEHOLDER = lazy_compile(r"^(?:\$\{[^}]*\}|\$[A-Za-z_]\w*|\{[^}]*\}|%\([^)]*\)s|<[^>]*>)$")
_ENV_REFERENCE = lazy_compile(r"^\$\{?[A-Za-z_]\w*(?::?-[^}]*)?\}?$")
_ANY_URL = lazy_compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_ENV_NAME = lazy_compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
_LOWER_PATH = lazy_compile(r"^\.{0,2}/[a-z0-9_\-./{}]*$")

_STRINGISH = frozenset(
    {
        "builtins.str",
        "builtins.bytes",
        "pydantic.SecretStr",
        "pydantic.SecretBytes",
        "pydantic.types.SecretStr",
        "pydantic.types.SecretBytes",
        "pydantic.v1.SecretStr",
        "pydantic.v1.SecretBytes",
    }
)
_SECRET_WRAPPERS = frozenset(_STRINGISH - {"builtins.str", "builtins.bytes"})
_FIELD = frozenset({"pydantic.Field", "pydantic.fields.Field", "pydantic.v1.Field"})
_LITERAL = frozenset({"typing.Literal", "typing_extensions.Literal"})
_CLASS_VAR = frozenset({"typing.ClassVar", "typing_extensions.ClassVar"})
_OTHER_FRAMEWORKS = ("django", "flask")


#: A secret the application itself signs or encrypts with (``SECRET_KEY``, ``JWT_SECRET``,
#: ``signing_key``) or a password (its database's): whatever its default, the default *is* the key when the environment
#: lacks one, so even ``"changeme"`` is reported.
_OWN_SECRET = lazy_compile(
    r"(?:^|_)(?:secret|signing|private|jwt|session|encryption|password|passwd|pwd)(?:_|$)", re.I
)
#: The secret half of a credential pair another service issues (an access key's secret, an
#: OAuth client's or consumer's secret, AWS's ``SECRET_ACCESS_KEY``): the application sends it
#: to that service, it does not sign or encrypt with it, so its placeholder is a stand-in.
_SERVICE_SECRET = lazy_compile(
    r"(?:^|_)(?:access_?key_secret|secret_access_key|client_secret|consumer_secret)(?=_|$)", re.I
)


def _own_secret(name: str) -> bool:
    """``name`` is a secret the application signs or encrypts with, or a password: its own
    words, once a service's credential-pair secret is set aside (``OSS_ACCESS_KEY_SECRET``
    is not, ``JWT_CLIENT_SECRET`` still is)."""
    return _OWN_SECRET.search(_SERVICE_SECRET.sub("_", name)) is not None


#: Conventional stand-ins for a third-party service's key: ``"EMPTY"`` (what local
#: OpenAI-compatible servers expect), ``"none"``, ``"dummy"``, ``"your-api-key"``, notes
#: that the value is still to come (``"tbd"``, ``"TODO"``, ``"unset"``); and the
#: documented stand-in keys of keyless local servers, which ignore the key while
#: OpenAI-compatible clients need a non-empty one: Ollama's ``"ollama"`` (its OpenAI
#: compatibility page: "required but ignored"), LM Studio's ``"lm-studio"`` / ``"lmstudio"``
#: and llama.cpp server's ``"sk-no-key-required"`` (its README's OpenAI client example).
_STAND_INS = frozenset(
    {"empty", "none", "null", "nil", "unused", "test", "na", "n/a", "-"}
    | {"tbd", "tba", "todo", "fixme", "unset", "notset", "not-set", "not_set"}
    | {"ollama", "lm-studio", "lmstudio", "sk-no-key-required"}
)


def _stand_in(value: str) -> bool:
    return value.strip().lower() in _STAND_INS or placeholder_value(value)


def is_secret_name(name: str) -> bool:
    lower = name.lower()
    if lower.endswith(NON_SECRET_SUFFIXES):
        return False
    return SECRET_NAME.search(lower) is not None


def credential_url(value: str) -> str | None:
    """A masked form of ``value`` when it is a URL with a real embedded password."""
    m = CREDENTIAL_URL.match(value)
    if m is None or _PLACEHOLDER.match(m.group(2)) or _PLACEHOLDER.match(m.group(1)):
        return None
    scheme = value.split("://", 1)[0]
    return f"{scheme}://{m.group(1)}:***@..."


_AUTHORITY = lazy_compile(r"@([^/\s:@?#]*)(?::([^/\s?#]*))?")
#: The names of a URL's slots, as a format description spells them
#: (``postgresql://user:password@host:port/dbname``).
_USER_SLOTS = frozenset({"user", "username", "usr", "login"})
_PASSWORD_SLOTS = frozenset({"password", "pass", "passwd", "pwd", "pw"})
_HOST_SLOTS = frozenset({"host", "hostname", "server"})


def template_url(value: str) -> bool:
    """A credential URL written as its own format: the user and password parts are the names
    of their slots, and so is the host or the port is no number
    (``postgresql://user:password@host:port/dbname``).  Nothing can connect with it, so its
    password is a slot, like ``{password}``; ``user:password@localhost:5432`` can connect
    to a local database and is not one."""
    m = CREDENTIAL_URL.match(value)
    authority = _AUTHORITY.match(value, m.end() - 1) if m else None
    if m is None or authority is None:
        return False
    user, password = m.group(1).lower(), m.group(2).lower()
    host, port = authority.group(1).lower(), authority.group(2)
    if user not in _USER_SLOTS or password not in _PASSWORD_SLOTS:
        return False
    return host in _HOST_SLOTS or (port is not None and not port.isdigit())


def _names_key(name: str, value: str) -> bool:
    """``value`` spells two or more consecutive word parts of ``name`` (``"csrftoken"``)."""
    compact = re.sub(r"[^a-z0-9]", "", value.lower())
    parts = [p for p in name.lower().split("_") if p]
    for i in range(len(parts)):
        for j in range(i + 2, len(parts) + 1):
            if "".join(parts[i:j]) == compact:
                return True
    return False


def not_a_secret(name: str, value: str) -> bool:
    """Values that name or point at a secret rather than being one."""
    if _ENV_REFERENCE.match(value) or _ANY_URL.match(value) or _LOWER_PATH.match(value):
        return True
    if _ENV_NAME.match(value) and SECRET_NAME.search(value):
        return True  # the name of the variable that holds it: ``"OPENAI_API_KEY"``
    if _names_key(name, value):
        return True  # a key name: ``ACCESS_TOKEN_KEY = "access_token"`` (not ``"secret"``)
    if identifier_value(value):
        return True  # a namespaced key or a URN: ``TOKEN_USAGE_KEY = "app.trace.tokenUsage"``
    if publishable_key(value):
        return True  # public by design: ``ANALYTICS_KEY = "phc_..."``
    m = _STORAGE_KEY.search(name)
    if m and _IDENTIFIER.match(value) and m.group(1).lower() in re.split(r"[_.:-]", value):
        return True  # the scope key a token is kept under: ``TOKEN_KEY = "ti_token"``
    return value.startswith("^") or value.endswith("$")  # a validation pattern


def _literal(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
        v = node.value
        return v if isinstance(v, str) else v.decode("latin-1")
    return None


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``; or,
    with ``compared`` set, a marker the judge uses and drops: the code compares a value
    named ``field`` with the literal ``compared`` (``settings.KEY != "fillmein"``)."""

    settings_class: str | None = None
    field: str | None = None
    value: str | None = None
    compared: str | None = None


def _lower_unread_fields(project: Project, hits: list[Hit]) -> None:
    """A settings field nothing in the project reads (no use of its name but its own
    declaration, no quoted ``"NAME"`` that ``getattr`` or a mapping could read it by) is
    reported at info: its default protects and exposes nothing in this code, yet a library
    handed the settings object may read it, and the day code uses it, the shipped value is
    the key.  An unknown answer (a file not read, a name used in too many files) keeps
    the warning.  Another class's declaration of the same name (a base class's field, a
    test's settings class) assigns it and reads nothing."""
    fields = {d.field for h in hits if (d := h.payload(_Data)).settings_class and d.field}
    if not fields:
        return
    uses = project.named_uses(fields)
    if uses is None:
        return
    quoted: set[str] = set()
    for path in project.repo.python_files():
        data = project.repo.read_bytes(path)
        if data is None:
            return
        quoted |= {f for f in fields if f'"{f}"'.encode() in data or f"'{f}'".encode() in data}
    declared = _declarations(project, fields)
    for h in hits:
        d = h.payload(_Data)
        if not d.settings_class or not d.field or d.field not in uses or d.field in quoted:
            continue
        own = (h.path, h.line)
        if any((u.path, u.line) not in declared and (u.path, u.line) != own for u in uses[d.field]):
            continue
        h.severity = Severity.INFO
        h.confidence = "medium"
        h.message += f"; nothing in the project reads `{d.field}`"


def _declarations(project: Project, fields: set[str]) -> set[tuple[str | None, int]]:
    """Where a class body declares one of ``fields`` (``SECRET_KEY: str = ...``), as (path,
    line): the name there is assigned, not read.  A default that may name the field itself
    (``SECRET_KEY = base.SECRET_KEY``, an expression the facts do not summarise) is left
    out: it may read it."""
    out: set[tuple[str | None, int]] = set()
    for m in project.by_path.values():
        for cls in m.classes.values():
            for attr in cls.attributes:
                if attr.name in fields and not _may_name(attr.default, attr.name):
                    out.add((m.path, attr.line))
    return out


def _may_name(default: Expr | None, name: str) -> bool:
    for e in iter_exprs(default):
        if isinstance(e, Other):
            return True
        if isinstance(e, Name) and (e.dotted is None or e.dotted.rsplit(".", 1)[-1] == name):
            return True
    return False


def _last_word(name: str) -> str:
    return name.lower().rsplit("_", 1)[-1]


def _dummy_block(name: str, value: str, defaults: dict[str, str]) -> bool:
    """``SMTP_PASSWORD = "password"`` beside ``SMTP_USERNAME = "username"``: fields of one
    group whose defaults spell their own names are a template's dummies for an optional
    feature, not a credential (a lone ``ADMIN_PASSWORD = "password"`` stays reported)."""
    prefix = name.lower().rpartition("_")[0]
    if not prefix or value.lower() != _last_word(name):
        return False
    return any(
        other != name
        and other.lower().rpartition("_")[0] == prefix
        and v.lower() == _last_word(other)
        and not is_secret_name(other)
        for other, v in defaults.items()
    )


def _compared_name(node: ast.AST) -> str | None:
    """The name a compared value goes by: ``settings.KEY`` / ``KEY`` -> ``KEY``."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def _str_constants(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return [
            e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
        ]
    return []


def _constant_value(node: ast.AST, ctx: ModuleContext) -> list[str]:
    """The string a module constant of this module holds (``DEFAULT_SECRET`` bound once to
    ``"change-me"``), read by its name; empty for anything else."""
    if not isinstance(node, ast.Name) or node.id not in ctx.module_constants:
        return []
    if ctx.resolve(node) != f"{ctx.module}.{node.id}":
        return []  # a local or a parameter of the same name
    bound = ctx.facts.bindings.get(node.id)
    return [bound.value] if isinstance(bound, Lit) and isinstance(bound.value, str) else []


def _passed_as(param: str, ctx: ModuleContext) -> list[str]:
    """The names of the values this module passes for ``param``, a parameter of the
    module-level function being walked (``check_key(settings.secret_key)`` for ``key``):
    what a comparison of the parameter compares.  Empty when ``param`` is no parameter of
    such a function."""
    scope = ctx.scope
    fn = scope.node
    if (
        not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
        or scope.parent is not ctx.module_scope
        or ctx.tree is None
    ):
        return []
    positional = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]
    if param not in positional and param not in {a.arg for a in fn.args.kwonlyargs}:
        return []
    index = positional.index(param) if param in positional else None
    if not _named_again(fn.name, ctx):
        return []  # the module writes the name only in its ``def``: no call to read
    found = []
    for call in ctx.name_calls(fn.name):
        passed = next((k.value for k in call.keywords if k.arg == param), None)
        if (
            passed is None
            and index is not None
            and index < len(call.args)
            and not any(isinstance(a, ast.Starred) for a in call.args[: index + 1])
        ):
            passed = call.args[index]
        name = _compared_name(passed) if passed is not None else None
        if name is not None and name != param:
            found.append(name)
    return found


#: Settings for a local OpenAI-compatible server (Ollama on its loopback port) whose key
#: fields default to ``{key}``: the server's documented stand-in, or a real-looking key.
_LOCAL_LLM_SETTINGS = """\
from pydantic import Field
from pydantic_settings import BaseSettings


class LLMSettings(BaseSettings):
    ollama_base_url: str = Field(default="http://localhost:11434")
    ollama_api_key: str = Field(default="{key}")
    embedding_api_key: str = Field(default="{key}", alias="EMBEDDING_API_KEY")


settings = LLMSettings()
"""


def _local_llm_files(key: str) -> dict[str, str]:
    return {
        "app/main.py": "from fastapi import FastAPI\n\nfrom app.config import settings\n\n"
        "app = FastAPI()\nkeys = (settings.ollama_api_key, settings.embedding_api_key)\n",
        "app/config.py": _LOCAL_LLM_SETTINGS.format(key=key),
    }


#: An app whose launch command refuses its settings' shipped key on a reachable address,
#: comparing it, through a helper's parameter, with a module constant (the sentinel twins
#: differ in the field the command hands the helper).
_REFUSING_CONFIG = """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    host: str = "0.0.0.0"
    secret_key: str = "change-me"
    api_token: str = ""


settings = Settings()
"""
_REFUSING_MAIN = """\
from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware

from app.config import settings

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key=settings.secret_key)
"""
_REFUSING_SERVE = """\
import sys

import uvicorn

from app.config import settings

SHIPPED_KEY = "change-me"


def refusal(key: str, host: str) -> str | None:
    if key == SHIPPED_KEY and host not in ("127.0.0.1", "localhost"):
        return "set APP_SECRET_KEY: the shipped key signs every session"
    return None


def main() -> None:
    reason = refusal({passed}, settings.host)
    if reason:
        sys.exit(reason)
    uvicorn.run("app.main:app", host=settings.host)
"""


def _refusing_files(passed: str) -> dict[str, str]:
    return {
        "app/config.py": _REFUSING_CONFIG,
        "app/main.py": _REFUSING_MAIN,
        "app/serve.py": _REFUSING_SERVE.format(passed=passed),
    }


def _named_again(name: str, ctx: ModuleContext) -> bool:
    """The module's text holds ``name`` more than once (its ``def`` and something else): a
    search of the text, so that :meth:`ModuleContext.name_calls` is only asked where a
    call could be found."""
    state = ctx.state(_State)
    found = state.named.get(name)
    if found is None:
        found = state.named[name] = ctx.source.count(name.encode()) > 1
    return found


@dataclass
class _State:
    cached: bool | None = None  # the module-wide answer (None: not computed yet)
    named: dict[str, bool] = dc_field(default_factory=dict)  # (see _named_again)


class HardcodedSecretDefault(Check):
    """
    ## What it does
    Looks for secrets written into the application's code:

    1. a field of a settings class (a `pydantic_settings.BaseSettings` subclass) whose name
       says it is a secret and whose default is a non-empty string or bytes literal, or
       `SecretStr("...")` (also through `Field(default=...)`);
    2. a module-level constant such as `NAME = "..."` whose name says it is a secret and whose
       value is key material: a key of a well-known service by its prefix (`sk_live_`,
       `ghp_`, `SG.` ...), a PEM private key, a JWT, or a random run of hex or base64
       characters (mixed case and digits, high entropy, not made of words);
    3. a URL with an embedded password (`postgresql://app:s3cret@db/app`) used as a settings
       default or a module constant, whatever its name.

    A name "says it is a secret" when one of its snake or upper case word parts is `secret`,
    `password`, `passwd`, `pwd`, `token`, `api_key`/`apikey`, `private_key`, `signing_key`,
    `access_key`, `client_secret` or `dsn`, unless it ends in `_url`, `_uri`, `_endpoint`,
    `_path`, `_expire`, `_expires`, `_expire_minutes`, `_ttl`, `_length`, `_min_length`,
    `_type`, `_alg`, `_algorithm`, `_header`, `_name`, `_field`, `_prefix` or
    `_cookie_name` — or, beyond the catalogue, `_audience`, `_aud`, `_issuer`, `_scope`,
    `_scopes`, `_file`, `_filename`, `_file_name` or `_dir` (JWT claim values such as fastapi-users' `RESET_PASSWORD_TOKEN_AUDIENCE =
    "fastapi-users:reset"` are labels, not keys): `TOKEN_URL`, `JWT_ALG` and
    `PASSWORD_MIN_LENGTH` are not secrets.  A settings field's name must moreover have a
    secret word as its head noun (its last word, or last two: `DB_PASSWORD`, `JWT_SECRET`,
    `OPENAI_API_KEY`, `SECRET_KEY`; an environment qualifier such as `_PROD` and a version
    number after it at most), unless its default is
    key material: `AUTH_TOKEN_USERNAME = "preferred_username"` or `TOKEN_ROLES =
    "realm_access#roles"` name a claim of a token, not a token.

    Tests, tooling, `docs/`, `examples/` and `scripts/` are not scanned.

    ## Why is this bad?
    A secret in the source is in git, in every clone, in every image built from it and,
    often, in logs.  As a settings default it is worse: when the environment variable is
    missing in production, pydantic-settings silently uses the default instead of refusing
    to start, so the app runs with a key everybody can read.  The sources keep secrets in
    the environment ([Production guide 2026]: "Use environment variables for secrets")
    and declare them as required fields without a default: `JWT_SECRET: str`
    ([ForgeAPI guide], [zhanymkanov README]), `secret_key: str`
    ([Production skill 2025], [Patterns reference]).

    In a settings class, a placeholder such as `"changeme"` is reported too when the field
    is a secret the application signs or encrypts with (`secret`, `signing`, `private`,
    `jwt`, `session`, `encryption` in its name) or a password: placeholder defaults are exactly the ones
    that reach production.  A placeholder or stand-in (`"EMPTY"`, `"none"`, `"dummy"`,
    `"your-api-key"`, the documented stand-in keys of keyless local servers: Ollama's
    `"ollama"`, LM Studio's `"lm-studio"`, llama.cpp server's `"sk-no-key-required"`)
    for another service's key or token is not: it is sent to that service,
    which refuses it, and it gives nothing away.  The secret half of a credential pair that
    service issues (`access_key_secret`, `secret_access_key`, `client_secret`,
    `consumer_secret`) is such a key, though its name says `secret`.

    ## Example
    ```python
    class AuthConfig(BaseSettings):
        JWT_ALG: str = "HS256"
        JWT_SECRET: str = "changeme-please-123"


    SENDGRID_API_KEY = "SG.abcdefghijklmnop"
    ```

    ## Use instead
    ```python
    class AuthConfig(BaseSettings):
        JWT_ALG: str = "HS256"
        JWT_SECRET: SecretStr          # required; SecretStr masks it in repr and logs
        SENDGRID_API_KEY: SecretStr
    ```
    Rotate any secret that was committed: it stays in the git history.

    ## Fix safety
    No automatic fix: removing a default makes the variable required, which changes how the
    app starts in every environment that relied on it.

    ## Known problems
    Test support shipped in the package (a module that imports pytest and defines fixtures
    or `pytest_*` hooks, such as a `testing_utils.py`) is test code like `tests/`: its
    credentials are the tests' own (a sandbox token), and are not reported.

    A module constant is only reported on evidence from its value: a secret-looking name
    alone is not enough (`TOKEN_MASK = "********"`, `BOS_TOKEN = "<|begin_of_text|>"`,
    `_TOKEN_COUNTING_ACTION = "countTokens"`, `HF_TOKEN_PATH = "~/.cache/token"`, an
    `ADMIN_PASSWORD = "password1"` that may well be a test value).  So a weak password written
    as a constant is missed, and so is a secret under a neutral name (`STRIPE = "sk_live_..."`).
    Masks, template slots and placeholders (`"your-key-here"`, `"changeme"`, `"xxxx"`) are
    never key material.

    A settings field is reported whatever its value shape, because its default *is* used as
    the secret whenever the environment lacks it, but not when the value is:

    - an environment reference (`"${JWT_SECRET}"`) or a URL without credentials;
    - a lower-case path (`"/run/secrets/token"`) or a validation pattern (`"^...$"`);
    - the upper-case name of the variable holding the secret (`"OPENAI_API_KEY"`);
    - a key name spelling two or more word parts of the name (`access_token_key =
      "access_token"`);
    - for a name ending in `TOKEN_KEY` or `PASSWORD_KEY` (the key a token is stored under,
      unlike `SECRET_KEY` or `API_KEY`), an identifier containing that word;
    - a namespaced identifier of words joined by `.` or `:` (`"gen_ai.token.type"`,
      `b"app:signing:"`, a URN): key material has no such structure;
    - a key that is public by design, by its prefix: PostHog's `phc_`, Stripe's (and
      Clerk's) publishable `pk_live_` / `pk_test_`, Mapbox's `pk.`;
    - a sentinel the code detects: the project compares the field with that very literal
      (`settings.ENCRYPTION_KEY != "fillmein"`, `... in ("", "fillmein")`, or with a module
      constant holding it, `DEFAULT_SECRET = "fillmein"`), refusing it at start-up or
      running without the feature, also through a parameter of a module-level function
      the same module calls with the field (`check_key(settings.SECRET_KEY)` where
      `check_key(key)` compares `key`); a literal compared with another field is no
      evidence for this one;
    - one of a group of dummies: the default spells the field's own last word and a
      sibling of the same prefix does the same (`SMTP_PASSWORD = "password"` beside
      `SMTP_USERNAME = "username"`), a template for an optional feature; a lone
      `ADMIN_PASSWORD = "password"` is still reported.

    A credential URL written as its own format, whose user and password parts name their
    slots and whose host does too or whose port is no number
    (`postgresql://user:password@host:port/dbname`), is no credential: nothing can connect
    with it.  As a settings default it is reported at `info` (the app starts without the
    variable and fails only when it connects); as a module constant it is not reported.
    `user:password@localhost:5432` can reach a local database and stays a credential.

    A settings field nothing in the project reads (no use of its name but its declaration
    and other classes' declarations of the name, no quoted `"NAME"` a `getattr` could read it by) is reported at `info`: the default
    protects and exposes nothing in this code today, but a library handed the settings
    object may read it by name, and the day code uses the field, the shipped value is the
    key.  So the finding stays, below the warnings.

    Names ending in `_file`, `_filename`, `_file_name` or `_dir` locate a secret, and names
    ending in `_id` (`AWS_ACCESS_KEY_ID`) identify one: they are not secrets either.

    Settings fields are only considered when annotated as `str`, `bytes`, `SecretStr` or
    `SecretBytes` (also inside `Optional`, `X | None` or `Annotated`), never as a `Literal`
    or `ClassVar`.  Modules of Django or Flask code are left to those frameworks' own
    tools.  JWT keys passed literally to `jwt.encode`/`jwt.decode` are reported by SEC003,
    not here.  Overlaps ruff S105, S106 and S107, which are name-based and know nothing of
    settings classes.

    ## References
    - [Production guide 2026] (security checklist: "Use environment variables for secrets")
    - [ForgeAPI guide], [zhanymkanov README] (`JWT_SECRET: str`, required)
    - [Production skill 2025], [Patterns reference] (`secret_key: str`, required)
    - pydantic docs, "Secret types" (`SecretStr`)
    """

    id = "SET003"
    name = "hardcoded-secret-default"
    category = "settings"
    severity = Severity.WARNING
    heuristic = True
    message = "hard-coded secret"
    fix_title = (
        "Make the secret a required setting (`SecretStr`, no default) read from the environment"
    )
    fix_safe = False
    sources = (
        "Production guide 2026",
        "ForgeAPI guide",
        "Production skill 2025",
        "Patterns reference",
        "zhanymkanov README",
    )

    # -- settings fields (judged against the class hierarchy) ----------------------------
    def visit_ClassDef(self, node: ast.ClassDef, ctx: ModuleContext) -> None:
        if not node.bases:
            return
        cls = next(
            (
                c
                for c in ctx.facts.classes.values()
                if c.name == node.name and c.line == node.lineno
            ),
            None,
        )
        if cls is None:
            return
        defaults = {
            stmt.target.id: v
            for stmt in node.body
            if isinstance(stmt, ast.AnnAssign)
            and isinstance(stmt.target, ast.Name)
            and stmt.value is not None
            and (v := _literal(stmt.value)) is not None
        }
        for stmt in node.body:
            if not (
                isinstance(stmt, ast.AnnAssign)
                and isinstance(stmt.target, ast.Name)
                and stmt.value is not None
            ):
                continue
            name = stmt.target.id
            value = self._default(stmt.value, ctx)
            if value is None or not value:
                continue
            masked = credential_url(value)
            if masked is not None and template_url(value):
                ctx.report(
                    stmt,
                    f"settings field `{name}` defaults to a URL template whose parts name their "
                    f"slots (`{value}`): no credential, but the app starts without the variable "
                    "and fails only when it connects; make it required",
                    severity=Severity.INFO,
                    data=_Data(settings_class=cls.qname),
                )
                continue
            if masked is not None:
                ctx.report(
                    stmt,
                    f"settings field `{name}` defaults to a URL with an embedded password (`{masked}`)",
                    data=_Data(settings_class=cls.qname),
                )
                continue
            if not is_secret_name(name) or not self._stringish(stmt.annotation, ctx):
                continue
            if SECRET_HEAD.search(name) is None and not key_material(value):
                continue  # ``AUTH_TOKEN_USERNAME = "preferred_username"``: about a token
            if not_a_secret(name, value):
                continue
            if _stand_in(value) and not key_material(value) and not _own_secret(name):
                continue  # ``openai_api_key: str = "EMPTY"``: a stand-in for a service's key
            if _dummy_block(name, value, defaults):
                continue
            ctx.report(
                stmt,
                f"settings field `{name}` has a hard-coded secret default: make it required (ruff S105)",
                data=_Data(settings_class=cls.qname, field=name, value=value),
            )

    # -- sentinels: the code compares the field with its default ------------------------
    def visit_Compare(self, node: ast.Compare, ctx: ModuleContext) -> None:
        if len(node.ops) != 1 or not isinstance(
            node.ops[0], (ast.Eq, ast.NotEq, ast.In, ast.NotIn)
        ):
            return
        left, right = node.left, node.comparators[0]
        for named, literal in ((left, right), (right, left)):
            name = _compared_name(named)
            if name is None:
                continue
            written = _str_constants(literal)
            if not written and not isinstance(literal, ast.Name):
                continue  # neither a literal nor a constant's name: nothing to read
            fields = [name]
            if isinstance(named, ast.Name):
                fields += _passed_as(named.id, ctx)
            # only a secret's sentinel matters (and markers stay few); the constant's value
            # is read only then (it asks for the module's constants: a walk of the module)
            secrets = [f for f in fields if is_secret_name(f)]
            if not secrets:
                continue
            values = [v for v in written or _constant_value(literal, ctx) if v]
            for field in secrets:
                for value in values:
                    ctx.report(
                        node,
                        f"`{field}` is compared with a literal",
                        data=_Data(field=field, compared=value),
                    )

    def _default(self, value: ast.AST, ctx: ModuleContext) -> str | None:
        lit = _literal(value)
        if lit is not None:
            return lit
        if isinstance(value, ast.Call):
            q = ctx.resolve(value.func)
            if q in _SECRET_WRAPPERS and value.args:
                return _literal(value.args[0])
            if q in _FIELD:
                inner = next((k.value for k in value.keywords if k.arg == "default"), None)
                if inner is None and value.args:
                    inner = value.args[0]
                if inner is not None and not isinstance(inner, ast.Call):
                    return _literal(inner)
                if (
                    isinstance(inner, ast.Call)
                    and ctx.resolve(inner.func) in _SECRET_WRAPPERS
                    and inner.args
                ):
                    return _literal(inner.args[0])
        return None

    def _stringish(self, annotation: ast.AST, ctx: ModuleContext) -> bool:
        found = False
        for sub in ast.walk(annotation):
            if isinstance(sub, (ast.Name, ast.Attribute)):
                q = ctx.resolve(sub)
                if q in _LITERAL or q in _CLASS_VAR:
                    return False
                if q in _STRINGISH:
                    found = True
            elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                return False  # a string annotation: not looked into
        return found

    # -- module constants ---------------------------------------------------------------
    def visit_Assign(self, node: ast.Assign, ctx: ModuleContext) -> None:
        for target in node.targets:
            self._constant(node, target, node.value, ctx)

    def visit_AnnAssign(self, node: ast.AnnAssign, ctx: ModuleContext) -> None:
        if node.value is not None:
            self._constant(node, node.target, node.value, ctx)

    def _constant(
        self, stmt: ast.stmt, target: ast.AST, value: ast.AST, ctx: ModuleContext
    ) -> None:
        if ctx.scope.kind != "module" or not isinstance(target, ast.Name):
            return
        lit = _literal(value)
        if not lit:
            return
        if self._other_framework(ctx):
            return
        name = target.id
        masked = credential_url(lit)
        if masked is not None and not template_url(lit):
            ctx.report(
                stmt, f"`{name}` is a URL with an embedded password (`{masked}`)", data=_Data()
            )
            return
        if not is_secret_name(name) or not key_material(lit):
            return  # the name alone is no evidence: the value must look like key material
        ctx.report(
            stmt,
            f"module constant `{name}` holds a hard-coded secret: read it from the settings (ruff S105)",
            data=_Data(),
        )

    def _other_framework(self, ctx: ModuleContext) -> bool:
        state = ctx.state(_State)
        if state.cached is None:
            facts = ctx.facts
            state.cached = any(
                q.split(".", 1)[0] in _OTHER_FRAMEWORKS for q in facts.imports.values()
            ) or any(n in facts.bindings for n in ("INSTALLED_APPS", "ROOT_URLCONF"))
        return state.cached

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        # a default the code compares the field with (``settings.KEY != "fillmein"``) is a
        # sentinel it detects, refusing it or running without the feature: not the secret
        sentinels = {
            (d.field, d.compared) for h in hits if (d := h.payload(_Data)).compared is not None
        }
        out = []
        support: dict[str, bool] = {}
        for h in hits:
            d = h.payload(_Data)
            if d.compared is not None or (d.field, d.value) in sentinels:
                continue
            path = h.path or ""
            if path not in support:
                m = project.by_path.get(path)
                support[path] = m is not None and is_test_support(m)
            if support[path]:
                continue  # a pytest plugin or fixture module: test code shipped in the package
            cls = d.settings_class
            if cls is not None and not _is_settings(project, cls):
                continue
            out.append(h)
        _lower_unread_fields(project, out)
        return out

    bad = (
        Example(
            files=_local_llm_files("ol-7Qf2Lk9ZpX4vB8nR3tW6yH1c"),
            note="the other side of a keyless local server's stand-in: a real-looking key as "
            "the default is a secret, whatever server the base URL names",
            lines=(7, 8),
        ),
        Example(
            files=_refusing_files("settings.api_token"),
            note="the launch command refuses the shipped literal in another field (its API "
            "token), not in the signing key: no evidence the key's default is refused",
            lines=(6,),
        ),
        snippet(
            """\
import pytest

TOKEN = "hf_2bQ7vLrT9kXw4mNpZc8sYd3FgHj6KqAe"


def skip_offline() -> None:
    pytest.skip("offline")
""",
            path="app/hub.py",
            with_files={
                "app/main.py": "from fastapi import FastAPI\n\nfrom app import hub\n\napp = FastAPI()\n"
            },
            note="a module that imports pytest but defines no fixture or hook is no test support",
            lines=(3,),
        ),
        Example(
            files={
                "app/config.py": """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    SECRET_KEY: str = "test-secret-key-for-testing"  # reserved for later use
    JWT_SECRET: str = "jwt-dev-secret-1"
    SESSION_SECRET: str = "session-dev-secret-1"


settings = Settings()
""",
                "app/main.py": """\
import jwt
from fastapi import FastAPI

from app.config import settings

app = FastAPI()


@app.get("/token/{user}")
async def token(user: str) -> dict[str, str]:
    return {"token": jwt.encode({"sub": user}, settings.JWT_SECRET, algorithm="HS256")}


@app.get("/session-key-length")
async def session_key_length() -> int:
    return len(getattr(settings, "SESSION_SECRET"))
""",
            },
            note="unread fields: a secret default nothing in the project reads is still "
            "reported, at info (a library handed the settings may read it; the day code "
            "does, the shipped value is the key); the read ones stay warnings",
            lines=(5, 6, 7),
        ),
        Example(
            files={
                "app/config.py": """\
import secrets

from pydantic_settings import BaseSettings


class BaseConfig(BaseSettings):
    SECRET_KEY: str = secrets.token_hex(32)
    TOKEN_SECRET: str = secrets.token_hex(32)


class Settings(BaseConfig):
    SECRET_KEY: str = "project-secret-key-1"
    TOKEN_SECRET: str = "token-dev-secret-1"
""",
                "app/main.py": """\
from fastapi import FastAPI

from app.config import Settings

app = FastAPI()


@app.get("/token-length")
async def token_length() -> int:
    return len(Settings().TOKEN_SECRET)
""",
                "tests/test_config.py": """\
from app.config import Settings


class LocalSettings(Settings):
    SECRET_KEY: str = "local"


def test_local() -> None:
    assert LocalSettings().TOKEN_SECRET
""",
            },
            note="unread through declarations: a base class's and a test's declarations of "
            "`SECRET_KEY` assign it and read nothing (info); `TOKEN_SECRET` is read (warning)",
            lines=(12, 13),
        ),
        snippet(
            """\
from pydantic_settings import BaseSettings


class AuthConfig(BaseSettings):
    JWT_ALG: str = "HS256"
    JWT_SECRET: str = "changeme-please-123"


SENDGRID_API_KEY = "SG.abcdefghijklmnop"
""",
            lines=(6, 9),
        ),
        snippet(
            """\
from pydantic_settings import BaseSettings


class AuthSettings(BaseSettings):
    jwt_client_secret: str = "changeme"
    session_secret: str = "your-session-secret"
    OSS_ACCESS_KEY_SECRET: str = "LTAI5tQ8r2xZ9vKcP3mWn7Yd"
    SECRET_KEY: str = "ToBeChanged"
""",
            note="a pair secret the app also signs with (`jwt`), its own session secret, and "
            "a real-looking value stay reported; so does the app's own signing key whose "
            "default is a placeholder (`ToBeChanged`): it is the key when the environment "
            "lacks one",
            lines=(5, 6, 7, 8),
        ),
        snippet(
            """\
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings as Base


class Settings(Base):
    secret_key: SecretStr = SecretStr("dev-secret")
    stripe_api_key: str | None = Field(default="sk_test_123")
    db_password: bytes = b"hunter2"
    database_url: str = "postgresql+asyncpg://app:s3cret@localhost:5432/app"
""",
            note="SecretStr(...), Field(default=...), bytes, and a URL with a password",
            lines=(6, 7, 8, 9),
        ),
        snippet(
            """\
from pydantic import Field
from pydantic_settings import BaseSettings


class StoreSettings(BaseSettings):
    POSTGRES_URL: str = Field(
        default="postgresql://user:password@host:port/dbname",
        description="postgresql://user:password@host:port/dbname",
    )
    REDIS_URL: str = "redis://username:password@hostname:6379/0"
    LOCAL_URL: str = "postgresql://user:password@localhost:5432/dbname"
""",
            note="URL templates: every part names its slot (the port no number, or the host "
            "`host`): no credential, at info; a dummy password on a reachable host stays a warning",
            lines=(6, 10, 11),
        ),
        Example(
            files={
                "app/config.py": "from pydantic_settings import BaseSettings\n\n\nclass BaseConfig(BaseSettings):\n    debug: bool = False\n",
                "app/payments/config.py": """\
from app.config import BaseConfig


class PaymentsConfig(BaseConfig):
    STRIPE_TOKEN: str = "stripe-dev-token-2"
    JWT_SECRET: str = "secret"


REDIS_DSN = "redis://default:p4ssw0rd@cache:6379/0"
GITHUB_TOKEN: str = "ghp_0123456789abcdef"
""",
            },
            note="a project subclass of a settings class; a made-up token, a placeholder of the "
            "app's own signing secret; a credential URL under any name",
            lines=(5, 6, 9, 10),
        ),
        snippet(
            """\
SESSION_TOKEN_KEY = "a8f9e7d6c5b4a3f2"
JWT_SIGNING_KEY = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.dBjftJeZ4CVPmB92K27uhbUJU1p1r"
STRIPE_API_KEY = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
DEFAULT_SECRET_KEY = "wNFbczH3QhUVcPALwtWZCPi0lrDlGV3P1DPRVEQCPbM"
SERVICE_PRIVATE_KEY = "-----BEGIN RSA PRIVATE KEY-----\\nMIIEow..."
""",
            path="app/defaults.py",
            note="the value is the evidence: random hex, a JWT, a secret (not publishable) key "
            "prefix, random base64 key material, a PEM private key",
            lines=(1, 2, 3, 4, 5),
        ),
        Example(
            files={
                "app/config.py": """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    SECRET_KEY: str = "PLACEHOLDER"
    SERVICE_API_KEY: str = "PLACEHOLDER"
    ADMIN_USER: str = "admin"
    ADMIN_PASSWORD: str = "password"


settings = Settings()
""",
                "app/main.py": """\
from fastapi import FastAPI

from app.config import settings

app = FastAPI()
service_key = settings.SERVICE_API_KEY if settings.SERVICE_API_KEY != "PLACEHOLDER" else None
""",
            },
            note="a placeholder the code checks on another field still signs with this one; "
            "a lone weak admin password is no template of dummies",
            lines=(5, 8),
        ),
        snippet(
            """\
from pydantic_settings import BaseSettings


class KeycloakSettings(BaseSettings):
    KC_ADMIN_TOKEN_PROD: str = "ghp_9f8e7d6c5b4a3f2e1d0c"
    KC_CLIENT_SECRET_2: str = "kc-dev-client-secret"
    KC_DB_PASSWORD_STAGING: str = "weak"
    KC_ADMIN_TOKEN_OWNER: str = "ghp_1a2b3c4d5e6f7a8b9c0d"
""",
            note="the other side of the head-noun trap: a secret head with an environment "
            "qualifier or a version number after it, a key-material value under another head",
            lines=(5, 6, 7, 8),
        ),
    )
    good = (
        Example(
            files=_local_llm_files("ollama"),
            note="the documented stand-in key of a keyless local server (Ollama's `ollama`: "
            "OpenAI-compatible clients need a non-empty key, the server ignores it) gives "
            "nothing away (davybot dawei/config/settings.py:321, :325)",
        ),
        Example(
            files=_refusing_files("settings.secret_key"),
            note="a sentinel the launch command refuses on a reachable address: it hands "
            "the key to a helper that compares it with a module constant holding the "
            "default (webgate webgate/__main__.py:20, :53, :71)",
        ),
        snippet(
            """\
from pydantic_settings import BaseSettings


class AuthSettings(BaseSettings):
    AUTH_TOKEN_USERNAME: str = "preferred_username"
    AUTH_TOKEN_ROLES: str = "realm_access#roles"
    AUTH_TOKEN_CLAIM: str = "email"
    PASSWORD_POLICY: str = "strict"
    SECRET_STORE_BACKEND: str = "vault-kv2"
    HF_TOKEN_PATH_LEGACY: str = "~/.huggingface/token"
""",
            note="trap: the secret word is not the head noun (the field names a claim of a "
            "token, a policy, a backend) and the value is no key material",
        ),
        Example(
            files={
                "app/config.py": """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    ENABLE_ENCRYPTION: bool = False
    ENCRYPTION_SECRET_KEY: str = "fillmein"
    SMTP_HOST: str = "localhost"
    SMTP_USERNAME: str = "username"
    SMTP_PASSWORD: str = "password"


settings = Settings()
""",
                "app/crypto.py": """\
from app.config import settings


def encryption_enabled() -> bool:
    if settings.ENABLE_ENCRYPTION and settings.ENCRYPTION_SECRET_KEY in ("", "fillmein"):
        raise RuntimeError("set ENCRYPTION_SECRET_KEY")
    return settings.ENABLE_ENCRYPTION
""",
            },
            note="a placeholder the code compares the field with (refused at start-up), and "
            "a group of optional e-mail settings whose defaults spell their own names",
        ),
        snippet(
            """\
RESET_PASSWORD_TOKEN_AUDIENCE = "fastapi-users:reset"
VERIFY_USER_TOKEN_AUDIENCE = "fastapi-users:verify"
ACCESS_TOKEN_ISSUER = "https://auth.example.com/"
""",
            path="app/manager.py",
            note="JWT audiences and issuers are labels, not secrets (seen in fastapi-users)",
        ),
        snippet(
            """\
from pydantic import SecretStr
from pydantic_settings import BaseSettings


class AuthConfig(BaseSettings):
    JWT_ALG: str = "HS256"
    JWT_SECRET: SecretStr
    JWT_EXP: int = 5
    TOKEN_URL: str = "/auth/token"
    ACCESS_TOKEN_EXPIRE_MINUTES: int = 30
    password_min_length: int = 8
    api_key_header: str = "X-API-Key"
    token_type: str = "bearer"
    refresh_token_cookie_name: str = "refresh"
    database_url: str = "postgresql://localhost:5432/app"
    sentry_dsn: str = ""
    db_password: str | None = None
    openai_api_key: str = "EMPTY"
    upstream_token: str = "your-upstream-token-here"
""",
            note="non-secret suffixes, non-string values, empty defaults, URLs without "
            "credentials; stand-ins for a service's key (`EMPTY`, a placeholder)",
        ),
        snippet(
            """\
from pydantic_settings import BaseSettings


class StorageSettings(BaseSettings):
    OSS_ACCESS_KEY_ID: str = "your-access-key-id"
    OSS_ACCESS_KEY_SECRET: str = "your-access-key-secret"
    AWS_SECRET_ACCESS_KEY: str = "your-secret-access-key"
    github_client_secret: str = "changeme"
    twitter_consumer_secret: str = "<consumer-secret>"
    MAILER_API_KEY: str = "ToBeChanged"
    sms_api_token: str = "to-be-replaced"
    google_client_secret: str = "tbd"
    linkedin_client_secret: str = "TODO"
""",
            note="placeholders for the secret half of a credential pair another service "
            "issues: the word `secret` does not make it the app's own signing key; "
            "placeholders for a service's key spelled as a request to change them "
            "(`ToBeChanged`, `to-be-replaced`) or as a note that it is still to come "
            "(`tbd`, `TODO`)",
        ),
        snippet(
            """\
import os

TOKEN_URL = "/auth/token"
JWT_ALG = "HS256"
PASSWORD_MIN_LENGTH = 8
SECRET_KEY = os.environ["SECRET_KEY"]
API_KEY_ENV_VAR = "OPENAI_API_KEY"
ACCESS_TOKEN_KEY = "access_token"
CSRF_TOKEN_COOKIE = "csrftoken"
INVALID_TOKEN = "Invalid or expired token"
PASSWORD_REGEX = "^[A-Za-z0-9]{12,}$"
TOKEN_FILE = "/run/secrets/token"
PWD = "short"
DATABASE_URL = "postgresql://${DB_USER}:${DB_PASSWORD}@db:5432/app"
URL_TEMPLATE = "postgresql://{user}:{password}@{host}/{db}"
URL_FORMAT = "postgresql://user:password@host:port/dbname"


def login() -> str:
    password = "not-a-module-constant"
    return password
""",
            note="names and values that only name or point at a secret; function locals",
        ),
        snippet(
            """\
SIGNING_SECRET_FILENAME = "signing_secret_key"
PASSWORD_DIR = "vault-passwords"
SCOPE_TOKEN_KEY = "worker_token"
SESSION_PASSWORD_KEY = "pending.password"

PERMISSION_USERS = "Users"
PERMISSION_ROLES = "Roles"
PERMISSION_PASSWORD = "Passwords"
PERMISSION_API_KEYS = "Api Keys"
PERMISSION_AUDIT = "Audit Log"
""",
            path="app/security/names.py",
            note="file and folder names, storage keys, and a family of permission labels",
        ),
        snippet(
            """\
A2A_USER_API_KEY_HASH_PARAM = "app_a2a_user_api_key_hash"
_TOKEN_COUNTING_ACTION = "countTokens"
_SESSION_TOKEN_VERSION = "session_v1"
UNATTRIBUTED_API_KEY = "unattributed"
HF_TOKEN_PATH_LEGACY = "~/.cache/hub/token"
_REDACTED_PASSWORD = "<redacted>"
TOKEN_MASK = "********"
BOS_TOKEN = "<|begin_of_text|>"
VAULT_SECRET_VALUES_KEY = "app_secret_values"
AMPLITUDE_API_KEY = "YOUR_AMPLITUDE_API_KEY_HERE"
ADMIN_PASSWORD = "Password"
SECRET_KEY = "session_secret_key"
MODE_SECRET = "ThisIsMyVerySecretPasswordMode"
""",
            path="app/constants2.py",
            note="a secret-looking name is no evidence: parameter keys, action names, version "
            "tags, labels, token paths, masks, tokenizer special tokens, storage-key names, "
            "placeholders and words are not key material",
        ),
        snippet(
            """\
HOST = "host"
USERNAME = "username"
PASSWORD = "password"
REFRESH_TOKEN = "refresh_token"
TOKEN_USAGE_KEY = "app.trace.tokenUsage"
TOKEN_TYPE_ATTRIBUTE = "gen_ai.token.type"
SIGNING_KEY_DOMAIN = b"app:signing:"
EXCHANGE_TOKEN = "urn:ietf:params:oauth:grant-type:token-exchange"
AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
ANALYTICS_API_KEY = "phc_Xq7LmN2pR9sT4vW1yZ3bC6dF8gH0jK5aE"
STRIPE_PUBLISHABLE_API_KEY = "pk_live_51HqLyjWDarjtT1zdp7dcZ3bC6dF8"
""",
            path="app/constants.py",
            note="names that look secret with values that are not: a config file's key names, "
            "dotted and colon-namespaced identifiers, a URN, a key id, publishable keys",
        ),
        snippet(
            """\
class Config:
    SECRET_KEY = "dev-secret-key-123"
    SQLALCHEMY_DATABASE_URI = "postgresql://user:pass@localhost/db"


class LoginForm:
    password: str = "placeholder-value"
""",
            note="plain classes (Flask-style config objects) are not settings classes",
        ),
        snippet(
            """\
from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = "flask-dev-secret"
SECRET_KEY = "flask-dev-secret-key"
""",
            path="legacy/flask_app.py",
            note="Flask code",
        ),
        snippet(
            """\
INSTALLED_APPS = ["django.contrib.admin"]
ROOT_URLCONF = "mysite.urls"
SECRET_KEY = "django-insecure-0123456789"
""",
            path="mysite/settings.py",
            note="a Django settings module",
        ),
        snippet(
            """\
from dataclasses import dataclass
from typing import ClassVar, Literal

from pydantic import BaseModel
from pydantic_settings import BaseSettings


@dataclass
class Creds:
    password: str = "dataclass-default"


class LoginRequest(BaseModel):
    password: str = "model-default-value"


class Settings(BaseSettings):
    token_mode: Literal["jwt", "opaque"] = "jwt"
    SECRET_SOURCE: ClassVar[str] = "vault-path"
""",
            note="dataclasses and request models are not settings; Literal and ClassVar fields",
        ),
        snippet(
            """\
from pydantic_settings import BaseSettings


class TestSettings(BaseSettings):
    jwt_secret: str = "test-secret-value"
""",
            path="tests/conftest.py",
            note="test files are not scanned",
        ),
        snippet(
            """\
SECRET_KEY = "example-secret-for-the-docs"
""",
            path="examples/basic.py",
            note="examples are not scanned",
        ),
        snippet(
            """\
import pytest

STAGING = "https://hub-ci.example.org"
# only usable on the sandboxed CI instance
TOKEN = "hf_2bQ7vLrT9kXw4mNpZc8sYd3FgHj6KqAe"


@pytest.fixture
def staging_token() -> str:
    return TOKEN
""",
            path="app/testing_utils.py",
            with_files={"app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n"},
            note="a fixture module shipped in the package (test support by its content): "
            "its credentials are the tests' own",
        ),
    )


def _is_settings(project: Project, qname: str) -> bool:
    return project.is_settings_class(qname) or project.class_is(qname, {"pydantic.v1.BaseSettings"})
