"""Which applications are served (issue 10, classes 3 and 6): an application nothing imports,
names or runs, beside applications that are served, is not application code, and no code
finding is reported in its module; neither is a stale copy of a served module.  A project
whose applications show no evidence at all keeps every finding."""

from __future__ import annotations

from pathlib import Path

from auditor.engine import Options, audit

SERVED = (
    "import uvicorn\n"
    "from fastapi import FastAPI\n"
    "app = FastAPI()\n"
    "@app.get('/items')\n"
    "async def items():\n"
    "    return []\n"
    "def run() -> None:\n"
    "    uvicorn.run('pkg.server:app')\n"
)
PROTOTYPE = (
    "from fastapi import FastAPI\n"
    "from pydantic import BaseModel\n"
    "app = FastAPI()\n"
    "class Item(BaseModel):\n"
    "    name: str\n"
    "@app.get('/items')\n"
    "async def items():\n"
    "    return []\n"
)
CLI = (
    "def main() -> None:\n"
    "    from pkg.server import run\n"
    "    run()\n"
    "if __name__ == '__main__':\n"
    "    main()\n"
)
#: how the served application is launched: an entry point of the project
PYPROJECT = '[project]\nname = "pkg"\n[project.scripts]\npkg = "pkg.cli:main"\n'


def write(root: Path, files: dict[str, str]) -> None:
    for rel, src in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(src)


def run(root: Path, files: dict[str, str], select: tuple[str, ...] = ("RTE001", "RTE002")):
    write(root, files)
    return audit(root, Options(use_cache=False, select=list(select)))


def paths(result) -> set[str]:
    return {f.path for f in result.report.findings}


def test_a_prototype_app_beside_the_served_one_is_not_served(tmp_path):
    r = run(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/server.py": SERVED,
            "pkg/cli.py": CLI,
            "pkg/main.py": PROTOTYPE,
            "pyproject.toml": PYPROJECT,
        },
    )
    p = r.project
    assert p.unserved_modules == {"pkg.main"}
    assert p.reaches("pkg/main.py") is False
    assert p.reaches("pkg/server.py") is True
    assert "pkg/main.py" not in paths(r)  # RTE001 / RTE002 on the prototype: silent
    assert "pkg/server.py" in paths(r)


def test_an_app_that_composes_routers_is_kept(tmp_path):
    # nothing names ``main.py``, but it includes the routers of other modules: it is the top
    # application, whoever serves it
    p = run(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/server.py": SERVED,
            "pkg/cli.py": CLI,
            "pyproject.toml": PYPROJECT,
            "pkg/main.py": (
                "from fastapi import FastAPI\n"
                "from pkg.routes import router\n"
                "app = FastAPI()\n"
                "app.include_router(router)\n"
            ),
            "pkg/routes.py": (
                "from fastapi import APIRouter\n"
                "router = APIRouter()\n"
                "@router.get('/x')\n"
                "async def x():\n"
                "    return 1\n"
            ),
        },
    ).project
    assert p.unserved_modules == frozenset()
    assert "pkg.main" in (p.application_modules or ())


def test_a_stale_copy_of_the_served_module_is_not_served(tmp_path):
    r = run(
        tmp_path,
        {
            "svc/__init__.py": "",
            "svc/function_server.py": PROTOTYPE,
            "svc/runner.py": (
                "def start(workers: int):\n"
                "    if workers == 1:\n"
                "        from svc.function_server import app\n"
                "    else:\n"
                "        app = 'function_server:app'\n"  # names both copies
                "    return app\n"
                "if __name__ == '__main__':\n"
                "    start(1)\n"
            ),
            "src/__init__.py": "",
            "src/function_server.py": PROTOTYPE,
        },
    )
    p = r.project
    assert p.unserved_modules == {"src.function_server"}
    assert "src/function_server.py" not in paths(r)
    assert "svc/function_server.py" in paths(r)


def test_copies_that_nothing_tells_apart_are_kept(tmp_path):
    p = run(
        tmp_path,
        {
            "a/__init__.py": "",
            "a/function_server.py": PROTOTYPE,
            "b/__init__.py": "",
            "b/function_server.py": PROTOTYPE,
            "run.sh": "uvicorn function_server:app\n",
        },
    ).project
    assert p.unserved_modules == frozenset()


def test_the_only_app_with_no_evidence_keeps_its_findings(tmp_path):
    # ``uvicorn main:app`` written nowhere we can read: the app is still audited
    r = run(tmp_path, {"main.py": PROTOTYPE})
    assert r.project.unserved_modules == frozenset()
    assert "main.py" in paths(r)


def test_apps_without_evidence_of_others_being_served_keep_their_findings(tmp_path):
    # two apps, neither imported nor named from elsewhere: nothing says which one runs (a
    # ``__main__`` block of one, or a test of it, is no evidence against the other)
    r = run(
        tmp_path,
        {
            "main.py": PROTOTYPE,
            "demo_server.py": PROTOTYPE.replace("/items", "/demo")
            + "if __name__ == '__main__':\n    print('x')\n",
            "tests/test_demo.py": "from demo_server import app\n",
        },
    )
    assert r.project.unserved_modules == frozenset()
    assert {"main.py", "demo_server.py"} <= paths(r)


def test_an_app_named_by_a_launch_file_is_served(tmp_path):
    # each service is launched by its own Dockerfile, from its own folder
    for launcher in (
        {"svc_b/Dockerfile": 'FROM python:3.12\nCMD ["uvicorn", "main:app"]\n'},
        {"Procfile": "web: gunicorn -k uvicorn.workers.UvicornWorker svc_b.main:app\n"},
        {"README.md": "Run it:\n\n```\nfastapi run svc_b/main.py\n```\n"},
        {"Makefile": "run:\n\tpython -m svc_b.main\n"},
        {"setup.cfg": "[options.entry_points]\ndemo.apps =\n    b = svc_b.main:app\n"},
    ):
        root = tmp_path / str(len(list(tmp_path.iterdir())))
        files = {
            "svc_a/__init__.py": "",
            "svc_a/main.py": PROTOTYPE,
            "svc_a/cli.py": "from svc_a.main import app\n",
            "pyproject.toml": '[project]\nname = "a"\nscripts = {a = "svc_a.cli:main"}\n',
            "svc_b/__init__.py": "",
            "svc_b/main.py": PROTOTYPE.replace("/items", "/orders"),  # not a copy of svc_a's
            **launcher,
        }
        p = run(root, files).project
        assert p.unserved_modules == frozenset(), launcher
        assert "svc_b.main" in (p.application_modules or ()), launcher


def test_an_app_named_by_the_distributions_entry_points_is_served(tmp_path):
    write(
        tmp_path,
        {
            "demo-1.0.dist-info/top_level.txt": "demo\n",
            "demo-1.0.dist-info/entry_points.txt": (
                "[console_scripts]\ndemo = demo.cli:main\n[demo.servers]\nextra = demo.extra:app\n"
            ),
        },
    )
    root = tmp_path / "demo"
    files = {
        "__init__.py": "",
        "main.py": PROTOTYPE,
        "cli.py": "from demo.main import app\n",
        "extra.py": PROTOTYPE.replace("/items", "/orders"),
    }
    p = run(root, files).project
    assert p.unserved_modules == frozenset()
    # without the entry point, nothing serves ``extra``
    (tmp_path / "demo-1.0.dist-info/entry_points.txt").write_text(
        "[console_scripts]\ndemo = demo.cli:main\n"
    )
    p = audit(root, Options(use_cache=False, select=["RTE001"])).project
    assert p.unserved_modules == {"extra"}


def test_an_app_a_test_imports_is_served(tmp_path):
    p = run(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/server.py": SERVED,
            "pkg/cli.py": CLI,
            "pkg/main.py": PROTOTYPE,
            "pyproject.toml": PYPROJECT,
            "tests/test_main.py": (
                "from fastapi.testclient import TestClient\n"
                "from pkg.main import app\n"
                "def test_items():\n"
                "    assert TestClient(app).get('/items').status_code == 200\n"
            ),
        },
    ).project
    assert p.unserved_modules == frozenset()


