from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Iterator
from typing import NamedTuple

from auditor import names
from auditor.astwalk import walk
from auditor.check import Check, Example, Hit, Severity, snippet, when
from auditor.facts import Call, Function, arg, iter_exprs, qname_of, str_lit
from auditor.lazyre import lazy_compile
from auditor.project import Project
from auditor.project_queries import NOT_NAMING, may_serve_by_name, named_once_in_module
from auditor.recognisers import (
    SERVER_CALLS,
    held_key,
    is_main_guard,
    local_key,
    under_dev_condition,
)
from auditor.walker import ModuleContext

DOCS_KWARGS = frozenset({"openapi_url", "docs_url", "redoc_url"})
#: Where a ``FastAPI(...)`` call can become a served app: bound, returned, or handed to a call
#: (``app.mount("/v2", FastAPI())``, ``uvicorn.run(FastAPI())``).
_SERVED_PARENTS = (
    ast.Assign,
    ast.AnnAssign,
    ast.NamedExpr,
    ast.Return,
    ast.IfExp,
    ast.Call,
    ast.keyword,
)


_SERVERS = SERVER_CALLS
_REDIRECTS = frozenset(
    {"fastapi.responses.RedirectResponse", "starlette.responses.RedirectResponse"}
)


def _other_branch_hides_docs(ctx: ModuleContext, node: ast.Call) -> bool:
    """The ``FastAPI(...)`` sits in one branch of an ``if`` (or a conditional expression)
    whose other branch builds the app with its docs set (``docs_url=None``, ...): the code
    chooses when the docs are served, they are not served in every environment (seen in
    aibrix, behind an opt-in ``--enable-fastapi-docs`` flag)."""
    chain = [*ctx.parents, node]
    for i, parent in enumerate(chain[:-1]):
        child = chain[i + 1]
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        other: list[ast.AST]
        if isinstance(parent, ast.If):
            other = list(parent.orelse if child in parent.body else parent.body)
        elif isinstance(parent, ast.IfExp) and child is not parent.test:
            other = [parent.orelse if child is parent.body else parent.body]
        else:
            continue
        for n in (m for o in other for m in walk(o)):
            if (
                isinstance(n, ast.Call)
                and ctx.resolve(n.func) == names.FASTAPI
                and any(kw.arg in DOCS_KWARGS for kw in n.keywords)
            ):
                return True
    return False


def _in_main_block(ctx: ModuleContext) -> bool:
    """The current node sits in the module's ``if __name__ == "__main__":`` block."""
    return any(isinstance(p, ast.If) and is_main_guard(p.test) for p in ctx.parents) and not any(
        isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) for p in ctx.parents
    )


def _handed_to_a_server(ctx: ModuleContext) -> bool:
    """A ``FastAPI(...)`` argument reaches a server: through calls and keywords up to a
    ``mount``, a server (``uvicorn.run(FastAPI())``), or a binding or ``return`` of the
    outermost call (``app = Middleware(FastAPI())``: a wrapped app).  An app handed to
    anything else (``async with lifespan_of(FastAPI()):``) is built for that helper."""
    for anc in reversed(ctx.parents):
        if isinstance(anc, ast.keyword):
            continue
        if isinstance(anc, ast.Call):
            if isinstance(anc.func, ast.Attribute) and anc.func.attr == "mount":
                return True
            if ctx.resolve(anc.func) in _SERVERS:
                return True
            continue
        return isinstance(anc, _SERVED_PARENTS)
    return False


#: Calls on an app that add no route to its schema (FastAPI's schema lists only the
#: ``APIRoute``s: Starlette routes, websockets and handlers are not in it).
_NO_ROUTE_METHODS = frozenset(
    {
        "mount",
        "add_middleware",
        "middleware",
        "add_event_handler",
        "on_event",
        "exception_handler",
        "add_exception_handler",
        "add_route",
        "route",
        "websocket",
        "websocket_route",
        "add_websocket_route",
    }
)
#: Calls on an app that add an API route, left out of the schema by ``include_in_schema=False``.
_ROUTE_METHODS = frozenset(
    {
        "get",
        "post",
        "put",
        "patch",
        "delete",
        "head",
        "options",
        "trace",
        "api_route",
        "add_api_route",
    }
)
#: ``FastAPI(...)`` keywords written for the schema's outside consumers: terms of service, and
#: the public URLs (``servers=[{"url": base_url}]``) that clients generated from the schema
#: call.
_PUBLISHED = frozenset({"terms_of_service", "servers"})
#: Path fragments of the docs pages and the schema.
_DOCS_PATHS = ("/docs", "/redoc", "/openapi.json")
_DOCS_PATHS_TEXT = tuple(p.encode() for p in _DOCS_PATHS)

#: A store whose landing page, in a router two includes away from the app, sends its users
#: to the docs; the bad twin adds a second app that does not serve the page.
_LANDING_FILES = {
    "store/__init__.py": "",
    "store/pages.py": """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/")
async def index() -> dict[str, str]:
    return {"status": "ok", "message": "Visit /docs to learn more about the API"}
""",
    "store/api.py": """\
from fastapi import APIRouter

from store import pages

api = APIRouter()
api.include_router(pages.router)
""",
    "store/main.py": """\
from fastapi import FastAPI

from store.api import api

app = FastAPI(title="Store")
app.include_router(api)
""",
}
_ADMIN_APP = """\
from fastapi import FastAPI

admin = FastAPI(title="Admin")


@admin.get("/stats")
async def stats() -> dict[str, int]:
    return {"orders": 0}
"""

#: The small app the README examples read about: only its README changes from one to the next.
#: An idle module-level app beside a launcher that serves the app its caller hands it.
_LAUNCHER_SHELL = """\
import uvicorn
from fastapi import FastAPI

app = FastAPI(title="Detectors")


class DetectorApp(FastAPI):
    def __init__(self) -> None:
        super().__init__(docs_url=None, redoc_url=None, openapi_url=None)


def serve(app: FastAPI, port: int = 8000) -> None:
    uvicorn.run(app, host="0.0.0.0", port=port)
"""


def _shim_files(usage: str, argv: str | None) -> dict[str, str]:
    """A local model shim whose usage line runs it with uvicorn on ``usage``, and (unless
    ``argv`` is None) a command of the project that starts it as a child process on
    ``argv``: the uvicorn command lines are the only servers of the app."""
    files = {
        "kit/shim.py": f'''"""Local model shim.

Usage:
    uvicorn kit.shim:app --host {usage} --port 8079
"""

from fastapi import FastAPI

app = FastAPI(title="Shim")


@app.get("/v1/models")
def models() -> list[str]:
    return ["local"]
''',
    }
    if argv is not None:
        files["kit/host.py"] = f"""\
import subprocess
import sys


def shim_command(port: int) -> list[str]:
    return [sys.executable, "-m", "uvicorn", "kit.shim:app", "--host", "{argv}", "--port", str(port)]


def start(port: int) -> "subprocess.Popen[bytes]":
    return subprocess.Popen(shim_command(port))
"""
    return files


#: An app whose routes FastMCP turns into tools, the MCP server the only thing run.
_MCP_BRIDGE = """\
import uvicorn
from fastapi import FastAPI
from fastmcp import FastMCP

app = FastAPI(title="Broker")


@app.get("/quotes/{symbol}")
async def quote(symbol: str) -> dict[str, str]:
    return {"symbol": symbol}


mcp = FastMCP.from_fastapi(app=app)


def main() -> None:
    mcp.run(transport="http", host="0.0.0.0", port=8000)
"""


def _namesake_files(command: str) -> dict[str, str]:
    """The launcher shell of a shared package beside a service whose module has the same
    last name (``app.py``), its image running ``command``."""
    return {
        "svc/common/app.py": _LAUNCHER_SHELL,
        "svc/api/app.py": "from svc.common.app import DetectorApp\n\napp = DetectorApp()\n\n\n"
        '@app.get("/items")\nasync def items() -> list[str]:\n    return []\n',
        "svc/Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY ./api/app.py /srv\n"
        f'CMD ["uvicorn", "{command}", "--host", "0.0.0.0"]\n',
    }


_CATALOGUE_APP = """\
from fastapi import FastAPI

app = FastAPI(title="Catalogue")


@app.get("/items")
def items() -> list[str]:
    return ["a", "b"]
"""
#: A README whose API reference section lists a path of the catalogue and ends with ``{last}``.
_REFERENCE_README = (
    "# Catalogue\n\n## API reference\n\n| Group | Methods |\n|---|---|\n"
    "| **Items** | `GET /items` |\n\n{last}\n"
)
#: A reference page's pointer to the schema on the reader's own server.
_MACHINE_SPEC = "Machine-readable spec: `openapi.json` at `http://<server>:8000/openapi.json`."
#: The metadata of the catalogue's wheel: its schema's URL on a deployed host and, in its
#: README, a call to ``{path}`` there (the app's ``/items`` proves the host is this server).
#: A hub that registers itself with another system, its device record's address computed
#: from its settings (``{address}``): RTE002's published-address trap and its other side.
_HUB_FILES = {
    "hub/server.py": """\
from fastapi import FastAPI

from hub import registry

app = FastAPI()


@app.get("/devices")
async def devices() -> list[str]:
    return [registry.announce().name]
""",
    "hub/registry.py": """\
from hub.settings import CONFIG


class Device:
    def __init__(self, name: str, configuration_url: str) -> None:
        self.name = name
        self.configuration_url = configuration_url


def announce() -> Device:
    return Device(name="hub", configuration_url={address})
""",
    "hub/settings.py": "class Config:\n    url = 'http://hub.local:8000'\n\n\nCONFIG = Config()\n",
}


def _hub_files(address: str) -> dict[str, str]:
    return {p: t.replace("{address}", address) for p, t in _HUB_FILES.items()}


_CATALOGUE_METADATA = (
    "Metadata-Version: 2.1\nName: catalogue\n"
    "Project-URL: REST API, https://api.catalogue.dev/openapi.json\n\n"
    "# Catalogue\n\n```\ncurl https://api.catalogue.dev{path}\n```\n"
)
#: A guide whose README's section about the documentation lists ``{docs}`` among its pages.
_GUIDE_README = (
    "# Catalogue\n\n## Quick start\n\n```bash\n# Documentation tools\npip install catalogue\n"
    "```\n\n{section}\n\n- [Deployment guide](guide/deploy.md)\n{docs}\n"
)
#: A shop site that mounts its API under ``/v1``; its README gives ``{readme}``.
_MOUNTED_SHOP = {
    "shop/__init__.py": "",
    "shop/api.py": """\
from fastapi import FastAPI

api = FastAPI(title="Shop API")


@api.get("/orders")
async def orders() -> list[str]:
    return []
""",
    "shop/web.py": """\
from fastapi import FastAPI

from shop.api import api

web = FastAPI(title="Shop")
web.mount("/v1", api)


@web.get("/")
async def home() -> dict[str, str]:
    return {"shop": "open"}
""",
}


def _mounted_shop(readme: str) -> dict[str, str]:
    return {**_MOUNTED_SHOP, "README.md": f"# Shop\n\n## Running\n\n{readme}\n"}


#: A console whose built front end (``{bundle}``, a minified bundle) the app serves.
_CONSOLE = """\
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

app = FastAPI(title="Console")


@app.get("/api/items")
async def items() -> list[str]:
    return []


app.mount("/", StaticFiles(directory="console/static", html=True))
"""


def _console_files(bundle: str) -> dict[str, str]:
    return {
        "console/__init__.py": "",
        "console/server.py": _CONSOLE,
        "console/static/assets/index-4f2a9c.js": bundle,
    }


#: A notepad whose command starts the app by its import string, after printing ``{line}``.
def _pad_files(line: str) -> dict[str, str]:
    return {
        "pad/__init__.py": "",
        "pad/main.py": _CATALOGUE_APP.replace("Catalogue", "Pad"),
        "pad/cli.py": f"""\
import uvicorn


def start(host: str, port: int) -> None:
    print({line})
    uvicorn.run("pad.main:app", host=host, port=port)
""",
    }


#: A relay whose ``__main__`` block logs ``{fields}`` before it runs the server function.
_RELAY_MAIN = """\
import asyncio

import structlog
import uvicorn
from fastapi import FastAPI

log = structlog.get_logger()
app = FastAPI(title="Relay")


@app.get("/items")
async def items() -> list[str]:
    return []


async def serve(port: int) -> None:
    await uvicorn.Server(uvicorn.Config(app, host="0.0.0.0", port=port)).serve()


if __name__ == "__main__":
    log.info("starting relay", {fields})
    asyncio.run(serve(9100))
"""
#: A library whose jobs module builds an app nothing uses, beside routers for a host app.
_STRAY_FILES = {
    "kit/__init__.py": "",
    "kit/routes.py": """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/tokens")
async def tokens() -> list[str]:
    return []
""",
    "kit/jobs/__init__.py": 'from .refresh import app, refresh_all\n\n__all__ = ["app", "refresh_all"]\n',
    "kit/jobs/refresh.py": """\
from fastapi import FastAPI

app = FastAPI()


async def refresh_all() -> None:
    return None
""",
}
#: The other side: a command imports the jobs' app from the package, adds the routes, serves it.
_STRAY_SERVED = {
    **_STRAY_FILES,
    "kit/serve.py": """\
import uvicorn

from kit.jobs import app
from kit.routes import router

app.include_router(router)


def main() -> None:
    uvicorn.run(app, host="0.0.0.0")
""",
}


#: A link to this server's own docs pages (``href="/docs"``, ``"See /docs"``,
#: ``f"http://{host}:{port}/docs"``), not to a page of another site (``example.com/docs/x``).
_LOCAL_DOCS = lazy_compile(r"(?<![\w.-])/(?:docs|redoc|openapi\.json)(?![\w/.-])")


def _hidden_route(call: ast.Call) -> bool:
    """``include_in_schema=False`` among a route call's keywords."""
    return any(
        kw.arg == "include_in_schema"
        and isinstance(kw.value, ast.Constant)
        and kw.value.value is False
        for kw in call.keywords
    )


def _links_docs(node: ast.AST, linked_names: set[str]) -> bool:
    """``node`` holds a link to the docs pages: a string (or f-string part) naming one of
    :data:`_DOCS_PATHS`, or a name bound to such a string."""
    for n in walk(node):
        if isinstance(n, ast.Constant) and isinstance(n.value, str):
            if any(p in n.value for p in _DOCS_PATHS):
                return True
        elif isinstance(n, ast.Name) and n.id in linked_names:
            return True
    return False


def _tells_docs(node: ast.AST) -> bool:
    """``node`` holds a sentence pointing its reader to this server's docs (``"Visit /docs
    to learn more about the API!"``, ``"See /docs for usage"``), not an address alone
    (``f"{base}/docs"`` in an about document's links)."""
    return any(
        isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and _LOCAL_DOCS.search(n.value) is not None
        and len(n.value.split()) > 1
        for n in walk(node)
    )


#: The last names of calls that show a line to the person starting the server: ``print``,
#: a logger's levels, ``click.echo`` / ``typer.echo``, a rich console's ``print``/``log``.
_SAYERS = frozenset({"print", "echo", "secho", "info", "warning", "log", "debug"})


#: A keyword of a structured log line naming the docs (``docs=``, ``api_docs=``).
_DOCS_KEY = lazy_compile(r"(?:^|_)(?:docs|documentation|swagger|redoc|openapi)(?:_|$)", re.I)


def _said_text(value: ast.expr) -> str | None:
    """The text a string or f-string shows, its values read as placeholders (``{}``)."""
    if isinstance(value, ast.JoinedStr):
        return "".join(str(v.value) if isinstance(v, ast.Constant) else "{}" for v in value.values)
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return value.value
    return None


def _own_docs_address(text: str) -> bool:
    """``text`` gives this server's docs page: its bare path, or a URL on a local host or
    a computed one (``http://localhost:8001/docs``, ``http://{}:{}/docs``), not another
    site's literal URL (``https://example.com/docs``)."""
    if _LOCAL_DOCS.search(text):
        return True
    return any(
        (host := u["host"].lower()).startswith(_LOCAL_HOSTS) or host.startswith("{}")
        for u in _DOCS_URL.finditer(text)
    )


def _announces_docs(call: ast.Call) -> bool:
    """``call`` shows a sentence pointing at this server's docs: ``print(f"API docs at
    {url}/docs")``, ``logger.info("Docs: http://%s:%d/docs", host, port)``, or a
    structured log line's field named for them (``logger.info("Starting",
    docs="http://localhost:8001/docs")``); an f-string's values read as placeholders, so a
    computed host still counts and another site's literal URL (``https://example.com/docs``)
    does not."""
    func = call.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    if name not in _SAYERS:
        return False
    for a in call.args:
        text = _said_text(a)
        if text is not None and _own_docs_address(text) and len(text.split()) > 1:
            return True
    for kw in call.keywords:
        text = _said_text(kw.value)
        if kw.arg and _DOCS_KEY.search(kw.arg) and text is not None and _own_docs_address(text):
            return True
    return False


def _main_blocks(module: ast.AST) -> list[ast.If]:
    """The module's ``if __name__ == "__main__":`` blocks (at its top level)."""
    body = module.body if isinstance(module, ast.Module) else []
    return [s for s in body if isinstance(s, ast.If) and is_main_guard(s.test)]


def _links_local_docs(node: ast.AST, linked_names: set[str]) -> bool:
    """``node`` holds a link to this server's own docs pages (:data:`_LOCAL_DOCS`), or a
    name bound to a link to the docs pages (a module's HTML template, a helper building it)."""
    return any(
        (isinstance(n, ast.Constant) and isinstance(n.value, str) and _LOCAL_DOCS.search(n.value))
        or (isinstance(n, ast.Name) and n.id in linked_names)
        for n in walk(node)
    )


#: A keyword naming an address (``configuration_url=``, ``docs_link=``, ``href=``).
_ADDRESS_KEYWORD = lazy_compile(r"(?:^|_)(?:url|uri|link|href)$", re.IGNORECASE)


def _built_docs_address(value: ast.AST) -> bool:
    """``base + "/docs"`` or ``f"{base}/docs"``: a docs page under an address computed at
    run time (the server's own, from its settings), not a literal URL of another site."""
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        return (
            isinstance(value.right, ast.Constant)
            and value.right.value in _DOCS_PATHS
            and not isinstance(value.left, ast.Constant)
        )
    if isinstance(value, ast.JoinedStr) and len(value.values) >= 2:
        *before, last = value.values
        return (
            isinstance(last, ast.Constant)
            and last.value in _DOCS_PATHS
            and isinstance(before[-1], ast.FormattedValue)
        )
    return False


def _mount_only_wrapper(ctx: ModuleContext, name: str, call: ast.Call) -> bool:
    """``name`` (just bound to ``call``, a ``FastAPI()``) is a bare wrapper that only mounts
    other applications: in its scope every use of the name is the receiver of ``mount()``
    (at least one) or of a call that adds no route, the app handed to a server
    (``uvicorn.run(wrapper)``), or handed to a function of the module that uses it so in
    turn (``mount_apps(app)``); and so are the uses of the app in the function its
    ``lifespan=`` names (whose first parameter is the app).  Its own schema lists no route:
    the docs that matter are the mounted application's.  Any other use (a route decorator,
    ``include_router``, a ``return``, an argument to any other call) may add routes, and the
    app is judged as any other."""
    scope: ast.AST | None = next(
        (
            p
            for p in reversed(ctx.parents)
            if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module))
        ),
        ctx.tree,
    )
    if scope is None:
        return False
    mounts = _wrapper_mounts(ctx, scope, name, 0)
    lifespan = next((k.value for k in call.keywords if k.arg == "lifespan"), None)
    fn = _module_function(ctx, lifespan)
    if mounts is not None and fn is not None and fn.args.args:
        more = _wrapper_mounts(ctx, fn, fn.args.args[0].arg, 1)
        mounts = None if more is None else mounts + more
    return mounts is not None and mounts > 0


