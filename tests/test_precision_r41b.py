"""Round 41 (H47), helper r41b: the findings of PYD007, PRD001, SEC002, RTE002 and STR002
that the judged sheet showed false or with a wrong message, pinned by the text the checks
produce."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_pyd007_counts_only_the_models_proven_to_subclass_base_model(tmp_path):
    # happy-vllm routers/schemas/functional.py:41: "all 13 Pydantic models" while 3 more
    # models subclass vLLM's protocol models, which the check does not count
    [found] = _run("PYD007", "a class deriving from a library's model", tmp_path)
    assert (found.path, found.line, found.message) == (
        "app/schemas.py",
        5,
        "2 Pydantic models subclass `BaseModel` directly (2 in this module): give them a "
        "shared project base model",
    )


def test_prd001_joins_the_routers_own_prefix_under_an_unknown_include_prefix(tmp_path):
    # oremi-izwi core/app.py:77: `APIRouter(prefix="/health")` + `@router.get("")`, included
    # with `prefix=prefix` computed from settings: GET /health was not seen
    assert _run("PRD001", "a router's own literal prefix", tmp_path / "good", "good") == []
    [found] = _run("PRD001", "the other side of the own-prefix trap", tmp_path / "bad")
    assert (found.path, found.line, found.message) == (
        "app/main.py",
        6,
        "no health-check route (`GET /health`, `/healthz`, `/ready` ...) in the application: "
        "a probe can only check the open port or call a route that does other work",
    )


def test_sec002_jose_exceptions_beside_pyjwt_say_to_catch_pyjwts(tmp_path):
    # tterp-cores cores/component/jwt.py:6, cores/depends/authorization.py:18: `from jose
    # import ExpiredSignatureError, JWTError` beside `import jwt` (PyJWT encodes/decodes):
    # "use PyJWT" was already done; jose's exceptions never match PyJWT's errors
    [found] = _run("SEC002", "the other side of the PyJWT decoder", tmp_path)
    assert (found.line, found.message) == (
        2,
        "`jose` (python-jose) is barely maintained (CVE-2024-33663, CVE-2024-33664), and this "
        "module takes only its exception classes (`ExpiredSignatureError`, `JWTError`) while "
        "it already uses PyJWT (`import jwt`): PyJWT never raises them, so catch "
        "`jwt.ExpiredSignatureError` / `jwt.InvalidTokenError` and drop python-jose",
    )


def test_str002_names_the_models_module_another_router_imports(tmp_path):
    # oremi-izwi api/health.py:36: told to move to a new api/models.py while the tts router
    # takes the project's other API models from izwi/core/models.py
    [found] = _run("STR002", "another router takes its models from", tmp_path / "a")
    assert (found.path, found.line, found.message) == (
        "svc/api/health.py",
        7,
        "`HealthOut` (a Pydantic model) is defined in the router module `svc/api/health.py`: "
        "move it to `svc/api/models.py`, or to `svc/core/models.py`, the models module "
        "`svc/api/items.py` imports",
    )
    [found] = _run("STR002", "the other side of the core-models", tmp_path / "b")
    assert found.message == (
        "`HealthOut` (a Pydantic model) is defined in the router module `svc/api/health.py`: "
        "move it to `svc/api/models.py`"
    )


def test_rte002_a_docs_address_the_app_registers_elsewhere_publishes_them(tmp_path):
    # mqtt-rest server.py:31: the server registers in Home Assistant with
    # configuration_url=CONFIG.url + "/docs" (db.py:41): the docs are its published UI
    assert _run("RTE002", "the app registers itself elsewhere", tmp_path / "g", "good") == []
    [found] = _run("RTE002", "the other side of the published-address", tmp_path / "b")
    assert (found.path, found.line, found.message) == (
        "hub/server.py",
        5,
        "`FastAPI(...)` sets none of `openapi_url`, `docs_url`, `redoc_url`: the app serves "
        "`/docs` and `/openapi.json` in every environment",
    )
