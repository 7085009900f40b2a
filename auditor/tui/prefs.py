"""What the app remembers between runs: the theme, the filters, the sort and the grouping.

A small JSON file in the user's config folder (``platformdirs``: ``~/.config/fastapi-auditor/app.json``
on Linux), or under ``$AUDITOR_CONFIG_DIR``.  Only the app's own view settings live here: never
anything about an audited project (the text filter is per session, not remembered: an old
filter silently hiding findings in another project would be a wrong answer).  A file that
cannot be read or written is ignored: preferences are a convenience, never an error.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path


@dataclass(frozen=True)
class Prefs:
    theme: str | None = None
    min_severity: str = "info"
    show_passed: bool = False
    sort: str = "severity"
    sort_reverse: bool = False
    grouping: str = "file"

    def changed(self, **updates: object) -> Prefs:
        return replace(self, **updates)  # type: ignore[arg-type]


def default_path(env: dict[str, str] | None = None) -> Path:
    from auditor.tui.splash import prefs_file  # (read before Textual: the splash's theme)

    return Path(prefs_file(env))


def load(path: Path | None) -> Prefs:
    """The preferences in ``path``; defaults for anything missing, unknown or of the wrong type."""
    if path is None:
        return Prefs()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Prefs()
    if not isinstance(data, dict):
        return Prefs()
    from auditor.tui.model import GROUPINGS, SEVERITY_STEPS, SORT_COLUMNS

    allowed = {
        "min_severity": SEVERITY_STEPS,
        "sort": SORT_COLUMNS,
        "grouping": GROUPINGS,
    }
    defaults = Prefs()
    values: dict[str, object] = {}
    for f in fields(Prefs):
        value = data.get(f.name)
        default = getattr(defaults, f.name)
        if value is None:
            continue
        if f.name in allowed and value not in allowed[f.name]:
            continue
        if isinstance(default, bool) and not isinstance(value, bool):
            continue
        if f.name == "theme" and not isinstance(value, str):
            continue
        if isinstance(default, str) and not isinstance(value, str):
            continue
        values[f.name] = value
    return Prefs(**values)  # type: ignore[arg-type]


def save(path: Path | None, prefs: Prefs) -> bool:
    """Write ``prefs`` to ``path`` (atomically); False when it could not be written."""
    if path is None:
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(asdict(prefs), indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        return False
    return True
