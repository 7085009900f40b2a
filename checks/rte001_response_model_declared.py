from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import msgspec

from auditor import names
from auditor.check import Check, Example, Hit, Severity, snippet, when
from auditor.facts import (
    Await,
    BoolOp,
    Call,
    DictExpr,
    Expr,
    FStr,
    Function,
    IfExp,
    Lit,
    Name,
    Other,
    Param,
    Seq,
    Sub,
    Union,
    dotted_of,
    is_ellipsis,
    is_lit,
    iter_exprs,
    kwarg,
    qname_of,
)
from auditor.lazyre import lazy_compile
from auditor.project import Binding, Project, Route
from auditor.responses import (
    JSON_RESPONSE,
    OTHER_RESPONSES,
    RESPONSE,
    annotation_names,
    called_function,
    is_response_class,
    makes_response,
)
from auditor.walker import ModuleContext

BASE_MODEL = "pydantic.BaseModel"

ANY = frozenset({"typing.Any", "typing_extensions.Any", "builtins.object"})
#: Bare containers that say nothing about their content.
BARE = frozenset(
    {
        "builtins.dict",
        "builtins.list",
        "typing.Dict",
        "typing.List",
        "typing.Mapping",
        "typing.MutableMapping",
        "collections.abc.Mapping",
        "collections.abc.MutableMapping",
    }
)
MAPPINGS = frozenset(
    {
        "builtins.dict",
        "typing.Dict",
        "typing.Mapping",
        "typing.MutableMapping",
        "collections.abc.Mapping",
        "collections.abc.MutableMapping",
    }
)
SEQUENCES = frozenset(
    {
        "builtins.list",
        "builtins.set",
        "builtins.frozenset",
        "builtins.tuple",
        "typing.List",
        "typing.Set",
        "typing.FrozenSet",
        "typing.Tuple",
        "typing.Sequence",
        "collections.abc.Sequence",
    }
)
OPTIONAL = frozenset({"typing.Optional", "typing_extensions.Optional"})
TUPLES = frozenset({"builtins.tuple", "typing.Tuple"})
UNION = frozenset({"typing.Union", "typing_extensions.Union"})
ANNOTATED = frozenset({"typing.Annotated", "typing_extensions.Annotated"})
NO_CONTENT = frozenset(
    {
        "fastapi.status.HTTP_204_NO_CONTENT",
        "starlette.status.HTTP_204_NO_CONTENT",
        "http.HTTPStatus.NO_CONTENT",
    }
)
_MAX_DEPTH = 6
#: Class methods that build a model instance: ``Model.model_validate(row)``.
MODEL_FACTORIES = frozenset(
    {
        "model_validate",
        "model_validate_json",
        "model_construct",
        "parse_obj",
        "parse_raw",
        "construct",
        "from_orm",
    }
)


def _is_none(e: Expr | None) -> bool:
    return is_lit(e, None) or bool(e and qname_of(e) == "builtins.None")


def _forward(project: Project, module: str, e: Expr | None) -> Expr | None:
    """A string annotation (``"CompletionHandler"``, ``"StreamingResponse | JSONResponse"``)
    read as the names it writes, resolved in ``module`` (its module-level imports, those
    under ``if TYPE_CHECKING:`` included, its own classes and the builtins): plain and dotted
    names, ``None`` and ``|`` unions of them.  Anything else (a subscript, a syntax error) stays the string."""
    if not (isinstance(e, Lit) and isinstance(e.value, str)):
        return e
    m = project.modules.get(module)
    try:
        node = ast.parse(e.value.strip(), mode="eval").body
    except SyntaxError:
        return e
    if m is None:
        return e

    def name(n: ast.expr) -> Expr | None:
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.BitOr):
            left, right = name(n.left), name(n.right)
            if left is None or right is None:
                return None
            return Union((*_members(left), *_members(right)))
        if isinstance(n, ast.Constant) and n.value is None:
            return Lit(None)
        parts: list[str] = []
        while isinstance(n, ast.Attribute):
            parts.append(n.attr)
            n = n.value
        if not isinstance(n, ast.Name):
            return None
        dotted = ".".join([n.id, *reversed(parts)])
        rest = dotted[len(n.id) :]
        for imp in m.import_list:
            if imp.alias == n.id and imp.function is None:
                return Name(names.canonical(imp.module + rest), dotted)
        if f"{m.module}.{n.id}" in m.classes:
            return Name(f"{m.module}.{dotted}", dotted)
        if n.id in names.BUILTIN_NAMES and not rest:
            return Name(f"builtins.{n.id}", dotted)  # ``-> "dict"``
        return None

    return name(node) or e


def _copied(e: Expr | None) -> Expr | None:
    """What ``dict(x)`` copies (one positional argument, no keyword), else ``e``: under a key
    chosen by hand the copy is judged as what it copies (``{"by_label":
    dict(result.counts)}`` shows no more data than ``{"by_label": result.counts}``); returned
    whole, ``dict(row)`` stays a dict of data."""
    if (
        isinstance(e, Call)
        and e.qname == "builtins.dict"
        and len(e.args) == 1
        and not e.keywords
        and not e.has_star
    ):
        return e.args[0]
    return e


def _members(e: Expr) -> tuple[Expr, ...]:
    """The members of a union, or the expression alone."""
    return e.items if isinstance(e, Union) else (e,)


def _items(e: Sub) -> Sequence[Expr]:
    sl = e.slice
    return sl.items if isinstance(sl, Seq) else [sl]


def untyped(project: Project, e: Expr | None, depth: int = 0) -> bool:
    """The annotation says nothing about the response's shape (F4 / RTE001)."""
    if e is None:
        return True
    if depth > _MAX_DEPTH:
        return False
    if isinstance(e, Name):
        q = qname_of(e)
        if q in ANY or q in BARE:
            return True
        r = project.resolve(q)
        if isinstance(r, Binding) and isinstance(r.value, (Sub, Union, Name)):
            return untyped(project, r.value, depth + 1)  # a type alias: ``JSON = dict[str, Any]``
        return False
    if isinstance(e, Union):
        members = [i for i in e.items if not _is_none(i)]
        return bool(members) and all(untyped(project, i, depth + 1) for i in members)
    if isinstance(e, Sub):
        head = qname_of(e.value) if e.value else None
        items = _items(e)
        if head in ANNOTATED:
            return untyped(project, items[0] if items else None, depth + 1)
        if head in OPTIONAL:
            return untyped(project, items[0] if items else None, depth + 1)
        if head in UNION:
            members = [i for i in items if not _is_none(i)]
            return bool(members) and all(untyped(project, i, depth + 1) for i in members)
        if head in MAPPINGS:
            return bool(items) and items[-1] is not None and untyped(project, items[-1], depth + 1)
        if head in SEQUENCES:
            members = [i for i in items if not is_ellipsis(i)]
            return bool(members) and all(untyped(project, i, depth + 1) for i in members)
        return False
    return False


#: FastAPI's body marker (FastAPI docs, "Body - Multiple Parameters": ``Annotated[Any, Body()]``)
BODY = frozenset({"fastapi.Body", "fastapi.params.Body"})
_WRITES = frozenset({"PUT", "POST", "PATCH"})


def _names_anything(e: Expr | None) -> bool:
    """The annotation is ``Any`` / ``object`` (under ``Annotated[...]`` too): it states that
    any JSON value is accepted or answered, not a shape left out by oversight."""
    if isinstance(e, Sub) and qname_of(e.value) in ANNOTATED:
        items = _items(e)
        return bool(items) and _names_anything(items[0])
    return qname_of(e) in ANY


def _opaque_body(param: Param) -> bool:
    """A parameter FastAPI reads from the request body as any JSON value: ``Any`` /
    ``object`` marked ``Body()`` (in ``Annotated`` or as the default; unmarked, FastAPI would
    read it from the query)."""
    ann = param.annotation
    if not _names_anything(ann):
        return False
    markers = [*(_items(ann)[1:] if isinstance(ann, Sub) else ()), param.default]
    return any(qname_of(m) in BODY for m in markers)


def _opaque_stores(project: Project) -> frozenset[tuple[str, str]]:
    """The (router, path) pairs where a write route (PUT / POST / PATCH) accepts a body of
    any JSON value: a key-value store of client-owned JSON.  What a GET on the same path
    typed ``-> Any`` answers is that blob back; the server has no shape for it, so ``Any``
    (schema ``{}``) is the accurate contract and no response model could document it
    (hanakura's client-state, H65).  Computed once per audit, from the routes."""
    return frozenset(
        (r.receiver.qname, r.path)
        for r in project.routes
        if r.path is not None
        and _WRITES.intersection(r.methods)
        and any(_opaque_body(p) for p in r.function.params)
    )


def _reads_opaque_store(route: Route, stores: frozenset[tuple[str, str]]) -> bool:
    """A GET typed ``-> Any`` / ``-> object`` on a path whose write route stores any JSON
    value (:func:`_opaque_stores`)."""
    return (
        route.methods == ("GET",)
        and route.path is not None
        and (route.receiver.qname, route.path) in stores
        and _names_anything(route.function.returns)
    )


def _answers_a_model(route: Route, returns: _Returns) -> bool:
    """The handler returns a model (or a model dumped) the check can see: the store behind
    the path has a shape (its write validates the body into a model, its read builds the
    model back), so ``-> Any`` hides it from the schema like anywhere else."""
    fn = route.function
    return any(
        k.kind in (Kind.MODEL, Kind.DUMPED)
        for v in fn.return_values
        for k in returns.of_value(fn, v)
    )


CALLABLE = frozenset({"typing.Callable", "collections.abc.Callable"})


def _callable_result(project: Project, ann: Expr | None, depth: int = 0) -> Expr | None:
    """``R`` of an annotation ``Callable[..., R]`` (``Optional``, ``| None`` and
    ``Annotated`` around it allowed): what calling a value of that type returns."""
    if ann is None or depth > _MAX_DEPTH:
        return None
    if isinstance(ann, Union):
        members = [i for i in ann.items if not _is_none(i)]
        return _callable_result(project, members[0], depth + 1) if len(members) == 1 else None
    if not isinstance(ann, Sub):
        return None
    head = qname_of(ann.value) if ann.value else None
    items = _items(ann)
    if head in OPTIONAL or head in ANNOTATED:
        return _callable_result(project, items[0] if items else None, depth + 1)
    if head in UNION:
        members = [i for i in items if not _is_none(i)]
        return _callable_result(project, members[0], depth + 1) if len(members) == 1 else None
    if head in CALLABLE and len(items) == 2:
        return items[1]
    return None


#: Responses whose body is a stream or a file, not JSON.
_STREAMED = frozenset({"StreamingResponse", "EventSourceResponse", "FileResponse"})
#: The keys of an error object a handler answers instead of its stream (``{"error": ...}``).
_ERROR_KEYS = frozenset({"error", "detail", "message", "status", "code"})


def _error_object(v: Expr) -> bool:
    """``{"error": str(e)}`` or ``({"error": ...}, 500)``: an error answered by hand."""
    if isinstance(v, Seq) and v.container == "tuple" and v.items:
        v = v.items[0]
    if not isinstance(v, DictExpr) or not v.items:
        return False
    keys = {k.value for k, _ in v.items if isinstance(k, Lit)}
    return len(keys) == len(v.items) and keys <= _ERROR_KEYS and bool(keys & {"error", "detail"})


def _streams_with_error_objects(fn: Function) -> bool:
    """The handler streams (a ``StreamingResponse`` of server-sent events, a file download)
    and its only other returns are error objects: its result is the stream, a response model
    is the wrong advice (``response_class=`` / ``HTTPException`` is; seen in
    open-interpreter)."""
    streamed = False
    for v in fn.return_values:
        if isinstance(v, Await):
            v = v.value
        if isinstance(v, Call) and (v.dotted or "").rsplit(".", 1)[-1] in _STREAMED:
            streamed = True
        elif not _is_none(v) and not _error_object(v):
            return False
    return streamed


def _non_json_class(project: Project, e: Expr | None) -> bool | None:
    """True: a non-JSON response class; False: a JSON one; None: not a known class."""
    q = qname_of(e) if isinstance(e, Name) else None
    if not q:
        return None
    if q.rsplit(".", 1)[-1] in OTHER_RESPONSES:
        return True
    if project.name_is_class(q, {JSON_RESPONSE}):
        return False
    if project.name_is_class(q, {RESPONSE}):
        return True
    return None


def _receiver(fn: Function, name: str) -> bool:
    """``name`` is the first parameter (``self`` / ``cls``) of the method ``fn``, which is
    not a static method: a call on it runs a method of ``fn``'s own class."""
    return (
        fn.class_qname is not None
        and bool(fn.params)
        and fn.params[0].name == name
        and not any(qname_of(d) == "builtins.staticmethod" for d in fn.decorators)
    )


def _no_content(e: Expr | None) -> bool:
    if is_lit(e, 204):
        return True
    return bool(isinstance(e, Name) and e.qname in NO_CONTENT)


# -- what a handler returns ---------------------------------------------------------------


def _redirecting(v: Call) -> bool:
    """A library method named for a redirect or a response
    (``oauth.huggingface.authorize_redirect(...)`` on a client made in the enclosing
    function, ``sso.get_login_redirect(...)``, ``templates().TemplateResponse(...)``), on an
    object the model cannot resolve: it answers a response, not data to filter (seen in
    gradio and lnbits)."""
    dotted = v.dotted or ""
    method = dotted.rsplit(".", 1)[-1]
    return "." in dotted and ("redirect" in method.lower() or method.endswith("Response"))


class Kind:
    """The kinds of value a route can hand back (``_Returned.kind``)."""

    RESPONSE = "response"  # a Response object: nothing for FastAPI to serialise
    DOCUMENT = "document"  # the application's own OpenAPI document, a JSON schema
    FILTERED = "filtered"  # a model dumped with ``exclude=`` / ``include=``: filtered on purpose
    DUMPED = "dumped"  # a model dumped to a dict: shaped by the model, undocumented
    MODEL = "model"  # a Pydantic model, dataclass or TypedDict: filtered, undocumented
    DATA = "data"  # a dict, a list, decoded JSON, an ORM object: serialised unfiltered
    SCALAR = "scalar"  # a string, a number: nothing to filter
    UNSEEN = "unseen"  # a value the check cannot see into (a library call's result ...)
    OPAQUE = "opaque"  # typed to be anything, generic, or dispatched at run time: may well be
    # a response (``-> Any`` / ``-> object`` helpers, ``handlers[kind](...)``, generators)


#: Calls that decode JSON (or YAML, TOML): plain dicts and lists.
DECODERS = frozenset(
    {
        "json.loads",
        "json.load",
        "orjson.loads",
        "ujson.loads",
        "yaml.safe_load",
        "yaml.load",
        "tomllib.loads",
        "tomllib.load",
        "builtins.dict",
    }
)
#: A dataclass's dump: a dict of the fields its class declares, shaped like a model's dump
#: (``asdict`` takes nothing but a dataclass instance).
DATACLASS_DUMPS = frozenset({"dataclasses.asdict"})
_DATACLASS_DUMP = "a dumped dataclass"
#: Pydantic's dump methods (v2, v1): a dict shaped by the model.
DUMPS = frozenset({"model_dump", "dict"})
#: Keywords of a dump that filter it by hand: a response model would undo them.
DUMP_FILTERS = frozenset({"exclude", "include"})
#: Calls that build a schema document (FastAPI's ``get_openapi``, ``app.openapi()``, a
#: model's JSON schema): a document about the API, nothing a response model would filter.
DOCUMENT_CALLS = frozenset({"fastapi.openapi.utils.get_openapi"})
DOCUMENT_METHODS = frozenset({"openapi", "model_json_schema"})
#: Keys that make a dict display an OpenAPI document or a JSON schema built by hand.
DOCUMENT_KEYS = frozenset({"openapi", "swagger", "$schema"})
JSONABLE = "fastapi.encoders.jsonable_encoder"
SCALARS = frozenset(
    {"builtins.str", "builtins.int", "builtins.float", "builtins.bool", "builtins.bytes"}
)
TYPEVAR = frozenset({"typing.TypeVar", "typing_extensions.TypeVar"})
TYPED_DICT = frozenset({"typing.TypedDict", "typing_extensions.TypedDict"})
DATACLASS = frozenset({"dataclasses.dataclass", "pydantic.dataclasses.dataclass"})
_MAX_FOLLOW = 2  # project helpers followed by their return statements, levels deep
#: How many project helpers deep a chain of returned calls is followed to a response.
_MAX_CHAIN = 4


#: What a result no response model passes through is, whatever the handler built (a display
#: made by hand, a dump filtered by hand, a whole object alike): out of the schema, and in it.
_UNCHECKED = "neither validated nor filtered by a response model"
_UNCHECKED_IN_SCHEMA = "undocumented in OpenAPI, and no response model validates or filters it"


class _Finding(NamedTuple):
    message: str
    sure: bool = True  # False: the value was not seen to be data, only not a response


class _Returned(NamedTuple):
    """One kind of value a handler can return, and what to call it in a message."""

    kind: str
    what: str | None = None  # a model's name (``UserOut``, ``list[UserOut]``)
    #: a display (``{"message": "done", "count": n}``) whose every value is a plain value or
    #: a model's: each field was chosen by hand, nothing in it for a response model to filter
    chosen: bool = False
    #: a display built by hand (``{"deleted": gate.prune(...)}``): every key chosen by hand,
    #: each value plain, a model's, a display built so, or one the check cannot see into; no
    #: value it sees is data sent unfiltered (``chosen`` displays are ``built`` too)
    built: bool = False


def _is_test(v: Expr | None) -> bool:
    """A comparison (``request is not None``, ``a == b``): its value is a ``bool``."""
    return isinstance(v, Other) and v.node_type == "Compare"


