"""What ``auditor fix`` prints: the fixes applied (by file and check) and what remains."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from auditor.exporters.text import plain

if TYPE_CHECKING:  # pragma: no cover
    from auditor.apply import FixRun


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render_fix_summary(run: FixRun, *, dry: bool, unsafe: bool) -> str:
    """``Fixed 12 findings in 5 files (2 passes)``, the files, then what remains."""
    out: list[str] = []
    n_fixed = sum(run.fixed.values())
    files = run.changed_paths
    if n_fixed:
        verb = "Would fix" if dry else "Fixed"
        by_check = ", ".join(f"{cid} ×{n}" for cid, n in sorted(run.fixed.items()))
        passes = f", {run.passes} passes" if run.passes > 1 else ""
        out.append(
            f"{verb} {_plural(n_fixed, 'finding')} in {_plural(len(files), 'file')} ({by_check}{passes})."
        )
        if not dry:
            for path in files:
                out.append(f"  {plain(path)}")
    else:
        out.append("Nothing to fix." if not dry else "No changes: nothing to fix.")
    report = run.report
    remaining = report.findings
    if remaining:
        c = Counter(f.severity for f in remaining)
        parts = [
            _plural(c["error"], "error"),
            _plural(c["warning"], "warning"),
            f"{c['info']} info",
        ]
        line = f"{_plural(len(remaining), 'finding')} remain{'s' if len(remaining) == 1 else ''}"
        if dry and n_fixed:
            line = f"{_plural(len(remaining), 'finding')} would remain"
        out.append(f"{line}: {', '.join(parts)}.")
        if not unsafe:
            n_unsafe = sum(1 for f in remaining if f.fix and f.fix.diff and not f.fix.safe)
            if n_unsafe:
                out.append(
                    f"{_plural(n_unsafe, 'finding')} {'has' if n_unsafe == 1 else 'have'} an unsafe fix: "
                    "--unsafe-fixes applies them (review the diff first: auditor fix --unsafe-fixes --diff)."
                )
    else:
        out.append("No findings remain.")
    for e in run.errors:
        out.append(f"warning: {plain(e)}")
    return "\n".join(out) + "\n"
