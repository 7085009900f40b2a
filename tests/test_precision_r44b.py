"""Round 44 (H50), helper r44b: the findings of ASY004, STR002 and RTE001 that the judged
sheet showed with a wrong fix or message, pinned by the text the checks produce."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_asy004_a_thread_task_is_not_said_to_be_collected_mid_flight(tmp_path):
    # thirtytutors live_session.py:1141 and main.py:68: `create_task(asyncio.to_thread(f))`,
    # whose executor thread holds the task to the end; only its exceptions are lost
    hits = _run("ASY004", "the other side of the quiet-thread", tmp_path)
    assert {f.line for f in hits} == {25, 26}
    assert {f.message for f in hits} == {
        "`asyncio.create_task()` result is discarded: the executor thread runs the "
        "`asyncio.to_thread()` work to its end, but an exception it raises is never seen "
        "(ruff RUF006)"
    }
