"""Round 39 (H45), helper r39b: the findings of SET005, RTE002 and RTE004 that the judged
sheet showed false (or true with a defect), pinned by the text the check produces."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_set005_a_dataclass_loader_mapping_the_variable_through_a_local(tmp_path):
    # qontinui-api app/services/storage/factory.py:33: `backend_str = os.getenv(...).lower()`,
    # `backend = StorageBackend.S3 if backend_str == "s3" else ...`, `cls(backend=backend)`
    assert _run("SET005", "a dataclass's own `from_env` maps", tmp_path / "good", "good") == []
    [found] = _run("SET005", "the other side of the mapped loader", tmp_path / "bad")
    assert (found.path, found.line, found.message) == (
        "app/store.py",
        21,
        '`os.getenv("APP_STORE")` reads the environment outside the settings: declare '
        "`APP_STORE` on a settings class",
    )


def test_set005_a_required_read_of_a_field_declared_with_a_default(tmp_path):
    # qontinui-api app/routes/rag.py:42: `BACKEND_DATABASE_URL = os.environ.get(...)`, `if
    # not BACKEND_DATABASE_URL: raise RuntimeError(...)`, while the settings field defaults
    # to a placeholder URL: reading the field as it is would connect with that default
    [found] = _run("SET005", "a raw read the program requires", tmp_path / "a")
    assert (found.path, found.line, found.message, found.fix.title) == (
        "app/reports.py",
        5,
        '`os.environ.get("REPORTS_DB_URL")` reads the environment outside the settings: the '
        "settings already declare it (`reports_db_url`), but with a default, while this read "
        "stops the program when the variable is unset: make the field `reports_db_url` "
        "required (no default) and read it, or the program would silently run with the "
        "default",
        "Make the declared settings field required and read it",
    )
    [plain] = _run("SET005", "the other side of the required read", tmp_path / "b")
    assert plain.message.endswith(
        "the settings already declare it (`reports_db_url`); read that field instead"
    )


def test_rte004_adding_unaddressed_elements_to_an_existing_resource(tmp_path):
    # dawos-agent dawos_agent/routers/fw_groups_router.py:107: `POST /groups/{name}/members`
    # (`add_members`) answering MemberActionResponse {success, message}; no route addresses
    # one member
    assert _run("RTE004", "an `add_*` handler putting elements", tmp_path / "good", "good") == []
    [found] = _run("RTE004", "the other side of the group trap", tmp_path / "bad")
    assert (found.path, found.line, found.message) == (
        "app/main.py",
        12,
        "`POST /groups/{name}/members` (`add_members`): no `status_code=` (a creation usually "
        "answers 201, or 202 when it only queues the work)",
    )


def test_rte002_schema_linked_on_a_host_serving_the_projects_routes(tmp_path):
    # registry-mcp registry_mcp/api/main.py:545: `Project-URL: REST API,
    # https://api.foretak.dev/openapi.json` and README calls of
    # `https://api.foretak.dev/v1/NO/company/923609016`, a route of the app
    assert _run("RTE002", "the metadata links the schema on a host", tmp_path / "g", "good") == []
    [found] = _run("RTE002", "the other side of the schema on the serving host", tmp_path / "b")
    assert (found.path, found.line, found.message) == (
        "app/main.py",
        3,
        "`FastAPI(...)` sets none of `openapi_url`, `docs_url`, `redoc_url`: `Catalogue` "
        "serves `/docs` and `/openapi.json` in every environment",
    )


def test_set005_a_variable_only_tested_to_supply_it_to_a_child(tmp_path):
    # claude-code-openai claudegate/bridge/session.py:109: `if ... not
    # os.environ.get("IS_SANDBOX"): return {"IS_SANDBOX": "1"}` in sandbox_env(), spread into
    # the CLI's env by build_options
    assert _run("SET005", "a read only testing whether the variable", tmp_path / "g", "good") == []
    [found] = _run("SET005", "the other side of the variable supplied", tmp_path / "b")
    assert (found.path, found.line, found.message) == (
        "app/main.py",
        10,
        '`os.environ.get("TOOL_SANDBOX")` reads the environment outside the settings: declare '
        "`TOOL_SANDBOX` on a settings class",
    )


def test_rte002_the_route_is_read_below_the_docs_pages_folder():
    import re

    from checks.rte002_docs_exposed_in_production import _docs_on_serving_host

    routes = [re.compile(r"/[^/]+/[^/]+/issues/?")]
    # a repository's docs folder and its issues page: the host is a code forge, not this server
    forge = (
        "See https://github.com/acme/shop/tree/main/docs and https://github.com/acme/shop/issues\n"
    )
    assert not _docs_on_serving_host(forge, routes)
    # the API under /api/v1 of its host, its docs page there too
    served = (
        "https://shop.acme.dev/api/v1/docs\ncurl https://shop.acme.dev/api/v1/acme/shop/issues\n"
    )
    assert _docs_on_serving_host(served, routes)
