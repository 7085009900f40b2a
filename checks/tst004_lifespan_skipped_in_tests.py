from __future__ import annotations

import ast
import dataclasses
import re
import textwrap
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity, when
from auditor.facts import Call, Function, Seq, arg, dotted_of, is_lit, kwarg, lit, qname_of
from auditor.project import Project, Route
from auditor.walker import ModuleContext

TRANSPORT = "httpx.ASGITransport"
TEST_CLIENT = "fastapi.testclient.TestClient"
LIFESPAN_MANAGER = "asgi_lifespan.LifespanManager"
_ENTER = ("enter_context", "enter_async_context")


def startup_work(project: Project, inst) -> str | None:
    """How the app runs code at startup (``lifespan=``, ``on_startup=``, ``on_event``), or None."""
    e = inst.kw("lifespan")
    if e is not None and not is_lit(e, None):
        fn = project.function(qname_of(e))
        if fn is not None and fn.startup_env_gated:
            return None  # ``if os.getenv("LOAD_ON_START"): ...``: inert unless deployed so
        return "a lifespan"
    e = inst.kw("on_startup")
    if e is not None and not (isinstance(e, Seq) and not e.items) and not is_lit(e, None):
        return "startup handlers"
    for mc in inst.includes:
        if (
            mc.method == "add_event_handler"
            and lit(arg(mc.call, 0) or kwarg(mc.call, "event_type")) == "startup"
        ):
            return "startup handlers"
    if _startup_handlers(project, inst):
        return '`on_event("startup")` handlers'
    return None


def _startup_handlers(project: Project, inst) -> list[Function]:
    """The functions decorated ``@<inst>.on_event("startup")``."""
    out = []
    for m in project.by_path.values():
        if m.file_class not in ("app", "test"):
            continue
        for fn in m.functions.values():
            for dec in fn.decorators:
                if not isinstance(dec, Call) or not (dotted_of(dec) or "").endswith(".on_event"):
                    continue
                if lit(arg(dec, 0) or kwarg(dec, "event_type")) != "startup":
                    continue
                q = qname_of(dec)
                recv = project.app_for(q.rsplit(".", 1)[0]) if q else None
                if recv is None and ".<locals>." in fn.qname and dec.dotted:
                    recv = project.receiver_in_function(
                        dec.dotted.rsplit(".", 1)[0], fn.qname.rsplit(".<locals>.", 1)[0]
                    )
                if recv is inst:
                    out.append(fn)
    return out


#: Methods of a logger that only write a record.
_LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}
)


def startup_only_logs(project: Project, inst) -> bool:
    """The app's startup is only ``on_event("startup")`` handlers, each of whose statements
    writes a line and nothing else (a docstring, ``pass``, ``print(...)``, ``logger.info(...)``
    with arguments that call nothing): skipping it in tests loses that output, no state."""
    if startup_work(project, inst) != '`on_event("startup")` handlers':
        return False
    handlers = _startup_handlers(project, inst)
    return bool(handlers) and all(_only_logs(project.function_source(fn)) for fn in handlers)


def _only_logs(source: str | None) -> bool:
    try:
        tree = ast.parse(textwrap.dedent(source)) if source is not None else None
    except SyntaxError:
        return False
    fn = tree.body[0] if tree is not None and tree.body else None
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    return all(_writes_a_line(stmt) for stmt in fn.body)


def _writes_a_line(stmt: ast.stmt) -> bool:
    """``pass``, a docstring, ``print(...)`` or ``<logger>.info(...)`` whose arguments call
    nothing (an f-string of attributes: ``f"Starting {settings.APP_NAME}"``)."""
    if isinstance(stmt, ast.Pass):
        return True
    if not isinstance(stmt, ast.Expr):
        return False
    call = stmt.value
    if isinstance(call, ast.Constant):
        return isinstance(call.value, str)
    if not isinstance(call, ast.Call):
        return False
    f = call.func
    writes = (isinstance(f, ast.Name) and f.id == "print") or (
        isinstance(f, ast.Attribute)
        and f.attr in _LOG_METHODS
        and isinstance(f.value, ast.Name)
        and "log" in f.value.id.lower()
    )
    arguments = [*call.args, *(k.value for k in call.keywords)]
    return writes and not any(
        isinstance(n, (ast.Call, ast.Await, ast.NamedExpr, ast.Yield, ast.YieldFrom))
        for a in arguments
        for n in ast.walk(a)
    )


#: The request methods of ``TestClient`` that take the URL first (Starlette's TestClient is
#: an ``httpx.Client``: https://www.python-httpx.org/api/#client).
_VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options"})
#: Stands for a value formatted into a URL (``f"/items/{item_id}"``).
_HOLE = "\x00"


