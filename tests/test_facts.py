"""The typed expression summaries of auditor.facts: one record per kind, and the helpers."""

from __future__ import annotations

import ast
import pickle

import msgspec
import pytest

from auditor.facts import (
    EXPR_TYPES,
    TOO_DEEP,
    Await,
    BinOp,
    BoolOp,
    Call,
    DictExpr,
    FactsLoader,
    FStr,
    IfExp,
    Lit,
    ModuleFacts,
    Name,
    Other,
    Seq,
    Sub,
    Union,
    arg,
    children,
    dotted_of,
    dump_facts,
    is_ellipsis,
    is_lit,
    iter_exprs,
    kwarg,
    lit,
    qname_of,
    seq_items,
    str_lit,
)
from auditor.walker import scan_module


def facts_of(source: str, module: str = "app.main") -> ModuleFacts:
    facts = ModuleFacts(
        path=module.replace(".", "/") + ".py", module=module, file_class="app", is_package=False
    )
    data = source.encode()
    return scan_module(facts, ast.parse(data), data, [], frozenset({"app"}))


def summary(expr: str, prelude: str = "") -> object:
    """The summary of ``expr`` as the value of a module-level binding."""
    return facts_of(f"{prelude}\nX = {expr}\n").bindings["X"]


# -- every kind the walker emits ----------------------------------------------------------


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("'text'", Lit("text")),
        ("b'raw'", Lit(b"raw")),
        ("42", Lit(42)),
        ("1.5", Lit(1.5)),
        ("2j", Lit(2j)),
        ("True", Lit(True)),
        ("None", Lit(None)),
        ("...", Lit(Ellipsis)),
        ("[1, 'a']", Seq("list", (Lit(1), Lit("a")))),
        ("(1,)", Seq("tuple", (Lit(1),))),
        ("{1}", Seq("set", (Lit(1),))),
        ("{'a': 1, **other}", DictExpr(((Lit("a"), Lit(1)), (None, Name(None, "other"))))),
        ("f'{a}-{b}'", FStr(2)),
        ("'a' + 'b'", BinOp("+", Lit("a"), Lit("b"))),
        ("'%s' % 1", BinOp("%", Lit("%s"), Lit(1))),
        ("a or 'b'", BoolOp("or", (Name(None, "a"), Lit("b")))),
        ("a and b", BoolOp("and", (Name(None, "a"), Name(None, "b")))),
        ("1 if flag else 2", IfExp("flag", Lit(1), Lit(2), Name(None, "flag"))),
        ("lambda: 1", Other("Lambda")),
        ("a < b", Other("Compare")),
    ],
)
def test_summaries_of_every_kind(expr: str, expected: object) -> None:
    assert summary(expr) == expected


def test_names_calls_subscripts_unions_and_awaits_resolve() -> None:
    prelude = "import fastapi\nfrom typing import Optional\nimport os.path as osp\n"
    assert summary("[fastapi.FastAPI, osp.join, undefined.x]", prelude) == Seq(
        "list",
        (
            Name("fastapi.FastAPI", "fastapi.FastAPI"),
            Name("os.path.join", "osp.join"),
            Name(None, "undefined.x"),
        ),
    )
    call = summary("fastapi.FastAPI('x', *a, debug=True, **kw)", prelude)
    assert call == Call(
        "fastapi.FastAPI", "fastapi.FastAPI", (Lit("x"),), (("debug", Lit(True)),), True, 5
    )
    assert summary("Optional[int]", prelude) == Sub(
        Name("typing.Optional", "Optional"), Name("builtins.int", "int")
    )
    assert summary("int | None | str", prelude) == Union(
        (Name("builtins.int", "int"), Lit(None), Name("builtins.str", "str"))
    )
    fn = facts_of("async def f():\n    return await g()\n").functions["app.main.f"]
    assert fn.return_values == [Await(Call(None, "g", (), (), False, 2))]


def test_deep_expressions_are_cut() -> None:
    value = summary("[" * 12 + "1" + "]" * 12)
    depth = 0
    while isinstance(value, Seq):
        value = value.items[0]
        depth += 1
    assert value == Other(TOO_DEEP) and depth == 9


def test_long_literals_are_cut() -> None:
    assert summary("'" + "x" * 5000 + "'") == Lit("x" * 2000)
    assert summary("b'" + "y" * 500 + "'") == Lit(b"y" * 200)


# -- helpers -------------------------------------------------------------------------------


