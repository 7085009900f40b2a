"""Round 37 (H43), helper r37c: the findings of ERR002, SET005 and DEP001 that the judged
sheet showed false (or true with a defect), pinned by the text the check produces."""

from __future__ import annotations

import pytest

from auditor.engine import analyze_module
from auditor.testing import run_noted_example as _run


def test_err002_a_callee_reporting_its_errors_on_the_console_stops_them(tmp_path):
    # pyarchinit-mini api/graphml.py:102-118: convert_dot_content_to_graphml
    # (graphml_converter/converter.py:297-330) ends its catch-all clause with `import
    # traceback; traceback.print_exc()` and `return None`
    assert (
        _run(
            "ERR002",
            "the `try` only calls a project function whose catch-all clause prints",
            tmp_path / "good",
            "good",
        )
        == []
    )
    [found] = _run("ERR002", "the other side of the console report", tmp_path / "bad")
    assert (found.path, found.line, found.message) == (
        "app/main.py",
        16,
        '`f"...{e}"` from `except Exception` is sent to the client in '
        "`HTTPException(detail=...)`: it can leak SQL, hosts, paths or credentials",
    )


_REPORTING = """\
import logging
import sys
{imports}

def work(path):
    try:
        return open(path).read()
    except Exception as e:
{clause}
        return None
"""


@pytest.mark.parametrize(
    ("imports", "clause", "swallows"),
    [
        ("", '        print(f"failed: {e}")', True),
        ("import traceback", "        traceback.print_exc()", True),
        ("", "        import traceback as tb\n        tb.print_exception(e)", True),
        ("from traceback import print_exc", "        print_exc()", True),
        ("import traceback", "        return traceback.format_exc()", False),  # a value
        ("import traceback", '        traceback.print_exc(file=open("x.log", "a"))', False),
        ("", '        sys.stderr.write(f"{e}")', False),  # not read as a report
    ],
)
def test_a_console_report_in_the_catch_all_clause_stops_the_error(imports, clause, swallows):
    source = _REPORTING.format(imports=imports, clause=clause)
    facts = analyze_module("app/jobs.py", source.encode(), "app", frozenset({"app"}))
    assert facts.functions["app.jobs.work"].swallows_errors is swallows


def test_set005_a_variable_of_a_nested_settings_model_is_declared(tmp_path):
    # ccproxy-api auth/managers/base.py:64: AUTH__CREDENTIALS_TTL_SECONDS is Settings.auth's
    # credentials_ttl_seconds under env_nested_delimiter="__"; llms/.../requests.py:364
    # LLM__OPENAI_THINKING_XML is the field of a model class defined in the settings' body
    found = _run("SET005", "raw reads of variables the settings declare through a nested", tmp_path)
    assert [(f.line, f.message) for f in found] == [
        (
            5,
            '`os.getenv("CACHE__TTL_SECONDS")` reads the environment outside the settings: '
            "the settings already declare it (`cache.ttl_seconds`); read that field instead",
        ),
        (
            9,
            '`os.getenv("LIMITS__BURST")` reads the environment outside the settings: '
            "the settings already declare it (`limits.burst`); read that field instead",
        ),
        (
            13,
            '`os.getenv("CACHE__GRACE_SECONDS")` reads the environment outside the settings: '
            "declare `CACHE__GRACE_SECONDS` on a settings class",
        ),
        (
            17,
            '`os.getenv("CACHE__TTL_SECONDS")` reads the environment outside the settings: '
            "the settings already declare it (`cache.ttl_seconds`); read that field instead",
        ),
        (
            # ccproxy-api requests.py:366: the old name, read only when
            # LLM__OPENAI_THINKING_XML is not set
            19,
            '`os.getenv("SHOP_CACHE_TTL")` reads the environment outside the settings: it is '
            "read only when `CACHE__TTL_SECONDS` is not set, which the settings already "
            "declare (`cache.ttl_seconds`); read that field, with `SHOP_CACHE_TTL` as another "
            "name for it if it must keep working, not a second setting",
        ),
        (
            24,
            '`os.getenv("CACHE__GRACE_SECONDS")` reads the environment outside the settings: '
            "declare `CACHE__GRACE_SECONDS` on a settings class",
        ),
        (
            24,  # falls back from a variable no settings declare: plain advice
            '`os.getenv("SHOP_GRACE")` reads the environment outside the settings: '
            "declare `SHOP_GRACE` on a settings class",
        ),
    ]


