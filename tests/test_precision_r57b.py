"""Round 57b (H60): ERR002 on a ``try`` that only decodes bytes the route already holds with
Pillow, in memory (pixlstash routes/config.py:949).  The examples pin lines only; these pin
the wording and the traps around the rule."""

from __future__ import annotations

from auditor.testing import noted_example, run_bad_example, run_example, run_noted_example

_LEAK = (
    '`f"...{err}"` from `except Exception` is sent to the client in '
    "`HTTPException(detail=...)`: it can leak SQL, hosts, paths or credentials"
)
_DECODE = "the `try` only decodes the uploaded bytes in memory with Pillow"


def _variant(tmp_path, *edits: tuple[str, str]) -> list[tuple[int, str]]:
    """The findings of the in-memory decode example with each ``(old, new)`` of ``edits``
    made: (line, message)."""
    check, example = noted_example("ERR002", _DECODE, kind="good")
    [(path, text)] = example.files.items()
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    findings, _ = run_example(check, example.__class__(files={path: text}), tmp_path)
    return [(f.line, f.message) for f in findings]


def test_decoding_uploaded_bytes_in_memory_is_not_reported(tmp_path):
    assert run_noted_example("ERR002", _DECODE, tmp_path, kind="good") == []


def test_saving_the_decoded_image_to_a_path_stays_a_leak_warning(tmp_path):
    [f] = run_bad_example("ERR002", "the other side of the in-memory decode", tmp_path)
    assert (f.severity, f.line, f.message) == ("warning", 16, _LEAK)


def test_opening_a_server_path_keeps_the_warning(tmp_path):
    # trap: ``Image.open`` given a path opens a file; its OSError names the path
    found = _variant(tmp_path, ("Image.open(io.BytesIO(raw))", 'Image.open("/srv/frame.png")'))
    assert found == [(20, _LEAK)]


def test_a_stream_filled_by_a_call_keeps_the_warning(tmp_path):
    # trap: the bytes come from a call inside the ``try`` (a read, a fetch), not from hand
    found = _variant(tmp_path, ("io.BytesIO(raw)", "io.BytesIO(file.file.read())"))
    assert found == [(20, _LEAK)]


def test_other_work_beside_the_decode_keeps_the_warning(tmp_path):
    # trap: a statement that is not a method of an in-memory object (a project call)
    found = _variant(
        tmp_path, ("        picture.load()\n", "        picture.load()\n        audit(raw)\n")
    )
    assert found == [(21, _LEAK)]


# Round 57b (H60): ERR002 on a ``try`` that only makes one folder with ``os.mkdir`` whose
# path the answer on success returns (pixlstash routes/filesystem.py:254).
_MADE = "the `try` only makes one folder with `os.mkdir`"
_MKDIR_LEAK = (
    '`f"...{exc}"` from `except OSError` is sent to the client in '
    "`HTTPException(detail=...)`: it can leak SQL, hosts, paths or credentials"
)


def _share_variant(tmp_path, old: str, new: str) -> list[tuple[int, str]]:
    """The findings of the published-folder example with ``old`` replaced by ``new``."""
    check, example = noted_example("ERR002", _MADE, kind="good")
    [(path, text)] = example.files.items()
    assert old in text, old
    files = {path: text.replace(old, new)}
    findings, _ = run_example(check, example.__class__(files=files), tmp_path)
    return [(f.line, f.message) for f in findings]


def test_making_a_folder_the_answer_publishes_is_not_reported(tmp_path):
    assert run_noted_example("ERR002", _MADE, tmp_path, kind="good") == []


def test_a_folder_the_answer_does_not_give_stays_a_leak_warning(tmp_path):
    [f] = run_bad_example("ERR002", "the other side of the published folder", tmp_path)
    assert (f.severity, f.line, f.message) == ("warning", 20, _MKDIR_LEAK)


def test_an_os_call_of_two_paths_keeps_the_warning(tmp_path):
    # trap: ``os.rename`` names the target too, which the answer does not give
    found = _share_variant(tmp_path, "os.mkdir(folder)", 'os.rename(folder, folder + ".old")')
    assert found == [(20, _MKDIR_LEAK)]


def test_a_path_given_by_keyword_first_keeps_the_warning(tmp_path):
    # trap: only the first positional argument is known to be the path
    found = _share_variant(tmp_path, "os.mkdir(folder)", "os.mkdir(mode=0o700, path=ROOT)")
    assert found == [(20, _MKDIR_LEAK)]


def test_saving_to_a_literal_file_name_keeps_the_warning(tmp_path):
    # trap: ``save`` given a string writes that file, though the string is a literal
    found = _variant(tmp_path, ("thumb.save(out,", 'thumb.save("/srv/thumbs/last.jpg",'))
    assert found == [(20, _LEAK)]
