from __future__ import annotations

from pathlib import Path, PurePosixPath

from auditor.check import Check, Example, Hit, Severity
from auditor.project import Project

_LISTED = 5

#: group id -> (what it is, gitignore patterns, what to untrack)
GROUPS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "venv": ("a virtualenv", (".venv/",), "the virtualenv folder"),
    "bytecode": ("Python bytecode", ("__pycache__/", "*.py[cod]"), "the bytecode"),
    "egg-info": ("packaging metadata", ("*.egg-info/",), "the `*.egg-info` folders"),
    "caches": (
        "tool caches",
        (".pytest_cache/", ".mypy_cache/", ".ruff_cache/"),
        "the cache folders",
    ),
    "coverage": ("coverage output", (".coverage", "htmlcov/"), "the coverage files"),
    "tox": ("tox environments", (".tox/",), "the `.tox` folder"),
}
_CACHE_DIRS = frozenset({".pytest_cache", ".mypy_cache", ".ruff_cache"})


def _venv_dirs(root: Path, tracked: frozenset[str]) -> set[str]:
    """Folders holding a ``pyvenv.cfg`` (tracked, or on disk at the top of a tracked path)."""
    out = {str(PurePosixPath(p).parent) for p in tracked if PurePosixPath(p).name == "pyvenv.cfg"}
    tops = {p.split("/", 1)[0] for p in tracked if "/" in p}
    for top in tops:
        try:
            if (root / top / "pyvenv.cfg").is_file():
                out.add(top)
        except OSError:
            continue
    return {d for d in out if d not in ("", ".")}


def group_of(path: str) -> str | None:
    parts = PurePosixPath(path).parts
    name = parts[-1] if parts else ""
    folders = parts[:-1]
    if "__pycache__" in folders or name.endswith((".pyc", ".pyo")):
        return "bytecode"
    if any(f.endswith(".egg-info") for f in folders):
        return "egg-info"
    if any(f in _CACHE_DIRS for f in folders):
        return "caches"
    if name == ".coverage" or "htmlcov" in folders:
        return "coverage"
    if ".tox" in folders:
        return "tox"
    return None


def _under(path: str, folder: str) -> bool:
    return path.startswith(folder + "/")


def _work_tree_top(root: Path) -> Path | None:
    """The top folder of the git work tree holding ``root`` (where ``.git`` is)."""
    for d in (root, *root.parents):
        if (d / ".git").exists():
            return d
    return None


def _gitignore_above(root: Path) -> bool:
    """A ``.gitignore`` in a folder between ``root`` (excluded) and the work-tree top."""
    top = _work_tree_top(root)
    if top is None or top == root:
        return False
    for d in root.parents:
        if (d / ".gitignore").is_file():
            return True
        if d == top:
            break
    return False


