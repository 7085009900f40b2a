"""The project model (F2-F6): resolution across modules, apps and routes, dependencies."""

from __future__ import annotations

from pathlib import Path

from auditor.engine import Options, audit


def model(tmp_path: Path, files: dict[str, str]):
    for rel, src in files.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(src)
    return audit(tmp_path, Options(use_cache=False)).project


def routes(project) -> dict[str, tuple]:
    return {r.function.qname: (r.methods, tuple(r.full_paths)) for r in project.routes}


def test_aliases_prefix_chains_and_factories(tmp_path):
    p = model(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/items.py": (
                "from fastapi import APIRouter as R\n"
                "router = R(prefix='/items')\n"
                "@router.get('/{item_id}')\n"
                "async def get_item(item_id: int) -> dict: return {}\n"
                "@router.api_route('', methods=['POST', 'PUT'])\n"
                "async def upsert() -> dict: return {}\n"
            ),
            "app/api.py": (
                "import fastapi as fa\n"
                "from .items import router as items_router\n"
                "api = fa.APIRouter()\n"
                "api.include_router(items_router, prefix='/v1')\n"
            ),
            "app/main.py": (
                "from fastapi import FastAPI\n"
                "from app.api import api\n"
                "def create_app() -> FastAPI:\n"
                "    app = FastAPI()\n"
                "    app.include_router(api, prefix='/api')\n"
                "    @app.get('/health')\n"
                "    async def health() -> dict: return {}\n"
                "    return app\n"
                "app = create_app()\n"
            ),
        },
    )
    r = routes(p)
    assert r["app.items.get_item"] == (("GET",), ("/api/v1/items/{item_id}",))
    assert r["app.items.upsert"] == (("POST", "PUT"), ("/api/v1/items",))
    assert r["app.main.create_app.<locals>.health"] == (("GET",), ("/health",))
    assert {a.kind for a in p.apps.values()} == {"app", "router"}


def test_non_fastapi_get_decorators_are_not_routes(tmp_path):
    p = model(
        tmp_path,
        {
            "app/flask_app.py": "from flask import Flask\napp = Flask(__name__)\n@app.get('/x')\ndef x(): return 'x'\n",
            "app/cache.py": "class Cache:\n    def get(self, k):\n        return lambda f: f\ncache = Cache()\n@cache.get('k')\nasync def f(): pass\n",
            "app/unknown.py": "from somewhere import router\n@router.get('/y')\nasync def y(): pass\n",
        },
    )
    assert p.routes == []


def test_parameter_annotated_receiver(tmp_path):
    p = model(
        tmp_path,
        {
            "app/plugin.py": (
                "from fastapi import APIRouter\n"
                "def register(r: APIRouter) -> None:\n"
                "    @r.get('/plugin')\n"
                "    async def plugin() -> dict: return {}\n"
            ),
        },
    )
    assert list(routes(p)) == ["app.plugin.register.<locals>.plugin"]


def test_app_handed_to_a_helper_gets_its_routes(tmp_path):
    """``configure(app)``: the routers and routes the helper adds belong to the app handed
    to it, also through a second helper and by keyword; a helper handed two different apps
    (one of them kept on an object: ``register(self.app)``) keeps its parameter unknown."""
    p = model(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/routes.py": (
                "from fastapi import APIRouter\n"
                "router = APIRouter()\n"
                "@router.get('/items')\n"
                "async def items() -> list: return []\n"
            ),
            "app/wiring.py": (
                "from fastapi import FastAPI\n"
                "from app.routes import router\n"
                "def add_routes(target):\n"
                "    target.include_router(router, prefix='/api')\n"
                "def configure(app: FastAPI) -> None:\n"
                "    add_routes(target=app)\n"
                "    @app.get('/health')\n"
                "    async def health() -> dict: return {}\n"
                "def shared(app):\n"
                "    app.include_router(router, prefix='/shared')\n"
                "def register(app):\n"
                "    app.include_router(router, prefix='/registered')\n"
            ),
            "app/main.py": (
                "from fastapi import FastAPI\n"
                "from app.wiring import configure, shared\n"
                "def create_app() -> FastAPI:\n"
                "    app = FastAPI()\n"
                "    configure(app)\n"
                "    return app\n"
                "one = FastAPI()\n"
                "two = FastAPI()\n"
                "shared(one)\n"
                "shared(two)\n"
            ),
            "app/server.py": (
                "from fastapi import FastAPI\n"
                "from app.wiring import register\n"
                "class Base:\n"
                "    def __init__(self) -> None:\n"
                "        self.app = FastAPI()\n"
                "class Server(Base):\n"
                "    def start(self) -> None:\n"
                "        register(self.app)\n"
                "def main() -> None:\n"
                "    local = FastAPI()\n"
                "    register(local)\n"
            ),
        },
    )
    r = routes(p)
    assert r["app.routes.items"] == (("GET",), ("/api/items",))
    assert r["app.wiring.configure.<locals>.health"] == (("GET",), ("/health",))
    app = p.apps["app.main.create_app.<locals>.app"]
    assert p.apps["app.wiring.configure.<locals>.app"] is app
    assert p.apps["app.wiring.add_routes.<locals>.target"] is app
    assert "app.wiring.shared.<locals>.app" not in p.apps
    # ``register(self.app)`` (kept by a base class) and ``register(local)``: two apps
    assert "app.wiring.register.<locals>.app" not in p.apps
    assert p.main_app() is app


