"""RTE001's wording follows what the route is: out of the schema, it is not "undocumented"."""

from __future__ import annotations

from auditor.testing import run_example
from checks import all_checks


def test_a_route_out_of_the_schema_is_not_called_undocumented(tmp_path):
    check = next(c for c in all_checks() if c.id == "RTE001")
    example = next(e for e in check.bad if "left out of the schema" in e.note)
    findings, _ = run_example(check, example, tmp_path)
    by_line = {f.line: f.message for f in findings}
    assert by_line[9].endswith(
        "undocumented in OpenAPI, and no response model validates or filters it"
    )
    assert by_line[15].endswith("its result is neither validated nor filtered by a response model")
    assert "undocumented" not in by_line[15]


def test_a_display_built_by_hand_is_called_undocumented_not_unfiltered(tmp_path):
    # excel-vis api/data.py:48, fastapi-keygate admin.py:55: every key chosen by hand, the
    # values plain or unseen: nothing seen to leak, the schema is what is missing
    check = next(c for c in all_checks() if c.id == "RTE001")
    example = next(e for e in check.bad if e.note.startswith("displays built by hand"))
    findings, _ = run_example(check, example, tmp_path)
    by_line = {f.line: f.message for f in findings}
    assert by_line[13].endswith("its result, built by hand, is undocumented in OpenAPI")
    assert by_line[18].endswith(
        "which is not a response model: its result is undocumented in OpenAPI"
    )
    assert by_line[23].endswith(
        "undocumented in OpenAPI, and no response model validates or filters it"
    )
    assert by_line[28].endswith("its result is neither validated nor filtered by a response model")
    assert by_line[35].endswith(
        "undocumented in OpenAPI, and no response model validates or filters it"
    )  # decoded JSON


def test_a_display_of_unreadable_values_out_of_the_schema_is_medium(tmp_path):
    # verge-auth-sdk verge_routes.py:8: the values come from getattr on the app's routes
    check = next(c for c in all_checks() if c.id == "RTE001")
    example = next(e for e in check.bad if e.note.startswith("out of the schema, a list built"))
    findings, _ = run_example(check, example, tmp_path)
    assert [(f.line, f.confidence) for f in findings] == [(7, "medium")]
    assert findings[0].message.endswith(
        "its result is neither validated nor filtered by a response model"
    )


def test_no_advice_to_declare_a_model_whose_field_is_bare_base_model(tmp_path):
    # lsshu-cms oauth/permission/main.py:22: ``Schemas.data`` is ``Union[BaseModel, dict,
    # ...]``; as the response model FastAPI re-validates it into ``{}``, the payload lost
    check = next(c for c in all_checks() if c.id == "RTE001")
    example = next(e for e in check.bad if e.note.startswith("an envelope whose payload"))
    findings, _ = run_example(check, example, tmp_path)
    by_line = {f.line: f.message for f in findings}
    assert by_line[23].endswith(
        "(a response model would empty `Envelope.data`, typed as bare `BaseModel`: give that "
        "field its real types first)"
    )
    assert "annotate `-> Envelope`" not in by_line[23]
    assert by_line[28].endswith("(annotate `-> ItemPage`)")  # its fields are typed


def test_a_field_of_a_union_of_models_is_typed_by_the_members_that_have_it(tmp_path):
    # gslackers server.py:25: ``message: Union[SlackEnvelope, SlackChallenge]`` returns
    # ``message.challenge``, a ``str`` field: nothing to filter, only the schema is missing
    check = next(c for c in all_checks() if c.id == "RTE001")
    example = next(e for e in check.bad if e.note.startswith("a field of a parameter typed"))
    findings, _ = run_example(check, example, tmp_path)
    by_line = {f.line: f.message for f in findings}
    assert "returns plain values" in by_line[23] and "unfiltered" not in by_line[23]
    # the members disagree on the field's type: a value the check cannot see into, so only
    # the missing schema is asserted (round 22: "unfiltered" needs data seen)
    assert by_line[30].endswith(
        "its result is undocumented in OpenAPI (the values it returns could not be read)"
    )


def test_a_comprehension_of_items_built_by_hand_is_called_undocumented(tmp_path):
    # open-bedrock-server files.py:192, sceneapi plugin_server.py:211, open-genie-server
    # app.py:650: each item a display with chosen keys, a helper's display or a model's dump;
    # lvmapi enclosure.py:191: a task id the check cannot see into is not "unfiltered"
    check = next(c for c in all_checks() if c.id == "RTE001")
    example = next(e for e in check.bad if e.note.startswith("list comprehensions of items"))
    findings, _ = run_example(check, example, tmp_path)
    by_line = {f.line: f.message for f in findings}
    assert by_line[10].endswith("its result, built by hand, is undocumented in OpenAPI")
    assert by_line[16].endswith("its result, built by hand, is undocumented in OpenAPI")
    assert by_line[21].endswith("its result, built by hand, is undocumented in OpenAPI")
    assert by_line[26].endswith(
        "undocumented in OpenAPI, and no response model validates or filters it"
    )  # the rows as is
    assert by_line[31].endswith(
        "its result is undocumented in OpenAPI (the values it returns could not be read)"
    )
    assert "no response model validates" not in by_line[31]
