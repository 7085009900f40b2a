"""Advice that must fit the code it is given for (round 15, H16): the examples pin lines and
fix diffs; these pin the wording whose facts the precision work corrected."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_no_shared_alias_for_parameters_declaring_different_types(tmp_path):
    found = _run("DEP001", "postponed annotations naming a type", tmp_path)
    users = [f for f in found if "`user`" in f.message]
    assert len(users) == 3
    for f in users:
        assert "define `" not in f.message, f.message
        assert "declared as `Account` and `Session`" in f.message, f.message
        assert "is bound at run time" in f.message, f.message
        assert f.fix is None or not f.fix.diff


def test_a_shared_alias_takes_the_type_its_signatures_agree_on(tmp_path):
    found = _run("DEP001", "dependencies in another module", tmp_path)
    me = next(f for f in found if f.line == 10 and f.path == "app/routes.py")
    assert me.message.endswith(
        "define `CurrentUserDep = Annotated[dict, Depends(get_current_user)]` once"
    )


def test_a_package_named_schema_that_holds_no_models_is_not_their_home(tmp_path):
    [found] = _run("STR002", "a package named `schema/` that holds code", tmp_path / "one")
    assert found.message.endswith("move it to `srv/models.py`"), found.message
    [fresh] = _run("STR002", "no home of models yet, and `schemas/` is taken", tmp_path / "two")
    assert fresh.message.endswith("move it to a new `app/schema/` package"), fresh.message
