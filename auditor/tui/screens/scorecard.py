"""The scorecard: the grade, the score, what the grade does not cover, one row per category."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import (
    DataTable,
    Static,
)

from auditor.tui.screens.base import ReportScreen
from auditor.tui.widgets import (
    GRADE_TONE,
    GradeCard,
    NavTable,
    ScanPanel,
    SummaryText,
    bar,
    palette,
)


class ScorecardScreen(ReportScreen):
    """The overall grade, the score and one row per category."""

    BINDINGS = [Binding("escape", "cancel_scan", "Cancel", show=False)]

    def compose_body(self) -> ComposeResult:
        with Vertical(id="scorecard"):
            with Horizontal(id="summary"):
                yield GradeCard(id="grade-card")
                yield SummaryText(id="summary-text")
            yield Static(id="errors-strip")
            yield NavTable(id="categories")
            yield Static(id="placeholder")
        yield ScanPanel(self.app.target_label if self.app.target else "", id="scan-panel")

    def on_mount(self) -> None:
        table = self.query_one("#categories", NavTable)
        table.add_column("Category", key="title")
        table.add_column("Score", key="score")
        table.add_column("Grade", key="grade")
        table.add_column("Passed", key="passed")
        table.add_column("Failed", key="failed")
        table.add_column("Skipped", key="skipped")
        table.add_column("Findings", key="findings")
        super().on_mount()
        table.focus()
        self.call_after_refresh(self.app.begin)  # once every part (the scan panel too) is composed

    def action_cancel_scan(self) -> None:
        self.app.action_cancel_scan()

    def populate(self) -> None:
        app = self.app
        report = app.report
        scorecard = self.query_one("#scorecard")
        placeholder = self.query_one("#placeholder", Static)
        self.query_one(ScanPanel).display = app.scanning or app.scan_pending
        self.set_class(report is None, "-no-report")
        if report is None:
            for w in ("#summary", "#errors-strip", "#categories"):
                self.query_one(w).display = False
            placeholder.display = not app.scanning
            placeholder.update(app.placeholder_text())
            return
        scorecard.display = True
        placeholder.display = False
        self.query_one("#summary").display = True
        s = report.summary
        caveat = (
            "not graded"
            if s.applications == 0
            else ("incomplete" if s.files_not_audited else "grade")
        )
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
        if table.row_count == 0:
            placeholder.update(
                Content.styled(
                    "No category holds a finding that matches the filter (escape in the filter bar clears it).",
                    "$text-muted",
                )
            )
            placeholder.display = True
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

    @on(DataTable.RowSelected, "#categories")
    def _open(self, event: DataTable.RowSelected) -> None:
        self.app.open_category(event.row_key.value or "")
