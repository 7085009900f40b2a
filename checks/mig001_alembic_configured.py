from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from auditor import names
from auditor.check import Check, Example, Hit, Severity
from auditor.facts import Function, Lit, arg, qname_of
from auditor.lazyre import lazy_compile
from auditor.project import Project
from auditor.repository import posix_path, scaffold_named

#: F8 names of other migration tools: a project using one of them is not told to add Alembic.
OTHER_MIGRATION_TOOLS = (
    "yoyo-migrations",
    "aerich",
    "atlas",
    "atlas-provider-sqlalchemy",
    "sqlmodel-migrations",
    "django",
)


def alembic_configured(project: Project) -> bool:
    return project.alembic_evidence() is not None


def other_migration_tool(project: Project) -> str | None:
    """Another migration tool the project declares (F8), a ``migrations/`` folder of SQL, or a
    migration package of the project's own (:data:`MIGRATION_RUNNERS`)."""
    for name in OTHER_MIGRATION_TOOLS:
        if project.inventory.has(name):
            return name
    for path in project.repo.files:
        parts = posix_path(path).parts
        if path.endswith(".sql") and "migrations" in parts[:-1]:
            return f"SQL migrations (`{path}`)"
    for m in project.modules_of_class("app"):
        folders = posix_path(m.path).parts[:-1]
        if ("migration" in folders or "migrations" in folders) and any(
            f"{m.module}.{name}" in m.functions for name in MIGRATION_RUNNERS
        ):
            return f"migration code of its own (`{m.path}`)"
    return None


def extends_a_host_app(project: Project) -> bool:
    """The project builds no FastAPI application of its own, and includes its routers into
    one it is handed (``def register(app: FastAPI): app.include_router(router)``): an
    extension of its users' applications, whose tables live in their database and are
    migrated by their migration environment (with the extension's metadata)."""
    if any(a.module.file_class == "app" for a in project.fastapi_apps):
        return False
    for m in project.modules_of_class("app"):
        for mc in m.method_calls:
            recv = mc.receiver_text
            if mc.method != "include_router" or not mc.function or not recv or "." in recv:
                continue
            fn = project.function(mc.function)
            if fn is not None and any(
                p.name == recv
                and (q := qname_of(p.annotation)) is not None
                and project.name_is_class(q, {names.FASTAPI})
                for p in fn.params
            ):
                return True
    return False


#: Module-level functions that apply a schema migration: a ``migration/`` package of the
#: project's own that defines one is a migration tool of its own.
MIGRATION_RUNNERS = ("upgrade", "migrate")


#: Calls that build an engine: an in-memory SQLite one only from a literal URL.
_ENGINE_MAKERS = frozenset({"create_engine", "create_async_engine"})
#: Engines built from a configuration: their URL is a setting.
_CONFIGURED_ENGINES = ("engine_from_config",)
#: URLs of an in-memory SQLite database.
_MEMORY_URLS = frozenset(
    {"sqlite://", "sqlite:///:memory:", "sqlite+aiosqlite://", "sqlite+aiosqlite:///:memory:"}
)


def only_memory_engines(project: Project) -> bool:
    """Every engine the project's code (tests aside) builds is an in-memory SQLite database
    named by a literal URL (``create_engine("sqlite://", poolclass=StaticPool)``), and it
    builds one: nothing feeds it a setting, so each start creates the schema afresh and
    no table outlives the process (DBS005 exempts such a database too)."""
    found = False
    for m in project.by_path.values():
        if m.file_class == "test" or m.parse_error is not None:
            continue
        text = project.read_text(m.path)
        if text is None:
            return False
        if any(c in text for c in _CONFIGURED_ENGINES):
            return False
        if not any(maker in text for maker in _ENGINE_MAKERS):
            continue
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            return False
        for n in ast.walk(tree):
            if not isinstance(n, ast.Call):
                continue
            func = n.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name not in _ENGINE_MAKERS:
                continue
            url = (
                n.args[0] if n.args else next((k.value for k in n.keywords if k.arg == "url"), None)
            )
            if not (isinstance(url, ast.Constant) and url.value in _MEMORY_URLS):
                return False
            found = True
    return found


#: The models of the examples below.
_MODELS = """\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Secret(Base):
    __tablename__ = "secret"
    id: Mapped[int] = mapped_column(primary_key=True)
"""


#: A registry of versioned upgrade steps beside :data:`_MODELS`: ``{body}`` is what the
#: decorator's inner function does with the step it is handed.
_REGISTERED = {
    "app/models.py": _MODELS,
    "app/upgrades/__init__.py": """\
from sqlalchemy import text

STEPS = {{}}


def step(version: int):
    def decorator(fn):
{body}

    return decorator


def upgrade(conn, current: int) -> None:
    while current in STEPS:
        STEPS[current](conn)
        current += 1
        conn.execute(text("UPDATE meta SET version = :v"), {{"v": current}})
""",
    "app/upgrades/v3.py": """\
from sqlalchemy import text

from app.upgrades import step


@step(version=3)
def add_label(conn) -> None:
    conn.execute(text("ALTER TABLE secret ADD COLUMN label TEXT"))
""",
}


#: A store module beside :data:`_MODELS` that replays ordered schema steps at start-up;
#: ``{record}`` is what it does after each step (the trap records it in a ledger).
_STEPS_STORE = """\
import sqlite3

STEPS = [
    (1, "ALTER TABLE secret ADD COLUMN label TEXT"),
    (2, "CREATE TABLE IF NOT EXISTS share (id INTEGER PRIMARY KEY, secret_id INTEGER)"),
]


def _applied(conn: sqlite3.Connection) -> int:
    conn.execute("CREATE TABLE IF NOT EXISTS applied_steps (step INTEGER PRIMARY KEY)")
    row = conn.execute("SELECT MAX(step) FROM applied_steps").fetchone()
    return row[0] or 0


def bring_up_to_date(conn: sqlite3.Connection) -> None:
    done = _applied(conn)
    for number, statement in STEPS:
        if number > done:
            conn.execute(statement)
            {record}
    conn.commit()
"""


