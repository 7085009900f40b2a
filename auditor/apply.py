"""Applying fixes to the audited tree: ``auditor fix`` and the app's ``a``.

The audit already builds every fix as a unified diff of the user's file (``Finding.fix.diff``,
built from one source text with libcst).  Applying follows ruff's conventions:

* only **safe** fixes, unless unsafe ones are asked for;
* fixes of one file are applied together when their changed lines do not overlap; a fix that
  overlaps one already taken waits for the next pass, whose audit builds it again on the new
  text (two fixes that both add ``import asyncio`` at the top converge that way);
* passes repeat (audit, apply) until nothing changes, at most :data:`MAX_PASSES` times;
* a file is only ever written when a fix changes it, atomically (a temporary file in the same
  folder, then a rename), keeping its encoding (PEP 263 cookie, BOM) and its line endings;
* a fix whose result does not parse is refused (the file is left as it was) and reported;
* a fix whose lines no longer match the file (edited since the audit) is skipped.

This module never imports Textual: the app calls :func:`apply_findings` from a worker.
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
import tempfile
import tokenize
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.lazyre import lazy_compile

if TYPE_CHECKING:  # pragma: no cover
    from auditor.engine import AuditResult, Options, ProgressCallback
    from auditor.report import Finding, Report

#: At most this many audit-and-apply passes (ruff: 100; ours are whole audits, and fixes
#: converge in two or three).
MAX_PASSES = 10

_HUNK = lazy_compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


class PatchError(ValueError):
    """A diff that cannot be read, or whose lines are not those of the file."""


# -- diffs --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    """Replace ``old`` (whole lines, with their line ends) starting at 0-based line ``start``
    with ``new``.  An insertion has no ``old`` lines."""

    start: int
    old: tuple[str, ...]
    new: tuple[str, ...]
    #: the hunk's lines with their context, and where they start: all must still be in the file
    context: tuple[int, tuple[str, ...]] = field(default=(0, ()), compare=False)

    @property
    def stop(self) -> int:
        return self.start + len(self.old)

    def overlaps(self, other: Edit) -> bool:
        if not self.old and not other.old:
            return self.start == other.start  # two insertions at one place: order unknown
        if not self.old:
            return other.start < self.start < other.stop
        if not other.old:
            return self.start < other.start < self.stop
        return self.start < other.stop and other.start < self.stop


def edits_of(diff: str) -> list[Edit]:
    """The minimal edits of a unified diff built by :func:`auditor.fixes.unified_diff`
    (lines split at ``\\n`` only, a last line without a newline marked), context trimmed."""
    lines = diff.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    edits: list[Edit] = []
    i = 0
    while i < len(lines) and not lines[i].startswith("@@"):
        i += 1
    while i < len(lines):
        m = _HUNK.match(lines[i])
        if m is None:
            raise PatchError(f"not a hunk header: {lines[i][:40]!r}")
        start = int(m.group(1))
        old_count = int(m.group(2)) if m.group(2) is not None else 1
        i += 1
        body: list[tuple[str, str]] = []  # (kind, line with its end)
        while i < len(lines) and not lines[i].startswith("@@"):
            raw = lines[i]
            if raw.startswith("\\"):
                if not body:
                    raise PatchError("a no-newline marker before any line")
                kind, text = body[-1]
                body[-1] = (kind, text[:-1])  # that line has no newline
            elif raw[:1] in (" ", "-", "+"):
                body.append((raw[0], raw[1:] + "\n"))
            elif raw == "":
                body.append((" ", "\n"))  # an empty context line some tools strip
            else:
                raise PatchError(f"not a diff line: {raw[:40]!r}")
            i += 1
        old = [t for k, t in body if k in (" ", "-")]
        new = [t for k, t in body if k in (" ", "+")]
        if len(old) != old_count:
            raise PatchError("a hunk's line count does not match its header")
        first = start - 1 if old_count else start  # "-0,0": insert at the top
        # trim the context both sides share
        lead = 0
        while lead < min(len(old), len(new)) and old[lead] == new[lead]:
            lead += 1
        trail = 0
        while (
            trail < min(len(old), len(new)) - lead
            and old[len(old) - 1 - trail] == new[len(new) - 1 - trail]
        ):
            trail += 1
        edits.append(
            Edit(
                first + lead,
                tuple(old[lead : len(old) - trail]),
                tuple(new[lead : len(new) - trail]),
                context=(first, tuple(old)),
            )
        )
    return edits


def split_lines(text: str) -> list[str]:
    """Lines with their ends, split at ``\\n`` only (as the diffs are)."""
    parts = text.split("\n")
    out = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def matches(lines: Sequence[str], edit: Edit) -> bool:
    """True when the file still holds the lines the edit's hunk was made on (context too)."""
    start, old = edit.context
    if not old:
        start, old = edit.start, edit.old
    return start + len(old) <= len(lines) and tuple(lines[start : start + len(old)]) == old


