from __future__ import annotations

import ast
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity, snippet
from auditor.project import Project
from auditor.walker import ModuleContext

RESPONSE = "fastapi.responses.Response"
#: Responses whose default status is not 200.
NOT_200 = frozenset({"fastapi.responses.RedirectResponse"})


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    function: str | None = None
    callee: str | None = None
    shown: str | None = None


#: Responses that answer a web page.
_PAGES = frozenset({"HTMLResponse", "FileResponse", "TemplateResponse"})


def _not_found_handler(ctx: ModuleContext) -> bool:
    """The ``return`` sits in a handler registered for 404 only
    (``@app.exception_handler(404)``, ``status.HTTP_404_NOT_FOUND``)."""
    fn = next(
        (
            p
            for p in reversed(ctx.parents)
            if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef))
        ),
        None,
    )
    if fn is None:
        return False
    codes = [
        d.args[0]
        for d in fn.decorator_list
        if isinstance(d, ast.Call)
        and isinstance(d.func, ast.Attribute)
        and d.func.attr == "exception_handler"
        and d.args
    ]
    return bool(codes) and all(
        (isinstance(c, ast.Constant) and c.value == 404)
        or (isinstance(c, ast.Attribute) and c.attr == "HTTP_404_NOT_FOUND")
        for c in codes
    )


