"""Round 28 (H34), helper r28d: what a published distribution cannot show (PRD007, TOL001)
and the fix of a Dockerfile template a generator renders (PRD006)."""

from __future__ import annotations

from dataclasses import replace

from auditor.testing import noted_example, run_example, run_noted_example


def _run(check_id: str, kind: str, note_start: str, tmp_path):
    return run_noted_example(check_id, note_start, tmp_path, kind)


def test_prd006_a_template_is_fixed_by_its_generator(tmp_path):
    # abi-core-ai abi_cli/scaffolding/project/Dockerfile.j2:11: create.py renders a fixed
    # list of files into services/web_api/, so a .dockerignore added beside the template (the
    # old fix) never reached the generated project; the generator has to write it.
    [found] = _run("PRD006", "bad", "a Dockerfile template a generator renders", tmp_path)
    assert found.message == (
        "`COPY . .` copies the whole build context, and no `.dockerignore` comes with this "
        "template (none in `scaffold/templates/api/`): any `.env` secrets, `.git` history or "
        "`.venv` in a project generated from it end up in its image"
    )
    assert found.fix is not None and found.fix.title == (
        "Have the generator write a `.dockerignore` with `.env`, `.env.*`, `!.env.example`, "
        "`.git`, `.venv`, `__pycache__/`, `tests/` beside the Dockerfile it renders from "
        "`Dockerfile.j2` (a file added to `scaffold/templates/api/` reaches generated projects "
        "only if the generator copies it)"
    )


def test_prd006_a_plain_dockerfile_keeps_its_fix(tmp_path):
    [found] = _run("PRD006", "bad", "its comment builds it with the repository root", tmp_path)
    assert found.fix is not None
    assert found.fix.title.startswith("Create `.dockerignore` with `.env`")


def test_prd007_a_wheel_is_not_judged_on_its_install_ranges_but_a_repository_is(tmp_path):
    # openmed pyproject.toml:39: the wheel ships its pyproject.toml but not the uv.lock its
    # repository commits; a git work tree with the same files has no lock, and is reported.
    assert _run("PRD007", "good", "an unpacked wheel's `pyproject.toml`", tmp_path / "w") == []
    check, wheel = noted_example("PRD007", "an unpacked wheel's `pyproject.toml`", "good")
    repo = replace(wheel, git_tracked=tuple(wheel.files))
    found, _ = run_example(check, repo, tmp_path / "r")
    assert [(f.path, f.line) for f in found] == [("pyproject.toml", 3)]
    assert found[0].message.startswith("no lock file, and `pyproject.toml` is not fully pinned")


def test_tol001_a_wheel_does_not_show_what_runs_ruff_but_a_repository_does(tmp_path):
    # openmed pyproject.toml:632: the repository runs ruff from CI and its Makefile, which
    # the wheel leaves out.
    assert _run("TOL001", "good", "an unpacked wheel: the repository's CI", tmp_path / "w") == []
    check, wheel = noted_example("TOL001", "an unpacked wheel: the repository's CI", "good")
    repo = replace(wheel, git_tracked=tuple(wheel.files))
    [found], _ = run_example(check, repo, tmp_path / "r")
    assert found.message.startswith("ruff is configured in `pyproject.toml` but nothing runs it")
