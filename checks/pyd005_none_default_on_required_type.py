from __future__ import annotations

import ast
import builtins
import dataclasses
from typing import NamedTuple

from auditor.check import PYDANTIC_2, Check, Example, Hit, Severity, snippet
from auditor.facts import Call, DictExpr, Expr, Lit, Name, Seq, Sub, Union, is_lit, qname_of
from auditor.project import ANNOTATED, OPTIONAL, UNION, Binding, Project
from auditor.walker import ModuleContext

FIELD_CALLS = frozenset({"pydantic.Field", "sqlmodel.Field", "sqlmodel.main.Field"})
_SQLMODEL_FIELD = frozenset({"sqlmodel.Field", "sqlmodel.main.Field"})
#: Annotations that are not fields, or whose None-ness is not ours to judge.
_SKIP_HEADS = frozenset(
    {
        "typing.ClassVar",
        "typing_extensions.ClassVar",
        "typing.Final",
        "typing_extensions.Final",
        "dataclasses.InitVar",
    }
)
#: Annotations that admit anything, None included.
ANY_LIKE = frozenset(
    {
        "typing.Any",
        "typing_extensions.Any",
        "builtins.object",
        "types.NoneType",
        "typing.Optional",
        "typing_extensions.Optional",
    }
)
LITERAL = frozenset({"typing.Literal", "typing_extensions.Literal"})
TYPEVAR = frozenset({"typing.TypeVar", "typing_extensions.TypeVar"})
NEWTYPE = frozenset({"typing.NewType", "typing_extensions.NewType"})

_TYPING_CLASSES = (
    "List Dict Set FrozenSet Tuple Type Sequence MutableSequence Mapping MutableMapping Iterable Iterator "
    "Collection AbstractSet MutableSet Callable Deque DefaultDict OrderedDict Counter ChainMap Pattern Match "
    "Awaitable Coroutine AsyncIterable AsyncIterator Generator AsyncGenerator Hashable Sized Container "
    "Reversible ByteString LiteralString"
).split()
_PYDANTIC_TYPES = (
    "EmailStr NameEmail AnyUrl AnyHttpUrl HttpUrl FileUrl PostgresDsn CockroachDsn AmqpDsn RedisDsn MongoDsn "
    "KafkaDsn NatsDsn MySQLDsn MariaDBDsn ClickHouseDsn SnowflakeDsn WebsocketUrl AnyWebsocketUrl FtpUrl "
    "SecretStr SecretBytes PositiveInt NegativeInt NonNegativeInt NonPositiveInt PositiveFloat NegativeFloat "
    "NonNegativeFloat NonPositiveFloat FiniteFloat StrictStr StrictInt StrictFloat StrictBool StrictBytes "
    "UUID1 UUID3 UUID4 UUID5 UUID6 UUID7 UUID8 FilePath DirectoryPath NewPath SocketPath FutureDate PastDate "
    "FutureDatetime PastDatetime AwareDatetime NaiveDatetime IPvAnyAddress IPvAnyInterface IPvAnyNetwork "
    "ByteSize Base64Str Base64Bytes Base64UrlStr Base64UrlBytes ImportString"
).split()
#: External types, by canonical name, that do not admit None.
NOT_NONE: frozenset[str] = frozenset(
    {
        f"builtins.{n}"
        for n in dir(builtins)
        if isinstance(getattr(builtins, n), type)
        and n not in ("object", "NoneType")
        and not n.startswith("_")
    }
    | {f"typing.{n}" for n in _TYPING_CLASSES}
    | {f"typing_extensions.{n}" for n in _TYPING_CLASSES}
    | {f"collections.abc.{n}" for n in _TYPING_CLASSES}
    | {f"collections.{n}" for n in ("deque", "defaultdict", "OrderedDict", "Counter", "ChainMap")}
    | {f"datetime.{n}" for n in ("datetime", "date", "time", "timedelta", "timezone", "tzinfo")}
    | {"decimal.Decimal", "uuid.UUID", "fractions.Fraction", "re.Pattern", "re.Match"}
    | {
        f"pathlib.{n}"
        for n in (
            "Path",
            "PurePath",
            "PosixPath",
            "WindowsPath",
            "PurePosixPath",
            "PureWindowsPath",
        )
    }
    | {
        f"ipaddress.{n}"
        for n in (
            "IPv4Address",
            "IPv6Address",
            "IPv4Network",
            "IPv6Network",
            "IPv4Interface",
            "IPv6Interface",
        )
    }
    | {f"pydantic.{n}" for n in _PYDANTIC_TYPES}
    | {f"pydantic.types.{n}" for n in _PYDANTIC_TYPES}
    | {f"pydantic.networks.{n}" for n in _PYDANTIC_TYPES}
    | {"pydantic.BaseModel", "pydantic.Json", "pydantic.types.Json"}
)


