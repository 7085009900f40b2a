"""Round 32 (H38), helper r32d: the findings of PYD006, STR002, DBS001 and MIG001 that the
judged sheet showed false or misworded, pinned by the text the checks produce."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_pyd006_an_assert_its_guard_already_holds_is_not_reported(tmp_path):
    # dazzle-dsl core/ir/aggregates.py:156, :393: `assert self.function_name is not None`
    # under `elif is_function:`, `is_function = self.function_name is not None`
    assert _run("PYD006", "trap: an assert inside a branch whose guard", tmp_path, "good") == []
    found = {f.line: f.message for f in _run("PYD006", "the other side of the guard", tmp_path)}
    assert found == {
        15: "`assert` in validator `known` is removed under `python -O`: raise `ValueError` "
        "instead",
        22: "`assert` in validator `labelled` is removed under `python -O`: raise `ValueError` "
        "instead",
    }


def test_dbs001_tables_that_name_every_constraint_leave_nothing_to_the_database(tmp_path):
    # openviking server/account_stores/mysql_schema.py:29: five tables whose every
    # UniqueConstraint, ForeignKeyConstraint and Index has name=..., mirroring sql/init.sql
    assert _run("DBS001", "trap: every foreign key, unique constraint", tmp_path, "good") == []
    [found] = _run("DBS001", "the other side of the named-constraints trap", tmp_path)
    assert (found.line, found.message) == (
        5,
        "declarative base `Base` has no `metadata = MetaData(naming_convention=...)`: "
        "constraint and index names are left to the database",
    )


def test_str002_a_dependencys_value_does_not_make_its_module_a_home(tmp_path):
    # dazzle-dsl http/runtime/task_routes.py:38, :57, :95: the runtime routers import
    # AuthContext from auth/models.py as the type of Depends(auth_dep), and the advice named
    # the auth subsystem's models module as the home of the task schemas
    [found] = _run("STR002", "the sibling routers import a model from another", tmp_path)
    assert found.message == (
        "`TaskOut` (a Pydantic model) is defined in the router module `svc/routes/tasks.py`: "
        "move it to `svc/routes/models.py`"
    )


def test_mig001_a_sql_first_schema_with_versioned_change_files_is_migrated(tmp_path):
    # openviking server/account_stores/mysql_schema.py:33: sql/init.sql creates every table
    # the models map, and sql/changes/0000_template.sql starts the dated forward-only changes
    assert _run("MIG001", "trap: a SQL-first schema", tmp_path, "good") == []
    found = [
        (f.path, f.line, f.message)
        for f in _run("MIG001", "the other side of the SQL-first trap", tmp_path)
    ]
    assert found == [
        (
            "notes/models.py",
            8,
            "ORM models (`Note`) but no Alembic setup (no `alembic.ini`, `[tool.alembic]` or "
            "migration folder): schema changes are applied by hand or by `create_all`, which "
            "never alters a table",
        )
    ]
