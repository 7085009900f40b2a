from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from auditor.check import Check, Example, Hit, Severity, snippet
from auditor.guards import only_before_feature
from auditor.lazyre import lazy_compile
from auditor.project import Project
from auditor.recognisers import is_main_guard, only_below_python
from auditor.walker import ModuleContext, Scope

if TYPE_CHECKING:
    from auditor.scope import NamedUse

GET_EVENT_LOOP = "asyncio.get_event_loop"
GET_RUNNING_LOOP = "asyncio.get_running_loop"
SET_EVENT_LOOP = "asyncio.set_event_loop"
_EXECUTOR_ADVICE = (
    "; for sync work, `await run_in_threadpool(f, *args)` or `await asyncio.to_thread(f, *args)` "
    "replaces `run_in_executor(None, ...)`"
)


class _Data(NamedTuple):
    """What a hit carries to ``judge``: the enclosing function, and whether it is a coroutine.
    A ``self_call`` record is no finding: a ``self.method()`` call (which the call graph
    does not follow), for the callers of a helper method."""

    function: str | None = None
    in_async: bool = False
    self_call: str | None = None  # the method called on ``self``


@dataclass
class _State:
    #: (scope id, name) -> (the scope, the hit of ``name = asyncio.get_event_loop()``)
    loops: dict[tuple[int, str], tuple[Scope, Hit]] = field(default_factory=dict)


#: A sync provider whose private ``_wait`` fetches a loop: the bad example's ``run`` calls
#: it, the good one's no longer does (nothing calls or names ``_wait``).
_QUEUE = """\
import asyncio


class Queue:
    def run(self, command: str) -> str:
        return self._wait(command)

    def _wait(self, command: str) -> str:
        loop = asyncio.get_event_loop()
        return loop.run_until_complete(asyncio.sleep(0, command))

    def _run(self, command: str) -> str:
        return command
"""
#: A coroutine awaited only by a watch loop of its class (the other side of the trap
#: starts the loop from the lifespan; the trap starts it nowhere).
_POLLER = """\
import asyncio


class Poller:
    def __init__(self) -> None:
        self.seen: dict[str, float] = {}

    async def sweep(self) -> None:
        self.seen["last"] = asyncio.get_event_loop().time()

    async def watch(self) -> None:
        while True:
            await self.sweep()
            await asyncio.sleep(30)
"""
_POLLER_APP = """\
from fastapi import FastAPI

from app.poller import Poller

app = FastAPI()
poller = Poller()


@app.get("/seen")
async def seen() -> dict[str, float]:
    return poller.seen
"""
_POLLER_STARTED = """\
import asyncio
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.poller import Poller

poller = Poller()


@asynccontextmanager
async def lifespan(app: FastAPI):
    task = asyncio.create_task(poller.watch())
    yield
    task.cancel()


app = FastAPI(lifespan=lifespan)


@app.get("/seen")
async def seen() -> dict[str, float]:
    return poller.seen
"""
_QUEUE_FILES = {
    "app/main.py": """\
from fastapi import FastAPI

from app.queue import Queue

app = FastAPI()
queue = Queue()


@app.post("/run")
def run(command: str) -> str:
    return queue.run(command)
""",
}

#: A store the route builds and uses through its sync ``put``; its public ``put_async``
#: (written fresh for the unexported-method trap) is named nowhere, or, in the bad twin, by a
#: second route.
_STORE = """\
import asyncio


class Store:
    def __init__(self) -> None:
        self.rows: dict[str, str] = {}

    def put(self, key: str, value: str) -> None:
        self.rows[key] = value

    async def put_async(self, key: str, value: str) -> None:
        loop = asyncio.get_event_loop()
        await loop.run_in_executor(None, self.put, key, value)
"""
_STORE_APP = """\
import asyncio

from fastapi import FastAPI

from app.store import Store

app = FastAPI()
store = Store()


@app.put("/rows/{key}")
async def put_row(key: str, value: str) -> None:
    await asyncio.to_thread(store.put, key, value)
"""
_STORE_AWAITED = """\


@app.put("/later/{key}")
async def put_later(key: str, value: str) -> None:
    await store.put_async(key, value)
"""

#: A coroutine of a module the bad twin's route awaits and the trap's package holds unimported.
_PAUSE = """\
import asyncio


async def pause(seconds: float) -> float:
    loop = asyncio.get_event_loop()
    await asyncio.sleep(seconds)
    return loop.time()
"""


