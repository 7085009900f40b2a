from __future__ import annotations

import ast
import dataclasses
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity, snippet
from auditor.facts import Call, DictExpr, Expr, Lit, Name, Seq, Sub, Union, is_lit, qname_of
from auditor.project import Project
from auditor.source_edits import (
    Where,
    edit_statement,
    header_end_of,
    header_import,
    local_name,
    span_of,
    where,
)
from auditor.walker import ModuleContext

VALIDATOR = frozenset(
    {
        "pydantic.validator",
        "pydantic.class_validators.validator",
        "pydantic.deprecated.class_validators.validator",
    }
)
ROOT_VALIDATOR = frozenset(
    {
        "pydantic.root_validator",
        "pydantic.class_validators.root_validator",
        "pydantic.deprecated.class_validators.root_validator",
    }
)
FIELD_VALIDATOR = "pydantic.field_validator"
#: Deprecated class methods of ``BaseModel``: v1 name -> (v2 spelling, fix offered).
CLASS_METHODS: dict[str, tuple[str, bool]] = {
    "parse_obj": ("model_validate()", True),
    "parse_raw": ("model_validate_json()", True),
    "parse_file": ("model_validate_json(path.read_text())", False),
    "from_orm": ("model_validate()", True),
    "schema": ("model_json_schema()", True),
    "schema_json": ("json.dumps(<model>.model_json_schema())", False),
    "construct": ("model_construct()", True),
    "update_forward_refs": ("model_rebuild()", True),
    "validate": ("model_validate()", False),
}
_CLASS_RENAMES = {
    "parse_obj": "model_validate",
    "parse_raw": "model_validate_json",
    "from_orm": "model_validate",
    "schema": "model_json_schema",
    "construct": "model_construct",
    "update_forward_refs": "model_rebuild",
}
#: Deprecated module-level functions and decorators, by canonical name.
FUNCTIONS: dict[str, tuple[str, str]] = {
    "pydantic.parse_obj_as": ("parse_obj_as()", "`TypeAdapter(T).validate_python(obj)`"),
    "pydantic.tools.parse_obj_as": ("parse_obj_as()", "`TypeAdapter(T).validate_python(obj)`"),
    "pydantic.deprecated.tools.parse_obj_as": (
        "parse_obj_as()",
        "`TypeAdapter(T).validate_python(obj)`",
    ),
    "pydantic.schema_of": ("schema_of()", "`TypeAdapter(T).json_schema()`"),
    "pydantic.tools.schema_of": ("schema_of()", "`TypeAdapter(T).json_schema()`"),
    "pydantic.deprecated.tools.schema_of": ("schema_of()", "`TypeAdapter(T).json_schema()`"),
    "pydantic.schema_json_of": ("schema_json_of()", "`json.dumps(TypeAdapter(T).json_schema())`"),
    "pydantic.tools.schema_json_of": (
        "schema_json_of()",
        "`json.dumps(TypeAdapter(T).json_schema())`",
    ),
    "pydantic.validate_arguments": ("@validate_arguments", "`@validate_call`"),
    "pydantic.decorator.validate_arguments": ("@validate_arguments", "`@validate_call`"),
    "pydantic.deprecated.decorator.validate_arguments": ("@validate_arguments", "`@validate_call`"),
}
#: Deprecated instance methods: v1 name -> v2 name.
INSTANCE_METHODS = {"dict": "model_dump", "json": "model_dump_json", "copy": "model_copy"}
_DUMP_KWARGS = frozenset(
    {"include", "exclude", "by_alias", "exclude_unset", "exclude_defaults", "exclude_none"}
)
#: Calls whose result is provably an instance of the class they are called on.
_CONSTRUCTORS = frozenset(
    {
        "model_validate",
        "model_validate_json",
        "model_construct",
        "parse_obj",
        "parse_raw",
        "construct",
    }
)
FIELD = "pydantic.Field"
#: ``pydantic.Field``'s keyword arguments in v2 (2.13).
FIELD_KWARGS = frozenset(
    "default default_factory alias alias_priority validation_alias serialization_alias title "
    "field_title_generator description examples exclude exclude_if discriminator deprecated "
    "json_schema_extra frozen validate_default repr init init_var kw_only pattern strict "
    "coerce_numbers_to_str gt ge lt le multiple_of allow_inf_nan max_digits decimal_places "
    "min_length max_length union_mode fail_fast".split()
)
#: PYD002 reports these (they raise).
_PYD002_FIELD_KWARGS = frozenset({"regex", "const", "unique_items"})
_FIELD_RENAMES = {"min_items": "min_length", "max_items": "max_length"}
PARAM_CLASSES = frozenset(
    f"fastapi.{n}" for n in ("Query", "Path", "Body", "Header", "Cookie", "Form")
)
_STATIC = frozenset({"builtins.staticmethod"})
_CLASSMETHOD = frozenset({"builtins.classmethod"})


