"""The shape of the code base: ``checks/`` holds check modules only (a large check may be a
package of its own parts), and no check imports another (what two checks share belongs to the
project model, ``auditor/``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import checks
from auditor.check import Check

CHECKS_DIR = Path(checks.__file__).parent
#: Every check: a module, or a package (its ``__init__.py`` holds the check).
MODULES = sorted(
    [p for p in CHECKS_DIR.glob("*.py") if p.name != "__init__.py"]
    + list(CHECKS_DIR.glob("*/__init__.py"))
)


def _name(path: Path) -> str:
    return path.parent.name if path.name == "__init__.py" else path.stem


def _sources(path: Path) -> list[Path]:
    """The files of a check: its module, or every module of its package."""
    return sorted(path.parent.glob("*.py")) if path.name == "__init__.py" else [path]


def _imported_modules(tree: ast.Module) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level > 1:
            out.add("checks." + (node.module or ""))  # ``from ..other`` leaves the check
    return out


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_check_imports_another_check(path: Path) -> None:
    own = f"checks.{_name(path)}"
    for source in _sources(path):
        imported = _imported_modules(ast.parse(source.read_text(encoding="utf-8")))
        others = sorted(
            m
            for m in imported
            if (m == "checks" or m.startswith("checks.")) and not m.startswith(own)
        )
        assert not others, f"{source} imports {others}: move what checks share into auditor/"


def test_every_file_of_checks_belongs_to_a_check() -> None:
    files = {p for p in CHECKS_DIR.rglob("*.py") if p != CHECKS_DIR / "__init__.py"}
    owned = {f for m in MODULES for f in _sources(m)}
    assert files == owned


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_checks_holds_only_check_modules(path: Path) -> None:
    name = _name(path)
    assert not name.startswith("_"), f"{name}: helpers belong in auditor/, not checks/"
    module = __import__(f"checks.{name}", fromlist=["_"])
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
        "from ..str001_app_router_organization import main_app\n",
    ):
        imported = _imported_modules(ast.parse(source))
        assert any(m.startswith("checks") for m in imported), source
