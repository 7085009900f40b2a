"""The command palette (ctrl+p): jump to any check, category or file; run the exports."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from auditor.tui.model import category_title, plural

if TYPE_CHECKING:  # pragma: no cover
    from auditor.tui.app import AuditorApp


class AuditorCommands(Provider):
    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app: AuditorApp = self.app  # type: ignore[assignment]
        out: list[tuple[str, Callable[[], object], str]] = [
            ("Re-run the audit", app.action_rerun, "audit the folder again (r)"),
            ("Keys: help", app.action_help, "every key of the app (?)"),
        ]
        report = app.report
        if report is None:
            return out
        filt = app.view_filter
        out += [
            (
                "Export Markdown: the whole report",
                partial(app.action_export, False),
                f"{plural(len(report.findings), 'finding')} (e)",
            ),
        ]
        if filt.active:
            out.append(
                (
                    "Export Markdown: what is filtered",
                    partial(app.action_export, True),
                    f"{plural(len(app.view.findings()), 'finding')}: {filt.describe()}",
                )
            )
        out += [
            (
                "Show the project structure",
                app.action_structure,
                "layout and the domains × modules matrix (m)",
            ),
            ("Toggle passed and skipped checks", app.action_toggle_passed, "show or hide them (p)"),
            (
                "Severity filter: next step",
                app.action_cycle_severity,
                "all → warnings and errors → errors only (s)",
            ),
        ]
        out += [
            (
                "All findings",
                partial(app.action_view, "all"),
                "every finding, errors first, sortable (2)",
            ),
            ("Findings by file", partial(app.action_view, "files"), "files, worst first (3)"),
        ]
        if report.errors:
            out.append(
                (
                    "Files not audited",
                    partial(app.action_view, "errors"),
                    f"{plural(len(report.errors), 'entry', 'entries')} (4)",
                )
            )
        if report.diff is not None:
            out.append(
                (
                    "Fixed on this branch",
                    partial(app.action_view, "fixed"),
                    f"{plural(len(report.diff.fixed), 'finding')} of {report.diff.base} gone (5)",
                )
            )
        for cat in report.categories:
            score = "no score" if cat.score is None else f"score {cat.score} · {cat.grade}"
            out.append(
                (
                    f"Category: {cat.title}",
                    partial(app.open_category, cat.id),
                    f"{score} · {cat.failed} failed",
                )
            )
        for c in report.checks:
            what = plural(c.findings, "finding") if c.status == "failed" else c.status
            out.append(
                (
                    f"Check {c.id} {c.name}",
                    partial(app.open_check, c.id),
                    f"{category_title(c.category)} · {c.severity} · {what}",
                )
            )
        for path, n in app.view.files():
            out.append(
                (
                    f"File {path}",
                    partial(app.open_file, path),
                    plural(n, "finding"),
                )
            )
        return out

    async def discover(self) -> Hits:
        for text, command, help_text in self._commands()[:8]:
            yield DiscoveryHit(text, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, command, help_text in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), command, text=text, help=help_text)