def admits_none(ann: Expr | None, project: Project, depth: int = 0) -> bool | None:
    """Whether an annotation admits ``None``: True, False, or None when it cannot be known."""
    if ann is None or depth > 8:
        return None
    match ann:
        case Lit(value=value):
            # a string (forward reference) or an odd literal: unknown
            return True if value is None else None
        case Union(items=members):
            results = [admits_none(i, project, depth + 1) for i in members]
            if any(r is True for r in results):
                return True
            return False if all(r is False for r in results) else None
        case Name(qname=q):
            return _name_admits_none(q, project, depth)
        case Sub(value=value, slice=sl):
            return _subscript_admits_none(value, sl, project, depth)
    return None


def _subscript_admits_none(value: Expr, sl: Expr, project: Project, depth: int) -> bool | None:
    head = value.qname if isinstance(value, Name) else None
    items = sl.items if isinstance(sl, Seq) else (sl,)
    if head in OPTIONAL:
        return True
    if head in UNION:
        return admits_none(Union(items), project, depth + 1)
    if head in ANNOTATED:
        return admits_none(items[0], project, depth + 1) if items else None
    if head in LITERAL:
        return any(is_lit(i, None) for i in items)
    if head is None:
        return None
    r = project.resolve(head)
    if isinstance(r, str):
        return False if r in NOT_NONE else None
    if r is not None and type(r).__name__ == "Class":
        return False  # a project generic (``Page[Item]``)
    return None


def _name_admits_none(q: str | None, project: Project, depth: int) -> bool | None:
    if not q:
        return None
    if q in ANY_LIKE:
        return True
    r = project.resolve(q)
    if isinstance(r, str):
        if r in ANY_LIKE:
            return True
        return False if r in NOT_NONE else None
    if r is None:
        return None
    if type(r).__name__ == "Class":
        return False
    if isinstance(r, Binding):
        v = r.value
        if isinstance(v, Call):
            callee = qname_of(v)
            if callee in TYPEVAR:
                return True
            if callee in NEWTYPE:
                base = v.args[1] if len(v.args) > 1 else None
                return admits_none(base, project, depth + 1)
            return None
        return admits_none(v, project, depth + 1)
    return None


def _none_default(value: ast.expr | None, ctx: ModuleContext) -> str | None:
    """How the default is None (``None``, ``Field(None)``, ``Field(default=None)``), or None."""
    if isinstance(value, ast.Constant) and value.value is None:
        return "None"
    if not isinstance(value, ast.Call):
        return None
    callee = ctx.resolve(value.func)
    if callee not in FIELD_CALLS:
        return None
    kws = {k.arg: k.value for k in value.keywords if k.arg}
    if any(k.arg is None for k in value.keywords) or any(
        isinstance(a, ast.Starred) for a in value.args
    ):
        return None
    validate = kws.get("validate_default")
    if isinstance(validate, ast.Constant) and validate.value is True:
        return None  # the None default is validated (and rejected): another problem
    if (
        callee in _SQLMODEL_FIELD
        and isinstance(pk := kws.get("primary_key"), ast.Constant)
        and pk.value is True
    ):
        return None  # a database-assigned primary key, None until the row is inserted
    if value.args and isinstance(value.args[0], ast.Constant) and value.args[0].value is None:
        return "Field(None)"
    default = kws.get("default")
    if isinstance(default, ast.Constant) and default.value is None:
        return "Field(default=None)"
    return None


MODEL_VALIDATORS = frozenset(
    {"pydantic.model_validator", "pydantic.functional_validators.model_validator"}
)


def _after_validator(fn: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext) -> bool:
    """``@model_validator(mode="after")``: it runs on the built model, defaults included."""
    for d in fn.decorator_list:
        if isinstance(d, ast.Call) and ctx.resolve(d.func) in MODEL_VALIDATORS:
            mode = next((k.value for k in d.keywords if k.arg == "mode"), None)
            if isinstance(mode, ast.Constant) and mode.value == "after":
                return True
    return False