def test_a_plugin_nothing_names_is_not_application_code(tmp_path):
    # ``storage/webdav.py`` implements the package's protocol, but neither its name nor its
    # class is written anywhere else: nothing can load it by name
    p = run(
        tmp_path,
        {
            "svc/__init__.py": "",
            "svc/main.py": (
                "from fastapi import FastAPI\n"
                "from svc.storage import get_storage\n"
                "app = FastAPI()\n"
            ),
            "svc/storage/__init__.py": (
                "from svc.storage.base import Storage\n"
                "from svc.utils import load\n"
                "def get_storage():\n"
                "    return load(SETTINGS.storage)\n"
            ),
            "svc/storage/base.py": "class Storage:\n    pass\n",
            "svc/storage/webdav.py": (
                "from svc.storage.base import Storage\nclass WebdavStorage(Storage):\n    pass\n"
            ),
            "svc/storage/disk.py": (
                "from svc.storage.base import Storage\nclass DiskStorage(Storage):\n    pass\n"
            ),
            "svc/utils.py": "import pydoc\ndef load(path):\n    return pydoc.locate(path)()\n",
            "config.yaml": "storage: svc.storage.disk.DiskStorage\n",
        },
    ).project
    reached = p.application_modules or frozenset()
    assert "svc.storage.disk" in reached  # named by the configuration
    assert "svc.storage.webdav" not in reached
    assert p.reaches("svc/storage/webdav.py") is False


def test_the_cached_outcome_follows_the_entry_points_beside(tmp_path):
    # the entry points of the distribution beside the audited folder are read from outside
    # the tree: a replayed audit must see them change
    write(
        tmp_path,
        {
            "demo-1.0.dist-info/top_level.txt": "demo\n",
            "demo-1.0.dist-info/entry_points.txt": "[console_scripts]\ndemo = demo.cli:main\n",
            "demo/__init__.py": "",
            "demo/main.py": PROTOTYPE,
            "demo/cli.py": "from demo.main import app\n",
            "demo/extra.py": PROTOTYPE.replace("/items", "/orders"),
        },
    )
    root = tmp_path / "demo"
    opts = Options(use_cache=True, cache_dir=tmp_path / "cache", select=["RTE001"])
    assert "extra.py" not in paths(audit(root, opts))
    (tmp_path / "demo-1.0.dist-info/entry_points.txt").write_text(
        "[console_scripts]\ndemo = demo.cli:main\n[x]\ne = demo.extra:app\n"
    )
    assert "extra.py" in paths(audit(root, opts))


def test_an_app_in_a_package_init_runs_with_any_module_of_the_package(tmp_path):
    # the entry point ``pkg.cli:main`` runs ``pkg/__init__.py`` first
    p = run(
        tmp_path,
        {
            "pkg/__init__.py": PROTOTYPE,
            "pkg/cli.py": "def main() -> None:\n    pass\n",
            "pyproject.toml": PYPROJECT,
            "other/__init__.py": "",
            "other/server.py": SERVED.replace("/items", "/orders"),
            "Procfile": "web: uvicorn other.server:app\n",
        },
    ).project
    assert p.unserved_modules == frozenset()


def test_an_app_of_a_component_of_its_own_is_judged_by_its_own_evidence(tmp_path):
    # ``worker/`` has a project file of its own: it is deployed on its own terms, and the
    # root's Dockerfile serving ``app.main`` says nothing about it
    files = {
        "Dockerfile": "FROM python:3.12\nCMD uvicorn app.main:app\n",
        "app/__init__.py": "",
        "app/main.py": PROTOTYPE,
        "worker/main.py": PROTOTYPE.replace("/items", "/jobs"),
    }
    p = run(tmp_path / "a", {**files, "worker/pyproject.toml": '[project]\nname = "w"\n'}).project
    assert p.unserved_modules == frozenset()
    p = run(tmp_path / "b", files).project
    assert p.unserved_modules == {"worker.main"}


#: a cleanup helper that finds the processes a command line started, to kill them
CLEANUP = (
    "import psutil\n"
    "def kill_old_servers() -> None:\n"
    "    for process in psutil.process_iter():\n"
    "        for cmd in process.cmdline():\n"
    "            if str(cmd).find('pkg.main:app') != -1 or 'pkg.main:app' in cmd:\n"
    "                process.kill()\n"
)


def test_an_import_string_a_cleanup_helper_searches_for_serves_nothing(tmp_path):
    # ``cmd.find("pkg.main:app")`` looks for a server some older version started: it starts
    # none, and names the module only to kill it (fedml's sys_utils)
    files = {
        "pkg/__init__.py": "",
        "pkg/server.py": SERVED,
        "pkg/cli.py": CLI,
        "pkg/main.py": PROTOTYPE,
        "pkg/cleanup.py": CLEANUP,
        "pyproject.toml": PYPROJECT,
    }
    r = run(tmp_path / "a", files)
    assert r.project.unserved_modules == {"pkg.main"}
    assert "pkg/main.py" not in paths(r)
    # the trap: the same helper beside a command that does start it
    launcher = "import subprocess\nsubprocess.Popen(['uvicorn', 'pkg.main:app'])\n"
    r = run(tmp_path / "b", {**files, "pkg/launch.py": launcher})
    assert r.project.unserved_modules == frozenset()
    assert "pkg/main.py" in paths(r)


#: a legacy module of an installed package that runs itself and includes the routers the
#: served application includes too
LEGACY = (
    "import uvicorn\n"
    "from fastapi import FastAPI\n"
    "from demo.routes import router\n"
    "app = FastAPI()\n"
    "app.include_router(router)\n"
    "@app.get('/old')\n"
    "async def old():\n"
    "    return 1\n"
    "if __name__ == '__main__':\n"
    "    uvicorn.run(app)\n"
)
ROUTES = (
    "from fastapi import APIRouter\n"
    "router = APIRouter()\n"
    "@router.get('/items')\n"
    "async def items():\n"
    "    return []\n"
)


def _wheel(tmp_path: Path, name: str, files: dict[str, str], dist: bool = True) -> Path:
    base = tmp_path / name
    if dist:
        write(
            base,
            {
                "demo-1.0.dist-info/METADATA": "Name: demo\n\nRun `demo serve`.\n",
                "demo-1.0.dist-info/RECORD": "demo/legacy.py,sha256=x,1\n",
                "demo-1.0.dist-info/entry_points.txt": "[console_scripts]\ndemo = demo.cli:main\n",
            },
        )
    write(base, {f"demo/{k}": v for k, v in files.items()})
    return base


