"""Hostile and odd inputs (issue 6, Robustness), every check enabled.

tests/test_engine.py already covers syntax errors, Python 2, a file without its encoding
line, NUL bytes, a BOM, a PEP 263 line, a 4 MB file, deep nesting, symlink loops and links
out of the root, a ``.git`` file pointing nowhere, a bare and an empty repository and a
malformed pyproject.  This module adds what the issue asks beyond them.  Every audit here
runs every check (``--select ALL``): the report must come out, with an ``errors`` entry for
what could not be read, and no check may end ``errored``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import tracemalloc
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.engine import AuditResult, Options, audit
from auditor.testing import git, git_init

BLOCKING = "import time\n\n\nasync def handler() -> None:\n    time.sleep(1)\n"
APP = 'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/items")\nasync def items() -> list[int]:\n    return []\n'


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
    return root


def audit_all(root: Path | str, **kw) -> AuditResult:
    """Every check, no cache; asserts that no check errored."""
    kw.setdefault("use_cache", False)
    result = audit(root, Options(select=["ALL"], **kw))
    errored = {c.id: c.reason for c in result.report.checks if c.status == "errored"}
    assert not errored, errored
    return result


def errors(result: AuditResult) -> dict[str | None, str]:
    return {e.path: e.message for e in result.report.errors}


def every_format(root: Path, out: Path, *extra: str) -> dict[str, str]:
    """The CLI's report in every format (written with --output); each must come out."""
    texts = {}
    for fmt in ("text", "json", "markdown", "sarif", "github"):
        target = out / f"report.{fmt}"
        code = main(
            [
                "audit",
                str(root),
                "--no-cache",
                "--select",
                "ALL",
                "--fail-on",
                "never",
                "--format",
                fmt,
                "-o",
                str(target),
                *extra,
            ]
        )
        assert code == 0, fmt
        texts[fmt] = target.read_text(encoding="utf-8")
    return texts


# -- size, encodings, permissions ---------------------------------------------------------------


def test_a_50_mb_python_file_is_skipped_unread(tmp_path):
    line = b"value = compute(1, 2, 3) + other_value * 7  # generated\n"
    big = tmp_path / "app" / "generated.py"
    big.parent.mkdir()
    with big.open("wb") as fh:
        fh.write(line * (50 * 1024 * 1024 // len(line) + 1))
    assert big.stat().st_size > 50 * 1024 * 1024
    write(tmp_path, {"app/main.py": BLOCKING})
    tracemalloc.start()
    try:
        t0 = time.perf_counter()
        result = audit_all(tmp_path)
        elapsed = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert errors(result)["app/generated.py"] == "file too large (50.0 MB): skipped"
    assert elapsed < 10, f"{elapsed:.1f}s"
    assert peak < 25 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB: the big file was read"
    assert any(f.path == "app/main.py" and f.check_id == "ASY001" for f in result.report.findings)
    big.unlink()  # 50 MB: not kept among pytest's last temporary folders


def test_a_50_mb_config_file_is_skipped(tmp_path):
    write(
        tmp_path,
        {
            "app/main.py": APP,
            "requirements.txt": b"fastapi==0.115.0\n" * (3 * 1024 * 1024 // 17 + 1),
        },
    )
    with (tmp_path / "Dockerfile").open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # 50 MB of NUL bytes: never read
    result = audit_all(tmp_path)
    errs = errors(result)
    assert errs["Dockerfile"] == "file too large (50.0 MB): skipped"
    assert errs["requirements.txt"].startswith("file too large (3.0 MB)")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"# -*- coding: utf-8 -*-\nname = '\xff\xfe caf\xe9'\n", "cannot decode"),
        (
            b"\xef\xbb\xbf# -*- coding: latin-1 -*-\nx = 1\n",
            "cannot decode",
        ),  # a BOM contradicting the cookie
        (b"# -*- coding: klingon -*-\nx = 1\n", "cannot decode"),  # an unknown encoding
        (b"# coding: utf-8\nx = '\xed\xa0\x80'\n", "cannot decode"),  # an encoded surrogate
    ],
    ids=["invalid-utf8-with-cookie", "bom-vs-cookie", "unknown-encoding", "encoded-surrogate"],
)
def test_undecodable_source_is_an_error_entry(tmp_path, data, expected):
    write(tmp_path, {"app/main.py": BLOCKING, "app/bad.py": data})
    result = audit_all(tmp_path)
    assert expected in errors(result)["app/bad.py"]
    assert [f.check_id for f in result.report.findings if f.path == "app/main.py"].count(
        "ASY001"
    ) == 1
    assert not [f for f in result.report.findings if f.path == "app/bad.py"]


