"""Round 47 (H53's flawed true rows), lead: wording the held-out judges corrected."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_dep003_a_guarded_yield_is_closed_late_not_never(tmp_path):
    # aigatekeeper gatekeeper/api/router.py:85: `async for session in get_db_session():
    # return ...` leaves the generator at its `yield` inside `async with`; asyncio's
    # finaliser closes it after the request, so "its cleanup never runs" overstated it.
    found = {f.line: f for f in _run("DEP003", "left suspended at its yield", tmp_path)}
    assert found[25].message == (
        "yield dependency `get_session()` is called directly in `items`: it is left suspended "
        "at its `yield`, so its cleanup waits until the abandoned generator is collected, "
        "after the request, and `dependency_overrides` cannot replace it"
    )
    # bare code after the `yield` is skipped when the generator is closed
    assert found[32].message == (
        "yield dependency `get_cursor()` is called directly in `rows`: its cleanup never runs "
        "and `dependency_overrides` cannot replace it"
    )
