from __future__ import annotations

import ast
import builtins
import dataclasses
from typing import NamedTuple

from auditor.check import PYDANTIC_2, Check, Example, Hit, Severity, snippet
from auditor.facts import (
    Call,
    Class,
    DictExpr,
    Expr,
    Lit,
    Name,
    Seq,
    Sub,
    Union,
    is_lit,
    qname_of,
)
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
ROOT_VALIDATORS = frozenset(
    {
        "pydantic.root_validator",
        "pydantic.class_validators.root_validator",
        "pydantic.deprecated.class_validators.root_validator",
    }
)
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)
_Def = ast.FunctionDef | ast.AsyncFunctionDef


def _validator_mode(dec: ast.expr, resolve) -> str | None:
    """ "after" for ``model_validator(mode="after")``, "before" for ``model_validator(mode=
    "before")`` and ``root_validator(pre=True)`` (which Pydantic 2 still runs), else None."""
    if not isinstance(dec, ast.Call):
        return None
    q = resolve(dec.func)
    keywords = {k.arg: k.value for k in dec.keywords}
    if q in MODEL_VALIDATORS:
        mode = keywords.get("mode")
        if isinstance(mode, ast.Constant) and mode.value in ("after", "before"):
            return str(mode.value)
    elif q in ROOT_VALIDATORS:
        pre = keywords.get("pre")
        if isinstance(pre, ast.Constant) and pre.value is True:
            return "before"
    return None


class _Rejecting(NamedTuple):
    """What a class's after validators reject when it is ``None`` (``if not isinstance(
    self.script, type): raise``): fields read directly, and methods called on the model
    whose value is tested (``self.load()``); with the names of those validators and what
    the class's methods return (``def load(self): return self.script``)."""

    fields: frozenset[str]
    methods: frozenset[str]
    validators: frozenset[str]
    returns: dict[str, str]


def _rejecting(cls: ast.ClassDef, resolve, inherited: list[_Rejecting]) -> _Rejecting:
    """The fields and methods the after validators of ``cls`` (and those it inherits from
    ``inherited``, the same module's bases, unless it redefines them) reject when ``None``."""
    own = {s.name: s for s in cls.body if isinstance(s, _DEFS)}
    fields: set[str] = set()
    methods: set[str] = set()
    validators: set[str] = set()
    returns: dict[str, str] = {}
    for base in inherited:
        if base.validators.isdisjoint(own):  # a redefined validator replaces the base's
            fields |= base.fields
            methods |= base.methods
            validators |= base.validators
        returns.update({m: f for m, f in base.returns.items() if m not in own})
    for name, fn in own.items():
        if any(_validator_mode(d, resolve) == "after" for d in fn.decorator_list):
            found = _rejected_by(fn)
            if found:
                validators.add(name)
                fields |= {n for kind, n in found if kind == "field"}
                methods |= {n for kind, n in found if kind == "method"}
        field = _returned_field(fn)
        if field is not None:
            returns[name] = field
    return _Rejecting(frozenset(fields), frozenset(methods), frozenset(validators), returns)


def _returned_field(fn: _Def) -> str | None:
    """``f`` for a method whose body is ``return self.f`` (after a docstring)."""
    body = [
        s for s in fn.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
    ]
    if len(body) != 1 or not isinstance(body[0], ast.Return) or not fn.args.args:
        return None
    got = _on_model(body[0].value, fn.args.args[0].arg)
    return got[1] if got is not None and got[0] == "field" else None


def _on_model(e: ast.expr | None, me: str) -> tuple[str, str] | None:
    """("field", f) for ``self.f``, ("method", m) for ``self.m()`` without arguments."""
    if isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name) and e.value.id == me:
        return "field", e.attr
    if (
        isinstance(e, ast.Call)
        and not e.args
        and not e.keywords
        and isinstance(e.func, ast.Attribute)
        and isinstance(e.func.value, ast.Name)
        and e.func.value.id == me
    ):
        return "method", e.func.attr
    return None


