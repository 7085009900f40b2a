"""The app's first frame, written with plain escape sequences before Textual is imported.

Importing Textual takes 0.3-0.4 s here, longer than issue 12's whole budget for the first
frame (0.3 s).  So ``auditor [PATH]`` in a terminal first draws what Textual's first frame
will show, cell for cell and in the same colours: the header (``◆ fastapi-auditor — PATH``),
the screen's background, the scan panel's box with ``Auditing PATH …`` and ``esc cancel``, and
the footer's bar.  Textual then starts, stays in the same alternate screen (its own
``ESC[?1049h`` is dropped, which would clear the screen again in xterm and flash it blank)
and paints its first frame over this one: the progress bar, "starting …" and the footer's
keys appear, nothing else moves.  ``tests/test_splash.py`` holds the cells to Textual's.

It is drawn only when it can be honest and undone:

* stdin, stdout and stderr (Textual's output) are the process's own and all terminals, on a
  POSIX system; never when ``TERM`` is ``dumb``/``unknown``, nor with ``AUDITOR_SPLASH=0``,
  ``TEXTUAL_DRIVER``, ``TEXTUAL_FILTERS`` (they change the colours) or a
  ``TEXTUAL_COLOR_SYSTEM`` of no colour;
* the theme is one whose colours are known here (the built-in themes but the ANSI one);
* ``NO_COLOR`` draws it in grey as Textual's monochrome filter does.

Until Textual's driver has started (``hand_over``), :meth:`Splash.restore` leaves the
alternate screen, shows the cursor again and gives back the terminal's echo (turned off so
that keys typed meanwhile are not printed over the frame; Textual still reads them), so what
is printed afterwards is on the normal screen.  The command line calls it on any way out (an
error, Ctrl-C, SIGTERM/SIGHUP turned into ``SystemExit``), and ctrl+z calls it before the
process stops.  No Textual, Rich or engine import here: this module runs before them all.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Mapping
from typing import Any

ALT_SCREEN_ON = "\x1b[?1049h"
ALT_SCREEN_OFF = "\x1b[?1049l"
HIDE_CURSOR = "\x1b[?25l"
SHOW_CURSOR = "\x1b[?25h"

TITLE = "fastapi-auditor"
PREFS_FILE_NAME = "app.json"

#: The colours of each theme's first frame, read from Textual's own rendering of it
#: (``tests/test_splash.py`` regenerates them and fails when Textual draws otherwise), as
#: hex ``rrggbb`` in the order of :data:`PALETTE_FIELDS`.
PALETTE_FIELDS = (
    "background",
    "header_bg",
    "header_fg",
    "header_sub",
    "surface",
    "accent",
    "text",
    "key",
    "footer_bg",
)
PALETTES: dict[str, str] = {
    # generated: python -m tests.test_splash
    "textual-dark": "121212 242f38 e0e0e0 a0a3a6 1e1e1e fea62b e0e0e0 ffc473 242f38",
    "textual-light": "e0e0e0 d0d0d0 1f1f1f 5b5b5b d8d8d8 fea62b 1f1f1f a86d1c d0d0d0",
    "nord": "2e3440 434c5e d8dee9 a5acb9 3b4252 b48ead d8dee9 cdb4c8 434c5e",
    "gruvbox": "282828 504945 fbf1c7 c0b79a 3c3836 f9bd2f fbf1c7 fbd375 504945",
    "catppuccin-mocha": "181825 45475a cdd6f4 9ea5bf 313244 f9b387 cdd6f4 fbccaf 45475a",
    "dracula": "282a36 313442 f8f8f2 b4b5b6 2b2e3b ff79c6 f8f8f2 ffa6d9 313442",
    "tokyo-night": "1a1b26 414868 a9b1d6 858db0 24283b fe9e64 a9b1d6 ffbe98 414868",
    "monokai": "272822 3e3d32 d6d6d6 a2a19e 2e2e2e 66d9ef d6d6d6 9ae5f4 3e3d32",
    "flexoki": "100f0f 282726 fffcf0 b5b3ab 1c1b1a 9b76c8 fffcf0 bda4da 282726",
    "catppuccin-latte": "eff1f5 ccd0da 4c4f69 777a8f e6e9ef fd640b 4c4f69 a74207 ccd0da",
    "catppuccin-frappe": "303446 51576d c6d0f5 9ea6c6 414559 f4b8e4 c6d0f5 f7d0ed 51576d",
    "catppuccin-macchiato": "24273a 494d64 cad3f5 9ea5c3 363a4f f5bde6 cad3f5 f8d3ee 494d64",
    "solarized-light": "fdf6e3 eee8d5 586e75 8b9795 eee8d5 6c71c4 586e75 474a81 268bd2",
    "solarized-dark": "002b36 073642 839496 587479 073642 6c71c4 839496 9da1d8 268bd2",
    "rose-pine": "191724 26233a e0def4 a09eb4 1f1d2e ebbcba e0def4 f1d2d1 26233a",
    "rose-pine-moon": "232136 393552 e0def4 a7a4bc 2a273f ea9a97 e0def4 f1bcba 393552",
    "rose-pine-dawn": "faf4ed f2e9e1 575279 8b859c fffaf3 d6827e 575279 8d5553 f2e9e1",
    "atom-one-dark": "282c34 4f5666 abb2bf 8b92a0 3b414d a378c2 abb2bf c2a5d6 4f5666",
    "atom-one-light": "fafafa cccccc 383a42 6a6b70 e0e0e0 be9232 383a42 7e6021 cccccc",
}


def palette_colours(palette: str) -> dict[str, str]:
    """A :data:`PALETTES` entry as ``{field: "#rrggbb"}``."""
    return {f: f"#{c}" for f, c in zip(PALETTE_FIELDS, palette.split(), strict=True)}


#: One painted run: (row, column, text, foreground, background, bold).
Run = tuple[int, int, str, str, str, bool]


def folder_label(root: str, resolved: str | None = None) -> str:
    """How the app names its target: the folder's own name for ``.`` or ``..`` (``resolved``
    is the absolute path), else the path as given."""
    if root.rstrip("/") in ("", ".", "..") or root.endswith(("/.", "/..")):
        return (resolved or root).rstrip("/").rsplit("/", 1)[-1] or root
    return root


def target_label(path: str) -> str:
    """The label the app's header and scan panel give ``path`` (``AuditorApp.target_label``)."""
    try:
        resolved: str | None = os.path.realpath(path)
    except (OSError, ValueError):
        resolved = None
    return folder_label(path or ".", resolved)


