from __future__ import annotations

import ast
import sys
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity, snippet
from auditor.inventory import normalize
from auditor.project import Project
from auditor.walker import ModuleContext

#: Module names that hold today's models and business logic.
APP_CODE_SEGMENTS = frozenset(
    {"models", "model", "schemas", "service", "services", "crud", "repository"}
)
#: Column-type modules are allowed: autogenerate renders custom types with their path.
TYPE_MODULE_WORDS = ("types", "columns", "fields")
#: Libraries a migration normally imports (never first-party).
LIBRARIES = frozenset(
    {
        "alembic",
        "sqlalchemy",
        "sqlmodel",
        "sqlalchemy_utils",
        "geoalchemy2",
        "pgvector",
        "typing_extensions",
    }
)
#: The conventional root packages of a FastAPI service, taken as first-party when the
#: repository does not show them (and no dependency of that name is declared).
CONVENTIONAL_ROOTS = frozenset({"app", "src"})


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    module: str | None = None
    names: tuple[str, ...] = ()
    statement: str | None = None
    #: the calls that are the import's only way into the revision's code (see ``_uses``)
    via: tuple[str, ...] = ()
    #: every use of the imported names is a column's type (``sa.Column("at", X())``, ``type_=X``)
    typed: bool = False


class MigrationImportsAppCode(Check):
    """
    ## What it does
    In Alembic revision files, reports imports of the project's own (first-party) code
    that changes over time: a module whose last segment is `models`, `model`, `schemas`,
    `service`, `services`, `crud` or `repository`, or any imported name that is an ORM
    model.  First-party means a package found in the repository (`app/`, `src/<pkg>/`, a
    root package with `__init__.py`).

    ## Why is this bad?
    A migration is a snapshot of one step in the schema's history: it has to do the same
    thing in two years as today.  Importing today's ORM model or service ties the old
    revision to the current code: when a column is renamed or a model deleted, the
    migration silently does something else, or `alembic upgrade head` crashes on a fresh
    database (a new environment, CI, a disaster recovery).  [zhanymkanov README] asks
    for static migrations ("If your migrations depend on dynamically generated data, make
    sure only the data itself is dynamic, not its structure"), and
    [ForgeAPI guide] repeats it ("Make migrations static and reversible").

    ## Example
    ```python
    from app.posts.models import Post


    def upgrade() -> None:
        session = Session(bind=op.get_bind())
        for post in session.query(Post):
            post.slug = post.title.lower()
    ```

    ## Use instead
    ```python
    post = sa.table("post", sa.column("title", sa.String), sa.column("slug", sa.String))


    def upgrade() -> None:
        op.execute(post.update().values(slug=sa.func.lower(post.c.title)))
    ```
    A lightweight `sa.table(...)` declares exactly the columns this revision needs, frozen
    in the file.

    ## Fix safety
    No automatic fix: the frozen table definition has to be written for what the
    migration does.

    ## Known problems
    Imports of first-party column-type modules (a path containing `types`, `columns` or
    `fields`), of classes deriving from a SQLAlchemy type, and of names used only as the
    types of columns (`sa.Column("at", X())`, `type_=X`, `sa.ARRAY(X())`) are allowed,
    because autogenerate writes custom types with their module path.
    A package missing from the repository counts as first-party only when it is named `app`
    or `src` and no dependency of that name is declared.  Relative imports are not checked.
    Importing a declarative `Base` from a non-models module is not reported, nor an import
    whose names only serve a module-level class that the revision's code never uses (a
    deprecated stub kept in the file) or only passes to a custom column type
    (`Pydantic(Document)`: the DDL is the column type's).

    ## References
    - [zhanymkanov README] ("Migrations must be static and reversible")
    - [ForgeAPI guide] ("Make migrations static and reversible")
    - Alembic cookbook, "Don't generate any DROP TABLE directives..." and data migrations with `sa.table`
    """

    id = "MIG004"
    name = "migration-imports-app-code"
    category = "migrations"
    severity = Severity.WARNING
    heuristic = True
    file_classes = frozenset({"migration"})
    message = "migration imports application code"
    fix_title = (
        "Declare the tables the migration needs with `sa.table(...)` instead of importing app code"
    )
    fix_safe = False
    sources = ("zhanymkanov README", "ForgeAPI guide")

    def visit_Import(self, node: ast.Import, ctx: ModuleContext) -> None:
        for alias in node.names:
            if _maybe_project(alias.name):
                ctx.report(
                    node,
                    data=_Data(
                        module=alias.name,
                        names=_attributes_used(ctx, alias.asname or alias.name),
                        statement=f"import {alias.name}",
                        typed=_only_column_types(ctx, {(alias.asname or alias.name).split(".")[0]}),
                    ),
                )

    def visit_ImportFrom(self, node: ast.ImportFrom, ctx: ModuleContext) -> None:
        if node.level or not node.module or not _maybe_project(node.module):
            return
        names = [a.name for a in node.names if a.name != "*"]
        local = {a.asname or a.name for a in node.names if a.name != "*"}
        via: tuple[str, ...] = ()
        if local and len(local) == len(node.names):
            uses = _uses(ctx)
            if not local & uses.operative:
                if local <= uses.stubs:
                    return  # only read by a module-level class the revision never uses
                if local <= uses.stubs | uses.wrapped:
                    via = tuple(sorted(uses.callees))  # judged: column types are fine
        ctx.report(
            node,
            data=_Data(
                module=node.module,
                names=tuple(names),
                statement=f"from {node.module} import {', '.join(names) or '*'}",
                via=via,
                typed=bool(local) and _only_column_types(ctx, local),
            ),
        )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        out: list[Hit] = []
        for h in hits:
            module = h.payload(_Data).module
            if module is None:
                continue
            if not _first_party(project, module):
                continue
            if h.payload(_Data).typed:
                continue  # only the types of columns: autogenerate writes them with their path
            via = h.payload(_Data).via
            if via and all(_column_type(project, q) for q in via):
                continue  # only an argument of a custom column type (``Pydantic(Model)``)
            reason = _app_code(project, module, list(h.payload(_Data).names))
            if reason is None:
                continue
            h.message = (
                f"migration imports app code: {reason}; the revision changes meaning (or crashes) "
                "when the models change"
            )
            out.append(h)
        return out

    bad = (
        snippet(
            '''\
"""backfill slugs"""
from alembic import op
from sqlalchemy.orm import Session

from app.posts.models import Post

revision = "5e6f7a8b9c0d"
down_revision = "3f2a1b9c8d7e"


def upgrade() -> None:
    session = Session(bind=op.get_bind())
    for post in session.query(Post):
        post.slug = post.title.lower()
    session.commit()


def downgrade() -> None:
    op.execute("UPDATE post SET slug = NULL")
''',
            path="alembic/versions/2024-09-01_backfill_slugs.py",
            lines=(5,),
        ),
        Example(
            files={
                "src/shop/__init__.py": "",
                "src/shop/db.py": """\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
""",
                "src/shop/billing/__init__.py": "",
                "src/shop/billing/service.py": "def total(order) -> int:\n    return 0\n",
                "migrations/versions/2024-10-01_totals.py": '''\
"""totals"""
from alembic import op

import shop.billing.service
from shop.db import Order
from shop.billing import service as billing

revision = "a1"
down_revision = None


def upgrade() -> None:
    from shop import db

    op.execute("SELECT 1")


def downgrade() -> None:
    op.execute("SELECT 1")
''',
            },
            note="a src/ package: a service module, an ORM model from a non-models module, "
            "a submodule imported by name, and `from shop import db` (db holds models but is not named so: not reported)",
            lines=(4, 5, 6),
        ),
        Example(
            files={
                "alembic.ini": "[core]\nscript_location = shop:db/core\n\n[tenant]\nscript_location = shop:db/tenant\n",
                "src/shop/__init__.py": "",
                "src/shop/models.py": "class Tenant:\n    pass\n",
                "src/shop/db/tenant/env.py": "",
                "src/shop/db/tenant/versions/2024-09-03_backfill.py": '''\
"""backfill plans"""
from alembic import op

from shop.models import Tenant

revision = "9b0c1d2e3f4a"
down_revision = None


def upgrade() -> None:
    op.execute("UPDATE tenant SET plan = 'free'")


def downgrade() -> None:
    pass
''',
            },
            note="a revision of a named `alembic.ini` section with a package-relative "
            "`script_location`",
            lines=(4,),
        ),
        snippet(
            '''\
"""convert documents"""
from alembic import op

from app.schemas import AppBaseModel

revision = "3c4d5e6f7a8b"
down_revision = "25f4b90a7a42"


class Document(AppBaseModel):
    encoding: str


def upgrade() -> None:
    for row in op.get_bind().execute(op.inline_literal("SELECT encoding FROM doc")):
        Document(encoding=row[0])


def downgrade() -> None:
    pass
''',
            path="alembic/versions/2021-02-01_convert.py",
            note="the other side of the stub trap: the class built on app code runs in `upgrade()`",
            lines=(4,),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/schemas/__init__.py": "",
                "app/schemas/common.py": """\
import sqlalchemy as sa
from vendor.types import Base


class JSON(sa.JSON):
    pass


class Stamp(Base):
    pass


def default_roles() -> list[dict]:
    return [{"name": "admin"}]


NAME_LEN = 64
""",
                "alembic/versions/2024-11-02_roles.py": '''\
"""roles"""
import sqlalchemy as sa
from alembic import op

import app
from app.schemas.common import Stamp, default_roles

revision = "e5"
down_revision = None


def upgrade() -> None:
    roles = op.create_table("roles", sa.Column("at", Stamp()), sa.Column("name", sa.String()))
    op.bulk_insert(roles, default_roles())
    op.bulk_insert(roles, app.schemas.common.default_roles())


def downgrade() -> None:
    op.drop_table("roles")
''',
                "alembic/versions/2024-11-03_names.py": '''\
"""names"""
import sqlalchemy as sa
from alembic import op
import app

revision = "f6"
down_revision = "e5"


def upgrade() -> None:
    op.add_column("roles", sa.Column("label", sa.String(app.schemas.common.NAME_LEN)))


def downgrade() -> None:
    op.drop_column("roles", "label")
''',
            },
            note="the other side of the column-type trap: beside a column type, the revision "
            "runs today's `schemas` code (`default_roles()`); a constant passed to a type "
            "(`sa.String(NAME_LEN)`) is today's value, not a type",
            lines=(4, 5),
        ),
    )
    good = (
        snippet(
            '''\
"""initial"""
import sqlalchemy as sa
from alembic import op

from app.schemas import AppBaseModel

revision = "25f4b90a7a42"
down_revision = None


class LegacyDocument(AppBaseModel):
    """Deprecated; kept so that old pickles still load."""

    encoding: str


def upgrade() -> None:
    op.create_table("flow", sa.Column("id", sa.Integer, primary_key=True))


def downgrade() -> None:
    op.drop_table("flow")
''',
            path="alembic/versions/2021-01-20_initial.py",
            note="trap: an app module imported only as the base of a stub class the revision "
            "never uses: the tables are written out",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/schemas.py": "from pydantic import BaseModel\n\n\nclass AppBaseModel(BaseModel):\n    pass\n",
                "app/database.py": """\
import sqlalchemy as sa


class Pydantic(sa.types.TypeDecorator):
    impl = sa.JSON
    cache_ok = True

    def __init__(self, model) -> None:
        super().__init__()
        self.model = model
""",
                "alembic/versions/2021-01-20_initial.py": '''\
"""initial"""
import sqlalchemy as sa
from alembic import op

import app.database
from app.schemas import AppBaseModel

revision = "25f4b90a7a42"
down_revision = None


class LegacyDocument(AppBaseModel):
    encoding: str


def upgrade() -> None:
    op.create_table(
        "flow",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("data", app.database.Pydantic(LegacyDocument)),
    )


def downgrade() -> None:
    op.drop_table("flow")
''',
            },
            note="trap: an app module whose class reaches the revision only as the argument "
            "of a custom column type (the DDL is the type's, JSON)",
        ),
        snippet(
            '''\
"""backfill slugs"""
import sqlalchemy as sa
from alembic import op

revision = "5e6f7a8b9c0d"
down_revision = "3f2a1b9c8d7e"

post = sa.table("post", sa.column("title", sa.String), sa.column("slug", sa.String))


def upgrade() -> None:
    op.execute(post.update().values(slug=sa.func.lower(post.c.title)))


def downgrade() -> None:
    op.execute(post.update().values(slug=None))
''',
            path="alembic/versions/2024-09-01_backfill_slugs.py",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/db/__init__.py": "",
                "app/db/types.py": "import sqlalchemy as sa\n\n\nclass Money(sa.types.TypeDecorator):\n    impl = sa.Numeric\n",
                "app/models/__init__.py": "",
                "app/models/custom_columns.py": "import sqlalchemy as sa\n\nUUIDColumn = sa.Uuid\n",
                "app/core/config.py": "SCHEMA = 'public'\n",
                "alembic/versions/2024-10-01_prices.py": '''\
"""prices"""
import sqlalchemy as sa
from alembic import op
from django.db import models
from sqlalchemy.orm import declarative_base

import app.db.types
from app.core.config import SCHEMA
from app.db.types import Money
from app.models.custom_columns import UUIDColumn

revision = "b2"
down_revision = None


def upgrade() -> None:
    op.add_column("price", sa.Column("amount", Money()), schema=SCHEMA)


def downgrade() -> None:
    op.drop_column("price", "amount", schema=SCHEMA)
''',
            },
            note="column-type modules, config constants, third-party `models` modules",
        ),
        Example(
            files={
                "requirements.txt": "fastapi-users[sqlalchemy]\n",
                "migrations/versions/2024-10-02_users.py": '''\
"""users"""
from alembic import op
from fastapi_users import models
from fastapi_users_db_sqlalchemy.generics import GUID
from shared.models import Account

revision = "c3"
down_revision = None


def upgrade() -> None:
    op.execute("SELECT 1")


def downgrade() -> None:
    op.execute("SELECT 1")
''',
            },
            note="installed libraries and packages not in the repository are not first-party",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/models.py": "class Post:\n    pass\n",
                "app/seed.py": "from app.models import Post\n",
                "alembic/env.py": "from app.models import Post\n\ntarget_metadata = None\n",
            },
            note="app code and the Alembic env may import the models",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/models.py": """\