def _rejected_by(fn: _Def) -> set[tuple[str, str]]:
    """What an after validator raises on when it is ``None``, before any ``return``: ``if
    self.f is None: raise``, ``if not self.f: raise``, ``if not isinstance(x, T): raise``
    (T neither ``object`` nor ``NoneType``), also through a local bound to ``self.f`` or
    ``self.m()`` first, and as one side of an ``or``."""
    if not fn.args.args:
        return set()
    me = fn.args.args[0].arg
    aliases: dict[str, tuple[str, str]] = {}
    out: set[tuple[str, str]] = set()
    for stmt in fn.body:
        if any(isinstance(n, ast.Return) for n in ast.walk(stmt)):
            break  # what comes after runs only for some models
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and (got := _on_model(stmt.value, me)) is not None
        ):
            aliases[stmt.targets[0].id] = got
        elif isinstance(stmt, ast.If) and any(isinstance(b, ast.Raise) for b in stmt.body):
            for subject in _none_rejected(stmt.test):
                got = (
                    aliases.get(subject.id)
                    if isinstance(subject, ast.Name)
                    else _on_model(subject, me)
                )
                if got is not None:
                    out.add(got)
    return out


#: ``isinstance`` classes ``None`` is an instance of.
_NONE_CLASSES = frozenset({"object", "NoneType"})


