"""The engine across runs: the fix cache, the whole-audit cache, progress, and cancellation."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest

import auditor.fixes
from auditor.engine import Options, Progress, audit
from tests.test_engine import BLOCKING, write

#: one fixable finding (ASY001: ``time.sleep`` in a coroutine -> ``await asyncio.sleep``)
FIXABLE = BLOCKING + "\n\nHANDLERS = [handler]  # referenced: not dead code\n"

#: the application; it loads its modules by name, so the fixable ones are application code
#: (a module no application reaches is not, and ASY001 leaves it alone)
APP = """\
import importlib

from fastapi import FastAPI

app = FastAPI()


def plugin(name: str):
    return importlib.import_module(f"app.{name}")
"""


def cached(root: Path, cache: Path, **kw) -> Options:
    return Options(use_cache=True, cache_dir=cache, **kw)


def counting_build_fix(monkeypatch) -> list[str]:
    """Record the path of every fix diff actually built (not taken from the cache)."""
    calls: list[str] = []
    real = auditor.fixes.build_fix

    def build_fix(check, hit, project, data):
        calls.append(hit.path)
        return real(check, hit, project, data)

    monkeypatch.setattr(auditor.fixes, "build_fix", build_fix)
    return calls


def diffs(report) -> dict[str, str | None]:
    """ASY001's fix diff by path."""
    return {f.path: f.fix.diff for f in report.findings if f.check_id == "ASY001" and f.fix}


# -- the fix cache -------------------------------------------------------------------------


def test_fix_diffs_are_cached_by_content(tmp_path, monkeypatch):
    root = write(
        tmp_path / "repo",
        {"app/main.py": APP, "app/a.py": FIXABLE, "app/b.py": FIXABLE, "app/c.py": "X = 1\n"},
    )
    cache = tmp_path / "cache"
    calls = counting_build_fix(monkeypatch)
    first = audit(root, cached(root, cache, jobs=1)).report
    assert sorted(calls) == ["app/a.py", "app/b.py"]
    assert all(diffs(first).values()), "both findings carry a diff"

    # another file changes: the audit runs again, the two diffs come from the cache
    calls.clear()
    (root / "app/c.py").write_text("X = 2\n")
    second = audit(root, cached(root, cache, jobs=1)).report
    assert calls == []
    assert diffs(second) == diffs(first)

    # a fixable file changes: only its diff is built again
    (root / "app/b.py").write_text("# moved down a line\n" + FIXABLE)
    third = audit(root, cached(root, cache, jobs=1)).report
    assert calls == ["app/b.py"]
    assert diffs(third)["app/a.py"] == diffs(first)["app/a.py"]
    assert diffs(third)["app/b.py"] != diffs(first)["app/b.py"]
    assert third.to_json() == audit(root, Options(use_cache=False)).report.to_json()


def test_all_fixes_of_a_file_share_one_libcst_parse(tmp_path, monkeypatch):
    import libcst

    three = FIXABLE + "\n\nasync def two() -> None:\n    time.sleep(2)\n" * 2 + "\nTWO = [two]\n"
    root = write(tmp_path, {"app/main.py": APP, "app/a.py": three})
    parses: list[int] = []
    real = libcst.parse_module
    monkeypatch.setattr(libcst, "parse_module", lambda src, *a, **k: parses.append(1) or real(src))
    report = audit(root, Options(use_cache=False, jobs=1, select=["ASY001"])).report
    fixed = [f for f in report.findings if f.check_id == "ASY001" and f.fix and f.fix.diff]
    assert len(fixed) == 3
    assert len(parses) == 1


def test_parallel_fixes_agree_with_serial_ones(tmp_path):
    root = write(tmp_path, {"app/main.py": APP, **{f"app/m{i}.py": FIXABLE for i in range(12)}})
    serial = audit(root, Options(use_cache=False, jobs=1)).report
    parallel = audit(root, Options(use_cache=False, jobs=2)).report
    assert len([d for d in diffs(serial).values() if d]) == 12
    assert serial.to_json() == parallel.to_json()


