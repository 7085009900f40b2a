from __future__ import annotations

import ast
import re
import textwrap

import msgspec

from auditor.check import Check, Example, Hit, Severity, snippet
from auditor.facts import (
    Call,
    Function,
    Lit,
    Name,
    Seq,
    arg,
    dotted_of,
    is_lit,
    iter_exprs,
    kwarg,
    qname_of,
)
from auditor.lazyre import lazy_compile
from auditor.names import DEPENDS
from auditor.project import Project

#: An auth-sensitive path segment (a whole segment, or one followed by ``-``, ``_`` ...).
#: ``logout`` is not one: it ends a session and takes no credential to guess.
SENSITIVE = lazy_compile(
    r"/(login|token|signin|signup|register|auth|password|otp|verify)(?=$|[/\-_.?{])",
    re.IGNORECASE,
)
#: Words that may follow the sensitive word in one segment and keep it about signing in
#: (``/login-otp``, ``/token_refresh``, ``/password-reset``); any other word makes the
#: segment about something else (``/register_worker`` registers a worker, ``/token_check``
#: counts text tokens).
AUTH_COMPANIONS = frozenset(
    {
        "login",
        "token",
        "tokens",
        "signin",
        "signup",
        "register",
        "auth",
        "password",
        "otp",
        "verify",
        "reset",
        "forgot",
        "change",
        "confirm",
        "email",
        "magic",
        "link",
        "access",
        "refresh",
        "oauth",
        "oauth2",
        "sso",
        "callback",
        "basic",
        "user",
        "mfa",
        "2fa",
        "totp",
        "code",
        "send",
        "resend",
        "request",
        "new",
        "in",
        "up",
        "out",
        "json",
        "form",
        "exchange",
        "revoke",
        "device",
    }
)


#: Static segments before a bare ``/register`` that keep it about accounts
#: (``/users/register``, ``/api/v1/register``); after any other resource it registers that
#: resource (``/services/register``, ``/replicas/register``).
_ACCOUNT_SEGMENTS = frozenset(
    {"user", "users", "account", "accounts", "member", "members", "auth", "api", "public"}
)
#: Static segments before a bare ``/verify`` that keep it about a credential or an identity
#: (``/email/verify``, ``/otp/verify``, ``/auth/verify``); after any other word it verifies
#: that thing (``/onboarding/verify`` checks submitted settings, ``/signature/verify``).
_IDENTITY_SEGMENTS = _ACCOUNT_SEGMENTS | {
    "email",
    "emails",
    "phone",
    "otp",
    "mfa",
    "2fa",
    "totp",
    "login",
    "signin",
    "signup",
    "register",
    "password",
    "token",
    "identity",
}
_VERSION = lazy_compile(r"v\d+(?:\.\d+)?$")
#: Segments of an identity provider's token endpoint (``/oidc/{provider}/token``,
#: ``/protocol/openid-connect/token``, ``/sessions/token``).
_TOKEN_ISSUERS = frozenset({"oidc", "openid", "connect", "session", "sessions", "jwt", "saml"})


def _token_of_signing_in(before: list[str]) -> bool:
    """A bare ``/token`` issues a credential at the root or under API and version prefixes
    only (``/token``, ``/api/v1/token``), or under a segment about signing in
    (``/auth/cli/token``, ``/oauth2/{idp}/token``); under any other resource it names a
    kind of that resource (``/v1/chunk/token`` chunks text by token count)."""
    static = [s.lower() for s in before if not s.startswith("{")]
    if all(s in ("api", "public") or _VERSION.match(s) for s in static):
        return True
    known = AUTH_COMPANIONS | _IDENTITY_SEGMENTS | _TOKEN_ISSUERS
    return any(all(w in known for w in re.split(r"[-_.]", s) if w) for s in static)


def _segments(path: str) -> list[str]:
    return [seg for seg in path.split("/") if seg]


def sensitive_path(path: str) -> bool:
    """A path segment starting with an auth word, alone or compounded only with other words
    of signing in (``/login``, ``/token-refresh``; not ``/register_worker``).  A prefix
    segment (``/auth/...``) counts when what follows it is a path parameter or itself about
    signing in (``/auth/callback``, not ``/auth/list_providers``); a bare ``/register``
    counts after an account segment or at the root (``/users/register``, not
    ``/services/register``)."""
    segs = _segments(path)
    for i, seg in enumerate(segs):
        m = SENSITIVE.match("/" + seg)
        if m is None or seg.startswith("{"):
            continue
        words = [w for w in re.split(r"[-_.]", seg.lower()) if w]
        if not all(w in AUTH_COMPANIONS for w in words[1:]):
            continue
        if words in (["register"], ["verify"]):
            before = [s.lower() for s in segs[:i] if not s.startswith("{")]
            prev = before[-1] if before else None
            known = _ACCOUNT_SEGMENTS if words == ["register"] else _IDENTITY_SEGMENTS
            if prev is not None and not (prev in known or _VERSION.match(prev)):
                continue  # registers or verifies a resource (a worker, settings), not an account
        if words == ["token"] and not _token_of_signing_in(segs[:i]):
            continue  # a kind of something else (``/chunk/token``: chunking by token count)
        rest = [s for s in segs[i + 1 :] if not s.startswith("{")]
        if rest and len(words) == 1:
            # ``/auth/...``: the next static segment says what the route is about
            nxt = [w for w in re.split(r"[-_.]", rest[0].lower()) if w]
            if not all(w in AUTH_COMPANIONS for w in nxt):
                continue
        return True
    return False


#: The request objects a handler may take without being handed anything by the client.
_REQUEST_TYPES = frozenset(
    {
        "starlette.requests.Request",
        "fastapi.Request",
        "fastapi.requests.Request",
        "starlette.responses.Response",
        "fastapi.Response",
        "fastapi.responses.Response",
    }
)
#: What a handler reads of the request when the client submits something through it (its
#: ``Authorization`` header, by that word; an OAuth callback's
#: ``authorize_access_token(request)`` reads the code from the query).  Authlib's
#: ``authorize_redirect(request, uri)`` starting a sign-in stores the state and redirects:
#: it reads nothing the client sent, whatever the object it is called on is named
#: (``Authorizer.oauth``).
_SUBMITTED = lazy_compile(
    r"query_params|\.headers\b|\.cookies\b|\.form\s*\(|\.json\s*\(|\.body\s*\(|\.stream\s*\("
    r"|\bauthori[sz]ation\b|authorize_access_token|fetch_access_token",
    re.IGNORECASE,
)


def _reads_no_credential(project: Project, route) -> bool:
    """A ``GET`` whose handler takes nothing the client submits: its parameters are path
    parameters or the request object itself, with no dependency and no default
    (``Depends``, ``Query``), and its body reads no query string, header, cookie or body of
    the request (it reads what an authentication middleware already settled,
    ``request.state.user``; without the request object it reads nothing of it, whatever its
    body's text says): no credential reaches it, so nothing can be guessed through it
    (``GET /auth/access`` answering whether the signed-in user is an administrator)."""
    if tuple(m.upper() for m in route.methods) != ("GET",) or route.kw("dependencies"):
        return False
    paths = [p for p in route.full_paths if p] or ([route.path] if route.path else [])
    params = {
        seg.strip("{}").split(":", 1)[0]
        for p in paths
        for seg in _segments(p)
        if seg.startswith("{")
    }
    takes_request = False
    for p in route.function.params:
        if p.name in params:
            continue
        ann = p.annotation
        if p.default is not None or not isinstance(ann, Name):
            return False
        if qname_of(ann) not in _REQUEST_TYPES:
            return False
        takes_request = True
    if not takes_request:
        # Nothing but path parameters: what its body says (``flow.authorization_url()``
        # building an OAuth redirect) is not something the client sent.
        return True
    source = project.function_source(route.function)
    return source is not None and _SUBMITTED.search(source) is None