def test_dependency_closure_through_annotated_aliases_and_routers(tmp_path):
    p = model(
        tmp_path,
        {
            "app/deps.py": (
                "from typing import Annotated\n"
                "from fastapi import Depends\n"
                "def get_db():\n    yield 1\n"
                "DbDep = Annotated[int, Depends(get_db)]\n"
                "async def current_user(db: DbDep) -> int: return db\n"
                "async def audit_log() -> None: pass\n"
            ),
            "app/main.py": (
                "from typing import Annotated\n"
                "from fastapi import APIRouter, Depends, FastAPI\n"
                "from app import deps\n"
                "from app.deps import current_user\n"
                "router = APIRouter(dependencies=[Depends(deps.audit_log)])\n"
                "@router.get('/me')\n"
                "async def me(user: Annotated[int, Depends(current_user)]) -> int: return user\n"
                "app = FastAPI()\napp.include_router(router)\n"
            ),
        },
    )
    assert sorted(p.dependency_functions) == [
        "app.deps.audit_log",
        "app.deps.current_user",
        "app.deps.get_db",
    ]
    assert p.dependency_functions["app.deps.get_db"].is_generator
    route = p.routes[0]
    closure = p.dependency_closure(p.route_dependencies(route))
    assert closure.complete and {f.name for f in closure.functions} == {
        "audit_log",
        "current_user",
        "get_db",
    }


def test_class_hierarchy_across_modules_and_src_layout(tmp_path):
    p = model(
        tmp_path,
        {
            "src/shop/__init__.py": "",
            "src/shop/base.py": "from pydantic import BaseModel as PM\nclass CustomModel(PM):\n    pass\n",
            "src/shop/schemas.py": "from shop.base import CustomModel\nclass Item(CustomModel):\n    name: str\n",
            "src/shop/config.py": "import pydantic_settings\nclass Settings(pydantic_settings.BaseSettings):\n    x: int = 1\n",
            "src/shop/other.py": "from marshmallow import Schema\nclass ItemSchema(Schema):\n    class Meta:\n        ordered = True\n",
        },
    )
    models = {c.qname for c in p.pydantic_models}
    assert "src.shop.schemas.Item" in models and "src.shop.base.CustomModel" in models
    assert "src.shop.other.ItemSchema" not in models
    assert [c.qname for c in p.settings_classes] == ["src.shop.config.Settings"]


def test_lifespan_is_found_across_modules(tmp_path):
    p = model(
        tmp_path,
        {
            "app/lifecycle.py": "from contextlib import asynccontextmanager\n@asynccontextmanager\nasync def lifespan(app):\n    yield\n",
            "app/main.py": "from fastapi import FastAPI\nfrom app.lifecycle import lifespan\napp = FastAPI(lifespan=lifespan)\n",
        },
    )
    assert p.lifespans == {"app.lifecycle.lifespan"}


def test_an_app_built_inline_is_an_app_with_its_lifespan(tmp_path):
    """``Wrapper(app=FastAPI(lifespan=lifespan))``: an app no name binds (stac-fastapi-static
    api/api.py:127) is still an application, and its ``lifespan=`` is the lifespan; apps
    bound to a name keep their names, a project class built inline is not guessed, and a
    ``FastAPI()`` that is a value in a list or dict (a fake request's scope, open-webui
    retrieval/web/yandex.py:141) is no application."""
    p = model(
        tmp_path,
        {
            "svc/__init__.py": "",
            "svc/api.py": (
                "import contextlib\n"
                "import fastapi as fa\n"
                "from fastapi import FastAPI as F\n"
                "from stac_fastapi.api.app import StacApi\n"
                "from svc.wrap import MyApp\n"
                "@contextlib.asynccontextmanager\n"
                "async def lifespan(app):\n"
                "    yield\n"
                "def make_api():\n"
                "    return StacApi(app=F(title='x', lifespan=lifespan))\n"
                "register(fa.FastAPI())\n"
                "admin = fa.FastAPI()\n"
                "other = StacApi(app=MyApp())\n"
                "apps = [fa.FastAPI()]\n"
                "scope = {'type': 'http', 'app': fa.FastAPI()}\n"
            ),
            "svc/wrap.py": "class MyApp:\n    pass\n",
        },
    )
    assert sorted(a.qname for a in p.fastapi_apps) == [
        "svc.api.<inline@11>",
        "svc.api.admin",
        "svc.api.make_api.<locals>.<inline@10>",
    ]
    assert p.lifespans == {"svc.api.lifespan"}
    # how a message names them: where they are built, not the model's key
    assert sorted(a.label for a in p.fastapi_apps) == [
        "FastAPI() in svc.api, line 11",
        "FastAPI() in svc.api.make_api, line 10",
        "svc.api.admin",
    ]