def _none_rejected(test: ast.expr) -> list[ast.expr]:
    """The expressions whose being ``None`` makes ``test`` true."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        return [e for v in test.values for e in _none_rejected(v)]
    if (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.Is)
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value is None
    ):
        return [test.left]
    if not (isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)):
        return []
    inner = test.operand
    if (
        isinstance(inner, ast.Call)
        and isinstance(inner.func, ast.Name)
        and inner.func.id == "isinstance"
        and len(inner.args) == 2
    ):
        classes = inner.args[1].elts if isinstance(inner.args[1], ast.Tuple) else [inner.args[1]]
        if all(
            isinstance(c, (ast.Name, ast.Attribute))
            and (c.id if isinstance(c, ast.Name) else c.attr) not in _NONE_CLASSES
            for c in classes
        ):
            return [inner.args[0]]
        return []
    return [inner]


def fields_always_set(cls: ast.ClassDef, ctx: ModuleContext) -> frozenset[str]:
    """Fields a model validator of ``cls`` always gives a value, so that their ``None``
    default is never kept in an instance:

    * an after validator (``@model_validator(mode="after")``) that assigns them
      (``self.slug = ...``, also ``object.__setattr__(self, "slug", ...)`` on a frozen model),
      anywhere in its body;
    * a before validator (``mode="before"``, or ``@root_validator(pre=True)``) that fills
      the key in the input before any ``return`` (``data.setdefault("lang", "en")``,
      ``data["lang"] = ...``, or the same under ``if "lang" not in data:`` / ``if not
      data.get("lang"):``): validation then sees a value, never the default.

    A validator may also be made by calling the decorator on a function
    (``fill = model_validator(mode="before")(lambda cls, data: cls.fill_(data))``); a
    lambda that hands its input to a method of the class is followed into that method.
    In an ``if`` of the class body (a version gate) a field counts when both branches set it.
    """
    resolve = _class_body_resolver(cls, ctx)
    methods = {s.name: s for s in cls.body if isinstance(s, _DEFS)}
    return frozenset(_set_in_block(cls.body, methods, resolve))


def _set_in_block(block: list[ast.stmt], methods: dict[str, _Def], resolve) -> set[str]:
    out: set[str] = set()
    for stmt in block:
        if isinstance(stmt, ast.If):
            out |= _set_in_block(stmt.body, methods, resolve) & _set_in_block(
                stmt.orelse, methods, resolve
            )
        elif isinstance(stmt, _DEFS):
            for d in stmt.decorator_list:
                mode = _validator_mode(d, resolve)
                if mode == "after":
                    out |= _assigned_on_self(stmt, resolve)
                elif mode == "before":
                    out |= _filled(stmt, 1 if len(stmt.args.args) > 1 else 0)
        elif (
            isinstance(stmt, ast.Assign)
            and isinstance(stmt.value, ast.Call)
            and len(stmt.value.args) == 1
        ):
            # ``name = model_validator(mode="before")(function)``
            mode = _validator_mode(stmt.value.func, resolve)
            made = _made_from(stmt.value.args[0], methods)
            if mode == "after" and made is not None:
                out |= _assigned_on_self(made[0], resolve)
            elif mode == "before" and made is not None:
                out |= _filled(*made)
    return out


def _made_from(fn: ast.expr, methods: dict[str, _Def]) -> tuple[_Def, int] | None:
    """The function a validator is made of and the index of its input parameter: a method of
    the class named directly, or the one a ``lambda cls, data: cls.method(data)`` calls."""
    if isinstance(fn, ast.Name) and fn.id in methods:
        m = methods[fn.id]
        return m, 1 if len(m.args.args) > 1 else 0
    if not isinstance(fn, ast.Lambda) or len(fn.args.args) < 2:
        return None
    me, data = fn.args.args[0].arg, fn.args.args[-1].arg
    call = fn.body
    if not (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == me
        and call.func.attr in methods
    ):
        return None
    passed = [i for i, a in enumerate(call.args) if isinstance(a, ast.Name) and a.id == data]
    if len(passed) != 1:
        return None
    target = methods[call.func.attr]
    static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in target.decorator_list)
    return target, passed[0] + (0 if static else 1)  # past ``cls`` / ``self``


def _filled(fn: _Def, index: int) -> set[str]:
    """Keys a before validator puts in its input (parameter ``index``) before any
    ``return``: ``data.setdefault("k", ...)``, ``data["k"] = ...``, or either under ``if "k"
    not in data:`` / ``if not data.get("k"):`` / ``if data.get("k") is None:``."""
    params = fn.args.args
    if index >= len(params):
        return set()
    data = params[index].arg
    out: set[str] = set()
    for stmt in fn.body:
        key = _fill_of(stmt, data)
        if key is not None:
            out.add(key)
        elif isinstance(stmt, ast.If) and not stmt.orelse:
            missing = _missing_key(stmt.test, data)
            if missing is not None and any(_fill_of(s, data) == missing for s in stmt.body):
                out.add(missing)
        if any(isinstance(n, ast.Return) for n in ast.walk(stmt)):
            break  # what comes after runs only for some inputs
    return out


def _key(e: ast.expr) -> str | None:
    return e.value if isinstance(e, ast.Constant) and isinstance(e.value, str) else None


def _fill_of(stmt: ast.stmt, data: str) -> str | None:
    """``data.setdefault("k", v)`` / ``data["k"] = v`` -> "k"."""
    if isinstance(stmt, ast.Expr):
        call = stmt.value
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "setdefault"
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == data
            and len(call.args) == 2
        ):
            return _key(call.args[0])
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        t = stmt.targets[0]
        if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id == data:
            return _key(t.slice)
    return None


def _missing_key(test: ast.expr, data: str) -> str | None:
    """The key ``test`` proves absent or empty: ``"k" not in data``, ``not data.get("k")``,
    ``data.get("k") is None``."""

    def get_of(e: ast.expr) -> str | None:
        if (
            isinstance(e, ast.Call)
            and isinstance(e.func, ast.Attribute)
            and e.func.attr == "get"
            and isinstance(e.func.value, ast.Name)
            and e.func.value.id == data
            and len(e.args) == 1
        ):
            return _key(e.args[0])
        return None

    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        op, right = test.ops[0], test.comparators[0]
        if isinstance(op, ast.NotIn) and isinstance(right, ast.Name) and right.id == data:
            return _key(test.left)
        if isinstance(op, ast.Is) and isinstance(right, ast.Constant) and right.value is None:
            return get_of(test.left)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return get_of(test.operand)
    return None


def _assigned_on_self(fn: _Def, resolve) -> set[str]:
    """Fields an after validator assigns on its model, anywhere in its body."""
    if not fn.args.args:
        return set()
    me = fn.args.args[0].arg
    out: set[str] = set()
    todo: list[ast.AST] = list(fn.body)
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
            if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == me:
                out.add(t.attr)
        if (
            isinstance(n, ast.Call)
            and resolve(n.func) == "builtins.object.__setattr__"
            and len(n.args) >= 2
            and isinstance(n.args[0], ast.Name)
            and n.args[0].id == me
            and isinstance(n.args[1], ast.Constant)
            and isinstance(n.args[1].value, str)
        ):
            out.add(n.args[1].value)
        todo.extend(ast.iter_child_nodes(n))
    return out


def _class_body_resolver(cls: ast.ClassDef, ctx: ModuleContext):
    """``ctx.resolve``, and the names the class body itself imports (``from pydantic import
    model_validator`` under a version gate in the class): the class hook runs before its
    body is walked, so those are not bound yet."""
    local: dict[str, str] = {}
    todo: list[ast.stmt] = list(cls.body)
    while todo:
        stmt = todo.pop()
        if isinstance(stmt, ast.If):
            todo.extend(stmt.body)
            todo.extend(stmt.orelse)
        elif isinstance(stmt, ast.ImportFrom) and stmt.module and not stmt.level:
            for alias in stmt.names:
                local[alias.asname or alias.name] = f"{stmt.module}.{alias.name}"

    def resolve(node: ast.expr) -> str | None:
        if isinstance(node, ast.Name) and node.id in local:
            return local[node.id]
        return ctx.resolve(node)

    return resolve


@dataclasses.dataclass
class _State:
    """Per module: class qname -> the fields its model validators always set (or reject
    when ``None``), and what its after validators reject."""

    set_after: dict[str, frozenset[str]] = dataclasses.field(default_factory=dict)
    rejecting: dict[str, _Rejecting] = dataclasses.field(default_factory=dict)


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
    In Pydantic models (and settings classes whose config turns the validation of defaults
    off), flags a field whose default is `None` —
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
    not reported (the database assigns it), nor is a field with `validate_default=True`
    (on the field, or in the config of its class or the nearest project base that sets it),
    nor one of a settings class (F6), directly or through a project settings base:
    pydantic-settings' `BaseSettings` sets `validate_default=True` (Pydantic 1's
    `BaseSettings.Config` `validate_all = True`), so the `None` is replaced by a before
    validator or rejected when the settings are built, never kept — unless the class's own
    config (or a base's) turns it off, which is reported.  Nor is a field
    that a `@model_validator(mode="after")` of the class assigns (`self.slug = ...`,
    anywhere in its body: taken as "always set"), nor one whose key a `mode="before"` model
    validator (or `@root_validator(pre=True)`) fills in the input before any `return`
    (`data.setdefault("lang", "en")`, `data["lang"] = ...`, or the same under `if "lang" not
    in data:`): validation then always sees a value.  Nor is a field an after validator
    rejects when `None`, before any `return` (`if self.target is None: raise`, `if not
    self.target`, `if not isinstance(script, type): raise` with `script = self.script` or
    a method of the model that returns the field, `script = self.load_script()`), also one
    inherited from a base of the same module that the class does not redefine: the model
    fails validation, so none keeps the `None`.  A validator made by calling the
    decorator (`fill = model_validator(mode="before")(lambda cls, data: cls.fill_(data))`)
    is followed into the method the lambda calls; under an `if` of the class body it counts
    when both branches make one.  Only Pydantic 2 projects are checked
    (F8): on Pydantic 1 `age: int = None` is implicitly `Optional[int]`.
    Generic or external types the auditor does not know stay silent, and so does a model
    whose class or a project base names a metaclass other than `ABCMeta` or Pydantic's own
    (`class Base(BaseModel, metaclass=OptionalMeta)`): a metaclass can rewrite the fields
    before Pydantic builds the class (widening `= None` fields to `T | None`).  Overlaps ruff RUF013,
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
        state = ctx.state(_State)
        qname = ctx.child_qname(node.name)
        bases = [state.rejecting[b] for e in node.bases if (b := ctx.resolve(e)) in state.rejecting]
        rejecting = _rejecting(node, _class_body_resolver(node, ctx), bases)
        state.rejecting[qname] = rejecting
        fields = fields_always_set(node, ctx) | rejecting.fields
        fields |= {rejecting.returns[m] for m in rejecting.methods if m in rejecting.returns}
        if fields:
            state.set_after[qname] = fields

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
            return  # a model validator always sets it: the None default is never kept
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
        validated: dict[str, bool] = {}  # per class: its hits share the answer
        for h in hits:
            cls = h.payload(_Data).cls
            if not cls or not project.is_pydantic_model(cls):
                continue
            if cls not in validated:
                validated[cls] = _validates_defaults(project, cls)
            if validated[cls]:
                continue
            if project.custom_metaclass(cls) is not None:
                continue  # a project metaclass may rewrite the field before Pydantic sees it
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
from pydantic import BaseModel, model_validator


class Job:
    pass


class Base(BaseModel):
    def title(self) -> str:
        return "base"

    @model_validator(mode="after")
    def check_title(self) -> "Base":
        if not self.title():
            raise ValueError("a title is required")
        return self


class Post(Base):
    heading: str = None

    def title(self) -> str:
        return self.heading

    @model_validator(mode="after")
    def check_title(self) -> "Post":
        return self


class Draft(BaseModel):
    job: type[Job] = None
    owner: str = None

    @model_validator(mode="after")
    def check_job(self) -> "Draft":
        if self.job is not None and not issubclass(self.job, Job):
            raise ValueError("not a job")
        if self.job is Job:
            return self
        if self.owner is None:
            raise ValueError("an owner is required")
        return self
""",
            with_files=PYDANTIC_2,
            note="the other side of the rejecting-validator trap: a subclass that redefines "
            "the base's validator (it no longer runs), a check only of a value that is set, "
            "and a rejection that a `return` can skip",
            lines=(20, 31, 32),
        ),
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
from pydantic_settings import BaseSettings, SettingsConfigDict
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
    model_config = SettingsConfigDict(validate_default=False)

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
            note="inherited model, Annotated, a project alias, a project generic, settings "
            "whose config turns validation of defaults off, SQLModel",
            lines=(14, 15, 16, 17, 18, 25, 30),
        ),
        snippet(
            """\
from typing import Any

from pydantic import BaseModel, model_validator


class Page(BaseModel):
    title: str
    path: str = None
    lang: str = None
    theme: str = None
    owner: str = None
    region: str = None

    @model_validator(mode="before")
    @classmethod
    def fill(cls, data: Any) -> Any:
        if data.get("title"):
            data.setdefault("lang", "en")
        data.setdefault("title_case", True)
        if not isinstance(data, dict):
            return data
        data.setdefault("theme", "light")
        return data

    @model_validator(mode="before")
    @classmethod
    def owner_from_team(cls, data: dict) -> dict:
        if "team" in data:
            data["owner"] = data["team"]
        return data

    @model_validator(mode="after")
    def default_path(self) -> "Page":
        self.path = "/" + self.title.lower()
        return self

    fill_region = model_validator(mode="before")(lambda cls, data: cls.region_of(data))

    @classmethod
    def region_of(cls, data: dict) -> dict:
        return data
""",
            note="a before validator that fills a key only under a condition on another one, "
            "after a `return` some inputs take, or another key; one made by calling the "
            "decorator on a method that fills nothing",
            lines=(9, 10, 11, 12),
            with_files=PYDANTIC_2,
        ),
        snippet(
            """\
from pydantic import BaseModel, model_validator

ON_V2 = True


class Site(BaseModel):
    path: str = "/"
    upload_url: str = None

    if ON_V2:
        fill = model_validator(mode="before")(lambda cls, values: cls.fill_(values))

    @classmethod
    def fill_(cls, values: dict) -> dict:
        values.setdefault("upload_url", values.get("path", "") + "/upload")
        return values
""",
            note="a validator made under an `if` of the class body with no `else`: the code "
            "does not prove it is always there",
            lines=(8,),
            with_files=PYDANTIC_2,
        ),
        snippet(
            """\
from abc import ABCMeta, abstractmethod

from pydantic import BaseModel


class Shape(BaseModel, metaclass=ABCMeta):
    label: str = None

    @abstractmethod
    def area(self) -> float: ...
""",
            note="`metaclass=ABCMeta` (the stdlib's, which changes no field) is no reason to "
            "stay silent",
            lines=(7,),
            with_files=PYDANTIC_2,
        ),
        Example(
            files={
                **PYDANTIC_2,
                "app/config/base.py": """\
from pydantic_settings import BaseSettings, SettingsConfigDict


class LaxSettings(BaseSettings):
    model_config = SettingsConfigDict(validate_default=False, extra="allow")
""",
                "app/config/cache.py": """\
from pydantic import BaseModel
from pydantic_settings import BaseSettings

from app.config.base import LaxSettings


class Pool(BaseModel):
    size: int = None


class CacheSettings(LaxSettings):
    host: str = None
    pool: Pool = Pool()


class LegacySettings(BaseSettings):
    port: int = None

    class Config:
        validate_all = False
""",
            },
            note="traps: a subclass of a project settings base whose config turns validation of "
            "defaults off, a plain model used as a settings field (its own defaults are not "
            "validated), and a `class Config` with `validate_all = False`",
            lines=(8, 12, 17),
        ),
    )
    good = (
        snippet(
            """\
from pydantic import BaseModel, model_validator


class Job:
    pass


class Step(BaseModel):
    name: str

    def job_class(self) -> type[Job]:
        raise NotImplementedError

    @model_validator(mode="after")
    def check_job(self) -> "Step":
        job = self.job_class()
        if not isinstance(job, type):
            raise ValueError(f"{self.name}: no job class")
        return self


class PluginStep(Step):
    job: type[Job] = None  # type: ignore[assignment]

    def job_class(self) -> type[Job]:
        return self.job


class Upload(BaseModel):
    target: str = None

    @model_validator(mode="after")
    def need_target(self) -> "Upload":
        if self.target is None or not self.target.strip():
            raise ValueError("target is required")
        return self
""",
            with_files=PYDANTIC_2,
            note="a `None` default an after validator rejects (inherited, through a method "
            "that returns the field; or directly): no model keeps it",
        ),
        Example(
            files={
                **PYDANTIC_2,
                "app/config/base.py": """\
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SVC_", extra="allow")


class LaxSettings(BaseSettings):
    model_config = SettingsConfigDict(validate_default=False)
""",
                "app/config/redis.py": """\
from pydantic import field_validator
from pydantic_settings import BaseSettings

from app.config.base import LaxSettings, ServiceSettings


class RedisSettings(ServiceSettings):
    user: str = "default"
    read_only_user: str = None

    @field_validator("read_only_user", mode="before")
    @classmethod
    def fallback(cls, v, info):
        return info.data["user"] if v is None else v


class Settings(BaseSettings):
    url: str = None


class StrictAgain(LaxSettings):
    model_config = {"validate_default": True}

    name: str = None
""",
            },
            note="settings classes, directly or through a project settings base: "
            "pydantic-settings validates their defaults (`validate_default=True`), so a `None` "
            "default is replaced by a before validator or rejected when the settings are "
            "built, never kept; the nearest config that says otherwise wins",
        ),
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
                "app/base.py": """\
from typing import Any

from pydantic._internal._model_construction import ModelMetaclass
from pydantic import BaseModel


class OptionalNone(ModelMetaclass):
    def __new__(mcs, name: str, bases: tuple, namespace: dict, **kwargs: Any):
        annotations = namespace.get("__annotations__", {})
        for field, ann in annotations.items():
            if namespace.get(field, ...) is None:
                annotations[field] = ann | None
        return super().__new__(mcs, name, bases, namespace, **kwargs)


class Config(BaseModel, metaclass=OptionalNone):
    pass
""",
                "app/features.py": """\
from app.base import Config


class Decoder(Config):
    kind: str = "mlp"


class Feature(Config):
    decoder: Decoder = None
""",
            },
            note="a project metaclass on a project base rewrites `= None` fields to `T | None` "
            "before Pydantic builds the class: the field is not what the body says",
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
from typing import Any

