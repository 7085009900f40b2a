from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import NamedTuple

from auditor.astwalk import walk
from auditor.check import Check, Example, Hit, Severity, when
from auditor.facts import Call, Name, qname_of
from auditor.lazyre import lazy_compile
from auditor.names import METADATA
from auditor.project import Binding, Project, parent_function
from auditor.project_queries import base_of
from auditor.walker import ModuleContext, dotted


#: ``MetaData(...)`` spellings (canonical and re-exported).
class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    receiver: str | None = None
    text: str | None = None
    metadata_attr: bool = False
    #: a marker, not a finding: the lines of the body of an ``if`` that tests for an
    #: in-memory SQLite database (``if url.database.startswith(":memory:"):``)
    memory: tuple[int, int] | None = None
    #: a marker, not a finding: the lines of the body of an ``if`` that tests for SQLite
    #: (``if settings.is_sqlite():``, ``if engine.dialect.name == "sqlite":``)
    sqlite: tuple[int, int] | None = None
    #: the ``create_all`` sits in the body of such an ``if``
    in_sqlite_branch: bool = False
    #: a marker, not a finding: the function names a SQLite URL (``"sqlite+aiosqlite://..."``)
    #: itself: it sets up a SQLite database
    sqlite_function: str | None = None
    #: a marker, not a finding: the function runs ``alembic.command.upgrade(cfg, "head")``
    upgrade_function: str | None = None
    #: the ``create_all`` is limited to the tables it names (``create_all(engine, tables=[...])``)
    listed_tables: bool = False
    #: the ``create_all`` follows a ``drop_all`` of its function: a reset of the schema
    after_drop_all: bool = False
    #: with ``upgrade_function``: the line where it runs the upgrade through a method of its
    #: class (``self._run_migrations()``), and the methods it calls on ``self`` after it
    upgrade_line: int = 0
    self_calls: tuple[tuple[str, int], ...] = ()
    #: ``create_all(tables=[T.__table__])`` of classes defined in the function whose
    #: ``__tablename__`` is computed at run time (a table per collection)
    runtime_tables: bool = False
    #: a marker, not a finding: the function stamps the database with Alembic's head
    #: (``alembic.command.stamp(cfg, "head")``, ``alembic stamp head`` for a shell)
    stamp_function: str | None = None


#: A revision file for the examples: their Alembic history is not empty.
_REVISION = 'revision = "0001"\ndown_revision = None\n'


@dataclass
class _Upgrades:
    """Per module: an ``alembic.command.upgrade(..., "head")`` call was seen."""

    seen: bool = False


