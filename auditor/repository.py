"""The repository: which files exist, their bytes and their class (F1).

Nothing else in the engine touches the file system.  Inside a git work tree the file set
is what git tracks plus the untracked files git does not ignore; elsewhere a walk that
skips virtualenvs, caches and build output.  Every path is POSIX and relative to the root.
Links are never followed out of the root.
"""

from __future__ import annotations

import configparser
import os
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

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
#: Python files larger than this are not parsed (reported in ``errors``).
MAX_PYTHON_BYTES = 4 * 1024 * 1024
#: Other files larger than this are never read.
MAX_OTHER_BYTES = 2 * 1024 * 1024

TOOLING_NAMES = frozenset({"gunicorn.conf.py", "gunicorn_conf.py", "noxfile.py", "setup.py"})
TOOLING_DIRS = frozenset({"docs", "examples", "scripts"})


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
        return [p for p in self.files if PurePosixPath(p).match(pattern)]

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
    full = root / rel
    try:
        st = os.lstat(full)
    except OSError:
        return False  # tracked but deleted in the work tree
    if stat.S_ISLNK(st.st_mode):
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
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in SKIP_DIRS
            and not d.endswith("_cache")
            and not d.endswith(".egg-info")
            and not os.path.islink(os.path.join(dirpath, d))
        )
        rel_dir = Path(dirpath).relative_to(root)
        for name in filenames:
            rel = (rel_dir / name).as_posix()
            if rel.startswith("./"):
                rel = rel[2:]
            if _utf8_names([rel], errors) and _listable(root, rel, errors, links):
                out.append(rel)
    return out


# -- file classes (F1) --------------------------------------------------------


@dataclass(frozen=True)
class AlembicLayout:
    """Where Alembic keeps its revisions (from alembic.ini / [tool.alembic])."""

    script_locations: tuple[str, ...]

    def versions_dirs(self) -> tuple[str, ...]:
        return tuple(f"{loc}/versions" if loc else "versions" for loc in self.script_locations)


def alembic_layout(repo: Repository) -> AlembicLayout:
    locations: list[str] = []
    for ini in [
        p for p in repo.files if PurePosixPath(p).name == "alembic.ini" and p.count("/") <= 2
    ]:
        text = repo.read_text(ini)
        if text is None:
            continue
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read_string(text)
        except configparser.Error:
            continue
        loc = parser.get("alembic", "script_location", fallback=None)
        if loc:
            base = PurePosixPath(ini).parent
            loc = loc.replace("%(here)s", ".").strip().strip("/")
            locations.append(_norm(base / loc))
    if "pyproject.toml" in repo._fileset:
        text = repo.read_text("pyproject.toml")
        try:
            data = tomllib.loads(text or "")
        except (tomllib.TOMLDecodeError, RecursionError):
            data = {}
        tool = data.get("tool")
        section = tool.get("alembic") if isinstance(tool, dict) else None
        loc = section.get("script_location") if isinstance(section, dict) else None
        if isinstance(loc, str):
            locations.append(_norm(PurePosixPath(loc.replace("%(here)s", "."))))
    for default in ("alembic", "migrations"):
        if default not in locations:
            locations.append(default)
    return AlembicLayout(tuple(locations))


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


def classify(path: str, layout: AlembicLayout) -> str:
    """The F1 class of a Python file: app, test, migration, alembic-env or tooling."""
    p = PurePosixPath(path)
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
    if (
        "tests" in dirs
        or "test" in dirs
        or name.startswith("test_")
        or name.endswith("_test.py")
        or name == "conftest.py"
    ):
        return "test"
    if name in TOOLING_NAMES or any(d in TOOLING_DIRS for d in dirs):
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
