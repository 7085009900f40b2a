"""The screens, one module per area.

Screens read the report and the filter from the app (``self.app.report`` / ``self.app.view``)
and rebuild when the app says they changed (``refresh_view``); they ask the app to act
(open, export, apply, re-run) through its actions.

- ``base``: the frame of every screen over the report (header, filter bar, status line)
- ``scorecard``: grade, score, coverage, categories
- ``category``: a category's checks
- ``findings``: lists of findings (of a check, of a file, all of them, fixed on this branch)
  and the files view
- ``finding``: one finding with its code, fix and explanation
- ``structure``, ``errors`` (not audited), ``help``, ``dialogs`` (export, confirm, apply),
  ``problem`` (nothing to audit)
"""

from __future__ import annotations

import importlib
from typing import Any

#: Where each public name lives.  Imported on first use: the first frame needs the scorecard
#: only, not the finding screen's Markdown widget or the dialogs.
_WHERE = {
    "ReportScreen": "base",
    "check_brief": "base",
    "CategoryScreen": "category",
    "ConfirmScreen": "dialogs",
    "ApplyScreen": "dialogs",
    "ExportRequest": "dialogs",
    "ExportScreen": "dialogs",
    "resolve_export_path": "dialogs",
    "ErrorsScreen": "errors",
    "FindingScreen": "finding",
    "FindingsScreen": "findings",
    "FilesScreen": "findings",
    "HELP": "help",
    "HelpScreen": "help",
    "ProblemScreen": "problem",
    "ScorecardScreen": "scorecard",
    "Structure": "structure",
    "StructureScreen": "structure",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
