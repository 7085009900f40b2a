"""What the screens show, as plain functions of the report and the view's filter.

No Textual here: the filter rules are unit-testable and the Markdown export of "what is
filtered" uses exactly the findings the screens list.  Nothing here scores or re-derives a
finding: it only selects from the report.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditor.tui.splash import folder_label as folder_label  # (drawn before Textual too)

if TYPE_CHECKING:  # pragma: no cover - the first frame does not wait for pydantic
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


def category_title(category: str) -> str:
    """``Routes & docs`` for ``routes``: the catalogue's title of a category ID."""
    return _category_titles().get(category, category)


@functools.cache
def _category_titles() -> dict[str, str]:
    from auditor.check import CATEGORIES  # (not imported for the first frame)

    return {c.id: c.title for c in CATEGORIES}


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

    def fixed(self) -> list[Finding]:
        """With ``--diff``: the base's findings gone on this branch that the filter lets through
        (the "new only" toggle does not hide them: they are what the branch removed)."""
        if self.report.diff is None:
            return []
        return [f for f in self.report.diff.fixed if self.gone_matches(f)]

    def gone_matches(self, f: Finding) -> bool:
        """Whether the filter lets through a finding that is gone (fixed by the branch, or
        resolved by a re-run): the text and the severity apply as to any finding, a check whose
        id or name matches the text shows all of its own; "new only" does not hide what went."""
        if not self.filter.severity_ok(f.severity):
            return False
        check = self.checks_by_id.get(f.check_id)
        if check is not None and self.filter.text.strip() and self.filter.check_text_matches(check):
            return True
        return ViewFilter(self.filter.text, self.filter.min_severity).finding_matches(f)

    def file_rows(self) -> list[FileRow]:
        """Every file with a finding the filter lets through: counts by severity, worst first."""
        rows: dict[str, FileRow] = {}
        for f in self.findings():
            if not f.path:
                continue
            row = rows.setdefault(f.path, FileRow(f.path))
            row.add(f)
        return sorted(rows.values(), key=lambda r: (-r.error, -r.warning, -r.total, r.path))

    def in_scope(self, scope: Scope) -> list[Finding]:
        """The findings a list of ``scope`` shows (before sorting)."""
        if scope.kind == "check":
            return self.findings_of(scope.value)
        if scope.kind == "file":
            return self.findings_in_file(scope.value)
        if scope.kind == "fixed":
            return self.fixed()
        return self.findings()


@dataclass
class FileRow:
    """A file of the by-file view: its findings counted by severity."""

    path: str
    error: int = 0
    warning: int = 0
    info: int = 0
    checks: set[str] = field(default_factory=set)
    new: int = 0

    @property
    def total(self) -> int:
        return self.error + self.warning + self.info

    def add(self, f: Finding) -> None:
        setattr(self, f.severity, getattr(self, f.severity) + 1)
        self.checks.add(f.check_id)
        if f.status == "new":
            self.new += 1


# -- lists of findings: scopes, identities, sorting, groups -----------------------------------------


@dataclass(frozen=True)
class Scope:
    """What a list of findings holds: a check's, a file's, all of them, or (``--diff``) the
    findings this branch fixed."""

    kind: str  # check | file | all | fixed
    value: str = ""

    @property
    def mixes_checks(self) -> bool:
        return self.kind != "check"


def finding_key(f: Finding) -> str:
    """A row key for ``f``: the same finding gets the same key in every list."""
    from hashlib import blake2b  # (not imported for the first frame)

    digest = blake2b(f.message.encode("utf-8", "replace"), digest_size=6).hexdigest()
    return f"{f.check_id}|{f.path or ''}|{f.line or 0}|{f.column or 0}|{digest}"


#: Columns a list of findings sorts by (``S`` cycles through them, ``I`` inverts).
SORT_COLUMNS = ("severity", "location", "check", "message")


def sort_findings(items: Iterable[Finding], column: str, reverse: bool = False) -> list[Finding]:
    """``items`` sorted by ``column``; severity puts errors first, and breaks every other tie."""

    def where(f: Finding) -> tuple:
        return (f.path is None, f.path or "", f.line or 0, f.column or 0)

    def rank(f: Finding) -> int:
        return -SEVERITY_RANK[f.severity]

    keys = {
        "severity": lambda f: (rank(f), f.check_id, *where(f), f.message),
        "location": lambda f: (*where(f), rank(f), f.check_id, f.message),
        "check": lambda f: (f.check_id, *where(f), f.message),
        "message": lambda f: (f.message.lower(), rank(f), f.check_id, *where(f)),
    }
    return sorted(items, key=keys[column], reverse=reverse)