def test_unreadable_files_are_error_entries(tmp_path, monkeypatch):
    """Permission denied on a Python file and on config files (simulated: CI runs as root)."""
    from auditor import repository

    write(
        tmp_path,
        {
            "app/main.py": BLOCKING,
            "app/secret.py": BLOCKING,
            "pyproject.toml": "[project]\nname = 'x'\ndependencies = ['fastapi']\n",
            "Dockerfile": "FROM python:3.12\nCMD uvicorn app.main:app --reload\n",
            "docker-compose.yml": "services:\n  web:\n    build: .\n",
        },
    )
    denied = {
        tmp_path / "app/secret.py",
        tmp_path / "pyproject.toml",
        tmp_path / "Dockerfile",
        tmp_path / "docker-compose.yml",
    }
    real_open = open

    def guarded_open(file, *args, **kwargs):
        if Path(file) in denied:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(repository, "open", guarded_open, raising=False)
    result = audit_all(tmp_path)
    errs = errors(result)
    for rel in ("app/secret.py", "pyproject.toml", "Dockerfile", "docker-compose.yml"):
        assert errs[rel] == "cannot read: Permission denied", rel
    assert [f.path for f in result.report.findings if f.check_id == "ASY001"] == ["app/main.py"]


NOBODY = 65534


def _can_drop_to_nobody() -> bool:
    if not hasattr(os, "setuid") or os.geteuid() != 0:
        return False
    try:
        import pwd

        pwd.getpwuid(NOBODY)
    except (ImportError, KeyError):
        return False
    return True


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_permission_denied_for_real(tmp_path):
    """chmod 000 on a file, a config file and a folder, audited by a user who cannot read them:
    as root, in a subprocess that drops to ``nobody`` once everything is imported."""
    root = Path(tempfile.mkdtemp(prefix="auditor-perm-"))  # tmp_path's parents are private to root
    try:
        root.chmod(0o755)
        write(
            root,
            {
                "app/main.py": BLOCKING,
                "app/secret.py": BLOCKING,
                "pyproject.toml": "[project]\nname = 'x'\n",
                "private/a.py": BLOCKING,
            },
        )
        for p in (root / "app", root / "app/main.py"):
            p.chmod(0o755)
        for rel in ("app/secret.py", "pyproject.toml", "private"):
            (root / rel).chmod(0)
        args = [
            "audit",
            str(root),
            "--no-cache",
            "--select",
            "ALL",
            "--format",
            "json",
            "--fail-on",
            "never",
        ]
        if os.geteuid() != 0:
            code = subprocess.run(
                [sys.executable, "-m", "auditor", *args],
                capture_output=True,
                text=True,
                check=False,
            )
        elif _can_drop_to_nobody():
            script = textwrap.dedent(f"""
                import os, sys
                import auditor.cli, auditor.engine, auditor.ci, auditor.fixes, auditor.fingerprint
                import auditor.exporters.text, auditor.exporters.markdown, auditor.exporters.sarif, auditor.exporters.github
                import git, libcst, libcst.metadata, yaml, rich.console, rich.table, rich.text
                import json, configparser, tomllib, difflib, hashlib, pickle, tokenize, traceback, fnmatch
                import subprocess, urllib.parse, concurrent.futures, multiprocessing, tempfile, shutil
                import auditor.workers, multiprocessing.connection, ctypes
                import pydantic.plugin._loader  # the report's models are built on first use
                auditor.engine.load_checks()  # import what can be imported while still root (the
                os.setgid({NOBODY}); os.setuid({NOBODY})  # interpreter may live in root's private home)
                for folder in (os.path.dirname(auditor.__file__), os.path.dirname(git.__file__)):
                    if not os.access(folder, os.R_OK | os.X_OK):
                        sys.exit(77)  # the project or its venv is private to root: cannot test this way
                sys.exit(auditor.cli.main({args!r}))
            """)
            code = subprocess.run(
                [sys.executable, "-c", script], capture_output=True, text=True, cwd="/", check=False
            )
            if code.returncode == 77:
                pytest.skip(
                    "the project or its venv is not readable by 'nobody' (the simulated test above still runs)"
                )
        else:
            pytest.skip(
                "running as root without a 'nobody' user to drop to (the simulated test above still runs)"
            )
        assert code.returncode == 0, code.stderr
        import json

        data = json.loads(code.stdout)
        errs = {e["path"]: e["message"] for e in data["errors"]}
        assert errs["app/secret.py"] == "cannot read: Permission denied"
        assert errs["pyproject.toml"] == "cannot read: Permission denied"
        assert errs["private"] == "cannot list folder: Permission denied"
        assert not [c["id"] for c in data["checks"] if c["status"] == "errored"]
        assert [f["path"] for f in data["findings"] if f["check_id"] == "ASY001"] == ["app/main.py"]
    finally:
        for dirpath, dirnames, filenames in os.walk(root):
            for name in dirnames + filenames:
                os.chmod(os.path.join(dirpath, name), 0o755)
        for rel in ("app/secret.py", "pyproject.toml", "private"):
            if (root / rel).exists():
                (root / rel).chmod(0o755)
        shutil.rmtree(root, ignore_errors=True)