def apply_edits(lines: Sequence[str], edits: Iterable[Edit]) -> list[str]:
    """``lines`` with non-overlapping ``edits`` applied (bottom-up, so positions hold)."""
    out = list(lines)
    for e in sorted(edits, key=lambda e: (e.start, len(e.old)), reverse=True):
        out[e.start : e.stop] = list(e.new)
    return out


# -- one file -----------------------------------------------------------------------------------


@dataclass
class Source:
    """A file's text as the fixes see it, and how to write it back byte for byte."""

    text: str
    encoding: str  # "utf-8-sig" when the file has a BOM
    crlf: bool  # every line ends in \r\n

    @classmethod
    def decode(cls, data: bytes) -> Source:
        from auditor.source import decode

        text = decode(data)  # as the fixes were built: PEP 263 cookie, BOM dropped
        try:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        except SyntaxError:  # pragma: no cover - decode() raised already
            encoding = "utf-8"
        ends = text.count("\n")
        crlf = ends > 0 and text.count("\r\n") == ends
        return cls(text, encoding, crlf)

    def encode(self, text: str) -> bytes:
        if self.crlf:  # lines a fix added get the file's own line end
            text = re.sub(r"(?<!\r)\n", "\r\n", text)
        return text.encode(self.encoding)


@dataclass(frozen=True)
class Candidate:
    """A finding whose fix can be applied: its diff, and the edits the diff makes."""

    finding: Finding
    edits: tuple[Edit, ...]


def fix_identity(f: Finding) -> tuple:
    """A fix across passes of the fix loop: the same check, place, message and diff."""
    return (f.check_id, f.path, f.message, f.fix.diff if f.fix else None)


@dataclass
class FileOutcome:
    path: str
    before: bytes
    after: bytes | None  # None: nothing applied
    applied: list[Finding] = field(default_factory=list)
    deferred: list[Finding] = field(default_factory=list)  # overlapped: next pass
    stale: list[Finding] = field(default_factory=list)  # the file changed since the audit
    refused: list[tuple[Finding, str]] = field(default_factory=list)  # would not parse, ...


def fixable(
    findings: Iterable[Finding], unsafe: bool = False, skip: frozenset[tuple] = frozenset()
) -> dict[str, list[Finding]]:
    """Findings with a fix diff to apply (safe ones, and unsafe ones when asked), by file."""
    out: dict[str, list[Finding]] = {}
    for f in findings:
        if f.path is None or f.fix is None or not f.fix.diff:
            continue
        if not f.fix.safe and not unsafe:
            continue
        if fix_identity(f) in skip:
            continue
        out.setdefault(f.path, []).append(f)
    return out


