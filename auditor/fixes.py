"""Fix diffs: built with libcst from the real source, only for files with a fixable finding.

A check's ``fix(source, hit, project)`` returns the whole fixed source; this module turns
it into a unified diff of the user's own lines, after proving the result still parses.
Helpers here locate the libcst node a hit points at (by 1-based line and column).
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import libcst as cst

    from auditor.check import Check, Hit
    from auditor.project import Project


def unified_diff(path: str, before: str, after: str, context: int = 2) -> str | None:
    """A unified diff that ``patch -p1`` and ``git apply`` take as is.

    Lines are split at ``\\n`` only (``str.splitlines`` also splits at form feeds and
    U+2028, which are not line ends for Python, ``patch`` or ``git``); a last line without a
    newline gets the ``\\ No newline at end of file`` marker; a file name holding a quote,
    a backslash or a control character is quoted like git quotes it.
    """
    if before == after:
        return None
    lines = difflib.unified_diff(
        _lines(before),
        _lines(after),
        fromfile=_diff_name("a/" + path),
        tofile=_diff_name("b/" + path),
        n=context,
    )
    text = "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )
    return text or None


def _lines(text: str) -> list[str]:
    parts = text.split("\n")
    out = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


_C_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\v": "\\v",
}


def _diff_name(name: str) -> str:
    """``name`` for a ``---`` / ``+++`` line, C-quoted (as git does) when it needs it."""
    if not any(c in _C_ESCAPES or ord(c) < 0x20 or ord(c) == 0x7F for c in name):
        return name
    body = "".join(
        _C_ESCAPES.get(c) or (f"\\{ord(c):03o}" if ord(c) < 0x20 or ord(c) == 0x7F else c)
        for c in name
    )
    return f'"{body}"'


class FixError(Exception):
    """A check's fixer crashed, or built code that does not parse: a bug of the check, reported
    in the report's ``errors`` (the finding keeps its fix title, without a diff)."""


def build_fix(
    check: Check, hit: Hit, project: Project, data: bytes, cache: Any = None
) -> str | None:
    """The diff for one fixable hit, or None when the fix does not apply here.

    Raises :class:`FixError` when the fixer raises or its result does not parse.  ``cache``
    (a :class:`auditor.cache.FactsCache`) keeps the diff by the file's content and the hit;
    the engine looks diffs up itself (:func:`fix_key`) and passes None.
    """
    import libcst

    from auditor.source import SourceProblem, decode

    key = None
    if cache is not None:
        key = fix_key(hashlib.blake2b(data, digest_size=12).hexdigest(), hit)
        found, diff = cache.get_fix(key)
        if found:
            return diff
    where = f"{hit.path}:{hit.line}" if hit.line else str(hit.path)
    fixed: str | None
    try:
        source = decode(data)
        fixed = check.fix(source, hit, project)
    except (SourceProblem, libcst.ParserSyntaxError, RecursionError):
        fixed = None  # the file cannot be rewritten (undecodable, or beyond libcst's grammar)
    except Exception as exc:  # a fixer bug must not take the report down: it is reported
        raise FixError(
            f"{hit.check_id}'s fix crashed on {where}: {exc.__class__.__name__}: {exc}"
        ) from exc
    diff = None
    if fixed is not None and fixed != source:
        # a Python file's fix must parse; config files are text
        if (hit.path or "").endswith(".py"):
            problem = _parse_problem(source, fixed, hit.path or "<fix>")
            if problem is not None:
                raise FixError(
                    f"{hit.check_id}'s fix on {where} does not parse ({problem}): not offered"
                )
        diff = unified_diff(hit.path or "file", source, fixed)
    if cache is not None and key is not None:
        cache.put_fix(key, diff)
    return diff


def fix_key(content: str, hit: Hit, project_key: str = "") -> str:
    """The fix cache's key of ``hit``: its file's content hash, where it is and what it says,
    and ``project_key`` (what a fixer may read beyond the file, e.g. the target Python)."""
    return (
        f"{content}:{project_key}:{hit.path}:{hit.check_id}:{hit.line}:{hit.column}:{hit.message}"
    )


#: source -> its libcst module, while :func:`one_file` is in force
_MODULES: dict[str, Any] | None = None


@contextmanager
def one_file() -> Iterator[None]:
    """Within, :func:`parse_module` parses each source once: every fix of one file then costs
    one libcst parse, not one per finding.  libcst trees are immutable, so fixes sharing one
    cannot see each other's edits."""
    global _MODULES
    saved, _MODULES = _MODULES, {}
    _OWNER.clear()
    try:
        yield
    finally:
        _MODULES = saved
        _OWNER.clear()


