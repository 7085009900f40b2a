"""The app's flows, driven by keys (Textual's Pilot): drill down, read the fix, export, filter,
re-run, open in $EDITOR, cancel, the palette, and the screens for targets that cannot be audited."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from auditor.engine import Options
from auditor.tui.app import AuditorApp
from auditor.tui.screens import (
    HELP,
    CategoryScreen,
    ConfirmScreen,
    ExportScreen,
    FindingScreen,
    FindingsScreen,
    HelpScreen,
    ProblemScreen,
    ScorecardScreen,
    StructureScreen,
)
from tests.test_markdown import check_sections, table_findings
from tests.tui_support import FIXTURES, make_app, ready, run_async, still_scanning, wait_for

SIZE = (120, 40)
BLOCKING = "import time\n\n\nasync def handler() -> None:\n    time.sleep(1)\n"


async def drill_to_first_asy001(pilot) -> FindingScreen:
    app = pilot.app
    await ready(pilot)
    await pilot.press("j", "enter")  # Structure, Async: go into Async
    assert isinstance(app.screen, CategoryScreen) and app.screen.category == "async"
    await pilot.press("enter")  # ASY001, the first failed check
    assert isinstance(app.screen, FindingsScreen) and app.screen.check_id == "ASY001"
    await pilot.press("enter")  # its first finding
    assert isinstance(app.screen, FindingScreen)
    return app.screen


async def export_to(pilot, path: Path) -> None:
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ExportScreen))
    pilot.app.screen.query_one("#export-path", Input).value = str(path)
    await pilot.press("enter")
    await pilot.pause()


@run_async
async def test_drill_to_a_finding_read_its_fix_and_export(tmp_path):
    app = make_app(cwd=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await drill_to_first_asy001(pilot)
        f = screen.finding
        assert (f.check_id, f.path, f.line) == ("ASY001", "app/orders/router.py", 30)
        code = str(screen.query_one("#code").render())
        assert "time.sleep(0.5)" in code and "30" in code  # the user's own line, numbered
        diff = str(screen.query_one("#fix-diff").render())
        assert "+    await asyncio.sleep(0.5)" in diff and "-    time.sleep(0.5)" in diff
        assert "Replace with" in str(screen.query_one("#fix-title").render())
        # ] moves to the next finding of the check, [ back
        await pilot.press("right_square_bracket")
        assert screen.finding.line == 31
        await pilot.press("left_square_bracket")
        assert screen.finding.line == 30

        out = tmp_path / "report.md"
        await export_to(pilot, out)
        text = out.read_text()
        assert "`app/orders/router.py:30:5`" in text
        assert "time.sleep(0.5)  # give the payment provider time to settle" in text  # the excerpt
        assert "+    await asyncio.sleep(0.5)" in text  # the fix diff
        assert app.last_export == out

        # never overwrite without asking: n keeps the file, y replaces it
        out.write_text("mine\n")
        await export_to(pilot, out)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert out.read_text() == "mine\n"
        await export_to(pilot, out)
        await pilot.press("y")
        await pilot.pause()
        assert "`app/orders/router.py:30:5`" in out.read_text()

        # escape climbs back to the scorecard
        await pilot.press("escape", "escape", "escape")
        assert isinstance(app.screen, ScorecardScreen)


@run_async
async def test_default_export_path_is_relative_to_the_working_folder(tmp_path):
    app = make_app(cwd=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        assert app.screen.query_one("#export-path", Input).value == "drifting_service-audit.md"
        await pilot.press("enter")
        await pilot.pause()
        assert (tmp_path / "drifting_service-audit.md").is_file()


@run_async
async def test_filter_by_text_and_severity_and_export_what_is_filtered(tmp_path):
    app = make_app(cwd=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"orders", "enter")
        assert app.filter_text == "orders"
        shown = app.view.findings()
        assert shown and len(shown) < len(app.report.findings)
        for f in shown:
            assert "orders" in f"{f.check_id} {f.name} {f.path} {f.message}".lower()
        cats = [c.id for c in app.view.categories()]
        assert "async" in cats and "security" not in cats  # categories without a match are hidden
        table = app.screen.query_one("#categories")
        assert table.row_count == len(cats)

        await pilot.press("s")
        assert app.min_severity == "warning"
        assert all(f.severity in ("warning", "error") for f in app.view.findings())
        await pilot.press("s")
        assert app.min_severity == "error"
        errors = app.view.findings()
        assert errors and all(f.severity == "error" for f in errors)

        # the filter holds in the drill-down
        await pilot.press("enter")  # Async
        checks = [c.id for c in app.view.checks_of("async")]
        assert checks == ["ASY001"]

        out = tmp_path / "filtered.md"
        await export_to(
            pilot, out
        )  # a filter is active: the dialog offers (and ticks) "only what is filtered"
        text = out.read_text()
        assert (
            "**Filtered export:**" in text
            and f"{len(errors)} findings of {len(app.report.findings)}" in text
        )
        assert sum(table_findings(sec) for sec in check_sections(text).values()) == len(errors)

        # escape in the filter bar clears the text; s comes back round to all severities
        await pilot.press("slash", "escape")
        assert app.filter_text == ""
        # "/" opens the bar from anywhere (a priority key, so the keys typed right after it are
        # the filter's text) but is a character once the bar has the focus: paths filter
        await pilot.press("slash", *"app/orders", "enter")
        assert app.filter_text == "app/orders"
        await pilot.press("slash", "escape")
        assert app.filter_text == ""
        await pilot.press("s")
        assert app.min_severity == "info"


@run_async
async def test_passed_and_skipped_checks_toggle():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.open_category("security")
        await pilot.pause()
        table = app.screen.query_one("#checks")
        failed = table.row_count
        await pilot.press("p")
        assert table.row_count > failed  # SEC007 (skipped, off by default) appears with its reason
        row = table.get_row("SEC007")
        assert "off by default" in str(row[-1])


@run_async
async def test_a_view_refresh_while_the_scorecard_is_taken_down_does_not_crash():
    """The app quitting while the scorecard's build worker ran: the worker's refresh found
    the screen's parts being removed and raised ``NoMatches('#placeholder')`` (seen once in
    the suite under load); a refresh then has nothing to show, and says nothing."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = app.screen_stack[0]
        assert isinstance(screen, ScorecardScreen)
        await screen.query_one("#placeholder").remove()
        screen.refresh_view()  # no NoMatches
        await pilot.pause()