import uuid

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator


class GUID(TypeDecorator):
    impl = sa.CHAR(36)
    cache_ok = True


class Base(DeclarativeBase):
    pass


class Post(Base):
    __tablename__ = "post"
    id = sa.Column(GUID(), primary_key=True, default=uuid.uuid4)
""",
                "app/crypto.py": """\
from sqlalchemy_utils.types.encrypted.encrypted_type import StringEncryptedType


class Secret(StringEncryptedType):
    cache_ok = True
""",
                "alembic/versions/2024-10-03_posts.py": '''\
"""create posts"""
import sqlalchemy as sa
from alembic import op

import app
from app.models import GUID

revision = "1a2b3c4d5e6f"
down_revision = None


def upgrade() -> None:
    op.create_table("post", sa.Column("id", GUID(), primary_key=True))
    op.add_column("post", sa.Column("owner", app.models.GUID()))
    op.add_column("post", sa.Column("secret", app.crypto.Secret()))


def downgrade() -> None:
    op.drop_table("post")
''',
            },
            note="a models module imported only for a custom column type (autogenerate writes "
            "`app.models.GUID()` after `import app`; a `sqlalchemy_utils` type too): the type "
            "is part of the schema, not today's models",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/schemas/__init__.py": "",
                "app/schemas/common.py": """\
