"""The pure parts of benchmarks/precision.py: the split, the stratified sample, the document."""

from __future__ import annotations

import importlib.util
import json
import re
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


def test_adding_h3_leaves_the_recorded_split_as_it_was_measured():
    # docs/precision/pool-2026-12-04.json recorded each app's set when the split was drawn
    recorded = json.loads((ROOT / "docs" / "precision" / "pool-2026-12-04.json").read_text())
    sets = precision.sets()
    now = {a.name: s for s in ("F", "H1", "H2") for a in sets[s]}
    assert now == {name: app["set"] for name, app in recorded["apps"].items()}


def test_h3_is_disjoint_from_the_pool_and_the_old_apps():
    h3 = {a.name for a in precision.sets()["H3"]}
    earlier = {a.name for a in precision.POOL} | {a.name for a in precision._old_apps()}
    assert len(h3) == len(precision.POOL_H3) == precision.H3_SIZE
    assert not h3 & earlier
    assert not {a.dist for a in precision.POOL_H3} & (
        {a.dist for a in precision.POOL} | {a.dist for a in precision._old_apps()}
    )
    assert not set(precision.H3_QUALIFIED) & earlier  # none of the candidates either
    assert not set(precision.H3_REJECTED) & earlier


def test_h3_is_the_seeded_draw_from_the_qualified_candidates():
    qualified = precision.H3_QUALIFIED
    assert not set(qualified) & set(precision.H3_REJECTED)
    drawn = precision.draw(qualified, precision.H3_SEED, precision.H3_SIZE)
    assert drawn == sorted(a.name for a in precision.POOL_H3)
    assert precision.draw(reversed(qualified), precision.H3_SEED, precision.H3_SIZE) == drawn
    assert any(precision.draw(qualified, s, precision.H3_SIZE) != drawn for s in range(1, 5))


def test_select_and_render_know_h3():
    assert "H3" in {s for s, _ in precision.select("all")}
    assert [a for _, a in precision.select("H3")] == precision.POOL_H3
    text = precision.render_section(precision.sets(), [], seed=1)
    assert f"seed **{precision.H3_SEED}**" in text
    assert "Not measured yet." in text.split("### Set H3")[1]
    assert "| H3 | truss | truss 0.18.36 | `truss` |" in text


def test_h4_is_disjoint_from_every_earlier_set_and_candidate():
    h4 = precision.POOL_H4
    earlier = [*precision.POOL, *precision._old_apps(), *precision.POOL_H3]
    names = {a.name for a in earlier} | set(precision.H3_QUALIFIED) | set(precision.H3_REJECTED)
    names -= set(precision.H3_QUALIFIED) - {a.name for a in precision.POOL_H3}  # never audited
    dists = {a.dist for a in earlier}
    assert len({a.name for a in h4}) == len(h4) == precision.H4_SIZE
    assert not {a.name for a in h4} & names
    assert not {a.dist for a in h4} & dists
    assert not set(precision.H4_QUALIFIED) & names  # none of the candidates either
    assert not set(precision.H4_REJECTED) & names


def test_h4_is_the_seeded_draw_from_the_qualified_candidates():
    qualified = precision.H4_QUALIFIED
    assert not set(qualified) & set(precision.H4_REJECTED)
    drawn = precision.draw(qualified, precision.H4_SEED, precision.H4_SIZE)
    assert drawn == sorted(a.name for a in precision.POOL_H4)
    assert precision.draw(reversed(qualified), precision.H4_SEED, precision.H4_SIZE) == drawn
    assert precision.H4_SEED != precision.H3_SEED


def test_select_and_render_know_h4():
    assert {s for s, _ in precision.select("all")} == {
        "F",
        "H1",
        "H2",
        "H3",
        "H4",
        "H5",
        "H6",
        "H7",
        "H8",
        "H9",
        "H10",
        "H11",
        "H12",
        "H13",
        "H14",
        "H15",
        "H16",
        "H17",
        "H18",
        "H19",
        "H20",
        "H21",
        "H23",
        "H25",
        "H27",
        "H28",
        "H29",
        "H31",
        "H32",
        "H33",
        "H34",
        "H35",
        "H36",
        "H37",
        "H38",
        "H39",
        "H40",
        "H41",
        "H42",
        "H43",
        "H44",
        "H45",
        "H46",
        "H47",
        "H48",
        "H49",
        "H50",
        "H51",
        "H52",
        "H53",
        "H54",
        "H55",
        "H56",
        "H57",
        "H58",
        "H59",
        "H60",
        "H61",
        "H62",
        "H63",
        "H64",
        "H65",
        "H66",
        "H67",
        "H68",
        "H69",
        "H70",
        "H71",
    }
    assert [a for _, a in precision.select("H4")] == precision.POOL_H4
    assert precision.DRAW_SEEDS["H4"] == precision.H4_SEED
    text = precision.render_section(precision.sets(), [], seed=1)
    assert f"seed **{precision.H4_SEED}**" in text
    assert "Not measured yet." in text.split("### Set H4")[1]
    assert "| H4 | sqlmesh | sqlmesh 0.236.4 | `web` |" in text


def test_h5_is_the_seeded_draw_from_h4s_qualified_candidates_not_drawn():
    rest = set(precision.H4_QUALIFIED) - {a.name for a in precision.POOL_H4}
    assert set(precision.H5_QUALIFIED) == rest
    drawn = precision.draw(precision.H5_QUALIFIED, precision.H5_SEED, precision.H5_SIZE)
    assert drawn == sorted(a.name for a in precision.POOL_H5)
    assert precision.H5_SEED not in (precision.H3_SEED, precision.H4_SEED)
    assert precision.DRAW_SEEDS["H5"] == precision.H5_SEED
    text = precision.render_section(precision.sets(), [], seed=1)
    assert f"seed **{precision.H5_SEED}**" in text
    assert "| H5 | mcpo | mcpo 0.0.20 | `mcpo` |" in text


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


def test_load_judged_tags_each_row_with_its_sheet_and_load_counts_keys_by_sheet(tmp_path):
    precision.write_csv(tmp_path / "fix-1.csv", [_row("a", "F", "AAA001", "error", "true")])
    precision.write_csv(tmp_path / "fix-2.csv", [_row("a", "F", "AAA001", "error", "false")])
    for name, n in (("fix-1", 10), ("fix-2", 4)):
        apps = {"a": {"findings": n, "by_check": {"AAA001": n}}}
        (tmp_path / f"{name}-counts.json").write_text(json.dumps({"sets": {"F": apps}}))
    assert [(r["sheet"], r["verdict"]) for r in precision.load_judged(tmp_path)] == [
        ("fix-1", "true"),
        ("fix-2", "false"),
    ]
    counts = precision.load_counts(tmp_path)
    assert counts["F"]["fix-1"]["a"]["findings"] == 10
    assert counts["F"]["fix-2"]["a"]["findings"] == 4


def _sheet(rows: list[dict], sheet: str) -> list[dict]:
    return [dict(r, sheet=sheet) for r in rows]


