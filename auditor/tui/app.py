"""The Textual app: a navigable scorecard of the audit, with explanations, fixes and exports.

``AuditorApp(path, options)`` audits ``path`` in a thread worker (the engine is synchronous)
that posts progress messages; ``AuditorApp(report=..., structure=..., root=...)`` opens on a
ready report (tests, or a report audited elsewhere).  The app owns the report and the view
filter; screens read them and are told to rebuild when they change.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.worker import get_current_worker

from auditor.engine import AuditResult, Options, Progress, ProgressCallback, SelectionError
from auditor.exporters.markdown import Reader, reader_for, render_markdown
from auditor.report import Finding, Report
from auditor.repository import TargetError
from auditor.tui.commands import AuditorCommands
from auditor.tui.editor import editor_command
from auditor.tui.model import SEVERITY_STEPS, View, ViewFilter, default_export_name
from auditor.tui.screens import (
    CategoryScreen,
    ConfirmScreen,
    ErrorsScreen,
    ExportRequest,
    ExportScreen,
    FindingScreen,
    FindingsScreen,
    HelpScreen,
    ProblemScreen,
    ReportScreen,
    ScorecardScreen,
    Structure,
    StructureScreen,
    resolve_export_path,
)
from auditor.tui.widgets import ScanPanel

AuditFn = Callable[[str, Options, ProgressCallback], AuditResult]


class ScanCancelled(Exception):
    """Raised from the progress callback to stop a cancelled audit."""


class ScanProgress(Message):
    def __init__(self, generation: int, progress: Progress) -> None:
        super().__init__()
        self.generation, self.progress = generation, progress


class ScanFinished(Message):
    def __init__(self, generation: int, result: AuditResult) -> None:
        super().__init__()
        self.generation, self.result = generation, result


class ScanFailed(Message):
    def __init__(self, generation: int, kind: str, error: str) -> None:
        super().__init__()
        self.generation, self.kind, self.error = generation, kind, error


def _default_audit(path: str, options: Options, progress: ProgressCallback) -> AuditResult:
    from auditor.engine import audit

    return audit(path, options, progress=progress)


def _diff_audit(
    base: str,
) -> Callable[[str, Options, ProgressCallback], AuditResult]:
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


class AuditorApp(App[int]):
    CSS_PATH = "auditor.tcss"
    TITLE = "fastapi-auditor"
    COMMANDS = App.COMMANDS | {AuditorCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]

    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("s", "cycle_severity", "Severity", show=False),
        Binding("p", "toggle_passed", "Passed", show=False),
        Binding("n", "toggle_new", "New only", show=False),
        Binding("r", "rerun", "Re-run"),
        Binding("m", "structure", "Structure", show=False),
        Binding("e", "export", "Export"),
    ]

    filter_text: reactive[str] = reactive("")
    min_severity: reactive[str] = reactive("info")
    show_passed: reactive[bool] = reactive(False)
    only_new: reactive[bool] = reactive(False)

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        options: Options | None = None,
        *,
        report: Report | None = None,
        structure: Structure | None = None,
        root: str | os.PathLike[str] | None = None,
        theme: str | None = None,
        audit_fn: AuditFn | None = None,
        cwd: str | os.PathLike[str] | None = None,
        diff_base: str | None = None,
    ) -> None:
        super().__init__()
        self.diff_base = diff_base
        if path is None and report is None:
            path = "."
        self.target = None if path is None else str(path)
        self.options = options or Options()
        self.report: Report | None = None
        self.result: AuditResult | None = None
        self.structure: Structure | None = structure
        self._initial_report = report
        self.root = Path(
            root if root is not None else (path if path is not None else report.target.root)
        )  # type: ignore[union-attr]
        self._reader: Reader = reader_for(self.root)
        self._audit_fn = audit_fn or (_diff_audit(diff_base) if diff_base else _default_audit)
        self.cwd = Path(cwd) if cwd is not None else None
        self.scanning = False
        self.scan_cancelled = False
        self._generation = 0
        self._view: View | None = None
        self._initial_theme = theme
        self.last_export: Path | None = None

    # -- inputs and derived state ------------------------------------------------------------------
    @property
    def target_label(self) -> str:
        if self.report is not None:
            return self.report.target.root
        return self.target or str(self.root)

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
        try:
            return self._reader(path)
        except Exception:
            return None

    def get_default_screen(self) -> ScorecardScreen:
        return ScorecardScreen()

    def on_mount(self) -> None:
        if self._initial_theme and self._initial_theme in self.available_themes:
            self.theme = self._initial_theme
        self.theme_changed_signal.subscribe(self, lambda _t: self._refresh_screens())

    def begin(self) -> None:
        """Called by the scorecard once it is mounted: show the ready report or start the audit."""
        if self._initial_report is not None:
            self.report = self._initial_report
            self._refresh_screens()
        else:
            self.start_scan()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the report's keys while there is no report to act on (or a problem is shown)."""
        needs_report = action in {
            "filter",
            "cycle_severity",
            "toggle_passed",
            "toggle_new",
            "structure",
            "export",
        }
        return not (
            needs_report and (self.report is None or isinstance(self.screen, ProblemScreen))
        )

    # -- the scan ------------------------------------------------------------------------------------
    def start_scan(self) -> None:
        if self.target is None:
            self.notify(
                "This report was opened without a folder: nothing to re-run.", severity="warning"
            )
            return
        self._generation += 1
        self.scanning = True
        self.scan_cancelled = False
        base = self.screen_stack[0]
        panel = base.query_one(ScanPanel)
        panel.start(self.target)
        self._refresh_screens()
        self._scan(self._generation)

    @work(thread=True, exclusive=True, group="audit", exit_on_error=False)
    def _scan(self, generation: int) -> None:
        worker = get_current_worker()
        last = [0.0]

        def progress(p: Progress) -> None:
            if worker.is_cancelled or generation != self._generation:
                raise ScanCancelled
            now = time.monotonic()
            if p.done >= p.total or now - last[0] >= 0.05:
                last[0] = now
                self.post_message(ScanProgress(generation, p))

        try:
            result = self._audit_fn(self.target or ".", self.options, progress)
        except ScanCancelled:
            return
        except TargetError as exc:
            self.post_message(ScanFailed(generation, "target", str(exc)))
            return
        except SelectionError as exc:
            self.post_message(ScanFailed(generation, "selection", str(exc)))
            return
        except Exception as exc:  # an engine bug: say it, do not crash the UI
            self.post_message(ScanFailed(generation, "crash", f"{exc.__class__.__name__}: {exc}"))
            return
        if worker.is_cancelled:
            return
        self.post_message(ScanFinished(generation, result))

    @on(ScanProgress)
    def _on_progress(self, message: ScanProgress) -> None:
        if message.generation != self._generation or not self.scanning:
            return
        self.screen_stack[0].query_one(ScanPanel).progress(message.progress)

    @on(ScanFinished)
    def _on_finished(self, message: ScanFinished) -> None:
        if message.generation != self._generation:
            return
        self.scanning = False
        result = message.result
        self.result = result
        if result.report.diff is not None and self.report is None:
            self.only_new = True  # a branch review opens on what the branch introduces
        self._reader = result.project.repo.read_text
        try:
            self.structure = structure_of(result.project)
        except Exception:
            self.structure = None
        report = result.report
        if report.summary.python_files == 0:
            self.report = report
            held = (
                "no file (or only files git ignores)"
                if report.summary.files == 0
                else f"{report.summary.files} file{'s' if report.summary.files != 1 else ''} and not one Python module"
            )
            self._show_problem(
                "No Python files",
                f"{report.target.root} holds {held}: there is no FastAPI code to audit.",
                "Open the folder of a FastAPI project: auditor PATH.",
            )
            return
        self._pop_to_base()
        previous = self.report
        self.report = report
        self._refresh_screens()
        if previous is not None:
            n, delta = len(report.findings), len(report.findings) - len(previous.findings)
            change = "no change" if delta == 0 else f"{delta:+d}"
            self.notify(f"Audited again: {n} finding{'s' if n != 1 else ''} ({change}).")

    @on(ScanFailed)
    def _on_failed(self, message: ScanFailed) -> None:
        if message.generation != self._generation:
            return
        self.scanning = False
        if message.kind == "target":
            self._show_problem(
                "Not a folder to audit",
                message.error,
                "auditor [PATH] audits a folder (default: the current one) holding a FastAPI project.",
            )
        elif message.kind == "selection":
            self._show_problem(
                "Cannot run the audit",
                message.error,
                "Check --select / --ignore / --enable and the project's configuration (auditor config); "
                "the catalogue: auditor checks.",
            )
        else:
            if self.report is None:
                self._show_problem(
                    "The audit failed",
                    message.error,
                    "This is a bug in fastapi-auditor: please report it.",
                )
            else:
                self.notify(f"The audit failed: {message.error}", severity="error", timeout=8)
                self._refresh_screens()

    def _show_problem(self, title: str, detail: str, hint: str) -> None:
        self._pop_to_base()
        self.push_screen(ProblemScreen(title, detail, hint))

    def _pop_to_base(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_cancel_scan(self) -> None:
        if not self.scanning:
            return
        self._generation += 1  # the thread stops at its next progress call; its result is ignored
        self.workers.cancel_group(self, "audit")
        self.scanning = False
        self.scan_cancelled = True
        self._refresh_screens()
        self.notify(
            "Audit cancelled."
            + (" Showing the previous report." if self.report else " Press r to run it again.")
        )

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

    # -- filters and views -----------------------------------------------------------------------------
    def watch_filter_text(self) -> None:
        self._refresh_screens()

    def watch_min_severity(self) -> None:
        self._refresh_screens()

    def watch_show_passed(self) -> None:
        self._refresh_screens()

    def _refresh_screens(self) -> None:
        self.refresh_bindings()
        for screen in self.screen_stack:
            if isinstance(screen, ReportScreen):
                screen.refresh_view()

    def action_filter(self) -> None:
        screen = self.screen
        if isinstance(screen, ReportScreen) and self.report is not None:
            screen.open_filter()

    def action_cycle_severity(self) -> None:
        i = SEVERITY_STEPS.index(self.min_severity)
        self.min_severity = SEVERITY_STEPS[(i + 1) % len(SEVERITY_STEPS)]

    def action_toggle_passed(self) -> None:
        self.show_passed = not self.show_passed

    def action_toggle_new(self) -> None:
        if self.report is None or self.report.diff is None:
            self.notify(
                "Open the app with --diff BASE to compare this branch with BASE.",
                severity="information",
            )
            return
        self.only_new = not self.only_new

    def watch_only_new(self) -> None:
        self._refresh_screens()

    def action_rerun(self) -> None:
        if self.target is None:
            self.notify(
                "This report was opened without a folder: nothing to re-run.", severity="warning"
            )
            return
        if self.scanning:
            self._generation += 1
            self.workers.cancel_group(self, "audit")
        self._pop_to_base()
        self.start_scan()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_structure(self) -> None:
        if self.report is None:
            return
        if not isinstance(self.screen, StructureScreen):
            self.push_screen(StructureScreen())

    # -- navigation (also used by the command palette) ------------------------------------------------------
    def open_category(self, category: str) -> None:
        if self.report is not None:
            self.push_screen(CategoryScreen(category))

    def open_check(self, check_id: str) -> None:
        if self.report is not None:
            self.push_screen(FindingsScreen(check_id=check_id))

    def open_file(self, path: str) -> None:
        if self.report is not None:
            self.push_screen(FindingsScreen(path=path))

    def open_finding(self, finding: Finding, siblings: list[Finding] | None = None) -> None:
        self.push_screen(FindingScreen(finding, siblings))

    def open_errors(self) -> None:
        if self.report is not None:
            self.push_screen(ErrorsScreen())

    # -- the editor ---------------------------------------------------------------------------------------
    def open_in_editor(self, finding: Finding) -> None:
        if not finding.path:
            self.notify("A project-level finding has no file to open.", severity="warning")
            return
        full = (self.root / finding.path).resolve()
        cmd = editor_command(str(full), finding.line, finding.column)
        if cmd is None:
            self.notify("Set $VISUAL or $EDITOR to open files in your editor.", severity="warning")
            return
        from textual.app import SuspendNotSupported

        try:
            try:
                with self.suspend():
                    subprocess.run(cmd, check=False)
            except SuspendNotSupported:  # headless (tests) or a web terminal: run it detached
                subprocess.run(
                    cmd,
                    check=False,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
        except OSError as exc:
            self.notify(f"Cannot run {cmd[0]}: {exc.strerror or exc}", severity="error")
            return
        self.notify("Back from the editor: press r to re-run the audit.")

    # -- export ---------------------------------------------------------------------------------------
    def export_name(self) -> str:
        assert self.report is not None
        folder = self.root.resolve().name if self.report.target.root in (".", "") else None
        return default_export_name(self.report, folder)

    def action_export(self, filtered: bool | None = None) -> None:
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
        )
        self.push_screen(dialog, self._export_chosen)

    def _export_chosen(self, request: ExportRequest | None) -> None:
        if request is None:
            return
        path = resolve_export_path(request.path, self.export_name(), self.cwd)
        if path.exists():

            def answered(yes: bool | None) -> None:
                if yes:
                    self.write_export(path, request.filtered)
                else:
                    self.notify("Not exported: the file was kept.")

            self.push_screen(ConfirmScreen(f"{path} already exists.\nOverwrite it?"), answered)
            return
        self.write_export(path, request.filtered)

    def write_export(self, path: Path, filtered: bool) -> None:
        assert self.report is not None
        filt = self.view_filter
        only = self.view.findings() if filtered and filt.active else None
        text = render_markdown(
            self.report,
            only=only,
            read=self.read_source,
            note=filt.describe() if only is not None else None,
        )
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            self.notify(f"Cannot write {path}: {exc.strerror or exc}", severity="error", timeout=8)
            return
        n = len(only) if only is not None else len(self.report.findings)
        self.last_export = path
        self.notify(
            f"Wrote {n} finding{'s' if n != 1 else ''} to {path}", title="Exported", timeout=8
        )