def test_helpers() -> None:
    call = Call("m.f", "f", (Lit(1), Name("m.x", "x")), (("k", Lit("v")),), False, 1)
    assert qname_of(call) == "m.f" and dotted_of(call) == "f"
    assert qname_of(Lit("m.f")) is None and dotted_of(Seq("list", ())) is None
    assert arg(call, 1) == Name("m.x", "x") and arg(call, 2) is None and arg(Lit(1), 0) is None
    assert kwarg(call, "k") == Lit("v") and kwarg(call, "nope") is None
    assert call.keyword_names() == frozenset({"k"})
    assert is_lit(Lit(1)) and is_lit(Lit(1), 1) and not is_lit(Lit(True), 1)
    assert not is_lit(Name(None, "x"))
    assert lit(Lit(3)) == 3 and lit(Name(None, "x"), "d") == "d"
    assert str_lit(Lit("s")) == "s" and str_lit(Lit(b"s")) is None
    assert is_ellipsis(Lit(...)) and not is_ellipsis(Lit("..."))
    assert seq_items(Seq("tuple", (Lit(1),))) == (Lit(1),) and seq_items(Lit(1)) == ()


def test_iter_exprs_descends_into_every_kind() -> None:
    leaf = Name("m.leaf", "leaf")
    nests = [
        Call(None, None, (leaf,), (), False, 1),
        Call(None, None, (), (("k", leaf),), False, 1),
        Seq("list", (leaf,)),
        DictExpr(((leaf, Lit(1)),)),
        DictExpr(((None, leaf),)),
        Sub(leaf, Lit(1)),
        Sub(Lit(1), leaf),
        Union((leaf,)),
        IfExp("t", leaf, Lit(1)),
        IfExp("t", Lit(1), leaf),
        BoolOp("or", (leaf,)),
        BinOp("+", leaf, Lit(1)),
        BinOp("+", Lit(1), leaf),
        Await(leaf),
    ]
    for e in nests:
        assert leaf in list(iter_exprs(e)), e
        assert children(e)
    assert list(iter_exprs(None)) == []
    order = list(iter_exprs(Seq("list", (Lit(1), Seq("tuple", (Lit(2),)), Lit(3)))))
    assert [x.value for x in order if isinstance(x, Lit)] == [1, 2, 3]  # pre-order, left first


def test_records_are_immutable_typed_and_picklable() -> None:
    assert len(EXPR_TYPES) == 13
    e = Call("m.f", "f", (Lit(b"x"), Lit(...)), (("k", Seq("set", ())),), False, 3)
    assert pickle.loads(pickle.dumps(e)) == e
    with pytest.raises(AttributeError):
        e.qname = "other"  # type: ignore[misc]
    assert Lit("x") != Other("x")  # equality is by type, not only by fields
    match e:
        case Call(qname="m.f", args=(Lit(value=bytes() as raw), *_)):
            assert raw == b"x"
        case _:  # pragma: no cover
            pytest.fail("match on the record")


# -- the records' quick pickling (auditor.records.pickled_by_fields) -----------------------------

_TRICKY = b'''\
"""A module with one of everything the facts record."""
import os, importlib
from fastapi import APIRouter, Depends, FastAPI
from pydantic.v1 import BaseSettings

app = FastAPI(title="t", debug=os.getenv("DEBUG") == "1")
router = APIRouter(prefix="/items")
app.state.db = None
uvicorn_target = "pkg.main:app"
plugin = importlib.import_module(os.environ["PLUGIN"])


def get_db():
    db = object()
    try:
        yield db
    finally:
        db.close()


class Item(BaseSettings):
    name: str = "x"
    size: int | None = None

    class Config:
        env_prefix = "ITEM_"

    def total(self, *args, k: int = 1, **kw) -> int:
        return self.size or k


@router.get("/{item_id}")
async def read(item_id: int, db=Depends(get_db), q: str | None = None):
    import time
    time.sleep(1)
    setup(app)
    items = [i async for i in db.stream()]
    return {"id": item_id, "items": items, "q": q, "text": f"{q!r:>10}"}


def setup(a: FastAPI) -> None:
    a.include_router(router)
    get_db()


if __name__ == "__main__":
    setup(app)
'''


def _fields(obj: object) -> object:
    """``obj`` as plain data, field by field and type by type (the facts' records compare by
    identity, so ``==`` on them proves nothing)."""
    names = _field_names(obj)
    if names is not None:
        return (type(obj), [(name, _fields(getattr(obj, name))) for name in names])
    if isinstance(obj, dict):
        return (dict, [(_fields(k), _fields(v)) for k, v in obj.items()])
    if isinstance(obj, (list, tuple)) and not hasattr(obj, "_fields"):
        return (type(obj), [_fields(v) for v in obj])
    return (type(obj), obj)


def _field_names(obj: object) -> tuple[str, ...] | None:
    """The field names of a record (a dataclass or a msgspec Struct); None for other values."""
    import dataclasses

    import msgspec

    if isinstance(obj, msgspec.Struct):
        return obj.__struct_fields__
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return tuple(f.name for f in dataclasses.fields(obj))
    return None


