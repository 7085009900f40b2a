"""Applications that serve no OpenAPI schema because the factory that builds them turns it
off for the ``FastAPI(**kwargs)`` it makes (``kwargs.setdefault("openapi_url", None)``):
their routes document nothing, so RTE001/RTE004 leave them alone (``Project.schemaless_apps``)."""

from __future__ import annotations

from pathlib import Path

from auditor.engine import Options, audit

FACTORY = (
    "from typing import Any\n"
    "from fastapi import FastAPI\n"
    "def create_app(**kwargs: Any) -> FastAPI:\n"
    "{setup}"
    "    app = FastAPI(**kwargs)\n"
    "    @app.get('/health')\n"
    "    async def health():\n"
    "        return {{'status': 'ok'}}\n"
    "    return app\n"
    "default_app = create_app({args})\n"
)
DEFAULT = '    kwargs.setdefault("openapi_url", None)\n'
FORCED = '    kwargs["openapi_url"] = None  # never published\n'


def findings(root: Path, setup: str, args: str = "", extra: dict[str, str] | None = None):
    root.mkdir(parents=True)
    (root / "sdk.py").write_text(FACTORY.format(setup=setup, args=args))
    for rel, text in (extra or {}).items():
        (root / rel).write_text(text)
    r = audit(root, Options(use_cache=False, select=["RTE004"]))
    return [(f.path, f.line) for f in r.report.findings]


def test_a_factory_that_defaults_the_schema_off_serves_none(tmp_path):
    assert findings(tmp_path / "default", DEFAULT) == []
    # forced off: whatever a caller passes
    assert findings(tmp_path / "forced", FORCED, 'openapi_url="/openapi.json"') == []


def test_a_schema_a_caller_can_still_turn_on_is_kept(tmp_path):
    # a caller in the project passes its own openapi_url over the default
    assert findings(tmp_path / "caller", DEFAULT, 'openapi_url="/openapi.json"')
    other = {"main.py": "from sdk import create_app\napp = create_app(openapi_url='/o.json')\n"}
    assert findings(tmp_path / "elsewhere", DEFAULT, extra=other)
    # set only in some environments, or for the docs page alone
    conditional = "    if not kwargs.get('debug'):\n    " + DEFAULT
    assert findings(tmp_path / "conditional", conditional)
    assert findings(tmp_path / "docs", '    kwargs.setdefault("docs_url", None)\n')
    # set on another dict than the one the app is built from
    assert findings(
        tmp_path / "other", '    extra = {}\n    extra.setdefault("openapi_url", None)\n'
    )
