"""Fix diffs: built with libcst from the real source, only for files with a fixable finding.

A check's ``fix(source, hit, project)`` returns the whole fixed source; this module turns
it into a unified diff of the user's own lines, after proving the result still parses.
Helpers here locate the libcst node a hit points at (by 1-based line and column).
"""

from __future__ import annotations

import bisect
import difflib
import itertools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from auditor.lazyre import lazy_compile

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
    lines_before = before.count("\n") + (not before.endswith("\n"))  # (as ``_lines`` counts)
    offset, large = 0, lines_before > _TRIM_ABOVE
    if large:
        # cut the text itself first, at whole lines of the unchanged head and tail (found in
        # runs of characters, less the context): a fix of a 20,000-line file then splits only
        # the lines around its edit, not both whole files, per fix
        head_chars = _equal_run(
            lambda i, j: before[i:j] == after[i:j], min(len(before), len(after))
        )
        rest = min(len(before), len(after)) - head_chars
        tail_chars = _equal_run(
            lambda i, j: (
                before[len(before) - j : len(before) - i] == after[len(after) - j : len(after) - i]
            ),
            rest,
        )
        # whole lines inside the common head, less the context lines (and one for safety)
        cut = _line_start_back(before, before.rfind("\n", 0, head_chars) + 1, context + 1)
        offset = before.count("\n", 0, cut)
        # whole lines inside the common tail: those starting after a newline of the tail
        start = before.find("\n", len(before) - tail_chars)
        end = len(before)
        if start != -1:
            end = _line_end_forward(before, start + 1, context + 1)
        kept = len(before) - end
        before, after = before[cut:end], after[cut : len(after) - kept]
    a, b = _lines(before), _lines(after)
    # difflib's cost grows with the file: leave out the unchanged head and tail of a large
    # file (keeping the context lines), and number the hunks as in the whole file
    limit = min(len(a), len(b)) if large else 0
    head = _equal_run(lambda i, j: a[i:j] == b[i:j], limit)
    la, lb = len(a), len(b)
    tail = _equal_run(lambda i, j: a[la - j : la - i] == b[lb - j : lb - i], limit - head)
    skip, drop = max(0, head - context), max(0, tail - context)
    lines = difflib.unified_diff(
        a[skip : len(a) - drop],
        b[skip : len(b) - drop],
        fromfile=_diff_name("a/" + path),
        tofile=_diff_name("b/" + path),
        n=context,
    )
    text = "".join(
        (_HUNK.sub(lambda m: _shifted(m, offset + skip), line) if line.startswith("@@ ") else line)
        if line.endswith("\n")
        else line + "\n\\ No newline at end of file\n"
        for line in lines
    )
    return text or None


def _line_start_back(text: str, pos: int, lines: int) -> int:
    """The start of the line ``lines`` lines above the line starting at ``pos`` (0 at most)."""
    for _ in range(lines):
        if pos <= 0:
            return 0
        pos = text.rfind("\n", 0, pos - 1) + 1
    return pos


def _line_end_forward(text: str, pos: int, lines: int) -> int:
    """Where the line ``lines`` lines below the line starting at ``pos`` starts (the end of
    ``text`` at most)."""
    for _ in range(lines):
        nl = text.find("\n", pos)
        if nl == -1:
            return len(text)
        pos = nl + 1
    return pos


#: files up to this many lines are diffed whole (difflib may align repeated lines of a trimmed
#: file differently: both diffs apply, but small files keep difflib's own choice)
_TRIM_ABOVE = 1000
_HUNK = lazy_compile(r"^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@")


def _shifted(m: re.Match[str], skip: int) -> str:
    return (
        f"@@ -{int(m.group(1)) + skip}{m.group(2) or ''} "
        f"+{int(m.group(3)) + skip}{m.group(4) or ''} @@"
    )


