"""Round 38 (H44), helper r38a: the findings of ERR002 that the judged sheets showed false,
pinned by the text the check produces."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_err002_a_file_operation_on_a_path_the_route_publishes(tmp_path):
    # initrunner dashboard/routers/agents.py:325-329 (read_text of dr.path, answered with
    # "path": str(dr.path)), flow.py:250-260 and teams.py:242-247 (asyncio.to_thread of
    # path.write_text / path.unlink, answered with path=str(path)): `except OSError` only
    assert (
        _run("ERR002", "each `try` only reads or deletes one file", tmp_path / "good", "good") == []
    )
    [found] = _run("ERR002", "the other side of the published path", tmp_path / "bad")
    assert (found.path, found.line, found.message) == (
        "app/main.py",
        21,
        '`f"...{e}"` from `except OSError` is sent to the client in '
        "`HTTPException(detail=...)`: it can leak SQL, hosts, paths or credentials",
    )