def _requests(node: ast.Call, ctx: ModuleContext) -> tuple[tuple[str, str], ...] | None:
    """The requests sent through the client ``node`` makes, when it is bound once to a
    name (``c = TestClient(app)``) whose every use in its scope (the test function, or the
    module for a module-level client) is ``c.<verb>(url, ...)`` with a literal or f-string
    URL; None when the client goes anywhere else (a helper, a fixture's return)."""
    parent = ctx.parent
    if not (
        isinstance(parent, ast.Assign)
        and len(parent.targets) == 1
        and isinstance(parent.targets[0], ast.Name)
    ):
        return None
    name = parent.targets[0].id
    scope: ast.AST | None = ctx.enclosing_def or ctx.tree
    if scope is None:
        return None
    out: list[tuple[str, str]] = []
    sent: set[int] = set()
    binds = 0
    for n in ast.walk(scope):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute):
            receiver = n.func.value
            if isinstance(receiver, ast.Name) and receiver.id == name:
                url = _url(n)
                if n.func.attr not in _VERBS or url is None:
                    return None
                out.append((n.func.attr.upper(), url))
                sent.add(id(receiver))
        elif isinstance(n, ast.Name) and n.id == name:
            binds += isinstance(n.ctx, ast.Store)
    uses = [
        n
        for n in ast.walk(scope)
        if isinstance(n, ast.Name) and n.id == name and not isinstance(n.ctx, ast.Store)
    ]
    if not out or binds != 1 or any(id(n) not in sent for n in uses):
        return None  # (a client never used sends nothing to prove anything by)
    return tuple(out)


def _url(call: ast.Call) -> str | None:
    """The URL of ``client.get(url, ...)``, its query string dropped: a literal, or an
    f-string whose formatted values are holes; None otherwise."""
    e = call.args[0] if call.args else kwarg_node(call, "url")
    if isinstance(e, ast.Constant) and isinstance(e.value, str):
        text = e.value
    elif isinstance(e, ast.JoinedStr):
        parts = []
        for v in e.values:
            if isinstance(v, ast.Constant) and isinstance(v.value, str):
                parts.append(v.value)
            else:
                parts.append(_HOLE)
        text = "".join(parts)
    else:
        return None
    return text.split("?", 1)[0].split("#", 1)[0]


def kwarg_node(call: ast.Call, name: str) -> ast.expr | None:
    """The value of keyword ``name`` of a call (AST), or None."""
    return next((k.value for k in call.keywords if k.arg == name), None)


class _Effects(NamedTuple):
    """What a lifespan's startup leaves for requests: the project functions it calls as
    steps of their own (``await migrate()``), the names it binds or starts (a ``global``
    it assigns, the root of an object it enters: ``async with pool.run():``), and whether
    it writes ``app.state``."""

    steps: frozenset[str]
    names: frozenset[str]
    state: bool


def _lifespan_effects(project: Project, fn: Function) -> _Effects | None:
    """Read the statements of the lifespan ``fn`` before its ``yield``; None when one of
    them is something else than a project call, an entered object, an ``app.state`` or
    ``global`` assignment or a log line (its effects are not known)."""
    node = project.def_node(fn)
    if node is None:
        return None
    calls: dict[int, list[str]] = {}
    for site in fn.calls:
        calls.setdefault(site.line, []).append(site.qname)
    steps: set[str] = set()
    names: set[str] = set()
    state = False
    declared = {n for st in ast.walk(node) if isinstance(st, ast.Global) for n in st.names}
    todo = list(node.body)
    while todo:
        st = todo.pop(0)
        if isinstance(st, ast.Global) or _writes_a_line(st):
            continue
        if isinstance(st, ast.Expr) and isinstance(st.value, (ast.Yield, ast.Await, ast.Call)):
            if isinstance(st.value, ast.Yield):
                # ``yield {"pool": pool}``: the mapping becomes every request's state
                state = state or st.value.value is not None
                return _Effects(frozenset(steps), frozenset(names), state)
            target = _step(st.value, calls.get(st.lineno, []))
            if target is None or project.function(target) is None:
                return None
            steps.add(target)
            continue
        if isinstance(st, (ast.With, ast.AsyncWith)):
            for item in st.items:
                root = _started_object(item.context_expr)
                if root is None or item.optional_vars is not None:
                    return None
                names.add(root)
            todo[:0] = st.body
            continue
        if isinstance(st, ast.Try) and not st.handlers:
            todo[:0] = st.body  # ``try: yield finally: close()``: the shutdown comes after
            continue
        if isinstance(st, (ast.Assign, ast.AnnAssign)):
            if any(project.function(q) is not None for q in calls.get(st.lineno, [])):
                return None  # a project call's own effects are not read
            targets = st.targets if isinstance(st, ast.Assign) else [st.target]
            for t in targets:
                if isinstance(t, ast.Name) and t.id in declared:
                    names.add(t.id)
                elif _state_target(t, fn):
                    state = True
                else:
                    return None
            continue
        return None
    return None  # no ``yield`` read: not a lifespan this can follow


