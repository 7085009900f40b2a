"""Round 35 (H41), helper r35b: the findings of RTE004, PRD001, STR002 and RTE001 that the
judged sheet showed false or with a wrong fix, pinned by the text the checks produce."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_rte004_a_computation_whose_path_is_in_its_router_prefix_is_no_creation(tmp_path):
    # acpbox routes/chat.py:21,28: `APIRouter(prefix="/v1/chat/completions")` with
    # `@router.post("")`: the served path, not the decorator's, names the completion
    assert (
        _run("RTE004", "a computation whose whole path is in its router", tmp_path / "good", "good")
        == []
    )
    [found] = _run("RTE004", "the other side of the computed-path trap", tmp_path / "bad")
    assert (found.path, found.line, found.message) == (
        "app/completions.py",
        6,
        "`POST /v1/chat/completions/presets` (`create_preset`): no `status_code=` (a creation "
        "usually answers 201, or 202 when it only queues the work)",
    )


def test_rte004_a_server_copying_the_openai_api_keeps_its_200_creations(tmp_path):
    # acpbox routes/responses.py:29 `POST /v1/responses` (judged false) and llm-http-api
    # server/threads/__init__.py:4 `POST /v1/threads` (judged true, its 201 advice wrong):
    # both serve `POST /v1/chat/completions`, and OpenAI answers these creations 200
    assert _run("RTE004", "a server copying the OpenAI API", tmp_path / "good", "good") == []
    found = {
        f.line: f.message
        for f in _run("RTE004", "the other side of the OpenAI contract", tmp_path / "bad")
    }
    assert found == {
        12: "`POST /openai/v1/keys` (`create_key`): no `status_code=` (a creation usually "
        "answers 201, or 202 when it only queues the work)",
        18: "`POST /v1/threads` (`create_thread`): no `status_code=` (a creation usually "
        "answers 201, or 202 when it only queues the work)",
    }


def test_prd001_a_live_route_named_for_the_probes_it_answers_is_a_probe(tmp_path):
    # llm-http-api server/probes/__init__.py:5-7: `@app.get("/probes/live") async def
    # probes_live()`, a cheap liveness route: "probes" names what it answers
    assert _run("PRD001", "a liveness route named for the probes", tmp_path / "good", "good") == []
    [found] = _run("PRD001", "the other side of the probes-live trap", tmp_path / "bad")
    assert (found.path, found.line, found.message) == (
        "svc/main.py",
        5,
        "no health-check route (`GET /health`, `/healthz`, `/ready` ...) in the application: "
        "a probe can only check the open port or call a route that does other work",
    )


def test_str002_two_routers_models_of_one_name_sent_to_one_module_are_told_to_differ(tmp_path):
    # llm-http-api server/models/list_models.py:7 and retrieve_model.py:7: two different
    # `ModelResult` classes, both told to move to models/schemas.py, would clash there
    found = {
        (f.path, f.line): f.message
        for f in _run("STR002", "two routers each defining their own", tmp_path / "bad")
    }
    assert found == {
        ("shop/catalog/get_item.py", 7): "`ItemResult` (a Pydantic model) is defined in the "
        "router module `shop/catalog/get_item.py`: move it to `shop/catalog/schemas.py`, "
        "under a name of its own (or merged): `shop/catalog/list_items.py` defines another "
        "`ItemResult` that goes there too",
        ("shop/catalog/get_item.py", 11): "`Stock` (a Pydantic model) is defined in the "
        "router module `shop/catalog/get_item.py`: move it to `shop/catalog/schemas.py`",
        ("shop/catalog/list_items.py", 7): "`ItemResult` (a Pydantic model) is defined in the "
        "router module `shop/catalog/list_items.py`: move it to `shop/catalog/schemas.py`, "
        "under a name of its own (or merged): `shop/catalog/get_item.py` defines another "
        "`ItemResult` that goes there too",
    }


def test_rte001_a_handler_that_may_stream_is_told_response_model_not_an_annotation(tmp_path):
    # acpbox routes/chat.py:29: create_chat_completion returns a CreateChatCompletionResponse,
    # or a StreamingResponse through a helper when stream=true: `-> Model` would misstate it
    [found] = _run("RTE001", "a model answered on one branch, a stream", tmp_path / "bad")
    assert (found.line, found.message) == (
        22,
        "`POST /completions` (`complete`) returns `Completion` objects but declares no return "
        "type: the response is undocumented in OpenAPI (declare `response_model=Completion` "
        "on the decorator: another branch returns a response of its own, which "
        "`-> Completion` would misstate)",
    )
