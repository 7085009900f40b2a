"""Issue 13 in the app, one Pilot test per bug and per navigation feature: problem screens that
exit 2, an editor that cannot start, help at 80×24, the not-audited strip, a --diff export, ]
at 80 columns, the focused pane, plurals, the folder's name, readable sources; lists on real
repositories (all findings, by file, sort, groups, 12 of 65, g/G, h/l), r in place, fixes
applied, theme and filters remembered, quitting while auditing."""

from __future__ import annotations

import re
import stat
import sys
import threading
import time
from pathlib import Path

import pytest
from textual.containers import VerticalScroll

from auditor.engine import Options, Progress
from auditor.testing import git, git_init
from auditor.tui.app import AuditorApp
from auditor.tui.model import Scope
from auditor.tui.prefs import Prefs, load
from auditor.tui.screens import (
    ApplyScreen,
    ErrorsScreen,
    ExportScreen,
    FilesScreen,
    FindingScreen,
    FindingsScreen,
    HelpScreen,
    ProblemScreen,
    ScorecardScreen,
)
from auditor.tui.widgets import fit_location
from tests.tui_support import (
    make_app,
    make_diff_app,
    ready,
    run_async,
    still_scanning,
    wait_for,
)

SIZE = (120, 40)
BLOCKING = "import time\n\n\nasync def handler() -> None:\n    time.sleep(1)\n"


def head_position(screen) -> str:
    return str(screen.query_one("#head-position").render())


def status(screen) -> str:
    return str(screen.query_one("#status-line").render())


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


# -- bug 3: problem screens exit 2, with the right titles, and offer r only when it helps -----------


@pytest.mark.parametrize(
    ("kind", "title", "retry"),
    [("missing", "Not a folder to audit", True), ("select", "Unknown check ID", False)],
)
@run_async
async def test_problem_screens_exit_2_on_q(tmp_path, kind, title, retry):
    if kind == "missing":
        app = AuditorApp(str(tmp_path / "missing"), Options(use_cache=False), theme="textual-dark")
    else:
        (tmp_path / "main.py").write_text("x = 1\n")
        app = AuditorApp(str(tmp_path), Options(use_cache=False, select=["NOPE9"]))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ProblemScreen))
        assert app.screen.title_text == title
        keys = {b.binding.key for b in app.active_bindings.values() if b.enabled}
        assert ("r" in keys) is retry  # running again with the same --select cannot help
        await pilot.press("r")  # tries again (and fails again), or does nothing
        await wait_for(pilot, lambda: isinstance(app.screen, ProblemScreen) and not app.scanning)
        await pilot.pause()
        await pilot.press("q")
    assert app.return_code == 2  # like auditor audit


@run_async
async def test_a_bad_diff_base_is_not_called_a_folder_problem(tmp_path):
    (tmp_path / "main.py").write_text(BLOCKING)
    git_init(tmp_path, ["main.py"])
    app = AuditorApp(str(tmp_path), Options(use_cache=False), diff_base="no-such-branch")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ProblemScreen))
        assert app.screen.title_text == "Cannot compare with no-such-branch"
        assert "no such revision" in app.screen.detail
        await pilot.pause()
        await pilot.press("q")
    assert app.return_code == 2


@run_async
async def test_no_python_files_is_not_an_error(tmp_path):
    (tmp_path / "README.md").write_text("hi\n")
    app = AuditorApp(str(tmp_path), Options(use_cache=False))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ProblemScreen))
        await pilot.pause()
        await pilot.press("q")
    assert app.return_code == 0  # auditor audit exits 0 there too


# -- bug 2: an editor that cannot start comes back with a message ---------------------------------


@run_async
async def test_an_editor_that_is_not_installed_gives_a_message(monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "no-such-editor-xyz")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.open_check("ASY001")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert any("Cannot start the editor 'no-such-editor-xyz'" in n for n in notices(app))
        await pilot.press("enter")  # the app still answers
        assert isinstance(app.screen, FindingScreen)


