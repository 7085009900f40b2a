"""Where an interpolated value comes from.

A replacement field of an SQL string is followed back through the enclosing function: its
literals, arithmetic, conversions, placeholder lists, SQLAlchemy-compiled constructs and
quoting helpers, and every assignment to the locals it reads.  What is left is an
:class:`Origin`: the parameters of the function it is built from, the project names whose
values only the project can tell (module constants, enum members, class attributes), and
whether anything could not be followed at all.  An empty origin is a value no one outside
the code chose (a number, a literal, a placeholder): it cannot inject SQL.
"""

from __future__ import annotations

import ast
import importlib
from dataclasses import dataclass, field
from typing import Any

from auditor.facts import Call, Lit, qname_of
from auditor.lazyre import lazy_compile
from auditor.walker import ModuleContext

from .sql import built_string, in_string_literal

#: Calls whose result is a number or a flag: it cannot carry SQL.
NUMERIC_CALLS = frozenset(
    {
        "builtins.int",
        "builtins.float",
        "builtins.len",
        "builtins.bool",
        "builtins.round",
        "builtins.abs",
        "builtins.hash",
        "builtins.ord",
        "math.ceil",
        "math.floor",
        "builtins.range",  # a range of numbers: ``for i in range(n)``
    }
)
#: Calls whose text the code makes itself, of letters, digits and ``-``/``_`` only (random
#: tokens and identifiers): no one chose it and it cannot hold a quote.
TOKEN_CALLS = frozenset(
    {
        "secrets.token_hex",
        "secrets.token_urlsafe",
        "uuid.uuid1",
        "uuid.uuid4",
    }
)
#: Methods that render a date or time in a fixed format of digits and separators
#: (``now.isoformat(sep=" ")``, ``d.strftime("%Y-%m-%d")`` with a format the code wrote).
_DATE_FORMATS = frozenset({"isoformat", "strftime"})
#: Conversions that keep the value's origin (``str(x)`` is ``x``).
#: Calls whose result is built from their first argument: its text, or its elements
#: (``list(Status)``: the members of an ``Enum``).
_PASS_THROUGH = frozenset(
    {
        "builtins.str",
        "builtins.repr",
        "builtins.format",
        "builtins.list",
        "builtins.tuple",
        "builtins.set",
        "builtins.frozenset",
        "builtins.sorted",
    }
)
#: ``str`` methods whose result is the receiver's text, transformed.
_STR_METHODS = frozenset(
    {
        "lower",
        "upper",
        "strip",
        "lstrip",
        "rstrip",
        "title",
        "casefold",
        "capitalize",
        "encode",
        "decode",
        "removeprefix",
        "removesuffix",
        "zfill",
        "ljust",
        "rjust",
        "center",
    }
)
#: Parameter annotations that cannot carry SQL (outside a route too: the caller promised).
NUMERIC_TYPES = frozenset({"builtins.int", "builtins.float", "builtins.bool"})
#: Words in a helper's name that say it makes the value safe to interpolate: a bind
#: placeholder (``db.placeholder("ts")``), a quoted identifier (``quote_ident(name)``), an
#: escaped literal (``escape_string(v)``).  The helper itself is not read.
SAFE_HELPER_WORDS = ("placeholder", "quote", "escape")
#: Methods that put values into a container (``parts.append(clause)``).
_MUTATORS = frozenset(
    {"append", "extend", "insert", "add", "update", "appendleft", "extendleft", "setdefault"}
)
#: Mapping views: ``d.items()`` holds what ``d`` holds.
_VIEWS = frozenset({"items", "keys", "values"})
#: Calls whose result is computed from their arguments alone (``json.dumps(asdict(spec))``):
#: followed only when the arguments are the code's own values (literals, constants).
PURE_CALLS = frozenset({"json.dumps", "dataclasses.asdict", "dataclasses.astuple"})
#: Roots of libraries that render SQL themselves (``sa.false().compile(bind)``).
_SQL_LIBRARIES = ("sqlalchemy.", "sqlmodel.", "alembic.")
_MAX_DEPTH = 8


@dataclass
class Origin:
    """What a value is built from.  Empty: only literals, numbers and placeholders.

    The ``q*`` fields hold the part of it that is rendered as an SQL string literal on the
    way: inside single quotes (``f"'{v}'"``), through ``repr()`` or ``!r``, by a local helper
    that returns one.  That is the evidence that a string stands where SQL takes a *value*:
    an unquoted interpolation of unknown text is an identifier, a fragment of SQL or a
    number (a string value there would not even parse as one)."""

    #: parameters of the enclosing function
    params: set[str] = field(default_factory=set)
    #: project names to look up (a module constant, an enum member, a class attribute)
    constants: set[str] = field(default_factory=set)
    #: something that could not be followed (a call, ``self.x``, an unbound name ...)
    unknown: bool = False
    #: the same, for what is rendered as a quoted SQL literal
    qparams: set[str] = field(default_factory=set)
    qconstants: set[str] = field(default_factory=set)
    qunknown: bool = False

    def add(self, other: Origin) -> Origin:
        self.params |= other.params
        self.constants |= other.constants
        self.unknown = self.unknown or other.unknown
        self.qparams |= other.qparams
        self.qconstants |= other.qconstants
        self.qunknown = self.qunknown or other.qunknown
        return self

    def quoted(self) -> Origin:
        """This origin, all of it rendered as a quoted SQL literal."""
        self.qparams |= self.params
        self.qconstants |= self.constants
        self.qunknown = self.qunknown or self.unknown
        return self

    @property
    def safe(self) -> bool:
        return not (self.params or self.constants or self.unknown)


