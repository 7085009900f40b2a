"""A faster :func:`ast.walk`: the same nodes, in the same order.

``ast.walk`` goes through two generators per node (``ast.iter_child_nodes`` over
``ast.iter_fields``) and reads every field, the grammar's identifiers and constants included.
The checks walk subtrees many times in the module pass (a function's body for a name, a test
for a string), so :func:`walk` reads only the fields that can hold a node, looked up once per
node type, in one loop.  Everything ``ast.walk`` yields is yielded, in its breadth-first
order: the expression contexts and operators (``Load``, ``Add``) too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

#: Fields that never hold a node (the grammar's ``identifier``, ``string``, ``constant`` and
#: ``int`` fields), by node type: skipped without being read (here and by the walker).
SCALAR_FIELDS: dict[type, frozenset[str]] = {
    ast.Name: frozenset({"id"}),
    ast.Constant: frozenset({"value", "kind"}),
    ast.Attribute: frozenset({"attr"}),
    ast.alias: frozenset({"name", "asname"}),
    ast.arg: frozenset({"arg", "type_comment"}),
    ast.keyword: frozenset({"arg"}),
    ast.ImportFrom: frozenset({"module", "level"}),
    ast.FunctionDef: frozenset({"name", "type_comment"}),
    ast.AsyncFunctionDef: frozenset({"name", "type_comment"}),
    ast.ClassDef: frozenset({"name"}),
    ast.Global: frozenset({"names"}),
    ast.Nonlocal: frozenset({"names"}),
    ast.ExceptHandler: frozenset({"name"}),
    ast.FormattedValue: frozenset({"conversion"}),
    ast.AnnAssign: frozenset({"simple"}),
    ast.comprehension: frozenset({"is_async"}),
    ast.Assign: frozenset({"type_comment"}),
    ast.For: frozenset({"type_comment"}),
    ast.AsyncFor: frozenset({"type_comment"}),
    ast.With: frozenset({"type_comment"}),
    ast.AsyncWith: frozenset({"type_comment"}),
}
#: node type -> the fields read (filled as types are met)
_FIELDS: dict[type, tuple[str, ...]] = {}


def _fields(t: type) -> tuple[str, ...]:
    skip = SCALAR_FIELDS.get(t, frozenset())
    fields = _FIELDS[t] = tuple(f for f in getattr(t, "_fields", ()) if f not in skip)
    return fields


def walk(node: ast.AST) -> Iterator[ast.AST]:
    """``node`` and every node below it, in the order of ``ast.walk(node)``.

    The queue is a list read by its own iterator while children are appended to it (a list
    iterator sees what is appended before it gets there): breadth-first like ``ast.walk``'s
    deque, without a ``popleft`` call per node.  The nodes stay referenced until the walk
    ends, as they are by the tree walked."""
    todo = [node]
    push = todo.append
    known = _FIELDS
    AST = ast.AST
    for node in todo:  # (the queue grows as it is read)
        fields = known.get(type(node))
        if fields is None:
            fields = _fields(type(node))
        for name in fields:
            value = getattr(node, name, None)
            if isinstance(value, AST):
                push(value)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, AST):
                        push(item)
        yield node


#: The fields of a statement (or of an ``except`` clause, a ``case``) that hold statements.
_BLOCK_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")


def statements(node: ast.AST) -> list[ast.AST]:
    """``node`` and every statement below it (with the ``except`` clauses and ``case`` clauses
    that hold statements), in no set order: what a search for a kind of statement
    (``import``, ``global``) needs to read.  No expression holds a statement, so the
    expressions, most of a module's nodes, are not walked."""
    out: list[ast.AST] = [node]
    for n in out:  # (the list grows as it is read)
        for f in _BLOCK_FIELDS:
            block = getattr(n, f, None)
            if type(block) is list:
                out.extend(block)
    return out


def global_names(node: ast.AST) -> list[str]:
    """The names of every ``global`` statement in ``node``, each as often as declared."""
    return [name for n in statements(node) if type(n) is ast.Global for name in n.names]
