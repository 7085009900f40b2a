"""The first frame drawn before Textual (``auditor.tui.splash``): cell for cell Textual's own,
drawn only in a terminal, and always undone when Textual does not take over.

``python -m tests.test_splash`` prints the palette table of ``auditor/tui/splash.py``.
"""

from __future__ import annotations

import asyncio
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from auditor.tui import splash
from auditor.tui.splash import PALETTE_FIELDS, PALETTES, Splash, layout

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_projects" / "drifting_service"
Cell = tuple[str, str | None, str | None, bool]


def textual_first_frame(theme: str, cols: int, rows: int, path: Path) -> dict:
    """Textual's first frame of the app on ``path``, before the audit starts: (row, column) ->
    (character, foreground hex, background hex, bold)."""
    from auditor.tui.app import AuditorApp

    async def go() -> dict:
        app = AuditorApp(str(path), theme=theme)
        app.begin = lambda: None  # type: ignore[method-assign]  # the first frame, not the audit
        async with app.run_test(size=(cols, rows)) as pilot:
            # the frame once it stops changing: on a loaded machine one pause can come before
            # the header has its title, which is not the frame a terminal keeps showing
            grid: dict[tuple[int, int], Cell] = {}
            for _ in range(20):
                await pilot.pause()
                latest = frame(app)
                if latest == grid:
                    break
                grid = latest
        return grid

    return asyncio.run(go())


def frame(app: Any) -> dict:
    """What the app's screen shows now: (row, column) -> (character, fg hex, bg hex, bold)."""
    grid: dict[tuple[int, int], Cell] = {}
    update = app.screen._compositor.render_update(full=True)
    for y, strips in enumerate(update.strips):
        x = 0
        for strip in strips:
            for seg in strip:
                style = seg.style
                fg = (
                    style.color.triplet.hex
                    if style and style.color and style.color.triplet
                    else None
                )
                bg = (
                    style.bgcolor.triplet.hex
                    if style and style.bgcolor and style.bgcolor.triplet
                    else None
                )
                for ch in seg.text:
                    grid[y, x] = (ch, fg, bg, bool(style and style.bold))
                    x += 1
    return grid


def palette_of(grid: dict, cols: int, rows: int) -> tuple[str | None, ...]:
    """The colours the splash names, read at 80x24 from where Textual paints them."""
    assert (cols, rows) == (80, 24)
    at = {
        "background": grid[1, 0][2],
        "header_bg": grid[0, 0][2],
        "header_fg": grid[0, 1][1],
        "header_sub": grid[0, 24][1],
        "surface": grid[4, 2][2],
        "accent": grid[3, 1][1],
        "text": grid[5, 4][1],
        "key": grid[5, 66][1],
        "footer_bg": grid[23, 40][2],
    }
    return tuple(at[f] for f in PALETTE_FIELDS)


def compare(theme: str, cols: int, rows: int, path: Path, label: str) -> list[str]:
    """Every cell the splash paints that Textual paints otherwise.  The splash's blanks are
    where Textual adds what the splash leaves out (the progress bar, "starting …", the keys of
    the footer): there only the background must be Textual's."""
    grid = textual_first_frame(theme, cols, rows, path)
    colours = splash.palette_colours(PALETTES[theme])
    wrong = []
    for (y, x), (ch, fg, bg, bold) in splash.cells(layout(cols, rows, label), cols, rows).items():
        want = grid.get((y, x))
        got: Cell = (ch, colours[fg], colours[bg], bold)
        if want is None:
            wrong.append(f"{y},{x}: nothing in Textual's frame")
        elif ch == " ":
            if want[2] != got[2]:  # a blank Textual fills in: its background only
                wrong.append(f"{y},{x}: {got} != {want}")
        elif want != got:
            wrong.append(f"{y},{x}: {got} != {want}")
    return wrong


def test_every_palette_is_textuals() -> None:
    """Each theme's colours are those Textual paints now (a Textual upgrade that changes them
    fails here: regenerate with ``python -m tests.test_splash``)."""
    from textual.theme import BUILTIN_THEMES

    for theme in BUILTIN_THEMES:
        got = palette_of(textual_first_frame(theme, 80, 24, SAMPLE), 80, 24)
        if theme in PALETTES:
            assert tuple(splash.palette_colours(PALETTES[theme]).values()) == got, theme
        else:
            assert None in got, f"{theme} has colours now: add it"


