"""The repository: which files exist, their bytes and their class (F1).

Nothing else in the engine touches the file system.  Inside a git work tree the file set
is what git tracks plus the untracked files git does not ignore; elsewhere a walk that
skips virtualenvs, caches and build output.  Every path is POSIX and relative to the root.
Links are never followed out of the root.
"""

from __future__ import annotations

import configparser
import functools
import os
import re
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from auditor.lazyre import lazy_compile

#: Folders the non-git walk never enters (F1).
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "env",
        "node_modules",
        "site-packages",
        "__pycache__",
        "build",
        "dist",
        ".tox",
        ".nox",
        ".eggs",
        ".idea",
        ".vscode",
    }
)


def _tool_cache(parent: str, name: str) -> bool:
    """A tool's cache folder (``.mypy_cache``, ``.pytest_cache``, ``.ruff_cache``, any folder
    marked with a ``CACHEDIR.TAG``), not source that happens to be named ``*_cache``
    (``db/kv_cache/`` holding an Alembic environment's revisions)."""
    if not name.endswith("_cache"):
        return False
    return name.startswith(".") or os.path.exists(os.path.join(parent, name, "CACHEDIR.TAG"))


#: Python files larger than this are not parsed (reported in ``errors``).
MAX_PYTHON_BYTES = 4 * 1024 * 1024
#: Other files larger than this are never read.
MAX_OTHER_BYTES = 2 * 1024 * 1024

TOOLING_NAMES = frozenset({"gunicorn.conf.py", "gunicorn_conf.py", "noxfile.py", "setup.py"})
TOOLING_DIRS = frozenset({"docs", "examples", "scripts"})
#: Folders of demonstration code inside a package (``pkg/ui/demos/``): tooling below the
#: audited tree's first folder only, so a project whose own top folder is ``demo/`` stays app.
NESTED_TOOLING_DIRS = frozenset({"demo", "demos"})
#: A folder named as a project template (``pl-app-template``, ``app_template``, ``templates``)
#: and the folder of several (``project-templates``).
_SCAFFOLD_NAME = lazy_compile(r"^(?:templates?|.+[-_]templates?)$", re.IGNORECASE)
_SCAFFOLDS_PARENT = lazy_compile(r"^(?:templates|.+[-_]templates)$", re.IGNORECASE)
#: What makes a folder a project of its own.
_PROJECT_FILES = frozenset({"setup.py", "setup.cfg", "pyproject.toml"})


def scaffold_named(folder: str) -> bool:
    """``folder`` (a folder's name) is named as a project template (``app_template``,
    ``pl-app-template``, ``templates``)."""
    return _SCAFFOLD_NAME.match(folder) is not None


def scaffold_dirs(files: tuple[str, ...] | list[str]) -> frozenset[str]:
    """Folders that hold a project scaffold a command copies into new user projects, not
    the package's own code: a folder named as a template (``cli/pl-app-template/``,
    ``app_template/``, ``templates/``), or a folder inside a folder of templates
    (``project-templates/basic/``), that holds its own ``setup.py``, ``setup.cfg`` or
    ``pyproject.toml``.  (Cookiecutter's ``{{cookiecutter.slug}}/`` folders are known from
    the path alone: :func:`classify`.)"""
    out: set[str] = set()
    for f in files:
        p = posix_path(f)
        if p.name not in _PROJECT_FILES or len(p.parts) < 2:
            continue
        folder = p.parent
        if scaffold_named(folder.name) or (
            len(p.parts) >= 3 and _SCAFFOLDS_PARENT.match(folder.parent.name)
        ):
            out.add(folder.as_posix())
    return frozenset(out)


class TargetError(Exception):
    """The target cannot be audited at all (exit code 2)."""


@dataclass(frozen=True)
class GitInfo:
    head: str | None
    branch: str | None
    dirty: bool


@dataclass
class RepoError:
    path: str | None
    message: str