LINE_ENDINGS_APP = (
    "import time\n\nfrom fastapi import Depends, FastAPI\nfrom pydantic import BaseModel\n\napp = FastAPI()\n\n\n"
    "class Item(BaseModel):\n    class Config:\n        orm_mode = True\n\n\n"
    '@app.get("/items")\nasync def items(x: int = Depends(lambda: 1)):\n    time.sleep(1)\n    return []\n'
)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_line_endings_keep_lines_and_fixes(tmp_path, newline):
    """Old Mac (CR only) and Windows line ends: same lines, and the fix diffs still apply."""
    import ast

    from auditor.source import decode
    from tests.patching import apply_diff

    write(
        tmp_path,
        {
            "app/main.py": LINE_ENDINGS_APP.replace("\n", newline).encode(),
            "requirements.txt": b"pydantic==2.11.7\n",  # PYD001 gives v2 advice on v2 only
        },
    )
    report = audit_all(tmp_path).report
    lines = {f.check_id: f.line for f in report.findings if f.path == "app/main.py"}
    assert (lines["ASY001"], lines["PYD001"], lines["DEP001"]) == (16, 10, 15)
    fixed = 0
    for f in report.findings:
        if f.fix and f.fix.diff:
            ast.parse(apply_diff(decode((tmp_path / f.path).read_bytes()), f.fix.diff, f.path))
            fixed += 1
    assert {f.check_id for f in report.findings if f.fix and f.fix.diff} >= {
        "ASY001",
        "PYD001",
        "PYD002",
        "DEP001",
    }
    assert fixed


# -- file names and .gitignore --------------------------------------------------------------------


@pytest.mark.skipif(sys.platform != "linux", reason="bytes file names")
@pytest.mark.parametrize("in_git", [False, True], ids=["folder", "git"])
def test_non_utf8_file_names(tmp_path, in_git):
    root = write(tmp_path / "repo", {"app/main.py": BLOCKING, "app/ok€.py": BLOCKING})
    for name in (b"app/caf\xe9.py", b"app/l\xff/x.py"):
        full = os.fsencode(root) + b"/" + name
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as fh:
            fh.write(BLOCKING.encode())
    if in_git:
        git_init(root, ["app/main.py"])
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "names")
    result = audit_all(root)
    errs = errors(result)
    assert errs["app/caf\\xe9.py"] == "file name is not valid UTF-8: not audited"
    assert errs["app/l\\xff/x.py"] == "file name is not valid UTF-8: not audited"
    assert sorted(f.path for f in result.report.findings if f.check_id == "ASY001") == [
        "app/main.py",
        "app/ok€.py",
    ]
    texts = every_format(root, tmp_path)
    assert "app/caf\\xe9.py" in texts["text"] and "app/ok€.py" in texts["json"]
    if in_git:  # the base revision is read from git objects: the same names, the same rule
        (root / "app/main.py").write_text(BLOCKING + "\n# edited\n")
        texts = every_format(root, tmp_path, "--diff", "HEAD")
        import json

        assert "app/caf\\xe9.py" in {e["path"] for e in json.loads(texts["json"])["errors"]}


