from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from auditor.astwalk import walk
from auditor.check import Check, Example, Hit, Severity, snippet, when
from auditor.facts import Function, Lit
from auditor.lazyre import lazy_compile
from auditor.project import Project
from auditor.recognisers import annotated_class, call_keyword
from auditor.walker import ModuleContext, dotted

#: canonical callee -> (library, operation)
CALLEES = {
    "jwt.decode": ("pyjwt", "decode"),
    "jwt.encode": ("pyjwt", "encode"),
    "jose.jwt.decode": ("jose", "decode"),
    "jose.jwt.encode": ("jose", "encode"),
}
#: Classes of OAuth client libraries whose ``id_token`` holds the ID token of the token
#: endpoint's answer to the client's own request (its code exchange or a refresh), received
#: over TLS: OIDC Core 3.1.3.7 lets the client skip the signature check of such a token.
#: ``google.oauth2.credentials.Credentials.id_token`` (an attribute), authlib's
#: ``OAuth2Token`` (a dict, ``token["id_token"]``).
ISSUED_TOKEN_CLASSES = frozenset(
    {
        "google.oauth2.credentials.Credentials",
        "authlib.oauth2.rfc6749.OAuth2Token",
        "authlib.oauth2.rfc6749.wrappers.OAuth2Token",
    }
)
#: Key material that is public by design: not a leaked secret.
_PUBLIC_MARKERS = ("PUBLIC KEY", "BEGIN CERTIFICATE")


def _secret_literal(value: object) -> bool:
    """A str/bytes literal that is secret key material (not a public key)."""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    if not isinstance(value, str):
        return False
    return not any(m in value for m in _PUBLIC_MARKERS)


def _const(node: ast.AST | None, default: object = ...) -> object:
    return node.value if isinstance(node, ast.Constant) else default


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    rule: str | None = None
    pending: str | None = None  # a constant of another module to look up
    verb: str | None = None
    shown: str | None = None
    name: str | None = None
    #: a decode whose token is not traced to a request, in this function: dropped when
    #: nothing in the project reaches the function (a utility with no caller)
    untraced_in: str | None = None
    #: the parameters of that function the token is derived from: the judge follows the
    #: function's callers to see what they hand it
    token_params: tuple[str, ...] = ()
    #: a request's token whose unverified claims this function returns: an error only when
    #: the function is a route or a dependency (its answer names the caller to routes)
    decides_in: str | None = None
    #: the function returns the claims only to callers of this module that log them: the
    #: finding is dropped unless another module names the function
    telemetry_name: str | None = None
    #: a hard-coded key used in this function: dropped when the function is dead code (no
    #: token is signed or verified with the key there)
    keyed_in: str | None = None
    #: the function hands the unverified claims back whole and reads no identity itself:
    #: dropped when every caller reads from its answer only claims that name nobody
    returns_claims: bool = False
    #: the token is not traced to a request in the decode's function: reported only when a
    #: caller, a few up, is seen handing it one (its qname then named in the message)
    untraced: bool = False


#: A client SDK that reads its own session token's claims, unverified, at every caller
#: (SEC003's examples: the good one as is, the bad one with a caller that reads `sub`).
_SESSION_CLAIMS = """\
from pprint import pprint

import jwt


class Client:
    def __init__(self, token: str, **options: object) -> None:
        self.token = token
        self.expires = self._expiry(token)

    @staticmethod
    def claims(token: str) -> dict:
        return jwt.decode(token, options={"verify_signature": False}, algorithms=["HS256"])

    @classmethod
    def _expiry(cls, token: str) -> int:
        return cls.claims(token).get("exp", 0)

    def server_level(self) -> str:
        found = self.claims(self.token)
        return f"{found.get('server_version')}/{found.get('feature_set')}"


def show(client: Client) -> None:
    pprint(Client.claims(client.token))
"""


def _route(imports: str, call: str) -> dict[str, str]:
    """``app/routes.py``: a route that hands ``call`` the request's ``Authorization`` header
    (SEC003 reports a decode whose token is a helper's parameter only when a caller is seen
    handing it a request's token)."""
    source = f"""\
import os

from fastapi import FastAPI, Header, Request

from {imports}

api = FastAPI()


@api.get("/me")
def me(request: Request, authorization: str = Header()) -> object:
    return {call}
"""
    return {"app/routes.py": source}


