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
from auditor.lazyre import lazy_compile
from auditor.report import CheckResult, Finding, Report, coverage_notes

Reader = Callable[[str], "str | None"]

#: Lines of code shown before and after a finding's line.
CONTEXT_LINES = 2
#: At most this many lines of a multi-line finding are shown.
MAX_EXCERPT_LINES = 12

_BACKTICKS = lazy_compile(r"`+")
_ACTIVE = lazy_compile(r"([\\*_\[\]])")


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


_ENTITY = lazy_compile(r"&(?=#?\w+;)")


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


#: A GitHub comment holds 65,536 characters: the default size of the Markdown report.
DEFAULT_BUDGET = 65_536
#: What the note saying what was left out may take (reserved before anything optional).
_NOTE_ROOM = 1_200
_RANK = {"error": 3, "warning": 2, "info": 1}
#: Findings of one check with one message in one file fold into one table row from this many.
GROUP_MIN = 2

Link = Callable[[str, "int | None"], "str | None"]


def render_markdown(
    report: Report,
    *,
    only: Iterable[Finding] | None = None,
    read: Reader | None = None,
    note: str | None = None,
    title: str | None = None,
    budget: int | None = None,
    link: Link | None = None,
) -> str:
    """The report as a review document in GitHub-flavoured Markdown.

    The grade and the summary first, then a table of the failed checks (errors first), then
    one section per check: a table of its findings (repeats of one message in one file on one
    row) and, folded in ``<details>``, the code excerpts and fix diffs.  With ``--diff`` the
    comparison with the base leads, each finding says whether it is new, and the findings
    the branch fixed are listed.

    ``only``: render only these findings (a front end's filter); ``note`` describes that
    filter.  ``read(path)``: the text of a file of the audited tree, for code excerpts
    (without it, no excerpts).  ``title``: the name of the target (default: its root).
    ``budget``: at most this many characters (a pull-request comment); what does not fit is
    left out, errors last, and the report says what it left out.  ``link(path, line)``: a URL
    for a location (``blob/<sha>/path#L<line>``), or None.
    """
    catalogue = _catalogue()
    if only is None:
        findings = list(report.findings)
    else:
        wanted = {id(f) for f in only}
        findings = [f for f in report.findings if id(f) in wanted]
        if len(findings) < len(wanted):  # copies of the report's findings: compare by value
            wanted_values = list(only)
            findings = [f for f in report.findings if f in wanted_values]
    filtered = only is not None
    by_check: dict[str, list[Finding]] = {}
    for f in findings:
        by_check.setdefault(f.check_id, []).append(f)
    listed = {c.id: c for c in report.checks}
    checks: list[CheckResult] = []
    for cid, items in by_check.items():
        c = listed.get(cid)
        if c is None:  # a finding of a check the report does not list (should not happen)
            f0 = items[0]
            c = CheckResult(
                id=cid,
                name=f0.name,
                category=f0.category,
                severity=f0.severity,
                status="failed",
                reason=None,
                findings=len(items),
            )
        checks.append(c)
    checks.sort(key=lambda c: _check_order(c, by_check[c.id]))

    head = _head(report, findings, filtered, note, title)
    overview = _overview(report, checks, by_check, filtered)
    compact = {c.id: _check_table(c, by_check[c.id], link) for c in checks}
    details = {c.id: _check_details(c, by_check[c.id], catalogue, read) for c in checks}
    tail = _tail(report, filtered, read)
    footer = [
        "---\n",
        f"*Generated by {inline(report.tool.name)} {inline(report.tool.version)}. "
        "Each check's full explanation: `auditor explain ID`.*",
    ]

    left_rows: dict[str, int] = {}
    left_details: list[str] = []
    left_tail: list[str] = []
    chosen_compact: dict[str, list[str]] = dict(compact)
    chosen_details: dict[str, list[str]] = dict(details)
    chosen_tail: dict[str, list[str]] = dict(tail)
    if budget is not None:
        used = _size(head) + _size(overview) + _size(footer) + _NOTE_ROOM

        def fit_table(c: CheckResult) -> None:
            nonlocal used
            part = compact[c.id]
            if used + _size(part) <= budget:
                used += _size(part)
                return
            cut, dropped = _cut_table(part, budget - used, c.id)
            chosen_compact[c.id] = cut
            used += _size(cut)
            if dropped:
                left_rows[c.id] = dropped

        def fit_details(c: CheckResult) -> None:
            nonlocal used
            part = details[c.id]
            if not part:
                return
            if c.id not in left_rows and used + _size(part) <= budget:
                used += _size(part)
            else:
                chosen_details[c.id] = []
                left_details.append(c.id)

        def fit_tail(key: str) -> None:
            nonlocal used
            part = tail.get(key)
            if part is None:
                return
            if used + _size(part) <= budget:
                used += _size(part)
            else:
                chosen_tail[key] = []
                left_tail.append(key)

        # the errors with their code and fixes; what could not be read; every other check's
        # table (warnings before info); their code and fixes; the skipped and passed lists last
        errors = [c for c in checks if _worst(by_check[c.id]) == "error"]
        others = [c for c in checks if _worst(by_check[c.id]) != "error"]
        for c in errors:
            fit_table(c)
        for c in errors:
            fit_details(c)
        for key in ("fixed", "crashed", "not audited"):
            fit_tail(key)
        for c in others:
            fit_table(c)
        for c in others:
            fit_details(c)
        for key in tail:
            if key not in ("fixed", "crashed", "not audited"):
                fit_tail(key)

    out: list[str] = [*head]
    if left_rows or left_details or left_tail:
        out.extend(_left_out(budget or 0, left_rows, left_details, left_tail, filtered))
    out.extend(overview)
    for c in checks:
        out.extend(chosen_compact[c.id])
        out.extend(chosen_details[c.id])
    for key in tail:
        out.extend(chosen_tail[key])
    out.extend(footer)
    return "\n".join(out).rstrip("\n") + "\n"


