"""auditor.fixes: the shortcuts that make fix diffs cheap give the answers of the slow ways."""

from __future__ import annotations

import ast
import difflib
import random
from pathlib import Path

import libcst
import pytest

from auditor import fixes
from auditor.check import Hit

SOURCE = (Path(__file__).resolve().parent.parent / "auditor" / "engine.py").read_text()


def whole_file_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        fixes._lines(before), fixes._lines(after), f"a/{path}", f"b/{path}", n=2
    )
    return "".join(lines)


def test_a_large_file_is_diffed_as_a_whole_file_would_be():
    before = "".join(f"line_{i} = {i}\n" for i in range(5000))
    lines = before.splitlines(keepends=True)
    lines[3] = "changed_near_the_top = 1\n"
    lines.insert(4000, "inserted = 2\n")
    del lines[4990]
    after = "".join(lines)
    diff = fixes.unified_diff("big.py", before, after)
    assert diff == whole_file_diff("big.py", before, after)
    assert "@@ -2,5 +2,5 @@" in diff and "@@ -3999,4 +3999,5 @@" in diff


def test_the_unchanged_head_and_tail_are_found_as_line_by_line(monkeypatch):
    """Large files are diffed without their unchanged head and tail, found in runs of lines:
    the same diffs as comparing them one line at a time, on random edits."""

    def one_by_one(equal, limit):
        n = 0
        while n < limit and equal(n, n + 1):
            n += 1
        return n

    rnd = random.Random(12)
    words = ["x = 1\n", "pass\n", "\n", "def f():\n", "    return 2\n"]
    for _ in range(300):
        a = [rnd.choice(words) for _ in range(rnd.choice([999, 1001, 2500, 5000]))]
        b = list(a)
        for _ in range(rnd.randint(1, 3)):
            i = rnd.randrange(len(b))
            if rnd.random() < 0.4:
                b.insert(i, rnd.choice(words))
            elif rnd.random() < 0.5:
                del b[i]
            else:
                b[i] = rnd.choice(words)
        before, after = "".join(a), "".join(b).rstrip("\n" if rnd.random() < 0.2 else "")
        fast = fixes.unified_diff("m.py", before, after)
        with monkeypatch.context() as m:
            m.setattr(fixes, "_equal_run", one_by_one)
            assert fixes.unified_diff("m.py", before, after) == fast


def mutations(source: str, count: int) -> list[str]:
    """``source`` with one random line added, changed or removed: many do not parse."""
    rng = random.Random(12)
    pieces = ['"""', ")", "(", "else:", "    pass", "def f(:", "x = [", "\\", "# c", "y = 1"]
    lines = source.split("\n")
    out = []
    for _ in range(count):
        edited = list(lines)
        i = rng.randrange(len(edited))
        kind = rng.random()
        if kind < 0.5:
            edited.insert(i, rng.choice(pieces))
        elif kind < 0.8:
            edited[i] = edited[i] + rng.choice(pieces)
        else:
            del edited[i]
        if rng.random() < 0.3:  # and a second place, like a fix that adds an import
            edited.insert(rng.randrange(40), "import asyncio")
        out.append("\n".join(edited))
    return out


def parses(text: str) -> bool:
    try:
        compile(text, "<t>", "exec", dont_inherit=True, flags=0x400)
    except (SyntaxError, ValueError):
        return False
    return True


def test_parsing_only_the_changed_parts_agrees_with_parsing_the_whole_file():
    accepted = 0
    with fixes.one_file():
        for fixed in mutations(SOURCE, 150):
            if fixes._parses_by_parts(SOURCE, fixed):
                accepted += 1
                assert parses(fixed), "a fix shown to parse by its parts parses whole"
    assert accepted > 25  # the shortcut is taken (the rest is parsed whole, as before)


def statement_lines(source: str) -> list[int]:
    from auditor.engine import analyze_module

    return analyze_module("auditor/engine.py", source.encode(), "app", frozenset()).statement_lines


def test_the_module_pass_tells_where_statements_start_so_no_tree_of_the_file_is_built(
    monkeypatch: pytest.MonkeyPatch,
):
    starts = statement_lines(SOURCE)
    with fixes.one_file():
        expected = [fixes._parses_by_parts(SOURCE, fixed) for fixed in mutations(SOURCE, 60)]
    import ast

    def no_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the whole file was parsed")

    monkeypatch.setattr(ast, "parse", no_parse)
    with fixes.one_file(SOURCE.encode(), starts):
        got = [fixes._parses_by_parts(SOURCE, fixed) for fixed in mutations(SOURCE, 60)]
    assert got == expected


