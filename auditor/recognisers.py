"""Shared FastAPI / Python recognisers used by several checks and by the model.

One place for the lists the catalogue names, so that ASY001 and ASY005 (and the call
graph facts) agree on what "blocking" means.
"""

from __future__ import annotations

import ast
import itertools
from typing import TYPE_CHECKING, Any

from auditor.astwalk import SCALAR_FIELDS, statements, walk
from auditor.facts import Lit
from auditor.lazyre import lazy_compile

if TYPE_CHECKING:  # pragma: no cover
    from auditor.walker import ModuleContext

_HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "request")

#: ASY001: callees that block the event loop, by canonical qualified name.
BLOCKING_CALLS: frozenset[str] = frozenset(
    {"time.sleep"}
    | {f"requests.{v}" for v in _HTTP_VERBS}
    | {"urllib.request.urlopen"}
    | {f"httpx.{v}" for v in (*_HTTP_VERBS, "stream")}
    # ``httpx.Client()`` builds its SSL context at once (the CA bundle is read from disk);
    # ``requests.Session()`` and ``urllib3.PoolManager()`` only build objects (no file, no
    # socket until a request): their constructors are not blocking calls, their request
    # methods are (``BLOCKING_SESSIONS``)
    | {"httpx.Client", "urllib3.request"}
    | {
        "subprocess.run",
        "subprocess.call",
        "subprocess.check_call",
        "subprocess.check_output",
        "subprocess.getoutput",
        "subprocess.getstatusoutput",
        "os.system",
        "os.popen",
        "os.wait",
        "os.waitpid",
    }
)
#: Constructors whose instances' method calls block (bound in the same function).
BLOCKING_SESSIONS = frozenset(
    {"requests.Session", "requests.session", "httpx.Client", "urllib3.PoolManager"}
)
#: ``.wait()`` / ``.communicate()`` on a Popen block.
POPEN = "subprocess.Popen"
POPEN_METHODS = frozenset({"wait", "communicate"})
#: Methods that block on a session bound in the same function (``s = requests.Session()``).
SESSION_METHODS = frozenset({*_HTTP_VERBS, "stream", "urlopen", "send"})
#: Every method name :func:`blocking_callee` recognises on a bound object (what ASY001's hook
#: is keyed by, beside ``BLOCKING_CALLS``).
BLOCKING_METHODS = SESSION_METHODS | POPEN_METHODS

#: Callables that run their first argument off the event loop (references, not calls).
THREAD_OFFLOADERS = frozenset(
    {
        "fastapi.concurrency.run_in_threadpool",
        "anyio.to_thread.run_sync",
        "asyncio.to_thread",
        "asyncer.asyncify",
    }
)


def blocking_callee(node: ast.Call, ctx: ModuleContext) -> str | None:
    """The display name of the ASY001-blocking callee of ``node``, or None."""
    q = ctx.resolve(node.func)
    if q in BLOCKING_CALLS:
        if q == "time.sleep" and _is_zero(node):
            return None
        if q == "os.waitpid" and _no_hang(node, ctx):
            return None
        if q == "urllib.request.urlopen" and _data_url(node, ctx):
            return None
        if in_fork_child(node, ctx):
            return None
        return q
    func = node.func
    if (
        isinstance(func, ast.Attribute)
        and func.attr in BLOCKING_METHODS  # the cheap test first: every call comes here
        and isinstance(func.value, ast.Name)
    ):
        bound = ctx.local_call_binding(func.value.id)
        if bound in BLOCKING_SESSIONS and func.attr in SESSION_METHODS:
            return f"{bound}().{func.attr}"
        if bound == POPEN and func.attr in POPEN_METHODS:
            if func.attr == "wait" and _known_exited(func.value.id, node, ctx):
                return None
            return f"{POPEN}().{func.attr}"
    return None


#: Calls that fork the process, returning the child's pid (0 in the child) first.
def only_below_python(node: ast.AST, ctx: ModuleContext) -> tuple[int, int] | None:
    """The Python version ``node`` is kept below by an enclosing ``sys.version_info`` test:
    the body of ``if sys.version_info < (3, 10):`` (or ``<= (3, 9)``, ``[:2] < (3, 10)``) or
    the ``else`` of ``if sys.version_info >= (3, 10):`` (or ``> (3, 9)``) runs only on
    Pythons below 3.10, so ``(3, 10)``; None when no such test encloses it.  The tightest
    bound wins when several tests nest."""
    chain = [*ctx.parents, node]
    bound: tuple[int, int] | None = None
    for parent, child in itertools.pairwise(chain):
        if not isinstance(parent, ast.If):
            continue
        test = _version_test(parent.test, ctx)
        if test is None:
            continue
        below, version = test  # the test is true exactly below ``version`` (or at/above it)
        block = parent.body if below else parent.orelse
        if any(s is child for s in block) and (bound is None or version < bound):
            bound = version
    return bound