class _Returns:
    """What the values a function returns are, from the code (F4): a finding needs positive
    evidence, so anything the check cannot follow is ``Kind.UNSEEN`` (no evidence that it is
    a response) or ``Kind.OPAQUE`` (evidence that it may be one), never data."""

    def __init__(
        self,
        project: Project,
        bound: dict[tuple[str, str], list[Expr]],
        methods: dict[tuple[str, str], str],
        dispatched: dict[str, frozenset[int]],
        elements: dict[str, tuple[Expr, ...]] | None = None,
        closures: dict[tuple[str, str], str] | None = None,
        looked_up: dict[str, frozenset[str]] | None = None,
    ) -> None:
        self.project = project
        #: function -> ``local.method`` calls on an object looked up by request data
        self.looked_up = looked_up or {}
        #: (function, name) -> the enclosing function that binds ``name`` (a closure)
        self.closures = closures or {}
        #: function -> the elements of the list comprehensions it returns
        #: (``[{"id": f.id} for f in files]``)
        self.elements = elements or {}
        self.dispatched_lines = dispatched  # function -> lines of run-time-chosen callees
        self.bound = bound  # (function, local) -> the values assigned to the local
        self.methods = methods  # (function, ``local.method``) -> the local's class
        #: a returned model's short name -> its field typed as bare ``BaseModel``: as a
        #: response model it would re-validate that field into an empty object
        self.erasing: dict[str, str] = {}
        #: functions whose comprehensions are being read (see :meth:`comprehension`)
        self.comprehending: set[str] = set()

    # values -------------------------------------------------------------------------
    def of_function(self, fn: Function, depth: int = 0) -> list[_Returned]:
        if fn.is_generator:
            return [_Returned(Kind.OPAQUE)]
        out: list[_Returned] = []
        for v in fn.return_values:
            out += self.of_value(fn, v, depth)
        return out

    def of_value(self, fn: Function, v: Expr | None, depth: int = 0) -> list[_Returned]:
        if v is None or _is_none(v):
            return []
        if depth > _MAX_DEPTH:
            return [_Returned(Kind.OPAQUE)]
        if isinstance(v, Await):
            return self.of_value(fn, v.value, depth)
        if isinstance(v, Lit):
            return [_Returned(Kind.SCALAR)]
        if isinstance(v, FStr):
            return [_Returned(Kind.SCALAR)]
        if isinstance(v, DictExpr):
            keys = {k.value for k, _ in v.items if isinstance(k, Lit)}
            if keys & DOCUMENT_KEYS:
                return [_Returned(Kind.DOCUMENT)]  # ``{"openapi": "3.1.0", "paths": ...}``
            values = [(k, self.of_value(fn, _copied(e), depth + 1)) for k, e in v.items]
            chosen = all(k is not None for k, _ in v.items) and self.plain(
                [k for _, kinds in values for k in kinds]
            )
            built = all(
                self.hand_built(kinds) if k is not None else self.spread_built(kinds)
                for k, kinds in values
            )
            return [_Returned(Kind.DATA, "a dict", chosen, chosen or built)]
        if isinstance(v, Seq):
            items = [k for i in v.items for k in self.of_value(fn, i, depth + 1)]
            models = {k.what for k in items if k.kind == Kind.MODEL}
            if items and all(k.kind == Kind.MODEL for k in items) and len(models) == 1:
                return [_Returned(Kind.MODEL, f"list[{next(iter(models))}]")]
            chosen = self.plain(items)
            return [_Returned(Kind.DATA, "a list", chosen, chosen or self.hand_built(items))]
        if isinstance(v, Other) and v.node_type in ("ListComp", "SetComp"):
            return [self.comprehension(fn, depth)]
        if isinstance(v, Other) and v.node_type == "DictComp":
            return [self.comprehension(fn, depth, "a dict")]
        if isinstance(v, IfExp):
            return self.of_value(fn, v.body, depth + 1) + self.of_value(fn, v.orelse, depth + 1)
        if isinstance(v, BoolOp):
            operands = v.items
            if v.op == "and":
                # ``request is not None and not_modified(request, etag)``: a test in front of
                # ``and`` only gates the value after it ("the 304 when the request is
                # given"); its ``False`` is no data to document or filter
                operands = tuple(i for i in operands[:-1] if not _is_test(i)) + operands[-1:]
            return [k for i in operands for k in self.of_value(fn, i, depth + 1)]
        if isinstance(v, Call):
            return self.of_call(fn, v, depth)
        if isinstance(v, Name):
            return self.of_name(fn, v, depth)
        if isinstance(v, Sub) and isinstance(v.slice, Lit) and type(v.slice.value) is int:
            return self.of_item(fn, v.value, v.slice.value, depth)
        return [_Returned(Kind.UNSEEN)]  # ``result["data"]``, ``obj.attr``, ``a + b`` ...

    def comprehension(self, fn: Function, depth: int, what: str = "a list") -> _Returned:
        """A list (or dict) comprehension: built by hand when every comprehension the
        function returns makes its items by hand (``[{"id": f.id, "name": f.name} for f in
        files]``, ``{str(k): {"up": s.up} for k, s in states.items()}``, a helper's display,
        a model's dump), data when an item is the iterated object itself or a value the
        check cannot see into (``[row for row in rows]``, ``{k: v for k, v in row.items()}``)."""
        elements = self.elements.get(fn.qname)
        if not elements:
            return _Returned(Kind.DATA, what)
        if fn.qname in self.comprehending:
            # an element that is itself a comprehension of the function: the same elements,
            # being read, decide (prefect's nested dict comprehensions recursed without end)
            return _Returned(Kind.DATA, what, True, True)
        self.comprehending.add(fn.qname)
        try:
            kinds = [k for e in elements for k in self.of_value(fn, e, depth)]
        finally:
            self.comprehending.discard(fn.qname)
        made = bool(kinds) and all(
            k.kind in (Kind.SCALAR, Kind.MODEL, Kind.DUMPED, Kind.FILTERED)
            or (k.kind == Kind.DATA and k.built)
            for k in kinds
        )
        chosen = made and self.plain(kinds)
        return _Returned(Kind.DATA, what, chosen, made)

    @staticmethod
    def plain(kinds: list[_Returned]) -> bool:
        """Every value is a plain one (a string, a count), a model's, or a display of those:
        a display made of them holds only fields chosen by hand."""
        return all(
            k.kind in (Kind.SCALAR, Kind.MODEL, Kind.DUMPED, Kind.FILTERED)
            or (k.kind == Kind.DATA and k.chosen)
            for k in kinds
        )

    @staticmethod
    def hand_built(kinds: list[_Returned]) -> bool:
        """Every value is plain, a model's, a display built by hand, or one the check cannot
        see into: the value of a key chosen by hand, no data seen to go out unfiltered."""
        return all(
            k.kind in (Kind.SCALAR, Kind.MODEL, Kind.DUMPED, Kind.FILTERED, Kind.UNSEEN)
            or (k.kind == Kind.DATA and k.built)
            for k in kinds
        )

    @staticmethod
    def spread_built(kinds: list[_Returned]) -> bool:
        """A ``**spread`` (or ``d.update(x)``) of a model's dump or of a display built by
        hand: its keys were chosen too; a mapping the check cannot see into was not."""
        return bool(kinds) and all(
            k.kind in (Kind.DUMPED, Kind.FILTERED) or (k.kind == Kind.DATA and k.built)
            for k in kinds
        )

    def of_item(self, fn: Function, v: Expr, index: int, depth: int) -> list[_Returned]:
        """Item ``index`` of what a project helper returns (``sm, err = helper(request)``,
        ``helper(request)[1]``): the item of its annotation (``-> tuple[int, int]``), else
        each of its ``return`` tuples' item, when every return is a tuple display long
        enough; anything else is unseen."""
        if isinstance(v, Await):
            v = v.value
        if not isinstance(v, Call):
            return [_Returned(Kind.UNSEEN)]
        target = called_function(self.project, v.qname, v.dotted, fn)
        if target is not None and isinstance(target.returns, Sub):
            head = qname_of(target.returns.value) if target.returns.value else None
            items = _items(target.returns)
            if head in TUPLES and len(items) > index and not any(is_ellipsis(i) for i in items):
                return self.of_type(items[index])
        if depth >= _MAX_FOLLOW:
            return [_Returned(Kind.UNSEEN)]
        if target is None or target.is_generator or not target.return_values:
            return [_Returned(Kind.UNSEEN)]
        out: list[_Returned] = []
        for r in target.return_values:
            if not isinstance(r, Seq) or r.container != "tuple" or len(r.items) <= index:
                return [_Returned(Kind.UNSEEN)]
            out += self.of_value(target, r.items[index], depth + 1)
        return out

    def of_name(self, fn: Function, v: Name, depth: int) -> list[_Returned]:
        if v.qname is None and v.dotted and "." not in v.dotted:
            param = next((p for p in fn.params if p.name == v.dotted), None)
            if param is not None:  # the handler hands back what it was given
                inner, _meta = self.project.unwrap_annotated(param.annotation)
                return self.of_type(inner)
            values = self.bound.get((fn.qname, v.dotted))
            if not values:
                return [_Returned(Kind.UNSEEN)]  # bound some other way (a loop, ``with``...)
            return [k for e in values for k in self.of_value(fn, e, depth + 1)]
        if v.qname is None and v.dotted and v.dotted.count(".") == 1:
            field_type = self.param_field(fn, v.dotted) or self.local_field(fn, v.dotted)
            if field_type is not None:
                return self.of_type(field_type)
        if v.qname:
            r = self.project.resolve(v.qname)
            if isinstance(r, Binding):  # a module-level constant
                return self.of_value(fn, r.value, depth + 1)
        return [_Returned(Kind.UNSEEN)]

    def param_field(self, fn: Function, text: str) -> Expr | None:
        """The annotation of ``field`` in ``param.field``, where ``param`` is the handler's
        parameter annotated with a project model (``request: BackfillRequest``)."""
        name, attr = text.split(".")
        param = next((p for p in fn.params if p.name == name), None)
        if param is None:
            return None
        inner, _meta = self.project.unwrap_annotated(param.annotation)
        if isinstance(inner, Union):
            members: list[Expr | None] = list(inner.items)
        elif isinstance(inner, Sub) and inner.value and qname_of(inner.value) in UNION:
            members = list(_items(inner))
        else:
            members = [inner]
        # ``message: Union[Envelope, Challenge]``: ``message.challenge`` reads a member that
        # has the field (on the others it raises); those that do must type it alike
        types: list[Expr | None] = []
        for member in members:
            q = qname_of(member) if isinstance(member, Name) else None
            if not q or not self.project.is_pydantic_model(q):
                return None
            found = self.model_field(q, attr)
            if found is not None:
                types.append(found)
        if not types or any(t != types[0] for t in types):
            return None
        return types[0]

    def local_field(self, fn: Function, text: str) -> Expr | None:
        """The annotation of ``field`` in ``name.field``, where ``name`` is a local of ``fn``
        or of the function enclosing it (a factory's ``resolved = settings or
        get_settings()`` read by the route it defines) bound to an instance of one project
        model: a parameter annotated with it, the class called, or a call of a project
        function annotated to return it."""
        name, attr = text.split(".")
        where = self.closures.get((fn.qname, name), fn.qname)
        owner = fn if where == fn.qname else self.project.function(where)
        if owner is None:
            return None
        param = next((p for p in owner.params if p.name == name), None)
        if param is not None:
            model = self.model_of_type(param.annotation)
        else:
            values = self.bound.get((where, name)) or []
            models = {self.model_of_value(owner, v) for v in values}
            model = models.pop() if len(models) == 1 else None
        return self.model_field(model, attr) if model else None

    def model_of_type(self, annotation: Expr | None) -> str | None:
        """The one project model an annotation names, ``None`` aside (``Settings | None``,
        ``Optional[Settings]``); None for anything else."""
        inner, _meta = self.project.unwrap_annotated(annotation)
        if isinstance(inner, Union):
            members: list[Expr | None] = list(inner.items)
        elif isinstance(inner, Sub) and inner.value and qname_of(inner.value) in UNION | OPTIONAL:
            members = list(_items(inner))
        else:
            members = [inner]
        found = {qname_of(m) if isinstance(m, Name) else "" for m in members if not _is_none(m)}
        q = found.pop() if len(found) == 1 else None
        return q if q and self.project.is_pydantic_model(q) else None

    def model_of_value(self, fn: Function, value: Expr) -> str | None:
        """The one project model ``value`` is an instance of: the class called, what a project
        function called is annotated to return, a parameter of ``fn`` annotated with it, or
        the one model of every operand of ``a or b``; None when unknown."""
        if isinstance(value, Await):
            value = value.value
        if isinstance(value, BoolOp):
            found = {self.model_of_value(fn, i) for i in value.items}
            return found.pop() if len(found) == 1 else None
        if isinstance(value, Name) and value.qname is None and value.dotted:
            param = next((p for p in fn.params if p.name == value.dotted), None)
            return self.model_of_type(param.annotation) if param is not None else None
        if not isinstance(value, Call):
            return None
        if value.qname and self.project.is_pydantic_model(value.qname):
            return value.qname
        target = called_function(self.project, value.qname, value.dotted, fn)
        if target is None or target.returns is None:
            return None
        return self.model_of_type(_forward(self.project, target.module, target.returns))

    def model_field(self, q: str, attr: str) -> Expr | None:
        """The annotation of the field ``attr`` of the model ``q`` (its ancestors too)."""
        for owner in (q, *sorted(self.project.ancestors(q))):
            cls = self.project.class_(owner)
            found = next((a for a in cls.attributes if a.name == attr), None) if cls else None
            if found is not None:
                return found.annotation
        return None

    def of_call(self, fn: Function, v: Call, depth: int) -> list[_Returned]:
        project = self.project
        q, text = v.qname, v.dotted
        if makes_response(project, q, text, caller=fn):
            return [_Returned(Kind.RESPONSE)]
        method = text.rsplit(".", 1)[1] if text and "." in text else None
        callee = called_function(project, q, text, fn)
        if q in DOCUMENT_CALLS or (callee is None and method in DOCUMENT_METHODS):
            return [_Returned(Kind.DOCUMENT)]
        if callee is None and method in DUMPS:
            filtered = v.keyword_names() & DUMP_FILTERS
            return [_Returned(Kind.FILTERED if filtered else Kind.DUMPED, "a dumped model")]
        if q in DATACLASS_DUMPS:
            return [_Returned(Kind.DUMPED, _DATACLASS_DUMP)]
        if q in DECODERS or (callee is None and method == "json" and not v.args and not v.keywords):
            return [_Returned(Kind.DATA, "decoded JSON" if q != "builtins.dict" else "a dict")]
        if q == JSONABLE:
            inner = self.of_value(fn, v.args[0] if v.args else None, depth + 1)
            return [_Returned(Kind.DUMPED) if k.kind == Kind.MODEL else k for k in inner]
        if q and project.is_orm_model(q):
            return [_Returned(Kind.DATA, "an ORM object")]
        model = self.model_built(q)
        if model is not None:
            return [_Returned(Kind.MODEL, model)]
        if (
            method == "get"
            and v.args
            and isinstance(v.args[0], Name)
            and project.is_orm_model(qname_of(v.args[0]) or "")
        ):
            return [_Returned(Kind.DATA, "an ORM object")]  # ``session.get(User, id)``
        target = callee or self.bound_method(fn, text) or self.built_method(fn, v)
        chained = self.chained_methods(fn, v) if target is None else []
        if chained and all(self.responds(c) for c in chained):
            return [_Returned(Kind.RESPONSE)]  # every class's method answers a response
        if target is None and not q and text:
            called = self.of_callable(fn, text, depth)
            if called is not None:
                return called
        if target is None:
            if (
                self.dispatched(fn, v)
                or self.library_object_call(v)
                or _redirecting(v)
                or self.hands_a_response_maker(fn, v)
            ):
                return [_Returned(Kind.OPAQUE)]
            return [_Returned(Kind.UNSEEN)]  # a library's function: no sign of a response
        if target.returns is not None:
            declared = self.of_type(_forward(project, target.module, target.returns))
            if (
                all(k.kind == Kind.DATA and not k.built for k in declared)
                and not target.is_generator
                and target.return_values
                and depth < _MAX_FOLLOW
            ):
                # ``def _defaults() -> dict: return {"per_minute": gate.per_minute}``: a bare
                # container says nothing; the helper's own returns may show a display built
                # by hand (else the annotation stands: data)
                followed = self.of_function(target, depth + 1)
                if followed and all(
                    k.kind in (Kind.DUMPED, Kind.FILTERED) or (k.kind == Kind.DATA and k.built)
                    for k in followed
                ):
                    return followed
                if followed and all(k.kind == Kind.RESPONSE for k in followed):
                    # ``async def charts() -> dict: return SUCCESS_200({...})``: the code
                    # returns only responses, whatever the annotation says (seen in swanboard)
                    return followed
            if any(k.kind != Kind.RESPONSE for k in declared) and self.responds(target):
                return [_Returned(Kind.RESPONSE)]  # ``-> str`` over ``PlainTextResponse(...)``
            return declared
        if target.is_generator:
            return [_Returned(Kind.OPAQUE)]
        if not target.return_values:
            return [_Returned(Kind.UNSEEN)]
        if self.builds_responses(target):
            return [_Returned(Kind.RESPONSE)]
        if depth >= _MAX_FOLLOW:
            return [_Returned(Kind.UNSEEN)]
        return self.of_function(target, depth + 1)  # an unannotated helper: its returns

    def responds(self, fn: Function, depth: int = 0) -> bool:
        """Every value ``fn`` returns (``return None`` aside) is a response its code builds:
        a response-making call, or the call of a project function (a method of an object
        the check can type) that responds in turn, up to :data:`_MAX_CHAIN` helpers deep,
        whatever their annotations say (``def render(...) -> str: return
        PlainTextResponse(...)``, seen in mqtt-rest)."""
        if depth > _MAX_CHAIN or fn.is_generator:
            return False
        values = [v for v in fn.return_values if not _is_none(v)]
        if not values:
            return False
        for v in values:
            if isinstance(v, Await):
                v = v.value
            if not isinstance(v, Call):
                return False
            if makes_response(self.project, v.qname, v.dotted, caller=fn):
                continue
            callees = self.callees(fn, v)
            if not callees or not all(self.responds(c, depth + 1) for c in callees):
                return False
        return True

    def callees(self, fn: Function, v: Call) -> list[Function]:
        """The project functions the call ``v`` in ``fn`` may run (none when unknown)."""
        target = (
            called_function(self.project, v.qname, v.dotted, fn)
            or self.bound_method(fn, v.dotted)
            or self.built_method(fn, v)
        )
        return [target] if target is not None else self.chained_methods(fn, v)

    def chained_methods(self, fn: Function, v: Call) -> list[Function]:
        """``maker(...).attr.method(...)``: the ``method`` of every class the annotations
        say ``attr`` holds (``manager: SingleJob | MultiJob``) on the class ``maker`` is or
        returns (``def get_plugin(...) -> SimplePlugin``); empty when a step is not typed
        with project classes, or a class lacks the method."""
        if v.qname or v.dotted:
            return []
        found = self.methods.get((fn.qname, _built_key(v.line))) or ""
        owner, _, method = found.partition(":")
        maker, _, path = owner.partition("|")
        if not path:
            return []
        project = self.project
        made = project.function(maker)
        classes = (
            [maker]
            if project.class_(maker) is not None
            else self.typed(made.module, made.returns)
            if made is not None
            else []
        )
        for attr in path.split("."):
            classes = [t for c in classes for t in self.attribute_types(c, attr) or [""]]
        out = []
        for q in classes:
            cls = project.class_(q)
            found_method = project.method(cls, method) if cls is not None else None
            if found_method is None:
                return []
            out.append(found_method)
        return out

    def typed(self, module: str, annotation: Expr | None) -> list[str]:
        """The project classes ``annotation`` (read in ``module``) names, ``None`` aside;
        ``[""]`` for a member that is not a project class."""
        names = annotation_names(_forward(self.project, module, annotation))
        return [
            q if self.project.class_(q) is not None else ""
            for q in names
            if q not in ("None", "builtins.None")
        ]

    def attribute_types(self, q: str, attr: str) -> list[str]:
        """The classes the attribute ``attr`` of the project class ``q`` (or of a base) is
        annotated with (:meth:`typed`)."""
        project = self.project
        for owner in (q, *sorted(project.ancestors(q))) if q else ():
            cls = project.class_(owner)
            found = next((a for a in cls.attributes if a.name == attr), None) if cls else None
            if found is not None:
                return self.typed(cls.module, found.annotation) if cls is not None else []
        return []

    def builds_responses(self, fn: Function) -> bool:
        """Every value the unannotated helper ``fn`` returns is a response it builds: a
        response-making call, or a local bound only to such calls (``response =
        Response(...); response.headers[...] = ...; return response``).  Read without
        spending a level of helpers, so that a helper calling such a helper is followed to
        its responses (seen in conda-store)."""
        values = [v for v in fn.return_values if not _is_none(v)]
        if not values:
            return False
        for v in values:
            if isinstance(v, Name) and v.qname is None and v.dotted and "." not in v.dotted:
                bound = self.bound.get((fn.qname, v.dotted))
                if not bound or not all(self._response_call(fn, b) for b in bound):
                    return False
            elif not self._response_call(fn, v):
                return False
        return True

    def _response_call(self, fn: Function, v: Expr) -> bool:
        if isinstance(v, Await):
            v = v.value
        return isinstance(v, Call) and makes_response(self.project, v.qname, v.dotted, caller=fn)

    def of_callable(self, fn: Function, text: str, depth: int) -> list[_Returned] | None:
        """A call of a callable the handler was given: a parameter annotated
        ``Callable[..., R]``, a parameter injected by ``Depends(factory)`` where the factory
        returns a function of its own (its returns are followed; seen in nomad's
        ``rdf_response``), or ``self.attr(...)`` where the class annotates ``attr`` as
        ``Callable[..., R]`` (seen in writer's ``unauthorized_action``).  None: none of these."""
        scopes = self.scopes(fn)
        if "." not in text:
            param = next((p for s in scopes for p in s.params if p.name == text), None)
            if param is None:
                return None
            result = _callable_result(self.project, param.annotation)
            if result is not None:
                return self.of_type(result)
            for ref in self.project.param_dependencies(param):
                factory = ref.project_callable
                if not isinstance(factory, Function) or factory.is_generator:
                    continue
                out: list[_Returned] = []
                for r in factory.return_values:
                    inner = (
                        self.project.function(f"{factory.qname}.<locals>.{r.dotted}")
                        if isinstance(r, Name) and r.dotted and "." not in r.dotted
                        else None
                    )
                    if inner is None or depth >= _MAX_FOLLOW:
                        return [_Returned(Kind.UNSEEN)]
                    if inner.returns is not None:
                        out += self.of_type(inner.returns)
                    else:
                        out += self.of_function(inner, depth + 1)
                return out or None
            return None
        owner, _, attr = text.partition(".")
        if owner not in ("self", "cls") or "." in attr:
            return None
        method = next((s for s in scopes if s.class_qname and s.params), None)
        if method is None or method.params[0].name != owner:
            return None
        for q in (
            method.class_qname or "",
            *sorted(self.project.ancestors(method.class_qname or "")),
        ):
            cls = self.project.class_(q)
            found = next((a for a in cls.attributes if a.name == attr), None) if cls else None
            if found is not None:
                result = _callable_result(self.project, found.annotation)
                return self.of_type(result) if result is not None else None
        return None

    def scopes(self, fn: Function) -> list[Function]:
        """``fn`` and the functions it is nested in, innermost first."""
        scopes = [fn]
        qname = fn.qname
        while ".<locals>." in qname:
            qname = qname.rsplit(".<locals>.", 1)[0]
            outer = self.project.function(qname)
            if outer is None:
                break
            scopes.append(outer)
        return scopes

    def dispatched(self, fn: Function, v: Call) -> bool:
        """A callee chosen at run time: ``table[key](...)``, ``make()(...)``, or a local
        variable holding a callable (``handler = HANDLERS.get(kind); return await
        handler(...)``): what it returns cannot be known (seen in open-webui).  So is a
        method of an object looked up by request data (``plugin = PLUGINS[name]; return
        await plugin.handle(request)``, ``PLUGINS[name].handle(request)``): a gateway
        answers whatever the plugin the request names answers (seen in lynxkite)."""
        if not v.qname and not v.dotted:
            return v.line in self.dispatched_lines.get(fn.qname, ())
        text = v.dotted
        if text in self.looked_up.get(fn.qname, ()):
            return True
        return bool(
            text
            and "." not in text
            and not v.qname
            and all(p.name != text for p in fn.params)
            and self.project.function(f"{fn.module}.{text}") is None
        )

    def hands_a_response_maker(self, fn: Function, v: Call) -> bool:
        """A call the check cannot follow is handed a project function that makes a
        ``Response`` (``client.get(..., reader=to_starlette_response)``, a callback, a
        factory): what the call answers may well be what that function returns (seen in
        youwol)."""
        values = [*v.args, *(value for _, value in v.keywords)]
        for value in values:
            if not isinstance(value, Name) or not value.dotted:
                continue
            given = called_function(self.project, value.qname, value.dotted, fn)
            if given is not None and makes_response(
                self.project, given.qname, given.qname, depth=0, caller=fn
            ):
                return True
        return False

    def library_object_call(self, v: Call) -> bool:
        """A method of an object a library made (``oauth = OAuth(config)`` at module level,
        then ``return await oauth.google.authorize_redirect(...)``): what it returns is the
        library's business, often a ``Response`` (seen in khoj)."""
        project = self.project
        q = qname_of(v)
        if not q:
            return False
        module, rest = project.split_module(q)
        if module is None or len(rest) < 2:
            return False
        bound = project.resolve(f"{module.module}.{rest[0]}")
        if not isinstance(bound, Binding) or not isinstance(bound.value, Call):
            return False
        maker = project.resolve(qname_of(bound.value))
        return maker is None or isinstance(maker, str)  # unresolved, or not project code

    def model_built(self, q: str | None) -> str | None:
        """``Model(...)`` / ``Model.model_validate(...)``: the model's short name."""
        if not q:
            return None
        if self.shaped(q):
            return self.model_name(q)
        head, _, tail = q.rpartition(".")
        if tail in MODEL_FACTORIES and head and self.project.is_pydantic_model(head):
            return self.model_name(head)
        return None

    def model_name(self, q: str) -> str:
        """The short name of the model ``q``, noting a field of it typed as bare
        ``BaseModel`` (``data: Union[BaseModel, dict]``): FastAPI re-validates a response
        through the declared model, and on Pydantic 1 such a field is re-validated into a
        field-less ``BaseModel``: it comes out as ``{}``."""
        short = q.rsplit(".", 1)[-1]
        if short not in self.erasing:
            project = self.project
            for owner in (q, *sorted(project.ancestors(q))):
                cls = project.class_(owner)
                field = next(
                    (
                        a.name
                        for a in (cls.attributes if cls is not None else ())
                        if a.annotation is not None
                        and any(qname_of(e) == BASE_MODEL for e in iter_exprs(a.annotation))
                    ),
                    None,
                )
                if field is not None:
                    self.erasing[short] = field
                    break
        return short

    def shaped(self, q: str) -> bool:
        """A class whose instances FastAPI serialises field by field: a Pydantic model, a
        dataclass, a TypedDict (ORM models aside: their fields are every column)."""
        project = self.project
        if project.is_orm_model(q):
            return False
        if project.is_pydantic_model(q) or project.name_is_class(q, TYPED_DICT):
            return True
        cls = project.class_(q)
        return cls is not None and any(qname_of(d) in DATACLASS for d in cls.decorators)

    def built_method(self, fn: Function, v: Call) -> Function | None:
        """``ProjectClass(...).method(...)``: the method of an object built in the same
        expression (seen in flet-fastapi's ``FletOAuth().handle(request)``)."""
        if v.qname or v.dotted:
            return None
        found = self.methods.get((fn.qname, _built_key(v.line)))
        owner, _, method = (found or "").partition(":")
        cls = self.project.class_(owner) if owner else None
        return self.project.method(cls, method) if cls is not None else None

    def bound_method(self, fn: Function, text: str | None) -> Function | None:
        """``local.method`` where ``local = ProjectClass(...)`` in ``fn``, or ``param.method``
        where ``param`` (of ``fn`` or of the factory defining it) is annotated with a project
        class: the method FastAPI's handler calls."""
        if not text or text.count(".") != 1:
            return None
        name, method = text.split(".")
        owner = self.methods.get((fn.qname, text))
        if owner:
            cls = self.project.class_(owner)
            if cls is None:
                return self.returned_method(owner, method)
            return self.project.method(cls, method)
        scopes = [fn]
        qname = fn.qname
        while ".<locals>." in qname:
            qname = qname.rsplit(".<locals>.", 1)[0]
            outer = self.project.function(qname)
            if outer is None:
                break
            scopes.append(outer)
        for scope in scopes:
            param = next((p for p in scope.params if p.name == name), None)
            if param is None:
                continue
            if scope is not fn and _receiver(scope, name):
                # a route nested in a method calls ``self.helper()`` on that method's own
                # object: the helper is a method of its class (seen in hypha)
                cls = self.project.class_(scope.class_qname or "")
                return self.project.method(cls, method) if cls is not None else None
            for q in annotation_names(_forward(self.project, scope.module, param.annotation)):
                cls = self.project.class_(q)
                found = self.project.method(cls, method) if cls is not None else None
                if found is not None:
                    return found
            return None
        return None

    def returned_method(self, maker: str, method: str) -> Function | None:
        """``method`` of the project class that the project function ``maker`` is annotated
        to return (``view = await store.reset(session)`` under ``async def reset(...) ->
        BrandingView``: ``view.as_dict()`` is ``BrandingView.as_dict``)."""
        made = self.project.function(maker)
        if made is None or made.returns is None or made.is_generator:
            return None
        for q in annotation_names(_forward(self.project, made.module, made.returns)):
            cls = self.project.class_(q)
            found = self.project.method(cls, method) if cls is not None else None
            if found is not None:
                return found
        return None

    # types --------------------------------------------------------------------------
    def of_type(self, e: Expr | None, depth: int = 0) -> list[_Returned]:
        """What a value of the annotated type is."""
        if e is None or depth > _MAX_DEPTH:
            return [_Returned(Kind.UNSEEN)]
        project = self.project
        if isinstance(e, Union):
            return [k for i in e.items if not _is_none(i) for k in self.of_type(i, depth + 1)]
        if isinstance(e, Sub):
            head = qname_of(e.value) if e.value else None
            items = _items(e)
            if head in ANNOTATED or head in OPTIONAL:
                return self.of_type(items[0] if items else None, depth + 1)
            if head in UNION:
                return [k for i in items if not _is_none(i) for k in self.of_type(i, depth + 1)]
            if head in MAPPINGS:
                # ``dict[str, int]``: plain values under keys the check cannot see
                values = self.of_type(items[-1], depth + 1) if len(items) == 2 else []
                plain = bool(values) and all(k.kind == Kind.SCALAR for k in values)
                return [_Returned(Kind.DATA, "a dict", plain, plain)]
            if head in SEQUENCES:
                inner = [k for i in items if not is_ellipsis(i) for k in self.of_type(i, depth + 1)]
                if inner and all(k.kind == Kind.MODEL for k in inner) and len(inner) == 1:
                    return [_Returned(Kind.MODEL, f"list[{inner[0].what}]")]
                plain = bool(inner) and all(k.kind == Kind.SCALAR for k in inner)
                return [_Returned(Kind.DATA, "a list", plain, plain)]  # ``list[str]``
            return [_Returned(Kind.UNSEEN)]
        if not isinstance(e, Name) or not e.qname:
            return [_Returned(Kind.UNSEEN)]  # a string annotation, an unresolved name
        q = e.qname
        if _is_none(e):
            return []
        if q in ANY:
            return [_Returned(Kind.OPAQUE)]  # typed to be anything, often on purpose
        if q in BARE or q in SEQUENCES:
            return [_Returned(Kind.DATA, "a dict" if q in MAPPINGS else "a list")]
        if q in SCALARS:
            return [_Returned(Kind.SCALAR)]
        if is_response_class(project, q):
            return [_Returned(Kind.RESPONSE)]
        if project.is_orm_model(q):
            return [_Returned(Kind.DATA, "an ORM object")]
        if self.shaped(q):
            return [_Returned(Kind.MODEL, self.model_name(q))]
        r = project.resolve(q)
        if isinstance(r, Binding):
            value = r.value
            if isinstance(value, Call) and value.qname in TYPEVAR:
                # ``T = TypeVar("T", bound=Response)``: whatever it is, it is one of those;
                # unbound, it is whatever the caller passed in
                bound = kwarg(value, "bound")
                if bound is None:
                    return [_Returned(Kind.OPAQUE)]
                return self.of_type(bound, depth + 1)
            if isinstance(value, (Sub, Union, Name)):
                return self.of_type(value, depth + 1)  # a type alias
        return [_Returned(Kind.UNSEEN)]


