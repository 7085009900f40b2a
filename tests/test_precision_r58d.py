"""Round 58 (H60 pixlstash), helper D: routes no response model can describe."""

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
