"""Text pre-tests that let a hook skip a walk must accept every text the walk would act on."""

from __future__ import annotations

import ast

import pytest

from checks.dbs005_create_all_with_migrations import _STAMP_ATTRIBUTE

STAMPS = [
    "command.stamp(cfg, 'head')\n",
    "command . stamp(cfg, 'head')\n",
    "command.\\\n    stamp(cfg, 'head')\n",
    "(command.  # the head\n    # again\n    stamp)(cfg, 'head')\n",
    "(command\n  .\n\n  stamp)\n",
    "x = alembic.command.stamp\n",
    "f(a.b.stamp, stamp=1)\n",
]
NOT_STAMPS = [
    "x.timestamp()\n",
    "x.stamp_head()\n",
    "stamp(cfg)\n",
    "s = 'x.stamps'\n",
    "# x.stampede\n",
]


def _has_stamp_attribute(source: str) -> bool:
    return any(
        isinstance(n, ast.Attribute) and n.attr == "stamp" for n in ast.walk(ast.parse(source))
    )


@pytest.mark.parametrize("source", STAMPS)
def test_dbs005_pretest_accepts_every_spelling_of_a_stamp_attribute(source):
    assert _has_stamp_attribute(source)
    assert _STAMP_ATTRIBUTE.search(source.encode())


@pytest.mark.parametrize("source", NOT_STAMPS)
def test_dbs005_pretest_skips_texts_without_one(source):
    assert not _has_stamp_attribute(source)
    assert not _STAMP_ATTRIBUTE.search(source.encode())


def test_dbs005_pretest_on_every_example():
    """Wherever an example's syntax holds a ``.stamp`` attribute, the text test says so."""
    from checks import all_checks

    seen = 0
    for cls in all_checks():
        for example in (*cls.bad, *cls.good):
            for path, text in example.files.items():
                if not path.endswith(".py"):
                    continue
                try:
                    found = _has_stamp_attribute(text)
                except SyntaxError:
                    continue
                if found:
                    seen += 1
                    assert _STAMP_ATTRIBUTE.search(text.encode()), (cls.id, path)
    assert seen  # DBS005's own examples stamp the database


def _example_texts() -> list[str]:
    from checks import all_checks

    return [
        text
        for cls in all_checks()
        for example in (*cls.bad, *cls.good)
        for path, text in example.files.items()
        if path.endswith(".py")
    ]


DEF_TEXTS = [
    "def f():\n    pass\ndef f():\n    pass\n",
    "undef x.def y\n",  # a ``def`` after a word byte is no boundary; the next one is
    "def\\\n  g(a): pass\n",
    "x = 1;def h(): pass\n  async def  k (): pass\n",
    "_def z\n9def w\nédef v\n",
    "",
]


def test_dep004_def_names_are_the_word_boundary_patterns():
    """DEP004's search for ``def`` with the boundary tested by hand finds what the pattern
    that starts with ``\\b`` finds, in the same order."""
    import re

    from checks.dep004_sync_dependency_without_io import _def_names

    pattern = re.compile(rb"\bdef(?:\s|\\)+([^\s(\\]+)")
    texts = [*DEF_TEXTS, *_example_texts()]
    for text in texts:
        data = text.encode()
        assert list(_def_names(data)) == [m.group(1) for m in pattern.finditer(data)], text
    assert list(_def_names(b"undef x.def y\n")) == [b"y"]


def test_dbs005_stamp_word_searched_from_its_first_spelling():
    """The ``\\bstamp\\b`` test started at the first ``stamp`` of the text answers as the
    search of the whole text (the boundary sees the byte before the start)."""
    from checks.dbs005_create_all_with_migrations import _STAMP_WORD

    texts = ["timestamp\nstamp(x)\n", "timestamp()\n", "x.stamp\n", "stamps\n", "_stamp x\n"]
    for text in [*texts, *_example_texts()]:
        data = text.encode()
        first = data.find(b"stamp")
        fast = first >= 0 and _STAMP_WORD.search(data, first) is not None
        assert fast == (_STAMP_WORD.search(data) is not None), text


