"""The Textual app: a navigable scorecard of the audit, with explanations, fixes and exports.

``AuditorApp(path, options)`` audits ``path`` in a background thread (the engine is
synchronous) that posts progress messages; ``AuditorApp(report=..., structure=..., root=...)``
opens on a ready report (tests, or a report audited elsewhere).  The app owns the report, the
view filter, the sort and the grouping; screens read them and are told to rebuild when they
change.  ``r`` re-runs in place: every screen stays, keeps its finding where it still exists,
and marks the ones that are gone.

The first frame waits for nothing but Textual: the engine, pydantic and the catalogue are
imported by the audit thread after the scorecard is on screen.
"""

from __future__ import annotations

import os
import re
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.theme import BUILTIN_THEMES

from auditor.tui.model import (
    GROUPINGS,
    SEVERITY_STEPS,
    SORT_COLUMNS,
    Scope,
    View,
    ViewFilter,
    default_export_name,
    folder_label,
    match_findings,
    plural,
)
from auditor.tui.prefs import Prefs
from auditor.tui.prefs import save as save_prefs
from auditor.tui.screens.base import ReportScreen
from auditor.tui.screens.scorecard import ScorecardScreen
from auditor.tui.widgets import ScanPanel, phase_text

if TYPE_CHECKING:  # pragma: no cover
    from auditor.apply import PassResult
    from auditor.engine import AuditResult, Options, Progress, ProgressCallback
    from auditor.report import Finding, Report
    from auditor.tui import DeferredOptions
    from auditor.tui.screens.structure import Structure
    from auditor.tui.splash import Splash

AuditFn = Callable[[str, "Options", "ProgressCallback"], "AuditResult"]


class ScanCancelled(Exception):
    """Raised from the progress callback to stop a cancelled audit."""


class ScanProgress(Message):
    def __init__(self, generation: int, progress: Progress) -> None:
        super().__init__()
        self.generation, self.progress = generation, progress


class ScanFinished(Message):
    def __init__(self, generation: int, outcome: ScanOutcome) -> None:
        super().__init__()
        self.generation, self.outcome = generation, outcome


class ScanFailed(Message):
    def __init__(self, generation: int, kind: str, error: str) -> None:
        super().__init__()
        self.generation, self.kind, self.error = generation, kind, error


class FixesApplied(Message):
    def __init__(self, result: PassResult | None, error: str | None = None) -> None:
        super().__init__()
        self.result, self.error = result, error


def _commands() -> type:
    """The palette's provider, imported when the palette first opens (not for the first frame)."""
    from auditor.tui.commands import AuditorCommands

    return AuditorCommands


def _default_audit(path: str, options: Options, progress: ProgressCallback) -> AuditResult:
    from auditor.engine import audit

    return audit(path, options, progress=progress)


def _diff_audit(base: str) -> AuditFn:
    """The audit of ``--diff BASE``: the work tree's result, carrying the diff report."""

    def run(path: str, options: Options, progress: ProgressCallback) -> AuditResult:
        import dataclasses

        from auditor.diff import audit_diff

        diff = audit_diff(path, base, options, progress)
        return dataclasses.replace(diff.head, report=diff.report)

    return run


def structure_of(project: Any) -> Structure:
    """The structure view's data, from the project model's layout."""
    from auditor.project import DOMAIN_MODULES
    from auditor.tui.screens.structure import Structure

    layout = project.layout
    matrix = tuple((d, tuple(has[m] for m in DOMAIN_MODULES)) for d, has in layout.matrix())
    layers: dict[str, int] = {}
    if layout.kind == "layered":
        names = {
            "endpoints",
            "routers",
            "routes",
            "schemas",
            "models",
            "services",
            "crud",
            "repositories",
            "api",
        }
        for p, m in sorted(project.by_path.items()):
            if m.file_class != "app" or "/" not in p:
                continue
            folder = p.rsplit("/", 1)[0]
            if folder.rsplit("/", 1)[-1] in names:
                layers[folder] = layers.get(folder, 0) + 1
    return Structure(
        kind=layout.kind,
        root=layout.root,
        modules=DOMAIN_MODULES,
        matrix=matrix,
        layers=tuple(sorted(layers.items())),
    )


