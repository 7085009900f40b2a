"""Suppressions (F11): inline comments, skip-file, unused ones (AUD001), summary.suppressed."""

from __future__ import annotations

import json
from pathlib import Path

from auditor.cli import main
from auditor.engine import Options, audit


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(content, encoding="utf-8")
    return root


def sleeps(*comments: str) -> str:
    body = "import time\n\n\nasync def handler() -> None:\n"
    for c in comments:
        body += f"    time.sleep(1){c}\n"
    return body


def run(root: Path, **opts):
    return audit(root, Options(use_cache=False, **opts)).report


def lines_of(report, cid="ASY001") -> list[int]:
    return [f.line for f in report.findings if f.check_id == cid]


def test_inline_forms(tmp_path):
    write(
        tmp_path,
        {
            "app/main.py": sleeps(
                "  # noqa: ASY001",  # 5: silenced
                "  # noqa",  # 6: a bare noqa is the linters' business
                "  # noqa: F401",  # 7: another tool's code
                "  # auditor: ignore[ASY001]",  # 8: silenced
                "  # auditor: ignore[SEC001, ASY]",  # 9: prefix
                "  # auditor: ignore",  # 10: everything on this line
                "  # NOQA:ASY001,E501",  # 11: case and spacing as ruff accepts
                "  # type: ignore  # auditor: ignore[ASY001] (legacy)",  # 12: after another comment
            )
            + '\nx = "# noqa: ASY001"; time.sleep(2)\n'
        },
    )
    report = run(tmp_path, select=["ASY001"], show_suppressed=True)
    assert lines_of(report) == [6, 7]
    assert report.summary.suppressed == 6
    assert sorted(f.line for f in report.suppressed) == [5, 8, 9, 10, 11, 12]
    by_line = {f.line: f.suppressed_by for f in report.suppressed}
    assert by_line[5] == "# noqa: ASY001" and by_line[9] == "# auditor: ignore[SEC001, ASY]"


def test_a_string_is_not_a_comment(tmp_path):
    write(
        tmp_path,
        {
            "app/main.py": 'import time\n\n\nasync def h():\n    time.sleep(1); s = "# noqa: ASY001"\n'
        },
    )
    assert lines_of(run(tmp_path, select=["ASY001"])) == [5]


def test_skip_file(tmp_path):
    write(
        tmp_path,
        {"app/main.py": "# auditor: skip-file\n" + sleeps("", ""), "app/other.py": sleeps("")},
    )
    report = run(tmp_path, select=["ASY001"])
    assert [f.path for f in report.findings] == ["app/other.py"]
    assert report.summary.suppressed == 2


def test_all_suppressed_check_passes_and_the_score_follows(tmp_path):
    write(tmp_path, {"app/main.py": sleeps("  # noqa: ASY001")})
    report = run(tmp_path, select=["ASY001"])
    assert report.findings == []
    assert next(c for c in report.checks if c.id == "ASY001").status == "passed"
    assert report.summary.score == 100


def test_suppressed_is_absent_when_nothing_was(tmp_path):
    write(tmp_path, {"app/main.py": sleeps("")})
    data = json.loads(run(tmp_path).to_json())
    assert "suppressed" not in data["summary"] and "suppressed" not in data


def test_unused_suppressions_are_reported_with_a_fix(tmp_path):
    write(
        tmp_path,
        {
            "app/main.py": (
                "import time\n\n\nasync def handler() -> None:\n"
                "    time.sleep(1)  # auditor: ignore[ASY001, SEC001]\n"  # SEC001 part unused
                "    x = 1  # noqa: F401, ASY001\n"  # never reported: noqa codes are shared with other tools
                "    y = 2  # auditor: ignore[NOPE42]\n"  # unknown ID
                "    z = 3  # auditor: ignore\n"  # silences nothing
            )
        },
    )
    report = run(tmp_path, select=["ASY001", "SEC001", "AUD001"])
    aud = [f for f in report.findings if f.check_id == "AUD001"]
    assert [f.line for f in aud] == [5, 7, 8]
    assert all(f.severity == "info" and f.category == "tooling" for f in aud)
    assert "SEC001 found nothing on this line" in aud[0].message
    assert "+    time.sleep(1)  # auditor: ignore[ASY001]\n" in aud[0].fix.diff
    assert "`NOPE42` is not a check ID" in aud[1].message
    assert "+    z = 3\n" in aud[2].fix.diff
    # not scored: the checks list has no AUD001 and the score is that of the catalogue checks
    assert "AUD001" not in {c.id for c in report.checks}
    assert report.summary.counts.info == 3


