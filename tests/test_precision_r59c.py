"""Round 59 (H62, H63), helper r59c: the findings of SET005, LOG002, LOG003 and SEC007 that
the judged sheets showed false, pinned by the text the checks produce and by the model
question they share (``Project.emits_log_records``)."""

from __future__ import annotations

from auditor.check import Example
from auditor.engine import Options, audit
from auditor.testing import run_noted_example as _run
from auditor.testing import write_example


def test_set005_the_path_the_settings_are_loaded_from_reaches_the_loader(tmp_path):
    # warden-mesh asgi.py:9 `create_app(os.environ.get("WARDEN_CONFIG") or None)` and
    # main.py:59 `return Path(os.environ.get("WARDEN_CONFIG", ...))`, both reaching
    # ConfigManager.from_file -> load_config, which reads the YAML file there
    assert (
        _run("SET005", "trap: the path of the file the settings are loaded", tmp_path, "good") == []
    )
    [found] = _run(
        "SET005", "the other side of the configuration-path trap: the path reaches", tmp_path / "b"
    )
    assert (found.path, found.line, found.message) == (
        "board/main.py",
        7,
        '`os.environ.get("BOARD_BANNER")` reads the environment outside the settings: '
        "declare `BOARD_BANNER` on a settings class",
    )


def test_set005_a_credential_only_tested_for_a_spawned_program_is_the_childs(tmp_path):
    # clauster ops.py:930 `if os.environ.get("ANTHROPIC_API_KEY"):` in a doctor check
    # reporting whether the `claude` CLI it spawns can log in
    assert _run("SET005", "trap: a credential only tested for presence", tmp_path, "good") == []
    [found] = _run("SET005", "the other side of the spawned-program trap", tmp_path / "b")
    assert (found.path, found.line) == ("relay/main.py", 10)


def test_log003_an_application_writing_no_log_records_is_not_reported(tmp_path):
    # backend-systems src/main.py:52, queryview main.py:106, lynxkite-app main.py:21: no
    # module imports logging, loguru or structlog
    assert _run("LOG003", "trap: an application that imports no logging", tmp_path, "good") == []
    [found] = _run("LOG003", "the other side of the no-logging trap", tmp_path / "b")
    assert (found.line, found.message) == (
        6,
        "no request correlation found for the FastAPI app `app.main.app`: bind an "
        "`X-Request-ID` to every log line in a middleware (or add asgi-correlation-id)",
    )


def test_emits_log_records_asks_the_application_modules_only(tmp_path):
    example = Example(
        files={
            "svc/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            "tests/test_main.py": "import logging\n",
        }
    )
    root = write_example(example, tmp_path / "p")
    project = audit(str(root), Options(select=["LOG003"], use_cache=False)).project
    assert project.emits_log_records is False
    (root / "svc" / "jobs.py").write_text("from loguru import logger\n", encoding="utf-8")
    project = audit(str(root), Options(select=["LOG003"], use_cache=False)).project
    assert project.emits_log_records is True


def test_log002_a_third_party_setup_before_serving_configures_logging(tmp_path):
    # refgenieserver main.py:38-43: main() calls logmuse.setup_logger(...) then uvicorn.run
    assert _run("LOG002", "trap: the function serving the app first calls", tmp_path, "good") == []
    [found] = _run("LOG002", "the other side of the logging-setup trap", tmp_path / "b")
    assert (found.path, found.line) == ("vault/server.py", 7)


def test_sec007_a_route_answering_429_on_its_own_decision_is_limited(tmp_path):
    # warden-mesh auth/routes.py: `if not _limited(request, "login-begin", 30): return
    # _error("Too many sign-in attempts ...", 429)` before every credential route
    assert _run("SEC007", "trap: a sign-in route answering 429", tmp_path, "good") == []
    [found] = _run("SEC007", "the other side of the own-429 trap", tmp_path / "b")
    assert (found.line, found.message) == (
        6,
        "no rate limiting found for auth-sensitive routes (POST /login); ignore this if "
        "the gateway or reverse proxy enforces limits",
    )