class JwtVerificationWeakened(Check):
    """
    ## What it does
    Inspects calls to PyJWT (`jwt.decode`, `jwt.encode`) and python-jose
    (`jose.jwt.decode`, `jose.jwt.encode`), under any import alias, and flags:

    - (a) `decode` without an `algorithms=` allow-list;
    - (b) an allow-list (or an `encode` `algorithm=`) that contains `"none"`;
    - (c) `options` that turn off `verify_signature` or `verify_exp`, or PyJWT 1.x
      `verify=False`;
    - (d) a hard-coded key: a `str`/`bytes` literal as the key (second positional argument
      or `key=`), or a module-level constant bound once to such a literal, in this module
      or imported from another project module.

    ## Why is this bad?
    Each of these makes tokens forgeable.  Without `algorithms=`, python-jose trusts the
    `alg` named by the token itself, which was the root of CVE-2024-33663 (PyJWT refuses
    and raises at run time instead).  `"none"` accepts unsigned tokens.  Turning off
    signature or expiry checks accepts any token or a stolen one forever.  And a key
    written in the source is known to everyone who can read the repository, its history
    and its forks: they can mint a token for any user.

    [ForgeAPI guide] and [zhanymkanov README] both decode with the literal
    key `"JWT_SECRET"` (Disagreement D24 of the catalogue); [Production skill 2025]
    shows the right shape, a key from settings and `algorithms=[settings.algorithm]`.

    ## Example
    ```python
    payload = jwt.decode(token, "JWT_SECRET", algorithms=["HS256"])
    claims = jwt.decode(token, options={"verify_signature": False})
    ```

    ## Use instead
    ```python
    payload = jwt.decode(
        token,
        auth_settings.JWT_SECRET.get_secret_value(),
        algorithms=[auth_settings.JWT_ALG],
    )
    ```

    ## Fix safety
    No automatic fix: where the key lives and which algorithms are allowed are yours to
    decide.

    ## Known problems
    Test files are exempt from (d) only: test tokens are signed with fixed keys on purpose,
    but a test that reads claims with `verify_signature: False` is still reported
    (suppress it per line).
    Literal public keys (PEM `PUBLIC KEY` / `CERTIFICATE` blocks) are not secrets and are
    not reported.  An unverified decode that accepts nothing is not reported either: one
    whose only use is reading a claim that identifies no one (`.get("exp")`, `["iss"]`,
    also `iat`, `nbf`, `aud`, `kid`), directly or through the name its claims are bound to
    (`claims = jwt.decode(...)`, then only `claims.get("exp")`); a peek (at the issuer, to
    pick a JWKS key) assigned to a name that the function never returns, followed in the
    same function by a decode of the same token (the same expression) with a key and an
    `algorithms=` list; and a decode of a token
    that the same function first sent to its issuer to be checked (a call named
    `userinfo`, `introspect*`, `validate*` or `verify*` that receives the token, directly or
    in a dict).  `verify_exp: False` (the signature checked) is not reported when the
    claims only put the token's id on a deny list (a logout: every use is `"jti" in
    claims` or a read of `jti` handed to a call whose answer is thrown away,
    `revoked.add(claims["jti"])`), nor when the code reads the claims' `exp`
    itself afterwards, or passes the claims to a function of the same module that does, or
    returns them to callers in the same module that all read `exp` (a check against an
    injected clock); the claims are followed through conversions (`data =
    TokenData(**claims)`) and helpers of the module (`self._check(data)`), a few steps deep.  Switched-off verification (rule c) is an error only when the token is
    traced, in the same function, to the client: read from the request's headers, cookies or
    query, or a parameter FastAPI fills from the request (`Depends(oauth2_scheme)`,
    `Header()`, `Cookie()`, `Security()`), and the code shows its unverified claims deciding
    who the caller is: they are the answer of a dependency or a route (a function FastAPI
    fills the token for, or one the application uses as a dependency), or a test on them
    (`if role != "admin":`) raises or returns an HTTP status.  A request's token whose
    claims are used otherwise (a helper's answer no route or dependency takes, an identity
    stored on `request.state`) is a warning with medium confidence; one whose claims only
    label log lines or analytics and error-tracking events (the logging methods, `print`,
    `capture`, `track`, `identify`, `set_user`, `set_tag` ...), in the function itself or
    at every caller in its module when no other module names it, is not reported: it
    authenticates nothing.  A token not traced to a request in the decode's own function is
    reported only when a caller is seen handing it one: the token is the function's
    parameter (directly, or through local names, subscripts, attributes and text methods),
    and a caller, followed from parameter to parameter a few callers up, passes for it a
    value that reads the request (its headers, cookies, query, or the request object) or is
    a route or a dependency passing on its own parameter (FastAPI fills it from the
    request); the finding is then a warning with medium confidence that names that caller
    (`` `app.routes.me` hands it a token from the request``).  A token no caller is seen
    handing from a request is not reported: where it comes from is not known, and the check
    says so by not claiming it is a client's.  That covers the answer of a call
    (`response.json()["id_token"]`, a token the server fetched from its identity provider),
    a stored record's (`account.extra_data[...]`), the ID token of an OAuth client
    library's credentials, the process's own configured credential, a helper whose name is
    only handed out as a callback or called with `*args`, and a library's API no code of
    the project calls.  One a caller hands from a request is still not reported when it is
    the ID token of an OAuth client library's credentials (`credentials.id_token`,
    `token["id_token"]` of a name the function annotates `google.oauth2.credentials.
    Credentials` or authlib's `OAuth2Token`: the token endpoint's answer to the server's
    own exchange or refresh, over TLS, which OIDC Core 3.1.3.7 accepts in place of the
    signature check), or the process's own configured credential (a parameter or an
    environment variable, `access_token or os.getenv("SERVICE_TOKEN")`: what it sends out,
    its claims address its own requests), or when its unverified claims are not read for an
    identity (`sub`, `email`, `username` ...) nor handed back whole: read only for roles or
    other claims, passed to a helper, or followed in the same function by a call that
    verifies the same token (`self._decode(token)`, `validate_*(token)`); nor is one in a
    function nothing in the application reaches, nor one that hands the claims back whole,
    reading no identity itself, when every use of its name in the project is a call whose
    answer is only read for claims that name nobody (`.get("exp")`, `["server_version"]`,
    directly or through the one name it is bound to) or printed or logged (a client SDK
    reading its own session token's expiry), nor one whose every caller hands it a token no
    client chose (a literal, the answer of a call the caller makes from nothing of its own
    parameters, an attribute of the caller's own object).  A caller does not count as
    handing a request's token when it first handed the same token (or what it split from
    it) to a check (`key.verify(message, signature)`, `validate*`, `introspect*`) that
    stops it on failure: a statement of its own, or a test on its answer that raises or
    returns; or binds the helper's answer to a name (`subject = peek(token)`) and then
    decodes the same token with a key and an `algorithms` list, verification on, on every
    path (not behind an `if` or in a loop; in a `try` only when every handler raises or
    returns), returning nothing of that answer before (the unverified read only picked the
    key, the user's own secret: a peek across a helper); nor when it is dead code (nothing
    reaches or names it: it hands over no token).
    A decode without `algorithms=` is an error only when the key is key text (a str/bytes
    literal or constant, the environment, `.get_secret_value()`, a settings/config
    attribute) and the token is read from the request in the same function (not through a
    call's result: an id token the server exchanged a code for is the provider's answer);
    otherwise it is a warning with medium confidence.  With python-jose and a key object
    (`jwk.construct(...)`, a `jose.backends` key, or a function of the module returning
    one) it is not reported: the key keeps its own algorithm, so the token's `alg` cannot
    make it an HMAC secret.
    An unverified decode that only runs in the body of `if <setting>:` (an attribute of a
    settings or config object, or an upper-case switch) is an opt-in: it is reported at
    warning level with medium confidence, naming the setting, since whether the setting is
    safe to turn on (a trusted proxy that verified the token) the code cannot say.  Other legitimate unverified reads
    (logging, debugging helpers): suppress that line with `# noqa: SEC003` and a comment.
    The options of one call are reported together, in one finding.  `jwt.get_unverified_header()`, PyJWT's
    `PyJWT()` / `PyJWS()` objects and other JWT libraries (Authlib, joserfc) are not
    inspected, nor are `options`/keys built at run time or passed through `**kwargs`.  A
    constant imported from another module is taken from that module's top-level binding.
    A hard-coded key in a function that is dead code (no entry point reaches it and nothing
    in the project names it) is not reported: no token is signed or verified with it there.

    ## References
    - [ForgeAPI guide] and [zhanymkanov README] (`jwt.decode(token,
      "JWT_SECRET", algorithms=["HS256"])`), [Production skill 2025] (settings key)
    - FastAPI docs, "OAuth2 with Password (and hashing), Bearer with JWT tokens"
    - PyJWT docs, "Usage Examples" (`algorithms` is required; `options`)
    - CVE-2024-33663 (python-jose algorithm confusion)
    """

    id = "SEC003"
    name = "jwt-verification-weakened"
    category = "security"
    severity = Severity.ERROR
    asks_dead_code = True  # (judge: a decode only dead code reaches is no risk)
    file_classes = frozenset({"app", "test"})
    message = "JWT verification weakened"
    fix_title = "Pass `algorithms=[...]`, keep verification on, and read the key from settings"
    sources = (
        "ForgeAPI guide",
        "Production skill 2025",
        "zhanymkanov README",
    )

    def visit_Module(self, node: ast.Module, ctx: ModuleContext) -> None:
        pass  # ``ctx.module_constants`` is computed once per module, on demand

    @when(callees=CALLEES)
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        q = ctx.resolve(node.func)
        if q not in CALLEES:
            return
        top = q.split(".", 1)[0]
        if top in ctx.project_modules:
            return  # a project module named ``jwt`` / ``jose``
        lib, op = CALLEES[q]
        shown = f"`{q}()`"
        splat = any(kw.arg is None for kw in node.keywords) or any(
            isinstance(a, ast.Starred) for a in node.args
        )

        unverified = False
        if op == "decode":
            # (c) verification switched off
            options = call_keyword(node, "options")
            if options is None and len(node.args) > 3:
                options = node.args[3]
            opaque = options is not None and not (
                (isinstance(options, ast.Dict) and all(k is not None for k in options.keys))
                or _is_dict_call(options)
            )
            off = _disabled(node)
            unverified = "verify_signature" in off or "verify" in off
            if "verify_exp" in off and _expiry_checked(node, ctx):
                off.remove("verify_exp")  # the code compares ``exp`` itself
            if off == ["verify_exp"] and _revocation_only(node, ctx):
                # the signature is checked and the claims only put the token's id on a
                # deny list (a logout): revoking an expired token grants nothing
                off.remove("verify_exp")
            if off and not _harmless_read(node, ctx, lib) and not _validated_first(node, ctx):
                switch = _opt_in_setting(node, ctx)
                behind = f" (only behind the setting `{switch}`)" if switch else ""
                if "verify" in off:
                    message = f"{shown} with `verify=False` accepts any token{behind}"
                else:
                    keys = " and ".join(f"`{k}: False`" for k in off)
                    what = " or ".join(
                        ("signature" if k == "verify_signature" else "expiry") for k in off
                    )
                    message = f"{shown} with {keys} does not check the token's {what}{behind}"
                traced = _client_token(node, ctx)
                if not switch and not traced and not _token_from_parameter(node, ctx):
                    # the token is not the request's and not a caller's either: one the
                    # server fetched itself (``response.json()["id_token"]`` after its own
                    # code exchange) or stored (``account.extra_data["id_token"]``): no
                    # client chose it
                    return
                if not switch and not traced and _issued_id_token(node, ctx):
                    # ``credentials.id_token`` of an OAuth client library's credentials: the
                    # ID token the token endpoint answered the server's own request with,
                    # over TLS (OIDC Core 3.1.3.7: no signature check needed)
                    return
                if not switch and not traced and _configured_token(node, ctx):
                    # ``token = access_token or os.getenv("SERVICE_TOKEN")``: the process's
                    # own credential, configured by its operator (the parameter stands in for
                    # the variable), which it sends out; its claims address its own requests
                    return
                if not switch and not traced and unverified and not _identity_taken(node, ctx):
                    # a token of unknown origin whose unverified claims name nobody here:
                    # no identity is read (``sub``, ``email`` ...) nor are the claims handed
                    # back whole (routing on a role, sizing a cache entry, a trusted proxy's
                    # claim picked by a parameter)
                    return
                if not switch and not traced and _verified_after(node, ctx):
                    # a peek: the same token goes on to a verifying call in this function
                    # (the unverified claims only pick the path), and nothing shows that
                    # a client chose it
                    return
                if not switch and not traced:
                    message += _UNTRACED
                telemetry = None if switch else _telemetry_only(node, ctx)
                if telemetry == "here":
                    # the unverified claims only label a log line or an analytics event
                    return
                fn = ctx.function
                func = _enclosing_function(ctx)
                decides_in = None
                weak = False
                if traced and not switch and not _gated(node, ctx):
                    # a request's token: an error only where the code shows its unverified
                    # claims deciding who the caller is (a test that refuses the request,
                    # or the answer of a dependency or route); otherwise a warning
                    returned = func is not None and "returned" in _flows(
                        node, func, _parent_map(ctx, func)
                    )
                    if not returned:
                        weak = True
                    elif not _client_token(node, ctx, parts=False):
                        if fn is None:
                            weak = True
                        else:
                            decides_in = fn.qname
                if weak:
                    message += _NOT_DECIDING
                hit = ctx.report(
                    node,
                    message,
                    data=_Data(
                        rule="c",
                        untraced_in=fn.qname if fn is not None and not (switch or traced) else None,
                        token_params=() if switch or traced else _token_parameters(node, ctx),
                        decides_in=decides_in,
                        telemetry_name=func.name
                        if telemetry == "callers" and func is not None
                        else None,
                        returns_claims=not (switch or traced) and _returned_whole(node, ctx),
                        untraced=not (switch or traced),
                    ),
                )
                if switch or not traced or weak:
                    # an opt-in: the default path verifies; whether the setting is safe to
                    # turn on (a trusted proxy in front) the code cannot say.  Or a token of
                    # unknown origin (one the server fetched itself from its identity
                    # provider needs no signature check): an error needs a client's token.
                    hit.severity = Severity.WARNING
                    hit.confidence = "medium"
            # (a) and (b): the algorithm allow-list
            algorithms = call_keyword(node, "algorithms")
            if algorithms is None and len(node.args) > 2:
                algorithms = node.args[2]
            if algorithms is None or _const(algorithms, 0) is None:
                kind = _key_kind(node, ctx)
                if not unverified and not splat and not opaque and kind != "object":
                    why = (
                        "python-jose then trusts the token's own `alg` (CVE-2024-33663)"
                        if lib == "jose"
                        else "PyJWT raises at run time"
                    )
                    client = _client_token(node, ctx, strict=True)
                    raw_from_client = kind == "raw" and client
                    if kind != "raw":
                        why += " (the key is not shown to be key text)"
                    elif not client:
                        why += " (where the token comes from is not traced to a request)"
                    hit = ctx.report(
                        node,
                        f"{shown} without an `algorithms=` allow-list: {why}",
                        data=_Data(rule="a"),
                    )
                    if not raw_from_client:
                        # the algorithm confusion needs a str/bytes key that the token's
                        # ``alg`` turns into an HMAC secret, and a token the client chose
                        hit.severity = Severity.WARNING
                        hit.confidence = "medium"
            elif _has_none(algorithms):
                ctx.report(
                    node,
                    f"{shown} allows the `none` algorithm: unsigned tokens are accepted",
                    data=_Data(rule="b"),
                )
        else:
            algorithm = call_keyword(node, "algorithm")
            if algorithm is None and len(node.args) > 2:
                algorithm = node.args[2]
            if _has_none(algorithm):
                ctx.report(
                    node,
                    f"{shown} with the `none` algorithm issues unsigned tokens",
                    data=_Data(rule="b"),
                )

        # (d) a hard-coded key
        if ctx.file_class == "test" or unverified:
            return
        key = (
            node.args[1]
            if len(node.args) > 1 and not any(isinstance(a, ast.Starred) for a in node.args[:2])
            else call_keyword(node, "key")
        )
        verb = "signs" if op == "encode" else "verifies"
        if isinstance(key, ast.Constant):
            if _secret_literal(key.value) and key.value not in ("", b""):
                ctx.report(
                    node,
                    f"{shown} {verb} with a hard-coded key: anyone who reads the code can forge tokens",
                    data=_Data(rule="d", keyed_in=_function_qname(ctx)),
                )
        elif isinstance(key, ast.Name):
            kq = ctx.resolve(key)
            if not kq:
                return
            if kq == f"{ctx.module}.{key.id}":
                if key.id in ctx.module_constants:
                    value = ctx.facts.bindings.get(key.id)
                    if (
                        value
                        and isinstance(value, Lit)
                        and _secret_literal(_lit_value(value))
                        and value.value != ""
                    ):
                        ctx.report(
                            node,
                            f"{shown} {verb} with `{key.id}`, a hard-coded key: anyone who reads the code can forge tokens",
                            data=_Data(rule="d", keyed_in=_function_qname(ctx)),
                        )
            elif ctx.is_project(kq):
                ctx.report(
                    node,
                    self.message,
                    data=_Data(
                        rule="d",
                        pending=kq,
                        verb=verb,
                        shown=shown,
                        name=key.id,
                        keyed_in=_function_qname(ctx),
                    ),
                )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        from auditor.project import Binding

        out: list[Hit] = []
        dead = project.dead_code(
            q for h in hits for q in (h.payload(_Data).untraced_in, h.payload(_Data).keyed_in)
        )
        if project.application_modules is None:
            dead |= _unused_helpers(project, (h.payload(_Data).untraced_in for h in hits))
        callers = _Callers(project)
        candidates = [
            (fn, d)
            for h in hits
            if (d := h.payload(_Data)).untraced_in
            and d.token_params
            and d.untraced_in not in dead
            and (fn := project.function(d.untraced_in)) is not None
        ]
        owned = callers.resolve([(fn, d.token_params) for fn, d in candidates])
        request_path = (
            project.request_path_functions if any(h.payload(_Data).decides_in for h in hits) else {}
        )
        for h in hits:
            if h.payload(_Data).untraced_in in dead:
                continue  # nothing reaches the function: no token of anyone's is decoded
            data = h.payload(_Data)
            if data.keyed_in in dead:
                continue  # nothing reaches or names the function: the key signs nothing there
            if data.telemetry_name and not _named_elsewhere(project, data.telemetry_name, h.path):
                continue  # its only callers log the claims: they decide nothing
            if data.decides_in and data.decides_in not in request_path:
                # the claims are this helper's answer, but no route or dependency is seen
                # taking them as the caller's identity
                h.message += _NOT_DECIDING
                h.severity = Severity.WARNING
                h.confidence = "medium"
            if data.untraced_in and data.token_params:
                fn = project.function(data.untraced_in)
                if fn is not None and owned.get((fn.qname, data.token_params)):
                    continue  # every caller hands it a token no client chose
            if data.returns_claims and data.untraced_in:
                fn = project.function(data.untraced_in)
                if fn is not None and callers.read_no_identity(fn):
                    continue  # every caller reads only claims that name nobody
            if data.untraced:
                source = _request_source(data, project, callers)
                if source is None:
                    continue  # no request is seen handing it the token: its origin is unknown
                h.message = h.message.replace(
                    _UNTRACED, f" (`{source}` hands it a token from the request)"
                )
            ref = h.payload(_Data).pending
            if not ref:
                out.append(h)
                continue
            r = project.resolve(ref)
            if not isinstance(r, Binding) or not isinstance(r.value, Lit):
                continue
            if r.value.value == "" or not _secret_literal(_lit_value(r.value)):
                continue
            h.message = (
                f"{h.payload(_Data).shown} {h.payload(_Data).verb} with `{h.payload(_Data).name}`, a hard-coded key in "
                f"`{r.module.path}`: anyone who reads the code can forge tokens"
            )
            out.append(h)
        return out

    bad = (
        snippet(
            """\
import os

import jwt
from fastapi import FastAPI, Request

app = FastAPI()


@app.get("/me")
def me(request: Request) -> dict:
    token = request.headers.get("x-id-token") or os.getenv("DEV_ID_TOKEN")
    return jwt.decode(token, algorithms=["RS256"], options={"verify_signature": False})
""",
            note="the other side of the configured-token exemption: a client's header with an "
            "environment fallback is still the client's token",
            lines=(12,),
        ),
        snippet(
            """\
import jwt
from fastapi import FastAPI, Header

from app.keys import KEY, USERS

app = FastAPI()


@app.get("/me")
def me(authorization: str = Header(), x_id_token: str = Header()) -> dict:
    claims = jwt.decode(x_id_token, options={"verify_signature": False})
    jwt.decode(authorization.removeprefix("Bearer "), KEY, algorithms=["RS256"])
    name = USERS.get(claims["sub"])
    return {"name": name}
""",
            path="app/main.py",
            note="the trap beside the peek: the verified decode is of another token (the "
            "access token), so nothing vouches for the id token's unverified `sub`",
            lines=(11,),
        ),
        snippet(
            """\
import jwt
from fastapi import FastAPI, Header

app = FastAPI()


@app.get("/me")
def me(authorization: str = Header()) -> dict:
    token = authorization.removeprefix("Bearer ")
    return jwt.decode(token, "s3cr3t-signing-key", algorithms=["HS256"], options=dict(verify_aud=False))
""",
            path="app/main.py",
            note="the trap beside `options=dict(...)`: only the audience check is off, so the "
            "literal key does verify the token",
            lines=(10,),
        ),
        Example(
            files={
                "app/identity.py": """\
import os

import jwt


def service_token() -> str | None:
    return os.getenv("PLATFORM_SERVICE_TOKEN")


def account_name(token: str) -> str | None:
    return jwt.decode(token, options={"verify_signature": False}).get("username")


def email_of(token: str) -> str | None:
    return jwt.decode(token, options={"verify_signature": False}).get("email")


def handlers() -> dict:
    return {"email": email_of}


def subject(token: str) -> str | None:
    return jwt.decode(token, options={"verify_signature": False}).get("sub")
""",
                "app/main.py": """\
from fastapi import FastAPI, Request

from app.identity import account_name, email_of, service_token, subject

app = FastAPI()


def _bearer(header: str) -> str:
    return header.removeprefix("Bearer ")


def who(authorization: str) -> str | None:
    return subject(_bearer(authorization))


@app.post("/setup")
async def setup(request: Request) -> dict:
    admin = account_name(service_token() or "")
    caller = account_name(_bearer(request.headers["Authorization"]))
    who_called = who(request.headers["Authorization"])
    return {"admin": admin, "caller": caller, "email": email_of(service_token() or ""), "who": who_called}
""",
            },
            note="a helper one caller hands the request's header (the other a server token), "
            "and one handed a call's answer computed from a caller's parameter, the header "
            "again; beside them, the trap of one whose name is only handed out as a callback "
            "and that no caller is seen handing a request's token (its origin is unknown)",
            lines=(11, 23),
        ),
        snippet(
            """\
import jwt
from fastapi import FastAPI, Header, HTTPException

from app.config import KEY

app = FastAPI()


def signed_by_us(token: str) -> bool:
    try:
        jwt.decode(token, KEY, algorithms=["HS256"], options={"verify_exp": False})
        return True
    except jwt.PyJWTError:
        return False


@app.get("/me")
def me(authorization: str = Header()) -> dict:
    if not signed_by_us(authorization):
        raise HTTPException(401)
    return {"ok": True}
""",
            path="app/main.py",
            note="the claims are thrown away, but the answer is still 'ours': an expired token "
            "passes",
            lines=(11,),
        ),
        snippet(
            """\
import jwt


def parse_token(token: str) -> dict:
    return jwt.decode(token, "JWT_SECRET", algorithms=["HS256"])


def parse_claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})
""",
            with_files=_route(
                "app.main import parse_claims, parse_token",
                "(parse_token(authorization), parse_claims(authorization))",
            ),
            lines=(5, 9),
        ),
        snippet(
            """\
from jose import jwt as jose_jwt

from app.config import settings

SECRET_KEY = "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7"


def create_token(data: dict) -> str:
    return jose_jwt.encode(data, SECRET_KEY, algorithm="HS256")


def read_token(token: str) -> dict:
    return jose_jwt.decode(token, settings.secret_key)


def read_any(token: str) -> dict:
    return jose_jwt.decode(token, settings.secret_key, algorithms=["HS256", "None"])
""",
            note="python-jose under an alias, a module-level literal key, a missing and a `none` allow-list",
            lines=(9, 13, 17),
        ),
        Example(
            files={
                "app/core/config.py": 'SECRET_KEY = b"super-secret"\nALGORITHM = "HS256"\n',
                "app/auth.py": """\
from jwt import decode as jwt_decode

from app.core.config import ALGORITHM, SECRET_KEY


def current_user(token: str) -> dict:
    return jwt_decode(token, key=SECRET_KEY, algorithms=[ALGORITHM], options={"verify_exp": False})
""",
            },
            note="a literal key imported from another module; expiry check off",
            lines=(7,),
        ),
        snippet(
            """\
import jwt

from app.auth.keys import key_for_issuer


def trusted_claims(token: str, trusted: bool) -> dict:
    claims = jwt.decode(token, options={"verify_signature": False, "verify_exp": False})
    if trusted:
        return claims
    return jwt.decode(token, key_for_issuer(claims["iss"]), algorithms=["RS256"])


def user_id(token: str) -> str:
    return jwt.decode(token, options={"verify_signature": False})["sub"]
""",
            with_files=_route(
                "app.main import trusted_claims, user_id",
                "(trusted_claims(authorization, False), user_id(authorization))",
            ),
            note="unverified claims returned (one finding for both options) and an identity "
            "claim read, of the token a route hands each helper",
            lines=(7, 14),
        ),
        snippet(
            """\
import time

import jwt
from fastapi import Depends
from app.auth.keys import oauth2_scheme, public_key


def subject(token: str = Depends(oauth2_scheme)) -> str:
    claims = jwt.decode(token, options={"verify_signature": False})
    if claims.get("exp", 0) < time.time():
        raise ValueError("expired")
    return claims["sub"]


def external_claims(token: str, auth_settings) -> dict:
    if auth_settings.TRUSTED_JWT_DECODE:
        return jwt.decode(token, options={"verify_signature": False})
    return jwt.decode(token, public_key(), algorithms=["RS256"])
""",
            note="an identity read beside an expiry check is still an unverified identity; "
            "an unverified decode behind an opt-in setting is reported at warning, naming it",
            lines=(9, 17),
        ),
        snippet(
            """\
import jwt


def _decode_session(token: str, key: str) -> dict:
    return jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": False})


def session_user(token: str, key: str) -> str:
    claims = _decode_session(token, key)
    return claims["sub"]
""",
            path="app/session.py",
            with_files=_route(
                "app.session import session_user",
                'session_user(authorization, os.environ["SESSION_KEY"])',
            ),
            note="the caller reads the identity, not the expiry: expired sessions keep working",
            lines=(5,),
        ),
        snippet(
            """\
import jwt
from pydantic import BaseModel


class TokenData(BaseModel):
    sub: str
    exp: int


def _owner(data: TokenData) -> str:
    return data.sub


def organisation(token: str, key: str) -> str:
    claims = jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": False})
    data = TokenData(**claims)
    return _owner(data)
""",
            path="app/owner.py",
            with_files=_route(
                "app.owner import organisation", 'organisation(authorization, os.environ["KEY"])'
            ),
            note="converted and passed to a helper that reads only the identity: no expiry check",
            lines=(15,),
        ),
        snippet(
            """\
import jwt
from fastapi import Request


def user_from_id_token(id_token: str) -> str:
    return jwt.decode(id_token, options={"verify_signature": False}).get("email", "")


async def current_user(request: Request) -> str:
    raw = request.headers["Authorization"].removeprefix("Bearer ")
    return jwt.decode(raw, options={"verify_signature": False})["sub"]


def roles_from_id_token(id_token: str) -> list[str]:
    return jwt.decode(id_token, options={"verify_signature": False}).get("roles", [])
""",
            path="app/main.py",
            note="token origin: a warning for a token read from the request whose claims no "
            "route or dependency is seen taking (the next example has the error); an identity "
            "read from a token of unknown origin (no caller is seen handing it a request's) "
            "and roles read from such a token (an identity provider's id_token, seen in "
            "litellm) are not reported",
            lines=(11,),
        ),
        snippet(
            """\
from fastapi import Request
from jose import jwt

from app.config import settings


async def current_user(request: Request) -> str:
    raw = request.headers["Authorization"].removeprefix("Bearer ")
    return jwt.decode(raw, settings.secret_key)["sub"]


def read_claims(token: str, key) -> dict:
    return jwt.decode(token, key)
""",
            path="app/main.py",
            note="missing allow-list: an error for a key given as text and a token read from "
            "the request, a warning when either is not shown",
            lines=(9, 13),
        ),
        snippet(
            """\
import jwt
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse

app = FastAPI()


def caller_email(request: Request) -> str | None:
    token = request.headers["Authorization"].split(" ")[1]
    return jwt.decode(token, options={"verify_signature": False}).get("email")


async def current_user(request: Request) -> str:
    raw = request.headers["Authorization"].removeprefix("Bearer ")
    return jwt.decode(raw, options={"verify_signature": False})["sub"]


@app.get("/me")
async def me(request: Request, user: str = Depends(current_user)) -> dict:
    return {"user": user, "email": caller_email(request)}


@app.middleware("http")
async def admins_only(request: Request, call_next):
    token = request.headers["Authorization"].split(" ")[1]
    claims = jwt.decode(token, options={"verify_signature": False})
    role = claims.get("role")
    if request.url.path.startswith("/admin") and role != "admin":
        return JSONResponse({"detail": "forbidden"}, status_code=403)
    return await call_next(request)


@app.middleware("http")
async def remember_user(request: Request, call_next):
    token = request.headers["Authorization"].split(" ")[1]
    claims = jwt.decode(token, options={"verify_signature": False})
    request.state.user = claims["sub"]
    return await call_next(request)
""",
            path="app/main.py",
            note="how sure a request's unverified token is: the answer of a dependency that "
            "names the caller to the routes, or a test on its claims that refuses the request, "
            "is an error; a helper's answer no route or dependency takes, or an identity "
            "stored for later, is a warning",
            lines=(10, 15, 26, 36),
        ),
        snippet(
            """\
import jwt
from fastapi import Cookie, HTTPException

from app.config import settings
from app.store import issue, refresh_ids


def refresh(token: str = Cookie()) -> str:
    claims = jwt.decode(token, settings.key, algorithms=["HS256"], options={"verify_exp": False})
    if claims["jti"] not in refresh_ids:
        raise HTTPException(401)
    refresh_ids.discard(claims["jti"])
    return issue(claims["jti"])
""",
            path="app/auth.py",
            note="the trap beside a logout's deny list: the token's id decides whether an "
            "expired refresh token buys a new one",
            lines=(9,),
        ),
        snippet(
            """\
import base64

from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import HTTPBearer
from jose import jwt

app = FastAPI()
bearer = HTTPBearer()


class Verifier:
    def __init__(self, key) -> None:
        self.key = key

    def _claims(self, token: str) -> dict:
        return jwt.decode(token, "", options={"verify_signature": False})

    def check(self, token: str) -> dict:
        message, sig = token.rsplit(".", 1)
        ok = self.key.verify(message.encode(), base64.urlsafe_b64decode(sig))
        claims = self._claims(token)
        if not ok:
            raise HTTPException(401)
        return claims


verifier = Verifier(None)


@app.get("/me")
def me(creds=Depends(bearer)) -> dict:
    return verifier.check(creds.credentials)
""",
            path="app/main.py",
            note="the trap beside a caller that checks the signature first: here the claims "
            "are read before the signature's answer is tested",
            lines=(16,),
        ),
        Example(
            files={
                "app/config.py": 'SECRET_KEY = "secret_key"\n',
                "app/auth.py": """\
import jwt
from fastapi import Security
from fastapi.security import OAuth2PasswordBearer

from app.config import SECRET_KEY

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/login")


async def get_current_user(token: str = Security(oauth2_scheme)) -> dict:
    return jwt.decode(token, SECRET_KEY, algorithms=["HS256"])
""",
                "app/main.py": """\
from fastapi import Depends, FastAPI

from app.auth import get_current_user

app = FastAPI()


@app.get("/me")
def me(user: dict = Depends(get_current_user)) -> dict:
    return user
""",
            },
            note="the trap beside a dependency nothing uses: one a route depends on",
            lines=(11,),
        ),
        snippet(
            """\
from typing import Optional

import jwt
from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

app = FastAPI()
bearer = HTTPBearer()
SECRETS: dict[str, str] = {}


def _subject_unverified(token: str) -> Optional[str]:
    try:
        claims = jwt.decode(token, options={"verify_signature": False, "verify_exp": False})
    except jwt.InvalidTokenError:
        return None
    subject = claims.get("sub")
    return subject if isinstance(subject, str) else None


def current_user(creds: HTTPAuthorizationCredentials = Depends(bearer)) -> str:
    token = creds.credentials
    subject = _subject_unverified(token)
    if subject is None or subject not in SECRETS:
        raise HTTPException(status_code=401)
    if subject == "service":
        return subject
    payload = jwt.decode(token, SECRETS[subject], algorithms=["HS256"])
    if payload.get("sub") != subject:
        raise HTTPException(status_code=401)
    return subject


@app.get("/me")
def me(user: str = Depends(current_user)) -> dict:
    return {"user": user}
""",
            path="app/auth.py",
            note="the other side of the peek across a helper: the caller answers with the "
            "unverified subject before it verifies the token",
            lines=(14,),
        ),
        snippet(
            """\
from typing import Optional

import jwt
from fastapi import Depends, FastAPI
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

app = FastAPI()
bearer = HTTPBearer()
SECRETS: dict[str, str] = {}


def _subject_unverified(token: str) -> Optional[str]:
    try:
        claims = jwt.decode(token, options={"verify_signature": False, "verify_exp": False})
    except jwt.InvalidTokenError:
        return None
    subject = claims.get("sub")
    return subject if isinstance(subject, str) else None


def _names_a_user(token: str) -> bool:
    return _subject_unverified(token) in SECRETS


@app.get("/session")
def session(creds: HTTPAuthorizationCredentials = Depends(bearer)) -> dict:
    return {"known": _names_a_user(creds.credentials)}
""",
            path="app/auth.py",
            note="the other side of the dead caller: a route runs the helper that trusts the "
            "unverified subject",
            lines=(14,),
        ),
        snippet(
            """\
from typing import Optional

import jwt
from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

app = FastAPI()
bearer = HTTPBearer()
SECRETS: dict[str, str] = {}
STRICT = False


def _subject_unverified(token: str) -> Optional[str]:
    try:
        claims = jwt.decode(token, options={"verify_signature": False, "verify_exp": False})
    except jwt.InvalidTokenError:
        return None
    subject = claims.get("sub")
    return subject if isinstance(subject, str) else None


def current_user(creds: HTTPAuthorizationCredentials = Depends(bearer)) -> str:
    token = creds.credentials
    subject = _subject_unverified(token)
    if subject is None:
        raise HTTPException(status_code=401)
    if STRICT:
        jwt.decode(token, SECRETS[subject], algorithms=["HS256"])
    try:
        jwt.decode(token, SECRETS[subject], algorithms=["HS256"])
    except jwt.InvalidTokenError:
        pass
    return subject


@app.get("/me")
def me(user: str = Depends(current_user)) -> dict:
    return {"user": user}
""",
            path="app/auth.py",
            note="the other side of the peek across a helper: the verified decode only runs "
            "behind an `if`, or in a `try` whose handler goes on with the unverified subject",
            lines=(15,),
        ),
        snippet(
            """\
from typing import Optional

import jwt
from google.oauth2.credentials import Credentials

from app.models import Grant


def owner_of(grant: Grant) -> str:
    return jwt.decode(grant.id_token, options={"verify_signature": False})["email"]


def owner_of_any(credentials) -> str:
    return jwt.decode(credentials.id_token, options={"verify_signature": False})["email"]


def owner_of_stored(credentials: Optional[Credentials], token: str) -> str:
    if token:
        credentials = Credentials(token=None, id_token=token)
    return jwt.decode(credentials.id_token, options={"verify_signature": False})["email"]
""",
            path="app/owners.py",
            with_files=_route(
                "app.owners import owner_of, owner_of_any, owner_of_stored",
                "(owner_of(request.state.grant), owner_of_any(request.state.credentials), "
                'owner_of_stored(request.state.credentials, request.headers["X-Id-Token"]))',
            ),
            note="the other side of the issued-id-token trap: the id_token of a project "
            "class, of an object of no known class, and of library credentials the function "
            "rebuilds from a token its caller hands it",
            lines=(10, 14, 20),
        ),
        snippet(
            _SESSION_CLAIMS
            + """

def owner(client: Client) -> str:
    return Client.claims(client.token)["sub"]
""",
            path="app/client.py",
            with_files=_route("app.client import owner", "owner(request.state.client)"),
            note="the other side of the session-claims trap: one caller reads who the token "
            "names from the claims handed back, and a route hands it the request's client",
            lines=(13,),
        ),
    )
    good = (
        Example(
            files={
                "app/oauth.py": """\
import jwt


def account_of(answer: dict) -> str:
    return jwt.decode(answer["id_token"], options={"verify_signature": False})["sub"]
""",
                "app/routes.py": """\
import httpx
from fastapi import FastAPI

from app.oauth import account_of

api = FastAPI()


async def exchange(code: str) -> dict:
    async with httpx.AsyncClient() as client:
        response = await client.post("https://idp.example.com/token", data={"code": code})
    return response.json()


@api.get("/callback")
async def callback(code: str) -> dict:
    answer = await exchange(code)
    return {"account": account_of(answer)}
""",
            },
            note="a helper handed the identity provider's answer to a code the route passed "
            "on: the answer of a call is not the client's token, whatever went into the call",
        ),
        snippet(
            """\
import jwt


def read_claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})
""",
            path="mylib/claims.py",
            note="a library's public helper that decodes the token its callers hand it: no "
            "caller is seen handing it a request's token, so where it comes from is not known "
            "(the check says so by not claiming it)",
        ),
        snippet(
            _SESSION_CLAIMS,
            path="app/client.py",
            note="a helper that hands the unverified claims back whole, and every caller "
            "reads only claims that name nobody (exp, the server's version) or prints them "
            "(seen in clearml)",
        ),
        snippet(
            """\
from typing import Optional

import jwt
from authlib.oauth2.rfc6749 import OAuth2Token
from google.oauth2.credentials import Credentials


def remember(session_id: str, credentials: Optional[Credentials]) -> str | None:
    if credentials is None or not credentials.id_token:
        return None
    claims = jwt.decode(credentials.id_token, options={"verify_signature": False})
    return claims.get("email")


def account_of(token: OAuth2Token) -> str:
    id_token = token["id_token"]
    return jwt.decode(id_token, options={"verify_signature": False})["sub"]
""",
            path="app/sessions.py",
            note="the id_token of an OAuth client library's credentials (google-auth's "
            "`Credentials`, authlib's `OAuth2Token`): the token endpoint answered the server's "
            "own request with it over TLS, which OIDC accepts in place of the signature check "
            "(seen in workspace-mcp)",
        ),
        snippet(
            """\
from typing import Optional

import jwt
from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

app = FastAPI()
bearer = HTTPBearer()
SECRETS: dict[str, str] = {}


def _subject_unverified(token: str) -> Optional[str]:
    try:
        claims = jwt.decode(token, options={"verify_signature": False, "verify_exp": False})
    except jwt.InvalidTokenError:
        return None
    subject = claims.get("sub")
    return subject if isinstance(subject, str) else None


def current_user(creds: HTTPAuthorizationCredentials = Depends(bearer)) -> str:
    token = creds.credentials
    subject = _subject_unverified(token)
    if subject is None or subject not in SECRETS:
        raise HTTPException(status_code=401)
    try:
        payload = jwt.decode(token, SECRETS[subject], algorithms=["HS256"])
    except jwt.InvalidTokenError:
        raise HTTPException(status_code=401)
    if payload.get("sub") != subject:
        raise HTTPException(status_code=401)
    return subject


def is_owner(token: str) -> bool:
    subject = _subject_unverified(token)
    if subject is None:
        return False
    payload = jwt.decode(token, SECRETS.get(subject, ""), algorithms=["HS256"])
    return payload.get("role") == "owner"


def _names_a_user(token: str) -> bool:
    return _subject_unverified(token) in SECRETS


@app.get("/me")
def me(user: str = Depends(current_user)) -> dict:
    return {"user": user}


@app.get("/owner")
def owner(creds: HTTPAuthorizationCredentials = Depends(bearer)) -> dict:
    return {"owner": is_owner(creds.credentials)}
""",
            path="app/auth.py",
            note="a helper's unverified read of the subject only picks that user's secret: "
            "every caller then decodes the same token with it and an `algorithms` list, "
            "before anything trusts the claims, or is itself dead code (seen in unsloth)",
        ),
        snippet(
            """\
import os

import jwt


class ServiceCredential:
    def __init__(self, *, access_token: str | None = None) -> None:
        token = access_token or os.getenv("SERVICE_ACCESS_TOKEN")
        if not token:
            raise ValueError("no access token")
        self.token = token
        claims = jwt.decode(token, algorithms=["RS256"], options={"verify_signature": False})
        self.tenant = claims["tid"]
        self.user_id = claims["oid"]
        self.email = claims["email"]
""",
            note="the process's own credential, handed in or read from the environment "
            "(seen in pyrit's Copilot authenticator): its claims address the requests it "
            "sends, they authenticate no caller",
        ),
        Example(
            files={
                "app/config.py": 'SECRET_KEY = "secret_key"\n',
                "app/auth.py": """\
import jwt
from fastapi import Security
from fastapi.security import OAuth2PasswordBearer

from app.config import SECRET_KEY

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/login")


async def get_current_user(token: str = Security(oauth2_scheme)) -> dict:
    return jwt.decode(token, SECRET_KEY, algorithms=["HS256"])
""",
                "app/main.py": """\
from fastapi import FastAPI

app = FastAPI()


@app.get("/ping")
def ping() -> dict:
    return {}
""",
            },
            note="a hard-coded key in a dependency that nothing reaches or names: no token is "
            "verified with it (seen in permissions-system)",
        ),
        snippet(
            """\
import jwt


def decode_token_without_verification(token: str) -> dict:
    \"\"\"For debugging: never use it to authenticate.\"\"\"
    return jwt.decode(token, options={"verify_signature": False})


def _peek(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})
""",
            path="mylib/utils.py",
            note="a library (no application) whose unverified decodes sit in helpers nothing "
            "in it names, one private and one whose name says it does not verify (seen in "
            "assem)",
        ),
        snippet(
            """\
import base64

from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import HTTPBearer
from jose import jwt

app = FastAPI()
bearer = HTTPBearer()


class Verifier:
    def __init__(self, key) -> None:
        self.key = key

    def _claims(self, token: str) -> dict:
        return jwt.decode(token, "", options={"verify_signature": False})

    async def check(self, token: str) -> dict:
        message, sig = token.rsplit(".", 1)
        ok: bool = self.key.verify(message.encode(), base64.urlsafe_b64decode(sig))
        if not ok:
            raise HTTPException(401)
        return self._claims(token)


verifier = Verifier(None)


@app.get("/me")
async def me(creds=Depends(bearer)) -> dict:
    return await verifier.check(creds.credentials)
""",
            path="app/main.py",
            note="a helper that reads the claims unverified, whose only caller first checks "
            "the same token's signature against the key and refuses it on failure (seen in "
            "fastapi-cloudauth)",
        ),
        snippet(
            """\
import json
from pathlib import Path

from jose import jwt


def show_cached_token(path: Path) -> None:
    token = json.loads(path.read_text())["access_token"]
    claims = jwt.decode(
        token,
        "ignored",
        options=dict(verify_signature=False, verify_aud=False, verify_exp=False),
    )
    print(json.dumps(claims, indent=2))
""",
            path="app/cli.py",
            note="a placeholder key in a decode whose signature check is off (`options=dict(...)`): "
            "nothing is verified with it, and the token is the user's own cached one",
        ),
        snippet(
            """\
import os

import jwt

SECRET_KEY = "dev-only-default"


def configure(secret: str | None = None) -> None:
    global SECRET_KEY
    SECRET_KEY = secret or os.environ["APP_SECRET_KEY"]


def issue(subject: str) -> str:
    return jwt.encode({"sub": subject}, SECRET_KEY, algorithm="HS256")
""",
            path="app/tokens.py",
            note="a default the module rebinds through `global` in `configure()`: not a constant "
            "bound once, so not shown to be the signing key",
        ),
        snippet(
            """\
import logging

import jwt
from fastapi import FastAPI, Request
from starlette.middleware.base import BaseHTTPMiddleware

from app.telemetry import analytics

logger = logging.getLogger(__name__)
app = FastAPI()


class EventCapture(BaseHTTPMiddleware):
    def _identity(self, request: Request) -> str:
        try:
            token = request.headers["Authorization"].split(" ")[1]
            return jwt.decode(token, options={"verify_signature": False}).get("email")
        except Exception:
            return "anonymous"

    async def dispatch(self, request: Request, call_next):
        identity = self._identity(request)
        analytics.capture(identity, "request-started", {"path": request.url.path})
        response = await call_next(request)
        analytics.capture(identity, "request-finished", {"status": response.status_code})
        return response


@app.middleware("http")
async def access_log(request: Request, call_next):
    claims = jwt.decode(request.cookies["session"], options={"verify_signature": False})
    logger.info("request from %s", claims.get("sub"))
    return await call_next(request)


app.add_middleware(EventCapture)
""",
            path="app/main.py",
            note="a request's token decoded unverified only to label analytics events and log "
            "lines: the claims authenticate nothing (routes verify tokens in their "
            "dependencies; seen in keephq)",
        ),
        Example(
            files={
                "app/identity.py": """\
import os

import jwt


def service_token() -> str | None:
    return os.getenv("PLATFORM_SERVICE_TOKEN")


def account_name(token: str) -> str | None:
    return jwt.decode(token, options={"verify_signature": False}).get("username")


def _email(id_token: str | None) -> str | None:
    if not id_token:
        return None
    return jwt.decode(id_token, options={"verify_signature": False}).get("email")


async def drive_owner(credentials) -> str | None:
    return _email(getattr(credentials, "id_token", None))
""",
                "app/main.py": """\
from fastapi import FastAPI

from app.identity import account_name, drive_owner, service_token

app = FastAPI()


class Drive:
    def __init__(self, creds) -> None:
        self.creds = creds

    async def owner(self) -> str | None:
        return await drive_owner(self.creds)


@app.post("/setup")
async def setup() -> dict:
    token = service_token()
    return {"admin": account_name(token) if token else None}


@app.get("/drive/owner")
async def owner(drive: Drive) -> dict:
    return {"owner": await drive.owner()}
""",
            },
            note="tokens the server holds, read at every caller: a platform token from the "
            "environment (through a getter), and the id token of credentials the server "
            "stored on its own object, handed down two helpers (seen in openrag)",
        ),
        snippet(
            """\
import jwt
from fastapi import FastAPI, Header, HTTPException

from app.config import KEY

app = FastAPI()


def is_jwt(token: str) -> bool:
    try:
        jwt.decode(token, options={"verify_signature": False})
        return True
    except jwt.InvalidTokenError:
        return False


@app.get("/me")
def me(authorization: str = Header()) -> dict:
    token = authorization.removeprefix("Bearer ")
    if not is_jwt(token):
        raise HTTPException(401, "not a token")
    return jwt.decode(token, KEY, algorithms=["HS256"])
""",
            path="app/main.py",
            note="a request's token decoded unverified only to test that it parses as a JWT: "
            "the claims are thrown away, and the verified decode reads them (seen in "
            "cheshire-cat-ai)",
        ),
        snippet(
            """\
import logging

import httpx
import jwt

logger = logging.getLogger(__name__)


def linked_identities(user) -> list[dict]:
    rows = []
    for account in user.social_accounts:
        claims = jwt.decode(account.extra_data["id_token"], options={"verify_signature": False})
        rows.append({"provider": account.provider, "email": claims.get("email")})
    return rows


async def authenticate(code: str, verify) -> str | None:
    async with httpx.AsyncClient() as client:
        response = await client.post("https://idp.example/token", data={"code": code})
    id_token = response.json()["id_token"]
    try:
        return verify(id_token)["sub"]
    except jwt.PyJWTError:
        logger.exception("bad token: %r", jwt.decode(id_token, options={"verify_signature": False}))
        return None
""",
            path="app/identities.py",
            note="tokens no client chose: an id_token the server stored after its own exchange "
            "with the identity provider, shown in the user's list (seen in galaxy), and one it "
            "just fetched from the provider, decoded only for a log line after the verified "
            "decode failed (seen in tiled)",
        ),
        Example(
            files={
                "app/tokens.py": """\
import jwt

from app.keys import KEY, intra_user


def user_from(token: str) -> dict:
    peek = jwt.decode(token, options={"verify_signature": False})
    user = intra_user(peek)
    if user:
        return user
    return _decode_verified(token)


def _decode_verified(token: str) -> dict:
    return jwt.decode(token, KEY, algorithms=["RS256"])


def subject_of(token: str) -> str:
    \"\"\"Not for authentication: reads `sub` for display.\"\"\"
    return jwt.decode(token, options={"verify_signature": False})["sub"]
""",
                "app/keys.py": """\
KEY = open("key.pem").read()


def intra_user(claims: dict) -> dict | None:
    return None
""",
                "app/main.py": """\
from fastapi import FastAPI

from app.tokens import user_from

app = FastAPI()


@app.get("/me")
def me(token: str) -> dict:
    return user_from(token)
""",
            },
            note="an unverified peek that only routes the token to a verifying decode (seen in "
            "feast), and a utility nothing in the application calls (seen in langflow)",
        ),
        snippet(
            """\
import time

import jwt
from pydantic import BaseModel


class Claims(BaseModel):
    sub: str
    exp: int


def lens_claims(token: str, secret: str) -> Claims | None:
    claims = Claims.model_validate(
        jwt.decode(token, secret, algorithms=["HS256"], options={"verify_exp": False})
    )
    if claims.exp < time.time():
        return None
    return claims
""",
            path="app/lens.py",
            note="claims validated into a model whose `exp` the code compares itself",
        ),
        snippet(
            """\
from datetime import datetime

import jwt


def _decode_envelope(compact: str, key: str) -> dict:
    payload = jwt.decode(
        compact, key, algorithms=["HS256"], options={"verify_exp": False, "require": ["exp"]}
    )
    return dict(payload)


def open_envelope(candidate: str, key: str, now: datetime) -> dict | None:
    claims = _decode_envelope(candidate, key)
    if now.timestamp() >= claims["exp"]:
        return None
    return claims
""",
            path="app/envelope.py",
            note="the expiry check is the caller's, against an injected clock (issue 10, class 9)",
        ),
        snippet(
            """\
import time

import jwt
from fastapi import HTTPException
from pydantic import BaseModel


class TokenData(BaseModel):
    sub: str
    exp: int


def _reject_expired(data: TokenData) -> None:
    if data.exp <= time.time():
        raise HTTPException(status_code=403, detail="token expired")


def _expiry_gate(payload: dict | None) -> None:
    if payload is not None:
        _reject_expired(TokenData(**payload))


def _peek(token: str, key: str) -> dict | None:
    try:
        return jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": False})
    except jwt.PyJWTError:
        return None


def organisation(token: str, key: str) -> str:
    claims = jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": False})
    data = TokenData(**claims)
    _reject_expired(data)
    return data.sub


def cached_organisation(token: str, key: str) -> None:
    payload = _peek(token, key)
    _expiry_gate(payload)
""",
            path="app/auth.py",
            note="the claims, converted to a model, reach a helper of the module that compares "
            "`exp` with now and raises (directly, or through a second helper)",
        ),
        snippet(
            """\
import jwt

from app.auth.config import auth_settings


def parse_token(token: str) -> dict:
    return jwt.decode(
        token,
        auth_settings.JWT_SECRET.get_secret_value(),
        algorithms=[auth_settings.JWT_ALG],
    )


def header(token: str) -> dict:
    return jwt.get_unverified_header(token)
"""
        ),
        snippet(
            """\
import jwt

SIGNING_KEY = "test-secret"


def make_token(sub: str) -> str:
    return jwt.encode({"sub": sub}, SIGNING_KEY, algorithm="HS256")


def test_token_roundtrip() -> None:
    token = jwt.encode({"sub": "1"}, "another-test-secret", algorithm="HS256")
    assert jwt.decode(token, "another-test-secret", algorithms=["HS256"])["sub"] == "1"
""",
            path="tests/test_tokens.py",
            note="test files may sign with fixed keys",
        ),
        snippet(
            """\
import os

from authlib.jose import jwt as authlib_jwt

PUBLIC_KEY = \"\"\"-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE
-----END PUBLIC KEY-----\"\"\"

SECRET = "dev-only"
SECRET = os.environ["JWT_SECRET"]


class Codec:
    def decode(self, token: str, key: str) -> dict:
        return {}


def verify(token: str) -> dict:
    import jwt as pyjwt

    pyjwt.decode(token, PUBLIC_KEY, algorithms=["ES256"])
    pyjwt.decode(token, SECRET, algorithms=["HS256"])
    jwt = Codec()
    jwt.decode(token, "literal")
    return authlib_jwt.decode(token, "literal")
""",
            note="public keys, a rebound constant, a local `jwt` object and Authlib are not matched",
        ),
        Example(
            files={
                "app/core/config.py": 'import os\n\nSECRET_KEY = os.environ["SECRET_KEY"]\n',
                "app/auth.py": """\
import jwt

from app.core.config import SECRET_KEY


def current_user(token: str, **opts: object) -> dict:
    jwt.decode(token, SECRET_KEY, **opts)
    jwt.decode(token, options=opts)
    return jwt.decode(token, SECRET_KEY, ["HS256"])
""",
            },
            note="a key from the environment; algorithms passed positionally, options or kwargs unknown",
        ),
        snippet(
            """\
import time

import jwt

from app.auth.keys import key_for_issuer

def session_expiry(id_token: str, default: int) -> int:
    exp = jwt.decode(id_token, options={"verify_signature": False}).get("exp")
    return min(default, int(exp or time.time()))


def logout_claims(logout_token: str) -> dict:
    peek = jwt.decode(logout_token, options={"verify_signature": False})
    key = key_for_issuer(peek["iss"])
    claims = jwt.decode(logout_token, key, algorithms=["RS256"], audience="app")
    return {"sub": claims["sub"]}
""",
            note="reading only `exp` from an unverified token; a peek at the issuer before a verified decode",
        ),
        snippet(
            """\
import time

import jwt


def cache_ttl(token: str) -> float | None:
    claims = jwt.decode(token, options={"verify_signature": False})
    exp = claims.get("exp")
    return float(exp) if isinstance(exp, (int, float)) else None


def _check_times(claims: dict) -> None:
    if claims["exp"] < time.time():
        raise ValueError("expired")


def refresh_claims(token: str, key: str) -> dict:
    claims = jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": False})
    _check_times(claims)
    return claims


async def exchange(client, form) -> dict:
    user = await client.userinfo(token={"access_token": form.token, "token_type": "Bearer"})
    claims = jwt.decode(form.token, options={"verify_signature": False})
    return {"email": user["email"], "roles": claims.get("roles", [])}
""",
            note="compensated decodes: claims read only for `exp`, an expiry checked by the "
            "code after `verify_exp: False`, a token the provider's userinfo endpoint accepted "
            "before its claims are read",
        ),
        snippet(
            """\
import jwt
from fastapi import Request

from app.config import settings

revoked: set[str] = set()


async def logout(request: Request, redis) -> None:
    token = request.cookies.get("access_token")
    if token:
        claims = jwt.decode(token, settings.key, algorithms=["HS256"], options={"verify_exp": False})
        if "jti" in claims:
            revoked.add(claims["jti"])
        jti = claims.get("jti")
        await redis.set(f"revoked:{jti}", 1)
""",
            path="app/auth.py",
            note="a logout: the signature is checked and the claims only put the token's id "
            "on a deny list; revoking an expired token grants nothing (seen in assem)",
        ),
        snippet(
            """\
from fastapi import Request
from jose import jwk, jwt


def find_key(token: str, keys: list[dict]):
    kid = jwt.get_unverified_header(token).get("kid")
    for key in keys:
        if key["kid"] == kid:
            return jwk.construct(key)
    raise LookupError(kid)


async def authenticate(request: Request, keys: list[dict], client) -> str:
    code = request.query_params["code"]
    response = await client.post("/token", data={"code": code})
    id_token = response.json()["id_token"]
    key = find_key(id_token, keys)
    return jwt.decode(id_token, key, audience="app")["sub"]
""",
            note="python-jose with a key object (`jwk.construct(...)`, here through a helper "
            "of the module) keeps the key's own algorithm: the token's `alg` cannot turn it "
            "into an HMAC secret (CVE-2024-33663 needs a str/bytes key; seen in "
            "bluesky-httpserver)",
        ),
    )


