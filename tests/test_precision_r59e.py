"""Round 59 (r59e): TST004's reading of a test's requests and of a lifespan's startup."""

from __future__ import annotations

import ast

from checks.tst004_lifespan_skipped_in_tests import (
    _HOLE,
    _may_match,
    _route_pattern,
    _started_object,
    _step,
)


def _expr(source: str) -> ast.expr:
    stmt = ast.parse(source).body[0]
    assert isinstance(stmt, ast.Expr)
    return stmt.value


def test_route_pattern_reads_starlette_parameters() -> None:
    assert _may_match(_route_pattern("/notes/{note_id}"), "/notes/7")
    assert not _may_match(_route_pattern("/notes/{note_id}"), "/notes/7/body")
    assert _may_match(_route_pattern("/files/{rest:path}"), "/files/a/b/c")
    assert _may_match(_route_pattern("/notes/"), "/notes")
    assert not _may_match(_route_pattern("/notes"), "/other")


def test_a_url_built_at_run_time_may_reach_any_route() -> None:
    assert _may_match(_route_pattern("/other"), f"/notes/{_HOLE}")


def test_started_object_is_a_name_entered_through_its_attributes() -> None:
    assert _started_object(_expr("bus.manager.run()")) == "bus"
    assert _started_object(_expr("bus.session")) == "bus"
    # a function's call builds an object whose reach is not known
    assert _started_object(_expr("make_pool(settings)")) is None
    assert _started_object(_expr("bus")) is None


def test_step_is_the_one_call_of_its_line_with_plain_arguments() -> None:
    assert _step(_expr("await migrate()"), ["app.db.migrate"]) == "app.db.migrate"
    assert _step(_expr("migrate(URL)"), ["app.db.migrate"]) == "app.db.migrate"
    assert _step(_expr("await migrate(load())"), ["app.db.migrate", "app.db.load"]) is None
    assert _step(_expr("await migrate(load())"), ["app.db.migrate"]) is None
