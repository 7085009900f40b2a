"""Round 42 (H48), helper r42c: the findings of STR002, RTE001, ASY004, TST004 and TST006
that the judged sheet showed with a wrong fix or message, pinned by the text the checks
produce."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_str002_a_feature_models_module_is_no_home_for_another_router(tmp_path):
    # lorebase-keeper routes/admin.py:140 (documents.py:130, sessions.py:67, sources.py:78):
    # also sent to kindhealth/models.py, the kind-health feature's report shapes that only
    # routes/kind_health.py imports
    [found] = _run("STR002", "the models module the items router", tmp_path)
    assert (found.path, found.line, found.message) == (
        "svc/api/health.py",
        7,
        "`HealthOut` (a Pydantic model) is defined in the router module `svc/api/health.py`: "
        "move it to `svc/api/models.py`",
    )


def test_str002_a_framework_models_package_no_router_imports_is_not_the_samples(tmp_path):
    # xposer sample_app/http_post_uvicorn_fastapi/routers/sample_app_http_service.py:10:
    # the sample app's model was sent to xposer/models/, the framework's settings models
    [found] = _run("STR002", "a framework's settings models", tmp_path / "a")
    assert (found.path, found.line, found.message) == (
        "kit/sample/routers/echo.py",
        7,
        "`EchoIn` (a Pydantic model) is defined in the router module "
        "`kit/sample/routers/echo.py`: move it to `kit/sample/routers/models.py`",
    )
    [found] = _run("STR002", "the other side of the framework-models", tmp_path / "b")
    assert found.message == (
        "`EchoIn` (a Pydantic model) is defined in the router module "
        "`kit/sample/routers/echo.py`: move it to the `kit/models/` package"
    )


def test_str002_a_package_to_create_is_said_as_new(tmp_path):
    # lorebase-keeper routes/admin.py:140: "move it to the `lorebase_keeper/models/` package",
    # a package the wheel does not have, named as if it did
    [found] = _run("STR002", "the other side of the declared-home trap", tmp_path)
    assert found.message.endswith("move it to a new `mill/schemas/` package"), found.message


def test_asy004_a_coroutine_awaiting_only_handlers_is_not_said_to_lose_exceptions(tmp_path):
    # dokku-api services/git.py:286: `create_task(run_command(...))`, whose one await calls
    # ssh.py's execute coroutine, which logs or converts every error itself
    found = {f.line: f.message for f in _run("ASY004", "a coroutine function of another", tmp_path)}
    assert found[15] == (
        "`asyncio.create_task()` result is discarded: the task can be garbage-collected "
        "mid-flight and its work stop halfway (ruff RUF006); `notify_and_count` awaits "
        "outside a `try` only `notify_all`, which catches and handles exceptions itself"
    )
    assert found[14] == (
        "`asyncio.create_task()` result is discarded: the task can be garbage-collected "
        "mid-flight and its exceptions are never seen (ruff RUF006)"
    )


def test_tst006_names_a_test_pytest_collects_not_a_route_handler(tmp_path):
    # dokku-api tests/test_api.py:3: "the test `test_endpoint`", an async route handler that
    # test_middleware/test_session.py's setUp declares, not a test
    [found] = _run("TST006", "an async test of a unittest case", tmp_path)
    assert (found.path, found.line, found.message) == (
        "tests/test_middleware.py",
        4,
        "the app uses `AsyncSession` and the tests await async code (the test "
        "`test_get`), but the HTTP client is the sync `TestClient`: use "
        "`httpx.AsyncClient(transport=ASGITransport(app=app))`",
    )


def test_rte001_a_decorator_answering_its_own_model_is_what_to_declare(tmp_path):
    # xposer sample_app_http_service.py:36: `-> SampleModel` advised while
    # @ResponseWrapperDecorator answers ResponseWrapperDTO(result=..., data=result)
    found = {f.line: f.message for f in _run("RTE001", "a project decorator whose", tmp_path)}
    assert found[37] == (
        "`GET /item` (`item`) declares no response model, and `@enveloped` wraps the "
        "function's result in `Envelope`: the response is undocumented in OpenAPI (declare `response_model=Envelope` on the route decorator; annotating the "
        "function with `Item` would have FastAPI check the `Envelope` against it)"
    )
    assert found[43].endswith("(annotate `-> Item`)"), found[43]


def test_rte001_a_proxy_passing_responses_through_is_not_said_to_build_its_result(tmp_path):
    # py-micro-services gateway.py:31: "its result, built by hand" of a proxy whose main
    # answer is the upstream's Response, passed through
    [found] = _run("RTE001", "a proxy answering the upstream", tmp_path)
    assert (found.line, found.message) == (
        9,
        "`GET /{service}/{path:path}` (`relay`) declares no response model and no return "
        "type: besides the responses it returns whole, it returns values built by hand, "
        "undocumented in OpenAPI",
    )
