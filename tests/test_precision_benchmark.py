"""The pure parts of benchmarks/precision.py: the split, the stratified sample, the document."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load():
    spec = importlib.util.spec_from_file_location(
        "precision_benchmark", ROOT / "benchmarks" / "precision.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


precision = _load()
App = precision.App


def _pool(n: int) -> list:
    return [App(f"app{i:02d}", f"app{i:02d}", "1.0", "pkg") for i in range(n)]


OLD = [App("old-a", "old-a", "1", "a"), App("old-b", "old-b", "1", "b")]


def test_split_cuts_the_pool_in_thirds_and_keeps_the_old_apps_in_the_fix_set():
    sets = precision.split(_pool(10), OLD, seed=7)
    assert sets["F"][:2] == OLD
    new_f = sets["F"][2:]
    assert (len(new_f), len(sets["H1"]), len(sets["H2"])) == (4, 4, 2)
    names = [a.name for s in ("H1", "H2") for a in sets[s]] + [a.name for a in new_f]
    assert sorted(names) == [a.name for a in _pool(10)]  # a partition: nothing lost or doubled


def test_split_depends_on_the_seed_and_the_pool_not_on_the_list_order():
    pool = _pool(12)
    a = precision.split(pool, OLD, seed=1)
    assert precision.split(list(reversed(pool)), OLD, seed=1) == a
    assert any(precision.split(pool, OLD, seed=s) != a for s in range(2, 6))


def test_split_refuses_an_old_app_in_the_pool_and_duplicates():
    with pytest.raises(ValueError, match="old apps"):
        precision.split([*_pool(3), OLD[0]], OLD)
    with pytest.raises(ValueError, match="duplicate"):
        precision.split([*_pool(3), _pool(1)[0]], OLD)


def test_the_recorded_split_keeps_every_old_app_out_of_the_held_out_sets():
    sets = precision.sets()
    old = {a.name for a in precision._old_apps()}
    held = {a.name for s in ("H1", "H2") for a in sets[s]}
    assert old <= {a.name for a in sets["F"]}
    assert not old & held
    assert len(held) >= 2 * len(precision.POOL) // 3 - 1


def _finding(check: str, i: int, severity: str = "warning") -> dict:
    return {
        "check_id": check,
        "severity": severity,
        "confidence": "high",
        "path": f"m{i:03d}.py",
        "line": i + 1,
        "column": 1,
        "message": f"{check} at {i}",
    }


def test_stratified_sample_takes_at_most_four_per_check_and_every_check():
    findings = [_finding("AAA001", i) for i in range(30)] + [_finding("BBB002", 0)]
    sample = precision.stratified_sample(findings, "app", seed=3)
    by_check = [f["check_id"] for f in sample]
    assert by_check.count("AAA001") == 4
    assert by_check.count("BBB002") == 1


def test_stratified_sample_is_deterministic_and_independent_of_other_checks():
    a_only = [_finding("AAA001", i) for i in range(30)]
    shuffled = list(reversed(a_only)) + [_finding("BBB002", i) for i in range(9)]
    one = precision.stratified_sample(a_only, "app", seed=3)
    two = [
        f for f in precision.stratified_sample(shuffled, "app", seed=3) if f["check_id"] == "AAA001"
    ]
    assert one == two
    others = {
        tuple(f["line"] for f in precision.stratified_sample(a_only, "app", seed=s))
        for s in range(6)
    }
    assert len(others) > 1  # the seed does choose


def test_merge_carries_verdicts_over_to_the_same_findings():
    rows = precision.sheet_rows("app", "F", [_finding("AAA001", 1), _finding("AAA001", 2)])
    judged = [dict(rows[0], verdict="false", root_cause="name-heuristic", reason="a label")]
    merged = precision.merge_judgements(rows, judged)
    assert merged[0]["verdict"] == "false" and merged[0]["root_cause"] == "name-heuristic"
    assert merged[1]["verdict"] == ""


def test_wilson_interval():
    lo, hi = precision.wilson(49, 85)
    assert 0.47 < lo < 0.48 and 0.67 < hi < 0.68
    assert precision.wilson(0, 0) == (0.0, 1.0)


def _row(app: str, set_name: str, check: str, severity: str, verdict: str, cause: str = "") -> dict:
    return {
        "app": app,
        "set": set_name,
        "path": "x.py",
        "line": "1",
        "check": check,
        "severity": severity,
        "confidence": "high",
        "message": "m",
        "verdict": verdict,
        "root_cause": cause,
        "reason": "r",
    }


def test_render_reports_each_set_separately_overall_and_at_error_severity():
    sets = {"F": [App("a", "a", "1", "a")], "H1": [App("b", "b", "2", "b")], "H2": []}
    judged = [
        _row("a", "F", "AAA001", "error", "true"),
        _row("a", "F", "AAA001", "error", "false", "migrations"),
        _row("a", "F", "BBB002", "warning", "false", "migrations"),
        _row("a", "F", "BBB002", "warning", "true", "severity"),
        _row("b", "H1", "AAA001", "error", "true"),
    ]
    counts = {"F": {"a": {"by_check": {"AAA001": 10, "BBB002": 2}}}}
    text = precision.render_section(sets, judged, counts, seed=42)
    f_part = text.split("### Set F")[1].split("### Set H1")[0]
    h1_part = text.split("### Set H1")[1].split("### Set H2")[0]
    assert "seed **42**" in text
    assert "2 of 4 true: **50%**" in f_part
    assert "at error severity: 1 of 2 true: **50%**" in f_part
    assert "**50%** (the share" in f_part  # weighted: (10 * 1/2 + 2 * 1/2) / 12
    assert "| migrations not recognised | 2 | AAA001 1, BBB002 1 |" in f_part
    assert "wrong severity 1" in f_part
    assert "1 of 1 true: **100%**" in h1_part
    assert "Not measured yet." in text.split("### Set H2")[1]


def test_replace_section_is_idempotent_and_keeps_the_rest():
    doc = "# Title\n\nintro\n\n## Older\nkept\n"
    section = precision.render_section({"F": []}, [], seed=1)
    once = precision.replace_section(doc, section)
    assert once.startswith("# Title\n") and once.endswith("## Older\nkept\n")
    assert precision.replace_section(once, section) == once
    assert once.count(precision.BEGIN) == 1


def test_load_judged_ignores_the_older_sheets_without_a_set_column(tmp_path):
    (tmp_path / "old.csv").write_text(
        "app,path,line,check,verdict,reason\na,x.py,1,AAA001,true,r\n"
    )
    precision.write_csv(
        tmp_path / "new.csv",
        [_row("a", "F", "AAA001", "error", "true"), _row("a", "F", "AAA001", "error", "")],
    )
    rows = precision.load_judged(tmp_path)
    assert [r["set"] for r in rows] == ["F"]  # the unjudged row is not counted either