#: A runner beside :data:`_MODELS` that applies steps parsed from a shipped ``.sql`` file,
#: recording each in a Core table; ``{apply}`` is how it handles one step.
_CORE_LEDGER_RUNNER = """\
from pathlib import Path

from sqlalchemy import Column, MetaData, String, Table, select, text

meta = MetaData()
done_steps = Table("done_steps", meta, Column("name", String, primary_key=True))


def parse(path: Path) -> list[tuple[str, str]]:
    blocks = path.read_text().split("-- step: ")[1:]
    return [(b.split("\\n", 1)[0], b.split("\\n", 1)[1]) for b in blocks]


def _apply(conn, sql: str) -> None:
    conn.execute(text(sql))


def upgrade(engine, steps) -> None:
    name_col = done_steps.c.name
    with engine.connect() as conn:
        seen = set(conn.scalars(select(name_col)))
    for name, sql in steps:
        if name in seen:
            continue
        with engine.begin() as conn:
            {apply}
            conn.execute(done_steps.insert().values(name=name))
"""

#: The ``.sql`` file :data:`_CORE_LEDGER_RUNNER` reads.
_STEPS_SQL = "-- step: add-label\nALTER TABLE secret ADD COLUMN label TEXT;\n"


#: A module beside :data:`_MODELS` whose ``init_db`` raises ``{error}``.
_REFUSED_INIT = """\
def init_db() -> None:
    \"\"\"Kept for old callers.\"\"\"
    raise {error}
"""


#: A database module beside :data:`_MODELS` whose engine opens ``{url}``.
_ENGINE_DB = """\
from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool

from app.models import Base

engine = create_engine({url}, connect_args={{"check_same_thread": False}}, poolclass=StaticPool)


def init_db() -> None:
    Base.metadata.create_all(engine)
"""

#: A start-up schema runner beside :data:`_MODELS`: its ``ALTER`` is guarded by ``{guard}``.
_RUNNER = """\
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.models import Base

STEPS = [("secret", "label", "VARCHAR(64)"), ("secret", "owner", "INTEGER")]


def _columns_of(sync_conn, table: str) -> set[str]:
    return {{c["name"] for c in inspect(sync_conn).get_columns(table)}}


async def upgrade_schema(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    for table, column, kind in STEPS:
        async with engine.begin() as conn:
            if {guard}:
                await conn.execute(text(f"ALTER TABLE {{table}} ADD COLUMN {{column}} {{kind}}"))
"""

#: The advice when Alembic is a dependency but the audited tree holds no environment: the
#: project likely has one elsewhere (a repository beside the package, a deploy script),
#: so it is pointed at, not created.
_SHIP_MIGRATIONS = (
    "Find the Alembic environment (`alembic.ini`, `versions/`) the dependency is for, keep "
    "it with the code and ship it, or run it where the package is deployed; `alembic init` "
    "only if there is none"
)


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    kind: str | None = None


