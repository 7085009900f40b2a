"""What the application is made of (issue 10): application code, reachability, completeness,
and the apps and routers the first pass of the model used to miss."""

from __future__ import annotations

from pathlib import Path

from auditor.engine import Options, audit
from auditor.testing import run_example
from checks.tst002_test_suite_present import TestSuitePresent


def model(root: Path, files: dict[str, str]):
    for rel, src in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(src)
    return audit(root, Options(use_cache=False, select=["STR001"])).project


SERVER = {
    "pkg/__init__.py": "",
    "pkg/server/__init__.py": "",
    "pkg/server/app.py": (
        "from fastapi import FastAPI\n"
        "from pkg.server.routes import router\n"
        "app = FastAPI()\n"
        "app.include_router(router)\n"
    ),
    "pkg/server/routes.py": (
        "from fastapi import APIRouter\n"
        "from pkg.server.parsers import *\n"
        "router = APIRouter()\n"
        "@router.get('/ping')\n"
        "async def ping() -> str:\n"
        "    from pkg.common import helpers\n"
        "    return helpers.pong()\n"
    ),
    "pkg/server/parsers/__init__.py": "from .audio import AudioParser\n",
    "pkg/server/parsers/audio.py": "class AudioParser:\n    pass\n",
    "pkg/common/__init__.py": "",
    "pkg/common/helpers.py": "def pong() -> str:\n    return 'pong'\n",
    "pkg/sdk/__init__.py": "from pkg.sdk.client import Client\n",
    "pkg/sdk/client.py": "import os\nclass Client:\n    key = os.getenv('PKG_KEY')\n",
    "pkg/testing/__init__.py": "",
    "pkg/testing/plugin.py": (
        "import pytest\n@pytest.fixture\ndef server() -> str:\n    return 'x'\n"
    ),
}


def test_application_modules_follow_the_import_graph(tmp_path):
    p = model(tmp_path, SERVER)
    reached = p.application_modules
    assert reached is not None
    for name in (
        "pkg.server.app",
        "pkg.server.routes",
        "pkg.server.parsers",  # ``from ... import *``
        "pkg.server.parsers.audio",
        "pkg.common.helpers",  # a function-level import
    ):
        assert name in reached, name
    assert "pkg.sdk.client" not in reached  # the SDK the server never imports
    assert "pkg.testing.plugin" not in reached  # test support outside tests/
    assert p.reaches("pkg/sdk/client.py") is False
    assert not p.is_application_code("pkg/testing/plugin.py")
    assert p.is_application_code("pkg/server/routes.py")
    assert p.is_application_code(None)  # a project-level finding


def test_a_packages_test_helpers_are_test_support(tmp_path):
    """A ``testing.py`` that drives the app it builds with an in-process test client is the
    helpers a package ships for its users' tests (arkitekt-fastapi testing.py:967); one that
    defines routes, drives no test client, or is named otherwise stays application code."""
    build = "def make() -> FastAPI:\n    return FastAPI()\n"
    p = model(
        tmp_path,
        {
            "kit/__init__.py": "",
            "kit/testing.py": "from fastapi import FastAPI\nfrom fastapi.testclient import TestClient\n"
            + build,
            "ab/__init__.py": "",
            "ab/testing.py": "from fastapi import FastAPI\n" + build,
            "rt/__init__.py": "",
            "rt/testing.py": "from fastapi import FastAPI\nfrom starlette.testclient import TestClient\n"
            "app = FastAPI()\n@app.get('/v')\nasync def v() -> int:\n    return 1\n",
            "cl/__init__.py": "",
            "cl/helpers.py": "from fastapi import FastAPI\nfrom fastapi.testclient import TestClient\n"
            + build,
        },
    )
    assert "kit.testing" in p.test_support_modules
    assert not p.is_application_code("kit/testing.py")
    for name in ("ab.testing", "rt.testing", "cl.helpers"):
        assert name not in p.test_support_modules, name


def test_served_apps_leave_out_unserved_and_test_support_apps(tmp_path):
    """:attr:`Project.served_apps` is what the checks about *the* deployed application count
    and choose from: not an app nothing serves (``svc/main.py`` beside the ``svc.server:app``
    the Dockerfile runs), not an app a package's ``testing.py`` builds for a test client."""
    files = {
        "Dockerfile": 'FROM python:3.12\nCMD ["uvicorn", "svc.server:app", "--host", "0.0.0.0"]\n',
        "svc/__init__.py": "",
        "svc/server.py": "from fastapi import FastAPI\nfrom svc.logs import logger\n"
        "app = FastAPI()\n@app.get('/items')\nasync def items() -> list[int]:\n"
        "    logger.info('items listed')\n    return []\n",
        "svc/main.py": "from fastapi import FastAPI\napp = FastAPI()\n"
        "@app.get('/old')\nasync def old() -> list[int]:\n    return []\n",
        "svc/testing.py": "from fastapi import FastAPI\nfrom fastapi.testclient import TestClient\n"
        "def make() -> FastAPI:\n    return FastAPI(title='Test API')\n"
        "def client() -> TestClient:\n    return TestClient(make())\n",
    }
    p = model(tmp_path, files)
    assert {a.module.module for a in p.fastapi_apps} == {"svc.server", "svc.main", "svc.testing"}
    assert [a.module.module for a in p.served_apps] == ["svc.server"]


def test_log003_speaks_of_the_served_app_not_an_unserved_one(tmp_path):
    """LOG003 names one application; it chose among every app, so it could pick an unserved
    ``main.py`` whose findings are dropped, and say nothing of the app that runs."""
    files = {
        "Dockerfile": 'FROM python:3.12\nCMD ["uvicorn", "svc.server:app", "--host", "0.0.0.0"]\n',
        "svc/__init__.py": "",
        "svc/server.py": "from fastapi import FastAPI\nfrom svc.logs import logger\n"
        "app = FastAPI()\n@app.get('/items')\nasync def items() -> list[int]:\n"
        "    logger.info('items listed')\n    return []\n",
        "svc/main.py": "from fastapi import FastAPI\napp = FastAPI()\n"
        "@app.get('/old')\nasync def old() -> list[int]:\n    return []\n",
        # LOG003 speaks only of an application whose requests write log records
        "svc/logs.py": "import logging\n\nlogger = logging.getLogger(__name__)\n",
    }
    for rel, src in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(src)
    report = audit(tmp_path, Options(use_cache=False, select=["LOG003"])).report
    assert [(f.path, f.line) for f in report.findings] == [("svc/server.py", 3)]


def test_application_modules_unknown_without_an_application(tmp_path):
    p = model(tmp_path, {"lib/routes.py": "from fastapi import APIRouter\nrouter = APIRouter()\n"})
    assert p.application_modules is None
    assert p.reaches("lib/routes.py") is None
    assert p.is_application_code("lib/routes.py")  # unknown: the old behaviour


