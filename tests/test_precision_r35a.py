"""Round 35 (H41), helper r35a: the findings of ASY004 and SEC007 that the judged sheet
showed false or misworded, pinned by the text the checks produce."""

from __future__ import annotations

import dataclasses

from auditor.testing import noted_example, run_example
from auditor.testing import run_noted_example as _run

_DISCARDED = (
    "`asyncio.create_task()` result is discarded: the task can be garbage-collected "
    "mid-flight and its exceptions are never seen (ruff RUF006)"
)
#: The same of a task awaiting ``asyncio.to_thread``: its thread holds it to the end.
_THREAD_DISCARDED = (
    "`asyncio.create_task()` result is discarded: the executor thread runs the "
    "`asyncio.to_thread()` work to its end, but an exception it raises is never seen "
    "(ruff RUF006)"
)


def test_asy004_a_thread_function_guarded_after_an_early_exit_and_loaded_imports(tmp_path):
    # amfs-http-server openrouter_proxy.py:342 and :384: `to_thread(_capture_exchange, ...)`
    # imports amfs_core.capture (loaded at module level by server.py:56) before its try, and
    # `to_thread(_write_back, ...)` returns early on flags before its try
    assert (
        _run("ASY004", "a thread function that guards its whole body after", tmp_path, "good") == []
    )


def test_asy004_an_outside_import_the_project_does_not_load_stays_reported(tmp_path):
    check, example = noted_example(
        "ASY004", "a thread function that guards its whole body after", "good"
    )
    files = dict(example.files)
    files["relay/main.py"] = (
        files["relay/main.py"]
        .replace("import yaml\n", "")
        .replace('CONFIG = yaml.safe_load("enabled: true")\n', "")
    )
    findings, _ = run_example(check, dataclasses.replace(example, files=files), tmp_path)
    assert [(f.path, f.line, f.message) for f in findings] == [
        ("relay/routes.py", 27, _THREAD_DISCARDED)
    ]


def test_asy004_an_early_exit_that_calls_and_an_unloaded_import_are_reported(tmp_path):
    found = {
        f.line: f.message for f in _run("ASY004", "the other side of the early-exit", tmp_path)
    }
    assert found == {30: _THREAD_DISCARDED, 31: _THREAD_DISCARDED}


def test_sec007_a_bare_verify_handed_no_credential_is_not_auth_sensitive(tmp_path):
    # amfs-http-server server.py:4246: `POST /api/v1/verify` checks a hash chain's integrity;
    # its body reads `entity_path`, and its API-key dependency guards every other route
    assert _run("SEC007", "a bare `/verify` handed no credential", tmp_path, "good") == []


def test_sec007_a_bare_verify_that_reads_a_code_stays_auth_sensitive(tmp_path):
    [found] = _run("SEC007", "the other side of the bare-verify trap", tmp_path)
    assert found.message == (
        "no rate limiting found for auth-sensitive routes (POST /api/v1/verify, POST "
        "/v2/verify); ignore this if the gateway or reverse proxy enforces limits"
    )


def test_asy004_a_coroutine_outside_the_project_is_named_as_unread(tmp_path):
    # amfs-http-server server.py:3023: `recorder = getattr(_async_adapter,
    # "record_reuse_event", None)` then `create_task(recorder(...))`: the adapter is not in
    # the wheel, and the caller's comment says the write swallows its errors
    found = {
        f.line: f.message for f in _run("ASY004", "a coroutine the project does not", tmp_path)
    }
    assert found == {
        19: "`asyncio.create_task()` result is discarded: the task can be garbage-collected "
        "mid-flight, and an exception it does not handle itself is never seen (ruff RUF006); "
        "`record_event` is not defined in the project: whether it catches its own errors is "
        "not read",
        20: _DISCARDED,
    }
