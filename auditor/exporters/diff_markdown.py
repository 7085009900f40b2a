"""Markdown for ``--diff BASE`` (``--format markdown``): a comment ready to paste into a pull request.

"This branch: B (81) → A (92); 2 new findings, 5 fixed", then the new findings (table),
the fixed ones (folded) and how many were already there.  A pure function of the report;
escaping is the Markdown exporter's.
"""

from __future__ import annotations

from auditor.exporters.markdown import Link, cell, code_span, inline, location
from auditor.report import DiffSide, Finding, Report


def _side(s: DiffSide) -> str:
    if s.score is None:
        return "–"
    return f"{s.grade} ({s.score})"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def headline(report: Report) -> str:
    """``This branch: B (81) → A (92); 2 new findings, 5 fixed``."""
    d = report.diff
    assert d is not None
    return f"This branch: {_side(d.before)} → {_side(d.after)}; {_plural(d.counts.new, 'new finding')}, {d.counts.fixed} fixed"


def _table(
    findings: list[Finding], fixes: bool, link: Link | None = None, room: int | None = None
) -> tuple[list[str], int]:
    """The table's lines (as many rows as fit in ``room`` characters) and the rows left out."""
    out = ["| Severity | Check | Where | Finding |", "|---|---|---|---|"]
    used = sum(len(line) + 1 for line in out)
    for i, f in enumerate(findings):
        msg = f.message
        if fixes and f.fix:
            msg += f"\nFix: {f.fix.title}"
        where = cell(code_span(location(f)))
        url = link(f.path, f.line) if link is not None and f.path else None
        if url:
            where = f"[{where}]({url})"
        row = f"| {f.severity} | {cell(f.check_id)} {cell(f.name)} | {where} | {cell(msg)} |"
        if room is not None and used + len(row) + 1 > room:
            return out, len(findings) - i
        out.append(row)
        used += len(row) + 1
    return out, 0


def render_diff_markdown(
    report: Report, *, budget: int | None = None, link: Link | None = None
) -> str:
    """The comparison as a pull-request comment; ``budget``: at most this many characters
    (the new findings come first, the fixed ones are cut first)."""
    d = report.diff
    if d is None:
        raise ValueError("the report has no diff section (audit with --diff BASE)")
    out: list[str] = []
    w = out.append
    w(f"## FastAPI audit: this branch compared with {code_span(d.base)}\n")
    base = (
        f"merge base {code_span(d.base_commit[:12])}"
        if d.merge_base
        else f"{code_span(d.base_commit[:12])}"
    )
    w(f"**{inline(headline(report))}** · {base}\n")
    if d.note:
        w(f"> {inline(d.note)}\n")
    order = {"error": 0, "warning": 1, "info": 2}
    reserve = 1_000  # the fixed section's head, the notes and the footer

    def room() -> int | None:
        return None if budget is None else budget - sum(len(line) + 1 for line in out) - reserve

    left_out: list[str] = []
    if d.new:
        w(f"### New on this branch ({len(d.new)})\n")
        rows, dropped = _table(
            sorted(d.new, key=lambda f: (order[f.severity], f.path or "", f.line or 0)),
            fixes=True,
            link=link,
            room=room(),
        )
        out.extend(rows)
        if dropped:
            left_out.append(f"{_plural(dropped, 'new finding')}")
        w("")
    else:
        w("No new findings on this branch.\n")
    if d.fixed:
        w(f"<details><summary>Fixed on this branch ({len(d.fixed)})</summary>\n")
        rows, dropped = _table(
            sorted(d.fixed, key=lambda f: (order[f.severity], f.path or "", f.line or 0)),
            fixes=False,
            room=room(),
        )
        out.extend(rows)
        if dropped:
            left_out.append(f"{_plural(dropped, 'fixed finding')}")
        w("\n</details>\n")
    if left_out:
        w(
            f"> **Shortened to fit {budget:,} characters** (a pull-request comment): left out "
            f"{' and '.join(left_out)}.  Everything: `auditor audit --diff {inline(d.base)} --format markdown --full`.\n"
        )
    if d.counts.unchanged:
        w(
            f"*{_plural(d.counts.unchanged, 'finding')} already at the base (unchanged) not listed.*\n"
        )
    w("---\n")
    w(
        f"*{inline(report.tool.name)} {inline(report.tool.version)} · `auditor audit --diff {inline(d.base)}`*"
    )
    return "\n".join(out).rstrip("\n") + "\n"
