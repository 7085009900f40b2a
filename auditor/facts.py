"""Per-module facts: the plain, picklable record one module pass leaves behind.

The project model is built from these alone, so a cached module never has to be parsed
again.  Expressions are kept as small summaries (``Expr`` dicts) rather than AST nodes:

* ``{"k": "lit", "v": value}``         a literal (str, bytes, int, float, bool, None, ...)
* ``{"k": "name", "q": qname, "t": dotted}``  a Name/Attribute chain (``q`` None if unresolved)
* ``{"k": "call", "q": qname, "t": dotted, "args": [...], "kw": {...}, "star": bool}``
* ``{"k": "seq", "t": "list"|"tuple"|"set", "items": [...]}``
* ``{"k": "dict", "items": [[key, value], ...]}``
* ``{"k": "sub", "value": Expr, "slice": Expr}``     ``X[...]`` (a tuple slice is a ``seq``)
* ``{"k": "union", "items": [...]}``               ``A | B``
* ``{"k": "ifexp", "test": text, "body": Expr, "orelse": Expr}``
* ``{"k": "boolop", "op": "or"|"and", "items": [...]}``
* ``{"k": "fstr", "fields": n}``                   an f-string
* ``{"k": "other", "t": node type}``
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from auditor.check import Hit

Expr = dict[str, Any]


@dataclass(slots=True)
class Param:
    name: str
    kind: str  # posonly | arg | vararg | kwonly | kwarg
    annotation: Expr | None
    default: Expr | None
    line: int
    column: int


@dataclass(slots=True)
class CallSite:
    """A call from a function to a (possibly) project callable: the call graph (ASY005)."""

    qname: str
    line: int
    column: int
    end_line: int
    end_column: int
    in_async: bool  # in async context (F10) at the call site
    awaited: bool


@dataclass(slots=True)
class Blocking:
    """A call from ASY001's list found directly in a function body."""

    callee: str
    line: int


@dataclass(slots=True, eq=False)
class Function:
    qname: str
    name: str
    module: str
    line: int
    column: int
    end_line: int
    is_async: bool
    is_generator: bool
    params: list[Param]
    decorators: list[Expr]
    returns: Expr | None
    class_qname: str | None
    has_docstring: bool = False
    reads_path_params: bool = False
    calls: list[CallSite] = field(default_factory=list)
    blocking: list[Blocking] = field(default_factory=list)
    #: summaries of the values of this function's own ``return`` statements
    return_values: list[Expr] = field(default_factory=list)


@dataclass(slots=True)
class Attribute:
    """An annotated (or plain) class-body assignment: a model field, ORM column, ..."""

    name: str
    annotation: Expr | None
    default: Expr | None
    line: int
    column: int


@dataclass(slots=True, eq=False)
class Class:
    qname: str
    name: str
    module: str
    line: int
    column: int
    bases: list[Expr]
    keywords: dict[str, Expr]
    decorators: list[Expr]
    attributes: list[Attribute]
    methods: list[str]
    nested_classes: list[str]
    #: ``class Config:`` body assignments: (key, value, line, column)
    config: list[tuple[str, Expr, int, int]] | None = None
    config_line: int | None = None


@dataclass(slots=True)
class Instance:
    """``target = Callee(...)`` anywhere: the raw material of the app registry (F3)."""

    target: str  # qualified binding name, e.g. app.main.app or app.main.create_app.<locals>.app
    call: Expr
    line: int
    column: int
    function: str | None


@dataclass(slots=True)
class MethodCall:
    """``receiver.method(...)`` for the app/router methods of F3 (include_router, ...)."""

    receiver: str | None  # qualified name of the receiver, None if unresolved
    method: str
    call: Expr
    line: int
    column: int
    function: str | None
    receiver_text: str | None = None  # the receiver as written (``app``), for factory locals


@dataclass(slots=True)
class Import:
    module: str  # the qualified name imported (``pydantic.BaseSettings``)
    alias: str
    line: int
    column: int
    end_line: int
    end_column: int
    function: str | None = None


@dataclass(
    slots=True, eq=False
)  # identity: comparing two modules' facts field by field is never wanted
class ModuleFacts:
    path: str
    module: str
    file_class: str
    is_package: bool
    imports: dict[str, str] = field(default_factory=dict)  # module-level local name -> qname
    import_list: list[Import] = field(default_factory=list)
    bindings: dict[str, Expr] = field(default_factory=dict)  # module-level NAME = value
    binding_lines: dict[str, int] = field(default_factory=dict)
    functions: dict[str, Function] = field(default_factory=dict)
    classes: dict[str, Class] = field(default_factory=dict)
    instances: list[Instance] = field(default_factory=list)
    method_calls: list[MethodCall] = field(default_factory=list)
    attribute_assigns: list[tuple[str, str, Expr, int]] = field(
        default_factory=list
    )  # (recv, attr, value, line)
    hits: list[Hit] = field(default_factory=list)
    v1_compat: bool = False
    lines: int = 0
    parse_error: str | None = None
    #: check id -> message, when a check's hook crashed on this module (isolated)
    check_errors: dict[str, str] = field(default_factory=dict)


# -- Expr helpers -----------------------------------------------------------------


def qname_of(e: Expr | None) -> str | None:
    if not e:
        return None
    if e["k"] in ("name", "call"):
        return e.get("q")
    return None


def text_of(e: Expr | None) -> str | None:
    if not e:
        return None
    return e.get("t") if e["k"] in ("name", "call") else None


def is_lit(e: Expr | None, value: Any = ...) -> bool:
    if not e or e["k"] != "lit":
        return False
    return value is ... or (e["v"] == value and type(e["v"]) is type(value))


def lit(e: Expr | None, default: Any = None) -> Any:
    return e["v"] if e and e["k"] == "lit" else default


def kwarg(call: Expr | None, name: str) -> Expr | None:
    if not call or call["k"] != "call":
        return None
    return call["kw"].get(name)


def arg(call: Expr | None, index: int) -> Expr | None:
    if not call or call["k"] != "call":
        return None
    args = call["args"]
    return args[index] if index < len(args) else None


def iter_exprs(e: Expr | None):
    """Yield ``e`` and every Expr nested in it."""
    if not e:
        return
    stack = [e]
    while stack:
        cur = stack.pop()
        yield cur
        k = cur["k"]
        if k == "call":
            stack.extend(cur["args"])
            stack.extend(cur["kw"].values())
        elif k in ("seq", "union", "boolop"):
            stack.extend(cur["items"])
        elif k == "dict":
            for key, value in cur["items"]:
                if key:
                    stack.append(key)
                stack.append(value)
        elif k == "sub":
            stack.append(cur["value"])
            stack.append(cur["slice"])
        elif k == "ifexp":
            stack.append(cur["body"])
            stack.append(cur["orelse"])
