from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import NamedTuple

from auditor.check import SERVED_BESIDE_LAUNCHER, Check, Example, Hit, Severity, snippet, when
from auditor.facts import qname_of
from auditor.lazyre import lazy_compile
from auditor.names import LOGGING_LIBRARIES
from auditor.project import Project
from auditor.repository import posix_path
from auditor.walker import ModuleContext

#: Calls that configure logging for the process.
CONFIGURE_CALLS = frozenset(
    {
        "structlog.configure",
        "structlog.configure_once",
        "logging.config.dictConfig",
        "logging.config.fileConfig",
        "logging.basicConfig",
        "loguru.logger.configure",
        "loguru.logger.add",
        # third-party setups that attach a formatted handler to the root logger and set
        # its level (coloredlogs' ``install()``, and ansilogs', its drop-in successor)
        "coloredlogs.install",
        "ansilogs.install",
    }
)
_CALL_NAMES = frozenset(q.rsplit(".", 1)[1] for q in CONFIGURE_CALLS)
#: Logging config files, by name.
CONFIG_FILE = lazy_compile(
    r"^(?:logging\.(?:ini|conf|ya?ml|json)|log_conf(?:ig)?\.[A-Za-z0-9]+)$", re.IGNORECASE
)
#: gunicorn.conf.py settings that load a logging config.
GUNICORN_SETTINGS = ("logconfig", "logconfig_dict", "logconfig_json")
#: Server flags and wrappers (Dockerfile, Procfile, compose).
COMMAND_SIGNALS = lazy_compile(r"--log-config|\blog_config\s*=|\bopentelemetry-instrument\b")


#: Calls that serve an ASGI app in this process, and the server classes (a project subclass
#: counts) whose instances do.
SERVE_CALLS = frozenset(
    {"uvicorn.run", "uvicorn.main.run", "hypercorn.asyncio.serve", "hypercorn.trio.serve"}
)
SERVER_CLASSES = frozenset(
    {"uvicorn.Config", "uvicorn.config.Config", "uvicorn.Server", "uvicorn.server.Server"}
)


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    signal: str | None = None
    #: a call that serves an app: the function it is made in ("" at module level)
    serves: str | None = None


#: A logging configuration written by hand: a handler given a formatter and attached to a
#: logger, in the same function (or at module level).
_HAND_CALLS = frozenset({"setFormatter", "addHandler"})


@dataclass
class _State:
    found: bool = False  # this module configures logging (reported once)
    #: per scope ("" for the module), the hand-configuration calls seen
    hand: dict[str, set[str]] = field(default_factory=dict)


#: Module names of another package's logging setup (``phlo.logging``, ``acme_common.log``).
_LOGGING_MODULES = frozenset({"logging", "log", "logs", "logger", "loggers", "logging_config"})


def _loggers_from_another_package(project: Project) -> bool:
    """Some application module takes its loggers (or its logging setup) from another
    distribution's logging module: ``from phlo.logging import get_logger`` in phlo-api, a
    companion package whose ``get_logger`` configures logging on first use.  That package's
    code is not in the tree, so where logging is configured cannot be known.  Only names
    about logs count (``get_logger``, ``setup_logging``, ``logger``), not a formatter class
    imported from a server's ``uvicorn.logging``."""
    own = {q.split(".", 1)[0] for q in project.modules}
    for m in project.by_path.values():
        if m.file_class != "app":
            continue
        for i in m.import_list:
            parts = i.module.split(".")
            if len(parts) < 3 or parts[0] in own or parts[0] in LOGGING_LIBRARIES:
                continue
            name = parts[-1]
            if parts[-2] in _LOGGING_MODULES and "log" in name.lower() and name[:1].islower():
                return True
    return False


_EMULATOR_APP = """\
from fastapi import FastAPI

from outbox.store import messages

app = FastAPI(title="Outbox")


@app.get("/messages")
async def list_messages() -> list[str]:
    return messages
"""

_EMULATOR_STDIO = """\
import logging
import sys

logging.disable(logging.WARNING)


def main() -> None:
    for line in sys.stdin:
        sys.stdout.write(line)


if __name__ == "__main__":
    main()
"""


