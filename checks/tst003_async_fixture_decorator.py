from __future__ import annotations

import ast
import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity, snippet, when
from auditor.lazyre import lazy_compile
from auditor.project import Project
from auditor.walker import ModuleContext

PYTEST_FIXTURE = "pytest.fixture"
ASYNC_FIXTURES = frozenset({"pytest_asyncio.fixture"})
#: Since 0.19 the default mode is *strict*; before it, async fixtures were run without a
#: dedicated decorator ("auto", then "legacy" mode).
STRICT_SINCE = (0, 19)
_AUTO_OPT = lazy_compile(r"--asyncio-mode(?:=|\s+)[\"']?auto\b")
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


def configured_for(project: Project, path: str) -> bool:
    """Some pytest configuration (a ``pytest.ini``, ``[tool.pytest.ini_options]``,
    ``setup.cfg [tool:pytest]``, ``tox.ini [pytest]``) is in the tree at the root or in a
    folder above ``path``: pytest would read it, whatever it sets."""
    configs = project.configs
    parent = PurePosixPath(path).parent
    while True:
        folder = "" if parent.as_posix() == "." else parent.as_posix()
        prefix = f"{folder}/" if folder else ""
        if project.repo.exists(f"{prefix}pytest.ini"):
            return True
        if project.repo.exists(f"{prefix}pyproject.toml"):
            data = configs.toml(f"{prefix}pyproject.toml") or {}
            if isinstance(((data.get("tool") or {}).get("pytest") or {}).get("ini_options"), dict):
                return True
        for name, section in _INI_FILES[1:]:
            if project.repo.exists(prefix + name):
                parser = configs.ini(prefix + name)
                if parser is not None and parser.has_section(section):
                    return True
        if not folder:
            return False
        parent = parent.parent


#: Marks that hand an async test to a plugin: a test carrying one says nothing of the mode.
_ASYNC_MARKS = frozenset({"pytest.mark.asyncio", "pytest.mark.anyio", "pytest.mark.trio"})
#: Collection hooks that can add marks to the tests they collect.
_MARKING_HOOKS = frozenset(
    {"pytest_collection_modifyitems", "pytest_pycollect_makeitem", "pytest_itemcollected"}
)
#: Test modules of the suite whose async tests carry no mark, from which on the suite shows
#: it runs in auto mode (one such module may be a test that is broken in strict mode).
AUTO_SHOWN_MODULES = 2


def _marks(decorators: list[ast.expr], ctx: ModuleContext) -> tuple[bool, bool]:
    """(an async mark is among ``decorators``, every decorator is a ``pytest.mark``)."""
    marked, only_marks = False, True
    for dec in decorators:
        q = ctx.resolve(dec.func if isinstance(dec, ast.Call) else dec) or ""
        if q in _ASYNC_MARKS:
            marked = True
        elif not q.startswith("pytest.mark."):
            only_marks = False
    return marked, only_marks


def _pytestmark(body: list[ast.stmt], ctx: ModuleContext) -> bool:
    """A ``pytestmark = ...`` assignment in ``body`` names an async mark."""
    for stmt in body:
        if isinstance(stmt, ast.Assign):
            targets, value = stmt.targets, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            targets, value = [stmt.target], stmt.value
        else:
            continue
        if not any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in targets):
            continue
        for node in ast.walk(value):
            if isinstance(node, ast.Attribute) and ctx.resolve(node) in _ASYNC_MARKS:
                return True
    return False


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
    #: how the fixture's own module uses its name (:func:`_uses_in_module`): "none" (never
    #: requested there), "awaited" (every test or fixture that requests it awaits it),
    #: "" (anything else, or an autouse fixture, which runs unrequested)
    uses: str = ""


def _fixture_name(node: ast.AsyncFunctionDef, dec: ast.expr) -> str:
    """The name tests request the fixture by: the decorator's ``name=``, else the function's."""
    if isinstance(dec, ast.Call):
        for kw in dec.keywords:
            if kw.arg == "name" and isinstance(kw.value, ast.Constant):
                return str(kw.value.value)
    return node.name


def _autouse(dec: ast.expr) -> bool:
    """``@pytest.fixture(autouse=...)`` with anything but a literal false: it runs unasked."""
    if not isinstance(dec, ast.Call):
        return False
    return any(
        kw.arg == "autouse" and not (isinstance(kw.value, ast.Constant) and not kw.value.value)
        for kw in dec.keywords
    )


