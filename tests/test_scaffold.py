"""``python -m auditor.scaffold`` writes a check that passes the meta tests and its own examples."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import checks
from auditor import engine
from auditor.check import Check
from auditor.scaffold import main, render
from auditor.testing import run_example
from tests import test_meta


def _load(path: Path) -> type[Check]:
    spec = importlib.util.spec_from_file_location(f"checks.{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    found = [
        v
        for v in vars(module).values()
        if isinstance(v, type) and issubclass(v, Check) and v is not Check
    ]
    assert len(found) == 1
    return found[0]


@pytest.fixture
def scaffolded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> type[Check]:
    assert main(["ZZZ999", "scaffolded-practice", "security", "--dir", str(tmp_path)]) == 0
    cls = _load(tmp_path / "zzz999_scaffolded_practice.py")
    real = checks.all_checks()
    monkeypatch.setattr(checks, "all_checks", lambda: (*real, cls))
    # the in-process module pass keeps its check instances and hook tables: start afresh
    monkeypatch.setattr(engine, "_WORKER_CHECKS", None)
    monkeypatch.setattr(engine, "_WORKER_HOOKS", {})
    return cls


def test_scaffolded_check_passes_the_meta_tests(scaffolded: type[Check]) -> None:
    assert (scaffolded.id, scaffolded.name, scaffolded.category) == (
        "ZZZ999",
        "scaffolded-practice",
        "security",
    )
    test_meta.test_explanation_sections(scaffolded)
    test_meta.test_examples_exist_and_parse(scaffolded)
    test_meta.test_summary_is_the_first_paragraph_of_why(scaffolded)


def test_scaffolded_check_flags_its_bad_example_only(
    scaffolded: type[Check], tmp_path: Path
) -> None:
    findings, _ = run_example(scaffolded, scaffolded.bad[0], tmp_path / "bad", jobs=1)
    assert [f.line for f in findings] == list(scaffolded.bad[0].lines or ())
    for i, good in enumerate(scaffolded.good):
        findings, _ = run_example(scaffolded, good, tmp_path / f"good{i}", jobs=1)
        assert findings == [], good.note


def test_scaffold_refuses_bad_input_and_an_existing_id(tmp_path: Path) -> None:
    for args in (
        ("abc123", "x", "security"),
        ("ABC123", "Not Kebab", "security"),
        ("ABC123", "x", "nope"),
    ):
        with pytest.raises(ValueError):
            render(*args)
    assert main(["ABC123", "one", "security", "--dir", str(tmp_path)]) == 0
    assert main(["ABC123", "two", "security", "--dir", str(tmp_path)]) == 2
    assert not (tmp_path / "abc123_two.py").exists()
