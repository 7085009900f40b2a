"""Round 38 (H44), helper r38b: the findings of MIG003, DBS001, LOG001 and SET005 that the
judged sheet showed false, pinned by the text the check produces."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_mig003_a_temporary_scratch_table_is_no_schema_change(tmp_path):
    # data-rentgen 976168ee4f16:23, c3f8a2e1d749:33, 9579bc0e1b35:36: `CREATE TEMP TABLE`
    # maps rows of a data migration; the empty downgrade leaves no schema change behind
    assert _run("MIG003", "trap: a data migration whose only DDL", tmp_path / "temp", "good") == []
    assert _run("MIG003", "trap: a scratch table the upgrade", tmp_path / "dropped", "good") == []
    [kept] = _run(
        "MIG003", "the other side of the scratch-table trap: a persistent", tmp_path / "kept"
    )
    assert (kept.path, kept.line, kept.message) == (
        "alembic/versions/2024-10-05_merge_tags.py",
        18,
        "`downgrade()` of revision `4b5c6d7e8f90` does nothing while `upgrade()` runs "
        '`execute("CREATE TABLE ...")`: a rollback would leave the schema changed',
    )
    [both] = _run("MIG003", "the other side of the scratch-table trap: the drop", tmp_path / "both")
    assert (both.line, both.message) == (
        19,
        "`downgrade()` of revision `4b5c6d7e8f90` does nothing while `upgrade()` runs "
        '`execute("DROP TABLE ...")`: a rollback would leave the schema changed',
    )


def test_log001_a_token_record_is_judged_by_its_class_not_its_name(tmp_path):
    # data-rentgen personal_token_provider.py:141, :158: `user, token = self.extract_token(...)`
    # (annotated `-> tuple[User, PersonalToken]`), a record of id, name, scopes and dates
    assert (
        _run("LOG001", "trap: `token` is the decoded token's record", tmp_path / "g", "good") == []
    )
    [found] = _run("LOG001", "the other side of the token-record trap", tmp_path / "b")
    assert (found.path, found.line, found.message) == (
        "app/auth.py",
        34,
        "`logger.debug()` logs `token`: never log passwords, tokens, keys or raw headers",
    )


def test_dbs001_a_tuple_of_target_metadata_and_a_mirror_base(tmp_path):
    # data-rentgen env.py:24 `target_metadata = (Base.metadata,)` beside dataset_symlink.py:13's
    # view base; stocksblitz-shared symbols_minimal.py:19 mirrors `unified_symbols`, which
    # UnifiedSymbol on db.base.Base owns
    assert _run("DBS001", "trap: env.py migrates a tuple", tmp_path / "tuple", "good") == []
    assert _run("DBS001", "trap: the second base only mirrors", tmp_path / "mirror", "good") == []
    message = (
        "`ViewBase = declarative_base()` without `metadata=MetaData(naming_convention=...)`: "
        "constraint and index names are left to the database"
    )
    [listed] = _run("DBS001", "the other side of the migrated-tuple trap", tmp_path / "listed")
    assert (listed.path, listed.line, listed.message) == ("app/views.py", 4, message)
    [owned] = _run("DBS001", "the other side of the mirror trap", tmp_path / "owned")
    assert (owned.path, owned.line, owned.message) == ("app/views.py", 4, message)


def test_set005_hosting_platforms_system_variables_are_not_the_projects(tmp_path):
    # aktools core/api.py:31 `os.getenv("VERCEL") == "1"` picks /tmp for the logs on Vercel
    note = "variables of the OS, the container runtime and tools"
    assert _run("SET005", note, tmp_path / "platform", "good") == []
    found = _run("SET005", "the other side of the platform table", tmp_path / "own")
    assert [(f.line, f.message) for f in found][-2] == (
        16,
        '`os.getenv("VERCEL_DEPLOY_HOOK_URL")` reads the environment outside the settings: '
        "declare `VERCEL_DEPLOY_HOOK_URL` on a settings class",
    )


def test_set005_a_helper_only_a_console_command_runs_is_not_the_servers(tmp_path):
    # initrunner examples.py:108: `_build_request` reads GITHUB_TOKEN for `_download_file`,
    # used only by `copy_example`, which only the `initrunner examples copy` command calls;
    # services/packaging.py's `client._build_request(url)` is an OCIClient method
    assert (
        _run("SET005", "trap: a helper only a console command runs", tmp_path / "g", "good") == []
    )
    [found] = _run("SET005", "the other side of the console-command trap", tmp_path / "b")
    assert (found.path, found.line, found.message) == (
        "shelf/catalog.py",
        11,
        '`os.environ.get("SHELF_GITHUB_TOKEN")` reads the environment outside the settings: '
        "declare `SHELF_GITHUB_TOKEN` on a settings class",
    )


def test_pyd006_an_assert_past_an_early_exit_only_narrows(tmp_path):
    # initrunner agent/schema/v3.py:256-280: `composed = bool(self.agents)`, `if not composed:
    # ... return self`, then `assert self.agents is not None`; `self.agents.values()` after it
    assert (
        _run("PYD006", "trap: the assert comes after `if not composed", tmp_path / "g", "good")
        == []
    )
    [found] = _run("PYD006", "the other side of the early-exit trap", tmp_path / "b")
    assert (found.path, found.line, found.message) == (
        "app/crew.py",
        19,
        "`assert` in validator `composition` is removed under `python -O`: raise `ValueError` "
        "instead",
    )