def prefs_file(env: Mapping[str, str] | None = None) -> str:
    """The app's preferences file (``auditor.tui.prefs``): ``$AUDITOR_CONFIG_DIR/app.json``,
    else in the user's config folder (``platformdirs``)."""
    env = os.environ if env is None else env
    override = env.get("AUDITOR_CONFIG_DIR", "").strip()
    if override:
        return os.path.join(override, PREFS_FILE_NAME)
    from platformdirs import user_config_dir

    return os.path.join(user_config_dir("fastapi-auditor", appauthor=False), PREFS_FILE_NAME)


def remembered_theme(path: str) -> str | None:
    """The theme the preferences remember (``Prefs.theme``), read without the ``Prefs`` model
    (its module costs the splash a dataclass build and the TUI model)."""
    import json

    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return None
    theme = data.get("theme") if isinstance(data, dict) else None
    return theme if isinstance(theme, str) else None


def color_system(env: Mapping[str, str]) -> str | None:
    """The colour system Textual's console picks (Rich's detection with a forced terminal):
    ``truecolor``, ``256``, ``standard``, or None (no colour: no splash)."""
    chosen = env.get("TEXTUAL_COLOR_SYSTEM", "auto")
    if chosen != "auto":
        return chosen if chosen in ("truecolor", "256", "standard") else None
    term = env.get("TERM", "").strip().lower()
    if term in ("dumb", "unknown"):
        return None
    if env.get("COLORTERM", "").strip().lower() in ("truecolor", "24bit"):
        return "truecolor"
    colours = term.rpartition("-")[2]
    return {"kitty": "256", "256color": "256", "16color": "standard"}.get(colours, "standard")


