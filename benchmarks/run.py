"""Measure the auditor on real and synthetic trees against baselines measured in the same run.

    python benchmarks/run.py PATH [PATH ...] [--repeat 3] [--only cold-json,warm,...]
    python benchmarks/run.py --app litellm --app prefect [--workdir /work/apps]

``--app NAME`` benchmarks a published FastAPI application from :data:`BENCH_APPS` (a pinned
PyPI wheel, fetched with ``pip download --no-deps`` and unpacked under ``--workdir``, outside
the repository; never committed).  Every measurement is a fresh process (interpreter start and
imports included) on a private copy of the tree, with a private cache folder.  The auditor
is the one ``python -m auditor`` imports: set ``PYTHONPATH`` to measure another checkout
(``git archive main | tar -x -C /tmp/before``, then ``PYTHONPATH=/tmp/before``).

  floor      read + stdlib ``ast.parse`` of every Python file, in one process
  ruff       ``ruff check --select ALL --no-cache`` on the same tree (ruff is in the test extra)
  cold-json  ``auditor audit TREE --format json --timings`` with an empty cache (fix diffs built)
  cold-text  ``auditor audit TREE --format text`` with an empty cache (no fix diffs)
  warm       ``cold-json`` again on the unchanged tree, cache filled
  edit1      after appending a line to one file (a different file each repetition)
  frame      ``auditor TREE`` (the app) in a pseudo-terminal: seconds until its first frame
             is painted; then ``q`` is typed and the seconds until the process is gone are
             taken as well (the scan is still running then, on any tree but a tiny one)

Each row is run ``--repeat`` times, interleaved (floor, ruff, cold, ... then again), and
shows the median with the fastest and slowest run; ratios are medians over the floor's
median.  With ``--baseline DIR`` each row runs for that checkout and this one in turn.  CPU s
is the user + system time of the process and its workers: on a machine whose cores other
work keeps busy, wall time mostly measures the others, CPU time much less so.  Peak RSS is
the largest resident size of the audit process and its workers (what ``wait4`` reports).
The machine is shared and noisy: read the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pty
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: (name, PyPI distribution, pinned version, folder inside the wheel to audit).  litellm's
#: proxy is a FastAPI application of 3,133 Python files (43 MB of source).
BENCH_APPS: list[tuple[str, str, str, str]] = [
    ("litellm", "litellm", "1.110.2", "litellm"),
    ("prefect", "prefect", "3.9.1", "prefect"),
    ("airflow", "apache-airflow-core", "3.3.2", "airflow"),
]

ROWS = ("floor", "ruff", "cold-json", "cold-text", "warm", "edit1", "frame")

FLOOR = r"""
import ast, json, sys, time, warnings
from pathlib import Path
warnings.simplefilter("ignore")
t0 = time.perf_counter()
files = [p for p in Path(sys.argv[1]).rglob("*.py") if ".git" not in p.parts]
data = [p.read_bytes() for p in files]
t1 = time.perf_counter()
for d in data:
    try:
        ast.parse(d)
    except Exception:
        pass
t2 = time.perf_counter()
print(json.dumps({"read": t1 - t0, "parse": t2 - t1, "files": len(files),
                  "lines": sum(d.count(b"\n") for d in data)}))
"""


#: the measured processes' environment: bytecode is cached (as in any installed package)
#: in a private folder, even where PYTHONDONTWRITEBYTECODE is set (it would add ~0.3 s of
#: compiling the auditor's and the checks' modules to every run)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


_LAST_CPU = [0.0]


def _timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, bytes]:
    """(wall seconds, peak RSS MB of the process tree's largest process, stdout); the CPU
    seconds of the process and its workers are left in ``_LAST_CPU``."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        cwd=tempfile.gettempdir(),  # never a folder holding an ``auditor`` package
        env=env or ENV,
    )
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    _LAST_CPU[0] = usage.ru_utime + usage.ru_stime
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{cmd} exited {proc.returncode}")
    return wall, usage.ru_maxrss / 1024, out


