"""Issue 12: SET005 asks, per env read, which statements of the module name the read's
function (``_sole_public_caller``, ``_module_helper_params``); the answers are kept per module
(``ctx.state``) and per function node, so two modules' helpers of the same name must not
share them."""

from __future__ import annotations

import ast

from auditor.check import Example
from auditor.testing import run_example
from checks import by_id
from checks.set005_env_read_outside_settings import (
    _module_helper_params,
    _sole_public_caller,
    _State,
)
from checks.set005_env_read_outside_settings.examples import _REALTIME_FACTORY as HELPER


def test_same_named_helpers_of_two_modules_are_judged_each_by_its_own_module(tmp_path):
    # factory.py: the helper's one caller is a public factory nothing calls (its callers give
    # the value: exempt); other.py: the same text, plus a module-level call (reported)
    example = Example(
        files={
            "app/main.py": "from fastapi import FastAPI\n\nimport app.realtime\n"
            "import app.other\n\napp = FastAPI()\n",
            "app/realtime/__init__.py": "from app.realtime.factory import create_realtime_app\n\n"
            '__all__ = ["create_realtime_app"]\n',
            "app/realtime/factory.py": HELPER,
            "app/other.py": HELPER + "\n\nSERVERS = _load_servers(None)\n",
        }
    )
    findings, _ = run_example(by_id()["SET005"], example, tmp_path)
    assert [(f.path, f.line) for f in findings] == [("app/other.py", 10)]


def test_the_module_statements_are_indexed_once_and_answer_as_a_walk_would():
    tree = ast.parse(
        HELPER + "\n\nclass Box:\n    def __init__(self, s):\n        self.s = _load_servers(s)\n"
    )
    fn = tree.body[3]
    assert isinstance(fn, ast.FunctionDef) and fn.name == "_load_servers"
    state = _State()
    assert _sole_public_caller(fn, tree, state) is None  # the class names it too
    known = dict(state.statement_names)
    assert _sole_public_caller(fn, tree, state) is None
    assert state.statement_names == known  # no statement indexed twice
    assert _module_helper_params(fn, tree, state) == set()  # a public function calls it
    assert state.helper_params[fn] is _module_helper_params(fn, tree, state)
    alone = ast.parse(HELPER)
    assert _sole_public_caller(alone.body[3], alone, _State()) == (
        "create_realtime_app",
        {"configured"},
    )
