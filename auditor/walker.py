"""One batched pass over one module: symbol table, base facts and every check's hooks.

The stdlib ``ast`` (C parser, positions included) is walked once.  A light symbol table
(F2) resolves names to qualified names: module-level imports and aliases, relative
imports, function-level imports, and local rebindings that shadow a module name (the
"local variable named like a module" trap); a module-level name the module's own ``def``,
``class`` or assignment binds again after an import resolves to the binding in effect where
it is read (:mod:`auditor.rebound`).  Scopes follow F10: a nested ``def``,
``lambda`` or class body breaks the async context.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple, TypeVar

from auditor import names
from auditor.astwalk import SCALAR_FIELDS, global_names, walk
from auditor.check import KEYED_NODES, Check, Hit, Severity, When, when_of
from auditor.facts import (
    TOO_DEEP,
    Attribute,
    Await,
    BinOp,
    Blocking,
    BoolOp,
    Call,
    CallSite,
    Class,
    DictExpr,
    Expr,
    FStr,
    Function,
    Handoff,
    IfExp,
    Import,
    Instance,
    Lit,
    MethodCall,
    ModuleFacts,
    Name,
    Other,
    Param,
    Seq,
    ServerSite,
    Sub,
    Union,
    qname_of,
)
from auditor.lazyre import lazy_compile
from auditor.lowering import TypeAlias
from auditor.rebound import Rebound, rebound_names
from auditor.recognisers import (
    HOSTED_SERVERS,
    IMPORT_STRING,
    OWN_LOOP_RUNNERS,
    SERVER_CALLS,
    blocking_callee,
    builds_foreign_app,
    converts_errors,
    is_loop_runner,
    is_main_guard,
    loopback_host_param,
    never_returns,
    parses_only,
    relays_errors,
    runs_argument_on_own_loop,
    runs_wrapped_on_own_loop,
    served_app_key,
    server_host_kind,
    startup_env_gated,
    swallows_errors,
)

#: F3: methods of FastAPI/APIRouter instances recorded as MethodCall facts.
APP_METHODS = frozenset(
    {
        "include_router",
        "mount",
        "add_middleware",
        "add_exception_handler",
        "add_api_route",
        "add_event_handler",
        "add_api_websocket_route",
        "host",
    }
)
#: F8: methods only Pydantic 2 models have; calling one is evidence of Pydantic 2 (facts
#: ``pydantic_v2_calls``), unless the call sits in a fallback (``try``) or a version test.
PYDANTIC_V2_METHODS = frozenset(
    {
        "model_dump",
        "model_dump_json",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
        "model_json_schema",
        "model_copy",
        "model_construct",
        "model_rebuild",
    }
)
_VERSION_TEST = lazy_compile(r"hasattr|version|v1|v2", re.IGNORECASE)
#: F3: FastAPI's application class under its import paths: one built where no name binds it
#: (``StacApi(app=FastAPI(...))``) is recorded as an instance of its own (facts ``instances``).
_FASTAPI_CLASSES = frozenset({names.FASTAPI, "fastapi.applications.FastAPI"})
#: The parents under which a call's result is bound to a name the model already keys
#: (``app = FastAPI()``, ``self.app = FastAPI()``, ``return FastAPI()``) or dropped.
_BINDING_PARENTS = (ast.Assign, ast.AnnAssign, ast.Return, ast.Expr)
#: ``typing.cast(T, value)``: the value itself.
_CASTS = frozenset({"typing.cast", "typing_extensions.cast"})
#: What a SQL string passed to a runner is (facts ``ddl``)
_SQL_TEXT = frozenset({ast.Constant, ast.JoinedStr})
#: Calls that run SQL given as their first argument (facts ``ddl``).
_SQL_RUNNERS = frozenset(
    {"text", "execute", "exec_driver_sql", "executescript", "executemany", "DDL"}
)
#: DDL that changes an existing schema: a hand-written migration runs it (MIG001).
_DDL = lazy_compile(
    r"^\s*(alter\s+(?:table|sequence)|drop\s+(?:table|index|column)|create\s+(?:table|index|unique\s+index))\b",
    re.IGNORECASE,
)
#: Calls that import a module by a name computed at run time.
DYNAMIC_IMPORTS = frozenset({"importlib.import_module", "builtins.__import__"})
_IMPORTERS = frozenset(q.rsplit(".", 1)[1] for q in DYNAMIC_IMPORTS)
#: Keywords only a route decorator takes among the calls named like one (``get`` ...).
_ROUTE_KEYWORDS = frozenset(
    {
        "path",
        "response_model",
        "status_code",
        "tags",
        "summary",
        "description",
        "dependencies",
        "response_class",
        "include_in_schema",
        "methods",
        "responses",
        "operation_id",
    }
)


def _route_decorator_call(call: ast.Call) -> bool:
    """``call`` is a route decorator (``app.get("/items")``, ``router.api_route(path,
    tags=[...])``): a route method whose path is a literal starting with ``/`` or that takes
    a keyword only routes take (``handlers.get(name)`` takes neither)."""
    func = call.func
    if type(func) is not ast.Attribute or func.attr not in names.ROUTE_METHODS:
        return False
    first = call.args[0] if call.args else None
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value.startswith("/")
    return any(kw.arg in _ROUTE_KEYWORDS for kw in call.keywords)


#: The last part of each server call's name (``run`` of ``uvicorn.run``): the calls worth a look-up.
_SERVER_SHORTS = frozenset(q.rsplit(".", 1)[1] for q in SERVER_CALLS)
_SCOPE_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_MAX_EXPR_DEPTH = 8
S = TypeVar("S")
#: A module binding's summary while the prepass has not built it yet (never read after).
_PENDING = Other("<pending>")
#: a memo's "not asked yet" (None is an answer)
_UNSEEN = object()


class Scope:
    __slots__ = (
        "_counts",
        "_locals",
        "_returned",
        "calls",
        "function",
        "imports",
        "is_async",
        "kind",
        "memo",
        "node",
        "parent",
        "qname",
    )

    def __init__(
        self, kind: str, node: ast.AST | None, qname: str, is_async: bool, parent: Scope | None
    ):
        self.kind = kind  # module | function | lambda | class
        self.node = node
        self.qname = qname
        self.is_async = is_async
        self.parent = parent
        self.imports: dict[str, str] = {}
        self.calls: dict[str, str] = {}  # name -> callee qname of its latest ``name = Call()``
        self._locals: set[str] | None = None
        self._returned: tuple[ast.expr, ...] | None = None
        self._counts: dict[str, int] | None = None
        self.function: Function | None = None
        self.memo: dict[int, str | None] = {}  # ModuleContext.resolve() here, by node id

    def local_names(self) -> set[str]:
        """Names the statements of this function (or class) body bind (lazily computed)."""
        if self._locals is None:
            self._locals = _collect_locals(self)
        return self._locals

    def return_values(self) -> tuple[ast.expr, ...]:
        """The values of the ``return`` statements of this function's own body, nested
        scopes excluded (lazily computed): a hook that keeps something about a local only
        when the function returns it can skip the other locals before the walk reaches the
        ``return``."""
        if self._returned is None:
            self._returned = _collect_returns(self.node)
        return self._returned

    def binding_counts(self) -> dict[str, int]:
        """How many times each name is bound in this function's body (lazily computed).

        Every binding counts: assignments anywhere in an expression (comprehension
        variables and ``:=`` included), ``del``, imports, ``except ... as``, ``match``
        captures and nested ``def`` / ``class`` names; ``global`` / ``nonlocal`` count twice
        (the value is set elsewhere).  Nested scopes' own bindings are left out.  Empty for
        a module, class or lambda scope.  "Bound once" is what a check needs to trust that
        a local still holds the value of its one assignment."""
        if self._counts is None:
            self._counts = _count_bindings(self.node)
        return self._counts


class AttributeStores(NamedTuple):
    """:meth:`ModuleContext.attribute_stores`' answer for one function."""

    #: dotted target -> the assignments with a value that write it (once per such target)
    assigns: dict[str, list[ast.Assign | ast.AnnAssign]]
    #: dotted target -> how many ``Attribute`` nodes store or delete it
    stores: dict[str, int]


