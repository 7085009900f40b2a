from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from typing import NamedTuple

from auditor.astwalk import walk
from auditor.check import SERVED_BESIDE_LAUNCHER, Check, Example, Hit, Severity, snippet, when
from auditor.facts import Call, Name, dotted_of, qname_of
from auditor.lazyre import lazy_compile
from auditor.project import Project
from auditor.walker import ModuleContext

#: A correlation header under a vendor's prefix (``X-Acme-Request-ID``, ``X-Amzn-Trace-Id``).
#: A word may sit between the kind and ``id`` (``x-api-request-log-id``).
_HEADER = lazy_compile(
    r"x-(?:[a-z0-9]+-)*(?:request|correlation|trace)(?:-[a-z0-9]+)?-id", re.IGNORECASE
)
#: ``ContextVar("request_id")``: a per-request identifier carried to the log records.
CONTEXT_VARS = frozenset({"contextvars.ContextVar"})
BIND = frozenset(
    {"structlog.contextvars.bind_contextvars", "structlog.contextvars.bound_contextvars"}
)
#: loguru's context for the log records of a block (``with logger.contextualize(...):``) and
#: its bound logger (``logger.bind(...)``).
LOGURU_BIND = frozenset({"loguru.logger.contextualize", "loguru.logger.bind"})
MODULES = ("asgi_correlation_id", "opentelemetry.instrumentation.fastapi")
#: Calls that apply OpenTelemetry's FastAPI instrumentation to an app under another name:
#: Logfire's wrapper (``logfire.instrument_fastapi(app)`` runs ``FastAPIInstrumentor``).
INSTRUMENTATIONS = frozenset({"logfire.instrument_fastapi"})
#: OpenTelemetry's name for instrumenting an application's requests
#: (``FastAPIInstrumentor.instrument_app(app)``), kept by the wrappers that call it
#: (``OTELHandler(...).instrument_app(app)``, a vendor's telemetry helper).
INSTRUMENT_APP = "instrument_app"
#: What a project that depends on OpenTelemetry declares (one is enough).
OTEL_DISTRIBUTIONS = ("opentelemetry-api", "opentelemetry-sdk", "opentelemetry-distro")
_FASTAPI = frozenset({"fastapi.FastAPI", "fastapi.applications.FastAPI"})
DISTRIBUTIONS = ("asgi-correlation-id", "opentelemetry-instrumentation-fastapi")
#: A keyword of ``bind_contextvars`` that is a request identifier, wherever it is bound.
_ID_KEYWORD = lazy_compile(r"(?:request|correlation|trace)_?id", re.IGNORECASE)
#: A context variable's label naming a request identifier, also after words saying whose
#: (``request_id``, ``workflow_trace_id``).
_ID_LABEL = lazy_compile(r"(?:[a-z0-9]+_)*(?:request|correlation|trace)_?id", re.IGNORECASE)
#: Calls that generate a fresh identifier: the fallback of a request id the client did not send.
ID_GENERATORS = frozenset(
    {"uuid.uuid1", "uuid.uuid4", "uuid.uuid7", "secrets.token_hex", "secrets.token_urlsafe"}
)
#: Words of a literal header name whose value is no request's own id (a key the client
#: repeats across requests, an identity).
_NOT_A_REQUEST = frozenset(
    {"idempotency", "session", "user", "client", "device", "tenant", "api", "key", "auth"}
)
_MIDDLEWARE_BASES = frozenset(
    {"starlette.middleware.base.BaseHTTPMiddleware", "fastapi.middleware.base.BaseHTTPMiddleware"}
)


def is_middleware(project: Project, qname: str | None) -> bool:
    """The function (or a function it is nested in) is a middleware: ``dispatch`` of a
    ``BaseHTTPMiddleware`` subclass, ``__call__`` of a pure ASGI middleware class, or an
    ``@app.middleware("http")`` function."""
    while qname:
        fn = project.function(qname)
        if fn is not None:
            if any(
                isinstance(d, Call) and (dotted_of(d) or "").endswith(".middleware")
                for d in fn.decorators
            ):
                return True
            if fn.class_qname and _asgi_middleware(project, fn.class_qname):
                return True  # any method of a pure ASGI middleware (``handle_http``)
            if fn.class_qname and fn.name == "dispatch":
                anc = project.ancestors(fn.class_qname)
                if anc & _MIDDLEWARE_BASES or any(a.endswith("BaseHTTPMiddleware") for a in anc):
                    return True
        if ".<locals>." not in qname:
            return False
        qname = qname.rsplit(".<locals>.", 1)[0]
    return False


