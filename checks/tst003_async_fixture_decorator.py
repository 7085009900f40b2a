from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity, snippet, when
from auditor.project import Project
from auditor.walker import ModuleContext

PYTEST_FIXTURE = "pytest.fixture"
ASYNC_FIXTURES = frozenset({"pytest_asyncio.fixture"})
#: Since 0.19 the default mode is *strict*; before it, async fixtures were run without a
#: dedicated decorator ("auto", then "legacy" mode).
STRICT_SINCE = (0, 19)
_AUTO_OPT = re.compile(r"--asyncio-mode(?:=|\s+)[\"']?auto\b")
_INI_FILES = (("pytest.ini", "pytest"), ("setup.cfg", "tool:pytest"), ("tox.ini", "pytest"))


def _unquote(value: str) -> str:
    return value.strip().strip("\"'").strip().lower()


def options_in(project: Project, folder: str) -> dict[str, str]:
    """pytest ini options of the config files in ``folder`` ("" is the root)."""
    if not folder:
        return dict(project.configs.pytest_options)
    out: dict[str, str] = {}
    configs = project.configs
    pyproject = f"{folder}/pyproject.toml"
    if project.repo.exists(pyproject):
        data = configs.toml(pyproject) or {}
        ini = ((data.get("tool") or {}).get("pytest") or {}).get("ini_options")
        if isinstance(ini, dict):
            for k, v in ini.items():
                out.setdefault(k, " ".join(map(str, v)) if isinstance(v, list) else str(v))
    for name, section in _INI_FILES:
        path = f"{folder}/{name}"
        parser = configs.ini(path) if project.repo.exists(path) else None
        if parser is not None and parser.has_section(section):
            for k, v in parser.items(section):
                out.setdefault(k, v)
    return out


def is_auto(options: dict[str, str]) -> bool:
    if re.match(r"^auto\b", _unquote(options.get("asyncio_mode", ""))):
        return True  # ``auto`` (an inline ``# comment`` may follow in an ini file)
    return bool(_AUTO_OPT.search(options.get("addopts", "")))


def auto_mode_for(project: Project, path: str) -> bool:
    """Some pytest config at the root or in a folder above ``path`` sets auto mode (or
    pytest-trio's ``trio_mode``, which runs the async fixtures itself)."""
    parent = PurePosixPath(path).parent
    while True:
        folder = "" if parent.as_posix() == "." else parent.as_posix()
        options = options_in(project, folder)
        if is_auto(options) or _unquote(options.get("trio_mode", "")) in ("true", "1", "yes"):
            return True
        if not folder:
            return False
        parent = parent.parent


def pinned_version(inventory, name: str) -> tuple[int, ...] | None:
    """A locked or ``==``-pinned version (a lower bound says nothing about the mode)."""
    from auditor.inventory import normalize

    if normalize(name) in inventory.locked:
        return inventory.version(name)
    for r in inventory.declared(name):
        if re.search(r"==\s*[0-9]", r.spec):
            return inventory.version(name)
    return None


def _import_after_pytest(module, add_import):
    """``import pytest_asyncio`` right after the module's own pytest import (isort order),
    else where ``add_import`` puts it; nothing when it is already imported."""
    import libcst as cst

    body = list(module.body)
    anchor = None
    for i, stmt in enumerate(body):
        if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
            continue
        small = stmt.body[0]
        if isinstance(small, cst.Import):
            for alias in small.names:
                name = module.code_for_node(alias.name)
                if name == "pytest_asyncio" and alias.asname is None:
                    return module
                if name == "pytest":
                    anchor = i
        elif (
            isinstance(small, cst.ImportFrom)
            and small.module is not None
            and not small.relative
            and module.code_for_node(small.module) == "pytest"
        ):
            anchor = i
    if anchor is None:
        return add_import(module, "pytest_asyncio")
    body.insert(anchor + 1, cst.parse_statement("import pytest_asyncio\n"))
    return module.with_changes(body=body)


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    fixture: str | None = None
    signal: str | None = None


@dataclass
class _State:
    seen: set[str] = field(default_factory=set)  # signals already reported