class CreateAllWithMigrations(Check):
    """
    ## What it does
    In a project where Alembic is configured (an `alembic.ini`, `[tool.alembic]` or an
    Alembic migration folder: the inputs of MIG001), flags application code that creates
    the schema itself: `Base.metadata.create_all(...)`, `SQLModel.metadata.create_all(...)`,
    `metadata.create_all(...)` on a `MetaData` object, and the async form
    `await conn.run_sync(Base.metadata.create_all)`.

    ## Why is this bad?
    `create_all()` creates whatever tables are missing, outside of Alembic's history: it
    writes no `alembic_version` row, never alters an existing table, hides a forgotten
    migration on every developer machine (the table is just there), and, run at startup, it
    races between the workers of one deployment.  The sources disagree here:
    [Production skill 2025] calls `await conn.run_sync(Base.metadata.create_all)` in its
    lifespan, while [ForgeAPI guide] and [zhanymkanov README] manage the
    schema with Alembic migrations.  Current practice (the catalogue's disagreement D12) is
    Alembic for any persistent database, and `create_all` only in tests and throwaway
    prototypes.

    ## Example
    ```python
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        async with engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)
        yield
    ```

    ## Use instead
    ```python
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        await engine.dispose()
    ```
    and run `alembic upgrade head` once per deploy, as its own step (a release job or an
    init container), not in every worker.

    ## Fix safety
    No automatic fix: the migrations must first be known to create everything `create_all`
    created, and the deploy needs its `alembic upgrade head` step.

    ## Known problems
    Test files, `conftest.py` and tooling scripts are not scanned: `create_all` for a test
    database is fine, and so is test support shipped inside the package (a pytest fixture
    or plugin module such as `pkg/testing/conf.py`, and the other modules of its folder).  A call guarded by an environment check (`if settings.ENV == "dev"`)
    is still reported; suppress it with `# noqa: DBS005` if that is deliberate.  Not
    reported: `create_all()` followed by `alembic stamp head` (Alembic's recipe for
    building a fresh database) — `alembic.command.stamp(..., "head")`, an `alembic stamp`
    command line or the row it writes, written by hand (`INSERT INTO alembic_version`), in
    the same function, in a function of the same module it calls, or in one
    that calls it, or, across modules, when the function itself then calls a project
    function that stamps, or when every caller the call graph shows stamps the
    database itself or through a project function that does (`stamp_head(...)`), or tests for
    an in-memory database — and `create_all(tables=[Row.__table__])` of classes defined in
    the function with a `__tablename__` computed at run time (a table per collection, which
    no revision can create) — and `create_all()` on a base
    other than the one(s) Alembic's `env.py` migrates (`target_metadata`), when that can be
    followed: a separate store's own tables are outside Alembic's history by design.  Nor is
    `create_all()` for an in-memory SQLite database (an ephemeral database has no history to
    bypass): in the body of an `if` that tests for `":memory:"` / `"sqlite://"`, or in a
    function that the call graph shows is only called from such a body (through callers, a
    nested helper counting as part of its function).  Nor, when the migration history
    cannot build a SQLite database (a revision uses another database's dialect, e.g.
    `sqlalchemy.dialects.postgresql`, without testing the dialect or naming SQLite), is a
    `create_all()` reached only under an `if` that tests for SQLite (`settings.is_sqlite()`,
    `dialect.name == "sqlite"`), or from a function that itself sets up a SQLite URL: a
    zero-configuration local database, not a schema competing with the migrations.  Nor is
    `create_all(tables=[...])` that every caller the call graph shows (calls on `self`
    included) reaches only after `alembic.command.upgrade(cfg, "head")`: the migrated
    database already has the tables it names.  Nor is any `create_all()` reported when the
    tree's Alembic environments hold no revision (an `alembic init` scaffold with an empty
    `versions/`): there is no history yet, and `alembic upgrade head` would create no
    table.  Without
    Alembic the check is silent and MIG001 reports the missing migration tool instead.

    ## References
    - [Production skill 2025] (`await conn.run_sync(Base.metadata.create_all)` in the lifespan)
    - [ForgeAPI guide], [zhanymkanov README] (Alembic migrations)
    - Alembic docs, "Tutorial"; SQLAlchemy docs, `MetaData.create_all`
    """

    id = "DBS005"
    name = "create-all-with-migrations"
    category = "database"
    severity = Severity.WARNING
    message = "`create_all()` in a project managed by Alembic"
    fix_title = "Remove `create_all()` and run `alembic upgrade head` as a deploy step"
    fix_safe = False
    sources = ("Production skill 2025", "ForgeAPI guide", "zhanymkanov README")

    def applies(self, project: Project) -> str | None:
        if project.alembic_evidence() is None:
            return "Alembic is not configured (MIG001 covers projects without migrations)"
        if empty := project.alembic_without_revisions:
            # an ``alembic init`` scaffold: ``alembic upgrade head`` would create no table
            return f"Alembic has no revision in {empty}: no history for `create_all` to bypass"
        return None

    def visit_If(self, node: ast.If, ctx: ModuleContext) -> None:
        if not node.body:
            return
        if not ctx.says(b"sqlite", _MEMORY.encode(), b"in_memory"):
            return  # no condition of the module can name SQLite or an in-memory database
        span = (node.body[0].lineno, node.body[-1].end_lineno or node.lineno)
        if _names_memory(node.test):
            ctx.report(node, data=_Data(memory=span))
        if _names_sqlite(node.test):
            ctx.report(node, data=_Data(sqlite=span))

    def visit_Constant(self, node: ast.Constant, ctx: ModuleContext) -> None:
        if (
            isinstance(node.value, str)
            and node.value.startswith("sqlite")
            and "://" in node.value
            and ctx.function is not None
        ):
            ctx.report(node, data=_Data(sqlite_function=ctx.function.qname))

    @when(callees=("alembic.command.upgrade",))
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        if ctx.function is not None and _upgrades_head(node, ctx):
            ctx.state(_Upgrades).seen = True
            ctx.report(node, data=_Data(upgrade_function=ctx.function.qname))

    def leave_Module(self, node: ast.Module, ctx: ModuleContext) -> None:
        self._mark_stampers(node, ctx)
        self._mark_upgraders(node, ctx)

    def _mark_stampers(self, node: ast.Module, ctx: ModuleContext) -> None:
        """Marks each function of the module that stamps the database with Alembic's head:
        across modules, a ``create_all`` reached only from those (``initialize_database``
        on a new database, then ``stamp_head(...)``) is Alembic's recipe for a fresh one."""
        # the stamp written as SQL: ``INSERT INTO alembic_version`` (the row ``alembic stamp``
        # writes), in a string the walk below finds
        by_sql = b"alembic_version" in ctx.source and _INSERT_VERSION_BYTES.search(ctx.source)
        first = ctx.source.find(b"stamp")  # (the regex from there: its ``\b`` sees the byte before)
        if not by_sql and (first < 0 or not _STAMP_WORD.search(ctx.source, first)):
            return  # (a cheap test of the text first: every stamp below spells the word, as
            # ``.stamp(``, ``import stamp``, ``"alembic stamp"`` or ``"stamp"``, never only
            # inside ``timestamp``)
        # every stamp below is a ``.stamp`` attribute, or names Alembic in the text (a
        # string ``"alembic stamp"``, ``["alembic", "stamp"]``, an import of ``stamp``)
        alembic = b"alembic" in ctx.source
        if not by_sql and not alembic and not _STAMP_ATTRIBUTE.search(ctx.source):
            return  # no ``.stamp`` attribute (however it is spelled across lines): the walk
            # below, which would look for one, is skipped
        if not by_sql and not any(
            (isinstance(n, ast.Attribute) and n.attr == "stamp")
            or (
                alembic
                and isinstance(n, ast.Constant)
                and isinstance(n.value, str)
                and "stamp" in n.value
            )
            for n in walk(node)
        ):
            return
        stack: list[tuple[ast.AST, str | None]] = [(n, None) for n in node.body]
        while stack:
            n, owner = stack.pop()
            if isinstance(n, ast.ClassDef):
                stack.extend((c, f"{owner or ctx.module}.{n.name}") for c in n.body)
            elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and _stamps(n, ctx):
                ctx.report(n, data=_Data(stamp_function=f"{owner or ctx.module}.{n.name}"))

    def _mark_upgraders(self, node: ast.Module, ctx: ModuleContext) -> None:
        # ``self._run_migrations()`` then ``await self._prepare_data()``: the call graph does
        # not follow calls on ``self``, so a method that upgrades through a sibling records
        # which siblings it calls afterwards
        if not ctx.state(_Upgrades).seen:
            return  # no ``alembic.command.upgrade(..., "head")`` in this module
        for cls in node.body:
            if not isinstance(cls, ast.ClassDef):
                continue
            methods = {
                m.name: m
                for m in cls.body
                if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))
            }
            upgraders = {
                name
                for name, m in methods.items()
                if any(isinstance(c, ast.Call) and _upgrades_head(c, ctx) for c in walk(m))
            }
            if not upgraders:
                continue
            owner = ctx.child_qname(cls.name)
            for name, m in methods.items():
                calls = sorted(
                    (c.lineno, c.func.attr)
                    for c in walk(m)
                    if isinstance(c, ast.Call)
                    and isinstance(c.func, ast.Attribute)
                    and isinstance(c.func.value, ast.Name)
                    and c.func.value.id == "self"
                    and c.func.attr in methods
                )
                first = next((line for line, attr in calls if attr in upgraders), None)
                if first is None or name in upgraders:
                    continue
                ctx.report(
                    m,
                    data=_Data(
                        upgrade_function=f"{owner}.{name}",
                        upgrade_line=first,
                        self_calls=tuple(
                            (f"{owner}.{attr}", line) for line, attr in calls if line > first
                        ),
                    ),
                )

    @when(names=("create_all",))
    def visit_Attribute(self, node: ast.Attribute, ctx: ModuleContext) -> None:
        if node.attr != "create_all" or not isinstance(node.ctx, ast.Load):
            return
        receiver = node.value
        text = dotted(receiver)
        if text is None:
            return
        if _stamps_head(ctx):
            return  # ``create_all()`` then ``alembic.command.stamp(cfg, "head")``: Alembic's own recipe
        if _in_memory_here(node, ctx):
            return  # tables of an in-memory SQLite database: nothing to migrate
        ctx.report(
            node,
            f"`{text}.create_all` creates tables outside Alembic's history",
            data=_Data(
                receiver=ctx.resolve(receiver),
                text=text,
                metadata_attr=isinstance(receiver, ast.Attribute) and receiver.attr == "metadata",
                in_sqlite_branch=_in_branch(node, ctx, _names_sqlite),
                listed_tables=_lists_tables(node, ctx),
                after_drop_all=_after_drop_all(node, ctx),
                runtime_tables=_runtime_tables(node, ctx),
            ),
        )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        where = project.alembic_evidence()
        targets = project.alembic_targets()
        # a history that cannot build a SQLite database (another dialect's operations, no
        # dialect test): tables created only for SQLite are a different database's schema
        other_dialect = _history_for_another_database(project)
        memory: dict[str, list[tuple[int, int]]] = {}
        own_sqlite = {q for h in hits if (q := h.payload(_Data).sqlite_function) and other_dialect}
        for h in hits:
            d = h.payload(_Data)
            span = d.memory or (d.sqlite if other_dialect else None)
            if span is not None and h.path is not None:
                memory.setdefault(h.path, []).append(span)
        sites: dict[str, list[tuple[str, str, int]]] | None = None
        upgraders = {
            q
            for h in hits
            if (q := h.payload(_Data).upgrade_function) and not h.payload(_Data).upgrade_line
        }
        upgrade_lines = {
            q: h.payload(_Data).upgrade_line
            for h in hits
            if (q := h.payload(_Data).upgrade_function) and h.payload(_Data).upgrade_line
        }
        stampers = {q for h in hits if (q := h.payload(_Data).stamp_function)}
        stamped: set[str] | None = None
        out: list[Hit] = []
        for h in hits:
            d = h.payload(_Data)
            if (
                d.memory is not None
                or d.sqlite is not None
                or d.sqlite_function is not None
                or d.upgrade_function is not None
                or d.stamp_function is not None
            ):
                continue
            if other_dialect and d.in_sqlite_branch:
                continue  # SQLite's own tables, which the other database's history cannot build
            m = project.by_path.get(h.path) if h.path else None
            if m is not None and m.module in project.test_support_modules:
                continue  # a pytest fixture building a throwaway test database, shipped in the package
            fn = project.function_at(h.path, h.line) if h.path and h.line else None
            if fn is not None and (memory or stampers):
                sites = sites if sites is not None else _call_sites(project)
                if stamped is None:
                    stamped = _stamping(sites, stampers)
                if fn.qname in stamped:
                    continue  # the function itself then stamps the new database: the recipe
            if (
                fn is not None
                and sites
                and _only_for_memory(sites, fn.qname, memory, own_sqlite, stamped=stamped or set())
            ):
                # only reached when the database is in-memory SQLite (ephemeral), or from a
                # function that then stamps it with Alembic's head (a fresh database)
                continue
            if d.runtime_tables:
                continue  # tables named at run time: they cannot be in Alembic's history
            if fn is not None and upgraders and d.listed_tables:
                sites = sites if sites is not None else _call_sites(project)
                with_self = _with_self_calls(sites, hits)
                if _after_upgrade(project, with_self, fn.qname, upgraders, upgrade_lines):
                    continue  # named tables, once ``alembic upgrade head`` has run: nothing new
            if targets:
                recv = h.payload(_Data).receiver or ""
                base = base_of(project, recv.removesuffix(".metadata")) if recv else None
                if base is not None and base not in targets:
                    continue  # tables Alembic does not manage (a separate store's own base)
            if h.payload(_Data).metadata_attr or _is_metadata(project, h.payload(_Data).receiver):
                if d.after_drop_all:
                    h.message = f"{h.message} (Alembic is configured in {where}){_RESET_ADVICE}"
                    h.fix_title = _RESET_FIX
                else:
                    h.message = f"{h.message} (Alembic is configured in {where}): run `alembic upgrade head` instead"
                out.append(h)
        return out

    bad = (
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "from app.db import Base\n\ntarget_metadata = Base.metadata\n",
                "alembic/versions/0001_initial.py": _REVISION,
                "alembic/script.py.mako": "",
                "app/db.py": """\
from sqlalchemy import inspect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


class Store:
    def __init__(self, engine) -> None:
        self.engine = engine

    def create_tables(self) -> None:
        if inspect(self.engine).has_table("alembic_version"):
            return
        Base.metadata.create_all(bind=self.engine)
        from app.versioning import record_head

        record_head(self.engine)
""",
                "app/versioning.py": """\
from sqlalchemy import text

HEAD = "0001"


def record_head(engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("SELECT version_num FROM alembic_version WHERE version_num = :v"), {"v": HEAD})
""",
            },
            note="trap: the helper only reads the version table: nothing stamps the new database",
            lines=(16,),
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "from app.database import Base\n\ntarget_metadata = Base.metadata\n",
                "alembic/versions/0001_initial.py": _REVISION,
                "app/database.py": "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n",
                "app/tasks.py": """\
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy.ext.asyncio import create_async_engine

from app.database import Base


def current(connection, cfg: Config) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def connect(url: str) -> None:
    engine = create_async_engine(url)
    cfg = Config("alembic.ini")
    async with engine.connect() as conn:
        await conn.run_sync(Base.metadata.create_all)
        await conn.run_sync(current, cfg)
""",
            },
            note="a function handed to `run_sync` that only reads the revision: no stamp",
            lines=(16,),
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "from app.models import Base\n\ntarget_metadata = Base.metadata\n",
                "alembic/versions/0001_initial.py": _REVISION,
                "app/models.py": "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n",
                "app/admin.py": """\
from fastapi import APIRouter, Request

from app.models import Base

router = APIRouter(prefix="/admin", tags=["admin"])


@router.post("/reset")
def reset(request: Request) -> dict[str, bool]:
    \"\"\"Empty the database.\"\"\"
    engine = request.app.state.engine
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    return {"ok": True}
""",
            },
            note="a reset route that drops and recreates the tables: `drop_all` keeps the "
            "`alembic_version` row, so the advice is a reset through Alembic's history, not a "
            "bare `alembic upgrade head`",
            lines=(13,),
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = app/migrations\n",
                "app/migrations/env.py": "from app.orm import Base\n\ntarget_metadata = Base.metadata\n",
                "app/migrations/versions/0001_initial.py": _REVISION,
                "app/__init__.py": "",
                "app/orm.py": """\
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


class Row(Base):
    __tablename__ = "rows"
""",
                "app/core.py": """\
from app.orm import Base, Row


async def initialize_database(engine) -> None:
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)


async def ensure_rows(engine) -> None:
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all, tables=[Row.__table__])
""",
                "app/alembic_utils.py": """\
from alembic import command
from alembic.config import Config


def stamp_head(ini: str) -> None:
    command.stamp(Config(ini), "head")
""",
                "app/cli.py": """\
from app.alembic_utils import stamp_head
from app.core import ensure_rows, initialize_database


async def initialize(engine) -> None:
    await initialize_database(engine)
    stamp_head("alembic.ini")


async def serve(engine) -> None:
    await initialize_database(engine)
    await ensure_rows(engine)
""",
            },
            note="the other side of the stamp trap: also called where nothing stamps, and a "
            "listed table with a fixed name",
            lines=(6, 11),
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "from app.db import Base\n\ntarget_metadata = Base.metadata\n",
                "alembic/script.py.mako": "",
                "alembic/versions/0001_kind_enum.py": """\
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("items", "kind", type_=postgresql.ENUM("a", "b", name="kind"))
""",
                "app/db.py": """\
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


engine = create_async_engine("postgresql+asyncpg://localhost/app")


async def ensure_local_schema() -> None:
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
""",
                "app/main.py": """\
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.config import settings
from app.db import ensure_local_schema


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    if settings.is_sqlite():
        await ensure_local_schema()
    yield


app = FastAPI(lifespan=lifespan)
""",
            },
            note="the other side of the SQLite trap: the history tests the dialect, so it "
            "can build the SQLite database too, and `create_all` bypasses it",
            lines=(14,),
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "from app.database import Base\n\ntarget_metadata = Base.metadata\n",
                "alembic/versions/0001_initial.py": _REVISION,
                "alembic/script.py.mako": "",
                "app/database.py": """\
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


engine = create_async_engine("postgresql+asyncpg://localhost/app")
""",
                "app/main.py": """\
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.database import Base, engine


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    yield
    await engine.dispose()


app = FastAPI(lifespan=lifespan)
""",
            },
            note="the async form, by reference, in the lifespan",
            lines=(12,),
        ),
        Example(
            files={
                "pyproject.toml": '[tool.alembic]\nscript_location = "migrations"\n',
                "app/db.py": """\
import sqlalchemy as sa
from sqlmodel import SQLModel, create_engine

engine = create_engine("sqlite:///app.db")
meta = sa.MetaData()
events = sa.Table("events", meta, sa.Column("id", sa.Integer, primary_key=True))


def init_db() -> None:
    SQLModel.metadata.create_all(engine)
    meta.create_all(bind=engine)
""",
                "app/startup.py": """\
from app.db import engine, meta


def boot() -> None:
    meta.create_all(engine)
""",
            },
            note="SQLModel, a module-level MetaData, and the same MetaData imported elsewhere",
            lines=(10, 11, 5),
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "",
                "alembic/versions/0001_initial.py": _REVISION,
                "app/models.py": """\
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


def init_models(engine) -> None:
    Base.metadata.create_all(engine)
""",
                "app/engines.py": """\
from app.models import init_models


def make(engine, url: str) -> None:
    if url.endswith(":memory:"):
        init_models(engine)
    init_models(engine)
""",
            },
            note="the other side of the in-memory trap: also called for every database",
            lines=(9,),
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "from app.db import Base\n\ntarget_metadata = Base.metadata\n",
                "alembic/versions/0001_initial.py": _REVISION,
                "app/db.py": """\
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"


engine = create_async_engine("postgresql+asyncpg://localhost/app")


async def init_core() -> None:
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all, tables=[User.__table__])


async def init_all() -> None:
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
""",
                "app/server.py": """\
from alembic import command
from alembic.config import Config

from app.db import init_all, init_core


async def start() -> None:
    await init_core()
    command.upgrade(Config("alembic.ini"), "head")
    await init_all()
""",
            },
            note="the other side of the upgrade-first trap: named tables created before the "
            "upgrade, and every table created after it (a model without a migration is "
            "silently created)",
            lines=(18, 23),
        ),
    )
    good = (
        Example(
            files={
                "svc/migrations/env.py": "from svc.store import Base\n\ntarget_metadata = Base.metadata\n",
                "svc/migrations/script.py.mako": "",
                "svc/migrations/versions/.gitkeep": "",
                "svc/store.py": """\
from sqlalchemy import create_engine
from sqlalchemy.orm import declarative_base

Base = declarative_base()
engine = create_engine("postgresql://db/svc")


def build_schema() -> None:
    Base.metadata.create_all(engine)
""",
                "svc/main.py": """\
from fastapi import FastAPI

from svc.store import build_schema

build_schema()
app = FastAPI()
""",
            },
            note="trap: an `alembic init` scaffold whose `versions/` holds no revision: there "
            "is no history to bypass, and `alembic upgrade head` would create no table",
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "from app.db import Base\n\ntarget_metadata = Base.metadata\n",
                "alembic/versions/0001_initial.py": _REVISION,
                "alembic/script.py.mako": "",
                "app/db.py": """\
from sqlalchemy import inspect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


class Store:
    def __init__(self, engine) -> None:
        self.engine = engine

    def create_tables(self) -> None:
        if inspect(self.engine).has_table("alembic_version"):
            return
        Base.metadata.create_all(bind=self.engine)
        from app.versioning import record_head

        record_head(self.engine)
""",
                "app/versioning.py": """\
from sqlalchemy import text

HEAD = "0001"


def record_head(engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": HEAD})
""",
            },
            note="a new database built by `create_all`, then stamped at head by a hand-written `INSERT INTO alembic_version` (Alembic's recipe written as SQL)",
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = app/migrations\n",
                "app/migrations/env.py": "from app.orm import Base\n\ntarget_metadata = Base.metadata\n",
                "app/migrations/versions/0001_initial.py": _REVISION,
                "app/__init__.py": "",
                "app/orm.py": """\
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass
""",
                "app/core.py": """\
from app.orm import Base


async def initialize_database(engine) -> None:
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
""",
                "app/alembic_utils.py": """\
from alembic import command
from alembic.config import Config


def stamp_head(ini: str, url: str) -> None:
    cfg = Config(ini)
    cfg.set_main_option("sqlalchemy.url", url)
    command.stamp(cfg, "head")
""",
                "app/cli.py": """\
import asyncio

from sqlalchemy.ext.asyncio import create_async_engine

from app.alembic_utils import stamp_head
from app.core import initialize_database


def initialize(url: str) -> None:
    async def setup() -> None:
        await initialize_database(create_async_engine(url))

    asyncio.run(setup())
    stamp_head("alembic.ini", url)
""",
                "app/server.py": """\
from app.core import initialize_database


async def startup(engine) -> None:
    if engine.url.database == ":memory:":
        await initialize_database(engine)
""",
            },
            note="`create_all` reached only from a command that then stamps the database "
            'through a project helper around `command.stamp(cfg, "head")` (from a nested '
            "helper), or for in-memory SQLite (seen in tiled): Alembic's recipe for a new "
            "database",
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "from app.db import Base\n\ntarget_metadata = Base.metadata\n",
                "alembic/versions/0001_initial.py": _REVISION,
                "app/db.py": """\
from sqlalchemy import JSON, Column, String
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


async def create_collection(engine, collection_name: str) -> None:
    class Row(Base):
        __tablename__ = collection_name
        __table_args__ = {"extend_existing": True}
        id = Column(String, primary_key=True)
        payload = Column(JSON)

    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all, tables=[Row.__table__])
""",
            },
            note="a table per collection, named at run time (seen in cognee's pgvector "
            "adapter): no revision can create it",
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "from app.db import Base\n\ntarget_metadata = Base.metadata\n",
                "alembic/versions/0001_initial.py": _REVISION,
                "app/db.py": """\
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"


engine = create_async_engine("postgresql+asyncpg://localhost/app")


async def init_core() -> None:
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all, tables=[User.__table__])
""",
                "app/server.py": """\
from alembic import command
from alembic.config import Config

from app.db import init_core


class Server:
    def _migrate(self) -> None:
        command.upgrade(Config("alembic.ini"), "head")

    async def _prepare(self) -> None:
        await init_core()

    async def start(self) -> None:
        self._migrate()
        await self._prepare()
""",
            },
            note="trap: `create_all(tables=[...])` run only after `alembic upgrade head` in the "
            "same start-up method: the migrated database already has the tables it names",
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "from app.db import Base\n\ntarget_metadata = Base.metadata\n",
                "alembic/script.py.mako": "",
                "alembic/versions/0001_kind_enum.py": """\
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.alter_column("items", "kind", type_=postgresql.ENUM("a", "b", name="kind"))
""",
                "app/db.py": """\
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


engine = create_async_engine("postgresql+asyncpg://localhost/app")


async def ensure_local_schema() -> None:
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
""",
                "app/main.py": """\
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.config import settings
from app.db import ensure_local_schema


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    if settings.is_sqlite():
        await ensure_local_schema()
    yield


app = FastAPI(lifespan=lifespan)
""",
            },
            note="trap: tables created only for a zero-configuration SQLite database, while "
            "the migration history holds PostgreSQL-only operations (no dialect test): "
            "`alembic upgrade head` cannot build that database, it is not a competing schema",
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "",
                "alembic/versions/0001_initial.py": _REVISION,
                "app/models.py": """\
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


async def init_models(engine) -> None:
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
""",
                "app/engines.py": """\
import asyncio
import threading

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from app.models import Base, init_models


def make(engine, database: str) -> None:
    if database.startswith(":memory:"):
        _init_memory(engine)
    else:
        command.upgrade(Config("alembic.ini"), "head")


def _init_memory(engine) -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(init_models(engine))
        return

    def run() -> None:
        asyncio.run(init_models(engine))

    threading.Thread(target=run).start()


def scratch(url: str):
    engine = create_engine(url)
    if url == "sqlite://":
        Base.metadata.create_all(engine)
    return engine
""",
            },
            note="trap: tables created only for an in-memory SQLite database (through callers "
            "in another module, a nested helper, or in the guarded branch itself), which has "
            "no migration history; persistent databases are migrated",
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "",
                "alembic/versions/0001_initial.py": _REVISION,
                "alembic/script.py.mako": "",
                "app/main.py": """\
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.database import engine


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    await engine.dispose()


app = FastAPI(lifespan=lifespan)
""",
                "app/database.py": "from sqlalchemy.ext.asyncio import create_async_engine\n\nengine = create_async_engine('sqlite+aiosqlite://')\n",
            },
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "tests/conftest.py": """\
import pytest
from sqlalchemy import create_engine

from app.database import Base


@pytest.fixture
def db():
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    yield engine
    Base.metadata.drop_all(engine)
""",
                "scripts/seed.py": "from app.database import Base, engine\n\nBase.metadata.create_all(engine)\n",
                "app/database.py": "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n",
            },
            note="tests and tooling scripts may create the schema",
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "from shop.database import Base\n\ntarget_metadata = Base.metadata\n",
                "alembic/versions/0001_initial.py": _REVISION,
                "alembic/script.py.mako": "",
                "shop/__init__.py": "",
                "shop/database.py": "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n",
                "shop/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "shop/testing/__init__.py": "",
                "shop/testing/fixtures.py": """\
import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from shop.database import Base


@pytest.fixture(scope="session")
async def engine(postgres_url):
    engine = create_async_engine(postgres_url)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    yield engine
    await engine.dispose()
""",
            },
            note="a pytest fixture module shipped inside the package (`shop/testing/`) builds a "
            "throwaway test database: test support, not the application's start-up",
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI
from sqlalchemy import create_engine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


