"""The Markdown report: its structure, escaping of user content, filtered exports, the CLI flag,
and the boundary that keeps Textual inside ``auditor/tui``."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

from markdown_it import MarkdownIt

from auditor.cli import main
from auditor.exporters.markdown import cell, code_span, fenced, inline, render_markdown
from auditor.report import CheckResult, ErrorEntry, Finding, Fix
from tests.conftest import ROOT
from tests.tui_support import FIXTURES, load

BLOCKING = "import time\n\n\nasync def handler() -> None:\n    time.sleep(1)\n"


def html_of(md: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(md)


def with_hostile_content():
    """The drifting report, plus a finding, a skipped check and an error full of markup."""
    report, _ = load("drifting_service")
    evil = Finding(
        check_id="ASY001",
        name="blocking-call-in-async",
        category="async",
        severity="error",
        path="app/evil.py",
        line=2,
        column=1,
        end_line=2,
        end_column=5,
        message="a | pipe, <script>alert(1)</script> & [a link](javascript:alert(1)) and `code | with <b>`\nsecond line",
        fix=Fix(
            title="Use <b>bold</b> | nothing",
            diff="--- a/app/evil.py\n+++ b/app/evil.py\n@@ -1 +1 @@\n-x = ```\n+y = ````\n",
            safe=False,
        ),
    )
    checks = [
        c
        if c.id != "SEC007"
        else CheckResult(**{**c.model_dump(), "reason": "a | b <script>x</script>\nnext"})
        for c in report.checks
    ]
    errors = [ErrorEntry(path="app/we|ird.py", message="cannot <read> | it\nat all")]
    return report.model_copy(
        update={"findings": [*report.findings, evil], "checks": checks, "errors": errors}
    ), evil


def test_structure_of_the_report():
    report, _ = load("drifting_service")
    src = (FIXTURES / "drifting_service").resolve()
    md = render_markdown(
        report, read=lambda p: (src / p).read_text() if (src / p).is_file() else None
    )
    assert md.startswith("# FastAPI audit of `sample_projects/drifting_service`\n")
    assert "Commit `3f2a9c1d5e7b` on branch `main`" in md
    assert "**Grade F** · score **0/100** · 18 errors, 56 warnings, 37 info" in md
    order = [
        md.index(h)
        for h in (
            "## Categories",
            "## Failed checks",
            "## Skipped checks",
            "## Passed checks" if "## Passed checks" in md else "## Skipped checks",
        )
    ]
    assert order == sorted(order)
    assert "| Async | 0 | F | 0 | 5 | 0 |" in md
    # every failed check has a section with its summary; every finding is listed
    failed = [c for c in report.checks if c.status == "failed"]
    assert md.count("\n### ") == len(failed)
    assert md.count("\n#### ") == len(report.findings)
    assert "> FastAPI awaits `async def` routes on the event loop." in md
    # the excerpt of a file that exists, and the fix diff
    asy = md[md.index("### ASY001") : md.index("### ASY002")]
    assert "*lines 28–32 of `app/orders/router.py`:*\n\n```python\n" in asy
    assert "```diff\n--- a/app/orders/router.py" in asy
    assert (
        "| SEC007 | no-rate-limiting | info | off by default (enable with --enable SEC007) |" in md
    )
    # the rendered HTML has one table per section and no stray markup
    html = html_of(md)
    assert html.count("<table>") == 2


def test_user_content_is_escaped():
    report, _ = with_hostile_content()
    md = render_markdown(
        report,
        read=lambda p: "x = 1\ny = ```not a fence```\nz = 3\n" if p == "app/evil.py" else None,
    )
    html = html_of(md)
    assert "<script" not in html and "<b>" not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # the code excerpt holds ``` : its fence is longer
    assert "````python\nx = 1\ny = ```not a fence```\nz = 3\n````" in md
    # the diff holds ```` : its fence is longer still
    assert "`````diff\n" in md
    # the tables keep their shape: every row of the skipped and error tables has its cells
    for table in re.findall(
        r"(?ms)^\| Check \| Name \| Severity \| Reason \|\n.*?(?=\n\n)", md
    ) + re.findall(r"(?ms)^\| File \| Problem \|\n.*?(?=\n\n)", md):
        widths = {len(re.split(r"(?<!\\)\|", row)) for row in table.splitlines()}
        assert len(widths) == 1, table
    assert "a \\| b &lt;script&gt;x&lt;/script&gt;<br>next" in md
    # the message stays on its line
    line = next(ln for ln in md.splitlines() if "pipe" in ln)
    assert "second line" in line


def test_inline_helpers():
    assert inline("`a|b` and a|b", table=True) == "`a\\|b` and a\\|b"
    assert inline("x < y & z > w") == "x &lt; y & z &gt; w"  # a bare & is literal in Markdown
    assert inline("&lt; &#60; &amp;") == "&amp;lt; &amp;#60; &amp;amp;"  # an entity would not be
    assert inline("`<b>` stays code") == "`<b>` stays code"
    assert inline("*not* [a](link) __init__") == "\\*not\\* \\[a\\](link) \\_\\_init\\_\\_"
    assert inline("unclosed ` tick") == "unclosed ` tick"
    assert cell("two\nlines") == "two<br>lines"
    assert code_span("a`b") == "``a`b``"
    assert code_span("`x`") == "`` `x` ``"
    assert fenced("a ``` b", "python").startswith("````python\n")
    assert fenced("plain").startswith("```\n")


def test_filtered_export():
    report, _ = load("drifting_service")
    only = [f for f in report.findings if f.check_id == "ASY001"]
    md = render_markdown(report, only=only, note='text "ASY001"')
    assert '**Filtered export:** 2 findings of 111 (text "ASY001")' in md
    assert md.count("\n#### ") == 2 and md.count("\n### ") == 1
    assert "## Skipped checks" not in md and "left out of a filtered export" in md
    empty = render_markdown(report, only=[])
    assert "No finding matches this filter." in empty


def test_dotenv_lines_are_never_copied():
    report, _ = load("drifting_service")
    f = Finding(
        check_id="SET002",
        name="dotenv-committed",
        category="settings",
        severity="error",
        path=".env",
        line=1,
        column=None,
        end_line=None,
        end_column=None,
        message="secrets",
        fix=None,
    )
    md = render_markdown(
        report.model_copy(update={"findings": [f]}), read=lambda p: "API_KEY=hunter2\n"
    )
    assert "hunter2" not in md


def test_clean_report():
    report, _ = load("clean_service")
    md = render_markdown(report)
    assert "## Failed checks\n\nNo check failed." in md
    assert "## Passed checks" in md and "- **Async:** ASY001 blocking-call-in-async" in md


def test_cli_format_markdown(tmp_path, capsys):
    project = tmp_path / "project"
    (project / "app").mkdir(parents=True)
    (project / "app/main.py").write_text(BLOCKING)
    out = tmp_path / "report.md"
    assert (
        main(["audit", str(project), "--format", "markdown", "--output", str(out), "--no-cache"])
        == 1
    )
    assert capsys.readouterr().out == ""
    text = out.read_text()
    assert "#### `app/main.py:5:5`" in text
    assert (
        "```python\nasync def handler() -> None:\n    time.sleep(1)\n```" in text
    )  # the excerpt, read through the repository
    assert main(["audit", str(project), "--format", "markdown", "--no-cache"]) == 1
    assert capsys.readouterr().out == text


def test_only_the_tui_package_imports_textual():
    offenders = []
    for base in (ROOT / "auditor", ROOT / "checks"):
        for path in base.rglob("*.py"):
            if (ROOT / "auditor" / "tui") in path.parents:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [node.module]
                offenders += [
                    f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] == "textual"
                ]
    assert offenders == []


def test_engine_and_exporters_run_without_textual(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app/main.py").write_text(BLOCKING)
    code = (
        "import sys\n"
        "from auditor.engine import audit, Options\n"
        "import auditor.cli, auditor.exporters.text, auditor.exporters.markdown as md\n"
        f"r = audit({str(tmp_path)!r}, Options(use_cache=False))\n"
        "md.render_markdown(r.report, read=r.project.repo.read_text)\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
        "print('ok')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert out.stdout.strip() == "ok", out.stderr


def test_bare_auditor_falls_back_to_the_headless_audit_without_a_terminal(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app/main.py").write_text(BLOCKING)
    out = subprocess.run(
        [sys.executable, "-m", "auditor", str(tmp_path), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )
    assert out.returncode == 1 and "Grade " in out.stdout and "ASY001" in out.stdout
    out = subprocess.run(
        [sys.executable, "-m", "auditor", "tui", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )
    assert out.returncode == 2 and "needs a terminal" in out.stderr


def test_bare_auditor_picks_the_app_in_a_terminal(monkeypatch, tmp_path):
    from auditor import cli, tui

    calls = []
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    monkeypatch.setattr(
        tui,
        "run",
        lambda path, opts, theme=None, diff_base=None: (
            calls.append((path, opts.select, diff_base)) or 0
        ),
    )
    assert cli.main([str(tmp_path), "--select", "ASY"]) == 0
    assert calls == [(str(tmp_path), ["ASY"], None)]
    # --diff BASE opens the app on the branch review
    assert cli.main([str(tmp_path), "--diff", "main"]) == 0
    assert calls[-1] == (str(tmp_path), None, "main")
    calls.pop()
    # an audit-only flag keeps the headless audit
    assert (
        cli.main([str(tmp_path), "--format", "json", "--no-cache", "-o", str(tmp_path / "r.json")])
        == 0
    )
    assert (tmp_path / "r.json").is_file() and len(calls) == 1


def test_default_theme_follows_the_terminal():
    from auditor.tui import default_theme

    assert default_theme({}) == "textual-dark"
    assert default_theme({"COLORFGBG": "0;15"}) == "textual-light"
    assert default_theme({"COLORFGBG": "15;0"}) == "textual-dark"
    assert default_theme({"AUDITOR_THEME": "nord", "COLORFGBG": "0;15"}) == "nord"


def test_editor_command():
    from auditor.tui.editor import editor_command

    assert editor_command("/p/a.py", 30, 5, {"EDITOR": "vim"}) == ["vim", "+30", "/p/a.py"]
    assert editor_command("/p/a.py", 30, 5, {"EDITOR": "nano", "VISUAL": "nvim -u NONE"}) == [
        "nvim",
        "-u",
        "NONE",
        "+30",
        "/p/a.py",
    ]
    assert editor_command("/p/a.py", 30, 5, {"EDITOR": "code -w"}) == [
        "code",
        "-w",
        "--goto",
        "/p/a.py:30:5",
    ]
    assert editor_command("/p/a.py", 30, None, {"EDITOR": "/usr/bin/subl"}) == [
        "/usr/bin/subl",
        "/p/a.py:30:1",
    ]
    assert editor_command("/p/a.py", None, None, {"EDITOR": "emacs"}) == ["emacs", "/p/a.py"]
