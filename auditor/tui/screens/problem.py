"""The target is not a folder, holds no Python, or the options are wrong."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import (
    Footer,
    Header,
    Label,
    Static,
)


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
