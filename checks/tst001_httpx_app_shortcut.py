from __future__ import annotations

import ast
import dataclasses
import re
from typing import NamedTuple

from auditor.check import FILE_CLASSES, Check, Example, Hit, Severity, snippet, when
from auditor.project import Project
from auditor.walker import ModuleContext

CLIENTS = {"httpx.AsyncClient": "AsyncClient", "httpx.Client": "Client"}
_REMOVED = (0, 28)
_DEPRECATED = (0, 27)


def httpx_version(inventory) -> tuple[tuple[int, ...] | None, bool]:
    """(version, exact): the locked or ``==``-pinned httpx version, else an upper bound
    below 0.28 when one is declared (``<0.28``, ``~=0.27.0``), else (None, False): unknown,
    which installs the newest httpx."""
    from auditor.inventory import normalize

    n = normalize("httpx")
    if n in inventory.locked:
        return inventory.version("httpx"), True
    declared = inventory.declared("httpx")
    for r in declared:
        if re.search(r"==\s*[0-9]", r.spec):
            return inventory.version("httpx"), True
    for r in declared:
        m = re.search(r"~=\s*([0-9]+)\.([0-9]+)\.[0-9]+", r.spec)
        if m:
            return (int(m.group(1)), int(m.group(2))), False
        m = re.search(r"<\s*([0-9][0-9.]*)", r.spec)
        if m:
            upper = tuple(int(x) for x in m.group(1).split(".") if x.isdigit())
            if upper and upper <= _REMOVED:
                lower = inventory.version("httpx")
                return (lower if lower and lower >= _DEPRECATED else (0, 27)), False
    return None, False