def test_an_app_bound_through_a_cast_or_a_fallback_keeps_its_name(tmp_path):
    """``app = cast(T, FastAPI(...))`` (writer serve.py:162) and ``self.fastapi = fastapi or
    FastAPI()`` (fastapi-amis-admin admin.py:1503) bind the app to the name its routes use."""
    p = model(
        tmp_path,
        {
            "svc/__init__.py": "",
            "svc/serve.py": (
                "from typing import cast\n"
                "from fastapi import FastAPI\n"
                "def get_app():\n"
                "    app = cast(FastAPI, FastAPI(title='x'))\n"
                "    @app.get('/health')\n"
                "    def health() -> str:\n"
                "        return 'ok'\n"
                "    return app\n"
                "class Site:\n"
                "    def __init__(self, fastapi=None):\n"
                "        self.fastapi = fastapi or FastAPI(docs_url=None)\n"
            ),
        },
    )
    assert sorted(a.qname for a in p.fastapi_apps) == [
        "svc.serve.Site.<self>.fastapi",
        "svc.serve.get_app.<locals>.app",
    ]
    assert [tuple(r.full_paths) for r in p.routes] == [("/health",)]


def test_cyclic_bindings_resolve_to_unknown_not_a_crash(tmp_path):
    # open-webui made 22 checks crash with RecursionError through a cycle like this one
    p = model(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/a.py": "from app.b import y\nx = y.run()\n\nasync def f():\n    x.go()\n",
            "app/b.py": "from app.a import x as y\nz = y.other()\n",
        },
    )
    assert p.resolve("app.a.x.go") is None
    assert p.resolve("app.b.z.anything") is None
    assert p.routes == []


def test_auditing_a_package_folder_resolves_its_own_absolute_imports(tmp_path):
    p = model(
        tmp_path / "shop",
        {
            "__init__.py": "",
            "api/__init__.py": "",
            "api/routes.py": "from fastapi import APIRouter\nrouter = APIRouter(prefix='/items')\n@router.get('')\nasync def items() -> list: return []\n",
            "main.py": "from fastapi import FastAPI\nfrom shop.api.routes import router\napp = FastAPI()\napp.include_router(router, prefix='/v1')\n",
        },
    )
    assert [tuple(r.full_paths) for r in p.routes] == [("/v1/items",)]


def test_dependency_closure_says_unknown_and_follows_instances_and_models(tmp_path):
    p = model(
        tmp_path,
        {
            "app/main.py": (
                "from dataclasses import dataclass\n"
                "from fastapi import Depends, FastAPI\n"
                "from fastapi.security import HTTPBearer, OAuth2PasswordBearer\n"
                "from somewhere import external_dep, ExternalBase\n"
                "class Checker:\n"
                "    def __init__(self, role: str) -> None: self.role = role\n"
                "    def __call__(self, token: str) -> str: return token\n"
                "checker = Checker('admin')\n"
                "oauth2 = OAuth2PasswordBearer(tokenUrl='t')\n"
                "@dataclass\nclass Paging:\n    page: int = 1\n"
                "class Odd(ExternalBase):\n    pass\n"
                "app = FastAPI()\n"
                "@app.get('/a')\n"
                "def a(x: str = Depends(checker), p: Paging = Depends(), t: str = Depends(oauth2),"
                " b: object = Depends(HTTPBearer())) -> str: return x\n"
                "@app.get('/b')\n"
                "def b(y: str = Depends(external_dep)) -> str: return y\n"
                "@app.get('/c')\n"
                "def c(z: Odd = Depends()) -> None: return None\n"
            ),
        },
    )
    by_path = {r.path: r for r in p.routes}
    a = p.dependency_closure(p.route_dependencies(by_path["/a"]))
    assert a.complete
    assert [f.qname for f in a.functions] == ["app.main.Checker.__call__"]
    assert [c.qname for c in a.models] == ["app.main.Paging"]
    b = p.dependency_closure(p.route_dependencies(by_path["/b"]))
    assert not b.complete and b.unknown[0].target == "somewhere.external_dep"
    c = p.dependency_closure(p.route_dependencies(by_path["/c"]))
    assert not c.complete  # an external base class may define ``__init__``


def test_paths_from_constants_and_route_labels(tmp_path):
    """Prefixes and paths built from module constants (imported ones included) are known; a
    route whose prefix is built at run time is named without passing a partial path off as
    its whole (an empty path never shows as ``GET ``)."""
    p = model(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/constants.py": "API = '/api'\nV1 = '/v1'\nSTACKS = '/stacks'\n",
            "app/stacks.py": (
                "import os\n"
                "from fastapi import APIRouter\n"
                "from app.constants import API, STACKS, V1\n"
                "router = APIRouter(prefix=API + V1 + STACKS)\n"
                "dynamic = APIRouter(prefix=os.environ['PREFIX'])\n"
                "@router.post('')\n"
                "async def create_stack() -> dict: return {}\n"
                "@dynamic.get('')\n"
                "async def list_things() -> dict: return {}\n"
                "@dynamic.get('/{thing_id}')\n"
                "async def get_thing(thing_id: int) -> dict: return {}\n"
            ),
            "app/main.py": (
                "from fastapi import FastAPI\n"
                "from app.stacks import dynamic, router\n"
                "app = FastAPI()\n"
                "app.include_router(router)\n"
                "app.include_router(dynamic)\n"
            ),
        },
    )
    by_name = {r.function.name: r for r in p.routes}
    assert by_name["create_stack"].full_paths == ["/api/v1/stacks"]
    assert by_name["create_stack"].label == "`POST /api/v1/stacks` (`create_stack`)"
    assert by_name["list_things"].label == (
        "`GET` route `list_things` (its path is built at run time)"
    )
    assert by_name["get_thing"].label == (
        "`GET …/{thing_id}` (`get_thing`; its router prefix is built at run time)"
    )