@dataclass
class Repository:
    """The audited tree: the file list, git facts and a byte reader."""

    root: Path
    display_root: str
    files: tuple[str, ...]
    git: GitInfo | None
    tracked: frozenset[str] | None = None  # git-tracked paths; None outside git
    untracked: frozenset[str] = frozenset()
    errors: list[RepoError] = field(default_factory=list)
    #: listed symbolic links to files inside the root: link path -> target path
    links: dict[str, str] = field(default_factory=dict)
    _cache: dict[str, bytes | None] = field(default_factory=dict, repr=False)

    # -- reading ------------------------------------------------------------
    def read_bytes(self, path: str, limit: int = MAX_OTHER_BYTES) -> bytes | None:
        """The bytes of a file, or None (with an error recorded) if it cannot be read."""
        if path in self._cache:
            return self._cache[path]
        data = self._read(path, limit)
        self._cache[path] = data
        return data

    def searchable_bytes(self, path: str) -> bytes | None:
        """The bytes of a file to search for a word (a module's name in a launch command),
        or None: a file over the size limit is passed over without an error, since a search
        reads more of the tree than the audit does and what it passes over hides no finding
        (a 28 MB extension module was reported "too large: skipped" by a search for a name)."""
        if path not in self._cache:
            try:
                if (self.root / path).stat().st_size > MAX_OTHER_BYTES:
                    return None
            except OSError:
                pass  # read_bytes says what is wrong with it
        return self.read_bytes(path)

    def read_text(self, path: str) -> str | None:
        data = self.read_bytes(path)
        if data is None:
            return None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return data.decode("latin-1")

    def _read(self, path: str, limit: int) -> bytes | None:
        full = self.root / path
        try:
            if full.is_symlink():
                target = full.resolve()
                if not _inside(target, self.root):
                    self.errors.append(
                        RepoError(path, "link points outside the audited root: not followed")
                    )
                    return None
            st = full.stat()
            if not stat.S_ISREG(st.st_mode):
                return None
            if st.st_size > limit:
                self.errors.append(
                    RepoError(path, f"file too large ({st.st_size / 1_048_576:.1f} MB): skipped")
                )
                return None
            with open(full, "rb") as fh:
                return fh.read()
        except RecursionError:
            self.errors.append(RepoError(path, "symlink loop: skipped"))
        except OSError as exc:
            reason = exc.strerror or exc.__class__.__name__
            if exc.errno is not None and exc.errno == 40:  # ELOOP
                reason = "symlink loop"
            self.errors.append(RepoError(path, f"cannot read: {reason}"))
        return None

    def exists(self, path: str) -> bool:
        return path in self._fileset

    def is_alias(self, path: str) -> bool:
        """``path`` is a symbolic link to another listed file: the same file, listed twice
        (a ``Dockerfile`` linked to ``docker/Dockerfile``).  Readers of configuration files
        read the target only, so one file gives one set of findings."""
        target = self.links.get(path)
        return target is not None and target != path and target in self._fileset

    def canonical(self, path: str) -> str:
        """The listed file ``path`` stands for: its target when it is an alias."""
        return self.links[path] if self.is_alias(path) else path

    @property
    def _fileset(self) -> frozenset[str]:
        fs = self.__dict__.get("_fs")
        if fs is None:
            fs = frozenset(self.files)
            self.__dict__["_fs"] = fs
        return fs

    def python_files(self) -> list[str]:
        return [p for p in self.files if p.endswith(".py")]

    def glob(self, pattern: str) -> list[str]:
        return [p for p in self.files if posix_path(p).match(pattern)]

    def is_ignored(self, path: str) -> bool | None:
        """Whether git ignores ``path`` (None outside git)."""
        if self.git is None:
            return None
        import git  # GitPython

        try:
            g = git.Git(str(self.root))
            g.update_environment(**git_environment())
            g.check_ignore("-q", "--", path)  # "--": a path may start with "-"
            return True
        except git.GitCommandError:
            return False
        except Exception:
            return None


@functools.cache
def posix_path(path: str) -> PurePosixPath:
    """``PurePosixPath(path)``, made once per path: the project-level stages and checks look
    at every listed file's name or folders, several times each (~20,000 paths made for a
    700-file tree, ~0.1 s of the audit's own process)."""
    return PurePosixPath(path)


