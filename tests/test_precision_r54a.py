"""Round 54 helper A (H57 rows): SET005's advice for a variable the settings already read,
SET004's hand-written module-global cache."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_set005_a_variable_the_settings_already_read_is_to_be_read_from_them(tmp_path):
    # mcp-hub-cli db/database.py:17 (config.py:57 `DATABASE_URL: str =
    # _require_env("MCP_HUB_DATABASE_URL")`) and minix bootstrap.py:108-109
    # (global_settings.py:65 `CELERY_CONNECTIONS = {... env("CELERY_BROKER_URL", ...)}`):
    # "declare it on a settings class" advised declaring it a second time.
    found = {f.path: f for f in _run("SET005", "raw reads of variables a plain settings", tmp_path)}
    assert found["svc/db.py"].message == (
        '`os.environ.get("SVC_DB_URL")` reads the environment outside the settings: the '
        "settings already read `SVC_DB_URL` into `svc.config.Settings.DB_URL`; read that "
        "setting instead of declaring the variable again"
    )
    assert found["svc/jobs.py"].message == (
        '`os.getenv("SVC_BROKER_URL")` reads the environment outside the settings: the '
        "settings already read `SVC_BROKER_URL` into `svc.config.QUEUES`; read that "
        "setting instead of declaring the variable again"
    )
    fix = found["svc/jobs.py"].fix
    assert fix is not None and fix.title == "Read the setting the project already declares"
    # a client class outside the configuration is no declaration: the advice stays
    assert found["svc/auth.py"].message.endswith("declare `SVC_TOKEN` on a settings class")
