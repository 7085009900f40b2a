from __future__ import annotations

import re
from collections.abc import Iterator

from auditor.check import Check, Example, Hit, Severity
from auditor.inventory import Requirement
from auditor.lazyre import lazy_compile
from auditor.project import Project
from auditor.project_files import base, command_segments, first_line_matching, is_dev_path
from auditor.repository import posix_path

LOCK_NAMES = frozenset({"uv.lock", "poetry.lock", "pdm.lock", "Pipfile.lock", "pylock.toml"})
_PYLOCK = lazy_compile(r"^pylock\.[^/]+\.toml$")
#: Runtime dependency files of (d) (plus pyproject's main dependencies).
RUNTIME_FILES = frozenset(
    {
        "requirements.txt",
        "requirements/base.txt",
        "requirements/prod.txt",
        "requirements/production.txt",
    }
)
DEV_TOOLS = ("ruff", "mypy", "black", "isort", "flake8", "pre-commit", "coverage")
_PIP_VALUE_OPTIONS = frozenset(
    {
        "-r",
        "--requirement",
        "-c",
        "--constraint",
        "-i",
        "--index-url",
        "--extra-index-url",
        "-f",
        "--find-links",
        "-t",
        "--target",
        "--prefix",
        "--root",
        "--python-version",
        "--platform",
        "--cache-dir",
    }
)
#: One match per simple command (the gap stops at ``;``, ``&&``, ``||`` and ``|``), so the
#: n-th match is the n-th such command of the instruction.
_UV_SYNC = lazy_compile(r"\buv\b[^;&|]*?\bsync\b")
_POETRY_INSTALL = lazy_compile(r"\bpoetry\b[^;&|]*?\binstall\b")
_PIP_INSTALL = lazy_compile(r"\bpip3?\b[^;&|]*?\binstall\b")


def _dev_tool(name: str) -> bool:
    return name == "pytest" or name.startswith("pytest-") or name in DEV_TOOLS


def _is_requirements_file(path: str) -> bool:
    p = posix_path(path)
    if p.suffix != ".txt":
        return False
    return p.name.startswith(("requirements", "constraints")) or (
        len(p.parts) >= 2 and p.parts[-2] == "requirements"
    )


def _fully_pinned(text: str) -> bool:
    """Every requirement of a requirements file is pinned with ``==`` (or hashed)."""
    joined = re.sub(r"\\\r?\n", " ", text)
    count = 0
    for raw in joined.splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-"):
            continue  # options and includes (-r, -c, --index-url)
        count += 1
        if "==" not in line and "--hash" not in line:
            return False
    return count > 0


def _image_tag(ref: str) -> tuple[str | None, bool]:
    """(tag, has digest) of an image reference."""
    if "@" in ref:
        return None, True
    last = ref.rsplit("/", 1)[-1]
    return (last.rsplit(":", 1)[1] if ":" in last else None), False


def _sources(ins) -> list[str]:
    """The source paths of a ``COPY`` / ``ADD`` (all words but the destination)."""
    args = list(ins.json_args) if ins.json_args is not None else ins.args.split()
    return args[:-1]


def _pip_targets(seg: list[str]) -> list[str]:
    i = next((k for k, t in enumerate(seg) if base(t) in ("pip", "pip3")), None)
    if i is None or i + 1 >= len(seg) or seg[i + 1] != "install":
        return []
    out: list[str] = []
    rest = seg[i + 2 :]
    k = 0
    while k < len(rest):
        t = rest[k]
        if t in ("-e", "--editable"):
            if k + 1 < len(rest):
                out.append(rest[k + 1])
            k += 2
            continue
        if t in _PIP_VALUE_OPTIONS:
            out.append(t)
            k += 2
            continue
        out.append(t)
        k += 1
    return out


def _runs(words: list[str], program: str, verb: str) -> bool:
    return program in words and verb in words[words.index(program) :]


