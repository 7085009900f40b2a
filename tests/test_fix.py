"""``auditor fix`` and the fix applier: ruff's conventions on a git checkout of a sample.

Fixes converge, files still parse, nothing else is touched, encodings and line endings are
kept, a fix whose result does not parse is refused, overlapping fixes wait for the next pass.
"""

from __future__ import annotations

import ast
import shutil
import stat
from pathlib import Path

import pytest

from auditor.apply import Edit, apply_findings, edits_of, fix_repository, fix_text
from auditor.cli import main
from auditor.engine import Options
from auditor.fixes import unified_diff
from auditor.report import Finding, Fix
from auditor.testing import git, git_init
from tests.conftest import ROOT

BLOCKING = "import time\n\n\nasync def handler() -> None:\n    time.sleep(1)\n"


def checkout(tmp_path: Path, sample: str = "drifting_service") -> Path:
    """A git checkout of a sample project (committed, clean)."""
    dest = tmp_path / sample
    shutil.copytree(ROOT / "sample_projects" / sample, dest)
    files = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
    git_init(dest, files)
    return dest


def changed(repo: Path) -> list[str]:
    out = git(repo, "status", "--porcelain")
    return sorted(line[3:] for line in out.splitlines())


def finding(path: str, diff: str | None, *, safe: bool = True, line: int = 1, check="ASY001"):
    return Finding(
        check_id=check,
        name="x",
        category="async",
        severity="error",
        path=path,
        line=line,
        column=1,
        end_line=line,
        end_column=None,
        message=f"m{line}",
        fix=Fix(title="fix it", diff=diff, safe=safe),
    )


def test_fix_converges_on_a_checkout_and_touches_only_fixed_files(tmp_path, capsys):
    repo = checkout(tmp_path)
    before = {
        p: p.stat().st_mtime_ns for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts
    }
    # which files have a safe fix at all
    run = fix_repository(repo, Options(use_cache=False), write=False)
    expected = set(run.changed_paths)
    assert expected and run.converged and changed(repo) == []  # --diff-like: nothing written
    assert main(["fix", str(repo), "--no-cache"]) in (0, 1)
    out = capsys.readouterr().out
    assert out.startswith(f"Fixed {sum(run.fixed.values())} findings in {len(expected)} files")
    assert set(changed(repo)) == expected  # git sees exactly the fixed files
    for p, mtime in before.items():
        rel = p.relative_to(repo).as_posix()
        if rel not in expected:
            assert p.stat().st_mtime_ns == mtime, f"{rel} was touched"
    for rel in expected:
        if rel.endswith(".py"):
            ast.parse((repo / rel).read_bytes())  # still parses
    # converged: a second run has nothing left to do, and --diff agrees
    assert main(["fix", str(repo), "--no-cache"]) in (0, 1)
    assert "Nothing to fix." in capsys.readouterr().out
    assert main(["fix", str(repo), "--no-cache", "--diff"]) == 0
    assert capsys.readouterr().out == ""


def test_fix_diff_prints_and_writes_nothing(tmp_path, capsys):
    repo = checkout(tmp_path)
    assert main(["fix", str(repo), "--no-cache", "--diff"]) == 1
    captured = capsys.readouterr()
    assert "--- a/app/orders/router.py\n+++ b/app/orders/router.py\n" in captured.out
    assert "+    await asyncio.sleep(0.5)" in captured.out
    assert captured.err.startswith("Would fix ")
    assert changed(repo) == []
    # the printed diff is exactly what fix writes
    (tmp_path / "changes.diff").write_text(captured.out)
    git(repo, "apply", "--check", str(tmp_path / "changes.diff"))


def test_fix_select_and_unsafe(tmp_path, capsys):
    repo = checkout(tmp_path)
    assert main(["fix", str(repo), "--no-cache", "--select", "ASY001"]) in (0, 1)
    assert changed(repo) == ["app/orders/router.py"]
    assert "(ASY001 ×1)" in capsys.readouterr().out
    git(repo, "checkout", "-q", "--", ".")
    # an unsafe fix (PYD001 rewrites class Config) waits for --unsafe-fixes
    assert main(["fix", str(repo), "--no-cache", "--select", "PYD001"]) in (0, 1)
    out = capsys.readouterr().out
    assert "Nothing to fix." in out and "--unsafe-fixes applies them" in out
    assert changed(repo) == []
    assert main(["fix", str(repo), "--no-cache", "--select", "PYD001", "--unsafe-fixes"]) in (0, 1)
    assert changed(repo) and "Fixed " in capsys.readouterr().out


