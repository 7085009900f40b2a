"""Dialogs: the Markdown export, and the yes/no confirmation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    Static,
)


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


def resolve_export_path(raw: str, default_name: str, cwd: Path | None = None) -> Path:
    """The file an export writes: ``~`` expanded, relative to ``cwd``, a folder gets the default name."""
    p = Path(raw).expanduser()
    if not p.is_absolute():
        p = (cwd or Path.cwd()) / p
    if p.is_dir():
        p = p / default_name
    return p
