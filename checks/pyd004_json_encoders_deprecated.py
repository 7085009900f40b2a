from __future__ import annotations

import ast
from typing import NamedTuple

from auditor.check import PYDANTIC_2, Check, Example, Hit, Severity, snippet, when
from auditor.project import Project
from auditor.walker import ModuleContext

CONFIG_CALLS = frozenset({"pydantic.ConfigDict", "pydantic_settings.SettingsConfigDict"})
KEY = "json_encoders"


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    cls: str | None = None


class JsonEncodersDeprecated(Check):
    """
    ## What it does
    Flags the `json_encoders` configuration key of a Pydantic model or settings class,
    wherever it is written: in a `ConfigDict(...)` / `SettingsConfigDict(...)` call, in a
    `model_config = {...}` (or `dict(...)`) literal, in a `class Config`, or as a class
    keyword.  Modules that import from `pydantic.v1` are skipped, and projects not provably
    on Pydantic 2 (F8).

    ## Why is this bad?
    The Pydantic v2 docs mark `json_encoders` as deprecated ("will likely be removed in the
    future").  It also does less than it seems: it applies to JSON output only
    (`model_dump_json()` and FastAPI responses), not to `model_dump()`, so the same model
    serialises a `datetime` two different ways.  [Production guide 2026] (`class Config:
    json_encoders = {...}`) and [ForgeAPI guide] (`ConfigDict(json_encoders=...)`)
    still use it, while [zhanymkanov README] moved to
    `@field_serializer("*", when_used="json", check_fields=False)` (Disagreement D3: a
    serializer is current).

    ## Example
    ```python
    class AppBaseModel(BaseModel):
        model_config = ConfigDict(json_encoders={datetime: lambda v: v.isoformat()})
    ```

    ## Use instead
    ```python
    # one reusable type...
    UTCDateTime = Annotated[datetime, PlainSerializer(lambda v: v.isoformat(), when_used="json")]


    # ...or one serializer on the project's base model, as in the zhanymkanov README
    class AppBaseModel(BaseModel):
        @field_serializer("*", when_used="json", check_fields=False)
        def _serialize_datetimes(self, value: Any) -> Any:
            return value.isoformat() if isinstance(value, datetime) else value
    ```

    ## Fix safety
    No automatic fix: choosing between a per-type `Annotated` alias and a model-wide
    serializer is a design decision, and each encoder has to be rewritten by hand.

    ## Known problems
    Keys passed through `**kwargs` or built at runtime are not seen.

    ## References
    - [Production guide 2026] (`json_encoders` in `class Config`)
    - [ForgeAPI guide] (`ConfigDict(json_encoders=...)`)
    - [zhanymkanov README] (`field_serializer` on a custom base model)
    - Pydantic docs, "Serialization" (custom serializers) and `ConfigDict.json_encoders`
    """

    id = "PYD004"
    name = "json-encoders-deprecated"
    category = "pydantic"
    severity = Severity.WARNING
    message = "`json_encoders` is deprecated in Pydantic v2"
    fix_title = 'Use `@field_serializer(..., when_used="json")` or an `Annotated[..., PlainSerializer(...)]` type'
    sources = ("Production guide 2026", "ForgeAPI guide", "zhanymkanov README")

    def applies(self, project: Project) -> str | None:
        return project.pydantic_version.requires(2)

    @when(callees=CONFIG_CALLS)
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        if ctx.facts.v1_compat:
            return
        callee = ctx.resolve(node.func)
        if callee not in CONFIG_CALLS:
            return
        for kw in node.keywords:
            if kw.arg == KEY:
                short = callee.rsplit(".", 1)[1]
                ctx.report(
                    kw,
                    f"`json_encoders` in `{short}(...)` is deprecated in Pydantic v2: use a serializer",
                    data=_Data(),
                )

    def visit_ClassDef(self, node: ast.ClassDef, ctx: ModuleContext) -> None:
        if ctx.facts.v1_compat:
            return
        qname = ctx.child_qname(node.name)
        for kw in node.keywords:
            if kw.arg == KEY:
                ctx.report(
                    kw,
                    f"`json_encoders` (class keyword of `{node.name}`) is deprecated in Pydantic v2: use a serializer",
                    data=_Data(cls=qname),
                )
        for stmt in node.body:
            if isinstance(stmt, ast.ClassDef) and stmt.name == "Config":
                for sub in stmt.body:
                    target = _single_target(sub)
                    if target is not None and target.id == KEY:
                        ctx.report(
                            target,
                            f"`json_encoders` in `class Config` of `{node.name}` is deprecated in Pydantic v2: use a serializer",
                            data=_Data(cls=qname),
                        )
            else:
                target = _single_target(stmt)
                if target is None or target.id != "model_config":
                    continue
                value = stmt.value if isinstance(stmt, (ast.Assign, ast.AnnAssign)) else None
                if isinstance(value, ast.Dict):
                    for key in value.keys:
                        if isinstance(key, ast.Constant) and key.value == KEY:
                            ctx.report(
                                key,
                                f"`json_encoders` in `model_config` of `{node.name}` is deprecated in Pydantic v2: use a serializer",
                                data=_Data(cls=qname),
                            )
                elif isinstance(value, ast.Call) and ctx.resolve(value.func) == "builtins.dict":
                    for kw in value.keywords:
                        if kw.arg == KEY:
                            ctx.report(
                                kw,
                                f"`json_encoders` in `model_config` of `{node.name}` is deprecated in Pydantic v2: use a serializer",
                                data=_Data(cls=qname),
                            )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        out = []
        for h in hits:
            cls = h.payload(_Data).cls
            if cls is not None and not project.is_pydantic_model(cls):
                continue
            out.append(h)
        return out

    bad = (
        snippet(
            """\
from datetime import datetime

from pydantic import BaseModel, ConfigDict


class AppBaseModel(BaseModel):
    model_config = ConfigDict(json_encoders={datetime: lambda v: v.isoformat()})
""",
            lines=(7,),
            with_files=PYDANTIC_2,
        ),
        Example(
            files={
                **PYDANTIC_2,
                "app/schemas.py": """\
from datetime import date, datetime
from decimal import Decimal

import pydantic
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.base import Base


class Order(Base):
    placed: datetime

    class Config:
        json_encoders = {datetime: lambda v: v.isoformat()}


class Invoice(pydantic.BaseModel):
    model_config = {"json_encoders": {Decimal: str}, "from_attributes": True}


class Report(pydantic.BaseModel, json_encoders={date: str}):
    day: date


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", json_encoders={Decimal: str})
""",
                "app/base.py": "from pydantic import BaseModel\n\n\nclass Base(BaseModel):\n    pass\n",
            },
            note="class Config of a subclass, dict literal, class keyword, SettingsConfigDict",
            lines=(14, 18, 21, 26),
        ),
    )
    good = (
        snippet(
            """\
from datetime import datetime, timezone
from typing import Any

from pydantic import BaseModel, field_serializer


class AppBaseModel(BaseModel):
    @field_serializer("*", when_used="json", check_fields=False)
    def _serialize_datetimes(self, value: Any) -> Any:
        if isinstance(value, datetime):
            if value.tzinfo is None:
                value = value.replace(tzinfo=timezone.utc)
            return value.isoformat()
        return value
""",
            with_files=PYDANTIC_2,
        ),
        snippet(
            """\
import json
from dataclasses import dataclass
from datetime import datetime

from marshmallow import Schema


class Encoder(json.JSONEncoder):
    json_encoders = {datetime: str}


@dataclass
class Row:
    class Config:
        json_encoders = {datetime: str}


class EventSchema(Schema):
    class Meta:
        json_encoders = {datetime: str}


settings = {"json_encoders": {}}
""",
            note="json_encoders outside Pydantic models",
            with_files=PYDANTIC_2,
        ),
        snippet(
            """\
from datetime import datetime

from pydantic.v1 import BaseModel


class Legacy(BaseModel):
    class Config:
        json_encoders = {datetime: str}
""",
            note="a v1-compat module",
            with_files=PYDANTIC_2,
        ),
        snippet(
            """\
from datetime import datetime

from pydantic import BaseModel, Field


class Event(BaseModel):
    code: str = Field(regex=r"^[A-Z]{3}$")
    at: datetime

    class Config:
        json_encoders = {datetime: lambda v: v.isoformat()}
""",
            note="nothing pinned, but `Field(regex=...)` proves Pydantic 1, where `json_encoders` "
            "is the way to customise JSON",
        ),
        Example(
            files={
                "app/models.py": """\
from datetime import datetime

from pydantic import BaseModel


class Event(BaseModel):
    at: datetime

    class Config:
        json_encoders = {datetime: lambda v: v.isoformat()}
""",
                "pyproject.toml": '[project]\nname = "svc"\ndependencies = ["pydantic>=1.10,<2"]\n',
            },
            note="a project pinned below Pydantic 2",
        ),
        Example(
            files={
                "app/settings.py": "from pydantic import BaseSettings\n\n\nclass Settings(BaseSettings):\n    debug: bool = False\n",
                "app/models.py": """\
from datetime import datetime

from pydantic import BaseModel, field_validator


class Event(BaseModel):
    at: datetime

    class Config:
        json_encoders = {datetime: lambda v: v.isoformat()}

    @field_validator("at")
    @classmethod
    def aware(cls, v: datetime) -> datetime:
        return v
""",
            },
            note="nothing pinned and the code contradicts itself (`from pydantic import "
            "BaseSettings` is v1-only, `field_validator` v2-only): the version is unknown, so "
            "no v2 advice",
        ),
    )


def _single_target(stmt: ast.stmt) -> ast.Name | None:
    if (
        isinstance(stmt, ast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Name)
    ):
        return stmt.targets[0]
    if (
        isinstance(stmt, ast.AnnAssign)
        and isinstance(stmt.target, ast.Name)
        and stmt.value is not None
    ):
        return stmt.target
    return None