def test_statement_lines_of_another_content_are_not_trusted():
    import textwrap

    edited = "if True:\n" + textwrap.indent(SOURCE, "    ")  # one top-level statement now
    stale = statement_lines(SOURCE)
    with fixes.one_file(SOURCE.encode(), stale):
        assert fixes._statement_starts(edited, edited.split("\n")) == [1]


class Rewrite:
    """A stand-in check whose fix returns a given text."""

    id = "TST999"

    def __init__(self, fixed: str) -> None:
        self.fixed = fixed

    def fix(self, source: str, hit: Hit, project: object) -> str:
        return self.fixed


def hit() -> Hit:
    return Hit("TST999", "auditor/engine.py", 10, 1, None, None, "m", fixable=True)


def test_a_fix_that_breaks_a_large_file_far_away_is_refused():
    lines = SOURCE.split("\n")
    # a top-level statement in the second half: no string or bracket is open there, so a
    # lone ``)`` before it never parses (a line picked by its text may sit in a docstring,
    # where an added quote can even be balanced by a later one)
    middle = next(s.lineno - 1 for s in ast.parse(SOURCE).body if s.lineno - 1 >= len(lines) // 2)
    lines.insert(middle, ")")
    with fixes.one_file(), pytest.raises(fixes.FixError, match="does not parse"):
        fixes.build_fix(Rewrite("\n".join(lines)), hit(), None, SOURCE.encode())  # type: ignore[arg-type]
    lines = SOURCE.split("\n")
    lines.insert(30, "import asyncio")
    with fixes.one_file():
        diff = fixes.build_fix(Rewrite("\n".join(lines)), hit(), None, SOURCE.encode())  # type: ignore[arg-type]
    assert diff is not None and "+import asyncio" in diff


def test_replacing_a_node_on_its_path_equals_deep_replace():
    module = libcst.parse_module(SOURCE)
    names = []

    class Collect(libcst.CSTVisitor):
        def visit_Name(self, node: libcst.Name) -> None:
            names.append(node)

        def visit_Param(self, node: libcst.Param) -> None:
            names.append(node)

    module.visit(Collect())
    rng = random.Random(3)
    for old in rng.sample(names, 15):
        new = (
            old.with_changes(name=libcst.Name("renamed"))
            if isinstance(old, libcst.Param)
            else libcst.Name("renamed")
        )
        fast = fixes._replaced_on_path(module, old, new, None)
        assert fast is not None
        assert fast.code == module.deep_replace(old, new).code


def test_a_located_node_is_replaced_within_its_statement():
    source = "import time\n\n\nasync def f():\n    time.sleep(1)\n    time.sleep(2)\n"
    with fixes.one_file():
        module = fixes.parse_module(source)
        assert fixes.parse_module(source) is module  # one parse per source
        (call,) = fixes.locate(module, libcst.Call, 6, 5)
        new = call.with_changes(func=libcst.Name("pause"))
        assert fixes.replace_node(module, call, new).code == source.replace(
            "time.sleep(2)", "pause(2)"
        )


def test_module_code_generates_only_the_new_statements_and_equals_code():
    import ast

    lines = sorted({n.lineno for n in ast.walk(ast.parse(SOURCE)) if isinstance(n, ast.Call)})
    with fixes.one_file():
        module = fixes.parse_module(SOURCE)
        calls = [
            c
            for line in random.Random(5).sample(lines, 12)
            for c in fixes.locate(module, libcst.Call, line)
        ]
        assert len(calls) >= 12
        for call in calls:
            new = call.with_changes(func=libcst.Name("renamed"))
            changed = fixes.add_import(fixes.replace_node(module, call, new), "asyncio")
            assert fixes.module_code(changed) == changed.code
        assert fixes.module_code(module) == SOURCE
    no_newline = "import time\n\n\ndef f():\n    time.sleep(1)"
    with fixes.one_file():
        module = fixes.parse_module(no_newline)
        (call,) = fixes.locate(module, libcst.Call, 5, 5)
        changed = fixes.replace_node(module, call, call.with_changes(func=libcst.Name("x")))
        assert fixes.module_code(changed) == changed.code == no_newline.replace("time.sleep", "x")


#: DEP001 parameters on one line and over several, in a function and in nested ones, with
#: what the in-line edit must leave to the whole statement (parentheses, comments)
DEP001_APP = '''\
"""Doc."""
from fastapi import Body, Depends, FastAPI, Header, Query


def get_db():
    return 1


def create_app() -> FastAPI:
    app = FastAPI()

    @app.get("/a")
    def a(
        x: int = Query(
            None, description="d"
        ),
        y: str = Query(
            "q",
# a comment at column 0

            max_length=3,  # trailing
        ),
    ):
        return 1

    @app.get("/b")
    async def b(q: str | None = Query(None, max_length=50), é: str = Header("é")) -> int:
        return 1

    @app.get("/c")
    def c(
        w: dict = Body(
            ...,
            embed=True,
        ),
        u: (int) = Depends(get_db),
        t: int = (Depends(get_db)),
        s: int = Depends  (get_db) ,
    ):
        return 1

    return app


app = create_app()


@app.get("/d")
def d(*, k: int = Query(default=3, ge=1), m: int = Query(
    default=None,
    le=5)):
    return 1


class Svc:
    @staticmethod
    @app.get("/e")
    def e(n: int = Query(
    1,
        ge=0,
    ), o: int = Query(1, ge=0,)):
        return n
'''


def test_dep001_edits_a_parameter_in_line_as_the_whole_statement_would(tmp_path: Path):
    import checks.dep001_annotated_dependencies as dep
    from auditor import engine
    from auditor.source import decode

    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "main.py").write_text(DEP001_APP)
    result = engine.audit(tmp_path, engine.Options(fixes=False, use_cache=False))
    hits = [h for h in result.hits if h.check_id == "DEP001" and h.fixable]
    assert len(hits) >= 9
    in_line = 0
    for h in hits:
        source = decode((tmp_path / "app" / "main.py").read_bytes())
        data = h.payload(dep._Data)
        fast = dep._fix_in_line(source, data)
        if fast is dep._BY_STATEMENT:
            continue
        in_line += 1
        slow = dep.edit_statement(
            source, data.param_line, lambda m, off, h=h: dep._fix_param(m, h, off), None
        )
        assert fast == slow, f"line {h.line}"
    assert in_line >= 8  # parenthesised annotations and defaults are left to the statement