def layout(cols: int, rows: int, label: str) -> list[Run]:
    """What the scorecard's first frame shows at ``cols`` x ``rows``, as runs over the whole
    screen (colours named by :data:`PALETTE_FIELDS`).  Whatever would not sit exactly where
    Textual puts it is left out: a header title too long for its line; and the whole frame
    when the panel's title would wrap or the screen is too small for the panel (Textual then
    scrolls it), as Textual's layout there is not known here."""
    mx, my = (6, 4) if cols >= 100 else (1, 2)  # the scan panel's margin (below 100 columns)
    top, left, right = 1 + my, mx, cols - mx - 1
    inner = right - left - 1 - 4
    head = f"Auditing {label} …"
    cancel = "  esc cancel"
    if (
        1 + my + 7 + my > rows - 2
        or not (label.isascii() and label.isprintable())
        or len(head) > inner - len(cancel)
    ):
        # the panel would be taller (its title wrapped) or scroll: where Textual puts what is
        # not known here, and nothing is drawn
        return []
    runs: list[Run] = []
    # the header: the icon in its 8 columns, the title centred between it and the clock space
    runs.append((0, 0, " ◆" + " " * (cols - 2), "header_fg", "header_bg", False))
    title_width = cols - 18
    sub = f" — {label}"
    if len(TITLE + sub) <= title_width:
        x = 8 + (title_width - len(TITLE + sub)) // 2
        runs.append((0, x, TITLE, "header_fg", "header_bg", False))
        runs.append((0, x + len(TITLE), sub, "header_sub", "header_bg", False))
    for y in range(1, rows - 2):
        runs.append((y, 0, " " * cols, "text", "background", False))
    # the status line (the header's $panel) and the footer, whose keys Textual adds
    runs.append((rows - 2, 0, " " * cols, "text", "header_bg", False))
    runs.append((rows - 1, 0, " " * cols, "text", "footer_bg", False))
    # the scan panel: margin 4 6 (2 1 below 100 columns), a round border, padding 1 2
    span = right - left - 1
    runs.append((top, left, "╭" + "─" * span + "╮", "accent", "surface", False))
    for y in range(top + 1, top + 6):
        runs.append((y, left, "│" + " " * span + "│", "accent", "surface", False))
    runs.append((top + 6, left, "╰" + "─" * span + "╯", "accent", "surface", False))
    x = left + 3
    runs.append((top + 2, x, "Auditing ", "text", "surface", False))
    runs.append((top + 2, x + 9, label, "text", "surface", True))
    runs.append((top + 2, x + 9 + len(label), " …", "text", "surface", False))
    x = right - 2 - len(cancel) + 2
    runs.append((top + 2, x, "esc", "key", "surface", True))
    runs.append((top + 2, x + 3, " cancel", "text", "surface", False))
    return runs


def cells(
    runs: list[Run], cols: int, rows: int
) -> dict[tuple[int, int], tuple[str, str, str, bool]]:
    """The screen the runs paint: (row, column) -> (character, foreground, background, bold)."""
    grid: dict[tuple[int, int], tuple[str, str, str, bool]] = {}
    for y, x, text, fg, bg, bold in runs:
        for i, ch in enumerate(text):
            if 0 <= y < rows and 0 <= x + i < cols:
                grid[y, x + i] = (ch, fg, bg, bold)
    return grid


def eight_bit(r: int, g: int, b: int) -> int:
    """The 256-colour palette entry Rich downgrades ``#rrggbb`` to (``rich.color``'s rule,
    without importing Rich before the splash): the grey ramp below 15% saturation, else the
    6x6x6 cube."""
    import colorsys

    _h, lightness, saturation = colorsys.rgb_to_hls(r / 255, g / 255, b / 255)
    if saturation < 0.15:
        grey = round(lightness * 25.0)
        return 16 if grey == 0 else 231 if grey == 25 else 231 + grey

    def six(c: int) -> int:
        return round(c / 95 if c < 95 else 1 + (c - 95) / 40)

    return 16 + 36 * six(r) + 6 * six(g) + six(b)