def fields_set_after(cls: ast.ClassDef, ctx: ModuleContext) -> frozenset[str]:
    """Fields an after model validator of ``cls`` assigns (``self.slug = ...``, also
    ``object.__setattr__(self, "slug", ...)`` on a frozen model): their ``None`` default is
    replaced before anyone reads the model."""
    out: set[str] = set()
    for stmt in cls.body:
        if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if not _after_validator(stmt, ctx) or not stmt.args.args:
            continue
        me = stmt.args.args[0].arg
        todo: list[ast.AST] = list(stmt.body)
        while todo:
            n = todo.pop()
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                continue
            targets: list[ast.expr] = []
            if isinstance(n, ast.Assign):
                targets = n.targets
            elif isinstance(n, (ast.AnnAssign, ast.AugAssign)):
                targets = [n.target]
            for t in targets:
                if (
                    isinstance(t, ast.Attribute)
                    and isinstance(t.value, ast.Name)
                    and t.value.id == me
                ):
                    out.add(t.attr)
            if (
                isinstance(n, ast.Call)
                and ctx.resolve(n.func) == "builtins.object.__setattr__"
                and len(n.args) >= 2
                and isinstance(n.args[0], ast.Name)
                and n.args[0].id == me
                and isinstance(n.args[1], ast.Constant)
                and isinstance(n.args[1].value, str)
            ):
                out.add(n.args[1].value)
            todo.extend(ast.iter_child_nodes(n))
    return frozenset(out)


@dataclasses.dataclass
class _State:
    """Per module: class qname -> the fields its after model validators set."""

    set_after: dict[str, frozenset[str]] = dataclasses.field(default_factory=dict)


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    cls: str | None = None
    field: str | None = None
    how: str | None = None
    ann: Expr | None = None
    ann_text: str | None = None


