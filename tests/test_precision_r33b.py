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
        "move it to a new `mill/schemas/` package"
    )


def test_mig001_alembic_a_dependency_but_no_environment_in_the_tree(tmp_path):
    # wafpass-server wafpass_server/models.py:18: alembic is a dependency of the wheel, whose
    # repository keeps the Alembic environment (README: revisions run by entrypoint.sh):
    # the advice points at it rather than "Set up Alembic (alembic init ...)"
    [found] = _run("MIG001", "Alembic declared but no migration environment", tmp_path)
    assert found.message == (
        "ORM models (`Secret`) and Alembic declared as a dependency, but no migration "
        "environment in the audited tree (no `alembic.ini`, `[tool.alembic]` or migration "
        "folder): the migrations may live outside it (the repository, a deploy script); check "
        "that they are kept and shipped"
    )
    assert found.fix is not None and found.fix.title == (
        "Find the Alembic environment (`alembic.ini`, `versions/`) the dependency is for, keep "
        "it with the code and ship it, or run it where the package is deployed; `alembic init` "
        "only if there is none"
    )


def test_tst004_startup_handlers_that_only_log_are_information(tmp_path):
    # felesh-framework .../event-driven-cqrs/fastapi/tests/conftest.py:403: the skipped
    # on_event("startup") handler only prints a line (main.py:53-57)
    only_logs, calls = _run("TST004", "startup handlers that only write a line", tmp_path)
    assert (str(only_logs.severity), only_logs.message) == (
        "info",
        '`ASGITransport(app=app)` never runs the app\'s startup (`on_event("startup")` '
        "handlers on `app.main.app`, which only log): wrap the app in "
        "`asgi_lifespan.LifespanManager`",
    )
    assert (str(calls.severity), calls.message) == (
        "warning",
        '`ASGITransport(app=audit.app)` never runs the app\'s startup (`on_event("startup")` '
        "handlers on `app.audit.app`): wrap the app in `asgi_lifespan.LifespanManager`",
    )