def test_route_handlers_declared_through_a_project_route_decorator(tmp_path):
    """The audited folder is the package itself (its root ``__init__.py`` re-exports with
    relative imports), the package re-exports an instance under its submodule's name, and
    that instance's class registers routes with ``add_api_route``: the decorated functions
    are route handlers; a decorator class that registers nothing is not."""
    project = model(
        tmp_path / "pkg",
        {
            "__init__.py": "from .decorators import endpoint, cache\n",
            "decorators/__init__.py": "from .endpoint import endpoint\nfrom .cache import cache\n",
            "decorators/endpoint.py": (
                "from fastapi import APIRouter\n\n\n"
                "class Endpoint:\n"
                "    def get(self, path: str):\n"
                "        def decorator(func):\n"
                "            router = APIRouter()\n"
                "            router.add_api_route(path, func)\n"
                "            return router\n\n"
                "        return decorator\n\n\n"
                "endpoint = Endpoint()\n"
            ),
            "decorators/cache.py": (
                "class Cache:\n"
                "    def get(self, key: str):\n"
                "        return lambda f: f\n\n\n"
                "cache = Cache()\n"
            ),
            "plugins/chats.py": (
                "from pkg import endpoint, cache\n\n\n"
                '@endpoint.get("/chats")\n'
                "async def chats() -> list: return []\n\n\n"
                '@cache.get("/cached")\n'
                "def cached() -> list: return []\n\n\n"
                "@endpoint.get(PATH)\n"
                "async def unknown_path() -> list: return []\n"
            ),
        },
    )
    root = project.module_for("pkg")
    assert root is not None and root.imports["endpoint"] == "decorators.endpoint"
    assert set(project.wrapped_route_functions) == {"plugins.chats.chats"}
    assert project.routes == []  # their router is built at run time: no path, no app


def test_pytest_plugins_of_the_package(tmp_path):
    """A ``pytest11`` entry point of the wheel's ``.dist-info`` beside the audited package,
    and a conftest's ``pytest_plugins``, name the package's pytest plugins; a fixture module
    nothing registers is not one."""
    for rel, src in {
        "pkg-1.0.dist-info/top_level.txt": "pkg\n",
        "pkg-1.0.dist-info/entry_points.txt": "[console_scripts]\nx = pkg.cli:main\n\n"
        "[pytest11]\npkg = pkg.testing\n",
    }.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(src)
    project = model(
        tmp_path / "pkg",
        {
            "__init__.py": "",
            "cli.py": "def main() -> None: ...\n",
            "testing/__init__.py": "import pytest\n",
            "fixtures.py": "import pytest\n",
            "unused_fixtures.py": "import pytest\n",
            "tests/conftest.py": 'pytest_plugins = ("fixtures",)\n',
        },
    )
    assert project.pytest_plugin_modules == {"testing", "fixtures"}


def test_a_test_harness_application_in_a_testing_folder_is_never_the_main_one(tmp_path):
    """A package's ``testing/`` (or ``_testing/``) folder holds its test harness: a server
    object there keeping the application it starts for browser tests (rio's
    ``testing/browser_client.py``) is not *the* application when another one exists, even
    when that one is built by a method of a non-application class (``App._as_fastapi``)."""
    server = (
        "from fastapi import FastAPI\n"
        "class Server(FastAPI):\n"
        "    def __init__(self, owner) -> None:\n"
        "        super().__init__()\n"
        "        self.add_api_route('/ping', self.ping)\n"
        "    async def ping(self) -> dict[str, str]:\n"
        "        return {'status': 'ok'}\n"
    )
    app = (
        "from pkg.server import Server\n"
        "class App:\n"
        "    def as_asgi(self):\n"
        "        result = Server(self)\n"
        "        return result\n"
    )
    harness = (
        "from pkg.server import Server\n"
        "class Harness:\n"
        "    def start(self, owner) -> None:\n"
        "        self.server = Server(owner)\n"
    )
    for folder in ("testing", "_testing"):
        p = model(
            tmp_path / folder,
            {
                "pkg/__init__.py": "",
                "pkg/server.py": server,
                "pkg/app.py": app,
                f"pkg/{folder}/__init__.py": "",
                f"pkg/{folder}/harness.py": harness,
            },
        )
        apps = [a for a in p.fastapi_apps if a.module.file_class == "app"]
        assert {a.module.module for a in apps} == {"pkg.app", f"pkg.{folder}.harness"}
        assert p.main_app(apps).module.module == "pkg.app"


