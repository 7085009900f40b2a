"""Round 56 (H59), helper r56d: the findings of RTE005 (and the others this helper
touched) that the judged sheet showed false, pinned by the text the checks produce."""

from __future__ import annotations

import dataclasses

from auditor.testing import noted_example, run_example
from auditor.testing import run_noted_example as _run


def test_rte005_a_relative_redirect_keeps_the_segments_before_the_last(tmp_path):
    # mashpy sandbox.py:229: `/s/{token}/ports/{port}` only redirects to f"{port}/", which
    # resolves against the request path and keeps `token` for the target route
    found = sorted(
        (f.line, f.message) for f in _run("RTE005", "redirects that drop the value", tmp_path)
    )
    assert found == [
        (
            7,
            "`GET /shops/{shop}/orders/{order}` (`legacy_order`): path parameter `order` is "
            "not declared by the handler or its dependencies, so FastAPI ignores it",
        ),
        (
            7,
            "`GET /shops/{shop}/orders/{order}` (`legacy_order`): path parameter `shop` is "
            "not declared by the handler or its dependencies, so FastAPI ignores it",
        ),
        (
            12,
            "`GET /shops/{shop}/items/{item}` (`item_page`): path parameter `item` is "
            "not declared by the handler or its dependencies, so FastAPI ignores it",
        ),
    ]


def test_asy004_a_guarded_task_stays_reported_when_the_class_is_handed_on(tmp_path):
    # mashpy commands.py:69 is silent because every CommandRegistry(...) hands a logger whose
    # `emit` returns None; a reference to the class (a factory handed elsewhere) may build
    # one with any logger, so the proof fails and the finding stays
    check, example = noted_example("ASY004", "a task made only when the auditor", "good")
    files = dict(example.files)
    files["shell/repl.py"] += "\n\nFACTORIES = {'registry': Registry}\n"
    findings, _ = run_example(check, dataclasses.replace(example, files=files), tmp_path)
    assert [(f.path, f.line, f.message) for f in findings] == [
        (
            "shell/commands.py",
            21,
            "`loop.create_task()` result is discarded: the task can be garbage-collected "
            "mid-flight and its exceptions are never seen (ruff RUF006)",
        )
    ]
