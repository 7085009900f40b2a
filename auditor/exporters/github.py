"""GitHub Actions workflow commands (``--format github``): one annotation line per finding.

``::error file=app/main.py,line=5,col=5,endLine=5,endColumn=18,title=ASY001 blocking-call-in-async::message``

Levels: error -> ``error``, warning -> ``warning``, info -> ``notice``.  Escaping follows
GitHub's rules: in the message ``%``, ``\\r``, ``\\n``; in property values also ``:`` and
``,``.  A project-level finding is anchored on the most relevant file (as in SARIF).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from auditor.report import Finding, Report, coverage_notes

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding, path: str | None) -> str:
    props: list[str] = []
    if path:
        props.append(f"file={escape_property(path)}")
        if f.line and f.path:
            props.append(f"line={f.line}")
            if f.column:
                props.append(f"col={f.column}")
            if f.end_line and f.end_line >= f.line:
                props.append(f"endLine={f.end_line}")
                if f.end_column and f.end_line == f.line and f.column and f.end_column > f.column:
                    props.append(f"endColumn={f.end_column}")
    props.append(f"title={escape_property(f'{f.check_id} {f.name}')}")
    message = f.message
    if f.fix:
        message += f"\nfix: {f.fix.title}"
    if f.path is None:
        message = "(project) " + message
    return f"::{LEVEL[f.severity]} {','.join(props)}::{escape_data(message)}"


def render_github(
    report: Report,
    findings: Sequence[Finding] | None = None,
    anchor: Callable[[Finding], str | None] | None = None,
    uri_prefix: str = "",
) -> str:
    """Annotation lines for ``findings`` (default: the report's), then a plain summary line."""
    lines = []
    for f in report.findings if findings is None else findings:
        path = f.path if f.path else (anchor(f) if anchor else None)
        lines.append(annotation(f, f"{uri_prefix}{path}" if path else None))
    s = report.summary
    score = "-" if s.score is None else str(s.score)
    c = s.counts
    tail = (
        f"fastapi-auditor: grade {s.grade or '-'} ({score}); {c.error} error{'s' if c.error != 1 else ''}, "
        f"{c.warning} warning{'s' if c.warning != 1 else ''}, {c.info} info"
    )
    if report.diff is not None:
        d = report.diff
        tail += f"; vs {d.base}: {d.counts.new} new, {d.counts.fixed} fixed"
    for note in coverage_notes(s):
        tail += f"; {note}"
    lines.append(tail)
    return "\n".join(lines) + "\n"