def _step(value: ast.expr, sites: list[str]) -> str | None:
    """The project function a statement ``await step()`` / ``step()`` calls: the one call
    of its line, with arguments that call nothing."""
    call = value.value if isinstance(value, ast.Await) else value
    if not isinstance(call, ast.Call) or len(sites) != 1:
        return None
    arguments = [*call.args, *(k.value for k in call.keywords)]
    if any(isinstance(n, (ast.Call, ast.Await)) for a in arguments for n in ast.walk(a)):
        return None
    return sites[0]


def _started_object(e: ast.expr) -> str | None:
    """The object a ``with`` item starts: ``mcp`` of ``mcp.session_manager.run()`` (a name,
    then attributes, then at most one call of the last); None for anything else (a
    function's call builds an object whose reach is not known)."""
    if isinstance(e, ast.Call):
        e = e.func
    if not isinstance(e, ast.Attribute):
        return None
    while isinstance(e, ast.Attribute):
        e = e.value
    return e.id if isinstance(e, ast.Name) else None


def _state_target(t: ast.expr, fn: Function) -> bool:
    """``app.state.x = ...`` on the lifespan's app parameter."""
    return (
        isinstance(t, ast.Attribute)
        and isinstance(t.value, ast.Attribute)
        and t.value.attr == "state"
        and isinstance(t.value.value, ast.Name)
        and bool(fn.params)
        and t.value.value.id == fn.params[0].name
    )


def _reach_no_startup_state(project: Project, inst, requests: tuple[tuple[str, str], ...]) -> bool:
    """Every request the test sends reaches only code that needs nothing the app's
    lifespan prepares: the lifespan does only what :func:`_lifespan_effects` reads, every
    project function it calls as a step is called again by the code the requests reach
    (an idempotent step done on first use), and that code reads none of the names the
    lifespan binds or starts, nor ``.state`` when the lifespan writes ``app.state``.  The
    code reached is the matched routes' handlers and dependencies, the app's middleware
    and exception handlers, and every project function they call, transitively; each
    matched route's own code must call every step (one route's migration does not serve
    another)."""
    if startup_work(project, inst) != "a lifespan":
        return False
    lifespan = project.function(qname_of(inst.kw("lifespan")))
    effects = _lifespan_effects(project, lifespan) if lifespan is not None else None
    if effects is None:
        return False
    found = _reached_roots(project, inst, requests)
    if found is None:
        return False
    shared, per_route = found
    reached: dict[str, Function] = {}
    for roots in [shared, *per_route]:
        closure = _call_closure(project, roots)
        if closure is None:
            return False
        if roots is not shared and not effects.steps <= {fn.qname for fn in closure}:
            return False
        reached.update((fn.qname, fn) for fn in closure)
    return not any(_reads(project, fn, effects) for fn in reached.values())


def _reached_roots(
    project: Project, inst, requests: tuple[tuple[str, str], ...]
) -> tuple[list[Function], list[list[Function]]] | None:
    """The functions FastAPI itself calls for the requests: the app's middleware and
    exception handlers (every request's), and for each route they match its handler and
    its dependencies; None when a request may reach what the model cannot see (a route whose path
    is not known, a mounted app, a middleware class of the project, a dependency not
    followed)."""
    routes = [
        r
        for r in project.routes
        if not r.websocket and any(i is inst for i in project.include_chain(r.receiver))
    ]
    patterns: list[tuple[Route, re.Pattern[str]]] = []
    for r in routes:
        if r.prefix_unseen or any(p is None for p in r.full_paths):
            return None
        patterns += [(r, _route_pattern(p)) for p in r.full_paths if p is not None]
    mounts: list[str] = []
    roots: list[Function] = []
    for mc in inst.includes:
        if mc.method == "mount":
            where = lit(arg(mc.call, 0) or kwarg(mc.call, "path"))
            if not isinstance(where, str):
                return None
            mounts.append(where.rstrip("/"))
        elif mc.method == "add_middleware":
            if project.class_(qname_of(arg(mc.call, 0))) is not None:
                return None  # a middleware class of the project runs on every request
        elif mc.method == "add_exception_handler":
            handler = project.function(qname_of(arg(mc.call, 1)))
            if handler is None:
                return None
            roots.append(handler)
    roots += _decorated_on(project, inst, (".middleware", ".exception_handler"))
    matched: dict[int, Route] = {}
    for method, url in requests:
        path = url.rstrip("/") or "/"
        if any(path == m or path.startswith(m + "/") or _HOLE in path for m in mounts if m):
            return None
        candidates = [
            r
            for r, pattern in patterns
            if (method in r.methods or not r.methods) and _may_match(pattern, path)
        ]
        for r in _first_registered(candidates) if _HOLE not in path else candidates:
            matched[id(r)] = r
    per_route: list[list[Function]] = []
    for r in matched.values():
        closure = project.dependency_closure(project.route_dependencies(r))
        if not closure.complete:
            return None
        per_route.append([r.function, *closure.functions])
    return roots, per_route