#: A function whose own name tells its callers that it does not verify the token (after
#: ``jwt.get_unverified_header`` and python-jose's ``get_unverified_claims``).
_UNVERIFIED_NAME = lazy_compile(r"unverified|(?:without|no|skip)_?verif|insecure|unsafe", re.I)


def _unused_helpers(project: Project, qnames) -> set[str]:
    """In a package with no application (a library), those of the functions that decode a
    token of unknown origin which nothing in the package names and which are no API for
    its users either: private (``_peek``), or named for what they do (``decode_unverified``,
    ``decode_token_without_verification``): its callers are told it does not verify.  A
    public function with a plain name is the library's API: its users' code calls it, and
    the finding stays."""
    from auditor.scope import unreferenced

    fns = {
        fn.qname: fn
        for q in qnames
        if q
        and (fn := project.function(q)) is not None
        and (fn.name.startswith("_") or _UNVERIFIED_NAME.search(fn.name))
    }
    if not fns:
        return set()
    unnamed = unreferenced(project, fns.values())
    if not unnamed:
        return set()
    # only those nothing names at all: one only dead code names is dead in an application,
    # but a library's public function calling it is API
    uses = project.named_uses({fns[q].name for q in unnamed})
    if uses is None:
        return set()
    return {q for q in unnamed if uses.get(fns[q].name) == []}


