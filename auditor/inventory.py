"""The project inventory (F8): declared dependencies, locked versions, Python target.

Read from ``pyproject.toml`` ([project], optional and dependency groups, poetry, pdm, uv),
``requirements*.txt`` / ``requirements/*.txt`` (following ``-r``), ``Pipfile`` and
``setup.cfg``; versions from ``uv.lock``, ``poetry.lock``, ``pdm.lock``, ``Pipfile.lock`` or
``pylock.toml``.  An unpacked wheel audited from its root carries its requirements in
``<name>.dist-info/METADATA`` (``Requires-Dist``; ``Requires-Python`` is the Python target): they are read as declared requirements too
(``Inventory.metadata``, kept apart from ``requirements``: a wheel's ranges are not the
project's pins); so does the ``*.dist-info`` beside the audited folder when that folder is one of
the packages the wheel installs and declares nothing itself (``site-packages/<pkg>``).  A
``pyproject.toml`` in a sub-folder (with its sdist's ``PKG-INFO``) is a component, like a
deeper ``requirements*.txt``: it speaks only for the code beneath it (``Inventory.for_path``).
A malformed file is an error entry, never a crash.

:meth:`Inventory.major` answers "which major version of X" from the lock, else from what every
declared specifier admits (``~=1.10``, ``>=1.8,<2`` and Poetry's ``^1.10`` admit only 1;
``>=1.8`` admits 1 and 2, so it says nothing).
"""

from __future__ import annotations

import configparser
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from auditor.lazyre import lazy_compile
from auditor.repository import RepoError, Repository, posix_path

_NAME_RE = lazy_compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)$")
#: Folders whose requirements files are test data or fixtures, not a deployment's.
_TEST_PARTS = frozenset({"tests", "test", "testing", "test_data", "testdata", "fixtures"})
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
    #: ``Requires-Dist`` of a top-level ``*.dist-info/METADATA`` (an unpacked wheel)
    metadata: list[Requirement] = field(default_factory=list)
    #: name -> the lock file its version comes from
    locked_in: dict[str, str] = field(default_factory=dict)
    #: folder -> the requirements of ``requirements*.txt`` files shipped deeper in the tree
    #: (a server template's or a sidecar's own requirements, installed by its own
    #: Dockerfile): kept apart from the project's, they speak only for the code beside them
    components: dict[str, list[Requirement]] = field(default_factory=dict)

    def for_path(self, path: str, name: str) -> Inventory:
        """The inventory that speaks for ``name`` in the code at ``path``: that of the nearest
        component folder above it whose own requirements declare ``name`` (the code is
        deployed with those), else the project's."""
        n = normalize(name)
        folder = PurePosixPath(path).parent
        for anc in (folder, *folder.parents):
            reqs = self.components.get(anc.as_posix())
            if reqs and any(r.name == n for r in reqs):
                return Inventory(requirements=list(reqs), python=self.python)
        return self

    def declared(self, name: str) -> list[Requirement]:
        """Every declaration of ``name``: the project's files, then a wheel's metadata."""
        n = normalize(name)
        return [r for r in (*self.requirements, *self.metadata) if r.name == n]

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

    def pinned(self, name: str) -> tuple[int, ...] | None:
        """The exact version of ``name``: locked, else an ``==`` pin; None otherwise."""
        n = normalize(name)
        if n in self.locked:
            return _vtuple(self.locked[n])
        for r in self.declared(n):
            m = re.fullmatch(r"\s*===?\s*([0-9][0-9A-Za-z.+!-]*)\s*", r.spec)
            if m and "*" not in m.group(1):
                return _vtuple(m.group(1))
        return None

    def below(self, name: str, version: tuple[int, ...]) -> bool:
        """The files prove every version of ``name`` the project can install is older than
        ``version``: the locked one is, or every declaration has an upper bound at or under
        it (``<0.24``, ``==0.29.0``, ``~=0.23.2``).  Unknown or open-ended: False."""
        n = normalize(name)
        if n in self.locked:
            v = _vtuple(self.locked[n])
            return v is not None and v < version
        declared = self.declared(n)
        return bool(declared) and all(
            _trimmed(_upper(r.spec)) <= _trimmed(version) for r in declared
        )

    def python_below(self, version: tuple[int, ...]) -> bool:
        """The declared Python target (``requires-python``, a wheel's ``Requires-Python``)
        admits no release at or above ``version``: ``>=3.11,<3.14`` is below (3, 14).
        Unknown or open-ended (``>=3.11``, a ``.python-version``'s bare ``3.12``): False."""
        return bool(self.python) and _trimmed(_upper(self.python or "")) <= _trimmed(version)

    def major(self, name: str, majors: tuple[int, ...] = (1, 2)) -> int | None:
        """The major version of ``name`` when the files settle it, else None."""
        found = self.major_evidence(name, majors)
        return found[0] if found else None

    def major_evidence(self, name: str, majors: tuple[int, ...]) -> tuple[int, str] | None:
        """(major, where it comes from) when the lock or the declared specifiers settle it.

        The lock wins.  Otherwise every declaration of the main dependencies must admit the
        same single major among ``majors`` (then those of every group, when the main ones
        leave it open); a specifier that admits several (``>=1.8``, no specifier) settles
        nothing, nor do declarations that contradict each other.
        """
        n = normalize(name)
        if n in self.locked:
            v = _vtuple(self.locked[n])
            if v:
                where = self.locked_in.get(n, "the lock file")
                return v[0], f"{where}: {n} {self.locked[n]}"
        declared = self.declared(n)
        for group in (
            [r for r in declared if r.group == "main"],
            declared,
        ):
            if not group:
                continue
            admitted = set(majors)
            for r in group:
                admitted &= admitted_majors(r.spec, majors)
            if len(admitted) == 1:
                r = next(r for r in group if len(admitted_majors(r.spec, majors)) == 1)
                where = f"{r.path}:{r.line}" if r.line else r.path
                return admitted.pop(), f"{where}: {n}{r.spec}"
        return None