def _records(obj: object, out: set[type]) -> set[type]:
    names = _field_names(obj)
    if names is not None:
        out.add(type(obj))
        for name in names:
            _records(getattr(obj, name), out)
    elif isinstance(obj, dict):
        for v in obj.values():
            _records(v, out)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            _records(v, out)
    return out


def _module_facts(source: bytes, path: str) -> ModuleFacts:
    from auditor.engine import analyze_module

    return analyze_module(path, source, "app", frozenset({"pkg"}))


def test_facts_pickle_by_fields_to_the_same_facts() -> None:
    from auditor.check import Hit

    facts = _module_facts(_TRICKY, "pkg/main.py")
    kinds = _records(facts, set())
    assert {"Function", "Param", "Class", "Attribute", "Import", "Instance", "Hit"} <= {
        k.__name__ for k in kinds
    }  # the module really has the records
    assert facts.functions and facts.hits and facts.method_calls and facts.handoffs
    for kind in kinds:  # every record in the facts takes a quick path (C, or by fields)
        assert (
            issubclass(kind, msgspec.Struct) or kind.__reduce__.__module__ == "auditor.records"
        ), kind
    assert {"Function", "Param", "Class", "Import", "Instance"} <= {
        k.__name__ for k in kinds if issubclass(k, msgspec.Struct) and not k.__struct_config__.gc
    }  # the project model's records: pickled in C, not tracked by the cyclic collector
    back = pickle.loads(pickle.dumps(facts, pickle.HIGHEST_PROTOCOL))
    assert _fields(back) == _fields(facts)
    hit = facts.hits[0]
    assert isinstance(hit, Hit) and _fields(pickle.loads(pickle.dumps(hit))) == _fields(hit)


def test_sample_projects_facts_survive_pickling() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "sample_projects"
    files = sorted(root.rglob("*.py"))
    assert len(files) > 50
    for file in files:
        facts = _module_facts(file.read_bytes(), file.relative_to(root).as_posix())
        back = pickle.loads(pickle.dumps(facts, pickle.HIGHEST_PROTOCOL))
        assert _fields(back) == _fields(facts), file


def test_facts_loaded_through_one_loader_share_each_text_and_equal_the_facts() -> None:
    """Each module's facts are pickled on their own; loaded through one FactsLoader, a text
    two modules hold is one object (litellm: 776k text objects were 257k distinct texts)."""
    first = _module_facts(_TRICKY, "pkg/main.py")
    second = _module_facts(_TRICKY, "pkg/other.py")
    loader = FactsLoader()
    a, b = loader.load(dump_facts(first)), loader.load(dump_facts(second))
    assert _fields(a) == _fields(first) and _fields(b) == _fields(second)
    assert a.hits[0].message == b.hits[0].message
    assert a.hits[0].message is b.hits[0].message, "one object for a text both modules hold"
    names = [f.name for f in a.functions.values()], [f.name for f in b.functions.values()]
    assert names[0] == names[1] and all(x is y for x, y in zip(*names, strict=True))

    def annotations(facts: ModuleFacts) -> list[Name]:
        return [
            p.annotation
            for f in facts.functions.values()
            for p in f.params
            if isinstance(p.annotation, Name)
        ]

    shared = list(zip(annotations(a), annotations(b), strict=True))
    assert shared and all(x == y and x is y for x, y in shared), "a Name is shared too"
    lits = [p.default for f in a.functions.values() for p in f.params if p.default is not None]
    assert any(isinstance(x, Lit) for x in lits)  # literals are not shared: Lit(1) == Lit(True)
    plain = [pickle.loads(pickle.dumps(f, pickle.HIGHEST_PROTOCOL)) for f in (first, second)]
    assert plain[0].hits[0].message is not plain[1].hits[0].message  # what it saves
    apart = FactsLoader().load(dump_facts(second))
    assert apart.hits[0].message is not a.hits[0].message, "another loader, other objects"
    assert FactsLoader().load(pickle.dumps(first)).path == "pkg/main.py"  # a plain pickle loads


def test_pickled_by_fields_refuses_records_it_cannot_rebuild() -> None:
    import dataclasses

    from auditor.records import pickled_by_fields

    @dataclasses.dataclass(slots=True)
    class Computed:
        a: int
        b: int = dataclasses.field(init=False, default=0)

    @dataclasses.dataclass
    class Checked:
        a: int
        b: int

        def __post_init__(self) -> None:
            self.b = -self.a

    @dataclasses.dataclass
    class Single:
        a: int

    for cls in (Computed, Checked, Single):
        with pytest.raises(TypeError):
            pickled_by_fields(cls)