@dataclass(frozen=True)
class ScanOutcome:
    """What the app keeps of an audit, all of it computed in the audit's thread.

    An audit answered from the whole-audit cache builds its project model only when something
    first asks for it (1-2 s on a 3,000-file tree): the structure view's data and the source
    reader are taken here, so the UI thread never touches ``result.project``.
    """

    report: Report
    read: Callable[[str], str | None] | None
    structure: Structure | None

    @classmethod
    def of(cls, result: AuditResult) -> ScanOutcome:
        project = result.project
        try:
            structure: Structure | None = structure_of(project)
        except Exception:  # the structure view says it is unknown; the report still shows
            structure = None
        return cls(result.report, project.repo.read_text, structure)


def _classify(exc: BaseException) -> tuple[str, str]:
    """(kind, message) of an exception the audit raised: the problem screen it gets."""
    from auditor.config import ConfigError
    from auditor.diff import DiffError
    from auditor.repository import TargetError
    from auditor.selection import SelectionError

    if isinstance(exc, DiffError):
        return "diff", str(exc)
    if isinstance(exc, TargetError):
        return "target", str(exc)
    if isinstance(exc, ConfigError):
        return "config", str(exc)
    if isinstance(exc, SelectionError):
        return "selection", str(exc)
    return "crash", f"{exc.__class__.__name__}: {exc}"


#: The problem screens: (title, hint, exit code on q, whether r can help).
PROBLEMS: dict[str, tuple[str, str, int, bool]] = {
    "target": (
        "Not a folder to audit",
        "auditor [PATH] audits a folder (default: the current one) holding a FastAPI project.",
        2,
        True,
    ),
    "diff": (
        "Cannot compare with the base",
        "--diff BASE compares the work tree of a git repository with BASE: a branch, a tag "
        "or a commit git knows (in a shallow clone, fetch it first).",
        2,
        True,
    ),
    "config": (
        "The configuration is not valid",
        "Fix the project's [tool.auditor] (pyproject.toml) or auditor.toml, then press r; "
        "auditor config shows the effective configuration.",
        2,
        True,
    ),
    "selection": (
        "Unknown check ID",
        "--select / --ignore / --enable take check IDs or prefixes (the catalogue: auditor "
        "checks).  Quit and run again with the right IDs.",
        2,
        False,
    ),
    "crash": (
        "The audit failed",
        "This is a bug in fastapi-auditor: please report it.",
        2,
        True,
    ),
}


#: The app's stylesheet: every screen's rules.
CSS_FILE = Path(__file__).with_name("auditor.tcss")
#: What the first frame shows besides Textual's header and footer: the scan panel on the
#: scorecard, its placeholder and the status line.
FIRST_FRAME_SELECTORS = ("#scan-", "#status-line", "#scorecard", "#placeholder")


def first_frame_css(css: str) -> str:
    """The rules of ``css`` the first frame needs: ``Screen``'s and those naming one of
    :data:`FIRST_FRAME_SELECTORS` (14 of 83).  Parsing and matching the other rules took
    ~40 ms before the first frame (issue 12); the whole sheet replaces these after it."""
    text = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    kept = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
        selectors = " ".join(selectors.split())
        if selectors == "Screen" or any(s in selectors for s in FIRST_FRAME_SELECTORS):
            kept.append(f"{selectors} {{{body}}}")
    return "\n".join(kept)


