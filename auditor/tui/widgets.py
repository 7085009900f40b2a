"""Widgets for the parts of the screens: tables, the grade card, the scan panel, code and diffs."""

from __future__ import annotations

import re

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.highlight import highlight
from textual.message import Message
from textual.widgets import DataTable, Digits, Input, Label, ProgressBar, Static

from auditor.engine import Progress
from auditor.exporters.markdown import language
from auditor.report import Finding, Report

_EMPHASIS = re.compile(r"\*\*(\S(?:.*?\S)?)\*\*|(?<![\w*])\*(\S(?:[^*]*?\S)?)\*(?![\w*])")

#: Lines of code shown around a finding in its detail view.
CODE_CONTEXT = 6


def palette(app) -> dict[str, str]:
    """Colours for rich Text cells from the current theme (tables are rebuilt on theme change)."""
    v = getattr(app, "theme_variables", None) or app.get_css_variables()

    def pick(*names: str, default: str) -> str:
        for n in names:
            val = v.get(n)
            if isinstance(val, str) and val.startswith("#"):
                return val[:7]
        return default

    return {
        "error": pick("text-error", "error", default="red"),
        "warning": pick("text-warning", "warning", default="yellow"),
        "info": pick("text-primary", "primary", default="blue"),
        "success": pick("text-success", "success", default="green"),
        "accent": pick("text-accent", "accent", default="magenta"),
        "fg": pick("foreground", default="default"),
    }


GRADE_TONE = {
    "A": "success",
    "B": "success",
    "C": "warning",
    "D": "warning",
    "F": "error",
    None: "fg",
}
STATUS_TONE = {"failed": "error", "passed": "success", "skipped": "fg", "errored": "warning"}


class NavTable(DataTable):
    """A row-cursor table with j/k, as every list in the app."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
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


def bar(score: int | None, width: int, colour: str) -> Text:
    if score is None:
        return Text("n/a".ljust(width + 4), style="dim")
    filled = round(width * score / 100)
    t = Text()
    t.append("█" * filled, style=colour)
    t.append("░" * (width - filled), style="dim")
    t.append(f" {score:>3}", style=f"bold {colour}")
    return t


class GradeCard(Vertical):
    """The overall grade, big."""

    def compose(self) -> ComposeResult:
        yield Digits("-", id="grade-digits")
        yield Label("grade", id="grade-label")

    def show(self, grade: str | None) -> None:
        self.query_one(Digits).update(grade or "-")
        for g in "ABCDF":
            self.set_class(grade == g, f"grade-{g}")
        self.set_class(grade is None, "grade-none")


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
        s = report.summary
        score = "no applicable check" if s.score is None else f"{s.score}/100"
        parts: list = []
        if with_grade:  # the grade card is hidden on short terminals
            tone = {
                "A": "$text-success",
                "B": "$text-success",
                "C": "$text-warning",
                "D": "$text-warning",
                "F": "$text-error",
            }.get(s.grade or "", "$text-muted")
            parts += [("Grade ", "bold"), (s.grade or "–", f"bold reverse {tone}"), "  "]
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
        if s.parse_errors:
            parts.append((f" · {s.parse_errors} could not be parsed", "$text-error"))
        self.update(Content.assemble(*parts))


class ScanPanel(Vertical):
    """Progress of the audit: files parsed / total and the current file."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="scan-head"):
            yield Label("", id="scan-title")
            yield Label(Content.assemble(("esc", "bold $text-accent"), " cancel"), id="scan-cancel")
        yield ProgressBar(total=None, show_eta=False, id="scan-bar")
        yield Label("", id="scan-file")

    def start(self, target: str) -> None:
        self._target = target
        self.query_one("#scan-title", Label).update(
            Content.assemble("Auditing ", (target, "bold"), " …")
        )
        self.query_one("#scan-file", Label).update(
            Content.styled("listing and reading the files …", "$text-muted")
        )
        self.query_one(ProgressBar).update(total=None, progress=0)

    def progress(self, p: Progress) -> None:
        target = getattr(self, "_target", "")
        done, total = p.done, p.total
        what = {
            "parse": f"{done} / {total} files parsed",
            "checks": f"{done} / {total} checks run",
            "fixes": f"{done} / {total} fixes built",
        }.get(p.phase, "building the project model")
        title = Content.assemble("Auditing ", (target, "bold"), f" — {what}")
        self.query_one("#scan-title", Label).update(title)
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)
        label = self.query_one("#scan-file", Label)
        if p.phase == "parse" and done >= total:
            label.update(Content("building the project model …"))
        elif p.phase == "parse" and not p.item:
            label.update(Content.styled("parsing in worker processes …", "$text-muted"))
        elif p.item:
            verb = {"parse": "parsing ", "checks": "running ", "fixes": "fixing "}.get(p.phase, "")
            label.update(Content.assemble((verb, "$text-muted"), p.item))
        else:
            label.update(Content.styled(f"{p.phase} …", "$text-muted"))


