from __future__ import annotations

import ast
import itertools
from typing import Literal, NamedTuple, Protocol

from auditor.astwalk import walk
from auditor.check import Check, Example, Hit, Severity, snippet
from auditor.facts import Call, Expr, Function, ModuleFacts, is_lit
from auditor.project import Binding, Project
from auditor.recognisers import annotated_class
from auditor.walker import ModuleContext, Scope, dotted

#: Module-level task spawners.
SPAWNERS = frozenset({"asyncio.create_task", "asyncio.ensure_future"})
#: ``loop.create_task`` counts when ``loop`` is bound to one of these.
LOOP_GETTERS = frozenset({"asyncio.get_running_loop", "asyncio.get_event_loop"})
#: Event-loop methods that return a plain ``asyncio.Future``, not a coroutine: handing their
#: result to ``ensure_future`` creates no task (the future is returned as it is), and the work
#: is held by whoever completes the future (the executor's thread, the caller of set_result).
FUTURE_METHODS = frozenset({"run_in_executor", "create_future"})
#: Functions that return a plain future for the same reason.
FUTURE_FUNCTIONS = frozenset({"asyncio.wrap_future"})


_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_LAST_LINE = 1 << 30  # a method may be defined after the method that calls it
_CATCH_ALL = frozenset({"builtins.Exception", "builtins.BaseException"})
#: What a failed import raises.
_IMPORT_ERRORS = frozenset({"builtins.ImportError", "builtins.ModuleNotFoundError"})
_SLEEPS = frozenset({"asyncio.sleep", "anyio.sleep"})
#: The task's own cancellation (a ``BaseException`` since Python 3.8, which no ``except
#: Exception`` catches): a handler of only these may re-raise it, as it should -- a
#: cancelled task's exception is no error left unseen.
_CANCELLED = frozenset({"asyncio.CancelledError", "asyncio.exceptions.CancelledError"})
#: How many ``await self.other()`` steps the judge follows from a method to the one that
#: does the work.
_MAX_DELEGATION = 3
#: A session that closes itself from a timer's thread, where no event loop is set: asking
#: asyncio for one raises, so the cleanup runs synchronously; ``{start}`` starts the timer.
_TIMER_CLOSE = """\
import asyncio
import threading


class Session:
    def __init__(self) -> None:
        self.closed = False

    async def close(self) -> None:
        await asyncio.sleep(0.1)
        self.closed = True

    def close_now(self) -> None:
        self.closed = True

    def schedule_close(self, delay: float) -> None:
        def expire() -> None:
            try:
                loop = asyncio.get_event_loop()
                loop.create_task(self.close())
            except RuntimeError:
                self.close_now()

{start}
"""
#: A background commit that re-raises its own cancellation and logs every other error:
#: the bad example's twin also re-raises a ``RuntimeError`` from the same clause.
_COMMIT = """\
import asyncio
import logging

log = logging.getLogger(__name__)


async def commit(turn: int) -> None:
    try:
        await asyncio.to_thread(print, turn)
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("commit failed")


async def finish(turn: int) -> None:
    asyncio.create_task(commit(turn))
"""
#: An agent that starts the gardeners its list holds, whose ``start`` cannot suspend (it
#: stores the task of its loop): the bad example's list also takes items of unknown class.
_GARDENS = """\
import asyncio


class Gardener:
    def __init__(self, name: str) -> None:
        self.name = name
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._tend())

    async def _tend(self) -> None:
        while True:
            await asyncio.sleep(60)


class Agent:
    def __init__(self, extra: list) -> None:
        self._extra = extra
        self._gardeners: list = []

    async def setup(self) -> None:
        first = Gardener("workspace")
        self._gardeners.append(first)
        self._gardeners.append(Gardener("user"))
        for g in self._gardeners:
            asyncio.create_task(g.start())
"""
#: A log handler that hands each line to a queue a sender task drains; ``{queue}`` builds
#: the queue.
_LOG_QUEUE = """\
import asyncio
import logging


class QueueHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines = {queue}

    def emit(self, record: logging.LogRecord) -> None:
        asyncio.create_task(self.lines.put(self.format(record)))

    async def drain(self, writer: asyncio.StreamWriter) -> None:
        while True:
            writer.write((await self.lines.get()).encode())
"""


#: A coroutine of another module that only awaits ``asyncio.to_thread`` of the sync function
#: it defines, spawned by a route (ASY004's examples); ``missing``: what that function does
#: when its optional import fails (returns in the good one, raises in the bad one).
def _thread_wrapper_files(missing: str) -> dict[str, str]:
    cleanup = """\
import asyncio
import logging

logger = logging.getLogger(__name__)


async def delete_async(name: str) -> None:
    \"\"\"Delete the pod in a thread; failures are logged, not raised.\"\"\"

    def _delete() -> None:
        try:
            from kube import delete_pod
        except ImportError:
            MISSING
        try:
            delete_pod(name)
        except Exception:
            logger.warning("could not delete %s", name, exc_info=True)

    await asyncio.to_thread(_delete)
"""
    main = """\
import asyncio

from fastapi import FastAPI

from app.cleanup import delete_async

app = FastAPI()


@app.delete("/pods/{name}")
async def expire(name: str) -> dict[str, str]:
    asyncio.create_task(delete_async(name))
    return {"expired": name}
"""
    return {
        "app/__init__.py": "",
        "app/cleanup.py": cleanup.replace("MISSING", missing),
        "app/main.py": main,
    }


#: A handler looked up by name on the object's class (ASY004's examples: the good one as is,
#: the bad one with a subclass whose handler can suspend).
_LOOKED_UP_HANDLER = """\
import asyncio
from abc import ABC


class Client(ABC):
    def __init__(self) -> None:
        self.seen: list[str] = []

    async def listen(self, queue: asyncio.Queue[str]) -> None:
        handler = getattr(self.__class__, "on_notice", None)

        async def pump() -> None:
            while True:
                notice = await queue.get()
                if handler is not None:
                    asyncio.create_task(handler(self, notice))

        await pump()


class BalancedClient(Client):
    @staticmethod
    async def on_notice(client: Client, notice: str) -> None:
        client.seen.append(notice)
"""


class _Resolves(Protocol):
    def resolve(self, node: ast.AST | None) -> str | None: ...


class _Imports(_Resolves, Protocol):
    """A resolver that also knows the project's top-level modules (for its imports)."""

    @property
    def project_modules(self) -> frozenset[str]: ...


#: A module-level instance another module's route publishes on (ASY004's singleton examples):
#: its ``publish`` cannot suspend in ``_BUS_ONE_STEP`` and awaits a queue in ``_BUS_SUSPENDS``.
_BUS_ONE_STEP = """\
import asyncio


class Bus:
    def __init__(self) -> None:
        self.queues: list[asyncio.Queue] = []

    async def publish(self, event: str) -> None:
        for queue in list(self.queues):
            try:
                queue.put_nowait(event)
            except asyncio.QueueFull:
                pass


bus = Bus()
"""
_BUS_SUSPENDS = _BUS_ONE_STEP.replace("queue.put_nowait(event)", "await queue.put(event)")
_BUS_ROUTES = """\
import asyncio

from fastapi import APIRouter

from svc.bus import bus

router = APIRouter()


@router.post("/notes")
async def add_note(text: str) -> dict[str, str]:
    asyncio.ensure_future(bus.publish(text))
    return {"text": text}
"""


#: A registry that starts a task only when its auditor's ``record`` returns an awaitable
#: (the examples of the awaitable guard: which auditors the project hands it decides).
_AWAITABLE_REGISTRY = """\
import asyncio
import inspect
from typing import Protocol


class SupportsAudit(Protocol):
    def record(self, entry: str) -> object: ...


class Registry:
    def __init__(self, auditor: SupportsAudit | None = None) -> None:
        self._auditor = auditor

    def note(self, entry: str) -> None:
        if self._auditor is None:
            return
        outcome = self._auditor.record(entry)
        if not inspect.isawaitable(outcome):
            return
        loop = asyncio.get_running_loop()
        loop.create_task(outcome)
"""
_THREADED_AUDIT = """\
import threading


class ThreadedAudit:
    def record(self, entry: str) -> None:
        threading.Thread(target=print, args=(entry,), daemon=True).start()
"""
_REPL = """\
from shell.audit import ThreadedAudit
from shell.commands import Registry


class Repl:
    def __init__(self) -> None:
        self.registry = Registry(auditor=ThreadedAudit())


def quiet() -> Registry:
    return Registry()
"""


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge``: the task's
    coroutine is a method called on an object annotated with a class of the project
    (``_sink.flush()`` where ``_sink: EventSink | None``), defined in another module."""

    spawner: str
    cls: str  # the class's qualified name, as the annotation resolves
    method: str
    shown: str  # the call as written: ``_sink.flush``


class _Function(NamedTuple):
    """A hit whose task's coroutine is a function of another project module, called by its
    qualified name (``direct_events.dispatch_all(...)``): for the judge to read whether it
    handles its own errors."""

    spawner: str
    function: str  # the function's qualified name


class _OneStep(NamedTuple):
    """A hit whose task's coroutine is a method of the enclosing class, called on ``self``,
    that cannot suspend: for the judge to drop unless a subclass of the project overrides
    the method (then the object may run another coroutine)."""

    cls: str  # the class's qualified name
    method: str


class _Looked(NamedTuple):
    """A hit whose task's coroutine is a method looked up by name on the class of the
    enclosing method's object (``handler = getattr(self.__class__, "on_event", None)``,
    then ``create_task(handler(self, data))``): for the judge to drop when every
    definition of that name the lookup can find (the class's, its ancestors' and its
    subclasses') cannot suspend."""

    cls: str  # the enclosing class's qualified name
    method: str


class _Handed(NamedTuple):
    """A hit whose task's coroutine is a parameter of the enclosing function (``def
    _spawn(self, coro): loop.create_task(coro)``) that every call of that function in the
    module hands a coroutine of the module catching and handling exceptions itself: for the
    judge to name them once no use of the function's name elsewhere in the project (another
    caller, a callback handed on) may hand it another coroutine."""

    spawner: str
    function: str  # the function's name
    calls: tuple[int, ...]  # the lines of the module's uses of that name, each a call
    coroutines: tuple[str, ...]  # the names of the coroutines handed in


class _Thread(NamedTuple):
    """A hit whose task runs a sync function in a thread (``asyncio.to_thread(f, ...)``)
    that guards its whole body but imports names from outside the project before its
    guards: for the judge to drop when the project loads each of them at module level."""

    imports: tuple[str, ...]  # the qualified names imported


class _Unread(NamedTuple):
    """A hit whose task's coroutine comes from a function or method of that name that the
    check could not find (``recorder = getattr(adapter, "record_event", None)``, then
    ``create_task(recorder(...))``; ``client.send(...)``): for the judge to say its code
    is not read when no function of the project has that name."""

    spawner: str
    name: str


class _Awaitable(NamedTuple):
    """A hit whose task is made only when a method's result is awaitable (``r =
    self._sink.emit(e)``, then ``if inspect.isawaitable(r): loop.create_task(r)``), the
    method called on a private attribute that only ``__init__`` stores, from its parameter:
    for the judge to drop when every object the project hands that parameter has a plain
    ``def`` of the method that returns nothing (then no task is ever made)."""

    cls: str  # the enclosing class's qualified name
    method: str
    param: str  # the ``__init__`` parameter stored in the attribute
    position: int  # among the arguments after ``self`` (-1: keyword-only)


#: The built-in exception classes the judge resolves by name.
_BUILTIN_ERRORS = frozenset({"Exception", "BaseException", "ImportError", "ModuleNotFoundError"})

#: Bases that define no method a lookup by an application's own name can find.
_PLAIN_BASES = frozenset({"abc.ABC", "builtins.object", "object", "typing.Generic"})


class _FactsResolver:
    """The qualified name of a dotted name in a module of the project, from its facts (its
    module-level imports): what :meth:`ModuleContext.resolve` answers in a module pass, for
    code the judge reads from another module (no local shadowing is modelled: a handler's
    exception class and a ``suppress`` are not locals)."""

    def __init__(self, module: ModuleFacts, project_modules: frozenset[str] = frozenset()) -> None:
        self.module = module
        self.project_modules = project_modules

    def resolve(self, node: ast.AST | None) -> str | None:
        text = dotted(node) if isinstance(node, (ast.Name, ast.Attribute)) else None
        if text is None:
            return None
        head, _, rest = text.partition(".")
        imported = self.module.imports.get(head)
        if imported is not None:
            return f"{imported}.{rest}" if rest else imported
        if not rest and head in _BUILTIN_ERRORS:
            if head in self.module.bindings:
                return None
            return f"builtins.{head}"
        return None


def _binds(stmt: ast.stmt, target: str) -> bool:
    """``stmt`` may rebind ``target`` (an assignment to it anywhere inside, a nested
    ``def`` aside): a conservative test, any store of that dotted name counts."""
    for n in walk(stmt):
        if (
            isinstance(n, (ast.Name, ast.Attribute))
            and isinstance(n.ctx, (ast.Store, ast.Del))
            and dotted(n) == target
        ):
            return True
    return False


def _async_def(
    body: list[ast.stmt], name: str, before: int, kind: type[ast.stmt] = ast.AsyncFunctionDef
) -> ast.AsyncFunctionDef | None:
    """The ``async def name`` (a plain ``def`` with ``kind=ast.FunctionDef``) that the
    statements of ``body`` (in nested blocks too, not in nested scopes) define last before
    line ``before``; None when the last definition of that name there is not of ``kind``."""
    found: ast.stmt | None = None
    stack: list[ast.stmt] = list(body)
    while stack:
        s = stack.pop()
        if isinstance(s, (*_DEFS, ast.ClassDef)):
            if s.name == name and s.lineno < before and (found is None or s.lineno > found.lineno):
                found = s
            continue
        for field in ("body", "orelse", "finalbody", "handlers"):
            stack.extend(getattr(s, field, None) or ())
    return found if isinstance(found, kind) else None  # type: ignore[return-value]


def _named_def(
    func: ast.expr, line: int, ctx: ModuleContext, kind: type[ast.stmt]
) -> ast.AsyncFunctionDef | None:
    """The function of ``kind`` that ``func`` (a name, or ``self.name`` / ``cls.name``)
    names at ``line``: defined in an enclosing function, at module level, or in the
    enclosing class."""
    found: ast.AsyncFunctionDef | None = None
    if isinstance(func, ast.Name):
        defs = [p for p in reversed(ctx.parents) if isinstance(p, _DEFS)]
        bodies = [d.body for d in defs]
        if ctx.tree is not None:
            bodies.append(ctx.tree.body)
        for i, body in enumerate(bodies):
            # the function making the call must define the coroutine before the call;
            # an enclosing scope (the module) may define it anywhere: it is bound by the
            # time the calling function runs
            found = _async_def(body, func.id, line if i == 0 and defs else _LAST_LINE, kind)
            if found is not None:
                break
    elif (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in ("self", "cls")
    ):
        cls = next((p for p in reversed(ctx.parents) if isinstance(p, ast.ClassDef)), None)
        if cls is not None:
            found = _async_def(cls.body, func.attr, _LAST_LINE, kind)
    return found


def _guarded_whole(
    fn: ast.FunctionDef | ast.AsyncFunctionDef, ctx: _Imports
) -> tuple[str, ...] | None:
    """Whether every statement of ``fn``'s body that can raise sits in a ``try`` whose
    catch-all clause does not raise, or a ``with contextlib.suppress(Exception):`` block (a
    docstring, ``global`` / ``nonlocal``, ``pass`` and an early exit on names,
    ``if not flag or not name: return``, raise nothing): None when one does not; else the
    names ``fn``'s own imports outside a guard take from outside the project, which raise
    nothing once the project has loaded them (:func:`_loaded_by_project`).  An import of
    a project module (or a relative one) is the project's own code, already there."""
    guarded = False
    needs: list[str] = []
    for stmt in fn.body:
        if _raises_nothing(stmt):
            continue
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            needs.extend(_outside_imports(stmt, ctx))
            continue
        if _optional_import(stmt, ctx):
            continue
        if (
            isinstance(stmt, ast.Try)
            and _quiet_catch_all(stmt, ctx)
            and not stmt.orelse  # ``else`` and ``finally`` run outside the handlers
            and not stmt.finalbody
        ):
            guarded = True
            continue
        if isinstance(stmt, ast.With) and all(
            _suppresses_all(i.context_expr, ctx) for i in stmt.items
        ):
            guarded = True
            continue
        return None
    return tuple(needs) if guarded else None


def _optional_import(stmt: ast.stmt, ctx: _Resolves) -> bool:
    """``try: from x import y`` ``except ImportError: ... return``: a ``try`` of imports only
    whose clauses catch the import's failure (``ImportError``, ``ModuleNotFoundError``, or a
    catch-all) and do not raise: an optional dependency, its absence handled."""
    return (
        isinstance(stmt, ast.Try)
        and bool(stmt.handlers)
        and all(isinstance(b, (ast.Import, ast.ImportFrom)) for b in stmt.body)
        and not stmt.orelse
        and not stmt.finalbody
        and all(
            not any(isinstance(n, ast.Raise) for n in ast.walk(h))
            and (
                h.type is None
                or all(
                    ctx.resolve(e) in _IMPORT_ERRORS | _CATCH_ALL
                    for e in (h.type.elts if isinstance(h.type, ast.Tuple) else [h.type])
                )
            )
            for h in stmt.handlers
        )
    )


def _raises_nothing(stmt: ast.stmt) -> bool:
    """A docstring, ``global`` / ``nonlocal``, ``pass``, or an early exit whose test only
    reads names and constants (``if not enabled or not scope: return``)."""
    if isinstance(stmt, (ast.Global, ast.Nonlocal, ast.Pass)):
        return True
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
        return True
    return (
        isinstance(stmt, ast.If)
        and not stmt.orelse
        and _plain_test(stmt.test)
        and all(
            isinstance(s, ast.Return) and (s.value is None or isinstance(s.value, ast.Constant))
            for s in stmt.body
        )
    )


def _plain_test(e: ast.expr) -> bool:
    """A test of names and constants by ``not``, ``and`` / ``or``, ``is`` / ``is not``."""
    if isinstance(e, (ast.Name, ast.Constant)):
        return True
    if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.Not):
        return _plain_test(e.operand)
    if isinstance(e, ast.BoolOp):
        return all(_plain_test(v) for v in e.values)
    return (
        isinstance(e, ast.Compare)
        and all(isinstance(op, (ast.Is, ast.IsNot)) for op in e.ops)
        and all(_plain_test(v) for v in (e.left, *e.comparators))
    )


