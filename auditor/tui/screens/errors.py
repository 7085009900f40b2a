"""The files and checks the audit could not read; enter or o opens the file in the editor."""

from __future__ import annotations

import re

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Static

from auditor.tui.model import plural
from auditor.tui.screens.base import ReportScreen
from auditor.tui.tables import ListHead, NavTable

_LINE = re.compile(r"\bline (\d+)")


class ErrorsScreen(ReportScreen):
    BINDINGS = [Binding("o", "open_editor", "Editor")]

    def compose_body(self) -> ComposeResult:
        with Vertical(id="errors-screen"):
            yield ListHead(id="errors-head", classes="screen-head")
            yield NavTable(id="errors")
            yield Static(id="error-detail", classes="brief")

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
        files = sum(1 for e in report.errors if e.path)
        self.query_one("#errors-head", ListHead).show(
            Content.assemble(
                ("Not audited", "bold"),
                (
                    f"  {plural(files, 'file')} or checks the audit could not read"
                    " · enter or o opens the file",
                    "$text-muted",
                ),
            )
        )
        t = self.query_one("#errors", NavTable)
        key = t.current_key()
        t.clear()
        width = max(self.size.width // 2, 30)
        for i, e in enumerate(report.errors):
            path = e.path or "(project)"
            if len(path) > width:
                path = "…" + path[-(width - 1) :]
            t.add_row(
                Text(path, style="bold", no_wrap=True),
                Text(" ".join(e.message.split()), no_wrap=True, overflow="ellipsis"),
                key=f"e{i}",
            )
        t.restore(key)
        self._detail()

    def _current(self):
        report = self.app.report
        key = self.query_one("#errors", NavTable).current_key()
        if report is None or key is None:
            return None
        return report.errors[int(key[1:])]

    def _detail(self) -> None:
        t = self.query_one("#errors", NavTable)
        self.query_one("#errors-head", ListHead).position(
            t.cursor_row if t.row_count else None, t.row_count
        )
        e = self._current()
        detail = self.query_one("#error-detail", Static)
        detail.display = e is not None
        if e is not None:
            detail.update(
                Content.assemble((e.path or "(project)", "bold"), "\n", " ".join(e.message.split()))
            )

    def status_hints(self) -> list:
        return [
            ("enter", "bold"),
            (" or ", "$text-muted"),
            ("o", "bold"),
            (" opens the file", "$text-muted"),
        ]

    @on(DataTable.RowHighlighted, "#errors")
    def _highlighted(self) -> None:
        self._detail()

    @on(DataTable.RowSelected, "#errors")
    def _selected(self) -> None:
        self.action_open_editor()

    def action_open_editor(self) -> None:
        e = self._current()
        if e is None:
            return
        if e.path is None:
            self.app.notify("A check crashed: there is no file to open.", severity="warning")
            return
        m = _LINE.search(e.message)
        self.app.open_in_editor(e.path, int(m.group(1)) if m else None)
