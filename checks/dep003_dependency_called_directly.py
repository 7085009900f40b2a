from __future__ import annotations

import ast
import dataclasses
from collections.abc import Iterator
from typing import NamedTuple

from auditor import names
from auditor.astwalk import walk
from auditor.check import Check, Example, Hit, Severity, snippet, when
from auditor.facts import Call, Function, ModuleFacts, qname_of
from auditor.project import Project
from auditor.walker import ModuleContext

ANNOTATED = frozenset({"typing.Annotated", "typing_extensions.Annotated"})
_NEXT = frozenset({"builtins.next", "builtins.anext"})
_CLOSERS = frozenset({"contextlib.closing", "contextlib.aclosing"})
#: Decorators that drive the generator their function returns: entering runs it to its
#: ``yield``, leaving resumes it (its ``finally`` runs) or throws the exception into it.
_WRAPPERS = frozenset({"contextlib.contextmanager", "contextlib.asynccontextmanager"})
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    kind: str | None = None
    target: str | None = None
    function: str | None = None
    #: the call is the iterable of a ``for`` / ``async for`` that runs to its end: the loop
    #: resumes the generator past its ``yield``, so its cleanup runs
    driven: bool = False
    #: the caller cleans up what the generator yields itself: ``with next(get_db()) as s:``,
    #: or ``s = next(get_db())`` closed in a ``finally:`` / entered with ``with s:``
    caller_cleanup: bool = False
    #: the call is the context manager of a ``with`` / ``async with`` item (``"with"`` or
    #: ``"async with"``): a generator object has neither ``__enter__`` nor ``__aenter__``
    entered: str | None = None


#: A generator dependency wrapped by a decorated function (the `@contextmanager` trap and its
#: other side, another decorator that does not drive the generator).
_WRAPPED_SESSION = """\
from collections.abc import Iterator
{imp}
from typing import Annotated

from fastapi import Depends, FastAPI

app = FastAPI()


def get_db() -> Iterator[str]:
    try:
        yield "session"
    finally:
        pass


@app.get("/items")
def items(db: Annotated[str, Depends(get_db)]) -> str:
    return db


@{deco}
def open_session():
    return get_db()


def warm_up() -> str:
    {use}
"""


#: The rebinding examples' generator dependency, and the app that serves their router.
_SESSIONS_DB = """\
from collections.abc import Iterator


def get_db() -> Iterator[str]:
    try:
        yield "session"
    finally:
        pass
"""
_REPORTS_MAIN = """\
from fastapi import FastAPI

from app import reports

app = FastAPI()
app.include_router(reports.router)
"""


def _reports_router(at_import: str = "") -> str:
    """``app/reports.py`` of the rebinding examples: a route depends on the imported
    ``get_db``, then the module defines a plain ``get_db`` of its own that ``nightly`` calls;
    ``at_import`` is a statement run where the import still holds (above that ``def``)."""
    return f"""\
from typing import Annotated

from fastapi import APIRouter, Depends

from app.db import get_db

router = APIRouter()


@router.get("/items")
def items(db: Annotated[str, Depends(get_db)]) -> str:
    return db
{at_import}

def get_db() -> str:
    return "reports"


def nightly() -> str:
    return get_db()
"""


#: A served application whose routes take the yield dependency ``get_db`` as a parameter.
_SERVED_DB = {
    "svc/__init__.py": "",
    "svc/db.py": (
        "from collections.abc import Iterator\n\n\n"
        "def get_db() -> Iterator[str]:\n"
        "    try:\n"
        "        yield 'session'\n"
        "    finally:\n"
        "        pass\n"
    ),
    "svc/main.py": (
        "from fastapi import Depends, FastAPI\n"
        "from svc.db import get_db\n"
        "app = FastAPI()\n"
        "@app.get('/rows')\n"
        "def rows(db: str = Depends(get_db)) -> str:\n"
        "    return db\n"
    ),
    "Dockerfile": 'FROM python:3.12\nCMD ["uvicorn", "svc.main:app"]\n',
}
#: A wrapper that drives ``get_db`` itself, in a module of its own.
_WRAPPER = """\
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends

from svc.db import get_db


def session() -> Iterator[str]:
    for db in get_db():
        yield db


SessionDep = Annotated[str, Depends(session)]
"""