def _equal_run(equal: Callable[[int, int], bool], limit: int) -> int:
    """The largest n <= ``limit`` with ``equal(0, n)``, where ``equal(i, j)`` compares lines
    i to j (of both heads, or of both tails): compared in runs of up to 1,024 lines (C-speed
    list comparisons), not line by line in Python (a 23,000-line file, per fix)."""
    n, step = 0, 1024
    while step:
        while n + step <= limit and equal(n, n + step):
            n += step
        step //= 2
    return n


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


def build_fix(check: Check, hit: Hit, project: Project, data: bytes) -> str | None:
    """The diff for one fixable hit, or None when the fix does not apply here.

    Raises :class:`FixError` when the fixer raises or its result does not parse.  Diffs are
    cached by the engine (:func:`fix_key`), not here.
    """
    import libcst

    from auditor.source import SourceProblem

    where = f"{hit.path}:{hit.line}" if hit.line else str(hit.path)
    fixed: str | None
    # nodes located for an earlier fix are of no use to this one: let them go
    _OWNER.clear()
    _POSITIONS.clear()
    try:
        source = _text_of(data)
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
        if (hit.path or "").endswith(".py") and not _parses_by_parts(source, fixed):
            problem = _parse_problem(source, fixed, hit.path or "<fix>")
            if problem is not None:
                raise FixError(
                    f"{hit.check_id}'s fix on {where} does not parse ({problem}): not offered"
                )
        diff = unified_diff(hit.path or "file", source, fixed)
    return diff


#: the last file's bytes decoded for a fix, and its text (the fixes of one file share it: a
#: 1 MB file decoded per fix was 4-5 MB of text per fix, and a new string to hash each time
#: its parts are looked up)
_LAST_DECODED: tuple[bytes | None, str] = (None, "")


def _text_of(data: bytes) -> str:
    """``decode(data)``, once for the fixes of one file (raises its SourceProblem)."""
    from auditor.source import decode

    global _LAST_DECODED
    last, text = _LAST_DECODED
    if data is not last:
        text = decode(data)
        _LAST_DECODED = (data, text)
    return text


def fix_key(content: str, hit: Hit, project_key: str = "") -> str:
    """The fix cache's key of ``hit``: its file's content hash, where it is and what it says,
    and ``project_key`` (what a fixer may read beyond the file, e.g. the target Python)."""
    return (
        f"{content}:{project_key}:{hit.path}:{hit.check_id}:{hit.line}:{hit.column}:{hit.message}"
    )


_ONLY_AST = 0x400  # ast.PyCF_ONLY_AST: parse, do not compile

#: source -> its libcst module, while :func:`one_file` is in force
_MODULES: dict[str, Any] | None = None
#: source -> the offsets of its top-level statements (see _chunks), while one_file is in force
_CHUNKS: dict[str, list[str] | None] | None = None
#: id(memoised module) -> (the module, kept alive so its id stays its own; its statement
#: spans, filled when first asked for); other modules (one statement parsed alone) get none
_SPANS: dict[int, tuple[Any, list[tuple[int, int, Any]]]] | None = None
#: id(top-level statement of a memoised module) -> (the statement, its code), with its spans
_CODES: dict[int, tuple[Any, str]] | None = None
#: (a file's bytes, the first lines of its top-level statements), from :func:`one_file`
_STARTS: tuple[bytes, list[int]] | None = None
#: source -> its validated statement starts (see statement_at), while one_file is in force
_STARTS_OF: dict[str, list[int] | None] | None = None


@contextmanager
def one_file(
    source: bytes | None = None, statement_lines: list[int] | None = None
) -> Iterator[None]:
    """Within, :func:`parse_module` parses each source once: every fix of one file then costs
    one libcst parse, not one per finding.  libcst trees are immutable, so fixes sharing one
    cannot see each other's edits.

    ``statement_lines`` (the module pass's facts of the file ``source``) are where its
    top-level statements start: proving that a fix parses then needs no syntax tree of the
    whole file (tens of MB for the largest files)."""
    global _MODULES, _CHUNKS, _SPANS, _CODES, _STARTS, _STARTS_OF
    saved = _MODULES, _CHUNKS, _SPANS, _CODES, _STARTS, _STARTS_OF
    _MODULES, _CHUNKS, _SPANS, _CODES, _STARTS_OF = {}, {}, {}, {}, {}
    _STARTS = (source, statement_lines) if source is not None and statement_lines else None
    _OWNER.clear()
    _POSITIONS.clear()
    _LOCATED.clear()
    try:
        yield
    finally:
        _MODULES, _CHUNKS, _SPANS, _CODES, _STARTS, _STARTS_OF = saved
        _OWNER.clear()
        _POSITIONS.clear()
        _LOCATED.clear()


