"""The app's first frame against a bare Textual app's, measured in the same run, in turn.

    python benchmarks/first_frame.py TREE [--repeat 15] [--baseline DIR]

Each run is a fresh process in a 120x40 pseudo-terminal, with bytecode cached as in an
installed package (a private ``PYTHONPYCACHEPREFIX``, compiled by a first run that is not
counted).  The variants, interleaved run by run:

  bare   a Textual app showing one line of text (what Textual alone needs here)
  app    ``python -m auditor TREE`` (the app; its audit starts after the first frame)
  base   the same with ``--baseline DIR``: another checkout, through ``PYTHONPATH``
         (``git archive main | tar -x -C /tmp/base``)

Times are seconds from just before the fork to each point, the medians of the runs with the
fastest and slowest: ``start`` the interpreter is up (site imported), ``splash`` the app's
own first frame is written before Textual is imported (``auditor.tui.splash``; blank when
none is drawn), ``run`` ``App.run`` is called (every import of Textual's first frame done,
the command line parsed), ``mode`` the terminal is in application mode, ``textual``
Textual's own first frame (its first compositor update) is written, and ``seen`` the first
frame is read from the terminal: what the user sees first, the splash when there is one
(the benchmark's ``frame`` row).  ``seen`` needs no patch; the other points are taken by
patching Textual (and the splash) as the measured process imports them, from a prelude that
imports nothing else.  The machine is shared: run it at a quiet moment and read the medians.
"""

from __future__ import annotations

import argparse
import os
import pty
import re
import select
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

POINTS = ("start", "splash", "run", "mode", "textual", "seen")

#: Run first in each measured process: the trace points, then the variant's code.
PRELUDE = r"""
import os, sys, time
_trace = open(os.environ["FF_TRACE"], "a", buffering=1)
def _mark(name):
    _trace.write(f"{name} {time.monotonic()}\n")
_mark("start")
# Patched when the measured code imports them, not here: importing Textual in the prelude
# would put its cost before anything the app draws without it (the splash).
def _patch_app(m):
    _run, _display = m.App.run, m.App._display
    def run(self, *a, **k):
        _mark("run")
        return _run(self, *a, **k)
    _shown = []
    def display(self, screen, renderable):
        _display(self, screen, renderable)
        if renderable is not None and not _shown and self._driver is not None and not self._batch_count:
            _shown.append(1)
            _mark("textual")
    m.App.run, m.App._display = run, display
def _patch_driver(m):
    _mode = m.LinuxDriver.start_application_mode
    def start_application_mode(self):
        _mode(self)
        _mark("mode")
    m.LinuxDriver.start_application_mode = start_application_mode
def _patch_splash(m):
    _show = m.Splash.__dict__["show"].__func__
    def show(cls, *a, **k):
        drawn = _show(cls, *a, **k)
        if drawn is not None:
            _mark("splash")
        return drawn
    m.Splash.show = classmethod(show)
_PATCHES = {"textual.app": _patch_app, "textual.drivers.linux_driver": _patch_driver,
            "auditor.tui.splash": _patch_splash}
class _Patcher:
    def find_spec(self, name, path=None, target=None):
        if name not in _PATCHES:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        exec_module = spec.loader.exec_module
        def patched(module):
            exec_module(module)
            _PATCHES[name](module)
        spec.loader.exec_module = patched
        return spec
sys.meta_path.insert(0, _Patcher())
"""

BARE = r"""
from textual.app import App
from textual.widgets import Static
class Bare(App):
    BINDINGS = [("q", "quit")]
    def compose(self):
        yield Static("Hello")
Bare().run()
"""

APP = r"""
import runpy
sys.argv = ["auditor", *sys.argv[1:]]
runpy.run_module("auditor", run_name="__main__")
"""


def _visible(data: bytes) -> bytes:
    return re.sub(
        rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])", b"", data
    )


def once(code: str, args: list[str], env: dict[str, str], trace: Path) -> dict[str, float]:
    """One run: seconds from the fork to each trace point, and to the frame read."""
    trace.write_text("")
    env = dict(env, FF_TRACE=str(trace), TERM="xterm-256color", COLUMNS="120", LINES="40")
    t0 = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:  # the child
        os.chdir(tempfile.gettempdir())
        os.execvpe(sys.executable, [sys.executable, "-c", PRELUDE + code, *args], env)
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    seen, out = None, b""
    deadline = t0 + 60
    while seen is None and time.monotonic() < deadline:
        if select.select([fd], [], [], 0.01)[0]:
            try:
                out += os.read(fd, 65536)
            except OSError:
                break
            at = out.find(b"\x1b[?1049h")
            if at >= 0 and any(32 < b < 127 and b != 0x5B for b in _visible(out[at + 8 :])):
                seen = time.monotonic() - t0
    time.sleep(0.3)
    os.write(fd, b"q")
    end = time.monotonic() + 30
    while not os.waitpid(pid, os.WNOHANG)[0]:
        if time.monotonic() > end:
            os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            break
        if select.select([fd], [], [], 0.02)[0]:
            try:
                os.read(fd, 65536)
            except OSError:
                pass
    os.close(fd)
    row = {}
    for line in trace.read_text().splitlines():
        name, at = line.split()
        row.setdefault(name, float(at) - t0)
    if seen is not None:
        row["seen"] = seen
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tree", type=Path, help="the folder the app audits")
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--baseline", type=Path, help="another checkout, measured in turn")
    args = ap.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory(prefix="first-frame-") as tmp:
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        env["AUDITOR_CONFIG_DIR"] = str(Path(tmp) / "config")
        trace = Path(tmp) / "trace"
        app_args = [str(args.tree.resolve()), "--cache-dir", str(Path(tmp) / "cache")]
        variants = {"bare": (BARE, [], env)}
        if args.baseline:
            base = dict(env, PYTHONPATH=str(args.baseline.resolve()))
            variants[f"app, baseline ({args.baseline})"] = (APP, app_args, base)
        variants["app"] = (APP, app_args, env)
        for code, extra, venv in variants.values():  # compile the bytecode: not counted
            once(code, extra, venv, trace)
        rows: dict[str, list[dict[str, float]]] = {name: [] for name in variants}
        for _ in range(args.repeat):
            for name, (code, extra, venv) in variants.items():
                rows[name].append(once(code, extra, venv, trace))
    load = os.getloadavg()[0]
    print(f"{args.repeat} runs each, Python {sys.version.split()[0]}, load after: {load:.2f}\n")
    print("| variant | " + " | ".join(POINTS) + " |")
    print("|---" * (len(POINTS) + 1) + "|")
    for name, runs in rows.items():
        cells = []
        for point in POINTS:
            vals = [r[point] for r in runs if point in r]
            cells.append(
                f"{statistics.median(vals):.3f} ({min(vals):.3f}–{max(vals):.3f})" if vals else ""
            )
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