class GetEventLoopInCoroutine(Check):
    """
    ## What it does
    Flags calls to `asyncio.get_event_loop()` in application and test modules.  Inside a
    coroutine the finding says to use `asyncio.get_running_loop()`; at module level or in a
    sync function it says that the call raises `RuntimeError` on Python ≥ 3.14 when no loop
    is running.  When the loop only serves `loop.run_in_executor(None, f, ...)`, the message
    also recommends `await run_in_threadpool(f, ...)` or `await asyncio.to_thread(f, ...)`.

    ## Why is this bad?
    Inside a coroutine, CPython documents `get_running_loop()` as the preferred call: it
    always returns the loop that is running the coroutine.  `get_event_loop()` goes through
    the event-loop policy instead: it emits a `DeprecationWarning` when there is no current
    loop (Python 3.10–3.13), raises `RuntimeError` in that case on 3.14, and the policy
    system itself is deprecated for removal in 3.16.  Inside a coroutine the two calls
    return the same loop today, but the pattern of [Patterns reference]'s reusable
    helper (`loop = asyncio.get_event_loop()` + `run_in_executor(None, ...)`) gets copied
    into sync helpers and import-time code, where it breaks.

    The sources disagree here (catalogue Disagreement D6): [Production guide 2026],
    [Production skill 2025] and [Patterns reference] offload work with
    `asyncio.get_event_loop().run_in_executor(...)`, while [ForgeAPI guide] and
    [zhanymkanov README] use `run_in_threadpool`.  The current advice is the latter
    for sync I/O (or `asyncio.to_thread` / `anyio.to_thread.run_sync`), and
    `get_running_loop()` whenever a loop object is really needed — for example to use a
    `ProcessPoolExecutor` for CPU-bound work, where `run_in_executor` stays correct.

    Sync code (a function, or `if __name__ == "__main__":`) that first installs a loop with
    `asyncio.set_event_loop(...)` is not reported, and neither is a sync call in the body of
    a `try` whose handler catches `RuntimeError` (`except RuntimeError: loop =
    asyncio.new_event_loop()`): the 3.14 failure is handled there.  Nor is a sync function
    (or a constructor) that project code calls, and only from inside coroutines: a loop is
    running whenever it runs.  Calls through receivers the call graph cannot type count
    too: when every use of the function's name in the project (strings and comments aside)
    is a call inside a coroutine (`async with page.expect_download():`) or the function
    handed to the loop's own `call_soon` / `add_done_callback` / ... (also bound with
    `functools.partial`), it is not reported; a call inside a sync function that is itself
    only run that way counts too (two functions deep: a helper of a done-callback).
    Nor is `self._future = asyncio.get_event_loop().create_future()` (or a `return` of
    it) in a sync method whose class awaits that future in a coroutine method of its own
    (`await self._get_future()`, `await self._future`): with a loop running, the call
    returns it; with none current, the future would belong to a loop the program never
    runs (it runs its own with `asyncio.run`) on any Python, unless it fetches that loop
    with `get_event_loop()` itself, which is reported where it does.
    Nor is a call in a branch that only older Pythons take (`if sys.version_info < (3, 10):`,
    the `else` of `if sys.version_info >= (3, 12):`, any bound up to 3.14), or behind a
    feature test of the standard library that dates it (the `else` of
    `if hasattr(asyncio, "run"):` runs only below 3.7, where `asyncio.run` is missing; a
    table of the names and the release that added them, never an import): code kept beside
    the modern call for interpreters the reasons above do not reach.  For the same reason a
    call outside a coroutine is not reported in a project whose declared Python target stops
    below 3.14 (`requires-python = ">=3.11,<3.14"`, a wheel's `Requires-Python`): 3.14's
    `RuntimeError` cannot happen on any interpreter it installs on.  A call inside a coroutine
    is reported whatever the target.  A function, sync or a coroutine, that nothing in the
    project reaches or names (no name token, no one-word string: a private method a refactor
    left behind), or whose every use sits in such dead code (a coroutine awaited only by a
    monitor loop that nothing starts), never runs, so its call is not reported either; a
    public coroutine of a module that no code of the project names at all is kept (the
    package's API, which code outside it may import and await), but not a method of a class
    the package does not export.
    When the function, or a sync function calling it (two deep), is handed by its own module
    to a worker thread
    (`asyncio.to_thread(self.run, ...)`, `run_in_threadpool`, `run_in_executor(None, ...)`),
    the message adds that there, where no loop is set, the call raises on every Python.

    ## Example
    ```python
    @router.get("/crunch")
    async def crunch_route() -> dict[str, int]:
        loop = asyncio.get_event_loop()
        result = await loop.run_in_executor(None, crunch)
        return {"result": result}
    ```

    ## Use instead
    ```python
    @router.get("/crunch")
    async def crunch_route() -> dict[str, int]:
        result = await run_in_threadpool(crunch)          # threads, I/O-bound sync code
        return {"result": result}

    async def crunch_in_processes() -> int:
        loop = asyncio.get_running_loop()                  # a loop object really needed
        return await loop.run_in_executor(process_pool, cpu_bound_function)
    ```

    ## Fix safety
    Inside a coroutine, `asyncio.get_event_loop()` is rewritten to
    `asyncio.get_running_loop()`, keeping your spelling of the module (`import asyncio as
    aio` gives `aio.get_running_loop()`).  The two calls return the same loop there, so the
    fix cannot change behaviour.  With `from asyncio import get_event_loop`, the call becomes
    `get_running_loop()` and the import is added (and the old one removed when nothing else
    uses it); when the name `get_running_loop` is already taken by something else, the
    finding is report-only.  Outside coroutines the call is report-only: there the right
    replacement (`asyncio.run`, `new_event_loop`, or passing the loop in) depends on the
    program.  Replacing `run_in_executor(None, ...)` with `run_in_threadpool` is left to you.

    ## Known problems
    The `run_in_executor(None, ...)` advice is given when the call is chained directly
    (`asyncio.get_event_loop().run_in_executor(None, f)`) or when the loop is bound to a
    name in the same function (or at module level) and that name's `run_in_executor` is
    called later with `None`.

    ## References
    - [Patterns reference] (`run_sync_in_threadpool` helper), [Production guide 2026],
      [Production skill 2025] (`get_event_loop` + `run_in_executor`)
    - [ForgeAPI guide] and [zhanymkanov README] (`run_in_threadpool`)
    - Python docs, `asyncio.get_event_loop` and `asyncio.get_running_loop`
    """

    id = "ASY003"
    name = "get-event-loop-in-coroutine"
    category = "async"
    severity = Severity.WARNING
    file_classes = frozenset({"app", "test"})
    message = "`asyncio.get_event_loop()`: use `asyncio.get_running_loop()`"
    fix_title = "Use `asyncio.get_running_loop()`"
    sources = (
        "Production guide 2026",
        "ForgeAPI guide",
        "Production skill 2025",
        "Patterns reference",
        "zhanymkanov README",
    )

    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "self"
            and ctx.function is not None
            and ctx.function.class_qname
        ):
            ctx.report(
                node,
                "",
                data=_Data(
                    ctx.enclosing_function_qname(),
                    ctx.in_async,
                    self_call=f"{ctx.function.class_qname}.{func.attr}",
                ),
            )
        if isinstance(func, ast.Attribute) and func.attr == "run_in_executor":
            self._executor(node, ctx)
        if ctx.resolve(func) != GET_EVENT_LOOP:
            return
        bounds = [b for b in (only_below_python(node, ctx), only_before_feature(node, ctx)) if b]
        bound = min(bounds) if bounds else None
        if bound is not None and bound <= (3, 14):
            return  # an old-Python branch: 3.14's RuntimeError and the advice never apply
        in_async = ctx.in_async
        if not in_async and (
            _loop_set_before(node, ctx)
            or _runtime_error_handled(node, ctx)
            or _future_for_own_coroutine(node, ctx)
        ):
            return
        if in_async and _running_loop_fallback(node, ctx):
            return  # the handler of a ``get_running_loop()`` that cannot fail in a coroutine
        if in_async:
            message = "`asyncio.get_event_loop()` in a coroutine: use `asyncio.get_running_loop()`"
        else:
            message = (
                "`asyncio.get_event_loop()` outside a coroutine raises RuntimeError on Python ≥ 3.14 "
                "when no loop is running"
            )
        parent = ctx.parent
        feeds_executor = (
            isinstance(parent, ast.Attribute)
            and parent.attr == "run_in_executor"
            and len(ctx.parents) >= 2
            and isinstance(ctx.parents[-2], ast.Call)
            and ctx.parents[-2].func is parent
            and _default_executor(ctx.parents[-2])
        )
        if feeds_executor:
            message += _EXECUTOR_ADVICE
        fixable = in_async and self._fixable(func, ctx)
        function = ctx.enclosing_function_qname()
        if not in_async and function is None:
            function = _field_factory_of(node, ctx)
        hit = ctx.report(
            node,
            message,
            data=_Data(function, in_async),
            fixable=fixable,
            fix_title="Replace with `asyncio.get_running_loop()`"
            if fixable
            else (None if in_async else "Pass the loop in, or start one with `asyncio.run()`"),
        )
        # ``loop = asyncio.get_event_loop()``: a later ``loop.run_in_executor(None, ...)``
        # amends this hit's message.
        name = _assigned_name(parent, node)
        if name and not feeds_executor and ctx.scope.kind != "class":
            ctx.state(_State).loops[(id(ctx.scope), name)] = (ctx.scope, hit)

    def _executor(self, node: ast.Call, ctx: ModuleContext) -> None:
        recv = node.func.value  # type: ignore[attr-defined]
        if not isinstance(recv, ast.Name) or not _default_executor(node):
            return
        if ctx.local_call_binding(recv.id) != GET_EVENT_LOOP:
            return
        owner = _binding_scope(recv.id, ctx)
        if owner is None:
            return
        entry = ctx.state(_State).loops.get((id(owner), recv.id))
        if entry is None or entry[0] is not owner:
            return
        hit: Hit = entry[1]
        if not hit.message.endswith(_EXECUTOR_ADVICE):
            hit.message += _EXECUTOR_ADVICE

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        # callers: the call graph's, and the ``self.method()`` calls seen in this pass
        callers: dict[str, list[tuple[str | None, bool]]] = {}
        for q, sites in project.call_sites.items():
            callers[q] = [(caller.qname, cs.in_async) for caller, cs in sites]
        for h in hits:
            d = h.payload(_Data)
            if d.self_call:
                callers.setdefault(d.self_call, []).append((d.function, d.in_async))
        before_314 = project.inventory.python_below((3, 14))
        kept = [
            h
            for h in hits
            if not h.payload(_Data).self_call
            and not (before_314 and not h.payload(_Data).in_async)
            and not _only_called_from_coroutines(h.payload(_Data), callers)
        ]
        kept = _drop_used_only_on_a_loop(kept, project, callers)
        # a function nothing reaches or names (a private method left behind by a refactor),
        # or one only such dead code uses (a coroutine awaited only by a monitor loop that
        # nothing starts): the call never runs, so it raises nothing and warns of nothing
        dead = project.dead_code(h.payload(_Data).function for h in kept)
        dead -= _unnamed_public_coroutines(
            project, {h.payload(_Data).function for h in kept if h.payload(_Data).in_async} & dead
        )
        kept = [h for h in kept if h.payload(_Data).function not in dead]
        # nor in a module that runs nowhere (a stray module of the application's package
        # that nothing imports or names): none of its functions is ever called
        if kept:
            kept = [h for h in kept if h.path not in project.dead_module_paths]
        _say_worker_threads(kept, project, callers)
        return kept

    def _fixable(self, func: ast.expr, ctx: ModuleContext) -> bool:
        if isinstance(func, ast.Attribute):
            return isinstance(
                func.value, ast.Name
            )  # ``asyncio.get_event_loop`` / ``aio.get_event_loop``
        if isinstance(func, ast.Name):
            # ``from asyncio import get_event_loop``: the new name must be free (or already it)
            return _name_free_or(ctx, "get_running_loop", GET_RUNNING_LOOP)
        return False

    def fix(self, source: str, hit: Hit, project: Project) -> str | None:
        import libcst as cst

        from auditor.fixes import add_import, locate, module_code, parse_module, replace_node

        in_line = _renamed_in_line(source, hit)
        if in_line is not None:
            return in_line
        fixed = _renamed_in_statement(source, hit)
        if fixed is not _WHOLE_MODULE:
            return fixed  # type: ignore[return-value]
        module = parse_module(source)
        old = _the_call(locate(module, cst.Call, hit.line, hit.column))
        if old is None:
            return None
        func = old.func
        if isinstance(func, cst.Attribute) and func.attr.value == "get_event_loop":
            new = old.with_changes(func=func.with_changes(attr=cst.Name("get_running_loop")))
            return module_code(replace_node(module, old, new))
        if isinstance(func, cst.Name):
            new = old.with_changes(func=cst.Name("get_running_loop"))
            module = replace_node(module, old, new)
            module = add_import(module, "asyncio", "get_running_loop")
            return module_code(
                _remove_unused_import(module, "asyncio", "get_event_loop", func.value)
            )
        return None

    bad = (
        snippet(
            """\
import asyncio


class Sandbox:
    def run(self, command: str) -> str:
        loop = asyncio.get_event_loop()
        return loop.run_until_complete(asyncio.sleep(0, command))

    async def run_async(self, command: str) -> str:
        return await asyncio.to_thread(self.run, command)
""",
            note="a sync method its own module hands to `asyncio.to_thread` (davybot's "
            "sandbox providers): in that worker thread the call raises on every Python",
            lines=(6,),
        ),
        Example(
            files={**_QUEUE_FILES, "app/queue.py": _QUEUE},
            note="the bad twin: the private method is called, from plain sync code",
            lines=(9,),
        ),
        Example(
            files={"app/main.py": _STORE_APP + _STORE_AWAITED, "app/store.py": _STORE},
            note="the unexported-method trap's bad twin: a route awaits the public coroutine "
            "method, so its call runs on the serving loop",
            lines=(12,),
            fixes=(
                """\
--- a/app/store.py
+++ b/app/store.py
@@ -10,4 +10,4 @@
 
     async def put_async(self, key: str, value: str) -> None:
-        loop = asyncio.get_event_loop()
+        loop = asyncio.get_running_loop()
         await loop.run_in_executor(None, self.put, key, value)
""",
            ),
        ),
        Example(
            files={
                "app/main.py": _QUEUE_FILES["app/main.py"]
                + "\n\n@app.get('/pause')\nasync def wait() -> float:\n    return await pause(0)\n"
                + "\n\nfrom app.pause import pause  # noqa: E402\n",
                "app/queue.py": _QUEUE.replace("self._wait(command)", "self._run(command)"),
                "app/pause.py": _PAUSE,
            },
            note="the trap's bad twin: a route awaits the coroutine of the module",
            lines=(5,),
            fixes=(
                """\
--- a/app/pause.py
+++ b/app/pause.py
@@ -3,5 +3,5 @@
 
 async def pause(seconds: float) -> float:
-    loop = asyncio.get_event_loop()
+    loop = asyncio.get_running_loop()
     await asyncio.sleep(seconds)
     return loop.time()
""",
            ),
        ),
        snippet(
            """\
import asyncio


async def current_loop(probe):
    try:
        probe()
    except RuntimeError:
        return asyncio.get_event_loop()
    return asyncio.get_running_loop()
""",
            note="the other side of the running-loop fallback trap: the `try` does not ask "
            "for the running loop, so its handler may run in the coroutine",
            lines=(8,),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -6,4 +6,4 @@
         probe()
     except RuntimeError:
-        return asyncio.get_event_loop()
+        return asyncio.get_running_loop()
     return asyncio.get_running_loop()
""",
            ),
        ),
        Example(
            files={
                "app/waiters.py": """\
import asyncio


class Waiter:
    def arm(self) -> asyncio.Future:
        loop = asyncio.get_event_loop()
        return loop.create_future()
""",
                "app/main.py": """\
import asyncio


async def wait_for(waiter) -> None:
    await waiter.arm()


def arm_from_a_thread(waiter) -> None:
    waiter.arm()
""",
            },
            note="a sync method also called from sync code (a thread may have no loop)",
            lines=(6,),
        ),
        snippet(
            """\
import asyncio

from fastapi import APIRouter

router = APIRouter()


def crunch() -> int:
    return sum(range(10))


@router.get("/crunch")
async def crunch_route() -> dict[str, int]:
    loop = asyncio.get_event_loop()
    result = await loop.run_in_executor(None, crunch)
    return {"result": result}
""",
            note="the result feeds run_in_executor(None, ...): the message recommends the threadpool",
            lines=(14,),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -12,5 +12,5 @@
 @router.get("/crunch")
 async def crunch_route() -> dict[str, int]:
-    loop = asyncio.get_event_loop()
+    loop = asyncio.get_running_loop()
     result = await loop.run_in_executor(None, crunch)
     return {"result": result}
""",
            ),
        ),
        snippet(
            """\
import asyncio as aio
from functools import partial


async def run_sync_in_threadpool(func, *args, **kwargs):
    return await aio.get_event_loop().run_in_executor(None, partial(func, *args, **kwargs))


async def now() -> float:
    return aio.get_event_loop().time()


def start_worker() -> None:
    loop = aio.get_event_loop()
    loop.run_until_complete(now())


LOOP = aio.get_event_loop()
""",
            note="an aliased module, chained calls; sync and module-level calls are report-only",
            lines=(6, 10, 14, 18),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -4,5 +4,5 @@
 
 async def run_sync_in_threadpool(func, *args, **kwargs):
-    return await aio.get_event_loop().run_in_executor(None, partial(func, *args, **kwargs))
+    return await aio.get_running_loop().run_in_executor(None, partial(func, *args, **kwargs))
 
 
""",
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -8,5 +8,5 @@
 
 async def now() -> float:
-    return aio.get_event_loop().time()
+    return aio.get_running_loop().time()
 
 
""",
            ),
        ),
        snippet(
            """\
from asyncio import get_event_loop


async def schedule(cb) -> None:
    get_event_loop().call_later(1, cb)
""",
            note="`from asyncio import get_event_loop`: the fix imports get_running_loop",
            lines=(5,),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -1,5 +1,5 @@
-from asyncio import get_event_loop
+from asyncio import get_running_loop
 
 
 async def schedule(cb) -> None:
-    get_event_loop().call_later(1, cb)
+    get_running_loop().call_later(1, cb)
""",
            ),
        ),
        Example(
            files={
                "tests/conftest.py": """\
import asyncio

import pytest


@pytest.fixture
async def loop():
    return asyncio.get_event_loop()
""",
            },
            note="test modules are scanned too",
            lines=(8,),
            fixes=(
                """\
--- a/tests/conftest.py
+++ b/tests/conftest.py
@@ -6,3 +6,3 @@
 @pytest.fixture
 async def loop():
-    return asyncio.get_event_loop()
+    return asyncio.get_running_loop()
""",
            ),
        ),
        snippet(
            """\
import asyncio


def loop_or_exit() -> asyncio.AbstractEventLoop:
    try:
        return asyncio.get_event_loop()
    except ValueError:
        raise SystemExit(1) from None


def in_the_handler(flag: bool) -> asyncio.AbstractEventLoop:
    try:
        if flag:
            raise RuntimeError("no loop")
    except RuntimeError:
        return asyncio.get_event_loop()
    return asyncio.new_event_loop()
""",
            note="the other side of the handled-RuntimeError trap: a handler that does not "
            "catch RuntimeError, a call inside the handler itself",
            lines=(6, 16),
        ),
        snippet(
            """\
import asyncio


def schedule(cb) -> None:
    asyncio.get_event_loop().call_soon(cb)


async def serve() -> None:
    schedule(print)


def main() -> None:
    schedule(print)
    asyncio.get_event_loop().run_until_complete(serve())
""",
            note="the other side of the called-from-coroutines trap: one caller is sync, and "
            "no loop was set before the call",
            lines=(5, 14),
        ),
        snippet(
            """\
import asyncio
from dataclasses import dataclass, field


@dataclass
class Approval:
    tool: str
    decision: asyncio.Future = field(
        default_factory=lambda: asyncio.get_event_loop().create_future()
    )


def approve_now(tool: str) -> Approval:
    return Approval(tool=tool)
""",
            note="the other side of the field-factory trap: the class is built in sync code, "
            "where no loop need be running",
            lines=(9,),
        ),
        Example(
            files={
                "app/waiters.py": """\
import asyncio


class Waiter:
    def arm(self) -> asyncio.Future:
        return asyncio.get_event_loop().create_future()
""",
                "app/main.py": """\
from collections.abc import Callable


async def wait_for(waiter) -> None:
    await waiter.arm()


def hooks(waiter) -> dict[str, list[Callable[[], object]]]:
    armers: list[Callable[[], object]] = [waiter.arm]
    return {"arm": armers}
""",
            },
            note="the other side of the generic-annotation trap: beside an annotated "
            "assignment, the method is put in a list (a reference), which sync code may call",
            lines=(6,),
        ),
        snippet(
            """\
import asyncio


class Ticket:
    def __init__(self) -> None:
        self._future: asyncio.Future[str] | None = None

    def _get_future(self) -> asyncio.Future[str]:
        if self._future is None:
            self._future = asyncio.get_event_loop().create_future()
        return self._future

    def resolve(self, answer: str) -> None:
        self._get_future().set_result(answer)


async def wait_for(ticket: Ticket) -> str:
    return await ticket._get_future()


def answer(ticket: Ticket) -> None:
    ticket.resolve("yes")
""",
            note="the other side of the own-coroutine future trap: no coroutine of the class "
            "awaits the future, so the loop it belongs to is not the class's to know",
            lines=(10,),
        ),
        snippet(
            """\
import asyncio
import sys


def main() -> None:
    if sys.version_info >= (3, 15):
        loop = asyncio.new_event_loop()
    elif sys.version_info > (3, 7):
        loop = asyncio.get_event_loop()
    else:
        loop = asyncio.new_event_loop()
    loop.run_forever()
""",
            note="the other side of the old-Python-branch trap: a branch that still runs on "
            "3.14 (3.8 up to 3.14) keeps the finding",
            lines=(9,),
        ),
        snippet(
            """\
import asyncio


def schedule(job) -> None:
    asyncio.get_event_loop().call_soon(job)


async def pause() -> None:
    asyncio.get_event_loop().call_later(1, print)
""",
            with_files={
                "pyproject.toml": '[project]\nname = "svc"\nrequires-python = ">=3.11,<3.15"\n'
            },
            note="the other side of the pre-3.14 target trap: a target that admits 3.14 keeps the "
            "sync finding, and a coroutine's call is reported whatever the target",
            lines=(5, 9),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -7,3 +7,3 @@
 
 async def pause() -> None:
-    asyncio.get_event_loop().call_later(1, print)
+    asyncio.get_running_loop().call_later(1, print)
""",
            ),
        ),
        snippet(
            """\
import asyncio

from app import asyncio_compat as aio


def start() -> None:
    if hasattr(aio, "run"):
        aio.run()
    else:
        asyncio.get_event_loop().run_forever()
    if hasattr(asyncio, "shiny_new_runner"):
        asyncio.shiny_new_runner()
    else:
        asyncio.get_event_loop().run_forever()
""",
            with_files={"app/asyncio_compat.py": "def run() -> None:\n    return None\n"},
            note="the other side of the feature-test trap: `hasattr` on a project module, and "
            "on a name the table does not date, prove nothing",
            lines=(10, 14),
        ),
        Example(
            files={
                "app/relay.py": """\
import asyncio
from functools import partial


class Relay:
    def forward(self, task: asyncio.Task[None]) -> None:
        task.add_done_callback(partial(self._finished, item="a"))

    def _finished(self, task: asyncio.Task[None], item: str) -> None:
        self._retry_later(item)

    def _retry_later(self, item: str) -> None:
        asyncio.get_event_loop().call_later(1.0, print, item)

    def flush(self) -> None:
        self._retry_later("all")
""",
            },
            note="the other side of the done-callback trap: a helper also called from plain "
            "sync code may run where no loop is running",
            lines=(13,),
        ),
        Example(
            files={
                "app/main.py": _POLLER_APP.replace(
                    "from app.poller", "from app import lookup  # noqa: F401\nfrom app.poller"
                ),
                "app/poller.py": _POLLER,
                "app/lookup.py": """\
import asyncio


async def fetch_title(url: str) -> str:
    loop = asyncio.get_event_loop()
    return await loop.run_in_executor(None, str.upper, url)
""",
            },
            note="the other side of the watch-loop trap: a public coroutine that no code names "
            "at all, in a module the application imports, is the module's API, which code "
            "outside the project may await",
            lines=(5,),
            fixes=(
                """\
--- a/app/lookup.py
+++ b/app/lookup.py
@@ -3,4 +3,4 @@
 
 async def fetch_title(url: str) -> str:
-    loop = asyncio.get_event_loop()
+    loop = asyncio.get_running_loop()
     return await loop.run_in_executor(None, str.upper, url)
""",
            ),
        ),
        Example(
            files={"app/main.py": _POLLER_STARTED, "app/poller.py": _POLLER},
            note="the other side of the watch-loop trap: the lifespan starts the loop, so the "
            "coroutine it awaits runs",
            lines=(9,),
            fixes=(
                """\
--- a/app/poller.py
+++ b/app/poller.py
@@ -7,5 +7,5 @@
 
     async def sweep(self) -> None:
-        self.seen["last"] = asyncio.get_event_loop().time()
+        self.seen["last"] = asyncio.get_running_loop().time()
 
     async def watch(self) -> None:
""",
            ),
        ),
    )
    good = (
        Example(
            files={
                **_QUEUE_FILES,
                "app/queue.py": _QUEUE.replace("self._wait(command)", "self._run(command)"),
                "app/pause.py": _PAUSE,
            },
            note="trap: a stray module of the served package that nothing imports, names or "
            "runs (a helper left behind): its coroutine is never awaited",
        ),
        Example(
            files={
                **_QUEUE_FILES,
                "app/queue.py": _QUEUE.replace("self._wait(command)", "self._run(command)"),
            },
            note="a private method nothing calls or names (left behind by a refactor, seen in "
            "davybot): its call never runs",
        ),
        Example(
            files={"app/main.py": _STORE_APP, "app/store.py": _STORE},
            note="trap: a public coroutine method of a class the application builds but the "
            "package does not export, which no code names (the route runs the sync `put` in "
            "a thread; seen in aurapro-webui's vector clients): outside code cannot reach it "
            "through the package's API, so its call never runs",
        ),
        Example(
            files={"app/main.py": _POLLER_APP, "app/poller.py": _POLLER},
            note="a coroutine awaited only by a watch loop that nothing starts, calls or names "
            "(seen in mcp-hub-cli): dead code, its call never runs",
        ),
        snippet(
            """\
import asyncio


def sync_one(job) -> object:
    if hasattr(asyncio, "run"):
        result = asyncio.run(job)
    else:
        result = asyncio.get_event_loop().run_until_complete(job)
    return result


async def gather(jobs: list) -> list:
    if not hasattr(asyncio, "to_thread"):
        loop = asyncio.get_event_loop()
        return [await loop.run_in_executor(None, j) for j in jobs]
    return [await asyncio.to_thread(j) for j in jobs]
""",
            note="the `else` of a feature test of the standard library (`hasattr(asyncio, "
            '"run")`: Python 3.7 and above) and the body of a negated one (`to_thread`, 3.9) '
            "run only on Pythons the finding's reason does not reach",
        ),
        snippet(
            """\
import asyncio
import sys


def main() -> None:
    if sys.version_info < (3, 10):
        loop = asyncio.get_event_loop()
    else:
        loop = asyncio.new_event_loop()
    loop.run_forever()


async def ticker() -> None:
    if sys.version_info[:2] >= (3, 12):
        loop = asyncio.get_running_loop()
    else:
        loop = asyncio.get_event_loop()
    loop.call_soon(print)
""",
            note="a branch that runs only on Pythons the finding's reason does not reach (below "
            "3.10, the `else` of a 3.12+ test), written beside the modern call for them",
        ),
        snippet(
            """\
import asyncio


def schedule(job) -> None:
    asyncio.get_event_loop().call_soon(job)
""",
            with_files={
                "pyproject.toml": '[project]\nname = "svc"\nrequires-python = ">=3.11,<3.14"\n'
            },
            note="a sync call in a project whose declared Python target stops below 3.14: the "
            "RuntimeError of 3.14 cannot happen on any Python it installs on (seen in "
            "beeai-framework)",
        ),
        snippet(
            """\
import asyncio


async def run_blocking(func):
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        loop = asyncio.get_event_loop()
    return await loop.run_in_executor(None, func)
""",
            note="the fallback of a `get_running_loop()` that cannot raise in a coroutine: "
            "the handler never runs there (seen in cognee)",
        ),
        snippet(
            """\
import asyncio
import signal


class Server:
    def __init__(self) -> None:
        self._install_handlers()

    def _install_handlers(self) -> None:
        loop = asyncio.get_event_loop()
        loop.add_signal_handler(signal.SIGTERM, self.stop)

    def stop(self) -> None:
        print("stopping")

    async def run(self) -> None:
        self._warm()
        await asyncio.sleep(0)

    def _warm(self) -> None:
        asyncio.get_event_loop().call_soon(print)


async def start() -> None:
    server = Server()
    await server.run()
""",
            note="helper methods called on `self` from a coroutine, or from a constructor only a "
            "coroutine calls: a loop is running",
        ),
        snippet(
            """\
from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

router = APIRouter()


def crunch() -> int:
    return sum(range(10))


@router.get("/crunch")
async def crunch_route() -> dict[str, int]:
    result = await run_in_threadpool(crunch)
    return {"result": result}
"""
        ),
        snippet(
            """\
import asyncio
from concurrent.futures import ProcessPoolExecutor

pool = ProcessPoolExecutor()


def cpu_bound() -> int:
    return sum(i * i for i in range(10**6))


async def crunch() -> int:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(pool, cpu_bound)


async def main() -> None:
    await crunch()


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
""",
            note="get_running_loop with a process pool; a script that installs its own loop first",
        ),
        snippet(
            """\
import asyncio

import pytest


class Loop:
    def get_event_loop(self) -> None:
        return None


@pytest.fixture(scope="session")
def event_loop():
    policy = asyncio.get_event_loop_policy()
    loop = policy.new_event_loop()
    yield loop
    loop.close()


async def handler(asyncio: Loop) -> None:
    asyncio.get_event_loop()
""",
            note="look-alikes: get_event_loop_policy, a parameter named asyncio",
        ),
        snippet(
            """\
import asyncio


def current_loop() -> asyncio.AbstractEventLoop:
    try:
        return asyncio.get_event_loop()
    except RuntimeError:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        return loop


def loop_or_new() -> asyncio.AbstractEventLoop:
    try:
        loop = asyncio.get_event_loop()
    except (ImportError, RuntimeError):
        loop = asyncio.new_event_loop()
    return loop
""",
            note="trap: outside a coroutine, the RuntimeError of Python 3.14 is handled by a "
            "fallback to a new loop",
        ),
        snippet(
            """\
import asyncio


class Worker:
    def __init__(self) -> None:
        self.loop = asyncio.get_event_loop()


def schedule(cb) -> None:
    asyncio.get_event_loop().call_soon(cb)


async def serve() -> None:
    worker = Worker()
    schedule(print)
    await asyncio.sleep(0)
    print(worker)


def run_in_a_thread() -> None:
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    asyncio.get_event_loop().run_until_complete(serve())
""",
            note="a sync helper (or constructor) every known caller runs inside a coroutine "
            "sees the running loop; a function that sets a loop first gets that loop",
        ),
        Example(
            files={
                "app/waiters.py": """\
import asyncio


class Waiter:
    def __init__(self) -> None:
        self.done = asyncio.Event()

    def arm(self) -> asyncio.Future:
        loop = asyncio.get_event_loop()
        return loop.create_future()

    def wake(self) -> None:
        asyncio.get_event_loop().create_task(self.ring())

    async def ring(self) -> None:
        self.done.set()
""",
                "app/main.py": """\
import asyncio


async def wait_for(waiter) -> None:
    future = waiter.arm()
    asyncio.get_running_loop().call_soon(waiter.wake)
    await future
""",
            },
            note="sync methods whose every use in the project is a call inside a coroutine "
            "(on a receiver the call graph cannot type) or a callback handed to the loop "
            "itself: a loop is running whenever they run",
        ),
        Example(
            files={
                "app/relay.py": """\
import asyncio
import functools


class Relay:
    def __init__(self) -> None:
        self.pending: set[asyncio.Task[None]] = set()

    async def forward(self, item: str) -> None:
        task = asyncio.create_task(self.send(item))
        self.pending.add(task)
        task.add_done_callback(functools.partial(self._finished, item=item))

    async def send(self, item: str) -> None:
        await asyncio.sleep(0)

    def _finished(self, task: asyncio.Task[None], item: str) -> None:
        self.pending.discard(task)
        if task.exception() is not None:
            self._retry_later(item)

    def _retry_later(self, item: str) -> None:
        asyncio.get_event_loop().call_later(1.0, self.pending.clear)
""",
            },
            note="a sync helper whose only caller is a done-callback bound with "
            "`functools.partial`: the loop runs the callback, so a loop is running then",
        ),
        Example(
            files={
                "app/approvals.py": """\
import asyncio
from dataclasses import dataclass, field


@dataclass
class Approval:
    tool: str
    decision: asyncio.Future = field(
        default_factory=lambda: asyncio.get_event_loop().create_future()
    )
""",
                "app/main.py": """\
from app.approvals import Approval


def pending(item: object) -> bool:
    return isinstance(item, Approval) and not item.decision.done()


async def ask(tool: str, previous: Approval | None = None) -> bool:
    approval: Approval = Approval(tool=tool)
    return await approval.decision
""",
            },
            note="a `default_factory` lambda runs when its class is built, and every use of "
            "the class is a call inside a coroutine (or an import, an annotation, an "
            "`isinstance` test, which build nothing): a loop is running then",
        ),
        Example(
            files={
                "app/meter.py": """\
import asyncio


class MeterSession:
    def __init__(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        self._loop = loop or asyncio.get_event_loop()


class Registry:
    def __init__(self) -> None:
        self._sessions: dict[str, list[MeterSession]] = {}

    def register(self, key: str, session: MeterSession) -> list[MeterSession]:
        evicted: list[MeterSession] = self._sessions.pop(key, [])
        self._sessions[key] = [session]
        return evicted
""",
                "app/voice_test.py": """\
from fastapi import APIRouter, WebSocket

from app.meter import MeterSession, Registry

router = APIRouter()
registry = Registry()


@router.websocket("/meter")
async def meter(ws: WebSocket) -> None:
    registry.register("k", MeterSession())
""",
            },
            note="a constructor only a coroutine calls (in a module named like a test, which "
            "the call graph leaves out), its class also named inside generic annotations "
            "(`list[MeterSession]`, `dict[str, list[MeterSession]]`), which build nothing "
            "(seen in sovyx)",
        ),
        snippet(
            """\
import asyncio
from dataclasses import dataclass, field


@dataclass
class HookHandle:
    event: str = ""
    _future: asyncio.Future[str] | None = field(default=None, repr=False)

    def _get_future(self) -> asyncio.Future[str]:
        if self._future is None:
            self._future = asyncio.get_event_loop().create_future()
        return self._future

    async def wait(self) -> str:
        return await self._get_future()

    def resolve(self, action: str) -> None:
        future = self._get_future()
        if not future.done():
            future.set_result(action)


def on_key(handle: HookHandle) -> None:
    handle.resolve("allow")
""",
            note="a future made for a coroutine of its own class to await: with no loop "
            "current it would belong to a loop nothing runs on any Python, so 3.14's "
            "RuntimeError breaks nothing that worked (seen in kimi-cli)",
        ),
    )


