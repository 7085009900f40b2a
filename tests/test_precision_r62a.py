"""Round 62, helper A (H68/H69 rows): docs the project publishes on purpose -- a README
section about its documentation, docs on the reader's own host, a shipped front end, a
launcher announcing them -- and a module-level app nothing adds a route to, serves or
imports (a stray object, not an application)."""

from __future__ import annotations

import ast
from pathlib import Path

from auditor.engine import Options, audit
from auditor.project import Project
from checks.rte002_docs_exposed_in_production import (
    _announces_docs,
    _docs_in_documentation,
    _documented_on_deployment,
    _publishes_docs,
)

LIBRARY = {
    "kit/__init__.py": "",
    "kit/routes.py": (
        "from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n"
        '@router.get("/tokens")\nasync def tokens() -> list[str]:\n    return []\n'
    ),
    "kit/jobs/__init__.py": 'from .refresh import app, refresh_all\n\n__all__ = ["app", "refresh_all"]\n',
    "kit/jobs/refresh.py": (
        "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
        "async def refresh_all() -> None:\n    return None\n"
    ),
}
STRAY = "kit.jobs.refresh.app"


def _project(root: Path, files: dict[str, str], check: str = "PRD001") -> Project:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return audit(root, Options(use_cache=False, select=[check])).project


def test_an_app_only_its_package_re_exports_is_stray(tmp_path):
    p = _project(tmp_path, LIBRARY)
    assert STRAY in p.stray_apps
    assert not p.served(p.apps[STRAY])
    assert all(a.qname != STRAY for a in p.served_apps)


def test_an_app_imported_through_the_package_is_not_stray(tmp_path):
    user = "from kit.jobs import app\n\n\ndef run() -> object:\n    return app\n"
    p = _project(tmp_path, {**LIBRARY, "kit/run.py": user})
    assert STRAY not in p.stray_apps


def test_an_app_a_command_file_names_is_not_stray(tmp_path):
    docker = 'FROM python:3.12\nCMD ["uvicorn", "kit.jobs.refresh:app"]\n'
    p = _project(tmp_path, {**LIBRARY, "Dockerfile": docker})
    assert STRAY not in p.stray_apps


def test_a_bare_app_of_a_project_with_no_route_is_kept(tmp_path):
    files = {k: v for k, v in LIBRARY.items() if k != "kit/routes.py"}
    p = _project(tmp_path, files)
    assert p.stray_apps == frozenset()


def test_an_app_given_a_lifespan_is_not_stray(tmp_path):
    refresh = LIBRARY["kit/jobs/refresh.py"].replace("FastAPI()", "FastAPI(lifespan=None)")
    p = _project(tmp_path, {**LIBRARY, "kit/jobs/refresh.py": refresh})
    assert STRAY not in p.stray_apps


def test_the_stray_app_has_no_prd001_or_rte002_finding(tmp_path):
    for check in ("PRD001", "RTE002"):
        root = tmp_path / check
        for name, text in LIBRARY.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text)
        result = audit(root, Options(use_cache=False, select=[check]))
        assert [f for f in result.report.findings if f.check_id == check] == []


def test_a_documentation_section_gives_the_docs():
    readme = "# X\n\n## Documentation\n\n- [API (Swagger)](http://localhost:8000/docs)\n"
    assert _docs_in_documentation(readme)
    assert _publishes_docs(readme)


def test_a_code_block_comment_heads_no_section():
    readme = (
        "# X\n\n## Setup\n\n```bash\n# Docs\nmake run\n```\n\n- API: http://localhost:8000/docs\n"
    )
    assert not _docs_in_documentation(readme)
    assert not _publishes_docs(readme)


def test_a_documentation_section_linking_another_site_gives_nothing():
    readme = "# X\n\n## Documentation\n\nSee https://x.example.com/docs.\n"
    assert not _docs_in_documentation(readme)


def test_docs_on_the_readers_host_need_words_calling_them_documentation():
    assert _documented_on_deployment("OpenAPI documentation: `http://<host>/docs`.")
    assert not _documented_on_deployment("Check `http://<server>:8000/docs` answers.")
    # another docs URL on the line is no word of its own
    assert not _documented_on_deployment("Check `http://<s>/docs` and `http://<s>/redoc`.")


def _call(source: str) -> ast.Call:
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
    return node.value


def test_a_log_field_named_for_the_docs_announces_them():
    assert _announces_docs(_call('log.info("start", docs="http://localhost:8001/docs")'))
    assert _announces_docs(_call('log.info("start", api_docs=f"http://{host}:{port}/docs")'))


def test_a_log_field_naming_another_site_or_not_the_docs_announces_nothing():
    assert not _announces_docs(_call('log.info("start", docs="https://x.example.com/docs")'))
    assert not _announces_docs(_call('log.info("start", url="http://localhost:8001/docs")'))


def test_a_sentence_with_a_literal_local_docs_url_announces_them():
    assert _announces_docs(_call('print("API docs: http://localhost:8001/docs")'))
    assert not _announces_docs(_call('print("http://localhost:8001/docs")'))
