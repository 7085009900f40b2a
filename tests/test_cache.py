"""auditor.cache: facts pickled per file, streamed to the shard's new file as they come."""

from __future__ import annotations

from pathlib import Path

from auditor.cache import FactsCache, _shard, code_fingerprint, source_signature
from auditor.facts import FactsLoader, ModuleFacts, dump_facts


def facts(path: str, lines: int = 1) -> ModuleFacts:
    return ModuleFacts(path=path, module=path[:-3], file_class="app", is_package=False, lines=lines)


def lines(found: ModuleFacts | None) -> int | None:
    """What tells the facts apart here (facts compare by identity)."""
    return found.lines if found is not None else None


def paths_in_one_shard(count: int) -> list[str]:
    out: list[str] = []
    i = 0
    while len(out) < count:
        p = f"m{i}.py"
        if _shard(p) == 0:
            out.append(p)
        i += 1
    return out


def test_facts_are_read_back_after_save_and_edits_keep_the_other_files(tmp_path: Path):
    a, b, c = paths_in_one_shard(3)
    cache = FactsCache(tmp_path, "t")
    cache.put(a, "ka", facts(a, 1))
    cache.put(b, "kb", facts(b, 2), dump_facts(facts(b, 2)))  # as a worker hands it over
    assert cache.get(a, "ka") is None  # not read back before it is saved
    cache.save()
    again = FactsCache(tmp_path, "t")
    assert lines(again.get(a, "ka")) == 1
    assert lines(again.get(b, "kb")) == 2
    assert again.get(a, "other content") is None
    again.put(a, "ka2", facts(a, 3))  # an edit of one file rewrites its shard
    again.put(c, "kc", facts(c, 4))
    again.save()
    third = FactsCache(tmp_path, "t")
    assert lines(third.get(a, "ka2")) == 3
    assert lines(third.get(b, "kb")) == 2, "the other files' facts are kept"
    assert lines(third.get(c, "kc")) == 4
    assert not list(tmp_path.glob(".tmp-*")), "no temporary file is left"


def test_an_audit_that_stops_leaves_no_temporary_file_and_the_old_shard(tmp_path: Path):
    (a,) = paths_in_one_shard(1)
    cache = FactsCache(tmp_path, "t")
    cache.put(a, "k1", facts(a, 1))
    cache.save()
    stopped = FactsCache(tmp_path, "t")
    stopped.put(a, "k2", facts(a, 2))
    assert list(tmp_path.glob(".tmp-*"))
    stopped.discard()
    assert not list(tmp_path.glob(".tmp-*"))
    assert lines(FactsCache(tmp_path, "t").get(a, "k1")) == 1


def test_a_damaged_shard_is_a_miss(tmp_path: Path):
    (a,) = paths_in_one_shard(1)
    cache = FactsCache(tmp_path, "t")
    cache.put(a, "k", facts(a))
    cache.save()
    shard = tmp_path / "t-0.pickle"
    shard.write_bytes(shard.read_bytes()[:-7])  # cut short
    assert FactsCache(tmp_path, "t").get(a, "k") is None
    shard.write_bytes(b"not a pickle")
    assert FactsCache(tmp_path, "t").get(a, "k") is None


def test_the_code_signature_changes_with_any_source_edit_and_ignores_bytecode(tmp_path: Path):
    import os

    (tmp_path / "pkg" / "__pycache__").mkdir(parents=True)
    src = tmp_path / "pkg" / "a.py"
    src.write_text("x = 1\n")
    (tmp_path / "notes.txt").write_text("not code")
    before = source_signature(str(tmp_path))
    assert "a.py" in before and "notes.txt" not in before
    (tmp_path / "pkg" / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    (tmp_path / "notes.txt").write_text("still not code")
    assert source_signature(str(tmp_path)) == before
    stat = src.stat()
    src.write_text("x = 2\n")  # same size: the modification time tells the edit
    os.utime(src, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert source_signature(str(tmp_path)) != before
    src.write_text("x = 22\n")
    os.utime(src, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same time: the size tells it
    assert source_signature(str(tmp_path)) != before
    (tmp_path / "pkg" / "b.py").write_text("")
    src.write_text("x = 1\n")
    os.utime(src, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert source_signature(str(tmp_path)) != before  # a new module


def test_the_code_fingerprint_covers_every_check_module():
    import os

    import checks

    sig = source_signature(os.path.dirname(checks.__file__))
    assert "./asy001_blocking_call_in_async.py:" in sig
    assert "dbs002_sql_string_interpolation/sql.py:" in sig
    assert len(code_fingerprint()) == 24


def test_cached_facts_loaded_through_one_loader_share_their_texts(tmp_path: Path):
    a, b = paths_in_one_shard(2)
    cache = FactsCache(tmp_path, "t")
    cache.put(a, "ka", facts(a), dump_facts(facts(a)))
    cache.put(b, "kb", facts(b))  # pickled by the cache itself, the same way
    cache.save()
    again, loader = FactsCache(tmp_path, "t"), FactsLoader()
    fa, fb = again.get(a, "ka", loader), again.get(b, "kb", loader)
    assert fa is not None and fb is not None
    assert fa.file_class == fb.file_class == "app"
    assert fa.file_class is fb.file_class, "one object per text across the modules loaded"
