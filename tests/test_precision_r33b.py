"""Round 33 (H39), helper r33b: STR002's declared home for the API's models, pinned by the
text it produces."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_str002_a_module_declared_the_apis_models_home(tmp_path):
    # mosesaic-server mosesaic/server/routes/agents.py:14, orchestrate.py:15, :21,
    # workflows.py:12: mosesaic/server/models.py says it holds the REST API's request and
    # response Pydantic models (a dataclass so far): not a new routes/schemas.py
    [found] = _run("STR002", "a module whose docstring declares it", tmp_path)
    assert found.message == (
        "`JobIn` (a Pydantic model) is defined in the router module `crew/api/routes/jobs.py`: "
        "move it to `crew/api/models.py`"
    )


def test_str002_a_models_module_declared_for_something_else(tmp_path):
    [found] = _run("STR002", "the other side of the declared-home trap", tmp_path)
    assert found.message == (
        "`JobIn` (a Pydantic model) is defined in the router module `mill/api/routes/jobs.py`: "
        "move it to the `mill/schemas/` package"
    )
