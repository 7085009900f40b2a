from __future__ import annotations

import re

from auditor.check import SERVED_BESIDE_LAUNCHER, Check, Example, Hit, Severity, snippet
from auditor.facts import (
    Call,
    DictExpr,
    Expr,
    Lit,
    Seq,
    arg,
    dotted_of,
    iter_exprs,
    kwarg,
    lit,
    qname_of,
)
from auditor.lazyre import lazy_compile
from auditor.project import Project, Route
from auditor.responses import JSON_RESPONSE

#: A health path: the full path of a GET route (F4).
HEALTH_PATH = lazy_compile(
    r"^/(api/)?(v\d+/)?(health|healthz|healthcheck|livez|readyz|ready|readiness|liveness|ping|status)/?$"
)
#: The last segment alone, for routes whose prefix is not a literal.
HEALTH_SEGMENT = lazy_compile(
    r"(^|/)(health|healthz|healthcheck|livez|readyz|ready|readiness|liveness|ping|status)/?$"
)
#: A last path segment that names a probe whatever the prefix (``/internal/health-check``):
#: such a route is a health endpoint even where the strict pattern does not match.
PROBE_SEGMENT = lazy_compile(
    r"(^|/)[\w.-]*(health|livez|readyz|liveness|readiness|heartbeat)[\w.-]*/?$", re.IGNORECASE
)
#: Words of a handler's name that say it answers a probe (``check_health``, ``healthcheck``,
#: ``liveness``, ``ping``, ``probes_live``).  ``live`` alone is not one: ``live_scores``
#: answers live data.
PROBE_NAME_WORDS = frozenset(
    {
        "health", "healthz", "healthcheck", "healthy", "liveness", "livez", "readiness",
        "readyz", "ping", "heartbeat", "alive", "probe", "probes",
    }
)  # fmt: skip
#: Keys of a constant mapping a probe answers with (``{"status": "ok"}``).
STATUS_KEYS = frozenset({"status", "health", "healthy", "state", "alive", "ok", "ping", "pong"})
#: Words of a constant string a probe answers with (``"ok"``, ``"pong"``).
STATUS_WORDS = frozenset({"ok", "alive", "healthy", "up", "pong", "running"})
_CAMEL = lazy_compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_WORD = lazy_compile(r"[^a-z0-9]+")
#: An app including a router under a prefix built from settings (PRD001's own-prefix trap
#: and its other side differ only in the router's own ``prefix=``: ``_OWN_PREFIX_ROUTER``).
_SETTINGS_PREFIX_MAIN = """\
from fastapi import FastAPI

from app import health
from app.config import settings

app = FastAPI()
prefix = "" if settings.root == "/" else settings.root
app.include_router(health.router, prefix=prefix)
"""
_OWN_PREFIX_ROUTER = """\
from fastapi import APIRouter

router = APIRouter(prefix="{prefix}")


@router.get("")
async def summary() -> dict[str, str]:
    return {{"status": "ok"}}
"""
_SETTINGS = "class S:\n    root = '/'\n\n\nsettings = S()\n"
#: An app served only through FastMCP (its routes become MCP tools); PRD001's bad example,
#: and its good twin with the probe on the FastMCP server.
_MCP_BRIDGE_APP = """\
from fastapi import FastAPI
from fastmcp import FastMCP

app = FastAPI(title="Broker")


@app.get("/quotes/{symbol}")
async def quote(symbol: str) -> dict[str, str]:
    return {"symbol": symbol}


mcp = FastMCP.from_fastapi(app=app)
"""
_MCP_HEALTH = """

@mcp.custom_route("/health", methods=["GET"])
async def health(request):
    return JSONResponse({"status": "ok"})
"""
#: A router whose ``GET /`` answers ``{value}`` from ``{name}()`` (PRD001's named-probe trap and
#: its other side), beside a route that loads rows.
_API_ROOT_ROUTER = """\
from fastapi import APIRouter

from app.store import load_rows

router = APIRouter()


@router.get("/")
async def {name}() -> {ret}:
    return {value}


@router.get("/rows")
async def rows() -> list[str]:
    return load_rows()
"""
#: Libraries that add health routes for you (F8).
HEALTH_LIBRARIES = ("fastapi-health", "fastapi-healthchecks", "fastapi-healthcheck")
HEALTH_MODULES = frozenset({"fastapi_health", "fastapi_healthchecks", "fastapi_healthcheck"})


_BOARD_PLUGIN = """\
from fastapi import FastAPI


class BoardPlugin:
    def build_app(self) -> FastAPI:
        app = FastAPI(title="Board")

        @app.get("/tiles")
        async def tiles() -> list[str]:
            return []

        return app
"""


#: A library of routers for a host app, whose jobs module also builds an app nothing uses;
#: ``{serve}`` is added as ``ledger/serve.py`` when not empty.
_LEDGER_FILES = {
    "ledger/__init__.py": "",
    "ledger/api.py": """\
from fastapi import APIRouter

router = APIRouter(prefix="/entries")


@router.get("")
async def entries() -> list[str]:
    return []
""",
    "ledger/sync/__init__.py": 'from .worker import app, sync_all\n\n__all__ = ["app", "sync_all"]\n',
    "ledger/sync/worker.py": """\
from fastapi import FastAPI

app = FastAPI()


async def sync_all() -> None:
    return None
""",
}