class FilterBar(Horizontal):
    """The text filter: ``/`` opens it, enter keeps it, escape clears it."""

    BINDINGS = [Binding("escape", "clear", "Clear filter", show=False)]

    class Closed(Message):
        """The filter bar gave the focus back (after enter or escape)."""

    def compose(self) -> ComposeResult:
        yield Label("/", id="filter-prompt")
        yield Input(placeholder="filter by path, check ID or message", id="filter-input")

    def action_clear(self) -> None:
        self.query_one(Input).value = ""
        self.post_message(self.Closed())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Closed())


class StatusLine(Static):
    """One line: what the filter does, and what is hidden."""


def code_view(
    text: str | None, path: str, line: int | None, end_line: int | None, context: int = CODE_CONTEXT
) -> Content:
    """The user's code around ``line``: syntax-highlighted, numbered, the finding's lines marked."""
    if text is None:
        return Content.styled(
            f"{path}: the file cannot be read (moved, deleted or binary?)", "$text-muted"
        )
    lines = text.splitlines()
    if not line or line > len(lines):
        return Content.styled(
            f"{path}: line {line} is past the end of the file (edited since the audit? press r)",
            "$text-muted",
        )
    last = max(line, min(end_line or line, line + 12))
    start = max(1, line - context)
    stop = min(len(lines), last + context)
    # lex from a little earlier, so a string or bracket opened above is coloured right
    lex_from = max(1, start - 40)
    chunk = "\n".join(lines[lex_from - 1 : stop])
    lang = language(path) or "text"
    highlighted = highlight(chunk, language=lang).split("\n")
    width = len(str(stop))
    out: list[Content] = []
    for n in range(start, stop + 1):
        body = (
            highlighted[n - lex_from]
            if 0 <= n - lex_from < len(highlighted)
            else Content(lines[n - 1])
        )
        body = body.expand_tabs(4)
        flagged = line <= n <= last
        gutter = Content.styled(
            f"{'▶' if n == line else ' '}{n:>{width}} │ ",
            "bold $text-error" if flagged else "$text-muted",
        )
        row = gutter + body
        if flagged:
            row = row.stylize_before("on $error-muted")
        out.append(row)
    return Content("\n").join(out)


def diff_view(diff: str) -> Content:
    """A unified diff, coloured."""
    out: list[Content] = []
    for raw in diff.rstrip("\n").split("\n"):
        raw = raw.expandtabs(4)
        if raw.startswith(("+++", "---")):
            out.append(Content.styled(raw, "bold"))
        elif raw.startswith("@@"):
            out.append(Content.styled(raw, "$text-accent"))
        elif raw.startswith("+"):
            out.append(Content.styled(raw, "$text-success on $success-muted"))
        elif raw.startswith("-"):
            out.append(Content.styled(raw, "$text-error on $error-muted"))
        else:
            out.append(Content.styled(raw, "$text-muted"))
    return Content("\n").join(out)


def md_inline(text: str, style: str = "") -> Content:
    """One line of catalogue/finding text: `code spans` shown as code (no backticks), the rest plain."""
    from auditor.exporters.markdown import _split_code_spans

    parts: list = []
    for is_code, piece in _split_code_spans(" ".join(text.split())):
        if is_code:
            n = len(piece) - len(piece.lstrip("`"))
            inner = piece[n:-n]
            if inner.startswith(" ") and inner.endswith(" ") and inner.strip():
                inner = inner[1:-1]
            parts.append((inner, f"{style} $text-accent".strip()))
            continue
        pos = 0
        for m in _EMPHASIS.finditer(piece):
            parts.append((piece[pos : m.start()], style))
            strong = m.group(1) is not None
            parts.append(
                (m.group(1) or m.group(2), f"{style} {'bold' if strong else 'italic'}".strip())
            )
            pos = m.end()
        parts.append((piece[pos:], style))
    return Content.assemble(*[p for p in parts if p[0]])


def finding_cells(f: Finding, colours: dict[str, str], with_check: bool) -> list:
    from auditor.tui.model import location

    sev = Text(f.severity, style=colours[f.severity])
    cells: list = [sev]
    if with_check:
        cells.append(Text(f.check_id, style="bold"))
    cells.append(Text(location(f), style="bold", overflow="ellipsis", no_wrap=True))
    cells.append(md_text(f.message, colours["accent"]))
    return cells


def md_text(text: str, accent: str) -> Text:
    """Like :func:`md_inline`, as a one-line rich Text for a table cell."""
    from auditor.exporters.markdown import _split_code_spans

    out = Text(overflow="ellipsis", no_wrap=True)
    for is_code, piece in _split_code_spans(" ".join(text.split())):
        if is_code:
            n = len(piece) - len(piece.lstrip("`"))
            out.append(piece[n:-n], style=accent)
        else:
            out.append(piece)
    return out