def _version_test(test: ast.expr, ctx: ModuleContext) -> tuple[bool, tuple[int, int]] | None:
    """(True, v) when ``test`` is true exactly on Pythons below ``v``; (False, v) when it is
    true exactly on ``v`` and above.  Reads ``sys.version_info`` (or its ``[:2]``) compared
    with a literal tuple ``(3, N)`` by ``<``, ``<=``, ``>=`` or ``>``."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return None
    left, right = test.left, test.comparators[0]
    if isinstance(left, ast.Subscript):
        left = left.value
    if ctx.resolve(left) != "sys.version_info":
        return None
    if not (
        isinstance(right, ast.Tuple)
        and 1 <= len(right.elts) <= 3
        and all(isinstance(e, ast.Constant) and type(e.value) is int for e in right.elts)
    ):
        return None
    parts = [e.value for e in right.elts]  # type: ignore[attr-defined]
    major, minor = parts[0], parts[1] if len(parts) > 1 else 0
    op = test.ops[0]
    if isinstance(op, ast.Lt):  # < (3, 10): below 3.10
        return True, (major, minor)
    if isinstance(op, ast.GtE):  # >= (3, 10): 3.10 and above
        return False, (major, minor)
    if len(parts) > 2:
        return None  # <= / > with a micro version: not a minor boundary
    if isinstance(op, ast.LtE):  # <= (3, 9): below 3.10
        return True, (major, minor + 1)
    if isinstance(op, ast.Gt):  # > (3, 9): 3.10 and above
        return False, (major, minor + 1)
    return None


FORKS = frozenset({"os.fork", "os.forkpty", "pty.fork"})


def in_fork_child(node: ast.AST, ctx: ModuleContext) -> bool:
    """``node`` runs only in the child of a fork made in the same function: ``pid =
    os.fork()`` (or ``pid, fd = pty.fork()``), then ``if pid == 0:`` (``if not pid:``) or
    the ``else`` of ``if pid:`` / ``if pid != 0:`` / ``if pid > 0:``.  The child is a
    process of its own (typically about to ``exec`` a shell): whatever blocks there blocks
    no event loop that serves anything."""
    fn = ctx.enclosing_def
    if fn is None:
        return False
    chain = [*ctx.parents, node]
    start = next(i for i, p in enumerate(chain) if p is fn)
    for i in range(start, len(chain) - 1):
        parent, child = chain[i], chain[i + 1]
        if not isinstance(parent, ast.If):
            continue
        branch = _pid_test(parent.test)
        if branch is None:
            continue
        pid, child_branch = branch
        block = parent.body if child_branch else parent.orelse
        if any(s is child for s in block) and _forked(pid, fn, ctx):
            return True
    return False


def _pid_test(test: ast.expr) -> tuple[str, bool] | None:
    """(name, True) for ``name == 0`` / ``not name`` (true in the child); (name, False) for
    ``name`` / ``name != 0`` / ``name > 0`` (true in the parent)."""
    if isinstance(test, ast.Name):
        return test.id, False
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        if isinstance(test.operand, ast.Name):
            return test.operand.id, True
        return None
    if (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.left, ast.Name)
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == 0
        and not isinstance(test.comparators[0].value, bool)
    ):
        op = test.ops[0]
        if isinstance(op, ast.Eq):
            return test.left.id, True
        if isinstance(op, (ast.NotEq, ast.Gt)):
            return test.left.id, False
    return None


def _forked(name: str, fn: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext) -> bool:
    """``name`` is bound in ``fn`` only to the pid a fork returns (``name = os.fork()``,
    ``name, fd = pty.fork()``)."""
    forks = 0
    for n in walk(fn):
        if isinstance(n, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
            targets = n.targets if isinstance(n, ast.Assign) else [n.target]
            for t in targets:
                if isinstance(t, (ast.Tuple, ast.List)) and t.elts:
                    first, rest = t.elts[0], t.elts[1:]
                    if any(isinstance(r, ast.Name) and r.id == name for r in rest):
                        return False
                else:
                    first = t
                if not (isinstance(first, ast.Name) and first.id == name):
                    continue
                value = n.value
                if not (
                    isinstance(n, ast.Assign)
                    and isinstance(value, ast.Call)
                    and ctx.resolve(value.func) in FORKS
                ):
                    return False  # bound to something else too
                forks += 1
    return forks > 0


def _guarding_tests(node: ast.AST, ctx: ModuleContext) -> list[ast.expr]:
    """The conditions known to hold when ``node`` runs: the tests of the ``if`` statements (in
    this function) whose true branch holds it, each ``a and b`` split into its parts."""
    chain = [*ctx.parents, node]
    out: list[ast.expr] = []
    for i, parent in enumerate(chain[:-1]):
        child = chain[i + 1]
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            out.clear()  # an enclosing function's tests say nothing about when this one runs
        elif isinstance(parent, ast.If) and child in parent.body:
            test = parent.test
            if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
                out.extend(test.values)
            else:
                out.append(test)
    return out


def _known_exited(name: str, node: ast.AST, ctx: ModuleContext) -> bool:
    """``proc.wait()`` in the body of ``if proc.poll() is not None:`` (or ``if
    proc.returncode is not None:``): the process has already exited, ``wait()`` only reaps
    it and returns at once."""

    def names_exit(e: ast.expr) -> bool:
        if isinstance(e, ast.NamedExpr):
            e = e.value
        if isinstance(e, ast.Call) and not e.args and isinstance(e.func, ast.Attribute):
            e = e.func if e.func.attr == "poll" else e
        return (
            isinstance(e, ast.Attribute)
            and e.attr in ("poll", "returncode")
            and isinstance(e.value, ast.Name)
            and e.value.id == name
        )

    for part in _guarding_tests(node, ctx):
        if (
            isinstance(part, ast.Compare)
            and len(part.ops) == 1
            and isinstance(part.ops[0], ast.IsNot)
            and isinstance(part.comparators[0], ast.Constant)
            and part.comparators[0].value is None
            and names_exit(part.left)
        ):
            return True
    return False


def _data_url(node: ast.Call, ctx: ModuleContext) -> bool:
    """``urllib.request.urlopen(url)`` of a ``data:`` URL (a literal, an f-string, or a name
    the enclosing ``if url.startswith("data:")`` proves one): urllib's ``DataHandler``
    decodes it in memory, no network or file is touched."""
    url = node.args[0] if node.args else call_keyword(node, "url")
    if isinstance(url, ast.Constant) and isinstance(url.value, str):
        return url.value.startswith("data:")
    if isinstance(url, ast.JoinedStr) and url.values:
        first = url.values[0]
        return isinstance(first, ast.Constant) and str(first.value).startswith("data:")
    if not isinstance(url, ast.Name):
        return False
    for part in _guarding_tests(node, ctx):
        if (
            isinstance(part, ast.Call)
            and isinstance(part.func, ast.Attribute)
            and part.func.attr == "startswith"
            and isinstance(part.func.value, ast.Name)
            and part.func.value.id == url.id
            and len(part.args) == 1
            and isinstance(part.args[0], ast.Constant)
            and isinstance(part.args[0].value, str)
            and part.args[0].value.lower().startswith("data:")
        ):
            return True
    return False


def _no_hang(node: ast.Call, ctx: ModuleContext) -> bool:
    """``os.waitpid(pid, os.WNOHANG)`` (alone or or-ed with other flags) returns at once."""
    options = node.args[1] if len(node.args) > 1 else call_keyword(node, "options")
    if options is None:
        return False
    return any(
        isinstance(n, (ast.Name, ast.Attribute)) and ctx.resolve(n) == "os.WNOHANG"
        for n in walk(options)
    )


def _is_zero(node: ast.Call) -> bool:
    args = node.args or [kw.value for kw in node.keywords if kw.arg == "secs"]
    return (
        len(args) == 1
        and isinstance(args[0], ast.Constant)
        and not isinstance(args[0].value, bool)
        and args[0].value == 0
    )


_DEV_WORDS = ("debug", "dev", "local", "development")


def under_dev_condition(ctx: ModuleContext, node: ast.AST | None = None) -> bool:
    """The current node sits in the true branch of an ``if`` (or a conditional expression)
    whose test names debug/dev/local mode: ``if in_debug_mode(): app = FastAPI(debug=True)``.
    Such code runs only where that mode is on, so debug-only settings there are intended."""
    chain = [*ctx.parents, node] if node is not None else list(ctx.parents)
    for i, parent in enumerate(chain[:-1]):
        child = chain[i + 1]
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if (isinstance(parent, ast.If) and child in parent.body) or (
            isinstance(parent, ast.IfExp) and child is parent.body
        ):
            try:
                test = ast.unparse(parent.test).lower()
            except Exception:  # pragma: no cover
                continue
            if any(w in test for w in _DEV_WORDS) and not test.startswith("not "):
                return True
    return False


def call_keyword(node: ast.Call, name: str) -> ast.expr | None:
    """The value of keyword ``name`` of a call (AST), or None."""
    for kw in node.keywords:
        if kw.arg == name:
            return kw.value
    return None


#: A ``module:attribute`` import string, as servers take it (``pkg.main:app``,
#: ``pkg.main:create_app()``), also inside a longer command line.
IMPORT_STRING = lazy_compile(
    r"(?<![\w.:/])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*):([A-Za-z_]\w*)(?![\w.:/])"
)


def annotated_class(annotation: ast.expr | None, ctx: ModuleContext) -> str | None:
    """The qualified name of the class an annotation names (``C``, ``"C"``, ``C | None``,
    ``Optional[C]``), ``None`` for anything else."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            annotation = ast.parse(annotation.value, mode="eval").body
        except SyntaxError:
            return None
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        sides = [annotation.left, annotation.right]
        rest = [e for e in sides if not (isinstance(e, ast.Constant) and e.value is None)]
        annotation = rest[0] if len(rest) == 1 else None
    elif isinstance(annotation, ast.Subscript) and ctx.resolve(annotation.value) in (
        "typing.Optional",
        "typing_extensions.Optional",
    ):
        annotation = annotation.slice
    if not isinstance(annotation, (ast.Name, ast.Attribute)):
        return None
    return ctx.resolve(annotation)


def tested_absent(test: ast.expr) -> str | None:
    """The plain name an ``if`` test asks to be absent or empty (``x is None``, ``not x``),
    or None: a lazily filled cache (SET004), a write done only when a lookup found nothing
    (RTE004)."""
    if (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.Is)
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value is None
    ):
        return test.left.id
    if (
        isinstance(test, ast.UnaryOp)
        and isinstance(test.op, ast.Not)
        and isinstance(test.operand, ast.Name)
    ):
        return test.operand.id
    return None


def is_main_guard(test: ast.expr) -> bool:
    """``__name__ == "__main__"`` (either way round)."""
    if not (
        isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)
    ):
        return False
    sides = (test.left, test.comparators[0])
    return any(isinstance(x, ast.Name) and x.id == "__name__" for x in sides) and any(
        isinstance(x, ast.Constant) and x.value == "__main__" for x in sides
    )


