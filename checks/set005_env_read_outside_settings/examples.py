"""SET005's examples: what it reports (``BAD``) and what it must leave alone (``GOOD``, its
traps among them), each with the note saying why."""

from __future__ import annotations

from auditor.check import Example, snippet


def _dispatch_files(web_runs: bool) -> dict[str, str]:
    """A console program (``argparse``) that runs its commands through a module-level
    dispatch table, one of which reads a variable in a helper of a module the app imports
    for something else; with ``web_runs``, a route runs the commands through the same table."""
    route = (
        '\n\n@app.post("/run/{command}")\ndef run(command: str) -> int:\n'
        "    return _COMMANDS[command](argparse.Namespace(name=None))\n"
    )
    app = f"""\
import argparse

from fastapi import FastAPI

from mirror.fetch import mirrors
{"from mirror.cli import _COMMANDS" if web_runs else ""}

app = FastAPI()


@app.get("/mirrors")
def list_mirrors() -> list[str]:
    return mirrors()
{route if web_runs else ""}"""
    return {
        "pyproject.toml": '[project]\nname = "mirror"\n\n[project.scripts]\nmirror = "mirror.cli:main"\n',
        "mirror/__init__.py": "",
        "mirror/app.py": app,
        "mirror/fetch.py": """\
import os


def _archive_base() -> str:
    return os.environ.get("MIRROR_ARCHIVE_URL", "https://archive.example")


def mirrors() -> list[str]:
    return ["eu", "us"]


def pull(name: str) -> int:
    print(_archive_base() + "/" + name + ".zip")
    return 0
""",
        "mirror/cli.py": """\
import argparse

from mirror import fetch


def _cmd_pull(args: argparse.Namespace) -> int:
    return fetch.pull(args.name)


def _cmd_list(args: argparse.Namespace) -> int:
    print(fetch.mirrors())
    return 0


_COMMANDS = {"pull": _cmd_pull, "list": _cmd_list}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=sorted(_COMMANDS))
    parser.add_argument("name", nargs="?")
    args = parser.parse_args()
    return _COMMANDS[args.command](args)


if __name__ == "__main__":
    raise SystemExit(main())
""",
    }


#: A served app beside a FastMCP server whose tool calls a helper that reads a variable;
#: ``{start}`` is what the module does with the server (the examples' two sides).
_MCP_TOOLS = """\
import os

from fastapi import FastAPI
from fastmcp import FastMCP

app = FastAPI()
mcp = FastMCP("Catalogue")


def catalogue_token() -> str:
    return os.getenv("CATALOGUE_TOKEN", "")


@mcp.tool
def lookup(sku: str) -> str:
    return catalogue_token() + sku


@app.get("/ping")
def ping() -> dict[str, bool]:
    return {{"ok": True}}
{start}"""


#: An app whose route tests that a vendor SDK's own variable is set before calling the SDK,
#: which reads it itself; its settings hold vendors' keys in a mapping, copied into the
#: environment by ``export_vendor_keys`` (the vendor-key twins differ in that loop's source).
_VENDOR_KEY_CONFIG = """\
import os

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    vendor_keys: dict[str, str] = {{}}


settings = Settings()
defaults = {{"FAL_KEY": ""}}


def export_vendor_keys() -> None:
    for key, value in {source}.items():
        if value:
            os.environ[key] = value
"""
_VENDOR_KEY_APP = """\
import os

from fastapi import FastAPI

from app.config import export_vendor_keys

app = FastAPI()
export_vendor_keys()


@app.post("/render")
async def render(prompt: str) -> dict[str, str]:
    if not os.getenv("FAL_KEY"):
        raise ValueError("FAL_KEY is not set")
    import fal_client

    job = await fal_client.submit_async("some/model", arguments={"prompt": prompt})
    return {"id": job.request_id}
"""


def _vendor_key_files(source: str) -> dict[str, str]:
    return {
        "app/config.py": _VENDOR_KEY_CONFIG.format(source=source),
        "app/main.py": _VENDOR_KEY_APP,
    }


#: A realtime app factory whose helper reads the environment only when its caller passes no
#: value (the constructor-default traps and the module-memo test share it).
_REALTIME_FACTORY = """\
import json
import os

from fastapi import FastAPI


def _load_servers(configured: list[str] | None) -> list[str]:
    servers = configured
    if servers is None:
        raw = os.getenv("REALTIME_ICE_SERVERS")
        if not raw:
            return []
        servers = json.loads(raw)
    return list(servers)


def create_realtime_app(ice_servers: list[str] | None = None) -> FastAPI:
    app = FastAPI()
    app.state.ice_servers = _load_servers(ice_servers)
    return app
"""

#: A package that resolves its factory lazily, in a module ``__getattr__`` (PEP 562): it
#: hands the factory itself (a re-export) or calls it (the project builds the app).
_LAZY_PACKAGE = """\
from typing import Any


def __getattr__(name: str) -> Any:
    if name in ("create_realtime_app", "app"):
        from app.realtime.factory import create_realtime_app

        value = {value}
        globals()[name] = value
        return value
    raise AttributeError(name)
"""


def _lazy_package(value: str) -> dict[str, str]:
    return {
        "app/main.py": "from fastapi import FastAPI\n\nimport app.realtime\n\napp = FastAPI()\n",
        "app/realtime/__init__.py": _LAZY_PACKAGE.format(value=value),
        "app/realtime/factory.py": _REALTIME_FACTORY,
    }


#: A package whose launcher reads its port: the installed-command trap names the launcher in
#: its entry points, its other side names only the app factory.
_ATLAS_API = """\
import os

import uvicorn
from fastapi import FastAPI


def create_app() -> FastAPI:
    return FastAPI()


def run_server() -> None:
    port = int(os.getenv("ATLAS_API_PORT", "8000"))
    uvicorn.run("atlas.api:create_app", port=port, factory=True)
"""

#: A module that asks whether another CLI is set up: it locates that CLI's home folder and
#: tests one variable (``{key}``): the CLI's own key (not reported), or the project's.
_CLI_READY = """\
import os
from pathlib import Path


def codex_ready() -> bool:
    home = Path.home()
    codex_home = Path(os.environ.get("CODEX_HOME") or home / ".codex")
    authed = (codex_home / "auth.json").exists() or bool(os.environ.get("{key}"))
    if not authed:
        return False
    return True
"""


def _cli_ready(key: str) -> dict[str, str]:
    return {
        "app/main.py": "from fastapi import FastAPI\n\nfrom app import codex\n\napp = FastAPI()\n",
        "app/codex.py": _CLI_READY.format(key=key),
    }


#: A launcher command building a container's ``docker run`` argv with ``-e NAME=value``: the
#: value the launcher makes itself (a project function's text) or an option it forwards.
_CONTAINER_LAUNCHER = """\
import subprocess


def hint(verb: str, profile: str) -> str:
    return f"acme {{verb}} {{profile}}"


def run_argv(image: str, profile: str) -> list[str]:
    argv = ["run", "--rm"]
    argv += ["-e", f"APP_REVEAL_CMD={{{value}}}", "-p", "8000:8000"]
    return [*argv, image, "python", "-m", "app"]


def start(image: str, profile: str) -> None:
    subprocess.run(["docker", *run_argv(image, profile)], check=True)
"""


def _container_launcher(value: str) -> dict[str, str]:
    return {
        "app/main.py": """\
import os

from fastapi import FastAPI

app = FastAPI()


@app.get("/login")
def login() -> dict[str, str]:
    return {"reveal": os.environ.get("APP_REVEAL_CMD", "").strip()}
""",
        "app/cli/container.py": _CONTAINER_LAUNCHER.format(value=value),
    }


#: A shared module's launcher that serves the app its caller hands it: the uncalled-launcher
#: trap as is, its other side with a ``__main__`` block that calls it.
_HANDED_LAUNCHER = """\
import os

import uvicorn
from fastapi import FastAPI

from probe.routes import router


def build() -> FastAPI:
    app = FastAPI(docs_url=None)
    app.include_router(router)
    return app


def serve(app: FastAPI) -> None:
    port = int(os.getenv("PROBE_PORT", "8080"))
    uvicorn.run(app, host="0.0.0.0", port=port)
"""
_HANDED_ROUTES = """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/items")
async def items() -> list[str]:
    return []
"""

#: The ConfZ trap's settings and the module locating their dotenv, shared with its other side
#: (which differs only in its app module).
_PLANNER_SETTINGS = """\
from confz import ConfZ, ConfZEnvSource

from planner import paths


class Settings(ConfZ):
    host: str = "127.0.0.1"
    port: int = 8080

    CONFIG_SOURCES = [ConfZEnvSource(allow_all=True, file=paths.home() / ".env")]
"""
_PLANNER_PATHS = """\
import os
from pathlib import Path


def home() -> Path:
    if os.environ.get("PLANNER_SANDBOX"):
        return Path("sandbox")
    return Path.home() / ".planner"
"""


#: A catalogue module the server imports for one function, whose download helper only a
#: console command uses; ``{imported}`` and ``{size}``: what the route imports from it and
#: does with it (the trap lists, its other side downloads too).  The server's OCI client has a method of the helper's name.
_CATALOG_FILES = {
    "pyproject.toml": '[project]\nname = "shelf"\n\n[project.scripts]\nshelf = "shelf.commands:cli"\n',
    "shelf/__init__.py": "",
    "shelf/catalog.py": """\
import os
import urllib.request


def names() -> list[str]:
    return ["starter", "research"]


def _request(url: str) -> urllib.request.Request:
    req = urllib.request.Request(url)
    token = os.environ.get("SHELF_GITHUB_TOKEN")
    if token:
        req.add_header("Authorization", f"token {token}")
    return req


def download(url: str) -> bytes:
    with urllib.request.urlopen(_request(url), timeout=30) as resp:
        return resp.read()
""",
    "shelf/commands.py": """\
import typer

cli = typer.Typer()


@cli.command()
def fetch(url: str) -> None:
    from shelf.catalog import download

    typer.echo(len(download(url)))
""",
    "shelf/registry.py": """\
import urllib.request


class RegistryClient:
    def __init__(self, base: str) -> None:
        self.base = base

    def _request(self, path: str) -> urllib.request.Request:
        return urllib.request.Request(self.base + path)
""",
}
_CATALOG_APP = """\
from fastapi import FastAPI

from shelf.registry import RegistryClient

app = FastAPI()


@app.get("/examples")
def examples(url: str = "") -> dict:
    from shelf.catalog import {imported}

    request = RegistryClient("https://registry.example")._request("/v2/")
    return {{"names": names(), "via": request.full_url, "size": {size}}}
"""


#: A dataclass whose ``from_env`` maps the variable to an enum member through a local;
#: ``{use}``: what it does with that local (the trap hands it to ``cls(...)``, its other
#: side to another function, building the class without it).
_STORE_CONFIG = """\
import enum
import os
from dataclasses import dataclass


class Store(enum.Enum):
    DISK = "disk"
    BUCKET = "bucket"


def select(store: Store) -> None:
    print(store)


@dataclass
class StoreConfig:
    store: Store = Store.DISK

    @classmethod
    def from_env(cls) -> "StoreConfig":
        raw = os.getenv("APP_STORE", "disk").lower()
        store = Store.BUCKET if raw == "bucket" else Store.DISK
{use}
"""
_STORE_MAIN = (
    "from fastapi import FastAPI\n\nfrom app.store import StoreConfig\n\n"
    "store = StoreConfig.from_env()\napp = FastAPI()\n"
)

#: Settings declaring the reports database's URL (``{default}``: with a default or not), and
#: a module requiring the variable, refusing to start without it.
_REPORTS_SETTINGS = """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    reports_db_url: str{default}


settings = Settings()
"""
_REPORTS_DB = """\
import os

from sqlalchemy import create_engine

REPORTS_DB_URL = os.environ.get("REPORTS_DB_URL")
if not REPORTS_DB_URL:
    raise RuntimeError("REPORTS_DB_URL must be set")

engine = create_engine(REPORTS_DB_URL)
"""
_REPORTS_MAIN = (
    "from fastapi import FastAPI\n\nfrom app import reports, settings\n\napp = FastAPI()\n"
)


#: A helper giving a spawned tool's environment a variable when this process has none;
#: ``{entry}``: the dict it returns then (the trap the same variable, its other side an
#: option of the project's own).
_TOOL_ENV = """\
import os
import subprocess

from fastapi import FastAPI

app = FastAPI()


def tool_env() -> dict[str, str]:
    if not os.environ.get("TOOL_SANDBOX"):
        return {entry}
    return {{}}


@app.post("/run")
def run() -> int:
    return subprocess.run(["tool"], env={{**os.environ, **tool_env()}}).returncode
"""


#: A store warning when the server runs several worker processes, judged by the server's
#: worker count; ``{name}``: the second variable it consults (uvicorn's own in the good
#: example, the project's own in its bad twin).
_WORKERS_STORE = """\
import logging
import os

logger = logging.getLogger(__name__)


def warn_if_many_workers() -> None:
    workers = os.environ.get("WEB_CONCURRENCY") or os.environ.get("{name}")
    if workers and int(workers) > 1:
        logger.warning("the file store is not safe across %s workers", workers)
"""
_WORKERS_MAIN = (
    "from fastapi import FastAPI\n\nfrom app.store import warn_if_many_workers\n\n"
    "warn_if_many_workers()\napp = FastAPI()\n"
)


#: A configuration package whose paths module reads the variable naming the configuration's
#: file, the settings class living in another module; ``fn``: the paths module's function
#: (named for finding the file in the good example, for describing it in its bad twin).
def _locator_files(fn: str) -> dict[str, str]:
    return {
        "app/config/__init__.py": "",
        "app/config/schema.py": """\
from pydantic_settings import BaseSettings


class ShopSettings(BaseSettings):
    region: str = "eu"
""",
        "app/config/paths.py": f"""\
import os
from pathlib import Path


def {fn}() -> list[Path]:
    found = [Path.home() / ".shop" / "shop.json"]
    if explicit := os.environ.get("SHOP_CONFIG_FILE"):
        found.insert(0, Path(explicit))
    return found
""",
        "app/main.py": f"""\
import logging
import os

from fastapi import FastAPI

from app.config.paths import {fn}
from app.config.schema import ShopSettings

app = FastAPI()
settings = ShopSettings()
if not any(p.exists() for p in {fn}()):
    logging.warning("no configuration at %s", os.environ.get("SHOP_CONFIG_FILE"))
""",
    }


#: A client whose constructor falls back on a variable in the ``else`` of a test of its
#: ``timeout`` parameter; ``{test}``: that test (the parameter given, in the good example; in
#: its bad twin a test that also sends a caller's timeout to the ``else``).
_TIMEOUT_CLIENT = """\
import os


class Transport:
    def __init__(self, url: str, timeout: float | None = None) -> None:
        self.url = url
        if {test}:
            self.timeout = float(timeout)
        else:
            raw = os.getenv("TRANSPORT_HTTP_TIMEOUT")
            self.timeout = float(raw) if raw else 30.0
"""
_TIMEOUT_MAIN = (
    "from fastapi import FastAPI\n\nfrom app.transport import Transport\n\n"
    'app = FastAPI()\nupstream = Transport("https://upstream.example")\n'
)

#: A dataclass whose ``from_env`` parses one variable through a helper (the twins differ in
#: whose helper: the class's own method, or another module's function).
_SESSION_CONFIG = """\
import os
from dataclasses import dataclass

from app import flags


@dataclass(frozen=True)
class Session:
    cookie: str = "sid"
    secure: bool = False

    @classmethod
    def from_env(cls) -> "Session":
        return cls(
            cookie=os.getenv("APP_SESSION_COOKIE", cls.cookie),
            secure={parser}(os.getenv("APP_SESSION_SECURE"), cls.secure),
        )

    @staticmethod
    def _flag(value: str | None, default: bool) -> bool:
        if value is None or not value.strip():
            return default
        return value.strip().lower() in ("1", "true", "yes")
"""


def _session_files(parser: str) -> dict[str, str]:
    return {
        "app/main.py": "from fastapi import FastAPI\n\nfrom app.session import Session\n\n"
        "session = Session.from_env()\napp = FastAPI()\n",
        "app/flags.py": "def flag(value: str | None, default: bool) -> bool:\n"
        "    return default if value is None else value == 'on'\n",
        "app/session.py": _SESSION_CONFIG.format(parser=parser),
    }


#: A launcher that writes a variable into its child's environment twice (a default, then
#: on an option: the twins differ in that second value, its own or the operator's).
_LAUNCHER = """\
import subprocess
import sys


def launch(login: bool) -> None:
    env = {{"PATH": "/usr/bin", "APP_AUTH": "False"}}
    if login:
        env["APP_AUTH"] = {auth}
    subprocess.run([sys.executable, "-m", "uvicorn", "app.main:app"], env=env, check=True)
"""


def _launcher_files(auth: str) -> dict[str, str]:
    return {
        "app/main.py": "import os\n\nfrom fastapi import FastAPI\n\napp = FastAPI()\n"
        'login = os.environ.get("APP_AUTH") == "True"\n',
        "app/launch.py": ("import os\n" if "os." in auth else "") + _LAUNCHER.format(auth=auth),
    }


#: A published library (its wheel's ``.dist-info``): routers for a host application to
#: include and a component reading its own override; ``{extra}`` adds a file.
def _library_files(extra: dict[str, str]) -> dict[str, str]:
    return {
        "lantern/__init__.py": "",
        "lantern/sidecar.py": """\
import os
import shutil


def find_renderer() -> str | None:
    return os.environ.get("LANTERN_RENDERER") or shutil.which("lantern-render")
""",
        "lantern/routes.py": """\
from fastapi import APIRouter

from lantern.sidecar import find_renderer

router = APIRouter()


@router.get("/lantern/renderer")
async def renderer() -> dict[str, str | None]:
    return {"path": find_renderer()}
""",
        "lantern-0.3.dist-info/METADATA": "Metadata-Version: 2.1\nName: lantern\nVersion: 0.3\n",
        **extra,
    }


