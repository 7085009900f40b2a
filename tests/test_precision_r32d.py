"""Round 32 (H38), helper r32d: the findings of PYD006, STR002, DBS001 and MIG001 that the
judged sheet showed false or misworded, pinned by the text the checks produce."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_pyd006_an_assert_its_guard_already_holds_is_not_reported(tmp_path):
    # dazzle-dsl core/ir/aggregates.py:156, :393: `assert self.function_name is not None`
    # under `elif is_function:`, `is_function = self.function_name is not None`
    assert _run("PYD006", "trap: an assert inside a branch whose guard", tmp_path, "good") == []
    found = {f.line: f.message for f in _run("PYD006", "the other side of the guard", tmp_path)}
    assert found == {
        15: "`assert` in validator `known` is removed under `python -O`: raise `ValueError` "
        "instead",
        22: "`assert` in validator `labelled` is removed under `python -O`: raise `ValueError` "
        "instead",
    }