def test_render_puts_two_measurements_of_a_set_side_by_side_oldest_first():
    sets = {"F": [App("a", "a", "1", "a")], "H1": [App("b", "b", "2", "b")]}
    before = _sheet(
        [
            _row("a", "F", "AAA001", "error", "true"),
            _row("a", "F", "AAA001", "error", "false", "migrations"),
            _row("a", "F", "BBB002", "warning", "false", "migrations"),
            _row("a", "F", "BBB002", "warning", "false", "absence"),
        ],
        "fix-2026-01-01",
    )
    after = _sheet(
        [
            _row("a", "F", "AAA001", "error", "true"),
            _row("a", "F", "AAA001", "error", "true", "severity"),
            _row("a", "F", "BBB002", "warning", "true"),
            _row("a", "F", "BBB002", "warning", "false", "absence"),
        ],
        "fix-2026-01-02",
    )
    counts = {
        "F": {
            "fix-2026-01-01": {"a": {"findings": 12, "by_check": {"AAA001": 10, "BBB002": 2}}},
            "fix-2026-01-02": {"a": {"findings": 9, "by_check": {"AAA001": 8, "BBB002": 1}}},
        }
    }
    h1 = _sheet([_row("b", "H1", "AAA001", "error", "true")], "held-2026-01-02")
    text = precision.render_section(sets, after + h1 + before, counts, seed=1)
    f_part = text.split("### Set F")[1].split("### Set H1")[0]
    assert "| measurement | before fixes | after fixes |" in f_part
    assert "| sheet | `fix-2026-01-01.csv` | `fix-2026-01-02.csv` |" in f_part
    assert "| findings | 12 in 1 apps | 9 in 1 apps |" in f_part
    assert (
        "| overall | 1 of 4 true: **25%** (95% interval 5–70%) | "
        "3 of 4 true: **75%** (95% interval 30–95%) |" in f_part
    )
    assert "| at error severity | 1 of 2 true: **50%**" in f_part
    # per check: before (findings, judged, true, precision), then after
    assert "| AAA001 | error | 10 | 2 | 1 | 50% | 8 | 2 | 2 | 100% |" in f_part
    assert "| BBB002 | warning | 2 | 2 | 0 | 0% | 1 | 2 | 1 | 50% |" in f_part
    # root causes: both columns, the one left after the fixes first
    causes = f_part.split("False findings by root cause:")[1]
    assert causes.index("absence checks") < causes.index("migrations not recognised")
    assert "| migrations not recognised | 2 | 0 | – |" in causes
    assert "True findings with a defect, after fixes (counted true above): wrong severity 1." in (
        f_part
    )
    assert "fixed on these applications" in f_part  # the fix set says what its figure means
    # a set measured once keeps the single-measurement form
    h1_part = text.split("### Set H1")[1]
    assert "Judged: 1 findings from 1 applications (b)." in h1_part
    assert "before fixes" not in h1_part


def _finding_at(check: str, path: str, line: int, message: str) -> dict:
    return {"check_id": check, "path": path, "line": line, "message": message}


def _judged(check: str, path: str, line: int, message: str, verdict: str) -> dict:
    return {
        "app": "a",
        "path": path,
        "line": str(line),
        "check": check,
        "severity": "warning",
        "message": message,
        "verdict": verdict,
        "root_cause": "",
        "reason": "r",
    }


def test_recheck_finds_same_reworded_and_moved_findings_and_each_answers_one_row():
    previous = [
        _judged("AAA001", "x.py", 3, "same", "true"),
        _judged("AAA001", "x.py", 5, "old words", "false"),
        _judged("AAA001", "x.py", 9, "moved", "true"),
        _judged("BBB002", "y.py", 1, "one import", "true"),
        _judged("BBB002", "y.py", 2, "one import", "false"),  # a duplicate, merged now
        _judged("CCC003", "z.py", 1, "gone", "false"),
        {**_judged("AAA001", "x.py", 3, "same", "true"), "app": "not-audited"},
    ]
    findings = {
        "a": [
            _finding_at("AAA001", "x.py", 3, "same"),
            _finding_at("AAA001", "x.py", 5, "new words"),
            _finding_at("AAA001", "x.py", 11, "moved"),
            _finding_at("BBB002", "y.py", 1, "one import"),
        ]
    }
    rows = precision.recheck(previous, findings)
    assert [(r["line"], r["now"], r["now_verdict"], r["note"]) for r in rows] == [
        ("3", "reported", "true", ""),
        ("5", "reported", "", "reworded"),  # left for a person to judge
        ("9", "reported", "true", "moved to line 11"),
        ("1", "reported", "true", ""),
        ("2", "not reported", "", ""),
        ("1", "not reported", "", ""),
    ]
    # a finding the sampled report already held at that place is not the row moved
    earlier = {
        "a": [_finding_at("AAA001", "x.py", 9, "moved"), _finding_at("AAA001", "x.py", 11, "moved")]
    }
    assert precision.recheck(previous, findings, earlier)[2]["now"] == "not reported"
    # what a person wrote survives a second run over the same reports
    judged = [dict(r) for r in rows]
    judged[1]["now_verdict"], judged[4]["note"] = "true", "merged"
    again = precision.merge_rechecks(precision.recheck(previous, findings), judged)
    assert again[1]["now_verdict"] == "true" and again[4]["note"] == "merged"


def test_render_reports_what_became_of_the_previous_sample():
    sets = {"F": [App("a", "a", "1", "a")]}
    before = _sheet([_row("a", "F", "AAA001", "error", "false", "migrations")], "fix-1")
    after = _sheet([_row("a", "F", "AAA001", "error", "true")], "fix-2")

    def rc(verdict: str, now: str, now_verdict: str, note: str = "") -> dict:
        return dict(
            _judged("AAA001", "x.py", 1, "m", verdict), now=now, now_verdict=now_verdict, note=note
        )

    rechecks = {
        "fix-2": [
            rc("false", "not reported", ""),
            rc("false", "not reported", ""),
            rc("false", "reported", "true"),
            rc("true", "reported", "true"),
            rc("true", "reported", "false"),
            rc("true", "not reported", "", "the model lost the app"),
        ]
    }
    text = precision.render_section(sets, before + after, rechecks=rechecks, seed=1)
    assert "looked up in the reports of `fix-2.csv`" in text
    assert "- false before: 2 of 3 no longer reported (fixed); 1 still reported, 1 of them" in text
    assert "- true before: 1 of 3 no longer reported (below); 1 still reported but" in text
    assert "- the old sample as reported now: 2 of 3 true: **67%**" in text
    assert "- AAA001 a `x.py:1`: the model lost the app" in text


def test_fetch_reads_an_unpacked_tree_without_downloading(tmp_path, monkeypatch):
    """A workdir holding only ``src/`` (the held-out trees, unpacked once) needs no wheel."""
    app = App("demo", "demo-dist", "1.0", "demo")
    tree = tmp_path / "src" / "demo-dist-1.0"
    (tree / "demo").mkdir(parents=True)
    (tree / ".unpacked").write_text("")
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))

    def no_download(*args, **kwargs):
        raise AssertionError(f"downloaded: {args}")

    monkeypatch.setattr(precision.subprocess, "run", no_download)
    assert precision.fetch(tmp_path, app) == tree
    assert precision.target(tmp_path, app) == tree / "demo"


def test_h6_is_the_seeded_draw_from_the_qualified_candidates_drawn_for_neither_h4_nor_h5():
    rest = set(precision.H4_QUALIFIED) - {a.name for a in precision.POOL_H4 + precision.POOL_H5}
    assert set(precision.H6_QUALIFIED) == rest
    assert len(rest) == 18
    drawn = precision.draw(precision.H6_QUALIFIED, precision.H6_SEED, precision.H6_SIZE)
    assert drawn == sorted(a.name for a in precision.POOL_H6)
    assert precision.H6_SEED not in (precision.H3_SEED, precision.H4_SEED, precision.H5_SEED)
    assert precision.DRAW_SEEDS["H6"] == precision.H6_SEED
    text = precision.render_section(precision.sets(), [], seed=1)
    assert f"seed **{precision.H6_SEED}**" in text
    assert "| H6 | galaxy-web-apps | galaxy-web-apps 26.1.2 | `galaxy` |" in text
    assert "Not measured yet." in text.split("### Set H6")[1].split("### Set H7")[0]


def test_h7_is_the_rest_of_h4s_qualified_candidates():
    drawn = {a.name for a in precision.POOL_H4 + precision.POOL_H5 + precision.POOL_H6}
    rest = set(precision.H4_QUALIFIED) - drawn
    assert set(precision.H7_QUALIFIED) == rest == {a.name for a in precision.POOL_H7}
    assert precision.draw(precision.H7_QUALIFIED, precision.H7_SEED, precision.H7_SIZE) == sorted(
        rest
    )
    assert precision.DRAW_SEEDS["H7"] == precision.H7_SEED
    text = precision.render_section(precision.sets(), [], seed=1)
    assert "| H7 | jina | jina 3.34.0 | `jina-3.34.0/jina` |" in text