def _uses_in_module(tree: ast.Module, fixture: ast.AsyncFunctionDef, name: str) -> str:
    """How the module outside the fixture's own ``def`` uses ``name``: "none" when nothing
    writes it (no parameter, name, attribute or string: pytest injects a fixture only into
    a parameter of its name, ``usefixtures("x")`` or ``getfixturevalue("x")``), "awaited"
    when the fixture returns a plain coroutine (no ``yield``) and each function taking it
    as a parameter awaits it (``session = await setup_session``), its only uses; "" else.
    Strict mode hands such users the coroutine, which they await themselves: the setup
    runs, and ``@pytest_asyncio.fixture`` would hand them a value their ``await`` breaks."""
    inside = {id(n) for n in ast.walk(fixture)}
    generator = any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in ast.walk(fixture))
    users: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
    loads: list[ast.Name] = []
    for node in ast.walk(tree):
        if id(node) in inside:
            continue
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            params = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
            if any(a.arg == name for a in params):
                if generator or not _awaits_only(node, name):
                    return ""
                users.append(node)
        elif isinstance(node, ast.Name) and node.id == name:
            loads.append(node)
        elif (isinstance(node, ast.Constant) and node.value == name) or (
            isinstance(node, ast.Attribute) and node.attr == name
        ):
            return ""
    in_users = {id(n) for user in users for n in ast.walk(user)}
    if any(id(n) not in in_users for n in loads):
        return ""
    return "awaited" if users else "none"


