"""PYD003: module-level *version flags*, names that hold the answer to a Pydantic version
choice, so that ``if IS_V2:`` tests the version however the flag is spelled.

A flag is a module-level name

* assigned from a version value (``ON_V2 = pydantic.VERSION.startswith("2.")``,
  ``MAJOR = int(importlib.metadata.version("pydantic")[0])``);
* assigned in a branch of a module-level ``if`` that tests a version value or another flag
  (``if pydantic.__version__.startswith("1."): IS_V2 = False`` / ``else: IS_V2 = True``);
* assigned in the body or an ``ImportError`` handler of a module-level ``try`` that imports
  from Pydantic (``try: from pydantic import field_validator; V2 = True`` / ``except
  ImportError: V2 = False``).

Statements are read in order, so a flag tested by a later ``if`` is known there.
"""

from __future__ import annotations

import ast
import dataclasses

from auditor.astwalk import walk
from auditor.walker import ModuleContext

from .tables import DIST_VERSION, VERSION_VALUES


@dataclasses.dataclass
class _Flags:
    names: frozenset[str] | None = None


def version_flags(ctx: ModuleContext) -> frozenset[str]:
    """The module's version flags (computed once per module)."""
    state = ctx.state(_Flags)
    if state.names is None:
        found: set[str] = set()
        if ctx.tree is not None:
            _scan(ctx.tree.body, ctx, found)
        state.names = frozenset(found)
    return state.names


def _scan(block: list[ast.stmt], ctx: ModuleContext, found: set[str]) -> None:
    for stmt in block:
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None:
            if _reads_version(stmt.value, ctx, found):
                found |= _targets(stmt)
        elif isinstance(stmt, ast.If):
            if _reads_version(stmt.test, ctx, found):
                found |= _assigned(stmt.body) | _assigned(stmt.orelse)
            else:
                _scan(stmt.body, ctx, found)
                _scan(stmt.orelse, ctx, found)
        elif isinstance(stmt, (ast.Try, ast.TryStar)):
            if _imports_pydantic(stmt.body) and any(catches_import_error(h) for h in stmt.handlers):
                found |= _assigned(stmt.body)
                for h in stmt.handlers:
                    found |= _assigned(h.body)
            else:
                _scan(stmt.body, ctx, found)


def is_version_value(node: ast.Attribute | ast.Name, ctx: ModuleContext) -> bool:
    """``pydantic.VERSION``, ``pydantic.version.VERSION`` ..."""
    return ctx.resolve(node) in VERSION_VALUES


def is_dist_version(node: ast.Call, ctx: ModuleContext) -> bool:
    """``importlib.metadata.version("pydantic")``."""
    return (
        ctx.resolve(node.func) in DIST_VERSION
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
        and node.args[0].value.lower() == "pydantic"
    )


#: What an ``except`` catches when an import fails.
IMPORT_ERRORS = frozenset(
    {"ImportError", "ModuleNotFoundError", "Exception", "BaseException", "PydanticImportError"}
)


def catches_import_error(handler: ast.ExceptHandler) -> bool:
    """The handler runs when an import fails (a bare ``except``, ``ImportError`` ...)."""
    if handler.type is None:
        return True
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    for k in kinds:
        name = k.attr if isinstance(k, ast.Attribute) else k.id if isinstance(k, ast.Name) else ""
        if name in IMPORT_ERRORS:
            return True
    return False


def _reads_version(e: ast.expr, ctx: ModuleContext, flags: set[str]) -> bool:
    for n in walk(e):
        if isinstance(n, ast.Name) and n.id in flags:
            return True
        if isinstance(n, (ast.Name, ast.Attribute)) and is_version_value(n, ctx):
            return True
        if isinstance(n, ast.Call) and is_dist_version(n, ctx):
            return True
    return False


def _targets(stmt: ast.Assign | ast.AnnAssign) -> set[str]:
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
    return {t.id for t in targets if isinstance(t, ast.Name)}


def _assigned(block: list[ast.stmt]) -> set[str]:
    """Names the block binds to a constant (``IS_V2 = True``), at its own level."""
    return {
        name
        for s in block
        if isinstance(s, (ast.Assign, ast.AnnAssign)) and isinstance(s.value, ast.Constant)
        for name in _targets(s)
    }


def _imports_pydantic(block: list[ast.stmt]) -> bool:
    return any(
        isinstance(s, ast.ImportFrom)
        and not s.level
        and (s.module or "").split(".")[0] in ("pydantic", "pydantic_settings", "pydantic_core")
        for s in block
    )
