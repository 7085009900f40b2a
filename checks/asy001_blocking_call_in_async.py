from __future__ import annotations

import ast
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity, snippet, when
from auditor.project import Project
from auditor.recognisers import BLOCKING_CALLS, BLOCKING_METHODS, blocking_callee
from auditor.walker import ModuleContext


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    function: str | None = None
    callee: str | None = None


#: A plugin registry whose context-manager method a command-line command enters (ASY001's
#: registry-handler examples: the good one where no route enters it, the bad one where one does).
_PLUGIN_REGISTRY = {
    "tool/plugins.py": """\
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class PipHandler:
    @asynccontextmanager
    async def install_wheel(self, name: str) -> AsyncIterator[int]:
        done = subprocess.run(["pip", "install", name], check=False)
        yield done.returncode


HANDLERS = {"pip": PipHandler}
""",
    "tool/cli.py": """\
import asyncio

import click

from tool import plugins


async def install(kind: str, name: str) -> None:
    handler = plugins.HANDLERS[kind]()
    async with handler.install_wheel(name) as code:
        print(code)


@click.command()
@click.argument("name")
def main(name: str) -> None:
    asyncio.run(install("pip", name))
""",
}


#: A route that restarts a service: the restart coroutine, defined in the route, runs as a
#: task (ASY001's fire-and-forget example: the route answers first; its other side, where
#: the route waits for the task, replaces the task line).
_RESTART_ROUTE = """\
import asyncio
import subprocess

from fastapi import FastAPI

app = FastAPI()


@app.post("/restart")
async def restart(unit: str) -> dict[str, str]:
    async def restart_unit() -> None:
        await asyncio.sleep(0.5)
        subprocess.run(["systemctl", "restart", unit], check=False)

    {task}
    return {{"status": "restarting"}}
"""