def _installs(ins) -> Iterator[tuple[list[str], str, int]]:
    """(command, kind, n) of each simple command of a ``RUN``: kind ``uv`` (``uv sync``),
    ``poetry`` (``poetry install``), ``pip`` (``pip install``) or ``""``, and n its rank
    among the commands of its kind, which places it on its physical line."""
    seen = {"uv": 0, "poetry": 0, "pip": 0, "": 0}
    for seg in command_segments(ins):
        words = [base(t) for t in seg]
        if _runs(words, "uv", "sync"):
            kind = "uv"
        elif _runs(words, "poetry", "install"):
            kind = "poetry"
        elif _runs(words, "pip", "install") or _runs(words, "pip3", "install"):
            kind = "pip"
        else:
            kind = ""
        yield seg, kind, seen[kind]
        seen[kind] += 1


def _own_declaration(path: str) -> bool:
    """The project's own dependency declaration: a file at the root of the tree
    (``pyproject.toml``, ``setup.cfg``, ``requirements.txt``) or in its ``requirements/``."""
    parts = posix_path(path).parts
    return len(parts) == 1 or (len(parts) == 2 and parts[0] == "requirements")


def _judged_requirements(project: Project) -> list[Requirement]:
    """The requirements (a) looks for a lock of: all of them, but in a published
    distribution audited from its root (an unpacked wheel, an sdist) not those of the
    project's own declaration: they are the distribution's install ranges, and their lock
    stays in the repository, which no distribution ships.  A requirements file the package
    ships in a sub-folder (a sidecar's, a server template's) is installed from the package
    itself, lock and all: it is judged."""
    requirements = project.inventory.requirements
    dist = project.installed_distribution
    if dist is None or dist.startswith("../"):
        return requirements  # a package folder audited alone: its files are the package's
    return [r for r in requirements if not _own_declaration(r.path)]


#: An unpacked wheel of an application that ships its ``pyproject.toml`` (for the examples).
_WHEEL = {
    "svc-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: svc\nVersion: 1.0\n"
    "Requires-Dist: fastapi>=0.110\n",
    "pyproject.toml": '[project]\nname = "svc"\ndependencies = ["fastapi>=0.110", "uvicorn>=0.30"]\n',
    "svc/__init__.py": "",
    "svc/server.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
}