def _function_qname(ctx: ModuleContext) -> str | None:
    fn = ctx.function
    return fn.qname if fn is not None else None


def _lit_value(e: Lit) -> object:
    return e.value


def _has_none(node: ast.AST | None) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and node.value.lower() == "none"
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return any(_has_none(e) for e in node.elts)
    return False


#: Claims that identify no one: reading one of them from an unverified token (to shorten a
#: session to the token's ``exp``, to pick the issuer's key) accepts nothing.
NON_IDENTITY_CLAIMS = frozenset({"exp", "iat", "nbf", "iss", "aud", "kid"})


def _is_dict_call(e: ast.expr | None) -> bool:
    """``dict(a=1, b=2)``: keywords only, every key written."""
    return (
        isinstance(e, ast.Call)
        and isinstance(e.func, ast.Name)
        and e.func.id == "dict"
        and not e.args
        and all(kw.arg is not None for kw in e.keywords)
    )


def _disabled(node: ast.Call) -> list[str]:
    """The verifications a ``decode`` call turns off: ``verify_signature`` / ``verify_exp``
    in a literal ``options`` dict (``{...}`` or ``dict(...)``), or PyJWT 1.x ``verify=False``."""
    options = call_keyword(node, "options")
    if options is None and len(node.args) > 3:
        options = node.args[3]
    off: list[str] = []
    pairs: list[tuple[object, ast.expr]] = []
    if isinstance(options, ast.Dict):
        pairs = [(_const(k), v) for k, v in zip(options.keys, options.values)]
    elif _is_dict_call(options):  # ``options=dict(verify_signature=False)``
        pairs = [(kw.arg, kw.value) for kw in options.keywords]  # type: ignore[union-attr]
    for key, v in pairs:
        if key in ("verify_signature", "verify_exp") and _const(v) is False and key not in off:
            off.append(key)
    if _const(call_keyword(node, "verify")) is False:
        off.append("verify")
    return off


def _harmless_read(node: ast.Call, ctx: ModuleContext, lib: str) -> bool:
    """An unverified decode that accepts no token: its claims are thrown away (a bare
    ``jwt.decode(t, options={"verify_signature": False})`` statement, a test that the token
    parses), only a
    non-identity claim is read from it (``jwt.decode(t, options=...).get("exp")``), or it is
    a peek (at the issuer, the key
    id) followed, in the same function, by a verified decode of the same token, and its
    claims are not returned."""
    parents = ctx.parents
    up = parents[-1] if parents else None
    if isinstance(up, ast.Expr) and {"verify_signature", "verify"} & set(_disabled(node)):
        # the claims of a token nobody verified are thrown away: a format test (does it
        # parse as a JWT?).  A verified signature with the expiry off answers "ours, maybe
        # expired" even when the claims are dropped: still judged
        return True
    if isinstance(up, ast.Subscript) and up.value is node:
        return _const(up.slice) in NON_IDENTITY_CLAIMS
    if isinstance(up, ast.Attribute) and up.value is node and up.attr == "get" and len(parents) > 1:
        call = parents[-2]
        return (
            isinstance(call, ast.Call)
            and call.func is up
            and bool(call.args)
            and _const(call.args[0]) in NON_IDENTITY_CLAIMS
        )
    target = _assigned_name(node, ctx)
    func = _enclosing_function(ctx)
    if target is None or func is None:
        return False
    uses = _uses(func, target, node)
    links = _parent_map(ctx, func)
    if uses and all(_claim_read(u, links) in NON_IDENTITY_CLAIMS for u in uses):
        return True  # ``claims = jwt.decode(...)``, then only ``claims.get("exp")``
    peeked = _decoded_token(node)
    if peeked is None:
        return False
    verified_later = False
    for sub in ast.walk(func):
        if isinstance(sub, ast.Return) and sub.value is not None:
            if any(isinstance(n, ast.Name) and n.id == target for n in ast.walk(sub.value)):
                return False  # the unverified claims are the function's answer
        elif (
            isinstance(sub, ast.Call)
            and sub is not node
            and sub.lineno > node.lineno
            and CALLEES.get(ctx.resolve(sub.func) or "") == (lib, "decode")
        ):
            # the verified decode must be of the token that was peeked at: checking another
            # token (an access token beside the id token) vouches for none of its claims
            other = _decoded_token(sub)
            verified_later = verified_later or (other == peeked and _verifies(sub))
    return verified_later


def _decoded_token(call: ast.Call) -> str | None:
    """``ast.dump`` of the token a ``decode`` call reads (its first argument, or the
    ``jwt=`` / ``token=`` keyword); None when it passes none."""
    token = call.args[0] if call.args else call_keyword(call, "jwt") or call_keyword(call, "token")
    return ast.dump(token) if token is not None else None