BAD = (
    Example(
        files=_library_files(
            {
                "lantern/app.py": "from fastapi import FastAPI\n\nfrom lantern.routes import router"
                "\n\napp = FastAPI()\napp.include_router(router)\n",
            }
        ),
        note="the other side of the library trap: the distribution builds an application of "
        "its own, which its variables configure",
        lines=(6,),
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import embed, pick\n\napp = FastAPI()\n",
            "app/embed.py": """\
import os

import httpx
from anthropic import AsyncAnthropic


class Embedder:
    def __init__(self, options) -> None:
        self.options = options

    def prepare(self) -> None:
        if not self.options.token:
            self.options.token = os.getenv("ANTHROPIC_API_KEY")

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(headers={"x-api-key": self.options.token})


def summariser(settings) -> AsyncAnthropic:
    return AsyncAnthropic(api_key=settings.summary_key)
""",
            "app/pick.py": """\
import os


def provider() -> str:
    if os.getenv("OPENAI_API_KEY", "").strip():
        return "openai"
    return "local"
""",
        },
        note="the other side of the SDK's slot: the attribute filled from Anthropic's "
        "variable goes to the application's own HTTP client, not to the SDK's `api_key` "
        "(the SDK's client is given a settings value); and a presence test of OpenAI's "
        "variable in a project that never hands it to OpenAI's client",
        lines=(13, 5),
    ),
    Example(
        files={
            "acme/main.py": """\
from fastapi import FastAPI

from acme.config import load_config

app = FastAPI()
config = load_config()
""",
            "acme/paths.py": """\
import os
from pathlib import Path


def cache_home() -> Path:
    home = os.environ.get("ACME_CACHE_HOME")
    if home:
        return Path(home).expanduser()
    return Path.home() / ".cache"


def cache_file() -> Path:
    return cache_home() / "cache.db"


def timeout() -> float:
    return float(os.environ.get("ACME_TIMEOUT", "5"))
""",
            "acme/config.py": """\
import tomllib
from pathlib import Path

from acme.paths import cache_file, timeout


def load_config() -> dict:
    data = tomllib.loads(Path("config.toml").read_text())
    data["cache"] = str(cache_file())
    data["timeout"] = timeout()
    return data
""",
        },
        note="the other side of the configuration folder: the loader joins the cache "
        "folder with a file that is no configuration (`cache.db`), and takes a timeout "
        "as a value, not a place to load from: both still settings",
        lines=(6, 17),
    ),
    Example(
        files=_launcher_files('os.environ.get("APP_AUTH", "True")'),
        note="the other side of the launcher writing its child's variable twice: the "
        "second value is the operator's, forwarded, so the child's read is a setting's (the "
        "launcher's read only forwards it)",
        lines=(6,),
    ),
    Example(
        files=_session_files("flags.flag"),
        note="the other side of the class's own parser: a helper of another module may turn "
        "the variable into anything, so the class declares what it returns, not the variable",
        lines=(16,),
    ),
    Example(
        files=_vendor_key_files("defaults"),
        note="the other side of the exported-vendor-key trap: a mapping that is not the "
        "settings' copied into the environment, the raising presence test stays a required "
        "variable no settings class declares",
        lines=(13,),
    ),
    Example(
        files={
            **_CATALOG_FILES,
            "shelf/app.py": _CATALOG_APP.format(
                imported="download, names", size="len(download(url)) if url else 0"
            ),
        },
        note="the other side of the console-command trap: a route downloads through the helper too",
        lines=(11,),
    ),
    Example(
        files={
            "app/main.py": """\
import os

from agent_framework.openai import OpenAIChatCompletionClient
from fastapi import FastAPI

app = FastAPI()

key = os.getenv("OPENAI_API_KEY")
if key:
    client = OpenAIChatCompletionClient(model="gpt-4o", api_key=key[:8] + key[8:])
""",
        },
        note="the other side of the Agent Framework trap: the key read and handed, "
        "reworked, to the client, which then reads no variable",
        lines=(8,),
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app.export import Exporter\n\nexporter = Exporter.from_env()\napp = FastAPI()\n",
            "app/export.py": """\
import os


class Exporter:
    def __init__(self, connection_string="", batch_size: int = 50) -> None:
        self._conn = connection_string
        self._batch_size = batch_size

    @classmethod
    def from_env(cls) -> "Exporter":
        return cls(
            connection_string=os.environ.get("APP_EXPORT_CONNECTION", ""),
            batch_size=int(os.environ.get("APP_EXPORT_BATCH_SIZE", "50")),
        )
""",
        },
        note="the other side of the typed-constructor loader: a parameter the constructor "
        "leaves untyped declares nothing, so the loader's reads stay reported",
        lines=(12, 13),
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import infer\n\napp = FastAPI()\n",
            "app/infer.py": """\
import os

import tritonclient.http


def client() -> tritonclient.http.InferenceServerClient:
    return tritonclient.http.InferenceServerClient(os.environ["TRITON_SERVER_URL"])
""",
        },
        note="a variable the project names under Triton's prefix where the project does not "
        "import triton (its inference server's client is another package): its own setting",
        lines=(7,),
    ),
    snippet(
        """\
import os
import sys

from fastapi import FastAPI

app = FastAPI()


def mode() -> str:
    return os.environ.get("APP_MODE", sys.argv[0])


@app.get("/mode")
def read_mode() -> str:
    return mode()
""",
        note="a function that reads sys.argv but that a route calls: not a standalone program",
        lines=(10,),
    ),
    snippet(
        """\
import json
import os

import mlflow


def start_tracking() -> None:
    tags = os.getenv("MLFLOW_TAGS")
    if tags:
        mlflow.set_tags(json.loads(tags))
""",
        path="app/tracking.py",
        with_files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import tracking\n\n"
            "app = FastAPI()\n"
        },
        note="a knob the project names under MLflow's prefix: MLflow reads no `MLFLOW_TAGS`",
        lines=(8,),
    ),
    snippet(
        """\
import os


def experiment_name() -> str:
    return os.environ.get("MLFLOW_EXPERIMENT_NAME", "default")
""",
        path="app/jobs.py",
        with_files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import jobs\n\n"
            "app = FastAPI()\n\n\n@app.get('/experiment')\ndef experiment() -> str:\n"
            "    return jobs.experiment_name()\n"
        },
        note="MLflow's variable in a project that does not use MLflow: its own setting",
        lines=(5,),
    ),
    Example(
        files={
            "app/main.py": """\
import os

from fastapi import FastAPI

from app import agents, tracing

if os.getenv("APP_TRACING") == "true":
    import ddtrace.auto  # noqa: F401

app = FastAPI()
if os.getenv("APP_DEBUG") == "1":
    app.debug = True
""",
            "app/tracing.py": "SAMPLE = 1.0\n",
            "app/agents.py": """\
import os

from app import tracing

if os.getenv("ACMETRACE_URL"):
    from acmetrace import track_agent

    track_agent(os.getenv("ACMETRACE_URL"))
if os.getenv("ACMETRACE_API_KEY"):
    from app.tracing import SAMPLE
""",
        },
        lines=(7, 11, 5, 9),
        note="a switch read after the project's own imports (the settings could be "
        "imported too), one that decides no import, a vendor-named variable deciding an "
        "import of the project's own, and a vendor import beside a use of the value (the "
        "test and the use read one variable: one finding, at the test)",
    ),
    Example(
        files={
            "shop/main.py": """\
from fastapi import FastAPI

from shop import telemetry

app = FastAPI()
""",
            "shop/config.py": """\
from pydantic_settings import BaseSettings, SettingsConfigDict


class ShopConfig(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHOP_")

    region: str = "eu"


config = ShopConfig()
""",
            "shop/telemetry.py": """\
import os


def region() -> str:
    return os.environ.get("SHOP_REGION", "eu")


def consent() -> str:
    return os.environ.get("SHOP_CONSENT", "")
""",
        },
        note="a raw read of a variable the settings already declare: read that field "
        "(the variable the settings do not declare keeps the advice to declare it)",
        lines=(5, 9),
    ),
    Example(
        files={
            "shop/main.py": """\
from fastapi import FastAPI

from shop import cache

app = FastAPI()
""",
            "shop/config.py": """\
from pydantic import BaseModel
from pydantic_settings import BaseSettings, SettingsConfigDict


class CacheOptions(BaseModel):
    ttl_seconds: float = 60.0


class ShopConfig(BaseSettings):
    model_config = SettingsConfigDict(env_nested_delimiter="__")

    class Limits(BaseModel):
        burst: int = 10

    cache: CacheOptions = CacheOptions()
    limits: Limits = Limits()


config = ShopConfig()
""",
            "shop/cache.py": """\
import os


def ttl() -> float:
    return float(os.getenv("CACHE__TTL_SECONDS", "60"))


def burst() -> int:
    return int(os.getenv("LIMITS__BURST", "10"))


def grace() -> float:
    return float(os.getenv("CACHE__GRACE_SECONDS", "5"))


def legacy_ttl() -> str | None:
    value = os.getenv("CACHE__TTL_SECONDS")
    if value is None:
        value = os.getenv("SHOP_CACHE_TTL")
    return value


def legacy_grace() -> str | None:
    return os.getenv("CACHE__GRACE_SECONDS") or os.getenv("SHOP_GRACE")
""",
        },
        note="raw reads of variables the settings declare through a nested model "
        "(`env_nested_delimiter`, also a model class of the settings' own body): read the "
        "nested field; a variable of the namespace no model declares keeps the advice to "
        "declare it (seen in ccproxy-api); an old name read only when a declared variable "
        "is not set is that field's other name, not a second setting",
        lines=(5, 9, 13, 17, 19, 24),
    ),
    Example(
        files={
            "shop/main.py": """\
from fastapi import FastAPI

from shop import signup

app = FastAPI()
""",
            "shop/config.py": """\
from pydantic import field_validator
from pydantic_settings import BaseSettings


class ShopConfig(BaseSettings):
    STAGE: str = "dev"

    @field_validator("STAGE")
    @classmethod
    def known_stage(cls, v: str) -> str:
        return v if v in ("dev", "prod") else "dev"


config = ShopConfig()
""",
            "shop/signup.py": """\
import os


def echo_tokens() -> bool:
    return os.environ.get("STAGE", "local") == "local"
""",
        },
        note="a raw read of a declared variable whose field a validator rewrites",
        lines=(5,),
    ),
    Example(
        files={
            "svc/main.py": """\
import os

from fastapi import FastAPI


class WorkerSettings:
    def __init__(self) -> None:
        self.root = os.environ.get("SVC_WORK_ROOT", "/tmp/work")

        def token() -> str:
            return os.environ.get("SVC_TOKEN", "")

        self.token = token

    def refresh(self) -> None:
        self.root = os.environ.get("SVC_WORK_ROOT2", "/tmp/work")


class Worker:
    def __init__(self) -> None:
        self.root = os.environ.get("SVC_WORKER_ROOT", "/tmp/work")


settings = WorkerSettings()
app = FastAPI()


@app.get("/root")
def root() -> str:
    return settings.root + Worker().root + settings.token()
""",
        },
        note="the other side of the settings-constructor trap: a function nested in the "
        "settings' ``__init__``, another method of the settings class (read mid-request), "
        "and the constructor of a class not named for the configuration",
        lines=(11, 16, 21),
    ),
    Example(
        files={
            "bot/main.py": "from fastapi import FastAPI\n\nfrom bot import layout\n\napp = FastAPI()\n",
            "bot/layout.py": """\
import logging
import os
from dataclasses import dataclass
from pathlib import Path


def resolve(raw: str, root: Path) -> Path:
    return (root / raw).resolve()


@dataclass(frozen=True)
class Layout:
    root: Path
    artifacts: Path | None

    @classmethod
    def build(cls, root: Path) -> "Layout":
        raw = os.environ.get("BOT_ARTIFACTS")
        artifacts = resolve(raw, root) if raw else None
        return cls(root=root, artifacts=artifacts)

    @classmethod
    def from_env(cls, root: Path) -> "Layout":
        raw = os.environ.get("BOT_CACHE")
        logging.info("cache at %s", resolve(raw, root))
        return cls(root=root, artifacts=resolve(raw, root))


class Paths:
    def __init__(self, data: Path) -> None:
        self.data = data

    @classmethod
    def from_env(cls) -> "Paths":
        raw = os.environ.get("BOT_DATA")
        data = resolve(raw, Path.cwd()) if raw else Path.cwd()
        return cls(data)
""",
        },
        note="the other side of the environment-loader trap: a classmethod not named for "
        "loading from the environment, a value also used for something else (logged), and "
        "a plain class whose loader hands its constructor, positionally, a value computed "
        "from the project's own variable (not a vendor's), not the read itself",
        lines=(18, 24, 35),
    ),
    Example(
        files={
            "hub/main.py": """\
import json
import os
from pathlib import Path

from fastapi import FastAPI, UploadFile

app = FastAPI()


def load_config(path: str) -> dict:
    return json.loads(Path(path).read_text())


@app.post("/upload")
async def upload(file: UploadFile) -> dict:
    target = Path(os.getenv("HUB_UPLOAD_DIR", "/srv/uploads")) / (file.filename or "f")
    target.write_bytes(await file.read())
    config_dir = os.getenv("HUB_CONFIG_DIR", "/etc/hub")
    theme = json.loads((Path(config_dir) / "theme.json").read_text())
    return {"saved": str(target), "theme": theme}
""",
        },
        note="the other side of the configuration-path trap: an ordinary path setting "
        "read per request, and a variable named for the configuration's folder that no "
        "function loading the configuration is given (the code reads a file of its own there)",
        lines=(16, 18),
    ),
    Example(
        files={
            "desk/__init__.py": "",
            "desk/places.py": """\
import os
from pathlib import Path

PROFILE_DIR = Path(os.environ.get("DESK_PROFILE_CONFIG_DIR", "/etc/desk"))
CACHE_DIR = Path(os.environ.get("DESK_CACHE_DIR", "/var/cache/desk"))
THEME_FILE = PROFILE_DIR / "theme.css"
""",
            "desk/theme.py": """\
from desk import places


def load_settings() -> dict:
    return {"cache": str(places.CACHE_DIR)}


def theme_css() -> str:
    return places.THEME_FILE.read_text()
""",
            "desk/main.py": """\
from fastapi import FastAPI

from desk.theme import load_settings, theme_css

app = FastAPI(title=load_settings()["cache"], description=theme_css())
""",
        },
        note="the other side of the configuration-folder-constant trap: a folder named for "
        "the configuration that only other code reads a file from, and a path that the "
        "function loading the configuration reads but whose name does not locate it",
        lines=(4, 5),
    ),
    Example(
        files={
            "crew/__init__.py": "",
            "crew/roster.py": """\
import json

from dotenv import load_dotenv


class Roster:
    def __init__(self, location: str, extra: str = ".env"):
        load_dotenv(extra)
        with open(location) as fh:
            self.names = json.load(fh)
""",
            "crew/main.py": """\
import os

from fastapi import FastAPI

from crew.roster import Roster

roster_at = os.environ.get("CREW_ROSTER", "roster.json")
roster = Roster(roster_at)
app = FastAPI(title=str(len(roster.names)))
""",
        },
        note="the other side of the manifest trap: the constructor reads the file at the "
        "path and loads a dotenv file, but not one the file names",
        lines=(7,),
    ),
    Example(
        files={
            "relay/__init__.py": "",
            "relay/main.py": """\
import os

from fastapi import FastAPI

app = FastAPI()


@app.get("/doctor")
def doctor() -> dict[str, str]:
    if os.environ.get("AGENTCLI_API_KEY"):
        return {"agent": "key set in the environment"}
    return {"agent": "no key"}
""",
        },
        note="the other side of the spawned-program trap: a credential tested for presence "
        "in a project that starts no program",
        lines=(10,),
    ),
    Example(
        files={
            "hub/__init__.py": "",
            "hub/main.py": """\
import os

import httpx
from fastapi import FastAPI

app = FastAPI()


@app.get("/status")
def status() -> dict[str, bool]:
    return {"mirror_token_set": bool(os.environ.get("MIRROR_TOKEN"))}


@app.post("/sync")
def sync() -> int:
    token = os.environ["MIRROR_TOKEN"]
    return httpx.post("https://mirror.test/sync", headers={"X-Token": token}).status_code
""",
        },
        note="the other side of the reported-presence trap: the status page reports whether "
        "the credential is set, and the project also uses its value: its own secret",
        lines=(11, 16),
    ),
    Example(
        files={
            "board/__init__.py": "",
            "board/store.py": """\
from pathlib import Path


def read_banner(path: str | Path) -> str:
    return Path(path).read_text()


class Store:
    def __init__(self, banner: str) -> None:
        self.banner = banner

    @classmethod
    def from_file(cls, path: str | Path) -> "Store":
        return cls(read_banner(path))
""",
            "board/main.py": """\
import os

from fastapi import FastAPI

from board.store import Store

store = Store.from_file(os.environ.get("BOARD_BANNER") or "banner.txt")
app = FastAPI(description=store.banner)
""",
        },
        note="the other side of the configuration-path trap: the path reaches a file read, "
        "but in no function loading the configuration (a banner's text, the app's own setting)",
        lines=(7,),
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import jobs, launch, limits, region, train\n\napp = FastAPI()\n",
            "app/launch.py": """\
import os

import httpx


def start(job_id: str) -> None:
    level = os.getenv("APP_LOG_LEVEL", "INFO")
    print("launching at", level)
    child_env = {"APP_LOG_LEVEL": level}
    payload = {
        "defaults": {"APP_MODE": "fast"},
        "env": {"APP_REGION": os.getenv("APP_REGION", "eu"), "APP_JOB_ID": job_id},
        "environment": "production",
    }
    debug = os.getenv("APP_DEBUG", "0")
    print(f"APP_DEBUG={debug}")
    httpx.post("https://jobs.example/run", json={**payload, "child": child_env})
""",
            "app/region.py": """\
import os

print(os.getenv("APP_MODE", "slow"))
print(os.environ["APP_REGION"])
""",
            "app/common.py": """\
import os

APP_REMOTE_CODE = os.getenv("APP_REMOTE_CODE", "1") == "1"
""",
            "app/helpers.py": """\
import os

APP_CACHE_DIR = os.getenv("APP_CACHE_DIR", "/tmp")
""",
            "app/limits.py": """\
import os

APP_MAX_ROWS = int(os.getenv("APP_MAX_ROWS", "100"))
""",
            "app/train.py": """\
from app import helpers
from app.common import APP_REMOTE_CODE


def train() -> str:
    return helpers.APP_CACHE_DIR if APP_REMOTE_CODE else ""
""",
            "app/jobs.py": """\
import os


def scheduler_url() -> str:
    return os.environ.get("PREFECT_SCHEDULER_URL", "http://localhost")
""",
        },
        note="the other side of the child-environment, unused-binding and library-namespace "
        "traps: a value also printed before it is handed on, a line only printed, a "
        "payload's dict of defaults (not an environment), a variable forwarded to the child "
        "(the project's own read of it stays), a binding another module imports, one read "
        "as a module attribute, one spelled like its variable that nothing names (a "
        "library's public constant, maybe), and a variable under Prefect's prefix in a "
        "project that does not use Prefect",
        lines=(3, 4, 5, 7, 15),
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import session, storage\n\napp = FastAPI()\ntenant = session.tenant(None)\n",
            "app/config/settings.py": """\
import os

APP_SIGNING_KEY = os.getenv("APP_SIGNING_KEY")


def default_role() -> str:
    return os.getenv("APP_DEFAULT_ROLE", "user")


def tenant_id() -> str:
    val = os.environ.get("APP_TENANT_ID")
    if val is not None:
        return str(val)
    return "default"


def region_label() -> str:
    raw = os.environ.get("APP_REGION")
    return "set" if raw else "unset"
""",
            "app/config/paths.py": """\
import os


def data_dir(create: bool) -> str:
    return os.getenv("APP_DATA_DIR", "data")
""",
            "app/session.py": """\
import os


def signing_key() -> str | None:
    return os.getenv("APP_SIGNING_KEY")


def role() -> str:
    return os.getenv("APP_DEFAULT_ROLE", "user")


def tenant(given: str | None) -> str:
    return given or os.environ.get("APP_TENANT_ID", "default")


def region() -> str | None:
    return os.environ.get("APP_REGION")
""",
            "app/storage.py": """\
import os


def root() -> str:
    return os.getenv("APP_DATA_DIR", "data")
""",
        },
        note="configuration modules already read these variables (a constant, a function "
        "that returns it, also through the local it keeps the read in): the reads elsewhere "
        "are reported with the advice to take the value from there, not to declare a "
        "settings class; a function that needs an argument, or returns something else, "
        "names no value to take, and keeps the advice",
        lines=(5, 9, 13, 17),
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import sessions\n\napp = FastAPI()\n",
            "app/conf.py": """\
from pydantic_settings import BaseSettings


class AppSettings(BaseSettings):
    SESSION_FILE_PATH: str | None = None
    api_key: str = ""


settings = AppSettings()
""",
            "app/sessions.py": """\
import os
from pathlib import Path

from app.conf import settings


def storage_path() -> Path:
    p = getattr(settings, "SESSION_FILE_PATH", None)
    if p:
        return Path(p)
    return Path(os.environ.get("APP_SESSION_PATH", "/tmp/sessions"))


def cache_dir() -> str:
    return settings.SESSION_FILE_PATH or os.getenv("CACHE_DIR", "/tmp")


class AcmeClient:
    def __init__(self) -> None:
        self.api_key = os.getenv("ACME_API_KEY")
""",
        },
        note="a second knob for a declared settings field, read as its fallback under "
        "another name (and a fallback sharing no words with the field, and an attribute "
        "of the object's own named like a field)",
        lines=(11, 15, 20),
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import store, worker\n\napp = FastAPI()\n",
            "app/worker.py": """\
import os


class Worker:
    def __init__(self, region: str | None = None) -> None:
        self.region = self._pick(region)

    def _pick(self, region: str | None) -> str:
        if region:
            return region
        return os.environ.get("ACME_REGION", "eu")

    def _queue(self, name: str | None) -> str:
        if name:
            return name
        return os.environ.get("ACME_QUEUE", "jobs")

    def submit(self, name: str | None = None) -> str:
        return self._queue(name)

    def reset(self, region: str | None) -> None:
        self.region = self._pick(region)
""",
            "app/store.py": """\
import os


def _bucket(bucket: str | None) -> str:
    if bucket is not None:
        return bucket.strip()
    return os.environ.get("ACME_BUCKET", "files")


class Store:
    def __init__(self, bucket: str | None = None) -> None:
        self.bucket = _bucket(bucket)


def upload(bucket: str | None = None) -> str:
    return _bucket(bucket)
""",
        },
        note="traps: a private helper's early return of a value another method passes "
        "(the project is its caller), and a helper the constructor calls that another "
        "method (or a module-level function) calls too",
        lines=(7, 11, 16),
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import paths\n\napp = FastAPI()\n",
            "app/paths.py": """\
import os
from pathlib import Path


def app_home() -> Path:
    return Path(os.environ.get("APP_HOME", "~/.app")).expanduser()


def kimi_home() -> Path:
    return Path(os.environ.get("KIMI_HOME", "/var/lib/kimi"))


def cache_home() -> Path:
    return Path(os.environ.get("ACME_CACHE_HOME", "~/.cache/acme")).expanduser()


def app_data() -> Path:
    raw = os.environ.get("APP_DATA_HOME", "").strip()
    return Path(raw) if raw else Path.home() / ".config" / "app"


def zed_home() -> Path:
    raw = os.environ.get("ZED_HOME", "")
    return Path(raw) if raw else Path.home() / ".config" / "editor"
""",
        },
        note="traps: the project's own home folder (named for its package, also as the "
        "folder of the user's configuration used when the variable is empty), a home "
        "variable whose default is no dot-folder of the user's home, and ones whose "
        "folder is named for another word",
        lines=(6, 10, 14, 18, 23),
    ),
    Example(
        files={
            "server/unified_api.py": """\
import os

from fastapi import FastAPI

from server import whoop

WHOOP_CLIENT_ID = os.getenv("WHOOP_CLIENT_ID")
WHOOP_SECRET = os.getenv("WHOOP_SECRET")
STORE_URL = os.getenv("STORE_URL")
QUEUE_URL = os.getenv("QUEUE_URL")
REGION = os.getenv("REGION")

app = FastAPI()
""",
            "server/whoop.py": """\
import os


def client_id() -> str | None:
    return os.getenv("WHOOP_CLIENT_ID")
""",
        },
        note="a server module that gathers its variables into constants builds an "
        "application: a read elsewhere is not told to import it from there",
        lines=(5,),
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import observe\n\napp = FastAPI()\n",
            "app/observe.py": """\
import os

from langfuse.callback import CallbackHandler


def handler() -> CallbackHandler:
    host = os.getenv("LANGFUSE_HOST")
    if host:
        print("tracing to", host)
    audit_headers = {"x-key": os.getenv("LANGFUSE_SECRET_KEY")}
    print(audit_headers)
    if not os.getenv("LANGFUSE_PUBLIC_KEY"):
        raise ValueError("set LANGFUSE_PUBLIC_KEY")
    return CallbackHandler()
""",
        },
        note="the other side of the presence-test trap: the SDK reads these variables "
        "itself, but the application also prints one, hands another to its own code, and "
        "requires the third mid-request (a settings class would say so at start-up)",
        lines=(7, 10, 12),
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import llm, providers\n\napp = FastAPI()\n",
            "app/providers.py": """\
import os


def needs_api_key(provider: str) -> bool:
    if provider == "anthropic" and os.getenv("ANTHROPIC_FEDERATION_RULE_ID"):
        return False
    return os.getenv("ANTHROPIC_ORGANIZATION_ID") is None
""",
            "app/llm.py": """\
from typing import Any

from anthropic import AsyncAnthropic


def client(api_key: str, timeout: float) -> AsyncAnthropic:
    kwargs: dict[str, Any] = {"api_key": api_key}
    kwargs["timeout"] = timeout
    return AsyncAnthropic(**kwargs)


def other(api_key: str, extra: dict[str, Any]) -> AsyncAnthropic:
    kwargs: dict[str, Any] = {"timeout": 5}
    kwargs.update(extra)
    return AsyncAnthropic(**kwargs)
""",
        },
        note="traps: a client always given its key never resolves its credential chain, "
        "and a dict of keywords updated from elsewhere may hold the key",
        lines=(5, 7),
    ),
    snippet(
        """\
from os import getenv

from fastapi import FastAPI

app = FastAPI()


def connect(**options: str | None) -> dict[str, str | None]:
    return options


@app.get("/db")
def db() -> dict[str, str | None]:
    return connect(**dict(host=getenv("DB_HOST"), user=getenv("DB_USER")))
""",
        note="the other side of the splatted-dict trap: keywords splatted into a call that "
        "builds no configuration object",
        lines=(14,),
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import settings_routes, config_history\n\napp = FastAPI()\n",
            "app/settings_routes.py": """\
import os

from fastapi import APIRouter

router = APIRouter()


@router.get("/settings/theme")
def theme() -> str:
    return os.getenv("DEFAULT_THEME", "light")
""",
            "app/config_history.py": """\
import os

HISTORY_DIR = os.getenv("HISTORY_DIR", "/var/history")
""",
        },
        note="trap: a first word naming the configuration is not enough; the last word must "
        "name a role for it (a router of a settings page, a history of configurations)",
        lines=(3, 10),
    ),
    snippet(
        """\
import os

from fastapi import FastAPI

app = FastAPI()
in_codespace = os.getenv("CODESPACES") == "true"


@app.get("/health")
def health() -> dict[str, str | None]:
    return {
        "db": os.environ["DATABASE_URL"],
        "secret": os.getenv("SECRET_KEY"),
        "cache": os.environ.get("REDIS_URL"),
        "namespace": os.environ.get("K8S_NAMESPACE", "default"),
        "hook": os.getenv("VERCEL_DEPLOY_HOOK_URL"),
        "mount": os.getenv("WSL_MOUNT_ROOT", "/mnt"),
    }
""",
        path="app/routes.py",
        note="the other side of the platform table: the application's own database, "
        "secret and cache, and a namespace it is told to work in (with a default: an "
        "operator's choice, not the pod's identity), a deploy hook the project creates "
        "on a hosting platform (not one of its system variables) and a mount root named "
        "for WSL but chosen by the operator (WSL sets no such variable), read in a route module",
        lines=(12, 13, 14, 15, 16, 17),
    ),
    snippet(
        """\
import os

from fastapi import FastAPI

app = FastAPI()


@app.get("/alloc")
def alloc() -> dict[str, str | None]:
    return {
        "tunables": os.environ.get("GLIBC_TUNABLES"),
        "arenas": os.getenv("HEAPY_MALLOC_ARENAS"),
    }
""",
        path="app/routes.py",
        note="the other side of the C library's table: the application's own allocator "
        "knob, named for malloc but not one of glibc's variables",
        lines=(12,),
    ),
    Example(
        files={
            "svc/__init__.py": "",
            "svc/main.py": """\
from fastapi import FastAPI

from svc import auth, db, jobs

app = FastAPI()
""",
            "svc/config.py": """\
import os


def required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"set {name}")
    return value


def env(key: str, default: str = "") -> str:
    return os.getenv(key, default)


class Settings:
    DB_URL: str = required("SVC_DB_URL")


QUEUES = {"default": {"broker": env("SVC_BROKER_URL", "redis://localhost:6379/0")}}
""",
            "svc/db.py": """\
import os

DB_URL = os.environ.get("SVC_DB_URL", "sqlite:///svc.db")
""",
            "svc/jobs.py": """\
import os


def broker() -> str | None:
    return os.getenv("SVC_BROKER_URL")
""",
            "svc/client.py": """\
import os


class Client:
    token: str = os.getenv("SVC_TOKEN", "")
""",
            "svc/auth.py": """\
import os

from svc.client import Client


def token() -> str | None:
    return os.getenv("SVC_TOKEN") or Client.token
""",
        },
        note="raw reads of variables a plain settings class (through a helper that reads "
        "the variable its argument names) and a settings module's constant already read: "
        "the advice is to read those settings, not to declare the variables again; a "
        "client class outside the configuration declares no setting",
        lines=(3, 5, 7),
    ),
    Example(
        files={
            "store/__init__.py": "",
            "store/main.py": """\
from fastapi import FastAPI

from store.uploads import Uploader, _primary_url

app = FastAPI()
uploader = Uploader()


@app.post("/upload/{name}")
def upload(name: str) -> dict[str, str | None]:
    return {"to": uploader.target(name), "url": _primary_url()}
""",
            "store/uploads.py": """\
import os


def _primary_url() -> str | None:
    return os.getenv("STORE_PRIMARY_URL")


class Uploader:
    def url(self) -> str | None:
        return _primary_url()

    def bucket(self) -> str:
        return os.environ.get("STORE_BUCKET", "main")

    def target(self, name: str) -> str:
        return f"{self.bucket()}/{name}"
""",
        },
        note="the other side of the hand-written settings object: a service class with a "
        "method that takes its own arguments is no settings object, and a helper the "
        "application also calls outside the class is no accessor's",
        lines=(5, 13),
    ),
    snippet(
        """\
import os

from fastapi import APIRouter

router = APIRouter()


@router.get("/hub")
def hub() -> dict[str, str]:
    return {
        "prefix": os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/app/"),
        "cookie_key": os.environ.get("JUPYTERHUB_CRYPTO_KEY", "dev-key"),
    }
""",
        path="app/routes.py",
        note="the other side of JupyterHub's service environment: a variable named for the "
        "Hub that the Hub does not set for its services (the app's own cookie key) is the "
        "operator's setting",
        lines=(12,),
    ),
    Example(
        files=_lazy_package("create_realtime_app()"),
        note="the other side of the lazy re-export: a module `__getattr__` that calls the "
        "factory without the argument builds the app, so the read is the only source",
        lines=(10,),
    ),
    Example(
        files=_container_launcher("profile"),
        note="the other side of the container launcher's own value: an option it hands on "
        "under `-e` is the operator's value, so the server's read is a setting's",
        lines=(10,),
    ),
    Example(
        files=_cli_ready("ACME_CODEX_TOKEN"),
        note="the other side of another CLI's key only tested beside its home folder: a "
        "variable of the project's own (its first word not the CLI's) is its setting",
        lines=(8,),
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import bot, notify\n\napp = FastAPI()\n",
            "app/bot.py": """\
import os

from slack_bolt import App
from slack_sdk import WebClient

from app.settings import settings

bolt = App(token=settings.slack_token, signing_secret=settings.slack_secret)


def client() -> WebClient:
    return WebClient(token=os.environ.get("SLACK_BOT_TOKEN"))
""",
            "app/notify.py": """\
import os

from openai import OpenAI

from app.audit import record

llm = OpenAI()


def remember() -> None:
    record(key=os.getenv("OPENAI_API_KEY"))
""",
            "app/audit.py": "def record(**fields: str | None) -> None:\n    print(fields)\n",
            "app/settings.py": "class Settings:\n    slack_token = ''\n    slack_secret = ''\n\n\nsettings = Settings()\n",
        },
        note="the other side of the SDK's-own-variable trap: slack_bolt is given its "
        "token (so it reads no variable, and the raw read for slack_sdk's client is the "
        "application's), and a variable the SDK reads itself handed to the project's own "
        "code rather than to a client of that vendor",
        lines=(12, 11),
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import engine\n\napp = FastAPI()\n",
            "app/engine.py": """\
import os

USE_GPU = False
STREAMING = False
TRACING = False


def gpu_path() -> str:
    return os.environ.get("APP_GPU_PATH", "/gpu")


def enable_streaming() -> None:
    global STREAMING
    STREAMING = True


def start() -> str:
    if USE_GPU:
        return gpu_path()
    if STREAMING:
        return os.environ.get("APP_STREAM_URL", "")
    if TRACING:
        return os.environ.get("APP_TRACE_URL", "")
    return os.environ["APP_CPU_PATH"]


def probe() -> str:
    return gpu_path()
""",
            "tests/test_engine.py": """\
from app import engine


def test_tracing(monkeypatch) -> None:
    monkeypatch.setattr(engine, "TRACING", True)
    assert engine.start() == ""
""",
        },
        note="the other side of the constant-false trap: a function also called outside "
        "the guard, a flag a function rebinds through `global`, a flag a test patches by "
        "name, and the code after the guards all run",
        lines=(9, 21, 23, 24),
    ),
    Example(
        files={
            "app/main.py": """\
from fastapi import FastAPI

from app import handlers, storage

app = FastAPI()


@app.get("/handler")
def handler() -> dict[str, str | None]:
    return {"h": handlers.pick_handler(), "t": handlers.tracer(), "k": handlers.llm_key()}
""",
            "app/handlers.py": """\
import os


def pick_handler(name: str | None = None) -> str:
    return name or os.getenv("DEFAULT_ERROR_HANDLER", "raise")


def tracer(project_name: str | None = None) -> str:
    return project_name or os.getenv("TRACING_PROJECT", "app")


def llm_key(api_key: str | None = None) -> str | None:
    return api_key or os.getenv("LLM_BINDING_API_KEY")
""",
            "app/storage.py": """\
import os

import redis


class Bucket:
    def __init__(self, config) -> None:
        self.password = config.password or os.environ.get("BUCKET_PASSWORD", "")


def cache() -> redis.Redis:
    return redis.Redis(host=os.environ.get("CACHE_HOST", "localhost"))
""",
        },
        note="the other side of the named-default and configuration-object traps: a "
        "parameter named otherwise than the variable, a variable the project named itself "
        "(no vendor's package starts `LLM`) in functions the project calls without the "
        "argument (the read is the only source), a configuration object's field read first, "
        "and a client (not a configuration class) built from the environment",
        lines=(5, 8, 9, 12, 13),
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import logs\n\napp = FastAPI()\n",
            "app/logs.py": """\
import os

from fastlog import LogConfig, Logger


def get_logger() -> Logger:
    return Logger(config=LogConfig(level=os.environ.get("LOG_LEVEL", "INFO")))
""",
        },
        note="the other side of the configuration-object trap: a library's configuration "
        "class fed with a variable the project named (no package it imports starts `LOG`)",
        lines=(7,),
    ),
    Example(
        files={
            "pkg/server/app.py": """\
from fastapi import FastAPI

import pkg

app = FastAPI()


@app.get("/")
def index() -> str:
    return pkg.Lazy.name
""",
            "pkg/__init__.py": """\
def __getattr__(name: str):
    from pkg.lazy import Lazy

    return Lazy
""",
            "pkg/lazy.py": """\
import os


class Lazy:
    name = os.getenv("PKG_LAZY_NAME", "lazy")
""",
        },
        note="a package's `__getattr__` loads a module lazily: Python calls it, nothing "
        "names it, and the module is part of the server",
        lines=(5,),
    ),
    Example(
        files={
            "pkg/server/app.py": """\
from fastapi import FastAPI

from pkg.utils import render

app = FastAPI()


@app.get("/items/{name}")
def item(name: str) -> str:
    return render(name)
""",
            "pkg/utils.py": """\
def render(text: str) -> str:
    from pkg.client.tree import Tree

    return str(Tree(text))
""",
            "pkg/client/tree.py": """\
import os

TOKEN = os.getenv("PKG_CLIENT_TOKEN")


class Tree(str):
    token = TOKEN
""",
        },
        note="the other side of the deferred-import trap: the server calls the helper "
        "that imports the module, so it runs in the server",
        lines=(3,),
    ),
    snippet(
        """\
import os


def seed() -> int | None:
    return int(os.getenv("APP_LLM_SEED")) if os.getenv("APP_LLM_SEED") else None
""",
        path="app/llm.py",
        note="one finding for a variable read twice on one line",
        lines=(5,),
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import worker\n\napp = FastAPI()\n",
            "app/worker.py": """\
import os


def worker_env() -> dict[str, str]:
    return {"USAGE_CACHE_TTL_SECONDS": str(os.getenv("USAGE_CACHE_TTL_SECONDS", 60))}
""",
        },
        note="the other side of the handed-on trap: no settings class declares the "
        "variable, so nothing validates it",
        lines=(5,),
    ),
    snippet(
        """\
import os


def stripe_key() -> str:
    return os.environ["STRIPE_KEY"]
""",
        path="app/payments/service.py",
        lines=(5,),
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
import os

from fastapi import APIRouter

router = APIRouter()


@router.get("/limits")
async def limits() -> int:
    return int(os.getenv("PKG_MAX_ITEMS", "10"))
""",
            "pkg/sdk/client.py": """\
import os

API_KEY = os.getenv("PKG_API_KEY")
""",
        },
        note="a module the application imports is application code (its SDK neighbour is not)",
        lines=(10,),
    ),
    snippet(
        """\
from os import environ, getenv
import os as operating_system

from fastapi import FastAPI

DEBUG = getenv("DEBUG", "0") == "1"
app = FastAPI(debug=DEBUG)


@app.get("/region")
async def region() -> str:
    return environ.get("REGION", "eu") + operating_system.environ["ZONE"]
""",
        note="aliases of os, environ and getenv",
        lines=(6, 12),
    ),
    snippet(
        """\
import os

import typer

cli = typer.Typer()


def api_url() -> str:
    return os.environ["API_URL"]


@cli.command()
def ping() -> None:
    typer.echo(api_url())
""",
        path="app/tools/commands.py",
        note="a helper of a CLI module is not itself a command",
        lines=(9,),
    ),
    snippet(
        """\
import os

from openai import OpenAI

region = os.environ.get("AWS_REGION", "us-east-1")
bucket = os.environ.get("AWS_UPLOAD_BUCKET")
client = OpenAI(api_key=os.getenv("LLM_API_KEY"), base_url=os.getenv("OPENAI_BASE_URL"))
os.environ["CHILD_MODE"] = "worker"
mode = os.environ.get("WORKER_MODE")
account_key = os.getenv("AZURE_STORAGE_ACCOUNT_KEY")
settings = {"bucket": bucket, "client": client, "mode": mode, "key": account_key}
""",
        path="app/storage.py",
        note="the application's own variables beside platform ones: a bucket in the AWS_ "
        "namespace that no AWS SDK reads, a provider key under the application's own "
        "name (the SDK does not read it), a variable the project reads but never "
        "writes, a storage key under a name the Azure CLI does not read",
        lines=(6, 7, 9, 10),
    ),
    Example(
        files={
            "app/cli.py": """\
import os

import uvicorn


def serve(port: int) -> None:
    os.environ["APP_PORT"] = str(port)
    uvicorn.run("app.server:app", port=port)
""",
            "app/server.py": """\
import os

from fastapi import FastAPI

app = FastAPI()
public_port = int(os.environ.get("APP_PORT", "8000"))
app.state.public_port = public_port
""",
        },
        note="a variable an entry point exports from its command-line option is still the "
        "operator's setting (the other side of the shipped-folder trap)",
        lines=(6,),
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import feature\n\napp = FastAPI()\n",
            "app/feature.py": """\
import os

defaults = {"APP_MODE": "fast"}
mode = os.environ.get("APP_MODE", defaults["APP_MODE"])
dd_key = os.getenv("DD_API_KEY")
endpoint = os.getenv("AZUREML_ENDPOINT_NAME")


def sandbox_env() -> dict[str, str]:
    assert mode and dd_key and endpoint
    env = {}
    registry = os.environ.get("APP_REGISTRY_URI")
    if registry:
        env["APP_REGISTRY_URI"] = registry
    return env
""",
        },
        note="a dict of defaults is not an environment being built, an integration's "
        "Datadog key and an endpoint named under Azure ML's prefix are the app's settings, "
        "and forwarding the operator's value to a child keeps it a setting: the reads stay",
        lines=(4, 5, 6, 12),
    ),
    Example(
        files={
            "app/settings.py": """\
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHOP_")

    region: str = "eu"
""",
            "app/service.py": """\
import os


def region() -> str:
    return os.environ.get("REGION", "eu")


def shop_region() -> str:
    return os.environ.get("SHOP_REGION", "eu")
""",
        },
        note="a field under an env prefix declares `SHOP_REGION`, not `REGION`; a raw "
        "read of a declared variable that bypasses the settings field is still reported",
        lines=(5, 9),
    ),
    Example(
        files={
            "app/main.py": """\
import os

from fastapi import FastAPI, Request
from pydantic import BaseModel, Field

from app import keys, stream

app = FastAPI()


class Query(BaseModel):
    config_id: str | None = Field(default_factory=lambda: os.getenv("DEFAULT_CONFIG"))


@app.get("/items")
def items(request: Request, size: int | None = None) -> int:
    size = size or int(os.getenv("PAGE_SIZE", "20"))
    return size + len(keys.client_key(request)) + stream.CHUNK
""",
            "app/keys.py": """\
import os


def client_key(request) -> str:
    return request.headers.get("x-client") or os.environ["SERVICE_KEY"]


class S3Files:
    def __init__(self, config) -> None:
        self.bucket = config.bucket_name or os.getenv("S3_BUCKET_NAME")
        self.url = config.extra.get("url") or os.getenv("S3_URL")

    def trace(self, project: str | None = None) -> str:
        return project or os.getenv("TRACE_PROJECT", "app")
""",
            "app/stream.py": """\
# Taken from https://github.com/fastapi/fastapi/discussions/1234
import os

CHUNK = int(os.getenv("STREAM_CHUNK", "1024"))
""",
            "Dockerfile": "FROM python:3.12\nENV STREAM_CHUNK=4096\nCMD uvicorn app.main:app\n",
        },
        note="a fallback that is still the server's setting: a request schema's default "
        "(the client fills the field), a route parameter's or a service method's "
        "fallback, a header value, a field of the project's configuration object; a "
        "snippet taken from a discussion is the project's own code, and a literal `ENV` "
        "in its Dockerfile an operator's default",
        lines=(4, 5, 10, 11, 12, 14, 17),
    ),
    Example(
        files={
            "app/config.py": """\
from pydantic_settings import BaseSettings


class ShopSettings(BaseSettings):
    region: str = "eu"
""",
            "app/constants.py": """\
import os

TIMEOUT = int(os.getenv("SHOP_TIMEOUT", "30"))
RETRIES = int(os.getenv("SHOP_RETRIES", "3"))
PORT_CHECKS = int(os.getenv("SHOP_PORT_CHECKS", "5"))
BATCH = int(os.getenv("SHOP_BATCH", "8"))
WORKERS = int(os.getenv("SHOP_WORKERS", "2"))
""",
            "app/main.py": """\
from fastapi import FastAPI

from app.config import ShopSettings
from app.constants import BATCH, PORT_CHECKS, RETRIES, TIMEOUT, WORKERS

app = FastAPI()
settings = ShopSettings()
""",
        },
        note="a module of constants read from the environment beside a settings class "
        "is outside the settings (seen in gpustack's envs)",
        lines=(3, 4, 5, 6, 7),
    ),
    Example(
        files={
            "app/config.py": """\
import os


def load(path: str | None = None) -> dict[str, str]:
    path = path or os.getenv("SHOP_CONFIG_PATH", "shop.toml")
    return {"path": path}
""",
            "app/main.py": """\
import os

from fastapi import FastAPI

from app.config import load

app = FastAPI()
config = load(os.getenv("SHOP_CONFIG_PATH"))
""",
        },
        note="a variable that locates a config file the project loads without a settings "
        "class is still to declare (seen in r2r)",
        lines=(8,),
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import keys, llm\n\napp = FastAPI()\n",
            "app/keys.py": """\
import os

from dotenv import set_key

PROVIDER_KEYS = [{"name": "ACME_API_KEY"}, {"name": "ACME_REGION"}]


def set_env_variable(name: str, value: str) -> None:
    set_key(".env", name, value)
    os.environ[name] = value


def debug_enabled(config: dict[str, str]) -> bool:
    return "ACME_DEBUG" in config or bool(config.get("ACME_DEBUG"))
""",
            "app/llm.py": """\
import os

import redis
from anthropic import AsyncAnthropic
from openai import AsyncOpenAI
from slack_sdk.web.async_client import AsyncWebClient

from app.providers import build


def anthropic_client() -> AsyncAnthropic:
    api_key = os.getenv("ANTHROPIC_API_KEY")
    if not api_key:
        raise ValueError("set ANTHROPIC_API_KEY")
    return AsyncAnthropic(api_key=api_key)


def default_provider():
    return build(api_key=os.getenv("OPENAI_API_KEY"))


def gateway() -> AsyncOpenAI:
    return AsyncOpenAI(base_url=os.getenv("OPENAI_GATEWAY_URL"))


def acme_debug() -> bool:
    return os.getenv("ACME_DEBUG") == "1"


def cache() -> redis.Redis:
    return redis.Redis(host=os.getenv("REDIS_HOST"), password=os.getenv("REDIS_PASSWORD"))


def workers() -> int:
    return int(os.getenv("ACME_WORKERS", "1"))


def slack(config) -> AsyncWebClient:
    return AsyncWebClient(token=config.token or os.getenv("SLACK_TOKEN"))
""",
            "app/providers.py": "def build(api_key=None):\n    return api_key\n",
            "app/proxy_cli.py": """\
import os

import click


@click.option("--workers", envvar="ACME_WORKERS", default=1)
def run(workers: int, extra: dict[str, str]) -> None:
    for key, value in extra.items():
        os.environ[key] = value
""",
        },
        note="a provider key the application inspects itself, or hands to its own code, "
        "a variable under a keyword the SDK does not read it for, one the run-time key "
        "registry does not list (nor a command line's option), a cache client's host "
        "and password (redis reads no variable) and a token for an SDK that reads no "
        "variable (slack_sdk): still the application's settings",
        lines=(12, 19, 23, 27, 31, 35, 39),
    ),
    snippet(
        """\
import os

PASSTHROUGH = ("ACME_TOKEN",)


def check(name: str, value: str) -> bool:
    return bool(name and value)


def sandbox_env() -> dict[str, str]:
    env = {"ACME_HOME": "/srv"}
    registry = os.environ.get("ACME_REGISTRY_URI")
    if registry and check("ACME_REGISTRY_URI", registry):
        env["ACME_REGISTRY_URI"] = registry
    for var in PASSTHROUGH:
        if os.environ.get(var):
            env[var] = os.environ[var]
    return env
""",
        path="app/sandbox.py",
        note="a function that also reads variables by computed names, but mentions this "
        "one only as text (not stored where it reads from): still a setting forwarded "
        "to a child (seen in mlflow's assistant sandbox)",
        lines=(12,),
    ),
    Example(
        files={
            "kit/conf/settings.py": """\
import os

from pydantic_settings import BaseSettings


class KitSettings(BaseSettings):
    debug: bool = False
    region: str = "eu"


def load_settings() -> KitSettings:
    region = os.getenv("KIT_REGION") or "eu"
    return KitSettings(region=region)
""",
            "kit/main.py": """\
import os

from fastapi import FastAPI

from kit.conf.settings import load_settings

settings = load_settings()
app = FastAPI(debug=settings.debug)


@app.get("/region")
def region() -> dict[str, str]:
    return {"region": os.getenv("KIT_REGION", "eu")}
""",
        },
        note="trap: the settings module's loader reads the variable for a field's value, "
        "not to find where the settings are: the raw read elsewhere is reported",
        lines=(13,),
    ),
    Example(
        files={
            "app/main.py": """\
import os

from fastapi import FastAPI

from app.store import Store

app = FastAPI()


class Query:
    class Config:
        size = int(os.getenv("APP_PAGE_SIZE", "20"))


class StoreConfig:
    def __init__(self, home: str) -> None:
        self.home = home


def store_config() -> StoreConfig:
    home = os.getenv("APP_STORE_HOME", "/data")
    print(home)
    return StoreConfig(home=home)


@app.get("/flags")
def flags() -> dict[str, bool]:
    return {
        "beta": bool(os.getenv("APP_BETA")),
        "gamma": os.getenv("APP_GAMMA") is None,
        "store": Store().key is None,
    }
""",
            "app/store.py": """\
import os


class Store:
    def __init__(self, key: str | None = None) -> None:
        self.key = key
        backup = self.key
        token = os.getenv("STORE_TOKEN")
        if backup is None:
            self.key = token
""",
        },
        note="traps: a pydantic v1-style nested ``class Config`` is a model's options, not "
        "the configuration; a local also printed is used beyond the configuration object; "
        "a presence test of the project's own variable is its setting (a toggle); a read "
        "first bound to a local, not the fallback of the field's copy",
        lines=(12, 21, 29, 30, 8),
    ),
    snippet(
        """\
import logging
import os

from fastapi import FastAPI

app = FastAPI()
log = logging.getLogger(__name__)


def warn(message: str) -> None:
    log.warning(message)


@app.post("/cache/clear")
def clear() -> None:
    if os.environ.get("APP_STAGE") != "production":
        raise RuntimeError("clearing the cache is for production only")


@app.post("/cache/seed")
def seed() -> None:
    if os.environ.get("APP_MODE") != "testing":
        warn("seeding outside the tests")
""",
        note="traps: a guard on a value other than a test mode's is a setting; a guard "
        "whose helper returns (it only logs) lets the function run in production",
        lines=(16, 22),
    ),
    Example(
        files={
            "app/main.py": """\
import os

from fastapi import FastAPI

app = FastAPI()


@app.get("/region")
def region() -> str | None:
    return os.environ.get("APP_REGION")
""",
            "app/jobs.py": """\
import os
from typing import Any


def container_env(job_id: str) -> list[dict[str, Any]]:
    env: list[dict[str, Any]] = [{"name": "APP_JOB_ID", "value": job_id}]
    env.append({"name": "APP_REGION", "value": os.environ["APP_REGION"]})
    return env
""",
        },
        note="a Kubernetes container's env that forwards the operator's own variable "
        "(read just before): it stays the operator's setting",
        lines=(10,),
    ),
    snippet(
        """\
import json
import os
from pathlib import Path

from fastapi import FastAPI

app = FastAPI()


def load_fleet_config(path: Path) -> dict:
    return json.loads(path.read_text())


@app.get("/fleet")
def fleet() -> dict:
    return load_fleet_config(Path(os.environ.get("APP_FLEET", "fleet.json")))


@app.get("/limits")
def limits() -> dict:
    return json.loads(os.environ.get("APP_LIMITS_CONFIG", "{}"))
""",
        note="traps: a variable not named for a configuration, handed to its loader; one "
        "named so whose value is parsed as the configuration's values in place",
        lines=(16, 21),
    ),
    snippet(
        """\
import os

from fastapi import FastAPI

app = FastAPI()


@app.get("/cache")
def cache_dir() -> str | None:
    return os.environ.get("TIKTOKEN_CACHE_DIR")
""",
        note="a library's variable where the project does not use that library: the name "
        "alone does not make it the library's",
        lines=(10,),
    ),
    Example(
        files={
            "app/main.py": """\
from fastapi import FastAPI

from app.uploads import Uploader, connect

app = FastAPI()
uploader = Uploader()
link = connect()
""",
            "app/uploads.py": """\
import logging
import os

log = logging.getLogger(__name__)


def connect(verify: bool = False) -> bool:
    return os.getenv("UPLOADS_VERIFY_TLS", f"{verify}").lower() in ("true", "1")


class Uploader:
    def __init__(self, bucket: str | None = None) -> None:
        env_bucket = os.environ.get("UPLOADS_BUCKET", "")
        log.info("bucket from the environment: %s", env_bucket)
        self._bucket = bucket or env_bucket
""",
        },
        note="the other side of the parameter-fallback traps: a public function the project "
        "calls without the argument (the f-string default leaves the read the only source), "
        "and a local the constructor also logs (not only the parameter's fallback)",
        lines=(8, 13),
    ),
    Example(
        files={
            "app/main.py": """\
from fastapi import FastAPI

from app.keys import KeyRing

app = FastAPI()
ring = KeyRing()
""",
            "app/keys.py": """\
import json
import logging
import os

log = logging.getLogger(__name__)


class KeyRing:
    def __init__(self, keys: list | None = None, issuer: str | None = None) -> None:
        raw = os.getenv("KEYRING_KEYS")
        if keys is None and raw:
            keys = json.loads(raw)
        if keys is None:
            env_issuer = os.getenv("KEYRING_ISSUER")
            log.info("issuer %s", env_issuer)
            issuer = env_issuer
        self.keys = keys or []
        self.issuer = issuer
""",
        },
        note="the other side of the no-configuration trap: a read that runs whatever the "
        "caller gave (before the `if`, whose test is not `keys is None` alone), and a local "
        "the constructor also logs, not only hands to its parameter",
        lines=(10, 14),
    ),
    Example(
        files={
            "app/main.py": """\
from fastapi import FastAPI

from app.tokens import mint, sign

app = FastAPI()


@app.get("/token")
def token(owner: str) -> str:
    return mint(owner=owner, issuer=None) + sign(owner)
""",
            "app/tokens.py": """\
import os


def mint(owner: str, issuer: str | None = None) -> str:
    issuer = issuer or os.getenv("TOKENS_ISSUER")
    return f"{issuer}:{owner}"


def sign(owner: str, *, secret: str | None = None) -> str:
    secret = secret or os.getenv("TOKENS_SECRET")
    return f"{secret}:{owner}"
""",
        },
        note="the other side of the always-passed trap: public functions the project calls "
        "handing `None` or leaving the argument out, so the read is the value's only source",
        lines=(5, 10),
    ),
    Example(
        files={
            "app/main.py": """\
from fastapi import FastAPI

from app.config import settings
from app.audit import audit_logger

app = FastAPI(title=settings.title)
log = audit_logger()
""",
            "app/config.py": """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    title: str = "api"

    def audit_path(self) -> str:
        from app.audit import default_path

        return default_path()


settings = Settings()
""",
            "app/audit.py": """\
import logging
import os


def default_path() -> str:
    return os.getenv("AUDIT_LOG_PATH", "audit.log")


def audit_logger() -> logging.Logger:
    logger = logging.getLogger("audit")
    logger.addHandler(logging.FileHandler(default_path()))
    return logger
""",
        },
        note="the other side of the import-cycle trap: a module the settings import only "
        "inside a method can import the settings itself, so its read can move there",
        lines=(6,),
    ),
    snippet(
        """\
import os

from fastapi import FastAPI

app = FastAPI()


def endpoint() -> str:
    if os.getenv("GOOGLE_API_USE_MTLS_ENDPOINT", "auto") == "always":
        return "translate.mtls.googleapis.com"
    return os.getenv("TRANSLATE_ENDPOINT", "translate.googleapis.com")


@app.get("/endpoint")
def read_endpoint() -> str:
    return endpoint()
""",
        note="the Google API clients' mTLS switch is theirs (not reported); the endpoint the "
        "project names itself beside it is its setting",
        lines=(11,),
    ),
    Example(
        files={
            "app/main.py": """\
from fastapi import FastAPI

from app import login

app = FastAPI()


@app.get("/login")
def start() -> dict[str, str | None]:
    return {"client": login.client_id(), "email": login.default_email()}
""",
            "app/core/config.py": """\
import os


def multi_user() -> bool:
    return os.getenv("APP_MULTI_USER", "") == "1"


DEFAULT_EMAIL = None if multi_user() else os.getenv("APP_DEFAULT_EMAIL")
""",
            "app/oauth_config.py": """\
import os


class OAuthConfig:
    def __init__(self) -> None:
        self.client_id = os.getenv("APP_OAUTH_CLIENT_ID")
        self.redirect_uri = os.getenv("APP_OAUTH_REDIRECT_URI", "/callback")


oauth_config = OAuthConfig()
""",
            "app/login.py": """\
import os

from app.core.config import DEFAULT_EMAIL


def client_id() -> str | None:
    return os.getenv("APP_OAUTH_CLIENT_ID")


def default_email() -> str | None:
    return os.getenv("APP_DEFAULT_EMAIL") or DEFAULT_EMAIL
""",
        },
        note="variables the configuration holds otherwise: an attribute its configuration "
        "class sets in `__init__` (read that field), and a constant that holds the variable "
        "only under a condition (importing it would change the value)",
        lines=(7, 11),
    ),
    Example(
        files={
            "app/main.py": """\
from fastapi import FastAPI

from app.config.loader import ConfigLoader
from app.console import say

app = FastAPI()
config = ConfigLoader.load()


@app.get("/hello")
def hello() -> dict[str, str]:
    say("hello")
    return {"hello": "world"}
""",
            "app/config/__init__.py": "",
            "app/config/loader.py": """\
import os
from typing import Any


class ConfigLoader:
    @classmethod
    def load(cls) -> dict[str, Any]:
        config: dict[str, Any] = {"logging": {"console_enabled": True}}
        cls._load_from_env(config)
        return config

    @classmethod
    def _load_from_env(cls, config: dict[str, Any]) -> None:
        if val := cls._console_flag():
            config.setdefault("logging", {})["console_enabled"] = val.lower() == "true"

    @classmethod
    def _console_flag(cls) -> str | None:
        return os.environ.get("APP_LOG_CONSOLE_ENABLED")
""",
            "app/console.py": """\
import os


def say(text: str) -> None:
    if os.environ.get("APP_LOG_CONSOLE_ENABLED", "true").lower() != "false":
        print(text)
""",
        },
        note="a variable the configuration loader maps onto a key of the configuration it "
        'builds (`config.setdefault("logging", {})["console_enabled"]`), read raw '
        "elsewhere: read that field, not a new settings class",
        lines=(5,),
    ),
    Example(
        files={
            "app/main.py": """\
from fastapi import FastAPI

from app.store import StoreClient, ping

app = FastAPI()
client = StoreClient("db")


@app.get("/ping")
def read_ping() -> bool:
    return ping()
""",
            "app/store.py": """\
import os

PING_TIMEOUT = float(os.environ.get("STORE_PING_TIMEOUT", "2"))
STORE_RETRIES = int(os.environ.get("STORE_RETRIES", "3"))


def ping(timeout: float = PING_TIMEOUT) -> bool:
    return timeout > 0


class StoreClient:
    def __init__(self, host: str, retries: int = STORE_RETRIES) -> None:
        self.host = host
        self.retries = max(retries, STORE_RETRIES)
""",
        },
        note="the other side of the constructor-default constant: a plain function's default "
        "(its caller is the project), and a constant the constructor also uses in its body",
        lines=(3, 4),
    ),
    Example(
        files={
            "app/main.py": """\
from app.realtime import create_realtime_app

app = create_realtime_app()
""",
            "app/realtime.py": _REALTIME_FACTORY,
        },
        note="the other side of the private-helper fallback: the project calls the public "
        "factory without the argument, so the read is the only source",
        lines=(10,),
    ),
    Example(
        files={
            "app/main.py": """\
from fastapi import FastAPI

from app.observability import wire

app = FastAPI()
status = wire(app)
""",
            "app/observability.py": """\
import os
from typing import Any


def wire(app: Any) -> str:
    if (os.getenv("SGP_OBS_ENABLED") or "").lower() not in ("1", "true"):
        return "disabled"
    return "wired"
""",
        },
        note="the other side of the library-switch trap: a project that does not use sgp-obs "
        "names its own knob when it reads `SGP_OBS_ENABLED`",
        lines=(6,),
    ),
    Example(
        files={
            "app/main.py": """\
from fastapi import FastAPI

from app.billing.config import billing_settings
from app.mail.config import mail_settings

app = FastAPI(title=billing_settings.title + mail_settings.sender)
""",
            "app/billing/config.py": """\
from pydantic_settings import BaseSettings

from app.topics import TOPICS


class BillingSettings(BaseSettings):
    title: str = "billing"
    topics: list[str] = TOPICS


billing_settings = BillingSettings()
""",
            "app/mail/config.py": """\
from pydantic_settings import BaseSettings


class MailSettings(BaseSettings):
    sender: str = "noreply"


mail_settings = MailSettings()
""",
            "app/topics.py": """\
import os

TOPICS = ["invoices"] + (["audit"] if os.environ.get("TOPICS_AUDIT") else [])
""",
        },
        note="the other side of the import-cycle trap: beside several settings modules, one "
        "that does not import the reader (the mail settings) can declare its variable",
        lines=(3,),
    ),
    Example(
        files={
            "prefect/__init__.py": "",
            "prefect/server/__init__.py": "",
            "prefect/server/api.py": """\
import os

from fastapi import FastAPI

import prefect

app = FastAPI()


@app.get("/health")
def health() -> dict[str, str]:
    return {"db": os.environ.get("PREFECT_API_DATABASE_URL", "sqlite://")}
""",
        },
        note="the other side of the library-variable trap: in the library's own code (the "
        "project is `prefect`), its variables are its settings",
        lines=(12,),
    ),
    Example(
        files={
            "app/main.py": """\
from fastapi import FastAPI

from app.compose import ComposeEnvVars

app = FastAPI()
env = ComposeEnvVars(cpus=1, memory="1g", image="api").model_dump()
""",
            "app/compose.py": """\
from pydantic import BaseModel

from app.constants import REGISTRY_URL


class ComposeEnvVars(BaseModel):
    cpus: int
    memory: str
    image: str = REGISTRY_URL
""",
            "app/constants.py": """\
import os

REGISTRY_URL = os.environ.get("APP_REGISTRY_URL", "registry.local")
""",
        },
        note="the other side of the import-cycle trap: a model named for the environment "
        "whose fields are no variables' names (values handed to a child's environment) holds "
        "no settings, so what its module imports can still read them",
        lines=(3,),
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import tools\n\napp = FastAPI()\n",
            "app/tools.py": """\
import os



def stateless() -> bool:
    return os.environ.get("FASTMCP_STATELESS_HTTP", "") == "1"
""",
        },
        note="the other side of the FastMCP trap: a project that does not import fastmcp (nor "
        "the MCP SDK) owns the variables it reads, whatever their prefix",
        lines=(6,),
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import signer\n\napp = FastAPI()\n",
            "app/signer.py": """\
import os
from urllib.parse import urlparse


def sign(url: str) -> str:
    parsed = urlparse(url)
    if os.environ.get("APP_IAM_HOST"):
        host = str(os.environ.get("APP_IAM_HOST"))
        parsed = parsed._replace(netloc=host)
    return parsed.geturl()
""",
        },
        note="one finding for one undeclared setting: the test of an `if` and its body read "
        "the same variable, reported once, at the test (qianfan "
        "resources/requestor/openapi_requestor.py:660-661)",
        lines=(7,),
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import logs\n\napp = FastAPI()\n",
            "app/config/__init__.py": "",
            "app/config/entries.py": """\
class EnvEntry:
    def __init__(self, *names: str, default: str = "") -> None:
        self.names = names
        self.default = default
""",
            "app/config/defs.py": """\
from app.config.entries import EnvEntry

LOG_LEVEL_ENV_VAR = EnvEntry("APP_LOG_LEVEL", "LEGACY_LOG_LEVEL")
""",
            "app/logs.py": """\
import os


def level() -> str:
    return os.getenv("APP_LOG_LEVEL", "INFO")


def colour() -> str:
    return os.getenv("APP_LOG_COLOUR", "auto")
""",
        },
        note="a variable the configuration declares as an object of the project's own class "
        '(`EnvEntry("APP_LOG_LEVEL", ...)` in `config/defs.py`), read raw elsewhere: the '
        "advice is to read it through that declaration (clearml debugging/log.py:114); a "
        "variable it does not declare keeps the advice to declare it",
        lines=(5, 9),
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import workers\n\napp = FastAPI()\n",
            "app/_config.py": """\
# The service's configuration: [tuning] max_parallel in app.toml, overridden by the
# environment as APP_<SECTION>_<KEY> (APP_TUNING_MAX_PARALLEL).

import os
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TuningConfig:
    max_parallel: int = 1


@dataclass(frozen=True)
class Config:
    tuning: TuningConfig = field(default_factory=TuningConfig)


_active: Config | None = None


def install(config: Config) -> None:
    global _active
    _active = config


def cfg() -> Config:
    if _active is None:
        raise RuntimeError("no active configuration")
    return _active


def override(section: str, key: str) -> str | None:
    return os.environ.get(f"APP_{section.upper()}_{key.upper()}")
""",
            "app/workers.py": """\
import os

from app._config import cfg


def queue_depth() -> int:
    try:
        return cfg().tuning.max_parallel * 4
    except RuntimeError:
        return int(os.environ.get("APP_QUEUE_DEPTH", "4"))
""",
        },
        note="the other side of the configuration-fallback trap: a variable the configuration "
        "does not name, read when none is installed, is a setting nothing declares",
        lines=(10,),
    ),
    Example(
        files={
            "app/main.py": """\
import os

from fastapi import FastAPI

from app import profiles

app = FastAPI()


@app.get("/profile")
def profile() -> dict[str, str | None]:
    return {"profile": os.environ.get("APP_TOKEN")}
""",
            "app/profiles.py": """\
import os
from typing import Any

from pydantic_settings import PydanticBaseSettingsSource


class TokenSource(PydanticBaseSettingsSource):
    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        token = os.environ.get("APP_TOKEN")
        return {"token": token} if token else {}
""",
        },
        note="the other side of the settings-source trap: a variable a source reads as a "
        "value it hands the settings selects nothing, and a raw read of it is still reported",
        lines=(12,),
    ),
    Example(
        files={
            "app/main.py": """\
from fastapi import FastAPI

from app.server import create_app, pool, start

options = create_app()
app = FastAPI()


@app.post("/servers")
def launch() -> dict[str, int]:
    return {"pid": start().pid, "pool": len(pool())}
""",
            "app/server.py": """\
import os
import subprocess
import sys


def create_app(ephemeral: bool = False, webserver_only: bool = False) -> dict[str, bool]:
    ephemeral = ephemeral or bool(os.getenv("APP__SERVER_EPHEMERAL"))
    webserver_only = webserver_only or bool(os.getenv("APP__SERVER_WEBSERVER_ONLY"))
    return {"ephemeral": ephemeral, "webserver_only": webserver_only}


def start() -> subprocess.Popen[bytes]:
    server_env = {"APP__SERVER_EPHEMERAL": "1"}
    command = [sys.executable, "-m", "uvicorn", "--factory", "app.server:create_app"]
    return subprocess.Popen(command, env={**os.environ, **server_env})


def pool() -> str:
    return os.getenv("APP__SERVER_POOL", "default")
""",
        },
        note="the other side of the internal-namespace trap: a function that reads none of the "
        "variables the project writes owns the one it reads, whatever its namespace",
        lines=(19,),
    ),
    Example(
        files={
            "app/main.py": """\
from fastapi import FastAPI

from app.sink import Sink
from app.store import Store

store = Store()
sink = Sink("APP_SINK_RESOURCE")
app = FastAPI()


@app.get("/usage")
def usage() -> dict[str, str]:
    return {"tables": store.tables(), "sink": sink.describe()}
""",
            "app/store.py": """\
import os


class Store:
    def __init__(self) -> None:
        self._prefix = "ov_"
        self._resource_id = os.environ.get("APP_RESOURCE_ID", "").strip()

    def tables(self) -> str:
        return self._prefix + "tasks" + "@" + self._resource_id
""",
            "app/sink.py": """\
class Sink:
    def __init__(self, resource_id: str) -> None:
        self._resource_id = resource_id

    def describe(self) -> str:
        return self._resource_id
""",
        },
        note="the other side of the unread-attribute trap: a method of the class reads the "
        "attribute, so the variable configures the store",
        lines=(7,),
    ),
    Example(
        files={
            "app/main.py": """\
from fastapi import FastAPI

from app.manifest import resolve_site_url

app = FastAPI()


@app.get("/site")
def site() -> dict[str, str]:
    return {"url": resolve_site_url()}
""",
            "app/manifest.py": """\
import os
from dataclasses import dataclass, field


@dataclass
class URLsConfig:
    site_url: str = "http://localhost:3000"


@dataclass
class DatabaseConfig:
    url: str = "sqlite:///app.db"


@dataclass
class ThemeConfig:
    name: str = "light"


@dataclass
class ProjectManifest:
    urls: URLsConfig = field(default_factory=URLsConfig)
    database: DatabaseConfig = field(default_factory=DatabaseConfig)
    theme: ThemeConfig = field(default_factory=ThemeConfig)



def resolve_site_url(manifest: ProjectManifest | None = None) -> str:
    env_url = os.environ.get("APP_SITE_URL", "")
    if env_url:
        return env_url.rstrip("/")
    return (manifest or ProjectManifest()).urls.site_url
""",
        },
        note="the other side of the configuration-layer trap: configuration dataclasses "
        "without a loader of their file are values the code builds, and the module's "
        "environment read is still reported",
        lines=(29,),
    ),
    Example(
        files={
            "vault/cli.py": """\
import os
import secrets
import subprocess

import click


@click.command()
@click.option("--account", envvar="VAULT_ACCOUNT")
def serve(account: str) -> None:
    key = account
    child_env = os.environ.copy()
    child_env["VAULT_API_KEY"] = key
    subprocess.run(["uvicorn", "vault.api:app"], env=child_env, check=True)
""",
            "vault/api.py": """\
import os

from fastapi import FastAPI, Header, HTTPException

app = FastAPI()


@app.get("/balance")
def balance(x_api_key: str = Header()) -> dict:
    if x_api_key != os.getenv("VAULT_API_KEY"):
        raise HTTPException(status_code=401)
    return {"balance": 0}
""",
        },
        note="the other side of the generated key: the command line forwards a value the "
        "operator gave, which stays a setting of the server it starts",
        lines=(10,),
    ),
    Example(
        files={
            "planner/settings.py": _PLANNER_SETTINGS,
            "planner/paths.py": _PLANNER_PATHS,
            "planner/main.py": """\
import os

from fastapi import FastAPI

from planner.settings import Settings

app = FastAPI()
settings = Settings()


@app.get("/mode")
def mode() -> dict:
    return {"sandbox": os.environ.get("PLANNER_SANDBOX", "")}
""",
        },
        note="the other side of the ConfZ settings' import: the app module, which the "
        "settings do not import, reads the same variable",
        lines=(13,),
    ),
    Example(
        files={
            "atlas/__init__.py": """\
""",
            "atlas/api.py": _ATLAS_API,
            "atlas-1.0.dist-info/entry_points.txt": """\
[console_scripts]
atlas-api = atlas.api:create_app
""",
        },
        note="the other side of the installed command: no entry point names the launcher, so "
        "its read is the application's",
        lines=(12,),
    ),
    Example(
        files={
            "probe/__init__.py": "",
            "probe/routes.py": _HANDED_ROUTES,
            "probe/server.py": _HANDED_LAUNCHER,
            "probe/worker.py": "from probe.server import build, serve\n\n\n"
            "def start() -> None:\n    serve(build())\n",
        },
        note="the other side of the uncalled launcher: another module calls it, so its read "
        "configures a server the project runs",
        lines=(16,),
    ),
    Example(
        files={
            "app/main.py": _STORE_MAIN,
            "app/store.py": _STORE_CONFIG.format(use="        select(store)\n        return cls()"),
        },
        note="the other side of the mapped loader: the local mapped from the variable goes "
        "to another function, not to `cls(...)`, so no field declares the read",
        lines=(21,),
    ),
    Example(
        files={
            "app/main.py": _REPORTS_MAIN,
            "app/settings.py": _REPORTS_SETTINGS.format(
                default=' = "postgresql://localhost/reports"'
            ),
            "app/reports.py": _REPORTS_DB,
        },
        note="a raw read the program requires (it raises when unset) of a variable the "
        "settings declare with a default: make the field required and read it",
        lines=(5,),
    ),
    Example(
        files={
            "app/main.py": _REPORTS_MAIN,
            "app/settings.py": _REPORTS_SETTINGS.format(default=""),
            "app/reports.py": _REPORTS_DB,
        },
        note="the other side of the required read: the settings declare the field without "
        "a default, so reading it is the whole fix",
        lines=(5,),
    ),
    Example(
        files={"app/main.py": _TOOL_ENV.format(entry='{"sandboxed": "no"}')},
        note="the other side of the variable supplied to a child: the helper answers an "
        "option of its own when the variable is unset, so the read is this code's setting",
        lines=(10,),
    ),
    Example(
        files={
            "app/main.py": _WORKERS_MAIN,
            "app/store.py": _WORKERS_STORE.format(name="STORE_SERVER_WORKERS"),
        },
        note="the other side of uvicorn's worker count: a worker count of the project's own "
        "naming is its setting (OPAL's `UVICORN_NUM_WORKERS`, read by its start script, is "
        "not uvicorn's variable either)",
        lines=(8,),
    ),
    Example(
        files=_locator_files("described_config_files"),
        note="the other side of the configuration's locator: a function of the configuration "
        "package named for neither finding nor loading the file only describes where it may "
        "be, so the variable is not shown to locate the settings",
        lines=(12,),
    ),
    Example(
        files={
            "app/main.py": _TIMEOUT_MAIN,
            "app/transport.py": _TIMEOUT_CLIENT.format(
                test='timeout is not None and url.startswith("https")'
            ),
        },
        note="the other side of the parameter's `else` fallback: the test is not the "
        "parameter alone, so a caller's timeout for a plain-HTTP URL is replaced by the "
        "variable: the read is the server's setting, not a default its maker overrides",
        lines=(10,),
    ),
    Example(
        files=_dispatch_files(web_runs=True),
        note="the other side of the dispatch-table trap: a route runs the commands through "
        "the same table, so a request reaches the helper",
        lines=(5,),
    ),
    snippet(
        _MCP_TOOLS.format(start='\n\napp.mount("/mcp", mcp.http_app())\n'),
        note="the other side of the unstarted FastMCP trap: the app mounts the MCP server, so "
        "a client's tool call runs the helper and its read",
        lines=(11,),
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app.mail import Mailer\n\nmailer = Mailer.build()\napp = FastAPI()\n",
            "app/mail.py": """\
import os


class Mailer:
    def __init__(self, host, secure):
        self.host = host
        self.secure = secure

    @classmethod
    def build(cls):
        return cls(
            host="localhost",
            secure=os.getenv("APP_MAIL_SECURE", "yes").lower() in ("yes", "1"),
        )
""",
        },
        note="a flag parsed by comparison into a plain class that declares nothing (no "
        "configuration, no typed fields, no `from_env`): the variable is declared nowhere",
        lines=(13,),
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import jobs\n\napp = FastAPI()\n",
            "app/jobs.py": """\
import logging
import os

log = logging.getLogger(__name__)


def job_token() -> str:
    token = os.environ.get("APP_JOB_TOKEN")
    if not token:
        log.warning("no token: start with env APP_JOB_TOKEN=... python -m app.worker")
        raise RuntimeError("start it with: env APP_JOB_TOKEN=<token> python -m app.worker")
    return token
""",
        },
        note="a command line that sets the variable only in a log line and an error message: "
        "it tells the operator how to give it (runs nothing), so it is still their setting",
        lines=(8,),
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import routes\n\napp = FastAPI()\n",
            "app/core/env.py": """\
import os


def env_opt(name: str) -> str | None:
    value = (os.environ.get(name) or "").strip()
    return value or None


def env_text(name: str, default: str = "") -> str:
    return env_opt(name) or default
""",
            "app/showcase.py": """\
from app.core.env import env_text


def showcase_enabled() -> bool:
    \"\"\"The showcase opt-in, read when asked.\"\"\"
    return env_text("APP_SHOWCASE", "").lower() in ("1", "true")


def _slow() -> bool:
    return env_text("APP_SHOWCASE_SLOW", "") == "1"
""",
            "app/routes.py": """\
import os

from fastapi import APIRouter

router = APIRouter()


@router.get("/showcase")
def showcase() -> dict[str, bool]:
    on = os.environ.get("APP_SHOWCASE", "").strip().lower() in ("1", "true")
    return {"on": on, "slow": os.environ.get("APP_SHOWCASE_SLOW") == "1"}
""",
        },
        note="raw reads beside a helper that hands out one of the variables through the "
        "project's accessor of the environment: call that helper for it; the other "
        "variable only a module's private helper reads (no API to call) is to be declared",
        lines=(10, 11),
    ),
)

GOOD = (
    Example(
        files={
            "ledger/cli.py": """\
import os

import typer
import uvicorn

cli = typer.Typer()


@cli.command()
def web(book: str = "main", port: int = 8500) -> None:
    os.environ["LEDGER_BOOK"] = book
    uvicorn.run("ledger.web:build", port=port, factory=True)
""",
            "ledger/web.py": """\
import os

from fastapi import FastAPI


def build() -> FastAPI:
    app = FastAPI()
    app.state.book = os.environ.get("LEDGER_BOOK", "main")
    return app
""",
        },
        note="trap: a command hands its option to the application factory it serves by "
        "import string (`factory=True` calls it with no arguments), through the "
        "environment, and the factory reads it back: the factory's argument",
    ),
    Example(
        files={
            "atlas/cli.py": """\
import os
from pathlib import Path

import uvicorn

_HERE = Path(__file__).resolve().parent
_ASSETS = _HERE / "assets"


def main(port: int = 8000) -> None:
    bundle = _HERE / "bundle" / "starter"
    os.environ["ATLAS_ASSETS_DIR"] = str(_ASSETS)
    os.environ.setdefault("ATLAS_STARTER_DIR", str(bundle))
    uvicorn.run("atlas.server:app", port=port)
""",
            "atlas/server.py": """\
import os

from fastapi import FastAPI

app = FastAPI()
assets = os.environ.get("ATLAS_ASSETS_DIR")
starter = os.environ.get("ATLAS_STARTER_DIR", "")
app.state.folders = (assets, starter)
""",
        },
        note="trap: the launcher writes the paths of folders it ships (made from `__file__`, "
        "not from an option) before it starts the server: a channel between its own "
        "processes, not an operator's setting",
    ),
    Example(
        files=_library_files({}),
        note="trap: a published library that ships no application (no `FastAPI()` of its "
        "own, no entry point, no settings class): its override variable is its own knob, "
        "set by whoever hosts its routers (seen in kohaku-ui)",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import vectors\n\napp = FastAPI()\n",
            "app/vectors.py": """\
import os


class LocalVectors:
    def __init__(self, options) -> None:
        self.options = options
        self._client = None

    def check(self) -> None:
        if not self.options.endpoint:
            self.options.endpoint = os.getenv("OLLAMA_HOST", "http://127.0.0.1:11434")

    @property
    def client(self):
        if self._client is None:
            from ollama import AsyncClient

            self._client = AsyncClient(host=self.options.endpoint)
        return self._client
""",
        },
        note="a provider class fills its option from Ollama's own variable when unset, and "
        "hands that option to `ollama.AsyncClient(host=)`, which reads `OLLAMA_HOST` "
        "itself when given nothing: the variable is the SDK's (seen in fastband-mcp)",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import chooser\n\napp = FastAPI()\n",
            "app/chooser.py": """\
import os

from app.llm import Claude


def backend() -> str | None:
    if os.getenv("ANTHROPIC_API_KEY", "").strip():
        return "claude"
    return None


def build() -> Claude | None:
    return Claude() if backend() == "claude" else None
""",
            "app/llm.py": """\
import os

from anthropic import AsyncAnthropic


class Claude:
    def __init__(self, api_key: str | None = None) -> None:
        key = api_key or os.getenv("ANTHROPIC_API_KEY", "").strip()
        if not key:
            raise RuntimeError("set ANTHROPIC_API_KEY or pass api_key")
        self.client = AsyncAnthropic(api_key=key)
""",
        },
        note="trap: the chooser only tests (tidied) whether Anthropic's variable is set, "
        "and the project's own provider class hands that same variable to "
        "`AsyncAnthropic(api_key=)`, which reads it itself when given nothing: the test "
        "asks whether the SDK is configured (seen in mashpy)",
    ),
    Example(
        files={
            "acme/main.py": """\
from fastapi import FastAPI

from acme.config import load_config

app = FastAPI()
config = load_config()
""",
            "acme/paths.py": """\
import os
from pathlib import Path


def data_home() -> Path:
    home = os.environ.get("ACME_HOME")
    if home:
        return Path(home).expanduser().resolve()
    return Path.home() / ".acme"


def config_file() -> Path:
    return data_home() / "config.toml"
""",
            "acme/config.py": """\
import tomllib

from acme.paths import config_file


def load_config() -> dict:
    with open(config_file(), "rb") as fh:
        return tomllib.load(fh)
""",
        },
        note="a home-folder variable of the project read by the function whose value "
        "another joins with the configuration's file name (`config.toml`), which the "
        "configuration loader opens: it locates the settings' own file",
    ),
    Example(
        files=_launcher_files('"True"'),
        note="a launcher that writes its child's variable twice, a default and then its own "
        "value on an option, is still the only source of it: an internal channel (rag-spine "
        "enterprise_pdf_rag/adapters/http/webui_gate.py:549, written at :615 and :671)",
    ),
    Example(
        files=_session_files("cls._flag"),
        note="a dataclass's own `from_env` parses the variable through the class's own "
        "method (`cls._flag(...)`) on its way to `cls(...)`, as `int(...)` would: the "
        "setting is declared, typed, on that class (chaka chaka/application.py:73)",
    ),
    Example(
        files=_vendor_key_files("settings.vendor_keys"),
        note="trap: a raising presence test of the variable a vendor's SDK the module imports "
        "reads itself (`FAL_KEY` before `fal_client.submit_async(...)`, seen in "
        "weirdfingers-boards), in a project that copies its settings' vendor keys into the "
        "environment: the settings already own it",
    ),
    Example(
        files={**_CATALOG_FILES, "shelf/app.py": _CATALOG_APP.format(imported="names", size="0")},
        note="trap: a helper only a console command runs, in a module the server imports for "
        "another function (seen in initrunner): its process serves no request; an attribute "
        "of the same name on another object (`client._request(...)`) is not the helper",
    ),
    Example(
        files={
            "app/main.py": """\
import os

from agent_framework.openai import OpenAIChatCompletionClient
from fastapi import FastAPI

app = FastAPI()

if os.getenv("OPENAI_API_KEY"):
    client = OpenAIChatCompletionClient(model="gpt-4o")
else:
    client = None
""",
        },
        note="a presence test of the variable Agent Framework's OpenAI client reads itself "
        "when given no `api_key` (agent-framework-ag-ui "
        "agent_framework_ag_ui_examples/server/main.py:200)",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app.export import Exporter\n\nexporter = Exporter.from_env()\napp = FastAPI()\n",
            "app/export.py": """\
import os


class Exporter:
    def __init__(self, connection_string: str = "", batch_size: int = 50) -> None:
        self._conn = connection_string
        self._batch_size = batch_size

    @classmethod
    def from_env(cls) -> "Exporter":
        return cls(
            connection_string=os.environ.get("APP_EXPORT_CONNECTION", ""),
            batch_size=int(os.environ.get("APP_EXPORT_BATCH_SIZE", "50")),
        )
""",
        },
        note="a plain class's own `from_env` handing each read straight to a parameter its "
        "constructor annotates: the class declares the settings, typed, and this is their "
        "loader (agent-os-kernel agent_os/exporters/citadel_exporter.py:179)",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import kernels\n\napp = FastAPI()\n",
            "app/kernels.py": """\
import os


def print_autotuning() -> None:
    from triton import knobs

    if os.environ.get("TRITON_PRINT_AUTOTUNING") == "0":
        return
    knobs.autotuning.print = True
""",
        },
        note="a switch of Triton's knobs, which read every `TRITON_*` variable themselves, in "
        "a project that imports triton (in a function): the library's setting (vllm-tpu "
        "vllm/utils/jit_monitor.py:102)",
    ),
    Example(
        files={
            "bot/main.py": "from fastapi import FastAPI\n\nfrom bot.layout import Layout\n\nlayout = Layout.from_environment()\napp = FastAPI()\n",
            "bot/layout.py": """\
import os
from dataclasses import dataclass
from pathlib import Path


def resolve(raw: str, root: Path) -> Path:
    return (root / raw).resolve()


@dataclass(frozen=True)
class Layout:
    root: Path
    artifacts: Path | None

    @classmethod
    def from_environment(cls, root: Path | None = None) -> "Layout":
        base = root or Path.cwd()
        raw = os.environ.get("BOT_ARTIFACTS")
        artifacts = resolve(raw, base) if raw else None
        return cls(root=base, artifacts=artifacts)
""",
        },
        note="a dataclass's own loader from the environment (a `from_environment` "
        "classmethod) computes a field from the variable and hands it to `cls(...)`: the "
        "setting is declared, typed, on that class (seen in monkeybot)",
    ),
    Example(
        files={
            "bot/main.py": "from fastapi import FastAPI\n\nfrom bot.hub import HubSettings\n\nhub = HubSettings.from_env()\napp = FastAPI()\n",
            "bot/hub.py": """\
import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True)
class HubSettings:
    url: str = ""
    password: str = field(default="", repr=False)

    @classmethod
    def from_env(cls) -> "HubSettings":
        url = os.environ.get("BOT_HUB_URL", "").strip().rstrip("/")
        password = os.environ.get("BOT_HUB_PASSWORD", "")
        missing = [n for n, v in (("BOT_HUB_URL", url), ("BOT_HUB_PASSWORD", password)) if not v]
        if missing:
            raise ValueError("missing: " + ", ".join(missing))
        parsed = urlsplit(url)
        if parsed.scheme != "https":
            raise ValueError(f"BOT_HUB_URL must be https, not {url}")
        return cls(url=url, password=password)