class AsyncFixtureDecorator(Check):
    """
    ## What it does
    In test files, flags an `async def` fixture declared with `@pytest.fixture` (bare or
    called, through any import alias) when the project runs pytest-asyncio in *strict*
    mode.  That is the case when all of these hold:

    - pytest-asyncio is a declared dependency (F8), or the tests use
      `@pytest.mark.asyncio`;
    - no pytest config (`pytest.ini`, `[tool.pytest.ini_options]`, `setup.cfg
      [tool:pytest]`, `tox.ini [pytest]`, at the root or in a folder above the test file)
      sets `asyncio_mode = auto` or passes `--asyncio-mode=auto` in `addopts`;
    - the tests do not use the AnyIO pytest plugin (no `pytest.mark.anyio`, no
      `anyio_backend` fixture), which runs async fixtures for its own tests.

    ## Why is this bad?
    pytest-asyncio runs in strict mode by default since 0.19: it only drives async fixtures
    declared with `@pytest_asyncio.fixture`.  Under plain `@pytest.fixture`, an `async def`
    fixture has been deprecated since pytest-asyncio 0.25 and is slated to become an error;
    pytest ≥ 8.4 warns when a test requests an async fixture that no plugin handles, and
    the test then receives an un-awaited coroutine or async generator instead of the
    client, so it fails in confusing ways.

    [ForgeAPI guide], [Production skill 2025] and [zhanymkanov README]
    all write `@pytest.fixture async def client()` next to `@pytest.mark.asyncio`: that
    only works with `asyncio_mode = "auto"`, which none of them shows.

    ## Example
    ```python
    import pytest


    @pytest.fixture
    async def client():
        async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as ac:
            yield ac
    ```

    ## Use instead
    ```python
    import pytest_asyncio


    @pytest_asyncio.fixture
    async def client():
        async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as ac:
            yield ac
    ```
    Or switch the whole suite to auto mode in `pyproject.toml`:
    `[tool.pytest.ini_options]` `asyncio_mode = "auto"`.

    ## Fix safety
    The decorator is rewritten to `pytest_asyncio.fixture`, keeping its arguments
    (`scope=`, `params=`, `autouse=` ...), and `import pytest_asyncio` is added.  This is
    what auto mode does for the fixture, so the fix is safe; the one-line config change
    above is the alternative when many fixtures are affected.

    ## Known problems
    The mode can also be set on the command line, in CI scripts, in the
    `PYTEST_ADDOPTS` environment variable or from a `pytest_configure` hook, which the
    auditor cannot see: suppress the finding (or set the mode in the config file) then.  A
    project locked or `==`-pinned to pytest-asyncio older than 0.19, whose default mode
    still ran such fixtures, is not reported; nor is a project whose pytest config sets
    pytest-trio's `trio_mode`.

    ## References
    - [ForgeAPI guide], [Production skill 2025], [zhanymkanov README]
      (`@pytest.fixture async def client()` with `@pytest.mark.asyncio`)
    - pytest-asyncio docs, "Modes" and the 0.25 changelog; pytest 8.4 changelog
    - FastAPI docs, "Async Tests" (AnyIO's `pytest.mark.anyio`)
    """

    id = "TST003"
    name = "async-fixture-decorator"
    category = "testing"
    severity = Severity.WARNING
    heuristic = True
    file_classes = frozenset({"test"})
    message = "async fixture declared with `@pytest.fixture`"
    fix_title = 'Use `@pytest_asyncio.fixture` (or set `asyncio_mode = "auto"`)'
    sources = ("ForgeAPI guide", "Production skill 2025", "zhanymkanov README")

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef, ctx: ModuleContext) -> None:
        for dec in node.decorator_list:
            func = dec.func if isinstance(dec, ast.Call) else dec
            if ctx.resolve(func) != PYTEST_FIXTURE:
                continue
            ctx.report(
                dec,
                f"async fixture `{node.name}` uses `@pytest.fixture`: in pytest-asyncio's strict mode it is never "
                'awaited; use `@pytest_asyncio.fixture` or set `asyncio_mode = "auto"`',
                fixable=True,
                fix_title="Use `@pytest_asyncio.fixture`",
                data=_Data(fixture=node.name),
            )
            return
        if node.name == "anyio_backend":
            self._signal(node, "anyio", ctx)

    def visit_FunctionDef(self, node: ast.FunctionDef, ctx: ModuleContext) -> None:
        if node.name == "anyio_backend":
            self._signal(node, "anyio", ctx)

    @when(names=("asyncio", "anyio"))
    def visit_Attribute(self, node: ast.Attribute, ctx: ModuleContext) -> None:
        if node.attr not in ("asyncio", "anyio"):
            return
        q = ctx.resolve(node)
        if q == "pytest.mark.asyncio":
            self._signal(node, "asyncio", ctx)
        elif q == "pytest.mark.anyio":
            self._signal(node, "anyio", ctx)

    def _signal(self, node: ast.AST, signal: str, ctx: ModuleContext) -> None:
        """A project-wide fact for the judge, recorded once per module."""
        seen = ctx.state(_State).seen
        if signal not in seen:
            seen.add(signal)
            ctx.report(
                node,
                "",
                data=_Data(signal=signal),
            )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        signals = {h.payload(_Data).signal for h in hits}
        findings = [h for h in hits if not h.payload(_Data).signal]
        if not findings or "anyio" in signals:
            return []
        if not (project.inventory.has("pytest-asyncio") or "asyncio" in signals):
            return []
        version = pinned_version(project.inventory, "pytest-asyncio")
        if version is not None and version < STRICT_SINCE:
            return []
        return [h for h in findings if not auto_mode_for(project, h.path or "")]

    def fix(self, source: str, hit: Hit, project: Project) -> str | None:
        import libcst as cst

        from auditor.fixes import add_import, locate, parse_module, replace_node

        module = parse_module(source)
        found = locate(module, cst.Decorator, hit.line)
        if len(found) != 1:
            return None
        dec = found[0]
        target = cst.Attribute(value=cst.Name("pytest_asyncio"), attr=cst.Name("fixture"))
        expr = dec.decorator
        new_expr = expr.with_changes(func=target) if isinstance(expr, cst.Call) else target
        module = replace_node(module, dec, dec.with_changes(decorator=new_expr))
        return _import_after_pytest(module, add_import).code

    _PYPROJECT = '[project]\nname = "svc"\ndependencies = ["fastapi"]\n\n[dependency-groups]\ndev = ["pytest", "pytest-asyncio", "httpx"]\n'

    bad = (
        Example(
            files={
                "pyproject.toml": _PYPROJECT,
                "tests/conftest.py": """\
import pytest
from httpx import ASGITransport, AsyncClient

from app.main import app


@pytest.fixture
async def client():
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as ac:
        yield ac


@pytest.fixture(scope="module", autouse=True)
async def seed() -> None:
    return None
""",
            },
            lines=(7, 13),
            fixes=(
                """\
--- a/tests/conftest.py
+++ b/tests/conftest.py
@@ -1,3 +1,4 @@
 import pytest
+import pytest_asyncio
 from httpx import ASGITransport, AsyncClient
 
@@ -5,5 +6,5 @@
 
 
-@pytest.fixture
+@pytest_asyncio.fixture
 async def client():
     async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as ac:
""",
                """\
--- a/tests/conftest.py
+++ b/tests/conftest.py
@@ -1,3 +1,4 @@
 import pytest
+import pytest_asyncio
 from httpx import ASGITransport, AsyncClient
 
@@ -11,5 +12,5 @@
 
 
-@pytest.fixture(scope="module", autouse=True)
+@pytest_asyncio.fixture(scope="module", autouse=True)
 async def seed() -> None:
     return None
""",
            ),
        ),
        Example(
            files={
                "tests/test_orders.py": """\
from pytest import fixture, mark


@fixture
async def order_id() -> int:
    return 1


@mark.asyncio
async def test_order(order_id) -> None:
    assert order_id == 1
""",
                "requirements.txt": "pytest\n",
            },
            note="no declared pytest-asyncio, but `pytest.mark.asyncio` is used; `from pytest import fixture`",
            lines=(4,),
            fixes=(
                """\
--- a/tests/test_orders.py
+++ b/tests/test_orders.py
@@ -1,6 +1,7 @@
 from pytest import fixture, mark
+import pytest_asyncio
 
 
-@fixture
+@pytest_asyncio.fixture
 async def order_id() -> int:
     return 1
""",
            ),
        ),
        Example(
            files={
                "pyproject.toml": _PYPROJECT
                + '\n[tool.pytest.ini_options]\nasyncio_mode = "strict"\naddopts = "-ra"\n',
                "tests/api/conftest.py": """\
import pytest as pt


class TestUsers:
    @pt.fixture()
    async def user(self) -> dict:
        return {"id": 1}
""",
            },
            note="strict mode set explicitly; a module alias; a method fixture",
            lines=(5,),
            fixes=(
                """\
--- a/tests/api/conftest.py
+++ b/tests/api/conftest.py
@@ -1,7 +1,8 @@
 import pytest as pt
+import pytest_asyncio
 
 
 class TestUsers:
-    @pt.fixture()
+    @pytest_asyncio.fixture()
     async def user(self) -> dict:
         return {"id": 1}
""",
            ),
        ),
    )
    good = (
        Example(
            files={
                "pyproject.toml": _PYPROJECT
                + '\n[tool.pytest.ini_options]\nasyncio_mode = "auto"\n',
                "tests/conftest.py": """\
import pytest


@pytest.fixture
async def client():
    yield None
""",
            },
            note="auto mode in pyproject.toml",
        ),
        Example(
            files={
                "pytest.ini": "[pytest]\naddopts = -ra --asyncio-mode=auto\n",
                "requirements-dev.txt": "pytest-asyncio==0.24.0\n",
                "tests/conftest.py": "import pytest\n\n\n@pytest.fixture\nasync def client():\n    yield None\n",
            },
            note="--asyncio-mode=auto in addopts (pytest.ini)",
        ),
        Example(
            files={
                "services/api/pyproject.toml": '[project]\nname = "api"\n\n[tool.pytest.ini_options]\nasyncio_mode = "auto"\n',
                "services/api/tests/conftest.py": "import pytest\n\n\n@pytest.fixture\nasync def client():\n    yield None\n",
                "requirements-dev.txt": "pytest-asyncio\n",
            },
            note="auto mode set by the pytest config of the sub-project",
        ),
        Example(
            files={
                "pyproject.toml": _PYPROJECT,
                "tests/conftest.py": """\
import pytest
import pytest_asyncio


@pytest_asyncio.fixture
async def client():
    yield None


@pytest.fixture
def settings() -> dict:
    return {}
""",
            },
            note="the pytest-asyncio decorator; sync fixtures",
        ),
        Example(
            files={
                "pyproject.toml": _PYPROJECT,
                "tests/conftest.py": """\
import pytest


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def client():
    yield None


@pytest.mark.anyio
async def test_root(client) -> None:
    assert client is None
""",
            },
            note="the AnyIO plugin runs the async fixtures of its tests",
        ),
        Example(
            files={
                "tests/conftest.py": "import pytest\n\n\n@pytest.fixture\nasync def client():\n    yield None\n",
                "requirements-dev.txt": "pytest\npytest-trio\n",
            },
            note="pytest-asyncio is not used at all",
        ),
        Example(
            files={
                "tests/conftest.py": "import pytest\n\n\n@pytest.fixture\nasync def client():\n    yield None\n",
                "requirements-dev.txt": "pytest-asyncio==0.18.3\n",
            },
            note="pytest-asyncio pinned before 0.19 (no strict default)",
        ),
        snippet(
            """\
import pytest


class fixture_registry:
    fixture = staticmethod(lambda f: f)


pytest_stub = fixture_registry()


@pytest_stub.fixture
async def client():
    return None


@pytest.fixture
async def not_a_test_file():
    return None
""",
            path="app/helpers.py",
            note="look-alike decorators; application modules are not scanned",
        ),
    )