def test_h8_is_the_seeded_draw_from_a_fresh_candidate_list():
    """H8's candidates were written down before any download: none was in an earlier pool,
    candidate list or rejection list; every candidate is qualified or rejected with a reason,
    and the pool is the seeded draw of the qualified."""
    earlier: set[str] = {
        a.name for s, apps in precision.sets().items() if s not in ("H8", "H9", "H10") for a in apps
    }
    earlier |= set(precision.H3_QUALIFIED) | set(precision.H3_REJECTED)
    earlier |= set(precision.H4_QUALIFIED) | set(precision.H4_REJECTED)
    assert not set(precision.H8_CANDIDATES) & earlier
    assert set(precision.H8_QUALIFIED) | set(precision.H8_REJECTED) == set(precision.H8_CANDIDATES)
    assert not set(precision.H8_QUALIFIED) & set(precision.H8_REJECTED)
    drawn = precision.draw(precision.H8_QUALIFIED, precision.H8_SEED, precision.H8_SIZE)
    assert drawn == [a.name for a in precision.POOL_H8]
    assert precision.DRAW_SEEDS["H8"] == precision.H8_SEED
    text = precision.render_section(precision.sets(), [], seed=1)
    assert f"seed **{precision.H8_SEED}**" in text
    assert "| H8 | holmesgpt | holmesgpt 0.45.0 | `holmes` |" in text


def test_h9_is_the_rest_of_h8s_qualified_candidates():
    """H9 is every qualified H8 candidate not drawn for H8 (no draw: all of them)."""
    rest = set(precision.H8_QUALIFIED) - {a.name for a in precision.POOL_H8}
    assert [a.name for a in precision.POOL_H9] == sorted(rest) == list(precision.H9_QUALIFIED)
    assert precision.DRAW_SEEDS["H9"] == precision.H9_SEED
    assert not {a.name for a in precision.POOL_H9} & {a.name for a in precision.POOL_H8}


def test_h10_is_the_seeded_draw_from_a_fresh_candidate_list():
    """H10's candidates were written down before any download (committed before the first
    download): none was in an earlier pool, candidate list or rejection list; every candidate
    is qualified or rejected with a reason, and the pool is the seeded draw of the qualified."""
    earlier: set[str] = {
        a.name
        for s, apps in precision.sets().items()
        if s not in ("H10", "H11", "H12", "H13")
        for a in apps
    }
    earlier |= set(precision.H3_QUALIFIED) | set(precision.H3_REJECTED)
    earlier |= set(precision.H4_QUALIFIED) | set(precision.H4_REJECTED)
    earlier |= set(precision.H8_CANDIDATES)
    assert not set(precision.H10_CANDIDATES) & earlier
    assert set(precision.H10_QUALIFIED) | set(precision.H10_REJECTED) == set(
        precision.H10_CANDIDATES
    )
    assert not set(precision.H10_QUALIFIED) & set(precision.H10_REJECTED)
    drawn = precision.draw(precision.H10_QUALIFIED, precision.H10_SEED, precision.H10_SIZE)
    assert drawn == [a.name for a in precision.POOL_H10]
    assert precision.DRAW_SEEDS["H10"] == precision.H10_SEED
    text = precision.render_section(precision.sets(), [], seed=1)
    assert f"seed **{precision.H10_SEED}**" in text
    assert "| H10 | cheshire-cat-ai | cheshire-cat-ai 2.0.23 | `cat` |" in text


def test_h11_is_the_rest_of_h10s_qualified_candidates():
    """H11 is every qualified H10 candidate not drawn for H10 (no draw: all of them)."""
    rest = set(precision.H10_QUALIFIED) - {a.name for a in precision.POOL_H10}
    assert [a.name for a in precision.POOL_H11] == sorted(rest) == list(precision.H11_QUALIFIED)
    assert precision.DRAW_SEEDS["H11"] == precision.H11_SEED
    assert not {a.name for a in precision.POOL_H11} & {a.name for a in precision.POOL_H10}


def test_h12_is_the_seeded_draw_from_a_fresh_candidate_list():
    """H12's candidates were written down (and committed) before any download: none was in an
    earlier pool, candidate list or rejection list; every candidate is qualified or rejected with
    a reason, and the pool is the seeded draw of the qualified."""
    earlier_sets = [apps for s, apps in precision.sets().items() if s not in ("H12", "H13")]
    earlier: set[str] = {a.name for apps in earlier_sets for a in apps}
    earlier |= {a.dist for apps in earlier_sets for a in apps}
    earlier |= set(precision.H3_QUALIFIED) | set(precision.H3_REJECTED)
    earlier |= set(precision.H4_QUALIFIED) | set(precision.H4_REJECTED)
    earlier |= set(precision.H8_CANDIDATES) | set(precision.H10_CANDIDATES)
    assert len(precision.H12_CANDIDATES) == 30
    assert not set(precision.H12_CANDIDATES) & earlier
    assert set(precision.H12_QUALIFIED) | set(precision.H12_REJECTED) == set(
        precision.H12_CANDIDATES
    )
    assert not set(precision.H12_QUALIFIED) & set(precision.H12_REJECTED)
    drawn = precision.draw(precision.H12_QUALIFIED, precision.H12_SEED, precision.H12_SIZE)
    assert drawn == [a.name for a in precision.POOL_H12]
    assert precision.DRAW_SEEDS["H12"] == precision.H12_SEED
    text = precision.render_section(precision.sets(), [], seed=1)
    assert f"seed **{precision.H12_SEED}**" in text
    assert "| H12 | cashu | cashu 0.21.0 | `cashu` |" in text


def test_h13_is_the_rest_of_h12s_qualified_candidates():
    """H13 is every qualified H12 candidate not drawn for H12 (no draw: all of them)."""
    rest = set(precision.H12_QUALIFIED) - {a.name for a in precision.POOL_H12}
    assert [a.name for a in precision.POOL_H13] == sorted(rest) == list(precision.H13_QUALIFIED)
    assert precision.DRAW_SEEDS["H13"] == precision.H13_SEED
    assert not {a.name for a in precision.POOL_H13} & {a.name for a in precision.POOL_H12}


def test_h14_candidates_were_fresh_when_written():
    """H14's candidates were written down (and committed) before any download: 30 distributions,
    none in an earlier pool, candidate list or rejection list, sorted, with their own seed."""
    earlier_sets = [apps for s, apps in precision.sets().items() if s not in ("H14", "H15")]
    earlier: set[str] = {a.name for apps in earlier_sets for a in apps}
    earlier |= {a.dist for apps in earlier_sets for a in apps}
    earlier |= set(precision.H3_QUALIFIED) | set(precision.H3_REJECTED)
    earlier |= set(precision.H4_QUALIFIED) | set(precision.H4_REJECTED)
    earlier |= set(precision.H8_CANDIDATES) | set(precision.H10_CANDIDATES)
    earlier |= set(precision.H12_CANDIDATES)
    assert len(set(precision.H14_CANDIDATES)) == 30
    assert list(precision.H14_CANDIDATES) == sorted(precision.H14_CANDIDATES)
    assert not set(precision.H14_CANDIDATES) & earlier
    assert not set(precision.H14_CANDIDATES) & {a.dist for a in precision._old_apps()}
    assert "dagster-webserver" not in precision.H14_CANDIDATES
    earlier_seeds = {v for k, v in precision.DRAW_SEEDS.items() if k not in ("H14", "H15")}
    assert precision.H14_SEED not in earlier_seeds | {precision.SEED}


def test_h14_is_the_seeded_draw_of_its_qualified_candidates_and_h15_the_rest():
    """Every H14 candidate is qualified or rejected with a reason; H14 is the seeded draw of the
    qualified, H15 every qualified candidate not drawn (no draw: all of them)."""
    assert set(precision.H14_QUALIFIED) | set(precision.H14_REJECTED) == set(
        precision.H14_CANDIDATES
    )
    assert not set(precision.H14_QUALIFIED) & set(precision.H14_REJECTED)
    assert all(precision.H14_REJECTED.values())
    drawn = precision.draw(precision.H14_QUALIFIED, precision.H14_SEED, precision.H14_SIZE)
    assert drawn == [a.name for a in precision.POOL_H14]
    rest = set(precision.H14_QUALIFIED) - set(drawn)
    assert [a.name for a in precision.POOL_H15] == sorted(rest) == list(precision.H15_QUALIFIED)
    assert precision.DRAW_SEEDS["H14"] == precision.H14_SEED
    text = precision.render_section(precision.sets(), [], seed=1)
    assert f"seed **{precision.H14_SEED}**" in text
    assert "| H14 | fal | fal 1.83.0 | `fal` |" in text


