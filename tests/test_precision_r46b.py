"""Round 46b (H52): ASY004's wording for a coroutine that re-raises its own cancellation
(painapple-code painapple_code/services/agent_session.py:2266), pinned by the text the
check produces."""

from __future__ import annotations

from auditor.testing import run_bad_example


def _messages(check_id: str, note_start: str, tmp_path) -> list[str]:
    return [f.message for f in run_bad_example(check_id, note_start, tmp_path)]


def test_asy004_a_re_raised_cancellation_still_handles_its_exceptions(tmp_path):
    assert _messages("ASY004", "a coroutine that re-raises its cancellation", tmp_path) == [
        "`asyncio.create_task()` result is discarded: the task can be garbage-collected "
        "mid-flight and its work stop halfway (ruff RUF006); `commit` catches and handles "
        "exceptions itself"
    ]


def test_asy004_a_clause_that_also_re_raises_an_error_leaves_it_unseen(tmp_path):
    assert _messages("ASY004", "the other side of the re-raised cancellation", tmp_path) == [
        "`asyncio.create_task()` result is discarded: the task can be garbage-collected "
        "mid-flight and its exceptions are never seen (ruff RUF006)"
    ]