def _asgi_middleware(project: Project, class_qname: str) -> bool:
    """The class (or an ancestor) has an ASGI ``__call__(self, scope, receive, send)``."""
    for q in (class_qname, *sorted(project.ancestors(class_qname))):
        call = project.function(f"{q}.__call__")
        if call is not None and {"scope", "receive", "send"} <= {p.name for p in call.params}:
            return True
    return False


def _header_text(value: object) -> str | None:
    """The text of a ``str`` or ``bytes`` literal (ASGI headers are bytes: ``b"x-request-id"``)."""
    if type(value) is str:
        return value
    if type(value) is bytes:
        return value.decode("latin-1")
    return None


def _header_read(node: ast.AST) -> ast.Call | None:
    """``<x>.headers.get(name)`` / ``<x>.headers.get(name, default)``, else None."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and isinstance(node.func.value, ast.Attribute)
        and node.func.value.attr == "headers"
        and node.args
    ):
        return node
    return None


def _request_id_header(call: ast.Call) -> bool:
    """The header read may be a request's id: a name kept elsewhere (a constant, a
    parameter), or a literal ending in ``id`` that names no key or identity."""
    name = call.args[0]
    if not isinstance(name, ast.Constant):
        return True
    text = _header_text(name.value)
    if text is None:
        return False
    words = [w for w in re.split(r"[^a-z0-9]+", text.lower()) if w]
    return bool(words) and words[-1] == "id" and not set(words) & _NOT_A_REQUEST


def _header_or_generated(node: ast.Call, ctx: ModuleContext) -> bool:
    """``node`` (an id generator) is the fallback of an id read from the request's headers:
    ``request.headers.get(H) or str(uuid4())``, ``headers.get(H, uuid4().hex)``, or through
    the local the header was read into (``hit_id = request.headers.get(H)`` ... ``hit_id or
    str(uuid4())``): the request's id, taken from the caller or made for it."""
    chain = [*ctx.parents, node]
    scope = ctx.enclosing_def
    for i in range(len(chain) - 2, -1, -1):
        parent, child = chain[i], chain[i + 1]
        if isinstance(parent, ast.stmt):
            return False
        read = _header_read(parent)
        if read is not None and len(read.args) > 1 and child is read.args[1]:
            return _request_id_header(read)
        if isinstance(parent, ast.BoolOp) and isinstance(parent.op, ast.Or):
            first = parent.values[0]
            if child is first:
                continue
            read = _header_read(first)
            if read is not None:
                return _request_id_header(read)
            if isinstance(first, ast.Name) and scope is not None:
                for n in walk(scope):
                    if (
                        isinstance(n, ast.Assign)
                        and len(n.targets) == 1
                        and isinstance(n.targets[0], ast.Name)
                        and n.targets[0].id == first.id
                        and (read := _header_read(n.value)) is not None
                        and _request_id_header(read)
                    ):
                        return True
            return False
    return False


def _uses_opentelemetry(project: Project) -> bool:
    """The project depends on OpenTelemetry: declares its API or SDK, or imports it."""
    if any(project.inventory.has(d) for d in OTEL_DISTRIBUTIONS):
        return True
    return any(
        imp.module == "opentelemetry" or imp.module.startswith("opentelemetry.")
        for m in project.app_modules
        for imp in m.import_list
    )


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    signal: str | None = None
    function: str | None = None


def _holds_logfire(project: Project, name: str | None) -> bool:
    """``name`` is bound to the result of a project function that returns Logfire's module
    (``logfire = configure_logfire()``, whose ``return logfire`` follows ``import logfire``
    and ``logfire.configure(...)``; its other results may be None): its
    ``instrument_fastapi(app)`` is Logfire's."""
    from auditor.project import Binding

    found = project.resolve(name) if name else None
    if not (isinstance(found, Binding) and isinstance(found.value, Call)):
        return False
    fn = project.function(qname_of(found.value))
    return fn is not None and any(
        isinstance(v, Name) and v.qname == "logfire" for v in fn.return_values
    )


def _logs(package: str) -> dict[str, str]:
    """A module of ``package`` that writes log records, for the examples: the rule speaks only
    of an application that logs (:attr:`Project.emits_log_records`), in a function that may
    run beside a request (:attr:`Project.request_log_lines`)."""
    return {
        f"{package}/logs.py": "import logging\n\nlogger = logging.getLogger(__name__)\n\n\n"
        "def note(event: str) -> None:\n    logger.info(event)\n"
    }