class AlembicConfigured(Check):
    """
    ## What it does
    In a project with ORM models (SQLAlchemy declarative models, `Table(...)` definitions or
    SQLModel `table=True` models), looks for an Alembic setup: an `alembic.ini` within two
    folder levels of the repository root, a `[tool.alembic]` table in `pyproject.toml`
    (Alembic 1.16 and later), or a migration folder (`env.py` beside `script.py.mako` or a
    `versions/` folder).  It reports the project when none is found.

    When Alembic is there, it also reads the Alembic `env.py` and reports a module-level
    `target_metadata = None`: the line `alembic init` writes, which tells autogenerate
    that there are no models to compare.

    ## Why is this bad?
    Without a migration tool, schema changes are applied by hand or by
    `metadata.create_all()`, which only creates missing tables and never alters an existing
    one: a new column in the model silently never reaches production.  The sources keep
    Alembic in the project tree ([zhanymkanov README], [ForgeAPI guide]:
    `alembic/` and `alembic.ini`, "Migrations. Alembic").  [Production skill 2025]
    creates the tables with `create_all` in the lifespan instead; the catalogue sides with
    Alembic for any persistent database (see DBS005).

    With `target_metadata = None`, `alembic revision --autogenerate` compares the database
    with nothing and produces empty migrations, so the models and the schema drift apart.

    ## Example
    ```text
    app/models.py      # class Post(Base): __tablename__ = "post" ...
    app/main.py
    ```
    or, in `alembic/env.py`:
    ```python
    target_metadata = None
    ```

    ## Use instead
    ```text
    $ alembic init -t async alembic
    ```
    then, in `alembic/env.py`:
    ```python
    from app.database import Base
    from app.posts import models  # noqa: F401  (registers the tables)

    target_metadata = Base.metadata
    ```
    and generate the first revision with `alembic revision --autogenerate -m "create posts"`.

    ## Fix safety
    No automatic fix: creating a migration environment and pointing it at the right
    metadata are project decisions.

    ## Known problems
    A project counts as migrating itself when a module runs `ALTER` / `DROP` in a function
    that a decorator of the project registers as a step, storing it under a key (its
    version) in a module-level table a runner replays.
    A project that declares another migration tool (`yoyo-migrations`, `aerich`, `atlas`,
    `sqlmodel-migrations`, Django), keeps `*.sql` files in a `migrations/` folder, writes
    its schema in SQL first (a `.sql` file that creates every table of a module's models,
    by name, with versioned change files in its folder or below, `changes/0001_add_x.sql`,
    `V2__add_x.sql`: those models are left out), has a
    migration package of its own (a module under `migration/` or `migrations/` defining a
    module-level `upgrade()` or `migrate()`), or migrates itself — a module named for migrations (`persistence/migrations.py`,
    `migrate.py`) that runs `ALTER TABLE` / `ALTER SEQUENCE` / `DROP` statements, a module
    of any name holding schema changes whose code keeps a versioned ledger (a loop over an
    ordered list of steps written in the module runs each and records it in a table the
    same function reads: `SELECT MAX(version) FROM schema_version` ... `INSERT INTO
    schema_version`; or steps handed to the function, parsed from a shipped `.sql` file
    that alters tables, recorded in a Core table: `select(ledger.c.tag)` ...
    `ledger.insert()`; steps replayed without such a record are no migration system), or any
    module whose start-up code reads the current schema and runs `ALTER` to add what
    `create_all` cannot (`inspect(conn).get_columns("t")`, then `ALTER TABLE t ADD COLUMN`,
    in code no request reaches; the schema may be read by a helper of the module that the
    runner names, `await conn.run_sync(_columns_of, t)`), for the models of that module and of the modules it
    imports — is not reported.  An `ALTER` that a route runs is a feature of the
    application, and a blind `ALTER` whose error is swallowed (`try: ... except: pass`) is
    no migration step: both are still reported.  Neither is a project whose code shows Alembic in use although no migration
    environment is in the audited tree: it imports `alembic` (Alembic driven from code,
    its configuration written at start-up) or reads Alembic's `alembic_version` table (a
    wheel does not ship the repository's `alembic/` folder).  Nor is an extension of
    other applications: a project that builds no FastAPI application of its own and
    includes its routers into one it is handed (`def register(app: FastAPI):
    app.include_router(router)`): its tables live in its users' database, and their
    migration environment migrates them (with the extension's metadata).  Nor are models in a
    scaffold: a folder named as a project template (`app_template/`, `templates/`) that no
    module outside it imports and whose models no application reaches, the sample a
    command (`startapp`) copies into its users' projects, whose migration environment is
    theirs.  Nor is a project whose code says that another project creates its tables: a
    module-level function named for building the schema (`init_db`, `create_tables`) whose
    body only raises (`raise RuntimeError("the backend's migrations own this schema")`; a
    `NotImplementedError` stub is not such a statement), with no `create_all`, DDL or
    migration anywhere in the application.  Nor is a project whose only database is in-memory
    SQLite: every engine its code (tests aside) builds is `create_engine("sqlite://")`
    (`"sqlite:///:memory:"`, `"sqlite+aiosqlite://"`), a literal URL no setting feeds.  A project that
    only declares
    `alembic` as a dependency gets an info finding with medium confidence, whose advice
    is to find, keep and ship the environment the dependency is for (a wheel's repository
    often holds it), not to `alembic init` a new one.  Every `alembic.ini` is read, named sections (`[tenant]`) and
    `script_location = package:path` included.  `target_metadata = None` is only reported when the project has ORM models
    (a SQL-first project that writes its migrations by hand has nothing to autogenerate
    from), and only when the name is bound once at module level.

    ## References
    - [zhanymkanov README] ("Migrations. Alembic"; `alembic/` and `alembic.ini` in the project tree)
    - [ForgeAPI guide] ("Alembic Migration Tips")
    - [Production skill 2025] (`create_all` in the lifespan: the disagreement D12)
    - Alembic docs, "Tutorial" and "Auto Generating Migrations"
    """

    id = "MIG001"
    name = "alembic-configured"
    category = "migrations"
    severity = Severity.WARNING
    kind = "structural"
    file_classes = frozenset({"alembic-env"})
    message = "ORM models but no Alembic configuration"
    fix_title = "Set up Alembic (`alembic init -t async alembic`) and point `target_metadata` at your models' metadata"
    fix_safe = False
    sources = ("zhanymkanov README", "ForgeAPI guide", "Production skill 2025")

    # -- alembic env: ``target_metadata = None`` ------------------------------------------
    def visit_Assign(self, node: ast.Assign, ctx) -> None:
        self._target_metadata(node, node.targets, node.value, ctx)

    def visit_AnnAssign(self, node: ast.AnnAssign, ctx) -> None:
        self._target_metadata(node, [node.target], node.value, ctx)

    def _target_metadata(self, node, targets, value, ctx) -> None:
        if ctx.scope.kind != "module" or ctx.parent is not ctx.tree:
            return  # only an unconditional top-level assignment
        if not any(isinstance(t, ast.Name) and t.id == "target_metadata" for t in targets):
            return
        if not (isinstance(value, ast.Constant) and value.value is None):
            return
        if "target_metadata" not in ctx.module_constants:
            return  # rebound later (or conditionally): not provably None
        ctx.report(
            node,
            "`target_metadata = None` in the Alembic env: autogenerate compares the database with no models",
            data=_Data(kind="target-metadata"),
        )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        if not hits or _first_orm_definition(project) is None:
            return []  # no ORM models in the application: nothing to autogenerate from
        return hits

    # -- no Alembic at all ------------------------------------------------------------------
    def check_project(self, project: Project) -> Iterator[Hit]:
        if alembic_configured(project) or other_migration_tool(project):
            return
        if project.handwritten_migrations:
            return  # the project migrates itself (``ALTER TABLE`` in its migrations module)
        if project.alembic_in_code is not None:
            return  # Alembic is driven from code or its table is read: the migrations are elsewhere
        if extends_a_host_app(project):
            return  # its tables are migrated by the applications it extends
        if project.schema_built_elsewhere is not None:
            return  # the code says another project creates and migrates its tables
        # models the start-up code upgrades itself (``ALTER TABLE ... ADD COLUMN`` once the
        # schema was read): the finding is about the others, if any
        anchor = _first_orm_definition(
            project,
            self_migrated_modules(project)
            | sql_managed_modules(project)
            | scaffold_model_modules(project),
        )
        if anchor is None or only_memory_engines(project):
            return  # no models left, or an in-memory database rebuilt each start
        path, line, name = anchor
        if project.inventory.declared("alembic"):
            hit = self.project_hit(
                f"ORM models (`{name}`) and Alembic declared as a dependency, but no migration environment "
                "in the audited tree (no `alembic.ini`, `[tool.alembic]` or migration folder): the "
                "migrations may live outside it (the repository, a deploy script); check that they "
                "are kept and shipped",
                path=path,
                line=line,
                severity=Severity.INFO,
                data=_Data(),
            )
            hit.confidence = "medium"
            hit.fix_title = _SHIP_MIGRATIONS
            yield hit
            return
        yield self.project_hit(
            f"ORM models (`{name}`) but no Alembic setup (no `alembic.ini`, `[tool.alembic]` or migration folder): "
            "schema changes are applied by hand or by `create_all`, which never alters a table",
            path=path,
            line=line,
            data=_Data(),
        )

    bad = (
        Example(
            files={
                k: v.format(body="        print(version)\n        return fn")
                for k, v in _REGISTERED.items()
            },
            note="the other side of the registered-steps trap: the decorator only logs and "
            "hands the function back, nothing keeps it as a step, so its `ALTER` runs by hand",
            lines=(8,),
        ),
        Example(
            files={
                "app/models.py": _MODELS,
                "app/schema.py": _RUNNER.format(guard='column != "id"'),
            },
            note="the other side of the runner trap: a helper that reads the schema is there, "
            "but the runner never names it: its `ALTER` is blind",
            lines=(8,),
        ),
        Example(
            files={
                "app/models.py": _MODELS,
                "app/schema.py": """\
from sqlalchemy import text


def _ensure_log(conn) -> None:
    conn.execute(text("CREATE TABLE IF NOT EXISTS schema_log (name TEXT PRIMARY KEY)"))


def upgrade_schema(engine) -> None:
    with engine.begin() as conn:
        _ensure_log(conn)
        conn.execute(text("ALTER TABLE secret ADD COLUMN label TEXT"))
""",
            },
            note="the runner's helper only creates its own table (`IF NOT EXISTS`): it reads "
            "no column of the models' tables, so the runner's `ALTER` is still blind",
            lines=(8,),
        ),
        Example(
            files={
                "app/models.py": _MODELS,
                "app/db.py": _ENGINE_DB.format(url='"sqlite:///notes.db"'),
            },
            note="the other side of the in-memory trap: a SQLite file outlives the process, "
            "and `create_all` never alters its tables",
            lines=(8,),
        ),
        Example(
            files={
                "app/models.py": _MODELS,
                "app/db.py": _ENGINE_DB.format(url='os.environ["DATABASE_URL"]').replace(
                    "from sqlalchemy import", "import os\n\nfrom sqlalchemy import"
                ),
                "tests/conftest.py": _ENGINE_DB.format(url='"sqlite://"'),
            },
            note="only the tests use an in-memory database: the application's URL is a setting",
            lines=(8,),
        ),
        Example(
            files={
                "app/models.py": _MODELS,
                "app/db.py": _REFUSED_INIT.format(error='NotImplementedError("create the tables")'),
            },
            note="the other side of the refused-`init_db` trap: `NotImplementedError` is a stub "
            "still to write, not a statement that another project migrates the tables",
            lines=(8,),
        ),
        Example(
            files={
                "acl/models.py": _MODELS,
                "acl/routes.py": 'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/acl")\n',
                "acl/manager.py": """\
from fastapi import FastAPI

from acl.routes import router


def register(app: FastAPI) -> None:
    app.include_router(router, prefix="/api")


def attach(target) -> None:
    target.include_router(router)


app = FastAPI()
register(app)
""",
            },
            note="the other side of the extension trap: a project that also builds the "
            "application it extends serves it itself",
            lines=(8,),
        ),
        Example(
            files={
                "app/models.py": """\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Post(Base):
    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True)
""",
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            },
            note="declarative models, no migration tool",
            lines=(8,),
        ),
        Example(
            files={
                "store/sql/init.sql": "CREATE TABLE post (id BIGINT NOT NULL);\n",
                "store/sql/changes/0001_add_title.sql": "ALTER TABLE post ADD COLUMN title TEXT;\n",
                "store/schema.py": """\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Post(Base):
    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True)
""",
                "store/audit.py": """\
from sqlalchemy.orm import Mapped, mapped_column

from store.schema import Base


class Entry(Base):
    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
""",
                "notes/schema.sql": "CREATE TABLE note (id BIGINT NOT NULL);\n",
                "notes/models.py": """\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class NoteBase(DeclarativeBase):
    pass


class Note(NoteBase):
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
""",
            },
            note="the other side of the SQL-first trap: a table no SQL file creates "
            "(`audit_entry`), and a schema file with no change files beside it (applied by "
            "hand): the finding names the first model neither covers",
            lines=(8,),
        ),
        Example(
            files={
                "app/models.py": _MODELS,
                "app/migrations/__init__.py": """\
from app.models import Base


def create_tables(engine) -> None:
    Base.metadata.create_all(engine)
""",
                "app/services/plans.py": """\
def upgrade(user_id: int, plan: str) -> str:
    return f"{user_id}:{plan}"
""",
            },
            note="the trap beside a migration package of its own: a migrations/ package that "
            "only calls `create_all`, and an `upgrade()` outside any migration folder",
            lines=(8,),
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/script.py.mako": "",
                "alembic/env.py": """\
from alembic import context

config = context.config
target_metadata = None


def run_migrations_online() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
""",
                "app/models.py": """\
import sqlalchemy as sa

metadata = sa.MetaData()
users = sa.Table("users", metadata, sa.Column("id", sa.Integer, primary_key=True))
""",
            },
            note="Alembic is there, but autogenerate sees no models (a Core `Table` project)",
            lines=(4,),
        ),
        Example(
            files={
                "src/shop/db.py": """\
from sqlmodel import Field, SQLModel


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
""",
                "migrations/README": "these used to be Alembic migrations\n",
            },
            note="SQLModel table models; a stray migrations/ folder without SQL files is no migration tool",
            lines=(4,),
        ),
        Example(
            files={
                "pkg/models.py": """\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Trade(Base):
    __tablename__ = "trades"
    id: Mapped[int] = mapped_column(primary_key=True)
""",
                "pkg/migrate.py": """\
from sqlalchemy import text


def create(engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS trades (id INTEGER PRIMARY KEY)"))
""",
            },
            note="a module named for migrations that only creates tables (what `create_all` "
            "does) alters nothing: no migration system",
            lines=(8,),
        ),
        Example(
            files={
                "requirements.txt": "sqlalchemy\nalembic>=1.13\n",
                "vault/models.py": _MODELS,
            },
            note="Alembic declared but no migration environment and no code using it: reported "
            "as information (the migrations may be kept elsewhere)",
            lines=(8,),
        ),
        Example(
            files={
                "lab/models.py": _MODELS,
                "lab/main.py": """\
from fastapi import FastAPI
from sqlalchemy import create_engine, inspect, text

from lab.models import Base

engine = create_engine("sqlite:///lab.db")
app = FastAPI()


@app.on_event("startup")
def create_tables() -> None:
    Base.metadata.create_all(engine)
    with engine.begin() as conn:
        try:
            conn.execute(text("ALTER TABLE secret ADD COLUMN note TEXT"))
        except Exception:
            pass


@app.post("/columns/{name}")
def add_column(name: str) -> dict[str, str]:
    if name not in {c["name"] for c in inspect(engine).get_columns("secret")}:
        with engine.begin() as conn:
            conn.execute(text(f"ALTER TABLE secret ADD COLUMN {name} TEXT"))
    return {"added": name}
""",
            },
            note="trap: `ALTER TABLE` run by a route is the application's feature (a user adds "
            "a column), not its migration; the start-up's blind `ALTER` whose error is "
            "swallowed reads no schema: no migration step (fedml)",
            lines=(8,),
        ),
        Example(
            files={
                "hub/registry.py": """\
import sqlalchemy as sa

metadata = sa.MetaData()
projects = sa.Table("projects", metadata, sa.Column("id", sa.Integer, primary_key=True))
""",
                "hub/lineage.py": """\
from sqlalchemy import inspect, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Run(Base):
    __tablename__ = "runs"
    id: Mapped[int] = mapped_column(primary_key=True)


def migrate(engine) -> None:
    Base.metadata.create_all(engine)
    if "parent" not in {c["name"] for c in inspect(engine).get_columns("runs")}:
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE runs ADD COLUMN parent TEXT"))
""",
                "hub/main.py": """\
from fastapi import FastAPI
from sqlalchemy import create_engine

from hub import lineage, registry

engine = create_engine("sqlite:///hub.db")
app = FastAPI()


@app.on_event("startup")
def start() -> None:
    lineage.migrate(engine)
    registry.metadata.create_all(engine)
""",
            },
            note="trap: the project upgrades one store itself (`hub/lineage.py`), not the "
            "registry's tables beside it: reported on those (feast)",
            lines=(4,),
        ),
        Example(
            files={
                "kit/app_template/__init__.py": "",
                "kit/app_template/models.py": _MODELS,
                "kit/seed.py": """\
from kit.app_template.models import Secret


def sample() -> Secret:
    return Secret(id=1)
""",
            },
            note="trap: a template folder that code beside it imports is the package's code",
            lines=(8,),
        ),
        Example(
            files={
                "kit/project_template/__init__.py": "",
                "kit/project_template/models.py": _MODELS,
                "kit/project_template/main.py": """\
from fastapi import FastAPI

from kit.project_template.models import Base

app = FastAPI()
app.state.metadata = Base.metadata
""",
            },
            note="trap: a template whose models the application in it reaches",
            lines=(8,),
        ),
        Example(
            files={
                "app/models.py": _MODELS,
                "app/store.py": _STEPS_STORE.format(record='print("applied", number)'),
            },
            note="the other side of the ledger trap: the steps run in order, but none is "
            "recorded in the table read first, so each start replays them blind: no "
            "migration system",
            lines=(8,),
        ),
        Example(
            files={
                "app/models.py": _MODELS,
                "app/steps.sql": _STEPS_SQL,
                "app/runner.py": _CORE_LEDGER_RUNNER.format(apply="pass"),
            },
            note="the other side of the Core-ledger trap: each name is recorded in the table "
            "read first, but no step is applied (only the record is inserted): no migration",
            lines=(8,),
        ),
    )
    good = (
        Example(
            files={
                k: v.format(body="        STEPS[version] = fn\n        return fn")
                for k, v in _REGISTERED.items()
            },
            note="trap: the project migrates its own schema (seen in pixeltable's metadata "
            "converters): each `ALTER` step is registered by a decorator that stores it "
            "under its version in a module-level table, which a runner replays from the "
            "stored version",
        ),
        Example(
            files={
                "app/models.py": _MODELS,
                "app/store.py": _STEPS_STORE.format(
                    record='conn.execute("INSERT INTO applied_steps (step) VALUES (?)", (number,))'
                ),
            },
            note="trap: a migration system of the project's own under no migration name: an "
            "ordered list of DDL steps applied at start-up, each recorded in a version table "
            "read before the loop (seen in iowap-server)",
        ),
        Example(
            files={
                "app/models.py": _MODELS,
                "app/steps.sql": _STEPS_SQL,
                "app/runner.py": _CORE_LEDGER_RUNNER.format(apply="_apply(conn, sql)"),
            },
            note="trap: a migration system of its own whose steps come from a shipped `.sql` "
            "file: each is applied once and recorded in a SQLAlchemy Core table that the "
            "function reads first (`select(table.c.name)` ... `table.insert()`)",
        ),
        Example(
            files={"app/models.py": _MODELS, "app/db.py": _ENGINE_DB.format(url='"sqlite://"')},
            note="the only engine is an in-memory SQLite database named by a literal URL "
            "(seen in mqtt-rest): `create_all` builds the schema afresh on each start and "
            "no table outlives the process, so there is nothing to migrate",
        ),
        Example(
            files={
                "app/models.py": _MODELS,
                "app/db.py": _REFUSED_INIT.format(
                    error='RuntimeError("the platform\'s Alembic migrations own this schema")'
                ),
            },
            note="trap: `init_db` raises instead of creating the tables, and nothing in the "
            "project creates or migrates any: the code says another project's migrations "
            "apply the schema changes (qontinui-api app/core/database.py:76)",
        ),
        Example(
            files={
                "acl/models.py": _MODELS,
                "acl/routes.py": 'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/acl")\n',
                "acl/manager.py": """\
from fastapi import FastAPI

from acl.routes import router


class ACLManager:
    def __init__(self, app: FastAPI | None = None) -> None:
        if app is not None:
            self.register(app)

    def register(self, app: FastAPI) -> None:
        app.include_router(router, prefix="/api")
""",
            },
            note="an extension that adds its routers to the application its user hands it: "
            "its tables are migrated by the user's migration environment",
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/script.py.mako": "",
                "alembic/env.py": "from app.models import Base\n\ntarget_metadata = Base.metadata\n",
                "app/models.py": """\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Post(Base):
    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True)
""",
            },
        ),
        Example(
            files={
                "pyproject.toml": '[project]\nname = "svc"\n\n[tool.alembic]\nscript_location = "%(here)s/db/migrations"\n',
                "db/migrations/env.py": "from svc.models import Base\n\ntarget_metadata = Base.metadata\n",
                "db/migrations/versions/2024-09-01_init.py": '"""init"""\nrevision = "a1"\ndown_revision = None\n',
                "svc/models.py": """\
from sqlalchemy.ext.declarative import declarative_base
from sqlalchemy import Column, Integer

Base = declarative_base()


class Post(Base):
    __tablename__ = "post"
    id = Column(Integer, primary_key=True)
""",
            },
            note="Alembic configured in pyproject.toml (Alembic >= 1.16)",
        ),
        Example(
            files={
                "services/api/db/env.py": "target_metadata = None\n",
                "services/api/db/script.py.mako": "",
                "services/api/app/models.py": """\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Post(Base):
    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True)
""",
            },
            note="a migration folder deep in the tree counts; its env.py is not an alembic-env file without a config",
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": """\
import os

from alembic import context

target_metadata = None
if os.environ.get("WITH_MODELS"):
    from app.models import Base

    target_metadata = Base.metadata
""",
                "app/models.py": """\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Post(Base):
    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True)
