"""Configuration (F11): [tool.auditor] / auditor.toml, command-line layering, every config error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.config import ConfigError, glob_regex, load_config
from auditor.engine import Options, audit
from auditor.repository import open_repository

BLOCKING = "import time\n\n\nasync def handler() -> None:\n    time.sleep(1)\n"


def project(root: Path, files: dict[str, str]) -> Path:
    for rel, content in {"app/main.py": BLOCKING, **files}.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(content, encoding="utf-8")
    return root


def pyproject(body: str) -> dict[str, str]:
    return {"pyproject.toml": f'[project]\nname = "x"\n\n[tool.auditor]\n{body}\n'}


def run(root: Path, **opts):
    return audit(root, Options(use_cache=False, **opts))


def finding_ids(result) -> list[str]:
    return sorted({f.check_id for f in result.report.findings})


def status(result, cid: str):
    return next(c for c in result.report.checks if c.id == cid)


# -- the file is honoured -------------------------------------------------------------------------


def test_select_ignore_enable_from_pyproject(tmp_path):
    root = project(
        tmp_path, pyproject('select = ["ASY", "SEC"]\nignore = ["ASY002"]\nenable = ["SEC007"]')
    )
    result = run(root)
    enabled = {
        c.id
        for c in result.report.checks
        if c.status != "skipped" or "ignored" not in (c.reason or "")
    }
    assert status(result, "ASY001").status == "failed"
    assert status(result, "ASY002").reason == "ignored by configuration"
    assert status(result, "STR001").reason == "not selected"
    assert status(result, "SEC007").reason != "not selected"
    assert "ASY001" in enabled


def test_command_line_overrides_the_file(tmp_path):
    root = project(tmp_path, pyproject('ignore = ["ASY001"]\nsettings-max-fields = 7'))
    assert status(run(root), "ASY001").reason == "ignored by configuration"
    # --select replaces the file's selection (ruff-like layering); --set wins over the file
    result = run(root, select=["ASY001"], settings={"settings-max-fields": 9})
    assert status(result, "ASY001").status == "failed"
    assert result.project.settings["settings-max-fields"] == 9
    assert run(root).project.settings["settings-max-fields"] == 7
    # --isolated: the file is not read
    assert status(run(root, use_config=False), "ASY001").status == "failed"


def test_auditor_toml_wins_over_pyproject(tmp_path, capsys):
    root = project(
        tmp_path, {**pyproject('ignore = ["ASY001"]'), "auditor.toml": 'select = ["ASY001"]\n'}
    )
    cfg = load_config(open_repository(root))
    assert cfg.file.endswith("auditor.toml") and cfg.select == ["ASY001"] and cfg.ignore == []
    assert status(run(root), "ASY001").status == "failed"
    assert main(["config", str(root)]) == 0
    out = capsys.readouterr().out
    assert "auditor.toml takes precedence" in out and 'select = ["ASY001"]' in out


def test_severity_override_changes_findings_and_weight(tmp_path):
    root = project(tmp_path, pyproject('severity = { ASY = "info" }'))
    result = run(root, select=["ASY001"])
    assert [f.severity for f in result.report.findings] == ["info"]
    assert status(result, "ASY001").severity == "info"


def test_per_file_ignores_and_exclude(tmp_path):
    root = project(
        tmp_path,
        {
            **pyproject(
                'per-file-ignores = { "jobs/*" = ["ASY001"], "**/legacy_*.py" = ["ASY"] }\nexclude = ["vendor"]'
            ),
            "jobs/job.py": BLOCKING,
            "app/legacy_x.py": BLOCKING,
            "vendor/lib/y.py": BLOCKING,
        },
    )
    result = run(root, select=["ASY001"], show_suppressed=True)
    assert [f.path for f in result.report.findings] == ["app/main.py"]
    assert result.report.summary.suppressed == 2
    assert sorted(f.suppressed_by for f in result.report.suppressed) == [
        "per-file-ignores: **/legacy_*.py",
        "per-file-ignores: jobs/*",
    ]
    assert "vendor/lib/y.py" not in result.project.repo.files


def test_fail_on_and_fail_under_from_the_file(tmp_path):
    root = project(tmp_path, pyproject('severity = { ASY001 = "warning" }'))
    assert main(["audit", str(root), "--no-cache", "--select", "ASY001"]) == 0
    (root / "pyproject.toml").write_text(
        '[tool.auditor]\nseverity = { ASY001 = "warning" }\nfail-on = "warning"\n'
    )
    assert main(["audit", str(root), "--no-cache", "--select", "ASY001"]) == 1
    assert main(["audit", str(root), "--no-cache", "--select", "ASY001", "--fail-on", "error"]) == 0
    (root / "pyproject.toml").write_text('[tool.auditor]\nfail-on = "never"\nfail-under = 100\n')
    assert main(["audit", str(root), "--no-cache", "--select", "ASY001"]) == 1
    assert main(["audit", str(root), "--no-cache", "--select", "ASY001", "--fail-under", "0"]) == 0


def test_defer_to_ruff(tmp_path):
    root = project(
        tmp_path,
        {**pyproject("defer-to-ruff = true"), "ruff.toml": '[lint]\nselect = ["E", "ASYNC"]\n'},
    )
    st = status(run(root), "ASY001")
    assert st.status == "skipped" and "deferred to ruff" in st.reason and "ASYNC210" in st.reason
    (root / "ruff.toml").write_text('[lint]\nselect = ["E"]\n')
    assert status(run(root), "ASY001").status == "failed"


def test_public_api_threshold_reaches_the_checks(tmp_path):
    root = project(tmp_path, pyproject("public-api = true\napp-routes-max = 3"))
    result = run(root)
    assert result.project.setting("public-api", False) is True
    assert result.project.setting("app-routes-max", 15) == 3


def test_config_command_and_show_settings(tmp_path, capsys):
    root = project(tmp_path, pyproject('ignore = ["SET005"]\nfail-on = "warning"'))
    assert main(["config", str(root)]) == 0
    out = capsys.readouterr().out
    assert "configuration file: " in out and "pyproject.toml [tool.auditor]" in out
    assert 'fail-on = "warning"' in out and 'ignore = ["SET005"]' in out
    assert "settings-max-fields = 20" in out and "# default" in out
    assert (
        main(
            [
                "audit",
                str(root),
                "--show-settings",
                "--ignore",
                "SEC007",
                "--set",
                "app-routes-max=4",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert 'ignore = ["SET005", "SEC007"]' in out and "command line (--ignore)" in out
    assert "app-routes-max = 4" in out and "command line (--set" in out
    assert main(["config", str(root), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["values"]["fail-on"] == {
        "value": "warning",
        "source": str(root) + "/pyproject.toml [tool.auditor]",
    }
    assert "SET005" not in data["enabled"] and "AUD001" in data["enabled"]


def test_globs():
    assert glob_regex("tests").fullmatch("tests/unit/test_x.py")
    assert glob_regex("tests").fullmatch("svc/tests/a.py")
    assert not glob_regex("tests").fullmatch("mytests/a.py")
    assert glob_regex("app/*.py").fullmatch("app/main.py")
    assert not glob_regex("app/*.py").fullmatch("lib/app/main.py")
    assert glob_regex("**/migrations/**").fullmatch("a/b/migrations/v1.py")
    assert glob_regex("*.py").fullmatch("deep/down/x.py")
    assert glob_regex("/build/").fullmatch("build/x") and not glob_regex("/build/").fullmatch(
        "src/build/x"
    )


# -- every configuration error: exit 2, naming the key and the file --------------------------------

ERRORS = [
    ('selct = ["ASY"]', "unknown key 'selct' (did you mean 'select'?)"),
    ("per_file_ignores = {}", "unknown key 'per_file_ignores' (did you mean 'per-file-ignores'?)"),
    ('select = ["NOPE"]', "[tool.auditor] select: unknown check ID or prefix 'NOPE'"),
    ('ignore = ["ASY999"]', "[tool.auditor] ignore: unknown check ID or prefix 'ASY999'"),
    ('enable = "SEC007,XYZ"', "[tool.auditor] enable: unknown check ID or prefix 'XYZ'"),
    ("select = 3", "[tool.auditor] select: expected a list of check IDs or prefixes, got 3"),
    (
        'per-file-ignores = { "tests/*" = ["NOPE1"] }',
        "[tool.auditor] per-file-ignores.\"tests/*\": unknown check ID or prefix 'NOPE1'",
    ),
    (
        'per-file-ignores = ["x"]',
        "[tool.auditor] per-file-ignores: expected a table of glob = [IDs], got a list",
    ),
    (
        'severity = { ASY001 = "fatal" }',
        "[tool.auditor] severity.ASY001: 'fatal' is not a severity (error, warning, info)",
    ),
    ('severity = { NOPE = "info" }', "[tool.auditor] severity: unknown check ID or prefix 'NOPE'"),
    ('severity = "info"', "[tool.auditor] severity: expected a table"),
    (
        "exclude = [1]",
        "[tool.auditor] exclude: expected a list of globs, got a list of non-strings",
    ),
    (
        'settings-max-fields = "20"',
        "[tool.auditor] settings-max-fields: expected a whole number of at least 1, got '20'",
    ),
    (
        "app-routes-max = 0",
        "[tool.auditor] app-routes-max: expected a whole number of at least 1, got 0",
    ),
    (
        "base-model-min-models = true",
        "[tool.auditor] base-model-min-models: expected a whole number of at least 1, got true",
    ),
    ('public-api = "yes"', "[tool.auditor] public-api: expected true or false, got 'yes'"),
    ("defer-to-ruff = 1", "[tool.auditor] defer-to-ruff: expected true or false, got 1"),
    (
        'fail-on = "fatal"',
        "[tool.auditor] fail-on: 'fatal' is not one of error, warning, info, never",
    ),
    ("fail-under = 101", "[tool.auditor] fail-under: expected a score from 0 to 100, got 101"),
]


@pytest.mark.parametrize(("body", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_config_errors(tmp_path, capsys, body, message):
    root = project(tmp_path, pyproject(body))
    with pytest.raises(ConfigError) as exc:
        run(root)
    assert message in str(exc.value)
    assert str(exc.value).startswith(f"{root}/pyproject.toml: ")
    assert main(["audit", str(root), "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert message in err and "pyproject.toml" in err
    assert main(["config", str(root)]) == 2


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"auditor.toml": "select = [\n"}, "auditor.toml: invalid TOML"),
        (
            {"auditor.toml": '[tool.auditor]\nselect = ["ASY"]\n'},
            "auditor.toml: unknown key 'tool' (auditor.toml takes the keys at the top level",
        ),
        ({"auditor.toml": "nope = 1\n"}, "auditor.toml: unknown key 'nope'"),
        ({"pyproject.toml": "[tool.auditor]\nselect = [\n"}, "pyproject.toml: invalid TOML"),
        (
            {"pyproject.toml": 'tool = { auditor = "x" }\n'},
            "pyproject.toml: [tool.auditor] must be a table",
        ),
    ],
)
def test_config_file_errors(tmp_path, capsys, files, message):
    root = project(tmp_path, files)
    assert main(["audit", str(root), "--no-cache"]) == 2
    assert message in capsys.readouterr().err


def test_unknown_set_key_is_an_error(tmp_path, capsys):
    root = project(tmp_path, {})
    assert main(["audit", str(root), "--no-cache", "--set", "settings-max-field=3"]) == 2
    assert (
        "--set settings-max-field: unknown setting 'settings-max-field' (did you mean 'settings-max-fields'?)"
        in capsys.readouterr().err
    )
    assert main(["audit", str(root), "--no-cache", "--set", "public-api=maybe"]) == 2


def test_broken_pyproject_without_our_table_is_not_a_config_error(tmp_path):
    root = project(tmp_path, {"pyproject.toml": "[project\nname = 1\n"})
    assert run(root).report.errors  # reported as an error entry (F9), the audit goes on


def test_the_readme_example_is_valid():
    import re
    import tomllib

    from auditor.config import known_ids, parse_config
    from tests.conftest import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Configuration", 1)[1]
    block = re.search(r"```toml\n(.*?)```", section, re.DOTALL).group(1)
    cfg = parse_config(
        tomllib.loads(block)["tool"]["auditor"], "README.md", known_ids(), "[tool.auditor] "
    )
    assert (
        cfg.per_file_ignores["tests/**"] == ["SEC", "SET003"] and cfg.severity["ASY004"] == "error"
    )