def test_fix_workers_forked_before_the_checks_agree_with_serial_ones(tmp_path, monkeypatch):
    """On a large tree the fix workers are forked from the model before the checks run (they
    get each file's hits with the task): the same report as building the fixes in process,
    a text fix of a file the workers were not given (a Dockerfile) included."""
    import auditor.engine

    files = {"app/main.py": APP, **{f"app/m{i}.py": FIXABLE for i in range(12)}}
    files["Dockerfile"] = "FROM python:3.12\nCOPY . .\nCMD uvicorn app.main:app --host 0.0.0.0\n"
    root = write(tmp_path, files)
    serial = audit(root, Options(use_cache=False, jobs=1)).report
    forked: list[object] = []
    real = auditor.engine._fix_workers

    def spy(*args):
        with real(*args) as pool:
            forked.append(pool)
            yield pool

    monkeypatch.setattr(auditor.engine, "FIX_PREFORK_FILES", 1)
    monkeypatch.setattr(auditor.engine, "_fix_workers", contextlib.contextmanager(spy))
    early = audit(root, Options(use_cache=False, jobs=2)).report
    assert forked and forked[0] is not None, "the workers were forked before the checks"
    assert any(f.path == "Dockerfile" and f.fix and f.fix.diff for f in serial.findings)
    assert len([d for d in diffs(serial).values() if d]) == 12
    assert serial.to_json() == early.to_json()
    assert multiprocessing.active_children() == []


def test_fixes_are_built_while_the_checks_run_unless_the_cache_has_diffs(tmp_path, monkeypatch):
    """With fix workers forked before the checks and no cached diffs, each fixer check runs
    first and its findings' diffs are built while the other checks run: nothing is left for
    the fixes stage, and the report is the serial one.  A run whose cache holds diffs builds
    only what it lacks, after the checks (a diff's key needs every file the checks read)."""
    import auditor.engine

    files = {"app/main.py": APP, **{f"app/m{i}.py": FIXABLE for i in range(12)}}
    files["Dockerfile"] = "FROM python:3.12\nCOPY . .\nCMD uvicorn app.main:app --host 0.0.0.0\n"
    root = write(tmp_path / "repo", files)
    serial = audit(root, Options(use_cache=False, jobs=1)).report
    monkeypatch.setattr(auditor.engine, "FIX_PREFORK_FILES", 1)
    streams: list[object] = []
    real = auditor.engine._fix_stream

    def spy(*args):
        stream = real(*args)
        streams.append(stream)
        return stream

    monkeypatch.setattr(auditor.engine, "_fix_stream", spy)
    order: list[str] = []
    fixes_left: list[int] = []

    def progress(p: Progress) -> None:
        if p.phase == "checks" and p.item and p.item not in order:
            order.append(p.item)
        if p.phase == "fixes":
            fixes_left.append(p.total)

    cache = tmp_path / "cache"
    streamed = audit(root, cached(root, cache, jobs=2), progress=progress).report
    assert streams and streams[0] is not None, "the diffs were built during the checks"
    assert max(fixes_left) == 0, "nothing was left for the fixes stage"
    fixers = {c.id for c in auditor.engine.load_checks() if c.can_fix()}
    assert "ASY001" in fixers and "PRD004" in fixers
    firsts = order[: len(fixers & set(order))]
    assert set(firsts) <= fixers, "the checks that fix run first"
    assert streamed.to_json() == serial.to_json()
    assert [c.id for c in streamed.checks] == [c.id for c in serial.checks]
    assert multiprocessing.active_children() == []

    streams.clear()
    (root / "app/m3.py").write_text("# moved down a line\n" + FIXABLE)
    again = audit(root, cached(root, cache, jobs=2)).report
    assert streams == [None], "cached diffs are reused, not built again during the checks"
    assert again.to_json() == audit(root, Options(use_cache=False, jobs=1)).report.to_json()


def test_cancelling_the_checks_terminates_fix_workers_forked_before_them(tmp_path, monkeypatch):
    import auditor.engine

    monkeypatch.setattr(auditor.engine, "FIX_PREFORK_FILES", 1)
    root = write(tmp_path, {"app/main.py": APP, **{f"app/m{i}.py": FIXABLE for i in range(40)}})
    workers: list[int] = []

    def progress(p: Progress) -> None:
        if p.phase == "checks" and p.done >= 1:
            workers.extend(c.pid for c in multiprocessing.active_children() if c.pid)
            raise Cancelled

    with pytest.raises(Cancelled):
        audit(root, Options(use_cache=False, jobs=2), progress=progress)
    assert len(workers) == 2, "the fix workers were alive while the checks ran"
    assert not [pid for pid in workers if _alive(pid)], "no worker survives the cancel"
    assert multiprocessing.active_children() == []


# -- the whole-audit cache -----------------------------------------------------------------


