"""Round 40 (H46), helper r40b: the findings of STR002, RTE001, RTE004, RTE002, PRD001 and
ERR002 that the judged sheet showed false or with a wrong message or fix, pinned by the text
the checks produce."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_str002_names_the_projects_prefixed_models_module(tmp_path):
    # ruvon-server api/device_approvals.py:32, api/device_suggestions.py:29,34,52: told to
    # move to a new api/schemas.py while the project keeps its 33 REST models, imported by
    # main.py, in ruvon_server/api_models.py
    [found] = _run("STR002", "the project keeps its API models in a module named", tmp_path / "a")
    assert (found.path, found.line, found.message) == (
        "fleet/routes/approvals.py",
        7,
        "`ApprovalIn` (a Pydantic model) is defined in the router module "
        "`fleet/routes/approvals.py`: move it to `fleet/api_models.py`",
    )
    [found] = _run("STR002", "the other side of the prefixed-home", tmp_path / "b")
    assert found.message == (
        "`ApprovalIn` (a Pydantic model) is defined in the router module "
        "`fleet/routes/approvals.py`: move it to `fleet/routes/schemas.py`"
    )
