from __future__ import annotations

import ast
import dataclasses
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, NamedTuple

from auditor import names
from auditor.check import Check, Example, Hit, Severity, snippet, when
from auditor.facts import Call, qname_of
from auditor.project import Project
from auditor.walker import ModuleContext

OVERRIDES = "dependency_overrides"
FIXTURES = frozenset({"pytest.fixture", "pytest_asyncio.fixture"})
#: Functions that pytest / unittest run around every test (or module, class): a cleanup in
#: any of them resets the overrides without being a yield fixture.
SETUP_TEARDOWN = frozenset(
    {
        "setup_function",
        "teardown_function",
        "setup_method",
        "teardown_method",
        "setup_module",
        "teardown_module",
        "setup_class",
        "teardown_class",
        "setUp",
        "tearDown",
        "setUpClass",
        "tearDownClass",
        "asyncSetUp",
        "asyncTearDown",
        "pytest_runtest_setup",
        "pytest_runtest_teardown",
        "pytest_runtest_call",
    }
)
_CLEARING_METHODS = ("clear", "pop", "popitem")
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def _overrides_of(node: ast.AST) -> ast.AST | None:
    """``X`` when ``node`` is ``X.dependency_overrides``."""
    if isinstance(node, ast.Attribute) and node.attr == OVERRIDES:
        return node.value
    return None


def _non_empty_dict(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Dict) and bool(node.keys)


class _Cleanup:
    """What a function body does to reset ``*.dependency_overrides``."""

    __slots__ = ("after_yield", "any", "in_finally", "registered", "yields")

    def __init__(self) -> None:
        self.any = False
        self.after_yield = False
        self.in_finally = False
        self.registered = False  # inside a nested def/lambda, or ``.clear`` passed by reference
        self.yields: list[int] = []

    @property
    def resets(self) -> bool:
        """Reset after the test ran: after a yield, in a finally, or as a finalizer."""
        return self.after_yield or self.in_finally or self.registered