def _outside_imports(stmt: ast.Import | ast.ImportFrom, ctx: _Imports) -> list[str]:
    """The qualified names ``stmt`` imports from outside the project (none for a relative
    import or one of a project module)."""
    if isinstance(stmt, ast.ImportFrom):
        if stmt.level or not stmt.module:
            return []
        mod = stmt.module
        if mod in ctx.project_modules:
            return []
        return [
            f"{mod}.{a.name}" for a in stmt.names if f"{mod}.{a.name}" not in ctx.project_modules
        ]
    return [a.name for a in stmt.names if a.name not in ctx.project_modules]


def _loaded_by_project(project: Project, names: tuple[str, ...]) -> bool:
    """Whether a project module imports each of ``names`` at module level, unconditionally
    (not in an ``if`` / ``try``): once the application is up, importing it again only
    reads ``sys.modules`` and cannot raise."""
    loaded = {
        i.module
        for m in project.modules.values()
        for i in m.import_list
        if i.function is None and not i.conditional
    }
    return all(n in loaded for n in names)


def _catches_quietly(fn: ast.FunctionDef | ast.AsyncFunctionDef, ctx: _Resolves) -> bool:
    """A ``try`` of ``fn``'s own body (nested scopes aside) has a catch-all clause, and no
    clause of it raises; or a ``with contextlib.suppress(Exception):`` block swallows every
    exception of what it wraps, on purpose."""
    stack: list[ast.AST] = list(fn.body)
    while stack:
        n = stack.pop()
        if isinstance(n, _SCOPES):
            continue
        if isinstance(n, ast.Try) and _quiet_catch_all(n, ctx):
            return True
        if isinstance(n, ast.With) and any(_suppresses_all(i.context_expr, ctx) for i in n.items):
            return True
        stack.extend(ast.iter_child_nodes(n))
    return False


def _suspension(n: ast.AST) -> bool:
    """``n`` is a point where a coroutine can suspend: an ``await``, an ``async for``, an
    ``async with`` or an async comprehension."""
    return isinstance(n, (ast.Await, ast.AsyncFor, ast.AsyncWith)) or (
        isinstance(n, ast.comprehension) and bool(n.is_async)
    )


def _suspends(fn: ast.AsyncFunctionDef) -> bool:
    """``fn``'s own body (nested scopes aside) can suspend (:func:`_suspension`).  A
    coroutine that cannot runs to its end in its task's first step, and until that step
    runs the loop's ready queue holds the task: it is never collected mid-flight."""
    stack: list[ast.AST] = list(fn.body)
    while stack:
        n = stack.pop()
        if isinstance(n, _SCOPES):
            continue
        if _suspension(n):
            return True
        stack.extend(ast.iter_child_nodes(n))
    return False


def _runs_in_one_step(fn: ast.AST | None) -> bool:
    """``fn`` is an undecorated ``async def`` (``@staticmethod`` / ``@classmethod`` aside:
    they wrap nothing around the coroutine) that cannot suspend (:func:`_suspends`): the
    task of its coroutine completes in its first step (a decorator may wrap it in a
    coroutine that does suspend)."""
    return (
        isinstance(fn, ast.AsyncFunctionDef)
        and all(
            isinstance(d, ast.Name) and d.id in ("staticmethod", "classmethod")
            for d in fn.decorator_list
        )
        and not _suspends(fn)
    )


def _sleeps(n: ast.AST, ctx: _Resolves) -> bool:
    """``n`` is ``await asyncio.sleep(...)`` (``anyio.sleep``): it raises nothing but the
    task's cancellation, which no ``except Exception`` catches either.  Read by its written
    name when the name is not resolved (``import asyncio`` inside the function)."""
    if not (isinstance(n, ast.Await) and isinstance(n.value, ast.Call)):
        return False
    func = n.value.func
    return (ctx.resolve(func) or dotted(func)) in _SLEEPS


def _awaits_guarded(fn: ast.AsyncFunctionDef, ctx: _Resolves) -> bool:
    """Every point where ``fn``'s own body suspends (:func:`_suspension`, nested scopes
    aside), and so every error of the work it waits for, sits in the body of a ``try`` whose
    catch-all clause does not raise, or of a ``with contextlib.suppress(Exception):``
    block: a handler, an ``else`` or a ``finally`` is not guarded by its own ``try``."""
    return not _unguarded(fn, ctx)


def _unguarded(fn: ast.AsyncFunctionDef, ctx: _Resolves) -> list[ast.AST]:
    """The points where ``fn``'s own body suspends outside any guard (see
    :func:`_awaits_guarded`; an ``await asyncio.sleep(...)`` raises nothing to guard)."""
    out: list[ast.AST] = []

    def walk(n: ast.AST, covered: bool) -> None:
        if isinstance(n, _SCOPES):
            return
        if not covered and _suspension(n) and not _sleeps(n, ctx):
            out.append(n)
        if isinstance(n, ast.Try) and _quiet_catch_all(n, ctx):
            for s in n.body:
                walk(s, True)
            for r in [*n.handlers, *n.orelse, *n.finalbody]:
                walk(r, covered)
            return
        if isinstance(n, ast.With) and all(_suppresses_all(i.context_expr, ctx) for i in n.items):
            for s in n.body:
                walk(s, True)
            return
        for c in ast.iter_child_nodes(n):
            walk(c, covered)

    for s in fn.body:
        walk(s, False)
    return out


def _awaited_own_handlers(
    fn: ast.AsyncFunctionDef, cls: ast.ClassDef, ctx: _Resolves
) -> list[str] | None:
    """The names of the methods of ``cls`` that the awaits ``fn`` (a method of ``cls``)
    leaves unguarded call on its own object (``await self._send(...)``), when there are
    some and each is a coroutine method of the class that catches and handles every
    exception itself (:func:`_catches_quietly`, :func:`_awaits_guarded`); None otherwise."""
    if not fn.args.args:
        return None
    receiver = fn.args.args[0].arg
    names: list[str] = []
    for n in _unguarded(fn, ctx):
        call = n.value if isinstance(n, ast.Await) else None
        func = call.func if isinstance(call, ast.Call) else None
        if not (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == receiver
        ):
            return None
        helper = _async_def(cls.body, func.attr, _LAST_LINE)
        if helper is None or not (_catches_quietly(helper, ctx) and _awaits_guarded(helper, ctx)):
            return None
        if func.attr not in names:
            names.append(func.attr)
    return names or None


def _gathers_errors(fn: ast.AsyncFunctionDef, ctx: _Resolves) -> bool:
    """``fn``'s own body (nested scopes aside) awaits ``asyncio.gather(...,
    return_exceptions=True)``: the errors of the work it gathers come back as results for
    it to handle, not raised out of the task."""
    stack: list[ast.AST] = list(fn.body)
    while stack:
        n = stack.pop()
        if isinstance(n, _SCOPES):
            continue
        if (
            isinstance(n, ast.Await)
            and isinstance(n.value, ast.Call)
            and ctx.resolve(n.value.func) == "asyncio.gather"
            and any(
                k.arg == "return_exceptions"
                and isinstance(k.value, ast.Constant)
                and k.value.value is True
                for k in n.value.keywords
            )
        ):
            return True
        stack.extend(ast.iter_child_nodes(n))
    return False


def _suppresses_all(e: ast.expr, ctx: _Resolves) -> bool:
    """``contextlib.suppress(Exception)`` (``BaseException``, among others too)."""
    return (
        isinstance(e, ast.Call)
        and ctx.resolve(e.func) == "contextlib.suppress"
        and any(ctx.resolve(a) in _CATCH_ALL for a in e.args)
    )


def _quiet_catch_all(t: ast.Try, ctx: _Resolves) -> bool:
    """A clause of ``t`` catches every exception, and no clause raises one, but a clause of
    only the task's cancellation (``except asyncio.CancelledError: raise``)."""
    broad = False
    for h in t.handlers:
        if _cancellation_only(h, ctx):
            continue
        if any(isinstance(n, ast.Raise) for n in ast.walk(h)):
            return False
        if h.type is None:
            broad = True
        else:
            elts = h.type.elts if isinstance(h.type, ast.Tuple) else [h.type]
            if any(ctx.resolve(e) in _CATCH_ALL for e in elts):
                broad = True
    return broad


def _cancellation_only(h: ast.ExceptHandler, ctx: _Resolves) -> bool:
    """``h`` catches only the task's cancellation (:data:`_CANCELLED`, read by its written
    name when the name is not resolved: ``import asyncio`` inside the function)."""
    if h.type is None:
        return False
    elts = h.type.elts if isinstance(h.type, ast.Tuple) else [h.type]
    return all((ctx.resolve(e) or dotted(e)) in _CANCELLED for e in elts)


def _handled_message(spawner: str, handler: str) -> str:
    return (
        f"`{spawner}()` result is discarded: the task can be garbage-collected "
        f"mid-flight and its work stop halfway (ruff RUF006); {handler}"
    )


def _method_elsewhere(spawner: str, arg: ast.expr, ctx: ModuleContext) -> _Data | None:
    """``arg`` is ``name.method(...)`` where ``name`` is annotated with a class of the
    project (:func:`_annotated_class`), or ``self.attr.method(...)`` where the object holds
    an instance of one in ``attr`` (:func:`_held_class`): the class and the method, for the
    judge to read whether that coroutine handles its own errors (or cannot suspend)."""
    if not (isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute)):
        return None
    recv = arg.func.value
    cls: str | None = None
    if isinstance(recv, ast.Name) and recv.id not in ("self", "cls"):
        cls = _annotated_class(recv.id, ctx) or _element_class(recv.id, ctx)
    elif isinstance(recv, ast.Attribute) and isinstance(recv.value, ast.Name):
        cls = _held_class(recv, ctx)
    if cls is None:
        return None
    return _Data(spawner, cls, arg.func.attr, f"{dotted(recv)}.{arg.func.attr}")


def _element_class(name: str, ctx: ModuleContext) -> str | None:
    """The project class of ``name`` when it is the variable of an enclosing ``for name in
    self.attr:`` (bound nowhere else in the function) over a list the enclosing class fills
    only with instances of one project class: every use of ``self.attr`` in its methods is
    a store of ``[]``, an ``append`` of ``C(...)`` (or of a local bound once to it), a loop
    over it, ``len()`` or ``clear()``.  None otherwise."""
    fn = next((p for p in reversed(ctx.parents) if isinstance(p, _DEFS)), None)
    cls = next((p for p in reversed(ctx.parents) if isinstance(p, ast.ClassDef)), None)
    loop = next(
        (
            p
            for p in reversed(ctx.parents)
            if isinstance(p, (ast.For, ast.AsyncFor))
            and isinstance(p.target, ast.Name)
            and p.target.id == name
        ),
        None,
    )
    if fn is None or cls is None or loop is None or not isinstance(loop.iter, ast.Attribute):
        return None
    if dotted(loop.iter.value) != "self" or _stores_of(fn, name) != 1:
        return None
    found: set[str | None] = set()
    for stmt in cls.body:
        if isinstance(stmt, _DEFS) and stmt.args.args:
            found |= _appended_classes(stmt, stmt.args.args[0].arg, loop.iter.attr, ctx)
    found.discard("")
    return found.pop() if len(found) == 1 else None


def _stores_of(fn: ast.AST, name: str) -> int:
    """How many times ``fn`` binds the local ``name``."""
    return sum(
        1
        for n in ast.walk(fn)
        if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, (ast.Store, ast.Del))
    )


def _appended_classes(
    fn: ast.FunctionDef | ast.AsyncFunctionDef, receiver: str, attr: str, ctx: ModuleContext
) -> set[str | None]:
    """The project classes of what ``fn`` appends to the list ``receiver.attr`` (``""`` for
    a use that adds nothing: a store of ``[]``, a loop over it, ``len()``, ``clear()``;
    None for any other use, or a value whose class is not known)."""
    parents = {id(c): n for n in ast.walk(fn) for c in ast.iter_child_nodes(n)}
    params = {
        p.arg: p.annotation for p in [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]
    }
    out: set[str | None] = set()
    for n in ast.walk(fn):
        if not (isinstance(n, ast.Attribute) and dotted(n) == f"{receiver}.{attr}"):
            continue
        up = parents.get(id(n))
        if isinstance(n.ctx, ast.Store):
            empty = isinstance(up, (ast.Assign, ast.AnnAssign)) and isinstance(up.value, ast.List)
            out.add("" if empty and not up.value.elts else None)  # type: ignore[union-attr]
        elif (isinstance(up, (ast.For, ast.AsyncFor)) and up.iter is n) or (
            isinstance(up, ast.Call) and dotted(up.func) == "len"
        ):
            out.add("")
        elif isinstance(up, ast.Attribute) and isinstance(call := parents.get(id(up)), ast.Call):
            if up.attr == "clear" and not call.args:
                out.add("")
            elif up.attr == "append" and len(call.args) == 1 and not call.keywords:
                out.add(_appended_class(fn, call.args[0], params, ctx))
            else:
                out.add(None)
        else:
            out.add(None)
    return out


