"""Every check is proven by its own examples, and by the catalogue's fixtures.

Bad examples must be flagged (on the pinned lines, when given), good ones left alone.
A fixable finding's fix must parse and silence the finding it fixes.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from auditor.testing import run_example
from checks import all_checks
from tests.catalogue_fixtures import catalogue_fixtures

CHECKS = all_checks()
BAD = [pytest.param(c, i, id=f"{c.id}-bad{i}") for c in CHECKS for i in range(len(c.bad))]
GOOD = [pytest.param(c, i, id=f"{c.id}-good{i}") for c in CHECKS for i in range(len(c.good))]


@pytest.mark.parametrize(("check", "index"), BAD)
def test_bad_example_is_flagged(check, index, tmp_path):
    example = check.bad[index]
    findings, _ = run_example(check, example, tmp_path)
    assert findings, f"{check.id} did not flag its bad example {index} ({example.note})"
    if example.lines is not None:
        assert sorted({f.line for f in findings}) == sorted(example.lines), [
            (f.path, f.line, f.message) for f in findings
        ]


@pytest.mark.parametrize(("check", "index"), GOOD)
def test_good_example_is_left_alone(check, index, tmp_path):
    findings, _ = run_example(check, check.good[index], tmp_path)
    assert not findings, [(f.path, f.line, f.message) for f in findings]


@pytest.mark.parametrize(("check", "index"), BAD)
def test_fix_diffs_are_pinned(check, index, tmp_path):
    """Every fix diff a bad example produces is pinned, exactly, in its ``fixes``."""
    example = check.bad[index]
    findings, _ = run_example(check, example, tmp_path)
    diffs = [f.fix.diff for f in findings if f.fix and f.fix.diff]
    assert diffs == list(example.fixes or ()), "\n\n".join(diffs)
    for d in diffs:
        assert d.startswith("--- a/"), d


FIXABLE = [
    pytest.param(c, i, id=f"{c.id}-bad{i}")
    for c in CHECKS
    for i in range(len(c.bad))
    if c.bad[i].fixes
]


@pytest.mark.parametrize(("check", "index"), FIXABLE)
def test_fixes_parse_and_silence_the_finding(check, index, tmp_path):
    """Each fixable finding's fix, applied alone, parses and silences that finding."""
    example = check.bad[index]
    _, result = run_example(check, example, tmp_path / "before")
    fixable = [h for h in result.hits if h.check_id == check.id and h.fixable]
    assert fixable
    for hit in fixable:
        before = tmp_path / "before" / hit.path
        source = before.read_text() if before.exists() else ""
        fixed = check().fix(source, hit, result.project)
        assert fixed is not None and fixed != source, f"{check.id}: no fix for line {hit.line}"
        if hit.path.endswith(".py"):
            compile(fixed, hit.path, "exec")
        after_files = {**example.files, hit.path: fixed}
        after, _ = run_example(
            check,
            replace(example, files=after_files),
            tmp_path / f"after{hit.line}_{hit.column}",
        )
        still = [f for f in after if f.path == hit.path and f.message == hit.message]
        assert not still, f"{check.id}: the fix did not silence {hit.message!r}:\n{fixed}"


def test_every_fixable_check_pins_a_fix():
    """A check that offers mechanical fixes proves at least one by its exact text."""
    fixers = [c for c in CHECKS if c.fix.__qualname__.split(".")[0] != "Check"]
    assert fixers
    assert not [c.id for c in fixers if not any(ex.fixes for ex in c.bad)]


FIXTURES = catalogue_fixtures()
CAT_CASES = [
    pytest.param(c, kind, id=f"{c.id}-catalogue-{kind}")
    for c in CHECKS
    for kind in ("bad", "good")
    if kind in FIXTURES.get(c.id, {})
]


@pytest.mark.parametrize(("check", "kind"), CAT_CASES)
def test_catalogue_fixture(check, kind, tmp_path):
    example = FIXTURES[check.id][kind]
    findings, _ = run_example(check, example, tmp_path)
    if kind == "bad":
        assert findings, f"{check.id} did not flag the catalogue's bad fixture"
    else:
        assert not findings, [(f.path, f.line, f.message) for f in findings]


def test_catalogue_fixtures_cover_every_check():
    missing = [
        c.id for c in CHECKS if "bad" not in FIXTURES.get(c.id, {}) or "good" not in FIXTURES[c.id]
    ]
    assert not missing