@run_async
async def test_an_editor_that_fails_to_start_resumes_the_app(tmp_path, monkeypatch):
    """The freeze: an OSError inside ``App.suspend()`` skipped the app's resume."""
    import contextlib

    broken = tmp_path / "broken-editor"
    broken.write_text("#!/no/such/interpreter\n")
    broken.chmod(broken.stat().st_mode | stat.S_IEXEC)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(broken))
    app = make_app()
    events: list[str] = []

    @contextlib.contextmanager
    def suspend():  # like Textual's: no try/finally around the yield
        events.append("suspended")
        yield
        events.append("resumed")

    monkeypatch.setattr(app, "suspend", suspend)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.open_check("ASY001")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert events == ["suspended", "resumed"]
        assert any("Cannot run" in n for n in notices(app))


# -- bug 4: help at 80x24, the not-audited strip, 50x15 ----------------------------------------------


@run_async
async def test_help_scrolls_at_80x24():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        body = app.screen.query_one("#help-body", VerticalScroll)
        await pilot.pause()
        assert body.max_scroll_y > 0 and body.region.bottom <= 24  # cut, so it must scroll
        assert body.has_focus
        await pilot.press("j", "j", "pagedown")
        assert body.scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y  # the last keys can be read


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (50, 15)])
@run_async
async def test_not_audited_strip_keeps_its_hint_and_a_category_row(size):
    app = make_app("broken_service")
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        strip = app.screen.query_one("#errors-strip")
        first_line = str(strip.render()).splitlines()[0]
        assert first_line.startswith("Not audited (") and "4" in first_line
        table = app.screen.query_one("#categories")
        assert table.region.height >= 2  # the header and at least one category
        await pilot.press("4")
        assert isinstance(app.screen, ErrorsScreen)


@run_async
async def test_errors_screen_opens_the_file_at_its_line(tmp_path, monkeypatch):
    record = tmp_path / "args.txt"
    editor = tmp_path / "fake-editor"
    editor.write_text(
        f"#!{sys.executable}\nimport sys\nopen({str(record)!r}, 'w').write('\\n'.join(sys.argv[1:]))\n"
    )
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(editor))
    app = make_app("broken_service")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("4", "enter")
        await wait_for(pilot, record.exists)
        first = app.report.errors[0]
        args = record.read_text().splitlines()
        assert args[-1].endswith(first.path)
        assert "line" in first.message  # the fixture's error names a line: the editor opens at it
        assert args[0].startswith("+")


# -- bug 5: exporting a --diff session keeps the comparison ----------------------------------------


@run_async
async def test_diff_session_export_badges_and_fixed_view(tmp_path):
    app = make_diff_app(cwd=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("2")
        screen = app.screen
        assert isinstance(screen, FindingsScreen)
        table = screen.query_one("#findings")
        badges = {str(table.get_row(k)[0]) for k in screen._rows if screen._rows[k].finding}
        assert {"new", "unchanged"} <= badges  # new / unchanged on every row
        await pilot.press("5")
        assert isinstance(app.screen, FindingsScreen) and app.screen.scope == Scope("fixed")
        assert [r.finding.message for r in app.screen._rows.values()] == ["an old problem"]
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        app.screen.query_one("#export-path").value = str(tmp_path / "review.md")
        await pilot.press("enter")
        await pilot.pause()
        md = (tmp_path / "review.md").read_text()
        assert "**This branch: F (12) → F (0); 2 new findings, 1 fixed**" in md
        assert "<details><summary>Fixed on this branch (1)</summary>" in md
        assert "| **new** |" in md


# -- bug 6: ] at 80 columns, the focused pane, plurals, the folder's name, sources ------------------


@run_async
async def test_next_finding_at_80_columns_starts_at_the_top():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.open_check("RTE001")
        await pilot.pause()
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, FindingScreen)
        body = screen.query_one("#finding-body", VerticalScroll)
        for _ in range(12):
            await pilot.press("j")
        await pilot.pause()
        assert body.scroll_y > 0
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert body.scroll_y == 0  # the one-column body, not only the code pane, is reset