""",
            },
            note="`target_metadata` rebound later: not provably None",
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "target_metadata = None\n",
                "app/queries.py": """\
from sqlalchemy import text


async def posts(db) -> list:
    return list(await db.execute(text("SELECT id FROM post")))
""",
            },
            note="SQL-first, no ORM models: hand-written migrations, nothing to autogenerate from",
        ),
        Example(
            files={
                "requirements.txt": "fastapi\nsqlalchemy\nyoyo-migrations==9.0\n",
                "app/models.py": """\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Post(Base):
    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True)
""",
            },
            note="another migration tool declared",
        ),
        Example(
            files={
                "db/migrations/0001_init.sql": "CREATE TABLE post (id serial primary key);\n",
                "app/models.py": """\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Post(Base):
    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True)
""",
            },
            note="SQL migrations kept in a migrations/ folder",
        ),
        Example(
            files={
                "store/sql/init.sql": """\
-- Run once before the first start.
CREATE TABLE `post` (id BIGINT NOT NULL AUTO_INCREMENT, PRIMARY KEY (id));
CREATE TABLE IF NOT EXISTS app.tag (id BIGINT NOT NULL);
""",
                "store/sql/changes/20250301_add_title.sql": "ALTER TABLE post ADD COLUMN title TEXT;\n",
                "store/schema.py": """\
