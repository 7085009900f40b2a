"""The audit cache, keyed by content hash, under the user's cache folder.

Per audited root (``<cache>/<hash of root>-...``):

* 16 shard files (``-0.pickle`` .. ``-15.pickle``) map each path to (content key, facts),
  the facts of each file pickled on their own: a worker process hands them over already
  pickled and they are written as they come, never pickled again (nor all held at once),
  and read back only for the files looked up.  An edit rewrites only its shard, and a shard
  is loaded only when a file in it is looked up.
* ``-16.pickle`` holds fix diffs by (file content, hit) key.
* ``-run-<key>.pickle`` holds the outcome of a whole audit (report and hits) with the
  hashes of the non-Python files it read, so that an unchanged tree is answered without
  loading any facts (see ``auditor.engine``).  The newest few are kept.

Everything is stamped with a fingerprint of the auditor's own code and the Python version,
so any change to the engine or a check invalidates it.  It is never written inside the
audited repository unless ``--cache-dir`` points there.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from auditor import __version__
from auditor.facts import FactsLoader, ModuleFacts, dump_facts

#: What reading a cache file that is truncated, from another version or not ours can raise:
#: the cache is then treated as empty (a cold audit), never as an error.
UNREADABLE = (
    OSError,
    EOFError,
    pickle.UnpicklingError,
    AttributeError,
    ImportError,
    ValueError,
    TypeError,
    IndexError,
)

_FORMAT = 9  # 3: typed Expr records; 4: lazy shards, whole-audit entries; 5: facts per file;
# 6: the model's records (Function, Param, Import ...) are msgspec Structs; 7: CallSite.spawned;
# 8: facts pickled with texts and Names as persistent ids (auditor.facts.dump_facts);
# 9: CallSite.detached


def default_cache_dir() -> Path:
    env = os.environ.get("AUDITOR_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "fastapi-auditor"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the auditor's and the catalogue's source files (and the version).

    Each file counts by its path, size and modification time, the rule Python's own bytecode
    cache uses for the same question (has this source changed?): an edit, a checkout or a
    reinstall changes them.  Statting the ~140 files is a tenth of reading them, and this runs
    on every audit, warm ones included (issue 12).
    """
    import auditor
    import checks

    h = hashlib.blake2b(digest_size=12)
    # the Python version too: what parses, and how, depends on it
    h.update(f"{__version__}:{_FORMAT}:{sys.version_info[:2]}".encode())
    for pkg in (auditor, checks):
        h.update(source_signature(os.path.dirname(pkg.__file__ or "")).encode())
    return h.hexdigest()