def _routeless_fallback(ctx: ModuleContext, name: str, stmt: ast.stmt) -> bool:
    """``name = FastAPI(...)`` (``stmt``) is the fallback of an ``if`` whose other branch
    binds ``name`` to another application (``app = create_http_app(...)``), and in its scope
    every use of the name adds no route (middleware, state, the router's lifespan, a
    ``return``): the fallback's own schema lists no route, and the app the other branch
    builds is judged on its own ``FastAPI(...)`` call (seen in hindsight's MCP-only app)."""
    if ctx.parent is not stmt or len(ctx.parents) < 2:
        return False
    branch = ctx.parents[-2]
    if not isinstance(branch, ast.If):
        return False
    other = branch.orelse if stmt in branch.body else branch.body
    if stmt not in branch.body and stmt not in branch.orelse:
        return False
    rebinds = any(
        isinstance(n, ast.Assign)
        and isinstance(n.value, (ast.Call, ast.Await))
        and any(isinstance(t, ast.Name) and t.id == name for t in n.targets)
        and not (isinstance(n.value, ast.Call) and ctx.resolve(n.value.func) == names.FASTAPI)
        for o in other
        for n in walk(o)
    )
    if not rebinds:
        return False
    scope = next(
        (
            p
            for p in reversed(ctx.parents)
            if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef))
        ),
        ctx.tree,
    )
    return scope is not None and _wrapper_mounts(ctx, scope, name, 0) is not None


