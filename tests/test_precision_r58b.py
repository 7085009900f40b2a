"""Round 58b (H61): ERR002 on a SQL console and the routes behind its gate (q-admin
api.py:1251, the console answering with the database's error for the statement its caller
wrote; api.py:905 and :1083, routes of the same app factory behind the same token).  The
examples pin lines only; these pin the wording and the traps around the rule."""

from __future__ import annotations

from auditor.testing import noted_example, run_bad_example, run_example, run_noted_example

_CONSOLE = "a SQL console: the route runs the statement its caller wrote"
_JSON_LEAK = (
    "`str(exc)` from `except Exception` is sent to the client in "
    "`JSONResponse(content=...)`: it can leak SQL, hosts, paths or credentials"
)
_DETAIL_LEAK = (
    '`f"...{exc}"` from `except Exception` is sent to the client in '
    "`HTTPException(detail=...)`: it can leak SQL, hosts, paths or credentials"
)


def _variant(tmp_path, old: str, new: str) -> list[tuple[int, str]]:
    """The findings of the SQL console example with ``old`` replaced by ``new``."""
    check, example = noted_example("ERR002", _CONSOLE, kind="good")
    [(path, text)] = example.files.items()
    assert old in text, old
    files = {path: text.replace(old, new)}
    findings, _ = run_example(check, example.__class__(files=files), tmp_path)
    return [(f.line, f.message) for f in findings]


def test_a_sql_console_and_the_routes_behind_its_token_are_not_reported(tmp_path):
    assert run_noted_example("ERR002", _CONSOLE, tmp_path, kind="good") == []


def test_the_servers_statement_with_the_callers_value_stays_a_leak(tmp_path):
    found = run_bad_example("ERR002", "the other side of the SQL console", tmp_path)
    assert [(f.line, f.message) for f in found] == [(31, _JSON_LEAK), (40, _DETAIL_LEAK)]


def test_a_route_behind_another_gate_than_the_console_stays_a_leak(tmp_path):
    found = run_bad_example("ERR002", "the other side of the console's gate", tmp_path)
    assert [(f.line, f.message) for f in found] == [(40, _DETAIL_LEAK)]


def test_the_callers_sql_run_by_exec_driver_sql_is_a_console(tmp_path):
    old = "conn.execute(text(statement))"
    assert _variant(tmp_path, old, "conn.exec_driver_sql(statement)") == []


def test_sql_from_the_factorys_parameter_is_not_the_callers(tmp_path):
    # trap: the factory's ``database_url`` is fixed by the server when it builds the app
    found = _variant(tmp_path, "text(statement)", "text(database_url)")
    assert found == [(31, _JSON_LEAK), (40, _DETAIL_LEAK)]


def test_a_statement_with_the_servers_default_is_not_wholly_the_callers(tmp_path):
    # trap: ``or "SELECT 1"`` makes the statement partly the server's
    old = 'statement = payload.get("sql")'
    found = _variant(tmp_path, old, old + ' or "SELECT 1"')
    assert found == [(31, _JSON_LEAK), (40, _DETAIL_LEAK)]


def test_a_plain_execute_of_the_callers_text_is_not_taken_for_sql(tmp_path):
    # trap: a method named ``execute`` given a plain string may run anything (a job's name);
    # only SQLAlchemy's ``text(...)`` says the string is a statement
    found = _variant(tmp_path, "text(statement)", "statement")
    assert found == [(31, _JSON_LEAK), (40, _DETAIL_LEAK)]
