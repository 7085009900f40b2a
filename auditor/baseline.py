"""Baselines: ``--write-baseline FILE`` records today's findings, ``--baseline FILE`` hides them.

The file is JSON: one entry per finding with its check ID, path and fingerprint (see
``auditor.fingerprint``: the normalised code of the finding's own span plus an occurrence
index, never the line number), so a baseline survives edits elsewhere in the file.  The
line and message are kept for people reading the file; matching does not use them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from auditor import __version__
from auditor.fingerprint import Print, match

BASELINE_VERSION = 1

if TYPE_CHECKING:  # pragma: no cover - the pydantic models, imported where used
    from auditor.report import Report


class BaselineError(ValueError):
    """The baseline file cannot be read (exit code 2)."""


@dataclass(frozen=True)
class Baseline:
    prints: tuple[Print, ...]
    lines: tuple[int, ...]


def dump(report: Report, prints: Sequence[Print]) -> str:
    entries = [
        {
            "check_id": f.check_id,
            "path": f.path,
            "fingerprint": p.text,
            "context": p.context,
            "line": f.line,
            "message": f.message,
        }
        for f, p in zip(report.findings, prints, strict=True)
    ]
    entries.sort(key=lambda e: (e["path"] or "", e["check_id"], e["line"] or 0, e["fingerprint"]))
    data = {
        "tool": "fastapi-auditor",
        "version": __version__,
        "baseline_version": BASELINE_VERSION,
        "findings": entries,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write(path: str | Path, report: Report, prints: Sequence[Print]) -> None:
    try:
        Path(path).write_text(dump(report, prints), encoding="utf-8")
    except OSError as exc:
        raise BaselineError(f"cannot write baseline {path}: {exc.strerror or exc}") from None


def load(path: str | Path) -> Baseline:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(
            f"baseline {path}: no such file (create it with --write-baseline {path})"
        ) from None
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc.strerror or exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"baseline {path}: not JSON ({exc.msg} at line {exc.lineno})") from None
    if (
        not isinstance(data, dict)
        or data.get("baseline_version") != BASELINE_VERSION
        or not isinstance(data.get("findings"), list)
    ):
        raise BaselineError(
            f"baseline {path}: not a fastapi-auditor baseline (version {BASELINE_VERSION})"
        )
    prints: list[Print] = []
    lines: list[int] = []
    for n, e in enumerate(data["findings"]):
        try:
            h, _, idx = str(e["fingerprint"]).partition(":")
            prints.append(
                Print(
                    str(e["check_id"]),
                    e.get("path") or "",
                    h,
                    int(idx or 0),
                    str(e.get("context") or ""),
                )
            )
            lines.append(int(e.get("line") or 0))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise BaselineError(f"baseline {path}: entry {n + 1} is malformed") from None
    return Baseline(tuple(prints), tuple(lines))


def apply(
    report: Report, prints: Sequence[Print], baseline: Baseline
) -> tuple[Report, list[Print]]:
    """The report without the findings the baseline holds; ``summary.baseline_hidden`` says how many."""
    from auditor.report import Counts

    pairs = match(prints, baseline.prints, [f.line or 0 for f in report.findings], baseline.lines)
    kept = [i for i in range(len(report.findings)) if i not in pairs]
    findings = [report.findings[i] for i in kept]
    counts = Counts(
        error=sum(f.severity == "error" for f in findings),
        warning=sum(f.severity == "warning" for f in findings),
        info=sum(f.severity == "info" for f in findings),
    )
    summary = report.summary.model_copy(update={"counts": counts, "baseline_hidden": len(pairs)})
    return report.model_copy(update={"findings": findings, "summary": summary}), [
        prints[i] for i in kept
    ]