#: Exception names whose handler catches the RuntimeError ``get_event_loop()`` raises.
_CATCHES_RUNTIME_ERROR = frozenset(
    {"builtins.RuntimeError", "builtins.Exception", "builtins.BaseException"}
)


def _loop_set_before(node: ast.Call, ctx: ModuleContext) -> bool:
    """An ``asyncio.set_event_loop(...)`` runs before the call in the same function (or the
    same ``if __name__ == "__main__":`` block): a loop is set, ``get_event_loop()`` returns it."""
    block: ast.AST | None = None
    for anc in reversed(ctx.parents):
        if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            block = anc
            break
        if isinstance(anc, ast.If) and is_main_guard(anc.test):
            block = anc
            break
    if block is None:
        return False
    return any(
        isinstance(n, ast.Call)
        and ctx.resolve(n.func) == SET_EVENT_LOOP
        and (n.lineno, n.col_offset) < (node.lineno, node.col_offset)
        for n in ast.walk(block)
    )


def _future_for_own_coroutine(node: ast.Call, ctx: ModuleContext) -> bool:
    """``self._future = asyncio.get_event_loop().create_future()`` (or ``return`` of it) in a
    sync method whose class awaits that future in a coroutine method of its own (``await
    self._get_future()``, ``await self._future``).  A future is of use only on a loop that
    runs its awaiter: called with a loop running, ``get_event_loop()`` returns that loop;
    called with no loop current, the future would belong to a loop the program never runs
    (it runs its own with ``asyncio.run``) on any Python -- unless the program fetches that
    implicit loop with ``get_event_loop()`` itself, reported where it does.  3.14's
    ``RuntimeError`` here breaks nothing that worked."""
    chain = ctx.parents
    if len(chain) < 3:
        return False
    attr, call, stmt = chain[-1], chain[-2], chain[-3]
    if not (
        isinstance(attr, ast.Attribute)
        and attr.attr == "create_future"
        and attr.value is node
        and isinstance(call, ast.Call)
        and call.func is attr
    ):
        return False
    method = next((a for a in reversed(chain) if isinstance(a, _SCOPE_NODES)), None)
    if not isinstance(method, ast.FunctionDef) or not method.args.args:
        return False
    owner = chain[chain.index(method) - 1] if chain.index(method) else None
    if not isinstance(owner, ast.ClassDef) or method not in owner.body:
        return False
    me = method.args.args[0].arg
    stored: str | None = None
    if isinstance(stmt, ast.Assign) and stmt.value is call:
        targets = stmt.targets
        if not all(
            isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == me
            for t in targets
        ):
            return False
        stored = targets[0].attr  # type: ignore[attr-defined]
    elif not (isinstance(stmt, ast.Return) and stmt.value is call):
        return False
    for other in owner.body:
        if not isinstance(other, ast.AsyncFunctionDef) or not other.args.args:
            continue
        this = other.args.args[0].arg
        for n in ast.walk(other):
            if not isinstance(n, ast.Await):
                continue
            v = n.value
            if isinstance(v, ast.Call) and not v.args and not v.keywords:
                v = v.func
                wanted = method.name
            else:
                wanted = stored or ""
            if (
                isinstance(v, ast.Attribute)
                and v.attr == wanted
                and isinstance(v.value, ast.Name)
                and v.value.id == this
            ):
                return True
    return False


