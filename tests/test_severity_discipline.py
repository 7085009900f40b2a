"""Severity follows proof (issue 10): ``error`` where the code proves the problem, ``warning``
with medium confidence where a heuristic or an unknown origin is involved, ``info`` for
advice.  The examples pin the reported lines; these pin how sure each finding says it is."""

from __future__ import annotations

import pytest

from auditor.check import Example
from auditor.testing import run_example
from checks import by_id


def _example(check_id: str, kind: str, note: str) -> Example:
    examples = getattr(by_id()[check_id], kind)
    found = [e for e in examples if note in e.note]
    assert len(found) == 1, f"{check_id}: {len(found)} {kind} examples noted {note!r}"
    return found[0]


def _levels(
    check_id: str, example: Example, tmp_path
) -> dict[tuple[str | None, int | None], tuple[str, str]]:
    findings, _ = run_example(by_id()[check_id], example, tmp_path)
    out: dict[tuple[str | None, int | None], tuple[str, str]] = {}
    for f in findings:
        assert (f.path, f.line) not in out, f"two findings on {f.path}:{f.line}"
        out[(f.path, f.line)] = (str(f.severity), str(f.confidence))
    return out


CASES = [
    # ASY001: an error on the request path only; a coroutine nothing places there is a warning
    (
        "ASY001",
        "a route:",
        {("app/main.py", 11): ("error", "high"), ("app/main.py", 12): ("error", "high")},
    ),
    (
        "ASY001",
        "does not place on the request path",
        {("app/main.py", 11): ("warning", "medium")},
    ),
    # ASY005: sure only on the request path
    ("ASY005", "one hop, across modules", {("app/main.py", 10): ("warning", "high")}),
    (
        "ASY005",
        "does not place on the request path",
        {("app/main.py", 10): ("warning", "medium")},
    ),
    # DBS002: a value built from what the client sends is proven; a helper's parameter is not
    (
        "DBS002",
        "values traced to what the client sends",
        {
            ("app/deps.py", 6): ("error", "high"),
            ("app/main.py", 17): ("error", "high"),
            ("app/main.py", 22): ("error", "high"),
            ("app/main.py", 27): ("error", "high"),
        },
    ),
    ("DBS002", "a helper's parameter", {("app/main.py", 6): ("warning", "medium")}),
    ("DBS002", "by a local helper", {("app/main.py", 11): ("warning", "medium")}),
    (
        "DBS002",
        "named `alembic.ini` section",
        {("src/shop/db/tenant/versions/2024_09_03_copy_plan.py", 12): ("warning", "medium")},
    ),
    # PYD006: an assert on the input itself is sure; one on a value computed from it less so
    ("PYD006", "computed from the input", {("app/main.py", 11): ("warning", "medium")}),
    # TST001: the removal is proven by a pinned httpx, not by the absence of a pin
    ("TST001", "no pinned or locked httpx", {("tests/conftest.py", 9): ("warning", "medium")}),
    ("TST001", "pinned at 0.28", {("tests/test_ping.py", 7): ("error", "high")}),
    # SEC003: an opt-in switch is named and downgraded, an unverified identity is not
    (
        "SEC003",
        "opt-in setting",
        {("app/main.py", 9): ("error", "high"), ("app/main.py", 17): ("warning", "medium")},
    ),
    # SEC003: an unverified decode is an error only for a token traced to the request whose
    # claims the code shows deciding who the caller is (keephq api/api.py:68)
    (
        "SEC003",
        "token origin",
        {("app/main.py", 11): ("warning", "medium")},
    ),
    (
        "SEC003",
        "how sure a request's unverified token is",
        {
            ("app/main.py", 10): ("warning", "medium"),
            ("app/main.py", 15): ("error", "high"),
            ("app/main.py", 26): ("error", "high"),
            ("app/main.py", 36): ("warning", "medium"),
        },
    ),
    # SEC003: a missing allow-list is an error only for a text key and a request's token
    (
        "SEC003",
        "missing allow-list",
        {("app/main.py", 9): ("error", "high"), ("app/main.py", 13): ("warning", "medium")},
    ),
    # SEC001: an error only when the code uses an ambient credential (cookies, HTTP auth)
    ("SEC001", "session cookie set `SameSite=None`", {("app/main.py", 5): ("error", "high")}),
    ("SEC001", "session cookie set without", {("app/main.py", 5): ("warning", "medium")}),
    ("SEC001", "no cookie", {("app/main.py", 5): ("warning", "medium")}),
    # SEC004: a constant cookie only gets the secure advice, at info; with SameSite=None a warning
    (
        "SEC004",
        "constant flag cookie",
        {("app/main.py", 9): ("info", "high"), ("app/main.py", 10): ("warning", "high")},
    ),
    # SEC005: behind a guard a plain secret is a warning, a stored hash still an error
    (
        "SEC005",
        "behind an admin guard",
        {("app/main.py", 29): ("warning", "medium"), ("app/main.py", 34): ("error", "high")},
    ),
    # SEC005: "every client" (error) only when every dependency was followed and none
    # authenticates; a guard inside a dependency class's ``__call__`` is a guard
    (
        "SEC005",
        "guards the model must see through",
        {
            ("app/main.py", 30): ("warning", "medium"),
            ("app/main.py", 35): ("error", "high"),
            ("app/main.py", 40): ("warning", "medium"),
        },
    ),
    # ERR002: a try that only validates the request model sends a validation message
    (
        "ERR002",
        "only builds the request model",
        {
            ("app/main.py", 20): ("info", "medium"),
            ("app/main.py", 30): ("warning", "medium"),
            ("app/main.py", 40): ("info", "medium"),  # reads its own body, then validates it
        },
    ),
    ("ERR002", "only parses the client's data", {("app/main.py", 22): ("info", "medium")}),
    # ERR002: the client's input through locals and a route factory's model class, or
    # parsed into plain dataclasses (veloiq-framework crud.py:673, studio/router.py:272);
    # a record the server read, or a dataclass that opens a file, stays a warning
    (
        "ERR002",
        "client input reaching the `try` through locals",
        {
            ("app/main.py", 25): ("info", "medium"),
            ("app/main.py", 35): ("warning", "medium"),
            ("app/main.py", 48): ("info", "medium"),
            ("app/main.py", 58): ("warning", "medium"),
        },
    ),
    # ERR002: a local rebound from itself still holds only the request (harbor
    # viewer/server.py:1152); one that also takes what the server read stays a warning
    (
        "ERR002",
        "a local rebound from itself",
        {("app/main.py", 20): ("info", "medium"), ("app/main.py", 31): ("warning", "medium")},
    ),
]


@pytest.mark.parametrize(
    ("check_id", "note", "expected"), CASES, ids=[c[0] + "-" + c[1] for c in CASES]
)
def test_bad_example_severities(check_id, note, expected, tmp_path):
    assert _levels(check_id, _example(check_id, "bad", note), tmp_path) == expected


def test_a_revision_of_a_named_alembic_section_is_judged_as_a_migration(tmp_path) -> None:
    """Issue 10, class 1: a revision under a named section's package-relative
    ``script_location`` is a migration (its own wording and level), not application code."""
    example = _example("DBS002", "bad", "named `alembic.ini` section")
    findings, _ = run_example(by_id()["DBS002"], example, tmp_path)
    assert [(f.line, str(f.severity)) for f in findings] == [(12, "warning")]
    assert all("(in a migration)" in f.message for f in findings)
