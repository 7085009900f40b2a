"""Per-file facts cache, keyed by content hash, under the user's cache folder.

Per audited root, 16 shard files (``<cache>/<hash of root>-<n>.pickle``) map each path to
(content key, facts), and one more holds fix diffs; an edit rewrites only its shard.  The pack is stamped with a fingerprint of the
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

_FORMAT = 3  # 3: typed Expr records (auditor.facts) instead of dicts


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
        base = Path(pkg.__file__ or "").parent
        for p in sorted(base.rglob("*.py")):
            try:
                h.update(p.relative_to(base).as_posix().encode())
                h.update(p.read_bytes())
            except OSError:
                pass
    return h.hexdigest()


_SHARDS = 16


def _shard(path: str) -> int:
    return int(hashlib.blake2b(path.encode(), digest_size=2).hexdigest(), 16) % _SHARDS


class FactsCache:
    """Facts by path, in shards so that an edit rewrites one shard, not the whole cache."""

    def __init__(
        self, base: Path, name: str, shards: list[dict[str, Any]], fixes: dict[str, str | None]
    ):
        self.base = base
        self.name = name
        self.shards = shards
        self.fixes = fixes
        self.dirty: set[int] = set()
        self.fixes_dirty = False
        self.fingerprint = code_fingerprint()

    @classmethod
    def open(cls, root: Path, cache_dir: Path | None = None) -> FactsCache:
        import gc

        base = cache_dir or default_cache_dir()
        name = hashlib.blake2b(str(root).encode(), digest_size=10).hexdigest()
        fp = code_fingerprint()
        loaded: list[dict[str, Any]] = []
        was_enabled = gc.isenabled()
        gc.disable()  # loading many small objects: the collector only slows it down
        try:
            for i in range(_SHARDS + 1):
                loaded.append(_load(base / f"{name}-{i}.pickle", fp))
        finally:
            if was_enabled:
                gc.enable()
        return cls(base, name, loaded[:_SHARDS], loaded[_SHARDS])

    def get(self, path: str, key: str) -> ModuleFacts | None:
        hit = self.shards[_shard(path)].get(path)
        if hit is not None and hit[0] == key:
            return hit[1]
        return None

    def put(self, path: str, key: str, facts: ModuleFacts) -> None:
        i = _shard(path)
        self.shards[i][path] = (key, facts)
        self.dirty.add(i)

    def get_fix(self, key: str) -> tuple[bool, str | None]:
        if key in self.fixes:
            return True, self.fixes[key]
        return False, None

    def put_fix(self, key: str, diff: str | None) -> None:
        self.fixes[key] = diff
        self.fixes_dirty = True

    def save(self) -> None:
        try:
            self.base.mkdir(parents=True, exist_ok=True)
            for i in sorted(self.dirty):
                _dump(self.base / f"{self.name}-{i}.pickle", self.fingerprint, self.shards[i])
            if self.fixes_dirty:
                _dump(self.base / f"{self.name}-{_SHARDS}.pickle", self.fingerprint, self.fixes)
        except OSError:
            pass  # a read-only home: the cache is an optimisation, never an error
        self.dirty.clear()
        self.fixes_dirty = False


def _load(file: Path, fingerprint: str) -> dict[str, Any]:
    try:
        with open(file, "rb") as fh:
            data = pickle.load(fh)
    except (
        OSError,
        EOFError,
        pickle.UnpicklingError,
        AttributeError,
        ImportError,
        ValueError,
        TypeError,
        IndexError,
    ):
        return {}
    if (
        isinstance(data, dict)
        and data.get("fingerprint") == fingerprint
        and isinstance(data.get("entries"), dict)
    ):
        return data["entries"]
    return {}


def _dump(file: Path, fingerprint: str, entries: dict[str, Any]) -> None:
    fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=".tmp-", suffix=".pickle")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(
                {"fingerprint": fingerprint, "entries": entries},
                fh,
                protocol=pickle.HIGHEST_PROTOCOL,
            )
        os.replace(tmp, file)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