#: Literal hosts that accept connections from the local machine only.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


def server_host_kind(node: ast.Call) -> str:
    """Where a ``uvicorn.run`` / ``uvicorn.Config`` call listens: ``loopback`` (a literal
    loopback host), ``default`` (no host and no ``*args`` / ``**kwargs``: uvicorn's own
    default, 127.0.0.1), or ``other`` (any other host, a variable, an expansion)."""
    if any(kw.arg is None for kw in node.keywords) or any(
        isinstance(a, ast.Starred) for a in node.args
    ):
        return "other"
    host = call_keyword(node, "host")
    if host is None:
        return "default"
    if isinstance(host, ast.Constant) and isinstance(host.value, str):
        value = host.value
        return "loopback" if value in LOOPBACK_HOSTS or value.startswith("127.") else "other"
    return "other"


#: Calls that serve the app handed to them (their first argument, or ``app=``).
SERVER_CALLS = frozenset(
    {
        "uvicorn.run",
        "uvicorn.Config",
        "uvicorn.config.Config",
        "hypercorn.asyncio.serve",
        "hypercorn.trio.serve",
        "granian.Granian",
        "a2wsgi.ASGIMiddleware",
        "mangum.Mangum",
    }
)
#: Servers whose ``host=`` is where the app listens (uvicorn's ``run`` and ``Config``).
HOSTED_SERVERS = frozenset({"uvicorn.run", "uvicorn.Config", "uvicorn.config.Config"})


def local_key(ctx: ModuleContext, name: str) -> str:
    """The qualified name of a binding ``name`` in the current scope (as F3 keys instances)."""
    scope = ctx.scope
    if scope.kind == "module":
        return f"{ctx.module}.{name}"
    return f"{scope.qname}.<locals>.{name}"


def held_key(ctx: ModuleContext, target: ast.expr) -> str | None:
    """``self.app`` in a method: ``<class qname>.<self>.app``, as F3 keys the instance."""
    fn = ctx.function
    if (
        isinstance(target, ast.Attribute)
        and isinstance(target.value, ast.Name)
        and fn is not None
        and fn.class_qname is not None
        and fn.params
        and fn.params[0].name == target.value.id
    ):
        return f"{fn.class_qname}.<self>.{target.attr}"
    return None


def _single_assignment(ctx: ModuleContext, name: str) -> ast.Assign | None:
    """The one-target assignment that is the only binding of ``name`` in the current
    function's own scope (nested scopes left out); None when the name is bound more than
    once, or otherwise (a parameter, a loop, an augmented assignment)."""
    fn = next(
        (
            p
            for p in reversed(ctx.parents)
            if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef))
        ),
        None,
    )
    if fn is None:
        return None
    found: ast.Assign | None = None
    stores = 0
    stack: list[ast.AST] = list(fn.body)
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        stack.extend(ast.iter_child_nodes(n))
        if isinstance(n, ast.Name) and n.id == name and not isinstance(n.ctx, ast.Load):
            stores += 1
        elif isinstance(n, ast.Assign) and len(n.targets) == 1:
            target = n.targets[0]
            names = target.elts if isinstance(target, ast.Tuple) else [target]
            if any(isinstance(t, ast.Name) and t.id == name for t in names):
                found = n
    return found if stores == 1 else None


def _unpacked_key(ctx: ModuleContext, name: str) -> str | None:
    """``app, secret = build_app(url)`` in the current function, its only binding of
    ``name``: ``quickstart.build_app[0]``, item 0 of what the project factory returns;
    None otherwise."""
    n = _single_assignment(ctx, name)
    if n is None or not isinstance(n.targets[0], ast.Tuple):
        return None
    value = n.value.value if isinstance(n.value, ast.Await) else n.value
    if not isinstance(value, ast.Call):
        return None
    for i, item in enumerate(n.targets[0].elts):
        if isinstance(item, ast.Name) and item.id == name:
            callee = ctx.resolve(value.func)
            return f"{callee}[{i}]" if callee else None
    return None


def _wrapped_factory_key(ctx: ModuleContext, name: str) -> str | None:
    """``app = run_sync(build_server(runner))`` (or ``app = await build_server(runner)``)
    in the current function, its only binding of ``name``: ``pkg.build_server()``, what the
    factory handed to a one-argument wrapper (a coroutine runner, an ASGI middleware that
    runs it) returns; None otherwise."""
    n = _single_assignment(ctx, name)
    if n is None or not isinstance(n.targets[0], ast.Name):
        return None
    value: ast.expr | None = None  # a plain ``name = f()`` is an alias the model keeps
    if isinstance(n.value, ast.Await):
        value = n.value.value
    elif (
        isinstance(n.value, ast.Call)
        and len(n.value.args) == 1
        and not n.value.keywords
        and isinstance(n.value.args[0], (ast.Call, ast.Await))
    ):
        inner = n.value.args[0]
        value = inner.value if isinstance(inner, ast.Await) else inner
    if isinstance(value, ast.Call) and (callee := ctx.resolve(value.func)) is not None:
        return f"{callee}()"
    return None


def loopback_host_param(node: ast.Call, ctx: ModuleContext) -> tuple[str, str] | None:
    """``uvicorn.run(app, host=host)`` in ``def start(host: str = "127.0.0.1")``: (the
    function's qname, ``host``) when the host is a parameter of the enclosing function that
    its body never rebinds and whose default is a literal loopback host, so the server
    listens on loopback unless a caller passes another host; None otherwise."""
    host = call_keyword(node, "host")
    fn = ctx.function
    if not isinstance(host, ast.Name) or fn is None or host.id in ctx.scope.binding_counts():
        return None
    for p in fn.params:
        if p.name == host.id and p.kind in ("arg", "kwonly") and isinstance(p.default, Lit):
            value = p.default.value
            if isinstance(value, str) and (value in LOOPBACK_HOSTS or value.startswith("127.")):
                return fn.qname, p.name
    return None


def _library_callee(func: ast.expr, ctx: ModuleContext) -> bool:
    """``func`` is a callable outside the project: a library's (``Starlette``), or a method
    of a module-level object the module builds with a library's class (``mcp =
    MCPServer("x")`` then ``mcp.streamable_http_app``)."""
    callee = ctx.resolve(func)
    if callee is None:
        return False
    if not ctx.is_project(callee):
        return True
    if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
        return False
    owner = func.value.id
    if owner in ctx.scope.local_names() or ctx.resolve(func.value) != f"{ctx.module}.{owner}":
        return False
    built_by = ctx.module_scope.calls.get(owner)
    return built_by is not None and not ctx.is_project(built_by)


def builds_foreign_app(node: ast.Call, ctx: ModuleContext) -> bool:
    """The app a server call serves is a local bound once, in the current function, to a
    call of a callable outside the project given no name (``app =
    mcp.streamable_http_app()``, ``app = Starlette(routes=[...])`` with literal routes
    aside): a library builds that app, it is none of the project's apps.  A call handed a
    name (``socketio.ASGIApp(sio, other_asgi_app=app)``) may wrap one of them."""
    app = node.args[0] if node.args else call_keyword(node, "app")
    if not isinstance(app, ast.Name) or ctx.scope.kind != "function":
        return False
    n = _single_assignment(ctx, app.id)
    if n is None or not isinstance(n.targets[0], ast.Name) or not isinstance(n.value, ast.Call):
        return False
    if not _library_callee(n.value.func, ctx):
        return False
    handed = [*n.value.args, *(kw.value for kw in n.value.keywords)]
    return not any(isinstance(x, ast.Name) for a in handed for x in ast.walk(a))