class LoggingNotConfigured(Check):
    """
    ## What it does
    Reports, once per project, a FastAPI application for which no central logging
    configuration can be found.  Any of these counts as configuration:

    - in application modules, a call to `structlog.configure(...)`,
      `logging.config.dictConfig(...)`, `logging.config.fileConfig(...)`,
      `logging.basicConfig(...)`, or loguru's `logger.configure(...)` / `logger.add(...)`,
      a third-party setup that installs a formatted handler on the root logger
      (`coloredlogs.install(...)`, `ansilogs.install(...)`),
      or a `log_config=` argument (`uvicorn.run(..., log_config=...)`), or a configuration
      written by hand: a handler given a formatter (`handler.setFormatter(...)`) and
      attached to a logger (`logger.addHandler(handler)`) in the same function or at
      module level (a lone `addHandler(logging.NullHandler())`, a library's habit, is not);
    - a logging config file: `logging.ini`, `logging.conf`, `logging.yaml`/`.yml`,
      `logging.json`, `log_config.*` or `log_conf.*`;
    - `--log-config` or `log_config=` in a Dockerfile, the Procfile or a compose file, or
      `logconfig`/`logconfig_dict`/`logconfig_json` (or one of the calls above, in a server
      hook) in `gunicorn.conf.py`;
    - an OpenTelemetry auto-instrumentation wrapper (`opentelemetry-instrument`) in one of
      those commands, which configures logging for the process.

    An application none of whose modules imports a logging library (stdlib `logging`,
    loguru, structlog; a program of its own that no app imports, such as a stdio server
    shipped beside the app, left out) emits no records such a configuration would shape (it reports through
    its own means, or not at all): it is not reported.

    ## Why is this bad?
    Without central configuration, production logs are Python's default unstructured lines
    (or uvicorn's own format for access logs only): no timestamps in a parseable format, no
    levels per module, no request context, and exceptions spread over many lines.  Log
    platforms then cannot index, filter or correlate them.  [Patterns reference]
    recommends `structlog` for JSON-formatted, context-rich logging, configured once;
    [zhanymkanov README] keeps a `logging.ini` in the project tree;
    [Production skill 2025] configures gunicorn's `accesslog`, `errorlog` and `loglevel`.

    ## Example
    ```python
    # app/main.py
    logger = logging.getLogger(__name__)
    app = FastAPI()
    ```

    ## Use instead
    ```python
    # app/logging_setup.py
    def setup_logging() -> None:
        structlog.configure(
            processors=[
                structlog.contextvars.merge_contextvars,
                structlog.processors.add_log_level,
                structlog.processors.TimeStamper(fmt="iso"),
                structlog.processors.JSONRenderer(),
            ],
        )
    ```
    Call it once from the app factory or the lifespan; or pass a `logging.ini` /
    dictConfig file to the server with `--log-config`.

    ## Fix safety
    No automatic fix: the format, the levels and the destination belong to the platform
    the service runs on.

    ## Known problems
    A project whose FastAPI apps are all built inside functions or classes (no app bound at
    module level) is taken for a library that builds apps for its users (gradio) and skipped:
    configuring logging is then the using application's job.  An application that only
    creates its app inside a function and serves it from there is skipped too.  So is a
    framework that serves its app only from public functions its users call (`ui.run()`):
    every `uvicorn.run(...)`, `uvicorn.Config` or `uvicorn.Server` (or a subclass) of the
    package sits in a public function that no project code, `__main__` block, typer/click
    command or `pyproject.toml` console script calls.  An application whose runner is only
    installed as a console script by packaging metadata the audited folder does not hold
    (a wheel's `entry_points.txt`) looks the same and is skipped too.  A function serving
    the app that first calls another distribution's logging setup, a function named for it
    (`logmuse.setup_logger(name=..., fmt=...)`, `init_logging`, `configure_logging`),
    counts as configuration: that code is not in the tree, and its name and its place say
    it installs the handlers (a project helper of that name is read like the rest).  A
    project with a Python file that does not parse is not reported (the configuration may
    be in it).

    Logging configured outside the repository (a platform agent, a sidecar, a Kubernetes
    manifest kept elsewhere, a shared company package whose setup function the auditor
    does not know) is invisible: suppress the finding on the app then.  Configuration done
    only in scripts or tests does not count.  A library that builds FastAPI apps for its
    users in another way (a plugin host whose app the user's server imports) is reported
    too, although configuring logging is its users' job there: disable the check for such
    a package.  The finding names the main application (the one serving the most routes; where
    they tie, one that another module of the package imports, as its `__main__` does).

    ## References
    - [Patterns reference] ("Use `structlog` for JSON-formatted, context-rich
      logging")
    - [zhanymkanov README] (`logging.ini` in the project tree)
    - [Production skill 2025] (gunicorn `accesslog`/`errorlog`/`loglevel`)
    - uvicorn docs, `--log-config`; Python docs, "logging.config"
    """

    id = "LOG002"
    name = "logging-not-configured"
    category = "logging"
    severity = Severity.INFO
    heuristic = True
    message = "no logging configuration found"
    fix_title = "Configure logging once (structlog/dictConfig) or pass `--log-config` to the server"
    file_classes = frozenset({"app", "tooling"})  # tooling: gunicorn.conf.py only
    sources = ("Production skill 2025", "Patterns reference", "zhanymkanov README")

    def applies(self, project: Project) -> str | None:
        if not _apps(project):
            return "no FastAPI application found"
        if not _entrypoint(project):
            # every app is built inside a function or class and none is bound at module level
            # (or by a module-level factory call): a library that builds apps for its users
            # (gradio), whose logging is the using application's job
            return "no importable application (no module-level app): logging belongs to the application that runs it"
        return None

    @when(callees=SERVE_CALLS | CONFIGURE_CALLS, names=_HAND_CALLS, keywords=("log_config",))
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        if ctx.file_class == "tooling" and PurePosixPath(ctx.path).name != "gunicorn.conf.py":
            return  # scripts configure their own process, not the server's
        func = node.func
        if ctx.file_class == "app" and ctx.resolve(func) in SERVE_CALLS:
            ctx.report(node, "", data=_Data(serves=ctx.enclosing_function_qname() or ""))
        if (
            ctx.file_class == "app"
            and isinstance(func, ast.Attribute)
            and func.attr in _HAND_CALLS
            and node.args
            and not ctx.state(_State).found
        ):
            # ``handler.setFormatter(fmt)`` and ``logger.addHandler(handler)`` in one scope:
            # logging configured by hand (a ``NullHandler`` alone, a library's habit, is not)
            state = ctx.state(_State)
            seen = state.hand.setdefault(ctx.enclosing_function_qname() or "", set())
            seen.add(func.attr)
            if seen == _HAND_CALLS:
                state.found = True
                ctx.report(node, "", data=_Data(signal="addHandler"))
            return
        if (
            isinstance(func, ast.Attribute)
            and func.attr not in _CALL_NAMES
            and not any(kw.arg == "log_config" for kw in node.keywords)
        ):
            return  # (a plain name may be an alias: ``from logging.config import dictConfig as setup``)
        state = ctx.state(_State)
        if state.found:
            return
        q = ctx.resolve(func)
        found = q in CONFIGURE_CALLS or any(
            kw.arg == "log_config"
            and not (isinstance(kw.value, ast.Constant) and kw.value.value is None)
            for kw in node.keywords
        )
        if found:
            state.found = True
            ctx.report(
                node,
                "",
                data=_Data(signal=q or "log_config"),
            )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        if any(h.payload(_Data).signal for h in hits) or self._configured_outside_code(project):
            return []
        if _served_for_users(project, [h.payload(_Data).serves for h in hits]):
            return []  # a framework: its users' program runs the app, and configures logging
        if _server_sets_up_logging(project, [h.payload(_Data).serves for h in hits]):
            return []  # the function serving the app sets up logging through a library first
        if not project.completeness(("app", "tooling")):
            return []  # the configuration may sit in a file the auditor could not read
        if not project.emits_log_records:
            return []  # the application logs through no logging library: nothing to shape
        if _loggers_from_another_package(project):
            return []  # another package's logging module hands out the loggers: unread
        app = project.main_app(_apps(project)) or _apps(project)[0]
        return [
            self.project_hit(
                f"no logging configuration found for the FastAPI app `{app.label}`: configure structlog or "
                "`logging.config.dictConfig` once at startup, or pass `--log-config` to the server",
                path=app.path,
                line=app.line,
                column=app.column,
                data=_Data(),
            )
        ]

    @staticmethod
    def _configured_outside_code(project: Project) -> bool:
        if any(CONFIG_FILE.match(posix_path(p).name) for p in project.repo.files):
            return True
        configs = project.configs
        for dockerfile in configs.dockerfiles:
            if any(
                COMMAND_SIGNALS.search(i.value)
                for i in dockerfile.instructions
                if i.cmd in ("CMD", "ENTRYPOINT", "RUN", "ENV")
            ):
                return True
        if any(COMMAND_SIGNALS.search(text) for _, text in configs.procfile):
            return True
        for path, _data in configs.compose_files:
            if COMMAND_SIGNALS.search(configs.text(path) or ""):
                return True
        for m in project.by_path.values():
            if posix_path(m.path).name == "gunicorn.conf.py" and any(
                s in m.bindings for s in GUNICORN_SETTINGS
            ):
                return True
        return False

    bad = (
        Example(
            files={
                "outbox/__init__.py": "",
                "outbox/main.py": _EMULATOR_APP,
                "outbox/store.py": "import logging\n\nlog = logging.getLogger(__name__)\n"
                "messages: list[str] = []\n",
                "outbox_stdio/__init__.py": "",
                "outbox_stdio/server.py": _EMULATOR_STDIO,
            },
            note="the other side of the stdio-program trap: a module the app imports logs",
            lines=(5,),
        ),
        Example(
            files={
                "vault/__init__.py": "",
                "vault/__main__.py": (
                    'from vault.server import main\n\nif __name__ == "__main__":\n    main()\n'
                ),
                "vault/logs.py": """\
import logging


def setup_logger(name: str) -> logging.Logger:
    return logging.getLogger(name)
""",
                "vault/server.py": """\
import uvicorn
from fastapi import FastAPI

from vault.logs import setup_logger

log = setup_logger("vault")
app = FastAPI()


def main() -> None:
    setup_logger("vault.http")
    uvicorn.run(app, host="0.0.0.0")
""",
            },
            note="the other side of the logging-setup trap: the project's own helper of that "
            "name only hands out a logger, and its body is in the tree",
            lines=(7,),
        ),
        Example(
            files=dict(SERVED_BESIDE_LAUNCHER),
            note="two apps serving the same routers: on the one the package's `__main__` "
            "starts, not on the developer's launcher that sorts first",
            lines=(7,),
        ),
        snippet(
            """\
import logging

from fastapi import FastAPI

logger = logging.getLogger(__name__)
app = FastAPI()
""",
            lines=(6,),
        ),
        Example(
            files={
                "app/main.py": "from fastapi import FastAPI\nfrom loguru import logger\n\napp = FastAPI()\nlogger.info('ready')\n",
                "scripts/seed.py": "import logging\n\nlogging.basicConfig(level=logging.INFO)\n",
                "tests/conftest.py": "import logging\n\nlogging.basicConfig(level=logging.DEBUG)\n",
                "Dockerfile": 'FROM python:3.12-slim\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]\n',
                "gunicorn.conf.py": 'bind = "0.0.0.0:8000"\nloglevel = "info"\n',
                "app/settings.py": "LOG_CONFIG_NOTE = 'configure me'\n",
            },
            note="configuration only in scripts and tests does not count (the app logs "
            "through loguru's default sink)",
            lines=(4,),
        ),
        Example(
            files={
                "app/main.py": """\
import logging

import uvicorn
from fastapi import FastAPI

app = FastAPI()
log = logging.getLogger("app")


def run(**options: object) -> None:
    log.info("starting")
    uvicorn.run(app, **options)


if __name__ == "__main__":
    run(port=8000)
""",
            },
            note="the application runs itself (its runner is called by its own `__main__`)",
            lines=(6,),
        ),
        Example(
            files={
                "app/main.py": """\
import logging

from fastapi import FastAPI

logging.getLogger(__name__).addHandler(logging.NullHandler())
app = FastAPI()
""",
            },
            note="a NullHandler alone (a library's habit) configures nothing",
            lines=(6,),
        ),
        snippet(
            """\
import logging

import sentry_sdk
from fastapi import FastAPI
from sentry_sdk.integrations.logging import LoggingIntegration
from uvicorn.logging import DefaultFormatter

sentry_sdk.init(integrations=[LoggingIntegration()])
logger = logging.getLogger(__name__)
logger.debug("formatter %s", DefaultFormatter)
app = FastAPI()
""",
            note="a class imported from another package's logging module (an integration, a "
            "formatter) configures nothing",
            lines=(11,),
        ),
    )
    good = (
        Example(
            files={
                "vault/__init__.py": "",
                "vault/__main__.py": (
                    'from vault.server import main\n\nif __name__ == "__main__":\n    main()\n'
                ),
                "vault/server.py": """\
import argparse
import logging

import logkit
import uvicorn
from fastapi import FastAPI

log = logging.getLogger("vault")
app = FastAPI()


def main() -> None:
    args = argparse.ArgumentParser().parse_args()
    logkit.setup_logger(name="vault", fmt="%(levelname)s %(message)s")
    uvicorn.run(app, host="0.0.0.0")
""",
            },
            note="trap: the function serving the app first calls another package's logging "
            "setup (a function named for it, whose code is not in the tree)",
        ),
        snippet(
            """\
import logging

from acme_platform.logging import get_logger
from fastapi import FastAPI

logger = get_logger(__name__)
logging.getLogger("uvicorn").propagate = True
app = FastAPI()
""",
            note="loggers handed out by another package's logging module (a companion "
            "package that configures logging on first use, not in the tree): unread, so "
            "no absence is claimed",
        ),
        Example(
            files={
                "tool/__main__.py": """\
import logging

import ansilogs

from tool import server

ansilogs.install(logging.INFO)

if __name__ == "__main__":
    server.serve()
""",
                "tool/server.py": """\
import logging

import uvicorn
from fastapi import FastAPI

logger = logging.getLogger(__name__)
app = FastAPI()


def serve() -> None:
    uvicorn.run(app, host="0.0.0.0")
""",
            },
            note="a third-party setup that installs a coloured handler on the root logger, "
            "run where the command that serves the app starts (pymobiledevice3 "
            "pymobiledevice3/__main__.py:58)",
        ),
        Example(
            files={
                "app/main.py": """\
import uvicorn
from fastapi import FastAPI, Request

from app.reporting import Context

app = FastAPI()


@app.middleware("http")
async def traced(request: Request, call_next):
    async with Context.start(request.url.path) as ctx:
        ctx.info("request")
        return await call_next(request)


if __name__ == "__main__":
    uvicorn.run(app, log_level="warning")
""",
                "app/reporting.py": """\
import json
import sys
import uuid
from contextlib import asynccontextmanager


class Context:
    def __init__(self, span: str) -> None:
        self.trace_id = uuid.uuid4().hex
        self.span = span

    def info(self, text: str) -> None:
        print(json.dumps({"level": "INFO", "trace": self.trace_id, "text": text}), file=sys.stderr)

    @classmethod
    @asynccontextmanager
    async def start(cls, span: str):
        yield cls(span)
""",
            },
            note="trap: the application imports no logging library (stdlib `logging`, loguru, "
            "structlog) and reports through its own structured context system: there are no "
            "records for a logging configuration to shape",
        ),
        Example(
            files={
                "outbox/__init__.py": "",
                "outbox/main.py": _EMULATOR_APP,
                "outbox/store.py": "messages: list[str] = []\n",
                "outbox_stdio/__init__.py": "",
                "outbox_stdio/server.py": _EMULATOR_STDIO,
            },
            note="trap: the only module importing `logging` is a separate stdio program "
            "shipped beside the server (a `__main__` block; it silences logging), which no app "
            "imports (seen in mockpost): the application writes no log records to configure",
        ),
        Example(
            files={
                "gateway/app.py": """\
import logging

from fastapi import FastAPI

logger = logging.getLogger("gateway")


def make_app() -> FastAPI:
    return FastAPI()
""",
                "gateway/main.py": """\
import logging

from gateway.app import make_app


def configure_logging(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger = logging.getLogger("gateway")
    logger.setLevel(level)
    logger.addHandler(handler)


configure_logging()
app = make_app()
""",
            },
            note="logging configured by hand (a handler with a formatter on a named logger) "
            "in the entry-point module that builds the app",
        ),
        snippet(
            """\
import logging

from fastapi import FastAPI

logger = logging.getLogger(__name__)


class Blocks:
    def launch(self) -> FastAPI:
        app = FastAPI()
        logger.info("built an app for the caller")
        return app
""",
            path="mylib/routes.py",
            note="a library that only builds apps inside functions (seen in gradio): logging is its users' job",
        ),
        Example(
            files={
                "app/logging_setup.py": """\
import logging

import structlog


def setup_logging() -> None:
    structlog.configure(
        processors=[
            structlog.processors.TimeStamper(fmt="iso"),
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.INFO),
    )
""",
                "app/main.py": "from fastapi import FastAPI\n\nfrom app.logging_setup import setup_logging\n\nsetup_logging()\napp = FastAPI()\n",
            },
        ),
        snippet(
            """\
from logging.config import dictConfig as configure

from fastapi import FastAPI

configure({"version": 1})
app = FastAPI()
""",
            note="an aliased dictConfig",
        ),
        snippet(
            """\
import uvicorn
from fastapi import FastAPI

app = FastAPI()

if __name__ == "__main__":
    uvicorn.run(app, log_config="log_conf.yaml")
""",
            note="log_config= passed to uvicorn",
        ),
        Example(
            files={
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "logging.ini": "[loggers]\nkeys=root\n",
            },
            note="a logging.ini in the tree",
        ),
        Example(
            files={
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "Dockerfile": 'FROM python:3.12-slim\nCMD ["uvicorn", "app.main:app", "--log-config", "/etc/log.yaml"]\n',
            },
            note="--log-config in the Dockerfile CMD",
        ),
        Example(
            files={
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "Dockerfile": 'FROM python:3.12-slim\nCMD ["opentelemetry-instrument", "uvicorn", "app.main:app"]\n',
            },
            note="OpenTelemetry auto-instrumentation in the CMD",
        ),
        Example(
            files={
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "Procfile": "web: gunicorn -k uvicorn_worker.UvicornWorker --log-config logging.conf app.main:app\n",
            },
            note="--log-config in the Procfile",
        ),
        Example(
            files={
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "compose.yaml": "services:\n  api:\n    command: uvicorn app.main:app --log-config=/app/log.json\n",
            },
            note="--log-config in compose",
        ),
        Example(
            files={
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "gunicorn.conf.py": 'logconfig_dict = {"version": 1}\n',
            },
            note="gunicorn's logconfig_dict",
        ),
        Example(
            files={
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "deploy/gunicorn.conf.py": "import logging.config\n\n\ndef on_starting(server):\n"
                "    logging.config.dictConfig({'version': 1})\n",
            },
            note="dictConfig in a gunicorn server hook",
        ),
        snippet(
            """\
from fastapi import FastAPI
from loguru import logger

logger.add("app.log", serialize=True)
app = FastAPI()
""",
            note="loguru sink",
        ),
        snippet(
            """\
import logging

from flask import Flask

logger = logging.getLogger(__name__)
app = Flask(__name__)
""",
            note="not a FastAPI app",
        ),
        Example(
            files={
                "uikit/__init__.py": "from uikit.runner import run\nfrom uikit.server import app\n",
                "uikit/server.py": """\
from fastapi import FastAPI

app = FastAPI()


@app.get("/_uikit/ping")
def ping() -> str:
    return "pong"
""",
                "uikit/runner.py": """\
import uvicorn

from uikit.server import app


def run(*, host: str = "127.0.0.1", port: int = 8080, **server_options: object) -> None:
    config = uvicorn.Config(app, host=host, port=port, **server_options)
    uvicorn.Server(config).run()
""",
            },
            note="a framework: its app is served only by a public `run()` that nothing in the "
            "package calls; the user's program calls it, and configures logging",
        ),
        Example(
            files={
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "app/logs.py": "import logging.config\n\nlogging.config.dictConfig({'version': 1}\n",
            },
            note="a module that does not parse may hold the configuration",
        ),
    )


