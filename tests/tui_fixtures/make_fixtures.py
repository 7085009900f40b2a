"""Regenerate the TUI test fixtures: frozen reports, so screenshots do not move with the catalogue.

    .venv/bin/python tests/tui_fixtures/make_fixtures.py

Writes ``<name>.report.json`` (the report of a sample project with its root, git state and tool
version normalised), ``<name>.structure.json`` (the structure view's data) and a copy of the
source files the snapshot tests open.  Run it deliberately, then re-read every SVG
(``pytest tests/test_tui_snapshots.py --snapshot-update``).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from auditor.engine import Options, audit  # noqa: E402 - after the sys.path insert
from auditor.report import GitState, Target, Tool  # noqa: E402
from auditor.tui.app import structure_of  # noqa: E402

#: Files the snapshot and Pilot tests show in a finding's detail.
SOURCES = {"drifting_service": ["app/orders/router.py"]}


def freeze(name: str, path: Path, git: GitState | None) -> None:
    result = audit(path, Options(use_cache=False))
    report = result.report.model_copy(
        update={
            "target": Target(root=f"sample_projects/{name}", git=git),
            "tool": Tool(name="fastapi-auditor", version="0.0.0"),
        }
    )
    (HERE / f"{name}.report.json").write_text(report.to_json(), encoding="utf-8")
    (HERE / f"{name}.structure.json").write_text(
        json.dumps(asdict(structure_of(result.project)), indent=2) + "\n"
    )
    for rel in SOURCES.get(name, []):
        dest = HERE / name / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path / rel, dest)


def main() -> None:
    samples = ROOT / "sample_projects"
    git = GitState(head="3f2a9c1d5e7b4a60b8c2d9e1f0a3b5c7d9e1f2a4", branch="main", dirty=False)
    freeze("drifting_service", samples / "drifting_service", git)
    freeze("clean_service", samples / "clean_service", git)
    with tempfile.TemporaryDirectory() as tmp:  # a project with files that do not parse
        broken = Path(tmp) / "broken_service"
        shutil.copytree(samples / "clean_service", broken)
        (broken / "app" / "legacy.py").write_text("def handler(:\n    return 1\n")
        (broken / "app" / "py2_print.py").write_text('print "hello"\n')
        freeze("broken_service", broken, None)


if __name__ == "__main__":
    main()