@pytest.mark.parametrize(
    ("theme", "cols", "rows"),
    [
        ("textual-dark", 80, 24),
        ("textual-dark", 160, 48),
        ("textual-light", 80, 24),
        ("textual-light", 120, 40),
        ("nord", 100, 30),
        ("solarized-light", 80, 24),
        ("textual-dark", 99, 20),
        ("textual-dark", 60, 16),
        ("textual-dark", 100, 20),
        ("textual-dark", 80, 14),
        ("textual-dark", 120, 18),
    ],
)
def test_the_splash_is_textuals_first_frame(theme: str, cols: int, rows: int) -> None:
    # ``auditor .`` in the sample: the label is its name wherever the checkout is (an absolute
    # path too long for the panel's title is not drawn: the checkout's own path would decide)
    label = "drifting_service"
    here = os.getcwd()
    try:
        os.chdir(SAMPLE)
        assert compare(theme, cols, rows, Path("."), label) == []
    finally:
        os.chdir(here)
    painted = splash.cells(layout(cols, rows, label), cols, rows)
    assert len(painted) == cols * rows  # the whole screen: nothing of the shell shows through


def test_too_small_for_the_panel_nothing_is_drawn() -> None:
    assert layout(80, 13, "x") == [] and layout(120, 17, "x") == []
    assert layout(80, 14, "x") and layout(120, 18, "x")  # (both in Textual's: just no scroll)


def test_a_title_that_does_not_fit_is_left_to_textual() -> None:
    """The header's title too long: the rest is drawn; the panel's: nothing is (it wraps)."""
    label = "x" * 47  # the header has 80 - 18 = 62 columns: 15 + 3 + 47 do not fit
    runs = layout(80, 24, label)
    assert any("Auditing" in r[2] for r in runs)
    assert not any("fastapi-auditor" in r[2] for r in runs)
    assert layout(80, 24, "x" * 49) and not layout(80, 24, "x" * 50)  # 72 - 12 columns
    assert not layout(80, 24, "données")  # (widths of non-ASCII text not reckoned here)


def test_the_label_is_the_apps() -> None:
    here = os.getcwd()
    try:
        os.chdir(SAMPLE)
        assert splash.target_label(".") == "drifting_service"
    finally:
        os.chdir(here)
    assert splash.target_label("some/path") == "some/path"
    from auditor.tui.app import AuditorApp

    try:
        os.chdir(SAMPLE)
        for path in (".", "..", "./", str(SAMPLE), f"{SAMPLE}/", "../drifting_service/."):
            assert splash.target_label(path) == AuditorApp(path).target_label, path
    finally:
        os.chdir(here)


def test_colour_systems_are_richs() -> None:
    from rich.console import Console

    for env in (
        {"TERM": "xterm-256color"},
        {"TERM": "xterm-256color", "COLORTERM": "truecolor"},
        {"TERM": "xterm"},
        {"TERM": "screen-16color"},
        {"TERM": "xterm-kitty"},
        {"TERM": "tmux-256color", "COLORTERM": "24bit"},
    ):
        console = Console(force_terminal=True, _environ=env)
        assert splash.color_system(env) == console.color_system, env
    assert splash.color_system({"TERM": "dumb"}) is None
    assert (
        splash.color_system({"TERM": "xterm", "TEXTUAL_COLOR_SYSTEM": "truecolor"}) == "truecolor"
    )


def test_256_colours_are_richs_downgrade() -> None:
    from rich.color import Color, ColorSystem

    colours = {c for p in PALETTES.values() for c in splash.palette_colours(p).values()}
    colours |= {f"#{v:02x}{v:02x}{v:02x}" for v in range(0, 256, 5)}
    colours |= {"#ff0000", "#00ff00", "#0000ff", "#5f87af", "#123456", "#fea62b"}
    for hex_colour in sorted(colours):
        want = Color.parse(hex_colour).downgrade(ColorSystem.EIGHT_BIT).number
        assert splash.eight_bit(*Color.parse(hex_colour).triplet) == want, hex_colour  # type: ignore[misc]