class _ValidatorFix(NamedTuple):
    """How to rewrite one ``@validator`` (found in the module pass)."""

    dec_index: int  # the ``@validator`` decorator's index in the decorator list
    pre: bool
    add_classmethod: bool
    validator_name: str  # how ``field_validator`` is spelled in the module
    validator_import: bool  # whether an import of it must be added


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    cls: str | None = None
    method: str | None = None
    recv: str | None = None
    op: str | None = None
    kind: str | None = None
    where: Where | None = None
    validator: _ValidatorFix | None = None
    call_line: int | None = None
    call_col: int | None = None
    def_line: int | None = None
    def_col: int | None = None
    key: str | None = None
    new: str | None = None


class PydanticV1DeprecatedApi(Check):
    """
    ## What it does
    Flags Pydantic v1 APIs that still work in Pydantic v2 but are deprecated:

    1. `@validator` and `@root_validator` on methods of Pydantic models;
    2. class-level calls on a **resolved model class**: `Model.parse_obj`, `parse_raw`,
       `parse_file`, `from_orm`, `schema`, `schema_json`, `construct`,
       `update_forward_refs`, `validate`; and `pydantic.parse_obj_as(...)`,
       `schema_of(...)`, `schema_json_of(...)` and `@validate_arguments`;
    3. the instance methods `.dict()`, `.json()` and `.copy()`, **only** where the receiver
       is provably a model instance: a name bound once in the same function to `Model(...)`,
       `Model.model_validate(...)` or `Model.parse_obj(...)`, a parameter annotated `Model`,
       `Model | None`, `Optional[Model]` or `Annotated[Model, ...]` (route body parameters
       included), or `self` in a method of a model;
    4. `Field(min_items=..., max_items=..., allow_mutation=...)`, and extra keyword
       arguments on `Field` such as `example=` or the pydantic-settings v1 `env=`;
    5. FastAPI's `Query/Path/Body/Header/Cookie/Form(regex=...)`.

    ## Why is this bad?
    Each of these emits `PydanticDeprecatedSince20` (or FastAPI's deprecation warning) and
    is scheduled for removal in Pydantic v3: code that relies on them breaks on the next
    major upgrade, and the v2 spellings are faster (`model_dump` runs in Rust).  Two of them
    are quietly wrong already: pydantic-settings v2 ignores `Field(env="NAME")`, so the
    variable is read from the field's own name, and `.json(indent=2)` or any other
    `json.dumps` keyword now raises `TypeError`.  [Production guide 2026],
    [Production skill 2025], [Patterns reference] and
    [zhanymkanov README] all write v2 `field_validator`/`model_validator`, and
    [Production skill 2025] uses `model_dump(exclude_unset=True)`.

    ## Example
    ```python
    class ItemCreate(BaseModel):
        name: str
        tags: list[str] = Field(min_items=1, example=["a"])

        @validator("name", pre=True)
        def strip(cls, v):
            return v.strip()


    def to_payload(data: dict) -> dict:
        item = ItemCreate.parse_obj(data)
        return item.dict()
    ```

    ## Use instead
    ```python
    class ItemCreate(BaseModel):
        name: str
        tags: list[str] = Field(min_length=1, examples=[["a"]])

        @field_validator("name", mode="before")
        @classmethod
        def strip(cls, v):
            return v.strip()


    def to_payload(data: dict) -> dict:
        item = ItemCreate.model_validate(data)
        return item.model_dump()
    ```

    ## Fix safety
    Renames with the same behaviour are offered: `parse_obj` → `model_validate` and
    `parse_raw` → `model_validate_json` (one argument), `schema` → `model_json_schema`,
    `construct` → `model_construct`, `update_forward_refs` → `model_rebuild` (no
    arguments), `from_orm` → `model_validate` (only when the class config has
    `from_attributes=True`; without it `from_orm` already raises); `.dict()` →
    `.model_dump()` and `.json()` → `.model_dump_json()` when the keywords are v2 ones
    (not `encoder=`, `models_as_dict=` or other `json.dumps` keywords); `min_items` →
    `min_length`, `max_items` → `max_length`, `example=x` → `examples=[x]`; `regex=` →
    `pattern=` (v2 patterns use Rust regex syntax, which rejects look-arounds and
    back-references: review those); and a simple `@validator("f"[, pre=True])` on a
    `(cls, v)` method → `@field_validator("f"[, mode="before"])` + `@classmethod`.
    Validators that take `values`, `field` or `config`, use `always=` or `each_item=`, and
    `@root_validator` are report-only, as are `.copy()`, `parse_file`, `schema_json`,
    `validate`, `allow_mutation` and the module-level functions.

    ## Known problems
    A receiver reached through an attribute (`self.item.dict()`) or a function's return
    value is not followed, so some calls are missed.  `super().dict()` is not reported.  A
    model that defines its own method of one of these names is left alone.

    ## References
    - [Production guide 2026], [Production skill 2025], [Patterns reference],
      [zhanymkanov README] (`field_validator` / `model_validator`)
    - [Production skill 2025] (`model_dump(exclude_unset=True)`)
    - Pydantic docs, "Migration Guide" (changes to `pydantic.BaseModel`, validators, `Field`)
    - FastAPI docs, "Query Parameters and String Validations" (`pattern` replaces `regex`)
    """

    id = "PYD003"
    name = "pydantic-v1-deprecated-api"
    category = "pydantic"
    severity = Severity.WARNING
    message = "Pydantic v1 API deprecated in v2"
    fix_title = "Use the Pydantic v2 API"
    fix_safe = False  # `regex` -> `pattern` changes the regex engine
    sources = (
        "Production guide 2026",
        "Production skill 2025",
        "Patterns reference",
        "zhanymkanov README",
    )

    def applies(self, project: Project) -> str | None:
        if not project.pydantic_v2:
            return "the project uses Pydantic 1"
        return None

    # -- (1) validators, and @validate_arguments -------------------------------------------
    def visit_FunctionDef(self, node: ast.FunctionDef, ctx: ModuleContext) -> None:
        self._decorators(node, ctx)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef, ctx: ModuleContext) -> None:
        self._decorators(node, ctx)

    def _decorators(self, node: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext) -> None:
        if ctx.facts.v1_compat:
            return
        resolved = [
            (d, ctx.resolve(d.func if isinstance(d, ast.Call) else d)) for d in node.decorator_list
        ]
        validators = [(d, q) for d, q in resolved if q in VALIDATOR or q in ROOT_VALIDATOR]
        for dec, q in resolved:
            if q in FUNCTIONS:
                old, new = FUNCTIONS[q]
                ctx.report(
                    dec,
                    f"`{old}` is deprecated in Pydantic v2: use {new}",
                    fix_title=f"Use {new}",
                    data=_Data(),
                )
        if not validators or ctx.scope.kind != "class":
            return
        owner = ctx.scope.qname
        for dec, q in validators:
            if q in ROOT_VALIDATOR:
                ctx.report(
                    dec,
                    f"`@root_validator` on `{node.name}` is deprecated in Pydantic v2: use `@model_validator`",
                    fix_title="Use `@model_validator(mode=...)` (it receives the model or the raw data, not `values`)",
                    data=_Data(cls=owner),
                )
                continue
            fix = _validator_fix(node, dec, resolved, validators, ctx)
            ctx.report(
                dec,
                f"`@validator` on `{node.name}` is deprecated in Pydantic v2: use `@field_validator`",
                fixable=fix is not None,
                fix_title="Use `@field_validator` and `@classmethod`"
                if fix is not None
                else "Use `@field_validator` (it receives `info: ValidationInfo` instead of `values`)",
                data=_Data(
                    cls=owner,
                    op="validator",
                    def_line=node.lineno,
                    def_col=node.col_offset,
                    where=where(ctx, node),
                    validator=fix,
                ),
            )

    # -- (2)-(5): calls ------------------------------------------------------------------
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        if ctx.facts.v1_compat:
            return
        func = node.func
        q = ctx.resolve(func)
        if q in FUNCTIONS:
            old, new = FUNCTIONS[q]
            if not (
                old.startswith("@") and ctx.parent is not None and _is_decorator(node, ctx.parent)
            ):
                ctx.report(
                    node,
                    f"`{old}` is deprecated in Pydantic v2: use {new}",
                    fix_title=f"Use {new}",
                    data=_Data(),
                )
            return
        if q == FIELD:
            self._field(node, ctx)
            return
        if q in PARAM_CLASSES:
            self._regex(node, q, ctx)
            return
        if not isinstance(func, ast.Attribute):
            return
        if func.attr in CLASS_METHODS:
            self._class_call(node, func, ctx)
        if func.attr in INSTANCE_METHODS:
            self._instance_call(node, func, ctx)

    def _class_call(self, node: ast.Call, func: ast.Attribute, ctx: ModuleContext) -> None:
        recv = func.value
        cls = ctx.resolve(recv) if isinstance(recv, (ast.Name, ast.Attribute)) else None
        if cls is None and isinstance(recv, ast.Name):
            cls = _cls_parameter(recv.id, ctx)
        if cls is None or not ctx.is_project(cls):
            return  # models are project classes
        attr = func.attr
        has_star = any(isinstance(a, ast.Starred) for a in node.args) or any(
            k.arg is None for k in node.keywords
        )
        kws = {k.arg for k in node.keywords if k.arg}
        n = len(node.args)
        if attr in ("parse_obj", "parse_raw", "from_orm"):
            fixable = n == 1 and not kws and not has_star
        elif attr == "schema":
            fixable = n <= 2 and kws <= {"by_alias", "ref_template"} and not has_star
        elif attr == "construct":
            fixable = True
        elif attr == "update_forward_refs":
            fixable = n == 0 and not node.keywords
        else:
            fixable = False
        ctx.report(
            node,
            "",
            fixable=fixable,
            data=_Data(
                cls=cls,
                method=attr,
                recv=_text(recv),
                op="attr",
                kind="class",
                where=where(ctx, node),
                call_line=node.lineno,
                call_col=ctx.column(node.lineno, node.col_offset),
            ),
        )

    def _instance_call(self, node: ast.Call, func: ast.Attribute, ctx: ModuleContext) -> None:
        cls = _instance_class(func.value, ctx)
        if cls is None or not ctx.is_project(cls):
            return  # models are project classes
        attr = func.attr
        allowed = _DUMP_KWARGS | ({"indent"} if attr == "json" else set())
        fixable = (
            attr != "copy"
            and not node.args
            and all(k.arg is not None and k.arg in allowed for k in node.keywords)
        )
        ctx.report(
            node,
            "",
            fixable=fixable,
            data=_Data(
                cls=cls,
                method=attr,
                recv=_text(func.value),
                op="attr",
                kind="instance",
                where=where(ctx, node),
                call_line=node.lineno,
                call_col=ctx.column(node.lineno, node.col_offset),
            ),
        )

    def _field(self, node: ast.Call, ctx: ModuleContext) -> None:
        present = {k.arg for k in node.keywords if k.arg}
        for kw in node.keywords:
            key = kw.arg
            if key is None or key in FIELD_KWARGS or key in _PYD002_FIELD_KWARGS:
                continue
            pos = _Data(
                call_line=node.lineno,
                call_col=ctx.column(node.lineno, node.col_offset),
                key=key,
                where=where(ctx, node),
            )
            if key in _FIELD_RENAMES:
                new = _FIELD_RENAMES[key]
                ctx.report(
                    kw,
                    f"`Field({key}=...)` is deprecated in Pydantic v2: use `{new}=`",
                    fixable=new not in present,
                    fix_title=f"Rename `{key}=` to `{new}=`",
                    data=pos._replace(op="kw", new=new),
                )
            elif key == "allow_mutation":
                ctx.report(
                    kw,
                    "`Field(allow_mutation=...)` is deprecated in Pydantic v2: use `frozen=` (the opposite value)",
                    fix_title="Use `frozen=True` instead of `allow_mutation=False`",
                    data=_Data(),
                )
            elif key == "example":
                ctx.report(
                    kw,
                    "`Field(example=...)` is an extra keyword, deprecated in Pydantic v2: use `examples=[...]`",
                    fixable="examples" not in present,
                    fix_title="Use `examples=[...]`",
                    data=pos._replace(op="example"),
                )
            elif key == "env":
                ctx.report(
                    kw,
                    "`Field(env=...)` is ignored by pydantic-settings v2 (the field's own name is read): "
                    "use `validation_alias=`",
                    fix_title="Use `validation_alias=` (or `AliasChoices(...)`)",
                    data=_Data(),
                )
            else:
                ctx.report(
                    kw,
                    f"`Field({key}=...)` is an extra keyword, deprecated in Pydantic v2: move it into `json_schema_extra`",
                    fix_title="Use `json_schema_extra={...}`",
                    data=_Data(),
                )

    def _regex(self, node: ast.Call, q: str, ctx: ModuleContext) -> None:
        present = {k.arg for k in node.keywords if k.arg}
        short = q.rsplit(".", 1)[1]
        for kw in node.keywords:
            if kw.arg != "regex" or (isinstance(kw.value, ast.Constant) and kw.value.value is None):
                continue
            ctx.report(
                kw,
                f"`{short}(regex=...)` is deprecated: use `pattern=`",
                fixable="pattern" not in present,
                fix_title="Rename `regex=` to `pattern=`",
                data=_Data(
                    op="kw",
                    key="regex",
                    new="pattern",
                    where=where(ctx, node),
                    call_line=node.lineno,
                    call_col=ctx.column(node.lineno, node.col_offset),
                ),
            )

    # -- project ------------------------------------------------------------------------
    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        out: list[Hit] = []
        for h in hits:
            module = project.by_path.get(h.path or "")
            if module is not None and module.v1_compat:
                continue
            if h.payload(_Data).cls is None:
                out.append(h)
                continue
            cls = project.class_(h.payload(_Data).cls)
            if cls is None or not project.is_pydantic_model(cls.qname):
                continue
            method = h.payload(_Data).method
            if method is None:
                out.append(h)
                continue
            if _overridden(project, cls, method):
                continue
            recv = h.payload(_Data).recv or cls.name
            fixable = h.fixable
            if h.payload(_Data).kind == "class":
                rename = _CLASS_RENAMES.get(method)
                new, _ = CLASS_METHODS[method]
                if method == "from_orm" and _from_attributes(project, cls) is not True:
                    fixable = False
                    new = "model_validate()` and set `from_attributes=True"
                if new.startswith("json.dumps"):
                    use = new.replace("<model>", recv)
                else:
                    use = f"{recv}.{new}"
                message = f"`{recv}.{method}()` is deprecated in Pydantic v2: use `{use}`"
                title = f"Use `{use}`"
            else:
                rename = INSTANCE_METHODS[method] if method != "copy" else None
                new = INSTANCE_METHODS[method]
                message = f"`{recv}.{method}()` is deprecated in Pydantic v2: use `{recv}.{new}()`"
                title = f"Use `.{new}()`" + (
                    "" if fixable or method != "copy" else " (it takes `update=` and `deep=` only)"
                )
                if not fixable and method != "copy":
                    title += " with Pydantic v2 keywords"
            fixable = fixable and rename is not None
            out.append(
                dataclasses.replace(
                    h,
                    message=message,
                    fixable=fixable,
                    fix_title=f"Rename to `.{rename}()`" if fixable else title,
                    data=h.payload(_Data)._replace(new=rename),
                )
            )
        return out

    # -- fixes ------------------------------------------------------------------------------
    def fix(self, source: str, hit: Hit, project: Project) -> str | None:
        span = span_of(hit.payload(_Data).where)
        if hit.payload(_Data).op == "validator":
            fixed = edit_statement(
                source,
                hit.payload(_Data).def_line,
                lambda m, off: _fix_validator(m, hit, off),
                span,
            )
            if fixed is not None and _validator(hit).validator_import:
                fixed = header_import(
                    fixed,
                    "pydantic",
                    "field_validator",
                    header_end=header_end_of(hit.payload(_Data).where),
                )
            return fixed
        return edit_statement(
            source, hit.payload(_Data).call_line, lambda m, off: _fix_call(m, hit, off), span
        )

    bad = (
        snippet(
            """\
from pydantic import BaseModel, validator


class ItemCreate(BaseModel):
    name: str

    @validator("name")
    def strip_name(cls, v: str) -> str:
        return v.strip()


def to_payload(data: dict) -> dict:
    item = ItemCreate.parse_obj(data)
    return item.dict()
""",
            lines=(7, 13, 14),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -1,3 +1,3 @@
-from pydantic import BaseModel, validator
+from pydantic import BaseModel, validator, field_validator
 
 
@@ -5,5 +5,6 @@
     name: str
 
-    @validator("name")
+    @field_validator("name")
+    @classmethod
     def strip_name(cls, v: str) -> str:
         return v.strip()
""",
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -11,4 +11,4 @@
 
 def to_payload(data: dict) -> dict:
-    item = ItemCreate.parse_obj(data)
+    item = ItemCreate.model_validate(data)
     return item.dict()
""",
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -12,3 +12,3 @@
 def to_payload(data: dict) -> dict:
     item = ItemCreate.parse_obj(data)
-    return item.dict()
+    return item.model_dump()
""",
            ),
        ),
        Example(
            files={
                "app/schemas.py": """\
from typing import Annotated, Optional

from pydantic import BaseModel, ConfigDict, Field, root_validator, validator


class Base(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class UserOut(Base):
    name: str
    tags: list[str] = Field(default_factory=list, min_items=1, example=["a"])
    frozen_id: int = Field(0, allow_mutation=False)

    @validator("name", pre=True, allow_reuse=True)
    def strip(cls, v):
        return v.strip()

    @validator("tags", each_item=True)
    def lower(cls, v):
        return v.lower()

    @root_validator(pre=True)
    def check(cls, values):
        return values

    def as_json(self) -> str:
        return self.json(indent=2)


class Plain(BaseModel):
    id: int


def load(orm_obj: object, other: object, u: Optional[UserOut], p: Annotated[Plain, "x"]) -> tuple:
    a = UserOut.from_orm(orm_obj)
    b = Plain.from_orm(other)
    return a, b, u.dict(exclude_none=True), p.copy(), UserOut.schema(), Plain.schema_json()
""",
                "app/settings.py": """\
from pydantic import Field
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    db_url: str = Field("sqlite://", env="DATABASE_URL")
""",
            },
            note="validators, Field kwargs, self, parameters, from_orm with and without from_attributes, settings env=",
            lines=(12, 13, 15, 19, 23, 28, 36, 37, 38, 6),
            fixes=(
                """\
--- a/app/schemas.py
+++ b/app/schemas.py
@@ -10,5 +10,5 @@
 class UserOut(Base):
     name: str
-    tags: list[str] = Field(default_factory=list, min_items=1, example=["a"])
+    tags: list[str] = Field(default_factory=list, min_length=1, example=["a"])
     frozen_id: int = Field(0, allow_mutation=False)
 
""",
                """\
--- a/app/schemas.py
+++ b/app/schemas.py
@@ -10,5 +10,5 @@
 class UserOut(Base):
     name: str
-    tags: list[str] = Field(default_factory=list, min_items=1, example=["a"])
+    tags: list[str] = Field(default_factory=list, min_items=1, examples=[["a"]])
     frozen_id: int = Field(0, allow_mutation=False)
 
""",
                """\
--- a/app/schemas.py
+++ b/app/schemas.py
@@ -1,5 +1,5 @@
 from typing import Annotated, Optional
 
-from pydantic import BaseModel, ConfigDict, Field, root_validator, validator
+from pydantic import BaseModel, ConfigDict, Field, root_validator, validator, field_validator
 
 
@@ -13,5 +13,6 @@
     frozen_id: int = Field(0, allow_mutation=False)
 
-    @validator("name", pre=True, allow_reuse=True)
+    @field_validator("name", mode="before")
+    @classmethod
     def strip(cls, v):
         return v.strip()
""",
                """\
--- a/app/schemas.py
+++ b/app/schemas.py
@@ -26,5 +26,5 @@
 
     def as_json(self) -> str:
-        return self.json(indent=2)
+        return self.model_dump_json(indent=2)
 
 
""",
                """\
--- a/app/schemas.py
+++ b/app/schemas.py
@@ -34,5 +34,5 @@
 
 def load(orm_obj: object, other: object, u: Optional[UserOut], p: Annotated[Plain, "x"]) -> tuple:
-    a = UserOut.from_orm(orm_obj)
+    a = UserOut.model_validate(orm_obj)
     b = Plain.from_orm(other)
     return a, b, u.dict(exclude_none=True), p.copy(), UserOut.schema(), Plain.schema_json()
""",
                """\
--- a/app/schemas.py
+++ b/app/schemas.py
@@ -36,3 +36,3 @@
     a = UserOut.from_orm(orm_obj)
     b = Plain.from_orm(other)
-    return a, b, u.dict(exclude_none=True), p.copy(), UserOut.schema(), Plain.schema_json()
+    return a, b, u.model_dump(exclude_none=True), p.copy(), UserOut.schema(), Plain.schema_json()
""",
                """\
--- a/app/schemas.py
+++ b/app/schemas.py
@@ -36,3 +36,3 @@
     a = UserOut.from_orm(orm_obj)
     b = Plain.from_orm(other)
-    return a, b, u.dict(exclude_none=True), p.copy(), UserOut.schema(), Plain.schema_json()
+    return a, b, u.dict(exclude_none=True), p.copy(), UserOut.model_json_schema(), Plain.schema_json()
""",
            ),
        ),
        snippet(
            """\
import pydantic
from fastapi import APIRouter, Query
from pydantic import BaseModel, parse_obj_as, validate_arguments

router = APIRouter()


class Item(BaseModel):
    name: str


@validate_arguments
def helper(x: int) -> int:
    return x


@router.post("/items")
async def create(item: Item, q: str = Query("", regex="^[a-z]*$")) -> dict:
    items = parse_obj_as(list[Item], [])
    return {"item": item.dict(), "json": Item(name="x").json(), "n": len(items), "s": pydantic.schema_of(Item)}
""",
            note="route body parameter, a constructor call, module functions, Query(regex=)",
            lines=(12, 18, 19, 20),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -16,5 +16,5 @@
 
 @router.post("/items")
-async def create(item: Item, q: str = Query("", regex="^[a-z]*$")) -> dict:
+async def create(item: Item, q: str = Query("", pattern="^[a-z]*$")) -> dict:
     items = parse_obj_as(list[Item], [])
     return {"item": item.dict(), "json": Item(name="x").json(), "n": len(items), "s": pydantic.schema_of(Item)}
""",
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -18,3 +18,3 @@
 async def create(item: Item, q: str = Query("", regex="^[a-z]*$")) -> dict:
     items = parse_obj_as(list[Item], [])
-    return {"item": item.dict(), "json": Item(name="x").json(), "n": len(items), "s": pydantic.schema_of(Item)}
+    return {"item": item.model_dump(), "json": Item(name="x").json(), "n": len(items), "s": pydantic.schema_of(Item)}
""",
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -18,3 +18,3 @@
 async def create(item: Item, q: str = Query("", regex="^[a-z]*$")) -> dict:
     items = parse_obj_as(list[Item], [])
-    return {"item": item.dict(), "json": Item(name="x").json(), "n": len(items), "s": pydantic.schema_of(Item)}
+    return {"item": item.dict(), "json": Item(name="x").model_dump_json(), "n": len(items), "s": pydantic.schema_of(Item)}
""",
            ),
        ),
    )
    good = (
        snippet(
            """\
import httpx
from pydantic import BaseModel, field_validator


class ItemCreate(BaseModel):
    name: str

    @field_validator("name")
    @classmethod
    def strip_name(cls, v: str) -> str:
        return v.strip()


def to_payload(data: dict) -> dict:
    item = ItemCreate.model_validate(data)
    return item.model_dump()


def fetch(client: httpx.Client) -> dict:
    return client.get("/x").json()
"""
        ),
        snippet(
            """\
import requests
from dataclasses import dataclass, asdict


@dataclass
class Point:
    x: int

    def dict(self) -> dict:
        return asdict(self)

    def json(self) -> str:
        return str(self.dict())


class Box:
    @classmethod
    def parse_obj(cls, data: dict) -> "Box":
        return cls()


def use(p: Point, data: dict, resp: requests.Response) -> tuple:
    config = {"a": 1}
    copy = config.copy()
    result = requests.get("https://example.com", timeout=5)
    return p.dict(), p.json(), Box.parse_obj(data), resp.json(), result.json(), copy
""",
            note="non-model classes with dict/json/parse_obj, requests responses, dict.copy()",
        ),
        snippet(
            """\
from pydantic import BaseModel


class Event(BaseModel):
    name: str

    @classmethod
    def parse_obj(cls, data: dict) -> "Event":
        return cls.model_validate({"name": str(data)})

    def dict(self, **kwargs) -> dict:
        return self.model_dump(**kwargs)


def convert(data: dict, raw: object) -> dict:
    event = Event.parse_obj(data)
    event = raw
    return event.dict()


def convert2(e: Event) -> dict:
    return e.dict()
""",
            note="a model's own parse_obj/dict overrides; a rebound name",
        ),
        snippet(
            """\
from pydantic.v1 import BaseModel, validator


class Legacy(BaseModel):
    name: str

    @validator("name")
    def strip(cls, v):
        return v


def run(data: dict) -> dict:
    return Legacy.parse_obj(data).dict()
""",
            note="a v1-compat module",
        ),
        snippet(
            """\
from fastapi import Query
from pydantic import BaseModel, Field


class Page(BaseModel):
    size: int = Field(10, ge=1, le=100, examples=[10], json_schema_extra={"x": 1})


def search(q: str = Query("", pattern="^[a-z]*$"), r: str | None = Query(None, regex=None)) -> str:
    return q
""",
            note="v2 keywords",
        ),
    )


