"""Round 56 helper A (H59 rows): SET005 on an SDK's own variable that the project's code
fills in for that SDK's client, and a presence test of it elsewhere."""

from __future__ import annotations

import ast

from auditor.testing import run_noted_example as _run
from checks.set005_env_read_outside_settings import _fills_unset


def _if(source: str) -> tuple[ast.If, ast.stmt, ast.expr]:
    guard = ast.parse(source).body[0]
    assert isinstance(guard, ast.If)
    stmt = guard.body[0]
    assert isinstance(stmt, ast.Assign)
    return guard, stmt, stmt.targets[0]


def test_set005_a_slot_filled_only_when_unset():
    # fastband-mcp providers/ollama.py:64 `if not self.config.base_url: self.config.base_url
    # = os.getenv("OLLAMA_HOST", ...)`, later `AsyncClient(host=self.config.base_url)`
    assert _fills_unset(*_if("if not self.cfg.url:\n    self.cfg.url = getenv('X')\n"))
    assert _fills_unset(*_if("if key is None:\n    key = getenv('X')\n"))
    # another slot tested, or the value required rather than defaulted: not a fallback
    assert not _fills_unset(*_if("if not self.cfg.token:\n    self.cfg.url = getenv('X')\n"))
    assert not _fills_unset(*_if("if key:\n    key = getenv('X')\n"))
    assert not _fills_unset(*_if("if key is not None:\n    key = getenv('X')\n"))


def test_set005_the_sdk_slot_rule_keeps_the_application_s_own_uses(tmp_path):
    # the other side of fastband-mcp's and mashpy's rows: the filled attribute goes to the
    # application's own HTTP client, and a presence test of a variable no code hands to
    # its SDK's client
    found = sorted(
        (f.path, f.line) for f in _run("SET005", "the other side of the SDK's slot", tmp_path)
    )
    assert found == [("app/embed.py", 13), ("app/pick.py", 5)]


def test_set005_the_sdk_slot_traps_are_not_reported(tmp_path):
    for note in ("a provider class fills its option", "trap: the chooser only tests"):
        assert _run("SET005", note, tmp_path / note[:8], kind="good") == []