engine = create_engine("sqlite:///dev.db")
Base.metadata.create_all(engine)
app = FastAPI()
""",
            },
            note="no Alembic: silent (MIG001 reports the missing migration tool)",
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "app/cache.py": """\
class Store:
    def create_all(self, names: list[str]) -> None:
        pass


store = Store()


def warm(registry) -> None:
    store.create_all(["a", "b"])
    registry.create_all()
""",
            },
            note="other objects' `create_all` methods",
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "from app.models import User\n\ntarget_metadata = User.metadata\n",
                "alembic/versions/0001_initial.py": _REVISION,
                "app/db.py": "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n",
                "app/models.py": """\
from sqlalchemy import Column, Integer

from app.db import Base


class User(Base):
    __tablename__ = "user"
    id = Column(Integer, primary_key=True)
""",
                "app/vector/pgvector.py": """\
from sqlalchemy import Column, String
from sqlalchemy.orm import declarative_base

VectorBase = declarative_base()


class Chunk(VectorBase):
    __tablename__ = "document_chunk"
    id = Column(String, primary_key=True)


def init_store(connection) -> None:
    VectorBase.metadata.create_all(bind=connection)
""",
                "app/cli/initdb.py": """\
from alembic import command
from alembic.config import Config

from app.db import Base


def create_db_from_orm(engine) -> None:
    Base.metadata.create_all(engine)
    command.stamp(Config("alembic.ini"), "head")
