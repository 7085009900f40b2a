"""Issue 12's first frame, Textual's side: the stylesheet is the first frame's rules until that
frame is up, then the whole of auditor.tcss, and both draw the same first frame."""

from __future__ import annotations

import asyncio

from textual.css.stylesheet import Stylesheet

from auditor.tui.app import CSS_FILE, AuditorApp, first_frame_css
from tests.test_splash import SAMPLE
from tests.tui_support import make_app, wait_for


def _rules(css: str) -> list[str]:
    from textual.app import App

    sheet = Stylesheet(variables=App().get_css_variables())
    sheet.add_source(css, read_from=("test", "css"))
    sheet.parse()
    return [rule.css for rule in sheet.rules]


def test_the_first_frame_rules_are_the_files_own() -> None:
    whole = _rules(CSS_FILE.read_text(encoding="utf-8"))
    first = _rules(AuditorApp.CSS)
    assert first == [rule for rule in whole if rule in first]  # the same rules, in order
    assert 10 <= len(first) < len(whole) / 4
    assert first_frame_css("/* a { x } */ Screen { a: b; }\nFoo { c: d; }") == "Screen { a: b; }"


def _frame(whole: bool) -> list[str]:
    """The app's first frame (no audit started) as text and colours per line."""

    async def go() -> list[str]:
        app = AuditorApp(str(SAMPLE), theme="textual-dark")
        app.begin = lambda: None  # type: ignore[method-assign]
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            if whole:
                app.load_stylesheet()
                await pilot.pause()
            assert app._whole_stylesheet is whole
            update = app.screen._compositor.render_update(full=True)
            return [  # (the indeterminate progress bar moves with the clock: left out)
                "".join(
                    f"{seg.text}|{seg.style}"
                    for strip in line
                    for seg in strip
                    if not set(seg.text) <= set("━╸╺")
                )
                for line in update.strips  # type: ignore[attr-defined]
            ]

    return asyncio.run(go())


def test_both_stylesheets_draw_the_same_first_frame() -> None:
    assert _frame(False) == _frame(True)


def test_the_whole_sheet_is_loaded_once_the_report_shows() -> None:
    async def go() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert app._whole_stylesheet
            sources = list(app.stylesheet.source)
            assert (str(CSS_FILE), "") in sources
            assert not any(key[1] == "AuditorApp.CSS" for key in sources)
            rules = [r.css for r in app.stylesheet.rules if not r.is_default_rules]
            assert rules == _rules(CSS_FILE.read_text(encoding="utf-8"))

    asyncio.run(go())


def test_a_screen_pushed_before_the_first_refresh_gets_the_whole_sheet() -> None:
    async def go() -> None:
        app = AuditorApp(str(SAMPLE), theme="textual-dark")
        app.begin = lambda: None  # type: ignore[method-assign]
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert not app._whole_stylesheet
            from auditor.tui.screens.help import HelpScreen

            app.push_screen(HelpScreen())
            await pilot.pause()
            assert app._whole_stylesheet

    asyncio.run(go())


def test_closing_while_the_scorecard_mounts_its_parts_is_quiet() -> None:
    """The scorecard's parts mount in a worker: an app closed meanwhile (``q`` as the first
    report lands; a test's end under load) has removed the screen's children when the mount
    returns, and the worker must not look for them (it failed with NoMatches('#placeholder'))."""
    from auditor.tui.screens.scorecard import ScorecardScreen

    async def go() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            # the scorecard builds its parts in a worker: wait for it (a busy machine is slow)
            await wait_for(
                pilot, lambda: isinstance(app.screen, ScorecardScreen) and app.screen.built
            )
            screen = app.screen
            assert isinstance(screen, ScorecardScreen) and screen.built
            body = screen.query_one("#scorecard")

            async def closing_mount_all(widgets: object) -> None:
                app.exit()
                await pilot.pause()
                for child in list(screen.children):
                    await child.remove()

            body.mount_all = closing_mount_all  # type: ignore[method-assign,assignment]
            screen.built = False
            await screen._build()
            assert screen.built and not screen.children

    asyncio.run(go())