# -- helpers -----------------------------------------------------------------------------


def _text(node: ast.AST) -> str:
    try:
        text = ast.unparse(node)
    except Exception:  # pragma: no cover
        return "..."
    return text if len(text) <= 40 else text[:37] + "..."


def _is_decorator(node: ast.Call, parent: ast.AST) -> bool:
    return isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and any(
        d is node for d in parent.decorator_list
    )


def _method_kind(ctx: ModuleContext) -> str | None:
    """ "instance", "class" or "static" for the current method, None outside a class body."""
    fn = ctx.function
    if fn is None or fn.class_qname is None:
        return None
    qs = {qname_of(d) for d in fn.decorators if d}  # summaries, resolved in the class body
    if qs & _STATIC:
        return "static"
    if qs & (
        _CLASSMETHOD
        | VALIDATOR
        | ROOT_VALIDATOR
        | {FIELD_VALIDATOR, "pydantic.functional_validators.field_validator"}
    ):
        return "class"
    return "instance"


def _first_param(ctx: ModuleContext) -> str | None:
    fn = ctx.function
    if fn is None or not fn.params:
        return None
    p = fn.params[0]
    return p.name if p.kind in ("posonly", "arg") else None


def _cls_parameter(name: str, ctx: ModuleContext) -> str | None:
    """``cls`` in a classmethod of a class: that class (or a subclass of it)."""
    if _method_kind(ctx) != "class" or _first_param(ctx) != name:
        return None
    if ctx.scope.binding_counts().get(name, 0):
        return None
    return ctx.function.class_qname  # type: ignore[union-attr]


