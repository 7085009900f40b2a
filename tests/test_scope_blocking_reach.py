"""Round 18 (issue 10, class 10): where the blocking-call checks' code runs.

Three answers of the model: a coroutine that only a program's own code names runs in that
program; a coroutine a route creates in its ``return`` is never run by the request (FastAPI
does not await what a route returns); a loop over literal module names imports those
modules, not every module of its folder."""

from __future__ import annotations

from pathlib import Path

from auditor.check import Example
from auditor.testing import run_example
from checks.asy001_blocking_call_in_async import BlockingCallInAsync
from checks.asy002_sync_client_in_async import SyncClientInAsync

SERVER = """\
from fastapi import FastAPI

app = FastAPI()


@app.get("/")
async def index() -> dict[str, bool]:
    return {"ok": True}
"""


def _lines(check, files: dict[str, str], root: Path) -> list[tuple[str, int, str]]:
    findings, _ = run_example(check, Example(files=files), root)
    return sorted((f.path, f.line, str(f.severity)) for f in findings)


def test_a_coroutine_only_a_program_names_runs_in_that_program(tmp_path):
    bench = """\
import argparse
import asyncio

from svc import main


async def request_image(path: str) -> int:
    with open(path, "rb") as fh:
        return len(fh.read())


async def benchmark(args: argparse.Namespace) -> None:
    request = request_image
    await request(args.path)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    asyncio.run(benchmark(parser.parse_args()))
"""
    files = {"svc/__init__.py": "", "svc/main.py": SERVER, "svc/bench.py": bench}
    # the server imports the program's module (so it is application code), yet only the
    # program's own code names the coroutine
    files["svc/main.py"] = SERVER + "\nfrom svc import bench  # noqa: E402\n"
    assert _lines(SyncClientInAsync, files, tmp_path / "a") == []
    # the trap: a route names it too, so it may run beside a request
    route = "\n\n@app.get('/image')\nasync def image(path: str) -> int:\n    return await bench.request_image(path)\n"
    files["svc/main.py"] += route
    assert [line for _p, line, _s in _lines(SyncClientInAsync, files, tmp_path / "b")] == [8]


def test_a_coroutine_a_route_returns_unawaited_is_not_on_the_request_path(tmp_path):
    views = """\
import time

from fastapi import APIRouter

router = APIRouter()


async def manifest(tag: str) -> dict[str, str]:
    time.sleep(10)
    return {"tag": tag}


@router.get("/v2/{tag}")
async def tags(tag: str):
    return manifest(tag)


@router.get("/v3/{tag}")
async def tags_v3(tag: str):
    return await manifest(tag)
"""
    main = SERVER + "\nfrom svc.views import router  # noqa: E402\n\napp.include_router(router)\n"
    files = {"svc/__init__.py": "", "svc/main.py": main, "svc/views.py": views}
    # awaited by /v3: on the request path, an error
    assert _lines(BlockingCallInAsync, files, tmp_path / "a") == [("svc/views.py", 9, "error")]
    # only returned unawaited by /v2 (FastAPI never awaits it): not proven on the request path
    files["svc/views.py"] = views[: views.index('@router.get("/v3')]
    assert _lines(BlockingCallInAsync, files, tmp_path / "b") == [("svc/views.py", 9, "warning")]


def test_a_loop_over_literal_module_names_loads_only_those(tmp_path):
    hashing = """\
import importlib


def hash_function():
    for module_path in ["vendor.hashing", "vendor.utils"]:
        try:
            return importlib.import_module(module_path).digest
        except ImportError:
            continue
    return None
"""
    tool = """\
import time


async def diagnose() -> None:
    time.sleep(1)


TOOLS = {"diagnose": diagnose}
"""
    main = SERVER + "\nfrom svc.hashing import hash_function  # noqa: E402\n"
    files = {
        "svc/__init__.py": "",
        "svc/main.py": main,
        "svc/hashing.py": hashing,
        "svc/tool.py": tool,
    }
    # svc/tool.py is loaded by no one: the loop names two outside modules
    assert _lines(BlockingCallInAsync, files, tmp_path / "a") == []
    # the trap: a computed name may load any module of the folder
    files["svc/hashing.py"] = hashing.replace(
        '["vendor.hashing", "vendor.utils"]', "names()"
    ).replace(
        "import importlib\n", "import importlib\n\n\ndef names() -> list[str]:\n    return []\n"
    )
    assert [line for _p, line, _s in _lines(BlockingCallInAsync, files, tmp_path / "b")] == [5]


