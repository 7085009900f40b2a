from __future__ import annotations

import ast
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity, snippet, when
from auditor.project import Project
from auditor.walker import ModuleContext

#: ``async_sessionmaker`` spellings.
ASYNC_SESSIONMAKER = frozenset(
    {
        "sqlalchemy.ext.asyncio.async_sessionmaker",
        "sqlalchemy.ext.asyncio.session.async_sessionmaker",
    }
)
#: ``sessionmaker`` (canonical, see ``auditor.names``).
SESSIONMAKER = frozenset({"sqlalchemy.orm.sessionmaker"})
#: Async session classes (SQLModel's subclasses SQLAlchemy's).
ASYNC_SESSIONS = frozenset(
    {
        "sqlalchemy.ext.asyncio.AsyncSession",
        "sqlmodel.ext.asyncio.session.AsyncSession",
        "sqlmodel.ext.asyncio.AsyncSession",
    }
)


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    class_: str | None = None
    bound: str | None = None
    marker: str | None = None  # a factory configured with ``expire_on_commit`` (not a finding)
    #: how a session made in a function is used there: None when it leaves the function
    #: (returned, yielded, passed on) or is a factory; else the ORM-only methods it calls
    #: and the classes its ``select(...)`` / ``get(...)`` statements name
    usage: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    #: a coroutine that awaits ``<session>.commit()`` (not a finding): whether it then
    #: reads an object it handled through that session without refreshing it first
    commit: bool | None = None
    #: a session used within its function except that it is handed, as an argument, to
    #: project functions (``await create_default_roles(db)``): their qualified names
    passed: tuple[str, ...] = ()
    #: a session used only in the function that makes it: None when it never commits there
    #: (nothing expires), else whether an object it loaded or added is used after a commit
    local_stale: bool | None = None


#: Session methods that only exist for ORM instances (an identity map to expire).
ORM_METHODS = frozenset(
    {"add", "add_all", "merge", "refresh", "delete", "expunge", "expire", "query", "get", "get_one"}
)
#: Session methods that run a statement: the classes a ``select(...)`` names are looked up.
STATEMENT_METHODS = frozenset(
    {"execute", "scalars", "scalar", "scalar_one", "exec", "stream", "stream_scalars"}
)
#: Methods that use the session without loading anything (transaction control).
PLAIN_METHODS = frozenset(
    {
        "commit",
        "rollback",
        "close",
        "flush",
        "begin",
        "begin_nested",
        "in_transaction",
        "connection",
        "invalidate",
        "reset",
    }
)
SELECTS = frozenset(
    {
        "sqlalchemy.select",
        "sqlmodel.select",
        "sqlalchemy.sql.expression.select",
        "sqlalchemy.future.select",
    }
)


