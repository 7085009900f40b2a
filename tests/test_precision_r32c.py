"""Round 32 (H38), helper r32c: the findings of ASY003-ASY005, SEC003, SEC004 and LOG001 that
the judged sheet showed false or misworded, pinned by the text the checks produce."""

from __future__ import annotations

from auditor.inventory import Inventory
from auditor.testing import run_noted_example as _run


def test_a_declared_python_target_bounds_the_pythons_a_project_runs_on():
    assert Inventory(python="<3.14,>=3.11").python_below((3, 14))
    assert Inventory(python="<=3.13").python_below((3, 14))
    assert not Inventory(python=">=3.10,<3.15").python_below((3, 14))
    assert not Inventory(python=">=3.11").python_below((3, 14))
    assert not Inventory(python="3.12").python_below((3, 14))  # a .python-version: no bound
    assert not Inventory().python_below((3, 14))


def test_asy003_a_sync_call_under_a_pre_314_target_is_not_reported(tmp_path):
    # beeai-framework utils/cancellation.py:48: a sync classmethod's get_event_loop() in a
    # wheel whose Requires-Python is `>=3.11,<3.14`
    assert _run("ASY003", "a sync call in a project whose declared", tmp_path, "good") == []
    found = {f.line: f.message for f in _run("ASY003", "the other side of the pre-3.14", tmp_path)}
    assert found == {
        5: "`asyncio.get_event_loop()` outside a coroutine raises RuntimeError on Python ≥ 3.14 "
        "when no loop is running",
        9: "`asyncio.get_event_loop()` in a coroutine: use `asyncio.get_running_loop()`",
    }
