"""Fix diffs: built with libcst from the real source, only for files with a fixable finding.

A check's ``fix(source, hit, project)`` returns the whole fixed source; this module turns
it into a unified diff of the user's own lines, after proving the result still parses.
Helpers here locate the libcst node a hit points at (by 1-based line and column).
"""

from __future__ import annotations

import difflib
import hashlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import libcst as cst

    from auditor.check import Check, Hit
    from auditor.project import Project


def unified_diff(path: str, before: str, after: str, context: int = 2) -> str | None:
    if before == after:
        return None
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
        n=context,
    )
    text = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
    return text or None


def build_fix(check: Check, hit: Hit, project: Project, data: bytes, cache: Any = None) -> str | None:
    """The diff for one fixable hit, or None when the fix does not apply here."""
    from auditor.source import SourceProblem, decode

    key = None
    if cache is not None:
        key = hashlib.blake2b(data, digest_size=12).hexdigest() + f":{hit.path}:{hit.check_id}:{hit.line}:{hit.column}:{hit.message}"
        found, diff = cache.get_fix(key)
        if found:
            return diff
    diff = None
    try:
        source = decode(data)
        fixed = check.fix(source, hit, project)
        if fixed is not None and fixed != source:
            import libcst

            libcst.parse_module(fixed)  # the fix must parse
            compile(fixed, hit.path or "<fix>", "exec", dont_inherit=True, flags=0x400)  # ast only
            diff = unified_diff(hit.path or "file", source, fixed)
    except (SourceProblem, SyntaxError, ValueError, RecursionError):
        diff = None
    except Exception:  # a fixer bug must not take the report down
        diff = None
    if cache is not None and key is not None:
        cache.put_fix(key, diff)
    return diff


def parse_module(source: str) -> cst.Module:
    import libcst

    return libcst.parse_module(source)


class _Locator:
    """Find nodes of a type whose start position is (line, column)."""

    def __init__(self, module: cst.Module):
        from libcst.metadata import MetadataWrapper, PositionProvider

        self.wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        self.positions = self.wrapper.resolve(PositionProvider)

    def at(self, node_type: type, line: int | None, column: int | None = None) -> list[Any]:
        out = []
        for node, pos in self.positions.items():
            if isinstance(node, node_type) and pos.start.line == line and (column is None or pos.start.column + 1 == column):
                out.append(node)
        return out


def locate(module: cst.Module, node_type: type, line: int | None, column: int | None = None) -> list[Any]:
    return _Locator(module).at(node_type, line, column)


def replace_node(module: cst.Module, old: Any, new: Any) -> cst.Module:
    return module.deep_replace(old, new)  # type: ignore[return-value]


def add_import(module: cst.Module, module_name: str, obj: str | None = None) -> cst.Module:
    """``import module_name`` or ``from module_name import obj`` unless already there."""
    from libcst.codemod import CodemodContext
    from libcst.codemod.visitors import AddImportsVisitor

    ctx = CodemodContext()
    AddImportsVisitor.add_needed_import(ctx, module_name, obj)
    return AddImportsVisitor(ctx).transform_module(module)
