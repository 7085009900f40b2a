"""Round 28 (H34), helper r28a: the separate services, the homes of another application and
the dataclass dumps the precision work corrected, pinned by the text they produce."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_str001_a_computed_run_time_import_imports_no_module(tmp_path):
    # openmed openmed/__init__.py:243 (a lazy __getattr__ loader) made the separate services
    # integrations/remote_function.py:153 and service/redaction_app.py:1137 look imported
    assert _run("STR001", "the package the main app imports", tmp_path, "good") == []
    [found] = _run("STR001", "the other side of the computed-name trap", tmp_path / "b")
    assert found.message == (
        "a second FastAPI application `app` besides `app` (svc/main.py:7): declare its routes "
        "on an APIRouter included by the main app, or mount it with `app.mount()`"
    )


def test_str002_the_main_apis_home_is_not_a_separate_servers(tmp_path):
    # openmed service/redaction_app.py:154-185 beside service/schemas.py, which only the main
    # REST service's modules import
    assert _run("STR002", "a separate one-module server beside", tmp_path, "good") == []
    [found] = _run("STR002", "the other side of the main API's home", tmp_path / "b")
    assert found.message == (
        "`ScanIn` (a Pydantic model) is defined in the router module `svc/scanner.py`: move it "
        "to `svc/schemas.py`, the models module it already imports"
    )


def test_rte001_a_dataclass_dump_is_shaped_by_its_class(tmp_path):
    # abi-core-ai sandbox_service/app.py:246: {"allowed": True, "reason": "", "result":
    # asdict(result)} is a display built by hand, nothing seen to go out unfiltered
    found = _run("RTE001", "a dataclass's dump", tmp_path)
    assert [f.message for f in found] == [
        "`POST /jobs` (`start_job`) declares no response model and no return type: its result, "
        "built by hand, is undocumented in OpenAPI",
        "`GET /jobs/last` (`last_job`) returns dataclasses dumped by `asdict()` but declares no "
        "return type: the response is undocumented in OpenAPI (declare the model as the return "
        "type)",
    ]


def test_rte001_a_factorys_object_is_followed_into_its_bases(tmp_path):
    # headroom-ai proxy/server.py:6264: `proxy = HeadroomProxy(config)` in create_app, whose
    # mixin's handle_compress_usage is typed `-> JSONResponse`
    assert _run("RTE001", "a route a factory defines returns", tmp_path, "good") == []
    [found] = _run("RTE001", "the other side of the factory's object", tmp_path / "b")
    assert found.message == (
        "`GET /v1/usage` (`usage`) declares no response model and no return type: its result "
        "is undocumented in OpenAPI, and no response model validates or filters it"
    )


def test_rte001_a_copy_under_a_key_is_judged_as_what_it_copies(tmp_path):
    # openmed service/redaction_app.py:1179/:1213: _operation_payload's hand-built summary
    # holds "by_label": dict(result.entity_counts)
    found = _run("RTE001", "a copy (`dict(x)`)", tmp_path)
    assert [f.message for f in found] == [
        "`GET /tally` (`tally`) declares no response model and no return type: its result, "
        "built by hand, is undocumented in OpenAPI",
        "`GET /tally/raw` (`tally_raw`) declares no response model and no return type: its "
        "result is undocumented in OpenAPI, and no response model validates or filters it",
    ]
