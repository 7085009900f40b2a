"""Snippets in syntax newer than Python 3.11, and the trees CPython builds for them.

``RECORDED`` snippets (PEP 695 / 696 / 701) are parsed by CPython 3.13 to record the tree
the lowering must rebuild on any interpreter (``tests/fixtures/lowering/cpython-3.13.json``);
re-record them with a 3.13 interpreter (only the standard library is needed)::

    python3.13 -m tests.newer_syntax

PEP 758 (``except A, B:``) and PEP 750 (t-strings) need 3.14: tests/test_lowering.py asserts
their trees field by field.
"""

from __future__ import annotations

import json
from pathlib import Path

EXPECTED = Path(__file__).parent / "fixtures" / "lowering" / "cpython-3.13.json"

RECORDED: dict[str, str] = {
    "type alias": "type X = int\n",
    "generic alias": "type Pair[K, V] = tuple[K, V]\n",
    "alias with bounds": "type A[T: (int, str), *Ts, **P] = Callable[P, tuple[T, *Ts]]\n",
    "alias with defaults": "type B[T = int, *Ts = *tuple[int], **P = [int]] = T\n",
    "alias over lines": "type C[\n    T: Base,\n] = (\n    list[T]\n)\n",
    "generic function": "def first[T](items: list[T]) -> T:\n    return items[0]\n",
    "generic coroutine": "@dec\nasync def f[T: Base = Model](x: T) -> T: ...\n",
    "generic class": "class Repo[M: Base, *Ts, **P](Parent, metaclass=Meta):\n    x: M\n",
    "generic method": "class C:\n    def m[T](self, x: T) -> T:\n        return x\n",
    "type as a name": "type = 1\ntype(x)\nprint(type)\n",
    "f-string nested quotes": 'x = f"{d["key"]} and {d[\'k\']}"\n',
    "f-string backslash": "x = f\"{'\\n'.join(lines)}\"\n",
    "f-string comment": 'x = f"""{\n    a  # a comment\n    + b\n}"""\n',
    "f-string newline in field": 'x = f"{\n    a\n}"\n',
    "f-string nested same quotes": 'x = f"{f"{f"{1}"}"}"\n',
    "f-string nested format spec": 'x = f"{value!r:>{len(f"{value}")}}"\n',
    "f-string debug": 'x = f"{ a = !s:>{w}}" f"{b=}"\n',
    "f-string non-ASCII": 'x = "é" + f"ü{"ß"}{é!r}"\n',
    "SQL f-string": 'cur.execute(f"SELECT * FROM t WHERE a = \'{row["a"]}\'")\n',
}


def record() -> None:  # pragma: no cover - run with CPython 3.13 to re-record
    import ast
    import sys

    from tests.ast_compare import dump

    assert sys.version_info[:2] == (3, 13), "record with CPython 3.13"
    out = {name: dump(ast.parse(source)) for name, source in RECORDED.items()}
    EXPECTED.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":  # pragma: no cover
    record()
