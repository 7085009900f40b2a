"""Round 60 C: images only a development profile builds (H64 ctao-qualpipe-webapp's
mock_bff, PRD003/PRD004), docs a server's start-up line advertises (H64 inalign-mcp and
pixeltable, RTE002), routes behind a ``--test`` flag's parameter (H64 pixeltable, RTE004)
and a login keeping a lockout (H65 okto-nexus, SEC007)."""

from __future__ import annotations

import ast
from pathlib import Path

from auditor.recognisers import _off_test_mode_parameter
from checks.rte002_docs_exposed_in_production import _announces_docs
from checks.sec007_no_rate_limiting import _lockout_shaped
from tests.test_scope import model

DOCKERFILE = 'FROM python:3.12-slim\nCMD ["uvicorn", "stub.main:app", "--reload"]\n'
STUB = "services:\n  stub:\n    build:\n      context: .\n      dockerfile: stub/Dockerfile\n"


def _dev_only(tmp_path: Path, compose: dict[str, str]) -> frozenset[str]:
    files = {"stub/Dockerfile": DOCKERFILE, "app/__init__.py": "", **compose}
    return model(tmp_path, files).dev_only_dockerfiles


def test_an_image_built_only_under_dev_profiles_is_dev_only(tmp_path: Path) -> None:
    compose = STUB + '    profiles: ["dev", "local-debug"]\n'
    assert _dev_only(tmp_path, {"compose.yaml": compose}) == {"stub/Dockerfile"}


def test_an_image_built_only_by_a_dev_compose_file_is_dev_only(tmp_path: Path) -> None:
    assert _dev_only(tmp_path, {"docker-compose.dev.yml": STUB}) == {"stub/Dockerfile"}


def test_an_image_also_built_for_every_profile_is_not_dev_only(tmp_path: Path) -> None:
    dev = STUB + "    profiles: [dev]\n"
    assert not _dev_only(tmp_path, {"compose.yaml": dev, "compose.prod.yaml": STUB})


def test_a_production_profile_or_no_compose_file_proves_nothing(tmp_path: Path) -> None:
    assert not _dev_only(tmp_path / "a", {"compose.yaml": STUB + "    profiles: [prod, dev]\n"})
    assert not _dev_only(tmp_path / "b", {})


def _if_in(source: str) -> tuple[ast.expr, list[ast.AST]]:
    """The test of the first ``if`` in ``source`` and the defs enclosing it."""
    tree = ast.parse(source)
    chain: list[ast.AST] = [tree]
    node: ast.AST = tree
    while not isinstance(node, ast.If):
        node = next(
            n for n in ast.iter_child_nodes(node) if isinstance(n, (ast.FunctionDef, ast.If))
        )
        if not isinstance(node, ast.If):
            chain.append(node)
    return node.test, chain


def test_a_test_mode_parameter_off_by_default_is_a_test_switch() -> None:
    assert _off_test_mode_parameter(*_if_in("def f(test_mode=False):\n    if test_mode: pass\n"))
    assert _off_test_mode_parameter(*_if_in("def f(*, e2e=None):\n    if e2e: pass\n"))
    nested = "def f(testing=False):\n    def g():\n        if testing: pass\n"
    test, _chain = _if_in("def g():\n    if testing: pass\n")
    tree = ast.parse(nested)
    outer = tree.body[0]
    assert isinstance(outer, ast.FunctionDef)
    assert _off_test_mode_parameter(test, [tree, outer, outer.body[0]])


def test_other_parameters_are_no_test_switch() -> None:
    assert not _off_test_mode_parameter(*_if_in("def f(test_mode=True):\n    if test_mode: pass\n"))
    assert not _off_test_mode_parameter(*_if_in("def f(test_mode):\n    if test_mode: pass\n"))
    assert not _off_test_mode_parameter(*_if_in("def f(metrics=False):\n    if metrics: pass\n"))
    assert not _off_test_mode_parameter(*_if_in("def f():\n    if test_mode: pass\n"))


LOCKOUT = """\
def login(self, name, password):
    now = time.time()
{guard}    if password != self.secret:
        self.failures += 1
        if self.failures >= 5:
            self.until = now + 300
        return None
    return "token"
"""


def _def(source: str) -> ast.FunctionDef:
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.FunctionDef)
    return node


def test_a_counted_block_refused_while_it_lasts_is_a_lockout() -> None:
    assert _lockout_shaped(
        _def(LOCKOUT.format(guard="    if self.until > now:\n        return None\n"))
    )
    clock = "    if time.monotonic() < self.until:\n        raise Locked()\n"
    assert _lockout_shaped(_def(LOCKOUT.format(guard=clock)))


def test_counting_without_refusing_is_no_lockout() -> None:
    assert not _lockout_shaped(_def(LOCKOUT.format(guard="")))
    # a refusal on the clock, but no failure counted: an expiry check, not a lockout
    expiry = "def f(self, now):\n    now = time.time()\n    if self.expires < now:\n        return None\n"
    assert not _lockout_shaped(_def(expiry))


def _call(source: str) -> ast.Call:
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
    return node.value


def test_a_start_up_line_telling_the_local_docs_announces_them() -> None:
    assert _announces_docs(_call('print(f"API docs at {url}/docs")'))
    assert _announces_docs(_call('log.info("Docs: http://{host}:{port}/docs")'))
    assert _announces_docs(_call('click.echo(f"  OpenAPI: {base}/openapi.json")'))


def test_another_sites_docs_or_a_bare_path_announce_nothing() -> None:
    assert not _announces_docs(_call('print("see https://example.org/docs for help")'))
    assert not _announces_docs(_call('print("/docs")'))
    assert not _announces_docs(_call('routes.append("the /docs page")'))
