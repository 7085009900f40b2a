"""The scorecard: the grade, the score, what the grade does not cover, one row per category."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import Static

from auditor.tui.screens.base import ReportScreen
from auditor.tui.widgets import (
    GRADE_TONE,
    ScanPanel,
    bar,
    palette,
)

if TYPE_CHECKING:  # pragma: no cover - the tables are imported with the first report
    from textual.widgets import DataTable


class ScorecardScreen(ReportScreen):
    """The overall grade, the score and one row per category."""

    BINDINGS = [Binding("escape", "cancel_scan", "Cancel", show=False)]

    #: True once the summary, the strip and the categories table are mounted (with the first
    #: report: the first frame shows the scan panel alone, and does not wait for them).
    built = False

    def compose_body(self) -> ComposeResult:
        # set before the children mount: set by populate() once they are, the class restyled
        # all 20 widgets of the first frame a second time (~10 ms before it)
        self.set_class(self.app.report is None, "-no-report")
        yield Vertical(id="scorecard")
        yield Static(id="placeholder")
        yield ScanPanel(self.app.target_label if self.app.target else "", id="scan-panel")

    def on_mount(self) -> None:
        super().on_mount()
        self.call_after_refresh(self.app.begin)  # once every part (the scan panel too) is composed

    async def _build(self) -> None:
        from auditor.tui.tables import GradeCard, NavTable, SummaryText

        table = NavTable(id="categories")
        await self.query_one("#scorecard").mount_all(
            [
                Horizontal(
                    GradeCard(id="grade-card"), SummaryText(id="summary-text"), id="summary"
                ),
                Static(id="errors-strip"),
                table,
                Static(id="no-match"),
            ]
        )
        for label, key in (
            ("Category", "title"),
            ("Score", "score"),
            ("Grade", "grade"),
            ("Passed", "passed"),
            ("Failed", "failed"),
            ("Skipped", "skipped"),
            ("Findings", "findings"),
        ):
            table.add_column(label, key=key)
        self.built = True
        if not self.is_attached:  # the app closed while the parts mounted: nothing to show
            return
        self.refresh_view()
        if self.app.screen is self:
            table.focus()

    def action_cancel_scan(self) -> None:
        self.app.action_cancel_scan()

    def populate(self) -> None:
        app = self.app
        report = app.report
        try:
            placeholder = self.query_one("#placeholder", Static)
        except NoMatches:  # the screen's parts are being removed: the app quits mid-build
            return
        self.query_one(ScanPanel).display = app.scanning or app.scan_pending
        self.set_class(report is None, "-no-report")
        if report is None:
            placeholder.display = not (app.scanning or app.scan_pending)
            placeholder.update(app.placeholder_text())
            return
        placeholder.display = False
        if not self.built:
            if not getattr(self, "_building", False):
                self._building = True
                self.run_worker(self._build(), exclusive=True, group="build")
            return
        s = report.summary
        caveat = (
            "not graded"
            if s.applications == 0
            else ("incomplete" if s.files_not_audited else "grade")
        )
        from auditor.tui.tables import GradeCard, NavTable, SummaryText

        self.query_one(GradeCard).show(s.grade, caveat)
        self.query_one(SummaryText).show(report, with_grade=self.has_class("-short"))
        strip = self.query_one("#errors-strip", Static)
        if report.errors:
            strip.update(self._errors_strip(report.errors))
            strip.display = True
        else:
            strip.display = False
        table = self.query_one("#categories", NavTable)
        table.display = True
        key = table.current_key()
        table.clear()
        colours = palette(app)
        view = app.view
        bar_width = 24 if self.size.width >= 110 else (12 if self.size.width >= 96 else 0)
        for c in view.categories():
            tone = colours[GRADE_TONE[c.grade]] if c.grade else colours["fg"]
            applicable = c.passed + c.failed
            n = view.category_findings(c.id)
            score = (
                bar(c.score, bar_width, tone)
                if bar_width
                else Text(
                    f"{'–' if c.score is None else c.score:>5}",
                    style=f"bold {tone}" if c.grade else "dim",
                )
            )
            table.add_row(
                Text(c.title, style="bold" if applicable else "dim"),
                score,
                Text(f"  {c.grade or '–'}", style=f"bold {tone}" if c.grade else "dim"),
                Text(f"{c.passed:>6}", style=colours["success"] if c.passed else "dim"),
                Text(f"{c.failed:>6}", style=f"bold {colours['error']}" if c.failed else "dim"),
                Text(f"{c.skipped:>7}", style="dim"),
                Text(f"{n:>8}", style="bold" if n else "dim"),
                key=c.id,
            )
        no_match = self.query_one("#no-match", Static)
        no_match.display = table.row_count == 0
        if table.row_count == 0:
            no_match.update(
                Content.styled(
                    "No category holds a finding that matches the filter (escape in the filter bar clears it).",
                    "$text-muted",
                )
            )
        table.restore(key)

    def _errors_strip(self, errors: list) -> Content:
        """What the audit could not read: the count and the way to the list on the first line
        (never pushed out of sight), then the first entries, one line each."""
        width = max(self.size.width - 8, 20)
        head = Content.assemble(
            (f"Not audited ({len(errors)})", "bold $text-error"),
            ("  ", ""),
            ("4", "bold $text-accent"),
            (" or a click lists them all", "$text-muted"),
        )
        lines = [head]
        room = 1 if self.has_class("-short") else 2
        for e in errors[:room]:
            text = f"{e.path or '(project)'}: {' '.join(e.message.split())}"
            if len(text) > width:
                text = text[: width - 1] + "…"
            lines.append(Content(text))
        return Content("\n").join(lines)

    def on_click(self, event) -> None:
        widget = getattr(event, "widget", None)
        if widget is not None and widget.id == "errors-strip":
            self.app.action_view("errors")

    def status_hints(self) -> list:
        app = self.app
        report = app.report
        if report is None:
            return []
        parts: list = [
            ("2", "bold"),
            (" all findings · ", "$text-muted"),
            ("3", "bold"),
            (" by file", "$text-muted"),
        ]
        if report.errors:
            parts += [" · ", ("4", "bold"), (f" not audited ({len(report.errors)})", "$text-muted")]
        if report.diff is not None:
            parts += [
                " · ",
                ("5", "bold"),
                (f" fixed on this branch ({len(report.diff.fixed)})", "$text-muted"),
            ]
        parts += [" · ", ("?", "bold"), (" keys", "$text-muted")]
        return parts

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "categories":
            self.app.open_category(event.row_key.value or "")