def git_environment() -> dict[str, str]:
    """The environment of every git command the auditor runs in the audited repository.

    Read-only (``GIT_OPTIONAL_LOCKS=0``: ``git status`` does not refresh, so write, the
    index) and inert: the repository's own ``.git/config`` may name a ``core.fsmonitor``
    command, which ``git status`` and ``git ls-files`` would run; it is turned off for
    these commands (``GIT_CONFIG_COUNT`` entries override every configuration file).
    """
    n = int(os.environ.get("GIT_CONFIG_COUNT", "0") or 0)
    return {
        "GIT_OPTIONAL_LOCKS": "0",
        "GIT_CONFIG_COUNT": str(n + 1),
        f"GIT_CONFIG_KEY_{n}": "core.fsmonitor",
        f"GIT_CONFIG_VALUE_{n}": "false",
    }


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def open_repository(target: str | os.PathLike[str]) -> Repository:
    """List the files of ``target`` (F1).  Raises TargetError for a bad target."""
    given = str(target)
    path = Path(target)
    if not path.exists():
        raise TargetError(f"{given}: no such file or directory")
    if not path.is_dir():
        raise TargetError(f"{given}: not a directory")
    root = path.resolve()
    if not os.access(root, os.R_OK | os.X_OK):
        raise TargetError(f"{given}: permission denied")
    display = PurePosixPath(Path(os.path.normpath(given)).as_posix()).as_posix()
    if not _is_utf8(display):  # shown in UTF-8 reports: the bad bytes as \xNN
        display = os.fsencode(display).decode("utf-8", "backslashreplace")
    errors: list[RepoError] = []
    listed = _git_listing(root, errors)
    if listed is not None:
        files, tracked, untracked, info = listed
        links: dict[str, str] = {}
        files = [f for f in _utf8_names(files, errors) if _listable(root, f, errors, links)]
        return Repository(
            root=root,
            display_root=display,
            files=tuple(sorted(set(files))),
            git=info,
            tracked=frozenset(f for f in tracked if _is_utf8(f)),
            untracked=frozenset(f for f in untracked if _is_utf8(f)),
            errors=errors,
            links=links,
        )
    links = {}
    files = _walk(root, errors, links)
    return Repository(
        root=root,
        display_root=display,
        files=tuple(sorted(files)),
        git=None,
        errors=errors,
        links=links,
    )


def _is_utf8(path: str) -> bool:
    try:
        path.encode("utf-8")
        return True
    except UnicodeEncodeError:  # undecodable bytes of the name, kept by the OS as surrogates
        return False


def _utf8_names(paths: list[str], errors: list[RepoError]) -> list[str]:
    """``paths`` without the names that are not valid UTF-8 (an error entry each).

    Such a name cannot be written into a UTF-8 report (JSON, SARIF, Markdown) nor shown
    as is, so the file is not audited; the entry shows the bad bytes as ``\\xNN``.
    """
    out: list[str] = []
    for p in paths:
        if _is_utf8(p):
            out.append(p)
        else:
            shown = os.fsencode(p).decode("utf-8", "backslashreplace")
            errors.append(RepoError(shown, "file name is not valid UTF-8: not audited"))
    return out


def _listable(
    root: Path, rel: str, errors: list[RepoError], links: dict[str, str] | None = None
) -> bool:
    try:
        st = os.lstat(os.path.join(root, rel))  # (no Path per file: every audit lists them all)
    except OSError:
        return False  # tracked but deleted in the work tree
    if stat.S_ISLNK(st.st_mode):
        full = root / rel
        try:
            target = full.resolve(strict=True)
        except (OSError, RuntimeError):
            errors.append(RepoError(rel, "broken link or symlink loop: skipped"))
            return False
        if not _inside(target, root):
            errors.append(RepoError(rel, "link points outside the audited root: not followed"))
            return False
        if not target.is_file():
            return False
        if links is not None:
            links[rel] = target.relative_to(root).as_posix()
        return True
    return stat.S_ISREG(st.st_mode)