def _first_registered(routes: list[Route]) -> list[Route]:
    """The route Starlette hands a URL to among ``routes`` that all match it: the first
    registered, when the order is written down (every one is declared on the same
    router, in the same body of the same module: source order); all of them otherwise."""
    if len(routes) < 2:
        return routes
    first = routes[0]

    def body(r: Route) -> str:
        return r.function.qname.rsplit(".", 1)[0]

    if all(
        r.receiver is first.receiver and r.site is first.site and body(r) == body(first)
        for r in routes
    ):
        return [min(routes, key=lambda r: r.decorator.line)]
    return routes


def _route_pattern(path: str) -> re.Pattern[str]:
    """A regex of the URLs a route path matches (Starlette's ``{x}`` one segment,
    ``{x:path}`` the rest); a trailing slash is not told apart."""
    out = ""
    for piece in re.split(r"(\{[^}]*\})", path.rstrip("/") or "/"):
        if piece.startswith("{"):
            out += ".*" if piece.endswith(":path}") else "[^/]*"
        else:
            out += re.escape(piece)
    return re.compile(out)


def _may_match(pattern: re.Pattern[str], path: str) -> bool:
    """The route may take the URL ``path``: a hole (a formatted value) may be anything,
    so a URL with holes matches when some route path could read as it."""
    if _HOLE not in path:
        return pattern.fullmatch(path) is not None
    return True  # a URL built at run time: every route may take it


def _decorated_on(project: Project, inst, suffixes: tuple[str, ...]) -> list[Function]:
    """The functions decorated ``@<inst>.middleware(...)`` / ``@<inst>.exception_handler(...)``
    (any decorator of an attribute with one of those suffixes whose receiver is ``inst``,
    or one the model cannot tie to an app)."""
    out = []
    for m in project.by_path.values():
        if m.file_class != "app":
            continue
        for fn in m.functions.values():
            for dec in fn.decorators:
                text = dotted_of(dec) or ""
                if not text.endswith(suffixes):
                    continue
                q = qname_of(dec)
                recv = project.app_for(q.rsplit(".", 1)[0]) if q else None
                if recv is None or recv is inst:
                    out.append(fn)
    return out


#: How many functions the closure of a test's requests may hold before it is not followed.
_MAX_REACHED = 2000


def _call_closure(project: Project, roots: Iterable[Function]) -> list[Function] | None:
    """``roots`` and every project function they call, transitively (the call graph's
    calls and the calls of a method on its own object; a class called, its
    ``__init__``); None past :data:`_MAX_REACHED` functions."""
    seen: dict[str, Function] = {}
    stack = list(roots)
    while stack:
        fn = stack.pop()
        if fn.qname in seen:
            continue
        seen[fn.qname] = fn
        if len(seen) > _MAX_REACHED:
            return None
        stack.extend(_callees(project, fn))
    return list(seen.values())


def _callees(project: Project, fn: Function) -> Iterator[Function]:
    """The project functions ``fn`` calls (a class's ``__init__`` when it builds one)."""
    for site in [*fn.calls, *fn.self_calls]:
        target = project.function(site.qname)
        if target is not None:
            yield target
            continue
        owner, _, method = site.qname.rpartition(".")
        cls = project.class_(site.qname) or project.class_(owner)
        if cls is not None:
            found = project.method(cls, "__init__" if cls.qname == site.qname else method)
            if found is not None:
                yield found


def _reads(project: Project, fn: Function, effects: _Effects) -> bool:
    """``fn`` reads a name the lifespan binds or starts, or ``.state`` when it writes
    ``app.state``; True when its code cannot be read."""
    node = project.def_node(fn)
    if node is None:
        return True
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and n.id in effects.names:
            return True
        if effects.state and isinstance(n, ast.Attribute) and n.attr == "state":
            return True
    return False


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    client: str | None = None
    app: str | None = None
    shown: str | None = None
    signal: str | None = None
    callee: str | None = None
    #: the requests the test sends through this client, ``(METHOD, url)`` with ``\x00`` for
    #: each value formatted into the URL; None when the client is used otherwise too
    requests: tuple[tuple[str, str], ...] | None = None


@dataclass
class _State:
    seen: set[tuple[str, str | None]] = field(default_factory=set)  # (signal, app) reported