class AsyncSessionExpireOnCommit(Check):
    """
    ## What it does
    Flags async session factories and sessions created without `expire_on_commit=False`:
    `async_sessionmaker(...)`, `sessionmaker(..., class_=AsyncSession)` and
    `AsyncSession(...)` (SQLAlchemy's, or SQLModel's subclass).

    ## Why is this bad?
    By default a session expires every loaded attribute at `commit()`.  The next read of
    one, for example when FastAPI serialises the ORM object a route returns after
    committing, is an implicit lazy load.  Under asyncio there is no implicit I/O: the read
    raises `MissingGreenlet` ("greenlet_spawn has not been called"), or, in places that
    can load, issues a surprise query per object.  The SQLAlchemy asyncio documentation
    creates its session factories with `expire_on_commit=False` for this reason.
    [zhanymkanov README] recommends `async_sessionmaker`; [Production skill 2025]
    works around the default with an `await db.refresh(...)` after every commit.

    ## Example
    ```python
    async_session = async_sessionmaker(engine)
    ```

    ## Use instead
    ```python
    async_session = async_sessionmaker(engine, expire_on_commit=False)
    ```

    ## Fix safety
    The fix appends `expire_on_commit=False`.  It changes behaviour on purpose: objects keep
    the values they had at commit time instead of reloading them, so code that relied on
    reading fresh, database-generated values right after `commit()` (server defaults,
    triggers) must `await session.refresh(obj)` for them.  Code that already refreshes after
    every commit, as [Production skill 2025] does, works either way: if you prefer to
    keep that style, suppress the finding (`# noqa: DBS004`) instead.

    ## Known problems
    A call with an explicit `expire_on_commit=` keyword (whatever its value) or with
    `**kwargs` is taken as a deliberate choice and not reported, and so is a module-level
    factory that is later configured (`factory.configure(expire_on_commit=False)`) or
    called with the keyword anywhere (`factory(expire_on_commit=False)`), even if other
    call sites keep the default.  A project subclass of
    `AsyncSession` that defines its own `__init__` is not followed.  A factory is not
    reported when the project shows it already works with expiring sessions: it has
    coroutines that `await <session>.commit()`, and none of them reads an attribute of (or
    returns) an object it added or loaded through that session after the commit without
    `await <session>.refresh(obj)` first.  Nor is a session made in a function that loads
    nothing there and is only handed to project coroutines (`await seed_roles(db)`) that
    commit it and read nothing they handled afterwards.  Reads in other functions are not
    followed further.  A session made and used only in one function is reported only when
    something it loaded or added before a `commit()` is used after it there (or it opens a
    `begin()` block, not followed): one that never commits, or reads only what it loads
    after its last commit, cannot meet an expired attribute.

    ## References
    - [zhanymkanov README] (`AsyncSession`, `async_sessionmaker`)
    - [Production skill 2025] (`await db.refresh(...)` after each commit)
    - SQLAlchemy docs, "Asynchronous I/O (asyncio)": "Preventing Implicit IO when Using AsyncSession"
    """

    id = "DBS004"
    name = "async-session-expire-on-commit"
    category = "database"
    severity = Severity.WARNING
    message = "async session without `expire_on_commit=False`"
    fix_title = "Pass `expire_on_commit=False`"
    fix_safe = False
    sources = ("zhanymkanov README", "Production skill 2025")

    @when(
        callees=ASYNC_SESSIONMAKER | SESSIONMAKER | ASYNC_SESSIONS, keywords=("expire_on_commit",)
    )
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        q = ctx.resolve(node.func)
        if q is None:
            return
        if any(kw.arg is None for kw in node.keywords) or any(
            isinstance(a, ast.Starred) for a in node.args
        ):
            return  # ``**options``: may carry the keyword
        if any(kw.arg == "expire_on_commit" for kw in node.keywords):
            # ``factory.configure(expire_on_commit=False)`` or ``factory(expire_on_commit=False)``:
            # remember the factory, whose own creation is then not reported (see ``judge``)
            target = (
                node.func.value
                if isinstance(node.func, ast.Attribute) and node.func.attr == "configure"
                else node.func
            )
            configured = ctx.resolve(target)
            if configured and q not in ASYNC_SESSIONMAKER | SESSIONMAKER | ASYNC_SESSIONS:
                ctx.report(
                    node,
                    "marker",
                    data=_Data(marker=configured),
                )
            return
        if q in ASYNC_SESSIONMAKER:
            self._report(node, ctx, "async_sessionmaker(...)", None)
        elif q in SESSIONMAKER:
            cls = next((kw.value for kw in node.keywords if kw.arg == "class_"), None)
            if cls is None and len(node.args) >= 2:
                cls = node.args[1]
            cls_q = ctx.resolve(cls) if cls is not None else None
            if cls_q:
                self._report(node, ctx, "sessionmaker(..., class_=AsyncSession)", cls_q)
        elif q in ASYNC_SESSIONS:
            self._report(node, ctx, "AsyncSession(...)", None)

    @when(says=(b"commit",))  # (the module's text first, then the coroutine's lines)
    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef, ctx: ModuleContext) -> None:
        if not ctx.lines_say(b"commit", node):
            return  # the coroutine cannot await ``<r>.commit()``
        stale = _stale_read_after_commit(node)
        if stale is not None:
            ctx.report(node, "commit", data=_Data(commit=stale))

    def _report(self, node: ast.Call, ctx: ModuleContext, shown: str, class_q: str | None) -> None:
        parent = ctx.parent
        bound = None
        if ctx.scope.kind == "module" and isinstance(parent, (ast.Assign, ast.AnnAssign)):
            targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
            if len(targets) == 1 and isinstance(targets[0], ast.Name):
                bound = f"{ctx.module}.{targets[0].id}"
        passed: list[str] = []
        usage = _local_usage(node, ctx, passed) if shown == "AsyncSession(...)" else None
        name = _session_name(node, ctx)
        local_stale = None
        if usage is not None and not passed and name is not None and ctx.enclosing_def:
            local_stale = _local_stale(ctx.enclosing_def, name)
        ctx.report(
            node,
            f"`{shown}` without `expire_on_commit=False`: reading an attribute after `commit()` "
            "is lazy I/O (`MissingGreenlet` under asyncio)",
            fixable=True,
            data=_Data(
                class_=class_q,
                bound=bound,
                usage=usage,
                passed=tuple(passed),
                local_stale=local_stale,
            ),
        )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        configured = {
            project.canonical_name(h.payload(_Data).marker) or h.payload(_Data).marker
            for h in hits
            if h.payload(_Data).marker
        }
        commits = [h.payload(_Data).commit for h in hits if h.payload(_Data).commit is not None]
        # every coroutine that commits refreshes (or no longer reads) what it handled: the
        # project already works with expiring sessions, the factory's default costs nothing
        compensated = bool(commits) and not any(commits)
        # each committing coroutine: whether it reads what it handled after the commit
        stale_in: dict[str, bool] = {}
        for h in hits:
            stale = h.payload(_Data).commit
            fn = project.function_at(h.path, h.line) if h.path and h.line else None
            if stale is not None and fn is not None:
                stale_in[fn.qname] = stale
        out = []
        for h in hits:
            if h.payload(_Data).commit is not None:
                continue
            if h.payload(_Data).marker or (
                h.payload(_Data).bound and h.payload(_Data).bound in configured
            ):
                continue
            usage = h.payload(_Data).usage
            if (
                usage is not None
                and not h.payload(_Data).passed
                and not h.payload(_Data).local_stale
            ):
                continue  # used only here, and nothing it loaded or added is used after a commit
            if h.payload(_Data).passed:
                if _handed_to_fresh_committers(project, h.payload(_Data), stale_in):
                    continue  # only project coroutines use it, none reads after its commit
                usage = None  # handed on: used elsewhere, as before it was followed
            if compensated and usage is None:
                continue
            cls = h.payload(_Data).class_
            if cls is not None and not _is_async_session(project, cls):
                continue
            loads = _loads_instances(project, usage)
            if loads is False:
                continue  # Core statements only: no ORM instance to expire
            if loads is None:
                h.confidence = "medium"  # no mapped class seen: the sessions' use is not known
            out.append(h)
        return out

    def fix(self, source: str, hit: Hit, project: Project) -> str | None:
        import libcst as cst

        from auditor.fixes import locate, module_code, parse_module, replace_node

        module = parse_module(source)
        calls = locate(module, cst.Call, hit.line, hit.column)
        if len(calls) != 1:
            return None
        call = calls[0]
        if any(a.keyword is not None and a.keyword.value == "expire_on_commit" for a in call.args):
            return None
        if any(a.star for a in call.args):
            return None
        new_arg = cst.Arg(
            keyword=cst.Name("expire_on_commit"),
            value=cst.Name("False"),
            equal=cst.AssignEqual(
                whitespace_before=cst.SimpleWhitespace(""),
                whitespace_after=cst.SimpleWhitespace(""),
            ),
        )
        args = list(call.args)
        if args and isinstance(args[-1].comma, cst.Comma):
            # a trailing comma (usually one argument per line): keep the layout
            last = args[-1]
            if len(args) >= 2 and isinstance(args[-2].comma, cst.Comma):
                sep = args[-2].comma
            else:
                sep = cst.Comma(whitespace_after=call.whitespace_before_args)
            args[-1] = last.with_changes(comma=sep)
            args.append(new_arg.with_changes(comma=last.comma))
        elif args and isinstance(args[-1].whitespace_after_arg, cst.ParenthesizedWhitespace):
            # one argument per line without a trailing comma: the new one gets its own line
            last = args[-1]
            if len(args) >= 2 and isinstance(args[-2].comma, cst.Comma):
                sep = args[-2].comma
            else:
                sep = cst.Comma(whitespace_after=call.whitespace_before_args)
            args[-1] = last.with_changes(comma=sep, whitespace_after_arg=cst.SimpleWhitespace(""))
            args.append(new_arg.with_changes(whitespace_after_arg=last.whitespace_after_arg))
        else:
            args.append(new_arg)
        module = replace_node(module, call, call.with_changes(args=args))
        return module_code(module)

    bad = (
        snippet(
            """\
from datetime import datetime

from sqlalchemy import DateTime, String, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Block(Base):
    __tablename__ = "blocks"
    key: Mapped[str] = mapped_column(String, primary_key=True)
    reason: Mapped[str] = mapped_column(String)
    expires_at: Mapped[datetime] = mapped_column(DateTime)


async def lift_expired(engine, now: datetime) -> list[str]:
    async with AsyncSession(engine) as session:
        blocks = (await session.execute(select(Block))).scalars().all()
        for block in blocks:
            if block.expires_at <= now:
                block.reason = "expired"
        await session.commit()
    return [block.key for block in blocks]
""",
            note="a session used only where it is made: the rows it loaded are read after its "
            "commit expired them",
            lines=(20,),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -18,5 +18,5 @@
 
 async def lift_expired(engine, now: datetime) -> list[str]:
-    async with AsyncSession(engine) as session:
+    async with AsyncSession(engine, expire_on_commit=False) as session:
         blocks = (await session.execute(select(Block))).scalars().all()
         for block in blocks:
""",
            ),
        ),
        snippet(
            """\
from sqlalchemy import String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Role(Base):
    __tablename__ = "roles"
    name: Mapped[str] = mapped_column(String, primary_key=True)


async def create_default_roles(db: AsyncSession) -> None:
    existing = set((await db.execute(select(Role.name))).scalars().all())
    missing = [Role(name=n) for n in ("user", "admin") if n not in existing]
    if missing:
        db.add_all(missing)
        await db.commit()
    owner = Role(name="owner")
    db.add(owner)
    await db.commit()
    print(owner.name)


async def initialize_database(engine) -> None:
    async with AsyncSession(engine) as db:
        await create_default_roles(db)
""",
            note="the other side of the handed-session trap: the coroutine reads an added "
            "object after its commit",
            lines=(28,),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -26,4 +26,4 @@
 
 async def initialize_database(engine) -> None:
-    async with AsyncSession(engine) as db:
+    async with AsyncSession(engine, expire_on_commit=False) as db:
         await create_default_roles(db)
""",
            ),
        ),
        snippet(
            """\
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine("postgresql+asyncpg://localhost/app")
async_session = async_sessionmaker(engine)
""",
            lines=(4,),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -2,3 +2,3 @@
 
 engine = create_async_engine("postgresql+asyncpg://localhost/app")
-async_session = async_sessionmaker(engine)
+async_session = async_sessionmaker(engine, expire_on_commit=False)
""",
            ),
        ),
        snippet(
            """\
import sqlalchemy.ext.asyncio as sa_async
from sqlalchemy.orm import sessionmaker as make_sessions
from sqlmodel.ext.asyncio.session import AsyncSession as ModelSession

engine = sa_async.create_async_engine("sqlite+aiosqlite://")
SessionLocal = make_sessions(
    bind=engine,
    class_=sa_async.AsyncSession,
)
other = sa_async.async_sessionmaker(
    engine,
    autoflush=False,
)


async def handler(item) -> int:
    async with ModelSession(engine) as session:
        session.add(item)
        await session.commit()
        return item.id
""",
            note="aliases, `sessionmaker(class_=AsyncSession)`, trailing commas, SQLModel's "
            "AsyncSession; an object read after the commit (the expired attribute reloads)",
            lines=(6, 10, 17),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -7,4 +7,5 @@
     bind=engine,
     class_=sa_async.AsyncSession,
+    expire_on_commit=False,
 )
 other = sa_async.async_sessionmaker(
""",
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -11,4 +11,5 @@
     engine,
     autoflush=False,
+    expire_on_commit=False,
 )
 
