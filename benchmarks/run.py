"""Measure an audit of PATH against the ast.parse floor of the same tree, in the same run.

    python benchmarks/run.py PATH [PATH ...] [--jobs N]

Each measurement runs in a fresh process (imports included), on a private copy of the
tree (so the "edit one file" case never touches yours), with a private cache folder:

  floor     read + ast.parse of every Python file (the stdlib C parser, one process)
  cold      a full audit with an empty cache
  warm      the same audit again (unchanged tree, cache filled)
  edit1     after appending a line to one file
  ruff      `ruff check --select FAST,ASYNC` on the same tree, when ruff is installed

It prints phase seconds (list, read, parse, model, checks, output), wall seconds, peak
RSS, and ratios to the floor.  Numbers from a shared machine are noisy: compare ratios
within one run, not seconds across runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROBE = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from auditor.engine import Options, audit
from pathlib import Path
jobs = None if sys.argv[3] == "auto" else int(sys.argv[3])
r = audit(sys.argv[1], Options(timings=True, cache_dir=Path(sys.argv[2]), jobs=jobs)).report
wall = time.perf_counter() - t0
print(json.dumps({"wall": wall, "timings": r.timings, "findings": len(r.findings),
                  "python_files": r.summary.python_files,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

FLOOR = r"""
import ast, json, sys, time, warnings
from pathlib import Path
warnings.simplefilter("ignore")
t0 = time.perf_counter()
files = [p for p in Path(sys.argv[1]).rglob("*.py") if ".git" not in p.parts]
data = [p.read_bytes() for p in files]
t1 = time.perf_counter()
n = 0
for d in data:
    try:
        ast.parse(d)
    except Exception:
        pass
t2 = time.perf_counter()
print(json.dumps({"read": t1 - t0, "parse": t2 - t1, "files": len(files),
                  "lines": sum(d.count(b"\n") for d in data)}))
"""


def _run(code: str, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(path: Path, jobs: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="auditor-bench-") as tmp:
        tree = Path(tmp) / "tree"
        shutil.copytree(
            path,
            tree,
            ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "__pycache__"),
            symlinks=True,
        )
        cache = Path(tmp) / "cache"
        floor = _run(FLOOR, str(tree))
        cold = _run(PROBE, str(tree), str(cache), jobs)
        warm = _run(PROBE, str(tree), str(cache), jobs)
        victim = sorted(p for p in tree.rglob("*.py"))[len(list(tree.rglob("*.py"))) // 2]
        with open(victim, "a") as fh:
            fh.write("\n# edited\n")
        edit = _run(PROBE, str(tree), str(cache), jobs)
        ruff = None
        if shutil.which("ruff"):
            t0 = time.perf_counter()
            subprocess.run(
                [
                    "ruff",
                    "check",
                    "--no-cache",
                    "--select",
                    "FAST,ASYNC",
                    "--exit-zero",
                    "--quiet",
                    str(tree),
                ],
                capture_output=True,
            )
            ruff = time.perf_counter() - t0
        return {"floor": floor, "cold": cold, "warm": warm, "edit1": edit, "ruff": ruff}


def report(path: Path, m: dict) -> str:
    f = m["floor"]
    base = f["read"] + f["parse"]
    lines = [f"## {path}", "", f"{f['files']} Python files, {f['lines']} lines", ""]
    lines.append(
        "| run | wall s | × floor | list | read | parse | model | checks | output | peak RSS MB |"
    )
    lines.append("|---|---|---|---|---|---|---|---|---|---|")
    lines.append(
        f"| floor (read + ast.parse) | {base:.2f} | 1.00 | | {f['read']:.2f} | {f['parse']:.2f} | | | | |"
    )
    for name in ("cold", "warm", "edit1"):
        r = m[name]
        t = r["timings"]
        lines.append(
            f"| {name} | {r['wall']:.2f} | {r['wall'] / base:.2f} | {t['list']:.2f} | {t['read']:.2f} | {t['parse']:.2f} | "
            f"{t['model']:.2f} | {t['checks']:.2f} | {t['output']:.2f} | {r['rss_mb']:.0f} |"
        )
    if m["ruff"] is not None:
        lines.append(
            f"| ruff --select FAST,ASYNC | {m['ruff']:.2f} | {m['ruff'] / base:.2f} | | | | | | | |"
        )
    lines.append("")
    lines.append(f"findings: {m['cold']['findings']}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description="Benchmark the auditor against the ast.parse floor.")
    ap.add_argument("paths", nargs="+", type=Path)
    ap.add_argument("--jobs", default="auto", help="parsing processes (default: auto)")
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    for p in args.paths:
        print(report(p, measure(p, args.jobs)))
        print()


if __name__ == "__main__":
    main()
