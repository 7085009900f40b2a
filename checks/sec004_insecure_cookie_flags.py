from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity, snippet, when
from auditor.facts import Class, qname_of
from auditor.lazyre import lazy_compile
from auditor.project import Binding, Project
from auditor.walker import ModuleContext

#: Starlette's ``Response.set_cookie`` positional order.
_POSITIONS = {
    "key": 0,
    "value": 1,
    "max_age": 2,
    "expires": 3,
    "secure": 6,
    "httponly": 7,
    "samesite": 8,
}
#: Request and response objects: Starlette's ``set_cookie`` takes neither as an argument.
_HTTP_OBJECTS = frozenset(
    {
        "fastapi.Request",
        "fastapi.responses.Response",
        "fastapi.responses.JSONResponse",
        "fastapi.responses.RedirectResponse",
        "fastapi.responses.HTMLResponse",
    }
)


class _Data(NamedTuple):
    """The receiver's class when the module pass can name it (a parameter's annotation, a
    local ``x = Factory()``, ``self`` in a class): the judge drops the hit when that project
    class defines its own ``set_cookie``."""

    receiver: str | None = None


_FRAMEWORKS = ("fastapi", "starlette")


def _argument(node: ast.Call, name: str) -> ast.expr | None:
    for kw in node.keywords:
        if kw.arg == name:
            return kw.value
    i = _POSITIONS[name]
    return node.args[i] if i < len(node.args) else None


#: Cookie values that are a yes/no flag whatever the cookie is called.
_FLAG_VALUES = frozenset({"true", "false", "yes", "no", "on", "off"})


def _flag(value: ast.expr | None) -> bool:
    """A literal yes/no or numeric value (``"true"``, ``"1"``, ``True``, ``0``): a flag."""
    if not isinstance(value, ast.Constant):
        return False
    v = value.value
    if isinstance(v, (bool, int, float)):
        return True
    return isinstance(v, str) and (v.strip().lower() in _FLAG_VALUES or v.strip().isdigit())


def _deletion(node: ast.Call) -> bool:
    """``set_cookie(name, "", expires=0)`` / ``max_age=0``: the cookie is set empty and
    already expired, which is how a cookie is deleted (Starlette's ``delete_cookie`` does
    the same); it carries nothing to protect."""
    value = _argument(node, "value")
    if not (value is None or (isinstance(value, ast.Constant) and value.value in ("", None))):
        return False
    return any(_expired(_argument(node, a)) for a in ("max_age", "expires"))