_SCOPE_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _only_called_from_coroutines(
    data: _Data, callers: dict[str, list[tuple[str | None, bool]]]
) -> bool:
    """A sync function whose every known call is made inside a coroutine, or inside a sync
    function only coroutines call (a constructor calling a helper method): a loop is
    running whenever it runs, so ``get_event_loop()`` returns it (and cannot raise).
    Positive evidence only: a function no project code calls stays reported."""
    if data.in_async or not data.function:
        return False
    return _loop_bound(data.function, callers, 0)


def _loop_bound(
    function: str, callers: dict[str, list[tuple[str | None, bool]]], depth: int
) -> bool:
    sites = callers.get(function, [])
    if not sites or depth > 3:
        return False
    return all(
        in_async or (caller is not None and _loop_bound(caller, callers, depth + 1))
        for caller, in_async in sites
    )


#: How many sync functions deep :func:`_on_loop_functions` follows the uses of a name (a
#: helper called only from a function handed to ``add_done_callback``).
_MAX_ON_LOOP_DEPTH = 2


def _unnamed_public_coroutines(project: Project, functions: set[str | None]) -> set[str]:
    """Those of ``functions`` (coroutines) that are public module functions and that no
    code of the project names at all: the package's API, which code outside the project
    imports and may await (a module's ``async def get_info(url)``), so their call is
    reported whatever reaches them.  A coroutine named only inside dead code (awaited by a
    loop nothing starts), a private one, or a method is not among them: outside code
    reaches a method only through an object, and a class the package exports keeps its
    methods out of the dead code already (:meth:`Project.dead_code`), so an unexported
    class's public coroutine nothing names (an ``upsert_async`` beside the ``upsert`` the
    application runs) is as dead as a private one."""
    found = {project.function(q) for q in functions if q}
    public = {
        fn.name: fn.qname
        for fn in found
        if fn is not None and not fn.name.startswith("_") and fn.class_qname is None
    }
    uses = project.named_uses(public) if public else None
    if uses is None:
        return set()
    return {q for name, q in public.items() if uses.get(name) == []}