@dataclass
class _State:
    header: bool = False  # a correlation header name was seen (reported once)


class NoRequestCorrelation(Check):
    """
    ## What it does
    Reports, once per project and only when enabled (`--enable LOG003`), a FastAPI
    application whose modules show no request correlation at all, that is none of:

    - a string or bytes literal `X-Request-ID` or `X-Correlation-ID` (any case; an ASGI
      middleware reads headers as bytes, `b"x-request-id"`), also under a
      vendor's prefix (`X-Acme-Request-ID`, `X-Amzn-Trace-Id`) or with a word before the
      `id` (`X-Api-Request-Log-Id`);
    - an import from `asgi_correlation_id` (or the `asgi-correlation-id` dependency);
    - `structlog.contextvars.bind_contextvars(...)` or loguru's
      `logger.contextualize(...)` inside a middleware — the `dispatch` of a
      `BaseHTTPMiddleware`, any method of a pure ASGI middleware (a class with
      `__call__(self, scope, receive, send)`, such as the `handle_http` it calls), or an
      `@app.middleware("http")` function — or anywhere with a `request_id=` /
      `correlation_id=` / `trace_id=` keyword (loguru's `logger.bind(request_id=...)` too);
    - a context variable for a request identifier (`ContextVar("request_id")`,
      `"correlation_id"`, `"trace_id"`, also after words saying whose,
      `"workflow_trace_id"`), the project's own correlation plumbing (a
      logging filter then adds it to every record);
    - OpenTelemetry's FastAPI instrumentation (`opentelemetry.instrumentation.fastapi`,
      `FastAPIInstrumentor`), also applied through Logfire (`logfire.instrument_fastapi(app)`,
      also on the module a project function returns: `logfire = configure_logfire()`;
      Logfire's other instrumentations, `instrument_httpx()` ..., trace outgoing calls, not
      requests), or through another library's wrapper that keeps OpenTelemetry's name:
      `handler.instrument_app(app)` of a FastAPI app, in a project that depends on
      OpenTelemetry (`opentelemetry-api` or `-sdk` declared, or imported).

    ## Why is this bad?
    A production service writes thousands of log lines a second, interleaved across
    requests and workers.  Without a request ID bound to every line (and echoed in a
    response header so that clients and other services can quote it), the lines of one
    failing request cannot be told apart from the others, nor followed across services.
    [Patterns reference] shows a `RequestContextMiddleware` that reads or creates
    `X-Request-ID`, binds it with `structlog.contextvars.bind_contextvars(request_id=...)`
    and returns it in the response headers.

    ## Example
    ```python
    logger = logging.getLogger(__name__)
    app = FastAPI()


    @app.get("/health")
    async def health() -> dict[str, str]:
        logger.info("health checked")
        return {"status": "ok"}
    ```

    ## Use instead
    ```python
    @app.middleware("http")
    async def request_context(request: Request, call_next):
        request_id = request.headers.get("X-Request-ID", str(uuid4()))
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        response = await call_next(request)
        response.headers["X-Request-ID"] = request_id
        return response
    ```
    Or add `asgi-correlation-id`'s `CorrelationIdMiddleware`.

    ## Fix safety
    No automatic fix: the header name and the logging integration are choices of the
    platform.

    ## Known problems
    Off by default: tracing and request IDs are often injected by the platform (a service
    mesh, an API gateway, an APM agent), which the repository does not show.  Any one of the
    signals above anywhere in the application silences the rule, even if it is not wired to
    the logs.  An APM agent among the dependencies (`ddtrace`) is not taken as correlation:
    whether it runs as `ddtrace-run` with log injection is deployment configuration, and a
    project may use it for manual spans only.

    A request id under another name counts as correlation when the code shows its
    structure: an id read from a request header and generated when the client sent none
    (`request.headers.get(HIT_ID_HEADER) or str(uuid4())`, also through the local the
    header was read into, or as the `get` default), with a header named by a constant or
    a literal ending in `id` that names no key or identity (not `Idempotency-Key`,
    `X-Session-Id`).  An application a library's factory builds for its users is not
    counted: a module-level function with a required parameter (`create_app(system,
    ...)`: no server can call it by an import string) that no application module of the
    project calls; its users add their own middleware.  Another library that builds
    FastAPI apps for its users is reported (request correlation is its users' choice
    there).  The finding names the main application (the
    one serving the most routes, counting the routers a helper adds to the app handed to it:
    `configure(app)`; where they tie, one that another module of the package imports), not
    the first one found.  A project with a Python file
    that does not parse is not reported (the middleware may be in it).  An application none
    of whose modules imports a logging library (stdlib `logging`, loguru, structlog) writes
    no log records to bind an id to (it prints, or is silent; whether it should log is
    another finding): it is not reported; nor is one whose log lines are all written beside
    the requests, by start-up hooks, background loops and workers, or commands (the call graph
    shows none of the functions holding them runs for a request, or may).

    ## References
    - [Patterns reference] (`RequestContextMiddleware`, `X-Request-ID`,
      `structlog.contextvars.bind_contextvars`)
    - asgi-correlation-id docs; OpenTelemetry FastAPI instrumentation docs
    """

    id = "LOG003"
    name = "no-request-correlation"
    category = "logging"
    severity = Severity.INFO
    default_enabled = False
    heuristic = True
    message = "no request ID in the logs"
    fix_title = "Bind a request ID to every log line (middleware + `X-Request-ID`)"
    sources = ("Patterns reference",)

    def applies(self, project: Project) -> str | None:
        return None if _apps(project) else "no FastAPI application found"

    def visit_Constant(self, node: ast.Constant, ctx: ModuleContext) -> None:
        v = _header_text(node.value)
        if v is not None and len(v) <= 60 and _HEADER.fullmatch(v.strip()):
            state = ctx.state(_State)
            if not state.header:
                state.header = True
                ctx.report(
                    node,
                    "",
                    data=_Data(signal="header"),
                )

    @when(
        names=(
            "ContextVar",
            "bind_contextvars",
            "bound_contextvars",
            "contextualize",
            "bind",
            "instrument_fastapi",
            INSTRUMENT_APP,
        ),
        callees=ID_GENERATORS,
    )
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        func = node.func
        if ctx.resolve(func) in ID_GENERATORS:
            if _header_or_generated(node, ctx):
                ctx.report(node, "", data=_Data(signal="request_id"))
            return
        name = (
            func.attr
            if isinstance(func, ast.Attribute)
            else func.id
            if isinstance(func, ast.Name)
            else ""
        )
        if name == "instrument_fastapi":
            if ctx.resolve(func) in INSTRUMENTATIONS:
                ctx.report(node, "", data=_Data(signal="instrumented"))
            elif isinstance(func, ast.Attribute) and (held := ctx.resolve(func.value)):
                # ``logfire = configure_logfire()`` then ``logfire.instrument_fastapi(app)``:
                # Logfire's module, if the project function returns it (seen in ``judge``)
                ctx.report(node, "", data=_Data(signal="instrumented_by", function=held))
            return
        if name == INSTRUMENT_APP:
            app = node.args[0] if node.args else None
            if isinstance(app, ast.Name) and ctx.local_call_binding(app.id) in _FASTAPI:
                ctx.report(node, "", data=_Data(signal="instrument_app"))
            return
        if name == "ContextVar" and ctx.resolve(func) in CONTEXT_VARS:
            label = node.args[0] if node.args else None
            if (
                isinstance(label, ast.Constant)
                and isinstance(label.value, str)
                and _ID_LABEL.fullmatch(label.value.strip("_"))
            ):
                ctx.report(node, "", data=_Data(signal="context_id"))
            return
        if name not in ("bind_contextvars", "bound_contextvars", "contextualize", "bind"):
            return
        q = ctx.resolve(func)
        if q in LOGURU_BIND and name == "bind":
            if any(kw.arg and _ID_KEYWORD.search(kw.arg) for kw in node.keywords):
                ctx.report(node, "", data=_Data(signal="bind_id"))
            return  # a bound logger without an id is not a request's context
        if q not in BIND and q not in LOGURU_BIND:
            return
        if any(kw.arg and _ID_KEYWORD.search(kw.arg) for kw in node.keywords):
            ctx.report(
                node,
                "",
                data=_Data(signal="bind_id"),
            )
        else:
            ctx.report(
                node,
                "",
                data=_Data(signal="bind", function=ctx.enclosing_function_qname()),
            )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        for h in hits:
            signal = h.payload(_Data).signal
            if signal in ("header", "bind_id", "context_id", "instrumented", "request_id"):
                return []
            if signal == "bind" and is_middleware(project, h.payload(_Data).function):
                return []
            if signal == "instrument_app" and _uses_opentelemetry(project):
                return []
            if signal == "instrumented_by" and _holds_logfire(project, h.payload(_Data).function):
                return []
        if any(project.inventory.has(d) for d in DISTRIBUTIONS):
            return []
        for m in project.app_modules:
            for imp in m.import_list:
                if any(imp.module == mod or imp.module.startswith(mod + ".") for mod in MODULES):
                    return []
        if not project.completeness(("app",)):
            return []  # the correlation middleware may be in a file the auditor could not read
        if not project.emits_log_records or not project.request_log_lines:
            return []  # no log record a request writes: nothing to bind a request id to
        app = project.main_app(_apps(project)) or _apps(project)[0]
        return [
            self.project_hit(
                f"no request correlation found for the FastAPI app `{app.label}`: bind an `X-Request-ID` to every "
                "log line in a middleware (or add asgi-correlation-id)",
                path=app.path,
                line=app.line,
                column=app.column,
                data=_Data(),
            )
        ]

    bad = (
        snippet(
            """\
import logging

from fastapi import FastAPI

log = logging.getLogger("orders")
app = FastAPI()


@app.post("/orders")
async def place() -> dict[str, str]:
    log.info("order placed")
    return {"status": "placed"}
""",
            note="the other side of the no-logging trap: a handler writes log records that "
            "nothing ties to their request",
            lines=(6,),
        ),
        Example(
            files={
                **_logs("svc"),
                "svc/observability.py": """\
class Tracer:
    def instrument_fastapi(self, app) -> None:
        app.state.tracer = self


def configure_tracer() -> Tracer:
    return Tracer()
""",
                "svc/server.py": """\
from fastapi import FastAPI

from svc.observability import configure_tracer

tracer = configure_tracer()
app = FastAPI()
tracer.instrument_fastapi(app)
""",
            },
            note="the other side of the returned-Logfire trap: a project object that only "
            "shares the method's name",
            lines=(6,),
        ),
        Example(
            files={
                **_logs("app"),
                "app/main.py": """\
from contextvars import ContextVar

from fastapi import FastAPI

workflow_trace: ContextVar[str | None] = ContextVar("workflow_trace", default=None)
app = FastAPI()
""",
            },
            note="the other side of the named-trace-id trap: a context variable whose label "
            "names no identifier",
            lines=(6,),
        ),
        Example(
            files=dict(SERVED_BESIDE_LAUNCHER),
            note="two apps serving the same routers: on the one the package's `__main__` "
            "starts, not on the developer's launcher that sorts first",
            lines=(7,),
        ),
        Example(
            files={
                **_logs("svc"),
                "svc/app.py": """\
from uuid import uuid4

from fastapi import FastAPI, Request


def create_app(settings: dict) -> FastAPI:
    app = FastAPI(title=settings["title"])

    @app.middleware("http")
    async def keys(request: Request, call_next):
        request.state.key = request.headers.get("Idempotency-Key") or str(uuid4())
        request.state.job = str(uuid4())
        return await call_next(request)

    return app


def make() -> FastAPI:
    return FastAPI()
""",
                "svc/main.py": 'from svc.app import create_app\n\napp = create_app({"title": "svc"})\n',
            },
            note="the other side of the request-id and users' factory traps: an idempotency key "
            "(a key the client repeats, not the request's id) and an id generated for a job; a "
            "factory the project calls itself",
            lines=(7,),
        ),
        Example(
            files={
                **_logs("abkit"),
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
            },
            note="the other side of the test-helpers trap: a `testing.py` whose app defines "
            "routes of its own is an application (an experiments service)",
            lines=(6,),
        ),
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI()


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}
""",
            lines=(3,),
            with_files=_logs("app"),
        ),
        Example(
            files={
                **_logs("app"),
                "app/main.py": """\