def _unknown() -> Origin:
    return Origin(unknown=True)


def _last_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


@dataclass
class _Bindings:
    """The assignments of one function body, by local name (nested scopes left out)."""

    values: dict[str, list[ast.AST]] = field(default_factory=dict)
    #: the keys each local may hold as a dict: those of the dict displays bound to it and of
    #: its ``name[key] = v`` stores; :data:`_OPAQUE` for any other value bound to it
    keys: dict[str, list[ast.AST]] = field(default_factory=dict)

    def add(self, name: str, source: ast.AST, key: ast.AST | None = None) -> None:
        self.values.setdefault(name, []).append(source)
        keys = self.keys.setdefault(name, [])
        if key is not None:
            keys.append(key)
        elif isinstance(source, ast.Dict):
            keys.extend(_OPAQUE if k is None else k for k in source.keys)
        else:
            keys.append(_OPAQUE)


#: A binding whose value cannot be known (``with ... as x``, ``except ... as x``, imports).
_OPAQUE = ast.Constant(value=Ellipsis)


class _Unpacked(ast.Subscript):
    """A name unpacked from an element of a loop's iterable (``for table, prefix in
    TABLES``): its origin is the iterable's when that is the code's own (literals, module
    constants), and unknown otherwise, as before it was followed."""


def _collect(func: ast.FunctionDef | ast.AsyncFunctionDef) -> _Bindings:
    out = _Bindings()

    def targets(t: ast.AST, source: ast.AST) -> None:
        if isinstance(t, ast.Name):
            out.add(t.id, source)
        elif isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name):
            out.add(t.value.id, source, t.slice)  # ``parts[k] = v``: the container now holds v
        elif isinstance(t, (ast.Tuple, ast.List)):
            if isinstance(source, (ast.Tuple, ast.List)) and len(source.elts) == len(t.elts):
                for sub, value in zip(t.elts, source.elts):
                    targets(sub, value)
            else:
                for sub in t.elts:
                    targets(sub, _OPAQUE)
        elif isinstance(t, ast.Starred):
            targets(t.value, _OPAQUE)

    stack: list[ast.AST] = list(func.body)
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(n.name, _OPAQUE)
            continue
        if isinstance(n, ast.Lambda):
            continue
        if isinstance(n, ast.Assign):
            for t in n.targets:
                targets(t, n.value)
        elif isinstance(n, ast.AnnAssign) and n.value is not None:
            targets(n.target, n.value)
        elif isinstance(n, ast.AugAssign):
            targets(n.target, n.value)  # ``x += v``: the other assignments give x's start
        elif isinstance(n, (ast.For, ast.AsyncFor)):
            names = [e for e in getattr(n.target, "elts", ()) if isinstance(e, ast.Name)]
            if isinstance(n.target, (ast.Tuple, ast.List)) and len(names) == len(n.target.elts):
                for e in names:
                    out.add(e.id, _Unpacked(value=n.iter, slice=ast.Constant(0)))
            else:
                targets(n.target, ast.Subscript(value=n.iter, slice=ast.Constant(0)))
        elif isinstance(n, ast.NamedExpr):
            targets(n.target, n.value)
        elif isinstance(n, (ast.With, ast.AsyncWith)):
            for item in n.items:
                if item.optional_vars is not None:
                    targets(item.optional_vars, _OPAQUE)
        elif isinstance(n, ast.ExceptHandler) and n.name:
            out.add(n.name, _OPAQUE)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            for alias in n.names:
                out.add((alias.asname or alias.name).split(".", 1)[0], _OPAQUE)
        elif isinstance(n, (ast.Global, ast.Nonlocal)):
            for name in n.names:
                out.add(name, _OPAQUE)
        elif (
            isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute)
            and isinstance(n.func.value, ast.Name)
            and n.func.attr in _MUTATORS
        ):
            # ``parts.append(clause)``: the list now holds the clause
            key = n.args[0] if n.func.attr == "setdefault" and n.args else None
            for a in (*n.args, *(k.value for k in n.keywords)):
                out.add(n.func.value.id, a, key)
        stack.extend(ast.iter_child_nodes(n))
    return out


@dataclass
class _State:
    """Per module: the bindings of each function already read (by node identity)."""

    bindings: dict[int, _Bindings] = field(default_factory=dict)


