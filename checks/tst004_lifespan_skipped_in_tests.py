from __future__ import annotations

import ast
import dataclasses
import textwrap
from dataclasses import dataclass, field
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity, when
from auditor.facts import Call, Function, Seq, arg, dotted_of, is_lit, kwarg, lit, qname_of
from auditor.project import Project
from auditor.walker import ModuleContext

TRANSPORT = "httpx.ASGITransport"
TEST_CLIENT = "fastapi.testclient.TestClient"
LIFESPAN_MANAGER = "asgi_lifespan.LifespanManager"
_ENTER = ("enter_context", "enter_async_context")


def startup_work(project: Project, inst) -> str | None:
    """How the app runs code at startup (``lifespan=``, ``on_startup=``, ``on_event``), or None."""
    e = inst.kw("lifespan")
    if e is not None and not is_lit(e, None):
        fn = project.function(qname_of(e))
        if fn is not None and fn.startup_env_gated:
            return None  # ``if os.getenv("LOAD_ON_START"): ...``: inert unless deployed so
        return "a lifespan"
    e = inst.kw("on_startup")
    if e is not None and not (isinstance(e, Seq) and not e.items) and not is_lit(e, None):
        return "startup handlers"
    for mc in inst.includes:
        if (
            mc.method == "add_event_handler"
            and lit(arg(mc.call, 0) or kwarg(mc.call, "event_type")) == "startup"
        ):
            return "startup handlers"
    if _startup_handlers(project, inst):
        return '`on_event("startup")` handlers'
    return None


def _startup_handlers(project: Project, inst) -> list[Function]:
    """The functions decorated ``@<inst>.on_event("startup")``."""
    out = []
    for m in project.by_path.values():
        if m.file_class not in ("app", "test"):
            continue
        for fn in m.functions.values():
            for dec in fn.decorators:
                if not isinstance(dec, Call) or not (dotted_of(dec) or "").endswith(".on_event"):
                    continue
                if lit(arg(dec, 0) or kwarg(dec, "event_type")) != "startup":
                    continue
                q = qname_of(dec)
                recv = project.app_for(q.rsplit(".", 1)[0]) if q else None
                if recv is None and ".<locals>." in fn.qname and dec.dotted:
                    recv = project.receiver_in_function(
                        dec.dotted.rsplit(".", 1)[0], fn.qname.rsplit(".<locals>.", 1)[0]
                    )
                if recv is inst:
                    out.append(fn)
    return out


#: Methods of a logger that only write a record.
_LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}
)


def startup_only_logs(project: Project, inst) -> bool:
    """The app's startup is only ``on_event("startup")`` handlers, each of whose statements
    writes a line and nothing else (a docstring, ``pass``, ``print(...)``, ``logger.info(...)``
    with arguments that call nothing): skipping it in tests loses that output, no state."""
    if startup_work(project, inst) != '`on_event("startup")` handlers':
        return False
    handlers = _startup_handlers(project, inst)
    return bool(handlers) and all(_only_logs(project.function_source(fn)) for fn in handlers)


def _only_logs(source: str | None) -> bool:
    try:
        tree = ast.parse(textwrap.dedent(source)) if source is not None else None
    except SyntaxError:
        return False
    fn = tree.body[0] if tree is not None and tree.body else None
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    return all(_writes_a_line(stmt) for stmt in fn.body)


def _writes_a_line(stmt: ast.stmt) -> bool:
    """``pass``, a docstring, ``print(...)`` or ``<logger>.info(...)`` whose arguments call
    nothing (an f-string of attributes: ``f"Starting {settings.APP_NAME}"``)."""
    if isinstance(stmt, ast.Pass):
        return True
    if not isinstance(stmt, ast.Expr):
        return False
    call = stmt.value
    if isinstance(call, ast.Constant):
        return isinstance(call.value, str)
    if not isinstance(call, ast.Call):
        return False
    f = call.func
    writes = (isinstance(f, ast.Name) and f.id == "print") or (
        isinstance(f, ast.Attribute)
        and f.attr in _LOG_METHODS
        and isinstance(f.value, ast.Name)
        and "log" in f.value.id.lower()
    )
    arguments = [*call.args, *(k.value for k in call.keywords)]
    return writes and not any(
        isinstance(n, (ast.Call, ast.Await, ast.NamedExpr, ast.Yield, ast.YieldFrom))
        for a in arguments
        for n in ast.walk(a)
    )


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    client: str | None = None
    app: str | None = None
    shown: str | None = None
    signal: str | None = None
    callee: str | None = None