""",
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -15,5 +15,5 @@
 
 async def handler(item) -> int:
-    async with ModelSession(engine) as session:
+    async with ModelSession(engine, expire_on_commit=False) as session:
         session.add(item)
         await session.commit()
""",
            ),
        ),
        Example(
            files={
                "app/db/session.py": "from sqlalchemy.ext.asyncio import AsyncSession\n\n\nclass TracedSession(AsyncSession):\n    pass\n",
                "app/db/factory.py": """\
from sqlalchemy.orm import sessionmaker

from app.db.session import TracedSession

factory = sessionmaker(class_=TracedSession)
""",
            },
            note="a project subclass of AsyncSession",
            lines=(5,),
            fixes=(
                """\
--- a/app/db/factory.py
+++ b/app/db/factory.py
@@ -3,3 +3,3 @@
 from app.db.session import TracedSession
 
-factory = sessionmaker(class_=TracedSession)
+factory = sessionmaker(class_=TracedSession, expire_on_commit=False)
""",
            ),
        ),
        Example(
            files={
                "app/models.py": """\
from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Job(Base):
    __tablename__ = "job"
    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str]
""",
                "app/jobs.py": """\
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Job


async def latest(engine) -> str:
    async with AsyncSession(engine) as session:
        stmt = sa.select(Job).order_by(Job.id.desc())
        job = (await session.scalars(stmt)).first()
        await session.commit()
        return job.state
""",
                "app/session.py": """\
from sqlalchemy.ext.asyncio import AsyncSession


async def open_session(engine) -> AsyncSession:
    session = AsyncSession(engine)
    return session
""",
            },
            note="a session that selects a mapped class; one that leaves its function in a "
            "project with mapped classes",
            lines=(8, 5),
            fixes=(
                """\
--- a/app/jobs.py
+++ b/app/jobs.py
@@ -6,5 +6,5 @@
 
 async def latest(engine) -> str:
-    async with AsyncSession(engine) as session:
+    async with AsyncSession(engine, expire_on_commit=False) as session:
         stmt = sa.select(Job).order_by(Job.id.desc())
         job = (await session.scalars(stmt)).first()
""",
                """\
--- a/app/session.py
+++ b/app/session.py
@@ -3,4 +3,4 @@
 
 async def open_session(engine) -> AsyncSession:
-    session = AsyncSession(engine)
+    session = AsyncSession(engine, expire_on_commit=False)
     return session
""",
            ),
        ),
    )
    good = (
        snippet(
            """\
from datetime import datetime

from sqlalchemy import DateTime, String, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Block(Base):
    __tablename__ = "blocks"
    key: Mapped[str] = mapped_column(String, primary_key=True)
    reason: Mapped[str] = mapped_column(String)
    expires_at: Mapped[datetime] = mapped_column(DateTime)


async def put_block(engine, key: str, reason: str, expires_at: datetime) -> None:
    async with AsyncSession(engine) as session:
        await session.execute(delete(Block).where(Block.key == key))
        session.add(Block(key=key, reason=reason, expires_at=expires_at))
        await session.commit()


async def list_blocked(engine) -> dict[str, str]:
    async with AsyncSession(engine) as session:
        rows = (await session.execute(select(Block))).scalars().all()
    return {r.key: r.reason for r in rows}


async def prune(engine, now: datetime) -> list[str]:
    async with AsyncSession(engine) as session:
        await session.execute(delete(Block).where(Block.expires_at <= now))
        await session.commit()
        rows = (await session.execute(select(Block))).scalars().all()
    return [r.key for r in rows]
""",
            note="trap: sessions used only where they are made that read nothing a commit "
            "expired: one adds and commits, one never commits (closing does not expire), one "
            "loads its rows after the commit",
        ),
        snippet(
            """\
from sqlalchemy import String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Role(Base):
    __tablename__ = "roles"
    name: Mapped[str] = mapped_column(String, primary_key=True)


async def create_default_roles(db: AsyncSession) -> None:
    existing = set((await db.execute(select(Role.name))).scalars().all())
    missing = [Role(name=n) for n in ("user", "admin") if n not in existing]
    if missing:
        db.add_all(missing)
        await db.commit()


async def initialize_database(engine) -> None:
    async with AsyncSession(engine) as db:
        await create_default_roles(db)
""",
            note="a session only handed to a project coroutine that commits and reads "
            "nothing it handled afterwards (seen in tiled): nothing expires under a read",
        ),
        Example(
            files={
                "app/db.py": """\
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine("postgresql+asyncpg://localhost/app")
Session = async_sessionmaker(engine)
""",
                "app/repo.py": """\
from sqlalchemy import select, update

from app.db import Session
from app.models import Group


class Repo:
    def __init__(self) -> None:
        self.session = Session()

    async def create(self, task) -> dict:
        self.session.add(task)
        await self.session.commit()
        await self.session.refresh(task)
        return {"id": task.id}

    async def rename(self, task_id: int, name: str) -> dict:
        task = await self.session.get(object, task_id)
        task.name = name
        data = {"id": task.id, "name": task.name}
        await self.session.commit()
        return data

    async def cancel(self, group_id: int) -> dict | None:
        group = (
            await self.session.execute(select(Group).where(Group.id == group_id))
        ).scalar_one_or_none()
        if group is None:
            await self.session.commit()
            return None
        data = {"id": group.id}
        await self.session.commit()
        return data

    async def touch(self, group_id: int) -> int | None:
        stmt = update(Group).where(Group.id == group_id).returning(Group.id)
        touched = (await self.session.execute(stmt)).scalar_one_or_none()
        await self.session.commit()
        return touched

    async def detach(self, task) -> object:
        self.session.add(task)
        await self.session.flush()
        self.session.expunge(task)
        await self.session.commit()
        return task
""",
                "app/models.py": """\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Group(Base):
    __tablename__ = "groups"
    id: Mapped[int] = mapped_column(primary_key=True)
""",
            },
            note="every coroutine that commits refreshes what it reads afterwards, reads "
            "before the commit, commits in a branch that returns, detaches (`expunge`) or "
            "only reads a column value back (seen in skyvern): the project already works "
            "with expiring sessions",
        ),
        snippet(
            """\
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine("postgresql+asyncpg://localhost/app")
async_session = async_sessionmaker(engine, expire_on_commit=False)
"""
        ),
        snippet(
            """\
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("sqlite://")
SessionLocal = sessionmaker(bind=engine)
WithClass = sessionmaker(bind=engine, class_=Session)


def work() -> None:
    with Session(engine) as session:
        session.commit()
""",
            note="synchronous sessions: attributes reload transparently",
        ),
        snippet(
            """\
from sqlalchemy.ext.asyncio import async_sessionmaker

SESSION_OPTIONS = {"expire_on_commit": False}


def factory(engine, **options):
    return async_sessionmaker(engine, **options)


deliberate = async_sessionmaker(expire_on_commit=True)
configured = async_sessionmaker(**SESSION_OPTIONS)
""",
            note="an explicit choice, or options passed through",
        ),
        snippet(
            """\
class async_sessionmaker:
    def __init__(self, engine: object) -> None:
        self.engine = engine


class AsyncSession:
    pass


factory = async_sessionmaker("engine")
session = AsyncSession()
""",
            note="look-alike local classes",
        ),
        Example(
            files={
                "app/db/session.py": """\
from sqlalchemy.ext.asyncio import AsyncSession


class FrozenSession(AsyncSession):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("expire_on_commit", False)
        super().__init__(*args, **kwargs)
""",
                "app/db/factory.py": """\
from sqlalchemy.orm import sessionmaker

from app.db.session import FrozenSession

factory = sessionmaker(class_=FrozenSession)
""",
            },
            note="a project subclass with its own `__init__` is not followed",
        ),
        Example(
            files={
                "app/db.py": """\
from sqlalchemy.ext.asyncio import async_sessionmaker

SessionLocal = async_sessionmaker()
ReadOnly = async_sessionmaker()
""",
                "app/main.py": """\
from sqlalchemy.ext.asyncio import create_async_engine

from app.db import ReadOnly, SessionLocal

engine = create_async_engine("sqlite+aiosqlite://")
SessionLocal.configure(bind=engine, expire_on_commit=False)


async def report() -> None:
    async with ReadOnly(expire_on_commit=False) as session:
        await session.commit()
""",
            },
            note="factories configured later, in another module",
        ),
        Example(
            files={
                "app/tables.py": """\
import sqlalchemy as sa

metadata = sa.MetaData()
jobs = sa.Table(
    "jobs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("state", sa.String),
)
""",
                "app/jobs.py": """\
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.tables import jobs

factory = async_sessionmaker()


async def finish(engine, job_id: int) -> None:
    async with AsyncSession(engine) as session:
        await session.execute(sa.update(jobs).where(jobs.c.id == job_id).values(state="done"))
        await session.commit()


async def state(engine, job_id: int) -> str:
    async with AsyncSession(engine) as session:
        row = (await session.execute(sa.select(jobs.c.state).where(jobs.c.id == job_id))).one()
        return row[0]


async def retried(engine, op) -> int:
    async with AsyncSession(engine) as session:
        return await op(session)
""",
            },
            note="trap: sessions that only run Core statements on `Table`s (and a factory, and a "
            "session handed to a callback, in a project with Core tables and no mapped "
            "class): no ORM instance to expire",
        ),
    )


