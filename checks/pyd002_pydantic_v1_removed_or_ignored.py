from __future__ import annotations

import ast
import dataclasses
import re
from typing import NamedTuple

from auditor.check import PYDANTIC_2, Check, Example, Hit, Severity, snippet, when
from auditor.lazyre import lazy_compile
from auditor.names import (
    POPULATE_BY_NAME_V1,
    PYDANTIC_REMOVED_IN_V2,
    TYPE_CHECKING,
    V1_REMOVED_CONFIG_KEYS,
    V1_RENAMED_CONFIG_KEYS,
)
from auditor.project import Project
from auditor.project_queries import renamed_config_key
from auditor.walker import ModuleContext

CONFIG_CALLS = frozenset({"pydantic.ConfigDict", "pydantic_settings.SettingsConfigDict"})
FIELD = "pydantic.Field"
_FIELD_KWARGS = {
    "regex": "`Field(regex=...)` raises `PydanticUserError` in Pydantic v2: use `pattern=`",
    "const": "`Field(const=...)` raises `PydanticUserError` in Pydantic v2: use a `Literal[...]` annotation",
    "unique_items": "`Field(unique_items=...)` raises `PydanticUserError` in Pydantic v2: use a `set` type",
}
_FIELD_TITLES = {
    "regex": "Rename `regex=` to `pattern=`",
    "const": "Annotate the field with `Literal[<value>]` instead",
    "unique_items": "Use a `set[...]` (or `frozenset[...]`) type instead",
}
_IMPORT_ERRORS = frozenset(
    {
        "builtins.ImportError",
        "builtins.ModuleNotFoundError",
        "builtins.Exception",
        "builtins.BaseException",
    }
)
_VERSION_TEST = lazy_compile(r"version|v1|v2", re.IGNORECASE)


#: What to do instead of a removed key (the migration guide's advice).
REMOVED_HINTS: dict[str, str] = {
    "allow_mutation": "Use `frozen=True` (or `Field(frozen=True)`) instead",
    "copy_on_model_validation": "Use `revalidate_instances` instead",
    "error_msg_templates": "Remove it; customise errors with a custom error type or validator",
    "fields": "Remove it; declare aliases and constraints with `Field(...)` on the fields",
    "getter_dict": "Remove it; use `from_attributes=True` and validators",
    "json_dumps": "Remove it; serialise with `model_dump_json()` or a serializer",
    "json_loads": "Remove it; parse with `model_validate_json()` or a validator",
    "post_init_call": "Remove it; override `model_post_init` instead",
    "smart_union": "Remove it: smart union mode is the v2 default",
    "underscore_attrs_are_private": "Remove it: underscore attributes are private in v2 (`PrivateAttr`)",
}


def _key_message(key: str, where: str, new: str | None) -> str:
    if new is not None:
        return (
            f"`{key}` {where} is not a Pydantic v2 config key and is ignored: rename it to `{new}`"
        )
    return f"`{key}` {where} was removed in Pydantic v2 and is ignored"


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    cls: str | None = None
    key: str | None = None
    rename_line: int | None = None
    rename_col: int | None = None
    string: bool = False  # the key is given as a string (``model_config["key"]``)
    call_line: int | None = None
    call_col: int | None = None