def _size(lines: list[str]) -> int:
    return sum(len(line) + 1 for line in lines)


def _worst(items: list[Finding]) -> str:
    return max((f.severity for f in items), key=_RANK.__getitem__, default="info")


def _check_order(c: CheckResult, items: list[Finding]) -> tuple:
    """Errors first (the worst finding decides), then the catalogue's order."""
    worst = _RANK[_worst(items)] if items else _RANK[c.severity]
    titles = [cat.id for cat in CATEGORIES]
    cat = titles.index(c.category) if c.category in titles else len(titles)
    return (-worst, cat, c.id)


def _head(
    report: Report, findings: list[Finding], filtered: bool, note: str | None, title: str | None
) -> list[str]:
    out: list[str] = []
    w = out.append
    s = report.summary
    w(f"# FastAPI audit of {code_span(title or report.target.root)}\n")
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
    for caveat in coverage_notes(s):
        w(f"> **{inline(caveat[0].upper() + caveat[1:])}**\n")
    d = report.diff
    if d is not None:
        from auditor.exporters.diff_markdown import headline

        base = (
            f"merge base {code_span(d.base_commit[:12])}"
            if d.merge_base
            else code_span(d.base_commit[:12])
        )
        w(f"**{inline(headline(report))}** · compared with {code_span(d.base)} ({base})\n")
        if d.note:
            w(f"> {inline(d.note)}\n")
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
    return out


def _overview(
    report: Report, checks: list[CheckResult], by_check: dict[str, list[Finding]], filtered: bool
) -> list[str]:
    """The categories, then one row per failed check with its counts (errors first)."""
    out: list[str] = []
    w = out.append
    w("## Categories\n")
    w("| Category | Score | Grade | Passed | Failed | Skipped |")
    w("|---|---:|:---:|---:|---:|---:|")
    for cat in report.categories:
        w(
            f"| {cell(cat.title)} | {'–' if cat.score is None else cat.score} | {cat.grade or '–'} "
            f"| {cat.passed} | {cat.failed} | {cat.skipped} |"
        )
    w("")
    title = "Failed checks" if not filtered else "Checks with findings"
    if not checks:
        w(f"## {title}\n")
        w("No finding matches this filter.\n" if filtered else "No check failed.\n")
        return out
    diff = report.diff is not None
    w(f"## {title} ({len(checks)})\n")
    titles = {cat.id: cat.title for cat in CATEGORIES}
    w("| Check | Severity | Category | Findings |" + (" New |" if diff else ""))
    w("|---|---|---|---:|" + ("---:|" if diff else ""))
    for c in checks:
        items = by_check[c.id]
        sev = max((f.severity for f in items), key=_RANK.__getitem__, default=c.severity)
        row = (
            f"| [{inline(c.id)}](#{_anchor(c)}) {cell(c.name)} | {sev} "
            f"| {cell(titles.get(c.category, c.category))} | {len(items)} |"
        )
        if diff:
            row += f" {sum(1 for f in items if f.status == 'new')} |"
        w(row)
    w("")
    return out


