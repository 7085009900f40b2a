"""Round 37 (H43), helper r37b: the findings of RTE002, RTE004, ASY004 and DBS005 that the
judged sheet showed false (or true with a defect), pinned by the text the check produces."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_rte002_a_loopback_server_whose_config_is_imported_after_the_app(tmp_path):
    # ccproxy-api plugins/claude_api/detection_service.py:252 and codex/detection_service.py
    # :309: `temp_app = FastAPI()`, then `from uvicorn import Config, Server` and
    # `Server(Config(temp_app, host="127.0.0.1", ...))`; the check's look-ahead from the
    # app had resolved `Config` before the walk reached the import, and the stale answer
    # hid the server
    assert _run("RTE002", "a temporary capture server", tmp_path / "good", "good") == []
    [found] = _run("RTE002", "the other side of the temporary capture", tmp_path / "bad")
    assert (found.path, found.line, found.message) == (
        "probe/relay.py",
        6,
        "`FastAPI(...)` sets none of `openapi_url`, `docs_url`, `redoc_url`: `Relay` serves "
        "`/docs` and `/openapi.json` in every environment",
    )