def test_a_module_of_an_installed_package_that_only_runs_itself_is_not_served(tmp_path):
    served = (
        "from fastapi import FastAPI\n"
        "from demo.routes import router\n"
        "def create_app() -> FastAPI:\n"
        "    app = FastAPI()\n"
        "    app.include_router(router)\n"
        "    return app\n"
        "app = create_app()\n"
    )
    files = {
        "__init__.py": "",
        "server.py": served,
        "cli.py": "def main():\n    from demo.server import app\n    serve(app)\n",
        "routes.py": ROUTES,
        "legacy.py": LEGACY,
    }

    def audited(root: Path):
        return audit(root, Options(use_cache=False, select=["RTE001", "RTE002", "STR001"]))

    # (the legacy module imports a helper of the served one: it is in the legacy's process)
    files["legacy.py"] = "from demo.server import app as _current\n" + LEGACY
    r = audited(_wheel(tmp_path, "wheel", files))
    assert r.project.unserved_modules == {"demo.legacy"}
    assert "demo/legacy.py" not in paths(r)
    assert "demo/routes.py" in paths(r)  # the served application's routes
    # nor is the served application a "second application" beside the legacy one (STR001)
    assert not [f for f in r.report.findings if f.check_id == "STR001"]
    # traps: its name written in the distribution's description (``python -m demo.legacy``)
    root = _wheel(tmp_path, "named", files)
    (root / "demo-1.0.dist-info/METADATA").write_text("Or: `python -m demo.legacy`\n")
    assert audited(root).project.unserved_modules == frozenset()
    # a function of it that serves the app is an API its users call (ludwig's
    # ``run_vllm_server``), with or without a ``__main__`` block
    api = LEGACY.replace("if __name__ == '__main__':\n", "def run_server() -> None:\n")
    assert (
        audited(_wheel(tmp_path, "api", {**files, "legacy.py": api})).project.unserved_modules
        == set()
    )
    api += "if __name__ == '__main__':\n    run_server()\n"
    assert (
        audited(_wheel(tmp_path, "api2", {**files, "legacy.py": api})).project.unserved_modules
        == set()
    )
    # a source tree, where a developer runs what they like
    assert audited(_wheel(tmp_path, "source", files, dist=False)).project.unserved_modules == set()
    # a router only the legacy module includes: it is the top application of those routes
    own = {**files, "legacy.py": LEGACY.replace("demo.routes", "demo.old_routes")}
    own["old_routes.py"] = ROUTES.replace("/items", "/old-items")
    assert audited(_wheel(tmp_path, "own", own)).project.unserved_modules == frozenset()
    # no other application served: the one that runs itself is the application
    alone = {"__init__.py": "", "routes.py": ROUTES, "legacy.py": LEGACY}
    assert audited(_wheel(tmp_path, "alone", alone)).project.unserved_modules == frozenset()


# -- routers no application includes (issue 10, class 6; H28 restapi-mcp-server) ------------

ROUTES = (
    "from fastapi import APIRouter\n"
    "router = APIRouter()\n"
    "@router.get('/health')\n"
    "def health():\n"
    "    return {'status': 'ok'}\n"
)
TOP = "from fastapi import APIRouter\nfrom .routes import router\napi = APIRouter()\napi.include_router(router)\n"
APP_MAIN = (
    "import uvicorn\n"
    "from fastapi import FastAPI\n"
    "from .core.api.top import api\n"
    "app = FastAPI()\n"
    "app.include_router(api)\n"
    "def main() -> None:\n"
    "    uvicorn.run(app)\n"
)
ENTRY = '[project]\nname = "pkg"\n[project.scripts]\npkg = "pkg.server:main"\n'


def served_tree(stale: str = "pkg/core/core/api") -> dict[str, str]:
    """A served application that includes its routers from ``pkg/core/api``, and a stale
    copy of that tree under ``stale`` that nothing imports."""
    files = {
        "pkg/__init__.py": "",
        "pkg/server.py": APP_MAIN,
        "pyproject.toml": ENTRY,
    }
    for tree in ("pkg/core/api", stale):
        parts = tree.split("/")
        for i in range(1, len(parts) + 1):
            files["/".join(parts[:i]) + "/__init__.py"] = ""
        files[f"{tree}/top.py"] = TOP
        files[f"{tree}/routes.py"] = ROUTES
    return files


def test_a_stale_tree_of_routers_nothing_includes_is_not_served(tmp_path):
    r = run(tmp_path, served_tree())
    p = r.project
    assert p.unserved_modules == {"pkg.core.core.api.top", "pkg.core.core.api.routes"}
    assert "a copy of a served module" in p.serving.why["pkg.core.core.api.routes"]
    assert paths(r) == {"pkg/core/api/routes.py"}  # RTE001 on the served copy only
    assert p.reaches("pkg/core/core/api/routes.py") is False


def test_routers_of_a_library_without_an_application_are_kept(tmp_path):
    r = run(tmp_path, {"pkg/__init__.py": "", "pkg/routes.py": ROUTES, "pkg/top.py": TOP})
    assert r.project.unserved_modules == frozenset()
    assert "pkg/routes.py" in paths(r)


def test_routers_a_small_app_includes_are_kept(tmp_path):
    # ``main.py`` served by a ``uvicorn main:app`` written nowhere; its routers by import
    files = {
        "main.py": "from fastapi import FastAPI\nfrom routers.top import api\napp = FastAPI()\n"
        "app.include_router(api)\n",
        "routers/__init__.py": "",
        "routers/top.py": TOP,
        "routers/routes.py": ROUTES,
        "extra/__init__.py": "",
        "extra/routes.py": ROUTES,  # nothing includes it, but nothing serves main.py either
    }
    r = run(tmp_path, files)
    assert r.project.unserved_modules == frozenset()
    assert {"routers/routes.py", "extra/routes.py"} <= paths(r)


def test_a_router_left_out_but_named_elsewhere_is_kept(tmp_path):
    # a router shipped for users' applications, shown in the README: a name of its own
    files = served_tree("pkg/contrib")
    files["README.md"] = "Add `from pkg.contrib.routes import router` to your app.\n"
    r = run(tmp_path, files)
    assert r.project.unserved_modules == frozenset()
    assert "pkg/contrib/routes.py" in paths(r)


def test_a_router_only_tests_import_is_kept(tmp_path):
    files = served_tree()
    files["tests/test_stale.py"] = "from pkg.core.core.api.top import api\n"
    r = run(tmp_path, files)
    assert r.project.unserved_modules == frozenset()
    assert "pkg/core/core/api/routes.py" in paths(r)


def test_a_loose_router_beside_an_app_that_includes_none_is_kept(tmp_path):
    # the served application registers its routes itself: nothing says the routers of
    # other modules are not meant to be included (by a plugin, an application of users)
    files = {
        "pkg/__init__.py": "",
        "pkg/server.py": SERVED.replace("'pkg.server:app'", "app"),
        "pkg/cli.py": CLI,
        "pkg/extra.py": ROUTES,
        "pyproject.toml": PYPROJECT,
    }
    r = run(tmp_path, files)
    assert r.project.unserved_modules == frozenset()
    assert "pkg/extra.py" in paths(r)


def test_routers_loaded_by_computed_module_names_are_kept(tmp_path):
    # the served application includes one router by import and loads the others from a
    # package by computed names (``import_module(f"pkg.plugins.{name}")``): nothing imports
    # or names them, yet they are served
    files = served_tree()
    files["pkg/server.py"] = APP_MAIN.replace(
        "app.include_router(api)\n",
        "app.include_router(api)\n"
        "import importlib, pkgutil\n"
        "from . import plugins\n"
        "for info in pkgutil.iter_modules(plugins.__path__):\n"
        "    module = importlib.import_module(f'pkg.plugins.{info.name}')\n"
        "    app.include_router(module.router)\n",
    )
    files["pkg/plugins/__init__.py"] = ""
    files["pkg/plugins/status.py"] = ROUTES
    r = run(tmp_path, files)
    assert "pkg.plugins.status" not in r.project.unserved_modules
    assert "pkg/plugins/status.py" in paths(r)


def test_a_router_of_its_own_name_beside_a_composing_app_is_kept(tmp_path):
    # a served application that includes its routers from other modules, and a router of a
    # name no served module has that nothing includes: an optional router an application of
    # the package's users includes (a hosted edition), or one a scaffolding tool registers
    # when it copies it -- not a stale copy
    files = served_tree()
    files["pkg/core/core/api/routes.py"] = ROUTES
    files["pkg/extras/__init__.py"] = ""
    # paths of its own: a router re-declaring a route the served app answers is superseded
    files["pkg/extras/captcha_router.py"] = ROUTES.replace("/health", "/captcha")
    r = run(tmp_path, files)
    assert "pkg.extras.captcha_router" not in r.project.unserved_modules
    assert "pkg/extras/captcha_router.py" in paths(r)
    assert "pkg.core.core.api.routes" in r.project.unserved_modules  # the copy still goes