class Tracer:
    """Follows values within the function enclosing the current node of ``ctx``."""

    def __init__(self, ctx: ModuleContext) -> None:
        self.ctx = ctx
        self.func = ctx.enclosing_def
        fn = ctx.function
        self.params = {p.name: p for p in fn.params} if fn is not None else {}
        self._following: set[str] = set()
        self._comprehension: dict[str, Origin] = {}

    def sources(self, name: str) -> list[ast.AST]:
        """The values assigned to the local ``name`` in the enclosing function."""
        return self._bindings().values.get(name, []) if self.func is not None else []

    def _bindings(self) -> _Bindings:
        if self.func is None:
            return _Bindings()
        state = self.ctx.state(_State)
        found = state.bindings.get(id(self.func))
        if found is None:
            found = state.bindings[id(self.func)] = _collect(self.func)
        return found

    def origin(self, node: ast.AST, depth: int = 0) -> Origin:
        if depth > _MAX_DEPTH:
            return _unknown()
        d = depth + 1
        if isinstance(node, ast.Constant):
            return _unknown() if node is _OPAQUE else Origin()
        if isinstance(node, ast.Name):
            return self._name(node, d)
        if isinstance(node, ast.Attribute):
            return self._attribute(node, d)
        if isinstance(node, _Unpacked):
            return _own_only(self.origin(node.value, d))
        if isinstance(node, ast.Subscript):
            return self.origin(node.value, d)  # an element of the container
        if isinstance(node, ast.Call):
            return self._call(node, d)
        if isinstance(node, ast.JoinedStr):
            return self._built(node, d)
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, (ast.Add, ast.Mod)) and built_string(node) is not None:
                return self._built(node, d)
            return self.origin(node.left, d).add(self.origin(node.right, d))
        if isinstance(node, ast.UnaryOp):
            return self.origin(node.operand, d)
        if isinstance(node, ast.IfExp):
            return self.origin(node.body, d).add(self.origin(node.orelse, d))
        if isinstance(node, ast.BoolOp):
            out = Origin()
            for v in node.values:
                out.add(self.origin(v, d))
            return out
        if isinstance(node, ast.Compare):
            return Origin()  # a bool
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            out = Origin()
            for e in node.elts:
                out.add(self.origin(e, d))
            return out
        if isinstance(node, ast.Dict):
            out = Origin()
            for v in node.values:
                out.add(self.origin(v, d))
            return out
        if isinstance(node, ast.Starred):
            return self.origin(node.value, d)
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
            return self._comprehension_origin(node, node.elt, d)
        return _unknown()

    def _built(self, node: ast.expr, depth: int) -> Origin:
        """A string built by interpolation: each field's origin, quoted when the literal
        text around it puts it inside an SQL string literal (or ``!r`` renders one)."""
        built = built_string(node)
        out = Origin()
        if built is None:
            return out
        for rep, before, _after in built.fields:
            part = self.origin(rep, depth)
            if id(rep) in built.reprs or in_string_literal(before):
                part.quoted()
            out.add(part)
        return out

    # -- names ---------------------------------------------------------------------------
    def _name(self, node: ast.Name, depth: int) -> Origin:
        name = node.id
        if name in self._comprehension:
            return Origin().add(self._comprehension[name])
        sources = self._bindings().values.get(name, []) if self.func is not None else []
        param = self.params.get(name)
        if param is None and not sources:
            return self._constant(node)
        if name in self._following:
            return Origin()  # ``x = x + 1``: x's other assignments decide
        out = Origin()
        if param is not None and qname_of(param.annotation) not in NUMERIC_TYPES:
            if self.func is not None and _checked_first(self.func, name):
                return out  # checked against an allow-list or a word pattern, never reassigned
            out.params.add(name)  # (``key: int`` is a number, whoever passes it)
        self._following.add(name)
        try:
            for source in sources:
                out.add(self.origin(source, depth))
        finally:
            self._following.discard(name)
        return out

    def _constant(self, node: ast.Name | ast.Attribute) -> Origin:
        """A name bound outside the function: a project name is looked up by the judge."""
        q = self.ctx.resolve(node)
        if q is not None and self.ctx.is_project(q):
            return Origin(constants={q})
        return _unknown()

    def _attribute(self, node: ast.Attribute, depth: int) -> Origin:
        if node.attr == "__tablename__":
            # the table name an ORM class declares, whichever class ``table`` holds
            # (``f"{table.__tablename__}_id_seq"`` for each model of a list): code, not data
            return Origin()
        q = self.ctx.resolve(node)
        if q is not None and self.ctx.is_project(q):
            return Origin(
                constants={q}
            )  # ``tables.RUNS``, ``Run.__tablename__``, ``Status.DRAFT.value``
        root: ast.expr = node
        while isinstance(root, ast.Attribute):
            root = root.value
        if isinstance(root, ast.Name) and root.id in ("self", "cls"):
            return _unknown()
        return self.origin(node.value, depth)  # ``body.name``: as the object it is read from

    # -- calls ---------------------------------------------------------------------------
    def _call(self, node: ast.Call, depth: int) -> Origin:
        ctx = self.ctx
        func = node.func
        q = ctx.resolve(func) if isinstance(func, (ast.Name, ast.Attribute)) else None
        if q in NUMERIC_CALLS or q in TOKEN_CALLS:
            return Origin()
        if q == "builtins.repr":
            return self.origin(node.args[0], depth).quoted() if node.args else Origin()
        if q in _PASS_THROUGH:
            return self.origin(node.args[0], depth) if node.args else Origin()
        if q in PURE_CALLS and node.args:
            return _own_only(self.origin(node.args[0], depth))
        if (
            q is not None
            and ctx.is_project(q)
            and (node.args or node.keywords)
            and all(
                isinstance(a, ast.Constant) and a is not _OPAQUE
                for a in (*node.args, *(k.value for k in node.keywords))
            )
        ):
            # ``Spec("composite")``: a project class made of literals; the judge keeps it
            # only when ``q`` is a dataclass (a function could read anything)
            return Origin(constants={q + "()"})
        if q == "re.sub" and _sanitises(node):
            return Origin()  # every character outside ``[A-Za-z0-9_]`` replaced: no quote left
        last = (_last_name(func) or "").lower()
        if any(w in last for w in SAFE_HELPER_WORDS):
            return Origin()  # a placeholder, a quoted identifier, an escaped literal
        if not isinstance(func, ast.Attribute):
            if isinstance(func, ast.Name) and self._returns_literal(func.id):
                if node.args and all(
                    isinstance(a, ast.Constant)
                    for a in (*node.args, *(k.value for k in node.keywords))
                ):
                    return Origin()  # rendered from literals only (``author("$.user_id")``)
                # a local helper that renders an SQL literal of its arguments
                rendered = _unknown()
                for a in (*node.args, *(k.value for k in node.keywords)):
                    rendered.add(self.origin(a, depth + 1))
                return rendered.quoted()
            if isinstance(func, ast.Name) and not node.args and not node.keywords:
                made = self._module_helper_origin(func.id, depth)
                if made is not None:
                    # ``utc_now_sql_literal()``: made from nothing outside; a module
                    # constant it returns is the judge's to check
                    return made
            return _unknown()
        recv = func.value
        if func.attr in _DATE_FORMATS and all(
            isinstance(a, ast.Constant) for a in (*node.args, *(k.value for k in node.keywords))
        ):
            return Origin()  # a date rendered in a format the code wrote
        if func.attr == "hex" and not node.args and isinstance(recv, ast.Call):
            inner = (
                ctx.resolve(recv.func) if isinstance(recv.func, (ast.Name, ast.Attribute)) else None
            )
            if inner in TOKEN_CALLS:
                return Origin()  # ``uuid4().hex``
        if func.attr in _VIEWS and not node.args and not node.keywords:
            # ``MAPPING.items()``: the container's own keys and values
            return self.origin(recv, depth).add(self._keys(recv, depth))
        if func.attr == "join" and len(node.args) == 1:
            return self.origin(recv, depth).add(self._iterated(node.args[0], depth))
        if func.attr == "replace" and _doubles_quotes(node):
            return Origin()  # ``v.replace("'", "''")``: escaped for a string literal
        if func.attr in _STR_METHODS:
            return self.origin(recv, depth)
        if func.attr == "format" and isinstance(recv, ast.Constant):
            return self._built(node, depth)
        if func.attr == "get" and node.args:
            out = self.origin(recv, depth)
            return out.add(self.origin(node.args[1], depth)) if len(node.args) > 1 else out
        if func.attr == "compile" and self._sql_construct(recv):
            return Origin()  # SQL rendered by SQLAlchemy's compiler (``sa.false().compile(bind)``)
        return _unknown()

    def _iterated(self, node: ast.expr, depth: int) -> Origin:
        """The origin of what iterating ``node`` yields: the keys of a local dict whose keys
        the function writes itself (:meth:`_dict_keys`: ``fields["name"] = v`` then
        ``f"{k} = ?" for k in fields``), else :meth:`origin` of ``node``."""
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "keys"
            and not node.args
            and not node.keywords
        ):
            node = node.func.value
        keys = self._dict_keys(node)
        if keys is None:
            return self.origin(node, depth)
        out = Origin()
        for k in keys:
            out.add(self.origin(k, depth))
        return out

    def _dict_keys(self, node: ast.expr) -> list[ast.AST] | None:
        """The keys of a local dict: a name no parameter holds, bound only to dict displays
        (``{}``, ``{"name": v}``) and filled by ``name[key] = v`` / ``setdefault(key, v)``;
        None for anything else (a dict the code did not build, an ``update``)."""
        if not isinstance(node, ast.Name) or node.id in self.params or self.func is None:
            return None
        bindings = self._bindings()
        keys = bindings.keys.get(node.id, [])
        if not any(isinstance(v, ast.Dict) for v in bindings.values.get(node.id, [])):
            return None
        return None if any(k is _OPAQUE for k in keys) else keys

    def _keys(self, node: ast.expr, depth: int) -> Origin:
        """The origin of the keys of a dict written in the function (``{k: v}``, or a local
        bound to one): :meth:`origin` of a dict reads its values only.  A module constant's
        keys are the judge's to check, with the rest of its value."""
        dicts: list[ast.Dict] = []
        if isinstance(node, ast.Dict):
            dicts.append(node)
        elif isinstance(node, ast.Name):
            dicts.extend(d for d in self.sources(node.id) if isinstance(d, ast.Dict))
        out = Origin()
        for d in dicts:
            for k in d.keys:
                if k is not None:
                    out.add(self.origin(k, depth))
        return out

    def _module_helper_origin(self, name: str, depth: int) -> Origin | None:
        """``name`` is a function of this module taking no parameters, and each value it
        returns is made from nothing outside the code (a timestamp it formats itself, a
        literal, a token, a project constant for the judge to check, or a local that has
        matched a quote-free pattern where it is returned: ``if not
        PATTERN.fullmatch(v): return DEFAULT`` then ``return v``): calling it gives the
        code's own text.  None when it is not such a function."""
        tree = self.ctx.tree
        if tree is None or self.sources(name) or name in self.params:
            return None  # a local of the caller, not the module's function
        fn = next(
            (
                n
                for n in tree.body
                if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == name
            ),
            None,
        )
        if fn is None or fn is self.func or fn.decorator_list or _has_parameters(fn.args):
            return None
        inner = Tracer.__new__(Tracer)
        inner.ctx = self.ctx
        inner.func = fn
        inner.params = {}
        inner._following = set()
        inner._comprehension = {}
        returns = [r for r in _own_nodes(fn) if isinstance(r, ast.Return)]
        if not returns:
            return None
        out = Origin()
        for r in returns:
            if r.value is None:
                continue
            if isinstance(r.value, ast.Name) and _checked_in(
                r.value.id, _path_to(fn, r.value), self.ctx
            ):
                continue  # matched a pattern that admits no quote, not rebound since
            got = inner.origin(r.value, depth + 1)
            if got.params or got.unknown or got.qparams or got.qconstants or got.qunknown:
                return None
            out.add(got)
        return out

    def _returns_literal(self, name: str) -> bool:
        """``name`` is a function defined in the enclosing one that returns a quoted SQL
        literal on some path (``return repr(v)``, ``return f"'{v}'"``)."""
        if self.func is None:
            return False
        for n in ast.walk(self.func):
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == name:
                for r in ast.walk(n):
                    if (
                        isinstance(r, ast.Return)
                        and r.value is not None
                        and _renders_literal(r.value, self.ctx)
                    ):
                        return True
        return False

    def _sql_construct(self, node: ast.expr) -> bool:
        """An expression built by SQLAlchemy (``sa.false()``, a local ``stmt = select(...)``)."""
        ctx = self.ctx
        if isinstance(node, ast.Call):
            q = ctx.resolve(node.func) if isinstance(node.func, (ast.Name, ast.Attribute)) else None
            if q is None and isinstance(node.func, ast.Attribute):
                return self._sql_construct(node.func.value)  # ``select(...).where(...)``
            return q is not None and q.startswith(_SQL_LIBRARIES)
        if isinstance(node, ast.Name):
            bound = ctx.local_call_binding(node.id)
            return bound is not None and bound.startswith(_SQL_LIBRARIES)
        return False

    def _comprehension_origin(
        self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp, elt: ast.expr, depth: int
    ) -> Origin:
        saved = dict(self._comprehension)
        out = Origin()
        try:
            for gen in node.generators:
                # ``c for c in v if c.isalnum()``: only word characters pass
                checked = _checked_word(gen)
                element = Origin() if checked else self._iterated(gen.iter, depth)
                for t in ast.walk(gen.target):
                    if isinstance(t, ast.Name):
                        self._comprehension[t.id] = element
            out.add(self.origin(elt, depth))
        finally:
            self._comprehension = saved
        return out