class DependencyCalledDirectly(Check):
    """
    ## What it does
    In application modules, flags two ways of using a FastAPI dependency outside FastAPI's
    dependency injection:

    1. a call of a **generator dependency** (a function with `yield` used in
       `Depends(...)`/`Security(...)`, F5), such as `db = next(get_db())`;
    2. a `Depends(...)`/`Security(...)` written inside a function body and used as a
       value: `db = Depends(get_db)` followed by `db.query(...)`, or
       `await Depends(get_user)`.

    Parameter defaults, `Annotated[...]` metadata, `dependencies=[...]` lists, module-level
    aliases, factories that `return Depends(...)` and locals only passed on as defaults are
    all legitimate and never reported.

    ## Why is this bad?
    FastAPI runs a generator dependency to its `yield`, and after the response it resumes it
    so that the `finally:` / `with` cleanup runs.  `next(get_db())` only does the first half:
    the session or connection is never closed (until garbage collection, if ever), and
    under load the pool runs dry.  Calling the dependency yourself also bypasses
    `app.dependency_overrides`, so tests cannot replace it.  A `Depends(...)` written in a
    function body is not resolved by anyone: it returns a marker object, and the code then
    fails on the first attribute access.

    ## Example
    ```python
    @app.get("/b")
    def route_b():
        db = next(get_db())
        user = Depends(get_current_user)
        return db.query(Item).filter_by(owner=user.id).all()
    ```

    ## Use instead
    ```python
    @app.get("/b")
    def route_b(db: DbDep, user: CurrentUserDep):
        return db.query(Item).filter_by(owner=user.id).all()


    # in a script or a CLI command
    with contextmanager(get_db)() as db:
        ...
    ```

    ## Fix safety
    No automatic fix: the dependency has to become a parameter of a request-path function,
    or be wrapped with `contextlib.contextmanager(...)` / `asynccontextmanager(...)` outside
    requests.

    ## Known problems
    A generator dependency reached through a variable (`f = get_db; f()`) is not seen, nor
    is a marker bound to a local and never used, or only passed to another call.
    Delegation with `yield from get_db()` inside another generator and
    `contextlib.closing(get_db())` are allowed (the cleanup does run), and so is a
    `for` / `async for` loop over the generator that runs to its end (no `break` or
    `return` in it) in code no request reaches (start-up, a command): the loop resumes the
    generator past its `yield`, and there is no request whose overrides it would miss;
    the same holds for `gen = get_db()` closed in a `finally:` (`gen.close()`,
    `await gen.aclose()`), which runs the cleanup, and for `return get_db()` in a plain
    function decorated `@contextmanager` / `@asynccontextmanager` (the decorator drives the
    generator, as `contextmanager(get_db)` does; in a route or dependency it is info: the
    override is still bypassed).  Such a loop in a route or dependency is still
    reported, for the override it bypasses and the error handling an exception leaving the
    loop skips, not for a cleanup that never runs.
    *test* modules are not scanned: tests may drive a dependency by hand.

    ## References
    - FastAPI docs, "Dependencies with yield" and "Testing Dependencies with Overrides"
    - Extra practice (not in the source documents); [Production guide 2026] and
      [Patterns reference] show the `yield` session dependencies it protects
    """

    id = "DEP003"
    name = "dependency-called-directly"
    category = "dependencies"
    severity = Severity.WARNING
    message = "dependency used outside FastAPI's dependency injection"
    fix_title = "Declare it as a parameter: `name: Annotated[T, Depends(f)]`"
    sources = ("Production guide 2026", "Patterns reference")

    @when(callees=names.DEPENDS, project=True)
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        q = ctx.resolve(node.func)
        if q is None:
            return
        if q in names.DEPENDS:
            self._marker(node, q, ctx)
        elif ctx.is_project(q):
            parent = ctx.parent
            if isinstance(parent, ast.YieldFrom):
                return  # delegation: the outer generator's cleanup drives this one
            if isinstance(parent, ast.Call) and ctx.resolve(parent.func) in _CLOSERS:
                return  # ``closing(get_db())`` closes the generator, which runs its cleanup
            if _inside_depends(ctx):
                return
            driven = (
                isinstance(parent, (ast.For, ast.AsyncFor))
                and parent.iter is node
                and not _leaves(parent.body)
            ) or _closed_later(node, ctx)
            # reported when the module is left, if its callee may still be a generator
            ctx.state(_Calls).found.append(
                (
                    node,
                    _Data(
                        kind="call",
                        target=q,
                        function=ctx.enclosing_function_qname(),
                        driven=driven,
                        caller_cleanup=_caller_cleans_up(node, ctx) or _wrapped(node, ctx),
                        entered=_entered_by(node, ctx),
                    ),
                )
            )

    def leave_Module(self, node: ast.Module, ctx: ModuleContext) -> None:
        """The project calls of the module whose callee may be a generator function by what
        the module alone says (:func:`_may_be_generator`): ``judge`` keeps only calls of
        generator dependencies, and most project calls are of the module's own plain
        functions, methods and classes (on litellm 38,000 of 44,600 hits were, each one
        pickled by a worker, unpickled and written to the facts cache)."""
        calls = ctx.state(_Calls).found
        if not calls:
            return
        facts = ctx.facts
        for call, data in calls:
            if _may_be_generator(data.target or "", facts, ctx):
                ctx.report(call, "", data=data)

    def _marker(self, node: ast.Call, q: str, ctx: ModuleContext) -> None:
        scope = ctx.scope
        if scope.kind != "function" or not isinstance(
            scope.node, (ast.FunctionDef, ast.AsyncFunctionDef)
        ):
            return
        parent = ctx.parent
        if _in_annotated(node, ctx):
            return
        short = q.rsplit(".", 1)[1]
        text = _text(node)
        fn = scope.node.name
        if isinstance(parent, ast.Await) or (
            isinstance(parent, ast.Attribute) and parent.value is node
        ):
            ctx.report(
                node,
                f"`{text}` inside `{fn}` is a `{short}` marker, not the dependency's value: declare it as a parameter",
                data=_Data(kind="marker"),
            )
            return
        if isinstance(parent, (ast.Assign, ast.AnnAssign)) and parent.value is node:
            targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
            if len(targets) != 1 or not isinstance(targets[0], ast.Name):
                return
            name = targets[0].id
            if _used_as_value(scope.node, name, ctx):
                ctx.report(
                    node,
                    f"`{name} = {text}` inside `{fn}` binds a `{short}` marker, not the dependency's value: "
                    "declare it as a parameter",
                    data=_Data(kind="marker"),
                )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        deps = project.dependency_functions
        # a call in a module that runs nowhere (Project.dead_module_paths: a stray module of
        # the application's package nothing imports or names) bypasses no override and
        # leaks nothing: it never runs
        dead = project.dead_module_paths if hits else frozenset()
        out = []
        for h in hits:
            if h.path in dead:
                continue
            if h.payload(_Data).kind != "call":
                out.append(h)
                continue
            fn = project.function(h.payload(_Data).target)
            if fn is None or fn.qname not in deps or not fn.is_generator:
                continue
            if fn.qname == h.payload(_Data).function:
                continue  # recursion inside the dependency itself
            where = h.payload(_Data).function
            if h.payload(_Data).driven and not _on_request_path(project, where):
                # the loop runs the cleanup, and outside requests there is no override to miss
                continue
            caller = f" in `{where.rsplit('.', 1)[-1]}`" if where else ""
            if h.payload(_Data).caller_cleanup:
                # the resource is closed by the caller: what is left is the bypassed
                # override, which only matters in a route or dependency itself
                if where is None or where not in project.request_path_functions:
                    continue
                out.append(
                    dataclasses.replace(
                        h,
                        severity=Severity.INFO,
                        confidence="medium",
                        message=f"yield dependency `{fn.name}()` is called directly{caller}: the caller "
                        "closes what it yields, but `dependency_overrides` cannot replace it",
                        fix_title=f"Declare it as a parameter (`Annotated[T, Depends({fn.name})]`)",
                    )
                )
                continue
            if h.payload(_Data).entered and not _wrapped_function(fn):
                out.append(_entered_hit(h, fn, caller))
                continue
            out.append(
                dataclasses.replace(
                    h,
                    message=f"yield dependency `{fn.name}()` is called directly{caller}: "
                    + (
                        # the loop drives it to its end: its cleanup runs when the loop ends,
                        # not when an exception leaves the loop
                        "`dependency_overrides` cannot replace it, and an exception that leaves "
                        "the loop skips its error handling (its `finally` waits for the "
                        "generator to be collected)"
                        if h.payload(_Data).driven
                        else _abandoned(project, fn)
                    ),
                    fix_title=f"Declare it as a parameter (`Annotated[T, Depends({fn.name})]`), or use "
                    f"`{'asynccontextmanager' if fn.is_async else 'contextmanager'}({fn.name})` outside requests",
                )
            )
        return out

    bad = (
        Example(
            files={
                **_SERVED_DB,
                "svc/main.py": _SERVED_DB["svc/main.py"]
                + "from svc.deps import SessionDep\n"
                + "@app.get('/other')\n"
                + "def other(db: SessionDep) -> str:\n"
                + "    return db\n",
                "svc/deps.py": _WRAPPER,
            },
            note="the other side of the dead-module trap: a route of the served app takes the "
            "wrapper as its dependency",
            lines=(10,),
        ),
        snippet(
            """\
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, FastAPI

app = FastAPI()


def get_db() -> Iterator[str]:
    try:
        yield "session"
    finally:
        pass


DbDep = Annotated[str, Depends(get_db)]


@app.get("/a")
def route_a(db: DbDep) -> str:
    return db


@app.get("/b")
def route_b() -> str:
    db = next(get_db())
    return db
""",
            lines=(26,),
        ),
        snippet(
            """\
from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractAsyncContextManager

from fastapi import Depends, FastAPI

app = FastAPI()


def open_session() -> AbstractAsyncContextManager[str]: ...


async def get_session() -> AsyncIterator[str]:
    async with open_session() as session:
        yield session


def get_cursor() -> Iterator[list[str]]:
    cursor: list[str] = []
    yield cursor
    cursor.clear()


@app.get("/items", dependencies=[Depends(get_session), Depends(get_cursor)])
async def items() -> str:
    async for session in get_session():
        return session
    return ""


@app.get("/rows")
def rows() -> int:
    return len(next(get_cursor()))
""",
            note="left suspended at its yield: a `with` around it closes late, bare code "
            "after it never runs",
            lines=(25, 32),
        ),
        Example(
            files={
                "app/deps.py": """\
from collections.abc import AsyncIterator

from fastapi import Depends


class Session:
    async def close(self) -> None: ...


async def get_session() -> AsyncIterator[Session]:
    s = Session()
    try:
        yield s
    finally:
        await s.close()


def get_user() -> dict:
    return {"id": 1}
""",
                "app/routes.py": """\
from fastapi import APIRouter, Depends, Security

from app import deps

router = APIRouter()


@router.get("/items")
async def items(session: deps.Session = Depends(deps.get_session)) -> list:
    return []


@router.get("/report")
async def report() -> dict:
    gen = deps.get_session()
    session = await gen.__anext__()
    user = Depends(deps.get_user)
    scoped = Security(deps.get_user, scopes=["admin"])
    if scoped.id:
        pass
    return {"user": user["id"], "owner": (await Depends(deps.get_user)).id}


gen = deps.get_session()
""",
            },
            note="an async generator dependency through a module import; markers used as values",
            lines=(15, 17, 18, 21, 24),
        ),
        snippet(
            """\
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, FastAPI

app = FastAPI()


def get_db() -> Iterator[str]:
    try:
        yield "session"
    finally:
        pass


DbDep = Annotated[str, Depends(get_db)]


@app.get("/a")
def route_a(db: DbDep) -> list[str]:
    out = []
    for db in get_db():
        out.append(db)
    return out


def first_session() -> str:
    for db in get_db():
        return db
    return ""
""",
            note="a loop in a route still bypasses dependency_overrides; a loop left by "
            "`return` leaves the generator before its cleanup",
            lines=(22, 28),
        ),
        snippet(
            """\
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Annotated

from fastapi import Depends, FastAPI

app = FastAPI()


def get_db() -> Iterator[AbstractContextManager[str]]:
    try:
        yield open("db")
    finally:
        pass


DbDep = Annotated[AbstractContextManager[str], Depends(get_db)]


@app.get("/a")
def route_a(db: DbDep) -> str:
    return ""


@app.get("/b")
def route_b() -> str:
    with next(get_db()) as db:
        return str(db)


def background() -> str:
    db = next(get_db())
    return str(db)
""",
            note="a route that closes the yielded resource itself still bypasses "
            "dependency_overrides (info); `next()` with nothing closing its value is reported",
            lines=(27, 32),
        ),
        snippet(
            _WRAPPED_SESSION.format(
                imp="from functools import cache", deco="cache", use="return next(open_session())"
            ),
            note="the other side of the `@contextmanager` trap: another decorator does not "
            "drive the generator it is handed",
            lines=(24,),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/db.py": _SESSIONS_DB,
                "app/reports.py": _reports_router("\n\nwarm = next(get_db())"),
                "app/main.py": _REPORTS_MAIN,
            },
            note="the other side of the rebinding trap: run at import time, above the module's "
            "own `def get_db`, the name is still the imported generator dependency",
            lines=(15,),
        ),
        snippet(
            """\
import asyncio
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, FastAPI

app = FastAPI()


async def get_session() -> AsyncIterator[str]:
    try:
        yield "session"
    finally:
        pass


@app.get("/")
async def root(session: Annotated[str, Depends(get_session)]) -> str:
    return session


async def seed() -> None:
    async with get_session() as session:
        print(session)


if __name__ == "__main__":
    asyncio.run(seed())
""",
            note="a script that enters the generator dependency with `async with`: a generator "
            "is not a context manager, the statement raises before the generator starts",
            lines=(23,),
        ),
    )
    good = (
        Example(
            files={**_SERVED_DB, "svc/deps.py": _WRAPPER},
            note="a stray module of the served package that nothing imports or names drives "
            "the dependency itself: its code never runs, so no override is bypassed",
        ),
        snippet(
            _WRAPPED_SESSION.format(
                imp="from contextlib import contextmanager",
                deco="contextmanager",
                use="with open_session() as db:\n        return db",
            ),
            note="a `@contextmanager` function that returns the dependency's generator: the "
            "decorator drives it as `contextmanager(get_db)` would, so its cleanup runs",
        ),
        snippet(
            """\
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import Depends, FastAPI

app = FastAPI()


def get_db() -> Iterator[str]:
    try:
        yield "session"
    finally:
        pass


DbDep = Annotated[str, Depends(get_db)]
db_session = contextmanager(get_db)


@app.get("/b")
def route_b(db: DbDep) -> str:
    return db


def cli_task() -> str:
    with db_session() as db:
        return db
"""
        ),
        snippet(
            """\
from collections.abc import Iterator
from contextlib import closing
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Security

app = FastAPI()
CurrentUser = Depends(lambda: {"id": 1})


def get_db() -> Iterator[str]:
    yield "session"


def get_tx() -> Iterator[str]:
    yield from get_db()


def warm_up() -> None:
    with closing(get_db()) as gen:
        next(gen)


def numbers() -> Iterator[int]:
    yield 1


def require(role: str):
    return Security(get_db, scopes=[role])


def build_router(dep) -> APIRouter:
    auth = Depends(dep)
    deps = [Depends(get_db)]
    Local = Annotated[str, Depends(get_db)]
    router = APIRouter(dependencies=deps)

    @router.get("/x")
    def x(user=auth, db: Local = "", tx: str = Depends(get_tx)) -> str:
        return db

    return router


@app.get("/n")
def n(user: dict = CurrentUser, admin: str = require("admin")) -> list[int]:
    app.dependency_overrides[get_db] = lambda: "fake"
    return list(numbers())
""",
            note="yield from delegation, plain generators, factories, locals passed on as defaults, overrides",
        ),
        Example(
            files={
                "app/deps.py": """\
from collections.abc import Iterator


def get_db() -> Iterator[str]:
    yield "session"
""",
                "app/main.py": """\
from fastapi import Depends, FastAPI

from app.deps import get_db

app = FastAPI()


@app.get("/")
def root(db: str = Depends(get_db)) -> str:
    return db
""",
                "tests/test_deps.py": """\
from app.deps import get_db


def test_get_db() -> None:
    assert next(get_db()) == "session"
""",
            },
            note="tests may drive a dependency by hand",
        ),
        snippet(
            """\
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI


async def get_engine() -> AsyncIterator[str]:
    try:
        yield "engine"
    finally:
        pass


async def ping_engine() -> None:
    async for engine in get_engine():
        for attempt in range(3):
            if engine:
                break
        if not engine:
            raise ConnectionError(engine)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    await ping_engine()
    yield


app = FastAPI(lifespan=lifespan)


@app.get("/")
async def root(engine: Annotated[str, Depends(get_engine)]) -> str:
    return engine
""",
            note="start-up code that drives the generator with `async for` to its end: the "
            "cleanup runs and no request is involved (seen in argilla-server)",
        ),
        snippet(
            """\
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, FastAPI


def get_db() -> Iterator[str]:
    try:
        yield "session"
    finally:
        pass


def migrate() -> str:
    gen = get_db()
    try:
        return next(gen)
    finally:
        gen.close()


app = FastAPI()


@app.get("/")
def root(db: Annotated[str, Depends(get_db)]) -> str:
    return db
""",
            note="a command that closes the generator in `finally:`: the cleanup runs",
        ),
        Example(
            files={
                "app/db.py": """\
from collections.abc import Iterator


class Session:
    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None: ...


def get_db() -> Iterator[Session]:
    db = Session()
    try:
        yield db
    finally:
        db.close()
""",
                "app/main.py": """\
from typing import Annotated

from fastapi import BackgroundTasks, Depends, FastAPI

from app.db import Session, get_db

app = FastAPI()


class Node:
    async def run(self) -> None:
        db = next(get_db())
        try:
            pass
        finally:
            db.close()


@app.post("/runs")
async def start(tasks: BackgroundTasks, db: Annotated[Session, Depends(get_db)]) -> dict:
    async def work() -> None:
        with next(get_db()) as session:
            session.close()
        await Node().run()

    tasks.add_task(work)
    return {}
""",
            },
            note="background work that closes what the generator yields itself (a `with` on the "
            "session, a `finally: db.close()`): the cleanup runs, and a task is no request "
            "whose overrides it would miss (seen in pyspur)",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/db.py": _SESSIONS_DB,
                "app/reports.py": _reports_router(),
                "app/main.py": _REPORTS_MAIN,
            },
            note="a function's body reads the module's last binding of a name: `nightly` calls "
            "the module's own plain `get_db`, defined below the import of the generator "
            "dependency the route declares",
        ),
    )


