"""Round 37 (H43), helper r37c: the findings of ERR002, SET005 and DEP001 that the judged
sheet showed false (or true with a defect), pinned by the text the check produces."""

from __future__ import annotations

import pytest

from auditor.engine import analyze_module
from auditor.testing import run_noted_example as _run


def test_err002_a_callee_reporting_its_errors_on_the_console_stops_them(tmp_path):
    # pyarchinit-mini api/graphml.py:102-118: convert_dot_content_to_graphml
    # (graphml_converter/converter.py:297-330) ends its catch-all clause with `import
    # traceback; traceback.print_exc()` and `return None`
    assert (
        _run(
            "ERR002",
            "the `try` only calls a project function whose catch-all clause prints",
            tmp_path / "good",
            "good",
        )
        == []
    )
    [found] = _run("ERR002", "the other side of the console report", tmp_path / "bad")
    assert (found.path, found.line, found.message) == (
        "app/main.py",
        16,
        '`f"...{e}"` from `except Exception` is sent to the client in '
        "`HTTPException(detail=...)`: it can leak SQL, hosts, paths or credentials",
    )


_REPORTING = """\
import logging
import sys
{imports}

def work(path):
    try:
        return open(path).read()
    except Exception as e:
{clause}
        return None
"""


@pytest.mark.parametrize(
    ("imports", "clause", "swallows"),
    [
        ("", '        print(f"failed: {e}")', True),
        ("import traceback", "        traceback.print_exc()", True),
        ("", "        import traceback as tb\n        tb.print_exception(e)", True),
        ("from traceback import print_exc", "        print_exc()", True),
        ("import traceback", "        return traceback.format_exc()", False),  # a value
        ("import traceback", '        traceback.print_exc(file=open("x.log", "a"))', False),
        ("", '        sys.stderr.write(f"{e}")', False),  # not read as a report
    ],
)
def test_a_console_report_in_the_catch_all_clause_stops_the_error(imports, clause, swallows):
    source = _REPORTING.format(imports=imports, clause=clause)
    facts = analyze_module("app/jobs.py", source.encode(), "app", frozenset({"app"}))
    assert facts.functions["app.jobs.work"].swallows_errors is swallows
