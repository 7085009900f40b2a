"""Round 42 (H48), helper r42b: the findings of PRD001, SEC007, RTE002, SET005 and LOG001
that the judged sheet showed false, pinned by the text the checks produce."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_prd001_a_constant_status_in_a_json_response_at_the_root_is_a_probe(tmp_path):
    # dokku-api src/api/app.py:30: GET / answers `JSONResponse(status_code=200,
    # content={"status": "OK", ...})`, the route the compose healthcheck curls
    assert (
        _run("PRD001", "`GET /` that only answers a constant status wrapped", tmp_path, "good")
        == []
    )
    [found] = _run("PRD001", "a root page with a constant greeting", tmp_path / "bad")
    assert (found.line, found.message) == (
        4,
        "no health-check route (`GET /health`, `/healthz`, `/ready` ...) in the application: "
        "a probe can only check the open port or call a route that does other work",
    )