def _on_request_path(project: Project, function: str | None) -> bool:
    """Positive evidence that ``function`` runs with a request: a route, a dependency, or
    a function the call graph reaches from one."""
    if function is None:
        return False
    if function in project.request_path_functions:
        return True
    reach = project.reach(function)
    return reach is not None and reach.on_request_path


def _entered_by(node: ast.Call, ctx: ModuleContext) -> str | None:
    """``"with"`` / ``"async with"`` when ``node`` is the context manager of an item of that
    statement (``async with get_session() as s:``), else None."""
    parent = ctx.parent
    if not (isinstance(parent, ast.withitem) and parent.context_expr is node):
        return None
    for p in reversed(ctx.parents):
        if isinstance(p, ast.AsyncWith):
            return "async with"
        if isinstance(p, ast.With):
            return "with"
    return None  # pragma: no cover - a ``withitem`` stands only in a ``with``


def _wrapped_function(fn: Function) -> bool:
    """``fn`` is itself decorated ``@contextmanager`` / ``@asynccontextmanager``: calling it
    returns a context manager, so entering it with ``with`` is right."""
    return any(qname_of(d) in _WRAPPERS for d in fn.decorators)


def _entered_hit(hit: Hit, fn: Function, caller: str) -> Hit:
    """The hit of ``with get_db() as s:`` / ``async with get_session() as s:``: a generator
    object is no context manager, so the statement raises before the generator runs (a
    ``TypeError`` since Python 3.11, an ``AttributeError`` before); nothing is left
    suspended, the code simply never works."""
    wrapper = "asynccontextmanager" if fn.is_async else "contextmanager"
    entered = hit.payload(_Data).entered
    return dataclasses.replace(
        hit,
        message=f"yield dependency `{fn.name}()` is called directly{caller} and entered with "
        f"`{entered}`: a generator is not a context manager, so the statement raises "
        "TypeError (AttributeError before Python 3.11) before the dependency runs",
        fix_title=f"Declare it as a parameter (`Annotated[T, Depends({fn.name})]`), or enter "
        f"`{wrapper}({fn.name})()` outside requests",
    )