def _module_function(
    ctx: ModuleContext, node: ast.AST | None
) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The function defined at the top of the module that ``node`` (a bare name) names."""
    if not isinstance(node, ast.Name) or ctx.tree is None:
        return None
    return next(
        (
            d
            for d in ctx.tree.body
            if isinstance(d, (ast.FunctionDef, ast.AsyncFunctionDef)) and d.name == node.id
        ),
        None,
    )


#: An app's settings read as plain values (``app.docs_url``): reading one adds no route.
_SETTING_ATTRS = frozenset(
    {
        "docs_url",
        "redoc_url",
        "openapi_url",
        "swagger_ui_oauth2_redirect_url",
        "root_path",
        "title",
        "version",
        "description",
    }
)


def _wraps_as_middleware(ctx: ModuleContext, call: ast.Call, use: ast.Name) -> bool:
    """``call`` hands the app to an ASGI middleware as the application it wraps: the first
    positional argument (or ``app=``) of a class named ``...Middleware``, Starlette's
    convention (``CORSMiddleware(app, ...)``): the middleware calls the app, and adds no
    route to it."""
    f = call.func
    last = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
    if not last.endswith("Middleware"):
        return False
    first = call.args[0] if call.args else None
    return first is use or any(k.arg == "app" and k.value is use for k in call.keywords)


def _wrapper_mounts(ctx: ModuleContext, scope: ast.AST, name: str, depth: int) -> int | None:
    """How many ``mount()`` calls the uses of ``name`` in ``scope`` make, or None when one
    use may add a route (see :func:`_mount_only_wrapper`)."""
    parents: dict[ast.AST, ast.AST] = {}
    uses: list[ast.Name] = []
    for node in walk(scope):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
        if isinstance(node, ast.Name) and node.id == name:
            uses.append(node)
    mounts = 0
    for use in uses:
        up = parents.get(use)
        if isinstance(use.ctx, ast.Store):
            continue
        if isinstance(up, ast.Attribute) and up.value is use:
            if up.attr == "state":
                continue  # ``app.state.x = ...``: no route
            if up.attr in _SETTING_ATTRS and isinstance(up.ctx, ast.Load):
                reader = parents.get(up)
                if not (
                    isinstance(reader, ast.Attribute)
                    or (isinstance(reader, ast.Call) and reader.func is up)
                ):
                    continue  # ``app.docs_url`` read as a value: no route
            if up.attr == "router":
                life = parents.get(up)
                if isinstance(life, ast.Attribute) and life.attr == "lifespan_context":
                    continue  # ``app.router.lifespan_context = chained``: no route
            call = parents.get(up)
            if not (isinstance(call, ast.Call) and call.func is up):
                return None
            if up.attr in _ROUTE_METHODS and _hidden_route(call):
                continue  # ``@app.get("/{path:path}", include_in_schema=False)``: not in the schema
            if up.attr not in _NO_ROUTE_METHODS:
                return None
            mounts += up.attr == "mount"
            continue
        if isinstance(up, ast.keyword):
            up = parents.get(up)
        if isinstance(up, ast.Call) and ctx.resolve(up.func) in _SERVERS:
            continue
        if isinstance(up, ast.Call) and _wraps_as_middleware(ctx, up, use):
            continue  # ``HostValidationMiddleware(app, policy)``: runs it, adds no route
        if (
            isinstance(up, ast.Call)
            and isinstance(up.func, ast.Attribute)
            and up.func.attr == "mount"
            and use is not up.func.value
        ):
            continue  # ``app.mount("/optimade", wrapper)``: mounted into another app
        if isinstance(up, ast.Return) and _owner(parents, up) is scope:
            continue  # the factory hands the wrapper (built only for a URL prefix) to its server
        helper = _module_function(ctx, up.func) if isinstance(up, ast.Call) else None
        if helper is not None and isinstance(up, ast.Call) and depth < 2 and use in up.args:
            # ``mount_apps(app)``: a function of the module that mounts into the app it is given
            i = up.args.index(use)
            params = helper.args.posonlyargs + helper.args.args
            if i >= len(params) or any(isinstance(a, ast.Starred) for a in up.args[:i]):
                return None
            more = _wrapper_mounts(ctx, helper, params[i].arg, depth + 1)
            if more is None:
                return None
            mounts += more
            continue
        return None
    return mounts


def _root_route(decorator: ast.expr) -> bool:
    """``@app.get("/")`` (or ``""``, ``api_route``, ``route``): the decorator of the root page."""
    if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)):
        return False
    if decorator.func.attr not in {"get", "api_route", "route"}:
        return False
    path = (
        decorator.args[0]
        if decorator.args
        else next((kw.value for kw in decorator.keywords if kw.arg == "path"), None)
    )
    return isinstance(path, ast.Constant) and path.value in ("/", "")


def _registers_root(call: ast.Call, handler: str) -> bool:
    """``app.add_api_route("/", handler, methods=["GET"])`` (or ``add_route``; no
    ``methods=`` means ``GET``): ``handler`` is registered as the root page."""
    if not isinstance(call.func, ast.Attribute) or call.func.attr not in _ADD_ROUTE:
        return False
    path = call.args[0] if call.args else _keyword(call, "path")
    endpoint = call.args[1] if len(call.args) > 1 else _keyword(call, "endpoint")
    if not (isinstance(path, ast.Constant) and path.value in ("/", "")):
        return False
    if not (isinstance(endpoint, ast.Name) and endpoint.id == handler):
        return False
    methods = _keyword(call, "methods")
    if methods is None:
        return True
    return isinstance(methods, (ast.List, ast.Tuple, ast.Set)) and any(
        isinstance(m, ast.Constant) and isinstance(m.value, str) and m.value.upper() == "GET"
        for m in methods.elts
    )


#: Methods that register a handler given by name (``app.add_api_route(path, endpoint)``).
_ADD_ROUTE = frozenset({"add_api_route", "add_route"})


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


def _page_route(decorator: ast.expr) -> bool:
    """``@app.get(...)`` (``api_route``, ``route``): the decorator of a page a browser reads."""
    return (
        isinstance(decorator, ast.Call)
        and isinstance(decorator.func, ast.Attribute)
        and decorator.func.attr in {"get", "api_route", "route"}
    )


def _owner(parents: dict[ast.AST, ast.AST], node: ast.AST) -> ast.AST | None:
    """The function (or module) whose body holds ``node``."""
    up = parents.get(node)
    while up is not None and not isinstance(up, (ast.FunctionDef, ast.AsyncFunctionDef)):
        up = parents.get(up)
    return up


@dataclasses.dataclass
class _Links:
    """The names this module binds to a link to the docs pages (``docs_path = f"{x}/docs"``)."""

    names: set[str] = dataclasses.field(default_factory=set)


def _idle_shell(project: Project, inst) -> bool:
    """``inst`` is a module-level app that nothing uses: no route, router, mount or other
    call is made on it, its name appears in its module only where it is bound, no other file
    imports it or names it (``server.app``, ``server:app``), and the servers its module
    starts all serve another app (``uvicorn.run(create_app())``).  Its schema lists no route
    and the module's own servers never serve it (a compatibility shell left beside the
    factory the run helpers serve)."""
    if inst.function is not None or inst.includes or "." not in inst.qname:
        return False
    own = [d for p, d in project.server_sites if p == inst.path]
    module, _, name = inst.qname.rpartition(".")
    if may_serve_by_name(project, inst, own):
        return False
    if not own or any(r.receiver is inst for r in project.routes):
        return False
    if not named_once_in_module(project, inst):
        return False
    stem = module.rpartition(".")[2]
    mentions: tuple[bytes, ...] = (f"{stem}.{name}".encode(), f"{stem}:{name}".encode())
    # ``app:app`` names this module no more than a namesake whose app has routes (one
    # ``app.py`` per service): only a name that tells it apart counts then
    folder = module.rpartition(".")[0].rpartition(".")[2]
    if folder and _namesake_in_use(project, inst, stem, name):
        mentions = tuple(
            t.encode()
            for t in (f"{folder}.{stem}.{name}", f"{folder}.{stem}:{name}", f"{folder}/{stem}.py")
        )
    for m in project.modules.values():
        if any(imp.module == inst.qname for imp in m.import_list):
            return False
    for path in project.repo.files:
        if path != inst.path and not path.endswith(NOT_NAMING):
            data = project.repo.read_bytes(path) or b""
            if any(t in data for t in mentions):
                return False
    return True


def _apps_serving_links(project: Project, links: list) -> set[str]:
    """The apps (qualified names) that serve a route whose handler holds one of the
    ``links`` (signals of a page pointing its users to the docs), through the routers
    including it."""
    at = {(h.path, h.line) for h in links}
    out: set[str] = set()
    for route in project.routes:
        fn = route.function
        if not any(
            path == route.module.path and fn.line <= line <= fn.end_line for path, line in at
        ):
            continue
        out |= {i.qname for i in project.include_chain(route.receiver) if i.kind == "app"}
    return out


def _namesake_in_use(project: Project, inst, stem: str, name: str) -> bool:
    """Another module of the same last name binds a module-level app of the same name that
    routes or routers are registered on (``built_in/app.py``'s ``app`` for ``common/app.py``'s)."""
    used = {r.receiver.qname for r in project.routes} | {
        i.qname for i in project.apps.values() if i.includes
    }
    return any(
        other is not inst
        and other.kind == "app"
        and other.function is None
        and other.qname.rsplit(".", 2)[1:] == [stem, name]
        and other.qname in used
        for other in project.apps.values()
    )


def _imports_any(module, targets: set[str]) -> bool:
    """``module`` imports one of the ``targets`` modules (or a name from one)."""
    return any(
        imp.module in targets or imp.module.rpartition(".")[0] in targets
        for imp in module.import_list
    )


#: A line of a README listing the docs pages among the API's endpoints: a table row whose
#: path cell is the docs path, after a method cell or first (``| GET | `/docs` | OpenAPI
#: docs |``), or a list item naming ``GET /docs``, or one that starts with the docs path and
#: says what it is (``- `/docs`: the interactive API documentation``).  A local URL
#: (``http://localhost:8000/docs``, how to try the API while developing) is not such a listing.
_DOCS_PATH = r"`?/(?:docs|redoc|openapi\.json)`?"
_LISTS_DOCS = lazy_compile(
    rf"^\s*\|\s*(?:`?GET`?\s*\|\s*)?{_DOCS_PATH}\s*\|"
    rf"|^\s*[-*+]\s+(?:\*\*)?`?GET\s+/(?:docs|redoc|openapi\.json)\b"
    rf"|^\s*[-*+]\s+(?:\*\*)?{_DOCS_PATH}(?:\*\*)?(?::|\s+[-\u2013\u2014])\s+\w",
    re.MULTILINE,
)


#: A list item naming the bare docs path after what they are, the path ending the item
#: (``- **Auto docs**: interactive API documentation at `/docs```, ``- Swagger UI: /docs``):
#: the docs listed among what the server offers, not a local URL to try it with.
_NAMED_DOCS_ITEM = lazy_compile(
    r"^\s*[-*+]\s+(?P<what>[^\n]*?)(?:\bat|:)\s+`?/(?:docs|redoc|openapi\.json)`?\s*[.;]?\s*$",
    re.MULTILINE,
)
_DOCS_WORD = lazy_compile(r"\b(?:docs|documentation|swagger|redoc|openapi)\b", re.IGNORECASE)
#: A URL of a docs page (``https://api.example.com/docs``): its host and its last segment.
_DOCS_URL = lazy_compile(
    r"\bhttps?://(?P<host>\[[^\]\s]*\]|[^/\s`'\"<>()\[\]]+)(?:/[^\s`'\"<>()]*)?"
    r"/(?P<page>docs|redoc|openapi\.json)/?(?![\w/.-])"
)
_LOCAL_HOSTS = ("localhost", "127.", "0.0.0.0", "[::1]", "[::]")
_HEADING = lazy_compile(r"^#{1,6}\s", re.MULTILINE)


def _docs_in_deployments(text: str) -> bool:
    """A section of the README (between two headings) gives a docs page both at a local
    URL (``http://localhost:8000/docs``: the page is this server's) and on another host
    (``https://api.example.com/docs``, a staging or production deployment), each as an
    address of its own (:func:`_address_line`): the docs are read where the API is
    deployed, published on purpose."""
    for section in _HEADING.split(text):
        local: set[str] = set()
        deployed: set[str] = set()
        for m in _DOCS_URL.finditer(section):
            if not _address_line(section, m):
                continue
            host = m["host"].lower()
            (local if host.startswith(_LOCAL_HOSTS) else deployed).add(m["page"])
        if local & deployed:
            return True
    return False


#: What may stand around an address on its line: a list bullet, a short label and quotes.
_ADDRESS_LABEL = lazy_compile(r"^(?:[-*+]\s+)?(?:[^:\n`]{1,40}:)?\s*[`<]?$")


def _address_line(text: str, m: re.Match[str]) -> bool:
    """The URL ``m`` is the whole of its line, after at most a bullet and a short label
    (``- production: https://api.example.com/docs``, a line of a code block): an address
    given for itself, not a link inside a sentence (``a Supabase project
    (https://supabase.com/docs)``)."""
    start = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.end())
    before = text[start : m.start()].strip()
    after = text[m.end() : end if end >= 0 else len(text)].strip()
    return after in ("", "`", ">") and _ADDRESS_LABEL.match(before) is not None


#: A project URL of the distribution's metadata (``Project-URL: Documentation, https://...``).
_PROJECT_URL = lazy_compile(r"^Project-URL:\s*(?P<label>[^,\n]*),\s*(?P<url>\S+)\s*$", re.MULTILINE)


def _docs_as_project_url(text: str) -> bool:
    """The distribution's metadata names, as its documentation URL, a docs page on a
    deployed host (``Project-URL: Documentation, https://api.example.com/docs``) that its
    README also gives at a local URL (``http://localhost:8000/docs``): the page is this
    server's, and the project points its users at the deployed one.  A documentation URL
    alone may be a documentation site's page, which says nothing of this server's."""
    deployed: set[str] = set()
    for m in _PROJECT_URL.finditer(text):
        url = _DOCS_URL.fullmatch(m["url"]) if _DOCS_WORD.search(m["label"]) else None
        if url is not None and not url["host"].lower().startswith(_LOCAL_HOSTS):
            deployed.add(url["page"])
    if not deployed:
        return False
    local = {
        m["page"] for m in _DOCS_URL.finditer(text) if m["host"].lower().startswith(_LOCAL_HOSTS)
    }
    return bool(local & deployed)


#: Any http(s) URL: its host and its path (query and fragment left out).
_ANY_URL = lazy_compile(
    r"\bhttps?://(?P<host>\[[^\]\s]*\]|[^/\s`'\"<>()\[\]?#]+)(?P<path>/[^\s`'\"<>()?#]*)?"
)
#: A host that stands for any deployment (``api.example.com``, ``your-domain.com``).
_PLACEHOLDER_HOST = lazy_compile(r"(?:^|[.-])(?:example|your|my)(?:[.-]|$)|yourdomain|<|\{")


def _route_patterns(project: Project) -> list[re.Pattern[str]]:
    """A pattern of each path the project's routes serve that names a resource of its
    own (a static segment other than the docs pages): ``/v1/{country}/company/{id}``
    matches ``/v1/NO/company/923609016``."""
    out = []
    for route in project.routes:
        for path in route.full_paths:
            segments = [seg for seg in (path or "").split("/") if seg]
            static = [seg for seg in segments if not seg.startswith("{")]
            if not static or all(seg in ("docs", "redoc", "openapi.json") for seg in static):
                continue
            parts = [
                (".+" if seg.endswith(":path}") else "[^/]+")
                if seg.startswith("{")
                else re.escape(seg)
                for seg in segments
            ]
            out.append(re.compile("/" + "/".join(parts) + "/?"))
    return out


def _docs_on_serving_host(text: str, routes: list[re.Pattern[str]]) -> bool:
    """The text (a README, the metadata's project URLs) links a docs page on a deployed
    host (``https://api.acme.dev/openapi.json``, not a local or placeholder one) that it
    also shows serving one of the project's own routes below the docs page's folder (``curl
    https://api.acme.dev/v1/NO/company/923609016``): that deployment is this server, and the
    project points its users at its docs there."""
    bases = {
        (host, text[m.end("host") : m.start("page") - 1])  # the folder of the page
        for m in _DOCS_URL.finditer(text)
        if not (host := m["host"].lower()).startswith(_LOCAL_HOSTS)
        and _PLACEHOLDER_HOST.search(host) is None
    }
    if not bases or not routes:
        return False
    for m in _ANY_URL.finditer(text):
        path = m["path"] or "/"
        for host, prefix in bases:
            # the route's path below the folder the docs page is in (the API's base URL)
            if (
                m["host"].lower() == host
                and path.startswith(prefix + "/")
                and any(r.fullmatch(path[len(prefix) :]) for r in routes)
            ):
                return True
    return False


#: Words that make the docs pages the API's whole reference: ``Full OpenAPI is generated at
#: `/docs```, ``For an exhaustive list of the endpoints ... visit``, ``the complete API
#: reference``, ``Machine-readable spec: `openapi.json` ...``.
_DOCS_AS_REFERENCE = lazy_compile(
    r"\b(?:full|complete|exhaustive|entire)\s+(?:list\s+of\s+(?:(?:the|all)\s+)?(?:api\s+)?"
    r"endpoints|(?:interactive\s+)?(?:api\s+(?:reference|documentation|docs)|openapi\b))"
    r"|\bmachine[- ]readable\s+(?:api\s+)?(?:spec(?:ification)?|schema|contract)\b",
    re.IGNORECASE,
)
#: A docs page's URL on a host written as a template for the reader's own deployment
#: (``http://<relay>:8788/openapi.json``, ``https://{host}/docs``): the server being
#: documented, wherever it runs.
_TEMPLATE_DOCS_URL = lazy_compile(
    r"\bhttps?://(?:<[^>\s]+>|\$?\{[^}\s]+\})(?::\d+)?(?:/[^\s`'\"<>()]*)?"
    r"/(?:docs|redoc|openapi\.json)/?(?![\w/.-])"
)
#: The bare path of a docs page in prose (`` `/docs` ``, ``/redoc``), not inside a URL.
_BARE_DOCS = lazy_compile(r"(?<![\w/.:-])/(?:docs|redoc|openapi\.json)(?![\w/.-])")
#: How far after those words the page they point at may be named.
_REFERENCE_REACH = 240


def _docs_as_reference(text: str) -> bool:
    """A section of the README calls the docs pages the API's full reference and points at
    them within a few lines, by their bare path, a local URL or one on a host written as a
    template for the reader's deployment (``Full OpenAPI is auto-generated at `/docs` and
    `/redoc```; ``For an exhaustive list of the endpoints, visit: -
    http://localhost:8000/docs``; ``Machine-readable spec: http://<relay>:8788/openapi.json``):
    the README hands its reference to them.  A URL on another host may be a documentation
    site's, and a docs page the README gives without such words is a way to try the API."""
    for section in _HEADING.split(text):
        for m in _DOCS_AS_REFERENCE.finditer(section):
            after = section[m.end() : m.end() + _REFERENCE_REACH]
            if (
                _BARE_DOCS.search(after)
                or _TEMPLATE_DOCS_URL.search(after)
                or any(
                    u["host"].lower().startswith(_LOCAL_HOSTS) for u in _DOCS_URL.finditer(after)
                )
            ):
                return True
    return False


#: A Markdown heading (outside code blocks) that names the docs pages or the project's
#: documentation: ``## Documentation``, ``# SwaggerUi``.
_DOCS_HEADING = lazy_compile(r"\b(?:docs|documentation|swagger\w*|redoc|openapi)\b", re.IGNORECASE)
_FENCE = lazy_compile(r"^\s*(?:```|~~~)")
_HEADING_LINE = lazy_compile(r"^#{1,6}\s+(?P<title>.*)$")


def _documentation_sections(text: str) -> Iterator[str]:
    """The sections of a Markdown text (between two headings, lines of fenced code blocks
    never heading one) whose heading names the docs or the documentation
    (:data:`_DOCS_HEADING`)."""
    inside = False
    current: list[str] | None = None
    for line in text.splitlines():
        if _FENCE.match(line):
            inside = not inside
        heading = None if inside else _HEADING_LINE.match(line)
        if heading is not None:
            if current is not None:
                yield "\n".join(current)
            current = [] if _DOCS_HEADING.search(heading["title"]) else None
        elif current is not None:
            current.append(line)
    if current is not None:
        yield "\n".join(current)


def _docs_in_documentation(text: str) -> bool:
    """A section of the README about the documentation (``## Documentation``, ``#
    SwaggerUi``) gives a docs page of this server, by its bare path, a local URL or one on
    a host written as a template (``- [API Documentation (OpenAPI)](http://localhost:8000/docs)``
    among the project's guides): the README hands its readers the docs as part of the
    project's documentation.  A local URL in a quick start is how to try the API while
    developing, not such a section."""
    for section in _documentation_sections(text):
        if (
            _BARE_DOCS.search(section)
            or _TEMPLATE_DOCS_URL.search(section)
            or any(u["host"].lower().startswith(_LOCAL_HOSTS) for u in _DOCS_URL.finditer(section))
        ):
            return True
    return False


def _documented_on_deployment(text: str) -> bool:
    """A line of the README calls the docs pages documentation and gives them on a host
    written as a template for the reader's deployment (``OpenAPI documentation is at
    `http://<host>/docs```): wherever the API is deployed, its users are sent to its docs
    there.  The template URL alone (``Check `http://<server>:8000/docs` answers``) is a
    way to try the server."""
    for m in _TEMPLATE_DOCS_URL.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        line = _ANY_URL.sub(
            " ", _TEMPLATE_DOCS_URL.sub(" ", text[start : end if end >= 0 else None])
        )
        if _DOCS_WORD.search(line):
            return True
    return False


def _publishes_docs(text: str, routes: list[re.Pattern[str]] | None = None) -> bool:
    """The README lists the docs among the API's endpoints (:data:`_LISTS_DOCS`), calls them
    documentation on the reader's deployment (:func:`_documented_on_deployment`), names
    their bare path in a list after what they are (:data:`_NAMED_DOCS_ITEM`), calls them the
    API's full reference (:func:`_docs_as_reference`), gives them in a section about the
    documentation (:func:`_docs_in_documentation`), or gives their URL in a deployment (:func:`_docs_in_deployments`, :func:`_docs_as_project_url`,
    :func:`_docs_on_serving_host` given the patterns of the project's ``routes``)."""
    if _LISTS_DOCS.search(text) or _documented_on_deployment(text):
        return True
    if any(_DOCS_WORD.search(m["what"]) for m in _NAMED_DOCS_ITEM.finditer(text)):
        return True
    return (
        _docs_as_reference(text)
        or _docs_in_documentation(text)
        or _docs_in_deployments(text)
        or _docs_as_project_url(text)
        or _docs_on_serving_host(text, routes or [])
    )


def _readme_folders(project: Project) -> set[str]:
    """The folders whose README publishes the docs pages (:func:`_publishes_docs`): ``""``
    for the distribution's README (a ``README*`` file at its root, or the long description
    in its ``METADATA`` / ``PKG-INFO``), a package folder for a README shipped in it (it
    speaks for the apps of that folder), and the folder holding a ``docs`` folder whose
    Markdown pages publish them (:func:`_docs_folder_owner`)."""
    out = set()
    routes: list[re.Pattern[str]] | None = None
    for path in project.repo.files:
        folder, _, name = path.rpartition("/")
        docs_of = _docs_folder_owner(path)
        if docs_of is not None:
            folder = docs_of
        elif not (name.upper().startswith("README") or name in ("METADATA", "PKG-INFO")):
            continue
        elif folder.endswith(".dist-info") and "/" not in folder:
            folder = ""
        elif folder and not name.upper().startswith("README"):
            continue  # a METADATA of a vendored distribution speaks for none of ours
        text = project.read_text(path)
        if text is not None and _DOCS_URL.search(text) is not None and routes is None:
            routes = _route_patterns(project)
        if text is not None and _publishes_docs(text, routes):
            out.add(folder)
    return out


#: A docs page's path in a text, bare or in a URL, and the prefix it sits under
#: (``http://<host>/api/docs``: ``/api``; ``/docs``: none).
_DOCS_UNDER = lazy_compile(
    r"(?:\bhttps?://[^/\s`'\"<>()]+|(?<![\w/.:-]))(?P<prefix>(?:/[\w.-]+)*)"
    r"/(?:docs|redoc|openapi\.json)(?![\w/.-])"
)


def _readme_covers_mounts(project: Project, apps: int) -> bool:
    """The distribution's README gives the docs page under the prefix of each app the
    others mount (``http://<host>/docs`` and ``http://<host>/api/docs`` beside
    ``app.mount("/api", api)``): it publishes the docs of every app of the project, the
    root app's and the mounted ones', so it speaks for all ``apps`` of them."""
    mounts = {
        prefix
        for inst in project.app_instances
        if inst.kind == "app"
        for mc in inst.includes
        if mc.method == "mount" and (prefix := str_lit(arg(mc.call, 0))) is not None
    }
    if not mounts:
        return False
    named: set[str] = set()
    for path in project.repo.files:
        folder, _, name = path.rpartition("/")
        root = (folder == "" and name.upper().startswith("README")) or (
            name in ("METADATA", "PKG-INFO") and (folder == "" or "/" not in folder)
        )
        text = project.read_text(path) if root else None
        if text is not None and _publishes_docs(text):
            named |= {m["prefix"] for m in _DOCS_UNDER.finditer(text)}
    return apps <= 1 + len({p.rstrip("/") for p in mounts} & named)


def _docs_folder_owner(path: str) -> str | None:
    """The folder a Markdown page of a ``docs`` folder speaks for (the one holding that
    ``docs`` folder: ``""`` for ``docs/api.md``, ``server`` for
    ``server/docs/reference/api.md``), as a README there would: the project's own reference
    pages, shipped beside it; None for any other file."""
    if not path.endswith(".md"):
        return None
    parts = path.split("/")[:-1]
    if "docs" not in parts:
        return None
    return "/".join(parts[: parts.index("docs")])


def _published_in_folder(path: str | None, folders: set[str], app_paths: list[str]) -> bool:
    """``path`` (an app's module) sits under a package folder whose README publishes the
    docs, and it is the only app there: the README speaks for it."""
    for folder in folders - {""}:
        under = [p for p in app_paths if p.startswith(folder + "/")]
        if path in under and len(under) == 1:
            return True
    return False


#: Files of the pages an application ships to its visitors: Jinja templates, static HTML.
_PAGE_SUFFIXES = (".html", ".htm", ".jinja", ".jinja2", ".j2")
#: An anchor a page offers its visitors to the docs pages or the schema on this server: its
#: address is one of their paths, at the root or after a template's prefix (``<a
#: href="/docs">API</a>``, ``<a href="{{ root_path }}/openapi.json">``).
_PAGE_DOCS_LINK = lazy_compile(
    r"<a\b[^>]*?\bhref\s*=\s*([\"'])(?:\{\{[^}\"']*\}\})?\.?/(?:docs|redoc|openapi\.json)/?\1",
    re.IGNORECASE,
)


#: Script files of the front end an application ships (a built single-page app's bundle).
_SCRIPT_SUFFIXES = (".js", ".mjs", ".jsx", ".tsx", ".vue", ".svelte")
#: A front end's read of this server's schema (``fetch("/openapi.json")``): the shipped UI
#: needs it to work.  A bare link to the docs in a bundle (``href:`/docs``` in an about
#: card) is not enough (judged true in memorybase, whose README and bundle both give it).
_SCRIPT_READS_SCHEMA = lazy_compile(r"\bfetch\(\s*([\"'`])\.?/openapi\.json\1")


def _page_link_files(project: Project) -> list[str]:
    """The page files of the application (templates and static HTML, outside tests and
    tooling) holding a link to the docs pages (:data:`_PAGE_DOCS_LINK`), and the scripts of
    its front end that read the schema (:data:`_SCRIPT_READS_SCHEMA`): its own pages put
    the docs in front of every visitor, in a navigation bar or a footer, or need the
    schema to work, so they are a published feature of the application, not a map left on
    by default."""
    out = []
    for path in project.repo.files:
        lower = path.lower()
        page = lower.endswith(_PAGE_SUFFIXES)
        if not page and not lower.endswith(_SCRIPT_SUFFIXES):
            continue
        data = project.repo.searchable_bytes(path)
        if data is None or not any(p in data for p in _DOCS_PATHS_TEXT):
            continue
        text = project.read_text(path)
        link = _PAGE_DOCS_LINK if page else _SCRIPT_READS_SCHEMA
        if text is not None and link.search(text) and project.file_class(path) == "app":
            out.append(path)
    return out


#: What a module serving pages writes: the renderer of its templates, its static files.
_PAGE_SERVER_WORDS = ("Jinja2Templates", "StaticFiles")


def _linked_from_pages(
    project: Project, path: str | None, pages: list[str], apps: list[str]
) -> bool:
    """A page linking the docs speaks for the app at ``path``: of the folders holding an
    app's module (``apps``) and the page too (``shop/app.py`` and
    ``shop/templates/base.html``), the deepest is ``path``'s, and ``path`` is the one app
    module there, or the one that serves pages (:data:`_PAGE_SERVER_WORDS`) when the
    folder holds several (a second app beside the site may have docs nobody links)."""
    if path is None:
        return False
    folder = path.rpartition("/")[0]
    for page in pages:
        owners = [f for p in apps if not (f := p.rpartition("/")[0]) or page.startswith(f + "/")]
        if not owners or max(owners, key=len) != folder:
            continue
        in_folder = sorted({p for p in apps if p.rpartition("/")[0] == folder})
        if len(in_folder) > 1:
            in_folder = [p for p in in_folder if _serves_pages(project, p)]
        if in_folder == [path]:
            return True
    return False


def _serves_pages(project: Project, path: str) -> bool:
    """The module at ``path`` builds a template renderer or serves static files."""
    text = project.read_text(path)
    return text is not None and any(w in text for w in _PAGE_SERVER_WORDS)


#: A shop site that renders its pages with Jinja: its footer (``{link}``) and a second app
#: beside it that serves no page (RTE002's shipped-pages trap and its other side).
_SITE_FILES = {
    "site/__init__.py": "",
    "site/web.py": """\
from fastapi import FastAPI, Request
from fastapi.templating import Jinja2Templates

web = FastAPI(title="Shop")
pages = Jinja2Templates(directory="site/templates")


@web.get("/")
async def home(request: Request):
    return pages.TemplateResponse(request, "layout.html")
""",
    "site/templates/layout.html": "<html><body>{% block body %}{% endblock %}\n"
    '<footer><a href="/about">About</a> | {link}</footer></body></html>\n',
}
_SITE_WORKER = """\
from fastapi import FastAPI

worker = FastAPI(title="Worker")


@worker.post("/jobs")
async def enqueue() -> None:
    return None
"""


#: A desk server whose token middleware lets through, before its check, the paths of
#: ``{open}`` (RTE002's gated-docs trap and its other side).
_GATED_APP = """\
import os

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.middleware.base import BaseHTTPMiddleware

OPEN_PATHS = frozenset({open})


class BearerGate(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next):
        if request.url.path in OPEN_PATHS or request.client is None:
            return await call_next(request)
        expected = os.environ.get("DESK_TOKEN", "")
        if request.headers.get("Authorization") != f"Bearer {{expected}}":
            return JSONResponse(status_code=401, content={{"error": "unauthenticated"}})
        return await call_next(request)


desk = FastAPI(title="Desk")
desk.add_middleware(BearerGate)
"""


def _site_files(link: str, worker: bool) -> dict[str, str]:
    """The shop site whose footer holds ``link``, with the page-less ``worker`` app or not."""
    layout = _SITE_FILES["site/templates/layout.html"].replace("{link}", link)
    extra = {"site/worker.py": _SITE_WORKER} if worker else {}
    return {**_SITE_FILES, "site/templates/layout.html": layout, **extra}


#: The status an authentication middleware refuses an unauthenticated request with (a 403
#: may be a block list of addresses, which says nothing of who else reaches the docs).
_UNAUTHENTICATED = 401


def _gated_like_every_route(project: Project, inst) -> bool:
    """A middleware the app adds (``app.add_middleware(TokenAuth)``) refuses requests
    (:func:`_refuses_outside_allow_list`) and lets a path through only from a fixed allow
    list without the docs pages: they are gated like every route, so the schema reaches no
    one who cannot already call the routes it describes."""
    for mc in inst.includes:
        if mc.method != "add_middleware":
            continue
        cls = project.class_(qname_of(arg(mc.call, 0)))
        dispatch = project.method(cls, "dispatch") if cls is not None else None
        node = project.def_node(dispatch) if dispatch is not None else None
        if (
            dispatch is not None
            and node is not None
            and _refuses_outside_allow_list(project, dispatch, node)
        ):
            return True
    return False


def _refuses_outside_allow_list(
    project: Project, fn: Function, node: ast.FunctionDef | ast.AsyncFunctionDef
) -> bool:
    """``dispatch`` returns a 401 response somewhere, and it reads the request's
    path only as ``path in ALLOWED`` (or ``== "/health"``) in the test of an ``if`` whose
    body returns ``await call_next(request)``, joined by ``or`` alone, the list holding no
    docs page: a path is let through early only when it is on that list."""
    params = node.args.args
    if len(params) < 2:
        return False
    request = params[1].arg
    refuses = any(
        isinstance(n, ast.Return)
        and isinstance(n.value, ast.Call)
        and any(
            k.arg == "status_code"
            and isinstance(k.value, ast.Constant)
            and k.value.value == _UNAUTHENTICATED
            for k in n.value.keywords
        )
        for n in walk(node)
    )
    if not refuses:
        return False
    allowed: set[int] = set()
    for n in walk(node):
        if isinstance(n, ast.If) and _passes_on(n, request):
            tests = n.test.values if isinstance(n.test, ast.BoolOp) else [n.test]
            if isinstance(n.test, ast.BoolOp) and not isinstance(n.test.op, ast.Or):
                continue
            allowed |= {
                id(t.left)
                for t in tests
                if isinstance(t, ast.Compare) and _allow_list_test(project, fn, t, request)
            }
    return all(id(p) in allowed for p in walk(node) if _request_path(p, request))


def _request_path(n: ast.AST, request: str) -> bool:
    """``n`` is ``<request>.url.path``."""
    return (
        isinstance(n, ast.Attribute)
        and n.attr == "path"
        and isinstance(n.value, ast.Attribute)
        and n.value.attr == "url"
        and isinstance(n.value.value, ast.Name)
        and n.value.value.id == request
    )


def _passes_on(node: ast.If, request: str) -> bool:
    """The ``if``'s body returns ``await call_next(<request>)``: the request goes through."""
    return any(
        isinstance(s, ast.Return)
        and isinstance(s.value, ast.Await)
        and isinstance(s.value.value, ast.Call)
        and isinstance(s.value.value.func, ast.Name)
        and s.value.value.func.id == "call_next"
        for s in node.body
    )


def _allow_list_test(project: Project, fn: Function, test: ast.Compare, request: str) -> bool:
    """``<request>.url.path in NAME`` (a module constant) or ``== "literal"``, naming no
    docs page."""
    if not (
        len(test.ops) == 1
        and isinstance(test.ops[0], (ast.In, ast.Eq))
        and _request_path(test.left, request)
    ):
        return False
    right = test.comparators[0]
    if isinstance(right, ast.Constant) and isinstance(right.value, str):
        texts = [right.value]
    elif isinstance(right, ast.Name):
        bound = project.resolve(f"{fn.module}.{right.id}")
        value = getattr(bound, "value", None)
        if value is None:
            return False
        texts = [t for e in iter_exprs(value) if (t := str_lit(e)) is not None]
    else:
        return False
    return not any(page.strip("/") in t for t in texts for page in _DOCS_PATHS)


#: The statuses a middleware refuses a docs page with: unauthenticated, forbidden, or
#: answered as if the page did not exist.
_REFUSED = frozenset({401, 403, 404})
#: The attributes of a FastAPI app that hold its docs paths (``request.app.openapi_url``).
_DOCS_ATTRS = frozenset({"openapi_url", "docs_url", "redoc_url"})


def _refuses_docs(project: Project, inst) -> bool:
    """A middleware the app adds (``app.add_middleware(DocsGate)``) answers an error to its
    schema's path (:func:`_docs_refused`): the docs are gated on purpose, not served to
    everyone."""
    for mc in inst.includes:
        if mc.method != "add_middleware":
            continue
        cls = project.class_(qname_of(arg(mc.call, 0)))
        dispatch = project.method(cls, "dispatch") if cls is not None else None
        node = project.def_node(dispatch) if dispatch is not None else None
        if dispatch is not None and node is not None and _docs_refused(project, dispatch, node):
            return True
    return False


def _docs_refused(
    project: Project, fn: Function, node: ast.FunctionDef | ast.AsyncFunctionDef
) -> bool:
    """``dispatch`` compares the request's path with the schema's path and refuses it: an
    ``if path in ("/docs", "/openapi.json")`` (or ``==``) whose body returns a 401, 403
    or 404 response, or an ``if path not in (...)`` whose body passes the request on
    (``return await call_next(request)``) while the rest of the method returns such a
    refusal, so only the docs requests reach it."""
    params = node.args.args
    if len(params) < 2:
        return False
    request = params[1].arg
    paths = {
        t.id
        for n in walk(node)
        if isinstance(n, ast.Assign) and _request_path(n.value, request)
        for t in n.targets
        if isinstance(t, ast.Name)
    }
    for n in walk(node):
        if not isinstance(n, ast.If):
            continue
        op = _docs_test(project, fn, n.test, request, paths)
        if op == "in" and any(_refusal(r) for s in n.body for r in walk(s)):
            return True
        if op == "not in" and _passes_on(n, request):
            inside = {id(r) for s in n.body for r in walk(s)}
            if any(_refusal(r) and id(r) not in inside for r in walk(node)):
                return True
    return False


def _docs_test(
    project: Project, fn: Function, test: ast.expr, request: str, paths: set[str]
) -> str | None:
    """``in`` when ``test`` (or one operand of its ``and`` / ``or``) compares the request's
    path (``request.url.path``, or a local bound to it) with ``in`` / ``==`` to values
    holding the schema's path, ``not in`` for ``not in`` / ``!=``; None otherwise."""
    tests = test.values if isinstance(test, ast.BoolOp) else [test]
    for t in tests:
        if not (isinstance(t, ast.Compare) and len(t.ops) == 1):
            continue
        left = t.left
        if not (_request_path(left, request) or (isinstance(left, ast.Name) and left.id in paths)):
            continue
        if not _names_schema(project, fn, t.comparators[0]):
            continue
        if isinstance(t.ops[0], (ast.In, ast.Eq)):
            return "in"
        if isinstance(t.ops[0], (ast.NotIn, ast.NotEq)):
            return "not in"
    return None


def _names_schema(project: Project, fn: Function, value: ast.expr) -> bool:
    """``value`` holds the schema's path: the literal ``"/openapi.json"`` (FastAPI's default
    ``openapi_url``), a tuple, list or set or module constant holding it, or an app's
    ``openapi_url`` / ``docs_url`` / ``redoc_url`` attribute."""
    if isinstance(value, ast.Attribute) and value.attr in _DOCS_ATTRS:
        return True
    if isinstance(value, ast.Name):
        bound = getattr(project.resolve(f"{fn.module}.{value.id}"), "value", None)
        texts = [t for e in iter_exprs(bound) if (t := str_lit(e)) is not None] if bound else []
    else:
        items = value.elts if isinstance(value, (ast.Tuple, ast.List, ast.Set)) else [value]
        texts = [e.value for e in items if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        if any(isinstance(e, ast.Attribute) and e.attr in _DOCS_ATTRS for e in items):
            return True
    return "/openapi.json" in texts


def _refusal(node: ast.AST) -> bool:
    """``return JSONResponse(..., status_code=403)`` (or ``Response("no", 404)``): a
    response refusing the request."""
    if not (isinstance(node, ast.Return) and isinstance(node.value, ast.Call)):
        return False
    call = node.value
    status = _keyword(call, "status_code") or (call.args[1] if len(call.args) > 1 else None)
    return isinstance(status, ast.Constant) and status.value in _REFUSED


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    binding: str | None = None
    configures: str | None = None
    #: a signal, not a finding: ``<recv>.docs_url = ...`` (``configures`` is None when unresolved)
    docs_attribute: bool = False
    #: a signal, not a finding: an app's description in this module links to its docs pages
    docs_linked: bool = False
    #: the signal speaks for the apps of the modules importing this one: a page that only
    #: forwards to the docs, a class field holding their path
    shared: bool = False
    #: the link is told to a reader in words (``"Visit /docs to learn more"``): it speaks
    #: for every app that serves its page, not an address among others in an answer
    prose: bool = False
    #: the app is built in the module's ``if __name__ == "__main__":`` block
    main_block: bool = False
    #: a signal, not a finding: an HTTP middleware of the app (``configures``) never calls
    #: ``call_next``, so it answers every request itself and no route is reached
    answers_all: bool = False
    #: a signal: a function that serves an app tells its user where the docs are at start
    #: (``print(f"API docs at {url}/docs")``); the factories the served app came from, or
    #: the module its import string names (``uvicorn.run("pkg.main:app")``)
    announced: tuple[str, ...] = ()


#: A second application built by a factory whose result only a launcher module keeps; the
#: trap's launcher is private (``_engine``) and named nowhere, its other side's is public.
_PRICER = """\
from fastapi import FastAPI


def build_pricer_app() -> FastAPI:
    pricer = FastAPI(title="Pricer")

    @pricer.post("/quote", summary="Quote a price")
    async def quote(amount: float) -> float:
        return amount * 1.2

    return pricer


def quote_now(amount: float) -> float:
    return amount * 1.2
"""


def _pricer_files(package: str) -> dict[str, str]:
    """The served shop (an entry point runs it; its docs are off) beside the pricer app,
    whose factory's module it imports and whose launcher lives in ``package``."""
    return {
        "shop/__init__.py": "",
        "shop/main.py": f"""\
import uvicorn
from fastapi import FastAPI

from shop.{package}.pricing import quote_now

app = FastAPI(openapi_url=None)


@app.get("/price", summary="Price with tax")
async def price(amount: float) -> float:
    return quote_now(amount)


def run() -> None:
    uvicorn.run(app)
""",
        f"shop/{package}/__init__.py": "",
        f"shop/{package}/pricing.py": _PRICER,
        f"shop/{package}/pricer_server.py": f"""\
from shop.{package}.pricing import build_pricer_app

app = build_pricer_app()
""",
        "pyproject.toml": '[project]\nname = "shop"\n[project.scripts]\nshop = "shop.main:run"\n',
    }


#: A second application a factory builds from its own router, beside the shop an entry point
#: serves; ``{params}`` are the factory's parameters: without defaults, no launcher can call
#: it (``uvicorn --factory`` passes no argument), and no code does.
_REGION_HUB = """\
from fastapi import FastAPI

from shop.hub_routes import build_hub_router


def create_hub_app({params}) -> FastAPI:
    hub = FastAPI(title="Hub")
    hub.include_router(build_hub_router(region))
    return hub
"""


def _region_files(params: str) -> dict[str, str]:
    """The served shop (an entry point runs it; its docs are off) beside the hub app."""
    return {
        "shop/__init__.py": "",
        "shop/main.py": """\
import uvicorn
from fastapi import FastAPI

app = FastAPI(openapi_url=None)


@app.get("/price", summary="Price with tax")
async def price(amount: float) -> float:
    return amount * 1.2


def run() -> None:
    uvicorn.run(app)
""",
        "shop/hub.py": _REGION_HUB.format(params=params),
        "shop/hub_routes.py": """\
from fastapi import APIRouter


def build_hub_router(region: str) -> APIRouter:
    router = APIRouter()

    @router.get("/region", summary="The hub's region")
    async def where() -> str:
        return region

    return router
""",
        "pyproject.toml": '[project]\nname = "shop"\n[project.scripts]\nshop = "shop.main:run"\n',
    }


#: A relay application in a package's ``testing`` helpers, which only tests import.
_RELAY = """\
from fastapi import FastAPI

from shop.hub_routes import build_hub_router


def build_relay() -> FastAPI:
    relay = FastAPI()
    relay.include_router(build_hub_router("test"))
    return relay
"""


def _relay_files(imported: bool) -> dict[str, str]:
    """The hub's files with a relay in ``shop/testing/``; ``imported``: the served shop
    imports the testing package (then it is application code)."""
    files = _region_files("region: str")
    files["shop/testing/__init__.py"] = '"""Helpers for tests."""\n'
    files["shop/testing/relay.py"] = _RELAY
    if imported:
        files["shop/main.py"] = (
            "from shop.testing.relay import build_relay\n" + files["shop/main.py"]
        )
    return files


#: A notes service whose command serves the app built by a factory in another module.
_NOTES_API = """\
from fastapi import FastAPI


def create_app() -> FastAPI:
    app = FastAPI(title="Notes")

    @app.get("/notes")
    async def notes() -> list[str]:
        return []

    return app
"""
_NOTES_CLI = """\
import uvicorn

from notes.api import create_app


def serve(host: str = "0.0.0.0", port: int = 8000) -> None:
    app = create_app()
{announce}    uvicorn.run(app, host=host, port=port)
"""


def _notes_files(announce: str) -> dict[str, str]:
    """The notes service, its command printing the start-up line ``announce`` before it
    serves the app."""
    return {
        "notes/__init__.py": "",
        "notes/api.py": _NOTES_API,
        "notes/cli.py": _NOTES_CLI.replace("{announce}", announce),
    }


class DocsExposedInProduction(Check):
    """
    ## What it does
    Reports a `FastAPI(...)` call that sets none of `openapi_url`, `docs_url` and
    `redoc_url`, and has no `**kwargs` expansion: the interactive docs (`/docs`, `/redoc`)
    and the schema (`/openapi.json`) are then served in every environment.  An app whose
    `openapi_url` / `docs_url` / `redoc_url` attribute is assigned later
    (`app.openapi_url = None`) counts as configured, and so does replacing the app's
    `router` with a new router after construction (`app.router = PrefixRouter()`: the docs
    routes `FastAPI()` added are on the router it drops).  The rule is off for projects whose
    API is public: set `public-api = true`.  A `FastAPI()` that is never bound, returned or
    passed to a call (a value in a dict literal, such as a hand-built ASGI scope
    `{"app": FastAPI()}`) serves nothing and is not reported, and neither is a bare
    wrapper whose only use is to `mount()` other applications (under a prefix) and be
    handed to a server, mounted into another app or returned by the factory that builds it
    -- directly, or through a function of the module it is handed to, in its own scope or
    in its `lifespan=` (`mount_apps(app)`), or wrapped in an ASGI middleware that runs it
    (`HostGuardMiddleware(app, policy)`), its settings read as plain values
    (`app.docs_url`) --: its own schema lists no route, and the
    mounted application is judged on its own `FastAPI(...)` call.  Nor is a fallback
    `FastAPI(...)` in one branch of an `if` whose other branch binds the same name to another
    application (`if http: app = build_api() else: app = FastAPI()`) when no use of the name
    in its scope adds a route (middleware, state, the router's lifespan, a `return`): its
    schema is empty, and the other application is judged on its own call.  Nor is an idle
    module-level app beside the one its module's servers serve: nothing registers a route,
    router, mount or middleware on it, its name appears in its module only where it is bound
    (a function's parameter of that name, `def serve(app): uvicorn.run(app)`, is the app its
    caller hands it),
    no other file imports or names it (`server.app`, `server:app`; where another module of
    the same name has an app of the same name that routes are registered on, one `app.py`
    per service, `app:app` names that one as well, and only `common.app:app` or
    `common/app.py` count), and every server the module starts serves another app (a compatibility shell left beside the factory the run
    helpers serve).  Nor is an app served through FastMCP alone: a module-level app whose
    name is used only for its own methods and routes and handed to
    `FastMCP.from_fastapi(app)`, which turns its routes into MCP tools and calls them
    in-process, with no server of the project serving it (or an app the model cannot
    name), no mount, no other module importing it and no import string or command naming
    it: its docs are never served over HTTP.  An app that states its
    `terms_of_service=` or the public `servers=` of its schema (the URLs clients generated
    from it call) is a published API product whose docs are meant to be read (seen in
    Roboflow's inference server, agency-swarm) and is not reported either; `contact=` and
    `license_info=` alone are not enough (internal servers set them too).  An app whose
    root page (`GET /`, decorated or registered by name: `app.add_api_route("/", home)`)
    redirects to its docs (`RedirectResponse("./docs")`) is not reported
    either: the docs are its home page, published on purpose (seen in opyrator); nor is one
    in a module where a `GET` page links its users to this server's docs (a landing
    page's `<a href="/docs">`, `"See /docs for usage"`, also through a module template or a
    helper of the module that builds the page, `return _PAGE % values`; a link to another
    site's `/docs` does not count, nor does a redirect off the root page), or where a class body names
    them as a field's value (`docs: str = "/docs"` in the model a `server_info` route
    answers), or where the app hands another system its own docs address as a link (a
    keyword naming an address given a computed base plus the docs path:
    `Device(configuration_url=CONFIG.url + "/docs")` registered in a home-automation hub,
    `href=f"{base}/docs"`; a literal URL is another site's).  Such a field or link, or a page that only forwards to the docs (a Flask blueprint's
    `/apidocs` page answering `redirect("/docs")`, mounted into the app), in a module
    without an app of its own speaks for the apps of the modules that import it; a page
    that tells its reader in words to visit the docs (`"Visit /docs to learn more about the
    API!"`) speaks for every app that serves it, through any chain of included routers (seen
    in dokku-api); a link among others in a route's answer (`f"{base}/docs"` in an about
    document) speaks for its own module's apps only.  Nor is a
    `FastAPI()` in one branch of an `if` whose other branch builds the app with its docs
    set (`if args.enable_docs: FastAPI() else: FastAPI(docs_url=None, ...)`): the code
    chooses when the docs are served (an opt-in flag, seen in aibrix), whatever the
    condition.  Nor is an app with an HTTP middleware (`@app.middleware("http")`, not in
    a branch) whose body never names its `call_next` parameter: the middleware answers
    every request itself (a catch-all proxy that forwards each request upstream, seen in
    qianfan), so no request reaches the app's routes, its docs and schema included.  Nor is
    the only app of a project whose README (a `README*` file at its root, or the long
    description in a wheel's `METADATA` or an sdist's `PKG-INFO`) lists the docs among the
    API's endpoints (a table row `| GET | /docs | OpenAPI docs |`, a list item `- GET /docs`,
    or one that starts with the path and says what it is, `` - `/docs`: the API docs ``,
    or one that ends with the bare path after saying what it is,
    `` - **Auto docs**: interactive API documentation at `/docs` ``), or calls them the
    API's full reference and points at them a few lines on, in the same section, by their
    bare path or a local URL (``Full OpenAPI is generated at `/docs` and `/redoc` ``, `For
    an exhaustive list of the endpoints ... visit: - http://localhost:8000/docs`: the
    README hands its reference to them), or gives the docs page
    in one section both at a local URL and on another host, each an address on a line of
    its own (`http://localhost:8000/docs` and `- production: https://api.example.com/docs`:
    read where the API is deployed), or whose metadata names as the documentation URL the
    docs page on a deployed host that the README gives at a local URL too
    (`Project-URL: Documentation, https://api.example.com/docs` beside
    `http://localhost:8000/docs`), or whose README or metadata links a docs page on a
    deployed host (not a local or placeholder one) that it also shows serving one of the
    project's own routes (`Project-URL: REST API, https://api.acme.dev/openapi.json`
    beside `curl https://api.acme.dev/items` for a route `/items`: that deployment is this
    server): they are a documented part of the product.  A local
    URL of them alone (`http://localhost:8000/docs`, how to try the API while developing)
    is not such a listing, whatever else the sentence around it calls them
    (`Interactive documentation: http://127.0.0.1:8000/docs`), nor is a URL on
    another host alone or inside a sentence (it may be a documentation site) -- but a
    section about the documentation (its heading names the docs or the documentation,
    `## Documentation`, `# SwaggerUi`; a comment in a code block heads no section) that
    gives the docs page by its bare path, a local URL or one on a template host lists it
    among the project's guides (seen in jotter-app), and a line calling them documentation
    that gives them on a host written as a template for the reader's deployment (`OpenAPI
    documentation is at http://<host>/docs`) sends users to them wherever the API runs
    (seen in pyskat); the template URL alone (`Check http://<server>:8000/docs answers`)
    does not.  A README shipped in a package folder speaks the same
    way for the only app whose module is in that folder (or below it).  Where the project
    has several apps, the distribution's README speaks for all of them when it publishes
    the docs and names them under the prefix of each app the others mount
    (`http://<host>/docs` and `http://<host>/api/docs` beside `app.mount("/api", api)`).
    Nor is an app whose own front end links the docs or needs them: a template or static
    page of its folder with `<a href="/docs">`, or a script of its shipped front end that
    reads the schema (a built bundle's `fetch("/openapi.json")`: the dashboard shows it,
    seen in prompture-hub); a bundle's bare link to `/docs` is not enough (judged true in
    memorybase).  Nor is an app whose launcher announces its docs: the function that
    starts the server, or the `__main__` block of the module that does, prints or logs a
    sentence with this server's docs address (`print(f"API docs: http://localhost:{port}/docs")`,
    a literal local URL too) or a log field named for them (`log.info("starting",
    docs="http://localhost:8001/docs")`, seen in marm-mcp-server); it speaks for the app
    the server is handed, followed to its factory or to the module its import string
    names (`uvicorn.run("pkg.main:app")`, seen in 4dpocket).  Nor is a stray app: a
    module-level `FastAPI()` given no routes or lifespan, to which nothing adds a route,
    router, mount or middleware, that its module names only where it binds it, that no
    server of its module serves, and that no other module imports (but a package
    `__init__` re-exporting it, whose name nothing imports in turn) and no other file
    names, in a project whose routes are all elsewhere (a library's routers for a host
    app, seen in irys-core): it is no application, and has no docs anyone reads.

    An app served only mounted at the root of other apps that keep their default docs
    (`app.mount("/", ui_app)` under `app = FastAPI(title=...)`) is not reported either: the
    parent's own `/openapi.json`, `/docs` and `/redoc` routes come first on its router, so
    those paths never reach the mounted app.  Every mount of it must be such a one (under a
    prefix its docs are served there), no server may serve it directly or be handed an app
    the model cannot name, and no import string or command file may name it.

    An app that nobody but the local machine can reach is not reported: every server the
    project starts it with binds a literal loopback host (`uvicorn.run(app,
    host="127.0.0.1")`, `uvicorn.Config(self.app, host="localhost")`: a single-user local
    tool, a one-shot OAuth callback listener) or no host at all (uvicorn's default,
    127.0.0.1: `uvicorn.run(app, port=port)` in a command's try-out server); so does every
    uvicorn command line the code writes for it (an argument list a command starts as a
    child process, `[sys.executable, "-m", "uvicorn", "pkg.shim:app", "--host",
    "127.0.0.1"]`; its module's usage line, `uvicorn pkg.shim:app --host 127.0.0.1`), and
    nothing else may serve it (a mount into another app, a server with a configurable host, a
    server handed an app the model cannot name, another import string naming it, or its
    factory, in code or in a Dockerfile, Procfile or other command file; for a server on
    the default host, in a README or other text file too).  The app may be handed to the
    server by a factory that returns it in a tuple (`app, secret = build_app(url)`) or
    called in place (`uvicorn.Config(build_app(), host="127.0.0.1")`), and a server handed
    a local bound once to a factory's app through a coroutine runner or another
    one-argument wrapper (`app = asyncio.run(build_app())`) serves that factory's app, not
    an app the model cannot name; an import string
    naming a factory (`uvicorn.run("pkg.web:board_from_env", factory=True, host=host)`) is
    followed to the app that factory builds, so it does not count against another app.  An
    app built in a module's `if __name__ == "__main__":` block (a local preview) exists
    only while that module runs as a script: only that module's servers count.

    ## Why is this bad?
    The OpenAPI schema is a complete map of the private API surface — every route, every
    parameter, every model — handed to whoever finds the URL.
    [zhanymkanov README] and [ForgeAPI guide]: "Unless your API is public,
    hide docs by default. Show it explicitly on the selected envs only", with
    `openapi_url=None` outside `("local", "staging")`; [Production skill 2025] makes
    `docs_url`, `redoc_url` and `openapi_url` conditional on `settings.debug`.  The sources
    use different switches (Disagreement D15); tie the docs to an explicit environment
    setting rather than to `debug`.

    Public APIs legitimately publish their docs, which is why this is information, not a
    warning.  An `openapi_url` set to an unconditional string is a deliberate choice and is
    not reported.

    ## Example
    ```python
    app = FastAPI(title="Internal API")
    ```

    ## Use instead
    ```python
    SHOW_DOCS = settings.ENVIRONMENT in {"local", "staging"}

    app = FastAPI(
        title="Internal API",
        openapi_url="/openapi.json" if SHOW_DOCS else None,
    )
    ```
    Setting `openapi_url=None` disables `/docs` and `/redoc` too.

    ## Fix safety
    No automatic fix: the environment variable that tells production apart is yours.

    ## Known problems
    An app constructed in the true branch of an `if` whose test names a debug, dev or local
    mode is not reported (seen in khoj): docs there are intended.

    An app with a middleware that refuses its docs pages (an `if` comparing the request's
    path with `/openapi.json` that answers 401, 403 or 404) is not reported either.

    Docs hidden by other means — a reverse proxy, an authentication middleware that names
    no docs path, a subclass of `FastAPI` — are not seen.  Calls to your own `FastAPI` subclasses are not
    checked.

    ## References
    - [zhanymkanov README], [ForgeAPI guide] ("hide docs by default")
    - [Production skill 2025] (docs URLs conditional on `settings.debug`)
    - FastAPI docs, "Metadata and Docs URLs" (disabling the OpenAPI schema)
    """

    id = "RTE002"
    name = "docs-exposed-in-production"
    category = "routes"
    severity = Severity.INFO
    heuristic = True
    message = "API docs are served in every environment"
    fix_title = "Serve `openapi_url` (and so the docs) only in the environments that need them"
    sources = (
        "ForgeAPI guide",
        "Production skill 2025",
        "zhanymkanov README",
    )

    def applies(self, project: Project) -> str | None:
        if project.setting("public-api", False) in (True, "true", "True", 1, "1", "yes"):
            return "the API is public (`public-api = true`)"
        return None

    # -- module pass -------------------------------------------------------------------
    @when(callees=(names.FASTAPI, *_REDIRECTS, *_SERVERS))
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        callee = ctx.resolve(node.func)
        if callee in _REDIRECTS:
            self._root_redirect(node, ctx)
            return
        if callee in _SERVERS:
            self._announced_docs(node, ctx)
            return
        if callee != names.FASTAPI:
            return
        if any(kw.arg is None or kw.arg in DOCS_KWARGS for kw in node.keywords):
            return
        if any(isinstance(a, ast.Starred) for a in node.args):
            return
        if any(kw.arg in _PUBLISHED for kw in node.keywords):
            return  # terms of service, server URLs: written for outside consumers of the schema
        if under_dev_condition(ctx, node):
            return  # an app built only in debug/dev mode: docs there are intended
        if _other_branch_hides_docs(ctx, node):
            return  # ``if args.docs: FastAPI() else: FastAPI(docs_url=None)``: docs by choice
        if any(
            kw.arg == "description" and _links_docs(kw.value, ctx.state(_Links).names)
            for kw in node.keywords
        ):
            ctx.report(node, "", data=_Data(docs_linked=True))
            return  # its description points its users at the docs: they are part of the product
        parent = ctx.parent
        if not isinstance(parent, _SERVED_PARENTS):
            return  # ``{"app": FastAPI()}`` (a fake ASGI scope), a bare ``FastAPI()``: no app is served
        if isinstance(parent, (ast.Call, ast.keyword)) and not _handed_to_a_server(ctx):
            return  # ``async with startup(FastAPI()):``: an app built for a helper, not served
        binding = None
        if isinstance(parent, (ast.Assign, ast.AnnAssign)) and parent.value is node:
            targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
            if len(targets) == 1 and isinstance(targets[0], ast.Name):
                if _mount_only_wrapper(ctx, targets[0].id, node):
                    return  # a route-less wrapper that mounts the real app: an empty schema
                if _routeless_fallback(ctx, targets[0].id, parent):
                    return  # ``if http: app = build_api() else: app = FastAPI()``: no route
                binding = local_key(ctx, targets[0].id)
            elif len(targets) == 1:
                binding = held_key(ctx, targets[0])  # ``self.app = FastAPI()`` in a method
        elif isinstance(parent, ast.Return) and ctx.function is not None:
            binding = f"{ctx.function.qname}.<return>"
        title = next(
            (
                kw.value.value
                for kw in node.keywords
                if kw.arg == "title" and isinstance(kw.value, ast.Constant)
            ),
            None,
        )
        ctx.report(
            node,
            "`FastAPI(...)` sets none of `openapi_url`, `docs_url`, `redoc_url`: "
            f"{'`' + title + '`' if isinstance(title, str) else 'the app'} serves `/docs` and `/openapi.json` in every environment",
            data=_Data(binding=binding, main_block=_in_main_block(ctx)),
        )

    def _announced_docs(self, node: ast.Call, ctx: ModuleContext) -> None:
        """A signal: the function that hands an app to a server (``uvicorn.run(app)``) also
        tells its user where the docs are (``print(f"API docs at {url}/docs")``, a log line
        or CLI echo): the docs are the API's advertised reference.  It speaks for the apps
        of its module and of the factory the served app comes from (``app =
        create_app()``)."""
        fn = ctx.enclosing_def
        if fn is None or not ctx.says(*_DOCS_PATHS_TEXT):
            return
        # the start's own function, or the module's ``__main__`` block that runs it
        sayers = [fn, *_main_blocks(ctx.parents[0])] if ctx.parents else [fn]
        if not any(
            isinstance(n, ast.Call) and _announces_docs(n)
            for scope in sayers
            for n in walk(scope)
            if n is not node
        ):
            return
        served = node.args[0] if node.args else _keyword(node, "app")
        factories: list[str] = []
        if isinstance(served, ast.Constant) and isinstance(served.value, str):
            # ``uvicorn.run("pkg.main:app")``: the import string names the app's module
            target, sep, _attr = served.value.partition(":")
            if sep and target.strip():
                factories.append(target.strip())
        if isinstance(served, ast.Name):
            for n in walk(fn):
                if not (isinstance(n, ast.Assign) and isinstance(n.value, ast.Call)):
                    continue
                names_bound = [
                    e.id
                    for t in n.targets
                    for e in (t.elts if isinstance(t, ast.Tuple) else [t])
                    if isinstance(e, ast.Name)
                ]
                if served.id in names_bound and (q := ctx.resolve(n.value.func)):
                    factories.append(q)
        ctx.report(node, "", data=_Data(docs_linked=True, announced=tuple(factories)))

    def _root_redirect(self, node: ast.Call, ctx: ModuleContext) -> None:
        """A signal: the handler of the app's root page (``GET /``) redirects to the docs
        (``RedirectResponse("./docs")``, ``RedirectResponse(app.docs_url)``): the docs are
        the app's home page, published on purpose."""
        url = (
            node.args[0]
            if node.args
            else next((kw.value for kw in node.keywords if kw.arg == "url"), None)
        )
        if url is None:
            return
        to_docs = _links_docs(url, ctx.state(_Links).names) or any(
            (isinstance(n, ast.Attribute) and n.attr in ("docs_url", "redoc_url"))
            or (isinstance(n, ast.Constant) and n.value in ("docs", "./docs", "redoc", "./redoc"))
            for n in ast.walk(url)
        )
        if not to_docs:
            return
        defs = [p for p in ctx.parents if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef))]
        if not defs:
            return
        handler = defs[-1]
        if not any(_root_route(d) for d in handler.decorator_list):
            # registered by name in the scope that defines it (``self.app.add_api_route("/",
            # home, methods=["GET"])`` beside ``def home()``)
            scope: ast.AST = defs[-2] if len(defs) > 1 else ctx.parents[0]
            if not any(
                isinstance(n, ast.Call) and _registers_root(n, handler.name) for n in walk(scope)
            ):
                return
        ctx.report(node, "", data=_Data(docs_linked=True))

    def visit_Return(self, node: ast.Return, ctx: ModuleContext) -> None:
        """A signal: a page the app serves (a ``GET`` route) hands its users a link to the
        docs (a landing page's ``<a href="/docs">``, ``"See /docs for usage"``): the docs are
        published on purpose.  A redirect counts only from the root page
        (:meth:`_root_redirect`)."""
        if node.value is None or not ctx.says(*_DOCS_PATHS_TEXT):
            return
        handler = ctx.enclosing_def
        if handler is None:
            return
        linked = ctx.state(_Links).names
        if not any(_page_route(d) for d in handler.decorator_list):
            if _links_local_docs(node.value, linked):
                # ``def landing_html(): return PAGE % values``: what it builds links the
                # docs, and so does a page that returns it (``page = landing_html()``)
                linked.add(handler.name)
            return
        value = node.value
        if isinstance(value, ast.Call) and ctx.resolve(value.func) in _REDIRECTS:
            return  # a redirect is an alias of the docs, not a page linking them (root only)
        if _links_local_docs(node.value, linked):
            # a page that only forwards to the docs (``redirect("/docs")`` of another
            # framework's page, a Flask blueprint mounted into the app): an alias for users
            forwards = (
                isinstance(value, ast.Call)
                and (ctx.resolve(value.func) or "").rpartition(".")[2].lower() == "redirect"
            )
            prose = _tells_docs(node.value)
            ctx.report(node, "", data=_Data(docs_linked=True, shared=forwards, prose=prose))

    @when(says=_DOCS_PATHS_TEXT)
    def visit_keyword(self, node: ast.keyword, ctx: ModuleContext) -> None:
        """A signal: the app hands another system the address of its own docs as a link
        (``Device(configuration_url=CONFIG.url + "/docs")``, registered where its users
        find it): the docs are published on purpose.  Not a docs keyword of an app, nor a
        redirect (an alias, :meth:`_root_redirect`)."""
        if node.arg is None or node.arg in DOCS_KWARGS or not _ADDRESS_KEYWORD.search(node.arg):
            return
        if not _built_docs_address(node.value):
            return
        call = ctx.parent
        if isinstance(call, ast.Call) and ctx.resolve(call.func) in (names.FASTAPI, *_REDIRECTS):
            return
        ctx.report(node, "", data=_Data(docs_linked=True, shared=True))

    @when(says=(b"middleware",))
    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef, ctx: ModuleContext) -> None:
        """A signal: an HTTP middleware registered on an app (``@app.middleware("http")``)
        whose body never names its ``call_next`` parameter answers every request itself (a
        catch-all proxy forwarding each request upstream): no request reaches the app's
        routes, its ``/docs`` and ``/openapi.json`` included."""
        if not isinstance(ctx.parent, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef)):
            return  # registered only in a branch (or a class body): other requests may pass
        a = node.args
        params = [*a.posonlyargs, *a.args]
        if len(params) != 2 or a.vararg or a.kwarg or a.kwonlyargs:
            return
        call_next = params[1].arg
        if any(isinstance(n, ast.Name) and n.id == call_next for s in node.body for n in walk(s)):
            return
        for d in node.decorator_list:
            if not (
                isinstance(d, ast.Call)
                and isinstance(d.func, ast.Attribute)
                and d.func.attr == "middleware"
                and len(d.args) == 1
                and isinstance(d.args[0], ast.Constant)
                and d.args[0].value == "http"
            ):
                continue
            recv = ctx.resolve(d.func.value)
            if recv is None and isinstance(d.func.value, ast.Name) and ctx.scope.kind != "module":
                recv = local_key(ctx, d.func.value.id)
            if recv is not None:
                ctx.report(node, "", data=_Data(answers_all=True, configures=recv))

    def visit_Assign(self, node: ast.Assign, ctx: ModuleContext) -> None:
        for target in node.targets:
            self._docs_attribute(target, ctx)
            self._docs_link(target, node.value, ctx)

    def visit_AnnAssign(self, node: ast.AnnAssign, ctx: ModuleContext) -> None:
        if node.value is not None:
            self._docs_attribute(node.target, ctx)
            self._docs_link(node.target, node.value, ctx)

    def visit_AugAssign(self, node: ast.AugAssign, ctx: ModuleContext) -> None:
        self._docs_link(node.target, node.value, ctx)

    def _docs_link(self, target: ast.AST, value: ast.AST, ctx: ModuleContext) -> None:
        """An app's ``description`` that links to its docs pages (``[tools](/docs)``): the
        docs are part of what the app offers its users, not a map left open by accident."""
        if not ctx.says(*_DOCS_PATHS_TEXT):
            return  # no value of the module can link to a docs page
        linked = ctx.state(_Links).names
        if not _links_docs(value, linked):
            return
        if (
            isinstance(target, ast.Name)
            and ctx.scope.kind == "class"
            and isinstance(value, ast.Constant)
            and isinstance(value.value, str)
            and _LOCAL_DOCS.fullmatch(value.value.strip()) is not None
        ):
            # ``docs: str = "/docs"`` in a class body: a field of what the API answers its
            # clients (a ``server_info`` model), telling them where this server's docs are
            ctx.report(target, "", data=_Data(docs_linked=True, shared=True))
        elif isinstance(target, ast.Name):
            linked.add(target.id)  # ``docs_path = f"{name}/docs"``, used in a description later
        elif isinstance(target, ast.Attribute) and target.attr == "description":
            ctx.report(target, "", data=_Data(docs_linked=True))

    def _docs_attribute(self, target: ast.AST, ctx: ModuleContext) -> None:
        if not (isinstance(target, ast.Attribute) and target.attr in DOCS_KWARGS):
            return
        recv = ctx.resolve(target.value)
        if recv is None and isinstance(target.value, ast.Name) and ctx.scope.kind != "module":
            recv = local_key(ctx, target.value.id)
        ctx.report(target, "", data=_Data(docs_attribute=True, configures=recv))

    # -- project pass ----------------------------------------------------------------------
    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        from auditor.project import Binding

        configured: set[str] = set()
        #: modules where an app's description links to the docs pages: the docs are offered
        #: to users on purpose (a tool server whose schema is the product), for every app there
        linked = {h.path for h in hits if h.payload(_Data).docs_linked}
        for h in hits:  # the factory (or module) an announcing start serves the app from
            for q in h.payload(_Data).announced:
                if (f := project.function(q)) is not None:
                    linked.add(project.module_of(f).path)
                elif (named := project.module_for(q)) is not None:
                    linked.add(named.path)
        #: a module with no app of its own that forwards users to the docs (a Flask
        #: blueprint's ``/apidocs`` page answering ``redirect("/docs")``) or defines a field
        #: for their address (a ``server_info`` answer's ``docs: str = "/docs"``) speaks for
        #: the apps of the modules that import it; a link among others in an answer (an
        #: ``about`` document's ``"documentation": f"{base}/docs"``) speaks for its own
        #: module's apps only
        with_app = {i.path for i in project.apps.values() if i.kind == "app"}
        shared = {h.path for h in hits if h.payload(_Data).shared}
        pages = {
            m.module
            for p in shared - with_app
            if p is not None and (m := project.by_path.get(p)) is not None
        }
        #: apps that serve a page telling its users to read the docs, wherever its module (a
        #: router's ``GET /`` two includes away): the link speaks for every app including it
        serving = _apps_serving_links(project, [h for h in hits if h.payload(_Data).prose])
        for h in hits:
            d = h.payload(_Data)
            if d.answers_all and d.configures is not None:
                # a middleware answers every request itself: no route of the app is reached
                inst = project.app_for(d.configures) or project.apps.get(d.configures)
                configured.add(inst.qname if inst is not None else d.configures)
            if not d.docs_attribute:
                continue
            recv = d.configures
            if recv is None:
                return []  # ``self.app.openapi_url = ...``: some app is configured, we cannot tell which
            configured.add(recv)
            inst = project.app_for(recv) or project.apps.get(recv)
            if inst is not None:
                configured.add(inst.qname)
                continue
            # ``app = create_app()`` where the factory returns ``FastAPI(...)`` directly
            r = project.resolve(recv)
            if isinstance(r, Binding) and isinstance(r.value, Call):
                fn = project.function(qname_of(r.value))
                if fn is not None:
                    configured.add(f"{fn.qname}.<return>")
                    continue
            if ".<locals>." in recv:
                return []  # a parameter or local (``def configure(app: FastAPI)``): unknown app
        # an app whose router was replaced after construction serves no docs at all
        configured |= project.schemaless_apps
        apps = {i.qname for i in project.apps.values() if i.kind == "app"}
        readmes = _readme_folders(project)
        if len(apps) == 1 and "" in readmes:
            return []  # the README of the project's only app publishes its docs
        if "" in readmes and _readme_covers_mounts(project, len(apps)):
            return []  # the README gives the docs of the root app and of each mounted one
        app_paths = [i.path for i in project.apps.values() if i.kind == "app"]
        pages_linking = _page_link_files(project) if hits else []
        # an app of test support shipped in the package (a ``testing.py`` that drives it
        # with a test client, a pytest plugin): nothing serves it
        support = project.test_support_modules
        out = []
        for h in hits:
            d = h.payload(_Data)
            if d.docs_attribute or d.docs_linked or d.answers_all:
                continue
            m = project.by_path.get(h.path or "")
            if m is not None and m.module in support:
                continue
            if h.path in linked:
                continue
            if readmes and _published_in_folder(h.path, readmes, app_paths):
                continue  # a README in the app's own package folder publishes its docs
            if pages_linking and _linked_from_pages(project, h.path, pages_linking, app_paths):
                continue  # the pages it ships link its visitors to the docs
            if m is not None and pages and _imports_any(m, pages):
                continue  # it imports a page that links its users to the docs
            b = d.binding
            if b is not None:
                inst = project.apps.get(b)
                if b in configured or (inst is not None and inst.qname in configured):
                    continue
                if inst is not None and inst.qname in serving:
                    continue  # a page it serves links its users to the docs
                if inst is not None and project.served_only_on_loopback(inst, d.main_block):
                    continue
                if inst is not None and project.served_only_under_root_mounts(inst):
                    continue  # mounted at '/' under apps whose own docs routes come first
                if inst is not None and _idle_shell(project, inst):
                    continue
                if inst is not None and inst.qname in project.stray_apps:
                    continue  # no route is added to it and nothing serves or imports it
                if inst is not None and _gated_like_every_route(project, inst):
                    continue  # an auth middleware gates the docs like every route
                if inst is not None and _refuses_docs(project, inst):
                    continue  # a middleware answers an error to the schema's path
                if inst is not None and project.mcp_bridge(inst) is not None:
                    continue  # FastMCP calls it in-process: no HTTP server serves its docs
            out.append(h)
        return out

    bad = (
        Example(
            files=_notes_files(
                '    print("Notes API started; see https://notes.example.org/docs")\n'
            ),
            note="the other side of the announced-docs trap: a start-up line naming "
            "another site's docs page says nothing of this server's",
            lines=(5,),
        ),
        Example(
            files=_region_files('region: str = "eu"'),
            note="the other side of the hub trap: a factory every parameter of which has a "
            "default can be served by a launcher naming it (`uvicorn --factory`)",
            lines=(7,),
        ),
        Example(
            files=_relay_files(imported=True),
            note="the other side of the testing-package trap: the served application "
            "imports the package, so its relay is application code",
            lines=(7,),
        ),
        Example(
            files=_pricer_files("engine"),
            note="the other side of the private-launcher trap: a public module keeps the "
            "second app, which its users may serve (`uvicorn shop.engine.pricer_server:app`)",
            lines=(5,),
        ),
        Example(
            files={**_LANDING_FILES, "store/admin.py": _ADMIN_APP},
            note="the other side of the included-page trap: an app that does not serve the "
            "page linking the docs is reported",
            lines=(3,),
        ),
        Example(
            files=_hub_files('"https://vendor.example.com/docs"'),
            note="the other side of the published-address trap: a device record linking "
            "another site's docs (a literal URL) says nothing of this server's",
            lines=(5,),
        ),
        snippet(
            _CATALOGUE_APP,
            with_files={
                "notes/api.md": _REFERENCE_README.format(last=_MACHINE_SPEC),
                "docs/deploy.md": "# Deploy\n\nCheck `http://<server>:8000/docs` answers.\n",
            },
            note="the other side of the docs-folder reference trap: a note outside a `docs` "
            "folder speaks for no app, and a docs page giving the docs' address without "
            "calling them the reference is a way to try the API",
            lines=(3,),
        ),
        snippet(
            _CATALOGUE_APP,
            with_files={
                "README.md": _REFERENCE_README.format(
                    last="Interactive documentation: `http://127.0.0.1:8000/docs`."
                )
            },
            note="the other side of the docs as the API reference: a docs page the README "
            "gives without calling it the API's reference is a way to try the API",
            lines=(3,),
        ),
        snippet(
            _CATALOGUE_APP,
            with_files={
                "README.md": "# Catalogue\n\nRun it and open http://localhost:8000/docs to try "
                "the API.\n\n| Method | Path | Description |\n|---|---|---|\n"
                "| GET | `/items` | List the items |\n"
            },
            note="the other side of the README listing: a local URL of the docs, how to try "
            "the API while developing, does not publish them",
            lines=(3,),
        ),
        snippet(
            _CATALOGUE_APP,
            with_files={
                "README.md": "# Catalogue\n\n- `/items`: the items, as JSON\n"
                "- `/docs` is turned off in production by the reverse proxy\n"
            },
            note="the other side of the README's list of paths: an item naming the docs "
            "without saying what they are does not list them as an endpoint",
            lines=(3,),
        ),
        snippet(
            _CATALOGUE_APP,
            with_files={
                "README.md": "# Catalogue\n\n## Usage\n\nThe full documentation is at:\n\n"
                "- https://catalogue.example.com/docs\n\n## Development\n\n"
                "Try it at\n\n```\nhttp://localhost:8000/docs\n```\n\nwith a database set up "
                "as its guide says (https://db.example.com/docs).\n"
            },
            note="the other side of the deployed docs URL: a URL on another host alone may be "
            "a documentation site, not this server's page, and so may one inside a sentence",
            lines=(3,),
        ),
        snippet(
            _CATALOGUE_APP,
            with_files={
                "catalogue-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: catalogue\n"
                "Project-URL: Documentation, https://guide.catalogue.example.org/docs\n\n"
                "# Catalogue\n\nThe guide explains how to deploy it.\n"
            },
            note="the other side of the documentation URL: one the README does not give "
            "locally too may be a documentation site's page, not this server's",
            lines=(3,),
        ),
        snippet(
            _CATALOGUE_APP,
            with_files={
                "catalogue-1.0.dist-info/METADATA": _CATALOGUE_METADATA.format(path="/status")
            },
            note="the other side of the schema on the serving host: the README calls a path "
            "on that host that the app does not serve, so nothing shows the host is this "
            "server",
            lines=(3,),
        ),
        Example(
            files={
                "kit/search/README.md": "# Search server\n\n## Features\n\n"
                "- **Auto docs**: interactive API documentation at `/docs`\n",
                "kit/search/api.py": """\
from fastapi import FastAPI

app = FastAPI(title="Search")
""",
                "kit/relay/server.py": """\
from fastapi import FastAPI

relay = FastAPI(title="Relay")
""",
            },
            note="the other side of a package folder's README: it speaks for the app of its "
            "own folder, not for the app of a sibling package",
            lines=(3,),
        ),
        Example(
            files={
                "hub/server.py": """\
from fastapi import FastAPI


def create_ui_app() -> FastAPI:
    return FastAPI(title="Hub UI")


def create_app() -> FastAPI:
    app = FastAPI(title="Hub", terms_of_service="https://hub.example.com/terms")
    app.mount("/", create_ui_app())
    return app


def create_console() -> FastAPI:
    console = FastAPI(title="Console", docs_url=None, redoc_url=None, openapi_url=None)
    console.mount("/", FastAPI(title="Console UI"))
    return console


def create_admin() -> FastAPI:
    admin = FastAPI(title="Admin", terms_of_service="https://hub.example.com/terms")
    admin.mount("/ui", create_ui_app())
    return admin
""",
            },
            note="the other side of the root-mount trap: an app also mounted under a prefix "
            "(its docs are served there), or at '/' under a parent whose docs are off (the "
            "paths reach it)",
            lines=(5, 16),
        ),
        Example(
            files={
                "worker/runner.py": """\
import asyncio

import uvicorn
from fastapi import FastAPI

from worker.settings import RUNNER_HOST


async def build_server() -> FastAPI:
    webserver = FastAPI()

    @webserver.get("/health")
    def health() -> bool:
        return True

    return webserver


def start_webserver() -> None:
    webserver = asyncio.run(build_server())
    uvicorn.run(webserver, host=RUNNER_HOST, port=8080)
""",
                "worker/settings.py": 'RUNNER_HOST = "0.0.0.0"\n',
            },
            note="the other side of the coroutine-runner trap: the app its factory builds is "
            "served on a configurable host",
            lines=(10,),
        ),
        Example(
            files={
                "relay/app.py": """\
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from relay.config import settings
from relay.upstream import forward

gateway = FastAPI()


@gateway.middleware("http")
async def relay_all(request: Request, call_next) -> Response:
    if request.url.path.startswith("/local"):
        return await call_next(request)
    return JSONResponse(await forward(request))


audit = FastAPI()

if settings.relay_audit:

    @audit.middleware("http")
    async def relay_audit(request: Request, call_next) -> Response:
        return JSONResponse(await forward(request))
""",
                "relay/upstream.py": """\
async def forward(request) -> dict:
    return {"path": request.url.path}
""",
                "relay/config.py": "class _S:\n    relay_audit = False\n\n\nsettings = _S()\n",
            },
            note="the other side of the catch-all-middleware trap: a middleware that lets some "
            "requests through to the app, and one registered only when a setting says so",
            lines=(7, 17),
        ),
        Example(
            files={
                "svc/web.py": """\
from fastapi import FastAPI
from starlette.types import ASGIApp

from svc.api import api
from svc.guard import HostGuardMiddleware, record_app


def build_web(allowed: list[str]) -> ASGIApp:
    app = FastAPI()
    app.mount("/api", api)
    record_app(app)
    return HostGuardMiddleware(app, allowed)
""",
                "svc/api.py": "from fastapi import FastAPI\n\napi = FastAPI(openapi_url=None)\n",
                "svc/guard.py": """\
class HostGuardMiddleware:
    def __init__(self, app, allowed):
        self.app, self.allowed = app, allowed

    async def __call__(self, scope, receive, send):
        await self.app(scope, receive, send)


def record_app(app) -> None:
    app.add_api_route("/registry", lambda: {"ok": True})
""",
            },
            note="the other side of the middleware-wrapper trap: the wrapper is also handed to "
            "a helper that may add a route to it",
            lines=(9,),
        ),
        Example(
            files={
                "studio/api.py": "from fastapi import APIRouter, FastAPI\n\nrouter = APIRouter()\napi = FastAPI(docs_url=None, openapi_url=None)\n",
                "studio/app.py": """\
from contextlib import asynccontextmanager

from fastapi import FastAPI

from .api import api, router


def attach(target: FastAPI) -> None:
    target.mount("/api", api)
    target.include_router(router)


@asynccontextmanager
async def lifespan(application: FastAPI):
    attach(application)
    yield


app = FastAPI(lifespan=lifespan)


def wire(target: FastAPI) -> None:
    target.mount("/v1", api)
    register(target)


def register(target: FastAPI) -> None:
    target.add_api_route("/ping", lambda: "pong")


other = FastAPI()
wire(other)
""",
            },
            note="the other side of the mount-helper trap: a helper (called in the lifespan, or "
            "on the app at import) that also includes a router or adds a route of its own",
            lines=(19, 31),
        ),
        Example(
            files={
                "abkit/testing.py": """\
from fastapi import FastAPI
from fastapi.testclient import TestClient


def create_app() -> FastAPI:
    app = FastAPI(title="experiments")

    @app.get("/variant")
    async def variant() -> dict:
        return {"variant": "b"}

    return app


def smoke() -> None:
    assert TestClient(create_app()).get("/variant").status_code == 200
""",
                "abkit/split/testing.py": """\
from fastapi import FastAPI


def create_app() -> FastAPI:
    return FastAPI(title="split tests")
""",
            },
            note="the other side of the test-helpers trap: a `testing.py` whose app defines "
            "routes of its own (an experiments service), and one that drives no test client "
            "(an A/B-testing service)",
            lines=(6, 5),
        ),
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI(title="svc")


@app.get("/")
def home() -> dict:
    return {"help": "https://example.com/docs/svc", "schema": "see example.org/openapi.json"}
""",
            note="a page that links to another site's docs is not a link to the app's own",
            lines=(3,),
        ),
        snippet(
            """\
from fastapi import FastAPI
from fastapi.responses import HTMLResponse



def _status_page(status: str) -> str:
    return f"<p>{status}: see <a href='https://example.com/docs/svc'>the manual</a></p>"


app = FastAPI(title="svc")


@app.get("/", response_class=HTMLResponse)
def home() -> str:
    return _status_page("running")
""",
            note="the other side of the helper-built page: a helper whose page links another "
            "site's docs",
            lines=(10,),
        ),
        snippet(
            """\
import argparse

import uvicorn
from fastapi import FastAPI


def build(args: argparse.Namespace) -> FastAPI:
    if args.verbose:
        app = FastAPI(debug=False, title="svc (verbose)")
    else:
        app = FastAPI(debug=False, title="svc")
    return app


def main() -> None:
    uvicorn.run(build(argparse.Namespace(verbose=False)), host="0.0.0.0")
""",
            note="the other side of the opt-in trap: both branches build the app with its docs on",
            lines=(9, 11),
        ),
        snippet(
            """\
import uvicorn
from fastapi import FastAPI

base = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)


class MainServer:
    def __init__(self) -> None:
        self.server = FastAPI()
        self.server.router = FastAPI().router
        self.server.title = "x"

    def run(self) -> None:
        uvicorn.run(self.server, host="0.0.0.0")
""",
            note="a router taken from another FastAPI() keeps that app's docs routes",
            lines=(9,),
        ),
        Example(
            files={
                "app/cli.py": """\
import uvicorn
from fastapi import FastAPI

from app import api


def serve(prefix: str) -> None:
    server = FastAPI()
    server.mount(prefix, api.app)

    @server.get("/health")
    def health() -> str:
        return "ok"

    uvicorn.run(server, host="0.0.0.0", port=8000)
""",
                "app/api.py": """\
from fastapi import FastAPI

app = FastAPI()
""",
            },
            note="a wrapper with a route of its own serves a schema of its own; the mounted "
            "app is judged on its own call",
            lines=(3, 8),
        ),
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI(title="Internal API")
""",
            lines=(3,),
        ),
        snippet(
            """\
from fastapi import FastAPI

from .http import build_api


def create_app(http_enabled: bool) -> FastAPI:
    if http_enabled:
        app = build_api()
    else:
        app = FastAPI(title="Tools only")

    @app.get("/health")
    async def health() -> str:
        return "ok"

    return app
""",
            note="the other side of the fallback exemption: a route added to the fallback puts "
            "it in a schema of its own",
            lines=(10,),
        ),
        Example(
            files={
                "store/about.py": """\
from fastapi import APIRouter, Request

router = APIRouter()


@router.get("/about")
async def about(request: Request) -> dict:
    base = str(request.base_url).rstrip("/")
    return {"version": "1", "links": {"self": base, "documentation": f"{base}/docs"}}
""",
                "store/app.py": """\
from fastapi import FastAPI

from store.about import router

app = FastAPI(title="Store")
app.include_router(router)
""",
            },
            note="the other side of the forwarding-page exemption: a docs link among others in "
            "a router's answer (an about document, seen in tiled) speaks for no app of "
            "another module",
            lines=(5,),
        ),
        Example(
            files={
                "hub/tools.py": """\
from fastapi import FastAPI

tools = FastAPI(title="Tools")


@tools.get("/")
async def home() -> str:
    return "<a href='/docs'>API reference</a>"
""",
                "hub/main.py": """\
from pydantic import BaseModel
from fastapi import FastAPI

from hub.tools import tools


class About(BaseModel):
    manual: str = "https://example.com/docs"


app = FastAPI(title="Hub")
app.mount("/tools", tools)


@app.get("/about")
async def about() -> About:
    return About()
""",
            },
            note="the other side of the imported-page exemption: a page that links the docs of "
            "its own module's app speaks for that app only, and a model field naming another "
            "site's docs is no link to this server's",
            lines=(11,),
        ),
        Example(
            files={
                "app/factory.py": """\
import fastapi


def create_app() -> fastapi.FastAPI:
    return fastapi.FastAPI(version="1.0")
""",
                "app/admin.py": """\
from fastapi import FastAPI as Api

admin = Api()
admin.title = "Admin"
""",
            },
            note="a factory's return value and an aliased import; other attributes do not count",
            lines=(5, 3),
        ),
        snippet(
            """\
import uvicorn
from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware

root = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
root.mount("/v2", FastAPI())
wrapped = GZipMiddleware(FastAPI(title="Wrapped"))


def main() -> None:
    uvicorn.run(FastAPI(title="Direct"), port=8000)
""",
            note="the other side of the built-for-a-helper trap: apps handed to `mount`, to a "
            "server or bound after wrapping are served",
            lines=(6, 7, 11),
        ),
        snippet(
            """\
from fastapi import FastAPI
from fastapi.responses import FileResponse

app = FastAPI(description="Orders service; see the handbook at https://example.com/guide")
app.mount("/static", FileResponse("x"))


@app.get("/{path:path}", include_in_schema=False)
async def frontend(path: str) -> FileResponse:
    return FileResponse("index.html")


@app.get("/orders")
async def orders() -> list[str]:
    return []
""",
            note="the other side of the link and hidden-route traps: a description without a "
            "docs link, and a wrapper with one route in its schema",
            lines=(4,),
        ),
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI(
    title="Administration API",
    contact={"name": "Ops", "url": "https://example.com"},
    license_info={"name": "Elastic License 2.0"},
)
""",
            note="the other side of the API-product trap: contact and licence alone do not make "
            "an API public (judged true in fief)",
            lines=(3,),
        ),
        snippet(
            """\