def _own_only(got: Origin) -> Origin:
    """``got`` when it is made of the code's own values (literals, project constants for
    the judge to check), else unknown: following a value through a call or an unpacking
    must not turn what was unknown into a parameter finding."""
    if got.params or got.unknown or got.qparams or got.qunknown:
        return _unknown()
    # derived names are marked (``q()``): the judge keeps them only when they turn out
    # fixed, and takes any other as a value it cannot follow, as before they were followed
    got.constants = {_derived(q) for q in got.constants}
    got.qconstants = {_derived(q) for q in got.qconstants}
    return got


def _derived(q: str) -> str:
    return q if q.endswith("()") else q + "()"


def _has_parameters(args: ast.arguments) -> bool:
    return bool(args.posonlyargs or args.args or args.kwonlyargs or args.vararg or args.kwarg)


def _own_nodes(func: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.AST]:
    """The nodes of ``func``'s body, nested functions, classes and lambdas left out."""
    out: list[ast.AST] = []
    stack: list[ast.AST] = list(func.body)
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        out.append(n)
        stack.extend(ast.iter_child_nodes(n))
    return out


def _renders_literal(node: ast.expr, ctx: ModuleContext) -> bool:
    """``repr(v)``, ``f"'{v}'"``, ``"'%s'" % v``: an expression that renders a quoted SQL
    literal of something it interpolates."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and ctx.resolve(node.func) == "builtins.repr"
    ):
        return True
    built = built_string(node)
    return built is not None and any(
        id(rep) in built.reprs or in_string_literal(before) for rep, before, _a in built.fields
    )


def _doubles_quotes(node: ast.Call) -> bool:
    """``.replace("'", "''")``: single quotes doubled, the SQL way of escaping a literal."""
    args = node.args
    return (
        len(args) == 2
        and isinstance(args[0], ast.Constant)
        and args[0].value == "'"
        and isinstance(args[1], ast.Constant)
        and args[1].value == "''"
    )


#: A negated character class of word characters only (``[^A-Za-z0-9_]``, ``[^\\w]``,
#: ``\\W``): ``re.sub`` of it removes every quote, space and operator.
_NOT_WORD = lazy_compile(r"^(?:\[\^(?:a-z|A-Z|0-9|_|\\w|\\d)+\]\+?|\\W\+?)$")
#: ``str`` predicates that hold only for letters, digits (and ``_``, for identifiers).
_WORD_PREDICATES = frozenset({"isalnum", "isalpha", "isdigit", "isdecimal", "isidentifier"})


def _sanitises(node: ast.Call) -> bool:
    """``re.sub(r"[^A-Za-z0-9_]", "_", v)``: a word-only pattern negated, replaced by word
    characters (or nothing)."""
    if len(node.args) < 3 or node.keywords:
        return False
    pattern, repl = node.args[0], node.args[1]
    return (
        isinstance(pattern, ast.Constant)
        and isinstance(pattern.value, str)
        and bool(_NOT_WORD.match(pattern.value))
        and isinstance(repl, ast.Constant)
        and isinstance(repl.value, str)
        and (repl.value == "" or repl.value.replace("_", "a").isalnum())
    )


def _checked_word(gen: ast.comprehension) -> bool:
    """A comprehension whose condition keeps only elements a word predicate accepts
    (``for c in v if c.isalnum()``), its target a name."""
    if not isinstance(gen.target, ast.Name):
        return False
    target = gen.target.id
    for cond in gen.ifs:
        for n in ast.walk(cond):
            if (
                isinstance(n, ast.Call)
                and isinstance(n.func, ast.Attribute)
                and n.func.attr in _WORD_PREDICATES
                and isinstance(n.func.value, ast.Name)
                and n.func.value.id == target
            ):
                return isinstance(cond, ast.Call)  # the predicate is the whole condition
    return False


#: An anchored pattern of word characters only (``^[A-Za-z0-9_]+$``, ``\\w+``).
_WORD_PATTERN = lazy_compile(r"^\^?(?:\[(?:a-z|A-Z|0-9|_|\\w|\\d)+\]|\\w)[+*]\$?$")


def _checked_first(func: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    """The function's own body checks the parameter ``name`` before anything else can use
    it, and never rebinds it: a top-level ``if name not in ALLOWED: raise`` (or ``return``),
    ``assert name in ALLOWED``, ``if not name.isidentifier(): raise``, or ``if not
    re.fullmatch(r"[A-Za-z0-9_]+", name): raise`` -- an allow-list or a word-only check."""
    for n in ast.walk(func):
        targets: list[ast.expr] = []
        if isinstance(n, ast.Assign):
            targets = n.targets
        elif isinstance(n, (ast.AugAssign, ast.AnnAssign, ast.NamedExpr, ast.For, ast.AsyncFor)):
            targets = [n.target]
        if any(isinstance(t, ast.Name) and t.id == name for tt in targets for t in ast.walk(tt)):
            return False
    for stmt in func.body:
        if isinstance(stmt, ast.Assert) and _allows(stmt.test, name, negated=False):
            return True
        if (
            isinstance(stmt, ast.If)
            and stmt.body
            and isinstance(stmt.body[-1], (ast.Raise, ast.Return))
            and _allows(stmt.test, name, negated=True)
        ):
            return True
    return False


def _allows(test: ast.expr, name: str, negated: bool) -> bool:
    """``test`` (negated: its failure) keeps ``name`` to an allow-list or word characters."""
    if negated:
        if (
            isinstance(test, ast.Compare)
            and len(test.ops) == 1
            and isinstance(test.ops[0], ast.NotIn)
        ):
            return isinstance(test.left, ast.Name) and test.left.id == name
        if not (isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)):
            return False
        test = test.operand
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.In):
        return isinstance(test.left, ast.Name) and test.left.id == name
    if not (isinstance(test, ast.Call) and isinstance(test.func, ast.Attribute)):
        return False
    func = test.func
    if func.attr in _WORD_PREDICATES:
        return isinstance(func.value, ast.Name) and func.value.id == name and not test.args
    if func.attr in ("fullmatch", "match") and len(test.args) >= 2:
        pattern, subject = test.args[0], test.args[1]
        return (
            isinstance(subject, ast.Name)
            and subject.id == name
            and isinstance(pattern, ast.Constant)
            and isinstance(pattern.value, str)
            and bool(_WORD_PATTERN.match(pattern.value))
            and (func.attr == "fullmatch" or pattern.value.endswith("$"))
        )
    return False


# -- values checked against a pattern before use -------------------------------------------
#: The regular-expression parser of the standard library (``re._parser``, Python 3.11+):
#: what a pattern admits is read from its parsed form, never guessed from its text.
_RE_PARSER: Any = importlib.import_module("re._parser")
_RE: Any = importlib.import_module("re._constants")
#: Characters that end or escape an SQL string literal (``'``; ``\`` escapes one in MySQL).
_LITERAL_BREAKERS = ("'", "\\")
#: ``re`` functions that test a whole value: ``fullmatch``, or ``match`` / ``search`` of a
#: pattern anchored where the function does not anchor it itself.
_PATTERN_TESTS = frozenset({"re.fullmatch", "re.match", "re.search"})
#: Flags that do not change which characters a pattern admits nor where ``$`` matches.
_HARMLESS_FLAGS = frozenset({"re.I", "re.IGNORECASE", "re.A", "re.ASCII", "re.U", "re.UNICODE"})
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_LOOPS = (ast.For, ast.AsyncFor, ast.While)


def quote_free(pattern: str, how: str) -> bool:
    """Every text that ``re.<how>(pattern, text)`` accepts is free of ``'`` and ``\\``: the
    pattern admits neither character anywhere, and it covers the whole text (``fullmatch``;
    ``match`` ending in ``$`` / ``\\Z``; ``search`` also starting with ``^`` / ``\\A``),
    without the multi-line flag that lets ``$`` stop at a line's end."""
    try:
        parsed = _RE_PARSER.parse(pattern)
    except Exception:  # re.error, RecursionError: not a pattern the check can read
        return False
    if parsed.state.flags & _RE.SRE_FLAG_MULTILINE:
        return False
    items = list(parsed.data)
    ends = (_RE.AT_END, _RE.AT_END_STRING)
    starts = (_RE.AT_BEGINNING, _RE.AT_BEGINNING_STRING)
    if how != "fullmatch" and not (items and items[-1][0] is _RE.AT and items[-1][1] in ends):
        return False
    if how == "search" and not (items and items[0][0] is _RE.AT and items[0][1] in starts):
        return False
    return _admits_none(items)


