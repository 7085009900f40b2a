"""Round 56, helper C (H59's rows): a conditional on a constant flag is decided statically,
migrations named by a sortable prefix, STR002's suggested home, PRD006's wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.engine import Options, audit
from auditor.testing import run_noted_example

WEB = (
    "from fastapi import FastAPI\n"
    "from beacon import config\n"
    "app = FastAPI(openapi_url='/o.json' if config.verbose else None)\n"
    "@app.get('/pings')\n"
    "async def pings() -> list[str]:\n"
    "    return []\n"
)


def _rte004(root: Path, config: str, extra: dict[str, str] | None = None) -> list[int]:
    pkg = root / "beacon"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "config.py").write_text(config)
    (pkg / "web.py").write_text(WEB)
    for rel, text in (extra or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    r = audit(root, Options(use_cache=False, select=["RTE004"]))
    return [f.line for f in r.report.findings]


def test_a_false_constant_flag_turns_the_schema_off(tmp_path):
    # tooldex api/app.py:32-34 under settings.py's `debug = False`
    assert _rte004(tmp_path / "plain", "verbose = False\n") == []
    assert _rte004(tmp_path / "annotated", "verbose: bool = False\n") == []
    # a test that patches the flag does not change what production serves
    test = {"tests/test_web.py": "from beacon import config\nconfig.verbose = True\n"}
    assert _rte004(tmp_path / "patched", "verbose = False\n", test) == []


def test_a_true_constant_flag_keeps_the_schema(tmp_path):
    assert _rte004(tmp_path / "on", "verbose = True\n") == [4]


@pytest.mark.parametrize(
    ("config", "extra"),
    [
        ("import os\nverbose = os.getenv('VERBOSE') == '1'\n", None),
        ("verbose = False\nif __debug__:\n    verbose = True\n", None),
        ("try:\n    verbose = False\nexcept ImportError:\n    verbose = True\n", None),
        ("verbose = False\ndef turn_on():\n    global verbose\n    verbose = True\n", None),
        ("verbose = False\nfrom beacon.local import *\n", None),
        ("verbose = False\n", {"beacon/cli.py": "from beacon import config\nconfig.verbose = 1\n"}),
        (
            "verbose = False\n",
            {"beacon/cli.py": "import beacon.config as c\nsetattr(c, 'verbose', True)\n"},
        ),
    ],
    ids=["environment", "conditional", "try", "global", "star", "assigned", "setattr"],
)
def test_a_flag_that_may_change_stays_unknown(tmp_path, config, extra):
    assert _rte004(tmp_path, config, extra) == [4]


def test_prd006_a_package_subfolder_context_holds_no_git_history(tmp_path):
    # fastband-mcp fastband/hub/Dockerfile:79: `COPY requirements.txt .` and `COPY web/ ./`
    # name files of fastband/hub/, built as its own context: no `.git` can be in it
    [found] = run_noted_example("PRD006", "a package subfolder built as its own", tmp_path)
    assert found.message == (
        "`COPY . .` copies the whole build context, and there is no `.dockerignore` in "
        "`relay/gateway/` nor in any folder above it: any `.env` secrets or `.venv` in the "
        "context end up in the image"
    )


@pytest.mark.parametrize(
    ("note_start", "expected"),
    [
        (
            # novafabric serve/routers/*.py: novafabric/schemas/ is a package of JSON Schema
            # files (and one event model), no home for HTTP response models
            "the `schemas/` package above holds JSON Schema documents",
            "`EntryPage` (a Pydantic model) is defined in the router module "
            "`ledger/web/routes/entries.py`: move it to `ledger/web/routes/schemas.py`",
        ),
        (
            # mashpy api/routes/{evals,feedback}.py: the routers take their request bodies
            # from api/routes/common.py
            "the routers beside it import their request models from `shared.py`",
            "`TagIn` (a Pydantic model) is defined in the router module `desk/routes/tags.py`: "
            "move it to `desk/routes/shared.py`, where the routers beside it import their "
            "models from",
        ),
        (
            # mashpy agents/cortex/routes.py: the Cortex package keeps its records in models.py
            "a feature package whose `models.py` holds its dataclasses",
            "`BoardIn` (a Pydantic model) is defined in the router module "
            "`studio/features/boards/routes.py`: move it to "
            "`studio/features/boards/models.py`, the models module of its own package",
        ),
    ],
    ids=["documents", "used-module", "feature-models"],
)
def test_str002_suggests_a_home_the_project_uses(tmp_path, note_start, expected):
    [found] = run_noted_example("STR002", note_start, tmp_path)
    assert found.message == expected
