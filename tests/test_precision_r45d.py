"""Round 45d: ASY001 on a fire-and-forget task a route starts (lightclaw
lightclaw/app/routers/update.py:296, C50): the examples pin lines only; these pin severity,
confidence and wording."""

from __future__ import annotations

from auditor.testing import run_bad_example


def _findings(check_id: str, note_start: str, tmp_path):
    return [
        (f.severity, f.confidence, f.message)
        for f in run_bad_example(check_id, note_start, tmp_path)
    ]


def test_a_fire_and_forget_task_a_route_starts_is_a_warning_naming_the_route(tmp_path):
    assert _findings("ASY001", "a fire-and-forget task a route starts", tmp_path) == [
        (
            "warning",
            "medium",
            "`subprocess.run()` blocks the event loop inside `async def restart_unit` "
            "(only in a background task that `restart` starts)",
        )
    ]


def test_a_task_the_route_awaits_stays_an_error(tmp_path):
    assert _findings("ASY001", "the other side of the fire-and-forget", tmp_path) == [
        (
            "error",
            "high",
            "`subprocess.run()` blocks the event loop inside `async def restart_unit`",
        )
    ]


def test_a_task_of_a_task_group_stays_an_error(tmp_path):
    [(severity, confidence, _)] = _findings("ASY001", "a task of a task group", tmp_path)
    assert (severity, confidence) == ("error", "high")