class NoneDefaultOnRequiredType(Check):
    """
    ## What it does
    In Pydantic models and settings classes, flags a field whose default is `None` —
    written `= None`, `= Field(None, ...)` or `= Field(default=None, ...)` — while its
    annotation does not admit `None`.  An annotation admits `None` when it is or contains
    `Optional[...]`, `Union[..., None]`, `X | None`, `None`, `Any` or `object`, is a
    `TypeVar`, or is a project type alias whose definition admits `None`.  `Annotated[T, ...]`
    is looked through; `ClassVar` fields, private attributes (`_name`) and names that cannot
    be resolved (a type alias imported from another library, a string annotation) are
    skipped.

    ## Why is this bad?
    Pydantic does not validate defaults (`validate_default=False`), so `age: int =
    Field(ge=18, default=None)` builds models with `age=None`: the type says `int`, the
    constraint says at least 18, and neither is checked.  The OpenAPI schema advertises a
    non-nullable integer while the API sends `null`, and the `None` crashes later code or
    hits a `NOT NULL` column.  [ForgeAPI guide] has exactly
    `age: int = Field(ge=18, default=None)`; [zhanymkanov README] corrected it to
    `age: int = Field(ge=18)  # required` (Disagreement D17).

    ## Example
    ```python
    class UserBase(BaseModel):
        age: int = Field(ge=18, default=None)
        nickname: str = None
    ```

    ## Use instead
    ```python
    class UserBase(BaseModel):
        age: int = Field(ge=18)  # required
        nickname: str | None = None  # honestly optional
    ```

    ## Fix safety
    No automatic fix: only you know whether the field is required or optional.

    ## Known problems
    A SQLModel primary key declared `id: int = Field(default=None, primary_key=True)` is
    not reported (the database assigns it), nor is a field with `validate_default=True`,
    nor one that a `@model_validator(mode="after")` of the class assigns (`self.slug = ...`,
    anywhere in its body: taken as "always set").  Only Pydantic 2 projects are checked
    (F8): on Pydantic 1 `age: int = None` is implicitly `Optional[int]`.
    Generic or external types the auditor does not know stay silent.  Overlaps ruff RUF013,
    which covers function parameters, not model fields.

    ## References
    - [ForgeAPI guide] (`age: int = Field(ge=18, default=None)`)
    - [zhanymkanov README] (`age: int = Field(ge=18)  # required`)
    - Pydantic docs, "Fields" (default values are not validated)
    """

    id = "PYD005"
    name = "none-default-on-required-type"
    category = "pydantic"
    severity = Severity.WARNING
    message = "`None` default on a field whose type does not admit `None`"
    fix_title = "Make the field required, or annotate it `T | None`"
    sources = ("ForgeAPI guide", "zhanymkanov README")

    def applies(self, project: Project) -> str | None:
        return project.pydantic_version.requires(2)

    def visit_ClassDef(self, node: ast.ClassDef, ctx: ModuleContext) -> None:
        fields = fields_set_after(node, ctx)
        if fields:
            ctx.state(_State).set_after[ctx.child_qname(node.name)] = fields

    def visit_AnnAssign(self, node: ast.AnnAssign, ctx: ModuleContext) -> None:
        if (
            ctx.scope.kind != "class"
            or ctx.facts.v1_compat
            or not isinstance(node.target, ast.Name)
        ):
            return
        name = node.target.id
        if name.startswith("_") or name == "model_config":
            return
        if name in ctx.state(_State).set_after.get(ctx.scope.qname, ()):
            return  # an after model validator replaces the None default
        how = _none_default(node.value, ctx)
        if how is None:
            return
        ann = ctx.summarize(node.annotation)
        if isinstance(ann, Sub) and qname_of(ann.value) in _SKIP_HEADS:
            return
        if isinstance(ann, Name) and ann.qname in _SKIP_HEADS:
            return
        inner = node.annotation
        if isinstance(inner, ast.Subscript) and ctx.resolve(inner.value) in ANNOTATED:
            sl = inner.slice
            inner = sl.elts[0] if isinstance(sl, ast.Tuple) and sl.elts else sl
        try:
            ann_text = ast.unparse(inner)
        except Exception:  # pragma: no cover
            ann_text = "..."
        ctx.report(
            node.target,
            data=_Data(
                cls=ctx.scope.qname,
                field=name,
                how=how,
                ann=ann,
                ann_text=ann_text if len(ann_text) <= 40 else ann_text[:37] + "...",
            ),
        )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        out = []
        for h in hits:
            cls = h.payload(_Data).cls
            if not cls or not project.is_pydantic_model(cls):
                continue
            if _validates_defaults(project, cls):
                continue
            if admits_none(h.payload(_Data).ann, project) is not False:
                continue
            field, ann_text = h.payload(_Data).field, h.payload(_Data).ann_text
            out.append(
                dataclasses.replace(
                    h,
                    message=f"field `{field}` defaults to `None` but its type `{ann_text}` does not allow it "
                    f"(defaults are not validated): make it required or `{ann_text} | None`",
                )
            )
        return out

    bad = (
        snippet(
            """\
from pydantic import BaseModel, Field


class UserBase(BaseModel):
    age: int = Field(ge=18, default=None)
""",
            lines=(5,),
            with_files=PYDANTIC_2,
        ),
        Example(
            files={
                **PYDANTIC_2,
                "app/schemas.py": """\
from datetime import datetime
from typing import Annotated, List

from pydantic import EmailStr, Field
from pydantic_settings import BaseSettings
from sqlmodel import Field as SQLField, SQLModel

from app.base import Base, Page

UserId = int


class UserOut(Base):
    email: EmailStr = None
    tags: List[str] = Field(None, description="tags")
    created: Annotated[datetime, Field(description="when")] = None
    owner: UserId = None
    page: Page[int] = None
    parent: "UserOut" = None


class Settings(BaseSettings):
    redis_url: str = None


class Hero(SQLModel, table=True):
    id: int = SQLField(default=None, primary_key=True)
    team_id: int = SQLField(default=None, foreign_key="team.id")
""",
                "app/base.py": """\
from typing import Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T")


class Base(BaseModel):
    pass


class Page(BaseModel, Generic[T]):
    items: list[T]
""",
            },
            note="inherited model, Annotated, a project alias, a project generic, settings, SQLModel",
            lines=(14, 15, 16, 17, 18, 23, 28),
        ),
        snippet(
            """\
from pydantic import BaseModel, model_validator


class Page(BaseModel):
    title: str
    path: str = None
    lang: str = None

    @model_validator(mode="before")
    @classmethod
    def default_lang(cls, data: dict) -> dict:
        data.setdefault("lang", "en")
        return data

    @model_validator(mode="after")
    def default_path(self) -> "Page":
        self.path = "/" + self.title.lower()
        return self
""",
            note="a before validator sets the input, not the default; the after one sets "
            "another field",
            lines=(7,),
            with_files=PYDANTIC_2,
        ),
    )
    good = (
        snippet(
            """\
from pydantic import BaseModel, Field


class UserBase(BaseModel):
    age: int = Field(ge=18)
    nickname: str | None = None
""",
            with_files=PYDANTIC_2,
        ),
        Example(
            files={
                **PYDANTIC_2,
                "app/schemas.py": """\
from typing import Any, ClassVar, Generic, Optional, TypeVar, Union

from external_lib.types import MaybeStr
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Field as SQLField, SQLModel

from app.aliases import OptionalInt

T = TypeVar("T")


class Item(BaseModel, Generic[T]):
    a: Optional[int] = None
    b: Union[int, None] = Field(None)
    c: int | None = Field(default=None)
    d: Any = None
    e: object = None
    f: T = None
    g: MaybeStr = None
    h: OptionalInt = None
    i: ClassVar[int] = None
    _cache: dict = None
    j: "int | None" = None
    k: int = Field(None, validate_default=True)


class Strict(BaseModel):
    model_config = ConfigDict(validate_default=True)

    n: int = None


class Hero(SQLModel, table=True):
    id: int = SQLField(default=None, primary_key=True)
""",
                "app/aliases.py": "from typing import Optional\n\nOptionalInt = Optional[int]\n",
            },
            note="None-admitting annotations, aliases (project and unresolvable), TypeVar, ClassVar, "
            "private attributes, validate_default, SQLModel primary key",
        ),
        snippet(
            """\
from dataclasses import dataclass

import attr


@dataclass
class Row:
    id: int = None


@attr.s(auto_attribs=True)
class Point:
    x: int = None


class Plain:
    name: str = None
""",
            note="dataclasses, attrs and plain classes",
            with_files=PYDANTIC_2,
        ),
        snippet(
            """\
from pydantic import BaseModel, ConfigDict, model_validator


class Post(BaseModel):
    model_config = ConfigDict(frozen=True)

    title: str
    slug: str = None
    words: int = None

    @model_validator(mode="after")
    def fill(self) -> "Post":
        if self.slug is None:
            object.__setattr__(self, "slug", self.title.lower().replace(" ", "-"))
        object.__setattr__(self, "words", len(self.title.split()))
        return self


class Page(BaseModel):
    title: str
    path: str = None

    @model_validator(mode="after")
    def default_path(self) -> "Page":
        self.path = self.path or "/" + self.title.lower()
        return self
""",
            note="a `None` default that an after model validator always replaces",
            with_files=PYDANTIC_2,
        ),
        snippet(
            """\
from pydantic import BaseModel, Field


class UserBase(BaseModel):
    age: int = Field(ge=18, default=None)
""",
            note="nothing pinned and no version-specific code: on Pydantic 1 `int = None` is "
            "implicitly `Optional[int]`, so the message would be wrong there; unknown stays silent",
        ),
        Example(
            files={
                "app/models.py": "from pydantic import BaseModel\n\n\nclass User(BaseModel):\n    age: int = None\n",
                "requirements.txt": "pydantic~=1.10\n",
            },
            note="Pydantic 1 (`~=1.10`): the field is implicitly optional there",
        ),
    )


def _validates_defaults(project: Project, qname: str) -> bool:
    """``validate_default=True`` in the class config (its own or a project base's)."""
    for q in [qname, *project.ancestors(qname)]:
        c = project.class_(q)
        if c is None:
            continue
        kw = c.keywords.get("validate_default")
        if kw is not None and is_lit(kw, True):
            return True
        for a in c.attributes:
            if a.name != "model_config" or not a.default:
                continue
            d = a.default
            if isinstance(d, Call) and is_lit(d.keyword("validate_default"), True):
                return True
            if isinstance(d, DictExpr) and any(
                is_lit(k, "validate_default") and is_lit(v, True) for k, v in d.items
            ):
                return True
        for key, v, _line, _col in c.config or ():
            if key in ("validate_default", "validate_all") and is_lit(v, True):
                return True
    return False
