from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity, snippet
from auditor.facts import (
    Await,
    Call,
    Expr,
    Lit,
    Name,
    Seq,
    Sub,
    Union,
    dotted_of,
    is_ellipsis,
    is_lit,
    kwarg,
    qname_of,
)
from auditor.project import Binding, Project, Route
from auditor.responses import (
    JSON_RESPONSE,
    OTHER_RESPONSES,
    RESPONSE,
    annotation_names,
    is_response_class,
    makes_response,
)
from auditor.walker import ModuleContext, dotted

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


_names_in = annotation_names


def _local_method_returns_response(project: Project, owner: str | None, method: str) -> bool:
    """``page = Page(request); return await page.render()``: the local is an instance of the
    project class ``owner``, whose ``render`` is annotated to return a response (or, not
    annotated, returns only responses)."""
    cls = project.class_(owner) if owner else None
    found = project.method(cls, method) if cls is not None else None
    if found is None:
        return False
    return makes_response(project, found.qname, None)


def _library_object_call(project: Project, value: Expr | None) -> bool:
    """A method of an object a library made (``oauth = OAuth(config)`` at module level, then
    ``return await oauth.google.authorize_redirect(...)``): what it returns is the library's
    business, often a ``Response``; the check cannot tell, so it says nothing."""
    if isinstance(value, Await):
        value = value.value
    q = qname_of(value) if isinstance(value, Call) else None
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


def _method_returns_response(project: Project, fn, text: str | None) -> bool:
    """``backend.login(...)`` where ``backend`` is a parameter of the handler (or of the
    factory function that defines it) annotated with a project class whose ``login`` method
    is annotated to return a ``Response``."""
    if not text or text.count(".") != 1:
        return False
    name, method = text.split(".")
    owners = [fn]
    qname = fn.qname
    while ".<locals>." in qname:
        qname = qname.rsplit(".<locals>.", 1)[0]
        outer = project.function(qname)
        if outer is None:
            break
        owners.append(outer)
    for owner in owners:
        param = next((p for p in owner.params if p.name == name), None)
        if param is None:
            continue  # not this function's parameter: look in the enclosing one
        for q in _names_in(param.annotation):
            cls = project.class_(q)
            found = project.method(cls, method) if cls is not None else None
            if found is not None and any(
                is_response_class(project, n) for n in _names_in(found.returns)
            ):
                return True
        return False
    return False


def _no_content(e: Expr | None) -> bool:
    if is_lit(e, 204):
        return True
    return bool(isinstance(e, Name) and e.qname in NO_CONTENT)


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    carrier: bool = False
    function: str | None = None
    #: returned local name -> [[callee qname, callee text], ...] of its assignments
    names: dict[str, list[list[str | None]]] | None = None
    #: ``local.method`` returned (``return await page.render()``) -> the class the local
    #: was built from (``page = Page(request)``)
    methods: dict[str, str] | None = None