def test_an_unchanged_tree_is_answered_from_the_cache(tmp_path, monkeypatch):
    root = write(tmp_path / "repo", {"app/main.py": APP + "\n" + FIXABLE})
    cache = tmp_path / "cache"
    first = audit(root, cached(root, cache))
    import auditor.engine

    def no_parse(*a, **k):
        raise AssertionError("an unchanged tree is not parsed again")

    monkeypatch.setattr(auditor.engine, "_parse", no_parse)
    monkeypatch.setattr(auditor.engine, "_judge", no_parse)
    again = audit(root, cached(root, cache))
    assert again.report.to_json() == first.report.to_json()
    assert [h.message for h in again.hits] == [h.message for h in first.hits]
    # the project model is still there for the front ends that ask, built from the facts
    assert again.project.by_path.keys() == first.project.by_path.keys()


def test_the_cached_audit_sees_a_changed_config_file(tmp_path):
    root = write(
        tmp_path / "repo",
        {"app/main.py": APP, "Dockerfile": "FROM python:latest\nCOPY app app\n"},
    )
    cache = tmp_path / "cache"

    def latest(report) -> bool:
        return any(f.check_id == "PRD007" and f.path == "Dockerfile" for f in report.findings)

    assert latest(audit(root, cached(root, cache)).report)
    assert latest(audit(root, cached(root, cache)).report)
    (root / "Dockerfile").write_text("FROM python:3.12-slim\nCOPY app app\n")
    fresh = audit(root, Options(use_cache=False)).report
    assert not latest(fresh)
    assert audit(root, cached(root, cache)).report.to_json() == fresh.to_json()


def test_the_cached_audit_sees_a_new_file_and_other_options(tmp_path):
    root = write(tmp_path / "repo", {"app/main.py": APP + "\n" + FIXABLE})
    cache = tmp_path / "cache"
    audit(root, cached(root, cache))
    write(root, {"app/other.py": FIXABLE})
    fresh = audit(root, Options(use_cache=False)).report
    assert audit(root, cached(root, cache)).report.to_json() == fresh.to_json()
    no_fixes = audit(root, cached(root, cache, fixes=False)).report
    assert not any(f.fix and f.fix.diff for f in no_fixes.findings)
    ignored = audit(root, cached(root, cache, ignore=["ASY001"])).report
    assert not any(f.check_id == "ASY001" for f in ignored.findings)


# -- progress and cancellation -------------------------------------------------------------


class Cancelled(Exception):
    pass


def test_progress_moves_per_file_and_per_check(tmp_path):
    root = write(tmp_path, {"app/main.py": APP, **{f"app/m{i}.py": FIXABLE for i in range(10)}})
    seen: list[Progress] = []
    audit(root, Options(use_cache=False, jobs=2), progress=seen.append)
    parse = [p.done for p in seen if p.phase == "parse"]
    assert parse == sorted(parse) and set(range(1, 12)) <= set(parse), "one step per file"
    checks = [p for p in seen if p.phase == "checks"]
    assert len({p.item for p in checks if p.item}) > 50 and checks[-1].done == checks[-1].total
    fixes = [p for p in seen if p.phase == "fixes"]
    done = [p.done for p in fixes]  # (repeated while a file takes long: a cancel is seen)
    assert done == sorted(done) and set(done) == set(range(11)) and fixes[-1].total == 10
    assert [p.phase for p in seen].index("fixes") > [p.phase for p in seen].index("checks")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() if Path("/proc").exists() else True


@pytest.mark.parametrize("phase", ["parse", "fixes"])
def test_cancelling_terminates_the_workers(tmp_path, phase):
    root = write(tmp_path, {"app/main.py": APP, **{f"app/m{i}.py": FIXABLE for i in range(40)}})
    workers: list[int] = []

    def progress(p: Progress) -> None:
        if p.phase == phase and p.done >= 1:
            workers.extend(c.pid for c in multiprocessing.active_children() if c.pid)
            raise Cancelled

    with pytest.raises(Cancelled):
        audit(root, Options(use_cache=False, jobs=2), progress=progress)
    assert workers, f"the {phase} phase ran in worker processes"
    assert not [pid for pid in workers if _alive(pid)], "no worker survives the cancel"
    assert multiprocessing.active_children() == []