@dataclass
class _State:
    seen: set[tuple[str, str | None]] = field(default_factory=set)  # (signal, app) reported


class LifespanSkippedInTests(Check):
    """
    ## What it does
    When the application (F3) runs code at startup — a `lifespan=` function,
    `on_startup=` handlers or `@app.on_event("startup")` functions — this looks at how the
    tests build their client for that app, and reports:

    - `httpx.ASGITransport(app=app)`, when no test uses `asgi_lifespan.LifespanManager`,
      enters the lifespan by hand (`async with lifespan(app)`), or calls
      `app.router.lifespan_context(app)`;
    - `TestClient(app)` created outside a `with` statement, when no test enters a
      `TestClient` for that app as a context manager (`with TestClient(app) as client`, or
      `with client:` on a client bound or injected as a fixture).

    ## Why is this bad?
    The FastAPI docs warn: "If your application relies on lifespan events, the
    `AsyncClient` won't trigger these events"; `ASGITransport` never sends the ASGI
    lifespan messages.  Starlette's `TestClient` runs the lifespan only when it is used as
    a context manager.  Everything the lifespan prepares — the database engine, shared
    HTTP clients, caches, `app.state` — is then missing in the tests, which fail with
    confusing `AttributeError`s or, worse, silently exercise other code paths than
    production.  [Production skill 2025] builds its app with `lifespan=`, while
    [ForgeAPI guide], [Production skill 2025] and
    [zhanymkanov README] show `ASGITransport` fixtures that never start it.

    ## Example
    ```python
    @pytest_asyncio.fixture
    async def client():
        async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as ac:
            yield ac
    ```

    ## Use instead
    ```python
    from asgi_lifespan import LifespanManager


    @pytest_asyncio.fixture
    async def client():
        async with LifespanManager(app) as manager:
            async with AsyncClient(transport=ASGITransport(app=manager.app), base_url="http://test") as ac:
                yield ac
    ```
    With the sync client: `with TestClient(app) as client: yield client`.

    ## Fix safety
    No automatic fix: starting the lifespan in tests connects to whatever it connects to
    (database, brokers), which may need test configuration first.

    ## Known problems
    A lifespan whose startup does nothing unless an environment variable is set (every
    statement before its `yield` is an `if os.getenv("FLAG"):` block, or `env("FLAG")`
    through a helper) is inert under tests: skipping it changes nothing, so it is not
    reported (a suite that sets the variable is not detected).  An app whose startup is only `on_event("startup")` handlers that write a line
    and nothing else (`print(...)`, `logger.info(...)` with arguments that call nothing) is
    reported as information: the tests lose that output, no state.  An app whose lifespan
    only logs is still reported; suppress the finding on the fixture to document the
    decision.  Only clients whose app resolves to the project's FastAPI
    instance (or to a call of a factory that returns one) are checked: an app received as
    a fixture parameter is not, nor is a global name read inside a function that a `def` or
    `class` of the module rebinds (a fixture `def app(): yield app` below the import: when
    the function runs, the name holds that fixture).  `AsyncClient(app=app)` is TST001's
    finding, not this one.

    ## References
    - FastAPI docs, "Async Tests" (lifespan and `AsyncClient`) and "Testing Events:
      lifespan and startup - shutdown"
    - [Production skill 2025] (app with `lifespan=`); [ForgeAPI guide],
      [Production skill 2025], [zhanymkanov README] (`ASGITransport` fixtures)
    - asgi-lifespan (`LifespanManager`)
    """

    id = "TST004"
    name = "lifespan-skipped-in-tests"
    category = "testing"
    severity = Severity.WARNING
    heuristic = True
    file_classes = frozenset({"test"})
    message = "the test client does not run the app's lifespan"
    fix_title = "Wrap the client in `asgi_lifespan.LifespanManager` (or `with TestClient(app)`)"
    sources = ("ForgeAPI guide", "Production skill 2025", "zhanymkanov README")

    def _app_ref(self, node: ast.AST | None, ctx: ModuleContext) -> str | None:
        """The qualified name of the app expression: the app, or a factory whose call made it."""
        if isinstance(node, ast.Call):
            return ctx.resolve(node.func)
        if isinstance(node, (ast.Name, ast.Attribute)):
            q = ctx.resolve(node)
            if q is None and isinstance(node, ast.Name):
                q = ctx.local_call_binding(node.id)
            return q
        return None

    @when(callees=(LIFESPAN_MANAGER, TRANSPORT, TEST_CLIENT), names=("lifespan_context", "startup"))
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and (
            func.attr == "lifespan_context"
            or (
                func.attr == "startup"
                and isinstance(func.value, ast.Attribute)
                and func.value.attr == "router"
            )
        ):
            self._signal(node, "manual", None, ctx)
            return
        q = ctx.resolve(func)
        if q == LIFESPAN_MANAGER:
            self._signal(node, "manual", None, ctx)
            return
        if q not in (TRANSPORT, TEST_CLIENT):
            return
        app_node = next(
            (kw.value for kw in node.keywords if kw.arg == "app"),
            node.args[0] if node.args else None,
        )
        # (a global read in a function resolves to the module's last binding of it: a
        # fixture ``def app()`` below the import, not the app)
        ref = self._app_ref(app_node, ctx)
        parent = ctx.parent
        entered = (isinstance(parent, ast.withitem) and parent.context_expr is node) or (
            isinstance(parent, ast.Call)
            and isinstance(parent.func, ast.Attribute)
            and parent.func.attr in _ENTER
        )
        if q == TEST_CLIENT and entered:
            self._signal(node, "with_client", ref, ctx)
            return
        name = "ASGITransport" if q == TRANSPORT else "TestClient"
        shown = ast.unparse(app_node)[:40] if app_node is not None else "app"
        if q == TRANSPORT and not any(kw.arg == "app" for kw in node.keywords):
            shown = f"ASGITransport({shown})"
        elif q == TRANSPORT:
            shown = f"ASGITransport(app={shown})"
        ctx.report(
            node,
            "",
            data=_Data(client=name, app=ref, shown=shown),
        )

    def _signal(self, node: ast.AST, signal: str, app: str | None, ctx: ModuleContext) -> None:
        """A project-wide fact for the judge, recorded once per module."""
        seen = ctx.state(_State).seen
        if (signal, app) not in seen:
            seen.add((signal, app))
            ctx.report(
                node,
                "",
                data=_Data(signal=signal, app=app),
            )

    def _with(self, node: ast.With | ast.AsyncWith, ctx: ModuleContext) -> None:
        for item in node.items:
            expr = item.context_expr
            if isinstance(expr, ast.Call):
                q = ctx.resolve(expr.func)
                if q is not None and ctx.is_project(q):
                    ctx.report(
                        expr,
                        "",
                        data=_Data(signal="entered", callee=q),
                    )
            elif isinstance(expr, ast.Name):
                # ``with client:`` on a TestClient bound here, or injected as a fixture
                bound = ctx.local_call_binding(expr.id)
                fn = ctx.function
                is_param = fn is not None and any(p.name == expr.id for p in fn.params)
                if bound == TEST_CLIENT or (bound is None and is_param):
                    self._signal(expr, "with_client", None, ctx)

    def visit_With(self, node: ast.With, ctx: ModuleContext) -> None:
        self._with(node, ctx)

    def visit_AsyncWith(self, node: ast.AsyncWith, ctx: ModuleContext) -> None:
        self._with(node, ctx)

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        signals = [h for h in hits if h.payload(_Data).signal]
        findings = [h for h in hits if not h.payload(_Data).signal]
        if not findings:
            return []
        manual = any(h.payload(_Data).signal == "manual" for h in signals) or any(
            (called := project.function(h.payload(_Data).callee)) is not None
            and project.in_lifespan(called.qname)
            for h in signals
            if h.payload(_Data).signal == "entered"
        )
        if not manual:
            manual = any(
                imp.module == LIFESPAN_MANAGER or imp.module == "asgi_lifespan"
                for m in project.by_path.values()
                if m.file_class == "test"
                for imp in m.import_list
            )
        entered_apps = [
            project.app_of(h.payload(_Data).app)
            for h in signals
            if h.payload(_Data).signal == "with_client"
        ]
        out: list[Hit] = []
        work_of: dict[int, str | None] = {}
        logs_only: dict[int, bool] = {}
        for h in findings:
            inst = project.app_of(h.payload(_Data).app)
            if inst is None:
                continue
            if id(inst) not in work_of:
                work_of[id(inst)] = startup_work(project, inst)
            work = work_of[id(inst)]
            if work is None:
                continue
            shown = h.payload(_Data).shown or "app"
            if id(inst) not in logs_only:
                logs_only[id(inst)] = startup_only_logs(project, inst)
            where = f"`{inst.qname}`" + (", which only log" if logs_only[id(inst)] else "")
            if h.payload(_Data).client == "ASGITransport":
                if manual:
                    continue
                message = (
                    f"`{shown}` never runs the app's startup ({work} on {where}): "
                    "wrap the app in `asgi_lifespan.LifespanManager`"
                )
            else:
                if any(a is None or a is inst for a in entered_apps):
                    continue
                message = (
                    f"`TestClient({shown})` outside a `with` block never runs the app's startup ({work} on "
                    f"{where}): use `with TestClient({shown}) as client:`"
                )
            severity = Severity.INFO if logs_only[id(inst)] else h.severity
            out.append(dataclasses.replace(h, message=message, severity=severity))
        return out

    _APP = """\
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.ready = True
    yield


app = FastAPI(lifespan=lifespan)
"""

    bad = (
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": _APP,
                "tests/conftest.py": """\
import pytest_asyncio
from httpx import ASGITransport, AsyncClient

from app.main import app


@pytest_asyncio.fixture
async def client():
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as ac:
        yield ac
""",
            },
            lines=(9,),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": """\
