from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import NamedTuple

from auditor import names
from auditor.astwalk import walk
from auditor.check import Check, Example, Hit, Severity, snippet, when
from auditor.facts import Call, arg, is_lit, kwarg
from auditor.lazyre import lazy_compile
from auditor.project import Project
from auditor.recognisers import under_dev_condition
from auditor.walker import ModuleContext

_FIELD = frozenset({"pydantic.Field", "pydantic.fields.Field"})

#: A settings class whose ``debug`` field defaults to ``True``, and a wrapper that hands a
#: logger's ``debug`` method on: the bad example's wrapper also hands the field on.
_DEBUG_SETTINGS = """\
from pydantic_settings import BaseSettings


class AppSettings(BaseSettings):
    title: str = "Shop"
    debug: bool = True


settings = AppSettings()
"""
_QUIET_LOG = """\
import logging

from fastapi import FastAPI

from app.config import settings


class QuietLog:
    def __init__(self) -> None:
        self._logger = logging.getLogger("shop")

    def debug(self, msg: str) -> None:
        emit(self._logger.debug, msg)


def emit(write, msg: str) -> None:
    write(msg)


app = FastAPI(title=settings.title)
"""


def _is_true(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    kind: str | None = None
    callee: str | None = None
    receiver: str | None = None
    function: str | None = None
    field: str | None = None


def _is_http_middleware(node: ast.expr) -> bool:
    """``<app>.middleware("http")``."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "middleware"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and node.args[0].value == "http"
    )


def _catches_everything(node: ast.AsyncFunctionDef, ctx: ModuleContext) -> bool:
    """An http middleware (``request, call_next``) that awaits ``call_next`` in a ``try``
    whose handler of every exception (bare, ``Exception``, ``BaseException``) returns a
    response instead of re-raising."""
    params = [*node.args.posonlyargs, *node.args.args]
    if len(params) < 2:
        return False
    call_next = params[-1].arg
    # the name of an awaited ``call_next(...)`` is spelled on a line of its ``try`` (in an
    # ASCII text: identifiers are NFKC-normalised, another spelling could name it)
    spelled = call_next.encode() if ctx.source.isascii() else None
    for stmt in _statements(node.body):
        if not isinstance(stmt, (ast.Try, ast.TryStar)):
            continue
        if spelled is not None and not ctx.lines_say(spelled, stmt):
            continue  # (no ``await call_next(...)`` in it: its body need not be walked)
        awaits = any(
            isinstance(n, ast.Await)
            and isinstance(n.value, ast.Call)
            and isinstance(n.value.func, ast.Name)
            and n.value.func.id == call_next
            for b in stmt.body
            for n in walk(b)
        )
        if not awaits:
            continue
        for handler in stmt.handlers:
            broad = handler.type is None or (
                isinstance(handler.type, ast.Name)
                and handler.type.id in ("Exception", "BaseException")
            )
            body = [n for b in handler.body for n in walk(b)]
            if (
                broad
                and any(isinstance(n, ast.Return) and n.value is not None for n in body)
                and not any(isinstance(n, ast.Raise) for n in body)
            ):
                return True
    return False


def _unread_fields(project: Project, fields: set[str]) -> set[str]:
    """Those of the settings ``fields`` nothing in the project's Python files reads: no
    attribute ``.name`` but a method call ``.name(`` (``logger.debug(...)``) or a logger's
    method referenced (:func:`_read_by_attribute`), no quoted
    ``"name"`` read by name (:func:`_reads_by_name`).  A field is read by attribute, so the
    declaration (``debug: bool = True``) and a keyword ``debug=True`` are no read.  Empty
    when a Python file could not be read (a read may hide there)."""
    if project.unread_python_files():
        return set()
    left = set(fields)
    for path in project.repo.python_files():
        data = project.repo.read_bytes(path)
        if data is None:
            return set()
        for name in [f for f in left if f.encode() in data]:
            word = re.escape(name.encode())
            if _read_by_attribute(data, word) or (
                re.search(rb"[\"']" + word + rb"[\"']", data) and _reads_by_name(data, name)
            ):
                left.discard(name)
        if not left:
            break
    return left


#: A receiver named as a logger (``logger``, ``self._logger``, ``log``, ``LOG``,
#: ``logging``): its ``.debug`` is the logging method, referenced or called.
_LOGGER = lazy_compile(rb"(?:^|_)(?:logger|log|logging)$", re.IGNORECASE)


def _read_by_attribute(data: bytes, word: bytes) -> bool:
    """Whether the source reads ``.word`` as an attribute: not a method call ``.word(``,
    and not the logging method referenced on a logger (``emit(self._logger.debug, msg)``)."""
    for m in re.finditer(rb"(\w*)\s*\.\s*" + word + rb"\b(?!\s*\()", data):
        if not _LOGGER.search(m.group(1)):
            return True
    return False


def _reads_by_name(data: bytes, name: str) -> bool:
    """Whether the source reads ``name`` through a string: ``getattr(x, "name")``,
    ``attrgetter("name")``, ``d["name"]`` or ``d.get("name")`` (a dumped settings dict;
    ``os.environ["name"]`` reads the variable, not the field's default).  The word in any
    other string (a log-level name in a list, a comparison, a dict value) reads nothing.
    True when the source does not parse (a read may hide there)."""
    try:
        tree = ast.parse(data)
    except (SyntaxError, ValueError):
        return True
    for node in walk(tree):
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
            if _is_str(node.slice, name) and not _is_environ(node.value):
                return True
        elif isinstance(node, ast.Call) and _call_reads_by_name(node, name):
            return True
    return False


def _call_reads_by_name(node: ast.Call, name: str) -> bool:
    func = node.func
    if isinstance(func, ast.Name):
        callee = func.id
    elif isinstance(func, ast.Attribute):
        callee = func.attr
    else:
        return False
    if callee == "getattr":
        return len(node.args) > 1 and _is_str(node.args[1], name)
    if callee == "attrgetter":
        return any(_is_str(a, name) for a in node.args)
    if callee == "get" and isinstance(func, ast.Attribute) and not _is_environ(func.value):
        return bool(node.args) and _is_str(node.args[0], name)
    return False


def _is_environ(node: ast.expr) -> bool:
    """``os.environ`` / ``environ``."""
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
        isinstance(node, ast.Name) and node.id == "environ"
    )


def _is_str(node: ast.AST | None, value: str) -> bool:
    return isinstance(node, ast.Constant) and node.value == value


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement of ``body``, nested ones included (a ``try`` is a statement: the
    expressions, most of a function's nodes, need not be walked to find one)."""
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.stmt):
            yield node
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            sub = getattr(node, field, None)
            if isinstance(sub, list):
                stack.extend(sub)


class DebugEnabled(Check):
    """
    ## What it does
    Reports debug mode switched on in the application code:
    - `FastAPI(..., debug=True)` with a literal `True` (import aliases and project
      subclasses of `FastAPI` included);
    - the assignment `app.debug = True` on a FastAPI instance;
    - a settings-class field named `debug` (any case) whose default is the literal `True`
      (also through `Field(True)` / `Field(default=True)`).

    *test* and *tooling* files are not scanned, and `FastAPI(debug=settings.debug)` is not
    reported: the settings default is checked instead.  A settings field nothing reads (no
    attribute `.debug` in the project's Python files but method calls like `log.debug(...)`
    and a logger's method handed on, `emit(self._logger.debug, msg)`; no read by name, `getattr(settings, "debug")`, `values["debug"]` or `values.get("debug")`,
    and no `FastAPI(**...)` that could spread the settings into the app) never reaches the
    app: it is not reported.  The word in another string (a log-level name) reads nothing.  When the module also registers an
    http middleware that awaits `call_next` in a `try` and answers every exception with a
    response (`except Exception: return JSONResponse(..., status_code=500)`), route errors
    never reach the traceback page: the finding is then info, with medium confidence.

    ## Why is this bad?
    In debug mode Starlette answers an unhandled exception with the full traceback, source
    lines included, as the body of the 500 response: anyone who can trigger an error
    reads the application's internals.  A settings default of `debug = True` turns this on
    in every environment that forgets to set the variable, production included.  The
    sources default it to off ([Production guide 2026], [Production skill 2025] and
    [Patterns reference]: `debug: bool = False`).

    ## Example
    ```python
    class Settings(BaseSettings):
        debug: bool = True

    app = FastAPI(debug=True)
    ```

    ## Use instead
    ```python
    class Settings(BaseSettings):
        debug: bool = False

    settings = Settings()
    app = FastAPI(debug=settings.debug)
    ```
    and set `DEBUG=true` only in the local environment.

    ## Fix safety
    No automatic fix: where debug mode is wanted (locally) is an environment decision.

    ## Known problems
    Code in the true branch of an `if` whose test names a debug, dev or local mode
    (`if in_debug_mode(): app = FastAPI(debug=True)`, seen in khoj) is not reported: it runs
    only where that mode is on.

    A debug flag computed at run time (`debug=os.getenv("DEBUG") == "1"`) is not
    evaluated, and a `debug=True` passed through `**kwargs` is not seen.

    ## References
    - [Production guide 2026], [Production skill 2025], [Patterns reference]
      (settings with `debug: bool = False`)
    - Starlette docs, "Applications" (`debug` returns tracebacks on errors)
    """

    id = "PRD008"
    name = "debug-enabled"
    category = "production"
    severity = Severity.WARNING
    message = "debug mode enabled"
    fix_title = "Default debug to `False` and enable it only through the local environment"
    sources = ("Production guide 2026", "Production skill 2025", "Patterns reference")

    # (what it reports needs ``**`` in a call, ``debug=`` or a ``middleware`` attribute)
    @when(says=(b"**", b"debug", b"middleware"))
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        self._registration(node, ctx)
        if any(k.arg is None for k in node.keywords) and (callee := ctx.resolve(node.func)):
            # ``FastAPI(**settings.model_dump())``: a settings field may reach ``debug=``
            # without its name being written
            ctx.report(node, data=_Data(kind="splat", callee=callee))
        kw = next((k for k in node.keywords if k.arg == "debug"), None)
        if kw is None or not _is_true(kw.value):
            return
        if under_dev_condition(ctx, node):
            return  # ``if in_debug_mode(): app = FastAPI(debug=True)``: debug only where it is on
        callee = ctx.resolve(node.func)
        if not callee:
            return
        ctx.report(
            kw,
            "`FastAPI(debug=True)`: unhandled errors return full tracebacks to the client",
            data=_Data(kind="constructor", callee=callee),
        )

    # -- a catch-all http middleware: route errors never reach the debug traceback page ------
    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef, ctx: ModuleContext) -> None:
        if not ctx.lines_say(b"try", node) or not _catches_everything(node, ctx):
            return  # (no line of the function says ``try``: it holds no ``try`` statement)
        registered = any(_is_http_middleware(d) for d in node.decorator_list)
        ctx.report(
            node,
            data=_Data(
                kind="catch-all" if registered else "catch-all-function",
                function=ctx.child_qname(node.name),
            ),
        )

    def _registration(self, node: ast.Call, ctx: ModuleContext) -> None:
        """``app.middleware("http")(handler)`` / ``app.add_middleware(BaseHTTPMiddleware,
        dispatch=handler)``: the handler is registered (judged against the catch-alls)."""
        func = node.func
        target: ast.expr | None = None
        if isinstance(func, ast.Call) and _is_http_middleware(func) and node.args:
            target = node.args[0]
        elif isinstance(func, ast.Attribute) and func.attr == "add_middleware":
            target = next((k.value for k in node.keywords if k.arg == "dispatch"), None)
        if target is not None and (qname := ctx.resolve(target)):
            ctx.report(node, data=_Data(kind="registration", function=qname))

    @when(says=(b"debug",))  # (``<app>.debug = True``)
    def visit_Assign(self, node: ast.Assign, ctx: ModuleContext) -> None:
        # the cheap test first: every assignment of a module comes here
        if not _is_true(node.value) or under_dev_condition(ctx, node):
            return
        for target in node.targets:
            if not (isinstance(target, ast.Attribute) and target.attr == "debug"):
                continue
            recv = target.value
            qname = ctx.resolve(recv)
            callee = None
            if isinstance(recv, ast.Name) and ctx.scope.kind != "module":
                callee = ctx.local_call_binding(recv.id)
            if qname is None and callee is None:
                continue
            text = ast.unparse(target)
            ctx.report(
                node,
                f"`{text} = True` turns on debug mode: unhandled errors return full tracebacks to the client",
                data=_Data(
                    kind="attribute",
                    receiver=qname,
                    callee=callee,
                    function=ctx.enclosing_function_qname(),
                ),
            )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        # modules that register a catch-all http middleware (the carrier hits are facts,
        # never findings)
        catch_alls = {
            h.payload(_Data).function
            for h in hits
            if h.payload(_Data).kind in ("catch-all", "catch-all-function")
        }
        guarded: dict[str | None, str] = {}
        for h in hits:
            d = h.payload(_Data)
            if d.kind == "catch-all" or (d.kind == "registration" and d.function in catch_alls):
                guarded.setdefault(h.path, (d.function or "").rsplit(".", 1)[-1])
        out = []
        splat = any(
            project.name_is_class(d.callee, {names.FASTAPI})
            for h in hits
            if (d := h.payload(_Data)).kind == "splat"
        )
        for h in hits:
            d = h.payload(_Data)
            if d.kind == "constructor":
                if not project.name_is_class(d.callee, {names.FASTAPI}):
                    continue
            elif d.kind == "attribute":
                if not (d.callee and project.name_is_class(d.callee, {names.FASTAPI})):
                    inst = project.app_for(d.receiver)
                    if inst is None or inst.kind != "app":
                        continue
            else:
                continue  # a middleware fact, not a finding
            middleware = guarded.get(h.path)
            if middleware is not None:
                h = replace(
                    h,
                    message=h.message.replace(
                        "unhandled errors return full tracebacks to the client",
                        f"the http middleware `{middleware}` turns route errors into responses, "
                        "so only errors outside it (in other middleware) return tracebacks",
                    ),
                    severity=Severity.INFO,
                    confidence="medium",
                )
            out.append(h)
        return out + self._settings_fields(project, splat)

    def _settings_fields(self, project: Project, splat: bool) -> list[Hit]:
        out = []
        for cls in project.settings_classes:
            module = project.modules.get(cls.module)
            if module is None or module.file_class != "app":
                continue
            for attr in cls.attributes:
                if attr.name.lower() != "debug":
                    continue
                default = attr.default
                if isinstance(default, Call) and default.qname in _FIELD:
                    default = kwarg(default, "default") or arg(default, 0)
                if is_lit(default, True):
                    out.append(
                        self.project_hit(
                            f"settings field `{cls.name}.{attr.name}` defaults to `True`: debug mode is on "
                            "wherever the variable is unset",
                            path=module.path,
                            line=attr.line,
                            column=attr.column,
                            data=_Data(kind="settings", field=attr.name),
                        )
                    )
        if out and not splat:
            # a field nothing reads never reaches ``FastAPI(debug=...)``: debug mode stays off
            unread = _unread_fields(project, {h.payload(_Data).field or "" for h in out})
            out = [h for h in out if h.payload(_Data).field not in unread]
        return out

    bad = (
        Example(
            files={
                "app/config.py": _DEBUG_SETTINGS,
                "app/main.py": _QUIET_LOG + "emit(print, settings.debug)\n",
            },
            note="the field handed on as a value is read: it may reach the app",
            lines=(6,),
        ),
        snippet(
            """\
from fastapi import FastAPI
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    debug: bool = True


settings = Settings()
app = FastAPI(debug=settings.debug)
admin = FastAPI(debug=True)
""",
            lines=(6, 11),
        ),
        snippet(
            """\
import fastapi as fa
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class AppSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="APP_")
    DEBUG: bool = Field(default=True, description="tracebacks")


def create_app() -> fa.FastAPI:
    app = fa.FastAPI(title="Shop")
    app.debug = True
    app.state.verbose = AppSettings().DEBUG
    return app
""",
            note="alias, any case, Field(default=True), attribute set in a factory",
            lines=(8, 13),
        ),
        Example(
            files={
                "app/main.py": """\
from app.core import Api

app = Api(debug=True)
""",
                "app/core.py": """\
from fastapi import FastAPI


class Api(FastAPI):
    pass
""",
            },
            note="a project subclass of FastAPI",
            lines=(3,),
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

app = FastAPI()
""",
                "app/dev.py": """\
from app.main import app

app.debug = True
""",
            },
            note="`app.debug = True` on an imported app",
            lines=(3,),
        ),
        Example(
            files={
                "app/errors.py": """\
import logging

from fastapi import Request
from fastapi.responses import JSONResponse

log = logging.getLogger(__name__)


async def catch_all(request: Request, call_next):
    try:
        return await call_next(request)
    except ValueError as exc:
        return JSONResponse({"error": str(exc)}, status_code=400)
    except Exception:
        log.exception("unhandled")
        return JSONResponse({"error": "internal"}, status_code=500)
""",
                "app/main.py": """\
from fastapi import FastAPI

from app.errors import catch_all

app = FastAPI(debug=True)
app.middleware("http")(catch_all)
""",
            },
            note="compensated: a catch-all http middleware turns route errors into a 500 "
            "response; still reported, at info with medium confidence (errors raised outside "
            "it still show the traceback)",
            lines=(5,),
        ),
        snippet(
            """\
from fastapi import FastAPI, Request

app = FastAPI(debug=True)


@app.middleware("http")
async def log_errors(request: Request, call_next):
    try:
        return await call_next(request)
    except Exception:
        print("failed", request.url)
        raise
""",
            note="a middleware that re-raises catches nothing: warning",
            lines=(3,),
        ),
        snippet(
            """\
from fastapi import FastAPI
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    debug: bool = True


app = FastAPI(**Settings().model_dump())
""",
            note="no `settings.debug` is written, but the fields are spread into `FastAPI(...)`",
            lines=(6,),
        ),
        snippet(
            """\
from fastapi import FastAPI
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    debug: bool = True


def flag(settings: Settings) -> bool:
    return getattr(settings, "debug")


app = FastAPI(debug=flag(Settings()))
""",
            note="read by name through `getattr`",
            lines=(6,),
        ),
        Example(
            files={
                "app/settings.py": """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    DEBUG: bool = True
""",
                "app/main.py": """\
from fastapi import FastAPI

from app.settings import Settings

values = Settings().model_dump()
app = FastAPI(debug=values["DEBUG"])
""",
            },
            note="read by name from the dumped settings",
            lines=(5,),
        ),
    )
    good = (
        Example(
            files={"app/config.py": _DEBUG_SETTINGS, "app/main.py": _QUIET_LOG},
            note="a `debug` field nothing reads, the word only a logger's method handed on "
            "(`emit(self._logger.debug, msg)`, davybot): debug mode stays off",
        ),
        snippet(
            """\
from fastapi import FastAPI

from app.config import in_debug_mode

if in_debug_mode():
    app = FastAPI(debug=True)
else:
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
""",
            note="an app built only in debug mode (seen in khoj): debug there is intended",
        ),
        snippet(
            """\
from fastapi import FastAPI
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    debug: bool = False


settings = Settings()
app = FastAPI(debug=settings.debug)
"""
        ),
        snippet(
            """\
import logging

from flask import Flask
from pydantic import BaseModel
from starlette.applications import Starlette


class Options(BaseModel):
    debug: bool = True


class Config:
    DEBUG = True


flask_app = Flask(__name__)
flask_app.debug = True
flask_app.run(debug=True)
starlette_app = Starlette(debug=True)
logging.basicConfig(level=logging.DEBUG)
""",
            note="Flask, Starlette, a plain Pydantic model, another framework's Config class",
        ),
        snippet(
            """\
import os

from fastapi import FastAPI
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    debug: bool = os.getenv("ENV") == "local"
    debug_sql: bool = True


app = FastAPI(debug=os.getenv("DEBUG") == "1")
""",
            note="computed values, and a field that is not `debug`",
        ),
        Example(
            files={
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "tests/conftest.py": """\
from fastapi import FastAPI

test_app = FastAPI(debug=True)
test_app.debug = True
""",
                "scripts/dev_server.py": """\
from fastapi import FastAPI

app = FastAPI(debug=True)
""",
            },
            note="test and tooling files are skipped",
        ),
        snippet(
            """\
from fastapi import FastAPI


class Holder:
    debug = False


def configure(app: FastAPI, holder: Holder) -> None:
    holder.debug = True
""",
            note="`.debug = True` on something that is not an app",
        ),
        Example(
            files={
                "app/config.py": """\
from pydantic_settings import BaseSettings


class AppSettings(BaseSettings):
    title: str = "Shop"
    debug: bool = True


settings = AppSettings()
""",
                "app/main.py": """\
import logging

from fastapi import FastAPI

from app.config import settings

log = logging.getLogger(__name__)
app = FastAPI(title=settings.title)
log.debug("app built")
""",
            },
            note="a `debug` field nothing reads (fastapi-boiler): `FastAPI(...)` gets no "
            "`debug=`, so debug mode stays off whatever the default",
        ),
        Example(
            files={
                "app/settings.py": """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    NAME: str = "shop"
    DEBUG: bool = True
""",
                "app/logs.py": """\
LEVELS = ["DEBUG", "INFO", "ERROR"]
HANDLER = {"class": "logging.StreamHandler", "level": "DEBUG"}


def console_only(level: str) -> bool:
    return level == "DEBUG"
""",
                "app/main.py": """\
import os

from fastapi import FastAPI

from app.settings import Settings

verbose = os.environ.get("DEBUG") == "1"
app = FastAPI(title=Settings().NAME)
""",
            },
            note="a `DEBUG` field nothing reads, its name only a log level's in strings "
            "(yzcore) or an environment variable's: no read of the field, debug mode stays off",
        ),
    )