def test_unused_is_only_reported_for_checks_that_ran(tmp_path):
    write(tmp_path, {"app/main.py": "x = 1  # noqa: SEC001\ny = 2  # auditor: ignore[ASY001]\n"})
    # SEC001 not selected: its noqa is not "unused"; ASY001 ran and found nothing
    report = run(tmp_path, select=["ASY001", "AUD"])
    assert [(f.check_id, f.line) for f in report.findings] == [("AUD001", 2)]
    # AUD001 follows the selection like any check
    assert run(tmp_path, select=["ASY001"]).findings == []
    assert [f for f in run(tmp_path, ignore=["AUD001"]).findings if f.check_id == "AUD001"] == []


def test_suppression_in_a_text_file(tmp_path):
    write(
        tmp_path,
        {
            "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            "requirements.txt": "fastapi==0.115.0\npytest==8.3.0  # auditor: ignore[PRD007]\n",
        },
    )
    report = run(tmp_path, select=["PRD007", "AUD"], show_suppressed=True)
    assert not [f for f in report.findings if f.path == "requirements.txt" and f.line == 2]
    assert [(f.path, f.line) for f in report.suppressed] == [("requirements.txt", 2)]


def test_cli_show_suppressed_and_explain(tmp_path, capsys):
    write(tmp_path, {"app/main.py": sleeps("  # noqa: ASY001", "")})
    assert main(["audit", str(tmp_path), "--no-cache", "--select", "ASY001"]) == 1
    out = capsys.readouterr().out
    assert "1 finding suppressed (--show-suppressed lists them)." in out
    assert (
        main(["audit", str(tmp_path), "--no-cache", "--select", "ASY001", "--show-suppressed"]) == 1
    )
    out = capsys.readouterr().out
    assert "Suppressed (1)" in out and "[# noqa: ASY001]" in out
    assert (
        main(
            [
                "audit",
                str(tmp_path),
                "--no-cache",
                "--select",
                "ASY001",
                "--show-suppressed",
                "--format",
                "json",
            ]
        )
        == 1
    )
    data = json.loads(capsys.readouterr().out)
    assert (
        data["summary"]["suppressed"] == 1
        and data["suppressed"][0]["suppressed_by"] == "# noqa: ASY001"
    )
    assert main(["explain", "AUD001"]) == 0
    assert "unused-suppression" in capsys.readouterr().out


def test_stale_skip_file_is_reported(tmp_path):
    write(tmp_path, {"app/main.py": "# auditor: skip-file\nx = 1  # noqa: ASY001\n"})
    report = run(tmp_path, select=["ASY001", "AUD001"])
    assert [(f.line, f.message) for f in report.findings] == [
        (1, "`# auditor: skip-file` silences nothing in this file: remove it"),
    ]
    assert "-# auditor: skip-file\n x = 1" in report.findings[0].fix.diff


