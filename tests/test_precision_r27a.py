"""Round 27 (H33), helper r27a: the schema-document class, forward references and homes the
precision work corrected, pinned by the text they produce."""

from __future__ import annotations

from pathlib import Path

from auditor.engine import Options, audit
from auditor.testing import run_noted_example as _run


def _audit(root: Path, files: dict[str, str], check_id: str, **settings: object):
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    if settings:
        lines = "".join(f"{k} = {v!r}\n" for k, v in settings.items())
        (root / "auditor.toml").write_text(lines.replace("'", '"'))
    return audit(root, Options(use_cache=False, select=[check_id])).report.findings


def test_rte001_a_string_annotation_is_read_as_the_names_it_writes(tmp_path):
    # transformers cli/serving/server.py:104: the handler object's class is imported under
    # TYPE_CHECKING and named in a string; its method is typed `-> "StreamingResponse |
    # JSONResponse"`: responses only, no finding
    assert _run("RTE001", "a handler whose object is typed by a string", tmp_path, "good") == []
    [found] = _run("RTE001", "the other side of the forward-reference trap", tmp_path / "b")
    assert found.message == (
        "`POST /v1/stats` (`stats`) declares no response model and no return type: its "
        "result is undocumented in OpenAPI, and no response model validates or filters it"
    )


def test_rte004_factory_routers_included_in_place_reach_their_apps(tmp_path):
    # unsloth hub/modelscope/router.py:99: `include_router(build_router(browser=True),
    # include_in_schema=False)` and an internal app with openapi_url=None: in no schema
    assert _run("RTE004", "a router a factory builds, included in place", tmp_path, "good") == []
    [found] = _run("RTE004", "the other side of the factory-router trap", tmp_path / "b")
    assert found.message == (
        "`GET /open/catalog` (`catalog`): no summary, description or docstring; no tags"
    )


def test_rte004_openapi_url_none_beside_kwargs_serves_no_schema(tmp_path):
    # mlflow server/fastapi_app.py:379: FastAPI(..., openapi_url=None, **extra_kwargs)
    assert _run("RTE004", "an app built with `openapi_url=None` beside", tmp_path, "good") == []


def test_rte004_an_openapi_url_set_again_serves_the_schema(tmp_path):
    # unsloth main.py:1096-1108: FastAPI(openapi_url=None) then app.openapi_url =
    # "/openapi.json" and a route of its own serving app.openapi(): the schema is served
    [found] = _run("RTE004", "the other side of the schema-less trap", tmp_path)
    assert found.message == (
        "`GET /hub/{path:path}` (`relay`): no summary, description or docstring; no tags"
    )


def test_rte004_codegen_stub_routes_are_not_the_applications(tmp_path):
    # inspect-ai _view/schema.py:110: stub routes a __main__ script adds to a copy of the
    # factory's app only to write its OpenAPI document
    assert _run("RTE004", "a code generator's stub route", tmp_path, "good") == []
    [found] = _run("RTE004", "the other side of the codegen-stub trap", tmp_path / "b")
    assert found.path == "svc/dev.py"
    assert found.message == "`GET /debug` (`debug`): no summary, description or docstring; no tags"


STUB_APP = """\
from fastapi import FastAPI


def make_app() -> FastAPI:
    app = FastAPI(title="Svc")

    @app.get("/a")
    async def a() -> int:
        return 1

    @app.get("/b")
    async def b() -> int:
        return 2

    @app.get("/c")
    async def c() -> int:
        return 3

    return app
"""
STUB_SCRIPT = """\
import json

from svc.app import make_app


def generate() -> None:
    app = make_app()

    @app.get("/stub-one")
    def _one() -> int:
        raise NotImplementedError

    @app.get("/stub-two")
    def _two() -> int:
        raise NotImplementedError

    with open("openapi.json", "w") as f:
        json.dump(app.openapi(), f)


if __name__ == "__main__":
    generate()
"""


def test_str001_counts_no_codegen_stub_route(tmp_path):
    # inspect-ai _view/fastapi_server.py:177: "26 routes" counted the five stubs
    # schema.py:110-128 adds to a copy of the app to write its document; 21 are the app's
    files = {"svc/__init__.py": "", "svc/app.py": STUB_APP, "svc/gen.py": STUB_SCRIPT}
    [found] = _audit(tmp_path, files, "STR001", **{"app-routes-max": 2})
    assert found.message == (
        "3 routes are registered directly on the app `app` (app-routes-max = 2): group them "
        "in APIRouters by feature"
    )


def test_str002_leaves_the_codegen_scripts_wrappers_alone(tmp_path):
    # inspect-ai _view/schema.py:33: RootModel wrappers in the codegen script, whose stub
    # routes are never served: not a router module
    files = {
        "svc/__init__.py": "",
        "svc/app.py": STUB_APP,
        "svc/gen.py": STUB_SCRIPT.replace(
            "import json\n",
            "import json\n\nfrom pydantic import RootModel\n\n\n"
            "class Labels(RootModel[list[str]]):\n    pass\n\n",
        ),
    }
    assert _audit(tmp_path, files, "STR002") == []


def test_str002_names_the_package_the_routers_import_their_models_from(tmp_path):
    # ert dark_storage/endpoints/experiment_runs.py:75: the routers import their models from
    # dark_storage/json_schema/; "move it to `ert/schemas/`" named a folder that does not exist
    [found] = _run("STR002", "the routers import their models from a package", tmp_path)
    assert found.message == (
        "`CartCheck` (a Pydantic model) is defined in the router module "
        "`shop/endpoints/carts.py`: move it to the `shop/wire/` package"
    )


def test_rte002_a_wrapper_wrapped_in_middleware_adds_no_route(tmp_path):
    # inspect-ai _view/fastapi_server.py:825: FastAPI() that only mounts, handed to
    # HostValidationMiddleware(app, policy) and returned wrapped
    assert _run("RTE002", "a bare wrapper that only mounts the API", tmp_path, "good") == []
    [found] = _run("RTE002", "the other side of the middleware-wrapper trap", tmp_path / "b")
    assert found.line == 9


def test_prd001_the_codegen_stubs_leave_the_model_complete(tmp_path):
    # inspect-ai _view/fastapi_server.py:177 (H33, judged true): once the stubs left the
    # route list, their decorators looked like routes on an unknown app, the model was
    # "incomplete" and the absence of a health route went unsaid
    files = {
        "svc/__init__.py": "",
        "svc/app.py": STUB_APP,
        "svc/gen.py": STUB_SCRIPT,
        "svc/main.py": "import uvicorn\n\nfrom svc.app import make_app\n\napp = make_app()\n\n"
        'if __name__ == "__main__":\n    uvicorn.run(app, host="0.0.0.0")\n',
    }
    [found] = _audit(tmp_path, files, "PRD001")
    assert (found.path, found.message) == (
        "svc/app.py",
        "no health-check route (`GET /health`, `/healthz`, `/ready` ...) in the application: "
        "a probe can only check the open port or call a route that does other work",
    )
    project = audit(tmp_path, Options(use_cache=False)).project
    assert [r.path for r in project.document_stubs] == ["/stub-one", "/stub-two"]
    assert project.completeness(("app",), routes=True).reasons == ()