def _verifies(call: ast.Call) -> bool:
    """A decode with a key and an ``algorithms`` allow-list that keeps verification on."""
    key = call.args[1] if len(call.args) > 1 else call_keyword(call, "key")
    algorithms = call_keyword(call, "algorithms")
    if algorithms is None and len(call.args) > 2:
        algorithms = call.args[2]
    if key is None or algorithms is None or _const(algorithms, 0) is None or _has_none(algorithms):
        return False
    return "verify_signature" not in _disabled(call) and "verify" not in _disabled(call)


def _assignments(func: ast.AST) -> dict[str, list[ast.expr]]:
    """Local name -> the values ``func`` binds to it (``=``, annotated ``=``, ``:=``)."""
    assigned: dict[str, list[ast.expr]] = {}
    for n in walk(func):
        if isinstance(n, ast.Assign):
            for t in n.targets:
                if isinstance(t, ast.Name):
                    assigned.setdefault(t.id, []).append(n.value)
        elif (
            isinstance(n, (ast.AnnAssign, ast.NamedExpr))
            and n.value is not None
            and isinstance(n.target, ast.Name)
        ):
            assigned.setdefault(n.target.id, []).append(n.value)
    return assigned


def _enclosing_function(ctx: ModuleContext) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    func = next(
        (
            p
            for p in reversed(ctx.parents)
            if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        ),
        None,
    )
    return func if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) else None


#: Methods that only reshape a token's text: ``token.removeprefix("Bearer ")``.
_TEXT_METHODS = frozenset(
    {
        "strip",
        "lstrip",
        "rstrip",
        "removeprefix",
        "removesuffix",
        "replace",
        "split",
        "partition",
        "encode",
        "decode",
    }
)


#: Calls whose answer is their first argument's (text, or one of its attributes)
_CONVERSIONS = {
    False: frozenset({"str", "bytes"}),
    True: frozenset({"str", "bytes", "getattr"}),
}


_ENV_GETTERS = frozenset({"os.getenv", "os.environ.get"})


def _env_read(e: ast.expr, ctx: ModuleContext) -> bool:
    """``os.getenv("X")``, ``os.environ.get("X")`` or ``os.environ["X"]``."""
    if isinstance(e, ast.Call):
        return ctx.resolve(e.func) in _ENV_GETTERS
    return isinstance(e, ast.Subscript) and ctx.resolve(e.value) == "os.environ"


def _configured_token(node: ast.Call, ctx: ModuleContext) -> bool:
    """The decoded token is the process's own configured credential: the enclosing function
    binds it (through local names) to a parameter *or* an environment variable
    (``access_token or os.getenv("COPILOT_ACCESS_TOKEN")``, ``token if token else
    os.environ["X"]``): the parameter stands in for the variable an operator sets, no
    client's token."""
    token = node.args[0] if node.args else call_keyword(node, "jwt") or call_keyword(node, "token")
    func = _enclosing_function(ctx)
    if token is None or func is None:
        return False
    assigned = _assignments(func)
    seen: set[str] = set()
    stack: list[ast.expr] = [token]
    while stack:
        e = stack.pop()
        if isinstance(e, ast.Name):
            if e.id not in seen:
                seen.add(e.id)
                stack.extend(assigned.get(e.id, ()))
        elif isinstance(e, ast.BoolOp) and isinstance(e.op, ast.Or):
            if any(_env_read(v, ctx) for v in e.values):
                return True
        elif isinstance(e, ast.IfExp) and (_env_read(e.body, ctx) or _env_read(e.orelse, ctx)):
            return True
    return False


def _token_from_parameter(node: ast.Call, ctx: ModuleContext) -> bool:
    """The decoded token is (derived from) a parameter of the enclosing function other than
    ``self``/``cls``: a helper handed the token by its callers, which may be the client's.
    Through local names, subscripts and attributes of the value (``body["token"]``,
    ``form.token``), text methods (``token.removeprefix("Bearer ")``) and ``str()``; not
    through any other call's result (``response.json()["id_token"]``: an answer the server
    fetched itself) nor a loop over stored records (``for acct in user.accounts``)."""
    return bool(_token_parameters(node, ctx))


def _issued_id_token(node: ast.Call, ctx: ModuleContext) -> bool:
    """The decoded token is the ID token of an OAuth client library's credentials
    (:data:`ISSUED_TOKEN_CLASSES`): ``credentials.id_token``, ``token["id_token"]`` or
    ``getattr(credentials, "id_token", None)`` of a name the enclosing function annotates
    with such a class (a parameter or an annotated local, ``| None`` too), directly or
    through locals bound only to such reads.  The token endpoint answered the server's own
    request with it, over TLS: no client chose it."""
    token = node.args[0] if node.args else call_keyword(node, "jwt") or call_keyword(node, "token")
    func = _enclosing_function(ctx)
    if token is None or func is None:
        return False
    assigned = _assignments(func)
    sources: list[ast.expr] = [token]
    seen: set[str] = set()
    while sources:
        e = sources.pop()
        if isinstance(e, ast.Name) and e.id in assigned and e.id not in seen:
            seen.add(e.id)
            sources.extend(assigned[e.id])
            continue
        holder = _id_token_holder(e)
        if holder is None or _annotated_as(holder, func, ctx) not in ISSUED_TOKEN_CLASSES:
            return False
    return True


def _id_token_holder(e: ast.expr) -> str | None:
    """The name ``e`` reads the ``id_token`` of: ``name.id_token``, ``name["id_token"]``,
    ``getattr(name, "id_token"[, default])``."""
    holder: ast.expr | None = None
    if (isinstance(e, ast.Attribute) and e.attr == "id_token") or (
        isinstance(e, ast.Subscript) and _const(e.slice) == "id_token"
    ):
        holder = e.value
    elif (
        isinstance(e, ast.Call)
        and isinstance(e.func, ast.Name)
        and e.func.id == "getattr"
        and len(e.args) >= 2
        and _const(e.args[1]) == "id_token"
    ):
        holder = e.args[0]
    return holder.id if isinstance(holder, ast.Name) else None


def _annotated_as(
    name: str, func: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext
) -> str | None:
    """The class ``func`` annotates ``name`` with (``C``, ``C | None``, ``Optional[C]``):
    a parameter the body never rebinds, or a local whose only binding is one annotated
    assignment; None otherwise."""
    args = [*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs]
    param = next((a for a in args if a.arg == name), None)
    annotated = [
        n
        for n in ast.walk(func)
        if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name) and n.target.id == name
    ]
    stores = sum(
        1
        for n in ast.walk(func)
        if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, (ast.Store, ast.Del))
    )
    if param is not None:
        return annotated_class(param.annotation, ctx) if stores == 0 else None
    if len(annotated) == 1 and stores == 1:
        return annotated_class(annotated[0].annotation, ctx)
    return None


def _token_parameters(node: ast.Call, ctx: ModuleContext) -> tuple[str, ...]:
    """The parameters of the enclosing function the decoded token is derived from (see
    :func:`_token_from_parameter`), in order."""
    token = node.args[0] if node.args else call_keyword(node, "jwt") or call_keyword(node, "token")
    func = _enclosing_function(ctx)
    if token is None or func is None:
        return ()
    return _parameter_sources(token, func)


def _parameters(func: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    """``func``'s parameter names, ``self``/``cls`` aside, ``*args``/``**kwargs`` included."""
    args = [*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs]
    params = [a.arg for a in args if a.arg not in ("self", "cls")]
    for extra in (func.args.vararg, func.args.kwarg):
        if extra is not None:
            params.append(extra.arg)
    return params


def _parameter_sources(
    e: ast.expr,
    func: ast.FunctionDef | ast.AsyncFunctionDef,
    attribute_reads: bool = False,
    reshapes: Callable[[str], bool] | None = None,
) -> tuple[str, ...]:
    """The parameters of ``func`` that ``e`` is derived from: through local names,
    subscripts, attributes, ``await``, conditional values, text methods and ``str()``; not
    through any other call's result.  ``attribute_reads`` (a caller's argument) also through
    ``getattr(value, "name", default)`` and through the arguments and receiver of any call
    (a value computed from a parameter may still be the client's).  ``reshapes`` (a name
    -> whether that function only reshapes what it is handed) also through every argument
    of such a call, and of ``str()``."""
    params = _parameters(func)
    assigned = _assignments(func)
    seen: set[str] = set()
    found: list[str] = []

    # a loop, not a nested function calling itself (a reference cycle the audit, which runs
    # with the collector off, would keep)
    stack: list[ast.expr] = [e]
    while stack:
        e = stack.pop()
        if isinstance(e, ast.Name):
            if e.id in params:
                if e.id not in found:
                    found.append(e.id)
                continue
            if e.id in seen:
                continue
            seen.add(e.id)
            stack.extend(assigned.get(e.id, ()))
        elif isinstance(e, (ast.Subscript, ast.Attribute, ast.Await)):
            stack.append(e.value)
        elif isinstance(e, ast.IfExp):
            stack += (e.body, e.orelse)
        elif isinstance(e, ast.BoolOp):
            stack.extend(e.values)
        elif isinstance(e, ast.Call):
            f = e.func
            if isinstance(f, ast.Attribute) and f.attr in _TEXT_METHODS:
                stack.append(f.value)
            elif (
                reshapes is not None
                and isinstance(f, ast.Name)
                and (f.id in _CONVERSIONS[False] or reshapes(f.id))
            ):
                stack.extend(a.value if isinstance(a, ast.Starred) else a for a in e.args)
                stack.extend(k.value for k in e.keywords)
            elif isinstance(f, ast.Name) and e.args and f.id in _CONVERSIONS[attribute_reads]:
                stack.append(e.args[0])
            elif attribute_reads:
                # at a call site: a call's answer is the caller's own only when nothing of
                # its parameters goes into the call (``normalize(authorization)`` is the
                # client's header, reshaped)
                for a in (*e.args, *(k.value for k in e.keywords)):
                    stack.append(a.value if isinstance(a, ast.Starred) else a)
                if isinstance(f, ast.Attribute):
                    stack.append(f.value)
    return tuple(p for p in params if p in found)


#: How many callers up :class:`_Callers` follows a token handed from parameter to parameter.
_MAX_CALLER_DEPTH = 2
#: Parameter names and annotations that hold the request itself.
_REQUEST_OBJECTS = frozenset({"request", "websocket", "req", "conn"})
_REQUEST_TYPES = frozenset({"Request", "WebSocket", "HTTPConnection"})
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)
#: An argument the call site does not show (``*args``, ``**kwargs``)
_UNKNOWN = ast.Constant(value=None)
_Site = tuple[ast.Call, "ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None"]


