"""Cheap source edits for fixes (used by the Pydantic and dependency checks, PYD*, DEP*).

A fix here never parses the whole file with libcst (about 40 ms for 300 lines, paid per
finding): the stdlib ``ast`` finds the top-level statement to change, libcst parses only
that statement, and an import is added by parsing only the module's leading imports.
"""

from __future__ import annotations

import ast
import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from auditor import names
from auditor.lazyre import lazy_compile
from auditor.source import parse_text

if TYPE_CHECKING:  # pragma: no cover
    from auditor.walker import ModuleContext


@dataclass
class _State:
    """What the edit helpers compute once per module (None: not yet)."""

    module_names: frozenset[str] | None = None
    runtime_names: frozenset[str] | None = None
    lines: list[bytes] | None = None
    runtime_imports: frozenset[str] | None = None
    header_end: int | None = None


def local_name(qname: str, ctx: ModuleContext) -> tuple[str, bool] | None:
    """How to spell ``qname`` (``pydantic.ConfigDict``) in the module being walked:
    (text, whether an import must be added), or None when the plain name is taken."""
    module, obj = qname.rsplit(".", 1)
    facts = ctx.facts
    runtime = runtime_imports(ctx)
    for local, target in facts.imports.items():
        if names.canonical(target) == qname:
            return (local, False) if local in runtime else None
    for local, target in facts.imports.items():
        if target == module and local in runtime:
            return f"{local}.{obj}", False
    if obj in facts.imports or obj in module_names(ctx):
        return None
    return obj, True


def module_names(ctx: ModuleContext, runtime: bool = False) -> frozenset[str]:
    """Every name the module binds at its top level (conditionally or not).  ``runtime``:
    the names bound when it runs, leaving out those bound only in the body of an ``if
    TYPE_CHECKING:`` (or the ``else`` of ``if not TYPE_CHECKING:``), which only a type checker
    sees."""
    state = ctx.state(_State)
    found = state.runtime_names if runtime else state.module_names
    if found is not None:
        return found
    out: set[str] = set()
    stack = list(ctx.tree.body) if ctx.tree is not None else []
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(stmt.name)
            continue
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            out.update(a.asname or a.name.split(".", 1)[0] for a in stmt.names)  # "*" too
            continue
        if runtime and isinstance(stmt, ast.If):
            test, negated = stmt.test, False
            if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
                test, negated = test.operand, True
            if ctx.resolve(test) in names.TYPE_CHECKING:
                stack.extend(stmt.body if negated else stmt.orelse)
                continue
            for node in ast.walk(stmt.test):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    out.add(node.id)  # a walrus in the test
        else:
            for node in ast.walk(stmt):
                if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                    out.add(node.id)
        for field in ("body", "orelse", "finalbody"):
            stack.extend(s for s in getattr(stmt, field, ()) or () if isinstance(s, ast.stmt))
        for h in getattr(stmt, "handlers", ()) or ():
            stack.extend(h.body)
    found = frozenset(out)
    if runtime:
        state.runtime_names = found
    else:
        state.module_names = found
    return found


def line_text(ctx: ModuleContext, lineno: int) -> bytes:
    """The raw bytes of a source line (1-based)."""
    state = ctx.state(_State)
    lines = state.lines
    if lines is None:
        lines = state.lines = ctx.source.split(b"\n")
    return lines[lineno - 1] if 0 < lineno <= len(lines) else b""


def runtime_imports(ctx: ModuleContext) -> frozenset[str]:
    """Local names bound by module-level imports that run (not under ``if TYPE_CHECKING:``
    or any other ``if``): a fix may only rely on those."""
    state = ctx.state(_State)
    found = state.runtime_imports
    if found is None:
        out: set[str] = set()
        stack = list(ctx.tree.body) if ctx.tree is not None else []
        while stack:
            stmt = stack.pop()
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                for a in stmt.names:
                    out.add(a.asname or a.name.split(".", 1)[0])
            elif isinstance(stmt, ast.Try):
                stack.extend(stmt.body)
                for h in stmt.handlers:
                    stack.extend(h.body)
        found = state.runtime_imports = frozenset(out)
    return found


