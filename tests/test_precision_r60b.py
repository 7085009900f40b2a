"""Round 60 (H64, H65), helper r60b: the findings of LOG003 and SET005 that the judged sheets
showed false, pinned by the text the checks produce and by the model question LOG003 asks
(``Project.request_log_lines``)."""

from __future__ import annotations

from auditor.check import Example
from auditor.engine import Options, audit
from auditor.testing import run_noted_example as _run
from auditor.testing import write_example


def test_log003_an_app_whose_handlers_write_no_log_record(tmp_path):
    # bibexpy _server/main.py:117: the only log lines are two in a start-up hook
    assert _run("LOG003", "trap: an application whose request handlers", tmp_path, "good") == []
    [found] = _run("LOG003", "the other side of the no-logging trap", tmp_path / "b")
    assert found.line == 6


def _project(tmp_path, handler_body: str):
    example = Example(
        files={
            "svc/main.py": (
                "import logging\n\nfrom fastapi import FastAPI\n\n"
                'log = logging.getLogger("svc")\napp = FastAPI()\n\n\n'
                '@app.on_event("startup")\nasync def ready() -> None:\n'
                '    logging.getLogger("svc").info("ready")\n\n\n'
                '@app.get("/")\nasync def index() -> dict[str, str]:\n'
                f"{handler_body}"
                '    return {"ok": "yes"}\n'
            ),
        }
    )
    root = write_example(example, tmp_path)
    return audit(str(root), Options(select=["LOG003"], use_cache=False)).project


def test_request_log_lines_asks_what_the_routes_reach(tmp_path):
    assert _project(tmp_path / "a", "").request_log_lines is False
    assert _project(tmp_path / "b", '    log.warning("index")\n').request_log_lines is True
    # ``getLogger(...)`` spelt at the call counts as a logger too
    body = '    logging.getLogger("svc").info("index")\n'
    assert _project(tmp_path / "c", body).request_log_lines is True


def test_set005_a_launcher_writes_the_path_of_a_folder_it_ships(tmp_path):
    # bibexpy cli.py:344, :352 `os.environ["BIBEXPY_FRONTEND_DIST"] = str(_WEB_DIR)` before it
    # imports the server, which reads it (_server/main.py:37, :155)
    assert _run("SET005", "trap: the launcher writes the paths of folders", tmp_path, "good") == []
    [found] = _run("SET005", "a variable an entry point exports from its", tmp_path / "b")
    assert (found.path, found.line, found.message) == (
        "app/server.py",
        6,
        '`os.environ.get("APP_PORT")` reads the environment outside the settings: '
        "declare `APP_PORT` on a settings class",
    )


def test_set005_a_launcher_hands_its_option_to_the_factory_it_serves(tmp_path):
    # dbst cli/ui.py:26-27 `os.environ["DBST_PROFILE"] = profile` then
    # `uvicorn.run("dbst.web.app:create_app", factory=True)`; web/app.py:21 reads it in create_app
    assert _run("SET005", "trap: a command hands its option", tmp_path, "good") == []
    # served as a module's app (no factory), the exported option stays the operator's setting
    [found] = _run("SET005", "a variable an entry point exports from its", tmp_path / "b")
    assert found.path == "app/server.py"
