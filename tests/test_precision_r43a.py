"""Round 43 (H49), helper r43a: old copies kept beside their live module, pinned by the
findings the checks produce on variants of PYD003's examples."""

from __future__ import annotations

import dataclasses

import pytest

from auditor.testing import noted_example, run_example


@pytest.mark.parametrize(
    "extra",
    [
        # a command runs the copy: it is not dead
        {"Procfile": "worker: python -m jobs.core.settings_backup\n"},
        # a loader imports it by name
        {
            "jobs/loader.py": "import importlib\n\n"
            'importlib.import_module("jobs.core.settings_backup")\n'
        },
        # it runs its own program
        {
            "jobs/core/settings_backup.py": "from pydantic import BaseModel, Field\n\n\n"
            "class JobSettings(BaseModel):\n"
            "    retries: int = Field(default=3, error_messages={})\n\n\n"
            "def main() -> None:\n    print(JobSettings())\n\n\n"
            'if __name__ == "__main__":\n    main()\n'
        },
    ],
    ids=["named-by-a-command", "imported-by-name", "a-program"],
)
def test_a_copy_beside_its_live_module_that_something_may_run_is_reported(tmp_path, extra):
    # vital-chatwoot-bridge handlers/webhook_handler_backup.py:173 is silent because nothing
    # runs it; each of these makes the copy run, so its deprecated keyword is reported
    check, good = noted_example("PYD003", "an old copy kept beside its live module", "good")
    example = dataclasses.replace(good, files={**good.files, **extra})
    found, _ = run_example(check, example, tmp_path)
    assert [(f.path, f.line) for f in found] == [("jobs/core/settings_backup.py", 5)]


def test_a_copy_whose_live_twin_no_application_reaches_is_reported(tmp_path):
    # the live module must be reached: two unreached copies of a class tell nothing apart
    check, good = noted_example("PYD003", "an old copy kept beside its live module", "good")
    files = dict(good.files)
    files["jobs/main.py"] = files["jobs/main.py"].replace(
        "from jobs.core.settings import JobSettings\n\nsettings = JobSettings()\n", ""
    )
    found, _ = run_example(check, dataclasses.replace(good, files=files), tmp_path)
    assert [(f.path, f.line) for f in found] == [("jobs/core/settings_backup.py", 5)]
