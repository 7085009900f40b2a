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


def test_asy003_a_function_handed_to_a_worker_thread_raises_on_every_python(tmp_path):
    # davybot dawei/sandbox/e2b_provider.py:847: _enqueue_command, reached from
    # execute_command, which execute_command_async hands to asyncio.to_thread (:213)
    assert _messages("ASY003", "a sync method its own module hands to", tmp_path) == [
        "`asyncio.get_event_loop()` outside a coroutine raises RuntimeError on Python ≥ 3.14 "
        "when no loop is running, and on every Python in `asyncio.to_thread`'s worker thread, "
        "where `run` runs (no loop is set there)"
    ]