def source_signature(base: str) -> str:
    """The path, size and modification time of every ``.py`` file under ``base``, as text."""
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        rel = os.path.relpath(dirpath, base)
        for name in sorted(filenames):
            if name.endswith(".py"):
                try:
                    st = os.stat(os.path.join(dirpath, name))
                except OSError:
                    continue
                out.append(f"{rel}/{name}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(out)


_SHARDS = 16


def _shard(path: str) -> int:
    return int(hashlib.blake2b(path.encode(), digest_size=2).hexdigest(), 16) % _SHARDS


#: Whole-audit outcomes kept per root (different options, or a branch and its base).
_RUNS_KEPT = 4


class FactsCache:
    """Facts by path, in shards so that an edit rewrites one shard, not the whole cache."""

    def __init__(self, base: Path, name: str) -> None:
        self.base = base
        self.name = name
        self.fingerprint = code_fingerprint()
        #: per shard: path -> (content key, pickled facts; None once written for this audit)
        self._shards: list[dict[str, tuple[str, bytes | None]] | None] = [None] * _SHARDS
        #: per shard being rewritten: its temporary file, where new facts are streamed
        self._pending: dict[int, tuple[Path, BinaryIO]] = {}
        self._fixes: dict[str, str | None] | None = None
        self.dirty: set[int] = set()
        self.fixes_dirty = False
        self._run: tuple[str, Any] | None = None

    @classmethod
    def open(cls, root: Path, cache_dir: Path | None = None) -> FactsCache:
        base = cache_dir or default_cache_dir()
        name = hashlib.blake2b(str(root).encode(), digest_size=10).hexdigest()
        return cls(base, name)

    def _file(self, suffix: str) -> Path:
        return self.base / f"{self.name}-{suffix}.pickle"

    def _shard(self, i: int) -> dict[str, tuple[str, bytes | None]]:
        shard = self._shards[i]
        if shard is None:
            shard = self._shards[i] = _load_records(self._file(str(i)), self.fingerprint)
        return shard

    # -- facts ---------------------------------------------------------------------------
    def get(self, path: str, key: str, loader: FactsLoader | None = None) -> ModuleFacts | None:
        """The facts of ``path`` when they were recorded for content ``key`` (facts put
        during this audit are read back only after :meth:`save`), loaded through ``loader``
        (one object per text across the modules it loads)."""
        hit = self._shard(_shard(path)).get(path)
        if hit is None or hit[0] != key or hit[1] is None:
            return None
        try:
            facts = (loader or FactsLoader()).load(hit[1])
        except Exception:  # a damaged entry is a miss, never an error
            return None
        return facts if isinstance(facts, ModuleFacts) else None

    def put(self, path: str, key: str, facts: ModuleFacts, pickled: bytes | None = None) -> None:
        """Record the facts of ``path`` for content ``key`` (``pickled``: the same facts
        already pickled, as workers hand them over).  They are written to the shard's new
        file at once: the cache holds no facts in memory."""
        i = _shard(path)
        shard = self._shard(i)
        blob = pickled if pickled is not None else dump_facts(facts)
        try:
            out = self._stream(i)
            pickle.dump((path, key, blob), out, protocol=_PROTOCOL)
        except OSError:
            return  # a read-only cache folder: the cache is an optimisation, never an error
        shard[path] = (key, None)

    def _stream(self, i: int) -> BinaryIO:
        pending = self._pending.get(i)
        if pending is None:
            self.base.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(
                dir=self.base, prefix=f".tmp-{self.name}-{i}-", suffix=".pickle"
            )
            out = os.fdopen(fd, "wb")
            pickle.dump({"fingerprint": self.fingerprint}, out, protocol=_PROTOCOL)
            pending = self._pending[i] = (Path(tmp), out)
            self.dirty.add(i)
        return pending[1]

    # -- fix diffs -----------------------------------------------------------------------
    @property
    def fixes(self) -> dict[str, str | None]:
        if self._fixes is None:
            self._fixes = _load(self._file(str(_SHARDS)), self.fingerprint)
        return self._fixes

    def get_fix(self, key: str) -> tuple[bool, str | None]:
        fixes = self.fixes
        if key in fixes:
            return True, fixes[key]
        return False, None

    def put_fix(self, key: str, diff: str | None) -> None:
        self.fixes[key] = diff
        self.fixes_dirty = True

    def keep_fixes(self, used: set[str]) -> None:
        """Forget diffs of older contents once they outnumber the ones in use."""
        fixes = self.fixes
        if len(fixes) > 2 * len(used) + 1000:
            self._fixes = {k: v for k, v in fixes.items() if k in used}
            self.fixes_dirty = True

    # -- whole audits --------------------------------------------------------------------
    def get_run(self, key: str) -> Any:
        """The outcome recorded under ``key`` (see ``auditor.engine._run_key``), or None."""
        file = self._file(f"run-{key}")
        entry = _load(file, self.fingerprint)
        if not entry:
            return None
        try:
            os.utime(file)  # in use: kept before older ones
        except OSError:
            pass
        return entry

    def put_run(self, key: str, entry: dict[str, Any]) -> None:
        self._run = (key, entry)

    def save(self) -> None:
        try:
            for i in sorted(self.dirty):
                tmp, out = self._pending.pop(i)
                with out:
                    # the entries of files not parsed again, as they were read
                    for path, (key, blob) in self._shard(i).items():
                        if blob is not None:
                            pickle.dump((path, key, blob), out, protocol=_PROTOCOL)
                os.replace(tmp, self._file(str(i)))
                self._shards[i] = None  # read back from the file when asked
            if self.fixes_dirty:
                _dump(self._file(str(_SHARDS)), self.fingerprint, self.fixes)
            if self._run is not None:
                key, entry = self._run
                _dump(self._file(f"run-{key}"), self.fingerprint, entry)
                runs = sorted(
                    self.base.glob(f"{self.name}-run-*.pickle"),
                    key=lambda p: p.stat().st_mtime,
                    reverse=True,
                )
                for old in runs[_RUNS_KEPT:]:
                    old.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only home: the cache is an optimisation, never an error
        finally:
            self.discard()
        self.dirty.clear()
        self.fixes_dirty = False
        self._run = None

    def discard(self) -> None:
        """Forget what was not saved: the shards' temporary files are removed (an audit that
        stops early leaves none behind)."""
        for i, (tmp, out) in list(self._pending.items()):
            try:
                out.close()
            except OSError:
                pass
            tmp.unlink(missing_ok=True)
            self._shards[i] = None
        self._pending.clear()
        self.dirty.clear()


_PROTOCOL = pickle.HIGHEST_PROTOCOL


def _load_records(file: Path, fingerprint: str) -> dict[str, tuple[str, bytes | None]]:
    """A shard: path -> (content key, pickled facts), from its stream of records (the
    fingerprint first, then one ``(path, key, pickled facts)`` record per file)."""
    out: dict[str, tuple[str, bytes | None]] = {}
    try:
        with open(file, "rb") as fh:
            head = pickle.load(fh)
            if not (isinstance(head, dict) and head.get("fingerprint") == fingerprint):
                return {}
            while True:
                try:
                    record = pickle.load(fh)
                except EOFError:
                    break
                path, key, blob = record
                if isinstance(path, str) and isinstance(key, str) and isinstance(blob, bytes):
                    out[path] = (key, blob)
    except UNREADABLE:
        return out
    return out


def _load(file: Path, fingerprint: str) -> dict[str, Any]:
    import gc

    was_enabled = gc.isenabled()
    gc.disable()  # loading many small objects: the collector only slows it down
    try:
        with open(file, "rb") as fh:
            data = pickle.load(fh)
    except UNREADABLE:
        return {}
    finally:
        if was_enabled:
            gc.enable()
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
