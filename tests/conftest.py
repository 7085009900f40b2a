from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Never touch the real user cache from tests."""
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "auditor-cache"))