def _real_apps_dists() -> set[str]:
    spec = importlib.util.spec_from_file_location(
        "real_apps_benchmark", ROOT / "benchmarks" / "real_apps.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {dist for _, dist, _, _ in module.APPS} | {name for name, _, _, _ in module.APPS}


def test_h16_candidates_were_fresh_when_written():
    """H16's candidates were written down (and committed) before any download: 30 distributions,
    none in an earlier pool, candidate list or rejection list, nor a benchmark application,
    sorted, with their own seed."""
    earlier_sets = [apps for s, apps in precision.sets().items() if s not in ("H16", "H17")]
    earlier: set[str] = {a.name for apps in earlier_sets for a in apps}
    earlier |= {a.dist for apps in earlier_sets for a in apps}
    earlier |= set(precision.H3_QUALIFIED) | set(precision.H3_REJECTED)
    earlier |= set(precision.H4_QUALIFIED) | set(precision.H4_REJECTED)
    earlier |= set(precision.H8_CANDIDATES) | set(precision.H10_CANDIDATES)
    earlier |= set(precision.H12_CANDIDATES) | set(precision.H14_CANDIDATES)
    earlier |= {a.dist for a in precision._old_apps()} | _real_apps_dists()
    assert len(set(precision.H16_CANDIDATES)) == 30
    assert list(precision.H16_CANDIDATES) == sorted(precision.H16_CANDIDATES)
    assert not set(precision.H16_CANDIDATES) & earlier
    assert "dagster-webserver" not in precision.H16_CANDIDATES
    earlier_seeds = {v for k, v in precision.DRAW_SEEDS.items() if k not in ("H16", "H17")}
    assert precision.H16_SEED not in earlier_seeds | {precision.SEED}


def test_h16_is_the_seeded_draw_of_its_qualified_candidates_and_h17_the_rest():
    """Every H16 candidate is qualified or rejected with a reason; H16 is the seeded draw of the
    qualified, H17 every qualified candidate not drawn (no draw: all of them)."""
    assert set(precision.H16_QUALIFIED) | set(precision.H16_REJECTED) == set(
        precision.H16_CANDIDATES
    )
    assert not set(precision.H16_QUALIFIED) & set(precision.H16_REJECTED)
    assert list(precision.H16_QUALIFIED) == sorted(precision.H16_QUALIFIED)
    assert all(precision.H16_REJECTED.values())
    drawn = precision.draw(precision.H16_QUALIFIED, precision.H16_SEED, precision.H16_SIZE)
    assert drawn == [a.name for a in precision.POOL_H16]
    rest = set(precision.H16_QUALIFIED) - set(drawn)
    assert [a.name for a in precision.POOL_H17] == sorted(rest) == list(precision.H17_QUALIFIED)
    assert len(precision.POOL_H17) == precision.H17_SIZE
    assert precision.DRAW_SEEDS["H16"] == precision.H16_SEED
    assert precision.DRAW_SEEDS["H17"] == precision.H17_SEED
    assert precision.H17_SEED not in {v for k, v in precision.DRAW_SEEDS.items() if k != "H17"}
    text = precision.render_section(precision.sets(), [], seed=1)
    assert f"seed **{precision.H16_SEED}**" in text
    assert "| H16 | ethyca-fides | ethyca-fides 2.86.2 | `fides` |" in text
    assert "| H17 | mlem | mlem 0.4.14 | `mlem` |" in text


def test_h18_candidates_were_fresh_when_written():
    """H18's candidates were drawn and committed before any download: 60 distributions, none in
    an earlier pool, candidate list or rejection list, nor a benchmark application, sorted, with
    seeds of their own."""
    earlier_sets = [apps for s, apps in precision.sets().items() if s not in ("H18", "H19")]
    earlier: set[str] = {a.name for apps in earlier_sets for a in apps}
    earlier |= {a.dist for apps in earlier_sets for a in apps}
    for name in dir(precision):
        if name.endswith(("_QUALIFIED", "_REJECTED", "_CANDIDATES")) and not name.startswith(
            ("H18", "H19")
        ):
            earlier |= set(getattr(precision, name))
    earlier |= {a.dist for a in precision._old_apps()} | _real_apps_dists()
    assert len(set(precision.H18_CANDIDATES)) == 60
    assert list(precision.H18_CANDIDATES) == sorted(precision.H18_CANDIDATES)
    assert not set(precision.H18_CANDIDATES) & earlier
    assert "dagster-webserver" not in precision.H18_CANDIDATES
    seeds = {v for k, v in precision.DRAW_SEEDS.items() if k not in ("H18", "H19")}
    seeds |= {precision.SEED}
    assert precision.H18_SEED not in seeds
    assert precision.H18_CANDIDATE_SEED not in seeds | {precision.H18_SEED}


def test_h18_is_the_seeded_draw_of_its_qualified_candidates_and_h19_the_rest():
    qualified = set(precision.H18_QUALIFIED)
    assert qualified <= set(precision.H18_CANDIDATES)
    assert set(precision.H18_REJECTED) == set(precision.H18_CANDIDATES) - qualified
    drawn = [a.name for a in precision.POOL_H18]
    assert drawn == precision.draw(qualified, precision.H18_SEED, precision.H18_SIZE)
    assert {a.name for a in precision.POOL_H19} == qualified - set(drawn)
    assert precision.sets()["H18"] == precision.POOL_H18


def _number(set_name: str) -> int:
    return int(set_name[1:]) if set_name[1:].isdigit() else 0


def test_h20_candidates_were_fresh_when_written():
    """H20's candidates were drawn by H18's rule and committed before any download: 120
    distributions, none in an earlier set, candidate, qualified or rejection list, nor a benchmark
    application, sorted, with seeds of their own."""
    earlier_sets = [apps for s, apps in precision.sets().items() if _number(s) < 20]
    earlier: set[str] = {a.name for apps in earlier_sets for a in apps}
    earlier |= {a.dist for apps in earlier_sets for a in apps}
    for name in dir(precision):
        if name.endswith(("_QUALIFIED", "_REJECTED", "_CANDIDATES")) and not name.startswith(
            ("H20", "H21")
        ):
            earlier |= set(getattr(precision, name))
    earlier |= {a.dist for a in precision._old_apps()} | _real_apps_dists()
    assert len(set(precision.H20_CANDIDATES)) == 120
    assert list(precision.H20_CANDIDATES) == sorted(precision.H20_CANDIDATES)
    assert not set(precision.H20_CANDIDATES) & earlier
    assert "dagster-webserver" not in precision.H20_CANDIDATES
    seeds = {v for k, v in precision.DRAW_SEEDS.items() if k not in ("H20", "H21")}
    seeds |= {precision.SEED, precision.H18_CANDIDATE_SEED}
    assert precision.H20_CANDIDATE_SEED not in seeds
    assert precision.H20_SEED not in seeds | {precision.H20_CANDIDATE_SEED}
    assert precision.H21_SEED not in seeds | {precision.H20_CANDIDATE_SEED, precision.H20_SEED}


def test_h20_is_the_seeded_draw_of_its_qualified_candidates_and_h21_the_rest():
    qualified = set(precision.H20_QUALIFIED)
    assert qualified <= set(precision.H20_CANDIDATES)
    assert set(precision.H20_REJECTED) == set(precision.H20_CANDIDATES) - qualified
    drawn = [a.name for a in precision.POOL_H20]
    assert drawn == precision.draw(qualified, precision.H20_SEED, precision.H20_SIZE)
    assert {a.name for a in precision.POOL_H21} == qualified - set(drawn)
    assert precision.sets()["H20"] == precision.POOL_H20
    assert precision.sets()["H21"] == precision.POOL_H21


def _h22_candidates() -> dict:
    return json.loads((ROOT / "docs" / "precision" / "candidates-H22-2026-12-06.json").read_text())


def test_h22_candidates_were_fresh_when_written():
    """H22's 800 candidates (an error census) were drawn by H20's rule with a seed of their own
    and committed before any download: none in an earlier set or list, none a benchmark app."""
    data = _h22_candidates()
    names = [c["name"] for c in data["candidates"]]
    assert len(set(names)) == data["size"] == 800 and names == sorted(names)
    earlier_sets = [apps for s, apps in precision.sets().items() if s != "H23"]
    earlier: set[str] = {a.name for apps in earlier_sets for a in apps}
    earlier |= {a.dist for apps in earlier_sets for a in apps}
    for name in dir(precision):
        if name.endswith(("_QUALIFIED", "_REJECTED", "_CANDIDATES")):
            earlier |= set(getattr(precision, name))
    earlier |= {a.dist for a in precision._old_apps()} | _real_apps_dists()
    assert not set(names) & earlier
    seeds = {v for k, v in precision.DRAW_SEEDS.items() if k != "H23"}
    seeds |= {precision.SEED, precision.H18_CANDIDATE_SEED, precision.H20_CANDIDATE_SEED}
    assert data["seed"] == precision.H22_SEED and precision.H22_SEED not in seeds
    assert precision.H23_SEED not in seeds | {precision.H22_SEED}
    second = json.loads(
        (ROOT / "docs" / "precision" / "candidates-H22b-2026-12-06.json").read_text()
    )
    more = [c["name"] for c in second["candidates"]]
    assert len(set(more)) == second["size"] == 800 and more == sorted(more)
    assert not set(more) & (earlier | set(names) | {a.name for a in precision.POOL_H23})
    assert second["seed"] not in seeds | {precision.H22_SEED, precision.H23_SEED}
    rest = json.loads((ROOT / "docs" / "precision" / "candidates-H22c-2026-12-06.json").read_text())
    last = [c["name"] for c in rest["candidates"]]
    assert len(set(last)) == rest["size"] == rest["population"] and last == sorted(last)
    assert not set(last) & (earlier | set(names) | set(more) | {a.name for a in precision.POOL_H23})


def test_h23_is_the_seeded_draw_of_the_h22_candidates_its_rule_qualifies():
    qualified = json.loads(
        (ROOT / "docs" / "precision" / "qualified-H23-2026-12-06.json").read_text()
    )
    by_name = {c["name"]: c for c in qualified["candidates"]}
    assert set(by_name) == {c["name"] for c in _h22_candidates()["candidates"]}
    for c in by_name.values():  # the rule, applied to the recorded measures
        ruled = c.get("why") != "no wheel" and c["fastapi_modules"] >= 3 and c["routes"] >= 1
        assert c["qualified"] == ruled, c["name"]
    names = sorted(n for n, c in by_name.items() if c["qualified"])
    assert qualified["qualified"] == len(names)
    drawn = [a.name for a in precision.POOL_H23]
    assert drawn == qualified["drawn"] == precision.draw(names, precision.H23_SEED, 12)
    assert all(
        a.folder == "" and a.version == by_name[a.name]["version"] for a in precision.POOL_H23
    )
    assert precision.sets()["H23"] == precision.POOL_H23


def _census_report(findings: list[dict], files: int = 3) -> str:
    return json.dumps({"summary": {"python_files": files}, "findings": findings})


def _census_finding(check: str, severity: str, line: int) -> dict:
    return {
        "check_id": check,
        "severity": severity,
        "path": "app.py",
        "line": line,
        "message": f"{check} at {line}",
        "confidence": "high",
    }


def test_a_census_keeps_every_finding_at_its_severity_and_counts_candidates_without_reports(
    tmp_path: Path,
):
    (tmp_path / "reports").mkdir()
    apps = [App(n, n, "1.0", "") for n in ("a", "b", "c")]
    (tmp_path / "reports" / "a.json").write_text(
        _census_report(
            [
                _census_finding("ASY001", "error", 3),
                _census_finding("RTE004", "info", 4),
                _census_finding("SEC001", "error", 1),
            ]
        )
    )
    (tmp_path / "reports" / "b.json").write_text(
        _census_report([_census_finding("DEP001", "warning", 9)])
    )
    rows, counts = precision.census_rows(tmp_path, apps)
    assert [(r["app"], r["check"], r["line"]) for r in rows] == [
        ("a", "SEC001", "1"),
        ("a", "ASY001", "3"),
    ]
    assert counts["without_report"] == ["c"]
    assert counts["audited"]["a"]["error"] == 2 and counts["audited"]["b"]["error"] == 0


def test_a_census_renders_its_precision_per_check_and_every_false_census_finding(tmp_path: Path):
    (tmp_path / "candidates-H99-2026-01-01.json").write_text(
        json.dumps({"seed": 5, "population": 40, "size": 3, "candidates": []})
    )
    rows = [
        {
            "app": "a",
            "path": "app.py",
            "line": "1",
            "check": "SEC001",
            "severity": "error",
            "confidence": "high",
            "message": "m",
            "verdict": "true",
            "root_cause": "",
            "reason": "r",
        },
        {
            "app": "a",
            "path": "app.py",
            "line": "3",
            "check": "ASY001",
            "severity": "error",
            "confidence": "high",
            "message": "m",
            "verdict": "false",
            "root_cause": "reachability",
            "reason": "only the CLI calls it",
        },
        {
            "app": "b",
            "path": "x.py",
            "line": "2",
            "check": "ASY001",
            "severity": "error",
            "confidence": "high",
            "message": "m",
            "verdict": "",
            "root_cause": "",
            "reason": "",
        },
    ]
    sheet = tmp_path / "census-H99-2026-01-01.csv"
    precision.write_csv(sheet, rows, precision.CENSUS_COLUMNS)
    (tmp_path / "census-H99-2026-01-01-counts.json").write_text(
        json.dumps(
            {
                "severity": "error",
                "auditor": "abc1234",
                "without_report": ["c"],
                "audited": {"a": {"error": 2}, "b": {"error": 1}},
            }
        )
    )
    text = "\n".join(precision.census_lines(tmp_path))
    assert "### Census H99: every finding at error severity" in text
    assert "3 candidates drawn with seed **5** from a population of 40" in text
    assert "2 audited whole" in text and "1 without a report" in text
    assert "3 findings at error in 2 applications" in text
    assert "at error severity: 1 of 2 true: **50%**" in text
    assert "- 1 not judged" in text
    assert "`severity`" not in text  # no true row carries a note here
    assert "| ASY001 | 0 | 1 |" in text and "| SEC001 | 1 | 0 |" in text
    assert "- a `app.py:3` ASY001 (reachability): only the CLI calls it" in text
    assert precision.load_judged(tmp_path) == []  # a census is not a stratified set's sheet


def test_two_censuses_at_one_severity_are_also_counted_together(tmp_path: Path):
    for name, verdicts in (("H98", ["true", "true"]), ("H98b", ["false"])):
        rows = [
            {
                "app": f"a{i}",
                "path": "app.py",
                "line": "1",
                "check": "ASY001",
                "severity": "error",
                "confidence": "high",
                "message": "m",
                "verdict": v,
                "root_cause": "reachability" if v == "false" else "",
                "reason": "r",
            }
            for i, v in enumerate(verdicts)
        ]
        precision.write_csv(
            tmp_path / f"census-{name}-2026-01-01.csv", rows, precision.CENSUS_COLUMNS
        )
        (tmp_path / f"census-{name}-2026-01-01-counts.json").write_text(
            json.dumps(
                {
                    "severity": "error",
                    "auditor": "abc",
                    "without_report": [],
                    "audited": {f"a{i}": {"error": 1} for i in range(len(verdicts))},
                }
            )
        )
    text = "\n".join(precision.census_lines(tmp_path))
    assert "### Census H98:" in text and "### Census H98b:" in text
    assert "All censuses together, at error severity: 2 of 3 true" in text


def test_h28_h29_and_h31_are_seeded_draws_from_h27s_qualified_candidates():
    """H28, H29 and H31 are reproducible from the committed qualification of H26's candidates: each
    draws 12 of what the sets before it left, with its own seed."""
    path = ROOT / "docs/precision/qualified-H27-2026-12-06.json"
    qualified = {c["name"] for c in json.loads(path.read_text())["candidates"] if c["qualified"]}
    left = qualified - {a.name for a in precision.POOL_H27} - set(precision.H28_EXCLUDED)
    assert precision.draw(left, precision.H28_SEED, 12) == [a.name for a in precision.POOL_H28]
    left -= {a.name for a in precision.POOL_H28}
    assert len(left) == 40
    assert precision.draw(left, precision.H29_SEED, 12) == [a.name for a in precision.POOL_H29]
    assert precision.DRAW_SEEDS["H29"] == precision.H29_SEED
    left -= {a.name for a in precision.POOL_H29}
    assert len(left) == 28
    assert precision.draw(left, precision.H31_SEED, 12) == [a.name for a in precision.POOL_H31]


def test_h32_is_the_seeded_draw_from_h30s_qualified_candidates():
    data = json.loads((ROOT / "docs/precision/qualified-H32-2026-12-06.json").read_text())
    qualified = [c["name"] for c in data["candidates"] if c["qualified"]]
    assert len(qualified) == data["qualified"] == 70
    assert precision.draw(qualified, precision.H32_SEED, 8) == [a.name for a in precision.POOL_H32]
    assert precision.DRAW_SEEDS["H32"] == precision.H32_SEED


def test_h39_is_the_seeded_draw_from_its_own_populations_qualified_candidates():
    population = json.loads((ROOT / "docs/precision/candidates-H39-2026-12-06.json").read_text())
    data = json.loads((ROOT / "docs/precision/qualified-H39-2026-12-06.json").read_text())
    assert population["seed"] == data["seed"] == precision.H39_SEED
    assert {c["name"] for c in data["candidates"]} == {c["name"] for c in population["candidates"]}
    qualified = [c["name"] for c in data["candidates"] if c["qualified"]]
    assert len(qualified) == data["qualified"] == 113
    assert precision.draw(qualified, precision.H39_SEED, 10) == [a.name for a in precision.POOL_H39]
    assert data["drawn"] == [a.name for a in precision.POOL_H39]
    assert precision.DRAW_SEEDS["H39"] == precision.H39_SEED
    versions = {c["name"]: c["version"] for c in population["candidates"]}
    assert all(a.version == versions[a.name] for a in precision.POOL_H39)
    earlier = {
        a.name
        for s, a in precision.select("all")
        if s not in ("H39", "H40", "H41", "H42", "H43", "H44", "H45", "H46", "H47", "H48", "H49")
    }
    assert not earlier & set(qualified)
    left = set(qualified) - {a.name for a in precision.POOL_H39} - set(precision.H39_SIBLINGS)
    # each later set: what was left out before its draw, and how many candidates it drew from
    for name, left_out, size in (
        ("H40", (), 103),
        ("H41", (), 93),
        ("H42", (), 83),
        ("H43", precision.H42_SIBLINGS, 72),
        ("H44", (), 62),
        ("H45", (), 52),
        ("H46", precision.H46_FORKS, 41),
        ("H47", (), 31),
        ("H48", (), 21),
        ("H49", (), 11),
    ):
        seed = getattr(precision, f"{name}_SEED")
        if name == "H46":  # the seeded draw first listed a repackaging `forks` found
            assert precision.draw(left, seed, 10)[7] == "retrokix"
        left -= set(left_out)
        assert len(left) == size
        pool = precision.sets()[name]
        assert precision.draw(left, seed, 10) == [a.name for a in pool]
        assert precision.DRAW_SEEDS[name] == seed
        assert all(a.version == versions[a.name] for a in pool)
        left -= {a.name for a in pool}


def test_h50_is_the_seeded_draw_from_its_own_populations_qualified_candidates():
    population = json.loads((ROOT / "docs/precision/candidates-H50-2026-12-07.json").read_text())
    data = json.loads((ROOT / "docs/precision/qualified-H50-2026-12-07.json").read_text())
    assert population["seed"] == data["seed"] == precision.H50_SEED
    assert population["size"] == len(population["candidates"]) == 337
    assert [c["name"] for c in data["candidates"]] == [c["name"] for c in population["candidates"]]
    qualified = [c["name"] for c in data["candidates"] if c["qualified"]]
    assert len(qualified) == data["qualified"] == 109
    assert precision.draw(qualified, precision.H50_SEED, 10) == [a.name for a in precision.POOL_H50]
    assert data["drawn"] == [a.name for a in precision.POOL_H50]
    assert precision.DRAW_SEEDS["H50"] == precision.H50_SEED
    versions = {c["name"]: c["version"] for c in population["candidates"]}
    assert all(a.version == versions[a.name] for a in precision.POOL_H50)
    # H51: the next draw from what H50 left
    left = set(qualified) - {a.name for a in precision.POOL_H50}
    assert len(left) == 99
    assert precision.draw(left, precision.H51_SEED, 10) == [a.name for a in precision.POOL_H51]
    assert precision.DRAW_SEEDS["H51"] == precision.H51_SEED
    assert all(a.version == versions[a.name] for a in precision.POOL_H51)
    left -= {a.name for a in precision.POOL_H51}
    assert len(left) == 89
    assert precision.draw(left, precision.H52_SEED, 10) == [a.name for a in precision.POOL_H52]
    assert precision.DRAW_SEEDS["H52"] == precision.H52_SEED
    assert all(a.version == versions[a.name] for a in precision.POOL_H52)
    left -= {a.name for a in precision.POOL_H52}
    assert len(left) == 79
    assert precision.draw(left, precision.H53_SEED, 10) == [a.name for a in precision.POOL_H53]
    assert precision.DRAW_SEEDS["H53"] == precision.H53_SEED
    assert all(a.version == versions[a.name] for a in precision.POOL_H53)
    left -= {a.name for a in precision.POOL_H53}
    assert len(left) == 69
    assert precision.draw(left, precision.H54_SEED, 10) == [a.name for a in precision.POOL_H54]
    assert precision.DRAW_SEEDS["H54"] == precision.H54_SEED
    assert all(a.version == versions[a.name] for a in precision.POOL_H54)
    left -= {a.name for a in precision.POOL_H54}
    assert len(left) == 59
    assert precision.draw(left, precision.H55_SEED, 10) == [a.name for a in precision.POOL_H55]
    assert precision.DRAW_SEEDS["H55"] == precision.H55_SEED
    assert all(a.version == versions[a.name] for a in precision.POOL_H55)
    left -= {a.name for a in precision.POOL_H55}
    assert len(left) == 49
    assert precision.draw(left, precision.H56_SEED, 10) == [a.name for a in precision.POOL_H56]
    assert precision.DRAW_SEEDS["H56"] == precision.H56_SEED
    assert all(a.version == versions[a.name] for a in precision.POOL_H56)
    left -= {a.name for a in precision.POOL_H56}
    assert len(left) == 39
    assert precision.draw(left, precision.H57_SEED, 10) == [a.name for a in precision.POOL_H57]
    assert precision.DRAW_SEEDS["H57"] == precision.H57_SEED
    assert all(a.version == versions[a.name] for a in precision.POOL_H57)
    left -= {a.name for a in precision.POOL_H57}
    assert len(left) == 29
    # the seeded draw first listed a repackaging `forks` found; it is left out and drawn again
    assert precision.draw(left, precision.H58_SEED, 10)[0] == "cursor-feedback-mcp"
    left.discard("cursor-feedback-mcp")
    assert precision.draw(left, precision.H58_SEED, 10)[2] == "leo-feedback-mcp"
    left -= set(precision.H58_FORKS)
    assert len(left) == 27
    assert precision.draw(left, precision.H58_SEED, 10) == [a.name for a in precision.POOL_H58]
    assert precision.DRAW_SEEDS["H58"] == precision.H58_SEED
    assert all(a.version == versions[a.name] for a in precision.POOL_H58)
    left -= {a.name for a in precision.POOL_H58}
    assert len(left) == 17
    assert precision.draw(left, precision.H59_SEED, 10) == [a.name for a in precision.POOL_H59]
    assert precision.DRAW_SEEDS["H59"] == precision.H59_SEED
    assert all(a.version == versions[a.name] for a in precision.POOL_H59)
    # H60: the population's last candidates, all of them
    left -= {a.name for a in precision.POOL_H59}
    assert len(left) == 7
    assert precision.draw(left, precision.H60_SEED, 10) == [a.name for a in precision.POOL_H60]
    assert precision.DRAW_SEEDS["H60"] == precision.H60_SEED
    assert all(a.version == versions[a.name] for a in precision.POOL_H60)
    # no candidate of the population is an earlier set's application, under any spelling
    earlier = {
        a.dist
        for s, a in precision.select("all")
        if s
        not in (
            "H50",
            "H51",
            "H52",
            "H53",
            "H54",
            "H55",
            "H56",
            "H57",
            "H58",
            "H59",
            "H60",
            "H61",
            "H62",
            "H63",
            "H64",
            "H65",
            "H66",
            "H67",
            "H68",
            "H69",
            "H70",
            "H71",
        )
    }

    def squashed(name: str) -> str:
        return re.sub(r"[-_.]", "", name.lower())

    def extends(a: str, b: str) -> bool:
        return a.startswith(b + "-") or b.startswith(a + "-")

    assert not [
        n
        for n in versions
        if any(squashed(n) == squashed(e) or extends(n.lower(), e.lower()) for e in earlier)
    ]


def test_h61s_population_is_drawn_from_what_no_earlier_list_holds():
    """H61's population (4,000 drawn of 25,415 by H50's summary rule) was written before any
    look-up or download: its seed is its own, and no drawn name is in an earlier set, list or
    candidate file (H50's 337 included), under any spelling.  No set is drawn here."""
    data = json.loads((ROOT / "docs/precision/drawn-H61-2026-12-07.json").read_text())
    assert data["set"] == "H61" and data["seed"] == precision.H61_POP_SEED
    assert data["population"] == 25415 and data["drawn"] == len(data["names"]) == 4000
    assert data["kept"] is None  # the metadata filter is still to do
    for phrase in ("does not mention FastAPI", "H26's expression", "candidates-H50", "4,000"):
        assert phrase in data["rule"]
    names = [c["name"] for c in data["names"]]
    assert names == sorted(set(names))
    seeds = set(precision.DRAW_SEEDS.values()) | {precision.SEED, precision.H22_SEED}
    assert precision.H61_POP_SEED not in seeds

    def normal(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    later = ("H61", "H62", "H63", "H64", "H65", "H66", "H67")  # drawn from this population
    earlier = {n for s, a in precision.select("all") if s not in later for n in (a.name, a.dist)}
    earlier |= {a.dist for a in precision._old_apps()} | _real_apps_dists()
    for name in dir(precision):
        if name.startswith(("H61_", "H64_")):
            continue
        if name.endswith(("_QUALIFIED", "_REJECTED", "_CANDIDATES", "_EXCLUDED", "_FORKS")):
            earlier |= set(getattr(precision, name))
    for path in (ROOT / "docs/precision").glob("*-H*-*.json"):
        if path.name.startswith(("candidates-", "qualified-")) and "-H61-" not in path.name:
            listed = json.loads(path.read_text()).get("candidates", [])
            earlier |= {c["name"] if isinstance(c, dict) else c for c in listed}
    assert len(earlier) > 4000
    assert not {normal(n) for n in names} & {normal(n) for n in earlier}


def test_h61_is_the_seeded_draw_from_its_populations_qualified_candidates():
    """candidates-H61 keeps, in the draw's order, the drawn names whose metadata requires
    FastAPI; qualified-H61 judges each of them by H23's rule; H61 is the seeded draw of the
    qualified less the one name that extends an earlier set's application's name."""
    drawn = json.loads((ROOT / "docs/precision/drawn-H61-2026-12-07.json").read_text())
    population = json.loads((ROOT / "docs/precision/candidates-H61-2026-12-07.json").read_text())
    data = json.loads((ROOT / "docs/precision/qualified-H61-2026-12-07.json").read_text())
    assert population["seed"] == drawn["seed"] == precision.H61_POP_SEED
    assert data["seed"] == precision.H61_SEED == precision.DRAW_SEEDS["H61"]
    assert population["size"] == len(population["candidates"]) == 263
    order = [n["name"] for n in drawn["names"]]
    kept = [c["name"] for c in population["candidates"]]
    assert set(kept) <= set(order)
    assert kept == [n for n in order if n in set(kept)]
    assert [c["name"] for c in data["candidates"]] == kept
    qualified = [c["name"] for c in data["candidates"] if c["qualified"]]
    assert len(qualified) == data["qualified"] == 83
    for c in data["candidates"]:
        if "error" in c:
            assert not c["qualified"]
        else:
            assert c["qualified"] == (c["fastapi_modules"] >= 3 and c["routes"] >= 1)
    earlier = {
        a.dist
        for s, a in precision.select("all")
        if s not in ("H61", "H62", "H63", "H64", "H65", "H66", "H67")
    }

    def squashed(name: str) -> str:
        return re.sub(r"[-_.]", "", name.lower())

    def extends(a: str, b: str) -> bool:
        return a.startswith(b + "-") or b.startswith(a + "-")

    clashes = [
        n
        for n in qualified
        if any(squashed(n) == squashed(e) or extends(n.lower(), e.lower()) for e in earlier)
    ]
    assert clashes == ["langflow-base-nightly"]
    left = [n for n in qualified if n not in clashes]
    assert precision.draw(left, precision.H61_SEED, 10) == [a.name for a in precision.POOL_H61]
    assert data["drawn"] == [a.name for a in precision.POOL_H61]
    versions = {c["name"]: c["version"] for c in population["candidates"]}
    assert all(a.version == versions[a.name] for a in precision.POOL_H61)
    # H62 and H63: the next draws from what H61 left, less the repackagings
    assert not set(precision.H61_FORKS) & {a.name for a in precision.POOL_H61}
    assert set(precision.H61_FORKS) <= set(left)
    rest = set(left) - {a.name for a in precision.POOL_H61} - set(precision.H61_FORKS)
    assert len(rest) == 64
    for name, seed in (("H62", precision.H62_SEED), ("H63", precision.H63_SEED)):
        pool = precision.sets()[name]
        assert precision.draw(rest, seed, 10) == [a.name for a in pool]
        assert precision.DRAW_SEEDS[name] == seed
        assert all(a.version == versions[a.name] for a in pool)
        rest -= {a.name for a in pool}
    assert len(rest) == 44
    # H64 and H65: the next draws, less the one copy of another candidate (H64_FORKS)
    assert set(precision.H64_FORKS) <= rest
    rest -= set(precision.H64_FORKS)
    assert len(rest) == 43
    for name, seed in (("H64", precision.H64_SEED), ("H65", precision.H65_SEED)):
        pool = precision.sets()[name]
        assert precision.draw(rest, seed, 10) == [a.name for a in pool]
        assert precision.DRAW_SEEDS[name] == seed
        assert all(a.version == versions[a.name] for a in pool)
        rest -= {a.name for a in pool}
    assert len(rest) == 23
    # H66 and H67: the next draws (no copy found among the 23 before them)
    for name, seed in (("H66", precision.H66_SEED), ("H67", precision.H67_SEED)):
        pool = precision.sets()[name]
        assert precision.draw(rest, seed, 10) == [a.name for a in pool]
        assert precision.DRAW_SEEDS[name] == seed
        assert all(a.version == versions[a.name] for a in pool)
        rest -= {a.name for a in pool}
    assert len(rest) == 3


def test_h68s_population_is_drawn_from_what_no_earlier_list_holds():
    """H68's population (4,000 drawn of 21,415: H61's summary rule less every earlier list and
    all 4,000 names H61's population drew) was written before any look-up or download, with a
    seed of its own; no drawn name is in an earlier set, list, candidate or drawn file."""
    data = json.loads((ROOT / "docs/precision/drawn-H68-2026-12-07.json").read_text())
    h61 = json.loads((ROOT / "docs/precision/drawn-H61-2026-12-07.json").read_text())
    assert data["set"] == "H68" and data["seed"] == precision.H68_POP_SEED
    assert data["population"] == h61["population"] - h61["drawn"] == 21415
    assert data["drawn"] == len(data["names"]) == 4000 and data["kept"] is None
    for phrase in ("does not mention FastAPI", "H26's expression", "drawn-*.json", "4,000"):
        assert phrase in data["rule"]
    names = [c["name"] for c in data["names"]]
    assert names == sorted(set(names))
    seeds = set(precision.DRAW_SEEDS.values()) | {precision.SEED, precision.H22_SEED}
    assert precision.H68_POP_SEED not in seeds | {precision.H61_POP_SEED}

    def normal(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    later = ("H68", "H69", "H70", "H71")  # drawn from this population
    earlier = {n for s, a in precision.select("all") if s not in later for n in (a.name, a.dist)}
    earlier |= {a.dist for a in precision._old_apps()} | _real_apps_dists()
    for name in dir(precision):
        if name.startswith("H68_"):
            continue
        if name.endswith(("_QUALIFIED", "_REJECTED", "_CANDIDATES", "_EXCLUDED", "_FORKS")):
            earlier |= set(getattr(precision, name))
    for path in (ROOT / "docs/precision").glob("*-H*-*.json"):
        if (
            path.name.startswith(("candidates-", "qualified-", "drawn-"))
            and "-H68-" not in path.name
        ):
            data_ = json.loads(path.read_text())
            listed = data_.get("candidates", []) + data_.get("names", [])
            earlier |= {c["name"] if isinstance(c, dict) else c for c in listed}
    assert {c["name"] for c in h61["names"]} <= earlier
    assert not {normal(n) for n in names} & {normal(n) for n in earlier}


def test_h68_and_h69_are_seeded_draws_from_their_populations_qualified_candidates():
    """candidates-H68 keeps, in the draw's order, the drawn names whose metadata requires
    FastAPI; qualified-H68 judges each by H23's rule; H68 and H69 are the seeded draws of the
    qualified less the repackagings and the name found before them (``H68_FORKS``)."""
    drawn = json.loads((ROOT / "docs/precision/drawn-H68-2026-12-07.json").read_text())
    population = json.loads((ROOT / "docs/precision/candidates-H68-2026-12-07.json").read_text())
    data = json.loads((ROOT / "docs/precision/qualified-H68-2026-12-07.json").read_text())
    assert population["seed"] == drawn["seed"] == precision.H68_POP_SEED
    assert data["seed"] == precision.H68_SEED == precision.DRAW_SEEDS["H68"]
    assert population["size"] == len(population["candidates"]) == 291
    order = [n["name"] for n in drawn["names"]]
    kept = [c["name"] for c in population["candidates"]]
    assert kept == [n for n in order if n in set(kept)]
    assert [c["name"] for c in data["candidates"]] == kept
    qualified = [c["name"] for c in data["candidates"] if c["qualified"]]
    assert len(qualified) == data["qualified"] == 88
    for c in data["candidates"]:
        if "error" in c:
            assert not c["qualified"]
        else:
            assert c["qualified"] == (c["fastapi_modules"] >= 3 and c["routes"] >= 1)
    assert set(precision.H68_FORKS) <= set(qualified)
    rest = set(qualified) - set(precision.H68_FORKS)
    assert len(rest) == 78
    versions = {c["name"]: c["version"] for c in population["candidates"]}
    for name, seed in (("H68", precision.H68_SEED), ("H69", precision.H69_SEED)):
        pool = precision.sets()[name]
        assert precision.draw(rest, seed, 10) == [a.name for a in pool]
        assert precision.DRAW_SEEDS[name] == seed
        assert all(a.version == versions[a.name] for a in pool)
        rest -= {a.name for a in pool}
    assert data["drawn"] == [a.name for a in precision.POOL_H68]
    assert data["drawn_H69"] == [a.name for a in precision.POOL_H69]
    assert len(rest) == 58
    # H70 and H71: the next draws, after H68 and H69 were judged and before round 62
    for name, seed in (("H70", precision.H70_SEED), ("H71", precision.H71_SEED)):
        pool = precision.sets()[name]
        assert precision.draw(rest, seed, 10) == [a.name for a in pool]
        assert precision.DRAW_SEEDS[name] == seed
        assert all(a.version == versions[a.name] for a in pool)
        rest -= {a.name for a in pool}
    assert len(rest) == 38
    # no drawn application is an earlier set's, under any spelling

    def squashed(name: str) -> str:
        return re.sub(r"[-_.]", "", name.lower())

    ours = ("H68", "H69", "H70", "H71")
    earlier = {a.dist for s, a in precision.select("all") if s not in ours}
    for a in (a for s in ours for a in precision.sets()[s]):
        assert not any(
            squashed(a.name) == squashed(e)
            or e.startswith(a.name + "-")
            or a.name.startswith(e + "-")
            for e in earlier
        )


def test_h42s_siblings_are_the_names_left_equal_to_a_drawn_one_without_separators():
    data = json.loads((ROOT / "docs/precision/qualified-H39-2026-12-06.json").read_text())
    qualified = {c["name"] for c in data["candidates"] if c["qualified"]}
    left = qualified - set(precision.H39_SIBLINGS)
    left -= {a.name for s in ("H39", "H40", "H41", "H42") for a in precision.sets()[s]}
    drawn = {
        a.dist
        for s, a in precision.select("all")
        if s not in ("H43", "H44", "H45", "H46", "H47", "H48", "H49")
    }

    def squashed(name: str) -> str:
        return re.sub(r"[-_.]", "", name.lower())

    found = sorted(n for n in left if any(squashed(n) == squashed(d) for d in drawn))
    assert tuple(found) == precision.H42_SIBLINGS
    assert not {a.name for a in precision.POOL_H43} & set(found)


def test_h39s_siblings_are_the_qualified_names_extending_an_earlier_sets_application():
    data = json.loads((ROOT / "docs/precision/qualified-H39-2026-12-06.json").read_text())
    qualified = [c["name"] for c in data["candidates"] if c["qualified"]]
    earlier = {
        a.dist.lower()
        for s, a in precision.select("all")
        if s not in ("H39", "H40", "H41", "H42", "H43", "H44", "H45", "H46", "H47", "H48", "H49")
    }

    def extends(a: str, b: str) -> bool:
        return a.startswith(b + "-") or b.startswith(a + "-")

    found = sorted(n for n in qualified if any(extends(n.lower(), e) for e in earlier))
    assert tuple(found) == precision.H39_SIBLINGS


def test_h33_to_h38_are_the_seeded_draws_from_what_h32_left():
    data = json.loads((ROOT / "docs/precision/qualified-H32-2026-12-06.json").read_text())
    left = {c["name"] for c in data["candidates"] if c["qualified"]}
    left -= {a.name for a in precision.POOL_H32}
    assert len(left) == 62
    assert precision.draw(left, precision.H33_SEED, 10) == [a.name for a in precision.POOL_H33]
    assert precision.DRAW_SEEDS["H33"] == precision.H33_SEED
    left -= {a.name for a in precision.POOL_H33}
    assert len(left) == 52
    assert precision.draw(left, precision.H34_SEED, 8) == [a.name for a in precision.POOL_H34]
    assert precision.DRAW_SEEDS["H34"] == precision.H34_SEED
    left -= {a.name for a in precision.POOL_H34}
    assert len(left) == 44
    assert precision.draw(left, precision.H35_SEED, 10) == [a.name for a in precision.POOL_H35]
    assert precision.DRAW_SEEDS["H35"] == precision.H35_SEED
    left -= {a.name for a in precision.POOL_H35}
    assert len(left) == 34
    assert precision.draw(left, precision.H36_SEED, 10) == [a.name for a in precision.POOL_H36]
    assert precision.DRAW_SEEDS["H36"] == precision.H36_SEED
    left -= {a.name for a in precision.POOL_H36}
    assert len(left) == 24
    assert precision.draw(left, precision.H37_SEED, 10) == [a.name for a in precision.POOL_H37]
    assert precision.DRAW_SEEDS["H37"] == precision.H37_SEED
    left -= {a.name for a in precision.POOL_H37}
    assert len(left) == 14
    assert precision.draw(left, precision.H38_SEED, 10) == [a.name for a in precision.POOL_H38]
    assert precision.DRAW_SEEDS["H38"] == precision.H38_SEED
    versions = {c["name"]: c["version"] for c in data["candidates"]}
    later = (*precision.POOL_H35, *precision.POOL_H36, *precision.POOL_H37, *precision.POOL_H38)
    assert all(a.version == versions[a.name] for a in later)


def test_forks_finds_an_application_repackaged_under_another_name(tmp_path):
    def app(name: str, lines: list[str]) -> Path:
        folder = tmp_path / name
        (folder / "pkg").mkdir(parents=True)
        (folder / "pkg" / "api.py").write_text("\n".join(lines) + "\n")
        return folder

    body = [f"    result_{i} = compute_something_long(argument_{i}, option={i})" for i in range(9)]
    original = app("original", ["from fastapi import FastAPI", *body])
    fork = app("fork", ["from fastapi import FastAPI as App", *body[:8], "    # renamed here"])
    other = app("other", ["from fastapi import FastAPI", "    short = 1", *body[:1]])
    assert precision.code_lines(fork) == frozenset(line.strip().encode() for line in body[:8])
    shares = precision.fork_shares(fork, [other, original])
    assert shares == [(1.0, original), (1 / 8, other)]
    assert shares[0][0] >= precision.FORK_SHARE > shares[1][0]
    assert precision.fork_shares(app("empty", ["import os"]), [original]) == []