def test_plugins_loaded_by_name_are_application_code(tmp_path):
    p = model(
        tmp_path,
        {
            "svc/__init__.py": "",
            "svc/main.py": (
                "from fastapi import FastAPI\n"
                "from svc.storage import get_storage\n"
                "from svc.tools.registry import load_tool\n"
                "app = FastAPI()\n"
            ),
            "svc/storage/__init__.py": (
                "import importlib\n"
                "class Storage:\n    pass\n"
                "def get_storage():\n"
                "    return importlib.import_module(SETTING).Storage()\n"
            ),
            "svc/storage/disk.py": "from svc.storage import Storage as Base\nclass Storage(Base):\n    pass\n",
            "svc/tools/__init__.py": "",
            "svc/tools/registry.py": (
                "import importlib\n"
                "def load_tool(name: str):\n"
                "    return importlib.import_module(f'svc.tools.builtin.{name}')\n"
            ),
            "svc/tools/builtin/__init__.py": "",
            "svc/tools/builtin/search.py": "def run() -> None:\n    pass\n",
            "svc/unrelated/thing.py": "class Storage:\n    pass\n",
        },
    )
    reached = p.application_modules or frozenset()
    assert "svc.storage.disk" in reached  # implements the protocol of its package
    assert "svc.tools.builtin.search" in reached  # under a loader's folder
    assert "svc.unrelated.thing" not in reached


def test_reachability_from_requests_startup_commands_and_programs(tmp_path):
    p = model(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/main.py": (
                "import asyncio\n"
                "from contextlib import asynccontextmanager\n"
                "import typer\n"
                "from fastapi import FastAPI\n"
                "from app import jobs\n"
                "cli = typer.Typer()\n"
                "@cli.command()\n"
                "async def export() -> None:\n"
                "    await jobs.dump()\n"
                "@asynccontextmanager\n"
                "async def lifespan(app: FastAPI):\n"
                "    await jobs.warm()\n"
                "    asyncio.create_task(jobs.poll())\n"
                "    yield\n"
                "app = FastAPI(lifespan=lifespan)\n"
                "@app.get('/items')\n"
                "async def items() -> list[str]:\n"
                "    return await jobs.load()\n"
                "def main() -> None:\n"
                "    print('tool')\n"
                "if __name__ == '__main__':\n"
                "    main()\n"
            ),
            "app/jobs.py": (
                "async def load() -> list[str]:\n    return []\n"
                "async def warm() -> None:\n    await load()\n"
                "async def poll() -> None:\n    pass\n"
                "async def dump() -> None:\n    pass\n"
            ),
        },
    )
    kind = {q: r.kind for q, r in p.reachability.items()}
    assert kind["app.main.items"] == "request"
    assert kind["app.jobs.load"] == "request"  # awaited by the lifespan too: request wins
    assert kind["app.jobs.warm"] == "startup"
    assert "app.jobs.poll" not in kind  # a task beside the requests: unknown
    assert kind["app.main.export"] == "cli"
    assert "app.jobs.dump" not in kind  # a command's call into another module: unknown
    assert kind["app.main.main"] == "program"
    assert p.off_request_path("app.jobs.warm") is not None
    assert p.off_request_path("app.jobs.load") is None
    assert not p.is_application_code("app/main.py", 20)  # inside main(), a program
    assert p.is_application_code("app/main.py", 18)  # inside the route


def test_a_function_reading_sys_argv_that_nothing_calls_is_a_program(tmp_path):
    p = model(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/app.py": (
                "from fastapi import FastAPI\n"
                "from pkg.runner import Runner\n"
                "app = FastAPI()\n"
                "@app.get('/run')\n"
                "def run() -> str:\n"
                "    return Runner().name + launch_args()\n"
                "def launch_args() -> str:\n"
                "    import sys\n"
                "    return sys.argv[0]\n"
            ),
            "pkg/runner.py": (
                "import os\n"
                "import sys\n"
                "class Runner:\n"
                "    name = 'r'\n"
                "    def argv(self) -> list[str]:\n"
                "        return sys.argv[1:]\n"
                "def main() -> None:\n"
                "    impl = os.environ.get('PKG_IMPL', 'Runner')\n"
                "    print(impl, sys.argv[1:])\n"
                "def called() -> list[str]:\n"
                "    return sys.argv\n"
                "def user() -> list[str]:\n"
                "    return called()\n"
            ),
        },
    )
    kind = {q: r.kind for q, r in p.reachability.items()}
    assert kind["pkg.runner.main"] == "program"  # reads the command line, nothing calls it
    assert not p.is_application_code("pkg/runner.py", 8)
    assert "pkg.runner.called" not in kind  # read, but called by the project
    assert "pkg.runner.Runner.argv" not in kind  # a method
    assert kind["pkg.app.launch_args"] == "request"  # a route calls it


def test_completeness_says_what_is_missing(tmp_path):
    p = model(
        tmp_path,
        {
            "app/main.py": (
                "from fastapi import FastAPI\n"
                "from app.plugins import registry, extra\n"
                "app = FastAPI()\n"
                "app.include_router(extra())\n"
                "api = registry.router()\n"
                "@api.get('/healthz')\n"
                "def healthz() -> str:\n    return 'ok'\n"
            ),
            "app/plugins.py": "registry = None\ndef extra():\n    return None\n",
            "app/broken.py": "def f(:\n",
            "tests/test_x.py": "def test_x() -> None:\n    assert True\n",
        },
    )
    assert p.completeness(("test",)).complete
    files = p.completeness(("app",))
    assert not files and files.reasons == ("`app/broken.py` not parsed",)
    routes = p.completeness(("test",), routes=True)
    assert not routes.complete
    assert "app/main.py:4" in routes.reasons[0] and "and 1 more" in routes.reasons[0]


def test_apps_and_routers_the_first_pass_missed(tmp_path):
    p = model(
        tmp_path,
        {
            "srv/__init__.py": "",
            "srv/server.py": (
                "from fastapi import APIRouter, FastAPI\n"
                "from thirdparty import VersionedRouter\n"
                "class Server:\n"
                "    def __init__(self) -> None:\n"
                "        self._app = FastAPI()\n"
                "        self.router = APIRouter()\n"
                "        self.router.add_api_route('/items', self.items, methods=['GET'])\n"
                "        self._app.include_router(self.router, prefix='/api')\n"
                "        versioned = VersionedRouter()\n"
                "        self._app.include_router(versioned)\n"
                "        @versioned.get('/v')\n"
                "        async def version() -> str:\n            return '1'\n"
                "        @self._app.get('/own')\n"
                "        async def own() -> str:\n            return 'x'\n"
                "    async def items(self) -> list[str]:\n        return []\n"
                "    def app(self) -> FastAPI:\n        return self._app\n"
                "def make() -> FastAPI:\n    return FastAPI()\n"
                "tenant = make()\n"
                "server = Server()\n"
                "server_app = server.app()\n"
                "server_app.host('{t}.example.com', tenant)\n"
            ),
        },
    )
    app = p.apps["srv.server.Server.<self>._app"]
    assert app.kind == "app" and app.label == "srv.server.Server._app"
    assert p.app_for("srv.server.server_app") is app  # through ``return self._app``
    assert p.apps["srv.server.make.<return>"].label == "srv.server.make()"
    assert p.app_for("srv.server.tenant") is p.apps["srv.server.make.<return>"]
    assert p.apps["srv.server.Server.__init__.<locals>.versioned"].kind == "router"
    paths = {r.function.qname: tuple(r.full_paths) for r in p.routes}
    assert paths["srv.server.Server.items"] == ("/api/items",)
    assert paths["srv.server.Server.__init__.<locals>.version"] == ("/v",)
    assert paths["srv.server.Server.__init__.<locals>.own"] == ("/own",)
    assert p.main_app() is app  # the mounted tenant app is not the main one


