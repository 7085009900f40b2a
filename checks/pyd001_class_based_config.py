from __future__ import annotations

import ast
import dataclasses
import io
import re
import tokenize
from typing import NamedTuple

from auditor.check import PYDANTIC_2, Check, Example, Hit, Severity, snippet
from auditor.names import POPULATE_BY_NAME_V1, V1_REMOVED_CONFIG_KEYS, V1_RENAMED_CONFIG_KEYS
from auditor.project import Project
from auditor.project_queries import renamed_config_key
from auditor.source import parse_text
from auditor.source_edits import header_import, is_docstring, local_name, where
from auditor.walker import ModuleContext

CONFIG_DICT = "pydantic.ConfigDict"
SETTINGS_CONFIG_DICT = "pydantic_settings.SettingsConfigDict"
#: ``extra = Extra.forbid``: the enum's canonical spellings.
_EXTRA_ENUMS = ("pydantic.Extra", "pydantic.config.Extra")
_EXTRA_MEMBERS = ("allow", "ignore", "forbid")
#: Longest one-line ``model_config = ConfigDict(...)`` the fixer writes.
_ONE_LINE_MAX = 100


def config_entries(config: ast.ClassDef) -> tuple[list[tuple[str, ast.stmt, ast.expr]], str | None]:
    """The ``NAME = value`` entries of a ``class Config`` body, or the reason there is no fix."""
    if config.bases or config.keywords or config.decorator_list:
        return [], "`Config` has bases or decorators"
    entries: list[tuple[str, ast.stmt, ast.expr]] = []
    for stmt in config.body:
        if is_docstring(stmt) or isinstance(stmt, ast.Pass):
            continue
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
        ):
            entries.append((stmt.targets[0].id, stmt, stmt.value))
        elif (
            isinstance(stmt, ast.AnnAssign)
            and isinstance(stmt.target, ast.Name)
            and stmt.value is not None
        ):
            entries.append((stmt.target.id, stmt, stmt.value))
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return [], f"`Config` defines the method `{stmt.name}`"
        else:
            return [], "`Config` holds statements other than `NAME = value`"
    return entries, None


def _class_body_names(owner: ast.ClassDef) -> set[str]:
    out: set[str] = {owner.name}
    for stmt in owner.body:
        if isinstance(stmt, ast.Assign):
            for t in stmt.targets:
                out.update(n.id for n in ast.walk(t) if isinstance(n, ast.Name))
        elif isinstance(stmt, (ast.AnnAssign, ast.AugAssign)) and isinstance(stmt.target, ast.Name):
            out.add(stmt.target.id)
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(stmt.name)
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            out.update(a.asname or a.name.split(".", 1)[0] for a in stmt.names)
    return out


def new_keys(
    present: list[str], populate_to: str
) -> tuple[list[tuple[str, str | None]], str | None]:
    """(old key, new key) pairs after pydantic's rename table (``validate_by_alias=True`` is
    added after ``validate_by_name``, with an empty old key), or the reason there is no fix."""
    if len(set(present)) != len(present):
        return [], "`Config` assigns the same key twice"
    out: list[tuple[str, str | None]] = []
    for key in present:
        if key in V1_REMOVED_CONFIG_KEYS:
            return [], f"`{key}` was removed in Pydantic v2"
        if key == POPULATE_BY_NAME_V1:
            out.append((key, populate_to))
            if populate_to == "validate_by_name" and "validate_by_alias" not in present:
                out.append(("", "validate_by_alias"))
        else:
            out.append((key, V1_RENAMED_CONFIG_KEYS.get(key, key)))
    finals = [new for _, new in out]
    if len(set(finals)) != len(finals):
        return [], "a renamed key collides with a key already present"
    return out, None


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    cls: str | None = None
    model: str | None = None
    both: bool = False
    reason: str | None = None
    extra: dict[str, str] | None = None  # key -> the ``Extra`` member spelled out
    keys: tuple[str, ...] = ()
    #: how ``ConfigDict`` / ``SettingsConfigDict`` are spelled here: (text, needs an import)
    names: dict[str, tuple[str, bool] | None] | None = None
    config_line: int | None = None
    config_col: int | None = None
    header_end: int | None = None
    factory: str | None = None