@run_async
async def test_rerun_sees_an_edit(tmp_path):
    (tmp_path / "app").mkdir()
    main = tmp_path / "app" / "main.py"
    main.write_text("x = 1\n")
    app = AuditorApp(str(tmp_path), Options(use_cache=False), theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        first = app.report
        assert not [f for f in first.findings if f.check_id == "ASY001"]
        main.write_text(BLOCKING)
        await pilot.press("r")
        await wait_for(pilot, lambda: app.report is not first and not app.scanning)
        assert [f.line for f in app.report.findings if f.check_id == "ASY001"] == [5]
        assert app.structure is not None


@run_async
async def test_open_in_editor_with_line(tmp_path, monkeypatch):
    record = tmp_path / "args.txt"
    editor = tmp_path / "fake-editor"
    editor.write_text(
        f"#!{sys.executable}\nimport sys\nopen({str(record)!r}, 'w').write('\\n'.join(sys.argv[1:]))\n"
    )
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(editor))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await drill_to_first_asy001(pilot)
        await pilot.press("o")
        await wait_for(pilot, record.exists)
        target = (FIXTURES / "drifting_service" / "app" / "orders" / "router.py").resolve()
        assert record.read_text().splitlines() == ["+30", str(target)]
        assert isinstance(app.screen, FindingScreen)  # and back in the app


@run_async
async def test_cancel_the_scan():
    app = AuditorApp(
        "sample_projects/drifting_service",
        Options(use_cache=False),
        theme="textual-dark",
        audit_fn=still_scanning,
    )
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(
            pilot, lambda: "12 / 26" in str(app.screen.query_one("#scan-title").render())
        )
        assert app.scanning
        await pilot.press("escape")
        assert not app.scanning and app.scan_cancelled and app.report is None
        assert "cancelled" in str(app.screen.query_one("#placeholder").render())
        await pilot.press("q")


@pytest.mark.parametrize(
    ("make_target", "title", "detail", "code"),
    [
        (lambda p: p / "missing", "Not a folder to audit", "no such file or directory", 2),
        (
            lambda p: (p / "file.py").write_text("x = 1\n") and p / "file.py",
            "Not a folder to audit",
            "not a directory",
            2,
        ),
        (
            lambda p: (p / "README.md").write_text("hi\n") and p,
            "No Python files",
            "not one Python module",
            0,
        ),
    ],
)
@run_async
async def test_targets_that_cannot_be_audited_get_a_screen(
    tmp_path, make_target, title, detail, code
):
    target = make_target(tmp_path)
    app = AuditorApp(str(target), Options(use_cache=False), theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ProblemScreen))
        assert app.screen.title_text == title
        assert detail in app.screen.detail
        await pilot.pause()
        await pilot.press("q")
    assert app.return_code == code  # as auditor audit: 2 for a target it cannot audit


@run_async
async def test_palette_jumps_to_a_check():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"SEC003")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FindingsScreen))
        assert app.screen.check_id == "SEC003"


@run_async
async def test_help_and_structure_screens_open_and_close():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("m")
        assert isinstance(app.screen, StructureScreen)
        assert app.screen.query_one("#matrix").row_count == 3
        await pilot.press("escape")
        assert isinstance(app.screen, ScorecardScreen)