def _admits_none(items: Any) -> bool:
    """No text a parsed (sub)pattern consumes holds a literal breaker."""
    for op, av in items:
        if op is _RE.LITERAL:
            if chr(av) in _LITERAL_BREAKERS:
                return False
        elif op is _RE.IN:
            if _set_admits(av):
                return False
        elif op in (_RE.MAX_REPEAT, _RE.MIN_REPEAT, _RE.POSSESSIVE_REPEAT):
            if not _admits_none(av[2]):
                return False
        elif op is _RE.SUBPATTERN:
            if not _admits_none(av[-1]):
                return False
        elif op is _RE.ATOMIC_GROUP:
            if not _admits_none(av):
                return False
        elif op is _RE.BRANCH:
            if not all(_admits_none(b) for b in av[1]):
                return False
        elif op is _RE.GROUPREF_EXISTS:
            if not all(_admits_none(b) for b in av[1:] if b is not None):
                return False
        elif op in (_RE.AT, _RE.GROUPREF, _RE.ASSERT, _RE.ASSERT_NOT):
            continue  # consumes nothing, or repeats a group already read
        else:
            return False  # ``.``, ``[^x]`` as NOT_LITERAL, anything unread
    return True


#: Character categories that contain neither breaker (digits, white space, word characters).
_CLEAN_CATEGORIES = frozenset(
    {"CATEGORY_DIGIT", "CATEGORY_SPACE", "CATEGORY_WORD", "CATEGORY_LINEBREAK"}
    | {"CATEGORY_UNI_DIGIT", "CATEGORY_UNI_SPACE", "CATEGORY_UNI_WORD", "CATEGORY_LOC_WORD"}
    | {"CATEGORY_UNI_LINEBREAK"}
)


