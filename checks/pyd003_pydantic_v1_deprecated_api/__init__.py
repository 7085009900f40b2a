"""PYD003 pydantic-v1-deprecated-api: the check (metadata, explanation, examples, hooks,
``judge``, ``fix``).  Its five rules live in ``rules.py``; what they share in ``tables.py``,
``model.py`` and ``fixes.py``."""

from __future__ import annotations

import ast
import dataclasses

from auditor.check import PYDANTIC_2, Check, Example, Hit, Severity, snippet, when
from auditor.project import Project
from auditor.source_edits import edit_statement, header_end_of, header_import, span_of
from auditor.versions import pydantic_1_admitted
from auditor.walker import PYDANTIC_V2_METHODS, ModuleContext

from .both import VERSION_NAMES, gated, import_fallback, in_version_branch, tested, v2_import
from .fixes import fix_call, fix_validator, validator_of
from .flags import is_dist_version, is_version_value
from .model import from_attributes, overridden
from .rules import CALL_CALLEES, CALL_METHODS, report_call, report_decorators
from .tables import (
    CLASS_METHODS,
    CLASS_RENAMES,
    DIST_VERSION,
    INSTANCE_METHODS,
    VERSION_VALUES,
    Data,
)


def _gate(node: ast.AST, ctx: ModuleContext, what: str) -> None:
    ctx.report(node, "gate", data=Data(gate=f"{ctx.path}:{getattr(node, 'lineno', 0)} {what}"))


#: The old-copy examples' project: live settings and an old copy of them in a package
#: nothing imports (the bad example adds a module that does import it).
_OLD_COPY_FILES = {
    **PYDANTIC_2,
    "jobs/__init__.py": "",
    "jobs/main.py": """\
from fastapi import FastAPI

from jobs.core.settings import JobSettings

settings = JobSettings()
app = FastAPI(title="Jobs")


@app.get("/health")
async def health() -> str:
    return "ok"
""",
    "jobs/core/__init__.py": "",
    "jobs/core/settings.py": """\
from pydantic import BaseModel, Field


class JobSettings(BaseModel):
    retries: int = Field(default=3, json_schema_extra={"unit": "tries"})
""",
    "jobs/models/__init__.py": "",
    "jobs/models/settings.py": """\
from pydantic import BaseModel, Field


class JobSettings(BaseModel):
    retries: int = Field(default=3, error_messages={})
""",
}

#: The same project with the old copy kept beside the live module, in its package (the bad
#: example adds a module that imports the copy).
_SIBLING_COPY_FILES = {
    **{k: v for k, v in _OLD_COPY_FILES.items() if not k.startswith("jobs/models/")},
    "jobs/core/settings_backup.py": _OLD_COPY_FILES["jobs/models/settings.py"],
}


@dataclasses.dataclass
class _Seen:
    v2_use: bool = False


