"""Round 38 (H44), helper r38a: the findings of ERR002 that the judged sheets showed false,
pinned by the text the check produces."""

from __future__ import annotations

import pytest

from auditor.engine import analyze_module
from auditor.testing import run_noted_example as _run


def test_err002_a_file_operation_on_a_path_the_route_publishes(tmp_path):
    # initrunner dashboard/routers/agents.py:325-329 (read_text of dr.path, answered with
    # "path": str(dr.path)), flow.py:250-260 and teams.py:242-247 (asyncio.to_thread of
    # path.write_text / path.unlink, answered with path=str(path)): `except OSError` only
    assert (
        _run("ERR002", "each `try` only reads or deletes one file", tmp_path / "good", "good") == []
    )
    [found] = _run("ERR002", "the other side of the published path", tmp_path / "bad")
    assert (found.path, found.line, found.message) == (
        "app/main.py",
        21,
        '`f"...{e}"` from `except OSError` is sent to the client in '
        "`HTTPException(detail=...)`: it can leak SQL, hosts, paths or credentials",
    )


def test_err002_a_singleton_whose_methods_hand_on_to_stopping_ones(tmp_path):
    # socrates-core-api routers/library_integrations.py:929-945: get_orchestrator() builds
    # the APIOrchestrator singleton (its __init__ calls _initialize_* methods that each
    # catch Exception) and call_llm catches everything; database.py:299-301 load_project is
    # `return self.get_project(project_id)` (a one-line delegation)
    assert _run("ERR002", "the `try` only gets a singleton", tmp_path / "good", "good") == []
    [found] = _run("ERR002", "the other side of the relayed calls", tmp_path / "bad")
    assert (found.path, found.line, found.message) == (
        "app/main.py",
        14,
        "`str(e)` from `except Exception` is sent to the client in "
        "`HTTPException(detail=...)`: it can leak SQL, hosts, paths or credentials",
    )


_RELAYING = """\
import logging

import httpx

from app.store import save

log = logging.getLogger(__name__)


class Client:
    def __init__(self, url):
        self.url = url

    def send(self, body):
        {body}
"""


@pytest.mark.parametrize(
    ("body", "relays"),
    [
        ("return self.post(body)", ("self:post",)),
        ("return save(body)", ("fn:app.store.save",)),
        ("log.info('sending'); return save(body)", ("fn:app.store.save",)),
        ("return httpx.post(self.url, json=body)", None),  # a library call
        ("return httpx.Client(base_url=self.url)", None),  # a library's constructor
        ("return self.url", None),  # no project call: nothing relayed
        ("raise ValueError(body)", None),
    ],
)
def test_relays_errors_gathers_the_project_calls_a_function_comes_down_to(body, relays):
    facts = analyze_module(
        "app/client.py", _RELAYING.replace("{body}", body).encode(), "app", frozenset({"app"})
    )
    assert facts.functions["app.client.Client.send"].relays_errors == relays
