from __future__ import annotations

import ast
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity, snippet
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
    `AsyncSession` that defines its own `__init__` is not followed.

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

    def _report(self, node: ast.Call, ctx: ModuleContext, shown: str, class_q: str | None) -> None:
        parent = ctx.parent
        bound = None
        if ctx.scope.kind == "module" and isinstance(parent, (ast.Assign, ast.AnnAssign)):
            targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
            if len(targets) == 1 and isinstance(targets[0], ast.Name):
                bound = f"{ctx.module}.{targets[0].id}"
        ctx.report(
            node,
            f"`{shown}` without `expire_on_commit=False`: reading an attribute after `commit()` "
            "is lazy I/O (`MissingGreenlet` under asyncio)",
            fixable=True,
            data=_Data(class_=class_q, bound=bound),
        )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        configured = {
            project.canonical_name(h.payload(_Data).marker) or h.payload(_Data).marker
            for h in hits
            if h.payload(_Data).marker
        }
        out = []
        for h in hits:
            if h.payload(_Data).marker or (
                h.payload(_Data).bound and h.payload(_Data).bound in configured
            ):
                continue
            cls = h.payload(_Data).class_
            if cls is not None and not _is_async_session(project, cls):
                continue
            out.append(h)
        return out

    def fix(self, source: str, hit: Hit, project: Project) -> str | None:
        import libcst as cst

        from auditor.fixes import locate, parse_module, replace_node

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
        return module.code

    bad = (
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


async def handler() -> None:
    async with ModelSession(engine) as session:
        await session.commit()
""",
            note="aliases, `sessionmaker(class_=AsyncSession)`, trailing commas, SQLModel's AsyncSession",
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
@@ -15,4 +15,4 @@
 
 async def handler() -> None:
-    async with ModelSession(engine) as session:
+    async with ModelSession(engine, expire_on_commit=False) as session:
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
    )
    good = (
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
    )


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
