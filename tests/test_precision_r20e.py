"""Severity of SEC001, SEC005 and ASY001 findings that stay but are only plausible (issue 10,
round 20e): the examples pin lines only; these pin severity, confidence and wording."""

from __future__ import annotations

from auditor.testing import run_bad_example, run_example
from checks import by_id


def _run(check_id: str, note_start: str, tmp_path):
    return run_bad_example(check_id, note_start, tmp_path)


def _findings(check_id: str, note_start: str, tmp_path):
    return [(f.severity, f.confidence) for f in _run(check_id, note_start, tmp_path)]


def test_cors_with_only_lax_cookies_is_a_warning(tmp_path):
    [f] = _run("SEC001", "lax: every cookie", tmp_path)
    assert (f.severity, f.confidence) == ("warning", "medium")
    assert "`SameSite=Lax`/`Strict`" in f.message


def test_cors_with_basic_auth_or_a_samesite_none_cookie_stays_an_error(tmp_path):
    assert _findings("SEC001", "the trap beside Lax cookies", tmp_path) == [("error", "high")]


def test_cors_with_a_starlette_cookie_set_without_samesite_is_a_warning(tmp_path):
    # Starlette's ``Response.set_cookie`` writes ``SameSite=lax`` unless told otherwise
    [f] = _run("SEC001", "session cookie set without", tmp_path)
    assert (f.severity, f.confidence) == ("warning", "medium")


def test_cors_with_a_cookie_forwarded_onto_a_starlette_response_is_a_warning(tmp_path):
    # the module imports aiohttp, but the cookie is set on a FastAPI response (H30 skypilot)
    [f] = _run("SEC001", "cookies forwarded from an aiohttp upstream", tmp_path)
    assert (f.severity, f.confidence) == ("warning", "medium")


def test_cors_with_a_cookie_on_the_response_parameter_beside_aiohttp_is_a_warning(tmp_path):
    [f] = _run("SEC001", "a cookie set on the route's `Response` parameter", tmp_path)
    assert (f.severity, f.confidence) == ("warning", "medium")


def test_cors_with_an_aiohttp_cookie_without_samesite_stays_an_error(tmp_path):
    assert _findings("SEC001", "the trap of the forwarded cookie", tmp_path) == [("error", "high")]


def test_cors_with_a_samesite_none_cookie_stays_an_error(tmp_path):
    assert _findings("SEC001", "session cookie set `SameSite=None`", tmp_path) == [
        ("error", "high")
    ]


def test_a_blocking_call_only_in_a_background_task_of_a_library_is_a_warning(tmp_path):
    [f] = _run("ASY001", "background task: a library", tmp_path)
    assert (f.severity, f.confidence) == ("warning", "medium")
    assert f.message.endswith("(only in a background task that `start` starts)")


def test_a_blocking_call_also_awaited_through_an_object_stays_an_error(tmp_path):
    assert _findings("ASY001", "the trap beside a background task", tmp_path) == [("error", "high")]


def test_an_ignored_pydantic_config_key_is_a_warning_and_what_fails_at_import_an_error(tmp_path):
    # F12: v2 ignoring ``orm_mode``/``schema_extra`` proves no runtime failure by itself;
    # a class keyword (TypeError), ``Field(regex=...)`` and a removed import do fail
    check = by_id()["PYD002"]
    example = next(e for e in check.bad if e.note.startswith("inherited model"))
    findings, _ = run_example(check, example, tmp_path)
    by_kind = {}
    for f in findings:
        kind = (
            "keyword"
            if "raises `TypeError`" in f.message
            else (
                "field"
                if "Field" in f.message or "regex" in f.message or "const" in f.message
                else "config"
            )
        )
        by_kind.setdefault(kind, set()).add(f.severity)
    assert by_kind["config"] == {"warning"}
    assert by_kind["keyword"] == {"error"}
    removed = next(e for e in check.bad if e.note.startswith("removed imports"))
    findings, _ = run_example(check, removed, tmp_path / "removed")
    severities = {(f.line, f.severity) for f in findings}
    assert (1, "error") in severities and (7, "warning") in severities
