"""The screens: scorecard, category, findings (of a check or a file), a finding, help, structure,
files not audited, the export dialogs and the "nothing to audit" screen.

Screens read the report and the filter from the app (``self.app.report`` / ``self.app.view``)
and rebuild when the app says they changed (``refresh_view``); they ask the app to act
(open, export, re-run) through its actions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Footer,
    Header,
    Input,
    Label,
    Markdown,
    Static,
)

from auditor.report import Finding
from auditor.tui.model import CATEGORY_TITLES, STATUS_ICON, location, source_titles
from auditor.tui.widgets import (
    GRADE_TONE,
    STATUS_TONE,
    FilterBar,
    GradeCard,
    NavTable,
    ScanPanel,
    StatusLine,
    SummaryText,
    bar,
    code_view,
    diff_view,
    finding_cells,
    md_inline,
    palette,
)

if TYPE_CHECKING:  # pragma: no cover
    from auditor.tui.app import AuditorApp


def _catalogue(check_id: str):
    from checks import by_id

    return by_id().get(check_id)


# -- the shared frame of the list screens -----------------------------------------------------------


class ReportScreen(Screen):
    """A screen over the report: header, body, filter bar, status line, footer."""

    app: AuditorApp

    BINDINGS = [Binding("escape", "back", "Back")]

    def compose(self) -> ComposeResult:
        self.sub_title = self.app.target_label  # before the header mounts and watches it
        yield Header(show_clock=False, icon="◆")
        yield from self.compose_body()
        yield FilterBar(id="filter-bar")
        yield StatusLine(id="status-line")
        yield Footer()

    def compose_body(self) -> ComposeResult:  # pragma: no cover - overridden
        yield from ()

    def on_mount(self) -> None:
        self.refresh_view()

    def on_screen_resume(self) -> None:
        self._sync_filter_bar()
        self.refresh_view()

    def on_resize(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        """Rebuild from the app's report and filter (called by the app when either changes)."""
        if not self.is_mounted:
            return
        if self.sub_title != self.app.target_label:
            self.sub_title = self.app.target_label
        self._sync_filter_bar()
        self.populate()
        self.query_one(StatusLine).update(self.status_text())

    def populate(self) -> None:  # pragma: no cover - overridden
        pass

    def status_text(self) -> Content:
        app = self.app
        if app.report is None:
            return Content("")
        f = app.view_filter
        parts: list = []
        if f.active:
            parts += [("filter ", "bold $text-accent"), (f.describe(), "$text-accent"), " · "]
            parts.append(f"{len(app.view.findings())} of {len(app.report.findings)} findings")
        else:
            parts.append(f"{len(app.report.findings)} findings")
        parts += [
            " · ",
            (
                "passed/skipped checks shown (p)"
                if f.show_passed
                else "passed/skipped checks hidden (p)",
                "$text-muted",
            ),
        ]
        if not f.active:
            parts += [
                " · ",
                ("s", "bold"),
                (" severity · ", "$text-muted"),
                ("m", "bold"),
                (" structure", "$text-muted"),
            ]
        return Content.assemble(*parts)

    def _sync_filter_bar(self) -> None:
        bar_ = self.query_one(FilterBar)
        inp = bar_.query_one(Input)
        if inp.value != self.app.filter_text:
            with inp.prevent(Input.Changed):
                inp.value = self.app.filter_text
        bar_.display = bool(self.app.filter_text) or inp.has_focus

    def open_filter(self) -> None:
        bar_ = self.query_one(FilterBar)
        bar_.display = True
        bar_.query_one(Input).focus()

    @on(Input.Changed, "#filter-input")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.app.filter_text = event.value

    @on(FilterBar.Closed)
    def _filter_closed(self) -> None:
        self.focus_main()
        self._sync_filter_bar()

    def focus_main(self) -> None:
        tables = self.query(NavTable)
        if tables:
            tables.first().focus()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1 and self is not self.app.screen_stack[0]:
            self.app.pop_screen()