def _drop_used_only_on_a_loop(
    hits: list[Hit], project: Project, callers: dict[str, list[tuple[str | None, bool]]]
) -> list[Hit]:
    """Drop the sync hits whose function is, by every use of its name in the project's code,
    only run with a loop running (:func:`_on_loop_functions`)."""
    wanted: dict[str, str] = {}
    for h in hits:
        d = h.payload(_Data)
        if d.in_async or not d.function or ".<locals>." in d.function:
            continue
        name = _called_name(d.function, project)
        if name:
            wanted[d.function] = name
    if not wanted:
        return hits
    on_loop = _on_loop_functions(project, wanted, callers, 0)
    return [h for h in hits if h.payload(_Data).function not in on_loop]


def _on_loop_functions(
    project: Project,
    functions: dict[str, str],
    callers: dict[str, list[tuple[str | None, bool]]],
    depth: int,
) -> set[str]:
    """Those of ``functions`` (qname -> the name a call writes) that, by every use of the
    name in the project's code, only run with a loop running: each use is a call made
    inside a coroutine (also through a receiver the call graph cannot type: ``async with
    page.expect_download():``), or inside a sync function that is itself only run with a
    loop running (followed :data:`_MAX_ON_LOOP_DEPTH` functions deep), or the function
    handed to a loop's own callback registrar (``loop.call_soon(self._wake)``,
    ``fut.add_done_callback(partial(self._done, msg=m))``).  Positive evidence only: a
    name used nowhere, referenced any other way (an alias, a callback handed to another
    object), or called from other sync code keeps the hit, and so does a function the
    call graph knows a call of elsewhere (in a lambda handed to a thread)."""
    uses = project.named_uses(set(functions.values()))
    if uses is None:
        return set()
    outer: dict[str, str] = {}
    if depth < _MAX_ON_LOOP_DEPTH:
        for name in functions.values():
            for u in uses.get(name, ()):
                fn = u.function
                if u.kind != "call" or fn is None or fn.is_async or fn.qname in functions:
                    continue
                called = None if ".<locals>." in fn.qname else _called_name(fn.qname, project)
                if called:
                    outer[fn.qname] = called
    deeper = _on_loop_functions(project, outer, callers, depth + 1) if outer else set()

    def runs_on_loop(u: NamedUse) -> bool:
        return u.kind in ("loop-callback", "import", "type") or (
            u.kind == "call"
            and u.function is not None
            and (u.function.is_async or u.function.qname in deeper)
        )

    out: set[str] = set()
    for function, name in functions.items():
        if not all(in_async or caller in deeper for caller, in_async in callers.get(function, [])):
            continue
        found = uses.get(name)
        if (
            found
            and any(u.kind not in ("import", "type") for u in found)
            and all(runs_on_loop(u) for u in found)
        ):
            out.add(function)
    return out


