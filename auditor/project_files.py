"""Structural readers (F9): the project's non-Python files, parsed once, read through the
repository (never the disk directly).

Well-kept parsers where they exist (``tomllib``, ``configparser`` with interpolation off,
PyYAML's safe loader); a small instruction reader for Dockerfiles.  A malformed file is an
``errors`` entry (``ProjectFiles.errors``), never an exception.
"""

from __future__ import annotations

import configparser
import json
import posixpath
import re
import shlex
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePosixPath
from typing import Any

from auditor.lazyre import lazy_compile
from auditor.names import is_vendored  # a vendored project's Dockerfiles deploy that project
from auditor.repository import RepoError, Repository, posix_path

# -- Dockerfiles ------------------------------------------------------------------------


@dataclass(frozen=True)
class Instruction:
    """One Dockerfile instruction, continuations joined."""

    cmd: str  # upper case: FROM, RUN, CMD, ...
    value: str  # the arguments as written (continuations joined with a space)
    line: int  # first line (1-based)
    end_line: int
    flags: tuple[str, ...] = ()  # leading --flags (``COPY --from=build``)
    json_args: tuple[str, ...] | None = None  # exec form, when the value is a JSON array

    @property
    def is_exec_form(self) -> bool:
        return self.json_args is not None

    @property
    def args(self) -> str:
        """The value without its leading --flags."""
        return _strip_flags(self.value)[1]


@dataclass
class Stage:
    base: str  # the image as written (``python:3.12-slim``, ``${BASE_IMAGE}:${TAG}``)
    name: str | None  # ``AS name``
    line: int
    instructions: list[Instruction] = field(default_factory=list)
    #: the image with the global ``ARG`` defaults substituted; None when a variable has no
    #: default (the image is chosen at build time: nothing is known of it)
    image: str | None = None

    def all(self, cmd: str) -> list[Instruction]:
        return [i for i in self.instructions if i.cmd == cmd]

    def last(self, cmd: str) -> Instruction | None:
        found = self.all(cmd)
        return found[-1] if found else None


