"""Read the bad/good fixtures of ``../shared/catalogue.md`` (its F12 fixture convention)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from auditor.check import Example

_FENCE = re.compile(r"^```([a-z]*)\s*$")
_ENTRY = re.compile(r"^### ([A-Z]{3}\d{3}) · ")
_THRESHOLD = re.compile(r"with `([a-z-]+) = (\d+)`")


@dataclass
class Fixtures:
    bad: Example | None = None
    good: Example | None = None


def _blocks(lines: list[str], start: int) -> tuple[list[tuple[str, str]], int]:
    """Fenced blocks after a fixture header until the next bullet: [(lang, text)]."""
    out: list[tuple[str, str]] = []
    i = start
    while i < len(lines):
        line = lines[i]
        if line.startswith(("- **", "### ", "## ")):
            break
        m = _FENCE.match(line)
        if m:
            lang = m.group(1)
            body: list[str] = []
            i += 1
            while i < len(lines) and lines[i].rstrip() != "```":
                body.append(lines[i])
                i += 1
            out.append((lang, "\n".join(body) + "\n"))
        i += 1
    return out, i


def _example(blocks: list[tuple[str, str]], header: str, base: Example | None = None) -> Example:
    files: dict[str, str] = dict(base.files) if base else {}
    tracked: list[str] | None = (
        list(base.git_tracked) if base and base.git_tracked is not None else None
    )
    untracked: list[str] = list(base.git_untracked) if base else []
    for lang, text in blocks:
        if lang == "text":
            for raw in text.splitlines():
                if not raw.strip():
                    continue
                if raw.startswith("@git tracked:"):
                    tracked = [p.strip() for p in raw.split(":", 1)[1].split(",") if p.strip()]
                    continue
                if raw.startswith("@git untracked:"):
                    untracked = [p.strip() for p in raw.split(":", 1)[1].split(",") if p.strip()]
                    continue
                if " :: " in raw:
                    path, content = raw.split(" :: ", 1)
                    files[path.strip()] = content.replace("\\n", "\n") + "\n"
                else:
                    path = raw.strip()
                    files.setdefault(path, "")
            continue
        first = text.splitlines()[0] if text.strip() else ""
        if first.startswith("# file: "):
            path = first[len("# file: ") :].strip()
            files[path] = "\n".join(text.splitlines()[1:]) + "\n"
        elif lang == "python":
            files["app/main.py"] = text
    config = {k: int(v) for k, v in _THRESHOLD.findall(header)}
    if base:
        config = {**base.config, **config}
    return Example(
        files=files,
        config=config,
        git_tracked=tuple(tracked) if tracked is not None else None,
        git_untracked=tuple(untracked),
    )


def catalogue_fixtures(path: Path) -> dict[str, Fixtures]:
    lines = path.read_text(encoding="utf-8").splitlines()
    out: dict[str, Fixtures] = {}
    current: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _ENTRY.match(line)
        if m:
            current = m.group(1)
            out[current] = Fixtures()
            i += 1
            continue
        if current and line.startswith("- **Bad fixture"):
            blocks, i = _blocks(lines, i + 1)
            out[current].bad = _example(blocks, line)
            continue
        if current and line.startswith("- **Good fixture"):
            blocks, i = _blocks(lines, i + 1)
            base = out[current].bad if "the bad fixture plus" in line else None
            out[current].good = _example(blocks, line, base)
            continue
        i += 1
    return out
