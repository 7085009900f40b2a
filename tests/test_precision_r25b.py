"""Round 25 (H31), helper r25b: wording and anchors the precision work corrected."""

from __future__ import annotations

from auditor.testing import run_example
from checks import by_id


def _run(check_id: str, note_start: str, tmp_path):
    check = by_id()[check_id]
    example = next(e for e in check.bad if e.note.startswith(note_start))
    findings, _ = run_example(check, example, tmp_path)
    return findings


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
