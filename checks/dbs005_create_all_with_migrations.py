from __future__ import annotations

import ast
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity
from auditor.facts import Call, Name, qname_of
from auditor.names import METADATA
from auditor.project import Binding, Project
from auditor.project_queries import base_of
from auditor.walker import ModuleContext, dotted


#: ``MetaData(...)`` spellings (canonical and re-exported).
class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    receiver: str | None = None
    text: str | None = None
    metadata_attr: bool = False


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
    database is fine.  A call guarded by an environment check (`if settings.ENV == "dev"`)
    is still reported; suppress it with `# noqa: DBS005` if that is deliberate.  Not
    reported: `create_all()` followed by `alembic stamp head` (Alembic's recipe for
    building a fresh database) — `alembic.command.stamp(..., "head")` or an `alembic stamp`
    command line in the same function, in a function of the same module it calls, or in one
    that calls it — and `create_all()` on a base
    other than the one(s) Alembic's `env.py` migrates (`target_metadata`), when that can be
    followed: a separate store's own tables are outside Alembic's history by design.  Without
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
        return None

    def visit_Attribute(self, node: ast.Attribute, ctx: ModuleContext) -> None:
        if node.attr != "create_all" or not isinstance(node.ctx, ast.Load):
            return
        receiver = node.value
        text = dotted(receiver)
        if text is None:
            return
        if _stamps_head(ctx):
            return  # ``create_all()`` then ``alembic.command.stamp(cfg, "head")``: Alembic's own recipe
        ctx.report(
            node,
            f"`{text}.create_all` creates tables outside Alembic's history",
            data=_Data(
                receiver=ctx.resolve(receiver),
                text=text,
                metadata_attr=isinstance(receiver, ast.Attribute) and receiver.attr == "metadata",
            ),
        )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        where = project.alembic_evidence()
        targets = project.alembic_targets()
        out: list[Hit] = []
        for h in hits:
            if targets:
                recv = h.payload(_Data).receiver or ""
                base = base_of(project, recv.removesuffix(".metadata")) if recv else None
                if base is not None and base not in targets:
                    continue  # tables Alembic does not manage (a separate store's own base)
            if h.payload(_Data).metadata_attr or _is_metadata(project, h.payload(_Data).receiver):
                h.message = f"{h.message} (Alembic is configured in {where}): run `alembic upgrade head` instead"
                out.append(h)
        return out

    bad = (
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "from app.database import Base\n\ntarget_metadata = Base.metadata\n",
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
    )
    good = (
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "",
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


def _stamps_head(ctx: ModuleContext) -> bool:
    """The schema is handed to Alembic right after: the enclosing function also stamps the
    database (``alembic.command.stamp(cfg, "head")``, ``subprocess.run(["alembic", "stamp",
    "head"])``), or, one level away in the same module, a function it calls does, or a
    function that calls it does (``init_db()`` then ``stamp_head()``)."""
    func = next(
        (
            p
            for p in reversed(ctx.parents)
            if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef))
        ),
        None,
    )
    if func is None:
        return False
    if _stamps(func, ctx):
        return True
    tree = ctx.tree
    if tree is None:
        return False
    defs = {
        n.name: n
        for n in ast.walk(tree)
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n is not func
    }
    for n in ast.walk(func):  # a function it calls
        if isinstance(n, ast.Call) and isinstance(n.func, (ast.Name, ast.Attribute)):
            name = n.func.id if isinstance(n.func, ast.Name) else n.func.attr
            callee = defs.get(name)
            if callee is not None and _stamps(callee, ctx):
                return True
    for caller in defs.values():  # a function that calls it
        calls_it = any(
            isinstance(n, ast.Call)
            and (
                (isinstance(n.func, ast.Name) and n.func.id == func.name)
                or (isinstance(n.func, ast.Attribute) and n.func.attr == func.name)
            )
            for n in ast.walk(caller)
        )
        if calls_it and _stamps(caller, ctx):
            return True
    return False


def _stamps(func: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext) -> bool:
    """``func`` stamps the database with Alembic (a small walk of its body)."""
    for n in ast.walk(func):
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
            continue
        if not isinstance(n, ast.Call) or not isinstance(n.func, (ast.Name, ast.Attribute)):
            continue
        if ctx.resolve(n.func) in STAMP:
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
