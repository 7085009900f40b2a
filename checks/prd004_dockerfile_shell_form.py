from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity
from auditor.lazyre import lazy_compile
from auditor.project import Project
from auditor.project_files import (
    PLAIN_TOKEN,
    SHELLS,
    base,
    effective,
    is_dev_path,
    replace_lines,
    runs_python,
    segments,
    shown,
    tokenize,
)

INITS = frozenset({"tini", "tini-static", "dumb-init", "catatonit"})
_KEYWORD = lazy_compile(r"^(\s*)([A-Za-z]+)\b")


def _exec_last(script: str) -> bool:
    """The script hands over to the server: its last simple command starts with ``exec``."""
    segs = segments(tokenize(script))
    return bool(segs) and segs[-1][0] == "exec"


def _single_quoted_list(value: str) -> list[str] | None:
    """``['uvicorn', 'app']``: a Python-style list Docker does not parse as JSON."""
    if not value.startswith("["):
        return None
    try:
        parsed = ast.literal_eval(value)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    if isinstance(parsed, list) and parsed and all(isinstance(x, str) for x in parsed):
        return parsed
    return None


def _plain_words(value: str) -> list[str] | None:
    """The words of a shell-form command that uses no shell feature at all, else None."""
    words = value.split()
    if not words or "=" in words[0] or words[0] == "exec":
        return None
    if all(PLAIN_TOKEN.match(w) for w in words):
        return words
    return None


class _Data(NamedTuple):
    """What a fixable hit carries to ``fix``: the instruction's lines and its words."""

    first: int
    last: int
    words: list[str]


