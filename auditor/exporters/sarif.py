"""SARIF 2.1.0 output for code-scanning dashboards (``--format sarif``): a pure function of the report.

* One rule per check (the catalogue's checks, plus a meta check that reported something)
  with its explanation as help text (Markdown and plain) and its severity as the default
  level (error -> error, warning -> warning, info -> note).
* One result per finding, located by a path relative to the repository (``%SRCROOT%``)
  (percent-encoded) and a region; a project-level finding is anchored on the most relevant file
  (``anchor_for``) at line 1, with ``properties.projectLevel``.
* Fixes where the finding has a diff (replacements built from its hunks).
* ``partialFingerprints`` from ``auditor.fingerprint`` (stable across moved lines), and
  with ``--diff`` a ``baselineState`` (new / unchanged) per result.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import quote

from auditor.check import Check
from auditor.lazyre import lazy_compile
from auditor.report import Finding, Report

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SRCROOT = "%SRCROOT%"

#: Where a project-level finding of a category is anchored, first existing file wins.
CATEGORY_ANCHORS: dict[str, tuple[str, ...]] = {
    "production": (
        "Dockerfile",
        "docker-compose.yml",
        "compose.yaml",
        "docker-compose.yaml",
        "pyproject.toml",
    ),
    "tooling": ("pyproject.toml", "ruff.toml", ".pre-commit-config.yaml", "setup.cfg"),
    "migrations": ("alembic.ini", "pyproject.toml"),
    "testing": ("pyproject.toml", "pytest.ini", "tests/conftest.py", "conftest.py"),
    "structure": (".gitignore", "pyproject.toml"),
}
FALLBACK_ANCHORS = ("pyproject.toml", "requirements.txt", "setup.py", "README.md")


def anchor_for(category: str, files: Sequence[str], app_module: str | None) -> str | None:
    """The most relevant file for a project-level finding of ``category``."""
    present = set(files)
    for name in CATEGORY_ANCHORS.get(category, ()):
        if name in present:
            return name
    if app_module:
        return app_module
    for name in FALLBACK_ANCHORS:
        if name in present:
            return name
    return files[0] if files else None


def app_module_of(project: Any) -> str | None:
    """The module that creates the (first) FastAPI app, for anchoring."""
    try:
        for m in project.app_modules:
            if "FastAPI(" in (project.read_text(m.path) or ""):
                return m.path
    except Exception:
        return None
    return None


def _rule(check: type[Check], severity: str) -> dict[str, Any]:
    text = check.explanation().strip()
    plain = re.sub(r"^#+\s*", "", text, flags=re.MULTILINE)
    rule: dict[str, Any] = {
        "id": check.id,
        "name": _pascal(check.name),
        "shortDescription": {"text": check.message or check.name.replace("-", " ")},
        "fullDescription": {"text": check.summary() or check.name},
        "help": {"text": plain, "markdown": text},
        "defaultConfiguration": {"level": LEVEL[severity], "enabled": bool(check.default_enabled)},
        "properties": {
            "category": check.category,
            "tags": [check.category, "fastapi"] + (["heuristic"] if check.heuristic else []),
            "precision": "medium" if check.heuristic else "high",
        },
    }
    return rule


def _pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


def _region(f: Finding) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": f.line or 1}
    if f.line and f.column:
        region["startColumn"] = f.column
    if f.line and f.end_line and f.end_line >= f.line:
        region["endLine"] = f.end_line
        if f.end_column and f.column and (f.end_line > f.line or f.end_column > f.column):
            region["endColumn"] = f.end_column
    return region


_HUNK = lazy_compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def diff_replacements(diff: str) -> list[dict[str, Any]]:
    """SARIF replacements (whole lines) from a unified diff of one file."""
    out: list[dict[str, Any]] = []
    old_line = 0
    deleted: list[str] = []
    added: list[str] = []
    start = 0

    def flush() -> None:
        nonlocal deleted, added
        if not deleted and not added:
            return
        if deleted:
            region = {
                "startLine": start,
                "startColumn": 1,
                "endLine": start + len(deleted),
                "endColumn": 1,
            }
        else:
            region = {"startLine": start, "startColumn": 1, "endLine": start, "endColumn": 1}
        rep: dict[str, Any] = {"deletedRegion": region}
        if added:
            rep["insertedContent"] = {"text": "".join(a + "\n" for a in added)}
        out.append(rep)
        deleted, added = [], []

    for line in diff.splitlines():
        m = _HUNK.match(line)
        if m:
            flush()
            old_line = int(m.group(1))
            if m.group(2) == "0":
                old_line += 1  # an insertion goes before the next line
            continue
        if line.startswith(("---", "+++")) and not deleted and not added and old_line == 0:
            continue
        if line.startswith("-"):
            if not deleted and not added:
                start = old_line
            deleted.append(line[1:])
            old_line += 1
        elif line.startswith("+"):
            if not deleted and not added:
                start = old_line
            added.append(line[1:])
        elif line.startswith("\\"):
            continue
        else:
            flush()
            old_line += 1
    flush()
    return out


def render_sarif(
    report: Report,
    checks: Sequence[type[Check]],
    anchor: Callable[[Finding], str | None] | None = None,
    uri_prefix: str = "",
) -> str:
    """The report as a SARIF 2.1.0 log (JSON text).

    ``checks``: the check classes (rules); ``anchor``: the file for a project-level finding;
    ``uri_prefix``: the audited folder's path inside the repository ("" at its root).
    """
    effective = {c.id: c.severity for c in report.checks}
    by_id = {c.id: c for c in checks}
    rule_ids = sorted(by_id)
    index = {cid: i for i, cid in enumerate(rule_ids)}
    rules = [_rule(by_id[cid], effective.get(cid, by_id[cid].severity.value)) for cid in rule_ids]

    def uri(path: str) -> str:
        # a relative URI reference: every character of the file name that is not unreserved
        # (space, ``%``, ``#``, ``?``, a newline ...) percent-encoded, so no consumer misreads it
        return quote(f"{uri_prefix}{path}", safe="/")

    results: list[dict[str, Any]] = []
    for f in report.findings:
        if f.check_id not in index:
            continue
        path = f.path
        project_level = path is None
        if project_level and anchor is not None:
            path = anchor(f)
        result: dict[str, Any] = {
            "ruleId": f.check_id,
            "ruleIndex": index[f.check_id],
            "level": LEVEL[f.severity],
            "message": {"text": f.message + (f" Fix: {f.fix.title}." if f.fix else "")},
        }
        if path:
            loc: dict[str, Any] = {"artifactLocation": {"uri": uri(path), "uriBaseId": SRCROOT}}
            loc["region"] = _region(f) if not project_level else {"startLine": 1}
            result["locations"] = [{"physicalLocation": loc}]
        if f.fingerprint:
            result["partialFingerprints"] = {
                "auditorFingerprint/v1": f"{f.path or ''}:{f.fingerprint}"
            }
        if f.status:
            result["baselineState"] = f.status
        if f.fix and f.fix.diff and f.path:
            reps = diff_replacements(f.fix.diff)
            if reps:
                result["fixes"] = [
                    {
                        "description": {"text": f.fix.title},
                        "artifactChanges": [
                            {
                                "artifactLocation": {"uri": uri(f.path), "uriBaseId": SRCROOT},
                                "replacements": reps,
                            }
                        ],
                    }
                ]
        props: dict[str, Any] = {"category": f.category}
        if project_level:
            props["projectLevel"] = True
        result["properties"] = props
        results.append(result)

    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "fastapi-auditor",
                "version": report.tool.version,
                "semanticVersion": report.tool.version,
                "rules": rules,
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
        "invocations": [{"executionSuccessful": True}],
        "properties": {
            "score": report.summary.score,
            "grade": report.summary.grade,
        },
    }
    if report.errors:
        run["invocations"][0]["toolExecutionNotifications"] = [
            {
                "level": "warning",
                "message": {"text": e.message},
                **(
                    {
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {"uri": uri(e.path), "uriBaseId": SRCROOT}
                                }
                            }
                        ]
                    }
                    if e.path
                    else {}
                ),
            }
            for e in report.errors
        ]
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
