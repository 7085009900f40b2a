from __future__ import annotations

import ast
from dataclasses import dataclass

from auditor.check import Check, Severity, snippet
from auditor.walker import ModuleContext

#: Starlette's ``Response.set_cookie`` positional order.
_POSITIONS = {"key": 0, "secure": 6, "httponly": 7, "samesite": 8}
_FRAMEWORKS = ("fastapi", "starlette")


def _argument(node: ast.Call, name: str) -> ast.expr | None:
    for kw in node.keywords:
        if kw.arg == name:
            return kw.value
    i = _POSITIONS[name]
    return node.args[i] if i < len(node.args) else None


def _falsy_literal(node: ast.expr | None) -> bool:
    """Absent, or a literal that is false (``False``, ``None``, ``0``, ``""``)."""
    if node is None:
        return True
    return isinstance(node, ast.Constant) and node.value is not Ellipsis and not node.value


@dataclass
class _State:
    framework: bool = False  # the module imports a web framework


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
    Cookies whose literal name contains `csrf` or `xsrf` skip the `httponly` check: a
    double-submit CSRF cookie must be readable by JavaScript.  Harmless UI-preference
    cookies (theme, language) are still reported: suppress them per line.  Flags passed
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
        key = _argument(node, "key")
        name = key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None
        missing: list[str] = []
        csrf_token = bool(name and ("csrf" in name.lower() or "xsrf" in name.lower()))
        if not csrf_token and _falsy_literal(_argument(node, "httponly")):
            missing.append("`httponly=True`")
        secure = _argument(node, "secure")
        if _falsy_literal(secure):
            missing.append("`secure=True`")
        samesite = _argument(node, "samesite")
        none_site = (
            isinstance(samesite, ast.Constant)
            and isinstance(samesite.value, str)
            and samesite.value.lower() == "none"
        )
        if not missing:
            return
        what = f"cookie `{name}`" if name else "cookie"
        message = f"{what} is set without {' and '.join(missing)}"
        if none_site and _falsy_literal(secure):
            message += ' (browsers reject `samesite="none"` without it)'
        ctx.report(node, message)

    bad = (
        snippet(
            """\
from fastapi import APIRouter, Response

router = APIRouter()


@router.post("/login")
async def login(response: Response) -> dict[str, bool]:
    response.set_cookie("session", "opaque-token")
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
    )
    good = (
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
    )
