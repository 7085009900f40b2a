"""Round 61, helper C (H67's llm-evaluation-system rows): a server whose host is a parameter
defaulting to a loopback literal listens on loopback when every caller keeps the default,
and a server handed an app a library builds (``app = mcp.streamable_http_app()``) serves
none of the project's apps."""

from __future__ import annotations

from pathlib import Path

from auditor.engine import Options, audit
from auditor.project import Project

COLLECTOR = """\
import uvicorn
from fastapi import FastAPI


def start(host: str = "127.0.0.1", port: int = 0) -> None:
    app = FastAPI()
    uvicorn.run(app, host=host, port=port)
"""


def _project(root: Path, files: dict[str, str]) -> Project:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return audit(root, Options(use_cache=False, select=["RTE002"])).project


def _loopback(tmp_path: Path, caller: str, extra: dict[str, str] | None = None) -> bool:
    files = {"kit/__init__.py": "", "kit/collector.py": COLLECTOR, "kit/run.py": caller}
    p = _project(tmp_path, {**files, **(extra or {})})
    return p.served_only_on_loopback(p.apps["kit.collector.start.<locals>.app"], literal=True)


KEEPS = "from kit.collector import start\n\n\ndef go() -> None:\n    start(port=9)\n"


def test_a_host_parameter_every_caller_keeps_is_loopback(tmp_path):
    assert _loopback(tmp_path, KEEPS)


def test_a_caller_passing_the_host_by_keyword_may_bind_anywhere(tmp_path):
    caller = KEEPS.replace("start(port=9)", 'start(host="0.0.0.0")')
    assert not _loopback(tmp_path, caller)


def test_a_caller_passing_the_host_by_position_may_bind_anywhere(tmp_path):
    caller = KEEPS.replace("start(port=9)", 'start("0.0.0.0")')
    assert not _loopback(tmp_path, caller)


def test_a_caller_expanding_keywords_may_pass_the_host(tmp_path):
    caller = KEEPS.replace("start(port=9)", "start(**{})")
    assert not _loopback(tmp_path, caller)


def test_a_host_parameter_nobody_calls_is_not_proven(tmp_path):
    assert not _loopback(tmp_path, "X = 1\n")


def test_a_rebound_host_parameter_is_not_its_default(tmp_path):
    rebound = COLLECTOR.replace(
        "    app = FastAPI()", '    host = host or "0.0.0.0"\n    app = FastAPI()'
    )
    files = {"kit/__init__.py": "", "kit/collector.py": rebound, "kit/run.py": KEEPS}
    p = _project(tmp_path, files)
    assert not p.served_only_on_loopback(p.apps["kit.collector.start.<locals>.app"])


BRIDGE = """\
import os

import uvicorn
from mcp.server.fastmcp import FastMCP

tools = FastMCP("kit")


def serve() -> None:
    app = tools.streamable_http_app()
    uvicorn.run(app, host=os.environ["HOST"])
"""


def test_a_library_built_app_on_another_host_serves_none_of_the_projects(tmp_path):
    assert _loopback(tmp_path, KEEPS, {"kit/bridge.py": BRIDGE})


def test_a_library_app_handed_a_name_may_wrap_a_project_app(tmp_path):
    wraps = BRIDGE.replace("tools.streamable_http_app()", "wrap(other)").replace(
        "tools = FastMCP", "from socketio import ASGIApp as wrap\nother = None\ntools = FastMCP"
    )
    assert not _loopback(tmp_path, KEEPS, {"kit/bridge.py": wraps})


ENTRY_POINTS = """\
[console_scripts]
board = board.cli:main

[atlas.plugins]
tiles = board.plugin:TilesPlugin
maps = board.maps
"""


def test_plugin_entry_points_are_those_of_groups_that_install_no_command(tmp_path):
    files = {
        "board/__init__.py": "",
        "board/cli.py": "def main() -> None: ...\n",
        "board/plugin.py": "class TilesPlugin: ...\n",
        "board/maps.py": "",
        "board-1.0.dist-info/entry_points.txt": ENTRY_POINTS,
    }
    p = _project(tmp_path, files)
    assert p.plugin_entry_points == {("board.plugin", "TilesPlugin"), ("board.maps", "")}