@dataclass
class Dockerfile:
    path: str
    stages: list[Stage]
    instructions: list[Instruction]

    @property
    def final(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    @cached_property
    def deployed(self) -> Stage | None:
        """The stage whose image runs the application: the final one, unless it is a
        development or test stage (``AS dev``, ``AS test``) or runs no command of its own
        while another stage's command runs the server (``uvicorn``, ``gunicorn``,
        ``fastapi run`` ...): then the last such stage (built with ``--target``)."""
        final = self.final
        if final is None:
            return None
        if not is_dev_stage(final) and (
            stage_command(self, final, "ENTRYPOINT") or stage_command(self, final, "CMD")
        ):
            return final
        servers = [s for s in self.stages if runs_server(self, s)]
        production = [s for s in servers if not is_dev_stage(s)]
        return (production or [final])[-1]

    def label(self, stage: Stage) -> str:
        """How a finding names ``stage``: "the final stage of `Dockerfile`", or the stage
        that runs the server when that is another one."""
        if stage is self.final:
            return f"the final stage of `{self.path}`"
        shown = f"`{stage.name}`" if stage.name else f"on line {stage.line}"
        return f"the stage {shown} of `{self.path}` that runs the server"

    @property
    def folder(self) -> str:
        parent = PurePosixPath(self.path).parent.as_posix()
        return "" if parent == "." else parent


_FLAG = lazy_compile(r"^--[A-Za-z-]+(=\S*)?\s*")


def _strip_flags(value: str) -> tuple[tuple[str, ...], str]:
    flags: list[str] = []
    rest = value.lstrip()
    while True:
        m = _FLAG.match(rest)
        if not m:
            break
        flags.append(m.group(0).strip())
        rest = rest[m.end() :]
    return tuple(flags), rest


def parse_dockerfile(text: str, path: str = "Dockerfile") -> Dockerfile:
    """Instructions with line numbers; continuations, comments, exec vs shell form, stages."""
    escape = "\\"
    lines = text.splitlines()
    instructions: list[Instruction] = []
    i = 0
    # parser directives (``# escape=` ``) may only appear at the very top
    while i < len(lines):
        m = re.match(r"^#\s*(\w+)\s*=\s*(\S+)\s*$", lines[i])
        if not m:
            break
        if m.group(1).lower() == "escape" and m.group(2) in ("`", "\\"):
            escape = m.group(2)
        i += 1
    while i < len(lines):
        raw = lines[i]
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            i += 1
            continue
        start = i
        parts: list[str] = []
        line = raw.rstrip()
        while line.endswith(escape) and i + 1 < len(lines):
            parts.append(line[:-1].strip())
            i += 1
            line = lines[i].rstrip()
            while i + 1 < len(lines) and (not line.strip() or line.strip().startswith("#")):
                i += 1  # comments and blank lines inside a continuation are skipped
                line = lines[i].rstrip()
        parts.append(line.strip())
        joined = " ".join(p for p in parts if p)
        m = re.match(r"^(\w+)\s*(.*)$", joined, re.DOTALL)
        if m:
            cmd = m.group(1).upper()
            value = m.group(2).strip()
            flags, rest = _strip_flags(value)
            json_args = None
            if rest.startswith("["):
                try:
                    parsed = json.loads(rest)
                    if isinstance(parsed, list) and all(isinstance(x, str) for x in parsed):
                        json_args = tuple(parsed)
                except (ValueError, RecursionError):  # not JSON, or nested too deep to be a command
                    json_args = None
            instructions.append(Instruction(cmd, value, start + 1, i + 1, flags, json_args))
        i += 1
    stages: list[Stage] = []
    build_args: dict[str, str] = {}  # global ARG defaults (before the first FROM)
    for ins in instructions:
        if ins.cmd == "ARG" and not stages:
            for word in ins.args.split():
                key, eq, default = word.partition("=")
                if eq:
                    build_args[key] = default.strip("\"'")
        if ins.cmd == "FROM":
            toks = ins.args.split()
            base = toks[0] if toks else ""
            name = toks[2] if len(toks) >= 3 and toks[1].lower() == "as" else None
            stages.append(Stage(base, name, ins.line, image=_substitute(base, build_args)))
        if stages:
            stages[-1].instructions.append(ins)
    return Dockerfile(path, stages, instructions)


_VARIABLE = lazy_compile(r"\$(?:\{(?P<braced>\w+)(?P<modifier>:?[-+][^}]*)?\}|(?P<plain>\w+))")


def _substitute(image: str, build_args: dict[str, str]) -> str | None:
    """``image`` with ``$NAME`` / ``${NAME}`` replaced by the global ARG defaults; None
    when one has no default, or is written with a modifier (``${NAME:-x}``: kept simple)."""
    if "$" not in image:
        return image
    unknown = False

    def value(m: re.Match[str]) -> str:
        nonlocal unknown
        name = m.group("braced") or m.group("plain")
        if name not in build_args or m.group("modifier"):
            unknown = True
            return ""
        return build_args[name]

    out = _VARIABLE.sub(value, image)
    return None if unknown or "$" in out else out


def is_dockerfile(path: str) -> bool:
    name = posix_path(path).name
    return (
        name == "Dockerfile"
        or name.startswith("Dockerfile.")
        or name.endswith((".Dockerfile", ".dockerfile"))
    )


# -- everything else -------------------------------------------------------------------

#: YAML deeper than this is not loaded: libyaml's C composer recurses without a limit and
#: crashes the interpreter (a segmentation fault) on tens of thousands of nested levels.
MAX_YAML_DEPTH = 1000


def yaml_depth(text: str) -> int:
    """The deepest nesting of collections in ``text``, from the parser's event stream.

    The event parser keeps its own stack (it never recurses), so this is safe on any input;
    call it before ``yaml.load`` / ``yaml.compose``.  Raises ``yaml.YAMLError`` on bad YAML.
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    depth = deepest = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_YAML_DEPTH:
                    break
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return deepest


@dataclass(frozen=True)
class AlembicConfig:
    """One Alembic environment (F9): a section of an ``alembic.ini`` that has a
    ``script_location`` (``[alembic]`` or a named one, ``[tenant]``), or ``[tool.alembic]``."""

    source: str  # "alembic.ini" path or "pyproject.toml"
    script_location: str | None
    file_template: str | None
    section_line: int | None  # line of the section header
    section: str = "alembic"  # ``alembic``, ``tenant``, ... or ``tool.alembic``
    #: the folders of the tree holding its revisions (``<script_location>/versions`` and
    #: ``version_locations``), resolved; empty when the location is not in the tree
    versions_dirs: tuple[str, ...] = ()

    @property
    def header(self) -> str:
        """The section as written in its file: ``[alembic]``, ``[tenant]``, ``[tool.alembic]``."""
        return f"[{self.section}]"


class ProjectFiles:
    """Lazy, cached views of the project's config files."""

    def __init__(self, repo: Repository):
        self.repo = repo
        self.errors: list[RepoError] = []

    def _error(self, path: str, message: str) -> None:
        if not any(e.path == path and e.message == message for e in self.errors):
            self.errors.append(RepoError(path, message))

    def text(self, path: str) -> str | None:
        return self.repo.read_text(path) if self.repo.exists(path) else None

    def files_named(self, *names: str) -> list[str]:
        wanted = set(names)
        return [p for p in self.repo.files if posix_path(p).name in wanted]

    # -- TOML / INI ------------------------------------------------------------------
    def toml(self, path: str) -> dict[str, Any] | None:
        cache = self.__dict__.setdefault("_toml", {})
        if path in cache:
            return cache[path]
        text = self.text(path)
        data = None
        if text is not None:
            try:
                data = tomllib.loads(text)
            except (tomllib.TOMLDecodeError, RecursionError) as exc:
                self._error(path, f"malformed TOML: {exc}")
        cache[path] = data
        return data

    def ini(self, path: str) -> configparser.ConfigParser | None:
        cache = self.__dict__.setdefault("_ini", {})
        if path in cache:
            return cache[path]
        text = self.text(path)
        parser = None
        if text is not None:
            parser = configparser.ConfigParser(interpolation=None, strict=False)
            try:
                parser.read_string(text)
            except configparser.Error as exc:
                self._error(path, f"malformed INI: {str(exc).splitlines()[0]}")
                parser = None
        cache[path] = parser
        return parser

    @cached_property
    def pyproject(self) -> dict[str, Any] | None:
        return self.toml("pyproject.toml")

    def tool(self, name: str) -> dict[str, Any] | None:
        data = self.pyproject or {}
        tool = data.get("tool")
        if isinstance(tool, dict) and isinstance(tool.get(name), dict):
            return tool[name]
        return None

    @cached_property
    def ruff(self) -> tuple[str, dict[str, Any]] | None:
        """(source path, ruff settings) from ruff.toml, .ruff.toml or [tool.ruff]."""
        for path in ("ruff.toml", ".ruff.toml"):
            data = self.toml(path)
            if data is not None:
                return path, data
        section = self.tool("ruff")
        if section is not None:
            return "pyproject.toml", section
        return None

    @cached_property
    def pytest_options(self) -> dict[str, str]:
        """Merged pytest ini options (values as strings) from every pytest config file."""
        out: dict[str, str] = {}
        ini = self.tool("pytest")
        if ini and isinstance(ini.get("ini_options"), dict):
            for k, v in ini["ini_options"].items():
                out.setdefault(k, " ".join(map(str, v)) if isinstance(v, list) else str(v))
        for path, section in (
            ("pytest.ini", "pytest"),
            ("setup.cfg", "tool:pytest"),
            ("tox.ini", "pytest"),
        ):
            parser = self.ini(path) if self.repo.exists(path) else None
            if parser is not None and parser.has_section(section):
                for k, v in parser.items(section):
                    out.setdefault(k, v)
        return out

    @cached_property
    def alembic(self) -> list[AlembicConfig]:
        """Every Alembic environment of the tree (:func:`auditor.repository.alembic_sections`):
        each ``alembic.ini`` section with a ``script_location``, then ``[tool.alembic]``."""
        from auditor.repository import alembic_sections

        for path in self.files_named("alembic.ini"):
            self.ini(path)  # a malformed file becomes an error entry
        if self.repo.exists("pyproject.toml"):
            self.pyproject  # noqa: B018 - the same for pyproject.toml
        return [
            AlembicConfig(
                s.source,
                s.script_location,
                s.file_template,
                s.line,
                s.section,
                s.versions_dirs,
            )
            for s in alembic_sections(self.repo)
        ]

    # -- Dockerfiles, compose, Procfile, YAML ------------------------------------------------
    @cached_property
    def dockerfiles(self) -> list[Dockerfile]:
        out = []
        for path in self.repo.files:
            if is_dockerfile(path) and not self.repo.is_alias(path) and not is_vendored(path):
                text = self.text(path)
                if text is not None:
                    out.append(parse_dockerfile(text, path))
        return out

    def yaml(self, path: str) -> Any:
        cache = self.__dict__.setdefault("_yaml", {})
        if path in cache:
            return cache[path]
        text = self.text(path)
        data = None
        if text is not None:
            import yaml

            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            try:
                if yaml_depth(text) > MAX_YAML_DEPTH:
                    self._error(path, f"YAML nested deeper than {MAX_YAML_DEPTH} levels: not read")
                else:
                    data = yaml.load(text, Loader=loader)
            except yaml.YAMLError as exc:
                self._error(path, f"malformed YAML: {str(exc).splitlines()[0]}")
            except RecursionError:
                self._error(path, "YAML nested too deep: not read")
        cache[path] = data
        return data

    @cached_property
    def compose_files(self) -> list[tuple[str, dict[str, Any]]]:
        out = []
        for path in self.repo.files:
            name = posix_path(path).name
            if (
                re.match(r"^(docker-)?compose.*\.ya?ml$", name)
                and not self.repo.is_alias(path)
                and not is_vendored(path)
            ):
                data = self.yaml(path)
                if isinstance(data, dict):
                    out.append((path, data))
        return out

    @cached_property
    def procfile(self) -> list[tuple[int, str]]:
        text = self.text("Procfile")
        if text is None:
            return []
        return [
            (i, ln)
            for i, ln in enumerate(text.splitlines(), 1)
            if ln.strip() and not ln.lstrip().startswith("#")
        ]

    @cached_property
    def precommit(self) -> dict[str, Any] | None:
        data = (
            self.yaml(".pre-commit-config.yaml")
            if self.repo.exists(".pre-commit-config.yaml")
            else None
        )
        return data if isinstance(data, dict) else None

    def precommit_hook_ids(self) -> set[str]:
        out: set[str] = set()
        data = self.precommit or {}
        repos = data.get("repos")
        for repo in repos if isinstance(repos, list) else []:
            hooks = repo.get("hooks") if isinstance(repo, dict) else None
            for hook in hooks if isinstance(hooks, list) else []:
                if isinstance(hook, dict) and isinstance(hook.get("id"), str):
                    out.add(hook["id"])
        return out

    @cached_property
    def workflows(self) -> list[tuple[str, str]]:
        """(path, text) of CI configs: GitHub workflows and .gitlab-ci.yml."""
        out = []
        for path in self.repo.files:
            if (
                path.startswith(".github/workflows/") and path.endswith((".yml", ".yaml"))
            ) or path == ".gitlab-ci.yml":
                text = self.text(path)
                if text is not None:
                    out.append((path, text))
        return out

    def ignore_patterns(self, path: str) -> list[tuple[int, str]] | None:
        """(line, pattern) of a .gitignore / .dockerignore, or None when the file is absent."""
        text = self.text(path)
        if text is None:
            return None
        return [
            (i, ln.strip())
            for i, ln in enumerate(text.splitlines(), 1)
            if ln.strip() and not ln.strip().startswith("#")
        ]


# -- commands in deploy files (Dockerfile, Procfile, compose, Kubernetes) ---------------------
# Reading commands without running anything: shell-like tokenising, server-command
# recognition, the lines a YAML value spans, ``.dockerignore`` matching, and line-local text
# edits for fixes (used by the PRD* and TOL* checks).

SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh"})
SEPARATORS = frozenset({"&&", "||", ";", "|", "&", ";;", "(", ")"})
#: Word tokens that need no shell at all (a whitelist: anything else keeps the shell).
PLAIN_TOKEN = lazy_compile(r"^[A-Za-z0-9_./:=@%+,-]+$")
GUNICORN_CONFIGS = frozenset({"gunicorn.conf.py", "gunicorn_conf.py"})
DEV_WORDS = frozenset(
    {
        "dev",
        "devel",
        "develop",
        "development",
        "devcontainer",
        "local",
        "debug",
        "test",
        "tests",
        "testing",
        "ci",
    }
)


# -- commands -----------------------------------------------------------------------------


def tokenize(command: str) -> list[str]:
    """Shell-like words of ``command`` with control operators as their own tokens."""
    try:
        lexer = shlex.shlex(command, posix=True, punctuation_chars=";&|()<>")
        lexer.whitespace_split = True
        lexer.commenters = ""
        return list(lexer)
    except ValueError:  # unbalanced quotes
        return command.split()


def segments(tokens: list[str], _depth: int = 0) -> list[list[str]]:
    """Simple commands of a token list (split on ``&&``, ``;``, ``|`` ...); the script of
    ``sh -c "<script>"`` is split in turn."""
    out: list[list[str]] = [[]]
    for t in tokens:
        if t in SEPARATORS:
            if out[-1]:
                out.append([])
        else:
            out[-1].append(t)
    found: list[list[str]] = []
    for seg in out:
        if len(seg) >= 3 and base(seg[0]) in SHELLS and seg[1] == "-c" and _depth < 3:
            found.extend(segments(tokenize(seg[2]), _depth + 1))
        elif seg:
            found.append(seg)
    return found


def command_segments(ins: Instruction) -> list[list[str]]:
    """The simple commands a CMD/ENTRYPOINT/RUN instruction runs.

    Exec form: the array itself, or the ``-c`` script of ``["sh", "-c", "..."]``.
    Shell form: the value tokenised like ``/bin/sh -c`` would.
    """
    if ins.json_args is not None:
        args = list(ins.json_args)
        if len(args) >= 3 and base(args[0]) in SHELLS and args[1] == "-c":
            return segments(tokenize(args[2]))
        return [args] if args else []
    return segments(tokenize(ins.args))


def text_segments(command: str) -> list[list[str]]:
    return segments(tokenize(command))


def base(token: str) -> str:
    return PurePosixPath(token).name if token else token


def _after(seg: list[str], program: str) -> int | None:
    for i, t in enumerate(seg):
        if base(t) == program:
            return i
    return None


def reload_server(seg: list[str]) -> str | None:
    """``"uvicorn --reload"``, ``"gunicorn --reload"`` or ``"fastapi dev"`` when ``seg``
    runs a reloading development server, else None."""
    for program in ("uvicorn", "gunicorn"):
        i = _after(seg, program)
        if i is not None and "--reload" in seg[i + 1 :]:
            return f"{program} --reload"
    i = _after(seg, "fastapi")
    if i is not None:
        rest = [t for t in seg[i + 1 :] if not t.startswith("-")]
        if rest and rest[0] == "dev":
            return "fastapi dev"
    return None


def is_dev_path(path: str) -> bool:
    """A development, test or CI file by its name or folder (``Dockerfile.dev``,
    ``.devcontainer/``, ``tests/Dockerfile``, ``Dockerfile.ci``)."""
    words = {w for w in re.split(r"[/._-]+", path.lower()) if w}
    return bool(words & DEV_WORDS)


def is_dev_compose(path: str) -> bool:
    """Compose files for development: the name contains ``dev``, ``local`` or ``override``."""
    name = posix_path(path).name.lower()
    return any(w in name for w in ("dev", "local", "override"))


# -- Dockerfiles ----------------------------------------------------------------------------


_PYTHONISH = lazy_compile(
    r"\b(python[0-9.]*|pip3?|uv|uvicorn|gunicorn|hypercorn|fastapi|poetry|pdm|pipenv)\b",
    re.IGNORECASE,
)


def runs_python(df: Dockerfile, text: str) -> bool:
    """The Dockerfile builds a Python image (not an nginx proxy or a node frontend)."""
    return bool(_PYTHONISH.search(text))


def stage_chain(df: Dockerfile, stage: Stage) -> list[Stage]:
    """``stage`` then the earlier stages it is built ``FROM`` (nearest first)."""
    out = [stage]
    names = {s.name.lower(): s for s in df.stages if s.name}
    cur = stage
    while cur.base.lower() in names:
        nxt = names[cur.base.lower()]
        if nxt in out or df.stages.index(nxt) >= df.stages.index(cur):
            break
        out.append(nxt)
        cur = nxt
    return out


def stage_command(df: Dockerfile, stage: Stage, cmd: str) -> Instruction | None:
    """The ``CMD`` / ``ENTRYPOINT`` ``stage`` runs (its own, or inherited from the stage it
    is built ``FROM``)."""
    for s in stage_chain(df, stage):
        found = s.last(cmd)
        if found is not None:
            return found
    return None


def effective(df: Dockerfile, cmd: str) -> Instruction | None:
    """The ``CMD`` / ``ENTRYPOINT`` the deployed image runs (:attr:`Dockerfile.deployed`)."""
    stage = df.deployed
    return stage_command(df, stage, cmd) if stage is not None else None


#: Programs that serve an ASGI/WSGI application (``python -m uvicorn`` counts too).
SERVERS = frozenset({"uvicorn", "gunicorn", "hypercorn", "granian", "daphne", "fastapi", "uwsgi"})


def runs_server(df: Dockerfile, stage: Stage) -> bool:
    """``stage``'s command starts an ASGI/WSGI server."""
    for cmd in ("ENTRYPOINT", "CMD"):
        ins = stage_command(df, stage, cmd)
        if ins is not None and any(
            base(t) in SERVERS for seg in command_segments(ins) for t in seg[:3]
        ):
            return True
    return False


def is_dev_stage(stage: Stage) -> bool:
    """A development or test stage by its name (``AS dev``, ``AS test-runner``)."""
    if not stage.name:
        return False
    return bool(set(re.split(r"[._-]+", stage.name.lower())) & DEV_WORDS)


def instruction_lines(text: str, ins: Instruction) -> list[tuple[int, str]]:
    """(line number, text) of the physical lines of ``ins``, comment lines left out."""
    lines = text.splitlines()
    out = []
    for n in range(ins.line, min(ins.end_line, len(lines)) + 1):
        raw = lines[n - 1]
        if n > ins.line and raw.strip().startswith("#"):
            continue
        out.append((n, raw))
    return out


def numbered(text: str, first: int, last: int) -> list[tuple[int, str]]:
    """(line number, text) of lines ``first..last`` (1-based) of ``text``."""
    lines = text.splitlines()
    return [(n, lines[n - 1]) for n in range(max(first, 1), min(last, len(lines)) + 1)]


def first_line_matching(text: str, ins: Instruction, pattern: re.Pattern[str], nth: int = 0) -> int:
    """The physical line of the ``nth`` (0-based) match of ``pattern`` in ``ins``: the
    second ``uv sync`` of ``if ...; then uv sync --frozen; else uv sync; fi`` sits on its
    own line.  With fewer matches, the first one's line (else the instruction's)."""
    found = [n for n, raw in instruction_lines(text, ins) for _ in pattern.finditer(raw)]
    if not found:
        return ins.line
    return found[nth] if nth < len(found) else found[0]


def shown(ins: Instruction, limit: int = 70) -> str:
    text = f"{ins.cmd} {ins.value}"
    return text if len(text) <= limit else text[: limit - 3] + "..."


# -- YAML (compose, Kubernetes) --------------------------------------------------------------


def yaml_documents(text: str) -> list[Any]:
    """Composed YAML nodes (with line marks) of every document; [] when it does not parse."""
    import yaml

    from auditor.project_files import MAX_YAML_DEPTH, yaml_depth

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        if yaml_depth(text) > MAX_YAML_DEPTH:
            return []  # libyaml's composer recurses without limit: a hostile manifest is skipped
        return [d for d in yaml.compose_all(text, Loader=loader) if d is not None]
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        return []


def node_get(node: Any, key: str) -> Any:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def node_items(node: Any) -> list[tuple[str, Any]]:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return [(k.value, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]
    return []


def scalars(node: Any) -> Iterator[Any]:
    """Every scalar node under ``node``."""
    import yaml

    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, yaml.ScalarNode):
            yield cur
        elif isinstance(cur, yaml.SequenceNode):
            stack.extend(reversed(cur.value))
        elif isinstance(cur, yaml.MappingNode):
            for k, v in reversed(cur.value):
                stack.append(v)
                stack.append(k)


def node_span(node: Any) -> tuple[int, int]:
    """1-based first and last line of a node's text."""
    start = node.start_mark.line + 1
    end = node.end_mark.line + 1
    if node.end_mark.column == 0 and end > start:
        end -= 1  # block scalars end at the start of the next line
    return start, end


def compose_command(node: Any) -> str | None:
    """A compose ``command:`` / ``entrypoint:`` value as one command string."""
    import yaml

    if isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        parts = [n.value for n in node.value if isinstance(n, yaml.ScalarNode)]
        if len(parts) >= 3 and base(parts[0]) in SHELLS and parts[1] == "-c":
            return parts[2]
        return " ".join(shlex.quote(p) for p in parts)
    return None


def compose_services(text: str) -> list[tuple[str, Any]]:
    """(service name, service mapping node) of a compose file."""
    docs = yaml_documents(text)
    if not docs:
        return []
    return node_items(node_get(docs[0], "services"))


def compose_builds(project: Any) -> list[tuple[str, str, str, Any]]:
    """(compose path, context folder, Dockerfile path, service node) of compose services
    that build an image, paths relative to the repository root."""
    out = []
    for path, _data in project.configs.compose_files:
        text = project.configs.text(path) or ""
        folder = posixpath.dirname(path)
        for _name, svc in compose_services(text):
            build = node_get(svc, "build")
            if build is None:
                continue
            import yaml

            if isinstance(build, yaml.ScalarNode):
                context, dockerfile = build.value, "Dockerfile"
            else:
                ctx_node = node_get(build, "context")
                df_node = node_get(build, "dockerfile")
                context = ctx_node.value if isinstance(ctx_node, yaml.ScalarNode) else "."
                dockerfile = df_node.value if isinstance(df_node, yaml.ScalarNode) else "Dockerfile"
            if not isinstance(context, str) or "://" in context or context.startswith("${"):
                continue
            ctx = normpath(posixpath.join(folder, context))
            df = normpath(posixpath.join(ctx, dockerfile)) if isinstance(dockerfile, str) else None
            if df is not None:
                out.append((path, ctx, project.repo.canonical(df), svc))
    return out


def _dev_profiles(svc: Any) -> bool:
    """The compose service starts only under development profiles: ``profiles: [dev]``
    (every profile named is a :data:`DEV_WORDS` word); ``docker compose up`` without
    ``--profile dev`` never starts it (Compose docs, "Using profiles with Compose")."""
    import yaml

    node = node_get(svc, "profiles")
    if isinstance(node, yaml.ScalarNode):
        values = [node.value]
    elif isinstance(node, yaml.SequenceNode):
        values = [n.value for n in node.value if isinstance(n, yaml.ScalarNode)]
    else:
        return False
    return bool(values) and all(
        isinstance(v, str) and set(re.split(r"[._-]+", v.lower())) & DEV_WORDS for v in values
    )


def dev_only_dockerfiles(project: Any) -> frozenset[str]:
    """Dockerfiles the project's own compose files build, and build only for development:
    every service building one sits in a dev/local/override compose file
    (:func:`is_dev_compose`) or starts only under development profiles
    (:func:`_dev_profiles`).  The project says by structure that such an image is not a
    production image; a Dockerfile no compose file builds is not one of them."""
    dev: set[str] = set()
    other: set[str] = set()
    for path, _ctx, dockerfile, svc in compose_builds(project):
        (dev if is_dev_compose(path) or _dev_profiles(svc) else other).add(dockerfile)
    return frozenset(dev - other)


def normpath(p: str) -> str:
    n = posixpath.normpath(p) if p else "."
    return "" if n == "." else n


# -- .dockerignore ---------------------------------------------------------------------------


def _pattern_regex(pattern: str) -> re.Pattern[str] | None:
    p = pattern.strip()
    if not p:
        return None
    p = posixpath.normpath(p.lstrip("/"))
    if p == ".":
        return None
    out = []
    i = 0
    while i < len(p):
        c = p[i]
        if c == "*":
            if p[i : i + 2] == "**":
                if p[i + 2 : i + 3] == "/":
                    out.append("(?:.*/)?")
                    i += 3
                    continue
                out.append(".*")
                i += 2
                continue
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = p.find("]", i + 1)
            if j == -1:
                out.append(re.escape(c))
            else:
                cls = p[i + 1 : j]
                if cls.startswith(("^", "!")):
                    cls = "^" + cls[1:]
                out.append(f"[{cls}]")
                i = j
        elif c == "\\" and i + 1 < len(p):
            i += 1
            out.append(re.escape(p[i]))
        else:
            out.append(re.escape(c))
        i += 1
    try:
        return re.compile("".join(out) + "$")
    except re.error:
        return None


def ignored(patterns: list[str], path: str) -> bool:
    """Whether ``.dockerignore`` ``patterns`` exclude ``path`` (the last match wins;
    a pattern matching a parent folder excludes what is inside)."""
    parts = path.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    excluded = False
    for raw in patterns:
        negate = raw.startswith("!")
        rx = _pattern_regex(raw[1:] if negate else raw)
        if rx is None:
            continue
        if any(rx.match(c) for c in candidates):
            excluded = not negate
    return excluded


# -- fixes --------------------------------------------------------------------------------------


def replace_lines(source: str, first: int, last: int, new_block: str) -> str:
    """``source`` with its lines ``first..last`` (1-based) replaced by ``new_block``."""
    lines = source.splitlines(keepends=True)
    eol = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    end = lines[last - 1] if last - 1 < len(lines) else ""
    trailing = eol if end.endswith(("\n", "\r")) else ""
    return "".join(lines[: first - 1]) + new_block + trailing + "".join(lines[last:])


def block(source: str, first: int, last: int) -> str:
    lines = source.splitlines()
    return "\n".join(lines[first - 1 : last])
