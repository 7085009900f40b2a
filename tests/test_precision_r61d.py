"""Round 61 (H67's false rows), helper D: fixtures nothing requests or that their users
await (TST003)."""

from __future__ import annotations

import ast

from checks.tst003_async_fixture_decorator import _uses_in_module

FIXTURE = "import pytest\n@pytest.fixture\nasync def session() -> str:\n    return 's'\n"


def _uses(source: str) -> str:
    tree = ast.parse(FIXTURE + source)
    fixture = next(n for n in tree.body if isinstance(n, ast.AsyncFunctionDef))
    return _uses_in_module(tree, fixture, "session")


def test_a_fixture_no_test_requests_is_unused():
    # vettavista-backend tests/test_application_service.py:80: no test names it
    assert _uses("async def test_a() -> None:\n    pass\n") == "none"


def test_a_fixture_every_user_awaits_works_as_written():
    # vettavista-backend tests/test_editor_manager.py:59: `sid, ws = await setup_session`
    assert _uses("async def test_a(session):\n    s = await session\n") == "awaited"


def test_other_uses_of_the_name_keep_the_finding():
    assert _uses("async def test_a(session):\n    assert session\n") == ""
    assert _uses("async def test_a(session):\n    await session\n    print(session)\n") == ""
    assert _uses("@pytest.mark.usefixtures('session')\ndef test_a() -> None:\n    pass\n") == ""
    assert _uses("def test_a(request):\n    request.getfixturevalue('session')\n") == ""
    assert _uses("other = session\n") == ""


def test_an_async_generator_fixture_cannot_be_awaited():
    tree = ast.parse(
        "import pytest\n@pytest.fixture\nasync def session():\n    yield 's'\n"
        "async def test_a(session):\n    await session\n"
    )
    fixture = next(n for n in tree.body if isinstance(n, ast.AsyncFunctionDef))
    assert _uses_in_module(tree, fixture, "session") == ""