def _parses_by_parts(source: str, fixed: str) -> bool:
    """Whether ``fixed`` (an edit of ``source``, which parses) is shown to parse by parsing only
    what the edit changed.  Only within :func:`one_file`; False means "parse it whole".

    ``source`` is cut into chunks at its top-level statements (each parses on its own, and
    ends where the tokenizer is back at column 0 outside any bracket or string).  ``fixed`` is
    walked chunk by chunk: a chunk found verbatim at a line start needs no parsing, and the
    text between two such finds is parsed on its own.  When every piece parses alone, so does
    their concatenation.  A fix touching two places of a 20,000-line file then parses two
    statements, not the file, once per finding.
    """
    if _CHUNKS is None:
        return False
    chunks = _CHUNKS.get(source, ...)
    if chunks is ...:
        chunks = _CHUNKS[source] = _chunks(source)
    if chunks is None:
        return False
    pos, k, n = 0, 0, len(chunks)
    while k < n:
        if fixed.startswith(chunks[k], pos):
            pos += len(chunks[k])
            k += 1
            continue
        # the text up to the next original chunk found at a line start was changed
        end, resume = len(fixed), n
        for k2 in range(k + 1, n):
            at = _line_start_find(fixed, chunks[k2], pos)
            if at >= 0:
                end, resume = at, k2
                break
        if not _parses_alone(fixed[pos:end]):
            return False
        pos, k = end, resume
    return pos == len(fixed) or _parses_alone(fixed[pos:])


def _line_start_find(text: str, part: str, start: int) -> int:
    at = text.find(part, start)
    while at > 0 and text[at - 1] != "\n":
        at = text.find(part, at + 1)
    return at


def _parses_alone(text: str) -> bool:
    try:
        compile(text, "<fix>", "exec", dont_inherit=True, flags=_ONLY_AST)
    except (SyntaxError, ValueError):
        return False
    return True


def _chunks(source: str) -> list[str] | None:
    """``source`` cut before each top-level statement (decorators included), or None."""
    if "\r" in source.replace("\r\n", ""):
        return None  # a lone carriage return ends a line for Python, not for this cut
    lines = source.split("\n")
    starts = _statement_starts(source, lines)
    if starts is None:
        return None
    offsets = [0]
    offset = 0
    line = 1
    for start in starts:
        while line < start:
            offset += len(lines[line - 1]) + 1
            line += 1
        if offset > offsets[-1]:
            offsets.append(offset)
    offsets.append(len(source))
    return [source[a:b] for a, b in itertools.pairwise(offsets) if b > a]


def _statement_starts(source: str, lines: list[str]) -> list[int] | None:
    """The sorted first lines of the top-level statements of ``source`` (``lines`` are its
    lines as Python numbers them): the module pass's when :func:`one_file` was given them for
    this source, else from a parse of the file."""
    starts = _facts_starts(source, lines)
    if starts is not None:
        return starts
    import ast

    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return sorted(
        {
            min([stmt.lineno, *(d.lineno for d in getattr(stmt, "decorator_list", ()))])
            for stmt in tree.body
        }
    )


def _facts_starts(source: str, lines: list[str]) -> list[int] | None:
    """The module pass's statement starts (see :func:`one_file`) when they are of ``source``."""
    if _STARTS is None:
        return None
    if _STARTS_OF is not None and source in _STARTS_OF:
        return _STARTS_OF[source]
    data, known = _STARTS
    found = sorted(set(known))
    # the facts are of this file's content, where a top-level statement starts at column 0
    starts = (
        found
        if all(0 < s <= len(lines) and lines[s - 1][:1] not in _NOT_A_STATEMENT for s in found)
        and _decoded(data) == source
        else None
    )
    if _STARTS_OF is not None:
        _STARTS_OF[source] = starts
    return starts