@dataclass
class _State:
    #: function -> local name -> the dotted callee text of its ``name = call(...)``
    texts: dict[str, dict[str, str | None]] = field(default_factory=dict)
    #: function -> returned local name -> [[callee qname, callee text], ...]
    names: dict[str, dict[str, list[list[str | None]]]] = field(default_factory=dict)
    #: function -> ``local.method`` returned -> the callee the local was bound to
    methods: dict[str, dict[str, str]] = field(default_factory=dict)


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
    project function annotated to return one (or, not annotated, that returns only
    responses itself: followed one level), by a method of a parameter (of the handler or of
    the factory defining it) whose class annotates that method to return one (`await
    backend.login(...)`), or by a method of a local instance of a project class (`page =
    Page(request); return await page.render()`).  A handler that returns a Pydantic model
    without declaring it is reported as undocumented rather than unfiltered; on a route
    left out of the schema (`include_in_schema=False`) that is no finding, and an
    unfiltered result is not called undocumented.

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
    `@router.get(..., response_model=UserOut)` instead.

    ## Fix safety
    No automatic fix: the right model is a design decision.

    ## Known problems
    A handler that returns the result of a dynamically dispatched call
    (`return await handlers[engine](request)`), or of a method of an object a library made
    (`oauth = OAuth(config)`, then `return await oauth.google.authorize_redirect(...)`), is
    skipped: it may return a `Response`, and the check cannot tell.

    A handler with no `return value` at all (it only raises, or returns nothing), and a
    generator handler (streaming), are skipped.  A route whose decorator or router
    expands `**kwargs` is skipped, since a response model may hide in them.  A return
    annotation written as a string is taken as typed.  A `Response` produced by something
    else (a helper two calls away, a handler picked from a dict, an attribute of a
    module-level object) is not recognised, and the route is reported (seen in open-webui).

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
        """``response = await backend.login(...)``: remember the callee as written, so that a
        method of a typed parameter can be looked up later (``local_call_binding`` only
        knows resolved, non-awaited callees)."""
        fn = ctx.function
        if fn is None or len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name):
            return
        texts = ctx.state(_State).texts.setdefault(fn.qname, {})
        value = node.value.value if isinstance(node.value, ast.Await) else node.value
        texts[node.targets[0].id] = dotted(value.func) if isinstance(value, ast.Call) else None

    def visit_Return(self, node: ast.Return, ctx: ModuleContext) -> None:
        fn = ctx.function
        if fn is None:
            return
        value = node.value.value if isinstance(node.value, ast.Await) else node.value
        if (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute)
            and isinstance(value.func.value, ast.Name)
        ):
            owner = ctx.local_call_binding(value.func.value.id)
            if owner is not None:
                call = f"{value.func.value.id}.{value.func.attr}"
                ctx.state(_State).methods.setdefault(fn.qname, {})[call] = owner
            return
        if not isinstance(node.value, ast.Name):
            return
        names = ctx.state(_State).names.setdefault(fn.qname, {})
        text = ctx.state(_State).texts.get(fn.qname, {}).get(node.value.id)
        names.setdefault(node.value.id, []).append([ctx.local_call_binding(node.value.id), text])

    def leave_FunctionDef(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext
    ) -> None:
        qname = ctx.child_qname(node.name)
        names = ctx.state(_State).names.pop(qname, None)
        methods = ctx.state(_State).methods.pop(qname, None)
        ctx.state(_State).texts.pop(qname, None)
        if methods or (names and any(q or t for callees in names.values() for q, t in callees)):
            ctx.report(
                node,
                "",
                data=_Data(carrier=True, function=qname, names=names, methods=methods),
            )

    leave_AsyncFunctionDef = leave_FunctionDef

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        bound: dict[tuple[str | None, str], list[list[str | None]]] = {}
        for h in hits:
            data = h.payload(_Data)
            if data.carrier:
                for name, callees in (data.names or {}).items():
                    bound[(data.function, name)] = callees
                for text, owner in (data.methods or {}).items():
                    bound[(data.function, text)] = [[owner, "<method>"]]
        out: list[Hit] = []
        seen: set[str] = set()
        for route in project.routes:
            if route.websocket or route.module.file_class != "app" or route.function.qname in seen:
                continue
            message = self._finding(project, route, bound)
            if message is None:
                continue
            seen.add(route.function.qname)
            fn = route.function
            out.append(
                self.project_hit(
                    message, path=route.module.path, line=fn.line, column=fn.column, data=_Data()
                )
            )
        return out

    def _finding(self, project: Project, route, bound) -> str | None:
        fn = route.function
        dec = route.decorator
        if dec.has_star or kwarg(dec, "response_model") is not None:
            return None
        if _no_content(route.kw("status_code")):
            return None
        response_class = route.kw("response_class")
        if response_class is None:
            response_class = self._default_response_class(project, route)
            if response_class == "unknown":
                return None
        if response_class is not None and _non_json_class(project, response_class) is not False:
            return None  # a non-JSON class, or one we cannot tell
        ann = fn.returns
        if ann is not None and any(is_response_class(project, q) for q in _names_in(ann)):
            return None
        if not untyped(project, ann):
            return None
        if fn.is_generator or not fn.return_values:
            return None
        values = [v for v in fn.return_values if not is_lit(v, None)]
        if not values:
            return None  # only ``return None``: nothing to filter
        if all(self._returns_response(project, fn, v, bound) for v in values):
            return None
        if any(_dynamic_call(v) or _dynamic_local(project, fn, v, bound) for v in values):
            return None  # ``return await handlers[engine](...)``: may be a Response (seen in open-webui)
        if any(_library_object_call(project, v) for v in values):
            return None  # a library object's method: its result may well be a Response
        label = _label(route)
        in_schema = not is_lit(route.kw("include_in_schema"), False)
        model = self._model_returned(project, fn) if ann is None else None
        if model is not None:
            if not in_schema:
                return None  # the model filters; the route is not in the OpenAPI schema
            short = model.rsplit(".", 1)[-1]
            return (
                f"{label} returns `{short}` objects but declares no return type: the response is undocumented "
                f"in OpenAPI (annotate `-> {short}`)"
            )
        what = "serialised unfiltered and undocumented" if in_schema else "serialised unfiltered"
        if ann is None:
            return f"{label} declares no response model and no return type: its result is {what}"
        shown = _shown(ann)
        return f"{label} returns `{shown}`, which is not a response model: its result is {what}"

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

    def _returns_response(self, project: Project, fn, value: Expr | None, bound) -> bool:
        if not value:
            return False
        if isinstance(value, Await):
            value = value.value
        if isinstance(value, Call):
            q = qname_of(value)
            text = dotted_of(value)
            if makes_response(project, q, text, caller=fn):
                return True
            local = bound.get((fn.qname, text)) if text else None
            if local and local[0][1] == "<method>" and text:
                return _local_method_returns_response(project, local[0][0], text.split(".")[-1])
            return q is None and _method_returns_response(project, fn, text)
        if isinstance(value, Name) and value.qname is None and dotted_of(value):
            callees = bound.get((fn.qname, value.dotted))
            return bool(callees) and all(
                makes_response(project, q, None)
                or (q is None and _method_returns_response(project, fn, t))
                for q, t in callees
            )
        return False

    def _model_returned(self, project: Project, fn) -> str | None:
        """The Pydantic model every returned value is built from (``Model(...)``,
        ``Model.model_validate(...)``), else None."""
        found: set[str] = set()
        for v in fn.return_values:
            if is_lit(v, None):
                continue
            if isinstance(v, Await):
                v = v.value
            q = qname_of(v) if isinstance(v, Call) else None
            if not q:
                return None
            if not project.is_pydantic_model(q):
                head, _, tail = q.rpartition(".")
                if tail not in MODEL_FACTORIES or not head or not project.is_pydantic_model(head):
                    return None
                q = head
            found.add(q)
        return next(iter(found)) if len(found) == 1 else None

    bad = (
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


def _load(key: str) -> object:
    return key


async def show(key: str):
    value = _load(key)
    return value


app.add_api_route("/items/{key}", show)
""",
            note="add_api_route and a returned local that is not a response",
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
async def stats():
    return {"users": 3}
""",
                "app/report.py": """\
from fastapi import Request


class Report:
    def __init__(self, request: Request) -> None:
        self.request = request

    async def totals(self) -> dict:
        return {"total": 3}
""",
            },
            note="a local instance's method that returns a plain dict; a route left out of the "
            "schema still sends its dict unfiltered",
            lines=(9, 15),
        ),
    )
    good = (
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
""",
            },
            note="responses the handler does not build itself: methods of local instances of "
            "project classes annotated `-> HTMLResponse` / `-> _TemplateResponse`, an unannotated project helper that "
            "returns `FileResponse`s, FastAPI's `get_swagger_ui_html`, and a library object's "
            "method (an OAuth client's redirect: the check cannot tell, so it says nothing)",
        ),
    )


def _label(route) -> str:
    methods = "/".join(route.methods) or "GET"
    paths = [p for p in route.full_paths if p is not None]
    where = paths[0] if paths else route.path
    name = route.function.name
    return f"`{methods} {where}` (`{name}`)" if where is not None else f"route `{name}`"


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


def _dynamic_call(value: Expr | None) -> bool:
    """A call whose callee is not a name (``table[key](...)``, ``make()(...)``), awaited or not:
    what it returns cannot be known statically."""
    if isinstance(value, Await):
        value = value.value
    return isinstance(value, Call) and not value.qname and not value.dotted


def _dynamic_local(project: Project, fn, value: Expr | None, bound) -> bool:
    """A returned local bound to a call of another local variable (``handler =
    TABLE.get(engine); response = await handler(...); return response``)."""
    if not isinstance(value, Name) or qname_of(value) is not None or not dotted_of(value):
        return False
    params = {p.name for p in fn.params}
    for q, t in bound.get((fn.qname, value.dotted), []):
        if (
            q is None
            and t
            and "." not in t
            and t not in params
            and project.function(f"{fn.module}.{t}") is None
        ):
            return True
    return False