def test_a_worker_that_dies_stops_the_audit_instead_of_hanging(tmp_path, monkeypatch):
    import signal

    import auditor.engine
    from auditor.workers import WorkerDied

    real = auditor.engine.analyze_module

    def analyze_module(path, data, file_class, project_modules, only=None):
        if path == "app/m3.py":
            os._exit(3)  # as if killed for memory
        return real(path, data, file_class, project_modules, only)

    monkeypatch.setattr(auditor.engine, "analyze_module", analyze_module)
    root = write(tmp_path, {"app/main.py": APP, **{f"app/m{i}.py": FIXABLE for i in range(8)}})

    def hung(signum, frame):
        raise AssertionError("the audit hung on a dead worker")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    try:
        with pytest.raises(WorkerDied, match="exit code 3"):
            audit(root, Options(use_cache=False, jobs=2))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert multiprocessing.active_children() == []


def test_the_repository_of_a_cached_audit_needs_no_model(tmp_path, monkeypatch):
    root = write(tmp_path / "repo", {"app/main.py": APP})
    cache = tmp_path / "cache"
    audit(root, cached(root, cache))
    import auditor.engine

    built = []
    real = auditor.engine._model
    monkeypatch.setattr(auditor.engine, "_model", lambda *a: built.append(1) or real(*a))
    result = audit(root, cached(root, cache))
    assert result.project.repo.read_text("app/main.py") == APP
    assert built == []
    assert "app.main" in result.project.modules and built == [1]


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting for its new parent to reap it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _sleep(state, seconds: float) -> None:  # a worker task (module level: it is pickled)
    import time

    time.sleep(seconds)


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads /proc")
def test_kill_all_stops_the_workers_without_the_thread_that_runs_them():
    """What a front end that quits mid-audit calls (it does not wait for the audit thread):
    the workers die at once; the thread reading from them sees WorkerDied and reaps them."""
    import threading

    from auditor.workers import Pool, WorkerDied, kill_all

    waiting = threading.Event()
    pids: list[int] = []
    raised: list[BaseException] = []

    def audit_thread() -> None:
        try:
            with Pool(2, None) as pool:
                pids.extend(process.pid for process, _ in pool._workers)
                list(pool.imap_unordered(_sleep, [60, 60], idle=waiting.set))
        except BaseException as exc:
            raised.append(exc)

    thread = threading.Thread(target=audit_thread)
    thread.start()
    assert waiting.wait(60), "the workers took their tasks"
    kill_all()
    thread.join(60)
    assert not thread.is_alive() and len(pids) == 2
    assert [type(e) for e in raised] == [WorkerDied]
    assert not [pid for pid in pids if _running(pid)]
    assert multiprocessing.active_children() == []


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads /proc")
def test_workers_end_when_the_audit_process_is_killed(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    root = write(tmp_path, {"app/main.py": APP, **{f"app/m{i}.py": FIXABLE for i in range(4)}})
    code = (
        "import time, auditor.engine as e\n"
        "e.analyze_module = lambda *a: time.sleep(60)  # a file that takes long\n"
        f"e.audit({str(root)!r}, e.Options(use_cache=False, jobs=2))\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
        workers = [int(p) for p in children.read_text().split()] if children.exists() else []
    assert len(workers) == 2, "the audit started its workers"
    os.kill(proc.pid, signal.SIGKILL)  # as a closed terminal or the OOM killer would
    proc.wait()
    deadline = time.monotonic() + 10
    while any(_running(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    survivors = [w for w in workers if _running(w)]
    for w in survivors:  # do not leave them behind when this fails
        os.kill(w, signal.SIGKILL)
    assert not survivors, "no worker outlives the audit"


# -- the facts cache -----------------------------------------------------------------------


def test_facts_pickled_by_workers_are_read_back_from_the_cache(tmp_path, monkeypatch):
    root = write(
        tmp_path / "repo", {"app/main.py": APP, **{f"app/m{i}.py": FIXABLE for i in range(30)}}
    )
    cache = tmp_path / "cache"
    first = audit(root, cached(root, cache, jobs=2)).report
    # one file changes: the other 30 files' facts come from the cache, as the workers wrote them
    import auditor.engine

    parsed: list[str] = []
    real = auditor.engine.analyze_module

    def analyze_module(path, data, file_class, project_modules, only=None):
        parsed.append(path)
        return real(path, data, file_class, project_modules, only)

    monkeypatch.setattr(auditor.engine, "analyze_module", analyze_module)
    (root / "app/m7.py").write_text("# moved down a line\n" + FIXABLE)
    second = audit(root, cached(root, cache, jobs=1)).report
    assert parsed == ["app/m7.py"]
    assert second.to_json() == audit(root, Options(use_cache=False, jobs=1)).report.to_json()
    assert second.to_json() != first.to_json()
    assert not list(cache.glob(".tmp-*")), "no temporary shard is left"


def test_a_cancelled_audit_leaves_the_cache_as_it_was(tmp_path):
    root = write(
        tmp_path / "repo", {"app/main.py": APP, **{f"app/m{i}.py": FIXABLE for i in range(30)}}
    )
    cache = tmp_path / "cache"
    first = audit(root, cached(root, cache, jobs=2)).report
    shards = {p.name: p.read_bytes() for p in cache.glob("*.pickle")}
    for i in range(30):
        (root / f"app/m{i}.py").write_text("# edited\n" + FIXABLE)

    def progress(p: Progress) -> None:
        if p.phase == "parse" and p.done >= 5:
            raise Cancelled

    with pytest.raises(Cancelled):
        audit(root, cached(root, cache, jobs=2), progress=progress)
    assert not list(cache.glob(".tmp-*")), "the shards being written are removed"
    assert {p.name: p.read_bytes() for p in cache.glob("*.pickle")} == shards
    for i in range(30):
        (root / f"app/m{i}.py").write_text(FIXABLE)
    assert audit(root, cached(root, cache, jobs=1)).report.to_json() == first.to_json()


def test_a_warm_json_audit_imports_only_what_replaying_the_report_needs(tmp_path):
    """Issue 12: an unchanged re-audit answers from the whole-audit cache, so its process
    imports neither libcst (fix diffs), GitPython (outside git), rich (text output) nor
    textual (the app): their import would be most of a warm run's time."""
    import subprocess
    import sys

    root, cache = tmp_path / "repo", tmp_path / "cache"
    write(root, {"app/main.py": APP + FIXABLE})
    command = ["audit", str(root), "--format", "json", "--cache-dir", str(cache)]
    cold = subprocess.run(
        [sys.executable, "-m", "auditor", *command], capture_output=True, text=True
    )
    assert '"diff": "' in cold.stdout  # the cold run built the fix diff with libcst
    code = (
        "import sys\n"
        "from auditor.cli import main\n"
        f"code = main({command!r})\n"
        "heavy = ('libcst', 'git', 'rich', 'textual', 'auditor.fixes', 'auditor.workers')\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert warm.stderr.strip() == "[]"
    assert (warm.returncode, warm.stdout) == (cold.returncode, cold.stdout)


#: a cold headless audit run as the ``auditor`` command runs it (``entry``), reporting which of
#: the heavy modules it imported, whether pydantic looked for plugins, and whether the
#: interpreter's teardown ran (an object's finalizer) or only the exit handlers
_COLD_PROBE = (
    "import atexit, sys\n"
    "class Teardown:\n"
    "    def __del__(self):\n"
    "        print('teardown', file=sys.stderr)\n"
    "keep = Teardown()\n"
    "heavy = ('libcst', 'git', 'rich', 'textual', 'yaml')\n"
    "def probe():\n"
    "    loader = sys.modules.get('pydantic.plugin._loader')\n"
    "    plugins = None if loader is None else loader._plugins\n"
    "    print(sorted(m for m in heavy if m in sys.modules), plugins, file=sys.stderr)\n"
    "atexit.register(probe)\n"
    "sys.argv = ['auditor', *sys.argv[1:]]\n"
    "from auditor.cli import entry\n"
    "entry()\n"
)


def _cold(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    return subprocess.run(
        [sys.executable, "-c", _COLD_PROBE, "audit", *argv, "--no-cache"],
        capture_output=True,
        text=True,
        env=env,
    )


def test_a_cold_headless_audit_imports_only_what_its_output_needs(tmp_path):
    """Issue 12 (start-up within the cold budget): a JSON audit of a plain folder (outside
    git) without a fixable finding imports neither libcst (fix diffs), GitPython, PyYAML (no
    YAML file), rich (text output) nor textual (the app), and pydantic does not look for
    plugins; a text audit does not build diffs, so libcst stays out even with a fixable
    finding.  Each would be tens of milliseconds of every audit's start."""
    plain = tmp_path / "plain"
    write(plain, {"app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n"})
    run = _cold(str(plain), "--format", "json")
    assert run.returncode in (0, 1), run.stderr
    assert json.loads(run.stdout)["summary"]["python_files"] == 1
    assert run.stderr.splitlines()[0] == "[] None"

    fixable = tmp_path / "fixable"
    write(fixable, {"app/main.py": APP + FIXABLE})
    text = _cold(str(fixable), "--format", "text")
    assert "ASY001" in text.stdout
    assert text.stderr.splitlines()[0] == "['rich'] None"
    as_json = _cold(str(fixable), "--format", "json")
    assert '"diff": "' in as_json.stdout  # the JSON report does build it, with libcst
    assert as_json.stderr.splitlines()[0] == "['libcst'] None"


def test_a_headless_audit_ends_without_the_interpreter_teardown(tmp_path):
    """Issue 12: after a headless audit the process ends with ``os._exit`` once the exit
    handlers have run and the output is flushed (the teardown freed the whole project model:
    ~0.18 s of CPU after a 700-file audit); the exit code and the output are the audit's."""
    root = tmp_path / "repo"
    write(root, {"app/main.py": APP + FIXABLE})
    run = _cold(str(root), "--format", "json", "--fail-on", "info")
    assert run.returncode == 1
    assert json.loads(run.stdout)["findings"]
    assert "teardown" not in run.stderr  # the finalizers of a teardown did not run
    assert run.stderr.splitlines()[0].startswith("[")  # the exit handlers did
    clean = tmp_path / "clean"
    write(clean, {"app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n"})
    run = _cold(str(clean), "--format", "json", "--fail-on", "never")
    assert run.returncode == 0
    # any other command still tears the interpreter down
    other = subprocess.run(
        [sys.executable, "-c", _COLD_PROBE.replace("'audit', ", ""), "checks"],
        capture_output=True,
        text=True,
    )
    assert "teardown" in other.stderr


def test_the_module_pass_runs_opt_in_checks_only_when_selected(tmp_path, monkeypatch):
    """An opt-in check nobody selected costs nothing in the module pass (its hooks do not
    run); the facts cache is keyed by the checks whose hooks ran, so a later run that enables
    it parses again and reports it (never the facts of a run that skipped its hooks), and a
    run that only turns a default check off reads every file from the cache."""
    import auditor.engine
    from auditor.testing import write_example
    from checks.dep004_sync_dependency_without_io import SyncDependencyWithoutIo as DEP004

    assert not DEP004.default_enabled
    root = tmp_path / "repo"
    write_example(DEP004.bad[0], root)
    cache = tmp_path / "cache"
    called: list[str] = []
    real_hook = DEP004.visit_Call

    def hook(self, node, ctx):
        called.append(ctx.path)
        return real_hook(self, node, ctx)

    monkeypatch.setattr(DEP004, "visit_Call", hook)
    monkeypatch.setattr(auditor.engine, "_WORKER_CHECKS", None)
    monkeypatch.setattr(auditor.engine, "_WORKER_HOOKS", {})
    default = audit(root, cached(root, cache, jobs=1)).report
    assert not called, "an opt-in check's hooks ran in a default audit"
    assert not [f for f in default.findings if f.check_id == "DEP004"]

    parsed: list[str] = []
    real = auditor.engine.analyze_module

    def analyze_module(path, data, file_class, project_modules, only=None):
        parsed.append(path)
        return real(path, data, file_class, project_modules, only)

    monkeypatch.setattr(auditor.engine, "analyze_module", analyze_module)
    enabled = audit(root, cached(root, cache, jobs=1, enable=["DEP004"])).report
    assert called and parsed, "the cached facts of a default run were used for DEP004"
    assert [f for f in enabled.findings if f.check_id == "DEP004"]
    uncached = audit(root, Options(use_cache=False, jobs=1, enable=["DEP004"])).report
    assert enabled.to_json() == uncached.to_json()

    other = tmp_path / "cache2"
    audit(root, cached(root, other, jobs=1))
    parsed.clear()
    audit(root, cached(root, other, jobs=1, ignore=["ASY001"]))
    assert parsed == [], "turning a default check off parsed files again"


# -- the checks run aside ---------------------------------------------------------------------

#: findings of the async category's checks that fix nothing (ASY002, ASY004) beside ASY001's
ASIDE = (
    FIXABLE
    + "\nimport asyncio\n\n\n"
    + "async def fetch(path: str) -> None:\n    with open(path) as fh:\n        fh.read()\n"
    + "    await asyncio.sleep(0)\n\n\n"
    + "async def spawn() -> None:\n    asyncio.create_task(fetch('x'))\n\n\n"
    + "MORE = [fetch, spawn]\n"
)


def _spy_aside(monkeypatch) -> list[set[int]]:
    import auditor.engine

    asides: list[set[int]] = []
    real = auditor.engine._ChecksAside

    def spy(shared, slots, rest=None):
        asides.append(set(slots))
        return real(shared, slots, rest)

    monkeypatch.setattr(auditor.engine, "_ChecksAside", spy)
    monkeypatch.setattr(auditor.engine, "CHECKS_ASIDE_FILES", 1)
    return asides


def test_checks_run_aside_give_the_serial_report(tmp_path, monkeypatch):
    """On a large tree the async category's checks run in a forked process beside the others
    (with the fix workers forked before them, so fixes stream from both sides): the report is
    the serial one, to the byte, and progress names every check."""
    import auditor.engine

    files = {"app/main.py": APP, **{f"app/m{i}.py": ASIDE for i in range(6)}}
    root = write(tmp_path, files)
    serial = audit(root, Options(use_cache=False, jobs=1)).report
    assert {"ASY001", "ASY002", "ASY004"} <= {f.check_id for f in serial.findings}
    asides = _spy_aside(monkeypatch)
    monkeypatch.setattr(auditor.engine, "FIX_PREFORK_FILES", 1)
    seen: list[str] = []
    done: list[int] = []

    def progress(p: Progress) -> None:
        if p.phase == "checks":
            done.append(p.done)
            if p.item and p.item not in seen:
                seen.append(p.item)

    beside = audit(root, Options(use_cache=False, jobs=2), progress=progress).report
    checks = auditor.engine.load_checks()
    assert asides and {checks[k].id for k in asides[0]} == {
        c.id for c in checks if c.category == "async"
    } | {"SEC003", "SEC006"}, "the async checks and those that ask for dead code, as they do"
    assert beside.to_json() == serial.to_json()
    assert done == sorted(done) and done[-1] == len(checks), "progress only moves forward"
    assert "SEC001" in seen
    assert multiprocessing.active_children() == []


def test_the_process_aside_takes_the_checks_the_audit_has_not_reached(tmp_path, monkeypatch):
    """Once its own checks are done, the process aside takes the other checks from the back
    of the list while the audit's process takes them from the front: a check is run once, on
    one side, and the report is the serial one whichever side ran it."""
    import time

    import auditor.engine

    files = {"app/main.py": APP, **{f"app/m{i}.py": ASIDE for i in range(6)}}
    root = write(tmp_path, files)
    serial = audit(root, Options(use_cache=False, jobs=1)).report
    _spy_aside(monkeypatch)
    made: list = []
    real_aside = auditor.engine._ChecksAside

    def keep(shared, slots, rest=None):
        made.append(real_aside(shared, slots, rest))
        return made[-1]

    monkeypatch.setattr(auditor.engine, "_ChecksAside", keep)
    real_take = auditor.engine._Slots.take

    deadline = time.monotonic() + 60

    def take(self):  # the audit's side starts once the side process has taken one of them
        while made and len(made[-1].sent) <= len(made[-1].slots) and time.monotonic() < deadline:
            time.sleep(0.01)
        return real_take(self)

    monkeypatch.setattr(auditor.engine._Slots, "take", take)
    beside = audit(root, Options(use_cache=False, jobs=2)).report
    checks = auditor.engine.load_checks()
    (aside,) = made
    stolen = [k for k in aside.sent if k not in aside.slots]
    assert stolen, "the side process took checks beyond its own"
    assert len(set(aside.sent)) == len(aside.sent)
    assert {checks[k].category for k in stolen} != {"async"}
    assert beside.to_json() == serial.to_json()
    assert multiprocessing.active_children() == []


def test_a_check_asks_for_dead_code_exactly_when_its_module_does():
    """:attr:`Check.asks_dead_code` places a check beside the async ones on a large tree: it
    must say what the module does (asking for dead code in the audit's process too would
    build those answers twice; claiming it without asking would crowd the other side)."""
    import inspect

    import auditor.engine

    for check in auditor.engine.load_checks():
        source = inspect.getsource(inspect.getmodule(type(check)))
        asks = "dead_code(" in source or "not_beside_requests(" in source
        if check.category != "async":
            assert check.asks_dead_code == asks, check.id


def test_a_check_that_crashes_aside_is_reported_as_in_process(tmp_path, monkeypatch):
    from checks.asy002_sync_client_in_async import SyncClientInAsync

    def boom(self, hits, project):
        raise ValueError("boom")

    monkeypatch.setattr(SyncClientInAsync, "judge", boom)
    root = write(tmp_path, {"app/main.py": APP, **{f"app/m{i}.py": ASIDE for i in range(3)}})
    serial = audit(root, Options(use_cache=False, jobs=1)).report
    asides = _spy_aside(monkeypatch)
    beside = audit(root, Options(use_cache=False, jobs=2)).report
    assert asides, "the checks ran aside"
    assert [e.message for e in beside.errors] == [e.message for e in serial.errors]
    assert any("ASY002 crashed: ValueError: boom" in e.message for e in beside.errors)
    assert beside.to_json() == serial.to_json()


def test_cancelling_while_the_checks_run_aside_leaves_no_process(tmp_path, monkeypatch):
    asides = _spy_aside(monkeypatch)
    root = write(tmp_path, {"app/main.py": APP, **{f"app/m{i}.py": ASIDE for i in range(3)}})
    children: list[int] = []

    def progress(p: Progress) -> None:
        if p.phase == "checks" and p.done >= 1:
            children.extend(c.pid for c in multiprocessing.active_children() if c.pid)
            raise Cancelled

    with pytest.raises(Cancelled):
        audit(root, Options(use_cache=False, jobs=2), progress=progress)
    assert asides and children, "the aside worker was alive while the checks ran"
    assert not [pid for pid in children if _alive(pid)], "no worker survives the cancel"
    assert multiprocessing.active_children() == []


def test_one_job_or_a_small_tree_runs_every_check_in_process(tmp_path, monkeypatch):
    import auditor.engine

    root = write(tmp_path, {"app/main.py": APP, "app/m.py": ASIDE})
    asides = _spy_aside(monkeypatch)
    audit(root, Options(use_cache=False, jobs=1))
    assert asides == []
    monkeypatch.setattr(auditor.engine, "CHECKS_ASIDE_FILES", 1000)
    audit(root, Options(use_cache=False, jobs=2))
    assert asides == []


# -- memory: the audit runs with the cyclic collector off -------------------------------------


def test_the_checks_leave_no_reference_cycles_through_functions(tmp_path, monkeypatch):
    """The audit turns the cyclic collector off (the model is millions of objects), so a
    reference cycle a check makes lives until the audit ends: SEC003's nested functions that
    called themselves kept every tree its caller search parsed (30 MB on litellm), and
    ``Project.schema_hidden`` one closure per route.  After each check, no function is found
    in a cycle, on SEC003's examples (they run the caller search) and RTE004's."""
    import gc

    import auditor.engine
    from checks.rte004_route_openapi_metadata import RouteOpenapiMetadata
    from checks.sec003_jwt_verification_weakened import JwtVerificationWeakened

    found: list[tuple[str, str]] = []
    real = auditor.engine._run_check

    current: list[str] = []

    def watched(check, *args, **kwargs):
        if check.id not in current:
            return real(check, *args, **kwargs)
        gc.collect()
        out = real(check, *args, **kwargs)
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            gc.collect()
            found.extend(
                (check.id, o.__qualname__) for o in gc.garbage if type(o).__name__ == "function"
            )
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
        return out

    monkeypatch.setattr(auditor.engine, "_run_check", watched)
    examples = [
        *((c.id, e) for c in [JwtVerificationWeakened()] for e in (*c.bad, *c.good)),
        *((c.id, e) for c in [RouteOpenapiMetadata()] for e in c.bad[:4]),
    ]
    for n, (cid, example) in enumerate(examples):
        root = write(tmp_path / f"e{n}", example.files)
        current[:] = [cid]
        gc.freeze()  # what exists now is not ours: keep each collection small
        try:
            audit(root, Options(use_cache=False, jobs=1, select=[cid]))
        finally:
            gc.unfreeze()
    assert found == []


def _pid_of(state, item: int) -> tuple[int, int]:  # a worker task: which process ran it
    import os

    return item, os.getpid()


def test_a_pool_hands_out_items_in_turns_and_returns_every_result():
    """Each worker holds its next item in its pipe (``ahead``): items are handed out in
    turns, so that fewer items than workers still go one to each; with more, every item
    comes back once, whatever the number queued ahead."""
    from auditor.workers import Pool

    with Pool(2, None) as pool:
        pids = {process.pid for process, _ in pool._workers}
        ran = dict(pool.imap_unordered(_pid_of, [0, 1]))
        assert sorted(ran) == [0, 1] and set(ran.values()) == pids  # one item each
        for ahead in (1, 2, 3):
            done = [i for i, _pid in pool.imap_unordered(_pid_of, list(range(50)), ahead=ahead)]
            assert sorted(done) == list(range(50))
        assert [i for i, _ in pool.imap_unordered(_pid_of, [7])] == [7]
        assert list(pool.imap_unordered(_pid_of, [])) == []