from fastapi import FastAPI

app = FastAPI()


@app.on_event("startup")
async def connect() -> None:
    app.state.db = object()
""",
                "tests/test_api.py": """\
from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


def test_root() -> None:
    assert client.get("/").status_code == 404
""",
            },
            note='an `on_event("startup")` handler; a module-level TestClient never entered',
            lines=(5,),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": """\
import logging

from fastapi import FastAPI

app = FastAPI()
logger = logging.getLogger(__name__)
NAME = "api"


@app.on_event("startup")
async def announce() -> None:
    \"\"\"Say hello.\"\"\"
    print(f"Starting {NAME}")
    logger.info("ready: %s", NAME)
""",
                "app/audit.py": """\
from fastapi import FastAPI

app = FastAPI()


@app.on_event("startup")
async def announce() -> None:
    print(f"audit {load()}")


def load() -> str:
    return "ok"
""",
                "tests/test_api.py": """\
from httpx import ASGITransport, AsyncClient

from app import audit
from app.main import app


async def test_root() -> None:
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as c:
        assert (await c.get("/")).status_code == 404
    async with AsyncClient(transport=ASGITransport(app=audit.app), base_url="http://t") as c:
        assert (await c.get("/")).status_code == 404
""",
            },
            note="startup handlers that only write a line: reported as information (the tests "
            "lose that output); one whose line calls a function does more, and stays a warning",
            lines=(8, 10),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/factory.py": """\