class BlockingCallInAsync(Check):
    """
    ## What it does
    Flags calls that block the thread — `time.sleep`, `requests`, sync `httpx`, `urllib`,
    `urllib3`, `subprocess` and `os.system`-style calls — made directly inside an
    `async def` function (a route, a dependency, or any coroutine of the application).
    Import aliases are followed: `from time import sleep as nap; nap(1)` is reported.

    ## Why is this bad?
    FastAPI awaits `async def` routes on the event loop.  One blocking call stalls every
    in-flight request of that worker until it returns: a one-second `time.sleep` in one
    request is a one-second outage for all of them.  It is the most common FastAPI
    performance bug, and it is certain from the code.  All five source documents warn about
    it ([Production guide 2026]: "BAD: Blocking call in async route";
    [Patterns reference]: "Never call synchronous blocking functions inside
    `async def`").

    Building a `requests.Session()` or a `urllib3.PoolManager()` is no I/O (their requests
    are reported when the session is bound in the same function); `httpx.Client()` reads the
    CA bundle from disk as it is built.

    A sync `def` route is fine: FastAPI runs it in its threadpool.  Code inside a nested
    `def` or `lambda` (for example passed to `run_in_threadpool`) is not on the loop, and
    a function passed *by reference* (`await asyncio.to_thread(time.sleep, 1)`) is not a
    call.  Code in a module the application never imports (a client SDK shipped beside the
    server) runs beside no request and is not reported (ASY002 and ASY005 ask the model the
    same question).  The lifespan function is exempt: nothing is being served while it starts up,
    and so is code that only start-up code, a command-line command, a standalone program
    or `asyncio.run` / `loop.run_until_complete` (a loop of its own, also through a name bound
    to it: `arun = loop.run_until_complete`) reaches; a coroutine a sync route creates in the
    threadpool's thread without starting it as a task or handing it to a running loop
    (`run_coroutine_threadsafe`) is not on the request path either.  `os.waitpid(pid, os.WNOHANG)` returns at
    once, so does `proc.wait()` in the body of `if proc.poll() is not None:` (the child has
    exited), and `urllib.request.urlopen()` of a `data:` URL (a literal, or a name the
    enclosing `if url.startswith("data:")` proves one) decodes in memory.  A call in the
    child's branch of a fork made in the same function (`pid = os.fork()` or `pid, fd =
    pty.fork()`, then `if pid == 0:`) runs in another process: not reported.

    In a project with a FastAPI application the finding is an error when the call graph
    places the coroutine on the request path (a route, a dependency, a middleware, or what
    they call, awaited or started as a task the request waits for); elsewhere (a
    background task -- also one a route starts and drops, `asyncio.create_task(f())` as a
    whole statement, the task named --, a coroutine reached through an object the
    call graph does not follow, a coroutine a route creates in its `return` without
    awaiting it -- FastAPI does not await what a route returns --) it is a warning of
    medium confidence: the coroutine may share the loop with requests, or run on a loop of
    its own.  In a project without an application (a library its users' apps import) the
    finding is an error, unless the coroutine runs only as a background task or an event
    handler: every use of its name is a call, created inside `asyncio.create_task(...)` or
    `ensure_future(...)`, or its registration as a start-up or shutdown handler
    (`app.on_startup(self.startup)`, `self.add_event_handler("shutdown", self.shutdown)`:
    it runs when the application starts or stops, or, in some frameworks, as a task beside
    the requests), or it is awaited by such a coroutine, transitively (then a warning, the
    task or the handler named).

    ## Example
    ```python
    @router.get("/ping")
    async def ping():
        time.sleep(1)
        r = requests.get(URL, timeout=5)
    ```

    ## Use instead
    ```python
    @router.get("/ping")
    async def ping():
        await asyncio.sleep(1)
        async with httpx.AsyncClient(timeout=5) as client:
            r = await client.get(URL)
    ```
    Or declare the route with plain `def`, or offload the call:
    `await run_in_threadpool(requests.get, URL, timeout=5)`.

    ## Fix safety
    `time.sleep(x)` as a statement directly in the coroutine is rewritten to
    `await asyncio.sleep(x)` (and `import asyncio` is added): the same delay, without
    blocking the loop.  The other calls need an async library or a threadpool, a choice
    left to you.

    ## References
    - [Production guide 2026], [ForgeAPI guide], [Production skill 2025],
      [Patterns reference], [zhanymkanov README] (I/O-intensive tasks)
    - FastAPI docs, "Concurrency and async / await"
    - Overlaps ruff ASYNC210, ASYNC220–222 and ASYNC251
    """

    id = "ASY001"
    name = "blocking-call-in-async"
    category = "async"
    severity = Severity.ERROR
    message = "blocking call in async function"
    fix_title = "Use an async equivalent, make the function sync, or offload to a thread"
    sources = (
        "Production guide 2026",
        "ForgeAPI guide",
        "Production skill 2025",
        "Patterns reference",
        "zhanymkanov README",
    )

    @when(callees=BLOCKING_CALLS, names=BLOCKING_METHODS, in_async=True)
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        if not ctx.in_async:
            return
        callee = blocking_callee(node, ctx)
        if callee is None:
            return
        fixable = callee == "time.sleep" and isinstance(ctx.parent, ast.Expr)
        ctx.report(
            node,
            f"`{callee}()` blocks the event loop inside `async def {ctx.function.name}`"
            if ctx.function
            else f"`{callee}()` blocks the event loop",
            data=_Data(function=ctx.enclosing_function_qname(), callee=callee),
            fixable=fixable,
            fix_title="Replace with `await asyncio.sleep(...)`" if fixable else None,
        )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        out = []
        away = project.not_beside_requests(
            (h.path, h.line, h.payload(_Data).function) for h in hits
        )
        for h, why in zip(hits, away):
            if why is not None:
                continue  # an unreached module, start-up, a command, a program, dead code
            function = h.payload(_Data).function
            reach = project.reach(function)
            if project.application_modules is not None and (
                reach is None or not reach.on_request_path
            ):
                # a coroutine the call graph does not place on the request path (a
                # background task, a worker's loop, code reached through ``self``): it may
                # share the loop with requests, but the code does not prove it
                h.severity = Severity.WARNING
                h.confidence = "medium"
            elif project.application_modules is not None and reach and reach.task:
                # reached from requests only through a fire-and-forget task: it runs on
                # the serving loop, but after the request, as a background task
                h.severity = Severity.WARNING
                h.confidence = "medium"
                short = reach.task.rsplit(".", 1)[-1]
                h.message += f" (only in a background task that `{short}` starts)"
            elif project.application_modules is None:
                # no application to place it on a request path: a coroutine that runs only
                # as a task started with ``create_task`` is a background task all the same
                from auditor.scope import background_task_only

                only = background_task_only(project, function)
                if only is not None:
                    h.severity = Severity.WARNING
                    h.confidence = "medium"
                    ways = ["as a start-up or shutdown handler"] if only.handler else []
                    if only.starter is not None:
                        short = only.starter.rsplit(".", 1)[-1]
                        ways.append(f"in a background task that `{short}` starts")
                    h.message += f" (only {' or '.join(ways)})"
            out.append(h)
        return out

    def fix(self, source: str, hit: Hit, project: Project) -> str | None:
        import libcst as cst

        from auditor.fixes import add_import, locate, module_code, parse_module, replace_node

        module = parse_module(source)
        calls = list(locate(module, cst.Call, hit.line, hit.column))
        if len(calls) != 1:
            return None
        old = calls[0]
        new = cst.Await(
            expression=old.with_changes(
                func=cst.Attribute(value=cst.Name("asyncio"), attr=cst.Name("sleep"))
            )
        )
        module = replace_node(module, old, new)
        module = add_import(module, "asyncio")
        return module_code(module)

    bad = (
        snippet(
            """\
import time

import requests
from fastapi import APIRouter

router = APIRouter()


@router.get("/ping")
async def ping() -> dict[str, bool]:
    time.sleep(1)
    requests.get("https://example.com", timeout=5)
    return {"pong": True}
""",
            note="a route: on the request path",
            lines=(11, 12),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -3,4 +3,5 @@
 import requests
 from fastapi import APIRouter
+import asyncio
 
 router = APIRouter()
@@ -9,5 +10,5 @@
 @router.get("/ping")
 async def ping() -> dict[str, bool]:
-    time.sleep(1)
+    await asyncio.sleep(1)
     requests.get("https://example.com", timeout=5)
     return {"pong": True}
""",
            ),
        ),
        snippet(
            """\
from time import sleep as pause

import requests as http
import subprocess


async def worker() -> None:
    pause(2)
    http.post("https://example.com", json={})
    subprocess.run(["ls"])
""",
            note="aliases are resolved; any coroutine counts, not only routes",
            lines=(8, 9, 10),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -3,8 +3,9 @@
 import requests as http
 import subprocess
+import asyncio
 
 
 async def worker() -> None:
-    pause(2)
+    await asyncio.sleep(2)
     http.post("https://example.com", json={})
     subprocess.run(["ls"])
""",
            ),
        ),
        snippet(
            """\
import requests


async def fetch_all(urls: list[str]) -> list[int]:
    session = requests.Session()
    return [session.get(u).status_code for u in urls]
""",
            note="a request on a session bound in the same function (building the session "
            "is no I/O: line 5 is not reported)",
            lines=(6,),
        ),
        snippet(
            """\
import subprocess


async def stop_tunnel(args: list[str]) -> int:
    proc = subprocess.Popen(args)
    if proc.poll() is None:
        proc.terminate()
        proc.wait()
    return proc.wait()
""",
            note="`wait()` while the process may still run (no exit seen, or `poll()` was "
            "None): it blocks until the child exits",
            lines=(8, 9),
        ),
        snippet(
            """\
import asyncio
import time

from fastapi import FastAPI

app = FastAPI()


async def refresh_forever() -> None:
    while True:
        time.sleep(60)
        await asyncio.sleep(0)


@app.get("/")
async def index() -> dict[str, bool]:
    return {"ok": True}


JOBS = [refresh_forever]
""",
            note="a coroutine the call graph does not place on the request path (handed on by "
            "reference: a job started elsewhere)",
            lines=(11,),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -9,5 +9,5 @@
 async def refresh_forever() -> None:
     while True:
-        time.sleep(60)
+        await asyncio.sleep(60)
         await asyncio.sleep(0)
 
""",
            ),
        ),
        snippet(
            """\
import asyncio
import subprocess
from contextlib import asynccontextmanager

from fastapi import FastAPI


def build_app() -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        task = asyncio.create_task(refresh())
        yield
        task.cancel()

    app = FastAPI(lifespan=lifespan)

    async def refresh() -> None:
        while True:
            subprocess.run(["sync-cache"], check=True)
            await asyncio.sleep(60)

    return app


app = build_app()
""",
            note="the other side of the nested start-up trap: a coroutine the lifespan "
            "starts as a task runs beside the requests",
            lines=(19,),
        ),
        snippet(
            """\
import time
from contextlib import asynccontextmanager

import requests
from fastapi import APIRouter, FastAPI
from stac_fastapi.api.app import StacApi

router = APIRouter()


@asynccontextmanager
async def lifespan(app: FastAPI):
    time.sleep(1)
    yield


@router.get("/items")
async def items() -> list[str]:
    return requests.get("https://example.com/items", timeout=5).json()


def make_api() -> StacApi:
    return StacApi(app=FastAPI(lifespan=lifespan), router=router)
""",
            note="the trap beside an app built inline as an argument: its lifespan is exempt "
            "(line 13), a route is on the request path",
            lines=(19,),
        ),
        snippet(
            """\
import os
import pty
import subprocess

from fastapi import APIRouter

router = APIRouter()


@router.post("/terminal")
async def open_terminal() -> dict[str, int]:
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp("bash", ["bash"])
    else:
        subprocess.run(["stty", "sane"], check=True)
    return {"fd": fd}


@router.post("/job")
async def run_job(retry: bool) -> dict[str, int]:
    pid = os.fork()
    if retry:
        pid = 0
    if pid == 0:
        subprocess.run(["true"], check=True)
    return {"pid": pid}
""",
            note="after a fork, the parent's branch is still the server's loop; a name also "
            "bound to something else than the fork's pid proves no child",
            lines=(16, 26),
        ),
        snippet(
            _RESTART_ROUTE.format(task="asyncio.create_task(restart_unit())"),
            note="a fire-and-forget task a route starts (`create_task(...)` as a whole "
            "statement): it runs on the serving loop after the answer (a warning)",
            lines=(13,),
        ),
        snippet(
            _RESTART_ROUTE.format(task="await asyncio.create_task(restart_unit())"),
            note="the other side of the fire-and-forget task: a task the route awaits is on "
            "the request path (an error)",
            lines=(13,),
        ),
        snippet(
            _RESTART_ROUTE.format(
                task="async with asyncio.TaskGroup() as group:\n"
                "        group.create_task(restart_unit())"
            ),
            note="a task of a task group, which waits for it as its block ends: on the "
            "request path (an error)",
            lines=(13,),
        ),
        Example(
            files={
                "monitor/__init__.py": "",
                "monitor/uptime.py": """\
import asyncio
import urllib.request


class Uptime:
    def __init__(self, url: str) -> None:
        self.url = url
        self.task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.task = asyncio.create_task(
            self._loop()
        )

    async def _loop(self) -> None:
        while True:
            await self.check_once()
            await asyncio.sleep(60)

    async def check_once(self) -> int:
        with urllib.request.urlopen(self.url, timeout=5) as r:
            return r.status
""",
            },
            note="background task: a library without an app, the coroutine runs only in the "
            "task `start` creates (a warning)",
            lines=(21,),
        ),
        Example(
            files={
                "monitor/__init__.py": "",
                "monitor/uptime.py": """\
import asyncio
import urllib.request


class Uptime:
    def __init__(self, url: str) -> None:
        self.url = url

    async def start(self) -> None:
        asyncio.create_task(self._loop())

    async def _loop(self) -> None:
        while True:
            await self.check_once()
            await asyncio.sleep(60)

    async def check_once(self) -> int:
        with urllib.request.urlopen(self.url, timeout=5) as r:
            return r.status
""",
                "monitor/probe.py": """\
from monitor.uptime import Uptime


async def probe(monitor: Uptime) -> int:
    return await monitor.check_once()
""",
            },
            note="the trap beside a background task: also awaited through an object the call "
            "graph does not follow (an error)",
            lines=(18,),
        ),
        Example(
            files={
                "tool/__init__.py": "",
                "tool/app.py": """\
from fastapi import FastAPI

from tool import plugins

app = FastAPI()


@app.get("/plugins")
async def list_plugins() -> list[str]:
    return sorted(plugins.HANDLERS)


@app.post("/plugins/{name}")
async def add_plugin(name: str) -> int:
    async with plugins.HANDLERS["pip"]().install_wheel(name) as code:
        return code
""",
                **_PLUGIN_REGISTRY,
            },
            note="the other side of the registry-handler trap: a route also enters the "
            "method, through an object the call graph does not type (a warning)",
            lines=(9,),
        ),
    )
    good = (
        snippet(
            """\
import os
import pty
import subprocess
import time

from fastapi import APIRouter

router = APIRouter()


@router.post("/terminal")
async def open_terminal() -> dict[str, int]:
    (child_pid, fd) = pty.fork()
    if child_pid == 0:
        subprocess.run([os.environ.get("SHELL", "bash")])
    else:
        os.set_blocking(fd, False)
    return {"fd": fd}


@router.post("/job")
async def run_job() -> dict[str, int]:
    pid = os.fork()
    if pid:
        return {"pid": pid}
    else:
        time.sleep(1)
        os._exit(0)
    return {}
""",
            note="the child of a fork (`pid == 0`, the `else` of `if pid:`) is a process of its "
            "own: blocking there blocks no loop that serves requests",
        ),
        Example(
            files={
                "svc/__init__.py": "",
                "svc/main.py": """\
from fastapi import FastAPI

app = FastAPI()


@app.get("/")
async def index() -> dict[str, bool]:
    return {"ok": True}
""",
                "svc/legacy.py": """\
import time


async def poll_forever() -> None:
    while True:
        time.sleep(60)
""",
            },
            note="a coroutine nothing calls or names: dead code, beside no request",
        ),
        Example(
            files={
                "svc/__init__.py": "",
                "svc/main.py": """\
from fastapi import FastAPI

app = FastAPI()


@app.get("/")
async def index() -> dict[str, bool]:
    return {"ok": True}
""",
                "svc/client.py": """\
import requests


class Client:
    async def fetch(self, url: str) -> bytes:
        return requests.get(url, timeout=5).content

    async def fetch_all(self, urls: list[str]) -> list[bytes]:
        return [await self.fetch(u) for u in urls]
""",
            },
            note="a client SDK shipped beside the server, which never imports it: not beside "
            "requests (the same answer ASY002 and ASY005 get)",
        ),
        snippet(
            """\
import asyncio
import subprocess


async def watch_tunnel(args: list[str]) -> int | None:
    proc = subprocess.Popen(args)
    for _ in range(10):
        if proc.poll() is not None:
            proc.wait()
            return proc.returncode
        await asyncio.sleep(0.5)
    return None
""",
            note="`wait()` only after `poll()` saw the exit: the child is gone, `wait()` reaps "
            "it and returns at once",
        ),
        snippet(
            """\
import asyncio
import time

import httpx
from fastapi import APIRouter

router = APIRouter()


@router.get("/ping")
async def ping() -> dict[str, bool]:
    await asyncio.sleep(1)
    async with httpx.AsyncClient(timeout=5) as client:
        await client.get("https://example.com")
    return {"pong": True}


@router.get("/sync-ping")
def sync_ping() -> dict[str, bool]:
    time.sleep(1)
    return {"pong": True}
"""
        ),
        snippet(
            """\
import asyncio
import time

import requests
from fastapi.concurrency import run_in_threadpool


async def offloaded(url: str) -> None:
    await asyncio.to_thread(time.sleep, 1)
    await run_in_threadpool(lambda: requests.get(url, timeout=5))

    def inner() -> None:
        time.sleep(1)

    await run_in_threadpool(inner)
    time.sleep(0)
""",
            note="references, inner functions, lambdas and sleep(0) are not blocking calls",
        ),
        snippet(
            """\
class Session:
    def get(self, url: str) -> str:
        return url


async def handler(requests: Session) -> str:
    time = Session()
    time.get("x")
    return requests.get("https://example.com")
""",
            note="local variables named like modules",
        ),
        snippet(
            """\
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
import time

from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    time.sleep(1)  # waiting for the database before serving: nothing is served yet
    yield


app = FastAPI(lifespan=lifespan)
""",
            note="the lifespan function runs before requests are served",
        ),
        snippet(
            """\
import contextlib
import time

from fastapi import FastAPI
from stac_fastapi.api.app import StacApi


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI):
    time.sleep(1)
    yield


