"""Round 46 (H52), helper r46d: RTE004 findings the judged sheet showed false or with a
wrong message, pinned by the text the check produces."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_rte004_a_server_rendered_site_with_its_docs_off_has_no_schema_reader(tmp_path):
    # jupyter-classroom routers/classrooms.py:59, :95, students.py:33, admin.py:83: an app
    # with docs_url=None and redoc_url=None whose routes answer templates and 303 redirects
    assert _run("RTE004", "a server-rendered site with both docs", tmp_path / "g", "good") == []
    found = {
        f.line: f.message
        for f in _run("RTE004", "the other side of the page-site trap: a route", tmp_path / "b")
    }
    assert found == {
        10: "`GET /` (`home`): no summary, description or docstring; no tags",
        15: "`POST /notes` (`save_note`): no summary, description or docstring; no tags",
        22: "`GET /api/notes` (`list_notes`): no summary, description or docstring; no tags",
    }
    found = {
        f.line
        for f in _run("RTE004", "the other side of the page-site trap: ReDoc", tmp_path / "r")
    }
    assert found == {10, 15}


def test_rte004_a_creation_answering_built_responses_is_told_to_set_the_status_there(tmp_path):
    # termroom app.py:4392 upload_file_stream answers JSONResponse({...}) (:4441): a
    # decorator status_code=201 would change only the docs
    [found] = _run("RTE004", "a creation answering responses it builds", tmp_path)
    assert (found.line, found.message) == (
        8,
        "`POST /files` (`create_file`): no `status_code=` (a creation usually answers 201, "
        "or 202 when it only queues the work; the handler returns built responses, which keep "
        "their own status: pass it to the one that answers the creation, and `status_code=` "
        "to the decorator for the docs)",
    )


def test_rte004_an_answer_saying_whether_anything_changed_is_no_creation(tmp_path):
    # dc43-service-backends server.py:309 register_data_product_input answers
    # {"product": ..., "changed": result.changed}: the port is ensured, the product answered
    assert _run("RTE004", "a registration whose answer says", tmp_path / "g", "good") == []
    [found] = _run("RTE004", "the other side of the ensure trap", tmp_path / "b")
    assert (found.line, found.message) == (
        7,
        "`POST /products/{product_id}/ports` (`register_port`): no `status_code=` (a "
        "creation usually answers 201, or 202 when it only queues the work)",
    )