from fastapi import FastAPI

from app.lifespan import lifespan


def create_app() -> FastAPI:
    app = FastAPI(lifespan=lifespan)
    return app
""",
                "app/lifespan.py": "from contextlib import asynccontextmanager\n\n\n@asynccontextmanager\nasync def lifespan(app):\n    yield\n",
                "tests/test_api.py": """\
import httpx

from app.factory import create_app


async def test_root() -> None:
    app = create_app()
    transport = httpx.ASGITransport(app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        assert (await c.get("/")).status_code == 404
""",
            },
            note="an app built by a project factory; the positional form",
            lines=(8,),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/env.py": "import os\n\n\ndef env(name: str, default: object = None) -> object:\n    return os.environ.get(name, default)\n",
                "app/main.py": """\
import os
from contextlib import asynccontextmanager
from threading import Thread

from fastapi import FastAPI

from app.env import env


def load() -> None:
    return None


@asynccontextmanager
async def lifespan(app: FastAPI):
    "Load the data on start."
    if env("LOAD_ON_START"):
        Thread(target=load).start()
    if os.getenv("WARM") and not os.environ.get("NO_WARM"):
        load()
    app.state.ready = True
    yield


app = FastAPI(lifespan=lifespan)
""",
                "tests/test_api.py": """\
import os

from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


def test_root() -> None:
    assert client.get("/").status_code == 404
""",
            },
            note="the same gates, then unconditional startup work: reported",
            lines=(7,),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": _APP,
                "tests/test_api.py": """\
import pytest
from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


@pytest.fixture
def app():
    yield app
""",
            },
            note="the other side of the fixture-rebinding trap: read at import time, before the "
            "`def` runs, the name is still the imported app",
            lines=(6,),
        ),
    )
    good = (
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": _APP,
                "tests/conftest.py": """\
import pytest
from fastapi.testclient import TestClient

from app.main import app


@pytest.fixture
def client():
    return TestClient(app)


@pytest.fixture
def app():
    yield app
""",
            },
            note="a fixture `def app()` rebinds the imported name: when `client` runs, `app` "
            "is that fixture function, not the FastAPI app",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": _APP,
                "tests/conftest.py": """\
import pytest_asyncio
from asgi_lifespan import LifespanManager
from httpx import ASGITransport, AsyncClient

from app.main import app


@pytest_asyncio.fixture
async def client():
    async with LifespanManager(app) as manager:
        async with AsyncClient(transport=ASGITransport(app=manager.app), base_url="http://test") as ac:
            yield ac
""",
            },
            note="LifespanManager",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": _APP,
                "tests/conftest.py": """\
import pytest
from fastapi.testclient import TestClient

from app.main import app, lifespan


@pytest.fixture
def client():
    with TestClient(app) as c:
        yield c


@pytest.fixture
async def started():
    async with lifespan(app):
        yield app
""",
                "tests/test_more.py": """\
import httpx
from fastapi.testclient import TestClient

from app.main import app

plain = TestClient(app)


async def test_root(started) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        assert (await c.get("/")).status_code == 404
""",
            },
            note="`with TestClient(app)` exists for that app; the lifespan entered by hand",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "tests/conftest.py": """\
from fastapi.testclient import TestClient
from httpx import ASGITransport

from app.main import app

client = TestClient(app)
transport = ASGITransport(app=app)
""",
            },
            note="no lifespan and no startup handlers",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": _APP,
                "tests/test_api.py": """\
from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


def test_root() -> None:
    with client:
        assert client.get("/").status_code == 404
""",
            },
            note="the client is entered later with `with client:`",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": _APP,
                "tests/conftest.py": """\
import pytest
from httpx import ASGITransport, AsyncClient


@pytest.fixture
def transport(app):
    return ASGITransport(app=app)


class ASGITransportStub:
    def __init__(self, app: object) -> None:
        self.app = app


def make(app_module):
    return ASGITransportStub(app=app_module.app)
""",
            },
            note="an app received as a fixture parameter; a look-alike class",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": """\
from flask import Flask

app = Flask(__name__)
""",
                "tests/test_flask.py": "from httpx import ASGITransport\n\nfrom app.main import app\n\nt = ASGITransport(app=app)\n",
            },
            note="not a FastAPI app",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/env.py": "import os\n\n\ndef env(name: str, default: object = None) -> object:\n    return os.environ.get(name, default)\n",
                "app/main.py": """\
import os
from contextlib import asynccontextmanager
from threading import Thread

from fastapi import FastAPI

from app.env import env


def load() -> None:
    return None


@asynccontextmanager
async def lifespan(app: FastAPI):
    "Load the data on start."
    if env("LOAD_ON_START"):
        Thread(target=load).start()
    if os.getenv("WARM") and not os.environ.get("NO_WARM"):
        load()
    yield


app = FastAPI(lifespan=lifespan)
""",
                "tests/test_api.py": """\
import os

from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


def test_root() -> None:
    assert client.get("/").status_code == 404
""",
            },
            note="a lifespan that does nothing unless an environment variable is set: inert under "
            "tests, skipping it changes nothing (H6 lilac)",
        ),
    )
