"""Every key of the app."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import (
    Label,
    Static,
)

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
