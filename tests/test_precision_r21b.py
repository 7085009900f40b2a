"""Severity of SEC001 findings whose evidence sits in another application (issue 10, round
21b): the examples pin lines only; these pin severity, confidence and wording."""

from __future__ import annotations

from auditor.testing import run_bad_example


def test_cors_with_credentials_only_in_a_separate_flask_app_is_a_warning(tmp_path):
    [f] = run_bad_example("SEC001", "separate Flask admin", tmp_path)
    assert (f.severity, f.confidence) == ("warning", "medium")
    assert "another web framework's application beside this one" in f.message


def test_cors_with_a_flask_app_mounted_into_the_application_stays_an_error(tmp_path):
    [f] = run_bad_example("SEC001", "the trap beside a separate Flask admin", tmp_path)
    assert (f.severity, f.confidence) == ("error", "high")
