"""The widgets shown once there is a report: the row-cursor table of every list, the grade card.

Apart from the other widgets: Textual's DataTable and Digits are not imported for the first
frame (the scan panel), which shows no table.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Digits, Label


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