class ModuleContext:
    """What a hook sees: the module, its symbols, the current scope and ``report``."""

    def __init__(self, facts: ModuleFacts, source: bytes, project_modules: frozenset[str]):
        self.facts = facts
        self.path = facts.path
        self.module = facts.module
        self.file_class = facts.file_class
        self.source = source
        self.project_modules = project_modules
        self.scope = Scope("module", None, facts.module, False, None)
        self.module_scope = self.scope
        self.parents: list[ast.AST] = []
        self.check: Check | None = None  # the check whose hook is running
        self._lines: list[bytes] | None = None
        self._states: dict[type, object] = {}  # per-module scratch state, by type (see state())
        self._says: dict[tuple[bytes, ...], bool] = {}  # (see says())
        self._lower: bytes | None = None  # the text in lower case (see says())
        #: word -> the numbers of the lines that hold it, ascending (see lines_say())
        self._word_lines: dict[bytes, list[int]] = {}
        #: module-level names defined by def/class/for/with/bare annotations (the prepass)
        self.defined: set[str] = set()
        self._constants: set[str] | None = None
        self.tree: ast.Module | None = None
        #: local name -> the qualified names imports bind it to, for hooks keyed by them
        self.imported_as: dict[str, set[str]] = {}
        #: :meth:`_module_name`'s answers, kept once the prepass has bound the module's
        #: names (the imports, bindings and definitions do not change after it)
        self._module_names: dict[str, str | None] | None = None
        #: the module-level names an import and the module's own statements both bind
        self.rebound: Rebound | None = None
        #: module-level name -> the project class its annotation names, ``None`` unwrapped
        #: (``_manager: Optional[Manager] = None``): what a function reading it holds
        self.typed_globals: dict[str, str] = {}
        self._name_calls: dict[str, list[ast.Call]] | None = None  # (see name_calls())
        #: function -> its attribute stores (see attribute_stores())
        self._attribute_stores: dict[ast.AST, AttributeStores] = {}

    # -- names (F2) -----------------------------------------------------------
    def resolve(self, node: ast.AST | None) -> str | None:
        """The canonical qualified name of a Name/Attribute chain, or None.

        Memoized per (node, scope): a hook may resolve nodes of a function body before the
        walk enters that function, where a parameter can shadow a module name."""
        memo = self.scope.memo
        key = id(node)
        if key in memo:
            return memo[key]
        q = memo[key] = self._resolve(node)
        return q

    def _resolve(self, node: ast.AST | None) -> str | None:
        # (exact types: the nodes of a parsed tree are of the ``ast`` classes themselves)
        t = type(node)
        if t is ast.Name:
            return names.canonical(self.resolve_name(node.id, at=node))  # type: ignore[union-attr,arg-type]
        if t is ast.Attribute:
            parts = [node.attr]  # type: ignore[union-attr]
            cur = node.value  # type: ignore[union-attr]
            while type(cur) is ast.Attribute:
                parts.append(cur.attr)
                cur = cur.value
            if type(cur) is not ast.Name:
                return None
            base = self.resolve_name(cur.id, at=cur)
            if base is None:
                return None
            parts.append(base)
            parts.reverse()
            return names.canonical(".".join(parts))
        return None

    def resolve_name(
        self, name: str, scope: Scope | None = None, at: ast.expr | None = None
    ) -> str | None:
        """What ``name`` is bound to where it is read (in ``scope``, the current one by
        default; ``at``, the node read, places a module-level name an import and the
        module's own statements both bind: see :mod:`auditor.rebound`)."""
        s: Scope | None = scope or self.scope
        first = s
        outer_known: bool | None = None
        late = False  # read in a function's body: after the module ran
        while s is not None:
            kind = s.kind
            if kind == "class" and s is not first:
                s = s.parent
                continue
            q = s.imports.get(name)  # (an import's target is never empty)
            if q is not None:
                return q
            if kind == "module":
                if self.rebound is not None and name in self.rebound:
                    return self._rebound_name(name, at, late)
                return self._module_name(name)
            late = late or kind != "class"
            if outer_known is None:
                # a name nothing outside knows cannot resolve: skip the locals scan
                outer_known = self._module_name(name) is not None
                if not outer_known:
                    o = s.parent
                    while o is not None:
                        if name in o.imports:
                            outer_known = True
                            break
                        o = o.parent
            if not outer_known:
                return None
            if name in s.local_names():
                return None
            s = s.parent
        return None

    def _rebound_name(self, name: str, at: ast.expr | None, late: bool) -> str | None:
        """``name``, bound by an import and by the module's own statements, read at ``at``
        (in a function's body when ``late``): the module's own name where its own ``def``,
        ``class`` or assignment is certainly in effect there, else the import."""
        rebound = self.rebound
        assert rebound is not None
        line = getattr(at, "lineno", None)
        pos = (line, getattr(at, "col_offset", 0)) if line is not None else None
        if pos is not None:
            late = rebound.runs_late(pos)  # (a hook may read a body from outside it)
        elif not late:
            return self._module_name(name)  # (where it is read is not known)
        if rebound.own_at(name, None if late else pos):
            return f"{self.module}.{name}"
        return self._module_name(name)

    def _module_name(self, name: str) -> str | None:
        memo = self._module_names
        if memo is not None:
            found = memo.get(name, _UNSEEN)
            if found is not _UNSEEN:
                return found  # type: ignore[return-value]
        facts = self.facts
        q = facts.imports.get(name)
        if q is None:
            if name in facts.bindings or name in self.defined:
                q = f"{self.module}.{name}"
            elif name in names.BUILTIN_NAMES:
                q = f"builtins.{name}"
        if memo is not None:
            memo[name] = q
        return q

    def is_project(self, qname: str | None) -> bool:
        if not qname:
            return False
        return qname.split(".", 1)[0] in self.project_modules

    def typed_global(self, node: ast.Name) -> str | None:
        """The project class of the module-level name ``node`` reads, from its annotation
        (:attr:`typed_globals`); None where a local or an import shadows it."""
        cls = self.typed_globals.get(node.id)
        return cls if cls and self.resolve(node) == f"{self.module}.{node.id}" else None

    def local_call_binding(self, name: str) -> str | None:
        """Callee qname of the latest ``name = Call(...)`` in this function (or module)."""
        s: Scope | None = self.scope
        while s is not None and s.kind == "class":
            s = s.parent
        if s is None:
            return None
        if name in s.calls:
            return s.calls[name]
        if s.kind != "module" and name in s.local_names():
            return None
        return self.module_scope.calls.get(name)

    def state(self, kind: type[S]) -> S:
        """This module's scratch state of type ``kind``: one instance per module, made by
        ``kind()`` on first use.  A check keeps what its hooks share in a small class of its
        own (a dataclass with defaults), so the state is typed and cannot collide."""
        found = self._states.get(kind)
        if found is None:
            found = self._states[kind] = kind()
        return found  # type: ignore[return-value]

    def says(self, *words: bytes) -> bool:
        """The module's text holds one of ``words`` (lower case: the text is compared in lower
        case), answered once per module: a cheap test before a hook walks what could not
        matter where the text never says it."""
        found = self._says.get(words)
        if found is None:
            lower = self._lower
            if lower is None:
                lower = self._lower = self.source.lower()
            found = self._says[words] = any(w in lower for w in words)
        return found

    def lines_say(self, word: bytes, node: ast.AST) -> bool:
        """The lines of ``node`` (``lineno`` to ``end_lineno``) hold ``word``: the same cheap
        test as :meth:`says` for one statement (a function a hook would walk), in the
        text's own case."""
        first = getattr(node, "lineno", 1)
        last = getattr(node, "end_lineno", None) or first
        if b"\n" in word:  # (spans lines: the lines themselves)
            if self._lines is None:
                self._lines = self.source.split(b"\n")
            return word in b"\n".join(self._lines[first - 1 : last])
        lines = self._word_lines.get(word)
        if lines is None:
            lines = self._word_lines[word] = _lines_holding(self.source, word)
        # the first line at or after ``first`` that holds the word, if it is not after ``last``
        i = bisect_left(lines, first)
        return i < len(lines) and lines[i] <= last

    def statements_saying(self, word: bytes) -> ast.Module:
        """The module with only its top-level statements whose lines (decorators included)
        hold the text ``word``, in order: what a hook's walk for what can only be written
        with ``word`` (a keyword, an ASCII name) needs to walk, in the order of the whole
        module's walk.  The whole module where the text's lines may not be the parse's (a
        lone ``\\r`` ends a line too); an empty one without a tree."""
        tree = self.tree
        if tree is None:
            return ast.Module(body=[], type_ignores=[])
        source = self.source
        if b"\r" in source and source.count(b"\r") != source.count(b"\r\n"):
            return tree
        lines = self._word_lines.get(word)
        if lines is None:
            lines = self._word_lines[word] = _lines_holding(source, word)
        body: list[ast.stmt] = []
        if lines:
            for stmt in tree.body:
                i = bisect_left(lines, _first_line(stmt))
                if i < len(lines) and lines[i] <= (stmt.end_lineno or stmt.lineno):
                    body.append(stmt)
        return ast.Module(body=body, type_ignores=[])

    def name_calls(self, name: str) -> list[ast.Call]:
        """The module's calls of the plain name ``name`` (``refusal(...)``), in the order of
        ``ast.walk(tree)``: every plain name's calls are recorded by one walk of the module
        (:func:`auditor.astwalk.walk`, ``ast.walk``'s order), the first time one is asked."""
        calls = self._name_calls
        if calls is None:
            calls = self._name_calls = {}
            for node in walk(self.tree) if self.tree is not None else ():
                if type(node) is ast.Call:
                    func = node.func
                    if type(func) is ast.Name:
                        calls.setdefault(func.id, []).append(node)
        return calls.get(name, [])

    def attribute_stores(self, fn: ast.AST) -> AttributeStores:
        """The stores to attributes in ``fn`` (every node of it, nested ones too), by the
        dotted target (``self.engine``): the assignments with a value, once per target
        written so, and the count of all stores and deletes.  Walked once per function."""
        found = self._attribute_stores.get(fn)
        if found is None:
            assigns: dict[str, list[ast.Assign | ast.AnnAssign]] = {}
            stores: dict[str, int] = {}
            for n in walk(fn):
                if isinstance(n, (ast.Assign, ast.AnnAssign)):
                    if n.value is not None:
                        for t in n.targets if isinstance(n, ast.Assign) else [n.target]:
                            if isinstance(t, ast.Attribute):
                                key = dotted(t)
                                if key is not None:
                                    assigns.setdefault(key, []).append(n)
                elif isinstance(n, ast.Attribute) and isinstance(n.ctx, (ast.Store, ast.Del)):
                    key = dotted(n)
                    if key is not None:
                        stores[key] = stores.get(key, 0) + 1
            found = self._attribute_stores[fn] = AttributeStores(assigns, stores)
        return found

    @property
    def module_constants(self) -> set[str]:
        """Module-level names bound exactly once, by a plain top-level assignment."""
        if self._constants is None:
            tree = self.tree
            self._constants = module_constants(tree, self.source) if tree is not None else set()
        return self._constants

    def child_qname(self, name: str) -> str:
        """The qualified name a def/class called ``name`` gets in the current scope."""
        outer = self.scope
        if outer.kind == "module":
            return f"{self.module}.{name}"
        if outer.kind == "class":
            return f"{outer.qname}.{name}"
        return f"{outer.qname}.<locals>.{name}"

    # -- context (F10) ----------------------------------------------------------
    def return_values(self) -> tuple[ast.expr, ...]:
        """The values the current function's ``return`` statements hand back (empty outside
        a function), in no particular order: see :meth:`Scope.return_values`."""
        scope = self.scope
        return scope.return_values() if scope.kind == "function" else ()

    @property
    def in_async(self) -> bool:
        return self.scope.kind == "function" and self.scope.is_async

    @property
    def function(self) -> Function | None:
        """The nearest enclosing function's facts (None at module level or in a class body)."""
        return self.scope.function if self.scope.kind == "function" else None

    @property
    def parent(self) -> ast.AST | None:
        return self.parents[-1] if self.parents else None

    @property
    def enclosing_def(self) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """The syntax node of the nearest enclosing ``def`` (through class bodies and lambdas;
        None at module level): what a hook reads to look at the rest of its function."""
        for p in reversed(self.parents):
            if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return p
        return None

    def enclosing_function_qname(self) -> str | None:
        s: Scope | None = self.scope
        while s is not None:
            if s.kind == "function":
                return s.qname
            s = s.parent
        return None

    # -- positions and reporting -------------------------------------------------
    def _line(self, lineno: int) -> bytes:
        if self._lines is None:
            self._lines = self.source.split(b"\n")
        if 0 < lineno <= len(self._lines):
            return self._lines[lineno - 1]
        return b""

    def column(self, lineno: int | None, col_offset: int | None) -> int | None:
        """1-based character column from the AST's UTF-8 byte offset."""
        if lineno is None or col_offset is None:
            return None
        line = self._line(lineno)
        if line.isascii():
            return col_offset + 1
        return len(line[:col_offset].decode("utf-8", errors="replace")) + 1

    def position(self, node: ast.AST) -> tuple[int | None, int | None, int | None, int | None]:
        line = getattr(node, "lineno", None)
        end_line = getattr(node, "end_lineno", None)
        return (
            line,
            self.column(line, getattr(node, "col_offset", None)),
            end_line,
            self.column(end_line, getattr(node, "end_col_offset", None)),
        )

    def report(
        self,
        node: ast.AST,
        message: str | None = None,
        *,
        severity: Severity | None = None,
        fixable: bool = False,
        fix_title: str | None = None,
        data: object = None,
    ) -> Hit:
        check = self.check
        assert check is not None, "report() outside a hook"
        line, col, end_line, end_col = self.position(node)
        hit = Hit(
            check_id=check.id,
            path=self.path,
            line=line,
            column=col,
            end_line=end_line,
            end_column=end_col,
            message=message or check.message,
            severity=severity,
            data=data,
            fixable=fixable,
            fix_title=fix_title,
        )
        self.facts.hits.append(hit)
        return hit

    # -- expression summaries ------------------------------------------------------
    def summarize(self, node: ast.AST | None, depth: int = 0) -> Expr | None:
        return summarize(self, node, depth)


def _lines_holding(source: bytes, word: bytes) -> list[int]:
    """The numbers (from 1, lines split at ``\\n``) of the lines of ``source`` that hold
    ``word`` (which holds no line break), ascending, each once."""
    out: list[int] = []
    at = source.find(word)
    line = 1
    seen = 0  # ``line`` is the line of offset ``seen``
    while at >= 0:
        line += source.count(b"\n", seen, at)
        seen = at
        if not out or out[-1] != line:
            out.append(line)
        at = source.find(word, at + 1)
    return out


def dotted(node: ast.AST) -> str | None:
    t = type(node)
    if t is ast.Name:
        return node.id  # type: ignore[attr-defined, no-any-return]
    parts: list[str] = []
    cur: Any = node
    while t is ast.Attribute:
        parts.append(cur.attr)
        cur = cur.value
        t = type(cur)
    if t is ast.Name:
        parts.append(cur.id)
        parts.reverse()
        return ".".join(parts)
    return None


_BINOP_SYMBOLS: dict[type[ast.operator], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.MatMult: "@",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.Pow: "**",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitXor: "^",
    ast.BitAnd: "&",
}


def summarize(ctx: ModuleContext, node: ast.AST | None, depth: int = 0) -> Expr | None:
    """The :mod:`auditor.facts` summary of an expression node (None for None)."""
    if node is None:
        return None
    return _summary(ctx, node, depth)


def _loop_literals(ctx: ModuleContext, node: ast.AST) -> list[Expr]:
    """The strings a name takes when it is the target of an enclosing ``for`` over a literal
    list or tuple of strings (``for path in ["vllm.utils.hashing", "vllm.utils"]:
    __import__(path)``): each is a name the import is given, not a computed one.  Empty
    otherwise."""
    if not isinstance(node, ast.Name):
        return []
    for p in reversed(ctx.parents):
        if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            return []
        if (
            isinstance(p, (ast.For, ast.AsyncFor))
            and isinstance(p.target, ast.Name)
            and p.target.id == node.id
        ):
            items = p.iter.elts if isinstance(p.iter, (ast.List, ast.Tuple)) else None
            if not items or not all(
                isinstance(e, ast.Constant) and isinstance(e.value, str) for e in items
            ):
                return []
            return [Lit(e.value) for e in items if isinstance(e, ast.Constant)]
    return []


def _mapped_literals(ctx: ModuleContext, call: ast.Call) -> list[Expr]:
    """The module names an import of a name looked up in a module constant's literal map
    takes (a package's lazy exports: ``module_name = _EXPORTS[name]``, or ``module_name,
    attr = _EXPORTS[name]``, then ``import_module(module_name, __name__)``): each value of
    the map (the item the name unpacks), made absolute against the package the call names
    (``__name__``, ``__package__``).  Empty when the name is bound otherwise too, or when a
    value is no string."""
    first = call.args[0]
    key: ast.expr | None = first
    index: int | None = None
    if isinstance(first, ast.Name):
        key, index = _map_lookup(ctx, first.id)
    if not isinstance(key, ast.Subscript) or not isinstance(key.value, ast.Name):
        return []
    values = _constant_dict_values(ctx, key.value.id)
    if values is None:
        return []
    names: list[str] = []
    for v in values:
        item = v.elts[index] if isinstance(v, ast.Tuple) and index is not None else v
        if index is not None and not isinstance(v, ast.Tuple):
            return []
        if not isinstance(item, ast.Constant) or not isinstance(item.value, str):
            return []
        names.append(item.value)
    anchor = call.args[1] if len(call.args) > 1 else None
    anchor = next((k.value for k in call.keywords if k.arg == "package"), anchor)
    out: list[Expr] = []
    for name in dict.fromkeys(names):
        level = len(name) - len(name.lstrip("."))
        if level:
            if not isinstance(anchor, ast.Name) or anchor.id not in ("__name__", "__package__"):
                return []
            package = anchor.id == "__name__" or ctx.facts.is_package
            base = relative_base(ctx.module, package, level)
            name = f"{base}.{name[level:]}" if base else name[level:]
        out.append(Lit(name))
    return out


def _map_lookup(ctx: ModuleContext, name: str) -> tuple[ast.expr | None, int | None]:
    """The subscript the enclosing function binds ``name`` to, its only binding there
    (``name = MAP[key]``, or position ``i`` of ``a, name = MAP[key]``), with that position;
    (None, None) otherwise."""
    fn = next(
        (
            p
            for p in reversed(ctx.parents)
            if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef))
        ),
        None,
    )
    if fn is None or any(a.arg == name for a in ast.walk(fn.args) if isinstance(a, ast.arg)):
        return None, None
    found: list[tuple[ast.expr, int | None]] = []
    for node in ast.walk(fn):
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store):
            found.append((node, None))
    if len(found) != 1:
        return None, None
    target = found[0][0]
    for node in ast.walk(fn):
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        t = node.targets[0]
        if t is target:
            return node.value, None
        if isinstance(t, ast.Tuple) and target in t.elts:
            return node.value, t.elts.index(target)
    return None, None