class Where(NamedTuple):
    """Where a hit's fix edits, found during the module pass so the fix need not parse the
    whole file: the top-level statement holding the node and the end of the leading imports."""

    span: tuple[int, int]  # (first line, last line), decorators included
    header_end: int  # last line of the module's leading imports (0: none, -1: unknown)


def span_of(where: Where | None) -> tuple[int, int] | None:
    return where.span if where is not None else None


def header_end_of(where: Where | None) -> int | None:
    return where.header_end if where is not None else None


def where(ctx: ModuleContext, node: ast.AST) -> Where:
    """Hit data that lets a fix skip parsing the whole file: the span of the top-level
    statement holding ``node`` and the last line of the module's leading imports."""
    parents = ctx.parents
    top = parents[1] if len(parents) > 1 else node
    decorators = getattr(top, "decorator_list", ())
    start = min([top.lineno, *(d.lineno for d in decorators)])  # type: ignore[attr-defined]
    end = top.end_lineno or top.lineno  # type: ignore[attr-defined]
    state = ctx.state(_State)
    header = state.header_end
    if header is None:
        header = state.header_end = _header_end(ctx.tree) if ctx.tree is not None else -1
    return Where((start, end), header)


def _header_end(tree: ast.Module) -> int:
    end = 0
    for i, stmt in enumerate(tree.body):
        if (i == 0 and is_docstring(stmt)) or isinstance(stmt, (ast.Import, ast.ImportFrom)):
            end = stmt.end_lineno or stmt.lineno
            continue
        break
    return end


def statement_span(tree: ast.Module, line: int) -> tuple[int, int] | None:
    """(first line, last line) of the top-level statement holding ``line``, decorators included."""
    for stmt in tree.body:
        decorators = getattr(stmt, "decorator_list", ())
        start = min([stmt.lineno, *(d.lineno for d in decorators)])
        end = stmt.end_lineno or stmt.lineno
        if start <= line <= end:
            return start, end
    return None


def edit_statement(
    source: str,
    line: int | None,
    edit: Callable[[Any, int], Any],
    span: tuple[int, int] | list[int] | None = None,
) -> str | None:
    """Apply ``edit(module, offset)`` to the top-level statement holding ``line``.

    ``module`` is that statement alone, parsed with libcst; a node at source line ``n`` is
    at line ``n - offset`` in it.  ``edit`` returns the changed module, or None to give up.
    ``span`` (from :func:`where`) saves parsing the file to find the statement.
    """
    import libcst as cst

    from auditor.fixes import parse_module

    if line is None:
        return None
    if span is None:
        span = statement_span(parse_text(source), line)  # newer syntax too
        if span is None:
            return None
    start, end = span
    if not start <= line <= end:
        return None
    lines = source.splitlines(keepends=True)
    snippet = "".join(lines[start - 1 : end])
    try:
        module = parse_module(snippet)  # once for the fixes of one file in one statement
    except cst.ParserSyntaxError:
        return None
    changed = edit(module, start - 1)
    if changed is None:
        return None
    return "".join(lines[: start - 1]) + changed.code + "".join(lines[end:])


#: characters ``str.splitlines`` ends a line at and Python does not (form feed, ...)
_NOT_PYTHON_LINE_ENDS = lazy_compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
#: the last source split by :func:`source_lines`, and its lines
_LAST_LINES: tuple[str, list[str] | None] = ("", [])


def source_lines(source: str) -> list[str] | None:
    """``source.splitlines(keepends=True)`` when those are the lines Python numbers (no form
    feed or other character that ends a line for ``str.splitlines`` only), else None.  The
    fixes of one file split it once: the last source's lines are kept."""
    global _LAST_LINES
    last, lines = _LAST_LINES
    if source is last or source == last:
        return lines
    lines = None if _NOT_PYTHON_LINE_ENDS.search(source) else source.splitlines(keepends=True)
    _LAST_LINES = (source, lines)
    return lines


