from __future__ import annotations

import ast
import dataclasses
from dataclasses import dataclass, field
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity, snippet, when
from auditor.facts import Lit, Name, Seq, Sub, Union, qname_of
from auditor.project import OPTIONAL, UNION, Project
from auditor.recognisers import THREAD_OFFLOADERS
from auditor.walker import ModuleContext

#: Synchronous ORM sessions (canonical names, see ``auditor.names``).
SYNC_SESSIONS = frozenset({"sqlalchemy.orm.Session", "sqlmodel.Session"})
#: Session methods that do database I/O.
IO_METHODS = frozenset(
    {"query", "execute", "commit", "get", "scalars", "scalar", "refresh", "flush"}
)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _inside_offloader(ctx: ModuleContext) -> bool:
    """An enclosing call (up to the function) hands its arguments to a thread."""
    for parent in reversed(ctx.parents):
        if isinstance(parent, _SCOPES):
            return False
        if isinstance(parent, ast.Call) and ctx.resolve(parent.func) in THREAD_OFFLOADERS:
            return True
    return False


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    function: str | None = None
    param: str | None = None


@dataclass
class _Uses:
    """What one async function does with its session parameters."""

    #: parameter -> how it is used synchronously (shown in the message)
    uses: dict[str, list[str]] = field(default_factory=dict)
    #: parameters used with ``await`` (an async session after all)
    awaited_io: set[str] = field(default_factory=set)


def _mentions(call: ast.Call, params: frozenset[str]) -> bool:
    """``call`` is a method of a parameter or passes one (what visit_Call records)."""
    func = call.func
    if (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in params
    ):
        return True
    return any(
        isinstance(x, ast.Name) and x.id in params
        for x in (*call.args, *[k.value for k in call.keywords])
    )


@dataclass
class _State:
    functions: dict[str, _Uses] = field(default_factory=dict)  # async function qname -> uses
    #: id of an async function's facts -> its annotated parameters (each call of it asks)
    params: dict[int, frozenset[str]] = field(default_factory=dict)