def _constant_dict_values(ctx: ModuleContext, name: str) -> list[ast.expr] | None:
    """The values of the literal dict a module constant is bound to (``_EXPORTS: dict[str,
    str] = {...}``); None when it is bound to something else."""
    if ctx.tree is None or name not in ctx.module_constants:
        return None
    for s in ctx.tree.body:
        if isinstance(s, ast.Assign) and len(s.targets) == 1:
            target, value = s.targets[0], s.value
        elif isinstance(s, ast.AnnAssign) and s.value is not None:
            target, value = s.target, s.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id == name:
            if isinstance(value, ast.Dict) and value.values:
                return list(value.values)
            return None
    return None


def _unrolled_include(ctx: ModuleContext, node: ast.Call) -> list[ast.Call]:
    """``for area in AREAS: app.include_router(area.router, ...)`` over a literal tuple or
    list, written in the loop or bound once at module level to a name of the module
    (``AREAS = (login, folders)``): one call per item, the loop's name replaced by that
    item (``folders.router``), so that each router is known to be included with the
    call's keywords.  Empty when the router is not the loop's name or an attribute of it,
    or when the items are not all plain names."""
    first = node.args[0] if node.args else None
    root = first
    while isinstance(root, ast.Attribute):
        root = root.value
    if not isinstance(root, ast.Name) or first is None:
        return []
    loop = next(
        (
            p
            for p in reversed(ctx.parents)
            if isinstance(p, (ast.For, ast.AsyncFor))
            and isinstance(p.target, ast.Name)
            and p.target.id == root.id
        ),
        None,
    )
    items = _literal_items(ctx, loop.iter) if loop is not None else []
    out: list[ast.Call] = []
    for item in items:
        arg = _replace_root(first, item)
        call = ast.Call(func=node.func, args=[arg, *node.args[1:]], keywords=node.keywords)
        out.append(ast.copy_location(call, node))
    # kept for the module's walk: the scope resolves a node once, by its ``id``
    ctx.state(_UnrolledNodes).kept.extend(out)
    return out


@dataclass
class _UnrolledNodes:
    """The calls :func:`_unrolled_include` made, alive while the module is walked."""

    kept: list[ast.Call] = field(default_factory=list)


def _literal_items(ctx: ModuleContext, node: ast.expr) -> list[ast.expr]:
    """The items of a literal tuple or list of names, or of the one such literal a module
    constant is bound to; empty otherwise."""
    if isinstance(node, ast.Name) and ctx.tree is not None and node.id in ctx.module_constants:
        node = next(
            (
                s.value
                for s in ctx.tree.body
                if isinstance(s, ast.Assign)
                and len(s.targets) == 1
                and isinstance(s.targets[0], ast.Name)
                and s.targets[0].id == node.id
            ),
            node,
        )
    if not isinstance(node, (ast.Tuple, ast.List)):
        return []
    if not all(isinstance(e, (ast.Name, ast.Attribute)) for e in node.elts):
        return []
    return list(node.elts)


def _replace_root(expr: ast.expr, item: ast.expr) -> ast.expr:
    """``area.router`` with its root name ``area`` replaced by ``item``."""
    if isinstance(expr, ast.Attribute):
        return ast.copy_location(
            ast.Attribute(value=_replace_root(expr.value, item), attr=expr.attr, ctx=expr.ctx),
            expr,
        )
    return item


def summary_of(ctx: ModuleContext, node: ast.AST) -> Expr:
    """The summary of an expression node that is there (see :func:`summarize`)."""
    return _summary(ctx, node, 0)


def _span(ctx: ModuleContext, node: ast.stmt) -> tuple[int, int, int, int]:
    """(line, column, end line, end column) of a statement, 1-based characters."""
    end = node.end_lineno or node.lineno
    return (
        node.lineno,
        ctx.column(node.lineno, node.col_offset) or 1,
        end,
        ctx.column(end, node.end_col_offset) or 1,
    )


def summarize_call(ctx: ModuleContext, node: ast.Call, depth: int = 0) -> Call:
    d = depth + 1
    func = node.func
    q = ctx.resolve(func)
    spelled = dotted(func)
    starred = False
    args: list[Expr] = []
    for a in node.args:
        if type(a) is ast.Starred:
            starred = True
        else:
            args.append(_summary(ctx, a, d))
    keywords: list[tuple[str, Expr]] = []
    for kw in node.keywords:
        if kw.arg is None:
            starred = True  # ``**kwargs``
        else:
            keywords.append((kw.arg, _summary(ctx, kw.value, d)))
    return Call(q, spelled, tuple(args), tuple(keywords), starred, node.lineno)


def _summary(ctx: ModuleContext, node: ast.AST, depth: int) -> Expr:
    if depth > _MAX_EXPR_DEPTH:
        return Other(TOO_DEEP)
    d = depth + 1
    # (exact types, the most frequent first: the nodes of a parsed tree are of the ``ast``
    # classes themselves)
    t = type(node)
    if t is ast.Constant:
        v = node.value  # type: ignore[attr-defined]
        if isinstance(v, str) and len(v) > 2000:
            v = v[:2000]
        elif isinstance(v, bytes) and len(v) > 200:
            v = v[:200]
        return Lit(v)
    if t is ast.Name or t is ast.Attribute:
        return Name(ctx.resolve(node), dotted(node))
    if t is ast.Call:
        return summarize_call(ctx, node, depth)  # type: ignore[arg-type]
    if t is ast.List:
        return Seq("list", tuple([_summary(ctx, e, d) for e in node.elts[:200]]))  # type: ignore[attr-defined]
    if t is ast.Tuple:
        return Seq("tuple", tuple([_summary(ctx, e, d) for e in node.elts[:200]]))  # type: ignore[attr-defined]
    if t is ast.Set:
        return Seq("set", tuple([_summary(ctx, e, d) for e in node.elts[:200]]))  # type: ignore[attr-defined]
    if isinstance(node, ast.Dict):
        return DictExpr(
            tuple(
                (None if k is None else _summary(ctx, k, d), _summary(ctx, v, d))
                for k, v in list(zip(node.keys, node.values))[:200]
            )
        )
    if isinstance(node, ast.Subscript):
        return Sub(_summary(ctx, node.value, d), _summary(ctx, node.slice, d))
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.BitOr):
            items: list[Expr] = []
            stack: list[ast.expr] = [node]
            while stack:
                cur = stack.pop()
                if isinstance(cur, ast.BinOp) and isinstance(cur.op, ast.BitOr):
                    stack.append(cur.right)
                    stack.append(cur.left)
                else:
                    items.append(_summary(ctx, cur, d))
            return Union(tuple(items))
        return BinOp(
            _BINOP_SYMBOLS.get(type(node.op), "?"),
            _summary(ctx, node.left, d),
            _summary(ctx, node.right, d),
        )
    if isinstance(node, ast.IfExp):
        test = (
            _summary(ctx, node.test, d) if isinstance(node.test, ast.Name | ast.Attribute) else None
        )
        return IfExp(
            _text(node.test),
            _summary(ctx, node.body, d),
            _summary(ctx, node.orelse, d),
            test if isinstance(test, Name) else None,
        )
    if isinstance(node, ast.BoolOp):
        return BoolOp(
            "or" if isinstance(node.op, ast.Or) else "and",
            tuple([_summary(ctx, v, d) for v in node.values]),
        )
    if isinstance(node, ast.JoinedStr):
        return FStr(sum(isinstance(v, ast.FormattedValue) for v in node.values))
    if isinstance(node, ast.Await):
        return Await(_summary(ctx, node.value, d))
    return Other(type(node).__name__)


def _text(node: ast.AST) -> str:
    d = dotted(node)
    if d is not None:
        return d
    try:
        return ast.unparse(node)[:120]
    except Exception:  # pragma: no cover - unparse of odd trees
        return type(node).__name__


# -- local bindings of a function (lazy) ------------------------------------------


def _count_bindings(node: ast.AST | None) -> dict[str, int]:
    counts: dict[str, int] = {}
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return counts
    stack: list[ast.AST] = list(node.body)
    while stack:
        n = stack.pop()
        if isinstance(n, _SCOPE_NODES):
            if not isinstance(n, ast.Lambda):
                counts[n.name] = counts.get(n.name, 0) + 1
            continue
        if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)):
            counts[n.id] = counts.get(n.id, 0) + 1
        elif isinstance(n, (ast.Global, ast.Nonlocal)):
            for name in n.names:
                counts[name] = counts.get(name, 0) + 2
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            for a in n.names:
                local = a.asname or a.name.split(".", 1)[0]
                counts[local] = counts.get(local, 0) + 1
        elif isinstance(n, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and n.name:
            counts[n.name] = counts.get(n.name, 0) + 1
        stack.extend(ast.iter_child_nodes(n))
    return counts


def _target_names(t: ast.AST, out: set[str]) -> None:
    if isinstance(t, ast.Name):
        out.add(t.id)
    elif isinstance(t, (ast.Tuple, ast.List)):
        for e in t.elts:
            _target_names(e, out)
    elif isinstance(t, ast.Starred):
        _target_names(t.value, out)


def _collect_returns(node: ast.AST | None) -> tuple[ast.expr, ...]:
    """The values of the ``return`` statements of a function's own body (statements only:
    an expression holds no statement; nested scopes excluded)."""
    out: list[ast.expr] = []
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return ()
    stack: list[Any] = list(node.body)
    while stack:
        n = stack.pop()
        t = type(n)
        if t is ast.Return:
            if n.value is not None:
                out.append(n.value)
            continue
        if t in _NO_BINDING or t in _SCOPE_NODES:
            continue
        for fld in ("body", "orelse", "finalbody", "handlers", "cases"):
            sub = getattr(n, fld, None)
            if sub:
                stack.extend(sub)
    return tuple(out)


#: statements that bind no name and hold no statement (see _collect_locals)
_NO_BINDING = frozenset(
    {ast.Expr, ast.Return, ast.Pass, ast.Break, ast.Continue, ast.Raise, ast.Assert}
)


def _collect_locals(scope: Scope) -> set[str]:
    """Names bound in a function (or class) body, nested scopes excluded.

    Only statements and their binding targets are visited (not every expression), which
    keeps this cheap; a walrus inside an expression is not seen (it can only hide a
    resolution, never invent one).
    """
    node = scope.node
    out: set[str] = set()
    if node is None:
        return out
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        a = node.args
        for p in (*a.posonlyargs, *a.args, *a.kwonlyargs):
            out.add(p.arg)
        if a.vararg:
            out.add(a.vararg.arg)
        if a.kwarg:
            out.add(a.kwarg.arg)
        if isinstance(node, ast.Lambda):
            return out
    globals_: set[str] = set()
    imported: set[str] = set()  # recorded with their targets by the walk itself
    stack: list[ast.stmt] = list(getattr(node, "body", ()))
    while stack:
        n = stack.pop()
        t = type(n)
        if t in _NO_BINDING:
            continue  # a simple statement that binds nothing and holds no statement
        if t is ast.Assign:
            for target in n.targets:  # type: ignore[attr-defined]
                _target_names(target, out)
            continue
        if t is ast.AnnAssign or t is ast.AugAssign:
            _target_names(n.target, out)  # type: ignore[attr-defined]
            continue
        if isinstance(n, ast.Assign):
            for target in n.targets:
                _target_names(target, out)
        elif isinstance(n, (ast.AnnAssign, ast.AugAssign)):
            _target_names(n.target, out)
        elif isinstance(n, TypeAlias):  # ``type X = ...`` binds X
            _target_names(n.name, out)
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(n.name)
            continue
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            for alias in n.names:
                if alias.name != "*":
                    imported.add(alias.asname or alias.name.split(".", 1)[0])
            continue
        elif isinstance(n, (ast.Global, ast.Nonlocal)):
            globals_.update(n.names)
            continue
        elif isinstance(n, (ast.For, ast.AsyncFor)):
            _target_names(n.target, out)
        elif isinstance(n, (ast.With, ast.AsyncWith)):
            for item in n.items:
                if item.optional_vars is not None:
                    _target_names(item.optional_vars, out)
        elif isinstance(n, (ast.Try, ast.TryStar)):
            for h in n.handlers:
                if h.name:
                    out.add(h.name)
                stack.extend(h.body)
        elif isinstance(n, ast.Match):
            for case in n.cases:
                stack.extend(case.body)
            continue
        for fld in ("body", "orelse", "finalbody"):
            sub = getattr(n, fld, None)
            if sub:
                stack.extend(sub)
    out -= globals_
    out -= imported
    return out


# -- where a module loads its own functions' names (ModuleFacts.held_loads) ------------

#: a line that can hold an import below a ``def``: an indented one, or one after ``:``/``;``
#: (a text test before the walk records loads; a miss only costs the separate pass)
_NESTED_IMPORT = lazy_compile(
    rb"(?m)^[ \t\f]+(?:import|from)\b|[:;][ \t\f\\\r\n]*(?:import|from)\b"
)
#: a decorator or default of these types is not read by :func:`function_name_loads` (it
#: looks at the children of each, not at the node itself)
_BARE = frozenset({ast.Name, ast.Constant, ast.Lambda})
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


class _Frame:
    """A function (or lambda) whose loads are being collected: its parameters and the names
    stored anywhere inside it (of the wanted ones: either shadows a load in it), and the
    loads not yet known to be unshadowed, with the function around each."""

    __slots__ = ("params", "pending", "stores")

    def __init__(self, params: set[str]):
        self.params = params
        self.stores: set[str] = set()
        self.pending: list[tuple[str, str | None]] = []


class HeldLoads:
    """:func:`function_name_loads`'s answer collected by the walk as it goes, instead of a
    second walk of the module: the loads of ``wanted`` (the names of the module's functions
    that its text holds more than once; which of them the module will be asked about is
    known only after the walk).  A load inside a function waits in the function's frame
    until the function's end, when all the names stored in it are known.

    It follows :func:`function_name_loads` exactly, with the same reading of its syntax: a
    bare name, constant or lambda as a decorator or default of a function is not read, and
    a ``def`` that is a statement of a function's body is no scope of its own."""

    __slots__ = (
        "bare",
        "fallback",
        "found",
        "load_frame",
        "module",
        "muted",
        "store_frame",
        "top",
        "wanted",
    )

    def __init__(self, wanted: frozenset[str], module: str):
        self.wanted = wanted
        self.module = module
        self.found: dict[str, set[str | None]] = {}
        self.top: str | None = None  # the function of the module body around the walk
        self.load_frame: _Frame | None = None  # where a load waits (None: recorded now)
        self.store_frame: _Frame | None = None  # where a store shadows
        self.muted = 0  # > 0 in a function's annotations, which are not read
        self.bare: set[int] = set()  # ids of nodes not read (see the class docstring)
        self.fallback = False  # a lambda's keyword-only defaults: the walk does not visit them

    def name(self, node: ast.Name) -> None:
        """``node`` names one of ``wanted``."""
        ctx = type(node.ctx)
        if ctx is ast.Store:
            if self.store_frame is not None:
                self.store_frame.stores.add(node.id)
        elif ctx is ast.Load and not self.muted and id(node) not in self.bare:
            frame = self.load_frame
            if frame is None:
                self.found.setdefault(node.id, set()).add(self.top)
            else:
                frame.pending.append((node.id, self.top))

    def constant(self, node: ast.Constant) -> None:
        if self.muted:
            return
        name = _string_load(node.value)
        if name is not None and name in self.wanted and id(node) not in self.bare:
            self.found.setdefault(name, set()).add(self.top)

    def enter(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
    ) -> tuple[_Frame, tuple[str | None, _Frame | None, _Frame | None]] | None:
        """Start a function's header (decorators, defaults: read in the scope around it,
        while what it stores is the function's own); None for a function that is no scope
        (the walk then goes through it as through any other node)."""
        args = node.args
        if type(node) is ast.Lambda and any(d is not None for d in args.kw_defaults):
            self.fallback = True
        if id(node) in self.bare:
            return None
        wanted = self.wanted
        params = {
            a.arg
            for a in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg)
            if a is not None and a.arg in wanted
        }
        frame = _Frame(params)
        saved = (self.top, self.load_frame, self.store_frame)
        self.store_frame = frame
        bare = self.bare
        for d in (*getattr(node, "decorator_list", ()), *args.defaults, *args.kw_defaults):
            if type(d) in _BARE:
                bare.add(id(d))
        if type(node) is not ast.Lambda:
            for stmt in node.body:  # type: ignore[union-attr]
                if isinstance(stmt, _DEFS):
                    bare.add(id(stmt))
        return frame, saved

    def body(self, frame: _Frame, name: str | None) -> None:
        """Start the function's body; ``name``: a function of the module body."""
        if name is not None and self.top is None:
            self.top = f"{self.module}.{name}"
        self.load_frame = frame

    def leave(self, frame: _Frame, saved: tuple[str | None, _Frame | None, _Frame | None]) -> None:
        """End the function: the loads its names do not shadow go to the scope around."""
        self.top, outer, around = saved
        self.load_frame = outer
        self.store_frame = around
        params, stores = frame.params, frame.stores
        for name, top in frame.pending:
            if name in params or name in stores:
                continue
            if outer is None:
                self.found.setdefault(name, set()).add(top)
            else:
                outer.pending.append((name, top))
        if around is not None:
            around.stores |= stores

    def answer(self, wanted: set[str]) -> dict[str, tuple[str | None, ...]] | None:
        """The loads of ``wanted``; None when the walk cannot tell."""
        if self.fallback or not wanted <= self.wanted:
            return None
        return _held_answer({n: tops for n, tops in self.found.items() if n in wanted})


