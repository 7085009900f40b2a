from __future__ import annotations

import ast
import dataclasses
from typing import NamedTuple, TypeGuard

from auditor import names
from auditor.check import Check, Example, Hit, Severity, snippet, when
from auditor.facts import Call, Class, Expr, Function, Lit, Name, is_lit, iter_exprs
from auditor.project import Project
from auditor.source_edits import Where, edit_statement, line_text, span_of, where
from auditor.walker import ModuleContext

#: Pydantic validator decorators (v2 and deprecated v1), canonical names.
VALIDATORS = frozenset(
    {
        "pydantic.field_validator",
        "pydantic.functional_validators.field_validator",
        "pydantic.model_validator",
        "pydantic.functional_validators.model_validator",
        "pydantic.validator",
        "pydantic.class_validators.validator",
        "pydantic.deprecated.class_validators.validator",
        "pydantic.root_validator",
        "pydantic.class_validators.root_validator",
        "pydantic.deprecated.class_validators.root_validator",
    }
)
HTTP_EXCEPTIONS = frozenset({"fastapi.HTTPException", "starlette.exceptions.HTTPException"})


def _type_checking_only(node: ast.AST, ctx: ModuleContext) -> bool:
    """``node`` sits in the body of an ``if TYPE_CHECKING:`` (code that never runs)."""
    parents = ctx.parents
    for i, p in enumerate(parents):
        if isinstance(p, ast.If) and ctx.resolve(p.test) in names.TYPE_CHECKING:
            child = parents[i + 1] if i + 1 < len(parents) else node
            if any(child is s for s in p.body):
                return True
    return False


def _validator_method(ctx: ModuleContext) -> str | None:
    """The class qname when the nearest function is a Pydantic validator method, else None."""
    fn = ctx.function
    if fn is None or fn.class_qname is None:
        return None
    for d in fn.decorators:
        if isinstance(d, (Name, Call)) and d.qname in VALIDATORS:
            return fn.class_qname
    return None


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    cls: str | None = None
    exc: str | None = None
    function: str | None = None
    assert_line: int | None = None
    assert_col: int | None = None
    where: Where | None = None
    #: a marker, not a finding: a use that runs a class's validators explicitly
    #: (``Cls.model_validate(...)``, ``TypeAdapter(Cls)``, a hook forcing validation in a
    #: class's own methods); ``validates`` is the class named (None: a receiver that could
    #: not be resolved, ``cls.model_validate`` in ``owner``'s methods)
    marker: bool = False
    validates: str | None = None
    owner: str | None = None


#: Class methods that run a model's validators on data (Pydantic 2 and 1, SQLModel).
_VALIDATING_METHODS = frozenset(
    {
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
        "parse_obj",
        "parse_raw",
        "parse_file",
        "from_orm",
        "validate",
    }
)
#: What only code forcing validation of a SQLModel table model touches (a project base whose
#: ``__init__`` calls the core validator or flips the ``table`` config to validate).
_VALIDATION_HOOKS = frozenset({"__pydantic_validator__", "validate_model", "set_config_value"})
#: Calls validating data against a type named in their arguments.
_TYPE_VALIDATORS = frozenset(
    {
        "pydantic.TypeAdapter",
        "pydantic.type_adapter.TypeAdapter",
        "pydantic.parse_obj_as",
        "pydantic.tools.parse_obj_as",
        "pydantic.parse_raw_as",
        "pydantic.tools.parse_raw_as",
    }
)
#: Route decorator methods: a parameter or return annotation of such a function is data
#: FastAPI validates into the class (even when the application itself was not resolved).
_ROUTE_METHODS = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "trace", "api_route", "websocket"}
)


#: A crew that is either solo (a prompt) or composed (members); ``{exit}``: how the solo
#: branch ends -- the trap returns, its other side falls through to the members' assert.
_CREW = """\
from pydantic import BaseModel, model_validator


class Member(BaseModel):
    role: str = "worker"


class Crew(BaseModel):
    prompt: str | None = None
    members: dict[str, Member] | None = None

    @model_validator(mode="after")
    def composition(self) -> "Crew":
        composed = bool(self.members)
        if not composed:
            if not self.prompt:
                raise ValueError("a solo crew needs a prompt")
            {exit}
        assert self.members is not None
        for name in self.members:
            if not name.isidentifier():
                raise ValueError(f"bad member name {{name!r}}")
        if len(self.members.values()) > 9:
            raise ValueError("at most 9 members")
        return self
"""