def _ledger_files(serve: str) -> dict[str, str]:
    return {**_LEDGER_FILES, "ledger/serve.py": serve} if serve else dict(_LEDGER_FILES)


def _plugin_files(pyproject: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """A plugin distribution whose class builds an app, declared by ``pyproject``."""
    return {
        "pyproject.toml": '[project]\nname = "board-plugin"\nversion = "1"\n\n' + pyproject,
        "board_plugin/__init__.py": "",
        "board_plugin/plugin.py": _BOARD_PLUGIN,
        **(extra or {}),
    }


class HealthEndpoint(Check):
    """
    ## What it does
    Reports, once per project, a FastAPI application that has no health route: no HTTP
    `GET` route whose full path (router prefixes included) is `/health`, `/healthz`,
    `/healthcheck`, `/livez`, `/readyz`, `/ready`, `/readiness`, `/liveness`, `/ping` or
    `/status`, optionally under `/api/` and a version (`/api/v1/health`).  A project that
    depends on a health library (`fastapi-health`) is not reported, nor one that registers
    a health path another way (`app.add_api_route("/health", ...)`, `@app.route("/health")`,
    a Starlette `Route("/health", ...)` in the app's `routes=`, or a route of a
    Starlette-based server the project also runs: FastMCP's
    `@server.custom_route("/health", methods=["GET"])`).  An app served only on the local
    machine (by RTE002's rule, the host written out: every server binds a literal loopback
    host, such as a localhost OAuth callback helper) is not one an orchestrator probes: it
    is neither reported nor the anchor.  An app served only through FastMCP
    (`mcp = FastMCP.from_fastapi(app=app)` and nothing else serving it, by RTE002's rule)
    is reported with the advice to add the probe on the FastMCP server
    (`@mcp.custom_route("/health", methods=["GET"])`): a route of the app would become an
    MCP tool, not a path a probe can call.  A stray app (a module-level `FastAPI()` to
    which nothing adds a route, router or mount, and that nothing serves, imports or names,
    in a project whose routes are elsewhere: a library's routers for a host application,
    seen in irys-core) is no application, and the host's probes are the ones that count:
    it is neither reported nor the anchor.  The finding is
    anchored on the `FastAPI(...)` constructor of the main application (the one serving
    the most routes; where they tie, one that another module of the package imports).  A `GET` route whose last path segment
    names a probe (`health-check`, `healthcheck`, `heartbeat`, `liveness` ...) counts too,
    whatever its prefix, and so does a `GET /` route whose handler is named for a probe
    (`check_health`, `healthcheck`, `liveness`, `ping` ...) or only answers a constant
    status (`{"status": "ok"}`, `"pong"`): a liveness route by another path.  So does a
    `GET` route whose literal path, under any prefix, ends in `ping`, `alive`, `live` or
    `heartbeat` and whose handler is named for a probe (`GET /monitoring/ping` answered by
    `ping()`, `GET /probes/live` by `probes_live()`); a path with a parameter (`/devices/{id}/ping`) pings a resource, not the
    server.  Last, a `GET` route at its router's root, served at an API's root (`/api/v1/`)
    or under a prefix built at run time, whose handler is named for a probe and only
    answers a constant (`health()` answering `{"message": "standby"}`) is one.

    ## Why is this bad?
    Orchestrators and load balancers decide whether to send traffic to an instance, or to
    restart it, by probing an endpoint.  Without one they can only check that the port is
    open, so a worker whose event loop is stuck or whose database is gone keeps receiving
    requests.  All three production documents ship one: [Production guide 2026]
    (`/health` running `SELECT 1`, 503 on failure), [Production skill 2025] (a cheap
    `/health` liveness route and a `/ready` readiness route that checks the database) and
    [Patterns reference] (`/health` checking the database and Redis, 503 when
    degraded).

    The sources differ on what the probe should check.  Current practice follows
    [Production skill 2025]: liveness must be cheap and free of dependencies (a
    restart does not fix a database outage), readiness checks the dependencies and answers
    503 when one is down.  This rule only asks for at least one health route.

    ## Example
    ```python
    app = FastAPI()

    @app.get("/items")
    async def items() -> list[str]: ...
    ```

    ## Use instead
    ```python
    router = APIRouter(tags=["health"])

    @router.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/ready")
    async def ready(db: DbSession) -> dict[str, str]:
        await db.execute(text("SELECT 1"))
        return {"status": "ready"}
    ```

    ## Fix safety
    No automatic fix: what readiness must check depends on the service.

    ## Known problems
    A health endpoint served by a sidecar, an ingress or a mounted non-FastAPI app is not
    seen: suppress the finding for the project then.  An app a plugin builds for the host
    program that loads it (its factory, or the class whose method builds it, named by an
    entry point of a group that installs no command) is left to the host, which serves it.  The rule stays silent when a `GET`
    route's path is not a literal (it might be the health route), when the project has no
    HTTP route the auditor can resolve, and when the app has none of its own but a route
    ends in a health segment under a prefix that is not a literal (its router's own literal
    prefix joins its path: `APIRouter(prefix="/health")` with `@router.get("")` ends in
    `/health` whatever prefix includes it).  An absence is only
    asserted on a complete model: a Python file that does not parse, a route decorator on a
    receiver the model cannot resolve or an `include_router` of an unknown router (in an app
    or router the model knows, or, in a module that imports modules by computed names, in
    one it does not follow: a method handed the app that includes the routers of the
    modules a settings list names) keeps the rule silent.

    ## References
    - [Production guide 2026] ("Health Checks"), [Production skill 2025] ("Health
      Checks": `/health` and `/ready`), [Patterns reference] ("Health Checks and
      Observability")
    - Kubernetes docs, "Configure Liveness, Readiness and Startup Probes"
    """

    id = "PRD001"
    name = "health-endpoint"
    category = "production"
    severity = Severity.INFO
    message = "no health-check route"
    fix_title = (
        "Add a cheap `GET /health` liveness route (and a `/ready` route that checks dependencies)"
    )
    sources = ("Production guide 2026", "Production skill 2025", "Patterns reference")

    def check_project(self, project: Project) -> list[Hit]:
        apps = sorted(
            (a for a in project.fastapi_apps if a.module.file_class == "app" and project.served(a)),
            key=lambda a: (a.path, a.line),
        )
        # an app served only on 127.0.0.1 (a desktop tool, an OAuth callback listener) is
        # probed by no orchestrator
        apps = [a for a in apps if not project.served_only_on_loopback(a, literal=True)]
        # an app a plugin builds for the host program that loads it (an entry point of a
        # plugin group): the host serves it, and the host's probes are the ones that count
        apps = [a for a in apps if not project.built_for_host(a)]
        if not apps:
            return []
        if any(project.inventory.has(lib) for lib in HEALTH_LIBRARIES):
            return []
        if any(
            imp.module.split(".", 1)[0] in HEALTH_MODULES
            for m in project.app_modules
            for imp in m.import_list
        ):
            return []
        if self._served_elsewhere(project, apps):
            return []
        if not project.completeness(("app",), routes=True):
            return []  # the health route may be in a file or on a router the model cannot see
        http_routes = [r for r in project.routes if not r.websocket]
        if not http_routes:
            return []  # nothing resolved: cannot tell
        for route in http_routes:
            if "GET" not in route.methods:
                continue
            if route.path is None:
                return []  # a computed path might be the health route
            tail = _known_tail(project, route)
            if PROBE_SEGMENT.search(tail):
                return []
            if (
                _root_probe(project, route)
                or _prefixed_probe(route)
                or _api_root_probe(project, route)
            ):
                return []
            for full in route.full_paths:
                if full is None:
                    if HEALTH_SEGMENT.search(tail):
                        return []  # unknown prefix, health-looking path: cannot tell
                elif HEALTH_PATH.match(full):
                    return []
        mounted = set()
        for inst in project.app_instances:
            for mc in inst.includes:
                if mc.method == "mount":
                    target = project.app_for(qname_of(arg(mc.call, 1) or kwarg(mc.call, "app")))
                    if target is not None:
                        mounted.add(id(target))
        # the main app (:meth:`Project.main_app`), not a sub-app
        app = project.main_app([a for a in apps if id(a) not in mounted] or apps) or apps[0]
        hit = self.project_hit(
            "no health-check route (`GET /health`, `/healthz`, `/ready` ...) in the application: "
            "a probe can only check the open port or call a route that does other work",
            path=app.path,
            line=app.line,
            column=app.column,
        )
        server = project.mcp_bridge(app)
        if server is not None:
            _advise_mcp_route(hit, server)
        return [hit]

    def _served_elsewhere(self, project: Project, apps) -> bool:
        """A health path registered some other way: ``mount``, ``add_route``,
        ``app.router.add_api_route``, ``@app.route``, ``FastAPI(routes=[Route(...)])``, or a
        Starlette route of the server that serves the project (FastMCP's
        ``@server.custom_route("/health")``)."""

        def health(e) -> bool:
            path = lit(e)
            return isinstance(path, str) and bool(
                HEALTH_PATH.match(path) or HEALTH_SEGMENT.search(path) or PROBE_SEGMENT.search(path)
            )

        for m in project.app_modules:
            for mc in m.method_calls:
                if mc.method in ("mount", "add_api_route") and health(
                    arg(mc.call, 0) or kwarg(mc.call, "path")
                ):
                    return True
            for fn in m.functions.values():
                for d in fn.decorators:
                    if (
                        d
                        and isinstance(d, Call)
                        and (dotted_of(d) or "").endswith((".route", ".custom_route"))
                        and health(arg(d, 0) or kwarg(d, "path"))
                    ):
                        return True
        for app in apps:
            for e in iter_exprs(app.kw("routes")):
                if (
                    isinstance(e, Call)
                    and (qname_of(e) or dotted_of(e) or "").endswith("Route")
                    and health(arg(e, 0))
                ):
                    return True
        return False

    bad = (
        Example(
            files=_plugin_files(
                '[project.entry-points."atlas.plugins"]\nboard = "board_plugin.plugin:BoardPlugin"\n',
                {
                    "board_plugin/serve.py": """\
import os

import uvicorn

from board_plugin.plugin import BoardPlugin


def main() -> None:
    board = BoardPlugin().build_app()
    uvicorn.run(board, host=os.environ.get("HOST", "0.0.0.0"))
"""
                },
            ),
            note="the other side of the plugin trap: the distribution also serves the app on "
            "a configurable host itself",
            lines=(6,),
        ),
        Example(
            files=_plugin_files('[project.scripts]\nboard = "board_plugin.plugin:BoardPlugin"\n'),
            note="the other side of the plugin trap: a command's entry point is a program of "
            "its own, not a plugin a host loads",
            lines=(6,),
        ),
        Example(
            files={
                "app/main.py": _SETTINGS_PREFIX_MAIN.replace("health", "api"),
                "app/config.py": _SETTINGS,
                "app/store.py": "def load_rows() -> list[str]:\n    return []\n",
                "app/api.py": """\
from fastapi import APIRouter

from app.store import load_rows

router = APIRouter()


@router.get("/about")
async def about() -> dict[str, str]:
    return {"service": "rows"}


@router.get("/")
async def health_summary() -> list[str]:
    return load_rows()
""",
            },
            note="the other side of the named-probe trap: a constant answer from a handler not "
            "named for a probe, and a handler named for one that answers what it loads",
            lines=(6,),
        ),
        Example(
            files={
                "app/main.py": _SETTINGS_PREFIX_MAIN,
                "app/health.py": _OWN_PREFIX_ROUTER.format(prefix="/orders"),
                "app/config.py": _SETTINGS,
            },
            note="the other side of the own-prefix trap: a router's own prefix that names no "
            "probe, under an include prefix built from settings",
            lines=(6,),
        ),
        Example(
            files={
                "desk/__init__.py": "",
                "desk/login.py": """\
import uvicorn
from fastapi import FastAPI

listener = FastAPI(openapi_url=None)


@listener.get("/callback")
async def callback(code: str) -> str:
    return code


def wait() -> None:
    uvicorn.run(listener, host="127.0.0.1", port=8321)
""",
                "desk/api.py": """\
import uvicorn
from fastmcp import FastMCP
from fastapi import FastAPI

api = FastAPI(openapi_url=None)
tools = FastMCP("tools")


@api.get("/notes")
async def notes() -> list[str]:
    return []


@tools.custom_route("/version", methods=["GET"])
async def version(request):
    return "1.0"


def serve(host: str) -> None:
    uvicorn.run(api, host=host)
""",
            },
            note="the other side of the loopback and custom-route traps: an app served on a "
            "configurable host has no health route (a custom route elsewhere is not one), and "
            "the finding sits on it, not on the loopback listener that sorts first",
            lines=(5,),
        ),
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI()
HANDLERS = {"sum": sum, "max": max}


@app.post("/run/{name}")
async def run(name: str, values: list[int]) -> int:
    return HANDLERS.get(name, min)(values)
""",
            note="the other side of the decorator-call trap: a look-up in a table of "
            "functions, called (`HANDLERS.get(name)(values)`), is not a route",
            lines=(3,),
        ),
        Example(
            files={
                **SERVED_BESIDE_LAUNCHER,
                "pkg/views.py": "from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n"
                '@router.get("/items")\ndef items() -> list[str]:\n    return []\n',
            },
            note="two apps serving the same routers: on the one the package's `__main__` "
            "starts, not on the developer's launcher that sorts first",
            lines=(7,),
        ),
        Example(
            files={
                "svc/main.py": """\
from fastapi import FastAPI

from svc.devices import router as devices

app = FastAPI(title="svc")
app.include_router(devices)
""",
                "svc/devices.py": """\
from fastapi import APIRouter

router = APIRouter(prefix="/devices")


@router.get("/{device_id}/ping")
async def ping_device(device_id: str) -> dict[str, str]:
    return {"device": device_id}


@router.get("/tools/ping")
async def run_tool() -> dict[str, str]:
    return {"tool": "ping"}
""",
            },
            note="the other side of the prefixed-probe trap: a ping of one resource (a path "
            "parameter) and a `/ping` path whose handler is not named for a probe",
            lines=(5,),
        ),
        Example(
            files={
                "svc/main.py": """\
from fastapi import FastAPI

from svc.matches import router as matches

app = FastAPI(title="svc")
app.include_router(matches)
""",
                "svc/matches.py": """\
from fastapi import APIRouter

router = APIRouter(prefix="/matches")


@router.get("/live")
async def live_matches() -> list[str]:
    return ["a-b"]
""",
            },
            note="the other side of the probes-live trap: `GET /matches/live` answered by "
            "`live_matches()` serves live data, not a probe",
            lines=(5,),
        ),
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI()


@app.get("/items")
async def items() -> list[str]:
    return []


@app.post("/health")
async def not_a_get() -> dict[str, str]:
    return {"status": "ok"}
""",
            note="a POST /health is not a probe target",
            lines=(3,),
        ),
        snippet(
            """\
from fastapi import FastAPI
from fastapi.responses import JSONResponse

app = FastAPI()


@app.get("/")
async def index() -> dict[str, str]:
    return {"message": "Hello World"}


@app.get("/")
async def welcome() -> JSONResponse:
    return JSONResponse(content={"message": "Hello World"})


@app.get("/items")
async def ping() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/about")
async def about() -> dict[str, str]:
    return {"status": "beta"}


@app.get("/")
async def home(version: str) -> dict[str, str]:
    return {"status": version}
""",
            note="a root page with a constant greeting (bare or in a `JSONResponse`), a handler "
            "named `ping` or a constant status under another path, a status computed at `/`: no "
            "probe",
            lines=(4,),
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI as Api

from app.orders import router as orders_router

app = Api(title="Shop")
app.include_router(orders_router, prefix="/orders")
""",
                "app/orders.py": """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/status")
async def order_status() -> dict[str, str]:
    return {"status": "shipped"}
""",
            },
            note="`/orders/status` is a resource, not a probe: the full path counts; aliased FastAPI",
            lines=(5,),
        ),
        Example(
            files={
                "app/factory.py": """\
from fastapi import APIRouter, FastAPI

router = APIRouter(prefix="/api/v1/users")


@router.get("/status")
def user_status() -> dict[str, str]:
    return {}


def create_app() -> FastAPI:
    app = FastAPI()
    app.include_router(router)
    return app
""",
            },
            note="`/api/v1/users/status` is a resource, not a health path; app built in a factory",
            lines=(12,),
        ),
        Example(
            files={
                "app/admin.py": """\
from fastapi import FastAPI

admin_app = FastAPI()


@admin_app.get("/stats")
async def stats() -> dict[str, int]:
    return {}
""",
                "app/main.py": """\
from fastapi import FastAPI

from app.admin import admin_app

app = FastAPI()
app.mount("/admin", admin_app)
""",
            },
            note="anchored on the main app, not on the mounted sub-app",
            lines=(5,),
        ),
        Example(
            files={
                "app/server.py": """\
from fastapi import APIRouter, FastAPI


class Server:
    def __init__(self) -> None:
        self._app = FastAPI()
        self.router = APIRouter()
        self.router.add_api_route("/api/items", self.items, methods=["GET"])
        self._app.include_router(self.router)

    def app(self) -> FastAPI:
        return self._app

    async def items(self) -> list[str]:
        return []
""",
                "app/main.py": """\
from app.server import Server

app = Server().app()
""",
            },
            note="an application a server class keeps as an attribute, its routes added with "
            "add_api_route on a router attribute",
            lines=(6,),
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI


def make() -> FastAPI:
    return FastAPI()


app = make()


@app.get("/items")
async def items() -> list[str]:
    return []
""",
            },
            note="an application a factory returns directly",
            lines=(5,),
        ),
        Example(
            files={
                "kit/orders.py": """\
from fastapi import APIRouter

router = APIRouter(prefix="/orders")


@router.get("")
async def orders() -> list[str]:
    return []
""",
                "kit/application.py": """\
from fastapi import FastAPI

from kit import orders


class Kit:
    def create_app(self) -> FastAPI:
        app = FastAPI()
        self._include_routers(app)
        return app

    def _include_routers(self, app: FastAPI) -> None:
        app.include_router(orders.router)


app = Kit().create_app()
""",
            },
            note="trap: the method handed the app includes a router the model knows: every "
            "route is seen, none is a probe",
            lines=(8,),
        ),
        Example(
            files={
                "kit/routers/__init__.py": "from kit.routers import orders\n",
                "kit/routers/orders.py": """\
from fastapi import APIRouter

router = APIRouter(prefix="/orders")


@router.get("")
async def orders() -> list[str]:
    return []
""",
                "kit/application.py": """\
import inspect

from fastapi import APIRouter, FastAPI

from kit import routers


def lifespan(application: FastAPI):
    for _name, module in inspect.getmembers(routers, inspect.ismodule):
        if isinstance(getattr(module, "router", None), APIRouter):
            application.include_router(module.router)
    yield


app = FastAPI(lifespan=lifespan)
""",
            },
            note="trap: routers picked at run time among the project's own modules (no module "
            "imported by a computed name): every route is in a module the model reads "
            "(seen in txtai)",
            lines=(15,),
        ),
        snippet(
            _MCP_BRIDGE_APP,
            note="an app served only through FastMCP: the advice is a `custom_route` on the "
            "FastMCP server, since a route of the app would become an MCP tool (seen in "
            "ib-fastmcp-server)",
            lines=(4,),
        ),
        Example(
            files=_ledger_files(
                "import uvicorn\n\nfrom ledger.api import router\nfrom ledger.sync import app\n\n"
                'app.include_router(router)\n\n\ndef main() -> None:\n    uvicorn.run(app, host="0.0.0.0")\n'
            ),
            note="the other side of the stray app: a command imports it from its package, "
            "adds the routers and serves it",
            lines=(3,),
        ),
    )
    good = (
        Example(
            files=_ledger_files(""),
            note="a module-level app nothing adds a route to, serves or imports but its "
            "package's re-export, in a library whose routers a host app includes (seen in "
            "irys-core): a stray object, not the application a probe would call",
        ),
        Example(
            files=_plugin_files(
                '[project.entry-points."atlas.plugins"]\nboard = "board_plugin.plugin:BoardPlugin"\n'
            ),
            note="trap: a plugin whose class builds a sub-app, named by an entry point of the "
            "host program's plugin group (seen in ocelescope-module-ocel): the host mounts and "
            "serves it, and the host's probes are the ones that count",
        ),
        Example(
            files={
                "app/main.py": _SETTINGS_PREFIX_MAIN.replace("health", "api"),
                "app/config.py": _SETTINGS,
                "app/store.py": "def load_rows() -> list[str]:\n    return []\n",
                "app/api.py": _API_ROOT_ROUTER.format(
                    name="health", ret="dict[str, str]", value='{"message": "rows service waiting"}'
                ),
            },
            note="trap: a handler named `health` at the API's root under a prefix built from "
            "settings, answering a constant: a liveness route at another path",
        ),
        snippet(
            "from starlette.responses import JSONResponse\n" + _MCP_BRIDGE_APP + _MCP_HEALTH,
            note="the probe is a `custom_route` of the FastMCP server that serves the app",
        ),
        Example(
            files={
                "mcpsrv/__init__.py": "",
                "mcpsrv/server.py": """\
from fastmcp import FastMCP
from starlette.requests import Request
from starlette.responses import JSONResponse

server = FastMCP("tools")


@server.custom_route("/health", methods=["GET"])
async def health(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})
""",
                "mcpsrv/callback.py": """\
import uvicorn
from fastapi import FastAPI

from mcpsrv.settings import callback_host

app = FastAPI(openapi_url=None)


@app.get("/oauth2callback")
async def callback(code: str) -> str:
    return code


def start() -> None:
    uvicorn.run(app, host=callback_host(), port=8765)
""",
                "mcpsrv/settings.py": "import os\n\n\ndef callback_host() -> str:\n"
                '    return os.environ.get("CALLBACK_HOST", "localhost")\n',
            },
            note="the deployed server is FastMCP, whose `custom_route('/health')` answers the "
            "probes; the FastAPI app is an OAuth callback helper beside it (seen in "
            "workspace-mcp)",
        ),
        Example(
            files={
                "desk/__init__.py": "",
                "desk/app.py": """\
import uvicorn
from fastapi import FastAPI

app = FastAPI(openapi_url=None)


@app.get("/notes")
async def notes() -> list[str]:
    return []


def main() -> None:
    uvicorn.run(app, host="127.0.0.1", port=8321)
""",
            },
            note="an app served only on 127.0.0.1 (a desktop tool): no orchestrator probes it",
        ),
        snippet(
            """\
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import FastAPI


@dataclass
class Endpoint:
    path: str
    answer: Callable[[], dict[str, str]]


def register(app: FastAPI, endpoints: list[Endpoint]) -> None:
    for endpoint in endpoints:
        app.get(endpoint.path, tags=["meta"])(endpoint.answer)


app = FastAPI()
register(app, [Endpoint("/info", lambda: {"name": "svc"}), Endpoint("/health", dict)])


@app.get("/items")
async def items() -> list[str]:
    return []
""",
            note="routes registered by calling the decorator in a loop over route settings "
            "(seen in openenv-core): the model cannot read their paths, one may be the health "
            "route",
        ),
        Example(
            files={
                "svc/main.py": """\
from fastapi import FastAPI

from svc.monitoring import router as monitoring

app = FastAPI(title="svc")
app.include_router(monitoring)
""",
                "svc/monitoring.py": """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter(prefix="/monitoring")


class Pong(BaseModel):
    status: str = "ok"


@router.get("/ping")
async def ping() -> Pong:
    return Pong()
""",
            },
            note="a liveness route under a prefix of the project's own (`GET /monitoring/ping` "
            "answered by `ping()`)",
        ),
        Example(
            files={
                "svc/main.py": """\
from fastapi import FastAPI

app = FastAPI(title="svc")

from svc import probes  # noqa: E402,F401  (registers its routes on app)
""",
                "svc/probes.py": """\
from datetime import datetime, timezone

from svc.main import app


@app.get("/probes/live")
async def probes_live() -> dict[str, str]:
    return {"now": datetime.now(timezone.utc).isoformat()}
""",
            },
            note="a liveness route named for the probes it answers (`GET /probes/live` answered "
            "by `probes_live()`, seen in llm-http-api)",
        ),
        snippet(
            """\
from fastapi import FastAPI
from fastapi.responses import JSONResponse


def create_app() -> FastAPI:
    app = FastAPI()

    @app.get("/")
    def check_health():
        return JSONResponse({"message": "server is up"})

    @app.post("/predict")
    def predict() -> dict[str, float]:
        return {"score": 0.5}

    return app
""",
            note="`GET /` whose handler is named for a health check: the probe route, at the root",
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

from app.routes import router

app = FastAPI()
app.include_router(router)
""",
                "app/routes.py": """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/")
async def root():
    return {"status": "ok"}


@router.post("/webhook")
async def webhook() -> None:
    return None
""",
            },
            note="`GET /` that only answers a constant status: a dependency-free liveness route",
        ),
        snippet(
            """\
from fastapi import FastAPI, status
from fastapi.responses import JSONResponse

app = FastAPI()


@app.get("/")
async def index() -> JSONResponse:
    return JSONResponse(
        status_code=status.HTTP_200_OK,
        content={"status": "OK", "message": "the service is running"},
    )
""",
            note="`GET /` that only answers a constant status wrapped in `JSONResponse(content=...)`"
            ": the same liveness route (seen in dokku-api)",
        ),
        Example(
            files={
                "app/main.py": """\
import importlib

from fastapi import FastAPI

app = FastAPI()
FEATURES = ("app.items",)


def register(target: FastAPI) -> None:
    for path in FEATURES:
        target.include_router(getattr(importlib.import_module(path), "router"))


register(app)
""",
                "app/items.py": """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/items")
def items() -> list[str]:
    return []
""",
            },
            note="routers a registry looks up by module path at run time: the routes are not "
            "all known, so no absence is claimed",
        ),
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI()


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}
"""
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

from app.api import api_router

app = FastAPI()
app.include_router(api_router, prefix="/api")
""",
                "app/api.py": """\
from fastapi import APIRouter

api_router = APIRouter()
health = APIRouter(prefix="/v1", tags=["health"])


@health.get("/readyz/")
async def ready() -> dict[str, str]:
    return {"status": "ready"}


api_router.include_router(health)
""",
            },
            note="the full path `/api/v1/readyz/` through include_router prefixes",
        ),
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI()


async def ping() -> dict[str, str]:
    return {"pong": "ok"}


@app.api_route("/items", methods=["GET", "POST"])
async def items() -> list[str]:
    return []


app.add_api_route("/ping", ping)
""",
            note="add_api_route (GET by default)",
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI
from fastapi_health import health

app = FastAPI()
app.add_api_route("/items", health([]))
""",
                "pyproject.toml": '[project]\nname = "svc"\ndependencies = ["fastapi", "fastapi-health"]\n',
            },
            note="a health library",
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

from app.config import settings
from app.health import router

app = FastAPI()
app.include_router(router, prefix=settings.health_prefix)


@app.get("/items")
async def items() -> list[str]:
    return []
""",
                "app/health.py": """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}
""",
                "app/config.py": "class S:\n    health_prefix = ''\n\n\nsettings = S()\n",
            },
            note="prefix unknown, health-looking route: cannot tell, silent",
        ),
        Example(
            files={
                "app/main.py": _SETTINGS_PREFIX_MAIN,
                "app/health.py": _OWN_PREFIX_ROUTER.format(prefix="/health"),
                "app/config.py": _SETTINGS,
            },
            note='a router\'s own literal prefix (`APIRouter(prefix="/health")` with '
            '`@router.get("")`) joins its route\'s path under an include prefix built from '
            "settings: the route ends in `/health` whatever that prefix is",
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

from app.api.utils import router

app = FastAPI()
app.include_router(router, prefix="/api/v1/utils")
""",
                "app/api/utils.py": """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/health-check/")
async def health_check() -> bool:
    return True
""",
            },
            note="a probe under another name and prefix (`/api/v1/utils/health-check/`)",
        ),
        snippet(
            """\
from fastapi import FastAPI
from starlette.routing import Route

from app.probes import live, ready_app

app = FastAPI(routes=[Route("/livez", live)])
app.mount("/readyz", ready_app)


@app.route("/healthz")
async def legacy(request):
    return None


@app.get("/items")
async def items() -> list[str]:
    return []
""",
            note="health paths served through Starlette routes, a mount, or `@app.route`",
        ),
        snippet(
            """\
from flask import Flask

app = Flask(__name__)


@app.get("/items")
def items() -> list[str]:
    return []
""",
            note="not FastAPI",
        ),
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI()
""",
            note="no route resolved at all: silent",
        ),
        Example(
            files={
                "app/main.py": "",
                "tests/test_api.py": """\
from fastapi import FastAPI

app = FastAPI()


@app.get("/items")
def items() -> list[str]:
    return []
""",
            },
            note="test apps are not the application",
        ),
        Example(
            files={
                "app/server.py": """\
from fastapi import APIRouter, FastAPI


class Server:
    def __init__(self) -> None:
        self._app = FastAPI()
        self.router = APIRouter()
        self.router.add_api_route("/api/items", self.items, methods=["GET"])
        self.router.add_api_route("/healthz", self.healthz, methods=["GET"])
        self._app.include_router(self.router)

    async def items(self) -> list[str]:
        return []

    async def healthz(self) -> str:
        return "ok"
""",
            },
            note="the health route of an application held as an attribute",
        ),
        Example(
            files={
                "app/routing.py": """\
from fastapi.routing import APIRoute
from versioning import make_router_class, VersionedAPIRouter

APIRouter = make_router_class(APIRoute)
ops = VersionedAPIRouter(version=1)


@ops.get("/healthz")
async def healthz() -> str:
    return "ok"
""",
                "app/main.py": """\
from fastapi import FastAPI

from app.routing import APIRouter, ops

items = APIRouter(prefix="/items")
app = FastAPI()
app.include_router(items)
app.include_router(ops)


@items.get("")
async def list_items() -> list[str]:
    return []


@app.get("/version")
async def version() -> str:
    return "1"
""",
            },
            note="routers of classes the auditor cannot read (a third-party subclass, a class "
            "made by a factory) are routers because they are included",
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

from app.plugins import registry

app = FastAPI()
api = registry.router_for("ops")


@api.get("/healthz")
async def healthz() -> str:
    return "ok"


@app.get("/items")
async def items() -> list[str]:
    return []
""",
                "app/plugins.py": "registry = None\n",
            },
            note="a route on a receiver the model cannot resolve: the model is incomplete for "
            "this question, so the absence is not asserted",
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

app = FastAPI()


@app.get("/items")
async def items() -> list[str]:
    return []
""",
                "app/health.py": """\
from app.main import app

@app.get("/healthz")
async def healthz() -> str
    return "ok"
""",
            },
            note="a module that does not parse may hold the health route",
        ),
        Example(
            files={
                "kit/application.py": """\
from importlib import import_module

from fastapi import FastAPI

INSTALLED_APPS = ["shop.orders", "shop.health"]


class Kit:
    def create_app(self) -> FastAPI:
        app = FastAPI()
        self._include_routers(app)

        @app.get("/version")
        async def version() -> str:
            return "1.0"

        return app

    def _include_routers(self, app: FastAPI) -> None:
        for name in INSTALLED_APPS:
            router = getattr(import_module(f"{name}.api"), "router", None)
            if router is not None:
                app.include_router(router, prefix=f"/{name}")


app = Kit().create_app()
""",
            },
            note="routers imported by name from a settings list and included by a method the "
            "app is handed to: the model does not follow the app there, and the routers are "
            "unknown, so no absence is claimed (seen in fapilot)",
        ),
    )