def _merge_into_httpx_import(module):
    """Add ``ASGITransport`` to the first single-line module-level ``from httpx import ...``."""
    import libcst as cst

    for i, stmt in enumerate(module.body):
        if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
            continue
        imp = stmt.body[0]
        if not (
            isinstance(imp, cst.ImportFrom)
            and not imp.relative
            and isinstance(imp.module, cst.Name)
            and imp.module.value == "httpx"
            and not isinstance(imp.names, cst.ImportStar)
        ):
            continue
        names = list(imp.names)
        if any(
            isinstance(a.name, cst.Name) and a.name.value == "ASGITransport" and a.asname is None
            for a in names
        ):
            return module
        if imp.lpar is not None:
            return None
        plain = [a.name.value for a in names if isinstance(a.name, cst.Name)]
        new = cst.ImportAlias(name=cst.Name("ASGITransport"))
        at = len(names)
        if plain == sorted(plain):
            at = next(
                (
                    j
                    for j, a in enumerate(names)
                    if isinstance(a.name, cst.Name) and a.name.value > "ASGITransport"
                ),
                len(names),
            )
        names.insert(at, new)
        comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        names = [a.with_changes(comma=comma) for a in names[:-1]] + [
            names[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        ]
        body = list(module.body)
        body[i] = stmt.with_changes(body=[imp.with_changes(names=names)])
        return module.with_changes(body=body)
    return None


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    client: str | None = None
    alias: str | None = None


class HttpxAppShortcut(Check):
    """
    ## What it does
    Flags `httpx.AsyncClient(app=...)` and `httpx.Client(app=...)`: the `app=` shortcut for
    calling an ASGI/WSGI application in-process, usually in a test fixture.  Every Python
    file is scanned (tests, conftest, tooling).  Import aliases are followed
    (`import httpx as hx; hx.AsyncClient(app=app)`).

    ## Why is this bad?
    httpx deprecated `app=` in 0.27.0 and **removed** it in 0.28.0: `AsyncClient(app=app)`
    raises `TypeError: AsyncClient.__init__() got an unexpected keyword argument 'app'` at
    fixture setup, so every test that uses the client errors.  The sources disagree here:
    [Production guide 2026] still shows `AsyncClient(app=app, base_url="http://test")`, while
    [ForgeAPI guide], [Production skill 2025] and [zhanymkanov README] use
    `transport=ASGITransport(app=app)`, which is the current API.

    The severity follows the project's httpx version (F8: lock file, `==` pin, or an upper
    bound such as `<0.28`): error on 0.28 or later; on 0.27.x it is a warning: deprecated,
    and it breaks on upgrade.  When no version is known it is a warning with medium
    confidence: a fresh install gets the newest httpx, where the call fails, but the
    version the project really runs with is not proven.

    ## Example
    ```python
    async with AsyncClient(app=app, base_url="http://test") as ac:
        ...
    ```

    ## Use instead
    ```python
    from httpx import ASGITransport, AsyncClient

    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as ac:
        ...
    ```
    For a synchronous client on a FastAPI app, use `fastapi.testclient.TestClient(app)`.

    ## Fix safety
    For `AsyncClient`, `app=X` is rewritten to `transport=ASGITransport(app=X)`, and
    `ASGITransport` is imported from `httpx` (or reached through your own module alias when
    you wrote `httpx.AsyncClient`).  This is exactly what the shortcut did.  The fix is not
    offered when the call already passes `transport=`.  `httpx.Client(app=...)` is report-only:
    the sync replacement for a FastAPI app is `TestClient`, whose behaviour differs (it runs
    the lifespan when used as a context manager).

    ## Known problems
    A project pinned or locked to httpx older than 0.27 is not reported: there `app=` is
    still the documented API.  A lower bound alone (`httpx>=0.24`) counts as "unknown",
    since it installs the newest release.

    ## References
    - [Production guide 2026] (`AsyncClient(app=app, ...)`, outdated) against
      [ForgeAPI guide], [Production skill 2025], [zhanymkanov README]
      (`transport=ASGITransport(app=app)`)
    - httpx changelog, 0.27.0 (deprecation) and 0.28.0 (removal of `app=`)
    - FastAPI docs, "Async Tests"
    """

    id = "TST001"
    name = "httpx-app-shortcut"
    category = "testing"
    severity = Severity.ERROR
    file_classes = frozenset(FILE_CLASSES)
    message = "httpx client created with the removed `app=` shortcut"
    fix_title = "Use `transport=ASGITransport(app=...)`"
    sources = (
        "Production guide 2026",
        "ForgeAPI guide",
        "Production skill 2025",
        "zhanymkanov README",
    )

    @when(callees=CLIENTS)
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        callee = ctx.resolve(node.func)
        cls = CLIENTS.get(callee or "")
        if cls is None:
            return
        app_kw = next((kw for kw in node.keywords if kw.arg == "app"), None)
        if app_kw is None:
            return
        has_transport = any(kw.arg == "transport" for kw in node.keywords)
        alias = None
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and ctx.resolve(func.value) == "httpx"
        ):
            alias = func.value.id
        fixable = cls == "AsyncClient" and not has_transport
        ctx.report(
            node,
            None,
            fixable=fixable,
            fix_title=None
            if cls == "AsyncClient"
            else "Use `fastapi.testclient.TestClient(app)` (or `httpx.WSGITransport` for WSGI apps)",
            data=_Data(client=cls, alias=alias),
        )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        version, _exact = httpx_version(project.inventory)
        out: list[Hit] = []
        for h in hits:
            cls = h.payload(_Data).client or "AsyncClient"
            head = f"`httpx.{cls}(app=...)`"
            confidence = None
            if version is None:
                # no pin, no lock: a fresh install gets the newest httpx, but the environment
                # the project really runs in is not known, so this is not proven
                message = (
                    f"{head} was removed in httpx 0.28 (deprecated in 0.27): it raises "
                    "`TypeError` with any current httpx (no pinned or locked version found)"
                )
                severity = Severity.WARNING
                confidence = "medium"
            elif version >= _REMOVED:
                shown = ".".join(str(x) for x in version)
                message = f"{head} was removed in httpx 0.28 and raises `TypeError` (httpx {shown})"
                severity = None
            elif version >= _DEPRECATED:
                shown = ".".join(str(x) for x in version[:2]) + ".x"
                message = f"{head} is deprecated; breaks on upgrade to httpx 0.28 (httpx {shown})"
                severity = Severity.WARNING
            else:
                continue  # before 0.27 the shortcut is the documented API
            out.append(
                dataclasses.replace(
                    h, message=message, severity=severity, confidence=confidence or h.confidence
                )
            )
        return out

    def fix(self, source: str, hit: Hit, project: Project) -> str | None:
        import libcst as cst

        from auditor.fixes import add_import, locate, module_code, parse_module

        if hit.payload(_Data).client != "AsyncClient":
            return None
        module = parse_module(source)
        calls = locate(module, cst.Call, hit.line, hit.column)
        if len(calls) != 1:
            return None
        call = calls[0]
        if any(a.keyword is not None and a.keyword.value == "transport" for a in call.args):
            return None
        alias = hit.payload(_Data).alias
        transport_func: cst.BaseExpression = (
            cst.Attribute(value=cst.Name(alias), attr=cst.Name("ASGITransport"))
            if alias
            else cst.Name("ASGITransport")
        )
        new_args = []
        found = False
        for a in call.args:
            if a.keyword is not None and a.keyword.value == "app" and not found:
                found = True
                inner = cst.Call(
                    func=transport_func,
                    args=[cst.Arg(keyword=cst.Name("app"), value=a.value, equal=a.equal)],
                )
                a = a.with_changes(keyword=cst.Name("transport"), value=inner)
            new_args.append(a)
        if not found:
            return None
        module = module.deep_replace(call, call.with_changes(args=new_args))
        if not alias:
            merged = _merge_into_httpx_import(module)
            module = merged if merged is not None else add_import(module, "httpx", "ASGITransport")
        return module_code(module)

    bad = (
        Example(
            files={
                "tests/conftest.py": """\
import pytest_asyncio
from httpx import AsyncClient

from app.main import app


@pytest_asyncio.fixture
async def client():
    async with AsyncClient(app=app, base_url="http://test") as ac:
        yield ac
""",
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            },
            note="no pinned or locked httpx: a warning, not proven",
            lines=(9,),
            fixes=(
                """\
--- a/tests/conftest.py
+++ b/tests/conftest.py
@@ -1,4 +1,4 @@
 import pytest_asyncio
-from httpx import AsyncClient
+from httpx import ASGITransport, AsyncClient
 
 from app.main import app
@@ -7,4 +7,4 @@
 @pytest_asyncio.fixture
 async def client():
-    async with AsyncClient(app=app, base_url="http://test") as ac:
+    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as ac:
         yield ac
""",
            ),
        ),
        Example(
            files={
                "tests/test_api.py": """\
import httpx as hx
import pytest

from app.main import app


@pytest.fixture
def sync_client():
    return hx.Client(app=app, base_url="http://test")


async def test_ping() -> None:
    async with hx.AsyncClient(base_url="http://test", app=app) as ac:
        assert (await ac.get("/ping")).status_code == 200
""",
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "requirements-dev.txt": "httpx==0.27.2\npytest\n",
            },
            note="a module alias; Client is report-only; httpx 0.27 gives a warning",
            lines=(9, 13),
            fixes=(
                """\
--- a/tests/test_api.py
+++ b/tests/test_api.py
@@ -11,4 +11,4 @@
 
 async def test_ping() -> None:
-    async with hx.AsyncClient(base_url="http://test", app=app) as ac:
+    async with hx.AsyncClient(base_url="http://test", transport=hx.ASGITransport(app=app)) as ac:
         assert (await ac.get("/ping")).status_code == 200
""",
            ),
        ),
        Example(
            files={
                "tests/test_ping.py": """\
import httpx

from app.main import app


def test_ping() -> None:
    with httpx.Client(app=app, base_url="http://test") as c:
        assert c.get("/ping").status_code == 200
""",
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "requirements-dev.txt": "httpx==0.28.1\npytest\n",
            },
            note="httpx pinned at 0.28: proven to raise",
            lines=(7,),
        ),
        snippet(
            """\
from httpx import AsyncClient as Client

from app.factory import build


async def smoke() -> int:
    async with Client(app=build(), base_url="http://svc") as c:
        return (await c.get("/health")).status_code
""",
            path="scripts/smoke.py",
            note="tooling files are scanned; the alias `Client` is httpx.AsyncClient",
            lines=(7,),
            fixes=(
                """\
--- a/scripts/smoke.py
+++ b/scripts/smoke.py
@@ -1,3 +1,3 @@
-from httpx import AsyncClient as Client
+from httpx import ASGITransport, AsyncClient as Client
 
 from app.factory import build
@@ -5,4 +5,4 @@
 
 async def smoke() -> int:
-    async with Client(app=build(), base_url="http://svc") as c:
+    async with Client(transport=ASGITransport(app=build()), base_url="http://svc") as c:
         return (await c.get("/health")).status_code
""",
            ),
        ),
    )
    good = (
        Example(
            files={
                "tests/conftest.py": """\
import pytest_asyncio
from httpx import ASGITransport, AsyncClient

from app.main import app


@pytest_asyncio.fixture
async def client():
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as ac:
        yield ac
""",
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            },
        ),
        snippet(
            """\
from fastapi.testclient import TestClient
from starlette.testclient import TestClient as StarletteClient

from app.main import app

client = TestClient(app)
other = StarletteClient(app=app)
""",
            path="tests/test_sync.py",
            note="TestClient(app) is a different API",
        ),
        snippet(
            """\
class AsyncClient:
    def __init__(self, app: object) -> None:
        self.app = app


def make(app: object) -> AsyncClient:
    httpx = AsyncClient(app=app)
    return httpx
""",
            note="a local class named AsyncClient and a local variable named httpx",
        ),
        Example(
            files={
                "tests/test_old.py": """\
from httpx import AsyncClient

from app.main import app


async def test_ping() -> None:
    async with AsyncClient(app=app, base_url="http://test") as ac:
        await ac.get("/ping")
""",
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "pyproject.toml": '[project]\nname = "x"\nversion = "0"\ndependencies = ["httpx==0.24.1"]\n',
            },
            note="httpx pinned before 0.27, where `app=` is the documented API",
        ),
    )
