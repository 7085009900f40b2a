"""Round 49 (H55), lead: a route documenting its success answer through ``responses=``."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_rte001_a_success_model_in_responses_documents_the_route(tmp_path):
    # webhook-testing routes/diagnostics.py:23: `responses={status.HTTP_200_OK: {"model":
    # HealthCheckResponse}}`; examuploader api/endpoints/upload.py:24 the same with a
    # 403 beside it: FastAPI's get_openapi_path documents the 200 answer with the model
    assert _run("RTE001", "the route's own success status given a model", tmp_path, "good") == []
    [found] = _run("RTE001", "a model in `responses=` for another status", tmp_path / "b")
    assert found.message == (
        "`GET /health` (`health`) returns `Health` objects but declares no return type: the "
        "response is undocumented in OpenAPI (annotate `-> Health`)"
    )
