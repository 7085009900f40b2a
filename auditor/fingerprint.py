"""Line-independent identities of findings, for baselines and ``--diff``.

A finding's fingerprint is a hash of its check ID and the normalised source of its own span
(whitespace and trailing comments removed; the first line only when the span is longer
than three lines), or of its message with digits masked when it has no line (file- and
project-level findings) -- never of the line number.  Findings of one check in one file
with the same hash get an occurrence index in line order (``hash:index``).

Matching (:func:`match`) pairs findings of two audits by (check, path, hash): equal
neighbours (the normalised lines around the span) decide first when a group's counts
differ, then line order.  Optionally a second pass pairs across paths for files that
exist on one side only (a renamed or split file), so moved lines and renamed files keep
their identity.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - the pydantic models, imported where used
    from auditor.report import Finding, Report


SPAN_LINES = 3


@dataclass(frozen=True)
class Print:
    check_id: str
    path: str  # "" for a project-level finding
    hash: str
    index: int  # occurrence among (check, path, hash), in line order
    context: str  # hash of the neighbouring lines: a tie-break when counts differ

    @property
    def text(self) -> str:
        return f"{self.hash}:{self.index}"


def _strip_comment(line: str) -> str:
    quote = None
    i = 0
    while i < len(line):
        c = line[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "#":
            return line[:i]
        i += 1
    return line


def normalise(line: str) -> str:
    return "".join(_strip_comment(line).split())


def _digest(*parts: str) -> str:
    return hashlib.blake2b(
        "\0".join(parts).encode("utf-8", "surrogatepass"), digest_size=8
    ).hexdigest()


def compute(findings: Sequence[Finding], read_text: Callable[[str], str | None]) -> list[Print]:
    """The fingerprint of every finding, in order."""
    lines_of: dict[str, list[str] | None] = {}

    def lines(path: str) -> list[str] | None:
        if path not in lines_of:
            text = read_text(path)
            lines_of[path] = text.splitlines() if text is not None else None
        return lines_of[path]

    raw: list[tuple[str, str, str, int, str]] = []  # check, path, hash, line, context
    for f in findings:
        body = context = ""
        src = lines(f.path) if f.path and f.line else None
        if src is not None and f.line and f.line <= len(src):
            end = (
                f.end_line
                if f.end_line and f.line <= f.end_line <= f.line + SPAN_LINES - 1
                else f.line
            )
            end = min(end, len(src))
            body = "\n".join(normalise(x) for x in src[f.line - 1 : end])
            before = next((n for n in (normalise(x) for x in reversed(src[: f.line - 1])) if n), "")
            after = next((n for n in (normalise(x) for x in src[end:]) if n), "")
            context = _digest(before, after)
        if not body.strip():
            body = "message:" + re.sub(r"\d+", "#", f.message)
            context = ""
        raw.append((f.check_id, f.path or "", _digest(f.check_id, body), f.line or 0, context))
    # occurrence index in line order within (check, path, hash)
    order = sorted(range(len(raw)), key=lambda i: (raw[i][0], raw[i][1], raw[i][2], raw[i][3], i))
    seen: dict[tuple[str, str, str], int] = defaultdict(int)
    index = [0] * len(raw)
    for i in order:
        key = raw[i][:3]
        index[i] = seen[key]
        seen[key] += 1
    return [
        Print(check_id=c, path=p, hash=h, index=index[i], context=ctx)
        for i, (c, p, h, _line, ctx) in enumerate(raw)
    ]


def with_fingerprints(report: Report, prints: Sequence[Print]) -> Report:
    findings = [
        f.model_copy(update={"fingerprint": p.text})
        for f, p in zip(report.findings, prints, strict=True)
    ]
    return report.model_copy(update={"findings": findings})


def match(
    left: Sequence[Print],
    right: Sequence[Print],
    left_lines: Sequence[int] = (),
    right_lines: Sequence[int] = (),
    moved: Callable[[str, str], bool] | None = None,
) -> dict[int, int]:
    """Pairs (left index -> right index) of the same finding on both sides.

    ``moved(left_path, right_path)`` allows a second, path-less pass for files that exist
    on one side only (renames); None disables it.
    """
    pairs: dict[int, int] = {}
    taken: set[int] = set()

    def run(
        key_of: Callable[[Print], tuple], lefts: Iterable[int], rights: Iterable[int], allowed=None
    ) -> None:
        groups_l: dict[tuple, list[int]] = defaultdict(list)
        groups_r: dict[tuple, list[int]] = defaultdict(list)
        for i in lefts:
            groups_l[key_of(left[i])].append(i)
        for j in rights:
            groups_r[key_of(right[j])].append(j)
        for key, ls in groups_l.items():
            rs = groups_r.get(key)
            if not rs:
                continue
            ls = sorted(ls, key=lambda i: (left_lines[i] if left_lines else 0, i))
            rs = sorted(rs, key=lambda j: (right_lines[j] if right_lines else 0, j))
            if len(ls) != len(rs):
                # counts differ: equal neighbours first, then line order
                free = list(rs)
                for i in list(ls):
                    for j in free:
                        if (
                            left[i].context
                            and left[i].context == right[j].context
                            and (allowed is None or allowed(i, j))
                        ):
                            pairs[i] = j
                            taken.add(j)
                            free.remove(j)
                            break
                ls = [i for i in ls if i not in pairs]
                rs = free
            for i, j in zip(ls, rs):
                if allowed is None or allowed(i, j):
                    pairs[i] = j
                    taken.add(j)

    run(lambda p: (p.check_id, p.path, p.hash), range(len(left)), range(len(right)))
    if moved is not None:
        rest_l = [i for i in range(len(left)) if i not in pairs and left[i].path]
        rest_r = [j for j in range(len(right)) if j not in taken and right[j].path]
        run(
            lambda p: (p.check_id, p.hash),
            rest_l,
            rest_r,
            allowed=lambda i, j: moved(left[i].path, right[j].path),
        )
    return pairs
