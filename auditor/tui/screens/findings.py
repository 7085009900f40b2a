"""Lists of findings: of a check, of a file, all of them (k9s-style: sortable, filterable), and
(``--diff``) the findings this branch fixed; and the files view.

Errors come first wherever findings of several checks mix (the default sort); repeated
findings of one check in one file (or with one message) fold into a group row that expands;
``S`` / a click on a header sorts, ``I`` inverts, ``z`` changes the grouping.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Static

from auditor.report import Finding
from auditor.tui.model import (
    GROUPING_LABEL,
    STATUS_ICON,
    Row,
    Scope,
    category_title,
    finding_key,
    location,
    plural,
    rows_of,
    sort_findings,
)
from auditor.tui.screens.base import SEVERITY_VAR, ReportScreen, catalogue_class, check_brief
from auditor.tui.tables import ListHead, NavTable
from auditor.tui.widgets import (
    finding_cells,
    group_cells,
    md_inline,
    palette,
)

#: Column keys of a findings table, and the sort column each one sorts by.
_SORTS = {"severity": "severity", "check": "check", "location": "location", "message": "message"}


class FindingsScreen(ReportScreen):
    BINDINGS = [
        Binding("o", "open_editor", "Editor"),
        Binding("a", "apply_one", "Fix"),
        Binding("A", "apply_all", "Fix all", show=False),
        Binding("space", "toggle_group", "Expand", show=False),
        Binding("h", "collapse_or_back", "Back", show=False),
    ]

    def __init__(self, scope: Scope | None = None) -> None:
        super().__init__()
        self.scope = scope or Scope("all")
        self._rows: dict[str, Row] = {}
        self._order: list[str] = []
        self.expanded: set[str] = set()
        self._resolved: set[int] = set()
        self._n_items = 0

    # kept for the tests and the palette: what the list is of
    @property
    def check_id(self) -> str | None:
        return self.scope.value if self.scope.kind == "check" else None

    @property
    def path(self) -> str | None:
        return self.scope.value if self.scope.kind == "file" else None

    def compose_body(self) -> ComposeResult:
        with Vertical(id="findings-screen"):
            yield ListHead(id="findings-head", classes="screen-head")
            yield Static(id="findings-why", classes="why")
            yield NavTable(id="findings")
            yield Static(id="empty", classes="empty")
            yield Static(id="finding-preview", classes="brief")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#findings", NavTable).focus()

    # -- what the list holds -------------------------------------------------------------------
    def items(self) -> list[Finding]:
        """The findings of this list as shown: filtered, sorted (resolved ones included)."""
        app = self.app
        view = app.view
        found = view.in_scope(self.scope)
        if self.scope.kind != "fixed" and app.resolved:
            found = found + [f for f in app.resolved if self._in_scope(f) and view.gone_matches(f)]
        return sort_findings(found, app.sort_column, app.sort_reverse)

    def _in_scope(self, f: Finding) -> bool:
        kind, value = self.scope.kind, self.scope.value
        return (
            kind == "all"
            or (kind == "check" and f.check_id == value)
            or (kind == "file" and f.path == value)
        )

    def badge(self, f: Finding) -> str | None:
        if self.scope.kind == "fixed":
            return "fixed"
        if id(f) in self._resolved:
            return "resolved"
        return f.status

    # -- building the table ----------------------------------------------------------------------
    def populate(self) -> None:
        app = self.app
        if app.report is None:
            return
        self._resolved = {id(f) for f in app.resolved}
        self._head()
        table = self.query_one("#findings", NavTable)
        key = table.current_key()
        items = self.items()
        self._n_items = len(items)
        rows = rows_of(items, app.grouping, self.expanded)
        with_check = self.scope.mixes_checks
        with_badge = app.report.diff is not None or any(
            self.badge(f) in ("resolved", "fixed") for f in items
        )
        width = max(self.size.width, 60)
        sev_w, check_w, badge_w = 11, 7, 9
        loc_w = min(max((len(location(f)) for f in items), default=10) + 2, 46)
        loc_w = min(loc_w, max(16, width // 3))
        fixed_w = sev_w + (check_w + 2 if with_check else 0) + (badge_w + 2 if with_badge else 0)
        msg_w = max(20, width - fixed_w - loc_w - 10)
        table.clear(columns=True)
        arrow = " ▲" if app.sort_reverse else " ▼"

        def label(text: str, column: str) -> str:
            return text + (arrow if app.sort_column == column else "")

        if with_badge:
            table.add_column("", key="badge", width=badge_w)
        table.add_column(label("Severity", "severity"), key="severity", width=sev_w)
        if with_check:
            table.add_column(label("Check", "check"), key="check", width=check_w)
        table.add_column(label("Location", "location"), key="location", width=loc_w)
        table.add_column(label("Message", "message"), key="message", width=msg_w)
        colours = palette(app)
        self._rows = {}
        self._order = []
        for row in rows:
            k = row.key
            while k in self._rows:  # two findings the same in every way still get a row each
                k += "'"
            self._rows[k] = row
            self._order.append(k)
            if row.group is not None:
                cells = group_cells(
                    row.group,
                    colours,
                    with_check=with_check,
                    loc_width=loc_w,
                    expanded=row.expanded,
                    with_badge=with_badge,
                )
            else:
                assert row.finding is not None
                cells = finding_cells(
                    row.finding,
                    colours,
                    with_check=with_check,
                    loc_width=loc_w,
                    badge=self.badge(row.finding),
                    with_badge=with_badge,
                    depth=row.depth,
                )
            table.add_row(*cells, key=k)
        self._empty(items)
        self._restore(table, key)
        self._preview(table.current_key())
        self._position()

    def _restore(self, table: NavTable, key: str | None) -> None:
        """The cursor back on ``key`` (where a re-run moved it), on its group when the group
        is folded."""
        if key is not None and key not in self._rows:
            key = self.app.moved.get(key, key)
        if key is not None and key not in self._rows:
            for k, row in self._rows.items():
                if row.group is not None and any(finding_key(m) == key for m in row.group.members):
                    key = k
                    break
        table.restore(key)

    def _empty(self, items: list[Finding]) -> None:
        app = self.app
        table = self.query_one("#findings", NavTable)
        empty = self.query_one("#empty", Static)
        if items:
            empty.display = False
            table.display = True
            return
        result = app.view.checks_by_id.get(self.check_id or "")
        if self.scope.kind == "fixed":
            msg = "This branch fixed nothing the base had (or the filter hides it)."
        elif result is not None and result.status == "passed":
            msg = "This check passed: nothing to fix."
        elif result is not None and result.status in ("skipped", "errored"):
            msg = f"This check was {result.status}: {result.reason or 'not applicable'}."
        elif not app.report or not app.report.findings:
            msg = "No findings."
        else:
            msg = "No finding matches the filter."
        empty.update(Content.styled(msg, "$text-muted"))
        empty.display = True
        table.display = False

    def _head(self) -> None:
        app = self.app
        head = self.query_one("#findings-head", ListHead)
        why = self.query_one("#findings-why", Static)
        scope = self.scope
        tail: list = [
            "  ",
            (
                f"sorted by {app.sort_column}{' (inverted)' if app.sort_reverse else ''} (S, I)"
                f" · {GROUPING_LABEL[app.grouping]} (z)",
                "$text-muted",
            ),
        ]
        if scope.kind == "check":
            result = app.view.checks_by_id.get(scope.value)
            cls = catalogue_class(scope.value)
            name = result.name if result else (cls.name if cls else "")
            sev = result.severity if result else (cls.severity.value if cls else "info")
            cat = result.category if result else (cls.category if cls else "")
            parts: list = [
                (scope.value, "bold"),
                " ",
                (name, "bold"),
                "  ",
                (sev, SEVERITY_VAR[sev]),
                (f" · {category_title(cat)}", "$text-muted"),
            ]
            if result is not None and result.status != "failed":
                parts += [
                    "  ",
                    (
                        STATUS_ICON[result.status] + " " + result.status,
                        "$text-success" if result.status == "passed" else "$text-warning",
                    ),
                ]
            head.show(Content.assemble(*parts))
            why.update(check_brief(app, scope.value))
            why.display = True
            return
        if scope.kind == "file":
            head.show(Content.assemble(("File ", "$text-muted"), (scope.value, "bold"), *tail))
        elif scope.kind == "fixed":
            base = app.report.diff.base if app.report and app.report.diff else "the base"
            head.show(
                Content.assemble(
                    ("Fixed on this branch", "bold $text-success"),
                    (f"  findings of {base} that are gone", "$text-muted"),
                    *tail,
                )
            )
        else:
            head.show(Content.assemble(("All findings", "bold"), *tail))
        why.display = False

    def _position(self) -> None:
        table = self.query_one("#findings", NavTable)
        n_rows = table.row_count
        row = table.cursor_row if n_rows else None
        grouped = any(r.group is not None for r in self._rows.values())
        what = f"rows · {plural(self._n_items, 'finding')}" if grouped else ""
        self.query_one("#findings-head", ListHead).position(row, n_rows, what)

    def _preview(self, key: str | None) -> None:
        pane = self.query_one("#finding-preview", Static)
        row = self._rows.get(key or "")
        if row is None:
            pane.display = False
            return
        pane.display = True
        if row.group is not None:
            g = row.group
            first = g.members[0]
            where = (
                f"{first.path or '(project)'}, lines {g.lines(12)}"
                if g.mode == "file"
                else f"{plural(g.files, 'file')}"
            )
            parts: list = [
                (f"{len(g.members)} × {g.check_id}", f"bold {SEVERITY_VAR[g.severity]}"),
                "  ",
                (where, "bold"),
                "\n",
                md_inline(first.message)
                if g.same_message
                else Content.styled(
                    f"{len({f.message for f in g.members})} different messages", "italic"
                ),
                "\n",
                ("enter", "bold $text-accent"),
                (" or space folds them" if row.expanded else " or space lists them", "$text-muted"),
            ]
            fixable = sum(1 for f in g.members if f.fix and f.fix.diff and f.fix.safe)
            if fixable:
                parts += [
                    ("  ·  ", "$text-muted"),
                    ("a", "bold $text-accent"),
                    (f" applies {plural(fixable, 'safe fix', 'safe fixes')}", "$text-muted"),
                ]
            pane.update(Content.assemble(*parts))
            return
        f = row.finding
        assert f is not None
        parts = [
            (location(f), "bold"),
            "  ",
            (f.check_id, SEVERITY_VAR[f.severity]),
        ]
        badge = self.badge(f)
        if badge == "resolved":
            parts += ["  ", ("✓ gone after the re-run", "bold $text-success")]
        elif badge == "new":
            parts += ["  ", ("new on this branch", "bold $text-error")]
        parts += ["\n", md_inline(f.message)]
        if f.fix is not None:
            parts += ["\n", ("Fix: ", "bold $text-success"), md_inline(f.fix.title)]
            if f.fix.diff:
                parts.append(("  (the diff: enter · a applies it)", "$text-muted"))
        pane.update(Content.assemble(*parts))

    # -- the row under the cursor ----------------------------------------------------------------
    def current_row(self) -> Row | None:
        return self._rows.get(self.query_one("#findings", NavTable).current_key() or "")

    def current(self) -> Finding | None:
        row = self.current_row()
        if row is None:
            return None
        if row.group is not None:
            return row.group.members[0]
        return row.finding

    def ring(self) -> list[Finding]:
        """The findings ] and [ step through from a finding opened here: this list's order."""
        return [f for f in self.items() if self.badge(f) != "resolved"]

    @on(DataTable.RowHighlighted, "#findings")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._preview(event.row_key.value)
        self._position()

    @on(DataTable.RowSelected, "#findings")
    def _open(self, event: DataTable.RowSelected) -> None:
        row = self._rows.get(event.row_key.value or "")
        if row is None:
            return
        if row.group is not None:
            self._toggle(row)
            return
        if row.finding is not None:
            self.app.open_finding(row.finding, self.scope)

    @on(DataTable.HeaderSelected, "#findings")
    def _sort(self, event: DataTable.HeaderSelected) -> None:
        column = _SORTS.get(str(event.column_key.value))
        if column:
            self.app.sort_by(column)

    def _toggle(self, row: Row) -> None:
        assert row.group is not None
        if row.group.key in self.expanded:
            self.expanded.discard(row.group.key)
        else:
            self.expanded.add(row.group.key)
        self.refresh_view()
        self.query_one("#findings", NavTable).restore(row.group.key)

    def action_toggle_group(self) -> None:
        row = self.current_row()
        if row is not None and row.group is not None:
            self._toggle(row)

    def action_collapse_or_back(self) -> None:
        """h: fold the group the cursor is in (or on); back when there is none."""
        row = self.current_row()
        table = self.query_one("#findings", NavTable)
        if row is not None and row.group is not None and row.expanded:
            self._toggle(row)
            return
        if row is not None and row.depth:
            index = self._order.index(table.current_key() or "")
            for k in reversed(self._order[:index]):
                parent = self._rows[k]
                if parent.group is not None:
                    self._toggle(parent)
                    return
        self.action_back()

    def action_open_editor(self) -> None:
        f = self.current()
        if f is not None:
            self.app.open_in_editor(f.path, f.line, f.column)

    def action_apply_one(self) -> None:
        row = self.current_row()
        if row is None or self.scope.kind == "fixed":
            return
        if row.group is not None:
            self.app.apply_fixes(list(row.group.members), f"of {row.group.check_id} here")
            return
        f = row.finding
        if f is None or self.badge(f) == "resolved":
            return
        if f.fix is None or not f.fix.diff:
            self.app.notify("This finding has no fix to apply.", severity="warning")
            return
        self.app.apply_fixes([f], f"to {location(f)}", unsafe=not f.fix.safe)

    def action_apply_all(self) -> None:
        if self.scope.kind == "fixed":
            return
        items = [f for f in self.items() if self.badge(f) != "resolved"]
        what = {
            "check": f"of {self.scope.value}",
            "file": f"in {self.scope.value}",
        }.get(self.scope.kind, "of this list")
        self.app.apply_fixes(items, what)

    def status_hints(self) -> list:
        return [
            ("enter", "bold"),
            (" open · ", "$text-muted"),
            ("o", "bold"),
            (" editor · ", "$text-muted"),
            ("a", "bold"),
            (" fix · ", "$text-muted"),
            ("A", "bold"),
            (" fix all · ", "$text-muted"),
            ("S", "bold"),
            (" sort · ", "$text-muted"),
            ("z", "bold"),
            (" group", "$text-muted"),
        ]


class FilesScreen(ReportScreen):
    """Every file with a finding, worst first: counts by severity; enter lists its findings."""

    BINDINGS = [
        Binding("o", "open_editor", "Editor"),
        Binding("A", "apply_all", "Fix all", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        with Vertical(id="files-screen"):
            yield ListHead(id="files-head", classes="screen-head")
            yield NavTable(id="files")
            yield Static(id="empty", classes="empty")

    def on_mount(self) -> None:
        t = self.query_one("#files", NavTable)
        for label, key in (
            ("File", "path"),
            ("Errors", "error"),
            ("Warnings", "warning"),
            ("Info", "info"),
            ("Checks", "checks"),
        ):
            t.add_column(label, key=key)
        super().on_mount()
        t.focus()

    def populate(self) -> None:
        app = self.app
        if app.report is None:
            return
        rows = app.view.file_rows()
        if app.sort_column == "location":
            rows.sort(key=lambda r: r.path, reverse=app.sort_reverse)
        elif app.sort_reverse:
            rows.reverse()
        head = self.query_one("#files-head", ListHead)
        order = "by path" if app.sort_column == "location" else "worst first"
        head.show(
            Content.assemble(
                ("Findings by file", "bold"),
                (f"  {order} (S: by path / worst first)", "$text-muted"),
            )
        )
        table = self.query_one("#files", NavTable)
        key = table.current_key()
        table.clear()
        colours = palette(app)
        width = max(self.size.width - 40, 20)
        for r in rows:

            def n(value: int, tone: str) -> Text:
                return Text(f"{value:>6}", style=f"bold {colours[tone]}" if value else "dim")

            path = r.path if len(r.path) <= width else "…" + r.path[-(width - 1) :]
            table.add_row(
                Text(path, style="bold"),
                n(r.error, "error"),
                n(r.warning, "warning"),
                n(r.info, "info"),
                Text(f"{len(r.checks):>6}", style="dim"),
                key=r.path,
            )
        empty = self.query_one("#empty", Static)
        empty.display = not rows
        table.display = bool(rows)
        if not rows:
            empty.update(
                Content.styled("No file holds a finding the filter lets through.", "$text-muted")
            )
        table.restore(key)
        self._position()

    def status_hints(self) -> list:
        return [
            ("enter", "bold"),
            (" its findings · ", "$text-muted"),
            ("o", "bold"),
            (" editor · ", "$text-muted"),
            ("A", "bold"),
            (" fix all in the file · ", "$text-muted"),
            ("S", "bold"),
            (" sort", "$text-muted"),
        ]

    def _position(self) -> None:
        table = self.query_one("#files", NavTable)
        row = table.cursor_row if table.row_count else None
        self.query_one("#files-head", ListHead).position(row, table.row_count, "files")

    @on(DataTable.RowHighlighted, "#files")
    def _highlighted(self) -> None:
        self._position()

    @on(DataTable.RowSelected, "#files")
    def _open(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.app.open_file(event.row_key.value)

    def action_open_editor(self) -> None:
        path = self.query_one("#files", NavTable).current_key()
        if path:
            self.app.open_in_editor(path, None)

    def action_apply_all(self) -> None:
        path = self.query_one("#files", NavTable).current_key()
        if path:
            self.app.apply_fixes(self.app.view.findings_in_file(path), f"in {path}")