_PYD007 = Options(use_cache=False, select=["PYD007"], settings={"base-model-min-models": 3})


def _namespace_tree(root: Path, extra: str = "") -> None:
    files = {
        "web/modules/base.py": "from pydantic import BaseModel\n\nclass Module(BaseModel):\n    name: str\n",
        "web/modules/one.py": (
            f"{extra}from neural.web.modules.base import Module\n\n"
            "class One(Module):\n    size: int\n"
        ),
        "web/schemas.py": (
            "from pydantic import BaseModel\n\n"
            "class A(BaseModel):\n    a: int\n\n"
            "class B(BaseModel):\n    b: int\n\n"
            "class C(BaseModel):\n    c: int\n"
        ),
    }
    for rel, src in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(src)


def test_a_namespace_root_that_imports_itself_by_its_name_is_aliased(tmp_path):
    # neuralgentics-web: the audited folder `neuralgentics/` has no __init__.py and its code
    # imports `neuralgentics.web.modules.base`: that is the tree's `web.modules.base`
    root = tmp_path / "neural"
    _namespace_tree(root)
    result = audit(root, _PYD007)
    assert result.project.class_("web.modules.base.Module") is result.project.resolve(
        "neural.web.modules.base.Module"
    )
    assert result.project.is_pydantic_model("web.modules.one.One")
    # the models with a project base keep PYD007 silent
    assert not [f for f in result.report.findings if f.check_id == "PYD007"]


def test_a_namespace_root_named_like_an_installed_package_is_not_aliased(tmp_path):
    # the folder's name is also a package the code imports from elsewhere (`import neural`):
    # `neural.web...` may be that package's, so nothing is aliased
    root = tmp_path / "neural"
    _namespace_tree(root, extra="import neural\n")
    result = audit(root, _PYD007)
    assert not result.project.is_pydantic_model("web.modules.one.One")
    assert [f for f in result.report.findings if f.check_id == "PYD007"]


def test_vendored_by_a_subpackage_header(tmp_path):
    """A subpackage's ``__init__.py`` saying it is a (modified) copy of another project
    speaks for its files; the top-level package's header does not (a fork is the project)."""
    copied = "# Modified from https://github.com/acme/streams\n"
    p = model(
        tmp_path,
        {
            "pkg/__init__.py": copied,
            "pkg/main.py": "x = 1\n",
            "pkg/data/__init__.py": "",
            "pkg/data/own.py": "x = 1\n",
            "pkg/data/stream/__init__.py": copied,
            "pkg/data/stream/cache.py": "# This file is part of the Streams library.\nx = 1\n",
            "pkg/data/stream/deep/__init__.py": "",
            "pkg/data/stream/deep/io.py": "x = 1\n",
            "pkg/data/one.py": "# modified from https://github.com/acme/one\nx = 1\n",
        },
    )
    assert p.is_vendored("pkg/data/stream/cache.py")
    assert p.is_vendored("pkg/data/stream/deep/io.py")
    assert p.is_vendored("pkg/data/stream/__init__.py")
    assert p.is_vendored("pkg/data/one.py")  # its own header
    assert not p.is_vendored("pkg/main.py")  # the top-level package's header
    assert not p.is_vendored("pkg/data/own.py")


def test_vendored_by_a_subpackage_notice_or_a_folder_named_so(tmp_path):
    """A subpackage whose NOTICE says the folder holds code derived from another project's
    repository, or a folder named for the library it vendors (``x_vendored``), is a copy;
    a NOTICE that only credits an idea, or the top-level package's, is not."""
    derived = "Streams runtime\n\nThis directory contains code derived from acme/streams.\n"
    p = model(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/NOTICE": derived,
            "pkg/main.py": "x = 1\n",
            "pkg/models/__init__.py": "",
            "pkg/models/streams/__init__.py": "",
            "pkg/models/streams/NOTICE": derived,
            "pkg/models/streams/load.py": "x = 1\n",
            "pkg/models/kernels/__init__.py": "",
            "pkg/models/kernels/NOTICE.md": "The kernels follow the design of acme/fast.\n",
            "pkg/models/kernels/gemm.py": "x = 1\n",
            "pkg/models/lib_vendored/__init__.py": "",
            "pkg/models/lib_vendored/gen/__init__.py": "",
            "pkg/models/lib_vendored/gen/ar.py": "x = 1\n",
        },
    )
    assert p.is_vendored("pkg/models/streams/load.py")
    assert p.is_vendored("pkg/models/lib_vendored/gen/ar.py")
    assert not p.is_vendored("pkg/models/kernels/gemm.py")  # credits a design, not code
    assert not p.is_vendored("pkg/main.py")  # the top-level package's NOTICE