def _sgr(hex_colour: str, system: str, foreground: bool, mono: bool) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    if mono:  # Textual's Monochrome filter (NO_COLOR)
        r = g = b = round(r * 0.2126 + g * 0.7152 + b * 0.0722)
    if system == "truecolor":
        return f"{38 if foreground else 48};2;{r};{g};{b}"
    if system == "256":
        return f"{38 if foreground else 48};5;{eight_bit(r, g, b)}"
    from rich.color import Color, ColorSystem  # (16 colours: Rich's palette matching)

    codes = Color.from_rgb(r, g, b).downgrade(ColorSystem.STANDARD).get_ansi_codes(foreground)
    return ";".join(codes)


def encode(runs: list[Run], palette: Mapping[str, str], system: str, mono: bool = False) -> str:
    """The escape sequences that paint ``runs`` (cursor hidden, nothing left to scroll)."""
    out = [HIDE_CURSOR]
    cache: dict[tuple[str, str, bool], str] = {}
    for y, x, text, fg, bg, bold in runs:
        key = (fg, bg, bold)
        style = cache.get(key)
        if style is None:
            parts = ["0", "1"] if bold else ["0"]
            parts.append(_sgr(palette[fg], system, True, mono))
            parts.append(_sgr(palette[bg], system, False, mono))
            style = cache[key] = "\x1b[" + ";".join(parts) + "m"
        out.append(f"\x1b[{y + 1};{x + 1}H{style}{text}")
    out.append("\x1b[0m")
    return "".join(out)


def wanted(env: Mapping[str, str]) -> bool:
    """The command line may draw the splash (a terminal on all three streams, see above)."""
    if os.name != "posix" or env.get("AUDITOR_SPLASH", "1") in ("0", "no", "off", "false"):
        return False
    if env.get("TEXTUAL_DRIVER") or env.get("TEXTUAL_FILTERS") or color_system(env) is None:
        return False
    streams = (sys.stdin, sys.stdout, sys.stderr)
    if streams != (sys.__stdin__, sys.__stdout__, sys.__stderr__):
        return False  # redirected in-process (pytest's capture, contextlib.redirect_*)
    try:
        return all(s is not None and os.isatty(s.fileno()) for s in streams)
    except (AttributeError, ValueError, OSError):
        return False


