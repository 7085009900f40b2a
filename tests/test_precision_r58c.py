"""Round 58, helper C (H60/H61's false rows): API schemas, library knobs, migration
ledgers and upserts, decided from the code's shape."""

from __future__ import annotations

import textwrap

from auditor.project_queries import _applies_ledgered_steps
from checks.rte004_route_openapi_metadata import _UPSERT_SQL, _adds_when_absent

_LEDGER = """\
STEPS = [(1, "ALTER TABLE t ADD COLUMN c TEXT")]


def _done(conn):
    return conn.execute("SELECT MAX(n) FROM ledger").fetchone()[0] or 0


def run(conn):
    done = _done(conn)
    for n, sql in STEPS:
        if n > done:
            conn.execute(sql)
            {record}
"""


def test_a_versioned_ledger_is_recognised_from_its_shape():
    # iowap-server relay_server/core/db.py:961-1026: MIGRATIONS + schema_version
    recorded = 'conn.execute("INSERT INTO ledger (n) VALUES (?)", (n,))'
    assert _applies_ledgered_steps(_LEDGER.format(record=recorded))
    # steps replayed with no record of which ran, or recorded in a table never read
    assert not _applies_ledgered_steps(_LEDGER.format(record="print(n)"))
    other = 'conn.execute("INSERT INTO audit (n) VALUES (?)", (n,))'
    assert not _applies_ledgered_steps(_LEDGER.format(record=other))


def test_sql_upserts_are_recognised():
    assert _UPSERT_SQL.search("INSERT INTO r (a) VALUES (?) ON CONFLICT(a, b) DO UPDATE SET a=1")
    assert _UPSERT_SQL.search("insert into r values (1) on conflict do nothing")
    assert _UPSERT_SQL.search("INSERT INTO r VALUES (1) ON DUPLICATE KEY UPDATE a = 1")
    assert _UPSERT_SQL.search("stmt = insert(t).values(v).on_conflict_do_update(index_elements=[])")
    assert not _UPSERT_SQL.search("INSERT INTO r (a) VALUES (?)")


def _lines(source: str) -> list[str]:
    return textwrap.dedent(source).splitlines()


def test_a_write_done_only_when_absent_is_an_idempotent_add():
    # pixlstash routes/tags.py:183-248: `if existing is None: <write>`, then one answer
    assert _adds_when_absent(
        _lines(
            """\
            def add(tag, db):
                found = next((t for t in db.tags() if t == tag), None)
                if found is None:
                    db.add(tag)
                return {"tags": db.tags()}
            """
        )
    )
    # a guard that raises, and a default filled in, are no idempotent add
    assert not _adds_when_absent(
        _lines(
            """\
            def create(name, db):
                found = db.find(name)
                if found is None:
                    raise LookupError(name)
                return db.insert(name)
            """
        )
    )
    assert not _adds_when_absent(
        _lines(
            """\
            def create(body, db):
                slug = body.get("slug")
                if not slug:
                    slug = make_slug(body)
                return db.insert(slug)
            """
        )
    )
