"""The command line: formats, exit codes, selection, checks and explain."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.cli import main

BLOCKING = "import time\n\n\nasync def handler() -> None:\n    time.sleep(1)\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app/main.py").write_text(BLOCKING)
    return tmp_path


def test_text_report_and_exit_code_1(project, capsys):
    assert main(["audit", str(project), "--no-cache"]) == 1
    out = capsys.readouterr().out
    assert "Grade " in out and "fix: Replace with" in out
    assert "ASY001 blocking-call-in-async  error · 1 finding\n  app/main.py:5:5 " in out


def test_json_to_file(project, tmp_path, capsys):
    out_file = tmp_path / "report.json"
    assert (
        main(["audit", str(project), "--format", "json", "--output", str(out_file), "--no-cache"])
        == 1
    )
    assert capsys.readouterr().out == ""
    data = json.loads(out_file.read_text())
    assert data["summary"]["counts"]["error"] == 1


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--fail-on", "never"], 0),
        (["--fail-on", "warning"], 1),
        (["--ignore", "ASY001"], 0),
        (["--ignore", "ASY"], 0),
        (["--select", "SEC"], 0),
        (["--select", "ASY001", "--fail-on", "never", "--fail-under", "50"], 1),
        (["--fail-on", "never", "--fail-under", "0"], 0),
        (["--select", "NOPE999"], 2),
        (["--enable", "XYZ"], 2),
        (["--fail-under", "101"], 2),
        (["--format", "yaml"], 2),
    ],
)
def test_exit_codes(project, args, code, capsys):
    assert main(["audit", str(project), "--no-cache", *args]) == code
    if code == 2:
        assert "error" in capsys.readouterr().err.lower()


def test_clean_project_exits_0(tmp_path, capsys):
    (tmp_path / "main.py").write_text("x = 1\n")
    assert main(["audit", str(tmp_path), "--no-cache"]) == 0
    assert "No findings." in capsys.readouterr().out


def test_bad_target_exits_2(tmp_path, capsys):
    assert main(["audit", str(tmp_path / "missing")]) == 2
    assert "no such file or directory" in capsys.readouterr().err
    assert main(["audit", __file__]) == 2


def test_bare_path_audits(project, capsys):
    assert main([str(project), "--no-cache"]) == 1


def test_checks_lists_the_catalogue(capsys):
    assert main(["checks", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    ids = [r["id"] for r in rows]
    assert "ASY001" in ids and ids == sorted(ids)
    assert {"id", "name", "category", "severity", "default"} <= set(rows[0])
    assert main(["checks"]) == 0
    assert "blocking-call-in-async" in capsys.readouterr().out


def test_explain(capsys):
    assert main(["explain", "asy001"]) == 0
    out = capsys.readouterr().out
    for section in (
        "## What it does",
        "## Why is this bad?",
        "## Fix safety",
        "## References",
        "## Flagged examples",
    ):
        assert section in out
    assert main(["explain", "--scoring"]) == 0
    assert "error 10, warning 4, info 1" in capsys.readouterr().out
    assert main(["explain", "ZZZ999"]) == 2


def test_python_dash_m_and_timings(project):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "auditor",
            "audit",
            str(project),
            "--format",
            "json",
            "--timings",
            "--no-cache",
        ],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 1, out.stderr
    data = json.loads(out.stdout)
    assert set(data["timings"]) >= {"list", "read", "parse", "model", "checks", "total"}


def test_text_output_does_not_build_fix_diffs(project, monkeypatch, capsys):
    import auditor.fixes

    calls = []
    real = auditor.fixes.build_fix
    monkeypatch.setattr(
        auditor.fixes, "build_fix", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    main(["audit", str(project), "--no-cache"])
    assert calls == []  # text shows the fix title only
    main(["audit", str(project), "--no-cache", "--format", "json"])
    assert calls, "JSON carries the diffs"


# -- issue 13, bug 1: a bare invocation may start with a flag ------------------------------------


@pytest.fixture
def app_calls(monkeypatch):
    """``auditor ...`` in a terminal, with the app replaced by a recorder of what it was given."""
    from auditor import cli, tui

    calls: list[tuple] = []
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    monkeypatch.setattr(
        tui,
        "run",
        lambda path, opts, theme=None, diff_base=None, splash=False: (
            calls.append((path, opts.select, theme, diff_base)) or 0
        ),
    )
    return calls


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--diff", "main"], (".", None, None, "main")),
        (["--diff=main"], (".", None, None, "main")),
        (["--theme", "textual-light"], (".", None, "textual-light", None)),
        (["--select", "ASY", "."], (".", ["ASY"], None, None)),
        (["--select", "ASY", "some/where", "--diff", "dev"], ("some/where", ["ASY"], None, "dev")),
    ],
)
def test_bare_invocation_starting_with_a_flag_opens_the_app(app_calls, argv, expected):
    assert main(argv) == 0
    assert app_calls == [expected]


def test_the_app_asks_for_the_splash_and_the_quick_parser_agrees(monkeypatch):
    """In a terminal the app is opened with the splash (it checks the terminal itself), from a
    parser holding the app's subcommand alone; whatever that parser takes the full one takes
    the same way, and what it refuses goes to the full one as before."""
    from auditor import cli, tui

    asked: list[bool] = []
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    monkeypatch.setattr(tui, "run", lambda *a, splash=False, **k: asked.append(splash) or 0)
    assert main(["."]) == 0 and asked == [True]
    quick, full = cli._parser(only_tui=True), cli._parser()
    for argv in ([], ["x"], ["--select", "ASY", "x", "--diff", "d"], ["--format", "json"], ["-h"]):
        assert cli._accepts(quick, "tui", argv) == cli._accepts(full, "tui", argv), argv
        if cli._accepts(quick, "tui", argv):
            assert vars(quick.parse_args(["tui", *argv])) == vars(full.parse_args(["tui", *argv]))


def test_bare_invocation_with_flags_outside_a_terminal(project, monkeypatch, capsys):
    from auditor import cli

    monkeypatch.setattr(cli, "_interactive", lambda: False)
    # the headless audit, whatever the order of path and flags
    assert main(["--select", "ASY", str(project), "--no-cache"]) == 1
    assert "ASY001" in capsys.readouterr().out
    assert main(["--ignore=ASY", str(project), "--no-cache"]) == 0
    capsys.readouterr()
    # a flag only the app takes: the app says it needs a terminal (not "invalid choice")
    assert main(["--theme", "textual-light", str(project)]) == 2
    assert "needs a terminal" in capsys.readouterr().err


def test_top_level_help_and_version_are_not_a_bare_run(capsys):
    assert main(["--version"]) == 0
    assert "fastapi-auditor" in capsys.readouterr().out
    assert main(["--help"]) == 0
    assert "COMMAND" in capsys.readouterr().out


def test_text_report_puts_errors_first_and_groups_repeats(tmp_path, capsys):
    """Issue 10's noise: an info flood of one check cannot push an error out of sight, and one
    message repeated in one file is one line."""
    (tmp_path / "app").mkdir()
    sleeps = "\n".join("    time.sleep(1)" for _ in range(5))
    (tmp_path / "app/main.py").write_text(
        f"import time\n\n\nasync def handler() -> None:\n{sleeps}\n"
    )
    calls = "\n".join(f"    os.getenv('X{i}')" for i in range(5))
    (tmp_path / "app/aaa.py").write_text(f"import os\n\n\ndef f():\n{calls}\n")
    # the catalogue puts Async before Settings; make the Async check the info flood
    (tmp_path / "auditor.toml").write_text('[severity]\nASY001 = "info"\nSET005 = "error"\n')
    assert main(["audit", str(tmp_path), "--no-cache", "--select", "ASY001,SET005"]) == 1
    out = capsys.readouterr().out
    assert out.index("SET005 env-read-outside-settings  error · 5 findings") < out.index("ASY001")
    assert "ASY001 blocking-call-in-async  info · 5 findings" in out
    assert (
        "  app/main.py:5:5, 6:5, 7:5, 8:5, 9:5 (5×) `time.sleep()` blocks the event loop inside `async def handler`"
        in out
    )


def test_a_profiled_headless_audit_still_writes_its_profile(tmp_path):
    """The fast exit after a headless audit (``os._exit``) is skipped under a profiler, which
    writes its results at the interpreter's exit."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "main.py").write_text("from fastapi import FastAPI\n\napp = FastAPI()\n")
    prof, out = tmp_path / "audit.prof", tmp_path / "report.json"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "cProfile",
            "-o",
            str(prof),
            "-m",
            "auditor",
            "audit",
            str(tmp_path / "app"),
            "--format",
            "json",
            "--no-cache",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode in (0, 1), run.stderr[-500:]
    assert json.loads(out.read_text())["findings"] is not None
    assert prof.exists() and prof.stat().st_size > 0