# -- scorecard ------------------------------------------------------------------------------------------


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
        yield ScanPanel(id="scan-panel")

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
        self.query_one(ScanPanel).display = app.scanning
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
        self.query_one(GradeCard).show(report.summary.grade)
        self.query_one(SummaryText).show(report, with_grade=self.has_class("-short"))
        strip = self.query_one("#errors-strip", Static)
        if report.errors:
            lines: list = [(f"Not audited ({len(report.errors)})", "bold $text-error")]
            for e in report.errors[:2]:
                lines += ["\n", (e.path or "(project)", "bold"), ": ", " ".join(e.message.split())]
            if len(report.errors) > 2:
                lines += [
                    "\n",
                    (
                        f"… and {len(report.errors) - 2} more: ctrl+p → Files not audited",
                        "$text-muted",
                    ),
                ]
            strip.update(Content.assemble(*lines))
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

    @on(DataTable.RowSelected, "#categories")
    def _open(self, event: DataTable.RowSelected) -> None:
        self.app.open_category(event.row_key.value)


# -- a category's checks -----------------------------------------------------------------------------


class CategoryScreen(ReportScreen):
    def __init__(self, category: str) -> None:
        super().__init__()
        self.category = category

    def compose_body(self) -> ComposeResult:
        with Vertical(id="category"):
            yield Static(id="category-head", classes="screen-head")
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
        title = CATEGORY_TITLES.get(self.category, self.category)
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
        self.query_one("#category-head", Static).update(Content.assemble(*head))
        table = self.query_one("#checks", NavTable)
        key = table.current_key()
        table.clear()
        colours = palette(app)
        view = app.view
        for c in view.checks_of(self.category):
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

    @on(DataTable.RowSelected, "#checks")
    def _open(self, event: DataTable.RowSelected) -> None:
        self.app.open_check(event.row_key.value)


GRADE_TONE_VAR = {
    "A": "$text-success",
    "B": "$text-success",
    "C": "$text-warning",
    "D": "$text-warning",
    "F": "$text-error",
    None: "$text-muted",
}
SEVERITY_VAR = {"error": "$text-error", "warning": "$text-warning", "info": "$text-primary"}


def check_brief(app: AuditorApp, check_id: str) -> Content:
    """Why a check matters (its summary), its fix, and how it ended."""
    cls = _catalogue(check_id)
    result = app.view.checks_by_id.get(check_id) if app.report else None
    parts: list = []
    if cls is not None:
        parts.append(md_inline(cls.summary()))
        if cls.fix_title:
            parts += ["\n", ("Fix: ", "bold $text-success"), md_inline(cls.fix_title)]
    if result is not None and result.status in ("skipped", "errored") and result.reason:
        parts += ["\n", (f"{result.status.capitalize()}: ", "bold $text-warning"), result.reason]
    return Content.assemble(*parts) if parts else Content("")


# -- the findings of a check, or of a file ------------------------------------------------------------------


