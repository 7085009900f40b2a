"""Round 42 (H48), helper r42a: the findings of PRD001 that the judged sheet showed with a
wrong fix, pinned by the text the check produces."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_prd001_advises_the_fastmcp_server_for_an_app_served_only_through_it(tmp_path):
    # ib-fastmcp-server fastapi_server.py:23: the app is only handed to
    # `FastMCP.from_fastapi`; a FastAPI route would become an MCP tool, not a probe path
    [found] = _run("PRD001", "an app served only through FastMCP", tmp_path)
    assert (found.path, found.line, found.message) == (
        "app/main.py",
        4,
        "no health-check route (`GET /health`, `/healthz`, `/ready` ...) in the application: "
        "a probe can only check the open port or call a route that does other work; the app "
        "is served only through FastMCP (`FastMCP.from_fastapi`), where a route becomes an "
        'MCP tool: add `@mcp.custom_route("/health", methods=["GET"])` on the FastMCP server',
    )
    assert found.fix.title == (
        'Add a cheap `@mcp.custom_route("/health", methods=["GET"])` liveness route on the '
        "FastMCP server"
    )