""",
        },
        note="a dataclass's own loader that tidies the values and checks them (presence, "
        "shape, in the tests of `if`s and in the errors it raises) before handing them to "
        "`cls(...)`: the settings are declared there (openmed "
        "openmed/service/openhim_mediator.py:216, :218)",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app.connections import OpenAIConnection\n\nconn = OpenAIConnection.from_env()\napp = FastAPI()\n",
            "app/connections.py": """\
import os


class OpenAIConnection:
    def __init__(self, api_key: str, organization: str | None = None) -> None:
        self.secrets = {"api_key": api_key}
        self.configs = {"organization": organization}

    @classmethod
    def from_env(cls) -> "OpenAIConnection":
        api_key = os.getenv("OPENAI_API_KEY")
        organization = os.getenv("OPENAI_ORG_ID")
        if api_key is None:
            raise ValueError("OPENAI_API_KEY is not set")
        return cls(api_key=api_key, organization=organization)
""",
        },
        note="a connection class's own `from_env` loads the variables its vendor's SDK "
        "documents into `cls(...)`: the class is that configuration (promptflow-core "
        "promptflow/core/_connection.py:336)",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import child, launcher\n\napp = FastAPI()\n",
            "app/launcher.py": """\
import os
import tempfile

import docker
import httpx
from python_on_whales import DockerClient