def _git_listing(root: Path, errors: list[RepoError]):
    """(files, tracked, untracked, GitInfo) when ``root`` is inside a git work tree."""
    if not any(os.path.exists(folder / ".git") for folder in (root, *root.parents)):
        # no work tree here (GitPython would search the same folders): its import costs
        # ~0.1 s of every audit of a plain folder
        return None
    try:
        import git  # GitPython
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None
    except Exception as exc:  # a broken .git: audit as a plain folder
        errors.append(
            RepoError(
                None, f"git repository unreadable ({exc.__class__.__name__}): walking the folder"
            )
        )
        return None
    try:
        if repo.bare:
            return None
        g = git.Git(str(root))
        g.update_environment(**git_environment())
        tracked = _split0(g.ls_files("-z", "--cached", "--", "."))
        untracked = _split0(g.ls_files("-z", "--others", "--exclude-standard", "--", "."))
    except Exception as exc:
        errors.append(
            RepoError(None, f"git could not list files ({_first_line(exc)}): walking the folder")
        )
        return None
    head = branch = None
    dirty = False
    try:
        head = repo.head.commit.hexsha
    except Exception:
        head = None  # empty repository: no commit yet
    try:
        branch = None if repo.head.is_detached else repo.active_branch.name
    except Exception:
        branch = None
    try:
        dirty = bool(g.status("--porcelain", "--untracked-files=no", "--", ".").strip())
    except Exception:
        dirty = False
    tracked_set = set(tracked)
    files = list(tracked_set | set(untracked))
    return files, tracked_set, set(untracked), GitInfo(head=head, branch=branch, dirty=dirty)


def _split0(out: str) -> list[str]:
    return [p for p in out.split("\0") if p]


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:200] if str(exc).strip() else exc.__class__.__name__


def _walk(root: Path, errors: list[RepoError], links: dict[str, str]) -> list[str]:
    out: list[str] = []
    seen_dirs: set[tuple[int, int]] = set()

    def unreadable(exc: OSError) -> None:  # a folder that cannot be listed (permission denied)
        try:
            rel = Path(exc.filename).relative_to(root).as_posix() if exc.filename else None
        except ValueError:
            rel = None
        if rel is not None and not _is_utf8(rel):
            rel = os.fsencode(rel).decode("utf-8", "backslashreplace")
        errors.append(
            RepoError(rel, f"cannot list folder: {exc.strerror or exc.__class__.__name__}")
        )

    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=unreadable):
        try:
            st = os.stat(dirpath)
            key = (st.st_dev, st.st_ino)
            if key in seen_dirs:
                dirnames[:] = []
                continue
            seen_dirs.add(key)
        except OSError:
            pass
        if dirpath != str(root) and any(d.endswith(".dist-info") for d in dirnames):
            # an install target (``pip install --target``: installed distributions, each
            # with its ``*.dist-info``) inside the tree is third-party code, as site-packages
            # is: not listed (the audited folder itself may be an unpacked wheel)
            dirnames[:] = []
            continue
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in SKIP_DIRS
            and not _tool_cache(dirpath, d)
            and not d.endswith(".egg-info")
            and not os.path.islink(os.path.join(dirpath, d))
        )
        rel_dir = Path(dirpath).relative_to(root).as_posix()
        prefix = "" if rel_dir == "." else rel_dir + "/"
        for name in filenames:
            rel = prefix + name
            if _utf8_names([rel], errors) and _listable(root, rel, errors, links):
                out.append(rel)
    return out


# -- file classes (F1) --------------------------------------------------------


@dataclass(frozen=True)
class AlembicSection:
    """One Alembic environment: an ``alembic.ini`` section with a ``script_location`` (the
    usual ``[alembic]``, or a named one such as ``[tenant]``, picked with ``alembic -n``), or
    ``[tool.alembic]`` in ``pyproject.toml``.  Locations are resolved to folders of the
    audited tree (``""`` is its root), or None when they cannot be found in it."""

    source: str  # the ``alembic.ini`` path, or ``pyproject.toml``
    section: str  # ``alembic``, ``tenant``, ... or ``tool.alembic``
    line: int | None  # of the section header
    script_location: str | None  # as written
    file_template: str | None
    script_dir: str | None
    versions_dirs: tuple[str, ...]


@dataclass(frozen=True)
class AlembicLayout:
    """Where Alembic keeps its revisions (from alembic.ini / [tool.alembic])."""

    script_locations: tuple[str, ...]
    #: revision folders named by ``version_locations`` (beside ``<script_location>/versions``)
    version_locations: tuple[str, ...] = ()

    def versions_dirs(self) -> tuple[str, ...]:
        dirs = [f"{loc}/versions" if loc else "versions" for loc in self.script_locations]
        dirs += [v for v in self.version_locations if v not in dirs]
        return tuple(dirs)