_NOT_A_STATEMENT = frozenset({"", " ", "\t", "\n", "\r", "\x0c"})


def statement_at(source: str, line: int | None) -> tuple[int, int] | None:
    """(first line, last line) of the top-level statement of ``source`` holding ``line``,
    blank lines and comments after it included, from the module pass's facts (see
    :func:`one_file`); None when they are not known here (no parse of the file is made)."""
    from auditor.source_edits import source_lines

    if _STARTS is None or line is None:
        return None
    lines = source_lines(source)
    starts = _facts_starts(source, lines) if lines is not None else None
    if not starts or lines is None:
        return None
    i = bisect.bisect_right(starts, line) - 1
    if i < 0:
        return None
    end = starts[i + 1] - 1 if i + 1 < len(starts) else len(lines)
    return starts[i], end


def _decoded(data: bytes) -> str | None:
    from auditor.source import SourceProblem

    try:
        return _text_of(data)
    except SourceProblem:
        return None


def _parse_problem(source: str, fixed: str, path: str) -> str | None:
    """Why the fixed file does not parse, or None.  A file in syntax newer than this
    interpreter (``source`` itself needs libcst) is held to libcst's grammar; any other to
    the stdlib's."""
    from auditor.source import SourceProblem, parse_text

    try:
        compile(fixed, path, "exec", dont_inherit=True, flags=_ONLY_AST)
        return None
    except (SyntaxError, ValueError) as exc:
        error = str(exc)
    try:
        compile(source, path, "exec", dont_inherit=True, flags=_ONLY_AST)
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

    if _MODULES is None or _SPANS is None:
        return libcst.parse_module(source)
    module = _MODULES.get(source)
    if module is None:
        module = _MODULES[source] = libcst.parse_module(source)
        _SPANS[id(module)] = (module, [])  # its statement spans, once they are asked for
    return module


def _statement_spans(module: cst.Module) -> list[tuple[int, int, Any]]:
    """(first line, last line, statement) of each top-level statement, cheaply (once per module
    within :func:`one_file`)."""
    found = _SPANS.get(id(module)) if _SPANS is not None else None
    if found is None:
        return _spans(module)
    if not found[1]:  # a module parse_module memoised: its spans, once
        found[1].extend(_spans(module, _CODES))
    return found[1]


def _spans(
    module: cst.Module, codes: dict[int, tuple[Any, str]] | None = None
) -> list[tuple[int, int, Any]]:
    spans = []
    # the header (leading comments / blank lines) comes before the first statement
    line = 1 + len(module.header)
    for stmt in module.body:
        code = module.code_for_node(stmt)
        if codes is not None:
            codes[id(stmt)] = (stmt, code)
        n = len(_LINE_END.findall(code))  # "\r\n", "\r" or "\n", as Python counts lines
        spans.append((line, line + max(n - 1, 0), stmt))
        line += n
    return spans


def module_code(module: cst.Module) -> str:
    """``module.code``, generating only the top-level statements that are new: a statement
    of a module :func:`parse_module` memoised (within :func:`one_file`, once its statement
    spans were asked for) is its text as already generated.  For a module derived from it by
    :func:`replace_node` or :func:`add_import`, that is one statement instead of the file."""
    if _CODES is None or not _CODES or not module.has_trailing_newline:
        return module.code
    parts = [module.code_for_node(line) for line in module.header]
    for stmt in module.body:
        known = _CODES.get(id(stmt))
        parts.append(
            known[1] if known is not None and known[0] is stmt else module.code_for_node(stmt)
        )
    parts.extend(module.code_for_node(line) for line in module.footer)
    return "".join(parts)