@pytest.mark.parametrize("in_git", [False, True], ids=["folder", "git"])
def test_an_enormous_gitignore(tmp_path, in_git):
    lines = [f"generated_{i:06d}/\n*.tmp{i}\n!keep_{i}.py\n" for i in range(34_000)]  # ~100k lines
    root = write(
        tmp_path / "repo",
        {
            ".gitignore": "".join(lines) + "ignored/\n.env\n",
            ".dockerignore": "".join(lines[:1000]),
            "app/main.py": BLOCKING,
            "ignored/x.py": BLOCKING,
            "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["uvicorn", "app.main:app"]\n',
            ".env": "SECRET=x\n",
        },
    )
    assert (root / ".gitignore").read_text().count("\n") > 100_000
    if in_git:
        git_init(root, [".gitignore", "app/main.py", "Dockerfile", ".dockerignore"])
    t0 = time.perf_counter()
    result = audit_all(root)
    assert time.perf_counter() - t0 < 15
    paths = {f.path for f in result.report.findings if f.check_id == "ASY001"}
    assert paths == ({"app/main.py"} if in_git else {"app/main.py", "ignored/x.py"})


def test_a_file_name_starting_with_a_dash_is_a_path_for_git(tmp_path):
    from auditor.repository import open_repository

    write(
        tmp_path, {".gitignore": "-secret.env\n", "-secret.env": "KEY=x\n", "app/main.py": BLOCKING}
    )
    git_init(tmp_path, [".gitignore", "app/main.py"])
    repo = open_repository(tmp_path)
    assert repo.is_ignored("-secret.env") is True
    assert repo.is_ignored("app/main.py") is False


# -- .git files: worktrees and submodules ---------------------------------------------------------


def test_git_worktree(tmp_path):
    main_repo = write(tmp_path / "main", {"app/main.py": BLOCKING})
    git_init(main_repo, ["app/main.py"])
    git(main_repo, "worktree", "add", "-q", "-b", "feature", str(tmp_path / "wt"))
    wt = tmp_path / "wt"
    assert (wt / ".git").is_file()
    write(wt, {"app/new.py": BLOCKING})
    result = audit_all(wt)
    report = result.report
    assert (
        report.target.git is not None
        and report.target.git.branch == "feature"
        and report.target.git.head
    )
    assert result.project.repo.tracked == {"app/main.py"}
    assert sorted(f.path for f in report.findings if f.check_id == "ASY001") == [
        "app/main.py",
        "app/new.py",
    ]
    assert [e for e in report.errors if "git" in e.message] == []


def test_git_submodule(tmp_path):
    sub = write(tmp_path / "sub", {"lib/util.py": BLOCKING})
    git_init(sub, ["lib/util.py"])
    top = write(tmp_path / "top", {"app/main.py": BLOCKING})
    git_init(top, ["app/main.py"])
    git(top, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(sub), "vendor/sub")
    git(top, "commit", "-q", "-m", "submodule")
    assert (top / "vendor/sub/.git").is_file()

    outer = audit_all(top)  # the submodule is a gitlink: not part of this repository's files
    assert "vendor/sub" not in outer.project.repo.files
    assert [f.path for f in outer.report.findings if f.check_id == "ASY001"] == ["app/main.py"]

    inner = audit_all(top / "vendor/sub")  # the submodule's own work tree, its .git a file
    assert inner.report.target.git is not None and inner.report.target.git.head
    assert inner.project.repo.tracked == {"lib/util.py"}
    assert [f.path for f in inner.report.findings if f.check_id == "ASY001"] == ["lib/util.py"]