def test_fix_exit_codes_and_errors(tmp_path, capsys):
    assert main(["fix", str(tmp_path / "missing")]) == 2
    assert "no such file or directory" in capsys.readouterr().err
    assert main(["fix", str(tmp_path), "--select", "NOPE9"]) == 2
    (tmp_path / "main.py").write_text(BLOCKING)
    # fixed, and nothing at error severity remains: 0
    assert main(["fix", str(tmp_path), "--no-cache"]) == 0
    assert "await asyncio.sleep(1)" in (tmp_path / "main.py").read_text()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("crlf.py", BLOCKING.replace("\n", "\r\n").encode()),
        (
            "latin.py",
            ('# -*- coding: latin-1 -*-\nNAME = "café"\n' + BLOCKING).encode("latin-1"),
        ),
        ("bom.py", b"\xef\xbb\xbf" + BLOCKING.encode()),
    ],
)
def test_fix_keeps_encoding_and_line_endings(tmp_path, name, data, capsys):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "untouched.py").write_bytes(b"x = 1\r\n")
    (tmp_path / name).chmod(0o640)
    assert main(["fix", str(tmp_path), "--no-cache"]) == 0
    after = (tmp_path / name).read_bytes()
    assert after != data
    assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o640
    if name == "crlf.py":
        assert after.count(b"\r\n") == after.count(b"\n")  # every line still ends in CRLF
        assert b"await asyncio.sleep(1)\r\n" in after
    if name == "latin.py":
        assert 'NAME = "café"'.encode("latin-1") in after  # not re-encoded as UTF-8
        assert after.decode("latin-1").count("import asyncio") == 1
    if name == "bom.py":
        assert after.startswith(b"\xef\xbb\xbf") and after.count(b"\xef\xbb\xbf") == 1
    assert (tmp_path / "untouched.py").read_bytes() == b"x = 1\r\n"
    assert not list(tmp_path.glob("*.auditor-tmp"))  # no temporary file left behind


def test_a_fix_that_does_not_parse_is_refused(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\ny = 2\n")
    broken = unified_diff("a.py", "x = 1\ny = 2\n", "x = (1\ny = 2\n")
    good = unified_diff("a.py", "x = 1\ny = 2\n", "x = 1\ny = 3\n")
    assert broken and good
    result = apply_findings(
        tmp_path, [finding("a.py", broken, line=1), finding("a.py", good, line=2)]
    )
    assert (tmp_path / "a.py").read_text() == "x = 1\ny = 3\n"  # the good one only
    assert [f.line for f in result.applied] == [2]
    assert len(result.errors) == 1 and "would not parse" in result.errors[0]
    # alone, the broken fix leaves the file as it was
    (tmp_path / "b.py").write_text("x = 1\ny = 2\n")
    result = apply_findings(tmp_path, [finding("b.py", broken.replace("a.py", "b.py"))])
    assert (tmp_path / "b.py").read_text() == "x = 1\ny = 2\n" and not result.applied


def test_overlapping_fixes_wait_and_stale_ones_are_skipped():
    src = "import os\n\nx = 1\n"
    one = unified_diff("m.py", src, "import asyncio\nimport os\n\nx = 1\n")
    two = unified_diff("m.py", src, "import time\nimport os\n\nx = 1\n")
    three = unified_diff("m.py", src, "import os\n\nx = 2\n")
    out = fix_text(
        "m.py",
        src.encode(),
        [
            finding("m.py", one, line=1),
            finding("m.py", two, line=2),
            finding("m.py", three, line=3),
        ],
    )
    assert out.after == b"import asyncio\nimport os\n\nx = 2\n"
    assert [f.line for f in out.applied] == [1, 3] and [f.line for f in out.deferred] == [2]
    # the file changed since the audit: its lines are not those of the diff
    stale = fix_text("m.py", b"import sys\n\nx = 1\n", [finding("m.py", three)])
    assert stale.after is None and stale.stale


def test_edits_of_trims_context_and_reads_no_newline_markers():
    diff = unified_diff("m.py", "a\nb\nc\nd", "a\nb\nC\nd")
    assert diff is not None and "\\ No newline at end of file" in diff  # on the context line d
    assert edits_of(diff) == [Edit(2, ("c\n",), ("C\n",))]
    assert edits_of(diff)[0].context == (0, ("a\n", "b\n", "c\n", "d"))
    diff = unified_diff("m.py", "a\nb", "a\nb\nc\n")
    assert diff is not None and "\\ No newline at end of file" in diff
    assert edits_of(diff) == [Edit(1, ("b",), ("b\n", "c\n"))]
    assert Edit(0, (), ("x",)).overlaps(Edit(0, (), ("y",)))
    assert not Edit(0, ("a",), ("b",)).overlaps(Edit(1, ("c",), ("d",)))