class PydanticV1RemovedOrIgnored(Check):
    """
    ## What it does
    Flags Pydantic v1 constructs that Pydantic v2 rejects or silently ignores:

    1. a v1 **config key**, renamed (`orm_mode`, `allow_population_by_field_name`,
       `schema_extra`, `anystr_lower`, `anystr_upper`, `anystr_strip_whitespace`,
       `min_anystr_length`, `max_anystr_length`, `validate_all`, `keep_untouched`) or removed
       (`allow_mutation`, `copy_on_model_validation`, `error_msg_templates`, `fields`,
       `getter_dict`, `json_dumps`, `json_loads`, `post_init_call`, `smart_union`,
       `underscore_attrs_are_private`), in the `class Config` of a Pydantic model or settings
       class, in a `ConfigDict(...)`/`SettingsConfigDict(...)` call, in a
       `model_config = {...}` dict of a model, or as a class keyword
       (`class M(BaseModel, orm_mode=True)`);
    2. `pydantic.Field(...)` with `regex=`, `const=` or `unique_items=`;
    3. imports of names that Pydantic v2 removed (its `REMOVED_IN_V2` table:
       `ConstrainedStr`, `ConstrainedInt`, `NoneStr`, `stricturl`, `Required`,
       `create_model_from_typeddict`, `parse_raw_as`, `validate_model`, ...).

    Modules that import from `pydantic.v1` (v1-compat, F6) are skipped, and so is a project
    that is not provably on Pydantic 2 (F8): on v1 these are the right spellings, and
    `pattern=` would be an ignored extra there.  `from pydantic import BaseSettings` is
    SET001's finding.

    A config key v2 ignores is a `warning` (it proves the setting no longer applies, not that
    anything fails: `schema_extra` only loses the schema's example, and a `response_model` with
    `orm_mode` still works because FastAPI validates responses `from_attributes`); what fails
    at import or class creation (class keywords, the `Field` arguments, removed names) is an
    `error`.

    ## Why is this bad?
    None of these fail loudly in the way you would hope.  A renamed or removed config key is
    **silently ignored**, with only a `UserWarning` at import: with `class Config:
    orm_mode = True`, `from_attributes` stays off and `Model.model_validate(orm_obj)` fails at
    runtime.  The same key written as a class keyword (`class M(BaseModel, orm_mode=True)`)
    is not a v2 config key, so it reaches `__init_subclass__` and raises `TypeError`.
    `Field(regex=...)`, `Field(const=...)` and `Field(unique_items=...)` raise
    `PydanticUserError` when the class is created, and the removed names raise
    `PydanticImportError` on import, so the application does not start.  The v1 spellings
    come from older guides: [Production guide 2026] still configures models with
    `class Config`, while [Production skill 2025] uses the v2 key `from_attributes`
    (Disagreement D2: `ConfigDict` with v2 keys is current).

    ## Example
    ```python
    class UserOut(BaseModel):
        model_config = ConfigDict(orm_mode=True)

        username: str = Field(regex="^[a-z]+$")
        role: str = Field("member", const=True)
    ```

    ## Use instead
    ```python
    class UserOut(BaseModel):
        model_config = ConfigDict(from_attributes=True)

        username: str = Field(pattern="^[a-z]+$")
        role: Literal["member"] = Field("member")
    ```

    ## Fix safety
    Renamed keys are renamed in place (in the call, the dict literal or the `Config` class;
    `allow_population_by_field_name` becomes `validate_by_name` on Pydantic ≥ 2.11, or when
    the version is unknown, and `populate_by_name` before).  `regex=` becomes `pattern=`.
    `const=True` with a literal default becomes a `Literal[default]` annotation (and
    `const="x"` without a default becomes `Literal["x"]`), adding the `typing` import.  These
    fixes change behaviour on purpose: the setting that v2 ignored starts to apply, so
    review them.  v2's `pattern` uses Rust regex syntax, which rejects look-arounds and
    back-references.  Removed keys, `unique_items=`, class keywords and imports are
    report-only: each needs a design decision.

    ## Known problems
    A fix is not offered when the new key is already present next to the old one.  Keys
    passed through `**kwargs` are not seen.  Imports guarded by `try: ... except ImportError`,
    by `if TYPE_CHECKING:` or by a version test (`if PYDANTIC_V2:`) are not reported, nor
    are config keys inside a version test.

    ## References
    - [Production guide 2026] (v1-style `class Config`), [Production skill 2025] (`from_attributes`)
    - Pydantic docs, "Migration Guide" (changes to config, to `Field`, removed names)
    - Pydantic source, `pydantic/_internal/_config.py` (`V2_RENAMED_KEYS`, `V2_REMOVED_KEYS`)
      and `pydantic/_migration.py` (`REMOVED_IN_V2`)
    """

    id = "PYD002"
    name = "pydantic-v1-removed-or-ignored"
    category = "pydantic"
    severity = Severity.ERROR
    message = "Pydantic v1 construct removed or ignored in v2"
    fix_title = "Use the Pydantic v2 name"
    fix_safe = False
    sources = ("Production guide 2026", "Production skill 2025")

    # -- hooks ------------------------------------------------------------------------
    def visit_ClassDef(self, node: ast.ClassDef, ctx: ModuleContext) -> None:
        if ctx.facts.v1_compat or _in_version_branch(ctx):
            return
        qname = _class_qname(ctx, node)
        present = {kw.arg for kw in node.keywords if kw.arg}
        for kw in node.keywords:
            if kw.arg:
                self._key(
                    kw.arg,
                    kw,
                    None,
                    present,
                    f"(class keyword of `{node.name}`)",
                    qname,
                    ctx,
                    class_keyword=True,
                )
        for stmt in node.body:
            if isinstance(stmt, ast.ClassDef) and stmt.name == "Config":
                self._config_class(stmt, node, qname, ctx)
            elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                if any(isinstance(t, ast.Name) and t.id == "model_config" for t in targets):
                    self._config_dict(stmt.value, node, qname, ctx)

    def _config_class(
        self, config: ast.ClassDef, owner: ast.ClassDef, qname: str, ctx: ModuleContext
    ) -> None:
        entries: list[tuple[str, ast.AST, ast.AST | None]] = []  # (key, anchor, renameable Name)
        for sub in config.body:
            if isinstance(sub, ast.Assign):
                for t in sub.targets:
                    if isinstance(t, ast.Name):
                        entries.append((t.id, t, t if len(sub.targets) == 1 else None))
            elif isinstance(sub, ast.AnnAssign) and isinstance(sub.target, ast.Name):
                entries.append((sub.target.id, sub.target, sub.target))
            elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef)):
                entries.append((sub.name, sub, None))
        present = {k for k, _, _ in entries}
        for key, anchor, name_node in entries:
            self._key(
                key, anchor, name_node, present, f"in `class Config` of `{owner.name}`", qname, ctx
            )

    def _config_dict(
        self, value: ast.expr | None, owner: ast.ClassDef, qname: str, ctx: ModuleContext
    ) -> None:
        if isinstance(value, ast.Dict):
            keys = [
                (k.value, k)
                for k in value.keys
                if isinstance(k, ast.Constant) and isinstance(k.value, str)
            ]
            present = {k for k, _ in keys}
            for key, node in keys:
                self._key(
                    key,
                    node,
                    node,
                    present,
                    f"in `model_config` of `{owner.name}`",
                    qname,
                    ctx,
                    string=True,
                )
        elif isinstance(value, ast.Call) and ctx.resolve(value.func) == "builtins.dict":
            present = {kw.arg for kw in value.keywords if kw.arg}
            for kw in value.keywords:
                if kw.arg:
                    self._key(
                        kw.arg, kw, kw, present, f"in `model_config` of `{owner.name}`", qname, ctx
                    )

    def _key(
        self,
        key,
        anchor,
        rename_node,
        present,
        where,
        qname,
        ctx,
        string: bool = False,
        class_keyword: bool = False,
    ) -> None:
        if key not in V1_RENAMED_CONFIG_KEYS and key not in V1_REMOVED_CONFIG_KEYS:
            return
        new = V1_RENAMED_CONFIG_KEYS.get(key)
        if class_keyword:
            # not a v2 config key: it reaches ``__init_subclass__``, which raises TypeError
            message = f"`{key}=` {where} raises `TypeError` in Pydantic v2" + (
                f": use `{new}=`" if new else ""
            )
        else:
            message = _key_message(key, where, new)
        fixable = (
            new is not None
            and rename_node is not None
            and not (
                {new, "populate_by_name"} & present
                if key == POPULATE_BY_NAME_V1
                else new in present
            )
        )
        line, col = _name_position(ctx, rename_node) if fixable else (None, None)
        hit = ctx.report(
            anchor,
            message,
            fixable=fixable,
            fix_title=f"Rename `{key}` to `{new}`"
            if new is not None
            else REMOVED_HINTS.get(key, "Remove it"),
            data=_Data(cls=qname, key=key, rename_line=line, rename_col=col, string=string),
        )
        if not class_keyword:
            # v2 ignores the key (a ``UserWarning`` at import): certain, but whether what it
            # configured matters (``orm_mode`` for ``model_validate(orm_obj)``, not for a
            # ``response_model``, which FastAPI validates ``from_attributes``) the key alone
            # does not show: no runtime failure is proved (F12)
            hit.severity = Severity.WARNING

    @when(callees=CONFIG_CALLS | {FIELD})
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        if ctx.facts.v1_compat:
            return
        callee = ctx.resolve(node.func)
        if callee in CONFIG_CALLS:
            if _in_version_branch(ctx):
                return
            present = {kw.arg for kw in node.keywords if kw.arg}
            short = callee.rsplit(".", 1)[1]
            for kw in node.keywords:
                if kw.arg:
                    self._key(kw.arg, kw, kw, present, f"in `{short}(...)`", None, ctx)
        elif callee == FIELD:
            present = {kw.arg for kw in node.keywords if kw.arg}
            for kw in node.keywords:
                if kw.arg not in _FIELD_KWARGS:
                    continue
                if isinstance(kw.value, ast.Constant) and kw.value.value is None:
                    continue  # ``regex=None`` is accepted by v2
                fixable = False
                if kw.arg == "regex":
                    fixable = "pattern" not in present
                elif kw.arg == "const":
                    fixable = _const_literal(node, kw, ctx) is not None
                line, col = _name_position(ctx, kw)
                ctx.report(
                    kw,
                    _FIELD_KWARGS[kw.arg],
                    fixable=fixable,
                    fix_title=_FIELD_TITLES[kw.arg],
                    data=_Data(
                        key=kw.arg,
                        rename_line=line,
                        rename_col=col,
                        call_line=node.lineno,
                        call_col=ctx.column(node.lineno, node.col_offset),
                    ),
                )

    def visit_ImportFrom(self, node: ast.ImportFrom, ctx: ModuleContext) -> None:
        if node.level or not node.module or ctx.facts.v1_compat:
            return
        mod = node.module
        if mod != "pydantic" and not mod.startswith("pydantic."):
            return
        if _guarded_import(ctx, node):
            return
        for alias in node.names:
            if alias.name == "BaseSettings" or f"{mod}:{alias.name}" not in PYDANTIC_REMOVED_IN_V2:
                continue
            ctx.report(
                alias,
                f"`{mod}.{alias.name}` was removed in Pydantic v2: importing it raises `PydanticImportError`",
                fix_title="Replace it with its v2 equivalent (see the migration guide)",
                data=_Data(),
            )

    # -- project ------------------------------------------------------------------------
    def applies(self, project: Project) -> str | None:
        return project.pydantic_version.requires(2)

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        out: list[Hit] = []
        for h in hits:
            module = project.by_path.get(h.path or "")
            if module is not None and module.v1_compat:
                continue
            cls = h.payload(_Data).cls
            if cls is not None and not project.is_pydantic_model(cls):
                continue
            key = h.payload(_Data).key
            if key == POPULATE_BY_NAME_V1:
                new = renamed_config_key(key, project)
                h = dataclasses.replace(
                    h,
                    message=h.message.replace("`validate_by_name`", f"`{new}`"),
                    fix_title=h.fix_title.replace("`validate_by_name`", f"`{new}`")
                    if h.fix_title
                    else None,
                )
            out.append(h)
        return out

    # -- fixes ------------------------------------------------------------------------------
    def fix(self, source: str, hit: Hit, project: Project) -> str | None:
        import libcst as cst

        from auditor.fixes import locate, parse_module

        key = hit.payload(_Data).key
        line, col = hit.payload(_Data).rename_line, hit.payload(_Data).rename_col
        module = parse_module(source)
        if key == "const":
            return _fix_const(module, hit)
        if key == "regex":
            new = "pattern"
        elif key in V1_RENAMED_CONFIG_KEYS:
            new = renamed_config_key(key, project)
        else:
            return None
        if line is None:
            return None
        if hit.payload(_Data).string:
            strings = [
                s for s in locate(module, cst.SimpleString, line, col) if s.evaluated_value == key
            ]
            if len(strings) != 1:
                return None
            old = strings[0]
            quote = old.value[len(old.prefix)]
            return module.deep_replace(
                old, old.with_changes(value=f"{old.prefix}{quote}{new}{quote}")
            ).code
        names = [n for n in locate(module, cst.Name, line, col) if n.value == key]
        if len(names) != 1:
            return None
        return module.deep_replace(names[0], names[0].with_changes(value=new)).code

    bad = (
        snippet(
            """\
from pydantic import BaseModel, ConfigDict, Field


class UserOut(BaseModel):
    model_config = ConfigDict(orm_mode=True)

    username: str = Field(regex="^[a-z]+$")
""",
            lines=(5, 7),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -3,5 +3,5 @@
 
 class UserOut(BaseModel):
-    model_config = ConfigDict(orm_mode=True)
+    model_config = ConfigDict(from_attributes=True)
 
     username: str = Field(regex="^[a-z]+$")
""",
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -5,3 +5,3 @@
     model_config = ConfigDict(orm_mode=True)
 
-    username: str = Field(regex="^[a-z]+$")
+    username: str = Field(pattern="^[a-z]+$")
""",
            ),
            with_files=PYDANTIC_2,
        ),
        Example(
            files={
                **PYDANTIC_2,
                "app/schemas.py": """\
from typing import Literal

import pydantic
from pydantic import BaseModel, Field as F


class Base(BaseModel):
    pass


class RunOut(Base):
    kind: str = F("run", const=True)
    tags: list[str] = F(default_factory=list, unique_items=True)

    class Config:
        orm_mode = True
        allow_population_by_field_name = True
        smart_union = True

        @staticmethod
        def schema_extra(schema: dict) -> None:
            schema["title"] = "Run"


class Other(pydantic.BaseModel, extra="forbid", allow_mutation=False):
    model_config = {"anystr_strip_whitespace": True, "from_attributes": True}
""",
            },
            note="inherited model, aliased Field, Config keys and method, class keyword, dict literal",
            lines=(12, 13, 16, 17, 18, 21, 25, 26),
            fixes=(
                """\
--- a/app/schemas.py
+++ b/app/schemas.py
@@ -10,5 +10,5 @@
 
 class RunOut(Base):
-    kind: str = F("run", const=True)
+    kind: Literal["run"] = F("run")
     tags: list[str] = F(default_factory=list, unique_items=True)
 
""",
                """\
--- a/app/schemas.py
+++ b/app/schemas.py
@@ -14,5 +14,5 @@
 
     class Config:
-        orm_mode = True
+        from_attributes = True
         allow_population_by_field_name = True
         smart_union = True
""",
                """\
--- a/app/schemas.py
+++ b/app/schemas.py
@@ -15,5 +15,5 @@
     class Config:
         orm_mode = True
-        allow_population_by_field_name = True
+        validate_by_name = True
         smart_union = True
 
""",
                """\
--- a/app/schemas.py
+++ b/app/schemas.py
@@ -24,3 +24,3 @@
 
 class Other(pydantic.BaseModel, extra="forbid", allow_mutation=False):
-    model_config = {"anystr_strip_whitespace": True, "from_attributes": True}
+    model_config = {"str_strip_whitespace": True, "from_attributes": True}
""",
            ),
        ),
        Example(
            files={
                **PYDANTIC_2,
                "app/settings.py": """\
from pydantic import ConstrainedStr, stricturl
from pydantic.types import NoneStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", validate_all=True)

    name: NoneStr = None
""",
            },
            note="removed imports; a SettingsConfigDict key",
            lines=(1, 2, 7),
            fixes=(
                """\
--- a/app/settings.py
+++ b/app/settings.py
@@ -5,5 +5,5 @@
 
 class Settings(BaseSettings):
-    model_config = SettingsConfigDict(env_file=".env", validate_all=True)
+    model_config = SettingsConfigDict(env_file=".env", validate_default=True)
 
     name: NoneStr = None
""",
            ),
        ),
    )
    good = (
        snippet(
            """\
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, populate_by_name=True)

    username: str = Field(pattern="^[a-z]+$", min_length=1)
    kind: Literal["user"] = "user"
    note: str | None = Field(None, regex=None)
""",
            with_files=PYDANTIC_2,
        ),
        snippet(
            """\
from dataclasses import dataclass

from marshmallow import Schema, fields


class UserSchema(Schema):
    name = fields.Str()

    class Meta:
        fields = ("name",)
        ordered = True


@dataclass
class Row:
    id: int

    class Config:
        orm_mode = True


class Article:
    class Config:
        allow_mutation = False
        fields = {"id": "pk"}


def Field(regex: str) -> str:
    return regex


slug = Field(regex="^[a-z]+$")
""",
            note="marshmallow Meta, a dataclass and a plain class with a Config, a local Field",
            with_files=PYDANTIC_2,
        ),
        snippet(
            """\
from pydantic.v1 import BaseModel, ConstrainedStr, Field


class Legacy(BaseModel):
    name: str = Field(regex="^[a-z]+$")

    class Config:
        orm_mode = True
""",
            note="a v1-compat module",
            with_files=PYDANTIC_2,
        ),
        snippet(
            """\
from typing import TYPE_CHECKING

import pydantic
from pydantic import BaseModel, ConfigDict

try:
    from pydantic import ConstrainedStr
except ImportError:
    ConstrainedStr = str

if TYPE_CHECKING:
    from pydantic import NoneStr

PYDANTIC_V2 = pydantic.VERSION.startswith("2.")


class Model(BaseModel):
    if PYDANTIC_V2:
        model_config = ConfigDict(from_attributes=True)
    else:
        class Config:
            orm_mode = True
""",
            note="compatibility shims: try/except ImportError, TYPE_CHECKING, a version test",
            with_files=PYDANTIC_2,
        ),
        Example(
            files={
                "app/models.py": """\
from pydantic import BaseModel, Field


class User(BaseModel):
    name: str = Field(regex="^[a-z]+$")

    class Config:
        orm_mode = True
""",
                "requirements.txt": "pydantic==1.10.13\nfastapi==0.99.1\n",
            },
            note="a project pinned to Pydantic 1",
        ),
        Example(
            files={
                "app/settings.py": """\
from pydantic import BaseSettings


class Settings(BaseSettings):
    debug: bool = False

    class Config:
        env_file = ".env"
        schema_extra = {"example": {"debug": False}}
""",
                "app/models.py": """\
from pydantic import BaseModel, Field


class Label(BaseModel):
    colour: str = Field(regex=r"^#[0-9a-f]{6}$")

    class Config:
        allow_population_by_field_name = True
""",
            },
            note="nothing pinned, but the code proves Pydantic 1: `regex=`, `schema_extra` and "
            "`allow_population_by_field_name` are right there (renaming them would silently "
            "drop the validation and the settings on v1)",
        ),
        Example(
            files={
                "app/models.py": """\
from pydantic import BaseModel


class Label(BaseModel):
    colour: str
    model_config = {"orm_mode": True}
""",
                "requirements.txt": "fastapi==0.95.2\n",
            },
            note="FastAPI 0.95 is pinned, and it needs Pydantic 1: the files settle the version "
            "before the code does (`model_config` alone would say v2)",
        ),
        Example(
            files={
                "app/settings.py": "from pydantic import BaseSettings\n\n\nclass Settings(BaseSettings):\n    debug: bool = False\n",
                "app/models.py": """\
from pydantic import BaseModel, field_validator


class User(BaseModel):
    name: str

    class Config:
        orm_mode = True

    @field_validator("name")
    @classmethod
    def strip(cls, v: str) -> str:
        return v.strip()
""",
            },
            note="nothing pinned and the code contradicts itself (`from pydantic import "
            "BaseSettings` is v1-only, `field_validator` v2-only): the version is unknown, so "
            "no v2 advice",
        ),
    )