#: The kinds of value a ``dict[str, X]`` annotation can state (``X`` a scalar or a model).
_TYPED_VALUES = frozenset({Kind.SCALAR, Kind.MODEL, Kind.DUMPED, Kind.FILTERED})


def _dict_displays(fn: Function, returns: _Returns) -> Iterator[DictExpr]:
    """The dict displays ``fn`` returns: directly, as a branch (``a if c else b``, ``a or
    b``, ``await a``), or as a value bound to a local it returns."""
    todo = list(fn.return_values)
    locals_seen: set[str] = set()
    while todo:
        v = todo.pop()
        if isinstance(v, Await):
            todo.append(v.value)
        elif isinstance(v, IfExp):
            todo += [v.body, v.orelse]
        elif isinstance(v, BoolOp):
            todo += v.items
        elif isinstance(v, DictExpr):
            yield v
        elif (
            isinstance(v, Name)
            and v.qname is None
            and v.dotted
            and "." not in v.dotted
            and v.dotted not in locals_seen
        ):
            locals_seen.add(v.dotted)
            todo += returns.bound.get((fn.qname, v.dotted), ())


def _keyed_by_parameter(fn: Function, returns: _Returns) -> bool:
    """The handler returns a dict keyed by one of its own parameters (``{field:
    getattr(row, field)}`` under ``/rows/{id}/{field}``), whose value there is not one a
    ``dict[str, X]`` annotation could state: the answer's keys are computed from the
    request, so no response model can describe it and the check's advice does not apply
    (seen in pixlstash's per-column getters)."""
    params = {p.name for p in fn.params}
    for display in _dict_displays(fn, returns):
        for key, value in display.items:
            if not (isinstance(key, Name) and key.qname is None and key.dotted in params):
                continue
            if any(k.kind not in _TYPED_VALUES for k in returns.of_value(fn, value, 1)):
                return True
    return False


#: The kinds of value a display built by hand may be returned beside.
_HAND_PICKED = frozenset({Kind.SCALAR, Kind.MODEL, Kind.DUMPED, Kind.FILTERED, Kind.DATA})
#: How deep a local's assigned value is summarised: its shape and callee, not its content.
_SHALLOW = 5


#: An app factory whose out-of-schema route answers fields of the factory's settings
#: instance (RTE001's factory-settings trap; ``field`` declares its ``region``).
_FACTORY_DISPLAY = """\
from fastapi import FastAPI
from pydantic_settings import BaseSettings


class Config(BaseSettings):
    maintenance: bool = False
    {field}


def load_config() -> Config:
    return Config()


def build_app(config: Config | None = None) -> FastAPI:
    active = config or load_config()
    app = FastAPI()

    @app.get("/about", include_in_schema=False)
    def about() -> dict[str, object]:
        return {{
            "service": "ledger",
            "maintenance": active.maintenance,
            "region": active.region,
            "routes": ["/about"],
        }}

    return app
"""


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    carrier: bool = False
    function: str | None = None
    #: returned local name -> the values it is assigned (shallow summaries); a name also
    #: bound some other way (a loop, ``with``, unpacking) is left out: it is unknown
    names: dict[str, list[Expr]] | None = None
    #: ``local.method`` returned (``return await page.render()``) -> the class the local
    #: was built from (``page = Page(request)``)
    methods: dict[str, str] | None = None
    #: lines of calls whose callee is chosen at run time (``table[key](...)``, ``make()(...)``)
    dispatched: tuple[int, ...] = ()
    #: ``local.method`` calls on an object looked up by request data (``plugin =
    #: PLUGINS[name]; return await plugin.handle(request)``)
    looked_up: tuple[str, ...] = ()
    #: the elements of the list comprehensions the function returns (or assigns to a local
    #: it returns), shallow summaries; empty when one of them cannot be summarised
    elements: tuple[Expr, ...] = ()
    #: a name the function's returns read a field of (``resolved.demo_mode``) that an
    #: enclosing function binds (a factory's local or parameter) -> that function
    closures: dict[str, str] | None = None


@dataclass
class _State:
    #: function -> local name -> the values assigned to it
    assigns: dict[str, dict[str, list[Expr]]] = field(default_factory=dict)
    #: function -> local names bound otherwise than by ``name = value``
    other: dict[str, set[str]] = field(default_factory=dict)
    #: function -> local names it returns
    returned: dict[str, set[str]] = field(default_factory=dict)
    #: function -> ``local.method`` returned -> the callee the local was bound to
    methods: dict[str, dict[str, str]] = field(default_factory=dict)
    #: function -> lines of calls whose callee is a subscript or a call
    dispatched: dict[str, set[int]] = field(default_factory=dict)
    #: function -> ``local.method`` called on an object looked up by request data
    looked_up: dict[str, set[str]] = field(default_factory=dict)
    #: function -> local name -> the callee of ``local = await callee(...)`` (the walker
    #: keeps the callees of plain calls only)
    awaited: dict[str, dict[str, str]] = field(default_factory=dict)
    #: function node -> the local names its ``return`` statements hand back
    returned_later: dict[ast.AST | None, frozenset[str]] = field(default_factory=dict)
    #: function -> the elements of list comprehensions it returns (None: one unreadable)
    elements: dict[str, list[Expr] | None] = field(default_factory=dict)
    #: function -> name of ``name.field`` it returns -> the enclosing function binding it
    closures: dict[str, dict[str, str]] = field(default_factory=dict)


def _comprehended(state: _State, function: str, value: ast.expr | None, ctx: ModuleContext) -> None:
    """Remember the element of each list (or dict) comprehension in a returned value, as a display's
    value or item (``{"data": [{"id": f.id} for f in files]}``)."""
    if isinstance(value, ast.Await):
        value = value.value
    if isinstance(value, (ast.ListComp, ast.SetComp, ast.DictComp)):
        found = state.elements.setdefault(function, [])
        # a dict comprehension's items are its values (``{str(k): {"up": s.up} for ...}``)
        element = _bound_value(value.value if isinstance(value, ast.DictComp) else value.elt, ctx)
        if element is None or found is None:
            state.elements[function] = None
        else:
            found.append(element)
    elif isinstance(value, ast.IfExp):
        _comprehended(state, function, value.body, ctx)
        _comprehended(state, function, value.orelse, ctx)
    elif isinstance(value, ast.Dict):
        for v in value.values:
            _comprehended(state, function, v, ctx)
    elif isinstance(value, (ast.List, ast.Tuple, ast.Set)):
        for v in value.elts:
            _comprehended(state, function, v, ctx)


def _local_method(state: _State, function: str, value: ast.expr | None, ctx: ModuleContext) -> None:
    """``page.render()`` (returned, or assigned to a returned local) where ``page =
    Page(...)`` in this function, or in a function it is nested in (a route a factory
    defines beside ``proxy = Proxy(config)``): remember the class, so that the method can be
    followed."""
    if isinstance(value, ast.Await):
        value = value.value
    if (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and isinstance(value.func.value, ast.Name)
    ):
        name = value.func.value.id
        owner = (
            ctx.local_call_binding(name)
            or _enclosing_call_binding(ctx, name)
            or state.awaited.get(function, {}).get(name)
        )
        if owner is not None:
            call = f"{value.func.value.id}.{value.func.attr}"
            state.methods.setdefault(function, {})[call] = owner
    elif (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and isinstance(value.func.value, ast.Call)
    ):
        # ``Page(...).render()``: an object built in the same expression (the call, written
        # with no name, is kept by its line: two such calls on one line are left unread)
        owner = ctx.resolve(value.func.value.func)
        if owner is not None:
            methods = state.methods.setdefault(function, {})
            key = _built_key(value.lineno)
            found = f"{owner}:{value.func.attr}"
            methods[key] = found if methods.get(key, found) == found else ""
    elif isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
        # ``get_plugin(name).manager.render()``: a method of an attribute of what a call
        # gives, kept as ``maker|manager:render`` for the judge to type through annotations
        attrs: list[str] = []
        inner: ast.expr = value.func.value
        while isinstance(inner, ast.Attribute):
            attrs.insert(0, inner.attr)
            inner = inner.value
        maker = ctx.resolve(inner.func) if isinstance(inner, ast.Call) else None
        if maker is not None and attrs:
            methods = state.methods.setdefault(function, {})
            key = _built_key(value.lineno)
            found = f"{maker}|{'.'.join(attrs)}:{value.func.attr}"
            methods[key] = found if methods.get(key, found) == found else ""


