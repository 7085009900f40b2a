"""Test support: run a check on an example written into a temporary project.

Used by the generated example tests and by anyone writing a check::

    findings = run_example(MyCheck, MyCheck.bad[0], tmp_path)
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

from auditor.check import Check, Example


def write_example(example: Example, root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in example.files.items():
        target = root / rel
        if rel.endswith("/"):
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    if example.git_tracked is not None:
        git_init(root, example.git_tracked)
    return root


GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_SYSTEM": os.devnull,
}


def git(root: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(
        ["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True
    ).stdout


def git_init(root: Path, tracked: tuple[str, ...] | list[str]) -> None:
    git(root, "init", "-q", "-b", "main")
    if tracked:
        git(root, "add", "-f", "--", *tracked)
        git(root, "commit", "-q", "-m", "fixture")


def run_example(check: type[Check], example: Example, root: Path, **options: Any):
    """Findings of ``check`` (enabled whatever its default) on ``example``."""
    from auditor.engine import Options, audit

    write_example(example, root)
    opts = Options(select=[check.id], settings=dict(example.config), use_cache=False, **options)
    result = audit(root, opts)
    status = {c.id: c for c in result.report.checks}[check.id]
    if status.status == "errored":
        raise AssertionError(f"{check.id} errored: {status.reason}")
    return [f for f in result.report.findings if f.check_id == check.id], result


def noted_example(check_id: str, note_start: str, kind: str = "bad") -> tuple[type[Check], Example]:
    """The check ``check_id`` and its ``kind`` ("bad" or "good") example whose note starts
    with ``note_start``."""
    from checks import by_id

    check = by_id()[check_id]
    examples = check.bad if kind == "bad" else check.good
    return check, next(e for e in examples if e.note.startswith(note_start))


def run_noted_example(
    check_id: str, note_start: str, tmp_path: Path, kind: str = "bad"
) -> list[Any]:
    """The findings of the ``kind`` example of ``check_id`` whose note starts with
    ``note_start`` (tests that pin a severity, a confidence or a wording the examples do not)."""
    check, example = noted_example(check_id, note_start, kind)
    findings, _ = run_example(check, example, tmp_path)
    return findings


def run_bad_example(check_id: str, note_start: str, tmp_path: Path) -> list[Any]:
    """:func:`run_noted_example` of a bad example."""
    return run_noted_example(check_id, note_start, tmp_path)
