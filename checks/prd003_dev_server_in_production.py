from __future__ import annotations

import ast
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity, when
from auditor.facts import kwarg, str_lit
from auditor.lazyre import lazy_compile
from auditor.project import Project
from auditor.project_files import (
    GUNICORN_CONFIGS,
    Dockerfile,
    base,
    block,
    command_segments,
    compose_command,
    compose_services,
    effective,
    is_dev_compose,
    is_dev_path,
    node_get,
    node_span,
    reload_server,
    replace_lines,
    shown,
    stage_chain,
    text_segments,
    yaml_documents,
)
from auditor.walker import ModuleContext

_RELOAD_JSON = lazy_compile(r'(,[\s\\]*"--reload"(?=[\s\\]*[,\]]))|("--reload"[\s\\]*,[\s\\]*)')
_RELOAD_WORD = lazy_compile(r"\s+--reload(?=\s|$|[\"'\]])")
_FASTAPI_DEV_JSON = lazy_compile(r'("fastapi"[\s\\]*,[\s\\]*)"dev"')
_FASTAPI_DEV_WORD = lazy_compile(r"\b(fastapi\s+)dev\b")
_PYTHON = lazy_compile(r"^python(\d+(\.\d+)?)?$")


def _remove_dev_server(text: str, exec_form: bool) -> str:
    if exec_form:
        text = _RELOAD_JSON.sub("", text)
        return _FASTAPI_DEV_JSON.sub(r'\1"run"', text)
    text = _RELOAD_WORD.sub("", text)
    return _FASTAPI_DEV_WORD.sub(r"\1run", text)


def executed_module(tokens: list[str], workdir: str | None) -> str | None:
    """The Python file a ``python app/main.py`` / ``python -m app.main`` command runs,
    relative to the build context (None when the command does not run one)."""
    for i, t in enumerate(tokens):
        if not _PYTHON.match(base(t)):
            continue
        rest = tokens[i + 1 :]
        j = 0
        while j < len(rest) and rest[j].startswith("-") and rest[j] != "-m":
            j += 1  # interpreter options: -u, -O, -B ...
        if j >= len(rest):
            return None
        if rest[j] == "-m":
            if j + 1 < len(rest) and re.fullmatch(r"[A-Za-z_][\w.]*", rest[j + 1]):
                return "module:" + rest[j + 1]
            return None
        script = rest[j]
        if not script.endswith(".py"):
            return None
        if script.startswith("/") and workdir and script.startswith(workdir.rstrip("/") + "/"):
            script = script[len(workdir.rstrip("/")) + 1 :]
        if script.startswith("/"):
            return None
        return posixpath.normpath(script)
    return None


def _mounts_source(service) -> bool:
    """A compose service that bind-mounts a relative host path (``.:/app``) or uses
    ``develop: watch``: reloading is the point there."""
    import yaml

    if node_get(service, "develop") is not None:
        return True
    volumes = node_get(service, "volumes")
    if not isinstance(volumes, yaml.SequenceNode):
        return False
    for item in volumes.value:
        if isinstance(item, yaml.ScalarNode):
            source = str(item.value).split(":", 1)[0]
        else:
            src = node_get(item, "source")
            source = str(src.value) if isinstance(src, yaml.ScalarNode) else ""
        if source.startswith("."):
            return True
    return False


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    kind: str | None = None
    runs: bool = False
    #: the lines of the command to fix, and its form (an exec-form list, a YAML flow list)
    first: int | None = None
    last: int | None = None
    exec_form: bool = False
    flow: bool = False


@dataclass
class _State:
    #: function qname -> the ``uvicorn.run(reload=True)`` hits in it (marked when it is run)
    runs_of: dict[str, list[Hit]] = field(default_factory=dict)


