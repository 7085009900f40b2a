from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity
from auditor.facts import Blocking, Call, CallSite, Function, Lit, ModuleFacts, Name, qname_of
from auditor.project import Project

#: Decorators that keep a sync helper a plain sync callable (its body runs when called).
#: Any other decorator may turn the helper into something else (a coroutine factory, a
#: thread offloader ...): such helpers are not followed.
PLAIN_DECORATORS = frozenset(
    {
        "builtins.staticmethod",
        "builtins.classmethod",
        "functools.lru_cache",
        "functools.cache",
        "typing.override",
        "typing_extensions.override",
    }
)
#: How far past the helper the chain is followed: the helper's own body (0), or the body of
#: a sync project function it calls in turn (1) -- the catalogue's "at most 2 hops in total"
#: (route -> helper -> f).  Deeper chains are not followed: silence over guessing.
MAX_HOPS = 1


#: A version string whose commit comes from a file the build writes, else from git (ASY005's
#: examples: the good one ships ``app/_commit.py``, the bad one, a checkout, does not).
_COMMIT_FILES = {
    "app/version.py": """\
import subprocess
from functools import lru_cache


def _built_commit() -> str | None:
    \"\"\"The commit the build wrote, if any.\"\"\"
    try:
        from ._commit import COMMIT
    except ImportError:
        return None
    return COMMIT or None


def _git_commit() -> str | None:
    return subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True).stdout


@lru_cache(maxsize=1)
def version() -> str:
    commit = _built_commit() or _git_commit()
    return f"1.0 ({commit})"
""",
    "app/main.py": """\
from fastapi import FastAPI

from app.version import version

app = FastAPI()


@app.get("/version")
async def show_version() -> dict[str, str]:
    return {"version": version()}
""",
}


#: A queue held in a module global typed ``Optional[JobQueue]``, whose ``stop()`` waits
#: for its workers with ``time.sleep`` (ASY005's global-receiver example and trap: the
#: bad one awaits ``shutdown_queue()`` from a route, the trap only after the lifespan's
#: ``yield``).
_GLOBAL_QUEUE = """\
import time
from typing import Optional


def _wait_for_workers(pids: list[int]) -> None:
    while pids:
        pids.pop()
        time.sleep(0.05)


class JobQueue:
    def __init__(self) -> None:
        self.pids: list[int] = []

    async def stop(self) -> None:
        _wait_for_workers(self.pids)


_queue: Optional[JobQueue] = None


async def shutdown_queue() -> None:
    global _queue
    queue = _queue
    if queue is not None:
        await queue.stop()
        _queue = None
"""


#: An application class that builds its lifespan with a method of an object it holds
#: (``lifespan = self.lifespans.create()``), the lifespan stopping the global queue after
#: its ``yield`` (ASY005's held-factory trap; the bad twin also stops it from a route).
_HELD_LIFESPAN = """\
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.jobs import shutdown_queue


class Lifespans:
    def create(self):
        @asynccontextmanager
        async def lifespan(app: FastAPI):
            yield
            await shutdown_queue()  # after serving: nothing left to stall

        return lifespan


class Server:
    def __init__(self) -> None:
        self.lifespans = Lifespans()

    def build(self) -> FastAPI:
        lifespan = self.lifespans.create()
        app = FastAPI(lifespan=lifespan)
{route}        return app
"""
_STOP_ROUTE = """\
        @app.post("/admin/queue/stop")
        async def stop_queue() -> None:
            await shutdown_queue()

"""


#: A package whose collector pauses in a sync helper (the call at line 10), served by an app
#: that imports it; ``scripts/collect.py`` (:data:`_COLLECT_SCRIPT`) runs the collector.
_COLLECTOR = {
    "dash/__init__.py": "",
    "dash/collector.py": """\
import time


def pause() -> None:
    time.sleep(1)


class Collector:
    async def collect(self) -> int:
        pause()
        return 1
""",
    "dash/main.py": """\
from fastapi import FastAPI

from dash.collector import Collector

app = FastAPI()


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}
""",
}
_COLLECT_SCRIPT = """\
import asyncio

from dash.collector import Collector

if __name__ == "__main__":
    asyncio.run(Collector().collect())
"""
_COLLECT_ROUTE = """\


@app.post("/collect")
async def collect() -> int:
    return await Collector().collect()
"""

#: Feed readers a factory picks by URL (its return annotation names the base class), run
#: only under ``asyncio.run`` in a Huey task and in a thread's ``asyncio.run``.
_READERS = {
    "feed/__init__.py": "",
    "feed/readers.py": """\
import httpx


class Reader:
    async def read(self, url: str) -> str:
        return ""


class AtomReader(Reader):
    async def read(self, url: str) -> str:
        return _fetch(url)


def _fetch(url: str) -> str:
    return httpx.get(url).text


def reader_for(url: str) -> Reader:
    return AtomReader() if url.endswith(".atom") else Reader()
""",
    "feed/worker.py": """\
import asyncio
from concurrent.futures import ThreadPoolExecutor

from huey import SqliteHuey

from feed.readers import reader_for

huey = SqliteHuey("feed")


@huey.task()
def refresh(url: str) -> int:
    reader = reader_for(url)
    return len(asyncio.run(reader.read(url)))


def refresh_now(url: str) -> int:
    reader = reader_for(url)
    with ThreadPoolExecutor() as pool:
        return len(pool.submit(asyncio.run, reader.read(url)).result())
""",
    "feed/main.py": """\
from fastapi import FastAPI

from feed.readers import reader_for
from feed.worker import refresh, refresh_now

app = FastAPI()


@app.post("/feeds")
def add_feed(url: str) -> dict[str, int]:
    refresh(url)
    return {"length": refresh_now(url)}
""",
}
_READER_ROUTE = """\


@app.get("/preview")
async def preview(url: str) -> str:
    reader = reader_for(url)
    return await reader.read(url)
"""


def _on_request_path(project: Project, function: str) -> bool:
    """The call graph places ``function`` on the request path (or, without an application,
    nothing can be placed: the check's old certainty)."""
    if project.application_modules is None:
        return True
    reach = project.reach(function)
    return reach is not None and reach.on_request_path


class _Data(NamedTuple):
    """The blocking function and the call chains that reach it from async code."""

    function: str
    chains: tuple[tuple[str, ...], ...]


