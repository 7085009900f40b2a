"""Round 30 (H36), helper r30c: the findings of ASY004, DBS002, SEC003, LOG001 and RTE004
that the judged sheet showed false or misworded, pinned by the text the checks produce."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_asy004_a_try_that_guards_only_the_first_await_is_no_handler(tmp_path):
    # agentscope app/middleware/_tool_offload_middleware.py:356: `_deliver_when_done`'s try
    # covers `await drain_task` only; the later `await deliver_to_inbox(...)` is unguarded
    found = {f.line: f.message for f in _run("ASY004", "a coroutine whose `try` guards", tmp_path)}
    assert found[32] == (
        "`asyncio.create_task()` result is discarded: the task can be garbage-collected "
        "mid-flight and its exceptions are never seen (ruff RUF006)"
    )
    assert found[33] == (
        "`asyncio.create_task()` result is discarded: the task can be garbage-collected "
        "mid-flight and its work stop halfway (ruff RUF006); `_fetch_and_store` catches and "
        "handles exceptions itself"
    )


def test_asy004_a_coroutine_that_cannot_suspend_is_not_reported(tmp_path):
    # rapid-mlx engine_core.py:2003 (`self.engine.start()`, engine = EngineCore(...)) and
    # server.py:3406 (`_primary_model_lifecycle: PrimaryModelLifecycle | None`): both
    # `start` methods hold no await, so their tasks complete in their first step
    assert _run("ASY004", "coroutines that cannot suspend", tmp_path, kind="good") == []


def test_asy004_a_coroutine_that_may_suspend_after_all_is_reported(tmp_path):
    found = {f.line: f.message for f in _run("ASY004", "coroutines that may suspend", tmp_path)}
    assert sorted(found) == [13, 14, 15]
    assert all(m.endswith("its exceptions are never seen (ruff RUF006)") for m in found.values())


def test_dbs002_a_helper_given_what_a_literal_returning_function_returns_is_silent(tmp_path):
    # hopsworks cli/pipeline_data.py:222: column_checks' only caller passes `_bucket(pipeline)`,
    # whose every return is 'hour', 'day' or None
    assert (
        _run("DBS002", "a helper's parameter that every call passes the result", tmp_path, "good")
        == []
    )
    [found] = _run("DBS002", "the other side of the literal-returns trap", tmp_path)
    assert found.message == (
        "SQL built with an f-string is passed to `.execute()` with `grain`, a parameter of "
        "`gaps`, quoted into it as a string literal: bind the values as parameters (ruff S608)"
    )


def test_sec003_the_id_token_of_oauth_client_credentials_is_not_reported(tmp_path):
    # workspace-mcp auth/google_auth.py:234: `jwt.decode(credentials.id_token, options=
    # {"verify_signature": False})`, `credentials: Credentials` (google-auth): the token
    # endpoint's answer to the server's own exchange or refresh
    assert _run("SEC003", "the id_token of an OAuth client library", tmp_path, "good") == []
    found = {f.line: f.message for f in _run("SEC003", "the other side of the issued", tmp_path)}
    assert sorted(found) == [10, 14, 20]
    assert found[20] == (
        "`jwt.decode()` with `verify_signature: False` does not check the token's signature "
        "(`app.routes.me` hands it a token from the request)"
    )


def test_log001_a_value_handed_on_as_a_name_is_an_identifier(tmp_path):
    # harbor environments/ack.py:870, 881, 888, 912: `self.image_pull_secret` is passed as
    # `name=` to read_namespaced_secret and V1LocalObjectReference: a Secret's name
    assert _run("LOG001", "values the code hands on as the name", tmp_path, "good") == []
    found = {
        f.line: f.message for f in _run("LOG001", "the other side of the name-argument", tmp_path)
    }
    assert found == {
        14: "`logger.info()` logs `self.pull_secret`: never log passwords, tokens, keys or raw "
        "headers",
        19: "`logger.info()` logs `token`: never log passwords, tokens, keys or raw headers",
    }


def test_rte004_an_upload_action_on_an_identified_resource_is_no_creation(tmp_path):
    # harbor server/app.py:339: `POST /hub/jobs/{job_id}/upload` publishes that job; the
    # 201 advice came from the upload_ name alone
    found = {f.line: f.message for f in _run("RTE004", "the other side of the action-on", tmp_path)}
    assert found == {
        6: "`POST /jobs/{job_id}/uploads` (`upload_artifact`): no `status_code=` (a creation "
        "usually answers 201, or 202 when it only queues the work)",
        13: "`POST /jobs/upload` (`upload_job`): no `status_code=` (a creation usually answers "
        "201, or 202 when it only queues the work)",
    }