#: A function named for setting up logging (``setup_logger``, ``init_logging``,
#: ``configure_logging``): its verb says it installs the configuration.
_SETUP_HELPER = lazy_compile(
    r"(?:setup|set_up|init|initialize|configure|install)_?(?:logger|logging|logs?)",
    re.IGNORECASE,
)


def _server_sets_up_logging(project: Project, serves: list[str | None]) -> bool:
    """A function that serves the app (``uvicorn.run(app, ...)`` in a console script's
    ``main()``) first calls another distribution's logging setup: ``logmuse.setup_logger(
    name=PKG, fmt=FORMAT)``, a function named for setting up logging
    (:data:`_SETUP_HELPER`) imported from a package that is not the project's.  Its code is
    not in the tree, its name and its place (the program's start, before serving) say it
    configures the handlers; a project helper of that name is not taken on its name (its
    body is read like the rest)."""
    own = {q.split(".", 1)[0] for q in project.modules}
    for q in {q for q in serves if q}:
        fn = project.function(q)
        node = project.def_node(fn) if fn is not None else None
        module = project.modules.get(fn.module) if fn is not None else None
        if node is None or module is None:
            continue
        serving = min(
            (
                n.lineno
                for n in ast.walk(node)
                if isinstance(n, ast.Call)
                and _callee_text(n.func).rsplit(".", 1)[-1] in ("run", "serve")
            ),
            default=0,
        )
        for n in ast.walk(node):
            if not isinstance(n, ast.Call) or not _SETUP_HELPER.fullmatch(
                _callee_text(n.func).rsplit(".", 1)[-1]
            ):
                continue
            head = _callee_text(n.func).split(".", 1)[0]
            origin = module.imports.get(head, "")
            if origin and origin.split(".", 1)[0] not in own and n.lineno < serving:
                return True
    return False


