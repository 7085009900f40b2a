"""DEP003 keeps, of a module's project calls, only those whose callee may be a generator by
what the module alone says (``_may_be_generator``): the findings must be those of every
call handed to ``judge``."""

from __future__ import annotations

import pytest

import checks.dep003_dependency_called_directly as dep003
from auditor.check import Example
from auditor.engine import analyze_module
from auditor.testing import run_example, write_example

CHECK = dep003.DependencyCalledDirectly

#: the branches of ``_may_be_generator``: the module's own plain and generator functions,
#: a class and its method, a name under a function, bindings (a set, a string, a
#: project-class instance whose generator method is a dependency), imports, a package
BRANCHES = Example(
    files={
        "app/__init__.py": """\
from app.deps import gen_in_package


def in_package():
    yield 1


def call_in_package() -> None:
    next(in_package())
    next(gen_in_package())
""",
        "app/deps.py": """\
from collections.abc import Iterator


class Store:
    def session(self) -> Iterator[str]:
        yield "s"


store = Store()


def gen_in_package() -> Iterator[int]:
    yield 1


def helper() -> int:
    return 1


def use_store() -> None:
    next(store.session())
""",
        "app/main.py": """\
from collections.abc import Iterator

from fastapi import Depends, FastAPI

from app import in_package
from app.deps import helper, store
from app.deps import gen_in_package

app = FastAPI()
counts = set()
NAME = "x"


def plain() -> int:
    return 1


def gen() -> Iterator[int]:
    yield 1


class K:
    def m(self) -> int:
        return 1


@app.get("/")
def root(
    s: str = Depends(store.session),
    g: int = Depends(gen),
    p: int = Depends(in_package),
    q: int = Depends(gen_in_package),
) -> str:
    return s


def work() -> None:
    plain()
    K()
    K().m()
    counts.add(1)
    NAME.upper()
    plain.cache_clear()
    helper()
    next(gen())
    next(store.session())
    next(in_package())
    next(gen_in_package())
    next(later())


def later() -> Iterator[int]:
    yield 1


@app.get("/3")
def root3(x: int = Depends(later)) -> int:
    return x
""",
    },
)


def _positions(findings: list) -> list[tuple[str, int, int, str]]:
    return sorted((f.path, f.line, f.column, f.message) for f in findings)


@pytest.mark.parametrize(
    "example",
    [*CHECK.bad, *CHECK.good, BRANCHES],
    ids=[
        *(f"bad{i}" for i in range(len(CHECK.bad))),
        *(f"good{i}" for i in range(len(CHECK.good))),
        "branches",
    ],
)
def test_prefilter_keeps_every_finding(example, tmp_path, monkeypatch):
    filtered, _ = run_example(CHECK, example, tmp_path / "filtered")
    monkeypatch.setattr(dep003, "_may_be_generator", lambda *_: True)
    unfiltered, _ = run_example(CHECK, example, tmp_path / "unfiltered")
    assert _positions(filtered) == _positions(unfiltered)


def test_prefilter_branches_report_generator_calls(tmp_path):
    findings, _ = run_example(CHECK, BRANCHES, tmp_path)
    lines = sorted((f.path, f.line) for f in findings)
    # the module's own generator, a project-class instance's generator method, a generator
    # of a package (never filtered), one defined after the call
    assert lines == [
        ("app/__init__.py", 9),
        ("app/__init__.py", 10),
        ("app/deps.py", 21),
        ("app/main.py", 45),
        ("app/main.py", 46),
        ("app/main.py", 47),
        ("app/main.py", 48),
        ("app/main.py", 49),
    ], [(f.path, f.line, f.message) for f in findings]


def test_prefilter_drops_calls_of_plain_callables(tmp_path):
    """What the module pass hands back for ``app/main.py``: only the calls of callees that
    may be generators (the generators, the imported names, the instance's method)."""
    root = tmp_path / "p"
    write_example(BRANCHES, root)
    data = (root / "app/main.py").read_bytes()
    facts = analyze_module("app/main.py", data, "app", frozenset({"app"}), frozenset({"DEP003"}))
    targets = sorted(
        h.payload(dep003._Data).target or ""
        for h in facts.hits
        if h.check_id == "DEP003" and h.payload(dep003._Data).kind == "call"
    )
    assert targets == [
        "app.deps.gen_in_package",
        "app.deps.helper",
        "app.deps.store.session",
        "app.in_package",
        "app.main.gen",
        "app.main.later",
    ]