# -- the walker ------------------------------------------------------------------------


#: a check and one of its hooks (the bound method)
Hook = tuple[Check, Callable[[ast.AST, ModuleContext], None]]


class Narrowed:
    """The hooks of one node type when some of them are narrowed with
    :func:`auditor.check.when`: :meth:`select` picks a node's hooks, in check order.

    A call's key is worked out once per call for all checks (its canonical callee, memoized
    by :meth:`ModuleContext.resolve` as every hook's own lookup is; its last written name; its
    keywords), and a dictionary look-up per kind finds the few hooks it concerns: hooks
    that declare nothing run on every node, as before."""

    __slots__ = (
        "_async",
        "_by_callee",
        "_by_import",
        "_by_keyword",
        "_by_name",
        "_entries",
        "_memo",
        "_project",
        "_sync",
        "_type",
        "_unnamed",
    )

    def __init__(self, node_type: type, entries: list[tuple[Hook, When | None]]):
        self._type = node_type
        self._entries = entries
        self._by_callee: dict[str, list[int]] = {}
        self._by_name: dict[str, list[int]] = {}
        self._by_keyword: dict[str, list[int]] = {}
        self._by_import: dict[str, list[int]] = {}
        self._project: list[int] = []
        self._unnamed: list[int] = []
        for i, (_hook, spec) in enumerate(entries):
            if spec is None or not spec.keyed:
                continue
            if spec.project:
                self._project.append(i)
            if spec.unnamed:
                self._unnamed.append(i)
            for table, keys in (
                (self._by_callee, spec.callees),
                (self._by_name, spec.names),
                (self._by_keyword, spec.keywords),
                (self._by_import, spec.imported),
            ):
                for key in keys:
                    table.setdefault(key, []).append(i)
        self._sync = self._merge(False, ())
        self._async = self._merge(True, ())
        self._memo: dict[tuple[bool, frozenset[int]], list[Hook]] = {}

    def _merge(self, in_async: bool, matched: Iterable[int]) -> list[Hook]:
        chosen = set(matched)
        return [
            hook
            for i, (hook, spec) in enumerate(self._entries)
            if spec is None or ((i in chosen or not spec.keyed) and (in_async or not spec.in_async))
        ]

    def select(self, node: Any, ctx: ModuleContext) -> list[Hook]:
        scope = ctx.scope
        in_async = scope.is_async and scope.kind == "function"  # ctx.in_async, inlined
        matched: list[int] | None = None
        if self._type is ast.Call:
            func = node.func
            t = type(func)
            name = func.attr if t is ast.Attribute else func.id if t is ast.Name else None
            if name is not None:
                if self._by_callee or self._project:
                    callee = ctx.resolve(func)
                    if callee is not None:
                        matched = self._by_callee.get(callee)
                        if self._project and ctx.is_project(callee):
                            matched = (
                                self._project if matched is None else [*matched, *self._project]
                            )
                found = self._by_name.get(name)
                if found is not None:
                    matched = found if matched is None else [*matched, *found]
            elif self._unnamed:
                matched = self._unnamed
            if self._by_keyword and node.keywords:
                for kw in node.keywords:
                    found = self._by_keyword.get(kw.arg)
                    if found is not None:
                        matched = found if matched is None else [*matched, *found]
        elif self._by_name or self._by_import:
            name = node.attr if self._type is ast.Attribute else node.id
            matched = self._by_name.get(name)
            if self._by_import:
                for target in ctx.imported_as.get(name, ()):
                    found = self._by_import.get(target)
                    if found is not None:
                        matched = found if matched is None else [*matched, *found]
        if matched is None:
            return self._async if in_async else self._sync
        key = (in_async, frozenset(matched))
        hooks = self._memo.get(key)
        if hooks is None:
            hooks = self._memo[key] = self._merge(in_async, matched)
        return hooks

    @property
    def imported(self) -> frozenset[str]:
        """The qualified names whose importing names the hooks are keyed by."""
        return frozenset(self._by_import)

    def name_keys(self) -> frozenset[str] | None:
        """The names (``node.id`` / ``node.attr``) some hook is keyed by, when every hook of
        the type is (no hook runs on a node whose name is not one of these, nor imported as
        one of :attr:`imported`); None when some hook runs on every node of the type."""
        if self._sync or self._async or self._type is ast.Call:
            return None
        return frozenset(self._by_name)


HookTable = dict[type, "list[Hook] | Narrowed"]


def build_hooks(
    checks: Iterable[Check], file_class: str, narrow: bool = True
) -> tuple[HookTable, HookTable]:
    """The visit and leave hooks of ``checks`` for modules of ``file_class``, by node type.
    ``narrow=False`` ignores the hooks' :func:`~auditor.check.when` declarations (every hook
    on every node of its type: what the tests compare the narrowed walk with).  When some
    hook is gated on the module's text (``when(says=)``) the tables are a :class:`GatedHooks`:
    still the pair of tables with every hook, and :meth:`GatedHooks.for_source` gives one
    module's."""
    visit: dict[type, list[_Entry]] = {}
    leave: dict[type, list[_Entry]] = {}
    gates: dict[frozenset[bytes], int] = {}
    for check in checks:
        if file_class not in check.file_classes:
            continue
        for node_type, attr in check.hooks():
            cls = getattr(ast, node_type, None)
            if cls is None:
                raise TypeError(f"{check.id}: {attr} names no ast node type")
            hook = getattr(check, attr)
            spec = when_of(hook)
            gate: int | None = None
            if spec is not None:
                if spec.keyed and node_type not in KEYED_NODES:
                    raise TypeError(
                        f"{check.id}: {attr} cannot be keyed by names (only {', '.join(KEYED_NODES)})"
                    )
                if (
                    spec.callees or spec.keywords or spec.project or spec.unnamed
                ) and node_type != "Call":
                    raise TypeError(
                        f"{check.id}: {attr}: callees, keywords, project, unnamed are a call's"
                    )
                if spec.imported and node_type != "Name":
                    raise TypeError(f"{check.id}: {attr}: imported is a name's")
                if spec.says and narrow:
                    gate = gates.setdefault(spec.says, len(gates))
                if spec.says:  # (the gate is the module's, not the node's: left out of ``select``)
                    spec = replace(spec, says=frozenset())
                    if not (spec.keyed or spec.in_async):
                        spec = None
            table = visit if attr.startswith("visit_") else leave
            table.setdefault(cls, []).append(((check, hook), spec if narrow else None, gate))
    if gates:
        return GatedHooks(visit, leave, list(gates))
    return _tables(visit), _tables(leave)


#: a hook, its :func:`~auditor.check.when` (its ``says`` taken out), the index of its gate
_Entry = tuple[Hook, "When | None", "int | None"]


def _tables(hooks: dict[type, list[_Entry]], passed: tuple[bool, ...] = ()) -> HookTable:
    out: HookTable = {}
    for t, entries in hooks.items():
        kept = [(hook, spec) for hook, spec, gate in entries if gate is None or passed[gate]]
        if kept:
            out[t] = (
                Narrowed(t, kept)
                if any(spec is not None for _, spec in kept)
                else [hook for hook, _ in kept]
            )
    return out


class GatedHooks(tuple[HookTable, HookTable]):
    """The (visit, leave) tables of hooks some of which are gated on the module's text
    (``when(says=)``): as a pair, every hook (what a module whose text is not ASCII runs);
    :meth:`for_source` gives the tables of one module, built once per set of gates passed."""

    _entries: tuple[dict[type, list[_Entry]], dict[type, list[_Entry]]]
    _gates: list[frozenset[bytes]]
    _built: dict[tuple[bool, ...], tuple[HookTable, HookTable]]

    def __new__(
        cls,
        visit: dict[type, list[_Entry]],
        leave: dict[type, list[_Entry]],
        gates: list[frozenset[bytes]],
    ) -> GatedHooks:
        every = (True,) * len(gates)
        self = super().__new__(cls, (_tables(visit, every), _tables(leave, every)))
        self._entries = (visit, leave)
        self._gates = gates
        self._built = {every: (self[0], self[1])}
        return self

    def for_source(self, ctx: ModuleContext) -> tuple[HookTable, HookTable]:
        """The tables of the module of ``ctx``: a gated hook is left out where the text, in
        lower case, holds none of its words (every hook where the text is not ASCII)."""
        source = ctx.source
        if not source.isascii():
            return self[0], self[1]
        lower = ctx._lower
        if lower is None:
            lower = ctx._lower = source.lower()  # (kept: what ``ctx.says`` compares with)
        passed = tuple(any(w in lower for w in gate) for gate in self._gates)
        tables = self._built.get(passed)
        if tables is None:
            visit, leave = self._entries
            tables = self._built[passed] = (_tables(visit, passed), _tables(leave, passed))
        return tables


def relative_base(module: str, is_package: bool, level: int) -> str:
    # the audited folder's own ``__init__.py`` is named ``__init__`` (the root has no dotted
    # name): ``from .config import x`` there is the top-level ``config``, not ``__init__.config``
    parts = [] if is_package and module == "__init__" else module.split(".")
    if not is_package:
        parts = parts[:-1]
    if level > 1:
        parts = parts[: len(parts) - (level - 1)] if level - 1 <= len(parts) else []
    return ".".join(parts)