def header_import(
    source: str, module_name: str, obj: str, stdlib: bool = False, header_end: int | None = None
) -> str:
    """``source`` with ``from module_name import obj``, parsing only the leading imports
    (``header_end``, from :func:`where`, is their last line: it saves parsing the file)."""
    if header_end is None or header_end < 0:
        header_end = _header_end(parse_text(source))  # newer syntax too
    lines = source.splitlines(keepends=True)
    if header_end == 0:
        top = 0  # after a shebang, an encoding line or a licence comment
        while top < len(lines) and lines[top].startswith("#"):
            top += 1
        first = next(
            (ln for ln in lines[top:] if ln.strip() and not ln.lstrip().startswith("#")), ""
        )
        gap = "\n\n" if first.startswith(("def ", "async def ", "class ", "@")) else "\n"
        lead = "".join(lines[:top]) + ("\n" if top else "")
        return lead + f"from {module_name} import {obj}\n{gap}" + "".join(lines[top:]).lstrip("\n")
    header = "".join(lines[:header_end])
    if not header.endswith(("\n", "\r")):
        header += "\n"
    return _with_import(header, module_name, obj, stdlib) + "".join(lines[header_end:])


@functools.lru_cache(maxsize=64)
def _with_import(header: str, module_name: str, obj: str, stdlib: bool) -> str:
    """The leading imports ``header`` with ``from module_name import obj`` (the fixes of one
    file share one header: it is parsed once)."""
    import libcst as cst

    return import_name(cst.parse_module(header), module_name, obj, stdlib).code


def import_name(module, module_name: str, obj: str, stdlib: bool = False):
    """``module`` (libcst) with ``from module_name import obj`` among its leading imports:
    appended to a one-line ``from module_name import ...`` when there is one; otherwise a new
    line, before the other imports for a ``stdlib`` module (a blank line after it unless the
    next import is standard-library too), after them for others, and after the docstring
    and ``from __future__`` imports in any case."""
    import libcst as cst

    body = list(module.body)
    after_future = 0  # index after the docstring and ``__future__`` imports
    first_import: int | None = None
    last_import: int | None = None
    for i, stmt in enumerate(body):
        small = (
            stmt.body[0]
            if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1
            else None
        )
        if small is None:
            break
        if (
            i == 0
            and isinstance(small, cst.Expr)
            and isinstance(small.value, (cst.SimpleString, cst.ConcatenatedString))
        ):
            after_future = 1
            continue
        if isinstance(small, cst.ImportFrom) and not small.relative and small.module is not None:
            mod = module.code_for_node(small.module)
            if mod == "__future__":
                after_future = i + 1
                continue
            if (
                mod == module_name
                and not isinstance(small.names, cst.ImportStar)
                and small.lpar is None
            ):
                aliases = list(small.names)
                if any(module.code_for_node(a.name) == obj and a.asname is None for a in aliases):
                    return module
                aliases[-1] = aliases[-1].with_changes(
                    comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
                )
                aliases.append(cst.ImportAlias(name=cst.Name(obj)))
                body[i] = stmt.with_changes(body=[small.with_changes(names=aliases)])
                return module.with_changes(body=body)
        if isinstance(small, (cst.Import, cst.ImportFrom)):
            first_import = i if first_import is None else first_import
            last_import = i
            continue
        break
    new_stmt = cst.parse_statement(f"from {module_name} import {obj}\n")
    if first_import is not None and stdlib:
        nxt = body[first_import]
        body.insert(first_import, new_stmt.with_changes(leading_lines=nxt.leading_lines))
        same_section = _import_top(module, nxt.body[0]) in sys.stdlib_module_names
        body[first_import + 1] = nxt.with_changes(
            leading_lines=() if same_section else (cst.EmptyLine(),)
        )
    elif last_import is not None:
        body.insert(last_import + 1, new_stmt)
    else:
        gap = (cst.EmptyLine(),) if after_future else ()
        body.insert(after_future, new_stmt.with_changes(leading_lines=gap))
    return module.with_changes(body=body)


def is_docstring(stmt: ast.stmt) -> bool:
    return (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Constant)
        and isinstance(stmt.value.value, str)
    )


def _import_top(module, small) -> str:
    import libcst as cst

    if isinstance(small, cst.Import):
        return module.code_for_node(small.names[0].name).split(".", 1)[0]
    if isinstance(small, cst.ImportFrom) and not small.relative and small.module is not None:
        return module.code_for_node(small.module).split(".", 1)[0]
    return ""
