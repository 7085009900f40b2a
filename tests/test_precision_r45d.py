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


def test_the_keys_of_a_dict_filled_from_the_clients_keys_are_its_column_names(tmp_path):
    # round 45d: the keys of a dict whose every key the function writes as a literal are
    # code-chosen (agh agh/server/routes/projects.py:366, C50): its good twin is silent
    assert _findings("DBS002", "the other side of the literal-keys trap", tmp_path) == [
        (
            "error",
            "high",
            "SQL built with an f-string is passed to `.execute()` with `payload` as a table or "
            "column name: check it against an allow-list of known names (identifiers cannot "
            "be bound)",
        )
    ]