def _anchor(c: CheckResult) -> str:
    """GitHub's anchor of the heading ``### ID · name``: lower case, spaces to dashes,
    punctuation dropped."""
    text = f"{c.id} · {c.name}".lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _where(f: Finding, link: Link | None, lines: str | None = None) -> str:
    """The location cell: ``path:line`` as code, linked when a URL is known."""
    text = cell(code_span(location(f) if lines is None else f.path or ""))
    url = link(f.path, f.line) if link is not None and f.path else None
    linked = f"[{text}]({url})" if url else text
    return linked if lines is None else f"{linked} {lines}"


def _rows(items: list[Finding]) -> list[list[Finding]]:
    """Findings grouped for the table: repeats of one message in one file share a row (at the
    place of the first); the others keep a row each."""
    groups: dict[tuple, list[Finding]] = {}
    for f in items:
        groups.setdefault((f.path, f.message, f.status), []).append(f)
    out: list[list[Finding]] = []
    for key, group in groups.items():
        if len(group) >= GROUP_MIN and key[0]:
            out.append(group)
        else:
            out.extend([f] for f in group)
    return out


def _check_table(c: CheckResult, items: list[Finding], link: Link | None) -> list[str]:
    out: list[str] = []
    w = out.append
    titles = {cat.id: cat.title for cat in CATEGORIES}
    w(f"### {inline(c.id)} · {inline(c.name)}\n")
    new = sum(1 for f in items if f.status == "new")
    counts = _plural(len(items), "finding") + (f" ({new} new)" if new else "")
    w(f"**{c.severity}** · {inline(titles.get(c.category, c.category))} · {counts}\n")
    diff = any(f.status for f in items)
    w("| Where | Finding |" + (" |" if diff else ""))
    w("|---|---|" + ("---|" if diff else ""))
    for group in _rows(items):
        f = group[0]
        if len(group) > 1:
            nums = [str(g.line) for g in group if g.line]
            lines = "lines " + ", ".join(nums) if nums else ""
            where = _where(f, link, lines)
            message = f"{cell(f.message)} ({len(group)}×)"
        else:
            where = _where(f, link)
            message = cell(f.message)
        if f.severity != c.severity:
            message += f" ({f.severity})"
        if f.fix is not None:
            safe = " (safe)" if f.fix.diff and f.fix.safe else ""
            message += f"<br>**Fix{safe}:** {cell(f.fix.title)}"
        row = f"| {where} | {message} |"
        if diff:
            row += f" {'**new**' if f.status == 'new' else ''} |"
        w(row)
    w("")
    return out


def _cut_table(part: list[str], room: int, check_id: str) -> tuple[list[str], int]:
    """The head of a check's section and as many table rows as fit in ``room``; the number of
    findings left out."""
    try:
        first_row = part.index(next(line for line in part if line.startswith("|---"))) + 1
    except StopIteration:  # pragma: no cover - every section has a table
        return part, 0
    head = part[:first_row]
    rows = [line for line in part[first_row:] if line.startswith("| ")]
    note_room = 120
    kept: list[str] = []
    used = _size(head) + note_room
    for row in rows:
        if used + len(row) + 1 > room:
            break
        kept.append(row)
        used += len(row) + 1
    dropped_rows = rows[len(kept) :]
    dropped = sum(_row_count(r) for r in dropped_rows)
    if not kept and used > room:  # not even the heading fits
        return [], sum(_row_count(r) for r in rows)
    out = head + kept
    if dropped:
        out.append(f"| … | {_plural(dropped, 'more finding')} of {check_id} left out (`--full`) |")
    out.append("")
    return out, dropped


def _row_count(row: str) -> int:
    m = re.search(r" \((\d+)×\)", row)
    return int(m.group(1)) if m else 1


def _check_details(
    c: CheckResult, items: list[Finding], catalogue: dict, read: Reader | None
) -> list[str]:
    """Why the check matters, its sources, the code around each finding and its fix diff:
    folded under the table."""
    body: list[str] = []
    w = body.append
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
        excerpt_lines: list[str] = []
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
                    excerpt_lines = [
                        f"*{span} of {code_span(f.path)}:*\n",
                        fenced("\n".join(lines), language(f.path)),
                    ]
        has_diff = f.fix is not None and f.fix.diff
        if not excerpt_lines and not has_diff:
            continue
        sev = "" if f.severity == c.severity else f" ({f.severity})"
        w(f"#### {code_span(location(f))}{sev}\n")
        w(inline(f.message) + "\n")
        body.extend(excerpt_lines)
        if f.fix is not None and f.fix.diff:
            safety = " (safe)" if f.fix.safe else " (review it: it can change behaviour)"
            w(f"**Fix{safety}:** {inline(f.fix.title)}\n")
            w(fenced(f.fix.diff, "diff"))
    if not body:
        return []
    what = "Why it matters"
    if any(f.fix and f.fix.diff for f in items):
        what += ", the code and the fixes"
    elif read is not None:
        what += " and the code"
    return [f"<details><summary>{what} ({inline(c.id)})</summary>\n", *body, "</details>\n"]


