from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import PurePosixPath

from auditor.check import Check, Example, Hit, Severity, snippet
from auditor.project import Project
from auditor.recognisers import is_main_guard
from auditor.walker import ModuleContext

_READ_CALLS = frozenset({"os.getenv", "os.environ.get", "os.getenvb"})
#: Settings modules by name (``core/config.py`` included), and settings packages.  Beyond
#: the catalogue's ``config.py`` / ``settings.py``: the other names a module that gathers the
#: configuration goes by (open-webui's ``env.py``, Celery's ``celeryconfig.py``, an
#: ``otel_env_config.py``), and configuration packages (airflow's ``configuration/``).
_SETTINGS_STEMS = frozenset(
    {"config", "configs", "settings", "conf", "configuration", "env", "envs", "environment"}
)
_SETTINGS_SUFFIXES = ("config", "_settings", "_conf", "_configuration")
_SETTINGS_DIRS = frozenset({"config", "configs", "settings", "conf", "configuration"})
#: Command-line frameworks: a function they run as a command is an entry point.
_CLI_MODULES = frozenset({"click", "typer", "asyncclick", "cyclopts"})
_CLI_DECORATORS = frozenset({"command", "callback", "group"})


def _is_main_guard(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and is_main_guard(node.test)


def _key(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) <= 80:
        return node.value
    return None


def _settings_path(path: str) -> bool:
    p = PurePosixPath(path)
    stem = p.stem.lower() if p.suffix == ".py" else ""
    return (
        stem in _SETTINGS_STEMS
        or stem.endswith(_SETTINGS_SUFFIXES)
        or any(d.lower() in _SETTINGS_DIRS for d in p.parts[:-1])
    )


def _entry_point_path(path: str) -> bool:
    """``__main__.py``, a ``cli.py`` module or a module of a ``cli/`` package: code that
    launches the application rather than serving it."""
    p = PurePosixPath(path)
    return p.name in ("__main__.py", "cli.py") or "cli" in p.parts[:-1]


@dataclass
class _State:
    cached: bool | None = None  # the module-wide answer (None: not computed yet)


class EnvReadOutsideSettings(Check):
    """
    ## What it does
    Reports reads of the process environment (`os.getenv(...)`, `os.environ.get(...)`,
    `os.environ[...]` and `os.getenvb(...)`, through any import alias) in application
    modules other than the settings modules.  A settings module is a file named `config.py`
    or `settings.py` (such as `core/config.py`), a module inside a `config/` or `settings/`
    package, or any module that defines a settings class (a `pydantic_settings.BaseSettings`
    subclass); the other names a configuration module goes by (`env.py`,
    `celeryconfig.py`, ...) are listed under *Known problems*.  Only reads that name their
    variable with a literal are reported: that is the name to declare.

    ## Why is this bad?
    A raw environment read is an untyped, unvalidated string, with its default buried at the
    call site.  A missing or malformed variable is discovered in the middle of a request,
    not when the app starts, and nobody can list the configuration the service needs.  The
    sources put configuration in pydantic-settings classes ([Production guide 2026],
    "Configuration Management"; [ForgeAPI guide], [Production skill 2025],
    [Patterns reference], [zhanymkanov README]), per domain as the app grows
    (the zhanymkanov README's `AuthConfig`).  [zhanymkanov README] also reads `ENVIRONMENT` through
    Starlette's `Config`; that is not reported, but consolidating it into the same settings
    class is better (D11).

    ## Example
    ```python
    # app/payments/service.py
    import os


    def stripe_key() -> str:
        return os.environ["STRIPE_KEY"]
    ```

    ## Use instead
    ```python
    # app/payments/config.py
    class PaymentsConfig(BaseSettings):
        STRIPE_KEY: SecretStr


    payments_settings = PaymentsConfig()

    # app/payments/service.py
    from app.payments.config import payments_settings


    def stripe_key() -> str:
        return payments_settings.STRIPE_KEY.get_secret_value()
    ```

    ## Fix safety
    No automatic fix: the setting's type, default and owner class are design decisions.

    ## Known problems
    Some reads are legitimately outside the settings: a library-style helper configured by
    its own variable, or a process-level toggle read before the settings exist.  Writes
    (`os.environ[...] = ...`), `os.environ.setdefault(...)`, membership tests and code under
    `if __name__ == "__main__":` are not reported, and neither are tests, tooling, scripts
    and Alembic's `env.py`.  Entry points are exempt like the `__main__` block: a
    `__main__.py` or `cli.py` module, the modules of a `cli/` package, and functions run as
    commands by click or typer (`@app.command()`), which prepare the environment (or pass
    it on to a subprocess) before the application starts.

    Beyond the catalogue's `config.py` / `settings.py`, modules named `conf`,
    `configuration`, `env`, `envs` or `environment`, or ending in `config`, `_settings`,
    `_conf` or `_configuration` (`celeryconfig.py`), and modules inside `conf/`, `configs/`
    or `configuration/` packages count as settings modules: they are where a project
    without pydantic-settings gathers its configuration.  A read whose variable name is
    computed (`os.environ.get(f"{PREFIX}{key}")`, a loop over provider variables) names
    nothing to declare and is not reported, nor is a private variable (a name starting
    with `_`, such as a bootstrap switch read before any settings can load).  Variables the
    platform sets (a CI provider's `GITHUB_SHA`, a host's `SPACE_ID`) are still reported:
    they can be declared on a settings class too, but you may prefer to suppress them.

    ## References
    - [Production guide 2026] ("Configuration Management"; "Use environment variables for secrets")
    - [ForgeAPI guide], [zhanymkanov README] ("Decouple Pydantic BaseSettings")
    - [Production skill 2025], [Patterns reference] (settings with pydantic-settings)
    - FastAPI docs, "Settings and Environment Variables"
    """

    id = "SET005"
    name = "env-read-outside-settings"
    category = "settings"
    severity = Severity.INFO
    heuristic = True
    message = "environment read outside the settings"
    fix_title = "Declare the variable on a settings class and import the settings object"
    fix_safe = False
    sources = (
        "Production guide 2026",
        "ForgeAPI guide",
        "Production skill 2025",
        "Patterns reference",
        "zhanymkanov README",
    )

    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        q = ctx.resolve(node.func)
        if q not in _READ_CALLS or self._exempt(ctx):
            return
        key = (
            node.args[0]
            if node.args
            else next((k.value for k in node.keywords if k.arg == "key"), None)
        )
        name = _key(key)
        if name is None or name.startswith("_"):
            return  # a computed name (no variable to declare) or a private switch
        ctx.report(
            node,
            f'`{q}("{name}")` reads the environment outside the settings: declare `{name}` on a settings class',
        )

    def visit_Subscript(self, node: ast.Subscript, ctx: ModuleContext) -> None:
        if not isinstance(node.ctx, ast.Load) or ctx.resolve(node.value) != "os.environ":
            return
        if self._exempt(ctx):
            return
        name = _key(node.slice)
        if name is None or name.startswith("_"):
            return
        ctx.report(
            node,
            f'`os.environ["{name}"]` reads the environment outside the settings: declare `{name}` on a settings class',
        )

    def _exempt(self, ctx: ModuleContext) -> bool:
        if _settings_path(ctx.path) or _entry_point_path(ctx.path):
            return True
        if any(_is_main_guard(p) for p in ctx.parents):
            return True
        return self._in_cli_command(ctx)

    def _in_cli_command(self, ctx: ModuleContext) -> bool:
        """Inside a function that a CLI framework runs as a command (``@app.command()`` on
        a ``typer.Typer``, ``@click.command()``): an entry point that prepares the
        environment before the application, and its settings, exist."""
        state = ctx.state(_State)
        cli = state.cached
        if cli is None:
            cli = any(q.split(".", 1)[0] in _CLI_MODULES for q in ctx.facts.imports.values())
            state.cached = cli
        if not cli:
            return False
        for p in ctx.parents:
            if not isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for dec in p.decorator_list:
                func = dec.func if isinstance(dec, ast.Call) else dec
                q = ctx.resolve(func) or ""
                if q.split(".", 1)[0] in _CLI_MODULES:
                    return True
                if isinstance(func, ast.Attribute) and func.attr in _CLI_DECORATORS:
                    return True
        return False

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        settings_modules: dict[str, bool] = {}
        out = []
        for h in hits:
            path = h.path or ""
            if path not in settings_modules:
                facts = project.by_path.get(path)
                settings_modules[path] = facts is not None and any(
                    project.is_settings_class(q)
                    or project.class_is(q, {"pydantic.v1.BaseSettings"})
                    for q in facts.classes
                )
            if not settings_modules[path]:
                out.append(h)
        return out

    bad = (
        snippet(
            """\
import os


def stripe_key() -> str:
    return os.environ["STRIPE_KEY"]
""",
            path="app/payments/service.py",
            lines=(5,),
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
    )
    good = (
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
                "app/configuration/parser.py": """\
import os

PREFIX = "APP__"


def lookup(section: str, key: str) -> str | None:
    return os.environ.get(f"{PREFIX}{section.upper()}__{key.upper()}")
""",
            },
            note="modules and packages named for the configuration",
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
    )