def test_the_theme_is_read_as_the_preferences_read_it(tmp_path: Path) -> None:
    from auditor.tui import prefs

    where = tmp_path / "app.json"
    for text in ('{"theme": "nord"}', '{"theme": 3}', "[1]", "not json", '{"sort": "check"}'):
        where.write_text(text)
        assert splash.remembered_theme(str(where)) == prefs.load(where).theme, text
    assert splash.remembered_theme(str(tmp_path / "none.json")) is None
    env = {"AUDITOR_CONFIG_DIR": str(tmp_path)}
    assert prefs.default_path(env) == Path(splash.prefs_file(env)) == where


def test_not_drawn_outside_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under pytest the streams are captured (not the process's own): never drawn; nor with
    TERM=dumb, AUDITOR_SPLASH=0 or another Textual driver, whatever the streams."""
    env = {"TERM": "xterm-256color"}
    assert not splash.wanted(env)
    assert Splash.show(str(SAMPLE), "textual-dark", env) is None
    monkeypatch.setattr(splash, "wanted", lambda env: True)
    import shutil

    monkeypatch.setattr(shutil, "get_terminal_size", lambda fallback: os.terminal_size((80, 24)))
    for bad in ({"TERM": "dumb"}, {"TERM": "xterm", "TEXTUAL_COLOR_SYSTEM": "none"}):
        assert Splash.show(str(SAMPLE), "textual-dark", bad) is None
    assert Splash.show(str(SAMPLE), "textual-ansi", env) is None  # colours not known
    assert Splash.show(str(SAMPLE / "missing"), "textual-dark", env) is None  # the app says


def test_a_terminal_that_refuses_the_write_gets_no_splash(monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    monkeypatch.setattr(splash, "wanted", lambda env: True)
    monkeypatch.setattr(shutil, "get_terminal_size", lambda fallback: os.terminal_size((80, 24)))
    monkeypatch.setattr(Splash, "_quiet_echo", lambda self: None)

    def refuse(self: Splash, data: str) -> None:
        raise BlockingIOError(11, "would block")

    monkeypatch.setattr(Splash, "_write", refuse)
    assert Splash.show(str(SAMPLE), "textual-dark", {"TERM": "xterm-256color"}) is None


def test_wanted_reads_the_real_streams(monkeypatch: pytest.MonkeyPatch) -> None:
    env = {"TERM": "xterm-256color"}
    assert not splash.wanted(dict(env, AUDITOR_SPLASH="0"))
    assert not splash.wanted(dict(env, TEXTUAL_DRIVER="x:y"))
    monkeypatch.setattr(sys, "stdout", sys.__stdout__)
    monkeypatch.setattr(sys, "stderr", sys.__stderr__)
    monkeypatch.setattr(sys, "stdin", sys.__stdin__)
    monkeypatch.setattr(splash.os, "isatty", lambda fd: False)
    assert not splash.wanted(env)


def test_restore_undoes_it_until_textual_takes_over(tmp_path: Path) -> None:
    r, w = os.pipe()
    try:
        s = Splash(w)
        s.active = s.skip_alt_screen = True
        s.restore()
        s.restore()  # once
        os.close(w)
        assert os.read(r, 1000) == b"\x1b[0m\x1b[?25h\x1b[?1049l"
        taken = Splash(-1)
        taken.active = True
        taken.hand_over()
        taken.restore()  # nothing to write (an fd of -1 would raise)
        assert not taken.active
    finally:
        os.close(r)


def test_ctrl_z_takes_the_splash_down_before_stopping(monkeypatch: pytest.MonkeyPatch) -> None:
    import signal

    killed: list[int] = []
    monkeypatch.setattr(splash.os, "kill", lambda pid, sig: killed.append(sig))
    r, w = os.pipe()
    try:
        s = Splash(w)
        s.active = s.skip_alt_screen = True
        s._catch_signals()
        handler = signal.getsignal(signal.SIGTSTP)
        assert callable(handler)
        handler(signal.SIGTSTP, None)
        assert killed == [signal.SIGTSTP]
        assert signal.getsignal(signal.SIGTSTP) == signal.SIG_DFL
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
        assert not s.active and not s.skip_alt_screen  # Textual enters it itself after fg
        os.close(w)
        assert os.read(r, 1000).endswith(b"\x1b[?1049l")
    finally:
        os.close(r)


def test_no_color_is_textuals_monochrome() -> None:
    from textual.color import Color

    for palette in PALETTES.values():
        for hex_colour in splash.palette_colours(palette).values():
            grey = Color.parse(hex_colour).monochrome
            assert splash._sgr(hex_colour, "truecolor", True, mono=True) == (
                f"38;2;{grey.r};{grey.g};{grey.b}"
            )


def test_the_driver_drops_only_the_first_alt_screen() -> None:
    from textual.drivers.linux_driver import LinuxDriver

    s = Splash(-1)
    s.active = s.skip_alt_screen = True
    driver_class = s.driver_class()
    assert issubclass(driver_class, LinuxDriver)
    written: list[str] = []
    driver = driver_class.__new__(driver_class)
    LinuxDriver.write.__get__(driver)  # (the real write needs a running writer thread)
    driver_class.__bases__[0].write = lambda self, data: written.append(data)  # type: ignore[method-assign]
    try:
        driver.write("\x1b[?1049h")
        driver.write("\x1b[?1049h")
    finally:
        del driver_class.__bases__[0].write
    assert written == ["\x1b[?1049h"]
    # Textual writes the alternate screen on its own: the string the driver drops
    import inspect

    assert 'self.write("\\x1b[?1049h")' in inspect.getsource(LinuxDriver.start_application_mode)


# -- in a real pseudo-terminal -------------------------------------------------------------------


def _run_in_pty(
    args: list[str],
    env: dict[str, str],
    keys: list[tuple[float, bytes]],
    after: bytes = b"",
    modes: list | None = None,
) -> bytes:
    """``python -m auditor ARGS`` in a 80x24 pseudo-terminal; ``keys`` typed at those times
    (counted from when ``after`` is first written); the terminal's modes at the end in
    ``modes``."""
    import fcntl
    import struct
    import termios

    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(SAMPLE.parent)  # the sample named relatively: a short title wherever ROOT is
        # as from a fresh shell: a signal the test run blocks or ignores (a worker pool's, a
        # thread's) would be inherited through exec and keep Ctrl-C from the command
        signal.pthread_sigmask(signal.SIG_SETMASK, [])
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGTSTP, signal.SIGQUIT):
            signal.signal(sig, signal.SIG_DFL)
        os.execvpe(sys.executable, [sys.executable, "-m", "auditor", *args], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    out, t0, pending = b"", time.monotonic(), list(keys)
    status = None
    seen: float | None = None
    while time.monotonic() - t0 < 30:
        if seen is None and after in out:
            seen = time.monotonic()
        if pending and seen is not None and time.monotonic() - seen >= pending[0][0]:
            os.write(fd, pending.pop(0)[1])
        if select.select([fd], [], [], 0.02)[0]:
            try:
                out += os.read(fd, 65536)
            except OSError:
                pass
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
    else:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    try:
        while select.select([fd], [], [], 0.05)[0]:
            out += os.read(fd, 65536)
    except OSError:
        pass
    if modes is not None:
        modes.extend(termios.tcgetattr(fd))
    os.close(fd)
    assert status is not None
    return out + f"\nEXIT {os.waitstatus_to_exitcode(status)}".encode()


#: what the command's environment keeps from the test run's: anything else an earlier test
#: may have left in ``os.environ`` (a theme, a Textual driver or filter, a colour system) would
#: change whether and how the first frame is drawn
_KEPT = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "USER", "LOGNAME", "SYSTEMROOT")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in _KEPT}
    env.update(TERM="xterm-256color", COLUMNS="80", LINES="24", **extra)
    return env


@pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals")
def test_in_a_terminal_the_splash_comes_first_and_textual_keeps_its_screen(tmp_path: Path) -> None:
    out = _run_in_pty(
        ["drifting_service", "--no-cache", "--isolated"],
        _env(AUDITOR_CONFIG_DIR=str(tmp_path)),
        [(4.0, b"q")],
    )
    assert out.endswith(b"EXIT 0"), out[-300:]
    first = out.index(b"\x1b[?1049h")
    assert out.count(b"\x1b[?1049h") == 1  # Textual's own was dropped: no second clear
    splash_part = out[first : out.index(b"\x1b[?1000h")]  # up to Textual's first write
    assert b"Auditing " in splash_part and b"fastapi-auditor" in splash_part
    assert out.rindex(b"\x1b[?1049l") > out.rindex(b"Auditing")  # back to the normal screen


@pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals")
def test_a_key_typed_during_the_splash_is_textuals_and_not_echoed(tmp_path: Path) -> None:
    """``q`` while Textual is still being imported: not printed over the frame, read by the
    app once it is up (it quits), and the terminal's echo is back on afterwards."""
    import termios

    modes: list = []
    out = _run_in_pty(
        ["drifting_service", "--no-cache"],
        _env(AUDITOR_CONFIG_DIR=str(tmp_path)),
        [(0.0, b"q")],
        after=b"esc",
        modes=modes,
    )
    assert out.endswith(b"EXIT 0"), out[-300:]
    between = out[out.index(b"esc") : out.index(b"\x1b[?1000h")]
    assert b"q" not in between.replace(b"esc cancel", b"")
    assert modes[3] & termios.ECHO


@pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals")
def test_ctrl_c_before_textual_is_up_restores_the_terminal(tmp_path: Path) -> None:
    """Ctrl-C while Textual is still being imported: the alternate screen is left, the cursor
    shown, and the command ends quietly with 130."""
    # makes the Textual import slow enough to hit, with room for a loaded machine to see the
    # splash late (the key interrupts the sleep: the test takes a second, not ten)
    slow = tmp_path / "sitecustomize.py"
    slow.write_text(
        "import sys, time\n"
        "class Slow:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'textual.app':\n"
        "            time.sleep(10)\n"
        "        return None\n"
        "sys.meta_path.insert(0, Slow())\n"
    )
    env = _env(AUDITOR_CONFIG_DIR=str(tmp_path), PYTHONPATH=f"{tmp_path}{os.pathsep}{ROOT}")
    import termios

    # up to three tries: in some first runs of the whole suite in a fresh clone the key
    # reached a running app instead (exit 0; cause not found, see the stop 28 note); a
    # command that mishandles Ctrl-C fails all three
    for _ in range(3):
        modes: list = []
        out = _run_in_pty(
            ["drifting_service", "--no-cache"], env, [(0.3, b"\x03")], after=b"esc", modes=modes
        )
        if out.endswith(b"EXIT 130"):
            break
    assert out.endswith(b"EXIT 130"), out[-300:]
    assert modes[3] & termios.ECHO
    assert b"Auditing " in out
    assert out.rstrip(b"\nEXIT 130").endswith(b"\x1b[?25h\x1b[?1049l") or re.search(
        rb"\x1b\[\?25h\x1b\[\?1049l\s*(\^C)?\s*$", out.rsplit(b"\nEXIT", 1)[0]
    ), out[-200:]
    assert b"Traceback" not in out


@pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals")
def test_an_error_before_textual_prints_on_the_normal_screen(tmp_path: Path) -> None:
    broken = tmp_path / "sitecustomize.py"
    broken.write_text(
        "import sys\n"
        "class Broken:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'textual.app':\n"
        "            raise ImportError('no textual here')\n"
        "        return None\n"
        "sys.meta_path.insert(0, Broken())\n"
    )
    env = _env(AUDITOR_CONFIG_DIR=str(tmp_path), PYTHONPATH=f"{tmp_path}{os.pathsep}{ROOT}")
    out = _run_in_pty(["drifting_service", "--no-cache"], env, [])
    assert out.endswith(b"EXIT 1"), out[-300:]
    leave = out.rindex(b"\x1b[?1049l")
    assert b"Auditing " in out[:leave]
    assert b"no textual here" in out[leave:]  # the traceback, after the normal screen is back


def test_piped_output_draws_nothing(tmp_path: Path) -> None:
    """``auditor PATH | cat`` is the headless audit: no escape sequence at all."""
    done = subprocess.run(
        [sys.executable, "-m", "auditor", str(SAMPLE), "--no-cache", "--format", "json"],
        capture_output=True,
        cwd=ROOT,
        env=_env(AUDITOR_CONFIG_DIR=str(tmp_path)),
        timeout=120,
    )
    assert b"\x1b[" not in done.stdout and b"\x1b[" not in done.stderr


if __name__ == "__main__":  # the palette table, from Textual's own first frames
    from textual.theme import BUILTIN_THEMES

    for name in BUILTIN_THEMES:
        colours = palette_of(textual_first_frame(name, 80, 24, SAMPLE), 80, 24)
        if None not in colours:
            print(f'    "{name}": "{" ".join(c[1:] for c in colours if c)}",')