from sqlalchemy import Column, Integer, MetaData, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Post(Base):
    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True)


tag = Table("tag", MetaData(), Column("id", Integer))
""",
            },
            note="trap: a SQL-first schema: a SQL file creates every table the models map, "
            "and versioned change files below its folder (`changes/20250301_add_title.sql`) "
            "migrate it, under whatever folder name",
        ),
        Example(
            files={
                "app/migration/__init__.py": "",
                "app/migration/runner.py": """\
from sqlalchemy import Engine, text

STEPS = {0: "ALTER TABLE post ADD COLUMN title TEXT"}


def upgrade(engine: Engine, version: int) -> int:
    with engine.begin() as conn:
        while version in STEPS:
            conn.execute(text(STEPS[version]))
            version += 1
    return version
""",
                "app/models.py": _MODELS,
            },
            note="a migration package of the project's own: a module under migration/ that "
            "defines `upgrade()` (seen in google-adk)",
        ),
        Example(
            files={
                "app/models.py": """\
from dataclasses import dataclass

from pydantic import BaseModel


class Base:
    metadata = None


class Post(Base):
    __tablename__ = "post"


@dataclass
class Row:
    id: int


class PostOut(BaseModel):
    id: int
""",
            },
            note="look-alikes: a plain class with `__tablename__`, dataclasses, Pydantic models",
        ),
        Example(
            files={
                "tests/test_repo.py": """\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Thing(Base):
    __tablename__ = "thing"
    id: Mapped[int] = mapped_column(primary_key=True)
