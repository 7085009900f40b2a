"""The findings of a check, or of a file."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import (
    DataTable,
    Static,
)

from auditor.report import Finding
from auditor.tui.model import CATEGORY_TITLES, STATUS_ICON, location
from auditor.tui.screens.base import SEVERITY_VAR, ReportScreen, catalogue_class, check_brief
from auditor.tui.widgets import (
    NavTable,
    finding_cells,
    md_inline,
    palette,
)


class FindingsScreen(ReportScreen):
    BINDINGS = [Binding("o", "open_editor", "Editor")]

    def __init__(self, check_id: str | None = None, path: str | None = None) -> None:
        super().__init__()
        self.check_id = check_id
        self.path = path
        self._rows: dict[str, Finding] = {}

    def compose_body(self) -> ComposeResult:
        with Vertical(id="findings-screen"):
            yield Static(id="findings-head", classes="screen-head")
            yield Static(id="findings-why", classes="why")
            yield NavTable(id="findings")
            yield Static(id="empty", classes="empty")
            yield Static(id="finding-preview", classes="brief")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#findings", NavTable).focus()

    def items(self) -> list[Finding]:
        view = self.app.view
        if self.check_id is not None:
            return view.findings_of(self.check_id)
        return view.findings_in_file(self.path or "")

    def populate(self) -> None:
        app = self.app
        if app.report is None:
            return
        head = self.query_one("#findings-head", Static)
        why = self.query_one("#findings-why", Static)
        if self.check_id is not None:
            result = app.view.checks_by_id.get(self.check_id)
            cls = catalogue_class(self.check_id)
            name = result.name if result else (cls.name if cls else "")
            sev = result.severity if result else (cls.severity.value if cls else "info")
            cat = result.category if result else (cls.category if cls else "")
            parts: list = [
                (self.check_id, "bold"),
                " ",
                (name, "bold"),
                "  ",
                (sev, SEVERITY_VAR[sev]),
                (f" · {CATEGORY_TITLES.get(cat, cat)}", "$text-muted"),
            ]
            if result is not None and result.status != "failed":
                parts += [
                    "  ",
                    (
                        STATUS_ICON[result.status] + " " + result.status,
                        "$text-success" if result.status == "passed" else "$text-warning",
                    ),
                ]
            head.update(Content.assemble(*parts))
            why.update(check_brief(app, self.check_id))
            why.display = True
        else:
            head.update(Content.assemble(("File ", "$text-muted"), (self.path or "", "bold")))
            why.display = False
        table = self.query_one("#findings", NavTable)
        key = table.current_key()
        table.clear(columns=True)
        with_check = self.check_id is None
        width = max(self.size.width, 60)
        sev_w, check_w = 8, 7
        items = self.items()
        loc_w = min(max((len(location(f)) for f in items), default=10), 42)
        msg_w = max(20, width - sev_w - (check_w + 2 if with_check else 0) - loc_w - 10)
        table.add_column("Severity", key="severity", width=sev_w)
        if with_check:
            table.add_column("Check", key="check", width=check_w)
        table.add_column("Location", key="location", width=loc_w)
        table.add_column("Message", key="message", width=msg_w)
        colours = palette(app)
        self._rows = {}
        for i, f in enumerate(items):
            k = f"f{i}"
            self._rows[k] = f
            table.add_row(*finding_cells(f, colours, with_check), key=k)
        empty = self.query_one("#empty", Static)
        if not items:
            result = app.view.checks_by_id.get(self.check_id or "")
            if result is not None and result.status == "passed":
                msg = "This check passed: nothing to fix."
            elif result is not None and result.status in ("skipped", "errored"):
                msg = f"This check was {result.status}: {result.reason or 'not applicable'}."
            else:
                msg = "No finding matches the filter."
            empty.update(Content.styled(msg, "$text-muted"))
            empty.display = True
            table.display = False
        else:
            empty.display = False
            table.display = True
        table.restore(key)
        self._preview(table.current_key())

    def _preview(self, key: str | None) -> None:
        pane = self.query_one("#finding-preview", Static)
        f = self._rows.get(key or "")
        if f is None:
            pane.display = False
            return
        pane.display = True
        parts: list = [
            (location(f), "bold"),
            "  ",
            (f.check_id, SEVERITY_VAR[f.severity]),
            "\n",
            md_inline(f.message),
        ]
        if f.fix is not None:
            parts += ["\n", ("Fix: ", "bold $text-success"), md_inline(f.fix.title)]
            if f.fix.diff:
                parts.append(("  (diff in the detail: enter)", "$text-muted"))
        pane.update(Content.assemble(*parts))

    def current(self) -> Finding | None:
        return self._rows.get(self.query_one("#findings", NavTable).current_key() or "")

    @on(DataTable.RowHighlighted, "#findings")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._preview(event.row_key.value)

    @on(DataTable.RowSelected, "#findings")
    def _open(self, event: DataTable.RowSelected) -> None:
        f = self._rows.get(event.row_key.value or "")
        if f is not None:
            self.app.open_finding(f, self.items())

    def action_open_editor(self) -> None:
        f = self.current()
        if f is not None:
            self.app.open_in_editor(f)
