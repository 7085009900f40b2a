"""Module-level names an import binds that the module's own top level binds again.

``from .deps import get_db`` then ``def get_db(): ...``: Python resolves a function body's
global names when the function runs, after the module ran, so a route's or a dependency's
body sees the module's *last* top-level binding -- the ``def`` --, while a statement of the
module itself (a decorator, a default argument, a class body) sees the binding in effect
where it is written.  The walker's resolver (:meth:`auditor.walker.ModuleContext.resolve`)
asks :meth:`Rebound.own_at` which one holds at a read, and gives the module's own name
(``pkg.routes.get_db``) where the module's own ``def``, ``class`` or assignment does.

Conservative: only names some import and some ``def`` / ``class`` / assignment of the top
level bind are followed; a name also bound another way (a ``for`` or ``with`` target, an
``except ... as``, ``del``, ``+=``, a ``global`` statement in a function) is left out, and
a binding under ``if`` / ``try`` / a loop may not run: where the import may still be in
effect (a conditional binding after it, or a star import that may rebind the name), the
resolver keeps the import, as it always did.
"""

from __future__ import annotations

import ast
from bisect import bisect_right
from dataclasses import dataclass

from auditor.astwalk import global_names, walk
from auditor.lowering import TypeAlias

#: A source position, (line, column), as ``ast`` gives them.
Pos = tuple[int, int]
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
#: Blocks of the top level that may not run, or run more than once (``except*`` included).
_CONDITIONAL = (ast.If, ast.Try, ast.TryStar, ast.For, ast.AsyncFor, ast.While)


@dataclass(frozen=True)
class _Binding:
    """One top-level statement binding a name: reads written after ``end`` see it."""

    end: Pos
    own: bool  # a def, class or assignment of the module (False: an import)
    conditional: bool  # under an if / try / loop of the top level


class Rebound:
    """The top-level bindings, in source order, of the names both an import and the
    module's own statements bind (see the module docstring)."""

    def __init__(self, tree: ast.Module, timeline: dict[str, list[_Binding]], stars: list[Pos]):
        self._tree = tree
        self._timeline = timeline
        self._stars = stars  # where the star imports of the top level end
        self._late: tuple[list[Pos], list[Pos]] | None = None

    def __contains__(self, name: str) -> bool:
        return name in self._timeline

    def own_at(self, name: str, pos: Pos | None) -> bool:
        """The binding of ``name`` in effect at ``pos`` (None: once the module has run, as a
        function body sees it) is certainly one of the module's own statements: the last
        binding before it is, or it is a conditional one of the module's own after one."""
        before = [b for b in self._timeline.get(name, ()) if pos is None or b.end <= pos]
        for b in reversed(before):
            if not b.own:
                return False
            if any(b.end <= star and (pos is None or star <= pos) for star in self._stars):
                return False  # ``from x import *`` after it may bind the name again
            if not b.conditional:
                return True
        return False  # nothing certain before: the name may be unbound, or imported

    def runs_late(self, pos: Pos) -> bool:
        """``pos`` lies in the body of a ``def`` or a ``lambda``: it runs when the function
        is called, not where the module's statements run."""
        if self._late is None:
            self._late = _late_regions(self._tree)
        starts, ends = self._late
        i = bisect_right(starts, pos) - 1
        return i >= 0 and pos <= ends[i]


def rebound_names(tree: ast.Module, source: bytes | None = None) -> Rebound | None:
    """The module's :class:`Rebound` names, or None when it has none (nearly every module).
    ``source``, the module's text: one without the word ``global`` holds no ``global``
    statement to look for."""
    timeline: dict[str, list[_Binding]] = {}
    unsure: set[str] = set()
    stars: list[Pos] = []
    _block(tree.body, False, timeline, unsure, stars)
    kept = {
        name: bindings
        for name, bindings in timeline.items()
        if name not in unsure and any(b.own for b in bindings) and any(not b.own for b in bindings)
    }
    if kept and (source is None or b"global" in source):
        for name in global_names(tree):  # (its statements only: no expression holds one)
            kept.pop(name, None)  # a function rebinds it when it runs
    return Rebound(tree, kept, stars) if kept else None


