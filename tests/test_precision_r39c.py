"""Round 39 (H45), helper r39c: the findings of ERR002 that the judged sheets showed false,
pinned by the text the check produces."""

from __future__ import annotations

import pytest

from auditor.engine import analyze_module
from auditor.testing import run_noted_example as _run


def test_err002_a_setup_functions_object_whose_method_stops_its_errors(tmp_path):
    # stocksblitz-shared utils/comprehensive_service_utils.py:338-412: the health routes are
    # declared inside _add_health_endpoints and call health_checker, the HealthChecker it
    # builds; monitoring/health_checker.py:79-132 BaseHealthCheck.check and :586-600
    # _get_system_info log their caught error through self.logger
    assert _run("ERR002", "the route, declared inside a setup", tmp_path / "good", "good") == []
    [found] = _run("ERR002", "the other side of the setup function's object", tmp_path / "bad")
    assert (found.path, found.line, found.message) == (
        "app/main.py",
        14,
        "`str(e)` from `except Exception` is sent to the client in "
        "`HTTPException(detail=...)`: it can leak SQL, hosts, paths or credentials",
    )


_LOGGING = """\
import logging

import httpx


class Probe:
    def __init__(self):
        self.{attr} = logging.getLogger("probe")

    def ping(self):
        try:
            return httpx.get("http://db:8080").status_code
        except Exception as e:
            self.{attr}.{method}("probe failed: %s", e)
            return None
"""


@pytest.mark.parametrize(
    ("attr", "method", "swallows"),
    [
        ("logger", "warning", True),
        ("_log", "error", True),
        ("audit_logger", "exception", True),
        ("catalog", "info", False),  # not a logger's name: a call that may do anything
        ("logger", "handle", False),  # not a log line
    ],
)
def test_swallows_errors_takes_a_log_line_through_the_objects_own_logger(attr, method, swallows):
    facts = analyze_module(
        "app/probe.py",
        _LOGGING.replace("{attr}", attr).replace("{method}", method).encode(),
        "app",
        frozenset({"app"}),
    )
    assert facts.functions["app.probe.Probe.ping"].swallows_errors is swallows