@run_async
async def test_the_focused_pane_is_visible():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.open_check("ASY001")
        await pilot.pause()
        await pilot.press("enter")
        screen = app.screen
        left, right = screen.query_one("#finding-left"), screen.query_one("#finding-right")
        assert left.has_focus
        assert left.styles.border_top[1] != right.styles.border_top[1]
        await pilot.press("tab")
        assert right.has_focus
        assert left.styles.border_top[1] != right.styles.border_top[1]


@run_async
async def test_one_finding_is_not_one_findings():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"SET001", "enter")
        assert "1 of 111 findings" in status(app.screen)
        await pilot.press("slash", "escape")
        app.open_check("SET001")
        await pilot.pause()
        assert "1 of 1" in head_position(app.screen)
        assert not re.search(r"\b1 findings", status(app.screen))


@run_async
async def test_dot_is_titled_by_the_folder_name(tmp_path, monkeypatch):
    project = tmp_path / "shop-api"
    (project / "app").mkdir(parents=True)
    (project / "app/main.py").write_text(BLOCKING)
    monkeypatch.chdir(project)
    app = AuditorApp(".", Options(use_cache=False), cwd=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.target_label == "shop-api" and app.screen.sub_title == "shop-api"
        assert app.export_name() == "shop-api-audit.md"
        app.write_export(tmp_path / "out.md", filtered=False)
        assert (tmp_path / "out.md").read_text().startswith("# FastAPI audit of `shop-api`\n")


@run_async
async def test_sources_are_named_with_their_links():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.open_check("ASY001")
        await pilot.pause()
        await pilot.press("enter")
        sources = str(app.screen.query_one("#sources").render())
        assert "zhanymkanov README" in sources
        assert "https://github.com/zhanymkanov/fastapi-best-practices" in sources
        assert ".txt" not in sources and "000_" not in sources


# -- navigation on real repositories ---------------------------------------------------------------


def test_locations_never_lose_their_line_number():
    assert fit_location("app/orders/router.py:30", 40) == "app/orders/router.py:30"
    assert fit_location("services/billing/api/v1/endpoints/invoices.py:123", 24) == (
        "…dpoints/invoices.py:123"
    )
    assert fit_location("a/very/long/path/name.py:123", 12).endswith(":123")
    assert fit_location("Dockerfile", 6) == "…rfile"


@run_async
async def test_all_findings_view_errors_first_sortable_and_filterable():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("2")
        screen = app.screen
        assert isinstance(screen, FindingsScreen) and screen.scope == Scope("all")
        items = screen.items()
        assert len(items) == len(app.report.findings)
        ranks = [{"error": 0, "warning": 1, "info": 2}[f.severity] for f in items]
        assert ranks == sorted(ranks)  # errors first
        assert head_position(screen).startswith("1 of ")
        await pilot.press("j", "j")
        assert head_position(screen).startswith("3 of ")
        await pilot.press("S")  # sort by location
        assert app.sort_column == "location"
        paths = [(f.path or "~", f.line or 0) for f in screen.items()]
        assert paths == sorted(paths)
        await pilot.press("I")
        assert [(f.path or "~", f.line or 0) for f in screen.items()] == sorted(paths, reverse=True)
        await pilot.press("I", "S", "S", "S")  # back round to severity
        assert app.sort_column == "severity"
        await pilot.press("slash", *"orders", "enter")
        assert all("orders" in f"{f.path} {f.message} {f.check_id}".lower() for f in screen.items())


@run_async
async def test_sort_by_clicking_a_column_header():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("2")
        table = app.screen.query_one("#findings")
        from textual.widgets import DataTable

        key = next(k for k in table.columns if k.value == "check")
        table.post_message(DataTable.HeaderSelected(table, key, 1, table.columns[key].label))
        await pilot.pause()
        assert app.sort_column == "check"


@run_async
async def test_groups_expand_and_fold():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.open_check("RTE001")  # 4 in app/orders/router.py, 4 in app/users/router.py
        await pilot.pause()
        screen = app.screen
        rows = list(screen._rows.values())
        groups = [r for r in rows if r.group is not None]
        assert len(groups) == 2 and all(len(g.group.members) == 4 for g in groups)
        assert "rows · 10 findings" in head_position(screen)
        table = screen.query_one("#findings")
        table.move_cursor(row=[r.key for r in rows].index(groups[0].key))
        await pilot.press("enter")  # expands
        assert len(screen._rows) == len(rows) + 4
        await pilot.press("j", "l")  # l on a member opens it
        assert isinstance(app.screen, FindingScreen)
        await pilot.press("h")  # back
        assert app.screen is screen
        await pilot.press("h")  # folds the group the cursor is in
        assert len(screen._rows) == len(rows)
        await pilot.press("z")  # group by message: RTE001's messages differ, so fewer groups
        assert app.grouping == "message"
        await pilot.press("z")
        assert app.grouping == "none" and len(screen._rows) == 10
        await pilot.press("z")


@run_async
async def test_first_and_last_rows_with_g_and_home():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("2")
        table = app.screen.query_one("#findings")
        await pilot.press("G")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("end")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("home")
        assert table.cursor_row == 0


@run_async
async def test_by_file_view():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("3")
        screen = app.screen
        assert isinstance(screen, FilesScreen)
        rows = app.view.file_rows()
        assert rows[0].error >= rows[-1].error  # worst first
        await pilot.press("enter")
        assert isinstance(app.screen, FindingsScreen) and app.screen.scope.kind == "file"
        assert {f.path for f in app.screen.items()} == {rows[0].path}


# -- r in place, fixes applied -----------------------------------------------------------------------


def project(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app/main.py").write_text(BLOCKING)
    (tmp_path / "app/other.py").write_text("x = 1\n")
    git_init(tmp_path, ["app/main.py", "app/other.py"])
    return tmp_path


async def open_asy001(pilot) -> FindingScreen:
    app = pilot.app
    await ready(pilot)
    app.open_check("ASY001")
    await pilot.pause()
    await pilot.press("enter")
    assert isinstance(app.screen, FindingScreen)
    return app.screen


@run_async
async def test_rerun_keeps_the_place_and_marks_what_is_gone(tmp_path):
    root = project(tmp_path)
    app = AuditorApp(str(root), Options(use_cache=False))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_asy001(pilot)
        assert screen.finding.line == 5
        main = root / "app/main.py"
        main.write_text("# a new first line\n" + BLOCKING)
        first = app.report
        await pilot.press("r")
        await wait_for(pilot, lambda: app.report is not first and not app.scanning)
        assert app.screen is screen  # same screen
        assert screen.finding.line == 6 and not screen.gone  # same finding, moved
        main.write_text(
            "# a new first line\nimport asyncio\n\n\nasync def handler() -> None:\n    await asyncio.sleep(1)\n"
        )
        second = app.report
        await pilot.press("r")
        await wait_for(pilot, lambda: app.report is not second and not app.scanning)
        assert app.screen is screen and screen.gone
        assert "gone after the re-run" in str(screen.query_one("#finding-head").render())
        await pilot.press("escape")
        findings = app.screen
        assert isinstance(findings, FindingsScreen)
        assert [findings.badge(f) for f in findings.items()] == ["resolved"]
        # a gone finding obeys the filter as any other (typed in the filter bar, as a user
        # does): a text it does not match hides it, the check's id (which its own findings
        # need not contain) shows it, and so does a word of its message
        for text, shown in (
            ("no such text", []),
            ("asy001", ["resolved"]),
            ("blocking", ["resolved"]),
        ):
            await pilot.press("slash", "escape", "slash", *text, "enter")
            assert app.filter_text == text
            assert [findings.badge(f) for f in findings.items()] == shown


@run_async
async def test_apply_one_fix_after_its_preview(tmp_path):
    root = project(tmp_path)
    app = AuditorApp(str(root), Options(use_cache=False))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_asy001(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ApplyScreen))
        assert "+    await asyncio.sleep(1)" in str(
            app.screen.query_one("#apply-body Static").render()
        )
        await pilot.press("n")  # nothing is written without a yes
        assert (root / "app/main.py").read_text() == BLOCKING
        first = app.report
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ApplyScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: app.report is not first and not app.scanning)
        assert "await asyncio.sleep(1)" in (root / "app/main.py").read_text()
        assert app.screen is screen and screen.gone  # re-run in place: the finding is gone
        assert git(root, "status", "--porcelain").split() == ["M", "app/main.py"]


