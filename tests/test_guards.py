"""Constant-false guards (:mod:`auditor.guards`): code behind ``if X:`` where ``X = False``
is bound once in the project and never written, and only there."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.engine import Options, audit

FLAGS = """\
X = False


def load() -> int:
    return 1


def run() -> int:
    if X:
        return load()
    return 0
"""


def guards(root: Path, extra: dict[str, str]):
    files = {"app/__init__.py": "", "app/flags.py": FLAGS, **extra}
    for rel, src in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(src)
    return audit(root, Options(use_cache=False, select=["SET005"])).project.false_guards


def test_the_if_body_and_a_function_only_it_calls_never_run(tmp_path: Path) -> None:
    g = guards(tmp_path, {"app/other.py": "from app.flags import X, load\n\nif X:\n    load()\n"})
    assert g.covers("app/flags.py", 10) and g.covers("app/other.py", 4)
    assert not g.covers("app/flags.py", 11)  # after the guard
    assert g.only_called_there("load")
    assert not g.only_called_there("run")  # not called under a guard at all


@pytest.mark.parametrize(
    "writer",
    [
        "import app.flags\n\napp.flags.X = True\n",  # an attribute store
        "def f():\n    global X\n    X = True\n",  # a global write (another module's X: conservative)
        "try:\n    pass\nexcept ValueError as X:\n    pass\n",  # an except target
        "for X in range(2):\n    pass\n",  # a loop target
        "def f(X=True):\n    return X\n",  # a parameter
        "from app.flags import run as X\n",  # an alias
        "import unittest.mock\n\nunittest.mock.patch('app.flags.X', True)\n",  # a string
        "X = False\n",  # a second binding, even to False
    ],
)
def test_a_constant_written_or_named_anywhere_guards_nothing(tmp_path: Path, writer: str) -> None:
    g = guards(tmp_path, {"app/writer.py": writer})
    assert not g.regions
    assert not g.only_called_there("load")


def test_a_function_also_named_outside_a_guard_runs(tmp_path: Path) -> None:
    for extra in (
        "from app.flags import load\n\nhandlers = [load]\n",  # handed on
        "import app.flags\n\nNAME = getattr(app.flags, 'load')\n",  # named by a string
    ):
        g = guards(tmp_path / str(len(extra)), {"app/other.py": extra})
        assert g.covers("app/flags.py", 10)
        assert not g.only_called_there("load")


# -- fallbacks for a path the package ships (shipped_path_fallbacks) -----------------------------


def fallbacks(
    root: Path, server: str, shipped: tuple[str, ...]
) -> dict[str, list[tuple[int, int]]]:
    files = {"pkg/__init__.py": "", "pkg/server.py": server, **dict.fromkeys(shipped, "x\n")}
    for rel, src in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(src)
    found = audit(root, Options(use_cache=False, select=["STR001"])).project.shipped_path_fallbacks
    return [n for n in range(1, 20) if found.covers("pkg/server.py", n)]


SERVER_TEMPLATE = """\
import pathlib
from pathlib import Path as P

ROOT = P(__file__).resolve().parent
if {test}:
    a = 1
else:
    b = 2
"""


@pytest.mark.parametrize(
    ("test", "shipped", "dead"),
    [
        ('(ROOT / "web").exists()', ("pkg/web/index.html",), [8]),
        ('ROOT.joinpath("web", "index.html").is_file()', ("pkg/web/index.html",), [8]),
        (
            'pathlib.Path(__file__).parent.joinpath("web/ui").is_dir()',
            ("pkg/web/ui/a.js",),
            [8],
        ),
        ('not (ROOT / "web").exists()', ("pkg/web/index.html",), [6]),
        (
            '(ROOT / "web").is_dir() and (ROOT / "web" / "index.html").exists()',
            ("pkg/web/index.html",),
            [8],
        ),
        # not proven: a missing path (it may be built at run time), a folder tested as a
        # file, a path above the module's folder, a test that is not all shipped paths
        ('(ROOT / "web").exists()', (), []),
        ('(ROOT / "web").is_file()', ("pkg/web/index.html",), []),
        ('(ROOT.parent / "web").exists()', ("web/index.html",), []),
        ('(ROOT / ".." / "web").exists()', ("web/index.html",), []),
        ('(ROOT / "web").exists() or DEV', ("pkg/web/index.html",), []),
        ('(ROOT / "web").exists() and DEV', ("pkg/web/index.html",), []),
    ],
)
def test_a_branch_taken_only_when_a_shipped_path_is_missing_never_runs(
    tmp_path: Path, test: str, shipped: tuple[str, ...], dead: list[int]
) -> None:
    found = fallbacks(tmp_path, SERVER_TEMPLATE.format(test=test), shipped)
    assert found == dead


def test_a_path_constant_bound_twice_proves_nothing(tmp_path: Path) -> None:
    server = 'from pathlib import Path\n\nWEB = Path(__file__).parent / "web"\n'
    server += "if WEB.exists():\n    a = 1\nelse:\n    b = 2\n\n\ndef use_other() -> None:\n"
    server += '    global WEB\n    WEB = Path("/srv/web")\n'
    assert fallbacks(tmp_path, server, ("pkg/web/index.html",)) == []