def _upper(spec: str) -> tuple[int, ...]:
    """The exclusive upper bound of the versions a specifier set admits, as a release tuple
    (``<0.24`` -> (0, 24), ``==0.29.0`` -> (0, 29, 0, 1), ``~=0.23.2`` -> (0, 24)); a set
    with no upper bound admits the newest release: (inf-like) ``(10**9,)``."""
    best: tuple[int, ...] = (10**9,)
    for clause in spec.strip().strip("()").split(","):
        m = _CLAUSE_RE.match(clause)
        if not m:
            continue
        op, text = m.groups()
        if "*" in text:
            continue
        v = tuple(int(x) for x in _release(text))
        if op == "<":
            bound = v
        elif op in ("<=", "==", "==="):
            bound = (*v, 1)  # just above v
        elif op == "~=":
            parts = [int(n) for n in re.findall(r"\d+", text)]
            bound = (parts[0] + 1,) if len(parts) < 3 else (parts[0], parts[1] + 1)
        else:
            continue
        best = min(best, bound)
    return best


def _trimmed(v: tuple[int, ...]) -> tuple[int, ...]:
    """``(0, 30, 0)`` -> ``(0, 30)``: release tuples compare as versions do."""
    n = len(v)
    while n > 1 and v[n - 1] == 0:
        n -= 1
    return v[:n]


def _vtuple(text: str) -> tuple[int, ...] | None:
    nums = re.findall(r"\d+", text.split("+", 1)[0])[:3]
    return tuple(int(n) for n in nums) if nums else None


_CLAUSE_RE = lazy_compile(r"^\s*(===|==|~=|!=|<=|>=|<|>)\s*([0-9][0-9A-Za-z.*+!-]*)\s*$")
#: Just above a version in the tuple order: ``(1, 10, 0) < (1, 10, 0, 0.5) < (1, 10, 1)``.
_ABOVE = (0.5,)