# -- helpers -----------------------------------------------------------------------------


def _class_qname(ctx: ModuleContext, node: ast.ClassDef) -> str:
    outer = ctx.scope
    if outer.kind == "module":
        return f"{ctx.module}.{node.name}"
    if outer.kind == "class":
        return f"{outer.qname}.{node.name}"
    return f"{outer.qname}.<locals>.{node.name}"


def _name_position(ctx: ModuleContext, node: ast.AST | None) -> tuple[int | None, int | None]:
    """1-based (line, column) of the name token of a keyword, a Name or a string key."""
    if node is None:
        return None, None
    line = getattr(node, "lineno", None)
    return line, ctx.column(line, getattr(node, "col_offset", None))


def _test_text(test: ast.expr) -> str:
    try:
        return ast.unparse(test)
    except Exception:  # pragma: no cover
        return ""


def _in_version_branch(ctx: ModuleContext) -> bool:
    """Inside an ``if`` whose test looks like a version check (``if PYDANTIC_V2:``)."""
    return any(
        isinstance(p, ast.If) and _VERSION_TEST.search(_test_text(p.test)) for p in ctx.parents
    )


def _guarded_import(ctx: ModuleContext, node: ast.AST) -> bool:
    """An import under ``try/except ImportError``, ``if TYPE_CHECKING`` or a version test."""
    parents = ctx.parents
    for i, p in enumerate(parents):
        if isinstance(p, (ast.Try, ast.TryStar)):
            child = parents[i + 1] if i + 1 < len(parents) else node
            in_body = child is not None and any(child is s for s in p.body)
            if in_body and any(_catches_import_error(h, ctx) for h in p.handlers):
                return True
        if isinstance(p, ast.If) and (
            ctx.resolve(p.test) in TYPE_CHECKING or _VERSION_TEST.search(_test_text(p.test))
        ):
            return True
    return False