def _expired(node: ast.expr | None) -> bool:
    """A literal lifetime of zero or less (``0``, ``-1``)."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
        return isinstance(node, ast.Constant) and type(node.value) in (int, float)
    return isinstance(node, ast.Constant) and type(node.value) in (int, float) and node.value == 0


def _falsy_literal(node: ast.expr | None) -> bool:
    """Absent, or a literal that is false (``False``, ``None``, ``0``, ``""``)."""
    if node is None:
        return True
    return isinstance(node, ast.Constant) and node.value is not Ellipsis and not node.value


#: Words of a cookie name that say it holds a display preference of the interface.
_PREFERENCE_WORDS = frozenset(
    {
        "language", "lang", "locale", "i18n", "l10n", "theme", "timezone", "tz", "color",
        "colour", "dark", "light", "appearance", "font", "currency", "units", "sidebar",
        "density",
    }
)  # fmt: skip
#: Words that say a cookie or a value carries a credential or an identity.
_CREDENTIAL_WORDS = frozenset(
    {
        "token", "session", "sess", "sid", "auth", "jwt", "key", "secret", "csrf", "xsrf",
        "pass", "password", "passwd", "refresh", "access", "login", "id", "uid", "identity",
        "bearer", "api", "signature", "sig", "nonce", "state", "code", "ticket", "cred",
        "credential", "credentials", "remember", "user", "account",
    }
)  # fmt: skip
_CAMEL = lazy_compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_WORD = lazy_compile(r"[^a-z0-9]+")


def _words(text: str) -> set[str]:
    """``"preferredLanguage"``, ``"ui-theme"`` -> their lower-case words."""
    return {w for w in _NON_WORD.split(_CAMEL.sub("_", text).lower()) if w}


def _credential_names(value: ast.expr) -> bool:
    """A name in ``value`` (a variable, an attribute) says credential (``session.lang``)."""
    for node in ast.walk(value):
        text = (
            node.id
            if isinstance(node, ast.Name)
            else node.attr
            if isinstance(node, ast.Attribute)
            else None
        )
        if text is not None and _words(text) & _CREDENTIAL_WORDS:
            return True
    return False


def _script_readable(name: str | None, value: ast.expr | None, httponly: ast.expr | None) -> bool:
    """``httponly=False`` written out on a cookie whose known name (:func:`_name_text`)
    says no credential, with no such word in its value's names either: the code states
    that the page's script reads it (a consent banner's choices, a front-end flag);
    ``httponly=True`` would break that script and hide nothing a credential needs hidden."""
    if name is None or value is None or not _words(name):
        return False
    if not (isinstance(httponly, ast.Constant) and httponly.value is False):
        return False
    return not _words(name) & _CREDENTIAL_WORDS and not _credential_names(value)


def _preference(name: str | None, value: ast.expr | None) -> bool:
    """A cookie that holds a display preference, not a credential: its literal name is made
    of words such as ``language``, ``locale`` or ``theme`` and of no credential word
    (``token``, ``session``, ``id``, ``user`` ...), and no name in its value says
    credential either (``value=locale``, ``value=prefs.theme``; not ``value=session.lang``)."""
    if name is None or value is None:
        return False
    words = _words(name)
    if not words & _PREFERENCE_WORDS or words & _CREDENTIAL_WORDS:
        return False
    return not _credential_names(value)


#: The route decorators of FastAPI's and Starlette's apps and routers (``@router.put(path)``).
_ROUTE_DECORATORS = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "trace", "api_route", "route"}
)
_PATH_SLOT = lazy_compile(r"\{([A-Za-z_]\w*)(?::[^}]*)?\}")


def _path_parameter(name: str | None, value: ast.expr | None, ctx: ModuleContext) -> bool:
    """A cookie that echoes a path parameter of its route (``@router.put("/profiles/{name}")``
    then ``set_cookie("last_profile", name)``), never rebound in the handler: the client
    chose the value and sent it in the request's URL, which travels and is logged as openly
    as the cookie would be, so the cookie remembers the client's choice and holds nothing the
    server issued.  Only when neither the cookie's name nor the parameter's says credential
    (not ``/login/{token}`` into a ``session`` cookie: a magic link's token)."""
    if name is None or not isinstance(value, ast.Name) or _words(name) & _CREDENTIAL_WORDS:
        return False
    if _credential_names(value):
        return False
    fn = ctx.enclosing_def
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    a = fn.args
    if value.id not in {x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs)}:
        return False
    if any(
        isinstance(n, ast.Name) and n.id == value.id and not isinstance(n.ctx, ast.Load)
        for n in ast.walk(fn)
    ):
        return False  # rebound: the cookie may hold something else
    return any(value.id in _route_slots(dec) for dec in fn.decorator_list)


def _route_slots(dec: ast.expr) -> set[str]:
    """The path parameters a route decorator's literal path declares (``{name}``,
    ``{path:path}``); empty for any other decorator."""
    if not (
        isinstance(dec, ast.Call)
        and isinstance(dec.func, ast.Attribute)
        and dec.func.attr in _ROUTE_DECORATORS
    ):
        return set()
    path = (
        dec.args[0] if dec.args else next((k.value for k in dec.keywords if k.arg == "path"), None)
    )
    if not (isinstance(path, ast.Constant) and isinstance(path.value, str)):
        return set()
    return {m.group(1) for m in _PATH_SLOT.finditer(path.value)}


def _constant(key: ast.Name, ctx: ModuleContext) -> bool:
    """``key`` names a module-level constant of this module or one imported from a project
    module (not a parameter or a local that could hold any name)."""
    if ctx.scope.kind != "module" and key.id in ctx.scope.local_names():
        return False
    q = ctx.resolve(key)
    if q == f"{ctx.module}.{key.id}":
        return key.id in ctx.module_constants
    return q is not None and ctx.is_project(q)


def _name_text(key: ast.expr | None, ctx: ModuleContext) -> str | None:
    """The words a cookie's name is read from: its literal, or the setting that holds it
    (``settings.LANGUAGE_COOKIE_NAME``; ``getattr(settings, "LANGUAGE_COOKIE_NAME",
    "app_language")``, the setting's name and its literal default together)."""
    if isinstance(key, ast.Constant):
        return key.value if isinstance(key.value, str) else None
    if isinstance(key, ast.Attribute):
        return key.attr
    if isinstance(key, ast.Name) and key.id.isupper() and _constant(key, ctx):
        return key.id  # ``CONSENT_COOKIE_NAME``: a module constant named for the cookie
    if (
        isinstance(key, ast.Call)
        and ctx.resolve(key.func) == "builtins.getattr"
        and 2 <= len(key.args) <= 3
        and not key.keywords
        and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in key.args[1:])
    ):
        return " ".join(str(a.value) for a in key.args[1:] if isinstance(a, ast.Constant))
    return None


#: Calls that only serialise or quote what they are given.
_SERIALISERS = frozenset(
    {
        "dumps",
        "quote",
        "quote_plus",
        "urlencode",
        "str",
        "dict",
        "model_dump",
        "model_dump_json",
        "json",
    }
)