class FindingsScreen(ReportScreen):
    BINDINGS = [Binding("o", "open_editor", "Editor")]

    def __init__(self, check_id: str | None = None, path: str | None = None) -> None:
        super().__init__()
        self.check_id = check_id
        self.path = path
        self._rows: dict[str, Finding] = {}

    def compose_body(self) -> ComposeResult:
        with Vertical(id="findings-screen"):
            yield Static(id="findings-head", classes="screen-head")
            yield Static(id="findings-why", classes="why")
            yield NavTable(id="findings")
            yield Static(id="empty", classes="empty")
            yield Static(id="finding-preview", classes="brief")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#findings", NavTable).focus()

    def items(self) -> list[Finding]:
        view = self.app.view
        if self.check_id is not None:
            return view.findings_of(self.check_id)
        return view.findings_in_file(self.path or "")

    def populate(self) -> None:
        app = self.app
        if app.report is None:
            return
        head = self.query_one("#findings-head", Static)
        why = self.query_one("#findings-why", Static)
        if self.check_id is not None:
            result = app.view.checks_by_id.get(self.check_id)
            cls = _catalogue(self.check_id)
            name = result.name if result else (cls.name if cls else "")
            sev = result.severity if result else (cls.severity.value if cls else "info")
            cat = result.category if result else (cls.category if cls else "")
            parts: list = [
                (self.check_id, "bold"),
                " ",
                (name, "bold"),
                "  ",
                (sev, SEVERITY_VAR[sev]),
                (f" · {CATEGORY_TITLES.get(cat, cat)}", "$text-muted"),
            ]
            if result is not None and result.status != "failed":
                parts += [
                    "  ",
                    (
                        STATUS_ICON[result.status] + " " + result.status,
                        "$text-success" if result.status == "passed" else "$text-warning",
                    ),
                ]
            head.update(Content.assemble(*parts))
            why.update(check_brief(app, self.check_id))
            why.display = True
        else:
            head.update(Content.assemble(("File ", "$text-muted"), (self.path or "", "bold")))
            why.display = False
        table = self.query_one("#findings", NavTable)
        key = table.current_key()
        table.clear(columns=True)
        with_check = self.check_id is None
        width = max(self.size.width, 60)
        sev_w, check_w = 8, 7
        items = self.items()
        loc_w = min(max((len(location(f)) for f in items), default=10), 42)
        msg_w = max(20, width - sev_w - (check_w + 2 if with_check else 0) - loc_w - 10)
        table.add_column("Severity", key="severity", width=sev_w)
        if with_check:
            table.add_column("Check", key="check", width=check_w)
        table.add_column("Location", key="location", width=loc_w)
        table.add_column("Message", key="message", width=msg_w)
        colours = palette(app)
        self._rows = {}
        for i, f in enumerate(items):
            k = f"f{i}"
            self._rows[k] = f
            table.add_row(*finding_cells(f, colours, with_check), key=k)
        empty = self.query_one("#empty", Static)
        if not items:
            result = app.view.checks_by_id.get(self.check_id or "")
            if result is not None and result.status == "passed":
                msg = "This check passed: nothing to fix."
            elif result is not None and result.status in ("skipped", "errored"):
                msg = f"This check was {result.status}: {result.reason or 'not applicable'}."
            else:
                msg = "No finding matches the filter."
            empty.update(Content.styled(msg, "$text-muted"))
            empty.display = True
            table.display = False
        else:
            empty.display = False
            table.display = True
        table.restore(key)
        self._preview(table.current_key())

    def _preview(self, key: str | None) -> None:
        pane = self.query_one("#finding-preview", Static)
        f = self._rows.get(key or "")
        if f is None:
            pane.display = False
            return
        pane.display = True
        parts: list = [
            (location(f), "bold"),
            "  ",
            (f.check_id, SEVERITY_VAR[f.severity]),
            "\n",
            md_inline(f.message),
        ]
        if f.fix is not None:
            parts += ["\n", ("Fix: ", "bold $text-success"), md_inline(f.fix.title)]
            if f.fix.diff:
                parts.append(("  (diff in the detail: enter)", "$text-muted"))
        pane.update(Content.assemble(*parts))

    def current(self) -> Finding | None:
        return self._rows.get(self.query_one("#findings", NavTable).current_key() or "")

    @on(DataTable.RowHighlighted, "#findings")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._preview(event.row_key.value)

    @on(DataTable.RowSelected, "#findings")
    def _open(self, event: DataTable.RowSelected) -> None:
        f = self._rows.get(event.row_key.value)
        if f is not None:
            self.app.open_finding(f, self.items())

    def action_open_editor(self) -> None:
        f = self.current()
        if f is not None:
            self.app.open_in_editor(f)


# -- one finding ------------------------------------------------------------------------------------------