def start_job(job_id: str, image: str) -> None:
    payload = {
        "image": image,
        "container": {
            "env": {"APP_JOB_ID": job_id, "APP_JOB_SLOT": "1"},
            "envVars": [{"name": "APP_POD_ROLE", "value": "worker"}],
        },
    }
    httpx.post("https://jobs.example/run", json=payload)


def start_worker(run_id: str) -> None:
    docker.from_env().containers.run("worker", environment=[f"APP_RUN_ID={run_id}"])


def compose_up(stack_id: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env_path = os.path.join(tmp, ".env")
        level = os.environ.get("APP_LOG_LEVEL", "INFO")
        with open(env_path, "w") as f:
            f.writelines([f"APP_STACK_ID={stack_id}\\n", f'APP_LOG_LEVEL="{level}"\\n'])
        DockerClient(compose_env_file=env_path).compose.up()


def spawn() -> dict[str, str]:
    child_env = {"APP_TRACE_RATE": str(os.getenv("APP_TRACE_RATE", "0.1"))}
    return child_env
""",
            "app/child.py": """\
import os

job_id = os.environ["APP_JOB_ID"]
slot = os.getenv("APP_JOB_SLOT")
role = os.getenv("APP_POD_ROLE")
run_id = os.getenv("APP_RUN_ID")
stack_id = os.getenv("APP_STACK_ID")
""",
        },
        note="variables the project gives the processes it launches (a job API's payload "
        "`env`, a Kubernetes-style list, Docker's `environment=`, the env file handed to "
        "docker compose) and reads back there: an internal channel; and reads only "
        "forwarded under their own name into a child's environment (seen in autotrain and "
        "featurebyte)",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import flows, train\n\napp = FastAPI()\n",
            "app/common_config.py": """\
import os

APP_REMOTE_CODE = os.getenv("APP_REMOTE_CODE", "1") == "1"
""",
            "app/utils.py": """\
import os

APP_REMOTE_CODE = os.getenv("APP_REMOTE_CODE", "1") == "1"
""",
            "app/train.py": """\
from app import utils


def train() -> bool:
    from app.common_config import APP_REMOTE_CODE

    return APP_REMOTE_CODE and bool(utils)
""",
            "app/flows.py": """\
import os

from prefect import flow


@flow
def deployed() -> bool:
    return os.getenv("PREFECT_API_DATABASE_MIGRATE_ON_START") == "false"
""",
        },
        note="a module constant nothing uses, though other modules use a constant of the "
        "same spelling that they import from another module (seen in autotrain), and a "
        "setting of a library the project uses (Prefect's settings read every `PREFECT_*` "
        "variable: seen in infrahub)",
    ),
    snippet(
        """\
import os

import mlflow


def start_tracking(run_name: str) -> None:
    experiment = os.getenv("MLFLOW_EXPERIMENT_NAME")
    if experiment:
        mlflow.set_experiment(experiment)
    mlflow.start_run(run_name=run_name, run_id=os.getenv("MLFLOW_RUN_ID"))
""",
        path="app/tracking.py",
        with_files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import tracking\n\n"
            "app = FastAPI()\n"
        },
        note="MLflow's own client variables (the experiment, the run), in a project that "
        "uses MLflow: its fluent API reads them itself",
    ),
    snippet(
        """\
import os

from fastapi import FastAPI

app = FastAPI()


@app.post("/chat")
async def chat() -> str:
    callbacks = []
    secret = os.environ.get("LANGFUSE_SECRET_KEY")
    public = os.environ.get("LANGFUSE_PUBLIC_KEY")
    if secret and public and os.environ.get("LANGFUSE_HOST"):
        from langfuse.callback import CallbackHandler

        callbacks.append(CallbackHandler())
    return str(len(callbacks))
""",
        note="a presence test of the variables Langfuse's `CallbackHandler()` reads itself "
        "when given none: the application only asks whether the vendor's SDK is "
        "configured (seen in langchain-chatchat)",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import llm, providers\n\napp = FastAPI()\n",
            "app/providers.py": """\
import os


def needs_api_key(provider: str) -> bool:
    if provider == "anthropic" and os.getenv("ANTHROPIC_FEDERATION_RULE_ID"):
        return False
    return provider != "ollama"
""",
            "app/llm.py": """\
from typing import Any

from anthropic import AsyncAnthropic


def client(api_key: str | None, timeout: float) -> AsyncAnthropic:
    kwargs: dict[str, Any] = {"max_retries": 0}
    if api_key:
        kwargs["api_key"] = api_key
    kwargs["timeout"] = timeout
    return AsyncAnthropic(**kwargs)
""",
        },
        note="a presence test of a variable of the credential chain Anthropic's client "
        "resolves itself when it is given no key (its workload identity federation): the "
        "key is passed only when set (H32 hindsight-api-slim "
        "hindsight_api/provider_auth.py:43)",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import bot\n\napp = FastAPI()\n",
            "app/bot.py": """\
import os

from slack_bolt import App
from slack_sdk import WebClient


class Bot:
    def __init__(self) -> None:
        self.app = App()

    @staticmethod
    def client() -> WebClient:
        return WebClient(token=os.environ.get("SLACK_BOT_TOKEN"))
""",
        },
        note="slack_bolt's `App()`, given no token, reads SLACK_BOT_TOKEN itself: the "
        "variable is the vendor's, and the raw read that hands it to the same vendor's "
        "other client (slack_sdk) only mirrors it (seen in langchain-serve)",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import model\n\napp = FastAPI()\n",
            "app/model.py": """\
import os

USE_COREML = False
PRELOAD: bool = False


def load_encoder() -> str:
    return os.environ.get("APP_COREML_PATH", "encoder.mlpackage")


class Model:
    def __init__(self) -> None:
        self.encoder: str | None = None
        if USE_COREML:
            self.encoder = load_encoder()
        if PRELOAD and self.encoder is None:
            self.cache = os.getenv("APP_PRELOAD_DIR")
""",
            "app/warmup.py": """\
from app import model
from app.model import USE_COREML, load_encoder


def warm() -> None:
    if model.USE_COREML:
        load_encoder()
    if USE_COREML:
        load_encoder()
""",
        },
        note="code behind a module constant bound once to False and never written "
        "(`if USE_COREML:`, `if PRELOAD and ...:`, the constant imported or read as an "
        "attribute), and a function only such code calls, never run: nothing to declare "
        "(seen in whisperlivekit)",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nimport acme\nfrom acme import batches\n\napp = FastAPI()\n",
            "acme/__init__.py": "api_key = None\norganization = None\n",
            "acme/batches.py": """\
import os

import skyvault

import acme


def create_batch(job: str, api_key: str | None = None, url: str | None = None) -> dict:
    key = api_key or acme.api_key or os.getenv("OPENAI_API_KEY")
    org = acme.organization or os.getenv("OPENAI_ORGANIZATION")
    base = os.getenv("SKYVAULT_URL", url)
    return {"job": job, "key": key, "org": org, "base": base}


async def connect(service_url: str | None = None, token: str | None = None) -> str:
    if token is None:
        token = os.environ.get("SKYVAULT_TOKEN")
    url = service_url or os.getenv("SKYVAULT_SERVICE_URL", "")
    return str(skyvault.connect(url, token))
""",
        },
        note="a library's public function whose argument (or module-level option, "
        "`acme.api_key`) a vendor's variable defaults, named alike (`api_key` from "
        "`OPENAI_API_KEY`, `url` from the imported skyvault's `SKYVAULT_URL`): the SDK "
        "convention, configured by whoever calls it",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import judges\n\napp = FastAPI()\n",
            "app/judges.py": """\
import os
from dataclasses import dataclass

from acme_cloud import CloudConfiguration


@dataclass
class ProviderConfig:
    api_key: str
    timeout: int = 30

    @classmethod
    def from_env(cls) -> "ProviderConfig":
        return cls(
            api_key=os.environ["JUDGE_API_KEY"],
            timeout=int(os.getenv("JUDGE_TIMEOUT", "30")),
        )


def cloud() -> CloudConfiguration:
    return CloudConfiguration(client_id=os.getenv("ACME_CLIENT_ID") or "")
""",
        },
        note="reads loaded into a configuration object (a class named for it, or its "
        "own `from_env`; a library's class for the library's own variable): the setting "
        "is declared and typed there",
    ),
    Example(
        files={
            "pkg/server/app.py": """\
from fastapi import FastAPI

from pkg.utils import slugify

app = FastAPI()


@app.get("/items/{name}")
def item(name: str) -> str:
    return slugify(name)
""",
            "pkg/utils.py": """\
def slugify(text: str) -> str:
    return text.lower()


def render_tree(node: dict) -> str:
    from pkg.client.tree import Tree

    return str(Tree(node))


def tree(node: dict) -> None:
    print(render_tree(node))
""",
            "pkg/client/tree.py": """\
import os

TOKEN = os.getenv("PKG_CLIENT_TOKEN")


class Tree(dict):
    token = TOKEN
""",
            "pkg/commandline.py": """\
from pkg.utils import tree


def show() -> None:
    tree({})
""",
        },
        note="a client module imported only inside a helper of a shared module that the "
        "server never calls (a command-line helper): not application code (seen in tiled)",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import worker\n\napp = FastAPI()\n",
            "app/usage/config.py": """\
from pydantic_settings import BaseSettings, SettingsConfigDict


class UsageSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="usage_")

    cache_ttl_seconds: int = 60
