"""Round 32 (H38), helper r32c: the findings of ASY003-ASY005, SEC003, SEC004 and LOG001 that
the judged sheet showed false or misworded, pinned by the text the checks produce."""

from __future__ import annotations

from auditor.inventory import Inventory
from auditor.testing import run_noted_example as _run


def test_a_declared_python_target_bounds_the_pythons_a_project_runs_on():
    assert Inventory(python="<3.14,>=3.11").python_below((3, 14))
    assert Inventory(python="<=3.13").python_below((3, 14))
    assert not Inventory(python=">=3.10,<3.15").python_below((3, 14))
    assert not Inventory(python=">=3.11").python_below((3, 14))
    assert not Inventory(python="3.12").python_below((3, 14))  # a .python-version: no bound
    assert not Inventory().python_below((3, 14))


def test_asy003_a_sync_call_under_a_pre_314_target_is_not_reported(tmp_path):
    # beeai-framework utils/cancellation.py:48: a sync classmethod's get_event_loop() in a
    # wheel whose Requires-Python is `>=3.11,<3.14`
    assert _run("ASY003", "a sync call in a project whose declared", tmp_path, "good") == []
    found = {f.line: f.message for f in _run("ASY003", "the other side of the pre-3.14", tmp_path)}
    assert found == {
        5: "`asyncio.get_event_loop()` outside a coroutine raises RuntimeError on Python ≥ 3.14 "
        "when no loop is running",
        9: "`asyncio.get_event_loop()` in a coroutine: use `asyncio.get_running_loop()`",
    }


def test_asy004_a_helper_handed_only_coroutines_that_catch_everything_says_so(tmp_path):
    # dazzle-dsl mcp/server/progress.py:159: `_fire_and_forget(coro)` is only handed
    # `self._send_log_message(...)` and `self._send_advance(...)`, each catching and logging
    # every Exception around its awaits
    found = {f.line: f.message for f in _run("ASY004", "a helper handed only", tmp_path)}
    assert found == {
        11: "`asyncio.get_running_loop().create_task()` result is discarded: the task can be "
        "garbage-collected mid-flight and its work stop halfway (ruff RUF006); every "
        "coroutine handed to `_spawn` catches and handles exceptions itself (`_send`)",
        27: "`asyncio.get_running_loop().create_task()` result is discarded: the task can be "
        "garbage-collected mid-flight and its exceptions are never seen (ruff RUF006)",
    }


def test_sec003_claims_handed_back_to_callers_that_read_no_identity_are_not_reported(tmp_path):
    # clearml backend_api/session/token_manager.py:72, :78: get_decoded_token returns the
    # session token's claims, unverified; its callers read exp, api_version, server_version
    # and feature_set, or pprint them (`clearml-debug token`)
    assert _run("SEC003", "a helper that hands the unverified claims", tmp_path, "good") == []
    [found] = _run("SEC003", "the other side of the session-claims trap", tmp_path)
    assert (found.line, found.message, found.severity, found.confidence) == (
        13,
        "`jwt.decode()` with `verify_signature: False` does not check the token's signature "
        "(`app.routes.me` hands it a token from the request)",
        "warning",
        "medium",
    )


def test_asy005_a_git_fallback_behind_a_shipped_commit_is_not_reported(tmp_path):
    # notebooklm-py server/routes/meta.py:187, :237, :284: version_string() is
    # `_embedded_commit() or _live_commit()`, the first returning the COMMIT of the
    # `_commit.py` the wheel ships, so the git subprocess of the second never runs
    assert _run("ASY005", "a git fallback after `or`", tmp_path, "good") == []
    message = (
        "sync helper `version()` blocks the event loop: it calls `_git_commit()`, which calls "
        "`subprocess.run()` (app/version.py:15) (once per process: `version()` blocks on its "
        "first call only)"
    )
    for note in (
        "the other side of the built-commit trap: a build",
        "the other side of the built-commit trap, from",
    ):
        folder = tmp_path / note[-4:]
        folder.mkdir()
        [found] = _run("ASY005", note, folder)
        assert (found.path, found.line, found.message) == ("app/main.py", 10, message)


def test_sec004_a_cookie_written_httponly_false_for_the_page_script_is_not_reported(tmp_path):
    # dazzle-dsl http/runtime/consent_routes.py:155: the consent banner's cookie
    # (CONSENT_COOKIE_NAME, the serialised choices) set with `httponly=False  # banner JS
    # needs read access`
    assert _run("SEC004", "`httponly=False` written out", tmp_path, "good") == []
    found = {f.line: f.message for f in _run("SEC004", "the other side of the script", tmp_path)}
    assert found == {
        7: "cookie is set without `httponly=True`",
        8: "cookie `banner` is set without `httponly=True`",
        9: "cookie is set without `httponly=True`",
        10: "cookie `banner` is set without `secure=True`",
    }


def test_log001_a_default_the_code_ships_as_a_literal_is_not_reported(tmp_path):
    # bty-lab web/_app.py:174: `DEFAULT_ADMIN_PASSWORD` (`"bty-lab"`, _config.py:54) logged
    # only when it is the password in use
    assert _run("LOG001", "a default password the code ships", tmp_path, "good") == []
    found, _ = _run("LOG001", "the other side of the written-default", tmp_path)
    assert (found.path, found.line, found.message) == (
        "app/keys.py",
        10,
        "`log.info()` logs `ADMIN_PASSWORD`, `DEFAULT_SIGNING_KEY`: never log passwords, "
        "tokens, keys or raw headers",
    )
