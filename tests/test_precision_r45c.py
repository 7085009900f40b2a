"""Round 45 (H51), helper r45c: MIG001 on a start-up runner whose schema read sits in a
helper, RTE002 on a README that calls the docs pages the API's full reference, and
RTE001's wording on handlers that return dicts of chosen keys, pinned by the text the
checks produce."""

from __future__ import annotations

from auditor.check import snippet
from auditor.testing import run_example
from auditor.testing import run_noted_example as _run
from checks import by_id
from checks.rte002_docs_exposed_in_production import _CATALOGUE_APP, _REFERENCE_README


def _rte002(readme: str, tmp_path) -> list:
    example = snippet(_CATALOGUE_APP, with_files={"README.md": readme})
    found, _ = run_example(by_id()["RTE002"], example, tmp_path)
    return found


def test_rte002_a_local_url_the_readme_calls_the_endpoints_whole_list_publishes_the_docs(
    tmp_path,
):
    # vmr-http METADATA:44-50 (H42, judged false): 'For an exhaustive list of the endpoints
    # ... simply launch the server and then visit: *Swagger UI* - http://localhost:8000/docs'
    readme = _REFERENCE_README.format(
        last="For an exhaustive list of the endpoints, launch the server and visit:\n\n"
        "*Swagger UI*\n- http://localhost:8000/docs"
    )
    assert _rte002(readme, tmp_path) == []


def test_rte002_the_reference_words_speak_only_for_a_docs_page_close_after_them(tmp_path):
    # the words alone, or a page far below them or on another host (a documentation site),
    # hand nothing to this server's docs
    far = _REFERENCE_README.format(
        last="The full API reference lives in the guide.\n\n"
        + "More about items.\n" * 20
        + "\nTry it at http://localhost:8000/docs"
    )
    [found] = _rte002(far, tmp_path / "far")
    assert found.line == 3
    elsewhere = _REFERENCE_README.format(
        last="The full API reference: https://guide.catalogue.org/docs"
    )
    [found] = _rte002(elsewhere, tmp_path / "elsewhere")
    assert found.line == 3


def test_rte001_a_comprehension_of_chosen_fields_and_a_dataclass_dump_are_undocumented_only(
    tmp_path,
):
    # webgate servers/routes.py:181 (a dict comprehension of hand-built displays) and
    # branding/routes.py:88 (`view = await store.reset(session)`, annotated `-> BrandingView`,
    # then `view.as_dict()`, an asdict() dump): no unfiltered data is seen, as flyte H37
    hits = _run("RTE001", "a dict comprehension of displays built by hand", tmp_path)
    assert {f.line: f.message for f in hits} == {
        28: "`GET /probes` (`all_probes`) returns `dict[str, object]`, which is not a "
        "response model: its result is undocumented in OpenAPI",
        33: "`GET /probes/{key}` (`one_probe`) returns `dict[str, object]`, which is not a "
        "response model: the response is undocumented in OpenAPI (declare the model as the "
        "return type)",
        39: "`GET /rows` (`rows`) returns `dict[str, object]`, which is not a response model: "
        "its result is undocumented in OpenAPI, and no response model validates or filters it",
    }


def test_rte001_a_comprehension_of_comprehensions_is_read_without_end(tmp_path):
    # prefect 3.9.1: a route returning a dict comprehension whose items are dict
    # comprehensions made RTE001 ask for the function's elements again and again, until
    # RecursionError crashed the check (every RTE001 finding of the project lost)
    example = snippet(
        "from fastapi import FastAPI\n"
        "app = FastAPI()\n"
        "@app.get('/grid')\n"
        "async def grid(rows: dict):\n"
        "    return {k: {i: {j: v for j, v in c.items()} for i, c in r.items()}\n"
        "            for k, r in rows.items()}\n"
    )
    found, _ = run_example(by_id()["RTE001"], example, tmp_path)  # raises if it errored
    assert [f.line for f in found] == [4]