#: Keys only an Alembic environment's section has.
_ALEMBIC_KEYS = frozenset(
    {
        "script_location",
        "version_locations",
        "version_table",
        "sqlalchemy.url",
        "file_template",
        "version_path_separator",
        "path_separator",
        "prepend_sys_path",
        "revision_environment",
        "sourceless",
        "truncate_slug_length",
        "timezone",
        "output_encoding",
    }
)
#: Sections of an ``alembic.ini`` that configure something else: Python's logging
#: (``logging.config.fileConfig``) and the hooks run on generated revisions.
_OTHER_SECTION = lazy_compile(
    r"^(loggers|handlers|formatters|post_write_hooks|(logger|handler|formatter)_.*)$"
)


def _alembic_section(name: str, own: configparser.ConfigParser) -> bool:
    """Whether section ``name`` configures an Alembic environment.  configparser copies
    ``[DEFAULT]`` into every section, so a ``script_location`` written there shows up in
    the logging sections too: a section counts when it is ``[alembic]`` or has a key of an
    Alembic environment of its own, and is never one of logging's or the hooks' sections."""
    if _OTHER_SECTION.match(name.lower()):
        return False
    if name == "alembic":
        return True
    return own.has_section(name) and any(k in _ALEMBIC_KEYS for k in own[name])


def alembic_sections(repo: Repository) -> list[AlembicSection]:
    """Every Alembic environment configured in the tree (F9), in path order.

    Every ``alembic.ini`` is read (configparser, interpolation off), each of its sections
    that has a ``script_location``; ``%(here)s`` is the ini's folder; ``package:path``
    (``myapp:db/migrations``) is resolved against the folder of the package ``myapp`` in the
    tree (the audited folder itself when it is that package); a plain relative path, which
    Alembic reads from the working directory, is looked up beside the ini, from the root,
    and without its leading folders (an audited subfolder).  ``version_locations`` are
    resolved the same way.  A malformed file is skipped here (``ProjectFiles`` reports it).
    """
    out: list[AlembicSection] = []
    folders = _folders(repo)
    for ini in [p for p in repo.files if posix_path(p).name == "alembic.ini"]:
        text = repo.read_text(ini)
        if text is None:
            continue
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        try:
            parser.read_string(text)
        except configparser.Error:
            continue
        base = PurePosixPath(ini).parent.as_posix()
        base = "" if base == "." else base
        headers = {
            ln.strip()[1:-1].strip().lower(): i
            for i, ln in enumerate(text.splitlines(), 1)
            if ln.strip().startswith("[") and ln.strip().endswith("]")
        }
        own = configparser.ConfigParser(
            interpolation=None, strict=False, default_section="\x00 no default"
        )
        try:
            own.read_string(text)  # the same file, ``[DEFAULT]`` read as a section of its own
        except configparser.Error:
            continue
        for name in parser.sections():
            loc = parser.get(name, "script_location", fallback=None)
            if not loc or not loc.strip():
                continue
            if not _alembic_section(name, own):
                continue  # ``[loggers]``, ``[post_write_hooks]``: they inherit ``[DEFAULT]``
            out.append(
                _section(
                    repo,
                    folders,
                    ini,
                    name,
                    headers.get(name.lower()),
                    base,
                    loc,
                    parser.get(name, "version_locations", fallback=None),
                    parser.get(name, "file_template", fallback=None),
                    parser.get(name, "version_path_separator", fallback=None)
                    or parser.get(name, "path_separator", fallback=None),
                )
            )
    if "pyproject.toml" in repo._fileset:
        text = repo.read_text("pyproject.toml")
        try:
            data = tomllib.loads(text or "")
        except (tomllib.TOMLDecodeError, RecursionError):
            data = {}
        tool = data.get("tool")
        section = tool.get("alembic") if isinstance(tool, dict) else None
        if isinstance(section, dict):
            loc = section.get("script_location")
            versions = section.get("version_locations")
            template = section.get("file_template")
            line = next(
                (
                    i
                    for i, ln in enumerate((text or "").splitlines(), 1)
                    if ln.strip() == "[tool.alembic]"
                ),
                None,
            )
            out.append(
                _section(
                    repo,
                    folders,
                    "pyproject.toml",
                    "tool.alembic",
                    line,
                    "",
                    loc if isinstance(loc, str) else None,
                    " ".join(v for v in versions if isinstance(v, str))
                    if isinstance(versions, list)
                    else versions
                    if isinstance(versions, str)
                    else None,
                    template if isinstance(template, str) else None,
                    None,
                )
            )
    return out