class LifespanSkippedInTests(Check):
    """
    ## What it does
    When the application (F3) runs code at startup — a `lifespan=` function,
    `on_startup=` handlers or `@app.on_event("startup")` functions — this looks at how the
    tests build their client for that app, and reports:

    - `httpx.ASGITransport(app=app)`, when no test uses `asgi_lifespan.LifespanManager`,
      enters the lifespan by hand (`async with lifespan(app)`), or calls
      `app.router.lifespan_context(app)`;
    - `TestClient(app)` created outside a `with` statement, when no test enters a
      `TestClient` for that app as a context manager (`with TestClient(app) as client`, or
      `with client:` on a client bound or injected as a fixture).

    ## Why is this bad?
    The FastAPI docs warn: "If your application relies on lifespan events, the
    `AsyncClient` won't trigger these events"; `ASGITransport` never sends the ASGI
    lifespan messages.  Starlette's `TestClient` runs the lifespan only when it is used as
    a context manager.  Everything the lifespan prepares — the database engine, shared
    HTTP clients, caches, `app.state` — is then missing in the tests, which fail with
    confusing `AttributeError`s or, worse, silently exercise other code paths than
    production.  [Production skill 2025] builds its app with `lifespan=`, while
    [ForgeAPI guide], [Production skill 2025] and
    [zhanymkanov README] show `ASGITransport` fixtures that never start it.

    ## Example
    ```python
    @pytest_asyncio.fixture
    async def client():
        async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as ac:
            yield ac
    ```

    ## Use instead
    ```python
    from asgi_lifespan import LifespanManager


    @pytest_asyncio.fixture
    async def client():
        async with LifespanManager(app) as manager:
            async with AsyncClient(transport=ASGITransport(app=manager.app), base_url="http://test") as ac:
                yield ac
    ```
    With the sync client: `with TestClient(app) as client: yield client`.

    ## Fix safety
    No automatic fix: starting the lifespan in tests connects to whatever it connects to
    (database, brokers), which may need test configuration first.

    ## Known problems
    A lifespan whose startup does nothing unless an environment variable is set (every
    statement before its `yield` is an `if os.getenv("FLAG"):` block, or `env("FLAG")`
    through a helper) is inert under tests: skipping it changes nothing, so it is not
    reported (a suite that sets the variable is not detected).  An app whose startup is only `on_event("startup")` handlers that write a line
    and nothing else (`print(...)`, `logger.info(...)` with arguments that call nothing) is
    reported as information: the tests lose that output, no state.  An app whose lifespan
    only logs is still reported; suppress the finding on the fixture to document the
    decision.  Only clients whose app resolves to the project's FastAPI
    instance (or to a call of a factory that returns one) are checked: an app received as
    a fixture parameter is not, nor is a global name read inside a function that a `def` or
    `class` of the module rebinds (a fixture `def app(): yield app` below the import: when
    the function runs, the name holds that fixture).  `AsyncClient(app=app)` is TST001's
    finding, not this one.

    A `TestClient(app)` bound to a name whose every use is a request with a written URL
    (`client.post("/notes", ...)`) is not reported when those requests reach nothing the
    lifespan prepares: the lifespan only calls project functions as steps, enters objects
    (`async with bus.manager.run():`), assigns `global`s or `app.state` and logs, and the
    code the requests reach (each matched route's handler and dependencies, the app's
    middleware and exception handlers, and every project function they call) reads none of
    those names (nor `.state` when the lifespan writes it), while each matched route calls
    every step itself (`await ensure_schema()` in each store function).  That the step runs
    before its effect is used, and what methods of objects the call graph cannot resolve
    read, are not checked.

    ## References
    - FastAPI docs, "Async Tests" (lifespan and `AsyncClient`) and "Testing Events:
      lifespan and startup - shutdown"
    - [Production skill 2025] (app with `lifespan=`); [ForgeAPI guide],
      [Production skill 2025], [zhanymkanov README] (`ASGITransport` fixtures)
    - asgi-lifespan (`LifespanManager`)
    """

    id = "TST004"
    name = "lifespan-skipped-in-tests"
    category = "testing"
    severity = Severity.WARNING
    heuristic = True
    file_classes = frozenset({"test"})
    message = "the test client does not run the app's lifespan"
    fix_title = "Wrap the client in `asgi_lifespan.LifespanManager` (or `with TestClient(app)`)"
    sources = ("ForgeAPI guide", "Production skill 2025", "zhanymkanov README")

    def _app_ref(self, node: ast.AST | None, ctx: ModuleContext) -> str | None:
        """The qualified name of the app expression: the app, or a factory whose call made it."""
        if isinstance(node, ast.Call):
            return ctx.resolve(node.func)
        if isinstance(node, (ast.Name, ast.Attribute)):
            q = ctx.resolve(node)
            if q is None and isinstance(node, ast.Name):
                q = ctx.local_call_binding(node.id)
            return q
        return None

    @when(callees=(LIFESPAN_MANAGER, TRANSPORT, TEST_CLIENT), names=("lifespan_context", "startup"))
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and (
            func.attr == "lifespan_context"
            or (
                func.attr == "startup"
                and isinstance(func.value, ast.Attribute)
                and func.value.attr == "router"
            )
        ):
            self._signal(node, "manual", None, ctx)
            return
        q = ctx.resolve(func)
        if q == LIFESPAN_MANAGER:
            self._signal(node, "manual", None, ctx)
            return
        if q not in (TRANSPORT, TEST_CLIENT):
            return
        app_node = next(
            (kw.value for kw in node.keywords if kw.arg == "app"),
            node.args[0] if node.args else None,
        )
        # (a global read in a function resolves to the module's last binding of it: a
        # fixture ``def app()`` below the import, not the app)
        ref = self._app_ref(app_node, ctx)
        parent = ctx.parent
        entered = (isinstance(parent, ast.withitem) and parent.context_expr is node) or (
            isinstance(parent, ast.Call)
            and isinstance(parent.func, ast.Attribute)
            and parent.func.attr in _ENTER
        )
        if q == TEST_CLIENT and entered:
            self._signal(node, "with_client", ref, ctx)
            return
        name = "ASGITransport" if q == TRANSPORT else "TestClient"
        shown = ast.unparse(app_node)[:40] if app_node is not None else "app"
        if q == TRANSPORT and not any(kw.arg == "app" for kw in node.keywords):
            shown = f"ASGITransport({shown})"
        elif q == TRANSPORT:
            shown = f"ASGITransport(app={shown})"
        requests = _requests(node, ctx) if q == TEST_CLIENT else None
        ctx.report(
            node,
            "",
            data=_Data(client=name, app=ref, shown=shown, requests=requests),
        )

    def _signal(self, node: ast.AST, signal: str, app: str | None, ctx: ModuleContext) -> None:
        """A project-wide fact for the judge, recorded once per module."""
        seen = ctx.state(_State).seen
        if (signal, app) not in seen:
            seen.add((signal, app))
            ctx.report(
                node,
                "",
                data=_Data(signal=signal, app=app),
            )

    def _with(self, node: ast.With | ast.AsyncWith, ctx: ModuleContext) -> None:
        for item in node.items:
            expr = item.context_expr
            if isinstance(expr, ast.Call):
                q = ctx.resolve(expr.func)
                if q is not None and ctx.is_project(q):
                    ctx.report(
                        expr,
                        "",
                        data=_Data(signal="entered", callee=q),
                    )
            elif isinstance(expr, ast.Name):
                # ``with client:`` on a TestClient bound here, or injected as a fixture
                bound = ctx.local_call_binding(expr.id)
                fn = ctx.function
                is_param = fn is not None and any(p.name == expr.id for p in fn.params)
                if bound == TEST_CLIENT or (bound is None and is_param):
                    self._signal(expr, "with_client", None, ctx)

    def visit_With(self, node: ast.With, ctx: ModuleContext) -> None:
        self._with(node, ctx)

    def visit_AsyncWith(self, node: ast.AsyncWith, ctx: ModuleContext) -> None:
        self._with(node, ctx)

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        signals = [h for h in hits if h.payload(_Data).signal]
        findings = [h for h in hits if not h.payload(_Data).signal]
        if not findings:
            return []
        manual = any(h.payload(_Data).signal == "manual" for h in signals) or any(
            (called := project.function(h.payload(_Data).callee)) is not None
            and project.in_lifespan(called.qname)
            for h in signals
            if h.payload(_Data).signal == "entered"
        )
        if not manual:
            manual = any(
                imp.module == LIFESPAN_MANAGER or imp.module == "asgi_lifespan"
                for m in project.by_path.values()
                if m.file_class == "test"
                for imp in m.import_list
            )
        entered_apps = [
            project.app_of(h.payload(_Data).app)
            for h in signals
            if h.payload(_Data).signal == "with_client"
        ]
        out: list[Hit] = []
        work_of: dict[int, str | None] = {}
        logs_only: dict[int, bool] = {}
        for h in findings:
            inst = project.app_of(h.payload(_Data).app)
            if inst is None:
                continue
            if id(inst) not in work_of:
                work_of[id(inst)] = startup_work(project, inst)
            work = work_of[id(inst)]
            if work is None:
                continue
            shown = h.payload(_Data).shown or "app"
            if id(inst) not in logs_only:
                logs_only[id(inst)] = startup_only_logs(project, inst)
            where = f"`{inst.qname}`" + (", which only log" if logs_only[id(inst)] else "")
            if h.payload(_Data).client == "ASGITransport":
                if manual:
                    continue
                message = (
                    f"`{shown}` never runs the app's startup ({work} on {where}): "
                    "wrap the app in `asgi_lifespan.LifespanManager`"
                )
            else:
                if any(a is None or a is inst for a in entered_apps):
                    continue
                requests = h.payload(_Data).requests
                if requests is not None and _reach_no_startup_state(project, inst, requests):
                    continue  # its requests reach nothing the lifespan prepares
                message = (
                    f"`TestClient({shown})` outside a `with` block never runs the app's startup ({work} on "
                    f"{where}): use `with TestClient({shown}) as client:`"
                )
            severity = Severity.INFO if logs_only[id(inst)] else h.severity
            out.append(dataclasses.replace(h, message=message, severity=severity))
        return out

    _NOTES_DB = """\
import sqlite3


async def ensure_schema() -> None:
    \"\"\"Create the table (idempotent: every store function runs it first).\"\"\"
    sqlite3.connect("notes.db").execute("CREATE TABLE IF NOT EXISTS notes (body TEXT)")


async def add_note(body: str) -> None:
    await ensure_schema()
    sqlite3.connect("notes.db").execute("INSERT INTO notes VALUES (?)", (body,))


async def count_notes() -> int:
    await ensure_schema()
    return 0


def raw_count() -> int:
    return sqlite3.connect("notes.db").execute("SELECT count(*) FROM notes").fetchone()[0]
"""

    _NOTES_APP = """\
from contextlib import asynccontextmanager

from eventbus import Bus
from fastapi import FastAPI

from app.db import add_note, count_notes, ensure_schema, raw_count

bus = Bus()


@asynccontextmanager
async def lifespan(app: FastAPI):
    await ensure_schema()
    async with bus.manager.run():
        yield


app = FastAPI(lifespan=lifespan)
app.mount("/bus", bus.asgi_app())


@app.post("/notes")
async def create_note(body: str) -> dict[str, bool]:
    await add_note(body)
    return {"ok": True}


@app.get("/notes/count")
async def note_count() -> dict[str, int]:
    return {"count": await count_notes()}


@app.get("/notes/raw-count")
def note_raw_count() -> dict[str, int]:
    return {"count": raw_count()}


@app.post("/publish")
async def publish(topic: str) -> dict[str, bool]:
    await bus.send(topic)
    return {"ok": True}


@app.get("/{rest:path}")
async def fallback(rest: str) -> dict[str, str]:
    return {"error": "not found"}
"""

    _APP = """\
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.ready = True
    yield


app = FastAPI(lifespan=lifespan)
"""

    bad = (
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": _APP,
                "tests/conftest.py": """\
import pytest_asyncio
from httpx import ASGITransport, AsyncClient

from app.main import app


@pytest_asyncio.fixture
async def client():
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as ac:
        yield ac
""",
            },
            lines=(9,),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": """\