import structlog
from fastapi import FastAPI

app = FastAPI()


def handler() -> None:
    structlog.contextvars.bind_contextvars(user="u1")
""",
                "tests/test_ids.py": 'def test_header() -> None:\n    assert "X-Request-ID"\n',
            },
            note="bind_contextvars outside a middleware, without a request id; tests do not count",
            lines=(4,),
        ),
        snippet(
            """\
from contextvars import ContextVar

from fastapi import FastAPI

current_user: ContextVar[str | None] = ContextVar("current_user", default=None)
app = FastAPI()
""",
            note="a context variable that is not a request identifier",
            lines=(6,),
            with_files=_logs("app"),
        ),
        Example(
            files={
                **_logs("svc"),
                "svc/routes.py": """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/items")
async def items() -> list[str]:
    return []


@router.get("/items/{item_id}")
async def item(item_id: int) -> int:
    return item_id
""",
                "svc/factory.py": """\
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from svc.routes import router


def mount_routes(app: FastAPI) -> None:
    ui = FastAPI(docs_url=None)
    ui.mount("/", StaticFiles(directory="static", html=True))
    app.include_router(router, prefix="/api")
    app.mount("/", ui)


def create_app() -> FastAPI:
    app = FastAPI()
    mount_routes(app)
    return app
