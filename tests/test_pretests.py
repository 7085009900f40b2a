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
