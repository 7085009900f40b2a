from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from auditor.check import Check, Example, Hit, Severity, snippet
from auditor.facts import (
    TOO_DEEP,
    Call,
    Class,
    DictExpr,
    Expr,
    IfExp,
    Lit,
    ModuleFacts,
    Name,
    Other,
    Seq,
    arg,
    is_lit,
    iter_exprs,
    kwarg,
    qname_of,
)
from auditor.lazyre import lazy_compile
from auditor.project import (
    AS_DECLARATIVE,
    DECLARATIVE_BASE_CLASSES,
    DECLARATIVE_BASE_FACTORIES,
    Binding,
    Project,
)

#: ``MetaData(...)`` spellings.
METADATA = frozenset(
    {"sqlalchemy.MetaData", "sqlalchemy.schema.MetaData", "sqlalchemy.sql.schema.MetaData"}
)
#: ``registry(...)`` spellings.
REGISTRY = frozenset({"sqlalchemy.orm.registry", "sqlalchemy.orm.decl_api.registry"})
SQLMODEL = "sqlmodel.SQLModel"

OK, MISSING, UNKNOWN = "ok", "missing", "unknown"


#: A project that builds its tables from SQL it ships and migrates them by hand;
#: ``{extra}`` is more of its store module.
_SQL_BUILT = {
    "app/models.py": """\
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Shelf(Base):
    __tablename__ = "shelf"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True)
    shelf_id: Mapped[int] = mapped_column(ForeignKey("shelf.id"))
""",
    "app/sql/base.sql": (
        "CREATE TABLE IF NOT EXISTS shelf (id INTEGER PRIMARY KEY, code VARCHAR(20),"
        " CONSTRAINT uq_shelf_code UNIQUE (code));\n"
        "CREATE TABLE book (id INTEGER PRIMARY KEY, shelf_id INTEGER,"
        " CONSTRAINT fk_book_shelf FOREIGN KEY (shelf_id) REFERENCES shelf (id));\n"
    ),
}
_SQL_BUILT_STORE = """\
from pathlib import Path

from sqlalchemy import text

from app.models import Base


def migrate(engine) -> None:
    with engine.begin() as conn:
        for statement in Path(__file__).with_name("sql").joinpath("base.sql").read_text().split(";"):
            if statement.strip():
                conn.execute(text(statement))
        conn.execute(text("ALTER TABLE book ADD COLUMN IF NOT EXISTS title VARCHAR(200)"))
{extra}"""


#: A store on one SQLite file, built by ``create_all``; ``{url}`` is its engine's URL.
_SQLITE_STORE = """\
import os

from sqlalchemy import Column, ForeignKey, Integer, String, create_engine
from sqlalchemy.orm import declarative_base

Base = declarative_base()
PATH = os.environ.get("NOTES_DB", "notes.db")
URL = {url}


class Folder(Base):
    __tablename__ = "folder"
    id = Column(Integer, primary_key=True)
    title = Column(String, unique=True)


class Note(Base):
    __tablename__ = "note"
    id = Column(Integer, primary_key=True)
    folder_id = Column(Integer, ForeignKey("folder.id"))


engine = create_engine(URL)


def setup() -> None:
    Base.metadata.create_all(engine)
"""


#: SQLModel table models that name their constraints themselves; ``{extra}`` adds a field.
_SQLMODEL_NAMED = """\
from sqlmodel import Field, SQLModel
from sqlalchemy import UniqueConstraint


class Board(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("team", "title", name="uq_board_team_title"),)
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, index=True)
    team: str
    title: str
{extra}\
"""


#: A catalogue whose main base has a convention, shared by the traps below and their other
#: sides: ``_CATALOG_VIEWS`` maps a second base (a view, a mirror of ``product``).
_CATALOG_MODELS = """\
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention={"fk": "fk_%(table_name)s_%(column_0_name)s"})


class Vendor(Base):
    __tablename__ = "vendor"
    id = sa.Column(sa.Integer, primary_key=True)


class Product(Base):
    __tablename__ = "product"
    id = sa.Column(sa.Integer, primary_key=True)
    vendor_id = sa.Column(sa.ForeignKey("vendor.id"))
"""
#: ``{table}``: the table the second base maps.
_CATALOG_VIEWS = """\
import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

ViewBase = declarative_base()


class ProductRow(ViewBase):
    __tablename__ = "{table}"
    id = sa.Column(sa.Integer, primary_key=True)
    vendor_id = sa.Column(sa.Integer, sa.ForeignKey("vendor.id"))
"""
_CATALOG_INI = "[alembic]\nscript_location = alembic\n"
#: A second base beside ``_CATALOG_MODELS``, in a module nothing imports; ``{note}``: the
#: keywords of its one other column.
_STRAY_REPORTS = """\
import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

ReportBase = declarative_base()


class Discrepancy(ReportBase):
    __tablename__ = "discrepancy"
    id = sa.Column(sa.Integer, primary_key=True)
    note = sa.Column(sa.String{note})
"""
#: A service on the database of another, whose ``init_db`` raises ``{error}``: shared by the
#: trap below and its other sides.
_SHARED_DB = """\
from sqlalchemy import Column, ForeignKey, Integer, create_engine
from sqlalchemy.orm import declarative_base, sessionmaker

engine = create_engine("postgresql://billing-db/billing")
SessionLocal = sessionmaker(bind=engine)
Base = declarative_base()


class Invoice(Base):
    __tablename__ = "invoice"
    id = Column(Integer, primary_key=True)
    customer_id = Column(Integer, ForeignKey("customer.id"))


def init_db() -> None:
    \"\"\"Kept for old callers.\"\"\"
    raise {error}
"""
_REFUSAL = 'RuntimeError("the billing service creates and migrates these tables")'


#: A project that builds its live schema with ``create_all`` and keeps a retired table on a
#: private ``MetaData`` for its data upgrades; ``{column}`` is the retired table's last column.
_RETIRED = {
    "app/schema.py": """\
from sqlalchemy import MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={{"uq": "uq_%(table_name)s_%(column_0_name)s"}})


class Job(Base):
    __tablename__ = "job"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)


def setup(engine) -> None:
    Base.metadata.create_all(engine)
""",
    "app/upgrade.py": """\
import sqlalchemy as sa

_retired = sa.MetaData()
old_jobs = sa.Table(
    "old_jobs",
    _retired,
    sa.Column("id", sa.Integer, primary_key=True),
    {column},
)


def upgrade(conn) -> None:
    for row in conn.execute(sa.select(old_jobs)):
        conn.execute(old_jobs.update().where(old_jobs.c.id == row.id).values(body=None))
""",
}