def test_a_binding_wins_over_a_subpackage_of_the_same_dotted_name(tmp_path):
    # auditing the package folder itself: ``ui/ui.py`` is module ``ui``, and ``ui.app``
    # is both its binding ``app`` and the subpackage ``ui/app/`` (aliased ``ui.app``)
    root = tmp_path / "ui"
    p = model(
        root,
        {
            "__init__.py": "from .ui import app\n",
            "app/__init__.py": "from .app import App\n",
            "app/app.py": "from fastapi import FastAPI\nclass App(FastAPI):\n    pass\n",
            "core.py": "app = None\n",
            "ui.py": (
                "from . import core\n"
                "from .app import App\n"
                "core.app = app = App()\n"
                "@app.get('/ping')\n"
                "def ping() -> str:\n    return 'pong'\n"
            ),
        },
    )
    assert p.module_for_name("ui.app") is p.modules["ui"]
    assert p.module_for_name("ui.app.App") is p.modules["app"]  # the subpackage's class
    assert [a.qname for a in p.fastapi_apps] == ["ui.app"]
    assert [r.receiver.qname for r in p.routes] == ["ui.app"]


def test_tst002_counts_the_files_that_define_tests(tmp_path):
    from auditor.check import Example

    example = Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            "tests/__init__.py": "",
            "tests/data.py": "ROWS = [1, 2]\n",
            "tests/test_units.py": "def test_sum() -> None:\n    assert 1 + 1 == 2\n",
            "templates/starter/test_workflow.py": "def run_demo() -> None:\n    pass\n",
        }
    )
    findings, _ = run_example(TestSuitePresent, example, tmp_path)
    assert [f.message.split(" but ")[0] for f in findings] == [
        "test files exist (1 file defining tests)"
    ]
    assert findings[0].confidence == "medium"


def test_a_coroutine_only_asyncio_run_drives_is_on_a_loop_of_its_own(tmp_path):
    p = model(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/main.py": (
                "import asyncio\n"
                "from fastapi import FastAPI\n"
                "from app import remote\n"
                "app = FastAPI()\n"
                "def load_plugin(url: str) -> bytes:\n"
                "    return asyncio.run(_fetch(url))\n"
                "async def _fetch(url: str) -> bytes:\n"
                "    return await remote.download(url)\n"
                "def replay() -> None:\n"
                "    loop = asyncio.new_event_loop()\n"
                "    loop.run_until_complete(remote.replay())\n"
                "@app.get('/items')\n"
                "async def items() -> list[str]:\n"
                "    asyncio.create_task(remote.refresh())\n"
                "    return []\n"
                "async def also_awaited() -> None:\n"
                "    await remote.refresh()\n"
                "def refresh_now() -> None:\n"
                "    asyncio.run(remote.refresh())\n"
            ),
            "app/remote.py": (
                "async def download(url: str) -> bytes:\n    return b''\n"
                "async def replay() -> None:\n    pass\n"
                "async def refresh() -> None:\n    pass\n"
            ),
        },
    )
    kind = {q: r.kind for q, r in p.reachability.items()}
    assert kind["app.main._fetch"] == "loop"
    assert kind["app.remote.download"] == "loop"  # awaited by it, in another module
    assert kind["app.remote.replay"] == "loop"
    assert kind.get("app.remote.refresh") != "loop"  # also a task and awaited elsewhere
    assert p.off_request_path("app.remote.download") is not None


def test_a_private_loop_follows_the_methods_its_coroutine_awaits_on_its_own_object(tmp_path):
    # H10 (agentscope-runtime): a command drives ``deployer.deploy()`` with ``asyncio.run``;
    # the helpers ``deploy`` awaits on ``self`` run on that loop too, unless something in
    # what it awaits starts work beside it (a task, a gather, a server)
    p = model(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/main.py": (
                "from fastapi import FastAPI\n"
                "app = FastAPI()\n"
                "@app.get('/items')\n"
                "async def items() -> list[str]:\n"
                "    return []\n"
            ),
            "app/deploy.py": (
                "import asyncio\n"
                "import subprocess\n"
                "class Deployer:\n"
                "    async def deploy(self) -> None:\n"
                "        await self._build()\n"
                "    async def _build(self) -> None:\n"
                "        subprocess.run(['docker', 'build', '.'])\n"
                "        render('uvicorn main:app')  # a string names no server: gather\n"
                "class Watcher:\n"
                "    async def watch(self) -> None:\n"
                "        await self._poll()\n"
                "    async def _poll(self) -> None:\n"
                "        await asyncio.gather(self._tick(), self._tick())\n"
                "    async def _tick(self) -> None:\n"
                "        subprocess.run(['true'])\n"
                "def render(text: str) -> str:\n"
                "    return text\n"
                "def deploy_command() -> None:\n"
                "    deployer = Deployer()\n"
                "    asyncio.run(deployer.deploy())\n"
                "def watch_command() -> None:\n"
                "    watcher = Watcher()\n"
                "    asyncio.run(watcher.watch())\n"
            ),
        },
    )
    kind = {q: r.kind for q, r in p.reachability.items()}
    assert kind["app.deploy.Deployer.deploy"] == "loop"
    assert kind["app.deploy.Deployer._build"] == "loop"  # awaited on self, on the same loop
    assert kind["app.deploy.Watcher.watch"] == "loop"
    assert "app.deploy.Watcher._poll" not in kind  # its loop runs a gather beside it
    assert "app.deploy.Watcher._tick" not in kind


def test_only_code_names_concurrent_work_not_its_strings_or_comments():
    from auditor.scope import _starts_concurrent_work

    assert _starts_concurrent_work("    async def f():\n        await asyncio.gather(a(), b())\n")
    assert _starts_concurrent_work("def f():\n    uvicorn.run(app)\n")
    assert not _starts_concurrent_work("def f():\n    return 'uvicorn.run(app)'  # gather\n")
    assert not _starts_concurrent_work("def f():\n    return waiter()\n")
    assert _starts_concurrent_work("def f(:\n    'uvicorn\n")  # unreadable: read whole


def test_a_registry_that_looks_routers_up_by_name_leaves_the_routes_incomplete(tmp_path):
    p = model(
        tmp_path,
        {
            "app/main.py": (
                "import importlib\n"
                "from fastapi import FastAPI\n"
                "app = FastAPI()\n"
                "FEATURES = ['app.health']\n"
                "def register(target: FastAPI) -> None:\n"
                "    for path in FEATURES:\n"
                "        module = importlib.import_module(path)\n"
                "        target.include_router(getattr(module, 'router'))\n"
                "register(app)\n"
            ),
            "app/health.py": (
                "from fastapi import APIRouter\n"
                "router = APIRouter()\n"
                "@router.get('/healthz')\n"
                "def healthz() -> str:\n    return 'ok'\n"
            ),
        },
    )
    routes = p.completeness(("app",), routes=True)
    assert not routes.complete
    assert "app/main.py:8" in routes.reasons[0] and "run time" in routes.reasons[0]