def _wrapped(node: ast.Call, ctx: ModuleContext) -> bool:
    """``return get_db()`` in a plain ``def`` decorated ``@contextmanager`` (or
    ``@asynccontextmanager``): the decorator receives the dependency's generator, as
    ``contextmanager(get_db)`` would, and drives it, so its cleanup runs on leaving the
    ``with`` block."""
    scope = ctx.scope
    func = scope.node if scope.kind == "function" else None
    return (
        isinstance(ctx.parent, ast.Return)
        and isinstance(func, ast.FunctionDef)
        and ctx.parent in func.body
        and any(ctx.resolve(d) in _WRAPPERS for d in func.decorator_list)
    )


def _caller_cleans_up(node: ast.Call, ctx: ModuleContext) -> bool:
    """What the generator yields is cleaned up by the caller itself: ``with next(get_db())
    as s:`` (the ``with`` closes the session), or ``s = next(get_db())`` / ``s = await
    anext(...)`` where the function closes ``s`` in a ``finally:`` or enters ``with s:``."""
    parent = ctx.parent
    if not (isinstance(parent, ast.Call) and ctx.resolve(parent.func) in _NEXT):
        return False
    if not (parent.args and parent.args[0] is node):
        return False
    up = [p for p in ctx.parents[:-1] if not isinstance(p, ast.Await)]
    outer: ast.AST | None = up[-1] if up else None
    if isinstance(outer, ast.withitem):
        return True
    if not (
        isinstance(outer, (ast.Assign, ast.AnnAssign))
        and (outer.targets if isinstance(outer, ast.Assign) else [outer.target])
        and isinstance(
            target := (outer.targets[0] if isinstance(outer, ast.Assign) else outer.target),
            ast.Name,
        )
    ):
        return False
    fn = ctx.enclosing_def
    if fn is None:
        return False
    closed = ctx.state(_Closed).names
    found = closed.get(id(fn))
    if found is None:
        found = closed[id(fn)] = _closed_in_finally(fn)
    return target.id in found


