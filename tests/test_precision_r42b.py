"""Round 42 (H48), helper r42b: the findings of PRD001, SEC007, RTE002 and SET005 that the
judged sheet showed false, pinned by the text the checks produce (LOG001's were left)."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_prd001_a_constant_status_in_a_json_response_at_the_root_is_a_probe(tmp_path):
    # dokku-api src/api/app.py:30: GET / answers `JSONResponse(status_code=200,
    # content={"status": "OK", ...})`, the route the compose healthcheck curls
    assert (
        _run("PRD001", "`GET /` that only answers a constant status wrapped", tmp_path, "good")
        == []
    )
    [found] = _run("PRD001", "a root page with a constant greeting", tmp_path / "bad")
    assert (found.line, found.message) == (
        4,
        "no health-check route (`GET /health`, `/healthz`, `/ready` ...) in the application: "
        "a probe can only check the open port or call a route that does other work",
    )


def test_sec007_a_bare_register_taking_nothing_of_an_account_is_no_sign_up(tmp_path):
    # py-micro-services discovery_server.py:45: `POST /register` of a service registry takes
    # service_name and address and stores a timestamp; it matched on the bare segment
    assert (
        _run("SEC007", "a bare `/register` whose handler takes a service", tmp_path, "good") == []
    )
    [found] = _run(
        "SEC007",
        "the other side of the registry trap: a bare `/register` taking a password",
        tmp_path / "bad",
    )
    assert (found.line, found.message) == (
        9,
        "no rate limiting found for auth-sensitive routes (POST /register); ignore this if "
        "the gateway or reverse proxy enforces limits",
    )


def test_rte002_a_page_telling_users_to_visit_the_docs_speaks_for_the_apps_serving_it(tmp_path):
    # dokku-api src/api/app.py:30: GET / answers "Visit /docs to learn more about the API!"
    # from routers/base.py, included through routers/router.py: two imports from the app
    assert (
        _run("RTE002", "a landing page linking its users to the docs in a router", tmp_path, "good")
        == []
    )
    [found] = _run("RTE002", "the other side of the included-page trap", tmp_path / "bad")
    assert (found.path, found.line, found.message) == (
        "store/admin.py",
        3,
        "`FastAPI(...)` sets none of `openapi_url`, `docs_url`, `redoc_url`: `Admin` serves "
        "`/docs` and `/openapi.json` in every environment",
    )


def test_set005_a_vendor_key_the_settings_export_is_only_checked_for_presence(tmp_path):
    # weirdfingers-boards fal/video/veo31_fast_image_to_video.py:67 (and 3 more):
    # `if not os.getenv("FAL_KEY"): raise ...` before `fal_client.submit_async(...)`, while
    # config.py:129-138 copies Settings.generator_api_keys into os.environ
    assert (
        _run("SET005", "trap: a raising presence test of the variable a vendor", tmp_path, "good")
        == []
    )
    [found] = _run("SET005", "the other side of the exported-vendor-key trap", tmp_path / "bad")
    assert (found.path, found.line, found.message) == (
        "app/main.py",
        13,
        '`os.getenv("FAL_KEY")` reads the environment outside the settings: declare `FAL_KEY` '
        "on a settings class",
    )