def _handed_to_fresh_committers(project: Project, d: _Data, stale_in: dict[str, bool]) -> bool:
    """The session loads nothing itself where it is made and is only handed to project
    coroutines that commit it and read nothing they handled afterwards (``async with
    AsyncSession(engine) as db: await create_default_roles(db)``): no attribute is read
    after a commit, so expiring them costs nothing."""
    if not d.passed or d.usage is None:
        return False
    methods, classes = d.usage
    if set(methods) - {"commit", "close"} or classes:
        return False
    for q in d.passed:
        fn = project.function(q)
        if fn is None or stale_in.get(fn.qname) is not False:
            return False
    return True


def _loads_instances(
    project: Project, usage: tuple[tuple[str, ...], tuple[str, ...]] | None
) -> bool | None:
    """Whether the session handles ORM instances.  A session used within one function:
    True when it calls an ORM-only method or selects a mapped class there, else False (Core
    statements only).  A factory, or a session that leaves its function, is judged by the
    project: True with mapped classes, False when it only defines Core ``Table``s, None
    when it shows neither."""
    if usage is None:
        if project.orm_models:
            return True
        return False if project.orm_tables else None
    methods, classes = usage
    return bool(methods) or any(project.is_orm_model(c) for c in classes)


def _local_stale(node: ast.FunctionDef | ast.AsyncFunctionDef, session: str) -> bool | None:
    """For a session ``session`` made and used only in ``node``: None when it never commits
    there (no ``commit()``: nothing expires); True when it opens a transaction block
    (``begin()`` commits where the block ends, not followed) or when anything it loaded or
    added before a commit is used after it (:func:`_stale_read_after_commit`, broadly)."""
    methods = {
        n.attr
        for n in ast.walk(node)
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == session
    }
    if methods & {"begin", "begin_nested"}:
        return True
    if "commit" not in methods:
        return None
    return _stale_read_after_commit(node, broad=session) is not False


