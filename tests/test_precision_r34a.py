"""Round 34 (H40), helper r34a: the findings of RTE004 that the judged sheet showed false,
pinned by the text the check produces."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_rte004_routers_included_out_of_the_schema_through_a_loop_are_skipped(tmp_path):
    # benethos-mailbox-service web/pages/__init__.py:118-119: `for area in AREAS:
    # app.include_router(area.router, prefix=PATH, include_in_schema=False)` over a module
    # tuple of page modules (pages/routes/folders.py:113, oauth.py:44, webhooks.py:204)
    assert (
        _run("RTE004", "the routers of server-rendered pages, included", tmp_path / "good", "good")
        == []
    )
    found = {
        (f.path, f.line): f.message
        for f in _run("RTE004", "the trap beside pages included through a loop", tmp_path / "bad")
    }
    assert found == {
        ("shop/api/cart.py", 6): "`POST /api/cart/{item_id}/remove` (`remove_item`): no "
        "summary, description or docstring",
        ("shop/api/orders.py", 6): "`GET /api/orders` (`order_list`): no summary, "
        "description or docstring",
    }


def test_rte004_a_registration_saying_registered_or_updated_is_an_upsert(tmp_path):
    # microstorm discovery/main.py:15: `register_service` overwrites `registry[name]` and
    # answers "Service ... registered/updated"; services re-register every 20 s
    assert (
        _run("RTE004", "a registration that answers it registered", tmp_path / "good", "good") == []
    )
    [found] = _run("RTE004", "the other side of the registered-or-updated", tmp_path / "bad")
    assert (found.line, found.message) == (
        7,
        "`POST /leases` (`register_lease`): no `status_code=` (a creation usually answers "
        "201, or 202 when it only queues the work)",
    )


def test_rte002_a_readme_list_item_naming_the_docs_path_publishes_them(tmp_path):
    # benethos-mailbox-service METADATA:144-147: "- `/docs`: the interactive API
    # documentation" among the paths `serve` exposes (assembly/web.py:39)
    assert _run("RTE002", "the README lists the docs in a list", tmp_path / "good", "good") == []
    [found] = _run("RTE002", "the other side of the README's list", tmp_path / "bad")
    assert (found.line, found.message) == (
        3,
        "`FastAPI(...)` sets none of `openapi_url`, `docs_url`, `redoc_url`: `Catalogue` "
        "serves `/docs` and `/openapi.json` in every environment",
    )