_SERIALISING_MODULES = frozenset({"json", "orjson", "urllib"})


def _local_values(ctx: ModuleContext) -> dict[str, list[ast.expr]] | None:
    """The values the enclosing function binds to each local name (``=``, ``: T =``)."""
    func = next(
        (
            p
            for p in reversed(ctx.parents)
            if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef))
        ),
        None,
    )
    if func is None:
        return None
    out: dict[str, list[ast.expr]] = {}
    for n in ast.walk(func):
        if isinstance(n, ast.Assign):
            for t in n.targets:
                if isinstance(t, ast.Name):
                    out.setdefault(t.id, []).append(n.value)
        elif (
            isinstance(n, ast.AnnAssign) and n.value is not None and isinstance(n.target, ast.Name)
        ):
            out.setdefault(n.target.id, []).append(n.value)
    return out


def _configuration(name: str | None, value: ast.expr | None, ctx: ModuleContext) -> bool:
    """A cookie that hands the page's script its configuration, not a credential: its
    literal name says no credential, and its value is built in the function only from
    literals, f-strings of them, attributes named for no credential (``env.httpPort``),
    serialisers (``json.dumps``, ``quote``, ``.dict()``) and model constructors (a
    capitalised callee) whose keywords name no credential either: no parameter, no
    generated value (``uuid4()``, ``secrets.token_urlsafe()``) and no other call."""
    if name is None or value is None or _words(name) & _CREDENTIAL_WORDS:
        return False
    if isinstance(value, ast.Constant):
        return False  # a constant keeps its own rule (a flag; `secure` advice at info)
    local = _local_values(ctx)
    if local is None:
        return False
    bound: dict[str, list[ast.expr]] = local

    def plain(e: ast.AST, depth: int = 0) -> bool:
        if isinstance(e, ast.Constant):
            return True
        if isinstance(e, ast.JoinedStr):
            return all(plain(v, depth) for v in e.values)
        if isinstance(e, ast.FormattedValue):
            return plain(e.value, depth)
        if isinstance(e, ast.Attribute):
            return not _words(e.attr) & _CREDENTIAL_WORDS and isinstance(
                e.value, (ast.Name, ast.Attribute)
            )
        if isinstance(e, ast.Name):
            values = bound.get(e.id, [])
            return bool(values) and depth < 3 and all(plain(v, depth + 1) for v in values)
        if isinstance(e, ast.Call):
            callee = e.func
            called = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", "")
            if called in _SERIALISERS:
                # ``json.dumps(...)``, ``urllib.parse.quote(...)``, ``str(...)``, or a
                # method of a plain value (``cookie.dict()``)
                module = (ctx.resolve(callee) or "").split(".", 1)[0]
                receiver_ok = (
                    not isinstance(callee, ast.Attribute)
                    or module in _SERIALISING_MODULES
                    or plain(callee.value, depth)
                )
            elif called[:1].isupper() and not _words(called) & _CREDENTIAL_WORDS:
                receiver_ok = True
            else:
                return False
            return (
                receiver_ok
                and all(plain(a, depth) for a in e.args)
                and all(
                    k.arg is not None
                    and not _words(k.arg) & _CREDENTIAL_WORDS
                    and plain(k.value, depth)
                    for k in e.keywords
                )
            )
        return False

    return plain(value)


def _none_site(node: ast.Call) -> bool:
    """``samesite="none"`` (browsers reject it without ``secure``)."""
    samesite = _argument(node, "samesite")
    return (
        isinstance(samesite, ast.Constant)
        and isinstance(samesite.value, str)
        and samesite.value.lower() == "none"
    )


@dataclass
class _State:
    framework: bool = False  # the module imports a web framework


def _http_object(node: ast.expr, ctx: ModuleContext) -> bool:
    """A parameter annotated as a request or response (``request: Request``)."""
    fn = ctx.function
    if not isinstance(node, ast.Name) or fn is None:
        return False
    return any(p.name == node.id and qname_of(p.annotation) in _HTTP_OBJECTS for p in fn.params)


def _receiver_class(node: ast.expr, ctx: ModuleContext) -> str | None:
    """What the module pass can say of the receiver's class: a parameter's annotation, the
    callee of ``x = Factory(...)``, the enclosing class for ``self``, a module-level name."""
    if not isinstance(node, ast.Name):
        return None
    fn = ctx.function
    if fn is not None:
        if node.id == "self" and fn.class_qname:
            return fn.class_qname
        for p in fn.params:
            if p.name == node.id:
                return qname_of(p.annotation)
    bound = ctx.local_call_binding(node.id)
    if bound:
        return bound
    q = ctx.resolve(node)
    return q if ctx.is_project(q) else None