from fastapi import FastAPI

from app.api import api

app = FastAPI(debug=True)
app.mount("/api", api)


def get_app() -> FastAPI:
    return app
""",
            note="the other side of the returned-wrapper trap: a module-level app handed out "
            "by a getter may gain routes anywhere (judged true in magentic-ui)",
            lines=(5,),
        ),
        Example(
            files={
                "tool/web.py": """\
from fastapi import FastAPI

app = FastAPI(title="Dashboard")
""",
                "tool/cli.py": """\
import uvicorn

from tool.config import settings
from tool.web import app


def local() -> None:
    uvicorn.run(app, host="127.0.0.1", port=8000)


def serve() -> None:
    uvicorn.run(app, host=settings.host, port=8000)
""",
                "worker/api.py": """\
import uvicorn
from fastapi import FastAPI

api = FastAPI(title="Worker")

if __name__ == "__main__":
    uvicorn.run(api, host="localhost")
""",
                "worker/Dockerfile": 'CMD ["uvicorn", "worker.api:api", "--host", "0.0.0.0"]\n',
            },
            note="the other side of the loopback trap: a second server whose host is "
            "configurable (judged true in spotDL), and a command file serving the app by its "
            "import string on any host",
            lines=(3, 4),
        ),
        Example(
            files={
                "probe/relay.py": """\
