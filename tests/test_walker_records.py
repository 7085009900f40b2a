"""What the module context records once per module for the hooks' questions
(``ModuleContext.name_calls``, ``ModuleContext.attribute_stores``): the same answers as a
walk of the whole module (or function) for each question, whichever is asked first."""

from __future__ import annotations

import ast

import pytest

from auditor.facts import ModuleFacts
from auditor.walker import ModuleContext, dotted, module_constants


def _ctx(source: bytes) -> ModuleContext:
    facts = ModuleFacts(path="app/main.py", module="app.main", file_class="app", is_package=False)
    ctx = ModuleContext(facts, source, frozenset({"app"}))
    ctx.tree = ast.parse(source)
    return ctx


def _walked(tree: ast.AST, name: str) -> list[ast.Call]:
    return [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name
    ]


_CALLS = """\
import sys

KEY = "change-me"


@refusal(KEY)
def refusal(key: str, host: str = "x") -> str | None:
    if key == KEY:
        return refusal(key, host) or "no"
    return None


class Launcher:
    def run(self):
        return [refusal(x) for x in (refusal("a"), refusal(b=1))]


def main() -> None:
    # refusal is named in a comment here only
    reason = refusal(
        sys.argv[1],
        other(refusal),
    )
    print(reason)


refusals = refusal
x = (
    refusal("last")
)
"""


@pytest.mark.parametrize(
    "source",
    [
        _CALLS,
        _CALLS.replace("\n", "\r\n"),  # CRLF: the same lines
        _CALLS.replace("\n", "\r"),  # lone CR: the whole module
        _CALLS.replace("# refusal", "# réfusal"),  # not ASCII: the whole module
        _CALLS + "ｒefusal('fullwidth')\n",  # an NFKC-normalized identifier
        "",
        "def refusal(): pass\n",
    ],
)
@pytest.mark.parametrize("name", ["refusal", "other", "print", "nothing", "KEY"])
def test_name_calls_are_the_whole_walks(source: str, name: str) -> None:
    data = source.encode()
    ctx = _ctx(data)
    assert ctx.tree is not None
    expected = _walked(ctx.tree, name)
    assert ctx.name_calls(name) == expected  # the same nodes, in the same order
    assert ctx.name_calls(name) == ctx.name_calls(name)  # answered again
    if name == "refusal" and "fullwidth" in source:
        assert len(expected) == 8  # (the fullwidth call is found by the whole walk)


def test_name_calls_without_a_tree() -> None:
    facts = ModuleFacts(path="app/main.py", module="app.main", file_class="app", is_package=False)
    assert ModuleContext(facts, b"refusal()\n", frozenset()).name_calls("refusal") == []


_STORES = """\
class Holder:
    engine: int

    def __init__(self, engine: Engine, other) -> None:
        self.engine = engine
        self.engine: Engine | None = None
        self.engine.inner = Engine()
        self.cache, self.engine = other, other
        self.a = self.engine = make()
        del self.engine
        self.engine: Engine
        def inner():
            self.engine = 1
        for self.engine in other:
            pass
        x[0].engine = 2
"""


def test_attribute_stores_count_as_walks() -> None:
    ctx = _ctx(_STORES.encode())
    assert ctx.tree is not None
    fn = ctx.tree.body[0].body[1]  # type: ignore[attr-defined]
    recorded = ctx.attribute_stores(fn)
    assert ctx.attribute_stores(fn) is recorded  # walked once
    for target in ("self.engine", "self.cache", "self.a", "self.engine.inner", "self.none"):
        assigns = [
            n
            for n in ast.walk(fn)
            if isinstance(n, (ast.Assign, ast.AnnAssign)) and n.value is not None
            for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
            if isinstance(t, ast.Attribute) and dotted(t) == target
        ]
        stores = sum(
            1
            for n in ast.walk(fn)
            if isinstance(n, ast.Attribute)
            and isinstance(n.ctx, (ast.Store, ast.Del))
            and dotted(n) == target
        )
        assert recorded.assigns.get(target, []) == assigns
        assert recorded.stores.get(target, 0) == stores
    assert recorded.stores["self.engine"] == 8
    assert len(recorded.assigns["self.engine"]) == 4


@pytest.mark.parametrize(
    "source",
    [
        "A = 1\nB = 2\nB = 3\n",
        "A = 1\ndef f():\n    global A\n    A = 2\n",
        "A = 1\nB = 'global'\nclass C:\n    def m(self):\n        global B\n",
        "A = 1\nif x:\n    B = 2\nC: int = 3\nD, E = 1, 2\n",
        "",
    ],
)
def test_module_constants_with_the_text_are_the_walks(source: str) -> None:
    tree = ast.parse(source)
    assert module_constants(tree, source.encode()) == module_constants(tree)


@pytest.mark.parametrize(
    "source",
    [
        "import os\n\ndef f():\n    from fal_client import x\n    return x\n\nclass C:\n"
        "    def m(self):\n        import httpx, yaml as y\n\nZ = 1\n",
        "import os\r\ndef f():\r\n    import httpx\r\n",
        "import os\rdef f():\r    import httpx\r",  # lone CR: the whole module
        "X = 1\n",
        "",
    ],
)
def test_statements_saying_hold_every_import(source: str) -> None:
    ctx = _ctx(source.encode())
    assert ctx.tree is not None
    kinds = (ast.Import, ast.ImportFrom)
    imports = [n for n in ast.walk(ctx.tree) if isinstance(n, kinds)]
    assert [
        n for n in ast.walk(ctx.statements_saying(b"import")) if isinstance(n, kinds)
    ] == imports
    assert "Z = 1" not in ast.unparse(ctx.statements_saying(b"import")) or "\r" in source
