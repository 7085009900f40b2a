"""Widgets for the parts of the screens: the scan panel, the status line, the filter bar, code and
diffs (the tables and the grade card, which wait for a report, are in ``auditor.tui.tables``)."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Label, ProgressBar, Static

from auditor.tui.model import Group, plural

if TYPE_CHECKING:  # pragma: no cover - the first frame does not wait for the engine's imports
    from auditor.engine import Progress
    from auditor.report import Finding

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


def bar(score: int | None, width: int, colour: str) -> Text:
    if score is None:
        return Text("n/a".ljust(width + 4), style="dim")
    filled = round(width * score / 100)
    t = Text()
    t.append("█" * filled, style=colour)
    t.append("░" * (width - filled), style="dim")
    t.append(f" {score:>3}", style=f"bold {colour}")
    return t


class ScanPanel(Vertical):
    """Progress of the audit: files parsed / total and the current file.  Composed with its
    title, so the very first frame already says what is being audited."""

    def __init__(self, target: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._target = target

    def compose(self) -> ComposeResult:
        title = Content.assemble("Auditing ", (self._target, "bold"), " …") if self._target else ""
        with Horizontal(id="scan-head"):
            yield Label(title, id="scan-title")
            yield Label(Content.assemble(("esc", "bold $text-accent"), " cancel"), id="scan-cancel")
        yield ProgressBar(total=None, show_eta=False, id="scan-bar")
        yield Label(Content.styled("starting …", "$text-muted"), id="scan-file")

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
        what = phase_text(p)
        title = Content.assemble("Auditing ", (target, "bold"), f" — {what}")
        self.query_one("#scan-title", Label).update(title)
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)
        label = self.query_one("#scan-file", Label)
        if (p.phase == "parse" and done >= total) or p.phase == "model":
            label.update(Content("building the project model …"))
        elif p.phase == "fixes" and done >= total:  # the report, and the cache written
            label.update(Content("writing the report …"))
        elif p.phase == "parse" and not p.item:
            label.update(Content.styled("parsing in worker processes …", "$text-muted"))
        elif p.phase == "fixes" and not p.item:  # (workers starting, libcst imported)
            label.update(Content.styled("building fix diffs …", "$text-muted"))
        elif p.item:
            verb = {"parse": "parsing ", "checks": "running ", "fixes": "fixing "}.get(p.phase, "")
            label.update(Content.assemble((verb, "$text-muted"), p.item))
        else:
            label.update(Content.styled(f"{p.phase} …", "$text-muted"))


def phase_text(p: Progress) -> str:
    """``340 / 700 files parsed``: what a progress report says the audit is doing."""
    done, total = p.done, p.total
    return {
        "read": f"{done} / {total} files read",
        "parse": f"{done} / {total} files parsed",
        "checks": f"{done} / {total} checks run",
        "fixes": f"{done} / {total} fixes built",
    }.get(p.phase, "building the project model")


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
    from textual.highlight import highlight

    from auditor.exporters.markdown import language

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


def fit_location(loc: str, width: int) -> str:
    """``path:line`` in ``width`` cells: the line number and the file name are never cut; the
    folders are, from the left (``…/orders/router.py:30``)."""
    if len(loc) <= width:
        return loc
    path, sep, line = loc.rpartition(":")
    if not sep or not line.isdigit():
        path, line, sep = loc, "", ""
    tail = f"{sep}{line}"
    room = width - len(tail) - 1
    if room <= 0:
        return "…" + tail[-(width - 1) :] if width > 1 else tail[-width:]
    return "…" + path[-room:] + tail


#: The badge of a row: new / unchanged on this branch (``--diff``), fixed, resolved by a re-run.
BADGES = {
    "new": ("new", "error"),
    "unchanged": ("unchanged", "fg"),
    "fixed": ("fixed", "success"),
    "resolved": ("✓ gone", "success"),
}


def badge_cell(kind: str | None, colours: dict[str, str]) -> Text:
    if kind is None:
        return Text("")
    label, tone = BADGES[kind]
    return Text(label, style=f"bold {colours[tone]}" if kind != "unchanged" else "dim")


def finding_cells(
    f: Finding,
    colours: dict[str, str],
    *,
    with_check: bool,
    loc_width: int,
    badge: str | None = None,
    with_badge: bool = False,
    depth: int = 0,
) -> list:
    """The cells of a finding's row: [badge], severity, [check], location, message."""
    from auditor.tui.model import location

    gone = badge in ("resolved", "fixed")
    dim = " dim" if gone else ""
    cells: list = []
    if with_badge:
        cells.append(badge_cell(badge, colours))
    cells.append(Text(("  " if depth else "") + f.severity, style=colours[f.severity] + dim))
    if with_check:
        cells.append(Text(f.check_id, style="bold" + dim))
    indent = "  " if depth else ""
    loc = fit_location(location(f), max(loc_width - len(indent), 8))
    cells.append(Text(indent + loc, style=("strike " if gone else "") + "bold" + dim, no_wrap=True))
    message = md_text(f.message, colours["accent"])
    if gone:
        message.stylize("dim")
    cells.append(message)
    return cells