from pydantic import BaseModel, model_validator, root_validator


class Page(BaseModel):
    title: str
    lang: str = None
    theme: str = None
    region: str = None
    owner: str = None

    @model_validator(mode="before")
    @classmethod
    def defaults(cls, data: dict) -> dict:
        data.setdefault("lang", "en")
        if "theme" not in data:
            data["theme"] = "light"
        if not data.get("region"):
            data["region"] = "eu"
        return data

    @root_validator(pre=True)
    def default_owner(cls, values: dict) -> dict:
        values["owner"] = values.get("owner") or "admin"
        return values
""",
            note="before validators that fill the key in the input whatever it holds: "
            "validation sees a value (or rejects an explicit `None`), the default is never kept",
            with_files=PYDANTIC_2,
        ),
        snippet(
            """\
import pydantic
from pydantic import BaseModel

ON_V2 = pydantic.VERSION.startswith("2.")


class Settings(BaseModel):
    site_path: str = "/admin"
    image_receiver: str = None
    file_receiver: str = None

    @classmethod
    def fill_(cls, values: dict) -> dict:
        upload = f"post:{values.get('site_path', '')}/file/upload"
        values.setdefault("image_receiver", upload)
        values.setdefault("file_receiver", upload)
        return values

    if ON_V2:
        from pydantic import model_validator

        fill = model_validator(mode="before")(lambda cls, values: cls.fill_(values))
    else:
        from pydantic import root_validator

        fill = root_validator(pre=True, allow_reuse=True)(lambda cls, values: cls.fill_(values))
