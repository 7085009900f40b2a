"""The project's structure: the detected layout, the domains x modules matrix."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import (
    Static,
)

from auditor.tui.model import plural
from auditor.tui.screens.base import ReportScreen
from auditor.tui.tables import NavTable
from auditor.tui.widgets import palette


@dataclass(frozen=True)
class Structure:
    """What the structure view shows (built by the app from the project model)."""

    kind: str  # domain | layered | flat
    root: str
    modules: tuple[str, ...]
    matrix: tuple[tuple[str, tuple[bool, ...]], ...]  # domain -> has each module
    layers: tuple[tuple[str, int], ...]  # layer folder -> number of Python modules


class StructureScreen(ReportScreen):
    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="structure"):
            yield Static(id="structure-head", classes="screen-head")
            yield NavTable(id="matrix")
            yield Static(id="structure-note")

    def populate(self) -> None:
        s: Structure | None = self.app.structure
        head = self.query_one("#structure-head", Static)
        table = self.query_one("#matrix", NavTable)
        note = self.query_one("#structure-note", Static)
        table.clear(columns=True)
        recommended = Content.assemble(
            ("What the sources recommend: ", "bold"),
            "one package per domain, each holding ",
            (
                "router, schemas, models, service, dependencies, constants, exceptions, config",
                "$text-accent",
            ),
            " (zhanymkanov/fastapi-best-practices; the internal doc and ForgeAPI agree). "
            "A layered tree (api/endpoints, schemas/, models/, services/) is the other layout they accept.",
        )
        if s is None:
            head.update(
                Content.assemble(("Project structure", "bold"), ("  unknown", "$text-muted"))
            )
            table.display = False
            note.update(
                Content.assemble(
                    (
                        "The layout is read from the project model: press r to run the audit.\n\n",
                        "$text-muted",
                    ),
                    recommended,
                )
            )
            return
        root = s.root or "the repository root"
        if s.kind == "domain":
            head.update(
                Content.assemble(
                    ("Project structure", "bold"),
                    "  ",
                    ("domain layout", "bold $text-success"),
                    (f" under {root}: {plural(len(s.matrix), 'domain package')}", "$text-muted"),
                )
            )
            table.display = True
            table.add_column("Domain", key="domain")
            for m in s.modules:
                table.add_column(m, key=m)
            colours = palette(self.app)
            for domain, has in s.matrix:
                cells = [Text(domain, style="bold")]
                for present in has:
                    cells.append(
                        Text("  ✓", style=f"bold {colours['success']}")
                        if present
                        else Text("  ·", style="dim")
                    )
                table.add_row(*cells, key=domain)
            table.styles.height = min(table.row_count + 1, 20)
            note.update(
                Content.assemble(
                    (
                        "✓ the module exists   · it does not (not every domain needs every module)\n\n",
                        "$text-muted",
                    ),
                    recommended,
                )
            )
        elif s.kind == "layered":
            head.update(
                Content.assemble(
                    ("Project structure", "bold"),
                    "  ",
                    ("layered layout", "bold $text-success"),
                    (f" under {root}", "$text-muted"),
                )
            )
            table.display = True
            table.add_column("Layer folder", key="layer")
            table.add_column("Python modules", key="n")
            for folder, n in s.layers:
                table.add_row(Text(folder, style="bold"), Text(f"{n:>14}"), key=folder)
            table.styles.height = min(table.row_count + 1, 20)
            note.update(
                Content.assemble(
                    (
                        "A layer per concern: endpoints, schemas, models, services. Fine by the sources (disagreement D1), as long as routers hold endpoints only.\n\n",
                        "",
                    ),
                    recommended,
                )
            )
        else:
            head.update(
                Content.assemble(
                    ("Project structure", "bold"),
                    "  ",
                    ("no domain or layered structure detected", "bold $text-warning"),
                )
            )
            table.display = False
            note.update(
                Content.assemble(
                    (
                        "The application modules are not grouped into domain packages or layer folders.\n\n",
                        "",
                    ),
                    recommended,
                )
            )

    def focus_main(self) -> None:
        self.query_one("#matrix").focus()