def test_a_request_that_runs_a_coroutine_on_its_own_loop_does_not_share_it(tmp_path):
    p = model(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/main.py": (
                "import asyncio\n"
                "from fastapi import FastAPI\n"
                "app = FastAPI()\n"
                "async def fetch(url: str) -> bytes:\n"
                "    return b''\n"
                "@app.get('/plugin')\n"
                "def plugin(url: str) -> int:\n"
                "    return len(asyncio.run(fetch(url)))\n"
            ),
        },
    )
    assert p.reach("app.main.plugin").kind == "request"
    assert p.reach("app.main.fetch").kind == "loop"


def test_a_project_router_subclass_and_a_host_route_are_read(tmp_path):
    # issue 10, class 4: a router class the project derives from APIRouter is a router (its
    # routes count, so absence checks see them), and an app served by a starlette ``Host``
    # route is mounted, not a stray second app
    p = model(
        tmp_path,
        {
            "svc/__init__.py": "",
            "svc/routing.py": (
                "from fastapi import APIRouter\n"
                "class VersionedRouter(APIRouter):\n"
                "    version = 1\n"
                "class BetaRouter(VersionedRouter):\n"
                "    pass\n"
            ),
            "svc/tenants.py": "from fastapi import FastAPI\ntenant_app = FastAPI()\n",
            "svc/main.py": (
                "from fastapi import FastAPI\n"
                "from starlette.routing import Host\n"
                "from svc.routing import BetaRouter, VersionedRouter\n"
                "from svc.tenants import tenant_app\n"
                "app = FastAPI(routes=[Host('{tenant}.example.com', tenant_app)])\n"
                "ops = VersionedRouter(prefix='/ops')\n"
                "beta = BetaRouter(prefix='/beta')\n"
                "@ops.get('/healthz')\n"
                "async def healthz() -> str:\n    return 'ok'\n"
                "@beta.get('/items')\n"
                "async def items() -> list[str]:\n    return []\n"
                "app.include_router(ops)\n"
                "app.include_router(beta)\n"
            ),
        },
    )
    assert p.apps["svc.main.ops"].kind == "router"
    assert p.apps["svc.main.beta"].kind == "router"
    paths = {r.function.qname: tuple(r.full_paths) for r in p.routes}
    assert paths == {"svc.main.healthz": ("/ops/healthz",), "svc.main.items": ("/beta/items",)}
    assert p.main_app() is p.app_for("svc.main.app")
    report = audit(tmp_path, Options(use_cache=False, select=["STR001"]))
    assert [f for f in report.report.findings if f.path == "svc/tenants.py"] == []


def test_split_module_keeps_its_answers_and_hands_out_fresh_lists(tmp_path):
    p = model(tmp_path / "s", SERVER)
    for qname in ("pkg.server.app.app", "pkg.common.helpers.pong", "pkg.sdk.Client", "os.getenv"):
        first = p.split_module(qname)
        assert first == p._split_module(qname)  # the kept answer is the computed one
        first[1].append("mutated")  # a caller's list is its own
        assert p.split_module(qname) == p._split_module(qname)
    assert p.split_module("pkg.common.helpers.pong") == (p.modules["pkg.common.helpers"], ["pong"])
    assert p.split_module("os.getenv") == (None, ["os", "getenv"])


def test_unreferenced_and_named_uses_skip_files_without_the_names(tmp_path):
    # the substring test before the token search: files that never spell the name are
    # skipped, the ones that do are still read token by token
    files = {
        **SERVER,
        "pkg/common/old.py": "def legacy() -> None:\n    pass\n\n\ndef kept() -> None:\n    pass\n",
        "pkg/common/user.py": "from pkg.common.old import kept\n\n# legacy is not called\nkept()\n",
    }
    p = model(tmp_path / "u", files)
    old = p.modules["pkg.common.old"].functions
    from auditor.scope import named_uses, unreferenced

    gone = unreferenced(p, [old["pkg.common.old.legacy"], old["pkg.common.old.kept"]])
    assert gone == {"pkg.common.old.legacy"}  # a comment is no reference
    uses = named_uses(p, ["kept", "legacy", "nowhere"])
    assert uses is not None
    assert [(u.path, u.kind) for u in uses["kept"]] == [
        ("pkg/common/user.py", "import"),
        ("pkg/common/user.py", "call"),
    ]
    assert uses["legacy"] == [] and uses["nowhere"] == []


def test_unreferenced_reads_no_file_that_could_not_change_its_answer(tmp_path, monkeypatch):
    # once every name a file holds is referred to elsewhere, its tokens cannot change the
    # answer: it is not tokenized (round 56: ASY003's coroutines are named in hundreds of
    # litellm's files)
    files = {
        **SERVER,
        "pkg/common/old.py": "def legacy() -> None:\n    pass\n\n\ndef kept() -> None:\n    pass\n",
        "pkg/common/a.py": "from pkg.common.old import kept\n\nkept()\n",
        "pkg/common/b.py": "from pkg.common.old import kept\n\nkept()\n",
        "pkg/common/c.py": "# legacy, kept\n",
    }
    p = model(tmp_path / "r", files)
    old = p.modules["pkg.common.old"].functions
    from auditor import scope
    from auditor.scope import unreferenced

    # (the uses of a named function are read from every file naming it: not asked here)
    monkeypatch.setattr(scope, "_used_only_by_dead_code", lambda project, functions: set())

    gone = unreferenced(p, [old["pkg.common.old.legacy"], old["pkg.common.old.kept"]])
    assert gone == {"pkg.common.old.legacy"}
    read = set(p.referred_functions)
    assert "pkg/common/old.py" in read  # it holds ``legacy``, referred to nowhere yet
    assert "pkg/common/c.py" in read  # its comment names ``legacy``: read, no reference
    assert len(read & {"pkg/common/a.py", "pkg/common/b.py"}) == 1  # the second is skipped


def test_named_uses_reads_the_fields_of_f_strings(tmp_path):
    # before Python 3.12 an f-string is one STRING token: the names in its replacement
    # fields are uses all the same (fastapi-backend-template src/repository/database.py:16
    # puts ``settings.DB_MYSQL_PASSWORD`` into the engine URL); its literal text is not
    files = {
        **SERVER,
        "pkg/common/db.py": (
            "from pkg.common.conf import settings\n\n"
            "URL = (\n"
            '    f"mysql://{settings.DB_USER}:{settings.DB_PASSWORD}"\n'
            "    f\"@{settings.host_for('db')}/db\"\n"
            ")\n"
            'NOTE = f"DB_NAME is {len(URL)} long"\n'
            'PLAIN = "{settings.DB_NAME}"\n'
        ),
    }
    p = model(tmp_path / "f", files)
    from auditor.scope import named_uses

    uses = named_uses(p, ["DB_PASSWORD", "DB_NAME", "host_for"])
    assert uses is not None
    assert [(u.path, u.line, u.kind) for u in uses["DB_PASSWORD"]] == [
        ("pkg/common/db.py", 4, "reference")
    ]
    assert [(u.line, u.kind) for u in uses["host_for"]] == [(5, "call")]
    assert uses["DB_NAME"] == []  # literal text of an f-string, and a plain string