""",
            "app/worker.py": """\
import os


def worker_env() -> dict[str, str]:
    return {
        "USAGE_CACHE_TTL_SECONDS": str(os.getenv("USAGE_CACHE_TTL_SECONDS", 60)),
        "WORKER_THREADS": "1",
    }
""",
        },
        note="a declared variable read only to hand it on, under its own name, to a "
        "worker's environment, where the settings class reads it (seen in inference)",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import keys, nodes\n\napp = FastAPI()\n",
            "app/keys.py": """\
import os

from dotenv import set_key

PROVIDER_KEYS = [{"name": "ACME_CLIENT_ID"}, {"name": "ACME_CLIENT_SECRET"}]


def set_env_variable(name: str, value: str) -> None:
    set_key(".env", name, value)
    os.environ[name] = value
""",
            "app/nodes.py": """\
import os


def acme_post() -> tuple[str | None, str | None]:
    return os.getenv("ACME_CLIENT_ID"), os.getenv("ACME_CLIENT_SECRET")
""",
        },
        note="variables an endpoint of the application sets at run time (written to "
        "os.environ and .env under the name the user picks, from a registry listing "
        "them): reading them at call time is the mechanism (seen in pyspur)",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import llm, observability\n\napp = FastAPI()\n",
            "app/llm.py": """\