def _end(node: ast.AST) -> Pos:
    """Where ``node`` ends ((0, 0) for a node built without a position)."""
    line: int = getattr(node, "end_lineno", None) or getattr(node, "lineno", 0) or 0
    return (line, getattr(node, "end_col_offset", None) or 0)


def _start(node: ast.AST) -> Pos:
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))


def _block(
    stmts: list[ast.stmt],
    conditional: bool,
    timeline: dict[str, list[_Binding]],
    unsure: set[str],
    stars: list[Pos],
) -> None:
    """Record the bindings of the top-level block ``stmts`` (and of the blocks nested in it
    that run with the module: if, try, with, loops), in source order."""

    def bind(name: str, stmt: ast.stmt, own: bool) -> None:
        timeline.setdefault(name, []).append(_Binding(_end(stmt), own, conditional))

    for s in stmts:
        if isinstance(s, (ast.Import, ast.ImportFrom)):
            for a in s.names:
                if a.name == "*":
                    stars.append(_end(s))
                else:
                    bind(a.asname or a.name.split(".", 1)[0], s, False)
        elif isinstance(s, _DEFS):
            bind(s.name, s, True)
        elif isinstance(s, ast.Assign):
            for t in s.targets:
                for name in _target_names(t):
                    bind(name, s, True)
        elif isinstance(s, ast.AnnAssign):
            if s.value is not None and isinstance(s.target, ast.Name):
                bind(s.target.id, s, True)
        elif isinstance(s, TypeAlias):
            if isinstance(s.name, ast.Name):
                bind(s.name.id, s, True)
        elif isinstance(s, (ast.AugAssign, ast.Delete)):
            for t in s.targets if isinstance(s, ast.Delete) else [s.target]:
                unsure.update(_target_names(t))
        elif isinstance(s, (ast.With, ast.AsyncWith)):
            for item in s.items:
                if item.optional_vars is not None:
                    unsure.update(_target_names(item.optional_vars))
            _block(s.body, conditional, timeline, unsure, stars)
        elif isinstance(s, _CONDITIONAL):
            if isinstance(s, (ast.For, ast.AsyncFor)):
                unsure.update(_target_names(s.target))
            for h in getattr(s, "handlers", ()):
                if h.name:
                    unsure.add(h.name)
                _block(h.body, True, timeline, unsure, stars)
            for fld in ("body", "orelse", "finalbody"):
                _block(getattr(s, fld, []), True, timeline, unsure, stars)
        elif isinstance(s, ast.Match):
            unsure.update(_bound_in(s))  # (what a case binds is not followed)


def _bound_in(node: ast.AST) -> set[str]:
    """Every name ``node`` binds, nested statements included."""
    out: set[str] = set()
    for n in walk(node):
        if isinstance(n, (ast.Import, ast.ImportFrom)):
            out.update(a.asname or a.name.split(".", 1)[0] for a in n.names)
        elif isinstance(n, (*_DEFS, ast.MatchAs, ast.MatchStar)):
            out.add(n.name or "")
        elif isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            out.add(n.id)
    return out


def _target_names(t: ast.AST) -> list[str]:
    if isinstance(t, ast.Name):
        return [t.id]
    if isinstance(t, (ast.Tuple, ast.List)):
        return [name for e in t.elts for name in _target_names(e)]
    if isinstance(t, ast.Starred):
        return _target_names(t.value)
    return []


def _late_regions(tree: ast.Module) -> tuple[list[Pos], list[Pos]]:
    """The outermost bodies of the module's functions and lambdas, as (starts, ends),
    sorted: what runs only when a function is called."""
    spans: list[tuple[Pos, Pos]] = []
    for n in walk(tree):
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.body:
            first: ast.stmt | ast.expr = n.body[0]
        elif isinstance(n, ast.Lambda):
            first = n.body
        else:
            continue
        spans.append((_start(first), _end(n)))
    spans.sort()
    starts: list[Pos] = []
    ends: list[Pos] = []
    for start, end in spans:
        if ends and start <= ends[-1]:
            continue  # nested in the one before: its body runs late already
        starts.append(start)
        ends.append(end)
    return starts, ends
