"""The bundled sample projects: reviewed JSON report snapshots, and what each demonstrates."""

from __future__ import annotations

import json

import pytest
from syrupy.extensions.json import JSONSnapshotExtension

from auditor.engine import Options, audit
from checks import all_checks
from tests.conftest import ROOT

SAMPLES = ROOT / "sample_projects"


def report_json(name: str, **opts) -> dict:
    report = audit(SAMPLES / name, Options(use_cache=False, **opts)).report
    data = json.loads(report.to_json())
    # where the sample lives and the auditor's own commit are not part of the sample
    data["target"]["root"] = f"sample_projects/{name}"
    if data["target"]["git"] is not None:
        data["target"]["git"] = {"head": "<head>", "branch": "<branch>", "dirty": "<dirty>"}
    data["tool"]["version"] = "<version>"
    return data


@pytest.fixture
def snapshot_json(snapshot):
    return snapshot.use_extension(JSONSnapshotExtension)


@pytest.mark.parametrize("name", ["clean_service", "drifting_service", "layered_service"])
def test_report_snapshot(name, snapshot_json):
    assert report_json(name) == snapshot_json


@pytest.mark.parametrize("name", ["clean_service", "layered_service"])
def test_well_written_samples_have_nothing_above_info(name):
    data = report_json(name, select=["ALL"])
    above = [
        (f["check_id"], f["path"], f["line"], f["message"])
        for f in data["findings"]
        if f["severity"] != "info"
    ]
    assert above == []
    assert data["errors"] == []


def test_drifting_service_triggers_every_check():
    data = report_json("drifting_service", select=["ALL"])
    fired = {f["check_id"] for f in data["findings"]}
    missing = sorted(c.id for c in all_checks() if c.id not in fired)
    assert missing == [], f"checks that never fire on drifting_service: {missing}"
    assert [c["id"] for c in data["checks"] if c["status"] == "errored"] == []


def test_every_sample_has_notes():
    for sample in SAMPLES.iterdir():
        if sample.is_dir():
            assert (sample / "NOTES.md").is_file(), sample


def test_layouts_are_told_apart():
    from auditor.engine import Options, audit

    kinds = {
        name: audit(SAMPLES / name, Options(use_cache=False)).project.layout.kind
        for name in ("clean_service", "layered_service")
    }
    assert kinds == {"clean_service": "domain", "layered_service": "layered"}