def _parse_problem(source: str, fixed: str, path: str) -> str | None:
    """Why the fixed file does not parse, or None.  A file in syntax newer than this
    interpreter (``source`` itself needs libcst) is held to libcst's grammar; any other to
    the stdlib's."""
    from auditor.source import SourceProblem, parse_text

    try:
        compile(fixed, path, "exec", dont_inherit=True, flags=0x400)  # ast only
        return None
    except (SyntaxError, ValueError) as exc:
        error = str(exc)
    try:
        compile(source, path, "exec", dont_inherit=True, flags=0x400)
        return error  # the stdlib parsed the file: the fix broke it
    except (SyntaxError, ValueError):
        pass
    try:
        parse_text(fixed, path)
    except SourceProblem as problem:
        return str(problem)
    return None


def parse_module(source: str) -> cst.Module:
    """``source`` parsed with libcst (once per source within :func:`one_file`)."""
    import libcst

    if _MODULES is None:
        return libcst.parse_module(source)
    module = _MODULES.get(source)
    if module is None:
        module = _MODULES[source] = libcst.parse_module(source)
    return module


def _statement_spans(module: cst.Module) -> list[tuple[int, int, Any]]:
    """(first line, last line, statement) of each top-level statement, cheaply."""
    spans = []
    # the header (leading comments / blank lines) comes before the first statement
    line = 1 + len(module.header)
    for stmt in module.body:
        code = module.code_for_node(stmt)
        n = len(_LINE_END.findall(code))  # "\r\n", "\r" or "\n", as Python counts lines
        spans.append((line, line + max(n - 1, 0), stmt))
        line += n
    return spans


_LINE_END = re.compile(r"\r\n|\r|\n")


def locate(
    module: cst.Module, node_type: type, line: int | None, column: int | None = None
) -> list[Any]:
    """Nodes of ``node_type`` starting at (line, 1-based column), located cheaply: only the
    top-level statement holding ``line`` gets positions computed."""
    import libcst
    from libcst.metadata import MetadataWrapper, PositionProvider

    if line is None:
        return []
    out = []
    for first, last, stmt in _statement_spans(module):
        if not first <= line <= last:
            continue
        sub = libcst.Module(
            body=[stmt],
            default_indent=module.default_indent,
            default_newline=module.default_newline,
        )
        wrapper = MetadataWrapper(sub, unsafe_skip_copy=True)
        positions = wrapper.resolve(PositionProvider)
        offset = first - 1
        for node, pos in positions.items():
            if (
                isinstance(node, node_type)
                and pos.start.line + offset == line
                and (column is None or pos.start.column + 1 == column)
            ):
                out.append(node)
                _OWNER[id(node)] = stmt
    return out


#: located node id -> its top-level statement (so a replacement visits only that statement)
_OWNER: dict[int, Any] = {}


def replace_node(module: cst.Module, old: Any, new: Any) -> cst.Module:
    """``module`` with ``old`` replaced by ``new``; cheap when ``old`` came from ``locate``."""
    stmt = _OWNER.get(id(old))
    if stmt is not None and stmt in module.body:
        body = list(module.body)
        i = next(i for i, s in enumerate(body) if s is stmt)
        body[i] = (
            stmt
            if stmt is old and new is None
            else (new if stmt is old else stmt.deep_replace(old, new))
        )
        return module.with_changes(body=body)
    return module.deep_replace(old, new)


def add_import(module: cst.Module, module_name: str, obj: str | None = None) -> cst.Module:
    """``import module_name`` or ``from module_name import obj`` unless already imported at
    module level; inserted after the last leading import (after the docstring and
    ``from __future__``).  Only top-level statements are looked at: cheap on any size."""
    import libcst

    body = list(module.body)
    last_import = -1
    docstring = 0
    for i, stmt in enumerate(body):
        if not isinstance(stmt, libcst.SimpleStatementLine) or not stmt.body:
            break
        small = stmt.body[0]
        if isinstance(small, libcst.Import):
            last_import = i
            for alias in small.names:
                name = module.code_for_node(alias.name)
                if obj is None and name == module_name and alias.asname is None:
                    return module
        elif isinstance(small, libcst.ImportFrom):
            last_import = i
            if (
                small.module is not None
                and module.code_for_node(small.module) == module_name
                and obj is not None
            ) and not isinstance(small.names, libcst.ImportStar):
                for alias in small.names:
                    if module.code_for_node(alias.name) == obj and alias.asname is None:
                        return module
        elif (
            i == 0
            and isinstance(small, libcst.Expr)
            and isinstance(small.value, (libcst.SimpleString, libcst.ConcatenatedString))
        ):
            docstring = 1  # the module docstring stays first
        else:
            break
    code = f"import {module_name}\n" if obj is None else f"from {module_name} import {obj}\n"
    new_stmt = libcst.parse_statement(code)
    body.insert(last_import + 1 if last_import >= 0 else docstring, new_stmt)
    return module.with_changes(body=body)