#: Starlette's redirect answer (Starlette docs, "Responses": ``RedirectResponse``), also
#: under FastAPI's name (FastAPI docs, "Custom Response": ``fastapi.responses``).
_REDIRECTS = frozenset(
    {"fastapi.responses.RedirectResponse", "starlette.responses.RedirectResponse"}
)
#: What an expression building a redirect's URL may hold: names, attributes, literals,
#: f-strings and arithmetic of them.  A call, comparison or condition could check something.
_PLAIN_URL_NODES = (
    ast.Name,
    ast.Attribute,
    ast.Constant,
    ast.JoinedStr,
    ast.FormattedValue,
    ast.BinOp,
    ast.operator,
    ast.expr_context,
    ast.keyword,
)


def _redirects_only(project: Project, route) -> bool:
    """A ``GET`` whose handler only returns ``RedirectResponse(url)`` (its docstring aside),
    the URL built from names, literals and f-strings alone (an OAuth start sending the
    browser to a provider's authorize page), with no dependency but ones that also guard
    routes whose paths are not auth-sensitive (the app's usual sign-in) and no parameter
    naming a credential: nothing it runs compares or checks what the client sends, so there
    is nothing to guess through it (the sign-in happens at the provider)."""
    if tuple(m.upper() for m in route.methods) != ("GET",) or route.kw("dependencies"):
        return False
    fn = route.function
    node = project.def_node(fn)
    module = project.modules.get(fn.module)
    if node is None or module is None:
        return False
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    if len(body) != 1 or not isinstance(body[0], ast.Return):
        return False
    answer = body[0].value
    if not (isinstance(answer, ast.Call) and isinstance(answer.func, ast.Name)):
        return False
    if module.imports.get(answer.func.id) not in _REDIRECTS:
        return False
    parts = [*answer.args, *answer.keywords]
    if not all(isinstance(n, _PLAIN_URL_NODES) for p in parts for n in ast.walk(p)):
        return False
    for p in fn.params:
        if isinstance(p.default, Call) and qname_of(p.default) in DEPENDS:
            dep = qname_of(arg(p.default, 0))
            if dep is None or not _shared_dependency(project, route, dep):
                return False
        elif _names_credential(p.name):
            return False
    return True


#: Words of a credential a client submits for checking (``code``, ``otp_token``,
#: ``password``): what makes a bare ``/verify`` about signing in.
_CREDENTIAL_WORDS = frozenset(
    {
        "token",
        "code",
        "otp",
        "totp",
        "password",
        "passwd",
        "passcode",
        "pin",
        "secret",
        "credential",
        "credentials",
        "key",
        "signature",
        "nonce",
        "challenge",
    }
)
#: Words before ``code`` that make it a number about something else (``status_code``).
_NOT_CODES = frozenset({"status", "error", "exit", "http", "return", "response", "country"})
_WORD = lazy_compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
_PLAIN_TYPES = frozenset(
    {"builtins.str", "builtins.int", "builtins.float", "builtins.bool", "builtins.dict"}
    | {"builtins.list", "typing.Any", "typing.Optional", "typing.Dict", "typing.List"}
)


#: Words of what a client signs up with besides a credential (``email``, ``username``):
#: what makes a bare ``/register`` about accounts.
_SIGNUP_WORDS = _CREDENTIAL_WORDS | {"email", "mail", "username", "user", "phone", "login"}


def _names_credential(text: str, known: frozenset[str] = _CREDENTIAL_WORDS) -> bool:
    """An identifier or a string whose words name a credential (``otp_code``, ``apiKey``;
    not ``status_code``)."""
    words = [w.lower() for w in _WORD.findall(text)]
    return any(
        w in known and not (w == "code" and i and words[i - 1] in _NOT_CODES)
        for i, w in enumerate(words)
    )


def _bare_verify(path: str) -> bool:
    """``/verify`` after nothing but API and version prefixes, and last of the path's
    static segments (``/api/v1/verify``, ``/verify/{id}``): the path does not say what it
    verifies."""
    static = [s.lower() for s in _segments(path) if not s.startswith("{")]
    return (
        bool(static)
        and static[-1] == "verify"
        and all(s in ("api", "public") or _VERSION.match(s) for s in static[:-1])
    )


def _bare_register(path: str) -> bool:
    """``/register`` last of the path's static segments (``/register``,
    ``/users/register``): the path alone does not say that accounts are made."""
    static = [s.lower() for s in _segments(path) if not s.startswith("{")]
    return bool(static) and static[-1] == "register"


def _model_names_credential(
    project: Project, qname: str | None, depth: int = 0, known: frozenset[str] = _CREDENTIAL_WORDS
) -> bool:
    """The annotation ``qname`` may carry a credential: a class outside the project
    (unread), or a project class with a field (its own or a project base's) naming one."""
    if qname is None or qname in _PLAIN_TYPES or qname in _REQUEST_TYPES:
        return False
    cls = project.class_(qname)
    if cls is None or depth > 3:
        return True
    if any(_names_credential(a.name, known) for a in cls.attributes):
        return True
    return any(
        project.class_(qname_of(b)) is not None
        and _model_names_credential(project, qname_of(b), depth + 1, known)
        for b in cls.bases
    )


def _shared_dependency(project: Project, route, dep: str) -> bool:
    """The dependency ``dep`` also guards a route whose path is not auth-sensitive: the
    credential it checks (an API key on every request) is no more guessable here."""
    for other in project.routes:
        if other is route or any(sensitive_path(p) for p in other.full_paths if p):
            continue
        if any(
            qname_of(p.default) in DEPENDS and qname_of(arg(p.default, 0)) == dep
            for p in other.function.params
            if isinstance(p.default, Call)
        ):
            return True
    return False


def _takes_credential(project: Project, route, known: frozenset[str] = _CREDENTIAL_WORDS) -> bool:
    """Whether the handler of a bare ``/verify`` may be handed a credential to check (or,
    with ``known`` the words of signing up, a bare ``/register`` the details of an account):
    a parameter (or a field of its model) naming one, a dependency of its own that may read
    one, a read of the raw request, or a name or string of its body naming one
    (``body["code"]``).  Without any, the route verifies something that is no credential
    (``POST /api/v1/verify`` checking a hash chain's integrity) or registers something that
    is no account (``POST /register`` of a service registry taking a name and an address)."""
    source = project.function_source(route.function)
    if source is None or _SUBMITTED.search(source):
        return True
    for p in route.function.params:
        ann = qname_of(p.annotation)
        if isinstance(p.default, Call) and qname_of(p.default) in DEPENDS:
            dep = qname_of(arg(p.default, 0))
            if dep is None:  # ``Depends()``: the annotated class reads the request
                if _model_names_credential(project, ann, known=known):
                    return True
            elif not _shared_dependency(project, route, dep):
                return True
            continue
        if _names_credential(p.name, known) or _model_names_credential(project, ann, known=known):
            return True
    return _body_names_credential(source, known)


def _registers_no_account(project: Project, route, hit: str) -> bool:
    """A bare ``/register`` whose handler takes nothing of an account: no credential, e-mail
    or user name, no opaque mapping (``dict``, ``Any``, unannotated) that could carry one."""
    if not _bare_register(hit):
        return False
    for p in route.function.params:
        ann = qname_of(p.annotation)
        if (ann is None and not isinstance(p.default, Call)) or ann in _OPAQUE_TYPES:
            return False
    return not _takes_credential(project, route, _SIGNUP_WORDS)


#: Annotations that may carry anything the client sends (a sign-up form as a mapping).
_OPAQUE_TYPES = frozenset({"builtins.dict", "typing.Any", "typing.Dict"})


def _body_names_credential(source: str, known: frozenset[str] = _CREDENTIAL_WORDS) -> bool:
    """A name, attribute or string of the function's body (its signature aside) names a
    credential."""
    try:
        tree = ast.parse(textwrap.dedent(source))
    except SyntaxError:
        return True
    fn = tree.body[0] if tree.body else None
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return True
    for stmt in fn.body:
        for n in ast.walk(stmt):
            text = (
                n.id
                if isinstance(n, ast.Name)
                else n.attr
                if isinstance(n, ast.Attribute)
                else n.value
                if isinstance(n, ast.Constant) and isinstance(n.value, str)
                else None
            )
            if text is not None and _names_credential(text, known):
                return True
    return False


