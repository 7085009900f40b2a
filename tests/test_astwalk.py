"""``auditor.astwalk.walk`` is ``ast.walk``: the same node objects, in the same order; and
``statements`` finds every statement ``ast.walk`` does."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from auditor.astwalk import global_names, statements, walk
from auditor.source import parse
from tests.newer_syntax import RECORDED

ROOT = Path(__file__).resolve().parent.parent

#: syntax the repository's own code may not use: every statement and expression kind, type
#: comments (read only with ``type_comments=True``), patterns, decorators, f-strings
VARIED = '''\
from __future__ import annotations
import os.path as p, sys
from . import a as b
from ..pkg import *
x: int = 1  # type: ignore
y = z = (a := 3)  # type: int
del y[0], z.attr
global_ = [i for i in range(3) if i async for j in k] if x else {1: 2, **d}
s = {*a, *b}; t = f"{x!r:>{width}} {y=}" "raw" if 0 else (b"x", ...)
lam = lambda q, /, r=1, *args, s, t=2, **kw: (q, r, *args, s, t, kw)
@dec(1)
@other.attr
async def coro(a: int, /, b: "str" = "", *c: int, d, e=None, **f) -> None:  # type: (...) -> None
    global G
    async with ctx() as (u, v), other():  # type: ignore
        async for w in gen():  # type: int
            await w
            yield w
            yield from w
    for i in range(3):  # type: int
        continue
    else:
        pass
    while not x:
        break
    try:
        raise ValueError("x") from None
    except* (TypeError, KeyError) as err:
        pass
    try:
        pass
    except Exception:
        pass
    else:
        pass
    finally:
        nonlocal_ = 1
    with open(p) as fh:  # type: ignore
        fh.write(b"x"[1:2:3])
    assert x > 1 < 2 != 3 in a not in b is c is not d, "message"
    match command.split():
        case [action, *rest] if action:
            pass
        case {"key": 1, **others}:
            pass
        case Point(x=0, y=yy) | Point(1, 2) as point:
            pass
        case None | True | -1 | 1 + 2j | "s":
            pass
        case _:
            pass
    x += 1; x @= m; x //= 2; x **= -~+x; x <<= x >> 1 & 2 | 3 ^ 4
    return not a and b or c
class C(Base, metaclass=M, **kw):
    """doc"""
    def method(self):  # type: () -> None
        def inner():
            nonlocal self
        return inner
'''


def _same(tree: ast.AST) -> None:
    expected = list(ast.walk(tree))
    got = list(walk(tree))
    assert len(got) == len(expected)
    assert all(a is b for a, b in zip(got, expected, strict=True))


def test_varied_syntax_with_type_comments():
    _same(ast.parse(VARIED, type_comments=True))
    _same(ast.parse(VARIED))
    # a subtree, an expression, a node without children
    tree = ast.parse(VARIED)
    for node in ast.walk(tree):
        _same(node)


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_trees_lowered_from_newer_syntax(name):
    _same(parse(RECORDED[name].encode(), "new.py"))


def test_the_repositorys_own_code():
    files = sorted((ROOT / "auditor").rglob("*.py")) + sorted((ROOT / "checks").rglob("*.py"))
    files += sorted((ROOT / "sample_projects").rglob("*.py"))
    assert len(files) > 100
    for path in files:
        _same(ast.parse(path.read_bytes(), type_comments=True))


def test_a_difference_is_seen():
    """The comparison above can fail: a walk that leaves out the contexts differs."""
    tree = ast.parse("x = y\n")
    assert [type(n) for n in walk(tree)] != [
        type(n) for n in walk(tree) if not isinstance(n, ast.expr_context)
    ]
    assert ast.Load in {type(n) for n in walk(tree)}


def _same_statements(tree: ast.AST) -> None:
    """``statements(tree)`` holds every statement, ``except`` clause and ``case`` of
    ``ast.walk(tree)`` (each once) and nothing else but ``tree``; ``global_names`` every
    ``global`` statement's names, as often."""
    kinds = (ast.stmt, ast.excepthandler, ast.match_case)
    expected = {id(n) for n in ast.walk(tree) if isinstance(n, kinds) or n is tree}
    got = statements(tree)
    assert len(got) == len({id(n) for n in got}) == len(expected)
    assert {id(n) for n in got} == expected
    walked = sorted(name for n in ast.walk(tree) if isinstance(n, ast.Global) for name in n.names)
    assert sorted(global_names(tree)) == walked


def test_statements_are_every_statement():
    tree = ast.parse(VARIED)
    _same_statements(tree)
    assert global_names(tree) == ["G"]
    for node in ast.walk(tree):
        if isinstance(node, (ast.stmt, ast.excepthandler, ast.match_case)):
            _same_statements(node)
    for name in sorted(RECORDED):
        _same_statements(parse(RECORDED[name].encode(), "new.py"))
    for path in sorted((ROOT / "auditor").rglob("*.py")) + sorted((ROOT / "checks").rglob("*.py")):
        _same_statements(ast.parse(path.read_bytes()))
