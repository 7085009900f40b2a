"""The lowering of libcst's tree to the running interpreter's ``ast`` (auditor/lowering.py).

What the stdlib parses, the lowering must rebuild exactly: same nodes, same values, same
positions (1-based lines, UTF-8 byte columns, CPython's spans).  Newer syntax is compared
with trees recorded from CPython 3.13 (PEP 695 / 696 / 701, tests/newer_syntax.py) and, for
PEP 758 and PEP 750 (3.14), field by field.  tests/test_property.py runs the same comparison
on generated modules.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import signal
import sys
import threading
import warnings

import pytest

from auditor import lowering
from auditor.lowering import Interpolation, LoweringError, TemplateStr, TypeAlias, lower
from auditor.source import SourceProblem, parse
from tests.ast_compare import difference, dump
from tests.newer_syntax import EXPECTED, RECORDED


def stdlib(source: str) -> ast.Module:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tree = ast.parse(source)
    if sys.version_info[:2] == (3, 12):  # pragma: no cover - a 3.12 quirk, fixed in 3.13
        # 3.12 ends some format specs with an empty constant (``f"{x:{y}}"``)
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                node.values = [
                    v for v in node.values if not (isinstance(v, ast.Constant) and v.value == "")
                ]
    return tree


def same_as_stdlib(source: str) -> None:
    found = difference(lower(source), stdlib(source))
    assert found is None, found


#: Every node kind of the 3.11 grammar, with the spans CPython has opinions about.
CORPUS = {
    "assignments": "a = b = 1\nx: int = 2\ny.z: int\nz += 3\na.b, c[0] = *d, e = f\n",
    "semicolons": "x = 1; y = 2;\nif x: pass; y = 3;\nwhile x:\n    x = 0;\n",
    "deletes": "del a, b\ndel (a, b)\ndel a[0], a.b\n",
    "imports": "import a.b as c, d\nfrom . import x\nfrom ...p.q import (r as s, t,)\nfrom m import *\n",
    "scopes": "def f():\n    global g\n    nonlocal_ = 1\n    def h():\n        nonlocal nonlocal_\n",
    "raise and assert": "raise\nraise E from None\nassert x, 'msg'\n",
    "functions": (
        "@a.b(c)\n@d\nasync def f(p, /, q: int = 1, *args: str, r, s=2, **kw: dict) -> None:\n"
        "    '''doc'''\n    return await g()\n\n"
        "def g(*, k): yield; yield x; yield from y\n"
        "def h(a, b=1, /, c=2, *d, e, f=3, **g): pass\n"
    ),
    "classes": "@dec\nclass C(A, *bases, metaclass=M, **kw):\n    x: int\n    def m(self): ...\n",
    "control flow": (
        "if a:\n    pass\nelif b:\n    pass\nelse:\n    pass\n"
        "for i, j in x:\n    break\nelse:\n    continue\n"
        "async def f():\n    async for a in b: pass\n    async with c as d, e: pass\n"
        "while True:\n    pass\nelse:\n    pass\n"
    ),
    "with": "with a as (b, c), d: pass\nwith (a as b, c): pass\nwith (a, b): pass\nwith (yield): pass\n",
    "try": (
        "try:\n    pass\nexcept (A, B) as e:\n    pass\nexcept C:\n    pass\nelse:\n    pass\n"
        "finally:\n    pass\n"
        "try:\n    pass\nexcept* A:\n    pass\nexcept* (B, C) as g:\n    pass\n"
    ),
    "match": (
        "match command.split():\n"
        "    case [action]:\n        pass\n"
        "    case [action, obj, *rest] if obj:\n        pass\n"
        "    case Point(x=0, y=0) | Point(1, 2, z=3):\n        pass\n"
        "    case {'a': 1, 'b': [1, 2], **rest}:\n        pass\n"
        "    case (1 | 2) as n:\n        pass\n"
        "    case -1 | 1+2j | 'x' 'y' | b'z' | None | True | Color.RED:\n        pass\n"
        "    case [*_, (a, b), [c, *d,]]:\n        pass\n"
        "    case a, *_:\n        pass\n"
        "    case _:\n        pass\n"
        "match x, y:\n    case ():\n        pass\n"
    ),
    "expressions": (
        "x = a if b else c\n"
        "x = lambda a, *b, c=1, **d: (a, b)\n"
        "x = (y := 1) and not z or w and v\n"
        "x = (a and b) and c\n"
        "x = a < b <= c is not d not in e\n"
        "x = -a ** ~b // c @ d % e << f >> g & h | i ^ j\n"
        "x = await_ = [1, *a], {1, *b}, {**c, 'k': v}, (), (1,), ((1, 2))\n"
        "x = [i for i in a if i if not i for j in i], {i for i in a}, {k: v for k, v in a}\n"
        "x = (i async for i in a)\n"
        "f(x for x in y)\n"
        "f((x for x in y))\n"
        "f(a, *b, c=1, **d)\n"
        "(f)(x for x in y)\n"
        "a.b.c\n(a).b\na[1]\na[1:2, ::3, :]\na[1,]\na[*b]\na[b, *c]\na[(1, 2)]\n"
        "x = 1, 2,\n"
        "print(*args, sep='')\n"
    ),
    "literals": (
        "x = 1, 0x1F, 0o7, 0b1, 1_000, 00, 1.5, 1e5, .5, 1_0.5e-3, 1j, 2.5J, ..., None, True\n"
        "y = 'a' 'b', u'c' 'd', b'e' b'f', r'\\d', '\\N{EM DASH}\\x41\\u00e9\\t'\n"
        "z = '''multi\nline''', \"\"\"with\\\ncontinuation\"\"\"\n"
    ),
    "f-strings": (
        "x = f'a{b!r:>{w}}c' 'd' f'{e=}'\n"
        "x = f'{x:}', f'{ x = !s:>3}', f'{x=:}', f'', 'a' f'', f'{x}' '' f'a'\n"
        "x = f'{a,}', f'{ a, b }', f'{x:{a,}}', f'{{}}{{{x}}}', rf'\\d{x}\\n', f'\\N{EM DASH}{x}'\n"
        "x = (f'a{x:>3}b'\n     f'{y:<{z}}c')\n"
        "x = f'{f\"{x}\"}'\n"
    ),
    "non-ASCII": "é = 'ü' + f'ß{ä}'  # ü\nx = ['ééé', ééé.a(b)]\nﬁ = 1\n",
    "line continuations": "x = 1 + \\\n    2\nif a and \\\n   b:\n    pass\n",
    "comments and blank lines": "# c\n\nx = (  # c\n    1  # d\n)\n\n\n# end\n",
    "tabs": "if x:\n\ty = 1\n\tif y:\n\t\tz = 'a\\tb'\n",
    "crlf": "x = 1\r\nif x:\r\n    y = '''a\r\nb'''\r\n",
    "decorators and defaults": "@property\ndef f(a=lambda: 0, *, b=[i for i in c]): pass\n",
    "soft keywords": "match = 1\ncase = match\ntype = case\nprint(match, case, type)\n",
    "empty": "",
    "docstring only": '"""doc"""\n',
}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_lowered_trees_are_the_stdlib_trees(name):
    same_as_stdlib(CORPUS[name])


@pytest.mark.parametrize("module", ["ast", "argparse", "dataclasses", "asyncio.tasks", "string"])
def test_standard_library_modules(module):
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None
    with open(spec.origin, encoding="utf-8") as f:
        same_as_stdlib(f.read())


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_newer_syntax_is_the_tree_cpython_313_builds(name, monkeypatch):
    source = RECORDED[name]
    # the recording is 3.13's: f-string parts carry their own spans there (3.12+)
    monkeypatch.setattr(lowering, "_PART_SPANS", True)
    expected = json.loads(EXPECTED.read_text())[name]
    if sys.version_info[:2] == (3, 12):  # pragma: no cover - no PEP 696 fields on 3.12
        if name in ("alias with defaults", "generic coroutine"):
            pytest.skip("PEP 696 defaults have no field in 3.12's ast")
        expected = json.loads(json.dumps(expected).replace(', "default_value": null', ""))
    assert json.loads(json.dumps(dump(lower(source)))) == expected
    if sys.version_info >= (3, 12):  # pragma: no cover - where the interpreter parses it
        found = difference(lower(source), stdlib(source))
        assert found is None, found


def test_the_recorded_trees_are_those_of_the_snippets():
    assert set(json.loads(EXPECTED.read_text())) == set(RECORDED)


def test_type_alias_nodes():
    tree = lower("type Page[T] = list[T]\n")
    alias = tree.body[0]
    assert isinstance(alias, TypeAlias)
    assert (alias.name.id, type(alias.name.ctx)) == ("Page", ast.Store)
    assert [type(p).__name__ for p in alias.type_params] == ["TypeVar"]
    assert ast.unparse(alias.value) == "list[T]"


def test_except_with_several_types_is_a_tuple():  # PEP 758 (3.14)
    source = "try:\n    pass\nexcept ValueError, KeyError:\n    pass\n"
    twin = "try:\n    pass\nexcept (ValueError, KeyError):\n    pass\n"
    handler = lower(source).body[0].handlers[0]
    expected = ast.parse(twin).body[0].handlers[0]
    # the same tree, but the tuple has no parentheses: it spans its elements
    assert ast.dump(handler) == ast.dump(expected)
    assert (handler.type.lineno, handler.type.col_offset, handler.type.end_col_offset) == (3, 7, 27)
    assert (handler.lineno, handler.col_offset, handler.end_lineno) == (3, 0, 4)
    star = lower("try:\n    pass\nexcept* A, B:\n    pass\n").body[0]
    assert [e.id for e in star.handlers[0].type.elts] == ["A", "B"]


def test_t_strings_are_templates_not_f_strings():  # PEP 750 (3.14)
    # (libcst 1.9 cannot concatenate t-strings, ``t"a" t"b"``: such a file is not audited)
    tree = lower('q = t"SELECT * FROM t WHERE a = {a!r:>{w}} AND b = {b=}!"\n')
    template = tree.body[0].value
    assert isinstance(template, TemplateStr) and not isinstance(template, ast.JoinedStr)
    assert (template.col_offset, template.end_col_offset) == (4, 57)
    constant, first, middle, second, last = template.values
    assert constant.value == "SELECT * FROM t WHERE a = "
    assert isinstance(first, Interpolation)
    assert (first.value.id, first.str, first.conversion) == ("a", "a", ord("r"))
    assert isinstance(first.format_spec, ast.JoinedStr)
    assert middle.value == " AND b = b="  # the debug text, merged with the text before it
    assert (second.value.id, second.conversion, second.format_spec) == ("b", ord("r"), None)
    assert last.value == "!"
    # positions inside: the interpolated name sits where it is written
    assert (first.value.lineno, first.value.col_offset) == (1, 33)
    with pytest.raises(SyntaxError):
        lower('x = t"a" "b"\n')


@pytest.mark.parametrize(
    "source",
    [
        'print "hello"\n',
        "def f(:\n    pass\n",
        "x = 0777\n",
        "x = b'a' 'b'\n",
        "x = '\\x4'\n",
        "exec 'code'\n",
        "x = `1`\n",
    ],
)
def test_what_python_rejects_is_a_syntax_error(source):
    with pytest.raises(SyntaxError):
        lower(source)


def test_an_invalid_literal_is_located():
    with pytest.raises(LoweringError) as caught:
        lower("type X = int\n\nx = '\\x4'\n")
    assert caught.value.lineno == 3


# -- auditor.source: the fallback, isolated -------------------------------------------------------


def test_newer_syntax_parses_through_the_helper_process():
    tree = parse(b"type DB = int\n", "app/db.py")
    assert isinstance(tree.body[0], TypeAlias)


def test_broken_files_are_still_syntax_errors():
    with pytest.raises(SourceProblem, match=r"syntax error at line 1: Missing parentheses"):
        parse(b'print "hello"\n', "app/py2.py")
    with pytest.raises(SourceProblem, match=r"syntax error at line 3"):
        parse(b"type X = int\n\nx = '\\x4'\n", "app/escape.py")


def test_a_helper_that_dies_or_hangs_is_replaced(monkeypatch):
    from auditor import source

    lowering_ = source._LOWERING  # (called directly: on 3.12+ ``type`` parses natively)
    lowering_.lower("type A = int\n")
    helper = lowering_.helper
    assert helper is not None
    helper.process.kill()  # as a native stack overflow would
    helper.process.wait()
    tree = lowering_.lower("type B = int\n")  # a new helper
    assert lowering_.helper is not helper
    assert isinstance(tree.body[0], TypeAlias)

    # hostile nesting: no answer within the budget, the file is skipped, the next one parses
    budget = source._SECONDS
    monkeypatch.setattr(source, "_SECONDS", 1.0)
    monkeypatch.setattr(source, "_SECONDS_PER_MB", 0.0)
    hostile = "type X = int\nx = " + "+".join(["1"] * 60_000) + "\n"
    with pytest.raises(source._GaveUp, match="no result"):
        lowering_.lower(hostile)
    if sys.version_info < (3, 12):  # through parse(): reported, not raised
        with pytest.raises(SourceProblem, match="gave up"):
            parse(hostile.encode(), "app/hostile.py")
    # the next file gets the usual budget: a fresh helper's start-up alone can take a second
    # on a loaded machine, which is not what this test is about
    monkeypatch.setattr(source, "_SECONDS", budget)
    assert isinstance(lowering_.lower("type C = int\n").body[0], TypeAlias)


@pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="POSIX signals and RLIMIT_CPU")
def test_the_budget_is_cpu_time_so_a_starved_helper_still_answers(monkeypatch):
    """A helper that gets no CPU for longer than its budget (a loaded machine: other audits,
    a test suite) still answers: whether a file is audited must not depend on the load. Held
    to its CPU time, a helper that really spends the budget is stopped."""
    from auditor import source

    lowering_ = source._LOWERING
    lowering_.lower("type A = int\n")  # started, libcst imported
    helper = lowering_.helper
    assert helper is not None
    monkeypatch.setattr(source, "_SECONDS", 1.0)
    monkeypatch.setattr(source, "_SECONDS_PER_MB", 0.0)
    os.kill(helper.process.pid, signal.SIGSTOP)  # no CPU at all for 2.5 s of wall-clock time
    resume = threading.Timer(2.5, os.kill, (helper.process.pid, signal.SIGCONT))
    resume.start()
    try:
        tree = lowering_.lower("type B = int\n")
    finally:
        resume.join()
    assert isinstance(tree.body[0], TypeAlias)
    assert lowering_.helper is helper  # answered, not given up on and replaced

    hostile = "type X = int\nx = " + "+".join(["1"] * 60_000) + "\n"
    with pytest.raises(source._GaveUp, match=r"no result in 1 s of CPU time"):
        lowering_.lower(hostile)
