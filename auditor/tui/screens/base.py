"""The frame every screen over the report shares: header, body, filter bar, status line, footer;
and what several screens show (a check's brief, the colours of grades and severities)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header

from auditor.tui.model import plural
from auditor.tui.widgets import (
    StatusLine,
    md_inline,
)

if TYPE_CHECKING:  # pragma: no cover
    from textual.timer import Timer
    from textual.widget import AwaitMount

    from auditor.tui.app import AuditorApp
    from auditor.tui.tables import FilterBar


def catalogue_class(check_id: str):
    from checks import by_id

    return by_id().get(check_id)


# -- the shared frame of the list screens -----------------------------------------------------------


class ReportScreen(Screen):
    """A screen over the report: header, body, filter bar, status line, footer."""

    app: AuditorApp

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("h", "back", "Back", show=False),
    ]

    #: The report, the filter or the sort changed while another screen was on top.
    stale = False
    #: Typing in the filter bar waits this long for the next key before the lists rebuild.
    FILTER_DELAY = 0.12
    _filter_timer: Timer | None = None
    _filter_mounting: AwaitMount | None = None

    def compose(self) -> ComposeResult:
        self.sub_title = self.app.target_label  # before the header mounts and watches it
        yield Header(show_clock=False, icon="◆")
        yield from self.compose_body()
        yield StatusLine(id="status-line")
        yield Footer()

    def compose_body(self) -> ComposeResult:  # pragma: no cover - overridden
        yield from ()

    def on_mount(self) -> None:
        self.refresh_view()

    def on_screen_resume(self) -> None:
        self.stale = False
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
        self.refresh_status()

    def refresh_status(self) -> None:
        self.query_one(StatusLine).update(self.status_text())

    def populate(self) -> None:  # pragma: no cover - overridden
        pass

    def status_text(self) -> Content:
        app = self.app
        if app.report is None:
            return Content("")
        parts: list = []
        if app.scanning:  # a re-run in place: where it is, and how to stop it
            parts += [
                ("re-running ", "bold $text-accent"),
                (app.scan_status, "$text-accent"),
                " · ",
                ("escape", "bold"),
                (" cancels · ", "$text-muted"),
            ]
        f = app.view_filter
        if f.active:
            parts += [("filter ", "bold $text-accent"), (f.describe(), "$text-accent"), " · "]
            parts.append(
                f"{len(app.view.findings())} of {plural(len(app.report.findings), 'finding')}"
            )
        else:
            parts.append(plural(len(app.report.findings), "finding"))
        parts += [" · ", *self.status_hints()]
        return Content.assemble(*parts)

    def status_hints(self) -> list:
        """The keys worth knowing on this screen (the status line's end)."""
        f = self.app.view_filter
        parts: list = [
            (
                "passed/skipped checks shown (p)"
                if f.show_passed
                else "passed/skipped checks hidden (p)",
                "$text-muted",
            )
        ]
        if not f.active:
            parts += [
                " · ",
                ("s", "bold"),
                (" severity · ", "$text-muted"),
                ("m", "bold"),
                (" structure", "$text-muted"),
            ]
        return parts

    def _filter_bar(self, create: bool = False) -> FilterBar | None:
        bars = self.query("#filter-bar")  # (by id: its class is defined with the first report)
        if bars:
            return bars.first()  # type: ignore[return-value]
        if not create:
            return None
        from auditor.tui.tables import FilterBar

        bar_ = FilterBar(self.app.filter_text, id="filter-bar")
        self._filter_mounting = self.mount(bar_, before=self.query_one(StatusLine))
        return bar_

    def _sync_filter_bar(self) -> None:
        bar_ = self._filter_bar(create=bool(self.app.filter_text))
        if bar_ is None or not bar_.is_mounted or not bar_.children:
            return
        inp = bar_.input
        if inp.value != self.app.filter_text:
            with inp.prevent(inp.Changed):
                inp.value = self.app.filter_text
        bar_.display = bool(self.app.filter_text) or inp.has_focus

    async def open_filter(self) -> None:
        """Show the filter bar and focus its input before the next key is handled: the keys
        typed (or pasted) right after ``/`` are the filter's text, never the screen's bindings
        (``s`` would cycle the severity, ``e`` open the export)."""
        bar_ = self._filter_bar(create=True)
        assert bar_ is not None
        mounting = self._filter_mounting
        if mounting is not None:
            self._filter_mounting = None
            await mounting
        bar_.display = True
        self.set_focus(bar_.input)  # now: Widget.focus() would wait behind the queued keys

    def on_input_changed(self, event) -> None:
        if getattr(event.input, "id", None) != "filter-input":
            return
        event.stop()
        value = event.value
        source = event.input
        if self._filter_timer is not None:
            self._filter_timer.stop()

        def apply() -> None:
            # a Changed delivered after the bar was set to another text (the filter changed
            # elsewhere meanwhile) is stale: the input's text is what the user sees, so it wins
            if source.value == value:
                self.app.filter_text = value

        self._filter_timer = self.set_timer(self.FILTER_DELAY, apply)

    def close_filter(self, keep: bool) -> None:
        """Enter (``keep``) or escape in the filter bar: the text applies now (escape clears
        it) and the list has the focus before the next key is read."""
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        bar_ = self._filter_bar()
        if bar_ is not None and bar_.children:
            if not keep:
                with bar_.input.prevent(bar_.input.Changed):
                    bar_.input.value = ""
            self.app.filter_text = bar_.input.value
        self.focus_main()
        self._sync_filter_bar()

    def focus_main(self) -> None:
        tables = self.query("NavTable")  # (by name: tables are not imported for the first frame)
        if tables:
            self.set_focus(tables.first())  # now, not after the keys already queued

    def action_back(self) -> None:
        """Back one screen; while an audit runs, escape cancels it first."""
        if self.app.scanning:
            self.app.action_cancel_scan()
            return
        if len(self.app.screen_stack) > 1 and self is not self.app.screen_stack[0]:
            self.app.pop_screen()


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
    cls = catalogue_class(check_id)
    result = app.view.checks_by_id.get(check_id) if app.report else None
    parts: list = []
    if cls is not None:
        parts.append(md_inline(cls.summary()))
        if cls.fix_title:
            parts += ["\n", ("Fix: ", "bold $text-success"), md_inline(cls.fix_title)]
    if result is not None and result.status in ("skipped", "errored") and result.reason:
        parts += ["\n", (f"{result.status.capitalize()}: ", "bold $text-warning"), result.reason]
    return Content.assemble(*parts) if parts else Content("")
