from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from auditor.check import Check, Example, Hit, Severity
from auditor.lazyre import lazy_compile
from auditor.project import Project

#: Tools ruff replaces, and what replaces them.
REPLACED = {
    "black": "`ruff format`",
    "isort": "ruff's `I` rules",
    "flake8": "`ruff check`",
    "autoflake": "`ruff check --fix` with `F401`/`F841`",
}
_WORD = lazy_compile(r"\bruff\b")
_PYPROJECT_RUN = lazy_compile(
    r"\bruff\s+(check|format)\b|[\"']ruff[\"']\s*,\s*[\"'](check|format)[\"']"
)
_RUNNER_NAMES = frozenset(
    {
        "Makefile",
        "makefile",
        "GNUmakefile",
        "justfile",
        "Justfile",
        ".justfile",
        "Taskfile.yml",
        "Taskfile.yaml",
        "noxfile.py",
        "tox.ini",
        ".gitlab-ci.yml",
        "azure-pipelines.yml",
        "bitbucket-pipelines.yml",
        "Jenkinsfile",
        "lefthook.yml",
        ".lefthook.yml",
        ".pre-commit-config.yaml",
        ".pre-commit-config.yml",
        "package.json",
    }
)


def toml_header_line(text: str, table: str) -> int | None:
    """Line of ``[table]`` (or of its first sub-table) in a TOML text."""
    pat = re.compile(r"^\s*\[\s*" + re.escape(table) + r"(\s*\]|\.)")
    for i, line in enumerate(text.splitlines(), 1):
        if pat.match(line):
            return i
    return None


def ini_section_line(text: str, section: str) -> int | None:
    for i, line in enumerate(text.splitlines(), 1):
        if line.strip() == f"[{section}]":
            return i
    return None


def ruff_hooked(project: Project) -> bool:
    """ruff runs as a pre-commit hook."""
    ids = project.configs.precommit_hook_ids()
    if ids & {"ruff", "ruff-check", "ruff-format"}:
        return True
    for path in (".pre-commit-config.yaml", ".pre-commit-config.yml"):
        text = project.configs.text(path)
        if text and "ruff" in text:
            return True
    return False


