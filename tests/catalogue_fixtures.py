"""The catalogue's own bad/good fixtures (``tests/fixtures/catalogue.json``), one pair per check.

Each fixture is an :class:`~auditor.check.Example`: files written into an empty project,
optionally a git repository (``git_tracked`` / ``git_untracked``), with the thresholds it
relies on (``config``).  A bad fixture must produce at least one finding of its check, a good
one none.
"""

from __future__ import annotations

import json
from pathlib import Path

from auditor.check import Example

FIXTURES_FILE = Path(__file__).resolve().parent / "fixtures" / "catalogue.json"


def _example(raw: dict) -> Example:
    tracked = raw.get("git_tracked")
    return Example(
        files=dict(raw["files"]),
        config=dict(raw.get("config", {})),
        git_tracked=tuple(tracked) if tracked is not None else None,
        git_untracked=tuple(raw.get("git_untracked", ())),
    )


def catalogue_fixtures() -> dict[str, dict[str, Example]]:
    """check ID -> {"bad": Example, "good": Example}."""
    data = json.loads(FIXTURES_FILE.read_text(encoding="utf-8"))
    return {
        cid: {kind: _example(raw) for kind, raw in kinds.items()} for cid, kinds in data.items()
    }