""",
            },
            note="a separate store's own base that Alembic does not migrate; create_all then "
            "`alembic stamp head` (Alembic's recipe for a fresh database)",
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "from app.database import Base\n\ntarget_metadata = Base.metadata\n",
                "alembic/versions/0001_initial.py": _REVISION,
                "app/database.py": "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n",
                "app/bootstrap.py": """\
import subprocess

from alembic import command
from alembic.config import Config

from app.database import Base


def create_schema(engine) -> None:
    Base.metadata.create_all(engine)


def fresh_install(engine) -> None:
    create_schema(engine)
    subprocess.run(["alembic", "stamp", "head"], check=True)


def init_tenant(engine) -> None:
    Base.metadata.create_all(engine)
    mark_current()


def mark_current() -> None:
    command.stamp(Config("alembic.ini"), "head")
""",
            },
            note="`create_all` followed by `alembic stamp head` one call away: from the caller "
            "(a subprocess) or from a helper it calls (Alembic's recipe for a fresh database)",
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "from app.database import Base\n\ntarget_metadata = Base.metadata\n",
                "alembic/versions/0001_initial.py": _REVISION,
                "app/database.py": "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n",
                "app/tasks.py": """\
from alembic import command
from alembic.config import Config
from sqlalchemy.ext.asyncio import create_async_engine

