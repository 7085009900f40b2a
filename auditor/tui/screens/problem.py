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
        Binding("q", "quit", "Quit"),
        Binding("escape", "quit", "Quit", show=False),
        Binding("r", "retry", "Try again"),
    ]

    def __init__(
        self, title: str, detail: str, hint: str, exit_code: int = 2, retry: bool = True
    ) -> None:
        super().__init__()
        self.title_text = title
        self.detail = detail
        self.hint = hint
        self.exit_code = exit_code  # like ``auditor audit``: 2 for a target or usage error
        self.retry = retry  # False when running again cannot help (a wrong --select)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return self.retry
        return True

    def action_retry(self) -> None:
        self.app.action_rerun()  # type: ignore[attr-defined]

    def action_quit(self) -> None:
        self.app.exit(return_code=self.exit_code)

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
