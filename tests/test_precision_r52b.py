"""Round 52, helper B (H55's tavily-mcp rows): code reached only through a registration on a
FastMCP server that nothing starts (no ``run()``, no app mounts it, nothing imports it, no
command runs its file) never runs, and a FastAPI ``Depends`` default of an MCP tool is no
FastAPI dependency."""

from __future__ import annotations

from pathlib import Path

from auditor.engine import Options, audit
from auditor.project import Project

TOOLS = """\
import os

from fastapi import Depends, FastAPI
from fastmcp import FastMCP

app = FastAPI()
mcp = FastMCP("Catalogue")


def token() -> str:
    return os.getenv("CATALOGUE_TOKEN", "")


def check_key() -> str:
    return os.getenv("KEY", "")


@mcp.tool
def lookup(sku: str, key: str = Depends(check_key)) -> str:
    return token() + sku


@mcp.resource("data://skus")
def skus() -> list[str]:
    return []


@app.get("/ping")
def ping() -> dict[str, bool]:
    return {"ok": True}
"""


def _project(root: Path, files: dict[str, str]) -> Project:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return audit(root, Options(use_cache=False, select=["STR001"])).project


def _reach(project: Project, name: str) -> str | None:
    r = project.reach(f"app.main.{name}")
    return r.kind if r is not None else None


def test_code_only_an_unstarted_servers_tools_reach_never_runs(tmp_path):
    p = _project(tmp_path, {"app/__init__.py": "", "app/main.py": TOOLS})
    assert set(p.unstarted_registrations) == {"app.main.lookup", "app.main.skus"}
    assert {n: _reach(p, n) for n in ("lookup", "skus", "token", "check_key", "ping")} == {
        "lookup": "unstarted",
        "skus": "unstarted",
        "token": "unstarted",
        "check_key": "unstarted",  # named only in a tool's ``Depends(...)`` default
        "ping": "request",
    }
    assert "app.main.check_key" not in p.dependency_functions
    assert not p.is_application_code("app/main.py", 11)  # ``token``'s read
    assert p.is_application_code("app/main.py", 30)  # the route


def test_a_helper_a_route_calls_too_stays_on_the_request_path(tmp_path):
    main = TOOLS.replace('return {"ok": True}', 'return {"ok": bool(token())}')
    p = _project(tmp_path, {"app/__init__.py": "", "app/main.py": main})
    assert _reach(p, "token") == "request"
    assert _reach(p, "lookup") == "unstarted"


def _started(tmp_path: Path, files: dict[str, str]) -> Project:
    return _project(tmp_path, {"app/__init__.py": "", **files})


def test_a_server_the_module_runs_is_started(tmp_path):
    p = _started(tmp_path, {"app/main.py": TOOLS + '\nif __name__ == "__main__":\n    mcp.run()\n'})
    assert p.unstarted_registrations == {}
    assert set(p.mcp_registrations) == {"app.main.lookup", "app.main.skus"}
    # FastMCP resolves its own dependencies: a FastAPI ``Depends`` there is none of FastAPI's
    assert "app.main.check_key" not in p.dependency_functions
    assert _reach(p, "token") is None


def test_a_server_an_app_mounts_is_started(tmp_path):
    p = _started(tmp_path, {"app/main.py": TOOLS + '\napp.mount("/mcp", mcp.http_app())\n'})
    assert p.unstarted_registrations == {}


def test_a_server_another_module_imports_is_started(tmp_path):
    runner = "from app.main import mcp\n\nmcp.run(transport='http')\n"
    p = _started(tmp_path, {"app/main.py": TOOLS, "app/serve.py": runner})
    assert p.unstarted_registrations == {}


def test_a_server_another_module_reaches_through_its_module_is_started(tmp_path):
    runner = "from app import main\n\nmain.mcp.run()\n"
    p = _started(tmp_path, {"app/main.py": TOOLS, "app/serve.py": runner})
    assert p.unstarted_registrations == {}


def test_a_server_the_command_line_runs_by_its_file_is_started(tmp_path):
    readme = "Run the tools with `fastmcp run app/main.py`.\n"
    p = _started(tmp_path, {"app/main.py": TOOLS, "README.md": readme})
    assert p.unstarted_registrations == {}


def test_a_server_handed_on_is_started(tmp_path):
    main = TOOLS + "\n\ndef server() -> FastMCP:\n    return mcp\n"
    p = _started(tmp_path, {"app/main.py": main})
    assert p.unstarted_registrations == {}


# -- apps whose every uvicorn command line binds a loopback host (openjarvis's shims) ---------

SHIM = '''"""Shim.

Usage:
    uvicorn kit.shim:app --host 127.0.0.1
"""

from fastapi import FastAPI

app = FastAPI()
'''


