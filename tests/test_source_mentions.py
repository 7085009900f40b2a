""":func:`auditor.source.may_mention`: the substring test the project-wide name searches run
before their regex (it may only skip what the regex would not find)."""

from __future__ import annotations

import re

from auditor.source import MENTION_TEST_WORDS, may_mention

TEXTS = [
    "",
    "def load_config():\n    pass\n",
    "x = reload_configs  # load_config\n",
    "from a import b\nprint('load_config')\n",
    "LOAD_CONFIG = 1\n",
]


def test_false_only_when_no_word_occurs():
    assert may_mention("a load_config b", ["nothing", "load_config"])
    assert not may_mention("a load_conf b", ["nothing", "load_config"])
    assert may_mention(b"xload_configx", [b"load_config"])  # a substring, not a word: kept
    assert not may_mention(b"", [b"a"])
    assert not may_mention("abc", [])


def test_many_words_are_left_to_the_regex():
    words = [f"w{i}" for i in range(MENTION_TEST_WORDS + 1)]
    assert may_mention("nothing here", words)
    assert not may_mention("nothing here", words[:MENTION_TEST_WORDS])


def test_never_skips_what_a_word_search_finds():
    for words in (["load_config"], ["reload_configs", "b"], ["LOAD_CONFIG", "pass", "zz"]):
        word = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b")
        for text in TEXTS:
            if word.search(text):
                assert may_mention(text, words)
                assert may_mention(text.encode(), [w.encode() for w in words])
