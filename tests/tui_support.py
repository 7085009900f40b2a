"""Shared helpers of the TUI tests: the app opened on a frozen report, deterministically."""

from __future__ import annotations

import asyncio
import functools
import json
import time
from pathlib import Path

from auditor.engine import Progress
from auditor.report import Report
from auditor.tui.app import AuditorApp
from auditor.tui.screens import Structure

FIXTURES = Path(__file__).resolve().parent / "tui_fixtures"


def load(name: str) -> tuple[Report, Structure]:
    """A sample project's frozen report and structure (``tests/tui_fixtures/make_fixtures.py``)."""
    report = Report.model_validate_json(
        (FIXTURES / f"{name}.report.json").read_text(encoding="utf-8")
    )
    raw = json.loads((FIXTURES / f"{name}.structure.json").read_text(encoding="utf-8"))
    structure = Structure(
        kind=raw["kind"],
        root=raw["root"],
        modules=tuple(raw["modules"]),
        matrix=tuple((d, tuple(has)) for d, has in raw["matrix"]),
        layers=tuple((folder, n) for folder, n in raw["layers"]),
    )
    return report, structure


def make_app(name: str = "drifting_service", theme: str = "textual-dark", **kwargs) -> AuditorApp:
    report, structure = load(name)
    app = AuditorApp(
        report=report, structure=structure, root=FIXTURES / name, theme=theme, **kwargs
    )
    app.animation_level = "none"
    return app


def make_diff_app(theme: str = "textual-dark", **kwargs) -> AuditorApp:
    """The drifting report as a --diff session: ASY001's two findings new, one base finding
    fixed on the branch."""
    from auditor.report import Counts, DiffCounts, DiffSection, DiffSide

    report, structure = load("drifting_service")
    findings = [
        f.model_copy(update={"status": "new" if f.check_id == "ASY001" else "unchanged"})
        for f in report.findings
    ]
    gone = report.findings[0].model_copy(update={"message": "an old problem", "status": None})
    diff = DiffSection(
        base="main",
        base_commit="b" * 40,
        merge_base=True,
        before=DiffSide(score=12, grade="F", counts=Counts()),
        after=DiffSide(score=0, grade="F", counts=Counts()),
        counts=DiffCounts(new=2, fixed=1, unchanged=len(findings) - 2),
        new=[f for f in findings if f.status == "new"],
        fixed=[gone],
    )
    report = report.model_copy(update={"findings": findings, "diff": diff})
    app = AuditorApp(
        report=report,
        structure=structure,
        root=FIXTURES / "drifting_service",
        theme=theme,
        **kwargs,
    )
    app.animation_level = "none"
    return app


def still_scanning(path: str, options, progress) -> None:
    """An audit that parses 12 of 26 files and then waits to be cancelled."""
    while True:
        # raises once the worker is cancelled
        progress(Progress("parse", 12, 26, "app/orders/router.py"))
        time.sleep(0.02)


async def wait_for(pilot, predicate, timeout: float = 10.0) -> None:
    """Pause until ``predicate()`` holds (a query that does not match yet counts as false)."""
    from textual.css.query import NoMatches

    deadline = time.monotonic() + timeout
    while True:
        try:
            if predicate():
                return
        except NoMatches:
            pass
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.02)


async def ready(pilot) -> None:
    """Until the app shows its report (the scorecard builds its table with the first one)."""
    await wait_for(
        pilot,
        lambda: (
            pilot.app.report is not None
            and getattr(pilot.app.screen_stack[0], "built", True)
            and not pilot.app.scanning
        ),
    )
    await pilot.pause()


def run_async(test):
    """Run an ``async def`` test with asyncio (the suite has no async plugin)."""

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return wrapper
