"""Suppressions (F11): inline comments, whole files, ``per-file-ignores``.

* ``# auditor: ignore[ASY001,SEC002]`` or ``# noqa: ASY001`` on the reported line silences
  those checks there (IDs or prefixes in ``auditor: ignore[...]``; exact IDs in ``noqa``).
  ``# auditor: ignore`` without a list silences every check on that line.  A bare
  ``# noqa`` (no codes) is left to the linters: it does **not** silence the auditor.
* A check that overlaps a ruff rule (``RUFF_OVERLAP`` in :mod:`auditor.config`, the
  catalogue's overlap table) is silenced by that rule's code too: ``# noqa: S608`` silences
  DBS002, ``# noqa: RUF006`` ASY004.  Other tools' codes (``F401``) are ignored.
* "The reported line" is any line of the statement holding it: a directive on the closing
  line of a multi-line call (where ruff wants ``# noqa: S608`` after a triple-quoted
  f-string) covers a finding reported on its first line, and the other way round.  Python
  statements are the tokenizer's logical lines; in other text files a line ending in a backslash
  continues on the next (Dockerfiles, requirements).
* ``# auditor: skip-file`` anywhere in a file (as a comment) silences every finding in it.
* ``per-file-ignores`` in the configuration: glob -> IDs.

Python files are read with ``tokenize`` (so a ``# noqa`` inside a string is not a comment);
other text files with findings (Dockerfiles, YAML, requirements) line by line.

A suppression that silences nothing is itself reported by the built-in meta check
``AUD001`` (unused-suppression, info): the ``AUD`` family belongs to the auditor itself
and is not part of the practice catalogue.  Only checks that ran count: a ``# noqa:
SEC001`` is not "unused" in a run where SEC001 was not selected.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from auditor.check import Check, Hit, Severity
from auditor.config import RUFF_OVERLAP
from auditor.lazyre import lazy_compile

if TYPE_CHECKING:  # pragma: no cover
    from auditor.project import Project
    from auditor.repository import Repository

#: Tokens that do not start a statement (layout, comments).
_BETWEEN = frozenset(
    {
        tokenize.NL,
        tokenize.COMMENT,
        tokenize.INDENT,
        tokenize.DEDENT,
        tokenize.ENCODING,
        tokenize.ENDMARKER,
    }
)
PREFILTER = lazy_compile(rb"noqa|auditor\s*:", re.IGNORECASE)
NOQA = lazy_compile(
    r"#\s*noqa\b(?:\s*:\s*(?P<codes>[A-Za-z]+[0-9]+(?:(?:\s*,\s*|\s+)[A-Za-z]+[0-9]+)*))?",
    re.IGNORECASE,
)
AUDITOR = lazy_compile(
    r"#\s*auditor\s*:\s*(?P<verb>ignore|skip-file)\b(?:\s*\[(?P<codes>[^\]\n]*)\])?", re.IGNORECASE
)


class _Edit(NamedTuple):
    """What AUD001's fix writes: the line without the unused IDs, or no line at all."""

    new_line: str
    delete_line: bool


class UnusedSuppression(Check):
    """
    ## What it does

    Reports an auditor suppression comment -- `# auditor: ignore[...]` or
    `# auditor: skip-file` -- that silences nothing: the named check ran and found nothing on
    that line (or in that file), or the ID does not exist.

    A built-in meta check of the auditor (the `AUD` family is not part of the practice
    catalogue): its findings are not scored.  `# noqa` comments are never reported: other
    tools use the same codes (flake8-logging's `LOG001`, a project's own `MIG003` -- seen on
    apache-airflow), so a noqa that silences none of our findings may silence theirs.  Checks
    that did not run in this audit (not selected, not applicable) are never reported either.

    ## Why is this bad?

    A stale suppression hides the next real finding on that line, and tells the reader
    something that is no longer true.

    ## Example

    ```python
    import httpx

    async def handler():
        async with httpx.AsyncClient() as c:  # auditor: ignore[ASY001]
            return await c.get("https://example.com")
    ```

    ## Use instead

    ```python
    import httpx

    async def handler():
        async with httpx.AsyncClient() as c:
            return await c.get("https://example.com")
    ```

    ## Fix safety

    Safe: removing a comment (or the unused IDs of it) cannot change behaviour.

    ## References

    - The catalogue, F11 (suppression and configuration)
    """

    id = "AUD001"
    name = "unused-suppression"
    category = "tooling"
    severity = Severity.INFO
    file_classes = frozenset()
    message = "suppression comment silences nothing"
    fix_title = "Remove the unused suppression"
    fix_safe = True

    def fix(self, source: str, hit: Hit, project: Project) -> str | None:
        edit = hit.payload(_Edit)
        new_line = edit.new_line
        if not hit.line:
            return None
        lines = source.splitlines(keepends=True)
        if hit.line > len(lines):
            return None
        old = lines[hit.line - 1]
        if edit.delete_line:
            del lines[hit.line - 1]  # the comment was the whole line
            return "".join(lines)
        ending = old[len(old.rstrip("\r\n")) :]
        lines[hit.line - 1] = new_line + ending
        return "".join(lines)