def module_constants(tree: ast.Module, source: bytes | None = None) -> set[str]:
    """Module-level names bound exactly once, by one unconditional top-level assignment (a
    name a function declares ``global`` is rebound there: never a constant).  ``source``,
    the module's text: one without the word ``global`` holds no ``global`` statement to
    look for (its statements are not searched for one; see :func:`global_names`)."""
    counts: dict[str, int] = {}
    simple: set[str] = set()
    if source is None or b"global" in source:
        for name in global_names(tree):
            counts[name] = counts.get(name, 0) + 1

    def bind(name: str, n: int = 1) -> None:
        counts[name] = counts.get(name, 0) + n

    def targets(t: ast.AST) -> None:
        if isinstance(t, ast.Name):
            bind(t.id)
        elif isinstance(t, (ast.Tuple, ast.List)):
            for e in t.elts:
                targets(e)
        elif isinstance(t, ast.Starred):
            targets(t.value)

    def block(stmts: list[ast.stmt], top: bool) -> None:
        for s in stmts:
            if isinstance(s, ast.Assign):
                for t in s.targets:
                    targets(t)
                if top and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name):
                    simple.add(s.targets[0].id)
            elif isinstance(s, ast.AnnAssign):
                if s.value is not None:
                    targets(s.target)
                    if top and isinstance(s.target, ast.Name):
                        simple.add(s.target.id)
            elif isinstance(s, ast.AugAssign):
                targets(s.target)
                targets(s.target)  # a modification makes the value unknown
            elif isinstance(s, (ast.Import, ast.ImportFrom)):
                for a in s.names:
                    bind(a.asname or a.name.split(".", 1)[0])
            elif isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                bind(s.name)
            elif isinstance(s, (ast.For, ast.AsyncFor)):
                targets(s.target)
                block(s.body, False)
                block(s.orelse, False)
            elif isinstance(s, (ast.With, ast.AsyncWith)):
                for item in s.items:
                    if item.optional_vars is not None:
                        targets(item.optional_vars)
                block(s.body, False)
            elif isinstance(s, (ast.If, ast.While)):
                block(s.body, False)
                block(s.orelse, False)
            elif isinstance(s, (ast.Try, ast.TryStar)):
                block(s.body, False)
                for h in s.handlers:
                    if h.name:
                        bind(h.name)
                    block(h.body, False)
                block(s.orelse, False)
                block(s.finalbody, False)
            elif isinstance(s, ast.Match):
                for case in s.cases:
                    block(case.body, False)
            elif isinstance(s, ast.Delete):
                for t in s.targets:
                    targets(t)
            elif isinstance(s, TypeAlias):  # binds the name (never a constant: not "simple")
                targets(s.name)

    block(tree.body, True)
    return {n for n in simple if counts.get(n) == 1}


#: Fields whose values are context/operator singletons (``Load``, ``Add``...): never visited.
_SKIP_FIELDS = frozenset({"ctx", "op", "ops", "type_comment"})
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def _first_line(stmt: ast.stmt) -> int:
    decorators: list[ast.expr] | None = getattr(stmt, "decorator_list", None)
    if decorators:
        return min(stmt.lineno, *(d.lineno for d in decorators))
    return stmt.lineno


#: (base-fact recorder, visit hooks, leave hooks, child fields) of a node type
_Plan = tuple[
    Callable[["Walker", Any], bool] | None,
    "list[Hook] | Narrowed | None",
    "list[Hook] | Narrowed | None",
    tuple[str, ...],
]


