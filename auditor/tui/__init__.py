"""The Textual front end: ``auditor [PATH]`` / ``auditor tui [PATH]``.

The only package of the project that imports Textual (a test holds the rest to that).
"""

from __future__ import annotations

import os
from typing import Any


class DeferredOptions:
    """The engine's ``Options``, built when the audit starts.

    Importing the engine (pydantic, the report model, the catalogue) costs about as much as
    Textual itself: the command line hands the app these values, and the audit thread builds
    the real ``Options`` after the first frame is on screen.  The values read as attributes.
    """

    def __init__(self, **values: Any) -> None:
        self.values = values

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["values"][name]
        except KeyError:
            raise AttributeError(name) from None

    def build(self) -> Any:
        from auditor.engine import Options

        return Options(**self.values)


def default_theme(env: dict[str, str] | None = None, remembered: str | None = None) -> str:
    """``textual-light`` on a terminal that says its background is light, else ``textual-dark``.

    ``AUDITOR_THEME`` names any Textual theme; then the theme chosen last time (ctrl+p →
    theme, remembered in the app's preferences); otherwise ``COLORFGBG`` (set by many
    terminals, "foreground;background") decides.
    """
    env = dict(os.environ) if env is None else env
    named = env.get("AUDITOR_THEME", "").strip()
    if named:
        return named
    if remembered:
        return remembered
    fgbg = env.get("COLORFGBG", "")
    try:
        bg = int(fgbg.split(";")[-1])
    except ValueError:
        return "textual-dark"
    return "textual-light" if bg in (7, 15) else "textual-dark"


def run(
    path: str,
    options=None,
    theme: str | None = None,
    diff_base: str | None = None,
    splash: bool = False,
) -> int:
    """The app on ``path``: ``--theme`` wins, then ``AUDITOR_THEME``, then the remembered one.

    ``splash``: draw the first frame before Textual is imported (``auditor.tui.splash``; the
    command line asks for it, the splash itself checks that it is in a terminal).  Whatever
    happens before Textual's driver starts, the terminal is given back as it was; Ctrl-C in
    that time ends the command quietly (exit 130), as it would once the app runs.
    """
    drawn = None
    try:
        if splash:  # first, with the theme alone: the preferences' model is read after it
            from auditor.tui.splash import Splash, prefs_file, remembered_theme

            early = theme or default_theme(remembered=remembered_theme(prefs_file()))
            drawn = Splash.show(path, early)
        from auditor.tui import prefs

        where = prefs.default_path()
        remembered = prefs.load(where)
        chosen = theme or default_theme(remembered=remembered.theme)
        from auditor.tui.app import AuditorApp

        app = AuditorApp(
            path,
            options,
            theme=chosen,
            diff_base=diff_base,
            prefs=remembered,
            prefs_path=where,
            splash=drawn,
        )
        app.run()
    except KeyboardInterrupt:
        if drawn is None or not drawn.active:
            raise
        drawn.restore()
        return 130
    finally:
        if drawn is not None:
            drawn.restore()
    code = app.return_code or 0
    if app.busy():  # quit in the middle of an audit: its thread is not waited for (issue 12:
        import sys  # q < 0.5 s); its workers are killed now, and the process ends

        workers = sys.modules.get("auditor.workers")  # (not imported: no worker was started)
        if workers is not None:
            workers.kill_all()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code