def test_named_uses_reads_generic_annotations_as_types(tmp_path):
    # a class named inside a subscripted annotation builds nothing (sovyx
    # voice/device_test/_session.py: ``self._sessions: dict[str, list[TestSession]] = {}``,
    # ``-> list[TestSession]``); a subscript, a call or a display on the way out is a use
    files = {
        **SERVER,
        "pkg/common/meter.py": (
            "from typing import Optional\n\n\n"
            "class Meter:\n    pass\n\n\n"
            "class Registry:\n"
            "    def __init__(self) -> None:\n"
            "        self._all: dict[str, list[Meter]] = {}\n\n"
            "    def pick(self, first: Optional[Meter], rest: list[Meter] = []) -> list[Meter]:\n"
            "        kept: typing.Optional[Meter] = None\n"
            "        return [first]\n\n\n"
            "FACTORIES: list[type[Meter]] = [Meter]\n"
            "BY_KIND = registry[Meter]\n"
            "HOOKS: Callable[[Meter], None] = make(Meter)\n"
        ),
    }
    p = model(tmp_path / "g", files)
    from auditor.scope import named_uses

    uses = named_uses(p, ["Meter"])
    assert uses is not None
    assert [(u.line, u.kind) for u in uses["Meter"]] == [
        (10, "type"),
        (12, "type"),
        (12, "type"),
        (12, "type"),
        (13, "type"),
        (17, "type"),
        (17, "reference"),
        (18, "reference"),
        (19, "reference"),
        (19, "reference"),
    ]


def test_dead_code_follows_uses_through_classes_and_dead_callers(tmp_path):
    files = {
        **SERVER,
        "pkg/common/engines.py": """\
class Base:
    def run(self) -> None:
        self._step()


class Sub(Base):
    def _step(self) -> None:
        pass


class Mixin:
    def go(self) -> None:
        self._hook()


class Hooked:
    def _hook(self) -> None:
        pass


class Both(Mixin, Hooked):
    pass


class Lone:
    def _hook(self) -> None:
        pass

    def _tested(self) -> None:
        pass


def tick() -> None:
    tock()


def tock() -> None:
    tick()


Both().go()
Sub().run()
""",
        "tests/test_engines.py": "from pkg.common.engines import Lone\n\nLone()._tested()\n",
    }
    p = model(tmp_path / "d", files)
    fns = p.modules["pkg.common.engines"].functions
    from auditor.scope import unreferenced

    gone = unreferenced(p, fns.values())
    # an override the base calls on self, a mixin's self call on a class both share: alive;
    # an unrelated class's self._hook, a test's call of a private method, a cycle: dead
    assert gone == {
        "pkg.common.engines.Lone._hook",
        "pkg.common.engines.Lone._tested",
        "pkg.common.engines.tick",
        "pkg.common.engines.tock",
    }


def test_dead_chains_are_not_followed_past_the_source_budget(tmp_path, monkeypatch):
    """Following uses tokenizes every file that names a candidate: past MAX_USES_BYTES of
    source (a 43 MB tree spent 30 s there) the uses are unknown, so every use counts as live
    and the findings stay; below it the same chain is dead."""
    import auditor.scope as scope

    files = {
        **SERVER,
        "pkg/common/chain.py": "def head() -> None:\n    tail()\n\n\ndef tail() -> None:\n    pass\n",
    }
    p = model(tmp_path / "b", files)
    fns = p.modules["pkg.common.chain"].functions
    assert "pkg.common.chain.tail" in scope.unreferenced(p, fns.values())
    p = model(tmp_path / "b2", files)
    monkeypatch.setattr(scope, "MAX_USES_BYTES", 10)
    gone = scope.unreferenced(p, fns.values())
    assert "pkg.common.chain.head" in gone  # named nowhere: dead without following uses
    assert "pkg.common.chain.tail" not in gone  # named by head: its uses are not followed


def test_function_uses_are_read_token_by_token_with_their_kinds():
    """Each use of a wanted name, with its kind, from a streamed token window: an import not
    renamed, an ``__all__`` string, ``self.name`` / ``cls.name`` (not ``a.self.name``), any
    other attribute, ``name.attr``, a ``"prefix:name"`` string, any other name or one-word
    string; ``def name`` and a renaming import's name are not uses."""
    from auditor.scope import _function_uses

    source = (
        b"from pkg.mod import compute, other as renamed\n"
        b"__all__ = ['compute']\n"
        b"def compute():\n"
        b"    self.compute()\n"
        b"    cls.compute()\n"
        b"    a.self.compute()\n"
        b"    getattr(x, 'compute')  # compute in a comment is no use\n"
        b"    return other\n"
    )
    assert _function_uses(source, {"compute", "other"}) == {
        "compute": [(1, "import"), (2, "all"), (4, "self"), (5, "self"), (6, "attr"), (7, "ref")],
        "other": [(1, "ref"), (8, "ref")],
    }
    # ``name.attr`` (the name as the object read from) and a ``"prefix:name"`` string
    assert _function_uses(b"upload.run()\nS = 'files:upload'\n", {"upload"}) == {
        "upload": [(1, "base"), (2, "colon:files")]
    }
    # a one-word string is a use as a call's argument (and keeps its leading ``u``), not
    # among data -- unless the file looks names up at run time
    assert _function_uses(
        b"register('upload')\nT = ('k', 'upload')\nS = {'upload'}\nif ('upload'):\n    g()\n",
        {"upload"},
    ) == {"upload": [(1, "ref")]}
    assert _function_uses(b"T = ('k', 'upload')\nf = getattr(m, T[1])\n", {"upload"}) == {
        "upload": [(1, "ref")]
    }
    assert _function_uses(b'def f(:\n  x = """\n', {"f"}) is None


def test_one_pass_reads_uses_and_references_as_the_two_readings_do(tmp_path):
    """``_uses_and_references`` reads a file's uses (:func:`_function_uses`) and the names it
    refers to (``_names_referred_to``) from one pass of the tokenizer: both answers are the
    two readings' own, and ``_read_names`` keeps both, whichever question asks first."""
    from auditor import scope

    wanted = {"compute": "compute", "other": "other", "upload": "upload"}
    texts = [
        b"from pkg.mod import compute, other as renamed\n__all__ = ['compute']\n"
        b"def compute():\n    self.compute()\n    getattr(x, 'compute')  # compute\n"
        b"    return other\n",
        b"upload.run()\nS = 'files:upload'\nT = ('k', 'pkg.upload')\ndef\nother\n",
        b"def upload(): pass\n# other\nx = 'a b upload'\n",
        b'def f(:\n  x = """\n',
        b"",
    ]
    for text in texts:
        uses, referred = scope._uses_and_references(text, wanted)
        assert uses == scope._function_uses(text, set(wanted)), text
        assert referred == scope._names_referred_to(text, wanted), text
    files = {f"pkg/m{k}.py": t.decode() for k, t in enumerate(texts[:3])}
    for first_uses in (False, True):  # either question first: the same answers
        p = model(tmp_path / str(first_uses), {"pkg/__init__.py": "", **files})
        for path in sorted(files):
            data = p.repo.read_bytes(path)
            for for_uses in (first_uses, not first_uses):  # as ``_uses`` / ``unreferenced`` ask
                held = p.function_uses if for_uses else p.referred_functions
                if path not in held:
                    scope._read_names(p, path, data, wanted)
            assert p.function_uses[path] == scope._function_uses(data, set(wanted))
            assert p.referred_functions[path] == scope._names_referred_to(data, wanted)


