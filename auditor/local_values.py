"""The string a function binds once to one of its locals, read from the source: what the
facts (module-level bindings only) leave out, asked only of the few names a route path is
given by (``route = "/api/jobs/{name}/stream"`` then ``@app.get(route)``)."""

from __future__ import annotations

import ast
import functools

from auditor.source import SourceProblem, parse

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


@functools.lru_cache(maxsize=8)
def _tree(data: bytes) -> ast.Module | None:
    try:
        return parse(data, "<module>")
    except SourceProblem:
        return None


def _function(
    tree: ast.Module, name: str, line: int
) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    return next(
        (
            n
            for n in ast.walk(tree)
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
            and n.name == name
            and n.lineno <= line <= (n.end_lineno or n.lineno)
        ),
        None,
    )


def _own_nodes(node: ast.AST) -> list[ast.AST]:
    """The nodes of ``node``'s own scope, and the ``nonlocal`` statements of the scopes
    nested in it (a nested function can rebind the local); other nested bodies left out."""
    out: list[ast.AST] = []
    todo = list(ast.iter_child_nodes(node))
    while todo:
        n = todo.pop()
        out.append(n)
        if isinstance(n, _SCOPES):
            out += [x for x in ast.walk(n) if isinstance(x, ast.Nonlocal)]
            continue
        todo.extend(ast.iter_child_nodes(n))
    return out


def _binds(n: ast.AST, name: str) -> bool:
    if isinstance(n, ast.Name):
        return n.id == name and not isinstance(n.ctx, ast.Load)
    if isinstance(n, ast.arg):
        return n.arg == name
    if isinstance(n, (ast.Global, ast.Nonlocal)):
        return name in n.names
    if isinstance(n, ast.alias):
        return (n.asname or n.name.partition(".")[0]) == name
    if isinstance(n, (*_SCOPES[:2], ast.ClassDef)):
        return n.name == name
    if isinstance(n, ast.ExceptHandler):
        return n.name == name
    return isinstance(n, (ast.MatchAs, ast.MatchStar)) and n.name == name


def bound_string(data: bytes, function: str, line: int, name: str, before: int) -> str | None:
    """The string ``function`` (defined at ``line``) binds to its local ``name``, when that
    is its only binding there: a statement of the function's own block (not in a branch or
    a loop, so it always runs), above line ``before``, assigning a string literal; None
    otherwise (bound twice, conditionally, to anything else, or rebound by a closure)."""
    tree = _tree(data)
    node = _function(tree, function, line) if tree is not None else None
    if node is None:
        return None
    bindings = [n for n in _own_nodes(node) if _binds(n, name)]
    if len(bindings) != 1:
        return None
    for stmt in node.body:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [getattr(stmt, "target", None)]
        if not isinstance(stmt, (ast.Assign, ast.AnnAssign)) or bindings[0] not in targets:
            continue
        value = stmt.value
        if (
            stmt.lineno < before
            and isinstance(value, ast.Constant)
            and isinstance(value.value, str)
        ):
            return value.value
    return None