def alembic_layout(repo: Repository) -> AlembicLayout:
    locations: list[str] = []
    versions: list[str] = []
    for section in alembic_sections(repo):
        if section.script_dir is not None and section.script_dir not in locations:
            locations.append(section.script_dir)
        versions += [v for v in section.versions_dirs if v not in versions]
    for default in ("alembic", "migrations"):
        if default not in locations:
            locations.append(default)
    return AlembicLayout(tuple(locations), tuple(versions))


def _folders(repo: Repository) -> frozenset[str]:
    out: set[str] = {""}
    for p in repo.files:
        parts = p.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            out.add("/".join(parts[:i]))
    return frozenset(out)


def _section(
    repo: Repository,
    folders: frozenset[str],
    source: str,
    name: str,
    line: int | None,
    base: str,
    script_location: str | None,
    version_locations: str | None,
    file_template: str | None,
    separator: str | None,
) -> AlembicSection:
    script_dir = (
        _locate(repo, folders, base, script_location) if script_location is not None else None
    )
    dirs: list[str] = []
    if script_dir is not None:
        dirs.append(f"{script_dir}/versions" if script_dir else "versions")
    for loc in _split_locations(version_locations or "", separator):
        found = _locate(repo, folders, base, loc)
        if found is not None and found not in dirs:
            dirs.append(found)
    return AlembicSection(
        source, name, line, script_location, file_template, script_dir, tuple(dirs)
    )


def _split_locations(text: str, separator: str | None) -> list[str]:
    """``version_locations`` split as Alembic does: by the configured separator, else (the
    legacy default) by spaces and commas."""
    sep = (separator or "").strip().lower()
    chars = {"space": " ", "newline": "\n", "colon": ":", "semicolon": ";", "os": os.pathsep}
    if sep in chars:
        parts = text.split(chars[sep])
    else:
        parts = text.replace(",", " ").split()
    return [p.strip() for p in parts if p.strip()]


def _locate(repo: Repository, folders: frozenset[str], base: str, location: str) -> str | None:
    """The folder of the tree an Alembic location names, or the likeliest guess."""
    loc = location.strip()
    if not loc:
        return None
    candidates: list[str] = []
    if "%(here)s" in loc:
        candidates.append(_norm(PurePosixPath(base or ".") / loc.replace("%(here)s", ".")))
    elif ":" in loc and not PurePosixPath(loc).is_absolute() and loc[1:3] not in (":\\", ":/"):
        package, *rest = loc.split(":")
        sub = "/".join(p.strip("/") for p in rest if p.strip("/"))
        for folder in _package_folders(repo, folders, package.strip()):
            candidates.append(_norm(PurePosixPath(folder or ".") / sub))
    else:
        rel = loc.strip("/")
        candidates.append(_norm(PurePosixPath(base or ".") / rel))
        candidates.append(_norm(PurePosixPath(rel)))
        parts = PurePosixPath(rel).parts
        candidates += ["/".join(parts[i:]) for i in range(1, len(parts))]
    for c in candidates:
        if (c and c in folders) or (not c and "env.py" in repo._fileset):
            return c
    return candidates[0] if candidates else None


def _package_folders(repo: Repository, folders: frozenset[str], package: str) -> list[str]:
    """Folders of the tree that hold the importable package ``package`` (dotted): regular
    packages (with ``__init__.py``) shallowest first, then namespace folders; the audited
    folder itself first when it is that package."""
    parts = [p for p in package.split(".") if p]
    if not parts:
        return []
    out: list[str] = []
    if (
        len(parts) == 1
        and repo.root.name.replace("-", "_") == parts[0]
        and "__init__.py" in repo._fileset
    ):
        out.append("")
    named = [
        f
        for f in sorted(folders, key=lambda f: (f.count("/"), f))
        if f and f.split("/")[-len(parts) :] == parts
    ]
    out += [f for f in named if f"{f}/__init__.py" in repo._fileset]
    out += [f for f in named if f not in out]
    return out