def analyse(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> _Cleanup:
    out = _Cleanup()
    found: list[tuple[int, bool, bool]] = []  # (line, in_finally, nested)

    def is_cleanup(node: ast.AST) -> bool:
        if isinstance(node, ast.Call):
            f = node.func
            return (
                isinstance(f, ast.Attribute)
                and f.attr in _CLEARING_METHODS
                and _overrides_of(f.value) is not None
            )
        if isinstance(node, ast.Delete):
            return any(
                isinstance(t, ast.Subscript) and _overrides_of(t.value) is not None
                for t in node.targets
            )
        if isinstance(node, ast.Assign):
            return any(_overrides_of(t) is not None for t in node.targets) and not _non_empty_dict(
                node.value
            )
        return False

    def visit(node: ast.AST, in_finally: bool, nested: bool) -> None:
        if isinstance(node, (ast.Yield, ast.YieldFrom)) and not nested:
            out.yields.append(node.lineno)
        if is_cleanup(node):
            found.append((getattr(node, "lineno", 0), in_finally, nested))
        elif isinstance(node, ast.Call) and any(
            isinstance(a, ast.Attribute)
            and a.attr in _CLEARING_METHODS
            and _overrides_of(a.value) is not None
            for a in node.args
        ):
            found.append(
                (node.lineno, in_finally, True)
            )  # ``request.addfinalizer(app.dependency_overrides.clear)``
        if isinstance(node, (ast.Try, ast.TryStar)):
            for part in (node.body, node.handlers, node.orelse):
                for child in part:
                    visit(child, in_finally, nested or isinstance(child, _SCOPES))
            for child in node.finalbody:
                visit(child, True, nested or isinstance(child, _SCOPES))
            return
        for sub in ast.iter_child_nodes(node):
            visit(sub, in_finally, nested or isinstance(sub, _SCOPES))

    for stmt in fn.body:
        visit(stmt, False, isinstance(stmt, _SCOPES))
    first_yield = min(out.yields) if out.yields else None
    for line, in_finally, nested in found:
        out.any = True
        out.in_finally |= in_finally
        out.registered |= nested
        if first_yield is not None and line > first_yield:
            out.after_yield = True
    return out


def _shown_key(target: ast.Subscript) -> str:
    """``app.dependency_overrides[get_db]``: how an override's target is shown (and matched)."""
    return f"{ast.unparse(target.value)[:60]}[{ast.unparse(target.slice)[:40]}]"


def reinstalled(fn: ast.FunctionDef | ast.AsyncFunctionDef, teardown: bool) -> set[str]:
    """The overrides ``fn`` sets again once the test ran (``X.dependency_overrides[dep] =
    fake`` after its first ``yield`` or in a ``finally:``, or anywhere in a teardown
    function): the suite restores them after each test, they are its baseline."""
    out: set[str] = set()
    yields = [n.lineno for n in ast.walk(fn) if isinstance(n, (ast.Yield, ast.YieldFrom))]
    first = min(yields) if yields else None

    def visit(node: ast.AST, in_finally: bool) -> None:
        if isinstance(node, _SCOPES) and node is not fn:
            return
        if isinstance(node, ast.Assign):
            after = teardown or in_finally or (first is not None and node.lineno > first)
            for t in node.targets:
                if after and isinstance(t, ast.Subscript) and _overrides_of(t.value) is not None:
                    out.add(_shown_key(t))
        if isinstance(node, (ast.Try, ast.TryStar)):
            for part in (node.body, node.handlers, node.orelse):
                for child in part:
                    visit(child, in_finally)
            for child in node.finalbody:
                visit(child, True)
            return
        for sub in ast.iter_child_nodes(node):
            visit(sub, in_finally)

    visit(fn, False)
    return out


def _fixture(fn: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext) -> tuple[bool, bool]:
    """(is a fixture, is autouse)."""
    for dec in fn.decorator_list:
        func = dec.func if isinstance(dec, ast.Call) else dec
        if ctx.resolve(func) in FIXTURES:
            autouse = isinstance(dec, ast.Call) and any(
                kw.arg == "autouse"
                and isinstance(kw.value, ast.Constant)
                and kw.value.value is True
                for kw in dec.keywords
            )
            return True, autouse
    return False, False


def _per_test_autouse(fn: ast.AST | None, ctx: ModuleContext) -> bool:
    """``fn`` is an autouse fixture of the default (``function``) scope: pytest runs it
    before every test it applies to."""
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    fixture, autouse = _fixture(fn, ctx)
    if not (fixture and autouse):
        return False
    for dec in fn.decorator_list:
        if isinstance(dec, ast.Call):
            for kw in dec.keywords:
                if kw.arg == "scope" and not (
                    isinstance(kw.value, ast.Constant) and kw.value.value == "function"
                ):
                    return False
    return True


def _covers_the_suite(project: Project, path: str, fixture: str) -> bool:
    """The autouse fixture ``fixture`` (defined in ``path``) applies to every test module of
    the project: it is defined in, or imported into, a ``conftest.py`` above all of them,
    or it lives in a fixture plugin module pytest loads for the whole session."""
    module = fixture.rsplit(".", 1)[0]
    folders: list[str] = []
    if PurePosixPath(path).name == "conftest.py":
        folders.append(PurePosixPath(path).parent.as_posix())
    elif module in project.pytest_plugin_modules:
        folders.append(".")
    for p, m in project.by_path.items():
        if PurePosixPath(p).name == "conftest.py" and fixture in m.imports.values():
            folders.append(PurePosixPath(p).parent.as_posix())
    if not folders:
        return False
    tests = [
        p
        for p, m in project.by_path.items()
        if m.file_class == "test"
        and (PurePosixPath(p).name.startswith("test_") or p.endswith("_test.py"))
    ]
    return any(all(f == "." or t.startswith(f + "/") for t in tests) for f in folders)


def _builds_fresh_app(fn: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext) -> bool:
    """``fn`` makes a new ``FastAPI()`` on every call and returns it (``app = FastAPI();
    ...; return app`` or ``return FastAPI(...)``), with no decorator that could cache it:
    overrides set on what it returns die with that instance."""
    if fn.decorator_list:
        return False
    built: set[str] = set()
    returned: list[ast.expr] = []
    for node in ast.walk(fn):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            if ctx.resolve(node.value.func) == names.FASTAPI:
                built.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.Return) and node.value is not None:
            returned.append(node.value)
    if not returned:
        return False
    return all(
        (isinstance(r, ast.Name) and r.id in built)
        or (isinstance(r, ast.Call) and ctx.resolve(r.func) == names.FASTAPI)
        for r in returned
    )


