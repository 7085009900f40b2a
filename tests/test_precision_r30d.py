"""Round 30 (H36), helper r30d: messages, lines and fixes of true findings (PRD006, PRD007,
DEP001, RTE001, STR001)."""

from __future__ import annotations

from auditor.testing import run_example, run_noted_example
from checks import by_id


def _run(check_id: str, kind: str, note_start: str, tmp_path):
    return run_noted_example(check_id, note_start, tmp_path, kind)


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


def _compiles(text: str) -> bool:
    try:
        compile(text, "<fixed>", "exec", dont_inherit=True)
    except SyntaxError:
        return False
    return True


def test_dep001_a_required_field_after_one_that_keeps_its_default_is_moved_before_it(tmp_path):
    # rapid-mlx routes/video.py:1529: `extend_frames: Annotated[int, Form()]` in place, after
    # `model: str = Form("...")` (which keeps `= "..."`), is a SyntaxError.
    check = by_id()["DEP001"]
    example = next(e for e in check.bad if e.note.startswith("a required form field"))
    found, _ = run_example(check, example, tmp_path)
    frames = next(f for f in found if "`frames`" in f.message)
    assert frames.message == (
        "parameter `frames` declares `Form(...)` as its default value: use "
        "`frames: Annotated[int, Form()]`, moved before `codec`, which keeps its default "
        "(ruff FAST002)"
    )
    assert frames.fix is not None and frames.fix.diff is None
    assert frames.fix.title == (
        "Use `Annotated[...]` by hand (move it before `codec`, which keeps its default: a "
        "parameter without a default cannot follow one with a default)"
    )
    text = example.files["app/media.py"]
    clip = text[text.index("async def clip(") : text.index(") -> dict:") + len(") -> dict:")]
    body = "\n    return {}\n"
    title = "    title: Annotated[str, Form(max_length=80)],\n"
    codec = '    codec: Annotated[str, Form()] = "h264",\n'
    frames_line = "    frames: Annotated[int, Form()],\n"
    head = "from typing import Annotated\nfrom fastapi import Form\n\n"
    in_place = f"{head}async def clip(\n{title}{codec}{frames_line}) -> dict:{body}"
    moved = f"{head}async def clip(\n{title}{frames_line}{codec}) -> dict:{body}"
    assert "frames: int = Form(...)" in clip
    assert not _compiles(in_place)
    assert _compiles(moved)
    # after a parameter that loses its default too, the suggestion stands in place
    text_field = next(f for f in found if "`text`" in f.message)
    assert text_field.message.endswith("use `text: Annotated[str, Form()]` (ruff FAST002)")
    assert text_field.fix is not None and text_field.fix.title == (
        "Use `Annotated[...]` by hand (once `video` has moved into `Annotated[...]` too: a "
        "parameter without a default cannot follow one with a default)"
    )
    assert _compiles(
        f"{head}async def caption(video: Annotated[int, Form()], "
        "text: Annotated[str, Form()]) -> dict:" + body
    )


def test_str001_counts_the_routes_one_run_registers(tmp_path):
    # harbor viewer/server.py:319: 78 routes summed over `if mode == "tasks": ... elif
    # isinstance(source, FolderSource): ... elif ...`, of which at most 50 are registered.
    [found] = _run("STR001", "bad", "helpers called in branches that exclude", tmp_path)
    assert found.message == (
        "up to 3 routes at once (4 across branches that exclude one another) are registered "
        "directly on the app `app` (app-routes-max = 2): group them in APIRouters by feature"
    )
    [plain] = _run("STR001", "bad", "more routes directly on the app than", tmp_path / "p")
    assert plain.message.startswith("3 routes are registered directly on the app `app`")


def test_rte001_a_local_path_and_a_result_no_model_checks(tmp_path):
    # harbor viewer/stream.py:245-248 `route = "/api/..."; @app.get(route)`: the path is
    # known; rapid-mlx routes/video.py:1724 `[job.public() for ...]` filters by hand, so the
    # message says no response model checks the result, not that it goes out unfiltered.
    found = _run("RTE001", "bad", "a path held in a local bound once", tmp_path)
    assert [f.message for f in found] == [
        "`GET /jobs` (`list_jobs`) declares no response model and no return type: its result "
        "is undocumented in OpenAPI, and no response model validates or filters it",
        "`GET` route `pick` (its path is built at run time) declares no response model and no "
        "return type: its result is undocumented in OpenAPI (the values it returns could not "
        "be read)",
    ]


_ROUTES = b"""\
def add(app, flag):
    route = "/a"
    late: str = "/b"
    twice = "/c"
    twice = "/d"
    if flag:
        maybe = "/e"
    made = "/" + "f"

    def rebind():
        nonlocal kept
        kept = "/h"

    kept = "/g"
    use(route, late, twice, maybe, made, kept, after)
    after = "/i"
"""


def test_a_local_bound_once_unconditionally_to_a_string_is_that_string():
    from auditor.local_values import bound_string

    def value(name: str) -> str | None:
        return bound_string(_ROUTES, "add", 1, name, 15)

    assert value("route") == "/a"
    assert value("late") == "/b"
    # bound twice, in a branch, computed, rebound by a closure, bound below the use
    assert [value(n) for n in ("twice", "maybe", "made", "kept", "after")] == [None] * 5
    assert bound_string(_ROUTES, "other", 1, "route", 15) is None
