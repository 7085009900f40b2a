"""Code-review mode (``--diff BASE``) on real git repositories built here.

Several commits, a branch, code moved inside a file, a renamed file, a fixed finding, new
findings committed, uncommitted and untracked, and a commit on main after the branch point
(so the merge base, not main's tip, is the base).  The work tree and the index must be
untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.diff import DiffError, audit_diff
from auditor.engine import Options
from auditor.repository import open_repository, open_revision
from auditor.testing import GIT_ENV, git

SLEEP_A = "async def a() -> None:\n    time.sleep(1)\n"
SLEEP_B = "async def b() -> None:\n    time.sleep(2)\n"
REQUESTS = (
    "import requests\n\n\nasync def fetch() -> None:\n    requests.get('https://example.com')\n"
)
FIXED_BEFORE = "import time\n\n\nasync def slow() -> None:\n    time.sleep(5)\n"
FIXED_AFTER = "import asyncio\n\n\nasync def slow() -> None:\n    await asyncio.sleep(5)\n"


def write(root: Path, files: dict[str, str]) -> None:
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(content, encoding="utf-8")


def commit(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path) -> dict:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write(
        root,
        {
            ".gitignore": "__pycache__/\n",
            "app/__init__.py": "",
            "app/main.py": "import time\n\n\n" + SLEEP_A + "\n\n" + SLEEP_B,
            "app/old_name.py": REQUESTS,
            "app/fixed.py": FIXED_BEFORE,
        },
    )
    commit(root, "first")
    write(root, {"app/util.py": "X = 1\n"})
    fork = commit(root, "second")
    git(root, "checkout", "-q", "-b", "feature")
    # moved code (b above a, lines inserted above), a renamed file, a fix, a new finding
    write(
        root,
        {
            "app/main.py": '"""Handlers."""\nimport time\n\n\n' + SLEEP_B + "\n\n" + SLEEP_A,
            "app/fixed.py": FIXED_AFTER,
            "app/new.py": "import time\n\n\nasync def fresh() -> None:\n    time.sleep(3)\n",
        },
    )
    git(root, "mv", "app/old_name.py", "app/services.py")
    commit(root, "feature work")
    # main moves on after the branch point: its new finding is neither fixed nor new here
    git(root, "checkout", "-q", "main")
    write(
        root, {"app/later.py": "import time\n\n\nasync def later() -> None:\n    time.sleep(9)\n"}
    )
    commit(root, "main moves on")
    git(root, "checkout", "-q", "feature")
    # uncommitted: a new finding in a tracked file (staged), and an untracked file
    (root / "app/util.py").write_text(
        "import time\n\n\nasync def dirty() -> None:\n    time.sleep(4)\n"
    )
    git(root, "add", "app/util.py")
    write(
        root,
        {"app/untracked.py": "import time\n\n\nasync def loose() -> None:\n    time.sleep(6)\n"},
    )
    return {"root": root, "fork": fork}


def git_ro(root: Path, *args: str) -> str:
    """git without optional locks: the test's own `git status` must not refresh the index."""
    env = {**os.environ, **GIT_ENV, "GIT_OPTIONAL_LOCKS": "0"}
    return subprocess.run(
        ["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True
    ).stdout


def snapshot(root: Path) -> dict:
    index = hashlib.sha256((root / ".git/index").read_bytes()).hexdigest()  # before any git command
    files = {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }
    return {
        "index": index,
        "files": files,
        "status": git_ro(root, "status", "--porcelain=v1", "-uall"),
        "staged": git_ro(root, "diff", "--cached", "--name-status"),
        "head": git_ro(root, "rev-parse", "HEAD"),
        "branch": git_ro(root, "symbolic-ref", "HEAD"),
        "stash": git_ro(root, "stash", "list"),
        "refs": git_ro(root, "for-each-ref"),
    }


def where(findings) -> set[tuple[str, str]]:
    return {(f.check_id, f.path) for f in findings}


def test_classification(repo):
    root = repo["root"]
    # a tracked file with a new mtime: a `git status` that may write would refresh the index
    later = time.time() + 5
    os.utime(root / "app/main.py", (later, later))
    before = snapshot(root)
    run = audit_diff(root, "main", Options(use_cache=False, select=["ASY"]))
    assert snapshot(root) == before, "the work tree and the index are untouched"

    d = run.report.diff
    assert (
        d.base == "main"
        and d.base_commit == repo["fork"]
        and d.merge_base is True
        and d.note is None
    )
    status = {(f.check_id, f.path, f.line): f.status for f in run.report.findings}
    assert status == {
        ("ASY001", "app/main.py", 6): "unchanged",  # b, moved up
        ("ASY001", "app/main.py", 10): "unchanged",  # a, moved down
        ("ASY001", "app/services.py", 5): "unchanged",  # renamed file
        ("ASY001", "app/new.py", 5): "new",
        ("ASY001", "app/util.py", 5): "new",  # staged, not committed
        ("ASY001", "app/untracked.py", 5): "new",
    }
    assert where(d.fixed) == {("ASY001", "app/fixed.py")}
    assert "app/later.py" not in {f.path for f in d.fixed + run.report.findings}
    assert (d.counts.new, d.counts.fixed, d.counts.unchanged) == (3, 1, 3)
    assert d.before.score is not None and d.after.score is not None
    assert all(f.fingerprint for f in run.report.findings)


def test_cli_json_text_markdown_and_exit_codes(repo, capsys):
    root = str(repo["root"])
    assert (
        main(["audit", root, "--diff", "main", "--no-cache", "--select", "ASY", "--format", "json"])
        == 1
    )
    data = json.loads(capsys.readouterr().out)
    d = data["diff"]
    assert set(d) == {
        "base",
        "base_commit",
        "merge_base",
        "note",
        "before",
        "after",
        "counts",
        "new",
        "fixed",
    }
    assert d["counts"] == {"new": 3, "fixed": 1, "unchanged": 3}
    assert {f["path"] for f in d["new"]} == {"app/new.py", "app/util.py", "app/untracked.py"}
    assert {f["status"] for f in data["findings"]} == {"new", "unchanged"}

    assert main(["audit", root, "--diff", "main", "--no-cache", "--select", "ASY"]) == 1
    out = capsys.readouterr().out
    assert "Compared with main (merge base" in out and "3 new findings, 1 fixed, 3 unchanged" in out
    assert "New on this branch (3)" in out and "Fixed on this branch (1)" in out

    assert (
        main(
            [
                "audit",
                root,
                "--diff",
                "main",
                "--no-cache",
                "--select",
                "ASY",
                "--format",
                "markdown",
            ]
        )
        == 1
    )
    md = capsys.readouterr().out
    score = f"{data['diff']['before']['grade']} ({data['diff']['before']['score']})"
    assert f"This branch: {score} → " in md and "; 3 new findings, 1 fixed" in md
    assert "<details><summary>Fixed on this branch (1)</summary>" in md

    assert (
        main(
            ["audit", root, "--diff", "main", "--no-cache", "--select", "ASY", "--format", "github"]
        )
        == 1
    )
    lines = capsys.readouterr().out.splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 3, (
        "only the new findings are annotated"
    )


def test_only_new_findings_count_for_the_exit_code(repo, capsys):
    root = repo["root"]
    (root / "app/untracked.py").unlink()
    git(root, "reset", "-q", "--hard")
    # HEAD against itself: nothing new, the unchanged findings do not fail the run ...
    assert main(["audit", str(root), "--diff", "HEAD", "--no-cache", "--select", "ASY"]) == 0
    # ... unless asked
    assert (
        main(
            [
                "audit",
                str(root),
                "--diff",
                "HEAD",
                "--no-cache",
                "--select",
                "ASY",
                "--fail-on-unchanged",
            ]
        )
        == 1
    )
    capsys.readouterr()


def test_sarif_in_diff_mode_has_baseline_state(repo, capsys):
    assert (
        main(
            [
                "audit",
                str(repo["root"]),
                "--diff",
                "main",
                "--no-cache",
                "--select",
                "ASY",
                "--format",
                "sarif",
            ]
        )
        == 1
    )
    log = json.loads(capsys.readouterr().out)
    states = sorted(r["baselineState"] for r in log["runs"][0]["results"])
    assert states == ["new", "new", "new", "unchanged", "unchanged", "unchanged"]


def test_subfolder_and_revision_reader(tmp_path):
    root = tmp_path / "mono"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write(
        root,
        {
            "svc/app/main.py": "import time\n\n\nasync def a() -> None:\n    time.sleep(1)\n",
            "other/x.py": "X = 1\n",
        },
    )
    base = commit(root, "base")
    write(
        root, {"svc/app/extra.py": "import time\n\n\nasync def b() -> None:\n    time.sleep(2)\n"}
    )
    commit(root, "more")
    work = open_repository(root / "svc")
    import git as gitpython

    rev = open_revision(work, gitpython.Repo(root), gitpython.Repo(root).commit(base))
    assert rev.files == ("app/main.py",)
    assert rev.read_text("app/main.py").startswith("import time")
    assert rev.read_bytes("app/extra.py") is None
    run = audit_diff(root / "svc", base, Options(use_cache=False, select=["ASY001"]))
    assert [(f.path, f.status) for f in run.report.findings] == [
        ("app/extra.py", "new"),
        ("app/main.py", "unchanged"),
    ]


def test_errors(tmp_path, capsys):
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(DiffError, match="not inside a git work tree"):
        audit_diff(plain, "main", Options(use_cache=False))
    assert main(["audit", str(plain), "--diff", "main"]) == 2
    assert "--diff needs a git repository" in capsys.readouterr().err
    repo_dir = tmp_path / "r"
    repo_dir.mkdir()
    git(repo_dir, "init", "-q", "-b", "main")
    write(repo_dir, {"a.py": "X = 1\n"})
    commit(repo_dir, "one")
    assert main(["audit", str(repo_dir), "--diff", "origin/nope"]) == 2
    assert "--diff origin/nope: no such revision" in capsys.readouterr().err
    assert (
        main(
            ["audit", str(repo_dir), "--diff", "HEAD", "--write-baseline", str(tmp_path / "b.json")]
        )
        == 2
    )
    capsys.readouterr()


def test_shallow_clone(repo, tmp_path, capsys):
    src = repo["root"]
    git(src, "add", "-A")
    git(src, "commit", "-q", "-m", "wip")
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "feature", src.as_uri(), str(clone))
    # the base is not fetched at all: a clear error that says why
    assert main(["audit", str(clone), "--diff", "origin/main", "--no-cache"]) == 2
    assert "shallow clone" in capsys.readouterr().err
    # fetched, but the history does not reach the merge base: compared with BASE itself
    git(clone, "fetch", "-q", "--depth", "1", "origin", "main:refs/remotes/origin/main")
    run = audit_diff(clone, "origin/main", Options(use_cache=False, select=["ASY"]))
    d = run.report.diff
    assert d.merge_base is False and "shallow clone" in d.note
    assert d.base_commit == git(src, "rev-parse", "main").strip()
    assert ("ASY001", "app/later.py") in where(d.fixed)  # main's tip has it, this branch does not