def _awaited(state: _State, function: str, node: ast.Assign, ctx: ModuleContext) -> None:
    """``local = await callee(...)``: remember the callee (a rebinding forgets it), so that
    ``local.method()`` can be typed through the callee's return annotation."""
    value = node.value.value if isinstance(node.value, ast.Await) else None
    callee = ctx.resolve(value.func) if isinstance(value, ast.Call) else None
    for target in node.targets:
        if isinstance(target, ast.Name):
            if callee:
                state.awaited.setdefault(function, {})[target.id] = callee
            else:
                state.awaited.get(function, {}).pop(target.id, None)


def _looked_up_call(
    state: _State, fn: Function, value: ast.expr | None, ctx: ModuleContext
) -> None:
    """``plugin.handle(request)`` (returned, or assigned to a returned local) on an object
    looked up by request data (:func:`_looked_up_by_request`) and handed the request itself:
    remember the call, whose callee the request chooses.  A record looked up by an id
    (``db.query(Event).get(event_id).to_json()``) is handed no request: its answer has one
    shape, and stays reported."""
    if isinstance(value, ast.Await):
        value = value.value
    if not isinstance(value, ast.Call) or not isinstance(value.func, ast.Attribute):
        return
    func = value.func
    if not _hands_request(value, fn) or not _looked_up_by_request(func.value, fn, ctx):
        return
    if isinstance(func.value, ast.Name):
        state.looked_up.setdefault(fn.qname, set()).add(f"{func.value.id}.{func.attr}")
    else:
        state.dispatched.setdefault(fn.qname, set()).add(value.lineno)


#: The types of a handler's parameter that is the request itself.
_REQUEST_TYPES = frozenset({"fastapi.Request", "fastapi.WebSocket"})


def _hands_request(call: ast.Call, fn: Function) -> bool:
    """``call`` passes the handler's ``Request`` parameter on whole (``handle(request)``,
    ``handle(req=request)``): the callee answers the request, not the handler."""
    requests = {
        p.name
        for p in fn.params
        if p.annotation is not None and names.canonical(qname_of(p.annotation)) in _REQUEST_TYPES
    }
    passed = [*call.args, *(k.value for k in call.keywords)]
    return any(isinstance(a, ast.Name) and a.id in requests for a in passed)


def _lookup_key(value: ast.expr, ctx: ModuleContext) -> ast.expr | None:
    """The key of a run-time lookup: ``table[key]``, ``table.get(key)``, ``getattr(obj,
    key)``; None for any other expression."""
    if isinstance(value, ast.Subscript):
        return value.slice
    if not isinstance(value, ast.Call) or not value.args:
        return None
    func = value.func
    if isinstance(func, ast.Attribute) and func.attr == "get" and len(value.args) <= 2:
        return value.args[0]
    if len(value.args) >= 2 and ctx.resolve(func) in ("getattr", "builtins.getattr"):
        return value.args[1]
    return None


def _looked_up_by_request(receiver: ast.expr, fn: Function, ctx: ModuleContext) -> bool:
    """``receiver`` is an object looked up by request data: a lookup (:func:`_lookup_key`)
    whose key reads a parameter of the handler, written in place or bound once to a local
    (``module = PLUGINS[path.split("/")[0]]``).  Which object answers, and so what its
    method returns, is decided per request."""
    value: ast.expr | None = receiver
    if isinstance(receiver, ast.Name):
        value = _single_local_value(receiver.id, ctx)
    key = _lookup_key(value, ctx) if value is not None else None
    if key is None:
        return False
    params = {p.name for p in fn.params}
    return any(isinstance(n, ast.Name) and n.id in params for n in ast.walk(key))


def _single_local_value(name: str, ctx: ModuleContext) -> ast.expr | None:
    """The value of the one ``name = value`` of the current function, when the function
    binds ``name`` that way and no other."""
    node = ctx.enclosing_def
    if node is None or ctx.scope.binding_counts().get(name) != 1:
        return None
    values = [
        n.value
        for n in ast.walk(node)
        if isinstance(n, ast.Assign)
        and len(n.targets) == 1
        and isinstance(n.targets[0], ast.Name)
        and n.targets[0].id == name
    ]
    return values[0] if len(values) == 1 else None


def _built_key(line: int) -> str:
    """The :attr:`_State.methods` key of the ``Class(...).method(...)`` call at ``line``;
    its value is ``<class qname>:<method>``."""
    return f"@{line}"


def _enclosing_call_binding(ctx: ModuleContext, name: str) -> str | None:
    """Callee qname of ``name = Call(...)`` in the nearest function around this one that
    binds ``name`` (a free variable of a nested route), when none between binds it otherwise;
    None for a local of this function, or a name no enclosing function binds by a call."""
    scope = ctx.scope
    if scope.kind == "module" or name in scope.local_names():
        return None
    outer = scope.parent
    while outer is not None and outer.kind != "module":
        if outer.kind == "class":  # a class body's names are not seen by its methods
            outer = outer.parent
            continue
        if name in outer.calls:
            return outer.calls[name]
        if name in outer.local_names():
            return None  # bound otherwise (a parameter, a loop, another assignment)
        outer = outer.parent
    return None


#: Methods that add to a list, set or dict in place.
_GROWERS = frozenset({"append", "add", "insert", "extend", "update"})


def _added(method: str, node: ast.Call, ctx: ModuleContext) -> Expr | None:
    """What ``local.method(...)`` adds to the local, as a display of it: ``append(x)`` a
    list of ``x``, ``update(x)`` a dict spreading ``x``, ``extend(x)`` ``x`` itself; None
    when the call cannot be read (``*args``, an unknown shape)."""
    if any(isinstance(a, ast.Starred) for a in node.args):
        return None
    args = node.args
    if method in ("append", "add") and len(args) == 1 and not node.keywords:
        item = _bound_value(args[0], ctx)
        return Seq("list", (item,)) if item is not None else None
    if method == "insert" and len(args) == 2 and not node.keywords:
        item = _bound_value(args[1], ctx)
        return Seq("list", (item,)) if item is not None else None
    if method == "extend" and len(args) == 1 and not node.keywords:
        return _bound_value(args[0], ctx)
    if method == "update" and len(args) <= 1 and all(k.arg for k in node.keywords):
        pairs: list[tuple[Expr | None, Expr]] = []
        for a in args:
            value = _bound_value(a, ctx)
            if value is None:
                return None
            pairs.append((None, value))
        for k in node.keywords:
            value = _bound_value(k.value, ctx)
            if value is None:
                return None
            pairs.append((Lit(k.arg), value))
        return DictExpr(tuple(pairs))
    return None


def _mark_other(state: _State, function: str, target: ast.AST) -> None:
    """The names ``target`` rebinds (``a, *b = ...``, ``for x in ...``), not the ones it
    only reads (``response.headers["x"] = ...`` leaves ``response`` bound as it was)."""
    if isinstance(target, ast.Name):
        state.other.setdefault(function, set()).add(target.id)
    elif isinstance(target, (ast.Tuple, ast.List)):
        for item in target.elts:
            _mark_other(state, function, item)
    elif isinstance(target, ast.Starred):
        _mark_other(state, function, target.value)


def _unpacks_call(target: ast.expr, value: ast.expr) -> bool:
    """``a, b = helper(...)`` (or awaited): plain names unpacked from one call's result."""
    if isinstance(value, ast.Await):
        value = value.value
    return (
        isinstance(target, (ast.Tuple, ast.List))
        and isinstance(value, ast.Call)
        and all(isinstance(e, ast.Name) for e in target.elts)
    )


#: Shell scripts a project renders, typed ``-> str`` all the way; ``{page}`` is what
#: ``Page.render`` returns (a ``PlainTextResponse`` in the good example, the text in the bad).
_SCRIPTS = """\
from fastapi.responses import PlainTextResponse


class Page:
    def render(self, text: str) -> str:
        return {page}


page = Page()


def script(kind: str, url: str) -> str:
    return page.render(f"curl {{url}} | sh -s {{kind}}")


class Single:
    def render(self, url: str):
        return script("single", url)


class Multi:
    def render(self, url: str):
        return script("multi", url)


class Plugin:
    job: Single | Multi

    def __init__(self, job: Single | Multi) -> None:
        self.job = job


def get_plugin(name: str) -> Plugin:
    return Plugin(Multi() if name.endswith("s") else Single())
"""
_SCRIPT_ROUTES = """\
from fastapi import FastAPI, Request

from app.scripts import get_plugin, script

app = FastAPI()


@app.get("/install")
async def install(request: Request):
    return script("install", str(request.url))


@app.get("/plugins/{name}/job")
async def job(request: Request, name: str):
    return get_plugin(name).job.render(str(request.url))
"""


def _returned(value: ast.expr | None, leaf: Callable[[ast.expr], str | None]) -> list[str]:
    """What ``leaf`` names in the values a ``return`` hands back, directly or as a branch
    (``a if c else b``, ``a or b``, ``await a``), or as an item of a display it builds."""
    if isinstance(value, ast.Await):
        value = value.value
    if value is None:
        return []
    named = leaf(value)
    if named is not None:
        return [named]
    if isinstance(value, ast.IfExp):
        return _returned(value.body, leaf) + _returned(value.orelse, leaf)
    if isinstance(value, ast.BoolOp):
        return [n for v in value.values for n in _returned(v, leaf)]
    if isinstance(value, ast.Dict):
        return [n for v in value.values for n in _returned(v, leaf)]
    if isinstance(value, (ast.List, ast.Tuple, ast.Set)):
        return [n for v in value.elts for n in _returned(v, leaf)]
    return []


def _returned_names(value: ast.expr | None) -> list[str]:
    """Local names a ``return`` hands back, directly or as a branch or an item of a display
    it builds (``{"inserted": n}``: whether the display holds only plain values)."""
    return _returned(value, lambda v: v.id if isinstance(v, ast.Name) else None)


def _bound_value(node: ast.expr, ctx: ModuleContext) -> Expr | None:
    """The shallow summary of a local's value; a dump of a model built on the spot
    (``Model.model_validate(row).model_dump(mode="json")``, whose callee the summary cannot
    spell) keeps its method's name, so that it is read as a dump, and so does decoded JSON
    (``requests.get(url).json()``)."""
    value = ctx.summarize(node, _SHALLOW)
    call = node.value if isinstance(node, ast.Await) else node
    if (
        isinstance(value, Call)
        and value.dotted is None
        and isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and (call.func.attr in DUMPS or (call.func.attr == "json" and not call.args))
        and isinstance(call.func.value, ast.Call)
    ):
        return msgspec.structs.replace(value, dotted=f"<call>.{call.func.attr}")
    return value


def _returned_later(name: str, ctx: ModuleContext) -> bool:
    """A ``return`` of the current function hands ``name`` back (see visit_Return): the
    names every ``return`` of the function hands back are gathered once per function (the
    ``return`` statements are the whole body's, the walk's position does not change them)."""
    scope = ctx.scope
    if scope.kind != "function":
        return False  # ``ctx.return_values()`` is empty
    memo = ctx.state(_State).returned_later
    found = memo.get(scope.node)
    if found is None:
        found = memo[scope.node] = _all_returned_names(ctx.return_values()) | _fields_read_within(
            scope.node
        )
    return name in found


def _field_bases(value: ast.expr | None) -> list[str]:
    """Names whose field a ``return`` hands back, directly or as a branch or an item of a
    display it builds (``{"demo": settings.demo_mode}``): ``settings`` may be a model's
    instance, whose field annotation says what the value is."""
    return _returned(
        value,
        lambda v: (
            v.value.id if isinstance(v, ast.Attribute) and isinstance(v.value, ast.Name) else None
        ),
    )


def _fields_read_within(node: ast.AST | None) -> frozenset[str]:
    """Names whose field the ``return`` statements of ``node`` and of the functions nested
    in it hand back (:func:`_field_bases`): a local of a factory that a route defined inside
    it reads (``resolved.demo_mode``) is kept like a returned one."""
    return frozenset(n for r in _returns_within(node) for n in _field_bases(r.value))


def _returns_within(node: ast.AST | None) -> Iterator[ast.Return]:
    """Every ``return`` statement under ``node``, nested functions and classes included:
    found through the statement lists alone (a statement sits only in one: a body, an
    ``else``, a ``finally``, a handler's or a case's body; no expression holds one).
    Walking every expression node instead cost 5 s of the module pass on litellm (23,000
    functions, round 54)."""
    stack: list[Any] = [node] if node is not None else []
    while stack:
        n = stack.pop()
        if type(n) is ast.Return:
            yield n
            continue
        for fld in _STATEMENT_LISTS:
            sub = getattr(n, fld, None)
            if isinstance(sub, list):
                stack.extend(sub)


#: The fields of a node that hold statements (or handlers and cases holding them).
_STATEMENT_LISTS = ("body", "orelse", "finalbody", "handlers", "cases")


def _field_owners(state: _State, name: str, ctx: ModuleContext) -> None:
    """Record where ``name`` of a returned ``name.field`` is bound: the current function's
    own local (read as a returned local), or the nearest enclosing function's local or
    parameter (a closure: the route's factory), which keeps its values too."""
    scope = ctx.scope
    fn = ctx.function
    if fn is None or scope.kind != "function":
        return
    if name in scope.local_names():
        state.returned.setdefault(fn.qname, set()).add(name)
        return
    outer = scope.parent
    while outer is not None and outer.kind in ("function", "class"):
        if outer.kind == "function" and name in outer.local_names():
            state.returned.setdefault(outer.qname, set()).add(name)
            state.closures.setdefault(fn.qname, {})[name] = outer.qname
            return
        outer = outer.parent


def _all_returned_names(values: tuple[ast.expr, ...]) -> frozenset[str]:
    """``{n for v in values for n in _returned_names(v)}``: ``_returned_later``'s
    ``any(name in _returned_names(v) for v in values)`` is a test of membership in it."""
    return frozenset(n for v in values for n in _returned_names(v))


class _Rewrap(NamedTuple):
    """A project decorator of a route function whose wrapper answers something other than
    the wrapped call's result: its name as written, and the one Pydantic model its wrapper
    builds (``ResponseWrapperDTO(data=result)``), None when not one."""

    decorator: str
    model: str | None


def _rewrapping(project: Project, fn: Function) -> _Rewrap | None:
    """The first project decorator of ``fn`` (``@wrap``, ``@wrap(ctx)``) whose innermost
    nested function, the wrapper, returns a value that is not the wrapped call's result:
    FastAPI then serialises the wrapper's answer, which ``-> <the function's model>`` would
    validate against the wrong model."""
    for d in fn.decorators:
        deco = project.function(qname_of(d))
        wrapper = _wrapper(project, deco) if deco is not None else None
        if wrapper is None or deco is None:
            continue
        params = {p.name for f in (deco, wrapper) for p in f.params}
        own = [v for v in wrapper.return_values if not _passes_through(v, params)]
        if not own:
            continue
        built = {_model_built(project, v) for v in own}
        model = built.pop() if len(built) == 1 else None
        return _Rewrap(dotted_of(d) or deco.name, model)
    return None


def _wrapper(project: Project, deco: Function) -> Function | None:
    """The innermost function ``deco`` defines (``actual.<locals>.wrapper`` of a factory)
    that returns something: the wrapper that runs in the route function's place."""
    inner = [
        f
        for f in project.module_of(deco).functions.values()
        if f.qname.startswith(f"{deco.qname}.<locals>.") and f.return_values
    ]
    return max(inner, key=lambda f: f.qname.count("<locals>"), default=None)


def _passes_through(v: Expr, params: set[str]) -> bool:
    """``v`` may be the wrapped call's result: a name (``result = await func(...)``), or a
    call (awaited or not) of the decorator's parameter (``return await func(*args)``)."""
    if isinstance(v, Await):
        v = v.value
    if isinstance(v, Name):
        return True
    return isinstance(v, Call) and (v.dotted or "").split(".", 1)[0] in params


def _model_built(project: Project, v: Expr) -> str | None:
    """The name of the Pydantic model ``v`` builds (``Envelope(data=result)``), else None."""
    q = qname_of(v) if isinstance(v, Call) else None
    cls = project.class_(q) if q else None
    return cls.name if cls is not None and project.is_pydantic_model(cls.qname) else None


def _rewrapped_message(label: str, rewrap: _Rewrap, one: str | None) -> str:
    """The finding of a route whose project decorator answers something of its own: the
    function's return type is not the route's (:func:`_rewrapping`)."""
    inner = f"`{one}`" if one else "its models"
    if rewrap.model is not None:
        return (
            f"{label} declares no response model, and `@{rewrap.decorator}` wraps the "
            f"function's result in `{rewrap.model}`: the response is undocumented in OpenAPI (declare `response_model={rewrap.model}` on the route "
            f"decorator; annotating the function with {inner} would have FastAPI check the "
            f"`{rewrap.model}` against it)"
        )
    return (
        f"{label} declares no response model, and `@{rewrap.decorator}` answers something "
        "other than the function's result: the response is undocumented in OpenAPI "
        "(declare what the decorator answers as `response_model=` on the route decorator, "
        f"not {inner} as the function's return type)"
    )


def _imported_in_body(project: Project, route: Route, model: str) -> bool:
    """The handler imports ``model`` (its first name) in its own body, and its module binds
    no such name at module level: a return annotation or ``response_model=`` naming it
    cannot resolve there."""
    m = project.modules.get(route.function.module)
    head = model.split(".", 1)[0]
    if m is None or head in m.imports or head in m.bindings or head in m.functions:
        return False
    if any(c.name == head for c in m.classes.values()):
        return False
    if any(i.alias == "*" and i.function is None for i in m.import_list):
        return False  # ``from x import *`` at module level may bind it
    return any(i.alias == head and i.function == route.function.qname for i in m.import_list)


#: The example project's proxy object, its handlers in a mixin (a route factory builds one
#: and returns its methods' results: one typed as a response, one as a bare dict).
_PROXY_WITH_MIXIN = {
    "svc/handlers.py": """\
from fastapi import Request
from fastapi.responses import JSONResponse


class CompressMixin:
    async def handle_compress(self, request: Request) -> JSONResponse:
        return JSONResponse({"ok": True})

    def usage(self) -> dict:
        return self.totals
""",
    "svc/proxy.py": """\
from svc.handlers import CompressMixin


class Proxy(CompressMixin):
    def __init__(self, config: dict) -> None:
        self.config = config
        self.totals = {"calls": 0, "api_key": config.get("key")}
""",
}


#: A server that mounts its built UI folder, and registers a placeholder page only when the
#: folder is missing (a source checkout with no built UI).
_UI_SERVER = """\
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

UI_DIR = Path(__file__).parent / "ui"
app = FastAPI()

if not UI_DIR.exists():

    @app.get("/")
    async def placeholder():
        return {"detail": "UI not built", "hint": "npm run build"}

else:
    app.mount("/", StaticFiles(directory=UI_DIR, html=True), name="ui")
"""


