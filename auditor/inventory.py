"""The project inventory (F8): declared dependencies, locked versions, Python target.

Read from ``pyproject.toml`` ([project], optional and dependency groups, poetry, pdm, uv),
``requirements*.txt`` / ``requirements/*.txt`` (following ``-r``), ``Pipfile`` and
``setup.cfg``; versions from ``uv.lock``, ``poetry.lock``, ``pdm.lock``, ``Pipfile.lock`` or
``pylock.toml``.  A malformed file is an error entry, never a crash.
"""

from __future__ import annotations

import configparser
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from auditor.repository import RepoError, Repository

_NAME_RE = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)$")
_LOCKS = ("uv.lock", "poetry.lock", "pdm.lock", "Pipfile.lock", "pylock.toml")


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Requirement:
    name: str  # normalized distribution name
    spec: str  # version specifier text ("==2.7.1", ">=0.27", "")
    path: str
    line: int | None
    group: str  # "main" | "dev" | an extra / group name


@dataclass
class Inventory:
    requirements: list[Requirement] = field(default_factory=list)
    locked: dict[str, str] = field(default_factory=dict)  # name -> version
    lock_files: list[str] = field(default_factory=list)
    python: str | None = None
    errors: list[RepoError] = field(default_factory=list)

    def declared(self, name: str) -> list[Requirement]:
        n = normalize(name)
        return [r for r in self.requirements if r.name == n]

    def has(self, name: str) -> bool:
        return bool(self.declared(name)) or normalize(name) in self.locked

    def version(self, name: str) -> tuple[int, ...] | None:
        """Best known version of ``name``: locked, else an ``==`` pin, else a lower bound."""
        n = normalize(name)
        if n in self.locked:
            return _vtuple(self.locked[n])
        for r in self.declared(n):
            m = re.search(r"==\s*([0-9][0-9A-Za-z.*]*)", r.spec)
            if m:
                return _vtuple(m.group(1))
        for r in self.declared(n):
            m = re.search(r"(?:~=|>=|>)\s*([0-9][0-9.]*)", r.spec)
            if m:
                return _vtuple(m.group(1))
        return None

    def major(self, name: str) -> int | None:
        v = self.version(name)
        return v[0] if v else None


def _vtuple(text: str) -> tuple[int, ...] | None:
    nums = re.findall(r"\d+", text.split("+", 1)[0])[:3]
    return tuple(int(n) for n in nums) if nums else None


def read_inventory(repo: Repository) -> Inventory:
    inv = Inventory()
    files = repo.files
    if "pyproject.toml" in repo._fileset:
        _pyproject(repo, "pyproject.toml", inv)
    seen: set[str] = set()
    for p in files:
        pp = PurePosixPath(p)
        if pp.suffix == ".txt" and (
            (pp.name.startswith("requirements") and len(pp.parts) <= 2)
            or (len(pp.parts) >= 2 and pp.parts[-2] == "requirements" and len(pp.parts) <= 3)
        ):
            _requirements(repo, p, inv, seen, depth=0)
    if "Pipfile" in repo._fileset:
        _pipfile(repo, inv)
    if "setup.cfg" in repo._fileset:
        _setup_cfg(repo, inv)
    for lock in _LOCKS:
        if lock in repo._fileset:
            inv.lock_files.append(lock)
            _lock(repo, lock, inv)
    if ".python-version" in repo._fileset:
        text = (repo.read_text(".python-version") or "").strip().splitlines()
        if text and not inv.python:
            inv.python = text[0].strip()
    inv.requirements.sort(key=lambda r: (r.path, r.line or 0, r.name))
    return inv


def _line_of(text: str, needle: str) -> int | None:
    pat = re.compile(r"""["']\s*""" + re.escape(needle) + r"""(?![A-Za-z0-9_-])""", re.IGNORECASE)
    for i, line in enumerate(text.splitlines(), 1):
        if (
            pat.search(line)
            or line.strip().lower().startswith(needle.lower() + " ")
            or line.strip().lower().startswith(needle.lower() + "=")
        ):
            return i
    return None


def _add_pep508(inv: Inventory, items, path: str, text: str, group: str) -> None:
    if not isinstance(items, list):
        return
    for item in items:
        if not isinstance(item, str):
            continue
        m = _NAME_RE.match(item.split(";", 1)[0])
        if not m:
            continue
        name = m.group(1)
        inv.requirements.append(
            Requirement(normalize(name), m.group(3).strip(), path, _line_of(text, name), group)
        )


