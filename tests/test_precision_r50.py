"""Round 50 (H54's flawed rows), lead: fixes that would break the project are not offered."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_pyd001_offers_no_fix_when_the_project_reads_model_config(tmp_path):
    # plombery-multidb pipeline/trigger.py:17: routers/pipelines.py:34 and :45 read
    # `Trigger.Config.json_encoders`; replacing `class Config` would break both routes
    [found] = _run("PYD001", "code elsewhere reads `Trigger.Config`", tmp_path)
    assert found.fix is not None and found.fix.diff is None
    assert found.fix.title == (
        "Move the settings into `model_config = ConfigDict(...)` by hand (`Trigger.Config` "
        "is read at app/routes.py:7, which fails once the class is gone)"
    )


def test_sec001_sees_the_session_middleware_added_by_class(tmp_path):
    # zmp-manual-backend main.py:509-516: `app.add_middleware(SessionMiddleware, ...,
    # same_site="lax")`; the finding said "no cookie or HTTP authentication found"
    [found] = _run("SEC001", "the session middleware handed to `add_middleware`", tmp_path)
    assert "every same-site origin" in found.message
    assert "no cookie or HTTP authentication found" not in found.message
