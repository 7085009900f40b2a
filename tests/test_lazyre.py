"""``auditor.lazyre``: module-level patterns compiled on first use behave as ``re.compile``'s."""

from __future__ import annotations

import copy
import importlib
import pkgutil
import re

import auditor
import checks
from auditor.lazyre import _LazyPattern, lazy_compile


def test_lazy_pattern_compiles_on_first_use_and_keeps_the_attribute() -> None:
    lazy = lazy_compile(r"(\w+)-(\d+)", re.IGNORECASE)
    assert set(vars(lazy)) == {"_args"}  # nothing compiled yet
    real = re.compile(r"(\w+)-(\d+)", re.IGNORECASE)
    m = lazy.search("x ABC-12 y")
    assert m is not None and m.groups() == ("ABC", "12")
    assert "search" in vars(lazy)  # the next search is a plain attribute read
    assert lazy.sub(r"\2", "a-1 b-2") == real.sub(r"\2", "a-1 b-2")
    assert lazy.findall("a-1 b-2") == real.findall("a-1 b-2")
    assert lazy.pattern == real.pattern and lazy.flags == real.flags
    assert lazy.groups == 2
    assert repr(lazy) == repr(real)


def test_lazy_pattern_of_bytes() -> None:
    lazy = lazy_compile(rb"\bsys\.argv\b")
    assert lazy.search(b"x = sys.argv[1]") is not None
    assert lazy.search(b"sys.argvs") is None


def test_copy_of_a_lazy_pattern_does_not_recurse() -> None:
    lazy = lazy_compile(r"a+")
    twin = copy.copy(lazy)
    assert twin.match("aaa") is not None


def _modules(package: object) -> list[object]:
    out = []
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):  # type: ignore[attr-defined]
        if ".tui" in info.name or info.name.endswith("__main__"):
            continue
        out.append(importlib.import_module(info.name))
    return out


def test_every_module_level_lazy_pattern_is_a_valid_pattern() -> None:
    """A bad pattern would fail at its first use, not at import: compile every one here."""
    seen = 0
    for module in _modules(auditor) + _modules(checks):
        for value in vars(module).values():
            if isinstance(value, _LazyPattern):
                pattern, flags = vars(value)["_args"]
                assert value.pattern == pattern
                assert value.flags == re.compile(pattern, flags).flags
                seen += 1
    assert seen > 200