def served_app_key(node: ast.Call, ctx: ModuleContext) -> str | None:
    """The app a server call (:data:`SERVER_CALLS`) serves, named as F3 keys it: its first
    argument (or ``app=``) as a local or module name, ``<class>.<self>.app`` for the app
    a method's object keeps, ``module:attr`` for an import string
    (``uvicorn.run("pkg.main:app")``), ``pkg.build_app[0]`` for item 0 of the tuple a
    project factory returns (``app, secret = build_app(url)``), ``pkg.build_app()`` for
    what a call returns (``uvicorn.run(build_app())``, also through a local bound once to
    it or to a one-argument wrapper of it: ``app = run_sync(build_app())``); None for
    anything else."""
    app: ast.expr | None = None
    if node.args and not isinstance(node.args[0], ast.Starred):
        app = node.args[0]
    else:
        app = call_keyword(node, "app")
    if isinstance(app, ast.Name):
        scope = ctx.scope
        fn = ctx.function
        params = {p.name for p in fn.params} if fn is not None else set()
        if scope.kind == "function" and (app.id in scope.local_names() or app.id in params):
            return (
                _unpacked_key(ctx, app.id)
                or _wrapped_factory_key(ctx, app.id)
                or local_key(ctx, app.id)
            )
        return ctx.resolve(app) or local_key(ctx, app.id)
    if isinstance(app, ast.Attribute):
        return held_key(ctx, app) or ctx.resolve(app)
    if isinstance(app, ast.Constant) and isinstance(app.value, str) and ":" in app.value:
        return app.value  # ``uvicorn.run("pkg.main:app")``
    if isinstance(app, ast.Call) and (callee := ctx.resolve(app.func)) is not None:
        return f"{callee}()"  # ``uvicorn.Config(build_gateway(), ...)``: what a factory returns
    return None


#: Functions that run a coroutine to completion on a loop of their own.
OWN_LOOP_RUNNERS = frozenset({"asyncio.run", "anyio.run", "trio.run", "uvloop.run"})


def is_loop_runner(func: ast.expr, ctx: ModuleContext) -> bool:
    """``func`` runs the coroutine it is called with to completion on a loop that is not the
    caller's: ``asyncio.run`` (and its kin, :data:`OWN_LOOP_RUNNERS`) or a loop's
    ``run_until_complete``."""
    return (isinstance(func, ast.Attribute) and func.attr == "run_until_complete") or ctx.resolve(
        func
    ) in OWN_LOOP_RUNNERS


def runs_wrapped_on_own_loop(
    node: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext
) -> bool:
    """``node`` is a sync-to-async decorator: a sync function of one parameter whose nested
    sync wrapper calls that parameter only inside ``asyncio.run(...)`` or
    ``loop.run_until_complete(...)`` (at least once), and returns the wrapper.  The
    coroutine function it decorates always runs on a loop of its own: called from a running
    loop, both runners raise instead of running it there."""
    if isinstance(node, ast.AsyncFunctionDef):
        return False
    params = [*node.args.posonlyargs, *node.args.args]
    if len(params) != 1:
        return False
    wrapped = params[0].arg
    wrappers = [
        s for s in node.body if isinstance(s, ast.FunctionDef)
    ]  # an ``async def`` wrapper would await it on the caller's loop
    if not wrappers or any(isinstance(s, ast.AsyncFunctionDef) for s in node.body):
        return False
    returned = {
        s.value.id for s in node.body if isinstance(s, ast.Return) and isinstance(s.value, ast.Name)
    }
    driven = 0
    for wrapper in wrappers:
        if wrapper.name not in returned:
            continue
        parents = {id(c): p for p in walk(wrapper) for c in ast.iter_child_nodes(p)}
        for n in walk(wrapper):
            if not (
                isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == wrapped
            ):
                continue
            runner = parents.get(id(n))
            if not (isinstance(runner, ast.Call) and runner.args and runner.args[0] is n):
                return False  # called another way: it may be awaited on the caller's loop
            if not is_loop_runner(runner.func, ctx):
                return False
            driven += 1
    return driven > 0


def runs_argument_on_own_loop(
    node: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext
) -> bool:
    """``node`` is a private-loop runner: a sync function whose first positional parameter
    (the coroutine it is handed) is used only as what a loop runner drives -- the argument
    of ``asyncio.run(coro)`` / ``loop.run_until_complete(coro)``, or handed beside the
    runner to a thread (``pool.submit(asyncio.run, coro)``,
    ``loop.run_in_executor(None, asyncio.run, coro)``) --, at least once, and never
    rebound.  Like a sync-to-async decorator (:func:`runs_wrapped_on_own_loop`), it runs the
    coroutine on a loop of its own: ``run_async(check())`` never runs ``check`` on the
    caller's loop."""
    if isinstance(node, ast.AsyncFunctionDef) or not ctx.says(
        b"asyncio.run", b"run_until_complete", b"anyio.run", b"trio.run", b"uvloop.run"
    ):
        return False
    params = [*node.args.posonlyargs, *node.args.args]
    if not params or not ctx.lines_say(b"run", node):  # (every runner's name says it)
        return False
    coro = params[0].arg
    if coro in ("self", "cls") and len(params) > 1:
        coro = params[1].arg
    uses = [n for n in walk(node) if isinstance(n, ast.Name) and n.id == coro]
    if not uses:
        return False
    parents = {id(c): p for p in walk(node) for c in ast.iter_child_nodes(p)}
    driven = 0
    for n in uses:
        if not isinstance(n.ctx, ast.Load):
            return False  # rebound: the name no longer holds what the caller handed in
        call = parents.get(id(n))
        if not (isinstance(call, ast.Call) and any(a is n for a in call.args)):
            return False  # used another way: it may be awaited on the caller's loop
        if call.args[0] is n and is_loop_runner(call.func, ctx):
            driven += 1
            continue
        before = call.args[: [id(a) for a in call.args].index(id(n))]
        if any(
            isinstance(a, (ast.Name, ast.Attribute)) and ctx.resolve(a) in OWN_LOOP_RUNNERS
            for a in before
        ):
            driven += 1  # ``pool.submit(asyncio.run, coro)``: a thread drives it
            continue
        return False
    return driven > 0


#: Standard-library callables that compute a value from their arguments: no file, network,
#: database or process is touched, so what they raise is about the value they were given.
PURE_CALLS = frozenset(
    {
        *(
            f"builtins.{n}"
            for n in (
                "str int float bool bytes len dict list tuple set frozenset sorted reversed "
                "min max sum any all abs round isinstance issubclass hasattr getattr type "
                "enumerate zip range map filter repr iter next locals ValueError TypeError "
                "KeyError"
            ).split()
        ),
        "json.loads",
        "json.dumps",
        "shlex.split",
        "shlex.quote",
        "base64.b64decode",
        "base64.b64encode",
        "base64.urlsafe_b64decode",
        "base64.urlsafe_b64encode",
        "urllib.parse.urlparse",
        "urllib.parse.urlsplit",
        "urllib.parse.parse_qs",
        "urllib.parse.parse_qsl",
        "urllib.parse.unquote",
        "urllib.parse.quote",
        "urllib.parse.urlencode",
        "re.match",
        "re.fullmatch",
        "re.search",
        "re.findall",
        "re.sub",
        "re.split",
        "re.compile",
    }
)
#: Methods of values (str, bytes, dict, list, a match) that compute from the value itself.
PURE_METHODS = frozenset(
    "upper lower strip lstrip rstrip split rsplit splitlines join replace startswith "
    "endswith format encode decode items keys values get copy append extend pop setdefault "
    "update group groups groupdict count index find partition rpartition title capitalize "
    "casefold swapcase zfill ljust rjust center removeprefix removesuffix isdigit isalpha "
    "isalnum isspace isupper islower".split()
)
#: Logger methods: a log line is written, nothing is read back into the value.
LOG_METHODS = frozenset("debug info warning warn error exception critical".split())
#: Names a library gives to a function that parses text it is handed (``curlparser.parse``,
#: ``yaml.safe_load``, ``sqlglot.parse_one``): a parser of its argument, by convention.
PARSER_NAMES = frozenset({"parse", "parse_one", "loads", "safe_load", "tokenize"})