def _is_app(project: Project, ref: str | None) -> bool:
    """``ref`` is the project's FastAPI instance, or a name the project does not define
    (an app module outside the repository): ``dependency_overrides`` is FastAPI's own
    attribute.  A project object that is known not to be an app is rejected."""
    if not ref:
        return False
    if project.app_of(ref) is not None:
        return True
    r = project.resolve(ref)
    if r is None or isinstance(r, str):
        return True
    value = getattr(r, "value", None)  # ``app = build()``: a factory returning ``FastAPI(...)``
    if isinstance(value, Call):
        fn = project.function(qname_of(value))
        if fn is not None:
            made = [fn.returns, *fn.return_values]
            return any(e and qname_of(e) == names.FASTAPI for e in made)
    return False


def _on_path(helper: str, test: str) -> bool:
    """A module whose fixtures and hooks apply to ``test``: the module itself, a
    ``conftest.py`` in its folder or a folder above, or a non-test module of the suite (a
    plugin listed in ``pytest_plugins``)."""
    if helper == test:
        return True
    p = PurePosixPath(helper)
    if p.name == "conftest.py":
        folder = p.parent.as_posix()
        return folder == "." or test.startswith(folder + "/")
    return not (p.name.startswith("test_") or p.name.endswith("_test.py"))


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    app: str | None = None
    shown: str | None = None
    module_level: bool = False
    function: str | None = None
    signal: str | None = None
    #: the override is on a local name bound in the test or fixture itself by this call
    local: str | None = None
    #: the override is set by an autouse fixture of the default scope (its qualified name),
    #: before every test it applies to
    autouse: str | None = None


@dataclass
class _State:
    info: dict[int, Any] = field(default_factory=dict)  # id(function node) -> its analysis
    mentions: bool | None = None  # the module's source mentions dependency_overrides
    builds: bool = False  # the module's source calls `FastAPI(`


