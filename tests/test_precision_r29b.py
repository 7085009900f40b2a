"""Round 29 (H35), helper r29b: the homes the STR002 advice names, pinned by the text it
produces."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_str002_a_routers_own_models_module(tmp_path):
    # aiperf operator/routers/admin.py:32, config.py:18, validate.py:18 and :32 beside
    # jobs_models.py, sweeps_models.py and results_schemas.py: not a new routers/models.py
    [found] = _run("STR002", "the routers' folder keeps each router's models", tmp_path)
    assert found.message == (
        "`PurgeOut` (a Pydantic model) is defined in the router module `ops/routers/purge.py`: "
        "move it to `ops/routers/purge_models.py`"
    )


def test_str002_the_module_the_sibling_routers_import_models_from(tmp_path):
    # bernstein core/routes/acp.py:85, auth.py:78, orchestrator_holds.py:64, task_trace.py:59:
    # 22 sibling routers import theirs from core/server/server_models.py (re-exported by the
    # package), not a new routes/schema.py
    [found] = _run("STR002", "the sibling routers import their models from one", tmp_path)
    assert found.message == (
        "`HoldOut` (a Pydantic model) is defined in the router module `hub/routes/holds.py`: "
        "move it to `hub/server/api_models.py`"
    )


def test_rte001_an_annotated_local_is_read_like_an_assignment(tmp_path):
    # bernstein core/routes/agents.py:208: `out: list[dict[str, Any]] = [_serialize_agent(...)
    # for ...]`, each item a display built by hand, was said to go out unfiltered
    [found] = _run("RTE001", "a list annotated where it is built", tmp_path)
    assert found.message == (
        "`GET /workers` (`workers`) returns `list[dict[str, Any]]`, which is not a response "
        "model: its result is undocumented in OpenAPI"
    )