from fastapi import FastAPI


class Relay:
    async def serve(self, host: str, port: int) -> None:
        relay_app = FastAPI(title="Relay")

        from uvicorn import Config, Server

        await Server(Config(relay_app, host=host, port=port)).serve()
""",
            },
            note="the other side of the temporary capture server: the `uvicorn.Config` "
            "imported inside the function listens on a host the caller chooses",
        ),
        Example(
            files={
                "sink/collector.py": """\
import threading

import uvicorn
from fastapi import FastAPI


def build_collector() -> FastAPI:
    return FastAPI(title="Span collector")


def start_collector(host: str = "127.0.0.1", port: int = 0) -> uvicorn.Server:
    server = uvicorn.Server(uvicorn.Config(build_collector(), host=host, port=port))
    threading.Thread(target=server.run, daemon=True).start()
    return server
""",
                "sink/shared.py": """\
from sink.collector import start_collector


def share() -> None:
    start_collector("0.0.0.0", 4318)
""",
            },
            note="the other side of the loopback-default trap: one caller passes another "
            "host in the parameter's place",
            lines=(8,),
        ),
        Example(
            files={
                "kit/board.py": """\
import uvicorn
from fastapi import FastAPI


def build_board() -> FastAPI:
    app = FastAPI(title="Board")
    return app