from app.database import Base


def run_stamp(connection, cfg: Config) -> None:
    cfg.attributes["connection"] = connection
    command.stamp(cfg, "head")


async def connect(url: str) -> None:
    engine = create_async_engine(url)
    cfg = Config("alembic.ini")
    async with engine.connect() as conn:
        await conn.run_sync(Base.metadata.create_all)
        await conn.run_sync(run_stamp, cfg)
""",
            },
            note="the stamp handed by reference to `run_sync` on the same connection: "
            "Alembic's recipe for a fresh database",
        ),
    )


def _is_metadata(project: Project, qname: str | None, depth: int = 0) -> bool:
    """``qname`` names a ``MetaData`` object (a module binding of ``MetaData(...)``, or an
    alias of some ``X.metadata``)."""
    if not qname or depth > 4:
        return False
    r = project.resolve(qname)
    if not isinstance(r, Binding):
        return False
    v = r.value
    if isinstance(v, Call):
        return qname_of(v) in METADATA
    if isinstance(v, Name):
        t = qname_of(v) or ""
        return t.endswith(".metadata") or _is_metadata(project, t, depth + 1)
    return False


#: ``alembic.command.stamp`` spellings.
STAMP = frozenset({"alembic.command.stamp"})
_STAMP_WORD = lazy_compile(rb"\bstamp\b")
#: The row ``alembic stamp`` writes, written by hand: ``INSERT INTO alembic_version``.
_INSERT_VERSION = lazy_compile(r"(?i)\binsert\s+into\s+[\"`']?alembic_version\b")
_INSERT_VERSION_BYTES = lazy_compile(_INSERT_VERSION.pattern.encode())
#: Every way the text can write a ``.stamp`` attribute: the dot, then only spaces, line breaks,
#: backslash continuations or comments before the name.
_STAMP_ATTRIBUTE = lazy_compile(rb"\.(?:\s|\\|#[^\r\n]*+)*+stamp\b")  # (possessive: linear)


def _stamps_head(ctx: ModuleContext) -> bool:
    """The schema is handed to Alembic right after: the enclosing function also stamps the
    database (``alembic.command.stamp(cfg, "head")``, ``subprocess.run(["alembic", "stamp",
    "head"])``), or, one level away in the same module, a function it calls (or passes to a
    call that runs it: ``await conn.run_sync(run_stamp, cfg)``) does, or a function that
    calls it does (``init_db()`` then ``stamp_head()``)."""
    func = ctx.enclosing_def
    if func is None:
        return False
    if _stamps(func, ctx):
        return True
    tree = ctx.tree
    if tree is None:
        return False
    defs = {
        n.name: n
        for n in walk(tree)
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n is not func
    }
    for n in walk(func):  # a function it calls, or hands to a call that runs it
        if isinstance(n, ast.Call) and isinstance(n.func, (ast.Name, ast.Attribute)):
            name = n.func.id if isinstance(n.func, ast.Name) else n.func.attr
            callee = defs.get(name)
            if callee is not None and _stamps(callee, ctx):
                return True
            for a in n.args:  # ``await conn.run_sync(run_stamp, cfg)``
                passed = defs.get(a.id) if isinstance(a, ast.Name) else None
                if passed is not None and _stamps(passed, ctx):
                    return True
    for caller in defs.values():  # a function that calls it
        calls_it = any(
            isinstance(n, ast.Call)
            and (
                (isinstance(n.func, ast.Name) and n.func.id == func.name)
                or (isinstance(n.func, ast.Attribute) and n.func.attr == func.name)
            )
            for n in walk(caller)
        )
        if calls_it and _stamps(caller, ctx):
            return True
    return False


def _stamps(func: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext) -> bool:
    """``func`` stamps the database with Alembic (a small walk of its body)."""
    for n in walk(func):
        if isinstance(n, (ast.List, ast.Tuple)):
            words = [e.value for e in n.elts if isinstance(e, ast.Constant)]
            if "stamp" in words and any(
                isinstance(w, str) and w.rsplit("/", 1)[-1] == "alembic" for w in words
            ):
                return True  # ``["alembic", "stamp", "head"]`` for a subprocess
            continue
        if isinstance(n, ast.Constant) and isinstance(n.value, str):
            if "alembic stamp" in n.value:
                return True  # ``"alembic stamp head"`` for a shell
            if "alembic_version" in n.value and _INSERT_VERSION.search(n.value):
                return True  # ``INSERT INTO alembic_version ...``: the stamp written as SQL
            continue
        if not isinstance(n, ast.Call) or not isinstance(n.func, (ast.Name, ast.Attribute)):
            continue
        short = n.func.id if isinstance(n.func, ast.Name) else n.func.attr
        # resolved only when it may be Alembic's ``stamp``: a name resolved here, ahead of the
        # walk, is memoised before a later function-level import binds it (and the call
        # graph then misses ``from pkg.migrations import stamp_new; stamp_new(engine)``)
        if (short == "stamp" or ctx.facts.imports.get(short) in STAMP) and ctx.resolve(
            n.func
        ) in STAMP:
            return True
        if (
            isinstance(n.func, ast.Attribute)
            and n.func.attr == "stamp"
            and any(
                isinstance(a, ast.Constant) and a.value == "head"
                for a in (*n.args, *[k.value for k in n.keywords])
            )
        ):
            return True  # ``command.stamp(config, "head")`` through a lazy proxy
    return False


_MEMORY = ":memory:"
UPGRADE = frozenset({"alembic.command.upgrade"})


def _upgrades_head(node: ast.Call, ctx: ModuleContext) -> bool:
    """``alembic.command.upgrade(cfg, "head")`` (also through ``from alembic import command``)."""
    if (
        not isinstance(node.func, (ast.Name, ast.Attribute))
        or ctx.resolve(node.func) not in UPGRADE
    ):
        return False
    return any(
        isinstance(a, ast.Constant) and a.value == "head"
        for a in (*node.args, *[k.value for k in node.keywords])
    )


#: The advice for a ``create_all`` that rebuilds the tables after a ``drop_all`` (a reset):
#: ``drop_all`` drops the models' tables only, Alembic's ``alembic_version`` row stays, so
#: ``alembic upgrade head`` would find the database current and create nothing.
_RESET_ADVICE = (
    " after `drop_all`, which keeps Alembic's `alembic_version` row (a bare `alembic upgrade "
    "head` would then create nothing): reset through the history, `alembic downgrade base` "
    "then `alembic upgrade head`, or stamp the rebuilt tables with `alembic stamp head`"
)
_RESET_FIX = "Reset with `alembic downgrade base` then `alembic upgrade head`, or stamp head"


def _after_drop_all(node: ast.Attribute, ctx: ModuleContext) -> bool:
    """The ``create_all`` follows a ``drop_all`` in its function (``metadata.drop_all(engine)``
    then ``metadata.create_all(engine)``: a reset of the schema)."""
    fn = next(
        (
            p
            for p in reversed(ctx.parents)
            if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef))
        ),
        None,
    )
    return fn is not None and any(
        isinstance(n, ast.Attribute)
        and n.attr == "drop_all"
        and (n.lineno, n.col_offset) < (node.lineno, node.col_offset)
        for n in ast.walk(fn)
    )


def _lists_tables(node: ast.Attribute, ctx: ModuleContext) -> bool:
    """``create_all(..., tables=[...])``, or ``conn.run_sync(metadata.create_all, tables=[...])``."""
    parent = ctx.parent
    return isinstance(parent, ast.Call) and any(
        k.arg == "tables" and isinstance(k.value, (ast.List, ast.Tuple)) and k.value.elts
        for k in parent.keywords
    )


def _runtime_tables(node: ast.Attribute, ctx: ModuleContext) -> bool:
    """``create_all(tables=[Row.__table__])`` where every listed ``Row`` is a class defined
    in the enclosing function with a ``__tablename__`` that is not a literal (``=
    collection_name``): a table named at run time, which no revision can create."""
    parent = ctx.parent
    if not isinstance(parent, ast.Call):
        return False
    listed = next(
        (k.value for k in parent.keywords if k.arg == "tables"),
        None,
    )
    if not isinstance(listed, (ast.List, ast.Tuple)) or not listed.elts:
        return False
    func = ctx.enclosing_def
    if func is None:
        return False
    local = {n.name: n for n in walk(func) if isinstance(n, ast.ClassDef)}
    for e in listed.elts:
        if not (
            isinstance(e, ast.Attribute)
            and e.attr == "__table__"
            and isinstance(e.value, ast.Name)
            and e.value.id in local
        ):
            return False
        named = [
            stmt.value
            for stmt in local[e.value.id].body
            if isinstance(stmt, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__tablename__" for t in stmt.targets)
        ]
        if len(named) != 1 or isinstance(named[0], ast.Constant):
            return False
    return True


def _runs_upgrade(project: Project, qname: str, upgraders: set[str], depth: int = 0) -> bool:
    """Function ``qname`` runs ``alembic upgrade head``, itself or through what it calls."""
    if qname in upgraders:
        return True
    fn = project.function(qname)
    if fn is None or depth > 3:
        return False
    return any(
        (callee := project.function(cs.qname)) is not None
        and _runs_upgrade(project, callee.qname, upgraders, depth + 1)
        for cs in fn.calls
    )


def _with_self_calls(
    sites: dict[str, list[tuple[str, str, int]]], hits: list[Hit]
) -> dict[str, list[tuple[str, str, int]]]:
    """The call graph's sites, with the calls on ``self`` the upgrading methods recorded."""
    out = {k: list(v) for k, v in sites.items()}
    for h in hits:
        d = h.payload(_Data)
        if d.upgrade_function and d.upgrade_line:
            for callee, line in d.self_calls:
                out.setdefault(callee, []).append((h.path or "", d.upgrade_function, line))
    return out