def test_an_async_context_manager_the_lifespan_enters_is_start_up_code(tmp_path):
    main = """\
import time
from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import FastAPI


async def load_config(path: str) -> dict[str, str]:
    time.sleep(1)
    return {"path": path}


@asynccontextmanager
async def _setup(app: FastAPI, stack: AsyncExitStack):
    app.state.config = await load_config("config.yaml")
    yield


@asynccontextmanager
async def lifespan(app: FastAPI):
    async with AsyncExitStack() as stack, _setup(app, stack):
        yield


app = FastAPI(lifespan=lifespan)


@app.get("/")
async def index() -> dict[str, bool]:
    return {"ok": True}
"""
    files = {"svc/__init__.py": "", "svc/main.py": main}
    assert _lines(BlockingCallInAsync, files, tmp_path / "a") == []
    # the trap: a route reloads the configuration too
    files["svc/main.py"] = main.replace(
        'return {"ok": True}', 'await load_config("config.yaml")\n    return {"ok": True}'
    )
    assert _lines(BlockingCallInAsync, files, tmp_path / "b") == [("svc/main.py", 8, "error")]


def test_a_method_a_program_reaches_may_also_serve_a_route(tmp_path):
    mcp = """\
import asyncio


class WriteTool:
    async def execute(self, path: str) -> None:
        with open(path, "a") as fh:
            fh.write("x")


class Server:
    def __init__(self) -> None:
        self.tools = {"write": WriteTool()}

    async def handle(self, name: str, path: str) -> None:
        tool = self.tools[name]
        await tool.execute(path)


async def main() -> None:
    server = Server()
    await server.handle("write", "out.txt")


if __name__ == "__main__":
    asyncio.run(main())
"""
    main = SERVER + (
        "\n\ndef get_server():\n"
        "    from svc.mcp import Server\n\n"
        "    return Server()\n\n\n"
        "@app.post('/mcp')\n"
        "async def call(name: str, path: str) -> None:\n"
        "    await get_server().handle(name, path)\n"
    )
    files = {"svc/__init__.py": "", "svc/main.py": main, "svc/mcp.py": mcp}
    # Server.handle is reached by the program's main() and, through an object the call
    # graph cannot type, by a route: the tool it runs may block a request
    assert [line for _p, line, _s in _lines(SyncClientInAsync, files, tmp_path / "a")] == [6]


def test_a_name_bound_to_run_until_complete_drives_a_private_loop(tmp_path):
    # H24 (deepl-fastapi-pw): ``arun = asyncio.get_event_loop().run_until_complete`` at
    # module level, then ``arun(translate(...))`` in sync routes: the coroutine runs on a
    # loop of its own in the threadpool's thread, never on the server's
    translate = """\
import time


async def translate(text: str) -> str:
    time.sleep(0.1)
    return text
"""
    server = """\
import asyncio

from fastapi import FastAPI

from svc.tr import translate

arun = asyncio.get_event_loop().run_until_complete
app = FastAPI()


@app.get("/text")
def text(q: str) -> str:
    return arun(translate(q))
"""
    files = {"svc/__init__.py": "", "svc/tr.py": translate, "svc/main.py": server}
    assert _lines(BlockingCallInAsync, files, tmp_path / "a") == []
    # the trap: a name bound to something else as well is no loop runner
    files["svc/main.py"] = server.replace(
        "app = FastAPI()\n", "app = FastAPI()\nif not callable(arun):\n    arun = print\n"
    ).replace(
        "def text(q: str) -> str:\n    return arun(",
        "async def text(q: str) -> str:\n    return await (",
    )
    assert _lines(BlockingCallInAsync, files, tmp_path / "b") == [("svc/tr.py", 5, "error")]


