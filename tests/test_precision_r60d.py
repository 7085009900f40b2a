"""Round 60, helper D (H64 pixeltable, H65 hanakura rows): a versioned migration system of
the project's own whose steps a decorator registers, a private ``MetaData`` that only maps a
retired table, and a GET answering back client-owned JSON of any shape."""

from __future__ import annotations

from pathlib import Path

from auditor.engine import Options, audit
from auditor.project import Project
from checks.dbs001_metadata_naming_convention import _RETIRED
from checks.mig001_alembic_configured import _REGISTERED


def _project(root: Path, files: dict[str, str], check: str) -> Project:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return audit(root, Options(use_cache=False, select=[check])).project


def _ids(root: Path, files: dict[str, str], check: str) -> list[tuple[str, int]]:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    report = audit(root, Options(use_cache=False, select=[check]))
    return sorted((f.path, f.line) for f in report.hits if f.check_id == check)


def test_a_step_a_decorator_stores_by_version_is_a_migration_of_its_own(tmp_path):
    files = {
        k: v.format(body="        STEPS[version] = fn\n        return fn")
        for k, v in _REGISTERED.items()
    }
    assert _project(tmp_path, files, "MIG001").handwritten_migrations == ["app/upgrades/v3.py"]


def test_a_decorator_that_hands_the_function_back_registers_nothing(tmp_path):
    files = {
        k: v.format(body="        print(version)\n        return fn")
        for k, v in _REGISTERED.items()
    }
    assert _project(tmp_path, files, "MIG001").handwritten_migrations == []


def test_a_retired_table_with_only_a_primary_key_is_not_reported(tmp_path):
    files = {k: v.format(column='sa.Column("body", sa.Text)') for k, v in _RETIRED.items()}
    assert _ids(tmp_path, files, "DBS001") == []


def test_a_retired_table_with_an_unnamed_unique_constraint_is_reported(tmp_path):
    column = 'sa.Column("body", sa.Text, unique=True)'
    files = {k: v.format(column=column) for k, v in _RETIRED.items()}
    assert _ids(tmp_path, files, "DBS001") == [("app/upgrade.py", 3)]


STORE = """\
from typing import Annotated, Any

from fastapi import Body, FastAPI

from app.store import blobs

app = FastAPI()


@app.get("/blob/{key}")
def read_blob(key: str) -> Any:
    return blobs.get(key)


@app.put("/blob/{key}")
def write_blob(key: str, value: Annotated[Any, MARKER]) -> None:
    blobs.put(key, value)
"""


def test_a_get_answering_an_opaque_client_blob_is_not_reported(tmp_path):
    assert _ids(tmp_path, {"app/main.py": STORE.replace("MARKER", "Body()")}, "RTE001") == []


def test_an_any_parameter_without_body_is_a_query_value_not_a_store(tmp_path):
    files = {"app/main.py": STORE.replace("MARKER", '"a query value"')}
    assert _ids(tmp_path, files, "RTE001") == [("app/main.py", 11)]


def test_a_table_name_built_from_a_uuids_hex_is_generated_by_the_code(tmp_path):
    from checks.dbs002_sql_string_interpolation import _STORE_TABLES

    files = {"app/main.py": _STORE_TABLES.format(owner="UUID", attr=".hex")}
    assert _ids(tmp_path, files, "DBS002") == []


def test_a_table_name_built_from_a_string_parameter_stays_reported(tmp_path):
    from checks.dbs002_sql_string_interpolation import _STORE_TABLES

    files = {"app/main.py": _STORE_TABLES.format(owner="str", attr="")}
    assert _ids(tmp_path, files, "DBS002") == [("app/main.py", 7)]


def test_a_uuid_parameter_rebound_from_other_text_is_not_closed(tmp_path):
    from checks.dbs002_sql_string_interpolation import _STORE_TABLES

    text = _STORE_TABLES.format(owner="UUID", attr=".hex").replace(
        '    kind = "view"', '    owner = conn.read()\n    kind = "view"'
    )
    assert _ids(tmp_path, {"app/main.py": text}, "DBS002") == [("app/main.py", 7)]


def test_a_cosmetic_tail_of_the_same_handler_is_not_reported(tmp_path):
    from checks.rte005_path_param_not_consumed import _DOWNLOAD

    files = {"app/main.py": _DOWNLOAD.format(name="download_report")}
    assert _ids(tmp_path, files, "RTE005") == []


def test_a_tail_ignored_by_a_handler_of_its_own_stays_reported(tmp_path):
    from checks.rte005_path_param_not_consumed import _DOWNLOAD

    files = {"app/main.py": _DOWNLOAD.format(name="download_titled")}
    assert _ids(tmp_path, files, "RTE005") == [("app/main.py", 14)]