def _set_admits(items: Any) -> bool:
    """A character class (``[...]``) admits a literal breaker."""
    negate = any(op is _RE.NEGATE for op, _av in items)
    for ch in _LITERAL_BREAKERS:
        code = ord(ch)
        member = False
        for op, av in items:
            if op is _RE.NEGATE:
                continue
            if op is _RE.LITERAL:
                member = member or av == code
            elif op is _RE.RANGE:
                member = member or av[0] <= code <= av[1]
            elif op is _RE.CATEGORY:
                member = member or str(av) not in _CLEAN_CATEGORIES
            else:
                return True  # a charset the check does not read
        if member != negate:
            return True
    return False


def pattern_checked(name: str, node: ast.AST, ctx: ModuleContext) -> bool:
    """The local ``name``, where ``node`` reads it, has passed a test that admits no quote
    (:func:`quote_free`) and has not been rebound since: ``node`` sits in the body of an
    ``if re.fullmatch(PATTERN, name):`` (also ``match`` / ``search`` anchored, ``and`` other
    conditions), or follows, in its block or an enclosing one, an ``if not
    re.fullmatch(PATTERN, name): raise`` (or ``return``, ``continue``) or an ``assert``
    of it.  The pattern is a literal or a constant of the module (a string, or
    ``re.compile`` of one)."""
    return _checked_in(name, [*ctx.parents, node], ctx)