def _annotation_class(ann: Expr | None) -> str | None:
    """``M``, ``M | None``, ``Optional[M]``, ``Annotated[M, ...]`` -> M's qname."""
    match ann:
        case Name(qname=q):
            return q
        case Union(items=members):
            items = [i for i in members if not is_lit(i, None)]
            return _annotation_class(items[0]) if len(items) == 1 and len(members) == 2 else None
        case Sub(value=value, slice=sl):
            head = qname_of(value)
            if head in ("typing.Optional", "typing_extensions.Optional"):
                return _annotation_class(sl)
            if head in ("typing.Annotated", "typing_extensions.Annotated") and isinstance(sl, Seq):
                return _annotation_class(sl.items[0]) if sl.items else None
            if head in ("typing.Union", "typing_extensions.Union") and isinstance(sl, Seq):
                return _annotation_class(Union(sl.items))
    return None


def _instance_class(recv: ast.expr, ctx: ModuleContext) -> str | None:
    """The class of which ``recv`` is provably an instance (to be confirmed a model), or None."""
    if isinstance(recv, ast.Call):
        return _constructed(ctx.resolve(recv.func))
    if not isinstance(recv, ast.Name):
        return None
    name = recv.id
    fn = ctx.function
    if fn is None:
        if ctx.scope.kind != "module" or name not in ctx.module_constants:
            return None
        return _constructed(ctx.local_call_binding(name))
    counts = ctx.scope.binding_counts()
    for i, p in enumerate(fn.params):
        if p.name != name:
            continue
        if counts.get(name, 0) or p.kind in ("vararg", "kwarg"):
            return None
        if (
            i == 0
            and name == "self"
            and p.kind in ("posonly", "arg")
            and _method_kind(ctx) == "instance"
        ):
            return fn.class_qname
        return _annotation_class(p.annotation)
    if counts.get(name, 0) != 1 or ctx.scope.calls.get(name) is None:
        return None
    return _constructed(ctx.scope.calls.get(name))