def _catches_import_error(handler: ast.ExceptHandler, ctx: ModuleContext) -> bool:
    if handler.type is None:
        return True
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    for t in types:
        q = ctx.resolve(t)
        if q in _IMPORT_ERRORS or (q or "").endswith("PydanticImportError"):
            return True
    return False


_LITERAL_TYPES = (str, int, bytes, bool, type(None))


def _literal_code(node: ast.expr | None) -> str | None:
    """Source of a value usable in ``Literal[...]`` (str, int, bytes, bool, None), else None."""
    if node is None:
        return None
    if isinstance(node, ast.Constant) and type(node.value) in _LITERAL_TYPES:
        return repr(node.value)
    if (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub)
        and isinstance(node.operand, ast.Constant)
        and type(node.operand.value) is int
    ):
        return repr(-node.operand.value)
    return None


def _const_literal(call: ast.Call, kw: ast.keyword, ctx: ModuleContext) -> str | None:
    """The ``Literal[...]`` content for ``Field(..., const=...)`` in an annotated class field."""
    parent = ctx.parent
    if not (
        isinstance(parent, ast.AnnAssign)
        and parent.value is call
        and isinstance(parent.target, ast.Name)
        and ctx.scope.kind == "class"
    ):
        return None
    default = (
        call.args[0]
        if call.args
        else next((k.value for k in call.keywords if k.arg == "default"), None)
    )
    if isinstance(default, ast.Constant) and default.value is Ellipsis:
        default = None
    value = kw.value
    if isinstance(value, ast.Constant) and value.value is True:
        return _literal_code(default)  # v1: the field must equal its default
    if (
        default is None
        and isinstance(value, ast.Constant)
        and type(value.value) in (str, int, bytes)
    ):
        return _literal_code(value)
    return None


