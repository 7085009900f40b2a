"""Which major version of a library the project runs on (F8), from its files and its code.

Pydantic is the one that matters: half of the pydantic checks give v2 advice (PYD001-PYD005,
SET001) whose fixes break a v1 code base.  :func:`pydantic_version` decides, in this order,
the first step that settles it winning:

1. **the lock file** (``uv.lock``, ``poetry.lock``, ...): the version that is installed;
2. **the declared requirements** (``pyproject.toml``, ``requirements*.txt``, ``Pipfile``,
   ``setup.cfg``, and a wheel's ``*.dist-info/METADATA`` inside the audited root), when every
   specifier admits the same single major (``~=1.10``, ``>=2``; ``>=1.8`` settles nothing);
3. **companion distributions**: ``pydantic-settings`` declared or locked (it requires
   Pydantic 2), FastAPI locked or pinned below 0.100 (those require Pydantic 1);
4. **what the code proves**: an unconditional module-level import of a name only Pydantic 2
   has (``ConfigDict`` is not one: 1.10 has it too; ``field_validator``, ``TypeAdapter``,
   ``pydantic_settings``, ``pydantic.v1`` are), a ``model_config = ...`` in a model, a v2-only
   config key written in a ``class Config`` (``from_attributes``, ``populate_by_name``), or a
   call of a v2-only model method (``.model_dump()``, ``Model.model_validate()``) outside a
   ``try`` or a version test, against
   an unconditional import of a name Pydantic 2 removed (``from pydantic import
   BaseSettings``, ``ConstrainedStr``, ...) or ``Field(regex=...)`` / ``Field(const=...)`` /
   ``constr(regex=...)`` in a class body, which raise on Pydantic 2.  One side only settles it;
   both sides at once (a half-migrated tree, two projects in one folder) leave it unknown;
5. **the v1 style** (``@validator``, ``class Config`` in a model, ``parse_obj_as``, ...), which
   Pydantic 2 still runs with deprecation warnings: Pydantic 1 when the code shows nothing of
   v2 at all.

Otherwise the major is unknown (``None``).  Imports under ``if`` / ``try`` (fallbacks, version
gates, ``TYPE_CHECKING``) and inside functions prove nothing; modules that import from
``pydantic.v1`` only count as v2 evidence (their v1 API use is on purpose); tooling files
(``docs/``, ``examples/``, ``scripts/``) are not read, nor are migrations.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.facts import Call, is_lit, iter_exprs, qname_of
from auditor.inventory import admitted_majors
from auditor.lazyre import lazy_compile
from auditor.names import (
    PYDANTIC_V1_ONLY,
    PYDANTIC_V1_ONLY_MODULES,
    PYDANTIC_V1_STYLE,
    PYDANTIC_V2_CONFIG_KEYS,
    PYDANTIC_V2_ONLY,
    PYDANTIC_V2_ONLY_MODULES,
)

if TYPE_CHECKING:
    from auditor.facts import Class, ModuleFacts
    from auditor.project import Project

#: How many places of each kind of evidence the answer keeps (for messages and reasons).
_KEEP = 3
#: Calls in a class body that raise ``PydanticUserError`` / ``TypeError`` on Pydantic 2, with
#: the keywords that do it.
_V1_CALL_KEYWORDS = {
    "pydantic.Field": ("regex", "const", "unique_items"),
    "pydantic.constr": ("regex",),
}
#: Requirement groups (extras, dependency groups) of a package's own development.
_DEVELOPMENT_GROUP = lazy_compile(r"dev|test|lint|doc|type|check|ci\b|coverage|bench", re.I)
#: File classes whose code says which Pydantic the project runs.
_READ = ("app", "test")


@dataclass(frozen=True)
class PydanticVersion:
    """The answer: ``major`` (1, 2 or None when unknown), how it was decided (``source``: lock,
    requirement, companion, code, code-style or unknown) and the evidence, as short texts
    (``uv.lock: pydantic 2.7.1``; ``app/settings.py:3 imports pydantic.BaseSettings``)."""

    major: int | None
    source: str
    evidence: tuple[str, ...] = ()

    def describe(self) -> str:
        """``Pydantic 1 (requirements.txt:2: pydantic~=1.10)`` / ``unknown (...)``."""
        what = f"Pydantic {self.major}" if self.major else "the Pydantic major version is unknown"
        if self.evidence:
            return f"{what} ({'; '.join(self.evidence)})"
        return what

    def requires(self, major: int) -> str | None:
        """None when the project is on ``major``; else why a check for it is skipped."""
        if self.major == major:
            return None
        if self.major is None:
            return (
                f"{self.describe()}: Pydantic {major} advice is given only when the lock file, the "
                "requirements or the code settle the version"
            )
        return f"the project is on {self.describe()}"

    def excludes(self, major: int) -> str | None:
        """Why a check is skipped when the project is on ``major``; None otherwise."""
        if self.major == major:
            return f"the project is on {self.describe()}"
        return None


def pydantic_version(project: Project) -> PydanticVersion:
    inventory = project.inventory
    found = inventory.major_evidence("pydantic", (1, 2))
    if found is not None:
        major, where = found
        source = "lock" if inventory.locked.get("pydantic") else "requirement"
        return PydanticVersion(major, source, (where,))
    companion = _companion(project)
    if companion is not None:
        return companion
    v2: list[str] = []
    v1: list[str] = []
    style: list[str] = []
    for m in project.by_path.values():
        if m.file_class not in _READ or m.parse_error is not None:
            continue
        for kind, text in _module_evidence(project, m):
            {"v2": v2, "v1": v1, "style": style}[kind].append(text)
    if v2 and v1:
        return PydanticVersion(None, "unknown", (*_first(v2, "v2"), *_first(v1, "v1")))
    if v2:
        return PydanticVersion(2, "code", tuple(_first(v2)))
    if v1:
        return PydanticVersion(1, "code", tuple(_first(v1)))
    if style:
        return PydanticVersion(1, "code-style", tuple(_first(style, suffix="and nothing of v2")))
    return PydanticVersion(None, "unknown", ("no lock, pin or version-specific code",))


def _first(items: list[str], label: str = "", suffix: str = "") -> list[str]:
    head = sorted(items)[:_KEEP]
    more = len(items) - len(head)
    text = ", ".join(head) + (f" and {more} more" if more > 0 else "")
    if label:
        text = f"{label}: {text}"
    if suffix:
        text = f"{text}, {suffix}"
    return [text]


def _companion(project: Project) -> PydanticVersion | None:
    inventory = project.inventory
    for r in inventory.declared("pydantic-settings"):
        where = f"{r.path}:{r.line}" if r.line else r.path
        return PydanticVersion(2, "companion", (f"{where}: pydantic-settings (needs Pydantic 2)",))
    if "pydantic-settings" in inventory.locked:
        return PydanticVersion(2, "companion", ("pydantic-settings is locked (needs Pydantic 2)",))
    fastapi = inventory.pinned("fastapi")
    if fastapi is not None and fastapi < (0, 100):
        shown = ".".join(map(str, fastapi))
        return PydanticVersion(
            1, "companion", (f"fastapi {shown} (FastAPI before 0.100 needs Pydantic 1)",)
        )
    return None


def pydantic_1_admitted(project: Project) -> bool:
    """The version facts leave Pydantic 1 installable: no lock holds Pydantic 2 (or
    pydantic-settings), and no requirement of pydantic excludes 1, nor requires
    pydantic-settings (which needs 2), outside the groups a package's own development uses
    (``test``, ``dev``, ``lint``, ``docs``, ...): those say what its tests run on, not what its
    users install.  ``fastapi>=0.103`` and ``sqlmodel>=0.0.14`` with no pydantic pin admit both
    majors."""
    inventory = project.inventory
    if "pydantic-settings" in inventory.locked:
        return False
    if "pydantic" in inventory.locked:
        return inventory.major("pydantic") == 1
    for r in inventory.declared("pydantic"):
        if not _development(r.group) and 1 not in admitted_majors(r.spec):
            return False
    return all(_development(r.group) for r in inventory.declared("pydantic-settings"))


def _development(group: str) -> bool:
    return group != "main" and _DEVELOPMENT_GROUP.search(group) is not None


def _module_evidence(project: Project, m: ModuleFacts) -> Iterator[tuple[str, str]]:
    """("v2" | "v1" | "style", "path:line what") for one module."""
    for imp in m.import_list:
        if imp.function is not None:
            continue
        q = imp.module
        kind = _import_kind(q)
        if kind is None or (kind != "style" and imp.conditional):
            continue
        if kind == "style" and (imp.conditional or m.v1_compat):
            continue
        yield kind, f"{m.path}:{imp.line} imports `{q}`"
    for method, line in m.pydantic_v2_calls:
        yield "v2", f"{m.path}:{line} `.{method}()`"
    for cls in m.classes.values():
        yield from _class_evidence(project, m, cls)
    if not m.v1_compat:
        for fn in m.functions.values():
            for d in fn.decorators:
                dq = qname_of(d)
                if dq in PYDANTIC_V1_STYLE:
                    yield "style", f"{m.path}:{fn.line} `@{dq.rsplit('.', 1)[1]}`"


def _import_kind(q: str) -> str | None:
    if q.startswith(PYDANTIC_V2_ONLY_MODULES) and _in_module(q, PYDANTIC_V2_ONLY_MODULES):
        return "v2"
    if q.startswith(PYDANTIC_V1_ONLY_MODULES) and _in_module(q, PYDANTIC_V1_ONLY_MODULES):
        return "v1"
    module, _, name = q.rpartition(".")
    if module == "pydantic" and name in PYDANTIC_V2_ONLY:
        return "v2"
    if f"{module}:{name}" in PYDANTIC_V1_ONLY:
        return "v1"
    if q in PYDANTIC_V1_STYLE:
        return "style"
    return None


def _in_module(q: str, modules: tuple[str, ...]) -> bool:
    return any(q == mod or q.startswith(mod + ".") for mod in modules)


def _class_evidence(project: Project, m: ModuleFacts, cls: Class) -> Iterator[tuple[str, str]]:
    for base in cls.bases:
        bq = qname_of(base)
        if bq and _import_kind(bq) == "v1":
            yield "v1", f"{m.path}:{cls.line} `{cls.name}` derives from `{bq}`"
    for attr in cls.attributes:
        for e in (*iter_exprs(attr.annotation), *iter_exprs(attr.default)):
            if not isinstance(e, Call) or e.qname not in _V1_CALL_KEYWORDS:
                continue
            for key in _V1_CALL_KEYWORDS[e.qname]:
                value = e.keyword(key)
                if value is not None and not is_lit(value, None):
                    short = e.qname.rsplit(".", 1)[1]
                    yield "v1", f"{m.path}:{attr.line} `{short}({key}=...)`"
    if m.v1_compat or not project.is_pydantic_model(cls.qname):
        return
    if any(a.name == "model_config" and a.default is not None for a in cls.attributes):
        line = next(a.line for a in cls.attributes if a.name == "model_config")
        yield "v2", f"{m.path}:{line} `model_config` in `{cls.name}`"
    if cls.config is not None:
        v2_keys = [(key, line) for key, _, line, _ in cls.config if key in PYDANTIC_V2_CONFIG_KEYS]
        if v2_keys:
            key, line = v2_keys[0]
            yield "v2", f"{m.path}:{line} v2 config key `{key}` in `class Config` of `{cls.name}`"
        else:
            line = cls.config_line or cls.line
            yield "style", f"{m.path}:{line} `class Config` in `{cls.name}`"
