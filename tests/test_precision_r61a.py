"""Round 61 (H66 attune-gui, zcp-alert-backend), helper A: an error text the app's own
``HTTPException`` handler never sends (ERR002); an OAuth start that only redirects (SEC007)."""

from __future__ import annotations

import pytest

from auditor.check import snippet
from auditor.testing import run_example
from auditor.testing import run_noted_example as _run

_HANDLER = """\
from fastapi import FastAPI, HTTPException
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

app = FastAPI()


@app.exception_handler(StarletteHTTPException)
async def http_error(request, exc):
{body}


@app.get("/report")
def report() -> dict:
    try:
        with open("/srv/report.txt") as f:
            return {{"report": f.read()}}
    except OSError as e:
        raise HTTPException(status_code={status}, detail={detail})
"""
_FIXED = '    return JSONResponse({"detail": "Internal error"}, status_code=exc.status_code)'


def _err002(tmp_path, body: str, status: str = "500", detail: str = "str(e)") -> list[int]:
    """The lines ERR002 reports in :data:`_HANDLER` (``raise HTTPException`` is the last)."""
    from checks import by_id

    source = _HANDLER.format(body=body, status=status, detail=detail)
    findings, _ = run_example(by_id()["ERR002"], snippet(source), tmp_path)
    return [f.line for f in findings]


def _raise_line(body: str) -> int:
    return _HANDLER.format(body=body, status="", detail="").count("\n")


def test_err002_app_handler_hiding_5xx_string_details_compensates(tmp_path):
    # attune-gui errors.py:53-56, 71-75 (installed by install_handlers, app.py:77)
    assert _run("ERR002", "the app's `HTTPException` handler, installed", tmp_path, "good") == []
    found = _run("ERR002", "the other side of the app's error handler: for a 5xx", tmp_path / "a")
    assert [f.line for f in found] == [14]
    found = _run("ERR002", "the other side of the app's error handler: it hides", tmp_path / "b")
    assert [f.line for f in found] == [14]


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        (_FIXED, "500", "str(e)"),
        (_FIXED, "status.HTTP_503_SERVICE_UNAVAILABLE", 'f"down: {e}"'),
        (
            "    if 500 <= exc.status_code < 600:\n"
            '        return JSONResponse({"detail": "oops"}, status_code=500)\n'
            '    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)',
            "502",
            '"upstream: %s" % e',
        ),
        (
            '    logger.error("http error %s", exc.detail)\n'
            '    body = {"detail": "Internal error"}\n'
            "    return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)",
            "500",
            "repr(e)",
        ),
    ],
)
def test_err002_handler_proofs_that_hide_the_detail(tmp_path, body, status, detail):
    assert _err002(tmp_path, body, status, detail) == []


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        # the detail is sent for this status
        (
            "    if exc.status_code >= 500:\n"
            '        return JSONResponse({"detail": "oops"}, status_code=500)\n'
            '    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)',
            "409",
            "str(e)",
        ),
        # the status comes from elsewhere: both branches are taken
        (
            '    if getattr(exc, "public", False):\n'
            '        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)\n'
            + _FIXED,
            "500",
            "str(e)",
        ),
        # a dict detail keeps its message
        (
            "    if isinstance(exc.detail, dict):\n"
            '        return JSONResponse({"detail": exc.detail["message"]}, status_code=500)\n'
            + _FIXED,
            "500",
            '{"message": str(e)}',
        ),
        # a local built from the detail in one branch stays tainted
        (
            '    text = "Internal error"\n'
            "    if exc.headers:\n"
            "        text = str(exc)\n"
            '    return JSONResponse({"detail": text}, status_code=exc.status_code)',
            "500",
            "str(e)",
        ),
        # what the proof does not follow: a loop, a raise, no answer
        ("    for _ in range(1):\n        pass\n" + _FIXED, "500", "str(e)"),
        ("    raise RuntimeError(exc.detail)", "500", "str(e)"),
        ('    print("error")', "500", "str(e)"),
        # a status that is not literal
        (_FIXED, "code", "str(e)"),
    ],
)
def test_err002_handler_proofs_that_fail_keep_the_finding(tmp_path, body, status, detail):
    assert _err002(tmp_path, body, status, detail) == [_raise_line(body)]


def test_err002_a_status_handler_beside_the_class_handler_keeps_the_finding(tmp_path):
    body = (
        _FIXED
        + "\n\n\n@app.exception_handler(500)\nasync def on_500(request, exc):\n"
        + ('    return JSONResponse({"detail": exc.detail}, status_code=500)')
    )
    assert _err002(tmp_path, body) == [_raise_line(body)]


def test_sec007_oauth_start_that_only_redirects_is_no_target(tmp_path, monkeypatch):
    # zcp-alert-backend channel.py:382-412 GET …/channels/kakao/oauth/login
    import checks.sec007_no_rate_limiting as sec007

    assert _run("SEC007", "a GET behind the app's usual sign-in", tmp_path / "a", "good") == []
    [found] = _run("SEC007", "the other side of the OAuth start", tmp_path / "b")
    assert (found.path, found.line) == ("app/main.py", 16)
    monkeypatch.setattr(sec007, "_redirects_only", lambda project, route: False)
    [found] = _run("SEC007", "a GET behind the app's usual sign-in", tmp_path / "c", "good")
    assert "GET /integrations/chat/oauth/login" in found.message
