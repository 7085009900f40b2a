"""A category's checks, with a brief of the highlighted one."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import (
    DataTable,
    Static,
)

from auditor.report import CheckResult
from auditor.tui.model import SEVERITY_RANK, STATUS_ICON, category_title
from auditor.tui.screens.base import GRADE_TONE_VAR, ReportScreen, check_brief
from auditor.tui.tables import ListHead, NavTable
from auditor.tui.widgets import STATUS_TONE, palette

_STATUS_ORDER = {"failed": 0, "errored": 1, "passed": 2, "skipped": 3}


def _errors_first(c: CheckResult) -> tuple:
    """Failed checks first, errors before warnings before info; then the catalogue order."""
    return (_STATUS_ORDER[c.status], -SEVERITY_RANK[c.severity] if c.status == "failed" else 0)


class CategoryScreen(ReportScreen):
    def __init__(self, category: str) -> None:
        super().__init__()
        self.category = category

    BINDINGS = [Binding("A", "apply_all", "Fix all", show=False)]

    def compose_body(self) -> ComposeResult:
        with Vertical(id="category"):
            yield ListHead(id="category-head", classes="screen-head")
            yield NavTable(id="checks")
            yield Static(id="empty", classes="empty")
            yield Static(id="check-brief", classes="brief")

    def on_mount(self) -> None:
        t = self.query_one("#checks", NavTable)
        for label, key in (
            ("", "icon"),
            ("ID", "id"),
            ("Check", "name"),
            ("Severity", "severity"),
            ("Findings", "findings"),
            ("Note", "note"),
        ):
            t.add_column(label, key=key)
        super().on_mount()
        t.focus()

    def populate(self) -> None:
        app = self.app
        report = app.report
        if report is None:
            return
        cat = next((c for c in report.categories if c.id == self.category), None)
        title = category_title(self.category)
        head: list = [(title, "bold")]
        if cat is not None:
            grade = "" if cat.grade is None else f" · {cat.grade}"
            score = "no applicable check" if cat.score is None else f"score {cat.score}{grade}"
            head += [
                "  ",
                (score, f"bold {GRADE_TONE_VAR[cat.grade]}"),
                ("  ", ""),
                (
                    f"{cat.passed} passed · {cat.failed} failed · {cat.skipped} skipped",
                    "$text-muted",
                ),
            ]
        self.query_one("#category-head", ListHead).show(Content.assemble(*head))
        table = self.query_one("#checks", NavTable)
        key = table.current_key()
        table.clear()
        colours = palette(app)
        view = app.view
        for c in sorted(view.checks_of(self.category), key=_errors_first):
            tone = colours[STATUS_TONE[c.status]]
            n = len(view.findings_of(c.id)) if c.status == "failed" else 0
            note = ""
            if c.status in ("skipped", "errored"):
                note = c.reason or c.status
            elif c.status == "passed":
                note = "passed"
            table.add_row(
                Text(STATUS_ICON[c.status], style=f"bold {tone}"),
                Text(c.id, style="bold" if c.status == "failed" else ""),
                Text(c.name, style="" if c.status in ("failed", "errored") else "dim"),
                Text(c.severity, style=colours[c.severity] if c.status == "failed" else "dim"),
                Text(f"{n:>8}" if c.status == "failed" else f"{'':>8}", style="bold"),
                Text(
                    " ".join(note.split()),
                    style="dim" if c.status != "errored" else colours["warning"],
                    overflow="ellipsis",
                    no_wrap=True,
                ),
                key=c.id,
            )
        hidden = view.hidden_checks(self.category)
        empty = self.query_one("#empty", Static)
        if table.row_count == 0:
            msg = (
                "No failed check here"
                if not app.view_filter.active
                else "Nothing here matches the filter"
            )
            if hidden and not app.view_filter.show_passed:
                msg += f" — {hidden} passed or skipped check{'s' if hidden != 1 else ''} hidden: press p to show {'them' if hidden != 1 else 'it'}"
            empty.update(Content.styled(msg + ".", "$text-muted"))
            empty.display = True
            table.display = False
        else:
            empty.display = False
            table.display = True
        table.restore(key)
        self._brief(table.current_key())
        self._position()

    def _position(self) -> None:
        table = self.query_one("#checks", NavTable)
        row = table.cursor_row if table.row_count else None
        self.query_one("#category-head", ListHead).position(row, table.row_count, "checks")

    def action_apply_all(self) -> None:
        check_id = self.query_one("#checks", NavTable).current_key()
        if check_id:
            self.app.apply_fixes(self.app.view.findings_of(check_id), f"of {check_id}")

    def _brief(self, check_id: str | None) -> None:
        brief = self.query_one("#check-brief", Static)
        if check_id is None:
            brief.display = False
            return
        brief.display = True
        brief.update(check_brief(self.app, check_id))

    @on(DataTable.RowHighlighted, "#checks")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._brief(event.row_key.value)
        self._position()

    @on(DataTable.RowSelected, "#checks")
    def _open(self, event: DataTable.RowSelected) -> None:
        self.app.open_check(event.row_key.value or "")
