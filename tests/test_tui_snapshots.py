"""Screenshots of every screen of the app (pytest-textual-snapshot), on frozen reports.

Deterministic: a fixed theme and size, animations off, no clock, relative paths only, the
export dialog's cursor not blinking.  ``pytest tests/test_tui_snapshots.py --snapshot-update``
accepts new screenshots: read every SVG before committing it.
"""

from __future__ import annotations

from textual.widgets import Input

from auditor.engine import Options
from auditor.tui.app import AuditorApp
from auditor.tui.widgets import ScanPanel
from tests.tui_support import load, make_app, make_diff_app, ready, still_scanning, wait_for

BIG = (120, 40)


def test_scorecard(snap_compare):
    assert snap_compare(make_app(), terminal_size=BIG, run_before=ready)


def test_scorecard_80x24(snap_compare):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=ready)


def test_scorecard_light_theme(snap_compare):
    assert snap_compare(make_app(theme="textual-light"), terminal_size=BIG, run_before=ready)


def test_category_checks(snap_compare):
    async def open_security(pilot):
        await ready(pilot)
        pilot.app.open_category("security")
        await pilot.pause()

    # p: the passed and skipped checks too, the skipped one with its reason
    assert snap_compare(make_app(), press=["p"], terminal_size=BIG, run_before=open_security)


def test_check_findings(snap_compare):
    async def open_check(pilot):
        await ready(pilot)
        pilot.app.open_check("SET003")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=BIG, run_before=open_check)


def test_finding_detail_with_code_and_fix(snap_compare):
    async def open_finding(pilot):
        await ready(pilot)
        pilot.app.open_check("ASY001")
        await pilot.pause()

    assert snap_compare(make_app(), press=["enter"], terminal_size=BIG, run_before=open_finding)


def test_filter_in_use(snap_compare):
    # text "orders", then the severity filter twice: errors only
    keys = ["slash", *"orders", "enter", "s", "s"]
    assert snap_compare(make_app(), press=keys, terminal_size=BIG, run_before=ready)


def test_help_screen(snap_compare):
    assert snap_compare(make_app(), press=["question_mark"], terminal_size=BIG, run_before=ready)


def test_export_dialog(snap_compare):
    async def steady_cursor(pilot):
        await ready(pilot)
        await pilot.press("e")
        await pilot.pause()
        pilot.app.screen.query_one("#export-path", Input).cursor_blink = False

    assert snap_compare(make_app(), terminal_size=BIG, run_before=steady_cursor)


def test_structure_view(snap_compare):
    assert snap_compare(make_app(), press=["m"], terminal_size=BIG, run_before=ready)


def test_clean_project(snap_compare):
    assert snap_compare(make_app("clean_service"), terminal_size=BIG, run_before=ready)


def test_project_with_parse_errors(snap_compare):
    assert snap_compare(make_app("broken_service"), terminal_size=BIG, run_before=ready)


def _scanning_app() -> AuditorApp:
    app = AuditorApp(
        "sample_projects/drifting_service",
        Options(use_cache=False),
        theme="textual-dark",
        audit_fn=still_scanning,
    )
    app.animation_level = "none"
    return app


async def _parsed_12(pilot):
    def shown() -> bool:
        panel = pilot.app.screen_stack[0].query_one(ScanPanel)
        return "12 / 26" in str(panel.query_one("#scan-title").render())

    await wait_for(pilot, shown)


def test_scan_in_progress(snap_compare):
    assert snap_compare(_scanning_app(), terminal_size=BIG, run_before=_parsed_12)


def test_scan_in_progress_80x24(snap_compare):
    """The title wraps instead of running into "esc cancel" (it cut "files parsed" off)."""
    assert snap_compare(_scanning_app(), terminal_size=(80, 24), run_before=_parsed_12)


def test_not_a_folder(snap_compare):
    app = AuditorApp("no/such/project", Options(use_cache=False), theme="textual-dark")
    app.animation_level = "none"

    async def failed(pilot):
        from auditor.tui.screens import ProblemScreen

        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ProblemScreen))

    assert snap_compare(app, terminal_size=BIG, run_before=failed)


# -- issue 13: the views of a real repository, the dialogs, the small terminals ------------------


def test_all_findings_view(snap_compare):
    assert snap_compare(make_app(), press=["2"], terminal_size=BIG, run_before=ready)


def test_group_expanded(snap_compare):
    async def open_rte001(pilot):
        await ready(pilot)
        pilot.app.open_check("RTE001")
        await pilot.pause()

    # the first group (4 × app/orders/router.py, below app/admin.py) expanded
    assert snap_compare(make_app(), press=["j", "enter"], terminal_size=BIG, run_before=open_rte001)


def test_files_view(snap_compare):
    assert snap_compare(make_app(), press=["3"], terminal_size=BIG, run_before=ready)


def test_errors_screen(snap_compare):
    assert snap_compare(
        make_app("broken_service"), press=["4"], terminal_size=BIG, run_before=ready
    )


def test_help_80x24(snap_compare):
    assert snap_compare(
        make_app(), press=["question_mark"], terminal_size=(80, 24), run_before=ready
    )


def test_finding_detail_80x24(snap_compare):
    async def open_finding(pilot):
        await ready(pilot)
        pilot.app.open_check("ASY001")
        await pilot.pause()

    assert snap_compare(
        make_app(), press=["enter"], terminal_size=(80, 24), run_before=open_finding
    )


def test_apply_dialog(snap_compare):
    async def preview(pilot):
        await ready(pilot)
        pilot.app.target = "sample_projects/drifting_service"  # a folder to write to
        pilot.app.open_check("ASY001")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=BIG, run_before=preview)


def test_diff_session_findings(snap_compare):
    assert snap_compare(make_diff_app(), press=["2"], terminal_size=BIG, run_before=ready)


def test_scorecard_not_graded(snap_compare):
    report, structure = load("clean_service")
    summary = report.summary.model_copy(update={"grade": None, "applications": 0})
    app = AuditorApp(
        report=report.model_copy(update={"summary": summary}),
        structure=structure,
        root=".",
        theme="textual-dark",
    )
    app.animation_level = "none"
    assert snap_compare(app, terminal_size=BIG, run_before=ready)