def board_from_env() -> FastAPI:
    return build_board()


def preview() -> None:
    uvicorn.run(build_board(), host="127.0.0.1")
""",
                "kit/cli.py": """\
import uvicorn


def board(host: str) -> None:
    uvicorn.run("kit.board:board_from_env", factory=True, host=host)
""",
            },
            note="the other side of the factory-import-string trap: the factory the import "
            "string names builds this very app, served on a configurable host",
            lines=(6,),
        ),
        Example(
            files={
                "kit/tools.py": """\
import uvicorn
from fastapi import FastAPI

tools = FastAPI(title="Tools")


def preview() -> None:
    uvicorn.run(tools, host="127.0.0.1")
""",
                "kit/main.py": """\
import uvicorn
from fastapi import FastAPI

from kit.tools import tools

api = FastAPI(openapi_url=None)
api.mount("/tools", tools)


def serve(host: str) -> None:
    uvicorn.run(api, host=host)
""",
            },
            note="the other side of the loopback trap: an app previewed on 127.0.0.1 is also "
            "mounted into an app served on a configurable host, where its docs are public",
            lines=(4,),
        ),
        Example(
            files={
                "tool/quick.py": """\
import uvicorn
from fastapi import FastAPI


def build() -> FastAPI:
    app = FastAPI(title="Quick")
    return app


