from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import PurePosixPath
from types import SimpleNamespace
from typing import Any, NamedTuple

from auditor import names
from auditor.check import Check, Example, Hit, Severity, when
from auditor.facts import qname_of
from auditor.inventory import read_outside_tests
from auditor.project import Project
from auditor.walker import ModuleContext

#: Test clients that exercise the HTTP layer (canonical names, F2).
HTTP_CLIENTS = frozenset(
    {
        "fastapi.testclient.TestClient",
        "httpx.AsyncClient",
        "httpx.ASGITransport",
        "async_asgi_testclient.TestClient",
    }
)


def project_root(project: Project, path: str) -> str:
    """The folder of the nearest ``pyproject.toml`` above ``path`` ("" is the repository root)."""
    parent = PurePosixPath(path).parent
    while True:
        folder = "" if parent.as_posix() == "." else parent.as_posix()
        if project.repo.exists(f"{folder}/pyproject.toml" if folder else "pyproject.toml"):
            return folder
        if not folder:
            return ""
        parent = parent.parent


def under(path: str, folder: str) -> bool:
    return not folder or path.startswith(folder + "/")


def imports_the_app(project: Project, module) -> bool:
    """A test module imports an F3 app, its module, or a factory that builds one."""
    app_modules = {a.module.module for a in project.fastapi_apps}
    factories = {a.function for a in project.fastapi_apps if a.function}
    for imp in module.import_list:
        target = names.canonical(imp.module) or imp.module
        if target in HTTP_CLIENTS:
            return True
        inst = project.app_for(target)
        if inst is not None and inst.kind == "app":
            return True
        resolved = project.resolve(target)
        qname = getattr(resolved, "qname", None)
        if qname in factories:
            return True
        mod = resolved if hasattr(resolved, "import_list") else None
        if mod is not None and mod.module in app_modules:
            return True
        if mod is not None and any(
            getattr(project.resolve(i.module), "qname", None) in factories for i in mod.import_list
        ):
            return True  # the module that builds the app with its factory (a server entry)
    return False


def _holds_tests(project: Project, m) -> bool:
    """A test-class file that really is a test: in a `tests/` folder or `conftest.py`; a
    `test_*.py` or `*_test.py` module elsewhere only when it imports a test framework or
    defines something pytest collects (`connection_test.py` may be the feature that tests a
    connection, with a `TestConnection` model; `test_harness.py` a library's harness class,
    `test_step.py` a pipeline step)."""
    p = PurePosixPath(m.path)
    if p.name == "conftest.py" or {"tests", "test"} & set(p.parts[:-1]):
        return True
    if not (p.name.startswith("test_") or p.name.endswith("_test.py")):
        return True  # any other file F1 calls a test (a ``testing/`` helper): as before
    if any(imp.module.split(".")[0] in TEST_FRAMEWORKS for imp in m.import_list):
        return True
    return defines_tests(project, m)


def suite_folder(path: str) -> tuple[str, ...]:
    """The folder whose code a test file's suite tests: the one holding its (outermost)
    ``tests/`` or ``test/`` folder, or the test file's own folder."""
    parts = PurePosixPath(path).parts[:-1]
    for i, part in enumerate(parts):
        if part in ("tests", "test"):
            return parts[:i]
    return parts


#: Importing one of these makes a module a test module.
TEST_FRAMEWORKS = frozenset({"pytest", "unittest", "hypothesis", "nose", "nose2"})
#: unittest's test case classes: their subclasses are collected whatever their name.
TEST_CASES = frozenset({"unittest.TestCase", "unittest.IsolatedAsyncioTestCase"})
_DATACLASS = frozenset({"dataclasses.dataclass", "attr.s", "attrs.define", "attr.define"})


