"""One problem, one finding (issue 10, class 12): the examples pin lines as a set, so a second
finding on the same line would pass them; these count."""

from __future__ import annotations

from collections import Counter

import pytest

from auditor.testing import run_example
from checks import by_id


def _count(check_id: str, index: int, tmp_path) -> Counter[tuple[str | None, int | None]]:
    check = by_id()[check_id]
    findings, _ = run_example(check, check.bad[index], tmp_path)
    return Counter((f.path, f.line) for f in findings)


def test_an_empty_revision_is_one_finding(tmp_path):
    # empty slug and "empty message": one finding that says both
    counts = _count("MIG002", 0, tmp_path)
    assert counts[("alembic/versions/3f2a1b9c8d7e_.py", 1)] == 1


@pytest.mark.parametrize("index", range(len(by_id()["SEC005"].bad)))
def test_a_route_is_one_finding_whatever_its_union(index, tmp_path):
    assert set(_count("SEC005", index, tmp_path).values()) == {1}


@pytest.mark.parametrize("in_git", [False, True], ids=["folder", "git"])
def test_a_dockerfile_reached_through_a_link_is_audited_once(tmp_path, in_git):
    from auditor.engine import Options, audit
    from auditor.testing import git_init

    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "main.py").write_text("from fastapi import FastAPI\n\napp = FastAPI()\n")
    (tmp_path / "docker").mkdir()
    (tmp_path / "docker" / "Dockerfile").write_text(
        'FROM python:3.12-slim\nCOPY . /app\nCMD ["uvicorn", "app.main:app"]\n'
    )
    (tmp_path / "Dockerfile").symlink_to("docker/Dockerfile")
    if in_git:
        git_init(tmp_path, ["app/main.py", "docker/Dockerfile", "Dockerfile"])
    result = audit(tmp_path, Options(select=["PRD005"], use_cache=False))
    assert [(f.check_id, f.path) for f in result.report.findings] == [
        ("PRD005", "docker/Dockerfile")
    ]
    assert result.project.repo.links == {"Dockerfile": "docker/Dockerfile"}


def test_a_variable_read_twice_on_a_line_is_one_finding(tmp_path):
    # ``int(getenv("X")) if getenv("X") else None``: one variable to declare
    check = by_id()["SET005"]
    index = next(i for i, e in enumerate(check.bad) if "read twice on one line" in (e.note or ""))
    assert set(_count("SET005", index, tmp_path).values()) == {1}