LEFT_BEHIND = "from pkg.core.api.v1 import dep\n" + ROUTES.replace("/health", "/memory")


def test_a_loose_router_that_cannot_be_imported_is_not_served(tmp_path):
    # a router nothing includes whose module-level import names a module its own package
    # no longer holds (``pkg/core/api/v1/`` removed): importing it fails, so nothing can
    # serve its routes (davybot dawei/api/memory.py:15, :143)
    files = {**served_tree(), "pkg/core/api/memory.py": LEFT_BEHIND}
    r = run(tmp_path, files)
    assert "pkg.core.api.memory" in r.project.unserved_modules
    assert r.project.serving.why["pkg.core.api.memory"] == (
        "no application includes its routers, and it cannot be imported: its module-level "
        "import of `pkg.core.api.v1` names no module of its own package"
    )
    assert "pkg/core/api/memory.py" not in paths(r)


def test_a_loose_router_whose_import_may_resolve_is_kept(tmp_path):
    # trap: the package binds the name or may bind any (``__getattr__``, a star import, an
    # extended ``__path__``), a compiled module of that name sits in the folder, the import
    # is a guarded fallback, or an application includes the router (then its module runs).
    # A document names the router: left out of a folder the application composes by hand,
    # nothing importing it, it would otherwise be passed over whatever its import does
    def kept(name: str, extra: dict[str, str]) -> None:
        files = {**served_tree(), "pkg/core/api/memory.py": LEFT_BEHIND, **extra}
        files["README.md"] = "Include `pkg.core.api.memory` for the memory routes.\n"
        r = run(tmp_path / name, files)
        assert "pkg.core.api.memory" not in r.project.unserved_modules, name
        assert "pkg/core/api/memory.py" in paths(r), name

    kept("bound", {"pkg/core/api/__init__.py": "from .top import api as v1\n"})
    kept("getattr", {"pkg/core/api/__init__.py": "def __getattr__(name):\n    return name\n"})
    kept("star", {"pkg/core/api/__init__.py": "from pkg.core.extra import *\n"})
    kept("compiled", {"pkg/core/api/v1.cpython-312-x86_64-linux-gnu.so": ""})
    guarded = "try:\n    from pkg.core.api.v1 import dep\nexcept ImportError:\n    dep = None\n"
    kept("guarded", {"pkg/core/api/memory.py": guarded + ROUTES.replace("/health", "/memory")})
    top = TOP + "from .memory import router as memory\napi.include_router(memory)\n"
    kept("included", {"pkg/core/api/top.py": top})


# -- a factory nothing names; a launcher run from the source folder (round 25) ----------------

FACTORIES = (
    "from fastapi import FastAPI\n"
    "def create_app() -> FastAPI:\n"
    "    app = FastAPI()\n"
    "    @app.get('/items')\n"
    "    async def items():\n"
    "        return []\n"
    "    return app\n"
    "def build_memory_app() -> FastAPI:\n"
    "    app = FastAPI()\n"
    "    @app.get('/memory')\n"
    "    async def memory():\n"
    "        return []\n"
    "    return app\n"
)


def lines(result, path: str) -> set[int]:
    return {f.line for f in result.report.findings if f.path == path}


def test_a_factory_nothing_names_beside_an_exported_one_is_not_served(tmp_path):
    # the package exports ``create_app``; ``build_memory_app`` is called, imported, exported
    # and mentioned nowhere: nothing can build its application
    r = run(
        tmp_path,
        {
            "pkg/__init__.py": "from .boot import create_app\n__all__ = ['create_app']\n",
            "pkg/boot.py": FACTORIES,
        },
    )
    assert set(r.project.serving.factories) == {"pkg.boot.build_memory_app.<locals>.app"}
    assert lines(r, "pkg/boot.py") == {3, 5}  # RTE002 at :3 and RTE001 at :5 stay; :9, :11 go
    assert [a.qname for a in r.project.served_apps] == ["pkg.boot.create_app.<locals>.app"]


def test_a_factory_is_kept_when_something_names_it(tmp_path):
    # trap: the other factory is served by ``uvicorn --factory`` in the README, or called in
    # its own module, or it is the only application (whatever serves it is written nowhere)
    readme = {
        "pkg/__init__.py": "from .boot import create_app\n",
        "pkg/boot.py": FACTORIES,
        "README.md": "uvicorn --factory pkg.boot:build_memory_app\n",
    }
    assert lines(run(tmp_path / "a", readme), "pkg/boot.py") == {3, 5, 9, 11}
    called = {
        "pkg/__init__.py": "from .boot import create_app\n",
        "pkg/boot.py": FACTORIES + "memory_app = build_memory_app()\n",
    }
    assert lines(run(tmp_path / "b", called), "pkg/boot.py") == {3, 5, 9, 11}
    alone = {"pkg/__init__.py": "", "pkg/boot.py": FACTORIES.split("def build_memory_app")[0]}
    assert lines(run(tmp_path / "c", alone), "pkg/boot.py") == {3, 5}


def test_factories_of_no_evidence_are_all_kept(tmp_path):
    # trap: neither factory is named anywhere: no positive evidence that one is served
    r = run(tmp_path, {"pkg/__init__.py": "", "pkg/boot.py": FACTORIES})
    assert r.project.serving.factories == {}
    assert lines(r, "pkg/boot.py") == {3, 5, 9, 11}


LAUNCHER = (
    "import uvicorn\n"
    "from fastapi import FastAPI\n"
    "from view import pages\n"
    "app = FastAPI(debug=True)\n"
    "app.include_router(pages.router)\n"
    "if __name__ == '__main__':\n"
    "    uvicorn.run('launch:app')\n"
)
SHIPPED = (
    "import uvicorn\n"
    "from fastapi import FastAPI\n"
    "from tool.view import pages\n"
    "app = FastAPI(debug=False, docs_url=None, redoc_url=None, openapi_url=None)\n"
    "app.include_router(pages.router)\n"
    "def main() -> None:\n"
    "    uvicorn.run('tool.web:app')\n"
)
PAGES = (
    "import logging\n"
    "from fastapi import APIRouter\n"
    "router = APIRouter()\n"
    "log = logging.getLogger(__name__)\n"
    "@router.get('/plans')\n"
    "async def plans() -> list[str]:\n"
    "    log.info('plans')\n"
    "    return []\n"
)


def launcher_tree() -> dict[str, str]:
    return {
        "tool/__init__.py": "",
        "tool/__main__.py": "from tool.web import main\nmain()\n",
        "tool/launch.py": LAUNCHER,
        "tool/web.py": SHIPPED,
        "tool/view/__init__.py": "",
        "tool/view/pages.py": PAGES,
        "tool-1.0.dist-info/METADATA": "Name: tool\nVersion: 1.0\n",
        "tool-1.0.dist-info/RECORD": "",
    }


def test_a_launcher_run_from_the_source_folder_is_not_served(tmp_path):
    # in the installed wheel, ``from view import pages`` names no installed module: the
    # launcher only runs from the package's folder, beside the application it ships
    r = run(tmp_path, launcher_tree(), select=("RTE002", "PRD008"))
    assert r.project.unserved_modules == {"tool.launch"}
    assert paths(r) == set()


def test_a_folder_relative_import_keeps_the_app_outside_a_wheel_or_with_a_path_set_up(tmp_path):
    # trap: a repository run from its folder (``cd tool && python launch.py``) is audited, and
    # so is a wheel whose package puts its folder on ``sys.path``
    repo = launcher_tree()
    del repo["tool-1.0.dist-info/METADATA"], repo["tool-1.0.dist-info/RECORD"]
    r = run(tmp_path / "a", repo, select=("RTE002", "PRD008"))
    assert paths(r) == {"tool/launch.py"}
    hacked = launcher_tree()
    hacked["tool/__init__.py"] = "import os, sys\nsys.path.append(os.path.dirname(__file__))\n"
    r = run(tmp_path / "b", hacked, select=("RTE002", "PRD008"))
    assert paths(r) == {"tool/launch.py"}