def _release(text: str) -> tuple[int, ...]:
    """The release numbers of a version (``1.10.0rc1`` -> (1, 10, 0)), padded to three."""
    nums = [int(n) for n in re.findall(r"\d+", re.split(r"[A-Za-z+!]", text, maxsplit=1)[0])][:3]
    return tuple(nums + [0] * (3 - len(nums)))


def admitted_majors(spec: str, majors: tuple[int, ...] = (1, 2)) -> frozenset[int]:
    """The majors among ``majors`` that a PEP 440 specifier set admits some version of.

    ``~=1.10`` -> {1}; ``>=1.8,<2`` -> {1}; ``>=2`` -> {2}; ``>=1.8`` or ``""`` -> {1, 2};
    ``==2.*`` -> {2}.  ``||`` (Poetry) is a union.  Clauses it cannot read (a URL, a
    marker left over) restrict nothing: when in doubt, every major stays possible.
    """
    if "||" in spec or "|" in spec:
        out: frozenset[int] = frozenset()
        for alternative in re.split(r"\|\|?", spec):
            out |= admitted_majors(alternative, majors)
        return out
    clauses = [c for c in spec.strip().strip("()").split(",") if c.strip()]
    admitted = set()
    for major in majors:
        lo: tuple[float, ...] = (major, 0, 0)
        hi: tuple[float, ...] = (major + 1, 0, 0)  # exclusive
        for clause in clauses:
            m = _CLAUSE_RE.match(clause)
            if not m:
                continue
            op, text = m.groups()
            if op == "!=":
                continue
            if text.endswith(".*"):
                if op not in ("==", "==="):
                    continue
                parts = [int(n) for n in re.findall(r"\d+", text)][:3]
                if not parts:
                    continue
                start = tuple(parts + [0] * (3 - len(parts)))
                bumped = [*parts[:-1], parts[-1] + 1]
                stop = tuple(bumped + [0] * (3 - len(bumped)))
                lo, hi = max(lo, start), min(hi, stop)
                continue
            v = _release(text)
            if op in ("==", "==="):
                lo, hi = max(lo, v), min(hi, v + _ABOVE)
            elif op == ">=":
                lo = max(lo, v)
            elif op == ">":
                lo = max(lo, v + _ABOVE)
            elif op == "<":
                hi = min(hi, v)
            elif op == "<=":
                hi = min(hi, v + _ABOVE)
            elif op == "~=":
                given = len(re.findall(r"\d+", re.split(r"[A-Za-z+!]", text, maxsplit=1)[0]))
                if given >= 3:
                    stop = (v[0], v[1] + 1, 0)
                else:
                    stop = (v[0] + 1, 0, 0)
                lo, hi = max(lo, v), min(hi, stop)
        if lo < hi:
            admitted.add(major)
    return frozenset(admitted)