def run() -> None:
    app = build()
    uvicorn.run(app, port=8000)
""",
                "tool/Dockerfile": 'CMD ["uvicorn", "tool.quick:build", "--factory", "--host", "0.0.0.0"]\n',
                "site/main.py": """\
import uvicorn
from fastapi import FastAPI

app = FastAPI(title="Site")


def start() -> None:
    uvicorn.run(app)
""",
                "README.md": "Serve it with `uvicorn site.main:app --host 0.0.0.0`.\n",
            },
            note="the other side of the default-host trap: a command file serving the app "
            "through its factory on any host, and a README serving it by its import string",
            lines=(4, 6),
        ),
        snippet(
            """\
import uvicorn
from fastapi import FastAPI
from fastapi.responses import RedirectResponse

from app.config import settings

if __name__ == "__main__":
    preview = FastAPI()

    @preview.get("/")
    async def home() -> RedirectResponse:
        return RedirectResponse("/ui")

    @preview.get("/help")
    async def help_page() -> RedirectResponse:
        return RedirectResponse("/docs")

    uvicorn.run(preview, host=settings.host)
""",
            note="the other side of the preview and docs-home traps: an app of a `__main__` "
            "block served on a configurable host, a root page that redirects elsewhere, and "
            "a docs redirect off the root page",
            lines=(8,),
        ),
        snippet(
            """\
from fastapi import FastAPI
from fastapi.responses import RedirectResponse


class Server:
    def __init__(self) -> None:
        self.app = FastAPI(title="lab devices")

        def help_page() -> RedirectResponse:
            return RedirectResponse(url="/docs")

        def home() -> dict:
            return {}

        self.app.add_api_route("/help", help_page, methods=["GET"])
        self.app.add_api_route("/", home, methods=["GET"])
        self.app.add_api_route("/", help_page, methods=["POST"])
""",
            note="registered by name, the docs redirect is not the root page (`/help`, or `/` "
            "for `POST` only)",
            lines=(7,),
        ),
        snippet(
            """\
import uvicorn
from fastapi import FastAPI

from .routes import register

app = FastAPI()


def create_app() -> FastAPI:
    application = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    register(application)
    return application


def run(port: int) -> None:
    uvicorn.run(create_app(), host="0.0.0.0", port=port)


def legacy() -> None:
    uvicorn.run("service:app", host="0.0.0.0")
""",
            note="the other side of the idle-shell trap: a server of its module serves the "
            "module-level app by name (or a route, router or import uses it)",
            lines=(6,),
        ),
        snippet(
            _LAUNCHER_SHELL + '\n\nif __name__ == "__main__":\n    serve(app)\n',
            note="the other side of the launcher's parameter: the module hands its own app to "
            "the launcher, so the server serves it",
            lines=(4,),
        ),
        Example(
            files=_shim_files("127.0.0.1", "0.0.0.0"),
            note="the other side of the loopback command trap: the command the project starts "
            "the shim with binds every interface",
            lines=(9,),
        ),
        Example(
            files=_shim_files("0.0.0.0", "127.0.0.1"),
            note="the other side of the loopback usage-line trap: the documented command "
            "serves the shim on every interface",
            lines=(9,),
        ),
        snippet(
            _MCP_BRIDGE + '\n\ndef serve_rest() -> None:\n    uvicorn.run(app, host="0.0.0.0")\n',
            note="the other side of the FastMCP trap: a server serves the app over HTTP as well",
            lines=(5,),
        ),
        Example(
            files=_namesake_files("common.app:app"),
            note="the other side of the namesake: the image names the shared module's app by "
            "a name only it answers to",
            lines=(4,),
        ),
        Example(
            files=_site_files('<a href="/docs">API</a>', worker=True),
            note="the other side of the shipped pages' link: the page speaks for the app of its "
            "folder that renders pages (silent), not for a second app there that serves none",
            lines=(3,),
        ),
        Example(
            files=_site_files('<a href="https://docs.example.com/docs">Guide</a>', worker=False),
            note="the other side of the shipped pages' link: a link to another site's docs "
            "says nothing of this server's",
            lines=(4,),
        ),
        snippet(
            _GATED_APP.format(open='{"/health", "/docs", "/openapi.json"}'),
            note="the other side of the gated docs: the middleware's allow list lets the docs "
            "pages through unauthenticated",
            lines=(20,),
        ),
        snippet(
            """\
from fastapi import FastAPI, Request
from starlette.middleware.base import BaseHTTPMiddleware


class SchemaCache(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next):
        route = request.url.path
        if route not in ("/docs", "/openapi.json"):
            return await call_next(request)
        response = await call_next(request)
        response.headers["Cache-Control"] = "max-age=3600"
        return response


board = FastAPI(title="Board")
board.add_middleware(SchemaCache)
""",
            note="the other side of the docs-refusing middleware: it compares the path with "
            "the docs pages only to cache them, and refuses nothing",
            lines=(15,),
        ),
        snippet(
            _CATALOGUE_APP,
            with_files={
                "README.md": _GUIDE_README.format(
                    section="## Local development",
                    docs="- API docs: http://localhost:8000/docs",
                )
            },
            note="the other side of the documentation section: a local URL of the docs in a "
            "development section (a code block's `# Documentation tools` comment heads no "
            "section) is how to try the API",
            lines=(3,),
        ),
        Example(
            files=_mounted_shop("The OpenAPI documentation is at `http://<host>/docs`."),
            note="the other side of the mounted apps' docs: the README gives the docs of one "
            "app only, and the mounted API's (`/v1/docs`) are not named",
        ),
        Example(
            files=_console_files(
                'const H=()=>n.jsx("a",{href:"https://docs.example.com/docs",children:"Guide"});'
                'function L(){return fetch("/api/items")}'
            ),
            note="the other side of the shipped front end: a bundle linking another site's "
            "docs and calling the API's own routes says nothing of this server's docs",
            lines=(4,),
        ),
        Example(
            files=_console_files(
                'const A=()=>n.jsx("a",{href:`/docs`,children:"Documentation"});'
                'function L(){return fetch("/api/items")}'
            ),
            note="the other side of the front end reading the schema: a bare link to the "
            "docs in an about card of the bundle (judged true in memorybase)",
            lines=(4,),
        ),
        Example(
            files=_pad_files('f"Pad is up at http://localhost:{port}"'),
            note="the other side of the announcing launcher: a start-up line without the "
            "docs' address",
            lines=(3,),
        ),
        snippet(
            _RELAY_MAIN.replace("{fields}", 'docs="https://relay.example.com/docs"'),
            note="the other side of the logged docs field: another site's docs page",
            lines=(8,),
        ),
        Example(
            files=_STRAY_SERVED,
            note="the other side of the stray app: a command imports it from the package, "
            "adds the routes and serves it",
            lines=(3,),
        ),
    )
    good = (
        Example(
            files=_notes_files(
                '    print(f"Notes API on http://{host}:{port}, docs at http://{host}:{port}/docs")\n'
            ),
            note="trap: the command that serves the app prints where its docs are at every "
            "start: the docs are the API's advertised reference, published on purpose",
        ),
        snippet(
            _GATED_APP.format(open='{"/health"}'),
            note="an authentication middleware answers 401 to every request but those of a "
            "fixed allow list without the docs (seen in open-edit): the docs are gated like "
            "every route, and reach no one who cannot call the routes",
        ),
        snippet(
            """\
import os

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse
from starlette.middleware.base import BaseHTTPMiddleware

SCHEMA_PAGES = ("/docs", "/redoc", "/openapi.json")


class SchemaGate(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next):
        route = request.url.path
        if route not in SCHEMA_PAGES:
            return await call_next(request)
        if request.headers.get("X-Staff") == os.environ.get("STAFF_KEY"):
            return await call_next(request)
        return PlainTextResponse("staff only", 403)


board = FastAPI(title="Board")
board.add_middleware(SchemaGate)
""",
            note="the app keeps the default docs URLs but adds a middleware that answers 403 "
            "to the docs pages unless a staff key comes with the request (seen in "
            "yumi-agent): the docs are gated on purpose",
        ),
        Example(
            files=_site_files('<a href="{{ root_path }}/docs">API</a>', worker=False),
            note="the footer of every page the site renders links its docs (seen in a "
            "dashboard's and a REST server's navigation bars): they are a published feature",
        ),
        Example(
            files=_region_files("region: str"),
            note="a second app built by a factory that takes an argument no launcher gives, "
            "that no code calls and no file names, beside the app an entry point serves "
            "(seen in novafabric): no code builds it, its docs are never served",
        ),
        Example(
            files=_relay_files(imported=False),
            note="a relay app in a package's `testing` helpers that no application module "
            "imports (seen in mashpy): only tests start it, on a loopback port",
        ),
        Example(
            files=_pricer_files("_engine"),
            note="a second app whose factory only a private module keeps, which nothing "
            "imports and no file names, beside the app an entry point serves (seen in "
            "voyager-index): nothing can start it, its docs are never served",
        ),
        Example(
            files=_LANDING_FILES,
            note="a landing page linking its users to the docs in a router two includes away "
            "from the app (seen in dokku-api): the link speaks for the app that serves it",
        ),
        Example(
            files=_hub_files('CONFIG.url + "/docs"'),
            note="the app registers itself elsewhere with its own docs page as the device's "
            'configuration address (`configuration_url=CONFIG.url + "/docs"`): the docs are '
            "where its users configure it, published on purpose",
        ),
        snippet(
            _CATALOGUE_APP,
            with_files={"docs/reference/api.md": _REFERENCE_README.format(last=_MACHINE_SPEC)},
            note="a reference page of the project's `docs` folder calls the schema the API's "
            "machine-readable spec at its address on the reader's server, written as a "
            "template (seen in iowap-server): published on purpose",
        ),
        snippet(
            _CATALOGUE_APP,
            with_files={
                "README.md": _REFERENCE_README.format(
                    last="Full OpenAPI is generated at `/docs` (Swagger UI) and `/redoc`."
                )
            },
            note="the README's API reference hands the rest to the docs pages, naming them "
            "the full reference (seen in webgate's METADATA): published on purpose",
        ),
        snippet(
            _CATALOGUE_APP,
            with_files={
                "README.md": "# Catalogue\n\n| Method | Path | Description |\n|---|---|---|\n"
                "| GET | `/items` | List the items |\n"
                "| GET | `/docs` | Interactive API documentation |\n"
            },
            note="the README lists the docs among the API's endpoints (seen in wpscrape's "
            "METADATA): they are a documented part of the product",
        ),
        snippet(
            _CATALOGUE_APP,
            with_files={
                "README.md": "# Catalogue\n\n`serve` answers on port 8080:\n\n"
                "- `/items`: the items, as JSON\n"
                "- `/docs`: the interactive API documentation\n"
            },
            note="the README lists the docs in a list of the paths the server answers, "
            "without a method (seen in benethos-mailbox-service's METADATA): they are a "
            "documented part of the product",
        ),
        snippet(
            _CATALOGUE_APP,
            with_files={
                "catalogue-1.0.dist-info/METADATA": _CATALOGUE_METADATA.format(path="/items")
            },
            note="the metadata links the schema on a host the README shows serving the "
            "app's own route (`curl https://api.catalogue.dev/items`): the deployment is this "
            "server, its schema published (registry-mcp registry_mcp/api/main.py:545)",
        ),
        snippet(
            _CATALOGUE_APP,
            with_files={
                "README.md": "# Catalogue\n\n## Usage\n\nRead the API documentation at:\n\n"
                "- locally: http://localhost:8000/docs\n"
                "- in production: https://catalogue.example.com/docs\n"
            },
            note="the README gives the docs page both locally and on the production host "
            "(seen in laminhub-rest's METADATA): the docs are read where the API is deployed",
        ),
        snippet(
            _CATALOGUE_APP,
            with_files={
                "catalogue-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: catalogue\n"
                "Project-URL: Documentation, https://api.catalogue.example.com/docs\n"
                "Project-URL: Repository, https://git.example.com/catalogue\n\n"
                "# Catalogue\n\n## API documentation\n\n| Page | URL |\n| --- | --- |\n"
                "| Swagger UI | [http://localhost:8000/docs](http://localhost:8000/docs) |\n"
            },
            note="the distribution's documentation URL is the docs page on its deployed host, "
            "which its README gives locally too (seen in wattnet-api's METADATA): the project "
            "points its users at the deployed docs",
        ),
        Example(
            files={
                "kit/search/README.md": "# Search server\n\n## Features\n\n"
                "- **Auto docs**: interactive API documentation at `/docs`\n"
                "- **Batches**: many queries in one request\n",
                "kit/search/api.py": """\
from fastapi import FastAPI

app = FastAPI(title="Search")
""",
            },
            note="a README shipped in the app's own package folder lists the docs among the "
            "server's features, by their path (seen in fts-mcp's server/README.md)",
        ),
        Example(
            files={
                "hub/server.py": """\
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles


def create_ui_app() -> FastAPI:
    ui_app = FastAPI(title="Hub UI")

    @ui_app.get("/ui-settings")
    def ui_settings() -> dict:
        return {"theme": "dark"}

    ui_app.mount("/assets", StaticFiles(directory="assets"))
    return ui_app


def create_app() -> FastAPI:
    app = FastAPI(title="Hub", terms_of_service="https://hub.example.com/terms")
    ui_app = create_ui_app()
    app.mount("/", app=ui_app, name="ui")
    return app
""",
            },
            note="an app served only mounted at '/' under an app that keeps its default docs: "
            "the parent's /openapi.json and /docs routes come first, so the mounted app's "
            "are never reached (seen in prefect-client's UI app)",
        ),
        Example(
            files={
                "relay/app.py": """\
from typing import Callable

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from relay.upstream import forward

gateway = FastAPI()


@gateway.middleware("http")
async def relay_all(request: Request, callback: Callable) -> Response:
    \"\"\"Forward every request upstream.\"\"\"
    if "token" not in request.query_params:
        return JSONResponse({"error": "no token"}, status_code=401)
    return JSONResponse(await forward(request))


def build_console() -> FastAPI:
    console = FastAPI()

    @console.middleware("http")
    async def relay_console(request: Request, call_next) -> Response:
        return JSONResponse(await forward(request))

    return console
""",
                "relay/upstream.py": """\
async def forward(request) -> dict:
    return {"path": request.url.path}
""",
            },
            note="apps whose HTTP middleware never calls `call_next`: it answers every request, "
            "the docs paths included, by forwarding it upstream (seen in qianfan's proxy)",
        ),
        Example(
            files={
                "svc/web.py": """\
from fastapi import FastAPI
from starlette.types import ASGIApp

from svc.api import api
from svc.guard import HostGuardMiddleware


def build_web(allowed: list[str]) -> ASGIApp:
    app = FastAPI()
    app.mount("/api", api)
    print("docs at", app.docs_url)
    return HostGuardMiddleware(app, allowed)
""",
                "svc/api.py": "from fastapi import FastAPI\n\napi = FastAPI(openapi_url=None)\n",
                "svc/guard.py": """\
class HostGuardMiddleware:
    def __init__(self, app, allowed):
        self.app, self.allowed = app, allowed

    async def __call__(self, scope, receive, send):
        await self.app(scope, receive, send)
""",
            },
            note="a bare wrapper that only mounts the API, its settings read as values, handed "
            "to an ASGI middleware that runs it (`HostGuardMiddleware(app, ...)`) and returned "
            "wrapped: its own schema lists no route (seen in inspect-ai)",
        ),
        snippet(
            """\
from fastapi import FastAPI

from .http import build_api
from .tools import ToolsMiddleware, tools_lifespan


def create_app(http_enabled: bool, tools_enabled: bool) -> FastAPI:
    if http_enabled:
        app = build_api()
    else:
        app = FastAPI(title="Tools only")
    if tools_enabled:
        app.router.lifespan_context = tools_lifespan
        app.add_middleware(ToolsMiddleware)
    return app
""",
            note="a route-less fallback built when the HTTP API is off, served only through a "
            "middleware (seen in hindsight's MCP-only app): its schema lists no route, the "
            "other branch's app is judged on its own call",
        ),
        Example(
            files={
                "site/pages.py": """\
from flask import Blueprint, redirect

pages = Blueprint("pages", __name__)


@pages.route("/apidocs")
def apidocs():
    return redirect("/docs")
""",
                "site/info.py": """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class ServerInfo(BaseModel):
    version: str
    docs: str = "/docs"


@router.get("/server_info")
async def server_info() -> ServerInfo:
    return ServerInfo(version="1")
""",
                "site/main.py": """\
from a2wsgi import WSGIMiddleware
from fastapi import FastAPI
from flask import Flask

from site.info import router
from site.pages import pages


def create_app() -> FastAPI:
    ui = Flask(__name__)
    ui.register_blueprint(pages)
    api = FastAPI(title="Registry")
    api.include_router(router)
    api.mount("/", WSGIMiddleware(ui))
    return api
""",
            },
            note="the app's module imports pages that send its users to the docs: a Flask "
            "blueprint's `/apidocs` page (seen in bioregistry, whose navigation bar links it) "
            'and a `server_info` answer telling clients `docs: "/docs"` (seen in '
            "openhands-agent-server): the docs are published on purpose",
        ),
        Example(
            files={
                "studio/api.py": "from fastapi import FastAPI\n\napi = FastAPI(docs_url=None, openapi_url=None)\n",
                "studio/web.py": "from fastapi import FastAPI\n\nweb = FastAPI(docs_url=None, openapi_url=None)\n",
                "studio/app.py": """\
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from .api import api
from .web import web


def attach(target: FastAPI) -> None:
    for prefix, sub_app in {"/api": api, "/": web}.items():
        target.mount(prefix, sub_app)


@asynccontextmanager
async def lifespan(application: FastAPI):
    attach(application)
    yield


app = FastAPI(lifespan=lifespan)
app.add_middleware(CORSMiddleware, allow_origins=["*"])
""",
            },
            note="a route-less wrapper whose lifespan hands it to a helper of the module that "
            "only mounts the real apps: its own schema lists no route (seen in gemini-live-avatar)",
        ),
        Example(
            files={
                "agentkit/__init__.py": "from agentkit.routes import configure\nfrom agentkit.testing import make_test_app\n",
                "agentkit/routes.py": """\
from fastapi import APIRouter, FastAPI

router = APIRouter()


@router.get("/agent/status")
async def status() -> dict:
    return {"ok": True}


def configure(app: FastAPI) -> None:
    app.include_router(router)
""",
                "agentkit/testing.py": """\
from fastapi import FastAPI
from fastapi.testclient import TestClient