def _awaits_only(user: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    """Every load of ``name`` in ``user``'s body is the operand of an ``await``, and there
    is at least one."""
    awaited = {
        id(n.value)
        for n in ast.walk(user)
        if isinstance(n, ast.Await) and isinstance(n.value, ast.Name) and n.value.id == name
    }
    loads = [n for n in ast.walk(user) if isinstance(n, ast.Name) and n.id == name]
    return bool(loads) and all(id(n) in awaited for n in loads)


@dataclass
class _State:
    seen: set[str] = field(default_factory=set)  # signals already reported
    #: the module is also a script (``if __name__ == "__main__":``) and marks all its tests
    #: (a ``pytestmark``): computed once, on the first async test
    script: bool | None = None
    module_marked: bool = False


def _requested_unawaited(findings: list[Hit], project: Project) -> list[Hit]:
    """The findings whose fixture some test may request and not await: a fixture nothing
    requests (no use of its name in its module, no other Python file writing it) never
    runs, and one whose only users await it works in strict mode as written (its
    advice would break them); a fixture another file names may be requested there."""
    quiet = [h for h in findings if h.payload(_Data).uses]
    if not quiet:
        return findings
    where: dict[str, set[str]] = {}
    for path, found in project.files_naming(h.payload(_Data).fixture or "" for h in quiet).items():
        for name in found:
            where.setdefault(name, set()).add(path)
    return [
        h
        for h in findings
        if not h.payload(_Data).uses
        or where.get(h.payload(_Data).fixture or "", set()) - {h.path or ""}
    ]


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

    A fixture of a test module (not a `conftest.py`, not autouse) that no test there
    requests and no other file names never runs; one whose every user awaits it (`sid =
    await setup_session`, a plain coroutine, no `yield`) works in strict mode as written:
    neither is reported.

    An installed distribution (an unpacked wheel or sdist, F12) often ships its tests but
    not the repository's pytest configuration.  Where no configuration is in the tree above
    a test file, the suite's own code tells the mode: async tests that pytest collects with
    no `asyncio` (or `anyio`, `trio`) mark, in at least two test modules (not modules that are
    also scripts, and no collection hook of the suite adds marks), run only in auto mode, and
    the rule stays silent; fixtures declared with `@pytest_asyncio.fixture` show a
    strict-mode suite, reported as above; when nothing shows the mode, the finding is an
    **info** at medium confidence that names the missing configuration.  Tests marked
    `@pytest.mark.asyncio` do not show it: they rule out auto mode, but pytest-asyncio
    before 0.19 needed the marks too and ran such fixtures, and the version pin (a
    `requirements-test.txt`) is left out of the distribution with the configuration.

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
            q = ctx.resolve(func)
            if q in ASYNC_FIXTURES:
                self._signal(node, "strict-fixture", ctx)
                return
            if q != PYTEST_FIXTURE:
                continue
            ctx.report(
                dec,
                f"async fixture `{node.name}` uses `@pytest.fixture`: in pytest-asyncio's strict mode it is never "
                'awaited; use `@pytest_asyncio.fixture` or set `asyncio_mode = "auto"`',
                fixable=True,
                fix_title="Use `@pytest_asyncio.fixture`",
                data=_Data(fixture=node.name, uses=self._uses(node, dec, ctx)),
            )
            return
        if node.name == "anyio_backend":
            self._signal(node, "anyio", ctx)
        elif node.name.startswith("test") and self._unmarked_test(node, ctx):
            self._signal(node, "unmarked", ctx)

    @staticmethod
    def _uses(node: ast.AsyncFunctionDef, dec: ast.expr, ctx: ModuleContext) -> str:
        """:func:`_uses_in_module` for a module-level fixture of a test module (a
        ``conftest.py`` shares its fixtures with every test below it) that is not autouse;
        "" (unknown) for any other."""
        tree = ctx.tree
        if PurePosixPath(ctx.path).name == "conftest.py":
            return ""
        if tree is None or _autouse(dec) or node not in tree.body:
            return ""
        if _fixture_name(node, dec) != node.name:
            return ""  # requested by another name: its uses are not searched for
        return _uses_in_module(tree, node, node.name)

    def _unmarked_test(self, node: ast.AsyncFunctionDef, ctx: ModuleContext) -> bool:
        """``node`` is an async test pytest collects (in a ``test_*.py`` / ``*_test.py``
        module, at module level or in a ``Test*`` class without bases) that no async mark
        covers (its own, its class's, its module's ``pytestmark``), with no decorator but
        ``pytest.mark``s (another may wrap it in a loop of its own), in a module that is not
        also a script (a ``__main__`` block may run its coroutines itself).  Under strict
        mode such a test does not run: the suite that has them runs in auto mode."""
        name = PurePosixPath(ctx.path).name
        if not (name.startswith("test_") or name.endswith("_test.py")):
            return False
        marked, only_marks = _marks(node.decorator_list, ctx)
        if marked or not only_marks:
            return False
        scope = ctx.scope
        if scope.kind == "class":
            cls = scope.node
            if (
                not isinstance(cls, ast.ClassDef)
                or not cls.name.startswith("Test")
                or cls.bases
                or scope.parent is None
                or scope.parent.kind != "module"
            ):
                return False
            cls_marked, cls_only = _marks(cls.decorator_list, ctx)
            if cls_marked or not cls_only or _pytestmark(cls.body, ctx):
                return False
        elif scope.kind != "module":
            return False
        state = ctx.state(_State)
        if state.script is None:
            tree = ctx.tree
            body = tree.body if tree is not None else []
            state.script = any(
                isinstance(stmt, ast.If) and "__main__" in ast.unparse(stmt.test) for stmt in body
            )
            state.module_marked = _pytestmark(body, ctx)
        return not (state.script or state.module_marked)

    def visit_FunctionDef(self, node: ast.FunctionDef, ctx: ModuleContext) -> None:
        if node.name == "anyio_backend":
            self._signal(node, "anyio", ctx)
        elif node.name in _MARKING_HOOKS and ctx.lines_say(b"asyncio", node):
            self._signal(node, "marking-hook", ctx)

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
        findings = [h for h in findings if not auto_mode_for(project, h.path or "")]
        findings = _requested_unawaited(findings, project)
        dist = project.installed_distribution
        if dist is None or not findings:
            return findings
        # a distribution ships its tests without the repository's pytest configuration: where
        # none is in the tree, the suite's own code tells the mode
        unknown = [h for h in findings if not configured_for(project, h.path or "")]
        if not unknown:
            return findings
        unmarked = {h.path for h in hits if h.payload(_Data).signal == "unmarked"}
        if len(unmarked) >= AUTO_SHOWN_MODULES and "marking-hook" not in signals:
            # async tests without a mark in several modules: they run in auto mode only
            return [h for h in findings if h not in unknown]
        if "strict-fixture" in signals:
            return findings  # `@pytest_asyncio.fixture` beside it: a strict-mode suite
        # marked tests rule out auto mode, not pytest-asyncio before 0.19, whose default mode
        # needed the marks too and ran such fixtures: the version is in the missing files
        return [h for h in findings if h not in unknown] + [
            self._unconfigured(h, dist) for h in unknown
        ]

    @staticmethod
    def _unconfigured(hit: Hit, dist: str) -> Hit:
        """The finding at info, medium confidence, naming the configuration it could not see."""
        fixture = hit.payload(_Data).fixture
        return dataclasses.replace(
            hit,
            message=(
                f"async fixture `{fixture}` uses `@pytest.fixture`, and the project's pytest "
                f"configuration is not in the audited tree (an installed distribution, `{dist}`, "
                'ships the tests without it): unless it sets `asyncio_mode = "auto"` (or the '
                "project pins pytest-asyncio before 0.19), pytest-asyncio's strict mode never "
                "awaits the fixture; use `@pytest_asyncio.fixture`"
            ),
            severity=Severity.INFO,
            confidence="medium",
        )

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

    _WHEEL_METADATA = "Metadata-Version: 2.1\nName: svc\nRequires-Dist: pytest-asyncio\n"
    _PLAIN_FIXTURE = "import pytest\n\n\n@pytest.fixture\nasync def client():\n    yield None\n"
    _PLAIN_FIXTURE_FIX = """\
--- a/svc/tests/conftest.py
+++ b/svc/tests/conftest.py
@@ -1,6 +1,7 @@
 import pytest
+import pytest_asyncio
 
 
-@pytest.fixture
+@pytest_asyncio.fixture
 async def client():
     yield None
"""
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
        Example(
            files={
                "svc-1.0.dist-info/METADATA": _WHEEL_METADATA,
                "svc/tests/conftest.py": _PLAIN_FIXTURE,
                "svc/tests/test_db.py": "import pytest_asyncio\n\n\n@pytest_asyncio.fixture\n"
                "async def db():\n    yield None\n\n\nasync def test_db(db) -> None:\n"
                "    assert db is None\n",
            },
            note="an unpacked wheel ships its tests without the pytest configuration; the suite's "
            "other fixtures use `@pytest_asyncio.fixture` (one unmarked test is no pattern): "
            "strict mode (seen in cognee); warning",
            lines=(4,),
            fixes=(_PLAIN_FIXTURE_FIX,),
        ),
        Example(
            files={
                "svc-1.0.dist-info/METADATA": _WHEEL_METADATA,
                "svc/tests/conftest.py": _PLAIN_FIXTURE,
            },
            note="a wheel's tests without their configuration, and nothing in the suite shows the "
            "mode: info, naming the configuration it could not see",
            lines=(4,),
            fixes=(_PLAIN_FIXTURE_FIX,),
        ),
        Example(
            files={
                "svc-1.0.dist-info/METADATA": _WHEEL_METADATA,
                "svc/tests/conftest.py": _PLAIN_FIXTURE,
                "svc/tests/test_db.py": "import pytest\n\n\n@pytest.mark.asyncio\n"
                "async def test_db(client) -> None:\n    assert client is None\n",
            },
            note="a wheel's tests marked `@pytest.mark.asyncio` without their configuration: "
            "the marks rule out auto mode, not a pytest-asyncio before 0.19 pinned in the files "
            "the wheel leaves out: info, naming the configuration it could not see",
            lines=(4,),
            fixes=(_PLAIN_FIXTURE_FIX,),
        ),
        Example(
            files={
                "pyproject.toml": _PYPROJECT,
                "tests/test_orders.py": """\
import pytest


@pytest.fixture
async def order_id() -> str:
    return "o-1"


@pytest.mark.asyncio
async def test_ship(order_id) -> None:
    assert order_id == "o-1"
""",
            },
            note="the other side of the awaited-fixture and unrequested-fixture traps: a test "
            "requests the fixture and uses its value, an un-awaited coroutine in strict mode",
            lines=(4,),
            fixes=(
                """\
--- a/tests/test_orders.py
+++ b/tests/test_orders.py
@@ -1,6 +1,7 @@
 import pytest
+import pytest_asyncio
 
 
-@pytest.fixture
+@pytest_asyncio.fixture
 async def order_id() -> str:
     return "o-1"
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
        Example(
            files={
                "svc-1.0.dist-info/METADATA": _WHEEL_METADATA,
                "svc/tests/conftest.py": _PLAIN_FIXTURE,
                "svc/tests/test_items.py": "import pytest\n\n\n@pytest.mark.asyncio\n"
                "async def test_marked(client) -> None:\n    assert client is None\n\n\n"
                "async def test_items(client) -> None:\n    assert client is None\n",
                "svc/tests/test_users.py": "class TestUsers:\n"
                "    async def test_users(self, client) -> None:\n        assert client is None\n",
            },
            note="an unpacked wheel ships the tests but not the repository's pytest configuration; "
            "async tests without a mark in several modules run only in auto mode (seen in "
            "port-ocean)",
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
        Example(
            files={
                "pyproject.toml": _PYPROJECT,
                "tests/test_orders.py": """\
import pytest


@pytest.fixture
async def order_id() -> str:
    return "o-1"


@pytest.mark.asyncio
async def test_ship(order_id) -> None:
    ident = await order_id
    assert ident == "o-1"
""",
            },
            note="every test that requests the fixture awaits the coroutine strict mode hands "
            "it: the setup runs, and `@pytest_asyncio.fixture` would break those `await`s",
        ),
        Example(
            files={
                "pyproject.toml": _PYPROJECT,
                "tests/test_orders.py": """\
import pytest


@pytest.fixture
async def order_id() -> str:
    return "o-1"


@pytest.mark.asyncio
async def test_ship() -> None:
    assert "o-1"
""",
            },
            note="a fixture of a test module that no test requests (no parameter, "
            "`usefixtures` or other file names it) never runs: nothing is left un-awaited",
        ),
    )