def test_generated_by_its_header(tmp_path):
    """A module whose header says a generator wrote it and not to edit it by hand is
    generated (OpenAPI Generator's docstring, protoc's comment, ``@generated``,
    datamodel-codegen); one that only says ``generated`` (Alembic's ``please adjust!``, a
    scaffold edited since) or says it below its first statement is the project's own."""
    p = model(
        tmp_path,
        {
            "api/__init__.py": "",
            "api/openapi.py": '# coding: utf-8\n\n"""\n    Petstore\n\n'
            "    Generated by OpenAPI Generator (https://openapi-generator.tech)\n\n"
            '    Do not edit the class manually.\n"""  # noqa: E501\n\nx = 1\n',
            "api/pb2.py": "# Generated by the protocol buffer compiler.  DO NOT EDIT!\nx = 1\n",
            "api/meta.py": "# @generated by tools/codegen.py\nx = 1\n",
            "api/dm.py": "# generated by datamodel-codegen:\n#   filename:  pets.yaml\nx = 1\n",
            "api/rev.py": '"""add pets\n\nRevision ID: 1\n"""\n# autogenerated by Alembic - please adjust!\n',
            "api/scaffold.py": "# Generated by our scaffold, maintained by hand since.\nx = 1\n",
            "api/late.py": "x = 1\n# Generated by a tool.  Do not edit.\n",
        },
    )
    for path in ("api/openapi.py", "api/pb2.py", "api/meta.py", "api/dm.py"):
        assert p.is_generated(path), path
    for path in ("api/rev.py", "api/scaffold.py", "api/late.py", "api/__init__.py"):
        assert not p.is_generated(path), path


def test_a_functions_source_is_read_through_a_bounded_cache_of_module_lines(tmp_path, monkeypatch):
    """``Project.function_source`` gives a function's lines from its ``def`` to its end;
    the lines of only the last ``LINES_KEPT`` files stay cached (a large tree's every module
    would cost tens of MB), and a file read again after it left the cache reads the same."""
    import auditor.project

    p = model(
        tmp_path,
        {
            "app/a.py": "import os\n\n\ndef first(x):\n    y = x + 1\n    return y\n\n\nZ = 1\n",
            "app/b.py": "async def second():\n    return 2\n",
        },
    )
    first = p.function("app.a.first")
    second = p.function("app.b.second")
    assert p.function_source(first) == "def first(x):\n    y = x + 1\n    return y"
    monkeypatch.setattr(auditor.project, "LINES_KEPT", 1)
    assert p.function_source(second) == "async def second():\n    return 2"
    assert list(p._lines) == ["app/b.py"], "only the last file's lines are kept"
    assert p.function_source(first) == "def first(x):\n    y = x + 1\n    return y"
    assert list(p._lines) == ["app/a.py"]
    assert p.module_lines("app/missing.py") is None


def test_a_functions_def_node_is_parsed_once_and_kept_alone(tmp_path, monkeypatch):
    """``Project.def_node`` reads a function's ``def`` from its module's source: the node of
    that function (a method, a decorated coroutine), kept so that asking again parses nothing
    (checks that follow helpers ask the same few functions many times), and None when the
    module does not parse."""
    import ast

    p = model(
        tmp_path,
        {
            "app/a.py": (
                "import functools\n\n\nclass Jobs:\n    @functools.cache\n"
                "    async def run(self):\n        return 1\n\n\ndef run():\n    return 2\n"
            ),
        },
    )
    method, function = p.function("app.a.Jobs.run"), p.function("app.a.run")
    node = p.def_node(method)
    assert isinstance(node, ast.AsyncFunctionDef) and node.lineno == 6
    assert isinstance(p.def_node(function), ast.FunctionDef)
    assert p.def_node(function).lineno == 10
    parses: list[object] = []
    monkeypatch.setattr(ast, "parse", lambda *a, **k: parses.append(a) or None)
    assert p.def_node(method) is node and parses == [], "asked again: nothing parsed"
    monkeypatch.undo()
    broken = model(tmp_path / "broken", {"app/b.py": "def f():\n    return 1\n"})
    monkeypatch.setattr(broken.repo, "read_bytes", lambda path: b"def f(:\n")
    assert broken.def_node(broken.function("app.b.f")) is None


#: Two routers with literal prefixes, for the tests of routers included in loops.
_FEEDS = (
    "from fastapi import APIRouter\n"
    "router = APIRouter(prefix='/feeds')\n"
    "sync_router = APIRouter(prefix='/feeds/sync')\n"
    "@router.get('')\n"
    "async def list_feeds() -> list: return []\n"
    "@sync_router.post('/run')\n"
    "async def run_sync() -> dict: return {}\n"
)


def _looped_routers(tmp_path: Path, include: str):
    """A project whose app includes its routers in a loop over the routers handed to a
    function (a loop the model does not follow), ``include`` being the loop's body."""
    return model(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/feeds.py": _FEEDS,
            "app/main.py": (
                "import os\n"
                "from fastapi import FastAPI\n"
                "from app import feeds\n"
                "def register(app: FastAPI, routers: tuple, prefix: str = os.environ['P']) -> None:\n"
                "    for router in routers:\n"
                f"{include}"
                "app = FastAPI()\n"
                "register(app, (feeds.router, feeds.sync_router))\n"
            ),
        },
    )


