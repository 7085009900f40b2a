"""The files and checks the audit could not read."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import (
    Static,
)

from auditor.tui.screens.base import ReportScreen
from auditor.tui.widgets import (
    NavTable,
)


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