from agentkit.routes import configure


def make_test_app() -> FastAPI:
    app = FastAPI(title="Test API")
    configure(app)
    return app


def make_client() -> TestClient:
    return TestClient(make_test_app())
""",
            },
            note="an app that a package's test helpers (`testing.py`, driving it with a test "
            "client) build for its users' tests: nothing serves it (seen in arkitekt-fastapi)",
        ),
        Example(
            files={
                "app/server.py": """\
from fastapi import FastAPI
from fastapi.responses import HTMLResponse

_PAGE = \"\"\"<html><body><p>%(status)s</p>
<p>API docs: <a href="/docs">/docs</a></p></body></html>\"\"\"


def _status_page() -> str:
    return _PAGE % dict(status="The frontend is not built.")


def create_app() -> FastAPI:
    app = FastAPI(title="Developer Server")
    page = _status_page()

    @app.get("/", response_class=HTMLResponse)
    async def home():
        return page

    return app
""",
            },
            note="a page built by a helper from a %-formatted module template that links the "
            "docs (uipath-dev uipath/dev/server/app.py:66, :278)",
        ),
        Example(
            files={
                "app/gateway.py": """\
from fastapi import FastAPI
from fastapi.responses import HTMLResponse

LANDING = \"\"\"<html><body><a href="/docs">Open API reference</a>
<a href="/openapi.json">schema</a></body></html>\"\"\"


def create_app() -> FastAPI:
    app = FastAPI(title="gateway")

    @app.get("/v1")
    async def landing() -> HTMLResponse:
        return HTMLResponse(LANDING)

    return app
""",
                "app/wrapped.py": """\
from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware

from app.inner import inner_app

app = FastAPI(openapi_url=None)

wrapper = FastAPI()
wrapper.add_middleware(GZipMiddleware)
wrapper.mount("/", inner_app)
app.mount("/inner", wrapper)
""",
                "app/inner.py": "from fastapi import FastAPI\n\ninner_app = FastAPI(openapi_url=None)\n",
                "app/tools.py": """\
from fastapi import FastAPI

tools = FastAPI(servers=[{"url": "https://tools.example.com"}])
""",
            },
            note="a landing page that links its users to the docs (seen in g4f's `/v1`); a "
            "route-less wrapper mounted into another app (seen in nomad-lab); an app that "
            "states the public `servers=` of its schema for generated clients (seen in "
            "agency-swarm)",
        ),
        snippet(
            """\
import secrets

import uvicorn
from fastapi import FastAPI


def build_app(db_url: str) -> tuple[FastAPI, str]:
    app = FastAPI()
    return app, secrets.token_urlsafe(16)


def run(db_url: str, port: int = 8000) -> int:
    app, secret = build_app(db_url)
    print(f"Admin secret: {secret}")
    uvicorn.run(app, port=port)
    return 0
""",
            note="a command's try-out app, built by a factory that returns it with its "
            "secret, served only on uvicorn's default host, 127.0.0.1 (seen in "
            "fastapi-keygate)",
        ),
        snippet(
            """\
import uvicorn
from fastapi import APIRouter, FastAPI


class PrefixRouter(APIRouter):
    pass


class MainServer:
    def __init__(self) -> None:
        self.server = FastAPI()
        self.server.router = PrefixRouter()

    def run(self) -> None:
        uvicorn.run(self.server, host="0.0.0.0")
""",
            note="the router is replaced after construction: FastAPI put /openapi.json and "
            "/docs on the router it dropped, so no docs are served",
        ),
        snippet(
            """\
from fastapi import FastAPI

from app.config import settings


def build(real: FastAPI) -> FastAPI:
    if settings.url_prefix != "/":
        parent_app = FastAPI()
        parent_app.mount(settings.url_prefix, app=real)
        return parent_app
    return real


public = FastAPI(
    title="Inference Server",
    terms_of_service="https://example.com/terms",
    contact={"name": "Support", "email": "help@example.com"},
    license_info={"name": "Apache 2.0"},
)
""",
            note="a route-less wrapper returned by its factory only when a URL prefix is set "
            "(seen in galaxy), and a published API product that states its terms of service "
            "(seen in Roboflow's inference server)",
        ),
        Example(
            files={
                "app/api.py": """\
from fastapi import FastAPI

app = FastAPI(openapi_url=None)


@app.get("/items")
def items() -> list[str]:
    return []
""",
                "app/cli.py": """\
import uvicorn
from fastapi import FastAPI

from app import api


def serve(prefix: str) -> None:
    if prefix:
        server = FastAPI()
        server.mount(prefix, api.app)
    else:
        server = api.app
    uvicorn.run(server, host="0.0.0.0", port=8000)
""",
            },
            note="a bare wrapper built only to mount the real application under a prefix: its "
            "own schema lists no route, and the mounted app hides its docs",
        ),
        snippet(
            """\
from contextlib import asynccontextmanager

from fastapi import FastAPI


@asynccontextmanager
async def started(app: FastAPI):
    yield app


async def consume() -> None:
    async with started(FastAPI()):
        pass
""",
            note="an app built only to drive a helper (its lifespan) is never served: no docs",
        ),
        snippet(
            """\
from fastapi import FastAPI

from app.config import in_debug_mode

if in_debug_mode():
    app = FastAPI(debug=True)
else:
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
""",
            note="an app built only in debug mode (seen in khoj): docs there are intended",
        ),
        snippet(
            """\
from fastapi import FastAPI

from app.config import settings

app = FastAPI(
    title="Internal API",
    openapi_url="/openapi.json" if settings.ENVIRONMENT in {"local", "staging"} else None,
)
"""
        ),
        snippet(
            """\
from fastapi import FastAPI

from app.config import settings

app_configs = {"title": "API"}
if settings.ENVIRONMENT not in ("local", "staging"):
    app_configs["openapi_url"] = None

app = FastAPI(**app_configs)
docs_app = FastAPI(docs_url=None, redoc_url=None)
public = FastAPI(openapi_url="/openapi.json")
""",
            note="`**app_configs` expansion (the ForgeAPI guide and zhanymkanov README pattern), explicit URLs",
        ),
        Example(
            files={
                "app/factory.py": """\
from fastapi import FastAPI

from app.config import settings


def create_app() -> FastAPI:
    app = FastAPI(title="API")
    if not settings.debug:
        app.openapi_url = None
    return app


def create_admin() -> FastAPI:
    return FastAPI(title="Admin")
""",
                "app/main.py": """\
from app.factory import create_admin, create_app

app = create_app()
admin = create_admin()
admin.docs_url = None
""",
                "app/more.py": """\
from fastapi import FastAPI

other = FastAPI(title="Other")


def hide_docs(api: FastAPI) -> None:
    api.openapi_url = None


hide_docs(other)
""",
            },
            note="attributes assigned later: in a factory, on the factory's result, through a parameter",
        ),
        snippet(
            """\
from flask import Flask
from starlette.applications import Starlette

app = Flask(__name__)
api = Starlette()


class FastAPI:
    def __init__(self, title: str) -> None:
        self.title = title


local = FastAPI(title="look-alike")
""",
            note="Flask, Starlette and a local look-alike class",
        ),
        snippet(
            """\
from fastapi import FastAPI
from starlette.requests import Request


def describe(request: Request) -> str:
    return request.url.path


if __name__ == "__main__":
    print(describe(Request({"type": "http", "path": "/x", "headers": [], "app": FastAPI()})))
""",
            note="a FastAPI() placed in a hand-built ASGI scope to fake a request: nothing is served",
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

app = FastAPI(title="Public API")
""",
            },
            config={"public-api": True},
            note="public-api = true turns the rule off",
        ),
        Example(
            files={
                "tests/conftest.py": """\
from fastapi import FastAPI

app = FastAPI()
""",
                "app/main.py": "",
            },
            note="test apps are not scanned",
        ),
        snippet(
            """\
from fastapi import FastAPI


def tool_app(name: str) -> FastAPI:
    sub = FastAPI(title=name, description=f"{name} tools\\n\\n- [back to the tool list](/docs)")
    sub.state.name = name
    return sub


def build(names: list[str], description: str) -> FastAPI:
    main = FastAPI(title="Tools", description=description)
    for name in names:
        main.mount(f"/{name}", tool_app(name))
        link = f"{name}/docs"
        main.description += f"\\n- [{name}]({link})"
    return main
""",
            note="an app whose description points its users at the docs pages (a tool server "
            "whose schema is what it offers, seen in mcpo): the docs are the product",
        ),
        Example(
            files={
                "app/api.py": """\
from fastapi import FastAPI

api = FastAPI(openapi_url=None)
""",
                "app/main.py": """\
from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from app.api import api

app = FastAPI()
app.mount("/api", api)
app.mount("/assets", StaticFiles(directory="assets"))
app.state.ready = True


@app.get("/{path:path}", include_in_schema=False)
async def frontend(path: str) -> FileResponse:
    return FileResponse("index.html")
""",
            },
            note="a wrapper that mounts the API and serves the front end from a catch-all left "
            "out of the schema (seen in pyspur): its own schema lists no route",
        ),
        Example(
            files={
                "desk/web.py": """\
from fastapi import FastAPI

dashboard = FastAPI(title="Local Dashboard")
""",
                "desk/start.py": """\
import uvicorn

from desk.web import dashboard


def main(port: int) -> None:
    uvicorn.run(dashboard, host="localhost", port=port)
""",
                "desk/login.py": """\
import uvicorn
from fastapi import FastAPI


class CallbackListener:
    def __init__(self) -> None:
        self.app = FastAPI()
        self.server: uvicorn.Server | None = None

    async def wait_for_code(self) -> None:
        config = uvicorn.Config(self.app, host="127.0.0.1", port=33388)
        self.server = uvicorn.Server(config)
        await self.server.serve()
""",
            },
            note="apps served only on a literal loopback host, the host hard-coded (a "
            "single-user desktop tool, seen in youwol; a one-shot OAuth callback listener, seen "
            "in cashu): nobody else can reach their docs",
        ),
        Example(
            files={
                "kit/login.py": """\
import uvicorn
from fastapi import FastAPI


async def wait_for_code(port: int) -> None:
    app = FastAPI()

    @app.get("/callback")
    async def callback(code: str) -> str:
        return code

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port))
    await server.serve()
""",
                "kit/board.py": """\
from fastapi import FastAPI


def build_board(folder: str) -> FastAPI:
    return FastAPI(title="Board", openapi_url=None)


def board_from_env() -> FastAPI:
    return build_board("runs")
""",
                "kit/cli.py": """\
import uvicorn


def board(host: str) -> None:
    uvicorn.run("kit.board:board_from_env", factory=True, host=host, reload=True)
""",
            },
            note="a one-shot login listener on a literal loopback host, beside another app "
            "served on a configurable host by the import string of its factory, which the "
            "model follows to that other app (seen in harbor)",
        ),
        Example(
            files={
                "probe/capture.py": """\
import asyncio

from fastapi import FastAPI, Request


class HeaderProbe:
    async def capture(self, port: int) -> dict[str, str]:
        seen: dict[str, str] = {}

        async def echo(request: Request) -> dict:
            seen.update(request.headers)
            return {}

        probe_app = FastAPI()
        probe_app.post("/v1/echo")(echo)

        from uvicorn import Config, Server

        config = Config(probe_app, host="127.0.0.1", port=port)
        server = Server(config)
        task = asyncio.create_task(server.serve())
        await asyncio.sleep(1)
        server.should_exit = True
        await task
        return seen
""",
            },
            note="a temporary capture server on a literal loopback host for one run, its "
            "`uvicorn.Config` imported inside the function after the app is built (seen in "
            "ccproxy-api)",
        ),
        Example(
            files={
                "sink/collector.py": """\
import threading

import uvicorn
from fastapi import FastAPI


def build_collector() -> FastAPI:
    return FastAPI(title="Span collector")


def start_collector(host: str = "127.0.0.1", port: int = 0) -> uvicorn.Server:
    server = uvicorn.Server(uvicorn.Config(build_collector(), host=host, port=port))
    threading.Thread(target=server.run, daemon=True).start()
    return server
""",
                "sink/run.py": """\
from sink.collector import start_collector


def run_once() -> None:
    server = start_collector(port=4318)
    server.should_exit = True
""",
                "sink/bridge.py": """\
import os

import uvicorn
from mcp.server.fastmcp import FastMCP

tools = FastMCP("sink")


def serve() -> None:
    app = tools.streamable_http_app()
    uvicorn.run(app, host=os.environ.get("HOST", "0.0.0.0"))
""",
            },
            note="a per-run trace collector whose host is a parameter defaulting to a "
            "loopback literal that every caller keeps; the other server of the project "
            "serves an app the MCP library builds, none of the project's (seen in "
            "llm-evaluation-system)",
        ),
        Example(
            files={
                "worker/status.py": """\
import uvicorn
from fastapi import FastAPI


def create_status_server(worker: object) -> FastAPI:
    status_app = FastAPI()

    @status_app.get("/status")
    def status() -> dict:
        return {"worker": str(worker)}

    return status_app


async def serve(worker: object, port: int) -> None:
    config = uvicorn.Config(app=create_status_server(worker), host="127.0.0.1", port=port)
    await uvicorn.Server(config).serve()
""",
                "worker/runner.py": """\
import asyncio

import uvicorn
from fastapi import FastAPI

from worker.settings import RUNNER_HOST


async def build_server() -> FastAPI:
    return FastAPI(openapi_url=None)


def start_webserver() -> None:
    webserver = asyncio.run(build_server())
    uvicorn.run(webserver, host=RUNNER_HOST, port=8080)
""",
                "worker/settings.py": 'RUNNER_HOST = "0.0.0.0"\n',
            },
            note="a worker's status server built by a factory called in place on a literal "
            "loopback host, beside another app served on a configurable host through a "
            "coroutine runner, which the model follows to that app's factory (seen in "
            "prefect-client's task worker)",
        ),
        snippet(
            """\
import pathlib


def render() -> str:
    return pathlib.Path("index.html").read_text()


if __name__ == "__main__":
    import uvicorn
    from fastapi import FastAPI
    from fastapi.responses import HTMLResponse

    app = FastAPI()

    @app.get("/")
    async def page() -> HTMLResponse:
        return HTMLResponse(render())

    uvicorn.run(app=app)
""",
            note="a local preview built only when the module runs as a script and served on "
            "uvicorn's default loopback host (seen in whisperlivekit)",
        ),
        snippet(
            """\
from fastapi import FastAPI
from fastapi.responses import RedirectResponse


def create_api(name: str) -> FastAPI:
    app = FastAPI(title=name)

    @app.post("/call")
    def call(payload: dict) -> dict:
        return payload

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("./docs")

    return app
""",
            note="the root page redirects to the interactive docs: they are the app's home "
            "page, published on purpose (seen in opyrator)",
        ),
        snippet(
            """\
from fastapi import FastAPI
from fastapi.responses import RedirectResponse


class Server:
    def __init__(self) -> None:
        self.app = FastAPI(title="lab devices")
        self._add_home()

    def _add_home(self) -> None:
        def home() -> RedirectResponse:
            return RedirectResponse(url="/docs")

        self.app.add_api_route("/", home, methods=["GET"], include_in_schema=False)
""",
            note="the same docs home page registered by name with `add_api_route`",
        ),
        snippet(
            """\
import argparse

import uvicorn
from fastapi import FastAPI


def build(args: argparse.Namespace) -> FastAPI:
    if args.enable_docs:
        app = FastAPI(debug=False)
    else:
        app = FastAPI(debug=False, openapi_url=None, docs_url=None, redoc_url=None)
    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enable-docs", action="store_true")
    uvicorn.run(build(parser.parse_args()))
""",
            note="docs built only when an operator opts in: the other branch of the same `if` "
            "builds the app without them (seen in aibrix)",
        ),
        snippet(
            """\
import uvicorn
from fastapi import FastAPI

from .routes import register

# kept for old imports; the run helpers below never serve it
app = FastAPI()


def create_app() -> FastAPI:
    application = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    register(application)
    return application


def run(port: int) -> None:
    server_app = create_app()
    uvicorn.run(server_app, host="0.0.0.0", port=port)
""",
            note="an idle module-level app: nothing registers on it, names it or imports it, "
            "and the module's server serves the factory's app (a compatibility shell)",
        ),
        snippet(
            _LAUNCHER_SHELL,
            note="an idle module-level app beside a launcher whose parameter of the same name "
            "is the app its caller hands it: the module's own app is used nowhere (seen in "
            "guardrails-detectors)",
        ),
        Example(
            files=_shim_files("127.0.0.1", "127.0.0.1"),
            note="a local shim the project starts only as `[sys.executable, '-m', 'uvicorn', "
            "'kit.shim:app', '--host', '127.0.0.1', ...]`, as its usage line says (seen in "
            "openjarvis): every command serving it binds a literal loopback host",
        ),
        Example(
            files=_shim_files("127.0.0.1", None),
            note="a shim nothing in the code starts, whose only launch is its own usage line, "
            "`uvicorn kit.shim:app --host 127.0.0.1` (seen in openjarvis): served on the local "
            "machine only",
        ),
        snippet(
            _MCP_BRIDGE,
            note="the app is only handed to `FastMCP.from_fastapi`, which calls its routes "
            "in-process as MCP tools; the MCP server is what runs (seen in ib-fastmcp-server)",
        ),
        Example(
            files=_namesake_files("app:app"),
            note="the same idle app, where the image's `app:app` names as well the service's "
            "`app.py`, whose app has routes: the mention does not tell the idle one apart "
            "(seen in guardrails-detectors)",
        ),
        snippet(
            _CATALOGUE_APP,
            with_files={
                "README.md": _GUIDE_README.format(
                    section="## \U0001f4da Documentation",
                    docs="- [Interactive API reference (Swagger)](http://localhost:8000/docs), "
                    "while the server runs",
                )
            },
            note="the README's documentation section lists the docs page among the project's "
            "guides (seen in jotter-app): the docs are part of its documentation",
        ),
        Example(
            files=_mounted_shop(
                "The OpenAPI documentation is at `http://<host>/docs` for the site and "
                "`http://<host>/v1/docs` for the API."
            ),
            note="the README sends readers to the docs on their own host, for the root app "
            "and under the prefix of the app it mounts (seen in pyskat)",
        ),
        Example(
            files=_console_files(
                'function S(){return fetch("/openapi.json").then(r=>r.json())}'
                'const A=()=>n.jsx("a",{href:"/docs",target:"_blank",children:"Swagger UI"});'
            ),
            note="the front end the app ships reads the schema and links the Swagger page "
            "(seen in prompture-hub): hiding them would break it",
        ),
        Example(
            files=_pad_files('f"Pad is up. API docs: http://localhost:{port}/docs"'),
            note="the command that serves the app by its import string prints the docs' "
            "address (seen in 4dpocket)",
        ),
        snippet(
            _RELAY_MAIN.replace("{fields}", 'docs="http://localhost:9100/docs", port=9100'),
            note="the module's `__main__` block logs the docs' address in a field of its "
            "start-up line before it runs the server function (seen in marm-mcp-server)",
        ),
        Example(
            files=_STRAY_FILES,
            note="a module-level app of a library module that nothing adds a route to, "
            "serves or imports but its package's re-export, beside routers meant for a host "
            "app (seen in irys-core): a stray object, not an application",
        ),
    )