def _advise_mcp_route(hit: Hit, server: str) -> None:
    """The app is served through FastMCP alone (``mcp = FastMCP.from_fastapi(app)``): a route
    added to it would become an MCP tool, not a path a probe can call; the probe goes on
    the FastMCP server, which is what listens."""
    decorator = f'@{server or "mcp"}.custom_route("/health", methods=["GET"])'
    hit.message += (
        "; the app is served only through FastMCP (`FastMCP.from_fastapi`), where a route "
        f"becomes an MCP tool: add `{decorator}` on the FastMCP server"
    )
    hit.fix_title = f"Add a cheap `{decorator}` liveness route on the FastMCP server"


def _words(name: str) -> set[str]:
    return {w for w in _NON_WORD.split(_CAMEL.sub("_", name).lower()) if w}


def _known_tail(project: Project, route: Route) -> str:
    """The end of a route's path the model knows whatever includes its router: its router's
    own literal ``prefix=`` joined to the route's path (``APIRouter(prefix="/health")`` with
    ``@router.get("")``: ``/health``).  A prefix an ``include_router`` gives only prepends."""
    inst = route.receiver
    own = project.path_value(inst.kw("prefix")) if inst.kind == "router" else None
    return (own or "") + (route.path or "")


def _root_probe(project: Project, route: Route) -> bool:
    """A ``GET /`` route that is a probe by another name: its handler is named for one
    (``check_health``, ``ping``), or it only answers a constant status (``{"status": "ok"}``,
    ``"pong"``, bare or as a ``JSONResponse``'s content): a cheap, dependency-free liveness
    route, just not under ``/health``."""
    if not any(p is not None and p.rstrip("/") == "" for p in route.full_paths):
        return False
    if _words(route.function.name) & PROBE_NAME_WORDS:
        return True
    values = route.function.return_values
    return bool(values) and all(_constant_status(_json_content(project, v)) for v in values)