class ReproducibleDependencies(Check):
    """
    ## What it does
    Checks that builds install the same versions every time.  It reports:
    - (a) a project with no lock file (`uv.lock`, `poetry.lock`, `pdm.lock`,
      `Pipfile.lock`, `pylock.toml`) and no `requirements*.txt` in which every requirement
      is pinned with `==` (or hashed);
    - (b) a Dockerfile that installs without the lock: `uv sync` without `--frozen` or
      `--locked` (and no `UV_FROZEN`/`UV_LOCKED`), `poetry install` without a committed
      `poetry.lock` (a Dockerfile that copies `poetry.lock` by its name has it in its build
      context: the build fails without it), or `pip install .` / `pip install -e .` when the project's only
      dependency list is an unpinned `pyproject.toml`;
    - (c) *info*: a base image without a tag or with `:latest` (`FROM python:latest`), and
      `COPY --from=<image>:latest`;
    - (d) *info*: `pytest*`, `ruff`, `mypy`, `black`, `isort`, `flake8`, `pre-commit` or
      `coverage` among the runtime dependencies (`[project].dependencies`,
      `requirements.txt`, `requirements/base.txt`, `requirements/prod.txt`).

    Libraries (no Dockerfile, Procfile, compose file or FastAPI application) are skipped
    for (a): a library should not pin.  So is the own declaration (`pyproject.toml`, a root
    `requirements*.txt`) of a published distribution audited from its root (an unpacked
    wheel, an sdist): those are its install ranges, and its lock stays in the repository,
    which no distribution ships.  A requirements file it ships in a sub-folder (a
    sidecar's, installed from the package) is still judged.

    ## Why is this bad?
    Without a lock, every build resolves the newest versions allowed.  That is how an
    httpx 0.28 (which removed `AsyncClient(app=...)`) or a bcrypt 5 release breaks a deploy
    that "changed nothing", and how two replicas built a day apart run different code.
    [Production skill 2025] installs from the lock (`COPY pyproject.toml uv.lock ./`,
    `RUN uv sync --frozen --no-dev`) but pulls `ghcr.io/astral-sh/uv:latest`, an unpinned
    image; [ForgeAPI guide] and [zhanymkanov README] split
    `requirements/base.txt`, `dev.txt` and `prod.txt` so that test tools stay out of
    production images.  Either approach is fine as long as installs are locked and dev
    tools are separated.

    ## Example
    ```dockerfile
    FROM python:latest
    COPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/uv
    COPY . .
    RUN uv sync
    ```
    with `dependencies = ["fastapi", "pytest"]` and no `uv.lock`.

    ## Use instead
    ```dockerfile
    FROM python:3.12-slim
    COPY --from=ghcr.io/astral-sh/uv:0.5.11 /uv /bin/uv
    COPY pyproject.toml uv.lock ./
    RUN uv sync --frozen --no-dev
    ```
    with `uv.lock` committed and `pytest` in `[dependency-groups].dev`.

    ## Fix safety
    No automatic fix: producing a lock file means resolving versions, which the auditor
    never does.

    ## Known problems
    Installs driven by scripts the Dockerfile calls are not read.  A requirements file
    compiled elsewhere and fetched at build time is not seen.  `pip install -r
    requirements.txt` with an unpinned file is reported through (a), not (b).

    ## References
    - [Production skill 2025] ("Production Deployment": `uv sync --frozen --no-dev`,
      and the unpinned `uv:latest`)
    - [ForgeAPI guide], [zhanymkanov README] (`requirements/base.txt`,
      `dev.txt`, `prod.txt`)
    - uv docs, "Locking and syncing" (`--frozen`, `--locked`); pip docs, "Repeatable
      installs"
    """

    id = "PRD007"
    name = "reproducible-dependencies"
    category = "production"
    severity = Severity.WARNING
    kind = "structural"
    message = "dependencies are not locked"
    fix_title = "Commit a lock file and install from it (`uv sync --frozen --no-dev`)"
    fix_safe = False
    sources = ("Production skill 2025", "ForgeAPI guide", "zhanymkanov README")

    def check_project(self, project: Project) -> Iterator[Hit]:
        repo = project.repo
        files = list(repo.files)
        locks = [
            p
            for p in files
            if posix_path(p).name in LOCK_NAMES or _PYLOCK.match(posix_path(p).name)
        ]
        req_files = [p for p in files if _is_requirements_file(p)]
        pinned = [p for p in req_files if _fully_pinned(repo.read_text(p) or "")]
        locked = bool(locks or pinned)
        yield from self._no_lock(project, locked, req_files)
        yield from self._dockerfiles(project, locked)
        yield from self._dev_tools(project)

    # (a)
    def _no_lock(self, project: Project, locked: bool, req_files: list[str]) -> Iterator[Hit]:
        requirements = _judged_requirements(project)
        if locked or not requirements:
            return
        configs = project.configs
        deployed = bool(configs.dockerfiles or configs.procfile or configs.compose_files) or any(
            a.module.file_class == "app" for a in project.fastapi_apps
        )
        if not deployed:
            return  # a library: it should not pin
        main = [r for r in requirements if r.group == "main"] or requirements
        first = next((r for r in main if "==" not in r.spec), main[0])
        where = f"`{first.path}`"
        yield self.project_hit(
            f"no lock file, and {where} is not fully pinned (`{first.name}{first.spec}`): "
            "every build resolves fresh versions",
            path=first.path,
            line=first.line,
        )

    # (b) and (c)
    def _dockerfiles(self, project: Project, locked: bool) -> Iterator[Hit]:
        repo = project.repo
        files = set(repo.files)
        tracked = repo.tracked
        poetry_lock = any(
            posix_path(p).name == "poetry.lock" and (tracked is None or p in tracked) for p in files
        )
        pyproject_unpinned = any(
            r.path == "pyproject.toml" and r.group == "main" and "==" not in r.spec
            for r in project.inventory.requirements
        )
        for df in project.configs.dockerfiles:
            if is_dev_path(df.path):
                continue
            text = project.configs.text(df.path) or ""
            stage_names = {s.name.lower() for s in df.stages if s.name}
            uv_env = any(
                i.cmd == "ENV" and re.search(r"\bUV_(FROZEN|LOCKED)\b", i.value)
                for i in df.instructions
            )
            # ``COPY pyproject.toml poetry.lock ./``: the build fails without the lock, so the
            # lock is in the build context (a wheel or a sub-folder audited alone leaves it out)
            copies_lock = any(
                ins.cmd in ("COPY", "ADD")
                and not any(f.startswith("--from") for f in ins.flags)
                and any(posix_path(src).name == "poetry.lock" for src in _sources(ins))
                for ins in df.instructions
            )
            seen_names: set[str] = set()
            for ins in df.instructions:
                if ins.cmd == "FROM":
                    hit = self._image(
                        df.path,
                        ins,
                        ins.args.split()[0] if ins.args.split() else "",
                        seen_names,
                        "FROM",
                    )
                    if hit is not None:
                        yield hit
                    toks = ins.args.split()
                    if len(toks) >= 3 and toks[1].lower() == "as":
                        seen_names.add(toks[2].lower())
                    continue
                if ins.cmd in ("COPY", "ADD"):
                    for flag in ins.flags:
                        if flag.startswith("--from="):
                            ref = flag.split("=", 1)[1]
                            if ref.lower() in stage_names or ref.isdigit():
                                continue
                            hit = self._image(
                                df.path, ins, ref, seen_names, "COPY --from", only_latest=True
                            )
                            if hit is not None:
                                yield hit
                    continue
                if ins.cmd != "RUN":
                    continue
                for seg, kind, nth in _installs(ins):
                    if kind == "uv":
                        if not any(t in ("--frozen", "--locked") for t in seg) and not uv_env:
                            hit = self.project_hit(
                                "`uv sync` without `--frozen` or `--locked`: the build re-resolves whenever "
                                "`uv.lock` is missing or stale",
                                path=df.path,
                                line=first_line_matching(text, ins, _UV_SYNC, nth),
                            )
                            hit.fix_title = "Copy `uv.lock` and run `uv sync --frozen --no-dev`"
                            yield hit
                    elif kind == "poetry":
                        if not poetry_lock and not copies_lock:
                            hit = self.project_hit(
                                "`poetry install` without a committed `poetry.lock`: every build resolves fresh versions",
                                path=df.path,
                                line=first_line_matching(text, ins, _POETRY_INSTALL, nth),
                            )
                            hit.fix_title = (
                                "Commit `poetry.lock` (`poetry lock`) and copy it into the image"
                            )
                            yield hit
                    else:
                        targets = _pip_targets(seg)
                        local = [
                            t for t in targets if t in (".", "./") or t.startswith((".[", "./["))
                        ]
                        if (
                            local
                            and not locked
                            and pyproject_unpinned
                            and not any(
                                t in ("-c", "--constraint", "--no-deps", "-r", "--requirement")
                                for t in targets
                            )
                        ):
                            editable = "-e " if any(t in ("-e", "--editable") for t in seg) else ""
                            hit = self.project_hit(
                                f"`pip install {editable}{local[0]}` installs the unpinned `pyproject.toml` dependencies: "
                                "every build resolves fresh versions",
                                path=df.path,
                                line=first_line_matching(text, ins, _PIP_INSTALL, nth),
                            )
                            hit.fix_title = "Install from a lock (`uv sync --frozen`, or pinned requirements with `--no-deps .`)"
                            yield hit

    def _image(
        self, path: str, ins, ref: str, stages: set[str], what: str, only_latest: bool = False
    ) -> Hit | None:
        if not ref or "$" in ref or ref.lower() == "scratch" or ref.lower() in stages:
            return None
        tag, digest = _image_tag(ref)
        if digest:
            return None
        if tag is None and only_latest and "/" not in ref:
            return None  # ``--from=builder`` style names we could not place: silent
        if tag is None:
            message = f"`{what}={ref}`" if what != "FROM" else f"`FROM {ref}`"
            message += " has no tag (it means `:latest`): the image changes under the same build"
        elif tag == "latest":
            message = (
                f"`{what}={ref}`" if what != "FROM" else f"`FROM {ref}`"
            ) + ": `:latest` changes under the same build"
        else:
            return None
        hit = self.project_hit(message, path=path, line=ins.line, severity=Severity.INFO)
        hit.fix_title = "Pin the image to a version tag (or a digest)"
        return hit

    # (d)
    def _dev_tools(self, project: Project) -> Iterator[Hit]:
        own = ((project.configs.pyproject or {}).get("project") or {}).get("name") or ""
        own = str(own).lower()
        for r in project.inventory.requirements:
            if r.group != "main" or not _dev_tool(r.name):
                continue
            if not (r.path == "pyproject.toml" or r.path in RUNTIME_FILES):
                continue
            if own and (r.name in own or r.name.split("-", 1)[0] in own.split("-")):
                continue  # a plugin of that tool depends on it
            hit = self.project_hit(
                f"`{r.name}` is a runtime dependency in `{r.path}`: test and lint tools belong in a dev group "
                "or `requirements/dev.txt`",
                path=r.path,
                line=r.line,
                severity=Severity.INFO,
            )
            hit.fix_title = "Move it to `[dependency-groups].dev` or `requirements/dev.txt`"
            yield hit

    bad = (
        Example(
            files={
                "pyproject.toml": '[project]\nname = "svc"\ndependencies = ["fastapi", "pytest"]\n',
                "Dockerfile": """\
FROM python:latest
COPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/uv
WORKDIR /app
COPY . .
RUN uv sync
USER nobody
CMD ["uv", "run", "fastapi", "run", "app/main.py"]
""",
                ".dockerignore": ".env\n.git\n.venv\n",
                "app/main.py": "",
            },
            lines=(3, 1, 2, 5),
        ),
        Example(
            files={
                "requirements.txt": "fastapi==0.115.0\nuvicorn>=0.30\nblack\n",
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            },
            note="no Dockerfile, but a FastAPI application; a partly pinned requirements file; black at run time",
            lines=(2, 3),
        ),
        Example(
            files={
                "pyproject.toml": '[project]\nname = "svc"\ndependencies = [\n  "fastapi>=0.110",\n]\n\n[tool.poetry]\nname = "svc"\n',
                "Dockerfile": """\
FROM python AS build
RUN pip install --no-cache-dir poetry \\
 && poetry install --only main

FROM build
RUN pip install -e .
USER nobody
""",
            },
            note="`FROM python` without tag, poetry without a lock, `pip install -e .`, `FROM <stage>` is fine",
            lines=(4, 1, 3, 6),
        ),
        Example(
            files={
                "pyproject.toml": '[project]\nname = "svc"\n\n[tool.poetry]\nname = "svc"\n',
                "Dockerfile": """\
FROM python:3.12-slim
COPY pyproject.toml poetry.lock* ./
RUN poetry install --only main
USER nobody
""",
            },
            note="`poetry.lock*` copies the lock only if there is one: the build resolves without it",
            lines=(3,),
        ),
        Example(
            files={
                "pyproject.toml": '[project]\nname = "svc"\n',
                "uv.lock": "version = 1\n",
                "Dockerfile": """\
FROM python:3.12-slim
COPY . /srv
RUN if [ -f uv.lock ]; then \\
        uv sync --locked --no-dev; \\
    else \\
        uv sync --no-dev; \\
    fi
RUN uv sync --frozen --no-dev || uv sync --no-dev
USER nobody
""",
            },
            note="the unlocked `uv sync` of each fallback is reported on its own physical line, "
            "not on the locked branch before it (seen in openenv-core)",
            lines=(6, 8),
        ),
        Example(
            files={
                **_WHEEL,
                "worker/__init__.py": "",
                "worker/requirements.txt": "httpx>=0.27\n",
            },
            note="an unpacked wheel ships a worker's requirements file, installed from the "
            "package: no lock comes with it",
            lines=(1,),
        ),
    )
    good = (
        Example(
            files={
                "pyproject.toml": '[project]\nname = "svc"\ndependencies = ["fastapi"]\n\n[dependency-groups]\ndev = ["pytest"]\n',
                "uv.lock": "version = 1\n",
                "Dockerfile": """\
FROM python:3.12-slim
COPY --from=ghcr.io/astral-sh/uv:0.5.11 /uv /bin/uv
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev
COPY app ./app
USER nobody
CMD ["uv", "run", "fastapi", "run", "app/main.py"]
""",
                ".dockerignore": ".env\n.git\n.venv\n",
                "app/main.py": "",
            }
        ),
        Example(
            files={
                "requirements.txt": "# pip-compile output\nfastapi==0.115.0 \\\n    --hash=sha256:abc\nuvicorn[standard]==0.32.0\n-r requirements/dev.txt\n",
                "requirements/dev.txt": "pytest\nruff\n",
                "pyproject.toml": '[project]\nname = "svc"\ndependencies = ["fastapi"]\n',
                "Dockerfile": """\
FROM python:3.12-slim@sha256:0123456789abcdef AS base
ENV UV_FROZEN=1
RUN uv sync --no-dev
RUN pip install -r requirements.txt && pip install --no-deps .

FROM base AS final
COPY --from=base /app /app
COPY --from=0 /x /x
USER nobody
""",
                "Dockerfile.dev": "FROM python:latest\nRUN uv sync\n",
            },
            note="a fully pinned (hashed) requirements file is a lock; dev tools in dev.txt; digests; UV_FROZEN",
        ),
        Example(
            files={
                "pyproject.toml": '[project]\nname = "fastapi-pagination-kit"\ndependencies = ["fastapi>=0.100", "pydantic>=2"]\n',
                "fastapi_pagination_kit/__init__.py": "from fastapi import APIRouter\n\nrouter = APIRouter()\n",
                "tests/test_app.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            },
            note="a library (no Dockerfile, no application): it should not pin",
        ),
        Example(
            files={
                "pyproject.toml": '[project]\nname = "pytest-fastapi-deps"\ndependencies = ["pytest>=8", "fastapi"]\n',
                "poetry.lock": "",
                "app/main.py": "",
            },
            note="a pytest plugin depends on pytest",
        ),
        Example(
            files={
                "svc-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: svc\nVersion: 1.0\n",
                "svc/__init__.py": "",
                "svc/server/Dockerfile": """\
# docker build -f svc/server/Dockerfile .
FROM python:3.12-slim@sha256:0123456789abcdef
COPY pyproject.toml poetry.lock ./
COPY . /app
RUN poetry install --only main
USER nobody
""",
            },
            note="the Dockerfile copies `poetry.lock` by name: its build context holds the lock, "
            "which the wheel does not ship (seen in airbyte-cdk)",
        ),
        Example(
            files=_WHEEL,
            note="an unpacked wheel's `pyproject.toml`: the distribution's install ranges, whose "
            "lock stays in the repository (seen in openmed)",
        ),
    )