class ResponseModelDeclared(Check):
    """
    ## What it does
    Reports an HTTP route handler that declares neither a `response_model=` nor a typed
    return annotation: the annotation is missing, or says nothing about the response's
    shape (`Any`, `object`, `dict`, `list`, `Dict[str, Any]`, `Mapping`, `list[dict]`,
    `dict | None`...).  Typed annotations pass: Pydantic models, `list[Model]`, TypedDicts,
    dataclasses, primitives, `dict[str, int]`.

    Routes that do not serialise JSON are skipped: an explicit `response_model=None`, a
    non-JSON `response_class=` (`HTMLResponse`, `PlainTextResponse`, `StreamingResponse`,
    `FileResponse`, `RedirectResponse`, `EventSourceResponse`), a `Response` return
    annotation, `status_code=204`, and handlers that only ever return `Response` objects:
    built directly, by FastAPI's helpers (`get_swagger_ui_html`, `get_redoc_html`), by a
    project function annotated to return one (or, not annotated or typed with a bare
    container like `-> dict`, that returns only responses itself, directly or through a
    local it binds only to responses: followed one level; a comparison in front of `and`
    only gates the value after it, `hit = request is not None and not_modified(request)`),
    by a method of a parameter (of the handler or of
    the factory defining it) whose class annotates that method to return one (`await
    backend.login(...)`), or by a method of a local instance of a project class (`page =
    Page(request); return await page.render()`; also one bound in the factory around the
    route, `proxy = Proxy(config)`, its method found in the class or its bases; or a local
    bound to what a project function is annotated to return, `view = await
    store.load(session)` under `-> View`).  A handler that returns a Pydantic model
    without declaring it is reported as undocumented rather than unfiltered; on a route
    left out of the schema (`include_in_schema=False`, or reaching only apps that serve no
    schema: an unconditional `openapi_url=None`, a `router` replaced after construction)
    that is no finding, and an unfiltered result is not called undocumented.  A result
    with data seen is said to be undocumented and passed through no response model ("no
    response model validates or filters it"), which holds whatever the handler built: it
    may filter by hand in ways the check does not follow (`[job.public() for job in
    jobs]`, a helper's `model_dump(exclude=...)`).

    ## Why is this bad?
    A response model — preferably declared as the return type, as FastAPI recommends now —
    does three things.  It **filters** the output: an ORM object or dict returned as is
    sends every attribute, `hashed_password` included.  It **documents** the response in
    OpenAPI, so clients and generated SDKs know its shape.  And since FastAPI 0.130 it lets
    Pydantic serialise the JSON in Rust, about twice as fast as the untyped path.
    [ForgeAPI guide] and [zhanymkanov README] say to set `response_model`;
    [Production skill 2025] uses `response_model=UserResponse` throughout.
    [ForgeAPI guide]'s advice to return plain dicts "for performance" is outdated
    (Disagreement D16): the typed path is now the fast one.

    ## Example
    ```python
    @router.get("/users/{user_id}")
    async def get_user(user_id: int):
        return await service.get(user_id)
    ```

    ## Use instead
    ```python
    @router.get("/users/{user_id}")
    async def get_user(user_id: int) -> UserOut:
        return UserOut.model_validate(await service.get(user_id))
    ```
    When the handler returns ORM objects or dicts, keep the annotation off and declare
    `@router.get(..., response_model=UserOut)` instead; so does a handler that answers a
    response of its own on another branch (a `StreamingResponse` when asked to stream, a
    `JSONResponse` error): FastAPI passes that response through and documents the model,
    where `-> UserOut` would misstate that branch, and the finding says so.  A returned model with a field
    typed as bare `BaseModel` (an envelope's `data: Union[BaseModel, dict, ...]`) is not
    advised as the return type on Pydantic 1 (or an unknown version): FastAPI re-validates
    the response through it, and the field comes out as `{}`; the finding says to type the
    field first.

    ## Fix safety
    No automatic fix: the right model is a design decision.

    ## Known problems
    A GET typed `-> Any` / `-> object` is not reported when the same router's PUT, POST or
    PATCH on the same path takes a body of any JSON value (`Annotated[Any, Body()]`): a
    store of client-owned JSON, which it answers back as it was stored, has no shape a
    model could document.
    What a handler returns is followed through locals (assigned, or bound by a walrus:
    `if denied := await check(...): return denied`), project helpers (annotated, or
    unannotated two levels deep; the items of a `-> tuple[int, int]` helper unpacked),
    fields of a model parameter (`flags.batch_size`), methods of typed parameters and of
    local instances, TypeVars and type aliases.  A finding needs a value that is not a `Response`: data seen
    (a dict or list display, decoded JSON, an ORM object, a helper typed `-> dict`) is
    reported with high confidence, a value the check cannot see into (a library call's
    result, a local bound in a loop) with medium confidence, as undocumented only: nothing
    was seen to go out unfiltered.  Nothing is reported when the
    value may be a response and the check cannot tell: a call whose callee is chosen at run
    time (`return await handlers[engine](request)`, a local holding a handler), a method of
    an object a library made (`oauth.google.authorize_redirect(...)`, or any method named for
    a redirect on an object the model cannot resolve), a library call handed a project
    function that makes a `Response` (`client.get(..., reader=to_response)`: it may answer
    what that function returns), a helper typed
    `-> Any` / `-> object` or with an unbound TypeVar, a generator.  A route nested in a
    method follows `self.helper()` to the method of the enclosing method's class.  The application's own
    OpenAPI document (`get_openapi(...)`, `app.openapi()`, a dict display with an
    `"openapi"` / `"$schema"` key) and a model dumped with
    `exclude=` / `include=` by hand under `-> Any` are not reported either: a response
    model would undo the filtering.  Nor is a route registered only when a path the package
    ships beside its module is missing (the `else` of `if UI_DIR.exists():` with `UI_DIR =
    Path(__file__).parent / "ui"` and `ui/` in the tree): the installed app never has it.

    A handler that returns only plain values (`True`, a string, a count) or only empty
    displays (`return {}`) has nothing to filter: it is reported as undocumented only (and
    not at all when it is left out of the schema).  So is one, unannotated or annotated with
    a bare container (`-> Dict`), whose every result is a display built by hand: each key
    chosen in the code (`{"message": ..., "inserted": n}`, a list it appends such displays
    to, a list or dict comprehension whose item is such a display, a helper's or a model's
    dump (`[{"id": f.id} for f in files]`, `{str(k): {"up": s.up} for k, s in
    states.items()}`), a `**` spread of a model's dump), each value a plain value, a model or its dump
    (a dataclass's `asdict()` too), such a display, or a value the check cannot see into
    (`{"deleted": gate.prune()}`, also copied: `{"by_label": dict(result.counts)}`):
    nothing is seen to go out unfiltered, only the schema is missing (out of the schema,
    a display of plain values is no finding, and one holding a value the check cannot see
    into is reported as unfiltered with medium confidence).  A display that
    holds decoded JSON, an ORM object or a `-> dict` helper's result (unless the helper's
    own returns are displays built by hand), or that is updated with a mapping the check
    cannot read (`base.update(extra)`), is data.  A handler with no `return value` at all
    (it only raises, or returns nothing), and a generator handler (streaming), are
    skipped.  A route whose decorator expands
    `**kwargs` is skipped, since a response model may hide in them; an app or router made
    from `**kwargs` (`App(**app_kwargs)`) may hide a non-JSON default response class, so
    its routes are reported with medium confidence.  A return annotation written as a
    string is taken as typed.

    ## References
    - [ForgeAPI guide], [zhanymkanov README] ("Set `response_model`,
      `status_code`, `description`")
    - [Production skill 2025] (`response_model=UserResponse`)
    - FastAPI docs, "Response Model - Return Type"; FastAPI 0.130 release notes (Pydantic
      serialisation); the FastAPI agent skill ("Return Type or Response Model")
    - Complements ruff FAST001 (the opposite case: a redundant `response_model`)
    """

    id = "RTE001"
    name = "response-model-declared"
    category = "routes"
    severity = Severity.INFO
    message = "route declares no response model"
    fix_title = "Declare a return type (or `response_model=`) with the response's Pydantic model"
    sources = (
        "ForgeAPI guide",
        "Production skill 2025",
        "zhanymkanov README",
    )

    # -- module pass: what a returned local name was bound to --------------------------
    def visit_Assign(self, node: ast.Assign, ctx: ModuleContext) -> None:
        """``data = {...}`` / ``response = await backend.login(...)``: remember what a local
        is assigned (a shallow summary), so that ``return data`` can be followed."""
        fn = ctx.function
        if fn is None:
            return
        state = ctx.state(_State)
        _local_method(state, fn.qname, node.value, ctx)
        _awaited(state, fn.qname, node, ctx)
        for target in node.targets:
            if isinstance(target, ast.Name):
                if not _returned_later(target.id, ctx):
                    continue  # leave_FunctionDef keeps the values of returned locals only
                value = _bound_value(node.value, ctx)
                _looked_up_call(state, fn, node.value, ctx)
                if value is not None:
                    state.assigns.setdefault(fn.qname, {}).setdefault(target.id, []).append(value)
                    _comprehended(state, fn.qname, node.value, ctx)
            elif _unpacks_call(target, node.value):
                # ``sm, err = _get_storage_manager(request)``: ``err`` is item 1 of what the
                # helper returns (``(None, JSONResponse(...))`` / ``(sm, None)``)
                assert isinstance(target, (ast.Tuple, ast.List))
                value = ctx.summarize(node.value, _SHALLOW)
                for i, item in enumerate(target.elts):
                    assert isinstance(item, ast.Name)
                    if value is None or not _returned_later(item.id, ctx):
                        _mark_other(state, fn.qname, item)
                        continue
                    state.assigns.setdefault(fn.qname, {}).setdefault(item.id, []).append(
                        Sub(value, Lit(i))
                    )
            else:
                _mark_other(state, fn.qname, target)

    def visit_AnnAssign(self, node: ast.AnnAssign, ctx: ModuleContext) -> None:
        """``out: list[dict] = [...]``: read as the assignment it is (with what its
        comprehension builds), the annotation aside."""
        fn = ctx.function
        if fn is None or node.value is None or not isinstance(node.target, ast.Name):
            return
        state = ctx.state(_State)
        _local_method(state, fn.qname, node.value, ctx)
        if not _returned_later(node.target.id, ctx):
            return  # leave_FunctionDef keeps the values of returned locals only
        value = _bound_value(node.value, ctx)
        if value is not None:
            state.assigns.setdefault(fn.qname, {}).setdefault(node.target.id, []).append(value)
            _comprehended(state, fn.qname, node.value, ctx)

    def visit_For(self, node: ast.For | ast.AsyncFor, ctx: ModuleContext) -> None:
        if ctx.function is not None:
            _mark_other(ctx.state(_State), ctx.function.qname, node.target)

    visit_AsyncFor = visit_For

    def visit_With(self, node: ast.With | ast.AsyncWith, ctx: ModuleContext) -> None:
        if ctx.function is not None:
            for item in node.items:
                if item.optional_vars is not None:
                    _mark_other(ctx.state(_State), ctx.function.qname, item.optional_vars)

    visit_AsyncWith = visit_With

    @when(names=_GROWERS, unnamed=True)
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        """``HANDLERS[kind](...)`` / ``make_handler()(...)``: a callee chosen at run time
        (``application.get().run(...)`` is a method call, not one of these).  And
        ``items.append({...})`` / ``base.update(extra)`` on a returned local: what it adds is
        part of what is returned."""
        fn = ctx.function
        if fn is None:
            return
        if isinstance(node.func, (ast.Subscript, ast.Call)):
            ctx.state(_State).dispatched.setdefault(fn.qname, set()).add(node.lineno)
            return
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr in _GROWERS
            and isinstance(func.value, ast.Name)
            and _returned_later(func.value.id, ctx)
        ):
            added = _added(func.attr, node, ctx)
            state = ctx.state(_State)
            if added is None:
                _mark_other(state, fn.qname, func.value)
            else:
                state.assigns.setdefault(fn.qname, {}).setdefault(func.value.id, []).append(added)

    def visit_NamedExpr(self, node: ast.NamedExpr, ctx: ModuleContext) -> None:
        """``if denied := await access_denied(...): return denied``: the walrus binds the
        local as an assignment does, so a returned one is followed to its value."""
        fn = ctx.function
        if fn is None:
            return
        state = ctx.state(_State)
        name = node.target.id
        if not _returned_later(name, ctx):
            return
        value = _bound_value(node.value, ctx)
        if value is None:
            _mark_other(state, fn.qname, node.target)
        else:
            state.assigns.setdefault(fn.qname, {}).setdefault(name, []).append(value)

    def visit_Return(self, node: ast.Return, ctx: ModuleContext) -> None:
        fn = ctx.function
        if fn is None:
            return
        state = ctx.state(_State)
        _local_method(state, fn.qname, node.value, ctx)
        _looked_up_call(state, fn, node.value, ctx)
        _comprehended(state, fn.qname, node.value, ctx)
        for name in _returned_names(node.value):
            state.returned.setdefault(fn.qname, set()).add(name)
        for name in _field_bases(node.value):
            _field_owners(state, name, ctx)

    def leave_FunctionDef(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext
    ) -> None:
        qname = ctx.child_qname(node.name)
        state = ctx.state(_State)
        returned = state.returned.pop(qname, set())
        assigns = state.assigns.pop(qname, {})
        other = state.other.pop(qname, set())
        methods = state.methods.pop(qname, None)
        state.awaited.pop(qname, None)
        dispatched = tuple(sorted(state.dispatched.pop(qname, ())))
        looked_up = tuple(sorted(state.looked_up.pop(qname, ())))
        elements = tuple(state.elements.pop(qname, None) or ())
        closures = state.closures.pop(qname, None)
        names = {
            n: values for n in sorted(returned) if n not in other and (values := assigns.get(n))
        }
        if names or methods or dispatched or looked_up or elements or closures:
            data = _Data(
                carrier=True,
                function=qname,
                names=names or None,
                methods=methods,
                dispatched=dispatched,
                looked_up=looked_up,
                elements=elements,
                closures=closures,
            )
            ctx.report(node, "", data=data)

    leave_AsyncFunctionDef = leave_FunctionDef

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        bound: dict[tuple[str, str], list[Expr]] = {}
        methods: dict[tuple[str, str], str] = {}
        dispatched: dict[str, frozenset[int]] = {}
        looked_up: dict[str, frozenset[str]] = {}
        elements: dict[str, tuple[Expr, ...]] = {}
        closures: dict[tuple[str, str], str] = {}
        for h in hits:
            data = h.payload(_Data)
            if data.carrier and data.function:
                for name, values in (data.names or {}).items():
                    if values:
                        bound[(data.function, name)] = values
                for text, owner in (data.methods or {}).items():
                    methods[(data.function, text)] = owner
                if data.dispatched:
                    dispatched[data.function] = frozenset(data.dispatched)
                if data.looked_up:
                    looked_up[data.function] = frozenset(data.looked_up)
                if data.elements:
                    elements[data.function] = tuple(data.elements)
                for name, outer in (data.closures or {}).items():
                    closures[(data.function, name)] = outer
        returns = _Returns(project, bound, methods, dispatched, elements, closures, looked_up)
        out: list[Hit] = []
        seen: set[str] = set()
        shadowed = project.shadowed_routes
        stores = _opaque_stores(project)
        for route in project.routes:
            if route.websocket or route.module.file_class != "app" or route.function.qname in seen:
                continue
            if id(route) in shadowed:
                continue  # an earlier route takes all its requests: it never answers one
            if project.shipped_path_fallbacks.covers(route.site.path, route.decorator.line):
                continue  # registered only when a path the package ships is missing: never
            if _reads_opaque_store(route, stores) and not _answers_a_model(route, returns):
                continue  # it answers back a JSON value of any shape the client stored
            found = self._finding(project, route, returns)
            if found is None:
                continue
            seen.add(route.function.qname)
            fn = route.function
            hit = self.project_hit(
                found.message, path=route.module.path, line=fn.line, column=fn.column, data=_Data()
            )
            if not found.sure or self._default_response_class(project, route) == "unknown":
                hit.confidence = "medium"
            out.append(hit)
        return out

    def _finding(self, project: Project, route: Route, returns: _Returns) -> _Finding | None:
        fn = route.function
        dec = route.decorator
        if dec.has_star or kwarg(dec, "response_model") is not None:
            return None
        if _success_documented_in_responses(route):
            return None  # ``responses={200: {"model": Out}}``: FastAPI documents it so
        if _no_content(route.kw("status_code")) or route.methods == ("HEAD",):
            return None  # no body goes out: nothing to filter or document
        response_class = route.kw("response_class")
        if response_class is None:
            default = self._default_response_class(project, route)
            # ``App(**kwargs)``: a non-JSON default class is rare; the hit says medium
            response_class = None if isinstance(default, str) else default
        if response_class is not None and _non_json_class(project, response_class) is not False:
            return None  # a non-JSON class, or one we cannot tell
        ann = fn.returns
        if ann is not None and any(is_response_class(project, q) for q in annotation_names(ann)):
            return None
        if not untyped(project, ann):
            return None
        if fn.is_generator or not fn.return_values:
            return None
        if _keyed_by_parameter(fn, returns):
            return None  # ``{field: getattr(row, field)}``: no model has the request's keys
        kinds = [k for v in fn.return_values for k in returns.of_value(fn, v)]
        if not kinds or all(k.kind == Kind.RESPONSE for k in kinds):
            return None  # only ``return None``, or only responses: nothing to serialise
        if any(k.kind == Kind.DOCUMENT for k in kinds):
            return None  # the app's OpenAPI document or a JSON schema: a document, not data
        if _streams_with_error_objects(fn):
            return None  # a stream or a download; the JSON is an error object, not its result
        served = [k for k in kinds if k.kind != Kind.RESPONSE]
        if ann is None and all(
            isinstance(v, (DictExpr, Seq)) and not v.items for v in fn.return_values
        ):
            # only ``return {}`` / ``return []``: nothing to filter; in the schema it is
            # undocumented like any plain value
            if not project.schema_hidden(route):
                return _Finding(
                    f"{route.label} returns plain values but declares no return type: the "
                    "response is undocumented in OpenAPI (annotate it: `-> dict`, `-> list` ...)"
                )
            return None
        if any(k.kind == Kind.FILTERED for k in served) and all(
            k.kind in (Kind.FILTERED, Kind.UNSEEN, Kind.OPAQUE) for k in served
        ):
            return None  # dumped with ``exclude=`` by hand: a response model would undo it
        # the annotation is evidence of its own when it names a container (``-> dict``), not
        # when it names nothing (``-> Any`` / ``-> object``, chosen to let anything through)
        declared = ann is not None and any(k.kind == Kind.DATA for k in returns.of_type(ann))
        data = [k for k in served if k.kind == Kind.DATA]
        shaped = [k for k in served if k.kind in (Kind.MODEL, Kind.DUMPED)]
        in_schema = not project.schema_hidden(route)
        label = route.label
        shown = _shown(ann) if ann is not None else None
        unseen = any(k.kind == Kind.UNSEEN for k in served)
        opaque = any(k.kind == Kind.OPAQUE for k in served)
        if data and all(k.built for k in data) and all(k.kind in _HAND_PICKED for k in served):
            # ``return {"message": "done", "count": n}`` / ``-> Dict``: every field chosen by
            # hand, nothing seen to go out unfiltered; the schema still shows an untyped
            # object.  Out of the schema only filtering matters: nothing to filter among plain
            # values; a value the check cannot see into under a key chosen by hand may be an
            # object sent whole, which is said with medium confidence
            if not in_schema:
                if all(k.chosen for k in data) and _Returns.plain(served):
                    return None
                if shown is not None:
                    return _Finding(
                        f"{label} returns `{shown}`, which is not a response model: its result "
                        f"is {_UNCHECKED}",
                        sure=False,
                    )
                return _Finding(
                    f"{label} declares no response model and no return type: its result is "
                    f"{_UNCHECKED}",
                    sure=False,
                )
            if shown is not None:
                return _Finding(
                    f"{label} returns `{shown}`, which is not a response model: its result is "
                    "undocumented in OpenAPI"
                )
            if any(k.kind == Kind.RESPONSE for k in kinds):
                # a proxy answering the upstream's ``Response`` whole: only its other
                # branches' values (``{"error": ...}``) are built by hand
                return _Finding(
                    f"{label} declares no response model and no return type: besides the "
                    "responses it returns whole, it returns values built by hand, "
                    "undocumented in OpenAPI"
                )
            return _Finding(
                f"{label} declares no response model and no return type: its result, built "
                "by hand, is undocumented in OpenAPI"
            )
        # data seen (or declared) is evidence; a value the check cannot see into is weaker
        # evidence (medium), unless something says it may be a response: then no finding
        # out of the schema only filtering matters: a value the check cannot see into (a
        # library's page helper) is no evidence of data there
        if (
            data
            or (declared and not shaped)
            or (unseen and not shaped and not opaque and in_schema)
        ):
            sure = bool(data or declared)
            what = _UNCHECKED_IN_SCHEMA if in_schema else _UNCHECKED
            if not sure:
                # only values the check cannot see into (``task.task_id``): nothing is seen
                # to go out unfiltered (it may be a model, filtering itself); what is certain
                # is the missing schema
                what = "undocumented in OpenAPI (the values it returns could not be read)"
            if shown is None:
                text = (
                    f"{label} declares no response model and no return type: its result is {what}"
                )
            else:
                text = f"{label} returns `{shown}`, which is not a response model: its result is {what}"
            return _Finding(text, sure)
        if served and all(k.kind == Kind.SCALAR for k in served) and in_schema and ann is None:
            # ``return True``: nothing to filter, but the schema shows an empty response
            return _Finding(
                f"{label} returns plain values but declares no return type: the response is "
                "undocumented in OpenAPI (annotate it: `-> bool`, `-> str` ...)"
            )
        if not shaped or not in_schema:
            return None  # no evidence of data; or a model that filters, out of the schema
        models = {k.what for k in shaped if k.kind == Kind.MODEL}
        unknown = any(k.kind in (Kind.UNSEEN, Kind.OPAQUE, Kind.SCALAR) for k in served)
        one = next(iter(models)) if len(models) == 1 and not unknown else None
        if any(k.kind == Kind.DUMPED for k in shaped):
            one = None
        hint = f" (annotate `-> {one}`)" if one else " (declare the model as the return type)"
        if any(k.kind == Kind.RESPONSE for k in kinds):
            # another branch answers a response of its own (a stream when asked): FastAPI
            # passes that through, so ``response_model=`` documents the model alone, where a
            # ``-> Model`` annotation would misstate that branch
            hint = (
                f" (declare `response_model={one}` on the decorator: another branch returns a "
                f"response of its own, which `-> {one}` would misstate)"
                if one
                else " (declare the model as `response_model=` on the decorator: another "
                "branch returns a response of its own, which a return type would misstate)"
            )
        if one and _imported_in_body(project, route, one):
            # ``from app.schemas import Out`` inside the handler: the decorator and the
            # annotation are read at module level (FastAPI resolves a postponed one in the
            # module's globals), where the name is unbound
            reader = "the decorator" if "response_model=" in hint else "the annotation"
            hint = (
                f"{hint[:-1]}; import `{one}` at module level first: the function imports it "
                f"in its body, where {reader} cannot see it)"
            )
        erased = next(
            (
                (m, returns.erasing[m])
                for m in sorted(m for m in models if m)
                if m in returns.erasing
            ),
            None,
        )
        if erased is not None and project.pydantic_version.major != 2:
            hint = (
                f" (a response model would empty `{erased[0]}.{erased[1]}`, typed as bare "
                "`BaseModel`: give that field its real types first)"
            )
        rewrap = _rewrapping(project, fn)
        if rewrap is not None:
            return _Finding(_rewrapped_message(label, rewrap, one))
        if shown is None:
            what = f"returns `{one}` objects" if one else "returns Pydantic models or their dumps"
            if all(k.kind == Kind.DUMPED and k.what == _DATACLASS_DUMP for k in shaped):
                what = "returns dataclasses dumped by `asdict()`"
            return _Finding(
                f"{label} {what} but declares no return type: the response is undocumented "
                f"in OpenAPI{hint}"
            )
        return _Finding(
            f"{label} returns `{shown}`, which is not a response model: the response is "
            f"undocumented in OpenAPI{hint}"
        )

    def _default_response_class(self, project: Project, route: Route) -> Expr | str | None:
        """The ``default_response_class`` of the route's routers/app: Expr, None, or "unknown"."""
        found = None
        for inst in project.include_chain(route.receiver):
            if inst.call.has_star:
                return "unknown"
            e = inst.kw("default_response_class")
            if e is not None and found is None:
                found = e
            for _parent, mc in inst.included_by:
                if mc.call.has_star:
                    return "unknown"
                e = kwarg(mc.call, "default_response_class")
                if e is not None and found is None:
                    found = e
        return found

    bad = (
        Example(
            files={"console/__init__.py": "", "console/server.py": _UI_SERVER},
            note="the shipped-folder trap's bad twin: the tree holds no `ui/` folder (it is "
            "built elsewhere, or not at all), so the placeholder route may be registered",
            lines=(12,),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/api/__init__.py": "",
                "app/main.py": """\
from fastapi import FastAPI

from app.api import billing, orders

app = FastAPI()
app.include_router(orders.router)
app.include_router(billing.router)
""",
                "app/api/orders.py": """\
from fastapi import APIRouter

router = APIRouter(prefix="/orders")


@router.get("/{item_id}")
async def read_orders(item_id: int):
    return {"id": item_id}
""",
                "app/api/billing.py": """\
from fastapi import APIRouter

router = APIRouter(prefix="/billing")


@router.get("/{item_id}")
async def read_billing(item_id: int):
    return {"id": item_id}
""",
            },
            note="the other side of the left-out-router trap: routers the application "
            "includes by hand are served",
            lines=(7,),
        ),
        snippet(
            """\
from typing import Annotated, Any

from fastapi import Body, FastAPI

from app.store import prefs

app = FastAPI()


@app.get("/prefs/{key}")
def read_pref(key: str) -> Any:
    return prefs.load(key)


@app.put("/prefs/{key}")
def write_pref(key: str, value: Annotated[Any, Body()]) -> None:
    prefs.save(key, value)


@app.get("/users/{key}")
def read_user(key: str) -> Any:
    return prefs.load(key)
""",
            note="the other side of the client-JSON store trap: a GET typed `-> Any` on a path "
            "nothing writes an opaque body to",
            lines=(21,),
        ),
        snippet(
            """\
from typing import Any

from fastapi import Body, FastAPI
from pydantic import BaseModel

app = FastAPI()


class Layout(BaseModel):
    columns: int
    theme: str


_saved: dict[str, Layout] = {}


async def load_layout(user: str) -> Layout:
    return _saved.get(user) or Layout(columns=2, theme="light")


@app.get("/layout/{user}")
async def read_layout(user: str) -> Any:
    return await load_layout(user)


@app.put("/layout/{user}")
async def write_layout(user: str, payload: Any = Body(...)) -> None:
    _saved[user] = Layout.model_validate(payload)
""",
            note="beside a write taking any JSON body, a GET typed `-> Any` that answers a model "
            "it builds: the stored value has a shape (the write validates it into `Layout`), "
            "which `-> Any` hides from the schema",
            lines=(22,),
        ),
        snippet(
            """\
from fastapi import FastAPI

from app.extensions import load_extensions

app = FastAPI()
EXTENSIONS = load_extensions()


@app.get("/ext/{name}/size")
async def ext_size(name: str):
    ext = EXTENSIONS[name]
    return {"name": name, "size": ext.size()}
""",
            note="the other side of the gateway trap: an extension looked up by a parameter, "
            "but the answer is a dict built by hand around its value",
            lines=(10,),
        ),
        snippet(
            """\
from fastapi import Depends, FastAPI
from sqlalchemy.orm import Session

from app.db import Event, get_db

app = FastAPI()


@app.get("/events/{event_id}")
def get_event(event_id: int, db: Session = Depends(get_db)):
    event = db.query(Event).get(event_id)
    return event.to_json()
""",
            note="the gateway trap's other side: a record looked up by the id is handed no "
            "request, so its method's answer has one shape a model can describe",
            lines=(10,),
        ),
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI()