def group_cells(
    g: Group,
    colours: dict[str, str],
    *,
    with_check: bool,
    loc_width: int,
    expanded: bool,
    with_badge: bool = False,
) -> list:
    """The cells of a group row: ``▸ 12 × app/x.py  lines 3, 17, …  message``."""
    cells: list = []
    if with_badge:
        new = sum(1 for f in g.members if f.status == "new")
        if new:
            cells.append(Text(f"{new} new", style=f"bold {colours['error']}"))
        else:
            cells.append(Text("unchanged" if g.members[0].status else "", style="dim"))
    sev = g.severity
    cells.append(Text(sev, style=colours[sev]))
    if with_check:
        cells.append(Text(g.check_id, style="bold"))
    arrow = "▾" if expanded else "▸"
    n = len(g.members)
    if g.mode == "file":
        where = g.members[0].path or "(project)"
        loc = f"{arrow} {n} × " + fit_location(where, max(loc_width - len(str(n)) - 5, 8))
    else:
        loc = f"{arrow} {n} × in {plural(g.files, 'file')}"
    cells.append(Text(loc, style=f"bold {colours['accent']}", no_wrap=True))
    if g.same_message:
        what = md_text(g.members[0].message, colours["accent"])
    else:
        what = Text(f"{len({f.message for f in g.members})} different messages", style="italic")
    if g.mode == "file":
        what = Text.assemble((f"lines {g.lines()}  ", "dim"), what)
        what.no_wrap, what.overflow = True, "ellipsis"
    cells.append(what)
    return cells


def md_text(text: str, accent: str) -> Text:
    """Like :func:`md_inline`, as a one-line rich Text for a table cell (messages repeat a lot
    on a real repository: each is parsed once)."""
    return _md_text(text, accent).copy()


@functools.lru_cache(maxsize=4096)
def _md_text(text: str, accent: str) -> Text:
    from auditor.exporters.markdown import _split_code_spans

    out = Text(overflow="ellipsis", no_wrap=True)
    for is_code, piece in _split_code_spans(" ".join(text.split())):
        if is_code:
            n = len(piece) - len(piece.lstrip("`"))
            out.append(piece[n:-n], style=accent)
        else:
            out.append(piece)
    return out


#: Widgets of a report, defined in ``auditor.tui.tables`` (not for the first frame: Textual
#: spends ~1-3 ms defining each widget class, in ``dir(cls)``); still importable from here.
_MOVED = ("SummaryText", "FilterBar", "ListHead")


def __getattr__(name: str) -> object:
    if name in _MOVED:
        from auditor.tui import tables

        return getattr(tables, name)
    raise AttributeError(name)
