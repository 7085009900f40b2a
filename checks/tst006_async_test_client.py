from __future__ import annotations

from collections.abc import Iterator

from auditor import names
from auditor.check import FILE_CLASSES, Check, Example, Hit, Severity
from auditor.facts import Function, qname_of
from auditor.project import Project

UNMAINTAINED = "async_asgi_testclient"
#: Async SQLAlchemy in the application (F2, canonical names).
ASYNC_DB = {
    "sqlalchemy.ext.asyncio.create_async_engine": "create_async_engine",
    "sqlalchemy.ext.asyncio.engine.create_async_engine": "create_async_engine",
    "sqlalchemy.ext.asyncio.AsyncSession": "AsyncSession",
    "sqlalchemy.ext.asyncio.session.AsyncSession": "AsyncSession",
    "sqlalchemy.ext.asyncio.async_sessionmaker": "async_sessionmaker",
    "sqlalchemy.ext.asyncio.session.async_sessionmaker": "async_sessionmaker",
    "sqlmodel.ext.asyncio.session.AsyncSession": "AsyncSession",
}
SYNC_CLIENT = "fastapi.testclient.TestClient"
#: Anything that can build an async client: its presence means the tests are not sync-only.
ASYNC_CLIENTS = ("httpx", "async_asgi_testclient")
FIXTURES = frozenset({"pytest.fixture", "pytest_asyncio.fixture"})


def _is_fixture(fn) -> bool:
    return any(d and qname_of(d) in FIXTURES for d in fn.decorators)


#: A sync test case whose ``setUp`` declares an async route handler named like a test.
_ROUTE_IN_SETUP = """\
import unittest

from fastapi import FastAPI, Request
from fastapi.testclient import TestClient


class TestHeaders(unittest.TestCase):
    def setUp(self) -> None:
        self.app = FastAPI()

        @self.app.post("/echo")
        async def test_echo(request: Request) -> dict[str, str]:
            return dict(request.headers)

        self.client = TestClient(self.app)

    def test_echo_returns_headers(self) -> None:
        self.assertEqual(self.client.post("/echo").status_code, 200)
"""


def _collected_test(project: Project, fn: Function) -> bool:
    """``fn`` is a test pytest collects: a ``test*`` function at the module's top level,
    or a ``test*`` method of a ``Test*`` class or of a ``unittest`` test case; a function
    nested in another (a route handler a test's ``setUp`` declares) is not one."""
    if not fn.name.startswith("test"):
        return False
    if fn.class_qname is None:
        return fn.qname == f"{fn.module}.{fn.name}"
    cls = project.class_(fn.class_qname)
    if cls is None or fn.qname != f"{cls.qname}.{fn.name}":
        return False
    return cls.name.startswith("Test") or any(
        (qname_of(b) or "").endswith("TestCase") for b in cls.bases
    )


