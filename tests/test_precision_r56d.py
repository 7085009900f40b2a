"""Round 56 (H59), helper r56d: the findings of RTE005 (and the others this helper
touched) that the judged sheet showed false, pinned by the text the checks produce."""

from __future__ import annotations

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