def _constructed(callee: str | None) -> str | None:
    """``M`` for ``M(...)`` or ``M.model_validate(...)``-like callees."""
    if not callee:
        return None
    head, _, last = callee.rpartition(".")
    if last in _CONSTRUCTORS and head:
        return head
    return callee


def _overridden(project: Project, cls, method: str) -> bool:
    """The model (or a project base) defines ``method`` itself, or a field of that name."""
    for q in [cls.qname, *project.ancestors(cls.qname)]:
        c = project.class_(q)
        if c is None:
            continue
        if method in c.methods or any(a.name == method for a in c.attributes):
            return True
    return False


def _from_attributes(project: Project, cls) -> bool | None:
    """The class's effective ``from_attributes`` (None: not set anywhere known)."""
    order = [cls]
    seen = {cls.qname}
    i = 0
    while i < len(order):
        c = order[i]
        i += 1
        value = _own_from_attributes(c)
        if value is not None:
            return value
        for base in c.bases:
            q = qname_of(base) if isinstance(base, Name) else None
            b = project.class_(q) if q else None
            if b is not None and b.qname not in seen:
                seen.add(b.qname)
                order.append(b)
    return None


def _own_from_attributes(c) -> bool | None:
    kw = c.keywords.get("from_attributes")
    if kw is not None and isinstance(kw, Lit):
        return bool(kw.value)
    for a in c.attributes:
        if a.name != "model_config" or not a.default:
            continue
        d = a.default
        if isinstance(d, Call):
            v = d.keyword("from_attributes")
            if v is not None and isinstance(v, Lit):
                return bool(v.value)
        elif isinstance(d, DictExpr):
            for key, v in d.items:
                if is_lit(key, "from_attributes") and isinstance(v, Lit):
                    return bool(v.value)
    for key, v, _line, _col in c.config or ():
        if key == "from_attributes" and isinstance(v, Lit):
            return bool(v.value)
    return None