@run_async
async def test_apply_all_safe_fixes_of_a_check_lists_the_files(tmp_path):
    root = project(tmp_path)
    (root / "app/second.py").write_text(BLOCKING.replace("handler", "other"))
    app = AuditorApp(str(root), Options(use_cache=False, select=["ASY001"]))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.open_check("ASY001")
        await pilot.pause()
        first = app.report
        await pilot.press("A")
        await wait_for(pilot, lambda: isinstance(app.screen, ApplyScreen))
        listed = str(app.screen.query_one("#apply-files").render())
        assert "app/main.py" in listed and "app/second.py" in listed
        await pilot.press("y")
        await wait_for(pilot, lambda: app.report is not first and not app.scanning)
        assert not [f for f in app.report.findings if f.check_id == "ASY001"]
        # nothing else written: the tracked file without a fix unchanged, no file created
        assert git(root, "status", "--porcelain").split() == [
            "M",
            "app/main.py",
            "??",
            "app/second.py",
        ]


# -- theme and filters remembered ----------------------------------------------------------------


@run_async
async def test_theme_and_filters_are_remembered(tmp_path):
    path = tmp_path / "cfg" / "app.json"
    report_app = make_app(prefs=Prefs(), prefs_path=path)
    async with report_app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("s", "p", "S", "z")
        report_app.theme = "nord"
        await pilot.pause()
    saved = load(path)
    assert (saved.min_severity, saved.show_passed, saved.sort, saved.grouping, saved.theme) == (
        "warning",
        True,
        "location",
        "message",
        "nord",
    )
    again = make_app(prefs=saved, prefs_path=path)
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert (again.min_severity, again.show_passed, again.sort_column) == (
            "warning",
            True,
            "location",
        )