def _tail(report: Report, filtered: bool, read: Reader | None) -> dict[str, list[str]]:
    """The sections after the checks, by name: fixed on this branch, crashed, skipped,
    passed, not audited."""
    out: dict[str, list[str]] = {}
    d = report.diff
    if d is not None and d.fixed and not filtered:
        part = [f"<details><summary>Fixed on this branch ({len(d.fixed)})</summary>\n"]
        part += ["| Severity | Check | Where | Finding |", "|---|---|---|---|"]
        for f in sorted(d.fixed, key=lambda f: (-_RANK[f.severity], f.path or "", f.line or 0)):
            part.append(
                f"| {f.severity} | {cell(f.check_id)} {cell(f.name)} | {cell(code_span(location(f)))} | {cell(f.message)} |"
            )
        part.append("\n</details>\n")
        out["fixed"] = part
    if filtered:
        out["filtered"] = ["*Passed and skipped checks are left out of a filtered export.*\n"]
        return out
    errored = [c for c in report.checks if c.status == "errored"]
    if errored:
        part = [f"## Checks that crashed ({len(errored)})\n", "They are left out of the score.\n"]
        part += ["| Check | Name | Error |", "|---|---|---|"]
        part += [
            f"| {cell(c.id)} | {cell(c.name)} | {cell(c.reason or 'crashed')} |" for c in errored
        ]
        part.append("")
        out["crashed"] = part
    if report.errors:
        part = [f"## Not audited ({len(report.errors)})\n", "| File | Problem |", "|---|---|"]
        for e in report.errors:
            part.append(
                f"| {cell(code_span(e.path)) if e.path else '(project)'} | {cell(e.message)} |"
            )
        part.append("")
        out["not audited"] = part
    skipped = [c for c in report.checks if c.status == "skipped"]
    if skipped:
        part = [f"## Skipped checks ({len(skipped)})\n"]
        part += ["| Check | Name | Severity | Reason |", "|---|---|---|---|"]
        part += [
            f"| {cell(c.id)} | {cell(c.name)} | {c.severity} | {cell(c.reason or 'not applicable')} |"
            for c in skipped
        ]
        part.append("")
        out["skipped"] = part
    passed = [c for c in report.checks if c.status == "passed"]
    if passed:
        part = [f"## Passed checks ({len(passed)})\n"]
        titles = {cat.id: cat.title for cat in CATEGORIES}
        groups: dict[str, list[CheckResult]] = {}
        for c in passed:
            groups.setdefault(c.category, []).append(c)
        for cat, items in groups.items():
            names = ", ".join(f"{inline(c.id)} {inline(c.name)}" for c in items)
            part.append(f"- **{inline(titles.get(cat, cat))}:** {names}")
        part.append("")
        out["passed"] = part
    return out


def _left_out(
    budget: int,
    rows: dict[str, int],
    details: list[str],
    tail: list[str],
    filtered: bool,
) -> list[str]:
    """What the budget left out, and how to get everything."""

    def ids(items: list[str]) -> str:
        shown = ", ".join(items[:8])
        return shown + (f" and {len(items) - 8} more" if len(items) > 8 else "")

    parts: list[str] = []
    if rows:
        n = sum(rows.values())
        most = sorted(rows, key=lambda cid: -rows[cid])  # the biggest floods named first
        parts.append(f"{_plural(n, 'finding')} ({ids([f'{cid} {rows[cid]}' for cid in most])})")
    if details:
        parts.append(f"the code and fix details of {ids(details)}")
    if tail:
        parts.append(
            "the " + ", ".join(f"*{t}*" for t in tail) + " section" + ("s" if len(tail) > 1 else "")
        )
    how = "`auditor audit --format markdown --full`" + (
        "" if not filtered else " (or an export without the budget)"
    )
    return [
        f"> **Shortened to fit {budget:,} characters** (a pull-request comment): left out "
        f"{'; '.join(parts)}.  The full report: {how}.\n"
    ]