def _validator_fix(
    node, dec: ast.expr, resolved, validators, ctx: ModuleContext
) -> _ValidatorFix | None:
    """Data for the ``@validator`` -> ``@field_validator`` rewrite, or None (report only)."""
    if (
        len(validators) != 1
        or not isinstance(dec, ast.Call)
        or isinstance(node, ast.AsyncFunctionDef)
    ):
        return None
    if not dec.args or not all(
        isinstance(a, ast.Constant) and isinstance(a.value, str) for a in dec.args
    ):
        return None
    pre = False
    for kw in dec.keywords:
        if kw.arg not in ("pre", "allow_reuse", "check_fields"):
            return None
        if kw.arg in ("pre", "allow_reuse"):
            if not (isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, bool)):
                return None
            if kw.arg == "pre":
                pre = kw.value.value
    a = node.args
    if a.posonlyargs or a.vararg or a.kwarg or a.kwonlyargs or a.defaults or len(a.args) != 2:
        return None
    if a.args[1].arg in ("values", "field", "config"):
        return None
    index = next(i for i, (d, _) in enumerate(resolved) if d is dec)
    has_classmethod = False
    for i, (_d, q) in enumerate(resolved):
        if q in _CLASSMETHOD:
            if i < index:
                return None  # ``@classmethod`` above ``@validator``: leave it to a human
            has_classmethod = True
        elif q in _STATIC:
            return None
    name = local_name(FIELD_VALIDATOR, ctx)
    if name is None:
        return None
    return _ValidatorFix(index, pre, not has_classmethod, name[0], name[1])


