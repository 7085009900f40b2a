"""RTE001's wording follows what the route is: out of the schema, it is not "undocumented"."""

from __future__ import annotations

from auditor.testing import run_example
from checks import all_checks


def test_a_route_out_of_the_schema_is_not_called_undocumented(tmp_path):
    check = next(c for c in all_checks() if c.id == "RTE001")
    example = next(e for e in check.bad if "left out of the schema" in e.note)
    findings, _ = run_example(check, example, tmp_path)
    by_line = {f.line: f.message for f in findings}
    assert by_line[9].endswith("serialised unfiltered and undocumented")
    assert by_line[15].endswith("its result is serialised unfiltered")
    assert "undocumented" not in by_line[15]