def test_an_overlapping_ruff_code_silences_its_check(tmp_path):
    write(
        tmp_path,
        {
            "app/main.py": (
                "import asyncio\nimport time\n\n\nasync def handler() -> None:\n"
                "    time.sleep(1)  # noqa: ASYNC251\n"  # 6: ASY001's overlap
                "    time.sleep(2)  # noqa: RUF006\n"  # 7: ASY004's, not ASY001's
                "    asyncio.create_task(handler())  # noqa: RUF006\n"  # 8: ASY004's
                "    asyncio.create_task(handler())  # noqa\n"  # 9: bare: the linters'
                "    await asyncio.sleep(0)\n"  # the task can suspend: ASY004 speaks
            )
        },
    )
    report = run(tmp_path, select=["ASY001", "ASY004"], show_suppressed=True)
    assert [(f.check_id, f.line) for f in report.findings] == [
        ("ASY001", 7),
        ("ASY004", 9),
    ]
    assert {(f.check_id, f.line, f.suppressed_by) for f in report.suppressed} == {
        ("ASY001", 6, "# noqa: ASYNC251"),
        ("ASY004", 8, "# noqa: RUF006"),
    }


def test_any_line_of_a_multi_line_statement(tmp_path):
    # ruff wants its S608 noqa comment after a triple-quoted string (its last line); the finding is
    # reported where the statement starts
    write(
        tmp_path,
        {
            "app/main.py": (
                "import time\n\n\n"
                "async def handler(db, key: str) -> None:\n"
                "    time.sleep(\n"  # 5
                "        1,\n"
                "    )  # noqa: ASY001\n"  # 7: covers 5-7
                "    time.sleep(  # auditor: ignore[ASY001]\n"  # 8: covers 8-10
                '        """\n'
                '        """,\n'
                "    )\n"
                "    # noqa: ASY001\n"  # 12: a comment line of its own covers no statement
                "    time.sleep(3)\n"  # 13: reported
                "    time.sleep(4); x = 1  # noqa: ASY001\n"  # 14: one logical line
                "    if key:  # noqa: ASY001\n"  # 15: a compound header ends at its colon
                "        time.sleep(5)\n"  # 16: reported
            )
        },
    )
    report = run(tmp_path, select=["ASY001", "AUD001"], show_suppressed=True)
    assert [(f.check_id, f.line) for f in report.findings] == [("ASY001", 13), ("ASY001", 16)]
    assert sorted(f.line for f in report.suppressed) == [5, 8, 14]


def test_overlap_noqa_on_the_closing_line_of_an_fstring_call(tmp_path):
    write(
        tmp_path,
        {
            "app/main.py": (
                "async def touch(db, key: str) -> None:\n"
                "    await db.execute(\n"
                '        f"""\n'
                "        UPDATE items SET seen = now() WHERE k = '{key}'\n"
                '        """,  # noqa: S608\n'
                "    )\n"
                "    await db.execute(f\"DELETE FROM items WHERE k = '{key}'\")\n"
            )
        },
    )
    report = run(tmp_path, select=["DBS002"], show_suppressed=True)
    assert [f.line for f in report.findings] == [7]
    assert [f.suppressed_by for f in report.suppressed] == ["# noqa: S608"]


def test_continued_lines_of_a_dockerfile_are_one_instruction(tmp_path):
    write(
        tmp_path,
        {
            "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            "Dockerfile": (
                "FROM python:3.12-slim\n"
                "USER app\n"
                "CMD uvicorn app.main:app \\\n"  # 3: reported here (PRD004, shell form)
                "    # the public port\n"  # a comment line does not end the instruction
                "    --host 0.0.0.0  # auditor: ignore[PRD004]\n"
            ),
        },
    )
    report = run(tmp_path, select=["PRD004", "AUD001"], show_suppressed=True)
    assert [(f.path, f.line) for f in report.suppressed] == [("Dockerfile", 3)]
    assert not [f for f in report.findings if f.path == "Dockerfile"]


def test_an_unused_ignore_on_a_multi_line_statement_is_still_reported(tmp_path):
    write(
        tmp_path,
        {
            "app/main.py": (
                "import time\n\n\nasync def handler() -> None:\n"
                "    time.sleep(\n"
                "        1,  # auditor: ignore[ASY001, SEC001]\n"
                "    )\n"
                "    x = (\n"
                "        1  # auditor: ignore[ASY001]\n"
                "    )\n"
            )
        },
    )
    report = run(tmp_path, select=["ASY001", "SEC001", "AUD001"])
    aud = [(f.line, f.message) for f in report.findings if f.check_id == "AUD001"]
    assert aud == [
        (
            6,
            "unused suppression `# auditor: ignore[ASY001, SEC001]`: SEC001 found nothing on "
            "this line: remove SEC001",
        ),
        (
            9,
            "unused suppression `# auditor: ignore[ASY001]`: ASY001 found nothing on this line: remove it",
        ),
    ]
    assert not [f for f in report.findings if f.check_id == "ASY001"]


