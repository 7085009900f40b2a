"""Round 52 helper C (H53-H55 false rows): value evidence over names in SET005, LOG001 and
SEC004."""

from __future__ import annotations

import ast

from auditor.facts import BinOp, Call, Lit
from checks.log001_sensitive_data_logged import _env_name_template
from checks.sec004_insecure_cookie_flags import _route_slots
from checks.set005_env_read_outside_settings import _joined_folders, _presence_skips


def _fstring(source: str) -> ast.JoinedStr:
    node = ast.parse(source, mode="eval").body
    assert isinstance(node, ast.JoinedStr)
    return node


def test_log001_an_f_string_spelling_a_variable_name_is_a_name():
    # zmp-manual-backend manual_router.py:914: the name the webhook secret is looked up under
    assert _env_name_template(_fstring('f"HOOK_{kind.value.upper()}_SECRET"'))
    assert _env_name_template(_fstring('f"{prefix}_API_KEY"'))


def test_log001_an_f_string_with_a_secret_hole_or_free_text_is_not():
    assert not _env_name_template(_fstring('f"KEY_{api_key}"'))  # the hole holds the secret
    assert not _env_name_template(_fstring('f"Bearer {value}"'))  # text, not a name
    assert not _env_name_template(_fstring('f"{a}_{b}"'))  # no literal word at all


def test_sec004_route_slots_are_read_from_a_route_decorator_only():
    def slots(source: str) -> set[str]:
        return _route_slots(ast.parse(source, mode="eval").body)

    assert slots('router.put("/api/profiles/{name}")') == {"name"}
    assert slots('app.get(path="/files/{file_path:path}")') == {"file_path"}
    assert slots('cache("/x/{name}")') == set()  # not a route decorator
    assert slots("router.get(PATH)") == set()  # a path the module pass cannot read


def test_set005_presence_tests_that_only_skip_are_told_from_those_that_raise():
    fn = ast.parse(
        "def f():\n"
        "    key = getenv('X')\n"
        "    if not key:\n"
        "        return None\n"
        "    if key is None:\n"
        "        raise ValueError('set X')\n"
        "    return Client(api_key=key)\n"
    )
    skips = _presence_skips(fn, "key")
    tests = [n.test for n in ast.walk(fn) if isinstance(n, ast.If)]
    first = tests[0].operand if isinstance(tests[0], ast.UnaryOp) else tests[0]
    assert skips == {id(first)}  # the raising test is the application's requirement


def test_set005_the_configuration_folder_is_joined_with_a_configuration_file():
    home = Call("app.paths.home", "home", (), (), False, 3)
    assert _joined_folders(BinOp("/", home, Lit("config.toml"))) == {"app.paths.home"}
    joined = Call("os.path.join", "os.path.join", (home, Lit("settings.yaml")), (), False, 4)
    assert _joined_folders(joined) == {"app.paths.home"}
    assert _joined_folders(BinOp("/", home, Lit("cache.db"))) == set()