#: The auditor's built-in meta checks (not in ``checks/``, not in the catalogue, not scored).
META_CHECKS: tuple[type[Check], ...] = (UnusedSuppression,)
META_IDS = frozenset(c.id for c in META_CHECKS)


@dataclass
class Directive:
    path: str
    line: int
    kind: str  # "noqa" | "ignore" | "skip-file"
    start: int  # 0-based character offsets of the directive in its line
    end: int
    line_text: str
    tokens: dict[str, frozenset[str]]  # code as written -> check IDs it names (empty: unknown)
    external: tuple[str, ...] = ()  # other tools' codes in a noqa list, kept by the fix
    comment_start: int = -1  # where the comment holding the directive starts
    used: set[str] = field(default_factory=set)

    @property
    def everything(self) -> bool:
        return self.kind == "skip-file" or (self.kind == "ignore" and not self.tokens)

    def covers(self, check_id: str) -> bool:
        if self.everything:
            # a blanket directive never silences the report about itself (AUD001)
            return check_id not in META_IDS
        return any(check_id in ids for ids in self.tokens.values())

    @property
    def written(self) -> str:
        return self.line_text[self.start : self.end]


def _may_hold(data: bytes, ours: re.Pattern[bytes]) -> bool:
    """``ours.search(data)``, tried only where a match can start: every match of ``ours``
    starts with ``auditor`` or ``noqa`` (in any ASCII case, as ``bytes.lower`` folds them).
    Most files have neither word, and two plain scans cost far less; where they do, a
    match tried at each of the words' places is the same answer as a search of the whole
    file, which on litellm (459 files with a ``noqa``) cost ~1 s of the checks stage."""
    lowered = data.lower()
    for word in (b"auditor", b"noqa"):
        at = lowered.find(word)
        while at != -1:
            if ours.match(data, at):
                return True
            at = lowered.find(word, at + 1)
    return False