class Walker:
    def __init__(self, ctx: ModuleContext, visit: HookTable, leave: HookTable):
        self.ctx = ctx
        self.visit_hooks = visit
        self.leave_hooks = leave
        self._parents = ctx.parents
        self._plans: dict[type, _Plan] = {}
        #: the loads of the module's own function names, when the module may be asked
        self.held: HeldLoads | None = None
        self._held_wanted: frozenset[str] = frozenset()
        self._functions: set[str] = set()  # names of the functions of the module body
        #: the identifiers of the ``Name`` nodes the walk visits, when a ``Name`` whose
        #: identifier is not one of them does nothing there (see :meth:`_gate_names`): the
        #: walk skips those (a third of all nodes) without a call; None: every one is visited
        self._name_keys: set[str] | None = None
        self._named_twice: dict[str, bool] = {}
        #: qualified names some hook is keyed by the importing names of (``when(imported=)``)
        self._watched = frozenset().union(
            *(t.imported for table in (visit, leave) for t in table.values() if type(t) is Narrowed)
        )

    # -- pre-pass: module-level symbols ------------------------------------------------
    def prepass(self, tree: ast.Module) -> None:
        ctx = self.ctx
        facts = ctx.facts
        defined = ctx.defined
        ctx.rebound = rebound_names(tree, ctx.source)
        facts.statement_lines = [_first_line(stmt) for stmt in tree.body]
        stack: list[ast.stmt] = list(reversed(tree.body))
        aliases: dict[str, ast.AST] = {}
        assigned_count: dict[str, int] = {}
        annotations: dict[str, ast.expr] = {}  # ``name: Annotation`` of the module body
        conditional: set[int] = set()  # ids of statements under an if / try / loop
        while stack:
            node = stack.pop()
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                self._record_import(node, None, id(node) in conditional)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                defined.add(node.name)
                if not isinstance(node, ast.ClassDef):
                    self._functions.add(node.name)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        assigned_count[target.id] = assigned_count.get(target.id, 0) + 1
                        if node.value is not None:
                            aliases[target.id] = node.value
                            facts.binding_lines.setdefault(target.id, node.lineno)
                        else:
                            defined.add(target.id)
                        if isinstance(node, ast.AnnAssign):
                            annotations[target.id] = node.annotation
                    elif isinstance(target, (ast.Tuple, ast.List)):
                        for elt in target.elts:
                            if isinstance(elt, ast.Name):
                                defined.add(elt.id)
            elif isinstance(node, TypeAlias):
                self._prepass_type_alias(node, aliases, assigned_count)
            elif isinstance(node, (ast.If, ast.Try, ast.TryStar, ast.With, ast.For, ast.While)):
                start = len(stack)
                for fld in ("body", "orelse", "finalbody"):
                    stack.extend(reversed(getattr(node, fld, []) or []))
                for h in getattr(node, "handlers", []) or []:
                    stack.extend(reversed(h.body))
                if id(node) in conditional or not isinstance(node, ast.With):
                    conditional.update(id(s) for s in stack[start:])
                if isinstance(node, ast.If):
                    continue
                if isinstance(node, (ast.For,)) and isinstance(node.target, ast.Name):
                    defined.add(node.target.id)
                if isinstance(node, ast.With):
                    for item in node.items:
                        if isinstance(item.optional_vars, ast.Name):
                            defined.add(item.optional_vars.id)
        # bindings are summarized after all imports are known; pure aliases resolve through
        for name in aliases:
            if name in facts.imports:
                continue  # ``try: import x / except: x = None`` keeps the import
            facts.bindings[name] = _PENDING
        for name, value in aliases.items():
            if name in facts.imports:
                continue
            facts.bindings[name] = summary_of(ctx, value)
            if assigned_count.get(name) == 1 and isinstance(value, (ast.Name, ast.Attribute)):
                aliased = ctx.resolve(value)
                if aliased and not aliased.startswith(f"{ctx.module}."):
                    facts.imports[name] = aliased  # ``sleep = time.sleep`` is an alias
                    del facts.bindings[name]
            if isinstance(value, ast.Call):
                callee = ctx.resolve(value.func)
                if callee:
                    ctx.module_scope.calls[name] = callee
        for name, annotation in annotations.items():
            if name in facts.imports or name in ctx.module_scope.calls:
                continue  # (an instance its constructor call names: its own class, not a base)
            cls = _annotated_class(ctx, annotation)
            if cls and ctx.is_project(cls):
                ctx.typed_globals[name] = cls

    def _prepass_type_alias(
        self, node: TypeAlias, aliases: dict[str, ast.AST], assigned_count: dict[str, int]
    ) -> None:
        """``type X = value`` (PEP 695: ``ast.TypeAlias`` from 3.12, lowered from libcst
        before) binds ``X`` as ``X = value`` does: name resolution follows it as an alias."""
        if isinstance(node.name, ast.Name):
            name = node.name.id
            assigned_count[name] = assigned_count.get(name, 0) + 1
            aliases[name] = node.value
            self.ctx.facts.binding_lines.setdefault(name, node.lineno)

    def _record_import(
        self, node: ast.Import | ast.ImportFrom, scope: Scope | None, conditional: bool = False
    ) -> None:
        ctx = self.ctx
        facts = ctx.facts
        fn = scope.qname if scope is not None else None
        table = facts.imports if scope is None else scope.imports
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    local, target = alias.asname, alias.name
                else:
                    local = target = alias.name.split(".", 1)[0]
                table[local] = target
                if scope is not None and self._watched:
                    self._watch(local, target)
                facts.import_list.append(
                    Import(alias.name, local, *_span(ctx, node), fn, conditional)
                )
            return
        if node.level:
            base = relative_base(ctx.module, facts.is_package, node.level)
            mod = f"{base}.{node.module}" if node.module and base else (node.module or base)
        else:
            mod = node.module or ""
        if mod == "pydantic.v1" or mod.startswith("pydantic.v1."):
            facts.v1_compat = True
        for alias in node.names:
            if alias.name == "*":
                # ``from .media import *``: no local name is known, but the module is
                # imported (the import graph of the application needs the edge)
                if mod:
                    facts.import_list.append(Import(mod, "*", *_span(ctx, node), fn))
                continue
            local = alias.asname or alias.name
            target = f"{mod}.{alias.name}" if mod else alias.name
            table[local] = target
            if scope is not None and self._watched:
                self._watch(local, target)
            facts.import_list.append(Import(target, local, *_span(ctx, node), fn, conditional))

    # -- the walk -------------------------------------------------------------------------
    def run(self, tree: ast.Module) -> None:
        self.prepass(tree)
        self.ctx._module_names = {}  # the module's names are bound: answers can be kept
        if self._watched:
            for local, target in self.ctx.facts.imports.items():
                self._watch(local, target)
        source = self.ctx.source
        if self._functions and _NESTED_IMPORT.search(source):
            # the module may hold an import in a function: note where it names its
            # functions (a name its text holds once is only its ``def``)
            wanted = frozenset(n for n in self._functions if self.named_twice(n))
            if wanted:
                self.held = HeldLoads(wanted, self.ctx.module)
                self._held_wanted = wanted
        self._gate_names()
        self.visit(tree)

    def named_twice(self, name: str) -> bool:
        """The module's text holds ``name`` at least twice (``source.count(name) > 1``): a
        name it holds once is only its ``def``.  Asked again after the walk, so kept; the
        search stops at the second occurrence."""
        found = self._named_twice.get(name)
        if found is None:
            source = self.ctx.source
            text = name.encode()
            first = source.find(text)
            found = self._named_twice[name] = (
                first >= 0 and source.find(text, first + len(text)) >= 0
            )
        return found

    def _watch(self, local: str, target: str) -> None:
        """Note that ``local`` is bound to ``target`` by an import, for hooks keyed by it."""
        if target in self._watched:
            self.ctx.imported_as.setdefault(local, set()).add(target)
            if self._name_keys is not None:
                self._name_keys.add(local)

    def _gate_names(self) -> None:
        """Work out :attr:`_name_keys`: a ``Name`` has no child node to walk, and its visit
        does nothing unless its identifier is one the visit hooks are keyed by, one an import
        binds to a qualified name they are keyed by (:meth:`_watch` adds those as they are
        bound), or one :class:`HeldLoads` wants.  Gated only when no hook runs on every
        ``Name`` (nor on some, unkeyed) and none leaves one."""
        if self.leave_hooks.get(ast.Name):
            return
        hooks = self.visit_hooks.get(ast.Name)
        keys: frozenset[str] | None = frozenset()
        if hooks:
            keys = hooks.name_keys() if type(hooks) is Narrowed else None
        if keys is None:
            return
        gate = set(keys)
        gate.update(self.ctx.imported_as)
        gate.update(self._held_wanted)
        self._name_keys = gate

    def _hooks(self, table: HookTable, node: ast.AST) -> None:
        hooks = table.get(type(node))
        if hooks is not None:
            if type(hooks) is Narrowed:
                hooks = hooks.select(node, self.ctx)
            if hooks:
                self._run(hooks, node)  # type: ignore[arg-type]

    def _run(self, hooks: list[Hook], node: ast.AST) -> None:
        """Run ``hooks`` on ``node``, each check isolated: one that raises is skipped for the
        rest of the module and its error is kept in the facts."""
        ctx = self.ctx
        errors = ctx.facts.check_errors
        for check, hook in hooks:
            if errors and check.id in errors:
                continue
            ctx.check = check
            try:
                hook(node, ctx)
            except Exception as exc:  # a check's own bug: isolated, reported, audit goes on
                self._crashed(check, node, exc)
        ctx.check = None

    def _crashed(self, check: Check, node: ast.AST, exc: Exception) -> None:
        """Keep the error of a hook that raised: its check is skipped for the rest of the
        module."""
        ctx = self.ctx
        if isinstance(exc, RecursionError):
            message = f"{check.id} crashed on {ctx.path}: expression too deeply nested"
        else:
            message = f"{check.id} crashed on {ctx.path}:{getattr(node, 'lineno', '?')}: {exc.__class__.__name__}: {exc}"
        ctx.facts.check_errors[check.id] = message

    def _plan(self, t: type) -> _Plan:
        """What the walk does at a node of type ``t``, looked up once per type: the base-fact
        recorder, the visit and leave hooks, the fields that hold child nodes."""
        fields = _CHILD_FIELDS.get(t)
        if fields is None:
            names: tuple[str, ...] = getattr(t, "_fields", ())
            scalar = SCALAR_FIELDS.get(t, frozenset())
            fields = _CHILD_FIELDS[t] = tuple(
                f for f in names if f not in _SKIP_FIELDS and f not in scalar
            )
        recorder = _RECORDERS.get(t)
        if t is ast.Name and self.held is not None:
            recorder = Walker._fact_name
        elif t is ast.Attribute and b"path_params" not in self.ctx.source:
            recorder = None  # (what :meth:`_fact_attribute` looks for is not in the text)
        plan = self._plans[t] = (
            recorder,
            self.visit_hooks.get(t) or None,
            self.leave_hooks.get(t) or None,
            fields,
        )
        return plan

    def visit(self, node: ast.AST) -> None:
        plan = self._plans.get(type(node))
        if plan is None:
            plan = self._plan(type(node))
        recorder, hooks, leave, fields = plan
        # base facts first (hooks read them); a scope node's recorder walks its whole subtree
        if recorder is not None and recorder(self, node):
            return
        if hooks is not None:
            ctx = self.ctx
            if type(hooks) is Narrowed:
                hooks = hooks.select(node, ctx)
            if hooks:
                # (``_run``, inlined: the walk's most frequent call)
                errors = ctx.facts.check_errors
                for check, hook in hooks:  # type: ignore[union-attr]
                    if errors and check.id in errors:
                        continue
                    ctx.check = check
                    try:
                        hook(node, ctx)
                    except Exception as exc:  # a check's own bug: isolated, reported
                        self._crashed(check, node, exc)
                ctx.check = None
        if fields:
            parents = self._parents
            parents.append(node)
            visit = self.visit
            gate = self._name_keys
            Name = ast.Name
            for fld in fields:
                value = getattr(node, fld, None)
                if type(value) is list:
                    for item in value:
                        if isinstance(item, ast.AST):
                            if gate is not None and type(item) is Name and item.id not in gate:
                                continue  # (its visit would do nothing: see _gate_names)
                            visit(item)
                elif isinstance(value, ast.AST):
                    if gate is not None and type(value) is Name and value.id not in gate:
                        continue
                    visit(value)
            parents.pop()
        if leave is not None:
            if type(leave) is Narrowed:
                leave = leave.select(node, self.ctx)
            if leave:
                self._run(leave, node)  # type: ignore[arg-type]

    # -- base facts, one recorder per node type (True: the subtree was walked) ------------
    def _fact_constant(self, node: ast.Constant) -> bool:
        value = node.value
        if type(value) is str:
            if ":" in value and len(value) < 500 and not _search_needle(node, self._parents):
                self._fact_import_strings(value)
            if self.held is not None:
                self.held.constant(node)
        return False

    def _fact_name(self, node: ast.Name) -> bool:
        if node.id in self._held_wanted:
            self.held.name(node)  # type: ignore[union-attr]
        return False

    def _fact_joined(self, node: ast.JoinedStr) -> bool:
        self._fact_joined_str(node)
        return False

    def _fact_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
        self._visit_function(node)
        return True

    def _fact_class(self, node: ast.ClassDef) -> bool:
        self._visit_class(node)
        return True

    def _fact_lambda(self, node: ast.Lambda) -> bool:
        ctx = self.ctx
        held = self.held
        entered = held.enter(node) if held is not None else None
        self._hooks(self.visit_hooks, node)
        ctx.parents.append(node)
        for d in node.args.defaults:
            self.visit(d)
        ctx.parents.pop()
        if entered is not None:
            held.body(entered[0], None)  # type: ignore[union-attr]
        self._push(Scope("lambda", node, f"{ctx.scope.qname}.<lambda>", False, ctx.scope))
        ctx.parents.append(node)
        self.visit(node.body)
        ctx.parents.pop()
        self._pop()
        if entered is not None:
            held.leave(*entered)  # type: ignore[union-attr]
        return True

    def _fact_call_node(self, node: ast.Call) -> bool:
        self._fact_call(node)
        return False

    def _fact_assign_node(self, node: ast.Assign | ast.AnnAssign) -> bool:
        self._fact_assign(node)
        return False

    def _fact_with_node(self, node: ast.With | ast.AsyncWith) -> bool:
        self._fact_with(node)
        return False

    def _fact_import(self, node: ast.Import | ast.ImportFrom) -> bool:
        ctx = self.ctx
        if ctx.scope.kind != "module":
            self._record_import(node, ctx.scope)
            # a hook looking ahead from an earlier statement may have resolved a name this
            # import binds before the walk reached it (``app = FastAPI()`` then ``from
            # uvicorn import Config``): those answers are stale now
            ctx.scope.memo.clear()
        return False

    def _fact_return(self, node: ast.Return) -> bool:
        fn = self.ctx.function
        if fn is not None and node.value is not None and len(fn.return_values) < 20:
            fn.return_values.append(summary_of(self.ctx, node.value))
        return False

    def _fact_yield(self, node: ast.Yield | ast.YieldFrom) -> bool:
        fn = self.ctx.function
        if fn is not None:
            fn.is_generator = True
        return False

    def _fact_attribute(self, node: ast.Attribute) -> bool:
        if node.attr == "path_params":
            fn = self.ctx.function
            if fn is not None:
                fn.reads_path_params = True
        return False

    def _push(self, scope: Scope) -> None:
        self.ctx.scope = scope

    def _pop(self) -> None:
        self.ctx.scope = self.ctx.scope.parent  # type: ignore[assignment]

    def _visit_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        ctx = self.ctx
        outer = ctx.scope
        held = self.held
        entered = held.enter(node) if held is not None else None
        in_module_body = ctx.parents[-1] is ctx.tree
        # decorators, defaults and annotations are evaluated in the enclosing scope
        ctx.parents.append(node)
        for d in node.decorator_list:
            self.visit(d)
        a = node.args
        for d in (*a.defaults, *[x for x in a.kw_defaults if x is not None]):
            self.visit(d)
        if entered is not None:
            held.muted += 1  # type: ignore[union-attr]
        for p in (*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg):
            if p is not None and p.annotation is not None:
                self.visit(p.annotation)
        if node.returns is not None:
            self.visit(node.returns)
        if entered is not None:
            held.muted -= 1  # type: ignore[union-attr]
        ctx.parents.pop()

        qname = ctx.child_qname(node.name)
        scope = Scope("function", node, qname, isinstance(node, ast.AsyncFunctionDef), outer)
        fn = Function(
            qname=qname,
            name=node.name,
            module=ctx.module,
            line=node.lineno,
            column=ctx.column(node.lineno, node.col_offset) or 1,
            end_line=node.end_lineno or node.lineno,
            is_async=scope.is_async,
            is_generator=False,
            params=self._params(node),
            decorators=[summary_of(ctx, d) for d in node.decorator_list],
            returns=summarize(ctx, node.returns),
            class_qname=outer.qname if outer.kind == "class" else None,
            has_docstring=bool(
                node.body
                and isinstance(node.body[0], ast.Expr)
                and isinstance(node.body[0].value, ast.Constant)
                and isinstance(node.body[0].value.value, str)
            ),
        )
        scope.function = fn
        fn.own_loop_decorator = runs_wrapped_on_own_loop(node, ctx)
        fn.runs_on_own_loop = runs_argument_on_own_loop(node, ctx)
        fn.parses_only = parses_only(node, ctx)
        fn.never_returns = never_returns(node)
        fn.swallows_errors = swallows_errors(node, ctx)
        if not fn.swallows_errors and ctx.lines_say(b"raise", node):
            # (without a ``raise`` statement the conversion walk is the swallowing one again)
            fn.converts_errors = converts_errors(node, ctx)
        if not fn.swallows_errors and not fn.converts_errors:
            fn.relays_errors = relays_errors(node, ctx, outer.kind == "class")
        fn.startup_env_gated = startup_env_gated(node, ctx)
        ctx.facts.functions[qname] = fn
        self._hooks(self.visit_hooks, node)
        if entered is not None:
            held.body(entered[0], node.name if in_module_body else None)  # type: ignore[union-attr]
        self._push(scope)
        ctx.parents.append(node)
        for stmt in node.body:
            self.visit(stmt)
        ctx.parents.pop()
        self._pop()
        if entered is not None:
            held.leave(*entered)  # type: ignore[union-attr]
        if type(node) in self.leave_hooks:
            self._hooks(self.leave_hooks, node)

    def _params(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[Param]:
        ctx = self.ctx
        a = node.args
        out: list[Param] = []
        positional = [*a.posonlyargs, *a.args]
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(a.defaults)) + list(
            a.defaults
        )
        for i, p in enumerate(positional):
            kind = "posonly" if i < len(a.posonlyargs) else "arg"
            out.append(
                Param(
                    p.arg,
                    kind,
                    summarize(ctx, p.annotation),
                    summarize(ctx, defaults[i]),
                    p.lineno,
                    ctx.column(p.lineno, p.col_offset) or 1,
                )
            )
        if a.vararg:
            out.append(
                Param(
                    a.vararg.arg,
                    "vararg",
                    summarize(ctx, a.vararg.annotation),
                    None,
                    a.vararg.lineno,
                    1,
                )
            )
        for p, d in zip(a.kwonlyargs, a.kw_defaults):
            out.append(
                Param(
                    p.arg,
                    "kwonly",
                    summarize(ctx, p.annotation),
                    summarize(ctx, d),
                    p.lineno,
                    ctx.column(p.lineno, p.col_offset) or 1,
                )
            )
        if a.kwarg:
            out.append(
                Param(
                    a.kwarg.arg,
                    "kwarg",
                    summarize(ctx, a.kwarg.annotation),
                    None,
                    a.kwarg.lineno,
                    1,
                )
            )
        return out

    def _visit_class(self, node: ast.ClassDef) -> None:
        ctx = self.ctx
        outer = ctx.scope
        ctx.parents.append(node)
        for d in (*node.decorator_list, *node.bases, *[k.value for k in node.keywords]):
            self.visit(d)
        ctx.parents.pop()
        qname = ctx.child_qname(node.name)
        cls = Class(
            qname=qname,
            name=node.name,
            module=ctx.module,
            line=node.lineno,
            column=ctx.column(node.lineno, node.col_offset) or 1,
            bases=[summary_of(ctx, b) for b in node.bases],
            keywords={k.arg: summary_of(ctx, k.value) for k in node.keywords if k.arg},
            decorators=[summary_of(ctx, d) for d in node.decorator_list],
            attributes=[],
            methods=[],
            nested_classes=[],
        )
        for stmt in node.body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                cls.attributes.append(
                    Attribute(
                        stmt.target.id,
                        summarize(ctx, stmt.annotation),
                        summarize(ctx, stmt.value),
                        stmt.lineno,
                        ctx.column(stmt.lineno, stmt.col_offset) or 1,
                    )
                )
            elif isinstance(stmt, ast.Assign):
                for target in stmt.targets:
                    if isinstance(target, ast.Name):
                        cls.attributes.append(
                            Attribute(
                                target.id,
                                None,
                                summarize(ctx, stmt.value),
                                stmt.lineno,
                                ctx.column(stmt.lineno, stmt.col_offset) or 1,
                            )
                        )
            elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                cls.methods.append(stmt.name)
            elif isinstance(stmt, ast.ClassDef):
                cls.nested_classes.append(stmt.name)
                if stmt.name == "Config":
                    cls.config_line = stmt.lineno
                    cls.config = []
                    for sub in stmt.body:
                        if isinstance(sub, ast.Assign):
                            for target in sub.targets:
                                if isinstance(target, ast.Name):
                                    cls.config.append(
                                        (
                                            target.id,
                                            summary_of(ctx, sub.value),
                                            sub.lineno,
                                            ctx.column(sub.lineno, sub.col_offset) or 1,
                                        )
                                    )
                        elif (
                            isinstance(sub, ast.AnnAssign)
                            and isinstance(sub.target, ast.Name)
                            and sub.value is not None
                        ):
                            cls.config.append(
                                (
                                    sub.target.id,
                                    summary_of(ctx, sub.value),
                                    sub.lineno,
                                    ctx.column(sub.lineno, sub.col_offset) or 1,
                                )
                            )
        ctx.facts.classes[qname] = cls
        self._hooks(self.visit_hooks, node)
        self._push(Scope("class", node, qname, False, outer))
        ctx.parents.append(node)
        for stmt in node.body:
            self.visit(stmt)
        ctx.parents.pop()
        self._pop()
        if type(node) in self.leave_hooks:
            self._hooks(self.leave_hooks, node)

    # -- base facts ---------------------------------------------------------------------
    def _fact_call(self, node: ast.Call) -> None:
        ctx = self.ctx
        func: Any = node.func
        scope = ctx.scope
        fn = scope.function if scope.kind == "function" else None
        is_attribute = type(func) is ast.Attribute
        short = func.attr if is_attribute else getattr(func, "id", None)
        if (node.args or node.keywords) and scope.kind != "class":
            self._fact_handoffs(node, fn)
        if short in _SERVER_SHORTS or ctx.facts.imports.get(short or "") in SERVER_CALLS:
            self._fact_server(node)
        if type(func) is ast.Call and _route_decorator_call(func):
            ctx.facts.called_routes.append(node.lineno)  # ``app.get(path, ...)(endpoint)``
        if short in _IMPORTERS and ctx.resolve(func) in DYNAMIC_IMPORTS and node.args:
            # ``importlib.import_module(name)``: an edge of the import graph it cannot name
            ctx.facts.dynamic_imports.extend(
                _loop_literals(ctx, node.args[0])
                or _mapped_literals(ctx, node)
                or [summary_of(ctx, node.args[0])]
            )
        if fn is not None:
            q = ctx.resolve(func)
            held = (
                ctx.typed_global(func.value)
                if is_attribute and type(func.value) is ast.Name
                else None
            )
            if held:
                q = f"{held}.{func.attr}"  # ``_svc: Service | None = None``, then ``_svc.run()``
            if q is None and is_attribute and isinstance(func.value, ast.Name):
                bound = ctx.local_call_binding(func.value.id)
                if bound and ctx.is_project(bound):
                    q = f"{bound}.{func.attr}"  # ``svc = Service(); svc.run()``
            if q is None and type(func) is ast.Name:
                q = _nested_function(ctx, func.id)  # ``async def _run(): ...; asyncio.run(_run())``
            if q is None and is_attribute and _on_own_object(func.value, fn):
                line, col, end_line, end_col = ctx.position(node)
                fn.self_calls.append(
                    CallSite(
                        f"{fn.class_qname}.{func.attr}",
                        line or 0,
                        col or 0,
                        end_line or 0,
                        end_col or 0,
                        scope.is_async,
                        isinstance(ctx.parent, ast.Await),
                        _driven_by_a_loop_runner(node, ctx.parent, ctx),
                        _spawned_as_task(node, ctx.parent, ctx),
                        detached=_detached_task(node, ctx),
                    )
                )
            if q is not None and ctx.is_project(q):
                parent = ctx.parent
                line, col, end_line, end_col = ctx.position(node)
                fn.calls.append(
                    CallSite(
                        q,
                        line or 0,
                        col or 0,
                        end_line or 0,
                        end_col or 0,
                        scope.is_async,
                        isinstance(parent, ast.Await),
                        _driven_by_a_loop_runner(node, parent, ctx),
                        _spawned_as_task(node, parent, ctx),
                        handed_to=_handed_to(node, parent, ctx),
                        detached=_detached_task(node, ctx),
                    )
                )
            if not fn.is_async:
                blocked = blocking_callee(node, ctx)
                if blocked:
                    fn.blocking.append(Blocking(blocked, node.lineno))
        elif scope.kind == "module" and any(
            isinstance(p, ast.If) and is_main_guard(p.test) for p in ctx.parents
        ):
            q = ctx.resolve(func)
            if q is not None and ctx.is_project(q):
                ctx.facts.main_calls.append(q)  # ``if __name__ == "__main__": main()``
        if short in _SQL_RUNNERS and node.args and type(node.args[0]) in _SQL_TEXT:
            self._fact_ddl(node.args[0])
        if (
            short == "FastAPI"
            or (short is not None and ctx.facts.imports.get(short) in _FASTAPI_CLASSES)
        ) and not isinstance(ctx.parent, _BINDING_PARENTS):
            self._fact_inline_app(node)
        if not is_attribute:
            return
        if (
            func.attr in PYDANTIC_V2_METHODS
            and len(ctx.facts.pydantic_v2_calls) < 20
            and not self._in_fallback()
        ):
            ctx.facts.pydantic_v2_calls.append((func.attr, node.lineno))
        if func.attr in APP_METHODS:
            calls = _unrolled_include(ctx, node) if func.attr == "include_router" else []
            for call in calls or [node]:
                ctx.facts.method_calls.append(
                    MethodCall(
                        ctx.resolve(func.value),
                        func.attr,
                        summarize_call(ctx, call),
                        node.lineno,
                        ctx.column(node.lineno, node.col_offset) or 1,
                        ctx.enclosing_function_qname(),
                        dotted(func.value),
                    )
                )

    def _fact_inline_app(self, node: ast.Call) -> None:
        """``StacApi(app=FastAPI(lifespan=lifespan))``: an application built as the argument
        of a call (a wrapper, a server) that no name binds, recorded as the
        instance ``<scope>.<inline@LINE>`` so that the model knows the app and its
        ``lifespan=`` as it knows ``app = FastAPI(...)``.  Only FastAPI's own class: what a
        project class built inline is, the walk of one module cannot tell."""
        ctx = self.ctx
        if ctx.resolve(node.func) not in _FASTAPI_CLASSES:
            return
        bound = self._bound_through(node)
        if bound is None and not self._handed_to_call(node):
            return  # a value in a dict or list (a fake request's scope): nothing serves it
        function = ctx.enclosing_function_qname()
        scope = f"{function}.<locals>" if function else ctx.module
        ctx.facts.instances.append(
            Instance(
                bound or f"{scope}.<inline@{node.lineno}>",
                summarize_call(ctx, node),
                node.lineno,
                ctx.column(node.lineno, node.col_offset) or 1,
                function,
            )
        )

    def _handed_to_call(self, node: ast.Call) -> bool:
        """``node`` is an argument of a call (``StacApi(app=FastAPI())``,
        ``uvicorn.run(FastAPI())``): handed to what serves or wraps it."""
        parents = self.ctx.parents
        parent = parents[-1] if parents else None
        if isinstance(parent, ast.keyword):
            return len(parents) >= 2 and isinstance(parents[-2], ast.Call)
        return isinstance(parent, ast.Call) and any(a is node for a in parent.args)

    def _bound_through(self, node: ast.Call) -> str | None:
        """The name an expression around ``node`` that yields it binds it to:
        ``app = cast(MyApp, FastAPI())``, ``self.app = app or FastAPI()`` (a fallback, a
        conditional), keyed as :meth:`_fact_assign` / :meth:`_fact_self_instance` key a
        call bound directly; None when no single name binds it."""
        ctx = self.ctx
        child: ast.AST = node
        for p in reversed(ctx.parents):
            if isinstance(p, ast.BoolOp) or (isinstance(p, ast.IfExp) and p.test is not child):
                child = p
                continue
            if isinstance(p, ast.Call) and child in p.args and ctx.resolve(p.func) in _CASTS:
                child = p
                continue
            if not isinstance(p, (ast.Assign, ast.AnnAssign)) or p.value is not child:
                return None
            targets = p.targets if isinstance(p, ast.Assign) else [p.target]
            if len(targets) != 1:
                return None
            target = targets[0]
            scope = ctx.scope
            if isinstance(target, ast.Name):
                if scope.kind == "module":
                    return f"{ctx.module}.{target.id}"
                return f"{scope.qname}.<locals>.{target.id}" if scope.kind == "function" else None
            return self._self_attribute(target)
        return None

    def _fact_server(self, node: ast.Call) -> None:
        """``uvicorn.run(app, host="127.0.0.1")``: which app a server serves, and where it
        listens (:class:`~auditor.facts.ServerSite`)."""
        ctx = self.ctx
        q = ctx.resolve(node.func)
        if q not in SERVER_CALLS:
            return
        host = server_host_kind(node) if q in HOSTED_SERVERS else "other"
        param = loopback_host_param(node, ctx) if host == "other" and q in HOSTED_SERVERS else None
        ctx.facts.servers.append(
            ServerSite(
                served_app_key(node, ctx),
                "parameter" if param else host,
                node.lineno,
                host_param=param,
                foreign=builds_foreign_app(node, ctx),
            )
        )

    def _fact_handoffs(self, node: ast.Call, fn: Function | None) -> None:
        """``setup(app)``: a local bound to a call (``app = FastAPI()``), a parameter of the
        function or an attribute of its object (``self.app``), handed to a project callable
        (F3 follows an app into the helper that adds its routes)."""
        ctx = self.ctx
        # the callee first: most calls are not of a project callable, and then no argument
        # needs a look (the answer is the same: the look-ups below change nothing)
        q = ctx.resolve(node.func)
        if q is None or not ctx.is_project(q):
            return
        scope = ctx.scope
        params = {p.name for p in fn.params} if fn is not None else set()

        def local(name: str) -> str | None:
            if scope.kind == "module":
                return f"{ctx.module}.{name}" if name in scope.calls else None
            if name in scope.calls or name in params:
                return f"{scope.qname}.<locals>.{name}"
            if name in scope.local_names():
                return None
            outer = scope.parent
            while outer is not None and outer.kind == "function":
                # a closure hands on a local of a function around it (``app`` built in
                # ``register()``, handed to a helper by the handler nested in it)
                if name in outer.calls or (
                    outer.function is not None
                    and any(p.name == name for p in outer.function.params)
                ):
                    return f"{outer.qname}.<locals>.{name}"
                if name in outer.local_names():
                    return None
                outer = outer.parent
            if name in ctx.module_scope.calls:
                return f"{ctx.module}.{name}"  # a module-level app handed on in a function
            return None

        def handed(a: ast.expr) -> str | None:
            if type(a) is ast.Name:
                return local(a.id)
            if type(a) is ast.Attribute:
                return self._self_attribute(a)  # ``setup(self.app)``
            return None

        picked: list[tuple[int | str, str]] = []
        for i, a in enumerate(node.args):
            if type(a) is ast.Starred:
                break  # the positions after ``*args`` are unknown
            if (key := handed(a)) is not None:
                picked.append((i, key))
        for kw in node.keywords:
            if kw.arg and (key := handed(kw.value)) is not None:
                picked.append((kw.arg, key))
        for position, key in picked:
            ctx.facts.handoffs.append(Handoff(q, position, key, node.lineno))

    def _fact_ddl(self, sql: ast.expr) -> None:
        """Record the DDL keyword a SQL string starts with (``ALTER TABLE`` ...)."""
        head = sql.value if isinstance(sql, ast.Constant) else None
        if isinstance(sql, ast.JoinedStr) and sql.values:
            first = sql.values[0]
            head = first.value if isinstance(first, ast.Constant) else None
        if isinstance(head, str):
            m = _DDL.match(head[:200])
            if m:
                self.ctx.facts.ddl.append((" ".join(m.group(1).upper().split()), sql.lineno))

    def _in_fallback(self) -> bool:
        """The current node sits in a ``try`` statement or under a version / ``hasattr`` test:
        code written to run on either Pydantic major."""
        for p in reversed(self.ctx.parents):
            if isinstance(p, (ast.Try, ast.TryStar, ast.ExceptHandler)):
                return True
            if isinstance(p, (ast.If, ast.IfExp)) and _VERSION_TEST.search(ast.unparse(p.test)):
                return True
            if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                return False
        return False

    def _fact_assign(self, node: ast.Assign | ast.AnnAssign) -> None:
        ctx = self.ctx
        value = node.value
        if value is None:
            return
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            if isinstance(target, ast.Name):
                if isinstance(value, ast.Call):
                    callee = ctx.resolve(value.func)
                    scope = ctx.scope
                    if scope.kind != "class":
                        if callee:
                            scope.calls[target.id] = callee
                        else:
                            scope.calls.pop(target.id, None)
                        if scope.kind == "module":
                            qn = f"{ctx.module}.{target.id}"
                        else:
                            qn = f"{scope.qname}.<locals>.{target.id}"
                        if callee:
                            ctx.facts.instances.append(
                                Instance(
                                    qn,
                                    summarize_call(ctx, value),
                                    node.lineno,
                                    ctx.column(node.lineno, node.col_offset) or 1,
                                    ctx.enclosing_function_qname(),
                                )
                            )
                elif ctx.scope.kind != "class":
                    # ``svc = _svc``: the class the module global's annotation names
                    held = ctx.typed_global(value) if type(value) is ast.Name else None
                    if held and ctx.scope.kind == "function":
                        ctx.scope.calls[target.id] = held
                    else:
                        ctx.scope.calls.pop(target.id, None)
            elif isinstance(target, ast.Attribute):
                recv = ctx.resolve(target.value)
                if recv is not None:
                    ctx.facts.attribute_assigns.append(
                        (recv, target.attr, summary_of(ctx, value), node.lineno)
                    )
                elif isinstance(value, ast.Call) and isinstance(target.value, ast.Name):
                    self._fact_self_instance(target.value.id, target.attr, value, node)
                elif (held := self._self_attribute(target.value)) is not None:
                    # ``self.app.router = ...``: an attribute of an instance the object holds
                    ctx.facts.attribute_assigns.append(
                        (held, target.attr, summary_of(ctx, value), node.lineno)
                    )

    def _fact_joined_str(self, node: ast.JoinedStr) -> None:
        """``f"{server.__name__}:create_app()"``: an import string built from a module."""
        parts: list[str] = []
        for value in node.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                parts.append(value.value)
            elif (
                isinstance(value, ast.FormattedValue)
                and isinstance(value.value, ast.Attribute)
                and value.value.attr == "__name__"
            ):
                parts.append(self.ctx.resolve(value.value.value) or "\0")
            else:
                parts.append("\0")
        text = "".join(parts)
        if ":" in text and len(text) < 500:
            self._fact_import_strings(text)

    def _fact_import_strings(self, text: str) -> None:
        """``"pkg.main:app"`` naming a project module: an app served by its import string
        (``uvicorn pkg.main:app``, gunicorn, a server's ``entrypoint=``)."""
        ctx = self.ctx
        for m in IMPORT_STRING.finditer(text):
            if ctx.is_project(m.group(1)):
                ctx.facts.import_strings.append(f"{m.group(1)}:{m.group(2)}")

    def _self_attribute(self, node: ast.expr) -> str | None:
        """``self.app`` in a method: ``<class qname>.<self>.app``, the name
        :meth:`_fact_self_instance` gives the instance held there; None otherwise."""
        fn = self.ctx.function
        if (
            not isinstance(node, ast.Attribute)
            or not isinstance(node.value, ast.Name)
            or fn is None
            or fn.class_qname is None
            or not fn.params
            or fn.params[0].name != node.value.id
            or any(qname_of(d) == "builtins.staticmethod" for d in fn.decorators)
        ):
            return None
        return f"{fn.class_qname}.<self>.{node.attr}"

    def _fact_self_instance(
        self, receiver: str, attr: str, value: ast.Call, node: ast.Assign | ast.AnnAssign
    ) -> None:
        """``self.app = FastAPI(...)`` in a method: an instance held by the object, recorded
        as ``<class qname>.<self>.<attr>`` (an application or router kept as an attribute
        of a server class)."""
        ctx = self.ctx
        fn = ctx.function
        if fn is None or fn.class_qname is None or not fn.params or fn.params[0].name != receiver:
            return
        if any(qname_of(d) == "builtins.staticmethod" for d in fn.decorators):
            return
        callee = ctx.resolve(value.func)
        if callee:
            ctx.facts.instances.append(
                Instance(
                    f"{fn.class_qname}.<self>.{attr}",
                    summarize_call(ctx, value),
                    node.lineno,
                    ctx.column(node.lineno, node.col_offset) or 1,
                    fn.qname,
                )
            )

    def _fact_with(self, node: ast.With | ast.AsyncWith) -> None:
        ctx = self.ctx
        for item in node.items:
            if isinstance(item.optional_vars, ast.Name) and isinstance(item.context_expr, ast.Call):
                callee = ctx.resolve(item.context_expr.func)
                if callee:
                    ctx.scope.calls[item.optional_vars.id] = callee