ASY003_MODULE = """\
import asyncio


# a comment between statements
async def first() -> float:
    return asyncio.get_event_loop().time()


class Worker:
    async def run(self) -> None:
        loop = asyncio.get_event_loop()
        await loop.run_in_executor(None, print)
"""


def test_asy003_renames_within_its_statement_as_within_the_module():
    from auditor.engine import analyze_module, load_checks

    (check,) = [c for c in load_checks() if c.id == "ASY003"]
    data = ASY003_MODULE.encode()
    facts = analyze_module("app/main.py", data, "app", frozenset({"app"}))
    hits = [h for h in facts.hits if h.check_id == "ASY003" and h.fixable]
    assert len(hits) == 2
    for h in hits:
        with fixes.one_file():
            whole = check.fix(ASY003_MODULE, h, None)  # type: ignore[arg-type]
        with fixes.one_file(data, facts.statement_lines):
            assert fixes.statement_at(ASY003_MODULE, h.line) is not None
            assert check.fix(ASY003_MODULE, h, None) == whole  # type: ignore[arg-type]
        assert whole is not None and "get_running_loop" in whole


ASY003_SHAPES = """import asyncio


async def shapes() -> None:
    a = asyncio . get_event_loop ()
    b = ("é", asyncio.get_event_loop())
    c = asyncio.get_event_loop() or asyncio.get_event_loop()
    d = asyncio.get_event_loop(
    )
    e = asyncio\\
        .get_event_loop()
    f = asyncio.get_event_loop_policy().get_event_loop()
"""


def test_asy003_renames_by_text_exactly_as_libcst_does(monkeypatch):
    import checks.asy003_get_event_loop_in_coroutine as asy003
    from auditor.engine import analyze_module, load_checks

    (check,) = [c for c in load_checks() if c.id == "ASY003"]
    data = ASY003_SHAPES.encode()
    facts = analyze_module("app/main.py", data, "app", frozenset({"app"}))
    hits = [h for h in facts.hits if h.check_id == "ASY003" and h.fixable]
    assert sorted((h.line, h.column) for h in hits) == [
        (5, 9),
        (6, 15),
        (7, 9),
        (7, 37),
        (8, 9),
        (10, 9),
    ]
    by_text = {(h.line, h.column): asy003._renamed_in_line(ASY003_SHAPES, h) for h in hits}
    monkeypatch.setattr(asy003, "_renamed_in_line", lambda source, hit: None)
    by_libcst = {}
    for h in hits:
        with fixes.one_file():
            by_libcst[h.line, h.column] = check.fix(ASY003_SHAPES, h, None)  # type: ignore[arg-type]
    # a spaced call, a non-ASCII text before it, the second of two calls on one line, a call
    # over two lines: edited as text; the first of two calls, a continued line: parsed
    assert sorted(at for at, fixed in by_text.items() if fixed is not None) == [
        (5, 9),
        (6, 15),
        (7, 37),
        (8, 9),
    ]
    for at, fixed in by_text.items():
        assert by_libcst[at] is not None
        if fixed is not None:
            assert fixed == by_libcst[at], at