def never_returns(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """``node`` can only end by raising: its own body (nested functions aside) has no
    ``return`` or ``yield``, and its last statement is a ``raise`` (``raise
    HTTPException(501, "Not implemented")``), so every path that reaches the end raises."""
    if not node.body or not isinstance(node.body[-1], ast.Raise):
        return False
    stack: list[ast.AST] = list(node.body)
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(n, (ast.Return, ast.Yield, ast.YieldFrom)):
            return False
        stack.extend(ast.iter_child_nodes(n))
    return True


def parses_only(node: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext) -> bool:
    """``node`` only computes a value from its arguments: a sync function, no ``with``, no
    ``await``/``yield``, and every call it makes (nested functions aside) is a pure
    standard-library callable (:data:`PURE_CALLS`), the clock or a new id
    (:data:`VALUE_CALLS`), a value method (:data:`PURE_METHODS`), a log line, a library parser (:data:`PARSER_NAMES`), or a project function (which the
    caller checks in turn).  What it raises can only be about its arguments."""
    if isinstance(node, ast.AsyncFunctionDef):
        return False
    # (asked of every function in the module pass: :func:`_push_children` inlined, the node
    # kinds tested by exact type, ``ast`` node classes having no subclasses in a tree)
    stack: list[ast.AST] = list(node.body)
    pop = stack.pop
    push = stack.append
    known = _NODE_FIELDS
    AST = ast.AST
    Call = ast.Call
    while stack:
        n = pop()
        t = type(n)
        if t in _NOT_PARSING:
            return False
        if t is Call and not _pure_call(n, ctx) and not _exception_super_init(n, node, ctx):  # type: ignore[arg-type]
            return False
        fields = known.get(t)
        if fields is None:
            fields = _node_fields(t)
        for field in fields:
            value = getattr(n, field, None)
            if type(value) is list:
                stack.extend([v for v in value if isinstance(v, AST)])
            elif isinstance(value, AST):
                push(value)
    return True


def _exception_super_init(
    n: ast.Call, node: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext
) -> bool:
    """``super().__init__(...)`` in the ``__init__`` of an exception class whose bases are
    built-in exceptions or project classes (``class RunError(AppError):``): a built-in
    exception only stores its arguments, and a project base's ``__init__`` is a project
    function the caller checks in turn."""
    func = n.func
    if isinstance(func, ast.Attribute) and func.attr == "__init__":
        n = func.value  # type: ignore[assignment]
    if not (
        node.name == "__init__"
        and isinstance(n, ast.Call)
        and isinstance(n.func, ast.Name)
        and n.func.id == "super"
        and not n.args
    ):
        return False  # (``super()`` itself is checked as the receiver of ``__init__``)
    cls = ctx.parents[-1] if ctx.parents else None
    if not isinstance(cls, ast.ClassDef) or not cls.bases:
        return False
    for base in cls.bases:
        q = ctx.resolve(base) if isinstance(base, (ast.Name, ast.Attribute)) else None
        if not (ctx.is_project(q) or q in _BUILTIN_EXCEPTIONS):
            return False
    return True


#: Built-in exception classes an ``__init__`` of a project exception may hand its message to.
_BUILTIN_EXCEPTIONS = frozenset(
    f"builtins.{name}"
    for name in (
        "BaseException",
        "Exception",
        "ValueError",
        "RuntimeError",
        "LookupError",
        "KeyError",
        "TypeError",
    )
)


#: what a function that only computes a value cannot hold (:func:`parses_only`)
_NOT_PARSING = frozenset(
    {
        ast.FunctionDef,
        ast.AsyncFunctionDef,
        ast.Lambda,
        ast.ClassDef,
        ast.With,
        ast.AsyncWith,
        ast.Await,
        ast.Yield,
        ast.YieldFrom,
        ast.Global,
    }
)
#: the fields of each node type that can hold a node: contexts, operators and the grammar's
#: identifiers and constants left out (:data:`auditor.astwalk.SCALAR_FIELDS`)
_NODE_FIELDS: dict[type, tuple[str, ...]] = {}
_NOT_NODES = frozenset({"ctx", "op", "ops", "type_comment"})


def _node_fields(t: type) -> tuple[str, ...]:
    scalar = SCALAR_FIELDS.get(t, frozenset())
    fields = _NODE_FIELDS[t] = tuple(
        f for f in getattr(t, "_fields", ()) if f not in _NOT_NODES and f not in scalar
    )
    return fields


def _push_children(n: ast.AST, stack: list[ast.AST]) -> None:
    """Push the child nodes of ``n`` on ``stack``, as ``ast.iter_child_nodes`` gives them
    but without the context and operator singletons (``Load``, ``Add``): a walk whose
    answer does not depend on its order, and looks for neither."""
    t = type(n)
    fields = _NODE_FIELDS.get(t)
    if fields is None:
        fields = _node_fields(t)
    for field in fields:
        value = getattr(n, field, None)
        if type(value) is list:
            stack.extend([v for v in value if isinstance(v, ast.AST)])
        elif isinstance(value, ast.AST):
            stack.append(value)


def _pure_call(n: ast.Call, ctx: ModuleContext) -> bool:
    func = n.func
    q = ctx.resolve(func) if isinstance(func, (ast.Name, ast.Attribute)) else None
    if q is not None:
        if q in PURE_CALLS or q in VALUE_CALLS or ctx.is_project(q):
            return True  # (the clock, a new id: nothing about the server to raise)
        top = q.split(".", 1)[0]
        if q.rsplit(".", 1)[-1] in PARSER_NAMES and top not in _STDLIB_IO:
            return True
    if isinstance(func, ast.Attribute):
        if func.attr in PURE_METHODS:
            return True
        if func.attr in LOG_METHODS and isinstance(func.value, ast.Name):
            bound = ctx.resolve(func.value) or ""
            return bound.endswith(("LOG", "log", "logger", "LOGGER")) or "logging" in bound
        if func.attr in LOG_METHODS:
            return _own_logger(func.value)
    return False


def _own_logger(e: ast.expr) -> bool:
    """``e`` is a logger its object keeps (``self.logger``, ``cls._log``,
    ``self.audit_logger``): a log line through it writes, nothing is read back."""
    if not (isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name)):
        return False
    name = e.attr.lstrip("_").lower()
    return e.value.id in ("self", "cls") and (name in ("log", "logger") or name.endswith("_logger"))


#: Standard-library modules whose ``parse``/``load`` read files or the network.
_STDLIB_IO = frozenset({"xml", "ElementTree", "configparser", "pickle", "marshal", "email"})


#: ``except`` types that catch every error an operation can raise.
_CATCH_ALL = frozenset({"builtins.Exception", "builtins.BaseException"})
#: Calls that read the clock or make an id: they build a value and raise nothing of note.
VALUE_CALLS = frozenset(
    {
        "datetime.datetime.now",
        "datetime.datetime.utcnow",
        "datetime.date.today",
        "time.time",
        "time.monotonic",
        "uuid.uuid4",
        "uuid.uuid1",
    }
)
#: Methods that turn a (model) value into plain data.
_DUMP_METHODS = frozenset({"model_dump", "model_dump_json", "dict", "json", "isoformat"})
#: Clean-up after a caught error (``session.rollback()`` in the ``except`` clause).
_CLEANUP_METHODS = frozenset({"rollback", "close"})
#: Reports of a caught error on the console (``print(f"failed: {e}")``,
#: ``traceback.print_exc()`` in the ``except`` clause): like a log line, nothing goes back
#: to the caller.
_CONSOLE_REPORTS = frozenset(
    {
        "builtins.print",
        "traceback.print_exc",
        "traceback.print_exception",
    }
)