class FindingScreen(ReportScreen):
    """Why it matters, the user's code around the line, the fix, and the sources."""

    BINDINGS = [
        Binding("o", "open_editor", "Editor"),
        Binding("right_square_bracket", "step(1)", "Next", key_display="]"),
        Binding("left_square_bracket", "step(-1)", "Previous", key_display="[", show=False),
        Binding("j", "scroll('down')", "Scroll down", show=False),
        Binding("k", "scroll('up')", "Scroll up", show=False),
    ]

    def __init__(self, finding: Finding, siblings: list[Finding] | None = None) -> None:
        super().__init__()
        self.finding = finding
        self.ring = siblings or [finding]

    def compose_body(self) -> ComposeResult:
        with Vertical(id="finding-screen"):
            yield Static(id="finding-head", classes="screen-head")
            yield Static(id="finding-message")
            with VerticalScroll(id="finding-body"):
                with VerticalScroll(id="finding-left", classes="pane"):
                    yield Label("Your code", classes="section")
                    yield Static(id="code", classes="code")
                    yield Label("Suggested fix", classes="section", id="fix-label")
                    yield Static(id="fix-title")
                    yield Static(id="fix-diff", classes="code")
                with VerticalScroll(id="finding-right", classes="pane"):
                    yield Label("Why it matters", classes="section")
                    yield Markdown(id="explanation")
                    yield Label("Sources", classes="section")
                    yield Static(id="sources")

    def on_mount(self) -> None:
        super().on_mount()
        self.focus_main()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh_view())
        self._render_explanation()

    def on_resize(self) -> None:  # the body reflows by itself; keep the focus where keys scroll
        if self.focused is None or self.focused.id in (
            "finding-body",
            "finding-left",
            "finding-right",
        ):
            self.call_after_refresh(self.focus_main)

    def populate(self) -> None:
        app = self.app
        f = self.finding
        pos = (
            f"{self.ring.index(f) + 1} of {len(self.ring)}"
            if f in self.ring and len(self.ring) > 1
            else ""
        )
        head: list = [
            (f.check_id, "bold"),
            " ",
            (f.name, "bold"),
            "  ",
            (f.severity, SEVERITY_VAR[f.severity]),
            "  ",
            (location(f) if not f.column else f"{location(f)}:{f.column}", "bold $text-accent"),
        ]
        if pos:
            head += ["  ", (pos, "$text-muted")]
        self.query_one("#finding-head", Static).update(Content.assemble(*head))
        self.query_one("#finding-message", Static).update(md_inline(f.message))
        code = self.query_one("#code", Static)
        if f.path is None:
            code.update(
                Content.styled(
                    "A project-level finding: it is about the project as a whole, not one line.",
                    "$text-muted",
                )
            )
        elif not f.line:
            code.update(Content.styled(f"{f.path}: about the file as a whole.", "$text-muted"))
        else:
            code.update(code_view(app.read_source(f.path), f.path, f.line, f.end_line))
        fix_title = self.query_one("#fix-title", Static)
        fix_diff = self.query_one("#fix-diff", Static)
        if f.fix is None:
            fix_title.update(Content.styled("This check has no suggested fix.", "$text-muted"))
            fix_diff.display = False
        else:
            safety = ""
            if f.fix.diff:
                safety = (
                    "safe: it cannot change behaviour"
                    if f.fix.safe
                    else "unsafe: review the change"
                )
            fix_title.update(
                Content.assemble(
                    md_inline(f.fix.title, "bold $text-success"),
                    ("  " + safety if safety else "", "$text-muted"),
                )
            )
            if f.fix.diff:
                fix_diff.update(diff_view(f.fix.diff))
                fix_diff.display = True
            else:
                fix_diff.display = False
        cls = _catalogue(f.check_id)
        sources = self.query_one("#sources", Static)
        if cls is not None and cls.sources:
            parts: list = []
            for i, (name, title) in enumerate(source_titles(cls.sources)):
                parts += (["\n"] if i else []) + [
                    ("• ", "$text-accent"),
                    (title, "bold"),
                    (f"  {name}", "$text-muted"),
                ]
            sources.update(Content.assemble(*parts))
        else:
            sources.update(Content.styled("No source document recorded.", "$text-muted"))

    def _render_explanation(self) -> None:
        cls = _catalogue(self.finding.check_id)
        text = (
            cls.explanation()
            if cls is not None
            else f"No explanation: `{self.finding.check_id}` is not in this catalogue."
        )
        self.query_one("#explanation", Markdown).update(text)

    def action_step(self, delta: int) -> None:
        if self.finding not in self.ring or len(self.ring) < 2:
            return
        i = (self.ring.index(self.finding) + delta) % len(self.ring)
        changed_check = self.ring[i].check_id != self.finding.check_id
        self.finding = self.ring[i]
        self.refresh_view()
        if changed_check:
            self._render_explanation()
        self.query_one("#finding-left", VerticalScroll).scroll_home(animate=False)

    def action_scroll(self, direction: str) -> None:
        if self.has_class("-narrow"):  # one column: the body scrolls
            pane = self.query_one("#finding-body", VerticalScroll)
        else:
            focused = self.focused
            pane = (
                focused
                if isinstance(focused, VerticalScroll) and focused.id != "finding-body"
                else self.query_one("#finding-left", VerticalScroll)
            )
        if direction == "down":
            pane.scroll_down(animate=False)
        else:
            pane.scroll_up(animate=False)

    def action_open_editor(self) -> None:
        self.app.open_in_editor(self.finding)

    def focus_main(self) -> None:
        """The code pane beside the explanation; the whole body in one column."""
        narrow = self.has_class("-narrow")
        self.query_one("#finding-body" if narrow else "#finding-left").focus()