_LINE_END = lazy_compile(r"\r\n|\r|\n")


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
        known = _LOCATED.get(id(stmt)) if _SPANS is not None else None
        if known is not None and known[0] is stmt and known[1] is module:
            positions = known[2]  # another fix of the file located in this statement
        else:
            sub = libcst.Module(
                body=[stmt],
                default_indent=module.default_indent,
                default_newline=module.default_newline,
            )
            wrapper = MetadataWrapper(sub, unsafe_skip_copy=True)
            positions = wrapper.resolve(PositionProvider)
            if _SPANS is not None and id(module) in _SPANS:  # a module parse_module keeps
                _LOCATED[id(stmt)] = (stmt, module, positions)
        _POSITIONS[id(stmt)] = positions
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
#: id(top-level statement) -> the positions of its nodes, from ``locate``
_POSITIONS: dict[int, Any] = {}
#: id(top-level statement of a module :func:`parse_module` keeps) -> (the statement, the
#: module, the positions of its nodes), while :func:`one_file` is in force: the fixes of one
#: file that locate nodes in the same statement compute its positions once
_LOCATED: dict[int, tuple[Any, Any, Any]] = {}


def replace_node(module: cst.Module, old: Any, new: Any) -> cst.Module:
    """``module`` with ``old`` replaced by ``new``; cheap when ``old`` came from ``locate``:
    only the nodes on the path from its statement down to it are rebuilt."""
    stmt = _OWNER.get(id(old))
    if stmt is not None and stmt in module.body:
        body = list(module.body)
        i = next(i for i, s in enumerate(body) if s is stmt)
        if stmt is old:
            body[i] = stmt if new is None else new
        else:
            replaced = _replaced_on_path(stmt, old, new, _POSITIONS.get(id(stmt)))
            body[i] = replaced if replaced is not None else stmt.deep_replace(old, new)
        return module.with_changes(body=body)
    replaced = _replaced_on_path(module, old, new, None)
    return replaced if replaced is not None else module.deep_replace(old, new)


def _replaced_on_path(root: Any, old: Any, new: Any, positions: Any) -> Any:
    """``root`` with ``old`` (a node below it) replaced by the node ``new``, rebuilding only
    the nodes on the path to it (libcst's ``deep_replace`` rebuilds the whole tree); subtrees
    whose position range cannot hold ``old`` are not entered, nor is whitespace when ``old``
    is not whitespace.  None when not found."""
    import libcst

    if not isinstance(new, libcst.CSTNode):
        return None
    target = positions.get(old) if positions is not None else None
    skip: tuple[type, ...] = () if isinstance(old, _whitespace_types()) else _whitespace_types()
    node_type = libcst.CSTNode

    def may_hold(node: Any) -> bool:
        if isinstance(node, skip):
            return False
        if target is None:
            return True
        r = positions.get(node)
        return r is None or (
            (r.start.line, r.start.column) <= (target.start.line, target.start.column)
            and (target.end.line, target.end.column) <= (r.end.line, r.end.column)
        )

    def walk(node: Any) -> Any:
        for name in _child_fields(type(node)):
            value = getattr(node, name)
            if value is old:
                return node.with_changes(**{name: new})
            if isinstance(value, node_type):
                if may_hold(value):
                    changed = walk(value)
                    if changed is not None:
                        return node.with_changes(**{name: changed})
            elif isinstance(value, (list, tuple)):
                for i, item in enumerate(value):
                    if item is old:
                        changed = new
                    elif isinstance(item, node_type) and may_hold(item):
                        changed = walk(item)
                    else:
                        continue
                    if changed is not None:
                        items = list(value)
                        items[i] = changed
                        return node.with_changes(**{name: type(value)(items)})
        return None

    return walk(root)


_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(node_type: type) -> tuple[str, ...]:
    """The dataclass fields of a libcst node type (where its children are)."""
    import dataclasses

    found = _FIELDS.get(node_type)
    if found is None:
        found = _FIELDS[node_type] = tuple(f.name for f in dataclasses.fields(node_type))
    return found


def _whitespace_types() -> tuple[type, ...]:
    import libcst

    return (
        libcst.BaseParenthesizableWhitespace,
        libcst.EmptyLine,
        libcst.TrailingWhitespace,
        libcst.Newline,
        libcst.Comment,
    )


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
