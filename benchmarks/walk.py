"""The module pass alone, in one process: parse and walk every Python file of a tree.

    python benchmarks/walk.py TREE [--no-hooks] [--default] [--hooks [--cpu]]

prints the CPU seconds of ``ast.parse`` and of the walk (the walker's own facts and every
check's hooks; ``--no-hooks``: the facts alone; ``--default``: the hooks a default audit
runs, without the opt-in checks' as :func:`auditor.engine.module_pass_checks` leaves them
out), one file at a time (parsed, walked, dropped: a tree of any size fits), collector off
as in the audit's workers.  ``--hooks`` also counts
the hook calls and times each hook (its own time, which the timing inflates by about a
microsecond a call: read it as a ranking); with ``--cpu`` each hook's time is the CPU time
of the thread (robust to other work on the machine, as the totals are; about 0.8 us more a
call, so the total of the walk grows too: compare runs with the same options).  The auditor measured is the one ``python``
imports: ``PYTHONPATH=/tmp/before python benchmarks/walk.py TREE`` measures another
checkout.  Unlike the end-to-end runs of ``run.py`` this leaves out the worker pool, the
model, the checks' project stages and the fix diffs, and it is much less sensitive to other
work on the machine: CPU time of one process, no waiting on workers.
"""

from __future__ import annotations

import argparse
import functools
import gc
import time
from collections.abc import Callable
from typing import Any

from auditor import engine, walker
from auditor.engine import MAX_PYTHON_BYTES, _top_modules
from auditor.facts import ModuleFacts
from auditor.project import module_aliases
from auditor.repository import alembic_layout, classify, open_repository
from auditor.source import SourceProblem, module_name, parse


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("tree")
    ap.add_argument("--no-hooks", action="store_true", help="the walker's own facts only")
    ap.add_argument("--default", action="store_true", help="the default audit's hooks only")
    ap.add_argument("--hooks", action="store_true", help="count and time each hook")
    ap.add_argument("--cpu", action="store_true", help="time the hooks in CPU time (thread)")
    args = ap.parse_args()
    repo = open_repository(args.tree)
    layout = alembic_layout(repo)
    paths = repo.python_files()
    project_modules = _top_modules(paths, module_aliases(paths, repo.files, None))
    checks = [] if args.no_hooks else engine.load_checks()
    if args.default:
        checks = [c for c in checks if c.id in engine.module_pass_checks(checks, set())]
    own: dict[tuple[str, str], float] = {}
    calls: dict[tuple[str, str], int] = {}
    clock = time.thread_time if args.cpu else time.perf_counter
    if args.hooks:
        for check in checks:  # each hook wrapped in a timer, its ``when`` kept
            for _node_type, attr in check.hooks():
                hook = getattr(check, attr)
                setattr(check, attr, _timed(check.id, hook, own, calls, clock))
    gc.disable()
    tables: dict[str, tuple[walker.HookTable, walker.HookTable]] = {}
    parse_s = walk_s = 0.0
    files = 0
    for path in paths:
        data = repo.read_bytes(path, limit=MAX_PYTHON_BYTES)
        if data is None:
            continue
        t0 = time.process_time()
        try:
            tree = parse(data, path)
        except SourceProblem:
            continue
        t1 = time.process_time()
        file_class = classify(path, layout)
        hooks = tables.get(file_class)
        if hooks is None:
            hooks = tables[file_class] = walker.build_hooks(checks, file_class)
        name, is_package = module_name(path)
        facts = ModuleFacts(path=path, module=name, file_class=file_class, is_package=is_package)
        try:
            walker.scan_module(facts, tree, data, checks, project_modules, hooks)
        except RecursionError:
            pass
        walk_s += time.process_time() - t1
        parse_s += t1 - t0
        files += 1
    print(f"{files} files: parse {parse_s:.2f} s, walk {walk_s:.2f} s CPU")
    if args.hooks:
        print(f"{sum(calls.values()):,} hook calls, timed in {'CPU' if args.cpu else 'wall'} time")
        for key, seconds in sorted(own.items(), key=lambda kv: -kv[1])[:30]:
            print(f"  {seconds:6.2f} s {calls[key]:>9,}  {key[0]} {key[1]}")


def _timed(
    check_id: str,
    hook: Callable[..., None],
    own: dict[tuple[str, str], float],
    calls: dict[tuple[str, str], int],
    clock: Callable[[], float] = time.perf_counter,
) -> Callable[..., None]:
    key = (check_id, hook.__name__)

    @functools.wraps(hook)
    def timed(node: Any, ctx: Any) -> None:
        t = clock()
        try:
            hook(node, ctx)
        finally:
            own[key] = own.get(key, 0.0) + clock() - t
            calls[key] = calls.get(key, 0) + 1

    return timed


if __name__ == "__main__":
    main()