class AuditorApp(App[int]):
    # The first frame's rules only: ``load_stylesheet`` reads the whole of auditor.tcss once
    # that frame is on screen (or before any other screen is pushed), in their place.
    CSS = first_frame_css(CSS_FILE.read_text(encoding="utf-8"))
    TITLE = "fastapi-auditor"
    COMMANDS = App.COMMANDS | {_commands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]

    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
        # priority: handled by the app before the key reaches the focused widget, so the keys
        # typed right after it land in the filter bar (check_action lets it through to inputs)
        Binding("slash", "filter", "Filter", key_display="/", priority=True),
        # priority too, and only while the filter bar is being typed in: the keys of a burst
        # (a paste, fast typing) are already queued for the input when escape or enter is
        # read, so closing the bar must happen here, in key order, not when the key bubbles
        Binding("escape", "close_filter(False)", show=False, priority=True),
        Binding("enter", "close_filter(True)", show=False, priority=True),
        Binding("s", "cycle_severity", "Severity", show=False),
        Binding("p", "toggle_passed", "Passed", show=False),
        Binding("n", "toggle_new", "New only", show=False),
        Binding("r", "rerun", "Re-run"),
        Binding("m", "structure", "Structure", show=False),
        Binding("e", "export", "Export"),
        Binding("S", "cycle_sort", "Sort", show=False),
        Binding("I", "invert_sort", "Invert sort", show=False),
        Binding("z", "cycle_grouping", "Grouping", show=False),
        Binding("1", "view('scorecard')", "Scorecard", show=False),
        Binding("2", "view('all')", "Findings", show=False),
        Binding("3", "view('files')", "Files", show=False),
        Binding("4", "view('errors')", "Not audited", show=False),
        Binding("5", "view('fixed')", "Fixed", show=False),
    ]

    filter_text: reactive[str] = reactive("")
    min_severity: reactive[str] = reactive("info")
    show_passed: reactive[bool] = reactive(False)
    only_new: reactive[bool] = reactive(False)
    sort_column: reactive[str] = reactive("severity")
    sort_reverse: reactive[bool] = reactive(False)
    grouping: reactive[str] = reactive("file")

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        options: Options | DeferredOptions | None = None,
        *,
        report: Report | None = None,
        structure: Structure | None = None,
        root: str | os.PathLike[str] | None = None,
        theme: str | None = None,
        audit_fn: AuditFn | None = None,
        cwd: str | os.PathLike[str] | None = None,
        diff_base: str | None = None,
        prefs: Prefs | None = None,
        prefs_path: Path | None = None,
        splash: Splash | None = None,
    ) -> None:
        if theme and theme in BUILTIN_THEMES:
            # The theme is set before App.__init__ reads it (its CSS variables, dark or light
            # classes and ANSI colours): set once the app runs, it has the whole stylesheet
            # parsed and applied again before the first frame (+16 ms, measured).
            self.set_reactive(App.theme, theme)
        # drawn before Textual was imported: its driver keeps that alternate screen
        super().__init__(driver_class=splash.driver_class() if splash is not None else None)
        self.diff_base = diff_base
        if path is None and report is None:
            path = "."
        self.target = None if path is None else str(path)
        self._options = options
        self.report: Report | None = None
        self.structure: Structure | None = structure
        self._initial_report = report
        self.root = Path(
            root if root is not None else (path if path is not None else report.target.root)  # type: ignore[union-attr]
        )
        self._reader: Callable[[str], str | None] | None = None
        self._audit_fn = audit_fn or (_diff_audit(diff_base) if diff_base else _default_audit)
        self.cwd = Path(cwd) if cwd is not None else None
        self.scanning = False
        self.scan_cancelled = False
        self.scan_status = ""
        self.applying = False
        self._generation = 0
        self._cancel: threading.Event | None = None
        self._threads: list[threading.Thread] = []
        self._view: View | None = None
        self._initial_theme = theme
        self.last_export: Path | None = None
        #: after a re-run: the new row key of each finding still there, and those now gone
        self.moved: dict[str, str] = {}
        self.resolved: list[Finding] = []
        # what the app remembers between runs (tests pass no path: nothing is written)
        self.prefs = prefs or Prefs()
        self.prefs_path = prefs_path
        self._loading_prefs = True
        self.min_severity = self.prefs.min_severity
        self.show_passed = self.prefs.show_passed
        self.sort_column = self.prefs.sort
        self.sort_reverse = self.prefs.sort_reverse
        self.grouping = self.prefs.grouping
        self._loading_prefs = False

    # -- inputs and derived state ------------------------------------------------------------------
    @property
    def options(self) -> Options:
        """The audit's options (built on first use: in the audit thread, after the first frame)."""
        from auditor.tui import DeferredOptions

        if isinstance(self._options, DeferredOptions):
            self._options = self._options.build()
        if self._options is None:
            from auditor.engine import Options

            self._options = Options()
        return self._options  # type: ignore[return-value]  # built above

    @property
    def scan_pending(self) -> bool:
        """The audit will start as soon as the first frame is on screen."""
        return self._initial_report is None and self._generation == 0 and self.target is not None

    @property
    def target_label(self) -> str:
        """The folder's name for ``auditor .``; the path as given otherwise."""
        root = self.report.target.root if self.report is not None else (self.target or "")
        try:
            resolved = str(self.root.resolve())
        except OSError:
            resolved = None
        return folder_label(root or str(self.root), resolved)

    @property
    def view_filter(self) -> ViewFilter:
        return ViewFilter(self.filter_text, self.min_severity, self.show_passed, self.only_new)

    @property
    def view(self) -> View:
        if (
            self._view is None
            or self._view.report is not self.report
            or self._view.filter != self.view_filter
        ):
            assert self.report is not None
            self._view = View(self.report, self.view_filter)
        return self._view

    def read_source(self, path: str) -> str | None:
        if self._reader is None:
            from auditor.exporters.markdown import reader_for

            self._reader = reader_for(self.root)
        try:
            return self._reader(path)
        except Exception:
            return None

    def get_default_screen(self) -> ScorecardScreen:
        return ScorecardScreen()

    def on_mount(self) -> None:
        chosen = self._initial_theme
        if chosen and chosen != self.theme and chosen in self.available_themes:
            self.theme = chosen  # a theme registered after __init__ (none built in)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        # the theme set above is a default, not a choice: only later changes are remembered
        self.call_after_refresh(setattr, self, "_theme_chosen", True)

    _theme_chosen = False

    def _theme_changed(self, theme: Any) -> None:
        self._refresh_screens()
        if self._theme_chosen:
            self._remember(theme=getattr(theme, "name", None) or self.theme)

    def _remember(self, **changes: object) -> None:
        if self._loading_prefs:
            return
        prefs = self.prefs.changed(**changes)
        if prefs != self.prefs:
            self.prefs = prefs
            save_prefs(self.prefs_path, prefs)

    def begin(self) -> None:
        """Called by the scorecard once it is on screen: show the ready report or start the audit."""
        if self._initial_report is not None:
            self.load_stylesheet()
            self.report = self._initial_report
            self._refresh_screens()
        else:
            self.start_scan()
            self.load_stylesheet()  # (while the audit thread imports the engine)

    _whole_stylesheet = False

    def load_stylesheet(self) -> None:
        """The whole of auditor.tcss in place of the first frame's rules (once).  The sheet is
        then what ``CSS_PATH = "auditor.tcss"`` gave: the same rules in the same order."""
        if self._whole_stylesheet:
            return
        self._whole_stylesheet = True
        sheet = self.stylesheet
        for key, source in list(sheet.source.items()):
            if key[1].endswith(".CSS") and source.content == AuditorApp.CSS:
                del sheet.source[key]
        sheet.read(CSS_FILE)
        sheet.parse()
        sheet.update(self)

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        self.load_stylesheet()  # (a key pressed before the first frame's refresh)
        return super().push_screen(*args, **kwargs)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the report's keys while there is no report to act on (or a problem is shown)."""
        needs_report = action in {
            "filter",
            "cycle_severity",
            "toggle_passed",
            "toggle_new",
            "structure",
            "export",
            "cycle_sort",
            "invert_sort",
            "cycle_grouping",
            "view",
        }
        if needs_report and (self.report is None or self._on_problem_screen()):
            return False
        if action == "filter" and (
            not isinstance(self.screen, ReportScreen) or self._typing_in_an_input()
        ):
            return False  # "/" is text there (a path in the filter or the export dialog)
        if action == "close_filter":
            return self._typing_in_the_filter() or False  # elsewhere the key is the screen's
        if action == "view" and parameters:
            kind = parameters[0]
            if kind == "fixed" and (self.report is None or self.report.diff is None):
                return False
            if kind == "errors" and (self.report is None or not self.report.errors):
                return None  # shown disabled: nothing is missing
        if (
            action == "rerun"
            and self._on_problem_screen()
            and not getattr(self.screen, "retry", True)
        ):
            return False  # running again with the same wrong --select cannot help
        if action == "toggle_new" and (self.report is None or self.report.diff is None):
            return None
        return True

    def _on_problem_screen(self) -> bool:
        """A problem screen is on top (its module is imported with the first one: the footer
        asks check_action before the first frame, which does not wait for that class)."""
        problem = sys.modules.get("auditor.tui.screens.problem")
        return problem is not None and isinstance(self.screen, problem.ProblemScreen)

    def _typing_in_an_input(self) -> bool:
        from textual.widgets import Input

        return isinstance(self.focused, Input)

    def _typing_in_the_filter(self) -> bool:
        return self._typing_in_an_input() and getattr(self.focused, "id", None) == "filter-input"

    # -- the scan ------------------------------------------------------------------------------------
    def start_scan(self) -> None:
        if self.target is None:
            self.notify(
                "This report was opened without a folder: nothing to re-run.", severity="warning"
            )
            return
        self._generation += 1
        generation = self._generation
        self.scanning = True
        self.scan_cancelled = False
        self.scan_status = "listing and reading the files …"
        cancel = threading.Event()
        self._cancel = cancel
        panel = self.screen_stack[0].query_one(ScanPanel)
        panel.start(self.target_label)
        self._refresh_screens()
        thread = threading.Thread(
            target=self._scan, args=(generation, cancel), name="auditor-scan", daemon=True
        )
        self._threads.append(thread)
        thread.start()

    def _scan(self, generation: int, cancel: threading.Event) -> None:
        """The audit, in a daemon thread (quitting never waits for it)."""
        last_time, last_phase = 0.0, ""

        def progress(p: Progress) -> None:
            nonlocal last_time, last_phase
            if cancel.is_set():
                raise ScanCancelled
            now = time.monotonic()
            if p.done >= p.total or p.phase != last_phase or now - last_time >= 0.05:
                last_time, last_phase = now, p.phase
                self.post_message(ScanProgress(generation, p))

        try:
            result = self._audit_fn(self.target or ".", self.options, progress)
            from auditor.engine import Progress

            # here, not on the UI thread: a cached audit builds its project model now (1-2 s
            # on 3,000 files), and the scan panel says so
            progress(Progress("model", 0, 1))
            outcome = ScanOutcome.of(result)
        except ScanCancelled:
            return
        except BaseException as exc:
            if cancel.is_set():
                return  # killed workers, a half-built result: nobody is waiting for it
            kind, error = _classify(exc)
            self.post_message(ScanFailed(generation, kind, error))
            return
        if not cancel.is_set():
            self.post_message(ScanFinished(generation, outcome))

    def busy(self) -> bool:
        """True while an audit (or a cancelled one, still unwinding) runs in a thread."""
        self._threads = [t for t in self._threads if t.is_alive()]
        return bool(self._threads)

    def _stop_scan(self) -> None:
        """Cancel the audit: its next progress call raises and the engine stops.  Its worker
        processes are killed now: the checks stage calls progress once per check (one can
        take seconds on a large tree), and the fix workers would build diffs until then.  The
        audit's thread sees them gone (or never asks them again) and unwinds."""
        self._generation += 1  # whatever the thread still posts is ignored
        if self._cancel is not None:
            self._cancel.set()
        workers = sys.modules.get("auditor.workers")  # (not imported: no worker was started)
        if workers is not None:
            workers.kill_all()

    @on(ScanProgress)
    def _on_progress(self, message: ScanProgress) -> None:
        if message.generation != self._generation or not self.scanning:
            return
        self.scan_status = phase_text(message.progress)
        self.screen_stack[0].query_one(ScanPanel).progress(message.progress)
        screen = self.screen
        if isinstance(screen, ReportScreen) and screen is not self.screen_stack[0]:
            screen.refresh_status()

    @on(ScanFinished)
    def _on_finished(self, message: ScanFinished) -> None:
        if message.generation != self._generation:
            return
        self.scanning = False
        outcome = message.outcome
        report = outcome.report
        if report.diff is not None and self.report is None:
            self.only_new = True  # a branch review opens on what the branch introduces
        self._reader = outcome.read
        self.structure = outcome.structure
        if report.summary.python_files == 0:
            self.report = report
            held = (
                "no file (or only files git ignores)"
                if report.summary.files == 0
                else f"{plural(report.summary.files, 'file')} and not one Python module"
            )
            self._show_problem(
                "No Python files",
                f"{report.target.root} holds {held}: there is no FastAPI code to audit.",
                "Open the folder of a FastAPI project: auditor PATH.",
                exit_code=0,
            )
            return
        if self._on_problem_screen():
            self._pop_to_base()
        previous = self.report
        if previous is not None:
            self.moved, self.resolved = match_findings(previous.findings, report.findings)
        self.report = report
        self._refresh_screens()
        if previous is not None:
            n = len(report.findings)
            gone = len(self.resolved)
            added = n - (len(previous.findings) - gone)
            change = []
            if gone:
                change.append(f"{gone} gone")
            if added:
                change.append(f"{added} new")
            self.notify(
                f"Audited again: {plural(n, 'finding')} ({', '.join(change) or 'no change'})."
            )

    @on(ScanFailed)
    def _on_failed(self, message: ScanFailed) -> None:
        if message.generation != self._generation:
            return
        self.scanning = False
        if self.report is not None and message.kind == "crash":
            self.notify(f"The audit failed: {message.error}", severity="error", timeout=8)
            self._refresh_screens()
            return
        title, hint, code, retry = PROBLEMS[message.kind]
        if message.kind == "diff" and self.diff_base:
            title = f"Cannot compare with {self.diff_base}"
        self._show_problem(title, message.error, hint, exit_code=code, retry=retry)

    def _show_problem(
        self, title: str, detail: str, hint: str, exit_code: int = 2, retry: bool = True
    ) -> None:
        self._pop_to_base()
        from auditor.tui.screens.problem import ProblemScreen

        self.push_screen(ProblemScreen(title, detail, hint, exit_code=exit_code, retry=retry))

    def _pop_to_base(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_cancel_scan(self) -> None:
        if not self.scanning:
            return
        self._stop_scan()
        self.scanning = False
        self.scan_cancelled = True
        self._refresh_screens()
        self.notify(
            "Audit cancelled."
            + (" Showing the previous report." if self.report else " Press r to run it again.")
        )

    async def action_quit(self) -> None:
        """Quit now, even in the middle of an audit (its thread and workers are not waited for)."""
        if self.scanning:
            self._stop_scan()
        self.exit(0)

    def placeholder_text(self) -> Content:
        if self.scanning:
            return Content.assemble(
                ("Auditing ", "$text-muted"), (self.target_label, "bold"), (" …", "$text-muted")
            )
        if self.scan_cancelled:
            return Content.assemble(
                ("Audit cancelled. ", "bold"),
                ("r", "bold $text-accent"),
                " runs it again, ",
                ("q", "bold $text-accent"),
                " quits.",
            )
        return Content("")

    # -- filters, sorting, grouping --------------------------------------------------------------------
    def watch_filter_text(self) -> None:
        self._refresh_screens()

    def watch_min_severity(self, value: str) -> None:
        self._remember(min_severity=value)
        self._refresh_screens()

    def watch_show_passed(self, value: bool) -> None:
        self._remember(show_passed=value)
        self._refresh_screens()

    def watch_only_new(self) -> None:
        self._refresh_screens()

    def watch_sort_column(self, value: str) -> None:
        self._remember(sort=value)
        self._refresh_screens()

    def watch_sort_reverse(self, value: bool) -> None:
        self._remember(sort_reverse=value)
        self._refresh_screens()

    def watch_grouping(self, value: str) -> None:
        self._remember(grouping=value)
        self._refresh_screens()

    def _refresh_screens(self) -> None:
        """Rebuild the screen on top (and the scorecard below, whose scan panel and summary
        show through a re-run); the others rebuild when they come back (``on_screen_resume``)."""
        if not self.is_running:
            return
        self.refresh_bindings()
        base = self.screen_stack[0]
        for screen in {id(base): base, id(self.screen): self.screen}.values():
            if isinstance(screen, ReportScreen):
                screen.refresh_view()
        for screen in self.screen_stack[1:-1]:
            if isinstance(screen, ReportScreen):
                screen.stale = True

    async def action_filter(self) -> None:
        screen = self.screen
        if isinstance(screen, ReportScreen) and self.report is not None:
            await screen.open_filter()

    def action_close_filter(self, keep: bool) -> None:
        """Enter keeps the filter's text, escape clears it; the list has the focus again
        before the next key of the burst is read."""
        screen = self.screen
        if isinstance(screen, ReportScreen):
            screen.close_filter(keep)

    def action_cycle_severity(self) -> None:
        i = SEVERITY_STEPS.index(self.min_severity)
        self.min_severity = SEVERITY_STEPS[(i + 1) % len(SEVERITY_STEPS)]

    def action_toggle_passed(self) -> None:
        self.show_passed = not self.show_passed

    def action_cycle_sort(self) -> None:
        i = SORT_COLUMNS.index(self.sort_column)
        self.sort_column = SORT_COLUMNS[(i + 1) % len(SORT_COLUMNS)]
        self.sort_reverse = False

    def action_invert_sort(self) -> None:
        self.sort_reverse = not self.sort_reverse

    def sort_by(self, column: str) -> None:
        """A click on a column header: sort by it, or invert when it already sorts."""
        if column not in SORT_COLUMNS:
            return
        if column == self.sort_column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = column, False

    def action_cycle_grouping(self) -> None:
        i = GROUPINGS.index(self.grouping)
        self.grouping = GROUPINGS[(i + 1) % len(GROUPINGS)]

    def action_toggle_new(self) -> None:
        if self.report is None or self.report.diff is None:
            self.notify(
                "Open the app with --diff BASE to compare this branch with BASE.",
                severity="information",
            )
            return
        self.only_new = not self.only_new

    def action_rerun(self) -> None:
        """Audit again in place: the screens stay, and keep their finding where it still exists."""
        if self.target is None:
            self.notify(
                "This report was opened without a folder: nothing to re-run.", severity="warning"
            )
            return
        if self.applying:
            return
        if self.scanning:
            self._stop_scan()
        if self._on_problem_screen() or self.report is None:
            self._pop_to_base()
        self.start_scan()

    def action_help(self) -> None:
        from auditor.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_structure(self) -> None:
        from auditor.tui.screens.structure import StructureScreen

        if self.report is None:
            return
        if not isinstance(self.screen, StructureScreen):
            self.push_screen(StructureScreen())

    # -- navigation (also used by the command palette) ------------------------------------------------------
    def action_view(self, kind: str) -> None:
        """The top-level views: 1 scorecard, 2 all findings, 3 files, 4 not audited, 5 fixed."""
        if self.report is None:
            return
        if kind == "errors" and not self.report.errors:
            self.notify("Every file was audited: nothing is missing.")
            return
        if kind == "fixed" and self.report.diff is None:
            return
        self._pop_to_base()
        if kind == "all":
            self.open_findings(Scope("all"))
        elif kind == "files":
            self.open_files()
        elif kind == "errors":
            self.open_errors()
        elif kind == "fixed":
            self.open_findings(Scope("fixed"))

    def open_category(self, category: str) -> None:
        from auditor.tui.screens.category import CategoryScreen

        if self.report is not None:
            self.push_screen(CategoryScreen(category))

    def open_findings(self, scope: Scope) -> None:
        from auditor.tui.screens.findings import FindingsScreen

        if self.report is not None:
            self.push_screen(FindingsScreen(scope))

    def open_check(self, check_id: str) -> None:
        self.open_findings(Scope("check", check_id))

    def open_file(self, path: str) -> None:
        self.open_findings(Scope("file", path))

    def open_files(self) -> None:
        from auditor.tui.screens.findings import FilesScreen

        if self.report is not None:
            self.push_screen(FilesScreen())

    def open_finding(self, finding: Finding, scope: Scope | None = None) -> None:
        from auditor.tui.screens.finding import FindingScreen

        self.push_screen(FindingScreen(finding, scope))

    def open_errors(self) -> None:
        from auditor.tui.screens.errors import ErrorsScreen

        if self.report is not None:
            self.push_screen(ErrorsScreen())

    # -- the editor ---------------------------------------------------------------------------------------
    def open_in_editor(self, path: str | None, line: int | None, column: int | None = None) -> None:
        """Open ``path`` at ``line`` in $VISUAL / $EDITOR; any failure comes back as a message."""
        import shutil
        import subprocess

        from auditor.tui.editor import editor_command

        if not path:
            self.notify("A project-level finding has no file to open.", severity="warning")
            return
        full = (self.root / path).resolve()
        cmd = editor_command(str(full), line, column)
        if cmd is None:
            self.notify("Set $VISUAL or $EDITOR to open files in your editor.", severity="warning")
            return
        exe = shutil.which(cmd[0])
        if exe is None:  # never suspend the app for a command that cannot start
            var = "VISUAL" if os.environ.get("VISUAL", "").strip() else "EDITOR"
            self.notify(
                f"Cannot start the editor {cmd[0]!r} (from ${var}): not found. "
                "Set $VISUAL or $EDITOR to an installed editor.",
                severity="error",
                timeout=8,
            )
            return
        from textual.app import SuspendNotSupported

        failure: str | None = None
        code = 0
        try:
            with self.suspend():
                try:  # inside: an error here must not skip the app's resume
                    code = subprocess.run([exe, *cmd[1:]], check=False).returncode
                except OSError as exc:
                    failure = exc.strerror or str(exc)
        except SuspendNotSupported:  # headless (tests) or a web terminal: run it detached
            try:
                subprocess.Popen(
                    [exe, *cmd[1:]],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                ).wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired) as exc:
                failure = getattr(exc, "strerror", None) or str(exc)
        if failure is not None:
            self.notify(f"Cannot run {cmd[0]}: {failure}", severity="error", timeout=8)
        elif code:
            self.notify(f"{cmd[0]} exited with code {code}.", severity="warning")
        else:
            self.notify("Back from the editor: press r to re-run the audit.")

    # -- fixes --------------------------------------------------------------------------------------------
    def apply_fixes(self, findings: Sequence[Finding], what: str, unsafe: bool = False) -> None:
        """Ask (the files, or the one diff), then apply the fixes and re-run in place."""
        from auditor.apply import fixable
        from auditor.tui.screens.dialogs import ApplyScreen

        if self.report is None or self.applying:
            return
        if self.target is None:
            self.notify("This report was opened without a folder: nothing to fix.")
            return
        if self.scanning:
            self.notify("The audit is running: apply once it is done.", severity="warning")
            return
        by_file = fixable(findings, unsafe=unsafe)
        chosen = [f for items in by_file.values() for f in items]
        if not chosen:
            unsafe_left = sum(1 for f in findings if f.fix and f.fix.diff and not f.fix.safe)
            msg = f"No safe fix to apply {what}."
            if unsafe_left:
                msg += f" {plural(unsafe_left, 'unsafe fix', 'unsafe fixes')}: open one and press a to review it."
            self.notify(msg, severity="warning")
            return
        left_out = (
            0 if unsafe else sum(1 for f in findings if f.fix and f.fix.diff and not f.fix.safe)
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._apply(chosen, unsafe)

        self.push_screen(ApplyScreen(chosen, what, left_out=left_out), answered)

    def _apply(self, findings: list[Finding], unsafe: bool) -> None:
        self.applying = True
        root = self.root

        def work() -> None:
            from auditor.apply import apply_findings

            try:
                result = apply_findings(root, findings, unsafe=unsafe)
            except Exception as exc:  # pragma: no cover - a bug: say it
                self.post_message(FixesApplied(None, f"{exc.__class__.__name__}: {exc}"))
                return
            self.post_message(FixesApplied(result))

        thread = threading.Thread(target=work, name="auditor-apply", daemon=False)
        thread.start()  # not a daemon: a write in progress finishes before the app exits

    @on(FixesApplied)
    def _on_applied(self, message: FixesApplied) -> None:
        self.applying = False
        result = message.result
        if result is None:
            self.notify(f"The fixes failed: {message.error}", severity="error", timeout=8)
            return
        n, files = len(result.applied), len(result.changed)
        if n:
            self.notify(f"Applied {plural(n, 'fix', 'fixes')} in {plural(files, 'file')}.")
        skipped = sum(len(o.deferred) for o in result.outcomes)
        stale = sum(len(o.stale) for o in result.outcomes)
        if skipped:
            self.notify(
                f"{plural(skipped, 'fix', 'fixes')} overlapped another: apply again after the re-run.",
                severity="warning",
            )
        if stale:
            self.notify(
                f"{plural(stale, 'fix', 'fixes')} not applied: the file changed since the audit.",
                severity="warning",
            )
        for error in result.errors[:3]:
            self.notify(error, severity="error", timeout=8)
        self.action_rerun()

    # -- export ---------------------------------------------------------------------------------------
    def export_name(self) -> str:
        assert self.report is not None
        return default_export_name(self.report, self.target_label)

    def action_export(self, filtered: bool | None = None) -> None:
        from auditor.tui.screens.dialogs import ExportScreen

        if self.report is None or isinstance(self.screen, ExportScreen):
            return
        filt = self.view_filter
        n_filtered = len(self.view.findings()) if filt.active else None
        dialog = ExportScreen(
            default_path=self.export_name(),
            total=len(self.report.findings),
            filtered=n_filtered,
            filtered_first=bool(filt.active) if filtered is None else filtered,
            note=filt.describe(),
            diff=self.report.diff is not None,
        )
        self.push_screen(dialog, self._export_chosen)

    def _export_chosen(self, request: Any) -> None:
        from auditor.tui.screens.dialogs import ConfirmScreen, resolve_export_path

        if request is None:
            return
        path = resolve_export_path(request.path, self.export_name(), self.cwd)
        if path.exists():

            def answered(yes: bool | None) -> None:
                if yes:
                    self.write_export(path, request.filtered, request.budget)
                else:
                    self.notify("Not exported: the file was kept.")

            self.push_screen(ConfirmScreen(f"{path} already exists.\nOverwrite it?"), answered)
            return
        self.write_export(path, request.filtered, request.budget)

    def write_export(self, path: Path, filtered: bool, budget: int | None = None) -> None:
        from auditor.exporters.markdown import render_markdown

        assert self.report is not None
        filt = self.view_filter
        only = self.view.findings() if filtered and filt.active else None
        text = render_markdown(
            self.report,
            only=only,
            read=self.read_source,
            note=filt.describe() if only is not None else None,
            title=self.target_label,
            budget=budget,
        )
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            self.notify(f"Cannot write {path}: {exc.strerror or exc}", severity="error", timeout=8)
            return
        n = len(only) if only is not None else len(self.report.findings)
        self.last_export = path
        self.notify(f"Wrote {plural(n, 'finding')} to {path}", title="Exported", timeout=8)