def _verifies_caller(route) -> bool:
    """A ``GET`` that only takes path parameters behind the decorator's own
    ``dependencies=[...]`` (``GET /auth/{project}``): it answers whether the caller's
    existing credential is valid (a reverse proxy's ``auth_request``), no credential is
    submitted to it."""
    if tuple(m.upper() for m in route.methods) != ("GET",):
        return False
    deps = route.kw("dependencies")
    if not (isinstance(deps, Seq) and deps.items):
        return False
    paths = [p for p in route.full_paths if p] or ([route.path] if route.path else [])
    params = {
        seg.strip("{}").split(":", 1)[0]
        for p in paths
        for seg in _segments(p)
        if seg.startswith("{")
    }
    return all(p.name in params for p in route.function.params)


#: Words of a called name that show a handler checking a credential or signing a client
#: in (``verify_password``, ``authenticate``, ``create_access_token``, ``set_cookie``).
_CHECK_WORDS = frozenset(
    {
        "verify",
        "authenticate",
        "authorize",
        "login",
        "signin",
        "sign",
        "check",
        "validate",
        "compare",
        "match",
        "matches",
        "password",
        "token",
        "session",
        "cookie",
        "jwt",
        "hash",
        "otp",
        "totp",
        "issue",
        "grant",
        "exchange",
        "refresh",
        "lookup",
        "find",
        "get",
        "user",
    }
)
#: Libraries whose calls check or issue credentials (``jwt.decode``, ``bcrypt.checkpw``).
_CREDENTIAL_LIBRARIES = frozenset(
    {"jwt", "jose", "passlib", "bcrypt", "hmac", "secrets", "itsdangerous", "argon2"}
    | {"pyotp", "authlib", "fastapi_users", "fastapi_login", "hashlib"}
)


def _bare_auth(path: str) -> bool:
    """``auth`` last of the path's static segments (``/auth``, ``/governance/auth``): the
    path does not say whether the route signs a client in or sets up authentication."""
    static = [s.lower() for s in _segments(path) if not s.startswith("{")]
    return bool(static) and static[-1] == "auth"


def _checks_nothing(project: Project, route, hit: str) -> bool:
    """A bare ``/auth`` (:func:`_bare_auth`) whose handler shows no check of a credential:
    it answers nothing (no value returned, no return annotation but ``None``), raises
    nothing, compares nothing, has no dependency of its own nor the raw request, and calls
    nothing whose name says it verifies, authenticates, looks up or issues something
    (``verify_password``, ``get_user``, ``set_cookie``), no credential library (``jwt``,
    ``bcrypt``, ``hmac``) and no project function that may refuse the caller (401, 403).
    It stores or hands on what it is given (``POST /governance/auth`` setting the
    credentials the server uses for its own outbound calls): the answer is the same
    whatever is sent, so nothing can be guessed through it."""
    if not _bare_auth(hit) or route.kw("dependencies"):
        return False
    fn = route.function
    if fn.returns is not None and not is_lit(fn.returns, None):
        return False
    if any(
        (isinstance(p.default, Call) and qname_of(p.default) in DEPENDS)
        or qname_of(p.annotation) in _REQUEST_TYPES
        for p in fn.params
    ):
        return False  # a dependency or the raw request: an Authorization header may be read
    node = project.def_node(fn)
    if node is None or _refuses_callers(project, fn):
        return False
    module = project.modules.get(fn.module)
    imports = module.imports if module is not None else {}
    for stmt in node.body:
        for n in ast.walk(stmt):
            if isinstance(n, (ast.Raise, ast.Compare, ast.Assert, ast.Try)):
                return False
            if isinstance(n, ast.Return) and not (
                n.value is None or (isinstance(n.value, ast.Constant) and n.value.value is None)
            ):
                return False
            if isinstance(n, ast.Call) and _check_call(n.func, imports):
                return False
    return True


#: An answer refusing a caller: what a check of a credential sends when it fails.
_REFUSAL = lazy_compile(r"\b40[13]\b|UNAUTHORIZED|FORBIDDEN|Unauthori[sz]ed|Forbidden")


def _refuses_callers(project: Project, fn, depth: int = 0) -> bool:
    """A project function ``fn`` calls (a few calls deep) may refuse the caller (401, 403,
    ``Unauthorized``): the handler's answer can tell a right credential from a wrong one."""
    if depth > 2:
        return False
    for cs in fn.calls:
        callee = project.function(cs.qname)
        if callee is None or callee is fn:
            continue
        text = project.function_source(callee)
        if text is None or _REFUSAL.search(text) or _refuses_callers(project, callee, depth + 1):
            return True
    return False


def _check_call(func: ast.expr, imports: dict[str, str]) -> bool:
    """The callee names a check of a credential (:data:`_CHECK_WORDS`), or it belongs to a
    credential library (:data:`_CREDENTIAL_LIBRARIES`), or it is not a plain name."""
    parts: list[str] = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if not isinstance(func, ast.Name):
        return True  # ``get_service().login(...)``: a callee the text does not name
    parts.append(func.id)
    root = imports.get(func.id, func.id).split(".", 1)[0]
    if root in _CREDENTIAL_LIBRARIES:
        return True
    return any(w.lower() in _CHECK_WORDS for part in parts for w in _WORD.findall(part))


LIMITER_DISTRIBUTIONS = ("slowapi", "fastapi-limiter", "limits", "pyrate-limiter")
LIMITER_MODULES = frozenset({"slowapi", "fastapi_limiter", "limits", "pyrate_limiter"})
#: A decorator or dependency that names a limiter.
LIMITER_NAME = lazy_compile(r"rate_?limit|limiter|throttl", re.IGNORECASE)
#: A class whose instances throttle: ``RateLimiter``, ``Limiter``, ``LoginThrottle``.
LIMITER_CLASS = lazy_compile(r"(?:rate_?limit(?:er)?|limiter|throttle?r?)$", re.IGNORECASE)
#: A middleware class that throttles.
MIDDLEWARE_NAME = lazy_compile(r"rate_?limit|throttl", re.IGNORECASE)
MIDDLEWARE = "fastapi.middleware.Middleware"
_LISTED = 5


def _route_label(route, path: str) -> str:
    """``POST /api/login``; ``POST …/login`` when the route's router sits under a prefix the
    model cannot see, or only the decorator's path is known (as :attr:`Route.label` says)."""
    whole = path in route.full_paths and not route.prefix_unseen
    return f"{'/'.join(route.methods) or 'GET'} {path if whole else '…' + path}"


def _names(e) -> list[str]:
    out: list[str] = []
    for x in iter_exprs(e):
        if isinstance(x, (Name, Call)):
            out.extend(s for s in (dotted_of(x), qname_of(x)) if s)
    return out


#: A response that refuses a request for coming too often.
_TOO_MANY = lazy_compile(r"\b429\b|HTTP_429_TOO_MANY_REQUESTS|\bTOO_MANY_REQUESTS\b")
#: What identifies the client a limiter counts: its address, as the server sees it or as a
#: proxy forwards it.
_CLIENT_KEY = lazy_compile(
    r"\.client\.host\b|\bremote_addr\b|get_remote_address|x-forwarded-for|x-real-ip",
    re.IGNORECASE,
)


def _limited_by_hand(project: Project, sensitive: list) -> bool:
    """A limiter written by hand in a sensitive route's handler or one of its dependencies:
    the function keys something on the client's address (``request.client.host``, a
    forwarded-for header) and answers 429 (``HTTPException(429)``,
    ``status.HTTP_429_TOO_MANY_REQUESTS``): attempts counted per client, and refused."""
    seen: set[str] = set()
    for route, _path in sensitive:
        functions = [route.function]
        functions += project.dependency_closure(project.route_dependencies(route)).functions
        helpers = [project.function(c.qname) for c in route.function.calls]
        for fn in [*functions, *(h for h in helpers if h is not None)]:
            if fn.qname in seen:
                continue
            seen.add(fn.qname)
            path = project.module_of(fn).path
            text = project.read_text(path) if path else None
            if not text or ("429" not in text and "TOO_MANY" not in text):
                continue
            body = project.function_source(fn) or ""
            if _TOO_MANY.search(body) and (
                _CLIENT_KEY.search(body)
                or _client_key_helper(project, fn)
                or _refuses_too_often(project, fn)
            ):
                return True
    return False