def _callee_text(func: ast.expr) -> str:
    """The dotted text of a callee (``logmuse.setup_logger``), "" when it is not a name."""
    parts: list[str] = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    return ".".join([func.id, *reversed(parts)]) if isinstance(func, ast.Name) else ""


def _served_for_users(project: Project, serves: list[str | None]) -> bool:
    """The package serves its app only from functions its users call: every place that
    serves an app (``uvicorn.run(...)``, a ``uvicorn.Config`` / ``Server`` or a project
    subclass of one) is inside a public function that no project code, ``__main__`` block,
    command-line command or console script calls (``ui.run()`` of a UI framework).  The
    user's program is then the application, and configures logging."""
    from auditor.scope import uncalled

    places = {q for q in serves if q is not None}
    for m in project.modules_of_class("app"):
        for inst in m.instances:
            if project.name_is_class(qname_of(inst.call), SERVER_CLASSES):
                places.add(inst.function or "")
    if not places or "" in places:
        return False  # nothing served here (an external server imports the app), or at import
    runners = []
    for q in places:
        fn = project.function(q)
        while fn is not None and ".<locals>." in fn.qname:
            fn = project.function(fn.qname.rsplit(".<locals>.", 1)[0])
        if fn is None or fn.name.startswith("_") or project.reach(fn.qname) is not None:
            return False  # private, unknown, or run by a command, a program or start-up code
        runners.append(fn)
    return len(uncalled(project, runners)) == len(runners)


def _entrypoint(project: Project) -> bool:
    """Some app is importable by a server: bound at module level (``app = FastAPI()`` or
    ``app = create_app()``) or built in a module-level ``if __name__ == "__main__"`` run."""
    for name, inst in project.apps.items():
        if inst.kind != "app" or inst.module.file_class != "app":
            continue
        if not any(part in name for part in (".<locals>.", "<param>", "<self>", "<return>")):
            return True
    return False


def _apps(project: Project) -> list:
    return sorted(
        (a for a in project.fastapi_apps if a.module.file_class == "app" and project.served(a)),
        key=lambda a: (a.path, a.line),
    )