class _Callers:
    """Where the token a function decodes comes from, read at its callers: every call of
    the function's name in the project (:meth:`Project.named_uses`, tests included) hands
    it, for the token's parameter, a value no client chose -- a literal, the answer of a
    call the caller makes (a settings getter, the server's own exchange with its identity
    provider), an attribute of the caller's own object (credentials it stored) -- the rule
    that clears a decode in the function that fetched the token.  A value derived from the
    caller's own parameter, also through a call's arguments (``normalize(authorization)``),
    is followed to that caller's callers, a few steps up.  Any
    doubt keeps the finding: a use of the name that is not a call (a callback, an alias),
    a call site whose arguments are not all shown (``*args``), a caller that is a route or
    a dependency (FastAPI fills its parameters from the request), a value that reads the
    request (its headers, cookies, query, or the request object itself), a file that
    cannot be read, or no call at all."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._uses: dict[str, list | None] = {}
        self._sites: dict[tuple[str, int], dict[tuple[str, int], list[_Site]] | None] = {}
        self._defs: dict[tuple[str, int], list[ast.FunctionDef | ast.AsyncFunctionDef]] = {}
        self._memo: dict[tuple[str, tuple[str, ...]], bool] = {}
        self._trees: dict[tuple[str, int], ast.Module | None] = {}
        self._dead: dict[str, bool] = {}

    def prefetch(self, functions: list[Function]) -> None:
        """Read the uses of all these functions' names in one pass over the files."""
        wanted = {fn.name for fn in functions} - set(self._uses)
        if not wanted:
            return
        found = self.project.named_uses(wanted)
        for name in wanted:
            self._uses[name] = None if found is None else found.get(name)

    def resolve(
        self, items: list[tuple[Function, tuple[str, ...]]]
    ) -> dict[tuple[str, tuple[str, ...]], bool]:
        """Whether each (function, token parameters) is handed only server-owned tokens.
        The callers are followed level by level for all items at once: one pass over the
        files looks up every name of a level."""
        Key = tuple[str, tuple[str, ...]]
        children: dict[Key, list[Key] | None] = {}  # None: a client may choose the token
        level = {(fn.qname, params): (fn, params) for fn, params in items}
        for _depth in range(_MAX_CALLER_DEPTH + 1):
            level = {k: v for k, v in level.items() if k not in children and k not in self._memo}
            if not level:
                break
            self.prefetch([fn for fn, _ in level.values()])
            following: dict[Key, tuple[Function, tuple[str, ...]]] = {}
            for key, (fn, params) in level.items():
                found = self._sites_of(fn, params)
                children[key] = None if found is None else [(f.qname, p) for f, p in found]
                for f, p in found or ():
                    following[(f.qname, p)] = (f, p)
            level = following
        # a key left unread (deeper than the limit) proves nothing
        # (a method, not a nested function calling itself: that is a reference cycle through
        # its closure, which would hold this object and the trees it parsed for the rest of an
        # audit that runs with the collector off -- 30 MB on litellm)
        return {
            (fn.qname, params): self._owned((fn.qname, params), frozenset(), children)
            for fn, params in items
        }

    def _owned(
        self,
        key: tuple[str, tuple[str, ...]],
        visiting: frozenset[tuple[str, tuple[str, ...]]],
        children: dict,
    ) -> bool:
        """Whether every caller chain above ``key`` ends in a server-owned value."""
        if key in self._memo:
            return self._memo[key]
        kids = children.get(key)
        if kids is None or key in visiting:
            return False
        result = all(self._owned(k, visiting | {key}, children) for k in kids)
        if not visiting:
            self._memo[key] = result
        return result

    def _sites_of(
        self, fn: Function, params: tuple[str, ...]
    ) -> list[tuple[Function, tuple[str, ...]]] | None:
        """The callers (and their parameters) the token handed to ``fn`` comes from, when
        every call site hands it a server-owned value or one of those; None otherwise."""
        project = self.project
        if fn.qname in project.request_path_functions:
            return None
        module = project.module_of(fn)
        node = next((d for d in self._functions(module.path, fn.line) if d.lineno == fn.line), None)
        if node is None:
            return None
        uses = self._uses.get(fn.name)
        if not uses or any(u.kind not in ("call", "import", "type") for u in uses):
            return None
        calls = [u for u in uses if u.kind == "call"]
        if not calls:
            return None
        follow: list[tuple[Function, tuple[str, ...]]] = []
        for use in calls:
            sites = self._call_sites(use.path, use.line)
            found_sites = sites.get((fn.name, use.line)) if sites is not None else None
            if not found_sites:
                return None
            for call, caller in found_sites:
                if self._dead_caller(caller, use.path, call.lineno):
                    continue  # nothing runs the caller: it hands over no token
                for param in params:
                    value = _argument(call, node, param)
                    if value is _UNKNOWN:
                        return None
                    if value is None:
                        continue  # the parameter's default: the function's own
                    up = self._owned_value(value, caller, use.path, call)
                    if up is False:
                        return None
                    if up is not True:
                        follow.append(up)
        return follow

    def request_callers(
        self, items: list[tuple[Function, tuple[str, ...]]]
    ) -> dict[tuple[str, tuple[str, ...]], str | None]:
        """For each (function, token parameters): the qname of a function that hands it a
        token read from the request, a few callers up (a caller that reads the request's
        headers, cookies, query or the request object, or a route or dependency -- FastAPI
        fills its parameters from the request -- whose parameter the token is derived
        from), None when no caller is seen doing so: then where the token comes from is not
        known, and SEC003 does not claim it is a client's."""
        return {(fn.qname, params): self._request_caller(fn, params) for fn, params in items}

    def _request_caller(self, fn: Function, params: tuple[str, ...]) -> str | None:
        seen: set[tuple[str, tuple[str, ...]]] = set()
        level = [(fn, params)]
        for _depth in range(_MAX_CALLER_DEPTH + 1):
            following: list[tuple[Function, tuple[str, ...]]] = []
            self.prefetch([f for f, _ in level])
            for f, p in level:
                if (f.qname, p) in seen:
                    continue
                seen.add((f.qname, p))
                found, up = self._request_sites(f, p)
                if found is not None:
                    return found
                following += up
            level = following
            if not level:
                break
        return None

    def _request_sites(
        self, fn: Function, params: tuple[str, ...]
    ) -> tuple[str | None, list[tuple[Function, tuple[str, ...]]]]:
        """A caller of ``fn`` that hands it (for one of ``params``) a request's value, or
        else the callers (and their parameters) the values handed to it come from."""
        project = self.project
        if fn.qname in project.request_path_functions:
            return fn.qname, []
        module = project.module_of(fn)
        node = next((d for d in self._functions(module.path, fn.line) if d.lineno == fn.line), None)
        follow: list[tuple[Function, tuple[str, ...]]] = []
        for use in self._uses.get(fn.name) or ():
            if node is None or use.kind != "call":
                continue
            sites = self._call_sites(use.path, use.line)
            for call, caller in (sites or {}).get((fn.name, use.line), ()):
                if not isinstance(caller, _DEFS):
                    continue  # module-level code or a lambda: no request seen
                outer = project.function_at(use.path, call.lineno)
                if outer is None or outer.line != caller.lineno or outer.name != caller.name:
                    continue
                if self._dead_caller(caller, use.path, call.lineno):
                    continue
                for param in params:
                    value = _argument(call, node, param)
                    if value is None or value is _UNKNOWN:
                        continue
                    if _verified_before(value, caller, call) or _verified_after_call(
                        value, caller, call, project.by_path[use.path].imports
                    ):
                        continue  # the caller checks the token's signature itself
                    if _reads_request(value, caller):
                        return outer.qname, []
                    sources = self._passed_on(value, caller, use.path)
                    if sources and outer.qname in project.request_path_functions:
                        return outer.qname, []
                    if sources:
                        follow.append((outer, sources))
        return None, follow

    def _passed_on(
        self, e: ast.expr, caller: ast.FunctionDef | ast.AsyncFunctionDef, path: str
    ) -> tuple[str, ...]:
        """The parameters of ``caller`` that the value ``e`` passes on: through local
        names, subscripts, attributes, ``await``, conditional values, text methods, ``str()``
        and the arguments of a function of the caller's module that only reshapes what it is
        handed (``_bearer(authorization)``, every ``return`` derived from its parameters);
        not through any other call's answer (``await self._exchange_code(code)``: what the
        identity provider answered is not the client's token)."""
        return _parameter_sources(e, caller, reshapes=lambda name: self._reshapes(path, name))

    def _reshapes(self, path: str, name: str) -> bool:
        """``name`` is a function of the module at ``path`` whose every ``return`` hands back
        a value derived from its parameters (see :func:`_parameter_sources`)."""
        module = self.project.by_path.get(path)
        fn = self.project.function(f"{module.module}.{name}") if module is not None else None
        if fn is None:
            return False
        node = next((d for d in self._functions(path, fn.line) if d.lineno == fn.line), None)
        if node is None:
            return False
        returns = [r.value for r in ast.walk(node) if isinstance(r, ast.Return) and r.value]
        return bool(returns) and all(_parameter_sources(v, node) for v in returns)

    def read_no_identity(self, fn: Function) -> bool:
        """Every use of ``fn``'s name in the project is a call (an import or an annotation
        aside), and each call's answer -- the unverified claims ``fn`` hands back whole --
        is only read there for claims that name nobody (``.get("exp")``,
        ``["api_version"]``) or printed or logged (:func:`_answer_names_nobody`)."""
        self.prefetch([fn])
        uses = self._uses.get(fn.name)
        if not uses or any(u.kind not in ("call", "import", "type") for u in uses):
            return False
        calls = [u for u in uses if u.kind == "call"]
        for use in calls:
            sites = self._call_sites(use.path, use.line)
            found = sites.get((fn.name, use.line)) if sites is not None else None
            if not found:
                return False
            for call, caller in found:
                if not isinstance(caller, _DEFS) or not _answer_names_nobody(call, caller):
                    return False
        return bool(calls)

    def _dead_caller(
        self,
        caller: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None,
        path: str,
        line: int,
    ) -> bool:
        """``caller`` (the function around a call at ``path``:``line``) is dead code: nothing
        reaches or names it, so it hands the function it calls no token."""
        if not isinstance(caller, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return False
        outer = self.project.function_at(path, line)
        if outer is None or outer.line != caller.lineno or outer.name != caller.name:
            return False
        if outer.qname not in self._dead:
            self._dead[outer.qname] = outer.qname in self.project.dead_code([outer.qname])
        return self._dead[outer.qname]

    def _owned_value(
        self,
        value: ast.expr,
        caller: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None,
        path: str,
        call: ast.Call,
    ) -> bool | tuple[Function, tuple[str, ...]]:
        """True: no client chose ``value``; False: one may have; else the caller and its
        parameters the value is derived from, to follow to its own callers."""
        if isinstance(caller, ast.Lambda):
            return False
        if caller is not None and _verified_before(value, caller, call):
            return True  # the caller checked the token's signature before handing it over
        module = self.project.by_path.get(path)
        if (
            caller is not None
            and module is not None
            and _verified_after_call(value, caller, call, module.imports)
        ):
            return True  # the helper's unverified answer only picked the key of a verified decode
        if _reads_request(value, caller):
            return False
        if caller is None:
            return True  # module-level code: no parameter, no request
        sources = _parameter_sources(value, caller, attribute_reads=True)
        if not sources:
            return True  # a literal, a call's answer, the caller's own object's attribute
        outer = self.project.function_at(path, call.lineno)
        if outer is None or outer.line != caller.lineno or outer.name != caller.name:
            return False
        if outer.qname in self.project.request_path_functions:
            return False  # FastAPI fills a route's (a dependency's) parameters from the request
        return outer, sources

    def _functions(self, path: str, line: int) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
        """The functions of the top-level statement of ``path`` that holds ``line``."""
        key = self._statement(path, line)
        if key not in self._defs:
            tree = self._tree(key)
            self._defs[key] = (
                [n for n in walk(tree) if isinstance(n, _DEFS)] if tree is not None else []
            )
        return self._defs[key]

    def _statement(self, path: str, line: int) -> tuple[str, int]:
        """(path, the first line of its top-level statement that holds ``line``); the line
        is 0 for the whole file (its statements are not known, or its line ends are not
        plain ``\n``): the key of what :meth:`_tree` parses."""
        span = self.project.top_statement(path, line)
        return (path, span[0] if span is not None else 0)

    def _tree(self, key: tuple[str, int]) -> ast.Module | None:
        """The top-level statement ``key`` names, parsed with the file's line numbers (one
        statement of a module, not the module: a caller is followed into a few functions of
        the largest files, and their whole trees cost litellm 30 MB); the file when the key's
        line is 0."""
        if key not in self._trees:
            path, first = key
            text = self.project.read_text(path)
            tree: ast.Module | None = None
            span = self.project.top_statement(path, first) if first else None
            if text is not None and span is not None and "\r" not in text:
                lines = text.split("\n")
                end = span[1] - 1 if span[1] is not None else len(lines)
                try:
                    tree = ast.parse("\n".join(lines[first - 1 : end]))
                    ast.increment_lineno(tree, first - 1)
                except (SyntaxError, ValueError):
                    tree = None
            if tree is None and text is not None:
                try:
                    tree = ast.parse(text)
                except (SyntaxError, ValueError):
                    tree = None
            self._trees[key] = tree
        return self._trees[key]

    def _call_sites(self, path: str, line: int) -> dict[tuple[str, int], list[_Site]] | None:
        """(called name, line of the name's token) -> the calls there, each with its
        innermost enclosing function (None at module level), in the top-level statement of
        ``path`` that holds ``line``."""
        key = self._statement(path, line)
        if key in self._sites:
            return self._sites[key]
        tree = self._tree(key)
        if tree is None:
            self._sites[key] = None
            return None
        out: dict[tuple[str, int], list[_Site]] = {}
        stack: list[tuple[ast.AST, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None]]
        stack = [(tree, None)]
        while stack:
            n, around = stack.pop()
            if isinstance(n, ast.Call):
                f = n.func
                if isinstance(f, ast.Name):
                    out.setdefault((f.id, f.lineno), []).append((n, around))
                elif isinstance(f, ast.Attribute):
                    at = f.end_lineno or f.lineno
                    out.setdefault((f.attr, at), []).append((n, around))
            inner = n if isinstance(n, (*_DEFS, ast.Lambda)) else around
            stack.extend((c, inner) for c in ast.iter_child_nodes(n))
        self._sites[key] = out
        return out


def _verified_before(
    value: ast.expr, caller: ast.FunctionDef | ast.AsyncFunctionDef, call: ast.Call
) -> bool:
    """Before ``call``, ``caller`` handed ``value`` (the token it passes on), or something
    computed from it (``message, sig = token.rsplit(".", 1)``), to a checking call
    (``key.verify(message, sig)``, ``validate_token(token)``, ``introspect(token)``) whose
    failure stops it: a statement of its own (a check that raises), or a test on its
    answer whose body raises or returns (``if not ok: raise HTTPException(401)``).  The
    helper then decodes a token whose signature was checked."""
    # the value as a dotted name (``token``, ``creds.credentials``); ``ast.dump`` would make
    # a reference cycle per call (its nested ``_format``)
    target = dotted(value)
    if target is None:
        return False
    assigned: dict[str, list[ast.expr]] = {}
    parents: dict[int, ast.AST] = {}
    for n in walk(caller):
        for child in ast.iter_child_nodes(n):
            parents[id(child)] = n
        if isinstance(n, (ast.Assign, ast.AnnAssign)) and n.value is not None:
            for t in n.targets if isinstance(n, ast.Assign) else [n.target]:
                for name in walk(t):
                    if isinstance(name, ast.Name):
                        assigned.setdefault(name.id, []).append(n.value)

    def carries(e: ast.AST) -> bool:
        # a loop, not a function calling itself: that closure would be a reference cycle
        todo: list[tuple[ast.AST, int]] = [(e, 0)]
        while todo:
            top, depth = todo.pop()
            for sub in walk(top):
                if isinstance(sub, (ast.Name, ast.Attribute)) and dotted(sub) == target:
                    return True
                if isinstance(sub, ast.Name) and depth < 3:
                    todo.extend((v, depth + 1) for v in assigned.get(sub.id, []))
        return False

    def stops(body: list[ast.stmt]) -> bool:
        return any(isinstance(n, (ast.Raise, ast.Return)) for st in body for n in walk(st))

    def gates(check: ast.Call) -> bool:
        up = parents.get(id(check))
        if isinstance(up, ast.Await):
            check, up = up, parents.get(id(up))  # type: ignore[assignment]
        if isinstance(up, ast.Expr):
            return True  # a check that raises when it fails
        if isinstance(up, ast.UnaryOp) and isinstance(up.op, ast.Not):
            up = parents.get(id(up))
        if isinstance(up, ast.If) and stops(up.body):
            return True  # ``if not key.verify(...): raise``
        names = [
            t.id
            for t in (up.targets if isinstance(up, ast.Assign) else [getattr(up, "target", None)])
            if isinstance(t, ast.Name)
        ]
        if not names:
            return False
        return any(
            isinstance(n, ast.If)
            and check.lineno < n.lineno < call.lineno
            and any(isinstance(x, ast.Name) and x.id in names for x in walk(n.test))
            and stops(n.body)
            for n in walk(caller)
        )

    helper = (
        call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    )
    for n in walk(caller):
        if not isinstance(n, ast.Call) or n is call or n.lineno >= call.lineno:
            continue
        callee = n.func.attr if isinstance(n.func, ast.Attribute) else getattr(n.func, "id", "")
        if callee == helper or not _VALIDATING_CALL.search(callee):
            continue  # (the helper itself, called before: not a check of its own)
        if any(carries(a) for a in (*n.args, *(k.value for k in n.keywords))) and gates(n):
            return True
    return False


def _verified_after_call(
    value: ast.expr,
    caller: ast.FunctionDef | ast.AsyncFunctionDef,
    call: ast.Call,
    imports: dict[str, str],
) -> bool:
    """After ``call`` (``subject = peek(token)``), ``caller`` decodes the token it handed
    over (``value``, a dotted name it does not rebind in between) with a key and an
    ``algorithms`` list, verification on, and no ``return`` in between hands back what the
    helper answered: the helper's unverified read only picked the key (the user's own
    secret) of that decode, which checks signature and expiry before anything trusts the
    claims -- a peek across a helper."""
    target = dotted(value)
    bound: str | None = None
    for n in walk(caller):
        if isinstance(n, ast.Assign) and len(n.targets) == 1:
            v = n.value.value if isinstance(n.value, ast.Await) else n.value
            if v is call and isinstance(n.targets[0], ast.Name):
                bound = n.targets[0].id
    if target is None or bound is None:
        return False
    end = call.end_lineno or call.lineno
    verified_at: int | None = None
    for n in _straight_line_calls(caller):
        if n.lineno <= end:
            continue
        callee = dotted(n.func)
        head, _, rest = (callee or "").partition(".")
        q = f"{imports[head]}.{rest}" if head in imports and rest else imports.get(head)
        token = n.args[0] if n.args else call_keyword(n, "jwt") or call_keyword(n, "token")
        if (
            CALLEES.get(q or "", ("", ""))[1] == "decode"
            and isinstance(token, (ast.Name, ast.Attribute))
            and dotted(token) == target
            and _verifies(n)
            and (verified_at is None or n.lineno < verified_at)
        ):
            verified_at = n.lineno
    if verified_at is None:
        return False
    for n in walk(caller):
        if not end < getattr(n, "lineno", 0) < verified_at:
            continue
        stored = isinstance(n, (ast.Name, ast.Attribute)) and isinstance(n.ctx, ast.Store)
        if stored and dotted(n) == target:
            return False  # another token by the time it is verified
        if isinstance(n, ast.Return) and any(
            isinstance(x, ast.Name) and x.id == bound for x in walk(n)
        ):
            return False  # the unverified answer leaves before the verified decode
    return True


def _straight_line_calls(func: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.Call]:
    """The calls of ``func``'s statements that run whenever the body gets that far: its
    simple statements and those of a ``with`` block, or of a ``try`` whose every handler
    ends in ``raise`` / ``return``, at the top of its body (not in an ``if``, a loop, a
    handler or a nested function)."""
    out: list[ast.Call] = []
    todo: list[ast.stmt] = list(func.body)
    while todo:
        stmt = todo.pop()
        if isinstance(stmt, ast.Try):
            if all(
                h.body and isinstance(h.body[-1], (ast.Raise, ast.Return)) for h in stmt.handlers
            ):
                todo.extend(stmt.body)  # a failure leaves the function: no path goes on unverified
            continue
        if isinstance(stmt, (ast.With, ast.AsyncWith)):
            todo.extend(stmt.body)
            out.extend(n for i in stmt.items for n in ast.walk(i) if isinstance(n, ast.Call))
            continue
        if not isinstance(stmt, _BRANCHING):
            out.extend(n for n in ast.walk(stmt) if isinstance(n, ast.Call))
    return out


#: Statements whose bodies may not run (or run elsewhere, later).
_BRANCHING = (
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.Match,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
)


def _argument(
    call: ast.Call, func: ast.FunctionDef | ast.AsyncFunctionDef, param: str
) -> ast.expr | None:
    """What ``call`` passes for ``func``'s parameter ``param``: the argument, None when the
    call leaves it to its default, :data:`_UNKNOWN` when the call does not show it."""
    if any(isinstance(a, ast.Starred) for a in call.args) or any(
        k.arg is None for k in call.keywords
    ):
        return _UNKNOWN
    for k in call.keywords:
        if k.arg == param:
            return k.value
    positional = [a.arg for a in (*func.args.posonlyargs, *func.args.args)]
    static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in func.decorator_list)
    if positional and positional[0] in ("self", "cls") and not static:
        if not isinstance(call.func, ast.Attribute):
            return _UNKNOWN  # a method called by a bare name: another function
        positional = positional[1:]
    if param in positional:
        i = positional.index(param)
        return call.args[i] if i < len(call.args) else None
    if param in {a.arg for a in func.args.kwonlyargs}:
        return None
    return _UNKNOWN  # ``*args`` / ``**kwargs``


def _reads_request(
    value: ast.expr, caller: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None
) -> bool:
    """``value`` (through the caller's local names) reads the request: its headers,
    cookies, query or path parameters, or the request object itself (a parameter named
    ``request`` or annotated ``Request``)."""
    assigned = _assignments(caller) if isinstance(caller, _DEFS) else {}
    request_params: set[str] = set()
    if isinstance(caller, _DEFS):
        for a in (*caller.args.posonlyargs, *caller.args.args, *caller.args.kwonlyargs):
            ann = dotted(a.annotation) if a.annotation is not None else None
            if a.arg in _REQUEST_OBJECTS or (ann and ann.rsplit(".", 1)[-1] in _REQUEST_TYPES):
                request_params.add(a.arg)
    seen: set[str] = set()
    todo: list[ast.AST] = [value]
    while todo:
        e = todo.pop()
        for sub in ast.walk(e):
            if isinstance(sub, ast.Attribute) and sub.attr in _REQUEST_PARTS:
                return True
            if isinstance(sub, ast.Name):
                if sub.id in request_params:
                    return True
                if sub.id not in seen:
                    seen.add(sub.id)
                    todo.extend(assigned.get(sub.id, ()))
    return False