def test_a_factory_beside_the_applications_of_other_modules_only_is_kept(tmp_path):
    # trap: ``serve()`` in a module of its own, nothing names it, beside the exported factory
    # of another module: a function a library's users may call, not a sibling left out
    first, second = FACTORIES.split("def build_memory_app")
    r = run(
        tmp_path,
        {
            "pkg/__init__.py": "from .boot import create_app\n",
            "pkg/boot.py": first,
            "pkg/memory.py": "from fastapi import FastAPI\ndef build_memory_app" + second,
        },
    )
    assert r.project.serving.factories == {}
    assert lines(r, "pkg/memory.py") == {3, 5}


def test_a_project_wide_finding_is_anchored_on_the_served_app_not_the_launcher(tmp_path):
    # no logging set-up and no health route: told once, on the application the wheel ships
    # (``tool/web.py``), not on the launcher nothing serves -- where it would be dropped
    r = run(tmp_path, launcher_tree(), select=("PRD001", "LOG002"))
    assert {(f.check_id, f.path) for f in r.report.findings} == {
        ("PRD001", "tool/web.py"),
        ("LOG002", "tool/web.py"),
    }


def test_a_package_folder_audited_beside_its_dist_info_keeps_its_apps(tmp_path):
    # trap: the package's own folder audited, its ``*.dist-info`` beside it: the shipped
    # app's ``from tool.view import pages`` names its modules by a longer name than the
    # tree's, which is no folder-relative import (nemoguardrails)
    files = launcher_tree()
    files["tool/launch.py"] = LAUNCHER.replace("from view import", "from tool.view import")
    files["tool/extra.py"] = "from fastapi import FastAPI\napp = FastAPI(openapi_url=None)\n"
    r = run(tmp_path, files, select=("RTE002", "PRD008"))
    assert r.project.unserved_modules == frozenset()
    write(tmp_path, {"tool-1.0.dist-info/RECORD": "tool/web.py,,\n"})
    r = audit(tmp_path / "tool", Options(use_cache=False, select=["RTE002", "PRD008"]))
    assert r.project.unserved_modules == frozenset()
    assert paths(r) == {"launch.py"}


#: a service that builds and serves its own application (its module runs itself)
SELF_SERVED = (
    "import uvicorn\n"
    "from fastapi import FastAPI\n"
    "class Service:\n"
    "    def start(self) -> None:\n"
    "        self.api = FastAPI()\n"
    "        @self.api.get('/items')\n"
    "        async def items():\n"
    "            return []\n"
    "        uvicorn.run(self.api, host='0.0.0.0')\n"
)
WRAPPER = (
    "from fastapi import FastAPI\n"
    "class ApiWrapper:\n"
    "    def __init__(self) -> None:\n"
    "        self.app = FastAPI()\n"
    "        @self.app.get('/sum')\n"
    "        def total(x: int, y: int):\n"
    "            return {'sum': x + y}\n"
)


def test_a_class_nothing_builds_in_a_module_nothing_imports_is_not_served(tmp_path):
    # ``ApiWrapper`` holds an application that no import string can name (an object's
    # attribute); nothing instantiates or names the class, nothing imports its module
    files = {"pkg/__init__.py": "", "pkg/service.py": SELF_SERVED, "pkg/wrapper.py": WRAPPER}
    r = run(tmp_path, files)
    assert r.project.unserved_modules == {"pkg.wrapper"}
    assert "no code of the project instantiates" in r.project.serving.why["pkg.wrapper"]
    assert "pkg/wrapper.py" not in paths(r)
    assert lines(r, "pkg/service.py") == {5, 7}


def test_a_class_something_names_is_kept(tmp_path):
    # trap: the README documents the class (a library's API), another module names it, or
    # its own module builds an object of it; and the only application of a project is kept
    base = {"pkg/__init__.py": "", "pkg/service.py": SELF_SERVED, "pkg/wrapper.py": WRAPPER}
    documented = {**base, "README.md": "Wrap your handler in `ApiWrapper`.\n"}
    assert lines(run(tmp_path / "a", documented), "pkg/wrapper.py") == {4, 6}
    exported = {**base, "pkg/__init__.py": "from pkg.wrapper import ApiWrapper\n"}
    assert lines(run(tmp_path / "b", exported), "pkg/wrapper.py") == {4, 6}
    built = {**base, "pkg/wrapper.py": WRAPPER + "wrapper = ApiWrapper()\n"}
    assert lines(run(tmp_path / "c", built), "pkg/wrapper.py") == {4, 6}
    alone = {"pkg/__init__.py": "", "pkg/wrapper.py": WRAPPER}
    assert lines(run(tmp_path / "d", alone), "pkg/wrapper.py") == {4, 6}


#: a command (the distribution's entry point) serves the application ``build`` makes; a
#: second factory in ``panel`` composes the same router
COMMAND = (
    "def main() -> None:\n"
    "    import uvicorn\n"
    "    from pkg.server import build\n"
    "    uvicorn.run(build())\n"
)
ITEMS = (
    "from fastapi import APIRouter\n"
    "router = APIRouter()\n"
    "@router.get('/items')\n"
    "async def items() -> list[str]:\n"
    "    return []\n"
)
BUILD = (
    "from fastapi import FastAPI\n"
    "def build() -> FastAPI:\n"
    "    app = FastAPI()\n"
    "    from pkg.items import router\n"
    "    app.include_router(router)\n"
    "    return app\n"
)
PANEL = (
    "from fastapi import FastAPI\n"
    "def create_app() -> FastAPI:\n"
    "    app = FastAPI()\n"
    "    from pkg.items import router\n"
    "    app.include_router(router)\n"
    "    return app\n"
)


def command_tree() -> dict[str, str]:
    return {
        "pyproject.toml": PYPROJECT,
        "pkg/__init__.py": "",
        "pkg/cli.py": COMMAND,
        "pkg/items.py": ITEMS,
        "pkg/server.py": BUILD,
        "pkg/panel.py": PANEL,
    }


def test_a_factory_nothing_calls_or_names_composing_the_served_parts_is_not_served(tmp_path):
    # ``create_app`` is called, imported and written nowhere but its ``def``, its module
    # nothing imports or names, and the router it includes the command's application
    # includes too: nothing builds it (shuttle-mcp shuttle/web/app.py:33, :41)
    r = run(tmp_path, command_tree(), select=("RTE002", "PRD001"))
    assert r.project.unserved_modules == {"pkg.panel"}
    assert "factories are called and named nowhere" in r.project.serving.why["pkg.panel"]
    assert {(f.check_id, f.path, f.line) for f in r.report.findings} == {
        ("PRD001", "pkg/server.py", 3)
    }


def test_a_factory_a_launcher_could_name_is_kept(tmp_path):
    # trap: a README's ``uvicorn --factory`` names it, a document names its module or its
    # factory, its own module calls it, it composes a router the served application does
    # not include (the top application), or no application is served on evidence
    readme = {**command_tree(), "README.md": "uvicorn --factory pkg.panel:create_app\n"}
    assert lines(run(tmp_path / "a", readme), "pkg/panel.py") == {3}
    docs = {**command_tree(), "docs/panel.md": "The panel: `pkg.panel`.\n"}
    assert lines(run(tmp_path / "b", docs), "pkg/panel.py") == {3}
    named = {**command_tree(), "docs/panel.md": "Build it with `create_app()`.\n"}
    assert lines(run(tmp_path / "c", named), "pkg/panel.py") == {3}
    called = {**command_tree(), "pkg/panel.py": PANEL + "panel = create_app()\n"}
    assert lines(run(tmp_path / "d", called), "pkg/panel.py") == {3}
    own = {
        **command_tree(),
        "pkg/admin.py": ITEMS.replace("/items", "/admin"),
        "pkg/panel.py": PANEL.replace("pkg.items", "pkg.admin"),
    }
    assert lines(run(tmp_path / "e", own), "pkg/panel.py") == {3}
    unlaunched = {**command_tree(), "pyproject.toml": '[project]\nname = "pkg"\n'}
    assert lines(run(tmp_path / "f", unlaunched), "pkg/panel.py") == {3}