""",
            },
            note="models defined only in tests are not the application's schema",
        ),
        Example(
            files={
                "pkg/persistence/models.py": """\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Trade(Base):
    __tablename__ = "trades"
    id: Mapped[int] = mapped_column(primary_key=True)
""",
                "pkg/persistence/migrations.py": """\
from sqlalchemy import inspect, text


def check_migrate(engine) -> None:
    cols = {c["name"] for c in inspect(engine).get_columns("trades")}
    if "fee" not in cols:
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE trades ADD COLUMN fee FLOAT"))
""",
            },
            note="the project migrates itself: a migrations module that alters its tables is a "
            "migration system, not Alembic's",
        ),
        Example(
            files={
                "docs_app/models.py": """\
from sqlalchemy.orm import Mapped, mapped_column

from docs_app.database import Base


class Secret(Base):
    __tablename__ = "secret"
    id: Mapped[int] = mapped_column(primary_key=True)
""",
                "docs_app/database.py": """\
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


def _upgrade_schema(conn) -> None:
    columns = {c["name"] for c in inspect(conn).get_columns("secret")}
    if "label" not in columns:
        conn.execute(text("ALTER TABLE secret ADD COLUMN label VARCHAR(64)"))


async def initialize_database(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
        await conn.run_sync(_upgrade_schema)
""",
                "docs_app/main.py": """\
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import create_async_engine

from docs_app.database import initialize_database

engine = create_async_engine("sqlite+aiosqlite:///docs.db")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    await initialize_database(engine)
    yield


app = FastAPI(lifespan=lifespan)
""",
            },
            note="the project migrates itself at start-up from `database.py`: `ALTER TABLE ... "
            "ADD COLUMN` once the schema was read, after `create_all`, in code no request "
            "reaches, for the models on its base (seen in pypi-upload-demo)",
        ),
        Example(
            files={
                "app/models.py": _MODELS,
                "app/schema.py": _RUNNER.format(
                    guard="column not in await conn.run_sync(_columns_of, table)"
                ),
            },
            note="the same from a runner whose helper reads the schema (`run_sync(_columns_of, "
            "table)`): the `ALTER` adds only a missing column (seen in webgate)",
        ),
        Example(
            files={
                "arena/database.py": """\
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Match(Base):
    __tablename__ = "matches"
    id: Mapped[int] = mapped_column(primary_key=True)


class MatchRepository:
    def __init__(self, url: str) -> None:
        self.engine = create_engine(url)

    async def initialize(self) -> None:
        Base.metadata.create_all(self.engine)
        self._add_missing_columns()

    def _add_missing_columns(self) -> None:
        existing = {c["name"] for c in inspect(self.engine).get_columns("matches")}
        if "winner" not in existing:
            with self.engine.begin() as conn:
                conn.execute(text(f"ALTER TABLE {Match.__tablename__} ADD COLUMN winner TEXT"))
""",
                "arena/main.py": """\
from fastapi import FastAPI

from arena.database import MatchRepository

app = FastAPI()
repository = MatchRepository("sqlite:///arena.db")


@app.on_event("startup")
async def startup() -> None:
    await repository.initialize()
""",
            },
            note="the same in the models' own module, from a method of an object the start-up "
            "handler holds (the call graph cannot place it, no request reaches it; seen in "
            "hexgame-server)",
        ),
        Example(
            files={
                "vault/models.py": _MODELS,
                "vault/schema.py": """\
from pathlib import Path

from alembic import command
from alembic.config import Config


def upgrade(folder: Path, url: str) -> None:
    (folder / "alembic.ini").write_text(f"[alembic]\\nscript_location = {folder}\\n")
    cfg = Config(str(folder / "alembic.ini"))
    cfg.set_main_option("sqlalchemy.url", url)
    command.upgrade(cfg, "head")
""",
            },
            note="Alembic driven from code (the configuration is written at start-up): the "
            "migration setup is not a file in the tree, and its absence is not proven",
        ),
        Example(
            files={
                "requirements.txt": "sqlalchemy\nalembic\n",
                "vault/models.py": _MODELS,
                "vault/status.py": """\
from sqlalchemy import text


async def schema_revision(session) -> str | None:
    row = await session.execute(text("SELECT version_num FROM alembic_version"))
    return row.scalar_one_or_none()
""",
            },
            note="the code reads Alembic's `alembic_version` table: the database is Alembic-migrated, "
            "its migrations are kept outside the audited tree (a wheel does not ship them)",
        ),
        Example(
            files={
                "kit/cli.py": """\
import shutil
import sys
from pathlib import Path

TEMPLATES = Path(__file__).parent / "templates"


def startapp() -> None:
    shutil.copytree(TEMPLATES / "app_template", Path(sys.argv[1]))
""",
                "kit/templates/app_template/__init__.py": "",
                "kit/templates/app_template/models.py": _MODELS,
                "kit/templates/app_template/crud.py": """\
from .models import Secret


def get(session, secret_id: int) -> Secret | None:
    return session.get(Secret, secret_id)
""",
                "kit/templates/project_template/main.py": """\
from fastapi import FastAPI

app = FastAPI(title="new project")
""",
            },
            note="a scaffold a command copies into its users' projects (yzcore's `startapp`): "
            "models in a template folder nothing outside it imports and no application "
            "reaches are the users' schema, migrated by their environment",
        ),
    )


def _first_orm_definition(
    project: Project, covered: frozenset[str] = frozenset()
) -> tuple[str, int, str] | None:
    """(path, line, name) of the first ORM model or ``Table`` binding in an app module, among
    the modules not in ``covered`` (paths whose models the project migrates itself)."""
    found: list[tuple[str, int, str]] = []
    for cls in project.orm_models:
        m = project.modules.get(cls.module)
        if m is not None and m.file_class == "app" and m.path not in covered:
            found.append((m.path, cls.line, cls.name))
    for m, inst in project.orm_tables:
        if m.file_class == "app" and m.path not in covered:
            found.append((m.path, inst.line, inst.target.rsplit(".", 1)[-1]))
    return min(found) if found else None


def scaffold_model_modules(project: Project) -> frozenset[str]:
    """Paths of the modules with ORM models that sit in a folder named as a project template
    (``app_template/``, ``templates/``: the nearest such folder above them), when no module
    outside that folder imports one inside it and no application reaches them: a sample a
    command copies into its users' projects (``startapp``), whose schema is theirs, migrated
    by their migration environment.  A template the package's own application reaches, or
    that code beside it imports, is the package's code."""
    paths = {
        project.modules[c.module].path for c in project.orm_models if c.module in project.modules
    }
    paths.update(m.path for m, _ in project.orm_tables)
    folders: dict[str, set[str]] = {}
    for path in paths:
        folder = next((f for f in posix_path(path).parents if scaffold_named(f.name)), None)
        if folder is not None and project.reaches(path) is not True:
            folders.setdefault(folder.as_posix() + "/", set()).add(path)
    out: set[str] = set()
    for prefix, inside in folders.items():
        held = {m.module for m in project.modules.values() if _posix(m.path).startswith(prefix)}
        outside = [m.module for m in project.modules.values() if m.module not in held]
        if not held & project.import_closure(outside):
            out |= inside
    return frozenset(out)


def _posix(path: str) -> str:
    return posix_path(path).as_posix()


#: ``CREATE TABLE [IF NOT EXISTS] [schema.]name`` in a SQL file (names quoted or not).
_CREATE_TABLE = lazy_compile(
    rb"\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:[`\"\[]?\w+[`\"\]]?\.)?[`\"\[]?(\w+)",
    re.IGNORECASE,
)
#: A versioned SQL change file: ``0001_add_x.sql``, ``V2__add_x.sql``, ``20250101_x.sql``.
_VERSIONED_SQL = lazy_compile(r"^[Vv]?\d+(?:[._]\d+)*__?[A-Za-z]\w*\.sql$")


def sql_managed_modules(project: Project) -> frozenset[str]:
    """Paths of the modules whose ORM tables (every one, by its literal name) a SQL file of
    the project creates, where that file's folder (or one below it) also keeps versioned SQL
    change files (``changes/0001_add_x.sql``, ``V2__add_x.sql``): the schema is written in
    SQL first and migrated by those files, whatever the folder is called; the models only
    mirror it.  A SQL file alone, with no change files, is a schema applied by hand."""
    sql = [p for p in project.repo.files if p.endswith(".sql")]
    versioned = [posix_path(p) for p in sql if _VERSIONED_SQL.match(posix_path(p).name)]
    if not versioned:
        return frozenset()
    created: set[str] = set()
    for path in sql:
        folder = posix_path(path).parent
        if not any(v != posix_path(path) and folder in v.parents for v in versioned):
            continue
        data = project.repo.read_bytes(path) or b""
        created |= {
            m.group(1).decode("ascii", "replace").lower() for m in _CREATE_TABLE.finditer(data)
        }
    if not created:
        return frozenset()
    tables: dict[str, list[str | None]] = {}
    for cls in project.orm_models:
        m = project.modules.get(cls.module)
        if m is not None:
            name = next((a.default for a in cls.attributes if a.name == "__tablename__"), None)
            tables.setdefault(m.path, []).append(
                name.value.lower()
                if isinstance(name, Lit) and isinstance(name.value, str)
                else None
            )
    for m, inst in project.orm_tables:
        name = arg(inst.call, 0)
        tables.setdefault(m.path, []).append(
            name.value.lower() if isinstance(name, Lit) and isinstance(name.value, str) else None
        )
    return frozenset(path for path, names in tables.items() if all(n in created for n in names))


#: An identifier in source text (a helper a function names).
_IDENTIFIER = lazy_compile(r"\b[A-Za-z_]\w*\b")
#: What reads the schema a migration step upgrades: SQLAlchemy's inspector, SQLite's
#: catalogue, the SQL standard's, or a conditional DDL.
_READS_SCHEMA = lazy_compile(
    r"\binspect\(|\.get_columns\(|\.has_table\(|\bPRAGMA\s+table_info|\bsqlite_master\b"
    r"|\binformation_schema\b|\bIF\s+NOT\s+EXISTS\b",
    re.IGNORECASE,
)


#: What reads the catalogue in a helper (a conditional DDL there is the helper's own step).
_READS_CATALOGUE = lazy_compile(
    r"\binspect\(|\.get_columns\(|\.has_table\(|\bPRAGMA\s+table_info|\bsqlite_master\b"
    r"|\binformation_schema\b",
    re.IGNORECASE,
)


def _reads_schema(fn: Function, functions: Iterable[Function], lines: list[str]) -> bool:
    """``fn`` reads the current schema (:data:`_READS_SCHEMA`) in its own body, or reads the
    catalogue (:data:`_READS_CATALOGUE`) in a function of its module that it names, directly
    or through another such function (a runner that asks a helper for a table's columns:
    ``await conn.run_sync(_columns_of, t)``)."""
    by_name: dict[str, list[Function]] = {}
    for f in functions:
        by_name.setdefault(f.name, []).append(f)
    seen = {fn.qname}
    todo = [fn]
    while todo:
        f = todo.pop()
        body = "\n".join(lines[f.line - 1 : f.end_line])
        if (_READS_SCHEMA if f is fn else _READS_CATALOGUE).search(body):
            return True
        for name in set(_IDENTIFIER.findall(body)) & by_name.keys():
            for g in by_name[name]:
                if g.qname not in seen:
                    seen.add(g.qname)
                    todo.append(g)
    return False


def self_migrated_modules(project: Project) -> frozenset[str]:
    """Paths of the modules whose models the application upgrades itself, beside
    ``create_all``: a module that runs ``ALTER`` in a function that no request reaches (the
    start-up code, a command, or code the call graph cannot place) and that reads the
    current schema first (``inspect(conn).get_columns("t")``, ``PRAGMA table_info``: add the
    column when it is missing; itself or through the helpers of its module it names), with
    the project modules it imports and those that import it (the models on its base).  A blind
    ``ALTER`` whose error is swallowed, or one a route runs, is no migration step."""
    migrating: set[str] = set()
    for m in project.by_path.values():
        if m.file_class != "app" or m.parse_error is not None:
            continue
        alters = [line for kind, line in m.ddl if kind.startswith("ALTER")]
        if not alters:
            continue
        text = project.read_text(m.path) or ""
        lines = text.splitlines()
        for line in alters:
            around = [fn for fn in m.functions.values() if fn.line <= line <= fn.end_line]
            if not around:
                continue
            fn = max(around, key=lambda f: f.line)
            reach = project.reach(fn.qname)
            if reach is not None and reach.on_request_path:
                continue
            if not _reads_schema(fn, m.functions.values(), lines):
                continue
            migrating.add(m.module)
            break
    if not migrating:
        return frozenset()
    out: set[str] = set()
    for m in project.by_path.values():
        if m.module in migrating:
            out.add(m.path)
            continue
        for imp in m.import_list:  # the models that import the migrating module (its base)
            if imp.module in migrating or imp.module.rpartition(".")[0] in migrating:
                out.add(m.path)
                break
    for name in migrating:  # and the models the migrating module imports
        for imp in project.modules[name].import_list:
            parts = imp.module.split(".")
            for n in range(len(parts), 0, -1):
                imported = project.modules.get(".".join(parts[:n]))
                if imported is not None:
                    out.add(imported.path)
                    break
    return frozenset(out)
