"""Per-module facts: the plain, picklable record one module pass leaves behind.

The project model is built from these alone, so a cached module never has to be parsed
again.  Expressions are kept as small immutable summaries rather than AST nodes: ``Expr`` is
a tagged union of the records below, read with ``match`` (or ``isinstance``)::

    match e:
        case Call(qname="fastapi.Depends", args=(Name(qname=target), *_)):
            ...
        case Lit(value=str() as text):
            ...

======================  ==========================================================
record                  summarises
======================  ==========================================================
:class:`Lit`            a constant: str, bytes, int, float, complex, bool, None, ``...``
:class:`Name`           a ``Name`` / ``Attribute`` chain (``fastapi.FastAPI``)
:class:`Call`           a call: callee, positional and keyword arguments
:class:`Seq`            a list, tuple or set display
:class:`DictExpr`       a dict display (``**spread`` entries have no key)
:class:`Sub`            ``X[...]`` (a tuple slice is a ``Seq``)
:class:`Union`          ``A | B | ...`` (flattened)
:class:`IfExp`          ``body if test else orelse``
:class:`BoolOp`         ``a or b`` / ``a and b``
:class:`FStr`           an f-string
:class:`BinOp`          any other binary operator (``a + b``, ``"%s" % x`` ...)
:class:`Await`          ``await value``
:class:`Other`          anything else, by its ``ast`` node type name
======================  ==========================================================

The records are msgspec Structs: immutable, typed, not tracked by the cyclic garbage
collector (a large project has millions of them), and quick to pickle, which the worker
processes and the facts cache do for every module.  So are the project model's records
below them (:class:`Function`, :class:`Param`, :class:`CallSite`, :class:`Class`,
:class:`Import` ...), mutable while the module pass fills them in: built, pickled and
unpickled in C (a dataclass's ``__init__`` and ``__reduce__`` are Python), one GC header
less each.  ``Function`` and ``Class`` compare by identity, the others field by field.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import EllipsisType
from typing import Any, Final, Literal, TypeAlias

import msgspec

from auditor.check import Hit
from auditor.records import pickled_by_fields

#: A literal's value, as Python has it.  Long strings and bytes are cut (2000 / 200).
LitValue: TypeAlias = "str | bytes | int | float | complex | bool | EllipsisType | None"


class Lit(msgspec.Struct, frozen=True, gc=False):
    """A constant.  ``value`` keeps its Python type: ``b"x"`` is bytes, ``...`` is Ellipsis."""

    value: LitValue


class Name(msgspec.Struct, frozen=True, gc=False):
    """A ``Name`` or ``Attribute`` chain."""

    #: The canonical qualified name it resolves to (F2), None when unresolved.
    qname: str | None
    #: The chain as written (``app.state.db``); None when it does not start at a name
    #: (``get_app().state``).
    dotted: str | None


class Call(msgspec.Struct, frozen=True, gc=False):
    """A call.  ``*args`` and ``**kwargs`` are not in ``args`` / ``keywords``:
    ``has_star`` says that some were passed."""

    qname: str | None  # of the callee, as for Name
    dotted: str | None  # the callee as written
    args: tuple[Expr, ...]
    keywords: tuple[tuple[str, Expr], ...]
    has_star: bool
    line: int

    def keyword(self, name: str) -> Expr | None:
        for key, value in self.keywords:
            if key == name:
                return value
        return None

    def keyword_names(self) -> frozenset[str]:
        return frozenset(key for key, _ in self.keywords)


class Seq(msgspec.Struct, frozen=True, gc=False):
    """A list, tuple or set display (at most 200 items kept)."""

    container: Literal["list", "tuple", "set"]
    items: tuple[Expr, ...]


class DictExpr(msgspec.Struct, frozen=True, gc=False):
    """A dict display: (key, value) pairs; the key is None for a ``**spread`` entry."""

    items: tuple[tuple[Expr | None, Expr], ...]


class Sub(msgspec.Struct, frozen=True, gc=False):
    """``value[slice]``; ``X[A, B]`` has a tuple ``Seq`` slice."""

    value: Expr
    slice: Expr


class Union(msgspec.Struct, frozen=True, gc=False):
    """``A | B | C``: the operands, flattened, left to right."""

    items: tuple[Expr, ...]


class IfExp(msgspec.Struct, frozen=True, gc=False):
    """``body if test else orelse``; the test is kept as source text (for messages), and
    as a :class:`Name` in ``cond`` when it is a bare name or attribute chain
    (``settings.debug``): the model can then fold a test on a constant flag."""

    test: str
    body: Expr
    orelse: Expr
    cond: Name | None = None


class BoolOp(msgspec.Struct, frozen=True, gc=False):
    op: Literal["and", "or"]
    items: tuple[Expr, ...]


class FStr(msgspec.Struct, frozen=True, gc=False):
    """An f-string; ``fields`` counts its replacement fields (``{x}``)."""

    fields: int


class BinOp(msgspec.Struct, frozen=True, gc=False):
    """A binary operator other than ``|``: ``op`` is its symbol (``+``, ``%`` ...)."""

    op: str
    left: Expr
    right: Expr


class Await(msgspec.Struct, frozen=True, gc=False):
    value: Expr


class Other(msgspec.Struct, frozen=True, gc=False):
    """An expression that is not summarised: its ``ast`` node type name (``Lambda``,
    ``Compare``...), or :data:`TOO_DEEP` past the summary's depth limit."""

    node_type: str


