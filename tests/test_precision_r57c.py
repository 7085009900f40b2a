"""Round 57 helper C (H60 rows): SET005's advice for a variable a project helper already
reads through the project's accessor of the environment."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_set005_a_variable_a_helper_already_reads_is_read_by_calling_it(tmp_path):
    # agent-bom api/routes/demo_estate.py:78 (demo_estate/__init__.py:6-8
    # `demo_estate_enabled()` returns `env_str("AGENT_BOM_DEMO_ESTATE", "").lower() in
    # TRUTHY`): "declare it on a settings class" advised declaring it a second time.
    found = {
        f.line: f for f in _run("SET005", "raw reads beside a helper that hands out", tmp_path)
    }
    assert found[10].message == (
        '`os.environ.get("APP_SHOWCASE")` reads the environment outside the settings: the '
        "project already reads `APP_SHOWCASE` through its settings' accessor in "
        "`app.showcase.showcase_enabled()`; call that helper instead of reading the "
        "variable again"
    )
    fix = found[10].fix
    assert fix is not None and fix.title == (
        "Call the project's helper that already reads the variable"
    )
    # only a private helper of another module reads the other variable: the advice stays
    assert found[11].message.endswith("declare `APP_SHOWCASE_SLOW` on a settings class")