#: the node types the walk records base facts for, and how (functions, not bound methods: a
#: walker must not hold itself in a cycle, which would keep every module's tree alive while
#: the cyclic collector is off)
_RECORDERS: dict[type, Callable[[Walker, Any], bool]] = {
    ast.Constant: Walker._fact_constant,
    ast.JoinedStr: Walker._fact_joined,
    ast.FunctionDef: Walker._fact_function,
    ast.AsyncFunctionDef: Walker._fact_function,
    ast.ClassDef: Walker._fact_class,
    ast.Lambda: Walker._fact_lambda,
    ast.Call: Walker._fact_call_node,
    ast.Assign: Walker._fact_assign_node,
    ast.AnnAssign: Walker._fact_assign_node,
    ast.With: Walker._fact_with_node,
    ast.AsyncWith: Walker._fact_with_node,
    ast.Import: Walker._fact_import,
    ast.ImportFrom: Walker._fact_import,
    ast.Return: Walker._fact_return,
    ast.Yield: Walker._fact_yield,
    ast.YieldFrom: Walker._fact_yield,
    ast.Attribute: Walker._fact_attribute,
}


def scan_module(
    facts: ModuleFacts,
    tree: ast.Module,
    source: bytes,
    checks: Iterable[Check],
    project_modules: frozenset[str],
    hooks: tuple[HookTable, HookTable] | None = None,
) -> ModuleFacts:
    """Run the single batched pass over ``tree``, filling ``facts`` (hits included)."""
    ctx = ModuleContext(facts, source, project_modules)
    ctx.tree = tree
    if hooks is None:
        hooks = build_hooks(checks, facts.file_class)
    visit, leave = hooks.for_source(ctx) if type(hooks) is GatedHooks else hooks
    walker = Walker(ctx, visit, leave)
    walker.run(tree)
    top = {f.qname for f in facts.functions.values() if f.qname == f"{facts.module}.{f.name}"}
    if any(imp.function in top for imp in facts.import_list):
        # a name the text holds once is only its ``def``: it is loaded nowhere
        names = {q.rsplit(".", 1)[1] for q in top}
        wanted = {name for name in names if walker.named_twice(name)}
        if wanted:
            held = walker.held.answer(wanted) if walker.held is not None else None
            if held is None:  # what the walk could not tell: a second pass
                held = function_name_loads(tree, facts.module, wanted)
            facts.held_loads = held
    return facts