#: Calls that only convert the decoded claims: ``Claims.model_validate(jwt.decode(...))``.
_WRAPPERS = frozenset(
    {"model_validate", "parse_obj", "validate_python", "dict", "MappingProxyType"}
)


def _assigned_name(node: ast.Call, ctx: ModuleContext) -> str | None:
    """``claims = jwt.decode(...)`` (also ``claims = Claims.model_validate(jwt.decode(...))``):
    the name the decoded claims are bound to."""
    depth = len(ctx.parents) - 1
    inner: ast.AST = node
    while depth >= 0:
        up_call = ctx.parents[depth]
        if not (isinstance(up_call, ast.Call) and inner in up_call.args):
            break
        callee = up_call.func
        name = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", "")
        if name not in _WRAPPERS:
            return None
        inner, depth = up_call, depth - 1
    up = ctx.parents[depth] if depth >= 0 else None
    if isinstance(up, ast.Assign) and len(up.targets) == 1 and isinstance(up.targets[0], ast.Name):
        return up.targets[0].id
    if isinstance(up, ast.AnnAssign) and isinstance(up.target, ast.Name):
        return up.target.id
    return None


def _uses(func: ast.AST, name: str, after: ast.AST) -> list[ast.Name]:
    """Loads of ``name`` in ``func`` after the line of ``after``."""
    line = getattr(after, "lineno", 0)
    return [
        n
        for n in ast.walk(func)
        if isinstance(n, ast.Name)
        and n.id == name
        and isinstance(n.ctx, ast.Load)
        and n.lineno >= line
        and n is not after
    ]


@dataclass
class _State:
    """Per module: each function's child -> parent map, built when first needed."""

    parents: dict[int, dict[int, ast.AST]] = field(default_factory=dict)


def _parent_map(ctx: ModuleContext, func: ast.AST) -> dict[int, ast.AST]:
    maps = ctx.state(_State).parents
    found = maps.get(id(func))
    if found is None:
        found = maps[id(func)] = {
            id(child): parent for parent in ast.walk(func) for child in ast.iter_child_nodes(parent)
        }
    return found


def _claim_read(use: ast.Name, parents: dict[int, ast.AST]) -> object:
    """The claim a use of the claims reads (``claims["exp"]``, ``claims.get("exp")``), or
    None when the use is anything else (returned, passed on, iterated ...)."""
    parent = parents.get(id(use))
    if isinstance(parent, ast.Subscript) and parent.value is use:
        return _const(parent.slice, None)
    if isinstance(parent, ast.Attribute) and parent.attr == "exp":
        return "exp"  # a validated claims model: ``claims.exp``
    if isinstance(parent, ast.Attribute) and parent.attr == "get":
        call = parents.get(id(parent))
        if isinstance(call, ast.Call) and call.func is parent and call.args:
            return _const(call.args[0], None)
    return None


def _expiry_checked(node: ast.Call, ctx: ModuleContext) -> bool:
    """The decoded claims' ``exp`` is read by the code itself after an unverified-expiry
    decode (``if claims["exp"] < now``), or the claims are passed to a function of this
    module that does (``check_times(claims)``), also after a conversion
    (``data = TokenPayload(**claims)``, then ``data.exp`` or ``check_expiry(data)``)."""
    target = _assigned_name(node, ctx)
    func = _enclosing_function(ctx)
    if func is None:
        return False
    if _returned(node, target, func, ctx) and _callers_read_exp(func.name, ctx):
        return True  # the caller compares ``exp`` (against its own clock)
    if target is None:
        return False
    return _checks_exp(func, target, node, ctx)


#: The claim that names the token itself (RFC 7519 4.1.7): not the caller.
_TOKEN_ID = "jti"


def _revocation_only(node: ast.Call, ctx: ModuleContext) -> bool:
    """The claims of a decode that checks the signature (only the expiry is off) are bound
    to a name whose every later use is a test that the token has an id (``"jti" in
    claims``) or a read of that id (``claims["jti"]``, ``claims.get("jti")``, directly or
    through a local name bound to it) handed to a call whose answer is thrown away
    (``revoked.add(claims["jti"])``, ``await redis.set(f"revoked:{jti}", 1)``): the token is
    put on a deny list.  A logout that revokes an expired token grants nothing; a read of
    the id that decides something (``if claims["jti"] in allowed:``, a lookup whose answer
    is kept) does not count."""
    target = _assigned_name(node, ctx)
    func = _enclosing_function(ctx)
    if target is None or func is None:
        return False
    parents = _parent_map(ctx, func)
    uses = _uses(func, target, node)
    if not uses:
        return False
    for use in uses:
        parent = parents.get(id(use))
        if (
            isinstance(parent, ast.Compare)
            and len(parent.ops) == 1
            and isinstance(parent.ops[0], (ast.In, ast.NotIn))
            and parent.comparators[0] is use
            and _const(parent.left, None) == _TOKEN_ID
        ):
            continue  # ``if "jti" in claims:``
        if _claim_read(use, parents) != _TOKEN_ID:
            return False
        read = parent if isinstance(parent, ast.Subscript) else parents.get(id(parent))
        if read is None or not _recorded(read, func, parents):
            return False
    return True


def _recorded(value: ast.AST, func: ast.AST, parents: dict[int, ast.AST]) -> bool:
    """``value`` only goes into the arguments of calls whose answers are thrown away (an
    expression statement, awaited or not): directly, inside an f-string or a ``+``, or
    through a local name it is bound to (``jti = claims["jti"]``, then only
    ``revoked.add(jti)``)."""
    up = parents.get(id(value))
    while isinstance(up, (ast.FormattedValue, ast.JoinedStr, ast.BinOp)):
        value, up = up, parents.get(id(up))
    if isinstance(up, ast.Call) and value is not up.func:
        stmt = parents.get(id(up))
        if isinstance(stmt, ast.Await):
            stmt = parents.get(id(stmt))
        return isinstance(stmt, ast.Expr)
    if isinstance(up, ast.Assign) and len(up.targets) == 1 and isinstance(up.targets[0], ast.Name):
        uses = _uses(func, up.targets[0].id, up)
        return bool(uses) and all(_recorded(u, func, parents) for u in uses)
    return False


#: How many conversions and helper calls the claims are followed through.
_MAX_FOLLOW = 4


def _checks_exp(
    func: ast.FunctionDef | ast.AsyncFunctionDef,
    var: str,
    after: ast.AST,
    ctx: ModuleContext,
    depth: int = 0,
) -> bool:
    """After ``after``, ``func`` reads ``exp`` from the claims bound to ``var``: directly,
    from a name bound to a conversion of them (``data = Claims(**var)``,
    ``Claims.model_validate(var)``), or in a function of this module they are passed to
    (``_validate_expiry(var)``, ``self._validate_expiry(var)``), followed up to
    :data:`_MAX_FOLLOW` steps."""
    parents = _parent_map(ctx, func)
    for use in _uses(func, var, after):
        if _claim_read(use, parents) == "exp":
            return True
        if depth >= _MAX_FOLLOW:
            continue
        parent = parents.get(id(use))
        splat = isinstance(parent, ast.keyword) and parent.arg is None
        call = parents.get(id(parent)) if splat else parent
        if not isinstance(call, ast.Call) or call.func is use:
            continue
        up = parents.get(id(call))
        if isinstance(up, ast.Await):
            up = parents.get(id(up))
        targets = (
            up.targets
            if isinstance(up, ast.Assign)
            else [up.target]
            if isinstance(up, ast.AnnAssign)
            else []
        )
        if (
            len(targets) == 1
            and isinstance(targets[0], ast.Name)
            and targets[0].id != var
            and up is not None
            and _checks_exp(func, targets[0].id, up, ctx, depth + 1)
        ):
            return True  # ``data = TokenPayload(**claims)`` then ``data.exp``
        passed: list[tuple[ast.expr, ast.Call]] = [(use, call)]
        if isinstance(up, ast.Call) and call in up.args:
            passed.append((call, up))  # ``_check(TokenData(**claims))``
        for value, outer in passed:
            position = next((i for i, a in enumerate(outer.args) if a is value), None)
            if position is None:
                continue
            helper, offset = _helper(ctx, outer.func)
            if helper is None or helper is func or position + offset >= len(helper.args.args):
                continue
            param = helper.args.args[position + offset].arg
            if _checks_exp(helper, param, helper, ctx, depth + 1):
                return True
    return False


def _helper(
    ctx: ModuleContext, callee: ast.expr
) -> tuple[ast.FunctionDef | ast.AsyncFunctionDef | None, int]:
    """The function of this module a call runs, and the offset of its first positional
    argument among the parameters: a module function called by name (0), or a method
    called on ``self`` / ``cls`` that only one class of the module defines (1)."""
    if isinstance(callee, ast.Name):
        return _module_function(ctx, callee.id), 0
    if (
        isinstance(callee, ast.Attribute)
        and isinstance(callee.value, ast.Name)
        and callee.value.id in ("self", "cls")
        and ctx.tree is not None
    ):
        found = [
            f
            for cls in ctx.tree.body
            if isinstance(cls, ast.ClassDef)
            for f in cls.body
            if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and f.name == callee.attr
        ]
        if len(found) == 1:
            static = any(
                isinstance(d, ast.Name) and d.id == "staticmethod" for d in found[0].decorator_list
            )
            return found[0], 0 if static else 1
    return None, 0


#: Parameter markers of FastAPI that take a value from the request.
_REQUEST_PARAMS = frozenset(
    {"fastapi.Depends", "fastapi.Security", "fastapi.Header", "fastapi.Cookie", "fastapi.Query"}
)
#: Request attributes that carry what the client sent.
_REQUEST_PARTS = frozenset({"headers", "cookies", "query_params", "path_params"})


#: python-jose's key classes and constructor: a key object keeps the algorithm it was built
#: for, whatever the token's ``alg`` says (python-jose only builds a key from the token's
#: ``alg`` when it is handed a str/bytes/dict).
_JOSE_KEY_PREFIXES = ("jose.jwk.", "jose.backends.")
#: Calls whose result is the raw key text: the environment, a secret's value, ``str()``.
_RAW_KEY_CALLS = frozenset({"os.getenv", "os.environ.get", "str", "bytes"})
_RAW_KEY_METHODS = frozenset({"get_secret_value", "encode", "decode", "read", "read_text"})


def _key_kind(node: ast.Call, ctx: ModuleContext) -> str | None:
    """What the decode's key is, on positive evidence: ``"object"`` for a python-jose key
    object (``jwk.construct(...)``, an ``RSAKey``, or a function of this module that returns
    one), ``"raw"`` for key text (a str/bytes literal or constant, the environment,
    ``.get_secret_value()``, an attribute of a settings/config object), else ``None``."""
    key = (
        node.args[1]
        if len(node.args) > 1 and not any(isinstance(a, ast.Starred) for a in node.args[:2])
        else call_keyword(node, "key")
    )
    if key is None:
        return None
    func = _enclosing_function(ctx)
    assigned: dict[str, list[ast.expr]] = {}
    if func is not None:
        for n in ast.walk(func):
            if isinstance(n, ast.Assign):
                for t in n.targets:
                    if isinstance(t, ast.Name):
                        assigned.setdefault(t.id, []).append(n.value)

    def module_function(name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        if ctx.tree is None:
            return None
        for stmt in ctx.tree.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == name:
                return stmt
        return None

    def kind(e: ast.expr, depth: int = 0) -> str | None:
        if isinstance(e, ast.Await):
            e = e.value
        if isinstance(e, ast.Constant):
            return "raw" if isinstance(e.value, (str, bytes)) else None
        if isinstance(e, ast.JoinedStr):
            return "raw"
        if isinstance(e, ast.Subscript) and ctx.resolve(e.value) == "os.environ":
            return "raw"
        if isinstance(e, ast.Call):
            q = ctx.resolve(e.func) if isinstance(e.func, (ast.Name, ast.Attribute)) else None
            if q and q.startswith(_JOSE_KEY_PREFIXES):
                return "object"
            if q in _RAW_KEY_CALLS:
                return "raw"
            if isinstance(e.func, ast.Attribute) and e.func.attr in _RAW_KEY_METHODS:
                return "raw"
            if isinstance(e.func, ast.Name) and q == f"{ctx.module}.{e.func.id}" and depth < 2:
                fn = module_function(e.func.id)
                if fn is not None:
                    kinds = {
                        kind(r.value, depth + 1)
                        for r in ast.walk(fn)
                        if isinstance(r, ast.Return) and r.value is not None
                    }
                    if "object" in kinds and "raw" not in kinds:
                        return "object"
            return None
        if isinstance(e, ast.Name):
            values = assigned.get(e.id)
            if values and depth < 3:
                kinds = {kind(v, depth + 1) for v in values}
                return kinds.pop() if len(kinds) == 1 else None
            value = ctx.facts.bindings.get(e.id) if e.id in ctx.module_constants else None
            if isinstance(value, Lit) and isinstance(_lit_value(value), (str, bytes)):
                return "raw"
            return None
        if isinstance(e, ast.Attribute):
            receiver = dotted(e.value) or ""
            last = receiver.rsplit(".", 1)[-1].lower()
            if "settings" in last or "config" in last:
                return "raw"
        return None

    return kind(key)


def _client_token(
    node: ast.Call, ctx: ModuleContext, strict: bool = False, parts: bool = True
) -> bool:
    """The decoded token is traced to the client in this function: read from the request's
    headers, cookies or query (also through local names), or a parameter FastAPI fills from
    the request (``Depends(oauth2_scheme)``, ``Header()``, ``Cookie()``, ``Security()``).
    ``strict``: not through the arguments of a call (``exchange_code(request...code)``
    answers the identity provider's token, not the client's), ``str()``/``bytes()`` aside.
    ``parts=False``: only through a parameter FastAPI fills (the function is written to be
    a dependency or a route), not through any object's ``.headers``."""
    token = node.args[0] if node.args else call_keyword(node, "jwt") or call_keyword(node, "token")
    func = _enclosing_function(ctx)
    if token is None or func is None:
        return False
    assigned = _assignments(func)
    params = {a.arg: a for a in (*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs)}
    defaults = dict(
        zip(
            [a.arg for a in (*func.args.posonlyargs, *func.args.args)][::-1],
            func.args.defaults[::-1],
        )
    )
    defaults.update(
        {a.arg: d for a, d in zip(func.args.kwonlyargs, func.args.kw_defaults) if d is not None}
    )

    def from_request(param: str) -> bool:
        arg = params[param]
        for part in (defaults.get(param), arg.annotation):
            if part is None:
                continue
            for sub in ast.walk(part):
                if isinstance(sub, ast.Call) and ctx.resolve(sub.func) in _REQUEST_PARAMS:
                    return True
        return False

    def walk(e: ast.AST):
        if not strict:
            yield from ast.walk(e)
            return
        todo = [e]
        while todo:
            n = todo.pop()
            yield n
            if isinstance(n, ast.Call) and not (
                isinstance(n.func, ast.Name) and n.func.id in ("str", "bytes")
            ):
                todo.append(n.func)
            else:
                todo.extend(ast.iter_child_nodes(n))

    def traced(e: ast.AST, depth: int = 0) -> bool:
        for sub in walk(e):
            if parts and isinstance(sub, ast.Attribute) and sub.attr in _REQUEST_PARTS:
                return True
            if isinstance(sub, ast.Name):
                if sub.id in params and from_request(sub.id):
                    return True
                if depth < 3 and any(traced(v, depth + 1) for v in assigned.get(sub.id, [])):
                    return True
        return False

    return traced(token)


def _returned(
    node: ast.Call, target: str | None, func: ast.FunctionDef | ast.AsyncFunctionDef, ctx
) -> bool:
    """The decoded claims leave the function: ``return jwt.decode(...)``, or the name they
    are bound to is returned (also wrapped: ``return Claims(**payload)``)."""
    for ret in ast.walk(func):
        if not isinstance(ret, ast.Return) or ret.value is None:
            continue
        for sub in ast.walk(ret.value):
            if sub is node or (
                target is not None and isinstance(sub, ast.Name) and sub.id == target
            ):
                return True
    return False


def _reads_exp(var: str, scope: ast.AST) -> bool:
    """``var.exp``, ``var["exp"]`` or ``var.get("exp")`` somewhere in ``scope``."""
    for n in ast.walk(scope):
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == var:
            if n.attr == "exp":
                return True
            continue
        if (
            isinstance(n, ast.Subscript)
            and isinstance(n.value, ast.Name)
            and n.value.id == var
            and _const(n.slice, None) == "exp"
        ):
            return True
        if (
            isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute)
            and n.func.attr == "get"
            and isinstance(n.func.value, ast.Name)
            and n.func.value.id == var
            and n.args
            and _const(n.args[0], None) == "exp"
        ):
            return True
    return False


