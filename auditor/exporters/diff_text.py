"""Text for ``--diff BASE``: score before -> after, the new findings, the fixed ones (a pure function)."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from auditor.exporters.text import GRADE_STYLE, SEVERITY_STYLE, plain
from auditor.report import DiffSide, Finding, Report


def _side(s: DiffSide) -> Text:
    if s.score is None:
        return Text("-", style="dim")
    return Text(f"{s.grade} ({s.score})", style=GRADE_STYLE[s.grade])


def _loc(f: Finding) -> str:
    loc = f.path or "(project)"
    if f.path and f.line:
        loc += f":{f.line}"
        if f.column:
            loc += f":{f.column}"
    return loc


def render_diff(report: Report, console: Console) -> None:
    d = report.diff
    assert d is not None
    git = report.target.git
    where = report.target.root
    if git and git.head:
        where += f" @ {git.branch or 'detached'} {git.head[:10]}{' (dirty)' if git.dirty else ''}"
    console.print(
        Text.assemble(
            ("fastapi-auditor ", "bold"), (report.tool.version, "dim"), "  ", (where, "bold")
        )
    )
    base = (
        f"{d.base} (merge base {d.base_commit[:10]})"
        if d.merge_base
        else f"{d.base} ({d.base_commit[:10]})"
    )
    console.print(Text.assemble(("Compared with ", "bold"), base))
    if d.note:
        console.print(Text(f"note: {d.note}", style="yellow"), soft_wrap=True)
    n = d.counts
    console.print(
        Text.assemble(
            ("This branch: ", "bold"),
            _side(d.before),
            " -> ",
            _side(d.after),
            "; ",
            (f"{n.new} new finding{'s' if n.new != 1 else ''}", "bold red" if n.new else "green"),
            f", {n.fixed} fixed, {n.unchanged} unchanged",
        )
    )
    for title, items, fixes in (
        ("New on this branch", d.new, True),
        ("Fixed on this branch", d.fixed, False),
    ):
        if not items:
            continue
        console.print()
        console.print(Text(f"{title} ({len(items)})", style="bold underline"))
        for f in items:
            console.print(
                Text.assemble(
                    "  ",
                    (f.check_id, SEVERITY_STYLE[f.severity]),
                    " ",
                    (plain(_loc(f)), "bold"),
                    " ",
                    plain(f.message),
                ),
                soft_wrap=True,
            )
            if fixes and f.fix:
                console.print(Text.assemble(("      fix: ", "dim"), (f.fix.title, "green")))
    if not d.new:
        console.print()
        console.print(Text("No new findings on this branch.", style="green"))
    if n.unchanged:
        console.print(
            Text(
                f"\n{n.unchanged} finding{'s' if n.unchanged != 1 else ''} already at the base not listed (--format json lists all).",
                style="dim",
            )
        )