""",
            },
            note="the factory hands its app to a helper that includes the routers and mounts a "
            "static front end: the finding names the factory's app, which serves the routes, "
            "not the front end built first (seen in beeai-server)",
            lines=(15,),
        ),
        snippet(
            """\
from fastapi import FastAPI, Request
from loguru import logger

app = FastAPI()


@app.middleware("http")
async def log_requests(request: Request, call_next):
    logger.bind(path=request.url.path).info("request")
    return await call_next(request)


def handle(user: str) -> None:
    with logger.contextualize(user=user):
        logger.info("handled")
""",
            note="trap: loguru's bound logger in a middleware without a request id, and "
            "`contextualize` outside a middleware without one",
            lines=(4,),
            with_files=_logs("app"),
        ),
        snippet(
            """\
import logfire
from fastapi import FastAPI

app = FastAPI()

logfire.configure()
logfire.instrument_httpx()
logfire.instrument_sqlalchemy()
""",
            note="trap: Logfire instrumenting outgoing calls and queries, not the app's requests",
            lines=(4,),
            with_files=_logs("app"),
        ),
        snippet(
            """\
from fastapi import FastAPI
from relay_serve.telemetry import TelemetryHandler


def create_app(enable: bool = False) -> FastAPI:
    handler = TelemetryHandler(enable=enable)
    app = FastAPI()
    handler.instrument_app(app)
    return app