def _appended_class(
    fn: ast.AST, value: ast.expr, params: dict[str, ast.expr | None], ctx: ModuleContext
) -> str | None:
    """The project class of an appended ``value``: a call of the class, or a local the
    function binds once, to such a call."""
    if isinstance(value, ast.Name) and value.id not in params:
        binds = [
            n
            for n in ast.walk(fn)
            if isinstance(n, ast.Assign)
            and len(n.targets) == 1
            and isinstance(n.targets[0], ast.Name)
            and n.targets[0].id == value.id
        ]
        if len(binds) != 1 or _stores_of(fn, value.id) != 1:
            return None
        value = binds[0].value
    return _value_class(value, params, ctx)


def _held_class(node: ast.Attribute, ctx: ModuleContext) -> str | None:
    """The project class of the object that ``self.attr`` holds in a method of the
    enclosing class: every store to that attribute in the class's methods is
    ``self.attr = C(...)``, or ``self.attr = param`` where the method annotates ``param``
    with ``C`` (``C | None`` too), for one project class ``C``; a class-level annotation
    ``attr: C`` counts as one.  None when a store is anything else (``None``, a tuple, a
    value of unknown class) or the classes differ."""
    if not isinstance(node.value, ast.Name) or node.value.id != "self":
        return None
    cls = next((p for p in reversed(ctx.parents) if isinstance(p, ast.ClassDef)), None)
    if cls is None:
        return None
    found: set[str | None] = set()
    for stmt in cls.body:
        if isinstance(stmt, ast.AnnAssign) and dotted(stmt.target) == node.attr:
            found.add(_project_class(stmt.annotation, ctx))
        elif isinstance(stmt, _DEFS) and stmt.args.args:
            found |= _stored_classes(stmt, stmt.args.args[0].arg, node.attr, ctx)
    if len(found) != 1:
        return None
    return found.pop()


def _stored_classes(
    fn: ast.FunctionDef | ast.AsyncFunctionDef, receiver: str, attr: str, ctx: ModuleContext
) -> set[str | None]:
    """The project classes of what ``fn`` stores in ``receiver.attr`` (None for a store of
    anything else: a value whose class is not known, a tuple target, a ``del``).  A store
    of ``None`` adds no class: a method called on it raises ``AttributeError`` and makes no
    coroutine; an annotated store (``self.attr: C | None = None``) adds the annotation's
    project class."""
    target = f"{receiver}.{attr}"
    params = {
        p.arg: p.annotation for p in [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]
    }
    out: set[str | None] = set()
    recorded = ctx.attribute_stores(fn)  # (one walk of ``fn`` per module, not one per question)
    plain = 0
    for n in recorded.assigns.get(target, ()):
        plain += 1
        if isinstance(n, ast.AnnAssign):
            out.add(_project_class(n.annotation, ctx))
        if not (isinstance(n.value, ast.Constant) and n.value.value is None):
            out.add(_value_class(n.value, params, ctx))  # type: ignore[arg-type]
    if recorded.stores.get(target, 0) != plain:
        out.add(None)
    return out


def _value_class(
    value: ast.expr, params: dict[str, ast.expr | None], ctx: ModuleContext
) -> str | None:
    """The project class of ``value``: a call of the class itself, or a parameter the
    method annotates with it."""
    if isinstance(value, ast.Call) and isinstance(value.func, (ast.Name, ast.Attribute)):
        q = ctx.resolve(value.func)
        return q if q is not None and ctx.is_project(q) else None
    if isinstance(value, ast.Name) and value.id in params:
        return _project_class(params[value.id], ctx)
    return None


def _annotated_class(name: str, ctx: ModuleContext) -> str | None:
    """The class of the project that ``name``'s annotation gives (``C``, ``C | None``,
    ``Optional[C]``, ``"C"``): a parameter or an annotated assignment of an enclosing
    function (innermost first), else an annotated assignment at module level.  None when a
    function on the way binds the name without an annotation (unless it declares it
    ``global``)."""
    for fn in reversed(ctx.parents):
        if isinstance(fn, (ast.Lambda, ast.ClassDef)):
            return None
        if not isinstance(fn, _DEFS):
            continue
        a = fn.args
        for p in [*a.posonlyargs, *a.args, *a.kwonlyargs]:
            if p.arg == name:
                return _project_class(p.annotation, ctx)
        declared_global = False
        for stmt in _own_statements(fn.body):
            if isinstance(stmt, ast.AnnAssign) and dotted(stmt.target) == name:
                return _project_class(stmt.annotation, ctx)
            if isinstance(stmt, ast.Global) and name in stmt.names:
                declared_global = True
        if declared_global:
            break
        if any(_binds(s, name) for s in _own_statements(fn.body)):
            return None
    if ctx.tree is None:
        return None
    for stmt in ctx.tree.body:
        if isinstance(stmt, ast.AnnAssign) and dotted(stmt.target) == name:
            return _project_class(stmt.annotation, ctx)
    return None


#: ``asyncio`` queues: unbounded unless built with a ``maxsize`` above 0.
_QUEUES = frozenset(
    {
        "asyncio.Queue",
        "asyncio.LifoQueue",
        "asyncio.PriorityQueue",
        "asyncio.queues.Queue",
        "asyncio.queues.LifoQueue",
        "asyncio.queues.PriorityQueue",
    }
)


def _unbounded_queue(value: ast.expr | None, ctx: ModuleContext) -> bool:
    """``value`` builds an ``asyncio`` queue with no bound (``asyncio.Queue()``,
    ``maxsize=0``)."""
    if not isinstance(value, ast.Call) or ctx.resolve(value.func) not in _QUEUES:
        return False
    size = value.args[0] if value.args else None
    for k in value.keywords:
        if k.arg == "maxsize":
            size = k.value
        elif k.arg is None:
            return False  # ``**options``
    return size is None or (isinstance(size, ast.Constant) and size.value == 0)


def _puts_on_unbounded_queue(arg: ast.expr, ctx: ModuleContext) -> bool:
    """``arg`` is ``q.put(item)`` where every binding of ``q`` (a name of the enclosing
    function or of the module, or ``self.attr`` in the enclosing class's methods) is an
    unbounded ``asyncio`` queue (:func:`_unbounded_queue`), never shut down in the
    module: ``Queue.put`` only waits while the queue is full, so the task finishes in its
    first step and raises nothing."""
    if not (
        isinstance(arg, ast.Call)
        and isinstance(arg.func, ast.Attribute)
        and arg.func.attr == "put"
        and isinstance(arg.func.value, (ast.Name, ast.Attribute))
    ):
        return False
    target = dotted(arg.func.value)
    if target is None or ctx.says(b".shutdown("):
        return False
    if isinstance(arg.func.value, ast.Attribute):
        if not target.startswith("self.") or target.count(".") != 1:
            return False
        scope = next((p for p in reversed(ctx.parents) if isinstance(p, ast.ClassDef)), None)
        bodies = [
            s for fn in (scope.body if scope else ()) if isinstance(fn, _DEFS) for s in fn.body
        ]
    else:
        fn = next((p for p in reversed(ctx.parents) if isinstance(p, _DEFS)), None)
        own = fn is not None and any(_binds(s, target) for s in _own_statements(fn.body))
        if fn is not None and target in {
            a.arg for a in ast.walk(fn.args) if isinstance(a, ast.arg)
        }:
            return False
        bodies = fn.body if own and fn is not None else ctx.tree.body if ctx.tree else []
    stores = [
        n
        for s in bodies
        for n in ast.walk(s)
        if isinstance(n, (ast.Name, ast.Attribute))
        and isinstance(n.ctx, (ast.Store, ast.Del))
        and dotted(n) == target
    ]
    queues = [
        n
        for s in bodies
        for n in ast.walk(s)
        if isinstance(n, (ast.Assign, ast.AnnAssign))
        and _unbounded_queue(n.value, ctx)
        and [dotted(t) for t in (n.targets if isinstance(n, ast.Assign) else [n.target])]
        == [target]
    ]
    return bool(stores) and len(stores) == len(queues)


def _own_statements(body: list[ast.stmt]) -> list[ast.stmt]:
    """The statements of ``body``, in nested blocks too, not in nested scopes."""
    out: list[ast.stmt] = []
    stack = list(body)
    while stack:
        s = stack.pop()
        if isinstance(s, (*_DEFS, ast.ClassDef)):
            continue
        out.append(s)
        for field in ("body", "orelse", "finalbody", "handlers"):
            stack.extend(getattr(s, field, None) or ())
    return out


def _project_class(annotation: ast.expr | None, ctx: ModuleContext) -> str | None:
    """The qualified name of the project class ``annotation`` names, ``None`` aside."""
    q = annotated_class(annotation, ctx)
    return q if q is not None and ctx.is_project(q) else None


def _handled_elsewhere(project: Project, cls, method: str) -> str | None:
    """How the coroutine method ``method`` of ``cls`` (read from its module's source)
    handles its errors, after ``await self.other()`` delegations (a body that only awaits
    another method of the object, :data:`_MAX_DELEGATION` steps deep): says which method
    catches every exception quietly, or gathers with ``return_exceptions=True``; None
    when none does (or the source cannot be read)."""
    chain: list[str] = []
    name = method
    for _step in range(_MAX_DELEGATION + 1):
        fn = project.method(cls, name)
        if fn is None or not fn.is_async:
            return None
        node = _def_node(project, fn)
        if not isinstance(node, ast.AsyncFunctionDef):
            return None
        chain.append(".".join(fn.qname.rsplit(".", 2)[-2:]))
        how = _how_handled(node, _FactsResolver(project.module_of(fn)))
        if how is not None:
            awaits = "".join(f" awaits `{c}`, which" for c in chain[1:])
            return f"`{chain[0]}`{awaits} {how}"
        delegate = _delegate(node)
        if delegate is None:
            return None
        name = delegate
    return None


def _how_handled(node: ast.AsyncFunctionDef, ctx: _Resolves) -> str | None:
    """How the coroutine ``node`` handles the errors of its work, for the message; None when
    it does not."""
    if _catches_quietly(node, ctx) and _awaits_guarded(node, ctx):
        return "catches and handles exceptions itself"
    if _gathers_errors(node, ctx):
        return (
            "gathers its work with `return_exceptions=True`: the errors come back to it as results"
        )
    return None


def _coroutine_name(arg: ast.expr, ctx: ModuleContext) -> str | None:
    """The name of the function or method whose call ``arg`` is: an attribute called
    (``client.send``), a function imported from outside the project, or a name the enclosing
    function binds once to ``getattr(obj, "name", ...)``; None otherwise."""
    if not isinstance(arg, ast.Call) or any(isinstance(a, ast.Call) for a in arg.args):
        return None  # a wrapper of another call's coroutine (``wait_for(job(), 5)``)
    q = ctx.resolve(arg.func)
    if q is not None and q.split(".", 1)[0] in ("asyncio", "anyio"):
        return None  # ``asyncio.to_thread(f)``: the work is ``f``'s
    func = arg.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if not isinstance(func, ast.Name):
        return None
    if q is not None and "." in q and not ctx.is_project(q):
        return q.rsplit(".", 1)[1]
    fn = next((p for p in reversed(ctx.parents) if isinstance(p, _DEFS)), None)
    if fn is None:
        return None
    stores = [
        n
        for n in ast.walk(fn)
        if isinstance(n, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr))
        and any(
            isinstance(t, ast.Name) and t.id == func.id
            for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
        )
    ]
    if len(stores) != 1 or not isinstance(stores[0], ast.Assign):
        return None
    value = stores[0].value
    if (
        isinstance(value, ast.Call)
        and ctx.resolve(value.func) == "builtins.getattr"
        and len(value.args) >= 2
        and isinstance(value.args[1], ast.Constant)
        and isinstance(value.args[1].value, str)
    ):
        return value.args[1].value
    return None


def _function_names(project: Project) -> frozenset[str]:
    """The names of the project's functions and methods: read once per ``judge`` (a scan of
    every module's functions for each unread task's name was half of this judge on litellm's
    proxy folder)."""
    return frozenset(f.name for m in project.modules.values() for f in m.functions.values())


def _lost_message(spawner: str, arg: ast.expr | None, ctx: ModuleContext) -> str:
    """The message of a task whose errors nothing handles.  A task awaiting
    ``asyncio.to_thread(...)`` is held by the executor's thread until its work ends, so it
    is not said to be collected mid-flight: only its exceptions are lost."""
    if isinstance(arg, ast.Call) and ctx.resolve(arg.func) == "asyncio.to_thread":
        return (
            f"`{spawner}()` result is discarded: the executor thread runs the "
            "`asyncio.to_thread()` work to its end, but an exception it raises is never "
            "seen (ruff RUF006)"
        )
    return (
        f"`{spawner}()` result is discarded: the task can be garbage-collected "
        "mid-flight and its exceptions are never seen (ruff RUF006)"
    )


def _unread_message(u: _Unread) -> str:
    return (
        f"`{u.spawner}()` result is discarded: the task can be garbage-collected mid-flight, "
        "and an exception it does not handle itself is never seen (ruff RUF006); "
        f"`{u.name}` is not defined in the project: whether it catches its own errors is "
        "not read"
    )


def _function_elsewhere(spawner: str, arg: ast.expr, ctx: ModuleContext) -> _Function | None:
    """``arg`` calls a function of another project module by name (``dispatch_all(...)``
    imported, ``direct_events.dispatch_all(...)``): the function, for the judge."""
    if not isinstance(arg, ast.Call) or not isinstance(arg.func, (ast.Name, ast.Attribute)):
        return None
    q = ctx.resolve(arg.func)
    if q is None or not ctx.is_project(q) or q.startswith(f"{ctx.module}."):
        return None
    return _Function(spawner, q)


def _handled_function(project: Project, qname: str) -> str | None:
    """How the module-level coroutine ``qname`` of the project handles its errors (read
    from its module's source): says that it catches every exception quietly or gathers
    with ``return_exceptions=True``; None when it does neither (or is not one)."""
    fn = project.function(qname)
    if fn is None or not fn.is_async or fn.class_qname is not None:
        return None
    node = _def_node(project, fn)
    if not isinstance(node, ast.AsyncFunctionDef):
        return None
    how = _how_handled(node, _FactsResolver(project.module_of(fn)))
    if how is not None:
        return f"`{fn.name}` {how}"
    helpers = _awaited_handlers(project, fn, node, _MAX_DELEGATION)
    if not helpers:
        return None
    named = ", ".join(f"`{h}`" for h in helpers)
    return (
        f"`{fn.name}` awaits outside a `try` only {named}, which catches and handles "
        "exceptions itself"
        if len(helpers) == 1
        else f"`{fn.name}` awaits outside a `try` only {named}, each of which catches and "
        "handles exceptions itself"
    )