def test_function_keeps_answers_asked_outside_a_resolution_only(tmp_path):
    p = model(tmp_path / "f", SERVER)
    q = "pkg.common.helpers.pong"
    assert p.function(q) is p._function(q) is not None
    assert q in p._function_cache and p.function("pkg.nothing") is None
    p._function_cache.clear()
    p._resolving.add("pkg.somewhere")  # as inside Project.resolve: answers are not kept
    try:
        assert p.function(q) is p._function(q)
        assert p._function_cache == {}
    finally:
        p._resolving.discard("pkg.somewhere")


def test_named_uses_tokenizes_only_the_statements_that_name_them(tmp_path, monkeypatch):
    """named_uses reads the top-level statements whose lines spell a name, not whole files:
    the answer is the whole file's, to the line and kind (a name in a docstring or a
    multi-line string is no use, decorators belong to their function, lines are the file's),
    and a file with ``\\r`` line ends is read whole."""
    import tokenize

    import auditor.scope as scope

    body = '''\
"""Module docstring naming target() in prose."""
import os

TEXT = """
target(1) in a string
"""


@decorate(target)
def user() -> None:
    """target"""
    value = target(2)
    os.environ.get(target.__name__)


class Holder:
    field: target

    def method(self) -> None:
        return target(
            3,
        )


# target in a comment
other = 1
'''
    files = {**SERVER, "pkg/common/uses.py": body, "pkg/common/crlf.py": "x = target(4)\r\n"}
    p = model(tmp_path / "w", files)
    read: list[bytes] = []
    real = tokenize.tokenize

    def spy(readline):
        chunk = b"".join(iter(readline, b""))
        read.append(chunk)
        lines = iter(chunk.splitlines(keepends=True))
        return real(lambda: next(lines, b""))

    monkeypatch.setattr(tokenize, "tokenize", spy)
    windows = scope.named_uses(p, ["target"])
    assert windows is not None
    got = [(u.path, u.line, u.kind) for u in windows["target"]]
    assert got == [
        ("pkg/common/crlf.py", 1, "call"),
        ("pkg/common/uses.py", 9, "reference"),
        ("pkg/common/uses.py", 12, "call"),
        ("pkg/common/uses.py", 13, "reference"),
        ("pkg/common/uses.py", 17, "type"),
        ("pkg/common/uses.py", 20, "call"),
    ]
    assert b"other = 1" not in b"".join(read) and b"import os" not in b"".join(read)
    assert b"x = target(4)\r\n" in read, "the \\r file is read whole"
    # the same answer as reading every file whole
    read.clear()
    monkeypatch.setattr(
        scope, "_statements_naming", lambda project, path, data, wanted: [(0, data)]
    )
    whole = scope.named_uses(p, ["target"])
    assert whole is not None
    assert [(u.path, u.line, u.kind) for u in whole["target"]] == got


def test_a_nested_def_of_the_same_name_is_not_a_use_of_the_command_function(tmp_path):
    # fastapi-keygate: `run` of quickstart.py is called only by the console script's main();
    # dashboard.py's `db()` defines its own `def run()` and hands it to a thread: that bare
    # `run` is the local, not a use of quickstart.run outside the command line
    from auditor.scope import command_line_only

    project = model(
        tmp_path,
        {
            "kg/__init__.py": "",
            "kg/cli.py": (
                "import argparse\n"
                "def main() -> int:\n"
                "    args = argparse.ArgumentParser().parse_args()\n"
                "    from .quickstart import run\n"
                "    return run(args.db)\n"
                "if __name__ == '__main__':\n"
                "    main()\n"
            ),
            "kg/quickstart.py": (
                "import uvicorn\n"
                "from fastapi import FastAPI\n"
                "def build_app() -> FastAPI:\n"
                "    app = FastAPI()\n"
                "    return app\n"
                "def run(db: str) -> int:\n"
                "    app = build_app()\n"
                "    print(db)\n"
                "    uvicorn.run(app)\n"
                "    return 0\n"
            ),
            "kg/dashboard.py": (
                "from typing import Any\n"
                "import anyio\n"
                "async def db(fn: Any) -> Any:\n"
                "    def run() -> Any:\n"
                "        return fn(1)\n"
                "    return await anyio.to_thread.run_sync(run)\n"
                "from fastapi import APIRouter\n"
                "router = APIRouter()\n"
                "@router.get('/x')\n"
                "async def other() -> Any:\n"
                "    return run(2)\n"
            ),
        },
    )
    quick = project.function("kg.quickstart.run")
    assert quick is not None
    # the route `other()` names a `run` dashboard does not define: it may be this one
    assert command_line_only(project, [quick]) == set()
    (tmp_path / "kg/dashboard.py").write_text(
        "from typing import Any\n"
        "import anyio\n"
        "from fastapi import APIRouter\n"
        "router = APIRouter()\n"
        "async def db(fn: Any) -> Any:\n"
        "    def run() -> Any:\n"
        "        return fn(1)\n"
        "    return await anyio.to_thread.run_sync(run)\n"
        "@router.get('/x')\n"
        "async def other() -> Any:\n"
        "    return await db(len)\n"
    )
    project = audit(tmp_path, Options(use_cache=False, select=["STR001"])).project
    quick = project.function("kg.quickstart.run")
    assert quick is not None
    assert command_line_only(project, [quick]) == {"kg.quickstart.run"}


DEAD_CHAINS = {
    "pkg/__init__.py": "",
    "pkg/main.py": (
        "from fastapi import FastAPI\n"
        "from pkg import store, worker\n"
        "app = FastAPI()\n"
        "@app.get('/ping')\n"
        "async def ping() -> str:\n"
        "    return 'pong'\n"
    ),
    "pkg/store.py": (
        "class Importer:\n"
        "    async def import_all(self, paths):\n"
        "        for p in paths:\n"
        "            await self._read_one(p)\n"
        "    async def _read_one(self, path):\n"
        "        with open(path) as fh:\n"
        "            return fh.read()\n"
        "async def _scan(path):\n"
        "    with open(path) as fh:\n"
        "        return fh.read()\n"
        "async def mid(path):\n"
        "    return await _scan(path)\n"
        "async def step(path):\n"
        "    return await mid(path)\n"
    ),
    # a module of many bytes that names ``step``'s only user, ``process``
    "pkg/worker.py": (
        "from pkg.store import step\n"
        "async def process(path):\n"
        "    return await step(path)\n"
        + "# padding\n" * 4000
        + "def go(x):\n    return x.process\n"
    ),
}


def test_a_dead_chain_read_in_full_stays_dead_when_another_runs_out_of_budget(
    tmp_path, monkeypatch
):
    # ``_read_one`` is used only by ``import_all``, which nothing names: dead, read in two
    # rounds; ``_scan``'s chain reaches ``process``, whose uses lie in a file too large for
    # the budget: unknown, so ``process``, ``step``, ``mid`` and ``_scan`` are alive (mcp-memory-service
    # sync/importer.py:138 was reported once a far chain spent the budget)
    import auditor.scope as scope

    for rel, src in DEAD_CHAINS.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(src)
    monkeypatch.setattr(scope, "MAX_USES_BYTES", len(DEAD_CHAINS["pkg/store.py"]) + 1000)
    r = audit(tmp_path, Options(use_cache=False, select=["ASY002"], jobs=1))
    assert {(f.path, f.line) for f in r.report.findings} == {("pkg/store.py", 9)}