class BlockingCallViaHelper(Check):
    """
    ## What it does
    Follows the project's own call graph from every coroutine of the application.  It flags
    a direct call, inside an `async def`, to a **sync** project function (or a method of a
    project class, when the receiver's class is known) whose own body — or the body of a
    sync project function it calls in turn (at most 2 hops in total) — contains one of the
    blocking calls of ASY001 (`time.sleep`, `requests`, sync `httpx`, `urllib`,
    `urllib3`, `subprocess`, `os.system`, ...).  The finding sits on the call in the
    coroutine and names the chain, e.g. "sync helper `fetch_avatar()` blocks the event
    loop: it calls `requests.get()` (app/avatars.py:5)".  Each call site is reported once,
    naming the first chain and counting the others that start there; when several
    coroutine call sites reach the same helper, the message says how many, because making
    that one helper non-blocking (or async) fixes them all.

    ## Why is this bad?
    A sync function called from a coroutine runs on the event loop, and so does every
    blocking call inside it: the helper stalls every in-flight request of the worker just as
    a direct `requests.get` would (see ASY001).  This is how most event-loop stalls hide in
    real services — a route calls `service.send_receipt()`, and that sync helper calls
    `requests.post` — and no single-file linter (ruff's ASYNC rules included) can see it.
    [Production guide 2026], [ForgeAPI guide], [Patterns reference] and
    [zhanymkanov README] all warn against blocking calls in `async def`; this check
    applies their rule across module boundaries.

    Only real calls count.  A helper passed by reference to `run_in_threadpool`,
    `asyncio.to_thread`, `anyio.to_thread.run_sync` or `loop.run_in_executor` runs in a
    thread; an awaited call is not a sync call; async helpers are not followed (ASY001
    reports their own blocking calls); a blocking call inside a helper's inner `def` or
    `lambda` does not run when the helper is called; nor does one in the fallback a
    helper takes when no event loop runs (the `except RuntimeError:` of a `try` that asks
    `asyncio.get_running_loop()`): called from a coroutine, a loop runs.  Sync routes are fine (FastAPI runs
    them in its threadpool), and the lifespan function is exempt, as in ASY001.  So are
    coroutines the call graph shows to be reached only from start-up code (the lifespan, a
    start-up handler, the code that builds the app), from a typer / click command or from a
    standalone program, and modules the application does not reach (a client SDK shipped
    beside the server): none of them shares its event loop with a request.

    ## Example
    ```python
    # app/avatars.py
    def fetch_avatar(key: str) -> bytes:
        return requests.get(f"https://avatars.example.com/{key}", timeout=5).content

    # app/main.py
    @app.get("/avatar/{key}")
    async def avatar(key: str) -> Response:
        return Response(content=fetch_avatar(key), media_type="image/png")
    ```

    ## Use instead
    ```python
    @app.get("/avatar/{key}")
    async def avatar(key: str) -> Response:
        data = await run_in_threadpool(fetch_avatar, key)
        return Response(content=data, media_type="image/png")
    ```
    Or make the helper async (`httpx.AsyncClient`), or declare the route with plain `def`.

    ## Fix safety
    No automatic fix: turning a call into an awaited threadpool call is only safe when the
    caller is a coroutine and the result is used plainly, and making the helper async
    changes every one of its callers.

    ## Known problems
    The chain is followed at most 2 hops in total (route -> helper -> f), as the catalogue
    specifies: a blocking call deeper down is not reported.  Only callees that resolve to
    project functions are followed: calls on `self`, on parameters, on objects returned by other calls,
    and constructors (`__init__`) are not followed.  Sync generator functions and helpers
    with decorators other than `staticmethod`, `classmethod`, `functools.cache` /
    `lru_cache` and `override` are not followed either (a decorator can change what calling
    the helper does).  A blocking call under a condition the route never takes is still
    reported, and so is one that only runs once per process (a client factory that starts
    a local server on its first call, then returns early): the check does not evaluate
    conditions or state in general.  The one kind of condition it reads is a branch of the
    called helper on its own parameters (`if not is_async: httpx.Client()`, `if cached is
    not None: return cached`): a call site whose literal arguments, or the parameters'
    defaults, rule out every branch that blocks is not reported (a variable argument, a
    rebound parameter or any other test keeps the finding).  Nor is a helper reached only
    as a fallback after `or` whose left side is a parameterless project function that
    always returns a true value: a return of a non-empty literal, or of a name imported
    from a project module that binds it to one (`_embedded_commit() or _live_commit()`,
    the first returning the `COMMIT` of a `_commit.py` the build wrote and the
    distribution ships; an `except ImportError:` around that import never runs, the
    module is there).  A checkout without that file keeps the finding.
    The one state it reads is once-per-process work: a parameterless
    helper under `functools.cache` / `lru_cache`, or a method of a singleton class (one
    with `__new__`) whose blocking calls all sit under `if not self.started:` that sets
    `self.started` (a shared local server started on first use).  A chain through such
    work is reported with medium confidence only from coroutines the call graph places on
    the request path (the first call may stall a request), and not after an earlier call
    of the same coroutine already ran it (the cache is warm).  A widely used helper is therefore reported at every coroutine
    call site; the message gives the count so that the helper, not each site, gets fixed
    (or one `# noqa: ASY005` per site, or a `per-file-ignores` entry, silences it).

    ## References
    - [Production guide 2026] ("BAD: Blocking call in async route"),
      [ForgeAPI guide], [Patterns reference],
      [zhanymkanov README] (I/O-intensive tasks)
    - FastAPI docs, "Concurrency and async / await"
    - ASY001 (the same calls, made directly in the coroutine)
    """

    id = "ASY005"
    name = "blocking-call-via-helper"
    category = "async"
    severity = Severity.WARNING
    message = "sync helper blocks the event loop"
    fix_title = (
        "Offload the helper with `run_in_threadpool`, make it async, or make the route `def`"
    )
    sources = (
        "Production guide 2026",
        "ForgeAPI guide",
        "Patterns reference",
        "zhanymkanov README",
    )

    def check_project(self, project: Project) -> Iterator[Hit]:
        # (module, coroutine, call site, its chains): one finding per call site, every chain
        # through it named once; the sites are gathered first so that each message can say
        # how many coroutine call sites share the same helper (the place to fix it once).
        sites: list[tuple] = []
        for module in project.by_path.values():
            if module.file_class != "app" or module.parse_error is not None:
                continue
            if not project.is_application_code(module.path):
                continue  # an SDK or tool module the applications do not import
            for fn in module.functions.values():
                if not fn.is_async or not fn.calls:
                    continue
                seen: set[tuple[int, int]] = set()
                for cs in fn.calls:
                    if not cs.in_async or cs.awaited or (cs.line, cs.column) in seen:
                        continue
                    helper = _sync_helper(project, cs.qname)
                    if helper is None:
                        continue
                    chains = list(_chains(project, helper))
                    if not chains:
                        continue
                    seen.add((cs.line, cs.column))
                    sites.append((module, fn, cs, chains))
        _drop_warm_chains(project, sites)
        _drop_untaken_branches(project, sites)
        _drop_loopless_fallbacks(project, sites)
        _drop_shadowed_fallbacks(project, sites)
        sites = [site for site in sites if site[3]]
        # one answer with ASY001/ASY002: an unreached module, start-up, a command, a program,
        # a loop of its own, a job, dead code
        away = project.not_beside_requests((m.path, cs.line, fn.qname) for m, fn, cs, _c in sites)
        sites = [site for site, why in zip(sites, away) if why is None]
        # a block that runs once per process is worth a finding only where the call graph
        # proves the coroutine serves requests (its first call stalls one): elsewhere the
        # one-off start-up cost is no evidence of a stalled request
        sites = [
            (m, fn, cs, chains)
            if _on_request_path(project, fn.qname)
            else (m, fn, cs, [c for c in chains if _cached_once(project, c[0]) is None])
            for m, fn, cs, chains in sites
        ]
        sites = [site for site in sites if site[3]]
        per_helper: dict[str, int] = {}
        for _m, _fn, _cs, chains in sites:
            first = chains[0][0][0].qname
            per_helper[first] = per_helper.get(first, 0) + 1
        for module, fn, cs, chains in sites:
            chain, blocking = chains[0]
            yield Hit(
                check_id=self.id,
                path=module.path,
                line=cs.line,
                column=cs.column,
                end_line=cs.end_line,
                end_column=cs.end_column,
                message=_message(
                    project, chain, blocking, len(chains) - 1, per_helper[chain[0].qname]
                ),
                data=_Data(fn.qname, tuple(tuple(f.qname for f in c) for c, _ in chains)),
                # sure only where the call graph places the coroutine on the request path,
                # and where the block is not behind a once-per-process cache
                confidence=None
                if _on_request_path(project, fn.qname) and not _cached_once(project, chain)
                else "medium",
            )

    bad = (
        Example(
            files={**_READERS, "feed/main.py": _READERS["feed/main.py"] + _READER_ROUTE},
            note="the other side of the factory trap: a route also awaits the reader the "
            "factory returns, on the server's loop",
            lines=(11,),
        ),
        Example(
            files={
                **_COLLECTOR,
                "dash/main.py": _COLLECTOR["dash/main.py"] + _COLLECT_ROUTE,
                "scripts/collect.py": _COLLECT_SCRIPT,
            },
            note="the other side of the script trap: a route runs the collector too",
            lines=(10,),
        ),
        Example(
            files={
                "app/jobs.py": _GLOBAL_QUEUE,
                "app/main.py": """\
from fastapi import FastAPI

from app.jobs import shutdown_queue

app = FastAPI()


@app.post("/admin/queue/stop")
async def stop_queue() -> None:
    await shutdown_queue()
""",
            },
            note="a method called on a local read from a module global typed "
            "`Optional[JobQueue]` is `JobQueue`'s: a route reaches its blocking helper",
            lines=(16,),
        ),
        Example(
            files={
                "app/jobs.py": _GLOBAL_QUEUE,
                "app/main.py": _HELD_LIFESPAN.format(route=_STOP_ROUTE),
            },
            note="the other side of the held-factory lifespan trap: a route of the app "
            "stops the queue too",
            lines=(16,),
        ),
        Example(
            files={**_COMMIT_FILES, "app/_commit.py": 'COMMIT = ""\n'},
            note="the other side of the built-commit trap: a build that wrote no commit "
            "(an empty one, or no file at all) leaves the git fallback to run",
            lines=(10,),
        ),
        Example(
            files=_COMMIT_FILES,
            note="the other side of the built-commit trap, from a checkout: no file",
            lines=(10,),
        ),
        Example(
            files={
                "app/avatars.py": """\
import requests


def fetch_avatar(key: str) -> bytes:
    return requests.get(f"https://avatars.example.com/{key}", timeout=5).content
""",
                "app/main.py": """\
from fastapi import FastAPI, Response

from app.avatars import fetch_avatar

app = FastAPI()


@app.get("/avatar/{key}")
async def avatar(key: str) -> Response:
    return Response(content=fetch_avatar(key), media_type="image/png")
""",
            },
            note="one hop, across modules",
            lines=(10,),
        ),
        Example(
            files={
                "app/media.py": """\
import urllib.request


def fetch_media(value: str) -> bytes:
    if value.startswith("http"):
        return urllib.request.urlopen(value).read()
    return value.encode()
""",
                "app/main.py": """\
from fastapi import FastAPI

from app.media import fetch_media

app = FastAPI()


@app.post("/media")
async def upload(value: str) -> dict[str, int]:
    return {"size": len(fetch_media(value))}
""",
            },
            note="`urlopen` of a URL not proven to be a `data:` URL: a network fetch",
            lines=(10,),
        ),
        Example(
            files={
                "app/avatars.py": """\
import requests


def fetch_avatar(key: str) -> bytes:
    return requests.get(f"https://avatars.example.com/{key}", timeout=5).content
""",
                "app/main.py": """\
from fastapi import FastAPI

from app.avatars import fetch_avatar

app = FastAPI()


async def prefetch(keys: list[str]) -> None:
    for key in keys:
        fetch_avatar(key)


@app.get("/")
async def index() -> dict[str, bool]:
    return {"ok": True}


WARMERS = {"avatars": prefetch}
""",
            },
            note="a coroutine the call graph does not place on the request path (handed on "
            "by reference): medium",
            lines=(10,),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/http_utils.py": """\
import time

import requests as http


def post_json(url: str, payload: dict) -> int:
    for _ in range(3):
        response = http.post(url, json=payload, timeout=5)
        if response.ok:
            return response.status_code
        time.sleep(1)
    return 0
""",
                "app/billing/__init__.py": "",
                "app/billing/service.py": """\
from app.http_utils import post_json


def send_receipt(order_id: int) -> int:
    return post_json("https://mail.example.com/send", {"body": f"receipt {order_id}"})
""",
                "app/billing/routes.py": """\
from fastapi import APIRouter

from app.billing import service

router = APIRouter()


@router.post("/orders/{order_id}/receipt")
async def receipt(order_id: int) -> dict[str, int]:
    status = service.send_receipt(order_id)
    return {"status": status}
""",
            },
            note="two hops in total: route -> service.send_receipt -> http_utils.post_json",
            lines=(10,),
        ),
        Example(
            files={
                "app/mail.py": """\
import smtplib
import subprocess


class Mailer:
    def send(self, to: str) -> None:
        subprocess.run(["sendmail", to], check=True)

    @staticmethod
    def ping() -> str:
        return subprocess.check_output(["sendmail", "-bv", "root"]).decode()


mailer = Mailer()
""",
                "app/main.py": """\
from app.mail import Mailer, mailer


async def notify(to: str) -> str:
    mailer.send(to)
    local = Mailer()
    local.send(to)
    return Mailer.ping()
""",
            },
            note="methods: on a module-level instance, a local instance, and a static method",
            lines=(5, 7, 8),
        ),
        Example(
            files={
                "app/git_info.py": """\
import subprocess


def branch() -> str:
    return subprocess.check_output(["git", "rev-parse", "--abbrev-ref", "HEAD"]).decode()


def origin() -> str:
    return subprocess.check_output(["git", "config", "--get", "remote.origin.url"]).decode()


def describe() -> str:
    return f"{branch()} @ {origin()}"
""",
                "app/main.py": """\
from app.git_info import describe


async def version() -> str:
    return describe()


async def banner() -> str:
    return "v: " + describe()
""",
            },
            note="two chains through one call are one finding; two coroutines calling the helper, two",
            lines=(5, 9),
        ),
        Example(
            files={
                "app/tools.py": """\
import requests


def fetch_release() -> str:
    return requests.get("https://example.com/latest", timeout=5).text
""",
                "app/main.py": """\
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.tools import fetch_release


async def announce() -> str:
    return fetch_release()


@asynccontextmanager
async def lifespan(app: FastAPI):
    await announce()
    yield


app = FastAPI(lifespan=lifespan)


@app.get("/version")
async def version() -> str:
    return await announce()
""",
            },
            note="a coroutine the lifespan awaits is still on the request path when a route "
            "awaits it too",
            lines=(9,),
        ),
        Example(
            files={
                "app/home.py": """\
import functools
import subprocess
from pathlib import Path


@functools.lru_cache(maxsize=1)
def get_home() -> Path:
    out = subprocess.run(["wslpath", "-u", "%USERPROFILE%"], capture_output=True, text=True)
    return Path(out.stdout.strip() or Path.home())
""",
                "app/main.py": """\
from fastapi import FastAPI

from app.home import get_home

app = FastAPI()


@app.get("/roots")
async def roots() -> dict[str, str]:
    return {"home": str(get_home())}
""",
            },
            note="a cached parameterless helper's first call still blocks (medium: once per "
            "process)",
            lines=(10,),
        ),
        Example(
            files={
                "app/home.py": """\
import functools
import subprocess
from pathlib import Path


@functools.cache
def get_home() -> Path:
    out = subprocess.run(["wslpath", "-u", "%USERPROFILE%"], capture_output=True, text=True)
    return Path(out.stdout.strip() or Path.home())


def resolve(raw: str) -> Path:
    return get_home() / raw


def describe(path: Path) -> dict[str, str]:
    return {"name": path.name, "under_home": str(path.is_relative_to(get_home()))}
""",
                "app/main.py": """\
from pathlib import Path

from fastapi import FastAPI

from app.home import describe, get_home, resolve

app = FastAPI()


@app.get("/files")
async def files(raw: str) -> dict[str, object]:
    folder = resolve(raw)  # reported: the first call may run the subprocess
    entries = [describe(p) for p in folder.iterdir()]
    return {"entries": entries, "home": str(get_home())}
""",
            },
            note="after `resolve()` ran the cached parameterless `get_home()`, its later calls "
            "in the same coroutine (direct, or through `describe()`) return the cached value: "
            "the subprocess cannot run there (only line 12 is reported)",
            lines=(12,),
        ),
        Example(
            files={
                "app/local_server.py": """\\
import subprocess

import httpx


class LocalServer:
    _instances: dict[int, "LocalServer"] = {}

    def __new__(cls, port: int = 8200) -> "LocalServer":
        if port not in cls._instances:
            cls._instances[port] = super().__new__(cls)
        return cls._instances[port]

    def __init__(self, port: int = 8200) -> None:
        self.port = port
        self.running = getattr(self, "running", False)

    def start(self) -> None:
        if not self.running:
            subprocess.Popen(["api-server", "--port", str(self.port)])
            httpx.get(f"http://localhost:{self.port}/health", timeout=10)
            self.running = True


def get_client(url: str | None) -> httpx.AsyncClient:
    if url is None:
        server = LocalServer()
        server.start()
        url = f"http://localhost:{server.port}"
    return httpx.AsyncClient(base_url=url)
""",
                "app/main.py": """\\
from fastapi import FastAPI

from app.local_server import get_client

app = FastAPI()


@app.get("/runs")
async def runs() -> list[str]:
    async with get_client(None) as client:
        return (await client.get("/runs")).json()
""",
            },
            note="a singleton's `start()` that blocks only until `self.running` is set: once "
            "per process, still reported (medium) where a route proves the first call may "
            "stall a request",
            lines=(11,),
        ),
        Example(
            files={
                "app/clients.py": """\
import httpx


def get_client(base_url: str, is_async: bool = True, proxy: str | None = None):
    if is_async:
        return httpx.AsyncClient(base_url=base_url, proxy=proxy)
    if proxy:
        return httpx.Client(base_url=base_url, proxy=proxy)
    return httpx.Client(base_url=base_url)


def fetch_text(url: str, mode: str = "sync") -> str:
    if mode == "cached":
        return ""
    return httpx.get(url).text
""",
                "app/main.py": """\
from app.clients import fetch_text, get_client


async def legacy(url: str) -> int:
    client = get_client(url, False)
    return client.get("/").status_code


async def configurable(url: str, is_async: bool) -> object:
    return get_client(url, is_async=is_async)


async def page(url: str, mode: str) -> str:
    return fetch_text(url, mode)
""",
            },
            note="the other side of the argument trap: a coroutine passing the value that "
            "takes the blocking branch, or a value that is not a literal",
            lines=(5, 10, 14),
        ),
        Example(
            files={
                "app/hooks.py": """\
import asyncio
import urllib.request


def _post(url: str) -> None:
    urllib.request.urlopen(url, timeout=5)


def fire(url: str) -> None:
    try:
        loop = asyncio.get_running_loop()
        _post(url)
    except RuntimeError:
        loop = None
    if loop is not None:
        loop.run_in_executor(None, _post, url)


def notify(url: str) -> None:
    try:
        import json  # noqa: F401
    except RuntimeError:
        _post(url)
""",
                "app/main.py": """\
from fastapi import FastAPI

from app.hooks import fire, notify

app = FastAPI()


@app.post("/events")
async def event(url: str) -> dict[str, bool]:
    fire(url)
    notify(url)
    return {"ok": True}
""",
            },
            note="the traps of the no-loop fallback: a blocking call in the `try` that asked "
            "for the running loop (a loop runs, it runs), and an `except RuntimeError` of a "
            "`try` that asks for no loop",
            lines=(10, 11),
        ),
    )
    good = (
        Example(
            files=_READERS,
            note="trap: a reader's `read` reached only through the object a factory returns "
            "(`reader = reader_for(url)`, annotated `-> Reader`), and every such call is "
            "driven by `asyncio.run` (in a Huey task, in a thread's `pool.submit(asyncio.run, "
            "...)`): the overrides run on private loops that serve no request "
            "(4dpocket fourdpocket/processors/medium.py:207)",
        ),
        Example(
            files={
                "app/jobs.py": _GLOBAL_QUEUE,
                "app/main.py": """\
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.jobs import shutdown_queue


@asynccontextmanager
async def lifespan(app: FastAPI):
    yield
    await shutdown_queue()  # after serving: nothing left to stall


app = FastAPI(lifespan=lifespan)
""",
            },
            note="trap: the queue a module global typed `Optional[JobQueue]` holds is "
            "stopped only after the lifespan's `yield`: shutdown code, beside no request",
        ),
        Example(
            files={
                "app/jobs.py": _GLOBAL_QUEUE,
                "app/main.py": _HELD_LIFESPAN.format(route=""),
            },
            note="trap: the lifespan a method of an object the app's builder holds returns "
            "(`lifespan = self.lifespans.create()`) stops the queue after its `yield`",
        ),
        Example(
            files={**_COMMIT_FILES, "app/_commit.py": 'COMMIT = "5d748a26"\n'},
            note="a git fallback after `or` behind a function that returns the commit the "
            "build wrote into a file the distribution ships (seen in notebooklm-py)",
        ),
        Example(
            files={
                "app/hooks.py": """\
import asyncio
import urllib.request
from asyncio import get_running_loop


def fire_hook(url: str) -> None:
    def _post() -> None:
        urllib.request.urlopen(url, timeout=5)

    try:
        loop = asyncio.get_running_loop()
        loop.run_in_executor(None, _post)
    except RuntimeError:
        _post()


def _deliver(url: str) -> None:
    urllib.request.urlopen(url, timeout=5)


def notify(url: str) -> None:
    try:
        get_running_loop().run_in_executor(None, _deliver, url)
    except (RuntimeError, ValueError):
        _deliver(url)
""",
                "app/main.py": """\
from fastapi import FastAPI

from app.hooks import fire_hook, notify

app = FastAPI()


@app.post("/events")
async def event(url: str) -> dict[str, bool]:
    fire_hook(url)
    notify(url)
    return {"ok": True}
""",
            },
            note="a blocking call only in the fallback a helper takes when no event loop runs "
            "(`except RuntimeError` after `asyncio.get_running_loop()`): from a coroutine a "
            "loop runs and the work goes to the executor (seen in engram-mem)",
        ),
        Example(
            files={
                "app/clients.py": """\
import httpx


def get_client(base_url: str, is_async: bool = True, proxy: str | None = None):
    if is_async:
        if proxy:
            return httpx.AsyncClient(base_url=base_url, proxy=proxy)
        return httpx.AsyncClient(base_url=base_url)
    else:
        return httpx.Client(base_url=base_url, proxy=proxy)


def fetch_text(url: str, cached: str | None = None) -> str:
    if cached is not None:
        return cached
    return httpx.get(url).text
""",
                "app/main.py": """\
from fastapi import FastAPI

from app.clients import fetch_text, get_client

app = FastAPI()


@app.get("/a")
async def a() -> int:
    client = get_client("https://a.example.com", is_async=True)
    return (await client.get("/")).status_code


@app.get("/b")
async def b() -> int:
    client = get_client("https://b.example.com", proxy="http://proxy:3128")
    return (await client.get("/")).status_code


@app.get("/c")
async def c() -> str:
    return fetch_text("https://c.example.com", "<cached page>")
""",
            },
            note="trap: the blocking call sits in a branch on a parameter that every "
            "coroutine call rules out with a literal argument or the default "
            "(`is_async=True`), or behind an earlier `return` the argument takes",
        ),
        Example(
            files={
                "app/media.py": """\
import base64
import urllib.request


def decode_media(value: str) -> bytes:
    if value.startswith("data:"):
        return urllib.request.urlopen(value).read()
    return base64.b64decode(value)
""",
                "app/main.py": """\
from fastapi import FastAPI

from app.media import decode_media

app = FastAPI()


@app.post("/media")
async def upload(value: str) -> dict[str, int]:
    return {"size": len(decode_media(value))}
""",
            },
            note="`urlopen` of a URL the code proves is a `data:` URL: urllib decodes it in "
            "memory, no network or file I/O",
        ),
        Example(
            files={
                "tool/__init__.py": "",
                "tool/server.py": """\
from fastapi import FastAPI

app = FastAPI()


@app.get("/")
async def index() -> dict[str, bool]:
    return {"ok": True}
""",
                "tool/helpers.py": """\
import subprocess


def git_head() -> str:
    return subprocess.check_output(["git", "rev-parse", "HEAD"], text=True)
""",
                "tool/cli/__init__.py": """\
COMMANDS = {"dev": "tool.cli.dev:dev_app", "serve": "tool.server:app"}
""",
                "tool/cli/dev.py": """\
import typer

from tool.helpers import git_head

dev_app = typer.Typer()


async def _stamp() -> None:
    print(git_head())


HOOKS = [_stamp]
""",
            },
            note="an import string naming a command group (loaded lazily by a CLI) is not a "
            "server loading an app: the CLI module is not application code",
        ),
        Example(
            files={
                "hooks/__init__.py": "",
                "hooks/send.py": """\
import httpx


def deliver(url: str, payload: dict) -> httpx.Response:
    return httpx.post(url, json=payload, timeout=10)
""",
                "hooks/jobs.py": """\
from rq.decorators import job

from hooks.send import deliver


@job("high")
async def deliver_job(url: str, payload: dict) -> None:
    deliver(url, payload).raise_for_status()
""",
                "hooks/main.py": """\
from fastapi import FastAPI

from hooks.jobs import deliver_job

app = FastAPI()


@app.post("/events")
async def event(payload: dict) -> dict[str, str]:
    queued = deliver_job.delay("https://example.com/hook", payload)
    return {"job": queued.id}
""",
            },
            note="an rq job: a worker runs it on a loop of its own, the route only enqueues it",
        ),
        Example(
            files={**_COLLECTOR, "scripts/collect.py": _COLLECT_SCRIPT},
            note="trap: a collector's method that only a program of `scripts/` calls (its "
            "own `asyncio.run`, a cron pass) blocks no loop that serves requests",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/http_utils.py": """\
import time

import requests as http


def post_json(url: str, payload: dict) -> int:
    for _ in range(3):
        response = http.post(url, json=payload, timeout=5)
        if response.ok:
            return response.status_code
        time.sleep(1)
    return 0
""",
                "app/billing/__init__.py": "",
                "app/billing/mailer.py": """\
from app.http_utils import post_json


def mail(to: str, body: str) -> int:
    return post_json("https://mail.example.com/send", {"to": to, "body": body})
""",
                "app/billing/service.py": """\
from .mailer import mail


def send_receipt(order_id: int) -> int:
    return mail("billing@example.com", f"receipt {order_id}")
""",
                "app/billing/routes.py": """\
from fastapi import APIRouter

from app.billing import service

router = APIRouter()


@router.post("/orders/{order_id}/receipt")
async def receipt(order_id: int) -> dict[str, int]:
    status = service.send_receipt(order_id)
    return {"status": status}
""",
            },
            note="three hops (route -> send_receipt -> mail -> post_json): beyond the catalogue's 2, not followed",
        ),
        Example(
            files={
                "app/avatars.py": """\
import requests


def fetch_avatar(key: str) -> bytes:
    return requests.get(f"https://avatars.example.com/{key}", timeout=5).content
""",
                "app/main.py": """\
import asyncio

from fastapi import FastAPI, Response
from fastapi.concurrency import run_in_threadpool

from app.avatars import fetch_avatar

app = FastAPI()


@app.get("/avatar/{key}")
async def avatar(key: str) -> Response:
    data = await run_in_threadpool(fetch_avatar, key)
    other = await asyncio.to_thread(fetch_avatar, "default")
    third = await run_in_threadpool(lambda: fetch_avatar("x"))

    def inner() -> bytes:
        return fetch_avatar("y")

    fourth = await run_in_threadpool(inner)
    return Response(content=data + other + third + fourth, media_type="image/png")


@app.get("/avatar-sync/{key}")
def avatar_sync(key: str) -> Response:
    return Response(content=fetch_avatar(key), media_type="image/png")
""",
            },
            note="the helper passed by reference, called in a lambda or inner def; a sync route calling it",
        ),
        Example(
            files={
                "app/jobs.py": """\
import time
from collections.abc import Callable

import requests


def fetch_later(url: str) -> Callable[[], bytes]:
    def run() -> bytes:
        return requests.get(url, timeout=5).content

    return run


def sleeper() -> Callable[[], None]:
    return lambda: time.sleep(1)


async def fetch_async(url: str) -> bytes:
    return requests.get(url, timeout=5).content  # ASY001's business, not this check's


def fetch_with(session, url: str) -> bytes:
    time.sleep(0)
    return session.get(url).content
""",
                "app/main.py": """\
import asyncio

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool

from app import jobs

app = FastAPI()


@app.get("/jobs")
async def run_jobs(client) -> None:
    job = jobs.fetch_later("https://example.com")
    await run_in_threadpool(job)
    await run_in_threadpool(jobs.sleeper())
    await jobs.fetch_async("https://example.com")
    asyncio.ensure_future(jobs.fetch_async("https://example.com"))
    jobs.fetch_with(client, "https://example.com")
    client.fetch_avatar("x")
    getattr(jobs, "fetch_later")("y")
""",
            },
            note="inner def and lambda offloads, an async helper, a session parameter, unresolvable callees",
        ),
        Example(
            files={
                "app/db.py": """\
import time

import requests


def wait_for_db(url: str) -> None:
    while requests.get(url, timeout=1).status_code != 200:
        time.sleep(1)
""",
                "app/main.py": """\
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.db import wait_for_db


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    wait_for_db("http://db:8080/health")  # before serving: nothing to stall yet
    yield


app = FastAPI(lifespan=lifespan)
""",
            },
            note="the lifespan function is exempt",
        ),
        Example(
            files={
                "app/helpers.py": """\
from flask import Flask

import requests

flask_app = Flask(__name__)


def fetch(url: str) -> bytes:
    return requests.get(url, timeout=5).content


@flask_app.route("/proxy")
def proxy() -> bytes:
    return fetch("https://example.com")
""",
                "tests/test_helpers.py": """\
from app.helpers import fetch


async def test_fetch() -> None:
    assert fetch("https://example.com")
""",
            },
            note="sync (Flask) callers and async test functions are not scanned",
        ),
        Example(
            files={
                "app/tools.py": """\
import subprocess

import requests


def install_plugins(folder: str) -> None:
    subprocess.run(["pip", "install", "-r", f"{folder}/requirements.txt"], check=True)


def fetch_release() -> str:
    return requests.get("https://example.com/latest", timeout=5).text
""",
                "app/builder.py": """\
from fastapi import FastAPI

from app.tools import install_plugins


async def build() -> FastAPI:
    install_plugins("plugins")
    return FastAPI()
""",
                "app/cli.py": """\
import asyncclick as click

from app.tools import fetch_release


@click.group()
def cli() -> None:
    pass


@cli.command()
async def version() -> None:
    click.echo(fetch_release())
""",
                "app/main.py": """\
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.builder import build


@asynccontextmanager
async def lifespan(app: FastAPI):
    inner = await build()
    app.mount("/plugins", inner)
    yield


app = FastAPI(lifespan=lifespan)


@app.get("/ping")
async def ping() -> str:
    return "pong"
""",
            },
            note="a builder only the lifespan awaits and a click command: start-up and "
            "command-line code, not on the request path",
        ),
        Example(
            files={
                "app/tokens.py": """\
import httpx


def fetch_service_token(url: str) -> str:
    return httpx.post(url, data={"grant_type": "client_credentials"}, timeout=5).text
""",
                "app/auth.py": """\
from app.tokens import fetch_service_token


async def validate_config(url: str | None) -> None:
    if url is not None:
        fetch_service_token(url)
""",
                "app/main.py": """\
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.auth import validate_config


def make_lifespan(url: str | None):
    @asynccontextmanager
    async def inner(app: FastAPI):
        await validate_config(url)  # before serving: nothing to stall yet
        yield

    return inner


def get_app(url: str | None) -> FastAPI:
    return FastAPI(lifespan=make_lifespan(url))
""",
            },
            note="`lifespan=make_lifespan(config)`: the factory returns its inner function, "
            "which is the lifespan; a coroutine only it awaits is start-up code",
        ),
        Example(
            files={
                "app/local_server.py": """\\
import subprocess

import httpx


class LocalServer:
    _instances: dict[int, "LocalServer"] = {}

    def __new__(cls, port: int = 8200) -> "LocalServer":
        if port not in cls._instances:
            cls._instances[port] = super().__new__(cls)
        return cls._instances[port]

    def __init__(self, port: int = 8200) -> None:
        self.port = port
        self.running = getattr(self, "running", False)

    def start(self) -> None:
        if not self.running:
            subprocess.Popen(["api-server", "--port", str(self.port)])
            httpx.get(f"http://localhost:{self.port}/health", timeout=10)
            self.running = True


def get_client(url: str | None) -> httpx.AsyncClient:
    if url is None:
        server = LocalServer()
        server.start()
        url = f"http://localhost:{server.port}"
    return httpx.AsyncClient(base_url=url)
""",
                "app/flows.py": """\\
from app.local_server import get_client


async def report_state(run_id: str, state: str) -> None:
    async with get_client(None) as client:
        await client.post(f"/runs/{run_id}/state", json={"state": state})
""",
                "app/main.py": """\\
from fastapi import FastAPI

import app.flows  # noqa: F401

app = FastAPI()


@app.get("/health")
async def health() -> str:
    return "ok"
""",
            },
            note="the only blocking part is a singleton's start-up (once per process), in a "
            "coroutine no route is shown to reach: no evidence that a request stalls",
        ),
    )


def _sync_helper(project: Project, qname: str) -> Function | None:
    """The sync project function a call runs (its body runs on the caller's thread)."""
    fn = project.function(qname)
    if fn is None or fn.is_async or fn.is_generator:
        return None
    for dec in fn.decorators:
        q = qname_of(dec) if isinstance(dec, (Name, Call)) else None
        if q not in PLAIN_DECORATORS:
            return None
    return fn


def _chains(project: Project, helper: Function) -> Iterator[tuple[list[Function], list[Blocking]]]:
    """(function path, its last function's blocking calls): the path starts at ``helper``
    and follows at most ``MAX_HOPS`` further project calls.  Each function is visited once
    (shortest path first)."""
    seen: set[str] = {helper.qname}
    level: list[list[Function]] = [[helper]]
    for hop in range(MAX_HOPS + 1):
        following: list[list[Function]] = []
        for path in level:
            last = path[-1]
            if last.blocking:
                yield path, last.blocking
            if hop == MAX_HOPS:
                continue
            for cs in last.calls:
                if cs.awaited:
                    continue
                inner = _sync_helper(project, cs.qname)
                if inner is None or inner.qname in seen:
                    continue
                seen.add(inner.qname)
                following.append([*path, inner])
        level = following


def _cached_once(project: Project, chain: list[Function]) -> Function | None:
    """The first function of ``chain`` whose blocking part runs once per process: a
    parameterless function under ``functools.cache`` / ``lru_cache`` (every later call returns
    the cached value without running the body), or a method of a singleton class (one that
    defines ``__new__``) whose blocking calls all sit under ``if not self.started:`` with
    ``self.started = ...`` set in that branch (a lazily started shared server)."""
    for fn in chain:
        if not fn.params and any(
            qname_of(d) in ("functools.cache", "functools.lru_cache")
            for d in fn.decorators
            if isinstance(d, (Name, Call))
        ):
            return fn
    last = chain[-1]
    return last if _singleton_started_once(project, last) else None


def _singleton_started_once(project: Project, fn: Function) -> bool:
    cls = project.class_(fn.class_qname) if fn.class_qname else None
    if cls is None or not fn.blocking or project.method(cls, "__new__") is None:
        return False
    if not fn.params or fn.params[0].kind not in ("posonly", "arg"):
        return False
    text = project.read_text(project.module_of(fn).path)
    try:
        tree = ast.parse(text or "")
    except (SyntaxError, ValueError):
        return False
    node = next(
        (
            n
            for n in ast.walk(tree)
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
            and n.name == fn.name
            and (n.lineno == fn.line or any(d.lineno == fn.line for d in n.decorator_list))
        ),
        None,
    )
    if node is None:
        return False
    me = fn.params[0].name
    guarded: list[tuple[int, int]] = []
    for n in ast.walk(node):
        if isinstance(n, ast.If) and n.body:
            flag = _unset_flag(n.test, me)
            if flag is not None and _sets_flag(n.body, me, flag):
                guarded.append((n.body[0].lineno, n.body[-1].end_lineno or n.body[-1].lineno))
    return all(any(a <= b.line <= z for a, z in guarded) for b in fn.blocking)


def _unset_flag(test: ast.expr, me: str) -> str | None:
    """``not self.running`` / ``self.process is None``: the attribute tested for unset."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        target = test.operand
    elif (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.Is)
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value is None
    ):
        target = test.left
    else:
        return None
    if (
        isinstance(target, ast.Attribute)
        and isinstance(target.value, ast.Name)
        and target.value.id == me
    ):
        return target.attr
    return None


def _sets_flag(body: list[ast.stmt], me: str, flag: str) -> bool:
    for stmt in body:
        for n in ast.walk(stmt):
            targets = (
                n.targets
                if isinstance(n, ast.Assign)
                else [n.target]
                if isinstance(n, ast.AnnAssign)
                else []
            )
            for t in targets:
                if (
                    isinstance(t, ast.Attribute)
                    and t.attr == flag
                    and isinstance(t.value, ast.Name)
                    and t.value.id == me
                ):
                    return True
    return False


def _reached_sync(project: Project, qname: str, depth: int = MAX_HOPS + 1) -> set[str]:
    """The sync project functions a call of ``qname`` runs, itself included, following
    plain (not awaited) calls ``depth`` levels down."""
    helper = _sync_helper(project, qname)
    if helper is None:
        return set()
    out = {helper.qname}
    level = [helper]
    for _ in range(depth):
        following = []
        for fn in level:
            for cs in fn.calls:
                inner = None if cs.awaited else _sync_helper(project, cs.qname)
                if inner is not None and inner.qname not in out:
                    out.add(inner.qname)
                    following.append(inner)
        level = following
    return out


def _drop_warm_chains(project: Project, sites: list[tuple]) -> None:
    """Drop, in place, the chains of each site that pass through a once-per-process cached
    function (:func:`_cached_once`) that an earlier call of the same coroutine already ran:
    the cache is warm by then, and the blocking call behind it cannot run at this site
    (``resolved = _resolve(path)`` calls the cached ``get_home()``; a later ``get_home()``
    of the same request returns the cached value)."""
    reached: dict[int, set[str]] = {}
    for index, (_module, fn, cs, chains) in enumerate(sites):
        cached = [_cached_once(project, chain) for chain, _blocking in chains]
        if not any(cached):
            continue
        earlier: set[str] = set()
        for other in fn.calls:
            if other.line < cs.line and not other.awaited:
                key = id(other)
                if key not in reached:
                    reached[key] = _reached_sync(project, other.qname)
                earlier |= reached[key]
        kept = [c for c, once in zip(chains, cached) if once is None or once.qname not in earlier]
        sites[index] = (_module, fn, cs, kept)


def _drop_untaken_branches(project: Project, sites: list[tuple]) -> None:
    """Drop, in place, the chains of each site whose blocking part sits, in the helper the
    coroutine calls, only in branches on the helper's parameters that the site's literal
    arguments (or the parameters' defaults) rule out: ``get_client(is_async=True)`` never
    reaches ``if not is_async: httpx.Client()``.  Only literal values decide (``True``,
    ``None``, ``"sync"``), only for parameters the helper never rebinds, and only ``if``
    tests on them alone (``p``, ``not p``, ``p is None``, ``p == "x"``, and/or of those)
    or an earlier ``if`` of the same block that returns; anything else keeps the chain."""
    for index, (module, fn, cs, chains) in enumerate(sites):
        kept = []
        binding: dict[str, object] | None = None
        for chain, blocking in chains:
            helper = chain[0]
            node = project.def_node(helper)
            if node is None or not _branches_on_params(node, helper):
                kept.append((chain, blocking))
                continue
            if binding is None:
                binding = _site_binding(project, fn, cs, helper, node)
            if not binding:
                kept.append((chain, blocking))
                continue
            if len(chain) == 1:
                live = [b for b in blocking if not _ruled_out(node, b.line, binding)]
                if live:
                    kept.append((chain, live))
                continue
            following = chain[1]
            lines = [
                c.line
                for c in helper.calls
                if not c.awaited
                and (h := _sync_helper(project, c.qname)) is not None
                and h.qname == following.qname
            ]
            if not lines or not all(_ruled_out(node, line, binding) for line in lines):
                kept.append((chain, blocking))
        sites[index] = (module, fn, cs, kept)


def _drop_shadowed_fallbacks(project: Project, sites: list[tuple]) -> None:
    """Drop, in place, the chains that go from one function to the next only through the
    right side of an ``or`` whose left side is always true (:func:`_returns_truthy`):
    ``_embedded_commit() or _live_commit()``, the first returning a non-empty literal of a
    module the project holds, never calls the second."""
    for index, (module, fn, cs, chains) in enumerate(sites):
        kept = [
            (chain, blocking)
            for chain, blocking in chains
            if not any(_shadowed(project, chain[i], chain[i + 1]) for i in range(len(chain) - 1))
        ]
        sites[index] = (module, fn, cs, kept)


def _shadowed(project: Project, fn: Function, following: Function) -> bool:
    """Every call ``fn`` makes of ``following`` is an operand of an ``or`` after one that
    is a call of a project function always returning a true value."""
    lines = {
        c.line
        for c in fn.calls
        if not c.awaited
        and (h := _sync_helper(project, c.qname)) is not None
        and h.qname == following.qname
    }
    node = project.def_node(fn)
    if node is None or not lines:
        return False
    module = project.module_of(fn)
    parents = {id(c): p for p in ast.walk(node) for c in ast.iter_child_nodes(p)}
    calls = [
        n
        for n in ast.walk(node)
        if isinstance(n, ast.Call)
        and n.lineno in lines
        and getattr(n.func, "attr", getattr(n.func, "id", None)) == following.name
    ]
    for call in calls:
        up = parents.get(id(call))
        if not (isinstance(up, ast.BoolOp) and isinstance(up.op, ast.Or)):
            return False
        before = up.values[: next(i for i, v in enumerate(up.values) if v is call)]
        if not any(_truthy_call(project, module, v) for v in before):
            return False
    return bool(calls)


def _truthy_call(project: Project, module: ModuleFacts, e: ast.expr) -> bool:
    """``e`` calls, without arguments, a sync project function that always returns a true
    value (:func:`_returns_truthy`)."""
    if not isinstance(e, ast.Call) or e.args or e.keywords:
        return False
    q = _callee(e.func, module.imports)
    fn = project.function(q) or project.function(f"{module.module}.{q}") if q else None
    return fn is not None and not fn.is_async and _returns_truthy(project, fn)


def _returns_truthy(project: Project, fn: Function) -> bool:
    """The body of ``fn`` (undecorated, without parameters) runs straight to a ``return`` of
    a value that is always true: a non-empty literal, or a name imported from a project
    module that binds it to one (``from ._commit import COMMIT``, a file the build writes
    and the distribution ships), through ``or`` / ``and``.  An import of such names may sit
    in a ``try`` whose handlers only catch ``ImportError``: the module is there, so they
    never run.  Anything else (another statement, a branch) proves nothing."""
    node = project.def_node(fn)
    if node is None or fn.params or node.decorator_list:
        return False
    module = project.module_of(fn)
    known: set[str] = set()
    for stmt in node.body:
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            continue  # the docstring
        if isinstance(stmt, ast.Try) and not (stmt.orelse or stmt.finalbody):
            if not all(_import_error(h) for h in stmt.handlers):
                return False
            imports = stmt.body
        elif isinstance(stmt, ast.ImportFrom):
            imports = [stmt]
        elif isinstance(stmt, ast.Return) and stmt.value is not None:
            return _truthy(project, module, stmt.value, known)
        else:
            return False
        for imp in imports:
            names = _truthy_imports(project, module, imp)
            if names is None:
                return False
            known |= names
    return False


def _import_error(handler: ast.ExceptHandler) -> bool:
    """``except ImportError:`` (``ModuleNotFoundError``, or a tuple of those)."""
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return all(isinstance(k, ast.Name) and k.id in _IMPORT_ERRORS for k in kinds)


_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError"})


def _truthy_imports(project: Project, module: ModuleFacts, stmt: ast.stmt) -> set[str] | None:
    """The names ``stmt`` (``from .mod import NAME``) binds, when each is a module-level
    name of a project module bound to a true literal; None for anything else."""
    if not isinstance(stmt, ast.ImportFrom) or not stmt.module:
        return None
    parts = module.module.split(".")
    package = module.path.endswith("__init__.py")
    if stmt.level:
        keep = len(parts) - stmt.level + (1 if package else 0)
        if keep < 1:
            return None
        target = ".".join([*parts[:keep], stmt.module])
    else:
        target = stmt.module
    bound: set[str] = set()
    for alias in stmt.names:
        if not _true_binding(project, f"{target}.{alias.name}"):
            return None
        bound.add(alias.asname or alias.name)
    return bound


def _true_binding(project: Project, qname: str) -> bool:
    """``qname`` is a module-level name of a project module bound to a true literal."""
    from auditor.project import Binding

    found = project.resolve(qname)
    return isinstance(found, Binding) and isinstance(found.value, Lit) and bool(found.value.value)


def _truthy(project: Project, module: ModuleFacts, e: ast.expr, known: set[str]) -> bool:
    """``e`` is always true: a true literal, a name of ``known`` (or of the module, bound to
    a true literal), an ``or`` with such an operand, an ``and`` of them all."""
    if isinstance(e, ast.Constant):
        return bool(e.value)
    if isinstance(e, ast.Name):
        return e.id in known or _true_binding(project, f"{module.module}.{e.id}")
    if isinstance(e, ast.BoolOp):
        truth = [_truthy(project, module, v, known) for v in e.values]
        return any(truth) if isinstance(e.op, ast.Or) else all(truth)
    return False


#: The calls that raise ``RuntimeError`` exactly when no event loop runs in this thread.
_LOOP_PROBES = frozenset({"asyncio.get_running_loop", "asyncio.events.get_running_loop"})


def _drop_loopless_fallbacks(project: Project, sites: list[tuple]) -> None:
    """Drop, in place, the chains of each site whose next step, in some function of the
    chain, sits only in the fallback a function takes when no event loop runs: an
    ``except RuntimeError`` handler of a ``try`` whose body asks
    ``asyncio.get_running_loop()`` (``try: loop = asyncio.get_running_loop();
    loop.run_in_executor(None, post) except RuntimeError: post()``).  Called from a
    coroutine, a loop runs, the probe answers, and the handler's blocking call is never
    reached from there."""
    for index, (module, fn, cs, chains) in enumerate(sites):
        kept = [
            (chain, blocking)
            for chain, blocking in chains
            if not _loopless_only(project, chain, blocking)
        ]
        if len(kept) != len(chains):
            sites[index] = (module, fn, cs, kept)


def _loopless_only(
    project: Project,
    chain: list[Function],
    blocking: list[Blocking],
) -> bool:
    for position, link in enumerate(chain):
        text = project.function_source(link)
        if text is None or "get_running_loop" not in text:
            continue  # the cheap test first: no probe, no fallback
        if position + 1 < len(chain):
            following = chain[position + 1].qname
            lines = [
                c.line
                for c in link.calls
                if not c.awaited
                and (h := _sync_helper(project, c.qname)) is not None
                and h.qname == following
            ]
        else:
            lines = [b.line for b in blocking]
        node = project.def_node(link)
        if not lines or node is None:
            continue
        imports = project.module_of(link).imports
        fallbacks = _loopless_handlers(node, imports)
        if fallbacks and all(any(_within(h.body, line) for h in fallbacks) for line in lines):
            return True
    return False


def _loopless_handlers(
    node: ast.FunctionDef | ast.AsyncFunctionDef, imports: dict[str, str]
) -> list[ast.ExceptHandler]:
    """The ``except RuntimeError`` handlers (alone or in a tuple) of the ``try`` statements
    of ``node`` whose body calls ``asyncio.get_running_loop()``."""
    out: list[ast.ExceptHandler] = []
    for t in ast.walk(node):
        if not isinstance(t, ast.Try) or not any(
            isinstance(c, ast.Call) and _callee(c.func, imports) in _LOOP_PROBES
            for stmt in t.body
            for c in ast.walk(stmt)
        ):
            continue
        for h in t.handlers:
            kinds = h.type.elts if isinstance(h.type, ast.Tuple) else [h.type]
            if any(
                isinstance(k, ast.Name)
                and k.id == "RuntimeError"
                and imports.get("RuntimeError") is None
                for k in kinds
            ):
                out.append(h)
    return out


def _callee(func: ast.expr, imports: dict[str, str]) -> str | None:
    """The dotted name of a called name or attribute chain, its head resolved through the
    module's imports (``asyncio.get_running_loop``, ``get_running_loop`` imported from
    asyncio)."""
    parts: list[str] = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if not isinstance(func, ast.Name):
        return None
    # a name the module does not import at its top stands for itself (``import asyncio``
    # inside the function)
    head = imports.get(func.id, func.id)
    return ".".join([head, *reversed(parts)])


def _fixed_params(node: ast.FunctionDef | ast.AsyncFunctionDef, fn: Function) -> set[str]:
    """The helper's parameters it never rebinds (their value is the caller's throughout)."""
    names = {p.name for p in fn.params if p.kind in ("posonly", "arg", "kwonly")}
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)):
            names.discard(n.id)
        elif isinstance(n, (ast.Global, ast.Nonlocal)):
            names -= set(n.names)
    return names


def _branches_on_params(node: ast.FunctionDef | ast.AsyncFunctionDef, fn: Function) -> bool:
    params = _fixed_params(node, fn)
    return bool(params) and any(
        isinstance(n, ast.If)
        and any(isinstance(x, ast.Name) and x.id in params for x in ast.walk(n.test))
        for n in ast.walk(node)
    )


def _site_binding(
    project: Project,
    fn: Function,
    cs: CallSite,
    helper: Function,
    node: ast.FunctionDef | ast.AsyncFunctionDef,
) -> dict[str, object]:
    """The literal value each fixed parameter of ``helper`` has at the call site ``cs`` of
    the coroutine ``fn``: a constant argument, or the default of a parameter the call does
    not pass.  The call is looked for in ``fn``'s ``def`` alone, not its module's tree: a
    ``def`` statement has its lines to itself (nothing else of the module starts or ends on
    them), so the calls on the site's line are the same either way."""
    tree = project.def_node(fn)
    if tree is None:
        return {}
    line = cs.line
    calls = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        and n.lineno == line
        and (
            (isinstance(n.func, ast.Name) and n.func.id == helper.name)
            or (isinstance(n.func, ast.Attribute) and n.func.attr == helper.name)
        )
    ]
    if len(calls) != 1:
        return {}
    call = calls[0]
    if any(isinstance(a, ast.Starred) for a in call.args) or any(
        k.arg is None for k in call.keywords
    ):
        return {}  # ``*args`` / ``**kwargs``: which parameter gets what is not known
    fixed = _fixed_params(node, helper)
    static = any(qname_of(d) == "builtins.staticmethod" for d in helper.decorators)
    positional = [p for p in helper.params if p.kind in ("posonly", "arg")]
    out: dict[str, object] = {}
    passed: set[str] = set()
    if helper.class_qname is None or static:
        for p, a in zip(positional, call.args):
            passed.add(p.name)
            if p.name in fixed and isinstance(a, ast.Constant):
                out[p.name] = a.value
    elif call.args:
        return {}  # a method: the receiver may or may not take the first parameter
    for k in call.keywords:
        passed.add(k.arg or "")
        if k.arg in fixed and isinstance(k.value, ast.Constant):
            out[k.arg] = k.value.value
    for p in helper.params:
        if p.name in fixed and p.name not in passed and isinstance(p.default, Lit):
            out[p.name] = p.default.value
    return out


def _truth(test: ast.expr, binding: dict[str, object]) -> bool | None:
    """The value of an ``if`` test under ``binding``, or None when it is not decided."""
    if isinstance(test, ast.Name):
        return bool(binding[test.id]) if test.id in binding else None
    if isinstance(test, ast.Constant):
        return bool(test.value)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _truth(test.operand, binding)
        return None if inner is None else not inner
    if isinstance(test, ast.BoolOp):
        values = [_truth(v, binding) for v in test.values]
        if isinstance(test.op, ast.And):
            return False if False in values else (True if all(v is True for v in values) else None)
        return True if True in values else (False if all(v is False for v in values) else None)
    if (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.left, ast.Name)
        and test.left.id in binding
        and isinstance(test.comparators[0], ast.Constant)
    ):
        left, right, op = binding[test.left.id], test.comparators[0].value, test.ops[0]
        if isinstance(op, ast.Is):
            return left is right
        if isinstance(op, ast.IsNot):
            return left is not right
        if isinstance(op, ast.Eq):
            return bool(left == right)
        if isinstance(op, ast.NotEq):
            return bool(left != right)
    return None