REBINDS = [
    "def f(q: str):\n    q = q.strip()\n    return q.lower()\n",
    "def f(q: str):\n    del q\n",
    "def f(q: str):\n    q += 'x'\n    (r := q)\n    for s in q: pass\n",
    "def f(q: str):\n    with open(q) as h: pass\n    [t for t in q]\n    a, *b = q\n",
    "def f(q: str):\n    def g():\n        nonlocal q\n        q = 1\n    lambda: q\n",
    "def f(q: str):\n    try: pass\n    except E as e: pass\n    import os\n    x.y = q\n    z[q] = 1\n",
    "def f(q: str):\n    match q:\n        case [a, b]: pass\n",
    "def f():\n    pass\n",
]


def test_dep004_rebound_names_answer_as_the_walk_per_name():
    """One walk collecting every assigned or deleted name answers ``_rebound`` for each name
    (the examples' functions and edge cases: nested scopes, ``del``, ``:=``, targets)."""
    from checks.dep004_sync_dependency_without_io import (
        _rebound,
        _rebound_in,
        _rebound_names,
        _State,
    )

    seen = 0
    for text in [*REBINDS, *_example_texts()]:
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | {"q", "nope"}
        st = _State()
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef):
                continue
            rebound = _rebound_names(fn)
            for name in sorted(names):
                seen += 1
                assert _rebound(fn, name) == (name in rebound) == _rebound_in(fn, name, st), (
                    text,
                    name,
                )
    assert seen


def test_rte005_request_params_memoized_per_function_not_per_name():
    """Two ``def``s of one name keep their own ``Request`` parameters in the memo."""
    from auditor.facts import Function, Name, Param
    from checks.rte005_path_param_not_consumed import _request_params, _request_params_of, _State

    def fn(*params: tuple[str, str | None]) -> Function:
        return Function(
            qname="app.m.h", name="h", module="app.m", line=1, column=0, end_line=2,
            is_async=False, is_generator=False, decorators=[], returns=None, class_qname=None,
            params=[
                Param(n, "arg", None if q is None else Name(q, q), None, 1, 0) for n, q in params
            ],
        )  # fmt: skip

    fns = [
        fn(("request", "fastapi.Request")),
        fn(("request", "builtins.int")),
        fn(("r", "fastapi.Request"), ("s", "starlette.websockets.WebSocket"), ("n", None)),
    ]
    st = _State()
    for _ in range(2):
        got = [sorted(_request_params_of(f, st)) for f in fns]
        assert got == [sorted(_request_params(f)) for f in fns]
        assert got == [["request"], [], ["r", "s"]]
    assert len(st.request_params) == 3


def _walked_context(source: str):
    from auditor import walker
    from auditor.facts import ModuleFacts
    from auditor.walker import ModuleContext

    data = source.encode()
    tree = ast.parse(data)
    facts = ModuleFacts(path="app/conf.py", module="app.conf", file_class="app", is_package=False)
    ctx = ModuleContext(facts, data, frozenset({"app"}))
    ctx.tree = tree
    walker.Walker(ctx, {}, {}).run(tree)
    return ctx, tree


def _env_module_walking_everything(ctx) -> bool:
    """SET005's ``_env_module`` as it was: the helpers and every constant walked first."""
    from checks.set005_env_read_outside_settings import _ENV_MODULE_MIN, _reads_env

    tree = ctx.tree
    helpers = {
        stmt.name
        for stmt in tree.body
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))
        and _reads_env(stmt, ctx, set())
    }
    assigned = from_env = 0
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign):
            targets, value = stmt.targets, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            targets, value = [stmt.target], stmt.value
        else:
            continue
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        if not names or names == ["__all__"]:
            continue
        assigned += 1
        if all(n.isupper() for n in names) and _reads_env(value, ctx, helpers):
            from_env += 1
    return from_env >= _ENV_MODULE_MIN and 2 * from_env >= assigned


def _constants(n: int, other: int, helper: bool = False) -> str:
    head = "import os\n"
    if helper:
        head += "def flag(k, d):\n    return os.getenv(k, d)\n"
    read = "flag('X', 1)" if helper else "os.getenv('X')"
    return (
        head
        + "".join(f"C{i} = {read}\n" for i in range(n))
        + "".join(f"v{i} = 1\n" for i in range(other))
    )