# -- structure ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Structure:
    """What the structure view shows (built by the app from the project model)."""

    kind: str  # domain | layered | flat
    root: str
    modules: tuple[str, ...]
    matrix: tuple[tuple[str, tuple[bool, ...]], ...]  # domain -> has each module
    layers: tuple[tuple[str, int], ...]  # layer folder -> number of Python modules


class StructureScreen(ReportScreen):
    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="structure"):
            yield Static(id="structure-head", classes="screen-head")
            yield NavTable(id="matrix")
            yield Static(id="structure-note")

    def populate(self) -> None:
        s: Structure | None = self.app.structure
        head = self.query_one("#structure-head", Static)
        table = self.query_one("#matrix", NavTable)
        note = self.query_one("#structure-note", Static)
        table.clear(columns=True)
        recommended = Content.assemble(
            ("What the sources recommend: ", "bold"),
            "one package per domain, each holding ",
            (
                "router, schemas, models, service, dependencies, constants, exceptions, config",
                "$text-accent",
            ),
            " (zhanymkanov/fastapi-best-practices; the internal doc and ForgeAPI agree). "
            "A layered tree (api/endpoints, schemas/, models/, services/) is the other layout they accept.",
        )
        if s is None:
            head.update(
                Content.assemble(("Project structure", "bold"), ("  unknown", "$text-muted"))
            )
            table.display = False
            note.update(
                Content.assemble(
                    (
                        "The layout is read from the project model: press r to run the audit.\n\n",
                        "$text-muted",
                    ),
                    recommended,
                )
            )
            return
        root = s.root or "the repository root"
        if s.kind == "domain":
            head.update(
                Content.assemble(
                    ("Project structure", "bold"),
                    "  ",
                    ("domain layout", "bold $text-success"),
                    (f" under {root}: {len(s.matrix)} domain packages", "$text-muted"),
                )
            )
            table.display = True
            table.add_column("Domain", key="domain")
            for m in s.modules:
                table.add_column(m, key=m)
            colours = palette(self.app)
            for domain, has in s.matrix:
                cells = [Text(domain, style="bold")]
                for present in has:
                    cells.append(
                        Text("  ✓", style=f"bold {colours['success']}")
                        if present
                        else Text("  ·", style="dim")
                    )
                table.add_row(*cells, key=domain)
            table.styles.height = min(table.row_count + 1, 20)
            note.update(
                Content.assemble(
                    (
                        "✓ the module exists   · it does not (not every domain needs every module)\n\n",
                        "$text-muted",
                    ),
                    recommended,
                )
            )
        elif s.kind == "layered":
            head.update(
                Content.assemble(
                    ("Project structure", "bold"),
                    "  ",
                    ("layered layout", "bold $text-success"),
                    (f" under {root}", "$text-muted"),
                )
            )
            table.display = True
            table.add_column("Layer folder", key="layer")
            table.add_column("Python modules", key="n")
            for folder, n in s.layers:
                table.add_row(Text(folder, style="bold"), Text(f"{n:>14}"), key=folder)
            table.styles.height = min(table.row_count + 1, 20)
            note.update(
                Content.assemble(
                    (
                        "A layer per concern: endpoints, schemas, models, services. Fine by the sources (disagreement D1), as long as routers hold endpoints only.\n\n",
                        "",
                    ),
                    recommended,
                )
            )
        else:
            head.update(
                Content.assemble(
                    ("Project structure", "bold"),
                    "  ",
                    ("no domain or layered structure detected", "bold $text-warning"),
                )
            )
            table.display = False
            note.update(
                Content.assemble(
                    (
                        "The application modules are not grouped into domain packages or layer folders.\n\n",
                        "",
                    ),
                    recommended,
                )
            )

    def focus_main(self) -> None:
        self.query_one("#matrix").focus()


