"""Text output: a rich terminal report rendered from the Report model (pure function)."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console
from rich.table import Table
from rich.text import Text

from auditor.check import CATEGORIES
from auditor.lazyre import lazy_compile
from auditor.report import Finding, Report, coverage_notes

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_CONTROL = lazy_compile(r"[\x00-\x1f\x7f-\x9f]")


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


_RANK = {"error": 3, "warning": 2, "info": 1}
#: Findings of one check with one message in one file share a line from this many.
GROUP_MIN = 2


def by_check(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """The findings by check, errors first (a check's worst finding decides), then the
    catalogue's order: style-level info findings never push an error out of sight."""
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        groups[f.check_id].append(f)
    order = {c.id: i for i, c in enumerate(CATEGORIES)}

    def key(item: tuple[str, list[Finding]]) -> tuple:
        cid, items = item
        worst = max(_RANK[f.severity] for f in items)
        return (-worst, order.get(items[0].category, len(order)), cid)

    return sorted(groups.items(), key=key)


def _loc(f: Finding) -> str:
    loc = f.path or "(project)"
    if f.path and f.line:
        loc += f":{f.line}"
        if f.column:
            loc += f":{f.column}"
    return loc


def render_check(console: Console, check_id: str, items: list[Finding]) -> None:
    """One check: its name, severity and count, then its findings (repeats of one message in
    one file on one line: ``app/x.py:3:5, 17:5, 29:5 (3×)``)."""
    f0 = items[0]
    worst = max((f.severity for f in items), key=_RANK.__getitem__)
    console.print()
    console.print(
        Text.assemble(
            (check_id, SEVERITY_STYLE[worst]),
            " ",
            (f0.name, "bold"),
            (f"  {worst} · {len(items)} finding{'s' if len(items) != 1 else ''}", "dim"),
        )
    )
    groups: dict[tuple, list[Finding]] = {}
    for f in items:
        groups.setdefault((f.path, f.message), []).append(f)
    for (path, _message), group in groups.items():
        rows = [group] if len(group) >= GROUP_MIN and path else [[f] for f in group]
        for row in rows:
            f = row[0]
            if len(row) > 1:
                spots = ", ".join(_loc(g).removeprefix(f"{path}:") for g in row)
                loc = f"{path}:{spots} ({len(row)}×)"
            else:
                loc = _loc(f)
            console.print(
                Text.assemble(
                    "  ",
                    (plain(loc), "bold"),
                    " ",
                    plain(f.message),
                    (f" ({f.severity})" if f.severity != worst else "", SEVERITY_STYLE[f.severity]),
                ),
                soft_wrap=True,
            )
            if f.fix:
                console.print(
                    Text.assemble(
                        ("      fix: ", "dim"),
                        (plain(f.fix.title), "green"),
                        (" (safe)" if f.fix.safe and f.fix.diff else "", "dim"),
                    )
                )


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

    if report.findings:
        console.print()
        console.print(Text("Findings, errors first", style="bold underline"))
    for check_id, items in by_check(report.findings):
        render_check(console, check_id, items)
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
