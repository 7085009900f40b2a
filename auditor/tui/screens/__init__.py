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

from auditor.tui.screens.base import ReportScreen, check_brief
from auditor.tui.screens.category import CategoryScreen
from auditor.tui.screens.dialogs import (
    ConfirmScreen,
    ExportRequest,
    ExportScreen,
    resolve_export_path,
)
from auditor.tui.screens.errors import ErrorsScreen
from auditor.tui.screens.finding import FindingScreen
from auditor.tui.screens.findings import FindingsScreen
from auditor.tui.screens.help import HELP, HelpScreen
from auditor.tui.screens.problem import ProblemScreen
from auditor.tui.screens.scorecard import ScorecardScreen
from auditor.tui.screens.structure import Structure, StructureScreen

__all__ = [
    "HELP",
    "CategoryScreen",
    "ConfirmScreen",
    "ErrorsScreen",
    "ExportRequest",
    "ExportScreen",
    "FindingScreen",
    "FindingsScreen",
    "HelpScreen",
    "ProblemScreen",
    "ReportScreen",
    "ScorecardScreen",
    "Structure",
    "StructureScreen",
    "check_brief",
    "resolve_export_path",
]