DEAD_BASE = {
    "svc/__init__.py": "",
    "svc/clock.py": "def tick() -> int:\n    return 1\n",
    "svc/main.py": (
        "from fastapi import FastAPI\n"
        "from svc.clock import tick\n"
        "app = FastAPI()\n"
        "@app.get('/tick')\n"
        "def get_tick() -> int:\n"
        "    return tick()\n"
    ),
    "svc/stray.py": "def stamp() -> int:\n    return 2\n",
}


def test_a_stray_module_nothing_imports_or_names_is_dead(tmp_path):
    """:attr:`Project.dead_module_paths`: a module of the served package that no module
    imports, no other file names by its dotted name and that cannot run itself."""
    assert model(tmp_path, DEAD_BASE).dead_module_paths == {"svc/stray.py"}


def test_an_imported_named_or_runnable_module_is_not_dead(tmp_path):
    """Any importer (even a test), the dotted name in a document (a table of files naming
    only the path does not count), its file name in another module's code, a ``__main__``
    block, or a subpackage whose docstring shows its import keeps a module."""
    cases = {
        "imported": {"tests/test_stray.py": "from svc.stray import stamp\n"},
        "named": {"README.md": "Run `python -c 'import svc.stray'`\n"},
        "pointed at": {"svc/clock.py": DEAD_BASE["svc/clock.py"] + "# the stamps: stray.py\n"},
        "main": {
            "svc/stray.py": DEAD_BASE["svc/stray.py"] + "if __name__ == '__main__':\n    stamp()\n"
        },
    }
    for k, extra in cases.items():
        project = model(tmp_path / k, {**DEAD_BASE, **extra})
        assert project.dead_module_paths == frozenset(), k
    listed = model(tmp_path / "listed", {**DEAD_BASE, "docs/files.md": "svc/stray.py\n"})
    assert listed.dead_module_paths == {"svc/stray.py"}
    public = {
        **DEAD_BASE,
        "svc/client/__init__.py": '"""Example: >>> import svc.client"""\nfrom .http import get\n',
        "svc/client/http.py": "def get() -> int:\n    return 3\n",
        "svc/client/extra.py": "def more() -> int:\n    return 4\n",
        "svc/stray.py": "from svc.clock import tick\n",
        "svc/clock.py": "from svc.client.http import get\n\ndef tick() -> int:\n    return get()\n",
    }
    assert model(tmp_path / "public", public).dead_module_paths == {"svc/stray.py"}
    private = {**public, "svc/client/__init__.py": "from .http import get\n"}
    assert model(tmp_path / "private", private).dead_module_paths == {
        "svc/stray.py",
        "svc/client/extra.py",
    }


def test_unreferenced_takes_class_and_static_methods_but_not_registered_functions(tmp_path):
    """``classmethod`` and ``staticmethod`` only change how a method binds: one nothing
    names is dead; a function a decorator may register somewhere is not."""
    files = {
        **SERVER,
        "pkg/common/sources.py": """\
import functools


class Disk:
    @classmethod
    async def fetch(cls, path: str) -> bytes:
        return b""

    @staticmethod
    def size(path: str) -> int:
        return 0

    @classmethod
    def used(cls) -> str:
        return "disk"


@functools.singledispatch
def render(value: object) -> str:
    return ""


print(Disk.used())
""",
    }
    p = model(tmp_path / "d", files)
    fns = p.modules["pkg.common.sources"].functions
    from auditor.scope import unreferenced

    assert unreferenced(p, fns.values()) == {
        "pkg.common.sources.Disk.fetch",
        "pkg.common.sources.Disk.size",
    }


def test_a_nested_function_its_enclosing_function_never_names_is_dead(tmp_path):
    files = {
        **SERVER,
        "pkg/common/steps.py": """\
import asyncio

from fastapi import APIRouter

router = APIRouter()


def build() -> None:
    def _unused() -> None:
        pass

    def _called() -> None:
        pass

    def _returned() -> None:
        pass

    @router.get("/nested")
    def _registered() -> None:
        pass

    _called()
    return _returned


def peek() -> None:
    def _looked_up() -> None:
        pass

    print(locals())


def hands_on() -> None:
    def _callback() -> None:
        pass

    def _idle() -> None:
        pass

    asyncio.get_running_loop().call_soon(_callback)
""",
    }
    p = model(tmp_path / "d", files)
    fns = p.modules["pkg.common.steps"].functions
    from auditor.scope import unreferenced

    gone = unreferenced(p, [f for q, f in fns.items() if ".<locals>." in q])
    # a call, a callback handed on, a return, a registering decorator, a function reading
    # its locals() keep theirs
    assert gone == {
        "pkg.common.steps.build.<locals>._unused",
        "pkg.common.steps.hands_on.<locals>._idle",
    }


def test_a_function_called_only_inside_an_f_string_is_named_there():
    """Before Python 3.12 an f-string is one token: a private helper whose only calls sit in
    replacement fields (``f"{_base()}/gateway"``) was read as named nowhere, so the dead-code
    facts called it dead when its caller was reached only by name (lightclaw's QQ channel,
    loaded from a plugin table), and every check that asks dead code fell silent in it."""
    from auditor import scope

    src = b'def gateway():\n    return f"{_base()}/gateway and {{_literal}}"\n'
    wanted = {"_base": "_base", "_literal": "_literal", "gateway": "gateway"}
    assert scope._names_referred_to(src, wanted) == frozenset({"_base"})
    assert scope._function_uses(src, set(wanted)) == {"_base": [(2, "ref")]}
    assert scope._fstring_names('rf"{a.b!r:>{width}}"') == ["a", "b", "r", "width"]
    assert scope._fstring_names('"{plain}"') == []


def test_celery_tasks_and_worker_signal_handlers_run_in_the_worker(tmp_path):
    p = model(
        tmp_path,
        {
            "svc/__init__.py": "",
            "svc/worker.py": ("from celery import Celery\napp = Celery('svc')\n"),
            "svc/tasks.py": (
                "from celery.signals import before_task_publish, worker_process_init\n"
                "from svc.worker import app\n"
                "@app.task(bind=True)\n"
                "async def run(self) -> None:\n"
                "    await record()\n"
                "async def record() -> None:\n"
                "    pass\n"
                "@worker_process_init.connect\n"
                "def opened(**kwargs: object) -> None:\n"
                "    pass\n"
                "@before_task_publish.connect\n"
                "def published(**kwargs: object) -> None:\n"
                "    pass\n"
            ),
            "svc/main.py": (
                "from fastapi import FastAPI\n"
                "from svc import tasks\n"
                "api = FastAPI()\n"
                "@api.post('/runs')\n"
                "def start() -> None:\n"
                "    tasks.run.delay()\n"
            ),
        },
    )
    kind = {q: r.kind for q, r in p.reachability.items()}
    assert kind["svc.tasks.run"] == "job"  # ``@app.task`` of a Celery application
    assert kind["svc.tasks.record"] == "job"  # awaited by the task only
    assert kind["svc.tasks.opened"] == "job"  # a signal only the worker sends
    assert "svc.tasks.published" not in kind  # sent by the publisher: the server too


