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


def table_findings(section: str) -> int:
    """How many findings the table rows of a check's section stand for (a row of repeats
    says ``(N×)``)."""
    n = 0
    for row in re.findall(r"(?m)^\| \[?`.*$", section):
        m = re.search(r" \((\d+)×\)", row)
        n += int(m.group(1)) if m else 1
    return n


def check_sections(md: str) -> dict[str, str]:
    parts = re.split(r"(?m)^### ", md)[1:]
    return {p.split(" ", 1)[0]: p for p in parts}


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
        md.index(h) for h in ("## Categories", "## Failed checks (64)", "### ", "## Skipped checks")
    ]
    assert order == sorted(order)
    assert "| Async | 0 | F | 0 | 5 | 0 |" in md
    # a row per failed check with its counts, then its section: every finding is listed
    failed = [c for c in report.checks if c.status == "failed"]
    sections = check_sections(md)
    assert len(sections) == len(failed)
    assert (
        "| [ASY001](#asy001--blocking-call-in-async) blocking-call-in-async | error | Async | 2 |"
        in md
    )
    assert sum(table_findings(s) for s in sections.values()) == len(report.findings)
    # errors first: every check with an error comes before every check without one
    severities = [
        max(
            (f.severity for f in report.findings if f.check_id == cid),
            key=["info", "warning", "error"].index,
        )
        for cid in sections
    ]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    # why it matters, the excerpt of a file that exists and the fix diff, folded
    asy = sections["ASY001"]
    assert "<details><summary>Why it matters, the code and the fixes (ASY001)</summary>" in asy
    assert "> FastAPI awaits `async def` routes on the event loop." in asy
    assert "*lines 28–32 of `app/orders/router.py`:*\n\n```python\n" in asy
    assert "```diff\n--- a/app/orders/router.py" in asy
    assert (
        "| SEC007 | no-rate-limiting | info | off by default (enable with --enable SEC007) |" in md
    )
    # the rendered HTML: categories, the failed checks, a table per check, the skipped ones
    html = html_of(md)
    assert html.count("<table>") == 3 + len(failed)
    assert "No check failed" not in md and "Shortened" not in md  # no budget: everything


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
    sections = check_sections(md)
    assert list(sections) == ["ASY001"] and table_findings(sections["ASY001"]) == 2
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
        lambda path, opts, theme=None, diff_base=None, splash=False: (
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


# -- issue 13: the Markdown report as a pull-request comment -------------------------------------


def many_findings(n_info: int = 400):
    """The drifting report plus ``n_info`` info findings of one check (a real repository's
    DEP001 flood), repeated messages in a few files."""
    report, _ = load("drifting_service")
    extra = [
        Finding(
            check_id="DEP001",
            name="annotated-dependencies",
            category="dependencies",
            severity="info",
            path=f"app/module_{i % 40}.py",
            line=10 + i,
            column=5,
            end_line=10 + i,
            end_column=20,
            message="use `Annotated[Session, Depends(get_db)]` for this dependency",
            fix=None,
        )
        for i in range(n_info)
    ]
    findings = [f for f in report.findings if f.check_id != "DEP001"] + extra
    return report.model_copy(update={"findings": findings})


def test_budget_keeps_the_errors_and_says_what_it_left_out():
    report = many_findings()
    src = (FIXTURES / "drifting_service").resolve()
    read = lambda p: (src / p).read_text() if (src / p).is_file() else None  # noqa: E731
    full = render_markdown(report, read=read)
    assert len(full) > 40_000
    md = render_markdown(report, read=read, budget=30_000)
    assert len(md) <= 30_000
    assert "> **Shortened to fit 30,000 characters** (a pull-request comment): left out" in md
    assert "`auditor audit --format markdown --full`" in md
    assert "DEP001 400" in md[md.index("Shortened") : md.index("## Categories")]  # named first
    sections = check_sections(md)
    # every error check keeps its table and its code and fixes; what is cut is the info flood
    for cid in ("ASY001", "SEC003", "DBS002"):
        assert cid in sections
        assert table_findings(sections[cid]) == sum(f.check_id == cid for f in report.findings)
    assert "```diff\n--- a/app/orders/router.py" in sections["ASY001"]
    assert "DEP001" not in sections or "more findings of DEP001 left out" in sections["DEP001"]
    md = render_markdown(report, read=read, budget=50_000)  # room for part of the flood
    dep = check_sections(md)["DEP001"]
    assert 0 < table_findings(dep) < 400 and "more findings of DEP001 left out (`--full`)" in dep
    assert len(md) <= 50_000
    # the document stays well formed: every <details> is closed
    assert md.count("<details>") == md.count("</details>")


def test_repeated_findings_share_a_row():
    report = many_findings(12)
    md = render_markdown(report)
    dep = check_sections(md)["DEP001"]
    assert table_findings(dep) == 12
    # 12 findings in 12 files: one row each; now the same message 3 times in one file
    report = many_findings(120)  # 3 per file in 40 files
    dep = check_sections(render_markdown(report))["DEP001"]
    rows = [r for r in dep.splitlines() if r.startswith("| `")]
    assert len(rows) == 40 and table_findings(dep) == 120
    assert (
        "| `app/module_0.py` lines 10, 50, 90 | use `Annotated[Session, Depends(get_db)]` for this dependency (3×) |"
        in dep
    )


def test_locations_link_to_the_commit():
    from auditor.exporters.links import blob_link

    report, _ = load("drifting_service")
    link = blob_link("https://github.com/acme/shop", "3f2a9c1d5e7b", "services/shop/")
    md = render_markdown(report, link=link)
    assert (
        "[`app/orders/router.py:30:5`](https://github.com/acme/shop/blob/3f2a9c1d5e7b/services/shop/app/orders/router.py#L30)"
        in md
    )


def test_web_url_of_remotes():
    from auditor.exporters.links import blob_link, web_url

    assert web_url("git@github.com:acme/shop.git") == "https://github.com/acme/shop"
    assert web_url("https://github.com/acme/shop.git") == "https://github.com/acme/shop"
    assert web_url("ssh://git@gitlab.example.com/group/sub/shop.git") == (
        "https://gitlab.example.com/group/sub/shop"
    )
    # credentials in the URL never reach a link
    assert web_url("https://x-access-token:ghs_SECRET@github.com/acme/shop") == (
        "https://github.com/acme/shop"
    )
    assert web_url("/srv/git/shop.git") is None and web_url("file:///srv/shop") is None
    assert web_url("https://github.com/acme/shop\n<script>") is None
    gitlab = blob_link("https://gitlab.com/g/shop", "abc")
    assert gitlab("a b.py", 3) == "https://gitlab.com/g/shop/-/blob/abc/a%20b.py#L3"
    bitbucket = blob_link("https://bitbucket.org/t/shop", "abc")
    assert bitbucket("a.py", 3) == "https://bitbucket.org/t/shop/src/abc/a.py#lines-3"


def test_links_for_a_checkout(tmp_path):
    from auditor.exporters.links import links_for
    from auditor.testing import git, git_init

    (tmp_path / "app").mkdir()
    (tmp_path / "app/main.py").write_text(BLOCKING)
    (tmp_path / "app/other.py").write_text("x = 1\n")
    git_init(tmp_path, ["app/main.py", "app/other.py"])
    assert links_for(tmp_path) is None  # no remote: no links
    git(tmp_path, "remote", "add", "origin", "git@github.com:acme/shop.git")
    sha = git(tmp_path, "rev-parse", "HEAD").strip()
    link = links_for(tmp_path / "app")
    assert link is not None
    assert link("main.py", 5) == f"https://github.com/acme/shop/blob/{sha}/app/main.py#L5"
    (tmp_path / "app/other.py").write_text("x = 2\n")  # uncommitted: its lines are not HEAD's
    link = links_for(tmp_path)
    assert link is not None and link("app/other.py", 1) is None
    assert link("app/main.py", 5) is not None


def test_cli_markdown_budget_full_and_folder_name(tmp_path, capsys, monkeypatch):
    project = tmp_path / "shop-api"
    (project / "app").mkdir(parents=True)
    for i in range(400):  # enough findings to pass the budget
        (project / "app" / f"m{i}.py").write_text(BLOCKING.replace("handler", f"handler_{i}"))
    monkeypatch.chdir(project)
    assert main(["audit", ".", "--format", "markdown", "--no-cache"]) == 1
    md = capsys.readouterr().out
    assert md.startswith("# FastAPI audit of `shop-api`\n")  # the folder, not "."
    assert len(md) <= 65_536 and "Shortened to fit 65,536 characters" in md
    assert main(["audit", ".", "--format", "markdown", "--no-cache", "--full"]) == 1
    full = capsys.readouterr().out
    assert len(full) > 65_536 and "Shortened" not in full
    assert table_findings(check_sections(full)["ASY001"]) == 400


def test_a_diff_report_keeps_the_comparison():
    """What the app exports in a --diff session: before → after, new badges, fixed findings."""
    from auditor.report import Counts, DiffCounts, DiffSection, DiffSide

    report, _ = load("drifting_service")
    findings = [
        f.model_copy(update={"status": "new" if f.check_id == "ASY001" else "unchanged"})
        for f in report.findings
    ]
    gone = report.findings[0].model_copy(update={"message": "an old problem"})
    diff = DiffSection(
        base="main",
        base_commit="a" * 40,
        merge_base=True,
        before=DiffSide(score=10, grade="F", counts=Counts()),
        after=DiffSide(score=0, grade="F", counts=Counts()),
        counts=DiffCounts(new=2, fixed=1, unchanged=len(findings) - 2),
        new=[f for f in findings if f.status == "new"],
        fixed=[gone],
    )
    md = render_markdown(report.model_copy(update={"findings": findings, "diff": diff}))
    assert "**This branch: F (10) → F (0); 2 new findings, 1 fixed** · compared with `main`" in md
    assert "| ASY001 | " not in md  # the check's own rows are in its section
    asy = check_sections(md)["ASY001"]
    assert "2 findings (2 new)" in asy and asy.count("| **new** |") == 2
    assert "<details><summary>Fixed on this branch (1)</summary>" in md
    assert "an old problem" in md


def test_diff_comment_keeps_to_its_budget_and_links():
    from auditor.exporters.diff_markdown import render_diff_markdown
    from auditor.exporters.links import blob_link
    from auditor.report import Counts, DiffCounts, DiffSection, DiffSide

    report = many_findings(600)
    new = [f.model_copy(update={"status": "new"}) for f in report.findings]
    diff = DiffSection(
        base="main",
        base_commit="c" * 40,
        merge_base=True,
        before=DiffSide(score=50, grade="F", counts=Counts()),
        after=DiffSide(score=40, grade="F", counts=Counts()),
        counts=DiffCounts(new=len(new), fixed=0, unchanged=0),
        new=new,
        fixed=[],
    )
    report = report.model_copy(update={"findings": new, "diff": diff})
    link = blob_link("https://github.com/acme/shop", "c" * 40)
    md = render_diff_markdown(report, budget=20_000, link=link)
    assert len(md) <= 20_000
    assert "> **Shortened to fit 20,000 characters**" in md and "--format markdown --full`" in md
    assert "[`app/orders/router.py:30:5`](https://github.com/acme/shop/blob/" in md
    first_rows = [r for r in md.splitlines() if r.startswith(("| error", "| info"))]
    assert first_rows[0].startswith("| error")  # the errors come first
    assert len(render_diff_markdown(report)) > 20_000  # no budget: everything
