from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity, snippet, when
from auditor.project import Project
from auditor.recognisers import THREAD_OFFLOADERS
from auditor.walker import ModuleContext, Scope, dotted

#: 1. File I/O: callees that open a file synchronously.
FILE_OPENERS = frozenset({"builtins.open", "io.open"})
#: The null device (https://docs.python.org/3/library/os.html#os.devnull): opening it
#: touches no storage and its writes are discarded, so it blocks nothing.
NULL_DEVICES = frozenset({"/dev/null"})
#: Responses that iterate a sync iterator (an open file) in the threadpool
#: (``iterate_in_threadpool``): a file opened as their content is read off the loop.
THREADPOOL_STREAMS = frozenset(
    {"starlette.responses.StreamingResponse", "fastapi.responses.StreamingResponse"}
)
#: ... and the blocking methods of a ``pathlib.Path(...)``.
PATH_CLASSES = frozenset({"pathlib.Path"})
PATH_METHODS = frozenset({"read_text", "read_bytes", "write_text", "write_bytes", "open"})

#: 2. Sync drivers: constructing one connects (or builds a blocking client).
DRIVERS: dict[str, str] = {
    "sqlite3.connect": "sqlite3.connect",
    "psycopg2.connect": "psycopg2.connect",
    "psycopg.connect": "psycopg.connect",
    "pymysql.connect": "pymysql.connect",
    "MySQLdb.connect": "MySQLdb.connect",
    "pymongo.MongoClient": "pymongo.MongoClient",
    "pymongo.mongo_client.MongoClient": "pymongo.MongoClient",
}

#: 3. Sync SDK clients: method calls on their instances block.
SDK_CLIENTS: dict[str, str] = {
    "boto3.client": "boto3.client",
    "boto3.resource": "boto3.resource",
    "smtplib.SMTP": "smtplib.SMTP",
    "smtplib.SMTP_SSL": "smtplib.SMTP_SSL",
    "openai.OpenAI": "openai.OpenAI",
    "anthropic.Anthropic": "anthropic.Anthropic",
    "elasticsearch.Elasticsearch": "elasticsearch.Elasticsearch",
    "google.cloud.storage.Client": "google.cloud.storage.Client",
    "pymongo.MongoClient": "pymongo.MongoClient",
    "pymongo.mongo_client.MongoClient": "pymongo.MongoClient",
    # clients that connect lazily: building one opens no connection (redis-py's pool and
    # SQLAlchemy's engine connect on the first command), the method calls block
    "redis.Redis": "redis.Redis",
    "redis.client.Redis": "redis.Redis",
    "redis.StrictRedis": "redis.StrictRedis",
    "redis.client.StrictRedis": "redis.StrictRedis",
    "redis.from_url": "redis.Redis",
    "redis.Redis.from_url": "redis.Redis",
    "redis.client.Redis.from_url": "redis.Redis",
    "redis.StrictRedis.from_url": "redis.StrictRedis",
    "sqlalchemy.create_engine": "sqlalchemy.create_engine",
    "sqlalchemy.engine.create_engine": "sqlalchemy.create_engine",
}
BOTO3_SESSIONS = frozenset({"boto3.session.Session", "boto3.Session"})
BOTO3_SESSION_CLIENT = "boto3.session.Session().client"
#: SDK methods that only build an object locally (no network): not reported.
LOCAL_METHODS = frozenset(
    {
        # boto3
        "generate_presigned_url",
        "generate_presigned_post",
        "get_paginator",
        "get_waiter",
        "can_paginate",
        "Bucket",
        "Object",
        "Table",
        # google-cloud-storage
        "bucket",
        "blob",
        "batch",
        # openai / anthropic / elasticsearch
        "with_options",
        "copy",
        "options",
        # smtplib
        "set_debuglevel",
        # redis: a pipeline, a pub/sub object, a lock or a script is built locally (its
        # own calls talk to the server, and are not followed)
        "pipeline",
        "pubsub",
        "lock",
        "register_script",
        # sqlalchemy engine
        "execution_options",
    }
)


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    function: str | None = None


@dataclass
class _State:
    #: scope -> local name -> the client it is bound to
    clients: dict[Scope, dict[str, str]] = field(default_factory=dict)


#: Document sources: ``fetch`` reads a file in a coroutine (a ``@classmethod``).
_SOURCES = """\
from pathlib import Path


class DiskSource:
    name = "disk"

    @classmethod
    def describe(cls) -> str:
        return cls.name

    @classmethod
    async def fetch(cls, path: str) -> bytes:
        return Path(path).read_bytes()
"""
#: An app whose route lists the sources without fetching anything.
_SOURCES_APP = """\
from fastapi import FastAPI

from docs_app.sources import DiskSource

app = FastAPI()


@app.get("/sources")
async def sources() -> list[str]:
    return [DiskSource.describe()]
"""


#: A Celery application whose task awaits a helper that writes to Redis with a blocking
#: client: the worker runs it (the bad and good examples differ only in who else calls it).
_CELERY_JOBS = {
    "jobs/__init__.py": "",
    "jobs/worker.py": """\
from celery import Celery

queue = Celery("jobs")
""",
    "jobs/dead.py": """\
import redis


async def bury(payload: str) -> None:
    r = redis.from_url("redis://cache")
    r.xadd("dead", {"payload": payload})
""",
    "jobs/tasks.py": """\
from jobs.dead import bury
from jobs.worker import queue


@queue.task(bind=True)
async def deliver(self, payload: str) -> None:
    await bury(payload)
""",
}


