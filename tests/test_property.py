"""Property test: the whole pipeline on generated Python modules (issue 6).

hypothesmith generates valid Python source; some examples are spliced with the Python
sources of the checks' own bad/good examples so the checks (and their fixes) have
something FastAPI-shaped to fire on.  For every module:

* ``analyze_module`` (every check's hooks, the module facts) never raises and no hook crashes;
* a full ``audit`` with every check (the project model, every ``judge`` / ``check_project``)
  never raises and leaves no check ``errored``;
* every finding's line is inside its file;
* every fix diff applies cleanly to the file (a strict applier, ``tests/patching.py``) and
  the result parses.

The CI budget is small and deterministic (the ``ci`` profile: 100 derandomised examples, a
few seconds).  A longer, randomised run (2,000 examples, about two minutes)::

    HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/test_property.py -q
"""

from __future__ import annotations

import ast
import os
import re
import sys
import tempfile
import warnings
from pathlib import Path

import hypothesmith
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from auditor.engine import Options, analyze_module, audit
from auditor.source import decode
from checks import all_checks
from tests.patching import apply_diff

settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
settings.register_profile(
    "long",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
# the engine raises the limit on its first audit; raised before hypothesis starts, it is not
# "changed during the test" (a HypothesisWarning)
sys.setrecursionlimit(max(sys.getrecursionlimit(), 6000))

#: Where the generated module is put: one path per F1 file class.
PATHS = (
    "app/main.py",
    "app/routers/items.py",
    "tests/test_api.py",
    "alembic/versions/0001_init.py",
    "alembic/env.py",
)


def _example_sources(kind: str) -> list[tuple[str, str]]:
    """(path, source) of every Python file of the checks' ``kind`` ("bad"/"good") examples."""
    out: set[tuple[str, str]] = set()
    for check in all_checks():
        for example in getattr(check, kind):
            for path, text in example.files.items():
                if path.endswith(".py") and text.strip():
                    out.add((path, text))
    return sorted(out)


BAD = _example_sources("bad")
GOOD = _example_sources("good")


def _valid(source: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(source, "<generated>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


#: Built once: building hypothesmith's strategies compiles its grammar (seconds each time).
GRAMMAR = hypothesmith.from_grammar()
NODE = hypothesmith.from_node()
SNIPPET = hypothesmith.from_grammar(auto_target=False)


@st.composite
def spliced(draw, kind: str) -> tuple[str, str]:
    """A check's example, at its own path, with generated code after it (appending keeps it
    valid, except for a generated ``from __future__``: such a draw is rejected)."""
    examples = (
        BAD if kind == "bad" else GOOD
    )  # by name, not by value: hypothesis reprs the arguments
    path, example = examples[draw(st.sampled_from(range(len(examples))))]
    source = example.rstrip("\n") + "\n\n" + draw(SNIPPET)
    assume(_valid(source))
    return path, source


def modules() -> st.SearchStrategy[tuple[str, str]]:
    """(path, source): generated code at a path of any file class, or a spliced example."""
    generated = st.tuples(st.sampled_from(PATHS), st.one_of(GRAMMAR, NODE))
    return st.one_of(generated, spliced("bad"), spliced("bad"), spliced("good"))


def test_the_applier_is_strict():
    from auditor.fixes import unified_diff

    before = "import time\n\x0c\nasync def f():\n    time.sleep(1)"
    after = "import asyncio\nimport time\n\x0c\nasync def f():\n    await asyncio.sleep(1)"
    diff = unified_diff("app/x.py", before, after)
    assert "\\ No newline at end of file" in diff
    assert apply_diff(before, diff, "app/x.py") == after
    with pytest.raises(AssertionError):
        apply_diff(before.replace("time.sleep(1)", "time.sleep(2)"), diff, "app/x.py")


def _python_lines(text: str) -> int:
    """Lines as Python counts them (``\\n``, ``\\r\\n`` or ``\\r`` end a line; a form feed does not)."""
    ends = len(re.findall(r"\r\n|\r|\n", text))
    return ends + (0 if not text or text.endswith(("\n", "\r")) else 1)


# -- the property -----------------------------------------------------------------------------

ALL_IDS = sorted(c.id for c in all_checks())


@pytest.mark.filterwarnings(
    "ignore::SyntaxWarning"
)  # generated code like `1()` compiles, with a warning
@settings(settings.get_profile(PROFILE))
@given(module=modules())
def test_the_pipeline_survives_generated_modules(module: tuple[str, str]):
    path, source = module
    try:
        data = source.encode("utf-8")
    except UnicodeEncodeError:
        assume(False)
        return
    from auditor.repository import alembic_layout, classify, open_repository

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
        file_class = classify(path, alembic_layout(open_repository(root)))

        # the per-module pass
        facts = analyze_module(path, data, file_class, frozenset({"app", "tests", "alembic"}))
        assert facts.check_errors == {}, facts.check_errors
        text = decode(data)
        n_lines = max(_python_lines(text), 1)
        for hit in facts.hits:
            assert hit.line is None or 1 <= hit.line <= n_lines, (hit.check_id, hit.line, n_lines)

        # the whole audit: project model, judge, check_project, fixes
        report = audit(
            root, Options(select=["ALL"], use_cache=False, jobs=1, use_config=False)
        ).report
        errored = {c.id: c.reason for c in report.checks if c.status == "errored"}
        assert not errored, errored
        assert {c.id for c in report.checks} >= set(ALL_IDS)
        for f in report.findings:
            if f.path == path and f.line is not None:
                assert 1 <= f.line <= n_lines, (f.check_id, f.line, n_lines)
            if f.fix is None or not f.fix.diff:
                continue
            assert f.path is not None
            original = decode((root / f.path).read_bytes())
            fixed = apply_diff(original, f.fix.diff, f.path)
            if f.path.endswith(".py"):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    ast.parse(fixed)  # the fixed file parses


# -- the lowering (auditor/lowering.py) on generated code ---------------------------------------
#
# The libcst path, forced on generated 3.11 code, must rebuild the tree ``ast.parse`` builds,
# positions included; and generated code spliced into newer syntax (a generic function or
# class body, a ``type`` alias's value) must lower to the tree of the same code in 3.11
# syntax.  Code that libcst itself does not parse (a few valid forms, e.g. ``(x): int``) is
# not the lowering's to judge and is skipped.

EXPRESSION = hypothesmith.from_grammar("eval_input", auto_target=False)
#: Fewer examples in CI (generating code is the slow part); all of the long profile's.
LOWERING = settings(settings.get_profile(PROFILE), max_examples=60 if PROFILE == "ci" else 2000)


def _lowered(source: str) -> ast.Module:
    from auditor.lowering import LoweringError, lower

    try:
        return lower(source)
    except LoweringError:
        raise
    except SyntaxError:
        assume(False)  # libcst's grammar, not the lowering
        raise


def _stdlib(source: str) -> ast.Module:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(source)


def _forget_multiline_fstring_insides(tree: ast.AST) -> None:
    """Before 3.12, CPython places the nodes inside a multi-line f-string wrongly (it
    searches for the expression's text in the string): those positions are not compared."""
    if sys.version_info >= (3, 12):  # pragma: no cover
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and node.lineno != node.end_lineno:
            for inner in ast.walk(node):
                if inner is not node:
                    for name in inner._attributes:
                        setattr(inner, name, None)


def _same(got: ast.AST, expected: ast.AST) -> None:
    from tests.ast_compare import difference

    _forget_multiline_fstring_insides(got)
    _forget_multiline_fstring_insides(expected)
    found = difference(got, expected)
    assert found is None, found


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@LOWERING
@given(source=st.one_of(GRAMMAR, NODE))
def test_the_lowering_rebuilds_the_stdlib_tree(source: str):
    assume(_valid(source))
    _same(_lowered(source), _stdlib(source))


def _same_list(got: list[ast.stmt], expected: list[ast.stmt]) -> None:
    _same(ast.Module(body=got, type_ignores=[]), ast.Module(body=expected, type_ignores=[]))


def _indented(body: str) -> str:
    return "".join("    " + line if line.strip() else line for line in body.splitlines(True))


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@LOWERING
@given(
    body=SNIPPET,
    expression=EXPRESSION,
    header=st.sampled_from(
        [
            ("def f[T, *Ts, **P](x: T) -> T:\n", "def f(x: T) -> T:\n"),
            ("async def f[T: int = bool]():\n", "async def f():\n"),
            ("class C[T](Base, metaclass=M):\n", "class C(Base, metaclass=M):\n"),
        ]
    ),
)
def test_generated_code_inside_newer_syntax(body: str, expression: str, header):
    new_header, old_header = header
    old = old_header + _indented(body)
    assume(_valid(old) and "\\\n" not in body)
    # the body, below the header, is where it would be in 3.11 syntax
    _same_list(_lowered(new_header + _indented(body)).body[0].body, _stdlib(old).body[0].body)

    # ``type X = (<expression on its own lines>)`` is ``X = (...)``
    value = expression.strip()
    old = f"X = (\n{value}\n)\n"
    assume(_valid(old))
    alias = _lowered(f"type X = (\n{value}\n)\n").body[0]
    _same(alias.value, _stdlib(old).body[0].value)