def fix_text(path: str, data: bytes, findings: Sequence[Finding]) -> FileOutcome:
    """Apply the fixes of ``findings`` (all of one file) to ``data``, in memory."""
    outcome = FileOutcome(path, data, None)
    try:
        source = Source.decode(data)
    except Exception as exc:
        for f in findings:
            outcome.refused.append((f, f"cannot decode the file ({exc})"))
        return outcome
    lines = split_lines(source.text)
    taken: list[Candidate] = []
    for f in findings:
        assert f.fix is not None and f.fix.diff
        try:
            cand = Candidate(f, tuple(edits_of(f.fix.diff)))
        except PatchError as exc:
            outcome.refused.append((f, f"unreadable diff ({exc})"))
            continue
        if not cand.edits or not all(matches(lines, e) for e in cand.edits):
            outcome.stale.append(f)
            continue
        if any(e.overlaps(t) for e in cand.edits for c in taken for t in c.edits):
            outcome.deferred.append(f)
            continue
        taken.append(cand)
    if not taken:
        return outcome

    def result(cands: Sequence[Candidate]) -> str:
        return "".join(apply_edits(lines, [e for c in cands for e in c.edits]))

    text = result(taken)
    problem = _problem(path, text)
    if problem is not None:  # find the fixes that break it: keep each one that parses alone
        kept: list[Candidate] = []
        for c in taken:
            alone = _problem(path, result([*kept, c]))
            if alone is None:
                kept.append(c)
            else:
                outcome.refused.append((c.finding, alone))
        taken = kept
        text = result(taken)
    if not taken:
        return outcome
    try:
        after = source.encode(text)
    except UnicodeEncodeError as exc:
        for c in taken:
            outcome.refused.append(
                (c.finding, f"the fixed text cannot be written as {source.encoding} ({exc.reason})")
            )
        return outcome
    outcome.applied = [c.finding for c in taken]
    outcome.after = after if after != data else None
    return outcome


def _problem(path: str, text: str) -> str | None:
    """Why ``text`` cannot be the new content of ``path`` (a Python file must parse)."""
    if not path.endswith((".py", ".pyi")):
        return None
    try:
        compile(text, path, "exec", dont_inherit=True, flags=0x400)  # PyCF_ONLY_AST
    except (SyntaxError, ValueError) as exc:
        line = getattr(exc, "lineno", None)
        return f"the fixed file would not parse ({getattr(exc, 'msg', exc)}{f' at line {line}' if line else ''}): not applied"
    return None


def write_atomic(root: Path, path: str, data: bytes) -> None:
    """Replace ``root/path`` with ``data``: a temporary file in the same folder, then a rename
    (a reader never sees half a file); the file's permissions are kept; a link inside the
    root is written through to its target."""
    full = (root / path).resolve()
    base = root.resolve()
    if base not in full.parents:
        raise OSError(f"{path}: outside the audited folder")
    mode = full.stat().st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=f".{full.name}.", suffix=".auditor-tmp", dir=full.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, full)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# -- a pass over findings (the app), and passes until nothing changes (auditor fix) --------------


@dataclass
class PassResult:
    outcomes: list[FileOutcome]
    errors: list[str]

    @property
    def applied(self) -> list[Finding]:
        return [f for o in self.outcomes for f in o.applied]

    @property
    def changed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.after is not None]


def apply_findings(
    root: Path,
    findings: Iterable[Finding],
    *,
    unsafe: bool = False,
    read: Callable[[str], bytes | None] | None = None,
    write: bool = True,
    skip: frozenset[tuple] = frozenset(),
) -> PassResult:
    """One pass: apply the fixes of ``findings`` to the files under ``root`` (``write``), or
    only compute the new contents.  ``read(path)`` gives a file's current bytes (default:
    the file under ``root``)."""

    def read_file(path: str) -> bytes | None:
        if read is not None:
            return read(path)
        try:
            return (root / path).read_bytes()
        except OSError:
            return None

    outcomes: list[FileOutcome] = []
    errors: list[str] = []
    for path, items in sorted(fixable(findings, unsafe, skip).items()):
        data = read_file(path)
        if data is None:
            errors.append(f"{path}: cannot read the file: its fixes are not applied")
            continue
        outcome = fix_text(path, data, items)
        if outcome.after is not None and write:
            try:
                write_atomic(root, path, outcome.after)
            except OSError as exc:
                errors.append(f"{path}: cannot write ({exc.strerror or exc}): not fixed")
                outcome.applied, outcome.after = [], None
        for f, why in outcome.refused:
            errors.append(f"{path}:{f.line or ''} {f.check_id}: {why}")
        outcomes.append(outcome)
    return PassResult(outcomes, errors)


