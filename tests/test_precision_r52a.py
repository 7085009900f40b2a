"""Round 52a (H55): ERR002 on a ``try`` that only does in-memory work on a project service
(zmp-manual-backend api/manual_router.py:643, :796, :809) or only builds a streaming response
around a generator it defines (:776).  The examples pin lines only; these pin the wording and
the traps around each rule."""

from __future__ import annotations

from auditor.testing import noted_example, run_bad_example, run_example, run_noted_example

_LEAK = (
    "`str(e)` from `except Exception` is sent to the client in `HTTPException(detail=...)`: "
    "it can leak SQL, hosts, paths or credentials"
)
_IN_MEMORY = "each `try` only works on lists a project service keeps in memory"
_LAZY = "the `try` only defines an async generator"


def _variant(note: str, tmp_path, path: str, *edits: tuple[str, str]) -> list[tuple[int, str]]:
    """The findings of the good example ``note`` with each ``(old, new)`` of ``edits``
    made in ``path``: (line, message)."""
    check, example = noted_example("ERR002", note, kind="good")
    text = example.files[path]
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    files = {**example.files, path: text}
    findings, _ = run_example(check, example.__class__(files=files), tmp_path)
    return [(f.line, f.message) for f in findings]


def test_in_memory_service_routes_are_not_reported(tmp_path):
    assert run_noted_example("ERR002", _IN_MEMORY, tmp_path, kind="good") == []


def test_a_service_method_that_writes_a_file_stays_a_leak_warning(tmp_path):
    [f] = run_bad_example("ERR002", "the other side of the in-memory service", tmp_path)
    assert (f.severity, f.line, f.message) == ("warning", 22, _LEAK)


def test_a_value_that_is_not_the_clients_plain_value_keeps_the_warning(tmp_path):
    # trap: the route hands the method an object (a model the client sent may carry
    # validators; a dependency's object may load itself): no longer only echoed text
    found = _variant(
        _IN_MEMORY,
        tmp_path,
        "app/main.py",
        ("await inbox.mark_read(message_id)", "await inbox.mark_read(inbox)"),
    )
    assert found == [(22, _LEAK)]


def test_a_method_that_raises_its_own_error_keeps_the_warning(tmp_path):
    # trap: in-memory work means raising nothing of its own (an async stub standing in for
    # a database call may raise any text)
    found = _variant(
        _IN_MEMORY,
        tmp_path,
        "app/inbox.py",
        ("        return False\n", '        raise LookupError("no message")\n'),
    )
    assert found == [(22, _LEAK)]


def test_a_service_with_a_library_base_keeps_the_warning(tmp_path):
    # trap: an attribute of an object whose class a library defines (an ORM model's
    # relationship) may load rows
    found = _variant(
        _IN_MEMORY,
        tmp_path,
        "app/inbox.py",
        ("from dataclasses import dataclass\n", "from sqlalchemy.orm import DeclarativeBase\n"),
        ("class Inbox:\n", "class Inbox(DeclarativeBase):\n"),
        ("@dataclass\n", ""),
    )
    assert found == [(22, _LEAK), (31, _LEAK)]


def test_a_comprehension_over_what_the_service_holds_keeps_the_warning(tmp_path):
    # trap: the list is the service's own object, not one the route built: iterating it
    # may fetch (a cursor, a lazy collection)
    found = _variant(
        _IN_MEMORY,
        tmp_path,
        "app/main.py",
        ("messages = list(inbox.messages)", "messages = inbox.messages"),
    )
    assert found == [(43, _LEAK)]


def test_a_logger_the_project_builds_is_not_a_log_line(tmp_path):
    # trap: ``logger`` bound to a project function's result may be anything
    found = _variant(
        _IN_MEMORY,
        tmp_path,
        "app/main.py",
        (
            "logger = logging.getLogger(__name__)",
            "logger = make_logger()\n\n\ndef make_logger():\n    return logging.getLogger('x')",
        ),
    )
    assert [line for line, _ in found] == [47]


def test_a_generator_the_try_defines_and_streams_is_not_reported(tmp_path):
    assert run_noted_example("ERR002", _LAZY, tmp_path, kind="good") == []


def test_a_plain_function_the_try_defines_and_calls_stays_a_warning(tmp_path):
    [f] = run_bad_example("ERR002", "the other side of the lazy local generator", tmp_path)
    assert (f.severity, f.line, f.message) == (
        "warning",
        20,
        '`f"...{e}"` from `except Exception` is sent to the client in '
        "`HTTPException(detail=...)`: it can leak SQL, hosts, paths or credentials",
    )


def test_a_generator_run_inside_the_try_or_decorated_keeps_the_warning(tmp_path):
    # traps: the ``try`` drains the generator itself (its body runs there), or a decorator
    # may run or wrap it
    drained = _variant(
        _LAZY,
        tmp_path / "drained",
        "app/main.py",
        ("StreamingResponse(events(),", "StreamingResponse(iter(list(events())),"),
    )
    assert [line for line, _ in drained] == [22]
    decorated = _variant(
        _LAZY,
        tmp_path / "decorated",
        "app/main.py",
        ("        async def events():", "        @traced\n        async def events():"),
    )
    assert [line for line, _ in decorated] == [23]