FILES: dict[str, dict[str, object]] = {}


@app.post("/files/{name:path}")
def upload(name: str):
    FILES[name] = {"size": 0}
    return {"stored": name}


@app.get("/files/{name:path}/meta")
def file_meta(name: str):
    return {"meta": FILES.get(name)}
""",
            note="the other side of the shadowed-route trap: the earlier `{name:path}` route "
            "takes only POST, so Starlette goes on to the later GET route, which runs",
            lines=(9, 15),
        ),
        snippet(
            """\
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
ROWS: dict[int, dict[str, object]] = {}


class Greeting(BaseModel):
    text: str


@app.get("/greetings/{lang}")
def greeting(lang: str):
    return {lang: Greeting(text="hello")}


@app.get("/rows/{row_id}", responses={200: {"content": {"application/json": {"example": {}}}}})
def row(row_id: int):
    return dict(ROWS[row_id])
""",
            note="the other side of the request-keyed and hand-documented traps: a dict keyed "
            "by a parameter whose values are one model (`dict[str, Greeting]` states it), and "
            "a success answer given an example but no schema in `responses=`",
            lines=(13, 18),
        ),
        snippet(
            """\
from fastapi import FastAPI, status
from pydantic import BaseModel

app = FastAPI()


class Health(BaseModel):
    status: str


class Problem(BaseModel):
    detail: str


@app.get("/health", responses={status.HTTP_503_SERVICE_UNAVAILABLE: {"model": Problem}})
def health():
    return Health(status="OK")
""",
            note="a model in `responses=` for another status documents that answer, not the "
            "route's own",
            lines=(16,),
        ),
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI()

ROWS: dict[str, dict[str, object]] = {}


@app.get("/rows/{key}")
def get_row(key: str):
    return key in ROWS and {"row": ROWS[key]}
""",
            note="the other side of the gated-response trap: what follows the test in front of "
            "`and` is returned, here a display of a stored row",
            lines=(9,),
        ),
        snippet(
            """\
from dataclasses import asdict, dataclass

from fastapi import FastAPI

app = FastAPI()


@dataclass
class Probe:
    up: bool
    checked: str

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["label"] = "up" if self.up else "down"
        return data


PROBES: dict[int, Probe] = {}
ROWS: dict[str, dict[str, object]] = {}


async def load(key: int) -> Probe:
    return PROBES[key]


@app.get("/probes")
async def all_probes() -> dict[str, object]:
    return {str(k): {"up": p.up, "checked": p.checked} for k, p in PROBES.items()}


@app.get("/probes/{key}")
async def one_probe(key: int) -> dict[str, object]:
    probe = await load(key)
    return probe.as_dict()


@app.get("/rows")
async def rows() -> dict[str, object]:
    return {k: row for k, row in ROWS.items()}
""",
            note="a dict comprehension of displays built by hand and a dataclass's own dump "
            "(through a helper annotated to return it) are undocumented, nothing seen to go "
            "out unfiltered; a comprehension of values the check cannot read may be data "
            "(seen in webgate)",
            lines=(28, 33, 39),
        ),
        snippet(
            """\
import httpx
from fastapi import FastAPI, Request, Response

app = FastAPI()
UPSTREAMS = {"users": "http://users:8000"}


@app.get("/{service}/{path:path}")
async def relay(service: str, path: str, request: Request):
    base = UPSTREAMS.get(service)
    if base is None:
        return {"error": "unknown service"}
    async with httpx.AsyncClient() as client:
        upstream = await client.get(f"{base}/{path}", headers=request.headers)
    return Response(content=upstream.content, status_code=upstream.status_code)
""",
            note="a proxy answering the upstream's response whole, and a dict built by hand "
            "when the service is unknown: the message says only those values are built by "
            "hand (seen in py-micro-services' gateway.py)",
            lines=(9,),
        ),
        snippet(
            """\
from functools import wraps

from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class Envelope(BaseModel):
    ok: bool
    data: object = None


class Item(BaseModel):
    name: str


def enveloped(func):
    @wraps(func)
    async def wrapper(*args, **kwargs):
        result = await func(*args, **kwargs)
        return Envelope(ok=True, data=result)

    return wrapper


def logged(func):
    @wraps(func)
    async def wrapper(*args, **kwargs):
        return await func(*args, **kwargs)

    return wrapper


@router.get("/item")
@enveloped
async def item():
    return Item(name="a")


@router.get("/other")
@logged
async def other():
    return Item(name="b")
""",
            note="a project decorator whose wrapper answers an `Envelope` around the result: "
            "the advice is `response_model=Envelope`, not `-> Item`; one that passes the "
            "result through keeps `-> Item` (seen in xposer's ResponseWrapperDecorator)",
            lines=(37, 43),
        ),
        Example(
            files={
                "app/scripts.py": _SCRIPTS.format(page="text"),
                "app/main.py": _SCRIPT_ROUTES,
            },
            note="the other side of the script trap: the page renders plain text, so both "
            "routes return strings with no declared type",
            lines=(9, 14),
        ),
        snippet(
            """\
from typing import Union

from fastapi import APIRouter, Response
from pydantic import BaseModel

router = APIRouter()


class Challenge(BaseModel):
    challenge: str


class Envelope(BaseModel):
    event: dict
    challenge: dict


class Ping(BaseModel):
    token: str


@router.post("/events")
async def post_events(message: Union[Ping, Challenge]):
    if isinstance(message, Challenge):
        return message.challenge
    return Response()


@router.post("/hooks")
async def post_hooks(message: Union[Envelope, Challenge]):
    return message.challenge
""",
            note="a field of a parameter typed as a union of models: a `str` wherever it "
            "exists is a plain value; typed differently by the members, it is unseen",
            lines=(23, 30),
        ),
        snippet(
            """\
from typing import Optional, Union

from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class Envelope(BaseModel):
    code: int = 0
    data: Optional[Union[BaseModel, dict, list, str]] = None


class Item(BaseModel):
    name: str


class ItemPage(BaseModel):
    items: list[Item]


@router.get("/items")
async def list_items():
    return Envelope(data=Item(name="a"))


@router.get("/pages")
async def list_pages():
    return ItemPage(items=[Item(name="a")])
""",
            note="an envelope whose payload field is typed as bare `BaseModel` (lsshu-cms): "
            "declaring it would empty the payload, so the advice says to type the field first",
            lines=(23, 28),
        ),
        snippet(
            """\
import json

from fastapi import APIRouter, FastAPI

app = FastAPI()
app.router = APIRouter()
STORE: dict[int, str] = {}


@app.get("/users/{user_id}")
def user(user_id: int):
    return json.loads(STORE[user_id])
""",
            note="no schema is served, but the result is still serialised unfiltered",
            lines=(11,),
        ),
        snippet(
            """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/users/{user_id}")
async def get_user(user_id: int):
    return {"id": user_id, "hashed_password": "x"}
""",
            lines=(7,),
        ),
        snippet(
            """\
from dataclasses import asdict, dataclass

from fastapi import APIRouter

router = APIRouter()


@dataclass
class JobResult:
    exit_code: int
    log: str


def run_job(command: str) -> JobResult:
    return JobResult(exit_code=0, log=command)


@router.post("/jobs")
async def start_job(command: str):
    if not command:
        return {"started": False, "reason": "empty command"}
    return {"started": True, "result": asdict(run_job(command))}


@router.get("/jobs/last")
async def last_job():
    return asdict(run_job("last"))
""",
            note="a dataclass's dump (`asdict()`) is shaped by its class like a model's dump: a "
            "display built around it is built by hand, and one returned whole is undocumented",
            lines=(19, 26),
        ),
        snippet(
            """\
from fastapi import APIRouter

router = APIRouter()


class Tally:
    def __init__(self) -> None:
        self.counts = {"a": 1}


TALLY = Tally()


@router.get("/tally")
async def tally():
    return {"status": "ok", "by_label": dict(TALLY.counts)}


@router.get("/tally/raw")
async def tally_raw():
    return dict(TALLY.counts)
""",
            note="a copy (`dict(x)`) under a key chosen by hand is judged as what it copies: "
            "the display is built by hand; returned whole, the copy is a dict of data",
            lines=(15, 20),
        ),
        Example(
            files={
                **_PROXY_WITH_MIXIN,
                "svc/app.py": """\
from fastapi import FastAPI

from svc.proxy import Proxy


def create_app(config: dict) -> FastAPI:
    app = FastAPI()
    proxy = Proxy(config)

    @app.get("/v1/usage")
    async def usage():
        return proxy.usage()

    return app
""",
            },
            note="the other side of the factory's object: its method, found in a base class, "
            "is typed to return a bare `dict` of its data",
            lines=(11,),
        ),
        Example(
            files={
                "app/routes.py": """\
from typing import Any, Dict, Mapping, Optional

import fastapi
from fastapi import status
from fastapi.responses import JSONResponse, ORJSONResponse

from app.types import JSON

router = fastapi.APIRouter()


@router.get("/a")
def a() -> dict:
    return {}


@router.get("/b")
def b() -> Dict[str, Any]:
    return {}


@router.get("/c", response_class=ORJSONResponse, status_code=status.HTTP_200_OK)
def c() -> list[dict]:
    return []


@router.get("/d")
def d() -> Optional[Mapping]:
    return {}


@router.get("/e")
def e() -> JSON:
    return {}


@router.get("/f")
def f(flag: bool):
    if flag:
        return JSONResponse({"ok": True})
    return {"ok": False}
""",
                "app/types.py": """\
from typing import Any

JSON = dict[str, Any]
""",
            },
            note="untyped annotations, a JSON response class, a type alias, a mixed body",
            lines=(13, 18, 23, 28, 33, 38),
        ),
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI()


def _load(key: str) -> dict[str, str]:
    return {"key": key}


async def show(key: str):
    value = _load(key)
    return value


app.add_api_route("/items/{key}", show)
""",
            note="add_api_route and a returned local bound to a helper typed to return a dict",
            lines=(10,),
        ),
        Example(
            files={
                "app/schemas.py": """\
from pydantic import BaseModel


class AliasOut(BaseModel):
    id: int
""",
                "app/routes.py": """\
from fastapi import APIRouter

from app.schemas import AliasOut

router = APIRouter()


class Backend:
    async def load(self, alias_id: int) -> dict:
        return {"id": alias_id}


def build(backend: Backend) -> APIRouter:
    @router.get("/aliases/{alias_id}")
    def get_alias(alias_id: int):
        return AliasOut.model_validate({"id": alias_id})

    @router.get("/raw/{alias_id}")
    async def raw(alias_id: int):
        return await backend.load(alias_id)

    return router
""",
            },
            note="a returned model without a return type (undocumented); a typed parameter's method returning a dict",
            lines=(15, 19),
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI, Request

from app.report import Report

app = FastAPI()


@app.get("/report")
async def report(request: Request):
    built = Report(request)
    return await built.totals()


@app.get("/internal/stats", include_in_schema=False)
async def stats(request: Request):
    return dict(request.app.state.counters)
""",
                "app/report.py": """\
from fastapi import Request


class Report:
    def __init__(self, request: Request) -> None:
        self.request = request

    async def totals(self) -> dict:
        return dict(self.request.query_params)
""",
            },
            note="a local instance's method that returns a dict of the request's; a route left "
            "out of the schema still sends its dict unfiltered",
            lines=(9, 15),
        ),
        Example(
            files={
                "app/main.py": """\
import json

from fastapi import APIRouter

from app.server import App

router = APIRouter()


def settings_kwargs() -> dict[str, object]:
    return {"title": "svc"}


app = App(**settings_kwargs())


@router.get("/config")
async def read_config(name: str):
    raw = json.dumps({"name": name})
    return json.loads(raw)


@router.get("/peers")
async def list_peers():
    return sorted(["b", "a"])


app.include_router(router)
""",
                "app/server.py": """\
from fastapi import FastAPI


class App(FastAPI):
    pass
""",
            },
            note="an app of a FastAPI subclass built from `**kwargs` (seen in gradio): its default "
            "response class is not seen, but JSON is all but certain; decoded JSON is data, and "
            "a library call's result is reported at medium confidence",
            lines=(18, 24),
        ),
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI()