def _within(block: list[ast.stmt], line: int) -> bool:
    return any(s.lineno <= line <= (s.end_lineno or s.lineno) for s in block)


def _ends(block: list[ast.stmt]) -> bool:
    return bool(block) and isinstance(block[-1], (ast.Return, ast.Raise))


def _ruled_out(block_owner: ast.AST, line: int, binding: dict[str, object]) -> bool:
    """The statement at ``line`` cannot run under ``binding``: an ``if`` around it takes
    the other branch, or an earlier ``if`` of the same block returns (or raises) first."""
    for field in ("body", "orelse", "finalbody", "handlers"):
        block = getattr(block_owner, field, None)
        if not isinstance(block, list):
            continue
        for stmt in block:
            start = (
                stmt.lineno
                if not getattr(stmt, "decorator_list", None)
                else stmt.decorator_list[0].lineno
            )
            if not (start <= line <= (stmt.end_lineno or stmt.lineno)):
                if start > line:
                    break
                if isinstance(stmt, ast.If):
                    t = _truth(stmt.test, binding)
                    if (t is True and _ends(stmt.body)) or (t is False and _ends(stmt.orelse)):
                        return True  # an earlier branch returns before the line
                continue
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                return False
            if isinstance(stmt, ast.If):
                t = _truth(stmt.test, binding)
                if t is False and _within(stmt.body, line):
                    return True
                if t is True and _within(stmt.orelse, line):
                    return True
            return _ruled_out(stmt, line, binding)
    return False