class AsyncTestClient(Check):
    """
    ## What it does
    Reports two situations:

    1. any module imports `async_asgi_testclient` (reported at each import);
    2. the application is async end to end — its modules use SQLAlchemy's
       `create_async_engine`, `async_sessionmaker` or `AsyncSession` — while the tests
       drive it only through the sync `fastapi.testclient.TestClient` /
       `starlette.testclient.TestClient` (no `httpx` anywhere in the tests) **and** define at
       least one async fixture or `async def` test.  This is one finding, on the first
       `TestClient` import.

    ## Why is this bad?
    The sync `TestClient` is fine for many projects, and the FastAPI docs use it.  But it
    runs the app in a separate event loop, on another thread.  When the tests also await
    async fixtures — an `AsyncSession`, a seeded async engine — the objects they create
    belong to the test's loop, and the app then uses them from its own: "attached to a
    different loop" errors, or hangs.  [zhanymkanov README] ("Set tests client async
    from day 0") and [ForgeAPI guide] ("Async Test Client from Day 0") advise
    starting with an async client; 004 adds: don't reach for `async_asgi_testclient`, it is
    unmaintained.

    ## Example
    ```python
    from async_asgi_testclient import TestClient


    @pytest.mark.asyncio
    async def test_posts() -> None:
        async with TestClient(app) as client:
            resp = await client.get("/posts")
    ```

    ## Use instead
    ```python
    from httpx import ASGITransport, AsyncClient


    @pytest.mark.asyncio
    async def test_posts() -> None:
        async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
            resp = await client.get("/posts")
    ```
    Wrap the app in `asgi_lifespan.LifespanManager` when it has a lifespan (TST004).

    ## Fix safety
    No automatic fix: moving to `httpx.AsyncClient` turns every test that uses the client
    into an `async def` test that awaits its requests.

    ## Known problems
    Async database use is recognised through the imports of `create_async_engine`,
    `async_sessionmaker` and `AsyncSession` (and calls bound to a name); an async driver
    reached only through a project wrapper library is not seen.  Projects with an async
    app but purely sync tests, which never await anything, are not reported by (2).

    ## References
    - [zhanymkanov README] ("Set tests client async from day 0"; `async_asgi_testclient`
      is unmaintained), [ForgeAPI guide] ("Async Test Client from Day 0")
    - FastAPI docs, "Async Tests"; httpx docs, "ASGI transport"
    """

    id = "TST006"
    name = "async-test-client"
    category = "testing"
    severity = Severity.INFO
    heuristic = True
    file_classes = frozenset(FILE_CLASSES)
    message = "sync test client for an async application"
    fix_title = "Use `httpx.AsyncClient(transport=ASGITransport(app=app))` in the tests"
    sources = ("ForgeAPI guide", "zhanymkanov README")

    def check_project(self, project: Project) -> Iterator[Hit]:
        modules = sorted(project.by_path.values(), key=lambda m: m.path)
        # (1) async_asgi_testclient, anywhere
        for m in modules:
            for imp in m.import_list:
                if imp.module == UNMAINTAINED or imp.module.startswith(UNMAINTAINED + "."):
                    yield Hit(
                        check_id=self.id,
                        path=m.path,
                        line=imp.line,
                        column=imp.column,
                        end_line=imp.end_line,
                        end_column=imp.end_column,
                        message="`async_asgi_testclient` is unmaintained: use `httpx.AsyncClient(transport=ASGITransport(app=app))`",
                    )
        # (2) an async app tested only through the sync TestClient, with async fixtures/tests
        used = self._async_db(project)
        if used is None:
            return
        tests = [m for m in modules if m.file_class == "test" and m.parse_error is None]
        first = None
        for m in tests:
            for imp in m.import_list:
                top = imp.module.split(".", 1)[0]
                if top in ASYNC_CLIENTS:
                    return  # an async client exists (or may: ``import httpx``)
                if first is None and names.canonical(imp.module) == SYNC_CLIENT:
                    first = (m, imp)
        if first is None:
            return
        handlers = {r.function.qname for r in project.routes}
        awaiting = next(
            (
                fn
                for m in tests
                for fn in m.functions.values()
                if fn.is_async
                and fn.qname not in handlers
                and (_is_fixture(fn) or _collected_test(project, fn))
            ),
            None,
        )
        if awaiting is None:
            return
        m, imp = first
        kind = "fixture" if _is_fixture(awaiting) else "test"
        yield Hit(
            check_id=self.id,
            path=m.path,
            line=imp.line,
            column=imp.column,
            end_line=imp.end_line,
            end_column=imp.end_column,
            message=f"the app uses `{used}` and the tests await async code (the {kind} `{awaiting.name}`), but the HTTP "
            "client is the sync `TestClient`: use `httpx.AsyncClient(transport=ASGITransport(app=app))`",
        )

    @staticmethod
    def _async_db(project: Project) -> str | None:
        for m in sorted(project.app_modules, key=lambda m: m.path):
            for imp in m.import_list:
                hit = ASYNC_DB.get(names.canonical(imp.module) or "")
                if hit:
                    return hit
            for inst in m.instances:
                hit = ASYNC_DB.get(qname_of(inst.call) or "")
                if hit:
                    return hit
        return None

    _DB = """\
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

engine = create_async_engine("postgresql+asyncpg://localhost/app")
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)
"""

    bad = (
        Example(
            files={
                "app/__init__.py": "",
                "app/database.py": _DB,
                "tests/test_middleware.py": _ROUTE_IN_SETUP,
                "tests/test_store.py": """\
import unittest


class TestStore(unittest.IsolatedAsyncioTestCase):
    async def test_get(self) -> None:
        self.assertIsNone(None)
""",
            },
            note="an async test of a unittest case, beside a test module whose `setUp` declares "
            "an async route handler named `test_echo`: the message names the test",
            lines=(4,),
        ),
        Example(
            files={
                "tests/test_posts.py": """\
import pytest
from async_asgi_testclient import TestClient

from app.main import app


@pytest.mark.asyncio
async def test_posts() -> None:
    async with TestClient(app) as client:
        resp = await client.get("/posts")
        assert resp.status_code == 200
""",
            },
            lines=(2,),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/database.py": _DB,
                "tests/conftest.py": """\
import pytest_asyncio
from starlette.testclient import TestClient as Client

from app.database import SessionLocal
from app.main import app


@pytest_asyncio.fixture
async def session():
    async with SessionLocal() as s:
        yield s


def client() -> Client:
    return Client(app)
""",
            },
            note="async SQLAlchemy in the app; only the sync client in the tests, with an async fixture",
            lines=(2,),
        ),
        Example(
            files={
                "app/db.py": "import sqlalchemy.ext.asyncio as sa_async\n\nengine = sa_async.create_async_engine('sqlite+aiosqlite://')\n",
                "tests/test_api.py": """\
from fastapi.testclient import TestClient

from app.main import app


async def test_engine() -> None:
    assert TestClient(app) is not None
""",
                "scripts/old_smoke.py": "import async_asgi_testclient\n",
            },
            note="a module alias for create_async_engine; any file importing async_asgi_testclient",
            lines=(1,),
        ),
    )
    good = (
        Example(
            files={
                "tests/test_posts.py": """\
import pytest
from httpx import ASGITransport, AsyncClient

from app.main import app


@pytest.mark.asyncio
async def test_posts() -> None:
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        resp = await client.get("/posts")
        assert resp.status_code == 200
""",
            },
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/database.py": _DB,
                "tests/test_middleware.py": _ROUTE_IN_SETUP,
            },
            note="the only `async def test_*` is a route handler a test's `setUp` declares: "
            "pytest does not collect it, and no test awaits anything",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/database.py": _DB,
                "tests/test_api.py": """\
from fastapi.testclient import TestClient

from app.main import app


def test_root() -> None:
    with TestClient(app) as client:
        assert client.get("/").status_code == 404
""",
            },
            note="an async app with purely sync tests",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/database.py": "from sqlalchemy import create_engine\nfrom sqlalchemy.orm import Session\n\nengine = create_engine('sqlite://')\n",
                "tests/test_api.py": """\
from fastapi.testclient import TestClient

from app.main import app


async def test_root() -> None:
    with TestClient(app) as client:
        assert client.get("/").status_code == 404
""",
            },
            note="a sync database: TestClient is the natural choice",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/database.py": _DB,
                "tests/conftest.py": """\
import httpx
import pytest_asyncio
from fastapi.testclient import TestClient

from app.main import app


@pytest_asyncio.fixture
async def client():
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        yield c


def sync_client() -> TestClient:
    return TestClient(app)
""",
            },
            note="both clients: the async one exists",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/database.py": _DB,
                "tests/fakes.py": """\
class TestClient:
    def __init__(self, app: object) -> None:
        self.app = app


async def test_like_helper() -> None:
    assert TestClient(object()) is not None
""",
            },
            note="a local class named TestClient",
        ),
    )