def _closed_later(node: ast.Call, ctx: ModuleContext) -> bool:
    """``gen = get_db()`` whose function also calls ``gen.close()`` / ``await gen.aclose()``
    in a ``finally:``: closing the generator runs its cleanup."""
    parent = ctx.parent
    if not (
        isinstance(parent, ast.Assign)
        and parent.value is node
        and len(parent.targets) == 1
        and isinstance(parent.targets[0], ast.Name)
    ):
        return False
    name = parent.targets[0].id
    fn = ctx.enclosing_def
    if fn is None:
        return False
    closed = ctx.state(_Closed).names
    found = closed.get(id(fn))
    if found is None:  # once per function (the tree lives as long as the module's walk)
        found = closed[id(fn)] = _closed_in_finally(fn)
    return name in found


@dataclasses.dataclass
class _Calls:
    """The module's project calls found so far (the call, its payload), reported when the
    module is left: only then has every function of it been seen whole (its ``yield``)."""

    found: list[tuple[ast.Call, _Data]] = dataclasses.field(default_factory=list)


def _may_be_generator(q: str, facts: ModuleFacts, ctx: ModuleContext) -> bool:
    """Whether ``project.function(q)`` (``judge``'s look-up) may be a generator function, by
    what the calling module alone says: False for a name of the module's own namespace that
    :meth:`Project.resolve <auditor.project.Project.resolve>` answers from this module's
    facts with no function or a plain one (one of its functions, classes, a class's
    attribute, a module-level binding or an attribute of one that is no project-class
    instance).  The answer depends on this file alone, as the facts cache requires.

    A package's ``__init__`` is never answered for: a name below it may be a submodule's."""
    module = facts.module
    if facts.is_package or not q.startswith(module) or q[len(module) : len(module) + 1] != ".":
        return True
    fn = facts.functions.get(q)
    if fn is not None:
        return fn.is_generator
    head, _, tail = q[len(module) + 1 :].partition(".")
    local = f"{module}.{head}"
    if local in facts.classes or local in facts.functions:
        return False  # a class, or a name under a class or function that is no function here
    if head in facts.imports:
        return True
    value = facts.bindings.get(head)
    if value is None:
        return True  # a name a star import may bring
    if not tail or "." in tail:
        return False  # the binding itself, or deeper than a method of it
    # ``svc.run`` of ``svc = Service()``: a method of the class, if it is a project class
    return isinstance(value, Call) and ctx.is_project(value.qname)