def _stale_read_after_commit(
    node: ast.FunctionDef | ast.AsyncFunctionDef, broad: str | None = None
) -> bool | None:
    """None when the coroutine never awaits ``<r>.commit()``.  Else whether, after a
    commit, it reads an attribute of (or returns) an object it handled through the same
    receiver before: passed to ``<r>.add(...)`` or bound from an awaited call on ``<r>``,
    with no ``<r>.refresh(obj)`` in between.  Nested functions are not entered.

    With ``broad`` (a session's name), read more widely, for a session used only here: what
    any assignment of an awaited call on the session binds (a list of rows too) is handled,
    and so is what is bound from, or iterates over, a handled name; any use of a handled
    name counts as a read."""
    events: list[tuple[int, int, str, str, str]] = []  # (line, col, kind, receiver, name)
    stack: list[ast.AST] = list(node.body)
    nodes: list[ast.AST] = []
    parents: dict[int, ast.AST] = {id(c): node for c in node.body}
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        nodes.append(n)
        for c in ast.iter_child_nodes(n):
            parents[id(c)] = n
            stack.append(c)
    statements = {
        t.id: n.value
        for n in nodes
        if isinstance(n, ast.Assign)
        for t in n.targets
        if isinstance(t, ast.Name)
    }
    for n in nodes:
        if isinstance(n, ast.Await) and isinstance(n.value, ast.Call):
            call = n.value
            func = call.func
            if isinstance(func, ast.Attribute) and (recv := _receiver(func.value)):
                if func.attr == "commit":
                    events.append((n.lineno, n.col_offset, "commit", recv, ""))
                    end = _leaving_block_end(n, parents)
                    if end is not None:  # ``if gone: await s.commit(); return None``
                        events.append((end, 1 << 30, "uncommit", recv, ""))
                elif func.attr == "refresh" and call.args and isinstance(call.args[0], ast.Name):
                    events.append((n.lineno, n.col_offset, "refresh", recv, call.args[0].id))
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute):
            recv = _receiver(n.func.value)
            if recv and n.func.attr == "expunge" and n.args and isinstance(n.args[0], ast.Name):
                # detached before the commit: it keeps its loaded values
                events.append((n.lineno, n.col_offset, "detach", recv, n.args[0].id))
            elif recv and n.func.attr in ("add", "add_all") and n.args:
                for a in ast.walk(n.args[0]):
                    if isinstance(a, ast.Name):
                        events.append((n.lineno, n.col_offset, "handled", recv, a.id))
        elif (
            isinstance(n, ast.Assign)
            and len(n.targets) == 1
            and isinstance(n.targets[0], ast.Name)
            and (recv := _loads_instance(n.value, statements))
        ):
            events.append((n.lineno, n.col_offset, "handled", recv, n.targets[0].id))
        elif broad is not None and isinstance(n, (ast.Assign, ast.For, ast.AsyncFor)):
            value = n.value if isinstance(n, ast.Assign) else n.iter
            targets = n.targets if isinstance(n, ast.Assign) else [n.target]
            bound = [t.id for tt in targets for t in ast.walk(tt) if isinstance(t, ast.Name)]
            if any(
                isinstance(a, ast.Await)
                and isinstance(a.value, ast.Call)
                and isinstance(a.value.func, ast.Attribute)
                and _receiver(a.value.func.value) == broad
                for a in ast.walk(value)
            ):
                # bound once the value is computed: after the reads it makes
                at = value.end_lineno or n.lineno
                col = value.end_col_offset or 0
                events.extend((at, col, "handled", broad, b) for b in bound)
            else:
                at = value.end_lineno or n.lineno
                col = value.end_col_offset or 0
                for src in {a.id for a in ast.walk(value) if isinstance(a, ast.Name)}:
                    events.extend((at, col, "derived", src, b) for b in bound)
        elif isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Load):
            if isinstance(n.value, ast.Name):
                events.append((n.lineno, n.col_offset, "read", "", n.value.id))
        elif isinstance(n, ast.Return) and isinstance(n.value, ast.Name):
            events.append((n.lineno, n.col_offset, "read", "", n.value.id))
        if broad is not None and isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
            events.append((n.lineno, n.col_offset, "read", "", n.id))
    if not any(e[2] == "commit" for e in events):
        return None
    handled: dict[str, str] = {}  # name -> receiver
    expired: set[str] = set()
    before: list[set[str]] = []  # what was expired before each commit of a leaving block
    for _line, _col, kind, recv, name in sorted(events):
        if kind == "handled":
            handled[name] = recv
            expired.discard(name)
        elif kind == "commit":
            before.append(set(expired))
            expired |= {n for n, r in handled.items() if r == recv}
        elif kind == "uncommit":
            expired = before.pop() if before else expired
        elif kind == "refresh":
            expired.discard(name)
        elif kind == "detach":
            handled.pop(name, None)
            expired.discard(name)
        elif kind == "derived":  # ``recv`` holds the source name here
            if recv in expired:
                expired.add(name)
            elif recv in handled:
                handled[name] = handled[recv]
        elif kind == "read" and name in expired:
            return True
    return False


