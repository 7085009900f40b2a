from __future__ import annotations

from collections.abc import Iterator, Sequence

from auditor.check import Check, Example, Hit, Severity, snippet
from auditor.facts import Call, Expr, Lit, Name, Seq, Sub, Union, arg, lit, qname_of, str_lit
from auditor.lazyre import lazy_compile
from auditor.project import OPTIONAL, UNION, Project
from auditor.project_queries import base_of

_SNAKE = lazy_compile(r"^[a-z][a-z0-9_]*$")
COLUMN_CALLS = frozenset(
    {
        "sqlalchemy.orm.mapped_column",
        "sqlalchemy.Column",
        "sqlalchemy.schema.Column",
        "sqlalchemy.sql.schema.Column",
    }
)
MAPPED = frozenset({"sqlalchemy.orm.Mapped"})
DATETIME_TYPES = frozenset(
    {
        "sqlalchemy.DateTime",
        "sqlalchemy.types.DateTime",
        "sqlalchemy.TIMESTAMP",
        "sqlalchemy.types.TIMESTAMP",
        "sqlalchemy.dialects.postgresql.TIMESTAMP",
        "sqlalchemy.dialects.mysql.TIMESTAMP",
        "sqlalchemy.dialects.mysql.DATETIME",
        "sqlalchemy.DATETIME",
        "sqlalchemy.types.DATETIME",
    }
)
DATE_TYPES = frozenset(
    {"sqlalchemy.Date", "sqlalchemy.types.Date", "sqlalchemy.DATE", "sqlalchemy.types.DATE"}
)


def _column_kind(e: Expr | None) -> str | None:
    """ "datetime" / "date" for a column type expression (``DateTime`` or ``DateTime(...)``)."""
    if not e:
        return None
    q = qname_of(e) if isinstance(e, (Name, Call)) else None
    if q in DATETIME_TYPES:
        return "datetime"
    if q in DATE_TYPES:
        return "date"
    return None


def _annotation_kind(e: Expr | None, depth: int = 0) -> str | None:
    """ "datetime" / "date" for ``Mapped[datetime]`` (also ``Optional``/``| None``)."""
    if not e or depth > 4:
        return None
    if isinstance(e, Name) and depth > 0:
        return {"datetime.datetime": "datetime", "datetime.date": "date"}.get(qname_of(e) or "")
    if isinstance(e, Sub) and e.value:
        q = qname_of(e.value)
        if depth == 0 and q not in MAPPED:
            return None
        if q in MAPPED or q in OPTIONAL:
            return _annotation_kind(e.slice, depth + 1)
        if q in UNION:
            sl = e.slice
            return _single(sl.items if isinstance(sl, Seq) else [sl], depth)
        return None
    if isinstance(e, Union) and depth > 0:
        return _single(e.items, depth)
    return None


def _single(items: Sequence[Expr], depth: int) -> str | None:
    kinds = {
        _annotation_kind(i, depth + 1)
        for i in items
        if not (isinstance(i, Lit) and i.value is None)
        and not (i and qname_of(i) == "builtins.None")
    }
    return kinds.pop() if len(kinds) == 1 else None


def _targets_followed(project: Project) -> bool:
    """Every Alembic ``env.py`` binds ``target_metadata`` to one base's ``metadata`` that the
    model follows: one it cannot (a base a star import brings in, a list, metadata built in a
    function) may be any base, so none is known to be left out of the migrations."""
    for m in project.by_path.values():
        if m.file_class != "alembic-env":
            continue
        # ``target_metadata = Base.metadata`` of an imported base is an alias (an import)
        value = m.bindings.get("target_metadata")
        q = m.imports.get("target_metadata") or (qname_of(value) if value is not None else None)
        if not q or not q.endswith(".metadata"):
            return False
        if base_of(project, q.removesuffix(".metadata")) is None:
            return False
    return True


def _foreign_bases(project: Project) -> set[str]:
    """Declarative bases that map a database the project does not own: the project
    migrates its schema with Alembic, whose ``target_metadata`` names other bases, and no
    function of the application (tests and fixtures aside) creates this base's tables with
    ``create_all``.  Its tables are read or cleaned, never designed here."""
    targets = project.alembic_targets()
    if not targets or not _targets_followed(project):
        return set()
    created: set[str] = set()
    for m in project.by_path.values():
        if m.file_class != "app":
            continue
        for fn in m.functions.values():
            for call in fn.calls:
                if call.qname.endswith(".create_all"):
                    owner = call.qname.removesuffix(".create_all").removesuffix(".metadata")
                    created.add(base_of(project, owner) or owner)
    return {q for q in project.declarative_bases if q not in targets and q not in created}