ENV_MODULES = [
    _constants(5, 0),
    _constants(4, 0),
    _constants(5, 5),
    _constants(5, 6),
    _constants(6, 6, helper=True),
    _constants(5, 0).replace("C3 = os.getenv('X')", "C3 = 3"),
    "import os\n"
    + "".join(f"A{i}: str = os.environ['A{i}']\n" for i in range(7))
    + "__all__ = []\n",
    "from os import environ as e\nX, Y = 1, 2\n"
    + "".join(f"B{i} = e.get('B')\n" for i in range(5)),
    "",
]


def test_set005_env_module_settles_on_the_count_of_constants_as_the_walks_do():
    """Counting the upper-case constants first (a module with too few cannot gather the
    environment) answers as walking every helper and constant."""
    from checks.set005_env_read_outside_settings import _env_module

    answers = set()
    for text in [*ENV_MODULES, *_example_texts()]:
        try:
            ctx, _tree = _walked_context(text)
        except SyntaxError:
            continue
        answer = _env_module(ctx)
        assert answer == _env_module_walking_everything(ctx), text
        answers.add(answer)
    assert answers == {True, False}


def test_set005_module_aliases_with_the_fast_walk():
    """``_module_aliases`` through ``astwalk.walk`` finds the names ``ast.walk`` finds."""
    from checks.set005_env_read_outside_settings import _module_aliases

    texts = ["import a.b, c as d\ndef f():\n    import e.f as g\n    import h\n", "x = 1\n"]
    for text in [*texts, *_example_texts()]:
        try:
            ctx, tree = _walked_context(text)
        except SyntaxError:
            continue
        expected = frozenset(
            alias.asname or alias.name.split(".", 1)[0]
            for n in ast.walk(tree)
            if isinstance(n, ast.Import)
            for alias in n.names
        )
        assert _module_aliases(ctx) == expected, text


RETURNS = [
    "def f(a, b):\n    if a:\n        return a\n    return b or c\n",
    "async def f():\n    return await x\n",
    "def f():\n    def g():\n        return inner\n    return {'k': v, 'w': [p, (q, r)]}\n",
    "def f():\n    try:\n        return t\n    except E:\n        return u if c else w\n"
    "    finally:\n        pass\n",
    "def f():\n    match m:\n        case 1:\n            return k\n    return\n",
    "def f():\n    lambda: lam\n    class C:\n        x = 1\n    return x.y\n",
]


def test_rte001_returned_names_gathered_once_answer_as_each_return_asked():
    from auditor.walker import _collect_returns
    from checks.rte001_response_model_declared import _all_returned_names, _returned_names

    seen = 0
    for text in [*RETURNS, *_example_texts()]:
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | {"nope"}
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            values = _collect_returns(fn)
            gathered = _all_returned_names(values)
            for name in names:
                seen += 1
                assert (name in gathered) == any(name in _returned_names(v) for v in values)
    assert seen


def test_rte001_fields_read_within_found_through_statements_answer_as_a_whole_walk():
    """The ``return`` statements under a function, found through its statement lists
    alone, are those a walk of every node finds (round 56: the walk cost 5 s on litellm)."""
    from checks.rte001_response_model_declared import _field_bases, _fields_read_within

    nested = (
        "def f():\n    def g():\n        async def h():\n            return a.x\n"
        "        return b.y\n    class C:\n        def m(self):\n            return c.z\n"
        "    k = lambda: d.w\n    try:\n        pass\n    except E:\n        return e.v\n"
        "    finally:\n        pass\n    match m:\n        case 1:\n            return g.u\n"
        "    with x:\n        for i in y:\n            return h.t\n        else:\n"
        "            return i.s\n"
    )
    seen = 0
    for text in [nested, *RETURNS, *_example_texts()]:
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                seen += 1
                whole = {
                    n
                    for r in ast.walk(fn)
                    if isinstance(r, ast.Return)
                    for n in _field_bases(r.value)
                }
                assert _fields_read_within(fn) == whole
    assert seen
    tree = ast.parse(nested)
    assert _fields_read_within(tree.body[0]) == {"a", "b", "c", "e", "g", "h", "i"}