def test_help_lists_every_key():
    import importlib
    import pkgutil

    from auditor.tui import screens
    from auditor.tui.tables import NavTable
    from auditor.tui.widgets import FilterBar

    listed = " ".join(key for _, rows in HELP for key, _ in rows)
    names = {
        "question_mark": "?",
        "slash": "/",
        "right_square_bracket": "]",
        "left_square_bracket": "[",
    }
    modules = [
        importlib.import_module(f"{screens.__name__}.{m.name}")
        for m in pkgutil.iter_modules(screens.__path__)
    ]
    classes = [AuditorApp, NavTable, FilterBar] + [
        obj
        for module in modules
        for obj in vars(module).values()
        if isinstance(obj, type) and hasattr(obj, "BINDINGS") and obj.__module__ == module.__name__
    ]
    assert len(classes) > 10
    for cls in classes:
        for b in cls.BINDINGS:
            for key in b.key.split(","):
                shown = names.get(key, key)
                assert shown in listed.split() or shown in listed, (
                    f"{cls.__name__}: key {key!r} missing from the help"
                )


def test_a_progress_callback_stops_a_parallel_audit(tmp_path):
    """How the app cancels: its progress callback raises; the pool drops the batches not started."""
    from auditor.engine import Progress, audit

    for i in range(6):
        (tmp_path / f"m{i}.py").write_text(BLOCKING)

    class Stop(Exception):
        pass

    calls = []

    def progress(p):
        calls.append(p)
        if p.phase == "parse":  # (the files are read first, and say so)
            raise Stop

    with pytest.raises(Stop):
        audit(tmp_path, Options(use_cache=False, jobs=2), progress=progress)
    assert [c for c in calls if c.phase != "read"] == [Progress("parse", 0, 6)]


@run_async
async def test_an_unknown_check_id_gets_a_screen(tmp_path):
    (tmp_path / "main.py").write_text("x = 1\n")
    app = AuditorApp(
        str(tmp_path), Options(use_cache=False, select=["NOPE999"]), theme="textual-dark"
    )
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ProblemScreen))
        assert app.screen.title_text == "Unknown check ID" and "NOPE999" in app.screen.detail
        await pilot.pause()  # let the screen's header finish mounting before the app exits
        await pilot.press("q")
    assert app.return_code == 2


@run_async
async def test_diff_mode_opens_on_what_the_branch_introduces(tmp_path):
    from auditor.testing import git, git_init
    from auditor.tui.widgets import SummaryText

    (tmp_path / "app").mkdir()
    main = tmp_path / "app" / "main.py"
    main.write_text(BLOCKING)  # the base already blocks in handler()
    git_init(tmp_path, ["app/main.py"])
    git(tmp_path, "checkout", "-q", "-b", "feature")
    main.write_text(BLOCKING + "\n\nasync def other() -> None:\n    time.sleep(2)\n")
    git(tmp_path, "commit", "-q", "-am", "feature")
    app = AuditorApp(
        str(tmp_path), Options(use_cache=False), theme="textual-dark", diff_base="main"
    )
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.report.diff is not None and app.only_new
        listed = app.view.findings()
        assert [(f.check_id, f.line, f.status) for f in listed if f.check_id == "ASY001"] == [
            ("ASY001", 9, "new")
        ]
        assert all(f.status == "new" for f in listed)
        summary = str(pilot.app.screen.query_one(SummaryText).render())
        assert "This branch" in summary and "1 new" in summary
        await pilot.press("n")
        await pilot.pause()
        assert not app.only_new
        assert sorted(f.line for f in app.view.findings() if f.check_id == "ASY001") == [5, 9]


@run_async
async def test_keys_sent_in_one_burst_after_escape_reopen_the_filter():
    """escape closes the filter bar and ``/`` reopens it at once (a paste, or keys typed faster
    than a frame): the text after ``/`` is the new filter, never the screen's bindings (``s``
    cycles the severity, ``e`` opens the export) nor typed into the closing bar."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"orders")
        driver = app._driver
        assert driver is not None
        for key, char in (
            ("escape", None),
            ("slash", "/"),
            ("s", "s"),
            ("e", "e"),
            ("enter", None),
            ("j", "j"),  # after enter: the list's key again, not a letter of the filter
        ):
            event = events.Key(key, char)
            event.set_sender(app)
            driver.send_message(event)  # no wait between them: one burst
        await wait_for(pilot, lambda: app.filter_text == "se")
        await pilot.pause()
        assert app.filter_text == "se"
        assert app.min_severity == "info"
        assert isinstance(app.screen, ScorecardScreen)
        assert not app._typing_in_an_input()
        assert app.screen.query_one("#filter-input", Input).value == "se"