def test_routers_included_in_a_loop_under_a_prefix_are_all_under_an_unknown_prefix(tmp_path):
    """A loop's local holds any router, whatever its name (socialift utils/routes.py:15
    includes each router of a tuple under a setting: ``tiktok.auth_router``'s routes were
    named as if complete, ``router``s' under ``…/``); one loop that includes some with a
    prefix and some without (``if prefix: ... else: ...``, chaka factory.py:139-144) is a
    place whose prefix the model cannot tell.  A loop that gives no prefix keeps the paths."""
    under = "        app.include_router(router, prefix=prefix)\n"
    p = _looped_routers(tmp_path / "under", under)
    assert sorted(r.label for r in p.routes) == [
        "`GET …/feeds` (`list_feeds`; its router's prefix is not known)",
        "`POST …/feeds/sync/run` (`run_sync`; its router's prefix is not known)",
    ]
    either = (
        "        if prefix:\n"
        "            app.include_router(router, prefix=prefix)\n"
        "        else:\n"
        "            app.include_router(router)\n"
    )
    p = _looped_routers(tmp_path / "either", either)
    assert {r.prefix_unseen for r in p.routes} == {True}
    p = _looped_routers(tmp_path / "bare", "        app.include_router(router)\n")
    assert sorted(r.label for r in p.routes) == [
        "`GET /feeds` (`list_feeds`)",
        "`POST /feeds/sync/run` (`run_sync`)",
    ]


def _routers_by_module_name(tmp_path: Path, include: str):
    """A project whose app imports its router modules by name from a list of (module,
    prefix) pairs and includes what each hands out as ``router``, ``include`` being the
    loop's include."""
    return model(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/feeds.py": (
                "from fastapi import APIRouter\n"
                "router = APIRouter()\n"
                "@router.get('/feeds')\n"
                "async def list_feeds() -> list: return []\n"
            ),
            "app/main.py": (
                "import importlib\n"
                "from fastapi import FastAPI\n"
                "app = FastAPI()\n"
                "ROUTERS = [('app.feeds', '/api/v1')]\n"
                "def register() -> None:\n"
                "    for module_name, prefix in ROUTERS:\n"
                "        module = importlib.import_module(module_name)\n"
                "        router = getattr(module, 'router', None)\n"
                f"{include}"
                "register()\n"
            ),
        },
    )


def test_a_router_looked_up_by_module_name_is_under_an_unknown_prefix(tmp_path):
    """``router = getattr(module, "router")`` in a loop over module names holds whichever
    router the module hands out (phlo-api main.py:136-144 includes twenty such under
    ``/api/v1`` and others: its routes were named ``POST /plan`` as if complete).  Included
    with no prefix, the paths stay the routers' own."""
    under = "        app.include_router(router, prefix=prefix)\n"
    p = _routers_by_module_name(tmp_path / "under", under)
    assert [r.label for r in p.routes] == [
        "`GET …/feeds` (`list_feeds`; its router's prefix is not known)"
    ]
    p = _routers_by_module_name(tmp_path / "bare", "        app.include_router(router)\n")
    assert [r.label for r in p.routes] == ["`GET /feeds` (`list_feeds`)"]


def test_a_route_under_a_computed_include_prefix_is_named_under_its_routers_own(tmp_path):
    """A router with a literal prefix included under a computed one: what is known of its
    routes' paths is its own prefix and the decorator's path (``GET …/feeds``, not the
    ``GET`` route with no path at all, nor ``POST …/run`` dropping ``/feeds/sync``)."""
    p = model(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/feeds.py": _FEEDS,
            "app/main.py": (
                "import os\n"
                "from fastapi import FastAPI\n"
                "from app import feeds\n"
                "app = FastAPI()\n"
                "for router in (feeds.router, feeds.sync_router):\n"
                "    app.include_router(router, prefix=os.environ['API_PREFIX'])\n"
            ),
        },
    )
    assert sorted(r.label for r in p.routes) == [
        "`GET …/feeds` (`list_feeds`; its router prefix is built at run time)",
        "`POST …/feeds/sync/run` (`run_sync`; its router prefix is built at run time)",
    ]