import os
from typing import Any

import openai
from openai import AsyncOpenAI


def moderation() -> openai.OpenAI:
    return openai.OpenAI(api_key=os.environ["OPENAI_API_KEY"])


def client(config: dict[str, Any]) -> AsyncOpenAI:
    kwargs: dict[str, Any] = {"max_retries": 5}
    api_key = config.get("api_key") or os.environ.get("OPENAI_API_KEY") or "none"
    kwargs["api_key"] = api_key
    return AsyncOpenAI(**kwargs)
""",
            "app/observability.py": """\
import os

import sentry_sdk
from ddtrace.llmobs import LLMObs


def init_sentry(service: str) -> None:
    sentry_sdk.init(dsn=os.getenv("SENTRY_DSN"), environment=service)
    LLMObs.enable(ml_app=os.getenv("DD_LLMOBS_ML_APP") or service)
""",
        },
        note="the SDK's own variable handed to that SDK for the argument it reads it for "
        "(OpenAI reads OPENAI_API_KEY when api_key is None, sentry_sdk SENTRY_DSN when "
        "dsn is None): the read repeats the SDK's default (seen in magentic-ui, fschat, "
        "letta)",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import rerank\n\napp = FastAPI()\n",
            "app/rerank.py": """\
import os

from together import Together

_client: Together | None = None


def client() -> Together | None:
    global _client
    if _client is None:
        key = os.getenv("TOGETHER_API_KEY", "")
        if not key:
            return None
        _client = Together(api_key=key)
    return _client
""",
        },
        note="the SDK's own variable handed to that SDK, after a presence test that only "
        "goes without the optional client (no raise): the read still repeats the SDK's "
        "default",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import embed\n\napp = FastAPI()\n",
            "app/embed.py": """\
import os


class AcmeEmbedding:
    def __init__(self, api_key_env_var: str = "APP_ACME_KEY") -> None:
        if os.getenv("ACME_API_KEY") is not None:
            self.api_key_env_var = "ACME_API_KEY"
        else:
            self.api_key_env_var = api_key_env_var
        self.api_key = os.getenv(self.api_key_env_var)
""",
        },
        note="a component that keeps the variable's name as its configuration and reads "
        "the environment under that name: the literal read only picks the default name "
        "(seen in chromadb's embedding functions)",
    ),
    Example(
        files={
            "app/main.py": """\
import os

from fastapi import FastAPI

app = FastAPI()
CONNECTION_TIMEOUT = os.getenv("APP_CONNECTION_TIMEOUT", None)
""",
        },
        note="a module constant bound to a read that nothing uses: dead code, declaring "
        "it on a settings class is the wrong advice",
    ),
    Example(
        files={
            "app/config.py": """\
import os

from pydantic_settings import BaseSettings


def config_file() -> str:
    return os.getenv("SHOP_CONFIG_FILE", "shop.yaml")


class ShopSettings(BaseSettings):
    region: str = "eu"
""",
            "app/main.py": """\
import logging
import os

from fastapi import FastAPI

from app.config import ShopSettings

app = FastAPI()
settings = ShopSettings()
logging.info("settings from %s", os.getenv("SHOP_CONFIG_FILE", "shop.yaml"))
""",
        },
        note="the variable naming the settings' own file, read by the settings module: "
        "it cannot be a field of the settings it locates (seen in optimade)",
    ),
    Example(
        files={
            "kit/conf/settings.py": """\
import importlib
import os

from pydantic_settings import BaseSettings


class KitSettings(BaseSettings):
    debug: bool = False


def load_settings(module: str | None = None) -> KitSettings:
    module_name = module or os.getenv("KIT_SETTINGS_MODULE")
    if module_name is None:
        return KitSettings()
    values = importlib.import_module(module_name)
    return KitSettings(**{k: getattr(values, k) for k in dir(values) if k.isupper()})
""",
            "kit/main.py": """\
import os

from fastapi import FastAPI

from kit.conf.settings import load_settings

settings = load_settings(os.getenv("KIT_SETTINGS_MODULE") or "config.settings")
app = FastAPI(debug=settings.debug)
""",
        },
        note="a variable the settings module hands to `importlib.import_module` to find "
        "the module of values it loads: it locates the settings, whatever its name "
        "(seen in fapilot)",
    ),
    Example(
        files={
            "hub/config.py": """\
from dataclasses import dataclass
from pathlib import Path


@dataclass
class HubConfig:
    port: int = 4111


def load_config(config_dir: str) -> HubConfig:
    text = (Path(config_dir) / "hub.toml").read_text()
    return HubConfig(port=int(text.strip() or 4111))
""",
            "hub/app.py": """\
import os
from contextlib import asynccontextmanager

from fastapi import FastAPI

from hub.config import load_config


def resolve(path: str) -> str:
    return os.path.expanduser(path)


@asynccontextmanager
async def lifespan(app: FastAPI):
    config_dir = os.getenv("HUB_CONFIG_DIR", "/etc/hub")
    app.state.config = load_config(config_dir=config_dir)
    yield


def create_app() -> FastAPI:
    config_path = resolve(os.environ.get("HUB_CONFIG_PATH", "~/hub"))
    app = FastAPI(lifespan=lifespan)
    app.state.config = load_config(config_path)
    return app
""",
        },
        note="a variable named for the configuration's path, handed (kept in a local, or "
        "through a conversion) to a function named for loading the configuration: it "
        "locates the configuration, so it cannot be one of its fields, even with no "
        "settings class (seen in verlihub-py, monitor-app)",
    ),
    Example(
        files={
            "desk/__init__.py": "",
            "desk/places.py": """\
import os
from pathlib import Path

HOME = Path(os.path.expanduser("~"))
PROFILE_DIR = Path(os.environ.get("DESK_PROFILE_CONFIG_DIR", HOME / ".desk"))
PROFILE_FILE = PROFILE_DIR / "profile.json"
""",
            "desk/profile.py": """\
import json

from desk import places

_FILE = str(places.PROFILE_FILE)


def read_profile_settings() -> dict:
    with open(_FILE) as f:
        return json.load(f)
""",
            "desk/main.py": """\
from fastapi import FastAPI

from desk.profile import read_profile_settings

app = FastAPI(title=read_profile_settings().get("title", "desk"))
""",
        },
        note="a variable named for the configuration's folder, bound to a module constant "
        "that a function named for loading the configuration reads through constants "
        "derived from it (the file in that folder, in another module): it locates the "
        "configuration, as one handed to the loader does (seen in fathom-server)",
    ),
    Example(
        files={
            "crew/__init__.py": "",
            "crew/manifest.py": """\
import json

from dotenv import load_dotenv


class Manifest:
    def __init__(self, location: str = "crew.json"):
        with open(location) as fh:
            self.spec = json.load(fh)
        dotenv = self.spec.get("dotenv")
        if dotenv:
            load_dotenv(dotenv)
""",
            "crew/main.py": """\
import os

from fastapi import FastAPI

from crew.manifest import Manifest

manifest_at = os.environ.get("CREW_MANIFEST", "crew.json")
manifest = Manifest(manifest_at)
app = FastAPI(title=manifest.spec.get("name", "crew"))
""",
        },
        note="a path handed to a project class whose constructor reads the file there and "
        "loads the dotenv file it names: the variable locates where the settings' values "
        "come from, whatever its name (seen in agentflow-cli)",
    ),
    Example(
        files={
            "relay/__init__.py": "",
            "relay/runner.py": """\
import subprocess


def run_agent(prompt: str) -> str:
    done = subprocess.run(["agentcli", "-p", prompt], capture_output=True, text=True)
    return done.stdout
""",
            "relay/main.py": """\
import os

from fastapi import FastAPI

from relay.runner import run_agent

app = FastAPI()


@app.get("/doctor")
def doctor() -> dict[str, str]:
    if os.environ.get("AGENTCLI_API_KEY"):
        return {"agent": "key set in the environment"}
    return {"agent": "not logged in: run `agentcli login`"}


@app.post("/ask")
def ask(prompt: str) -> str:
    return run_agent(prompt)
""",
        },
        note="trap: a credential only tested for presence, to report whether the program "
        "the project starts (which inherits the environment) can log in; the project never "
        "uses the key, so a settings field would hold a secret only to test it",
    ),
    Example(
        files={
            "board/__init__.py": "",
            "board/store.py": """\
from pathlib import Path

import yaml
from pydantic import BaseModel


class BoardConfig(BaseModel):
    title: str = "board"


def load_config(path: str | Path) -> BoardConfig:
    return BoardConfig.model_validate(yaml.safe_load(Path(path).read_text()))


class Store:
    def __init__(self, config: BoardConfig) -> None:
        self.config = config

    @classmethod
    def from_file(cls, path: str | Path) -> "Store":
        return cls(load_config(path))
""",
            "board/main.py": """\
import os
from pathlib import Path

from fastapi import FastAPI

from board.store import Store


def _default_location() -> Path:
    return Path(os.environ.get("BOARD_PROFILE", "board.yaml"))


def create_app(location: str | None = None) -> FastAPI:
    path = Path(location) if location else _default_location()
    store = Store.from_file(path)
    return FastAPI(title=store.config.title)
""",
            "board/asgi.py": """\
import os

from board.main import create_app

app = create_app(os.environ.get("BOARD_PROFILE") or None)
""",
        },
        note="trap: the path of the file the settings are loaded from, handed (through a "
        "fallback) to the app factory, or returned by a helper, on through a classmethod "
        "to the function loading the configuration, which reads the file there: whatever "
        "its name, the variable locates the settings and cannot be one of their fields",
    ),
    Example(
        files={
            "app/flags.py": """\
import os


def flag(name: str, default: bool) -> bool:
    return str(os.environ.get(name, default)).lower() in ("1", "true")


DEBUG = flag("SHOP_DEBUG", False)
DRY_RUN = flag("SHOP_DRY_RUN", False)
EAGER = flag("SHOP_EAGER", True)
CACHE_HOME = os.environ.get("SHOP_CACHE_HOME", "/tmp/shop")
MODEL_SOURCE = os.environ.get("SHOP_MODEL_SOURCE", "hub").lower()
SKIP_SOURCE_CHECK = os.environ.get("SHOP_SKIP_SOURCE_CHECK", False)
""",
            "app/main.py": """\
from fastapi import FastAPI

from app.flags import DEBUG

app = FastAPI(debug=DEBUG)
""",
        },
        note="without a settings class, the module that gathers the environment into "
        "constants at import is the project's settings module (seen in paddlex's flags.py)",
    ),
    snippet(
        """\
import os


def custom_device_libs() -> list[str]:
    return os.listdir(os.getenv("CUSTOM_DEVICE_ROOT"))


def convert_from_torch() -> bool:
    return bool(os.environ.get("from_modelscope", False))
""",
        path="app/models/utils.py",
        note="PaddlePaddle's custom-device folder and PaddleNLP's ModelScope switch, in "
        "code adapted from those libraries (seen in paddlex)",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import providers, tools\n\napp = FastAPI()\n",
            "app/providers.py": """\
from dataclasses import dataclass, field
from os import getenv


@dataclass
class Embedder:
    api_key: str | None = getenv("ACME_EMBED_KEY")
    project: str | None = field(default_factory=lambda: getenv("ACME_PROJECT"))
    verbose: bool = field(
        default_factory=lambda: (getenv("ACME_VERBOSE") or "false").lower() == "true"
    )
    url: str = "https://api.acme.example"

    def client_params(self) -> dict[str, str | None]:
        self.api_key = self.api_key or getenv("ACME_API_KEY")
        self.url = getenv("ACME_URL") or self.url
        return {"key": self.api_key, "url": self.url}


@dataclass
class FastEmbedder(Embedder):
    def client_params(self) -> dict[str, str | None]:
        if not self.api_key:
            self.api_key = getenv("ACME_FAST_KEY")
        return super().client_params()
""",
            "app/tools.py": """\
import os


class WikiTools:
    def __init__(self, url=None, token=None, space=None, region=os.getenv("WIKI_REGION"), **kwargs):
        self.url = url or os.getenv("WIKI_URL")
        self.token = token if token is not None else os.environ.get("WIKI_TOKEN")
        if space is None:
            space = os.getenv("WIKI_SPACE", "main")
""",
        },
        note="a library integration's own default for a value its user passes (a "
        "dataclass field, a constructor argument, an option): the provider credential "
        "of whoever constructs it, not the server's configuration",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nimport app.evals\n\napp = FastAPI()\n",
            "app/evals/__init__.py": """\
from app.evals.harness import run_signed_eval

__all__ = ["run_signed_eval"]
""",
            "app/evals/harness.py": """\
import hashlib
import os


def run_signed_eval(scores: list[float], signing_key: str | None = None) -> str:
    key = signing_key or os.environ.get("APP_EVAL_SIGNING_KEY", "dev")
    return hashlib.sha256((key + repr(scores)).encode()).hexdigest()
""",
            "tests/test_harness.py": """\
from app.evals import run_signed_eval


def test_signed() -> None:
    assert run_signed_eval([1.0], signing_key="k")
""",
        },
        note="the fallback of an argument of a public function that nothing in the project "
        "calls (its package re-exports it, its tests call it): an API whose callers give the "
        "value (openmed openmed/eval/harness.py:2755)",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import heads\n\napp = FastAPI()\n",
            "app/vendor/__init__.py": "",
            "app/vendor/heads.py": "class Head:\n    scale = 2\n",
            "app/heads.py": """\
import os

from app.vendor.heads import Head as ReferenceHead


class Head(ReferenceHead):
    def __init__(self, size: int | None = None) -> None:
        self.size = self._size(size)

    def _size(self, size: int | None) -> int:
        if size is not None:
            return self.scale * size
        return int(os.environ.get("APP_HEAD_SIZE", "8"))
""",
        },
        note="a class named like the imported base it extends (`class Head(ReferenceHead)` "
        "over another module's `Head`): asking whether the base is a field class does not "
        "loop (unsloth unsloth/models/clef.py:479 crashed the check for the whole project)",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import vocab, worker\n\napp = FastAPI()\n",
            "app/worker.py": """\
import os


class Worker:
    def __init__(self, secret: str | None = None, disable_auth: bool = False) -> None:
        self.secret = self._resolve_secret(secret, disable_auth)

    def _resolve_secret(self, secret: str | None, disable_auth: bool) -> str:
        if disable_auth:
            return ""
        if secret:
            return secret
        env_secret = os.environ.get("ACME_WORKER_SECRET")
        if env_secret:
            return env_secret
        raise ValueError("no secret: pass one or set ACME_WORKER_SECRET")
""",
            "app/vocab.py": """\
import os
from pathlib import Path

DEFAULT_CACHE = Path("~/.cache/acme")


class VocabLoader:
    def __init__(self, cache_dir: str | None = None) -> None:
        self.cache_dir = _cache_dir(cache_dir)


def _cache_dir(cache_dir: str | None) -> Path:
    if cache_dir is not None:
        return Path(cache_dir).expanduser()
    env = os.getenv("ACME_CACHE_DIR")
    return Path(env).expanduser() if env else DEFAULT_CACHE
""",
        },
        note="the fallback of a constructor argument, read in a private helper (a method, "
        "or a function of the module) only the constructor calls, after the helper returns "
        "the argument, or a value made from it, when given (H32 arcade-serve "
        "arcade_serve/core/base.py:83; openmed openmed/clinical/grounding/vocab.py:790)",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import borrowed\n\napp = FastAPI()\n",
            "app/borrowed.py": """\
import json
import os
from pathlib import Path


def _kimi_home() -> Path:
    return Path(os.environ.get("KIMI_CODE_HOME", "~/.kimi-code")).expanduser()


def _codex_home() -> Path:
    return Path(os.getenv("CODEX_HOME", default="~/.codex")).expanduser()


def borrowed_token() -> str:
    return json.loads((_kimi_home() / "credentials.json").read_text())["access_token"]


def opencode_config() -> Path:
    raw = os.environ.get("OPENCODE_HOME", "").strip()
    base = Path(raw).expanduser() if raw else Path.home() / ".config" / "opencode"
    return base / "opencode.json"
""",
        },
        note="another program's home folder, read with that program's default to find "
        "its credentials, or with the folder it keeps in the user's configuration used "
        "when the variable is empty: the variable is the program's (H32 mindroom "
        "mindroom/providers/openai/kimi_auth.py:72; headroom-ai "
        "headroom/install/paths.py:174)",
    ),
    Example(
        files=_lazy_package("create_realtime_app"),
        note="a public factory whose parameter the read is the fallback of, re-exported by "
        "a lazy module `__getattr__` that stores and returns the factory itself (PEP 562): "
        "handing it on calls nothing, the factory's callers give the value (hank-excel-mcp "
        "excel_mcp/relay_app.py:60, re-exported at relay.py:672-683)",
    ),
    Example(
        files=_container_launcher("hint('password', profile)"),
        note="a launcher command that starts the server's container with `-e NAME=value` in "
        "its `docker run` argv, the value made by a function of the project (display text "
        "for the login page), is the only source of the variable: a channel between the "
        "project's own processes (painapple-code painapple_code/server.py:1031, written at "
        "cli/deploy/container.py:440)",
    ),
    Example(
        files=_cli_ready("CODEX_API_KEY"),
        note="another CLI's home folder, found through `or` and a local bound to the user's "
        "home, and that CLI's key only tested for presence in the same function to tell "
        "whether it is signed in: both the CLI's, which reads its key itself (painapple-code "
        "painapple_code/providers/codex/capabilities.py:93, :98)",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import nvml, platform\n\napp = FastAPI()\n",
            "app/nvml.py": """\
# flake8: noqa
#
# Based on acme-ml-py version 11.5
# Sourced from https://pypi.org/project/acme-ml-py/
#
# Copyright (c) 2011-2022, Acme Corporation.  All rights reserved.
import os

DLL_PATH = os.getenv("ACME_DLL_PATH")
""",
            "app/platform.py": """\
import os

candidates = [
    os.environ.get("PROGRAMFILES(X86)"),
    os.getenv("ProgramW6432"),
    os.getenv("LocalAppData"),
]
cert = os.getenv("LIGHTNING_CERT_PEM", "")
""",
        },
        note="a module whose header says it was copied from another project (a vendored "
        "library); Windows' system variables in any case; the Lightning platform's "
        "injected TLS material",
    ),
    snippet(
        """\
import os

from fastapi import FastAPI

app = FastAPI()


def child_env(extra: str) -> dict[str, str]:
    merged = ",".join(p for p in (os.environ.get("GLIBC_TUNABLES"), extra) if p)
    return {
        "GLIBC_TUNABLES": merged,
        "LD_PRELOAD": os.getenv("LD_PRELOAD", ""),
        "MALLOC_ARENA_MAX": os.environ.get("MALLOC_ARENA_MAX", "2"),
    }


@app.get("/env")
def env() -> dict[str, str]:
    return child_env("glibc.malloc.trim_threshold=131072")
""",
        path="app/routes.py",
        note="the C library's and the dynamic loader's own variables (the glibc manual's "
        "Tunables, ld.so(8)'s ENVIRONMENT), merged with the application's tuning: not "
        "settings the application could declare",
    ),
    Example(
        files={
            "store/__init__.py": "",
            "store/main.py": """\
from fastapi import FastAPI

from store.env_settings import EnvStoreSettings

app = FastAPI()
settings = EnvStoreSettings()


@app.get("/backend")
def backend() -> dict[str, str | None]:
    return {"url": settings.url(), "bucket": settings.bucket()}
""",
            "store/ports.py": """\
from typing import Protocol


class StoreSettingsPort(Protocol):
    def url(self) -> str | None: ...
    def bucket(self) -> str: ...
    def retries(self) -> int: ...
""",
            "store/env_settings.py": """\
import os

from store.ports import StoreSettingsPort


def _primary_url() -> str | None:
    return (os.getenv("STORE_PRIMARY_URL") or os.getenv("STORE_URL") or "").strip() or None


class EnvStoreSettings(StoreSettingsPort):
    def url(self) -> str | None:
        return _primary_url() or os.getenv("LEGACY_STORE_URL")

    def bucket(self) -> str:
        return os.environ.get("STORE_BUCKET", "main")

    def retries(self) -> int:
        return int(os.getenv("STORE_RETRIES", "3"))
""",
        },
        note="a hand-written settings object (every public method takes only `self` and "
        "reads the environment) implementing the settings port its domain declares instead "
        "of `BaseSettings`, and the module helper only its accessor calls: the reads are "
        "the settings layer's own",
    ),
    Example(
        files={
            "app/main.py": """\
from fastapi import FastAPI

from app.runtime import agent_port, track

app = FastAPI()


@app.get("/agent")
def agent() -> dict[str, str | None]:
    track()
    return {"port": agent_port}
""",
            "app/runtime.py": """\
import os

import wandb

agent_port = os.environ.get("NOMAD_ALLOC_PORT_grpc")


def track() -> None:
    wandb.init(project=os.getenv("WANDB_PROJECT"))
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        print("metrics are aggregated across workers")
""",
        },
        note="HashiCorp Nomad's runtime variables (set for every task of an allocation), "
        "the Weights & Biases SDK's own (`wandb.init` reads `WANDB_PROJECT` itself) and "
        "prometheus_client's multiprocess directory",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import control\n\napp = FastAPI()\n",
            "app/control.py": """\
import os

current_hash = os.environ.get("BUILD_HASH_APP")
ping_url = os.environ.get("PING_URL_APP")
""",
            "app/handle.py": """\
import subprocess