@dataclass
class FixRun:
    """What ``auditor fix`` did: the files it changed (first and last bytes), the fixes applied
    by check, the audit after the last pass, and what it could not do."""

    root: Path
    original: dict[str, bytes]
    final: dict[str, bytes]
    fixed: Counter[str]
    passes: int
    converged: bool
    errors: list[str]
    result: AuditResult

    @property
    def report(self) -> Report:
        return self.result.report

    @property
    def changed_paths(self) -> list[str]:
        return sorted(p for p in self.final if self.final[p] != self.original[p])

    def diffs(self) -> str:
        """The unified diff of every changed file (original -> final)."""
        from auditor.fixes import unified_diff

        out: list[str] = []
        for path in self.changed_paths:
            before = Source.decode(self.original[path]).text
            after = Source.decode(self.final[path]).text
            diff = unified_diff(path, before, after, context=3)
            if diff:
                out.append(diff)
        return "".join(out)


def fix_repository(
    target: str | os.PathLike[str],
    options: Options,
    *,
    unsafe: bool = False,
    write: bool = True,
    max_passes: int = MAX_PASSES,
    progress: ProgressCallback | None = None,
    on_pass: Callable[[int, int], None] | None = None,
) -> FixRun:
    """Audit ``target``, apply its fixes, and again, until a pass changes nothing (or
    ``max_passes``).  With ``write=False`` nothing is written: later passes audit the fixed
    contents from memory.  Raises what :func:`auditor.engine.audit` raises."""
    from auditor.engine import audit
    from auditor.repository import open_repository

    opts = dataclasses.replace(options, fixes=True)
    overlay: dict[str, bytes] = {}
    original: dict[str, bytes] = {}
    fixed: Counter[str] = Counter()
    errors: list[str] = []
    refused: set[tuple] = set()
    passes = 0
    converged = False
    root: Path | None = None
    while True:
        repo = _overlaid(open_repository(target), overlay)
        root = repo.root
        result = audit(target, opts, progress, repo=repo)
        if passes >= max_passes:
            break
        passes += 1

        def read(path: str, repo=repo) -> bytes | None:
            return repo.read_bytes(path)

        done = apply_findings(
            repo.root,
            result.report.findings,
            unsafe=unsafe,
            read=read,
            write=write,
            skip=frozenset(refused),
        )
        for o in done.outcomes:
            refused.update(fix_identity(f) for f, _ in o.refused)
        errors.extend(e for e in done.errors if e not in errors)
        changed = done.changed
        if on_pass is not None:
            on_pass(passes, len(done.applied))
        if not changed:
            passes -= 1  # the pass that found nothing to do is the check, not a pass
            converged = True
            break
        for o in changed:
            original.setdefault(o.path, o.before)
            assert o.after is not None
            overlay[o.path] = o.after
            for f in o.applied:
                fixed[f.check_id] += 1
    if not converged:
        errors.append(
            f"the fixes did not settle after {max_passes} passes: some fix undoes another"
        )
    assert root is not None
    return FixRun(
        root=root,
        original=original,
        final={p: overlay[p] for p in original},
        fixed=fixed,
        passes=passes,
        converged=converged,
        errors=errors,
        result=result,
    )


def _overlaid(repo, overlay: dict[str, bytes]):
    """``repo`` reading ``overlay``'s bytes instead of the files it names (``--diff``: later
    passes see the fixed text although nothing was written)."""
    if not overlay:
        return repo
    from auditor.repository import Repository

    @dataclass
    class OverlayRepository(type(repo)):  # type: ignore[misc]
        overlay: dict[str, bytes] = field(default_factory=dict)

        def _read(self, path: str, limit: int) -> bytes | None:
            if path in self.overlay:
                return self.overlay[path]
            return super()._read(path, limit)

    assert isinstance(repo, Repository)
    values = {f.name: getattr(repo, f.name) for f in dataclasses.fields(repo) if f.init}
    values["_cache"] = {}
    return OverlayRepository(**values, overlay=dict(overlay))
