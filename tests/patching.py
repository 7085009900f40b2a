"""A strict unified-diff applier for the tests: what ``patch`` would reject raises AssertionError."""

from __future__ import annotations

import re

_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def _split(text: str) -> list[str]:
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    '"': '"',
    "\\": "\\",
}


def _name(line: str, prefix: str) -> str:
    """The file name of a ``---`` / ``+++`` line, unquoted when git-quoted."""
    assert line.startswith(prefix), line
    name = line[len(prefix) :].rstrip("\n")
    if not name.startswith('"'):
        return name
    assert name.endswith('"') and len(name) >= 2, line
    body, out, i = name[1:-1], [], 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
        elif body[i + 1] in _ESCAPES:
            out.append(_ESCAPES[body[i + 1]])
            i += 2
        else:  # \NNN, octal
            out.append(chr(int(body[i + 1 : i + 4], 8)))
            i += 4
    return "".join(out)


def apply_diff(source: str, diff: str, path: str) -> str:
    """``source`` patched with ``diff``; AssertionError on any mismatch (what ``patch`` rejects)."""
    old = _split(source)
    lines = _split(diff)
    assert _name(lines[0], "--- ") == f"a/{path}", lines[0]
    assert _name(lines[1], "+++ ") == f"b/{path}", lines[1]
    out: list[str] = []
    pos = 0
    i = 2
    while i < len(lines):
        m = _HUNK.match(lines[i])
        assert m, f"expected a hunk header, got {lines[i]!r}"
        old_start, old_count = int(m.group(1)), int(m.group(2) if m.group(2) is not None else 1)
        new_count = int(m.group(4) if m.group(4) is not None else 1)
        at = old_start if old_count == 0 else old_start - 1
        assert at >= pos, "hunks out of order or overlapping"
        out.extend(old[pos:at])
        pos = at
        i += 1
        seen_old = seen_new = 0
        while i < len(lines) and not lines[i].startswith("@@"):
            line = lines[i]
            op, content = line[0], line[1:]
            if i + 1 < len(lines) and lines[i + 1].startswith("\\"):
                assert content.endswith("\n")
                content = content[:-1]  # "\ No newline at end of file"
                i += 1
            if op in " -":
                assert pos < len(old) and old[pos] == content, (
                    f"line {pos + 1}: {old[pos] if pos < len(old) else None!r} != {content!r}"
                )
                pos += 1
                seen_old += 1
            if op in " +":
                out.append(content)
                seen_new += 1
            assert op in " -+", f"bad diff line {line!r}"
            i += 1
        assert (seen_old, seen_new) == (old_count, new_count), "hunk counts do not match its lines"
    out.extend(old[pos:])
    return "".join(out)