def _awaited_handlers(project: Project, fn, node: ast.AsyncFunctionDef, depth: int) -> list[str]:
    """The names of the project's module-level coroutines that the awaits ``node`` (the
    coroutine ``fn``) leaves unguarded call (``await execute(...)``), when there are some
    and each handles its own errors (:func:`_handles_its_errors`, ``depth`` steps deep);
    empty otherwise."""
    ctx = _FactsResolver(project.module_of(fn))
    names: list[str] = []
    for n in _unguarded(node, ctx):
        call = n.value if isinstance(n, ast.Await) else None
        func = call.func if isinstance(call, ast.Call) else None
        if not isinstance(func, ast.Name) or depth <= 0:
            return []
        target = project.function(ctx.resolve(func) or f"{fn.module}.{func.id}")
        if target is None or not _handles_its_errors(project, target, depth - 1):
            return []
        if target.name not in names:
            names.append(target.name)
    return names


def _handles_its_errors(project: Project, fn, depth: int) -> bool:
    """The module-level coroutine ``fn`` catches every exception quietly and leaves no await
    unguarded but of coroutines that do the same, ``depth`` steps deep
    (``run_command`` awaiting ``_execute``, whose ``try`` logs every error and which awaits
    unguarded only ``_log``, guarded whole)."""
    if not fn.is_async or fn.class_qname is not None:
        return False
    node = _def_node(project, fn)
    if not isinstance(node, ast.AsyncFunctionDef):
        return False
    ctx = _FactsResolver(project.module_of(fn))
    if not _catches_quietly(node, ctx):
        return False
    return _awaits_guarded(node, ctx) or bool(_awaited_handlers(project, fn, node, depth))


def _threads_quietly(project: Project, qname: str) -> bool:
    """The module-level coroutine ``qname`` only awaits ``asyncio.to_thread(f, ...)`` of a
    sync function ``f`` it defines whose whole body is guarded (:func:`_guarded_whole`, its
    outside imports loaded by the project): after its first step the executor's thread
    holds the work and the task awaiting it, and no exception leaves ``f`` to be lost, as
    when the task runs ``to_thread(f)`` itself."""
    fn = project.function(qname)
    if fn is None or not fn.is_async or fn.class_qname is not None:
        return False
    node = _def_node(project, fn)
    if not isinstance(node, ast.AsyncFunctionDef):
        return False
    defs = {d.name: d for d in node.body if isinstance(d, ast.FunctionDef)}
    rest = [s for s in node.body if s not in defs.values() and not _raises_nothing(s)]
    if len(rest) != 1 or not isinstance(rest[0], ast.Expr):
        return False
    awaited = rest[0].value
    call = awaited.value if isinstance(awaited, ast.Await) else None
    module = project.module_of(fn)
    tops = frozenset(q.split(".", 1)[0] for q in project.modules)
    ctx = _FactsResolver(module, tops)
    if not (
        isinstance(call, ast.Call)
        and call.args
        and isinstance(call.args[0], ast.Name)
        and call.args[0].id in defs
        and ctx.resolve(call.func) == "asyncio.to_thread"
    ):
        return False
    needs = _guarded_whole(defs[call.args[0].id], ctx)
    return needs is not None and _loaded_by_project(project, needs)


def _one_step_method(project: Project, cls, method: str) -> bool:
    """The coroutine method ``method`` of ``cls`` cannot suspend (:func:`_runs_in_one_step`)
    and no project subclass of ``cls`` overrides it."""
    fn = project.method(cls, method)
    if fn is None or not fn.is_async or _overridden(project, cls.qname, method):
        return False
    return _runs_in_one_step(_def_node(project, fn))


def _one_step_on_instance(project: Project, qname: str) -> bool:
    """``qname`` is ``<binding>.<method>``, a method called on a module-level name of the
    project whose binding is a call of a project class (``event_bus.publish`` where
    ``event_bus = EventBus()``): the instance is of that class itself, so the method is that
    class's (or its ancestors'), and it cannot suspend (:func:`_runs_in_one_step`)."""
    binding, _, method = qname.rpartition(".")
    found = project.resolve(binding) if binding else None
    if not isinstance(found, Binding) or not isinstance(found.value, Call):
        return False
    cls = project.class_(found.value.qname) if found.value.qname else None
    fn = project.method(cls, method) if cls is not None else None
    return fn is not None and fn.is_async and _runs_in_one_step(_def_node(project, fn))


def _one_step_everywhere(project: Project, cls: str, method: str) -> bool:
    """Every definition of ``method`` in ``cls``, its ancestors and its project subclasses
    cannot suspend (:func:`_runs_in_one_step`), and there is one; none of those classes has
    a base outside the project (but :data:`_PLAIN_BASES`) that could define it instead."""
    related = [
        c
        for c in project.classes.values()
        if c.qname == cls or cls in project.ancestors(c.qname) or c.qname in project.ancestors(cls)
    ]
    found = False
    for c in related:
        if any(
            project.class_(a) is None and a not in _PLAIN_BASES for a in project.ancestors(c.qname)
        ):
            return False
        if method not in c.methods:
            continue
        fn = project.function(f"{c.qname}.{method}")
        if fn is None or not fn.is_async or not _runs_in_one_step(_def_node(project, fn)):
            return False
        found = True
    return found


def _class_lookup(name: str, ctx: ModuleContext) -> str | None:
    """The method name ``name`` is bound to by ``name = getattr(self.__class__, "m"[,
    default])`` (``type(self)``, ``cls`` too), the only binding of ``name`` in the nearest
    enclosing method that binds it (a function nested in that method binds it nowhere)."""
    defs = [p for p in reversed(ctx.parents) if isinstance(p, (*_DEFS, ast.Lambda, ast.ClassDef))]
    for i, fn in enumerate(defs):
        if not isinstance(fn, _DEFS):
            return None
        binders = [st for st in _own_statements(fn.body) if _binds(st, name)]
        params = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs)]
        if name in params:
            return None
        if not binders:
            continue
        owner = defs[i + 1] if i + 1 < len(defs) else None
        if len(binders) != 1 or not isinstance(owner, ast.ClassDef) or not params:
            return None
        stmt = binders[0]
        value = stmt.value if isinstance(stmt, (ast.Assign, ast.AnnAssign)) else None
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [getattr(stmt, "target", None)]
        if not (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id == "getattr"
            and ctx.resolve(value.func) in (None, "builtins.getattr")
            and len(targets) == 1
            and isinstance(targets[0], ast.Name)
            and 2 <= len(value.args) <= 3
            and isinstance(value.args[1], ast.Constant)
            and isinstance(value.args[1].value, str)
            and _own_class(value.args[0], params[0])
        ):
            return None
        return value.args[1].value
    return None


def _own_class(e: ast.expr, receiver: str) -> bool:
    """``e`` is the class of the method's object: ``self.__class__``, ``type(self)``, or
    the receiver itself when it is ``cls``."""
    if isinstance(e, ast.Attribute) and e.attr == "__class__":
        return isinstance(e.value, ast.Name) and e.value.id == receiver
    if isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id == "type":
        return len(e.args) == 1 and isinstance(e.args[0], ast.Name) and e.args[0].id == receiver
    return isinstance(e, ast.Name) and e.id == receiver == "cls"


def _one_step_function(project: Project, qname: str) -> bool:
    """The module-level coroutine function ``qname`` cannot suspend."""
    fn = project.function(qname)
    if fn is None or not fn.is_async or fn.class_qname is not None:
        return False
    return _runs_in_one_step(_def_node(project, fn))


def _overridden(project: Project, cls: str, method: str) -> bool:
    """A project subclass of ``cls`` defines its own ``method``."""
    return any(
        method in c.methods and cls in project.ancestors(c.qname)
        for c in project.classes.values()
        if c.qname != cls
    )


def _def_node(project: Project, fn) -> ast.AST | None:
    """The ``def`` of ``fn`` in its module's source."""
    return project.def_node(fn)


def _delegate(fn: ast.AsyncFunctionDef) -> str | None:
    """The method ``fn``'s whole body awaits on its own object (``await self.other()``,
    ``return await self.other(...)``; a docstring aside), else None."""
    body = [
        s for s in fn.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
    ]
    if len(body) != 1 or not fn.args.args:
        return None
    stmt = body[0]
    value = stmt.value if isinstance(stmt, (ast.Expr, ast.Return)) else None
    if not (isinstance(value, ast.Await) and isinstance(value.value, ast.Call)):
        return None
    func = value.value.func
    if (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id == fn.args.args[0].arg
    ):
        return func.attr
    return None


#: Calls that run a function in a new thread: where they take it (position, keyword).
_THREAD_STARTERS = {"threading.Timer": (1, "function"), "threading.Thread": (1, "target")}
#: Calls that give a thread an event loop (or a policy that may make one for any thread).
_SETS_LOOP = frozenset({"set_event_loop", "set_event_loop_policy"})


def _awaitable_guard(stmt: ast.Expr, arg: ast.expr, ctx: ModuleContext) -> _Awaitable | None:
    """``arg`` is a local bound once to ``self._attr.method(...)`` in a method, and the
    spawn runs only when ``inspect.isawaitable(arg)`` holds (inside ``if
    inspect.isawaitable(r):``, or after ``if not inspect.isawaitable(r): return`` at the top
    of the method), and ``__init__`` alone stores ``self._attr``, from one of its
    parameters: what the judge needs to tell whether that result can ever be awaitable."""
    fn = next((p for p in reversed(ctx.parents) if isinstance(p, _DEFS)), None)
    facts = ctx.function
    if not isinstance(arg, ast.Name) or fn is None or facts is None or not fn.args.args:
        return None
    me = fn.args.args[0].arg
    binds = [
        n
        for n in walk(fn)
        if isinstance(n, ast.Name) and n.id == arg.id and not isinstance(n.ctx, ast.Load)
    ]
    made = [
        n
        for n in walk(fn)
        if isinstance(n, ast.Assign) and [dotted(t) for t in n.targets] == [arg.id]
    ]
    if len(binds) != 1 or len(made) != 1 or not isinstance(call := made[0].value, ast.Call):
        return None
    func, held = call.func, getattr(call.func, "value", None)
    if not (
        isinstance(func, ast.Attribute)
        and isinstance(held, ast.Attribute)
        and dotted(held.value) == me
        and held.attr.startswith("_")  # private by convention (PEP 8): no caller sets it
        and _only_when_awaitable(stmt, fn, arg.id, made[0].lineno, ctx)
        and facts.class_qname is not None
    ):
        return None
    stored = _init_parameter(held.attr, ctx)
    if stored is None:
        return None
    return _Awaitable(facts.class_qname, func.attr, *stored)


def _is_awaitable_test(test: ast.expr, name: str, ctx: ModuleContext) -> bool:
    """``inspect.isawaitable(name)``."""
    return (
        isinstance(test, ast.Call)
        and ctx.resolve(test.func) == "inspect.isawaitable"
        and len(test.args) == 1
        and dotted(test.args[0]) == name
    )


def _only_when_awaitable(
    stmt: ast.Expr,
    fn: ast.FunctionDef | ast.AsyncFunctionDef,
    name: str,
    bound: int,
    ctx: ModuleContext,
) -> bool:
    """``stmt`` runs only when ``inspect.isawaitable(name)`` holds: it sits in the body of
    an ``if`` testing so, or a statement of the method's own body after the binding and
    before ``stmt`` leaves when the test fails (``if not inspect.isawaitable(r): return``)."""
    chain = [*ctx.parents, stmt]
    for up, down in itertools.pairwise(chain):
        if isinstance(up, ast.If) and down in up.body and _is_awaitable_test(up.test, name, ctx):
            return True
    for top in fn.body:
        if top.lineno >= stmt.lineno:
            return False
        if (
            top.lineno > bound
            and isinstance(top, ast.If)
            and not top.orelse
            and isinstance(top.test, ast.UnaryOp)
            and isinstance(top.test.op, ast.Not)
            and _is_awaitable_test(top.test.operand, name, ctx)
            and isinstance(top.body[-1], (ast.Return, ast.Raise))
        ):
            return True
    return False


def _init_parameter(attr: str, ctx: ModuleContext) -> tuple[str, int] | None:
    """The ``__init__`` parameter (name, position after ``self``; -1 if keyword-only) that
    every store to ``self.attr`` in the enclosing class stores, when only ``__init__``
    stores it, once, from that parameter."""
    cls = next((p for p in reversed(ctx.parents) if isinstance(p, ast.ClassDef)), None)
    if cls is None:
        return None
    found: list[tuple[str, int]] = []
    for stmt in cls.body:
        if not isinstance(stmt, _DEFS) or not stmt.args.args:
            continue
        target = f"{stmt.args.args[0].arg}.{attr}"
        recorded = ctx.attribute_stores(stmt)
        assigns = recorded.assigns.get(target, [])
        if recorded.stores.get(target, 0) != len(assigns):
            return None
        for n in assigns:
            positional = [a.arg for a in stmt.args.args[1:]]
            kwonly = [a.arg for a in stmt.args.kwonlyargs]
            value = dotted(n.value) if n.value is not None else None
            if stmt.name != "__init__" or value not in (*positional, *kwonly):
                return None
            found.append((value, positional.index(value) if value in positional else -1))
    return found[0] if len(found) == 1 else None


def _never_awaitable(project: Project, d: _Awaitable) -> bool:
    """Every object the project hands ``d.cls(...)`` for ``d.param`` is ``None`` (or the
    parameter's ``None`` default) or an instance of a project class whose ``d.method`` is
    a plain, undecorated ``def`` returning nothing: the result is never awaitable, so the
    task is never made.  Each use of the class's name must be an import, an annotation or
    a call in a function (no reference that may construct it elsewhere), and no project
    class derives from it."""
    cls = project.class_(d.cls)
    init = project.method(cls, "__init__") if cls is not None else None
    if cls is None or init is None or any(d.cls in project.ancestors(c) for c in project.classes):
        return False
    uses = project.named_uses([cls.name])
    mine = uses.get(cls.name) if uses is not None else None
    if not mine or any(u.kind not in ("call", "import", "type") for u in mine):
        return False
    calls = [u for u in mine if u.kind == "call"]
    default = next((p.default for p in init.params if p.name == d.param), None)
    return bool(calls) and all(
        u.function is not None and _hands_plain(project, u.function, u.line, cls.name, d, default)
        for u in calls
    )


def _hands_plain(
    project: Project, caller: Function, line: int, name: str, d: _Awaitable, default: Expr | None
) -> bool:
    """Each call of ``name`` at ``line`` of ``caller`` hands ``d.param`` nothing (its
    default ``None``), ``None``, or an instance of a project class whose ``d.method`` is a
    plain ``def`` that returns nothing."""
    node = project.def_node(caller)
    calls = [
        n
        for n in (walk(node) if node is not None else ())
        if isinstance(n, ast.Call)
        and n.lineno == line
        and (dotted(n.func) or "").rsplit(".", 1)[-1] == name
    ]
    if not calls:
        return False
    resolver = _FactsResolver(project.module_of(caller))
    for call in calls:
        if any(isinstance(a, ast.Starred) for a in call.args) or any(
            k.arg is None for k in call.keywords
        ):
            return False
        given = next((k.value for k in call.keywords if k.arg == d.param), None)
        if given is None and 0 <= d.position < len(call.args):
            given = call.args[d.position]
        if given is None:
            if not is_lit(default, None):
                return False
            continue
        if isinstance(given, ast.Constant) and given.value is None:
            continue
        if not isinstance(given, ast.Call) or not _plain_method(
            project, given.func, resolver, caller, d.method
        ):
            return False
    return True


