from __future__ import annotations

import ast

from auditor import names
from auditor.check import Check, Example, Hit, Severity, snippet, when
from auditor.facts import Call, dotted_of, is_lit, kwarg, lit, qname_of
from auditor.project import Project, parent_function
from auditor.walker import ModuleContext

EVENTS = frozenset({"startup", "shutdown"})
CONSTRUCTORS = {names.FASTAPI: "FastAPI", names.APIROUTER: "APIRouter"}


def receiver(project: Project, q: str | None, text: str | None, function: str | None):
    """The FastAPI/APIRouter instance a receiver denotes: (kind, instance or None), or None.

    Instances come from the registry (F3); a parameter annotated ``FastAPI`` / ``APIRouter``
    in the enclosing function counts too (its instance is unknown)."""
    if q:
        inst = project.app_for(q)
        if inst is not None:
            return inst.kind, inst
    inst = project.receiver_in_function(text, function)
    if inst is not None:
        return inst.kind, inst
    fn = project.function(function) if function and text and "." not in text else None
    if fn is not None:
        for p in fn.params:
            pq = qname_of(p.annotation)
            if p.name == text and pq:
                if project.name_is_class(pq, {names.FASTAPI}):
                    return "app", None
                if project.name_is_class(pq, {names.APIROUTER}):
                    return "router", None
    return None


def lifespan_owner(inst):
    """The instance when it is a FastAPI application that also has ``lifespan=``.

    Only the application itself: since FastAPI merges an included router's lifespan into
    the app's (``include_router``), a router's own handlers still run."""
    if inst is None or inst.kind != "app":
        return None
    e = inst.kw("lifespan")
    return inst if e is not None and not is_lit(e, None) else None


def _dead(owner) -> str:
    where = owner.qname.rsplit(".", 1)[-1]
    return f"; `{where}` also has `lifespan=`, so this handler never runs"


