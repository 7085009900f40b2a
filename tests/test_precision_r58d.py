"""Round 58 (H60 pixlstash, H61 iowap-server), helper D: routes no response model can
describe; a docs folder's reference page publishing the schema."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_rte001_request_keyed_and_hand_documented_answers_are_left_alone(tmp_path):
    # pixlstash routes/characters.py:1386 and routes/pictures/_crud.py:1092: `{field:
    # safe_model_dict(getattr(row, field))}` keyed by the path parameter, the first also
    # documenting its 200 JSON schema by hand in `responses=`
    assert _run("RTE001", "a success answer whose JSON schema", tmp_path, "good") == []


def test_rte001_model_valued_and_example_only_answers_are_still_flagged(tmp_path):
    found = _run("RTE001", "the other side of the request-keyed", tmp_path)
    assert [f.line for f in found] == [13, 18]
    assert found[1].message == (
        "`GET /rows/{row_id}` (`row`) declares no response model and no return type: its "
        "result is undocumented in OpenAPI, and no response model validates or filters it"
    )


def test_rte002_a_docs_folder_reference_page_publishes_the_schema(tmp_path):
    # iowap-server relay_server/main.py:184: relay_server/docs/reference/api.md says
    # "Machine-readable spec: **`openapi.json`** at the relay root -
    # `http://<relay>:8788/openapi.json` lists every registered route"
    assert _run("RTE002", "a reference page of the project's `docs` folder", tmp_path, "good") == []
    [found] = _run("RTE002", "the other side of the docs-folder reference trap", tmp_path / "b")
    assert found.line == 3


def test_rte002_docs_folder_owner_and_template_urls():
    from checks.rte002_docs_exposed_in_production import _docs_as_reference, _docs_folder_owner

    assert _docs_folder_owner("server/docs/reference/api.md") == "server"
    assert _docs_folder_owner("docs/api.md") == ""
    assert _docs_folder_owner("server/notes/api.md") is None
    assert _docs_folder_owner("docs/conf.py") is None
    assert _docs_as_reference("Machine-readable spec: https://{host}/openapi.json")
    assert not _docs_as_reference("Machine-readable spec: https://api.vendor.io/openapi.json")
    assert not _docs_as_reference("Try it: http://<server>:8000/docs")