def _plain_method(
    project: Project, func: ast.expr, resolver: _FactsResolver, caller: Function, method: str
) -> bool:
    """``func`` names a project class whose ``method`` is a plain, undecorated ``def`` (not
    a generator) with no ``return`` of a value."""
    text = dotted(func)
    if text is None:
        return False
    module = project.module_of(caller).module
    cls = project.class_(resolver.resolve(func)) or project.class_(f"{module}.{text}")
    fn = project.method(cls, method) if cls is not None else None
    return (
        fn is not None
        and not fn.is_async
        and not fn.is_generator
        and not fn.decorators
        and all(is_lit(v, None) for v in fn.return_values)
    )


def _in_loopless_thread(call: ast.Call, ctx: ModuleContext) -> bool:
    """``call`` is ``loop.create_task(...)`` whose loop is asked of asyncio in the plain
    ``def`` around it (``loop = asyncio.get_event_loop()``, or called on the getter's
    result), a function nested in another whose every use of its name there hands it to
    ``threading.Timer`` / ``threading.Thread(target=...)`` to run as the thread's body,
    and which sets no event loop itself: in that thread no loop runs or is set, so the
    getter raises RuntimeError and no task is ever made."""
    defs = [p for p in ctx.parents if isinstance(p, _SCOPES)]
    if len(defs) < 2 or not isinstance(defs[-1], ast.FunctionDef):
        return False
    fn, outer = defs[-1], defs[-2]
    if fn.decorator_list or not isinstance(outer, _DEFS):
        return False
    recv = call.func.value if isinstance(call.func, ast.Attribute) else None
    if not (isinstance(recv, ast.Call) and ctx.resolve(recv.func) in LOOP_GETTERS) and not (
        isinstance(recv, ast.Name) and _bound_to_getter(fn, recv.id, ctx)
    ):
        return False
    if any(
        isinstance(n, ast.Call) and (dotted(n.func) or "").rpartition(".")[2] in _SETS_LOOP
        for n in ast.walk(fn)
    ):
        return False
    return _thread_body_only(outer, fn, ctx)


def _bound_to_getter(fn: ast.FunctionDef, name: str, ctx: ModuleContext) -> bool:
    """``name`` is a local of ``fn`` (not a parameter) every binding of which is
    ``name = asyncio.get_event_loop()`` (or ``get_running_loop()``)."""
    a = fn.args
    if name in {x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg) if x}:
        return False
    found = False
    for n in ast.walk(fn):
        if isinstance(n, (ast.Global, ast.Nonlocal)) and name in n.names:
            return False
        if not (isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store)):
            continue
        bound = next(
            (
                s
                for s in ast.walk(fn)
                if isinstance(s, ast.Assign) and len(s.targets) == 1 and s.targets[0] is n
            ),
            None,
        )
        if bound is None or not (
            isinstance(bound.value, ast.Call) and ctx.resolve(bound.value.func) in LOOP_GETTERS
        ):
            return False
        found = True
    return found


def _thread_body_only(outer: ast.AST, fn: ast.FunctionDef, ctx: ModuleContext) -> bool:
    """Every use of ``fn``'s name in ``outer`` hands it to a call that starts a thread
    running it (:data:`_THREAD_STARTERS`), and ``outer`` binds the name to nothing else."""
    handed: set[int] = set()
    for n in ast.walk(outer):
        if isinstance(n, ast.Call) and ctx.resolve(n.func) in _THREAD_STARTERS:
            index, keyword = _THREAD_STARTERS[ctx.resolve(n.func) or ""]
            given = _argument(n, index, keyword)
            if given is not None:
                handed.add(id(given))
    uses = 0
    for n in ast.walk(outer):
        if isinstance(n, _SCOPES) and n is not fn and getattr(n, "name", None) == fn.name:
            return False
        if isinstance(n, ast.Name) and n.id == fn.name:
            if id(n) not in handed:
                return False
            uses += 1
    return uses > 0


def _handed_in(spawner: str, arg: ast.expr, ctx: ModuleContext) -> _Handed | None:
    """``arg`` is a parameter of the function around the call (a method, or a module-level
    function; not rebound there), and every use of that function's name in the module is a
    call (``self._spawn(...)`` in a method of the class, ``_spawn(...)``) handing that
    parameter a call of a coroutine of the module (a method of the class called on the
    caller's own object, a module-level function) that catches and handles exceptions
    itself (:func:`_catches_quietly`, :func:`_awaits_guarded`): the function, the lines of
    those calls and the coroutines' names, for the judge."""
    if not isinstance(arg, ast.Name) or ctx.tree is None or not ctx.parents:
        return None
    scopes = [p for p in ctx.parents if isinstance(p, (*_SCOPES, ast.Module))]
    fn = scopes[-1] if scopes else None
    owner = scopes[-2] if len(scopes) >= 2 else None
    if not isinstance(fn, _DEFS) or fn.decorator_list:
        return None
    positional = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]
    keywords = [a.arg for a in fn.args.kwonlyargs]
    if arg.id not in (*positional, *keywords) or fn.args.vararg or fn.args.kwarg:
        return None
    if any(_binds(s, arg.id) for s in _own_statements(fn.body)):
        return None
    if isinstance(owner, ast.ClassDef):
        if not positional or positional[0] == arg.id:
            return None
        index = positional.index(arg.id) - 1 if arg.id in positional else None
        callers: list[ast.AST] = [d for d in owner.body if isinstance(d, _DEFS)]
    elif isinstance(owner, ast.Module):
        index = positional.index(arg.id) if arg.id in positional else None
        callers = [ctx.tree]
    else:
        return None
    return _handed_calls(spawner, fn.name, arg.id, index, owner, callers, ctx)


def _handed_calls(
    spawner: str,
    name: str,
    param: str,
    index: int | None,
    owner: ast.ClassDef | ast.Module,
    callers: list[ast.AST],
    ctx: ModuleContext,
) -> _Handed | None:
    """The calls of ``name`` in ``callers`` (see :func:`_handed_in`), each handing ``param``
    (at positional ``index``, or by keyword) a coroutine that catches every exception."""
    method = isinstance(owner, ast.ClassDef)
    lines: list[int] = []
    coroutines: list[str] = []
    uses = 0
    for caller in callers:
        receiver = (
            caller.args.args[0].arg
            if method and isinstance(caller, _DEFS) and caller.args.args
            else None
        )
        for n in ast.walk(caller):
            if getattr(n, "attr", None) == name or getattr(n, "id", None) == name:
                uses += 1
            if method and receiver is None:
                continue  # a method with no object: its uses are no calls of the method
            if not isinstance(n, ast.Call) or not _calls_name(n.func, name, receiver):
                continue
            given = _argument(n, index, param)
            coroutine = _handled_coroutine(given, receiver, owner, ctx) if given else None
            if coroutine is None:
                return None
            lines.append(n.func.end_lineno or n.lineno)
            if coroutine not in coroutines:
                coroutines.append(coroutine)
    if not lines or uses != len(lines):
        return None  # a use that is no such call: the function may be handed on, or aliased
    return _Handed(spawner, name, tuple(lines), tuple(coroutines))


def _calls_name(func: ast.expr, name: str, receiver: str | None) -> bool:
    """``func`` is ``receiver.name`` (a method called on the caller's own object), or the
    plain ``name`` when there is no receiver (a module-level function)."""
    if receiver is None:
        return isinstance(func, ast.Name) and func.id == name
    return (
        isinstance(func, ast.Attribute)
        and func.attr == name
        and isinstance(func.value, ast.Name)
        and func.value.id == receiver
    )


def _argument(call: ast.Call, index: int | None, param: str) -> ast.expr | None:
    """What ``call`` passes for the parameter ``param`` (at positional ``index``); None when
    it passes nothing for it or unpacks arguments (``*args``, ``**kwargs``)."""
    if any(isinstance(a, ast.Starred) for a in call.args) or any(
        k.arg is None for k in call.keywords
    ):
        return None
    if index is not None and index < len(call.args):
        return call.args[index]
    return next((k.value for k in call.keywords if k.arg == param), None)


def _handled_coroutine(
    given: ast.expr, receiver: str | None, owner: ast.ClassDef | ast.Module, ctx: ModuleContext
) -> str | None:
    """The name of the coroutine ``given`` calls when it is a method of ``owner`` called on
    ``receiver`` or a module-level coroutine function, and it catches and handles every
    exception itself; None otherwise."""
    if not isinstance(given, ast.Call) or ctx.tree is None:
        return None
    func = given.func
    found: ast.AsyncFunctionDef | None = None
    if isinstance(func, ast.Name):
        found = _async_def(ctx.tree.body, func.id, _LAST_LINE)
    elif isinstance(owner, ast.ClassDef) and _calls_name(func, getattr(func, "attr", ""), receiver):
        found = _async_def(owner.body, func.attr, _LAST_LINE)  # type: ignore[attr-defined]
    if found is None or not (_catches_quietly(found, ctx) and _awaits_guarded(found, ctx)):
        return None
    return found.name


def _only_calls(project: Project, path: str | None, handed: _Handed) -> bool:
    """Every use of the function's name in the project is one of the module's calls that
    :func:`_handed_in` read (none in another module, none in a string the scan cannot
    place): no other coroutine is handed to it."""
    uses = project.named_uses([handed.function])
    found = uses.get(handed.function) if uses is not None else None
    if not found:
        return False
    return all(u.path == path and u.kind == "call" and u.line in handed.calls for u in found)


#: The old-copy examples' project: a live dialog module and an old copy of it in a package
#: nothing imports (the bad example adds a module that does import it).
_OLD_COPY_FILES = {
    "desk/__init__.py": "",
    "desk/main.py": """\
from fastapi import FastAPI

app = FastAPI(title="Desk")


@app.get("/health")
async def health() -> str:
    return "ok"
""",
    "desk/prompts/__init__.py": "",
    "desk/prompts/dialog.py": """\
import asyncio


class Dialog:
    def __init__(self) -> None:
        self.tasks: set[asyncio.Task] = set()

    async def close(self) -> None:
        await asyncio.sleep(0)

    def cancel(self) -> None:
        task = asyncio.create_task(self.close())
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
""",
    "desk/cli.py": """\
from desk.prompts.dialog import Dialog


def run() -> None:
    Dialog().cancel()
""",
    "desk/old_ui/__init__.py": "from .dialog import Dialog\n",
    "desk/old_ui/dialog.py": """\
import asyncio


class Dialog:
    async def close(self) -> None:
        await asyncio.sleep(0)

    def cancel(self) -> None:
        asyncio.create_task(self.close())
""",
}

#: What the old-copy examples' bad sides add to the application: a route that closes the
#: tray, whose module imports the copy (so the copy's discarded task runs).
_TRAY_ROUTE = """\


@app.post("/tray/close")
async def close() -> None:
    close_tray()


from desk.tray import close_tray  # noqa: E402
"""

#: The same dialog with its old copy kept beside it in its package, the live one reached
#: by the application (the bad example adds a module that imports the copy).
_SIBLING_COPY_FILES = {
    **{k: v for k, v in _OLD_COPY_FILES.items() if not k.startswith("desk/old_ui/")},
    "desk/main.py": "from desk.cli import run\n\n" + _OLD_COPY_FILES["desk/main.py"],
    "desk/prompts/dialog_old.py": _OLD_COPY_FILES["desk/old_ui/dialog.py"],
}


def _outside_dead_code(project: Project, hits: list[Hit]) -> list[Hit]:
    """The hits but those in a function nothing reaches or names (:meth:`Project.dead_code`:
    a nested emitter its enclosing function never calls nor hands on, a private method a
    refactor left behind): no task is ever started there, so none is lost."""
    where = [project.function_at(h.path or "", h.line or 0) for h in hits]
    # only what no caller outside can reach: a nested function, a private one; a public
    # method nothing here calls may be API a plugin or a user calls (a documented
    # ``emit_sync`` of a bus handed to plugins)
    where = [fn if fn is not None and _private_or_nested(fn.qname) else None for fn in where]
    dead = project.dead_code(fn.qname for fn in where if fn is not None)
    return [h for h, fn in zip(hits, where) if fn is None or fn.qname not in dead]


def _private_or_nested(qname: str) -> bool:
    """A nested function, or a function or method whose name is private (``_name``, not a
    dunder)."""
    name = qname.rpartition(".")[2]
    return ".<locals>." in qname or (name.startswith("_") and not name.startswith("__"))


#: A route that defines a progress emitter which starts a task (written fresh for the
#: unused-emitter trap); the trap never calls the emitter, the bad twin does.
_EMITTER = """\
import asyncio

from fastapi import FastAPI

app = FastAPI()


async def notify(message: str) -> None:
    await asyncio.sleep(0)


@app.post("/import")
async def run_import() -> str:
    def _emit_later(message: str) -> None:
        asyncio.get_running_loop().create_task(notify(message))

    await notify("started")
    {step}
    return "ok"
"""


