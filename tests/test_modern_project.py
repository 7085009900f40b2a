"""A project in Python 3.12-3.14 syntax is audited like its 3.11 twin (issue 11).

``tests/fixtures/modern`` is written with PEP 695 (``type`` aliases, generic classes and
functions, a PEP 696 default), PEP 701 f-strings (nested same quotes), PEP 758
(``except A, B:``) and a PEP 750 t-string; ``tests/fixtures/modern_311`` says the same in
3.11 syntax on the same lines (``DB = Annotated[...]``, ``Generic[T]``, ``except (A, B):``,
a bound parameter where the t-string was).  The findings sit inside the new constructs: a
blocking call in a generic coroutine, a sync session reached through a ``type`` alias, SQL
and a password in f-strings with nested quotes, a ``# noqa`` in an ``except A, B:`` block.
Whatever interpreter runs the tests, every check must find the same things at the same
places, with the same fixes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.engine import Options, audit

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def reports():
    options = Options(
        select=["ALL"], use_cache=False, jobs=1, use_config=False, show_suppressed=True
    )
    return {name: audit(FIXTURES / name, options).report for name in ("modern", "modern_311")}


def _where(f) -> tuple:
    return (f.check_id, f.path, f.line, f.column, f.end_line, f.end_column, f.message)


def _changes(diff: str | None) -> list[str]:
    """A diff's hunk headers and changed lines (its context lines differ between twins)."""
    if not diff:
        return []
    return [
        line
        for line in diff.splitlines()
        if line.startswith(("@@", "+", "-")) and not line.startswith(("+++", "---"))
    ]


def test_every_file_is_audited(reports):
    for report in reports.values():
        assert report.errors == []
        assert report.summary.files_not_audited == 0
        assert report.summary.python_files == 4


def test_the_findings_are_those_of_the_311_twin(reports):
    modern, twin = reports["modern"], reports["modern_311"]
    assert sorted(map(_where, modern.findings)) == sorted(map(_where, twin.findings))
    assert sorted(map(_where, modern.suppressed)) == sorted(map(_where, twin.suppressed))
    fixes = {_where(f): _changes(f.fix.diff if f.fix else None) for f in modern.findings}
    twin_fixes = {_where(f): _changes(f.fix.diff if f.fix else None) for f in twin.findings}
    assert fixes == twin_fixes
    assert any(fixes.values())
    assert [(c.id, c.status) for c in modern.checks] == [(c.id, c.status) for c in twin.checks]


def test_the_findings_inside_the_new_constructs(reports):
    found = {(f.check_id, f.path, f.line) for f in reports["modern"].findings}
    routes = "app/routes.py"
    assert {
        ("ASY001", routes, 25),  # time.sleep in a method with a PEP 696 type parameter
        ("ASY001", routes, 30),  # ... in a generic coroutine
        ("DBS003", routes, 35),  # a sync Session through ``type DB = Annotated[...]``
        ("DBS002", routes, 41),  # SQL in an f-string with nested same quotes
        ("LOG001", routes, 53),  # a password logged in an f-string with nested quotes
        ("PYD001", routes, 19),  # class Config in a generic model
        ("PYD002", routes, 20),
    } <= found
    assert ("DBS002", routes, 47) not in found  # a t-string query is parameterised
    suppressed = {(f.check_id, f.line) for f in reports["modern"].suppressed}
    assert (
        "ASY001",
        57,
    ) in suppressed  # a noqa comment in an ``except ValueError, KeyError:`` block


def test_fixes_on_newer_syntax_apply_and_parse(reports):
    from auditor.source import parse_text
    from tests.patching import apply_diff

    root = FIXTURES / "modern"
    fixed = [f for f in reports["modern"].findings if f.fix and f.fix.diff]
    assert {f.check_id for f in fixed} >= {"ASY001", "PYD001", "DEP001"}
    for f in fixed:
        assert f.path is not None
        after = apply_diff((root / f.path).read_text(), f.fix.diff, f.path)
        parse_text(after, f.path)  # still parses (with the newer grammar)


def test_the_cli_reports_no_error(capsys):
    from auditor.cli import main

    code = main(["audit", str(FIXTURES / "modern"), "--no-cache", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1  # ASY001 is an error
    assert data["errors"] == [] and data["summary"]["files_not_audited"] == 0