def _path_to(root: ast.AST, target: ast.AST) -> list[ast.AST]:
    """The nodes from ``root`` down to ``target`` (both included; empty when not found)."""
    stack: list[tuple[ast.AST, list[ast.AST]]] = [(root, [root])]
    while stack:
        n, path = stack.pop()
        if n is target:
            return path
        stack.extend((c, [*path, c]) for c in ast.iter_child_nodes(n))
    return []


def _checked_in(name: str, chain: list[ast.AST], ctx: ModuleContext) -> bool:
    """:func:`pattern_checked` of the node that ends ``chain`` (its ancestors first)."""
    for i in range(len(chain) - 2, -1, -1):
        outer, child = chain[i], chain[i + 1]
        if isinstance(outer, _LOOPS) and _stores(outer.body, name):
            return False  # a later iteration may read a value the guard never saw
        for field_name in ("body", "orelse", "finalbody"):
            block = getattr(outer, field_name, None)
            if not isinstance(block, list) or not any(s is child for s in block):
                continue
            if (
                isinstance(outer, ast.If)
                and field_name == "body"
                and _validates(outer.test, name, ctx)
                and not _stores(outer.body, name)
            ):
                return True
            index = next(k for k, s in enumerate(block) if s is child)
            for stmt in reversed(block[:index]):
                if _guards(stmt, name, ctx):
                    return True
                if _stores([stmt], name):
                    return False
        if isinstance(outer, _SCOPES):
            return False
    return False