def _norm(p: PurePosixPath) -> str:
    parts: list[str] = []
    for part in p.parts:
        if part in (".", ""):
            continue
        if part == "..":
            if parts:
                parts.pop()
            continue
        parts.append(part)
    return "/".join(parts)


def classify(path: str, layout: AlembicLayout, scaffolds: frozenset[str] = frozenset()) -> str:
    """The F1 class of a Python file: app, test, migration, alembic-env or tooling.  A file
    of a project scaffold (under one of ``scaffolds``, from :func:`scaffold_dirs`, or under a
    cookiecutter ``{{...}}`` folder) is tooling, its tests included: it is the code of the
    projects a command generates, not the package's."""
    p = posix_path(path)
    parent = p.parent.as_posix()
    for versions in layout.versions_dirs():
        if (
            parent == versions
            or parent.endswith("/" + versions)
            or (parent.startswith(versions + "/"))
        ):
            return "migration"
    if p.name == "env.py":
        for loc in layout.script_locations:
            if parent == loc or parent.endswith("/" + loc):
                return "alembic-env"
    dirs = p.parts[:-1]
    name = p.name
    if any("{{" in d and "}}" in d for d in dirs) or (
        scaffolds and any(parent == s or parent.startswith(s + "/") for s in scaffolds)
    ):
        return "tooling"
    if (
        "tests" in dirs
        or "test" in dirs
        or name.startswith("test_")
        or name.endswith("_test.py")
        or name == "conftest.py"
    ):
        return "test"
    if (
        name in TOOLING_NAMES
        or any(d in TOOLING_DIRS for d in dirs)
        or any(d in NESTED_TOOLING_DIRS for d in dirs[1:])
    ):
        return "tooling"
    return "app"


# -- a git revision, read from git objects (issue 5: ``--diff BASE``) ---------------------------


@dataclass
class GitRevisionRepository(Repository):
    """The tree of one commit, read from git's object database with GitPython.

    Same interface as :class:`Repository`; nothing is checked out, stashed or written: the
    work tree and the index are never touched.  Paths are relative to the audited folder
    (a subfolder of the work tree audits the same subfolder of the commit).  Symbolic links
    and submodules in the commit are not read.  ``is_ignored`` answers with the work
    tree's ignore rules (git has no other).
    """

    commit: str = ""
    _blobs: dict[str, object] = field(default_factory=dict, repr=False)

    def _read(self, path: str, limit: int) -> bytes | None:
        blob = self._blobs.get(path)
        if blob is None:
            return None
        size = getattr(blob, "size", 0)
        if size > limit:
            self.errors.append(
                RepoError(path, f"file too large ({size / 1_048_576:.1f} MB): skipped")
            )
            return None
        try:
            return blob.data_stream.read()  # type: ignore[attr-defined]
        except Exception as exc:  # a missing object in a partial clone
            self.errors.append(RepoError(path, f"cannot read from git ({_first_line(exc)})"))
            return None


def open_revision(work: Repository, git_repo, commit) -> GitRevisionRepository:
    """The audited folder of ``work`` as it is in ``commit`` (a GitPython commit)."""
    top = Path(git_repo.working_tree_dir).resolve()
    try:
        rel = work.root.relative_to(top).as_posix()
    except ValueError:
        rel = "."
    prefix = "" if rel in ("", ".") else rel.strip("/") + "/"
    tree = commit.tree
    if prefix:
        try:
            tree = tree / prefix.rstrip("/")
        except KeyError:
            tree = None
    blobs: dict[str, object] = {}
    if tree is not None and getattr(tree, "type", "") == "tree":
        for item in tree.traverse():
            if item.type != "blob" or item.mode == 0o120000:  # links are not followed
                continue
            path = (
                item.path[len(prefix) :] if prefix and item.path.startswith(prefix) else item.path
            )
            blobs[path] = item
    errors: list[RepoError] = []
    for path in set(blobs) - set(_utf8_names(list(blobs), errors)):
        del blobs[path]
    files = tuple(sorted(blobs))
    return GitRevisionRepository(
        root=work.root,
        display_root=work.display_root,
        files=files,
        git=GitInfo(head=commit.hexsha, branch=None, dirty=False),
        tracked=frozenset(files),
        untracked=frozenset(),
        errors=errors,
        commit=commit.hexsha,
        _blobs=blobs,
    )