class MetadataNamingConvention(Check):
    """
    ## What it does
    In a project with ORM models, checks that the SQLAlchemy `MetaData` behind them has an
    explicit `naming_convention`.  It reports:

    - a `DeclarativeBase` subclass without `metadata = MetaData(naming_convention=...)`
      (or a `registry=registry(metadata=...)` carrying one);
    - `declarative_base(...)`, `registry(...).generate_base()` or `@as_declarative(...)`
      without `metadata=MetaData(naming_convention=...)`;
    - a module-level `MetaData(...)` used by `Table(...)` definitions, without
      `naming_convention=`;
    - SQLModel table models when nothing sets `SQLModel.metadata.naming_convention`.

    Any explicit convention is accepted, and so is one assigned later
    (`Base.metadata.naming_convention = {...}`, `metadata.naming_convention = ...`).  Nor
    is a base (or `MetaData`) reported whose tables name every foreign key, unique or check
    constraint and index they declare by hand (`name=...`, an `Index`'s first argument),
    at least one, with no `unique=True` column (unless also `index=True`) or `foreign_key=`:
    only the primary keys' names are then the database's, which only a migration altering
    the key refers to.

    Names matter to migrations.  In a project with no migration tool at all (no Alembic
    environment or Alembic call, no hand-written migration module), a metadata the
    application builds with `create_all` is reported only when its tables declare something
    a convention would name: a foreign key, a unique or check constraint, an index; and so
    is a second declarative base (beside another with tables of its own) that nothing
    builds and no other module imports, neither the base nor anything of its module.  Tables
    with only primary keys, created at start-up and never migrated, have nothing for a
    convention to fix; nor have columns declared `index=True` (also with `unique=True`):
    SQLAlchemy names that index itself, by its default convention `ix_<table>_<column>`.

    ## Why is this bad?
    Without a convention, SQLAlchemy leaves most constraint and index names to the
    database, and every backend names them differently.  The names then differ between
    Postgres in production and SQLite in tests, and Alembic's autogenerate cannot reliably
    drop or alter a constraint it cannot name (SQLite's batch mode needs the names
    outright).  Adding a convention later means a migration that renames every
    constraint.  [Production guide 2026] says "Explicit naming conventions (set once,
    use everywhere)"; [ForgeAPI guide] and [zhanymkanov README] say "Set DB
    keys naming conventions".  The sources disagree on the style: [Production guide 2026] uses the Alembic
    docs' prefixes (`"ix": "ix_%(column_0_label)s"`), [ForgeAPI guide] and [zhanymkanov README] a Postgres-like suffix
    style (`"ix": "%(column_0_label)s_idx"`).  Either is fine (the catalogue's
    disagreement D13); what matters is having one before the first migration.

    ## Example
    ```python
    class Base(DeclarativeBase):
        pass
    ```

    ## Use instead
    ```python
    POSTGRES_INDEXES_NAMING_CONVENTION = {
        "ix": "%(column_0_label)s_idx",
        "uq": "%(table_name)s_%(column_0_name)s_key",
        "ck": "%(table_name)s_%(constraint_name)s_check",
        "fk": "%(table_name)s_%(column_0_name)s_fkey",
        "pk": "%(table_name)s_pkey",
    }


    class Base(DeclarativeBase):
        metadata = MetaData(naming_convention=POSTGRES_INDEXES_NAMING_CONVENTION)
    ```

    ## Fix safety
    No automatic fix: on an existing database the convention changes the names the models
    expect, so it comes with a migration that renames the existing constraints.

    ## Known problems
    A private `MetaData` is not reported when the application builds its schema with
    `create_all` of another metadata, never of this one, Alembic does not migrate it and its
    tables hold only primary keys: it maps tables that exist already (a retired table its
    data upgrades read), and no DDL goes through it.
    Projects without ORM models are not reported.  A `metadata` whose value cannot be
    followed (a function call, an attribute of another object) is assumed to be
    configured.  A convention set through `naming_convention.update(...)` is not seen.  A
    convention assigned in Alembic's `env.py` (on its target metadata) counts: migrations,
    which name the constraints, use it.  When `env.py` names its target metadata (one, or a
    tuple or list of them), only the
    declarative bases and `MetaData` objects it migrates are checked: a second base or a
    private `MetaData` whose tables are created at runtime (a vector store's or a cache's
    own tables) never goes through a migration.  Nor is a second base reported whose
    every table another base of the project maps too (a read mirror of its tables): the
    owning metadata creates them.  In a project with no migration tool, a
    column or `__table_args__` built by a helper the check cannot read counts as declaring
    a constraint (the finding stays).  SQLModel's shared `SQLModel.metadata` is read the
    same way: its table models (with the classes they inherit fields from), when
    `SQLModel.metadata.create_all(...)` builds them in a project nothing migrates.
    Nor is anything reported in a project whose code says that another project builds its
    tables: a module-level function named for building the schema (`init_db`,
    `create_tables`) whose body only raises (`raise RuntimeError("the billing service
    migrates these tables")`; a `NotImplementedError` stub is not such a statement), with
    no Alembic, no migration or DDL of its own and no `create_all` anywhere in the
    application: its metadata only maps a schema whose names the owner's migrations gave.
    Nor are tables (of a declarative base or of `SQLModel.metadata`) that name every
    constraint and index they declare themselves (`UniqueConstraint(..., name="uq_a")`,
    `Index("ix_a", ...)`, `unique=True` only with `index=True`, which SQLAlchemy names
    `ix_<table>_<column>`): nothing is left to the database but the primary keys.
    Nor are the tables of a project that nothing migrates, built by `create_all`, whose
    every engine opens SQLite by a URL its code writes (`f"sqlite:///{path}"`): one
    backend, whose unnamed constraints have no name to differ or to rename.
    Nor is a base reported whose every table a `.sql` file of the project creates by name
    (`CREATE TABLE [IF NOT EXISTS] name`), in a project that migrates itself, with no
    Alembic and no `create_all` of the base: its metadata never emits the schema's DDL.

    ## References
    - [Production guide 2026] ("Explicit naming conventions (set once, use everywhere)")
    - [ForgeAPI guide] ("Set Naming Conventions in SQLAlchemy")
    - [zhanymkanov README] ("Set DB keys naming conventions")
    - SQLAlchemy docs, "Configuring Constraint Naming Conventions"; Alembic docs, "The Importance of Naming Constraints"
    """

    id = "DBS001"
    name = "metadata-naming-convention"
    category = "database"
    severity = Severity.WARNING
    message = "ORM metadata without a naming convention"
    fix_title = "Give the metadata an explicit `naming_convention` (with a migration that renames existing constraints)"
    fix_safe = False
    sources = ("Production guide 2026", "ForgeAPI guide", "zhanymkanov README")

    def applies(self, project: Project) -> str | None:
        if not _app_orm(project):
            return "no ORM models"
        return None

    def check_project(self, project: Project) -> Iterator[Hit]:
        if project.schema_built_elsewhere is not None:
            return  # its metadata maps tables another project creates and names
        accepted = _later_conventions(project)
        ctx = _Status(project, accepted)
        yield from self._declarative_bases(project, ctx)
        yield from self._tables(project, ctx)
        yield from self._sqlmodel(project, ctx)

    # -- declarative bases --------------------------------------------------------------------
    def _declarative_bases(self, project: Project, st: _Status) -> Iterator[Hit]:
        targets = project.alembic_targets()
        for qname, base in sorted(project.declarative_bases.items()):
            if targets and qname not in targets:
                continue  # a base Alembic does not migrate (a store that creates its own tables)
            if not _holds_own_tables(project, qname):
                continue  # no table of the project's schema: no constraint to name
            if st.unmigrated(qname) and (
                st.sqlite_only() or not _base_names_constraints(project, qname)
            ):
                continue  # built by create_all, never migrated, nothing a convention names
            if st.left_alone(qname) and not _base_names_constraints(project, qname):
                continue  # built and imported by nothing, never migrated, nothing named
            if _base_names_each(project, qname):
                continue  # every constraint and index carries its own name: none left to name
            if _built_from_sql(project, st, qname):
                continue  # its tables come from the project's own SQL: the metadata emits none
            if _mirrors_only(project, qname):
                continue  # a second mapping of tables another base owns (and creates)
            if isinstance(base, Class):
                m = project.modules.get(base.module)
                if m is None or m.file_class != "app":
                    continue
                yield from self._base_class(project, st, base, m)
            elif isinstance(base, Binding):
                if base.module.file_class != "app" or qname in st.accepted:
                    continue
                yield from self._base_binding(project, st, base)

    def _base_class(self, project: Project, st: _Status, cls: Class, m) -> Iterator[Hit]:
        decorator = next(
            (d for d in cls.decorators if d and qname_of(d) in AS_DECLARATIVE),
            None,
        )
        direct = {project.canonical_name(qname_of(b)) for b in cls.bases if isinstance(b, Name)}
        if decorator is None and not direct & DECLARATIVE_BASE_CLASSES:
            return  # a subclass of a project base inherits its metadata
        if cls.qname in st.accepted:
            return
        attrs = {a.name: a for a in cls.attributes}
        if "metadata" in attrs:
            status = st.of(attrs["metadata"].default)
            if status == MISSING:
                yield self.project_hit(
                    f"`metadata` of declarative base `{cls.name}` has no `naming_convention`: "
                    "constraint and index names are left to the database",
                    path=m.path,
                    line=attrs["metadata"].line,
                )
            return
        if "registry" in attrs:
            reg = attrs["registry"].default
            if (
                not (isinstance(reg, Call) and reg.qname in REGISTRY)
                or st.of(kwarg(reg, "metadata")) != MISSING
            ):
                return
        if decorator is not None and (
            not isinstance(decorator, Call)
            or decorator.has_star
            or st.of(kwarg(decorator, "metadata")) != MISSING
        ):
            return
        yield self.project_hit(
            f"declarative base `{cls.name}` has no `metadata = MetaData(naming_convention=...)`: "
            "constraint and index names are left to the database",
            path=m.path,
            line=cls.line,
        )

    def _base_binding(self, project: Project, st: _Status, b: Binding) -> Iterator[Hit]:
        call = b.value
        if not isinstance(call, Call) or call.has_star:
            return
        q = qname_of(call) or ""
        line = b.module.binding_lines.get(b.name)
        if q in DECLARATIVE_BASE_FACTORIES:
            meta = kwarg(call, "metadata")
            if st.of(meta) == MISSING:
                shown = (
                    f"`{b.name} = declarative_base(metadata={meta.dotted})`: `{meta.dotted}` has no `naming_convention`"
                    if isinstance(meta, Name) and meta.dotted
                    else f"`{b.name} = declarative_base()` without `metadata=MetaData(naming_convention=...)`"
                )
                yield self.project_hit(
                    f"{shown}: constraint and index names are left to the database",
                    path=b.module.path,
                    line=line,
                )
            return
        if q.endswith(".generate_base"):
            reg = project.resolve(q[: -len(".generate_base")])
            if not isinstance(reg, Binding) or reg.qname in st.accepted:
                return
            rc = reg.value
            if (
                rc
                and isinstance(rc, Call)
                and qname_of(rc) in REGISTRY
                and not rc.has_star
                and st.of(kwarg(rc, "metadata")) == MISSING
            ):
                yield self.project_hit(
                    f"`{reg.name} = registry()` (the registry of `{b.name}`) has no "
                    "`metadata=MetaData(naming_convention=...)`",
                    path=reg.module.path,
                    line=reg.module.binding_lines.get(reg.name),
                )

    # -- Core tables ----------------------------------------------------------------------------
    def _tables(self, project: Project, st: _Status) -> Iterator[Hit]:
        reported: set[str] = set()
        targets = project.alembic_targets()
        for m, inst in project.orm_tables:
            if m.file_class != "app":
                continue
            meta = arg(inst.call, 1) or kwarg(inst.call, "metadata")
            if not isinstance(meta, Name) or not qname_of(meta):
                continue
            r = project.resolve(meta.qname)
            if not isinstance(r, Binding) or r.qname in reported:
                continue
            if r.qname in st.accepted or st.of(r.value) != MISSING:
                continue
            if targets and r.qname not in targets:
                continue  # a private MetaData Alembic does not migrate (tables made at start-up)
            if st.unmigrated(r.qname) and (
                st.sqlite_only() or not _metadata_names_constraints(project, r.qname)
            ):
                continue  # built by create_all, never migrated, nothing a convention names
            if _names_each(project, [], _metadata_tables(project, r.qname)):
                continue  # every constraint and index carries its own name: none left to name
            if _maps_only(project, st, r.qname, targets):
                continue  # read and written through, never created: no DDL, nothing to name
            v = r.value
            if not (isinstance(v, Call) and v.qname in METADATA):
                continue  # an alias (``metadata = Base.metadata``): the base is checked
            reported.add(r.qname)
            yield self.project_hit(
                f"`{r.name} = MetaData()` (used by `Table(...)`) has no `naming_convention`: "
                "constraint and index names are left to the database",
                path=r.module.path,
                line=r.module.binding_lines.get(r.name),
            )

    # -- SQLModel -------------------------------------------------------------------------------
    def _sqlmodel(self, project: Project, st: _Status) -> Iterator[Hit]:
        if SQLMODEL in st.accepted:
            return
        tables: list[tuple[str, int, str]] = []
        models: list[Class] = []
        for cls in project.classes.values():
            m = project.modules.get(cls.module)
            if m is None or m.file_class != "app":
                continue
            anc = project.ancestors(cls.qname)
            if SQLMODEL not in anc:
                continue
            if "registry" in cls.keywords or any(a.name == "metadata" for a in cls.attributes):
                return  # a base of its own: not followed
            if is_lit(cls.keywords.get("table"), True):
                tables.append((m.path, cls.line, cls.name))
                models.append(cls)
        if not tables:
            return
        if st.unmigrated(SQLMODEL) and (
            st.sqlite_only() or not _names_constraints(project, models, [])
        ):
            return  # built by ``SQLModel.metadata.create_all``, never migrated, nothing named
        if _names_each(project, models, []):
            return  # every constraint and index carries its own name: none left to name
        path, line, name = min(tables)
        yield self.project_hit(
            f"SQLModel table models (`{name}`) but no `SQLModel.metadata.naming_convention = {{...}}`: "
            "constraint and index names are left to the database",
            path=path,
            line=line,
        )

    bad = (
        Example(
            files={
                k: v.format(column='sa.Column("body", sa.Text, unique=True)')
                for k, v in _RETIRED.items()
            },
            note="the other side of the retired-table trap: its table declares an unnamed "
            "unique constraint, which the database names",
            lines=(3,),
        ),
        snippet(
            _SQLITE_STORE.format(url='os.environ.get("NOTES_URL", f"sqlite:///{PATH}")'),
            note="the other side of the single-SQLite trap: the URL is a setting, which may "
            "name another backend",
            lines=(6,),
        ),
        Example(
            files={
                **_SQL_BUILT,
                "app/migrations.py": _SQL_BUILT_STORE.format(
                    extra="\n\ndef fresh(engine) -> None:\n    Base.metadata.create_all(engine)\n"
                ),
            },
            note="the other side of the SQL-built trap: the metadata also builds the tables "
            "(`create_all`), with names the database picks",
            lines=(5,),
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "from sqlmodel import SQLModel\n\ntarget_metadata = SQLModel.metadata\n",
                "app/tables.py": _SQLMODEL_NAMED.format(
                    extra='    owner_id: int = Field(foreign_key="owner.id")\n'
                ),
            },
            note="the other side of the named-SQLModel trap: a foreign key, whose constraint "
            "the database names",
            lines=(5,),
        ),
        Example(
            files={
                "app/models.py": _CATALOG_MODELS,
                "app/reports.py": _STRAY_REPORTS.format(note=""),
                "app/audit.py": "from app.reports import Discrepancy\n",
            },
            note="the other side of the stray-base trap: another module imports from the "
            "second base's module, which may build its tables or map more on it",
            lines=(4,),
        ),
        Example(
            files={
                "app/models.py": _CATALOG_MODELS,
                "app/reports.py": _STRAY_REPORTS.format(note=", unique=True"),
            },
            note="the other side again: a unique column, whose constraint the database names",
            lines=(4,),
        ),
        Example(
            files={
                "app/db.py": _SHARED_DB.format(error='NotImplementedError("create the tables")')
            },
            note="the other side of the refused-`init_db` trap: `NotImplementedError` is a stub "
            "still to write, not a statement that another project builds the tables",
            lines=(6,),
        ),
        Example(
            files={
                "app/db.py": _SHARED_DB.format(error=_REFUSAL),
                "app/cache.py": "from app.db import Base, engine\n\n\n"
                "def warm() -> None:\n    Base.metadata.create_all(engine)\n",
            },
            note="the other side again: `init_db` refuses, but the application builds the "
            "tables with `create_all` elsewhere",
            lines=(6,),
        ),
        Example(
            files={
                "alembic.ini": _CATALOG_INI,
                "alembic/env.py": "from app.models import Base\nfrom app.views import ViewBase\n\n"
                "target_metadata = (Base.metadata, ViewBase.metadata)\n",
                "app/models.py": _CATALOG_MODELS,
                "app/views.py": _CATALOG_VIEWS.format(table="product_summary"),
            },
            note="the other side of the migrated-tuple trap: env.py's tuple lists the second "
            "base too",
            lines=(4,),
        ),
        Example(
            files={
                "app/models.py": _CATALOG_MODELS,
                "app/views.py": _CATALOG_VIEWS.format(table="product_summary"),
            },
            note="the other side of the mirror trap: the second base maps a table no other "
            "base of the project owns",
            lines=(4,),
        ),
        Example(
            files={
                "app/jobs/store.py": """\
from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Job(Base):
    __tablename__ = "job"
    job_id: Mapped[str] = mapped_column(primary_key=True)
    parent_id: Mapped[str] = mapped_column(ForeignKey("job.job_id"), nullable=True)
""",
                "app/jobs/plugin.py": """\
from sqlalchemy.ext.asyncio import create_async_engine


async def start(url: str) -> None:
    from app.jobs.store import Base

    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all, checkfirst=True)
""",
            },
            note="built by `create_all` in a function that imports the base, but with a "
            "foreign key the database would name",
            lines=(5,),
        ),
        snippet(
            """\
from sqlmodel import Field, SQLModel, create_engine


class JobBase(SQLModel):
    label: str = Field(unique=True)


class Job(JobBase, table=True):
    id: int | None = Field(default=None, primary_key=True)


def init_db() -> None:
    SQLModel.metadata.create_all(create_engine("postgresql://db/jobs"))
""",
            note="trap: the same store, but a field the table inherits is unique: the "
            "database names that constraint",
            lines=(8,),
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "from app.tables import metadata\n\ntarget_metadata = metadata\n",
                "app/tables.py": """\
import sqlalchemy as sa

metadata = sa.MetaData()

entries = sa.Table(
    "entries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.Text, unique=True),
)
""",
            },
            note="the other side of the private-MetaData trap: the MetaData Alembic migrates",
            lines=(3,),
        ),
        snippet(
            """\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Post(Base):
    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True)
""",
            lines=(4,),
        ),
        Example(
            files={
                "app/db.py": """\
import sqlalchemy as sa
from sqlalchemy.ext.declarative import declarative_base
from sqlalchemy.orm import registry

Base = declarative_base()
mapper_registry = registry()
Legacy = mapper_registry.generate_base()
metadata = sa.MetaData(schema="shop")
""",
                "app/models.py": """\
import sqlalchemy as sa

from app.db import Base, Legacy, metadata


class User(Base):
    __tablename__ = "users"
    id = sa.Column(sa.Integer, primary_key=True)


class Audit(Legacy):
    __tablename__ = "audit"
    id = sa.Column(sa.Integer, primary_key=True)


orders = sa.Table("orders", metadata, sa.Column("id", sa.Integer, primary_key=True))
""",
            },
            note="declarative_base(), registry().generate_base(), a Core MetaData used by Table()",
            lines=(5, 6, 8),
        ),
        snippet(
            """\
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    metadata = MetaData(schema="app")


class Post(Base):
    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True)
""",
            note="a MetaData without the convention",
            lines=(6,),
        ),
        snippet(
            """\
from sqlmodel import Field, SQLModel


class HeroBase(SQLModel):
    name: str


class Hero(HeroBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
""",
            note="SQLModel",
            lines=(8,),
        ),
        Example(
            files={
                "app/base.py": """\
from sqlalchemy.orm import declarative_base

Base = declarative_base()
""",
                "app/jobs.py": """\
import sqlalchemy as sa

from app.base import Base

jobs = sa.Table("jobs", Base.metadata, sa.Column("id", sa.Integer, primary_key=True))
""",
            },
            note="the other side of the unmapped-base trap: a base whose metadata holds Core tables",
            lines=(3,),
        ),
        Example(
            files={
                "app/local_store.py": """\
from sqlalchemy import Column, ForeignKey, Integer, String, create_engine
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Job(Base):
    __tablename__ = "job"
    id = Column(Integer, primary_key=True)
    name = Column(String, unique=True)


class Step(Base):
    __tablename__ = "step"
    id = Column(Integer, primary_key=True)
    job_id = Column(Integer, ForeignKey("job.id"))


def open_store(path: str):
    engine = create_engine(f"postgresql://db/{path}")
    Base.metadata.create_all(engine)
    return engine
""",
            },
            note="the other side of the unmigrated-store trap: built by `create_all` with no "
            "migration tool, but a unique column and a foreign key get database-chosen names",
            lines=(4,),
        ),
        snippet(
            """\
from sqlmodel import Field, SQLModel, create_engine


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)


class Member(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    team_id: int | None = Field(default=None, foreign_key="team.id")


def init_db() -> None:
    SQLModel.metadata.create_all(create_engine("postgresql://db/members"))
""",
            note="SQLModel tables built by `create_all` with no migration tool: the foreign "
            "key still gets a database-chosen name",
            lines=(4,),
        ),
        snippet(
            """\
from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Team(Base):
    __tablename__ = "team"
    __table_args__ = (UniqueConstraint("slug", name="uq_team_slug"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str]
    email: Mapped[str] = mapped_column(unique=True)


class Member(Base):
    __tablename__ = "member"
    __table_args__ = (Index("ix_member_team", "team_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"))
""",
            note="the other side of the named-constraints trap: most constraints are named, "
            "but a `unique=True` column and a `ForeignKey` without `name=` leave theirs to the "
            "database",
            lines=(5,),
        ),
    )
    good = (
        Example(
            files={k: v.format(column='sa.Column("body", sa.Text)') for k, v in _RETIRED.items()},
            note="trap: a private `MetaData` kept off the live one (which `create_all` builds) "
            "maps a retired table, only read and updated by the project's data upgrades (seen "
            "in pixeltable's converters): nothing creates it, and it declares only a primary "
            "key, so no name can come from it",
        ),
        snippet(
            _SQLITE_STORE.format(url='f"sqlite:///{PATH}"'),
            note="trap: the only engine opens a SQLite file, `create_all` builds it and nothing "
            "migrates it: one backend, whose unnamed constraints have no name to differ or "
            "to rename (Alembic's batch mode can name them when a migration first needs to)",
        ),
        Example(
            files={**_SQL_BUILT, "app/migrations.py": _SQL_BUILT_STORE.format(extra="")},
            note="trap: every table of the base is created by a `.sql` file the project ships "
            "and changed by its own migrations, never by the metadata (no `create_all`, no "
            "Alembic): the constraint names are the ones its SQL writes",
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "from sqlmodel import SQLModel\n\ntarget_metadata = SQLModel.metadata\n",
                "app/tables.py": _SQLMODEL_NAMED.format(extra=""),
            },
            note="trap: SQLModel tables that name their unique constraint by hand and whose "
            "unique column is also indexed (SQLAlchemy names the index): no name is left to "
            "the database but the primary key's",
        ),
        Example(
            files={
                "app/models.py": _CATALOG_MODELS,
                "app/reports.py": _STRAY_REPORTS.format(note=""),
            },
            note="trap: a second base in a module nothing imports, nothing builds or "
            "migrates, whose table has only a primary key (seen in stocksblitz-shared "
            "order_discrepancy_model.py:6): no name a convention would set",
        ),
        Example(
            files={"app/db.py": _SHARED_DB.format(error=_REFUSAL)},
            note="trap: `init_db` raises instead of creating the tables, and nothing in the "
            "project creates or migrates any (seen in qontinui-api, whose models mirror "
            "tables another service's Alembic owns): this metadata emits no DDL, so a "
            "convention on it would name nothing",
        ),
        Example(
            files={
                "alembic.ini": _CATALOG_INI,
                "alembic/env.py": "from app.models import Base\n\ntarget_metadata = (Base.metadata,)\n",
                "app/models.py": _CATALOG_MODELS,
                "app/views.py": _CATALOG_VIEWS.format(table="product_summary"),
            },
            note="trap: env.py migrates a tuple of metadata (`(Base.metadata,)`) the second "
            "base is not in (a view's mapping, seen in data-rentgen): it creates nothing",
        ),
        Example(
            files={
                "app/models.py": _CATALOG_MODELS,
                "app/views.py": _CATALOG_VIEWS.format(table="product"),
            },
            note="trap: the second base only mirrors a table the main base owns (seen in "
            "stocksblitz-shared): its own metadata creates nothing, so it names nothing",
        ),
        snippet(
            """\
from sqlalchemy import ForeignKeyConstraint, Index, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

SLUG_LENGTH = 64


class Base(DeclarativeBase):
    pass


class Team(Base):
    __tablename__ = "team"
    __table_args__ = (UniqueConstraint("slug", name="uq_team_slug"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(SLUG_LENGTH))


class Member(Base):
    __tablename__ = "member"
    __table_args__ = (
        ForeignKeyConstraint(["team_id"], ["team.id"], name="fk_member_team"),
        Index("ix_member_team", "team_id"),
        {"mysql_engine": "InnoDB"},
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int]
    nickname: Mapped[str] = mapped_column(index=True)

    def __repr__(self) -> str:
        return f"Member({self.id})"
""",
            note="trap: every foreign key, unique constraint and index is named by hand (only "
            "the primary keys are not, which the database names by rule and only a migration "
            "altering the key needs): no name is left to the database",
        ),
        snippet(
            """\
from sqlmodel import Field, SQLModel, create_engine


class Job(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    label: str = ""


class Worker(SQLModel, table=True):
    name: str = Field(primary_key=True)
    busy: bool = False


def init_db() -> None:
    SQLModel.metadata.create_all(create_engine("sqlite:///jobs.db"))
""",
            note="SQLModel tables with only primary keys, built by `create_all`, no migration "
            "tool: nothing for a convention to name",
        ),
        Example(
            files={
                "app/store.py": """\
from sqlalchemy import Column, Integer, String
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.orm import declarative_base

Base = declarative_base()
engine = create_async_engine("sqlite+aiosqlite:///presets.db")


class Preset(Base):
    __tablename__ = "preset"
    id = Column(Integer, primary_key=True)
    slug = Column(String, unique=True, index=True)
    owner = Column(String, index=True)


async def init_db() -> None:
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
""",
            },
            note="built by `create_all` (through an async connection's `run_sync`) with no "
            "migration tool, whose only other objects are "
            "indexes of `index=True` columns (one unique): SQLAlchemy names them itself "
            "(`ix_preset_slug`), nothing is left to the database",
        ),
        Example(
            files={
                "app/jobs/store.py": """\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Job(Base):
    __tablename__ = "job"
    job_id: Mapped[str] = mapped_column(primary_key=True)
    expired: Mapped[bool] = mapped_column(default=False, index=True)
""",
                "app/jobs/plugin.py": """\
from sqlalchemy.ext.asyncio import create_async_engine


async def start(url: str) -> None:
    from app.jobs.store import Base

    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all, checkfirst=True)
""",
            },
            note="the same, with `create_all`'s arguments after it in `run_sync(...)`, in "
            "a function that imports the base itself (nvidia-nat-core "
            "nat/front_ends/fastapi/fastapi_front_end_plugin.py:149)",
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "from app.models import Base\n\ntarget_metadata = Base.metadata\n",
                "app/models.py": """\
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention={"ix": "ix_%(column_0_label)s"})


class User(Base):
    __tablename__ = "users"
    id = sa.Column(sa.Integer, primary_key=True)
""",
                "app/cache_tables.py": """\
import sqlalchemy as sa

cache_metadata = sa.MetaData()

entries = sa.Table(
    "cache_entries",
    cache_metadata,
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("key", sa.Text, nullable=False),
    sa.UniqueConstraint("key", name="uq_cache_key"),
)
sa.Index("idx_cache_key", entries.c.key)
""",
            },
            note="a private MetaData for tables an adapter creates at start-up, while Alembic's "
            "env.py migrates another metadata (seen in cognee): never migrated, so no "
            "constraint name is ever altered or dropped by a revision",
        ),
        snippet(
            """\
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

POSTGRES_INDEXES_NAMING_CONVENTION = {
    "ix": "%(column_0_label)s_idx",
    "uq": "%(table_name)s_%(column_0_name)s_key",
    "ck": "%(table_name)s_%(constraint_name)s_check",
    "fk": "%(table_name)s_%(column_0_name)s_fkey",
    "pk": "%(table_name)s_pkey",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=POSTGRES_INDEXES_NAMING_CONVENTION)


class Post(Base):
    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True)
"""
        ),
        Example(
            files={
                "app/db.py": """\
import sqlalchemy as sa
from sqlalchemy.orm import declarative_base, registry

convention = {"ix": "ix_%(column_0_label)s", "pk": "pk_%(table_name)s"}
metadata = sa.MetaData(naming_convention=convention)
Base = declarative_base(metadata=metadata)
mapper_registry = registry(metadata=sa.MetaData(naming_convention=convention))
Legacy = mapper_registry.generate_base()
core = sa.MetaData()
core.naming_convention = convention
""",
                "app/models.py": """\
import sqlalchemy as sa

from app.db import Base, Legacy, core


class User(Base):
    __tablename__ = "users"
    id = sa.Column(sa.Integer, primary_key=True)


class Audit(Legacy):
    __tablename__ = "audit"
    id = sa.Column(sa.Integer, primary_key=True)


orders = sa.Table("orders", core, sa.Column("id", sa.Integer, primary_key=True))
events = sa.Table("events", Base.metadata, sa.Column("id", sa.Integer, primary_key=True))
""",
            },
            note="the Alembic docs' prefix style; a shared MetaData; a convention assigned after the fact",
        ),
        Example(
            files={
                "app/database.py": """\
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


class AuditedBase(Base):
    __abstract__ = True
""",
                "app/conventions.py": """\
from app.database import Base

Base.metadata.naming_convention = {"pk": "%(table_name)s_pkey"}
""",
                "app/models.py": """\
from sqlalchemy.orm import Mapped, mapped_column

from app.database import AuditedBase


class Post(AuditedBase):
    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True)
""",
            },
            note="`Base.metadata.naming_convention = ...` in another module; an abstract intermediate base",
        ),
        snippet(
            """\
from sqlmodel import Field, SQLModel

SQLModel.metadata.naming_convention = {"pk": "pk_%(table_name)s"}


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
""",
            note="SQLModel with a convention",
        ),
        snippet(
            """\
from sqlalchemy.orm import DeclarativeBase
from pydantic import BaseModel
from sqlmodel import SQLModel


class Base(DeclarativeBase):
    pass


class HeroIn(SQLModel):
    name: str


class PostOut(BaseModel):
    id: int
""",
            note="no ORM models (a base alone, SQLModel data models): nothing to report",
        ),
        snippet(
            """\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.meta import build_metadata


class Base(DeclarativeBase):
    metadata = build_metadata()


class Post(Base):
    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True)
""",
            note="a metadata built elsewhere cannot be followed: assumed configured",
        ),
        Example(
            files={
                "tests/conftest.py": """\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class TestBase(DeclarativeBase):
    pass


class Thing(TestBase):
    __tablename__ = "thing"
    id: Mapped[int] = mapped_column(primary_key=True)
""",
            },
            note="test-only models are not the application's schema",
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": """\
from app.db import SQLModel

NAMING_CONVENTION = {"ix": "ix_%(column_0_label)s", "pk": "pk_%(table_name)s"}
target_metadata = SQLModel.metadata
target_metadata.naming_convention = NAMING_CONVENTION
""",
                "app/db.py": "from sqlmodel import SQLModel\n",
                "app/models.py": """\
from sqlmodel import Field

from app.db import SQLModel


class Task(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
""",
            },
            note="the convention set on Alembic's target metadata in env.py (through an alias "
            "and a re-export)",
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "from app.db import Base\n\ntarget_metadata = Base.metadata\n",
                "app/db.py": """\
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={"pk": "pk_%(table_name)s"})
""",
                "app/vector/pgvector.py": """\
from sqlalchemy import Column, String
from sqlalchemy.orm import declarative_base

VectorBase = declarative_base()


class Chunk(VectorBase):
    __tablename__ = "document_chunk"
    id = Column(String, primary_key=True)
""",
            },
            note="a second base Alembic does not migrate (its tables are created at runtime)",
        ),
        Example(
            files={
                "alembic.ini": "[core]\nscript_location = shop:db/core\n\n[tenant]\nscript_location = shop:db/tenant\n",
                "src/shop/__init__.py": "",
                "src/shop/db/tenant/env.py": "",
                "src/shop/db/tenant/versions/2024-09-03_backfill.py": '''\
"""backfill plans"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session, declarative_base

Base = declarative_base()


class Tenant(Base):
    __tablename__ = "tenant"
    id = sa.Column(sa.Integer, primary_key=True)
    plan = sa.Column(sa.String(20))


revision = "9b0c1d2e3f4a"
down_revision = None


def upgrade() -> None:
    session = Session(bind=op.get_bind())
    for tenant in session.query(Tenant):
        tenant.plan = "free"
    session.commit()


def downgrade() -> None:
    pass
''',
            },
            note="the throwaway `Base` of a data migration, in a named `alembic.ini` section "
            "with a package-relative `script_location`: a migration, not the app's metadata",
        ),
        Example(
            files={
                "app/models.py": """\
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention={"pk": "pk_%(table_name)s"})


class Run(Base):
    __tablename__ = "run"
    id: Mapped[int] = mapped_column(primary_key=True)
""",
                "app/migrate.py": """\
from sqlalchemy import Column, String
from sqlalchemy.orm import declarative_base

VersionBase = declarative_base()
Unused = declarative_base()


class AlembicVersion(VersionBase):
    __tablename__ = "alembic_version"
    version_num = Column(String, primary_key=True)
""",
            },
            note="trap: a base that only maps Alembic's own `alembic_version` table to read it, "
            "and a base nothing is mapped on: no constraint of the project's schema to name",
        ),
        Example(
            files={
                "app/cache_db.py": """\
import sqlalchemy as sa
from sqlalchemy.orm import declarative_base, sessionmaker

Base = declarative_base()
events = sa.MetaData()

hits = sa.Table(
    "hits",
    events,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("path", sa.Text),
)


class Download(Base):
    __tablename__ = "download"
    id = sa.Column(sa.Integer, primary_key=True)
    url = sa.Column(sa.Text)
    size = sa.Column(sa.Integer, default=lambda: 0)


class DownloadCache:
    def __init__(self, folder: str) -> None:
        engine = sa.create_engine(f"sqlite:///{folder}/downloads.db")
        Base.metadata.create_all(engine, checkfirst=True)
        events.create_all(bind=engine)
        self.session = sessionmaker(bind=engine)()
""",
            },
            note="trap: a local SQLite cache built by `create_all`, in a project with no "
            "migration tool, whose tables have only primary keys: no foreign key, unique, "
            "check or index for a convention to name, and no migration ever refers to one",
        ),
    )


class _Status:
    """Whether a ``metadata`` expression carries a naming convention."""

    def __init__(self, project: Project, accepted: set[str]):
        self.project = project
        self.accepted = accepted
        self._created: set[str] | None = None
        self._all_created: set[str] | None = None
        self._sqlite: bool | None = None

    def unmigrated(self, owner: str) -> bool:
        """Whether the metadata of ``owner`` (a base, a ``MetaData`` binding) is
        built by the application's own ``create_all`` in a project nothing migrates."""
        if self._created is None:  # asked only for a base without a convention: lazily
            self._created = set() if _migrated(self.project) else _created_at_runtime(self.project)
        return owner in self._created

    def sqlite_only(self) -> bool:
        """Whether every engine of the application opens SQLite (:func:`_sqlite_only`)."""
        if self._sqlite is None:
            self._sqlite = _sqlite_only(self.project)
        return self._sqlite

    def built_by_create_all(self, owner: str) -> bool:
        """Whether the application's own ``create_all`` builds the metadata of ``owner``,
        migrated or not."""
        if self._all_created is None:
            self._all_created = _created_at_runtime(self.project)
        return owner in self._all_created

    def builds_another(self, owner: str) -> bool:
        """Whether the application's own ``create_all`` builds some metadata, not that of
        ``owner``: the project creates its live schema from another base or ``MetaData``."""
        return not self.built_by_create_all(owner) and bool(self._all_created)

    def left_alone(self, base: str) -> bool:
        """Whether the declarative base ``base`` is a second base of the project (another,
        unrelated, holds tables of its own) that nothing builds or migrates (no migration
        at all, no ``create_all`` of it) and no other module imports, neither the base nor
        anything of its module: its tables are handed to no code that could build them or
        map more on the base (a base other modules import may be the one its users' models
        and migrations build on)."""
        project = self.project
        if _migrated(project) or self.unmigrated(base):
            return False
        module = base.rsplit(".", 1)[0]
        for m in project.by_path.values():
            if m.module != module and any(
                i.module in (base, module) or i.module.startswith(f"{module}.")
                for i in m.import_list
            ):
                return False
        return any(
            other != base
            and other not in project.ancestors(base)
            and base not in project.ancestors(other)
            and _holds_own_tables(project, other)
            for other in project.declarative_bases
        )

    def of(self, e, depth: int = 0) -> str:
        if e is None:
            return MISSING
        if depth > 4:
            return UNKNOWN
        if isinstance(e, Lit) and e.value is None:
            return MISSING
        if isinstance(e, Call):
            if qname_of(e) not in METADATA:
                return UNKNOWN
            if e.has_star or len(e.args) >= 3:
                return UNKNOWN
            nc = kwarg(e, "naming_convention")
            return MISSING if nc is None or is_lit(nc, None) else OK
        if isinstance(e, Name) and e.qname:
            r = self.project.resolve(e.qname)
            if isinstance(r, Binding):
                if r.qname in self.accepted:
                    return OK
                return self.of(r.value, depth + 1)
            return UNKNOWN  # e.g. ``Base.metadata``: that base is checked on its own
        return UNKNOWN


def _later_conventions(project: Project) -> set[str]:
    """Owners whose metadata gets a convention by assignment after the fact: the qnames of
    ``X`` in ``X.metadata.naming_convention = ...``, ``X.naming_convention = ...`` and
    ``X.metadata = MetaData(naming_convention=...)``."""
    out: set[str] = set()
    pending_meta: list[tuple[str, Expr]] = []
    for m in project.by_path.values():
        if m.file_class not in ("app", "alembic-env"):
            continue  # Alembic's env.py may set it on the target metadata: migrations use it
        for recv, attr, value, _line in m.attribute_assigns:
            if attr == "naming_convention":
                owner = recv.removesuffix(".metadata")
                out.add(project.canonical_name(owner) or owner)
            elif attr == "metadata":
                pending_meta.append((recv, value))
    st = _Status(project, out)
    for recv, value in pending_meta:
        if st.of(value) == OK:
            out.add(project.canonical_name(recv) or recv)
    return out


def _app_orm(project: Project) -> bool:
    for cls in project.orm_models:
        m = project.modules.get(cls.module)
        if m is not None and m.file_class == "app":
            return True
    return any(m.file_class == "app" for m, _ in project.orm_tables)


#: Tables another tool creates and owns: a base that maps only these (to read them) defines
#: no constraint of the project's schema.
TOOL_TABLES = frozenset({"alembic_version"})


def _holds_own_tables(project: Project, base: str) -> bool:
    """Whether a declarative base carries tables of the project's schema: a class mapped on
    it (a subclass that is not itself only abstract, whose ``__tablename__`` is not a
    tool's table), or a ``Table(..., Base.metadata)``.  A base with neither, or one that
    only maps Alembic's ``alembic_version`` to read it, has no constraint a naming
    convention would name."""
    for cls in project.classes.values():
        if cls.qname == base or base not in project.ancestors(cls.qname):
            continue
        attrs = {a.name: a.default for a in cls.attributes}
        name = attrs.get("__tablename__")
        if isinstance(name, Lit) and name.value in TOOL_TABLES:
            continue
        return True
    for _m, inst in project.orm_tables:
        meta = arg(inst.call, 1) or kwarg(inst.call, "metadata")
        if isinstance(meta, Name) and (qname_of(meta) or "") in (f"{base}.metadata", base):
            return True
        if meta is not None and not isinstance(meta, Name):
            return True  # not followed: keep the finding
    return False


def _created_at_runtime(project: Project) -> set[str]:
    """Owners (a base, a ``MetaData`` binding of the project) whose metadata the
    application's functions build with ``create_all`` (``Base.metadata.create_all(engine)``,
    ``metadata.create_all(bind=engine)``)."""
    out: set[str] = set()
    for m in project.by_path.values():
        if m.file_class != "app":
            continue
        for fn in m.functions.values():
            for call in fn.calls:
                if not call.qname.endswith(".create_all"):
                    continue
                owner = call.qname.removesuffix(".create_all").removesuffix(".metadata")
                out.add(owner)
                out.add(project.canonical_name(owner) or owner)
        out.update(_run_sync_created(project, m))
        # ``SQLModel.metadata.create_all(engine)``: a call into the library, which the call
        # graph does not record; read from the text, under the name the module imports
        aliases = {i.alias for i in m.import_list if i.module == SQLMODEL}
        if aliases and SQLMODEL not in out:
            data = project.repo.read_bytes(m.path) or b""
            if b".metadata.create_all(" in data and any(
                a.encode() in _SQLMODEL_CREATE.findall(data) for a in aliases
            ):
                out.add(SQLMODEL)
    return out


def _run_sync_created(project: Project, m: ModuleFacts) -> set[str]:
    """Owners an async engine's connection builds: ``await conn.run_sync(Base.metadata.
    create_all)`` hands the method over uncalled, so the call graph does not see it; read
    from the module's text, the name resolved through the module's imports (a function's
    own ``from app.store import Base`` too, when that name imports one thing only) and
    bindings."""
    data = project.repo.read_bytes(m.path) or b""
    if b"run_sync" not in data:
        return set()
    out: set[str] = set()
    for raw in _RUN_SYNC_CREATE.findall(data):
        name = raw.decode()
        local = {i.module for i in m.import_list if i.alias == name and i.function}
        owner = (
            m.imports.get(name)
            or (f"{m.module}.{name}" if name in m.bindings or name in m.classes else None)
            or (local.pop() if len(local) == 1 else None)
        )
        if owner:
            out.add(owner)
            out.add(project.canonical_name(owner) or owner)
    return out


#: ``.run_sync(<name>.metadata.create_all)`` in a module's text (the name is the group),
#: also with the method's arguments after it (``run_sync(Base.metadata.create_all,
#: checkfirst=True)``: run_sync passes them on).
_RUN_SYNC_CREATE = lazy_compile(
    rb"\.run_sync\s*\(\s*([A-Za-z_]\w*)\s*\.\s*metadata\s*\.\s*create_all\s*[,)]"
)
#: ``<name>.metadata.create_all(`` in a module's text (the name is the group).
_SQLMODEL_CREATE = lazy_compile(rb"(?<![\w.])([A-Za-z_]\w*)\s*\.\s*metadata\s*\.\s*create_all\s*\(")


def _migrated(project: Project) -> bool:
    """Whether anything migrates the project's schema: an Alembic environment, code that
    drives Alembic (or reads its version table), or a hand-written migration module."""
    return bool(
        project.alembic_evidence() or project.alembic_in_code or project.handwritten_migrations
    )


#: Constructs that create a constraint or an index, whose name a convention sets (a primary
#: key's name matters only to a migration that alters it).
CONSTRAINT_CALLS = frozenset(
    {"ForeignKey", "ForeignKeyConstraint", "UniqueConstraint", "CheckConstraint", "Index"}
)
#: Byte patterns of module-level statements the model does not record
#: (``Index("ix_a", Model.a)`` after a class, ``event.listen(table, "after_create", DDL(...))``).
_MODULE_LEVEL = (b"Index(", b"Constraint(", b"DDL(")


def _constrains(project: Project, e: Expr | None, depth: int = 0) -> bool:
    """Whether a column-like expression declares a constraint or an index.  What cannot be
    read (a helper of the project building the column, ``**kwargs``, a nesting too deep)
    counts as declaring one."""
    if e is None or depth > 6:
        return depth > 6
    if isinstance(e, Call):
        q = qname_of(e) or e.dotted or ""
        if q.rsplit(".", 1)[-1] in CONSTRAINT_CALLS or e.has_star:
            return True
        if project.function(q) is not None:
            return True  # the project's own column factory: not followed
        if project.class_(q) is not None and any(
            a.endswith("Column") for a in project.ancestors(q)
        ):
            return True  # the project's own ``Column`` subclass: not followed
        if _flags_constraint(dict(e.keywords)):
            return True
        return any(_constrains(project, a, depth + 1) for a in e.args) or any(
            _constrains(project, v, depth + 1) for _kw, v in e.keywords
        )
    if isinstance(e, Seq):
        return any(_constrains(project, i, depth + 1) for i in e.items)
    if isinstance(e, DictExpr):
        return any(k is None or _constrains(project, v, depth + 1) for k, v in e.items)
    if isinstance(e, IfExp):
        return _constrains(project, e.body, depth + 1) or _constrains(project, e.orelse, depth + 1)
    if isinstance(e, Name) and e.qname:
        r = project.resolve(e.qname)
        if isinstance(r, Binding):
            return _constrains(project, r.value, depth + 1)
        return False
    return isinstance(e, Other) and e.node_type == TOO_DEEP  # not summarised: unknown


def _flags_constraint(keywords: dict) -> bool:
    """Whether a column's keywords create a constraint the database names: a foreign key,
    or a ``unique`` column that is not also indexed.  ``index=True`` creates an ``Index``
    that SQLAlchemy names itself (its default convention ``ix_%(column_0_label)s``), a
    unique one with ``unique=True``: nothing left to the database."""

    def on(kw: str) -> bool:
        v = keywords.get(kw)
        return kw in keywords and not (isinstance(v, Lit) and v.value in (False, None))

    indexed = isinstance(keywords.get("index"), Lit) and keywords["index"].value is True
    return on("foreign_key") or (on("unique") and not indexed)


def _mapped_classes(
    project: Project, models: list[Class]
) -> Iterator[tuple[Class, ModuleFacts | None]]:
    """Each mapped class and each project class it inherits from, once, with its module
    (None when the model has not got it)."""
    seen: set[str] = set()
    for model in models:
        for q in (model.qname, *sorted(project.ancestors(model.qname))):
            cls = project.class_(q)
            if cls is None or cls.qname in seen:
                continue
            seen.add(cls.qname)
            yield cls, project.modules.get(cls.module)


def _built_at_mapping_time(project: Project, cls: Class) -> bool:
    """A method of ``cls`` is a ``declared_attr`` (its columns are built when the class is
    mapped), or cannot be read."""
    for name in cls.methods:
        fn = project.function(f"{cls.qname}.{name}")
        if fn is None or any("declared_attr" in (qname_of(d) or "") for d in fn.decorators):
            return True
    return False


def _names_constraints(
    project: Project, models: list[Class], tables: list[tuple[ModuleFacts, Call]]
) -> bool:
    """Whether the mapped classes (with the project classes they inherit from) or the Core
    ``Table(...)`` calls declare a foreign key, a unique or check constraint or an index;
    or whether a module defining them has a module-level ``Index(...)``, ``...Constraint(...)``
    or ``DDL(...)`` statement.  A ``declared_attr`` method (columns built at mapping time)
    or a ``__table_args__`` that is not a literal tuple or dict counts as one."""
    paths = {m.path for m, _call in tables}
    for cls, m in _mapped_classes(project, models):
        if m is None or _built_at_mapping_time(project, cls):
            return True
        paths.add(m.path)
        for a in cls.attributes:
            if a.name == "__table_args__" and not isinstance(a.default, (Seq, DictExpr)):
                return True
            if _constrains(project, a.default):
                return True
    if any(_constrains(project, call) for _m, call in tables):
        return True
    for path in paths:
        data = project.repo.read_bytes(path)
        if data is None or any(p in data for p in _MODULE_LEVEL):
            return True
    return False


def _base_tables(project: Project, base: str) -> tuple[list[Class], list[tuple[ModuleFacts, Call]]]:
    """The mapped classes of a declarative base and the ``Table(...)`` calls on its metadata."""
    models = [
        c
        for c in project.classes.values()
        if c.qname != base and base in project.ancestors(c.qname)
    ]
    tables = [
        (m, inst.call)
        for m, inst in project.orm_tables
        if (qname_of(arg(inst.call, 1) or kwarg(inst.call, "metadata")) or "")
        in (f"{base}.metadata", base)
    ]
    return models, tables


def _table_names(models: list[Class]) -> set[str] | None:
    """The literal ``__tablename__`` of each mapped class (abstract intermediates, which
    name none, left out); None when one is not a literal (a ``declared_attr``)."""
    out: set[str] = set()
    for cls in models:
        name = next((a.default for a in cls.attributes if a.name == "__tablename__"), None)
        if name is None and "__tablename__" not in cls.methods:
            continue
        if not (isinstance(name, Lit) and isinstance(name.value, str)):
            return None
        out.add(name.value)
    return out


#: Calls that build an engine from a URL (SQLAlchemy, SQLModel's re-export).
_ENGINE_MAKERS = ("create_engine", "create_async_engine")


def _sqlite_only(project: Project) -> bool:
    """Every engine the application builds opens SQLite, and it builds one: each
    ``create_engine(url)`` / ``create_async_engine(url)`` of an application module takes a
    URL written in that module as a literal or f-string starting with ``sqlite`` (directly,
    or through a module-level name bound once).  With one backend, whose unnamed
    constraints have no name at all, and nothing that migrates it, a convention added
    later renames nothing either: Alembic's batch mode takes its own
    ``naming_convention`` for SQLite's unnamed constraints (Alembic docs, "Dropping Unnamed
    or Named Foreign Key Constraints")."""
    found = False
    for path in project.files_naming(_ENGINE_MAKERS):
        m = project.by_path.get(path)
        if m is None or m.file_class != "app":
            continue
        try:
            tree = ast.parse(project.read_text(path) or "")
        except (SyntaxError, ValueError):
            return False
        bound: dict[str, list[ast.expr]] = {}
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign):
                for t in stmt.targets:
                    if isinstance(t, ast.Name):
                        bound.setdefault(t.id, []).append(stmt.value)
        for n in ast.walk(tree):
            if not isinstance(n, ast.Call):
                continue
            f = n.func
            name = (
                f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            )
            if name not in _ENGINE_MAKERS:
                continue
            url = (
                n.args[0] if n.args else next((k.value for k in n.keywords if k.arg == "url"), None)
            )
            if isinstance(url, ast.Name) and len(bound.get(url.id, [])) == 1:
                url = bound[url.id][0]
            if not _sqlite_url(url):
                return False
            found = True
    return found


def _sqlite_url(e: ast.expr | None) -> bool:
    """A literal or f-string URL whose scheme is SQLite's (``sqlite:///app.db``,
    ``f"sqlite+aiosqlite:///{path}"``)."""
    if isinstance(e, ast.JoinedStr) and e.values:
        e = e.values[0]
    return isinstance(e, ast.Constant) and isinstance(e.value, str) and e.value.startswith("sqlite")


def _built_from_sql(project: Project, st: _Status, base: str) -> bool:
    """The metadata of ``base`` never emits its schema's DDL: no Alembic migrates the project
    (nor code that drives it), no ``create_all`` of the application builds the base, the
    project migrates itself (:attr:`Project.handwritten_migrations`), and a ``.sql`` file it
    ships creates every table of the base by name (``CREATE TABLE [IF NOT EXISTS] name``).
    The constraint names are the ones its SQL writes; a convention would change none."""
    if project.alembic_evidence() or project.alembic_in_code or st.built_by_create_all(base):
        return False
    if not project.handwritten_migrations:
        return False
    models, tables = _base_tables(project, base)
    names = _table_names(models)
    if names is None or tables or not names:
        return False
    created: set[str] = set()
    for f in project.repo.files:
        if f.endswith(".sql"):
            data = project.repo.read_bytes(f) or b""
            created |= {
                m.group(1).decode("ascii", "replace").lower() for m in _CREATE_TABLE.finditer(data)
            }
    return all(n.lower() in created for n in names)


#: ``CREATE TABLE [IF NOT EXISTS] [schema.]name`` in a SQL file (names quoted or not).
_CREATE_TABLE = lazy_compile(
    rb"\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:[`\"\[]?\w+[`\"\]]?\.)?[`\"\[]?(\w+)",
    re.IGNORECASE,
)


def _mirrors_only(project: Project, base: str) -> bool:
    """Every table of the declarative base ``base`` is mapped on another base of the project
    too, one with tables of its own besides: ``base`` is a second (read) mapping of tables
    the other metadata owns, so it creates nothing and leaves no name to the database."""
    models, tables = _base_tables(project, base)
    mine = _table_names(models)
    if tables or not mine:
        return False
    theirs: set[str] = set()
    for other in project.declarative_bases:
        if other == base or base in project.ancestors(other) or other in project.ancestors(base):
            continue
        names = _table_names(_base_tables(project, other)[0])
        if names and names - mine:
            theirs |= names
    return mine <= theirs


def _base_names_constraints(project: Project, base: str) -> bool:
    """:func:`_names_constraints` for the tables of a declarative base."""
    return _names_constraints(project, *_base_tables(project, base))


def _base_names_each(project: Project, base: str) -> bool:
    """:func:`_names_each` for the tables of a declarative base."""
    return _names_each(project, *_base_tables(project, base))


def _names_each(
    project: Project, models: list[Class], tables: list[tuple[ModuleFacts, Call]]
) -> bool:
    """Whether the tables name every constraint and index they declare themselves
    (``UniqueConstraint(..., name="uq_a")``, ``Index("ix_a", ...)``), at least one: then
    no name is left to the database but the primary keys' (which only a migration that
    alters the key refers to).  Read from the source of every module defining the mapped
    classes (and the project classes they inherit from) or the ``Table(...)`` calls; a
    column built by a helper of the project, ``**kwargs``, a ``declared_attr`` or a
    ``__table_args__`` that is not a literal tuple or dict may hide one: not so."""
    paths = {m.path for m, _call in tables}
    if any(_opaque(project, call) for _m, call in tables):
        return False
    for cls, m in _mapped_classes(project, models):
        if m is None or _built_at_mapping_time(project, cls):
            return False
        paths.add(m.path)
        for a in cls.attributes:
            if a.name == "__table_args__" and not isinstance(a.default, (Seq, DictExpr)):
                return False
            if _opaque(project, a.default):
                return False
    named = 0
    for path in sorted(paths):
        data = project.repo.read_bytes(path)
        try:
            tree = ast.parse(data) if data is not None else None
        except (SyntaxError, ValueError):
            tree = None
        if tree is None:
            return False
        for n in ast.walk(tree):
            if isinstance(n, ast.Call):
                given = _own_name(n)
                if given is False:
                    return False
                named += given is True
    return named > 0


def _opaque(project: Project, e: Expr | None) -> bool:
    """The expression may declare a constraint the source of its module does not show: a
    call of a project helper or ``Column`` subclass, ``**kwargs``, a name bound elsewhere."""
    for x in iter_exprs(e):
        if isinstance(x, Call):
            q = qname_of(x) or x.dotted or ""
            if x.has_star or project.function(q) is not None:
                return True
            if project.class_(q) is not None and any(
                a.endswith("Column") for a in project.ancestors(q)
            ):
                return True
        elif isinstance(x, Name) and x.qname:
            r = project.resolve(x.qname)
            if isinstance(r, Binding) and not isinstance(r.value, Lit):
                return True  # (``String(MAX_LEN)`` reads a literal: nothing hidden)
        elif isinstance(x, Other) and x.node_type == TOO_DEEP:
            return True
    return False


def _own_name(call: ast.Call) -> bool | None:
    """For a call that creates a constraint or an index: True when it gives its name
    (``name="uq_a"``; an ``Index``'s first argument), False when the database would name it
    (also a column's ``unique=True`` without ``index=True``, a ``foreign_key=``); None for
    any other call."""
    f = call.func
    callee = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
    kw = {k.arg: k.value for k in call.keywords if k.arg}

    def given(v: ast.expr | None) -> bool:
        return isinstance(v, ast.Constant) and isinstance(v.value, str) and bool(v.value)

    if callee in CONSTRAINT_CALLS:
        first = call.args[0] if call.args and callee == "Index" else None
        return given(kw.get("name")) or given(first)
    on = {
        k for k, v in kw.items() if not (isinstance(v, ast.Constant) and v.value in (False, None))
    }
    index = kw.get("index")
    indexed = isinstance(index, ast.Constant) and index.value is True
    if "foreign_key" in on or ("unique" in on and not indexed) or "create_constraint" in on:
        return False
    return None


def _maps_only(project: Project, st: _Status, metadata: str, targets: set[str]) -> bool:
    """A private ``MetaData`` that no DDL goes through: the application builds its live
    schema with ``create_all`` of another metadata, never of this one, Alembic does not
    migrate it, and its tables declare nothing but primary keys (no foreign key, unique or
    check constraint, index).  It only maps tables that exist already (a legacy table kept
    off the live metadata for the project's own data upgrades, seen in pixeltable's
    converters), so no constraint or index name can come from it.  With no ``create_all``
    at all, the tables may come from migrations kept outside the audited tree: reported."""
    return (
        metadata not in targets
        and st.builds_another(metadata)
        and not _metadata_names_constraints(project, metadata)
    )


def _metadata_names_constraints(project: Project, metadata: str) -> bool:
    """:func:`_names_constraints` for the ``Table(...)`` calls on a ``MetaData`` binding."""
    return _names_constraints(project, [], _metadata_tables(project, metadata))


def _metadata_tables(project: Project, metadata: str) -> list[tuple[ModuleFacts, Call]]:
    """The ``Table(...)`` calls on a ``MetaData`` binding, with their modules."""
    tables = []
    for m, inst in project.orm_tables:
        meta = arg(inst.call, 1) or kwarg(inst.call, "metadata")
        if isinstance(meta, Name) and meta.qname:
            r = project.resolve(meta.qname)
            if isinstance(r, Binding) and r.qname == metadata:
                tables.append((m, inst.call))
    return tables