def _display(fn: Function) -> str:
    if fn.class_qname:
        return f"`{fn.class_qname.rsplit('.', 1)[-1]}.{fn.name}()`"
    return f"`{fn.name}()`"


#: Constructors in ASY001's list: they block less than what is then done with the client,
#: so another blocking call of the same function is named first when there is one.
_CONSTRUCTORS = frozenset(
    {"httpx.Client", "requests.Session", "requests.session", "urllib3.PoolManager"}
)


def _message(
    project: Project, chain: list[Function], blocking: list[Blocking], other_chains: int, sites: int
) -> str:
    ranked = sorted(blocking, key=lambda b: (b.callee in _CONSTRUCTORS, b.line))
    first = ranked[0]
    last = chain[-1]
    where = project.modules[last.module].path
    text = f"sync helper {_display(chain[0])} blocks the event loop: it calls "
    for fn in chain[1:]:
        text += f"{_display(fn)}, which calls "
    text += f"`{first.callee}()` ({where}:{first.line})"
    more = len(blocking) - 1
    if more:
        text += f" and {more} more blocking call{'s' if more > 1 else ''}"
    once = _cached_once(project, chain)
    if once is not None:
        text += f" (once per process: {_display(once)} blocks on its first call only)"
    if other_chains:
        text += f", and {other_chains} other blocking chain{'s' if other_chains > 1 else ''} start{'s' if other_chains == 1 else ''} here"
    if sites > 1:
        text += f"; the helper is called from {sites} places in coroutines: making it non-blocking fixes them all"
    return text
