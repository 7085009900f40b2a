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