def _run_by(project: Project, df: Dockerfile, served: bool = False) -> list[tuple[str, int]]:
    """The project's Python files the deployed stage of ``df`` runs as a program by its
    ``CMD`` / ``ENTRYPOINT`` (``python -m app.main``), with the line of the instruction that
    runs each; with ``served``, also the modules of the apps it serves (``uvicorn
    app.main:app``)."""
    deployed = df.deployed
    if deployed is None:
        return []
    files = set(project.repo.files)
    workdir = None
    for stage in stage_chain(df, deployed):
        w = stage.last("WORKDIR")
        if w is not None:
            workdir = w.args.strip()
            break
    entry = effective(df, "ENTRYPOINT")
    cmd = effective(df, "CMD")
    out: list[tuple[str, int]] = []
    for ins in (entry, cmd):
        if ins is None:
            continue
        segments = command_segments(ins)
        tokens = [t for seg in segments for t in seg]
        if ins is cmd and entry is not None and entry.is_exec_form:
            tokens = list(entry.json_args or ()) + tokens
        target = executed_module(tokens, workdir)
        if target is not None:
            if target.startswith("module:"):
                dotted = target[len("module:") :].replace(".", "/")
                candidates = [f"{dotted}.py", f"{dotted}/__main__.py"]
            else:
                candidates = [target]
            for c in candidates:
                path = posixpath.normpath(posixpath.join(df.folder, c)) if df.folder else c
                if path in files:
                    out.append((path, ins.line))
        if not served:
            continue
        # the build context is the Dockerfile's folder or one above it (``COPY app /app/app``
        # from a context one level up): the served module under the nearest that holds it
        contexts = [df.folder, *(p.as_posix() for p in PurePosixPath(df.folder).parents)]
        for module in filter(None, map(_served_module, segments)):
            dotted = module.replace(".", "/") + ".py"
            found = (
                posixpath.normpath(posixpath.join(c, dotted)) if c not in ("", ".") else dotted
                for c in contexts
            )
            served_path = next((p for p in found if p in files), None)
            if served_path is not None:
                out.append((served_path, ins.line))
    return out


def _served_module(segment: list[str]) -> str | None:
    """The module of the app a server command serves: ``app.main`` of ``uvicorn
    app.main:app`` (or ``python -m uvicorn ...``, ``gunicorn ... app.main:app``): the first
    ``module:attribute`` argument after the server's name."""
    for i, t in enumerate(segment):
        if base(t) in _APP_SERVERS:
            for arg in segment[i + 1 :]:
                if not arg.startswith("-") and _APP_SPEC.match(arg):
                    return arg.partition(":")[0]
            return None
    return None


#: Servers taking the app as ``module:attribute`` (uvicorn and gunicorn docs, "Usage").
_APP_SERVERS = frozenset({"uvicorn", "gunicorn", "hypercorn"})
_APP_SPEC = lazy_compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*(?:\(\))?$")
#: Words of an app's ``title=`` by which the project calls it a local development stand-in.
_DEV_TITLE_WORDS = frozenset({"dev", "development", "local"})


def _titled_for_development(project: Project, df: Dockerfile) -> bool:
    """The image of ``df`` runs an app whose ``FastAPI(title=...)`` calls it a development
    or local one (``"orders-stub (local dev)"``): the project says, in the schema it
    publishes, that this image is no production service.  Only partial proof (a title is
    words, not structure), so a finding is lowered, never dropped."""
    paths = {p for p, _line in _run_by(project, df, served=True)}
    for app in project.fastapi_apps:
        if app.path not in paths:
            continue
        title = str_lit(kwarg(app.call, "title"))
        if title and set(re.split(r"[^a-z]+", title.lower())) & _DEV_TITLE_WORDS:
            return True
    return False


