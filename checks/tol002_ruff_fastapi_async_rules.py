from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from auditor.check import Check, Example, Hit, Severity
from auditor.project import Project

#: Ruff rule prefixes this rule asks for, and what they catch.
PREFIXES = {
    "ASYNC": "flake8-async rules: blocking calls inside `async def`",
    "FAST": "FastAPI rules: redundant `response_model`, non-`Annotated` dependencies, unused path parameters",
}


def _codes(value: Any) -> list[str]:
    return [str(v).strip().upper() for v in value] if isinstance(value, list) else []


def selected(settings: dict[str, Any]) -> list[str]:
    """``select`` + ``extend-select`` of a ruff configuration (top level and ``lint``)."""
    out: list[str] = []
    lint = settings.get("lint")
    for table in (settings, lint if isinstance(lint, dict) else {}):
        out += _codes(table.get("select")) + _codes(table.get("extend-select"))
    return out


def _select_line(text: str, sections: tuple[str, ...]) -> int | None:
    """Line of ``extend-select``/``select`` in the first of ``sections`` holding one, else
    of the first section header found ("" is the top level)."""
    current = ""
    keys: dict[str, dict[str, int]] = {}
    headers: dict[str, int] = {}
    for i, line in enumerate(text.splitlines(), 1):
        m = re.match(r"^\s*\[\s*([^\]\[]+?)\s*\]\s*(#.*)?$", line)
        if m:
            current = m.group(1).replace(" ", "")
            headers.setdefault(current, i)
            continue
        k = re.match(r"^\s*(extend-select|select)\s*=", line)
        if k:
            keys.setdefault(current, {}).setdefault(k.group(1), i)
    for section in sections:
        found = keys.get(section, {})
        if "extend-select" in found or "select" in found:
            return found.get("extend-select") or found.get("select")
    for section in sections:
        if section in headers:
            return headers[section]
    return None


