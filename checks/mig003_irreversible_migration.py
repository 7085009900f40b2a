from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity, snippet
from auditor.facts import lit
from auditor.lazyre import lazy_compile
from auditor.project import Project
from auditor.walker import ModuleContext

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _is_noop_body(body: list[ast.stmt]) -> bool:
    """Only ``pass``, ``...`` and/or a docstring."""
    for stmt in body:
        if isinstance(stmt, ast.Pass):
            continue
        if (
            isinstance(stmt, ast.Expr)
            and isinstance(stmt.value, ast.Constant)
            and (stmt.value.value is Ellipsis or isinstance(stmt.value.value, str))
        ):
            continue
        return False
    return True


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge``."""

    #: the upgrade only (re)builds these indexes idempotently (``CREATE INDEX IF NOT
    #: EXISTS``): a repair, when another revision owns them
    rebuilt: tuple[str, ...] = ()


#: A data migration remapping rows through a scratch table (``{create}``: how it is
#: created, ``{drop}``: what happens to it at the end), shared by the trap and its other side.
_REMAP = '''\
"""merge duplicate tags"""
import sqlalchemy as sa
from alembic import op

revision = "4b5c6d7e8f90"
down_revision = "3a4b5c6d7e8f"


def upgrade() -> None:
    op.execute(sa.text("{create} tag_map (old_id BIGINT, new_id BIGINT)"))
    op.execute(
        "INSERT INTO tag_map SELECT t.id, min(d.id) FROM tag t JOIN tag d ON lower(t.name) = lower(d.name) GROUP BY t.id"
    )
    op.execute("UPDATE post_tag SET tag_id = m.new_id FROM tag_map m WHERE tag_id = m.old_id")
    op.execute("DELETE FROM tag WHERE id IN (SELECT old_id FROM tag_map WHERE old_id <> new_id)")
{drop}

def downgrade() -> None:
    # merged tags cannot be told apart again
    pass
'''


class IrreversibleMigration(Check):
    """
    ## What it does
    In Alembic revision files (a module-level `revision = ...` and a `def upgrade()`),
    reports a revision whose `upgrade()` changes the schema -- an `alembic.op` schema
    operation (`op.add_column`, `op.create_index`, `op.batch_alter_table`, ...) or an
    `execute()` of DDL text (`CREATE`, `ALTER`, `DROP` ...) -- while its `downgrade()` is
    missing or does nothing: a body of only `pass`, `...` and/or a docstring.  A data
    migration (`UPDATE`/`INSERT`/`DELETE`, `op.bulk_insert`) leaves the schema as it was,
    so an empty downgrade keeps `alembic_version` and the schema in agreement: it is not
    reported.  Neither is PostgreSQL's `ALTER TYPE ... ADD VALUE`: an enum value cannot be
    dropped, so there is no inverse to write -- nor its spelling for the other engines, an
    `alter_column` that only widens the column's enum type to the same values and more;
    nor `ALTER TABLE ... ALTER COLUMN ... SET
    DEFAULT` (or `DROP DEFAULT`) alone: rolled back, the default stays and the next upgrade
    sets it again without error (a repair revision restoring a default); nor a scratch
    table: `CREATE TEMP TABLE` (session-scoped, gone with the migration's connection), or a
    table the same function creates and then drops again, and the indexes built on it.
    Nor is a repair revision: one whose only
    schema changes build indexes if they are missing (`CREATE INDEX ... IF NOT EXISTS`)
    that another revision of the project names (creates, and drops in its downgrade).

    ## Why is this bad?
    `alembic downgrade -1` is the rollback plan when a deploy goes wrong.  A revision whose
    downgrade does nothing makes that plan fail at the worst moment, and worse, Alembic
    still moves `alembic_version` back, so the recorded version and the real schema no
    longer agree and the next `upgrade` fails on an index or column that already exists.
    [zhanymkanov README] says "Migrations must be static and reversible", and
    [ForgeAPI guide] says the same ("Make migrations static and reversible").

    A migration that really cannot be undone (a destructive data change) should say so:
    `raise NotImplementedError("irreversible: ...")` in `downgrade()` is explicit, fails
    loudly instead of lying, and is not reported.

    ## Example
    ```python
    def upgrade() -> None:
        op.create_index("post_content_idx", "post", ["content"])


    def downgrade() -> None:
        pass
    ```

    ## Use instead
    ```python
    def downgrade() -> None:
        op.drop_index("post_content_idx", table_name="post")
    ```

    ## Fix safety
    No automatic fix: the inverse of a schema change is for the author to write (and, for
    data changes, may not exist).

    ## Known problems
    Schema changes are seen in `upgrade()`, in helpers nested in it and in module-level
    helpers it calls by name; a helper imported from elsewhere is not followed.  DDL text
    is recognised only when the statement is a literal (or an f-string starting with one)
    in the `execute()` call itself: `conn.execute(sa.text(stmt))` with `stmt` built earlier
    is not.  A no-op downgrade explained only by a comment is still reported: say it with
    `raise NotImplementedError(...)`.  Merge revisions, whose upgrade is empty too, are
    never reported.

    ## References
    - [zhanymkanov README] ("Migrations must be static and reversible")
    - [ForgeAPI guide] ("Make migrations static and reversible")
    - Alembic docs, "Running our Second Migration" (downgrades)
    """

    id = "MIG003"
    name = "irreversible-migration"
    category = "migrations"
    severity = Severity.WARNING
    file_classes = frozenset({"migration"})
    message = "`downgrade()` does nothing while `upgrade()` changes the schema"
    fix_title = "Write the inverse operations in `downgrade()` (or `raise NotImplementedError` for a deliberate one-way migration)"
    fix_safe = False
    sources = ("zhanymkanov README", "ForgeAPI guide")

    def visit_Module(self, node: ast.Module, ctx: ModuleContext) -> None:
        if "revision" not in ctx.facts.bindings:
            return
        upgrade = downgrade = None
        for stmt in node.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if stmt.name == "upgrade":
                    upgrade = stmt
                elif stmt.name == "downgrade":
                    downgrade = stmt
        if upgrade is None:
            return
        if downgrade is not None and not _is_noop_body(downgrade.body):
            return
        helpers = {
            stmt.name: stmt
            for stmt in node.body
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))
            and stmt.name not in ("upgrade", "downgrade")
        }
        rebuilt: list[str] = []
        ops = _schema_calls(upgrade, ctx, helpers, rebuilt)
        if not ops:
            return
        data = _Data(rebuilt=tuple(rebuilt))
        revision = lit(ctx.facts.bindings.get("revision"))
        which = f"revision `{revision}`" if isinstance(revision, str) else "this revision"
        shown = ", ".join(f"`{o}`" for o in ops[:3]) + (" ..." if len(ops) > 3 else "")
        if downgrade is None:
            ctx.report(
                upgrade,
                f"{which} has no `downgrade()` while `upgrade()` runs {shown}: it cannot be rolled back",
                data=data,
            )
        else:
            ctx.report(
                downgrade,
                f"`downgrade()` of {which} does nothing while `upgrade()` runs {shown}: "
                "a rollback would leave the schema changed",
                data=data,
            )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        out = []
        for h in hits:
            rebuilt = h.payload(_Data).rebuilt
            if rebuilt and _owned_elsewhere(project, h.path or "", rebuilt):
                continue  # a repair of indexes an earlier revision creates (and drops)
            out.append(h)
        return out

    bad = (
        snippet(
            _REMAP.format(create="CREATE TABLE", drop=""),
            path="alembic/versions/2024-10-05_merge_tags.py",
            note="the other side of the scratch-table trap: a persistent table, left behind",
            lines=(18,),
        ),
        snippet(
            _REMAP.format(
                create="CREATE TEMP TABLE", drop='    op.execute("DROP TABLE tag_map, tag")\n'
            ),
            path="alembic/versions/2024-10-05_merge_tags.py",
            note="the other side of the scratch-table trap: the drop takes a real table too",
            lines=(19,),
        ),
        snippet(
            '''\
"""artifact types"""
import sqlalchemy as sa
from alembic import op

revision = "d3e4f5a6b7c8"
down_revision = None


def upgrade() -> None:
    old_type = sa.Enum("LOGS", "YAML", name="artifacttype")
    new_type = sa.Enum("LOGS", "REGISTRY", name="artifacttype")
    with op.batch_alter_table("artifact") as batch_op:
        batch_op.alter_column("kind", type_=new_type, existing_type=old_type)


def downgrade() -> None:
    pass
''',
            path="alembic/versions/2024-10-03_artifact_types.py",
            note="the trap beside enum widening: a value dropped",
            lines=(16,),
        ),
        snippet(
            '''\
"""artifact types"""
import sqlalchemy as sa
from alembic import op

revision = "d3e4f5a6b7c8"
down_revision = None


def upgrade() -> None:
    old_type = sa.Enum("LOGS", "YAML", name="artifacttype")
    with op.batch_alter_table("run") as batch_op:
        batch_op.alter_column("kind", type_=sa.Enum("LOGS", "YAML", "X"), existing_type=old_type)
        batch_op.add_column(sa.Column("note", sa.Text()))


def downgrade() -> None:
    pass
''',
            path="alembic/versions/2024-10-03_artifact_types.py",
            note="the trap beside enum widening: a column added in the same batch",
            lines=(16,),
        ),
        snippet(
            '''\
"""artifact types"""
import sqlalchemy as sa
from alembic import op

revision = "d3e4f5a6b7c8"
down_revision = None


def upgrade() -> None:
    old_type = sa.Enum("LOGS", "YAML", name="artifacttype")
    op.alter_column("job", "kind", type_=sa.Enum("LOGS", "YAML", "X"), existing_type=old_type, nullable=True)


def downgrade() -> None:
    pass
''',
            path="alembic/versions/2024-10-03_artifact_types.py",
            note="the trap beside enum widening: the nullability changed with the type",
            lines=(14,),
        ),
        Example(
            files={
                "alembic/versions/2025-02-19_default_and_type.py": '''\
"""default and type"""
from alembic import op

revision = "0c705a02954d"
down_revision = None


def upgrade() -> None:
    op.execute("ALTER TABLE roles ALTER COLUMN time_created SET DEFAULT now(), ALTER COLUMN name TYPE text")


def downgrade() -> None:
    pass
''',
            },
            note="the other side of the default trap: the statement also changes a column type",
            lines=(12,),
        ),
        Example(
            files={
                "alembic/versions/2024-09-01_event_occurred_idx.py": '''\
"""event occurred index"""
from alembic import op

revision = "a1b2c3d4e5f6"
down_revision = None


def upgrade() -> None:
    op.create_index("ix_event__occurred", "event", ["occurred"])


def downgrade() -> None:
    op.drop_index("ix_event__occurred", table_name="event")
''',
                "alembic/versions/2024-09-05_rebuild_idx.py": '''\
"""rebuild an invalid index"""
from alembic import op

revision = "b2c3d4e5f6a7"
down_revision = "a1b2c3d4e5f6"


def upgrade() -> None:
    op.execute(
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_event__kind ON event (occurred)"
    )
    op.execute("CREATE INDEX IF NOT EXISTS ix_event__kind ON event (occurred)")


def downgrade() -> None:
    pass
''',
            },
            note="the other side of the repair trap: the index it builds is its own (no other "
            "revision names it), so the empty downgrade leaves it behind",
            lines=(15,),
        ),
        snippet(
            '''\
"""job priority"""
import sqlalchemy as sa
from alembic import op

revision = "c1d2e3f4a5b6"
down_revision = "b1c2d3e4f5a6"


def upgrade() -> None:
    op.execute("ALTER TYPE job_state ADD VALUE IF NOT EXISTS 'paused'")
    op.add_column("job", sa.Column("priority", sa.Integer()))


def downgrade() -> None:
    pass
''',
            path="alembic/versions/2024-10-02_job_priority.py",
            note="an enum value added beside a column that can be dropped: the column's rollback is missing",
            lines=(14,),
        ),
        snippet(
            '''\
"""add post content idx"""
from alembic import op

revision = "3f2a1b9c8d7e"
down_revision = "1a2b3c4d5e6f"


def upgrade() -> None:
    op.create_index("post_content_idx", "post", ["content"])


def downgrade() -> None:
    pass
''',
            path="alembic/versions/2024-08-24_add_post_content_idx.py",
            lines=(12,),
        ),
        snippet(
            '''\
"""add slug"""
import sqlalchemy as sqla
from alembic import op as alembic_op

revision: str = "5e6f7a8b9c0d"
down_revision: str | None = "3f2a1b9c8d7e"


def upgrade() -> None:
    def add(name: str) -> None:
        alembic_op.add_column("post", sqla.Column(name, sqla.String()))

    add("slug")


def downgrade() -> None:
    """Nothing to do."""
    ...
''',
            path="migrations/versions/2024-09-01_add_slug.py",
            note="aliases, annotated ids, a helper inside upgrade, a docstring-and-ellipsis downgrade",
            lines=(16,),
        ),
        snippet(
            '''\
"""drop legacy table"""
from alembic import op

revision = "7a8b9c0d1e2f"
down_revision = "5e6f7a8b9c0d"


def upgrade() -> None:
    op.drop_table("legacy")
''',
            path="alembic/versions/2024-09-02_drop_legacy.py",
            note="no downgrade at all",
            lines=(8,),
        ),
        snippet(
            '''\
"""relabel and index"""
import sqlalchemy as sa
from alembic import op

revision = "c3e7a1b9d2f4"
down_revision = "eb5866d51fd2"


def _add_index(name: str) -> None:
    op.create_index(name, "span", ["trace_id"])


def upgrade() -> None:
    conn = op.get_bind()
    conn.execute(sa.text("ALTER TYPE spanstatus RENAME VALUE 'OK' TO 'ok'"))
    _add_index("ix_span_trace_id")


def downgrade() -> None:
    pass
''',
            path="alembic/versions/2024-09-07_relabel.py",
            note="DDL text through the connection, a module-level helper",
            lines=(19,),
        ),
        Example(
            files={
                "alembic.ini": "[core]\nscript_location = shop:db/core\n\n[tenant]\nscript_location = shop:db/tenant\n",
                "src/shop/__init__.py": "",
                "src/shop/db/tenant/env.py": "",
                "src/shop/db/tenant/versions/2024-09-03_add_plan.py": '''\
"""add plan"""
import sqlalchemy as sa
from alembic import op

revision = "9b0c1d2e3f4a"
down_revision = None


def upgrade() -> None:
    op.add_column("tenant", sa.Column("plan", sa.String(20)))


def downgrade() -> None:
    pass
''',
            },
            note="a revision of a named `alembic.ini` section whose `script_location` is "
            "package-relative (`shop:db/tenant`)",
            lines=(13,),
        ),
    )
    good = (
        snippet(
            _REMAP.format(create="CREATE TEMP TABLE", drop=""),
            path="alembic/versions/2024-10-05_merge_tags.py",
            note="trap: a data migration whose only DDL is a temporary table (seen in "
            "data-rentgen): session-scoped, it is gone with the connection",
        ),
        snippet(
            _REMAP.format(create="CREATE TABLE", drop='    op.execute("DROP TABLE tag_map")\n'),
            path="alembic/versions/2024-10-05_merge_tags.py",
            note="trap: a scratch table the upgrade creates and drops again",
        ),
        Example(
            files={
                "alembic/versions/2025-02-19_restore_default.py": '''\
"""restore server_default for time_created"""
import sqlalchemy as sa
from alembic import op

revision = "0c705a02954c"
down_revision = "d88e91ea03f9"

tables = ["principals", "roles", "sessions"]


def upgrade() -> None:
    for table in tables:
        op.get_bind().execute(
            sa.text(f"ALTER TABLE {table} ALTER COLUMN time_created SET DEFAULT CURRENT_TIMESTAMP;")
        )


def downgrade() -> None:
    # No action required
    pass
''',
            },
            note="a repair revision that only restores a column's server default (seen in "
            "tiled): rolled back, the default stays and re-running the upgrade succeeds",
        ),
        Example(
            files={
                "alembic/versions/2024-09-01_event_occurred_idx.py": '''\
"""event occurred index"""
from alembic import op

revision = "a1b2c3d4e5f6"
down_revision = None


def upgrade() -> None:
    op.create_index("ix_event__occurred", "event", ["occurred"])


def downgrade() -> None:
    op.drop_index("ix_event__occurred", table_name="event")
''',
                "alembic/versions/2024-09-05_rebuild_idx.py": '''\
"""rebuild an invalid index"""
from alembic import op

revision = "b2c3d4e5f6a7"
down_revision = "a1b2c3d4e5f6"


def upgrade() -> None:
    op.execute(
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_event__occurred ON event (occurred)"
    )
    op.execute("CREATE INDEX IF NOT EXISTS ix_event__occurred ON event (occurred)")


def downgrade() -> None:
    pass
''',
            },
            note="trap: a repair revision that only rebuilds, if missing, an index an earlier "
            "revision creates and drops: after a rollback the schema is the earlier revision's",
        ),
        snippet(
            '''\
"""give the status enum its missing values"""
from alembic import op

revision = "b1c2d3e4f5a6"
down_revision = "a1b2c3d4e5f6"

STATES = ("queued", "done")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TYPE job_state ADD VALUE IF NOT EXISTS 'queued'")
        for state in STATES:
            op.execute(f"alter type job_state add value if not exists '{state}'")


def downgrade() -> None:
    pass
''',
            path="alembic/versions/2024-10-01_job_state_values.py",
            note="PostgreSQL's `ALTER TYPE ... ADD VALUE` has no inverse (an enum value cannot be "
            "dropped): a no-op downgrade of it is right, not a forgotten rollback",
        ),
        snippet(
            '''\
"""add the REGISTRY artifact type"""
import sqlalchemy as sa
from alembic import op

revision = "c2d3e4f5a6b7"
down_revision = "b1c2d3e4f5a6"


def upgrade() -> None:
    if op.get_bind().engine.name == "postgresql":
        op.execute("ALTER TYPE artifacttype ADD VALUE 'REGISTRY'")
        return
    old_type = sa.Enum("LOGS", "YAML", name="artifacttype")
    new_type = sa.Enum("LOGS", "YAML", "REGISTRY", name="artifacttype")
    with op.batch_alter_table("artifact") as batch_op:
        batch_op.alter_column("kind", type_=new_type, existing_type=old_type)
    op.alter_column(
        "run",
        "kind",
        type_=sa.Enum("LOGS", "YAML", "REGISTRY", name="artifacttype"),
        existing_type=old_type,
        existing_nullable=False,
    )


def downgrade() -> None:
    pass
''',
            path="alembic/versions/2024-10-02_artifact_registry.py",
            note="the other engines' way of adding an enum value: the column's enum type widened "
            "to the same values and more, nothing else changed (seen in conda-store)",
        ),
        snippet(
            '''\
"""add post content idx"""
from alembic import op

revision = "3f2a1b9c8d7e"
down_revision = "1a2b3c4d5e6f"


def upgrade() -> None:
    op.create_index("post_content_idx", "post", ["content"])


def downgrade() -> None:
    op.drop_index("post_content_idx", table_name="post")
''',
            path="alembic/versions/2024-08-24_add_post_content_idx.py",
        ),
        snippet(
            '''\
"""purge soft-deleted rows"""
from alembic import op

revision = "9d0e1f2a3b4c"
down_revision = "7a8b9c0d1e2f"


def upgrade() -> None:
    op.execute("DELETE FROM post WHERE deleted_at IS NOT NULL")


def downgrade() -> None:
    raise NotImplementedError("irreversible: deleted rows cannot be restored")
''',
            path="alembic/versions/2024-09-03_purge.py",
            note="a deliberate one-way migration says so",
        ),
        snippet(
            '''\
"""merge heads"""
revision = "ddd333"
down_revision = ("bbb111", "ccc222")


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
''',
            path="alembic/versions/2024-09-03_merge_heads.py",
            note="a merge revision changes nothing either way",
        ),
        snippet(
            """\
from alembic import op


def upgrade() -> None:
    op.create_index("ix", "t", ["c"])


def downgrade() -> None:
    pass
""",
            path="alembic/versions/helpers.py",
            note="no `revision`: not a revision file",
        ),
        snippet(
            """\
from alembic import op

revision = "x1"


def upgrade() -> None:
    op.create_index("ix", "t", ["c"])


def downgrade() -> None:
    pass
""",
            path="app/migrations_helper.py",
            note="an app module is not a migration file",
        ),
        snippet(
            '''\
"""log the upgrade"""
import logging

revision = "0f1e2d3c4b5a"
down_revision = None
log = logging.getLogger(__name__)


def upgrade() -> None:
    log.info("nothing to change")


def downgrade() -> None:
    pass
''',
            path="alembic/versions/2024-09-04_noop.py",
            note="an upgrade without `op`/`sa` calls",
        ),
        snippet(
            '''\
"""backfill auth rows"""
import sqlalchemy as sa
from alembic import op

revision = "0bd252b206fb"
down_revision = "9d0e1f2a3b4c"


def upgrade() -> None:
    conn = op.get_bind()
    user = sa.table("user", sa.column("id", sa.String()), sa.column("email", sa.String()))
    auth = sa.table("auth", sa.column("id", sa.String()), sa.column("email", sa.String()))
    missing = sa.select(user.c.id, user.c.email).where(~sa.exists().where(auth.c.id == user.c.id))
    op.execute(auth.insert().from_select(["id", "email"], missing))
    conn.execute(sa.text("UPDATE auth SET email = lower(email)"))
    op.execute("DELETE FROM import_error")


def downgrade() -> None:
    # backfilled rows may have been used since: nothing to undo
    pass
''',
            path="alembic/versions/2024-09-05_backfill_auth.py",
            note="a data migration (INSERT ... SELECT, UPDATE, DELETE) changes no schema",
        ),
        snippet(
            '''\
"""change columns"""
from alembic import op

revision = "eb5866d51fd2"
down_revision = "0bd252b206fb"


def upgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    connection = op.get_bind()  # noqa
    # ### end Alembic commands ###


def downgrade() -> None:
    pass
''',
            path="alembic/versions/2024-09-06_change_columns.py",
            note="an upgrade that only gets the connection",
        ),
    )


#: ``alembic.op`` operations that change the schema (data operations -- ``op.execute`` of
#: DML, ``op.bulk_insert``, ``op.get_bind`` -- leave it as it was).
SCHEMA_OPS = frozenset(
    {
        "add_column",
        "drop_column",
        "alter_column",
        "create_table",
        "drop_table",
        "rename_table",
        "create_index",
        "drop_index",
        "create_foreign_key",
        "create_unique_constraint",
        "create_primary_key",
        "create_check_constraint",
        "create_exclude_constraint",
        "drop_constraint",
        "create_table_comment",
        "drop_table_comment",
        "batch_alter_table",
    }
)
#: SQL text that changes the schema.
_DDL = lazy_compile(r"\s*(?:CREATE|ALTER|DROP|RENAME|TRUNCATE|COMMENT\s+ON)\b", re.IGNORECASE)
#: PostgreSQL's ``ALTER TYPE name ADD VALUE``: a change with no inverse (an enum value cannot
#: be dropped), so a no-op downgrade of it is the right one, not a forgotten rollback.
_ADD_ENUM_VALUE = lazy_compile(r"\s*ALTER\s+TYPE\s+(?:\S+|\{\})\s+ADD\s+VALUE\b", re.IGNORECASE)


#: ``ALTER TABLE t ALTER [COLUMN] c {SET DEFAULT ... | DROP DEFAULT}`` and nothing after it:
#: an idempotent change of a server default (a repair revision restoring one, as tiled's).
_COLUMN_DEFAULT = lazy_compile(
    r"\s*ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?\S+\s+ALTER\s+(?:COLUMN\s+)?\S+\s+"
    r"(?:SET\s+DEFAULT\s+[^,;]+|DROP\s+DEFAULT)\s*;?\s*$",
    re.IGNORECASE,
)


def _full_sql(node: ast.expr | None) -> str | None:
    """The whole SQL text of a statement argument, each f-string interpolation as ``{}``."""
    if isinstance(node, ast.Call) and node.args:
        node = node.args[0]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(str(v.value) if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def _literal_sql(node: ast.expr | None) -> str | None:
    """The leading literal text of an SQL statement argument (``"..."``, ``f"..."``,
    ``sa.text("...")``)."""
    if isinstance(node, ast.Call) and node.args:
        node = node.args[0]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        return str(node.values[0].value)
    return None


#: ``CREATE [GLOBAL|LOCAL] TEMP[ORARY] TABLE name``: a session's scratch table, gone when
#: the migration's connection closes -- no schema change outlives the upgrade.
_TEMP_TABLE = lazy_compile(
    r"\s*CREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?TEMP(?:ORARY)?\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?"
    r"\"?([A-Za-z_][\w$]*)",
    re.IGNORECASE,
)
#: ``CREATE TABLE name`` (a table the same upgrade may drop again).
_CREATE_TABLE = lazy_compile(
    r"\s*CREATE\s+(?:UNLOGGED\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?\"?([A-Za-z_][\w$]*)\b",
    re.IGNORECASE,
)
#: ``DROP TABLE [IF EXISTS] name`` of one table and nothing after it.
_DROP_TABLE = lazy_compile(
    r"\s*DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?\"?([A-Za-z_][\w$]*)\"?\s*"
    r"(?:CASCADE|RESTRICT)?\s*;?\s*$",
    re.IGNORECASE,
)
#: ``CREATE [UNIQUE] INDEX ... ON name``.
_INDEX_ON = lazy_compile(
    r"\s*CREATE\s+(?:UNIQUE\s+)?INDEX\b[^;]*?\bON\s+(?:ONLY\s+)?\"?([A-Za-z_][\w$]*)",
    re.IGNORECASE,
)
#: The kind of a DDL statement, for the message: ``CREATE INDEX``, ``ALTER TABLE`` ...
_DDL_KIND = lazy_compile(
    r"\s*(CREATE|ALTER|DROP|RENAME|TRUNCATE|COMMENT)\s+(?:OR\s+REPLACE\s+)?"
    r"(?:(UNIQUE|MATERIALIZED|UNLOGGED)\s+)?([A-Za-z]+)?",
    re.IGNORECASE,
)


def _ddl_kind(sql: str) -> str:
    """``CREATE INDEX``, ``ALTER TABLE``, ``DROP MATERIALIZED VIEW`` ...: the statement's
    verb and the kind of object it changes (the verb alone when the object is not a word
    or is interpolated)."""
    m = _DDL_KIND.match(sql)
    if m is None:
        return sql.strip().split()[0].upper()
    verb, extra, kind = m.groups()
    if verb.upper() in ("TRUNCATE", "RENAME") or not kind:
        return verb.upper()
    return " ".join(w.upper() for w in (verb, extra, kind) if w)


def _scratch_target(call: ast.Call, q: str | None, sql: str | None) -> tuple[str, str] | None:
    """``("temp", t)``, ``("create", t)``, ``("drop", t)`` or ``("on", t)`` when ``call``
    creates a temporary table, creates or drops table ``t``, or builds an index on it."""
    if q in ("alembic.op.create_table", "alembic.op.drop_table"):
        first = call.args[0] if call.args else None
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return ("create" if q.endswith("create_table") else "drop", first.value)
        return None
    if q == "alembic.op.create_index":
        table = call.args[1] if len(call.args) > 1 else None
        table = table or next((k.value for k in call.keywords if k.arg == "table_name"), None)
        if isinstance(table, ast.Constant) and isinstance(table.value, str):
            return ("on", table.value)
        return None
    if sql is None or len([s for s in sql.split(";") if s.strip()]) != 1:
        return None  # one statement only: a second one may change the schema
    for kind, pattern in (
        ("temp", _TEMP_TABLE),
        ("create", _CREATE_TABLE),
        ("drop", _DROP_TABLE),
        ("on", _INDEX_ON),
    ):
        m = pattern.match(sql)
        if m:
            return (kind, m.group(1))
    return None


def _scratch_tables(fns: list[ast.AST], ctx: ModuleContext) -> frozenset[str]:
    """Tables the upgrade only uses as scratch: temporary tables (session-scoped, gone
    with the connection), and tables a function creates and then drops again."""
    out: set[str] = set()
    for fn in fns:
        created: dict[str, int] = {}
        dropped: dict[str, int] = {}
        for n in ast.walk(fn):
            if not isinstance(n, ast.Call):
                continue
            target = _scratch_target(n, *_call_text(n, ctx))
            if target is None:
                continue
            kind, table = target
            if kind == "temp":
                out.add(table)
            elif kind == "create":
                created[table] = min(created.get(table, n.lineno), n.lineno)
            elif kind == "drop":
                dropped[table] = max(dropped.get(table, n.lineno), n.lineno)
        out.update(t for t, line in created.items() if dropped.get(t, 0) > line)
    return frozenset(out)


def _call_text(call: ast.Call, ctx: ModuleContext) -> tuple[str | None, str | None]:
    """The qualified name of ``call``'s function and, for an ``execute()``, its whole SQL
    text (each interpolation as ``{}``)."""
    q = ctx.resolve(call.func) if isinstance(call.func, (ast.Name, ast.Attribute)) else None
    sql = None
    if isinstance(call.func, ast.Attribute) and call.func.attr in ("execute", "exec_driver_sql"):
        sql = _full_sql(call.args[0] if call.args else None)
    return q, sql


#: ``CREATE [UNIQUE] INDEX [CONCURRENTLY] IF NOT EXISTS name``: builds an index only when
#: it is missing (the index's name is the group).
_IDEMPOTENT_INDEX = lazy_compile(
    r"\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?IF\s+NOT\s+EXISTS\s+\"?([A-Za-z_][\w$]*)",
    re.IGNORECASE,
)


def _owned_elsewhere(project: Project, path: str, names: tuple[str, ...]) -> bool:
    """Every index in ``names`` is named by another revision of the project, which creates
    it and whose downgrade drops it: the revision at ``path`` only repairs it."""
    others = [
        m.path
        for m in project.modules_of_class("migration")
        if m.path != path and "revision" in m.bindings
    ]
    texts = [project.read_text(p) or "" for p in others]
    return all(any(re.search(rf"\b{re.escape(name)}\b", t) for t in texts) for name in set(names))


#: SQLAlchemy's enum types.
ENUM_TYPES = frozenset(
    {
        "sqlalchemy.Enum",
        "sqlalchemy.types.Enum",
        "sqlalchemy.sql.sqltypes.Enum",
        "sqlalchemy.dialects.postgresql.ENUM",
        "sqlalchemy.dialects.postgresql.Enum",
    }
)


def _enum_bindings(fn: ast.AST, ctx: ModuleContext) -> dict[str, frozenset[str] | None]:
    """Names ``fn`` binds to an enum type of literal values (``new_type = sa.Enum("A",
    "B", name="kind")``): name -> its values (None: bound more than once, or otherwise)."""
    out: dict[str, frozenset[str] | None] = {}
    for n in ast.walk(fn):
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name):
            name = n.targets[0].id
            out[name] = None if name in out else _enum_values(n.value, ctx, {})
    return out


def _enum_values(
    e: ast.expr | None, ctx: ModuleContext, enums: Mapping[str, frozenset[str] | None]
) -> frozenset[str] | None:
    """The values of an enum type written as literals (``sa.Enum("A", "B")``, or a name
    bound to one), else None."""
    if isinstance(e, ast.Name):
        return enums.get(e.id)
    if not isinstance(e, ast.Call) or not isinstance(e.func, (ast.Name, ast.Attribute)):
        return None
    if ctx.resolve(e.func) not in ENUM_TYPES or not e.args:
        return None
    if not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in e.args):
        return None
    return frozenset(
        a.value for a in e.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
    )


def _widens_enum(
    call: ast.Call, ctx: ModuleContext, enums: Mapping[str, frozenset[str] | None]
) -> bool:
    """``alter_column(..., type_=new, existing_type=old)`` that only changes the type, from
    an enum to one with the same values and more: like PostgreSQL's ``ADD VALUE``, adding
    enum values leaves nothing to take back (every stored value is still valid, and the
    next upgrade widens the type again without error)."""
    kw = {k.arg: k.value for k in call.keywords}
    if None in kw or set(kw) - {"type_", "existing_type"} - {
        k for k in kw if k is not None and k.startswith("existing_")
    }:
        return False
    new = _enum_values(kw.get("type_"), ctx, enums)
    old = _enum_values(kw.get("existing_type"), ctx, enums)
    return new is not None and old is not None and old < new


def _batch_widens_enum(
    found: tuple[ast.withitem, ast.With] | None,
    ctx: ModuleContext,
    enums: Mapping[str, frozenset[str] | None],
) -> bool:
    """``with op.batch_alter_table(t) as batch_op:`` whose body only widens enum columns
    (``batch_op.alter_column(c, type_=new, existing_type=old)``, see :func:`_widens_enum`)."""
    if found is None:
        return False
    item, stmt = found
    if not isinstance(item.optional_vars, ast.Name) or len(stmt.items) != 1:
        return False
    batch = item.optional_vars.id
    for s in stmt.body:
        call = s.value if isinstance(s, ast.Expr) else None
        if not (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "alter_column"
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == batch
            and _widens_enum(call, ctx, enums)
        ):
            return False
    return bool(stmt.body)


def _schema_calls(
    fn: ast.AST,
    ctx: ModuleContext,
    helpers: Mapping[str, ast.FunctionDef | ast.AsyncFunctionDef] | None = None,
    rebuilt: list[str] | None = None,
) -> list[str]:
    """The schema changes ``fn`` makes, in order: ``alembic.op`` schema operations and
    ``execute()`` calls whose SQL text is DDL (nested helpers and module-level helpers it
    calls included: small subtree walks).  ``rebuilt`` receives the name of each index an
    ``execute()`` builds only when it is missing (``CREATE INDEX IF NOT EXISTS``), and
    nothing when another schema change is made."""
    out: list[str] = []
    other = False
    todo = [fn]
    seen: set[int] = set()
    scratch = _scratch_tables([fn, *(helpers or {}).values()], ctx)
    while todo:
        cur = todo.pop()
        if id(cur) in seen:
            continue
        seen.add(id(cur))
        enums = _enum_bindings(cur, ctx)
        batches = {
            id(item.context_expr): (item, stmt)
            for stmt in ast.walk(cur)
            if isinstance(stmt, ast.With)
            for item in stmt.items
        }
        for n in ast.walk(cur):
            if not isinstance(n, ast.Call):
                continue
            q = ctx.resolve(n.func) if isinstance(n.func, (ast.Name, ast.Attribute)) else None
            shown = None
            target = _scratch_target(n, *_call_text(n, ctx))
            if target is not None and (target[0] == "temp" or target[1] in scratch):
                pass  # a scratch table: it does not outlive the upgrade
            elif q and q.startswith("alembic.op.") and q[len("alembic.op.") :] in SCHEMA_OPS:
                shown = "op." + q[len("alembic.op.") :] + "()"
                if q == "alembic.op.alter_column" and _widens_enum(n, ctx, enums):
                    shown = None  # adds enum values only: nothing to take back (see below)
                elif q == "alembic.op.batch_alter_table" and _batch_widens_enum(
                    batches.get(id(n)), ctx, enums
                ):
                    shown = None
            elif isinstance(n.func, ast.Attribute) and n.func.attr in (
                "execute",
                "exec_driver_sql",
            ):
                sql = _literal_sql(n.args[0] if n.args else None)
                full = _full_sql(n.args[0] if n.args else None)
                if full is not None and _ADD_ENUM_VALUE.match(full):
                    pass  # adds an enum value: PostgreSQL has no inverse to write
                elif full is not None and _COLUMN_DEFAULT.match(full):
                    # sets (or drops) a column's server default only: rolled back, the
                    # default stays, and the next upgrade sets it again without error
                    pass
                elif sql is not None and _DDL.match(sql):
                    shown = f'{n.func.attr}("{_ddl_kind(sql)} ...")'
                    idempotent = _IDEMPOTENT_INDEX.match(full or "")
                    if idempotent and rebuilt is not None:
                        rebuilt.append(idempotent.group(1))
                        if shown not in out:
                            out.append(shown)
                        shown = None  # shown once, however many indexes it rebuilds
            if shown:
                other = True
                if shown not in out:
                    out.append(shown)
            if helpers and isinstance(n.func, ast.Name) and n.func.id in helpers:
                todo.append(helpers[n.func.id])
    if other and rebuilt is not None:
        rebuilt.clear()
    return out