@dataclasses.dataclass
class _Closed:
    """The names each function of the module closes in a ``finally:``, by the function's id."""

    names: dict[int, frozenset[str]] = dataclasses.field(default_factory=dict)


def _closed_in_finally(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str]:
    """``name`` of every ``name.close()`` / ``name.aclose()`` in a ``finally:`` of ``fn``, and
    of every ``with name:`` / ``async with name:`` (the context manager closes it)."""
    out: set[str] = set()
    for t in _statements(fn):
        if isinstance(t, (ast.With, ast.AsyncWith)):
            out.update(i.context_expr.id for i in t.items if isinstance(i.context_expr, ast.Name))
            continue
        if not isinstance(t, ast.Try):
            continue
        for c in (c for stmt in t.finalbody for c in walk(stmt)):
            if (
                isinstance(c, ast.Call)
                and isinstance(c.func, ast.Attribute)
                and c.func.attr in ("close", "aclose")
                and isinstance(c.func.value, ast.Name)
            ):
                out.add(c.func.value.id)
    return frozenset(out)


#: the fields that hold statements (of statements, ``except`` handlers and ``case`` clauses)
_STATEMENT_LISTS = ("body", "orelse", "finalbody", "handlers", "cases")


def _statements(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[ast.AST]:
    """Every statement below ``fn`` (nested functions and classes included), and its
    ``except`` handlers and ``case`` clauses: the nodes of ``walk(fn)`` that can be a
    ``with`` or a ``try``, without the expressions (which hold no statement), in no
    particular order."""
    stack: list[ast.AST] = list(fn.body)
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, ast.expr):  # ``Lambda.body``, ``IfExp.body``: never reached
            continue
        for fld in _STATEMENT_LISTS:
            sub = getattr(n, fld, None)
            if type(sub) is list:
                stack.extend(sub)