def _after_upgrade(
    project: Project,
    sites: dict[str, list[tuple[str, str, int]]],
    qname: str,
    upgraders: set[str],
    upgrade_lines: dict[str, int],
    depth: int = 0,
) -> bool:
    """Every call of function ``qname`` the call graph shows comes after ``alembic upgrade
    head`` in the same caller (``self._run_migrations()`` then ``await init_db()``), or
    in a caller of that caller.  False when nothing calls it."""
    if depth > 4:
        return False
    calls = sites.get(qname, [])
    if not calls:
        return False
    for _path, caller, line in calls:
        if 0 < upgrade_lines.get(caller, 0) < line:
            continue  # ``self._run_migrations()`` earlier in the same method
        fn = project.function(caller)
        if fn is None:
            return False
        if any(
            cs.line < line
            and (callee := project.function(cs.qname)) is not None
            and _runs_upgrade(project, callee.qname, upgraders)
            for cs in fn.calls
        ):
            continue
        if not _after_upgrade(project, sites, caller, upgraders, upgrade_lines, depth + 1):
            return False
    return True


def _names_memory(test: ast.expr) -> bool:
    """A condition that holds for an in-memory SQLite database: it mentions ``":memory:"``
    (``db.startswith(":memory:")``, ``":memory:" in url``, ``url == "sqlite://"``), and
    is not negated."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return False
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        return all(_names_memory(v) for v in test.values)
    if isinstance(test, ast.Compare) and any(
        isinstance(o, (ast.NotEq, ast.NotIn)) for o in test.ops
    ):
        return False
    return any(
        isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and (_MEMORY in n.value or n.value in ("sqlite://", "sqlite+aiosqlite://"))
        for n in walk(test)
    )


def _names_sqlite(test: ast.expr) -> bool:
    """A condition that holds only for a SQLite database (in memory or on disk): it names
    SQLite or an in-memory database (``settings.is_sqlite()``, ``dialect.name ==
    "sqlite"``, ``url.startswith("sqlite")``, ``if use_in_memory_db:``), and is not
    negated."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return False
    if isinstance(test, ast.BoolOp):
        parts = [_names_sqlite(v) for v in test.values]
        return all(parts) if isinstance(test.op, ast.Or) else any(parts)
    if isinstance(test, ast.Compare) and any(
        isinstance(o, (ast.NotEq, ast.NotIn, ast.IsNot)) for o in test.ops
    ):
        return False
    for n in walk(test):
        if isinstance(n, ast.Constant) and isinstance(n.value, str):
            text = n.value.lower()
        elif isinstance(n, ast.Name):
            text = n.id.lower()
        elif isinstance(n, ast.Attribute):
            text = n.attr.lower()
        else:
            continue
        if "sqlite" in text or _MEMORY in text or "in_memory" in text:
            return True
    return False


