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


def test_err002_a_method_gathering_its_coroutines_with_return_exceptions(tmp_path):
    # stocksblitz-shared monitoring/health_checker.py:518 check_all: `await
    # asyncio.gather(*tasks, return_exceptions=True)` over the checks' async `check`
    assert (
        _run("ERR002", "the `try` only awaits a method that gathers", tmp_path / "good", "good")
        == []
    )
    [found] = _run("ERR002", "the other side of the gathered probes", tmp_path / "bad")
    assert (found.path, found.line, found.message) == (
        "app/main.py",
        14,
        "`str(e)` from `except Exception` is sent to the client in "
        "`HTTPException(detail=...)`: it can leak SQL, hosts, paths or credentials",
    )


_GATHERING = """\
import asyncio

from app.probes import probe, probe_sync


class Fleet:
    hosts = ["a", "b"]

    async def _ping(self, host):
        return host

    def _ping_sync(self, host):
        return host

    async def status(self):
        return await asyncio.gather({gathered})
"""


@pytest.mark.parametrize(
    ("gathered", "relays"),
    [
        (
            "*(self._ping(h) for h in self.hosts), return_exceptions=True",
            ("coro:self:_ping",),
        ),
        (
            "probe('a'), self._ping('b'), return_exceptions=True",
            ("coro:fn:app.probes.probe", "coro:self:_ping"),
        ),
        ("*(self._ping(h) for h in self.hosts)", None),  # the first error comes out
        ("*self.tasks, return_exceptions=True", None),  # awaitables made elsewhere
        ("asyncio.sleep(1), return_exceptions=True", None),  # a library's coroutine
    ],
)
def test_relays_errors_takes_coroutines_gathered_with_return_exceptions(gathered, relays):
    facts = analyze_module(
        "app/fleet.py",
        _GATHERING.replace("{gathered}", gathered).encode(),
        "app",
        frozenset({"app"}),
    )
    assert facts.functions["app.fleet.Fleet.status"].relays_errors == relays


def test_err002_gathered_calls_of_a_sync_function_are_not_coroutines(tmp_path):
    # a sync method's call runs its work before `gather` sees the result
    from dataclasses import replace

    from auditor.testing import noted_example, run_example

    check, good = noted_example("ERR002", "the `try` only awaits a method that gathers", "good")
    fleet = good.files["app/fleet.py"].replace(
        """    async def _ping(self, host: str) -> int:
        async with httpx.AsyncClient() as client:
            return (await client.get(f"http://{host}/health")).status_code
""",
        """    def _ping(self, host: str) -> int:
        return httpx.get(f"http://{host}/health").status_code
""",
    )
    assert fleet != good.files["app/fleet.py"]
    findings, _ = run_example(
        check, replace(good, files={**good.files, "app/fleet.py": fleet}), tmp_path
    )
    [found] = findings
    assert (found.path, found.line) == ("app/main.py", 14)