from fastapi import FastAPI

app = FastAPI()


@app.on_event("startup")
async def connect() -> None:
    app.state.db = object()
""",
                "tests/test_api.py": """\
from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


def test_root() -> None:
    assert client.get("/").status_code == 404
""",
            },
            note='an `on_event("startup")` handler; a module-level TestClient never entered',
            lines=(5,),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": """\
import logging

from fastapi import FastAPI

app = FastAPI()
logger = logging.getLogger(__name__)
NAME = "api"


@app.on_event("startup")
async def announce() -> None:
    \"\"\"Say hello.\"\"\"
    print(f"Starting {NAME}")
    logger.info("ready: %s", NAME)
""",
                "app/audit.py": """\
from fastapi import FastAPI

app = FastAPI()


@app.on_event("startup")
async def announce() -> None:
    print(f"audit {load()}")


def load() -> str:
    return "ok"
""",
                "tests/test_api.py": """\
from httpx import ASGITransport, AsyncClient

from app import audit
from app.main import app


async def test_root() -> None:
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as c:
        assert (await c.get("/")).status_code == 404
    async with AsyncClient(transport=ASGITransport(app=audit.app), base_url="http://t") as c:
        assert (await c.get("/")).status_code == 404
""",
            },
            note="startup handlers that only write a line: reported as information (the tests "
            "lose that output); one whose line calls a function does more, and stays a warning",
            lines=(8, 10),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/factory.py": """\