#: ``sqlalchemy.dialects.<name>`` of a database other than SQLite.
_OTHER_DIALECTS = ("postgresql", "mysql", "mssql", "oracle")


def _history_for_another_database(project: Project) -> str | None:
    """A revision that cannot run on SQLite: it imports another database's dialect
    (``from sqlalchemy.dialects import postgresql``) and neither tests the dialect nor
    mentions SQLite.  Its path, or None."""
    for m in project.modules_of_class("migration"):
        if not any(
            i.module.startswith(f"sqlalchemy.dialects.{d}")
            for i in m.import_list
            for d in _OTHER_DIALECTS
        ):
            continue
        text = (project.read_text(m.path) or "").lower()
        if text and "dialect.name" not in text and "sqlite" not in text:
            return m.path
    return None


def _in_memory_here(node: ast.AST, ctx: ModuleContext) -> bool:
    """``create_all`` inside the body of an ``if`` that tests for an in-memory database."""
    return _in_branch(node, ctx, _names_memory)


def _in_branch(node: ast.AST, ctx: ModuleContext, names_it) -> bool:
    """``node`` inside the body of an ``if`` whose test ``names_it`` accepts."""
    parents = ctx.parents
    for i, p in enumerate(parents):
        if isinstance(p, ast.If) and names_it(p.test):
            child = parents[i + 1] if i + 1 < len(parents) else node
            if any(child is s for s in p.body):
                return True
    return False


