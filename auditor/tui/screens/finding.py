"""One finding: why it matters, the user's code around the line, the fix, and the sources.

``]`` / ``[`` step through the list it was opened from (in that list's order); ``a`` shows the
fix's diff and applies it; after a re-run the screen keeps its finding where it still exists
(its line may have moved) and says so when it is gone.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.style import Style
from textual.widgets import Label, Markdown, Static

from auditor.report import Finding
from auditor.tui.model import Scope, finding_key, location, sort_findings, source_titles
from auditor.tui.screens.base import SEVERITY_VAR, ReportScreen, catalogue_class
from auditor.tui.widgets import code_view, diff_view, md_inline


class FindingScreen(ReportScreen):
    """Why it matters, the user's code around the line, the fix, and the sources."""

    BINDINGS = [
        Binding("o", "open_editor", "Editor"),
        Binding("a", "apply", "Fix"),
        Binding("right_square_bracket", "step(1)", "Next", key_display="]"),
        Binding("left_square_bracket", "step(-1)", "Previous", key_display="[", show=False),
        Binding("j", "scroll('down')", "Scroll down", show=False),
        Binding("k", "scroll('up')", "Scroll up", show=False),
        Binding("g,home", "scroll('home')", "Top", show=False),
        Binding("G,end", "scroll('end')", "Bottom", show=False),
    ]

    def __init__(self, finding: Finding, scope: Scope | None = None) -> None:
        super().__init__()
        self.finding = finding
        self.scope = scope or Scope("check", finding.check_id)
        self.gone = False  # a re-run no longer finds it
        self._index = 0

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
        left = self.query_one("#finding-left", VerticalScroll)
        right = self.query_one("#finding-right", VerticalScroll)
        left.border_title, right.border_title = "code and fix", "why"
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

    # -- the list it steps through ----------------------------------------------------------------
    def ring(self) -> list[Finding]:
        """The list this finding was opened from, in its order (today's report)."""
        app = self.app
        if app.report is None:
            return [self.finding]
        return sort_findings(app.view.in_scope(self.scope), app.sort_column, app.sort_reverse)

    def _follow(self, ring: list[Finding]) -> None:
        """After a re-run: the same finding in the new report (its line may have moved), or
        the note that it is gone."""
        key = finding_key(self.finding)
        keys = {finding_key(f): f for f in ring}
        if self.scope.kind != "fixed" and self.app.report is not None:
            keys.update((finding_key(f), f) for f in self.app.report.findings)
        key = key if key in keys else self.app.moved.get(key, key)
        if key in keys:
            self.finding, self.gone = keys[key], False
        else:
            self.gone = True

    def populate(self) -> None:
        app = self.app
        ring = self.ring()
        self._follow(ring)
        f = self.finding
        if f in ring:
            self._index = ring.index(f)
        pos = f"{self._index + 1} of {len(ring)}" if f in ring and len(ring) > 1 else ""
        head: list = [
            (f.check_id, "bold"),
            " ",
            (f.name, "bold"),
            "  ",
            (f.severity, SEVERITY_VAR[f.severity]),
            "  ",
            (location(f) if not f.column else f"{location(f)}:{f.column}", "bold $text-accent"),
        ]
        if f.status == "new" and self.scope.kind != "fixed":
            head += ["  ", ("new on this branch", "bold $text-error")]
        if self.scope.kind == "fixed":
            head += ["  ", ("fixed on this branch", "bold $text-success")]
        if self.gone:
            head += ["  ", ("✓ gone after the re-run", "bold reverse $text-success")]
        if pos:
            head += ["  ", (pos, "$text-muted")]
        self.query_one("#finding-head", Static).update(Content.assemble(*head))
        self.query_one("#finding-message", Static).update(md_inline(f.message))
        code = self.query_one("#code", Static)
        if self.scope.kind == "fixed":
            code.update(
                Content.styled(
                    f"This finding was at the base, in {location(f)}: this branch no longer has it.",
                    "$text-muted",
                )
            )
        elif f.path is None:
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
        self._fix(f)
        self._sources(f)

    def _fix(self, f: Finding) -> None:
        fix_title = self.query_one("#fix-title", Static)
        fix_diff = self.query_one("#fix-diff", Static)
        if f.fix is None:
            fix_title.update(Content.styled("This check has no suggested fix.", "$text-muted"))
            fix_diff.display = False
            return
        safety = ""
        if f.fix.diff and not self.gone and self.scope.kind != "fixed":
            safety = (
                "safe: it cannot change behaviour · a applies it"
                if f.fix.safe
                else "unsafe: review the change · a applies it"
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

    def _sources(self, f: Finding) -> None:
        """Each source by its label, its title and its link (clickable where it has one)."""
        cls = catalogue_class(f.check_id)
        sources = self.query_one("#sources", Static)
        if cls is None or not cls.sources:
            sources.update(Content.styled("No source document recorded.", "$text-muted"))
            return
        parts: list = []
        for i, (label, title, url) in enumerate(source_titles(cls.sources)):
            if i:
                parts.append("\n")
            parts += [("• ", "$text-accent"), (label, "bold")]
            if title != label:
                parts += ["\n  ", (title, "$text-muted")]
            if url:
                parts += ["\n  ", (url, Style(link=url, underline=True))]
        sources.update(Content.assemble(*parts))

    def _render_explanation(self) -> None:
        cls = catalogue_class(self.finding.check_id)
        text = (
            cls.explanation()
            if cls is not None
            else f"No explanation: `{self.finding.check_id}` is not in this catalogue."
        )
        self.query_one("#explanation", Markdown).update(text)

    # -- keys ----------------------------------------------------------------------------------
    def action_step(self, delta: int) -> None:
        ring = self.ring()
        if not ring or (len(ring) < 2 and self.finding in ring):
            return
        if self.finding in ring:
            i = (ring.index(self.finding) + delta) % len(ring)
        else:  # gone or filtered out: the neighbour at its place
            i = (self._index + (delta if delta < 0 else 0)) % len(ring)
        changed_check = ring[i].check_id != self.finding.check_id
        self.finding, self.gone, self._index = ring[i], False, i
        self.refresh_view()
        if changed_check:
            self._render_explanation()
        # both the body (one column) and the code pane (two) start at the top again
        for pane in ("#finding-body", "#finding-left", "#finding-right"):
            self.query_one(pane, VerticalScroll).scroll_home(animate=False)

    def _pane(self) -> VerticalScroll:
        if self.has_class("-narrow"):  # one column: the body scrolls
            return self.query_one("#finding-body", VerticalScroll)
        focused = self.focused
        if isinstance(focused, VerticalScroll) and focused.id != "finding-body":
            return focused
        return self.query_one("#finding-left", VerticalScroll)

    def action_scroll(self, direction: str) -> None:
        pane = self._pane()
        if direction == "down":
            pane.scroll_down(animate=False)
        elif direction == "up":
            pane.scroll_up(animate=False)
        elif direction == "home":
            pane.scroll_home(animate=False)
        else:
            pane.scroll_end(animate=False)

    def action_open_editor(self) -> None:
        f = self.finding
        self.app.open_in_editor(f.path, f.line, f.column)

    def action_apply(self) -> None:
        f = self.finding
        if self.scope.kind == "fixed" or self.gone:
            self.app.notify("Nothing to apply: this finding is gone.", severity="information")
            return
        if f.fix is None or not f.fix.diff:
            self.app.notify("This finding has no fix to apply.", severity="warning")
            return
        self.app.apply_fixes([f], f"to {location(f)}", unsafe=not f.fix.safe)

    def focus_main(self) -> None:
        """The code pane beside the explanation; the whole body in one column."""
        narrow = self.has_class("-narrow")
        self.query_one("#finding-body" if narrow else "#finding-left").focus()

    def status_hints(self) -> list:
        return [
            ("] [", "bold"),
            (" next / previous · ", "$text-muted"),
            ("tab", "bold"),
            (" switch pane · ", "$text-muted"),
            ("o", "bold"),
            (" editor · ", "$text-muted"),
            ("a", "bold"),
            (" apply the fix", "$text-muted"),
        ]
