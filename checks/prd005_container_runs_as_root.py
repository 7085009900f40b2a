from __future__ import annotations

import re
from collections.abc import Iterator

from auditor.check import Check, Example, Hit, Severity
from auditor.lazyre import lazy_compile
from auditor.project import Project
from auditor.project_files import (
    Dockerfile,
    Instruction,
    Stage,
    base,
    command_segments,
    compose_builds,
    is_dev_path,
    node_get,
    runs_python,
    stage_chain,
    stage_command,
)

ROOT_USERS = frozenset({"root", "0"})
#: Base images documented to run as a non-root user.
NON_ROOT_IMAGE = lazy_compile(
    r"^(gcr\.io/distroless/[^:@]+:(.*-)?nonroot(-.*)?$|cgr\.dev/chainguard/)"
)
#: Base images documented to run as root unless a ``USER`` says otherwise: the official
#: (Docker Library) OS and Python images, also through a registry mirror, uv's images, and
#: the OS images that only add a toolkit (NVIDIA's CUDA, PyTorch's, the conda images).
#: Another base (a project's own, a vendor's) may set its own user: the finding is then
#: medium confidence.
ROOT_IMAGE = lazy_compile(
    r"^(?:(?:docker\.io|[\w-]+(?:\.[\w-]+)+(?::\d+)?)/)?(?:library/)?"
    r"(?:python|pypy|debian|ubuntu|alpine|fedora|centos|rockylinux|almalinux|amazonlinux"
    r"|oraclelinux|buildpack-deps|busybox)(?:[:@]|$)"
    r"|^ghcr\.io/astral-sh/uv(?:[:@]|$)|^gcr\.io/distroless/"
    # OS images with a toolkit installed (CUDA, PyTorch, conda): root, a shell for command
    r"|^(?:(?:docker\.io|nvcr\.io)/)?(?:nvidia/cuda|pytorch/pytorch"
    r"|continuumio/(?:miniconda3|anaconda3)|condaforge/(?:miniforge3|mambaforge))(?:[:@]|$)",
    re.IGNORECASE,
)
#: Base images of platforms that run the code as their own unprivileged user, whatever the
#: image's ``USER``: AWS Lambda runs a function as a sandbox user (``sbx_user1051``).
PLATFORM_USER_IMAGE = lazy_compile(r"^(public\.ecr\.aws/lambda/|amazon/aws-lambda-)", re.IGNORECASE)
_RUN_AS_NON_ROOT = lazy_compile(r"^\s*runAsNonRoot\s*:\s*true\b", re.MULTILINE | re.IGNORECASE)
_RUN_AS_USER = lazy_compile(r"^\s*runAsUser\s*:\s*['\"]?(\d+)", re.MULTILINE)


def _idles(ins: Instruction) -> bool:
    """A ``CMD`` whose every command only keeps the container alive (``tail -f /dev/null``,
    ``sleep infinity``): the work is handed to it with ``docker exec``."""
    segs = command_segments(ins)
    return bool(segs) and all(
        (
            len(seg) == 3
            and base(seg[0]) == "tail"
            and seg[1] in ("-f", "-F")
            and seg[2] == "/dev/null"
        )
        or (len(seg) == 2 and base(seg[0]) == "sleep" and seg[1] in ("infinity", "inf"))
        for seg in segs
    )


def _runs_anything(df: Dockerfile, stage: Stage) -> bool:
    """``stage`` runs a command: a ``CMD`` / ``ENTRYPOINT`` of its own or of a stage it is
    built ``FROM``, or a base image that is not a plain OS / Python image (its own
    command may start the application).  A plain image with none (an evaluation harness
    built for Modal, a batch job), or whose only command keeps the container idle and that
    exposes no port (a build environment that commands are ``docker exec``-ed into), is
    started with an explicit command: it is not a deployment of the API."""
    if stage_command(df, stage, "ENTRYPOINT"):
        return True
    cmd = stage_command(df, stage, "CMD")
    if cmd is not None and (
        not _idles(cmd) or any(s.last("EXPOSE") for s in stage_chain(df, stage))
    ):
        return True  # an idle image that exposes a port serves what is exec-ed into it
    image = stage_chain(df, stage)[-1].image
    return image is None or not ROOT_IMAGE.match(image)