def _v2_use(node: ast.AST, ctx: ModuleContext, what: str) -> None:
    """Record the module's first unconditional use of the v2 API (one is enough)."""
    seen = ctx.state(_Seen)
    if not seen.v2_use:
        seen.v2_use = True
        where = f"{ctx.path}:{getattr(node, 'lineno', 0)} {what}"
        ctx.report(node, "v2 use", data=Data(v2_use=where))


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
       arguments on `Field` such as `example=` or the pydantic-settings v1 `env=` (and
       `required=`, which is no option in either major: a field is required when it has
       no default, so the advice is to delete it, not to keep it in `json_schema_extra`);
    5. FastAPI's `Query/Path/Body/Header/Cookie/Form(regex=...)`.

    A module that is an old copy of a live one is not reported (ASY004's rule): the
    applications never reach it, every class it defines lives on under the same name in a
    live module, and nothing imports or names its package (or, for a copy kept beside the
    live module in its package, the copy itself).

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
    Only projects provably on Pydantic 2 are checked (F8); on Pydantic 1 or an unknown
    version the v2 methods do not exist, so nothing is reported or fixed.  The v1 branch of
    code written for both majors is left alone: a call in the `except` handler of a `try`
    whose body calls a v2 method (`try: m.model_dump() except AttributeError: m.dict()`),
    or under a version or `hasattr` test, or after a feature test for the v2 API whose
    branch leaves the block (`if hasattr(super(), "model_construct"): return
    super().model_construct(**data)`, then `return cls.construct(**data)`; also a name bound
    to `getattr(m, "model_dump", None)` or a `PYDANTIC_V2` flag).  A validator decorated in
    a branch of a version test (`if IS_V2: @model_validator ... else: @root_validator ...`,
    in the class body or around it) is not reported whatever the pins say: the branch is
    the code for one major, or dead code.  A module-level flag counts as a version test
    however it is named when it is assigned from a version value, set in the branches of a
    module-level version test, or set in a `try` that imports from Pydantic and its
    `ImportError` handler.  A call inside a function
    named like its v2 spelling (`cls.construct()` in a `model_construct` override) is
    reported without a fix: renamed, it would call that function itself.  A package
    written for both majors is left alone altogether: its requirements admit Pydantic 1
    (test and dev groups aside), its code picks the API by the installed major (a comparison
    of `pydantic.VERSION` / `pydantic.version.VERSION` / `pydantic.__version__` /
    `importlib.metadata.version("pydantic")`, or a `try` import of a name only one major has
    with an `ImportError` fallback), and it uses the v2 API only behind such choices (one
    `.model_dump()` or v2-only import outside every `try` and version test shows it needs
    Pydantic 2 anyway).  A receiver reached through an attribute
    (`self.item.dict()`) or a function's return value is not followed, so some calls are
    missed.  `super().dict()` is not reported.  A
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
        return project.pydantic_version.requires(2)

    # -- (1) validators, and @validate_arguments -------------------------------------------
    def visit_FunctionDef(self, node: ast.FunctionDef, ctx: ModuleContext) -> None:
        if node.decorator_list and not in_version_branch(ctx):
            report_decorators(node, ctx)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef, ctx: ModuleContext) -> None:
        if node.decorator_list and not in_version_branch(ctx):
            report_decorators(node, ctx)

    # -- (2)-(5): calls: class methods, instance methods, Field keywords, ``regex=`` --------
    @when(callees=CALL_CALLEES | DIST_VERSION, names=CALL_METHODS | PYDANTIC_V2_METHODS)
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        if is_dist_version(node, ctx):
            if tested(node, ctx):
                _gate(node, ctx, 'tests `importlib.metadata.version("pydantic")`')
            return
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in PYDANTIC_V2_METHODS:
            if not gated(ctx):
                _v2_use(node, ctx, f"`.{func.attr}()`")
            return
        report_call(node, ctx)

    # -- code written for both majors (``both.py``): where it picks its API ----------------
    @when(names=VERSION_NAMES)
    def visit_Attribute(self, node: ast.Attribute, ctx: ModuleContext) -> None:
        if is_version_value(node, ctx) and tested(node, ctx):
            _gate(node, ctx, f"tests `{ctx.resolve(node)}`")

    @when(imported=VERSION_VALUES)
    def visit_Name(self, node: ast.Name, ctx: ModuleContext) -> None:
        if is_version_value(node, ctx) and tested(node, ctx):
            _gate(node, ctx, f"tests `{ctx.resolve(node)}`")

    def visit_ImportFrom(self, node: ast.ImportFrom, ctx: ModuleContext) -> None:
        name = import_fallback(node, ctx)
        if name is not None:
            _gate(node, ctx, f"imports `{name}` with an `ImportError` fallback")
        elif not gated(ctx):
            name = v2_import(node)
            if name is not None:
                _v2_use(node, ctx, f"imports `{name}`")

    # -- project ------------------------------------------------------------------------
    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        gates = [h for h in hits if h.payload(Data).gate]
        v2_uses = [h for h in hits if h.payload(Data).v2_use]
        if gates and not v2_uses and pydantic_1_admitted(project):
            return []  # written for both majors: the v1 calls are its v1 path
        hits = [h for h in hits if not (h.payload(Data).gate or h.payload(Data).v2_use)]
        out: list[Hit] = []
        for h in hits:
            module = project.by_path.get(h.path or "")
            if module is not None and module.v1_compat:
                continue
            if module is not None and project.stale_copy(module.path):
                continue  # an old copy of a live module: nothing imports or runs it
            if h.payload(Data).cls is None:
                out.append(h)
                continue
            cls = project.class_(h.payload(Data).cls)
            if cls is None or not project.is_pydantic_model(cls.qname):
                continue
            method = h.payload(Data).method
            if method is None:
                out.append(h)
                continue
            if overridden(project, cls, method):
                continue
            recv = h.payload(Data).recv or cls.name
            fixable = h.fixable
            if h.payload(Data).kind == "class":
                rename = CLASS_RENAMES.get(method)
                new, _ = CLASS_METHODS[method]
                if method == "from_orm" and from_attributes(project, cls) is not True:
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
            if h.payload(Data).self_call:
                v2 = rename or INSTANCE_METHODS.get(method, method)
                title = (
                    f"Call the parent's `{v2}()` (`super().{v2}()`): "
                    f"`{recv}.{v2}()` here would call this method itself"
                )
            out.append(
                dataclasses.replace(
                    h,
                    message=message,
                    fixable=fixable,
                    fix_title=f"Rename to `.{rename}()`" if fixable else title,
                    data=h.payload(Data)._replace(new=rename),
                )
            )
        return out

    # -- fixes ------------------------------------------------------------------------------
    def fix(self, source: str, hit: Hit, project: Project) -> str | None:
        span = span_of(hit.payload(Data).where)
        if hit.payload(Data).op == "validator":
            fixed = edit_statement(
                source,
                hit.payload(Data).def_line,
                lambda m, off: fix_validator(m, hit, off),
                span,
            )
            if fixed is not None and validator_of(hit).validator_import:
                fixed = header_import(
                    fixed,
                    "pydantic",
                    "field_validator",
                    header_end=header_end_of(hit.payload(Data).where),
                )
            return fixed
        if hit.payload(Data).self_call:
            return None  # the renamed call would call its own function
        return edit_statement(
            source, hit.payload(Data).call_line, lambda m, off: fix_call(m, hit, off), span
        )

    bad = (
        Example(
            files={
                **_OLD_COPY_FILES,
                "jobs/worker.py": "from jobs.models.settings import JobSettings\n\n"
                "SETTINGS = JobSettings()\n",
            },
            note="the other side of the old copy: a module imports its package, so its "
            "deprecated keyword runs",
            lines=(5,),
        ),
        Example(
            files={
                **_SIBLING_COPY_FILES,
                "jobs/worker.py": "from jobs.core.settings_backup import JobSettings\n\n"
                "SETTINGS = JobSettings()\n",
            },
            note="the other side of the copy kept beside its live module: a module imports "
            "it, so its deprecated keyword runs",
            lines=(5,),
        ),
        snippet(
            """\
from pydantic import BaseModel, Field


class Job(BaseModel):
    name: str = Field(required=True, description="job name")
    owner: str = Field(..., required=True)
    retries: int = Field(3, required=False)
""",
            note="`required=` is no Field option in either major: the message says what makes "
            "a field required (no default), not to move the keyword into `json_schema_extra`",
            lines=(5, 6, 7),
            with_files=PYDANTIC_2,
        ),
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
            with_files=PYDANTIC_2,
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
                **PYDANTIC_2,
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
            with_files=PYDANTIC_2,
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
        Example(
            files={
                "app/models.py": """\
from pydantic import BaseModel


class Item(BaseModel):
    name: str


def to_payload(item: Item) -> dict:
    return item.dict()
""",
                "app/api.py": """\
from app.models import Item


def export(item: Item) -> str:
    return item.model_dump_json()
""",
            },
            note="nothing pinned: `.model_dump_json()` elsewhere shows Pydantic 2",
            lines=(9,),
            fixes=(
                """\
--- a/app/models.py
+++ b/app/models.py
@@ -7,3 +7,3 @@
 
 def to_payload(item: Item) -> dict:
-    return item.dict()
+    return item.model_dump()
""",
            ),
        ),
        snippet(
            """\
from pydantic import BaseModel


class Record(BaseModel):
    name: str

    @classmethod
    def model_construct(cls, _fields_set=None, **values):
        values.setdefault("name", "")
        return cls.construct(_fields_set, **values)

    def model_dump(self, **kwargs):
        data = self.dict(**kwargs)
        data.pop("name", None)
        return data


class Tag(BaseModel):
    label: str


def build(values: dict, tag: Tag, mode: str) -> tuple:
    if mode == "raw":
        return Tag.parse_obj(values), tag
    if hasattr(tag, "model_dump"):
        print("v2")
    return Tag.construct(**values), tag.dict()
""",
            note="a v1 call inside the override of its own v2 name is reported without a fix "
            "(renamed, `cls.model_construct()` / `self.model_dump()` would call the method "
            "itself and recurse forever); after an `if` that is no feature test, or one whose "
            "branch does not leave, the v1 call is not a fallback",
            lines=(10, 13, 24, 27),
            with_files=PYDANTIC_2,
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -22,5 +22,5 @@
 def build(values: dict, tag: Tag, mode: str) -> tuple:
     if mode == "raw":
-        return Tag.parse_obj(values), tag
+        return Tag.model_validate(values), tag
     if hasattr(tag, "model_dump"):
         print("v2")
""",
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -25,3 +25,3 @@
     if hasattr(tag, "model_dump"):
         print("v2")
-    return Tag.construct(**values), tag.dict()
+    return Tag.model_construct(**values), tag.dict()
""",
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -25,3 +25,3 @@
     if hasattr(tag, "model_dump"):
         print("v2")
-    return Tag.construct(**values), tag.dict()
+    return Tag.construct(**values), tag.model_dump()
""",
            ),
        ),
        Example(
            files={
                "pyproject.toml": '[project]\nname = "app"\ndependencies = ["pydantic>=2.4", "fastapi>=0.110"]\n',
                "app/compat.py": """\
import pydantic

PYDANTIC_V2 = pydantic.VERSION.startswith("2.")
""",
                "app/models.py": """\
from pydantic import BaseModel


class Node(BaseModel):
    children: list["Node"] = []


Node.update_forward_refs()
""",
            },
            note="a version flag, but the requirements exclude Pydantic 1: its v1 path is dead",
            lines=(8,),
            fixes=(
                """\
--- a/app/models.py
+++ b/app/models.py
@@ -6,3 +6,3 @@
 
 
-Node.update_forward_refs()
+Node.model_rebuild()
""",
            ),
        ),
        Example(
            files={
                "requirements.txt": "fastapi>=0.100\n",
                "app/models.py": """\
import logging

import fastapi
import pydantic
from pydantic import BaseModel, field_validator

logging.getLogger(__name__).info("pydantic %s", pydantic.VERSION)
NEW_FASTAPI = fastapi.__version__ >= "0.110"


class Item(BaseModel):
    name: str

    @field_validator("name")
    @classmethod
    def strip(cls, v: str) -> str:
        return v.strip()


def dump(item: Item) -> dict:
    return item.dict()
""",
            },
            note="Pydantic 1 admitted, but the code never picks its API by Pydantic's major: "
            "the version is only logged, another library's is tested",
            lines=(21,),
            fixes=(
                """\
--- a/app/models.py
+++ b/app/models.py
@@ -19,3 +19,3 @@
 
 def dump(item: Item) -> dict:
-    return item.dict()
+    return item.model_dump()
""",
            ),
        ),
        Example(
            files={
                "requirements.txt": "fastapi>=0.110\npydantic\n",
                "app/compat.py": """\
from pydantic.version import VERSION as PYDANTIC_VERSION

PYDANTIC_V2 = PYDANTIC_VERSION.startswith("2.")
if PYDANTIC_V2:
    from pydantic.v1 import BaseModel as V1Model
else:
    from pydantic import BaseModel as V1Model
""",
                "app/routes.py": """\
from pydantic import BaseModel


class Payload(BaseModel):
    name: str


def save(body: Payload) -> dict:
    return body.dict()


def export(body: Payload) -> dict:
    return body.model_dump(exclude_none=True)
""",
            },
            note="Pydantic unpinned and a version flag, but `.model_dump()` outside every gate: "
            "the code needs Pydantic 2 anyway (the flag only picks the `pydantic.v1` layer)",
            lines=(9,),
            fixes=(
                """\
--- a/app/routes.py
+++ b/app/routes.py
@@ -7,5 +7,5 @@
 
 def save(body: Payload) -> dict:
-    return body.dict()
+    return body.model_dump()
 
 
""",
            ),
        ),
        snippet(
            """\
import os

from pydantic import BaseModel, root_validator

STRICT = os.environ.get("STRICT") == "1"
NEW_API = STRICT and os.environ.get("VERSION", "2") >= "2"


class Order(BaseModel):
    qty: int

    if NEW_API:

        @root_validator(pre=False, skip_on_failure=True)
        def check(cls, values: dict) -> dict:
            return values
""",
            note="an `if` on a flag that names a version but is computed from the environment, "
            "not from Pydantic's version: no version branch, the validator is reported",
            lines=(14,),
            with_files=PYDANTIC_2,
        ),
    )
    good = (
        Example(
            files=_OLD_COPY_FILES,
            note="an old copy of a module (its classes live on under the same names in a "
            "module the project imports) in a package nothing imports or names: nothing "
            "runs its deprecated keyword (seen in xposer)",
        ),
        Example(
            files=_SIBLING_COPY_FILES,
            note="an old copy kept beside its live module in the same package (its classes "
            "live on under the same names there), which nothing imports, runs or names: "
            "nothing runs its deprecated keyword (seen in vital-chatwoot-bridge)",
        ),
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
""",
            with_files=PYDANTIC_2,
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
            with_files=PYDANTIC_2,
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
            with_files=PYDANTIC_2,
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
            with_files=PYDANTIC_2,
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
            with_files=PYDANTIC_2,
        ),
        snippet(
            """\
import pydantic
from pydantic import BaseModel


class Item(BaseModel):
    name: str


def to_payload(item: Item) -> dict:
    try:
        return item.model_dump()
    except AttributeError:  # Pydantic 1
        return item.dict()


def to_json(item: Item) -> str:
    if pydantic.VERSION.startswith("1."):
        return item.json()
    return item.model_dump_json()


def duplicate(item: Item) -> Item:
    return item.model_copy() if hasattr(item, "model_copy") else item.copy()
""",
            note="the v1 branch of code written for both majors: an `except AttributeError` "
            "fallback after a v2 call, a version test, a `hasattr` test",
            with_files=PYDANTIC_2,
        ),
        snippet(
            """\
from pydantic import BaseModel, BaseSettings, validator


class Settings(BaseSettings):
    debug: bool = False


class Item(BaseModel):
    name: str

    @validator("name")
    def strip(cls, v: str) -> str:
        return v.strip()


def to_payload(data: dict) -> dict:
    return Item.parse_obj(data).dict()
""",
            note="nothing pinned, but `from pydantic import BaseSettings` proves Pydantic 1: "
            "`model_validate` and `model_dump` do not exist there",
        ),
        Example(
            files={
                "app/models.py": """\
from pydantic import BaseModel, validator


class Item(BaseModel):
    name: str

    @validator("name")
    def strip(cls, v: str) -> str:
        return v.strip()
""",
                "poetry.lock": '[[package]]\nname = "pydantic"\nversion = "1.10.21"\n',
                "pyproject.toml": '[tool.poetry.dependencies]\npython = "^3.11"\npydantic = "*"\n',
            },
            note="the lock file says Pydantic 1.10",
        ),
        Example(
            files={
                "app/settings.py": "from pydantic import BaseSettings\n\n\nclass Settings(BaseSettings):\n    debug: bool = False\n",
                "app/models.py": """\
from pydantic import BaseModel, field_validator


class User(BaseModel):
    name: str

    @field_validator("name")
    @classmethod
    def strip(cls, v: str) -> str:
        return v.strip()


def dump(user: User) -> dict:
    return user.dict()
""",
            },
            note="nothing pinned and the code contradicts itself (`from pydantic import "
            "BaseSettings` is v1-only, `field_validator` v2-only): the version is unknown, so "
            "no v2 advice",
        ),
        snippet(
            """\
import pydantic
from pydantic import BaseModel

PYDANTIC_V2 = pydantic.VERSION.startswith("2.")


class CompatModel(BaseModel):
    @classmethod
    def model_construct(cls, **data):
        if hasattr(super(), "model_construct"):
            return super().model_construct(**data)
        return cls.construct(**data)

    def model_dump(self, **kwargs):
        dump = getattr(super(), "model_dump", None)
        if dump is not None:
            return dump(**kwargs)
        return self.dict(**kwargs)


class Row(CompatModel):
    id: int


def export(row: Row) -> str:
    if PYDANTIC_V2:
        return row.model_dump_json()
    return row.json()


def fields(row: Row) -> dict:
    if getattr(row, "model_dump", None):
        return row.model_dump()
    else:
        return row.dict()
""",
            note="a shim for both majors: the v1 call after a feature test for the v2 API "
            'whose branch returns (`hasattr(super(), "model_construct")`, a name bound to '
            '`getattr(..., "model_dump", None)`, a `PYDANTIC_V2` flag) or in the `else` of a '
            "`getattr` test only runs on Pydantic 1 (and renamed it would recurse)",
            with_files=PYDANTIC_2,
        ),
        Example(
            files={
                "fastapi_kit-1.0.dist-info/METADATA": (
                    "Metadata-Version: 2.1\nName: fastapi-kit\nVersion: 1.0\n"
                    "Requires-Dist: fastapi>=0.100\n"
                    "Requires-Dist: sqlmodel>=0.0.14,<0.1.0\n"
                    'Requires-Dist: pydantic-settings>=2.0.0 ; extra == "test"\n'
                ),
                "fastapi_kit/compat.py": """\
from pydantic.version import VERSION as PYDANTIC_VERSION

PYDANTIC_V2 = PYDANTIC_VERSION.startswith("2.")
""",
                "fastapi_kit/components.py": """\
from typing import Optional

from pydantic import BaseModel


class Page(BaseModel):
    title: str
    parent: Optional["Page"] = None

    def as_dict(self) -> dict:
        return self.dict(exclude_none=True)


Page.update_forward_refs()
""",
            },
            note="a package written for both majors: its requirements admit Pydantic 1 (only "
            "the test extra needs 2) and it picks its API by the installed version; the v2 "
            "renames would break its v1 installs",
        ),
        Example(
            files={
                "pyproject.toml": (
                    '[project]\nname = "kit"\ndependencies = ["fastapi>=0.100", "pydantic"]\n'
                    '[dependency-groups]\ndev = ["pydantic-settings>=2"]\n'
                ),
                "app/schemas.py": """\
from pydantic import BaseModel

try:
    from pydantic import SerializeAsAny
except ImportError:  # Pydantic 1
    from typing import Union as SerializeAsAny


class Item(BaseModel):
    name: str


class Box(BaseModel):
    item: SerializeAsAny[Item]


def to_payload(data: dict) -> dict:
    return Box.parse_obj(data).dict()


def copy(item: Item) -> Item:
    if hasattr(item, "model_copy"):
        return item.model_copy()
    return item.copy()
""",
            },
            note="unpinned Pydantic (only the dev group needs 2), a v2-only import with an "
            "`ImportError` fallback and v2 calls only behind a feature test: the code runs on "
            "both majors",
        ),
        snippet(
            """\
import pydantic
from pydantic import BaseModel

if pydantic.__version__.startswith("1."):
    NEW_API = False
else:
    from pydantic import model_validator

    NEW_API = True


class Base(BaseModel):
    if NEW_API:

        @model_validator(mode="after")
        def bind(self) -> "Base":
            return self

    else:

        @pydantic.root_validator(pre=False)
        def bind_v1(cls, values: dict) -> dict:
            return values
""",
            note="a flag set in the branches of a module-level version test and tested by "
            "name: the `@root_validator` is the v1 branch of a version gate whose other "
            "branch holds the v2 hook (even where the pins need Pydantic 2: dead code, not "
            "a call to migrate)",
            with_files=PYDANTIC_2,
        ),
        snippet(
            """\
import pydantic
from pydantic import BaseModel

ON_V2 = int(pydantic.VERSION.split(".")[0]) >= 2
try:
    from pydantic import field_validator

    MODERN = True
except ImportError:
    MODERN = False


class Item(BaseModel):
    name: str

    if not ON_V2:

        @pydantic.validator("name")
        def strip(cls, v: str) -> str:
            return v.strip()


class Tag(BaseModel):
    label: str

    if MODERN:

        @field_validator("label")
        @classmethod
        def lower(cls, v: str) -> str:
            return v.lower()

    else:

        @pydantic.validator("label")
        def lower_v1(cls, v: str) -> str:
            return v.lower()
""",
            note="flags named for no version: one assigned from a comparison of "
            "`pydantic.VERSION`, one set by a `try` import of a v2-only name and its "
            "`ImportError` handler",
            with_files=PYDANTIC_2,
        ),
    )
