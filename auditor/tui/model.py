"""What the screens show, as plain functions of the report and the view's filter.

No Textual here: the filter rules are unit-testable and the Markdown export of "what is
filtered" uses exactly the findings the screens list.  Nothing here scores or re-derives a
finding: it only selects from the report.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.check import CATEGORIES, source_line
from auditor.report import CategoryResult, CheckResult, Finding, Report

SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
#: The severity filter cycles through these minimums.
SEVERITY_STEPS = ("info", "warning", "error")
SEVERITY_LABEL = {
    "info": "all severities",
    "warning": "warnings and errors",
    "error": "errors only",
}
STATUS_ICON = {"failed": "✗", "passed": "✓", "skipped": "–", "errored": "!"}
CATEGORY_TITLES = {c.id: c.title for c in CATEGORIES}


@dataclass(frozen=True)
class ViewFilter:
    """The view's filter: a text, a minimum severity, and whether passed/skipped checks show."""

    text: str = ""
    min_severity: str = "info"
    show_passed: bool = False
    only_new: bool = False  # --diff BASE: only the findings this branch introduces

    @property
    def active(self) -> bool:
        """True when the filter hides findings (the passed toggle hides none)."""
        return bool(self.text.strip()) or self.min_severity != "info" or self.only_new

    def describe(self) -> str:
        parts = []
        if self.only_new:
            parts.append("new on this branch")
        if self.text.strip():
            parts.append(f'text "{self.text.strip()}"')
        if self.min_severity != "info":
            parts.append(SEVERITY_LABEL[self.min_severity])
        return ", ".join(parts)

    # -- matching --------------------------------------------------------------------------
    def _needle(self) -> str:
        return self.text.strip().lower()

    def severity_ok(self, severity: str) -> bool:
        return SEVERITY_RANK[severity] >= SEVERITY_RANK[self.min_severity]

    def status_ok(self, f: Finding) -> bool:
        return not self.only_new or f.status == "new"

    def check_text_matches(self, check: CheckResult) -> bool:
        needle = self._needle()
        return not needle or needle in check.id.lower() or needle in check.name.lower()

    def finding_matches(self, f: Finding) -> bool:
        if not self.severity_ok(f.severity) or not self.status_ok(f):
            return False
        needle = self._needle()
        if not needle:
            return True
        hay = (f.check_id, f.name, f.path or "", f.message)
        return any(needle in h.lower() for h in hay)


class View:
    """The report seen through a filter (rebuilt whenever either changes)."""

    def __init__(self, report: Report, filt: ViewFilter) -> None:
        self.report = report
        self.filter = filt
        self.by_check: dict[str, list[Finding]] = {}
        for f in report.findings:
            self.by_check.setdefault(f.check_id, []).append(f)
        self.checks_by_id = {c.id: c for c in report.checks}

    def findings_of(self, check_id: str) -> list[Finding]:
        """The findings of a check the filter lets through (a check matching the text shows all)."""
        check = self.checks_by_id.get(check_id)
        items = self.by_check.get(check_id, [])
        if check is not None and self.filter.text.strip() and self.filter.check_text_matches(check):
            return [
                f for f in items if self.filter.severity_ok(f.severity) and self.filter.status_ok(f)
            ]
        return [f for f in items if self.filter.finding_matches(f)]

    def check_visible(self, check: CheckResult) -> bool:
        if check.status == "failed":
            return bool(self.findings_of(check.id))
        if check.status == "errored":  # a crash is always worth seeing, unless filtered out
            return self.filter.check_text_matches(check) and self.filter.severity_ok(check.severity)
        if not self.filter.show_passed:
            return False
        return self.filter.check_text_matches(check) and self.filter.severity_ok(check.severity)

    def checks_of(self, category: str) -> list[CheckResult]:
        return [c for c in self.report.checks if c.category == category and self.check_visible(c)]

    def hidden_checks(self, category: str) -> int:
        return sum(
            1 for c in self.report.checks if c.category == category and not self.check_visible(c)
        )

    def category_findings(self, category: str) -> int:
        return sum(
            len(self.findings_of(c.id)) for c in self.report.checks if c.category == category
        )

    def categories(self) -> list[CategoryResult]:
        """Every category, or with an active filter those holding something that matches."""
        if not self.filter.active:
            return list(self.report.categories)
        return [c for c in self.report.categories if self.checks_of(c.id)]

    def findings(self) -> list[Finding]:
        """Every finding the filter lets through, in report order (what a filtered export holds)."""
        out: list[Finding] = []
        for c in self.report.checks:
            out.extend(self.findings_of(c.id))
        listed = {c.id for c in self.report.checks}
        out.extend(
            f
            for f in self.report.findings
            if f.check_id not in listed and self.filter.finding_matches(f)
        )
        order = {id(f): i for i, f in enumerate(self.report.findings)}
        return sorted(out, key=lambda f: order.get(id(f), 0))

    def files(self) -> list[tuple[str, int]]:
        """(path, number of findings) of every file with a finding, sorted by path."""
        counts: dict[str, int] = {}
        for f in self.report.findings:
            if f.path:
                counts[f.path] = counts.get(f.path, 0) + 1
        return sorted(counts.items())

    def findings_in_file(self, path: str) -> list[Finding]:
        return [
            f for f in self.report.findings if f.path == path and self.filter.finding_matches(f)
        ]


def location(f: Finding) -> str:
    if not f.path:
        return "(project)"
    loc = f.path
    if f.line:
        loc += f":{f.line}"
    return loc


def source_titles(sources: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(s, source_line(s)) for s in sources]


def default_export_name(report: Report, folder: str | None = None) -> str:
    """A file name for the Markdown export: ``<target folder>-audit.md``."""
    root = folder or report.target.root.rstrip("/").rsplit("/", 1)[-1]
    if root in ("", ".", ".."):
        root = "fastapi"
    safe = (
        "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in root).strip("-.") or "fastapi"
    )
    return f"{safe}-audit.md"