TWO_ROUTES = (
    "from fastapi import APIRouter\n"
    "router = APIRouter(prefix='{prefix}')\n"
    "@router.get('/welcome')\n"
    "def welcome():\n"
    "    return {{'step': 1}}\n"
    "@router.post('/connection')\n"
    "def connection():\n"
    "    return {{'step': 2}}\n"
)


def test_a_router_whose_routes_a_served_module_all_serves_is_a_copy(tmp_path):
    # uofast-mcp setup/router.py: every route of the wizard (`GET /welcome`, `POST
    # /connection`, ...) is served by admin/setup_router.py under `/admin/setup`; nothing
    # imports the old module: a superseded copy under another name, not an optional router
    files = served_tree()
    files["pkg/core/api/routes.py"] = TWO_ROUTES.format(prefix="/admin/setup")
    files["pkg/core/core/api/routes.py"] = TWO_ROUTES.format(prefix="/admin/setup")
    files["pkg/setup/__init__.py"] = ""
    files["pkg/setup/router.py"] = TWO_ROUTES.format(prefix="/setup")
    r = run(tmp_path, files)
    assert "pkg.setup.router" in r.project.unserved_modules
    assert "pkg/setup/router.py" not in paths(r)
    # one route of its own keeps it: an optional router that shares a path is not a copy
    files["pkg/setup/router.py"] += "@router.get('/extra')\ndef extra():\n    return {}\n"
    r = run(tmp_path / "own", files)
    assert "pkg.setup.router" not in r.project.unserved_modules


#: A helper handed the app that adds an undocumented route to it, beside the served app.
HELPER = (
    "from fastapi import FastAPI\n"
    "def add_debug_pages(app: FastAPI) -> None:\n"
    "    @app.get('/debug')\n"
    "    async def debug():\n"
    "        return {}\n"
)
HELPER_APP = {
    "pkg/__init__.py": "",
    "pkg/server.py": SERVED,
    "pkg/cli.py": CLI,
    "pkg/pages.py": HELPER,
    "pyproject.toml": PYPROJECT,
}


def rte004_paths(root: Path, files: dict[str, str]) -> set[str]:
    return paths(run(root, files, select=("RTE004",)))


def test_routes_of_a_helper_nothing_calls_are_not_served(tmp_path):
    # mcp-hub-cli H57 web/app.py:42: mount_web_dashboard(app) that nothing calls
    assert "pkg/pages.py" not in rte004_paths(tmp_path, HELPER_APP)


def test_routes_of_a_helper_the_app_calls_are_served(tmp_path):
    served = SERVED.replace("app = FastAPI()\n", "app = FastAPI()\nadd_debug_pages(app)\n")
    files = {**HELPER_APP, "pkg/server.py": "from pkg.pages import add_debug_pages\n" + served}
    assert "pkg/pages.py" in rte004_paths(tmp_path, files)


def test_routes_of_a_helper_a_document_names_are_kept(tmp_path):
    # a library's users may call it: its README shows how
    files = {**HELPER_APP, "README.md": "Call `add_debug_pages(app)` on your app.\n"}
    assert "pkg/pages.py" in rte004_paths(tmp_path, files)


def test_routes_of_a_helper_beside_a_loader_of_computed_names_are_kept(tmp_path):
    loader = "import importlib\ndef load(name: str):\n    return importlib.import_module(name)\n"
    files = {**HELPER_APP, "pkg/plugins.py": loader}
    assert "pkg/pages.py" in rte004_paths(tmp_path, files)


def test_routes_of_a_helper_in_a_project_serving_no_app_are_kept(tmp_path):
    # a library of helpers its users call: no application of its own
    files = {"pkg/__init__.py": "", "pkg/pages.py": HELPER}
    assert "pkg/pages.py" in rte004_paths(tmp_path, files)


#: A factory of a second application whose result only a private module keeps.
OPTIMIZER = (
    "from fastapi import FastAPI\n"
    "def create_solver_app() -> FastAPI:\n"
    "    app = FastAPI(title='Solver')\n"
    "    @app.post('/solve')\n"
    "    async def solve():\n"
    "        return {}\n"
    "    return app\n"
    "def solve_now(x: int) -> int:\n"
    "    return x\n"
)
SOLVER_FILES = {
    "pkg/__init__.py": "",
    "pkg/server.py": "from pkg._core.solver import solve_now\n" + SERVED,
    "pkg/cli.py": CLI,
    "pkg/_core/__init__.py": "",
    "pkg/_core/solver.py": OPTIMIZER,
    "pkg/_core/solver_server.py": "from pkg._core.solver import create_solver_app\n"
    "app = create_solver_app()\n",
    "pyproject.toml": PYPROJECT,
}


def rte002_paths(root: Path, files: dict[str, str]) -> set[str]:
    return paths(run(root, files, select=("RTE002",)))


def test_a_factory_only_a_private_module_nothing_runs_keeps_is_not_served(tmp_path):
    # voyager-index H56 _internal/inference/stateless_optimizer.py:2677
    assert "pkg/_core/solver.py" not in rte002_paths(tmp_path, SOLVER_FILES)


def test_a_factory_kept_by_a_public_module_is_served(tmp_path):
    # ``uvicorn pkg.core.solver_server:app``: a module of the package's API may be run so
    files = {
        k.replace("_core", "core"): v.replace("_core", "core") for k, v in SOLVER_FILES.items()
    }
    assert "pkg/core/solver.py" in rte002_paths(tmp_path, files)


def test_a_factory_kept_by_a_private_module_a_document_names_is_served(tmp_path):
    files = {**SOLVER_FILES, "Dockerfile": 'CMD ["uvicorn", "pkg._core.solver_server:app"]\n'}
    assert "pkg/_core/solver.py" in rte002_paths(tmp_path, files)


def test_a_factory_kept_by_a_private_module_something_imports_is_served(tmp_path):
    files = {**SOLVER_FILES, "pkg/cli.py": "import pkg._core.solver_server\n" + CLI}
    assert "pkg/_core/solver.py" in rte002_paths(tmp_path, files)


#: a second application a factory builds from a router of its own; the factory's parameter
#: has no default, so no launcher (``uvicorn --factory``) can call it
ARGUED = (
    "from fastapi import FastAPI\n"
    "from pkg.region import build_region_router\n"
    "def create_region_app(region: str) -> FastAPI:\n"
    "    app = FastAPI()\n"
    "    app.include_router(build_region_router(region))\n"
    "    return app\n"
)
REGION = (
    "from fastapi import APIRouter\n"
    "def build_region_router(region: str) -> APIRouter:\n"
    "    router = APIRouter()\n"
    "    @router.get('/region')\n"
    "    async def where():\n"
    "        return region\n"
    "    return router\n"
)


def argued_tree() -> dict[str, str]:
    return {**command_tree(), "pkg/panel.py": ARGUED, "pkg/region.py": REGION}


def test_a_factory_taking_arguments_nothing_calls_is_not_served_nor_its_own_routers(tmp_path):
    # novafabric H59 lineage/federation/coordinator.py:90 (RTE002) and summary.py:23
    # (STR002): create_coordinator_app(site_id, ...) is called and named nowhere, and the
    # summary router only it includes is never served either
    r = run(tmp_path, argued_tree(), select=("RTE001", "RTE002"))
    assert r.project.unserved_modules == {"pkg.panel", "pkg.region"}
    assert "arguments no launcher gives" in r.project.serving.why["pkg.panel"]
    assert "hang only on applications nothing serves" in r.project.serving.why["pkg.region"]
    assert not {"pkg/panel.py", "pkg/region.py"} & paths(r)


