"""A finding on a route sits on the exact lines of one file (catalogue: "One finding, one
place"): for ``router.add_api_route(path, handler)`` in another module than the handler's,
the registration's file and line, never the handler's file with the registration's line."""

from __future__ import annotations

from pathlib import Path

from auditor.engine import Options, audit

FILES = {
    "app/__init__.py": "",
    "app/api/__init__.py": "",
    "app/api/keys.py": (
        "async def create_key(name: str) -> dict:\n"
        "    return {'name': name}\n"
        "\n"
        "\n"
        "async def login(username: str) -> dict:\n"
        "    return {'token': username}\n"
    ),
    "app/main.py": (
        "from fastapi import FastAPI\n"
        "\n"
        "from app.api import keys\n"
        "\n"
        "app = FastAPI()\n"
        "\n"
        "\n"
        "def register(app: FastAPI) -> None:\n"
        "    pass\n"
        "\n"
        "\n"
        "app.add_api_route('/keys/{owner}', keys.create_key, methods=['POST'])\n"
        "app.add_api_route('/auth/login', keys.login, methods=['POST'])\n"
    ),
}


def test_findings_on_a_registered_route_sit_on_the_registration(tmp_path: Path) -> None:
    for rel, src in FILES.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(src)
    ids = ["RTE004", "RTE005", "SEC007"]
    result = audit(tmp_path, Options(select=ids, use_cache=False))
    project = result.project
    sites = {r.function.name: (r.site.path, r.decorator.line) for r in project.routes}
    assert sites == {"create_key": ("app/main.py", 12), "login": ("app/main.py", 13)}
    assert {r.module.path for r in project.routes} == {"app/api/keys.py"}  # the handler's
    found = {(f.check_id, f.path, f.line) for f in result.report.findings if f.check_id in ids}
    assert ("RTE004", "app/main.py", 12) in found
    assert ("RTE005", "app/main.py", 12) in found
    assert ("SEC007", "app/main.py", 12) in found or ("SEC007", "app/main.py", 13) in found
    for f in result.report.findings:
        lines = (tmp_path / f.path).read_text().splitlines()
        assert f.line is None or f.line <= len(lines), (f.check_id, f.path, f.line)