app = create_app()
""",
            with_files={**_logs("app"), "requirements.txt": "fastapi\nrelay-serve>=3.6\n"},
            note="the other side of the OpenTelemetry-wrapper trap: `instrument_app(app)` of a "
            "library in a project that does not depend on OpenTelemetry says nothing of what it "
            "does",
            lines=(7,),
        ),
    )
    good = (
        Example(
            files={
                "board/main.py": """\
from fastapi import FastAPI

from board import jobs

app = FastAPI()


@app.post("/jobs/{name}")
async def run(name: str) -> dict[str, str]:
    jobs.start(name)
    return {"started": name}
""",
                "board/jobs.py": """\
def start(name: str) -> None:
    print(f"starting {name}")
""",
            },
            note="trap: an application that imports no logging library writes no log records "
            "(it prints): there is no log line to bind a request id to",
        ),
        Example(
            files={
                "desk/main.py": """\
import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI

log = logging.getLogger("desk")


@asynccontextmanager
async def lifespan(app: FastAPI):
    log.info("desk ready")
    yield


app = FastAPI(lifespan=lifespan)


@app.get("/notes/{key}")
async def note(key: str) -> dict[str, str]:
    return {"key": key}
""",
            },
            note="trap: an application whose request handlers write no log record (only its "
            "lifespan logs, once at start-up): no line a request writes for an id to tie",
        ),
        Example(
            files={
                **_logs("app"),
                "app/main.py": """\
import uuid
from contextvars import ContextVar

from fastapi import FastAPI, Request

workflow_trace_id: ContextVar[int | None] = ContextVar("workflow_trace_id", default=None)
app = FastAPI()


@app.middleware("http")
async def trace_context(request: Request, call_next):
    traceparent = request.headers.get("traceparent")
    parts = traceparent.split("-") if traceparent else []
    workflow_trace_id.set(uuid.UUID(parts[1]).int if len(parts) >= 4 else uuid.uuid4().int)
    return await call_next(request)
""",
            },
            note="a context variable for each request's trace id, named for whose trace it is "
            "(nvidia-nat-core nat/builder/context.py:74, set from `traceparent` in "
            "nat/runtime/session.py:649)",
        ),
        snippet(
            """\
import uuid

from ctxkit.constants import HIT_ID_HEADER
from fastapi import FastAPI, Request


class Dispatch:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            request = Request(scope)
            hit_id = request.headers.get(HIT_ID_HEADER)
            scope.setdefault("state", {})["hit_id"] = hit_id or str(uuid.uuid4())
        await self.app(scope, receive, send)