#: Session methods that return an ORM instance (awaited directly).
_INSTANCE_METHODS = frozenset({"get", "get_one", "merge", "scalar"})
#: Result methods that pick one ORM instance out of an executed statement.
_ONE_ROW = frozenset({"scalar_one", "scalar_one_or_none", "scalar", "first", "one", "one_or_none"})


def _selects_instances(stmt: ast.expr | None, statements: dict[str, ast.expr]) -> bool:
    """``stmt`` (or the local it names) yields ORM instances: a ``select(...)`` or a
    ``.returning(Model)`` of a class, not of columns (``.returning(Model.id)``)."""
    if isinstance(stmt, ast.Name):
        stmt = statements.get(stmt.id)
    if stmt is None:
        return False
    calls = [c for c in ast.walk(stmt) if isinstance(c, ast.Call)]
    returning = [
        c for c in calls if isinstance(c.func, ast.Attribute) and c.func.attr == "returning"
    ]
    if returning:
        return any(isinstance(a, ast.Name) for c in returning for a in c.args)
    return any(
        (c.func.attr if isinstance(c.func, ast.Attribute) else getattr(c.func, "id", ""))
        == "select"
        for c in calls
    )


def _loads_instance(value: ast.expr, statements: dict[str, ast.expr]) -> str | None:
    """The session receiver when ``value`` loads one ORM instance: ``await s.get(M, id)``,
    ``(await s.execute(q)).scalar_one()``, ``(await s.scalars(q)).first()``.  A result
    object itself (``await s.execute(update(...))``, read for ``rowcount``) is not one."""
    picked = False
    while isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
        method = value.func
        picked = picked or method.attr in _ONE_ROW
        value = method.value
        if isinstance(value, ast.Await):
            break
    if not isinstance(value, ast.Await) or not isinstance(value.value, ast.Call):
        return None
    call = value.value
    if not isinstance(call.func, ast.Attribute):
        return None
    recv = _receiver(call.func.value)
    if recv is None:
        return None
    if call.func.attr in _INSTANCE_METHODS or (
        picked
        and call.func.attr in ("execute", "scalars", "exec")
        and _selects_instances(call.args[0] if call.args else None, statements)
    ):
        return recv
    return None