def run(ping_url: str | None) -> None:
    envs = {}
    if ping_url:
        envs["PING_URL_APP"] = ping_url
    subprocess.run(["docker", "run", "app"], env=envs)
""",
            "app/templates/server.Dockerfile.jinja": """\
FROM python:3.12
ENV BUILD_HASH_APP="{{ build_hash }}"
CMD ["uvicorn", "app.main:app"]
""",
            "app/_cli_bootstrap.py": """\
import os

level = os.environ.get("LOG_LEVEL", "warning").upper()
""",
        },
        note="variables the project's own tooling sets for the process it packages (a "
        "Dockerfile template rendering the value, an `envs` dict for the container), and "
        "a CLI bootstrap module reading the log level before the settings load",
    ),
    Example(
        files={
            "app/main.py": """\
from fastapi import FastAPI

from app.gallery import search_tool

app = FastAPI()


@app.get("/tools")
def tools() -> list[str]:
    return [search_tool.name]
""",
            "app/gallery.py": """\
import os

from autogen_core.tools import FunctionTool


async def web_search(query: str) -> str:
    api_key = os.getenv("SEARCH_API_KEY", "")
    return f"{query}:{bool(api_key)}"


search_tool = FunctionTool(web_search, description="search", global_imports=["os"])
""",
        },
        note="a tool function whose source AutoGen serialises and an agent runs "
        "standalone reads its user's variable: it cannot import the server's settings",
    ),
    Example(
        files={
            "app/settings.py": """\
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ModelSettings(BaseSettings):
    openai_api_key: str | None = None
    gateway_url: str = Field("http://localhost", validation_alias="LLM_GATEWAY")


class ShopSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHOP_")

    region: str = "eu"


model_settings = ModelSettings()
shop_settings = ShopSettings()
""",
            "app/llm.py": """\
import os

from app.settings import model_settings, shop_settings


def api_key() -> str | None:
    return model_settings.openai_api_key or os.environ.get("OPENAI_API_KEY")


def gateway() -> str:
    return os.getenv("LLM_GATEWAY", model_settings.gateway_url)


def region() -> str:
    return shop_settings.region or os.getenv("SHOP_REGION", "eu")
""",
        },
        note="variables a settings class already declares (its field under the env "
        "prefix, or a literal alias) read raw as a fallback after the field: the advice "
        "to declare them is already met",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app.thirdparty.tts import model\n\napp = FastAPI()\n",
            "app/thirdparty/tts/model.py": """\
import os

OFFLOAD = os.environ.get("TTS_DECODE_OFFLOAD", "0") == "1"
""",
            "app/metrics.py": """\
import os

agent_host = os.environ.get("DD_AGENT_HOST", "localhost")
vault_token = os.getenv("VAULT_TOKEN")
storage_key = os.getenv("AZURE_STORAGE_KEY")
""",
        },
        note="a vendored library's own knob; Datadog's, Vault's and the Azure CLI's variables",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import attribution, worker\n\napp = FastAPI()\n",
            "app/worker.py": """\
import subprocess


def flow_env(flow_id: str, tmp: str | None) -> dict[str, str]:
    env: dict[str, str] = {}
    env["APP__FLOW_ID"] = flow_id
    env.update({**({"APP__STORAGE_PATH": tmp} if tmp else {})})
    return env


def start_server() -> subprocess.Popen:
    server_env = {"APP__SERVER_FINAL": "1"}
    return subprocess.Popen(["uvicorn", "app.main:app"], env=server_env)
""",
            "app/attribution.py": """\
import os

flow_id = os.environ.get("APP__FLOW_ID")
final = bool(os.getenv("APP__SERVER_FINAL"))
storage = os.getenv("APP__STORAGE_PATH")
""",
        },
        note="variables the project writes into a child process's environment dict and "
        "reads back: an internal channel",
    ),
    Example(
        files={
            "app/payments/config.py": """\
from pydantic import SecretStr
from pydantic_settings import BaseSettings


class PaymentsConfig(BaseSettings):
    STRIPE_KEY: SecretStr


payments_settings = PaymentsConfig()
""",
            "app/payments/service.py": """\
from app.payments.config import payments_settings


def stripe_key() -> str:
    return payments_settings.STRIPE_KEY.get_secret_value()
""",
        },
    ),
    snippet(
        """\
import os

DATABASE_URL = os.getenv("DATABASE_URL", "sqlite://")
""",
        path="app/core/config.py",
        note="a settings module by name",
    ),
    snippet(
        """\
import os

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    env: str = os.environ.get("APP_ENV", "dev")
""",
        path="app/bootstrap.py",
        note="a module defining a settings class",
    ),
    snippet(
        """\
import os

import uvicorn

os.environ["TZ"] = "UTC"
os.environ.setdefault("APP_ENV", "dev")
del os.environ["TMP"]
enabled = "FEATURE_X" in os.environ

if __name__ == "__main__":
    uvicorn.run("app.main:app", port=int(os.getenv("PORT", "8000")))
""",
        note="writes, setdefault, membership tests and the __main__ block",
    ),
    snippet(
        """\
class Env:
    def get(self, key: str) -> str:
        return key


def read(os: Env) -> str:
    environ = {"A": "1"}
    return os.get("A") + environ["A"]
""",
        note="local variables named like the os module",
    ),
    snippet(
        """\
import os

import typer
import uvicorn

cli = typer.Typer()


@cli.command()
def serve(port: int = 8000) -> None:
    if os.getenv("APP_SECRET") is None:
        os.environ["APP_SECRET"] = "generated-at-startup"
    uvicorn.run("app.main:app", port=port, workers=int(os.environ.get("WORKERS", "1")))
""",
        path="app/launch.py",
        note="a typer command prepares the environment before the app starts",
    ),
    snippet(
        """\
import os

tz = os.environ.get("TZ")
pod = os.getenv("HOSTNAME")
region = os.environ.get("AWS_DEFAULT_REGION", "us-east-1")
otlp = os.getenv("OTEL_EXPORTER_OTLP_ENDPOINT")
proxy = os.environ.get("https_proxy")
hub = os.getenv("HF_TOKEN")
if os.environ.get("PYTEST_VERSION") is None:
    commit = os.getenv("GITHUB_SHA") or os.getenv("CI_COMMIT_SHA")
forwarded = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
login = os.environ.get("LOGNAME") or os.environ.get("LNAME") or os.environ.get("USER")
in_codespace = os.getenv("CODESPACES") == "true"
pod = {"name": os.getenv("POD_NAME"), "namespace": os.environ.get("K8S_NAMESPACE_NAME")}


def init_dist_slurm() -> tuple[int, str, str]:
    proc_id = int(os.environ["SLURM_PROCID"])
    node_list = os.environ["SLURM_NODELIST"]
    return proc_id, node_list, os.environ.get("MASTER_PORT", "29500")


def oss_config() -> dict[str, str | None]:
    return {"endpoint": os.getenv("OSS_ENDPOINT"), "id": os.getenv("OSS_ACCESS_KEY_ID")}


def sandbox() -> str | None:
    if os.environ.get("FLATPAK_ID"):
        return "flatpak"
    return "snap" if os.environ.get("SNAP") else None


def registry_auth() -> str | None:
    return os.environ.get("REGISTRY_AUTH_FILE") or os.environ.get("DOCKER_CONFIG")


def compose_project() -> str:
    return os.environ.get("COMPOSE_PROJECT_NAME") or "stack"


def uv_project() -> str | None:
    return os.getenv("UV_PROJECT")


def usbmuxd_address() -> str:
    return os.getenv("USBMUXD_SOCKET_ADDRESS") or "/var/run/usbmuxd"


def msvc_report() -> str:
    return "INCLUDE " + ("set" if os.environ.get("INCLUDE") else "unset")


def coding_agent() -> str | None:
    if os.environ.get("AGENT") == "amp" or os.environ.get("AI_AGENT"):
        return "agent"
    return "cursor" if os.environ.get("CURSOR_EXTENSION_HOST_ROLE") else None


def azureml_run() -> tuple[str | None, str | None]:
    return os.environ.get("AZUREML_ARM_WORKSPACE_NAME"), os.getenv("AZUREML_RUN_ID")


def nvcc_path() -> str:
    root = os.environ.get("CUDA_HOME") or os.environ.get("CUDA_PATH") or "/usr/local/cuda"
    return root + "/bin/nvcc"


def host_tool() -> str | None:
    if os.environ.get("PYCHARM_HOSTED") or os.environ.get("TERMINAL_EMULATOR") == "JetBrains-JediTerm":
        return "pycharm"
    return "kernel" if os.environ.get("JPY_PARENT_PID") else None


def shell_report() -> dict[str, str | None]:
    return {
        "editor": os.getenv("VSCODE_INJECTION"),
        "terminal": os.environ.get("TERM_PROGRAM_VERSION") or os.environ.get("WT_SESSION"),
        "distro": os.getenv("WSL_DISTRO_NAME"),
        "interop": os.getenv("WSL_INTEROP"),
        "shared": os.getenv("WSLENV"),
    }


def hub_service() -> tuple[str, str]:
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/app/")
    return prefix, os.environ.get("JUPYTERHUB_OAUTH_CALLBACK_URL", prefix + "oauth_callback")


def rocm_devices() -> tuple[str, str | None]:
    return os.environ.get("ROCM_PATH", "/opt/rocm"), os.environ.get("HIP_VISIBLE_DEVICES")


def expandable_segments() -> bool:
    return "expandable_segments:True" in os.environ.get("PYTORCH_CUDA_ALLOC_CONF", "")


def log_dir() -> str:
    if os.getenv("VERCEL") == "1" or os.environ.get("RENDER") == "true":
        return "/tmp/logs"
    return f"logs/{os.getenv('FLY_REGION', 'local')}-{os.getenv('VERCEL_GIT_COMMIT_SHA', '')}"
""",
        path="app/telemetry.py",
        note="variables of the OS, the container runtime and tools, a Linux sandbox "
        "(Flatpak, snapd), Visual Studio's developer prompt, an AI coding agent's "
        "markers (`AGENT=amp`, `AI_AGENT`), a cloud SDK (AWS, Alibaba "
        "Cloud OSS), an Azure Machine Learning job's runtime (the workspace and run it "
        "executes in, promptflow-core promptflow/core/_prompty_utils.py:977), OpenTelemetry, the Hugging Face hub, pytest, CI services, uvicorn, "
        "a batch scheduler (SLURM), torch.distributed's launcher, the CUDA toolkit's root "
        "and PyTorch's allocator (vllm-tpu vllm/utils/flashinfer.py:67, "
        "vllm/distributed/weight_transfer/sharded_rdt_trainer.py:980), the usbmuxd daemon's "
        "address libimobiledevice's tools share (pymobiledevice3 pymobiledevice3/usbmux.py:196), "
        "GitHub Codespaces, VS Code's integrated terminal, a terminal emulator, WSL's "
        "session (mcp-feedback-webui mcp_feedback_enhanced/server.py:586-590), what "
        "JupyterHub sets for a service it manages (jupyter-classroom "
        "jupyter_classroom/auth.py:20, :61) and "
        "the pod's identity a Kubernetes manifest fills from the Downward API belong to "
        "the platform",
    ),
    Example(
        files={
            "app/runner.py": """\
import os
import subprocess
import sys


def launch(run_id: str) -> None:
    os.environ.setdefault("PROMETHEUS_DIR", "/tmp/metrics")
    env = {}
    env.update(os.environ)
    env["APP_CHILD_RUN_ID"] = run_id
    subprocess.run([sys.executable, "-m", "app.child"], env={**env, "APP_CHILD_SLOT": "1"})


def with_pool_size(size: int) -> None:
    previous = os.environ.get("APP_POOL_SIZE")
    os.environ["APP_POOL_SIZE"] = str(size)
    try:
        pass
    finally:
        if previous is not None:
            os.environ["APP_POOL_SIZE"] = previous
""",
            "app/child.py": """\
import os

run_id = os.environ["APP_CHILD_RUN_ID"]
slot = os.getenv("APP_CHILD_SLOT")
metrics_dir = os.environ["PROMETHEUS_DIR"]
""",
        },
        note="variables the project writes itself (for its child processes, or saved to be "
        "restored after an override) are an internal channel, not settings",
    ),
    snippet(
        """\
import os

import uvicorn

log_level = (os.environ.get("APP_LOG_LEVEL") or "info").lower()
uvicorn.run("app.main:app", log_level=log_level)
""",
        path="app/__main__.py",
        note="`python -m app`: the whole module is the entry point",
    ),
    snippet(
        """\
import os
import subprocess
import sys


def reload(script: str) -> int:
    env = dict(os.environ, APP_WATCH="1")
    if "APP_MODE" in os.environ:
        env["APP_MODE"] = os.environ["APP_MODE"]
    return subprocess.call([sys.executable, script], env=env)
""",
        path="app/cli/commands/reload.py",
        note="a module of a cli/ package launches the app (here, passing variables on)",
    ),
    Example(
        files={
            "app/env.py": 'import os\n\nDATA_DIR = os.environ.get("DATA_DIR", "./data")\nDEBUG = os.getenv("DEBUG") == "1"\n',
            "app/celeryconfig.py": 'import os\n\nbroker_url = os.environ["BROKER_URL"]\n',
            "app/_shared/defaults.py": """\
import os


def default_dispatcher_config() -> dict[str, str | None]:
    return {"db_path": os.environ.get("APP_DATABASE"), "workers": os.getenv("APP_WORKERS")}
""",
            "app/configuration/parser.py": """\
import os

PREFIX = "APP__"


def lookup(section: str, key: str) -> str | None:
    return os.environ.get(f"{PREFIX}{section.upper()}__{key.upper()}")
""",
            "app/config_loader.py": """\
import os


def load_limits() -> dict[str, float]:
    return {
        "max_spread": float(os.getenv("RISK_MAX_SPREAD", "9999")),
        "risk_percent": float(os.getenv("RISK_PERCENT", "0.01")),
    }
""",
        },
        note="modules and packages named for the configuration (`config_loader.py`: "
        "named for its role, loading the configuration)",
    ),
    snippet(
        """\
import os

CI_VARIABLES = ("CI", "GITHUB_ACTIONS", "GITLAB_CI")

if os.environ.get("_APP_PATCH_GEVENT"):
    from gevent import monkey

    monkey.patch_all()


def in_ci() -> bool:
    return any(os.environ.get(name) for name in CI_VARIABLES)


def read(name: str) -> str:
    return os.environ[name]
""",
        path="app/runtime.py",
        note="computed names (nothing to declare) and a private bootstrap switch",
    ),
    snippet(
        """\
\"\"\"The served application.\"\"\"

import os

if os.getenv("APP_TRACING", "false").lower() == "true":
    # instrumentation must load before anything else is imported
    import ddtrace.auto  # noqa: F401

from fastapi import FastAPI

app = FastAPI()
""",
        path="app/main.py",
        note="a switch that decides, ahead of every other import, what loads first: "
        "read before the settings can be imported",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import agents\n\napp = FastAPI()\n",
            "app/agents.py": """\
import os

try:
    if os.getenv("ACMETRACE_API_KEY") is not None:
        from acmetrace import track_agent
    else:
        raise ImportError
except ImportError:

    def track_agent(name: str) -> str:
        return name
""",
        },
        note="tested only to decide whether to use a vendor's SDK, which reads its own "
        "variable (the package its first word names)",
    ),
    snippet(
        """\
import os

config = {"url": os.environ["DATABASE_URL"]}
""",
        path="migrations/env.py",
        note="Alembic's env.py",
    ),
    snippet(
        """\
import os

TOKEN = os.getenv("TOKEN")
""",
        path="scripts/seed.py",
        note="tooling",
    ),
    snippet(
        """\
from starlette.config import Config

config = Config(".env")
ENVIRONMENT = config("ENVIRONMENT", default="local")
""",
        note="Starlette's Config is not a raw environment read",
    ),
    Example(
        files={
            "pkg/server/app.py": """\
from fastapi import FastAPI

from pkg.server import search

app = FastAPI()


@app.get("/search")
async def find(q: str) -> list[str]:
    return search.run(q)
""",
            "pkg/server/search.py": """\
import argparse
import os
import sys


def run(q: str) -> list[str]:
    return [q]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("query")
    args = parser.parse_args()
    print(run(args.query), os.environ.get("SEARCH_KEY"))


def launch() -> None:
    engine = os.environ.get("SEARCH_ENGINE_IMPL", "default")
    print(engine, run(" ".join(sys.argv[1:])))
""",
            "pkg/sdk/client.py": """\
import os

API_KEY = os.getenv("PKG_API_KEY")
""",
            "pkg/testing/plugin.py": """\
import os

import pytest


@pytest.fixture
def browser() -> str:
    return os.environ["BROWSER_BIN"]
""",
            "pkg/testing/__init__.py": "",
        },
        note="not application code: a client SDK the server never imports, a pytest plugin "
        "outside tests/, and command-line programs nothing calls (an argparse main(), a "
        "launcher that reads sys.argv) in a module the server uses",
    ),
    Example(
        files={
            "app/main.py": """\
import os

from fastapi import FastAPI

from app.providers import AcmeProvider

app = FastAPI()


class Settings:
    MAX_ROWS = 100
    DISABLE_TELEMETRY = os.getenv("APP_DISABLE_TELEMETRY", "")


@app.get("/rows")
def rows() -> int:
    return Settings.MAX_ROWS + len(AcmeProvider.Settings().api_key)
""",
            "app/providers.py": """\
import os

from pydantic import BaseModel, Field


class AcmeProvider:
    class Settings(BaseModel):
        api_key: str = Field(os.getenv("ACME_KEY", ""), title="Acme key")
""",
        },
        note="an attribute of the project's configuration class, a plain ``Settings`` or a "
        "provider's nested settings model: the variable is declared there",
    ),
    Example(
        files={
            "svc/main.py": """\
import os
from pathlib import Path

from fastapi import FastAPI


class WorkerSettings:
    def __init__(self) -> None:
        self.root = Path(os.environ.get("SVC_WORK_ROOT", "/tmp/work"))
        self.strict = os.environ.get("SVC_STRICT", "").lower() in {"1", "true"}
        if os.name == "nt":
            self.shell = os.environ.get("SVC_SHELL") or "cmd"


settings = WorkerSettings()
app = FastAPI()


@app.get("/root")
def root() -> str:
    return str(settings.root)
""",
        },
        note="an attribute a hand-written settings class sets in its own ``__init__``: the "
        "variable is declared there, and the read is its loader",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app.boot import init_config\n\napp = FastAPI()\nconfig = init_config()\n",
            "app/boot.py": """\
from os import getenv

from pydantic import BaseModel


class WebAPIConfig(BaseModel):
    port: int = 5000
    host: str = "0.0.0.0"


def init_config() -> WebAPIConfig:
    default = WebAPIConfig()
    return WebAPIConfig(
        **dict(
            port=int(getenv("APP_PORT", default.port)),
            host=getenv("APP_HOST", default.host),
        )
    )
""",
        },
        note="keywords of a `dict(...)` splatted into the project's configuration class",
    ),
    Example(
        files={
            "app/main.py": """\
import os
from dataclasses import dataclass

from fastapi import FastAPI

app = FastAPI()


class Config:
    def __init__(self, filename: str | None) -> None:
        self.filename = filename


config = Config(os.environ.get("APP_CONFIG"))


@dataclass
class GatewayConfig:
    port: int

    @classmethod
    def from_env(cls) -> "GatewayConfig":
        configured = int(os.getenv("GATEWAY_PORT", "8080"))
        resolved = configured
        if config.filename:
            resolved = 9090
        return cls(port=resolved)
""",
        },
        note="handed to the project's configuration class positionally, or through the "
        "locals of its ``from_env`` to ``cls(port=...)``: the class declares it",
    ),
    Example(
        files={
            "app/main.py": """\
import os
from dataclasses import dataclass

from fastapi import FastAPI

app = FastAPI()


@dataclass
class Bucket:
    credentials: str | None = None

    def __post_init__(self) -> None:
        credentials = self.credentials
        if credentials is None:
            credentials = os.environ.get("BUCKET_CREDENTIALS")
        self.credentials = credentials


@app.get("/bucket")
def bucket() -> str | None:
    return Bucket().credentials
""",
        },
        note="the fallback of a local copy of the object's own field: whoever constructs "
        "it passes the setting",
    ),
    Example(
        files={
            "app/main.py": """\
import os

from fastapi import FastAPI

app = FastAPI()


@app.get("/cloud")
def cloud() -> dict[str, str | None]:
    return {
        "train": os.getenv("modal.state.trainTaskId"),
        "task": os.environ["modal.state.taskId"],
    }
""",
        },
        note="a dotted name is no shell variable and no settings field (a platform passes "
        "it into the process)",
    ),
    Example(
        files={
            "pkg/main.py": """\
from fastapi import FastAPI

from pkg.data.stream import cache

app = FastAPI()


@app.get("/cache")
def size() -> int:
    return cache.size()
""",
            "pkg/__init__.py": "",
            "pkg/data/__init__.py": "",
            "pkg/data/stream/__init__.py": "# Modified from https://github.com/acme/streams\n",
            "pkg/data/stream/cache.py": """\
# This file is part of the Streams library.
import os


def size() -> int:
    return int(os.environ.get("STREAMS_CACHE_SIZE", "10"))
""",
        },
        note="a subpackage whose header says it is a modified copy of another project's "
        "library: its files read that library's knobs",
    ),
    Example(
        files={
            "app/main.py": """\
from fastapi import FastAPI

from app.registry import Registry

app = FastAPI()
registry = Registry()


@app.get("/size")
def size() -> int:
    return registry.size()
""",
            "app/errors.py": """\
from typing import NoReturn


def fail(message: str) -> NoReturn:
    raise RuntimeError(message)
""",
            "app/registry.py": """\
from os import environ

from app.errors import fail


class Registry:
    instance: "Registry | None" = None

    def size(self) -> int:
        return 0

    @staticmethod
    def reset() -> None:
        if "APP_ENV" not in environ or environ["APP_ENV"] != "testing":
            raise RuntimeError("reset() is for the tests")
        Registry.instance = None

    @staticmethod
    def clear_for_tests() -> None:
        if environ.get("APP_ENV") not in ("test", "testing"):
            fail("clear_for_tests() is for the tests")
        Registry.instance = None
""",
        },
        note="a function that refuses to run unless the variable says testing (raising, "
        "or calling a helper that only raises) is test support: the variable is the test "
        "suite's marker, not configuration",
    ),
    Example(
        files={
            "app/main.py": """\
import os

from fastapi import FastAPI

app = FastAPI()


@app.get("/job")
def job() -> dict[str, str | None]:
    return {"id": os.environ.get("APP_JOB_ID"), "pod": os.environ.get("APP_POD_INDEX")}
""",
            "app/jobs.py": """\
from typing import Any


def container_env(job_id: str) -> list[dict[str, Any]]:
    env: list[dict[str, Any]] = [{"name": "APP_JOB_ID", "value": job_id}]
    env.append(
        {
            "name": "APP_POD_INDEX",
            "valueFrom": {"fieldRef": {"fieldPath": "metadata.labels['job-index']"}},
        }
    )
    return env
