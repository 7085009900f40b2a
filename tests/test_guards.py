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