# -- files not audited --------------------------------------------------------------------------------------


class ErrorsScreen(ReportScreen):
    def compose_body(self) -> ComposeResult:
        with Vertical(id="errors-screen"):
            yield Static(id="errors-head", classes="screen-head")
            yield NavTable(id="errors")

    def on_mount(self) -> None:
        t = self.query_one("#errors", NavTable)
        t.add_column("File", key="path")
        t.add_column("Problem", key="message")
        super().on_mount()
        t.focus()

    def populate(self) -> None:
        report = self.app.report
        if report is None:
            return
        self.query_one("#errors-head", Static).update(
            Content.assemble(
                ("Not audited", "bold"),
                (f"  {len(report.errors)} files or checks the audit could not read", "$text-muted"),
            )
        )
        t = self.query_one("#errors", NavTable)
        t.clear()
        for i, e in enumerate(report.errors):
            t.add_row(
                Text(e.path or "(project)", style="bold"),
                Text(" ".join(e.message.split())),
                key=f"e{i}",
            )


# -- help --------------------------------------------------------------------------------------------------------

#: Every key of the app, by where it works (a test checks every binding is listed here).
HELP: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Everywhere",
        (
            ("↑ ↓  j k", "move in a list"),
            ("enter", "go in: category → checks → findings → a finding"),
            ("escape", "go back; cancels the audit while it runs"),
            ("/", "filter by path, check ID or message"),
            ("", "(enter keeps the filter, escape clears it)"),
            ("s", "severity: all → warnings and errors → errors only"),
            ("p", "show or hide passed and skipped checks"),
            ("n", "only what this branch introduces (with --diff BASE)"),
            ("r", "re-run the audit"),
            ("m", "project structure: layout, domains × modules"),
            ("e", "export Markdown: whole report or what is filtered"),
            ("ctrl+p", "palette: jump to a check, category or file;"),
            ("", "exports; change the theme"),
            ("?", "this help"),
            ("q", "quit"),
        ),
    ),
    (
        "Findings, and a finding",
        (
            ("o", "open the file at the line in $VISUAL / $EDITOR"),
            ("] [", "next / previous finding"),
            ("tab", "move between the code and the explanation"),
        ),
    ),
    (
        "Dialogs",
        (
            ("enter", "confirm"),
            ("escape", "cancel"),
            ("y n", "answer yes or no"),
        ),
    ),
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("q", "dismiss", "Close", show=False),
        Binding("question_mark", "dismiss", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box", classes="dialog"):
            yield Label(
                Content.assemble(("fastapi-auditor", "bold"), ("  keys", "$text-muted")),
                id="help-title",
            )
            with VerticalScroll(id="help-body"):
                yield Static(self._text())
            yield Label(Content.assemble(("escape", "bold $text-accent"), " close"), id="help-foot")

    def _text(self) -> Content:
        parts: list = []
        for i, (group, rows) in enumerate(HELP):
            if i:
                parts.append("\n\n")
            parts.append((group, "bold $text-primary"))
            for key, what in rows:
                parts += ["\n", (f"  {key:<12}", "bold $text-accent"), what]
        return Content.assemble(*parts)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)