class Suppressor:
    """Finds suppression comments and applies them (and ``per-file-ignores``) to hits."""

    def __init__(
        self,
        repo: Repository,
        sources: dict[str, bytes],
        known: Sequence[str],
        per_file: Sequence[tuple[str, re.Pattern[str], frozenset[str]]] = (),
        overlap: Mapping[str, Sequence[str]] = RUFF_OVERLAP,
    ):
        self.repo = repo
        self.known = list(known)
        self.known_set = frozenset(known)
        self.per_file = list(per_file)
        # another tool's code -> the checks of ours it also silences (S608 -> DBS002)
        aliases: dict[str, set[str]] = defaultdict(set)
        for cid, codes in overlap.items():
            if cid in self.known_set:
                for code in codes:
                    aliases[code.upper()].add(cid)
        self.aliases = {code: frozenset(ids) for code, ids in aliases.items()}
        self.by_line: dict[tuple[str, int], list[Directive]] = defaultdict(list)
        self.skip_file: dict[str, list[Directive]] = defaultdict(list)
        self.directives: list[Directive] = []
        self.scanned: set[str] = set()
        # the lines of every multi-line statement, per file: (path, line) -> (first, last)
        self.spans: dict[tuple[str, int], tuple[int, int]] = {}
        # only files that may hold one of *our* directives are tokenized: a noqa for E501
        # alone is common and not ours
        families = sorted({k[:3] for k in self.known if len(k) > 3})
        words = [rf"{f}\d" for f in families] + [rf"{c}\b" for c in sorted(self.aliases)]
        ours = re.compile(
            rb"auditor\s*:|noqa\s*:[^\n]*?\b(?:" + "|".join(words).encode() + rb")",
            re.IGNORECASE,
        )
        for path in sorted(sources):
            data = sources[path]
            self.scanned.add(path)
            if _may_hold(data, ours):
                self._scan_python(path, data)

    # -- scanning ------------------------------------------------------------------------------
    def _scan_python(self, path: str, data: bytes) -> None:
        from auditor.source import SourceProblem, decode

        try:
            text = decode(data)
        except SourceProblem:
            return
        lines = text.splitlines()
        first = 0  # first row of the logical line being read (0: between statements)
        try:
            for tok in tokenize.generate_tokens(io.StringIO(text).readline):
                kind = tok.type
                if kind == tokenize.COMMENT:
                    row, col = tok.start
                    if row <= len(lines):
                        self._scan_comment(path, row, lines[row - 1], col, tok.string)
                elif kind == tokenize.NEWLINE:
                    if first and tok.start[0] > first:
                        self._span(path, first, tok.start[0])
                    first = 0
                elif not first and kind not in _BETWEEN:
                    first = tok.start[0]
        except (tokenize.TokenError, SyntaxError, ValueError):
            return

    def _scan_text(self, path: str) -> None:
        self.scanned.add(path)
        text = self.repo.read_text(path)
        if not text or not PREFILTER.search(text.encode("utf-8", "replace")):
            return
        first = 0
        for row, line in enumerate(text.splitlines(), 1):
            i = line.find("#")
            if i != -1:
                self._scan_comment(path, row, line, i, line[i:])
            # a line ending in a backslash continues on the next (Dockerfile, requirements);
            # a Dockerfile's comment lines inside a continued instruction do not end it
            stripped = line.strip()
            if stripped.endswith("\\"):
                first = first or row
            elif first and (not stripped or stripped.startswith("#")):
                continue
            elif first:
                self._span(path, first, row)
                first = 0

    def _span(self, path: str, first: int, last: int) -> None:
        for row in range(first, last + 1):
            self.spans[(path, row)] = (first, last)

    def _scan_comment(self, path: str, row: int, line: str, col: int, comment: str) -> None:
        for m in AUDITOR.finditer(comment):
            verb = m.group("verb").lower()
            start, end = col + m.start(), col + m.end()
            if verb == "skip-file":
                d = Directive(path, row, "skip-file", start, end, line, {}, comment_start=col)
                self.skip_file[path].append(d)
                self.directives.append(d)
                continue
            tokens: dict[str, frozenset[str]] = {}
            codes = m.group("codes")
            if codes is not None:
                for raw in re.split(r"[,\s]+", codes):
                    tok = raw.strip().upper()
                    if tok:
                        tokens[tok] = self._expand(tok)
                if not tokens:  # "ignore[]": names nothing
                    tokens[""] = frozenset()
            d = Directive(path, row, "ignore", start, end, line, tokens, comment_start=col)
            self.by_line[(path, row)].append(d)
            self.directives.append(d)
        for m in NOQA.finditer(comment):
            codes = m.group("codes")
            if not codes:
                continue  # a bare noqa is the linters' business, not ours
            written = [c.upper() for c in re.split(r"[,\s]+", codes) if c]
            ours = {
                c: frozenset({c}) if c in self.known_set else self.aliases[c]
                for c in written
                if c in self.known_set or c in self.aliases
            }
            if not ours:
                continue
            # other tools' codes, overlapping ones included: AUD001's fix keeps them
            external = tuple(c for c in written if c not in self.known_set)
            d = Directive(
                path,
                row,
                "noqa",
                col + m.start(),
                col + m.end(),
                line,
                ours,
                external,
                comment_start=col,
            )
            self.by_line[(path, row)].append(d)
            self.directives.append(d)

    def _expand(self, tok: str) -> frozenset[str]:
        if tok == "ALL":
            return self.known_set
        return frozenset(k for k in self.known if k.startswith(tok))

    # -- matching ------------------------------------------------------------------------------
    def match(self, hit: Hit) -> str | None:
        """Why ``hit`` is suppressed (and mark what silenced it), or None."""
        path = hit.path
        if not path:
            return None
        if path not in self.scanned:
            self._scan_text(path)
        reason = None
        if hit.line:
            first, last = self.spans.get((path, hit.line), (hit.line, hit.line))
            for row in range(first, last + 1):
                for d in self.by_line.get((path, row), ()):
                    if d.covers(hit.check_id):
                        d.used.add(hit.check_id)
                        reason = reason or d.written.strip()
        for d in self.skip_file.get(path, ()):
            if d.covers(hit.check_id):
                d.used.add(hit.check_id)
                reason = reason or d.written.strip()
        for glob, rx, ids in self.per_file:
            if hit.check_id in ids and rx.fullmatch(path):
                reason = reason or f"per-file-ignores: {glob}"
        return reason

    def unused(self, ran: set[str]) -> list[Hit]:
        """An AUD001 hit for every directive (or part of one) that silenced nothing."""
        out: list[Hit] = []
        for d in sorted(self.directives, key=lambda d: (d.path, d.line, d.start)):
            if d.path in self.skip_file and d.kind != "skip-file":
                continue  # the whole file is skipped: the line-level ones do not matter
            if d.kind == "noqa":
                # the codes of a noqa comment are shared with other tools (flake8-logging's LOG001, a
                # project's own MIG003 ...): a noqa that silences none of our findings may
                # silence theirs, so it is never reported (seen on apache-airflow)
                continue
            if d.everything:
                if d.used or not ran:
                    continue
                where = "in this file" if d.kind == "skip-file" else "on this line"
                out.append(
                    self._hit(d, f"`{d.written.strip()}` silences nothing {where}: remove it", "")
                )
                continue
            stale: list[str] = []
            reasons: list[str] = []
            for tok, ids in d.tokens.items():
                if not ids:
                    stale.append(tok)
                    reasons.append(
                        f"`{tok}` is not a check ID" if tok else "no check ID between the brackets"
                    )
                elif not (ids & d.used) and (ids & ran):
                    stale.append(tok)
                    reasons.append(f"{tok} found nothing on this line")
            if not stale:
                continue
            keep = [t for t in d.tokens if t not in stale]
            replacement = _rewrite(d, keep)
            what = (
                "remove it"
                if not keep and not d.external
                else "remove " + ", ".join(t or "[]" for t in stale)
            )
            out.append(
                self._hit(
                    d,
                    f"unused suppression `{d.written.strip()}`: {'; '.join(reasons)}: {what}",
                    replacement,
                )
            )
        return out

    def _hit(self, d: Directive, message: str, replacement: str) -> Hit:
        before = d.line_text[: d.start]
        after = d.line_text[d.end :]
        if replacement:
            new_line = before + replacement + after
        elif not after.strip():
            new_line = before.rstrip()
        elif (
            d.start == d.comment_start
        ):  # the directive opened the comment: the rest stays a comment
            new_line = (
                before.rstrip()
                + ("  # " if before.strip() else "# ")
                + after.strip().lstrip("#").strip()
            )
        else:
            new_line = before.rstrip() + " " + after.strip()
        return Hit(
            check_id=UnusedSuppression.id,
            path=d.path,
            line=d.line,
            column=d.start + 1,
            end_line=d.line,
            end_column=d.end + 1,
            message=message,
            data=_Edit(
                new_line,
                delete_line=not before.strip() and not after.strip() and not replacement,
            ),
            fixable=True,
        )


def _rewrite(d: Directive, keep: list[str]) -> str:
    """The directive with only ``keep`` (and a noqa's other codes); "" when nothing is left."""
    if d.kind == "noqa":
        codes = [*keep, *d.external]
        written = d.written
        if not codes:
            return ""
        head = written[: written.lower().index("noqa") + 4]
        return f"{head}: {', '.join(codes)}"
    if not keep:
        return ""
    written = d.written
    return written[: written.index("[")] + "[" + ", ".join(keep) + "]"


def meta_by_id() -> dict[str, Check]:
    return {c.id: c() for c in META_CHECKS}


def explain_meta(check_id: str) -> type[Check] | None:
    return next((c for c in META_CHECKS if c.id == check_id.upper()), None)


__all__ = [
    "META_CHECKS",
    "META_IDS",
    "Suppressor",
    "UnusedSuppression",
    "explain_meta",
    "meta_by_id",
]