class ExceptionHandlerWithoutStatus(Check):
    """
    ## What it does
    Finds the exception handlers of the FastAPI apps (`@app.exception_handler(E)`,
    `app.add_exception_handler(E, handler)` and `FastAPI(exception_handlers={E: handler})`)
    and reports a `return` of a response built without a status: a `Response`,
    `JSONResponse`, `PlainTextResponse`, `HTMLResponse`, `ORJSONResponse` (or a project
    subclass) with no `status_code=` keyword and fewer than two positional arguments.

    ## Why is this bad?
    A response without a `status_code` is a **200 OK**.  An exception handler that forgets
    it turns every failure of its exception type into a success: clients read the error
    body as data, caches store it, retries never happen, and monitoring counts no errors.
    The sources always give the status: [Production guide 2026] returns
    `JSONResponse(status_code=404, ...)` for its `RunNotFoundError`, and
    [Production skill 2025] and [Patterns reference] pass
    `status_code=exc.status_code`.

    ## Example
    ```python
    @app.exception_handler(RunNotFoundError)
    async def run_not_found(request: Request, exc: RunNotFoundError) -> JSONResponse:
        return JSONResponse(content={"detail": f"Run {exc.run_id} not found"})
    ```

    ## Use instead
    ```python
    @app.exception_handler(RunNotFoundError)
    async def run_not_found(request: Request, exc: RunNotFoundError) -> JSONResponse:
        return JSONResponse(status_code=404, content={"detail": f"Run {exc.run_id} not found"})
    ```

    ## Fix safety
    No automatic fix: the right status (404, 409, 422, 503...) is domain knowledge.

    ## Known problems
    Only responses constructed in the `return` statement itself are checked: a handler that
    builds the response first and sets `response.status_code` later, or that delegates
    (`return await http_exception_handler(request, exc)`), is not reported.  A
    `RedirectResponse` (307 by default), a call with `**kwargs`, and a project response
    class with its own `__init__` are not reported either, nor is a handler registered for
    404 only (`@app.exception_handler(404)`) that answers a web page (`HTMLResponse`,
    `FileResponse`, `TemplateResponse`): the fallback of a single-page app, whose
    client-side routes answer its `index.html` with 200 on purpose.  Handlers imported from
    libraries (slowapi's `_rate_limit_exceeded_handler`) are not project code.

    ## References
    - [Production guide 2026] (`@app.exception_handler(RunNotFoundError)` with `status_code=404`)
    - [Production skill 2025], [Patterns reference] (`status_code=exc.status_code`)
    - FastAPI docs, "Handling Errors: Install custom exception handlers"
    """

    id = "ERR001"
    name = "exception-handler-without-status"
    category = "errors"
    severity = Severity.ERROR
    message = "exception handler returns a response without a status code (200 OK)"
    fix_title = "Pass the status: `JSONResponse(status_code=..., content=...)`"
    sources = ("Production guide 2026", "Production skill 2025", "Patterns reference")

    def visit_Return(self, node: ast.Return, ctx: ModuleContext) -> None:
        call = node.value
        fn = ctx.function
        if fn is None or not isinstance(call, ast.Call):
            return
        q = ctx.resolve(call.func)
        if not q:
            return
        last = q.rsplit(".", 1)[-1]
        if q.startswith(("fastapi.", "starlette.")):
            if "Response" not in last:
                return
        elif not (ctx.is_project(q) and last[:1].isupper()):
            return  # only a project *class* can be a response subclass (the judge checks)
        if any(kw.arg is None or kw.arg == "status_code" for kw in call.keywords):
            return
        if len(call.args) >= 2 or any(isinstance(a, ast.Starred) for a in call.args):
            return
        if last in _PAGES and _not_found_handler(ctx):
            return  # a single-page app's fallback: its client-side routes answer 200 on purpose
        ctx.report(
            call,
            data=_Data(
                function=fn.qname,
                callee=q,
                shown=call.func.attr
                if isinstance(call.func, ast.Attribute)
                else getattr(call.func, "id", "Response"),
            ),
        )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        if not hits:
            return []
        handlers = project.exception_handlers()
        out: list[Hit] = []
        for h in hits:
            function = h.payload(_Data).function
            if function not in handlers:
                continue
            callee = h.payload(_Data).callee
            if not project.name_is_class(callee, {RESPONSE}) or project.name_is_class(
                callee, NOT_200
            ):
                continue
            cls = project.class_(callee)
            if cls is not None and _defines_init(project, cls):
                continue  # a project response class may set its own default status
            name = function.rsplit(".", 1)[-1]
            h.message = (
                f"exception handler `{name}` returns `{h.payload(_Data).shown}(...)` without `status_code`: "
                "every such error reaches the client as 200 OK"
            )
            out.append(h)
        return out

    bad = (
        snippet(
            """\
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

app = FastAPI()


class RunNotFoundError(Exception):
    def __init__(self, run_id: str) -> None:
        self.run_id = run_id


@app.exception_handler(RunNotFoundError)
async def run_not_found(request: Request, exc: RunNotFoundError) -> JSONResponse:
    return JSONResponse(content={"detail": f"Run {exc.run_id} not found"})
""",
            lines=(14,),
        ),
        Example(
            files={
                "app/errors.py": """\
from fastapi import Request
from starlette import responses
from starlette.responses import PlainTextResponse as Text

from app.responses import ProblemResponse


async def on_value_error(request: Request, exc: ValueError) -> Text:
    return Text("bad value")


async def on_key_error(request: Request, exc: KeyError) -> responses.Response:
    return responses.Response(content=b"missing")


async def on_lookup(request: Request, exc: LookupError) -> ProblemResponse:
    if exc.args:
        return ProblemResponse({"title": "lookup failed"}, 404)
    return ProblemResponse({"title": "lookup failed"})
""",
                "app/responses.py": """\
from fastapi.responses import JSONResponse


class ProblemResponse(JSONResponse):
    media_type = "application/problem+json"
""",
                "app/main.py": """\
from fastapi import FastAPI

from app import errors


def create_app() -> FastAPI:
    application = FastAPI(exception_handlers={KeyError: errors.on_key_error})
    application.add_exception_handler(ValueError, errors.on_value_error)

    @application.exception_handler(LookupError)
    async def local(request, exc):
        return errors.on_lookup(request, exc)

    application.add_exception_handler(LookupError, errors.on_lookup)
    return application


app = create_app()
""",
            },
            note="aliases, starlette classes, a project subclass, every registration form, a factory",
            lines=(9, 13, 19),
        ),
        snippet(
            """\
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse

app = FastAPI()


@app.exception_handler(404)
async def not_found(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": "not found"})


@app.exception_handler(ValueError)
async def bad_value(request: Request, exc: ValueError) -> HTMLResponse:
    return HTMLResponse("<h1>Bad value</h1>")
""",
            note="the other side of the single-page fallback trap: a 404 handler answering "
            "JSON, and a page answered for another error",
            lines=(9, 14),
        ),
    )
    good = (
        snippet(
            """\
from pathlib import Path

from fastapi import FastAPI, Request, status
from fastapi.responses import HTMLResponse, JSONResponse

app = FastAPI()


@app.exception_handler(status.HTTP_404_NOT_FOUND)
async def spa_fallback(request: Request, exc: Exception):
    if request.url.path.startswith("/api"):
        return JSONResponse({"detail": "Not Found"}, status_code=404)
    return HTMLResponse(Path("static/index.html").read_text())
""",
            note="a single-page app's fallback: unknown paths answer its index.html with 200 "
            "for client-side routing (seen in dstack)",
        ),
        snippet(
            """\
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

app = FastAPI()


class RunNotFoundError(Exception):
    def __init__(self, run_id: str) -> None:
        self.run_id = run_id


@app.exception_handler(RunNotFoundError)
async def run_not_found(request: Request, exc: RunNotFoundError) -> JSONResponse:
    return JSONResponse(status_code=404, content={"detail": f"Run {exc.run_id} not found"})
"""
        ),
        snippet(
            """\
from fastapi import FastAPI, HTTPException, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse

app = FastAPI()
EXTRA = {"status_code": 409}


@app.exception_handler(HTTPException)
async def delegate(request: Request, exc: HTTPException):
    return await http_exception_handler(request, exc)


@app.exception_handler(PermissionError)
async def to_login(request: Request, exc: PermissionError) -> RedirectResponse:
    return RedirectResponse("/login")


@app.exception_handler(ValueError)
async def positional(request: Request, exc: ValueError) -> PlainTextResponse:
    return PlainTextResponse(str(exc), 400)


@app.exception_handler(KeyError)
async def built_then_set(request: Request, exc: KeyError) -> JSONResponse:
    response = JSONResponse(content={"detail": "missing"})
    response.status_code = 404

    def fallback() -> JSONResponse:
        return JSONResponse(content={})

    return response


@app.exception_handler(LookupError)
async def from_options(request: Request, exc: LookupError) -> JSONResponse:
    return JSONResponse(content={}, **EXTRA)
""",
            note="delegation, a redirect (307), a positional status, a nested def, **kwargs",
        ),
        snippet(
            """\
from fastapi import APIRouter
from fastapi.responses import JSONResponse
from slowapi import _rate_limit_exceeded_handler
from slowapi.errors import RateLimitExceeded

router = APIRouter()


@router.get("/ping")
async def ping() -> JSONResponse:
    return JSONResponse(content={"pong": True})


def helper() -> JSONResponse:
    return JSONResponse({"ok": True})
""",
            note="routes and helpers may return 200 on purpose",
        ),
        snippet(
            """\
from flask import Flask, jsonify
from starlette.applications import Starlette
from starlette.responses import JSONResponse

flask_app = Flask(__name__)


@flask_app.errorhandler(404)
def not_found(error):
    return jsonify(error="not found")


async def on_error(request, exc):
    return JSONResponse({"detail": "boom"})


star = Starlette(exception_handlers={Exception: on_error})
""",
            note="Flask and plain Starlette apps are not FastAPI apps",
        ),
    )


def _defines_init(project: Project, cls) -> bool:
    for q in [cls.qname, *project.ancestors(cls.qname)]:
        c = project.class_(q)
        if c is not None and "__init__" in c.methods:
            return True
    return False