class SyncClientInAsync(Check):
    """
    ## What it does
    Flags blocking I/O done directly inside an `async def` function of the application:

    - file I/O: builtin `open(...)`, `io.open(...)`, and `read_text` / `read_bytes` /
      `write_text` / `write_bytes` / `open` on a `pathlib.Path(...)` (called directly, or a
      name bound to one in the same function);
    - sync drivers: `sqlite3.connect`, `psycopg2.connect`, `psycopg.connect`,
      `pymysql.connect`, `MySQLdb.connect` and `pymongo.MongoClient`;
    - sync SDK clients: method calls on a name bound, at module level or in the same
      function, to `boto3.client`, `boto3.resource`, `boto3.session.Session().client`,
      `smtplib.SMTP`, `smtplib.SMTP_SSL`, `openai.OpenAI`, `anthropic.Anthropic`,
      `elasticsearch.Elasticsearch`, `google.cloud.storage.Client`,
      `pymongo.MongoClient`, `redis.Redis` / `redis.StrictRedis` (also `from_url`) or
      `sqlalchemy.create_engine`, and method calls on such a constructor's result directly
      (`boto3.client("s3").put_object(...)`).  A redis client or a SQLAlchemy engine
      connects lazily: building one blocks nothing, the finding is on the first call that
      talks to the server (`r.ping()`, `engine.connect()`).

    Only code that can run beside the requests is judged: functions of modules the
    application reaches (not a client SDK shipped beside the server that the server never
    imports), and not functions the project's call graph shows to be reached only from
    start-up code (the lifespan, a start-up handler, the code that builds the app), from a
    typer / click command or from a standalone program (`if __name__ == "__main__":`), nor
    coroutines that run on a loop of their own (driven by `asyncio.run`: a coroutine nested
    in the function that drives it only when nothing it awaits names a server, a task or a
    gather that would run beside it on that loop; or wrapped by a
    sync-to-async decorator of the project whose wrapper runs them with `asyncio.run` /
    `run_until_complete`).

    ## Why is this bad?
    These calls block the thread until the disk, the database or the remote service
    answers, and an `async def` function runs on the event loop: while it waits, every
    other request of the worker waits too.  How much that hurts depends on latency — a small
    local file read is cheap, an S3 upload or an LLM call is not — so this is a warning, not
    an error.  [zhanymkanov README] and [ForgeAPI guide] say it plainly: "If
    you must use sync SDK, then run it in a thread pool"; [Patterns reference] lists
    file I/O among the operations that need `async def` *and* async libraries.

    Only the call is judged, not its argument: a method passed by reference to
    `run_in_threadpool`, `anyio.to_thread.run_sync`, `asyncio.to_thread`,
    `asyncer.asyncify` or `loop.run_in_executor` runs in a thread and is not reported.
    The lifespan function is exempt (it runs once, before requests are served), and so is
    module-level code; test modules are not scanned.

    ## Example
    ```python
    s3 = boto3.client("s3")

    @router.get("/report")
    async def report() -> dict[str, int]:
        with open("report.csv") as fh:
            rows = fh.read().count("\\n")
        s3.put_object(Bucket="b", Key="k", Body=b"x")
        return {"rows": rows}
    ```

    ## Use instead
    ```python
    s3 = boto3.client("s3")

    @router.get("/report")
    async def report() -> dict[str, int]:
        text = await anyio.Path("report.csv").read_text()
        await run_in_threadpool(s3.put_object, Bucket="b", Key="k", Body=b"x")
        return {"rows": text.count("\\n")}
    ```
    Or use an async library (`aioboto3`, `redis.asyncio`, `anyio.Path`, `aiofiles`,
    `openai.AsyncOpenAI`, an async database driver), or declare the route with plain `def`
    so that FastAPI runs it in its threadpool.

    ## Fix safety
    No automatic fix: the right replacement (an async library, a threadpool call, or a sync
    route) is a design choice.

    ## Known problems
    A client is only recognised when its name is bound in the same module (at module level)
    or in the same function: a client imported from another module, stored on `self`, or
    injected as a parameter is not followed.  SDK methods known to work locally
    (`generate_presigned_url`, `get_paginator`, `bucket`, `blob`, `with_options`, ...) are not
    reported, and neither are calls chained on their results
    (`client.bucket("b").blob("k").upload_from_string(...)`).  Method calls on driver
    connections (`conn.execute(...)`) are not reported: the connect call already is.
    `with open(...) as f:` is not reported when every use of `f` in the block is a reference
    handed to a thread offloader (`await asyncio.to_thread(f.read, n)`, also through
    `functools.partial`): the I/O runs in a thread and only the `open()` system call itself
    (normally quick, slow on network file systems) stays on the loop.  Nor is a file opened
    as the content of a `StreamingResponse` (`StreamingResponse(open(p, "rb"))`): the
    response iterates it in the threadpool.  Nor is opening the null device
    (`open(os.devnull, "w")`, `open("/dev/null")`), which touches no storage.
    A coroutine the call graph cannot place (reached through a call on a parameter, an
    attribute or a returned object, or handed over by reference; calls on the method's own
    `self` are followed) is still judged; one only the
    lifespan awaits is exempt even if a route also reaches it through such a call.  A task
    the lifespan starts without `await` (`asyncio.create_task(poll())`) runs beside the
    requests and is judged.

    ## References
    - [zhanymkanov README] ("If you must use sync SDK, then run it in a thread pool")
    - [ForgeAPI guide] ("Use Sync SDKs in Thread Pools")
    - [Patterns reference] ("Use async def for I/O-bound operations (database, HTTP
      calls, file I/O)")
    - FastAPI docs, "Concurrency and async / await"
    - Overlaps ruff ASYNC230 (`open`) and ASYNC240 (preview, `pathlib` methods); the
      auditor adds drivers and SDK clients bound at module level, and exempts the lifespan
    """

    id = "ASY002"
    name = "sync-client-in-async"
    category = "async"
    severity = Severity.WARNING
    heuristic = True
    message = "blocking I/O in async function"
    fix_title = "Use an async library, offload with `run_in_threadpool`, or make the route `def`"
    sources = (
        "zhanymkanov README",
        "ForgeAPI guide",
        "Patterns reference",
    )

    # -- bindings the walker cannot resolve: ``s3 = boto3.Session().client("s3")`` ----------
    # (what ``_track`` keeps needs a ``.client(...)`` / ``.resource(...)`` call)
    @when(says=(b"client", b"resource"))
    def visit_Assign(self, node: ast.Assign, ctx: ModuleContext) -> None:
        self._track(node.targets, node.value, ctx)

    @when(says=(b"client", b"resource"))
    def visit_AnnAssign(self, node: ast.AnnAssign, ctx: ModuleContext) -> None:
        if node.value is not None:
            self._track([node.target], node.value, ctx)

    def _track(self, targets: list[ast.expr], value: ast.expr, ctx: ModuleContext) -> None:
        scope = ctx.scope
        if scope.kind == "class":
            return
        table = ctx.state(_State).clients
        label = self._session_client(value, ctx) if isinstance(value, ast.Call) else None
        for target in targets:
            if not isinstance(target, ast.Name):
                continue
            if label:
                table.setdefault(scope, {})[target.id] = label
            elif scope in table:
                table[scope].pop(target.id, None)

    def _session_client(self, call: ast.Call, ctx: ModuleContext) -> str | None:
        """``<boto3 session>.client(...)`` / ``.resource(...)``."""
        func = call.func
        if not isinstance(func, ast.Attribute) or func.attr not in ("client", "resource"):
            return None
        recv = func.value
        if isinstance(recv, ast.Call) and ctx.resolve(recv.func) in BOTO3_SESSIONS:
            return BOTO3_SESSION_CLIENT
        if isinstance(recv, ast.Name) and ctx.local_call_binding(recv.id) in BOTO3_SESSIONS:
            return BOTO3_SESSION_CLIENT
        return None

    def _bound_sdk(self, name: str, ctx: ModuleContext) -> str | None:
        """The SDK client ``name`` is bound to (same function, else module level)."""
        bound = ctx.local_call_binding(name)
        if bound in SDK_CLIENTS:
            return SDK_CLIENTS[bound]
        if bound and bound.rsplit(".", 1)[-1] in ("client", "resource"):
            # module level ``session = boto3.Session(); s3 = session.client("s3")``
            head = bound.rsplit(".", 1)[0]
            prefix = f"{ctx.module}."
            if (
                head.startswith(prefix)
                and ctx.module_scope.calls.get(head[len(prefix) :]) in BOTO3_SESSIONS
            ):
                return BOTO3_SESSION_CLIENT
        table = ctx.state(_State).clients
        s: Scope | None = ctx.scope
        while s is not None and s.kind == "class":
            s = s.parent
        if s is None:
            return None
        if name in table.get(s, {}):
            return table[s][name]
        if s.kind != "module" and name in s.local_names():
            return None
        return table.get(ctx.module_scope, {}).get(name)

    # -- the calls -------------------------------------------------------------------------
    @when(in_async=True)
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        if not ctx.in_async:
            return
        fn = ctx.function
        where = f" inside `async def {fn.name}`" if fn else ""
        q = ctx.resolve(node.func)
        message: str | None = None
        if q in FILE_OPENERS:
            if self._offloaded_file(node, ctx) or _opens_null_device(node, ctx):
                return
            message = (
                f"`{q.removeprefix('builtins.')}()` does blocking file I/O{where} (ruff ASYNC230)"
            )
        elif q in DRIVERS:
            message = f"sync driver `{DRIVERS[q]}()` blocks the event loop{where}"
        elif isinstance(node.func, ast.Attribute):
            message = self._method_message(node.func, ctx, where)
        if message is None:
            return
        ctx.report(
            node,
            message,
            data=_Data(function=ctx.enclosing_function_qname()),
        )

    def _offloaded_file(self, node: ast.Call, ctx: ModuleContext) -> bool:
        """``with open(p) as f:`` whose every use of ``f`` is a reference handed to a thread
        offloader (``await asyncio.to_thread(f.read, n)``): the reads and writes already run
        in a thread, only the ``open()`` system call itself stays on the loop.  So is
        ``StreamingResponse(open(p, "rb"))``: the response iterates the file in the
        threadpool."""
        item = ctx.parent
        outer: ast.AST | None = item
        if isinstance(item, ast.keyword) and item.arg == "content" and len(ctx.parents) > 1:
            outer = ctx.parents[-2]
        if (
            isinstance(outer, ast.Call)
            and ctx.resolve(outer.func) in THREADPOOL_STREAMS
            and ((outer.args and outer.args[0] is node) or item is not outer)
        ):
            return True
        if (
            not isinstance(item, ast.withitem)
            or item.context_expr is not node
            or not isinstance(item.optional_vars, ast.Name)
        ):
            return False
        stmt = ctx.parents[-2] if len(ctx.parents) > 1 else None
        if not isinstance(stmt, (ast.With, ast.AsyncWith)):
            return False
        name = item.optional_vars.id
        parent: dict[ast.AST, ast.AST] = {}
        uses: list[ast.Name] = []
        for top in stmt.body:
            for sub in ast.walk(top):
                for child in ast.iter_child_nodes(sub):
                    parent[child] = sub
                if isinstance(sub, ast.Name) and sub.id == name:
                    if not isinstance(sub.ctx, ast.Load):
                        return False  # rebound in the body
                    uses.append(sub)
        if not uses:
            return False
        for use in uses:
            ref: ast.AST = use
            up = parent.get(ref)
            if isinstance(up, ast.Attribute) and up.value is ref:
                ref, up = up, parent.get(up)  # ``f.read``
            if isinstance(up, ast.keyword):
                up = parent.get(up)
            if (
                isinstance(up, ast.Call)
                and up.func is not ref
                and ctx.resolve(up.func) == "functools.partial"
            ):
                ref, up = up, parent.get(up)  # ``partial(f.write, data)`` handed on
                if isinstance(up, ast.keyword):
                    up = parent.get(up)
            if not isinstance(up, ast.Call) or up.func is ref or not self._is_offloader(up, ctx):
                return False
        return True

    def _is_offloader(self, call: ast.Call, ctx: ModuleContext) -> bool:
        if ctx.resolve(call.func) in THREAD_OFFLOADERS:
            return True
        return isinstance(call.func, ast.Attribute) and call.func.attr == "run_in_executor"

    def _method_message(self, func: ast.Attribute, ctx: ModuleContext, where: str) -> str | None:
        recv = func.value
        if func.attr in PATH_METHODS and self._is_path(recv, ctx):
            rule = "ASYNC230" if func.attr == "open" else "ASYNC240, preview"
            return f"`Path.{func.attr}()` does blocking file I/O{where} (ruff {rule})"
        if func.attr in LOCAL_METHODS:
            return None
        root = recv
        while isinstance(root, ast.Attribute):
            root = root.value
        sdk: str | None = None
        if isinstance(root, ast.Name):
            sdk = self._bound_sdk(root.id, ctx)
            text = dotted(func)
        elif isinstance(root, ast.Call):
            q = ctx.resolve(root.func)
            sdk = SDK_CLIENTS.get(q) if q else self._session_client(root, ctx)
            text = f"{sdk}(...){_chain(func, root)}"
        if not sdk:
            return None
        return f"`{text}()` is a sync `{sdk}` client call: it blocks the event loop{where}"

    def _is_path(self, recv: ast.expr, ctx: ModuleContext) -> bool:
        if isinstance(recv, ast.Call):
            return ctx.resolve(recv.func) in PATH_CLASSES
        if isinstance(recv, ast.Name):
            # a name bound to ``pathlib.Path(...)`` in this very function
            scope = ctx.scope
            return scope.kind == "function" and scope.calls.get(recv.id) in PATH_CLASSES
        return False

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        away = project.not_beside_requests(
            (h.path, h.line, h.payload(_Data).function) for h in hits
        )
        return [h for h, why in zip(hits, away) if why is None]

    bad = (
        Example(
            files={
                "docs_app/__init__.py": "",
                "docs_app/main.py": _SOURCES_APP
                + """

@app.get("/sources/{name}/file")
async def source_file(name: str, path: str) -> int:
    return len(await DiskSource.fetch(path))
""",
                "docs_app/sources.py": _SOURCES,
            },
            note="the other side of the dead-classmethod trap: a route awaits the method",
            lines=(13,),
        ),
        Example(
            files={
                "svc/__init__.py": "",
                "svc/main.py": """\
from fastapi import FastAPI

from svc.registry import load

app = FastAPI()


@app.get("/tools/{path}")
async def tool(path: str) -> dict[str, str]:
    return {"name": load(path).__name__}
""",
                "svc/registry.py": """\
from importlib import import_module


def load(path: str) -> type:
    module, name = path.rsplit(".", 1)
    return getattr(import_module(module), name)
""",
                "svc/bridge/__init__.py": "",
                "svc/bridge/relay.py": """\
import asyncio


class Relay:
    async def save(self, name: str, data: bytes) -> None:
        with open(name, "wb") as fh:
            fh.write(data)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await self.save("dump.bin", await reader.read())
        writer.close()

    async def serve(self) -> None:
        server = await asyncio.start_server(self.handle, port=9000)
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(Relay().serve())
""",
                "svc/settings.toml": 'relay = "svc.bridge.relay.Relay"\n',
            },
            note="the other side of the unnamed-program trap: a settings file names the "
            "module, so the loader's computed name may be it",
            lines=(6,),
        ),
        Example(
            files={
                "svc/__init__.py": "",
                "svc/main.py": """\
from fastapi import FastAPI

from svc.registry import load

app = FastAPI()


@app.get("/tools/{path}")
async def tool(path: str) -> dict[str, str]:
    return {"name": load(path).__name__}
""",
                "svc/registry.py": """\
import pkgutil
from importlib import import_module

import svc


def load(path: str) -> type:
    module, name = path.rsplit(".", 1)
    return getattr(import_module(module), name)


def load_all() -> list[str]:
    return [m.name for m in pkgutil.iter_modules(svc.__path__)]
""",
                "svc/bridge/__init__.py": "",
                "svc/bridge/relay.py": """\
import asyncio


class Relay:
    async def save(self, name: str, data: bytes) -> None:
        with open(name, "wb") as fh:
            fh.write(data)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await self.save("dump.bin", await reader.read())
        writer.close()

    async def serve(self) -> None:
        server = await asyncio.start_server(self.handle, port=9000)
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(Relay().serve())
""",
            },
            note="the other side of the unnamed-program trap: a loader that lists its package's "
            "modules loads names no file writes",
            lines=(6,),
        ),
        snippet(
            """\
from fastapi import APIRouter
from fastapi.responses import Response, StreamingResponse

router = APIRouter()


@router.get("/download/{name}")
async def download(name: str) -> Response:
    if name.endswith(".txt"):
        return Response(open(f"/srv/files/{name}", "rb").read())
    return StreamingResponse(iter([open(f"/srv/files/{name}", "rb").read()]))
""",
            note="the trap beside a streamed file: a file read on the loop and then handed to "
            "a response (whole, or wrapped in an iterator) still blocks",
            lines=(10, 11),
        ),
        snippet(
            """\
import asyncio

import typer
import uvicorn
from fastapi import FastAPI

app = FastAPI()
cli = typer.Typer()


@app.get("/")
async def index() -> dict[str, bool]:
    return {"ok": True}


@cli.command("serve")
def serve(path: str) -> None:
    async def _run() -> None:
        server = uvicorn.Server(uvicorn.Config(app))
        task = asyncio.create_task(server.serve())
        with open(path, "w") as fh:
            fh.write("x")
        await task

    asyncio.run(_run())
""",
            note="a coroutine nested in a command and driven by `asyncio.run` that starts a "
            "server on that loop: the blocking call stalls it; reported, at medium confidence",
            lines=(21,),
        ),
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI()


@app.post("/shot")
async def shot(path: str) -> dict[str, bool]:
    async def _write() -> None:
        with open(path, "w") as fh:
            fh.write("x")

    await _write()
    return {"ok": True}
""",
            note="a nested coroutine a route awaits: on the request path",
            lines=(9,),
        ),
        Example(
            files={
                "app/report.py": """\
import functools
import json


def traced(async_func):
    @functools.wraps(async_func)
    async def wrapper(*args, **kwargs):
        return await async_func(*args, **kwargs)

    return wrapper


class Report:
    @traced
    async def write(self, path: str) -> None:
        with open(path, "w") as fh:
            json.dump({}, fh)
""",
                "app/main.py": """\
from fastapi import FastAPI

from app.report import Report

app = FastAPI()


@app.post("/report")
async def report() -> dict[str, bool]:
    await Report().write("out.json")
    return {"ok": True}
""",
            },
            note="an async decorator awaits the coroutine on the caller's loop: not a loop of its own",
            lines=(16,),
        ),
        snippet(
            """\
import boto3
from fastapi import APIRouter

router = APIRouter()
s3 = boto3.client("s3")


@router.get("/report")
async def report() -> dict[str, int]:
    with open("report.csv") as fh:
        rows = fh.read().count("\\n")
    s3.put_object(Bucket="b", Key="k", Body=b"x")
    return {"rows": rows}
""",
            lines=(10, 12),
        ),
        snippet(
            """\
import io
import pathlib
import sqlite3
from pathlib import Path as P

import psycopg2


async def load(name: str) -> bytes:
    conn = sqlite3.connect("app.db")
    pg = psycopg2.connect("dbname=app")
    cfg = pathlib.Path("config.toml")
    text = cfg.read_text()
    P("out.bin").write_bytes(b"x")
    with io.open(name, "rb") as fh:
        return fh.read()
""",
            note="drivers, io.open and pathlib (aliased, and a name bound to Path(...) in the function)",
            lines=(10, 11, 13, 14, 15),
        ),
        snippet(
            """\
import redis
from redis import Redis
from sqlalchemy import create_engine, text

cache = Redis(host="cache")


async def health(url: str) -> dict[str, bool]:
    r = redis.from_url(url, socket_connect_timeout=2)
    ok = r.ping()
    hits = cache.get("hits")
    redis.Redis.from_url(url).set("seen", 1)
    engine = create_engine(url)
    with engine.connect() as conn:
        conn.execute(text("select 1"))
    return {"ok": bool(ok and hits)}
""",
            note="lazy clients (a redis client, a SQLAlchemy engine): the calls that talk to "
            "the server block, not the constructors",
            lines=(10, 11, 12, 14),
        ),
        snippet(
            """\
import asyncio


async def load(path: str) -> bytes:
    with open(path, "rb") as fh:
        head = await asyncio.to_thread(fh.read, 16)
        return head + fh.read()
""",
            note="one offloaded read does not excuse a direct one",
            lines=(5,),
        ),
        snippet(
            """\
import smtplib

import boto3
from anthropic import Anthropic
from openai import OpenAI

llm = OpenAI()
session = boto3.session.Session()
sqs = session.client("sqs")


async def notify(to: str, prompt: str) -> str:
    sqs.send_message(QueueUrl="q", MessageBody=to)
    boto3.client("sns").publish(TopicArn="t", Message=to)
    with smtplib.SMTP("localhost") as smtp:
        smtp.sendmail("me@example.com", [to], "hi")
    claude = Anthropic()
    claude.messages.create(model="m", max_tokens=10, messages=[])
    own = boto3.Session(profile_name="p")
    s3 = own.client("s3")
    s3.meta.client.upload_file("a", "b", "c")
    return llm.chat.completions.create(model="m", messages=[]).id
""",
            note="SDK clients: module level, same function, session clients and constructor results",
            lines=(13, 14, 16, 18, 21, 22),
        ),
        Example(
            files={
                "app/main.py": """\
import asyncio
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app import store


async def refresh_forever() -> None:
    while True:
        with open("feed.json") as fh:
            fh.read()
        await asyncio.sleep(60)


@asynccontextmanager
async def lifespan(app: FastAPI):
    await store.warm_up()
    task = asyncio.create_task(refresh_forever())
    yield
    task.cancel()


app = FastAPI(lifespan=lifespan)


@app.get("/items/{key}")
async def item(key: str) -> str:
    return await store.load(key)
""",
                "app/store.py": """\
async def load(key: str) -> str:
    with open(f"/srv/items/{key}") as fh:
        return fh.read()


async def warm_up() -> None:
    await load("index")
""",
            },
            note="a helper a route awaits is on the request path even when the lifespan awaits it "
            "too, and a task the lifespan starts runs beside the requests",
            lines=(2, 11),
        ),
        Example(
            files={
                "app/index.py": """\\
class Index:
    def __init__(self) -> None:
        self.entries: list[str] = []

    async def start(self) -> None:
        await self._load()

    async def refresh(self) -> int:
        await self._load()
        return len(self.entries)

    async def _load(self) -> None:
        with open("/srv/index.txt") as fh:
            self.entries = fh.read().splitlines()
""",
                "app/main.py": """\\
from fastapi import FastAPI

from app.index import Index

app = FastAPI()
index = Index()


@app.post("/index/refresh")
async def refresh() -> int:
    return await index.refresh()
""",
            },
            note="a route reaches the method through the object's own `self._load()`: on the "
            "request path",
            lines=(14,),
        ),
        Example(
            files={
                "app/engines.py": """\
class Engine:
    async def embed(self, text: str) -> list[float]:
        return await self._vectors(text)

    async def _vectors(self, text: str) -> list[float]:
        return [0.0]


class FileEngine(Engine):
    async def _vectors(self, text: str) -> list[float]:
        with open(f"/srv/vectors/{text}") as fh:
            return [float(x) for x in fh.read().split()]
""",
                "app/main.py": """\
from fastapi import FastAPI, Request

from app.engines import FileEngine

app = FastAPI()
app.state.engine = FileEngine()


@app.get("/embed/{text}")
async def embed_text(text: str, request: Request) -> list[float]:
    return await request.app.state.engine.embed(text)
""",
            },
            note="the other side of the private-method trap: the base class calls `self._vectors()`, "
            "which a subclass overrides; a route awaits `embed` on an object the model cannot "
            "type: the override may run beside the request",
            lines=(11,),
        ),
        Example(
            files={
                "app/storage.py": """\
async def write_input(name: str, data: bytes) -> None:
    with open(f"/srv/inputs/{name}", "wb") as fh:
        fh.write(data)


async def upload(name: str, data: bytes) -> None:
    await write_input(name, data)


__all__ = ["upload", "write_input"]
""",
                "app/main.py": """\
from fastapi import FastAPI, Request

from app import storage

app = FastAPI()


class Driver:
    async def upload_job(self, name: str, data: bytes) -> None:
        await storage.upload(name, data)


app.state.driver = Driver()


@app.post("/jobs/{name}")
async def create_job(name: str, request: Request) -> None:
    await request.app.state.driver.upload_job(name, await request.body())
""",
            },
            note="the other side of the dead-chain trap: a route awaits the head of the chain "
            "(on an object the model cannot type, built at import), so the whole chain may run "
            "beside requests",
            lines=(2,),
        ),
        Example(
            files={
                "app/__init__.py": """\
from app.exporter import Exporter

__all__ = ["Exporter"]
""",
                "app/exporter.py": """\
class Exporter:
    async def export(self, path: str, data: bytes) -> None:
        await _write(path, data)


async def _write(path: str, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
""",
                "app/main.py": """\
from fastapi import FastAPI

from app.exporter import Exporter

app = FastAPI()
exporter = Exporter()


@app.get("/")
async def index() -> dict[str, bool]:
    return {"ok": True}
""",
            },
            note="the other side of the dead-chain trap: the head nothing in the project "
            "calls is a public method of the class the package exports (its API), which "
            "code outside the project calls",
            lines=(7,),
        ),
        Example(
            files={
                "app/api/__init__.py": "",
                "app/api/upload.py": """\
from fastapi import Depends


def require(scope: str):
    def check() -> str:
        return scope

    return check


async def upload(name: str, user: str = Depends(require("files:upload"))) -> dict:
    return await store_document(name)


async def upload_context(name: str, user: str = Depends(require("files:upload"))) -> dict:
    return {"name": name, "user": user}


async def store_document(name: str) -> dict:
    with open(f"/srv/docs/{name}", "wb") as fh:
        fh.write(b"")
    return {"name": name}
""",
                "app/main.py": """\
from fastapi import FastAPI

from app.api import upload

app = FastAPI()
app.add_api_route("/upload_context", upload.upload_context, methods=["POST"])
app.add_api_route("/upload", upload.upload, methods=["POST"])
""",
            },
            note="trap: the same caller registered as a route (`upload.upload`): on the "
            "request path",
            lines=(20,),
        ),
        snippet(
            """\
import asyncio
import os


async def run_tool(cmd: list[str], log_dir: str) -> int:
    sink = open(os.path.join(log_dir, "tool.log"), "w")
    proc = await asyncio.create_subprocess_exec(*cmd, stderr=sink)
    return await proc.wait()
""",
            note="a subprocess's output sent to a real log file: opening it is file I/O",
            lines=(6,),
        ),
        Example(
            files={
                **_CELERY_JOBS,
                "jobs/main.py": """\
from fastapi import FastAPI

from jobs.dead import bury

app = FastAPI()


@app.post("/dead")
async def dead(payload: str) -> None:
    await bury(payload)
""",
            },
            note="the other side of the Celery trap: a route awaits the helper too, so it "
            "blocks the server's loop",
            lines=(6,),
        ),
    )
    good = (
        snippet(
            """\
import asyncio
import os
from os import devnull


async def run_tool(cmd: list[str]) -> int:
    sink = open(os.devnull, "w")
    quiet = open(file="/dev/null", mode="wb")
    other = open(devnull)
    proc = await asyncio.create_subprocess_exec(*cmd, stdout=quiet, stderr=sink, stdin=other)
    return await proc.wait()
""",
            note="the null device (`os.devnull`, `/dev/null`) as a subprocess's sink: it touches "
            "no storage and answers at once, so opening it blocks nothing",
        ),
        Example(
            files={
                "svc/__init__.py": "",
                "svc/main.py": """\
from fastapi import FastAPI

from svc.registry import load

app = FastAPI()


@app.get("/tools/{path}")
async def tool(path: str) -> dict[str, str]:
    return {"name": load(path).__name__}
""",
                "svc/registry.py": """\
from importlib import import_module


def load(path: str) -> type:
    module, name = path.rsplit(".", 1)
    return getattr(import_module(module), name)
""",
                "svc/bridge/__init__.py": "",
                "svc/bridge/relay.py": """\
import asyncio


class Relay:
    async def save(self, name: str, data: bytes) -> None:
        with open(name, "wb") as fh:
            fh.write(data)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await self.save("dump.bin", await reader.read())
        writer.close()

    async def serve(self) -> None:
        server = await asyncio.start_server(self.handle, port=9000)
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(Relay().serve())
""",
            },
            note="trap: a loader of computed names (a class path from a setting) reaches a "
            "program (a `__main__` block, its own only driver) only through a name written "
            "somewhere, and no file names this one: an example server kept beside the code "
            "(seen in cuga's gym_obs/websocket_server.py)",
        ),
        Example(
            files={
                "app/index.py": """\\
class Index:
    def __init__(self) -> None:
        self.entries: list[str] = []

    async def start(self) -> None:
        await self._load()

    async def refresh(self) -> int:
        await self._load()
        return len(self.entries)

    async def _load(self) -> None:
        with open("/srv/index.txt") as fh:
            self.entries = fh.read().splitlines()
""",
                "app/main.py": """\\
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.index import Index

index = Index()


@asynccontextmanager
async def lifespan(app: FastAPI):
    await index.start()
    yield


app = FastAPI(lifespan=lifespan)


@app.get("/index")
async def entries() -> list[str]:
    return index.entries
""",
            },
            note="a method only the lifespan reaches, through `index.start()` and then the "
            "object's own `self._load()`: start-up code, not beside requests",
        ),
        Example(
            files={
                "app/report.py": """\
import asyncio
import functools
import json


def blocking(async_func):
    @functools.wraps(async_func)
    def wrapper(*args, **kwargs):
        try:
            loop = asyncio.get_event_loop()
            return loop.run_until_complete(async_func(*args, **kwargs))
        except RuntimeError:
            return asyncio.run(async_func(*args, **kwargs))

    return wrapper


class Report:
    @blocking
    async def write(self, path: str) -> None:
        with open(path, "w") as fh:
            json.dump({}, fh)
""",
                "app/main.py": """\
from fastapi import FastAPI

from app.report import Report

app = FastAPI()


@app.post("/report")
def report() -> dict[str, bool]:
    Report().write("out.json")
    return {"ok": True}
""",
            },
            note="a coroutine a sync-to-async decorator wraps: every call runs it on a loop "
            "of its own (from a running loop both runners raise), so its file write stalls "
            "no serving loop",
        ),
        Example(
            files={
                "docs_app/__init__.py": "",
                "docs_app/main.py": """\
from fastapi import FastAPI

from docs_app import pipeline

app = FastAPI()


@app.get("/documents/{name}")
async def document(name: str) -> dict[str, str]:
    return {"name": pipeline.title(name)}
""",
                "docs_app/pipeline.py": """\
from pathlib import Path


def title(name: str) -> str:
    \"\"\"The title of a document (see load_document for its content).\"\"\"
    return name.title()


async def load_document(path: str) -> str:
    with Path(path).open() as fh:
        return fh.read()
""",
            },
            note="a coroutine nothing in the project calls or names (only a docstring mentions "
            "it): dead code runs beside no request",
        ),
        Example(
            files={
                "docs_app/__init__.py": "",
                "docs_app/main.py": _SOURCES_APP,
                "docs_app/sources.py": _SOURCES,
            },
            note="an async `@classmethod` of a source class nothing in the project calls or "
            "names (the routes only list the sources): `classmethod` registers nothing, so "
            "the method is dead code and runs beside no request",
        ),
        Example(
            files={
                "app/api/__init__.py": "",
                "app/api/upload.py": """\
from fastapi import Depends


def require(scope: str):
    def check() -> str:
        return scope

    return check


async def upload(name: str, user: str = Depends(require("files:upload"))) -> dict:
    return await store_document(name)


async def upload_context(name: str, user: str = Depends(require("files:upload"))) -> dict:
    return {"name": name, "user": user}


async def store_document(name: str) -> dict:
    with open(f"/srv/docs/{name}", "wb") as fh:
        fh.write(b"")
    return {"name": name}
""",
                "app/main.py": """\
from fastapi import FastAPI

from app.api import upload

app = FastAPI()
app.add_api_route("/upload_context", upload.upload_context, methods=["POST"])
""",
            },
            note="a coroutine whose only caller (`upload`) is never registered as a route: "
            '`upload.upload_context` reads the module `upload`, and `"files:upload"` is a '
            "permission, not an import string: dead code runs beside no request",
        ),
        Example(
            files={
                "app/batch/storage.py": """\
async def write_input(name: str, data: bytes) -> None:
    with open(f"/srv/inputs/{name}", "wb") as fh:
        fh.write(data)


async def upload(name: str, data: bytes) -> None:
    await write_input(name, data)


__all__ = ["upload", "write_input"]
""",
                "app/batch/__init__.py": """\
from app.batch.storage import upload, write_input

__all__ = ["upload", "write_input"]
""",
                "app/main.py": """\
from fastapi import FastAPI

from app.batch import storage

app = FastAPI()


class Driver:
    async def upload_job(self, name: str, data: bytes) -> None:
        await storage.upload(name, data)


@app.get("/")
async def index() -> dict[str, bool]:
    return {"ok": True}
""",
            },
            note="trap: the coroutine is awaited only through a chain whose head "
            "(`Driver.upload_job`) nothing calls; a subpackage's re-exports and `__all__` "
            "entries name the functions but run nothing: dead code runs beside no request",
        ),
        Example(
            files={
                "app/engines.py": """\
class DiskEngine:
    async def search(self, text: str) -> list[str]:
        return [text]

    async def _embed(self, text: str) -> list[float]:
        with open(f"/srv/models/{text}") as fh:
            return [float(x) for x in fh.read().split()]


class RemoteEngine:
    async def search(self, text: str) -> list[str]:
        await self._embed(text)
        return [text]

    async def _embed(self, text: str) -> list[float]:
        return [0.0]
""",
                "app/main.py": """\
from fastapi import FastAPI, Request

from app.engines import DiskEngine, RemoteEngine

app = FastAPI()
app.state.engine = RemoteEngine() if app.debug else DiskEngine()


@app.get("/search/{text}")
async def search(text: str, request: Request) -> list[str]:
    return await request.app.state.engine.search(text)
""",
                "tests/test_engines.py": """\
from app.engines import DiskEngine


async def test_embed() -> None:
    assert await DiskEngine()._embed("model") == [1.0]
""",
            },
            note="trap: a private method of one class that only a test calls; `self._embed()` in "
            "an unrelated class (no class is both) calls that class's own method: never run "
            "beside a request",
        ),
        Example(
            files={
                "app/main.py": """\
import asyncio

from fastapi import FastAPI

from app.plugins import fetch_plugin

app = FastAPI()


def load_plugins(paths: list[str]) -> list[bytes]:
    return [asyncio.run(fetch_plugin(p)) for p in paths]


@app.get("/")
async def index() -> dict[str, bool]:
    return {"ok": True}
""",
                "app/plugins.py": """\
async def fetch_plugin(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()
""",
            },
            note="a coroutine only `asyncio.run` drives runs on a loop of its own: it "
            "blocks no loop that serves requests",
        ),
        snippet(
            """\
import asyncio

from fastapi import FastAPI

app = FastAPI()


def initialize_gateway(cert: str) -> None:
    async def prepare() -> None:
        await ensure_tls_secret(cert)

    asyncio.run(prepare())


async def ensure_tls_secret(cert: str) -> bytes:
    with open(cert, "rb") as fh:
        return fh.read()


@app.get("/")
async def index() -> dict[str, bool]:
    return {"ok": True}
""",
            note="a nested coroutine a sync start-up function hands to `asyncio.run`, that "
            "starts no server, task or gather beside itself, runs alone on its loop, and so "
            "does what it awaits (seen in gpustack)",
        ),
        Example(
            files={
                "app/main.py": """\
import asyncio

import click
from fastapi import FastAPI

from app.deploy import Deployer

app = FastAPI()


@click.command()
@click.argument("bundle")
def deploy(bundle: str) -> None:
    deployer = Deployer()
    asyncio.run(deployer.deploy(bundle))


@app.get("/")
async def index() -> dict[str, bool]:
    return {"ok": True}
""",
                "app/deploy.py": """\
class Deployer:
    async def deploy(self, bundle: str) -> None:
        await self._upload(bundle)

    async def _upload(self, bundle: str) -> None:
        with open(bundle, "rb") as fh:
            fh.read()
""",
            },
            note="a deployer's coroutine a command drives with `asyncio.run` runs on a loop "
            "of its own, and so do the methods it awaits on its own object (seen in "
            "agentscope-runtime's deployers)",
        ),
        snippet(
            """\
import anyio
import boto3
from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

router = APIRouter()
s3 = boto3.client("s3")


@router.get("/report")
async def report() -> dict[str, int]:
    text = await anyio.Path("report.csv").read_text()
    await run_in_threadpool(s3.put_object, Bucket="b", Key="k", Body=b"x")
    return {"rows": text.count("\\n")}
""",
            note="async file API and a method passed by reference to the threadpool; a sync "
            "redis client built, and a pipeline made from it (it connects on its first command)",
        ),
        snippet(
            """\
import asyncio
from pathlib import Path

import aiofiles
import boto3
import redis
import redis.asyncio as aioredis
from google.cloud import storage
from redis import asyncio as redis_asyncio

s3 = boto3.client("s3")
gcs = storage.Client()
ROOT = Path(__file__).parent
TEMPLATE = open("template.txt").read()  # module level: startup


async def handler(key: str) -> str:
    async with aiofiles.open("x.txt") as fh:
        data = await fh.read()
    cache = aioredis.Redis()
    other = redis_asyncio.from_url("redis://")
    sync_cache = redis.from_url("redis://")
    pipe = sync_cache.pipeline()
    url = s3.generate_presigned_url("get_object", Params={"Key": key})
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, Path("x").read_text)
    await asyncio.to_thread(lambda: open("y.txt").read())
    path = ROOT / "static" / key
    blob = gcs.bucket("b").blob(key)
    return data + url + str(path) + blob.name


def sync_route() -> str:
    with open("x.txt") as fh:
        return fh.read()
""",
            note="async libraries, local SDK methods, references, lambdas, sync functions, module level",
        ),
        snippet(
            """\
class Storage:
    def put_object(self, **kw: object) -> None:
        return None


def open(name: str) -> str:  # a project function named like the builtin
    return name


async def handler(s3: Storage, name: str) -> str:
    s3.put_object(Bucket="b")
    boto3 = Storage()
    boto3.put_object(Key="k")
    return open(name)
""",
            note="look-alike names: a parameter named s3, a local named boto3, a project `open`",
        ),
        snippet(
            """\
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import boto3
from fastapi import FastAPI

s3 = boto3.client("s3")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    with open("seed.json") as fh:
        fh.read()
    s3.head_bucket(Bucket="b")  # one check at startup
    yield


app = FastAPI(lifespan=lifespan)
""",
            note="the lifespan function runs once, before requests are served",
        ),
        Example(
            files={
                "tests/test_files.py": """\
async def test_reads_fixture() -> None:
    with open("tests/data.json") as fh:
        assert fh.read()
""",
            },
            note="async test functions are not scanned",
        ),
        snippet(
            """\
import asyncio
import json
from functools import partial

from anyio import to_thread
from fastapi import APIRouter

router = APIRouter()
LIMIT = 1 << 20


@router.get("/avatar/{name}")
async def avatar(name: str) -> bytes:
    with open(f"/srv/avatars/{name}", "rb") as image:
        data = await asyncio.to_thread(image.read, LIMIT + 1)
    with open("/srv/meta.json") as meta:
        info = await to_thread.run_sync(json.load, meta)
    with open("/srv/log.txt", "a") as log:
        await asyncio.get_running_loop().run_in_executor(None, partial(log.write, "x"), )
    return data[:LIMIT] + bytes(len(info))
""",
            note="the file's reads and writes are handed to a thread: only the open() stays on the loop",
        ),
        snippet(
            """\
from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from starlette.responses import StreamingResponse as Stream

router = APIRouter()


@router.get("/download/{name}")
async def download(name: str) -> StreamingResponse:
    return StreamingResponse(open(f"/srv/files/{name}", "rb"), media_type="text/plain")


@router.get("/log")
async def log() -> Stream:
    return Stream(content=open("/srv/log.txt", "rb"))
""",
            note="a file opened as a `StreamingResponse`'s content: the response iterates it in "
            "the threadpool, only the open() stays on the loop",
        ),
        Example(
            files={
                "app/main.py": """\
from contextlib import asynccontextmanager

import typer
from fastapi import FastAPI

from app.config import load_legacy_config

cli = typer.Typer()


@cli.command()
async def export(path: str) -> None:
    with open(path, "w") as fh:
        fh.write("{}")


@asynccontextmanager
async def lifespan(app: FastAPI):
    await load_legacy_config()
    yield


app = FastAPI(lifespan=lifespan)


@app.get("/ping")
async def ping() -> str:
    return "pong"
""",
                "app/config.py": """\
async def load_legacy_config() -> None:
    with open("legacy.json") as fh:
        fh.read()
""",
            },
            note="a typer command and a helper only the lifespan awaits: no request shares their "
            "event loop (the call graph says so; a helper it cannot follow is still reported)",
        ),
        Example(
            files={
                "pkg/server/app.py": """\
from fastapi import FastAPI

from pkg.server.routes import router

app = FastAPI()
app.include_router(router)
""",
                "pkg/server/routes.py": """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/ping")
async def ping() -> str:
    return "pong"
""",
                "pkg/sdk/client.py": """\
class Client:
    async def upload(self, path: str) -> bytes:
        with open(path, "rb") as fh:
            return fh.read()
""",
            },
            note="a client SDK shipped beside the server, which never imports it, is not "
            "application code",
        ),
        Example(
            files={
                **_CELERY_JOBS,
                "jobs/main.py": """\
from fastapi import FastAPI

from jobs.tasks import deliver

app = FastAPI()


@app.post("/deliveries")
def start(payload: str) -> None:
    deliver.delay(payload)
""",
            },
            note="a helper only a Celery application's task (`@queue.task`) awaits runs in the "
            "worker process, not on the server's loop: the route only enqueues the task",
        ),
    )


def _opens_null_device(call: ast.Call, ctx: ModuleContext) -> bool:
    """``open(os.devnull, "w")`` (a sink for a subprocess's output): the null device is a
    character device that answers at once and keeps nothing, so there is no file I/O to
    block the loop."""
    target = (
        call.args[0]
        if call.args
        else next((k.value for k in call.keywords if k.arg == "file"), None)
    )
    if target is None:
        return False
    if isinstance(target, ast.Constant):
        return target.value in NULL_DEVICES
    return ctx.resolve(target) == "os.devnull"


def _chain(func: ast.Attribute, root: ast.expr) -> str:
    """``.meta.client.upload_file`` for ``root.meta.client.upload_file``."""
    parts: list[str] = []
    cur: ast.expr = func
    while isinstance(cur, ast.Attribute) and cur is not root:
        parts.append(cur.attr)
        cur = cur.value
    return "".join(f".{p}" for p in reversed(parts))