TOO_DEEP: Final = "<too deep>"

Expr: TypeAlias = (
    "Lit | Name | Call | Seq | DictExpr | Sub | Union | IfExp | BoolOp | FStr | BinOp | Await"
    " | Other"
)
#: Every Expr record type, for ``isinstance`` and for tests that must cover them all.
EXPR_TYPES: Final = (
    Lit,
    Name,
    Call,
    Seq,
    DictExpr,
    Sub,
    Union,
    IfExp,
    BoolOp,
    FStr,
    BinOp,
    Await,
    Other,
)


class Param(msgspec.Struct, gc=False):
    name: str
    kind: str  # posonly | arg | vararg | kwonly | kwarg
    annotation: Expr | None
    default: Expr | None
    line: int
    column: int


class CallSite(msgspec.Struct, gc=False):
    """A call from a function to a (possibly) project callable: the call graph (ASY005)."""

    qname: str
    line: int
    column: int
    end_line: int
    end_column: int
    in_async: bool  # in async context (F10) at the call site
    awaited: bool
    #: the coroutine is handed to a loop of its own (``asyncio.run(f())``)
    on_private_loop: bool = False
    #: the coroutine is started as a task of its own (``asyncio.create_task(f())``,
    #: ``ensure_future``, ``loop.create_task``, a task group's ``create_task``)
    spawned: bool = False
    #: started as a task whose object the statement drops (``asyncio.create_task(f())`` or
    #: ``asyncio.ensure_future(f())`` as a whole statement): nothing can await it, the caller
    #: goes on without it (a fire-and-forget task)
    detached: bool = False
    #: the call is the first argument of a call of this project callable
    #: (``run_async(f())``): a private-loop runner (``Function.runs_on_own_loop``) drives it
    handed_to: str | None = None


class Blocking(msgspec.Struct, gc=False):
    """A call from ASY001's list found directly in a function body."""

    callee: str
    line: int