def _abandoned(project: Project, fn: Function) -> str:
    """What becomes of a generator left suspended at its ``yield``: a ``finally`` or ``with``
    around every ``yield`` still runs when the abandoned generator is collected (late, after
    the request; asyncio's finaliser schedules ``aclose()``), bare code after it never."""
    node = project.def_node(fn)
    if node is not None and _every_yield_guarded(node):
        return (
            "it is left suspended at its `yield`, so its cleanup waits until the abandoned "
            "generator is collected, after the request, and `dependency_overrides` cannot "
            "replace it"
        )
    return "its cleanup never runs and `dependency_overrides` cannot replace it"


def _every_yield_guarded(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Every ``yield`` of ``fn`` (not of nested scopes) stands in a ``with`` body or a ``try``
    body that has a ``finally``: closing the generator runs that cleanup."""
    found = False
    stack: list[tuple[ast.AST, bool]] = [(n, False) for n in fn.body]
    while stack:
        n, guarded = stack.pop()
        if isinstance(n, (ast.Yield, ast.YieldFrom)):
            if not guarded:
                return False
            found = True
            continue
        if isinstance(n, _SCOPES):
            continue
        if isinstance(n, (ast.With, ast.AsyncWith)):
            stack.extend((c, guarded) for c in n.items)
            stack.extend((c, True) for c in n.body)
            continue
        if isinstance(n, (ast.Try, ast.TryStar)) and n.finalbody:
            stack.extend((c, True) for c in n.body)
            stack.extend((c, guarded) for c in (*n.handlers, *n.orelse, *n.finalbody))
            continue
        stack.extend((c, guarded) for c in ast.iter_child_nodes(n))
    return found


def _leaves(body: list[ast.stmt]) -> bool:
    """A ``break`` or ``return`` that leaves this loop early (the generator is then left
    suspended before its cleanup); a nested loop's ``break`` and nested scopes do not count."""
    stack: list[tuple[ast.AST, bool]] = [(n, False) for n in body]
    while stack:
        n, inner = stack.pop()
        if isinstance(n, ast.Return) or (isinstance(n, ast.Break) and not inner):
            return True
        if isinstance(n, _SCOPES):
            continue
        nested = inner or isinstance(n, (ast.For, ast.AsyncFor, ast.While))
        stack.extend((c, nested) for c in ast.iter_child_nodes(n))
    return False


def _text(node: ast.AST) -> str:
    try:
        text = " ".join(ast.unparse(node).split())
    except Exception:  # pragma: no cover
        return "Depends(...)"
    return text if len(text) <= 50 else text[:47] + "..."


def _inside_depends(ctx: ModuleContext) -> bool:
    """The current call is (within) an argument of ``Depends(...)`` / ``Security(...)``."""
    for p in reversed(ctx.parents):
        if isinstance(p, ast.Call) and ctx.resolve(p.func) in names.DEPENDS:
            return True
        if isinstance(p, (ast.stmt, *_SCOPES)):
            return False
    return False


def _in_annotated(node: ast.AST, ctx: ModuleContext) -> bool:
    for p in reversed(ctx.parents):
        if isinstance(p, ast.Subscript) and ctx.resolve(p.value) in ANNOTATED:
            return True
        if isinstance(p, ast.stmt):
            return False
    return False


def _used_as_value(
    fn: ast.FunctionDef | ast.AsyncFunctionDef, name: str, ctx: ModuleContext
) -> bool:
    """Every later use of ``name`` in ``fn`` treats it as the dependency's value (an attribute,
    a call, an item, an ``await``, ``next()``), and there is at least one."""
    parents: dict[int, ast.AST] = {}
    uses: list[ast.Name] = []
    stack: list[ast.AST] = [fn]
    while stack:
        n = stack.pop()
        for child in ast.iter_child_nodes(n):
            parents[id(child)] = n
            if isinstance(child, ast.Name) and child.id == name and isinstance(child.ctx, ast.Load):
                uses.append(child)
            stack.append(child)
    if not uses:
        return False
    for use in uses:
        parent = parents.get(id(use))
        if isinstance(parent, ast.Attribute) and parent.value is use:
            continue
        if isinstance(parent, ast.Call) and parent.func is use:
            continue
        if isinstance(parent, ast.Subscript) and parent.value is use:
            continue
        if isinstance(parent, ast.Await):
            continue
        if (
            isinstance(parent, ast.Call)
            and ctx.resolve(parent.func) in _NEXT
            and use in parent.args
        ):
            continue
        return False
    return True
