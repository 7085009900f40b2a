"""``rebound_names`` given the module's text skips the walk for ``global`` statements where the
text never says ``global``, and answers as without it (issue 12)."""

from __future__ import annotations

import ast

from auditor.rebound import rebound_names

WITH_GLOBAL = b"""\
from .deps import get_db, settings

def get_db():
    return None

settings = {}

def reset():
    global settings
    settings = {}
"""

WITHOUT_GLOBAL = WITH_GLOBAL.replace(b"    global settings\n", b"")


def _names(source: bytes, given: bool) -> set[str]:
    found = rebound_names(ast.parse(source), source if given else None)
    return {n for n in ("get_db", "settings") if found is not None and n in found}


def test_the_text_gate_answers_as_the_walk() -> None:
    assert _names(WITH_GLOBAL, True) == _names(WITH_GLOBAL, False) == {"get_db"}
    assert _names(WITHOUT_GLOBAL, True) == _names(WITHOUT_GLOBAL, False) == {"get_db", "settings"}
