"""Round 36 (H42), helper r36b: the findings of RTE002, ERR002, DBS002 and SEC003 that the
judged sheet showed false, pinned by the text the check produces."""

from __future__ import annotations

import pytest

from auditor.engine import analyze_module
from auditor.testing import run_noted_example as _run

_CATALOGUE = (
    "`FastAPI(...)` sets none of `openapi_url`, `docs_url`, `redoc_url`: `Catalogue` "
    "serves `/docs` and `/openapi.json` in every environment"
)


def test_rte002_a_readme_giving_the_docs_locally_and_deployed_publishes_them(tmp_path):
    # laminhub-rest METADATA "## 4. Usage": "Access API documentation from these endpoints",
    # then http://localhost:8000/docs and the staging and production Cloud Run URLs ending
    # in /docs (main.py:24)
    assert _run("RTE002", "the README gives the docs page both", tmp_path / "good", "good") == []
    [found] = _run("RTE002", "the other side of the deployed docs URL", tmp_path / "bad")
    assert (found.line, found.message) == (3, _CATALOGUE)


def test_rte002_a_package_folder_readme_speaks_for_the_app_of_its_folder(tmp_path):
    # fts-mcp full_text_search/server/README.md:9 "- **Auto-generated docs**: Interactive
    # API documentation at `/docs`" beside server/api.py:138; the apps of mcp_gateway/ and
    # mcp_plus_api/ stay reported
    assert _run("RTE002", "a README shipped in the app's own", tmp_path / "good", "good") == []
    [found] = _run("RTE002", "the other side of a package folder's README", tmp_path / "bad")
    assert (found.path, found.line, found.message) == (
        "kit/relay/server.py",
        3,
        "`FastAPI(...)` sets none of `openapi_url`, `docs_url`, `redoc_url`: `Relay` serves "
        "`/docs` and `/openapi.json` in every environment",
    )


def test_rte002_a_local_docs_url_alone_stays_reported(tmp_path):
    # the check's promise (vmr-http METADATA "visit http://localhost:8000/docs" left
    # reported, as shopscout H41 and agent-api-server H42 judged true)
    [found] = _run("RTE002", "the other side of the README listing", tmp_path / "bad")
    assert (found.line, found.message) == (3, _CATALOGUE)


def test_err002_a_callee_converting_every_error_to_a_caught_project_error(tmp_path):
    # scrapyrta app/api/v1/crawls.py:25-36: the try only awaits run_spider, whose whole body
    # (services.py:24-78) sits in a try whose `except Exception` logs and raises
    # SpiderRunError(name) from e, caught by the earlier `except tuple(handlers.keys())`
    assert (
        _run(
            "ERR002",
            "the `try` only awaits a project function whose catch-all",
            tmp_path / "good",
            "good",
        )
        == []
    )
    [found] = _run("ERR002", "the other side of the converted errors", tmp_path / "bad")
    assert (found.path, found.line, found.message) == (
        "app/main.py",
        17,
        '`f"...{e}"` from `except Exception` is sent to the client in '
        "`HTTPException(detail=...)`: it can leak SQL, hosts, paths or credentials",
    )


_CONVERTING = """\
import logging

from app.errors import RunError

log = logging.getLogger(__name__)


def run(name, fetch):
    try:
        return fetch(name)
    except Exception as e:
        text = f"{e}"
        log.error(text)
        raise {raised} from e
"""


@pytest.mark.parametrize(
    ("raised", "converts"),
    [
        ("RunError(name)", ("app.errors.RunError",)),
        ("RunError(name, 'fetch failed')", ("app.errors.RunError",)),
        ("RunError(text)", ()),  # the caught error's text, through a local
        ("RunError(str(e))", ()),
        ("ValueError(name)", ()),  # not the project's own class
    ],
)
def test_converts_errors_needs_a_project_class_without_the_caught_text(raised, converts):
    facts = analyze_module(
        "app/jobs.py", _CONVERTING.replace("{raised}", raised).encode(), "app", frozenset({"app"})
    )
    fn = facts.functions["app.jobs.run"]
    assert (fn.swallows_errors, fn.converts_errors) == (False, converts)