def _call_sites(project: Project) -> dict[str, list[tuple[str, str, int]]]:
    """Callee -> (path, calling function, line) of every call the call graph records."""
    out: dict[str, list[tuple[str, str, int]]] = {}
    for m in project.modules.values():
        for fn in m.functions.values():
            for cs in fn.calls:
                callee = project.function(cs.qname)  # the call names it canonically
                key = callee.qname if callee is not None else cs.qname
                out.setdefault(key, []).append((m.path, fn.qname, cs.line))
    return out


def _only_for_memory(
    sites: dict[str, list[tuple[str, str, int]]],
    qname: str,
    memory: dict[str, list[tuple[int, int]]],
    own: frozenset[str] | set[str] = frozenset(),
    depth: int = 0,
    seen: frozenset[str] = frozenset(),
    stamped: frozenset[str] | set[str] = frozenset(),
) -> bool:
    """Every call of function ``qname`` the call graph shows sits in the body of an ``if``
    that tests for an in-memory (or, with ``memory`` holding those spans, a SQLite)
    database, directly or through callers (a nested function counts as part of the one it
    is defined in).  A caller the graph shows no caller of counts when it is in ``own``
    (it sets up a SQLite database itself); otherwise False when nothing calls it."""
    if depth > 4 or qname in seen:
        return False
    calls = sites.get(qname, [])
    if not calls:
        return depth > 0 and qname in own
    for path, caller, line in calls:
        if any(a <= line <= b for a, b in memory.get(path, ())):
            continue
        # a def nested in a function is part of it; a method of a class defined in a
        # function (``f.<locals>.Transport.boot``) is not
        nested = "." not in caller.rpartition(".<locals>.")[2]
        owner = (parent_function(caller) if nested else None) or caller
        if owner == qname:
            continue  # a nested helper of the function itself
        if owner in stamped or caller in stamped:
            continue  # the caller stamps the database with Alembic's head afterwards
        if not _only_for_memory(
            sites, owner, memory, own, depth + 1, seen | {qname}, stamped=stamped
        ):
            return False
    return True


def _stamping(sites: dict[str, list[tuple[str, str, int]]], stampers: set[str]) -> set[str]:
    """The functions that stamp the database with Alembic's head: those marked, and the
    ones that call a marked one (``stamp_head(ini, dir, url)``, a project helper around
    ``command.stamp``); a nested function counts as part of the one it is defined in."""
    out = set(stampers)
    for callee in stampers:
        for _path, caller, _line in sites.get(callee, ()):
            nested = "." not in caller.rpartition(".<locals>.")[2]
            out.add((parent_function(caller) if nested else None) or caller)
    return out