app = FastAPI()
app.add_middleware(Dispatch)
""",
            note="a request id under another name: read from a header (named by a constant) "
            "or generated for the request, the structure of a correlation id",
            with_files=_logs("app"),
        ),
        Example(
            files={
                **_logs("kit"),
                "kit/__init__.py": 'from kit.app import create_app\n\n__all__ = ["create_app"]\n',
                "kit/app.py": """\
from collections.abc import Callable

from fastapi import FastAPI


def create_app(
    system: object, *, configure: Callable[[FastAPI], None] | None = None, **kwargs
) -> FastAPI:
    app = FastAPI(**kwargs)
    app.state.system = system
    if configure is not None:
        configure(app)
    return app
""",
                "kit/deps.py": """\
def system() -> object:
    raise RuntimeError("build the app with create_app() first")
""",
            },
            note="a library's factory for its users: a required parameter no server can pass, "
            "and no module of the library calls it (their middleware is theirs to add)",
        ),
        Example(
            files={
                **_logs("agentkit"),
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
from httpx import ASGITransport, AsyncClient

from agentkit.routes import configure


def make_test_app() -> FastAPI:
    app = FastAPI(title="Test API")
    configure(app)
    return app


def make_client() -> AsyncClient:
    return AsyncClient(transport=ASGITransport(app=make_test_app()), base_url="http://t")
""",
            },
            note="a library whose only app is the one its test helpers (`testing.py`, driving "
            "it in process) build for its users' tests: nothing serves it (seen in arkitekt-fastapi)",
        ),
        snippet(
            """\
import logfire
from fastapi import FastAPI

app = FastAPI()

logfire.configure(send_to_logfire="if-token-present")
logfire.instrument_fastapi(app, excluded_urls=["/files"])
""",
            note="Logfire's FastAPI instrumentation is OpenTelemetry's: every request gets a "
            "trace id (seen in memos)",
            with_files=_logs("app"),
        ),
        Example(
            files={
                **_logs("svc"),
                "svc/observability.py": """\
import os
from typing import Any


def configure_logfire() -> Any | None:
    if not os.environ.get("SVC_LOGFIRE"):
        return None
    import logfire

    logfire.configure(token=os.environ["SVC_LOGFIRE"])
    return logfire
""",
                "svc/server.py": """\
from fastapi import FastAPI

from svc.observability import configure_logfire

logfire = configure_logfire()


def create_app() -> FastAPI:
    app = FastAPI()
    if logfire:
        logfire.instrument_fastapi(app)
    return app
""",
            },
            note="Logfire's module returned by a project function that configures it, then "
            "instrumenting the app (seen in prefect-client)",
        ),
        snippet(
            """\
from fastapi import FastAPI
from relay_serve.telemetry import TelemetryHandler


def create_app(enable: bool = False) -> FastAPI:
    handler = TelemetryHandler(enable=enable)
    app = FastAPI()
    handler.instrument_app(app)
    return app


app = create_app()
""",
            with_files={
                **_logs("app"),
                "requirements.txt": "fastapi\nopentelemetry-sdk>=1.20\nrelay-serve>=3.6\n",
            },
            note="a library's telemetry handler applies OpenTelemetry's FastAPI instrumentation "
            "under its own name (`instrument_app(app)`) in a project that depends on "
            "OpenTelemetry: every request gets a trace id (seen in arcade-mcp-server)",
        ),
        snippet(
            """\
from uuid import uuid4

from fastapi import FastAPI


class RequestIds:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        rid = dict(scope["headers"]).get(b"x-request-id") or uuid4().hex.encode()

        async def tagged(message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append((b"x-request-id", rid))
            await send(message)

        await self.app(scope, receive, tagged)


app = FastAPI()
app.add_middleware(RequestIds)
""",
            note="a pure ASGI middleware reads and returns the request id as ASGI headers: bytes "
            '(`b"x-request-id"`)',
            with_files=_logs("app"),
        ),
        snippet(
            """\
from uuid import uuid4

from fastapi import FastAPI
from loguru import logger


class BaseMiddleware:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            return await self.handle_http(scope, receive, send)
        return await self.app(scope, receive, send)


class LogContext(BaseMiddleware):
    async def handle_http(self, scope, receive, send) -> None:
        with logger.contextualize(rid=uuid4().hex, path=scope["path"]):
            await self.app(scope, receive, send)


app = FastAPI()
app.add_middleware(LogContext)
""",
            note="loguru's `logger.contextualize(...)` in a method of a pure ASGI middleware "
            "(`handle_http`, called from the base class's `__call__`)",
            with_files=_logs("app"),
        ),
        snippet(
            """\
import logging
import uuid
from contextvars import ContextVar

from fastapi import FastAPI, Request

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


app = FastAPI()


@app.middleware("http")
async def tag_request(request: Request, call_next):
    request_id_var.set(uuid.uuid4().hex)
    return await call_next(request)
""",
            note="correlation under the project's own names: a request-id context variable "
            "that a logging filter adds to every record",
            with_files=_logs("app"),
        ),
        snippet(
            """\
from uuid import uuid4

from fastapi import FastAPI, Request

app = FastAPI()


@app.middleware("http")
async def tag_requests(request: Request, call_next):
    request.state.request_id = str(uuid4())
    response = await call_next(request)
    response.headers["X-Acme-Request-ID"] = request.state.request_id
    return response
""",
            note="a request ID under the project's own header name (`X-Acme-Request-ID`)",
            with_files=_logs("app"),
        ),
        snippet(
            """\
from uuid import uuid4

import structlog
from fastapi import FastAPI, Request

app = FastAPI()


@app.middleware("http")
async def request_context(request: Request, call_next):
    request_id = request.headers.get("X-Request-ID", str(uuid4()))
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(request_id=request_id, path=request.url.path)
    response = await call_next(request)
    response.headers["X-Request-ID"] = request_id
    return response
""",
            with_files=_logs("app"),
        ),
        snippet(
            """\
from asgi_correlation_id import CorrelationIdMiddleware
from fastapi import FastAPI

app = FastAPI()
app.add_middleware(CorrelationIdMiddleware)
""",
            note="asgi-correlation-id",
            with_files=_logs("app"),
        ),
        snippet(
            """\
from fastapi import FastAPI
from starlette.middleware.base import BaseHTTPMiddleware
from structlog.contextvars import bind_contextvars


class Context(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        bind_contextvars(path=request.url.path, rid=request.state.rid)
        return await call_next(request)


app = FastAPI()
app.add_middleware(Context)
""",
            note="bind_contextvars in a BaseHTTPMiddleware.dispatch",
            with_files=_logs("app"),
        ),
        snippet(
            """\
from fastapi import FastAPI
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

app = FastAPI()
FastAPIInstrumentor.instrument_app(app)
""",
            note="OpenTelemetry instrumentation",
            with_files=_logs("app"),
        ),
        Example(
            files={
                **_logs("app"),
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "app/constants.py": 'REQUEST_ID_HEADER = "x-correlation-id"\n',
            },
            note="the header name as a literal",
        ),
        snippet(
            """\
from flask import Flask

app = Flask(__name__)
""",
            note="not a FastAPI app",
            with_files=_logs("app"),
        ),
        Example(
            files={
                **_logs("app"),
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "app/middleware.py": 'HEADER = "X-Request-ID"\nif True\n    pass\n',
            },
            note="a module that does not parse may hold the correlation middleware",
        ),
    )