def function_name_loads(
    tree: ast.Module, module: str, wanted: set[str]
) -> dict[str, tuple[str | None, ...]]:
    """Name (of ``wanted``) -> where ``tree`` loads it unshadowed: ``None`` at module level or
    in a class body, else the module-level function around the load (a parameter or a local
    of the function holding the load shadows the name).  A string constant without spaces
    counts as a load of its last dotted segment (``"pkg.mod:function"``,
    ``getattr(module, "function")``)."""
    found: dict[str, set[str | None]] = {}

    def visit(node: ast.AST, top: str | None, bound: frozenset[str]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                for d in getattr(child, "decorator_list", ()):
                    visit(d, top, bound)
                for d in (*child.args.defaults, *child.args.kw_defaults):
                    if d is not None:
                        visit(d, top, bound)
                args = child.args
                local = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)} | {
                    a.arg for a in (args.vararg, args.kwarg) if a is not None
                }
                local |= {
                    n.id
                    for n in ast.walk(child)
                    if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
                }
                inner = top
                if (
                    top is None
                    and isinstance(node, ast.Module)
                    and not isinstance(child, ast.Lambda)
                ):
                    inner = f"{module}.{child.name}"
                # (a lambda's body is an expression: wrapped, so a bare name in it is seen)
                body = child.body if isinstance(child.body, list) else [ast.Expr(child.body)]
                for stmt in body:
                    visit(stmt, inner, bound | local)
            elif isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load):
                if child.id in wanted and child.id not in bound:
                    found.setdefault(child.id, set()).add(top)
            elif (
                isinstance(child, ast.Constant)
                and isinstance(child.value, str)
                and " " not in child.value
                and len(child.value) < 200
            ):
                name = re.split(r"[.:]", child.value)[-1]
                if name in wanted:
                    found.setdefault(name, set()).add(top)
            else:
                visit(child, top, bound)

    visit(tree, None, frozenset())
    return _held_answer(found)


def _held_answer(found: dict[str, set[str | None]]) -> dict[str, tuple[str | None, ...]]:
    return {
        name: tuple(sorted(tops, key=lambda t: (t is not None, t or "")))
        for name, tops in sorted(found.items())
    }


def _string_load(value: object) -> str | None:
    """The name a string constant may load: the last ``.``/``:`` segment of a string
    without spaces (as ``re.split(r"[.:]", value)[-1]``)."""
    if type(value) is not str or " " in value or len(value) >= 200:
        return None
    return value[max(value.rfind("."), value.rfind(":")) + 1 :]


#: Functions that run a coroutine to completion on a loop of their own: one cannot be
#: called from a thread whose loop is running, so what they drive never shares a loop with
#: the server.
def _on_own_object(receiver: ast.expr, fn: Function) -> bool:
    """``receiver`` is the first parameter of the method ``fn`` (``self`` / ``cls``), which
    is not a static method: a call on it runs a method of the method's own class."""
    return (
        type(receiver) is ast.Name
        and fn.class_qname is not None
        and bool(fn.params)
        and fn.params[0].kind in ("posonly", "arg")
        and receiver.id == fn.params[0].name
        and not any(qname_of(d) == "builtins.staticmethod" for d in fn.decorators)
    )


def _driven_by_a_loop_runner(node: ast.Call, parent: ast.AST | None, ctx: ModuleContext) -> bool:
    """``asyncio.run(f())`` / ``loop.run_until_complete(f())``: ``node`` is the coroutine;
    also handed to a thread beside the runner (``pool.submit(asyncio.run, f())``,
    ``loop.run_in_executor(None, asyncio.run, f())``), which runs it on a loop of its own."""
    if not isinstance(parent, ast.Call) or not parent.args:
        return False
    if parent.args[0] is not node:
        at = next((i for i, a in enumerate(parent.args) if a is node), None)
        return at is not None and any(
            isinstance(a, (ast.Name, ast.Attribute)) and ctx.resolve(a) in OWN_LOOP_RUNNERS
            for a in parent.args[:at]
        )
    func = parent.func
    if is_loop_runner(func, ctx):
        return True
    return type(func) is ast.Name and _bound_to_run_until_complete(ctx, func.id)


def _bound_to_run_until_complete(ctx: ModuleContext, name: str) -> bool:
    """Every assignment of ``name`` in the scope it resolves in (the innermost function
    that binds it, else the module) is ``name = <loop>.run_until_complete``
    (``arun = asyncio.get_event_loop().run_until_complete``): ``arun(f())`` drives ``f()``
    to completion on that loop, as ``loop.run_until_complete(f())`` does."""
    if not ctx.says(b"run_until_complete"):
        return False
    scope: Scope | None = ctx.scope
    while scope is not None and not (
        scope.kind == "module" or (scope.kind == "function" and name in scope.local_names())
    ):
        scope = scope.parent
    if scope is None:
        return False
    node = ctx.tree if scope.kind == "module" else scope.node
    if node is None or (scope.kind == "module" and name in ctx.facts.imports):
        return False
    memo = ctx.state(_LoopRunnerNames).bound
    key = (id(node), name)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _only_bound_to_run_until_complete(node, name)
    return found


class _LoopRunnerNames:
    """Per module: (scope node id, name) -> :func:`_bound_to_run_until_complete`."""

    def __init__(self) -> None:
        self.bound: dict[tuple[int, str], bool] = {}


def _only_bound_to_run_until_complete(node: ast.AST, name: str) -> bool:
    """The statements of ``node``'s own body (nested scopes excluded) bind ``name`` at least
    once, and only by plain assignments of a ``.run_until_complete`` attribute; a
    parameter of that name, or any other binding (``for``, ``with``, ``def``, an import, a
    tuple target, an augmented assignment), says nothing."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        a = node.args
        params = (*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg)
        if any(p is not None and p.arg == name for p in params):
            return False
    seen = False
    stack: list[ast.AST] = list(getattr(node, "body", ()))
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if n.name == name:
                return False
            continue
        if isinstance(n, (ast.Assign, ast.AnnAssign)):
            targets = n.targets if isinstance(n, ast.Assign) else [n.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                value = n.value
                if not (isinstance(value, ast.Attribute) and value.attr == "run_until_complete"):
                    return False
                seen = True
                continue
        for child in ast.iter_child_nodes(n):
            if isinstance(child, ast.Lambda):
                continue
            if (
                isinstance(child, ast.Name)
                and child.id == name
                and isinstance(child.ctx, ast.Store)
            ):
                return False  # ``for arun in ...``, ``with ... as arun``, a tuple target
            if isinstance(child, ast.alias) and (child.asname or child.name) == name:
                return False
            stack.append(child)
    return seen


#: Functions that start a coroutine as a task of its own on the running loop.
TASK_SPAWNERS = frozenset({"asyncio.create_task", "asyncio.ensure_future"})


def _spawned_as_task(node: ast.Call, parent: ast.AST | None, ctx: ModuleContext) -> bool:
    """``asyncio.create_task(f())`` / ``ensure_future`` / ``loop.create_task(f())`` / a task
    group's ``tg.create_task(f())``: ``node`` is the coroutine, started beside its caller."""
    if not isinstance(parent, ast.Call) or not parent.args or parent.args[0] is not node:
        return False
    func = parent.func
    if isinstance(func, ast.Attribute) and func.attr == "create_task":
        return True
    return ctx.resolve(func) in TASK_SPAWNERS


def _detached_task(node: ast.Call, ctx: ModuleContext) -> bool:
    """``asyncio.create_task(f())`` / ``asyncio.ensure_future(f())`` as a whole statement:
    ``node`` runs as a task whose object is dropped, so nothing awaits it.  A task group's
    ``tg.create_task(f())`` is not one (the group awaits it as its block ends), nor is a
    task bound to a name (``task = create_task(f())``, perhaps awaited later)."""
    parents = ctx.parents
    if len(parents) < 2 or type(parents[-2]) is not ast.Expr:
        return False
    spawn = parents[-1]
    return (
        isinstance(spawn, ast.Call)
        and bool(spawn.args)
        and spawn.args[0] is node
        and ctx.resolve(spawn.func) in TASK_SPAWNERS
    )


def _handed_to(node: ast.Call, parent: ast.AST | None, ctx: ModuleContext) -> str | None:
    """``run_async(f())``: the project callable whose call takes ``node`` as its first
    argument (the model asks whether it is a private-loop runner), else None."""
    if type(parent) is not ast.Call or not parent.args or parent.args[0] is not node:
        return None
    q = ctx.resolve(parent.func)
    return q if q is not None and ctx.is_project(q) else None


#: The generics that wrap a class with ``None``: ``Optional[X]``, ``Union[X, None]``.
_OPTIONAL = frozenset({"typing.Optional", "typing_extensions.Optional"})
_UNION = frozenset({"typing.Union", "typing_extensions.Union"})


def _annotated_class(ctx: ModuleContext, annotation: ast.expr) -> str | None:
    """The qualified name of the one class an annotation names, ``None`` set aside:
    ``Manager``, ``Optional[Manager]``, ``Union[Manager, None]``, ``Manager | None``.  Any
    other annotation (a union of two classes, a generic, a string) names none."""
    members = [annotation]
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        members = [annotation.left, annotation.right]
    elif isinstance(annotation, ast.Subscript):
        generic = ctx.resolve(annotation.value)
        inner = annotation.slice
        if generic in _OPTIONAL:
            members = [inner]
        elif generic in _UNION and isinstance(inner, ast.Tuple):
            members = list(inner.elts)
        else:
            return None
    named = [m for m in members if not (isinstance(m, ast.Constant) and m.value is None)]
    if len(named) != 1 or type(named[0]) not in (ast.Name, ast.Attribute):
        return None
    return ctx.resolve(named[0])


def _nested_function(ctx: ModuleContext, name: str) -> str | None:
    """The qualified name of a function defined inside the enclosing functions as
    ``name``: ``f.<locals>.name``, innermost first.  In the current function it must be
    defined already (above the call); in an enclosing one anywhere in its body, since the
    call runs only when the inner function is called (a lifespan defined before the
    ``startup`` function it awaits, both inside ``build_app``)."""
    scope: Scope | None = ctx.scope
    while scope is not None:
        if scope.kind == "function":
            q = f"{scope.qname}.<locals>.{name}"
            if q in ctx.facts.functions:
                return q
            if scope is not ctx.scope and name in _defined_in(scope.node):
                return q
        elif scope.kind == "module":
            return None
        scope = scope.parent
    return None


def _defined_in(node: ast.AST | None) -> set[str]:
    """Names of the functions a function's own body defines (not those of nested scopes)."""
    out: set[str] = set()
    stack = list(getattr(node, "body", ()))
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out.add(stmt.name)
        elif not isinstance(stmt, (ast.ClassDef, ast.Lambda)):
            for field in ("body", "orelse", "finalbody", "handlers", "cases"):
                stack.extend(getattr(stmt, field, ()))
    return out


#: String methods that search their receiver for the argument (``cmd.find("pkg.main:app")``).
_SEARCH_METHODS = frozenset(
    {"find", "rfind", "index", "rindex", "count", "startswith", "endswith", "__contains__"}
)


def _search_needle(node: ast.Constant, parents: list[ast.AST]) -> bool:
    """The string is what a search looks for, not a command: an argument of ``.find()``,
    ``.startswith()`` ..., or the left side of ``in`` (a helper that finds the
    processes a command line started, ``if "pkg.api:app" in cmd``: it names a module
    only to kill the server it matches, and starts none)."""
    parent = parents[-1] if parents else None
    if isinstance(parent, ast.Call):
        func = parent.func
        return (
            isinstance(func, ast.Attribute)
            and func.attr in _SEARCH_METHODS
            and any(a is node for a in parent.args)
        )
    if isinstance(parent, ast.Compare):
        return parent.left is node and all(isinstance(op, (ast.In, ast.NotIn)) for op in parent.ops)
    return False