def test_a_coroutine_a_sync_route_creates_and_never_hands_on_does_not_run(tmp_path):
    # H24 (deepl-fastapi-pw): the served server's sync routes call the coroutine function
    # without awaiting it (FastAPI runs them in its threadpool, where no loop runs): the
    # coroutine is never run there
    translate = """\
import time


async def translate(text: str) -> str:
    time.sleep(0.1)
    return text
"""
    server = """\
from fastapi import FastAPI

from svc.tr import translate

app = FastAPI()


@app.get("/text")
def text(q: str) -> dict[str, object]:
    result = translate(q)
    return {"text": str(result)}
"""
    files = {"svc/__init__.py": "", "svc/tr.py": translate, "svc/main.py": server}
    found = _lines(BlockingCallInAsync, files, tmp_path / "a")
    assert found == [("svc/tr.py", 5, "warning")]  # not on the request path: a warning
    # the trap: the thread hands it to the server's loop, where it blocks the requests
    files["svc/main.py"] = server.replace(
        "from fastapi import FastAPI\n", "import asyncio\n\nfrom fastapi import FastAPI\n"
    ).replace(
        "    result = translate(q)\n",
        "    loop = app.state.loop\n"
        "    result = asyncio.run_coroutine_threadsafe(translate(q), loop).result()\n",
    )
    assert _lines(BlockingCallInAsync, files, tmp_path / "b") == [("svc/tr.py", 5, "error")]


def test_a_private_method_a_thread_runs_with_asyncio_run_is_on_a_loop_of_its_own(tmp_path):
    # H24 (mfhm): ``threading.Thread(target=self.__start_ping)`` whose body is
    # ``asyncio.run(self.__ping_forever())``: a name-mangled method only its class's body
    # can call, so the call graph sees every call of it
    center = """\
import asyncio
import threading
import time

from fastapi import FastAPI


class Center(FastAPI):
    def __init__(self) -> None:
        super().__init__()
        threading.Thread(target=self.__start_ping, daemon=True).start()

    def __start_ping(self) -> None:
        asyncio.run(self.__ping_forever())

    async def __ping_forever(self) -> None:
        while True:
            time.sleep(5)
            await asyncio.gather(*[])
"""
    files = {"hub/__init__.py": "", "hub/center.py": center}
    assert _lines(BlockingCallInAsync, files, tmp_path / "a") == []
    # the trap: a method a subclass may override (``self.ping_forever``) proves nothing
    files["hub/center.py"] = center.replace("__ping_forever", "ping_forever")
    assert _lines(BlockingCallInAsync, files, tmp_path / "b") == [("hub/center.py", 18, "error")]


