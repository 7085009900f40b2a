from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity, snippet
from auditor.facts import BinOp, BoolOp, Call, Expr, IfExp, Lit, Name, Seq, dotted_of, qname_of
from auditor.project import Project
from auditor.recognisers import call_keyword
from auditor.walker import ModuleContext

CORS = "fastapi.middleware.cors.CORSMiddleware"
MIDDLEWARE = "fastapi.middleware.Middleware"
#: Origins a catch-all regex must accept (Starlette calls ``re.fullmatch``).
_PROBE_ORIGINS = ("https://evil.example", "https://attacker.invalid.test")
_MAX_DEPTH = 5


def _is_catch_all_regex(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        rx = re.compile(value)
    except (re.error, RecursionError):
        return False
    return all(rx.fullmatch(o) for o in _PROBE_ORIGINS)


def _wildcard(e: Expr | None, lookup, depth: int = 0) -> tuple[str, str | None] | None:
    """Whether ``allow_origins`` can evaluate to a collection holding ``"*"``.

    Returns None (no), ("yes", condition-or-None), or ("pending", None) when a name
    from another module must be looked up by the judge.
    """
    if not e or depth > _MAX_DEPTH:
        return None
    if isinstance(e, Lit):
        return ("yes", None) if e.value == "*" else None
    if isinstance(e, Seq):
        for item in e.items:
            if isinstance(item, Lit) and item.value == "*":
                return ("yes", None)
        return None
    if isinstance(e, IfExp):
        test = e.test
        for branch, when in ((e.body, "true"), (e.orelse, "false")):
            r = _wildcard(branch, lookup, depth + 1)
            if r and r[0] == "pending":
                return r
            if r:
                if test.startswith("not ") and " " not in test[4:].strip("()"):
                    test, when = test[4:].strip("()"), ("false" if when == "true" else "true")
                cond = f"when `{test}` is {when}"
                return ("yes", f"{cond} and {r[1]}" if r[1] else cond)
        return None
    if isinstance(e, BoolOp):
        items = e.items
        if e.op == "or":
            # the first truthy operand wins: a non-empty literal ends the chain
            before: list[str] = []
            for item in items:
                r = _wildcard(item, lookup, depth + 1)
                if r and r[0] == "pending":
                    return r
                if r:
                    if not before:
                        return r
                    cond = f"when {', '.join(before)} {'is' if len(before) == 1 else 'are'} empty"
                    return ("yes", cond)
                if (isinstance(item, Seq) and item.items) or (isinstance(item, Lit) and item.value):
                    return None
                before.append(_label(item))
            return None
        # ``and``: only the last operand can be the (truthy) result
        if not items:
            return None
        r = _wildcard(items[-1], lookup, depth + 1)
        if r and r[0] == "yes":
            prior = [_label(i) for i in items[:-1]]
            cond = f"when {', '.join(prior)} {'is' if len(prior) == 1 else 'are'} set"
            return ("yes", cond)
        return r
    if isinstance(e, BinOp) and e.op == "+":
        return _wildcard(e.left, lookup, depth + 1) or _wildcard(e.right, lookup, depth + 1)
    if (
        isinstance(e, Call)
        and qname_of(e) in ("builtins.list", "builtins.tuple", "builtins.set")
        and len(e.args) == 1
    ):
        return _wildcard(e.args[0], lookup, depth + 1)
    if isinstance(e, Name):
        target = lookup(e)
        if target == "pending":
            return ("pending", None)
        return _wildcard(target, lookup, depth + 1) if target else None
    return None


def _label(e: Expr | None) -> str:
    match e:
        case Call(dotted=str() as text):
            return f"`{text}(...)`"
        case Name(dotted=str() as text):
            return f"`{text}`"
    return "the preceding value"


def _literal_true(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


@dataclass
class _State:
    #: the kinds of ambient-credential markers reported for this module (one hit each)
    ambient: set[str] = field(default_factory=set)
    #: the module is another web framework's application code (None: not yet asked)
    foreign: bool | None = None
    bridged: bool = False


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    pending: bool = False  # the origins name a constant of another module
    origins: Expr | None = None
    #: not a finding: this module uses an ambient credential, which the browser may send by
    #: itself on a credentialed cross-site request: ``"proof"`` (HTTP authentication, a
    #: cookie set ``SameSite=None`` or without a ``samesite`` the code fixes), ``"read"`` (a
    #: cookie read: whoever set it), ``"lax"`` (a cookie set ``SameSite=Lax``/``Strict`` or
    #: to a setting's value, which a cross-site request does not carry)
    ambient: str = ""
    #: that evidence sits in another web framework's code (a Flask admin served on its own):
    #: it is not this application's credential unless the project mounts such an app
    foreign: bool = False


#: What makes a browser attach credentials by itself: HTTP authentication (and cookies,
#: see :data:`COOKIE_READERS`).  A bearer token in ``Authorization`` is added by the page's
#: own script, which a foreign origin cannot read.
AMBIENT_CALLS = frozenset(
    {
        "fastapi.security.HTTPBasic",
        "fastapi.security.http.HTTPBasic",
        "fastapi.security.HTTPDigest",
        "fastapi.security.http.HTTPDigest",
    }
)


#: A Flask admin shipped beside the FastAPI app (HTTP Basic and a cookie of its own): the
#: examples on credential evidence from another framework's application share it.
_FLASK_ADMIN = """\
from flask import Flask, make_response, request

admin = Flask(__name__)


@admin.route("/login")
def login():
    auth = request.authorization
    if not auth:
        return "Login required", 401, {"WWW-Authenticate": 'Basic realm="admin"'}
    resp = make_response("ok")
    resp.set_cookie("admin_user", auth.username)
    return resp
"""


class CorsWildcardWithCredentials(Check):
    """
    ## What it does
    Flags a `CORSMiddleware` configured with `allow_credentials=True` **and** an origin
    list that can contain `"*"` (a list or tuple literal, either branch of a conditional
    expression, an operand of `or`/`and`, or a module-level constant holding one), or an
    `allow_origin_regex` that accepts any origin (`.*`, `.+`, `https?://.*` ...).  Both
    `app.add_middleware(CORSMiddleware, ...)` and `Middleware(CORSMiddleware, ...)` are
    recognised, whether `CORSMiddleware` comes from `fastapi.middleware.cors` or
    `starlette.middleware.cors`, under any import alias.

    ## Why is this bad?
    With a wildcard origin and credentials, Starlette's `CORSMiddleware` does not send
    `Access-Control-Allow-Origin: *` (which browsers would refuse for credentialed
    requests): it echoes the caller's `Origin` header instead, on preflights and on
    requests carrying cookies or an `Authorization` header.  Any web page the user visits
    can then call your API *as the logged-in user* and read the answers.  The FastAPI docs
    say it plainly: none of `allow_origins`, `allow_methods` and `allow_headers` can be
    `["*"]` when `allow_credentials` is `True`.

    [Production skill 2025] shows exactly this configuration,
    `allow_origins=["*"] if settings.debug else [...]` with `allow_credentials=True`
    (Disagreement D24 of the catalogue).  The debug-only branch is reported on purpose:
    debug flags leak into production.  The message names the condition under which the
    wildcard applies.

    ## Example
    ```python
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"] if settings.debug else settings.cors_origins,
        allow_credentials=True,
        allow_methods=["*"],
        allow_headers=["*"],
    )
    ```

    ## Use instead
    ```python
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,  # explicit list, e.g. ["https://app.example.com"]
        allow_credentials=True,
        allow_methods=["GET", "POST", "PATCH", "DELETE"],
        allow_headers=["Authorization", "Content-Type"],
    )
    ```
    If the API is truly public and uses no cookies or `Authorization` header, keep
    `allow_origins=["*"]` and drop `allow_credentials=True`.

    ## Fix safety
    No automatic fix: the list of trusted origins is yours to decide.

    ## Known problems
    A non-literal `allow_credentials` (for example a settings value) is not reported, nor
    are origins that come from settings, from a local variable or from `**kwargs`: their
    value is not known before run time.  A module-level constant is followed only when it
    is assigned exactly once, unconditionally.  Wildcards inside `allow_methods` /
    `allow_headers` are not reported on their own.

    The finding is an error when the application's code uses a credential the browser
    attaches by itself: a cookie (`set_cookie`, `request.cookies`, `Cookie()`,
    `APIKeyCookie`, `SessionMiddleware`) or HTTP authentication (`HTTPBasic`,
    `HTTPDigest`, a hand-parsed `Basic` scheme).  An API authenticated only by bearer tokens
    sends nothing a foreign page can ride on (cookies read by subscript,
    `request.cookies["session"]`, are not seen), unless something in front of it (an auth
    proxy) sets cookies: without such evidence the finding is a warning with medium
    confidence.  So it is when every cookie the code sets is set `samesite="lax"` or
    `"strict"` (or to a setting's value, whose default is not the deployment's) and nothing
    else shows an ambient credential: a browser does not attach such a cookie to another
    site's request, only to same-site origins (another port of the host, a sibling
    subdomain), and the message says so.  Starlette's `set_cookie` without `samesite` writes
    `SameSite=lax`, so it counts as Lax; in a module that uses aiohttp, Werkzeug/Flask or
    `http.cookies` (whose `set_cookie` writes no attribute) it still counts as proof.
    Evidence must come from the application the middleware is added to: a module written
    for another web framework (it imports Flask or a Flask extension, Django, Bottle,
    Pyramid or CherryPy, and neither FastAPI nor Starlette), such as a Flask admin panel
    run as its own server, holds that server's credentials, and does not count unless the
    project mounts such an application into its own (`WSGIMiddleware`, `a2wsgi`,
    `WsgiToAsgi`, Django's `get_asgi_application`).

    ## References
    - [Production skill 2025] (the unsafe debug-branch configuration),
      [Production guide 2026] ("Set CORS appropriately"), [zhanymkanov README]
      (explicit `CORS_ORIGINS` settings)
    - FastAPI docs, "CORS (Cross-Origin Resource Sharing)"
    - Starlette source, `starlette/middleware/cors.py` (origin echoing with credentials)
    """

    id = "SEC001"
    name = "cors-wildcard-with-credentials"
    category = "security"
    severity = Severity.ERROR
    message = "CORS allows any origin together with credentials"
    fix_title = "List the trusted origins explicitly (or drop `allow_credentials=True`)"
    sources = (
        "Production guide 2026",
        "Production skill 2025",
        "zhanymkanov README",
    )

    def visit_Module(self, node: ast.Module, ctx: ModuleContext) -> None:
        pass  # ``ctx.module_constants`` is computed once per module, on demand

    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        func = node.func
        state = ctx.state(_State)
        if "proof" not in state.ambient:
            kind = _ambient_call(node, ctx)
            if kind and kind not in state.ambient:
                state.ambient.add(kind)
                if state.foreign is None:
                    state.foreign = _foreign_module(ctx)
                ctx.report(
                    node, "ambient credential", data=_Data(ambient=kind, foreign=state.foreign)
                )
        if (
            not state.bridged
            and (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
            in _BRIDGE_NAMES
            and ctx.resolve(func) in BRIDGES
        ):
            state.bridged = True
            ctx.report(node, "bridge", data=_Data(ambient="bridge"))
        cls_node: ast.AST | None = None
        if isinstance(func, ast.Attribute) and func.attr == "add_middleware":
            cls_node = node.args[0] if node.args else call_keyword(node, "middleware_class")
        elif ctx.resolve(func) == MIDDLEWARE:
            cls_node = node.args[0] if node.args else call_keyword(node, "cls")
        if cls_node is None or ctx.resolve(cls_node) != CORS:
            return
        if not _literal_true(call_keyword(node, "allow_credentials")):
            return
        constants = ctx.module_constants

        def lookup(e: Expr):
            q = qname_of(e)
            text = dotted_of(e)
            if not q or not text:
                return None
            if "." not in text and q == f"{ctx.module}.{text}":
                if text in constants:
                    return ctx.facts.bindings.get(text)
                return None
            if ctx.is_project(q) and not q.startswith(f"{ctx.module}."):
                return "pending"
            return None

        origins = ctx.summarize(call_keyword(node, "allow_origins"))
        result = _wildcard(origins, lookup)
        if result is not None:
            if result[0] == "pending":
                ctx.report(
                    node,
                    self.message,
                    data=_Data(pending=True, origins=origins),
                )
            else:
                ctx.report(
                    node, _message('`allow_origins` contains `"*"`', result[1]), data=_Data()
                )
            return
        regex = call_keyword(node, "allow_origin_regex")
        if isinstance(regex, ast.Constant) and _is_catch_all_regex(regex.value):
            ctx.report(
                node,
                _message(f"`allow_origin_regex={regex.value!r}` matches any origin", None),
                data=_Data(),
            )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        from auditor.project import Binding

        bridged = any(h.payload(_Data).ambient == "bridge" for h in hits)
        every = {h.payload(_Data).ambient for h in hits} - {"", "bridge"}
        # another framework's code (a Flask admin run as its own server) holds the
        # credentials of that server, not of the application the middleware is added to,
        # unless the project mounts such an application into its own (``WSGIMiddleware``)
        kinds = {
            d.ambient
            for h in hits
            if (d := h.payload(_Data)).ambient
            and d.ambient != "bridge"
            and (bridged or not d.foreign)
        }
        elsewhere = bool(every - kinds)
        hits = [h for h in hits if not h.payload(_Data).ambient]
        # a cookie read is proof unless every cookie the code sets is one a cross-site
        # request does not carry (then the cookies read are those)
        ambient = "proof" in kinds or ("read" in kinds and "lax" not in kinds)
        lax = not ambient and "lax" in kinds
        out: list[Hit] = []
        if not ambient:
            # no cookie or HTTP authentication in the code: a cross-site page gets nothing
            # the browser adds by itself (a bearer token must be added by script)
            for h in hits:
                h.severity = Severity.WARNING
                h.confidence = "medium"
        for h in hits:
            if not h.payload(_Data).pending:
                out.append(h)
                continue

            def lookup(e: Expr):
                r = project.resolve(qname_of(e))
                return r.value if isinstance(r, Binding) else None

            result = _wildcard(h.payload(_Data).origins, lookup)
            if result and result[0] == "yes":
                h.message = _message('`allow_origins` contains `"*"`', result[1])
                out.append(h)
        if lax:
            for h in out:
                h.message = h.message.replace(_ANY_WEBSITE, _SAME_SITE_ONLY)
        elif not ambient:
            where = (
                "in the code but in another web framework's application beside this one"
                if elsewhere
                else "in the code"
            )
            for h in out:
                h.message += (
                    f" (no cookie or HTTP authentication found {where}: only if something "
                    "in front adds one)"
                )
        return out

    bad = (
        snippet(
            """\
import os

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(
    CORSMiddleware, allow_origins="*", allow_credentials=True, allow_methods=["*"]
)
app.add_middleware(SessionMiddleware, secret_key=os.environ["SESSION_KEY"], same_site="lax")
""",
            note="the session middleware handed to `add_middleware` with its options (seen in "
            "zmp-manual-backend): its `SameSite=Lax` cookie is the credential same-site "
            "origins can send",
            lines=(8,),
        ),
        snippet(
            """\
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)


def remember(jar, cookie, response, mode: str) -> bool:
    jar.set_cookie(cookie)
    return mode == "basic" and bool(response.cookies)
""",
            path="app/main.py",
            note="no cookie or HTTP authentication in the code (a client's cookie jar, the "
            "word basic): a warning",
            lines=(5,),
        ),
        snippet(
            """\
from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware as Cors

from app.config import settings

app = FastAPI()
app.add_middleware(
    Cors,
    allow_origins=["*"] if settings.debug else settings.cors_origins,
    allow_credentials=True,
)
""",
            note="the debug-branch configuration of 002; the message names the condition",
            lines=(7,),
        ),
        snippet(
            """\
from fastapi import FastAPI
from fastapi.middleware import Middleware
from fastapi.middleware.cors import CORSMiddleware

ORIGINS = ("*",)

app = FastAPI(
    middleware=[
        Middleware(CORSMiddleware, allow_origins=ORIGINS, allow_credentials=True),
        Middleware(CORSMiddleware, allow_origin_regex="https?://.*", allow_credentials=True),
    ]
)
""",
            note="Middleware(...) form, a module-level constant, a catch-all regex",
            lines=(9, 10),
        ),
        Example(
            files={
                "app/config.py": 'import os\n\nCORS_ORIGINS = os.environ.get("CORS_ORIGINS") or ["*"]\n',
                "app/main.py": """\
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.config import CORS_ORIGINS


def create_app() -> FastAPI:
    app = FastAPI()
    app.add_middleware(CORSMiddleware, allow_origins=CORS_ORIGINS, allow_credentials=True)
    return app
""",
            },
            note="a constant imported from another module, `or` fallback",
            lines=(9,),
        ),
        snippet(
            """\
from fastapi import FastAPI, Response
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)


@app.post("/login")
def login(response: Response) -> dict[str, str]:
    response.set_cookie("session", "opaque", httponly=True)
    return {}
""",
            path="app/main.py",
            note="session cookie set without `samesite`: Starlette writes `SameSite=lax`, so "
            "only same-site origins can use it (a warning)",
            lines=(5,),
        ),
        snippet(
            """\
from fastapi import FastAPI, Response
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)


@app.post("/login")
def login(response: Response) -> dict[str, str]:
    response.set_cookie("session", "opaque", httponly=True, secure=True, samesite="none")
    return {}
""",
            path="app/main.py",
            note="session cookie set `SameSite=None`: the browser sends it cross-site by itself",
            lines=(5,),
        ),
        snippet(
            """\
import aiohttp
import fastapi
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)


@app.get("/oauth2/callback")
async def callback(request: Request) -> fastapi.Response:
    async with aiohttp.ClientSession() as session:
        async with session.get("http://auth-proxy/callback", params=request.query_params) as up:
            forwarded = fastapi.responses.Response(content=await up.read(), status_code=up.status)
            for name, cookie in up.cookies.items():
                forwarded.set_cookie(key=name, value=cookie.value, httponly=True)
            return forwarded
""",
            path="app/main.py",
            note="cookies forwarded from an aiohttp upstream onto a FastAPI response without "
            "`samesite`: Starlette writes `SameSite=lax` whatever the module imports (a warning)",
            lines=(7,),
        ),
        snippet(
            """\
import aiohttp
from fastapi import FastAPI, Response
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)


@app.post("/login")
async def login(response: Response, code: str) -> dict[str, str]:
    async with aiohttp.ClientSession() as session:
        await session.post("http://auth/verify", json={"code": code})
    response.set_cookie("session", "opaque", httponly=True)
    return {}
""",
            path="app/main.py",
            note="a cookie set on the route's `Response` parameter in a module that also calls "
            "aiohttp: Starlette writes `SameSite=lax` (a warning)",
            lines=(6,),
        ),
        snippet(
            """\
from aiohttp import web
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)


async def sidecar_login(request: web.Request) -> web.Response:
    response = web.Response(text="ok")
    response.set_cookie("session", "opaque", httponly=True)
    return response
""",
            path="app/main.py",
            note="the trap of the forwarded cookie: aiohttp's own `set_cookie` writes no "
            "`SameSite`, so the cookie goes cross-site",
            lines=(6,),
        ),
        snippet(
            """\
from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware

from app.config import settings

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origin_regex=".*", allow_credentials=True)


@app.post("/login")
def login(response: Response) -> dict[str, str]:
    response.set_cookie("session", "opaque", httponly=True, samesite="lax")
    response.set_cookie("prefs", "dark", samesite=settings.cookie_samesite)
    return {}


@app.get("/me")
def me(request: Request) -> dict[str, str]:
    return {"session": request.cookies.get("session", "")}
""",
            path="app/main.py",
            note="lax: every cookie the code sets is SameSite=Lax or a setting's value, which "
            "another site's request does not carry: a warning",
            lines=(7,),
        ),
        snippet(
            """\
from fastapi import Depends, FastAPI, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.security import HTTPBasic

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)
basic = HTTPBasic()


@app.post("/login", dependencies=[Depends(basic)])
def login(response: Response) -> dict[str, str]:
    response.set_cookie("session", "opaque", samesite="strict")
    response.set_cookie("embed", "opaque", samesite="none", secure=True)
    return {}
""",
            path="app/main.py",
            note="the trap beside Lax cookies: HTTP Basic and a SameSite=None cookie are sent "
            "cross-site",
            lines=(6,),
        ),
        Example(
            files={
                "app/admin.py": _FLASK_ADMIN,
                "app/main.py": """\
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)
""",
            },
            note="separate Flask admin: its HTTP Basic login and cookies belong to another "
            "server, not to the FastAPI application the middleware is on (a warning)",
            lines=(5,),
        ),
        Example(
            files={
                "app/admin.py": _FLASK_ADMIN,
                "app/main.py": """\
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)

from fastapi.middleware.wsgi import WSGIMiddleware

from app.admin import admin

app.mount("/admin", WSGIMiddleware(admin))
""",
            },
            note="the trap beside a separate Flask admin: mounted into the FastAPI "
            "application, it sits behind the middleware (an error)",
            lines=(5,),
        ),
    )
    good = (
        snippet(
            """\
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://app.example.com"],
    allow_credentials=True,
    allow_methods=["GET", "POST"],
    allow_headers=["Authorization", "Content-Type"],
)
"""
        ),
        snippet(
            """\
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.config import settings

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"])
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=False)
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=settings.cors_credentials)
app.add_middleware(
    CORSMiddleware,
    allow_origins=settings.cors_origins,
    allow_origin_regex=r"https://.*\\.example\\.com",
    allow_credentials=True,
)
""",
            note="public API without credentials, non-literal credentials, settings origins, a scoped regex",
        ),
        snippet(
            """\
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

ORIGINS = ["*"]
ORIGINS = ["https://app.example.com"]


def make(app: FastAPI) -> None:
    origins = ["*"]
    app.add_middleware(CORSMiddleware, allow_origins=ORIGINS, allow_credentials=True)
    print(origins)


class CORSMiddlewareLike:
    pass


FastAPI().add_middleware(CORSMiddlewareLike, allow_origins=["*"], allow_credentials=True)
""",
            note="a rebound constant is not followed; look-alike middleware classes are not CORSMiddleware",
        ),
        snippet(
            """\
from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=["*"], supports_credentials=True)


class Middleware:
    def __init__(self, cls: type, **kw: object) -> None:
        self.cls = cls


CORSMiddleware = object
Middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)
""",
            note="Flask-CORS and local look-alike names are not Starlette's middleware",
        ),
        snippet(
            """\
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.config import settings

app = FastAPI()
app.add_middleware(
    CORSMiddleware,
    allow_origins=settings.cors_origins or ["https://app.example.com"],
    allow_credentials=True,
)
app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://app.example.com"] or ["*"],
    allow_credentials=True,
)
""",
            note="a wildcard-free fallback, and a wildcard after an always-truthy operand",
        ),
    )


def _request_cookies(node: ast.AST) -> bool:
    """``request.cookies`` (not ``requests.cookies``, a client's cookie-jar module, nor the
    ``response.cookies`` of an outgoing call)."""
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "cookies"
        and isinstance(node.value, ast.Name)
        and node.value.id in ("request", "req", "websocket", "conn", "connection")
    )


#: Calls that read a cookie (whoever set it).
COOKIE_READERS = frozenset(
    {
        "fastapi.security.APIKeyCookie",
        "fastapi.security.api_key.APIKeyCookie",
        "fastapi.Cookie",
    }
)
SESSION_MIDDLEWARE = "starlette.middleware.sessions.SessionMiddleware"


#: Modules whose ``set_cookie`` writes no ``SameSite`` attribute by default (lower case).
_NO_DEFAULT_SAMESITE = (b"aiohttp", b"werkzeug", b"flask", b"http.cookies", b"simplecookie")


#: Where Starlette's and FastAPI's response classes live (canonical names, F2).
_STARLETTE_RESPONSES = ("fastapi.responses.", "starlette.responses.")


def _starlette_response(receiver: ast.expr, ctx: ModuleContext) -> bool:
    """The receiver of a ``set_cookie`` is a Starlette response, in a module that also uses
    a library whose ``set_cookie`` writes no ``SameSite``: a name bound in this function to a
    call of a Starlette/FastAPI response class (``resp = fastapi.responses.Response(...)``,
    forwarding an aiohttp upstream's cookies), or a parameter annotated with one."""
    if not isinstance(receiver, ast.Name):
        return False
    bound = ctx.local_call_binding(receiver.id)
    if bound is not None:
        return bound.startswith(_STARLETTE_RESPONSES)
    fn = ctx.enclosing_def
    if fn is None:
        return False
    for a in (*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs):
        if a.arg == receiver.id:
            q = ctx.resolve(a.annotation) if a.annotation is not None else None
            return q is not None and q.startswith(_STARLETTE_RESPONSES)
    return False


def _same_site(value: ast.AST | None) -> str:
    """What a ``samesite=`` / ``same_site=`` argument proves: ``"proof"`` for ``"none"``
    (or no argument: kept as proof, the cookie may come from elsewhere), ``"lax"`` for
    ``"lax"``/``"strict"`` or a value the code does not fix (a setting: its default is
    not the deployment's)."""
    if value is None:
        return "proof"
    if isinstance(value, ast.Constant):
        if isinstance(value.value, str) and value.value.lower() in ("lax", "strict"):
            return "lax"
        return "proof"  # ``"none"``, ``None`` (no attribute: browsers' defaults vary)
    return "lax"


def _ambient_call(node: ast.Call, ctx: ModuleContext) -> str:
    """A call that shows a credential the browser may attach by itself (checked on calls
    only, to keep the pass cheap), as a :class:`_Data` ``ambient`` kind: HTTP
    authentication or a cookie set ``SameSite=None`` (``"proof"``), a cookie read
    (``"read"``), a cookie set ``SameSite=Lax``/``Strict`` (``"lax"``); "" for none."""
    func = node.func
    if isinstance(func, ast.Attribute):
        if func.attr == "set_cookie" and (
            # ``response.set_cookie("session", value, ...)``; a cookie jar's
            # ``jar.set_cookie(cookie)`` takes one object
            len(node.args) >= 2 or any(k.arg in ("key", "value") for k in node.keywords)
        ):
            same_site = call_keyword(node, "samesite")
            if same_site is None and (
                not ctx.says(*_NO_DEFAULT_SAMESITE) or _starlette_response(func.value, ctx)
            ):
                # Starlette's ``Response.set_cookie`` writes ``SameSite=lax`` unless told
                # otherwise; aiohttp's, Werkzeug's and ``http.cookies`` write none
                return "lax"
            return _same_site(same_site)
        if _request_cookies(func.value):
            return "read"  # ``request.cookies.get("session")``
    for a in node.args:
        if _request_cookies(a):
            return "read"  # ``dict(request.cookies)``
        if isinstance(a, ast.Constant) and isinstance(a.value, str):
            v = a.value
            if v in ("Basic", "Basic ", "basic ") or v.startswith("Basic realm="):
                return "proof"  # ``auth.startswith("Basic ")``: HTTP Basic handled by hand
    q = ctx.resolve(func)
    if q == SESSION_MIDDLEWARE or _adds_session_middleware(node, q, ctx):
        # Starlette's default is ``same_site="lax"``; its session cookie is also read (the
        # class called, or handed with its options to ``app.add_middleware`` or
        # ``Middleware(...)``)
        same_site = call_keyword(node, "same_site")
        return "lax" if same_site is None else _same_site(same_site)
    if q in COOKIE_READERS:
        return "read"
    return "proof" if q in AMBIENT_CALLS else ""


#: Calls that take a middleware class and its options: ``app.add_middleware(cls, **options)``
#: and ``starlette.middleware.Middleware(cls, **options)``.
_MIDDLEWARE_WRAPPERS = frozenset(
    {"starlette.middleware.Middleware", "fastapi.middleware.Middleware"}
)


def _adds_session_middleware(node: ast.Call, q: str | None, ctx: ModuleContext) -> bool:
    """``app.add_middleware(SessionMiddleware, ...)`` or ``Middleware(SessionMiddleware,
    ...)``: Starlette's session middleware added with its options (zmp-manual-backend
    main.py:509)."""
    func = node.func
    if not (
        (isinstance(func, ast.Attribute) and func.attr == "add_middleware")
        or q in _MIDDLEWARE_WRAPPERS
    ):
        return False
    first = node.args[0] if node.args else None
    return isinstance(first, (ast.Name, ast.Attribute)) and ctx.resolve(first) == SESSION_MIDDLEWARE


#: Web frameworks whose applications are not ASGI applications: code written for one of
#: them serves requests through its own server unless a bridge mounts it (:data:`BRIDGES`).
_FOREIGN_FRAMEWORKS = frozenset({"flask", "django", "bottle", "pyramid", "cherrypy"})
_OWN_FRAMEWORKS = frozenset({"fastapi", "starlette"})
#: Calls that mount a WSGI (or Django) application into an ASGI one.
BRIDGES = frozenset(
    {
        "starlette.middleware.wsgi.WSGIMiddleware",
        "fastapi.middleware.wsgi.WSGIMiddleware",
        "a2wsgi.WSGIMiddleware",
        "a2wsgi.wsgi.WSGIMiddleware",
        "asgiref.wsgi.WsgiToAsgi",
        "django.core.asgi.get_asgi_application",
    }
)


_BRIDGE_NAMES = frozenset(q.rsplit(".", 1)[1] for q in BRIDGES)


def _foreign_module(ctx: ModuleContext) -> bool:
    """The module's imports (at its top level) are another web framework's (Flask and its
    extensions, Django, Bottle, Pyramid, CherryPy) and none is FastAPI's or Starlette's:
    its cookies and HTTP authentication are that framework's application's."""
    roots = {q.split(".", 1)[0] for q in ctx.facts.imports.values() if q}
    if roots & _OWN_FRAMEWORKS:
        return False
    return any(r in _FOREIGN_FRAMEWORKS or r.startswith("flask_") for r in roots)


_ANY_WEBSITE = "any website can send credentialed requests as the user"
#: what the finding says when every cookie the code sets is one a cross-site request lacks
_SAME_SITE_ONLY = (
    "every same-site origin (another port of the host, a sibling subdomain) can send"
    " credentialed requests as the user; a cross-site page cannot, because the code sets its"
    " cookies `SameSite=Lax`/`Strict` (Starlette's default) or to a setting's value"
    " (unless that setting is `none`)"
)


def _message(what: str, condition: str | None) -> str:
    when = f" ({condition})" if condition else ""
    return f"CORS {what}{when} with `allow_credentials=True`: {_ANY_WEBSITE}"
