"""Round 30 (H36), helper r30d: messages, lines and fixes of true findings (PRD006, PRD007,
DEP001, RTE001, STR001)."""

from __future__ import annotations

from auditor.testing import run_example
from checks import by_id


def _run(check_id: str, kind: str, note_start: str, tmp_path):
    check = by_id()[check_id]
    example = next(e for e in getattr(check, kind) if e.note.startswith(note_start))
    findings, _ = run_example(check, example, tmp_path)
    return findings


def test_prd006_names_the_folders_searched_and_the_copy_into_the_final_image(tmp_path):
    # openenv-core openenv/cli/templates/openenv_env/server/Dockerfile:28: built from the
    # folder above (not known from the tree), and `COPY --from=builder /app/env /app/env`
    # carries the builder's context copy into the final image.
    [found] = _run("PRD006", "bad", "a builder stage's context copy that the final", tmp_path)
    assert found.message == (
        "`COPY . src` copies the whole build context, and there is no `.dockerignore` in "
        "`services/worker/` nor in any folder above it: any `.env` secrets, `.git` history or "
        "`.venv` in the context end up in the image (copied from the `build` stage into the "
        "final image by `COPY --from=build /srv /srv`, line 7)"
    )
    assert found.fix is not None and found.fix.title == (
        "Create a `.dockerignore` at the root of the build context it is built from "
        "(`services/worker/.dockerignore` when that is its own folder) with `.env`, `.env.*`, "
        "`!.env.example`, `.git`, `.venv`, `__pycache__/`, `tests/`"
    )


def test_prd006_a_builder_stage_the_final_one_takes_a_sub_folder_of(tmp_path):
    [found] = _run("PRD006", "bad", "the final stage copies only from the builder", tmp_path)
    assert found.message.endswith(
        "(in the `build` stage: its layers still leak if pushed or cached in a registry)"
    )


def test_prd006_a_builder_stage_copied_from_at_paths_chosen_at_build_time(tmp_path):
    [found] = _run("PRD006", "bad", "where the builder copies the context", tmp_path)
    assert found.message == (
        "`COPY . ${APP}` copies the build context and `.dockerignore` does not exclude "
        "`.git`: it ends up in the image (in the `build` stage: its layers leak if pushed or "
        "cached in a registry, and so does what a later stage copies from it)"
    )