class Function(msgspec.Struct, eq=False, gc=False):
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
    calls: list[CallSite] = msgspec.field(default_factory=list)
    #: calls of a method on the method's own object (``self.load()``, ``cls.build()``), by
    #: ``<class qname>.<method>``: the reachability graph follows them (resolved through the
    #: class's ancestors); the checks that read ``calls`` do not see them
    self_calls: list[CallSite] = msgspec.field(default_factory=list)
    blocking: list[Blocking] = msgspec.field(default_factory=list)
    #: summaries of the values of this function's own ``return`` statements
    return_values: list[Expr] = msgspec.field(default_factory=list)
    #: a decorator that runs the coroutine function it wraps on a loop of its own: its
    #: sync wrapper only ever calls it inside ``asyncio.run(...)`` /
    #: ``loop.run_until_complete(...)`` (:func:`auditor.recognisers.runs_wrapped_on_own_loop`)
    own_loop_decorator: bool = False
    #: a sync function that runs the coroutine it is handed on a loop of its own
    #: (``asyncio.run(coro)``; :func:`auditor.recognisers.runs_argument_on_own_loop`)
    runs_on_own_loop: bool = False
    #: the body only computes a value from the arguments: pure standard-library calls, value
    #: methods, log lines, library parsers and project calls (:func:`auditor.recognisers.parses_only`)
    parses_only: bool = False
    #: the body can only end by raising: no ``return``/``yield`` of its own and a last
    #: ``raise`` statement (a ``501 Not implemented`` stub; :func:`auditor.recognisers.never_returns`)
    never_returns: bool = False
    #: every error of the body's own work stops in a quiet ``except Exception`` (logged,
    #: a status returned): callers see none (:func:`auditor.recognisers.swallows_errors`)
    swallows_errors: bool = False
    #: the project exceptions every error of the body's own work becomes: a catch-all
    #: ``except`` that logs and raises one, built from values that do not carry the caught
    #: error (:func:`auditor.recognisers.converts_errors`); callers see only those
    converts_errors: tuple[str, ...] = ()
    #: the project calls a short function's own work comes down to, all else only building
    #: values (``return self.get_project(key)``): ``"fn:<qname>"`` / ``"self:<method>"``
    #: (:func:`auditor.recognisers.relays_errors`); callers see what those let out
    relays_errors: tuple[str, ...] | None = None
    #: a lifespan-shaped generator whose startup runs only when an environment variable is
    #: set (:func:`auditor.recognisers.startup_env_gated`): inert under tests that do not
    startup_env_gated: bool = False


class Attribute(msgspec.Struct, gc=False):
    """An annotated (or plain) class-body assignment: a model field, ORM column, ..."""

    name: str
    annotation: Expr | None
    default: Expr | None
    line: int
    column: int


class Class(msgspec.Struct, eq=False, gc=False):
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


class Instance(msgspec.Struct, gc=False):
    """``target = Callee(...)`` anywhere: the raw material of the app registry (F3)."""

    target: str  # qualified binding name, e.g. app.main.app or app.main.create_app.<locals>.app
    call: Call
    line: int
    column: int
    function: str | None


class Handoff(msgspec.Struct, gc=False):
    """``setup(app)``: a name bound to a call result (or a parameter) handed to a project
    callable, so that the model can follow an app into the helper that configures it
    (``def setup(app: FastAPI): app.include_router(...)``)."""

    callee: str  # qualified name of the callable
    position: int | str  # the argument's index, or its keyword
    local: str  # the name handed over, as F3 keys it (``m.app``, ``m.f.<locals>.app``)
    line: int


class ServerSite(msgspec.Struct, gc=False):
    """``uvicorn.run(app, host="127.0.0.1")``: a server the module starts on an app."""

    #: the app served, as F3 keys it (:func:`auditor.recognisers.served_app_key`):
    #: ``module:attr`` for an import string, None when the app is not a name
    serves: str | None
    #: where it listens (:func:`auditor.recognisers.server_host_kind`): ``loopback``,
    #: ``default`` (uvicorn's own, 127.0.0.1) or ``other``; any server but uvicorn: ``other``;
    #: ``parameter`` for a host the enclosing function takes (:attr:`host_param`)
    host: str
    line: int
    #: ``host=host`` where ``host`` is a parameter, never rebound, of the enclosing function
    #: whose default is a loopback literal (``def start(host="127.0.0.1")``): (function
    #: qname, parameter); it listens on loopback when every caller keeps the default
    host_param: tuple[str, str] | None = None
    #: the app served is a local bound once to a call of a callable outside the project,
    #: given no name (``app = mcp.streamable_http_app()``): an app a library builds, never
    #: one of the project's
    foreign: bool = False