def _user_of(value: str) -> str:
    """The user part of ``USER name[:group]``."""
    return value.strip().split(":", 1)[0].strip()


class ContainerRunsAsRoot(Check):
    """
    ## What it does
    Reports a Dockerfile whose deployed stage runs as root: it has no `USER` instruction
    (nor does a stage it is built `FROM`), or its last `USER` is `root` or `0` (`0:0`,
    `root:root`).  The deployed stage is the final one, unless that is a development or
    test stage (`AS dev`, `AS test`) or has no command while an earlier stage's command
    runs the server (`uvicorn`, `gunicorn`, `fastapi run` ...): then it is that stage.

    Not reported when the base image is known to run as non-root
    (`gcr.io/distroless/...:nonroot`, `cgr.dev/chainguard/...`), when it is an AWS Lambda
    image (`public.ecr.aws/lambda/...`: Lambda runs the function as its own unprivileged
    user), when it is given by a build argument without a default
    (`FROM ${BASE_IMAGE}:${TAG}`: its user is unknown), when a compose service
    that builds this Dockerfile sets `user:`, or when a Kubernetes manifest (or Helm
    values file) in the repository sets `runAsNonRoot: true` or a non-zero `runAsUser`.
    An image that runs no command (no `CMD` / `ENTRYPOINT` in its stages, built on a plain
    OS or Python image such as `python`, `debian` or `ghcr.io/astral-sh/uv`, or on an OS
    image that only adds a toolkit, `nvidia/cuda`, `pytorch/pytorch`,
    `continuumio/miniconda3`, whose own command serves nothing), or whose only command keeps
    the container idle (`CMD ["tail", "-f", "/dev/null"]`, `sleep infinity`) and that
    exposes no port (a build environment that commands are `docker exec`-ed into; one that
    `EXPOSE`s a port serves what is exec-ed into it, and is reported), is started with an explicit command, as a job or harness: it
    is not a deployment of the API.  One built on another image (`tiangolo/uvicorn-...`,
    a vendor's base) may run the app through the base image's command and is reported.
    Development-only Dockerfiles (`Dockerfile.dev`, `.devcontainer/`), those of a vendored
    project (under `thirdparty/`, `vendor/`) and Dockerfiles that
    do not build a Python image (no `python`, `pip`, `uv`, `uvicorn`, `gunicorn`, `fastapi`
    ... anywhere: an nginx proxy, a node frontend) are not scanned, and a `USER` given by a
    variable (`USER $APP_USER`) is trusted.

    ## Why is this bad?
    Without `USER`, the application process runs as root inside the container.  A remote
    code execution bug (a deserialisation flaw, a template injection, a vulnerable
    dependency) then hands the attacker root: write access to the whole image filesystem,
    to mounted volumes and secrets, and the best position for container-escape exploits.
    Dropping privileges costs two lines.

    None of the source documents' Dockerfiles set a user ([Production skill 2025] shows
    one without `USER`); current Docker and Kubernetes hardening guides require it.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY . .
    RUN pip install -r requirements.txt
    CMD ["fastapi", "run", "app/main.py", "--port", "8000"]
    ```

    ## Use instead
    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY . .
    RUN pip install -r requirements.txt && useradd --create-home --uid 10001 app
    USER app
    CMD ["fastapi", "run", "app/main.py", "--port", "8000"]
    ```

    ## Fix safety
    No automatic fix: files the application writes (uploads, caches, SQLite databases) and
    mounted volumes must be owned by, or writable for, the new user.

    ## Known problems
    A user set only on the command line (`docker run --user`), in an orchestrator outside
    the repository, or in the base image's own metadata (other than the images listed) is
    not seen: suppress the finding then.  Official OS and Python images (and uv's, and
    the CUDA, PyTorch and conda images above) are known to run as root; on any other base the finding says it may set its own user and
    has medium confidence.  The Kubernetes exemption applies to every
    Dockerfile of the repository, because images are not matched to manifests.

    ## References
    - [Production skill 2025] ("Production Deployment": a Dockerfile without `USER`)
    - Docker docs, "Dockerfile best practices" (`USER`)
    - Kubernetes docs, "Pod Security Standards" (`runAsNonRoot`)
    """

    id = "PRD005"
    name = "container-runs-as-root"
    category = "production"
    severity = Severity.WARNING
    kind = "structural"
    message = "the container runs as root"
    fix_title = "Create an unprivileged user and switch to it with `USER` before `CMD`"
    fix_safe = False
    sources = ("Production skill 2025",)

    def check_project(self, project: Project) -> Iterator[Hit]:
        dockerfiles = [
            d
            for d in project.configs.dockerfiles
            if not is_dev_path(d.path)
            and d.deployed is not None
            and runs_python(d, project.configs.text(d.path) or "")
        ]
        if not dockerfiles or self._kubernetes_non_root(project):
            return
        compose_users = self._compose_users(project)
        for df in dockerfiles:
            stage = df.deployed
            if stage is None:  # (filtered above)
                continue
            if df.path in compose_users:
                continue
            if not _runs_anything(df, stage):
                continue  # an image run with an explicit command (a job or harness image)
            chain = stage_chain(df, stage)
            user = None
            for s in chain:
                user = s.last("USER")
                if user is not None:
                    break
            if user is None:
                image = chain[-1].image  # the image the chain starts from
                if image is None:
                    continue  # a build argument without a default: its user is unknown
                if NON_ROOT_IMAGE.match(image) or PLATFORM_USER_IMAGE.match(image):
                    continue
                known = bool(ROOT_IMAGE.match(image))
                hit = self.project_hit(
                    f"{df.label(stage)} (`FROM {stage.base}`) has no `USER`: "
                    "the application runs as root"
                    + ("" if known else f" (unless `{image}` itself sets a user)"),
                    path=df.path,
                    line=stage.line,
                )
                if not known:
                    hit.confidence = "medium"
                yield hit
                continue
            name = _user_of(user.args)
            if name.lower() in ROOT_USERS:
                yield self.project_hit(
                    f"`USER {user.args.strip()}` in {df.label(stage)}: the application runs as root",
                    path=df.path,
                    line=user.line,
                )

    def _compose_users(self, project: Project) -> set[str]:
        """Dockerfiles built by a compose service that sets a non-root ``user:``."""
        out: set[str] = set()
        import yaml

        for _compose, _ctx, dockerfile, svc in compose_builds(project):
            user = node_get(svc, "user")
            value = str(user.value).strip() if isinstance(user, yaml.ScalarNode) else ""
            if value and _user_of(value).lower() not in ROOT_USERS:
                out.add(dockerfile)
        return out

    def _kubernetes_non_root(self, project: Project) -> bool:
        for path in project.repo.files:
            if not path.endswith((".yml", ".yaml")) or path.startswith(".github/"):
                continue
            text = project.repo.read_text(path) or ""
            if "runAs" not in text:
                continue
            if _RUN_AS_NON_ROOT.search(text):
                return True
            if any(int(m.group(1)) != 0 for m in _RUN_AS_USER.finditer(text)):
                return True
        return False

    bad = (
        Example(
            files={
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "deploy/Dockerfile": """\
FROM tiangolo/uvicorn-gunicorn-fastapi:python3.11
COPY ./app /app
""",
            },
            note="no command of its own, but the base image's command may serve the app",
            lines=(1,),
        ),
        Example(
            files={
                "Dockerfile": """\
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
CMD ["fastapi", "run", "app/main.py", "--port", "8000"]
""",
            },
            lines=(1,),
        ),
        Example(
            files={
                "Dockerfile": """\
FROM python:3.12-slim AS build
RUN useradd --uid 10001 app
USER app
RUN pip wheel -w /wheels fastapi

FROM python:3.12-slim
COPY --from=build /wheels /wheels
USER app
RUN pip install /wheels/*
USER 0:0
CMD ["fastapi", "run", "app/main.py"]
""",
                "docker-compose.yml": "services:\n  api:\n    build: .\n    user: root\n",
            },
            note="the last USER of the final stage is root; an earlier stage's USER does not count; compose `user: root`",
            lines=(10,),
        ),
        Example(
            files={
                "services/api/Dockerfile": 'FROM gcr.io/distroless/python3-debian12\nCOPY app /app\nCMD ["/app/main.py"]\n',
                "docker-compose.yml": "services:\n  other:\n    build: ./services/other\n    user: '10001'\n",
                "config/app.yaml": "runAsUser: 0\n",
            },
            note="distroless without the nonroot tag; a compose user for another Dockerfile; runAsUser 0",
            lines=(1,),
        ),
        Example(
            files={
                "Dockerfile": """\
ARG PYTHON=3.12
FROM python:${PYTHON}-slim AS prod
COPY . /app
RUN pip install /app
CMD ["gunicorn", "-k", "uvicorn_worker.UvicornWorker", "app.main:app"]

FROM prod AS test
RUN useradd tester
USER tester
RUN pip install pytest && pytest /app/tests
CMD ["pytest"]
""",
            },
            note="the deployed stage is the one that runs the server (`prod`), not the last "
            "one (a test stage); a build argument with a default is read",
            lines=(2,),
        ),
        Example(
            files={
                "Dockerfile": """\
FROM registry.example.com/platform/python-base:2.4
COPY . /app
RUN pip install /app
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]
""",
            },
            note="a base image that is not an official one may set its own user: reported "
            "with medium confidence, and the message says so",
            lines=(1,),
        ),
        Example(
            files={
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "Dockerfile": """\
FROM nvidia/cuda:12.2.0-runtime-ubuntu22.04
RUN apt-get update && apt-get install -y python3-pip
COPY . /app
RUN pip3 install /app
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]
""",
            },
            note="trap: the CUDA image runs as root, and this one serves the app with its own "
            "command",
            lines=(1,),
        ),
        Example(
            files={
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "Dockerfile": """\
FROM python:3.12-slim
COPY . /app
RUN pip install /app
CMD ["sh", "-c", "uvicorn app.main:app --host 0.0.0.0 & tail -f /dev/null"]
""",
            },
            note="trap: a command that starts the server and then idles still runs the app",
            lines=(1,),
        ),
        Example(
            files={
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "svc/runtimes/Dockerfile.toolkit": """\
FROM python:3.10-slim
COPY . /app
RUN pip install -e /app
EXPOSE 8000
CMD ["sleep", "infinity"]
""",
            },
            note="trap: an idle image that exposes a port: the runtime exec-ed into it serves "
            "there, as root (H33 camel-ai Dockerfile.multi-toolkit)",
            lines=(1,),
        ),
    )
    good = (
        Example(
            files={
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "app/evals/Dockerfile": """\
FROM ghcr.io/astral-sh/uv:python3.11-bookworm-slim
WORKDIR /app
COPY pyproject.toml uv.lock /app/
RUN uv sync --frozen --extra evals
COPY app/ /app/app
""",
            },
            note="an image with no command in any stage (an evaluation harness run by Modal with "
            "an explicit command) is not a deployment of the API (H6 cognee)",
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
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "jobs/train/Dockerfile": """\
FROM nvidia/cuda:12.2.0-devel-ubuntu22.04
RUN apt-get update && apt-get install -y python3-pip
COPY . /job
RUN pip3 install -e /job
""",
            },
            note="an image with no command built on the CUDA image, an OS image with a toolkit "
            "whose own command is a shell: a job image run with an explicit command (H32 pyrit "
            "gcg/src/Dockerfile)",
        ),
        Example(
            files={
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
                "svc/sandbox_tools/Dockerfile.pyinstaller": """\
FROM condaforge/miniforge3 AS final
RUN conda create -y -n build python=3.10
RUN python -m pip install pyinstaller
CMD ["tail", "-f", "/dev/null"]
""",
            },
            note="a build environment whose command only keeps the container idle: the build "
            "runs in it with `docker exec`, no application is served (H33 inspect-ai "
            "Dockerfile.pyinstaller)",
        ),
        Example(
            files={
                "Dockerfile": """\
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt && useradd --create-home --uid 10001 app
USER app
CMD ["fastapi", "run", "app/main.py", "--port", "8000"]
""",
            }
        ),
        Example(
            files={
                "Dockerfile": """\
FROM python:3.12-slim AS base
RUN useradd --uid 10001 app
USER app

FROM base AS runtime
COPY app /app
CMD ["fastapi", "run", "/app/main.py"]
""",
                "distroless.Dockerfile": "FROM gcr.io/distroless/python3-debian12:nonroot\nCOPY app /app\n",
                "chainguard/Dockerfile": "FROM cgr.dev/chainguard/python:latest\nCOPY app /app\n",
                "var/Dockerfile": "FROM python:3.12-slim\nARG APP_USER=app\nUSER ${APP_USER}\n",
                "Dockerfile.dev": 'FROM python:3.12\nCMD ["fastapi", "dev"]\n',
            },
            note="USER inherited from the parent stage; non-root base images; a variable user; a dev Dockerfile",
        ),
        Example(
            files={
                "frontend/Dockerfile": "FROM node:20 AS build\nRUN npm ci && npm run build\n\nFROM nginx:1.27\nCOPY --from=build /dist /usr/share/nginx/html\n",
                "proxy/Dockerfile": "FROM nginx:1.27-alpine\nCOPY nginx.conf /etc/nginx/nginx.conf\n",
            },
            note="not a Python image: a frontend and a reverse proxy",
        ),
        Example(
            files={
                "lambda/Dockerfile": """\
FROM public.ecr.aws/lambda/python:3.12
COPY handler.py ${LAMBDA_TASK_ROOT}
RUN pip install fastapi mangum
CMD ["handler.main"]
""",
                "mcp/Dockerfile": """\
ARG BASE_IMAGE=ghcr.io/example/app
ARG BASE_TAG
FROM ${BASE_IMAGE}:${BASE_TAG}
ENV PYTHONUNBUFFERED=1
ENTRYPOINT ["app", "serve"]
""",
            },
            note="traps: AWS Lambda runs the function as its own sandbox user; a base image "
            "chosen by a build argument without a default has an unknown user",
        ),
        Example(
            files={
                "Dockerfile": """\
FROM python:3.12-slim AS base
RUN pip install fastapi uvicorn && useradd --uid 10001 app
COPY app /app

FROM base AS production
USER app
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]

FROM base AS dev
CMD ["uvicorn", "app.main:app", "--reload"]
""",
            },
            note="trap: the last stage is a development stage; the deployed one sets USER",
        ),
        Example(
            files={
                "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["fastapi", "run"]\n',
                "compose.yaml": "services:\n  api:\n    build:\n      context: .\n      dockerfile: Dockerfile\n    user: '10001:10001'\n",
            },
            note="the compose service building this Dockerfile sets user:",
        ),
        Example(
            files={
                "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["fastapi", "run"]\n',
                "k8s/deployment.yaml": """\
apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
""",
            },
            note="a Kubernetes manifest enforces non-root",
        ),
    )
