"""The Textual front end: ``auditor [PATH]`` / ``auditor tui [PATH]``.

The only package of the project that imports Textual (a test holds the rest to that).
"""

from __future__ import annotations

import os


def default_theme(env: dict[str, str] | None = None) -> str:
    """``textual-light`` on a terminal that says its background is light, else ``textual-dark``.

    ``AUDITOR_THEME`` names any Textual theme; otherwise ``COLORFGBG`` (set by many terminals,
    "foreground;background") decides.  The theme can be changed in the app (ctrl+p → theme).
    """
    env = dict(os.environ) if env is None else env
    named = env.get("AUDITOR_THEME", "").strip()
    if named:
        return named
    fgbg = env.get("COLORFGBG", "")
    try:
        bg = int(fgbg.split(";")[-1])
    except ValueError:
        return "textual-dark"
    return "textual-light" if bg in (7, 15) else "textual-dark"


def run(path: str, options=None, theme: str | None = None, diff_base: str | None = None) -> int:
    from auditor.tui.app import AuditorApp

    app = AuditorApp(path, options, theme=theme or default_theme(), diff_base=diff_base)
    app.run()
    return app.return_code or 0