@run_async
async def test_the_default_theme_is_not_remembered_as_a_choice(tmp_path):
    path = tmp_path / "app.json"
    app = make_app(theme="textual-light", prefs=Prefs(), prefs_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("s")  # something to save
    assert load(path).theme is None and load(path).min_severity == "warning"


def test_prefs_survive_a_broken_file(tmp_path):
    path = tmp_path / "app.json"
    path.write_text("{not json")
    assert load(path) == Prefs()
    path.write_text('{"min_severity": "loud", "show_passed": "yes", "sort": "check", "x": 1}')
    assert load(path) == Prefs(sort="check")  # wrong values fall back, unknown keys are ignored


def test_run_wires_the_remembered_theme(tmp_path, monkeypatch):
    import auditor.tui as tui
    from auditor.tui import prefs

    monkeypatch.setenv("AUDITOR_CONFIG_DIR", str(tmp_path))
    monkeypatch.delenv("AUDITOR_THEME", raising=False)
    prefs.save(prefs.default_path(), Prefs(theme="gruvbox"))
    seen = {}

    def fake_run(self, *a, **k):
        seen["theme"] = self._initial_theme
        seen["prefs"] = self.prefs_path

    monkeypatch.setattr(AuditorApp, "run", fake_run)
    assert tui.run(str(tmp_path)) == 0
    assert seen == {"theme": "gruvbox", "prefs": tmp_path / "app.json"}
    tui.run(str(tmp_path), theme="textual-light")  # --theme wins
    assert seen["theme"] == "textual-light"


# -- issue 12: quit and cancel never wait for the audit ------------------------------------------


@run_async
async def test_quit_while_auditing_does_not_wait_for_the_audit():
    finished = threading.Event()

    def deaf_audit(path: str, options, progress) -> None:
        """An audit that ignores being cancelled and ends on its own after 5 s."""
        deadline = time.monotonic() + 5.0
        while time.monotonic() < deadline:
            try:
                progress(Progress("parse", 12, 26, "app/orders/router.py"))
            except Exception:
                pass  # cancelled: carries on regardless
            time.sleep(0.02)
        finished.set()

    app = AuditorApp(".", Options(use_cache=False), audit_fn=deaf_audit)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.scanning and app.busy())
        await pilot.press("q")
    # a quit that joined the audit's thread would only have got here after it finished
    assert not finished.is_set()
    assert app.return_code == 0