#: Two dead chains in files of ~3,000 bytes each: ``_nap`` (a blocking sleep, ASY001) is
#: named only by ``_drive``, ``_load`` (a blocking read, ASY002) only by ``_load_all``, and
#: nothing names either of those.
TWO_CHAINS = {
    "pkg/__init__.py": "",
    "pkg/main.py": (
        "from fastapi import FastAPI\n"
        "from pkg import files, jobs\n"
        "app = FastAPI()\n"
        "@app.get('/ping')\n"
        "async def ping() -> str:\n"
        "    return 'pong'\n"
    ),
    "pkg/jobs.py": (
        "import time\n"
        "async def _nap() -> None:\n"
        "    time.sleep(1)\n"
        "async def _drive() -> None:\n"
        "    await _nap()\n" + "# padding\n" * 300
    ),
    "pkg/files.py": (
        "async def _load(path):\n"
        "    with open(path) as fh:\n"
        "        return fh.read()\n"
        "async def _load_all(paths):\n"
        "    for p in paths:\n"
        "        await _load(p)\n" + "# padding\n" * 300
    ),
}


def _chains_budget(monkeypatch) -> None:
    """A budget that affords either chain's file alone, never both."""
    import auditor.scope as scope

    each = max(len(TWO_CHAINS["pkg/jobs.py"]), len(TWO_CHAINS["pkg/files.py"]))
    monkeypatch.setattr(scope, "MAX_USES_BYTES", each + 1000)


def test_dead_code_answers_do_not_depend_on_the_questions_asked_before(tmp_path, monkeypatch):
    """Each question reads its names' uses under a budget of its own
    (:class:`auditor.scope.UsesBudget`): asked in either order, in one process, two
    questions that each fit get the answers each gets alone (a budget spent across
    questions left the second one's uses unknown, so its function alive)."""
    _chains_budget(monkeypatch)
    answers = []
    for order in ((0, 1), (1, 0)):
        p = model(tmp_path / str(order), TWO_CHAINS)
        questions = (["pkg.jobs._nap"], ["pkg.files._load"])
        got = {k: p.dead_code(questions[k]) for k in order}
        answers.append(got)
    assert answers[0] == answers[1] == {0: {"pkg.jobs._nap"}, 1: {"pkg.files._load"}}


def test_a_check_reports_under_select_what_it_reports_in_a_default_audit(tmp_path, monkeypatch):
    """ASY002 drops a blocking read in dead code whether ASY001 asked about its own dead
    chain before it in the same process (a default audit) or not (``--select ASY002``): the
    two reports agree.  Past the budget the chain is unknown and the read is reported."""
    import auditor.scope as scope

    for rel, src in TWO_CHAINS.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(src)

    def asy002(select: list[str]) -> set[tuple[str | None, int | None]]:
        r = audit(tmp_path, Options(use_cache=False, select=select, jobs=1))
        return {(f.path, f.line) for f in r.report.findings if f.check_id == "ASY002"}

    monkeypatch.setattr(scope, "MAX_USES_BYTES", 10)
    assert asy002(["ASY002"]) == {("pkg/files.py", 2)}
    _chains_budget(monkeypatch)
    assert asy002(["ASY002"]) == set()
    assert asy002(["ASY001", "ASY002"]) == set()
    assert asy002(["ALL"]) == set()


def test_huey_tasks_run_in_the_consumer(tmp_path):
    # round 62 (4dpocket): ``@huey.task()`` / ``@huey.periodic_task()`` on a Huey instance
    # (``SqliteHuey(...)``) register functions the consumer process runs
    p = model(
        tmp_path,
        {
            "svc/__init__.py": "",
            "svc/worker.py": "from huey import SqliteHuey\nhuey = SqliteHuey('svc')\n",
            "svc/tasks.py": (
                "from huey import crontab\n"
                "from svc.worker import huey\n"
                "@huey.task(retries=2)\n"
                "def fetch() -> None:\n"
                "    store()\n"
                "def store() -> None:\n"
                "    pass\n"
                "@huey.periodic_task(crontab(minute='*/5'))\n"
                "def sweep() -> None:\n"
                "    pass\n"
            ),
            "svc/main.py": (
                "from fastapi import FastAPI\n"
                "api = FastAPI()\n"
                "@api.get('/')\n"
                "def index() -> None:\n"
                "    pass\n"
            ),
        },
    )
    kind = {q: r.kind for q, r in p.reachability.items()}
    assert kind["svc.tasks.fetch"] == "job"
    assert kind["svc.tasks.store"] == "job"  # called by the task only
    assert kind["svc.tasks.sweep"] == "job"


def test_methods_of_a_factorys_object_only_asyncio_run_drives_run_on_private_loops(tmp_path):
    # round 62 (4dpocket): ``reader = reader_for(url)`` (annotated ``-> Reader``) then
    # ``asyncio.run(reader.read(url))``: the base's method and every subclass's override
    # may run there; a thread's ``pool.submit(asyncio.run, reader.read(url))`` drives it
    # privately too
    readers = (
        "class Reader:\n"
        "    async def read(self, url: str) -> str:\n"
        "        return ''\n"
        "class Atom(Reader):\n"
        "    async def read(self, url: str) -> str:\n"
        "        return url\n"
        "def reader_for(url: str) -> Reader:\n"
        "    return Atom()\n"
    )
    worker = (
        "import asyncio\n"
        "from concurrent.futures import ThreadPoolExecutor\n"
        "from svc.readers import reader_for\n"
        "def refresh(url: str) -> str:\n"
        "    reader = reader_for(url)\n"
        "    return asyncio.run(reader.read(url))\n"
        "def refresh_now(url: str) -> str:\n"
        "    reader = reader_for(url)\n"
        "    with ThreadPoolExecutor() as pool:\n"
        "        return pool.submit(asyncio.run, reader.read(url)).result()\n"
    )
    main = (
        "from fastapi import FastAPI\n"
        "from svc.worker import refresh, refresh_now\n"
        "from svc.readers import reader_for\n"
        "api = FastAPI()\n"
        "@api.post('/')\n"
        "def index(url: str) -> str:\n"
        "    return refresh(url) + refresh_now(url)\n"
    )
    files = {"svc/__init__.py": "", "svc/readers.py": readers, "svc/worker.py": worker}
    p = model(tmp_path / "a", {**files, "svc/main.py": main})
    kind = {q: r.kind for q, r in p.reachability.items()}
    assert kind["svc.readers.Atom.read"] == "loop"
    assert kind["svc.readers.Reader.read"] == "loop"
    awaited = (
        "@api.get('/preview')\n"
        "async def preview(url: str) -> str:\n"
        "    reader = reader_for(url)\n"
        "    return await reader.read(url)\n"
    )
    p = model(tmp_path / "b", {**files, "svc/main.py": main + awaited})
    kind = {q: r.kind for q, r in p.reachability.items()}
    assert kind.get("svc.readers.Atom.read") != "loop"  # a route awaits it on its own loop