def builds_value(n: ast.Call, ctx: ModuleContext) -> bool:
    """``n`` only builds or formats a value: a pure call (:func:`_pure_call`, project
    functions aside), the clock or a new id, a class constructor (a capitalised name:
    ``Response(...)``, ``Run(...)``), a model dump, or a log line."""
    func = n.func
    q = ctx.resolve(func) if isinstance(func, (ast.Name, ast.Attribute)) else None
    if q is not None and (q in PURE_CALLS or q in VALUE_CALLS):
        return True
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name[:1].isupper() and not name.isupper():
        return True  # a class: building the value (a project class's __init__ is not run here)
    if isinstance(func, ast.Attribute) and func.attr in _DUMP_METHODS:
        return True
    if isinstance(func, ast.Attribute) and func.attr in LOG_METHODS:
        return _pure_call(n, ctx)  # ``logger.error(...)`` on a module's logger
    return (q is None or not ctx.is_project(q)) and _pure_call(n, ctx)


def _catches_all(t: ast.Try, ctx: ModuleContext, convert: bool) -> tuple[str, ...] | None:
    """``t`` has an ``except Exception`` (``BaseException``, bare) clause, and each of its
    clauses either raises nothing or, with ``convert``, ends by raising a project exception
    built from values that do not carry the caught one (:func:`_converted_raise`): the
    classes raised (``()`` when every clause is quiet), or None."""
    broad = False
    raised: list[str] = []
    for h in t.handlers:
        # (a ``raise`` is a statement: the clause's statements only, not its expressions)
        if any(type(n) is ast.Raise for n in statements(h)):
            q = _converted_raise(h, ctx) if convert else None
            if q is None:
                return None
            raised.append(q)
        if h.type is None:
            broad = True
        else:
            elts = h.type.elts if isinstance(h.type, ast.Tuple) else [h.type]
            if any(ctx.resolve(e) in _CATCH_ALL for e in elts):
                broad = True
    return tuple(raised) if broad else None


def _converted_raise(h: ast.ExceptHandler, ctx: ModuleContext) -> str | None:
    """The clause ``h`` raises once, as its last statement, a project class built from
    values that do not carry the caught exception (``raise RunError(name, "timed out")
    from e``; ``err = f"{e}"`` only logged first): the class's name, or None.  Its text
    is the code's own."""
    last = h.body[-1] if h.body else None
    if sum(type(n) is ast.Raise for n in statements(h)) != 1 or not isinstance(last, ast.Raise):
        return None
    exc = last.exc
    if not (isinstance(exc, ast.Call) and isinstance(exc.func, (ast.Name, ast.Attribute))):
        return None
    q = ctx.resolve(exc.func)
    if q is None or not ctx.is_project(q) or not q.rpartition(".")[2][:1].isupper():
        return None
    carried = {h.name} if h.name else set()
    for stmt in h.body[:-1]:
        if isinstance(stmt, ast.Assign) and _names_any(stmt.value, carried):
            carried.update(t.id for t in stmt.targets if isinstance(t, ast.Name))
    if any(_names_any(a, carried) for a in [*exc.args, *(k.value for k in exc.keywords)]):
        return None
    return q


def _names_any(node: ast.AST, names: set[str]) -> bool:
    """``node`` reads one of ``names``."""
    return any(isinstance(n, ast.Name) and n.id in names for n in walk(node))


#: the fields of a statement that hold statements
_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _holds_try(body: list[ast.stmt]) -> bool:
    """A ``try`` statement sits in ``body`` (nested scopes aside), read from the statements
    alone: no expression holds one."""
    stack: list[Any] = list(body)
    while stack:
        n = stack.pop()
        if type(n) is ast.Try:
            return True
        if isinstance(n, _SCOPES):
            continue
        for field in _BLOCKS:
            sub = getattr(n, field, None)
            if sub:
                stack.extend(sub)
    return False


def _log_arguments(n: ast.Call, ctx: ModuleContext) -> list[ast.Call]:
    """The project calls among the arguments of the log line ``n`` (``logger.warning("%s",
    _sanitize(str(e)))``), when ``n`` is one."""
    if not (
        isinstance(n.func, ast.Attribute) and n.func.attr in LOG_METHODS and _pure_call(n, ctx)
    ):
        return []
    return [
        a
        for a in n.args
        if isinstance(a, ast.Call)
        and isinstance(a.func, (ast.Name, ast.Attribute))
        and (q := ctx.resolve(a.func)) is not None
        and ctx.is_project(q)
    ]


#: Lock constructors: entering ``with lock:`` waits, it fails with nothing of the server's.
_LOCKS = frozenset(
    {
        "asyncio.Lock",
        "asyncio.locks.Lock",
        "asyncio.Semaphore",
        "asyncio.locks.Semaphore",
        "threading.Lock",
        "threading.RLock",
        "threading.Semaphore",
    }
)


def _holds_own_lock(n: ast.With | ast.AsyncWith, ctx: ModuleContext) -> bool:
    """Every item of ``n`` is ``self.<name>`` (nothing bound by ``as``) that a method of the
    enclosing class assigns a new lock only (``self.lock = asyncio.Lock()``)."""
    cls = next((p for p in reversed(ctx.parents) if isinstance(p, ast.ClassDef)), None)
    if cls is None:
        return False
    names = set()
    for i in n.items:
        e = i.context_expr
        if i.optional_vars is not None or not (
            isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name) and e.value.id == "self"
        ):
            return False
        names.add(e.attr)
    assigned: dict[str, bool] = {}
    for attr, value in _attribute_assigns(cls, ctx):
        if attr in names:
            lock = isinstance(value, ast.Call) and ctx.resolve(value.func) in _LOCKS
            assigned[attr] = assigned.get(attr, True) and lock
    return all(assigned.get(name, False) for name in names)


class _AttributeAssigns(dict[int, list[tuple[str, "ast.expr | None"]]]):
    """Per module (``ctx.state``): each class's attribute assignments, by the class node's
    id (the module's tree lives as long as its state)."""


def _attribute_assigns(cls: ast.ClassDef, ctx: ModuleContext) -> list[tuple[str, ast.expr | None]]:
    """``(attr, value)`` of each assignment to an attribute (``x.attr = value``,
    ``x.attr: T = value``) anywhere in ``cls``, in ``walk`` order: walked once per class, not
    once per ``with self.<lock>:`` of each of its methods (each asked up to three times)."""
    memo = ctx.state(_AttributeAssigns)
    found = memo.get(id(cls))
    if found is None:
        found = memo[id(cls)] = []
        for a in walk(cls):
            if isinstance(a, (ast.Assign, ast.AnnAssign)):
                targets = a.targets if isinstance(a, ast.Assign) else [a.target]
                for t in targets:
                    if isinstance(t, ast.Attribute):
                        found.append((t.attr, a.value))
    return found


def _cleans_up_or_reports(
    n: ast.Call, ctx: ModuleContext, fn: ast.FunctionDef | ast.AsyncFunctionDef
) -> bool:
    """``n``, in the ``except`` clause that stopped an error, cleans up after it
    (``session.rollback()``) or reports it on the console (:data:`_CONSOLE_REPORTS`, also
    through a module the function imports itself: ``import traceback`` in the clause)."""
    func = n.func
    if isinstance(func, ast.Attribute) and func.attr in _CLEANUP_METHODS:
        return True
    if not isinstance(func, (ast.Name, ast.Attribute)):
        return False
    q = ctx.resolve(func)
    if q is None and isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        module = _imported_inside(fn, func.value.id)
        q = f"{module}.{func.attr}" if module else None
    return q in _CONSOLE_REPORTS


