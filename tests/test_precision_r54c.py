"""Round 54 helper C (H56-H57 rows): DEP003's wording for a generator entered with `with`."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_dep003_a_generator_entered_with_async_with_raises_at_once(tmp_path):
    # ddeutil-observe initial.py:263: `async with get_async_session() as session` on a plain
    # async generator dependency raises before the generator starts; nothing is left paused
    [found] = _run("DEP003", "a script that enters the generator dependency", tmp_path)
    assert found.message == (
        "yield dependency `get_session()` is called directly in `seed` and entered with "
        "`async with`: a generator is not a context manager, so the statement raises "
        "TypeError (AttributeError before Python 3.11) before the dependency runs"
    )
    assert found.fix.title == (
        "Declare it as a parameter (`Annotated[T, Depends(get_session)]`), or enter "
        "`asynccontextmanager(get_session)()` outside requests"
    )


def test_str002_a_router_over_domains_is_sent_to_its_own_domain_models(tmp_path):
    # mizuoto api/routers/datasets.py:59 (and engines, outputs, audio): every router imports
    # the Job record of core/jobs/models.py; each model belongs to its own domain's module
    found = {f.path: f.message for f in _run("STR002", "routers over domains that keep", tmp_path)}
    assert found == {
        "shop/api/routes/orders.py": "`OrderNote` (a Pydantic model) is defined in the router "
        "module `shop/api/routes/orders.py`: move it to `shop/core/orders/models.py`, its "
        "domain's models module, which it already imports",
        # round 56 (r56c): where several domains keep models modules of their own, a new
        # top-level package is nobody's home; a model of no domain goes beside its router
        "shop/api/routes/search.py": "`SearchQuery` (a Pydantic model) is defined in the "
        "router module `shop/api/routes/search.py`: move it to `shop/api/routes/models.py`",
    }


def test_str002_two_sibling_folders_are_no_layout_of_domains(tmp_path):
    # plombery database/schemas.py beside config/model.py (H54, judged true): two folders
    # may be a layer beside another, whose models module stays the routers' shared home
    from auditor.check import Example
    from auditor.testing import run_example
    from checks.str002_schemas_in_router_module import _DOMAIN_FILES, SchemasInRouterModule

    files = {k: v for k, v in _DOMAIN_FILES.items() if "/billing/" not in k}
    found, _ = run_example(SchemasInRouterModule, Example(files=files), tmp_path)
    assert {f.path: f.message.rsplit(": ", 1)[1] for f in found} == {
        "shop/api/routes/orders.py": "move it to `shop/core/orders/models.py`, its domain's "
        "models module, which it already imports",
        "shop/api/routes/search.py": "move it to `shop/core/tasks/models.py`",
    }