class ClassBasedConfig(Check):
    """
    ## What it does
    Flags a Pydantic model or settings class (F6, SQLModel table models included) that is
    configured with a nested `class Config:` instead of `model_config = ConfigDict(...)`
    (`SettingsConfigDict(...)` for settings classes).  A `Config` class that only appears
    inside an `if`/`else` (a v1/v2 compatibility shim) is not reported, nor are modules that
    import from `pydantic.v1`.  Only projects on Pydantic 2 are checked (F8: the lock, the
    requirements, then the code decide); on Pydantic 1 or an unknown version the check is
    skipped, so `ConfigDict` is never imported into a v1 code base.

    ## Why is this bad?
    Pydantic v2 still reads `class Config`, but it is deprecated: every such class emits a
    `PydanticDeprecatedSince20` warning at import, and the support is planned to go in v3.
    It also hides a trap: v1 key names written in it (`orm_mode`, `schema_extra`,
    `allow_population_by_field_name`, ...) are silently ignored by v2, while
    `ConfigDict(...)` is a typed dictionary that type checkers and editors validate.  Having
    both `class Config` and `model_config` in one class raises `PydanticUserError`.
    [Production guide 2026] still configures its `AppBaseModel` and `Settings` with
    `class Config`; [ForgeAPI guide], [Production skill 2025],
    [Patterns reference] and [zhanymkanov README] use `model_config`
    (Disagreement D2: `model_config` is current).

    ## Example
    ```python
    class Settings(BaseSettings):
        database_url: str

        class Config:
            env_file = ".env"
            orm_mode = True
            extra = Extra.forbid
    ```

    ## Use instead
    ```python
    class Settings(BaseSettings):
        database_url: str

        model_config = SettingsConfigDict(env_file=".env", from_attributes=True, extra="forbid")
    ```

    ## Fix safety
    The fix replaces the `class Config` block, in place, by `model_config = ConfigDict(...)`
    (`SettingsConfigDict(...)` for settings classes) and adds the import.  It is offered
    only when the `Config` body holds nothing but `NAME = value` assignments (and a
    docstring): it is not offered when `Config` defines methods (`schema_extra` as a
    `staticmethod`, `customise_sources`, ...), uses a key Pydantic v2 removed (`fields`,
    `allow_mutation`, `smart_union`, `getter_dict`, ...), refers to other names of the class
    or of `Config`, has bases, or when the class already has a `model_config`.  Pydantic's
    rename table is applied (`orm_mode` → `from_attributes`, `schema_extra` →
    `json_schema_extra`, `allow_population_by_field_name` → `validate_by_name` plus
    `validate_by_alias=True`, or `populate_by_name` on Pydantic < 2.11, ...) and
    `extra = Extra.forbid` becomes `extra="forbid"`.  Without renamed keys the model behaves
    exactly as before.  With them it does not, on purpose: Pydantic v2 ignored those keys,
    and now they apply — review a fix that renames a key.  Comments inside `Config` are
    kept; its docstring is dropped.

    The fix is not offered either when the project's code reads `Model.Config` (the
    nested class itself, `Trigger.Config.json_encoders` handed to `jsonable_encoder`):
    once the class is gone that read fails, so those reads move with it, by hand.

    ## Known problems
    A read through another name (`type(model).Config`, an alias of the class) is not
    seen.  Keys that are not configuration keys at all (left over from Pydantic v1 or from
    another library) are moved as they are.

    ## References
    - [Production guide 2026] (`class Config` in `AppBaseModel` and `Settings`)
    - [ForgeAPI guide], [Production skill 2025], [Patterns reference],
      [zhanymkanov README] (`model_config = ConfigDict(...)` / `SettingsConfigDict(...)`)
    - Pydantic docs, "Configuration" and "Migration Guide" (changes to config)
    """

    id = "PYD001"
    name = "class-based-config"
    category = "pydantic"
    severity = Severity.WARNING
    message = "class-based `Config` is deprecated in Pydantic v2"
    fix_title = "Replace `class Config` with `model_config = ConfigDict(...)`"
    fix_safe = False  # renamed v1 keys start to apply
    sources = (
        "Production guide 2026",
        "ForgeAPI guide",
        "Production skill 2025",
        "Patterns reference",
        "zhanymkanov README",
    )

    def applies(self, project: Project) -> str | None:
        return project.pydantic_version.requires(2)

    def visit_ClassDef(self, node: ast.ClassDef, ctx: ModuleContext) -> None:
        if ctx.facts.v1_compat:
            return
        configs = [s for s in node.body if isinstance(s, ast.ClassDef) and s.name == "Config"]
        if not configs:
            return
        has_model_config = any(
            isinstance(t, ast.Name) and t.id == "model_config"
            for s in node.body
            if isinstance(s, (ast.Assign, ast.AnnAssign))
            for t in (s.targets if isinstance(s, ast.Assign) else [s.target])
        )
        for config in configs:
            entries, reason = config_entries(config)
            if reason is None and len(configs) > 1:
                reason = "the class defines `Config` twice"
            if reason is None and has_model_config:
                reason = "the class also defines `model_config`"
            if reason is None:
                reason = _references(entries, config, node)
            if reason is None:
                reason = next(
                    (
                        f"`{k}` was removed in Pydantic v2"
                        for k, _, _ in entries
                        if k in V1_REMOVED_CONFIG_KEYS
                    ),
                    None,
                )
            extra = {}
            for key, _stmt, value in entries:
                member = _extra_member(value, ctx)
                if member is not None:
                    extra[key] = member
            ctx.report(
                config,
                data=_Data(
                    cls=ctx.child_qname(node.name),
                    model=node.name,
                    both=has_model_config,
                    reason=reason,
                    extra=extra,
                    keys=tuple(k for k, _, _ in entries),
                    names={q: local_name(q, ctx) for q in (CONFIG_DICT, SETTINGS_CONFIG_DICT)},
                    config_line=config.lineno,
                    config_col=config.col_offset,
                    header_end=where(ctx, node).header_end,
                ),
            )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        out: list[Hit] = []
        for h in hits:
            module = project.by_path.get(h.path or "")
            if module is not None and module.v1_compat:
                continue
            cls = h.payload(_Data).cls
            if not cls or not project.is_pydantic_model(cls):
                continue
            settings = project.is_settings_class(cls)
            factory = SETTINGS_CONFIG_DICT if settings else CONFIG_DICT
            short = factory.rsplit(".", 1)[1]
            kind = "settings class" if settings else "model"
            model = h.payload(_Data).model
            reason = h.payload(_Data).reason
            if h.payload(_Data).both:
                message = (
                    f"{kind} `{model}` defines both `class Config` and `model_config`: Pydantic v2 raises "
                    "`PydanticUserError`; merge `Config` into `model_config`"
                )
            else:
                message = f"`class Config` in {kind} `{model}` is deprecated in Pydantic v2: use `model_config = {short}(...)`"
            name = (h.payload(_Data).names or {}).get(factory)
            if reason is None and name is None:
                reason = f"the name `{short}` is already taken in this module"
            if reason is None:
                _, reason = new_keys(
                    list(h.payload(_Data).keys or ()),
                    renamed_config_key(POPULATE_BY_NAME_V1, project),
                )
            if reason is None:
                reason = _config_read_elsewhere(project, model)
            fixable = reason is None
            out.append(
                dataclasses.replace(
                    h,
                    message=message,
                    fixable=fixable,
                    fix_title=f"Replace `class Config` with `model_config = {short}(...)`"
                    if fixable
                    else f"Move the settings into `model_config = {short}(...)` by hand ({reason})",
                    data=h.payload(_Data)._replace(factory=factory),
                )
            )
        return out

    def fix(self, source: str, hit: Hit, project: Project) -> str | None:
        factory = hit.payload(_Data).factory
        name_info = (hit.payload(_Data).names or {}).get(factory) if factory else None
        if not factory or not name_info:
            return None
        local, needs_import = name_info
        tree = parse_text(source)  # newer syntax too (libcst, lowered)
        found = _find_config(tree, hit.payload(_Data).config_line, hit.payload(_Data).config_col)
        if found is None:
            return None
        owner, config = found
        entries, reason = config_entries(config)
        if reason is not None or _references(entries, config, owner) is not None:
            return None
        keys, reason = new_keys(
            [k for k, _, _ in entries], renamed_config_key(POPULATE_BY_NAME_V1, project)
        )
        if reason is not None:
            return None
        lines = source.splitlines(keepends=True)
        text = _replacement(
            source, lines, config, entries, keys, local, hit.payload(_Data).extra or {}
        )
        if text is None:
            return None
        newline = "\r\n" if lines[config.lineno - 1].endswith("\r\n") else "\n"
        text = text.replace("\n", newline)
        fixed = "".join(lines[: config.lineno - 1]) + text + "".join(lines[config.end_lineno :])
        if needs_import:
            module, obj = factory.rsplit(".", 1)
            fixed = header_import(fixed, module, obj, header_end=hit.payload(_Data).header_end)
        return fixed

    bad = (
        snippet(
            """\
from datetime import datetime

from pydantic import BaseModel


class Trigger(BaseModel):
    at: datetime

    class Config:
        json_encoders = {datetime: lambda d: d.isoformat()}
""",
            with_files={
                **PYDANTIC_2,
                "app/routes.py": "from fastapi.encoders import jsonable_encoder\n\n"
                "from app.main import Trigger\n\n\n"
                "def dump(trigger: Trigger) -> dict:\n"
                "    return jsonable_encoder(trigger, custom_encoder=Trigger.Config.json_encoders)\n",
            },
            note="code elsewhere reads `Trigger.Config` (seen in plombery): no fix, the read "
            "would fail once the class is gone",
            lines=(9,),
        ),
        snippet(
            """\
from datetime import datetime

from pydantic import BaseModel


class RunSchema(BaseModel):
    run_id: str
    timestamp: datetime

    class Config:
        validate_assignment = True
        from_attributes = True
""",
            lines=(10,),
            with_files=PYDANTIC_2,
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -1,5 +1,5 @@
 from datetime import datetime
 
-from pydantic import BaseModel
+from pydantic import BaseModel, ConfigDict
 
 
@@ -8,5 +8,3 @@
     timestamp: datetime
 
-    class Config:
-        validate_assignment = True
-        from_attributes = True
+    model_config = ConfigDict(validate_assignment=True, from_attributes=True)
""",
            ),
        ),
        Example(
            files={
                **PYDANTIC_2,
                "app/config.py": """\
from pydantic import Extra
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    database_url: str

    class Config:
        \"\"\"Read from the environment.\"\"\"

        env_file = ".env"  # local development only
        # a prefix keeps the variables apart
        env_prefix = "SHOP_"
        extra = Extra.forbid
""",
                "app/schemas.py": """\
import pydantic as pd

from app.base import Base


class UserOut(Base):
    name: str

    class Config:
        orm_mode = True
        allow_population_by_field_name = True
        schema_extra = {
            "example": {"name": "ada"},
        }


class Legacy(pd.BaseModel):
    class Config:
        fields = {"name": "full_name"}
        smart_union = True

    class Nested:
        pass
""",
                "app/base.py": """\
from pydantic import BaseModel


class Base(BaseModel):
    pass
""",
            },
            note="settings class, inherited model, renamed keys, Extra enum, comments, removed keys (report only)",
            lines=(8, 9, 18),
            fixes=(
                """\
--- a/app/config.py
+++ b/app/config.py
@@ -1,4 +1,4 @@
 from pydantic import Extra
-from pydantic_settings import BaseSettings
+from pydantic_settings import BaseSettings, SettingsConfigDict
 
 
@@ -6,9 +6,8 @@
     database_url: str
 
-    class Config:
-        \"\"\"Read from the environment.\"\"\"
-
-        env_file = ".env"  # local development only
+    model_config = SettingsConfigDict(
+        env_file=".env",  # local development only
         # a prefix keeps the variables apart
-        env_prefix = "SHOP_"
-        extra = Extra.forbid
+        env_prefix="SHOP_",
+        extra="forbid",
+    )
""",
                """\
--- a/app/schemas.py
+++ b/app/schemas.py
@@ -7,10 +7,12 @@
     name: str
 
-    class Config:
-        orm_mode = True
-        allow_population_by_field_name = True
-        schema_extra = {
+    model_config = pd.ConfigDict(
+        from_attributes=True,
+        validate_by_name=True,
+        validate_by_alias=True,
+        json_schema_extra={
             "example": {"name": "ada"},
-        }
+        },
+    )
 
 
""",
            ),
        ),
        snippet(
            """\
from pydantic import BaseModel, ConfigDict


class Item(BaseModel):
    model_config = ConfigDict(frozen=True)

    class Config:
        orm_mode = True
""",
            note="both `Config` and `model_config`: report only",
            lines=(7,),
            with_files=PYDANTIC_2,
        ),
        snippet(
            """\
from pydantic import BaseModel

LIMIT = 10


class Page(BaseModel):
    size: int = LIMIT

    class Config:
        title = "Page"
        max_anystr_length = LIMIT

        @staticmethod
        def schema_extra(schema: dict) -> None:
            schema.pop("title", None)
""",
            note="a method in Config: report only",
            lines=(9,),
            with_files=PYDANTIC_2,
        ),
        Example(
            files={
                "app/legacy.py": """\
from pydantic.v1 import BaseModel


class Old(BaseModel):
    class Config:
        orm_mode = True
""",
                "app/models.py": """\
from pydantic import BaseModel


class User(BaseModel):
    name: str

    class Config:
        orm_mode = True
""",
            },
            note="nothing pinned: the unconditional `pydantic.v1` import shows Pydantic 2 is "
            "installed; the module written against `pydantic.v1` is left alone",
            lines=(7,),
            fixes=(
                """\
--- a/app/models.py
+++ b/app/models.py
@@ -1,3 +1,3 @@
-from pydantic import BaseModel
+from pydantic import BaseModel, ConfigDict
 
 
@@ -5,4 +5,3 @@
     name: str
 
-    class Config:
-        orm_mode = True
+    model_config = ConfigDict(from_attributes=True)
""",
            ),
        ),
    )
    good = (
        snippet(
            """\
from datetime import datetime

from pydantic import BaseModel, ConfigDict


class RunSchema(BaseModel):
    model_config = ConfigDict(validate_assignment=True, from_attributes=True)

    run_id: str
    timestamp: datetime
""",
            with_files=PYDANTIC_2,
        ),
        snippet(
            """\
from dataclasses import dataclass

import attr
from django.db import models
from marshmallow import Schema, fields


class UserSchema(Schema):
    name = fields.Str()

    class Meta:
        ordered = True


@dataclass
class Row:
    id: int

    class Config:
        orm_mode = True


@attr.s
class Point:
    class Config:
        frozen = True


class Article(models.Model):
    title = models.CharField(max_length=100)

    class Config:
        verbose = True


class Plain:
    class Config:
        extra = "forbid"
""",
            note="marshmallow Meta, a dataclass, attrs, Django and a plain class with a `Config`",
            with_files=PYDANTIC_2,
        ),
        snippet(
            """\
import pydantic
from pydantic import BaseModel, ConfigDict

PYDANTIC_V2 = pydantic.VERSION.startswith("2.")


class Model(BaseModel):
    if PYDANTIC_V2:
        model_config = ConfigDict(from_attributes=True)
    else:
        class Config:
            orm_mode = True
""",
            note="a v1/v2 compatibility shim",
            with_files=PYDANTIC_2,
        ),
        snippet(
            """\
from pydantic.v1 import BaseModel


class Legacy(BaseModel):
    class Config:
        orm_mode = True
""",
            note="a v1-compat module",
            with_files=PYDANTIC_2,
        ),
        Example(
            files={
                "app/models.py": """\
from pydantic import BaseModel


class User(BaseModel):
    name: str

    class Config:
        orm_mode = True
""",
                "requirements.txt": "pydantic==1.10.13\n",
            },
            note="a project pinned to Pydantic 1",
        ),
        snippet(
            """\
from pydantic import BaseModel, BaseSettings, Field


class Settings(BaseSettings):
    debug: bool = False

    class Config:
        env_file = ".env"


class Label(BaseModel):
    colour: str = Field(regex=r"^#[0-9a-f]{6}$")

    class Config:
        orm_mode = True
""",
            note="nothing pinned, but the code proves Pydantic 1 (`from pydantic import "
            "BaseSettings`, `Field(regex=...)` fail on v2): no v2 advice, no `ConfigDict` import",
        ),
        Example(
            files={
                "app/models.py": """\
from pydantic import BaseModel, validator


class Label(BaseModel):
    colour: str

    class Config:
        anystr_strip_whitespace = True

    @validator("colour")
    def lower(cls, v: str) -> str:
        return v.lower()
""",
                "requirements.txt": "fastapi\npydantic>=1.8\n",
            },
            note="`pydantic>=1.8` admits both majors; the code is all v1 style and shows nothing "
            "of v2: Pydantic 1",
        ),
        Example(
            files={
                "app/settings.py": "from pydantic import BaseSettings\n\n\nclass Settings(BaseSettings):\n    debug: bool = False\n",
                "app/models.py": """\
from pydantic import BaseModel, field_validator


class Label(BaseModel):
    colour: str

    class Config:
        orm_mode = True

    @field_validator("colour")
    @classmethod
    def lower(cls, v: str) -> str:
        return v.lower()
""",
            },
            note="nothing pinned and the code contradicts itself (a v1-only import, a v2-only "
            "one): the version is unknown, so no v2 advice",
        ),
    )


# -- helpers -----------------------------------------------------------------------------


def _references(entries, config: ast.ClassDef, owner: ast.ClassDef) -> str | None:
    """A value that names a key of ``Config`` or a name of the class body would change
    meaning once moved: report only."""
    taken = {k for k, _, _ in entries} | _class_body_names(owner) | {"Config"}
    for key, _stmt, value in entries:
        for n in ast.walk(value):
            if isinstance(n, ast.Name) and n.id in taken:
                return f"`{key}` refers to `{n.id}`, a name of the class"
    return None


def _extra_member(value: ast.expr, ctx: ModuleContext) -> str | None:
    if isinstance(value, ast.Attribute) and value.attr in _EXTRA_MEMBERS:
        q = ctx.resolve(value.value)
        if q in _EXTRA_ENUMS:
            return value.attr
    return None


def _find_config(
    tree: ast.Module, line: int | None, col: int | None
) -> tuple[ast.ClassDef, ast.ClassDef] | None:
    for owner in ast.walk(tree):
        if not isinstance(owner, ast.ClassDef):
            continue
        for stmt in owner.body:
            if (
                isinstance(stmt, ast.ClassDef)
                and stmt.name == "Config"
                and stmt.lineno == line
                and stmt.col_offset == col
            ):
                return owner, stmt
    return None


def _comments(source_lines: list[str], first: int, last: int) -> list[tuple[int, int, str]]:
    """(line, column, text) of the comments on lines ``first..last`` (1-based)."""
    text = "".join(source_lines[first - 1 : last])
    out: list[tuple[int, int, str]] = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                out.append((tok.start[0] + first - 1, tok.start[1], tok.string))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []
    return out


def _replacement(
    source: str,
    lines: list[str],
    config: ast.ClassDef,
    entries: list[tuple[str, ast.stmt, ast.expr]],
    keys: list[tuple[str, str | None]],
    factory: str,
    extra: dict[str, str],
) -> str | None:
    header = lines[config.lineno - 1]
    indent = header[: config.col_offset]
    if indent.strip():
        return None
    first_body = config.body[0]
    if first_body.lineno > config.lineno:
        inner = lines[first_body.lineno - 1][: first_body.col_offset]
        if inner.strip() or not inner.startswith(indent) or inner == indent:
            inner = indent + "    "
    else:
        inner = indent + "    "

    values: dict[str, str] = {}
    for key, _stmt, value in entries:
        if key in extra:
            values[key] = f'"{extra[key]}"'
            continue
        seg = ast.get_source_segment(source, value)
        if seg is None:
            return None
        values[key] = seg.replace("\r\n", "\n")  # the caller restores the file's newlines
    args: list[tuple[str, ast.stmt | None]] = []  # (``key=value`` text, its statement)
    by_key = {k: stmt for k, stmt, _ in entries}
    for old, new in keys:
        if old == "":
            args.append((f"{new}=True", None))
        else:
            args.append((f"{new}={values[old]}", by_key[old]))

    # comments: trailing ones follow their entry, standalone ones keep their place
    stmt_ends = {stmt.end_lineno: stmt for _k, stmt, _v in entries}
    inside: set[int] = set()
    for _k, _stmt, value in entries:
        inside.update(range(value.lineno, (value.end_lineno or value.lineno)))
    trailing: dict[int, str] = {}
    standalone: list[tuple[int, str]] = []
    for line, _col, text in _comments(lines, config.lineno, config.end_lineno or config.lineno):
        if line in inside and line not in stmt_ends:
            continue  # part of a multi-line value: copied with it
        if line in stmt_ends and id(stmt_ends[line]) not in trailing:
            trailing[id(stmt_ends[line])] = text
        else:
            standalone.append((line, text))

    call = f"{indent}model_config = {factory}("
    one_line = call + ", ".join(a for a, _ in args) + ")"
    if not trailing and not standalone and "\n" not in one_line and len(one_line) <= _ONE_LINE_MAX:
        return one_line + "\n"
    out = [call]
    pending = sorted(standalone)
    for text, stmt in args:
        if stmt is not None:
            while pending and pending[0][0] < stmt.lineno:
                out.append(f"{inner}{pending.pop(0)[1]}")
        comment = trailing.get(id(stmt)) if stmt is not None else None
        out.append(f"{inner}{text}," + (f"  {comment}" if comment else ""))
    for _line, text in pending:
        out.append(f"{inner}{text}")
    out.append(f"{indent})")
    return "\n".join(out) + "\n"


def _config_read_elsewhere(project: Project, model: str | None) -> str | None:
    """Where the project reads ``Model.Config`` (``Trigger.Config.json_encoders`` in a
    router): the reason no fix is offered, or None.  The files are those whose words hold
    the model's name (:meth:`Project.files_naming`)."""
    if not model:
        return None
    pattern = re.compile(rb"\b" + re.escape(model.encode()) + rb"\s*\.\s*Config\b")
    for path in project.files_naming([model]):
        data = project.repo.read_bytes(path)
        if data is None:
            continue
        m = pattern.search(data)
        if m is not None:
            line = data.count(b"\n", 0, m.start()) + 1
            return f"`{model}.Config` is read at {path}:{line}, which fails once the class is gone"
    return None
