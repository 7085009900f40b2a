"""Comparing two ``ast`` trees field by field, positions included (for the lowering tests).

``difference(got, expected)`` is None when the trees are equal, else a path to the first
difference and both values, readable in a failing assertion.  ``type_params`` is compared
even where the running ``ast`` has no such field (the lowering sets it as an attribute).
"""

from __future__ import annotations

import ast
import math
from typing import Any

_EXTRA = ("type_params",)


def _fields(node: ast.AST) -> list[str]:
    fields = list(node._fields)
    fields += [f for f in _EXTRA if f not in fields and hasattr(node, f)]
    return fields


def difference(got: Any, expected: Any, path: str = "Module", positions: bool = True) -> str | None:
    if type(got).__name__ != type(expected).__name__:
        return f"{path}: {type(got).__name__} != {type(expected).__name__}"
    if isinstance(expected, ast.AST):
        for name in _fields(expected):
            found = difference(
                getattr(got, name, None), getattr(expected, name, None), f"{path}.{name}", positions
            )
            if found:
                return found
        if positions:
            for name in expected._attributes:
                a, b = getattr(got, name, None), getattr(expected, name, None)
                if a != b:
                    return (
                        f"{path} ({type(expected).__name__}) {name}: lowered {a} != {b}"
                        f" (lowered {_span(got)}, expected {_span(expected)})"
                    )
        return None
    if isinstance(expected, list):
        if not isinstance(got, list) or len(got) != len(expected):
            return f"{path}: {got!r} != {expected!r}"
        for i, (a, b) in enumerate(zip(got, expected)):
            found = difference(a, b, f"{path}[{i}]", positions)
            if found:
                return found
        return None
    if isinstance(expected, float) and math.isnan(expected) and math.isnan(got):
        return None
    if got != expected or type(got) is not type(expected):
        return f"{path}: {got!r} != {expected!r}"
    return None


def _span(node: Any) -> str:
    return (
        f"{getattr(node, 'lineno', None)}:{getattr(node, 'col_offset', None)}-"
        f"{getattr(node, 'end_lineno', None)}:{getattr(node, 'end_col_offset', None)}"
    )


def dump(node: Any) -> Any:
    """A JSON-able dump (fields, ``type_params``, positions), to record a tree made by
    another interpreter."""
    if isinstance(node, ast.AST):
        out: dict[str, Any] = {"_type": type(node).__name__}
        for name in _fields(node):
            out[name] = dump(getattr(node, name, None))
        for name in node._attributes:
            out[name] = getattr(node, name, None)
        return out
    if isinstance(node, list):
        return [dump(n) for n in node]
    if isinstance(node, (bytes, complex)) or node is Ellipsis:
        return {"_value": repr(node)}
    return node