class HttpErrorInValidator(Check):
    """
    ## What it does
    Inside Pydantic validator methods (`@field_validator`, `@model_validator`, and the v1
    `@validator` / `@root_validator`) of model classes, flags `raise HTTPException(...)`
    (FastAPI's or Starlette's, or a project subclass of either) and every `assert`
    statement.  Nested functions inside the validator are not looked at, nor is the body of
    an `if TYPE_CHECKING:` (an `assert` there only narrows a type and never runs), nor an
    `assert isinstance(v, str)` / `assert v is not None` in an after-mode field validator
    whose fields are annotated with that (non-optional) type, or an `assert v in SUPPORTED`
    whose fields are `Literal[...]` of values that list or tuple of literals all holds:
    Pydantic already validated the value, so the assert cannot fail.  Nor an
    `assert isinstance(v, T)` in a before-mode field validator of fields annotated `T` (or
    `Optional[T]`, with the assert under `if v is not None:`) that returns `v` unchanged and
    reads it nowhere else: Pydantic checks the returned value against `T` right after, so
    without the assert the value is still rejected.  Nor an `assert isinstance(x, T)` in an
    after-mode validator (`self.field` in a model validator, the value of a one-field
    validator) right after an `if isinstance(x, A):` with no `else` whose last statement is
    `x = T(...)`, when the field is annotated with a union of `A` and `T` only: every other
    member was converted, so the assert only narrows the type.  Nor an assert of that shape
    (`is not None`, `isinstance`) inside an `if` whose test already holds it, directly or
    through a local bound once to the same test (`is_set = self.x is not None` ...
    `elif is_set: assert self.x is not None`), or past an `if not` of it whose body ends in
    `return` or `raise` (`composed = bool(self.agents)` ... `if not composed: return self`
    ... `assert self.agents is not None`), when nothing in the validator before the
    assert (anywhere, when a loop holds it) rebinds the value or calls a method of its
    object: it cannot fail.  Nor a `raise` only reached in an `if not isinstance(v, T):`
    of an after-mode validator of one field declared `T` (each member of a union in `T`; a
    `None` member ruled out by an enclosing `if v is not None:`): Pydantic validated the
    value against the declared type first, so that branch never runs.  Validators of a
    SQLModel `table=True` model are left alone when nothing validates data into it: SQLModel
    builds table models without validation (their validators run only through
    `model_validate` and the like), so such an assert never runs.  The model counts as
    validated when the project calls `Cls.model_validate(...)` (or v1 `validate`,
    `parse_obj`...), uses `TypeAdapter(Cls)`, takes or returns it in a route or dependency
    (`response_model=Cls` too), uses it in another model's fields, subclasses it without
    `table=True`, or forces validation in its own or a base's methods.

    ## Why is this bad?
    A `ValueError` (or `PydanticCustomError`) raised in a validator becomes a
    `ValidationError`, which FastAPI turns into a structured 422 naming the field, together
    with every other error of the request.  An `HTTPException` skips all that: it ties the
    schema to the web layer, stops error aggregation at the first failure, and surfaces as
    the wrong exception type when the model is validated outside a request (in a service, a
    background job, the settings, a test).  An `assert` is worse: `python -O` removes it,
    and the validation silently turns off.  [zhanymkanov README] ("ValueErrors might
    become Pydantic ValidationError") and the validators of [Production guide 2026],
    [Production skill 2025] and [Patterns reference] raise `ValueError`.

    ## Example
    ```python
    @field_validator("password")
    @classmethod
    def strong(cls, v: str) -> str:
        if len(v) < 12:
            raise HTTPException(status_code=400, detail="weak password")
        assert any(c.isdigit() for c in v), "needs a digit"
        return v
    ```

    ## Use instead
    ```python
    @field_validator("password")
    @classmethod
    def strong(cls, v: str) -> str:
        if len(v) < 12 or not any(c.isdigit() for c in v):
            raise ValueError("password needs 12+ characters and a digit")
        return v
    ```

    ## Fix safety
    `assert cond, msg` is rewritten to `if not (cond): raise ValueError(msg)` (with no
    message, `"validation failed: <cond>"`); a membership or identity test is negated in
    place (`assert "id" in data` becomes `if "id" not in data:`).  The error then reaches the client
    as `Value error, ...` instead of `Assertion failed, ...`, and the check keeps working
    under `python -O`.  Only an `assert` alone on its line(s) is rewritten.  `raise
    HTTPException` is report-only: the status code it chose may matter to clients.

    ## Known problems
    An `HTTPException` raised by a helper the validator calls is not seen.  Validators of
    Pydantic dataclasses and `__post_init__` methods are out of scope.

    ## References
    - [zhanymkanov README] ("ValueErrors might become Pydantic ValidationError")
    - [Production guide 2026], [Production skill 2025], [Patterns reference]
      (validators raising `ValueError`)
    - Pydantic docs, "Validators" (raising validation errors)
    """

    id = "PYD006"
    name = "http-error-in-validator"
    category = "pydantic"
    severity = Severity.WARNING
    message = "validator raises an HTTP error or uses `assert`"
    fix_title = "Raise `ValueError` instead"
    fix_safe = False  # the error message shown to clients changes
    sources = (
        "zhanymkanov README",
        "Production guide 2026",
        "Production skill 2025",
        "Patterns reference",
    )

    def applies(self, project: Project) -> str | None:
        return project.pydantic_version.excludes(1)

    def visit_Raise(self, node: ast.Raise, ctx: ModuleContext) -> None:
        if ctx.facts.v1_compat or node.exc is None:
            return
        cls = _validator_method(ctx)
        if cls is None or _type_checking_only(node, ctx) or _type_tested(node, ctx):
            return
        exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
        q = ctx.resolve(exc)
        if not q:
            return
        ctx.report(
            node,
            data=_Data(cls=cls, exc=q, function=fn.name if (fn := ctx.function) else None),
        )

    def visit_Assert(self, node: ast.Assert, ctx: ModuleContext) -> None:
        if ctx.facts.v1_compat:
            return
        cls = _validator_method(ctx)
        if (
            cls is None
            or _type_checking_only(node, ctx)
            or _narrows(node, ctx)
            or _converted_before(node, ctx)
            or _guarded(node, ctx)
        ):
            return
        reads = _reads_input(node, ctx)
        if reads is None:
            return  # an invariant of the validator's own values, not a check of the input
        fixable = _alone(node, ctx) and ctx.resolve_name("ValueError") == "builtins.ValueError"
        hit = ctx.report(
            node,
            f"`assert` in validator `{ctx.function.name}` is removed under `python -O`: raise `ValueError` instead",  # type: ignore[union-attr]
            fixable=fixable,
            fix_title="Replace with `if not (...): raise ValueError(...)`"
            if fixable
            else "Raise `ValueError` instead",
            data=_Data(
                cls=cls,
                assert_line=node.lineno,
                assert_col=ctx.column(node.lineno, node.col_offset),
                where=where(ctx, node),
            ),
        )
        if not reads:
            hit.confidence = "medium"  # a local computed from the input, not the input itself

    @when(names=_VALIDATING_METHODS | {"__pydantic_validator__"})
    def visit_Attribute(self, node: ast.Attribute, ctx: ModuleContext) -> None:
        if node.attr not in _VALIDATING_METHODS and node.attr not in _VALIDATION_HOOKS:
            return
        fn = ctx.function
        owner = fn.class_qname if fn is not None else None
        q = ctx.resolve(node.value)
        if node.attr in _VALIDATION_HOOKS or q is None:
            if owner is not None:  # ``cls.model_validate(...)`` / the core validator, in a method
                ctx.report(node, "marker", data=_Data(marker=True, owner=owner))
        elif ctx.is_project(q):
            ctx.report(node, "marker", data=_Data(marker=True, validates=q, owner=owner))

    @when(callees=_TYPE_VALIDATORS, names=_VALIDATION_HOOKS)
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        q = ctx.resolve(node.func)
        if q in _TYPE_VALIDATORS:
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                for n in ast.walk(arg):
                    if isinstance(n, (ast.Name, ast.Attribute)):
                        named = ctx.resolve(n)
                        if named and ctx.is_project(named):
                            ctx.report(node, "marker", data=_Data(marker=True, validates=named))
        elif q is not None and q.rsplit(".", 1)[-1] in _VALIDATION_HOOKS:
            fn = ctx.function
            if fn is not None and fn.class_qname is not None:
                ctx.report(node, "marker", data=_Data(marker=True, owner=fn.class_qname))

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        markers = [h.payload(_Data) for h in hits if h.payload(_Data).marker]
        hits = [h for h in hits if not h.payload(_Data).marker]
        unvalidated: dict[str, bool] = {}
        out = []
        for h in hits:
            cls = h.payload(_Data).cls
            if not cls or not project.is_pydantic_model(cls):
                continue
            if cls not in unvalidated:
                unvalidated[cls] = _never_validated(cls, project, markers)
            if unvalidated[cls]:
                continue  # a SQLModel table model nothing validates: its validators never run
            exc = h.payload(_Data).exc
            if exc is not None:
                if not project.name_is_class(exc, HTTP_EXCEPTIONS):
                    continue
                name = exc.rsplit(".", 1)[1]
                h = dataclasses.replace(
                    h,
                    message=f"validator `{h.payload(_Data).function}` raises `{name}`: raise `ValueError` so that "
                    "Pydantic reports a 422 validation error",
                    fix_title="Raise `ValueError` (or `PydanticCustomError`) instead",
                )
            out.append(h)
        return out

    def fix(self, source: str, hit: Hit, project: Project) -> str | None:
        return edit_statement(
            source,
            hit.payload(_Data).assert_line,
            lambda m, off: _fix_assert(m, hit, off),
            span_of(hit.payload(_Data).where),
        )

    bad = (
        snippet(
            """\
from fastapi import HTTPException
from pydantic import BaseModel, field_validator


class Route(BaseModel):
    slug: str | int | None = None

    @field_validator("slug")
    @classmethod
    def text_slug(cls, v):
        if v is not None:
            if not isinstance(v, str):
                raise HTTPException(status_code=422, detail="slug must be text")
        return v
""",
            note="the other side of the declared-type trap: the field also admits `int`, so "
            "the type test can fail and the HTTP error is raised",
            lines=(13,),
        ),
        snippet(
            _CREW.format(exit="self.prompt = self.prompt.strip()"),
            path="app/crew.py",
            note="the other side of the early-exit trap: the solo branch falls through, so "
            "the members may be unset when the assert runs",
            lines=(19,),
            fixes=(
                """\
--- a/app/crew.py
+++ b/app/crew.py
@@ -17,5 +17,6 @@
                 raise ValueError("a solo crew needs a prompt")
             self.prompt = self.prompt.strip()
-        assert self.members is not None
+        if self.members is None:
+            raise ValueError("validation failed: self.members is not None")
         for name in self.members:
             if not name.isidentifier():
""",
            ),
        ),
        snippet(
            """\
from typing import Literal

from pydantic import BaseModel, field_validator

SUPPORTED = ["string", "int64"]


class DataType(BaseModel):
    type: Literal["string", "int64", "float32"]

    @field_validator("type")
    @classmethod
    def supported(cls, type: str) -> str:
        assert type in SUPPORTED, f"Unsupported type: {type}"
        return type
""",
            note="the other side of the Literal trap: the list leaves out a value the "
            "Literal accepts, so the assert can fail",
            lines=(14,),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -12,4 +12,5 @@
     @classmethod
     def supported(cls, type: str) -> str:
-        assert type in SUPPORTED, f"Unsupported type: {type}"
+        if type not in SUPPORTED:
+            raise ValueError(f"Unsupported type: {type}")
         return type
""",
            ),
        ),
        snippet(
            """\
from fastapi import HTTPException
from pydantic import BaseModel, field_validator


class ProfileCreate(BaseModel):
    password: str

    @field_validator("password")
    @classmethod
    def strong(cls, v: str) -> str:
        if len(v) < 12:
            raise HTTPException(status_code=400, detail="weak password")
        assert any(c.isdigit() for c in v), "needs a digit"
        return v
""",
            lines=(12, 13),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -11,4 +11,5 @@
         if len(v) < 12:
             raise HTTPException(status_code=400, detail="weak password")
-        assert any(c.isdigit() for c in v), "needs a digit"
+        if not any(c.isdigit() for c in v):
+            raise ValueError("needs a digit")
         return v
""",
            ),
        ),
        Example(
            files={
                "app/errors.py": """\
from starlette.exceptions import HTTPException


class BadInput(HTTPException):
    def __init__(self) -> None:
        super().__init__(status_code=400)
""",
                "app/schemas.py": """\
import fastapi
import pydantic
from pydantic import model_validator, validator

from app.errors import BadInput


class Base(pydantic.BaseModel):
    pass


class Order(Base):
    qty: int
    total: float

    @validator("qty")
    def positive(cls, v):
        assert v > 0
        if v > 1000:
            raise fastapi.HTTPException(422)
        return v

    @model_validator(mode="after")
    def consistent(self) -> "Order":
        if self.total < 0:
            raise BadInput()
        assert self.total >= self.qty or self.qty == 0, f"total {self.total} too low"  # business rule
        return self
""",
            },
            note="v1 validator, model_validator, a project HTTPException subclass, messages and comments",
            lines=(18, 20, 26, 27),
            fixes=(
                """\
--- a/app/schemas.py
+++ b/app/schemas.py
@@ -16,5 +16,6 @@
     @validator("qty")
     def positive(cls, v):
-        assert v > 0
+        if not (v > 0):
+            raise ValueError("validation failed: v > 0")
         if v > 1000:
             raise fastapi.HTTPException(422)
""",
                """\
--- a/app/schemas.py
+++ b/app/schemas.py
@@ -25,4 +25,5 @@
         if self.total < 0:
             raise BadInput()
-        assert self.total >= self.qty or self.qty == 0, f"total {self.total} too low"  # business rule
+        if not (self.total >= self.qty or self.qty == 0):  # business rule
+            raise ValueError(f"total {self.total} too low")
         return self
""",
            ),
        ),
        snippet(
            """\
from typing import Optional

from pydantic import BaseModel, model_validator


class Column(BaseModel):
    kind: Optional[str] = None
    label: Optional[str] = None

    @model_validator(mode="after")
    def known(self) -> "Column":
        has_kind = self.kind is not None
        if has_kind:
            self.kind = self.kind.strip() or None
            assert self.kind is not None
        return self

    @model_validator(mode="after")
    def labelled(self) -> "Column":
        has_kind = self.kind is not None
        if has_kind:
            assert self.label is not None
        return self
""",
            note="the other side of the guard trap: the guarded field is rebound before the "
            "assert (a blank kind becomes None), the assert tests another field than the guard",
            lines=(15, 22),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -13,5 +13,6 @@
         if has_kind:
             self.kind = self.kind.strip() or None
-            assert self.kind is not None
+            if self.kind is None:
+                raise ValueError("validation failed: self.kind is not None")
         return self
 
""",
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -20,4 +20,5 @@
         has_kind = self.kind is not None
         if has_kind:
-            assert self.label is not None
+            if self.label is None:
+                raise ValueError("validation failed: self.label is not None")
         return self
""",
            ),
        ),
        snippet(
            """\
from typing import Any, Optional

from pydantic import BaseModel, ValidationInfo, field_validator, model_validator


class Entity(BaseModel):
    id: str
    name: Optional[str] = None
    alias: Optional[str] = None

    @field_validator("name", mode="before")
    @classmethod
    def raw_name(cls, value: Any) -> Any:
        assert isinstance(value, str)
        return value

    @field_validator("alias")
    @classmethod
    def alias_set(cls, value: Optional[str]) -> str:
        assert value is not None
        return value

    @field_validator("name")
    @classmethod
    def name_from_id(cls, value: Optional[str], info: ValidationInfo) -> str:
        assert "id" in info.data
        return info.data["id"]

    @model_validator(mode="before")
    @classmethod
    def has_id(cls, values: dict) -> dict:
        assert not ("id" not in values)
        return values
""",
            note="the other side of the narrowing trap: before-mode input, an optional field; "
            "the fix writes `not in` / `is`, never `not (a in b)` (ruff E713)",
            lines=(14, 20, 26, 32),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -12,5 +12,6 @@
     @classmethod
     def raw_name(cls, value: Any) -> Any:
-        assert isinstance(value, str)
+        if not isinstance(value, str):
+            raise ValueError("validation failed: isinstance(value, str)")
         return value
 
""",
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -18,5 +18,6 @@
     @classmethod
     def alias_set(cls, value: Optional[str]) -> str:
-        assert value is not None
+        if value is None:
+            raise ValueError("validation failed: value is not None")
         return value
 
""",
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -24,5 +24,6 @@
     @classmethod
     def name_from_id(cls, value: Optional[str], info: ValidationInfo) -> str:
-        assert "id" in info.data
+        if "id" not in info.data:
+            raise ValueError("validation failed: \\"id\\" in info.data")
         return info.data["id"]
 
""",
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -30,4 +30,5 @@
     @classmethod
     def has_id(cls, values: dict) -> dict:
-        assert not ("id" not in values)
+        if "id" not in values:
+            raise ValueError("validation failed: not (\\"id\\" not in values)")
         return values
""",
            ),
        ),
        snippet(
            """\
from pydantic import BaseModel, field_validator


class Tag(BaseModel):
    label: str

    @field_validator("label")
    @classmethod
    def not_blank(cls, v: str) -> str:
        cleaned = v.strip().lower()
        assert cleaned, "label must not be blank"
        return cleaned
""",
            note="a check of a value computed from the input (medium confidence)",
            lines=(11,),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -9,4 +9,5 @@
     def not_blank(cls, v: str) -> str:
         cleaned = v.strip().lower()
-        assert cleaned, "label must not be blank"
+        if not cleaned:
+            raise ValueError("label must not be blank")
         return cleaned
""",
            ),
        ),
        snippet(
            """\
from fastapi import FastAPI
from pydantic import field_validator
from sqlmodel import Field, SQLModel

app = FastAPI()


class HeroBase(SQLModel):
    name: str

    @field_validator("name")
    @classmethod
    def not_blank(cls, v: str) -> str:
        assert v.strip(), "name must not be blank"
        return v


class Hero(HeroBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    secret: str

    @field_validator("secret")
    @classmethod
    def long_enough(cls, v: str) -> str:
        assert len(v) >= 12, "secret too short"
        return v


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str

    @field_validator("code")
    @classmethod
    def upper(cls, v: str) -> str:
        assert v.isupper(), "code must be upper case"
        return v


@app.post("/heroes")
def create(hero: Hero) -> Hero:
    return hero


def load(data: dict) -> Team:
    return Team.model_validate(data)
""",
            note="the other side of the table-model trap: validators of SQLModel table models "
            "that run, because FastAPI validates the request body into `Hero` and "
            "`Team.model_validate` validates explicitly; and a validator of the non-table base, "
            "which every model built from it runs",
            lines=(14, 25, 36),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -12,5 +12,6 @@
     @classmethod
     def not_blank(cls, v: str) -> str:
-        assert v.strip(), "name must not be blank"
+        if not v.strip():
+            raise ValueError("name must not be blank")
         return v
 
""",
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -23,5 +23,6 @@
     @classmethod
     def long_enough(cls, v: str) -> str:
-        assert len(v) >= 12, "secret too short"
+        if not (len(v) >= 12):
+            raise ValueError("secret too short")
         return v
 
""",
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -34,5 +34,6 @@
     @classmethod
     def upper(cls, v: str) -> str:
-        assert v.isupper(), "code must be upper case"
+        if not v.isupper():
+            raise ValueError("code must be upper case")
         return v
 
""",
            ),
        ),
        snippet(
            """\
from typing import Optional

from pydantic import BaseModel, ConfigDict, field_validator


class Report:
    title: str = ""


class Other:
    pass


class Job(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)
    report: Optional[Report] = None
    owner: Report
    backup: Optional[Report] = None

    @field_validator("report", mode="before")
    @classmethod
    def titled(cls, report):
        if report is not None:
            assert isinstance(report, Report)
            if not report.title:
                raise ValueError("untitled report")
        return report

    @field_validator("owner", mode="before")
    @classmethod
    def other(cls, owner):
        assert isinstance(owner, Other)
        return owner

    @field_validator("backup", mode="before")
    @classmethod
    def copied(cls, backup):
        if backup or backup == 0:
            assert isinstance(backup, Report)
        return backup
""",
            note="the other side of the before-mode trap: the value is used after the assert "
            "(under `-O` an `AttributeError` instead of a validation error), the asserted type "
            "is not the field's, a guard that lets other values than None past",
            lines=(24, 32, 39),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -22,5 +22,6 @@
     def titled(cls, report):
         if report is not None:
-            assert isinstance(report, Report)
+            if not isinstance(report, Report):
+                raise ValueError("validation failed: isinstance(report, Report)")
             if not report.title:
                 raise ValueError("untitled report")
""",
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -30,5 +30,6 @@
     @classmethod
     def other(cls, owner):
-        assert isinstance(owner, Other)
+        if not isinstance(owner, Other):
+            raise ValueError("validation failed: isinstance(owner, Other)")
         return owner
 
""",
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -37,4 +37,5 @@
     def copied(cls, backup):
         if backup or backup == 0:
-            assert isinstance(backup, Report)
+            if not isinstance(backup, Report):
+                raise ValueError("validation failed: isinstance(backup, Report)")
         return backup
""",
            ),
        ),
        snippet(
            """\
from typing import Union

from pydantic import BaseModel, field_validator, model_validator


class Cron(BaseModel):
    minute: str = "0"


class Job(BaseModel):
    cron: Union[str, int, Cron]
    every: str | Cron = "0"

    @model_validator(mode="after")
    def parse(self) -> "Job":
        if isinstance(self.cron, str):
            self.cron = Cron(minute=self.cron)
        assert isinstance(self.cron, Cron)
        return self

    @field_validator("every")
    @classmethod
    def parse_every(cls, v: str | Cron) -> Cron:
        if isinstance(v, str):
            if v:
                v = Cron(minute=v)
        assert isinstance(v, Cron)
        return v
""",
            note="the other side of the conversion trap: a member of the union the branch does "
            "not convert (`int`), and a conversion that some inputs skip (an empty string)",
            lines=(18, 27),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -16,5 +16,6 @@
         if isinstance(self.cron, str):
             self.cron = Cron(minute=self.cron)
-        assert isinstance(self.cron, Cron)
+        if not isinstance(self.cron, Cron):
+            raise ValueError("validation failed: isinstance(self.cron, Cron)")
         return self
 
""",
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -25,4 +25,5 @@
             if v:
                 v = Cron(minute=v)
-        assert isinstance(v, Cron)
+        if not isinstance(v, Cron):
+            raise ValueError("validation failed: isinstance(v, Cron)")
         return v
""",
            ),
        ),
    )
    good = (
        snippet(
            """\
import re

from fastapi import HTTPException
from pydantic import BaseModel, field_validator


class Route(BaseModel):
    slug: str | None = None

    @field_validator("slug")
    @classmethod
    def text_slug(cls, v):
        if v is not None:
            if not isinstance(v, str):
                raise HTTPException(status_code=422, detail="slug must be text")
            if not re.fullmatch(r"[a-z0-9-]+", v):
                raise ValueError("slug: lower-case letters, digits and hyphens only")
        return v
""",
            note="trap: an after-mode validator of a field declared `str | None` raises the "
            "HTTP error only when the value, past `if v is not None:`, is not a `str`: "
            "Pydantic validated the declared type first, so that branch never runs "
            "(kozmoai-base kozmoai/services/database/models/flow/model.py:52)",
        ),
        snippet(
            _CREW.format(exit="return self"),
            path="app/crew.py",
            note="trap: the assert comes after `if not composed: ... return self`, with "
            "`composed = bool(self.members)` (seen in initrunner): past that exit the members "
            "are set, and nothing before the assert changes them, so it only narrows the type",
        ),
        snippet(
            """\
from typing import Union

from pydantic import BaseModel, field_validator, model_validator


class Cron(BaseModel):
    minute: str = "0"


class Job(BaseModel):
    cron: Union[str, Cron]
    every: str | Cron = "0"

    @model_validator(mode="after")
    def parse(self) -> "Job":
        if isinstance(self.cron, str):
            text = self.cron.strip()
            if not text:
                raise ValueError("empty crontab")
            self.cron = Cron(minute=text.split(" ")[0])
        assert isinstance(self.cron, Cron)
        return self

    @field_validator("every")
    @classmethod
    def parse_every(cls, v: str | Cron) -> Cron:
        if isinstance(v, str):
            v = Cron(minute=v)
        assert isinstance(v, Cron)
        return v
""",
            note="an `assert isinstance(x, T)` right after a branch that turned every other "
            "member of the field's union into a `T`: it only narrows the type and cannot fail",
        ),
        snippet(
            """\
from typing import Literal

from pydantic import BaseModel, field_validator

SUPPORTED = ["string", "int64", "float32"]


class DataType(BaseModel):
    type: Literal["string", "int64", "float32"]

    @field_validator("type")
    @classmethod
    def supported(cls, type: str) -> str:
        assert type in SUPPORTED, f"Unsupported type: {type}"
        return type
""",
            note="an assert that a `Literal` field holds one of exactly the Literal's values "
            "(seen in lilac): the after validator runs once the Literal accepted the value, "
            "so the assert cannot fail",
        ),
        snippet(
            """\
from pydantic import BaseModel, field_validator


class ProfileCreate(BaseModel):
    password: str

    @field_validator("password")
    @classmethod
    def strong(cls, v: str) -> str:
        if len(v) < 12 or not any(c.isdigit() for c in v):
            raise ValueError("password needs 12+ characters and a digit")
        return v
"""
        ),
        snippet(
            """\
from dataclasses import dataclass

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, field_validator

router = APIRouter()


class Item(BaseModel):
    name: str

    @field_validator("name")
    @classmethod
    def check(cls, v: str) -> str:
        def helper(x: str) -> str:
            assert x
            raise HTTPException(400)

        return v

    def method(self) -> None:
        assert self.name
        raise HTTPException(400)


@dataclass
class Row:
    n: int

    def __post_init__(self) -> None:
        assert self.n > 0


class NotAModel:
    @field_validator("x")
    def check(cls, v: int) -> int:
        assert v
        return v


@router.get("/items/{name}")
async def read(name: str) -> Item:
    assert name
    raise HTTPException(status_code=404)
""",
            note="nested helpers, plain methods, routes, dataclasses and non-model classes",
        ),
        snippet(
            """\
import typing

from pydantic import BaseModel, ValidationInfo, field_validator


class Notice(BaseModel):
    subject: str

    @field_validator("subject")
    @classmethod
    def render(cls, v: str, info: ValidationInfo) -> str:
        if typing.TYPE_CHECKING:
            assert isinstance(info.field_name, str)
        return v.format(field=info.field_name)
""",
            note="an assert under `if TYPE_CHECKING:` only narrows a type and never runs",
        ),
        snippet(
            """\
from typing import Annotated

from pydantic import BaseModel, Field, field_validator


class Package(BaseModel):
    name: str
    version: Annotated[str, Field(min_length=1)]
    size: int

    @field_validator("name", "version")
    @classmethod
    def strip(cls, value):
        assert isinstance(value, str)
        return value.strip()

    @field_validator("size", mode="after")
    @classmethod
    def positive(cls, value):
        assert value is not None
        return abs(value)
""",
            note="trap: in an after validator the value already has the field's type; "
            "`assert isinstance(value, str)` on a `str` field only narrows it",
        ),
        snippet(
            """\
import os
from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, ValidationInfo, field_validator, model_validator


class Text(BaseModel):
    kind: Literal["text"] = "text"
    body: str
    meta: Optional[dict] = None


class Break(BaseModel):
    kind: Literal["break"] = "break"


class Message(BaseModel):
    parts: list[Union[Text, Break]]
    endpoint: Optional[str] = None

    @model_validator(mode="wrap")
    @classmethod
    def load(cls, data: Any, handler):
        model = handler(data)
        assert isinstance(model, cls)
        return model

    @model_validator(mode="after")
    def known_meta(self) -> "Message":
        for part in self.parts:
            if isinstance(part, Break):
                assert not hasattr(part, "meta")
            elif part.meta and "x" in part.meta:
                raise ValueError("unknown namespace")
        url = self.endpoint or os.getenv("ENDPOINT", "https://example.invalid")
        assert url is not None  # always set: env default above
        return self

    @field_validator("endpoint")
    @classmethod
    def warn_plain(cls, value: Optional[str], info: ValidationInfo) -> Optional[str]:
        if value and value.startswith("http:"):
            assert info.field_name
            print(f"{info.field_name} is not encrypted")
        return value

    @model_validator(mode="before")
    @classmethod
    def slug(cls, data: dict) -> dict:
        name, title = data.get("name"), data.get("title")
        if not name and not title:
            return data
        if not name:
            assert title
            data["name"] = title.lower()
        return data
""",
            note="trap: asserts that narrow or state an invariant of values the validator "
            "computed (the handler's result, a loop variable in an `isinstance` branch, a "
            "value given a default, an `Optional` after a guard) or of what Pydantic sets "
            "(`info.field_name`), not checks of the input",
        ),
        snippet(
            """\
from typing import Optional

from pydantic import BaseModel, model_validator

WIDTHS = {"narrow": 1, "wide": 2}


class Column(BaseModel):
    kind: Optional[str] = None
    span: Optional[int] = None

    @model_validator(mode="after")
    def one_of(self) -> "Column":
        has_kind = self.kind is not None
        has_span = self.span is not None
        if has_kind == has_span:
            raise ValueError("set exactly one of kind and span")
        if has_span:
            pass
        elif has_kind:
            assert self.kind is not None
            if self.kind not in WIDTHS:
                raise ValueError(f"unknown kind {self.kind!r}")
        return self

    @model_validator(mode="after")
    def positive(self) -> "Column":
        if self.span is not None and self.kind is None:
            assert self.span is not None
            if self.span < 1:
                raise ValueError("span must be positive")
        return self
""",
            note="trap: an assert inside a branch whose guard already holds the same test, "
            "directly or through a local bound once to it, with nothing in between rebinding "
            "the field: it cannot fail and only narrows the type",
        ),
        Example(
            files={
                "app/models.py": """\
from pydantic import field_validator
from sqlmodel import Field, Relationship, SQLModel


class TeamBase(SQLModel):
    name: str


class Team(TeamBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    heroes: list["Hero"] = Relationship(back_populates="team")

    def __init__(self, **data):
        super().__init__(**data)
        self.name = self.name.strip()


class Hero(SQLModel, table=True):
    id: str = Field(primary_key=True)
    team_id: int | None = Field(default=None, foreign_key="team.id")
    team: Team | None = Relationship(back_populates="heroes")

    @field_validator("id")
    @classmethod
    def prefixed(cls, v: str) -> str:
        assert v.startswith("hero-"), "bad id"
        return v


class TeamRead(TeamBase):
    id: int
""",
                "app/main.py": """\
from fastapi import FastAPI
from sqlmodel import Session, select

from app.models import Hero, Team, TeamRead

app = FastAPI()


def add_hero(session: Session, team: Team, number: int) -> Hero:
    hero = Hero(id=f"hero-{number}", team_id=team.id)
    session.add(hero)
    return hero


@app.get("/teams", response_model=list[TeamRead])
def teams(session: Session) -> list[Team]:
    return list(session.exec(select(Team).join(Hero).where(Hero.id != "")))
""",
            },
            note="trap: a validator of a SQLModel `table=True` model that nothing validates: "
            "SQLModel builds table models without validation (only `model_validate` runs their "
            "validators), so the assert never runs and `python -O` changes nothing; the class is "
            "only constructed, queried and used as a relationship",
        ),
        snippet(
            """\
from typing import Optional, Union

from pydantic import BaseModel, ConfigDict, field_validator


class Report:
    pass


class Job(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)
    report: Optional[Report] = None
    owner: Report
    backup: Union[Report, None] = None

    @field_validator("report", "backup", mode="before")
    @classmethod
    def check_report(cls, report: Optional[Report]) -> Optional[Report]:
        if report is not None:
            from app.main import Report as Loaded

            assert isinstance(report, Loaded)
        return report

    @field_validator("owner", mode="before")
    @classmethod
    def check_owner(cls, owner):
        assert isinstance(owner, Report)
        return owner
""",
            note="trap: `assert isinstance(v, T)` in a before validator of a field annotated "
            "`T` (or `Optional[T]`, the assert out of None's way) that returns the value "
            "unchanged: Pydantic checks the same type right after, so under `python -O` the "
            "value is still rejected",
        ),
    )


def _table_model(cls: Class, project: Project) -> bool:
    """A SQLModel class declared ``table=True`` (the keyword on the class itself)."""
    return is_lit(cls.keywords.get("table"), True) and "sqlmodel.SQLModel" in project.ancestors(
        cls.qname
    )


def _names_class(e: Expr | None, qname: str, project: Project) -> bool:
    """The expression names the class ``qname`` (a forward reference by its name too)."""
    short = qname.rsplit(".", 1)[-1]
    for x in iter_exprs(e):
        if isinstance(x, (Name, Call)) and x.qname and project.canonical_name(x.qname) == qname:
            return True
        if (
            isinstance(x, Lit)
            and isinstance(x.value, str)
            and short
            in x.value.replace("[", " ")
            .replace("]", " ")
            .replace(",", " ")
            .replace("|", " ")
            .split()
        ):
            return True
    return False


def _route_shaped(fn: Function) -> bool:
    return any(
        isinstance(d, Call) and (d.dotted or "").rsplit(".", 1)[-1] in _ROUTE_METHODS
        for d in fn.decorators
    )


def _never_validated(qname: str, project: Project, markers: list[_Data]) -> bool:
    """``qname`` is a SQLModel ``table=True`` model whose validators never run.  SQLModel
    builds a table model without validating it (``__init__`` only sets the values); its
    validators run only when the project validates data into it: ``Cls.model_validate(...)``
    (or a v1 ``validate``/``parse_obj``), ``TypeAdapter(Cls)``, a parameter, return type or
    ``response_model`` of a route or dependency (FastAPI validates those), a field of another
    model, a subclass that is not a table, or a project base whose methods force validation.
    Any of those, or a use that cannot be placed, and the class counts as validated."""
    cls = project.class_(qname)
    if cls is None or not _table_model(cls, project):
        return False
    lineage = {qname} | {a for a in project.ancestors(qname) if project.class_(a) is not None}
    for m in markers:
        if m.validates is not None and project.canonical_name(m.validates) == qname:
            return False
        if m.validates is None and m.owner in lineage:
            return False
    for other in project.classes.values():
        if other.qname == qname:
            continue
        if qname in project.ancestors(other.qname) and not _table_model(other, project):
            return False  # a subclass that is not a table validates on construction
        if _table_model(other, project):
            continue  # a table model's annotations are relationships and columns: not validated
        if any(_names_class(a.annotation, qname, project) for a in other.attributes):
            return False
    validating = {**project.route_functions, **project.dependency_functions}
    for mod in project.by_path.values():
        for fn in mod.functions.values():
            if fn.qname not in validating and not _route_shaped(fn):
                continue
            if _names_class(fn.returns, qname, project) or any(
                _names_class(p.annotation, qname, project) for p in fn.params
            ):
                return False
            if any(_names_class(d, qname, project) for d in fn.decorators):
                return False  # ``response_model=Cls``
        for mc in mod.method_calls:
            if mc.method == "add_api_route" and any(
                _names_class(v, qname, project) for _, v in mc.call.keywords
            ):
                return False
    return True


#: Field validators whose function receives the value after Pydantic validated it against
#: the field's type (unless ``mode="before"``/``"plain"``/``"wrap"``, or v1 ``pre=True``).
_FIELD_VALIDATORS = frozenset(
    {
        "pydantic.field_validator",
        "pydantic.functional_validators.field_validator",
        "pydantic.validator",
        "pydantic.class_validators.validator",
        "pydantic.deprecated.class_validators.validator",
    }
)
_ANNOTATED = frozenset({"typing.Annotated", "typing_extensions.Annotated"})
_MAY_BE_NONE = frozenset({"typing.Any", "typing.Optional", "builtins.object", "typing.Union"})


_LITERAL = frozenset({"typing.Literal", "typing_extensions.Literal"})


def _literal_choices(ann: ast.expr, ctx: ModuleContext) -> set[object] | None:
    """The values of a ``Literal[...]`` annotation, or None for any other annotation."""
    if not (isinstance(ann, ast.Subscript) and ctx.resolve(ann.value) in _LITERAL):
        return None
    elts = ann.slice.elts if isinstance(ann.slice, ast.Tuple) else [ann.slice]
    if not all(isinstance(e, ast.Constant) for e in elts):
        return None
    return {e.value for e in elts if isinstance(e, ast.Constant)}


def _literal_collection(e: ast.expr, ctx: ModuleContext) -> set[object] | None:
    """The values of a list, tuple or set of literals, written in place or bound once to a
    module-level name (``_SUPPORTED = ["a", "b"]``); None otherwise."""
    if isinstance(e, ast.Name) and ctx.tree is not None:
        bound = [
            stmt.value
            for stmt in ctx.tree.body
            if isinstance(stmt, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == e.id for t in stmt.targets)
        ]
        if len(bound) != 1:
            return None
        e = bound[0]
    if isinstance(e, (ast.List, ast.Tuple, ast.Set)) and all(
        isinstance(x, ast.Constant) for x in e.elts
    ):
        return {x.value for x in e.elts if isinstance(x, ast.Constant)}
    return None


def _narrows(node: ast.Assert, ctx: ModuleContext) -> bool:
    """``assert isinstance(v, str)`` / ``assert v is not None`` in an after field validator
    of fields annotated ``str`` (not optional): the value was already validated against that
    type, so the assert can never fail; it only narrows the type for a type checker."""
    scope = ctx.scope
    owner = scope.parent
    fdef, cdef = scope.node, owner.node if owner is not None else None
    if not isinstance(fdef, (ast.FunctionDef, ast.AsyncFunctionDef)) or not isinstance(
        cdef, ast.ClassDef
    ):
        return False
    fields: list[str] = []
    before = False
    for d in fdef.decorator_list:
        if isinstance(d, ast.Call) and ctx.resolve(d.func) in _FIELD_VALIDATORS:
            for k in d.keywords:
                if k.arg == "mode" and not (
                    isinstance(k.value, ast.Constant) and k.value.value == "after"
                ):
                    if not (isinstance(k.value, ast.Constant) and k.value.value == "before"):
                        return False  # plain / wrap: Pydantic may not validate afterwards
                    before = True
                if k.arg == "pre" and not (
                    isinstance(k.value, ast.Constant) and k.value.value is False
                ):
                    if not (isinstance(k.value, ast.Constant) and k.value.value is True):
                        return False
                    before = True
            if not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in d.args):
                return False
            fields = [
                a.value for a in d.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
            break
    params = [*fdef.args.posonlyargs, *fdef.args.args]
    if not fields or len(params) < 2:
        return False
    value = params[1].arg
    annotations = {
        stmt.target.id: stmt.annotation
        for stmt in cdef.body
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
    }
    if before:
        return _checked_after(node, fdef, value, [annotations.get(f) for f in fields], ctx)
    declared: list[ast.expr] = []
    literal_values: set[object] | None = set()
    for name in fields:
        ann = annotations.get(name)
        if ann is None:
            return False  # "*", or a field of a base class: not seen here
        while isinstance(ann, ast.Subscript) and ctx.resolve(ann.value) in _ANNOTATED:
            ann = ann.slice.elts[0] if isinstance(ann.slice, ast.Tuple) else ann.slice
        values = _literal_choices(ann, ctx)
        if values is not None and literal_values is not None:
            literal_values |= values
            continue
        literal_values = None
        if not isinstance(ann, (ast.Name, ast.Attribute)):
            return False  # Optional[...], unions, generics: the assert may reject values
        declared.append(ann)
    test = node.test
    if literal_values:
        # ``assert v in SUPPORTED`` on a ``Literal[...]`` field whose every value SUPPORTED
        # holds: the Literal already rejected anything else, so the assert cannot fail
        return (
            isinstance(test, ast.Compare)
            and isinstance(test.left, ast.Name)
            and test.left.id == value
            and len(test.ops) == 1
            and isinstance(test.ops[0], ast.In)
            and (choices := _literal_collection(test.comparators[0], ctx)) is not None
            and literal_values <= choices
        )
    if literal_values is not None:
        return False  # no field to compare with
    if (
        isinstance(test, ast.Call)
        and ctx.resolve(test.func) == "builtins.isinstance"
        and len(test.args) == 2
        and isinstance(test.args[0], ast.Name)
        and test.args[0].id == value
    ):
        kinds = test.args[1].elts if isinstance(test.args[1], ast.Tuple) else [test.args[1]]
        allowed = {ctx.resolve(k) for k in kinds} - {None}
        return all(ctx.resolve(a) in allowed for a in declared)
    if (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == value
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.IsNot)
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value is None
    ):
        return all((q := ctx.resolve(a)) is not None and q not in _MAY_BE_NONE for a in declared)
    return False


_MODEL_VALIDATORS = frozenset(
    {"pydantic.model_validator", "pydantic.functional_validators.model_validator"}
)


def _isinstance_of(test: ast.expr, ctx: ModuleContext) -> tuple[ast.expr, set[str]] | None:
    """``isinstance(x, T)`` / ``isinstance(x, (T, U))`` -> (x, the types' names), when every
    type resolves."""
    if not (
        isinstance(test, ast.Call)
        and ctx.resolve(test.func) == "builtins.isinstance"
        and len(test.args) == 2
        and not test.keywords
    ):
        return None
    kinds = test.args[1].elts if isinstance(test.args[1], ast.Tuple) else [test.args[1]]
    names = {ctx.resolve(k) for k in kinds}
    if None in names or not names:
        return None
    return test.args[0], {n for n in names if n}


def _after_field(fdef: ast.FunctionDef | ast.AsyncFunctionDef, x: ast.expr, ctx) -> str | None:
    """The field ``x`` holds in an after-mode validator, whose value Pydantic has already
    validated against the field's annotation: ``self.<field>`` in a
    ``@model_validator(mode="after")``, the value parameter of an after-mode field validator
    of one field."""
    params = [*fdef.args.posonlyargs, *fdef.args.args]
    for d in fdef.decorator_list:
        if not isinstance(d, ast.Call):
            continue
        q = ctx.resolve(d.func)
        mode = next((k.value for k in d.keywords if k.arg == "mode"), None)
        after = mode is None or (isinstance(mode, ast.Constant) and mode.value == "after")
        if q in _MODEL_VALIDATORS and mode is not None and after and params:
            if (
                isinstance(x, ast.Attribute)
                and isinstance(x.value, ast.Name)
                and x.value.id == params[0].arg
            ):
                return x.attr
        elif (
            q in _FIELD_VALIDATORS
            and after
            and not any(k.arg in ("pre", "each_item") for k in d.keywords)
            and len(d.args) == 1
            and isinstance(d.args[0], ast.Constant)
            and isinstance(d.args[0].value, str)
            and len(params) >= 2
            and isinstance(x, ast.Name)
            and x.id == params[1].arg
        ):
            return d.args[0].value
    return None


def _union_members(ann: ast.expr, ctx: ModuleContext) -> list[str] | None:
    """The members of a union annotation (``Union[A, B]``, ``A | B``), each resolved, or
    None (a member that does not resolve, ``None``, anything else)."""
    while isinstance(ann, ast.Subscript) and ctx.resolve(ann.value) in _ANNOTATED:
        ann = ann.slice.elts[0] if isinstance(ann.slice, ast.Tuple) else ann.slice
    if isinstance(ann, ast.BinOp) and isinstance(ann.op, ast.BitOr):
        left, right = _union_members(ann.left, ctx), _union_members(ann.right, ctx)
        return None if left is None or right is None else left + right
    if isinstance(ann, ast.Subscript) and ctx.resolve(ann.value) in _UNION:
        items = ann.slice.elts if isinstance(ann.slice, ast.Tuple) else [ann.slice]
        out: list[str] = []
        for i in items:
            more = _union_members(i, ctx)
            if more is None:
                return None
            out += more
        return out
    if isinstance(ann, (ast.Name, ast.Attribute)):
        q = ctx.resolve(ann)
        return [q] if q and q not in _MAY_BE_NONE else None
    return None


def _type_tested(node: ast.Raise, ctx: ModuleContext) -> bool:
    """The ``raise`` only runs in ``if not isinstance(v, T):`` of an after-mode validator of
    one field whose declared type ``T`` (each member of a union) already admits: Pydantic
    validated ``v`` against the annotation before the validator runs, so the branch cannot
    run.  A field that may be None (``T | None``) counts only under an ``if v is not None:``
    holding the branch, and nothing before the raise may rebind ``v``."""
    scope = ctx.scope
    owner = scope.parent
    fdef, cdef = scope.node, owner.node if owner is not None else None
    if not isinstance(fdef, (ast.FunctionDef, ast.AsyncFunctionDef)) or not isinstance(
        cdef, ast.ClassDef
    ):
        return False
    parents = list(ctx.parents)
    at = next((i for i, p in enumerate(parents) if p is fdef), None)
    if at is None:
        return False
    guards = [
        p
        for p in parents[at + 1 :]
        if isinstance(p, ast.If) and any(_contains(s, node) for s in p.body)
    ]
    for guard in guards:
        test = guard.test
        if not (isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)):
            continue
        tested = _isinstance_of(test.operand, ctx)
        if tested is None or not isinstance(value := tested[0], ast.Name):
            continue
        allowed = tested[1]
        field = _after_field(fdef, value, ctx)
        if field is None or not _unchanged(fdef, value, node.lineno):
            continue
        if _admits_only(cdef, field, allowed, guards, value.id, ctx):
            return True
    return False


def _admits_only(
    cdef: ast.ClassDef,
    field: str,
    allowed: set[str],
    guards: list[ast.If],
    value: str,
    ctx: ModuleContext,
) -> bool:
    """The field's annotation in the class body admits only the ``allowed`` types: each
    member of a union is one of them, and a ``None`` member is ruled out by one of the
    ``guards`` (``if v is not None:``).  A field not annotated in this class (a base's)
    does not count."""
    ann = next(
        (
            stmt.annotation
            for stmt in cdef.body
            if isinstance(stmt, ast.AnnAssign)
            and isinstance(stmt.target, ast.Name)
            and stmt.target.id == field
        ),
        None,
    )
    if ann is None:
        return False
    while isinstance(ann, ast.Subscript) and ctx.resolve(ann.value) in _ANNOTATED:
        ann = ann.slice.elts[0] if isinstance(ann.slice, ast.Tuple) else ann.slice
    ann, optional = _strip_optional(ann, ctx)
    if optional and not any(_not_none_test(g.test, value) for g in guards):
        return False
    members = _union_members(ann, ctx)
    return members is not None and set(members) <= allowed


def _converted_before(node: ast.Assert, ctx: ModuleContext) -> bool:
    """``assert isinstance(x, T)`` in an after-mode validator right after ``if isinstance(x,
    A): ... x = T(...)`` (no ``else``; the assignment ends the branch), where ``x`` is a
    field annotated with a union of ``A`` and ``T`` only: Pydantic already made it an ``A``
    or a ``T``, and the branch turned every ``A`` into a ``T``, so the assert cannot fail;
    it only narrows the type for a type checker."""
    scope = ctx.scope
    owner = scope.parent
    fdef, cdef = scope.node, owner.node if owner is not None else None
    if not isinstance(fdef, (ast.FunctionDef, ast.AsyncFunctionDef)) or not isinstance(
        cdef, ast.ClassDef
    ):
        return False
    asserted = _isinstance_of(node.test, ctx)
    if asserted is None:
        return False
    x, types = asserted
    field = _after_field(fdef, x, ctx)
    if field is None:
        return False
    ann = next(
        (
            s.annotation
            for s in cdef.body
            if isinstance(s, ast.AnnAssign)
            and isinstance(s.target, ast.Name)
            and s.target.id == field
        ),
        None,
    )
    members = _union_members(ann, ctx) if ann is not None else None
    if not members:
        return False
    parents = ctx.parents
    holder = parents[-1] if parents else None
    block = next(
        (
            b
            for b in (getattr(holder, f, None) for f in ("body", "orelse", "finalbody"))
            if isinstance(b, list) and any(s is node for s in b)
        ),
        None,
    )
    if block is None:
        return False
    i = next(k for k, s in enumerate(block) if s is node)
    prev = block[i - 1] if i > 0 else None
    if not isinstance(prev, ast.If) or prev.orelse or not prev.body:
        return False
    tested = _isinstance_of(prev.test, ctx)
    if tested is None or ast.unparse(tested[0]) != ast.unparse(x):
        return False
    last = prev.body[-1]
    if not (
        isinstance(last, ast.Assign)
        and len(last.targets) == 1
        and ast.unparse(last.targets[0]) == ast.unparse(x)
        and isinstance(last.value, ast.Call)
        and ctx.resolve(last.value.func) in types
    ):
        return False
    return all(m in types or m in tested[1] for m in members)


def _guarded(node: ast.Assert, ctx: ModuleContext) -> bool:
    """``assert x is not None`` (an ``isinstance``, ``is None`` test, or an ``and`` of them)
    inside an ``if`` whose test already holds it: directly (``if x is not None:``) or
    through a local bound once, at the top of the function, to that test (``is_set = x is not
    None`` ... ``elif is_set:``).  When nothing in the function rebinds ``x``, the local or
    what ``x`` is read from, nor calls a method of it or hands it to a call, the assert
    cannot fail: it only narrows the type for a type checker."""
    fdef = ctx.enclosing_def
    if fdef is None or not _narrowing_shape(node.test, ctx) or not _plain(node.test, ctx):
        return False
    parents = list(ctx.parents)
    at = next((i for i, p in enumerate(parents) if p is fdef), None)
    if at is None:
        return False
    held: list[ast.expr] = []
    guards = [
        (p, p.test)
        for p in parents[at + 1 :]
        if isinstance(p, ast.If) and any(_contains(s, node) for s in p.body)
    ]
    guards += _exited_before(parents[at:], node)
    for guard, test in guards:
        for fact in _conjuncts(test):
            held.append(fact)
            if isinstance(fact, ast.Name):
                bound = _bound_once(fdef, fact.id, guard)
                held += _conjuncts(bound) if bound is not None else []
    held += [f.args[0] for f in held if _truth_of(f)]  # ``bool(x)`` holds ``x``
    # code after the assert runs before it again only in a loop around it
    looped = any(isinstance(p, (ast.For, ast.AsyncFor, ast.While)) for p in parents[at + 1 :])
    held_dumps = {ast.dump(f) for f in held}
    for c in _conjuncts(node.test):
        x = c.left if isinstance(c, ast.Compare) else c.args[0] if isinstance(c, ast.Call) else c
        if ast.dump(c) not in held_dumps and not (
            isinstance(c, ast.Compare)
            and isinstance(c.ops[0], ast.IsNot)
            and ast.dump(x) in held_dumps  # ``if x:`` holds ``x is not None`` too
        ):
            return False
        if not _unchanged(fdef, x, None if looped else node.lineno):
            return False
    return True


def _exited_before(parents: list[ast.AST], node: ast.AST) -> list[tuple[ast.If, ast.expr]]:
    """``(guard, C)`` for each ``if not C:`` before ``node`` in a block holding it (the
    function's body or a nested one) whose body ends in ``return`` or ``raise`` and which
    has no ``else``: past it, ``C`` holds."""
    out: list[tuple[ast.If, ast.expr]] = []
    for p in parents:
        for block in (getattr(p, "body", None), getattr(p, "orelse", None)):
            if not isinstance(block, list) or not any(_contains(s, node) for s in block):
                continue
            for s in block:
                if _contains(s, node):
                    break
                if (
                    isinstance(s, ast.If)
                    and not s.orelse
                    and isinstance(s.body[-1], (ast.Return, ast.Raise))
                    and isinstance(s.test, ast.UnaryOp)
                    and isinstance(s.test.op, ast.Not)
                ):
                    out.append((s, s.test.operand))
    return out


def _truth_of(e: ast.expr) -> TypeGuard[ast.Call]:
    """``bool(x)``: true exactly when ``x`` is (so ``x is not None`` holds too)."""
    return (
        isinstance(e, ast.Call)
        and isinstance(e.func, ast.Name)
        and e.func.id == "bool"
        and len(e.args) == 1
        and not e.keywords
    )


def _conjuncts(test: ast.expr) -> list[ast.expr]:
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return [c for v in test.values for c in _conjuncts(v)]
    return [test]


def _plain(test: ast.expr, ctx: ModuleContext) -> bool:
    """The test reads names and attributes only (no call but ``isinstance`` and the like,
    no subscript, no walrus): evaluating it twice gives the same answer."""
    for n in ast.walk(test):
        if isinstance(n, ast.Call):
            if ctx.resolve(n.func) not in _SHAPE_CALLS:
                return False
        elif not isinstance(
            n,
            (
                ast.Name,
                ast.Attribute,
                ast.Constant,
                ast.Compare,
                ast.BoolOp,
                ast.UnaryOp,
                ast.Tuple,
            ),
        ) and not isinstance(n, (ast.expr_context, ast.cmpop, ast.boolop, ast.unaryop)):
            return False
    return True


def _bound_once(
    fdef: ast.FunctionDef | ast.AsyncFunctionDef, name: str, guard: ast.If
) -> ast.expr | None:
    """The value of ``name = <test>`` when that is the only binding of ``name`` in the
    function, a statement of its own body (not in a branch or a loop) before ``guard``."""
    if name in {a.arg for a in ast.walk(fdef.args) if isinstance(a, ast.arg)}:
        return None
    binds = [
        n
        for n in ast.walk(fdef)
        if (isinstance(n, ast.Name) and n.id == name and not isinstance(n.ctx, ast.Load))
        or (isinstance(n, (ast.Global, ast.Nonlocal)) and name in n.names)
    ]
    top = [
        s
        for s in fdef.body
        if isinstance(s, ast.Assign)
        and len(s.targets) == 1
        and isinstance(s.targets[0], ast.Name)
        and s.targets[0].id == name
        and s.lineno < guard.lineno
    ]
    if len(binds) != 1 or len(top) != 1 or binds[0] is not top[0].targets[0]:
        return None
    return top[0].value


def _unchanged(
    fdef: ast.FunctionDef | ast.AsyncFunctionDef, x: ast.expr, until: int | None = None
) -> bool:
    """Nothing in the function (before line ``until``, when given) can change what ``x``
    (``v``, ``self.field``) reads: no binding of ``x`` or of what it is read from
    (``self``, ``self.field``), and, for an attribute, no method call on its object nor the
    object handed to a call."""
    chain: list[str] = []
    root = x
    while isinstance(root, ast.Attribute):
        chain.append(ast.unparse(root))
        root = root.value
    if not isinstance(root, ast.Name):
        return False
    prefixes = {root.id, *chain}
    for n in ast.walk(fdef):
        if isinstance(n, (ast.Global, ast.Nonlocal)) and root.id in n.names:
            return False
        if until is not None and getattr(n, "lineno", 0) > until:
            continue  # after the assert, which runs once
        if (
            isinstance(n, (ast.Name, ast.Attribute))
            and isinstance(n.ctx, (ast.Store, ast.Del))
            and ast.unparse(n) in prefixes
        ):
            return False  # ``x = ...``, ``self.field = None``, ``del self.field``
        if chain and isinstance(n, ast.Call):
            func = n.func
            while isinstance(func, ast.Attribute):
                func = func.value
                if isinstance(func, ast.Name) and func.id == root.id:
                    return False  # ``self.reset()``, ``self.items.clear()``
            if any(isinstance(a, ast.Name) and a.id == root.id for a in _call_args(n)):
                return False  # ``setattr(self, ...)``, ``reset(self)``
    return True


def _call_args(call: ast.Call) -> list[ast.expr]:
    return [*call.args, *(k.value for k in call.keywords)]


_OPTIONAL = frozenset({"typing.Optional", "typing_extensions.Optional"})
_UNION = frozenset({"typing.Union", "typing_extensions.Union"})


def _strip_optional(ann: ast.expr, ctx: ModuleContext) -> tuple[ast.expr, bool]:
    """``Optional[T]`` / ``Union[T, None]`` / ``T | None`` -> (T, True); else (ann, False)."""
    if isinstance(ann, ast.Subscript):
        q = ctx.resolve(ann.value)
        if q in _OPTIONAL:
            return ann.slice, True
        if q in _UNION and isinstance(ann.slice, ast.Tuple):
            rest = [e for e in ann.slice.elts if not _is_none(e)]
            if len(rest) == 1 and len(ann.slice.elts) == 2:
                return rest[0], True
    if isinstance(ann, ast.BinOp) and isinstance(ann.op, ast.BitOr):
        if _is_none(ann.right):
            return ann.left, True
        if _is_none(ann.left):
            return ann.right, True
    return ann, False


def _is_none(e: ast.expr) -> bool:
    return isinstance(e, ast.Constant) and e.value is None


def _not_none_test(test: ast.expr, value: str) -> bool:
    """``value is not None`` or a truth test of ``value``: the body never sees None."""
    if isinstance(test, ast.Name):
        return test.id == value
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return any(_not_none_test(v, value) for v in test.values)
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == value
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.IsNot)
        and _is_none(test.comparators[0])
    )


def _checked_after(
    node: ast.Assert,
    fdef: ast.FunctionDef | ast.AsyncFunctionDef,
    value: str,
    anns: list[ast.expr | None],
    ctx: ModuleContext,
) -> bool:
    """``assert isinstance(v, T)`` in a before validator of fields annotated ``T`` (or
    ``Optional[T]`` with the assert out of None's way), that returns ``v`` unchanged and
    reads it nowhere else: Pydantic validates the returned value against ``T`` right after,
    so a value the assert rejects is rejected then too, with or without ``python -O``."""
    test = node.test
    if not (
        isinstance(test, ast.Call)
        and ctx.resolve(test.func) == "builtins.isinstance"
        and len(test.args) == 2
        and isinstance(test.args[0], ast.Name)
        and test.args[0].id == value
    ):
        return False
    kinds = test.args[1].elts if isinstance(test.args[1], ast.Tuple) else [test.args[1]]
    allowed = {ctx.resolve(k) for k in kinds} - {None}
    optional = False
    for ann in anns:
        if ann is None:
            return False  # "*", or a field of a base class: not seen here
        while isinstance(ann, ast.Subscript) and ctx.resolve(ann.value) in _ANNOTATED:
            ann = ann.slice.elts[0] if isinstance(ann.slice, ast.Tuple) else ann.slice
        ann, maybe_none = _strip_optional(ann, ctx)
        optional |= maybe_none
        if not isinstance(ann, (ast.Name, ast.Attribute)) or ctx.resolve(ann) not in allowed:
            return False
    # where the assert sits: guards on the way to it must only exclude None
    parents = list(ctx.parents)
    at = next((i for i, p in enumerate(parents) if p is fdef), None)
    if at is None:
        return False
    inner = parents[at + 1 :]
    for p in inner:
        if not isinstance(p, ast.If):
            return False  # a loop, ``try`` (``except AssertionError``), ``with``...
        if not any(_contains(n, node) for n in p.body) or not _not_none_test(p.test, value):
            return False  # an ``else`` branch, or a condition on more than None
    if optional and not inner:
        return False  # ``None`` is valid for the field but fails the assert
    guards = {id(p.test) for p in inner if isinstance(p, ast.If)}
    returns = 0
    for n in ast.walk(fdef):
        if isinstance(n, ast.Return):
            if not (isinstance(n.value, ast.Name) and n.value.id == value):
                return False  # a value other than the input: Pydantic validates that one
            returns += 1
    reads_ok: set[int] = {id(test.args[0])}
    for n in ast.walk(fdef):
        if isinstance(n, ast.Return) and isinstance(n.value, ast.Name):
            reads_ok.add(id(n.value))
        elif isinstance(n, ast.If) and id(n.test) in guards:
            reads_ok |= {id(x) for x in ast.walk(n.test)}
    for n in ast.walk(fdef):
        if isinstance(n, ast.Name) and n.id == value and id(n) not in reads_ok:
            return False  # the value is used (or rebound) elsewhere: it may fail there
    return returns > 0


def _contains(stmt: ast.stmt, node: ast.AST) -> bool:
    return any(n is node for n in ast.walk(stmt))


def _alone(node: ast.Assert, ctx: ModuleContext) -> bool:
    """The ``assert`` is the only statement on its lines (so it can become an ``if``)."""
    parent = ctx.parent
    for field in ("body", "orelse", "finalbody", "handlers"):
        block = getattr(parent, field, None)
        if isinstance(block, list) and any(s is node for s in block):
            for s in block:
                if s is node:
                    continue
                if (
                    s.lineno <= (node.end_lineno or node.lineno)
                    and (s.end_lineno or s.lineno) >= node.lineno
                ):
                    return False
            # ``if x: assert y`` / ``else: assert y``: something precedes it on its line
            return not line_text(ctx, node.lineno)[: node.col_offset].strip()
    return False


def _opposite(test):
    """The exact negation of ``a in b`` / ``a not in b`` / ``a is b`` / ``a is not b`` and of
    ``not x``, or None (``not (a < b)`` is not ``a >= b`` for every type: left as it is)."""
    import libcst as cst

    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        if test.lpar:
            return None
        inner = test.expression
        return inner.with_changes(lpar=[], rpar=[]) if len(inner.lpar) == 1 else inner
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1 or test.lpar:
        return None
    target = test.comparisons[0]
    op = target.operator
    new_op: cst.BaseCompOp
    if isinstance(op, cst.In):
        new_op = cst.NotIn(
            whitespace_before=op.whitespace_before, whitespace_after=op.whitespace_after
        )
    elif isinstance(op, cst.NotIn):
        new_op = cst.In(
            whitespace_before=op.whitespace_before, whitespace_after=op.whitespace_after
        )
    elif isinstance(op, cst.Is):
        new_op = cst.IsNot(
            whitespace_before=op.whitespace_before, whitespace_after=op.whitespace_after
        )
    elif isinstance(op, cst.IsNot):
        new_op = cst.Is(
            whitespace_before=op.whitespace_before, whitespace_after=op.whitespace_after
        )
    else:
        return None
    return test.with_changes(comparisons=[target.with_changes(operator=new_op)])


def _fix_assert(module, hit: Hit, offset: int):
    import libcst as cst

    from auditor.fixes import locate, replace_node

    lines = [
        s
        for s in locate(
            module,
            cst.SimpleStatementLine,
            (hit.payload(_Data).assert_line or 0) - offset,
            hit.payload(_Data).assert_col,
        )
        if len(s.body) == 1 and isinstance(s.body[0], cst.Assert)
    ]
    if len(lines) != 1:
        return None
    line = lines[0]
    assert_ = line.body[0]
    test = assert_.test
    atomic = isinstance(test, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)) or bool(test.lpar)
    negated: cst.BaseExpression
    opposite = _opposite(test)
    if opposite is not None:
        negated = opposite  # ``"id" not in data``, not ``not ("id" in data)`` (ruff E713)
    elif atomic:
        negated = cst.UnaryOperation(operator=cst.Not(), expression=test)
    else:
        negated = cst.UnaryOperation(
            operator=cst.Not(whitespace_after=cst.SimpleWhitespace(" ")),
            expression=test.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()]),
        )
    if assert_.msg is not None:
        message = assert_.msg
    else:
        text = "validation failed: " + " ".join(module.code_for_node(test).split())
        message = cst.SimpleString('"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"')
    raise_ = cst.SimpleStatementLine(
        body=[cst.Raise(exc=cst.Call(func=cst.Name("ValueError"), args=[cst.Arg(message)]))]
    )
    new = cst.If(
        test=negated,
        body=cst.IndentedBlock(body=[raise_], header=line.trailing_whitespace),
        leading_lines=line.leading_lines,
    )
    return replace_node(module, line, new)


#: Assert shapes that state what a type checker cannot see (``isinstance``, ``is not None``,
#: ``hasattr``): on a value the validator computed, they narrow a type or state an invariant.
_SHAPE_CALLS = frozenset({"builtins.isinstance", "builtins.hasattr", "builtins.callable"})


def _narrowing_shape(test: ast.expr, ctx: ModuleContext) -> bool:
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _narrowing_shape(test.operand, ctx)
    if isinstance(test, ast.BoolOp):
        return all(_narrowing_shape(v, ctx) for v in test.values)
    if isinstance(test, ast.Call):
        return ctx.resolve(test.func) in _SHAPE_CALLS
    return (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], (ast.Is, ast.IsNot))
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value is None
    )


def _input_params(fdef: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext) -> set[str]:
    """The parameters that carry what is validated: every parameter but the class (``cls``
    of a class-method validator; ``self`` of an after-mode model validator is the model
    being validated, so it counts)."""
    params = [*fdef.args.posonlyargs, *fdef.args.args, *fdef.args.kwonlyargs]
    names = [p.arg for p in params]
    if fdef.args.vararg is not None:
        names.append(fdef.args.vararg.arg)
    if fdef.args.kwarg is not None:
        names.append(fdef.args.kwarg.arg)
    if params and params[0].arg != "self":
        names = names[1:]  # ``cls`` (explicit ``@classmethod`` or v1's implicit one)
    return set(names)


_VALIDATION_INFO = frozenset(
    {
        "pydantic.ValidationInfo",
        "pydantic_core.core_schema.ValidationInfo",
        "pydantic.FieldValidationInfo",
        "pydantic_core.core_schema.FieldValidationInfo",
    }
)


def _info_params(fdef: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext) -> set[str]:
    """Parameters holding Pydantic's ``ValidationInfo`` (annotated so, or named ``info``)."""
    out = set()
    for p in [*fdef.args.posonlyargs, *fdef.args.args, *fdef.args.kwonlyargs]:
        if p.arg == "info" or (
            p.annotation is not None and ctx.resolve(p.annotation) in _VALIDATION_INFO
        ):
            out.add(p.arg)
    return out


def _input_reads(test: ast.expr, info: set[str]) -> set[str]:
    """The names a test reads, where a ``ValidationInfo`` parameter counts only through
    ``info.data`` (the other fields' values): ``info.field_name``, ``info.mode`` and
    ``info.context`` are set by Pydantic or the caller's code, not by the input."""
    parents: dict[int, ast.AST] = {}
    for n in ast.walk(test):
        for c in ast.iter_child_nodes(n):
            parents[id(c)] = n
    out = set()
    for n in ast.walk(test):
        if not isinstance(n, ast.Name):
            continue
        if n.id in info:
            up = parents.get(id(n))
            if not (isinstance(up, ast.Attribute) and up.attr == "data"):
                continue
        out.add(n.id)
    return out


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _reads_input(node: ast.Assert, ctx: ModuleContext) -> bool | None:
    """Whether the assert checks what the validator was given.  True when its test reads a
    parameter that carries the input (the value, ``values``/``data``, ``info.data``, the
    fields of ``self`` in an after-mode model validator); False (medium confidence) when it
    reads a local computed from them; None when it only narrows or states an invariant of a
    value the validator computed (``assert isinstance(model, cls)`` after ``handler(...)``,
    ``assert x is not None`` after a default) or reads nothing the input reaches."""
    fdef = ctx.enclosing_def
    if fdef is None:
        return True
    inputs = _input_params(fdef, ctx)
    info = _info_params(fdef, ctx)
    read = _input_reads(node.test, info)
    if read & inputs:
        return True
    if _narrowing_shape(node.test, ctx) or (isinstance(node.test, ast.Name) and node.msg is None):
        return None  # (``assert name`` without a message: an ``Optional`` narrowed after a guard)
    derived: set[str] = set()
    for _ in range(4):  # locals computed from the input, transitively (small fixpoint)
        grown = False
        for n in ast.walk(fdef):
            pairs: list[tuple[ast.AST, ast.AST]] = []
            if isinstance(n, ast.Assign):
                pairs = [(t, n.value) for t in n.targets]
            elif isinstance(n, (ast.AnnAssign, ast.AugAssign)) and n.value is not None:
                pairs = [(n.target, n.value)]
            elif isinstance(n, (ast.For, ast.AsyncFor)):
                pairs = [(n.target, n.iter)]
            elif isinstance(n, ast.NamedExpr):
                pairs = [(n.target, n.value)]
            for target, value in pairs:
                if _names(value) & (inputs | derived):
                    new = _names(target) - derived - inputs
                    if new:
                        derived |= new
                        grown = True
        if not grown:
            break
    return False if read & derived else None
