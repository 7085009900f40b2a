from __future__ import annotations

import ast
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity, snippet
from auditor.facts import Lit
from auditor.project import Project
from auditor.recognisers import call_keyword
from auditor.walker import ModuleContext

#: canonical callee -> (library, operation)
CALLEES = {
    "jwt.decode": ("pyjwt", "decode"),
    "jwt.encode": ("pyjwt", "encode"),
    "jose.jwt.decode": ("jose", "decode"),
    "jose.jwt.encode": ("jose", "encode"),
}
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
    also `iat`, `nbf`, `aud`, `kid`), and a peek (at the issuer, to pick a JWKS key)
    assigned to a name that the function never returns, followed in the same function by
    a decode with a key and an `algorithms=` list.  Other legitimate unverified reads
    (logging, debugging helpers): suppress that line with `# noqa: SEC003` and a comment.
    The options of one call are reported together, in one finding.  `jwt.get_unverified_header()`, PyJWT's
    `PyJWT()` / `PyJWS()` objects and other JWT libraries (Authlib, joserfc) are not
    inspected, nor are `options`/keys built at run time or passed through `**kwargs`.  A
    constant imported from another module is taken from that module's top-level binding.

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
                isinstance(options, ast.Dict) and all(k is not None for k in options.keys)
            )
            off = _disabled(node)
            unverified = "verify_signature" in off or "verify" in off
            if off and not _harmless_read(node, ctx, lib):
                if "verify" in off:
                    ctx.report(
                        node,
                        f"{shown} with `verify=False` accepts any token",
                        data=_Data(rule="c"),
                    )
                else:
                    keys = " and ".join(f"`{k}: False`" for k in off)
                    what = " or ".join(
                        ("signature" if k == "verify_signature" else "expiry") for k in off
                    )
                    ctx.report(
                        node,
                        f"{shown} with {keys} does not check the token's {what}",
                        data=_Data(rule="c"),
                    )
            # (a) and (b): the algorithm allow-list
            algorithms = call_keyword(node, "algorithms")
            if algorithms is None and len(node.args) > 2:
                algorithms = node.args[2]
            if algorithms is None or _const(algorithms, 0) is None:
                if not unverified and not splat and not opaque:
                    why = (
                        "python-jose then trusts the token's own `alg` (CVE-2024-33663)"
                        if lib == "jose"
                        else "PyJWT raises at run time"
                    )
                    ctx.report(
                        node,
                        f"{shown} without an `algorithms=` allow-list: {why}",
                        data=_Data(rule="a"),
                    )
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
                    data=_Data(rule="d"),
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
                            data=_Data(rule="d"),
                        )
            elif ctx.is_project(kq):
                ctx.report(
                    node,
                    self.message,
                    data=_Data(rule="d", pending=kq, verb=verb, shown=shown, name=key.id),
                )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        from auditor.project import Binding

        out: list[Hit] = []
        for h in hits:
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
import jwt


def parse_token(token: str) -> dict:
    return jwt.decode(token, "JWT_SECRET", algorithms=["HS256"])


def parse_claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})
""",
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
            note="unverified claims returned (one finding for both options) and an identity claim read",
            lines=(7, 14),
        ),
    )
    good = (
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
    )


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


def _disabled(node: ast.Call) -> list[str]:
    """The verifications a ``decode`` call turns off: ``verify_signature`` / ``verify_exp``
    in a literal ``options`` dict, or PyJWT 1.x ``verify=False``."""
    options = call_keyword(node, "options")
    if options is None and len(node.args) > 3:
        options = node.args[3]
    off: list[str] = []
    if isinstance(options, ast.Dict):
        for k, v in zip(options.keys, options.values):
            key = _const(k)
            if key in ("verify_signature", "verify_exp") and _const(v) is False and key not in off:
                off.append(key)
    if _const(call_keyword(node, "verify")) is False:
        off.append("verify")
    return off


def _harmless_read(node: ast.Call, ctx: ModuleContext, lib: str) -> bool:
    """An unverified decode that accepts no token: only a non-identity claim is read from
    it (``jwt.decode(t, options=...).get("exp")``), or it is a peek (at the issuer, the key
    id) followed, in the same function, by a verified decode, and its claims are not
    returned."""
    parents = ctx.parents
    up = parents[-1] if parents else None
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
    if not (
        isinstance(up, ast.Assign) and len(up.targets) == 1 and isinstance(up.targets[0], ast.Name)
    ):
        return False
    target = up.targets[0].id
    func = next(
        (
            p
            for p in reversed(parents)
            if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        ),
        None,
    )
    if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
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
            verified_later = verified_later or _verifies(sub)
    return verified_later


def _verifies(call: ast.Call) -> bool:
    """A decode with a key and an ``algorithms`` allow-list that keeps verification on."""
    key = call.args[1] if len(call.args) > 1 else call_keyword(call, "key")
    algorithms = call_keyword(call, "algorithms")
    if algorithms is None and len(call.args) > 2:
        algorithms = call.args[2]
    if key is None or algorithms is None or _const(algorithms, 0) is None or _has_none(algorithms):
        return False
    return "verify_signature" not in _disabled(call) and "verify" not in _disabled(call)
