"""CPU time of each check's project stage on one tree, in one process (``jobs=1``, no cache).

usage: python benchmarks/check_times.py TREE [--top N]

Finds which check a change made slower: run it with ``PYTHONPATH`` set to each checkout and
compare.  A check's time includes the shared project facts it happens to ask first (another
check may have built them in the other checkout), so compare the whole audit's CPU too."""

from __future__ import annotations

import argparse
import json
import time
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree")
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()

    import auditor.engine as engine

    times: dict[str, float] = {}
    run = engine._run_check

    def timed(check: Any, *rest: Any, **kw: Any) -> Any:
        start = time.process_time()
        try:
            return run(check, *rest, **kw)
        finally:
            times[check.id] = times.get(check.id, 0.0) + time.process_time() - start

    engine._run_check = timed  # type: ignore[assignment]
    start = time.process_time()
    engine.audit(args.tree, engine.Options(select=["ALL"], use_cache=False, jobs=1))
    total = time.process_time() - start
    top = sorted(times.items(), key=lambda kv: -kv[1])[: args.top]
    print(json.dumps({"audit_cpu_s": round(total, 2), "checks_cpu_s": dict(top)}, indent=1))


if __name__ == "__main__":
    main()