def defines_tests(project: Project, m) -> bool:
    """The module defines something a test runner collects: a module-level ``test*``
    function, a ``unittest.TestCase`` subclass, or a ``Test*`` class with a ``test*``
    method and no ``__init__`` (pytest does not collect a class it would have to construct
    with arguments: a dataclass, a model, a harness); an unparsed module may: it counts.
    Helpers, fixtures, data and scaffolding beside the tests do not."""
    if m.parse_error is not None:
        return True
    if any(
        f.name.startswith("test") and f.qname == f"{m.module}.{f.name}"
        for f in m.functions.values()
    ):
        return True
    for c in m.classes.values():
        if project.class_is(c.qname, TEST_CASES):
            return True
        if not c.name.startswith("Test") or "__init__" in c.methods:
            continue
        if any(qname_of(d) in _DATACLASS for d in c.decorators):
            continue
        if any(name.startswith("test") for name in c.methods):
            return True
    return False


#: How many project functions :func:`runs_the_app` follows from the tests at most: a call
#: graph larger than this is not searched to its end (the finding is kept, as before).
MAX_FOLLOWED = 20_000


def runs_the_app(project: Project, tests) -> bool:
    """A function of the test modules ``tests`` calls, directly or through the project
    functions it calls (resolved call sites, :attr:`Function.calls`), a function whose body
    imports the app, its module or its factory (as :func:`imports_the_app` judges imports):
    the tests start the application through its entry function, a server's ``main()`` that
    imports the app and serves it.  A module-level import of the app in a called function's
    module does not count (the function may be any helper of that module)."""
    by_function: dict[str, list] = {}
    for m in project.by_path.values():
        for imp in m.import_list:
            if imp.function:
                by_function.setdefault(imp.function, []).append(imp)
    if not by_function:
        return False
    stack = [
        f.qname
        for m in tests
        if m.parse_error is None
        for f in m.functions.values()
        if f.module == m.module
    ]
    seen: set[str] = set()
    while stack and len(seen) < MAX_FOLLOWED:
        qname = stack.pop()
        if qname in seen:
            continue
        seen.add(qname)
        fn = project.function(qname)
        if fn is None:
            continue
        own = by_function.get(fn.qname)
        if own and imports_the_app(project, SimpleNamespace(import_list=own)):
            return True
        stack.extend(c.qname for c in fn.calls if c.qname not in seen)
    return False


def _touches_app(project: Project, package: str, imported: list[str]) -> bool:
    """A test file beside the audited package, by the names it imports, exercises the app:
    an HTTP test client, or (its ``package.`` prefix taken off) the app, its module or its
    factory, as :func:`imports_the_app` judges the tests inside."""
    own = []
    for name in imported:
        if (names.canonical(name) or name) in HTTP_CLIENTS:
            return True
        if name.startswith(package + "."):
            own.append(SimpleNamespace(module=name[len(package) + 1 :]))
    return imports_the_app(project, SimpleNamespace(import_list=own))


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    signal: str | None = None
    #: the app a "no tests" finding names (its label)
    app: str | None = None


@dataclass
class _State:
    client: bool = False  # an HTTP test client is used (reported once)