# -- malformed config files -------------------------------------------------------------------------

MALFORMED: dict[str, tuple[str, str | bytes, str | None]] = {
    # id: (path, content, the error entry expected; None: ignored without one)
    "alembic-no-section": (
        "alembic.ini",
        "[alembic\nscript_location = migrations\n",
        "malformed INI",
    ),
    "alembic-no-header": ("alembic.ini", "script_location = x\n", "malformed INI"),
    "alembic-empty-location": (
        "alembic.ini",
        "[alembic]\nscript_location =\nfile_template = %%(rev\n",
        None,
    ),
    "alembic-binary": ("alembic.ini", b"\x00\x01\x02", None),
    "pyproject-syntax": ("pyproject.toml", "[project\nname=", "malformed TOML"),
    "pyproject-wrong-types": (
        "pyproject.toml",
        "tool = 5\n[project]\ndependencies = 7\noptional-dependencies = 'x'\nrequires-python = 3\n",
        None,
    ),
    "pyproject-tool-tables-wrong-types": (
        "pyproject.toml",
        "[tool]\nalembic = 3\nruff = 4\npytest = 5\npoetry = 6\nuv = 7\n[dependency-groups]\ndev = 5\n",
        None,
    ),
    "pyproject-deep": (
        "pyproject.toml",
        "x = " + "[" * 50_000 + "]" * 50_000 + "\n",
        "malformed TOML",
    ),
    "compose-syntax": ("docker-compose.yml", "services: [1, 2\n", "malformed YAML"),
    "compose-wrong-types": (
        "docker-compose.yml",
        "services:\n  web:\n    command: 5\n    environment: 7\n    build: [1]\n",
        None,
    ),
    "compose-list": ("compose.yaml", "- a\n- b\n", None),
    "compose-python-tag": (
        "docker-compose.yml",
        "!!python/object/apply:os.system ['touch pwned']\n",
        "malformed YAML",
    ),
    "compose-self-alias": (
        "docker-compose.yml",
        "services:\n  web: &w\n    depends_on: [*w]\n    command: *w\n",
        None,
    ),
    "compose-deep": (
        "docker-compose.yml",
        "services: " + "[" * 50_000 + "]" * 50_000 + "\n",
        # the file is reported and skipped; whether the depth guard or libyaml's own flow-level
        # limit stops it first depends on the libyaml bundled with PyYAML
        "YAML",
    ),
    "pre-commit-wrong-types": (".pre-commit-config.yaml", "repos: 5\n", None),
    "pre-commit-wrong-hooks": (
        ".pre-commit-config.yaml",
        "repos:\n  - 5\n  - hooks: 3\n  - hooks: [1, {id: 3}]\n",
        None,
    ),
    "pre-commit-syntax": (".pre-commit-config.yaml", "repos: [\n", "malformed YAML"),
    "pipfile-lock-syntax": ("Pipfile.lock", "{", "malformed JSON"),
    "pipfile-lock-list": ("Pipfile.lock", "[1, 2, 3]", "not a JSON object"),
    "pipfile-lock-wrong-types": (
        "Pipfile.lock",
        '{"default": [1], "develop": {"x": {"version": 3}}}',
        None,
    ),
    "pipfile-lock-deep": ("Pipfile.lock", "[" * 100_000, "malformed JSON"),
    "uv-lock-wrong-types": ("uv.lock", "package = 5\n", None),
    "dockerfile-odd-continuations": (
        "Dockerfile",
        "FROM \\\nRUN \\\n\\\n# c\\\nCMD [[[[[\nFROM x AS\nENV\nHEALTHCHECK\nUSER\n\\",
        None,
    ),
    "dockerfile-backtick-escape": (
        "Dockerfile",
        "# escape=`\nFROM python:3.12`\n  AS base\nRUN pip install `\n  fastapi\nCMD uvicorn app.main:app --reload `\n",
        None,
    ),
    "dockerfile-deep-json": ("Dockerfile", "FROM python:3.12\nCMD " + "[" * 100_000 + "\n", None),
    "dockerfile-only-continuations": ("Dockerfile", "\\\n" * 10_000, None),
    "requirements-self-include": (
        "requirements.txt",
        "-r requirements.txt\n-r ../../../etc/passwd\nfastapi[\n==1\n",
        None,
    ),
    "setup-cfg-syntax": ("setup.cfg", "[options\ninstall_requires = fastapi\n", "malformed INI"),
    "ruff-wrong-types": ("ruff.toml", "lint = 5\nselect = 'E'\n", None),
    "workflow-syntax": (".github/workflows/ci.yml", "on: [\n", None),
    "pytest-ini-garbage": ("pytest.ini", "garbage\n", None),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_config_files(tmp_path, case):
    path, content, expected = MALFORMED[case]
    write(
        tmp_path,
        {
            "app/main.py": APP,
            "tests/test_api.py": "from fastapi.testclient import TestClient\n",
            path: content,
        },
    )
    result = audit_all(tmp_path)
    errs = errors(result)
    if expected is not None:
        assert expected in errs.get(path, ""), errs
    assert not [m for m in errs.values() if "crashed" in m]


def test_all_malformed_configs_at_once_in_every_format(tmp_path):
    files: dict[str, str | bytes] = {"app/main.py": APP + BLOCKING}
    for path, content, _ in MALFORMED.values():
        if "[" * 1000 not in (content if isinstance(content, str) else ""):
            files.setdefault(path, content)
    write(tmp_path / "repo", files)
    audit_all(tmp_path / "repo")
    texts = every_format(tmp_path / "repo", tmp_path)
    assert "malformed INI" in texts["json"]


def test_deeply_nested_kubernetes_manifest(tmp_path):
    """libyaml's C composer recurses without limit: 50,000 nested levels crashed the interpreter
    (SIGSEGV) through PRD002's manifest reader.  In a subprocess, so a regression cannot take
    the test run down."""
    write(
        tmp_path,
        {
            "app/main.py": APP,
            "deploy/deployment.yaml": 'kind: Deployment\nargs: ["-k", "uvicorn.workers.UvicornWorker"]\nx: '
            + "[" * 50_000
            + "]" * 50_000
            + "\n",
        },
    )
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "auditor",
            "audit",
            str(tmp_path),
            "--no-cache",
            "--select",
            "ALL",
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, f"exit {out.returncode}: {out.stderr[-500:]}"


# -- a large non-FastAPI tree -------------------------------------------------------------------------


def test_a_large_library_tree(tmp_path):
    """An installed library (textual: ~250 modules, 7 MB), every check, every format."""
    import textual

    src = Path(textual.__file__).parent
    root = tmp_path / "textual"
    shutil.copytree(src, root, ignore=shutil.ignore_patterns("__pycache__"))
    t0 = time.perf_counter()
    result = audit_all(root)
    elapsed = time.perf_counter() - t0
    report = result.report
    assert report.summary.python_files > 200
    assert elapsed < 20, f"{elapsed:.1f}s"
    assert report.summary.parse_errors == 0
    from auditor.exporters.markdown import render_markdown

    assert render_markdown(report, read=result.project.repo.read_text).startswith("# ")
    assert report.to_json()


def test_a_search_for_a_name_passes_large_files_over_without_an_error(tmp_path):
    # the scope searches every file of the tree for a module's name (a launch command, a
    # document): a 28 MB extension module it passed over was reported "file too large:
    # skipped", as if the audit had missed something in it
    from auditor.repository import MAX_OTHER_BYTES, Repository

    (tmp_path / "big.bin").write_bytes(b"x" * (MAX_OTHER_BYTES + 1))
    (tmp_path / "run.sh").write_text("python -m pkg.tool\n")
    repo = Repository(tmp_path, str(tmp_path), ("big.bin", "run.sh"), None)
    assert repo.searchable_bytes("big.bin") is None
    assert repo.searchable_bytes("run.sh") == b"python -m pkg.tool\n"
    assert repo.errors == []
    assert repo.read_bytes("big.bin") is None  # a real read still says why
    assert [e.message for e in repo.errors] == ["file too large (2.0 MB): skipped"]
