"""Audit published FastAPI applications (pinned PyPI versions) and measure precision.

    python benchmarks/real_apps.py                 # download, unpack, audit every app
    python benchmarks/real_apps.py --app prefect   # one app
    python benchmarks/real_apps.py --precision     # regenerate docs/precision.md

Wheels are fetched with ``pip download --no-deps`` and unpacked into a scratch folder outside
the repository (``--workdir``, default ``$XDG_CACHE_HOME/fastapi-auditor-real``); their code is
never committed.  Each app is audited with every check enabled (``--select ALL``), in-process,
and its JSON report is written to ``<workdir>/reports/<app>.json``.

Precision comes from recorded judgements: ``docs/precision/*.csv`` with the columns
``app, path, line, check, verdict, reason`` (verdict ``true`` or ``false``), written by a person
reading the findings.  ``--precision`` joins them with the reports and writes
``docs/precision.md``: per check, the findings seen, how many were judged, how many were true,
and the precision of what was judged.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import time
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: (name, PyPI distribution, pinned version, folder inside the wheel to audit)
APPS: list[tuple[str, str, str, str]] = [
    ("fastapi-users", "fastapi-users", "15.0.5", "fastapi_users"),
    ("khoj", "khoj", "1.42.10", "khoj"),
    ("prefect", "prefect", "3.9.1", "prefect"),
    ("open-webui", "open-webui", "0.12.4", "open_webui"),
    ("langflow", "langflow-base", "1.13.0", "langflow"),
    ("airflow", "apache-airflow-core", "3.3.2", "airflow"),
    ("gradio", "gradio", "6.31.0", "gradio"),
]


def default_workdir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "fastapi-auditor-real"


def fetch(workdir: Path, dist: str, version: str) -> Path:
    """The unpacked wheel of ``dist==version`` (downloaded and unpacked once)."""
    dest = workdir / "src" / f"{dist}-{version}"
    if (dest / ".unpacked").exists():
        return dest
    wheels = workdir / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    found = [
        w
        for w in wheels.glob("*.whl")
        if w.name.lower().startswith(dist.replace("-", "_").lower() + f"-{version}-")
    ]
    if not found:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--only-binary=:all:",
                "-q",
                "-d",
                str(wheels),
                f"{dist}=={version}",
            ],
            check=True,
        )
        found = [
            w
            for w in wheels.glob("*.whl")
            if w.name.lower().startswith(dist.replace("-", "_").lower() + f"-{version}-")
        ]
    dest.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(found[0]) as zf:
        zf.extractall(dest)
    (dest / ".unpacked").write_text("")
    return dest


def audit_app(workdir: Path, name: str, dist: str, version: str, folder: str) -> dict:
    sys.path.insert(0, str(ROOT))
    from auditor.engine import Options, audit

    src = fetch(workdir, dist, version)
    target = src / folder if (src / folder).is_dir() else src
    t0 = time.perf_counter()
    report = audit(target, Options(select=["ALL"], use_cache=False)).report
    seconds = time.perf_counter() - t0
    out = workdir / "reports" / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report.to_json(), encoding="utf-8")
    counts = Counter(f.check_id for f in report.findings)
    errored = [c.id for c in report.checks if c.status == "errored"]
    return {
        "app": name,
        "version": f"{dist} {version}",
        "python_files": report.summary.python_files,
        "seconds": round(seconds, 2),
        "findings": len(report.findings),
        "by_check": dict(sorted(counts.items())),
        "errors": len(report.errors),
        "errored_checks": errored,
        "report": str(out),
    }


def load_judgements() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in sorted((ROOT / "docs" / "precision").glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row.get("check"):
                    rows.append({k: (v or "").strip() for k, v in row.items()})
    return rows


def precision_markdown(workdir: Path) -> str:
    """Per check: findings seen, judged, precision as judged, and precision now.

    *As judged* is the check as it was when its findings were read.  *Now* re-reads the same
    sample against the current reports: a finding judged false that no longer fires was fixed;
    a judged finding that no longer fires at all leaves the sample.
    """
    from checks import all_checks

    seen: Counter[str] = Counter()
    per_app: dict[str, Counter[str]] = defaultdict(Counter)
    current: set[tuple[str, str, str, str]] = set()
    versions: list[str] = []
    for name, dist, version, _ in APPS:
        report = workdir / "reports" / f"{name}.json"
        if not report.exists():
            continue
        versions.append(f"{name} ({dist} {version})")
        data = json.loads(report.read_text(encoding="utf-8"))
        for f in data["findings"]:
            seen[f["check_id"]] += 1
            per_app[f["check_id"]][name] += 1
            current.add((name, f["path"] or "", str(f["line"] or ""), f["check_id"]))
    judged: Counter[str] = Counter()
    true: Counter[str] = Counter()
    still: Counter[str] = Counter()
    still_true: Counter[str] = Counter()
    false_rows: dict[str, list[str]] = defaultdict(list)
    for row in load_judgements():
        cid = row["check"]
        ok = row["verdict"].lower() == "true"
        judged[cid] += 1
        true[cid] += ok
        present = (row["app"], row["path"], row["line"], cid) in current
        reason = row["reason"].lower()
        # a wrong message or fix at a right location is fixed in place: the row says so
        fixed_in_place = present and not ok and "fixed" in reason and "not fixed" not in reason
        still[cid] += present
        still_true[cid] += present and (ok or fixed_in_place)
        if not ok:
            state = (
                "fixed in place (message, anchor or fix)"
                if fixed_in_place
                else ("still reported" if present else "fixed")
            )
            false_rows[cid].append(
                f"{row['app']} `{row['path']}:{row['line']}` ({state}): {row['reason']}"
            )

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:.0f}%" if b else "–"

    lines = [
        "# Precision on published FastAPI applications",
        "",
        "Generated by `python benchmarks/real_apps.py --precision` from the audits of these",
        "unpacked PyPI wheels (every check enabled, default-off ones included) and the judgements",
        "recorded in `docs/precision/*.csv` (one row per finding read: app, path, line, check,",
        "verdict, reason). Regenerate with `python benchmarks/real_apps.py` (downloads and audits)",
        "then `--precision`.",
        "",
        "Audited: " + ", ".join(versions) + ".",
        "",
        "For each check that fired, a sample was read — every finding when there were fewer than",
        "20, otherwise 20 spread across the apps — and judged true or false. Every false positive",
        "was fixed at its root and became a trap example of its check. *As judged* is the precision",
        "of the check when the sample was read; *now* re-checks the same sample against the current",
        "audit: a finding judged false that no longer fires was fixed, and one whose location is",
        "right but whose message, anchor or fix was wrong counts as true once its recorded fix",
        'landed ("fixed in place" below). Wheels ship no tests, so',
        "TST002's findings describe the wheels, not the projects' repositories.",
        "",
        "| check | default | findings seen | judged | true | as judged | judged, still reported | precision now | where |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for c in all_checks():
        n = seen.get(c.id, 0)
        j = judged.get(c.id, 0)
        where = ", ".join(f"{a} {k}" for a, k in sorted(per_app[c.id].items())) or "–"
        lines.append(
            f"| {c.id} | {'on' if c.default_enabled else 'off'} | {n} | {j} | {true.get(c.id, 0)} | "
            f"{pct(true.get(c.id, 0), j)} | {still.get(c.id, 0)} | {pct(still_true.get(c.id, 0), still.get(c.id, 0))} | {where} |"
        )
    extra = sorted(set(judged) - {c.id for c in all_checks()})
    for cid in extra:
        lines.append(
            f"| {cid} | on | {seen.get(cid, 0)} | {judged[cid]} | {true[cid]} | {pct(true[cid], judged[cid])} | "
            f"{still[cid]} | {pct(still_true[cid], still[cid])} | {', '.join(f'{a} {k}' for a, k in sorted(per_app[cid].items())) or '–'} |"
        )
    if false_rows:
        lines += ["", "## False positives found", ""]
        for cid in sorted(false_rows):
            lines.append(f"- **{cid}**")
            for r in false_rows[cid]:
                lines.append(f"  - {r}")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(
        description="Audit published FastAPI applications; regenerate docs/precision.md."
    )
    ap.add_argument(
        "--workdir",
        type=Path,
        default=default_workdir(),
        help="scratch folder (never inside the repository)",
    )
    ap.add_argument("--app", action="append", help="only these apps (names from APPS)")
    ap.add_argument(
        "--precision",
        action="store_true",
        help="write docs/precision.md from the reports and judgements",
    )
    args = ap.parse_args()
    workdir = args.workdir.resolve()
    if ROOT in workdir.parents or workdir == ROOT:
        sys.exit("the workdir must be outside the repository: their code is never committed")
    sys.path.insert(0, str(ROOT))
    if args.precision:
        (ROOT / "docs" / "precision.md").write_text(precision_markdown(workdir), encoding="utf-8")
        print(f"wrote {ROOT / 'docs' / 'precision.md'}")
        return
    for name, dist, version, folder in APPS:
        if args.app and name not in args.app:
            continue
        row = audit_app(workdir, name, dist, version, folder)
        print(json.dumps(row))


if __name__ == "__main__":
    main()
