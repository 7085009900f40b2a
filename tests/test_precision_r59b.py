"""Round 59, helper B (H62/H63's false rows): database schema questions on projects whose
schema is not the ORM's (an empty Alembic scaffold, a ledger kept in a Core table)."""

from __future__ import annotations

from auditor.project_queries import _REVISION_ID, _applies_ledgered_steps

_CORE_LEDGER = """\
from sqlalchemy import select


def apply_pending(engine, updates, ledger):
    column = ledger.c.tag
    with engine.connect() as conn:
        applied = set(conn.scalars(select(column)))
    for update in updates:
        if update.tag in applied:
            continue
        with engine.begin() as conn:
            {run}
            conn.execute(ledger.insert().values(tag=update.tag))
"""


def test_a_core_table_ledger_of_handed_steps_is_recognised():
    # gaard-api admin/migration_runner.py:291-312: tagged SQL groups, database_migration_tags
    assert _applies_ledgered_steps(_CORE_LEDGER.format(run="_execute(conn, update)"))
    # the record alone is inserted, no step is run apart from it: a seeding loop
    assert not _applies_ledgered_steps(_CORE_LEDGER.format(run="pass"))


def test_a_seeding_loop_into_the_table_it_reads_is_no_ledger():
    seeding = """\
from sqlalchemy import select


def seed(conn, rows, table):
    present = set(conn.scalars(select(table.c.id)))
    for row in rows:
        if row["id"] not in present:
            conn.execute(table.insert().values(row))
"""
    assert not _applies_ledgered_steps(seeding)


def test_a_revision_file_is_told_by_its_identifier():
    assert _REVISION_ID.search(b'"""init"""\nrevision = "ae1027a6acf"\n')
    assert _REVISION_ID.search(b'revision: str = "0001"\ndown_revision = None\n')
    assert not _REVISION_ID.search(b"# no revision = here\nfrom alembic import op\n")


def test_a_sqlite_url_is_told_from_its_literal_scheme():
    import ast

    from checks.dbs001_metadata_naming_convention import _sqlite_url

    def url(src: str) -> ast.expr:
        return ast.parse(src, mode="eval").body

    assert _sqlite_url(url('"sqlite:///app.db"'))
    assert _sqlite_url(url('f"sqlite+aiosqlite:///{path}"'))
    # a setting, another backend, or a URL built elsewhere may name any database
    assert not _sqlite_url(url('os.getenv("DB_URL", "sqlite:///app.db")'))
    assert not _sqlite_url(url('f"postgresql://{host}/db"'))
    assert not _sqlite_url(url("settings.database_url"))