def _json_content(project: Project, value: Expr) -> Expr:
    """The content of ``JSONResponse(content=...)`` / ``JSONResponse(...)`` (or of a project
    subclass), what a probe reads; any other value as it is."""
    if isinstance(value, Call) and project.name_is_class(value.qname, {JSON_RESPONSE}):
        return kwarg(value, "content") or arg(value, 0) or value
    return value


#: Last segments a liveness route ends in under any prefix, when its handler is named for a
#: probe (``GET /monitoring/ping`` answered by ``ping()``).
_PROBE_LAST = frozenset({"ping", "alive", "live", "heartbeat"})


def _prefixed_probe(route: Route) -> bool:
    """A ``GET`` route under a prefix of any name whose literal path ends in a probe's own
    word (``/monitoring/ping``) and whose handler is named for a probe (``ping``,
    ``check_alive``): a liveness route under a prefix the strict pattern does not know.  A
    path with a parameter (``/devices/{id}/ping``) pings a resource, not the server."""
    for full in route.full_paths:
        if full is None or "{" in full:
            continue
        last = full.rstrip("/").rsplit("/", 1)[-1].lower()
        if last in _PROBE_LAST and _words(route.function.name) & PROBE_NAME_WORDS:
            return True
    return False


#: The root of an API: ``/``, ``/api``, ``/v1``, ``/api/v1``.
_API_ROOT = lazy_compile(r"^(/api)?(/v\d+)?/?$")