class DockerfileShellForm(Check):
    """
    ## What it does
    Looks at the `CMD` and `ENTRYPOINT` that the deployed stage of each Dockerfile runs (the
    final one, unless that is a development or test stage, `AS dev`, or has no command
    while an earlier stage runs the server), and
    reports one that is not a JSON array (shell form: `CMD uvicorn app.main:app`, or a
    list written with single quotes, which Docker also treats as shell form).  Under the
    same ID it reports the exec form `["sh", "-c", "<command>"]` when the command does not
    hand over to the server with `exec`.

    Not reported: a shell-form `CMD` behind an exec-form `ENTRYPOINT` that starts an init
    process (`tini`, `dumb-init`), a shell-form command that starts with `exec`,
    development-only Dockerfiles (`Dockerfile.dev`, `.devcontainer/`, and Dockerfiles that
    the project's compose files build only in a dev compose file or under development
    profiles, `profiles: ["dev"]`), Dockerfiles of a
    vendored project (under `thirdparty/`, `vendor/`), and Dockerfiles that do not build a
    Python image (an nginx proxy, a node frontend).

    ## Why is this bad?
    In shell form Docker runs `/bin/sh -c "<command>"`: the shell is PID 1 and the server
    is its child.  `docker stop` and Kubernetes send `SIGTERM` to PID 1, and `sh` does not
    forward it, so uvicorn never starts its graceful shutdown: in-flight requests are cut,
    the lifespan's shutdown code never runs, and the container is killed after the stop
    timeout (10 s by default, 30 s in Kubernetes).  The FastAPI Docker docs say to always
    use the exec form, as [Production skill 2025] does:
    `CMD ["uv", "run", "uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]`.

    ## Example
    ```dockerfile
    CMD uvicorn app.main:app --host 0.0.0.0 --port 8000
    ```

    ## Use instead
    ```dockerfile
    CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]
    ```
    When a shell is really needed (variables, `&&`), end with `exec`:
    `CMD ["sh", "-c", "alembic upgrade head && exec uvicorn app.main:app --port $PORT"]`.

    ## Fix safety
    A shell-form command that uses no shell feature — no variables, quotes, globs,
    redirections, `&&`, `;` or pipes, only plain words — is rewritten to the JSON array of
    its words, and a single-quoted list is rewritten with double quotes.  The same program
    runs with the same arguments, now as PID 1, so the fix is safe.  Commands that need the
    shell are left to you.

    ## Known problems
    An `ENTRYPOINT` script (`["./entrypoint.sh"]`) is not read: whether it ends with
    `exec "$@"` is not checked.  Base images that set their own `ENTRYPOINT` are not
    followed.

    ## References
    - [Production skill 2025] ("Production Deployment": exec-form `CMD`)
    - FastAPI docs, "FastAPI in Containers - Docker" ("always use the exec form")
    - Docker docs, "Dockerfile reference" (shell and exec form; `CMD`, `ENTRYPOINT`)
    """

    id = "PRD004"
    name = "dockerfile-shell-form"
    category = "production"
    severity = Severity.WARNING
    kind = "structural"
    message = "shell-form `CMD`/`ENTRYPOINT`"
    fix_title = "Use the exec form: a JSON array"
    fix_safe = True
    sources = ("Production skill 2025",)

    def check_project(self, project: Project) -> Iterator[Hit]:
        for df in project.configs.dockerfiles:
            if (
                is_dev_path(df.path)
                or df.path in project.dev_only_dockerfiles
                or df.deployed is None
                or not runs_python(df, project.configs.text(df.path) or "")
            ):
                continue
            entry = effective(df, "ENTRYPOINT")
            cmd = effective(df, "CMD")
            init = (
                entry is not None
                and entry.is_exec_form
                and entry.json_args is not None
                and bool(entry.json_args)
                and base(entry.json_args[0]) in INITS
            )
            for ins in (entry, cmd):
                if ins is None or (ins is cmd and init):
                    continue
                if ins is cmd and entry is not None and not entry.is_exec_form:
                    continue  # a shell-form ENTRYPOINT ignores CMD (reported on the ENTRYPOINT)
                hit = self._judge_instruction(df.path, ins)
                if hit is not None:
                    yield hit

    def _judge_instruction(self, path: str, ins) -> Hit | None:
        if ins.is_exec_form:
            args = list(ins.json_args or ())
            if (
                len(args) >= 3
                and base(args[0]) in SHELLS
                and args[1] == "-c"
                and not _exec_last(args[2])
            ):
                hit = self.project_hit(
                    f"`{shown(ins, 60)}`: the shell stays PID 1 and does not forward SIGTERM; "
                    "start the server with `exec`",
                    path=path,
                    line=ins.line,
                )
                hit.fix_title = "Start the server with `exec` (`... && exec uvicorn ...`)"
                return hit
            return None
        value = ins.args.strip()
        if not value:
            return None
        quoted = _single_quoted_list(value)
        if quoted is not None:
            hit = self.project_hit(
                f"`{shown(ins, 60)}` is not valid JSON (single quotes): Docker runs it through `/bin/sh -c`",
                path=path,
                line=ins.line,
            )
            hit.data = _Data(first=ins.line, last=ins.end_line, words=quoted)
            hit.fixable = True
            hit.fix_title = "Use double quotes: a JSON array"
            return hit
        if value.split()[0] == "exec":
            return None
        hit = self.project_hit(
            f"shell-form `{shown(ins, 60)}`: the server runs under `/bin/sh -c`, which does not forward "
            "SIGTERM (no graceful shutdown)",
            path=path,
            line=ins.line,
        )
        words = _plain_words(value)
        if words is not None:
            hit.data = _Data(first=ins.line, last=ins.end_line, words=words)
            hit.fixable = True
        else:
            hit.fix_title = "Use the exec form, or `exec` the server from the shell command"
        return hit

    def fix(self, source: str, hit: Hit, project: Project) -> str | None:
        first, last, words = (
            hit.payload(_Data).first,
            hit.payload(_Data).last,
            hit.payload(_Data).words,
        )
        if not first or not last or not words:
            return None
        lines = source.splitlines()
        if not 0 < first <= last <= len(lines):
            return None
        m = _KEYWORD.match(lines[first - 1])
        if m is None or m.group(2).upper() not in ("CMD", "ENTRYPOINT"):
            return None
        new = f"{m.group(1)}{m.group(2)} {json.dumps(list(words))}"
        return replace_lines(source, first, last, new)

    bad = (
        Example(
            files={
                "Dockerfile": """\
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
USER nobody
CMD uvicorn app.main:app --host 0.0.0.0 --port 8000
""",
            },
            lines=(6,),
            fixes=(
                """\
--- a/Dockerfile
+++ b/Dockerfile
@@ -4,3 +4,3 @@
 RUN pip install -r requirements.txt
 USER nobody
-CMD uvicorn app.main:app --host 0.0.0.0 --port 8000
+CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]
""",
            ),
        ),
        Example(
            files={
                "Dockerfile": """\
FROM python:3.12-slim AS build
RUN pip wheel -w /wheels fastapi

FROM python:3.12-slim
COPY --from=build /wheels /wheels
USER nobody
ENTRYPOINT ['uvicorn', 'app.main:app']
""",
            },
            note="single quotes are not JSON: Docker runs it through the shell",
            lines=(7,),
            fixes=(
                """\
--- a/Dockerfile
+++ b/Dockerfile
@@ -5,3 +5,3 @@
 COPY --from=build /wheels /wheels
 USER nobody
-ENTRYPOINT ['uvicorn', 'app.main:app']
+ENTRYPOINT ["uvicorn", "app.main:app"]
""",
            ),
        ),
        Example(
            files={
                "Dockerfile": """\
FROM python:3.12-slim
USER nobody
CMD ["sh", "-c", "alembic upgrade head && uvicorn app.main:app --port $PORT"]
""",
                "deploy/api.Dockerfile": """\
FROM python:3.12-slim
USER nobody
CMD uvicorn app.main:app \\
    --host 0.0.0.0 \\
    --port ${PORT:-8000}
""",
                "worker.Dockerfile": """\
FROM python:3.12-slim
USER nobody
CMD python -m app.worker \\
    --queue default
""",
            },
            note="`sh -c` without exec; continued shell forms, with a variable (reported, not rewritten) and without",
            lines=(3,),
            fixes=(
                """\
--- a/worker.Dockerfile
+++ b/worker.Dockerfile
@@ -1,4 +1,3 @@
 FROM python:3.12-slim
 USER nobody
-CMD python -m app.worker \\
-    --queue default
+CMD ["python", "-m", "app.worker", "--queue", "default"]
""",
            ),
        ),
    )
    good = (
        Example(
            files={
                "stub/Dockerfile": """\
FROM python:3.12-slim
WORKDIR /app
COPY stub ./stub
USER nobody
CMD uvicorn stub.main:app --host 0.0.0.0
""",
                "docker-compose.yml": """\
services:
  payments:
    build:
      context: .
      dockerfile: stub/Dockerfile
    profiles: [local-dev]
""",
            },
            note="trap: the project's compose file builds this image only under a "
            "development profile: a local stand-in, not a production container",
        ),
        Example(
            files={
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "app/thirdparty/depth_model/Dockerfile": """\
FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04
RUN apt-get update && apt-get install -y python3-pip && pip3 install torch
COPY . /depth
CMD python3 predict.py --weights /depth/model.pt
""",
            },
            note="a vendored copy of another project (`thirdparty/`) ships its own Dockerfile: "
            "it deploys that project, not the application",
        ),
        Example(
            files={
                "Dockerfile": """\
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
USER nobody
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]
""",
            }
        ),
        Example(
            files={
                "Dockerfile": """\
FROM python:3.12-slim AS app
COPY . /app
RUN pip install /app
USER nobody
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]

FROM app AS test
RUN pip install pytest
CMD pytest -x /app/tests
""",
            },
            note="trap: the last stage runs the tests; the deployed stage's command is exec form",
        ),
        Example(
            files={
                "Dockerfile": """\
FROM python:3.12-slim AS build
CMD uvicorn app.main:app

FROM python:3.12-slim
RUN apt-get update && apt-get install -y tini
USER nobody
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD uvicorn app.main:app --port $PORT
""",
                "Dockerfile.dev": "FROM python:3.12\nCMD uvicorn app.main:app --reload\n",
                "worker/Dockerfile": """\
FROM python:3.12-slim
USER nobody
CMD ["/bin/bash", "-c", "alembic upgrade head && exec uvicorn app.main:app --port $PORT"]
""",
                "api/Dockerfile": "FROM python:3.12-slim\nUSER nobody\nCMD exec uvicorn app.main:app --port $PORT\n",
            },
            note="an earlier stage, tini as ENTRYPOINT, a dev Dockerfile, `exec` in a shell command",
        ),
        Example(
            files={
                "proxy/Dockerfile": "FROM nginx:1.27-alpine\nCOPY nginx.conf /etc/nginx/nginx.conf\nCMD nginx -g 'daemon off;'\n",
            },
            note="not a Python image",
        ),
    )