def _refuses_too_often(project: Project, fn: Function) -> bool:
    """``fn`` answers 429 on a decision of its own: a ``return`` or ``raise`` of a 429
    answer under an ``if`` whose test is no status code (``if not allowed(request, "login",
    30): return error("too many attempts", 429)``, ``raise HTTPException(status_code=429)``
    after counting).  It refuses requests for coming too often, whatever counts them.  Not
    an upstream's 429 relayed (``if answer.status_code == 429: raise HTTPException(429)``):
    the test names the code, the answer is someone else's decision."""
    node = project.def_node(fn)
    if node is None:
        return False
    for n in ast.walk(node):
        if not isinstance(n, ast.If) or _TOO_MANY.search(ast.unparse(n.test)):
            continue
        for s in [*n.body, *n.orelse]:  # its own branches (a nested ``if`` is walked)
            if (
                isinstance(s, (ast.Return, ast.Raise))
                and (value := s.value if isinstance(s, ast.Return) else s.exc) is not None
                and _TOO_MANY.search(ast.unparse(value))
            ):
                return True
    return False


def _client_key_helper(project: Project, fn) -> bool:
    """``fn`` reads the client's address through a project helper it calls
    (``ip = get_client_ip(request)``): a function that returns a value and whose body reads
    the address (``request.client.host``, a forwarded-for header).  A helper that returns
    nothing (it logs the address) keys nothing."""
    for call in fn.calls:
        helper = project.function(call.qname)
        if helper is None or helper.qname == fn.qname:
            continue
        if not any(not (isinstance(v, Lit) and v.value is None) for v in helper.return_values):
            continue
        if _CLIENT_KEY.search(project.function_source(helper) or ""):
            return True
    return False


#: Readings of the current time, as written (``time.time()``, ``datetime.now(UTC)``).
_CLOCKS = frozenset(
    {"time", "monotonic", "now", "utcnow"}  # Python docs: time.time/monotonic, datetime.now
)


def _clock_call(e: ast.AST) -> bool:
    """``e`` reads the clock: ``time.time()``, ``time.monotonic()``, ``datetime.now(...)``."""
    return (
        isinstance(e, ast.Call)
        and isinstance(e.func, ast.Attribute)
        and e.func.attr in _CLOCKS
        and isinstance(e.func.value, (ast.Name, ast.Attribute))
    )