class DependencyOverridesNotReset(Check):
    """
    ## What it does
    In test files, flags `app.dependency_overrides[dep] = fake`,
    `app.dependency_overrides.update(...)` (and `|=`, or a reassignment to a non-empty
    dict), where `app` resolves to the project's FastAPI instance (F3) — or to a name
    imported from outside the repository, since `dependency_overrides` is FastAPI's own
    attribute — when nothing resets the overrides afterwards.  A reset is one of:

    - in the same function, after its `yield` or inside a `finally:` block:
      `app.dependency_overrides.clear()`, `.pop(dep…)`, `del app.dependency_overrides[dep]`
      or a reassignment (`= {}`, `= saved`); or a finalizer
      (`request.addfinalizer(app.dependency_overrides.clear)`);
    - a fixture in the same module, in a `conftest.py` on the test's path, or in a fixture
      plugin module of the suite, that clears the overrides after its `yield` (or an
      autouse fixture that clears them at all), or a setup/teardown function
      (`teardown_function`, `tearDown`, `pytest_runtest_teardown` ...) that clears them.

    An override set by an autouse fixture of the default (`function`) scope that applies
    to every test module (defined in, or imported into, a `conftest.py` above all of them,
    or in a fixture plugin module) is not reported either: pytest sets it again before
    every test, so no test can inherit a stale one.

    Overrides made through `monkeypatch.setitem(app.dependency_overrides, dep, fake)` are
    undone by pytest and never reported.  Module-level overrides are reported unless the
    suite restores them itself: a fixture (in the module, or a conftest on its path) that sets
    the same `X.dependency_overrides[dep]` again after its `yield` or in a `finally:`, or a
    teardown function that sets it, makes it the suite's baseline, put back after each test.

    ## Why is this bad?
    `app.dependency_overrides` is a plain dict on the application object, which lives as
    long as the test session.  An override that is never removed leaks into every test that
    runs afterwards: they silently use the fake user, database or settings, and pass or
    fail depending on the order the tests run in (and on `pytest -k`, `-x`, `xdist`
    sharding).  A cleanup at the end of the test body is not enough: it is skipped when an
    assertion fails.  [zhanymkanov README] ("Override dependencies in tests") sets
    the override in an autouse fixture, `yield`s, then calls
    `app.dependency_overrides.clear()`.

    ## Example
    ```python
    def test_list_posts():
        app.dependency_overrides[parse_jwt_data] = fake_user
        ...
    ```

    ## Use instead
    ```python
    @pytest.fixture(autouse=True)
    def _override_auth():
        app.dependency_overrides[parse_jwt_data] = fake_user
        yield
        app.dependency_overrides.clear()
    ```
    Or `monkeypatch.setitem(app.dependency_overrides, parse_jwt_data, fake_user)`.

    ## Fix safety
    No automatic fix: where the reset belongs (this test, a fixture, a conftest) is a
    design choice of the suite.

    ## Known problems
    Only overrides on an app that resolves statically are checked (`from app.main import
    app`, or a local made by a project factory): an app received as a fixture parameter or
    reached through `client.app` is not, nor is a project object that is not a FastAPI
    app.  An app the test or fixture builds itself (`app = FastAPI()`, or a helper of the
    test module, without a decorator, that builds and returns a new `FastAPI()`) is not
    reported: its overrides die with it, no later test can inherit them.  A project
    factory outside the tests is not followed (it may hand out one shared app), so its
    local is still reported.  Any reset found in a conftest on the path, or in
    a fixture of the same module, silences the overrides of the module even if the test does
    not request that fixture.

    ## References
    - [zhanymkanov README] ("Override dependencies in tests": autouse fixture,
      `yield`, `app.dependency_overrides.clear()`)
    - FastAPI docs, "Testing Dependencies with Overrides"
    """

    id = "TST005"
    name = "dependency-overrides-not-reset"
    category = "testing"
    severity = Severity.WARNING
    heuristic = True
    file_classes = frozenset({"test"})
    message = "dependency override is never reset"
    fix_title = "Reset the override after `yield` in a fixture (or use `monkeypatch.setitem`)"
    sources = ("zhanymkanov README",)

    # -- function-level analysis (cached per function node) ------------------------------
    def _info(self, fn: ast.AST, ctx: ModuleContext) -> _Cleanup:
        cache = ctx.state(_State).info
        info = cache.get(id(fn))
        if info is None:
            info = cache[id(fn)] = analyse(fn)  # type: ignore[arg-type]
        return info

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext) -> None:
        state = ctx.state(_State)
        if state.mentions is None:
            state.mentions = OVERRIDES.encode() in ctx.source
            state.builds = b"FastAPI(" in ctx.source
        if state.builds and _builds_fresh_app(node, ctx):
            qname = ctx.scope.qname if ctx.scope.node is node else ctx.child_qname(node.name)
            ctx.report(node, "", data=_Data(signal="fresh", function=qname))
        mentions = state.mentions
        if not mentions:
            return
        fixture, autouse = _fixture(node, ctx)
        teardown = node.name in SETUP_TEARDOWN and "down" in node.name.lower()
        if (fixture or teardown) and ctx.lines_say(OVERRIDES.encode(), node):
            for shown in sorted(reinstalled(node, teardown)):
                ctx.report(node, "", data=_Data(signal="reinstall", shown=shown))
        info = self._info(node, ctx)
        if not info.any:
            return
        if (fixture and (info.resets or autouse)) or node.name in SETUP_TEARDOWN:
            ctx.report(
                node,
                "",
                data=_Data(signal="cleanup", function=node.name),
            )

    def visit_FunctionDef(self, node: ast.FunctionDef, ctx: ModuleContext) -> None:
        self._function(node, ctx)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef, ctx: ModuleContext) -> None:
        self._function(node, ctx)

    # -- overrides ------------------------------------------------------------------------
    def _override(self, stmt: ast.AST, receiver: ast.AST, shown: str, ctx: ModuleContext) -> None:
        q = ctx.resolve(receiver)
        if q is None and isinstance(receiver, ast.Name):
            q = ctx.local_call_binding(receiver.id)
        if q is None:
            return
        scope = ctx.scope
        where = None
        local = None
        if scope.kind == "function" and isinstance(receiver, ast.Name):
            local = scope.calls.get(receiver.id)  # ``app = FastAPI()`` in this test or fixture
        if scope.kind in ("module", "class"):
            module_level = True
        elif scope.kind == "function":
            module_level = False
            if scope.node is not None and self._info(scope.node, ctx).resets:
                return
            where = scope.node.name  # type: ignore[union-attr]
        else:
            return
        autouse = scope.qname if where and _per_test_autouse(scope.node, ctx) else None
        ctx.report(
            stmt,
            "",
            data=_Data(
                app=q,
                shown=shown,
                module_level=module_level,
                function=where,
                local=local,
                autouse=autouse,
            ),
        )

    def visit_Assign(self, node: ast.Assign, ctx: ModuleContext) -> None:
        for target in node.targets:
            if isinstance(target, ast.Subscript):
                recv = _overrides_of(target.value)
                if recv is not None:
                    self._override(node, recv, _shown_key(target), ctx)
            elif _non_empty_dict(node.value):
                recv = _overrides_of(target)
                if recv is not None:
                    self._override(node, recv, f"{ast.unparse(target)[:60]} = {{...}}", ctx)

    def visit_AugAssign(self, node: ast.AugAssign, ctx: ModuleContext) -> None:
        recv = _overrides_of(node.target)
        if recv is not None and isinstance(node.op, ast.BitOr):
            self._override(node, recv, f"{ast.unparse(node.target)[:60]} |= ...", ctx)

    @when(names=("update", "setdefault"))
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("update", "setdefault"):
            recv = _overrides_of(func.value)
            if recv is not None:
                self._override(node, recv, f"{ast.unparse(func)[:60]}(...)", ctx)

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        cleanups = [h.path for h in hits if h.payload(_Data).signal == "cleanup"]
        #: (path, override) a fixture or teardown of that module sets again after each test
        baselines = [
            (h.path or "", h.payload(_Data).shown)
            for h in hits
            if h.payload(_Data).signal == "reinstall"
        ]
        fresh = {names.FASTAPI}
        fresh.update(
            h.payload(_Data).function or "" for h in hits if h.payload(_Data).signal == "fresh"
        )
        out: list[Hit] = []
        for h in hits:
            if h.payload(_Data).signal:
                continue
            if h.payload(_Data).local in fresh:
                continue  # an app built in this test or fixture: its overrides die with it
            if not _is_app(project, h.payload(_Data).app):
                continue
            shown = h.payload(_Data).shown
            if h.payload(_Data).module_level:
                if any(
                    shown == again and _on_path(where, h.path or "") for where, again in baselines
                ):
                    continue  # the suite's baseline: restored after every test that changes it
                message = (
                    f"`{shown}` at module level is never reset: every later test inherits it; "
                    "set it in a fixture that clears it after `yield`"
                )
                out.append(dataclasses.replace(h, message=message))
                continue
            if any(_on_path(c or "", h.path or "") for c in cleanups):
                continue
            autouse = h.payload(_Data).autouse
            if autouse and _covers_the_suite(project, h.path or "", autouse):
                continue  # set again before every test of the suite: its baseline
            message = (
                f"`{shown}` in `{h.payload(_Data).function}` is never reset: later tests inherit the override; "
                "clear it after `yield` (or in `finally`), or use `monkeypatch.setitem`"
            )
            out.append(dataclasses.replace(h, message=message))
        return out

    bad = (
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": "from fastapi import FastAPI\n\n\ndef get_db():\n    yield None\n\n\napp = FastAPI()\n",
                "tests/test_items.py": """\
import pytest

from app.main import app, get_db


@pytest.fixture(autouse=True)
def fake_db():
    app.dependency_overrides[get_db] = lambda: "fake"
    yield


def test_items() -> None:
    assert app.dependency_overrides
""",
                "tests/test_users.py": """\
from app.main import app


def test_users() -> None:
    assert app is not None
""",
            },
            note="trap: an autouse fixture of one test module sets the override before each "
            "of its tests, but the tests of the other modules that run later inherit it",
            lines=(8,),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "app/auth/__init__.py": "",
                "app/auth/dependencies.py": "def parse_jwt_data() -> dict:\n    return {}\n",
                "tests/test_posts.py": """\
from fastapi.testclient import TestClient

from app.auth.dependencies import parse_jwt_data
from app.main import app


def fake_user() -> dict[str, str]:
    return {"user_id": "1"}


def test_list_posts() -> None:
    app.dependency_overrides[parse_jwt_data] = fake_user
    with TestClient(app) as client:
        assert client.get("/posts").status_code == 404
    app.dependency_overrides.clear()
""",
            },
            note="a cleanup at the end of the test body is skipped when an assertion fails",
            lines=(12,),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": "from fastapi import FastAPI\n\n\ndef get_db():\n    yield None\n\n\napp = FastAPI()\n",
                "tests/test_db.py": """\
import pytest
from fastapi.testclient import TestClient

from app.main import app as application, get_db


def override_get_db():
    yield "test-db"


application.dependency_overrides[get_db] = override_get_db


@pytest.fixture
def client():
    application.dependency_overrides.update({get_db: override_get_db})
    with TestClient(application) as c:
        yield c
""",
            },
            note="module level (always reported); an alias; `update()` in a fixture without a reset",
            lines=(11, 16),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/factory.py": "from fastapi import FastAPI\n\n\ndef create_app() -> FastAPI:\n    app = FastAPI()\n    return app\n",
                "tests/api/conftest.py": """\
import pytest

from app.factory import create_app


@pytest.fixture
def app():
    return create_app()
""",
                "tests/api/test_users.py": """\
from app.factory import create_app


def fake() -> None:
    return None


def test_users() -> None:
    app = create_app()
    app.dependency_overrides[fake] = fake
    assert app is not None
""",
                "tests/other/conftest.py": """\
import pytest

from app.factory import create_app


@pytest.fixture(autouse=True)
def reset():
    yield
    create_app().dependency_overrides.clear()
""",
            },
            note="a factory-built app; a cleanup fixture in a conftest that is not on the path",
            lines=(10,),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": "from fastapi import FastAPI\n\n\ndef get_db():\n    yield None\n\n\n"
                "def get_user():\n    return None\n\n\napp = FastAPI()\n",
                "tests/test_api.py": """\
import pytest

from app.main import app, get_db, get_user


def fake_db():
    yield "test-db"


app.dependency_overrides[get_db] = fake_db
app.dependency_overrides[get_user] = dict


@pytest.fixture
def client():
    yield app
    app.dependency_overrides.clear()
    app.dependency_overrides[get_db] = fake_db
""",
            },
            note="a module-level override the fixture clears and does not set again (`get_user`): "
            "later tests lose or inherit it; the re-installed `get_db` is the suite's baseline",
            lines=(11,),
        ),
    )
    good = (
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": "from fastapi import FastAPI\n\n\ndef get_db():\n    yield None\n\n\napp = FastAPI()\n",
                "tests/__init__.py": "",
                "tests/fixtures/__init__.py": "",
                "tests/fixtures/db.py": """\
import pytest

from app.main import app, get_db


@pytest.fixture
def session():
    return "session"


@pytest.fixture(autouse=True)
def use_test_session(session):
    app.dependency_overrides[get_db] = lambda: session
    yield
""",
                "tests/conftest.py": "from .fixtures.db import session, use_test_session\n",
                "tests/api/__init__.py": "",
                "tests/api/test_items.py": """\
from app.main import app


def test_items() -> None:
    assert app.dependency_overrides
""",
                "tests/test_health.py": """\
from app.main import app


def test_health() -> None:
    assert app is not None
""",
            },
            note="an autouse fixture the root `conftest.py` imports sets the override again "
            "before every test of the suite: it is the suite's baseline, no test can inherit "
            "a stale one",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "tests/test_posts.py": """\
import pytest
from fastapi.testclient import TestClient

from app.main import app


def fake_user() -> dict[str, str]:
    return {"user_id": "1"}


def parse_jwt_data() -> None:
    return None


@pytest.fixture(autouse=True)
def _override_auth():
    app.dependency_overrides[parse_jwt_data] = fake_user
    yield
    app.dependency_overrides.clear()


def test_list_posts() -> None:
    with TestClient(app) as client:
        assert client.get("/posts").status_code == 404
""",
            },
            note="the catalogue's fixture: clear after yield",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": "from fastapi import FastAPI\n\n\ndef get_db():\n    yield None\n\n\n"
                "app = FastAPI()\n",
                "tests/test_api.py": """\
import pytest
from fastapi.testclient import TestClient

from app.main import app, get_db


def fake_db():
    yield "test-db"


app.dependency_overrides[get_db] = fake_db


@pytest.fixture
def client():
    with TestClient(app) as c:
        yield c
    app.dependency_overrides.clear()
    app.dependency_overrides[get_db] = fake_db


def test_items(client) -> None:
    assert client.get("/items").status_code == 404
""",
            },
            note="a module-level override that the client fixture sets again after each test: the "
            "suite's deliberate baseline, restored whatever a test changed (seen in memos)",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "tests/conftest.py": """\
import pytest

from app.main import app


@pytest.fixture(autouse=True)
def _reset_overrides():
    yield
    app.dependency_overrides = {}
""",
                "tests/api/test_items.py": """\
from app.main import app


def fake() -> None:
    return None


def test_items() -> None:
    app.dependency_overrides[fake] = fake
""",
            },
            note="a conftest on the path resets after yield",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "it/test_try.py": """\
import pytest

from app.main import app


def fake() -> None:
    return None


def test_try(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.dependency_overrides, fake, fake)


def test_finally() -> None:
    app.dependency_overrides[fake] = fake
    try:
        assert True
    finally:
        app.dependency_overrides.pop(fake, None)


def test_finalizer(request) -> None:
    app.dependency_overrides[fake] = fake
    request.addfinalizer(app.dependency_overrides.clear)
""",
            },
            note="monkeypatch.setitem; a reset in `finally`; a finalizer",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "tests/test_unit.py": """\
import unittest

from app.main import app


def fake() -> None:
    return None


class UsersTest(unittest.TestCase):
    def setUp(self) -> None:
        app.dependency_overrides[fake] = fake

    def tearDown(self) -> None:
        app.dependency_overrides.clear()


def test_with_fixture_param(client) -> None:
    client.app.dependency_overrides[fake] = fake
""",
            },
            note="unittest tearDown; an app reached through a fixture is not resolved",
        ),
        snippet(
            """\
from app.main import app


def fake() -> None:
    return None


app.dependency_overrides[fake] = fake
""",
            path="app/dev_server.py",
            note="application modules are not scanned",
        ),
        Example(
            files={
                "tests/test_misc.py": """\
class Container:
    dependency_overrides: dict = {}


registry = Container()
registry.dependency_overrides["x"] = 1
""",
            },
            note="not a FastAPI app",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/users.py": "from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\ndef current_user() -> None:\n    return None\n",
                "tests/test_users.py": """\
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.users import current_user, router


def _app() -> FastAPI:
    app = FastAPI()
    app.include_router(router)
    return app


@pytest.fixture
def client():
    app = FastAPI()
    app.include_router(router)
    app.dependency_overrides[current_user] = lambda: None
    return TestClient(app)


def test_me() -> None:
    app = _app()
    app.dependency_overrides[current_user] = lambda: None
    assert TestClient(app) is not None
""",
            },
            note="an app built fresh in the fixture, or by a helper of the test module: "
            "the override dies with it (H6 cognee)",
        ),
    )
