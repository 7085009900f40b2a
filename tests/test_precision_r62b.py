"""Round 62 (H68 roustabout), helper B: an ``except Exception`` that sends the error's text
only on a branch admitting the project's own exception by its class name
(``type(exc).__name__ == "DriverUnsupported"``), which the project raises only with messages
it writes for the client, leaks nothing (ERR002)."""

from __future__ import annotations

import pytest

from auditor.check import Example
from auditor.testing import run_example
from auditor.testing import run_noted_example as _run
from checks.err002_internal_error_details_leaked import _drivers_files


def _lines(tmp_path, files: dict[str, str]) -> list[int]:
    from checks import by_id

    findings, _ = run_example(by_id()["ERR002"], Example(files=files), tmp_path)
    return [f.line for f in findings]


def test_err002_noted_examples(tmp_path):
    note = "the branch that sends the error's text admits only the project's own"
    assert _run("ERR002", note, tmp_path, "good") == []
    other = "the other side of the project's own error named by its class: the branch"
    assert [f.line for f in _run("ERR002", other, tmp_path / "a")] == [16]
    other = "the other side of the project's own error named by its class: the project"
    assert [f.line for f in _run("ERR002", other, tmp_path / "b")] == [16]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            'kind = type(exc).__name__\n        if kind == "DriverUnsupported":',
            'if exc.__class__.__name__ == "DriverUnsupported":',
        ),
        ('if kind == "DriverUnsupported":', 'if kind in ("DriverUnsupported",):'),
    ],
)
def test_err002_other_spellings_of_the_class_name_narrow(tmp_path, old, new):
    files = _drivers_files()
    assert old in files["app/main.py"]
    files["app/main.py"] = files["app/main.py"].replace(old, new)
    assert _lines(tmp_path, files) == []


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        # a second name, not the project's
        (
            "app/main.py",
            'if kind == "DriverUnsupported":',
            'if kind in ("DriverUnsupported", "OperationalError"):',
        ),
        # the local is bound again in the clause: it may hold anything
        (
            "app/main.py",
            '        if kind == "DriverUnsupported":',
            '        kind = str(exc)\n        if kind == "DriverUnsupported":',
        ),
        # the class makes its own text
        (
            "app/drivers.py",
            "    pass\n",
            "    def __init__(self, driver: str) -> None:\n        super().__init__(driver)\n",
        ),
        # a library base may make its text from more than the message
        (
            "app/drivers.py",
            "class DriverUnsupported(Exception):",
            "import httpx\n\n\nclass DriverUnsupported(httpx.HTTPError):",
        ),
        # built but not raised there: it may be raised elsewhere with anything
        (
            "app/drivers.py",
            "    if driver not in SUPPORTED:",
            "    error = DriverUnsupported('no')\n    if driver not in SUPPORTED:",
        ),
        # a message that is not a string the project writes
        (
            "app/drivers.py",
            'raise DriverUnsupported(f"driver',
            'raise DriverUnsupported(path, f"driver',
        ),
    ],
)
def test_err002_unproven_class_name_narrowing_still_reports(tmp_path, path, old, new):
    files = _drivers_files()
    assert old in files[path]
    files[path] = files[path].replace(old, new)
    sent = files["app/main.py"].split('{"error": str(exc)}')[0].count("\n") + 1
    assert _lines(tmp_path, files) == [sent]