def _auditor(
    tree: Path, cache: Path, fmt: str, jobs: str, out: Path, env: dict[str, str] | None = None
) -> dict:
    cmd = [sys.executable, "-m", "auditor", "audit", str(tree), "--format", fmt]
    cmd += ["--cache-dir", str(cache), "-o", str(out)]
    if fmt == "json":
        cmd.append("--timings")
    if jobs != "auto":
        cmd += ["--jobs", jobs]
    wall, rss, _ = _timed(cmd, env)
    row: dict = {"wall": wall, "rss": rss, "cpu": _LAST_CPU[0]}
    if fmt == "json":
        report = json.loads(out.read_text(encoding="utf-8"))
        row["timings"] = report.get("timings") or {}
        row["findings"] = len(report["findings"])
        row["diffs"] = sum(1 for f in report["findings"] if (f.get("fix") or {}).get("diff"))
        # what must not change between checkouts, runs and cache states: all but the timings
        rest = {k: v for k, v in report.items() if k != "timings"}
        row["digest"] = hashlib.sha256(json.dumps(rest, sort_keys=True).encode()).hexdigest()
    return row


def _frame(tree: Path, cache: Path, base_env: dict[str, str] | None = None) -> dict:
    """Seconds to the app's first painted frame in a 120x40 pty, then seconds to quit on ``q``."""
    env = dict(base_env or ENV, TERM="xterm-256color", COLUMNS="120", LINES="40")
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: the app, in the pty
        os.chdir(tempfile.gettempdir())
        os.execvpe(
            sys.executable,
            [sys.executable, "-m", "auditor", str(tree), "--cache-dir", str(cache)],
            env,
        )
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    seen = b""
    first = None
    deadline = t0 + 60
    while time.perf_counter() < deadline and first is None:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
            # the alternate screen is entered before the first frame; the frame is the first
            # write after it that carries text
            at = seen.find(b"\x1b[?1049h")
            if at >= 0 and any(32 < b < 127 and b != 0x5B for b in _visible(seen[at + 8 :])):
                first = time.perf_counter() - t0
    time.sleep(0.5)  # let the scan start
    q0 = time.perf_counter()
    os.write(fd, b"q")
    quit_s = None
    while time.perf_counter() - q0 < 30:
        r, _, _ = select.select([fd], [], [], 0.02)
        if r:
            try:
                os.read(fd, 65536)
            except OSError:
                pass
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            quit_s = time.perf_counter() - q0
            break
    else:
        # the app and whatever it started (pty.fork made it a process group leader): an
        # older engine's workers outlived a killed app, waiting on a queue forever
        os.killpg(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    os.close(fd)
    return {"wall": first, "quit": quit_s}


def _visible(data: bytes) -> bytes:
    """``data`` without ANSI escape sequences."""
    import re

    return re.sub(
        rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])", b"", data
    )


