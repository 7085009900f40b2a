"""The widgets shown once there is a report: the row-cursor table of every list, the grade card,
the summary beside it, the head of each list and the filter bar.

Apart from the other widgets: Textual's DataTable and Digits are not imported for the first
frame (the scan panel), which shows no table, nor are these classes defined for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import DataTable, Digits, Label, Static

if TYPE_CHECKING:  # pragma: no cover
    from auditor.report import Report


class NavTable(DataTable):
    """A row-cursor table with the keys of every list in the app: j/k, g/G and home/end
    (first / last row, as in lazygit and k9s), l (go in, like enter)."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g,home", "scroll_top", "First", show=False),
        Binding("G,end", "scroll_bottom", "Last", show=False),
        Binding("l", "select_cursor", "Open", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)

    def current_key(self) -> str | None:
        if self.row_count == 0:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:
            return None
        return key.value

    def restore(self, key: str | None) -> None:
        """Put the cursor back on ``key`` after a rebuild (or on the first row)."""
        if self.row_count == 0:
            return
        row = 0
        if key is not None:
            try:
                row = self.get_row_index(key)
            except Exception:
                row = 0
        self.move_cursor(row=row, animate=False, scroll=True)


class GradeCard(Vertical):
    """The overall grade, big."""

    def compose(self) -> ComposeResult:
        yield Digits("-", id="grade-digits")
        yield Label("grade", id="grade-label")

    def show(self, grade: str | None, label: str = "grade") -> None:
        """The grade, and under it "grade", "not graded" or "incomplete" (the coverage)."""
        self.query_one(Digits).update(grade or "-")
        for g in "ABCDF":
            self.set_class(grade == g, f"grade-{g}")
        self.set_class(grade is None, "grade-none")
        self.set_class(label != "grade", "-caveat")
        self.query_one("#grade-label", Label).update(label)


class SummaryText(Static):
    """Score, counts by severity, git and file counts."""

    @staticmethod
    def _counts(c) -> list:
        return [
            (
                f"● {c.error} error{'s' if c.error != 1 else ''}",
                "$text-error" if c.error else "$text-muted",
            ),
            "   ",
            (
                f"● {c.warning} warning{'s' if c.warning != 1 else ''}",
                "$text-warning" if c.warning else "$text-muted",
            ),
            "   ",
            (f"● {c.info} info", "$text-primary" if c.info else "$text-muted"),
            "\n",
        ]

    def show(self, report: Report, with_grade: bool = False) -> None:
        from auditor.report import coverage_notes

        s = report.summary
        score = "no applicable check" if s.score is None else f"{s.score}/100"
        parts: list = []
        notes: list = []
        for note in coverage_notes(s):  # what the grade does not cover: beside it, loud
            notes += [("⚠ " + note[0].upper() + note[1:], "bold $text-warning"), "\n"]
        if not with_grade:
            parts += notes
        if with_grade:  # the grade card is hidden on short terminals
            tone = {
                "A": "$text-success",
                "B": "$text-success",
                "C": "$text-warning",
                "D": "$text-warning",
                "F": "$text-error",
            }.get(s.grade or "", "$text-muted")
            parts += [("Grade ", "bold"), (s.grade or "–", f"bold reverse {tone}"), "  "]
            parts += [("Score ", "bold"), (score, "bold"), "\n", *notes]
        else:
            parts += [("Score ", "bold"), (score, "bold"), "\n"]

        d = report.diff
        if d is not None:
            before = "–" if d.before.score is None else f"{d.before.grade} ({d.before.score})"
            after = "–" if d.after.score is None else f"{d.after.grade} ({d.after.score})"
            parts += [
                ("This branch ", "bold"),
                (f"{before} → {after}", "bold $text-accent"),
                (f"  vs {d.base}", "$text-muted"),
                "  ",
                (f"{d.counts.new} new", "bold $text-error" if d.counts.new else "$text-muted"),
                " · ",
                (
                    f"{d.counts.fixed} fixed",
                    "bold $text-success" if d.counts.fixed else "$text-muted",
                ),
                "\n",
            ]
        c = s.counts
        if not (c.error or c.warning or c.info):
            parts += [("✓ no findings", "bold $text-success"), "\n"]
        else:
            parts += self._counts(c)
        git = report.target.git
        if git is None:
            parts.append(("not a git repository", "$text-muted"))
        elif git.head is None:
            parts.append(
                (f"git: no commits yet{' on ' + git.branch if git.branch else ''}", "$text-muted")
            )
        else:
            parts += [
                ("git ", "$text-muted"),
                (git.branch or "detached HEAD", "bold"),
                " @ ",
                (git.head[:10], "$text-accent"),
            ]
            if git.dirty:
                parts.append((" · uncommitted changes", "$text-warning"))
        parts += ["\n", (f"{s.python_files} Python files of {s.files}", "$text-muted")]
        if s.files_not_audited:
            parts.append((f" · {s.files_not_audited} not audited (4 lists them)", "$text-warning"))
        self.update(Content.assemble(*parts))


class FilterBar(Horizontal):
    """The text filter: ``/`` opens it, enter keeps it, escape clears it (the app's priority
    keys: ``AuditorApp.action_close_filter``).  Mounted the first time it is needed (a
    screen's first frame does not wait for an Input)."""

    def __init__(self, value: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._value = value

    def compose(self) -> ComposeResult:
        from textual.widgets import Input

        yield Label("/", id="filter-prompt")
        yield Input(
            value=self._value, placeholder="filter by path, check ID or message", id="filter-input"
        )

    @property
    def input(self):
        from textual.widgets import Input

        return self.query_one(Input)


class ListHead(Horizontal):
    """A list screen's head: what it lists on the left, ``12 of 65`` on the right."""

    def compose(self) -> ComposeResult:
        yield Static(id="head-title", classes="head-title")
        yield Static(id="head-position", classes="head-position")

    def show(self, title: Content) -> None:
        self.query_one("#head-title", Static).update(title)

    def position(self, index: int | None, total: int, what: str = "") -> None:
        """``12 of 65`` (the cursor's row of ``total``), or just the count."""
        text = f"{index + 1} of {total}" if index is not None and total else f"{total}"
        if what:
            text += f" {what}"
        self.query_one("#head-position", Static).update(Content.styled(text, "$text-muted"))