class RuffLintFormat(Check):
    """
    ## What it does
    Checks that the project lints and formats with ruff, and that ruff actually runs.  It
    reports:
    - (a) no ruff configuration (`[tool.ruff]`, `ruff.toml`, `.ruff.toml`) while ruff is
      neither a declared dependency nor a `.pre-commit-config.yaml` hook;
    - (b) the configuration of a tool ruff replaces — `[tool.black]`, `[tool.isort]`,
      `[tool.flake8]`, `.isort.cfg`, `.flake8`, `[flake8]` / `[isort]` in `setup.cfg` or
      `tox.ini`, and `autoflake`, `black`, `isort` or `flake8` pre-commit hooks — as
      consolidation advice, once per tool;
    - (c) ruff configured but never invoked: no `ruff` in the pre-commit config, CI
      workflows (`.github/workflows/*`, `.gitlab-ci.yml` ...), a `Makefile`/`justfile`,
      shell scripts, `noxfile.py`, `tox.ini` or a `pyproject.toml` task.  Not reported for
      a published distribution (an unpacked wheel or sdist): it leaves those files in the
      repository.

    ## Why is this bad?
    One fast linter and formatter, run automatically, keeps reviews about logic instead of
    style and catches real bugs (unused imports, undefined names, blocking calls in
    coroutines) before they ship.  [zhanymkanov README] and
    [ForgeAPI guide] recommend ruff, which "replaces black, autoflake, and
    isort", run from a script (`ruff check --fix src`, `ruff format src`), and note that
    pre-commit hooks are a popular way to run it.  Keeping black, isort and flake8 beside
    ruff means several configurations that can disagree; a ruff configuration nobody runs
    gives a false sense of safety.

    ## Example
    ```toml
    [tool.black]
    line-length = 100

    [tool.isort]
    profile = "black"
    ```

    ## Use instead
    ```toml
    [dependency-groups]
    dev = ["ruff"]

    [tool.ruff]
    line-length = 100

    [tool.ruff.lint]
    extend-select = ["I", "ASYNC", "FAST"]
    ```
    and a pre-commit hook (`astral-sh/ruff-pre-commit`: `ruff` and `ruff-format`) or a
    `scripts/lint.sh` that CI runs.

    ## Fix safety
    No automatic fix: migrating formatter and linter settings is a team decision.

    ## Known problems
    (a) needs a project file to anchor on (`pyproject.toml`, `setup.cfg`, `tox.ini`,
    `Pipfile` or a root `requirements*.txt`): a bare folder of modules is not reported.
    Ruff run from somewhere the auditor does not read (an editor, a CI system configured
    outside the repository) is not seen for (c).  A ruff configuration inherited from a
    parent folder of a monorepo is not seen for (a).

    ## References
    - [zhanymkanov README] ("Use ruff"; pre-commit hooks), [ForgeAPI guide]
      ("Use Ruff for Linting": `ruff check --fix src`, `ruff format src`)
    - ruff docs, "Configuring Ruff" and "Integrations" (pre-commit)
    """

    id = "TOL001"
    name = "ruff-lint-format"
    category = "tooling"
    severity = Severity.INFO
    kind = "structural"
    message = "ruff is not set up"
    fix_title = "Configure ruff in `pyproject.toml` and run `ruff check --fix` and `ruff format` from pre-commit or CI"
    sources = ("zhanymkanov README", "ForgeAPI guide")

    def check_project(self, project: Project) -> Iterator[Hit]:
        configs = project.configs
        ruff = configs.ruff
        pyproject_text = configs.text("pyproject.toml")
        anchor = self._project_file(project)
        if (
            anchor is not None
            and ruff is None
            and not project.inventory.has("ruff")
            and not ruff_hooked(project)
        ):
            yield self.project_hit(
                "no ruff configuration, dependency or pre-commit hook: nothing lints or formats the code",
                path=anchor,
            )
        yield from self._replaced(project, pyproject_text)
        if (
            ruff is not None
            and not self._runners_unseen(project)
            and not self._invoked(project, pyproject_text)
        ):
            path, _settings = ruff
            line = (
                toml_header_line(pyproject_text or "", "tool.ruff")
                if path == "pyproject.toml"
                else None
            )
            hit = self.project_hit(
                f"ruff is configured in `{path}` but nothing runs it (no pre-commit hook, CI step, Makefile "
                "or script)",
                path=path,
                line=line,
            )
            hit.fix_title = "Run `ruff check` and `ruff format --check` from pre-commit or CI"
            yield hit

    @staticmethod
    def _runners_unseen(project: Project) -> bool:
        """The tree is a published distribution (an unpacked wheel or sdist): it leaves out
        the repository's CI workflows, pre-commit configuration and Makefile, so that
        nothing in it runs ruff says nothing of the project."""
        return project.installed_distribution is not None

    def _project_file(self, project: Project) -> str | None:
        """Where the project keeps its metadata (the place ruff would be configured)."""
        files = project.repo.files
        for name in ("pyproject.toml", "setup.cfg", "tox.ini", "Pipfile"):
            if name in files:
                return name
        return next(
            (
                p
                for p in files
                if "/" not in p and p.startswith("requirements") and p.endswith(".txt")
            ),
            None,
        )

    def _replaced(self, project: Project, pyproject_text: str | None) -> Iterator[Hit]:
        configs = project.configs
        found: dict[str, tuple[str, int | None, str]] = {}
        for tool in ("black", "isort", "flake8", "autoflake"):
            if configs.tool(tool) is not None and pyproject_text is not None:
                found[tool] = (
                    "pyproject.toml",
                    toml_header_line(pyproject_text, f"tool.{tool}"),
                    f"`[tool.{tool}]`",
                )
        for path, tool in ((".isort.cfg", "isort"), (".flake8", "flake8")):
            if tool not in found and configs.text(path) is not None:
                found[tool] = (path, None, f"`{path}`")
        for path in ("setup.cfg", "tox.ini"):
            text = configs.text(path)
            if text is None:
                continue
            for section, tool in (
                ("flake8", "flake8"),
                ("isort", "isort"),
                ("tool:isort", "isort"),
            ):
                line = ini_section_line(text, section)
                if line is not None and tool not in found:
                    found[tool] = (path, line, f"`[{section}]` in `{path}`")
        hooks = self._hook_lines(project)
        for tool in ("autoflake", "black", "isort", "flake8"):
            if tool not in found and tool in hooks:
                path, line = hooks[tool]
                found[tool] = (path, line, f"the `{tool}` pre-commit hook")
        for tool, (path, line, what) in sorted(
            found.items(), key=lambda kv: (kv[1][0], kv[1][1] or 0)
        ):
            hit = self.project_hit(
                f"{what}: ruff replaces {tool} ({REPLACED[tool]}); keep one tool and one configuration",
                path=path,
                line=line,
            )
            hit.fix_title = f"Drop {tool} for {REPLACED[tool]} (move its settings to `[tool.ruff]`)"
            yield hit

    def _hook_lines(self, project: Project) -> dict[str, tuple[str, int]]:
        ids = project.configs.precommit_hook_ids()
        wanted = {t for t in ("autoflake", "black", "isort", "flake8") if t in ids}
        if not wanted:
            return {}
        text = project.configs.text(".pre-commit-config.yaml") or ""
        out: dict[str, tuple[str, int]] = {}
        for i, line in enumerate(text.splitlines(), 1):
            m = re.match(r"^\s*-?\s*id\s*:\s*['\"]?([\w-]+)", line)
            if m and m.group(1) in wanted and m.group(1) not in out:
                out[m.group(1)] = (".pre-commit-config.yaml", i)
        return out

    def _invoked(self, project: Project, pyproject_text: str | None) -> bool:
        if ruff_hooked(project):
            return True
        for _path, text in project.configs.workflows:
            if _WORD.search(text):
                return True
        if pyproject_text and _PYPROJECT_RUN.search(pyproject_text):
            return True
        for path in project.repo.files:
            p = PurePosixPath(path)
            if (
                p.name in _RUNNER_NAMES
                or p.suffix == ".sh"
                or path.startswith((".github/workflows/", ".circleci/", ".husky/"))
            ):
                script = project.repo.read_text(path)
                if script and _WORD.search(script):
                    return True
        return False

    bad = (
        Example(
            files={
                "pyproject.toml": '[project]\nname = "svc"\n\n[tool.black]\nline-length = 100\n\n[tool.isort]\nprofile = "black"\n',
                "app/main.py": "",
            },
            note="no ruff at all, black and isort configured",
        ),
        Example(
            files={
                "ruff.toml": "line-length = 100\n",
                "setup.cfg": "[metadata]\nname = svc\n\n[flake8]\nmax-line-length = 100\n",
                ".pre-commit-config.yaml": "repos:\n  - repo: https://github.com/PyCQA/autoflake\n    rev: v2.3.1\n    hooks:\n      - id: autoflake\n",
                "docs/tooling.md": "we use ruff\n",
                "app/main.py": "",
            },
            note="ruff configured but never run (docs do not count); flake8 in setup.cfg; an autoflake hook",
        ),
    )
    good = (
        Example(
            files={
                "pyproject.toml": """\
[project]
name = "svc"

[dependency-groups]
dev = ["ruff"]

[tool.ruff]
line-length = 100

[tool.ruff.lint]
extend-select = ["I", "ASYNC", "FAST"]
""",
                ".pre-commit-config.yaml": """\
repos:
  - repo: https://github.com/astral-sh/ruff-pre-commit
    rev: v0.8.0
    hooks:
      - id: ruff
        args: [--fix]
      - id: ruff-format
""",
                "app/main.py": "",
            }
        ),
        Example(
            files={
                "pyproject.toml": '[project]\nname = "svc"\n\n[tool.ruff]\nline-length = 100\n\n[tool.poe.tasks]\nlint = "ruff check ."\n',
                "app/main.py": "",
            },
            note="invoked from a pyproject task runner",
        ),
        Example(
            files={
                ".ruff.toml": "[lint]\nselect = ['ALL']\n",
                ".github/workflows/ci.yml": "jobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: astral-sh/ruff-action@v3\n",
                "setup.cfg": "[metadata]\nname = svc\n\n[tool:pytest]\naddopts = -q\n",
                "app/main.py": "",
            },
            note="run from CI; other setup.cfg sections are not tools ruff replaces",
        ),
        Example(
            files={
                "requirements-dev.txt": "ruff==0.8.0\npytest==8.3.0\n",
                "scripts/lint.sh": "#!/bin/sh\nruff check --fix src\nruff format src\n",
                "app/main.py": "",
            },
            note="no configuration, but ruff is a dev dependency run by a script",
        ),
        Example(
            files={"app/main.py": "x = 1\n"}, note="no project file at all: nothing to anchor on"
        ),
        Example(
            files={
                "svc-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: svc\nVersion: 1.0\n",
                "pyproject.toml": '[project]\nname = "svc"\n\n[tool.ruff]\nline-length = 100\n',
                "svc/__init__.py": "",
            },
            note="an unpacked wheel: the repository's CI and pre-commit configuration that run "
            "ruff are not shipped (seen in openmed)",
        ),
    )
