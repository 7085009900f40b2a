"""Round 37 (H43), helper r37b: the findings of RTE002, RTE004, ASY004 and DBS005 that the
judged sheet showed false (or true with a defect), pinned by the text the check produces."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_rte002_a_loopback_server_whose_config_is_imported_after_the_app(tmp_path):
    # ccproxy-api plugins/claude_api/detection_service.py:252 and codex/detection_service.py
    # :309: `temp_app = FastAPI()`, then `from uvicorn import Config, Server` and
    # `Server(Config(temp_app, host="127.0.0.1", ...))`; the check's look-ahead from the
    # app had resolved `Config` before the walk reached the import, and the stale answer
    # hid the server
    assert _run("RTE002", "a temporary capture server", tmp_path / "good", "good") == []
    [found] = _run("RTE002", "the other side of the temporary capture", tmp_path / "bad")
    assert (found.path, found.line, found.message) == (
        "probe/relay.py",
        6,
        "`FastAPI(...)` sets none of `openapi_url`, `docs_url`, `redoc_url`: `Relay` serves "
        "`/docs` and `/openapi.json` in every environment",
    )


_NO_STATUS = (
    "no `status_code=` (a creation usually answers 201, or 202 when it only queues the work)"
)


def test_rte004_a_project_that_declares_200_on_its_creations(tmp_path):
    # mastodon-mock routers/filters.py:93, :206, :250: 42 POST routes declare
    # status_code=200 (admin.py:293 create_report, :755 ...) and none 201: a mock of an API
    # that answers its creations 200
    assert _run("RTE004", "a project that declares `status_code=200`", tmp_path / "g", "good") == []
    [found] = _run("RTE004", "the other side of the project's own 200", tmp_path / "bad")
    assert (found.line, found.message) == (12, f"`POST /api/carts` (`create_cart`): {_NO_STATUS}")


def test_rte004_anthropic_messages_beside_the_openai_chat_completion(tmp_path):
    # ccproxy-api plugins/claude_api/routes.py:58 POST /v1/messages beside :75
    # /v1/chat/completions on the same router: Anthropic's Messages API, answered 200
    assert _run("RTE004", "a server copying the OpenAI API", tmp_path / "good", "good") == []
    [found] = _run("RTE004", "the other side of Anthropic's Messages", tmp_path / "bad")
    assert (found.line, found.message) == (
        6,
        f"`POST /v1/messages` (`create_message`): {_NO_STATUS}",
    )


def test_rte002_a_deployed_docs_page_as_the_distributions_documentation_url(tmp_path):
    # wattnet-api METADATA:41 `Project-URL: Documentation, https://api.wattnet.eu/docs`,
    # its README table giving http://localhost:8000/v1/docs (app.py:119)
    good = "the distribution's documentation URL"
    assert _run("RTE002", good, tmp_path / "good", "good") == []
    [found] = _run("RTE002", "the other side of the documentation URL", tmp_path / "bad")
    assert (found.line, found.message) == (
        3,
        "`FastAPI(...)` sets none of `openapi_url`, `docs_url`, `redoc_url`: `Catalogue` "
        "serves `/docs` and `/openapi.json` in every environment",
    )


def test_dbs005_a_reset_after_drop_all_is_told_to_reset_through_alembic(tmp_path):
    # mastodon-mock routers/oauth.py:430 POST /api/v1/_mock/reset: drop_all then create_all;
    # `alembic upgrade head` after drop_all finds the alembic_version row and does nothing
    [found] = _run("DBS005", "a reset route that drops", tmp_path)
    assert (found.line, found.message, found.fix and found.fix.title) == (
        13,
        "`Base.metadata.create_all` creates tables outside Alembic's history (Alembic is "
        "configured in `alembic.ini`) after `drop_all`, which keeps Alembic's `alembic_version` "
        "row (a bare `alembic upgrade head` would then create nothing): reset through the "
        "history, `alembic downgrade base` then `alembic upgrade head`, or stamp the rebuilt "
        "tables with `alembic stamp head`",
        "Reset with `alembic downgrade base` then `alembic upgrade head`, or stamp head",
    )


def test_asy004_an_old_copy_of_a_live_module_that_nothing_imports(tmp_path):
    # ccproxy-api plugins/permissions/ui/terminal_permission_handler.py:608, a pre-refactor
    # copy of handlers/terminal.py (which handlers/cli.py imports); nothing imports the ui
    # package, only its own __init__ imports the module
    assert _run("ASY004", "an old copy of a module", tmp_path / "good", "good") == []
    [found] = _run("ASY004", "the other side of the old copy", tmp_path / "bad")
    assert (found.path, found.line) == ("desk/old_ui/dialog.py", 9)
    assert found.message.startswith("`asyncio.create_task()` result is discarded")