def _fix_call(module, hit: Hit, offset: int):
    import libcst as cst

    from auditor.fixes import locate, replace_node

    op = hit.payload(_Data).op
    calls = locate(
        module, cst.Call, (hit.payload(_Data).call_line or 0) - offset, hit.payload(_Data).call_col
    )
    method, key = hit.payload(_Data).method, hit.payload(_Data).key
    if op == "attr":  # ``M(...).json()``: the inner call starts at the same place
        calls = [
            c for c in calls if isinstance(c.func, cst.Attribute) and c.func.attr.value == method
        ]
    else:
        calls = [
            c
            for c in calls
            if any(a.keyword is not None and a.keyword.value == key for a in c.args)
        ]
    if len(calls) != 1:
        return None
    call = calls[0]
    if op == "attr":
        new = hit.payload(_Data).new
        if not new:
            return None
        new_call = call.with_changes(func=call.func.with_changes(attr=cst.Name(new)))
    elif op in ("kw", "example"):
        args = list(call.args)
        idx = [i for i, a in enumerate(args) if a.keyword is not None and a.keyword.value == key]
        if len(idx) != 1:
            return None
        a = args[idx[0]]
        renamed = hit.payload(_Data).new
        if op == "kw":
            if renamed is None:
                return None
            args[idx[0]] = a.with_changes(keyword=cst.Name(renamed))
        else:
            args[idx[0]] = a.with_changes(
                keyword=cst.Name("examples"), value=cst.List([cst.Element(a.value)])
            )
        new_call = call.with_changes(args=args)
    else:
        return None
    return replace_node(module, call, new_call)