def test_dep001_a_module_s_own_dependency_is_not_counted_with_the_import_it_shadows(tmp_path):
    # socrates-core-api routers/security.py:50: `get_database` is the module's own (:26,
    # after the import at :18), not socrates_api.database.get_database, which 121 other
    # signatures share
    found = _run("DEP001", "a module's own `get_db` defined after an import", tmp_path)
    shared = "; `Depends(get_db)` is repeated in 3 signatures: define `DbDep = "
    by_place = {(f.path, f.line): f.message for f in found}
    assert by_place[("app/items.py", 9)].endswith(shared + "Annotated[str, Depends(get_db)]` once")
    assert by_place[("app/audit.py", 13)] == (
        "parameter `db` declares `Depends(get_db)` as its default value: use "
        "`db: Annotated[str, Depends(get_db)]` (ruff FAST002)"
    )


def test_set005_a_key_the_command_line_makes_for_its_server_is_a_channel(tmp_path):
    # credit-agricole-uapi api_server.py:21 reads CA_UAPI_KEY, which cli.py:324-332 makes
    # with secrets.token_urlsafe and writes into the environment of the server it spawns
    assert _run("SET005", "a key the project's own command line", tmp_path / "good", "good") == []
    [found] = _run("SET005", "the other side of the generated key", tmp_path / "bad")
    assert (found.path, found.line, found.message) == (
        "vault/api.py",
        10,
        '`os.getenv("VAULT_API_KEY")` reads the environment outside the settings: declare '
        "`VAULT_API_KEY` on a settings class",
    )


def test_set005_a_module_a_confz_settings_class_imports_is_a_cycle(tmp_path):
    # workplanner const.py:19: get_homepath reads PYTEST and locates the .env of
    # `class Settings(ConfZ)`, whose module imports const; app.py:27 stays reported
    assert _run("SET005", "a read in a module a ConfZ settings", tmp_path / "good", "good") == []
    [found] = _run("SET005", "the other side of the ConfZ settings' import", tmp_path / "bad")
    assert (found.path, found.line, found.message) == (
        "planner/main.py",
        13,
        '`os.environ.get("PLANNER_SANDBOX")` reads the environment outside the settings: '
        "declare `PLANNER_SANDBOX` on a settings class",
    )


def test_set005_a_command_the_wheel_installs_is_an_entry_point(tmp_path):
    # pyarchinit-mini api/__init__.py:78-79: run_server, only the `pyarchinit-mini-api`
    # console script of entry_points.txt, reads the port and reload flag it hands to
    # uvicorn.run before the application exists
    assert _run("SET005", "a read in the function the wheel installs", tmp_path / "g", "good") == []
    [found] = _run("SET005", "the other side of the installed command", tmp_path / "bad")
    assert (found.path, found.line, found.message) == (
        "atlas/api.py",
        12,
        '`os.getenv("ATLAS_API_PORT")` reads the environment outside the settings: declare '
        "`ATLAS_API_PORT` on a settings class",
    )


def test_err002_a_file_read_whose_errors_earlier_clauses_catch(tmp_path):
    # ccproxy-api plugins/dashboard/routes.py:30-53: the try reads index.html through a
    # Path local and builds an HTMLResponse; `except (OSError, PermissionError)` and
    # `except UnicodeDecodeError` come before `except Exception` (:51); :43 stays reported
    assert _run("ERR002", "the `try` only reads a file through", tmp_path / "good", "good") == []
    [found] = _run("ERR002", "the other side of the file read caught", tmp_path / "bad")
    assert (found.path, found.line, found.message) == (
        "app/main.py",
        21,
        '`f"...{e}"` from `except Exception` is sent to the client in '
        "`HTTPException(detail=...)`: it can leak SQL, hosts, paths or credentials",
    )
