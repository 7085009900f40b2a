"""Dialogs: the Markdown export, the yes/no confirmation, and applying fixes (the diff of one,
or the files of many, before anything is written)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    Static,
)

from auditor.tui.model import plural
from auditor.tui.widgets import diff_view

if TYPE_CHECKING:  # pragma: no cover
    from auditor.report import Finding

#: The size of a GitHub comment: what "fit a pull-request comment" keeps the export under.
DEFAULT_BUDGET = 65_536


@dataclass(frozen=True)
class ExportRequest:
    path: str
    filtered: bool
    budget: int | None = None  # fit a pull-request comment: at most this many characters


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
        diff: bool = False,
    ) -> None:
        super().__init__()
        self.default_path = default_path
        self.total = total
        self.filtered = filtered
        self.filtered_first = filtered_first
        self.note = note
        self.diff = diff

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box", classes="dialog"):
            yield Label(Content.styled("Export to Markdown", "bold"), id="export-title")
            yield Label("File", classes="field-label")
            yield Input(value=self.default_path, id="export-path")
            if self.filtered is not None:
                label = f"Only what is filtered: {self.filtered} of {plural(self.total, 'finding')} ({self.note})"
                yield Checkbox(label, value=self.filtered_first, id="export-filtered")
            else:
                yield Label(
                    Content.styled(
                        f"The whole report: {plural(self.total, 'finding')} (no filter is active).",
                        "$text-muted",
                    ),
                    id="export-whole",
                )
            yield Checkbox(
                f"Fit a pull-request comment ({DEFAULT_BUDGET:,} characters)",
                value=False,
                id="export-budget",
            )
            if self.diff:
                yield Label(
                    Content.styled(
                        "The comparison with the base is kept: before → after, new and fixed findings.",
                        "$text-muted",
                    ),
                    id="export-diff",
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
        budget = DEFAULT_BUDGET if self.query_one("#export-budget", Checkbox).value else None
        self.dismiss(ExportRequest(path=path, filtered=filtered, budget=budget))

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


class ApplyScreen(ModalScreen[bool]):
    """Apply fixes? One fix shows its diff; several list their files.  Nothing is written
    before y."""

    BINDINGS = [
        Binding("y", "answer(True)", "Apply"),
        Binding("n", "answer(False)", "Cancel"),
        Binding("escape", "answer(False)", "Cancel", show=False),
        Binding("j", "scroll(1)", "Down", show=False),
        Binding("k", "scroll(-1)", "Up", show=False),
    ]

    def __init__(self, findings: Sequence[Finding], what: str, left_out: int = 0) -> None:
        super().__init__()
        self.findings = list(findings)
        self.what = what
        self.left_out = left_out

    def compose(self) -> ComposeResult:
        n = len(self.findings)
        unsafe = any(f.fix is not None and not f.fix.safe for f in self.findings)
        files = sorted({f.path or "" for f in self.findings})
        kind = "unsafe fix" if unsafe else "safe fix"
        title = f"Apply {plural(n, kind, kind + 'es')} {self.what}?"
        with Vertical(id="apply-box", classes="dialog"):
            yield Label(Content.styled(title, "bold"), id="apply-title")
            if unsafe:
                yield Label(
                    Content.styled(
                        "This fix can change behaviour: read the diff before applying it.",
                        "$text-warning",
                    ),
                    classes="apply-note",
                )
            with VerticalScroll(id="apply-body"):
                if n == 1 and self.findings[0].fix and self.findings[0].fix.diff:
                    yield Static(diff_view(self.findings[0].fix.diff), classes="code")
                else:
                    counts: dict[str, int] = {}
                    for f in self.findings:
                        counts[f.path or ""] = counts.get(f.path or "", 0) + 1
                    lines = [
                        Content.assemble(
                            ("  " + path, "bold"),
                            (f"  {plural(counts[path], 'fix', 'fixes')}", "$text-muted"),
                        )
                        for path in files
                    ]
                    yield Static(Content("\n").join(lines), id="apply-files")
            note = (
                f"{plural(len(files), 'file')} will be written (atomically; nothing else is touched), "
                "then the audit runs again."
            )
            if self.left_out:
                note += f" {plural(self.left_out, 'unsafe fix', 'unsafe fixes')} left out: apply them one by one."
            yield Label(Content.styled(note, "$text-muted"), classes="apply-note")
            with Horizontal(id="apply-buttons"):
                yield Button("Apply (y)", variant="success", id="apply-yes")
                yield Button("Cancel (n)", id="apply-no")

    def on_mount(self) -> None:
        self.query_one("#apply-no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def action_scroll(self, delta: int) -> None:
        body = self.query_one("#apply-body", VerticalScroll)
        (body.scroll_down if delta > 0 else body.scroll_up)(animate=False)

    @on(Button.Pressed, "#apply-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#apply-no")
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