def _imported_inside(fn: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> str | None:
    """The module an ``import`` statement of ``fn``'s own body binds to ``name``
    (``import traceback``, ``import traceback as tb``): the walk records such imports only
    after the function's facts are taken."""
    for n in walk(fn):
        if isinstance(n, ast.Import):
            for a in n.names:
                if (a.asname or a.name) == name and (a.asname or "." not in a.name):
                    return a.name
    return None


def _library_class(n: ast.Call, ctx: ModuleContext) -> bool:
    """``n`` builds an object of a library class that is not a plain value
    (:func:`builds_value` takes any capitalised callee for one)."""
    func = n.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    q = ctx.resolve(func) if isinstance(func, (ast.Name, ast.Attribute)) else None
    return (
        name[:1].isupper()
        and not name.isupper()
        and q not in PURE_CALLS
        and q not in VALUE_CALLS
        and not (q is not None and ctx.is_project(q))
    )


def swallows_errors(node: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext) -> bool:
    """``node`` stops every error of its own work: its calls sit in the body of a ``try``
    whose ``except Exception`` clause does not raise (it logs and returns a status), and
    what it does outside such a ``try`` only builds values (:func:`builds_value`), logs
    (also through a project helper formatting a log line's argument in the clause,
    ``logger.error("%s", clean(e))``, or on the console, ``traceback.print_exc()``) or
    cleans up (``session.rollback()`` in the clause).  No ``raise``, ``await`` or ``yield``
    outside, no nested function.  A caller's ``except`` around it only sees what the caller
    raises itself."""
    return _guarded_work(node, ctx, convert=False) == ()


def converts_errors(
    node: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext
) -> tuple[str, ...]:
    """The project exceptions ``node`` turns every error of its own work into: as
    :func:`swallows_errors`, but a clause of the ``try`` may end by raising a project
    class built from values that do not carry the caught exception (``except Exception as
    e: logger.error(f"{e}"); raise RunError(name) from e``).  A caller's ``except`` around
    it sees those classes only, whose text the code wrote; ``()`` when it does not."""
    return _guarded_work(node, ctx, convert=True) or ()


#: The most top-level statements a function that relays its callees' errors may hold
#: (:func:`relays_errors`): delegations and factories are short.
_RELAY_STATEMENTS = 16


def relays_errors(
    node: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext, method: bool
) -> tuple[str, ...] | None:
    """The project calls a short function's own work comes down to, outside catch-all
    ``try`` blocks, when all else it does only builds values (as for
    :func:`swallows_errors`, library classes aside): ``return self.get_project(key)``,
    ``_instance = Orchestrator(key); return _instance``.  Each is ``"fn:<qname>"`` (a
    project function or class) or ``"self:<method>"`` (a method of the function's own
    object); a caller sees only what they let out.  None when it does anything else, or
    calls no project code.  ``method``: ``node`` is defined in a class body (its first
    parameter is the object, unless it is a ``staticmethod``)."""
    if len(node.body) > _RELAY_STATEMENTS:
        return None
    args = node.args.posonlyargs or node.args.args
    static = any(
        isinstance(d, ast.Name) and d.id in ("staticmethod", "classmethod")
        for d in node.decorator_list
    )
    self_name = args[0].arg if method and args and not static else None
    relayed: list[str] = []
    if _guarded_work(node, ctx, False, relayed, self_name) is None or not relayed:
        return None
    return tuple(relayed)


def _relayed_call(n: ast.Call, ctx: ModuleContext, self_name: str | None) -> str | None:
    """``"fn:<qname>"`` for a call of a project function or class, ``"self:<method>"`` for
    a method called on the function's own object (``self``), else None."""
    func = n.func
    if isinstance(func, ast.Attribute) and func.attr in LOG_METHODS and _pure_call(n, ctx):
        return None  # ``logger.info(...)`` on a module's logger: a log line
    if (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and self_name is not None
        and func.value.id == self_name
    ):
        return f"self:{func.attr}"
    if isinstance(func, (ast.Name, ast.Attribute)):
        q = ctx.resolve(func)
        if q is not None and ctx.is_project(q):
            return f"fn:{q}"
    return None


#: ``asyncio.gather`` under the names it is reached by.
_GATHER = frozenset({"asyncio.gather", "asyncio.tasks.gather"})


def _gathered_coroutines(
    n: ast.expr, ctx: ModuleContext, self_name: str | None
) -> tuple[list[str], list[ast.AST]] | None:
    """``n`` is ``asyncio.gather(..., return_exceptions=True)`` over calls of project
    functions or of the function's own object's methods, each an argument or the element
    of a comprehension starred into the call (``*(self.probe(h) for h in self.hosts)``):
    the calls (as :func:`_relayed_call` names them) and the expressions still to judge
    (their arguments, the comprehensions' iterables and conditions).  Awaiting it raises
    none of their errors (each comes back as a value) if each callee is a coroutine
    function, whose call only makes the coroutine: the caller asks that.  None otherwise."""
    if not (
        isinstance(n, ast.Call)
        and isinstance(n.func, (ast.Name, ast.Attribute))
        and ctx.resolve(n.func) in _GATHER
        and any(
            k.arg == "return_exceptions"
            and isinstance(k.value, ast.Constant)
            and k.value.value is True
            for k in n.keywords
        )
        and all(k.arg == "return_exceptions" for k in n.keywords)
        and n.args
    ):
        return None
    targets: list[str] = []
    rest: list[ast.AST] = []
    for a in n.args:
        if isinstance(a, ast.Starred) and isinstance(a.value, (ast.GeneratorExp, ast.ListComp)):
            for g in a.value.generators:
                rest.extend([g.iter, *g.ifs])
            a = a.value.elt
        if not isinstance(a, ast.Call):
            return None
        target = _relayed_call(a, ctx, self_name)
        if target is None:
            return None
        targets.append(target)
        rest.extend([*a.args, *(k.value for k in a.keywords)])
        if isinstance(a.func, ast.Attribute) and target.startswith("fn:"):
            rest.append(a.func.value)
    return targets, rest


#: The node types :func:`_guarded_work` judges; at any other node it only walks on (exact
#: types: a parsed tree's nodes are of the ``ast`` classes themselves, none subclassed).
_GUARD_JUDGED = frozenset(
    {
        ast.FunctionDef,
        ast.AsyncFunctionDef,
        ast.Lambda,
        ast.ClassDef,
        ast.Try,
        ast.With,
        ast.AsyncWith,
        ast.Raise,
        ast.Await,
        ast.Yield,
        ast.YieldFrom,
        ast.Call,
    }
)


def _guarded_work(
    node: ast.FunctionDef | ast.AsyncFunctionDef,
    ctx: ModuleContext,
    convert: bool,
    relayed: list[str] | None = None,
    self_name: str | None = None,
) -> tuple[str, ...] | None:
    """The classes the catch-all ``try`` blocks of ``node`` raise (``()``: none), when
    every error of its own work stops there or becomes one of them; None otherwise.  With
    ``relayed``, project calls outside those blocks are allowed and gathered there
    (:func:`relays_errors`), and no ``try`` is needed."""
    if relayed is None and (not ctx.lines_say(b"try", node) or not _holds_try(node.body)):
        return None  # nothing is guarded (most functions: the text, then the statements,
        # tell cheaply; a ``try`` statement's first line holds the word)
    guarded = relayed is not None
    raised: list[str] = []
    formatted: set[int] = set()  # project calls that only format a log line's arguments
    stack: list[tuple[ast.AST, bool]] = [(s, False) for s in node.body]
    while stack:
        n, in_handler = stack.pop()
        if type(n) not in _GUARD_JUDGED:  # (no test below holds for it: its children)
            children: list[ast.AST] = []
            _push_children(n, children)
            stack.extend([(c, in_handler) for c in children])
            continue
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            return None
        if isinstance(n, ast.Try) and (caught := _catches_all(n, ctx, convert)) is not None:
            guarded = True
            raised.extend(caught)
            stack.extend((c, False) for c in [*n.orelse, *n.finalbody])
            stack.extend((c, True) for h in n.handlers for c in h.body)
            continue
        if isinstance(n, (ast.With, ast.AsyncWith)) and _holds_own_lock(n, ctx):
            stack.extend((c, in_handler) for c in n.body)  # taking a lock raises nothing
            continue
        if isinstance(n, ast.Raise) and in_handler and convert and n.exc is not None:
            stack.extend((c, True) for c in ast.iter_child_nodes(n.exc))
            continue  # the project exception the clause converts the error to (checked)
        if relayed is not None and not in_handler and isinstance(n, ast.Await):
            gathered = _gathered_coroutines(n.value, ctx, self_name)
            if gathered is not None:  # ``await asyncio.gather(*(self.probe(h) ...), ...)``
                relayed.extend(f"coro:{t}" for t in gathered[0])
                stack.extend((c, False) for c in gathered[1])
                continue
        if relayed is not None and not in_handler:
            call = n.value if isinstance(n, ast.Await) else n
            target = _relayed_call(call, ctx, self_name) if isinstance(call, ast.Call) else None
            if target is not None and isinstance(call, ast.Call):
                relayed.append(target)  # what the project callee lets out, the caller asks
                stack.extend((c, False) for c in [*call.args, *(k.value for k in call.keywords)])
                if isinstance(call.func, ast.Attribute) and target.startswith("fn:"):
                    stack.append((call.func.value, False))
                continue
            if isinstance(n, ast.Call) and _library_class(n, ctx):
                return None  # ``Client(url)``: a library's constructor may connect
        if isinstance(n, (ast.Raise, ast.Await, ast.Yield, ast.YieldFrom, ast.AsyncWith)):
            return None
        if isinstance(n, ast.With) and not all(
            isinstance(i.context_expr, ast.Call) and builds_value(i.context_expr, ctx)
            for i in n.items
        ):
            return None  # ``with open(path)``: opening can fail outside the ``try``
        if isinstance(n, ast.Call) and in_handler:
            # ``logger.error("...: %s", _sanitize(e))``: a project helper formatting what a
            # log line says, in the clause that already stopped the error
            formatted.update(id(a) for a in _log_arguments(n, ctx))
        if (
            isinstance(n, ast.Call)
            and not builds_value(n, ctx)
            and not (in_handler and (_cleans_up_or_reports(n, ctx, node) or id(n) in formatted))
        ):
            return None
        children = []
        _push_children(n, children)
        stack.extend([(c, in_handler) for c in children])
    return tuple(raised) if guarded else None


#: Callables that read one environment variable by name (``os.getenv("FLAG")``).
_ENV_READERS = frozenset({"os.getenv", "os.environ.get", "os.environb.get"})
#: Short names of project helpers that read an environment variable (``env("FLAG")``):
#: trusted only with an upper-case literal name as first argument.
_ENV_HELPERS = frozenset({"env", "getenv", "get_env", "env_flag", "env_bool", "bool_env"})


def _reads_env(test: ast.expr, ctx: ModuleContext) -> bool:
    """``test`` reads an environment variable: ``os.getenv("X")``, ``os.environ.get("X")``,
    ``os.environ["X"]``, ``"X" in os.environ``, or a helper ``env("X")`` with an upper-case
    literal name; combined with ``not``, ``and``/``or`` or a comparison."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _reads_env(test.operand, ctx)
    if isinstance(test, ast.BoolOp):
        return all(_reads_env(v, ctx) for v in test.values)
    if isinstance(test, ast.Compare):
        if isinstance(test.ops[0], (ast.In, ast.NotIn)) and len(test.comparators) == 1:
            return ctx.resolve(test.comparators[0]) in ("os.environ", "os.environb")
        return _reads_env(test.left, ctx) and all(
            isinstance(c, ast.Constant) for c in test.comparators
        )
    if isinstance(test, ast.Subscript):
        return ctx.resolve(test.value) in ("os.environ", "os.environb")
    if isinstance(test, ast.Call):
        if ctx.resolve(test.func) in _ENV_READERS:
            return True
        short = (
            test.func.attr if isinstance(test.func, ast.Attribute) else getattr(test.func, "id", "")
        )
        first = test.args[0] if test.args else None
        return (
            short in _ENV_HELPERS
            and isinstance(first, ast.Constant)
            and isinstance(first.value, str)
            and first.value.isupper()
        )
    return False


#: Words of an environment variable's name that say it switches a test mode on
#: (``APP_E2E``, ``TESTING``, ``ENABLE_TEST_ROUTES``).
_TEST_MODE_WORDS = frozenset({"TEST", "TESTING", "E2E"})
#: Values a switch compared against them is off for (``== "0"``: the test mode is not on).
_OFF_VALUES = frozenset({"", "0", "false", "no", "off", "none"})


def _test_mode_read(test: ast.expr, ctx: ModuleContext) -> bool:
    """``test`` is true only when an environment variable named for a test mode is set:
    ``os.getenv("APP_E2E")``, ``os.environ.get("TESTING") == "1"``, ``os.environ["E2E"]``,
    ``"TESTING" in os.environ``, or an ``and`` holding one; never a negation or ``!=``."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return any(_test_mode_read(v, ctx) for v in test.values)
    name: ast.expr | None = None
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        op, right = test.ops[0], test.comparators[0]
        if isinstance(op, ast.In) and ctx.resolve(right) in ("os.environ", "os.environb"):
            name = test.left
        elif isinstance(op, (ast.Eq, ast.In)) and isinstance(right, (ast.Constant, ast.Tuple)):
            values = right.elts if isinstance(right, ast.Tuple) else [right]
            off = any(
                isinstance(v, ast.Constant) and str(v.value).lower() in _OFF_VALUES for v in values
            )
            return not off and _test_mode_read(test.left, ctx)
    elif isinstance(test, ast.Subscript) and ctx.resolve(test.value) in ("os.environ",):
        name = test.slice
    elif isinstance(test, ast.Call) and ctx.resolve(test.func) in _ENV_READERS and test.args:
        name = test.args[0]
    if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
        return False
    return bool(_TEST_MODE_WORDS & set(name.value.upper().split("_")))


def _off_test_mode_parameter(test: ast.expr, chain: list[ast.AST]) -> bool:
    """``test`` is a bare parameter of an enclosing function, named for a test mode and off
    by default (``def build_app(test_mode: bool = False)`` ... ``if test_mode:``): the
    switch a ``--test`` command-line flag is handed down as.  Callers that do not turn it
    on (the deployed start) get the default, so the branch is the test harness's."""
    if not isinstance(test, ast.Name):
        return False
    if not _TEST_MODE_WORDS & set(test.id.upper().split("_")):
        return False
    for fn in reversed(chain):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        args = fn.args
        positional = [*args.posonlyargs, *args.args]
        pairs = list(zip(positional[len(positional) - len(args.defaults) :], args.defaults))
        pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None]
        default = next((d for a, d in pairs if a.arg == test.id), None)
        if default is not None:
            return isinstance(default, ast.Constant) and default.value in (False, None)
        if any(a.arg == test.id for a in [*positional, *args.kwonlyargs]):
            return False  # a parameter without a default: every caller decides
    return False