# -- export -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportRequest:
    path: str
    filtered: bool


class ExportScreen(ModalScreen[ExportRequest | None]):
    """Where to write the Markdown report, and whether to write only what is filtered."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        default_path: str,
        total: int,
        filtered: int | None,
        filtered_first: bool = False,
        note: str = "",
    ) -> None:
        super().__init__()
        self.default_path = default_path
        self.total = total
        self.filtered = filtered
        self.filtered_first = filtered_first
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box", classes="dialog"):
            yield Label(Content.styled("Export to Markdown", "bold"), id="export-title")
            yield Label("File", classes="field-label")
            yield Input(value=self.default_path, id="export-path")
            if self.filtered is not None:
                label = (
                    f"Only what is filtered: {self.filtered} of {self.total} findings ({self.note})"
                )
                yield Checkbox(label, value=self.filtered_first, id="export-filtered")
            else:
                yield Label(
                    Content.styled(
                        f"The whole report: {self.total} findings (no filter is active).",
                        "$text-muted",
                    ),
                    id="export-whole",
                )
            with Horizontal(id="export-buttons"):
                yield Button("Export", variant="primary", id="export-ok")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        inp = self.query_one("#export-path", Input)
        inp.focus()
        inp.cursor_position = len(inp.value)

    def _submit(self) -> None:
        path = self.query_one("#export-path", Input).value.strip()
        if not path:
            self.query_one("#export-path", Input).focus()
            return
        filtered = False
        boxes = self.query("#export-filtered")
        if boxes:
            filtered = boxes.first(Checkbox).value
        self.dismiss(ExportRequest(path=path, filtered=filtered))

    @on(Input.Submitted, "#export-path")
    def _entered(self) -> None:
        self._submit()

    @on(Button.Pressed, "#export-ok")
    def _ok(self) -> None:
        self._submit()

    @on(Button.Pressed, "#export-cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "No", show=False),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="dialog"):
            yield Static(self.question, id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button("Overwrite (y)", variant="warning", id="confirm-yes")
                yield Button("Keep it (n)", id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self) -> None:
        self.dismiss(False)


# -- nothing to audit --------------------------------------------------------------------------------------------


class ProblemScreen(Screen):
    """The target is not a folder, holds no Python, or the options are wrong: say so plainly."""

    BINDINGS = [
        Binding("q", "app.quit", "Quit"),
        Binding("escape", "app.quit", "Quit", show=False),
        Binding("r", "app.rerun", "Try again"),
    ]

    def __init__(self, title: str, detail: str, hint: str) -> None:
        super().__init__()
        self.title_text = title
        self.detail = detail
        self.hint = hint

    def compose(self) -> ComposeResult:
        self.sub_title = getattr(
            self.app, "target_label", ""
        )  # before the header mounts and watches it
        yield Header(show_clock=False, icon="◆")
        with Center(id="problem-center"), Vertical(id="problem-box"):
            yield Label(Content.styled(self.title_text, "bold $text-error"), id="problem-title")
            yield Static(Content(self.detail), id="problem-detail")
            yield Static(Content.styled(self.hint, "$text-muted"), id="problem-hint")
        yield Footer()


def resolve_export_path(raw: str, default_name: str, cwd: Path | None = None) -> Path:
    """The file an export writes: ``~`` expanded, relative to ``cwd``, a folder gets the default name."""
    p = Path(raw).expanduser()
    if not p.is_absolute():
        p = (cwd or Path.cwd()) / p
    if p.is_dir():
        p = p / default_name
    return p
