"""Round 32 (H38), helper r32b: the findings of RTE002, RTE004, ERR003, STR001 and LOG003
that the judged sheet showed false or misworded, pinned by the text the checks produce."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_err003_a_handler_taking_request_parameters_is_the_web_layer(tmp_path):
    # prefect-client server/api/ui/schemas.py:47: `validate_obj` takes `Body(...)` and
    # `Depends(...)` parameters in a router module named schemas.py
    assert _run("ERR003", "a router module named `schemas.py`", tmp_path, "good") == []
    found = {f.line: f.message for f in _run("ERR003", "the other side of the request", tmp_path)}
    assert found == {
        9: "`HTTPException` raised in `charge` in service/data module `billing.py`: it ties "
        "this code to HTTP; raise a domain exception and map it in a handler",
        13: "`HTTPException` raised in `refund` in service/data module `billing.py`: it ties "
        "this code to HTTP; raise a domain exception and map it in a handler",
    }


def test_rte004_a_creation_answering_201_itself_is_not_told_to_declare_it(tmp_path):
    # dazzle-dsl http/runtime/auth/scim_routes.py:550: `create_user` answers
    # `JSONResponse(..., status_code=201)`; its other results are error responses
    assert _run("RTE004", "creations that answer 201 themselves", tmp_path, "good") == []
    [found] = _run("RTE004", "the other side of the answers-201", tmp_path)
    assert (found.line, found.message) == (
        7,
        "`POST /members` (`create_member`): no `status_code=` (a creation usually answers "
        "201, or 202 when it only queues the work)",
    )


def test_rte002_an_app_whose_middleware_answers_every_request_serves_no_docs(tmp_path):
    # qianfan common/cli/proxy.py:26, :27: `base_openapi` and `console_iam` never call their
    # `callback`: every request is forwarded upstream
    assert _run("RTE002", "apps whose HTTP middleware never calls", tmp_path, "good") == []
    found = {f.line: f.message for f in _run("RTE002", "the other side of the catch-all", tmp_path)}
    assert found == {
        7: "`FastAPI(...)` sets none of `openapi_url`, `docs_url`, `redoc_url`: the app serves "
        "`/docs` and `/openapi.json` in every environment",
        17: "`FastAPI(...)` sets none of `openapi_url`, `docs_url`, `redoc_url`: the app serves "
        "`/docs` and `/openapi.json` in every environment",
    }


def test_rte002_a_server_of_a_coroutine_runners_app_is_followed_to_its_factory(tmp_path):
    # prefect-client task_worker.py:428: the status app is served only by
    # `uvicorn.Config(app=create_status_server(...), host="127.0.0.1")`; the runner's
    # `webserver = run_coro_as_sync(build_server(runner))` no longer counts as a server of
    # an app the model cannot name
    assert _run("RTE002", "a worker's status server", tmp_path, "good") == []
    [found] = _run("RTE002", "the other side of the coroutine-runner", tmp_path)
    assert (found.path, found.line, found.message) == (
        "worker/runner.py",
        10,
        "`FastAPI(...)` sets none of `openapi_url`, `docs_url`, `redoc_url`: the app serves "
        "`/docs` and `/openapi.json` in every environment",
    )


def test_an_app_served_only_under_a_root_mount_serves_no_docs(tmp_path):
    # prefect-client server/api/server.py:564 (RTE002), :613 (RTE004): `ui_app` is only
    # mounted at '/' by create_app, whose own /openapi.json and /docs routes come first
    assert _run("RTE002", "an app served only mounted at '/'", tmp_path, "good") == []
    found = {
        f.line: f.message for f in _run("RTE002", "the other side of the root-mount", tmp_path)
    }
    assert found == {
        5: "`FastAPI(...)` sets none of `openapi_url`, `docs_url`, `redoc_url`: `Hub UI` serves "
        "`/docs` and `/openapi.json` in every environment",
        16: "`FastAPI(...)` sets none of `openapi_url`, `docs_url`, `redoc_url`: `Console UI` "
        "serves `/docs` and `/openapi.json` in every environment",
    }
    assert _run("RTE004", "a route of an app served only mounted at '/'", tmp_path, "good") == []
    [route] = _run("RTE004", "the other side of the root-mount", tmp_path)
    assert (route.line, route.message) == (
        7,
        "`GET /ui-settings` (`ui_settings`): no summary, description or docstring; no tags",
    )


def test_log003_logfire_returned_by_a_project_function_instruments_the_app(tmp_path):
    # prefect-client server/api/server.py:969: `logfire = configure_logfire()` (:76), the
    # module observability.py returns, then `logfire.instrument_fastapi(api_app)` (:467)
    assert _run("LOG003", "Logfire's module returned by a project", tmp_path, "good") == []
    [found] = _run("LOG003", "the other side of the returned-Logfire", tmp_path)
    assert (found.line, found.message) == (
        6,
        "no request correlation found for the FastAPI app `svc.server.app`: bind an "
        "`X-Request-ID` to every log line in a middleware (or add asgi-correlation-id)",
    )


def test_str001_a_service_app_whose_factory_nothing_calls_is_no_second_app(tmp_path):
    # openviking session/train/components/dataset_service.py:333: create_dataset_service_app
    # is only re-exported by session/train/__init__.py; the server imports the module for
    # its helpers
    assert (
        _run("STR001", "a service app built by a factory the package only", tmp_path, "good") == []
    )
    [found] = _run("STR001", "the other side of the re-exported-factory", tmp_path)
    assert (found.path, found.line, found.message) == (
        "kit/datasets/service.py",
        9,
        "a second FastAPI application `app` besides `app` (kit/main.py:5): declare its routes "
        "on an APIRouter included by the main app, or mount it with `app.mount()`",
    )