class UnreferencedTask(Check):
    """
    ## What it does
    Flags an expression statement that starts a task and throws the task away:
    `asyncio.create_task(...)`, `asyncio.ensure_future(...)`, or `loop.create_task(...)`
    where `loop` is bound to `asyncio.get_running_loop()` or `asyncio.get_event_loop()`
    (or is that call itself).  A task that is assigned, awaited, returned, passed as an
    argument or added to a collection is kept, and is not reported.

    Nor is `loop.create_task(...)` in a plain `def` nested in another function, whose loop
    that `def` asks of asyncio itself (`loop = asyncio.get_event_loop()`), when every use
    of its name in the enclosing function hands it to `threading.Timer(delay, f)` or
    `threading.Thread(target=f)` and it sets no loop itself (`asyncio.set_event_loop`):
    it runs only as a new thread's body, where no loop runs or is set, so the getter
    raises `RuntimeError` and no task is ever made.  A module-level function or a method
    is not followed to its callers.

    The argument must be able to become a task: `ensure_future(loop.run_in_executor(...))`,
    `ensure_future(loop.create_future())` and `ensure_future(asyncio.wrap_future(f))` are
    given a future, which `ensure_future` returns unchanged: no task is created, and the work
    runs in the executor (or wherever the future is completed) whatever happens to the
    reference.  These are not reported, unless the module defines its own `async def` of
    that name (then the call makes a coroutine).  `create_task()` of such a future raises
    `TypeError` at once: no task exists to lose, so it is not reported either.  The same
    holds for a name (or `self.attr`) that the statement before, in the same block, bound
    to a task just started (`self._task = asyncio.create_task(...)` then
    `ensure_future(self._task)`): `ensure_future` returns that task, which the name holds.
    A stored coroutine object is not a task and is still reported.  Nor is
    `asyncio.to_thread(f, ...)` reported when `f` is a sync function of the module (nested,
    module-level, or a method called on `self`) whose whole body sits in `try` blocks with
    a catch-all clause that does not raise (or in `with contextlib.suppress(Exception):`):
    the executor's thread holds the work, and the task awaiting it, to the end, and no
    exception leaves `f` to be lost.  Before its guards `f` may exit early on names
    (`if not enabled or not answer: return`), and import a project module or a name some
    project module imports at module level, unconditionally (then it is loaded, and
    importing it again cannot raise); an import the project does not load that way (an
    optional dependency) or an early exit whose test calls something is still reported,
    and its message says only that an exception is never seen: the executor's thread holds
    the task to its end, so it is not said to be collected mid-flight.

    A module that is an old copy of a live one is not reported: the applications never
    reach it, every top-level class it defines is defined under the same name in a module
    of another package that the project imports (the live copy), and nothing outside its
    own package imports or names that package or the module (no import, no import string,
    no mention in a file that is not Python, such as an entry point): nothing runs it.  So
    is a copy kept beside its live module in the same package (`handler_backup.py` beside
    `handler.py`, the live one reached by the applications) when nothing imports, runs or
    names the copy itself.

    A fallback `asyncio.create_task(...)` in the `except` clause of a `try` whose body only
    starts tasks the same way (`asyncio.create_task(f(x))`, `f` a coroutine function of the
    module, given names and literals) is not reported: that body fails only when no loop is
    running, and the fallback then raises the same `RuntimeError` before any task exists.

    A task made only when a method's result is awaitable (`r = self._sink.emit(e)`, then
    `if inspect.isawaitable(r): loop.create_task(r)` or, after `if not
    inspect.isawaitable(r): return`, the spawn) is not reported when the method is called on
    a private attribute that only `__init__` stores, from one of its parameters, and every
    call of the class in the project (each use of its name is a call in a function, an
    import or an annotation; no project class derives from it) hands that parameter
    `None` (or its `None` default) or an instance of a project class whose method is a
    plain, undecorated `def` returning nothing: the result is never awaitable, so no task
    is made.

    A coroutine that cannot suspend (an undecorated `async def` whose own body holds no
    `await`, `async for`, `async with` or async comprehension) is not reported: its task
    runs to the end in its first step, and until that step runs the loop's ready queue
    holds it, so it is never collected mid-flight.  That is read for a coroutine function
    of the project (defined in the module, or another module's called by name), a method
    of the class called on `self` (unless a project subclass overrides it), and a method
    of a project class called on a name annotated with that class or on `self.attr` where
    every store to `attr` in the class's methods is an instance of it (`self.engine =
    Engine(...)`, or a parameter annotated `Engine`) or `None` (a method called on `None`
    raises before any coroutine exists; `self.engine: Engine | None = None` names the
    class by its annotation), a method of a project class called on a module-level name
    bound to an instance of it (`event_bus = EventBus()` in another module, then
    `event_bus.publish(...)`), and a method looked up by name on the class of the method's
    object (`handler = getattr(self.__class__, "on_notice", None)`) when every definition
    of it in that class, its ancestors and its project subclasses cannot suspend (and no
    class among them has an outside base but `ABC` that could define it instead).
    `@staticmethod` and `@classmethod` wrap nothing around the coroutine.

    When the coroutine is defined in the module (a nested function, a module-level
    function, or a method of the class called on `self`) and its own body catches every
    exception of its awaits in a `try` (`except Exception` that does not raise, around
    each `await`, `async for` and `async with`), swallows it in a
    `with contextlib.suppress(Exception):` block, or awaits `asyncio.gather(...,
    return_exceptions=True)` (the errors come back as results), the message says so:
    the task can still be collected mid-flight, but its errors are handled, not lost.  A
    `try` around the first await only, with a later await outside it, is not enough (an
    `await asyncio.sleep(...)` outside it is no gap: it raises only the cancellation, which
    `except Exception` does not catch either); nor when each await a method leaves
    unguarded calls a method of its own object that catches every exception itself
    (`await self._upload(...)`, one level): the message names those methods.
    The same holds for a method of a project class, in any module, called on a name
    annotated with that class (`_sink.flush()` where `_sink: EventSink | None`, a parameter
    or a module-level annotated name) or held by `self.attr` as above, its body read as it
    is or through `await self.other()` delegations (a body that only awaits another method
    of the object).  So does a task of a coroutine the enclosing function (a method, or a
    module-level function) is handed as a parameter (`def _spawn(self, job):
    loop.create_task(job)`), when every use of that function's name in the project is a
    call in its module handing it a coroutine of the module (a method of the class called
    on the caller's own object, or a module-level function) that catches every exception
    as above: the message says so, naming those coroutines.  When the coroutine comes from
    a function or method no module of the project defines (a library's, or one looked up
    with `getattr(adapter, "record_event", None)` on an object from outside), the message
    says an exception it does not handle itself is lost, and that whether it handles its
    own is not read, naming it.

    ## Why is this bad?
    The event loop keeps only weak references to tasks.  A discarded `create_task()` result
    can be garbage-collected while it is still running, so the work silently stops halfway,
    and an exception it raises is never observed ("Task exception was never retrieved" at
    best).  "Fire and forget" from a route is usually a way to do work after the response:
    [zhanymkanov README] ("BackgroundTasks vs a real task queue") and
    [Production guide 2026] (BackgroundTasks / Celery) say what to use instead —
    `BackgroundTasks` for short work that may be lost on a crash, a real queue (Celery, Arq,
    RQ) for work that must not be.

    Task groups are not matched: `asyncio.TaskGroup.create_task` and anyio task groups hold
    a reference to every task they start and wait for all of them.

    ## Example
    ```python
    @router.post("/signup", status_code=201)
    async def signup(email: str) -> dict[str, str]:
        asyncio.create_task(send_email(email))
        return {"email": email}
    ```

    ## Use instead
    ```python
    @router.post("/signup", status_code=201)
    async def signup(email: str, background: BackgroundTasks) -> dict[str, str]:
        background.add_task(send_email, email)
        return {"email": email}
    ```
    Outside a request, keep a strong reference until the task is done:
    ```python
    tasks: set[asyncio.Task[None]] = set()
    task = asyncio.create_task(refresh_cache())
    tasks.add(task)
    task.add_done_callback(tasks.discard)
    ```

    ## Fix safety
    No automatic fix: whether the work belongs in `BackgroundTasks`, a task set or a queue
    depends on how much losing it costs.

    ## Known problems
    `loop.create_task(...)` is only matched when `loop` is bound to the running loop in the
    same function or at module level; a loop stored on an object (`self.loop`) is not
    followed.

    ## References
    - [zhanymkanov README] ("BackgroundTasks vs a real task queue")
    - [Production guide 2026] (BackgroundTasks and Celery)
    - Python docs, `asyncio.create_task` ("Important: Save a reference to the result of
      this function")
    - Overlaps ruff RUF006
    """

    id = "ASY004"
    name = "unreferenced-task"
    category = "async"
    severity = Severity.WARNING
    message = "task result discarded: the task can be garbage-collected mid-flight"
    fix_title = "Keep a reference to the task, or use `BackgroundTasks` / a task queue"
    sources = ("zhanymkanov README", "Production guide 2026")

    def visit_Expr(self, node: ast.Expr, ctx: ModuleContext) -> None:
        call = node.value
        if not isinstance(call, ast.Call):
            return
        spawner = self._spawner(call.func, ctx)
        if spawner is None or (call.args and self._makes_future(call.args[0], ctx)):
            return
        if spawner not in SPAWNERS and _in_loopless_thread(call, ctx):
            return
        if call.args and self._stored_task(node, call.args[0], ctx):
            return
        if self._after_failed_spawn(node, spawner, ctx):
            return
        thread = self._quiet_thread(call.args[0], ctx) if call.args else None
        if thread == ():
            return
        one_step = self._one_step(call.args[0], ctx) if call.args else None
        if one_step is True or (call.args and _puts_on_unbounded_queue(call.args[0], ctx)):
            return
        handler = self._handles_own_errors(call.args[0], ctx) if call.args else None
        if handler is not None:
            name, how = handler
            ctx.report(call, _handled_message(spawner, f"`{name}` {how}"), data=one_step)
            return
        message = _lost_message(spawner, call.args[0] if call.args else None, ctx)
        guard = _awaitable_guard(node, call.args[0], ctx) if call.args else None
        if guard is not None:
            ctx.report(call, message, data=guard)
            return
        data: _Data | _Function | _OneStep | _Looked | _Handed | _Thread | _Unread | None = one_step
        if thread:
            data = _Thread(thread)
        if call.args and data is None:
            data = _method_elsewhere(spawner, call.args[0], ctx) or _function_elsewhere(
                spawner, call.args[0], ctx
            )
        if call.args and data is None:
            data = self._looked_up(call.args[0], ctx) or _handed_in(spawner, call.args[0], ctx)
        if call.args and data is None:
            unread = _coroutine_name(call.args[0], ctx)
            data = _Unread(spawner, unread) if unread else None
        ctx.report(call, message, data=data)

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        hits = _outside_dead_code(project, hits)
        kept: list[Hit] = []
        stale: dict[str, bool] = {}
        defined: frozenset[str] | None = None  # (see _function_names)
        for h in hits:
            if h.path is not None and h.path not in stale:
                stale[h.path] = project.stale_copy(h.path)
            if h.path is not None and stale[h.path]:
                continue  # an old copy of a module the application runs: nothing runs it
            if isinstance(h.data, _Data):
                d = h.payload(_Data)
                cls = project.class_(d.cls)
                if cls is not None and _one_step_method(project, cls, d.method):
                    continue
                handled = _handled_elsewhere(project, cls, d.method) if cls else None
                if handled is not None:
                    h.message = _handled_message(d.spawner, handled)
            elif isinstance(h.data, _Function):
                f = h.payload(_Function)
                if _one_step_function(project, f.function) or _threads_quietly(project, f.function):
                    continue
                if _one_step_on_instance(project, f.function):
                    continue
                handled = _handled_function(project, f.function)
                if handled is not None:
                    h.message = _handled_message(f.spawner, handled)
            elif isinstance(h.data, _Looked):
                looked = h.payload(_Looked)
                if _one_step_everywhere(project, looked.cls, looked.method):
                    continue
            elif isinstance(h.data, _Unread):
                u = h.payload(_Unread)
                if defined is None:
                    defined = _function_names(project)
                if u.name not in defined:
                    h.message = _unread_message(u)
            elif isinstance(h.data, _Thread):
                if _loaded_by_project(project, h.payload(_Thread).imports):
                    continue
            elif isinstance(h.data, _OneStep):
                o = h.payload(_OneStep)
                if not _overridden(project, o.cls, o.method):
                    continue
            elif isinstance(h.data, _Awaitable):
                if _never_awaitable(project, h.payload(_Awaitable)):
                    continue  # the method's result is never awaitable: no task is made
            elif isinstance(h.data, _Handed):
                handed = h.payload(_Handed)
                if _only_calls(project, h.path, handed):
                    named = ", ".join(f"`{c}`" for c in handed.coroutines)
                    h.message = _handled_message(
                        handed.spawner,
                        f"every coroutine handed to `{handed.function}` catches and handles "
                        f"exceptions itself ({named})",
                    )
            kept.append(h)
        return kept

    def _stored_task(self, stmt: ast.Expr, arg: ast.expr, ctx: ModuleContext) -> bool:
        """``arg`` (a name or ``self.attr``) was bound to a spawned task by an earlier
        statement of the same block, and nothing rebinds it in between: ``ensure_future``
        returns that task unchanged (and ``create_task`` of it raises ``TypeError``), so no
        new task exists, and the one that does is held by ``arg``."""
        target = dotted(arg) if isinstance(arg, (ast.Name, ast.Attribute)) else None
        parent = ctx.parent
        if target is None or parent is None:
            return False
        for field in ("body", "orelse", "finalbody"):
            block = getattr(parent, field, None)
            if isinstance(block, list) and any(s is stmt for s in block):
                break
        else:
            return False
        index = next(i for i, s in enumerate(block) if s is stmt)
        for prev in reversed(block[:index]):
            if not isinstance(prev, (ast.Assign, ast.AnnAssign)):
                if _binds(prev, target):
                    return False
                continue
            targets = prev.targets if isinstance(prev, ast.Assign) else [prev.target]
            if not any(dotted(t) == target for t in targets):
                if _binds(prev, target):
                    return False
                continue
            value = prev.value
            return (
                isinstance(value, ast.Call)
                and self._spawner(value.func, ctx) is not None
                and not (value.args and self._makes_future(value.args[0], ctx))
            )
        return False

    def _after_failed_spawn(self, stmt: ast.Expr, spawner: str, ctx: ModuleContext) -> bool:
        """``stmt``, an ``asyncio.create_task(...)``, sits in an ``except`` clause of a
        ``try`` whose body only starts tasks the same way, of coroutine functions of the
        module given names and literals: that body can only fail when no loop is running
        (``RuntimeError``), and then ``stmt`` fails the same way before any task exists;
        with a loop running it never runs."""
        if spawner != "asyncio.create_task":
            return False
        parents = ctx.parents
        for i in range(len(parents) - 1, 0, -1):
            p = parents[i]
            if isinstance(p, _SCOPES):
                return False
            if isinstance(p, ast.ExceptHandler):
                tried = parents[i - 1]
                return isinstance(tried, ast.Try) and all(
                    self._plain_spawn(s, ctx) for s in tried.body
                )
        return False

    def _plain_spawn(self, stmt: ast.stmt, ctx: ModuleContext) -> bool:
        """``asyncio.create_task(f(a, 1))`` where ``f`` is a coroutine function of the module
        and its arguments are names and literals: making the coroutine runs none of its body,
        so only the missing loop can make the statement raise."""
        if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)):
            return False
        call = stmt.value
        if self._spawner(call.func, ctx) != "asyncio.create_task" or len(call.args) != 1:
            return False
        arg = call.args[0]
        return (
            not call.keywords
            and isinstance(arg, ast.Call)
            and _named_def(arg.func, arg.lineno, ctx, ast.AsyncFunctionDef) is not None
            and all(
                isinstance(a, (ast.Name, ast.Constant))
                for a in (*arg.args, *(k.value for k in arg.keywords))
            )
        )

    @staticmethod
    def _quiet_thread(arg: ast.expr, ctx: ModuleContext) -> tuple[str, ...] | None:
        """``asyncio.to_thread(f, ...)`` of a sync function ``f`` of this module (nested in
        an enclosing function, at module level, or a method called on ``self`` / ``cls``)
        whose whole body is guarded by catch-alls that do not raise: the work runs in an
        executor thread, which holds it (and the task awaiting it) to the end, and no
        exception leaves ``f`` to be lost with the task.  The names ``f`` imports from
        outside the project outside its guards (for the judge: the project must load them),
        None when ``f`` is not such a function (:func:`_guarded_whole`)."""
        if not (
            isinstance(arg, ast.Call) and arg.args and ctx.resolve(arg.func) == "asyncio.to_thread"
        ):
            return None
        target = arg.args[0]
        found = _named_def(target, arg.lineno, ctx, ast.FunctionDef)
        return None if found is None else _guarded_whole(found, ctx)

    @staticmethod
    def _one_step(arg: ast.expr, ctx: ModuleContext) -> _OneStep | Literal[True] | None:
        """Whether the coroutine ``arg`` calls, defined in this module (:func:`_named_def`),
        cannot suspend (:func:`_runs_in_one_step`): its task completes in its first step,
        held by the loop's ready queue until then, so nothing is collected mid-flight.  True
        for a function; for a method called on ``self`` / ``cls``, the class and method, for
        the judge to check that no subclass overrides it; None otherwise."""
        if not isinstance(arg, ast.Call):
            return None
        found = _named_def(arg.func, arg.lineno, ctx, ast.AsyncFunctionDef)
        if not _runs_in_one_step(found):
            return None
        if isinstance(arg.func, ast.Name):
            return True
        scope: Scope | None = ctx.scope
        while scope is not None and scope.kind != "class":
            scope = scope.parent
        if scope is None or not isinstance(arg.func, ast.Attribute):
            return None
        return _OneStep(scope.qname, arg.func.attr)

    @staticmethod
    def _looked_up(arg: ast.expr, ctx: ModuleContext) -> _Looked | None:
        """``arg`` calls a name bound to a method looked up on the class of the enclosing
        method's object (:func:`_class_lookup`): the class and the method, for the judge."""
        if not (isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name)):
            return None
        method = _class_lookup(arg.func.id, ctx)
        scope: Scope | None = ctx.scope
        while scope is not None and scope.kind != "class":
            scope = scope.parent
        if method is None or scope is None:
            return None
        return _Looked(scope.qname, method)

    @staticmethod
    def _handles_own_errors(arg: ast.expr, ctx: ModuleContext) -> tuple[str, str] | None:
        """The name of the coroutine function ``arg`` calls when it is defined in this
        module (a function nested in an enclosing one, a module-level function, or a
        method of the enclosing class called on ``self`` / ``cls``) and its own body holds
        a ``try`` whose ``except Exception`` (``BaseException``, bare) clause does not
        raise, or awaits ``asyncio.gather(..., return_exceptions=True)``: the coroutine
        handles the errors it catches (or gathers), so "its exceptions are never seen" would
        not be what the code shows.  Returns its name and what it does."""
        if not isinstance(arg, ast.Call):
            return None
        found = _named_def(arg.func, arg.lineno, ctx, ast.AsyncFunctionDef)
        if found is None:
            return None
        if _catches_quietly(found, ctx) and _awaits_guarded(found, ctx):
            return found.name, "catches and handles exceptions itself"
        cls = next((p for p in reversed(ctx.parents) if isinstance(p, ast.ClassDef)), None)
        helpers = (
            _awaited_own_handlers(found, cls, ctx)
            if cls is not None and isinstance(arg.func, ast.Attribute)
            else None
        )
        if helpers is not None:
            named = ", ".join(f"`{h}`" for h in helpers)
            return found.name, (
                "leaves each await it does not guard to a method that catches and handles "
                f"exceptions itself ({named})"
            )
        if _gathers_errors(found, ctx):
            return found.name, (
                "gathers its work with `return_exceptions=True`: the errors come back to it "
                "as results"
            )
        return None

    @staticmethod
    def _makes_future(arg: ast.expr, ctx: ModuleContext) -> bool:
        """Whether ``arg`` is a call known to return a plain future, not a coroutine."""
        if not isinstance(arg, ast.Call):
            return False
        if ctx.resolve(arg.func) in FUTURE_FUNCTIONS:
            return True
        func = arg.func
        if not isinstance(func, ast.Attribute) or func.attr not in FUTURE_METHODS:
            return False
        # A project coroutine method of the same name makes a coroutine, not a future.
        return not ctx.says(f"async def {func.attr}(".encode())

    def _spawner(self, func: ast.expr, ctx: ModuleContext) -> str | None:
        q = ctx.resolve(func)
        if q in SPAWNERS:
            return q
        if not isinstance(func, ast.Attribute) or func.attr != "create_task":
            return None
        recv = func.value
        if isinstance(recv, ast.Name) and ctx.local_call_binding(recv.id) in LOOP_GETTERS:
            return f"{recv.id}.create_task"
        if isinstance(recv, ast.Call) and ctx.resolve(recv.func) in LOOP_GETTERS:
            return f"{dotted(recv.func) or 'loop'}().create_task"
        return None

    bad = (
        Example(
            files={
                "hub/__init__.py": """\
from hub.events import EventBus, get_bus

__all__ = ["EventBus", "get_bus"]
""",
                "hub/events.py": """\
import asyncio
from collections.abc import Callable


class EventBus:
    def __init__(self) -> None:
        self._handlers: list[Callable[[str], None]] = []

    def subscribe(self, handler: Callable[[str], None]) -> None:
        self._handlers.append(handler)

    async def emit(self, name: str) -> None:
        for handler in self._handlers:
            handler(name)
        await asyncio.sleep(0)

    def emit_sync(self, name: str) -> None:
        # emit from code that is not async (plugins' hooks)
        try:
            asyncio.get_running_loop()
            asyncio.create_task(self.emit(name))
        except RuntimeError:
            asyncio.run(self.emit(name))


_bus = EventBus()


def get_bus() -> EventBus:
    return _bus
""",
                "hub/main.py": """\
from fastapi import FastAPI

from hub import get_bus

app = FastAPI()


@app.post("/ping")
async def ping() -> str:
    await get_bus().emit("ping")
    return "ok"
""",
            },
            note="the public side of the unused-emitter trap: `emit_sync`, a documented method of "
            "the bus the package exports, is called nowhere here, but a plugin or a user may "
            "call it: public API is not dead code, and its discarded task is flagged",
            lines=(21,),
        ),
        Example(
            files={"app/main.py": _EMITTER.format(step='_emit_later("queued")')},
            note="the unused-emitter trap's bad twin: the route calls its nested emitter, "
            "whose discarded task may be collected mid-flight",
            lines=(15,),
        ),
        Example(
            files={
                "svc/bus.py": _BUS_SUSPENDS,
                "svc/routes.py": _BUS_ROUTES,
            },
            note="the other side of the one-step singleton trap: the method awaits a queue's "
            "`put`, so the task can be suspended and collected",
            lines=(12,),
        ),
        snippet(
            _GARDENS.replace(
                'self._gardeners.append(Gardener("user"))', "self._gardeners.extend(self._extra)"
            ),
            note="the other side of the typed list: a list also extended with items of unknown "
            "class does not type its loop variable",
            lines=(27,),
        ),
        snippet(
            _COMMIT,
            note="a coroutine that re-raises its cancellation and logs every other error "
            "(painapple-code): it handles its exceptions itself, the message says so",
            lines=(17,),
        ),
        snippet(
            _COMMIT.replace(
                "except asyncio.CancelledError:", "except (asyncio.CancelledError, RuntimeError):"
            ),
            note="the other side of the re-raised cancellation: a clause that also re-raises "
            "an error leaves it unseen",
            lines=(17,),
        ),
        snippet(
            _TIMER_CLOSE.format(
                start="        threading.Timer(delay, expire).start()\n        expire()"
            ),
            note="the other side of the timer's thread: the function is also called where "
            "it is defined, on the caller's thread, whose loop may be running",
            lines=(20,),
        ),
        snippet(
            _LOG_QUEUE.format(queue="asyncio.Queue(maxsize=1000)"),
            note="the other side of the unbounded queue: a full bounded queue makes `put` "
            "wait, so the discarded task suspends and can be collected mid-flight",
            lines=(11,),
        ),
        Example(
            files={
                **_OLD_COPY_FILES,
                "desk/main.py": _OLD_COPY_FILES["desk/main.py"] + _TRAY_ROUTE,
                "desk/tray.py": """\
from desk.old_ui import Dialog


def close_tray() -> None:
    Dialog().cancel()
""",
            },
            note="the other side of the old copy: a module imports its package, so its "
            "discarded task runs",
            lines=(9,),
        ),
        Example(
            files={
                **_SIBLING_COPY_FILES,
                "desk/main.py": _SIBLING_COPY_FILES["desk/main.py"] + _TRAY_ROUTE,
                "desk/tray.py": """\
from desk.prompts.dialog_old import Dialog


def close_tray() -> None:
    Dialog().cancel()
""",
            },
            note="the other side of the copy kept beside its live module: a module imports "
            "it, so its discarded task runs",
            lines=(9,),
        ),
        snippet(
            """\
import asyncio

from fastapi import APIRouter

router = APIRouter()


async def send_email(to: str) -> None:
    await asyncio.sleep(0)


@router.post("/signup", status_code=201)
async def signup(email: str) -> dict[str, str]:
    asyncio.create_task(send_email(email))
    return {"email": email}
""",
            lines=(14,),
        ),
        snippet(
            """\
from asyncio import ensure_future as spawn
import asyncio as aio


async def refresh() -> None:
    await aio.sleep(1)


async def on_event() -> None:
    spawn(refresh())
    loop = aio.get_running_loop()
    loop.create_task(refresh())
    aio.get_event_loop().create_task(refresh())


def schedule() -> None:
    aio.create_task(refresh())
""",
            note="aliases, loop.create_task on the running loop, sync callers",
            lines=(10, 12, 13, 17),
        ),
        snippet(
            """\
import asyncio


class Pool:
    async def run_in_executor(self, job: str) -> None:
        await asyncio.sleep(0)


def blocking() -> None:
    return None


async def dispatch(pool: Pool) -> None:
    asyncio.ensure_future(asyncio.to_thread(blocking))
    asyncio.ensure_future(pool.run_in_executor("job"))
""",
            note="to_thread() and a project coroutine named run_in_executor make coroutines",
            lines=(14, 15),
        ),
        snippet(
            """\
import asyncio
import contextlib


async def deliver(body: str) -> None:
    return None


class MailHandler:
    def emit(self, body: str) -> None:
        loop = asyncio.get_running_loop()
        loop.create_task(self._send(body))
        loop.create_task(self._send_logged(body))

    async def _send(self, body: str) -> None:
        with contextlib.suppress(Exception):
            await deliver(body)

    async def _send_logged(self, body: str) -> None:
        with contextlib.suppress(ValueError):
            await deliver(body)
""",
            note="a coroutine that swallows every exception in `contextlib.suppress(Exception)` "
            "(not one that suppresses only a `ValueError`)",
            lines=(12, 13),
        ),
        snippet(
            """\
import asyncio


async def post(url: str) -> None:
    return None


async def notify(urls: list[str]) -> None:
    async def _notify_all() -> None:
        results = await asyncio.gather(*[post(u) for u in urls], return_exceptions=True)
        for result in results:
            if isinstance(result, Exception):
                print(result)

    async def _notify_each() -> None:
        await asyncio.gather(*[post(u) for u in urls], return_exceptions=False)

    asyncio.create_task(_notify_all())
    asyncio.create_task(_notify_each())
""",
            note="a coroutine that gathers its work with `return_exceptions=True` (not one "
            "that lets the first error out of the gather)",
            lines=(18, 19),
        ),
        snippet(
            """\
import asyncio


async def poll() -> None:
    return None


class Watcher:
    async def start(self) -> None:
        self._pending = poll()
        asyncio.ensure_future(self._pending)
        self._task = asyncio.create_task(poll())
        self._task = None
        asyncio.ensure_future(self._task)
        asyncio.create_task(self._guarded())

    async def _guarded(self) -> None:
        try:
            await poll()
        except Exception:
            return None
""",
            note="a stored coroutine (not a task), a task rebound before the call, and a "
            "coroutine that catches its own errors: still no reference to the task",
            lines=(11, 14, 15),
        ),
        snippet(
            """\
import asyncio


def schedule() -> None:
    loop = asyncio.get_running_loop()
    loop.create_task(_safe_close())
    loop.create_task(_close())


async def _safe_close() -> None:
    try:
        await asyncio.sleep(0)
    except Exception:
        return None


async def _close() -> None:
    await asyncio.sleep(0)
""",
            note="module-level coroutines defined below the function that starts them, one "
            "catching its own errors: still no reference to either task",
            lines=(6, 7),
        ),
        snippet(
            """\
import asyncio
import logging

logger = logging.getLogger(__name__)


def load() -> None:
    return None


async def warm() -> None:
    def _prime() -> None:
        logger.info("priming")
        try:
            load()
        except Exception:
            logger.warning("prime failed")

    def _prime_values() -> None:
        try:
            load()
        except ValueError:
            logger.warning("prime failed")

    asyncio.create_task(asyncio.to_thread(_prime))
    asyncio.create_task(asyncio.to_thread(_prime_values))
""",
            note="the other side of the quiet-thread trap: a thread function with a statement "
            "outside its catch-all, and one that only catches `ValueError`: their errors are lost",
            lines=(25, 26),
        ),
        snippet(
            """\
import asyncio
from typing import Any

from outside_store import adapter


class Journal:
    async def record(self, key: str) -> None:
        await asyncio.sleep(0)


journal = Journal()


def remember(key: str, store: Any) -> None:
    recorder = getattr(adapter, "record_event", None)
    if recorder is None:
        return
    asyncio.create_task(recorder(key))
    asyncio.create_task(store.record(key))
""",
            note="a coroutine the project does not define: a method looked up with getattr on "
            "an outside object is named as unread; one named like a project method is not",
            lines=(19, 20),
        ),
        snippet(
            """\
import asyncio
import logging

logger = logging.getLogger(__name__)


def ready() -> bool:
    return True


def publish(text: str) -> None:
    if not ready():
        return
    try:
        logger.info(text)
    except Exception:
        logger.warning("publish failed")


def export(text: str) -> None:
    import yaml

    try:
        logger.info(yaml.safe_dump({"text": text}))
    except Exception:
        logger.warning("export failed")


async def announce(text: str) -> None:
    asyncio.create_task(asyncio.to_thread(publish, text))
    asyncio.create_task(asyncio.to_thread(export, text))
""",
            note="the other side of the early-exit and loaded-import trap: an early exit whose "
            "test calls a function, and an import of a module the project never loads at module "
            "level (an optional dependency): either can raise outside the catch-all",
            lines=(30, 31),
        ),
        Example(
            files=_thread_wrapper_files('raise RuntimeError("the kube client is missing")'),
            note="the other side of the thread wrapper: its function raises when its optional "
            "import fails, and nothing sees that exception once the task is dropped",
            lines=(12,),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/sink.py": """\
import logging

logger = logging.getLogger(__name__)


class Sink:
    async def flush(self) -> None:
        \"\"\"Send what is buffered.\"\"\"
        await self._send()

    async def push(self) -> None:
        await self._post()

    async def _send(self) -> None:
        try:
            await self._post()
        except Exception:
            logger.debug("flush failed")

    async def _post(self) -> None:
        return None
""",
                "app/events.py": """\
import asyncio
from typing import Optional

from app.sink import Sink

_sink: Sink | None = None


def attach(sink: Sink) -> None:
    global _sink
    _sink = sink


async def record(other: "Optional[Sink]") -> None:
    if _sink is not None:
        asyncio.get_running_loop().create_task(_sink.flush())
        asyncio.create_task(_sink.push())
    if other is not None:
        asyncio.ensure_future(other.flush())
""",
            },
            note="a method of a class of another module, called on a name annotated with it: "
            "one whose work catches its own errors (through `await self._send()`), one whose "
            "errors are lost (seen in kimi-cli)",
            lines=(16, 17, 19),
        ),
        snippet(
            """\
import asyncio


async def refresh(key: str) -> None:
    await asyncio.sleep(0)


def warm(key: str) -> str:
    return key.strip()


def schedule(key: str) -> None:
    async def _later() -> None:
        await asyncio.sleep(5)
        await refresh(key)

    try:
        asyncio.create_task(_later())
    except RuntimeError:
        try:
            asyncio.create_task(refresh(key))
        except RuntimeError:
            pass


def schedule_warm(key: str) -> None:
    try:
        asyncio.create_task(refresh(warm(key)))
    except Exception:
        asyncio.create_task(refresh(key))
""",
            note="a fallback spawn in the `except` of the same spawn runs only when no loop "
            "is running, and then fails before a task exists: only the first is reported "
            "(seen in cuga's playwright_commands.py); the other side: a `try` whose argument "
            "may raise on its own (`warm(key)`), so the fallback may start a task",
            lines=(18, 28, 30),
        ),
        Example(
            files={
                "hooks/__init__.py": "",
                "hooks/fanout.py": """\
import logging

logger = logging.getLogger(__name__)


async def post(url: str) -> None:
    return None


async def notify_all(urls: list[str]) -> int:
    sent = 0
    for url in urls:
        try:
            await post(url)
            sent += 1
        except Exception as exc:
            logger.warning("hook %s failed: %s", url, exc)
    return sent


async def notify_first(urls: list[str]) -> None:
    await post(urls[0])


async def notify_and_count(urls: list[str]) -> None:
    sent = await notify_all(urls)
    logger.info("%d hooks sent", sent)
""",
                "hooks/routes.py": """\
import asyncio

from fastapi import APIRouter

from hooks import fanout
from hooks.fanout import notify_first

router = APIRouter()


@router.post("/events")
async def event(urls: list[str]) -> dict[str, bool]:
    asyncio.create_task(fanout.notify_all(urls))
    asyncio.create_task(notify_first(urls))
    asyncio.create_task(fanout.notify_and_count(urls))
    return {"queued": True}
""",
            },
            note="a coroutine function of another module, called through its module or "
            "imported by name: one that catches each failure of its work, one whose errors "
            "are lost, one that awaits unguarded only the first (seen in cuga's "
            "events/direct_events.py, dokku-api's tools/ssh.py run_command)",
            lines=(13, 14, 15),
        ),
        snippet(
            """\
import asyncio
import logging

logger = logging.getLogger(__name__)


async def fetch(job: str) -> str:
    await asyncio.sleep(0)
    return job


async def store(result: str) -> None:
    await asyncio.sleep(0)


async def run(job: str) -> None:
    async def _fetch_then_store() -> None:
        try:
            result = await fetch(job)
        except Exception:
            logger.warning("fetch failed")
            return
        await store(result)

    async def _fetch_and_store() -> None:
        await asyncio.sleep(1)
        try:
            await store(await fetch(job))
        except Exception:
            logger.warning("job failed")

    asyncio.create_task(_fetch_then_store())
    asyncio.create_task(_fetch_and_store())
""",
            note="a coroutine whose `try` guards its first await, not the later one: its "
            "errors are not all handled; one whose `try` guards every await but a sleep "
            "handles them",
            lines=(32, 33),
        ),
        Example(
            files={
                "svc/__init__.py": "",
                "svc/engine.py": """\
import asyncio
import functools


def traced(fn):
    @functools.wraps(fn)
    async def wrapper(*args, **kwargs):
        await asyncio.sleep(0)
        return await fn(*args, **kwargs)

    return wrapper


class Engine:
    async def start(self) -> None:
        self.started = True

    @traced
    async def warm(self) -> None:
        self.warm_ = True

    async def mark(self) -> None:
        self.marked = True


class StreamingEngine(Engine):
    async def start(self) -> None:
        await asyncio.sleep(1)
""",
                "svc/runner.py": """\
import asyncio

from svc.engine import Engine


class Runner:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.spare = Engine()
        self.backup = Engine()

    def begin(self) -> None:
        asyncio.create_task(self.engine.start())
        asyncio.create_task(self.spare.warm())
        asyncio.create_task(self.backup.mark())

    def swap(self, other: object) -> None:
        self.backup = other
""",
            },
            note="coroutines that may suspend after all: a method a subclass overrides with "
            "one that awaits, a decorated one (the wrapper awaits), and an attribute that "
            "may hold another object (stored from an unannotated value)",
            lines=(13, 14, 15),
        ),
        snippet(
            """\
import asyncio
import logging

logger = logging.getLogger(__name__)


class Exporter:
    def __init__(self) -> None:
        self.buffer: list[str] = []

    def add(self, line: str) -> None:
        self.buffer.append(line)
        if len(self.buffer) > 10:
            asyncio.get_running_loop().create_task(self.flush())
            asyncio.get_running_loop().create_task(self.drain())

    async def flush(self) -> None:
        lines, self.buffer = self.buffer, []
        await self._upload(lines)
        await self._archive(lines)

    async def drain(self) -> None:
        await self._upload(self.buffer)
        await self._post(self.buffer)

    async def _upload(self, lines: list[str]) -> None:
        try:
            await self._post(lines)
        except Exception:
            logger.exception("upload failed")

    async def _archive(self, lines: list[str]) -> None:
        try:
            await asyncio.to_thread(print, *lines)
        except Exception:
            logger.exception("archive failed")

    async def _post(self, lines: list[str]) -> None:
        await asyncio.sleep(0)
""",
            note="a coroutine whose unguarded awaits all call methods that catch and log "
            "every exception themselves, and one that also awaits one that does not "
            "(seen in agent-os-kernel)",
            lines=(14, 15),
        ),
        snippet(
            """\
import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

logger = logging.getLogger(__name__)


class Notifier:
    def _spawn(self, job: Coroutine[Any, Any, None]) -> None:
        asyncio.get_running_loop().create_task(job)

    def ping(self, text: str) -> None:
        self._spawn(self._send(text))

    def pong(self, text: str) -> None:
        self._spawn(job=self._send(text.upper()))

    async def _send(self, text: str) -> None:
        try:
            await asyncio.to_thread(print, text)
        except Exception:
            logger.exception("send failed")


def _launch(job: Coroutine[Any, Any, None]) -> None:
    asyncio.get_running_loop().create_task(job)


def start(text: str) -> None:
    _launch(_deliver(text))


async def _deliver(text: str) -> None:
    await asyncio.to_thread(print, text)
""",
            note="a helper handed only coroutines that catch and log every exception "
            "themselves, and one handed a coroutine that does not (seen in dazzle-dsl)",
            lines=(11, 27),
        ),
        snippet(
            _LOOKED_UP_HANDLER
            + """

class SlowClient(Client):
    async def on_notice(self, notice: str) -> None:
        await asyncio.sleep(1)
""",
            note="the other side of the looked-up handler trap: one subclass's handler can suspend",
            lines=(16,),
        ),
        Example(
            files={
                "shell/__init__.py": "",
                "shell/commands.py": _AWAITABLE_REGISTRY,
                "shell/audit.py": _THREADED_AUDIT,
                "shell/repl.py": _REPL,
                "shell/db.py": """\
import asyncio

from shell.commands import Registry


class DbAudit:
    async def record(self, entry: str) -> None:
        await asyncio.sleep(0)


def server_registry() -> Registry:
    return Registry(DbAudit())
""",
            },
            note="the other side of the awaitable guard: one registry is handed an auditor "
            "whose `record` is a coroutine function, so the guarded task is made and lost",
            lines=(21,),
        ),
    )
    good = (
        Example(
            files={"app/main.py": _EMITTER.format(step='await notify("queued")')},
            note="trap: a nested emitter its route never calls nor hands on (seen in "
            "aurapro-webui's bilingual import): its task is never started",
        ),
        Example(
            files={
                "shell/__init__.py": "",
                "shell/commands.py": _AWAITABLE_REGISTRY,
                "shell/audit.py": _THREADED_AUDIT,
                "shell/repl.py": _REPL,
            },
            note="a task made only when the auditor's result is awaitable, and every auditor "
            "the project hands the registry (`None` by default, or `ThreadedAudit`) has a "
            "plain `def record` that returns nothing: the task is never made",
        ),
        Example(
            files={
                "svc/bus.py": _BUS_ONE_STEP,
                "svc/routes.py": _BUS_ROUTES,
            },
            note="trap: a coroutine method that cannot suspend, called on a module-level "
            "instance another module binds (`bus = Bus()`): its task completes in its first "
            "step (seen in memorybase)",
        ),
        snippet(
            _GARDENS,
            note="a loop variable over a list the class fills only with one project class's "
            "instances, whose coroutine method cannot suspend (davybot's memory gardeners): "
            "the task completes in its first step",
        ),
        snippet(
            _TIMER_CLOSE.format(start="        threading.Timer(delay, expire).start()"),
            note="a plain function run only as a timer's thread (seen in mcp-feedback-webui): "
            "no loop is set there, so `asyncio.get_event_loop()` raises and no task is made",
        ),
        snippet(
            _LOG_QUEUE.format(queue="asyncio.Queue()"),
            note="the task only puts an item on a queue built with no `maxsize` (seen in "
            "tterp-cores): `put` never waits on an unbounded queue, so the task finishes in "
            "its first step, held by the loop until then, and raises nothing",
        ),
        Example(
            files=_OLD_COPY_FILES,
            note="an old copy of a module (its classes live on under the same names in a "
            "module the project imports) in a package nothing imports or names: nothing "
            "runs its discarded task (seen in ccproxy-api)",
        ),
        Example(
            files=_SIBLING_COPY_FILES,
            note="an old copy kept beside its live module in the same package (its classes "
            "live on under the same names there), which nothing imports, runs or names: "
            "nothing runs its discarded task (seen in vital-chatwoot-bridge)",
        ),
        snippet(
            """\
from fastapi import APIRouter, BackgroundTasks

router = APIRouter()


async def send_email(to: str) -> None:
    return None


@router.post("/signup", status_code=201)
async def signup(email: str, background: BackgroundTasks) -> dict[str, str]:
    background.add_task(send_email, email)
    return {"email": email}
"""
        ),
        snippet(
            """\
import asyncio

import anyio

background_tasks: set[asyncio.Task[None]] = set()


async def work() -> None:
    return None


async def kept() -> asyncio.Task[None]:
    task = asyncio.create_task(work())
    background_tasks.add(task)
    task.add_done_callback(background_tasks.discard)
    background_tasks.add(asyncio.create_task(work()))
    await asyncio.create_task(work())
    await asyncio.gather(asyncio.ensure_future(work()))
    async with asyncio.TaskGroup() as tg:
        tg.create_task(work())
    async with anyio.create_task_group() as group:
        group.start_soon(work)
    return asyncio.create_task(work())
""",
            note="assigned, collected, awaited, passed, returned; task groups hold references",
        ),
        snippet(
            """\
import asyncio


class Scheduler:
    def create_task(self, coro: object) -> None:
        return None


async def work() -> None:
    return None


async def handler(loop: Scheduler) -> None:
    loop.create_task(work())
    loop = Scheduler()
    loop.create_task(work())


async def shadow() -> None:
    asyncio = Scheduler()
    asyncio.create_task(work())
""",
            note="look-alikes: a parameter named loop, a project class, a local named asyncio",
        ),
        snippet(
            """\
import asyncio
from concurrent.futures import ThreadPoolExecutor


def publish_sync(message: str) -> None:
    return None


class Service:
    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.executor = ThreadPoolExecutor()

    async def publish(self, message: str) -> None:
        asyncio.ensure_future(self.loop.run_in_executor(self.executor, publish_sync, message))
        asyncio.ensure_future(asyncio.get_running_loop().create_future())
        asyncio.ensure_future(asyncio.wrap_future(self.executor.submit(publish_sync, message)))
""",
            note="executor and plain futures: ensure_future returns them, no task is created",
        ),
        snippet(
            """\
import asyncio
from asyncio import ensure_future


async def consume() -> None:
    return None


class Consumer:
    async def start(self) -> None:
        self._running = asyncio.create_task(consume())
        ensure_future(self._running)

    def stop(self) -> None:
        self._running.cancel()


async def run_once() -> None:
    task = asyncio.create_task(consume())
    asyncio.ensure_future(task)
    await task
""",
            note="ensure_future of a task stored by the statement before returns that task",
        ),
        snippet(
            """\
import asyncio
import logging

from fastapi import FastAPI

app = FastAPI()
logger = logging.getLogger(__name__)
cache: dict[str, int] = {}


def discover() -> dict[str, int]:
    return {"a": 1}


@app.on_event("startup")
async def warm_caches() -> None:
    def _prime() -> None:
        \"\"\"Fill the cache, best effort.\"\"\"
        try:
            cache.update(discover())
        except Exception as exc:
            logger.warning("warmup failed (%s)", exc)

    asyncio.create_task(asyncio.to_thread(_prime))
""",
            note="a thread function whose whole body catches and logs every exception: the "
            "executor's thread holds the work, and no exception is lost (seen in harbormaster)",
        ),
        Example(
            files=_thread_wrapper_files("return"),
            note="a coroutine of another module that only awaits `asyncio.to_thread` of the "
            "function it defines, whose body is guarded whole (an optional import whose failure "
            "returns, then the work in `try`/`except Exception` that logs): after its first "
            "step the executor's thread holds the work, and no exception is lost (orb-py "
            "orb/providers/k8s/infrastructure/handlers/base_handler.py:461)",
        ),
        Example(
            files={
                "relay/__init__.py": "",
                "relay/main.py": """\
import yaml
from fastapi import FastAPI

from relay import routes

app = FastAPI()
app.include_router(routes.router)
CONFIG = yaml.safe_load("enabled: true")
""",
                "relay/store.py": """\
def save(key: str, value: str) -> None:
    return None
""",
                "relay/routes.py": """\
import asyncio
import logging

from fastapi import APIRouter

ENABLED = True
logger = logging.getLogger(__name__)
router = APIRouter()


def _remember(key: str, answer: str) -> None:
    \"\"\"Keep the answer, best effort.\"\"\"
    if not ENABLED or not answer:
        return
    import yaml

    from relay import store

    try:
        store.save(key, yaml.safe_dump({"answer": answer}))
    except Exception:
        logger.debug("remember failed", exc_info=True)


@router.post("/ask")
async def ask(key: str, answer: str) -> dict[str, str]:
    asyncio.create_task(asyncio.to_thread(_remember, key, answer))
    return {"answer": answer}
""",
            },
            note="a thread function that guards its whole body after an early exit on names and "
            "imports of a project module and of one the project already loads at module level "
            "(`relay/main.py`): neither can raise, so no exception is lost (seen in "
            "amfs-http-server openrouter_proxy.py)",
        ),
        Example(
            files={
                "jobs/__init__.py": "",
                "jobs/lifecycle.py": """\
import asyncio


async def watch() -> None:
    await asyncio.sleep(60)


class Lifecycle:
    def __init__(self) -> None:
        self._watcher: asyncio.Task[None] | None = None

    async def start(self) -> None:
        \"\"\"Start watching, once.\"\"\"
        if self._watcher is None:
            self._watcher = asyncio.create_task(watch())
""",
                "jobs/server.py": """\
import asyncio

from jobs.lifecycle import Lifecycle, watch

_lifecycle: Lifecycle | None = None
_background: set[asyncio.Task[None]] = set()


class Core:
    def __init__(self) -> None:
        self.lifecycle = Lifecycle()

    def start(self) -> None:
        asyncio.create_task(self.lifecycle.start())
        asyncio.create_task(self._mark())

    async def _mark(self) -> None:
        self.marked = True


class Console:
    def __init__(self) -> None:
        self._lifecycle: Lifecycle | None = None

    def open(self) -> None:
        if self._lifecycle is None:
            self._lifecycle = Lifecycle()
            asyncio.create_task(self._lifecycle.start())

    def close(self) -> None:
        self._lifecycle = None


def boot() -> None:
    global _lifecycle
    _lifecycle = Lifecycle()
    asyncio.create_task(_lifecycle.start())

    async def _spawn() -> None:
        task = asyncio.create_task(watch())
        _background.add(task)
        task.add_done_callback(_background.discard)

    asyncio.create_task(_spawn())
""",
            },
            note="coroutines that cannot suspend (no await, async for or async with): each "
            "task completes in its first step, held by the loop until then, and the "
            "long-lived work they start is kept (seen in rapid-mlx); an attribute reset to "
            "None holds no other object (a method called on None makes no coroutine)",
        ),
        snippet(
            _LOOKED_UP_HANDLER,
            note="a handler looked up by name on the object's class, whose every definition "
            "cannot suspend: each task completes in its first step (seen in vllm-tpu)",
        ),
    )