def test_a_library_coroutine_run_only_as_an_event_handler_is_a_warning(tmp_path):
    # H24 (citizenk, remote-local): a package without an application whose coroutine is
    # only registered as a start-up or shutdown handler (and awaited by a task it starts):
    # it runs when the app starts or stops, or beside the requests as a task, never on a
    # request's behalf
    service = """\
import asyncio
import time

from fastapi import FastAPI


class Service(FastAPI):
    def __init__(self) -> None:
        super().__init__()
        self.add_event_handler("startup", self.startup)
        self.add_event_handler("shutdown", self.shutdown)

    async def startup(self) -> None:
        self.monitor = asyncio.create_task(self._monitor())

    async def shutdown(self) -> None:
        time.sleep(3)
        self.notify("shutdown")  # its own name in its own body: starts nothing

    async def _monitor(self) -> None:
        while True:
            await asyncio.sleep(60)
            await self.shutdown()

    def notify(self, event: str) -> None:
        print(event)
"""
    tunnel = """\
import time


class Tunnel:
    def __init__(self, app) -> None:
        self.app = app
        app.on_startup(self.connect)

    async def connect(self) -> None:
        time.sleep(5)
"""
    files = {"svc/__init__.py": "", "svc/service.py": service, "svc/tunnel.py": tunnel}
    findings, _ = run_example(BlockingCallInAsync, Example(files=files), tmp_path / "a")
    got = sorted((f.path, f.line, str(f.severity), f.message) for f in findings)
    assert [(p, line, s) for p, line, s, _m in got] == [
        ("svc/service.py", 17, "warning"),
        ("svc/tunnel.py", 10, "warning"),
    ]
    assert got[0][3].endswith(
        "(only as a start-up or shutdown handler or in a background task that `startup` starts)"
    )
    assert got[1][3].endswith("(only as a start-up or shutdown handler)")
    # the trap: also awaited where the call graph cannot follow (a route of a user's app
    # holding the tunnel): an error
    files["svc/probe.py"] = (
        "from svc.tunnel import Tunnel\n\n\n"
        "async def probe(t: Tunnel) -> None:\n    await t.connect()\n"
    )
    assert _lines(BlockingCallInAsync, files, tmp_path / "b") == [
        ("svc/service.py", 17, "warning"),
        ("svc/tunnel.py", 10, "error"),
    ]


def test_a_project_helper_that_runs_its_argument_with_asyncio_run_is_a_private_loop(tmp_path):
    # H27 (engram-mem components.py:135,147,164): the health checks are gathered by a
    # coroutine that only the command line hands to the project's ``run_async(coro)``, which
    # runs it with ``asyncio.run`` (or in a thread, with ``asyncio.run`` again): they run on
    # a loop of their own, never on the server's
    util = """\
import asyncio
import concurrent.futures


def run_async(coro):
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
"""
    checks = """\
import asyncio
import subprocess


async def check_proc() -> int:
    return subprocess.run(["true"]).returncode


async def full_check() -> list[int]:
    return await asyncio.gather(check_proc())
"""
    # the command is registered on an app handed in (the model does not place it)
    cli = """\
import typer

from svc.checks import full_check
from svc.util import run_async


def register(cli: typer.Typer) -> None:
    @cli.command()
    def health() -> None:
        print(run_async(full_check()))
"""
    main = SERVER + "\nfrom svc import cli, checks, util  # noqa: E402,F401\n"
    files = {
        "svc/__init__.py": "",
        "svc/main.py": main,
        "svc/util.py": util,
        "svc/checks.py": checks,
        "svc/cli.py": cli,
    }
    assert _lines(BlockingCallInAsync, files, tmp_path / "a") == []
    # the trap: a route that hands the coroutine to the same helper is judged as before
    served = main + (
        "\n\n@app.get('/health')\nasync def health() -> list[int]:\n"
        "    return util.run_async(checks.full_check())\n"
    )
    files2 = {**files, "svc/main.py": served}
    assert _lines(BlockingCallInAsync, files2, tmp_path / "b") == [("svc/checks.py", 6, "error")]
    # the trap: a helper that awaits what it is handed (on the caller's loop) runs nothing
    # on a loop of its own
    files3 = {
        **files,
        "svc/util.py": "import asyncio\n\n\ndef run_async(coro):\n"
        "    asyncio.run(coro)\n    return asyncio.ensure_future(coro)\n",
    }
    assert _lines(BlockingCallInAsync, files3, tmp_path / "c") == [("svc/checks.py", 6, "warning")]
    # the trap: a loop of its own that also serves the application shares it with requests
    files4 = {
        **files,
        "svc/checks.py": checks.replace(
            "    return await asyncio.gather(check_proc())\n",
            "    import uvicorn\n\n"
            "    server = uvicorn.Server(uvicorn.Config('svc.main:app'))\n"
            "    return await asyncio.gather(server.serve(), check_proc())\n",
        ),
    }
    assert _lines(BlockingCallInAsync, files4, tmp_path / "d") == [("svc/checks.py", 6, "warning")]
