"""Findings that stay but are lowered or reworded (issue 10): the examples pin lines only;
these pin the severity, confidence or wording that the precision work changed."""

from __future__ import annotations

from auditor.testing import run_example
from checks import by_id


def _run(check_id: str, note_start: str, tmp_path):
    check = by_id()[check_id]
    example = next(e for e in check.bad if e.note.startswith(note_start))
    findings, _ = run_example(check, example, tmp_path)
    return findings


def _findings(check_id: str, note_start: str, tmp_path):
    return [(f.severity, f.confidence) for f in _run(check_id, note_start, tmp_path)]


def test_debug_behind_a_catch_all_middleware_is_info(tmp_path):
    assert _findings("PRD008", "compensated: a catch-all", tmp_path) == [("info", "medium")]


def test_debug_behind_a_middleware_that_reraises_stays_a_warning(tmp_path):
    assert _findings("PRD008", "a middleware that re-raises", tmp_path) == [("warning", "high")]


def test_a_model_goes_to_the_schemas_of_its_own_component(tmp_path):
    messages = {f.path: f.message for f in _run("STR002", "components keep", tmp_path)}
    # not app/gateway/schemas/ (another component's) nor app/schemas.py (a router module)
    assert messages["app/tracking/server.py"].endswith("move it to `app/tracking/schemas.py`")
    # the nearest schemas package above the router
    assert messages["app/tracking/api/v1/items.py"].endswith(
        "move it to the `app/tracking/api/schemas/` package"
    )
