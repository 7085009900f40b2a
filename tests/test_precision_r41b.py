"""Round 41 (H47), helper r41b: the findings of PYD007, PRD001, SEC002, RTE002 and STR002
that the judged sheet showed false or with a wrong message, pinned by the text the checks
produce."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_pyd007_counts_only_the_models_proven_to_subclass_base_model(tmp_path):
    # happy-vllm routers/schemas/functional.py:41: "all 13 Pydantic models" while 3 more
    # models subclass vLLM's protocol models, which the check does not count
    [found] = _run("PYD007", "a class deriving from a library's model", tmp_path)
    assert (found.path, found.line, found.message) == (
        "app/schemas.py",
        5,
        "2 Pydantic models subclass `BaseModel` directly (2 in this module): give them a "
        "shared project base model",
    )
