"""The engine: file set (F1), bad input, determinism, cache, parallelism, the JSON contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from auditor.engine import Options, audit
from auditor.report import json_schema
from auditor.repository import (
    TargetError,
    alembic_layout,
    classify,
    open_repository,
    scaffold_dirs,
)
from auditor.testing import git, git_init
from tests.conftest import ROOT

BLOCKING = """\
import time


async def handler() -> None:
    time.sleep(1)
"""


def run(path, **kw):
    kw.setdefault("use_cache", False)
    return audit(path, Options(**kw)).report


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
    return root


# -- the JSON contract -------------------------------------------------------------


def test_committed_schema_is_current():
    committed = json.loads((ROOT / "auditor/schema/report.schema.json").read_text())
    assert committed == json_schema(), (
        "regenerate with: auditor schema > auditor/schema/report.schema.json"
    )


def test_report_validates_against_schema(tmp_path):
    write(tmp_path, {"app/main.py": BLOCKING, "app/bad.py": "def (:\n"})
    data = json.loads(run(tmp_path).to_json())
    jsonschema.validate(data, json_schema())
    assert list(data) == [
        "schema_version",
        "tool",
        "target",
        "summary",
        "categories",
        "checks",
        "findings",
        "errors",
    ]
    assert data["schema_version"] == 1
    assert [c["id"] for c in data["categories"]] == [
        "structure",
        "async",
        "pydantic",
        "dependencies",
        "routes",
        "errors",
        "settings",
        "database",
        "migrations",
        "testing",
        "security",
        "logging",
        "production",
        "tooling",
    ]
    f = next(f for f in data["findings"] if f["check_id"] == "ASY001")
    assert (f["path"], f["line"], f["column"], f["end_line"]) == ("app/main.py", 5, 5, 5)
    assert set(f) == {
        "check_id",
        "name",
        "category",
        "severity",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "confidence",
        "fix",
    }
    assert f["confidence"] == "high"


def test_output_is_deterministic(tmp_path):
    root = write(tmp_path / "repo", {f"app/m{i}.py": BLOCKING for i in range(5)})
    a = run(root).to_json()
    b = audit(root, Options(use_cache=True, cache_dir=tmp_path / "c")).report.to_json()
    c = audit(root, Options(use_cache=True, cache_dir=tmp_path / "c")).report.to_json()
    assert a == b == c
    assert "timings" not in json.loads(a)


def test_parallel_and_serial_agree(tmp_path):
    write(tmp_path, {f"pkg/m{i}.py": BLOCKING for i in range(30)})
    assert run(tmp_path, jobs=1).to_json() == run(tmp_path, jobs=2).to_json()


def test_cache_sees_edits(tmp_path, monkeypatch):
    root = write(tmp_path / "repo", {"app/main.py": BLOCKING})
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))
    assert len(run(root, use_cache=True).findings) == 1
    assert list((tmp_path / "cache").glob("*.pickle")), "the cache lives in the user's cache folder"
    (root / "app/main.py").write_text(BLOCKING.replace("time.sleep(1)", "pass"))
    assert run(root, use_cache=True).findings == []
    assert sorted(p.name for p in root.rglob("*")) == ["app", "main.py"], (
        "nothing written into the audited repo"
    )


# -- F1: file set and classes ------------------------------------------------------------


def test_walk_skips_virtualenvs_and_caches(tmp_path):
    write(
        tmp_path,
        {
            "app/main.py": BLOCKING,
            ".venv/lib/x.py": BLOCKING,
            "node_modules/y.py": BLOCKING,
            "build/z.py": BLOCKING,
            ".mypy_cache/a.py": BLOCKING,
            "hub_cache/CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n",
            "hub_cache/b.py": BLOCKING,
            "db/kv_cache/001_initial.py": "revision = '001'\n",
        },
    )
    repo = open_repository(tmp_path)
    # a folder named ``*_cache`` is a tool's cache only when dotted or tagged (CACHEDIR.TAG)
    assert repo.files == ("app/main.py", "db/kv_cache/001_initial.py")
    assert repo.git is None


def test_walk_skips_an_install_target_inside_the_tree(tmp_path):
    """A folder ``pip install --target`` filled (installed distributions with their
    ``*.dist-info``) is third-party code, as site-packages is; the audited folder itself may
    be an unpacked wheel (its own ``*.dist-info`` beside its package) and is listed."""
    write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/agent/main.py": BLOCKING,
            "pkg/agent/thirdparty_files/aiohttp/client.py": BLOCKING,
            "pkg/agent/thirdparty_files/aiohttp-3.9.0.dist-info/METADATA": "Name: aiohttp\n",
            "pkg-1.0.dist-info/METADATA": "Name: pkg\nVersion: 1.0\n",
        },
    )
    repo = open_repository(tmp_path)
    assert repo.files == (
        "pkg-1.0.dist-info/METADATA",
        "pkg/__init__.py",
        "pkg/agent/main.py",
    )


def test_git_file_set_is_tracked_plus_unignored(tmp_path):
    write(
        tmp_path,
        {
            ".gitignore": "ignored/\n",
            "app/main.py": BLOCKING,
            "ignored/x.py": BLOCKING,
            "new.py": "x = 1\n",
        },
    )
    git_init(tmp_path, [".gitignore", "app/main.py"])
    repo = open_repository(tmp_path)
    assert repo.files == (".gitignore", "app/main.py", "new.py")
    assert repo.tracked == {".gitignore", "app/main.py"}
    assert repo.git and repo.git.head and repo.git.branch == "main" and repo.git.dirty is False
    report = run(tmp_path)
    assert report.target.git.head == repo.git.head


def test_subfolder_of_a_git_repo(tmp_path):
    write(tmp_path, {"svc/app/main.py": BLOCKING, "other/x.py": BLOCKING})
    git_init(tmp_path, ["svc/app/main.py", "other/x.py"])
    repo = open_repository(tmp_path / "svc")
    assert repo.files == ("app/main.py",)


def test_empty_git_repository(tmp_path):
    git_init(tmp_path, [])
    report = run(tmp_path)
    assert report.target.git is not None and report.target.git.head is None
    assert report.findings == []


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("app/main.py", "app"),
        ("tests/test_a.py", "test"),
        ("app/test_b.py", "test"),
        ("app/b_test.py", "test"),
        ("conftest.py", "test"),
        ("alembic/versions/001_x.py", "migration"),
        ("migrations/versions/001_x.py", "migration"),
        ("alembic/env.py", "alembic-env"),
        ("gunicorn.conf.py", "tooling"),
        ("scripts/seed.py", "tooling"),
        ("docs/conf.py", "tooling"),
        ("examples/demo.py", "tooling"),
        ("agency/ui/demos/twilio/server.py", "tooling"),  # a package's demo folder
        ("pkg/demo/app.py", "tooling"),
        ("demo/main.py", "app"),  # a project whose own top folder is named demo
        ("app/demo.py", "app"),  # a module named demo, not a folder
        ("setup.py", "tooling"),
    ],
)
def test_file_classes(path, expected, tmp_path):
    repo = open_repository(write(tmp_path, {path: ""}))
    assert classify(path, alembic_layout(repo)) == expected


def test_project_scaffolds_are_tooling(tmp_path):
    """A project template a command copies into new user projects (a template-named folder
    with its own setup.py / pyproject.toml, a cookiecutter folder) is not the package's
    code; a template-named folder without a project file, and the package around it, are."""
    files = {
        "pkg/cli/pl-app-template/setup.py": "",
        "pkg/cli/pl-app-template/core/state.py": "",
        "pkg/cli/pl-app-template/tests/test_app.py": "",
        "pkg/project-templates/basic/pyproject.toml": "",
        "pkg/project-templates/basic/app/main.py": "",
        "{{cookiecutter.slug}}/app/main.py": "",
        "pkg/email_templates/render.py": "",
        "pkg/templates/views.py": "",
        "pkg/cli/core.py": "",
        "pkg/cli/pl-app-template-tools/run.py": "",
    }
    repo = open_repository(write(tmp_path, files))
    scaffolds = scaffold_dirs(repo.files)
    assert scaffolds == {"pkg/cli/pl-app-template", "pkg/project-templates/basic"}
    classes = {p: classify(p, alembic_layout(repo), scaffolds) for p in files if p.endswith(".py")}
    assert classes == {
        "pkg/cli/pl-app-template/setup.py": "tooling",
        "pkg/cli/pl-app-template/core/state.py": "tooling",
        "pkg/cli/pl-app-template/tests/test_app.py": "tooling",
        "pkg/project-templates/basic/app/main.py": "tooling",
        "{{cookiecutter.slug}}/app/main.py": "tooling",
        "pkg/email_templates/render.py": "app",
        "pkg/templates/views.py": "app",
        "pkg/cli/core.py": "app",
        "pkg/cli/pl-app-template-tools/run.py": "app",
    }


def test_alembic_script_location_from_ini(tmp_path):
    write(
        tmp_path,
        {
            "alembic.ini": "[alembic]\nscript_location = db/migrations\n",
            "db/migrations/versions/a.py": "",
            "db/migrations/env.py": "",
        },
    )
    layout = alembic_layout(open_repository(tmp_path))
    assert classify("db/migrations/versions/a.py", layout) == "migration"
    assert classify("db/migrations/env.py", layout) == "alembic-env"


# -- bad input -----------------------------------------------------------------------------


def _errors(report) -> dict[str | None, str]:
    return {e.path: e.message for e in report.errors}


def test_bad_files_are_reported_and_the_audit_goes_on(tmp_path):
    write(
        tmp_path,
        {
            "app/main.py": BLOCKING,
            "app/syntax.py": "def broken(:\n    pass\n",
            "app/py2.py": 'print "hello"\n',
            "app/latin.py": b"# no coding line\nx = '\xe9\xe9'\n",
            "app/binary.py": b"\x00\x01\x02binary",
            "app/bom.py": "\ufeffimport time\n\nasync def f():\n    time.sleep(1)\n",
            "app/cookie.py": "# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n".encode("latin-1"),
            "app/big.py": b"x = 1\n" * 800_000,
        },
    )
    report = run(tmp_path)
    errs = _errors(report)
    assert "syntax error at line 1" in errs["app/syntax.py"]
    assert "syntax error" in errs["app/py2.py"]
    assert "decode" in errs["app/latin.py"]
    assert "binary" in errs["app/binary.py"]
    assert "too large" in errs["app/big.py"]
    assert "app/bom.py" not in errs and "app/cookie.py" not in errs
    assert {f.path for f in report.findings} == {"app/main.py", "app/bom.py"}
    assert report.summary.parse_errors == 4
    # the four that do not parse and the one too large to read: no check read them
    assert report.summary.files_not_audited == 5
    assert report.summary.python_files == 8


APP = "from fastapi import FastAPI\n\napp = FastAPI()\n"


def test_applications_are_counted_and_a_folder_without_one_is_not_graded(tmp_path):
    write(tmp_path / "plain", {"lib/util.py": "def f():\n    return 1\n"})
    plain = run(tmp_path / "plain").summary
    assert (plain.applications, plain.grade) == (0, None)
    assert plain.score == 100  # the checks that ran still say what they found

    write(
        tmp_path / "two",
        {
            "app/main.py": APP,
            "app/admin.py": "import fastapi\n\n\ndef make():\n    admin = fastapi.FastAPI()\n    return admin\n",
            "tests/test_x.py": APP,  # a test's app is not one of the project's
        },
    )
    two = run(tmp_path / "two").summary
    assert two.applications == 2 and two.grade is not None


def test_fail_on_incomplete(tmp_path, capsys):
    from auditor.cli import main

    write(tmp_path, {"app/main.py": APP, "app/broken.py": "def broken(:\n"})
    args = ["audit", str(tmp_path), "--no-cache", "--format", "json", "--select", "ASY001"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["files_not_audited"] == 1
    assert main([*args, "--fail-on-incomplete"]) == 1
    capsys.readouterr()
    (tmp_path / "auditor.toml").write_text("fail-on-incomplete = true\n")
    assert main(args) == 1


def test_newer_syntax_is_audited(tmp_path):
    # PEP 695 / 758 on any interpreter: parsed by libcst, lowered to this one's ast
    new = "type Vector = list[float]\ntry:\n    pass\nexcept ValueError, TypeError:\n    pass\n"
    write(tmp_path, {"app/new.py": new, "app/main.py": BLOCKING})
    report = run(tmp_path)
    assert _errors(report) == {}
    assert report.summary.files_not_audited == 0


def test_deep_nesting_does_not_escape(tmp_path):
    deep = "x = " + "(" * 150 + "1" + ")" * 150 + "\n"
    chain = "y = " + " + ".join(["1"] * 20000) + "\n"
    write(tmp_path, {"app/deep.py": deep, "app/chain.py": chain, "app/main.py": BLOCKING})
    report = run(tmp_path)
    assert any(f.path == "app/main.py" for f in report.findings)


def test_symlink_loop_and_outside_links(tmp_path):
    outside = tmp_path / "outside"
    write(outside, {"secret.py": BLOCKING})
    root = write(tmp_path / "repo", {"app/main.py": BLOCKING})
    (root / "loop").symlink_to(root / "loop")
    (root / "dirloop").symlink_to(root, target_is_directory=True)
    (root / "app/escape.py").symlink_to(outside / "secret.py")
    report = run(root)
    assert [f.path for f in report.findings] == ["app/main.py"]
    assert "outside" in _errors(report).get("app/escape.py", "")


def test_links_inside_the_root_are_read_once(tmp_path):
    root = write(tmp_path, {"app/main.py": BLOCKING})
    (root / "app/alias.py").symlink_to(root / "app/main.py")
    report = run(root)
    assert sorted(f.path for f in report.findings) == ["app/alias.py", "app/main.py"]


def test_git_file_is_not_a_folder(tmp_path):
    root = write(tmp_path, {"app/main.py": BLOCKING, ".git": "gitdir: /nonexistent/worktree\n"})
    report = run(root)
    assert [f.path for f in report.findings] == ["app/main.py"]


def test_bare_repository_is_not_a_work_tree(tmp_path):
    git(tmp_path, "init", "-q", "--bare")
    report = run(tmp_path)
    assert report.target.git is None


def test_bad_targets():
    with pytest.raises(TargetError, match="no such file"):
        open_repository("/nonexistent/nowhere")
    with pytest.raises(TargetError, match="not a directory"):
        open_repository(__file__)


def test_malformed_pyproject_is_an_error_entry(tmp_path):
    write(tmp_path, {"pyproject.toml": "[project\nname=", "app/main.py": BLOCKING})
    report = run(tmp_path)
    assert "malformed TOML" in _errors(report)["pyproject.toml"]


# -- isolation ----------------------------------------------------------------------------------


def test_a_crashing_check_is_isolated(tmp_path, monkeypatch):
    from checks.asy001_blocking_call_in_async import BlockingCallInAsync

    def boom(self, hits, project):
        raise RuntimeError("kaput")

    monkeypatch.setattr(BlockingCallInAsync, "judge", boom)
    write(tmp_path, {"app/main.py": BLOCKING})
    report = run(tmp_path)
    status = {c.id: c for c in report.checks}["ASY001"]
    assert status.status == "errored" and "kaput" in status.reason
    assert any("kaput" in e.message for e in report.errors)


def test_engine_never_imports_textual_or_runs_the_target(tmp_path):
    marker = tmp_path / "ran"
    write(
        tmp_path,
        {
            "app/main.py": f"open({str(marker)!r}, 'w').write('x')\nimport time\n\nasync def f():\n    time.sleep(1)\n",
            "conftest.py": f"open({str(marker)!r}, 'w').write('x')\n",
        },
    )
    code = (
        "import sys; from auditor.engine import audit, Options; import auditor.cli;"
        f"r = audit({str(tmp_path)!r}, Options(use_cache=False, jobs=2)).report;"
        "assert 'textual' not in sys.modules, 'textual imported';"
        "print(len(r.findings))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "1"
    assert not marker.exists()


def test_a_fixer_that_raises_is_reported_not_swallowed(tmp_path, monkeypatch):
    from checks.asy001_blocking_call_in_async import BlockingCallInAsync

    def broken_fix(self, source, hit, project):
        raise KeyError("oops")

    monkeypatch.setattr(BlockingCallInAsync, "fix", broken_fix)
    write(tmp_path, {"app/main.py": BLOCKING})
    report = run(tmp_path, select=["ASY001"], jobs=1)
    finding = next(f for f in report.findings if f.check_id == "ASY001")
    assert finding.fix is not None and finding.fix.diff is None
    assert (
        "ASY001's fix crashed on app/main.py:5: KeyError: 'oops'" in _errors(report)["app/main.py"]
    )


def test_a_fix_that_does_not_parse_is_refused_and_reported(tmp_path, monkeypatch):
    from checks.asy001_blocking_call_in_async import BlockingCallInAsync

    monkeypatch.setattr(
        BlockingCallInAsync, "fix", lambda self, source, hit, project: source + "def (:\n"
    )
    write(tmp_path, {"app/main.py": BLOCKING})
    report = run(tmp_path, select=["ASY001"], jobs=1)
    finding = next(f for f in report.findings if f.check_id == "ASY001")
    assert finding.fix is not None and finding.fix.diff is None
    assert "does not parse" in _errors(report)["app/main.py"]