class MethodCall(msgspec.Struct, gc=False):
    """``receiver.method(...)`` for the app/router methods of F3 (include_router, ...)."""

    receiver: str | None  # qualified name of the receiver, None if unresolved
    method: str
    call: Call
    line: int
    column: int
    function: str | None
    receiver_text: str | None = None  # the receiver as written (``app``), for factory locals


class Import(msgspec.Struct, gc=False):
    module: str  # the qualified name imported (``pydantic.BaseSettings``)
    alias: str
    line: int
    column: int
    end_line: int
    end_column: int
    function: str | None = None
    #: a module-level import nested in an ``if`` / ``try`` / loop: it may not run (a
    #: fallback, a version gate, ``TYPE_CHECKING``); ``with`` blocks do not count
    conditional: bool = False


@pickled_by_fields
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
    #: names bound to a call (or parameters) handed to a project callable (:class:`Handoff`)
    handoffs: list[Handoff] = field(default_factory=list)
    attribute_assigns: list[tuple[str, str, Expr, int]] = field(
        default_factory=list
    )  # (recv, attr, value, line)
    hits: list[Hit] = field(default_factory=list)
    #: project callables called in the module's ``if __name__ == "__main__":`` block
    main_calls: list[str] = field(default_factory=list)
    #: the name argument of each ``importlib.import_module(...)`` / ``__import__(...)`` call
    dynamic_imports: list[Expr] = field(default_factory=list)
    #: ``"pkg.main:app"`` import strings naming a project module (servers take them)
    import_strings: list[str] = field(default_factory=list)
    #: lines of routes registered by calling a route decorator (``app.get(config.path,
    #: tags=[...])(endpoint)``, in a loop over route configurations): the model does not
    #: read them as routes
    called_routes: list[int] = field(default_factory=list)
    #: the servers the module starts (``uvicorn.run(app, host=...)``), in source order
    servers: list[ServerSite] = field(default_factory=list)
    v1_compat: bool = False
    #: F8: calls of Pydantic-2-only model methods (``.model_dump()`` ...) outside a
    #: fallback or version test: (method, line), at most the first 20
    pydantic_v2_calls: list[tuple[str, int]] = field(default_factory=list)
    #: SQL run by the module that changes a schema: (``ALTER TABLE`` / ``CREATE TABLE`` /
    #: ``DROP INDEX`` ..., line) of a string passed to ``text()`` / ``.execute()`` ...
    ddl: list[tuple[str, int]] = field(default_factory=list)
    #: where the module loads the name of each of its module-level functions, unshadowed:
    #: ``None`` at module level or in a class body, else the module-level function around
    #: the load (also a string constant ending in the name: ``"pkg.mod:function"``).  Only
    #: for a module whose module-level functions hold imports (``auditor.scope`` holds
    #: those imports back until something names the function); empty otherwise
    held_loads: dict[str, tuple[str | None, ...]] = field(default_factory=dict)
    lines: int = 0
    #: the first line of each top-level statement (its decorators included): where a fix
    #: can cut the file into parts that parse alone (``auditor.fixes``)
    statement_lines: list[int] = field(default_factory=list)
    parse_error: str | None = None
    #: check id -> message, when a check's hook crashed on this module (isolated)
    check_errors: dict[str, str] = field(default_factory=dict)


# -- Expr helpers -----------------------------------------------------------------


def qname_of(e: Expr | None) -> str | None:
    """The qualified name of a Name, or of a Call's callee; None for anything else."""
    if isinstance(e, (Name, Call)):
        return e.qname
    return None


def dotted_of(e: Expr | None) -> str | None:
    """The dotted text of a Name, or of a Call's callee; None for anything else."""
    if isinstance(e, (Name, Call)):
        return e.dotted
    return None


_ANY: Final = object()