def _header_lines(text: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for i, line in enumerate(text.splitlines(), 1):
        m = re.match(r"^\s*\[\s*([^\]\[]+?)\s*\]\s*(#.*)?$", line)
        if m:
            out.setdefault(m.group(1).replace(" ", ""), i)
    return out


def _section_range(text: str, section: str) -> tuple[int, int] | None:
    """(first, last) body lines of a TOML table ("" is the top level), 1-based."""
    lines = text.splitlines()
    headers = sorted(_header_lines(text).items(), key=lambda kv: kv[1])
    if section == "":
        end = headers[0][1] - 1 if headers else len(lines)
        return 1, end
    start = dict(headers).get(section)
    if start is None:
        return None
    later = [n for _s, n in headers if n > start]
    return start + 1, (later[0] - 1 if later else len(lines))


def add_prefixes(text: str, path: str, prefixes: list[str]) -> str | None:
    """``text`` with ``prefixes`` added to ruff's ``extend-select``, formatting kept: into a
    one-line ``extend-select = [...]`` of the lint table, else as a new key line under the
    lint table (or the ruff table, as ``lint.extend-select``)."""
    pyproject = path == "pyproject.toml"
    lint, top = ("tool.ruff.lint", "tool.ruff") if pyproject else ("lint", "")
    headers = _header_lines(text)
    quoted = ", ".join(f'"{p}"' for p in prefixes)
    lines = text.splitlines(keepends=True)
    target = lint if lint in headers else top
    span = _section_range(text, target)
    if span is None:
        return None
    first, last = span
    for n in range(first, last + 1):
        m = re.match(r"^(\s*extend-select\s*=\s*\[)(.*)(\]\s*(#.*)?)$", lines[n - 1].rstrip("\r\n"))
        if m:
            inner = m.group(2).rstrip()
            sep = "" if not inner.strip() else (" " if inner.endswith(",") else ", ")
            eol = lines[n - 1][len(lines[n - 1].rstrip("\r\n")) :]
            lines[n - 1] = f"{m.group(1)}{inner}{sep}{quoted}{m.group(3)}{eol}"
            return "".join(lines)
    key = "extend-select" if target == lint else "lint.extend-select"
    new_line = f"{key} = [{quoted}]\n"
    insert_at = first - 1  # right after the header (or at the top of the file)
    lines.insert(insert_at, new_line)
    return "".join(lines)


def _settings_of(text: str, path: str) -> dict[str, Any] | None:
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    if path != "pyproject.toml":
        return data
    tool = data.get("tool")
    ruff = tool.get("ruff") if isinstance(tool, dict) else None
    return ruff if isinstance(ruff, dict) else None


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    missing: tuple[str, ...] = ()


class RuffFastapiAsyncRules(Check):
    """
    ## What it does
    When the project configures ruff (`[tool.ruff]`, `ruff.toml` or `.ruff.toml`), checks
    that its `select` + `extend-select` (top level or `lint`) include the `FAST` and
    `ASYNC` rule prefixes, or `ALL`.  Each missing prefix is one finding, on the `select`
    line (or the ruff section).  Selecting part of a family (`ASYNC2`, `FAST002`) counts.
    A configuration that `extend`s another file is not judged.

    ## Why is this bad?
    Ruff ships rules written for exactly this kind of code: `FAST001` (redundant
    `response_model`), `FAST002` (dependencies without `Annotated`) and `FAST003` (a path
    parameter the route does not accept), and the flake8-async `ASYNC` family (blocking
    HTTP, file and subprocess calls, `time.sleep` inside `async def`).  They are not in
    ruff's default selection, so a project that set ruff up never runs them.  The official
    FastAPI guidance says to consider enabling the FastAPI rules; they catch several of this
    auditor's issues while the code is written.  The sources recommend ruff
    ([zhanymkanov README], [ForgeAPI guide]) without naming these rules,
    which came later.

    ## Example
    ```toml
    [tool.ruff.lint]
    select = ["E", "F", "I"]
    ```

    ## Use instead
    ```toml
    [tool.ruff.lint]
    select = ["E", "F", "I"]
    extend-select = ["ASYNC", "FAST"]
    ```

    ## Fix safety
    The fix adds the missing prefixes to a one-line `extend-select = [...]` of the ruff
    `lint` table, or adds an `extend-select` line right under the table header
    (`lint.extend-select` under `[tool.ruff]` or at the top of `ruff.toml`); the rest of the
    file is kept byte for byte, and the result must parse as TOML.  A multi-line
    `extend-select` is left to you.  Enabling rules changes no code, so the fix is safe,
    but new findings may fail a CI run that gates on ruff.

    ## Known problems
    Rules enabled from the command line (`ruff check --select ASYNC`) or in a parent
    configuration are not seen; `ignore` is not subtracted.

    ## References
    - [zhanymkanov README], [ForgeAPI guide] ("Use ruff")
    - ruff docs, "Rules": FastAPI (`FAST`) and flake8-async (`ASYNC`)
    - FastAPI's official agent skill ("Consider enabling the FastAPI rules")
    """

    id = "TOL002"
    name = "ruff-fastapi-async-rules"
    category = "tooling"
    severity = Severity.INFO
    kind = "structural"
    message = "ruff's FastAPI/async rules are not selected"
    fix_title = 'Add them: `[tool.ruff.lint] extend-select = ["ASYNC", "FAST"]`'
    sources = ("zhanymkanov README", "ForgeAPI guide")

    def applies(self, project: Project) -> str | None:
        if project.configs.ruff is None:
            return "ruff is not configured"
        return None

    def check_project(self, project: Project) -> Iterator[Hit]:
        found = project.configs.ruff
        if found is None:
            return
        path, settings = found
        if not isinstance(settings, dict) or "extend" in settings:
            return
        codes = selected(settings)
        if "ALL" in codes:
            return
        text = project.configs.text(path) or ""
        sections = ("tool.ruff.lint", "tool.ruff") if path == "pyproject.toml" else ("lint", "")
        line = _select_line(text, sections)
        missing = [p for p in PREFIXES if not any(c.startswith(p) for c in codes)]
        quoted = ", ".join(f'"{p}"' for p in missing)
        for prefix in missing:
            hit = self.project_hit(
                f"ruff's `{prefix}` rules are not selected in `{path}` ({PREFIXES[prefix]})",
                path=path,
                line=line,
                data=_Data(missing=tuple(missing)),
            )
            hit.fixable = True
            hit.fix_title = f"Add {quoted} to ruff's `extend-select`"
            yield hit

    def fix(self, source: str, hit: Hit, project: Project) -> str | None:
        missing = list(hit.payload(_Data).missing or [])
        path = hit.path or ""
        if not missing or not path:
            return None
        fixed = add_prefixes(source, path, missing)
        if fixed is None:
            return None
        settings = _settings_of(fixed, path)  # the edit must keep the file valid TOML
        if settings is None:
            return None
        codes = selected(settings)
        if not all(any(c.startswith(p) for c in codes) for p in missing):
            return None
        return fixed

    bad = (
        Example(
            files={
                "pyproject.toml": '[project]\nname = "svc"\n\n[tool.ruff.lint]\nselect = ["E", "F", "I"]\n',
                "app/main.py": "",
            },
            lines=(5,),
            fixes=(
                """\
--- a/pyproject.toml
+++ b/pyproject.toml
@@ -3,3 +3,4 @@
 
 [tool.ruff.lint]
+extend-select = ["ASYNC", "FAST"]
 select = ["E", "F", "I"]
""",
                """\
--- a/pyproject.toml
+++ b/pyproject.toml
@@ -3,3 +3,4 @@
 
 [tool.ruff.lint]
+extend-select = ["ASYNC", "FAST"]
 select = ["E", "F", "I"]
""",
            ),
        ),
        Example(
            files={
                "ruff.toml": 'line-length = 100\n\n[lint]\nextend-select = ["FAST", "B"]\nignore = ["E501"]\n',
                "app/main.py": "",
            },
            note="ruff.toml: only ASYNC is missing",
            lines=(4,),
            fixes=(
                """\
--- a/ruff.toml
+++ b/ruff.toml
@@ -2,4 +2,4 @@
 
 [lint]
-extend-select = ["FAST", "B"]
+extend-select = ["FAST", "B", "ASYNC"]
 ignore = ["E501"]
""",
            ),
        ),
        Example(
            files={
                "pyproject.toml": '[project]\nname = "svc"\n\n[tool.ruff]\nline-length = 100\n',
                "app/main.py": "",
            },
            note="the default selection has neither",
            lines=(4,),
            fixes=(
                """\
--- a/pyproject.toml
+++ b/pyproject.toml
@@ -3,3 +3,4 @@
 
 [tool.ruff]
+lint.extend-select = ["ASYNC", "FAST"]
 line-length = 100
""",
                """\
--- a/pyproject.toml
+++ b/pyproject.toml
@@ -3,3 +3,4 @@
 
 [tool.ruff]
+lint.extend-select = ["ASYNC", "FAST"]
 line-length = 100
""",
            ),
        ),
    )
    good = (
        Example(
            files={
                "pyproject.toml": '[project]\nname = "svc"\n\n[tool.ruff.lint]\nselect = ["E", "F", "I"]\nextend-select = ["ASYNC", "FAST"]\n',
                "app/main.py": "",
            }
        ),
        Example(
            files={
                ".ruff.toml": "[lint]\nselect = ['ALL']\n",
                "app/main.py": "",
            },
            note="ALL",
        ),
        Example(
            files={
                "pyproject.toml": '[project]\nname = "svc"\n\n[tool.ruff]\nselect = ["ASYNC1", "ASYNC2"]\n\n[tool.ruff.lint]\nextend-select = ["FAST002"]\n',
                "app/main.py": "",
            },
            note="parts of the families, spread over the deprecated top level and lint",
        ),
        Example(
            files={
                "pyproject.toml": '[project]\nname = "svc"\n\n[tool.black]\nline-length = 100\n',
                "app/main.py": "",
            },
            note="no ruff configuration: TOL001's business",
        ),
        Example(
            files={
                "ruff.toml": 'extend = "../ruff.toml"\n',
                "app/main.py": "",
            },
            note="inherits another configuration: unknown",
        ),
    )