#: A payments stand-in's image (``{cmd}`` its command) that ``compose.yaml`` builds under
#: ``{profiles}``; ``{prod}`` is a second compose file's service building it too, or nothing.
_STUB_DOCKERFILE = """\
FROM python:3.12-slim
WORKDIR /app
COPY stub ./stub
USER nobody
CMD ["uvicorn", "stub.main:app", "--host", "0.0.0.0", "--reload"]
"""
_STUB_COMPOSE = """\
services:
  api:
    image: shop/api:1.4
  payments:
    build:
      context: .
      dockerfile: stub/Dockerfile
    profiles: ["dev"]
"""
#: The fix of the stand-in's ``--reload`` (the diff PRD003 proposes for ``_STUB_DOCKERFILE``).
_STUB_FIX = """\
--- a/stub/Dockerfile
+++ b/stub/Dockerfile
@@ -3,3 +3,3 @@
 COPY stub ./stub
 USER nobody
-CMD ["uvicorn", "stub.main:app", "--host", "0.0.0.0", "--reload"]
+CMD ["uvicorn", "stub.main:app", "--host", "0.0.0.0"]
"""
_STUB_PROD_COMPOSE = """\
services:
  payments:
    build:
      context: .
      dockerfile: stub/Dockerfile
"""


class DevServerInProduction(Check):
    """
    ## What it does
    Finds a development server started where production starts the application:
    - `uvicorn … --reload`, `gunicorn … --reload` or `fastapi dev` in the `CMD` /
      `ENTRYPOINT` of the **deployed** stage of each Dockerfile (the final one, unless that
      is a development or test stage, `AS dev`, or has no command while an earlier stage
      runs the server), in a `Procfile`, and in the
      `command:` / `entrypoint:` of compose files whose name does not contain `dev`,
      `local` or `override`;
    - `reload = True` in a gunicorn config file (`gunicorn.conf.py` / `gunicorn_conf.py`);
    - `uvicorn.run(..., reload=True)` in the Python module that the Dockerfile's `CMD` runs
      (`CMD ["python", "app/main.py"]`, `python -m app.main`).

    Development-only Dockerfiles (`Dockerfile.dev`, `dev.Dockerfile`, `.devcontainer/`, and
    Dockerfiles that the project's compose files build only in a dev/local/override compose
    file or under development profiles, `profiles: ["dev"]`) are not scanned, and neither are the other stages of a multi-stage build nor compose
    services that bind-mount the source tree (`volumes: [".:/app"]`) or use `develop:
    watch`, which only make sense for development.  A compose finding is a warning with
    medium confidence: a compose file's name does not prove that it deploys anything, and
    so is a Dockerfile whose image runs an app titled for local development
    (`FastAPI(title="payments (local dev)")`).

    ## Why is this bad?
    `--reload` and `fastapi dev` start a file watcher and a reloader process: the server
    restarts whenever a file changes, `--workers` is ignored (one process serves
    everything), and the watcher costs CPU on every change of the container's files.
    `fastapi dev` also binds `127.0.0.1` by default, so a container running it is not
    reachable at all.  Production commands in the sources never reload
    ([Production guide 2026]: gunicorn with workers; [Production skill 2025]:
    `CMD ["uv", "run", "uvicorn", "app.main:app", "--host", "0.0.0.0", "--port",
    "8000"]`).  Shipping the reloader is a misconfiguration, not a style choice.

    ## Example
    ```dockerfile
    CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--reload"]
    ```

    ## Use instead
    ```dockerfile
    CMD ["fastapi", "run", "app/main.py", "--port", "8000"]
    ```
    and keep `--reload` for a compose override or a `Dockerfile.dev` used locally.

    ## Fix safety
    In a Dockerfile, Procfile or compose command the fix removes the `--reload` token and
    rewrites `fastapi dev` to `fastapi run`, as a text edit on the reported instruction.
    It changes what production runs (no reloader, and `fastapi run` listens on
    `0.0.0.0`), which is the point, so it is marked unsafe: review it.  A gunicorn
    `reload = True` and a `uvicorn.run(reload=True)` are not rewritten.

    ## Known problems
    A command hidden in a shell script (`CMD ["./start.sh"]`) is not followed, and a
    reload switched on through an environment variable (`UVICORN_RELOAD`) is not seen.

    ## References
    - Production commands in [Production guide 2026] ("Production Server
      Configuration") and [Production skill 2025] ("Production Deployment")
    - FastAPI docs, "FastAPI CLI" (`fastapi dev` is for development) and "FastAPI in
      Containers - Docker"
    - uvicorn docs, "Settings" (`--reload` is for development)
    """

    id = "PRD003"
    name = "dev-server-in-production"
    category = "production"
    severity = Severity.ERROR
    kind = "structural"
    file_classes = frozenset({"app", "tooling"})
    message = "development server in a production command"
    fix_title = "Remove `--reload` / use `fastapi run` in the production command"
    fix_safe = False
    sources = ("Production guide 2026", "Production skill 2025")

    # -- uvicorn.run(..., reload=True) (module pass) -------------------------------------
    @when(says=(b"reload",))  # (a module that never says ``reload=`` reports nothing here)
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        scope = ctx.scope
        if scope.kind == "module" and isinstance(node.func, ast.Name):
            # ``main()`` at module level (``if __name__ == "__main__": main()``) runs main
            for hit in ctx.state(_State).runs_of.get(f"{ctx.module}.{node.func.id}", ()):
                hit.data = hit.payload(_Data)._replace(runs=True)
        reload = next((k for k in node.keywords if k.arg == "reload"), None)
        if reload is None or not (
            isinstance(reload.value, ast.Constant) and reload.value.value is True
        ):
            return
        if ctx.resolve(node.func) != "uvicorn.run":
            return
        function = ctx.enclosing_function_qname()
        hit = ctx.report(
            reload,
            "`uvicorn.run(..., reload=True)`",
            data=_Data(kind="uvicorn.run", runs=function is None),
        )
        top_level_function = (
            scope.kind == "function" and scope.parent is not None and scope.parent.kind == "module"
        )
        if function is not None and top_level_function:
            ctx.state(_State).runs_of.setdefault(function, []).append(hit)

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        executed = self._executed_modules(project)
        out = []
        for h in hits:
            if h.payload(_Data).kind != "uvicorn.run" or not h.payload(_Data).runs:
                continue
            where = executed.get(h.path or "")
            if where is None:
                continue
            out.append(
                replace(
                    h,
                    message=f"`uvicorn.run(..., reload=True)` in the module the production image runs ({where}): "
                    "a development server",
                    fix_title="Drop `reload=True` (use `fastapi dev` or a `--reload` flag locally)",
                )
            )
        return out

    def _executed_modules(self, project: Project) -> dict[str, str]:
        """Python files run by the deployed stage's ``CMD``/``ENTRYPOINT`` -> where."""
        out: dict[str, str] = {}
        dev_only = project.dev_only_dockerfiles
        for df in project.configs.dockerfiles:
            if is_dev_path(df.path) or df.deployed is None or df.path in dev_only:
                continue
            for path, line in _run_by(project, df):
                out.setdefault(path, f"`{df.path}` line {line}")
        return out

    # -- commands (structural) ---------------------------------------------------------------
    def check_project(self, project: Project) -> Iterator[Hit]:
        configs = project.configs
        for df in configs.dockerfiles:
            if is_dev_path(df.path) or df.deployed is None:
                continue
            if df.path in project.dev_only_dockerfiles:
                continue  # the project's compose files build it only for development
            local = _titled_for_development(project, df)
            for cmd in ("ENTRYPOINT", "CMD"):
                ins = effective(df, cmd)
                if ins is None:
                    continue
                found = next((s for s in map(reload_server, command_segments(ins)) if s), None)
                if found:
                    hit = self.project_hit(
                        f"`{found}` in `{shown(ins, 60)}`: "
                        + (
                            "a development server, in the image of an app titled for local "
                            "development; check that no production deployment builds it"
                            if local
                            else "the production image runs a development server"
                        ),
                        path=df.path,
                        line=ins.line,
                        severity=Severity.WARNING if local else None,
                        data=_Data(),
                    )
                    if local:
                        hit.confidence = "medium"
                    hit.data = hit.payload(_Data)._replace(
                        first=ins.line, last=ins.end_line, exec_form=ins.is_exec_form
                    )
                    hit.fixable = True
                    yield hit
        for n, raw in configs.procfile:
            process, _, procfile_command = raw.partition(":")
            found = next(
                (s for s in map(reload_server, text_segments(procfile_command)) if s), None
            )
            if found:
                hit = self.project_hit(
                    f"`{found}` in the Procfile's `{process.strip()}` process: a development server in production",
                    path="Procfile",
                    line=n,
                    data=_Data(),
                )
                hit.data = hit.payload(_Data)._replace(first=n, last=n, exec_form=False)
                hit.fixable = True
                yield hit
        for path, _data in configs.compose_files:
            if is_dev_compose(path):
                continue
            text = configs.text(path) or ""
            for service, node in compose_services(text):
                if _mounts_source(node):
                    continue  # the source tree is bind-mounted: a development setup
                for key in ("command", "entrypoint"):
                    value = node_get(node, key)
                    command = compose_command(value) if value is not None else None
                    if not command:
                        continue
                    found = next((s for s in map(reload_server, text_segments(command)) if s), None)
                    if not found:
                        continue
                    first, last = node_span(value)
                    # a compose file's name does not prove it deploys: many run only locally
                    hit = self.project_hit(
                        f"`{found}` in the `{key}:` of compose service `{service}`: a development server "
                        "outside a dev/override compose file",
                        path=path,
                        line=first,
                        severity=Severity.WARNING,
                        data=_Data(),
                    )
                    hit.confidence = "medium"
                    exec_form = value.tag.endswith(":seq")
                    hit.data = hit.payload(_Data)._replace(
                        first=first,
                        last=last,
                        exec_form=exec_form,
                        flow=getattr(value, "flow_style", False),
                    )
                    hit.fixable = not exec_form or bool(getattr(value, "flow_style", False))
                    yield hit
        for file in project.repo.files:
            if file.rsplit("/", 1)[-1] in GUNICORN_CONFIGS:
                yield from self._gunicorn_reload(project, file)

    def _gunicorn_reload(self, project: Project, path: str) -> Iterator[Hit]:
        text = project.repo.read_text(path)
        if text is None or "reload" not in text:
            return
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            return
        for stmt in tree.body:
            if (
                isinstance(stmt, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "reload" for t in stmt.targets)
                and isinstance(stmt.value, ast.Constant)
                and stmt.value.value is True
            ):
                hit = self.project_hit(
                    f"`reload = True` in `{path}`: gunicorn restarts workers on every code change",
                    path=path,
                    line=stmt.lineno,
                    data=_Data(),
                )
                hit.fix_title = "Remove `reload = True` from the production gunicorn config"
                yield hit

    def fix(self, source: str, hit: Hit, project: Project) -> str | None:
        first, last = hit.payload(_Data).first, hit.payload(_Data).last
        if not first or not last:
            return None
        exec_form = bool(hit.payload(_Data).exec_form)
        old = block(source, first, last)
        new = _remove_dev_server(old, exec_form)
        if new == old:
            return None
        fixed = replace_lines(source, first, last, new)
        path = hit.path or ""
        if path.endswith((".yml", ".yaml")):
            if not yaml_documents(fixed):  # the compose file must still parse
                return None
        elif exec_form:
            # a Dockerfile exec form must stay a JSON array
            from auditor.project_files import parse_dockerfile

            ins = parse_dockerfile(new).instructions
            if not ins or ins[0].json_args is None:
                return None
        return fixed

    bad = (
        Example(
            files={
                "stub/Dockerfile": _STUB_DOCKERFILE,
                "stub/__init__.py": "",
                "stub/main.py": "",
                "compose.yaml": _STUB_COMPOSE,
                "compose.prod.yaml": _STUB_PROD_COMPOSE,
            },
            note="the other side of the dev-profile trap: a second compose file builds the "
            "same image for every profile, so it is not only a development image",
            lines=(5,),
            fixes=(_STUB_FIX,),
        ),
        Example(
            files={
                "stub/Dockerfile": _STUB_DOCKERFILE,
                "stub/__init__.py": "",
                "stub/main.py": 'from fastapi import FastAPI\n\napp = FastAPI(title="payments (local dev)")\n',
            },
            note="an image whose app is titled for local development, built by no compose "
            "file: the title is no proof of where it runs, so a medium warning",
            lines=(5,),
            fixes=(_STUB_FIX,),
        ),
        Example(
            files={
                "Dockerfile": """\
FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY app ./app
USER nobody
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000", "--reload"]
""",
                "app/main.py": "",
            },
            lines=(7,),
            fixes=(
                """\
--- a/Dockerfile
+++ b/Dockerfile
@@ -5,3 +5,3 @@
 COPY app ./app
 USER nobody
-CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000", "--reload"]
+CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]
""",
            ),
        ),
        Example(
            files={
                "Dockerfile": """\
FROM python:3.12-slim AS base
WORKDIR /app
COPY . .

FROM base AS final
USER nobody
CMD fastapi dev app/main.py
""",
                "Procfile": "release: alembic upgrade head\nweb: uvicorn app.main:app --reload --port $PORT\n",
                "app/main.py": "",
            },
            note="shell form `fastapi dev`, and a Procfile",
            lines=(7, 2),
            fixes=(
                """\
--- a/Dockerfile
+++ b/Dockerfile
@@ -5,3 +5,3 @@
 FROM base AS final
 USER nobody
-CMD fastapi dev app/main.py
+CMD fastapi run app/main.py
""",
                """\
--- a/Procfile
+++ b/Procfile
@@ -1,2 +1,2 @@
 release: alembic upgrade head
-web: uvicorn app.main:app --reload --port $PORT
+web: uvicorn app.main:app --port $PORT
""",
            ),
        ),
        Example(
            files={
                "docker-compose.yml": """\
services:
  api:
    build: .
    command: ["gunicorn", "app.main:app", "--reload", "-b", "0.0.0.0:8000"]
  worker:
    build: .
    command: sh -c "alembic upgrade head && uvicorn app.main:app --host 0.0.0.0 --reload"
""",
                "gunicorn.conf.py": "bind = '0.0.0.0:8000'\nreload = True\n",
                "app/main.py": "",
            },
            note="compose commands (flow list and `sh -c`), gunicorn `reload = True`",
            lines=(4, 7, 2),
            fixes=(
                """\
--- a/docker-compose.yml
+++ b/docker-compose.yml
@@ -2,5 +2,5 @@
   api:
     build: .
-    command: ["gunicorn", "app.main:app", "--reload", "-b", "0.0.0.0:8000"]
+    command: ["gunicorn", "app.main:app", "-b", "0.0.0.0:8000"]
   worker:
     build: .
""",
                """\
--- a/docker-compose.yml
+++ b/docker-compose.yml
@@ -5,3 +5,3 @@
   worker:
     build: .
-    command: sh -c "alembic upgrade head && uvicorn app.main:app --host 0.0.0.0 --reload"
+    command: sh -c "alembic upgrade head && uvicorn app.main:app --host 0.0.0.0"
""",
            ),
        ),
        Example(
            files={
                "Dockerfile": """\
FROM python:3.12-slim
WORKDIR /srv
COPY . .
USER nobody
CMD ["python", "-u", "/srv/app/main.py"]
""",
                "app/main.py": """\
import uvicorn
from fastapi import FastAPI

app = FastAPI()


def main() -> None:
    uvicorn.run("app.main:app", host="0.0.0.0", reload=True)


if __name__ == "__main__":
    main()
""",
            },
            note="`uvicorn.run(reload=True)` in the module the CMD runs (through main())",
            lines=(8,),
        ),
        Example(
            files={
                "deploy/Dockerfile": """\
FROM python:3.12-slim
COPY . /app
WORKDIR /app
ENTRYPOINT ["python", "-m"]
CMD ["service.server"]
""",
                "deploy/service/server.py": """\
from uvicorn import run as serve

serve("service.api:app", reload=True)
""",
                "deploy/service/__init__.py": "",
            },
            note="`python -m` through ENTRYPOINT + CMD, an aliased uvicorn.run, a Dockerfile in a sub-folder",
            lines=(3,),
        ),
    )
    good = (
        Example(
            files={
                "stub/Dockerfile": _STUB_DOCKERFILE,
                "stub/__init__.py": "",
                "stub/main.py": "",
                "compose.yaml": _STUB_COMPOSE,
            },
            note="trap: the only compose service that builds this image starts only under "
            "the `dev` profile: the project says by structure that it is a development "
            "stand-in, never a production image",
        ),
        Example(
            files={
                "Dockerfile": """\
FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY app ./app
USER nobody
CMD ["fastapi", "run", "app/main.py", "--port", "8000"]
""",
                "app/main.py": "",
            }
        ),
        Example(
            files={
                "Dockerfile": """\
FROM python:3.12-slim AS production
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
USER nobody
CMD ["gunicorn", "-k", "uvicorn_worker.UvicornWorker", "app.main:app"]

FROM production AS development
RUN pip install watchfiles
CMD ["uvicorn", "app.main:app", "--reload"]
""",
            },
            note="trap: the last stage is the development stage (built with --target "
            "development); the deployed stage runs gunicorn",
        ),
        Example(
            files={
                "Dockerfile": """\
FROM python:3.12-slim AS dev
WORKDIR /app
COPY . .
CMD ["uvicorn", "app.main:app", "--reload"]

FROM python:3.12-slim AS prod
WORKDIR /app
COPY . .
USER nobody
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--reload-dir", "app"]
""",
                "Dockerfile.dev": 'FROM python:3.12-slim\nCMD ["fastapi", "dev", "app/main.py"]\n',
                ".devcontainer/Dockerfile": "FROM python:3.12\nCMD uvicorn app.main:app --reload\n",
                "docker-compose.override.yml": "services:\n  api:\n    command: uvicorn app.main:app --reload\n",
                "compose.dev.yaml": "services:\n  api:\n    command: fastapi dev app/main.py\n",
                "docker-compose.local.yml": 'services:\n  api:\n    command: ["uvicorn", "app.main:app", "--reload"]\n',
                "docker-compose.yml": """\
services:
  api:
    build: .
    volumes:
      - ./app:/code/app
    command: uvicorn app.main:app --host 0.0.0.0 --reload
  web:
    build: .
    develop:
      watch:
        - action: sync
          path: ./app
          target: /code/app
    command: fastapi dev app/main.py
  db:
    image: postgres:16
    volumes:
      - pgdata:/var/lib/postgresql/data
""",
                "app/main.py": "",
            },
            note="a dev stage that is not last, dev Dockerfiles and dev/local/override compose files",
        ),
        Example(
            files={
                "Dockerfile": """\
FROM python:3.12-slim
COPY . .
RUN pip install -r requirements.txt && python -m pytest --reload-plugins
USER nobody
CMD ["python", "app/main.py"]
""",
                "app/main.py": """\
import uvicorn
from fastapi import FastAPI

app = FastAPI()


def dev() -> None:
    uvicorn.run("app.main:app", reload=True)


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=8000)
""",
                "scripts/dev.py": "import uvicorn\n\nuvicorn.run('app.main:app', reload=True)\n",
                "gunicorn.conf.py": "reload = False\nreload_extra_files = []\n",
                "Procfile": "web: gunicorn app.main:app -k uvicorn_worker.UvicornWorker\n# web: uvicorn app.main:app --reload\n",
            },
            note="reload in a function the module does not call, in a script the image does not run; RUN is not the server",
        ),
        Example(
            files={
                "docker-compose.yml": "services:\n  api:\n    command: echo reload\n    environment:\n      CMD: uvicorn app.main:app --reload\n",
                "app/main.py": """\
class Server:
    def run(self, reload: bool) -> None: ...


uvicorn = Server()
uvicorn.run(reload=True)
""",
            },
            note="no Dockerfile runs the module; a local variable shadowing uvicorn; an environment value",
        ),
    )
