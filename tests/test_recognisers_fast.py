"""The recognisers the module pass asks of every function, written for speed, give the answers
of their plain versions (``ast.iter_child_nodes``, ``isinstance``) on every function of varied
syntax, lowered newer syntax, the repository's own code and the sample projects."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import auditor.recognisers as rec
import auditor.walker
from auditor.engine import analyze_module
from tests.newer_syntax import RECORDED
from tests.test_astwalk import VARIED

ROOT = Path(__file__).resolve().parent.parent

#: functions whose answers are True, beside the many False ones of real code
PURE = b'''\
import json, logging
log = logging.getLogger(__name__)

def parse_id(raw: str) -> int:
    """Only parses."""
    value = raw.strip().lower()
    if not value:
        log.warning("empty %s", raw)
        raise ValueError(f"bad id {raw!r}")
    data = json.loads(value) if value.startswith("{") else {"id": int(value)}
    return data["id"] + len([c for c in value if c.isdigit()])

def locked(x):
    with lock:  # pure but for the ``with``
        return x + 1

def quiet(x):
    try:
        return int(x)
    except Exception:
        log.exception("no")
        return None
'''


def _reference_parses_only(node: Any, ctx: Any) -> bool:
    if isinstance(node, ast.AsyncFunctionDef):
        return False
    stack: list[ast.AST] = list(node.body)
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            return False
        if isinstance(
            n, (ast.With, ast.AsyncWith, ast.Await, ast.Yield, ast.YieldFrom, ast.Global)
        ):
            return False
        if isinstance(n, ast.Call) and not rec._pure_call(n, ctx):
            return False
        stack.extend(ast.iter_child_nodes(n))
    return True


def _reference_push(n: ast.AST, stack: list[ast.AST]) -> None:
    stack.extend(
        c for c in ast.iter_child_nodes(n) if not isinstance(c, (ast.expr_context, ast.operator))
    )


def _sources(full: bool) -> Iterator[tuple[str, bytes]]:
    yield "varied.py", VARIED.encode()
    yield "pure.py", PURE
    if not full:
        return
    for name, source in sorted(RECORDED.items()):
        yield f"{name}.py", source.encode()
    for folder in ("checks", "sample_projects"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            yield path.relative_to(ROOT).as_posix(), path.read_bytes()


def _answers(
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    fast: Callable[..., bool],
    slow: Callable[..., bool],
    full: bool = True,
) -> list[tuple[bool, bool, str]]:
    """(fast answer, plain answer) for every function the walk meets, both asked there."""
    seen: list[tuple[bool, bool, str]] = []

    def both(node: Any, ctx: Any) -> bool:
        got = fast(node, ctx)
        seen.append((got, slow(node, ctx), f"{ctx.path}:{node.lineno}"))
        return got

    monkeypatch.setattr(auditor.walker, name, both)
    for path, data in _sources(full):
        analyze_module(path, data, "app", frozenset({"auditor", "checks", "app"}))
    return seen


def test_parses_only_answers_as_the_plain_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _answers(monkeypatch, "parses_only", rec.parses_only, _reference_parses_only)
    assert len(seen) > 1000
    assert [where for fast, slow, where in seen if fast != slow] == []
    assert {fast for fast, _, _ in seen} == {True, False}  # both answers are met


def test_swallows_errors_answers_as_the_plain_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(node: Any, ctx: Any) -> bool:
        with monkeypatch.context() as m:
            m.setattr(rec, "_push_children", _reference_push)
            return rec.swallows_errors(node, ctx)

    seen = _answers(monkeypatch, "swallows_errors", rec.swallows_errors, slow)
    assert [where for fast, slow_, where in seen if fast != slow_] == []
    assert {fast for fast, _, _ in seen} == {True, False}


def test_a_different_answer_is_seen(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison can fail: a fast version that forgets ``with`` answers differently."""

    def forgets_with(node: Any, ctx: Any) -> bool:
        with monkeypatch.context() as m:
            m.setattr(rec, "_NOT_PARSING", rec._NOT_PARSING - {ast.With})
            return rec.parses_only(node, ctx)

    seen = _answers(monkeypatch, "parses_only", forgets_with, _reference_parses_only, False)
    assert any(fast != slow for fast, slow, _ in seen)