def test_set005_computed_keys_memoized_per_function():
    """The reads of one function share its computed keys; another function (even of the
    same name) has its own."""
    from checks.set005_env_read_outside_settings import _computed_keys, _name_is_data, _State

    text = (
        "import os\n"
        "class A:\n"
        "    def __init__(self):\n"
        "        self.key_env = 'ACME_KEY'\n"
        "        os.getenv(self.key_env)\n"
        "        os.getenv('ACME_KEY')\n"
        "class B:\n"
        "    def __init__(self):\n"
        "        os.getenv('ACME_KEY')\n"
    )
    ctx, tree = _walked_context(text)
    fns = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]

    answers = []
    for fn in [*fns, *fns]:
        ctx.parents = [tree, fn]  # the walk's position: inside ``fn``
        answers.append(_name_is_data("ACME_KEY", ctx))
    assert answers == [True, False, True, False]
    memo = ctx.state(_State).computed_keys
    assert memo == {fn: _computed_keys(fn, ctx) for fn in fns}
    assert memo[fns[0]] == {"self.key_env"} and memo[fns[1]] == set()


CLOSINGS = [
    "def f():\n    db = get()\n    try:\n        pass\n    finally:\n        db.close()\n",
    "async def f():\n    g = gen()\n    try:\n        pass\n    except E:\n        pass\n"
    "    else:\n        pass\n    finally:\n        if x:\n            await g.aclose()\n",
    "def f():\n    for i in x:\n        with a, b as c, d.e:\n            pass\n    else:\n"
    "        while y:\n            async def h():\n                async with s:\n"
    "                    pass\n",
    "def f():\n    match m:\n        case 1:\n            with q:\n                pass\n"
    "    try:\n        pass\n    except* E:\n        with r:\n            pass\n"
    "    finally:\n        class C:\n            def close(self):\n                k.close()\n",
    "def f():\n    lambda: x.close()\n    try:\n        pass\n    finally:\n"
    "        (lambda: z.close())()\n        w.y.close()\n        v.close(1)\n",
]


def test_dep003_closed_in_finally_over_the_statements_alone():
    """Looking for ``with`` and ``try`` among the statements alone (expressions hold none)
    finds the names the walk of every node finds."""
    from auditor.astwalk import walk
    from checks.dep003_dependency_called_directly import _closed_in_finally

    def walking_every_node(fn) -> frozenset[str]:
        out: set[str] = set()
        for t in walk(fn):
            if isinstance(t, (ast.With, ast.AsyncWith)):
                out.update(
                    i.context_expr.id for i in t.items if isinstance(i.context_expr, ast.Name)
                )
                continue
            if not isinstance(t, ast.Try):
                continue
            for c in (c for stmt in t.finalbody for c in walk(stmt)):
                if (
                    isinstance(c, ast.Call)
                    and isinstance(c.func, ast.Attribute)
                    and c.func.attr in ("close", "aclose")
                    and isinstance(c.func.value, ast.Name)
                ):
                    out.add(c.func.value.id)
        return frozenset(out)

    found = set()
    for text in [*CLOSINGS, *_example_texts()]:
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                answer = _closed_in_finally(fn)
                assert answer == walking_every_node(fn), text
                found |= answer
    assert {"db", "g", "a", "s", "q", "r", "z", "v"} <= found
    assert not {"k", "w", "x", "c"} & found  # ``try/except*``, not a name, outside, ``as``


def test_set005_environ_is_never_spelt_without_env():
    """SET005's hooks skip a module whose text never says "env": no canonical name maps
    onto ``os.environ`` (or ``os.environ.copy``), so it is spelt in the text to resolve."""
    from auditor import names

    assert not any("env" in k.lower() or "env" in v.lower() for k, v in names.EQUIVALENTS.items())
    for text in _example_texts():
        if b"env" in text.encode().lower():
            continue
        try:
            ctx, tree = _walked_context(text)
        except SyntaxError:
            continue
        for n in ast.walk(tree):
            if isinstance(n, (ast.Name, ast.Attribute)):
                assert not (ctx.resolve(n) or "").startswith("os.environ"), text