@run_async
async def test_escape_cancels_a_rerun_from_any_screen(tmp_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.open_check("ASY001")
        await pilot.pause()
        app.target = str(tmp_path)
        app._audit_fn = still_scanning
        await pilot.press("r")
        await wait_for(pilot, lambda: "re-running" in status(app.screen))
        await pilot.press("escape")
        assert not app.scanning and isinstance(app.screen, FindingsScreen)  # still here
        assert app.report is not None
        await pilot.press("escape")
        assert isinstance(app.screen, ScorecardScreen)


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
def test_the_command_quits_the_app_cleanly_in_a_terminal(tmp_path):
    """``auditor`` in a real (pseudo-)terminal: q ends the process with code 0 after the
    terminal is restored (the fast exit flushes before it goes)."""
    import fcntl
    import os
    import pty
    import select
    import struct
    import termios
    import time

    (tmp_path / "app").mkdir()
    (tmp_path / "app/main.py").write_text(BLOCKING)
    env = dict(os.environ, TERM="xterm-256color", AUDITOR_CONFIG_DIR=str(tmp_path / "cfg"))
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execvpe(sys.executable, [sys.executable, "-m", "auditor", str(tmp_path)], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    out = b""

    def read(until: bytes | None, limit: float) -> None:
        nonlocal out
        end = time.monotonic() + limit
        while time.monotonic() < end and (until is None or until not in out):
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    out += os.read(fd, 65536)
                except OSError:
                    return

    read(b"Score", 60)  # a guard against a hang, not a timing
    assert b"Score" in out
    os.write(fd, b"q")
    read(None, 10)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    assert b"\x1b[?1049l" in out  # the alternate screen was left: the terminal is restored


@run_async
async def test_the_project_model_is_built_in_the_audit_thread(tmp_path, monkeypatch):
    """A re-run answered from the whole-audit cache builds its project model lazily: the app
    takes what it needs of it (the structure, the source reader) in the audit's thread, so
    the UI never waits seconds for a model on a large tree."""
    import threading

    from auditor.engine import AuditResult

    ui = threading.current_thread()
    touched: list[tuple[bool, threading.Thread]] = []  # (answered from the cache, thread)
    real = AuditResult.project

    def project(self):
        touched.append((self._build_project is not None, threading.current_thread()))
        return real.fget(self)

    monkeypatch.setattr(AuditResult, "project", property(project))
    tree = tmp_path / "tree"
    (tree / "app").mkdir(parents=True)
    (tree / "app" / "main.py").write_text(BLOCKING)
    app = AuditorApp(str(tree), Options(cache_dir=tmp_path / "cache"), theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        first = app.report
        await pilot.press("r")  # the same tree: answered from the cache
        await wait_for(pilot, lambda: app.report is not first and not app.scanning)
        assert app.structure is not None and app.structure.root is not None
        assert "time.sleep(1)" in (app.read_source("app/main.py") or "")
    assert all(thread is not ui for _, thread in touched)
    assert [cached for cached, _ in touched] == [False, True]  # once per audit, the 2nd cached


def _children(pid: int) -> list[int]:
    """The processes ``pid`` started, from any of its threads (the audit's runs in one)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting for its new parent to reap it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
def test_no_worker_survives_a_quit_during_the_parse(tmp_path):
    """q while worker processes parse: the process ends and takes its workers with it.  The
    workers' safety nets are switched off here: Linux's parent-death signal, and the hang-up
    the pseudo-terminal sends when its session leader (the app, here; a shell, usually) ends.
    The quit itself must kill them, as it does where that signal does not exist."""
    import os
    import pty
    import select
    import signal
    import time

    (tmp_path / "app").mkdir()
    for i in range(4):
        (tmp_path / f"app/m{i}.py").write_text(BLOCKING)
    code = (
        "import signal, sys, time, auditor.engine as e, auditor.workers as w\n"
        "e.analyze_module = lambda *a: time.sleep(60)  # files that take long to parse\n"
        "w._die_with = lambda parent: signal.signal(signal.SIGHUP, signal.SIG_IGN)\n"
        f"sys.argv = ['auditor', {str(tmp_path)!r}, '--jobs', '2', '--no-cache']\n"
        "from auditor.cli import entry\n"
        "entry()\n"
    )
    env = dict(os.environ, TERM="xterm-256color", AUDITOR_CONFIG_DIR=str(tmp_path / "cfg"))
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.chdir(tmp_path)
        os.execvpe(sys.executable, [sys.executable, "-c", code], env)
    workers: list[int] = []
    deadline = time.monotonic() + 60  # guards against a hang, not timings
    try:
        while len(workers) < 2 and time.monotonic() < deadline:
            if select.select([fd], [], [], 0.05)[0]:
                os.read(fd, 65536)
            workers = _children(pid)
        assert len(workers) == 2, "the audit started its workers"
        os.write(fd, b"q")
        while not os.waitpid(pid, os.WNOHANG)[0] and time.monotonic() < deadline:
            if select.select([fd], [], [], 0.05)[0]:
                try:
                    os.read(fd, 65536)
                except OSError:
                    pass
        deadline = time.monotonic() + 10
        while any(_running(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        survivors = [w for w in workers if _running(w)]
        assert not survivors, "no worker outlives the quit"
    finally:
        os.close(fd)
        for p in [pid, *workers]:  # nothing left behind when this fails
            if _running(p):
                os.kill(p, signal.SIGKILL)


@pytest.mark.parametrize("theme", ["textual-light", "nord"])
@run_async
async def test_a_chosen_theme_costs_no_second_stylesheet_parse(theme, monkeypatch):
    """The theme is in place before Textual parses the stylesheet: set once the app runs, it
    had the whole stylesheet parsed and applied again before the first frame."""
    from textual.css.stylesheet import Stylesheet

    reparsed: list[int] = []
    real = Stylesheet.reparse
    monkeypatch.setattr(Stylesheet, "reparse", lambda self: reparsed.append(1) or real(self))
    app = make_app(theme=theme)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.theme == theme and app.has_class("-light-mode") == (theme == "textual-light")
    assert reparsed == []


def test_the_first_frame_imports_nothing_it_does_not_show(tmp_path):
    """``auditor PATH`` up to the app's first frame: no engine, report model, catalogue,
    configuration or table widget is imported (the audit thread imports them after)."""
    import subprocess

    code = (
        "import sys\n"
        "import auditor.cli as cli\n"
        "from auditor.tui.app import AuditorApp\n"
        "cli._interactive = lambda: True\n"
        "AuditorApp.run = lambda self, *a, **k: print(' '.join(sorted(sys.modules)))\n"
        "cli.main(['tui', sys.argv[1]])\n"
    )
    import os

    env = dict(os.environ, AUDITOR_CONFIG_DIR=str(tmp_path / "cfg"))
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=tmp_path,
    ).stdout.split()
    assert "auditor.tui.screens.scorecard" in out
    unwanted = {
        "auditor.engine",
        "auditor.report",
        "auditor.config",
        "auditor.check",
        "checks",
        "pydantic",
        "git",
        "textual.widgets._data_table",
        "textual.widgets._digits",
        "auditor.tui.tables",  # (issue 12: nor the widget classes of a report, nor the
        "auditor.tui.screens.problem",  # problem screen: Textual defines each in ~1-3 ms)
    }
    assert unwanted.isdisjoint(out), sorted(unwanted & set(out))


@pytest.mark.parametrize(
    ("phase", "done", "total", "says"),
    [
        ("parse", 26, 26, "building the project model"),
        ("model", 0, 1, "building the project model"),  # (the app's own, for a cached audit)
        ("fixes", 3, 3, "writing the report"),  # the last seconds of a cold audit
        ("fixes", 0, 3, "building fix diffs"),  # not "fixes …"
    ],
)
@run_async
async def test_the_scan_panel_says_what_follows_a_finished_phase(phase, done, total, says):
    import time

    from auditor.engine import Progress

    def audit_fn(path, options, progress):
        while True:  # until cancelled
            progress(Progress(phase, done, total))
            time.sleep(0.02)

    app = AuditorApp(".", Options(use_cache=False), audit_fn=audit_fn)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: says in str(app.screen.query_one("#scan-file").render()))
        await pilot.press("q")


@pytest.mark.skipif(sys.platform != "linux", reason="forked fix workers")
@run_async
async def test_escape_during_a_long_check_kills_the_fix_workers_at_once(tmp_path, monkeypatch):
    """The checks stage calls progress once per check, and one check can take seconds on a
    large tree: escape kills the fix workers (forked before the checks, building diffs while
    they run) at once, not when the running check ends."""
    import multiprocessing

    import auditor.engine
    from checks.asy002_sync_client_in_async import SyncClientInAsync

    (tmp_path / "app").mkdir()
    for i in range(6):
        (tmp_path / f"app/m{i}.py").write_text(BLOCKING + f"\n\nHANDLERS{i} = [handler]\n")
    monkeypatch.setattr(auditor.engine, "FIX_PREFORK_FILES", 1)
    in_check, release = threading.Event(), threading.Event()
    real = SyncClientInAsync.judge

    def slow_judge(self, hits, project):
        in_check.set()
        release.wait(30)  # a check that takes long (a guard against a hang, not a timing)
        return real(self, hits, project)

    monkeypatch.setattr(SyncClientInAsync, "judge", slow_judge)
    app = AuditorApp(str(tmp_path), Options(use_cache=False, jobs=2))
    try:
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, in_check.is_set, timeout=60)
            workers = [p.pid for p in multiprocessing.active_children()]
            assert len(workers) == 2, "the fix workers run beside the checks"
            await pilot.press("escape")
            assert not app.scanning
            deadline = time.monotonic() + 5
            while any(_running(w) for w in workers) and time.monotonic() < deadline:
                await pilot.pause(0.05)
            assert not [w for w in workers if _running(w)], "a worker outlived the cancel"
            assert not release.is_set()  # the check was still running all along
            release.set()
            await wait_for(pilot, lambda: not app.busy(), timeout=30)
    finally:
        release.set()
    assert multiprocessing.active_children() == []