def _callers_read_exp(name: str, ctx: ModuleContext) -> bool:
    """Every function of this module that binds the result of ``name(...)`` (or
    ``self.name(...)``) reads ``exp`` from it, and there is at least one."""
    tree = ctx.tree
    if tree is None:
        return False
    seen = False
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for n in ast.walk(fn):
            if not isinstance(n, (ast.Assign, ast.AnnAssign)):
                continue
            value = n.value
            if isinstance(value, ast.Await):
                value = value.value
            if not isinstance(value, ast.Call):
                continue
            callee = value.func
            called = callee.id if isinstance(callee, ast.Name) else getattr(callee, "attr", None)
            if called != name:
                continue
            targets = n.targets if isinstance(n, ast.Assign) else [n.target]
            if len(targets) != 1 or not isinstance(targets[0], ast.Name):
                return False
            if not _reads_exp(targets[0].id, fn) and not _checks_exp(fn, targets[0].id, n, ctx):
                return False
            seen = True
    return seen


def _module_function(
    ctx: ModuleContext, name: str
) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    tree = ctx.tree
    if tree is None:
        return None
    for stmt in tree.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == name:
            return stmt
    return None


#: Calls that check a token with its issuer: OpenID Connect's userinfo endpoint, OAuth 2.0
#: token introspection (RFC 7662), a provider SDK's ``validate_token`` / ``verify_token``.
_VALIDATING_CALL = lazy_compile(r"userinfo|user_info|introspect|^validate|^verify", re.IGNORECASE)


#: Claims that name the caller: taking one from an unverified token is taking an identity.
_IDENTITY_CLAIMS = frozenset(
    {
        "sub",
        "email",
        "user",
        "user_id",
        "userid",
        "uid",
        "username",
        "preferred_username",
        "upn",
        "oid",
        "name",
        "client_id",
        "azp",
    }
)


def _identity_taken(node: ast.Call, ctx: ModuleContext) -> bool:
    """The unverified claims are read for an identity (``claims["sub"]``,
    ``jwt.decode(...).get("email")``) or handed back whole (``return claims``, where the
    caller may take one); False when they are only read for other claims or passed to a
    helper."""
    parent = ctx.parent
    if isinstance(parent, ast.Subscript) and parent.value is node:
        return _const(parent.slice, None) in _IDENTITY_CLAIMS
    if isinstance(parent, ast.Attribute) and parent.value is node:
        call = ctx.parents[-2] if len(ctx.parents) > 1 else None
        return bool(
            parent.attr == "get"
            and isinstance(call, ast.Call)
            and call.args
            and _const(call.args[0], None) in _IDENTITY_CLAIMS
        )
    if isinstance(parent, ast.Return):
        return True
    func = _enclosing_function(ctx)
    name = _assigned_name(node, ctx)
    if name is None:
        # through conversions (``as_mapping(jwt.decode(...))``) to a ``return`` or a name
        inner: ast.AST = node
        for up in reversed(ctx.parents):
            if isinstance(up, ast.Call) and inner in up.args:
                inner = up
                continue
            if isinstance(up, ast.Return):
                return True
            if (
                isinstance(up, (ast.Assign, ast.AnnAssign))
                and up.value is inner
                and isinstance(
                    t := (up.targets[0] if isinstance(up, ast.Assign) else up.target), ast.Name
                )
            ):
                name = t.id
            break
    if func is None or name is None:
        return True  # bound to something we cannot follow: keep the finding
    parents = _parent_map(ctx, func)
    for use in _uses(func, name, node):
        if _claim_read(use, parents) in _IDENTITY_CLAIMS:
            return True
        holder = parents.get(id(use))
        if isinstance(holder, ast.Return) or (
            isinstance(holder, (ast.Tuple, ast.Dict))
            and isinstance(parents.get(id(holder)), ast.Return)
        ):
            return True
    return False


_NOT_DECIDING = " (the unverified claims are not shown to decide who the caller is)"
#: The finding's note, at the module pass, on a token not traced to a request in the decode's
#: own function: the judge replaces it with the caller that hands it one, or drops the finding.
_UNTRACED = " (where the token comes from is not traced to a request)"


def _request_source(data: _Data, project: Project, callers: _Callers) -> str | None:
    """The function that hands the decode's function (``data.untraced_in``) a token read from
    the request, a few callers up; None when none is seen."""
    fn = project.function(data.untraced_in) if data.untraced_in else None
    if fn is None or not data.token_params:
        return None
    return callers.request_callers([(fn, data.token_params)])[(fn.qname, data.token_params)]


def _returned_whole(node: ast.Call, ctx: ModuleContext) -> bool:
    """The decoded claims are the function's answer, whole (``return jwt.decode(...)``, or
    a name bound to them that is returned), and the function reads no identity from them
    itself: what they decide is up to its callers."""
    if isinstance(ctx.parent, ast.Return):
        return True
    func = _enclosing_function(ctx)
    name = _assigned_name(node, ctx)
    if func is None or name is None:
        return False
    parents = _parent_map(ctx, func)
    returned = False
    for use in _uses(func, name, node):
        if isinstance(parents.get(id(use)), ast.Return):
            returned = True
        elif _claim_read(use, parents) in _IDENTITY_CLAIMS:
            return False
    return returned


def _answer_names_nobody(call: ast.Call, caller: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """The claims ``call`` answers with are, in ``caller``, only read for claims that name
    nobody (a literal key not among :data:`_IDENTITY_CLAIMS`: ``.get("exp")``,
    ``["server_version"]``), directly or through the one name they are bound to, or handed
    to a call that only records them (:data:`_TELEMETRY_CALLS`: ``print``, a log method)."""
    parents = {id(c): p for p in ast.walk(caller) for c in ast.iter_child_nodes(p)}
    up = parents.get(id(call))
    if not isinstance(up, (ast.Assign, ast.AnnAssign)):
        return _names_nobody(call, parents)
    target = up.targets[0] if isinstance(up, ast.Assign) and len(up.targets) == 1 else None
    if isinstance(up, ast.AnnAssign):
        target = up.target
    if not isinstance(target, ast.Name):
        return False
    uses = _uses(caller, target.id, up)
    return bool(uses) and all(_names_nobody(u, parents) for u in uses)


def _names_nobody(e: ast.expr, parents: dict[int, ast.AST]) -> bool:
    """``e`` (the claims) is read for one claim that names nobody, or only recorded."""
    up = parents.get(id(e))
    if isinstance(up, ast.Call) and e in up.args:
        callee = up.func
        name = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", "")
        return name in _TELEMETRY_CALLS
    claim = _claim_read(e, parents)  # type: ignore[arg-type]
    return isinstance(claim, str) and claim not in _IDENTITY_CLAIMS


def _named_elsewhere(project: Project, name: str, path: str | None) -> bool:
    """Another Python file of the project mentions ``name`` (a word, anywhere)."""
    word = re.compile(rb"\b" + re.escape(name.encode()) + rb"\b")
    for other in project.repo.python_files():
        if other == path:
            continue
        data = project.repo.read_bytes(other)
        if data is None or (name.encode() in data and word.search(data)):
            return True
    return False


#: Calls that only record a value: the logging methods, ``print``, and the analytics and
#: error-tracking clients' verbs (PostHog ``capture``/``identify``, Segment ``track``,
#: Sentry ``set_user``/``set_tag``).  A value that only reaches these labels an event; it
#: decides nothing.
_TELEMETRY_CALLS = frozenset(
    {
        "debug",
        "info",
        "warning",
        "warn",
        "error",
        "exception",
        "critical",
        "log",
        "print",
        "pprint",
        "capture",
        "track",
        "identify",
        "set_user",
        "set_tag",
        "set_context",
        "add_breadcrumb",
    }
)


def _flows(e: ast.AST, func: ast.AST, parents: dict[int, ast.AST], depth: int = 0) -> set[str]:
    """Where the value of ``e`` (in ``func``) goes: ``"sink"`` (only into a telemetry or
    logging call, or nowhere), ``"returned"`` (the function's answer), ``"other"``
    (anything else: a comparison, a call, an attribute, a store).  Followed through claim
    reads (``["email"]``, ``.get("email")``), f-strings and local names."""
    up = parents.get(id(e))
    if isinstance(up, (ast.FormattedValue, ast.JoinedStr)):
        return _flows(up, func, parents, depth)
    if isinstance(up, ast.Subscript) and up.value is e and isinstance(up.ctx, ast.Load):
        return _flows(up, func, parents, depth)
    if isinstance(up, ast.Attribute) and up.value is e and up.attr == "get":
        call = parents.get(id(up))
        if isinstance(call, ast.Call) and call.func is up:
            return _flows(call, func, parents, depth)
        return {"other"}
    if isinstance(up, ast.Call) and (e in up.args or any(k.value is e for k in up.keywords)):
        callee = up.func
        name = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", "")
        return {"sink"} if name in _TELEMETRY_CALLS else {"other"}
    if isinstance(up, ast.Return):
        return {"returned"}
    if (
        isinstance(up, (ast.Assign, ast.AnnAssign))
        and up.value is e
        and depth < 3
        and isinstance(t := (up.targets[0] if isinstance(up, ast.Assign) else up.target), ast.Name)
        and (not isinstance(up, ast.Assign) or len(up.targets) == 1)
    ):
        out: set[str] = set()
        for use in _uses(func, t.id, up):
            out |= _flows(use, func, parents, depth + 1)
        return out or {"sink"}
    return {"other"}


def _telemetry_only(node: ast.Call, ctx: ModuleContext) -> str | None:
    """The unverified claims only label a telemetry event or a log line: ``"here"`` when
    they go nowhere else in this function; ``"callers"`` when the function returns them (or
    a claim) and every use of its name in this module is a call whose answer only goes into
    such calls (``identity = self._extract_identity(request)``, then
    ``posthog.capture(identity, ...)``): the judge then checks that no other module names
    the function.  None otherwise."""
    func = _enclosing_function(ctx)
    tree = ctx.tree
    if func is None or tree is None:
        return None
    out = _flows(node, func, _parent_map(ctx, func))
    if "other" in out:
        return None
    if "returned" not in out:
        return "here"
    calls: set[int] = set()
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        links = _parent_map(ctx, fn)
        for n in ast.walk(fn):
            if id(n) in calls or not isinstance(n, ast.Call):
                continue
            callee = n.func
            called = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", "")
            if called != func.name:
                continue
            calls.add(id(callee))
            if _flows(n, fn, links) != {"sink"}:
                return None
    if not calls:
        return None  # no caller here: what the others do with the answer is not seen
    for n in ast.walk(tree):
        named = (isinstance(n, ast.Name) and n.id == func.name) or (
            isinstance(n, ast.Attribute) and n.attr == func.name
        )
        if named and id(n) not in calls:
            return None  # the name is used other than called (a callback, an export)
    return "callers"


def _gated(node: ast.Call, ctx: ModuleContext) -> bool:
    """The unverified claims decide access in this function: a test (``if``, ``assert``)
    that reads them (other than for ``exp``/``iat``/... alone), directly or through a claim
    bound to a local name, guards a ``raise`` or a ``return`` of an HTTP status."""
    func = _enclosing_function(ctx)
    if func is None:
        return False
    links = _parent_map(ctx, func)
    names: set[str] = set()
    target = _assigned_name(node, ctx)
    if target is not None:
        names.add(target)
        for use in _uses(func, target, node):
            up = links.get(id(use))
            read = _claim_read(use, links)
            if read in NON_IDENTITY_CLAIMS:
                continue
            value = links.get(id(up)) if isinstance(up, ast.Attribute) else up
            box = links.get(id(value)) if value is not None else None
            if (
                isinstance(box, ast.Assign)
                and box.value is value
                and len(box.targets) == 1
                and isinstance(box.targets[0], ast.Name)
            ):
                names.add(box.targets[0].id)  # ``role = claims.get("role")``

    def reads_claims(test: ast.AST) -> bool:
        for sub in ast.walk(test):
            if sub is node:
                return True
            if (
                isinstance(sub, ast.Name)
                and sub.id in names
                and sub.lineno >= node.lineno
                and _claim_read(sub, links) not in NON_IDENTITY_CLAIMS
            ):
                return True
        return False

    def refuses(body: list[ast.stmt]) -> bool:
        for stmt in body:
            for sub in ast.walk(stmt):
                if isinstance(sub, ast.Raise):
                    return True
                if (
                    isinstance(sub, ast.Return)
                    and isinstance(sub.value, ast.Call)
                    and any(k.arg == "status_code" for k in sub.value.keywords)
                ):
                    return True
        return False

    for n in ast.walk(func):
        if isinstance(n, ast.Assert) and reads_claims(n.test):
            return True
        if (
            isinstance(n, ast.If)
            and reads_claims(n.test)
            and (refuses(n.body) or refuses(n.orelse))
        ):
            return True
    return False


#: A call that checks a token: a provider's endpoint, a ``validate_*`` / ``verify_*``
#: helper, or a (verifying) ``decode`` helper of the project.
_VERIFYING_LATER = lazy_compile(
    r"userinfo|user_info|introspect|^_*(?:validate|verify)|decode", re.IGNORECASE
)


def _verified_after(node: ast.Call, ctx: ModuleContext) -> bool:
    """Later in the same function, the token itself (the decode's first argument, a plain
    name) is handed to a call that checks it (``self._decode_token(token)``,
    ``await validate_with_provider(token)``) or to a decode that verifies, and the
    unverified claims are never returned as they are: the unverified read only routed the
    token."""
    if not node.args or not isinstance(node.args[0], ast.Name):
        return False
    token = node.args[0].id
    func = _enclosing_function(ctx)
    claims = _assigned_name(node, ctx)
    if func is None or claims is None:
        return False
    for r in ast.walk(func):
        if isinstance(r, ast.Return) and r.value is not None:
            value = r.value.value if isinstance(r.value, ast.Subscript) else r.value
            if isinstance(value, ast.Name) and value.id == claims:
                return False  # the unverified claims themselves are an answer
    for n in ast.walk(func):
        if not (isinstance(n, ast.Call) and n is not node and n.lineno > node.lineno):
            continue
        if not any(
            isinstance(a, ast.Name) and a.id == token
            for a in (*n.args, *(k.value for k in n.keywords))
        ):
            continue
        callee = n.func.attr if isinstance(n.func, ast.Attribute) else getattr(n.func, "id", "")
        if _VERIFYING_LATER.search(callee) and not _disabled(n):
            return True
    return False


def _validated_first(node: ast.Call, ctx: ModuleContext) -> bool:
    """Earlier in the same function, the token was sent to its issuer to be checked
    (``await client.userinfo(token={"access_token": token})``): the claims read afterwards
    are those of a token the provider accepted."""
    if not node.args:
        return False
    token = ast.dump(node.args[0])
    func = _enclosing_function(ctx)
    if func is None:
        return False
    locals_: dict[str, list[ast.expr]] = {}
    for n in ast.walk(func):
        if isinstance(n, ast.Assign):
            for t in n.targets:
                if isinstance(t, ast.Name):
                    locals_.setdefault(t.id, []).append(n.value)

    def carries(e: ast.AST, depth: int = 0) -> bool:
        for sub in ast.walk(e):
            if ast.dump(sub) == token:
                return True
            if (
                isinstance(sub, ast.Name)
                and depth < 2
                and any(carries(v, depth + 1) for v in locals_.get(sub.id, []))
            ):
                return True
        return False

    for n in ast.walk(func):
        if not (isinstance(n, ast.Call) and n.lineno < node.lineno):
            continue
        callee = n.func.attr if isinstance(n.func, ast.Attribute) else getattr(n.func, "id", "")
        if not _VALIDATING_CALL.search(callee):
            continue
        if any(carries(a) for a in (*n.args, *(k.value for k in n.keywords))):
            return True
    return False


def _setting_name(test: ast.expr) -> str | None:
    """``settings.TRUSTED_DECODE``, ``auth_config.skip_verify``, ``TRUSTED_PROXY``: a test
    that reads a configuration switch."""
    text = dotted(test)
    if text is None:
        return None
    parts = text.split(".")
    last = parts[-1]
    if len(parts) == 1:
        return text if last.isupper() and "_" in last else None
    if last.isupper() or any(_CONFIG_WORD.search(p) for p in parts[:-1]):
        return text
    return None


_CONFIG_WORD = lazy_compile(r"settings|config|conf$|cfg|options|flags", re.IGNORECASE)


def _opt_in_setting(node: ast.Call, ctx: ModuleContext) -> str | None:
    """The decode runs only in the body of ``if <setting>:`` (an opt-in switch, the
    verifying path being the default): the setting's name."""
    chain = [*ctx.parents, node]
    for parent, child in itertools.pairwise(chain):
        if isinstance(parent, ast.If) and child in parent.body:
            test = parent.test
            if (
                isinstance(test, ast.Compare)
                and len(test.ops) == 1
                and isinstance(test.ops[0], (ast.Is, ast.Eq))
                and _const(test.comparators[0]) is True
            ):
                test = test.left  # ``if settings.X is True:``
            found = _setting_name(test)
            if found:
                return found
    return None