def _pyproject(repo: Repository, path: str, inv: Inventory) -> None:
    text = repo.read_text(path) or ""
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        inv.errors.append(RepoError(path, f"malformed TOML: {exc}"))
        return
    raw_project = data.get("project")
    project: dict[str, Any] = raw_project if isinstance(raw_project, dict) else {}
    _add_pep508(inv, project.get("dependencies", []), path, text, "main")
    opt = project.get("optional-dependencies", {})
    if isinstance(opt, dict):
        for group, items in opt.items():
            _add_pep508(inv, items, path, text, str(group))
    groups = data.get("dependency-groups", {})
    if isinstance(groups, dict):
        for group, items in groups.items():
            _add_pep508(
                inv,
                [i for i in items if isinstance(i, str)] if isinstance(items, list) else [],
                path,
                text,
                str(group),
            )
    rp = project.get("requires-python")
    if isinstance(rp, str):
        inv.python = rp
    tool = data.get("tool", {}) if isinstance(data.get("tool"), dict) else {}
    poetry = tool.get("poetry", {}) if isinstance(tool.get("poetry"), dict) else {}
    for key, group in (("dependencies", "main"), ("dev-dependencies", "dev")):
        deps = poetry.get(key, {})
        if isinstance(deps, dict):
            for name, spec in deps.items():
                if normalize(name) == "python":
                    continue
                s = (
                    spec
                    if isinstance(spec, str)
                    else (spec.get("version", "") if isinstance(spec, dict) else "")
                )
                inv.requirements.append(
                    Requirement(normalize(name), _poetry_spec(s), path, _line_of(text, name), group)
                )
    pgroups = poetry.get("group", {})
    if isinstance(pgroups, dict):
        for gname, g in pgroups.items():
            deps = g.get("dependencies", {}) if isinstance(g, dict) else {}
            if isinstance(deps, dict):
                for name, spec in deps.items():
                    s = (
                        spec
                        if isinstance(spec, str)
                        else (spec.get("version", "") if isinstance(spec, dict) else "")
                    )
                    inv.requirements.append(
                        Requirement(
                            normalize(name), _poetry_spec(s), path, _line_of(text, name), str(gname)
                        )
                    )
    for tool_name in ("pdm", "uv"):
        t = tool.get(tool_name, {})
        if isinstance(t, dict):
            dev = t.get("dev-dependencies")
            if isinstance(dev, dict):
                for items in dev.values():
                    _add_pep508(inv, items, path, text, "dev")
            elif isinstance(dev, list):
                _add_pep508(inv, dev, path, text, "dev")


def _poetry_spec(s: str) -> str:
    s = s.strip()
    if s and s[0].isdigit():
        return "==" + s
    if s.startswith(("^", "~")):
        return ">=" + s[1:]
    return s


def _requirements(repo: Repository, path: str, inv: Inventory, seen: set[str], depth: int) -> None:
    if path in seen or depth > 10:
        return
    seen.add(path)
    text = repo.read_text(path)
    if text is None:
        return
    group = "dev" if re.search(r"(dev|test|lint)", PurePosixPath(path).name) else "main"
    base = PurePosixPath(path).parent
    for i, raw in enumerate(text.splitlines(), 1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("-r ", "--requirement ", "-c ", "--constraint ")):
            ref = line.split(None, 1)[1].strip()
            target = (base / ref).as_posix()
            if target.startswith("./"):
                target = target[2:]
            if repo.exists(target):
                _requirements(repo, target, inv, seen, depth + 1)
            continue
        if line.startswith("-"):
            continue
        m = _NAME_RE.match(line.split(";", 1)[0])
        if m and "://" not in line:
            inv.requirements.append(
                Requirement(normalize(m.group(1)), m.group(3).strip(), path, i, group)
            )


def _pipfile(repo: Repository, inv: Inventory) -> None:
    text = repo.read_text("Pipfile") or ""
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        inv.errors.append(RepoError("Pipfile", f"malformed TOML: {exc}"))
        return
    for section, group in (("packages", "main"), ("dev-packages", "dev")):
        deps = data.get(section, {})
        if isinstance(deps, dict):
            for name, spec in deps.items():
                s = (
                    spec
                    if isinstance(spec, str)
                    else (spec.get("version", "") if isinstance(spec, dict) else "")
                )
                inv.requirements.append(
                    Requirement(
                        normalize(name),
                        "" if s == "*" else s,
                        "Pipfile",
                        _line_of(text, name),
                        group,
                    )
                )


def _setup_cfg(repo: Repository, inv: Inventory) -> None:
    text = repo.read_text("setup.cfg") or ""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error as exc:
        inv.errors.append(RepoError("setup.cfg", f"malformed INI: {str(exc).splitlines()[0]}"))
        return
    raw = parser.get("options", "install_requires", fallback="")
    _add_pep508(inv, [x.strip() for x in raw.splitlines() if x.strip()], "setup.cfg", text, "main")


def _lock(repo: Repository, path: str, inv: Inventory) -> None:
    text = repo.read_text(path)
    if text is None:
        return
    if path.endswith("Pipfile.lock"):
        import json

        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            inv.errors.append(RepoError(path, f"malformed JSON: {exc}"))
            return
        if not isinstance(data, dict):
            inv.errors.append(RepoError(path, "malformed Pipfile.lock: not a JSON object"))
            return
        for section in ("default", "develop"):
            entries = data.get(section)
            if not isinstance(entries, dict):
                continue
            for name, info in entries.items():
                v = info.get("version", "") if isinstance(info, dict) else ""
                if isinstance(v, str):
                    inv.locked.setdefault(normalize(name), v.lstrip("="))
        return
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        inv.errors.append(RepoError(path, f"malformed TOML: {exc}"))
        return
    packages = data.get("package", data.get("packages", []))
    for pkg in packages if isinstance(packages, list) else []:
        if (
            isinstance(pkg, dict)
            and isinstance(pkg.get("name"), str)
            and isinstance(pkg.get("version"), str)
        ):
            inv.locked.setdefault(normalize(pkg["name"]), pkg["version"])