def _leaving_block_end(n: ast.AST, parents: dict[int, ast.AST]) -> int | None:
    """The last line of the ``if`` branch holding ``n`` when that branch ends with a
    ``return`` or ``raise``: what follows the ``if`` never runs after this commit."""
    child, parent = n, parents.get(id(n))
    while parent is not None and not isinstance(parent, ast.stmt):
        child, parent = parent, parents.get(id(parent))
    while parent is not None:
        if isinstance(parent, ast.If):
            for block in (parent.body, parent.orelse):
                if block and any(s is child for s in block):
                    if isinstance(block[-1], (ast.Return, ast.Raise)):
                        return block[-1].end_lineno or block[-1].lineno
                    return None
            return None
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        child, parent = parent, parents.get(id(parent))
    return None


def _receiver(e: ast.expr) -> str | None:
    """``session`` / ``self.session``: the dotted text of a session receiver."""
    if isinstance(e, ast.Name):
        return e.id
    if isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name):
        return f"{e.value.id}.{e.attr}"
    return None


def _session_name(node: ast.Call, ctx: ModuleContext) -> str | None:
    """The local name a session call is bound to: ``async with AsyncSession(e) as s`` or
    ``s = AsyncSession(e)`` in a function."""
    if ctx.function is None:
        return None
    parent = ctx.parent
    if isinstance(parent, ast.withitem) and parent.context_expr is node:
        target = parent.optional_vars
        return target.id if isinstance(target, ast.Name) else None
    if isinstance(parent, ast.Assign) and len(parent.targets) == 1:
        target = parent.targets[0]
        return target.id if isinstance(target, ast.Name) else None
    return None


