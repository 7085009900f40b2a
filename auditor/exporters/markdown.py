"""Markdown output: a report to paste into a pull request or an issue (a pure function).

Readable on GitHub: a title with the target and its commit, the grade and score, a table of
categories, then every failed check with its explanation summary and its findings (path:line,
message, the code excerpt and the fix diff in fenced blocks), the skipped checks with their
reasons and the passed checks as a short list.

User content is escaped.  Messages, reasons and paths can hold anything the audited code
holds: outside code spans ``<`` and ``>`` are HTML-escaped (and ``&`` where it would start an entity) and Markdown's active
characters backslash-escaped; in table cells ``|`` is escaped and newlines become ``<br>``.
A fenced block gets a fence longer than any run of backticks in its content.

``render_markdown(report, only=[...])`` renders only those findings (what a front end has
filtered); scores stay those of the whole audit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from auditor.check import CATEGORIES, source_line
from auditor.report import CheckResult, Finding, Report, coverage_notes

Reader = Callable[[str], "str | None"]

#: Lines of code shown before and after a finding's line.
CONTEXT_LINES = 2
#: At most this many lines of a multi-line finding are shown.
MAX_EXCERPT_LINES = 12

_BACKTICKS = re.compile(r"`+")
_ACTIVE = re.compile(r"([\\*_\[\]])")


# -- escaping -------------------------------------------------------------------------------------


def _split_code_spans(text: str) -> list[tuple[bool, str]]:
    """Split ``text`` into (is_code_span, piece); a code span keeps its backtick delimiters.

    A run of N backticks opens a span closed by the next run of exactly N backticks; an
    unmatched run is plain text (CommonMark's rule).
    """
    out: list[tuple[bool, str]] = []
    pos = 0
    plain_start = 0
    while True:
        m = _BACKTICKS.search(text, pos)
        if m is None:
            break
        n = len(m.group())
        close = None
        for m2 in _BACKTICKS.finditer(text, m.end()):
            if len(m2.group()) == n:
                close = m2
                break
        if close is None:
            pos = m.end()
            continue
        if m.start() > plain_start:
            out.append((False, text[plain_start : m.start()]))
        out.append((True, text[m.start() : close.end()]))
        pos = plain_start = close.end()
    if plain_start < len(text):
        out.append((False, text[plain_start:]))
    return out


_ENTITY = re.compile(r"&(?=#?\w+;)")


def _html_escape(text: str) -> str:
    """``<`` and ``>`` always; ``&`` where it would start an entity (a bare ``&`` is literal in Markdown)."""
    return _ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")


def inline(text: str, *, table: bool = False) -> str:
    """``text`` (which may use `code spans`) made safe for one line of Markdown.

    Outside code spans: HTML-escaped, ``\\ * _ [ ]`` backslash-escaped, newlines folded
    (``<br>`` in a table cell, a space elsewhere).  In a table cell ``|`` is escaped
    everywhere (GitHub's table splitter honours ``\\|`` inside code spans too).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pieces: list[str] = []
    for is_code, piece in _split_code_spans(text):
        if is_code:
            piece = piece.replace("\n", " ")
        else:
            piece = _ACTIVE.sub(r"\\\1", _html_escape(piece))
            piece = piece.replace("\n", "<br>" if table else " ")
        if table:
            piece = piece.replace("|", "\\|")
        pieces.append(piece)
    return "".join(pieces)


def cell(text: str) -> str:
    """A table cell."""
    return inline(text, table=True)


def code_span(text: str) -> str:
    """``text`` as one code span, whatever backticks it holds."""
    text = text.replace("\r", " ").replace("\n", " ")
    longest = max((len(m) for m in _BACKTICKS.findall(text)), default=0)
    ticks = "`" * (longest + 1)
    if (
        text.startswith("`")
        or text.endswith("`")
        or (text.startswith(" ") and text.endswith(" ") and text.strip())
    ):
        text = f" {text} "
    return f"{ticks}{text}{ticks}" if text else "` `"


def fenced(text: str, lang: str = "") -> str:
    """A fenced code block whose fence is longer than any backtick run in ``text``."""
    longest = max((len(m) for m in _BACKTICKS.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    body = text.rstrip("\n")
    return f"{fence}{lang}\n{body}\n{fence}\n"


def language(path: str | None) -> str:
    p = (path or "").lower()
    name = p.rsplit("/", 1)[-1]
    if p.endswith((".py", ".pyi")):
        return "python"
    if p.endswith(".toml"):
        return "toml"
    if p.endswith((".yml", ".yaml")):
        return "yaml"
    if p.endswith(".json"):
        return "json"
    if p.endswith((".ini", ".cfg")) or name == ".env" or name.startswith(".env."):
        return "ini"
    if "dockerfile" in name:
        return "dockerfile"
    if p.endswith(".sh"):
        return "bash"
    return ""


# -- reading the user's code ----------------------------------------------------------------------


def reader_for(root: str | Path) -> Reader:
    """A ``read(path)`` for the files under ``root`` (never outside it; None when unreadable)."""
    base = Path(root).resolve()

    def read(path: str) -> str | None:
        try:
            full = (base / path).resolve()
            if full != base and base not in full.parents:
                return None
            data = full.read_bytes()
        except (OSError, ValueError, RuntimeError):
            return None
        if b"\0" in data[:4096]:
            return None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return data.decode("latin-1")

    return read


def _private(path: str) -> bool:
    """A dotenv file: its lines are secrets, never copied into a report meant to be pasted."""
    name = path.rsplit("/", 1)[-1]
    return name == ".env" or (
        name.startswith(".env.") and not name.endswith((".example", ".sample", ".template"))
    )


def excerpt(
    text: str, line: int, end_line: int | None = None, context: int = CONTEXT_LINES
) -> tuple[int, list[str]]:
    """(first line number, lines) of ``text`` around ``line`` .. ``end_line`` (1-based)."""
    lines = text.splitlines()
    if not lines or line < 1 or line > len(lines):
        return line, []
    last = max(line, min(end_line or line, line + MAX_EXCERPT_LINES - 1))
    start = max(1, line - context)
    stop = min(len(lines), last + context)
    while start < line and not lines[start - 1].strip():
        start += 1
    while stop > last and not lines[stop - 1].strip():
        stop -= 1
    return start, lines[start - 1 : stop]


# -- the report -----------------------------------------------------------------------------------


def location(f: Finding) -> str:
    if not f.path:
        return "(project)"
    loc = f.path
    if f.line:
        loc += f":{f.line}"
        if f.column:
            loc += f":{f.column}"
    return loc


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _catalogue() -> dict:
    try:
        from checks import by_id

        return by_id()
    except Exception:  # pragma: no cover - a report rendered without the catalogue
        return {}


def render_markdown(
    report: Report,
    *,
    only: Iterable[Finding] | None = None,
    read: Reader | None = None,
    note: str | None = None,
) -> str:
    """The report as GitHub-flavoured Markdown.

    ``only``: render only these findings (a front end's filter); ``note`` describes that
    filter.  ``read(path)``: the text of a file of the audited tree, for code excerpts
    (without it, no excerpts).
    """
    catalogue = _catalogue()
    if only is None:
        findings = list(report.findings)
    else:
        wanted = set(only)
        findings = [f for f in report.findings if f in wanted]
    filtered = only is not None
    out: list[str] = []
    w = out.append

    s = report.summary
    w(f"# FastAPI audit of {code_span(report.target.root)}\n")
    git = report.target.git
    if git is None:
        where = "Not a git repository"
    elif git.head is None:
        where = f"Git repository with no commits yet{' on branch ' + code_span(git.branch) if git.branch else ''}"
    else:
        where = f"Commit {code_span(git.head[:12])}"
        where += f" on branch {code_span(git.branch)}" if git.branch else " (detached HEAD)"
        if git.dirty:
            where += ", with uncommitted changes"
    w(f"{where} · {inline(report.tool.name)} {inline(report.tool.version)}\n")

    grade = s.grade or "–"
    score = "–" if s.score is None else f"{s.score}/100"
    counts = f"{_plural(s.counts.error, 'error')}, {_plural(s.counts.warning, 'warning')}, {s.counts.info} info"
    w(
        f"**Grade {grade}** · score **{score}** · {counts} · {s.python_files} Python files of {s.files}\n"
    )
    for note in coverage_notes(s):
        w(f"> **{inline(note[0].upper() + note[1:])}**\n")
    suppressed = getattr(s, "suppressed", None)
    if suppressed:
        w(
            f"{_plural(suppressed, 'finding')} silenced by suppression comments or per-file ignores {'is' if suppressed == 1 else 'are'} not listed.\n"
        )
    if s.parse_errors:
        w(
            f"{_plural(s.parse_errors, 'file')} could not be parsed and {'was' if s.parse_errors == 1 else 'were'} not audited (see *Not audited*).\n"
        )
    if filtered:
        what = f"{_plural(len(findings), 'finding')} of {len(report.findings)}"
        w(
            f"> **Filtered export:** {what}{' (' + inline(note) + ')' if note else ''}. Scores and grades are those of the whole audit.\n"
        )

    # categories
    w("## Categories\n")
    w("| Category | Score | Grade | Passed | Failed | Skipped |")
    w("|---|---:|:---:|---:|---:|---:|")
    for c in report.categories:
        w(
            f"| {cell(c.title)} | {'–' if c.score is None else c.score} | {c.grade or '–'} "
            f"| {c.passed} | {c.failed} | {c.skipped} |"
        )
    w("")

    # failed checks and their findings
    by_check: dict[str, list[Finding]] = {}
    for f in findings:
        by_check.setdefault(f.check_id, []).append(f)
    failed = [c for c in report.checks if c.id in by_check]
    # findings of checks the report does not list (should not happen) still get rendered
    listed = {c.id for c in report.checks}
    orphans = [cid for cid in by_check if cid not in listed]
    title = "Failed checks" if not filtered else "Checks with findings"
    if failed or orphans:
        w(f"## {title} ({len(failed) + len(orphans)})\n")
        for c in failed:
            out.extend(_check_section(c, by_check[c.id], catalogue, read))
        for cid in orphans:
            f0 = by_check[cid][0]
            pseudo = CheckResult(
                id=cid,
                name=f0.name,
                category=f0.category,
                severity=f0.severity,
                status="failed",
                reason=None,
                findings=len(by_check[cid]),
            )
            out.extend(_check_section(pseudo, by_check[cid], catalogue, read))
    elif filtered:
        w("## Checks with findings\n\nNo finding matches this filter.\n")
    else:
        w("## Failed checks\n\nNo check failed.\n")

    if filtered:
        w("*Passed and skipped checks are left out of a filtered export.*\n")
    else:
        errored = [c for c in report.checks if c.status == "errored"]
        if errored:
            w(f"## Checks that crashed ({len(errored)})\n")
            w("They are left out of the score.\n")
            w("| Check | Name | Error |")
            w("|---|---|---|")
            for c in errored:
                w(f"| {cell(c.id)} | {cell(c.name)} | {cell(c.reason or 'crashed')} |")
            w("")
        skipped = [c for c in report.checks if c.status == "skipped"]
        if skipped:
            w(f"## Skipped checks ({len(skipped)})\n")
            w("| Check | Name | Severity | Reason |")
            w("|---|---|---|---|")
            for c in skipped:
                w(
                    f"| {cell(c.id)} | {cell(c.name)} | {c.severity} | {cell(c.reason or 'not applicable')} |"
                )
            w("")
        passed = [c for c in report.checks if c.status == "passed"]
        if passed:
            w(f"## Passed checks ({len(passed)})\n")
            titles = {cat.id: cat.title for cat in CATEGORIES}
            groups: dict[str, list[CheckResult]] = {}
            for c in passed:
                groups.setdefault(c.category, []).append(c)
            for cat, items in groups.items():
                names = ", ".join(f"{inline(c.id)} {inline(c.name)}" for c in items)
                w(f"- **{inline(titles.get(cat, cat))}:** {names}")
            w("")

    if report.errors and not filtered:
        w(f"## Not audited ({len(report.errors)})\n")
        w("| File | Problem |")
        w("|---|---|")
        for e in report.errors:
            w(f"| {cell(code_span(e.path)) if e.path else '(project)'} | {cell(e.message)} |")
        w("")

    w("---\n")
    w(
        f"*Generated by {inline(report.tool.name)} {inline(report.tool.version)}. "
        "Each check's full explanation: `auditor explain ID`.*"
    )
    return "\n".join(out).rstrip("\n") + "\n"


def _check_section(
    c: CheckResult, items: list[Finding], catalogue: dict, read: Reader | None
) -> list[str]:
    out: list[str] = []
    w = out.append
    titles = {cat.id: cat.title for cat in CATEGORIES}
    w(f"### {inline(c.id)} · {inline(c.name)}\n")
    w(
        f"**{c.severity}** · {inline(titles.get(c.category, c.category))} · {_plural(len(items), 'finding')}\n"
    )
    cls = catalogue.get(c.id)
    if cls is not None:
        summary = cls.summary().strip()
        if summary:
            w("> " + summary.replace("\n", " ") + "\n")
        if cls.sources:
            docs = "; ".join(source_line(src) for src in cls.sources)
            w(f"Sources: {inline(docs)}\n")
    cache: dict[str, str | None] = {}
    for f in items:
        sev = "" if f.severity == c.severity else f" ({f.severity})"
        w(f"#### {code_span(location(f))}{sev}\n")
        w(inline(f.message) + "\n")
        if read is not None and f.path and f.line and not _private(f.path):
            if f.path not in cache:
                try:
                    cache[f.path] = read(f.path)
                except Exception:
                    cache[f.path] = None
            text = cache[f.path]
            if text is not None:
                start, lines = excerpt(text, f.line, f.end_line)
                if lines:
                    stop = start + len(lines) - 1
                    span = f"line {start}" if stop == start else f"lines {start}–{stop}"
                    w(f"*{span} of {code_span(f.path)}:*\n")
                    w(fenced("\n".join(lines), language(f.path)))
        if f.fix is not None:
            safety = (
                ""
                if f.fix.diff is None
                else (" (safe)" if f.fix.safe else " (review it: it can change behaviour)")
            )
            w(f"**Fix{safety}:** {inline(f.fix.title)}\n")
            if f.fix.diff:
                w(fenced(f.fix.diff, "diff"))
    return out
