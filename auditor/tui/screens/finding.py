"""One finding: why it matters, the user's code around the line, the fix, and the sources."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import (
    Label,
    Markdown,
    Static,
)

from auditor.report import Finding
from auditor.tui.model import location, source_titles
from auditor.tui.screens.base import SEVERITY_VAR, ReportScreen, catalogue_class
from auditor.tui.widgets import (
    code_view,
    diff_view,
    md_inline,
)


class FindingScreen(ReportScreen):
    """Why it matters, the user's code around the line, the fix, and the sources."""

    BINDINGS = [
        Binding("o", "open_editor", "Editor"),
        Binding("right_square_bracket", "step(1)", "Next", key_display="]"),
        Binding("left_square_bracket", "step(-1)", "Previous", key_display="[", show=False),
        Binding("j", "scroll('down')", "Scroll down", show=False),
        Binding("k", "scroll('up')", "Scroll up", show=False),
    ]

    def __init__(self, finding: Finding, siblings: list[Finding] | None = None) -> None:
        super().__init__()
        self.finding = finding
        self.ring = siblings or [finding]

    def compose_body(self) -> ComposeResult:
        with Vertical(id="finding-screen"):
            yield Static(id="finding-head", classes="screen-head")
            yield Static(id="finding-message")
            with VerticalScroll(id="finding-body"):
                with VerticalScroll(id="finding-left", classes="pane"):
                    yield Label("Your code", classes="section")
                    yield Static(id="code", classes="code")
                    yield Label("Suggested fix", classes="section", id="fix-label")
                    yield Static(id="fix-title")
                    yield Static(id="fix-diff", classes="code")
                with VerticalScroll(id="finding-right", classes="pane"):
                    yield Label("Why it matters", classes="section")
                    yield Markdown(id="explanation")
                    yield Label("Sources", classes="section")
                    yield Static(id="sources")

    def on_mount(self) -> None:
        super().on_mount()
        self.focus_main()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh_view())
        self._render_explanation()

    def on_resize(self) -> None:  # the body reflows by itself; keep the focus where keys scroll
        if self.focused is None or self.focused.id in (
            "finding-body",
            "finding-left",
            "finding-right",
        ):
            self.call_after_refresh(self.focus_main)

    def populate(self) -> None:
        app = self.app
        f = self.finding
        pos = (
            f"{self.ring.index(f) + 1} of {len(self.ring)}"
            if f in self.ring and len(self.ring) > 1
            else ""
        )
        head: list = [
            (f.check_id, "bold"),
            " ",
            (f.name, "bold"),
            "  ",
            (f.severity, SEVERITY_VAR[f.severity]),
            "  ",
            (location(f) if not f.column else f"{location(f)}:{f.column}", "bold $text-accent"),
        ]
        if pos:
            head += ["  ", (pos, "$text-muted")]
        self.query_one("#finding-head", Static).update(Content.assemble(*head))
        self.query_one("#finding-message", Static).update(md_inline(f.message))
        code = self.query_one("#code", Static)
        if f.path is None:
            code.update(
                Content.styled(
                    "A project-level finding: it is about the project as a whole, not one line.",
                    "$text-muted",
                )
            )
        elif not f.line:
            code.update(Content.styled(f"{f.path}: about the file as a whole.", "$text-muted"))
        else:
            code.update(code_view(app.read_source(f.path), f.path, f.line, f.end_line))
        fix_title = self.query_one("#fix-title", Static)
        fix_diff = self.query_one("#fix-diff", Static)
        if f.fix is None:
            fix_title.update(Content.styled("This check has no suggested fix.", "$text-muted"))
            fix_diff.display = False
        else:
            safety = ""
            if f.fix.diff:
                safety = (
                    "safe: it cannot change behaviour"
                    if f.fix.safe
                    else "unsafe: review the change"
                )
            fix_title.update(
                Content.assemble(
                    md_inline(f.fix.title, "bold $text-success"),
                    ("  " + safety if safety else "", "$text-muted"),
                )
            )
            if f.fix.diff:
                fix_diff.update(diff_view(f.fix.diff))
                fix_diff.display = True
            else:
                fix_diff.display = False
        cls = catalogue_class(f.check_id)
        sources = self.query_one("#sources", Static)
        if cls is not None and cls.sources:
            parts: list = []
            for i, (name, title) in enumerate(source_titles(cls.sources)):
                parts += (["\n"] if i else []) + [
                    ("• ", "$text-accent"),
                    (title, "bold"),
                    (f"  {name}", "$text-muted"),
                ]
            sources.update(Content.assemble(*parts))
        else:
            sources.update(Content.styled("No source document recorded.", "$text-muted"))

    def _render_explanation(self) -> None:
        cls = catalogue_class(self.finding.check_id)
        text = (
            cls.explanation()
            if cls is not None
            else f"No explanation: `{self.finding.check_id}` is not in this catalogue."
        )
        self.query_one("#explanation", Markdown).update(text)

    def action_step(self, delta: int) -> None:
        if self.finding not in self.ring or len(self.ring) < 2:
            return
        i = (self.ring.index(self.finding) + delta) % len(self.ring)
        changed_check = self.ring[i].check_id != self.finding.check_id
        self.finding = self.ring[i]
        self.refresh_view()
        if changed_check:
            self._render_explanation()
        self.query_one("#finding-left", VerticalScroll).scroll_home(animate=False)

    def action_scroll(self, direction: str) -> None:
        if self.has_class("-narrow"):  # one column: the body scrolls
            pane = self.query_one("#finding-body", VerticalScroll)
        else:
            focused = self.focused
            pane = (
                focused
                if isinstance(focused, VerticalScroll) and focused.id != "finding-body"
                else self.query_one("#finding-left", VerticalScroll)
            )
        if direction == "down":
            pane.scroll_down(animate=False)
        else:
            pane.scroll_up(animate=False)

    def action_open_editor(self) -> None:
        self.app.open_in_editor(self.finding)

    def focus_main(self) -> None:
        """The code pane beside the explanation; the whole body in one column."""
        narrow = self.has_class("-narrow")
        self.query_one("#finding-body" if narrow else "#finding-left").focus()
