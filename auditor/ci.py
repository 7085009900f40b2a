"""Glue of the command line's CI features (issue 5): baselines, SARIF / GitHub output, text footers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from auditor.baseline import Baseline
from auditor.engine import AuditResult

if TYPE_CHECKING:  # pragma: no cover - rich is imported by the text outputs only (issue 12)
    from rich.console import Console

    from auditor.report import Finding, Report  # the pydantic models: imported where used


def load_baseline(path: str) -> Baseline:
    from auditor.baseline import load

    return load(path)


def fingerprinted(
    result: AuditResult, baseline: Baseline | None, write_to: str | None, need: bool = False
) -> Report:
    """The report with fingerprints (when a baseline, a new baseline or SARIF needs them).

    ``write_to``: record every current finding there first; ``baseline``: then hide the
    findings it holds (``summary.baseline_hidden``).
    """
    report = result.report
    if baseline is None and not write_to and not need:
        return report
    from auditor import baseline as bl
    from auditor.fingerprint import compute, with_fingerprints

    prints = compute(report.findings, result.project.repo.read_text)
    if write_to:
        bl.write(write_to, report, prints)
    if baseline is not None:
        report, prints = bl.apply(report, prints, baseline)
    return with_fingerprints(report, prints)


def uri_prefix(result: AuditResult) -> str:
    """The audited folder's path inside its git work tree ("" at the top or outside git)."""
    repo = result.project.repo
    if repo.git is None:
        return ""
    try:
        from pathlib import Path

        import git

        work_tree = git.Repo(repo.root, search_parent_directories=True).working_tree_dir
        if work_tree is None:  # a bare repository
            return ""
        top = Path(work_tree).resolve()
        rel = repo.root.relative_to(top).as_posix()
    except Exception:
        return ""
    return "" if rel in ("", ".") else rel.rstrip("/") + "/"


def render_ci(fmt: str, report: Report, result: AuditResult, counted: Sequence[Finding]) -> str:
    from auditor.exporters.sarif import anchor_for, app_module_of

    files = result.project.repo.files
    app_module = app_module_of(result.project)

    def anchor(f: Finding) -> str | None:
        return anchor_for(f.category, files, app_module)

    prefix = uri_prefix(result)
    if fmt == "sarif":
        from auditor.exporters.sarif import render_sarif
        from auditor.suppressions import META_CHECKS
        from checks import all_checks

        return render_sarif(report, [*all_checks(), *META_CHECKS], anchor=anchor, uri_prefix=prefix)
    from auditor.exporters.github import render_github

    return render_github(report, findings=counted, anchor=anchor, uri_prefix=prefix)


def render_diff_text(report: Report, console: Console) -> None:
    from auditor.exporters.diff_text import render_diff

    render_diff(report, console)
    render_text_footer(report, console)


def render_text_footer(report: Report, console: Console) -> None:
    """What the text report leaves out: suppressed findings and the baseline."""
    from rich.text import Text

    s = report.summary
    notes: list[str] = []
    if s.suppressed:
        more = "" if report.suppressed is not None else " (--show-suppressed lists them)"
        notes.append(f"{s.suppressed} finding{'s' if s.suppressed != 1 else ''} suppressed{more}")
    if s.baseline_hidden is not None:
        notes.append(
            f"{s.baseline_hidden} finding{'s' if s.baseline_hidden != 1 else ''} hidden by the baseline"
        )
    if report.suppressed:
        from auditor.exporters.text import plain

        console.print()
        console.print(Text(f"Suppressed ({len(report.suppressed)})", style="bold underline"))
        for f in report.suppressed:
            loc = f.path or "(project)"
            if f.path and f.line:
                loc += f":{f.line}" + (f":{f.column}" if f.column else "")
            console.print(
                Text.assemble(
                    "  ",
                    (f.check_id, "dim"),
                    " ",
                    (plain(loc), "bold"),
                    " ",
                    plain(f.message),
                    (f"  [{plain(f.suppressed_by)}]", "dim"),
                ),
                soft_wrap=True,
            )
    if notes:
        console.print()
        console.print(Text("; ".join(notes) + ".", style="dim"))