""",
            note="code for both majors: the validator is made by calling the decorator (imported "
            "in the class body) on a lambda that hands the input to a classmethod, in each branch "
            "of a version gate",
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
    """Pydantic validates the class's defaults: the nearest class of its hierarchy (itself,
    then its project bases in order) that says so decides (``validate_default=`` as a class
    keyword, in ``model_config``, or ``validate_default`` / v1 ``validate_all`` in a ``class
    Config``); when none says, a settings class does (``pydantic_settings.BaseSettings`` sets
    ``validate_default=True``, v1 ``BaseSettings.Config`` ``validate_all = True``) and a model
    does not.  A setting that is not a literal is taken as validating (unknown: silent)."""
    for c in _hierarchy(project, qname):
        said = _says_validate_default(c)
        if said is not None:
            return said
    return project.is_settings_class(qname)


def _hierarchy(project: Project, qname: str) -> list[Class]:
    """The project classes of ``qname``'s hierarchy, nearest first (depth-first, left to
    right, each once): the order in which their configs override one another."""
    out: list[Class] = []
    seen: set[str] = set()
    todo = [qname]
    while todo:
        c = project.class_(todo.pop())
        if c is None or c.qname in seen:
            continue
        seen.add(c.qname)
        out.append(c)
        bases = [qname_of(b.value if isinstance(b, Sub) else b) for b in c.bases]
        todo.extend(reversed([b for b in bases if b]))
    return out


def _says_validate_default(c: Class) -> bool | None:
    """What the class's own config says of validating defaults: True, False, or None when
    it says nothing."""
    found: list[Expr] = []
    if (kw := c.keywords.get("validate_default")) is not None:
        found.append(kw)
    for a in c.attributes:
        if a.name != "model_config" or not a.default:
            continue
        d = a.default
        if isinstance(d, Call) and (v := d.keyword("validate_default")) is not None:
            found.append(v)
        if isinstance(d, DictExpr):
            found += [v for k, v in d.items if is_lit(k, "validate_default")]
    for key, v, _line, _col in c.config or ():
        if key in ("validate_default", "validate_all"):
            found.append(v)
    if not found:
        return None
    return not all(is_lit(v, False) for v in found)