def _lockout_shaped(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """``node`` keeps a lockout: it counts failed attempts (``failures + 1``), computes a
    time to block until from the clock (``now + 60``), and refuses while blocked (``if
    blocked_until > now: return None``, a ``return``/``raise`` under a comparison with the
    clock).  N failures buy a wait: attempts are throttled, whatever stores the counter."""
    clocks = {
        t.id
        for n in ast.walk(node)
        if isinstance(n, ast.Assign) and _clock_call(n.value)
        for t in n.targets
        if isinstance(t, ast.Name)
    }

    def clock(e: ast.AST) -> bool:
        return _clock_call(e) or (isinstance(e, ast.Name) and e.id in clocks)

    def one(e: ast.AST) -> bool:
        return isinstance(e, ast.Constant) and e.value == 1

    counts = any(
        (isinstance(n, ast.BinOp) and isinstance(n.op, ast.Add) and (one(n.left) or one(n.right)))
        or (isinstance(n, ast.AugAssign) and isinstance(n.op, ast.Add) and one(n.value))
        for n in ast.walk(node)
    )
    blocks = any(
        isinstance(n, ast.BinOp)
        and isinstance(n.op, ast.Add)
        and (clock(n.left) or clock(n.right))
        and not (one(n.left) or one(n.right))
        for n in ast.walk(node)
    )
    refuses = any(
        isinstance(n, ast.If)
        and isinstance(n.test, ast.Compare)
        and any(clock(e) for e in [n.test.left, *n.test.comparators])
        and any(isinstance(st, (ast.Return, ast.Raise)) for st in n.body)
        for n in ast.walk(node)
    )
    return counts and blocks and refuses


def _locks_out(project: Project, route, methods: dict[str, list[Function]]) -> bool:
    """The sensitive route's handler calls a project function keeping a lockout
    (:func:`_lockout_shaped`): a helper it resolves, or a method it calls on an object the
    model cannot type (``request.app.state.auth.login(...)``), looked up by the method's
    name in ``methods`` (:func:`_methods_by_name`).  A lockout throttles that route only."""
    helpers = [h for c in route.function.calls if (h := project.function(c.qname))]
    node = project.def_node(route.function)
    if node is not None:
        called = {
            n.func.attr
            for n in ast.walk(node)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
        }
        helpers += [fn for name in called for fn in methods.get(name, ())]
    for fn in helpers:
        node = project.def_node(fn)
        if node is not None and _lockout_shaped(node):
            return True
    return False


def _methods_by_name(project: Project) -> dict[str, list[Function]]:
    """The project's methods by name, built once per audit when a finding is to be
    reported (:func:`_locks_out` looks the methods a handler calls up in it)."""
    out: dict[str, list[Function]] = {}
    for m in project.by_path.values():
        for fn in m.functions.values():
            if fn.class_qname is not None:
                out.setdefault(fn.name, []).append(fn)
    return out


#: A login whose account store counts failures and blocks for a minute; ``{guard}`` is
#: the refusal while blocked (the lockout trap) or nothing (its bad twin).
_LOCKOUT = """\
import time

from fastapi import FastAPI, HTTPException, Request

app = FastAPI()


class Accounts:
    def __init__(self) -> None:
        self.failures = 0
        self.blocked_until = 0.0

    def sign_in(self, name: str, password: str) -> bool:
        now = time.time()
{guard}        if password != "secret":
            self.failures = self.failures + 1
            if self.failures >= 5:
                self.blocked_until = now + 60
            return False
        self.failures = 0
        return True


app.state.accounts = Accounts()


@app.post("/login")
def login(name: str, password: str, request: Request) -> dict[str, str]:
    if not request.app.state.accounts.sign_in(name, password):
        raise HTTPException(401, "sign-in failed")
    return {{"user": name}}
"""


#: A registration beside the lockout login: no lockout guards it.
_LOCKOUT_REGISTER = """

@app.post("/register")
def register(name: str, password: str) -> dict[str, str]:
    return {"user": name}
"""


#: A registry whose root ``POST /register`` takes ``{params}`` (the register trap's twins).
_REGISTRY = """\
import time

from fastapi import FastAPI

app = FastAPI()
seen: dict[str, float] = {}


@app.post("/register")
async def register({params}) -> None:
    seen[name] = time.time()
"""


def _registry(params: str) -> str:
    return _REGISTRY.replace("{params}", params)


_UPSTREAM_AUTH = """\
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
upstream: dict[str, str] = {}
SERVICE_TOKEN = "..."


class Credentials(BaseModel):
    token: str


@app.post("/upstream/auth")
async def set_upstream_auth(body: Credentials) -> None:
{body}"""


def _upstream_auth(body: str) -> str:
    return _UPSTREAM_AUTH.replace("{body}", textwrap.indent(body, "    "))


_LISTENER = """\
import uvicorn
from fastapi import FastAPI


async def wait_for_code(port: int) -> str:
    app = FastAPI()
    codes: list[str] = []

    @app.get("/auth/callback")
    async def callback(code: str) -> str:
        codes.append(code)
        return "You can close this tab."

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port))
    await server.serve()
    return codes[0]
"""


def _provider_start(gate: str) -> str:
    """An OAuth start behind the dependency ``gate`` that only redirects to a provider."""
    return f'''\
from fastapi import Depends, FastAPI, Query
from fastapi.responses import RedirectResponse

from app.deps import current_member, member_pin

app = FastAPI()
PROVIDER = "https://chat.example.com"
CALLBACK = "https://alerts.example.com/hooks/chat"


@app.get("/members/notes")
def notes(member: str = Depends(current_member)) -> list[str]:
    return [member]


@app.get("/integrations/chat/oauth/login")
async def chat_login(
    client_id: str = Query(max_length=100),
    member: str = Depends({gate}),
) -> RedirectResponse:
    """Send the browser to the chat provider's consent page."""
    return RedirectResponse(
        url=f"{{PROVIDER}}/oauth/authorize?client_id={{client_id}}&redirect_uri={{CALLBACK}}"
    )
'''


_PROVIDER_DEPS = {
    "app/deps.py": "from fastapi import Header, HTTPException\n\n\n"
    "def current_member(authorization: str = Header()) -> str:\n"
    "    return authorization.removeprefix('Bearer ')\n\n\n"
    "def member_pin(pin: str = Header()) -> str:\n"
    "    if pin != '0000':\n"
    "        raise HTTPException(status_code=401)\n"
    "    return pin\n"
}


class NoRateLimiting(Check):
    """
    ## What it does
    Reports, once per project, login- and token-style routes — a path segment `login`,
    `token`, `signin`, `signup`, `register`, `auth`, `password`, `otp` or `verify` — when nothing in the repository throttles requests: no `slowapi`,
    `fastapi-limiter`, `limits` or `pyrate-limiter` dependency or import, no limiter
    decorator (`@limiter.limit(...)`) or dependency (`Depends(RateLimiter(...))`) on the
    routes or their routers, and no middleware whose name contains `RateLimit` or
    `Throttle`.  Off by default (enable with `--enable SEC007`).

    ## Why is this bad?
    Without throttling, a login or token endpoint lets an attacker try passwords as fast
    as the server answers (credential stuffing, brute force), and a sign-up, password
    reset or OTP endpoint can be abused to spam or enumerate users.
    [Production guide 2026] lists "Implement rate limiting" in its security checklist
    and [Production skill 2025] shows slowapi's `Limiter` with
    `@limiter.limit("10/minute")`.

    Rate limits often live in the API gateway, ingress or reverse proxy, which the
    repository may not show: that is why this rule is a heuristic, informational, and off
    by default.

    ## Example
    ```python
    @app.post("/auth/token")
    async def login(form: OAuth2PasswordRequestForm = Depends()) -> Token: ...
    ```

    ## Use instead
    ```python
    limiter = Limiter(key_func=get_remote_address)
    app.state.limiter = limiter
    app.add_exception_handler(RateLimitExceeded, _rate_limit_exceeded_handler)

    @app.post("/auth/token")
    @limiter.limit("10/minute")
    async def login(request: Request, form: OAuth2PasswordRequestForm = Depends()) -> Token: ...
    ```
    Or configure the limit in the ingress or gateway in front of the service.

    ## Fix safety
    No automatic fix: limits, keys (IP, user) and storage (memory, Redis) are deployment
    decisions.

    ## Known problems
    Limits enforced outside the repository (gateway, reverse proxy, WAF) are invisible:
    ignore the finding then.  A route path that is not a literal (or whose router prefix is
    not) is matched on what is known.  Plural or longer words (`/tokens`, `/authors`,
    `/authorize`) are not matched, nor is a compound segment whose other words are not
    about signing in (`/register_worker`, `/token_check`, unlike `/token-refresh` or
    `/login_otp`).  A logout takes no credential and is not matched; a bare `/verify` or
    `/register` counts only at the root, after an API version or after a segment about
    accounts or credentials (`/email/verify`, `/users/register`; not `/onboarding/verify`,
    which verifies settings, nor `/services/register`); a bare `/token` likewise counts at the
    root, under API and version prefixes or under a segment about signing in
    (`/auth/cli/token`), not under another resource (`/v1/chunk/token` chunks text by token
    count).  A bare `/verify` at the root or after API and version prefixes
    (`/api/v1/verify`), which does not say what it verifies, counts only when its handler
    may be handed a credential: a parameter or a field of its body model naming one
    (`code`, `token`, `password`, `otp`, `pin`, `secret`, `key` ...), a dependency of its
    own (one that also guards routes that are not about signing in, an API key checked on
    every request, is no more guessable there), a read of the raw request, or a name or
    string of its body naming one (`body["code"]`); not a hash-chain integrity check reading
    an entity path.  A route whose path ends in a bare `/register` counts likewise only when
    its handler may be handed the details of an account: the same signs, with an e-mail,
    user name or phone among the words, or a parameter that may carry anything (`dict`,
    `Any`, no annotation); not a service registry's `POST /register` taking a service name
    and an address.  A route whose path ends in a bare `/auth` (`/auth`,
    `/governance/auth`), which does not say whether it signs a client in or sets
    authentication up, counts only when its handler shows a check: it returns a value,
    raises, compares, has a dependency of its own, takes the raw request, calls something
    whose name says it verifies, authenticates, looks up or issues (`verify_token`,
    `get_user`, `set_cookie`) or a credential library (`jwt`, `bcrypt`, `hmac`), or a
    project function that may answer 401 or 403; not a handler answering nothing that
    stores the credentials the server uses for its own calls to another service.  Nor is a route whose every app is served only on the local machine (a
    one-shot OAuth callback listener on `uvicorn.Config(app, host="127.0.0.1")`, by
    RTE002's rule): no remote client can make attempts on it.  A `GET` handler that takes
    nothing the client submits (only path parameters and the request object, no dependency, and no
    read of the query string, headers, cookies or body: `request.state.user`, settled by an
    authentication middleware; or no request object at all, as an OAuth start that builds the
    provider's `authorization_url` and redirects) is not matched either: no credential reaches it.
    Nor is a `GET` whose handler only returns `RedirectResponse(url)`, the URL built from
    names, literals and f-strings (an OAuth start sending the browser to a provider's
    authorize page with the `client_id` it is given), whose parameters name no credential
    and whose dependencies also guard routes that are not about signing in (the app's usual
    bearer token): it compares or checks nothing the client sends.  Any import of a rate-limiting library anywhere in the
    project counts as rate limiting being in place, and so does any instance of a class whose
    name ends in `RateLimiter`, `Limiter` or `Throttle` (a project's own limiter checked in
    the handler body, `await signin_limiter.is_limited(email)`), even if it guards
    something else.  So does a limiter written by hand in the handler of an auth-sensitive
    route or one of its dependencies: a function that reads the client's address
    (`request.client.host`, an `X-Forwarded-For` header) and answers 429
    (`status.HTTP_429_TOO_MANY_REQUESTS`) counts attempts per client; so does a handler,
    a dependency or a project function the handler calls that returns or raises a 429
    answer under an `if` of its own (`if not allowed(request, "login", 30): return
    error("too many attempts", 429)`), whatever counts the attempts.  A 429 relayed from
    an upstream service (`if answer.status_code == 429: raise HTTPException(429)`: the test
    names the code), a 429 only declared in the route's `responses=`, or an address read
    only to log it, does not.  A project without a FastAPI application (a library of routers, such
    as fastapi-users) is not reported: the application that mounts the routers decides how
    to throttle them.  Nor is a project whose model is incomplete (a Python file that does
    not parse, a router the model cannot resolve): the limiter may be there.

    ## References
    - [Production guide 2026] ("Implement rate limiting"), [Production skill 2025]
      (slowapi `Limiter`, `@limiter.limit("10/minute")`)
    - slowapi docs; fastapi-limiter docs
    - OWASP, "Authentication Cheat Sheet" (protect against automated attacks)
    """

    id = "SEC007"
    name = "no-rate-limiting"
    category = "security"
    severity = Severity.INFO
    default_enabled = False
    heuristic = True
    message = "auth-sensitive routes without rate limiting"
    fix_title = "Rate-limit the login and token routes (slowapi, fastapi-limiter or the gateway)"
    sources = ("Production guide 2026", "Production skill 2025")

    def check_project(self, project: Project) -> list[Hit]:
        sensitive = []
        for route in project.routes:
            if route.websocket:
                continue
            paths = [p for p in route.full_paths if p is not None]
            if not paths and route.path is not None:
                paths = [route.path]
            hit = next((p for p in paths if sensitive_path(p)), None)
            if (
                hit is not None
                and not _verifies_caller(route)
                and not _reads_no_credential(project, route)
                and not _redirects_only(project, route)
                and not (_bare_verify(hit) and not _takes_credential(project, route))
                and not _registers_no_account(project, route, hit)
                and not _checks_nothing(project, route, hit)
                and not project.route_served_only_on_loopback(route.function.qname)
            ):
                sensitive.append((route, hit))
        if not sensitive or self._limited(project) or _limited_by_hand(project, sensitive):
            return []
        methods = _methods_by_name(project)
        sensitive = [(r, p) for r, p in sensitive if not _locks_out(project, r, methods)]
        if not sensitive:
            return []  # each route's own code locks out repeated failures
        if not any(a.module.file_class == "app" for a in project.fastapi_apps):
            # a library of routers (fastapi-users): the application that mounts them
            # decides how requests are throttled
            return []
        if not project.completeness(("app",), routes=True):
            return []  # a limiter (or its dependency) may sit where the model cannot see
        labels = list(dict.fromkeys(_route_label(r, p) for r, p in sensitive))
        shown = labels[:_LISTED]
        more = f" and {len(labels) - _LISTED} more" if len(labels) > _LISTED else ""
        unseen = "; `…` is a router prefix not known" if any("…" in t for t in shown) else ""
        first = sensitive[0][0]
        return [
            self.project_hit(
                f"no rate limiting found for auth-sensitive routes ({', '.join(shown)}{more}"
                f"{unseen}); ignore this if the gateway or reverse proxy enforces limits",
                path=first.site.path,
                line=first.decorator.line,
            )
        ]

    def _limited(self, project: Project) -> bool:
        inv = project.inventory
        if any(inv.has(d) for d in LIMITER_DISTRIBUTIONS):
            return True
        for m in project.by_path.values():
            if any(imp.module.split(".", 1)[0] in LIMITER_MODULES for imp in m.import_list):
                return True
            # middleware registered with add_middleware(...)
            for mc in m.method_calls:
                if mc.method == "add_middleware":
                    cls = arg(mc.call, 0) or kwarg(mc.call, "middleware_class")
                    if any(MIDDLEWARE_NAME.search(n.rsplit(".", 1)[-1]) for n in _names(cls)):
                        return True
            # a limiter object of the project's own: ``signin_limiter = RateLimiter(...)``
            # checked in the handler body (``await signin_limiter.is_limited(key)``)
            for inst in m.instances:
                callee = qname_of(inst.call) or dotted_of(inst.call) or ""
                if LIMITER_CLASS.search(callee.rsplit(".", 1)[-1]):
                    return True
            # Middleware(SomeThrottle, ...) anywhere (FastAPI(middleware=[...]))
            for inst in m.instances:
                for e in iter_exprs(inst.call):
                    if isinstance(e, Call) and e.qname == MIDDLEWARE:
                        cls = arg(e, 0) or kwarg(e, "cls")
                        if any(MIDDLEWARE_NAME.search(n.rsplit(".", 1)[-1]) for n in _names(cls)):
                            return True
            for fn in m.functions.values():
                for d in fn.decorators:
                    text = dotted_of(d) or ""
                    # ``@app.middleware("http") async def rate_limit(...)``
                    if text.endswith(".middleware") and MIDDLEWARE_NAME.search(fn.name):
                        return True
        for binding_module in project.by_path.values():
            for value in binding_module.bindings.values():
                for e in iter_exprs(value):
                    if isinstance(e, Call) and e.qname == MIDDLEWARE:
                        cls = arg(e, 0) or kwarg(e, "cls")
                        if any(MIDDLEWARE_NAME.search(n.rsplit(".", 1)[-1]) for n in _names(cls)):
                            return True
        for route in project.routes:
            for d in route.function.decorators:
                if d is route.decorator:
                    continue
                if any(
                    LIMITER_NAME.search(n)
                    for n in _names(
                        msgspec.structs.replace(d, args=(), keywords=())
                        if isinstance(d, Call)
                        else d
                    )
                ):
                    return True
            for ref in project.route_dependencies(route):
                if any(LIMITER_NAME.search(n) for n in _names(ref.call)):
                    return True
        return False

    bad = (
        snippet(
            _provider_start("member_pin"),
            with_files=_PROVIDER_DEPS,
            note="the other side of the OAuth start: its dependency checks a PIN that no "
            "other route asks for, so the PIN can be guessed through the redirect",
            lines=(16,),
        ),
        snippet(
            _upstream_auth(
                "if body.token != SERVICE_TOKEN:\n"
                "    raise HTTPException(status_code=401)\n"
                "upstream['token'] = body.token\n"
            ).replace("import FastAPI", "import FastAPI, HTTPException"),
            note="the other side of the stored credentials: a bare `/auth` that compares "
            "the token it is sent and answers 401 when it is wrong can be guessed through",
            lines=(13,),
        ),
        snippet(
            _registry("name: str, password: str"),
            note="the other side of the registry trap: a bare `/register` taking a password "
            "makes accounts",
            lines=(9,),
        ),
        snippet(
            _registry("name: str, form: dict"),
            note="the other side of the registry trap: a bare `/register` taking a mapping "
            "may be handed anything of an account",
            lines=(9,),
        ),
        Example(
            files={
                "cli/__init__.py": "",
                "cli/login.py": _LISTENER,
                "web/__init__.py": "",
                "web/app.py": """\
import uvicorn
from fastapi import FastAPI

app = FastAPI(openapi_url=None)


@app.get("/auth/callback")
def callback(code: str) -> dict[str, str]:
    return {"key": code[::-1]}


def serve(host: str) -> None:
    uvicorn.run(app, host=host)
""",
            },
            note="the other side of the loopback-listener trap: the same route on an app "
            "served on a configurable host is reported, on that app's route (not on the "
            "listener's)",
            lines=(7,),
        ),
        snippet(
            """\
from fastapi import FastAPI, Request

app = FastAPI()


@app.get("/auth/access")
async def access(request: Request) -> dict[str, bool]:
    return {"admin": request.state.user.is_admin}


@app.get("/auth/token")
async def token(request: Request) -> dict[str, str]:
    key = request.headers.get("x-api-key", "")
    return {"access_token": key[::-1]}
""",
            note="the other side of the no-credential exemption: a GET that reads a key from "
            "the request's headers is handed a credential to guess",
            lines=(11,),
        ),
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI()


@app.post("/auth/token")
async def login() -> dict[str, str]:
    return {"access_token": "t"}
""",
            lines=(6,),
        ),
        Example(
            files={
                "app/auth/router.py": """\
from fastapi import APIRouter, Depends

from app.deps import get_db

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/login")
def login(db=Depends(get_db)) -> dict[str, str]:
    return {}


@router.post("/password-reset")
def reset() -> dict[str, str]:
    return {}
""",
                "app/deps.py": "def get_db():\n    yield None\n",
                "app/main.py": """\
from fastapi import FastAPI

from app.auth.router import router as auth_router

app = FastAPI()
app.include_router(auth_router, prefix="/api/v1")


@app.get("/authors")
def authors() -> list[str]:
    return []
""",
                "requirements.txt": "fastapi==0.115.0\nlimitless-toolkit==1.0\n",
            },
            note="prefixes through include_router; one finding listing the routes",
            lines=(8,),
        ),
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI()


@app.post("/login_otp")
def login_otp(code: str) -> dict[str, str]:
    return {"access_token": "t"}
""",
            note="a compound segment of sign-in words is still a login route",
            lines=(6,),
        ),
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI()


@app.post("/email/verify")
def verify_email(token: str) -> dict[str, str]:
    return {}


@app.post("/logout")
def logout() -> dict[str, str]:
    return {}
""",
            note="the other side of the verify trap: a `/verify` of an e-mail address checks "
            "a token someone could guess; the logout beside it is not listed",
            lines=(6,),
        ),
        snippet(
            """\
from typing import Any

from fastapi import Depends, FastAPI, Header

app = FastAPI()


def pending_code(x_code: str = Header()) -> str:
    return x_code


@app.post("/api/v1/verify")
def verify(body: dict[str, Any]) -> dict[str, bool]:
    return {"ok": body.get("code") == "123456"}


@app.post("/v2/verify")
def verify_v2(code: str = Depends(pending_code)) -> dict[str, bool]:
    return {"ok": code == "123456"}
""",
            note="the other side of the bare-verify trap: a bare `/verify` whose body reads a "
            "code, or whose own dependency reads one, checks a credential someone could guess",
            lines=(12,),
        ),
        snippet(
            """\
from fastapi import APIRouter, FastAPI

router = APIRouter(prefix="/auth")


@router.get("/callback")
def callback(code: str) -> dict[str, str]:
    return {"access_token": code}


@router.post("/users/register")
def register(email: str) -> dict[str, str]:
    return {"email": email}


app = FastAPI()
app.include_router(router)
""",
            note="an OAuth callback under an `/auth` prefix and an account registration "
            "are sign-in routes",
            lines=(6,),
        ),
        snippet(
            """\
from fastapi import APIRouter, FastAPI

router = APIRouter(prefix="/v1/auth")


@router.post("/cli/token")
def cli_token(device_code: str) -> dict[str, str]:
    return {"access_token": device_code}


app = FastAPI()
app.include_router(router)
""",
            note="the other side of the `/token` trap: under a segment about signing in, a "
            "bare `/token` issues a credential",
            lines=(6,),
        ),
        snippet(
            """\
from fastapi import FastAPI, HTTPException

app = FastAPI()


@app.post("/login", responses={429: {"description": "too many attempts"}})
def login(username: str, password: str) -> dict[str, str]:
    if password != "secret":
        raise HTTPException(401, "wrong password")
    return {"user": username}
""",
            note="the other side of the own-429 trap: a 429 only declared in the route's "
            "`responses=`, never answered",
            lines=(6,),
        ),
        snippet(
            _LOCKOUT.format(guard=""),
            note="the other side of the lockout trap: failures counted and a block time "
            "stored, but no attempt is ever refused while blocked",
            lines=(27,),
        ),
        snippet(
            _LOCKOUT.format(
                guard="        if self.blocked_until > now:\n            return False\n"
            )
            + _LOCKOUT_REGISTER,
            note="the other side of the lockout trap: the lockout throttles the login it "
            "guards, not a registration beside it",
            lines=(36,),
        ),
        snippet(
            """\
import httpx
from fastapi import FastAPI, HTTPException, Request

app = FastAPI()


def log_caller(request: Request) -> None:
    print("sign-in from", request.client.host if request.client else "unknown")


@app.post("/login")
async def login(request: Request) -> dict[str, str]:
    log_caller(request)
    async with httpx.AsyncClient() as client:
        answer = await client.post("https://idp.example/token", data=await request.form())
    if answer.status_code == 429:
        raise HTTPException(429, "the identity provider is busy")
    return answer.json()


@app.post("/password")
async def password(request: Request) -> dict[str, str]:
    host = request.client.host if request.client else "unknown"
    raise HTTPException(401, f"wrong password from {host}")
""",
            note="the other side of the hand-written limiter: relaying an upstream 429 counts "
            "nobody's attempts (beside a helper that only logs the client's address), and "
            "reading the client's address only to report it refuses nothing",
            lines=(11,),
        ),
    )
    good = (
        snippet(
            _provider_start("current_member"),
            with_files=_PROVIDER_DEPS,
            note="a GET behind the app's usual sign-in dependency that only redirects to a "
            "provider's authorize page, built from its query and constants (seen in "
            "zcp-alert-backend): it checks nothing the client sends, so nothing can be "
            "guessed through it, though its path says `oauth/login`",
        ),
        snippet(
            _LOCKOUT.format(
                guard="        if self.blocked_until > now:\n            return False\n"
            ),
            note="trap: the login's method (called on an object kept in `app.state`) counts "
            "failures, blocks the account for a minute after five, and refuses every attempt "
            "while blocked: a lockout throttles guessing",
        ),
        snippet(
            _upstream_auth("upstream['token'] = body.token\n"),
            note="a bare `/auth` that stores the credentials the server sends to another "
            "service and answers nothing: the answer is the same whatever is sent, so "
            "nothing can be guessed through it",
        ),
        snippet(
            _registry("name: str, address: str"),
            note="a bare `/register` whose handler takes a service's name and address, nothing "
            "of an account: a service registry's heartbeat (seen in py-micro-services)",
        ),
        snippet(
            """\
from typing import Any

from fastapi import Depends, FastAPI, Header, HTTPException

app = FastAPI()


def require_api_key(x_api_key: str = Header()) -> str:
    return x_api_key


def check_chain(entity: str | None) -> dict[str, bool]:
    return {"intact": entity is None}


@app.get("/api/v1/entries")
def entries(_key: str = Depends(require_api_key)) -> list[str]:
    return []


@app.post("/api/v1/verify")
def verify_integrity(
    body: dict[str, Any], _key: str = Depends(require_api_key)
) -> dict[str, bool]:
    entity = body.get("entity_path")
    if entity == "":
        raise HTTPException(status_code=422, detail="empty entity path")
    return check_chain(entity)
""",
            note="a bare `/verify` handed no credential to check: its body reads an entity "
            "path and checks a hash chain, and the API key its dependency reads guards the "
            "other routes too (seen in amfs-http-server)",
        ),
        Example(
            files={"cli/__init__.py": "", "cli/login.py": _LISTENER},
            note="a one-shot OAuth callback listener served only on 127.0.0.1 (seen in "
            "harbor): no remote client can make attempts on it",
        ),
        snippet(
            """\
from fastapi import APIRouter, FastAPI

router = APIRouter(prefix="/v1/split")


@router.post("/token")
def split_by_token(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


app = FastAPI()
app.include_router(router)
""",
            note="a bare `/token` under a resource that is not about signing in names a kind "
            "of that resource (text split by token count), not a token endpoint",
        ),
        snippet(
            """\
from fastapi import FastAPI, Request

app = FastAPI()


@app.get("/api/auth/access")
async def access(request: Request) -> dict[str, bool]:
    \"\"\"Whether the signed-in user administers the configuration.\"\"\"
    user = getattr(request.state, "user", None)
    return {"isAdmin": bool(user and user.is_admin)}
""",
            note="a GET that takes no credential, only the request whose user an "
            "authentication middleware settled (seen in pyrit): nothing to guess through it",
        ),
        snippet(
            """\
from fastapi import FastAPI
from fastapi.responses import RedirectResponse

from app.oauth import provider

app = FastAPI()


@app.get("/auth/start")
async def start_sign_in() -> RedirectResponse:
    authorization_url = provider.authorization_url(scope="openid email")
    return RedirectResponse(authorization_url)
""",
            with_files={
                "app/oauth.py": "class Provider:\n"
                "    def authorization_url(self, scope: str) -> str:\n"
                "        return 'https://idp.example/authorize?scope=' + scope\n\n\n"
                "provider = Provider()\n"
            },
            note="a GET taking no input at all that starts an OAuth sign-in (seen in "
            "rootsweatherproject): its body names the authorization URL, but the client "
            "submits nothing to it",
        ),
        snippet(
            """\
from authlib.integrations.starlette_client import OAuth
from fastapi import FastAPI, Request

app = FastAPI()
oauth = OAuth()
oauth.register("github", client_id="id", client_secret_env="GITHUB_SECRET")


class Authorizer:
    oauth = oauth


@app.get("/auth/github/login")
async def github_login(request: Request):
    redirect_uri = request.url_for("github_callback")
    return await Authorizer.oauth.github.authorize_redirect(request, redirect_uri)
""",
            note="a GET handing only the request to Authlib's `authorize_redirect` (seen in "
            "kaptive-web, plombery): an OAuth start that stores the state and redirects, "
            "no credential reaches it",
        ),
        snippet(
            """\
from fastapi import APIRouter, Depends, FastAPI

from app.deps import proxy_auth

registry = APIRouter(prefix="/api/registry")
auth = APIRouter(prefix="/api/auth")


@registry.post("/{project}/services/register")
def register_service(project: str) -> dict[str, str]:
    return {"status": "ok"}


@auth.get("/{project}", dependencies=[Depends(proxy_auth)])
def check_access(project: str) -> dict[str, str]:
    return {"status": "ok"}


@auth.post("/list_providers")
def list_providers() -> list[str]:
    return []


app = FastAPI()
app.include_router(registry)
app.include_router(auth)
""",
            with_files={"app/deps.py": "def proxy_auth() -> None:\n    pass\n"},
            note="not credential endpoints: registering a service, a proxy's check of the "
            "caller's existing credential, a listing under an `/auth` prefix",
        ),
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI()


@app.post("/register_worker")
def register_worker(url: str) -> dict[str, str]:
    return {"registered": url}


@app.post("/api/v1/token_check")
def token_check(prompt: str) -> dict[str, int]:
    return {"count": len(prompt.split())}
""",
            note="a compound segment about something else: registering a worker, counting "
            "text tokens",
        ),
        snippet(
            """\
from fastapi import APIRouter, FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()
onboarding = APIRouter(prefix="/onboarding")
auth = APIRouter(prefix="/auth")


@app.get("/logout")
def logout() -> RedirectResponse:
    return RedirectResponse("https://idp.example.com/logout")


@auth.post("/logout")
def auth_logout() -> dict[str, str]:
    return {}


@onboarding.post("/verify")
def verify_settings(base_url: str) -> dict[str, bool]:
    return {"ok": bool(base_url)}


app.include_router(onboarding)
app.include_router(auth)
""",
            note="routes that authenticate nobody: a logout (no credential to guess), a "
            "`/verify` of submitted settings (seen in blueapi and magentic-ui)",
        ),
        snippet(
            """\
from fastapi import FastAPI, Request
from slowapi import Limiter, _rate_limit_exceeded_handler
from slowapi.errors import RateLimitExceeded
from slowapi.util import get_remote_address

limiter = Limiter(key_func=get_remote_address)
app = FastAPI()
app.state.limiter = limiter
app.add_exception_handler(RateLimitExceeded, _rate_limit_exceeded_handler)


@app.post("/auth/token")
@limiter.limit("10/minute")
async def login(request: Request) -> dict[str, str]:
    return {"access_token": "t"}
"""
        ),
        Example(
            files={
                "pyproject.toml": '[project]\nname = "svc"\ndependencies = ["fastapi", "fastapi-limiter>=0.1"]\n',
                "app/main.py": """\
from fastapi import FastAPI

app = FastAPI()


@app.post("/login")
def login() -> dict[str, str]:
    return {}
""",
            },
            note="a rate-limiting library declared",
        ),
        snippet(
            """\
from fastapi import Depends, FastAPI

from app.security import TokenBucket

app = FastAPI()
app.add_middleware(TokenBucket)


class RateLimitDep:
    def __call__(self) -> None:
        return None


@app.post("/login", dependencies=[Depends(RateLimitDep())])
def login() -> dict[str, str]:
    return {}
""",
            note="a project rate-limit dependency",
        ),
        snippet(
            """\
from fastapi import FastAPI

from app.middleware import ThrottleMiddleware

app = FastAPI()
app.add_middleware(ThrottleMiddleware, per_minute=10)


@app.post("/signup")
def signup() -> dict[str, str]:
    return {}
""",
            note="a throttling middleware",
        ),
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI()


@app.get("/authors")
def authors() -> list[str]:
    return []


@app.get("/tokens-of-appreciation/{item_id}")
def gifts(item_id: int) -> list[str]:
    return []


@app.get("/items")
def items() -> list[str]:
    return []
""",
            note="no auth-sensitive paths (look-alike words are not matched)",
        ),
        snippet(
            """\
from flask import Flask

app = Flask(__name__)


@app.post("/login")
def login():
    return {}
""",
            note="Flask routes are not FastAPI routes",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/limits.py": """\
import time


class SlidingWindowRateLimiter:
    def __init__(self, limit: int, window: int) -> None:
        self.limit, self.window, self.hits = limit, window, {}

    def is_limited(self, key: str) -> bool:
        now = time.monotonic()
        recent = [t for t in self.hits.get(key, []) if now - t < self.window]
        self.hits[key] = [*recent, now]
        return len(recent) >= self.limit
""",
                "app/main.py": """\
from fastapi import FastAPI, HTTPException

from app.limits import SlidingWindowRateLimiter

app = FastAPI()
signin_guard = SlidingWindowRateLimiter(limit=15, window=180)


@app.post("/signin")
def signin(email: str) -> dict[str, str]:
    if signin_guard.is_limited(email.lower()):
        raise HTTPException(status_code=429)
    return {}
""",
            },
            note="a project limiter object checked in the handler body",
        ),
        Example(
            files={
                "gate/__init__.py": "",
                "gate/budget.py": """\
import time

_SPENT: dict[str, list[float]] = {}


def within_budget(scope: dict, action: str, per_minute: int) -> bool:
    who = f"{scope.get('client', ('?', 0))[0]}:{action}"
    now = time.monotonic()
    recent = [t for t in _SPENT.get(who, []) if now - t < 60]
    _SPENT[who] = [*recent, now]
    return len(recent) < per_minute
""",
                "gate/app.py": """\
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from gate.budget import within_budget

app = FastAPI()


def refuse(message: str, code: int) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=code)