class DbNamingStandards(Check):
    """
    ## What it does
    Checks ORM model names against the sources' database naming rules:

    - a `__tablename__` that is not `lower_case_snake` (`^[a-z][a-z0-9_]*$`);
    - a datetime column (`DateTime`/`TIMESTAMP`, or `Mapped[datetime]`) whose attribute name
      does not end in `_at`;
    - a date column (`Date`, or `Mapped[date]`) whose attribute name does not end in
      `_date`.

    Singular versus plural table names is **not** checked: inflection rules guess wrong too
    often.  The check is off by default (`--enable DBS006`).

    ## Why is this bad?
    Consistent names make a schema readable without the code: `created_at` is obviously a
    timestamp and `billing_date` a calendar date, while `created` or `billing` could be
    anything.  Mixed-case table names need quoting in Postgres forever after.
    [zhanymkanov README] and [ForgeAPI guide] list the rules:
    "lower_case_snake", "singular form", "`_at` suffix for datetime", "`_date` suffix for
    date".  It is consistency advice, so the finding is informational.

    ## Example
    ```python
    class PaymentAccount(Base):
        __tablename__ = "PaymentAccounts"
        created: Mapped[datetime]
    ```

    ## Use instead
    ```python
    class PaymentAccount(Base):
        __tablename__ = "payment_account"
        created_at: Mapped[datetime]
    ```

    ## Fix safety
    No automatic fix: renaming a table or column needs a migration, and every query and
    API field that uses the old name changes.

    ## Known problems
    The Python attribute name is what gets checked: a legacy column mapped with an explicit
    name (`created = Column("CreatedOn", DateTime)`) is reported for `created`, and the
    message says so.  Models mapping a database the project does not own are left alone
    when the code says so: the project migrates its schema with Alembic, whose
    `target_metadata` names other declarative bases, and no application function creates
    the model's base with `create_all` (a mirror of another system's tables, read or cleaned
    but never designed here).  Without that evidence (no Alembic, or a base it migrates) a
    copied schema is still reported.  Columns declared in mixins and SQLModel fields without `Mapped[...]`
    are not checked.

    ## References
    - [zhanymkanov README] ("Set DB naming conventions")
    - [ForgeAPI guide] ("Use lower_case_snake for all names", "Date suffixes")
    """

    id = "DBS006"
    name = "db-naming-standards"
    category = "database"
    severity = Severity.INFO
    default_enabled = False
    heuristic = True
    message = "database name breaks the naming standard"
    fix_title = (
        "Rename it (with a migration): `lower_case_snake` tables, `_at` datetimes, `_date` dates"
    )
    fix_safe = False
    sources = ("zhanymkanov README", "ForgeAPI guide")

    def check_project(self, project: Project) -> Iterator[Hit]:
        foreign = _foreign_bases(project)
        for cls in sorted(project.orm_models, key=lambda c: (c.module, c.line)):
            m = project.modules.get(cls.module)
            if m is None or m.file_class != "app":
                continue
            if foreign and base_of(project, cls.qname) in foreign:
                continue  # a mapping of another system's database: its names are not ours
            for a in cls.attributes:
                if a.name == "__tablename__":
                    name = lit(a.default)
                    if isinstance(name, str) and not _SNAKE.match(name):
                        yield self.project_hit(
                            f"table name `{name}` of `{cls.name}` is not lower_case_snake",
                            path=m.path,
                            line=a.line,
                        )
                    continue
                if a.name.startswith("_"):
                    continue
                kind, explicit = self._column(a)
                if kind == "datetime" and not a.name.endswith("_at"):
                    want = "`_at`"
                elif kind == "date" and not a.name.endswith("_date"):
                    want = "`_date`"
                else:
                    continue
                note = (
                    f" (the Python attribute is checked; the column itself is named `{explicit}`)"
                    if explicit
                    else ""
                )
                yield self.project_hit(
                    f"{kind} column `{cls.name}.{a.name}` should end in {want}{note}",
                    path=m.path,
                    line=a.line,
                )

    @staticmethod
    def _column(a) -> tuple[str | None, str | None]:
        """(kind, explicit column name) of a model attribute."""
        call = (
            a.default if isinstance(a.default, Call) and a.default.qname in COLUMN_CALLS else None
        )
        explicit = None
        if call is not None:
            explicit = str_lit(arg(call, 0))
            for item in call.args:
                kind = _column_kind(item)
                if kind:
                    return kind, explicit
            if any(
                isinstance(i, (Name, Call)) and not (qname_of(i) or "").endswith(".ForeignKey")
                for i in call.args
            ):
                return (
                    None,
                    explicit,
                )  # another column type (``mapped_column(String)``) overrides the annotation
        if a.annotation is not None:
            return _annotation_kind(a.annotation), explicit
        return None, explicit

    bad = (
        snippet(
            """\
from datetime import datetime

from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class PaymentAccount(Base):
    __tablename__ = "PaymentAccounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    created: Mapped[datetime]
""",
            lines=(11, 13),
        ),
        snippet(
            """\
import datetime as dt
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import declarative_base, Mapped, mapped_column

Base = declarative_base()


class User(Base):
    __tablename__ = "user"
    id = sa.Column(sa.Integer, primary_key=True)
    created = sa.Column("CreatedOn", sa.DateTime(timezone=True))
    birthday: Mapped[Optional[dt.date]]
    renewal: Mapped[dt.date | None] = mapped_column(sa.Date)
    seen: Mapped[str] = mapped_column(sa.TIMESTAMP)
""",
            note="Column with an explicit legacy name, Optional and `| None`, the column type wins",
            lines=(13, 14, 15, 16),
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "from app.models import Base\n\ntarget_metadata = Base.metadata\n",
                "app/models.py": """\
from datetime import datetime

from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "order"
    id: Mapped[int] = mapped_column(primary_key=True)
    placed: Mapped[datetime]
""",
                "app/cache.py": """\
from datetime import datetime

from sqlalchemy import create_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class CacheBase(DeclarativeBase):
    pass


class Entry(CacheBase):
    __tablename__ = "entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    stored: Mapped[datetime]


def start() -> None:
    CacheBase.metadata.create_all(create_engine("sqlite:///cache.db"))
""",
            },
            note="trap beside a mapped foreign database: the base Alembic migrates, and a "
            "second base the application creates itself (`create_all` at start-up) are "
            "both the project's own schema",
            lines=(13, 14),
        ),
        Example(
            files={
                "app/web/alembic.ini": "[alembic]\nscript_location = app:web/migrations\n",
                "app/web/migrations/env.py": (
                    "from app.web.models import Base\n\ntarget_metadata = Base.metadata\n"
                ),
                "app/web/models.py": """\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Page(Base):
    __tablename__ = "page"
    id: Mapped[int] = mapped_column(primary_key=True)
""",
                "app/store/alembic.ini": "[alembic]\nscript_location = app:store/migrations\n",
                "app/store/migrations/env.py": (
                    "from app.store.models import *\n\ntarget_metadata = Base.metadata\n"
                ),
                "app/store/models.py": """\
from datetime import datetime

from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Note(Base):
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
    stamped: Mapped[datetime]
""",
            },
            note="the other side of a foreign database: a second Alembic environment migrates "
            "its base through a star import the model does not follow, so that base is the "
            "project's own (seen in aim)",
            lines=(13,),
        ),
    )
    good = (
        snippet(
            """\
from datetime import date, datetime

from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class PaymentAccount(Base):
    __tablename__ = "payment_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime]
    billing_date: Mapped[date]
"""
        ),
        snippet(
            """\
from datetime import date, datetime

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Event(Base):
    __tablename__ = "event"
    id: Mapped[int] = mapped_column(primary_key=True)
    timestamp_str: Mapped[datetime] = mapped_column(sa.String(32))
    _cache: Mapped[datetime]


class EventOut(BaseModel):
    created: datetime
    day: date


class Helper:
    __tablename__ = "NotATable"
    created: datetime
""",
            note="a non-date column type; private attributes; Pydantic models and plain classes",
        ),
        snippet(
            """\
from datetime import datetime

from sqlmodel import Field, SQLModel


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    created: datetime
""",
            note="SQLModel fields are not `Mapped[...]` columns: not checked",
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "from app.models import Base\n\ntarget_metadata = Base.metadata\n",
                "app/models.py": """\
from datetime import datetime

from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "order"
    id: Mapped[int] = mapped_column(primary_key=True)
    placed_at: Mapped[datetime]
""",
                "app/legacy/models.py": """\
from datetime import datetime

from sqlalchemy import DateTime
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class LegacyBase(DeclarativeBase):
    pass


class CrmContact(LegacyBase):
    __tablename__ = "crm_contact"
    id: Mapped[int] = mapped_column(primary_key=True)
    modified = mapped_column(DateTime, nullable=False)
""",
            },
            note="a second declarative base mapping another system's database: Alembic "
            "migrates only the project's own base and nothing creates these tables, so "
            "their names are that system's, not the project's to rename",
        ),
    )
