"""Markdown for ``--diff BASE`` (``--format markdown``): a comment ready to paste into a pull request.

"This branch: B (81) → A (92); 2 new findings, 5 fixed", then the new findings (table),
the fixed ones (folded) and how many were already there.  A pure function of the report;
escaping is the Markdown exporter's.
"""

from __future__ import annotations

from auditor.exporters.markdown import cell, code_span, inline, location
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


def _table(findings: list[Finding], fixes: bool) -> list[str]:
    out = ["| Severity | Check | Where | Finding |", "|---|---|---|---|"]
    for f in findings:
        msg = f.message
        if fixes and f.fix:
            msg += f"\nFix: {f.fix.title}"
        out.append(
            f"| {f.severity} | {cell(f.check_id)} {cell(f.name)} | {cell(code_span(location(f)))} | {cell(msg)} |"
        )
    return out


def render_diff_markdown(report: Report) -> str:
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
    if d.new:
        w(f"### New on this branch ({len(d.new)})\n")
        out.extend(
            _table(
                sorted(d.new, key=lambda f: (order[f.severity], f.path or "", f.line or 0)),
                fixes=True,
            )
        )
        w("")
    else:
        w("No new findings on this branch.\n")
    if d.fixed:
        w(f"<details><summary>Fixed on this branch ({len(d.fixed)})</summary>\n")
        out.extend(
            _table(
                sorted(d.fixed, key=lambda f: (order[f.severity], f.path or "", f.line or 0)),
                fixes=False,
            )
        )
        w("\n</details>\n")
    if d.counts.unchanged:
        w(
            f"*{_plural(d.counts.unchanged, 'finding')} already at the base (unchanged) not listed.*\n"
        )
    w("---\n")
    w(
        f"*{inline(report.tool.name)} {inline(report.tool.version)} · `auditor audit --diff {inline(d.base)}`*"
    )
    return "\n".join(out).rstrip("\n") + "\n"