class LifespanNotOnEvent(Check):
    """
    ## What it does
    Reports the deprecated startup/shutdown event API on FastAPI applications and
    routers: `@app.on_event("startup")` / `@router.on_event("shutdown")` decorators,
    `app.add_event_handler(...)` calls, and the `on_startup=` / `on_shutdown=` arguments of
    `FastAPI(...)` and `APIRouter(...)`.  When the same FastAPI application also has
    `lifespan=`, the message says that the handlers are dead code.

    ## Why is this bad?
    FastAPI lists these events under "Alternative Events (deprecated)": the lifespan
    context manager replaces them, and keeps start-up and shut-down code for one resource
    (a connection pool, an HTTP client) together, with state handed over in one place.
    Worse, Starlette ignores every `startup`/`shutdown` handler as soon as a `lifespan=` is
    given, silently: a project that adds a lifespan for a new resource stops running its
    old event handlers.  [Production skill 2025] uses
    `@asynccontextmanager async def lifespan(app)` in its app factory.

    ## Example
    ```python
    app = FastAPI()

    @app.on_event("startup")
    async def connect():
        app.state.pool = await create_pool()
    ```

    ## Use instead
    ```python
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.pool = await create_pool()
        yield
        await app.state.pool.close()

    app = FastAPI(lifespan=lifespan)
    ```

    ## Fix safety
    No automatic fix: pairing start-up with shut-down handlers and moving shared state
    into the lifespan needs a human.

    ## Known problems
    Pure Starlette applications are out of scope: the receiver must be a FastAPI
    application or an `APIRouter`.  An `on_event(...)` decorator whose event name is not
    the string literal `"startup"` or `"shutdown"` is not reported.  Handlers registered on
    an included router are not called dead code even when the app has a lifespan: FastAPI
    merges the router's own (default) lifespan into the app's, which runs them.

    ## References
    - [Production skill 2025] (lifespan in the app factory)
    - FastAPI docs, "Lifespan Events" and "Alternative Events (deprecated)"
    - Starlette docs, "Lifespan" (`on_startup`/`on_shutdown` ignored when `lifespan` is set)
    """

    id = "STR003"
    name = "lifespan-not-on-event"
    category = "structure"
    severity = Severity.WARNING
    message = "deprecated startup/shutdown event handler"
    fix_title = "Move the start-up and shut-down code into a lifespan context manager"
    sources = ("Production skill 2025",)

    def applies(self, project: Project) -> str | None:
        if project.inventory.below("fastapi", (0, 93)):
            return (
                "every FastAPI the project can install is older than 0.93, which added `lifespan=`"
            )
        return None

    # -- module pass: constructor keyword arguments ----------------------------------
    @when(callees=CONSTRUCTORS)
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        if not node.keywords:
            return
        ctor = CONSTRUCTORS.get(ctx.resolve(node.func) or "")
        if ctor is None:
            return
        lifespan = ctor == "FastAPI" and any(
            kw.arg == "lifespan"
            and not (isinstance(kw.value, ast.Constant) and kw.value.value is None)
            for kw in node.keywords
        )
        for kw in node.keywords:
            if kw.arg not in ("on_startup", "on_shutdown"):
                continue
            v = kw.value
            if (isinstance(v, ast.Constant) and v.value is None) or (
                isinstance(v, (ast.List, ast.Tuple)) and not v.elts
            ):
                continue
            ctx.report(
                kw.value,
                f"`{kw.arg}=` of `{ctor}(...)` is deprecated: use a lifespan handler"
                + (
                    "; the same call passes `lifespan=`, so these handlers never run"
                    if lifespan
                    else ""
                ),
            )

    # -- project pass: decorators and add_event_handler --------------------------------
    def check_project(self, project: Project) -> list[Hit]:
        out: list[Hit] = []
        for m in project.modules_of_class("app"):
            for fn in m.functions.values():
                for dec in fn.decorators:
                    if not isinstance(dec, Call):
                        continue
                    text = dotted_of(dec) or ""
                    if not text.endswith(".on_event"):
                        continue
                    event = lit(dec.args[0] if dec.args else kwarg(dec, "event_type"))
                    if event not in EVENTS:
                        continue
                    recv_text = text.rsplit(".", 1)[0]
                    q = qname_of(dec)
                    found = receiver(
                        project,
                        q.rsplit(".", 1)[0] if q else None,
                        recv_text,
                        parent_function(fn.qname),
                    )
                    if found is None:
                        continue
                    owner = lifespan_owner(found[1])
                    out.append(
                        self.project_hit(
                            f'`@{recv_text}.on_event("{event}")` is deprecated: move `{fn.name}` into a lifespan handler'
                            + (_dead(owner) if owner is not None else ""),
                            path=m.path,
                            line=dec.line,
                        )
                    )
            for mc in m.method_calls:
                if mc.method != "add_event_handler":
                    continue
                found = receiver(project, mc.receiver, mc.receiver_text, mc.function)
                if found is None:
                    continue
                event = lit(mc.call.args[0] if mc.call.args else kwarg(mc.call, "event_type"))
                shown = f'"{event}", ...' if isinstance(event, str) else "..."
                owner = lifespan_owner(found[1])
                out.append(
                    self.project_hit(
                        f"`{mc.receiver_text or 'app'}.add_event_handler({shown})` is deprecated: use a lifespan handler"
                        + (_dead(owner) if owner is not None else ""),
                        path=m.path,
                        line=mc.line,
                        column=mc.column,
                    )
                )
        return out

    bad = (
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI()


@app.on_event("startup")
async def connect() -> None:
    app.state.ready = True
""",
            lines=(6,),
        ),
        snippet(
            """\
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import fastapi


@asynccontextmanager
async def lifespan(app: fastapi.FastAPI) -> AsyncIterator[None]:
    yield


async def warm_cache() -> None: ...


async def close_pool() -> None: ...


app = fastapi.FastAPI(lifespan=lifespan, on_shutdown=[close_pool])
app.add_event_handler("startup", warm_cache)


@app.on_event("shutdown")
async def goodbye() -> None: ...
""",
            note="with a lifespan, the handlers are dead code (said in the message)",
            lines=(18, 19, 22),
        ),
        Example(
            files={
                "app/main.py": """\
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.items import router


@asynccontextmanager
async def lifespan(app: FastAPI):
    yield


app = FastAPI(lifespan=lifespan)
app.include_router(router)
""",
                "app/items.py": """\
from fastapi import APIRouter as Router


async def load() -> None: ...


router = Router(prefix="/items", on_startup=[load])


@router.on_event("startup")
async def prime() -> None: ...
""",
            },
            note="router-level events (an included router's own handlers still run: not dead code)",
            lines=(7, 10),
        ),
        snippet(
            """\
from fastapi import FastAPI


def create_app() -> FastAPI:
    app = FastAPI()

    @app.on_event("shutdown")
    def bye() -> None: ...

    return app


def install(api: FastAPI) -> None:
    api.add_event_handler("startup", lambda: None)
""",
            note="a factory-local app and a parameter annotated FastAPI",
            lines=(7, 14),
        ),
    )
    good = (
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

app = FastAPI()


@app.on_event("startup")
async def connect() -> None:
    app.state.ready = True
""",
                "requirements.txt": "fastapi>=0.88,<0.93\n",
            },
            note="the project can only install a FastAPI older than 0.93, which has no "
            "`lifespan=` to move the handler into",
        ),
        snippet(
            """\
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.ready = True
    yield
    app.state.ready = False


app = FastAPI(lifespan=lifespan, on_startup=None, on_shutdown=[])
"""
        ),
        snippet(
            """\
from starlette.applications import Starlette

from app.events import EventBus

app = Starlette(on_startup=[])
bus = EventBus()


@app.on_event("startup")
async def starlette_only() -> None: ...


@bus.on_event("startup")
def not_an_app() -> None: ...


bus.add_event_handler("startup", not_an_app)
""",
            note="Starlette apps and look-alike receivers are out of scope",
        ),
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI()


class Plugin:
    def on_event(self, name: str):
        return lambda f: f


def setup(app: object) -> None:
    app.add_event_handler("startup", lambda: None)


@app.middleware("http")
async def mw(request, call_next):
    return await call_next(request)
""",
            note="an untyped parameter named app and a look-alike method",
        ),
        Example(
            files={
                "tests/conftest.py": """\
from fastapi import FastAPI

app = FastAPI()


@app.on_event("startup")
async def in_tests() -> None: ...
""",
                "app/main.py": "",
            },
            note="test code is not scanned",
        ),
    )
