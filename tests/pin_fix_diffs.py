"""Write the fix diffs a check's bad examples produce into their ``fixes=`` pins.

    python -m tests.pin_fix_diffs ASY001 [DEP001 ...]     # or ALL

A maintenance tool, like ``pytest --snapshot-update``: after changing a fixer on purpose, run
it, then *read* the diff of the check module before committing; the pins are what
``tests/test_examples.py::test_fix_diffs_are_pinned`` holds the fixer to.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import libcst as cst

from auditor.testing import run_example
from checks import all_checks


def _literal(diff: str) -> str:
    body = diff.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return '"""\\\n' + body + '"""'


def _diffs(check, example) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        findings, _ = run_example(check, example, Path(tmp))
    return [f.fix.diff for f in findings if f.fix and f.fix.diff]


class _Pin(cst.CSTTransformer):
    def __init__(self, class_name: str, pins: dict[int, list[str]]):
        self.class_name = class_name
        self.pins = pins
        self.classes: list[str] = []

    @property
    def in_class(self) -> bool:
        return self.classes == [self.class_name]

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        self.classes.append(node.name.value)
        return True

    def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef) -> cst.ClassDef:
        self.classes.pop()
        return updated

    def leave_Assign(self, original: cst.Assign, updated: cst.Assign) -> cst.Assign:
        if not self.in_class or len(updated.targets) != 1:
            return updated
        target = updated.targets[0].target
        if not (isinstance(target, cst.Name) and target.value == "bad"):
            return updated
        if not isinstance(updated.value, cst.Tuple):
            raise SystemExit(f"{self.class_name}.bad is not a tuple literal")
        elements = list(updated.value.elements)
        for i, el in enumerate(elements):
            call = el.value
            if not isinstance(call, cst.Call):
                raise SystemExit(f"{self.class_name}.bad[{i}] is not a call")
            args = [a for a in call.args if not (a.keyword and a.keyword.value == "fixes")]
            diffs = self.pins.get(i) or []
            if diffs:
                code = "(" + "".join(f"{_literal(d)}," for d in diffs) + ")"
                args.append(
                    cst.Arg(
                        keyword=cst.Name("fixes"),
                        value=cst.parse_expression(code),
                        equal=cst.AssignEqual(
                            whitespace_before=cst.SimpleWhitespace(""),
                            whitespace_after=cst.SimpleWhitespace(""),
                        ),
                    )
                )
            args = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in args]
            elements[i] = el.with_changes(value=call.with_changes(args=args))
        return updated.with_changes(value=updated.value.with_changes(elements=elements))


def pin(check) -> bool:
    pins = {i: _diffs(check, ex) for i, ex in enumerate(check.bad)}
    path = Path(sys.modules[check.__module__].__file__ or "")
    source = path.read_text(encoding="utf-8")
    module = cst.parse_module(source)
    new = module.visit(_Pin(check.__name__, pins)).code
    if new != source:
        path.write_text(new, encoding="utf-8")
        return True
    return False


def main(argv: list[str]) -> int:
    wanted = {a.upper() for a in argv}
    checks = [c for c in all_checks() if "ALL" in wanted or c.id in wanted]
    if not checks:
        print(__doc__)
        return 2
    for check in checks:
        if pin(check):
            print(f"{check.id}: pins rewritten in {check.__module__}")
    print("now: ruff format checks/ and read the diff")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
