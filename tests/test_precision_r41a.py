"""Round 41 (H47), helper r41a: the findings of RTE001, MIG001, ASY004 and ERR002 that the
judged sheet showed false, pinned by the text the checks produce."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_rte001_a_helper_annotated_str_that_returns_a_response_answers_a_response(tmp_path):
    # mqtt-rest plugins/routes.py:42 (update_report -> str returns TemplateEngine.render's
    # PlainTextResponse) and :37 (get_plugin(p).manager.render(...) on a SingleJob | MultiJob
    # union, each reaching the same PlainTextResponse)
    assert _run("RTE001", "helpers annotated `-> str` whose code", tmp_path / "good", "good") == []
    found = {f.line: f.message for f in _run("RTE001", "the other side of the script", tmp_path)}
    assert found == {
        9: "`GET /install` (`install`) returns plain values but declares no return type: the "
        "response is undocumented in OpenAPI (annotate it: `-> bool`, `-> str` ...)",
        14: "`GET /plugins/{name}/job` (`job`) declares no response model and no return type: "
        "its result is undocumented in OpenAPI (the values it returns could not be read)",
    }


def test_mig001_an_in_memory_sqlite_engine_has_no_schema_to_migrate(tmp_path):
    # mqtt-rest plugins/report_manager.py:9: the only engine is create_engine("sqlite://",
    # poolclass=StaticPool), rebuilt by create_all on every start
    assert _run("MIG001", "the only engine is an in-memory", tmp_path / "good", "good") == []
    for note in ("the other side of the in-memory trap", "only the tests use an in-memory"):
        [found] = _run("MIG001", note, tmp_path / note[:8].replace(" ", "_"))
        assert (found.path, found.line, found.message) == (
            "app/models.py",
            8,
            "ORM models (`Secret`) but no Alembic setup (no `alembic.ini`, `[tool.alembic]` or "
            "migration folder): schema changes are applied by hand or by `create_all`, which "
            "never alters a table",
        )


def test_asy004_a_put_on_an_unbounded_queue_finishes_in_its_first_step(tmp_path):
    # tterp-cores cores/logger/logging_setup.py:134 asyncio.create_task(self.queue.put(x))
    # where self.queue = asyncio.Queue()
    assert _run("ASY004", "the task only puts an item on a queue", tmp_path / "good", "good") == []
    [found] = _run("ASY004", "the other side of the unbounded queue", tmp_path / "bad")
    assert (found.line, found.message) == (
        11,
        "`asyncio.create_task()` result is discarded: the task can be garbage-collected "
        "mid-flight and its exceptions are never seen (ruff RUF006)",
    )


def test_err002_a_try_that_only_builds_a_generator_runs_none_of_it(tmp_path):
    # oremi-izwi izwi/api/tts.py:195: the try only calls the async generator function
    # engine.stream_synthesize; StreamingResponse iterates it after the try
    assert _run("ERR002", "the `try` only calls a project generator", tmp_path / "g", "good") == []
    [found] = _run("ERR002", "the other side of the lazy stream", tmp_path / "bad")
    assert (found.path, found.line, found.message) == (
        "app/main.py",
        14,
        '`f"...{e}"` from `except Exception` is sent to the client in `HTTPException(detail=...)`: '
        "it can leak SQL, hosts, paths or credentials",
    )