""",
        },
        note="variables the project writes into the env of the containers it launches "
        "(a Kubernetes env list, annotated or appended to) are a channel to its own pods",
    ),
    snippet(
        """\
import json
import os
from pathlib import Path

from fastapi import FastAPI

app = FastAPI()


def load_fleet_config(path: Path) -> dict:
    return json.loads(path.read_text())


@app.get("/fleet")
def fleet() -> dict:
    raw = os.environ.get("APP_FLEET_CONFIG", "").strip()
    if not raw:
        return {}
    return load_fleet_config(Path(raw).expanduser())
""",
        note="a variable named for a configuration whose value goes to that "
        "configuration's loader says where it comes from: it cannot be one of its fields",
    ),
    snippet(
        """\
import os
from pathlib import Path

import tiktoken
from fastapi import FastAPI

app = FastAPI()


def encoding_cached(key: str) -> bool:
    cache = os.environ.get("TIKTOKEN_CACHE_DIR") or os.environ.get("DATA_GYM_CACHE_DIR")
    return bool(cache) and Path(cache, key).is_file()


@app.get("/tokens")
def tokens(text: str) -> int:
    if not encoding_cached("cl100k"):
        return -1
    return len(tiktoken.get_encoding("cl100k_base").encode(text))
""",
        note="tiktoken's own cache variables, read to predict what the tiktoken the project "
        "uses will do: a field on the project's settings would not configure it",
    ),
    snippet(
        """\
import os
import subprocess

from fastapi import FastAPI

app = FastAPI()


@app.post("/helper/build")
def build_helper(compiler: str | None = None) -> int:
    cc = compiler or os.environ.get("CC") or "cc"
    flags = os.environ.get("CFLAGS", "-O2").split()
    return subprocess.run([cc, *flags, "-o", "helper", "helper.c"]).returncode
""",
        note="the C toolchain's conventional variables (make's CC, CFLAGS): the build "
        "tools' settings, not the application's",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nimport app.runners\n\napp = FastAPI()\n",
            "app/runners/__init__.py": """\
from app.runners.remote import RemoteRunner, login

__all__ = ["RemoteRunner", "login"]
""",
            "app/runners/remote.py": """\
import os
from typing import Any

from pydantic import BaseModel


def login(verify_tls: bool = False) -> bool:
    return os.getenv("RUNNERS_VERIFY_TLS", f"{verify_tls}").lower() in ("true", "1")


class RemoteOptions(BaseModel):
    region: str = ""
    image: str = ""


class Base:
    def __init__(self, **kwargs: Any) -> None:
        self.options = RemoteOptions(**kwargs)


class RemoteRunner(Base):
    options: RemoteOptions

    def __init__(self, *args: Any, version: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = self.options
        region = options.region
        self._region = region or os.environ.get("RUNNERS_REGION", "")
        self._image = self.options.image or os.environ.get("RUNNERS_IMAGE", "")
        env_version = os.environ.get("RUNNERS_VERSION", "")
        self._version = version or env_version
""",
        },
        note="parameter fallbacks spelt otherwise: the parameter's own text as the default "
        "(`getenv(X, f'{verify_tls}')`) in a public function nothing in the project calls, a "
        "constructor's options parsed from the keywords its maker passes (`options.region`), "
        "and a local read only as the parameter's fallback (`version or env_version`) "
        "(hopsworks hopsworks/__init__.py:320, harbor environments/use_computer.py:175, :179)",
    ),
    Example(
        files={
            "app/main.py": """\
from fastapi import FastAPI

from app.keys import KeyRing

app = FastAPI()
ring = KeyRing()
""",
            "app/keys.py": """\
import json
import os


class KeyRing:
    def __init__(self, keys: list | None = None, issuer: str | None = None) -> None:
        if keys is None:
            many = os.getenv("KEYRING_KEY_SET")
            if many:
                keys = json.loads(many)
            elif one := os.getenv("KEYRING_KEY"):
                keys = [json.loads(one)]
            else:
                issuer = os.getenv("KEYRING_ISSUER_URL")
                keys = []
        self.keys = keys
        self.issuer = issuer
""",
        },
        note="defaults read only when the maker gave no configuration (`if keys is None:`), "
        "named otherwise than the parameters they fill: a local that only feeds the "
        "parameter (`many`, `one :=`) and another parameter filled in that branch "
        "(usso usso/auth.py:59, :62, :65)",
    ),
    Example(
        files={
            "app/main.py": """\
from fastapi import FastAPI

from app.tokens import mint

app = FastAPI()
ISSUER = "api"


@app.get("/token")
def token(owner: str) -> str:
    return mint(owner, ISSUER) + mint(owner=owner, issuer=ISSUER)
""",
            "app/tokens.py": """\
import os


def mint(owner: str, issuer: str | None = None) -> str:
    \"\"\"Mint a token; ``issuer`` defaults to the TOKENS_ISSUER variable.\"\"\"
    issuer = issuer or os.getenv("TOKENS_ISSUER")
    return f"{issuer}:{owner}"
""",
        },
        note="the default of a public function's parameter that every call in the project "
        "passes (by position or keyword): the read only serves the package's other users "
        "(usso usso/utils/agent.py:87)",
    ),
    Example(
        files={
            "app/main.py": """\
from fastapi import FastAPI

from app.config import settings

app = FastAPI(title=settings.title)
""",
            "app/config.py": """\
from pydantic_settings import BaseSettings

from app.logs import make_logger

logger = make_logger(__name__)


class Settings(BaseSettings):
    title: str = "api"


settings = Settings()
""",
            "app/logs.py": """\
import logging
import os


def make_logger(name: str) -> logging.Logger:
    logger = logging.getLogger(name)
    logger.setLevel(os.getenv("LOG_LEVEL", "INFO").upper())
    return logger
""",
        },
        note="a read in a module the settings module itself imports when it loads (a logger "
        "factory it calls): importing the settings from there would close an import cycle "
        "(agentex agentex/lib/utils/logging.py:61)",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nimport app.clients\n\napp = FastAPI()\n",
            "app/clients/__init__.py": """\
from app.clients.store import VERIFY_DEFAULT, StoreClient

__all__ = ["VERIFY_DEFAULT", "StoreClient"]
""",
            "app/clients/store.py": """\
import os

STORE_VERIFY_DEFAULT = os.environ.get("STORE_VERIFY_TLS", "false").lower() in ("true", "1")
VERIFY_DEFAULT = STORE_VERIFY_DEFAULT


class StoreClient:
    def __init__(self, host: str, verify: bool = STORE_VERIFY_DEFAULT) -> None:
        self.host = host
        self.verify = verify

    @classmethod
    def connect(cls, host: str, verify: bool = VERIFY_DEFAULT) -> "StoreClient":
        return cls(host, verify)
""",
        },
        note="a module constant read from the environment that only a constructor's (or a "
        "classmethod factory's) parameter takes as its default, re-exported by its package: "
        "the object's maker passes the value (hopsworks hopsworks_common/connection.py:51)",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nimport app.realtime\n\napp = FastAPI()\n",
            "app/realtime/__init__.py": """\
from app.realtime.factory import create_realtime_app

__all__ = ["create_realtime_app"]
""",
            "app/realtime/factory.py": _REALTIME_FACTORY,
        },
        note="a private helper that reads the variable only when its one caller, a public "
        "factory nothing in the project calls, was given no value (`if servers is None:`): "
        "the factory's callers give it (agentscope agentscope/app/_app.py:96)",
    ),
    Example(
        files={
            "app/main.py": """\
from fastapi import FastAPI

from app.observability import wire

app = FastAPI()
status = wire(app)
""",
            "app/observability.py": """\
import os
from typing import Any


def wire(app: Any) -> str:
    try:
        import sgp_obs
    except ImportError:
        return "not_installed"
    if (os.getenv("SGP_OBS_ENABLED") or "").lower() not in ("1", "true"):
        return "disabled"
    sgp_obs.init(app=app)
    return "wired"
""",
        },
        note="a library's own switch, read to word what the library the module imports will "
        "decide: sgp-obs reads `SGP_OBS_ENABLED` itself (agentex "
        "core/observability/sgp_obs_setup.py:88; harbor environments/boxd.py:855, boxd's "
        "`BOXD_API_URL`)",
    ),
    Example(
        files={
            "app/main.py": """\
from fastapi import FastAPI

from app.environments.boxd import client_key

app = FastAPI()


@app.get("/client")
def client() -> dict[str, str | None]:
    return {"url": client_key()}
""",
            "app/environments/__init__.py": "",
            "app/environments/boxd.py": """\
import os

try:
    from boxd import AsyncBoxd
except ImportError:
    AsyncBoxd = None


def client_key() -> str | None:
    return os.environ.get("BOXD_BASE_URL") or os.environ.get("BOXD_API_URL")
""",
        },
        note="a module of the project named like the SDK it wraps (`environments/boxd.py` "
        "importing boxd) does not make the project that library: boxd's own variables, "
        "mirrored to key a client cache, stay boxd's (harbor environments/boxd.py:855)",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import tools\n\napp = FastAPI()\n",
            "app/tools.py": """\
import os

if os.environ.get("FASTMCP_STATELESS_HTTP", "x").strip() == "":
    del os.environ["FASTMCP_STATELESS_HTTP"]

from fastmcp import FastMCP

server = FastMCP("tools")
""",
        },
        note="FastMCP's own settings read every `FASTMCP_*` variable (`env_prefix`): a project "
        "that imports fastmcp and tidies one before the library parses it does not own it "
        "(notebooklm-py notebooklm/mcp/__init__.py:22)",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import workers\n\napp = FastAPI()\n",
            "app/_config.py": """\
# The service's configuration: [tuning] max_parallel in app.toml, overridden by the
# environment as APP_<SECTION>_<KEY> (APP_TUNING_MAX_PARALLEL).

import os
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TuningConfig:
    max_parallel: int = 1


@dataclass(frozen=True)
class Config:
    tuning: TuningConfig = field(default_factory=TuningConfig)


_active: Config | None = None


def install(config: Config) -> None:
    global _active
    _active = config


def cfg() -> Config:
    if _active is None:
        raise RuntimeError("no active configuration")
    return _active


def override(section: str, key: str) -> str | None:
    return os.environ.get(f"APP_{section.upper()}_{key.upper()}")
""",
            "app/workers.py": """\
import os

from app._config import cfg


def max_parallel() -> int:
    try:
        return cfg().tuning.max_parallel
    except RuntimeError:
        # no configuration installed (a test calling this directly)
        return int(os.environ.get("APP_TUNING_MAX_PARALLEL", "1"))
""",
        },
        note="a read in the `except` handler of a `try` that takes the value from the "
        "configuration, which names the variable (an `APP_<SECTION>_<KEY>` override it "
        "documents): the fallback for when no configuration is installed, of a setting the "
        "configuration declares (bty-lab bty/web/_backup.py:651, bty/web/_db.py:83)",
    ),
    Example(
        files={
            "app/main.py": """\
import os

from fastapi import FastAPI

from app import profiles

app = FastAPI()


@app.get("/profile")
def profile() -> dict[str, str | None]:
    return {"profile": os.environ.get("APP_PROFILE")}
""",
            "app/profiles.py": """\
import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic_settings import PydanticBaseSettingsSource


class ProfileSource(PydanticBaseSettingsSource):
    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        data = tomllib.loads(Path("profiles.toml").read_text())
        active = os.environ.get("APP_PROFILE") or data.get("active")
        profiles = data.get("profiles", {})
        if not active or active not in profiles:
            return {}
        return profiles[active]
""",
        },
        note="a variable a pydantic-settings source reads to select what it loads (the "
        "active profile's name, picking `profiles[active]`): it locates the settings' "
        "values, so neither there nor elsewhere is it a field to declare (prefect-client "
        "prefect/context.py:1077, PREFECT_PROFILE, which settings/sources.py:165 reads)",
    ),
    Example(
        files={
            "app/main.py": """\
from fastapi import FastAPI

from app.server import create_app, start

options = create_app()
app = FastAPI()


@app.post("/servers")
def launch() -> dict[str, int]:
    return {"pid": start().pid}
""",
            "app/server.py": """\
import os
import subprocess
import sys


def create_app(ephemeral: bool = False, webserver_only: bool = False) -> dict[str, bool]:
    ephemeral = ephemeral or bool(os.getenv("APP__SERVER_EPHEMERAL"))
    webserver_only = webserver_only or bool(os.getenv("APP__SERVER_WEBSERVER_ONLY"))
    return {"ephemeral": ephemeral, "webserver_only": webserver_only}


def start() -> subprocess.Popen[bytes]:
    server_env = {"APP__SERVER_EPHEMERAL": "1"}
    command = [sys.executable, "-m", "uvicorn", "--factory", "app.server:create_app"]
    return subprocess.Popen(command, env={**os.environ, **server_env})
""",
        },
        note="a read beside reads of variables the project writes itself for the server it "
        "starts, under the same internal namespace (`APP__SERVER_`): one of a family of "
        "internal markers, not an operator's setting (prefect-client "
        "prefect/server/api/server.py:884, PREFECT__SERVER_WEBSERVER_ONLY)",
    ),
    Example(
        files={
            "app/main.py": """\
from fastapi import FastAPI

from app.sink import Sink
from app.store import Store

store = Store()
sink = Sink("APP_SINK_RESOURCE")
app = FastAPI()


@app.get("/usage")
def usage() -> dict[str, str]:
    return {"tables": store.tables(), "sink": sink.describe()}
""",
            "app/store.py": """\
import os


class Store:
    def __init__(self) -> None:
        self._prefix = "ov_"
        self._resource_id = os.environ.get("APP_RESOURCE_ID", "").strip()

    def tables(self) -> str:
        return self._prefix + "tasks"
""",
            "app/sink.py": """\
class Sink:
    def __init__(self, resource_id: str) -> None:
        self._resource_id = resource_id

    def describe(self) -> str:
        return self._resource_id
""",
        },
        note="a read stored in a private attribute that nothing reads (the other class's "
        "`self._resource_id` is its own): dead code, whose fix is deleting it, not "
        "declaring a setting (openviking service/task_store_mysql.py:121)",
    ),
    Example(
        files={
            "app/main.py": """\
from fastapi import FastAPI

from app.manifest import resolve_site_url

app = FastAPI()


@app.get("/site")
def site() -> dict[str, str]:
    return {"url": resolve_site_url()}
""",
            "app/manifest.py": """\
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class URLsConfig:
    site_url: str = "http://localhost:3000"


@dataclass
class DatabaseConfig:
    url: str = "sqlite:///app.db"


@dataclass
class ThemeConfig:
    name: str = "light"


@dataclass
class ProjectManifest:
    urls: URLsConfig = field(default_factory=URLsConfig)
    database: DatabaseConfig = field(default_factory=DatabaseConfig)
    theme: ThemeConfig = field(default_factory=ThemeConfig)



def load_manifest(path: Path) -> ProjectManifest:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return ProjectManifest(urls=URLsConfig(**data.get("urls", {})))


def resolve_site_url(manifest: ProjectManifest | None = None) -> str:
    env_url = os.environ.get("APP_SITE_URL", "")
    if env_url:
        return env_url.rstrip("/")
    return (manifest or ProjectManifest()).urls.site_url
""",
        },
        note="the project's configuration layer without a settings class: a module defining "
        "its configuration dataclasses (`...Config`) and the loader that parses their file "
        "(`load_manifest`, `tomllib.loads`); its environment reads are the configuration's "
        "own overrides, as a settings module's are (dazzle-dsl dazzle/core/manifest.py:1355)",
    ),
    Example(
        files={
            "vault/cli.py": """\
import os
import secrets
import subprocess

import click


@click.command()
@click.option("--account", envvar="VAULT_ACCOUNT")
def serve(account: str) -> None:
    key = secrets.token_urlsafe(32)
    child_env = os.environ.copy()
    child_env["VAULT_API_KEY"] = str(key)
    subprocess.run(["uvicorn", "vault.api:app"], env=child_env, check=True)
""",
            "vault/api.py": """\
import os

from fastapi import FastAPI, Header, HTTPException

app = FastAPI()


@app.get("/balance")
def balance(x_api_key: str = Header()) -> dict:
    if x_api_key != os.getenv("VAULT_API_KEY"):
        raise HTTPException(status_code=401)
    return {"balance": 0}
""",
        },
        note="a key the project's own command line makes fresh (`secrets.token_urlsafe`) and "
        "writes into the environment of the server it starts: a channel between the "
        "project's processes, not an operator's setting, even written by an entry point "
        "(seen in credit-agricole-uapi)",
    ),
    Example(
        files={
            "planner/settings.py": _PLANNER_SETTINGS,
            "planner/paths.py": _PLANNER_PATHS,
            "planner/main.py": """\
from fastapi import FastAPI

from planner.settings import Settings

app = FastAPI()
settings = Settings()
""",
        },
        note="a read in a module a ConfZ settings class imports (`class Settings(ConfZ)`), in "
        "the function that locates the settings' .env file: moving it into those settings"
        " would close an import cycle (seen in workplanner)",
    ),
    Example(
        files={
            "atlas/__init__.py": """\
""",
            "atlas/api.py": _ATLAS_API,
            "atlas-1.0.dist-info/entry_points.txt": """\
[console_scripts]
atlas-api = atlas.api:run_server
""",
        },
        note="a read in the function the wheel installs as a command (`atlas-api = atlas.api:run_server` in entry_points.txt) that nothing in the project calls: it starts the server, reading the port it hands to uvicorn, before the application exists (seen in pyarchinit-mini)",
    ),
    Example(
        files={
            "probe/__init__.py": "",
            "probe/routes.py": _HANDED_ROUTES,
            "probe/server.py": _HANDED_LAUNCHER,
        },
        note="a read in a launcher that serves the app its caller hands it (`def serve(app): "
        "uvicorn.run(app, ...)`) and that nothing in the project calls, runs or installs: no "
        "process of the project starts it (seen in guardrails-detectors)",
    ),
    Example(
        files={
            "app/main.py": _STORE_MAIN,
            "app/store.py": _STORE_CONFIG.format(use="        return cls(store=store)"),
        },
        note="a dataclass's own `from_env` maps the variable to an enum member through a "
        'local (`store = Store.BUCKET if raw == "bucket" else Store.DISK`) handed to '
        "`cls(...)`: the field declares it (qontinui-api app/services/storage/factory.py:33)",
    ),
    Example(
        files={"app/main.py": _TOOL_ENV.format(entry='{"TOOL_SANDBOX": "1"}')},
        note="a read only testing whether the variable is set, to give it to a spawned "
        "tool's environment when it is not (a helper named for an environment returning "
        '`{"TOOL_SANDBOX": "1"}`, spread into the child\'s `env`): the tool reads it '
        "(claude-code-openai claudegate/bridge/session.py:109)",
    ),
    Example(
        files={
            "app/main.py": _WORKERS_MAIN,
            "app/store.py": _WORKERS_STORE.format(name="UVICORN_WORKERS"),
        },
        note="uvicorn's own variables (its settings page: every option is read from "
        "`UVICORN_` plus its name, `--workers` from `UVICORN_WORKERS`), read beside "
        "`WEB_CONCURRENCY` to warn when the server runs several workers: the server's "
        "setting, not the application's (orb-py orb/infrastructure/storage/json/strategy.py:73)",
    ),
    Example(
        files=_locator_files("resolve_config_file"),
        note="the variable naming the configuration's file, read by the configuration "
        "package's function that finds the file (`resolve_config_file`), the settings class "
        "living elsewhere: it cannot be a field of the settings it locates, so its read in a "
        "start-up diagnostic is not reported (orb-py "
        "orb/infrastructure/validation/startup_validator.py:188)",
    ),
    Example(
        files={
            "app/main.py": _TIMEOUT_MAIN,
            "app/transport.py": _TIMEOUT_CLIENT.format(test="timeout is not None"),
        },
        note="a constructor's fallback in the `else` of `if timeout is not None:` (parameter "
        "> variable > default): read only when the maker gave no timeout, as `if timeout is "
        "None: timeout = getenv(...)` is (mcp-proxy-adapter "
        "mcp_proxy_adapter/client/jsonrpc_client/transport.py:295)",
    ),
    Example(
        files=_dispatch_files(web_runs=False),
        note="trap: a helper only a console command runs, the command held in the program's "
        "module-level dispatch table, which only its `main()` uses (seen in lynx-mcp's "
        "`_DISPATCH`), in a module the app imports for another function",
    ),
    snippet(
        _MCP_TOOLS.format(start=""),
        note="trap: a read in a helper only the tools of a FastMCP server call, a server "
        "nothing runs, mounts or imports (seen in tavily-mcp): the served app's routes never "
        "reach it, and no MCP client can",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app.mail import MailConfig\n\nmail = MailConfig.from_env()\napp = FastAPI()\n",
            "app/mail.py": """\
import os
from dataclasses import dataclass


@dataclass
class MailConfig:
    host: str = ""
    secure: bool = True

    @classmethod
    def from_env(cls) -> "MailConfig":
        return cls(
            host=os.getenv("APP_MAIL_HOST", ""),
            secure=os.getenv("APP_MAIL_SECURE", "yes").lower() in ("yes", "1"),
        )
""",
        },
        note="trap: a dataclass's own `from_env` parses a flag by comparing the read with "
        'literals (`... in ("yes", "1")`) into its typed `bool` field: a conversion as '
        "`bool(...)` is, so the class declares the setting and this is its loader",
    ),
    Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nfrom app import jobs, worker\n\napp = FastAPI()\n",
            "app/jobs.py": """\
import asyncio
import shlex


async def start_worker(job_id: str, folder: str) -> int:
    line = (
        f"nohup env APP_JOB_ID={shlex.quote(job_id)} APP_JOB_DIR={shlex.quote(folder)} "
        "python -m app.worker"
    )
    script = f"sh -c {shlex.quote(line)} > /dev/null 2>&1 &"
    proc = await asyncio.create_subprocess_shell(script)
    return await proc.wait()
""",
            "app/worker.py": """\
import os


def job_folder() -> str:
    return os.environ.get("APP_JOB_DIR") or os.path.join("/tmp", os.environ.get("APP_JOB_ID", "x"))
""",
        },
        note="trap: the project's launcher starts its worker with a shell command line that "
        "sets `APP_JOB_ID` and `APP_JOB_DIR` (`env NAME=value ... program`) and runs it: "
        "the variables are a channel between the project's own processes, which the worker "
        "reads, not an operator's configuration",
    ),
    Example(
        files={
            "panel/__init__.py": "",
            "panel/main.py": """\
import os

from fastapi import FastAPI

app = FastAPI()


def _inherited() -> dict[str, object]:
    return {
        "relay_url": "https://relay.test",
        "relay_token_present": bool(os.environ.get("RELAY_TOKEN")),
        "relay_signing_key_set": os.getenv("RELAY_SIGNING_KEY") is not None,
    }


@app.get("/environment")
def environment() -> dict[str, object]:
    return _inherited()
""",
        },
        note="credentials whose presence a status page only reports (`bool(getenv(...))`, "
        "`is not None` as dict values) and whose value no code of the project uses: another "
        "program's secrets, which a settings field would hold only to say they exist "
        "(getbased-dashboard getbased_dashboard/api/mcp.py:74)",
    ),
)