class Splash:
    """The first frame drawn before Textual, and the way back if Textual never takes over."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        #: written, and Textual's driver has not started yet: ours to undo
        self.active = False
        #: the next ``ESC[?1049h`` of Textual's driver is dropped (we are in it already)
        self.skip_alt_screen = False
        self._handlers: dict[int, Any] = {}
        #: the terminal's modes before echo was turned off (keys typed during the splash are
        #: kept for Textual, not echoed over the frame)
        self._modes: tuple[int, list[Any]] | None = None

    @classmethod
    def show(cls, path: str, theme: str, env: Mapping[str, str] | None = None) -> Splash | None:
        """Draw the first frame for ``path`` in ``theme``; None when it is not drawn."""
        env = os.environ if env is None else env
        palette = PALETTES.get(theme)
        system = color_system(env)
        if palette is None or system is None or not wanted(env):
            return None
        if not os.path.isdir(path):
            return None  # the app says what is wrong with it: no "Auditing PATH …" first
        fd = sys.__stderr__.fileno()  # type: ignore[union-attr]  # (checked by wanted)
        import shutil

        # as Textual's driver measures it (COLUMNS / LINES first, then stdout)
        cols, rows = shutil.get_terminal_size(fallback=(0, 0))
        if cols <= 0 or rows <= 0:
            return None
        colours = palette_colours(palette)
        runs = layout(cols, rows, target_label(path))
        if not runs:
            return None
        splash = cls(fd)
        splash._catch_signals()
        splash.active = splash.skip_alt_screen = True
        try:
            splash._quiet_echo()
            data = encode(runs, colours, system, mono="NO_COLOR" in env)
            splash._write(ALT_SCREEN_ON + data)
        except OSError:  # (a terminal that will not take it: the app as without a splash)
            splash.restore()
            return None
        except BaseException:
            splash.restore()
            raise
        return splash

    def _write(self, data: str) -> None:
        view = memoryview(data.encode("utf-8"))
        while view:
            view = view[os.write(self.fd, view) :]

    def _quiet_echo(self) -> None:
        import termios

        tty = sys.__stdin__.fileno()  # type: ignore[union-attr]  # (a terminal: see wanted)
        try:
            modes = termios.tcgetattr(tty)
            quiet = list(modes)
            quiet[3] &= ~termios.ECHO
            termios.tcsetattr(tty, termios.TCSANOW, quiet)
        except termios.error:
            return
        self._modes = (tty, modes)

    def _give_back_echo(self) -> None:
        """The terminal's modes as they were, before Textual reads them (it restores to
        those on exit) or before the command line prints anything."""
        if self._modes is not None:
            import termios

            tty, modes = self._modes
            self._modes = None
            try:
                termios.tcsetattr(tty, termios.TCSANOW, modes)
            except termios.error:
                pass

    def _catch_signals(self) -> None:
        """SIGTERM / SIGHUP before Textual is up: unwind (``SystemExit``) so the terminal is
        restored, instead of dying in the alternate screen with the cursor hidden."""

        def leave(signum: int, frame: object) -> None:
            raise SystemExit(128 + signum)

        def suspend(signum: int, frame: object) -> None:
            # ctrl+z: the splash is taken down (Textual enters the alternate screen itself
            # when it starts, after fg), then the process stops as it would have
            self.restore()
            os.kill(os.getpid(), signal.SIGTSTP)

        for sig, handler in (
            (signal.SIGTERM, leave),
            (signal.SIGHUP, leave),
            (signal.SIGTSTP, suspend),
        ):
            try:
                previous = signal.getsignal(sig)
                if previous in (signal.SIG_DFL, None):
                    self._handlers[sig] = previous
                    signal.signal(sig, handler)
            except (ValueError, OSError):  # not the main thread
                pass

    def _release_signals(self) -> None:
        for sig, previous in self._handlers.items():
            try:
                signal.signal(sig, previous if previous is not None else signal.SIG_DFL)
            except (ValueError, OSError):
                pass
        self._handlers.clear()

    def hand_over(self) -> None:
        """Textual's driver has started: the terminal is its to restore from now on."""
        self._give_back_echo()
        self._release_signals()
        self.active = False

    def restore(self) -> None:
        """Undo the splash if Textual never took over (idempotent)."""
        self._give_back_echo()
        self._release_signals()
        if self.active:
            self.active = False
            self.skip_alt_screen = False
            try:
                self._write("\x1b[0m" + SHOW_CURSOR + ALT_SCREEN_OFF)
            except OSError:
                pass

    def driver_class(self) -> type:
        """Textual's Linux driver, told that the splash holds the alternate screen."""
        from textual.drivers.linux_driver import LinuxDriver

        splash = self

        class SplashDriver(LinuxDriver):
            def start_application_mode(self) -> None:
                # the terminal's modes as they were before Textual reads them to restore
                splash._give_back_echo()
                splash._release_signals()
                try:
                    super().start_application_mode()
                finally:  # (after a suspend, ctrl+z, the terminal is on its normal screen)
                    splash.skip_alt_screen = False
                splash.hand_over()  # (had it raised, the splash would still be ours to undo)

            def write(self, data: str) -> None:
                if splash.skip_alt_screen and data == ALT_SCREEN_ON:
                    splash.skip_alt_screen = False
                    return
                super().write(data)

        return SplashDriver
