"""Audit published FastAPI applications (pinned PyPI versions): the seven first triaged.

    python benchmarks/real_apps.py                 # download, unpack, audit every app
    python benchmarks/real_apps.py --app prefect   # one app

Wheels are fetched with ``pip download --no-deps`` and unpacked into a scratch folder outside
the repository (``--workdir``, default ``$XDG_CACHE_HOME/fastapi-auditor-real``); their code is
never committed.  Each app is audited with every check enabled (``--select ALL``), in-process,
and its JSON report is written to ``<workdir>/reports/<app>.json``.  ``benchmarks/run.py`` and
``benchmarks/precision.py`` reuse its download and unpacking.

Precision is measured by ``benchmarks/precision.py`` (a pool split into a fix set and held-out
sets; ``docs/precision.md``).  This script used to write ``docs/precision.md`` from the first
triage's sheets (``--precision``); that record is kept frozen in the document, and the option
is gone so that nothing overwrites the measurement with a split.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import zipfile
from collections import Counter
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


def main() -> None:
    ap = argparse.ArgumentParser(
        description="Audit published FastAPI applications (pinned PyPI wheels)."
    )
    ap.add_argument(
        "--workdir",
        type=Path,
        default=default_workdir(),
        help="scratch folder (never inside the repository)",
    )
    ap.add_argument("--app", action="append", help="only these apps (names from APPS)")
    args = ap.parse_args()
    workdir = args.workdir.resolve()
    if ROOT in workdir.parents or workdir == ROOT:
        sys.exit("the workdir must be outside the repository: their code is never committed")
    sys.path.insert(0, str(ROOT))
    for name, dist, version, folder in APPS:
        if args.app and name not in args.app:
            continue
        row = audit_app(workdir, name, dist, version, folder)
        print(json.dumps(row))


if __name__ == "__main__":
    main()