def test_the_overlap_table_is_the_catalogue_table():
    import re

    from auditor.config import RUFF_OVERLAP
    from tests.conftest import ROOT

    text = (ROOT / "docs" / "catalogue.md").read_text(encoding="utf-8")
    section = text.split("## Overlap with ruff", 1)[1].split("\n## ", 1)[0]
    rows = {
        m.group(1): tuple(c.strip() for c in m.group(2).split(","))
        for m in re.finditer(r"^\| ([A-Z]{3}\d{3}) \| ([A-Z0-9, ]+) \|", section, re.MULTILINE)
    }
    assert rows == RUFF_OVERLAP


def test_a_bandit_hardcoded_password_code_silences_set003_on_any_line(tmp_path):
    # issue 10, class 12: SET003 declares S105/S106/S107 as its overlap (ruff's flake8-bandit)
    write(
        tmp_path,
        {
            "app/config.py": (
                "from pydantic import Field\n"
                "from pydantic_settings import BaseSettings\n\n\n"
                "class Settings(BaseSettings):\n"
                "    jwt_secret: str = Field(\n"  # 6
                '        default="changeme-please-123",\n'
                "    )  # noqa: S105\n"  # 8: covers 6-8
                '    session_secret: str = "changeme-please-123"\n'  # 9: reported
                '    cookie_secret: str = "changeme-please-123"  # noqa: S106\n'  # 10
                '    csrf_secret: str = "changeme-please-123"  # noqa: ASY001\n'  # 11: not its code
            )
        },
    )
    report = run(tmp_path, select=["SET003"], show_suppressed=True)
    assert [f.line for f in report.findings] == [9, 11]
    assert sorted((f.line, f.suppressed_by) for f in report.suppressed) == [
        (6, "# noqa: S105"),
        (10, "# noqa: S106"),
    ]


def test_an_upper_case_directive_alone_in_its_file_is_read(tmp_path):
    # files are only tokenized when they spell ``noqa`` or ``auditor`` in some case: a file
    # whose only directive is upper case is still scanned
    write(tmp_path, {"app/main.py": sleeps("  # NOQA: ASY001", "")})
    report = run(tmp_path, select=["ASY001"], show_suppressed=True)
    assert lines_of(report) == [6]
    assert [f.line for f in report.suppressed] == [5]


def test_the_files_worth_tokenizing_are_those_the_whole_search_finds():
    """``_may_hold`` tries ``ours`` only where ``auditor``/``noqa`` stands (a speed-up of the
    search over every file): the same answer as a search of the whole text."""
    import re

    from auditor.suppressions import _may_hold

    ours = re.compile(rb"auditor\s*:|noqa\s*:[^\n]*?\b(?:ASY\d|S608\b)", re.IGNORECASE)
    texts = [
        b"",
        b"x = 1\n",
        b"x = 1  # noqa\n",
        b"x = 1  # noqa: E501\n",
        b"x = 1  # NOQA: asy001\n",
        b"x = 1  # noqa: E501, S608\n",
        b"x = 1  # noqa: S6080\n",
        b"# noqa noqa: ASY001\n",
        b"# noqanoqa: ASY001\n",
        b"# AuDiToR : ignore\n",
        b"auditor = 1\nauditor\t:",
        b"# noqa: E501\nASY001\n",
        b"auditorauditor: x",
        b"# no qa: ASY001 # Noqa:ASY002",
    ]
    for text in texts:
        assert _may_hold(text, ours) == (ours.search(text) is not None), text