def _apps(project: Project) -> list:
    """The applications that serve requests (:attr:`Project.served_apps`), but those a
    factory for the project's users builds (:func:`_users_factory`)."""
    apps = [a for a in project.served_apps if not _users_factory(project, a.function)]
    return sorted(apps, key=lambda a: (a.path, a.line))


def _users_factory(project: Project, qname: str | None) -> bool:
    """``qname`` is a module-level function with a required parameter (``create_app(system,
    ...)``: no server can call it by an import string, ``uvicorn --factory`` passes nothing)
    that no application module of the project calls: its callers are its users, whose
    applications it builds.  Their middleware is theirs to add."""
    fn = project.function(qname)
    if fn is None or fn.class_qname is not None or fn.qname != f"{fn.module}.{fn.name}":
        return False
    if not any(p.default is None and p.kind in ("posonly", "arg", "kwonly") for p in fn.params):
        return False
    word = fn.name.encode()
    for m in project.modules_of_class("app"):
        data = project.repo.read_bytes(m.path)
        if data is None or word not in data:
            continue
        try:
            tokens = list(tokenize.tokenize(io.BytesIO(data).readline))
        except (tokenize.TokenError, SyntaxError):
            return False  # unreadable: it may call the factory
        for before, tok, after in zip(tokens, tokens[1:], tokens[2:]):
            if (
                tok.type == tokenize.NAME
                and tok.string == fn.name
                and after.string == "("
                and before.string != "def"
            ):
                return False
    return True
