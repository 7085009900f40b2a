"""Round 25 (H31), helper r25b: wording and anchors the precision work corrected."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_sec006_drops_the_hand_written_z_with_the_aware_swap(tmp_path):
    # mcp-memory-service models/memory.py:148: `utcfromtimestamp(ts).isoformat() + "Z"`
    # turned aware as advised gave `...+00:00Z`, and the fix title spoke of `now()`.
    stamp, now = sorted(_run("SEC006", "a `Z` appended by hand", tmp_path), key=lambda f: f.line)
    assert "`datetime.fromtimestamp(ts, tz=timezone.utc)` and drop the `Z`" in stamp.message
    assert stamp.fix is not None and "fromtimestamp(ts" in stamp.fix.title, stamp.fix
    assert "now(" not in stamp.fix.title
    assert "drop the `Z`" in now.message and "datetime.now(timezone.utc)" in now.message


def test_sec006_plain_calls_keep_their_advice(tmp_path):
    found = _run("SEC006", "module and class imports", tmp_path)
    assert all("drop the" not in f.message for f in found)
    assert all("minding comparisons" in f.message for f in found)


def test_set005_reading_the_field_minds_its_validator(tmp_path):
    # ecom-foundation-core modules/auth/__init__.py:156: `os.environ.get("ENVIRONMENT",
    # "local") == "local"` while the declared field's validator maps "local" away: reading
    # the field is no drop-in replacement.
    [found] = _run("SET005", "a raw read of a declared variable whose field", tmp_path)
    assert "read that field instead, minding its validator `known_stage`" in found.message
    assert found.fix is not None and "validator" in found.fix.title
    plain = _run("SET005", "a raw read of a variable the settings already declare", tmp_path / "b")
    declared = [f for f in plain if "already declare" in f.message]
    assert declared and all(f.message.endswith("read that field instead") for f in declared)


def test_dep003_a_loop_driving_the_generator_runs_its_cleanup(tmp_path):
    # ecom-foundation-core modules/auth/dependencies.py:42: `async for session in
    # get_async_session(request): yield session` runs the commit after the inner yield;
    # "its cleanup never runs" overstated it.
    found = {f.line: f for f in _run("DEP003", "a loop in a route still bypasses", tmp_path)}
    assert "cleanup never runs" not in found[22].message
    assert "`dependency_overrides` cannot replace it" in found[22].message
    assert "an exception that leaves the loop" in found[22].message
    assert "its cleanup waits until the abandoned generator is collected" in found[28].message