class TrackedBuildArtifacts(Check):
    """
    ## What it does
    Asks git which files it tracks, and reports build and tool artefacts among them:
    bytecode (`__pycache__/`, `*.pyc`, `*.pyo`), packaging metadata (`*.egg-info/`), tool
    caches (`.pytest_cache/`, `.mypy_cache/`, `.ruff_cache/`), coverage output
    (`.coverage`, `htmlcov/`), tox environments (`.tox/`) and virtualenvs (any folder holding
    a `pyvenv.cfg`, such as `.venv/`).  There is one finding per group, listing up to five
    paths.  A repository without a `.gitignore` at its root is reported too.

    ## Why is this bad?
    These files are produced by running the code and its tools; they belong to one
    machine.  Committed, they bloat every clone, make diffs and merges noisy, and can ship
    stale `.pyc` files and a foreign virtualenv into container images.  A `.gitignore` at
    the root, like the one in the project tree of [zhanymkanov README], is what keeps
    them out in the first place.

    ## Example
    ```text
    $ git ls-files
    .gitignore
    app/__pycache__/main.cpython-312.pyc
    app/main.py
    ```

    ## Use instead
    ```text
    $ git rm -r --cached app/__pycache__
    $ cat .gitignore
    __pycache__/
    *.py[cod]
    .venv/
    .pytest_cache/
    .mypy_cache/
    .ruff_cache/
    ```

    ## Fix safety
    No automatic fix: the auditor never touches the git index.  The message gives the
    files to untrack; `git rm --cached` keeps them on disk.

    ## Known problems
    Only git-tracked files are considered, so the check is skipped outside a git work
    tree.  Vendored wheels (`*.whl`) are not artefacts and are not matched.  A missing
    `.gitignore` is not reported when a `.gitignore` in a parent folder of the audited
    folder (inside the same work tree) applies to it, nor in an empty repository.

    ## References
    - [zhanymkanov README] (project tree with a root `.gitignore`)
    - git documentation, `gitignore` and `git rm --cached`
    - GitHub's `Python.gitignore` template
    """

    id = "STR004"
    name = "tracked-build-artifacts"
    category = "structure"
    severity = Severity.WARNING
    kind = "git"
    message = "build artefacts are tracked by git"
    fix_title = (
        "Untrack the artefacts (`git rm -r --cached <path>`) and ignore them in `.gitignore`"
    )
    fix_safe = False
    sources = ("zhanymkanov README",)

    def applies(self, project: Project) -> str | None:
        if project.repo.git is None or project.repo.tracked is None:
            return "not a git work tree"
        return None

    def check_project(self, project: Project) -> list[Hit]:
        repo = project.repo
        tracked = repo.tracked or frozenset()
        out: list[Hit] = []
        found: dict[str, list[str]] = {}
        venvs = sorted(_venv_dirs(repo.root, tracked))
        for v in venvs:
            if any(_under(p, v) for p in tracked):
                found.setdefault("venv", []).append(v + "/")
        for path in sorted(tracked):
            if any(_under(path, v) for v in venvs):
                continue
            g = group_of(path)
            if g is not None:
                found.setdefault(g, []).append(path)
        for g, paths in found.items():
            what, patterns, untrack = GROUPS[g]
            shown = ", ".join(f"`{p}`" for p in paths[:_LISTED])
            more = f" and {len(paths) - _LISTED} more" if len(paths) > _LISTED else ""
            if g == "venv":
                count = f"{len(paths)} folder" + ("s" if len(paths) > 1 else "")
            else:
                count = f"{len(paths)} file" + ("s" if len(paths) > 1 else "")
            if g == "venv":
                patterns = tuple(p if p.endswith("/") else p + "/" for p in paths)
            ignore = ", ".join(f"`{x}`" for x in patterns)
            first = paths[0].rstrip("/")
            anchor: str | None = first
            if g == "venv":
                anchor = f"{first}/pyvenv.cfg" if f"{first}/pyvenv.cfg" in tracked else None
            hit = self.project_hit(
                f"{what} tracked by git ({count}): {shown}{more}; untrack with `git rm -r --cached` "
                f"and add {ignore} to `.gitignore`",
                path=anchor,
            )
            hit.fix_title = f"Untrack {untrack} (`git rm -r --cached {first}`) and ignore {ignore}"
            out.append(hit)
        if (
            repo.files
            and not repo.exists(".gitignore")
            and not (repo.root / ".gitignore").is_file()
            and not _gitignore_above(repo.root)
        ):
            hit = self.project_hit(
                "no `.gitignore` at the repository root: bytecode, virtualenvs, caches and `.env` "
                "files are one `git add .` away from being committed"
            )
            hit.fix_title = (
                "Add a `.gitignore` (`__pycache__/`, `*.py[cod]`, `.venv/`, `.env`, tool caches)"
            )
            out.append(hit)
        return out

    bad = (
        Example(
            files={
                ".gitignore": ".env\n",
                "app/main.py": "",
                "app/__pycache__/main.cpython-312.pyc": "",
            },
            git_tracked=(".gitignore", "app/main.py", "app/__pycache__/main.cpython-312.pyc"),
            note="tracked bytecode",
        ),
        Example(
            files={
                ".gitignore": "*.log\n",
                "app/main.py": "",
                "legacy.pyc": "",
                "app/util.pyo": "",
                "src/svc.egg-info/PKG-INFO": "",
                ".pytest_cache/v/cache/nodeids": "[]",
                "app/.mypy_cache/3.12/x.json": "{}",
                ".coverage": "",
                "htmlcov/index.html": "",
                ".tox/py312/log.txt": "",
                ".venv/pyvenv.cfg": "home = /usr/bin\n",
                ".venv/lib/python3.12/site-packages/x/__pycache__/y.cpython-312.pyc": "",
            },
            git_tracked=(
                ".gitignore",
                "app/main.py",
                "legacy.pyc",
                "app/util.pyo",
                "src/svc.egg-info/PKG-INFO",
                ".pytest_cache/v/cache/nodeids",
                "app/.mypy_cache/3.12/x.json",
                ".coverage",
                "htmlcov/index.html",
                ".tox/py312/log.txt",
                ".venv/pyvenv.cfg",
                ".venv/lib/python3.12/site-packages/x/__pycache__/y.cpython-312.pyc",
            ),
            note="one finding per group; the virtualenv's own bytecode is reported with the virtualenv",
        ),
        Example(
            files={"app/main.py": "", "README.md": "# svc\n"},
            git_tracked=("app/main.py", "README.md"),
            note="no .gitignore at the root",
        ),
    )
    good = (
        Example(
            files={
                ".gitignore": "__pycache__/\n*.py[cod]\n.venv/\n.env\n",
                "app/main.py": "",
                "app/__pycache__/main.cpython-312.pyc": "",
            },
            git_tracked=(".gitignore", "app/main.py"),
            note="the artefacts exist but are ignored, not tracked",
        ),
        Example(
            files={
                ".gitignore": "__pycache__/\n",
                "app/main.py": "",
                "wheels/dep-1.0-py3-none-any.whl": "",
                "app/pycache_utils.py": "",
                "docs/coverage.md": "",
                "app/cache/pytest_cache.py": "",
                "tox.ini": "[tox]\n",
                ".coveragerc": "[run]\n",
                "app/egg_info.py": "",
                "env/settings.py": "",
            },
            git_tracked=(
                ".gitignore",
                "app/main.py",
                "wheels/dep-1.0-py3-none-any.whl",
                "app/pycache_utils.py",
                "docs/coverage.md",
                "app/cache/pytest_cache.py",
                "tox.ini",
                ".coveragerc",
                "app/egg_info.py",
                "env/settings.py",
            ),
            note="vendored wheels and look-alike names",
        ),
        Example(
            files={"app/main.py": "", "app/__pycache__/main.cpython-312.pyc": ""},
            note="not a git work tree: skipped",
        ),
    )