def _fix_const(module, hit: Hit) -> str | None:
    import libcst as cst

    from auditor.fixes import add_import, locate

    line, col = hit.payload(_Data).call_line, hit.payload(_Data).call_col
    calls = locate(module, cst.Call, line, col)
    if len(calls) != 1:
        return None
    call: cst.Call = calls[0]
    const_arg = next(
        (a for a in call.args if a.keyword is not None and a.keyword.value == "const"), None
    )
    if const_arg is None:
        return None
    value = const_arg.value
    default = next((a.value for a in call.args if a.keyword is None and a.star == ""), None)
    if default is None:
        default = next(
            (a.value for a in call.args if a.keyword is not None and a.keyword.value == "default"),
            None,
        )
    if isinstance(value, cst.Name) and value.value == "True":
        literal = default
    else:
        literal = value
    if literal is None:
        return None
    literal_code = module.code_for_node(literal)

    class _Rewrite(cst.CSTTransformer):
        def __init__(self) -> None:
            super().__init__()
            self.done = False

        def leave_AnnAssign(self, original: cst.AnnAssign, updated: cst.AnnAssign) -> cst.AnnAssign:
            if original.value is not call:
                return updated
            args = [a for a in call.args if a is not const_arg]
            if args:
                args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            new_ann = cst.parse_expression(f"Literal[{literal_code}]")
            self.done = True
            return updated.with_changes(
                annotation=updated.annotation.with_changes(annotation=new_ann),
                value=call.with_changes(args=args),
            )

    rewrite = _Rewrite()
    fixed = module.visit(rewrite)
    if not rewrite.done:
        return None
    return add_import(fixed, "typing", "Literal").code