class Engine:
    def run(self, text: str):
        return {"text": text}


def current():
    return Engine()


@app.get("/run")
def run(text: str):
    result = current().run(text)
    return result
""",
            note="a method called on a call's result is not a callee chosen at run time: "
            "what it returns is not seen, so the finding is medium",
            lines=(16,),
        ),
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI()
READY = {"done": False}


@app.get("/startup-events")
async def startup_events():
    if READY["done"]:
        return True
    return False


@app.get("/internal/flag", include_in_schema=False)
async def flag():
    return True


@app.post("/logout", include_in_schema=False, deprecated=True)
async def logout():
    \"\"\"Deprecated. See revoke_session.\"\"\"
    return {}


@app.post("/session/revoke")
async def revoke():
    return {}
""",
            note="plain values (seen in gradio) and only an empty dict (seen in tiled): "
            "nothing to filter, but undocumented; a route out of the schema has nothing to "
            "document",
            lines=(8, 26),
        ),
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI()


@app.head("/status")
@app.get("/status")
def status():
    return {"up": True}
""",
            note="a HEAD route stacked on a GET: the GET sends the body",
            lines=(8,),
        ),
        snippet(
            """\
from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

router = APIRouter()


class Completion(BaseModel):
    text: str


class Ask(BaseModel):
    prompt: str
    stream: bool = False


async def _stream(body: Ask) -> StreamingResponse:
    return StreamingResponse(iter([body.prompt]), media_type="text/event-stream")


@router.post("/completions")
async def complete(body: Ask):
    if body.stream:
        return await _stream(body)
    return Completion(text=body.prompt)
""",
            note="a model answered on one branch, a stream of its own on the other: the fix "
            "is `response_model=`, which FastAPI applies to the model alone",
            lines=(22,),
        ),
        snippet(
            """\
from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

router = APIRouter()


def _engine(request: Request):
    engine = request.app.state.engine
    if engine is None:
        return None, {"error": "no engine"}
    return engine, None


@router.get("/engine/state")
async def engine_state(request: Request):
    engine, err = _engine(request)
    if err:
        return err
    return StreamingResponse(engine.stream())


@router.get("/engine/stream")
async def engine_stream(request: Request, stream: bool = False):
    if stream:
        return StreamingResponse(iter([b"a"]))
    return {"tokens": [1, 2], "model": "m"}
""",
            note="the other side of the unpacked-helper and streaming traps: the helper's "
            "item is a dict, and a stream whose other answer is the data itself",
            lines=(15, 23),
        ),
        Example(
            files={
                "app/manager.py": """\
from fastapi import APIRouter


class Manager:
    def __init__(self, router: APIRouter) -> None:
        @router.get("/items/{name}")
        async def read_item(name: str):
            return await self._load(name)

    async def _load(self, name: str) -> dict[str, str]:
        return {"name": name, "owner_token": "x"}
""",
            },
            note="the other side of the nested-route trap: the method the route calls on its "
            "enclosing method's `self` returns a dict",
            lines=(7,),
        ),
        Example(
            files={
                "app/routes.py": """\
from fastapi import APIRouter
from upstream_sdk import client

router = APIRouter()


def to_dict(raw: bytes) -> dict[str, str]:
    return {"raw": raw.decode()}


@router.get("/assets/{name}")
async def asset(name: str):
    return await client.fetch(name, reader=to_dict)
""",
            },
            note="the other side of the reader trap: the reader handed to the library returns "
            "a dict (a library's result stays medium confidence)",
            lines=(12,),
        ),
        snippet(
            """\
from typing import Dict

from fastapi import APIRouter, Request
from pydantic import BaseModel

router = APIRouter()


class Flags(BaseModel):
    batch_size: int = 10


async def _cached(request: Request) -> dict | None:
    return request.app.state.cache.get(request.url.path)


@router.get("/report")
async def report(request: Request):
    if hit := await _cached(request):
        return hit
    return {"status": "empty"}


@router.post("/jobs")
async def start_job(flags: Flags) -> Dict:
    return {"message": "started", "config": {"batch_size": flags.batch_size}}
""",
            note="the other side of the walrus trap: the helper whose result the walrus binds "
            "is typed `-> dict | None`; and a `-> Dict` handler answering a display of plain "
            "values (a field of its model parameter) is still undocumented in the schema",
            lines=(18, 25),
        ),
        snippet(
            """\
from fastapi import APIRouter, Request

router = APIRouter()


@router.get("/__internal__/routes", include_in_schema=False)
async def internal_routes(request: Request):
    collected = []
    for route in request.app.routes:
        collected.append({"path": getattr(route, "path", None), "name": route.name})
    return collected
""",
            note="out of the schema, a list built by hand of values the check cannot read "
            "(getattr of a route): maybe objects sent whole, said with medium confidence",
            lines=(7,),
        ),
        snippet(
            _FACTORY_DISPLAY.format(field="region: dict = {}"),
            note="the other side of the factory-settings trap: a field typed as a bare mapping is "
            "data sent as it is, still neither validated nor filtered",
            lines=(19,),
        ),
        Example(
            files={
                "app/main.py": """\
import json

import httpx
from fastapi import APIRouter, Request

from app.gate import Gate

router = APIRouter()
gate = Gate()


@router.delete("/items/{item_id}")
async def delete_item(item_id: int):
    return {"code": 200, "message": "ok", "id": item_id}


@router.delete("/usage")
async def prune_usage() -> dict:
    return {"deleted": gate.prune()}


@router.get("/raw")
async def raw(request: Request):
    return {"code": 200, "data": json.loads(await request.body())}


@router.get("/health", include_in_schema=False)
async def health() -> dict:
    base = {"status": "ok"}
    base.update(getattr(gate, "payload", {}))
    return base


@router.get("/rate")
def rate():
    found = httpx.get("https://rates.example.com/eur").json()
    return {"rate": found}
""",
                "app/gate.py": """\
class Gate:
    def prune(self):
        return 0