def _loopback_only(tmp_path: Path, launcher: str | None = None, shim: str = SHIM) -> bool:
    files = {"kit/__init__.py": "", "kit/shim.py": shim}
    if launcher is not None:
        files["kit/host.py"] = launcher
    p = _project(tmp_path, files)
    return p.served_only_on_loopback(p.apps["kit.shim.app"], False)


def test_a_usage_line_on_loopback_is_the_apps_only_server(tmp_path):
    assert _loopback_only(tmp_path)


def test_an_argument_list_binding_loopback_serves_on_loopback(tmp_path):
    argv = 'ARGV = ["uvicorn", "kit.shim:app", "--host=localhost", "--port", str(8000)]\n'
    assert _loopback_only(tmp_path, argv)


def test_an_argument_list_without_a_host_takes_uvicorns_default(tmp_path):
    assert _loopback_only(tmp_path, 'ARGV = ["python", "-m", "uvicorn", "kit.shim:app"]\n')


def test_an_argument_list_with_a_computed_host_may_bind_anywhere(tmp_path):
    argv = 'import os\nARGV = ["uvicorn", "kit.shim:app", "--host", os.environ["HOST"]]\n'
    assert not _loopback_only(tmp_path, argv)


def test_expanded_arguments_may_set_the_host(tmp_path):
    argv = 'EXTRA = ["--host", "0.0.0.0"]\nARGV = ["uvicorn", "kit.shim:app", *EXTRA]\n'
    assert not _loopback_only(tmp_path, argv)


def test_an_import_string_outside_a_uvicorn_command_may_serve_anywhere(tmp_path):
    assert not _loopback_only(tmp_path, 'TARGET = "kit.shim:app"\n')
    assert not _loopback_only(tmp_path / "g", 'ARGV = ["gunicorn", "kit.shim:app"]\n')


def test_a_usage_line_binding_every_interface_is_no_loopback(tmp_path):
    shim = SHIM.replace("--host 127.0.0.1", "--host 127.0.0.1\n    uvicorn kit.shim:app --host ::")
    assert not _loopback_only(tmp_path, shim=shim)


# -- a command's helper asked with a name found across the tree (openjarvis) -----------------


def test_one_costly_name_leaves_the_others_uses_known(tmp_path, monkeypatch):
    from auditor import scope

    big = "def run():\n    pass\n" + "".join(f"x{i} = run\n" for i in range(400))
    files = {
        "pkg/__init__.py": "",
        "pkg/big.py": big,
        "pkg/cmd.py": "from pkg.tools import helper\n\n\ndef cmd():\n    helper()\n",
        "pkg/tools.py": "def helper():\n    pass\n",
    }
    p = _project(tmp_path, files)
    monkeypatch.setattr(scope, "MAX_USES_BYTES", 1000)
    got = scope._affordable_uses(p, {"helper", "run"}, scope.UsesBudget())
    assert got is not None
    found, unread = got
    assert unread == {"run"}
    assert {(path, kind) for path, _line, kind in found["helper"]} == {
        ("pkg/cmd.py", "import"),
        ("pkg/cmd.py", "ref"),
    }


# -- a command held in a module-level dispatch table (lynx-mcp's ``_DISPATCH``) ---------------

CLI = """\
import argparse


def _cmd_pull(args: argparse.Namespace) -> int:
    return 0


_COMMANDS = {"pull": _cmd_pull}
_COMMANDS.update({"fetch": _cmd_pull})
{extra}

def main() -> int:
    args = argparse.ArgumentParser().parse_args()
    return _COMMANDS[args.command](args)


if __name__ == "__main__":
    raise SystemExit(main())
"""


def _command_only(tmp_path: Path, extra: str = "", others: dict[str, str] | None = None) -> bool:
    files = {
        "kit/__init__.py": "",
        "kit/cli.py": CLI.replace("{extra}", extra),
        "kit/app.py": "from fastapi import FastAPI\n\nimport kit.cli\n\napp = FastAPI()\n",
        **(others or {}),
    }
    p = _project(tmp_path, files)
    return "kit.cli._cmd_pull" in p.command_line_only(["kit.cli._cmd_pull"])


def test_a_command_in_a_table_only_main_uses_is_command_line_code(tmp_path):
    assert _command_only(tmp_path)


def test_another_modules_table_of_the_same_name_is_another_table(tmp_path):
    other = {
        "kit/web.py": "_COMMANDS = {}\n\n\ndef run(name: str) -> None:\n    _COMMANDS[name]()\n"
    }
    assert _command_only(tmp_path, others=other)


def test_a_table_run_at_module_level_runs_on_import(tmp_path):
    assert not _command_only(tmp_path, extra='_COMMANDS["pull"](None)\n')


def test_a_table_another_module_imports_may_run_there(tmp_path):
    web = "from kit.cli import _COMMANDS\n\n\ndef run(name: str) -> int:\n    return _COMMANDS[name](None)\n"
    assert not _command_only(tmp_path, others={"kit/web.py": web})