def read_inventory(repo: Repository) -> Inventory:
    inv = Inventory()
    files = repo.files
    if "pyproject.toml" in repo._fileset:
        _pyproject(repo, "pyproject.toml", inv)
    seen: set[str] = set()
    for p in files:
        pp = posix_path(p)
        if pp.suffix == ".txt" and (
            (pp.name.startswith("requirements") and len(pp.parts) <= 2)
            or (len(pp.parts) >= 2 and pp.parts[-2] == "requirements" and len(pp.parts) <= 3)
        ):
            _requirements(repo, p, inv, seen, depth=0)
    for p in files:
        pp = posix_path(p)
        if (
            pp.suffix == ".txt"
            and pp.name.startswith("requirements")
            and len(pp.parts) > 2
            and p not in seen
            and not _TEST_PARTS.intersection(pp.parts[:-1])
        ):
            component = Inventory()
            _requirements(repo, p, component, set(seen), depth=0)
            inv.components.setdefault(pp.parent.as_posix(), []).extend(component.requirements)
        elif (
            pp.name == "pyproject.toml"
            and len(pp.parts) > 1
            and not _TEST_PARTS.intersection(pp.parts[:-1])
        ):
            # a project of its own in a sub-folder (a monorepo's ``backend/``, an unpacked
            # sdist's ``<name>-<version>/``): its declarations (and its sdist's ``PKG-INFO``)
            # speak for the code beneath it, never for the rest of the tree
            component = Inventory()
            _pyproject(repo, p, component)
            folder = pp.parent.as_posix()
            if f"{folder}/PKG-INFO" in repo._fileset:
                _dist_metadata(repo, f"{folder}/PKG-INFO", component)
            # (a malformed one is often a template, ``{{ cookiecutter.name }}``: not an error)
            reqs = [*component.requirements, *component.metadata]
            if reqs:
                inv.components.setdefault(folder, []).extend(reqs)
    if "Pipfile" in repo._fileset:
        _pipfile(repo, inv)
    if "setup.cfg" in repo._fileset:
        _setup_cfg(repo, inv)
    for lock in _LOCKS:
        if lock in repo._fileset:
            inv.lock_files.append(lock)
            _lock(repo, lock, inv)
    for p in files:
        pp = posix_path(p)
        if len(pp.parts) == 2 and pp.parts[0].endswith(".dist-info") and pp.name == "METADATA":
            _dist_metadata(repo, p, inv)
    if "PKG-INFO" in repo._fileset and not inv.metadata:
        _dist_metadata(repo, "PKG-INFO", inv)  # an sdist audited from its root
    if not (inv.requirements or inv.metadata or inv.locked):
        _metadata_beside(repo, inv)
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
    """A Poetry constraint as a PEP 440 specifier: ``^1.10`` -> ``>=1.10,<2``, ``~1.10`` ->
    ``>=1.10,<1.11``, ``1.10`` -> ``==1.10``; anything else as written."""
    s = s.strip()
    if s and s[0].isdigit():
        return "==" + s
    if s.startswith(("^", "~")) and not s.startswith("~="):
        version = s[1:].strip()
        nums = [int(n) for n in re.findall(r"\d+", version)][:3]
        if not nums:
            return ">=" + version
        if s[0] == "^":
            # the first non-zero component may not change (``^0.2`` -> ``<0.3``)
            i = next((k for k, n in enumerate(nums) if n != 0), len(nums) - 1)
        else:
            i = min(1, len(nums) - 1) if len(nums) > 1 else 0
        upper = [*nums[:i], nums[i] + 1]
        return f">={version},<{'.'.join(map(str, upper))}"
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


_EXTRA_RE = lazy_compile(r"""extra\s*==\s*["']([^"']+)["']""")


#: Larger than any real wheel's METADATA (long descriptions included): a bigger file beside the
#: audited folder is not read.
_METADATA_LIMIT = 2_000_000


def dist_info_beside(repo: Repository) -> Path | None:
    """The ``*.dist-info`` folder beside the audited folder that installs it (a package of
    an unpacked wheel, ``site-packages/<pkg>``), or None."""
    try:
        root = repo.root.resolve()
        candidates = sorted(root.parent.glob("*.dist-info"))
    except OSError:
        return None
    return next((info for info in candidates if _installs(info, root.name)), None)


def _metadata_beside(repo: Repository, inv: Inventory) -> None:
    """The audited folder is a package of an unpacked wheel (``site-packages/<pkg>``, or a
    wheel unpacked by hand) and declares nothing itself: the ``*.dist-info`` beside it that
    installs it (its ``top_level.txt`` or ``RECORD`` names the folder) holds the project's
    ``Requires-Dist`` pins, which version-dependent checks need (without them they must
    assume the latest release).  Only read, never audited; the path says where it lies."""
    root = repo.root
    try:
        parent = root.resolve().parent
        candidates = sorted(parent.glob("*.dist-info"))
    except OSError:
        return
    name = root.resolve().name
    for info in candidates:
        if not _installs(info, name):
            continue
        meta = info / "METADATA"
        try:
            if not meta.is_file() or meta.stat().st_size > _METADATA_LIMIT:
                continue
            text = meta.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        _dist_metadata(repo, f"../{info.name}/METADATA", inv, text)
        return