def _fix_validator(module, hit: Hit, offset: int):
    import libcst as cst

    from auditor.fixes import locate, replace_node

    fns = locate(
        module,
        cst.FunctionDef,
        (hit.payload(_Data).def_line or 0) - offset,
        (hit.payload(_Data).def_col or 0) + 1,
    )
    if len(fns) != 1:
        return None
    fn = fns[0]
    decorators = list(fn.decorators)
    target = _validator(hit).dec_index
    if (
        target is None
        or target >= len(decorators)
        or not isinstance(decorators[target].decorator, cst.Call)
    ):
        return None
    dec = decorators[target]
    call = dec.decorator
    args = [
        a
        for a in call.args
        if not (a.keyword is not None and a.keyword.value in ("pre", "allow_reuse"))
    ]
    if _validator(hit).pre:
        args.append(
            cst.Arg(
                keyword=cst.Name("mode"),
                value=cst.SimpleString('"before"'),
                equal=cst.AssignEqual(
                    whitespace_before=cst.SimpleWhitespace(""),
                    whitespace_after=cst.SimpleWhitespace(""),
                ),
            )
        )
    args = [
        a.with_changes(
            comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            if i < len(args) - 1
            else cst.MaybeSentinel.DEFAULT
        )
        for i, a in enumerate(args)
    ]
    new_func = cst.parse_expression(_validator(hit).validator_name)
    decorators[target] = dec.with_changes(decorator=call.with_changes(func=new_func, args=args))
    if _validator(hit).add_classmethod:
        decorators.insert(target + 1, cst.Decorator(decorator=cst.Name("classmethod")))
    return replace_node(module, fn, fn.with_changes(decorators=decorators))


def _validator(hit: Hit) -> _ValidatorFix:
    fix = hit.payload(_Data).validator
    assert fix is not None, "a fixable @validator hit carries its rewrite"
    return fix
