"""Round 37 (H43), helper r37a: SEC003's decode of a token not traced to a request is reported
only when a caller is seen handing it one, pinned by the text the check produces."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_sec003_an_untraced_token_is_reported_only_when_a_caller_hands_it_a_request(tmp_path):
    # ccproxy-api oauth_codex/client.py:131 (the token endpoint's answer), provider.py:436,
    # :505 (stored credentials), socrates-core-api auth/jwt_handler.py:199 (no caller): no
    # request is seen handing these helpers the token, so they are not reported
    assert _run("SEC003", "a helper handed the identity provider's answer", tmp_path, "good") == []
    assert _run("SEC003", "a library's public helper that decodes", tmp_path, "good") == []
    found = {
        f.line: (f.message, f.severity, f.confidence)
        for f in _run("SEC003", "a helper one caller hands the request's header", tmp_path)
    }
    message = (
        "`jwt.decode()` with `verify_signature: False` does not check the token's signature "
        "(`app.main.setup` hands it a token from the request)"
    )
    assert found == {11: (message, "warning", "medium"), 23: (message, "warning", "medium")}


def test_dep003_a_contextmanager_function_returning_the_generator_is_not_reported(tmp_path):
    # workplanner database.py:41: `@contextmanager def open_session(): return get_db()`: the
    # decorator drives get_db's generator, its `finally` runs
    assert _run("DEP003", "a `@contextmanager` function that returns", tmp_path, "good") == []
    [found] = _run("DEP003", "the other side of the `@contextmanager` trap", tmp_path)
    assert (found.line, found.message) == (
        24,
        "yield dependency `get_db()` is called directly in `open_session`: it is left "
        "suspended at its `yield`, so its cleanup waits until the abandoned generator is "
        "collected, after the request, and `dependency_overrides` cannot replace it",
    )


def test_tst004_a_name_a_fixture_def_rebinds_is_not_the_imported_app(tmp_path):
    # tccm-api tests/conftest.py:25: `TestClient(app)` in a fixture, with `def app(): yield
    # app` below rebinding the imported name
    assert _run("TST004", "a fixture `def app()` rebinds", tmp_path, "good") == []
    [found] = _run("TST004", "the other side of the fixture-rebinding trap", tmp_path)
    assert (found.line, found.message) == (
        6,
        "`TestClient(app)` outside a `with` block never runs the app's startup (a lifespan on "
        "`app.main.app`): use `with TestClient(app) as client:`",
    )
