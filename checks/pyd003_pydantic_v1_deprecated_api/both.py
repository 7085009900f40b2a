"""PYD003: code written for both Pydantic majors.

A package whose requirements admit Pydantic 1 and whose code picks its Pydantic API at run
time, by the installed major, keeps its v1 calls on purpose: they are what runs on v1, and the
v2 renames this check offers would break those installs.  The module pass records where the
code makes that choice (a *gate*, a marker hit that ``judge`` consumes):

* a comparison or test of Pydantic's version value (``PYDANTIC_V2 =
  VERSION.startswith("2.")``, ``int(pydantic.VERSION.split(".")[0]) >= 2``, ``if
  pydantic.__version__ < "2":``, ``importlib.metadata.version("pydantic").startswith("1")``);
* an import of a name only one major has, in the body of a ``try`` whose handler catches the
  ``ImportError`` of the other major (``try: from pydantic import SerializeAsAny`` / ``except
  ImportError: ...``; ``try: from pydantic.v1 import BaseModel``).

The project is then written for both majors when the version facts admit Pydantic 1
(:func:`auditor.versions.pydantic_1_admitted`) and the code uses the v2 API only behind such
choices: a call of a v2-only model method (``.model_dump()``) or an import of a v2-only name
outside every ``try`` and version / feature test (followed through enclosing ``def`` and
``class`` bodies: a helper defined under ``if PYDANTIC_V2:`` is gated) is recorded too (a
*v2 use* marker), and one is enough to show the code needs Pydantic 2 anyway (a compat module
for the ``pydantic.v1`` layer, in a code base that calls ``.model_dump()`` unconditionally).
Gates only: a test of an unrelated version, or a ``try`` import of a name both majors have,
decides nothing.
"""

from __future__ import annotations

import ast

from auditor.names import PYDANTIC_V1_ONLY, PYDANTIC_V2_ONLY, PYDANTIC_V2_ONLY_MODULES
from auditor.walker import ModuleContext

from .flags import catches_import_error, version_flags
from .rules import version_test
from .tables import VERSION_VALUES

#: The last written names of :data:`VERSION_VALUES` (what an ``Attribute`` hook is keyed by).
VERSION_NAMES = frozenset(q.rsplit(".", 1)[1] for q in VERSION_VALUES)


def tested(node: ast.AST, ctx: ModuleContext) -> bool:
    """``node`` (a version value) is compared or tested within its statement: ``v >= "2"``,
    ``v.startswith("2.")``, ``if v: ...``; a version only logged or shown is no gate."""
    child: ast.AST = node
    for p in reversed(ctx.parents):
        if isinstance(p, ast.Compare):
            return True
        if (
            isinstance(p, ast.Call)
            and p.func is child
            and isinstance(child, ast.Attribute)
            and child.attr == "startswith"
        ):
            return True
        if isinstance(p, (ast.If, ast.IfExp, ast.While, ast.Assert)) and p.test is child:
            return True
        if isinstance(p, ast.stmt):
            return False
        child = p
    return False


def import_fallback(node: ast.ImportFrom, ctx: ModuleContext) -> str | None:
    """The name a ``from pydantic... import`` in the body of a ``try`` that catches the
    ``ImportError`` imports when only one Pydantic major has it (the other major takes the
    handler): ``try: from pydantic import field_validator`` / ``except ImportError:``."""
    if node.level or not node.module:
        return None
    mod = node.module
    if mod != "pydantic" and not mod.startswith(("pydantic.", "pydantic_settings")):
        return None
    if not _in_guarded_try(node, ctx):
        return None
    if mod.startswith(PYDANTIC_V2_ONLY_MODULES):
        return mod
    for alias in node.names:
        if mod == "pydantic" and alias.name in PYDANTIC_V2_ONLY:
            return f"pydantic.{alias.name}"
        if f"{mod}:{alias.name}" in PYDANTIC_V1_ONLY:
            return f"{mod}.{alias.name}"
    return None


def v2_import(node: ast.ImportFrom) -> str | None:
    """The v2-only name a ``from pydantic... import`` imports (``field_validator``, anything
    from ``pydantic_settings``), or None."""
    if node.level or not node.module:
        return None
    mod = node.module
    if mod.startswith(PYDANTIC_V2_ONLY_MODULES) and mod.split(".")[:2] != ["pydantic", "v1"]:
        return mod
    if mod == "pydantic":
        for alias in node.names:
            if alias.name in PYDANTIC_V2_ONLY:
                return f"pydantic.{alias.name}"
    return None


def gated(ctx: ModuleContext) -> bool:
    """The current node runs only where the code chose by Pydantic's major: inside a ``try``
    (or its handler) or under a version / feature test, however many ``def`` and ``class``
    bodies lie between."""
    for p in reversed(ctx.parents):
        if isinstance(p, (ast.Try, ast.TryStar, ast.ExceptHandler)):
            return True
        if isinstance(p, (ast.If, ast.IfExp)) and version_test(p.test, version_flags(ctx)):
            return True
    return False


def in_version_branch(ctx: ModuleContext) -> bool:
    """The current node lies in a branch of an ``if`` that picks code by Pydantic's version
    (``if IS_PYDANTIC_V2:`` ... ``else:``, a version flag or value, however many ``def`` and
    ``class`` bodies lie between): the branch is the code for one major, and a v1 spelling
    there is what that major runs (or dead code on the other), not a call to migrate."""
    return any(
        isinstance(p, (ast.If, ast.IfExp)) and version_test(p.test, version_flags(ctx))
        for p in reversed(ctx.parents)
    )


def _in_guarded_try(node: ast.AST, ctx: ModuleContext) -> bool:
    child: ast.AST = node
    for p in reversed(ctx.parents):
        if isinstance(p, (ast.Try, ast.TryStar)) and any(s is child for s in p.body):
            return any(catches_import_error(h) for h in p.handlers)
        if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            return False
        child = p
    return False
