from __future__ import annotations

import ast

from auditor.check import Check, Severity, snippet
from auditor.facts import lit
from auditor.walker import ModuleContext

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _is_noop_body(body: list[ast.stmt]) -> bool:
    """Only ``pass``, ``...`` and/or a docstring."""
    for stmt in body:
        if isinstance(stmt, ast.Pass):
            continue
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and (
            stmt.value.value is Ellipsis or isinstance(stmt.value.value, str)
        ):
            continue
        return False
    return True


class IrreversibleMigration(Check):
    """
    ## What it does
    In Alembic revision files (a module-level `revision = ...` and a `def upgrade()`),
    reports a revision whose `upgrade()` changes the database (it calls `op.*` or `sa.*`)
    while its `downgrade()` is missing or does nothing: a body of only `pass`, `...` and/or
    a docstring.

    ## Why is this bad?
    `alembic downgrade -1` is the rollback plan when a deploy goes wrong.  A revision whose
    downgrade does nothing makes that plan fail at the worst moment, and worse, Alembic
    still moves `alembic_version` back, so the recorded version and the real schema no
    longer agree and the next `upgrade` fails on an index or column that already exists.
    `004_24ddc975f9cc92ef.txt` says "Migrations must be static and reversible", and
    `001_85537b9a703a1675.txt` says the same ("Make migrations static and reversible").

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
    Only calls made through `alembic.op` and `sqlalchemy` count as changing the database
    (including calls in helpers nested in `upgrade()`); an upgrade that works through a
    connection object alone (`op.get_bind().execute(...)` counts, a bare `conn.execute(...)`
    on a connection from elsewhere does not) is not reported.  Merge revisions, whose
    upgrade is empty too, are never reported.

    ## References
    - `004_24ddc975f9cc92ef.txt` ("Migrations must be static and reversible")
    - `001_85537b9a703a1675.txt` ("Make migrations static and reversible")
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
    sources = ("004_24ddc975f9cc92ef.txt", "001_85537b9a703a1675.txt")

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
        ops = _schema_calls(upgrade, ctx)
        if not ops:
            return
        revision = lit(ctx.facts.bindings.get("revision"))
        which = f"revision `{revision}`" if isinstance(revision, str) else "this revision"
        shown = ", ".join(f"`{o}()`" for o in ops[:3]) + (" ..." if len(ops) > 3 else "")
        if downgrade is None:
            ctx.report(
                upgrade,
                f"{which} has no `downgrade()` while `upgrade()` runs {shown}: it cannot be rolled back",
            )
        else:
            ctx.report(
                downgrade,
                f"`downgrade()` of {which} does nothing while `upgrade()` runs {shown}: "
                "a rollback would leave the schema changed",
            )

    bad = (
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
    )
    good = (
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
            '''\
from alembic import op


def upgrade() -> None:
    op.create_index("ix", "t", ["c"])


def downgrade() -> None:
    pass
''',
            path="alembic/versions/helpers.py",
            note="no `revision`: not a revision file",
        ),
        snippet(
            '''\
from alembic import op

revision = "x1"


def upgrade() -> None:
    op.create_index("ix", "t", ["c"])


def downgrade() -> None:
    pass
''',
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
    )


def _schema_calls(fn: ast.AST, ctx: ModuleContext) -> list[str]:
    """Qualified names of the ``alembic.op.*`` / ``sqlalchemy.*`` calls in ``fn``'s body
    (nested helpers included: a small subtree walk)."""
    out: list[str] = []
    for n in ast.walk(fn):
        if isinstance(n, ast.Call):
            q = ctx.resolve(n.func) if isinstance(n.func, (ast.Name, ast.Attribute)) else None
            if q and q.startswith(("alembic.op.", "sqlalchemy.")):
                short = q.replace("alembic.op.", "op.").replace("sqlalchemy.", "sa.")
                if short not in out:
                    out.append(short)
    return out