def test_a_factory_a_launcher_can_call_or_a_router_served_elsewhere_is_kept(tmp_path):
    # trap: every parameter has a default (``uvicorn --factory`` can call it); a document
    # names the factory; the served application includes the router too (the factory
    # stays unserved, the router is served); a README names the router's module
    defaults = {**argued_tree(), "pkg/panel.py": ARGUED.replace("region: str", "region='eu'")}
    assert run(tmp_path / "a", defaults).project.unserved_modules == set()
    named = {**argued_tree(), "README.md": "Call `create_region_app('eu')`.\n"}
    assert run(tmp_path / "b", named).project.unserved_modules == set()
    shared = argued_tree()
    shared["pkg/server.py"] = BUILD.replace(
        "    return app\n",
        "    from pkg.region import build_region_router\n"
        "    app.include_router(build_region_router('eu'))\n"
        "    return app\n",
    )
    assert run(tmp_path / "c", shared).project.unserved_modules == {"pkg.panel"}
    documented = {**argued_tree(), "docs/region.md": "Include `pkg.region`'s router.\n"}
    assert run(tmp_path / "d", documented).project.unserved_modules == {"pkg.panel"}


#: a package's lazy exports: ``__getattr__`` imports a name of a literal map
LAZY_INIT = (
    "from importlib import import_module\n"
    "_EXPORTS: dict[str, tuple[str, str]] = {\n"
    "    'Client': ('.client', 'Client'),\n"
    "    'serve': ('pkg.server', 'serve'),\n"
    "}\n"
    "def __getattr__(name: str):\n"
    "    module_name, attr = _EXPORTS[name]\n"
    "    return getattr(import_module(module_name, __name__), attr)\n"
)


def test_a_lazy_export_map_imports_its_values_only(tmp_path):
    # mashpy H59 mash/__init__.py: ``import_module(_EXPORTS[name])`` loads the map's modules,
    # not every module of the package's folder (mash/testing/agents.py:118 was taken as
    # loaded by it)
    files = {"pkg/__init__.py": LAZY_INIT, "pkg/client.py": "class Client: ...\n"}
    files["pkg/server.py"] = SERVED
    r = run(tmp_path, files)
    init = r.project.modules["pkg"]
    assert [e.value for e in init.dynamic_imports] == ["pkg.client", "pkg.server"]
    # trap: the name is bound otherwise too (a parameter, a second assignment): unknown
    rebound = LAZY_INIT.replace("    return getattr", "    module_name = name\n    return getattr")
    files["pkg/__init__.py"] = rebound
    r = run(tmp_path / "b", files)
    assert not any(hasattr(e, "value") for e in r.project.modules["pkg"].dynamic_imports)


RELAY = (
    "from fastapi import FastAPI\n"
    "def build_relay() -> FastAPI:\n"
    "    relay = FastAPI()\n"
    "    return relay\n"
)


def test_a_testing_package_only_tests_import_is_test_support(tmp_path):
    # mashpy H59 mash/testing/agents.py:118: a relay app in the package's test helpers
    files = {**HELPER_APP, "pkg/testing/__init__.py": "", "pkg/testing/relay.py": RELAY}
    files["tests/test_relay.py"] = "from pkg.testing.relay import build_relay\n"
    r = run(tmp_path, files)
    assert {"pkg.testing", "pkg.testing.relay"} <= r.project.test_support_modules
    assert "pkg/testing/relay.py" not in paths(r)


def test_a_testing_package_the_application_imports_is_application_code(tmp_path):
    # trap: the served module imports it; a module of it defining a route stays too
    files = {**HELPER_APP, "pkg/testing/__init__.py": "", "pkg/testing/relay.py": RELAY}
    files["pkg/server.py"] = "from pkg.testing.relay import build_relay\n" + SERVED
    r = run(tmp_path, files)
    assert "pkg.testing.relay" not in r.project.test_support_modules
    routed = {**HELPER_APP, "pkg/testing/__init__.py": "", "pkg/testing/relay.py": SERVED}
    r = run(tmp_path / "b", routed)
    assert "pkg.testing.relay" not in r.project.test_support_modules


# -- modules that never run: a failing import, a superseded router (round 60) -----------------

DASHBOARD = (
    "from fastapi import FastAPI\n"
    "from .billing import router as billing\n"
    "from .anchor import anchor_record, anchor_status\n"
    "app = FastAPI()\n"
    "app.include_router(billing)\n"
    "@app.get('/dash')\n"
    "def dash():\n"
    "    return {}\n"
    "def run() -> None:\n"
    "    import uvicorn\n"
    "    uvicorn.run(app)\n"
)
ANCHOR = "import os\ndef anchor_record(r):\n    return os.getenv('CHAIN'), r\n"
BILLING = ROUTES.replace("/health", "/billing")
LIMITS = (
    "def pull_plans():\n"
    "    try:\n"
    "        from .billing import router\n"
    "    except ImportError:\n"
    "        return None\n"
    "    return router\n"
)
TWO_SCRIPTS = (
    '[project]\nname = "pkg"\n[project.scripts]\npkg = "pkg.server:main"\n'
    'pkg-dash = "pkg.dashboard:run"\n'
)


def failing_tree(**extra: str) -> dict[str, str]:
    """A served application, and a dashboard (named by an entry point) whose module-level
    import names ``anchor_status``, which ``pkg/anchor.py`` does not define; its billing
    router is imported besides only inside a function nothing calls."""
    files = {
        **served_tree(),
        "pkg/dashboard.py": DASHBOARD,
        "pkg/anchor.py": ANCHOR,
        "pkg/billing.py": BILLING,
        "pkg/limits.py": LIMITS,
        "pyproject.toml": TWO_SCRIPTS,
    }
    files.update({k.replace("__", "/") + ".py": v for k, v in extra.items()})
    return files


def test_a_module_whose_import_names_what_its_target_lacks_never_runs(tmp_path):
    # trap: ``from .anchor import anchor_record, anchor_status`` where anchor.py defines
    # no ``anchor_status``: importing the dashboard raises ImportError (its entry point
    # crashes), so neither its app nor the router only it imports is ever served
    r = run(tmp_path, failing_tree())
    p = r.project
    assert {"pkg.dashboard", "pkg.billing"} <= p.unserved_modules
    assert p.serving.why["pkg.dashboard"] == (
        "it cannot be imported: its module-level import of `pkg.anchor.anchor_status` "
        "names something that module does not bind"
    )
    assert p.serving.why["pkg.billing"] == "only modules that never run import it"
    # the failing import's target runs only inside that crashing import: nothing of it serves
    assert "pkg.anchor" in p.unserved_modules
    found = paths(r)
    assert "pkg/dashboard.py" not in found and "pkg/billing.py" not in found
    assert "pkg/core/api/routes.py" in found  # bad: the served application still reports


def test_an_import_whose_name_may_be_bound_keeps_its_module(tmp_path):
    # good: every way the target may bind the name, or the import may not fail
    bound = {
        "if_block": ANCHOR + "if os.name:\n    def anchor_status():\n        return 1\n",
        "loop": ANCHOR + "for anchor_status in (1,):\n    pass\n",
        "getattr": ANCHOR + "def __getattr__(name):\n    return name\n",
        "globals": ANCHOR + "globals()['anchor_' + 'status'] = 1\n",
        "star": ANCHOR + "from os.path import *\n",
        # a placeholder that binds nothing (a stub of a module left out, a spec's fixture)
        "empty": "",
        "docstring": '"""Filled in at build time."""\n# nothing yet\n',
    }
    for name, text in bound.items():
        r = run(tmp_path / name, failing_tree(pkg__anchor=text))
        assert "pkg.dashboard" not in r.project.unserved_modules, name
        assert "pkg/dashboard.py" in paths(r), name
    guards = {
        "try": "try:\n    from .anchor import anchor_status\nexcept ImportError:\n    pass\n",
        "checking": "import typing\nif typing.TYPE_CHECKING:\n    from .anchor import anchor_status\n",
        "with": "import contextlib\nwith contextlib.suppress(ImportError):\n"
        "    from .anchor import anchor_status\n",
    }
    for name, text in guards.items():
        dash = DASHBOARD.replace("from .anchor import anchor_record, anchor_status\n", text)
        r = run(tmp_path / name, failing_tree(pkg__dashboard=dash))
        assert "pkg.dashboard" not in r.project.unserved_modules, name
    # a package whose submodule answers the name
    files = failing_tree()
    files["pkg/anchor/__init__.py"] = files.pop("pkg/anchor.py")
    files["pkg/anchor/anchor_status.py"] = "X = 1\n"
    r = run(tmp_path / "submodule", files)
    assert "pkg.dashboard" not in r.project.unserved_modules


