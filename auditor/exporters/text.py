"""Text output: a rich terminal report rendered from the Report model (pure function)."""

from __future__ import annotations

import re
from collections import defaultdict

from rich.console import Console
from rich.table import Table
from rich.text import Text

from auditor.check import CATEGORIES
from auditor.report import Report, coverage_notes

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def plain(text: str) -> str:
    """One line of terminal text from the audited code (a file name, a message): control
    characters, newlines included, are shown as escapes instead of driving the terminal."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


GRADE_STYLE = {
    "A": "bold green",
    "B": "green",
    "C": "yellow",
    "D": "dark_orange",
    "F": "bold red",
    None: "dim",
}


def render(report: Report, console: Console, show_passed: bool = False) -> None:
    s = report.summary
    git = report.target.git
    where = report.target.root
    if git and git.head:
        where += f" @ {git.branch or 'detached'} {git.head[:10]}{' (dirty)' if git.dirty else ''}"
    header = Text.assemble(
        ("fastapi-auditor ", "bold"),
        (report.tool.version, "dim"),
        "  ",
        (where, "bold"),
    )
    console.print(header)
    grade = s.grade or "-"
    score = "-" if s.score is None else str(s.score)
    console.print(
        Text.assemble(
            ("Grade ", "bold"),
            (grade, GRADE_STYLE[s.grade]),
            ("  score ", "bold"),
            (score, GRADE_STYLE[s.grade]),
            "   ",
            (
                f"{s.counts.error} error{'s' if s.counts.error != 1 else ''}",
                SEVERITY_STYLE["error"] if s.counts.error else "dim",
            ),
            ", ",
            (
                f"{s.counts.warning} warning{'s' if s.counts.warning != 1 else ''}",
                SEVERITY_STYLE["warning"] if s.counts.warning else "dim",
            ),
            ", ",
            (f"{s.counts.info} info", SEVERITY_STYLE["info"] if s.counts.info else "dim"),
            (f"   {s.python_files} Python files of {s.files}", "dim"),
        )
    )
    for note in coverage_notes(s):
        console.print(Text(note, style="bold yellow"))
    console.print()

    table = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
    table.add_column("category")
    table.add_column("score", justify="right")
    table.add_column("grade", justify="center")
    table.add_column("passed", justify="right")
    table.add_column("failed", justify="right")
    table.add_column("skipped", justify="right")
    for c in report.categories:
        if c.passed + c.failed == 0:
            continue  # nothing applicable: shown in JSON, noise here
        table.add_row(
            c.title,
            "-" if c.score is None else str(c.score),
            Text(c.grade or "-", style=GRADE_STYLE[c.grade]),
            str(c.passed),
            Text(str(c.failed), style="bold" if c.failed else "dim"),
            Text(str(c.skipped), style="dim"),
        )
    console.print(table)

    by_cat: dict[str, list] = defaultdict(list)
    for f in report.findings:
        by_cat[f.category].append(f)
    for cat in CATEGORIES:
        items = by_cat.get(cat.id)
        if not items:
            continue
        console.print()
        console.print(Text(cat.title, style="bold underline"))
        for f in items:
            loc = f.path or "(project)"
            if f.path and f.line:
                loc += f":{f.line}"
                if f.column:
                    loc += f":{f.column}"
            line = Text.assemble(
                ("  ", ""),
                (f"{f.check_id}", SEVERITY_STYLE[f.severity]),
                " ",
                (plain(loc), "bold"),
                " ",
                plain(f.message),
            )
            console.print(line, soft_wrap=True)
            if f.fix:
                console.print(
                    Text.assemble(
                        ("      fix: ", "dim"),
                        (plain(f.fix.title), "green"),
                        (" (safe)" if f.fix.safe and f.fix.diff else "", "dim"),
                    )
                )
    if report.errors:
        console.print()
        console.print(Text("Not audited", style="bold underline"))
        for e in report.errors:
            console.print(
                Text.assemble(
                    ("  ", ""), (plain(e.path or "(project)"), "bold"), ": ", plain(e.message)
                ),
                soft_wrap=True,
            )
    if not report.findings:
        console.print()
        console.print(Text("No findings.", style="green"))