import sqlalchemy as sa
from vendor.types import Base


class JSON(sa.JSON):
    pass


class Stamp(Base):
    pass


def default_roles() -> list[dict]:
    return [{"name": "admin"}]


NAME_LEN = 64
""",
                "alembic/versions/2024-11-01_usage.py": '''\
"""usage"""
import sqlalchemy as sa
from alembic import op

import app
from app.schemas.common import Stamp

revision = "d4"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "usage",
        sa.Column("dims", app.schemas.common.JSON(), nullable=True),
        sa.Column("tags", sa.ARRAY(app.schemas.common.Stamp(timezone=True))),
        sa.Column("at", Stamp(), nullable=False),
    )
    op.alter_column("usage", "at", type_=Stamp, existing_type=sa.DateTime())


def downgrade() -> None:
    op.drop_table("usage")
''',
                "app/config.py": "def data_dir() -> str:\n    return '/var/lib/app'\n",
                "alembic/versions/2024-11-04_files.py": '''\
"""files"""
import sqlalchemy as sa
from alembic import op

import app

revision = "g7"
down_revision = "d4"


def upgrade() -> None:
    op.add_column("usage", sa.Column("meta", app.schemas.common.JSON()))
    op.execute(sa.text("UPDATE usage SET root = :root").bindparams(root=app.config.data_dir()))


def downgrade() -> None:
    op.drop_column("usage", "meta")
''',
            },
            note="a `schemas` module imported only for the types of columns (a `sa.JSON` subclass, "
            "also beside a call of the app's config, which is not models or services; "
            "and a type whose base the model cannot see, used only as `sa.Column(..., Stamp())` "
            "and `type_=`): autogenerate writes them with their path",
        ),
    )


def _maybe_project(module: str) -> bool:
    top = module.split(".", 1)[0]
    return top not in sys.stdlib_module_names and top not in LIBRARIES


def _first_party(project: Project, module: str) -> bool:
    """A package of the repository's own code (app modules only: the Alembic folder itself
    is not a package of the application)."""
    top = module.split(".", 1)[0]
    for m in project.by_path.values():
        if m.file_class != "app":
            continue
        name = m.module.removeprefix("src.")
        if name == top or name.startswith(top + "."):
            return True
    found = project.module_for(module)  # also through aliases (``backend/shop`` -> ``shop``)
    if found is not None and found.file_class == "app":
        return True
    return top in CONVENTIONAL_ROOTS and not project.inventory.has(normalize(top))


#: Bases of SQLAlchemy column types (a project's custom type derives from one).
COLUMN_TYPE_BASES = frozenset(
    {
        "sqlalchemy.types.TypeDecorator",
        "sqlalchemy.TypeDecorator",
        "sqlalchemy.types.UserDefinedType",
        "sqlalchemy.types.TypeEngine",
        "sqlalchemy.TypeEngine",
    }
)


def _attributes_used(ctx: ModuleContext, local: str) -> tuple[str, ...]:
    """``import app.models`` then ``app.models.GUID()``: what the module reads from the
    imported module, as dotted paths below it (``("GUID",)``; ``import app`` then
    ``app.models.generics.GUID()`` gives ``("models.generics.GUID",)``); ``"*"`` among them
    when the module object itself is used (passed around)."""
    prefix = local.split(".")
    tree = ctx.tree
    if tree is None:
        return ("*",)
    parents: dict[int, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    used: set[str] = set()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Name) and node.id == prefix[0]):
            continue
        chain = [node.id]
        cur: ast.AST = node
        parent = parents.get(id(cur))
        while isinstance(parent, ast.Attribute) and parent.value is cur:
            chain.append(parent.attr)
            cur, parent = parent, parents.get(id(parent))
        if chain[: len(prefix)] == prefix and len(chain) > len(prefix):
            used.add(".".join(chain[len(prefix) :]))
        else:
            used.add("*")
    return tuple(sorted(used))


#: Packages of column types: a project class deriving from one of theirs is a column type.
COLUMN_TYPE_PACKAGES = ("sqlalchemy.types.", "sqlalchemy_utils.types.", "sqlalchemy.dialects.")
#: SQLAlchemy's type classes as its top-level package exports them (``sqlalchemy.JSON``):
#: a project class deriving from one is a column type.
SQLALCHEMY_TYPE_NAMES = frozenset(
    """
    ARRAY BIGINT BINARY BLOB BOOLEAN BigInteger Boolean CHAR CLOB DATE DATETIME DECIMAL DOUBLE
    DOUBLE_PRECISION Date DateTime Double Enum FLOAT Float INT INTEGER Integer Interval JSON
    LargeBinary NCHAR NUMERIC NVARCHAR Numeric PickleType REAL SMALLINT SmallInteger String TEXT
    TIME TIMESTAMP Text Time TupleType TypeDecorator TypeEngine UUID Unicode UnicodeText
    UserDefinedType Uuid VARBINARY VARCHAR
    """.split()
)
#: Calls whose positional arguments include a column's type.
COLUMN_CALLS = frozenset(
    {
        "sqlalchemy.Column",
        "sqlalchemy.schema.Column",
        "sqlalchemy.sql.schema.Column",
        "sqlmodel.Column",
    }
)
#: Keywords that take a column type (``op.alter_column(..., type_=X, existing_type=Y)``).
TYPE_KEYWORDS = frozenset({"type_", "existing_type"})


def _only_column_types(ctx: ModuleContext, local: set[str]) -> bool:
    """Every read of the names ``local`` (and of attribute chains below them) is a column's
    type: a positional argument of ``sa.Column(...)``, a ``type_=``/``existing_type=``
    keyword, or the item type of ``sa.ARRAY(X())``; the class itself or an instance of it
    (``X()``, ``X(timezone=True)``).  A value passed to a type (``sa.String(ID_LEN)``,
    ``sa.Enum(Status)``) is not a type: today's constant shapes the column."""
    tree = ctx.tree
    if tree is None or not local:
        return False
    parents: dict[int, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    seen = False
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Name) and node.id in local):
            continue
        if isinstance(parents.get(id(node)), (ast.Import, ast.ImportFrom)):
            continue
        e: ast.AST = node
        while isinstance(parents.get(id(e)), ast.Attribute):
            e = parents[id(e)]
        up = parents.get(id(e))
        if isinstance(up, ast.Call) and up.func is e:
            e, up = up, parents.get(id(up))
        while True:
            if isinstance(up, ast.keyword) and up.arg in TYPE_KEYWORDS:
                break
            if isinstance(up, ast.Call) and e in up.args:
                callee = ctx.resolve(up.func) or ""
                if callee in COLUMN_CALLS:
                    break
                if callee.startswith("sqlalchemy.") and callee.rsplit(".", 1)[-1] == "ARRAY":
                    e, up = up, parents.get(id(up))  # ``sa.ARRAY(X())``: the wrapper's position
                    continue
            return False
        seen = True
    return seen