@app.post("/signin")
async def signin(request: Request, username: str, password: str) -> JSONResponse:
    if not within_budget(request.scope, "signin", 20):
        return refuse("too many sign-in attempts", 429)
    if password != "secret":
        return refuse("wrong password", 401)
    return JSONResponse({"user": username})
""",
            },
            note="trap: a sign-in route answering 429 on a decision of its own (a project "
            "helper counting attempts per ASGI client), through a project error helper: the "
            "route is rate limited, whatever the counter is called",
        ),
        Example(
            files={
                "authkit/__init__.py": "",
                "authkit/router.py": """\
from fastapi import APIRouter


def get_auth_router() -> APIRouter:
    router = APIRouter()

    @router.post("/login")
    def login() -> dict[str, str]:
        return {}

    @router.post("/register")
    def register() -> dict[str, str]:
        return {}

    return router
""",
            },
            note="a library of routers without an application: the app that mounts them throttles",
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

app = FastAPI()


@app.post("/login")
def login() -> dict[str, str]:
    return {}
""",
                "app/limits.py": "from slowapi import Limiter\n\nlimiter = Limiter(key_func=lambda r: r.client\n",
            },
            note="a module that does not parse may hold the limiter",
        ),
        snippet(
            """\
import time
from collections import defaultdict

from fastapi import FastAPI, Form, HTTPException, Request, status

app = FastAPI()
attempts: dict[str, list[float]] = defaultdict(list)


@app.post("/login")
async def login(request: Request, username: str = Form(), password: str = Form()) -> dict:
    address = request.client.host if request.client else "unknown"
    now = time.monotonic()
    recent = [t for t in attempts[address] if t > now - 300]
    if len(recent) >= 10:
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, "too many sign-in attempts")
    attempts[address] = [*recent, now]
    return {"access_token": "t"}
""",
            note="a limiter written by hand: attempts counted per client address in a dict and "
            "refused with 429 (seen in fapilot)",
        ),
        Example(
            files={
                "app/security.py": """\
import time

_failures: dict[str, list[float]] = {}


def client_address(request) -> str:
    if request.client:
        return request.client.host
    return request.headers.get("x-real-ip", "unknown")


def allowed(address: str) -> bool:
    now = time.monotonic()
    return len([t for t in _failures.get(address, []) if t > now - 300]) < 5


def record_failure(address: str) -> None:
    _failures.setdefault(address, []).append(time.monotonic())
""",
                "app/main.py": """\
from fastapi import FastAPI, Form, Request
from fastapi.responses import JSONResponse

from app.security import allowed, client_address, record_failure

app = FastAPI()


@app.post("/login")
async def login(request: Request, password: str = Form()) -> JSONResponse:
    address = client_address(request)
    if not allowed(address):
        return JSONResponse(status_code=429, content={"error": "too many attempts"})
    if password != "secret":
        record_failure(address)
        return JSONResponse(status_code=401, content={"error": "wrong password"})
    return JSONResponse(content={"ok": True})
""",
            },
            note="a limiter written by hand whose client address comes from a helper of the "
            "project (`client_address(request)`), refused with 429 (seen in dsa-server)",
        ),
    )