def _field_factory_of(node: ast.Call, ctx: ModuleContext) -> str | None:
    """``<class>.__init__`` when ``node`` sits in a lambda handed as ``default_factory=`` in
    a class body (``x: Future = field(default_factory=lambda: loop().create_future())``):
    the factory runs when the class is constructed, as its ``__init__`` would."""
    scope: Scope | None = ctx.scope
    while scope is not None and scope.kind != "class":
        if scope.kind == "module":
            return None
        scope = scope.parent
    chain = [*ctx.parents, node]
    for i in range(len(chain) - 1, 0, -1):
        if isinstance(chain[i], ast.Lambda):
            owner = chain[i - 1]
            keyword = owner if isinstance(owner, ast.keyword) else None
            if keyword is None and isinstance(owner, ast.Call):
                keyword = next((k for k in owner.keywords if k.value is chain[i]), None)
            if keyword is None or keyword.arg != "default_factory" or scope is None:
                return None
            return f"{scope.qname}.__init__"
        if isinstance(chain[i], (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return None
    return None


#: A sync function handed to a worker thread: ``asyncio.to_thread(f, ...)``,
#: ``anyio.to_thread.run_sync(f, ...)``, ``run_in_threadpool(f, ...)`` or the default
#: executor's ``loop.run_in_executor(None, f, ...)`` (``self.f`` too); ``{name}`` is its name.
_TO_THREAD = (
    r"\b(?:(?P<r>to_thread|run_sync|run_in_threadpool)\(\s*|(?P<e>run_in_executor)\(\s*None\s*,\s*)"
    r"(?:self\.)?{name}\b"
)


def _say_worker_threads(
    hits: list[Hit], project: Project, callers: dict[str, list[tuple[str | None, bool]]]
) -> None:
    """Amend the message of a sync hit whose function, or a sync function calling it (two
    deep), is handed to a worker thread (:data:`_TO_THREAD`): no loop is set in that thread,
    so ``get_event_loop()`` raises there on every Python, not only from 3.14."""
    for h in hits:
        d = h.payload(_Data)
        if d.in_async or not d.function:
            continue
        chain = [d.function]
        for _depth in range(2):
            chain += [c for f in chain for c, in_async in callers.get(f, []) if c and not in_async]
        found = _handed_to_a_thread(project, dict.fromkeys(chain))
        if found is not None:
            name, runner = found
            h.message += (
                f", and on every Python in `{runner}`'s worker thread, where `{name}` runs "
                "(no loop is set there)"
            )


def _handed_to_a_thread(project: Project, functions: dict[str, None]) -> tuple[str, str] | None:
    """(name, runner) of the first of ``functions`` that a line of its own module hands to a
    worker thread by name (:data:`_TO_THREAD`; another module's line may name another
    class's method of that name), or None."""
    names: dict[str, tuple[str, str]] = {}
    for q in functions:
        fn = project.function(q)
        module = project.modules.get(fn.module) if fn is not None else None
        name = _called_name(q, project)
        if name and module is not None:
            names[q] = (name, module.path)
    uses = project.named_uses({n for n, _path in names.values()}) if names else None
    if not uses:
        return None
    for name, path in names.values():
        pattern = re.compile(_TO_THREAD.format(name=re.escape(name)))
        lines = (project.read_text(path) or "").splitlines()
        for u in uses.get(name, ()):
            m = (
                pattern.search(lines[u.line - 1])
                if u.path == path and u.line <= len(lines)
                else None
            )
            if m is not None:
                runner = m.group("r") or m.group("e")
                return name, f"{'asyncio.' if runner == 'to_thread' else ''}{runner}"
    return None


def _called_name(function: str, project: Project) -> str | None:
    """The name a call of ``function`` is written with: its own name, or its class's for a
    constructor; None for other dunder methods (called by Python, not by name)."""
    fn = project.function(function)
    if fn is None and function.endswith(".__init__"):
        cls = project.class_(function[: -len(".__init__")])
        return cls.name if cls is not None else None  # a dataclass's generated constructor
    if fn is None:
        return None
    if fn.name == "__init__" and fn.class_qname:
        return fn.class_qname.rsplit(".", 1)[-1]
    return None if fn.name.startswith("__") else fn.name


def _runtime_error_handled(node: ast.Call, ctx: ModuleContext) -> bool:
    """The call sits in the body of a ``try`` (of its own function) with a handler that
    catches ``RuntimeError``: ``try: loop = get_event_loop() except RuntimeError:
    loop = new_event_loop()`` already handles the 3.14 failure."""
    chain = [*ctx.parents, node]
    for i in range(len(chain) - 2, -1, -1):
        anc = chain[i]
        if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            return False
        if isinstance(anc, (ast.Try, ast.TryStar)) and chain[i + 1] in anc.body:
            for handler in anc.handlers:
                if handler.type is None:
                    return True
                types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
                if any(ctx.resolve(t) in _CATCHES_RUNTIME_ERROR for t in types):
                    return True
    return False


def _running_loop_fallback(node: ast.Call, ctx: ModuleContext) -> bool:
    """The call sits in a handler catching ``RuntimeError`` of a ``try`` (of its own
    function) whose body calls ``asyncio.get_running_loop()``: ``try: loop =
    get_running_loop() except RuntimeError: loop = get_event_loop()``.  Inside a coroutine a
    loop is always running, so the handler never runs there: the code already asks for the
    running loop, and the fallback only serves a sync caller."""
    chain = [*ctx.parents, node]
    for i in range(len(chain) - 2, -1, -1):
        anc = chain[i]
        if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            return False
        if not isinstance(anc, ast.ExceptHandler) or i == 0:
            continue
        owner = chain[i - 1]
        if not isinstance(owner, (ast.Try, ast.TryStar)) or anc not in owner.handlers:
            continue
        types = (
            []
            if anc.type is None
            else anc.type.elts
            if isinstance(anc.type, ast.Tuple)
            else [anc.type]
        )
        if anc.type is not None and not any(
            ctx.resolve(t) in _CATCHES_RUNTIME_ERROR for t in types
        ):
            continue
        if any(
            isinstance(n, ast.Call) and ctx.resolve(n.func) == GET_RUNNING_LOOP
            for stmt in owner.body
            for n in ast.walk(stmt)
        ):
            return True
    return False


def _default_executor(call: ast.Call) -> bool:
    """``run_in_executor(None, ...)`` (the default thread pool)."""
    first = (
        call.args[0]
        if call.args
        else next((k.value for k in call.keywords if k.arg == "executor"), None)
    )
    return isinstance(first, ast.Constant) and first.value is None


def _assigned_name(parent: ast.AST | None, node: ast.Call) -> str | None:
    if isinstance(parent, ast.Assign) and parent.value is node and len(parent.targets) == 1:
        target = parent.targets[0]
    elif isinstance(parent, ast.AnnAssign) and parent.value is node:
        target = parent.target
    else:
        return None
    return target.id if isinstance(target, ast.Name) else None


def _binding_scope(name: str, ctx: ModuleContext) -> Scope | None:
    """The scope whose ``name = Call()`` binding ``ctx.local_call_binding(name)`` reads."""
    s: Scope | None = ctx.scope
    while s is not None and s.kind == "class":
        s = s.parent
    if s is None:
        return None
    if name in s.calls:
        return s
    if s.kind != "module" and name in s.local_names():
        return None
    return ctx.module_scope if name in ctx.module_scope.calls else None


def _name_free_or(ctx: ModuleContext, name: str, target: str) -> bool:
    """``name`` is unbound in every scope that can see the call, or already bound to ``target``."""
    s: Scope | None = ctx.scope
    first = s
    while s is not None:
        if s.kind == "class" and s is not first:
            s = s.parent
            continue
        if name in s.imports:
            return s.imports[name] == target
        if s.kind == "module":
            facts = ctx.facts
            if name in facts.imports:
                return facts.imports[name] == target
            return name not in facts.bindings and name not in ctx.defined
        if name in s.local_names():
            return False
        s = s.parent
    return False


_WHOLE_MODULE = object()


def _the_call(calls: list) -> Any:
    """Of the calls located at a hit, the ``get_event_loop()`` one (a chained call,
    ``get_event_loop().time()``, starts at the same place); None unless exactly one."""
    import libcst as cst

    found = [
        c
        for c in calls
        if (isinstance(c.func, cst.Attribute) and c.func.attr.value == "get_event_loop")
        or (isinstance(c.func, cst.Name) and not c.args)
    ]
    return found[0] if len(found) == 1 else None


#: ``aio.get_event_loop(`` at a call's start, on one line (what ``_fixable`` lets through)
_ATTRIBUTE_CALL = lazy_compile(r"[^\W\d]\w*[ \t]*\.[ \t]*(get_event_loop)[ \t]*\(")


def _renamed_in_line(source: str, hit: Hit) -> str | None:
    """``aio.get_event_loop()`` renamed by editing the identifier's text when the call is
    written on one line with no other ``get_event_loop`` after it: exactly the code libcst
    generates for the renamed attribute, without parsing anything.  None otherwise (the
    statement is then parsed)."""
    from auditor.source_edits import source_lines

    lines = source_lines(source)
    if lines is None or hit.line is None or hit.column is None or hit.line > len(lines):
        return None
    text = lines[hit.line - 1]
    start = hit.column - 1
    m = _ATTRIBUTE_CALL.match(text, start)
    if m is None or text.count("get_event_loop", start) != 1:
        return None
    renamed = text[: m.start(1)] + "get_running_loop" + text[m.end(1) :]
    return "".join(lines[: hit.line - 1]) + renamed + "".join(lines[hit.line :])


def _renamed_in_statement(source: str, hit: Hit) -> object:
    """``asyncio.get_event_loop()`` renamed by parsing only the top-level statement holding
    it (the module pass's facts say where it is: no parse of the file, which can be 20,000
    lines); ``_WHOLE_MODULE`` when the fix needs the module (an import to change) or the
    statement is not known."""
    import libcst as cst

    from auditor.fixes import locate, replace_node, statement_at
    from auditor.source_edits import source_lines

    span = statement_at(source, hit.line)
    lines = source_lines(source)
    if span is None or lines is None or hit.line is None:
        return _WHOLE_MODULE
    start, end = span
    try:
        module = cst.parse_module("".join(lines[start - 1 : end]))
    except cst.ParserSyntaxError:
        return _WHOLE_MODULE
    old = _the_call(locate(module, cst.Call, hit.line - start + 1, hit.column))
    if old is None:
        return None
    func = old.func
    if not (isinstance(func, cst.Attribute) and func.attr.value == "get_event_loop"):
        return _WHOLE_MODULE
    new = old.with_changes(func=func.with_changes(attr=cst.Name("get_running_loop")))
    code = replace_node(module, old, new).code
    return "".join(lines[: start - 1]) + code + "".join(lines[end:])


def _remove_unused_import(module, mod: str, obj: str, alias: str):
    """Drop ``from mod import obj [as alias]`` when nothing uses it any more."""
    from libcst.codemod import CodemodContext
    from libcst.codemod.visitors import RemoveImportsVisitor

    context = CodemodContext()
    RemoveImportsVisitor.remove_unused_import(context, mod, obj, alias if alias != obj else None)
    try:
        return RemoveImportsVisitor(context).transform_module(module)
    except Exception:  # keep the import rather than fail the fix
        return module
