"""Structural readers (F9): the project's non-Python files, parsed once, read through the
repository (never the disk directly).

Well-kept parsers where they exist (``tomllib``, ``configparser`` with interpolation off,
PyYAML's safe loader); a small instruction reader for Dockerfiles.  A malformed file is an
``errors`` entry (``ProjectFiles.errors``), never an exception.
"""

from __future__ import annotations

import configparser
import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePosixPath
from typing import Any

from auditor.repository import RepoError, Repository

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
    base: str  # the image (``python:3.12-slim``)
    name: str | None  # ``AS name``
    line: int
    instructions: list[Instruction] = field(default_factory=list)

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

    @property
    def folder(self) -> str:
        parent = PurePosixPath(self.path).parent.as_posix()
        return "" if parent == "." else parent


_FLAG = re.compile(r"^--[A-Za-z-]+(=\S*)?\s*")


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
    for ins in instructions:
        if ins.cmd == "FROM":
            toks = ins.args.split()
            base = toks[0] if toks else ""
            name = toks[2] if len(toks) >= 3 and toks[1].lower() == "as" else None
            stages.append(Stage(base, name, ins.line))
        if stages:
            stages[-1].instructions.append(ins)
    return Dockerfile(path, stages, instructions)


def is_dockerfile(path: str) -> bool:
    name = PurePosixPath(path).name
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
    source: str  # "alembic.ini" path or "pyproject.toml"
    script_location: str | None
    file_template: str | None
    section_line: int | None  # line of ``[alembic]`` (or ``[tool.alembic]``)


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
        return [p for p in self.repo.files if PurePosixPath(p).name in wanted]

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
        out: list[AlembicConfig] = []
        for path in self.files_named("alembic.ini"):
            if path.count("/") > 2:
                continue
            parser = self.ini(path)
            if parser is None:
                continue
            text = self.text(path) or ""
            line = next(
                (
                    i
                    for i, ln in enumerate(text.splitlines(), 1)
                    if ln.strip().lower() == "[alembic]"
                ),
                None,
            )
            if parser.has_section("alembic"):
                out.append(
                    AlembicConfig(
                        path,
                        parser.get("alembic", "script_location", fallback=None),
                        parser.get("alembic", "file_template", fallback=None),
                        line,
                    )
                )
        section = self.tool("alembic")
        if section is not None:
            text = self.text("pyproject.toml") or ""
            line = next(
                (i for i, ln in enumerate(text.splitlines(), 1) if ln.strip() == "[tool.alembic]"),
                None,
            )
            loc = section.get("script_location")
            tmpl = section.get("file_template")
            out.append(
                AlembicConfig(
                    "pyproject.toml",
                    loc if isinstance(loc, str) else None,
                    tmpl if isinstance(tmpl, str) else None,
                    line,
                )
            )
        return out

    # -- Dockerfiles, compose, Procfile, YAML ------------------------------------------------
    @cached_property
    def dockerfiles(self) -> list[Dockerfile]:
        out = []
        for path in self.repo.files:
            if is_dockerfile(path):
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
            name = PurePosixPath(path).name
            if re.match(r"^(docker-)?compose.*\.ya?ml$", name):
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
