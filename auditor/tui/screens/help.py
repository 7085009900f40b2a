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

#: Every key of the app, by where it works (a test checks every binding is listed here; the
#: README's key table says the same).
HELP: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Everywhere",
        (
            ("↑ ↓  j k", "move in a list"),
            ("g G  home end", "first / last row"),
            ("enter  l", "go in: category → checks → findings → a finding"),
            ("escape  h", "go back; escape cancels the audit while it runs"),
            ("1 2 3 4 5", "scorecard · all findings · by file · not audited"),
            ("", "· fixed on this branch (with --diff BASE)"),
            ("/", "filter by path, check ID or message"),
            ("", "(enter keeps the filter, escape clears it)"),
            ("s", "severity: all → warnings and errors → errors only"),
            ("p", "show or hide passed and skipped checks"),
            ("n", "only what this branch introduces (with --diff BASE)"),
            ("r", "re-run in place: same screen, same finding;"),
            ("", "findings that are gone are marked ✓ gone"),
            ("m", "project structure: layout, domains × modules"),
            ("e", "export Markdown: whole report or what is filtered"),
            ("ctrl+p", "palette: jump to a check, category or file;"),
            ("", "exports; change the theme"),
            ("?", "this help"),
            ("q", "quit (at any moment, even while auditing)"),
        ),
    ),
    (
        "Lists of findings",
        (
            ("S  I", "sort by severity → location → check → message;"),
            ("", "invert (a click on a column header does both)"),
            ("z", "group repeats: by file → by message → none"),
            ("space", "expand or fold a group (enter and l too; h folds)"),
            ("o", "open the file at the line in $VISUAL / $EDITOR"),
            ("a", "apply the fix of this finding (or group): preview first"),
            ("A", "apply every safe fix of this check or file"),
        ),
    ),
    (
        "A finding",
        (
            ("] [", "next / previous finding of the list it came from"),
            ("tab", "move between the code and the explanation"),
            ("o  a", "open in the editor · apply its fix (shows the diff)"),
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
        Binding("j", "scroll('down')", "Down", show=False),
        Binding("k", "scroll('up')", "Up", show=False),
    ]

    def on_mount(self) -> None:
        self.query_one("#help-body", VerticalScroll).focus()  # arrows, page keys and j/k scroll
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """The keys scroll inside the box on a short terminal (80×24 shows ~12 lines)."""
        body = self.query_one("#help-body", VerticalScroll)
        # the box takes at most 90% of the height; its border, padding, title and foot 8 rows
        body.styles.max_height = max(3, int(self.size.height * 0.9) - 8)

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        (body.scroll_down if direction == "down" else body.scroll_up)(animate=False)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box", classes="dialog"):
            yield Label(
                Content.assemble(("fastapi-auditor", "bold"), ("  keys", "$text-muted")),
                id="help-title",
            )
            with VerticalScroll(id="help-body"):
                yield Static(self._text())
            yield Label(
                Content.assemble(
                    ("escape", "bold $text-accent"),
                    " close · ",
                    ("↑ ↓ j k", "bold $text-accent"),
                    " scroll",
                ),
                id="help-foot",
            )

    def _text(self) -> Content:
        parts: list = []
        for i, (group, rows) in enumerate(HELP):
            if i:
                parts.append("\n\n")
            parts.append((group, "bold $text-primary"))
            for key, what in rows:
                parts += ["\n", (f"  {key:<14}", "bold $text-accent"), what]
        return Content.assemble(*parts)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