def test_files_naming_is_the_search_of_every_file_and_stays_so(tmp_path):
    """``Project.files_naming`` answers from an index of the files' words built on the first
    question (and keeps the words asked since): every answer, first or later, is what a
    ``\\b(?:name|...)\\b`` search of each readable Python file's bytes finds -- for the
    names of the project's functions and classes, and for other words."""
    import itertools
    import re

    p = model(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/util.py": "def load_config():\n    return 1\n\nclass Store:\n    pass\n",
            "app/main.py": (
                "from app.util import load_config\nx = load_config()\n"
                "y = 'load_configx'  # load_config_2, Store.x\nz = café = 1\n"
            ),
            "app/other.py": "def café():\n    pass\nw = _load_config = 2\nv = 'Store'\n",
            "app/empty.py": "",
        },
    )
    words = ["load_config", "Store", "café", "x", "load_config_2", "nothing", "_load_config"]

    def searched(names: list[str]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        pattern = re.compile(rb"\b(?:" + b"|".join(re.escape(n.encode()) for n in names) + rb")\b")
        for path in p.repo.python_files():
            data = p.repo.read_bytes(path)
            found = {m.decode() for m in pattern.findall(data or b"")}
            if found:
                out[path] = found
        return out

    for _ in range(2):  # the first answers build the index, the second read it
        for k in (1, 2, 3):
            for names in itertools.combinations(words, k):
                got = p.files_naming(names)
                assert got == searched(list(names)), names
                assert list(got) == [f for f in p.repo.python_files() if f in got]  # file order


def test_def_node_from_its_statement_is_the_whole_parse_node(tmp_path):
    """``Project.def_node`` parses only the top-level statement holding the function: the
    node (positions included) is the one a parse of the whole module gives, for every
    function -- decorated, nested, a method, after a BOM or a cookie, or in a file with
    carriage returns (parsed whole)."""
    import ast

    body = (
        "import functools\n"
        "x = 1; y = 2\n"
        "\n"
        "@functools.cache\n"
        "# a comment between\n"
        "def top(a,\n"
        "        b=(1,\n"
        "           2)):\n"
        "    def inner():\n"
        "        return a\n"
        "    return inner\n"
        "\n"
        "class Holder:\n"
        "    @staticmethod\n"
        "    async def method():\n"
        "        pass\n"
        "\n"
        "    def other(self): return 1\n"
        "if x:\n"
        "    def guarded(): pass\n"
        "def last(): return 'é'"
    )
    files = {
        "app/__init__.py": "",
        "app/plain.py": body,
        "app/cookie.py": "# -*- coding: utf-8 -*-\n" + body,
        "app/crlf.py": body.replace("\n", "\r\n"),
    }
    for rel, src in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(src.encode())
    (tmp_path / "app/bom.py").write_bytes(b"\xef\xbb\xbf" + body.encode())
    p = audit(tmp_path, Options(use_cache=False)).project
    asked = 0
    for m in p.modules.values():
        whole = ast.parse(p.repo.read_bytes(m.path))
        for fn in m.functions.values():
            node = p.def_node(fn)
            expected = next(
                n
                for n in ast.walk(whole)
                if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                and n.name == fn.name
                and n.lineno == fn.line
            )
            assert ast.dump(node, include_attributes=True) == ast.dump(
                expected, include_attributes=True
            ), fn.qname
            asked += 1
            # the statement was parsed alone, but in the file with carriage returns
            by_statement = p._def_node_in_statement(m, p.repo.read_bytes(m.path), fn)
            assert (by_statement is None) == m.path.endswith("crlf.py"), fn.qname
    assert asked == 4 * 6


def test_path_covers_segment_by_segment():
    from auditor.project_queries import path_covers

    assert path_covers("/t/{name}/{pk:path}", "/t/{name}/{pk:path}/deps")
    assert path_covers("/t/{pk:path}", "/t/a/b")
    assert path_covers("/r/{start}/{end}", "/r/stats/{rid}")
    assert path_covers("/r/{start}/{end}", "/r/{rid:int}/items")
    assert not path_covers("/t/{pk:path}", "/t")  # the converter needs the slash after /t
    assert not path_covers("/r/{start:int}/{end}", "/r/stats/{rid}")  # int covers no word
    assert not path_covers("/r/{start}", "/r/{rest:path}")  # one segment covers no path
    assert not path_covers("/r/{start}/{end}", "/r/{start}")
    assert not path_covers("/r/stats", "/r/{rid}")
    assert not path_covers("/r/{rid}.json", "/r/a.json")  # a mixed segment: only itself


def test_shadowed_routes_are_those_an_earlier_route_of_the_receiver_takes(tmp_path):
    p = model(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/main.py": (
                "from fastapi import APIRouter, FastAPI\n"
                "app = FastAPI()\n"
                "other = APIRouter()\n"
                "@app.get('/rows/{pk:path}')\n"
                "def row(pk: str) -> dict: return {}\n"
                "@app.get('/rows/{pk:path}/deps')\n"
                "def deps(pk: str) -> dict: return {}\n"
                "@app.post('/rows/{pk:path}/deps')\n"
                "def post_deps(pk: str) -> dict: return {}\n"
                "@other.get('/rows/{pk:path}/more')\n"
                "def more(pk: str) -> dict: return {}\n"
                "if True:\n"
                "    @app.get('/items/{a}')\n"
                "    def item(a: str) -> dict: return {}\n"
                "@app.get('/items/b')\n"
                "def item_b() -> dict: return {}\n"
                "@app.get('/early/b')\n"
                "def early_b() -> dict: return {}\n"
                "@app.get('/early/{a}')\n"
                "def early(a: str) -> dict: return {}\n"
                "@app.get('/files/{f:path}')\n"
                "def file(f: str) -> dict: return {}\n"
                "@app.get('/files/{f:path}/meta')\n"
                "async def meta(f: str) -> dict: return {}\n"
                "app.include_router(other)\n"
                "print(deps)\n"
            ),
        },
    )
    shadowed = {r.function.name for r in p.routes if id(r) in p.shadowed_routes}
    # the GET under the earlier `{pk:path}` only: another method, another router, a route
    # registered under an `if`, and one registered before the wider route all run
    assert shadowed == {"deps", "meta"}
    # `deps` is named by other code, which may call it; nothing runs `meta`
    assert p.shadowed_handlers == {"app.main.meta"}
    assert p.not_beside_requests([("app/main.py", 28, "app.main.meta")]) == ["dead"]