def _own_set_cookie(project: Project, qname: str | None) -> bool:
    """``qname`` names (or makes, or holds) a project class that defines ``set_cookie``
    itself: a project method, not Starlette's ``Response.set_cookie``."""
    if not qname:
        return False
    r = project.resolve(qname)
    if isinstance(r, Binding):
        r = project.resolve_call_class(r.value)
    elif not isinstance(r, Class):
        fn = project.function(qname)
        r = project.class_(qname_of(fn.returns)) if fn is not None and fn.returns else None
    if not isinstance(r, Class):
        return False
    for q in (r.qname, *sorted(project.ancestors(r.qname))):
        cls = project.class_(q)
        if cls is not None and "set_cookie" in cls.methods:
            return True
    return False


class InsecureCookieFlags(Check):
    """
    ## What it does
    Flags `response.set_cookie(...)` calls, in application modules that import FastAPI or
    Starlette, that leave out `httponly=True` or `secure=True` (or set them to a false
    literal).  A `samesite="none"` cookie without `secure` is named as such in the
    message.

    ## Why is this bad?
    Starlette's `set_cookie` defaults to `httponly=False`, `secure=False`,
    `samesite="lax"`.  A session or token cookie without `HttpOnly` can be read — and
    exfiltrated — by any script injected into the page (XSS).  One without `Secure` is sent
    over plain HTTP, where anyone on the network path can read it.  Browsers reject
    `SameSite=None` cookies that are not `Secure`.  [Production guide 2026] lists
    "Set secure cookie flags: `httponly=True, secure=True, samesite="lax"`", and
    [zhanymkanov README] keeps a `SECURE_COOKIES` setting for it.

    A flag given as a non-literal (for example `secure=settings.SECURE_COOKIES`, so that
    local HTTP development still works) counts as set.

    ## Example
    ```python
    @router.post("/login")
    async def login(response: Response) -> dict[str, bool]:
        response.set_cookie("session", token)
        return {"ok": True}
    ```

    ## Use instead
    ```python
    @router.post("/login")
    async def login(response: Response) -> dict[str, bool]:
        response.set_cookie(
            "session", token, httponly=True, secure=True, samesite="lax", max_age=3600
        )
        return {"ok": True}
    ```

    ## Fix safety
    No automatic fix: `secure=True` stops the cookie over plain HTTP (local development on
    a non-localhost host), and `httponly=True` breaks front-end code that reads the cookie.

    ## Known problems
    Cookies whose name contains `csrf` or `xsrf` skip the `httponly` check (a literal, or
    the setting or module constant that keeps it, `CSRF_COOKIE`): a
    double-submit CSRF cookie must be readable by JavaScript.  So do cookies whose value is
    a constant (`"true"`, `"1"`, `"pro"`): a flag or a preference for the front end, not a
    credential; a missing `secure` on them is advice at info level, and a flag (a boolean,
    a number, `"true"`/`"false"`/`"yes"`/`"no"`/`"on"`/`"off"`) is not reported at all: it
    carries nothing to protect in transit (unless `samesite="none"`, which browsers reject
    without `secure`).  Neither is a display preference, whatever its value: a cookie whose
    literal name is made of words such as `language`, `locale`, `theme` or `timezone` and
    of no credential word (`token`, `session`, `id`, `user`, `auth` ...), with no such word
    in its value's names either (`value=locale`, not `value=session.lang`); a name kept in a
    setting (or a module constant) is read from its name (`settings.LANGUAGE_COOKIE_NAME`,
    `LANGUAGE_COOKIE`), and from its
    literal default too when read with `getattr(settings, "LANGUAGE_COOKIE_NAME", "lang")`.  Nor is a cookie
    that hands the page's script its configuration: a name that says no credential and a
    value built in the function only from literals, f-strings, attributes named for no
    credential (`settings.http_port`), serialisers (`json.dumps`, `quote`, `.dict()`) and
    model constructors whose keywords name no credential; a parameter, a generated value
    (`uuid4()`) or any other call keeps the cookie reported.  Nor is a cookie that echoes a
    path parameter of its route, never rebound in the handler
    (`@router.put("/profiles/{name}")` then `set_cookie("last_profile", name)`), when neither
    the cookie's name nor the parameter's says credential: the client chose the value and
    sent it in the URL; a `/login/{token}` into a `session` cookie stays reported.  Nor is a
    deletion: an empty value (or none) with a literal `expires=0` or `max_age` of zero or
    less, as `delete_cookie` sends (unless `samesite="none"` without `secure`, which
    browsers reject, so the cookie stays).  Nor is a missing `httponly` on a cookie set with
    `httponly=False` written out, when its name (a literal, a setting's name, or a constant
    named for it, `CONSENT_COOKIE_NAME`) and its value's names say no credential: the code
    states that the page's script reads it (a consent banner's choices); `secure` is still
    checked.  Any other
    cookie whose value is computed is taken for a credential.  Calls on a project object whose class defines
    its own `set_cookie` (a service that sets the flags itself), and calls that pass a
    request or a response object, are not Starlette's `set_cookie` and are not inspected.  Flags passed
    through `**kwargs` are unknown, and such calls are not reported.  Cookies set through
    raw `Set-Cookie` headers are not inspected.

    ## References
    - [Production guide 2026] (security checklist: secure cookie flags),
      [zhanymkanov README] (`SECURE_COOKIES: bool = True`)
    - Starlette docs, "Responses" (`set_cookie` parameters and defaults)
    - OWASP, "Session Management Cheat Sheet" (cookie attributes)
    """

    id = "SEC004"
    name = "insecure-cookie-flags"
    category = "security"
    severity = Severity.WARNING
    message = "cookie set without secure flags"
    fix_title = 'Set `httponly=True, secure=True, samesite="lax"` on the cookie'
    sources = ("Production guide 2026", "zhanymkanov README")

    def visit_Module(self, node: ast.Module, ctx: ModuleContext) -> None:
        ctx.state(_State).framework = any(
            imp.module.split(".", 1)[0] in _FRAMEWORKS for imp in ctx.facts.import_list
        )

    @when(names=("set_cookie",))
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        func = node.func
        if not (isinstance(func, ast.Attribute) and func.attr == "set_cookie"):
            return
        if not ctx.state(_State).framework:
            return
        if any(kw.arg is None for kw in node.keywords) or any(
            isinstance(a, ast.Starred) for a in node.args
        ):
            return
        if any(_http_object(a, ctx) for a in node.args):
            return  # ``service.set_cookie(request, response, token)``: not Starlette's method
        if _deletion(node) and not _none_site(node):
            return  # an empty, expired cookie deletes it: nothing to protect
        key = _argument(node, "key")
        name = key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None
        value = _argument(node, "value")
        constant = isinstance(value, ast.Constant) and value.value is not Ellipsis
        missing: list[str] = []
        # the name as written or as kept (``CSRF_COOKIE``, ``settings.csrf_cookie_name``)
        named = (_name_text(key, ctx) or "").lower()
        csrf_token = "csrf" in named or "xsrf" in named
        if _preference(_name_text(key, ctx), value) and not (
            _falsy_literal(_argument(node, "secure")) and _none_site(node)
        ):
            return  # ``("language", locale)``: a display preference, nothing to protect
        if _path_parameter(_name_text(key, ctx), value, ctx) and not (
            _falsy_literal(_argument(node, "secure")) and _none_site(node)
        ):
            return  # the path parameter the client sent in the URL: its own choice, echoed
        if _configuration(name, value, ctx) and not (
            _falsy_literal(_argument(node, "secure")) and _none_site(node)
        ):
            return  # the page script's configuration (ports, paths): nothing to protect
        readable = _script_readable(_name_text(key, ctx), value, _argument(node, "httponly"))
        if (
            not csrf_token
            and not constant
            and not readable
            and _falsy_literal(_argument(node, "httponly"))
        ):
            # (a constant such as ``"true"`` is a flag for the front end, not a credential:
            # HttpOnly would only hide it from the script that reads it)
            missing.append("`httponly=True`")
        secure = _argument(node, "secure")
        if _falsy_literal(secure):
            missing.append("`secure=True`")
        none_site = _none_site(node)
        if not missing or (_flag(value) and not none_site):
            # ``"true"``, ``1``: a flag for the front end holds nothing to hide from scripts or
            # to protect in transit; only ``samesite="none"`` needs Secure (browsers reject it)
            return
        what = f"cookie `{name}`" if name else "cookie"
        message = f"{what} is set without {' and '.join(missing)}"
        if none_site and _falsy_literal(secure):
            message += ' (browsers reject `samesite="none"` without it)'
        elif isinstance(value, ast.Constant) and constant:
            message += f" (it holds the constant {ast.unparse(value)}, not a credential)"
        hit = ctx.report(node, message, data=_Data(receiver=_receiver_class(func.value, ctx)))
        if constant and not none_site:
            hit.severity = Severity.INFO

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        return [h for h in hits if not _own_set_cookie(project, h.payload(_Data).receiver)]

    bad = (
        Example(
            files={
                "web/cookies.py": 'SESSION_COOKIE = "site_session"\n',
                "web/auth.py": """\
from fastapi import APIRouter, Response

from web.cookies import SESSION_COOKIE

router = APIRouter()


@router.post("/login")
async def login(response: Response, token: str) -> dict[str, bool]:
    response.set_cookie(SESSION_COOKIE, token, httponly=False, secure=True)
    return {"ok": True}
""",
            },
            note="the other side of the kept-CSRF-name trap: a session cookie whose name a "
            "constant keeps, left readable",
            lines=(10,),
        ),
        snippet(
            """\
from fastapi import APIRouter, Response

router = APIRouter()


@router.get("/magic/{token}")
async def magic_link(response: Response, token: str) -> dict[str, bool]:
    response.set_cookie("session", token)
    return {"ok": True}


@router.post("/layouts/{layout}/open")
async def open_layout(response: Response, layout: str) -> dict[str, bool]:
    layout = make_handle(layout)
    response.set_cookie("last_layout", layout)
    return {"ok": True}


def make_handle(layout: str) -> str:
    return layout
""",
            note="the other side of the path-parameter trap: a magic link's token set as the "
            "session, and a parameter rebound to a value the server makes",
            lines=(8, 15),
        ),
        snippet(
            """\
from fastapi import APIRouter, Response

router = APIRouter()


@router.post("/login")
async def login(response: Response, token: str) -> dict[str, bool]:
    response.set_cookie("session", token)
    return {"ok": True}
""",
            lines=(8,),
        ),
        snippet(
            """\
from starlette.responses import JSONResponse

from app.config import settings


def issue(token: str) -> JSONResponse:
    resp = JSONResponse({"ok": True})
    resp.set_cookie(key="access_token", value=token, httponly=True, secure=False)
    resp.set_cookie("refresh_token", token, httponly=0, secure=settings.secure_cookies)
    resp.set_cookie("sid", token, None, None, "/", None, True, True, "None")
    resp.set_cookie("csrftoken", token)
    resp.set_cookie("tracking", token, httponly=True, samesite="none")
    return resp
""",
            note="falsy literals, positional flags, SameSite=None, the CSRF exemption covers httponly only",
            lines=(8, 9, 11, 12),
        ),
        snippet(
            """\
from fastapi import APIRouter, Response

router = APIRouter()


@router.post("/login")
async def login(response: Response, token: str) -> dict[str, bool]:
    response.set_cookie("session", token, httponly=True, secure=True, samesite="lax")
    response.set_cookie("plan", "pro", samesite="lax")
    response.set_cookie("logged_in", "true", samesite="none")
    return {"ok": True}
""",
            note="a constant flag cookie for the front end needs no HttpOnly, but `secure` is "
            "still advised (at info level) for a constant that is not a yes/no flag, and "
            'browsers reject `samesite="none"` without it',
            lines=(9, 10),
        ),
        snippet(
            """\
from fastapi import Response


def rotate(response: Response, token: str) -> None:
    response.set_cookie("session", token, max_age=0)
    response.set_cookie("session", "", max_age=3600)
    response.set_cookie("embed", "", expires=0, samesite="none")
""",
            note="no deletion: a value with `max_age=0`, an empty value that lives on; and a "
            'deletion with `samesite="none"` and no `secure`, which browsers reject (the '
            "cookie stays)",
            lines=(5, 6, 7),
        ),
        snippet(
            """\
from fastapi import Response

SESSION_COOKIE = "app_session"


def sign_in(response: Response, token: str, name: str, prefs: dict) -> None:
    response.set_cookie(SESSION_COOKIE, token, secure=True, httponly=False)
    response.set_cookie("banner", token, secure=True, httponly=False)
    response.set_cookie(name, str(prefs), secure=True, httponly=False)
    response.set_cookie("banner", str(prefs), secure=False, httponly=False)
""",
            note="the other side of the script-readable trap: `httponly=False` on a cookie "
            "named for a session, one holding a token, one of a name the code does not show, "
            "and one without `secure`",
            lines=(7, 8, 9, 10),
        ),
        snippet(
            """\
from fastapi import Request, Response


def remember_language(request: Request, response: Response, auth_token: str) -> None:
    response.set_cookie("lang", auth_token)
    response.set_cookie("locale_user_id", request.query_params["uid"])
    response.set_cookie("theme", request.query_params.get("theme", "light"), samesite="none")
""",
            note="the other side of the preference trap: a preference-sounding name whose value "
            'is a token, a name that also says identity, and `samesite="none"` without `secure`',
            lines=(5, 6, 7),
        ),
        snippet(
            """\
from fastapi import Request, Response

from app.conf import settings


def remember(request: Request, response: Response, token: str, lang: str) -> None:
    response.set_cookie(getattr(settings, "SESSION_COOKIE_NAME", "sessionid"), token)
    response.set_cookie(getattr(settings, "LANGUAGE_COOKIE_NAME", "session"), lang)
    response.set_cookie(settings.AUTH_COOKIE_NAME, token)
""",
            note="the other side of the settings-named preference trap: the setting's name or "
            "its default says credential",
            lines=(7, 8, 9),
        ),
        snippet(
            """\
import json
import uuid

from fastapi import Request, Response
from pydantic import BaseModel


class Visit(BaseModel):
    port: int
    visitor: str


def remember(request: Request, response: Response, port: int) -> None:
    visit = Visit(port=port, visitor=str(uuid.uuid4()))
    response.set_cookie("client", json.dumps(visit.dict()))
    state = {"port": port, "session": request.cookies.get("sid")}
    response.set_cookie("client-config", json.dumps(state))
    response.set_cookie("client-view", json.dumps({"port": port}))
""",
            note="the other side of the configuration trap: a value built with a generated id "
            "or a credential's name, or from a parameter of unknown origin, stays reported",
            lines=(15, 17, 18),
        ),
    )
    good = (
        Example(
            files={
                "web/cookies.py": 'SESSION_COOKIE = "site_session"\nCSRF_COOKIE = "site_csrf"\n',
                "web/auth.py": """\
import secrets

from fastapi import APIRouter, Response

from web.cookies import CSRF_COOKIE, SESSION_COOKIE

router = APIRouter()


@router.post("/login")
async def login(response: Response, token: str) -> dict[str, bool]:
    response.set_cookie(SESSION_COOKIE, token, httponly=True, secure=True, samesite="lax")
    response.set_cookie(
        CSRF_COOKIE, secrets.token_urlsafe(16), httponly=False, secure=True, samesite="lax"
    )
    return {"ok": True}
""",
            },
            note="trap: a double-submit CSRF cookie whose name a project constant keeps "
            "(`CSRF_COOKIE`), left readable on purpose (seen in ludovitae)",
        ),
        snippet(
            """\
from fastapi import APIRouter, Response

router = APIRouter()


@router.post("/layouts/{layout}/open")
async def open_layout(response: Response, layout: str) -> dict[str, str]:
    response.set_cookie("last_layout", layout, max_age=86400)
    return {"opened": layout}
""",
            note="a cookie that echoes the route's path parameter, never rebound: the client "
            "chose it and sent it in the URL, so the cookie only remembers that choice",
        ),
        snippet(
            """\
from fastapi import Request, Response

BANNER_COOKIE = "site_consent"


def save_consent(request: Request, response: Response, analytics: bool) -> None:
    choices = {"analytics": analytics, "ads": False}
    response.set_cookie(
        key=BANNER_COOKIE,
        value=str(choices),
        secure=request.url.scheme == "https",
        httponly=False,  # the banner's script reads the choices
        samesite="lax",
    )
""",
            note="`httponly=False` written out on a cookie whose name and value say no "
            "credential: the page's script reads it (seen in dazzle-dsl)",
        ),
        snippet(
            """\
from fastapi import APIRouter, Response

router = APIRouter()


@router.post("/login")
async def login(response: Response, token: str) -> dict[str, bool]:
    response.set_cookie("session", token, httponly=True, secure=True, samesite="lax")
    response.set_cookie("logged_in", "true", secure=True, samesite="lax")
    response.set_cookie(key="theme", value="dark", secure=True)
    response.set_cookie("is_token_expired", "true", max_age=60)
    response.set_cookie("consent", 1)
    return {"ok": True}
""",
            note="cookies holding a constant (a UI flag the front end reads) are not credentials: "
            "HttpOnly would only hide them from the script they are for; a yes/no or numeric "
            "flag, whatever its name, has nothing to protect without `secure` (seen in lnbits)",
        ),
        Example(
            files={
                "app/services/auth.py": """\
from fastapi import Request, Response


class AuthService:
    def __init__(self, response: Response) -> None:
        self.response = response

    def set_cookie(self, name: str, token: str) -> None:
        self.response.set_cookie(name, token, httponly=True, secure=True, samesite="lax")


class Sessions:
    def set_cookie(self, request: Request, response: Response, token: str, ttl: int) -> None:
        secure = request.url.scheme == "https"
        response.set_cookie("session", token, max_age=ttl, httponly=True, secure=secure)


def get_auth_service(response: Response) -> AuthService:
    return AuthService(response)
""",
                "app/routes.py": """\
from fastapi import APIRouter, Depends, Request, Response

from app.services.auth import AuthService, Sessions, get_auth_service

router = APIRouter()
sessions = Sessions()


@router.post("/login")
async def login(
    request: Request,
    response: Response,
    token: str,
    service: AuthService = Depends(get_auth_service),
) -> dict[str, bool]:
    service.set_cookie("session", token)
    sessions.set_cookie(request, response, token, 3600)
    made = get_auth_service(response)
    made.set_cookie("refresh", token)
    direct = AuthService(response)
    direct.set_cookie("remember", token)
    return {"ok": True}
""",
            },
            note="a project class's own `set_cookie` (which sets the flags itself) is not "
            "Starlette's `Response.set_cookie`: receivers resolved through an annotation, a "
            "factory's return type and a constructor; a call passing the request and the "
            "response",
        ),
        snippet(
            """\
from fastapi import APIRouter, Response

router = APIRouter()


@router.post("/login")
async def login(response: Response) -> dict[str, bool]:
    response.set_cookie("session", "opaque-token", httponly=True, secure=True, samesite="lax")
    return {"ok": True}
"""
        ),
        snippet(
            """\
from fastapi import Response

from app.config import settings


def issue(response: Response, token: str, flags: dict) -> None:
    response.set_cookie(
        "session", token, httponly=settings.http_only, secure=settings.secure_cookies
    )
    response.set_cookie("csrf_token", token, secure=True, samesite="strict")
    response.set_cookie("XSRF-TOKEN", token, secure=True)
    response.set_cookie("session", token, **flags)
    response.set_cookie("sid", token, httponly=True, secure=True, samesite="None")
    response.set_cookie("embed", token, httponly=True, secure=settings.secure, samesite="none")
""",
            note="non-literal flags count as set; CSRF cookies may be readable; **kwargs is unknown",
        ),
        snippet(
            """\
from fastapi import Response
from fastapi.responses import RedirectResponse


def logout(response: Response, next_url: str) -> RedirectResponse:
    response.set_cookie("session", "", expires=0)
    response.set_cookie("remember", max_age=0)
    response.set_cookie(key="refresh", value="", max_age=-1, path="/auth")
    response.delete_cookie("session")
    return RedirectResponse(next_url)
""",
            note="a deletion (an empty value that has already expired, as `delete_cookie` "
            "sends) carries nothing for `secure` or `httponly` to protect",
        ),
        snippet(
            """\
from flask import Flask, make_response

app = Flask(__name__)


@app.post("/login")
def login():
    resp = make_response("ok")
    resp.set_cookie("session", "opaque-token")
    return resp
""",
            note="a module that does not import FastAPI or Starlette (Flask here)",
        ),
        snippet(
            """\
from django.http import HttpResponse


def view(request):
    response = HttpResponse("ok")
    response.set_cookie("session", "x")
    return response
""",
            path="app/legacy/views.py",
            note="Django code is not a FastAPI module",
        ),
        snippet(
            """\
from fastapi.testclient import TestClient

from app.main import app


def test_login() -> None:
    client = TestClient(app)
    client.cookies.set("session", "x")
    response = client.get("/")
    response.set_cookie("session", "x")
""",
            path="tests/test_login.py",
            note="test files are not scanned",
        ),
        snippet(
            """\
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

app = FastAPI()
THEMES = ("light", "dark", "contrast")


@app.middleware("http")
async def ui_preferences(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    lang = request.query_params.get("lang") or request.cookies.get("lang")
    if not lang:
        header = request.headers.get("Accept-Language", "en")
        lang = header.split(",")[0].replace("-", "_")
    theme = request.query_params.get("theme")
    response = await call_next(request)
    response.set_cookie(key="lang", value=lang)
    if theme in THEMES:
        response.set_cookie("ui-theme", theme, max_age=31536000)
    response.set_cookie("preferredTimezone", request.headers.get("X-Timezone", "UTC"))
    return response
""",
            note="trap: display preferences (a locale taken from the query, the cookie or "
            "Accept-Language; a theme from a constant list; a time zone) are not credentials: "
            "HttpOnly and Secure protect nothing in them (seen in fastapi-admin)",
        ),
        snippet(
            """\
from fastapi import Form
from fastapi.responses import RedirectResponse

from app.conf import settings


async def set_language(language: str = Form(...)) -> RedirectResponse:
    response = RedirectResponse("/", status_code=302)
    response.set_cookie(
        getattr(settings, "LANGUAGE_COOKIE_NAME", "app_language"), language, samesite="lax"
    )
    response.set_cookie(settings.THEME_COOKIE_NAME, "dark")
    return response
""",
            note="a preference cookie whose name is kept in a setting (read with `getattr` and a "
            "literal default, or as an attribute): the setting's name says what it holds",
        ),
        snippet(
            """\
import json
import urllib.parse

from fastapi import FastAPI, Request, Response
from pydantic import BaseModel

from app.config import settings

app = FastAPI()


class Paths(BaseModel):
    assets: str
    pypi: str


class ClientConfig(BaseModel):
    port: int
    wsUrl: str
    origin: str
    paths: Paths


@app.middleware("http")
async def client_config(request: Request, call_next) -> Response:
    response = await call_next(request)
    config = ClientConfig(
        port=settings.http_port,
        wsUrl="ws-data",
        origin=f"http://localhost:{settings.http_port}",
        paths=Paths(assets="/api/assets", pypi="/python/pypi"),
    )
    response.set_cookie("client", urllib.parse.quote(json.dumps(config.dict())))
    return response
""",
            note="a cookie that hands the page's script its configuration (a port, paths, an "
            "origin built from literals and settings) holds no credential: HttpOnly would "
            "only hide it from the script that reads it (seen in youwol)",
        ),
    )