def line_level_diff(path: str, before: str, after: str, context: int = 2) -> str | None:
    """The diff as it was built before the text was cut first (both files split into lines
    whole, per fix): the reference the cheaper way must match exactly."""
    if before == after:
        return None
    a, b = fixes._lines(before), fixes._lines(after)
    limit = min(len(a), len(b)) if len(a) > fixes._TRIM_ABOVE else 0
    head = fixes._equal_run(lambda i, j: a[i:j] == b[i:j], limit)
    la, lb = len(a), len(b)
    tail = fixes._equal_run(lambda i, j: a[la - j : la - i] == b[lb - j : lb - i], limit - head)
    skip, drop = max(0, head - context), max(0, tail - context)
    lines = difflib.unified_diff(
        a[skip : len(a) - drop], b[skip : len(b) - drop], f"a/{path}", f"b/{path}", n=context
    )
    text = "".join(
        (
            fixes._HUNK.sub(lambda m: fixes._shifted(m, skip), line)
            if line.startswith("@@ ")
            else line
        )
        if line.endswith("\n")
        else line + "\n\\ No newline at end of file\n"
        for line in lines
    )
    return text or None


def test_cutting_the_text_first_gives_the_line_level_diff():
    """A large file's unchanged head and tail are cut off the text before it is split into
    lines: the same diff, on random edits near the ends, in the middle, on repeated lines,
    on a last line without a newline and around the 1,000-line boundary."""
    rnd = random.Random(7)
    words = ["x = 1\n", "pass\n", "\n", "def f():\n", "    return 2\n", "y = 'a\\nb'\n"]
    for _ in range(400):
        n = rnd.choice([998, 999, 1000, 1001, 1002, 1500, 4000])
        a = [rnd.choice(words) for _ in range(n)]
        b = list(a)
        for _ in range(rnd.randint(1, 4)):
            i = rnd.choice([0, 1, 2, len(b) - 1, len(b) - 2, rnd.randrange(len(b))])
            i = min(max(i, 0), len(b) - 1)
            kind = rnd.random()
            if kind < 0.35:
                b.insert(i, rnd.choice(words))
            elif kind < 0.6:
                del b[i]
            elif kind < 0.8:
                b[i] = rnd.choice(words)
            else:
                b[i] = b[i].rstrip("\n") + " # changed\n"
        before = "".join(a).rstrip("\n") if rnd.random() < 0.15 else "".join(a)
        after = "".join(b).rstrip("\n") if rnd.random() < 0.15 else "".join(b)
        for context in (2, 3):
            assert fixes.unified_diff("m.py", before, after, context) == line_level_diff(
                "m.py", before, after, context
            ), (n, context)


def test_fixes_of_one_statement_share_its_parse_and_positions_within_one_file():
    # issue 12: PYD003's two fixes in litellm's 2,000-line class parsed it and computed its
    # positions once each; within one_file the statement is parsed once and located once
    from auditor.source_edits import edit_statement

    source = "import time\n\n\nclass C:\n    def f(self):\n        time.sleep(1)\n\n"
    source += "    def g(self):\n        time.sleep(2)\n"

    def rename(line: int, col: int):
        def edit(module, offset):
            (call,) = fixes.locate(module, libcst.Call, line - offset, col)
            return fixes.replace_node(module, call, call.with_changes(func=libcst.Name("p")))

        return edit

    with fixes.one_file():
        first = edit_statement(source, 6, rename(6, 9), (4, 9))
        assert len(fixes._LOCATED) == 1
        (known,) = fixes._LOCATED.values()
        second = edit_statement(source, 9, rename(9, 9), (4, 9))
        assert list(fixes._LOCATED.values()) == [known]  # the same statement, located once
    assert not fixes._LOCATED
    assert first == source.replace("time.sleep(1)", "p(1)")
    assert second == source.replace("time.sleep(2)", "p(2)")  # not the first fix's edit
    # outside one_file nothing is kept (a module parsed alone may die and its ids be reused)
    assert edit_statement(source, 9, rename(9, 9), (4, 9)) == second
    assert not fixes._LOCATED