def measure(
    path: Path, jobs: str, repeat: int, only: set[str], variants: list[tuple[str, dict[str, str]]]
) -> dict[str, dict[str, list[dict]]]:
    """Rows by variant ("" for the floor and ruff), each variant's runs interleaved."""
    results: dict[str, dict[str, list[dict]]] = {
        v: {k: [] for k in ROWS} for v in ["", *(name for name, _ in variants)]
    }
    with tempfile.TemporaryDirectory(prefix="auditor-bench-") as tmp:
        # the copy keeps the folder's name: a package folder's name is its import name
        tree = Path(tmp) / "copy" / path.resolve().name
        shutil.copytree(
            path,
            tree,
            ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "__pycache__"),
            symlinks=True,
        )
        out = Path(tmp) / "report.out"
        pys = sorted(tree.rglob("*.py"))
        # compile each auditor's bytecode once, before anything is measured
        tiny = Path(tmp) / "tiny"
        tiny.mkdir()
        (tiny / "main.py").write_text("import time\n\nasync def f():\n    time.sleep(1)\n")
        for name, env in variants:
            _auditor(tiny, Path(tmp) / f"cache-warmup-{name}", "json", jobs, out, env)
        for i in range(repeat):
            shared = results[""]
            if "floor" in only:
                wall, rss, stdout = _timed([sys.executable, "-c", FLOOR, str(tree)])
                row = json.loads(stdout.decode().strip().splitlines()[-1])
                row.update(wall=wall, rss=rss, floor=row["read"] + row["parse"], cpu=_LAST_CPU[0])
                shared["floor"].append(row)
            if "ruff" in only:
                ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
                cmd = [ruff, "check", "--no-cache", "--select", "ALL", "--exit-zero", str(tree)]
                wall, rss, _ = _timed([*cmd, "--output-format", "concise", "--quiet"])
                shared["ruff"].append({"wall": wall, "rss": rss, "cpu": _LAST_CPU[0]})
            for name, env in variants:
                rows = results[name]
                cache = Path(tmp) / f"cache-{name}-{i}"
                if "cold-text" in only:
                    text_cache = Path(tmp) / f"cache-text-{name}-{i}"
                    rows["cold-text"].append(_auditor(tree, text_cache, "text", jobs, out, env))
                    shutil.rmtree(text_cache, ignore_errors=True)
                if only & {"cold-json", "warm", "edit1"}:
                    rows["cold-json"].append(_auditor(tree, cache, "json", jobs, out, env))
                if "warm" in only:
                    rows["warm"].append(_auditor(tree, cache, "json", jobs, out, env))
                if "edit1" in only:
                    victim = pys[(len(pys) // 2 + i * 7) % len(pys)]
                    with open(victim, "a", encoding="utf-8") as fh:
                        fh.write(f"\n# edited {name} {i}\n")
                    rows["edit1"].append(_auditor(tree, cache, "json", jobs, out, env))
                if "frame" in only:
                    frame_cache = Path(tmp) / f"cache-frame-{name}-{i}"
                    rows["frame"].append(_frame(tree, frame_cache, env))
                    shutil.rmtree(frame_cache, ignore_errors=True)
                shutil.rmtree(cache, ignore_errors=True)
    return results


def _stat(rows: list[dict], key: str = "wall") -> tuple[float, float, float] | None:
    vals = [r[key] for r in rows if r.get(key) is not None]
    if not vals:
        return None
    return statistics.median(vals), min(vals), max(vals)


def report(title: str, m: dict[str, dict[str, list[dict]]]) -> str:
    shared = m[""]
    floor = _stat(shared["floor"], "floor")
    ruff = _stat(shared["ruff"])
    f0 = shared["floor"][0] if shared["floor"] else None
    lines = [f"### {title}", ""]
    if f0:
        lines += [f"{f0['files']} Python files, {f0['lines']:,} lines", ""]
    lines += [
        "| run | median s (min–max) | × floor | × ruff | CPU s (× floor's) | read | parse | model "
        "| checks | fixes | output | cache | findings (diffs) | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    variants = [v for v in m if v]
    floor_cpu = _stat(shared["floor"], "cpu")
    for name in ROWS:
        for variant in [""] if name in ("floor", "ruff") else variants:
            rows = m[variant][name]
            lines += _rows(name, variant, rows, floor, ruff, len(variants) > 1, floor_cpu)
    return "\n".join(lines) + "\n" + _determinism(m, variants) + "\n"


def _determinism(m: dict[str, dict[str, list[dict]]], variants: list[str]) -> str:
    """Whether the JSON reports (all but ``timings``) agree: cold and warm across every variant
    and run, edit1 across the variants of each run (each run edits another file)."""
    notes = []
    cold = {r["digest"] for v in variants for k in ("cold-json", "warm") for r in m[v][k]}
    if cold:
        runs = sum(len(m[v][k]) for v in variants for k in ("cold-json", "warm"))
        ok = "identical" if len(cold) == 1 else f"**{len(cold)} different reports**"
        notes.append(f"cold-json and warm reports (JSON but `timings`), {runs} runs: {ok}")
    edits = [m[v]["edit1"] for v in variants if m[v]["edit1"]]
    if edits:
        bad = [i for i, runs in enumerate(zip(*edits)) if len({r["digest"] for r in runs}) > 1]
        ok = f"**differ in runs {bad}**" if bad else "identical"
        notes.append(f"edit1 reports across {len(edits)} variant(s), run by run: {ok}")
    return "".join(f"\n{n}" for n in notes) + ("\n" if notes else "")


def _rows(name, variant, rows, floor, ruff, label_variant, floor_cpu=None) -> list[str]:
    s = _stat(rows, "floor" if name == "floor" else "wall")
    if s is None:
        return []
    med, lo, hi = s
    x_floor = f"{med / floor[0]:.2f}" if floor else ""
    x_ruff = f"{med / ruff[0]:.2f}" if ruff and name != "floor" else ""
    phases = ["", "", "", "", "", "", ""]
    if name == "floor":
        phases[0] = f"{statistics.median(r['read'] for r in rows):.2f}"
        phases[1] = f"{statistics.median(r['parse'] for r in rows):.2f}"
    elif rows[0].get("timings"):
        for j, key in enumerate(("read", "parse", "model", "checks", "fixes", "output", "cache")):
            vals = [r["timings"].get(key) for r in rows if r["timings"].get(key) is not None]
            phases[j] = f"{statistics.median(vals):.2f}" if vals else ""
    found = ""
    if rows[0].get("findings") is not None:
        found = f"{rows[0]['findings']} ({rows[0]['diffs']})"
    rss = _stat(rows, "rss")
    label = {
        "floor": "floor (read + ast.parse)",
        "ruff": "ruff check --select ALL",
        "frame": "app: first frame",
    }.get(name, name)
    if label_variant and variant:
        label += f" — {variant}"
    rss_mb = f"{rss[0]:.0f}" if rss else ""
    cpu = _stat(rows, "cpu")
    cpu_text = ""
    if cpu:
        cpu_text = f"{cpu[0]:.2f}" + (f" ({cpu[0] / floor_cpu[0]:.2f})" if floor_cpu else "")
    out = [
        f"| {label} | {med:.2f} ({lo:.2f}–{hi:.2f}) | {x_floor} | {x_ruff} | {cpu_text} | "
        + " | ".join(phases)
        + f" | {found} | {rss_mb} |"
    ]
    if name == "frame":
        q = _stat(rows, "quit")
        stuck = sum(1 for r in rows if r.get("quit") is None)
        text = f"{q[0]:.2f} ({q[1]:.2f}–{q[2]:.2f})" if q else ""
        if stuck:
            text += f" {stuck} of {len(rows)} runs still running 30 s after `q` (killed)"
        what = "app: `q` 0.5 s after the first frame, to exit"
        if label_variant and variant:
            what += f" — {variant}"
        out.append(f"| {what} | {text} |||||||||||||")
    return out


def fetch_app(workdir: Path, name: str) -> Path:
    """The unpacked folder of one of :data:`BENCH_APPS`."""
    from real_apps import fetch  # benchmarks/ is on sys.path (see main)

    for app, dist, version, folder in BENCH_APPS:
        if app == name:
            src = fetch(workdir, dist, version)
            return src / folder
    raise SystemExit(f"unknown app {name!r}: one of {', '.join(a[0] for a in BENCH_APPS)}")


def main() -> None:
    ap = argparse.ArgumentParser(description="Benchmark the auditor against same-run baselines.")
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--app", action="append", default=[], help="a published app (BENCH_APPS)")
    ap.add_argument("--workdir", type=Path, default=Path("/work/apps"), help="where apps go")
    ap.add_argument("--jobs", default="auto", help="parsing processes (default: auto)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each row (default: 3)")
    ap.add_argument("--only", default=",".join(ROWS), help="comma-separated rows to run")
    ap.add_argument(
        "--baseline",
        type=Path,
        help="another checkout (e.g. `git archive main | tar -x -C /tmp/base`) measured in turn "
        "with this one, row by row, through PYTHONPATH",
    )
    args = ap.parse_args()
    only = {r.strip() for r in args.only.split(",")}
    unknown = only - set(ROWS)
    if unknown:
        ap.error(f"unknown rows: {', '.join(sorted(unknown))}")
    workdir = args.workdir.resolve()
    if ROOT in workdir.parents or workdir == ROOT:
        sys.exit("the workdir must be outside the repository: their code is never committed")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    ENV["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="auditor-bench-pycache-")
    targets = [(str(p), p) for p in args.paths]
    for name in args.app:
        dist, version = next((d, v) for a, d, v, _ in BENCH_APPS if a == name)
        targets.append((f"{name} ({dist} {version})", fetch_app(workdir, name)))
    load = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"load average before: {load[0]:.2f}; {args.repeat} runs per row\n"
    )
    variants = [("this checkout", dict(ENV))]
    if args.baseline:
        base = dict(ENV, PYTHONPATH=str(args.baseline.resolve()))
        variants = [(f"baseline ({args.baseline})", base), ("this checkout", dict(ENV))]
    for title, path in targets:
        print(report(title, measure(path, args.jobs, args.repeat, only, variants)), flush=True)


if __name__ == "__main__":
    main()
