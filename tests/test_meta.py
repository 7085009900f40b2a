"""The catalogue's contract: IDs, names, categories, severities, defaults, explanations."""

from __future__ import annotations

import ast
import re

import pytest

from auditor.check import CATEGORY_IDS, EXPLANATION_SECTIONS, SOURCE_DOCUMENTS, Severity
from checks import all_checks
from tests.conftest import ROOT

CHECKS = all_checks()
SPECIFICATION = ROOT / "docs" / "catalogue.md"


def catalogue_table() -> dict[str, dict[str, str]]:
    """The summary table of docs/catalogue.md: the contract the checks' metadata must match."""
    text = SPECIFICATION.read_text(encoding="utf-8")
    rows: dict[str, dict[str, str]] = {}
    row = re.compile(
        r"^\| ([A-Z]{3}\d{3}) \| ([a-z0-9-]+) \| ([a-z]+) \| (error|warning|info) \| (\w+) \| (yes|no) \| (yes|no) \| (on|off) \|$"
    )
    for line in text.splitlines():
        m = row.match(line)
        if m:
            rows[m.group(1)] = {
                "name": m.group(2),
                "category": m.group(3),
                "severity": m.group(4),
                "kind": m.group(5),
                "autofix": m.group(6),
                "heuristic": m.group(7),
                "default": m.group(8),
            }
    return rows


def test_ids_are_unique_and_well_formed():
    ids = [c.id for c in CHECKS]
    assert len(ids) == len(set(ids))
    for c in CHECKS:
        assert re.fullmatch(r"[A-Z]{3}\d{3}", c.id), c.id
        assert c.category in CATEGORY_IDS, (c.id, c.category)
        assert isinstance(c.severity, Severity)


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.id)
def test_metadata_matches_the_catalogue(check):
    row = catalogue_table()[check.id]
    assert check.name == row["name"]
    assert check.category == row["category"]
    assert check.severity.value == row["severity"]
    assert check.kind == row["kind"]
    assert check.heuristic == (row["heuristic"] == "yes")
    assert check.default_enabled == (row["default"] == "on")
    if check.heuristic:
        assert check.severity is not Severity.ERROR, "heuristic checks never report error (F12)"


def test_catalogue_table_is_complete():
    table = catalogue_table()
    assert len(table) == 71
    assert {row["category"] for row in table.values()} == set(CATEGORY_IDS)


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.id)
def test_explanation_sections(check):
    text = check.explanation()
    headings = [line[3:].strip() for line in text.splitlines() if line.startswith("## ")]
    required = [h for h in headings if h in EXPLANATION_SECTIONS]
    assert required == list(EXPLANATION_SECTIONS), headings
    allowed = set(EXPLANATION_SECTIONS) | {"Known problems"}
    assert set(headings) <= allowed, headings
    refs = text.split("## References", 1)[1]
    assert (
        any(f"[{label}]" in refs for label in SOURCE_DOCUMENTS)
        or "extra" in refs.lower()
        or "docs" in refs.lower()
    ), "References should cite the source documents by [label]"
    assert check.message, "a short finding message"
    assert check.sources and all(s in SOURCE_DOCUMENTS for s in check.sources)


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.id)
def test_examples_exist_and_parse(check):
    assert check.bad, "at least one bad example"
    assert check.good, "at least one good example"
    for ex in (*check.bad, *check.good):
        broken = 0
        for path, src in ex.files.items():
            if not path.endswith(".py"):
                continue
            if "does not parse" not in ex.note:
                ast.parse(src, filename=path)
                continue
            try:  # an example that holds a broken module on purpose says so in its note
                ast.parse(src, filename=path)
            except SyntaxError:
                broken += 1
        assert broken or "does not parse" not in ex.note, "the note promises a broken module"


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.id)
def test_summary_is_the_first_paragraph_of_why(check):
    summary = check.summary()
    assert summary and "\n" not in summary and not summary.startswith("#")
    why = check.explanation().split("## Why is this bad?", 1)[1]
    assert summary == why.strip().split("\n\n", 1)[0].replace("\n", " ").strip()


def test_summary_keeps_braces_literally():
    # explanation text is never passed through str.format: FastAPI paths are full of braces
    from auditor.check import Check

    class Braces(Check):
        """## What it does\n\nx\n\n## Why is this bad?\n\n`/users/{user_id}` and {0} stay as written.\n"""

    assert Braces.summary() == "`/users/{user_id}` and {0} stay as written."


def test_docs_checks_md_is_current():
    from auditor.explain import catalogue_markdown

    committed = (ROOT / "docs/checks.md").read_text(encoding="utf-8")
    assert committed == catalogue_markdown() + "\n", (
        "regenerate: auditor checks --format markdown > docs/checks.md"
    )


def test_the_whole_catalogue_is_implemented():
    assert sorted(c.id for c in CHECKS) == sorted(catalogue_table())