#: How repeated findings fold: by file (one check, one file) or by message (one check, one message).
GROUPINGS = ("file", "message", "none")
GROUPING_LABEL = {
    "file": "repeats grouped by file",
    "message": "repeats grouped by message",
    "none": "no grouping",
}
#: A group holds at least this many findings; fewer stay single rows.
GROUP_MIN = 3


@dataclass(frozen=True)
class Group:
    """Findings of one check that share a file (or a message), shown as one row that expands."""

    key: str
    mode: str  # file | message
    members: tuple[Finding, ...]

    @property
    def check_id(self) -> str:
        return self.members[0].check_id

    @property
    def severity(self) -> str:
        return max((f.severity for f in self.members), key=SEVERITY_RANK.__getitem__)

    @property
    def files(self) -> int:
        return len({f.path for f in self.members})

    @property
    def same_message(self) -> bool:
        return len({f.message for f in self.members}) == 1

    def lines(self, limit: int = 6) -> str:
        nums = [str(f.line) for f in self.members if f.line]
        more = len(nums) - limit
        return ", ".join(nums[:limit]) + (f", … (+{more})" if more > 0 else "")


@dataclass(frozen=True)
class Row:
    """A row of a list of findings: a finding (``depth`` 1 inside an expanded group) or a group."""

    key: str
    finding: Finding | None = None
    group: Group | None = None
    depth: int = 0
    expanded: bool = False


def group_key(f: Finding, mode: str) -> str:
    return f"g|{mode}|{f.check_id}|{f.path or '' if mode == 'file' else f.message}"


def rows_of(items: Sequence[Finding], mode: str, expanded: set[str]) -> list[Row]:
    """The rows of a sorted list: findings of one check sharing a file (``mode`` "file") or a
    message ("message") fold into a group row at the place of their first member when there
    are at least :data:`GROUP_MIN` of them; an expanded group lists its members below it."""
    if mode == "none":
        return [Row(finding_key(f), finding=f) for f in items]
    members: dict[str, list[Finding]] = {}
    for f in items:
        members.setdefault(group_key(f, mode), []).append(f)
    rows: list[Row] = []
    placed: set[str] = set()
    for f in items:
        gk = group_key(f, mode)
        if len(members[gk]) < GROUP_MIN:
            rows.append(Row(finding_key(f), finding=f))
            continue
        if gk in placed:
            continue
        placed.add(gk)
        group = Group(gk, mode, tuple(members[gk]))
        is_open = gk in expanded
        rows.append(Row(gk, group=group, expanded=is_open))
        if is_open:
            rows.extend(Row(finding_key(m), finding=m, depth=1) for m in group.members)
    return rows


def match_findings(
    old: Sequence[Finding], new: Sequence[Finding]
) -> tuple[dict[str, str], list[Finding]]:
    """After a re-run: the new key of every old finding still there, and the old findings that
    are gone (resolved).  A finding is the same when its check, file and message are, paired in
    order of position (an edit above it moves its line, not its identity)."""
    by_identity: dict[tuple, list[Finding]] = {}
    for f in new:
        by_identity.setdefault((f.check_id, f.path, f.message), []).append(f)
    moved: dict[str, str] = {}
    resolved: list[Finding] = []
    seen: dict[tuple, int] = {}
    for f in sorted(old, key=lambda f: (f.line or 0, f.column or 0)):
        ident = (f.check_id, f.path, f.message)
        i = seen.get(ident, 0)
        candidates = sorted(by_identity.get(ident, []), key=lambda g: (g.line or 0, g.column or 0))
        if i < len(candidates):
            moved[finding_key(f)] = finding_key(candidates[i])
            seen[ident] = i + 1
        else:
            resolved.append(f)
    return moved, resolved


def location(f: Finding) -> str:
    if not f.path:
        return "(project)"
    loc = f.path
    if f.line:
        loc += f":{f.line}"
    return loc


def source_titles(sources: tuple[str, ...]) -> list[tuple[str, str, str | None]]:
    """(label, title, url or None) of each source document a check cites."""
    from auditor.check import SOURCE_DOCUMENTS

    out: list[tuple[str, str, str | None]] = []
    for label in sources:
        doc = SOURCE_DOCUMENTS.get(label)
        out.append((label, doc.title, doc.url) if doc else (label, label, None))
    return out


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 finding``, ``2 findings``."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def default_export_name(report: Report, folder: str | None = None) -> str:
    """A file name for the Markdown export: ``<target folder>-audit.md``."""
    root = (folder or report.target.root).rstrip("/").rsplit("/", 1)[-1]
    if root in ("", ".", ".."):
        root = "fastapi"
    safe = (
        "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in root).strip("-.") or "fastapi"
    )
    return f"{safe}-audit.md"