def _local_usage(
    node: ast.Call, ctx: ModuleContext, passed: list[str] | None = None
) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """How the session ``node`` creates is used in its function (see ``_Data.usage``).
    With ``passed``, a session handed as an argument to a project function is still used
    here; the function's name is added to ``passed`` for ``judge`` to follow."""
    name = _session_name(node, ctx)
    func = ctx.enclosing_def
    if name is None or func is None:
        return None
    statements: dict[str, list[ast.expr]] = {}  # locals holding statements (``stmt = select(X)``)
    for n in ast.walk(func):
        if isinstance(n, ast.Assign):
            for t in n.targets:
                if isinstance(t, ast.Name):
                    statements.setdefault(t.id, []).append(n.value)
    parents: dict[int, ast.AST] = {}
    for n in ast.walk(func):
        for child in ast.iter_child_nodes(n):
            parents[id(child)] = n
    methods: set[str] = set()
    classes: set[str] = set()
    for n in ast.walk(func):
        if not (isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)):
            continue
        up = parents.get(id(n))
        if isinstance(up, ast.withitem) and up.context_expr is n:
            continue  # ``async with session:``
        if (
            passed is not None
            and isinstance(up, ast.Call)
            and n in up.args
            and isinstance(up.func, (ast.Name, ast.Attribute))
            and (callee := ctx.resolve(up.func)) is not None
            and ctx.is_project(callee)
        ):
            passed.append(callee)  # ``await create_default_roles(db)``: judged by its body
            continue
        if not (isinstance(up, ast.Attribute) and up.value is n):
            return None  # passed on, returned, yielded, stored: used elsewhere
        call = parents.get(id(up))
        if not (isinstance(call, ast.Call) and call.func is up):
            return None  # ``session.bind``, a method handed over
        method = up.attr
        if method in ORM_METHODS:
            methods.add(method)
        elif method in STATEMENT_METHODS:
            for arg in call.args[:1]:
                classes |= _selected(arg, ctx, statements)
        elif method not in PLAIN_METHODS:
            return None  # ``run_sync(fn)`` and the like: not followed
    return tuple(sorted(methods)), tuple(sorted(classes))


def _selected(
    expr: ast.expr, ctx: ModuleContext, statements: dict[str, list[ast.expr]], depth: int = 0
) -> set[str]:
    """The classes a statement selects (``select(User)``, ``select(User.id).where(...)``),
    through locals holding the statement; names that resolve, whatever they are."""
    out: set[str] = set()
    if depth > 3:
        return out
    if isinstance(expr, ast.Name) and expr.id in statements:
        for v in statements[expr.id]:
            out |= _selected(v, ctx, statements, depth + 1)
        return out
    while isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute):
        if ctx.resolve(expr.func) in SELECTS:
            break
        expr = expr.func.value  # ``select(X).where(...).order_by(...)``: the select itself
    if not (isinstance(expr, ast.Call) and ctx.resolve(expr.func) in SELECTS):
        return out
    for a in expr.args:
        target = a
        while isinstance(target, ast.Attribute):  # ``User.id``: the class
            q = ctx.resolve(target)
            if q:
                out.add(q)
            target = target.value
        q = ctx.resolve(target)
        if q:
            out.add(q)
    return out


def _is_async_session(project: Project, qname: str) -> bool:
    if qname in ASYNC_SESSIONS:
        return True
    cls = project.class_(qname)
    if cls is None or not project.class_is(cls.qname, ASYNC_SESSIONS):
        return False
    # a subclass that defines ``__init__`` may set its own default: not followed
    for c in [cls.qname, *project.ancestors(cls.qname)]:
        sub = project.class_(c)
        if sub is not None and "__init__" in sub.methods:
            return False
    return True