def is_lit(e: Expr | None, value: object = _ANY) -> bool:
    """``e`` is a literal (equal to ``value``, of the same type, when one is given)."""
    if not isinstance(e, Lit):
        return False
    return value is _ANY or (e.value == value and type(e.value) is type(value))


def lit(e: Expr | None, default: LitValue = None) -> LitValue:
    """The value of a literal, or ``default``."""
    return e.value if isinstance(e, Lit) else default


def str_lit(e: Expr | None) -> str | None:
    """The value of a string literal (not bytes), or None."""
    if isinstance(e, Lit) and isinstance(e.value, str):
        return e.value
    return None


def seq_items(e: Expr | None) -> tuple[Expr, ...]:
    """The items of a list, tuple or set display; () for anything else."""
    return e.items if isinstance(e, Seq) else ()


def is_ellipsis(e: Expr | None) -> bool:
    return isinstance(e, Lit) and e.value is Ellipsis


def kwarg(call: Expr | None, name: str) -> Expr | None:
    """The value of keyword ``name`` of a Call, or None."""
    if not isinstance(call, Call):
        return None
    return call.keyword(name)


def arg(call: Expr | None, index: int) -> Expr | None:
    """Positional argument ``index`` of a Call, or None."""
    if not isinstance(call, Call):
        return None
    args = call.args
    return args[index] if index < len(args) else None


def children(e: Expr) -> tuple[Expr, ...]:
    """The Exprs directly nested in ``e``."""
    match e:
        case Call(args=args, keywords=keywords):
            return (*args, *(v for _, v in keywords))
        case Seq(items=items) | Union(items=items) | BoolOp(items=items):
            return items
        case DictExpr(items=pairs):
            return tuple(x for key, value in pairs for x in (key, value) if x is not None)
        case Sub(value=value, slice=index):
            return (value, index)
        case IfExp(body=body, orelse=orelse):
            return (body, orelse)
        case BinOp(left=left, right=right):
            return (left, right)
        case Await(value=value):
            return (value,)
    return ()


def iter_exprs(e: Expr | None) -> Iterator[Expr]:
    """Yield ``e`` and every Expr nested in it (pre-order)."""
    if e is None:
        return
    stack = [e]
    while stack:
        cur = stack.pop()
        yield cur
        nested = children(cur)
        if nested:
            stack.extend(reversed(nested))


# -- one object per text and per name across modules ---------------------------------------------
#
# Each module's facts are pickled on their own (in a worker, and so in the cache), so a text
# that many modules hold (``"str"``, ``"self"``, ``"builtins.dict"``, a check's message) came
# back as one object per module: on litellm 776k text objects for 257k distinct texts, 40 MB
# of copies, and 370k ``Name`` records.  The facts are pickled with every text and every
# ``Name`` (frozen, compared by value) as a persistent id, and the audit process loads them
# through one table for the whole parse: the first module to bring a value keeps its object,
# later modules share it.  (Not ``Lit``: ``Lit(1) == Lit(True)``, and sharing would change a
# literal's type.)


def _shared_id(obj: object) -> object:
    kind = type(obj)
    return obj if kind is str or kind is Name else None


def dump_facts(facts: object) -> bytes:
    """``facts`` pickled with each text and ``Name`` as a persistent id (see
    :class:`FactsLoader`)."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, pickle.HIGHEST_PROTOCOL)
    pickler.persistent_id = _shared_id  # type: ignore[method-assign]
    pickler.dump(facts)
    return buf.getvalue()


class _Shared(dict[object, object]):
    def __missing__(self, value: object) -> object:
        self[value] = value
        return value


class FactsLoader:
    """Loads what :func:`dump_facts` wrote, one object per distinct text or ``Name`` across
    every load of this loader (drop the loader when the loads are done: the facts keep them)."""

    def __init__(self) -> None:
        self._shared = _Shared()

    def load(self, data: bytes) -> Any:
        unpickler = pickle.Unpickler(io.BytesIO(data))
        unpickler.persistent_load = self._shared.__getitem__  # type: ignore[method-assign]
        return unpickler.load()