class SyncSessionInAsyncPath(Check):
    """
    ## What it does
    Flags an `async def` route handler or dependency with a parameter typed as a synchronous
    SQLAlchemy `Session` (`sqlalchemy.orm.Session`) or `sqlmodel.Session` that it uses
    directly: a query (`.query`, `.execute`, `.scalars`, `.get`, ...) or a
    `.commit`/`.flush`/`.refresh` called without `await`, or the session handed to another
    function without offloading it.  The annotation is followed through `Annotated`,
    `Optional`/`Union`/`| None` and project aliases such as
    `SessionDep = Annotated[Session, Depends(get_session)]`.  The finding sits on the
    parameter and lists the calls.

    ## Why is this bad?
    A synchronous `Session` talks to the database on the calling thread.  In an
    `async def` function that thread is the event loop, so every query stalls every other
    request of the worker until the database answers: the blocking-call bug of ASY001, made
    structural.  The sources type async routes with an awaited `AsyncSession`
    ([Production guide 2026], [Production skill 2025], [Patterns reference]), and
    [zhanymkanov README] says to "reach for SQLAlchemy 2.0's async API (`AsyncSession`,
    `async_sessionmaker`)".

    A plain `def` route with a `Session` is correct: FastAPI runs it in its threadpool.  An
    `AsyncSession` never matches.

    ## Example
    ```python
    @app.get("/users")
    async def list_users(db: Annotated[Session, Depends(get_db)]):
        return db.query(User).all()
    ```

    ## Use instead
    Keep the sync ORM and make the route sync:
    ```python
    @app.get("/users")
    def list_users(db: Annotated[Session, Depends(get_db)]):
        return db.scalars(select(User)).all()
    ```
    or go async end to end:
    ```python
    @app.get("/users")
    async def list_users(db: Annotated[AsyncSession, Depends(get_db)]):
        return (await db.scalars(select(User))).all()
    ```

    ## Fix safety
    No automatic fix: making the route sync changes how its other awaits work, and moving
    to `AsyncSession` changes the session factory, the dependency and every query.

    ## Known problems
    A session that the function never uses, or only hands to `run_in_threadpool`,
    `asyncio.to_thread`, `anyio.to_thread.run_sync`, a nested function, a builtin or a logging
    call, is not reported.  A session passed to an awaited call is not counted either.
    When any of the listed methods is awaited on the parameter the annotation is taken to be
    wrong (the object is really an `AsyncSession`) and nothing is reported.  String (forward
    reference) annotations are not resolved.

    ## References
    - [Production guide 2026], [Production skill 2025], [Patterns reference] (async routes take an awaited `AsyncSession`)
    - [zhanymkanov README] (SQLAlchemy 2.0's async API)
    - SQLAlchemy docs, "Asynchronous I/O (asyncio)"; FastAPI docs, "Concurrency and async / await"
    """

    id = "DBS003"
    name = "sync-session-in-async-path"
    category = "database"
    severity = Severity.WARNING
    message = "synchronous Session used in an async request path"
    fix_title = "Make the function a plain `def`, or use an `AsyncSession` and await its calls"
    sources = (
        "Production guide 2026",
        "Production skill 2025",
        "Patterns reference",
        "zhanymkanov README",
    )

    # The uses are collected by the module's single walk (no second walk of the body):
    # ``visit_Call`` records, per async function, un-awaited I/O calls on its annotated
    # parameters and calls it hands them to; ``leave_AsyncFunctionDef`` emits the hits.
    @when(in_async=True)
    def visit_Call(self, n: ast.Call, ctx: ModuleContext) -> None:
        fn = ctx.function
        if fn is None or not fn.is_async:
            return
        st = ctx.state(_State)
        params = st.params.get(id(fn))
        if params is None:  # the facts of a function live as long as the module's walk
            params = st.params[id(fn)] = frozenset(
                p.name
                for p in fn.params
                if p.annotation is not None and p.kind != "vararg" and p.kind != "kwarg"
            )
        if not params or not _mentions(n, params):
            return  # a call that names no annotated parameter records nothing
        state = st.functions.get(fn.qname)
        if state is None:
            state = st.functions[fn.qname] = _Uses()
        awaited = isinstance(ctx.parent, ast.Await)
        if _inside_offloader(ctx):
            return
        func = n.func
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id in params
        ):
            if func.attr in IO_METHODS:
                if awaited:
                    state.awaited_io.add(func.value.id)
                else:
                    state.uses.setdefault(func.value.id, []).append(
                        f"`{func.value.id}.{func.attr}()` (line {n.lineno})"
                    )
            return
        callee_q = ctx.resolve(func)
        if callee_q in THREAD_OFFLOADERS:
            return
        if awaited or (callee_q or "").startswith("builtins.") or _is_logging_call(func):
            return
        passed = [
            x.id
            for x in (*n.args, *[k.value for k in n.keywords])
            if isinstance(x, ast.Name) and x.id in params
        ]
        if passed:
            callee = _callee_text(func)
            for name in passed:
                state.uses.setdefault(name, []).append(f"passed to `{callee}()` (line {n.lineno})")

    def leave_AsyncFunctionDef(self, node: ast.AsyncFunctionDef, ctx: ModuleContext) -> None:
        qname = ctx.child_qname(node.name)
        state = ctx.state(_State).functions.pop(qname, None)
        if not state or not state.uses:
            return
        a = node.args
        params = {
            p.arg: p for p in (*a.posonlyargs, *a.args, *a.kwonlyargs) if p.annotation is not None
        }
        for name, found in state.uses.items():
            if name in state.awaited_io or name not in params:
                continue
            listed = ", ".join(found[:5]) + (
                f" and {len(found) - 5} more" if len(found) > 5 else ""
            )
            ctx.report(
                params[name],
                f"sync `Session` `{name}` in `async def {node.name}` blocks the event loop: {listed}",
                data=_Data(function=qname, param=name),
            )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        out: list[Hit] = []
        request_path = project.request_path_functions
        for h in hits:
            fn = request_path.get(h.payload(_Data).function or "")
            if fn is None or not fn.is_async:
                continue
            param = next((p for p in fn.params if p.name == h.payload(_Data).param), None)
            if param is None or not _is_sync_session(project, param.annotation):
                continue
            out.append(dataclasses.replace(h))
        return out

    bad = (
        snippet(
            """\
from typing import Annotated

from fastapi import Depends, FastAPI
from sqlalchemy import text
from sqlalchemy.orm import Session

app = FastAPI()


def get_db() -> Session:
    return Session()


@app.get("/users")
async def list_users(db: Annotated[Session, Depends(get_db)]) -> list[str]:
    return [str(row) for row in db.execute(text("SELECT 1"))]
""",
            lines=(15,),
        ),
        Example(
            files={
                "app/db.py": """\
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends
from sqlmodel import Session, create_engine

engine = create_engine("sqlite://")


def get_session() -> Iterator[Session]:
    with Session(engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
""",
                "app/main.py": """\
from typing import Optional

from fastapi import APIRouter, Depends

from app.db import SessionDep, get_session
from app import crud
from sqlmodel import Session as S

router = APIRouter()


@router.post("/heroes")
async def create_hero(session: SessionDep, name: str) -> dict[str, str]:
    hero = crud.build(name)
    session.add(hero)
    session.commit()
    session.refresh(hero)
    return {"name": name}


@router.get("/heroes")
async def list_heroes(session: Optional[S] = Depends(get_session)) -> list[str]:
    return crud.list_heroes(session)
""",
                "app/crud.py": "def build(name):\n    return name\n\n\ndef list_heroes(session):\n    return []\n",
            },
            note="a project alias from another module, sqlmodel, Optional and an aliased import, a sync helper",
            lines=(13, 22),
        ),
        snippet(
            """\
from fastapi import Depends, FastAPI
from sqlalchemy.orm import Session

app = FastAPI()


def get_db() -> Session:
    return Session()


async def current_user(db: Session | None = Depends(get_db)) -> str:
    return str(db.get(dict, 1))


@app.get("/me")
async def me(user: str = Depends(current_user)) -> str:
    return user
""",
            note="an async dependency counts; `| None` is unwrapped",
            lines=(11,),
        ),
    )
    good = (
        snippet(
            """\
from typing import Annotated

from fastapi import Depends, FastAPI
from sqlalchemy import text
from sqlalchemy.orm import Session

app = FastAPI()


def get_db() -> Session:
    return Session()


@app.get("/users")
def list_users(db: Annotated[Session, Depends(get_db)]) -> list[str]:
    return [str(row) for row in db.execute(text("SELECT 1"))]
""",
            note="a sync route runs in the threadpool",
        ),
        snippet(
            """\
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, FastAPI
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

app = FastAPI()
SessionLocal = async_sessionmaker()


async def get_db() -> AsyncIterator[AsyncSession]:
    async with SessionLocal() as session:
        yield session


DbSession = Annotated[AsyncSession, Depends(get_db)]


@app.get("/users")
async def list_users(db: DbSession) -> list[str]:
    await db.execute(text("SELECT 1"))
    await db.commit()
    return [str(u) for u in (await db.scalars(select(text("1")))).all()]
""",
            note="AsyncSession, awaited",
        ),
        snippet(
            """\
from typing import Annotated

from fastapi import Depends, FastAPI
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session
import logging

logger = logging.getLogger(__name__)
app = FastAPI()


def get_db() -> Session:
    return Session()


def count(db: Session) -> int:
    return db.query(int).count()


@app.get("/count")
async def count_users(db: Annotated[Session, Depends(get_db)]) -> int:
    def inner() -> int:
        return db.query(int).count()

    logger.info("counting with %s", db)
    await run_in_threadpool(inner)
    return await run_in_threadpool(count, db)
""",
            note="the session only used off the event loop (and logged)",
        ),
        snippet(
            """\
from sqlalchemy.orm import Session


class Session2:
    def execute(self, q: str) -> str:
        return q


async def background_job(db: Session) -> None:
    db.execute("SELECT 1")
    db.commit()


async def other(db: Session2) -> None:
    db.execute("SELECT 1")
""",
            note="not a route or a dependency; a look-alike class",
        ),
    )


_LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "msg"}
)


def _is_logging_call(func: ast.expr) -> bool:
    """``logger.info(..., db)``: mentioning the session is not using it."""
    return isinstance(func, ast.Attribute) and func.attr in _LOG_METHODS


def _callee_text(func: ast.expr) -> str:
    try:
        return ast.unparse(func)[:60]
    except Exception:  # pragma: no cover
        return "?"


def _is_sync_session(project: Project, ann, depth: int = 0) -> bool:
    """The annotation resolves to a synchronous Session (possibly optional), nothing else."""
    if not ann or depth > 6:
        return False
    inner, _meta = project.unwrap_annotated(ann)
    if not inner:
        return False
    match inner:
        case Name(qname=q):
            return project.name_is_class(q, SYNC_SESSIONS)
        case Sub(value=value, slice=sl):
            q = qname_of(value)
            if q in OPTIONAL:
                return _is_sync_session(project, sl, depth + 1)
            if q in UNION:
                items = sl.items if isinstance(sl, Seq) else [sl]
                return _all_sync_or_none(project, items, depth)
            return False
        case Union(items=items):
            return _all_sync_or_none(project, items, depth)
    return False


def _all_sync_or_none(project: Project, items, depth: int) -> bool:
    members = [
        i
        for i in items
        if not (isinstance(i, Lit) and i.value is None)
        and not (i and qname_of(i) == "builtins.None")
    ]
    return bool(members) and all(_is_sync_session(project, i, depth + 1) for i in members)