class TestSuitePresent(Check):
    """
    ## What it does
    Looks for the test suite of each FastAPI project in the repository: Python files of the
    *test* class (F1: under a `tests/` or `test/` folder, `test_*.py`, `*_test.py` or
    `conftest.py`).  A warning is reported when a project has none.  When tests exist but
    none of them imports the application (the module that builds the `FastAPI()` app, the
    app itself, its factory, or a module that imports the factory: a server entry point
    that tests start with `uvicorn module:app`) or uses `TestClient`, `httpx.AsyncClient` or
    `ASGITransport`, an **info** finding says that the HTTP layer is untested.

    An audited *package* keeps its tests beside it more often than inside: auditing
    `repo/src/pkg` (or `repo/pkg`) whose folder holding it is a project (`pyproject.toml`,
    `setup.py`, `setup.cfg` or `.git`), the rule reads `repo/tests` and `repo/test` too, and
    for a package of an unpacked wheel the top-level `tests` package the same distribution
    installs (its `.dist-info` lists it).  Those files are only read for their imports (a
    test client, or the package's app, app module or factory under the package's name:
    `from pkg.main import app`); the audit's report still covers the package alone.

    In a monorepo each FastAPI project is checked on its own: a project is the folder of
    the nearest `pyproject.toml` above the module that creates the app (the repository root
    when there is none), and its tests are the test files under that folder, or anywhere
    else in the repository when they import one of its modules.

    ## Why is this bad?
    Without tests, every refactoring, dependency upgrade and pydantic or SQLAlchemy
    migration is a bet.  All the layouts of the sources ship a `tests/` tree:
    [ForgeAPI guide] and [zhanymkanov README] mirror the domains under
    `tests/`, and [Production skill 2025] shows `tests/conftest.py` with an async client
    fixture and `tests/test_users.py`.  Unit tests of helpers alone leave the routes,
    dependencies, validation and error handlers — the FastAPI layer — unexercised.

    ## Example
    ```text
    pyproject.toml
    app/main.py        # app = FastAPI()
    app/users/router.py
    ```

    ## Use instead
    ```text
    pyproject.toml
    app/main.py
    tests/conftest.py  # an httpx.AsyncClient(transport=ASGITransport(app=app)) fixture
    tests/test_users.py
    ```

    ## Fix safety
    No automatic fix: tests have to be written.  Start with `tests/conftest.py` holding an
    async client fixture (see TST001 and TST004) and one smoke test per router.

    ## Known problems
    Only Python files count as tests.  A project whose tests live outside its folder and do
    not import its app (end-to-end suites run against a deployed URL) is reported as
    untested.  Apps that the project model cannot find (F3) are not checked.  A published
    distribution is not the project: an unpacked wheel or installed package (a `*.dist-info`
    at the root, or beside the audited folder that it installs) or an unpacked sdist (its
    `PKG-INFO`) that ships no file defining tests of a folder holding the application (a
    test file's suite tests the folder above its `tests/` folder, or its own folder: the
    suite of a component, `pkg/skills/tests/`, or a test base class shipped for the
    package's users, `pkg/destinations/test_utils.py`, does not test `pkg/server/app.py`),
    here or in a top-level `tests` package the
    wheel installs beside the audited one, is not judged: its project's suite stayed in the
    repository, and an absence finding needs a complete model (F12).  The check is then
    *skipped*, and its reason in the report ("tests not shipped: ...") says so; audit the
    repository to check its tests.  A distribution that ships tests is judged on them (the
    info finding when none touches the app).  A `test_*.py` or
    `*_test.py` module outside a `tests/` folder counts as a test only when it imports a test
    framework or defines something pytest collects (a module-level `test*` function, a
    `unittest.TestCase` subclass, a `Test*` class with a `test*` method and no `__init__`,
    not a dataclass): `connection_test.py` can be the feature that tests a connection,
    `test_harness.py` a library's harness, `test_step.py` a pipeline step.  The
    finding names the main application: the one serving the most routes.  A test file that
    does not parse keeps the rule silent (it may hold the tests, or import the app); the
    count in the message is of the files that define tests (helpers, fixtures, data and
    scaffolding beside them are not counted), and "none imports the app" is a
    medium-confidence finding (a fixture of a pytest plugin may build the app).  A pytest
    plugin of the package itself counts like a `conftest.py`: a module registered as a
    `pytest11` entry point (`pyproject.toml`, `setup.cfg`, the wheel's `entry_points.txt`)
    or named in a test module's `pytest_plugins`, whose fixtures every test can use; a
    fixture module nobody registers does not.  A test that runs the application's entry
    function tests it too: a test function that calls, directly or through the project
    functions it calls, a function whose body imports the app, its module or its factory (a
    server's `main()` that imports the app and serves it in a thread); a called helper of a
    module that imports the app at module level does not count.

    ## References
    - [ForgeAPI guide], [zhanymkanov README] (a `tests/` tree mirroring
      the domains)
    - [Production skill 2025] (`tests/conftest.py`, `tests/test_users.py`)
    - FastAPI docs, "Testing" and "Async Tests"
    """

    id = "TST002"
    name = "test-suite-present"
    category = "testing"
    severity = Severity.WARNING
    kind = "structural"
    file_classes = frozenset({"test"})
    message = "no tests found"
    fix_title = "Add `tests/` with an async client fixture and a smoke test per router"
    sources = ("ForgeAPI guide", "Production skill 2025", "zhanymkanov README")

    def applies(self, project: Project) -> str | None:
        if not self._apps(project):
            return "no FastAPI application found"
        dist = project.installed_distribution
        if dist is not None and not self._ships_tests(project):
            return (
                f"tests not shipped: the audited tree is an installed distribution (`{dist}`), "
                "and a wheel or sdist leaves its project's test suite out (what it ships "
                "defines no test of a folder holding the application), so the absence of "
                "tests here says nothing of the project's; audit its repository"
            )
        return None

    def _ships_tests(self, project: Project) -> bool:
        """The tree (or the tests a wheel installs beside the audited package) holds a file
        that defines tests of a folder holding an application (:func:`suite_folder`), or one
        the auditor could not read (it may).  A component's own suite shipped in the package
        (``pkg/skills/tests/`` beside the app in ``pkg/server/``), or a test base class
        shipped for the package's users (``pkg/destinations/test_utils.py``), is not the
        application's suite: the wheel says nothing of that one."""
        if not project.completeness(("test",)):
            return True
        app_folders = [PurePosixPath(a.path).parent.parts for a in self._apps(project)]
        if any(
            m.file_class == "test"
            and _holds_tests(project, m)
            and defines_tests(project, m)
            and any(f[: len(s)] == s for s in [suite_folder(m.path)] for f in app_folders)
            for m in project.by_path.values()
        ):
            return True
        beside = read_outside_tests(project.repo)
        return beside is not None and bool(beside.defines or beside.unread or not beside.complete)

    # a test module that constructs an HTTP test client (``httpx.AsyncClient(...)`` after
    # ``import httpx`` is not visible in the imports)
    @when(callees=HTTP_CLIENTS)
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        state = ctx.state(_State)
        if state.client:
            return
        if ctx.resolve(node.func) in HTTP_CLIENTS:
            state.client = True
            ctx.report(
                node,
                "",
                data=_Data(signal="client"),
            )

    def _apps(self, project: Project):
        return sorted(
            (a for a in project.fastapi_apps if a.module.file_class == "app"),
            key=lambda a: (a.path, a.line),
        )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        out = self._judge(hits, project)
        if not out:
            return out
        # the package's own suite may live beside it: ``repo/tests`` for ``repo/src/pkg``,
        # the top-level ``tests`` package a wheel installs next to ``pkg``
        beside = read_outside_tests(project.repo)
        if beside is None:
            return out
        if not beside.complete or beside.unread:
            return []  # a suite too large to read, or a file that does not parse: unknown
        if any(_touches_app(project, beside.package, names) for names in beside.imports.values()):
            return []
        if not beside.defines:
            return out
        n = len(beside.defines)
        files = (
            f"{n} file{'s' if n != 1 else ''} defining tests beside the audited package, "
            f"in `{beside.root.name}/`"
        )
        return [
            self._untested_hit(h, files, app) if (app := h.payload(_Data).app) else h for h in out
        ]

    def _untested_hit(self, found: Any, files: str, app: str) -> Hit:
        """The info finding "tests exist, none imports the app" at ``found``'s place (a hit
        or an application: anything with a path, line and column), at medium confidence (a
        fixture of a plugin may build the app)."""
        hit = self.project_hit(
            f"test files exist ({files}) but none imports the app `{app}` or uses "
            "`TestClient`, `AsyncClient` or `ASGITransport`: the HTTP layer is untested",
            path=found.path,
            line=found.line,
            column=found.column,
            severity=Severity.INFO,
            data=_Data(),
        )
        hit.confidence = "medium"
        return hit

    def _judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        with_client = {h.path for h in hits if h.payload(_Data).signal == "client"}
        tests = [m for m in project.by_path.values() if m.file_class == "test"]
        roots: dict[str, list] = {}
        for app in self._apps(project):
            roots.setdefault(project_root(project, app.path), []).append(app)
        out: list[Hit] = []
        for root, apps in sorted(roots.items()):
            first = project.main_app(apps) or apps[0]
            # the tests of this project: under its folder, or anywhere when they import it
            mine = [
                m
                for m in tests
                if _holds_tests(project, m) and self._imports_root(project, m, root)
            ]
            if not mine and not project.completeness(("test",)):
                continue  # a test file could not be read: its presence is unknown
            if not mine:
                where = f"`{root}/`" if root else "the repository"
                out.append(
                    self.project_hit(
                        f"no tests found for the FastAPI app `{first.label}` in {where}: add `tests/` "
                        "with a client fixture and a smoke test per router",
                        path=first.path,
                        line=first.line,
                        column=first.column,
                        data=_Data(app=first.label),
                    )
                )
                continue
            # a pytest plugin of the package (``pytest11``, ``pytest_plugins``) serves its
            # fixtures to every test, like a conftest.py: its client fixture counts
            plugins = [
                m
                for name in sorted(project.pytest_plugin_modules)
                if (m := project.modules.get(name)) is not None
                and self._imports_root(project, m, root)
            ]
            if not any(
                m.path in with_client or (m.parse_error is None and imports_the_app(project, m))
                for m in (*mine, *plugins)
            ):
                if not project.completeness(("test",)):
                    continue  # a test the auditor could not read may import the app
                if runs_the_app(project, (*mine, *plugins)):
                    continue  # a test calls what starts the app (a server entry function)
                n = sum(1 for m in mine if defines_tests(project, m))
                plural = "s" if (n or len(mine)) != 1 else ""
                files = (
                    f"{n} file{plural} defining tests"
                    if n
                    else f"{len(mine)} file{plural}, none defining a test"
                )
                out.append(self._untested_hit(first, files, first.label))
        return out

    @staticmethod
    def _imports_root(project: Project, module, root: str) -> bool:
        """A test module (anywhere) imports a project module under ``root``."""
        if under(module.path, root):
            return True
        for imp in module.import_list:
            mod = project.module_for_name(imp.module)
            if mod is not None and mod.file_class == "app" and under(mod.path, root):
                return True
        return False

    bad = (
        Example(
            files={
                "pyproject.toml": '[project]\nname = "svc"\n',
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "app/users/router.py": "from fastapi import APIRouter\n\nrouter = APIRouter()\n",
            },
            note="no test files at all",
            lines=(3,),
        ),
        Example(
            files={
                "pyproject.toml": '[project]\nname = "svc"\n',
                "app/__init__.py": "",
                "app/main.py": "from fastapi import FastAPI\n\nfrom app.utils import slugify\n\napp = FastAPI()\n",
                "app/utils.py": "def slugify(s: str) -> str:\n    return s.lower().replace(' ', '-')\n",
                "tests/test_utils.py": "from app.utils import slugify\n\n\ndef test_slugify() -> None:\n    assert slugify('A b') == 'a-b'\n",
            },
            note="tests exist but never touch the app or a test client: info",
            lines=(5,),
        ),
        Example(
            files={
                "pyproject.toml": '[project]\nname = "svc"\n',
                "app/__init__.py": "",
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "app/testing.py": "import pytest\nfrom fastapi.testclient import TestClient\n\n"
                "from app.main import app\n\n\n@pytest.fixture\ndef client():\n    return TestClient(app)\n",
                "tests/test_items.py": "def test_items(client) -> None:\n"
                "    assert client.get('/items').status_code == 200\n",
            },
            note="a fixture module that no entry point or pytest_plugins registers: pytest "
            "never loads it",
            lines=(3,),
        ),
        Example(
            files={
                "services/billing/pyproject.toml": '[project]\nname = "billing"\n',
                "services/billing/app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "services/users/pyproject.toml": '[project]\nname = "users"\n',
                "services/users/app/main.py": "from fastapi import FastAPI\n\napi = FastAPI()\n",
                "services/users/tests/test_health.py": "from fastapi.testclient import TestClient\n\n"
                "from app.main import api\n\n\ndef test_health() -> None:\n    assert TestClient(api).get('/docs').status_code == 200\n",
            },
            note="a monorepo: each project root is checked on its own",
            lines=(3,),
        ),
        Example(
            files={
                "pyproject.toml": '[project]\nname = "svc"\n',
                "app/cli/login.py": "from fastapi import FastAPI\n\nlogin_app = FastAPI()\n",
                "app/main.py": "from fastapi import FastAPI\n\nfrom app.routes import router\n\n\n"
                "app = FastAPI()\napp.include_router(router)\n",
                "app/routes.py": "from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n"
                "@router.get('/items')\nasync def items() -> list[str]:\n    return []\n",
                "app/models/connection_test.py": "from pydantic import BaseModel\n\n\n"
                "class TestConnection(BaseModel):\n    ok: bool\n\n\ndef run_connection_test() -> bool:\n    return True\n",
            },
            note="reported on the main app (not the first file's side app); a `connection_test.py` "
            "feature module is no test",
            lines=(6,),
        ),
        Example(
            files={
                "pyproject.toml": '[project]\nname = "svc"\n',
                "svc/__init__.py": "",
                "svc/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "svc/test_harness.py": "from dataclasses import dataclass\n\n\n@dataclass\n"
                "class TestState:\n    text: str = ''\n\n\nclass TestHarness:\n"
                "    def __init__(self, url: str) -> None:\n        self.url = url\n\n"
                "    def test_stream(self) -> TestState:\n        return TestState()\n",
                "svc/pipelines/test_step.py": "from pydantic import BaseModel\n\n\n"
                "class TestStep(BaseModel):\n    command: str = 'yarn test'\n",
            },
            note="library modules named like tests (a harness with a constructor, a dataclass, "
            "a pipeline step model; seen in whisperlivekit and youwol) define nothing pytest "
            "collects: no tests (warning)",
            lines=(3,),
        ),
        Example(
            files={
                "svc-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: svc\nVersion: 1.0\n",
                "svc-1.0.dist-info/RECORD": "svc/__init__.py,,\nsvc/main.py,,\nsvc/tests/test_slug.py,,\n",
                "svc/__init__.py": "",
                "svc/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "svc/slug.py": "def slugify(s: str) -> str:\n    return s.lower()\n",
                "svc/tests/test_slug.py": "from svc.slug import slugify\n\n\ndef test_slugify() -> None:\n"
                "    assert slugify('A') == 'a'\n",
            },
            note="an unpacked wheel that ships tests, none of which touches the app: what it ships "
            "is read (info)",
            lines=(3,),
        ),
        Example(
            files={
                "svc-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: svc\nVersion: 1.0\n",
                "svc-1.0.dist-info/RECORD": "svc/__init__.py,,\nsvc/server/app.py,,\n",
                "svc/__init__.py": "",
                "svc/server/__init__.py": "",
                "svc/server/app.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "svc/server/slug.py": "def slugify(s: str) -> str:\n    return s.lower()\n",
                "svc/server/tests/test_slug.py": "from svc.server.slug import slugify\n\n\n"
                "def test_slugify() -> None:\n    assert slugify('A') == 'a'\n",
                "svc/skills/tests/test_skill.py": "def test_layout() -> None:\n    assert True\n",
            },
            note="a wheel that ships the suite of the application's own folder (and a "
            "component's): judged on it (info)",
            lines=(3,),
        ),
        Example(
            files={
                "pyproject.toml": '[project]\nname = "svc"\n',
                "svc/__init__.py": "",
                "svc/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "svc/cli.py": "import uvicorn\n\nfrom svc.main import app\n\n\n"
                "def slugify(s: str) -> str:\n    return s.lower()\n\n\n"
                "def serve() -> None:\n    uvicorn.run(app)\n",
                "tests/test_cli.py": "from svc.cli import slugify\n\n\ndef test_slugify() -> None:\n"
                "    assert slugify('A') == 'a'\n",
            },
            note="a test that calls a helper of the module serving the app, not what serves it: "
            "the HTTP layer is still untested (info)",
            lines=(3,),
        ),
    )
    good = (
        Example(
            files={
                "pyproject.toml": '[project]\nname = "svc"\n',
                "svc/__init__.py": "",
                "svc/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "svc/test_routes.py": "from fastapi.testclient import TestClient\n\n"
                "from svc.main import app\n\n\nclass TestRoutes:\n"
                "    def test_docs(self) -> None:\n"
                "        assert TestClient(app).get('/docs').status_code == 200\n",
            },
            note="a test module beside the code with a pytest-style class and no pytest import",
        ),
        Example(
            files={
                "pyproject.toml": '[project]\nname = "svc"\n',
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "tests/test_health.py": "from fastapi.testclient import TestClient\n\nfrom app.main import app\n\n\n"
                "def test_app_boots() -> None:\n    assert TestClient(app).get('/docs').status_code == 200\n",
            },
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/factory.py": "from fastapi import FastAPI\n\n\ndef create_app() -> FastAPI:\n    app = FastAPI()\n    return app\n",
                "tests/conftest.py": "import pytest\n\nfrom app.factory import create_app\n\n\n@pytest.fixture\ndef app():\n    return create_app()\n",
            },
            note="a factory imported by conftest.py counts as importing the app",
        ),
        Example(
            files={
                "pyproject.toml": '[project]\nname = "svc"\n\n[project.entry-points.pytest11]\n'
                'svc = "svc.testing"\n',
                "svc/__init__.py": "",
                "svc/startup.py": "from fastapi import FastAPI\n\n\ndef create_app() -> FastAPI:\n"
                "    return FastAPI()\n",
                "svc/testing/__init__.py": "import pytest\nfrom fastapi.testclient import TestClient\n\n\n"
                "@pytest.fixture\ndef client():\n    from svc.startup import create_app\n\n"
                "    with TestClient(create_app()) as c:\n        yield c\n",
                "svc/plugins/uploads/tests/test_uploads.py": "def test_upload(client) -> None:\n"
                "    assert client.post('/uploads').status_code == 200\n",
            },
            note="the package's own pytest plugin (a pytest11 entry point) provides the client "
            "fixture: it counts like a conftest.py",
        ),
        Example(
            files={
                "pyproject.toml": '[project]\nname = "svc"\n',
                "app/__init__.py": "",
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "app/fixtures.py": "import pytest\nfrom fastapi.testclient import TestClient\n\n"
                "from app.main import app\n\n\n@pytest.fixture\ndef client():\n    return TestClient(app)\n",
                "tests/conftest.py": 'pytest_plugins = ["app.fixtures"]\n',
                "tests/test_items.py": "def test_items(client) -> None:\n"
                "    assert client.get('/items').status_code == 200\n",
            },
            note="a fixture module named in a conftest's pytest_plugins",
        ),
        Example(
            files={
                "svc/factory.py": "from fastapi import FastAPI\n\n\ndef build_app() -> FastAPI:\n"
                "    return FastAPI()\n",
                "svc/server.py": "from svc.factory import build_app\n\n\ndef __getattr__(name: str):\n"
                "    if name == 'app':\n        return build_app()\n    raise AttributeError(name)\n",
                "tests/conftest.py": "import subprocess\n\nimport pytest\n\nimport svc.server as server\n\n\n"
                "@pytest.fixture\ndef live_server():\n"
                "    proc = subprocess.Popen(['uvicorn', f'{server.__name__}:app'])\n"
                "    yield 'http://localhost:8000'\n    proc.terminate()\n",
                "tests/test_api.py": "import requests\n\n\ndef test_docs(live_server) -> None:\n"
                "    assert requests.get(live_server + '/docs').status_code == 200\n",
            },
            note="tests that import the server module building the app with its factory and "
            "drive it over HTTP (seen in bluesky-httpserver)",
        ),
        Example(
            files={
                "svc/__init__.py": "",
                "svc/api.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "svc/launch.py": "import threading\n\nimport uvicorn\n\n\n"
                "def start_servers(port: int) -> None:\n    from svc.api import app\n\n"
                "    threading.Thread(target=uvicorn.run, args=(app,), kwargs={'port': port}).start()\n\n\n"
                "def main(port: int = 5000) -> None:\n    start_servers(port)\n",
                "svc/test_api.py": "import requests\n\n\ndef run_server() -> None:\n"
                "    from svc.launch import main\n\n    main(port=5000)\n\n\n"
                "def test_models() -> None:\n    run_server()\n"
                "    assert requests.get('http://localhost:5000/v1/models').ok\n",
            },
            note="a test that runs the application's entry function, whose callee imports the app "
            "and serves it, then drives it over HTTP (seen in h2ogpt)",
        ),
        Example(
            files={
                "src/svc/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "src/svc/test_main.py": "import httpx\n\n\nasync def test_docs(app_fixture) -> None:\n"
                "    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app_fixture), base_url='http://t') as c:\n"
                "        assert (await c.get('/docs')).status_code == 200\n",
            },
            note="a test module next to the code, using httpx through the module",
        ),
        Example(
            files={
                "app/main.py": "from flask import Flask\n\napp = Flask(__name__)\n",
            },
            note="not a FastAPI project",
        ),
        Example(
            files={
                "svc-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: svc\nVersion: 1.0\n",
                "svc-1.0.dist-info/RECORD": "svc/__init__.py,,\nsvc/main.py,,\n",
                "svc/__init__.py": "",
                "svc/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "svc/testing/conftest.py": "import pytest\n\n\n@pytest.fixture\ndef anyio_backend() -> str:\n"
                "    return 'asyncio'\n",
            },
            note="an unpacked wheel (a `.dist-info` at its root) that ships no tests: the "
            "project's suite stayed in its repository, so the check is skipped and says why "
            "(seen in openrag, infrahub-server, mlem, mlx-openai-server, featurebyte)",
        ),
        Example(
            files={
                "PKG-INFO": "Metadata-Version: 2.1\nName: svc\nVersion: 1.0\n",
                "pyproject.toml": '[project]\nname = "svc"\n',
                "svc/__init__.py": "",
                "svc/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            },
            note="an unpacked sdist (its `PKG-INFO`) built without the tests",
        ),
        Example(
            files={
                "svc-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: svc\nVersion: 1.0\n",
                "svc-1.0.dist-info/RECORD": "svc/__init__.py,,\nsvc/server/app.py,,\n",
                "svc/__init__.py": "",
                "svc/server/__init__.py": "",
                "svc/server/app.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "svc/skills/tests/conftest.py": "",
                "svc/skills/tests/verifiers/test_layout.py": "from config import SKILLS\n\n\n"
                "def test_layout() -> None:\n    assert SKILLS\n",
                "svc/destinations/test_utils.py": "import unittest\n\n\n"
                "class BaseIntegrationTest(unittest.TestCase):\n"
                "    def _record(self, value: str) -> dict:\n        return {'value': value}\n",
            },
            note="a wheel whose only tests are a component's own suite and a test base class "
            "shipped for the package's users, in folders that do not hold the application: "
            "the application's suite stayed in the repository, skipped (seen in mlflow-skinny "
            "and airbyte-cdk)",
        ),
        Example(
            files={
                "backend/pyproject.toml": '[project]\nname = "api"\n',
                "backend/app/__init__.py": "",
                "backend/app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "e2e/test_api.py": "from app.main import app\nfrom fastapi.testclient import TestClient\n\n\n"
                "def test_docs() -> None:\n    assert TestClient(app).get('/docs').status_code == 200\n",
            },
            note="tests outside the project folder that import its app",
        ),
        Example(
            files={
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "tests/test_units.py": "def test_sum() -> None:\n    assert 1 + 1 == 2\n",
                "tests/test_api.py": "from fastapi.testclient import TestClient\n\nfrom app.main import app\n\n\n"
                "def test_docs() -> None\n    assert TestClient(app).get('/docs').status_code == 200\n",
            },
            note="a test file that does not parse may be the one that imports the app",
        ),
    )