def _api_root_probe(project: Project, route: Route) -> bool:
    """A ``GET`` route at the root of its router (no prefix of its own) whose handler is
    named for a probe (``health``, ``ping``) and only ever answers a constant
    (``{"message": "standby"}``), served at the root of an API (``/api/v1/``) or under a
    prefix built at run time (``config.api_prefix``): a liveness route at the API's root.
    A handler that computes what it answers is no such proof, nor one at a path of its
    own (``GET /items`` answered by ``ping()``)."""
    if _known_tail(project, route).rstrip("/") or not route.full_paths:
        return False
    if not all(full is None or _API_ROOT.match(full) for full in route.full_paths):
        return False
    if not _words(route.function.name) & PROBE_NAME_WORDS:
        return False
    values = route.function.return_values
    return bool(values) and all(_constant(_json_content(project, v)) for v in values)


def _constant(value: Expr) -> bool:
    """A literal, or a list, tuple, set or dict display of literals (at any depth)."""
    if isinstance(value, Lit):
        return True
    if isinstance(value, Seq):
        return all(_constant(v) for v in value.items)
    if isinstance(value, DictExpr):
        return all(k is not None and _constant(k) and _constant(v) for k, v in value.items)
    return False


def _constant_status(value: Expr) -> bool:
    if isinstance(value, Lit):
        return isinstance(value.value, str) and bool(_words(value.value) & STATUS_WORDS)
    if isinstance(value, DictExpr) and value.items:
        keys = [k.value for k, _ in value.items if isinstance(k, Lit)]
        return (
            len(keys) == len(value.items)
            and all(isinstance(v, Lit) for _, v in value.items)
            and any(isinstance(k, str) and k.lower() in STATUS_KEYS for k in keys)
        )
    return False
