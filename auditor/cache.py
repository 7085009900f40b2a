"""Per-file facts cache, keyed by content hash, under the user's cache folder.

One pack file per audited root (``<cache>/fastapi-auditor/<hash of root>.pickle``) maps
each path to (content key, facts).  The pack is stamped with a fingerprint of the
auditor's own code, so any change to the engine or a check invalidates it.  It is never
written inside the audited repository unless ``--cache-dir`` points there.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from auditor import __version__
from auditor.facts import ModuleFacts

_FORMAT = 2


def default_cache_dir() -> Path:
    env = os.environ.get("AUDITOR_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "fastapi-auditor"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the auditor's and the catalogue's source files (and the version)."""
    import auditor
    import checks

    h = hashlib.blake2b(digest_size=12)
    h.update(f"{__version__}:{_FORMAT}".encode())
    for pkg in (auditor, checks):
        base = Path(pkg.__file__).parent
        for p in sorted(base.rglob("*.py")):
            try:
                h.update(p.relative_to(base).as_posix().encode())
                h.update(p.read_bytes())
            except OSError:
                pass
    return h.hexdigest()


class FactsCache:
    def __init__(self, file: Path, entries: dict[str, Any]):
        self.file = file
        self.entries = entries
        self.dirty = False
        self.fingerprint = code_fingerprint()

    @classmethod
    def open(cls, root: Path, cache_dir: Path | None = None) -> FactsCache:
        base = cache_dir or default_cache_dir()
        name = hashlib.blake2b(str(root).encode(), digest_size=10).hexdigest()
        file = base / f"{name}.pickle"
        entries: dict[str, Any] = {}
        import gc

        try:
            with open(file, "rb") as fh:
                gc.disable()  # loading many small objects: the collector only slows it down
                try:
                    data = pickle.load(fh)
                finally:
                    gc.enable()
            if isinstance(data, dict) and data.get("fingerprint") == code_fingerprint():
                entries = data.get("entries", {})
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, TypeError):
            entries = {}
        return cls(file, entries)

    def get(self, path: str, key: str) -> ModuleFacts | None:
        hit = self.entries.get(path)
        if hit is not None and hit[0] == key:
            return hit[1]
        return None

    def put(self, path: str, key: str, facts: ModuleFacts) -> None:
        self.entries[path] = (key, facts)
        self.dirty = True

    def get_fix(self, key: str) -> tuple[bool, str | None]:
        fixes = self.entries.get("\0fixes", {})
        if key in fixes:
            return True, fixes[key]
        return False, None

    def put_fix(self, key: str, diff: str | None) -> None:
        self.entries.setdefault("\0fixes", {})[key] = diff
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.file.parent, prefix=".tmp-", suffix=".pickle")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump({"fingerprint": self.fingerprint, "entries": self.entries}, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.file)
        except OSError:
            pass  # a read-only home: the cache is an optimisation, never an error