""",
            },
            note="displays built by hand in the schema (undocumented, nothing seen to leak), "
            "one holding decoded JSON, and one out of the schema updated with a mapping the "
            "check cannot read",
            lines=(13, 18, 23, 28, 35),
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import APIRouter

from app.store import Store, card

router = APIRouter()
store = Store()


@router.get("/files")
async def list_files():
    files = store.files()
    return {"object": "list", "data": [{"id": f.id, "name": f.name} for f in files]}


@router.get("/cards")
async def list_cards():
    return {"data": [card(i) for i in store.ids()]}


@router.get("/dumps")
async def dumps():
    return [row.model_dump(mode="json") for row in store.files()]


@router.get("/rows")
async def rows():
    return {"data": [row for row in store.files()]}


@router.get("/task")
async def task():
    job = store.start()
    return job.task_id
""",
                "app/store.py": """\
def card(i: int) -> dict:
    return {"id": i, "object": "card"}


class Store:
    def files(self):
        return []

    def ids(self):
        return []

    def start(self):
        return None
""",
            },
            note="list comprehensions of items built by hand (a display, a helper's display, a "
            "model's dump: undocumented), one of the iterated rows themselves (unfiltered), and "
            "a value the check cannot see into (undocumented, not said to be unfiltered)",
            lines=(10, 16, 21, 26, 31),
        ),
        snippet(
            """\
import json

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

router = APIRouter()


def ok(data: dict) -> JSONResponse:
    return JSONResponse(data)


async def charts(project_id: int) -> dict:
    if project_id < 0:
        return {"error": "bad id", "rows": json.loads("[]")}
    return ok({"charts": []})


def registry_reply(data: dict):
    response = Response(json.dumps(data), media_type="application/json")
    if not data:
        response = json.loads("{}")
    return response


def registry_error(code: str):
    response = registry_reply({"code": code})
    return response


@router.get("/charts")
async def get_charts(project_id: int):
    return await charts(project_id)


@router.get("/v2/")
async def v2(flag: bool):
    if flag:
        return registry_error("UNAUTHORIZED")
    return registry_reply({})
""",
            note="traps: a helper typed `-> dict` that returns a dict beside a response, and a "
            "helper whose returned local is bound to decoded JSON beside a `Response`",
            lines=(32, 37),
        ),
        Example(
            files={
                "svc/handlers.py": """\
class StatsHandler:
    async def handle_request(self, body: dict) -> "dict":
        return {"rows": body}
""",
                "svc/server.py": """\
from typing import TYPE_CHECKING

from fastapi import FastAPI

if TYPE_CHECKING:
    from svc.handlers import StatsHandler


def build_server(stats_handler: "StatsHandler") -> FastAPI:
    app = FastAPI(title="Serve")

    @app.post("/v1/stats")
    async def stats(body: dict):
        return await stats_handler.handle_request(body)

    return app
""",
            },
            note="the other side of the forward-reference trap: the string annotation names a "
            'class whose method is typed `-> "dict"`: data, unfiltered and undocumented',
            lines=(13,),
        ),
        snippet(
            """\
from typing import Any

from fastapi import FastAPI, Request

app = FastAPI()


def _card(key: str, worker: Any) -> dict[str, Any]:
    return {"id": key, "name": getattr(worker, "name", None)}


@app.get("/workers")
def workers(request: Request) -> list[dict[str, Any]]:
    pool = request.app.state.pool
    cards: list[dict[str, Any]] = [_card(k, w) for k, w in pool.items()]
    return cards
""",
            note="a list annotated where it is built (`cards: list[dict] = [...]`) is read "
            "like a plain assignment: a helper's displays built by hand, undocumented only",
            lines=(13,),
        ),
        snippet(
            """\
from fastapi import FastAPI

JOBS: dict[str, "Job"] = {}


class Job:
    def __init__(self, name: str, token: str) -> None:
        self.name = name
        self.token = token

    def public(self) -> dict:
        return {"name": self.name}


def add_job_routes(app: FastAPI, fast: bool) -> None:
    route = "/jobs"
    if fast:
        other = "/jobs/fast"
    else:
        other = "/jobs/slow"

    @app.get(route)
    def list_jobs():
        return [job.public() for job in JOBS.values()]

    @app.get(other)
    def pick():
        return [job.public() for job in JOBS.values()][:1]


app = FastAPI()
add_job_routes(app, True)
""",
            note="a path held in a local bound once to a string is that string; one bound in "
            "branches is chosen at run time; whatever the items are, no response model "
            "validates or filters them (seen in harbor and rapid-mlx)",
            lines=(23, 27),
        ),
        snippet(
            """\
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse

app = FastAPI()


class Callback:
    async def handle(self, request: Request):
        if request.query_params.get("error"):
            return HTMLResponse("<p>denied</p>")
        return RedirectResponse("/")


class Report:
    def __init__(self, name: str) -> None:
        self.name = name

    def summary(self):
        return {"name": self.name, "rows": 0}


@app.get("/callback")
async def callback(request: Request):
    return await Callback().handle(request)


@app.get("/report")
def report():
    return Report("daily").summary()
""",
            note="a method of a project object built in the same expression is followed: one "
            "answering only responses needs no model (the callback), one building a dict by "
            "hand does (seen in flet-fastapi)",
            lines=(28,),
        ),
        Example(
            files={
                "app/main.py": """\
from __future__ import annotations

from fastapi import FastAPI

from app.schemas import PingOut

app = FastAPI()


@app.get("/status")
async def status():
    from app.schemas import StatusOut

    return StatusOut(state="ok")


@app.get("/ping")
async def ping():
    return PingOut(pong=True)
""",
                "app/schemas.py": """\
from pydantic import BaseModel


class StatusOut(BaseModel):
    state: str


class PingOut(BaseModel):
    pong: bool
""",
            },
            note="a model the handler imports in its own body: the advice says to import it at "
            "module level before annotating, which could not resolve it otherwise; a model "
            "imported at module level needs only the annotation",
            lines=(11, 18),
        ),
    )
    good = (
        Example(
            files={
                "console/__init__.py": "",
                "console/server.py": _UI_SERVER,
                "console/ui/index.html": "<html></html>\n",
            },
            note="trap: a route registered only when `ui/`, beside the module, is missing; the "
            "package ships that folder, so the installed app mounts it and never has the route",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/api/__init__.py": "",
                "app/main.py": """\
from fastapi import FastAPI

from app.api import billing, orders

app = FastAPI()
app.include_router(orders.router)
app.include_router(billing.router)
# app.include_router(exports.router)
""",
                "app/api/orders.py": """\
from fastapi import APIRouter

router = APIRouter(prefix="/orders")


@router.get("/{item_id}")
async def read_orders(item_id: int) -> dict[str, int]:
    return {"id": item_id}
""",
                "app/api/billing.py": """\
from fastapi import APIRouter

router = APIRouter(prefix="/billing")


@router.get("/{item_id}")
async def read_billing(item_id: int) -> dict[str, int]:
    return {"id": item_id}
""",
                "app/api/exports.py": """\
from fastapi import APIRouter

router = APIRouter(prefix="/exports")


@router.get("/{item_id}")
async def read_exports(item_id: int):
    return {"id": item_id}
""",
            },
            note="trap: the application includes its folder's routers one by one and leaves "
            "`exports` out; nothing imports or names it, so its route is never served",
        ),
        snippet(
            """\
from typing import Any

from fastapi import APIRouter, Body

from app.store import blobs

router = APIRouter(prefix="/ui")


@router.get("/state/{name}")
def load_state(name: str) -> Any:
    return blobs.get(name)


@router.put("/state/{name}")
def save_state(name: str, value: Any = Body(...)) -> Any:
    blobs.put(name, value)
    return value
""",
            note="a key-value store of client-owned JSON (seen in hanakura): the PUT accepts any "
            "JSON value as its body and the GET answers it back, so `Any` is the whole "
            "contract and no response model could document it",
        ),
        snippet(
            """\
from fastapi import FastAPI, Request

from app.extensions import load_extensions

app = FastAPI()
EXTENSIONS = load_extensions()


@app.get("/ext/{path:path}")
async def ext_get(request: Request, path: str):
    ext = EXTENSIONS[path.partition("/")[0]]
    return await ext.handle_get(request)


@app.post("/ext/{name}")
async def ext_post(request: Request, name: str):
    return await EXTENSIONS.get(name).handle_post(request)
""",
            note="a gateway: the answer is whatever the extension the request names returns "
            "(an object looked up by a parameter, then its method called), which no one "
            "response model can describe",
        ),
        snippet(
            """\
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()

FILES: dict[str, dict[str, object]] = {}


class File(BaseModel):
    name: str


@app.get("/files/{name:path}")
def read_file(name: str) -> File:
    return File(name=name)


@app.get("/files/{name:path}/meta")
def file_meta(name: str):
    return {"meta": FILES.get(name)}
""",
            note="a route registered after one of the same app whose `{name:path}` takes the "
            "rest of every URL it matches, for the same method: Starlette hands every "
            "request to the earlier route, so the later handler never runs",
        ),
        snippet(
            """\
from typing import Any

from fastapi import FastAPI

app = FastAPI()
COUNTERS: dict[str, Any] = {}


class Store:
    def fetch(self, order_id: int) -> Any:
        return None


store = Store()


@app.get(
    "/stats",
    responses={
        200: {
            "description": "Counters by name",
            "content": {
                "application/json": {
                    "schema": {"type": "object", "additionalProperties": {"type": "integer"}}
                }
            },
        }
    },
)
def stats():
    return dict(COUNTERS)


@app.get("/orders/{order_id}/{column}")
def order_column(order_id: int, column: str):
    order = store.fetch(order_id)
    if column == "owner_id":
        return {"owner_id": order.owner_id}
    answer = {column: getattr(order, column)}
    return answer
""",
            note="a success answer whose JSON schema `responses=` writes by hand (FastAPI "
            "merges it into the route's own response), and a per-column getter whose dict is "
            "keyed by the path parameter (seen in pixlstash): no response model can have the "
            "request's keys",
        ),
        snippet(
            """\
from fastapi import FastAPI, status
from pydantic import BaseModel

app = FastAPI()


class Health(BaseModel):
    status: str


class Stored(BaseModel):
    name: str


@app.get("/health", responses={status.HTTP_200_OK: {"model": Health}})
def health():
    return Health(status="OK")


@app.post("/files", status_code=201, responses={"201": {"model": Stored, "description": "Stored"}})
def store():
    return Stored(name="a.txt")
""",
            note="the route's own success status given a model in `responses=` (seen in "
            "webhook-testing, examuploader): FastAPI documents the answer with it",
        ),
        Example(
            files={
                "app/scripts.py": _SCRIPTS.format(page="PlainTextResponse(text)"),
                "app/main.py": _SCRIPT_ROUTES,
            },
            note="helpers annotated `-> str` whose code returns a `PlainTextResponse` "
            "(seen in mqtt-rest): the chain of returned calls ends in a response, also "
            "through an attribute annotated with a union whose every member's method "
            "answers one (`get_plugin(name).job.render(...)`): FastAPI passes it through",
        ),
        Example(
            files={
                **_PROXY_WITH_MIXIN,
                "svc/app.py": """\
from fastapi import FastAPI, Request

from svc.proxy import Proxy


def create_app(config: dict) -> FastAPI:
    app = FastAPI()
    proxy = Proxy(config)

    @app.post("/v1/compress")
    async def compress(request: Request):
        return await proxy.handle_compress(request)

    return app
""",
            },
            note="a route a factory defines returns a method of an object the factory built "
            "(`proxy = Proxy(config)`), typed in a base class to return a response",
        ),
        Example(
            files={
                "svc/handlers.py": """\
from fastapi.responses import JSONResponse, StreamingResponse


class CompletionHandler:
    async def handle_request(self, body: dict) -> "StreamingResponse | JSONResponse":
        if body.get("stream"):
            return StreamingResponse(iter(()))
        return JSONResponse({"ok": True})
""",
                "svc/server.py": """\
from typing import TYPE_CHECKING

from fastapi import FastAPI

if TYPE_CHECKING:
    from svc.handlers import CompletionHandler


def build_server(completion_handler: "CompletionHandler") -> FastAPI:
    app = FastAPI(title="Serve")

    @app.post("/v1/completions")
    async def completions(body: dict):
        return await completion_handler.handle_request(body)

    return app
""",
            },
            note="a handler whose object is typed by a string annotation (a class imported "
            "under `TYPE_CHECKING`), and whose method's string annotation names only "
            "responses (seen in transformers)",
        ),
        Example(
            files={
                "app/resp.py": """\
from fastapi.responses import JSONResponse as _JSONResponse


def SUCCESS_200(data: dict):
    return _JSONResponse(status_code=200, content={"code": 0, "data": data})
""",
                "app/controller.py": """\
from app.resp import SUCCESS_200


async def get_charts(project_id: int) -> dict:
    return SUCCESS_200({"charts": [], "project": project_id})
""",
                "app/registry.py": """\
import json

from fastapi import APIRouter
from fastapi.responses import Response

router = APIRouter()


def _json_response(data, status=200):
    response = Response(json.dumps(data), status_code=status, media_type="application/json")
    response.headers["Docker-Distribution-Api-Version"] = "registry/2.0"
    return response


def error_message(code: str, status: int):
    response = _json_response({"errors": [{"code": code}]}, status=status)
    if status == 401:
        response.headers["Www-Authenticate"] = "Basic"
    return response


@router.get("/v2/")
async def v2(authorized: bool):
    if not authorized:
        return error_message("UNAUTHORIZED", 401)
    return _json_response({})
""",
                "app/routes.py": """\
from fastapi import APIRouter

from app.controller import get_charts

router = APIRouter()


@router.get("/charts")
async def charts(project_id: int = 1):
    return await get_charts(project_id)
""",
            },
            note="only responses, whatever the helper's annotation says (a helper typed "
            "`-> dict` that returns a response helper's result, seen in swanboard), and a "
            "helper that returns a local built by a helper that builds a `Response` (seen "
            "in conda-store)",
        ),
        snippet(
            """\
from fastapi import APIRouter, Request

router = APIRouter()


@router.get("/__internal__/routes", include_in_schema=False)
async def internal_routes(request: Request, prefix: str):
    collected = []
    if request.app.routes:
        collected.append({"path": prefix, "method": "GET"})
    return collected


@router.get("/__internal__/ping", include_in_schema=False)
async def ping():
    return {"status": "ok", "code": 200}
""",
            note="routes out of the schema returning displays built by hand, without a return "
            "type: nothing to filter, no schema to document (seen in verge-auth-sdk)",
        ),
        snippet(
            _FACTORY_DISPLAY.format(field='region: str = "eu"'),
            note="trap: a route out of the schema, defined in the app's factory, answering "
            "plain values and fields of the factory's settings instance (a parameter, else "
            "the settings loader's result): nothing to validate or filter",
        ),
        snippet(
            """\
from typing import Dict, Tuple

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

router = APIRouter()


class Item(BaseModel):
    name: str


async def _access_denied(request: Request, kind: str) -> JSONResponse | None:
    if kind in request.app.state.blocked:
        return JSONResponse({"error": "blocked"}, status_code=403)
    return None


@router.get("/sources/{kind}/token")
async def source_token(kind: str, request: Request):
    if denied := await _access_denied(request, kind):
        return denied
    return JSONResponse({"token": "t"})


@router.delete("/sources/{kind}")
async def remove_source(kind: str, request: Request):
    denied = await _access_denied(request, kind)
    if denied:
        return denied
    return JSONResponse({"removed": kind})


async def _sync(items: list[Item]) -> Tuple[int, int]:
    return len(items), 0


@router.post("/items/sync", include_in_schema=False)
async def sync_items(items: list[Item]) -> Dict:
    added, updated = await _sync(items)
    first = Item.model_validate(items[0]).model_dump(mode="json")
    return {"message": f"synced {len(items)}", "added": added, "updated": updated, "first": first}
""",
            note="a helper typed `-> JSONResponse | None` whose result a walrus (or a plain "
            "assignment) binds, then returned (seen in openrag): only responses leave; and, out "
            "of the schema, a `-> Dict` handler whose display holds only plain values (the "
            "counts a helper typed `-> Tuple[int, int]` returns) and a model's dump: nothing to "
            "filter and nothing to document (seen in fides)",
        ),
        snippet(
            """\
import gzip
import json

from fastapi import FastAPI, Request, Response

app = FastAPI()


def unchanged(request, tag):
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers={"ETag": tag})
    return None


def _rendered(body, tag, zipped):
    headers = {"ETag": tag, "Content-Encoding": "gzip"} if zipped else {"ETag": tag}
    return Response(body, media_type="application/json", headers=headers)


def cached_json(payload, request=None):
    body = json.dumps(payload).encode()
    tag = str(hash(body))
    hit = request is not None and unchanged(request, tag)
    if hit:
        return hit
    return _rendered(gzip.compress(body), tag, True)


@app.get("/stats")
def stats(request: Request):
    return cached_json({"count": 3}, request=request)
""",
            note="trap: a helper that answers a built `Response` (a 304 when a test in front "
            "of `and` holds, else the rendered body): only responses leave the route (seen in "
            "vmn-exp)",
        ),
        snippet(
            """\
from fastapi import APIRouter, FastAPI

app = FastAPI()
app.router = APIRouter()
internal = FastAPI(openapi_url=None)


@app.post("/status")
def status() -> str:
    return "ok"


@app.get("/ready")
def ready():
    return True


@internal.get("/flags")
def flags():
    return {}
""",
            note="apps that serve no schema (router replaced, openapi_url=None): nothing "
            "there is undocumented",
        ),
        snippet(
            """\
from typing import Callable, Optional

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

router = APIRouter()


def _engine(request: Request):
    engine = request.app.state.engine
    if engine is None:
        return None, JSONResponse({"error": "no engine"}, status_code=503)
    return engine, None


@router.get("/engine/state")
async def engine_state(request: Request):
    engine, err = _engine(request)
    if err:
        return err
    return JSONResponse(engine.state())


def rdf_response(format: str = Query("xml")):
    def create_response(graph) -> Response:
        return Response(graph.serialize(format=format), media_type="application/xml")

    return create_response


@router.get("/catalog")
def catalog(render=Depends(rdf_response)):
    return render(object())


class Auth:
    on_denied: Optional[Callable[[Request], Response]] = None

    def install(self, app: FastAPI) -> None:
        @app.get("/callback")
        async def callback(request: Request):
            if self.on_denied is not None:
                return self.on_denied(request)
            return Response(status_code=403)


@router.get("/download/{name}")
async def download(name: str):
    try:
        return StreamingResponse(open(name, "rb"), media_type="application/octet-stream")
    except OSError as e:
        return {"error": str(e)}, 500
""",
            note="only responses leave these handlers: item 1 of a helper's `(None, "
            "JSONResponse)` tuple (seen in lmcache), a function a `Depends(factory)` "
            "injects that builds a `Response` (seen in nomad), a `Callable[..., Response]` "
            "attribute (seen in writer); and a download whose only JSON is an error object "
            "(seen in open-interpreter)",
        ),
        snippet(
            """\
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse

router = APIRouter()


async def speech_openai(request: Request) -> FileResponse:
    return FileResponse("speech.mp3")


async def speech_local(request: Request) -> FileResponse:
    return FileResponse("local.mp3")


HANDLERS = {"openai": speech_openai, "local": speech_local}


@router.post("/speech")
async def speech(request: Request, engine: str = "openai"):
    return await HANDLERS[engine](request)
""",
            note="a response returned through dynamic dispatch (seen in open-webui): it cannot be known, so silent",
        ),
        snippet(
            """\
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse

router = APIRouter()


async def speech_openai(request: Request) -> FileResponse:
    return FileResponse("speech.mp3")


ENGINES = {"openai": speech_openai}


@router.post("/speech")
async def speech(request: Request, engine: str = "openai"):
    handler = ENGINES.get(engine)
    response = await handler(request)
    return response
""",
            note="the same, through a local variable holding the chosen handler",
        ),
        snippet(
            """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class UserOut(BaseModel):
    id: int


@router.get("/users/{user_id}")
async def get_user(user_id: int) -> UserOut:
    return UserOut(id=user_id)


@router.get("/users", response_model=list[UserOut])
async def list_users():
    return []


@router.get("/raw", response_model=None)
async def raw() -> dict:
    return {}


@router.get("/counts")
async def counts() -> dict[str, int]:
    return {}


@router.get("/name")
async def name() -> str:
    return "x"


@router.get("/later")
async def later() -> "UserOut":
    return UserOut(id=1)
"""
        ),
        snippet(
            """\
from typing import Any

from fastapi import APIRouter, Response, status
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, RedirectResponse, StreamingResponse
from fastapi.templating import Jinja2Templates

router = APIRouter()
templates = Jinja2Templates(directory="templates")


@router.get("/page", response_class=HTMLResponse)
async def page() -> str:
    return "<h1>hi</h1>"


@router.get("/file")
async def file() -> FileResponse:
    return FileResponse("a.txt")


@router.delete("/items/{item_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_item(item_id: int):
    return None


@router.delete("/other/{item_id}", status_code=204)
async def delete_other(item_id: int) -> Any:
    return {}


@router.get("/export")
async def export():
    response = StreamingResponse(iter([b"a"]), media_type="text/csv")
    response.headers["Content-Disposition"] = "attachment"
    return response


@router.get("/go")
async def go(ok: bool):
    if ok:
        return RedirectResponse("/")
    return PlainTextResponse("no")


@router.get("/home")
async def home(request: Any):
    return templates.TemplateResponse(request, "home.html")


@router.get("/empty")
async def empty() -> Response | None:
    return None


@router.post("/ping")
async def ping(payload: dict):
    print(payload)


def csv_response(rows: list[str]) -> StreamingResponse:
    return StreamingResponse(iter(rows), media_type="text/csv")


@router.get("/report")
async def report():
    response = csv_response(["a"])
    return response


@router.get("/csv")
async def csv():
    return csv_response(["a"])


@router.post("/logout")
async def logout(response: Response):
    response.delete_cookie("session")
    return None
""",
            note="non-JSON responses, 204, Response-only bodies (helpers included), no return value",
        ),
        Example(
            files={
                "app/auth.py": """\
from typing import Generic, TypeVar

from fastapi.responses import JSONResponse, Response

U = TypeVar("U")


class Backend(Generic[U]):
    async def login(self, user: U) -> Response:
        return JSONResponse({"token": "t"})

    async def logout(self, user: U) -> Response:
        return Response(status_code=204)
""",
                "app/routes.py": """\
from fastapi import APIRouter

from app.auth import Backend


def get_auth_router(backend: Backend[str]) -> APIRouter:
    router = APIRouter()

    @router.post("/login")
    async def login(user: str):
        return await backend.login(user)

    @router.post("/logout")
    async def logout(user: str):
        response = await backend.logout(user)
        print(response.status_code)
        return response

    return router
""",
            },
            note="a factory's typed parameter whose methods return a Response (seen in fastapi-users)",
        ),
        snippet(
            """\
from fastapi import FastAPI, WebSocket
from fastapi.responses import HTMLResponse

app = FastAPI(default_response_class=HTMLResponse)


@app.get("/")
async def index():
    return "<p>hello</p>"


@app.websocket("/ws")
async def ws(socket: WebSocket):
    return {"x": 1}
""",
            note="an app-wide HTML response class; websocket routes",
        ),
        snippet(
            """\
from flask import Flask

app = Flask(__name__)


@app.get("/users")
def users():
    return {"users": []}


def helper():
    return {"a": 1}
""",
            note="Flask routes and plain functions are not FastAPI routes",
        ),
        snippet(
            """\
from fastapi import APIRouter

router = APIRouter()
opts = {"response_model": None}


@router.get("/x", **opts)
async def x():
    return {"x": 1}


@router.get("/stream")
async def stream():
    for i in range(3):
        yield {"i": i}
""",
            note="decorator **kwargs are unknown; generators stream",
        ),
        Example(
            files={
                "app/pages.py": """\
from fastapi import Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.templating import Jinja2Templates
from starlette.templating import _TemplateResponse

templates = Jinja2Templates(directory="templates")


class Page:
    def __init__(self, request: Request) -> None:
        self.request = request

    async def render(self) -> HTMLResponse:
        return HTMLResponse("<p>ok</p>")


def download(name: str):
    if not name.isidentifier():
        return FileResponse("missing.html")
    return FileResponse(f"files/{name}")


class FormHelper:
    def __init__(self, template: str, request: Request) -> None:
        self.template, self.request = template, request

    async def get_response(self) -> _TemplateResponse:
        return templates.TemplateResponse(self.request, self.template)
""",
                "app/main.py": """\
from authlib.integrations.starlette_client import OAuth
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import RedirectResponse

from app.pages import FormHelper, Page, download

app = FastAPI(docs_url=None)
oauth = OAuth()


@app.get("/dashboard")
async def dashboard(request: Request):
    page = Page(request)
    return await page.render()


@app.get("/files/{name}")
def files(name: str):
    return download(name)


@app.api_route("/clients/new", methods=["GET", "POST"])
async def new_client(request: Request):
    form_helper = FormHelper("clients/new.html", request)
    if request.method == "POST":
        return RedirectResponse("/clients", status_code=303)
    return await form_helper.get_response()


@app.get("/docs", include_in_schema=False)
async def docs():
    return get_swagger_ui_html(openapi_url="/openapi.json", title="x")


@app.get("/login")
async def login(request: Request):
    return await oauth.google.authorize_redirect(request, "/auth")


def attach_hf(app: FastAPI, make_client, make_templates) -> None:
    hf = make_client()
    pages = make_templates()

    @app.get("/login/huggingface")
    async def hf_login(request: Request):
        \"\"\"Redirect to the provider.\"\"\"
        return await hf.authorize_redirect(request, "/cb")

    @app.get("/service-worker.js")
    async def service_worker(request: Request):
        return pages.TemplateResponse(request, "sw.js", {})
""",
            },
            note="responses the handler does not build itself: methods of local instances of "
            "project classes annotated `-> HTMLResponse` / `-> _TemplateResponse`, an unannotated project helper that "
            "returns `FileResponse`s, FastAPI's `get_swagger_ui_html`, and a library object's "
            "method (an OAuth client's redirect: the check cannot tell, so it says nothing), also "
            "on a client made in the enclosing function (seen in gradio)",
        ),
        snippet(
            """\
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

app = FastAPI()


class Form:
    def __init__(self, request: Request) -> None:
        self.request = request

    async def render(self) -> HTMLResponse:
        return HTMLResponse("<form></form>")


@app.get("/signup")
async def signup(request: Request):
    form = Form(request)
    response = await form.render()
    response.set_cookie("flow", "signup", httponly=True, secure=True)
    return response
""",
            note="a local instance's method assigned to a returned local (seen in fief)",
        ),
        Example(
            files={
                "app/main.py": """\
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from pydantic import BaseModel

app = FastAPI()
R = TypeVar("R", bound=Response)


class Run(BaseModel):
    id: int
    secret_config: str = ""


def with_cookie(response: R, value: str) -> R:
    response.set_cookie("seen", value, httponly=True, secure=True)
    return response


async def relay(payload: dict[str, Any]) -> object:
    return StreamingResponse(iter([str(payload).encode()]))


@app.get("/callback")
async def callback(code: str):
    return with_cookie(RedirectResponse("/"), code)


@app.post("/stream")
async def stream(request: Request):
    return await relay(await request.json())


@app.get("/schema", include_in_schema=False)
async def schema():
    return get_openapi(title="api", version="1", routes=app.routes)


@app.get("/openapi-lite.json")
async def lite_schema():
    document = {"openapi": "3.1.0", "info": {"title": "api", "version": "1"}, "paths": {}}
    document["paths"]["/ping"] = {"get": {"responses": {"200": {"description": "ok"}}}}
    return document


@app.get("/runs/{run_id}")
async def get_run(run_id: int) -> Any:
    run = Run(id=run_id)
    return run.model_dump(mode="json", exclude={"secret_config"})
""",
            },
            note="a TypeVar-generic helper handing a Response back (seen in fief), a helper typed "
            "`-> object` that streams (seen in litellm), the app's own OpenAPI document (seen in "
            "r2r) or one built by hand as a dict (seen in gradio), a model dumped with "
            "`exclude=` on purpose under `-> Any` (seen in zenml)",
        ),
        snippet(
            """\
from fastapi import FastAPI
from scalar_fastapi import get_scalar_api_reference
from somewhere_else import render_page

app = FastAPI()


@app.head("/")
def status_check():
    return {"message": "up"}


@app.get("/scalar", include_in_schema=False)
def scalar_html():
    return get_scalar_api_reference(openapi_url="/openapi.json", title="API")


@app.get("/page", include_in_schema=False)
def page():
    return render_page("index")
""",
            note="a HEAD route sends no body (seen in chainlit); scalar-fastapi's page helper "
            "returns an HTMLResponse (seen in docling-serve); out of the schema, a library's "
            "value the check cannot see into is no evidence of data",
        ),
        Example(
            files={
                "app/files.py": """\
from fastapi.responses import FileResponse


class StoredFileResponse(FileResponse):
    def __init__(self, client: object, key: str) -> None:
        self.client = client
        super().__init__(key)
""",
                "app/manager.py": """\
from fastapi import APIRouter
from fastapi.responses import Response

from app.files import StoredFileResponse


class Manager:
    def __init__(self, router: APIRouter, client: object) -> None:
        @router.get("/view/{name}")
        async def view(name: str, raw: bool = False):
            if raw:
                return StoredFileResponse(client, name)
            return await self._render(name)

    async def _render(self, name: str) -> Response:
        return Response(f"<h1>{name}</h1>", media_type="text/html")
""",
            },
            note="a route nested in a method returns a project subclass of `FileResponse` and "
            "what a method of the enclosing method's `self` returns, a `Response` (seen in "
            "hypha): nothing is serialised",
        ),
        Example(
            files={
                "app/utils/__init__.py": "from .readers import *\n",
                "app/utils/readers.py": """\
from httpx import Response as Upstream
from starlette.responses import Response


async def to_response(upstream: Upstream) -> Response:
    return Response(upstream.content, status_code=upstream.status_code)
""",
                "app/routes.py": """\
from fastapi import APIRouter
from upstream_sdk import client

from app.utils import to_response

router = APIRouter()


@router.get("/assets/{name}")
async def asset(name: str):
    return await client.fetch(name, reader=to_response)
""",
            },
            note="a library call handed a project reader that returns a `Response`, imported "
            "through a package's star re-export (seen in youwol): the call may well answer "
            "that response, the check cannot know otherwise",
        ),
    )


def _shown(e: Expr | None) -> str:
    if not e:
        return "?"
    if isinstance(e, Name):
        return dotted_of(e) or "?"
    if isinstance(e, Sub):
        items = _items(e)
        return f"{_shown(e.value)}[{', '.join(_shown(i) for i in items)}]"
    if isinstance(e, Union):
        return " | ".join(_shown(i) for i in e.items)
    if isinstance(e, Lit):
        return e.value if isinstance(e.value, str) else repr(e.value)
    return "..."


def _status_of(e: Expr | None) -> int | None:
    """A status code written as a literal (``200``, ``"200"``) or a named constant
    (``status.HTTP_200_OK``); None otherwise."""
    if isinstance(e, Lit) and isinstance(e.value, int) and not isinstance(e.value, bool):
        return e.value
    if isinstance(e, Lit) and isinstance(e.value, str) and e.value.isdigit():
        return int(e.value)
    name = dotted_of(e) if isinstance(e, Name) else None
    m = _HTTP_CONSTANT.search(name or "")
    return int(m.group(1)) if m else None


_HTTP_CONSTANT = lazy_compile(r"(?:^|\.)HTTP_([1-5][0-9]{2})(?:_|$)")


def _success_documented_in_responses(route: Route) -> bool:
    """The decorator's ``responses=`` documents the route's own success status: it gives it
    a ``"model"`` (``responses={status.HTTP_200_OK: {"model": HealthCheck}}``, seen in
    webhook-testing and examuploader) or writes its JSON ``"schema"`` by hand under
    ``"content"`` (``{200: {"content": {"application/json": {"schema": {...}}}}}``, an answer
    no model can state on purpose, seen in pixlstash): FastAPI's ``get_openapi_path`` merges
    that entry into the route's own response, so the result is documented as its author
    chose."""
    responses = route.kw("responses")
    if not isinstance(responses, DictExpr):
        return False
    status = route.kw("status_code")
    own = 200 if status is None else _status_of(status)
    if own is None:
        return False
    return any(
        _status_of(key) == own
        and isinstance(value, DictExpr)
        and (any(is_lit(k, "model") for k, _ in value.items) or _json_schema_given(value))
        for key, value in responses.items
    )


#: The media type of a JSON route's own answer in FastAPI's schema (``JSONResponse``'s).
_JSON_MEDIA = "application/json"


def _json_schema_given(entry: DictExpr) -> bool:
    """A ``responses=`` entry whose ``"content"`` gives ``application/json`` a ``"schema"``
    (an ``"example"`` alone documents no shape)."""
    content = next((v for k, v in entry.items if is_lit(k, "content")), None)
    if not isinstance(content, DictExpr):
        return False
    media = next((v for k, v in content.items if is_lit(k, _JSON_MEDIA)), None)
    return isinstance(media, DictExpr) and any(is_lit(k, "schema") for k, _ in media.items)