def _column_type(project: Project, qname: str) -> bool:
    """``qname`` is a project column type: a class deriving from a SQLAlchemy type (or a
    ``sqlalchemy_utils`` one)."""
    target = project.canonical_name(qname) or qname
    cls = project.class_(target)
    if cls is None:
        return False
    ancestors = project.ancestors(cls.qname)
    return bool(ancestors & COLUMN_TYPE_BASES) or any(
        a.startswith(COLUMN_TYPE_PACKAGES)
        or (a.startswith("sqlalchemy.") and a.rsplit(".", 1)[-1] in SQLALCHEMY_TYPE_NAMES)
        for a in ancestors
    )


def _is_type_module(module: str) -> bool:
    return any(word in seg for seg in module.split(".") for word in TYPE_MODULE_WORDS)


class _Uses(NamedTuple):
    operative: set[str]  # read by code the revision runs
    stubs: set[str]  # read only by module-level classes nothing uses
    wrapped: set[str]  # read only by module-level classes that are passed to calls
    callees: set[str]  # those calls (``Pydantic(Document)``: a column type's argument)


def _uses(ctx: ModuleContext) -> _Uses:
    """How the names of a revision are used.  A name read by code the revision runs is
    operative: its functions, module-level statements other than imports and class
    definitions, and module-level classes those read.  A name read only by a class that
    nothing uses (a deprecated stub kept for unpickling) runs nothing; one read only by a
    class that the code passes to a call (``Pydantic(Document)``) reaches the migration
    only through that callee, which ``judge`` looks up (a column type: fine)."""
    tree = ctx.tree
    if tree is None:
        return _Uses({"*"}, set(), set(), set())
    classes: dict[str, ast.ClassDef] = {
        stmt.name: stmt for stmt in tree.body if isinstance(stmt, ast.ClassDef)
    }
    callees: dict[str, set[str]] = {}

    def reads(node: ast.AST) -> set[str]:
        out: set[str] = set()
        parents: dict[int, ast.AST] = {}
        for n in ast.walk(node):
            for c in ast.iter_child_nodes(n):
                parents[id(c)] = n
        for n in ast.walk(node):
            if not isinstance(n, ast.Name):
                continue
            up = parents.get(id(n))
            if n.id in classes and isinstance(up, ast.Call) and n in up.args:
                callee = (
                    ctx.resolve(up.func) if isinstance(up.func, (ast.Name, ast.Attribute)) else None
                )
                callees.setdefault(n.id, set()).add(callee or "?")
                continue
            out.add(n.id)
        return out

    used: set[str] = set()
    for stmt in tree.body:
        if not isinstance(stmt, (ast.ClassDef, ast.Import, ast.ImportFrom)):
            used |= reads(stmt)
    pending = dict(classes)
    grown = True
    while grown:
        grown = False
        for name, cls in list(pending.items()):
            if name in used:
                used |= reads(cls)
                del pending[name]
                grown = True
    stubs: set[str] = set()
    wrapped: set[str] = set()
    called: set[str] = set()
    for name, cls in pending.items():
        if name in callees:
            wrapped |= reads(cls)
            called |= callees[name]
        else:
            stubs |= reads(cls)
    return _Uses(used, stubs, wrapped, called)


def _app_code(project: Project, module: str, names: list[str]) -> str | None:
    """Why the import is app code (for the message), or None."""
    if _is_type_module(module):
        return None
    if names and "*" not in names and all(_column_type(project, f"{module}.{n}") for n in names):
        return None  # only custom column types: autogenerate renders them with their path
    if module.rsplit(".", 1)[-1] in APP_CODE_SEGMENTS:
        return f"`{module}`"
    for name in names:
        sub = f"{module}.{name}"
        if _is_type_module(sub) or _column_type(project, sub):
            continue  # a column type, whichever module holds it
        head = name.split(".", 1)[0]
        if head in APP_CODE_SEGMENTS:
            return f"`{module}.{head}`"
        target = project.canonical_name(sub)
        if target and project.is_orm_model(target):
            return f"the ORM model `{name}` (`{module}`)"
    return None
