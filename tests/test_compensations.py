"""Compensated code (issue 10, class 1): findings that stay but are lowered.  The examples pin
lines only; these pin the severity and confidence of the lowered findings."""

from __future__ import annotations

from auditor.testing import run_example
from checks import by_id


def _findings(check_id: str, note_start: str, tmp_path):
    check = by_id()[check_id]
    example = next(e for e in check.bad if e.note.startswith(note_start))
    findings, _ = run_example(check, example, tmp_path)
    return [(f.severity, f.confidence) for f in findings]


def test_debug_behind_a_catch_all_middleware_is_info(tmp_path):
    assert _findings("PRD008", "compensated: a catch-all", tmp_path) == [("info", "medium")]


def test_debug_behind_a_middleware_that_reraises_stays_a_warning(tmp_path):
    assert _findings("PRD008", "a middleware that re-raises", tmp_path) == [("warning", "high")]
