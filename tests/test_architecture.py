"""The shape of the code base: ``checks/`` holds check modules only, and no check imports
another (what two checks share belongs to the project model, ``auditor/``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import checks
from auditor.check import Check

CHECKS_DIR = Path(checks.__file__).parent
MODULES = sorted(p for p in CHECKS_DIR.glob("*.py") if p.name != "__init__.py")


def _imported_modules(tree: ast.Module) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            out.add("checks." + (node.module or ""))  # a relative import stays in the package
    return out


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_no_check_imports_another_check(path: Path) -> None:
    imported = _imported_modules(ast.parse(path.read_text(encoding="utf-8")))
    others = sorted(m for m in imported if m == "checks" or m.startswith("checks."))
    assert not others, f"{path.name} imports {others}: move what checks share into auditor/"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_checks_holds_only_check_modules(path: Path) -> None:
    assert not path.name.startswith("_"), f"{path.name}: helpers belong in auditor/, not checks/"
    module = __import__(f"checks.{path.stem}", fromlist=["_"])
    defined = [
        obj
        for obj in vars(module).values()
        if isinstance(obj, type)
        and issubclass(obj, Check)
        and obj is not Check
        and obj.__module__ == module.__name__
    ]
    assert len(defined) == 1, f"{path.name} defines {len(defined)} checks, not one"


def test_the_import_rule_is_seen() -> None:
    """The test above would notice a check importing another (all three spellings)."""
    for source in (
        "from checks.str001_app_router_organization import main_app\n",
        "import checks.str001_app_router_organization\n",
        "from . import str001_app_router_organization\n",
    ):
        imported = _imported_modules(ast.parse(source))
        assert any(m.startswith("checks") for m in imported), source