def _installs(info: Path, folder: str) -> bool:
    """The distribution whose ``.dist-info`` is ``info`` installs the top-level ``folder``."""
    for listing, first in (("top_level.txt", False), ("RECORD", True)):
        path = info / listing
        try:
            if not path.is_file() or path.stat().st_size > 20 * _METADATA_LIMIT:
                continue
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        names = {
            (ln.split("/", 1)[0] if first else ln).strip()
            for ln in lines
            if ln.strip() and (not first or "/" in ln)
        }
        if folder in names:
            return True
    return False


_PYTHON_CLASSIFIER = lazy_compile(r"^Programming Language :: Python :: (3)\.(\d+)\s*$")


def _oldest_classified_python(classifiers: list[Any]) -> str | None:
    """``3.7`` from ``Programming Language :: Python :: 3.7`` (and 3.8, ...): the oldest
    Python 3 release a distribution's classifiers name, for one without ``Requires-Python``."""
    found = [(int(m[1]), int(m[2])) for c in classifiers if (m := _PYTHON_CLASSIFIER.match(str(c)))]
    if not found:
        return None
    major, minor = min(found)
    return f"{major}.{minor}"


def _dist_metadata(repo: Repository, path: str, inv: Inventory, text: str | None = None) -> None:
    """``Requires-Dist`` lines of a wheel's ``METADATA`` (core metadata, RFC 822 headers)."""
    if text is None:
        text = repo.read_text(path)
    if text is None:
        return
    import email.parser  # ~10 ms at import, for the few trees that hold a wheel's METADATA

    headers = email.parser.Parser().parsestr(text, headersonly=True)
    lines = text.splitlines()
    requires_python = headers.get("Requires-Python")
    if requires_python and not inv.python:
        inv.python = str(requires_python).strip()  # the Pythons the wheel installs on
    elif not inv.python:
        oldest = _oldest_classified_python(headers.get_all("Classifier") or [])
        if oldest:
            inv.python = f">={oldest}"  # no Requires-Python: the oldest Python it says it supports
    for value in headers.get_all("Requires-Dist") or []:
        requirement, _, marker = str(value).partition(";")
        m = _NAME_RE.match(requirement)
        if not m:
            continue
        extra = _EXTRA_RE.search(marker)
        line = next(
            (
                i
                for i, ln in enumerate(lines, 1)
                if ln.startswith("Requires-Dist:") and str(value).strip() in ln
            ),
            None,
        )
        inv.metadata.append(
            Requirement(
                normalize(m.group(1)),
                m.group(3).strip().strip("()").strip(),
                path,
                line,
                extra.group(1) if extra else "main",
            )
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
                if isinstance(v, str) and normalize(name) not in inv.locked:
                    inv.locked[normalize(name)] = v.lstrip("=")
                    inv.locked_in[normalize(name)] = path
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
            n = normalize(pkg["name"])
            if n not in inv.locked:
                inv.locked[n] = pkg["version"]
                inv.locked_in[n] = path


# -- the test suite beside an audited package ---------------------------------------------

#: Markers of the folder a repository's project lives in.
_PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")
_TEST_FOLDERS = ("tests", "test")
#: More test files than this beside the package: a suite certainly exists; it is not read.
MAX_OUTSIDE_TESTS = 2000
_MAX_TEST_BYTES = 1_000_000


@dataclass
class OutsideTests:
    """The test suite that lives beside an audited package rather than inside it: the
    ``tests/`` of the repository whose ``src/pkg`` (or ``pkg``) is audited, or the
    top-level ``tests`` package a wheel installs next to the package.  ``imports`` holds, per
    test file (relative to ``root``), the names it imports (``from pkg.app import app``:
    ``pkg.app.app``), anywhere in the file; ``unread`` counts files that could not be read
    or parsed (they may import anything), ``complete`` is False when there were more files
    than :data:`MAX_OUTSIDE_TESTS`."""

    root: Path
    package: str
    imports: dict[str, list[str]] = field(default_factory=dict)
    defines: set[str] = field(default_factory=set)  # files defining a test function/class
    unread: int = 0
    complete: bool = True


def test_folders_beside(repo: Repository) -> tuple[Path, list[Path]] | None:
    """Where the tests of the audited package live when they are not inside it: the
    folder holding the package (or its ``src/``) when that folder is a project (a
    ``pyproject.toml``, ``setup.py``, ``setup.cfg`` or ``.git``), or, for a package of an
    unpacked wheel, the folder of its ``.dist-info`` when the distribution installs a
    top-level ``tests`` package too.  Only an audited *package* (an ``__init__.py``) that is
    not itself a project has tests beside it."""
    try:
        root = repo.root.resolve()
        if not (root / "__init__.py").is_file():
            return None
        if any((root / marker).exists() for marker in _PROJECT_MARKERS):
            return None
        info = dist_info_beside(repo)
        if info is not None:
            folders = [
                root.parent / name
                for name in _TEST_FOLDERS
                if _installs(info, name) and (root.parent / name).is_dir()
            ]
            return (root.parent, folders) if folders else None
        outer = [root.parent]
        if root.parent.name == "src":
            outer.append(root.parent.parent)
        for folder in outer:
            if any((folder / marker).exists() for marker in _PROJECT_MARKERS):
                tests = [folder / n for n in _TEST_FOLDERS if (folder / n).is_dir()]
                return (folder, tests) if tests else None
    except OSError:
        return None
    return None


def read_outside_tests(repo: Repository) -> OutsideTests | None:
    """The test files beside the audited package (:func:`test_folders_beside`), read
    (never run, never written) for their imports, or None when there are none."""
    import ast

    found = test_folders_beside(repo)
    if found is None:
        return None
    root, folders = found
    out = OutsideTests(root, repo.root.resolve().name)
    files: list[Path] = []
    for folder in folders:
        try:
            for path in sorted(folder.rglob("*.py")):
                if any(part.startswith(".") or part == "__pycache__" for part in path.parts):
                    continue
                files.append(path)
                if len(files) > MAX_OUTSIDE_TESTS:
                    out.complete = False
                    return out
        except OSError:
            out.unread += 1
    for path in files:
        rel = path.relative_to(root).as_posix()
        try:
            if path.stat().st_size > _MAX_TEST_BYTES:
                out.unread += 1
                continue
            tree = ast.parse(path.read_bytes())
        except (OSError, SyntaxError, ValueError):
            out.unread += 1
            continue
        names: list[str] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names += [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names += [f"{node.module}.{a.name}" for a in node.names]
        out.imports[rel] = names
        if any(
            (isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name.startswith("test"))
            or (isinstance(n, ast.ClassDef) and n.name.startswith("Test"))
            for n in tree.body
        ):
            out.defines.add(rel)
    return out


def outside_tests_signature(repo: Repository) -> list[tuple[str, int, int]] | None:
    """What the audit cache keys on for the tests beside the audited package (their paths,
    sizes and modification times): they are read from outside the audited tree."""
    found = test_folders_beside(repo)
    if found is None:
        return None
    root, folders = found
    out: list[tuple[str, int, int]] = []
    try:
        for folder in folders:
            for path in sorted(folder.rglob("*.py")):
                st = path.stat()
                out.append((path.relative_to(root).as_posix(), st.st_size, st.st_mtime_ns))
                if len(out) > MAX_OUTSIDE_TESTS:
                    return out
    except OSError:
        return out
    return out