from fastapi import FastAPI

from app.lifespan import lifespan


def create_app() -> FastAPI:
    app = FastAPI(lifespan=lifespan)
    return app
""",
                "app/lifespan.py": "from contextlib import asynccontextmanager\n\n\n@asynccontextmanager\nasync def lifespan(app):\n    yield\n",
                "tests/test_api.py": """\
import httpx

from app.factory import create_app


async def test_root() -> None:
    app = create_app()
    transport = httpx.ASGITransport(app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        assert (await c.get("/")).status_code == 404
""",
            },
            note="an app built by a project factory; the positional form",
            lines=(8,),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/env.py": "import os\n\n\ndef env(name: str, default: object = None) -> object:\n    return os.environ.get(name, default)\n",
                "app/main.py": """\
import os
from contextlib import asynccontextmanager
from threading import Thread

from fastapi import FastAPI

from app.env import env


def load() -> None:
    return None


@asynccontextmanager
async def lifespan(app: FastAPI):
    "Load the data on start."
    if env("LOAD_ON_START"):
        Thread(target=load).start()
    if os.getenv("WARM") and not os.environ.get("NO_WARM"):
        load()
    app.state.ready = True
    yield


app = FastAPI(lifespan=lifespan)
""",
                "tests/test_api.py": """\
import os

from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


def test_root() -> None:
    assert client.get("/").status_code == 404
""",
            },
            note="the same gates, then unconditional startup work: reported",
            lines=(7,),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": _APP,
                "tests/test_api.py": """\
import pytest
from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


@pytest.fixture
def app():
    yield app
""",
            },
            note="the other side of the fixture-rebinding trap: read at import time, before the "
            "`def` runs, the name is still the imported app",
            lines=(6,),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/db.py": _NOTES_DB,
                "app/main.py": _NOTES_APP,
                "tests/test_notes.py": """\
from fastapi.testclient import TestClient

from app.main import app


def test_publish() -> None:
    client = TestClient(app)
    assert client.post("/publish", params={"topic": "t"}).status_code == 200


def test_raw_count() -> None:
    client = TestClient(app)
    assert client.get("/notes/raw-count").json() == {"count": 0}


def test_bus() -> None:
    client = TestClient(app)
    assert client.get("/bus/health").status_code == 200
""",
            },
            note="the other side of the routes-that-need-no-lifespan trap: a route reading the "
            "object the lifespan starts, one that reads the table without the lifespan's "
            "schema step, a request to the mounted app",
            lines=(7, 12, 17),
        ),
    )
    good = (
        Example(
            files={
                "app/__init__.py": "",
                "app/db.py": _NOTES_DB,
                "app/main.py": _NOTES_APP,
                "tests/test_notes.py": """\
from fastapi.testclient import TestClient

from app.main import app


def test_notes() -> None:
    client = TestClient(app)
    assert client.post("/notes", params={"body": "hi"}).status_code == 200
    assert client.get("/notes/count").json() == {"count": 0}
""",
            },
            note="the lifespan runs a schema step and starts a bus; the routes this test "
            "calls run the same step themselves (every store function does) and never read "
            "the bus, so skipping the lifespan changes nothing they do (`/notes/count` goes "
            "to its own route, registered before the catch-all)",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": _APP,
                "tests/conftest.py": """\
import pytest
from fastapi.testclient import TestClient

from app.main import app


@pytest.fixture
def client():
    return TestClient(app)


@pytest.fixture
def app():
    yield app
""",
            },
            note="a fixture `def app()` rebinds the imported name: when `client` runs, `app` "
            "is that fixture function, not the FastAPI app",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": _APP,
                "tests/conftest.py": """\
import pytest_asyncio
from asgi_lifespan import LifespanManager
from httpx import ASGITransport, AsyncClient

from app.main import app


@pytest_asyncio.fixture
async def client():
    async with LifespanManager(app) as manager:
        async with AsyncClient(transport=ASGITransport(app=manager.app), base_url="http://test") as ac:
            yield ac
""",
            },
            note="LifespanManager",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": _APP,
                "tests/conftest.py": """\
import pytest
from fastapi.testclient import TestClient

from app.main import app, lifespan


@pytest.fixture
def client():
    with TestClient(app) as c:
        yield c


@pytest.fixture
async def started():
    async with lifespan(app):
        yield app
""",
                "tests/test_more.py": """\
import httpx
from fastapi.testclient import TestClient

from app.main import app

plain = TestClient(app)


async def test_root(started) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        assert (await c.get("/")).status_code == 404
""",
            },
            note="`with TestClient(app)` exists for that app; the lifespan entered by hand",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "tests/conftest.py": """\
from fastapi.testclient import TestClient
from httpx import ASGITransport

from app.main import app

client = TestClient(app)
transport = ASGITransport(app=app)
""",
            },
            note="no lifespan and no startup handlers",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": _APP,
                "tests/test_api.py": """\
from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


def test_root() -> None:
    with client:
        assert client.get("/").status_code == 404
""",
            },
            note="the client is entered later with `with client:`",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": _APP,
                "tests/conftest.py": """\
import pytest
from httpx import ASGITransport, AsyncClient


@pytest.fixture
def transport(app):
    return ASGITransport(app=app)


class ASGITransportStub:
    def __init__(self, app: object) -> None:
        self.app = app


def make(app_module):
    return ASGITransportStub(app=app_module.app)
""",
            },
            note="an app received as a fixture parameter; a look-alike class",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": """\
from flask import Flask

app = Flask(__name__)
""",
                "tests/test_flask.py": "from httpx import ASGITransport\n\nfrom app.main import app\n\nt = ASGITransport(app=app)\n",
            },
            note="not a FastAPI app",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/env.py": "import os\n\n\ndef env(name: str, default: object = None) -> object:\n    return os.environ.get(name, default)\n",
                "app/main.py": """\
import os
from contextlib import asynccontextmanager
from threading import Thread

from fastapi import FastAPI

from app.env import env


def load() -> None:
    return None


@asynccontextmanager
async def lifespan(app: FastAPI):
    "Load the data on start."
    if env("LOAD_ON_START"):
        Thread(target=load).start()
    if os.getenv("WARM") and not os.environ.get("NO_WARM"):
        load()
    yield


app = FastAPI(lifespan=lifespan)
""",
                "tests/test_api.py": """\
import os

from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


def test_root() -> None:
    assert client.get("/").status_code == 404
""",
            },
            note="a lifespan that does nothing unless an environment variable is set: inert under "
            "tests, skipping it changes nothing (H6 lilac)",
        ),
    )
