"""Create a new check module from a template: ``python -m auditor.scaffold ID name category``.

    python -m auditor.scaffold ABC123 some-practice security [--severity warning] [--dir checks]

writes ``checks/abc123_some_practice.py``: a complete, working check (metadata, the
explanation in the required sections, one module-pass hook, a bad and a good example) that
passes the meta tests, for you to turn into the real thing.  See docs/writing-a-check.md.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from auditor.check import CATEGORY_IDS, Severity

TEMPLATE = '''\
from __future__ import annotations

import ast

from auditor.check import Check, Hit, Severity, snippet, when
from auditor.project import Project
from auditor.walker import ModuleContext

#: The callees this check reports, by canonical qualified name (see auditor.names).
CALLEES = frozenset({{"example_lib.forbidden"}})


class {class_name}(Check):
    """
    ## What it does
    Flags calls to `example_lib.forbidden()` (replace this with what the check finds).

    ## Why is this bad?
    Say in one paragraph why a FastAPI project should not do this.

    ## Example
    ```python
    import example_lib

    example_lib.forbidden()
    ```

    ## Use instead
    ```python
    import example_lib

    example_lib.allowed()
    ```

    ## Fix safety
    No automatic fix.

    ## References
    - [Production guide 2026]
    """

    id = "{id}"
    name = "{name}"
    category = "{category}"
    severity = Severity.{severity}
    message = "call to `example_lib.forbidden()`"
    sources = ("Production guide 2026",)

    @when(callees=CALLEES)  # the walk calls this hook on calls of CALLEES only
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        # runs in a worker process, on one module: no project model here
        if ctx.resolve(node.func) in CALLEES:
            ctx.report(node)

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        # runs once, in the main process, with the whole project: keep, drop or rewrite hits
        return hits

    bad = (
        snippet(
            """\\
import example_lib


def handler() -> None:
    example_lib.forbidden()
""",
            lines=(5,),
        ),
    )
    good = (
        snippet(
            """\\
import example_lib


def handler() -> None:
    example_lib.allowed()
"""
        ),
        snippet(
            """\\
def forbidden() -> None: ...


def handler() -> None:
    forbidden()
""",
            note="a local function of the same name is not the library's",
        ),
    )
'''


def module_name(check_id: str, name: str) -> str:
    return f"{check_id.lower()}_{name.replace('-', '_')}"


def class_name(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


def render(check_id: str, name: str, category: str, severity: str = "warning") -> str:
    """The source of a new check module."""
    if not re.fullmatch(r"[A-Z]{3}\d{3}", check_id):
        raise ValueError(f"{check_id!r} is not an ID like ABC123")
    if not re.fullmatch(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*", name):
        raise ValueError(f"{name!r} is not a kebab-case name like some-practice")
    if category not in CATEGORY_IDS:
        raise ValueError(f"{category!r} is not a category ({', '.join(CATEGORY_IDS)})")
    level = Severity(severity)
    return TEMPLATE.format(
        id=check_id,
        name=name,
        category=category,
        severity=level.name,
        class_name=class_name(name),
    )


def scaffold(
    check_id: str, name: str, category: str, severity: str = "warning", folder: Path | None = None
) -> Path:
    """Write the new check module into ``folder`` (the ``checks`` package by default)."""
    if folder is None:
        import checks

        folder = Path(checks.__file__).parent
    target = folder / f"{module_name(check_id, name)}.py"
    existing = sorted(folder.glob(f"{check_id.lower()}_*.py"))
    if existing:
        raise FileExistsError(f"{existing[0]} already holds {check_id}")
    target.write_text(render(check_id, name, category, severity), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m auditor.scaffold", description="Create a new check module."
    )
    parser.add_argument("id", help="the check ID, e.g. ABC123")
    parser.add_argument("name", help="the kebab-case name, e.g. some-practice")
    parser.add_argument("category", choices=CATEGORY_IDS)
    parser.add_argument("--severity", default="warning", choices=[s.value for s in Severity])
    parser.add_argument("--dir", type=Path, default=None, help="where to write (default: checks/)")
    args = parser.parse_args(argv)
    try:
        path = scaffold(args.id, args.name, args.category, args.severity, args.dir)
    except (ValueError, FileExistsError) as exc:
        print(f"scaffold: error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {path}")
    print("next: write the check, add its row to docs/catalogue.md, regenerate docs/checks.md")
    print("(auditor checks --format markdown > docs/checks.md), and run its tests:")
    print(f"  python -m pytest -q -k {args.id}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