def test_a_lone_application_whose_import_fails_is_judged_as_written(tmp_path):
    # trap: the only application imports a name its sibling lacks (``Base`` from a
    # database module that so far only makes the engine): a tree of stubs, a fixture or a
    # snippet more likely than a project that ships nothing that runs; its code is audited
    files = {
        "app/__init__.py": "",
        "app/database.py": "from sqlalchemy import create_engine\n"
        "engine = create_engine('sqlite://')\n",
        "app/main.py": "from fastapi import FastAPI\n"
        "from app.database import Base, engine\n"
        "app = FastAPI()\n",
    }
    r = run(tmp_path, files)
    assert "app.main" not in r.project.unserved_modules
    assert "app/main.py" in paths(r)


def test_a_module_a_running_module_imports_is_kept_beside_a_failing_one(tmp_path):
    # trap: the billing router is imported too by a module that runs (at module level),
    # or inside a function some code calls: it may run
    live = {
        "pkg__status": "from .billing import router\n",
        "pkg__server": APP_MAIN + "from . import status\n",
    }
    r = run(tmp_path / "module", failing_tree(**live))
    assert "pkg.dashboard" in r.project.unserved_modules
    assert "pkg.billing" not in r.project.unserved_modules
    called = {"pkg__limits": LIMITS + "PLANS = pull_plans()\n"}
    r = run(tmp_path / "called", failing_tree(**called))
    assert "pkg.billing" not in r.project.unserved_modules


SCAN_SERVER = (
    "import uvicorn\n"
    "from fastapi import FastAPI\n"
    "app = FastAPI()\n"
    "@app.post('/scan')\n"
    "def scan():\n"
    "    return {}\n"
    "if __name__ == '__main__':\n"
    "    uvicorn.run(app)\n"
)
OLD_ENDPOINT = (
    "from fastapi import APIRouter\n"
    "from ..store.db import Store\n"
    "router = APIRouter()\n"
    "@router.post('/scan')\n"
    "def scan():\n"
    "    return Store()\n"
    "@router.get('/scan/{job}')\n"
    "def status(job: str):\n"
    "    return {}\n"
)


def superseded_tree() -> dict[str, str]:
    """A server that starts itself and declares ``POST /scan`` on its app, and a folder of
    endpoints (no ``__init__.py``) whose router nothing includes or imports, re-declaring
    that route, with the store package only it imports."""
    return {
        "pkg/__init__.py": "",
        "pkg/server.py": SCAN_SERVER,
        "pkg/endpoints/scan.py": OLD_ENDPOINT,
        "pkg/store/__init__.py": "from .db import Store\n",
        "pkg/store/db.py": "class Store:\n    pass\n",
    }


def test_a_router_nothing_imports_that_the_served_app_supersedes_never_runs(tmp_path):
    # trap: the router's ``POST /scan`` is one the served app declares itself; nothing
    # imports or names the router's module: it never runs, nor does what only it imports
    r = run(tmp_path, superseded_tree())
    p = r.project
    assert p.unserved_modules == {"pkg.endpoints.scan", "pkg.store", "pkg.store.db"}
    assert p.serving.why["pkg.endpoints.scan"] == (
        "no application includes its routers, nothing imports it and no other file "
        "names it, beside an application the project serves"
    )
    assert paths(r) == {"pkg/server.py"}  # bad: the served app's findings stay


def test_a_router_nothing_imports_is_kept_when_named_or_of_its_own(tmp_path):
    # good: a document names it, its routes are its own, or the application it sits
    # beside is not known to be served (nothing names or starts it)
    named = {**superseded_tree(), "README.md": "Include `pkg.endpoints.scan` in your app.\n"}
    r = run(tmp_path / "named", named)
    assert r.project.unserved_modules == frozenset()
    own = superseded_tree()
    own["pkg/endpoints/scan.py"] = OLD_ENDPOINT.replace("'/scan'", "'/rescan'")
    r = run(tmp_path / "own", own)
    assert r.project.unserved_modules == frozenset()
    idle = superseded_tree()
    idle["pkg/server.py"] = SCAN_SERVER.split("if __name__")[0]
    r = run(tmp_path / "idle", idle)
    assert r.project.unserved_modules == frozenset()


def passed_over_tree(**changes: str) -> dict[str, str]:
    """The project's only application includes the routers of its ``api`` folder one by
    one; the ``reports`` router of that folder is left out and nothing imports it.
    ``changes`` replaces files (``pkg__main`` for ``pkg/main.py``)."""
    files = {
        "pkg/__init__.py": "",
        "pkg/api/__init__.py": "",
        "pkg/main.py": (
            "from fastapi import FastAPI\n"
            "from pkg.api import orders, users\n"
            "app = FastAPI()\n"
            "app.include_router(orders.router)\n"
            "app.include_router(users.router)\n"
            "# app.include_router(reports.router)\n"
        ),
        "pkg/api/orders.py": ROUTER.format(path="/orders"),
        "pkg/api/users.py": ROUTER.format(path="/users"),
        "pkg/api/reports.py": ROUTER.format(path="/reports"),
    }
    files.update({k.replace("__", "/") + ".py": v for k, v in changes.items()})
    return files


ROUTER = (
    "from fastapi import APIRouter\n"
    "router = APIRouter()\n"
    "@router.get('{path}')\n"
    "def listing():\n"
    "    return []\n"
)


def test_a_router_its_folders_application_leaves_out_never_runs(tmp_path):
    # bad for the model: the application composes its folder's routers by hand and
    # leaves one out; nothing imports or names it, so its routes are not served
    r = run(tmp_path, passed_over_tree())
    assert r.project.unserved_modules == {"pkg.api.reports"}
    assert "pkg/api/reports.py" not in paths(r)
    assert {"pkg/api/orders.py", "pkg/api/users.py"} <= paths(r)


def test_a_left_out_router_is_kept_when_the_composition_is_not_explicit(tmp_path):
    # traps: routers included through a loop over a registry's list (an include_router the
    # model cannot resolve), a router of a folder the application takes nothing from, and
    # two applications none of which is served on evidence: the router may still run
    looped = passed_over_tree(
        pkg__main="from fastapi import FastAPI\n"
        "from pkg.api import orders, users\n"
        "from pkg.plugins import registered\n"
        "app = FastAPI()\n"
        "app.include_router(orders.router)\n"
        "for router in registered():\n"
        "    app.include_router(router)\n",
        pkg__plugins="def registered():\n    return []\n",
    )
    r = run(tmp_path / "looped", looped)
    assert r.project.unserved_modules == frozenset()
    elsewhere = passed_over_tree()
    elsewhere["pkg/extra/reports.py"] = elsewhere.pop("pkg/api/reports.py")
    r = run(tmp_path / "elsewhere", elsewhere)
    assert r.project.unserved_modules == frozenset()
    two = passed_over_tree(pkg__admin="from fastapi import FastAPI\nadmin = FastAPI()\n")
    r = run(tmp_path / "two", two)
    assert "pkg.api.reports" not in r.project.unserved_modules