def under_test_mode(ctx: ModuleContext, node: ast.AST) -> bool:
    """``node`` sits in the true branch of an ``if`` whose test holds only when an
    environment variable named for a test mode is set (``if os.environ.get("APP_E2E") ==
    "1":``), or a parameter named for a test mode and off by default is on (``if
    test_mode:`` in ``def build_app(test_mode=False)``, fed by a ``--test`` flag): code there
    runs only under the test harness, never in the deployed app."""
    chain = [*ctx.parents, node]
    return any(
        isinstance(parent, ast.If)
        and chain[i + 1] in parent.body
        and (_test_mode_read(parent.test, ctx) or _off_test_mode_parameter(parent.test, chain[:i]))
        for i, parent in enumerate(chain[:-1])
    )


def startup_env_gated(node: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext) -> bool:
    """``node`` is a lifespan-shaped generator whose startup (every statement before its
    one top-level ``yield``) does nothing unless an environment variable is set: only a
    docstring, ``pass``, and ``if <env read>:`` blocks without ``else``.  Under tests that
    do not set the variable, entering it runs nothing."""
    body = node.body
    yields = [
        i
        for i, s in enumerate(body)
        if isinstance(s, ast.Expr) and isinstance(s.value, (ast.Yield, ast.YieldFrom))
    ]
    if len(yields) != 1:
        return False
    gated = False
    for s in body[: yields[0]]:
        if isinstance(s, ast.Pass) or (
            isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant)
        ):
            continue
        if isinstance(s, ast.If) and not s.orelse and _reads_env(s.test, ctx):
            gated = True
            continue
        return False
    return gated