def _guards(stmt: ast.stmt, name: str, ctx: ModuleContext) -> bool:
    """``assert <test>`` or ``if not <test>: ... raise`` (``return``, ``continue``): the
    statements after it only run once ``name`` passed the test."""
    if isinstance(stmt, ast.Assert):
        return _validates(stmt.test, name, ctx)
    return (
        isinstance(stmt, ast.If)
        and not stmt.orelse
        and bool(stmt.body)
        and isinstance(stmt.body[-1], (ast.Raise, ast.Return, ast.Continue))
        and isinstance(stmt.test, ast.UnaryOp)
        and isinstance(stmt.test.op, ast.Not)
        and _validates(stmt.test.operand, name, ctx)
        and not _stores(stmt.body, name)
    )


def _validates(test: ast.expr, name: str, ctx: ModuleContext) -> bool:
    """``test`` is true only when ``name`` matches a quote-free pattern (one conjunct of an
    ``and`` is enough; ``m := re.match(...)`` counts)."""
    if isinstance(test, ast.NamedExpr):
        test = test.value
    if isinstance(test, ast.BoolOp):
        return isinstance(test.op, ast.And) and any(_validates(v, name, ctx) for v in test.values)
    if not isinstance(test, ast.Call) or not isinstance(test.func, (ast.Name, ast.Attribute)):
        return False
    func = test.func
    if (
        isinstance(func, ast.Attribute)
        and func.attr in _WORD_PREDICATES
        and _is_name(func.value, name)
        and not test.args
        and not test.keywords
    ):
        return True  # ``name.isidentifier()``: letters, digits and ``_`` only
    q = ctx.resolve(test.func)
    args = list(test.args)
    if q in _PATTERN_TESTS:
        how = q.rsplit(".", 1)[1]
        if len(args) < 2 or not _is_name(args[1], name):
            return False
        flags = args[2:] + [k.value for k in test.keywords if k.arg == "flags"]
        if any(k.arg not in ("flags",) for k in test.keywords) or not all(
            _harmless_flags(f, ctx) for f in flags
        ):
            return False
        pattern = _pattern_text(args[0], ctx)
        return pattern is not None and quote_free(pattern, how)
    if (
        isinstance(func, ast.Attribute)
        and func.attr in ("fullmatch", "match", "search")
        and len(args) == 1
        and not test.keywords
        and _is_name(args[0], name)
    ):
        pattern = _compiled_text(func.value, ctx)
        return pattern is not None and quote_free(pattern, func.attr)
    return False


def _is_name(e: ast.expr, name: str) -> bool:
    return isinstance(e, ast.Name) and e.id == name


def _harmless_flags(e: ast.expr, ctx: ModuleContext) -> bool:
    if isinstance(e, ast.BinOp) and isinstance(e.op, ast.BitOr):
        return _harmless_flags(e.left, ctx) and _harmless_flags(e.right, ctx)
    return isinstance(e, (ast.Name, ast.Attribute)) and ctx.resolve(e) in _HARMLESS_FLAGS


def _module_constant(e: ast.expr, ctx: ModuleContext) -> Any:
    """The summary of the module-level binding ``e`` names, bound once (None otherwise)."""
    if not isinstance(e, ast.Name) or e.id not in ctx.module_constants:
        return None
    if ctx.resolve(e) != f"{ctx.module}.{e.id}":
        return None  # a local or parameter of the same name
    return ctx.facts.bindings.get(e.id)


def _pattern_text(e: ast.expr, ctx: ModuleContext) -> str | None:
    """A pattern written as a literal or a string constant of the module."""
    if isinstance(e, ast.Constant):
        return e.value if isinstance(e.value, str) else None
    bound = _module_constant(e, ctx)
    return bound.value if isinstance(bound, Lit) and isinstance(bound.value, str) else None


def _compiled_text(e: ast.expr, ctx: ModuleContext) -> str | None:
    """``PATTERN`` bound once at module level to ``re.compile("...")`` (no flags but the
    harmless ones are allowed: none, here, to stay simple)."""
    bound = _module_constant(e, ctx)
    if not isinstance(bound, Call) or bound.qname != "re.compile" or bound.has_star:
        return None
    if len(bound.args) != 1 or bound.keywords:
        return None
    arg = bound.args[0]
    return arg.value if isinstance(arg, Lit) and isinstance(arg.value, str) else None


def _stores(stmts: list[ast.stmt], name: str) -> bool:
    """A statement of ``stmts`` (nested scopes aside) binds or deletes ``name``."""
    stack: list[ast.AST] = list(stmts)
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if n.name == name:
                return True
            continue
        if isinstance(n, ast.Lambda):
            continue
        if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, (ast.Store, ast.Del)):
            return True
        if isinstance(n, (ast.Global, ast.Nonlocal)) and name in n.names:
            return True
        if isinstance(n, ast.ExceptHandler) and n.name == name:
            return True
        if isinstance(n, (ast.Import, ast.ImportFrom)) and any(
            (a.asname or a.name).split(".", 1)[0] == name for a in n.names
        ):
            return True
        stack.extend(ast.iter_child_nodes(n))
    return False