def make_api(title: str) -> StacApi:
    return StacApi(app=FastAPI(title=title, lifespan=lifespan))
""",
            note="the lifespan of an app built inline as an argument, bound to no name (seen "
            "in stac-fastapi-static): still the app's lifespan",
        ),
        snippet(
            """\
import requests


async def open_session(token: str) -> requests.Session:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    return session
""",
            note="building a `requests.Session()` opens no file and no socket: only its "
            "requests block",
        ),
        snippet(
            """\
import asyncio
import os
from os import WNOHANG


async def reap(pid: int) -> None:
    while True:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            return
        await asyncio.sleep(1)


async def reap_any() -> None:
    os.waitpid(-1, WNOHANG | os.WUNTRACED)
""",
            note="`os.waitpid` with `WNOHANG` returns at once: it polls, it does not block",
        ),
        Example(
            files={
                "app/warmup.py": """\
import subprocess
import time


async def wait_for_database() -> None:
    time.sleep(1)
    subprocess.run(["migrate"], check=True)
""",
                "app/main.py": """\
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.warmup import wait_for_database


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    await wait_for_database()
    yield


app = FastAPI(lifespan=lifespan)


@app.get("/")
async def index() -> dict[str, str]:
    return {"status": "ok"}
""",
            },
            note="a coroutine only the lifespan awaits runs before anything is served",
        ),
        snippet(
            """\
import subprocess
from contextlib import asynccontextmanager

from fastapi import FastAPI


def build_app() -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        await startup()
        yield

    app = FastAPI(lifespan=lifespan)

    @app.get("/")
    async def index() -> dict[str, str]:
        return {"status": "ok"}

    async def startup() -> None:
        subprocess.run(["migrate", "stamp"], check=True)

    return app


app = build_app()
""",
            note="a start-up coroutine defined beside the lifespan (after it) inside the "
            "function that builds the app: awaited before anything is served (seen in tiled)",
        ),
        Example(
            files={
                "tool/__init__.py": "",
                "tool/app.py": """\
from fastapi import FastAPI

from tool import plugins

app = FastAPI()


@app.get("/plugins")
async def list_plugins() -> list[str]:
    return sorted(plugins.HANDLERS)
""",
                **_PLUGIN_REGISTRY,
            },
            note="a context-manager method of a handler a registry builds, whose name only a "
            "command-line command's coroutine uses: it runs on the command's own loop "
            "(seen in nvidia-nat-core)",
        ),
    )
