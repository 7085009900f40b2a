"""``_guarded_work`` (``swallows_errors``, ``converts_errors``, ``relays_errors``) answers
as before its speed-ups (issue 12): the walk that only walks on at the node types it does
not judge, and the per-class memo of attribute assignments ``_holds_own_lock`` reads."""

from __future__ import annotations

import ast
from typing import Any

import pytest

import auditor.recognisers as rec
import auditor.walker
from auditor.engine import analyze_module
from auditor.walker import ModuleContext
from tests.test_recognisers_fast import _sources


class _Everything:
    def __contains__(self, item: object) -> bool:
        return True


def _reference_holds_own_lock(n: Any, ctx: ModuleContext) -> bool:
    """``_holds_own_lock`` as it was: the enclosing class walked on every ask."""
    cls = next((p for p in reversed(ctx.parents) if isinstance(p, ast.ClassDef)), None)
    if cls is None:
        return False
    names = set()
    for i in n.items:
        e = i.context_expr
        if i.optional_vars is not None or not (
            isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name) and e.value.id == "self"
        ):
            return False
        names.add(e.attr)
    assigned: dict[str, bool] = {}
    for a in ast.walk(cls):
        if isinstance(a, (ast.Assign, ast.AnnAssign)):
            targets = a.targets if isinstance(a, ast.Assign) else [a.target]
            for t in targets:
                if isinstance(t, ast.Attribute) and t.attr in names:
                    lock = isinstance(a.value, ast.Call) and ctx.resolve(a.value.func) in rec._LOCKS
                    assigned[t.attr] = assigned.get(t.attr, True) and lock
    return all(assigned.get(name, False) for name in names)


#: two classes of one module, each holding ``self.lock`` in a quiet method: only the first
#: assigns it a lock (the memo is per class, not per module or per attribute name)
LOCKS = b"""\
import asyncio, logging
log = logging.getLogger(__name__)

class Locked:
    def __init__(self):
        self.lock = asyncio.Lock()

    async def quiet(self, x):
        async with self.lock:
            try:
                return int(x)
            except Exception:
                log.exception("no")
                return None

class NotLocked:
    def __init__(self, conn):
        self.lock = conn.acquire()

    async def quiet(self, x):
        async with self.lock:
            try:
                return int(x)
            except Exception:
                log.exception("no")
                return None

class RunError(Exception):
    pass

def run(name):
    try:
        return int(name)
    except Exception as e:
        log.error(f"{e}")
        raise RunError(name) from e
"""


@pytest.mark.parametrize("name", ["swallows_errors", "converts_errors", "relays_errors"])
def test_guarded_work_answers_as_the_plain_walk(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    fast = getattr(rec, name)
    seen: list[tuple[object, object, str]] = []

    def both(node: Any, ctx: Any, *rest: Any) -> Any:
        got = fast(node, ctx, *rest)
        with monkeypatch.context() as m:
            m.setattr(rec, "_GUARD_JUDGED", _Everything())
            m.setattr(rec, "_holds_own_lock", _reference_holds_own_lock)
            slow = fast(node, ctx, *rest)
        seen.append((got, slow, f"{ctx.path}:{node.lineno}"))
        return got

    monkeypatch.setattr(auditor.walker, name, both)
    for path, data in [("app/locks.py", LOCKS), *_sources(True)]:
        analyze_module(path, data, "app", frozenset({"auditor", "checks", "app"}))
    assert len(seen) > 50  # (``converts_errors`` is asked where a ``raise`` is written)
    assert [where for got, slow, where in seen if got != slow] == []
    assert len({repr(got) for got, _, _ in seen}) > 1  # more than one answer is met


def test_own_lock_is_judged_per_class() -> None:
    facts = analyze_module("locks.py", LOCKS, "app", frozenset({"app"}))
    assert facts.functions["locks.Locked.quiet"].swallows_errors
    assert not facts.functions["locks.NotLocked.quiet"].swallows_errors
