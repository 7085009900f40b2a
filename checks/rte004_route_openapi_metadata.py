from __future__ import annotations

import ast
import re
import textwrap
from typing import NamedTuple

from auditor.astwalk import statements
from auditor.check import Check, Example, Hit, Severity, snippet
from auditor.facts import (
    Await,
    Call,
    DictExpr,
    Function,
    Lit,
    MethodCall,
    Name,
    Seq,
    arg,
    dotted_of,
    is_lit,
    kwarg,
    lit,
    qname_of,
)
from auditor.lazyre import lazy_compile
from auditor.project import AppInstance, Project, Route
from auditor.recognisers import (
    call_keyword,
    is_main_guard,
    server_host_kind,
    tested_absent,
    under_test_mode,
)
from auditor.responses import called_function, returns_only_responses
from auditor.walker import ModuleContext

CREATE_PREFIXES = ("create_", "add_", "register_", "signup", "upload_")
#: What an ``add_*`` handler answers when it puts something into an existing resource
#: rather than making one: a count or a flag (``add_labels(...) -> int``).
_SCALARS = frozenset({"int", "bool", "float", "str"})
#: A path segment that names an action of adding to the resource before it
#: (``/projects/{name}/add_members``): the parent is updated, nothing new is addressed.
_ADD_ACTION = lazy_compile(r"add(?:$|[_\-A-Z])")
#: A last path segment, right after a path parameter, that is the verb of a creating
#: handler's name (``/projects/{name}/add_members``, ``/jobs/{job_id}/upload``,
#: ``/events/{id}/register``): an action on the identified resource, which is not
#: addressed anew (a collection under it is a noun: ``/jobs/{job_id}/uploads``).
_ACTION_ON_RESOURCE = lazy_compile(r"(?:add|create|register|signup|upload)(?:$|[_\-A-Z])")
#: A last path segment that names a computation answered at once, not a stored resource:
#: the OpenAI-style operations (``POST /v1/chat/completions``, ``/embeddings``; the OpenAI
#: API answers them 200) and actions (``/tasks/run``, ``/predict``), whatever the handler's
#: name (``create_completion``).
_COMPUTED = frozenset(
    {
        "completion",
        "completions",
        "embedding",
        "embeddings",
        "moderations",
        "transcriptions",
        "translations",
        "speech",
        "rerank",
        "predict",
        "infer",
        "inference",
        "invoke",
        "generate",
        "generations",
        "run",
    }
)
#: The resources of the OpenAI API, the first segment after its version prefix
#: (``POST /v1/threads``, ``/v1/responses``, ``/v1/threads/{id}/messages``): every operation
#: on them answers 200, a creation too, so a server that copies the API keeps 200 there.
_OPENAI_RESOURCES = frozenset(
    {
        "assistants",
        "threads",
        "files",
        "uploads",
        "batches",
        "fine_tuning",
        "vector_stores",
        "responses",
        "conversations",
        "images",
        "audio",
        "containers",
        "evals",
        "realtime",
    }
)
#: The resources a server copying the OpenAI API also copies from Anthropic's API under the
#: same prefix: an LLM gateway answering ``POST /v1/messages`` (the Messages API, its
#: ``/batches`` and ``/count_tokens``) beside ``/v1/chat/completions``; Anthropic answers
#: them 200, a batch's creation too.
_COPIED_RESOURCES = _OPENAI_RESOURCES | {"messages"}
#: The path that marks a server copying the OpenAI API: its chat completion operation.
_OPENAI_MARK = "/chat/completions"
#: Responses that stream a result computed while answering (server-sent events, a token
#: stream): a handler that may answer one computes its answer, it stores nothing to address.
_STREAMS = frozenset({"StreamingResponse", "EventSourceResponse"})

#: Adding elements to an existing group, answering how it went (the other side of the trap
#: adds a route addressing one element: its elements are resources).
_GROUP_MEMBERS = """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter(prefix="/groups", tags=["groups"])


class Outcome(BaseModel):
    success: bool = False
    message: str = ""


@router.post("/{name}/members", response_model=Outcome)
async def add_members(name: str, members: list[str]) -> Outcome:
    \"\"\"Add members to an existing group.\"\"\"
    return Outcome(success=True, message=f"{len(members)} added to {name}")
"""

#: A server-rendered site with both docs UIs off: pages, forms answered with redirects (the
#: other sides of the trap add a JSON route, or keep ReDoc on).
_PAGE_SITE = """\
from fastapi import FastAPI, Form, Request
from fastapi.responses import RedirectResponse
from fastapi.templating import Jinja2Templates

app = FastAPI(docs_url=None, redoc_url=None)
templates = Jinja2Templates(directory="templates")
NOTES: list[str] = []


@app.get("/")
async def home(request: Request):
    return templates.TemplateResponse(request, "home.html", {"notes": NOTES})


@app.post("/notes")
async def save_note(text: str = Form(...)):
    NOTES.append(text)
    response = RedirectResponse("/", status_code=303)
    return response
"""

#: A helper handed the app that adds a status page to it (the trap: nothing calls it; the
#: other side: the app's module calls it).
_STATUS_PAGES = """\
from fastapi import FastAPI
from fastapi.responses import PlainTextResponse


def add_status_pages(app: FastAPI, banner: str) -> None:
    @app.get("/status.txt", response_class=PlainTextResponse, tags=["status"])
    async def status_text() -> str:
        return banner
"""
_STATUS_MAIN = """\
from fastapi import FastAPI

app = FastAPI()


@app.get("/items", summary="List the items", tags=["items"])
async def items() -> list[str]:
    return []
"""


#: Attaching a port to an identified product idempotently: the answer says whether anything
#: changed (the other side of the trap drops that flag: a creation).
_ENSURE_PORT = """\
from fastapi import APIRouter

router = APIRouter(prefix="/products", tags=["products"])
PORTS: dict[str, set[str]] = {}


@router.post("/{product_id}/ports")
async def register_port(product_id: str, port: str) -> dict[str, object]:
    \"\"\"Attach an input port to a product.\"\"\"
    ports = PORTS.setdefault(product_id, set())
    changed = port not in ports
    ports.add(port)
    return {"product": product_id, "ports": sorted(ports), "changed": changed}
"""

#: Recording one thing on an identified device (the other side of the trap adds a route
#: serving that thing: it is then a resource of its own).
_RELAY_ON_DEVICE = """\
from fastapi import APIRouter

router = APIRouter(prefix="/devices", tags=["devices"])
RELAYS: dict[str, str] = {}


@router.post("/{device_id}/relay-server")
async def register_relay_server(device_id: str, url: str) -> dict[str, str]:
    \"\"\"Record the relay server a device answers on.\"\"\"
    RELAYS[device_id] = url
    return {"device_id": device_id, "relay_server_url": url}
"""


def _streams(route: Route) -> bool:
    """A return of the handler builds a streaming response (``StreamingResponse(gen())``):
    the POST computes and streams its result (the Anthropic ``/v1/messages`` API answers
    200, seen in mlx-omni-server), whatever the handler's name."""
    for v in route.function.return_values:
        if isinstance(v, Await):
            v = v.value
        if isinstance(v, Call) and (v.dotted or "").rsplit(".", 1)[-1] in _STREAMS:
            return True
    return False


def _given(e) -> bool:
    """A keyword argument that is present and not ``None`` / empty."""
    if e is None or is_lit(e, None) or is_lit(e, ""):
        return False
    return not (isinstance(e, Seq) and not e.items)


def _loose_includes(project: Project) -> dict[str, list[MethodCall]]:
    """``x.include_router(router)`` calls whose receiver ``x`` is no app or router we know
    (``def configure_routes(app): app.include_router(api)``), by included instance."""
    out: dict[str, list] = {}
    for m in project.by_path.values():
        for mc in m.method_calls:
            if (
                mc.method != "include_router"
                or project.app_for(mc.receiver, None, mc.function) is not None
            ):
                continue
            e = arg(mc.call, 0) or kwarg(mc.call, "router")
            if not isinstance(e, Name):
                continue
            child = project.app_for(qname_of(e), None, mc.function)
            if child is None and qname_of(e) is None and dotted_of(e) and mc.function:
                child = project.apps.get(f"{mc.function}.<locals>.{e.dotted}")
            if child is not None:
                out.setdefault(child.qname, []).append(mc)
    return out


def _tagged(project: Project, route: Route, loose: dict[str, list[MethodCall]]) -> bool | None:
    """Tags on the route, its router, or an enclosing ``include_router``; None: unknown.

    A router that no app of the project includes (a library's router factory, a router
    included in a loop) gets its tags from code we do not see: unknown.  An
    ``include_router`` on an object we cannot identify (a parameter) is taken to be the
    app's, and its own ``tags=`` count."""
    if route.decorator.has_star:
        return None
    if _given(route.kw("tags")):
        return True
    unknown = False
    for inst in project.include_chain(route.receiver):
        if inst.call.has_star:
            unknown = True
        if inst.kind == "router" and _given(inst.kw("tags")):
            return True
        if inst.kind == "router" and not inst.included_by:
            sites = loose.get(inst.qname, [])
            if not sites:
                unknown = True  # the top of this chain is not an app: its includer is unseen
            for mc in sites:
                if mc.call.has_star:
                    unknown = True
                if _given(kwarg(mc.call, "tags")):
                    return True
        for _parent, mc in inst.included_by:
            if mc.call.has_star:
                unknown = True
            if _given(kwarg(mc.call, "tags")):
                return True
    return None if unknown else False


def _sets_status(project: Project, route) -> bool:
    """The handler chooses its status code itself: it takes a ``Response`` parameter
    (``response.status_code = 201``) or only returns responses built with ``status_code=``."""
    fn = route.function
    for p in fn.params:
        ann = p.annotation
        q = qname_of(ann) if isinstance(ann, Name) else None
        if q and project.name_is_class(q, {"fastapi.responses.Response"}):
            return True
    values = [v for v in fn.return_values if not is_lit(v, None)]
    return bool(values) and all(
        isinstance(v, Call) and kwarg(v, "status_code") is not None for v in values
    )


def _answers_created(route: Route) -> bool:
    """A result of the handler is a response built with ``status_code=201`` (a literal, or
    ``status.HTTP_201_CREATED``): the handler already answers its creation with 201 itself
    (its other results may be error responses), so telling it that a creation answers 201
    is wrong advice."""
    for v in route.function.return_values:
        v = v.value if isinstance(v, Await) else v
        code = kwarg(v, "status_code") if isinstance(v, Call) else None
        if is_lit(code, 201) or (
            isinstance(code, Name) and (code.dotted or "").endswith("HTTP_201_CREATED")
        ):
            return True
    return False


def _wrapping_route_class(project: Project, route: Route, seen: dict[str, bool]) -> bool:
    """The route's router builds its routes with ``route_class=`` a project subclass of
    ``APIRoute`` whose ``__init__`` hands FastAPI an endpoint of its own
    (``super().__init__(path, wrapper, **kwargs)``, the decorated function called inside the
    wrapper): what FastAPI answers is the wrapper's response, with the status the wrapper
    gives it (a protobuf RPC route that stores the result and answers a bare ``Response()``),
    so a decorator's ``status_code=`` would only misdocument it.  A route class that passes
    its own ``endpoint`` on (a logging or timing route) keeps the handler's answer."""
    value = route.receiver.kw("route_class")
    q = qname_of(value) if isinstance(value, Name) else None
    if not q:
        return False
    if q in seen:
        return seen[q]
    seen[q] = False
    cls = project.class_(q)
    if cls is None or not project.class_is(cls.qname, {"fastapi.routing.APIRoute"}):
        return False
    init = project.function(f"{cls.qname}.__init__")
    source = project.function_source(init) if init is not None else None
    if init is None or not source or len(init.params) < 3:
        return False
    try:
        tree = ast.parse(textwrap.dedent(source))
    except SyntaxError:
        return False
    endpoint = init.params[2].name  # ``def __init__(self, path, endpoint, **kwargs)``
    for n in ast.walk(tree):
        if not (
            isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute)
            and n.func.attr == "__init__"
            and isinstance(n.func.value, ast.Call)
            and isinstance(n.func.value.func, ast.Name)
            and n.func.value.func.id == "super"
        ):
            continue
        given = n.args[1] if len(n.args) > 1 else call_keyword(n, "endpoint")
        if isinstance(given, ast.Name) and given.id != endpoint:
            seen[q] = True
    return seen[q]


def _helper_sets_status(project: Project, route: Route) -> bool:
    """Every result of the handler is built by a project helper that answers responses
    built with ``status_code=`` (``return _to_fastapi(upstream)``, whose ``Response(...,
    **common)`` takes ``common = {"status_code": upstream.status_code, ...}``): a proxy
    answering the status its upstream chose, which a decorator's ``status_code=`` would
    misdocument."""
    values = [v.value if isinstance(v, Await) else v for v in route.function.return_values]
    values = [v for v in values if not is_lit(v, None)]
    if not values:
        return False
    for v in values:
        helper = project.function(qname_of(v)) if isinstance(v, Call) else None
        if helper is None or not _answers_status(project, helper):
            return False
    return True


def _answers_status(project: Project, fn) -> bool:
    """Each ``return`` of ``fn`` builds a call with ``status_code=`` given, directly or in a
    ``**mapping`` bound in ``fn`` to a dict literal or ``dict(...)`` call that has it."""
    source = project.function_source(fn)
    if not source:
        return False
    try:
        tree = ast.parse(textwrap.dedent(source))
    except SyntaxError:
        return False
    node = tree.body[0] if tree.body else None
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    with_status: set[str] = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name):
            v = n.value
            if (
                isinstance(v, ast.Dict)
                and any(isinstance(k, ast.Constant) and k.value == "status_code" for k in v.keys)
            ) or (
                isinstance(v, ast.Call)
                and isinstance(v.func, ast.Name)
                and v.func.id == "dict"
                and any(kw.arg == "status_code" for kw in v.keywords)
            ):
                with_status.add(n.targets[0].id)
    returns = [n.value for n in ast.walk(node) if isinstance(n, ast.Return) and n.value is not None]
    if not returns:
        return False
    for r in returns:
        if not isinstance(r, ast.Call):
            return False
        if not any(
            kw.arg == "status_code"
            or (kw.arg is None and isinstance(kw.value, ast.Name) and kw.value.id in with_status)
            for kw in r.keywords
        ):
            return False
    return True


def _preview_app(project: Project, route: Route, cache: dict[str, ast.Module | None]) -> bool:
    """The route's application is built in its module's ``if __name__ == "__main__":``
    block and served there only on a loopback host (a literal one, or uvicorn's default):
    a local preview that exists only while the module runs as a script, whose schema no
    client reads."""
    apps = [i for i in project.include_chain(route.receiver) if i.kind == "app"]
    if not apps:
        return False
    return all(_in_main_block_served_locally(project, inst, cache) for inst in apps)


def _in_main_block_served_locally(
    project: Project, inst: AppInstance, cache: dict[str, ast.Module | None]
) -> bool:
    if inst.function is not None:
        return False
    path = inst.path
    if path not in cache:
        text = project.read_text(path)
        try:
            cache[path] = ast.parse(text) if text else None
        except SyntaxError:
            cache[path] = None
    tree = cache[path]
    if tree is None:
        return False
    name = inst.qname.rpartition(".")[2]
    for block in tree.body:
        if not (isinstance(block, ast.If) and is_main_guard(block.test)):
            continue
        if not (block.lineno <= inst.line <= (block.end_lineno or block.lineno)):
            continue
        kinds = []
        for n in ast.walk(block):
            if not (isinstance(n, ast.Call) and ast.unparse(n.func) in _UVICORN_SERVERS):
                continue
            app = n.args[0] if n.args else call_keyword(n, "app")
            if isinstance(app, ast.Name) and app.id == name:
                kinds.append(server_host_kind(n))
        return bool(kinds) and all(k in ("loopback", "default") for k in kinds)
    return False


def _shadowed_schema(project: Project, route: Route) -> bool:
    """Every app the route reaches is served only mounted at the root of apps whose own
    ``/openapi.json`` and ``/docs`` routes come first
    (:meth:`~auditor.project.Project.served_only_under_root_mounts`): its schema, the only
    document that lists the route, is never served."""
    apps = [i for i in project.include_chain(route.receiver) if i.kind == "app"]
    return bool(apps) and all(project.served_only_under_root_mounts(i) for i in apps)


#: What a page answers: an HTML document, a template rendered to one, a redirect, a file.
_PAGE_RESPONSES = frozenset(
    {"HTMLResponse", "TemplateResponse", "RedirectResponse", "FileResponse"}
)
_PAGE_CLASSES = frozenset(
    {
        "fastapi.responses.HTMLResponse",
        "fastapi.responses.RedirectResponse",
        "fastapi.responses.FileResponse",
    }
)


def _page_only_apps(project: Project) -> set[str]:
    """Apps with both docs UIs off (``FastAPI(docs_url=None, redoc_url=None)``, never turned
    on again) whose every route in the schema answers a page (:func:`_answers_page`): a
    server-rendered site.  Its ``/openapi.json`` lists forms and pages, no JSON operation a
    client could be generated for, and no ``/docs`` page shows it: the document has no
    reader.  A route no app is seen including may be one of theirs: it must be a page too."""
    turned_on: set[str] = set()
    for m in project.by_path.values():
        for recv, attr, value, _line in m.attribute_assigns:
            if attr in ("docs_url", "redoc_url") and not is_lit(value, None):
                inst = project.app_for(recv) or project.apps.get(recv)
                turned_on.add(inst.qname if inst is not None else recv)
    docs_off = {
        q
        for q, inst in project.apps.items()
        if inst.kind == "app"
        and is_lit(inst.kw("docs_url"), None)
        and is_lit(inst.kw("redoc_url"), None)
        and q not in turned_on
    }
    if not docs_off:
        return set()
    pages: dict[int, bool] = {}
    out = set(docs_off)
    for route in project.routes:
        if route.websocket or project.schema_hidden(route):
            continue
        apps = {i.qname for i in project.include_chain(route.receiver) if i.kind == "app"}
        reached = (apps & out) if apps else out
        if not reached:
            continue
        key = id(route)
        if key not in pages:
            pages[key] = _answers_page(project, route)
        if not pages[key]:
            out -= reached
    return out


def _on_page_sites(project: Project, route: Route, sites: set[str]) -> bool:
    """Every app the route reaches is a server-rendered site (:func:`_page_only_apps`)."""
    if not sites:
        return False
    apps = {i.qname for i in project.include_chain(route.receiver) if i.kind == "app"}
    return bool(apps) and apps <= sites


def _answers_page(project: Project, route: Route) -> bool:
    """The route answers a page: ``response_class=`` an HTML or redirect response, or every
    value its handler returns is one built there (``templates.TemplateResponse(...)``,
    ``RedirectResponse(...)``, ``HTMLResponse(...)``, ``FileResponse(...)``, or a local
    bound only to such calls) or by a project function that returns only those (one level
    down).  A handler whose text names the OpenAPI document (a docs page of its own,
    ``get_swagger_ui_html(openapi_url=...)``, or a link to it) reads the schema: no page."""
    if "openapi" in (project.function_source(route.function) or "openapi"):
        return False  # a docs page of its own (``get_swagger_ui_html(openapi_url=...)``)
    answer = route.kw("response_class")
    if isinstance(answer, Name) and project.name_is_class(
        qname_of(answer), _PAGE_CLASSES - {"fastapi.responses.FileResponse"}
    ):
        return True
    return _returns_pages(project, route.function, 0)


def _returns_pages(project: Project, fn, depth: int) -> bool:
    values = [v for v in fn.return_values if not is_lit(v, None)]
    if not values or fn.is_generator:
        return False
    bound: dict[str, list[ast.AST]] | None = None
    for v in values:
        if isinstance(v, Await):
            v = v.value
        if isinstance(v, Call):
            if _page_call(project, v.qname, v.dotted):
                continue
            callee = project.function(v.qname)
            if depth == 0 and callee is not None and _returns_pages(project, callee, 1):
                continue
            return False
        if not (isinstance(v, Name) and v.qname is None and v.dotted and "." not in v.dotted):
            return False
        if bound is None:
            bound = _local_bindings(project, fn)
        values_of = bound.get(v.dotted, [])
        if not values_of or not all(
            isinstance(b, ast.Call) and _page_call(project, None, ast.unparse(b.func))
            for b in values_of
        ):
            return False
    return True


def _page_call(project: Project, q: str | None, text: str | None) -> bool:
    last = (text or q or "").rsplit(".", 1)[-1]
    return last in _PAGE_RESPONSES or project.name_is_class(q, _PAGE_CLASSES)


def _local_bindings(project: Project, fn) -> dict[str, list[ast.AST]]:
    """What each local name of ``fn`` is bound to: the values of its plain assignments, and
    the name's own node wherever else it is bound (a loop, a ``with``, a tuple target)."""
    node = _source(project, fn)
    out: dict[str, list[ast.AST]] = {}
    if node is None:
        return out
    direct: set[int] = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Assign):
            pairs = [(t, n.value) for t in n.targets]
        elif isinstance(n, ast.AnnAssign) and n.value is not None:
            pairs = [(n.target, n.value)]
        else:
            continue
        for t, value in pairs:
            if isinstance(t, ast.Name):
                direct.add(id(t))
                out.setdefault(t.id, []).append(value)
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) and id(n) not in direct:
            out.setdefault(n.id, []).append(n)
    return out


_UVICORN_SERVERS = frozenset({"uvicorn.run", "uvicorn.Config", "uvicorn.config.Config"})


def _named(route: Route) -> bool:
    """``name=`` gives the operation a hand-written summary: FastAPI's
    ``generate_operation_summary`` uses ``route.summary``, else ``route.name`` (the
    function's name unless ``name=`` is given).  A literal without a space is a route key
    for ``url_for`` (``"users:get"``), not prose; an f-string or a variable may be prose
    (its text is not seen), so it counts."""
    e = route.kw("name")
    if not _given(e):
        return False
    if is_lit(e):
        text = lit(e)
        return isinstance(text, str) and any(c.isspace() for c in text.strip())
    return True


def _served_paths(route: Route) -> list[str]:
    """The paths the route answers at, its router's and include's prefixes before the
    decorator's path (``APIRouter(prefix="/v1/chat/completions")`` with ``@router.post("")``
    serves ``/v1/chat/completions``); the decorator's path alone when a prefix is built at
    run time."""
    paths = [p.rstrip("/") for p in route.full_paths if p is not None]
    return paths or [(route.path or "").rstrip("/")]


def _last_static(path: str) -> str:
    """The last segment of ``path`` that is no path parameter (``""`` if none)."""
    static = [seg for seg in path.split("/") if seg and not seg.startswith("{")]
    return static[-1] if static else ""


#: The fields of an answer that only says how an action went (``{success, message}``).
_OUTCOME_FIELDS = frozenset(
    {"success", "ok", "status", "message", "detail", "error", "errors", "count", "added"}
)
_PARAMETER = lazy_compile(r"\{[^}]*\}")


def _addressed_collections(project: Project) -> set[str]:
    """The collections the project addresses one element of: the path above a last path
    parameter (``/groups/{}/members`` for ``DELETE /groups/{name}/members/{member}``), its
    parameters' names left out."""
    return {
        _PARAMETER.sub("{}", path.rsplit("/", 1)[0])
        for route in project.routes
        for path in _served_paths(route)
        if path.rsplit("/", 1)[-1].startswith("{")
    }


def _adds_to_existing(project: Project, route: Route, addressed: set[str]) -> bool:
    """An ``add_*`` handler on a collection of an identified resource
    (``POST /groups/{name}/members``) that no route addresses one element of (no
    ``/groups/{name}/members/{member}``), answering only how it went (a model of
    ``success`` and ``message``): it puts elements into that existing resource, and a 201
    would announce a new resource that has no URL."""
    if not route.function.name.startswith("add_"):
        return False
    for path in _served_paths(route):
        segments = path.split("/")
        if (
            len(segments) < 3
            or segments[-1].startswith("{")
            or not segments[-2].startswith("{")
            or _PARAMETER.sub("{}", path) in addressed
        ):
            return False
    answer = route.kw("response_model") or route.function.returns
    model = project.class_(qname_of(answer)) if isinstance(answer, Name) else None
    if model is None or not project.is_pydantic_model(model.qname):
        return False
    fields = {
        a.name
        for c in (model, *(project.class_(q) for q in project.ancestors(model.qname)))
        if c is not None
        for a in c.attributes
        if a.annotation is not None and a.name != "model_config"
    }
    return bool(fields) and fields <= _OUTCOME_FIELDS


def _served_index(project: Project) -> dict[str, set[str]]:
    """Every path the project serves, its parameters' names left out (``/devices/{}/x``),
    with the handlers that serve it."""
    out: dict[str, set[str]] = {}
    for route in project.routes:
        for path in _served_paths(route):
            out.setdefault(_PARAMETER.sub("{}", path), set()).add(route.function.qname)
    return out


def _registers_on_resource(route: Route, served: dict[str, set[str]]) -> bool:
    """A ``register_*`` handler posting to one thing, named in the singular, of an
    identified resource (``POST /devices/{device_id}/relay-server``) that no other route
    serves or addresses anything under: it records that thing on the resource (a column
    of the device), and a 201 would announce a new resource that has no URL.  A plural
    name (``/devices/{id}/commands``) is a collection, posting to it a creation."""
    if not route.function.name.startswith("register_"):
        return False
    for path in _served_paths(route):
        segments = path.split("/")
        last = segments[-1]
        if len(segments) < 3 or not segments[-2].startswith("{") or not last:
            return False
        if last.startswith("{") or last.endswith("s"):
            return False
        here = _PARAMETER.sub("{}", path)
        for other, handlers in served.items():
            if (other == here or other.startswith(f"{here}/")) and handlers - {
                route.function.qname
            }:
                return False
    return True


def _openai_bases(project: Project) -> set[str]:
    """The prefixes under which the project serves the OpenAI chat completion
    (``POST /v1/chat/completions`` gives ``/v1``): a server copying the OpenAI API there."""
    return {
        path[: -len(_OPENAI_MARK)]
        for route in project.routes
        if "POST" in route.methods
        for path in _served_paths(route)
        if path.endswith(_OPENAI_MARK)
    }


def _openai_contract(route: Route, bases: set[str]) -> bool:
    """The route is an OpenAI API resource (``POST /v1/threads``, ``/v1/responses``), or
    Anthropic's Messages API (``POST /v1/messages``), of a server that serves the OpenAI
    chat completion under the same prefix: it keeps the copied APIs' status codes, and
    both answer their creations 200, not 201."""
    for path in _served_paths(route):
        for base in bases:
            rest = path[len(base) :].split("/") if path.startswith(base + "/") else []
            if len(rest) > 1 and rest[1] in _COPIED_RESOURCES:
                return True
    return False


def _status_is(code, number: int) -> bool:
    """``code`` is the literal status ``number`` or ``status.HTTP_<number>_...``."""
    return is_lit(code, number) or (
        isinstance(code, Name) and f"HTTP_{number}_" in (code.dotted or "")
    )


def _creations_answer_200(project: Project) -> bool:
    """The project declares ``status_code=200`` on two creations or more and 201 nowhere
    (no route declares it, no handler answers it): it chose 200 for its creations (a mock
    of an API that answers them so), and the advice of 201 on the others would go against
    its own convention.  One explicit 200 could be a slip; a 201 anywhere shows the
    project knows it, so its creations without one stay reported."""
    explicit = 0
    for route in project.routes:
        code = route.kw("status_code")
        if _status_is(code, 201) or _answers_created(route):
            return False
        if _status_is(code, 200) and _creation(route):
            explicit += 1
    return explicit >= 2


def _creation(route: Route) -> bool:
    """Positive evidence of a creation: a ``POST`` handler named ``create_*``, ``register_*``...
    that is no upsert (``create_or_update_*``, ``get_or_create_*``: 201 would be wrong
    whenever it updates), whose path does not name an action on an identified resource
    (``/projects/{name}/add_members`` updates that project, ``/jobs/{job_id}/upload``
    publishes that job), and that returns
    something (the new resource)."""
    name = route.function.name
    if "POST" not in route.methods or not name.startswith(CREATE_PREFIXES) or "_or_" in name:
        return False
    paths = _served_paths(route)
    for path in paths:
        parts = path.rsplit("/", 2)
        if len(parts) == 3 and parts[1].startswith("{") and _ACTION_ON_RESOURCE.match(parts[2]):
            return False
    lasts = [_last_static(path) for path in paths]
    if any(last.lower() in _COMPUTED for last in lasts):
        return False
    if _streams(route):
        return False
    fn = route.function
    if name.startswith("add_") and (
        any(_ADD_ACTION.match(last) for last in lasts)
        or (isinstance(fn.returns, Name) and fn.returns.dotted in _SCALARS)
    ):
        # "add" as an action on the path (``/tabs/add``, ``/files/batch/add``) or a count
        # answered: something is put into an existing resource, which is not addressed anew
        return False
    if name.startswith("upload_") and not _keeps_upload(route):
        # "upload" says bytes reach the server, not that they are kept: converted and
        # answered at once (a file read into a chat turn), nothing is created
        return False
    if fn.returns is not None:
        returns = not is_lit(fn.returns, None)
    else:
        returns = any(not is_lit(v, None) for v in fn.return_values)
    # a body that can only end by raising (``raise HTTPException(501, "Not implemented")``)
    # never answers a success, whatever its annotation says
    return returns and not fn.never_returns and not _upsert_body(route)


#: Words of a called function's name that keep what it is given (``FileService.save_file``,
#: ``buffer.write``, ``db.add``, ``store.put_object``, ``session.commit``).
_KEEPING = frozenset(
    {"save", "store", "write", "persist", "insert", "put", "create", "add", "upsert", "commit"}
)
_WORD = lazy_compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


def _source(project: Project, fn) -> ast.AST | None:
    source = project.function_source(fn)
    if not source:
        return None
    try:
        tree = ast.parse(textwrap.dedent(source))
    except SyntaxError:
        return None
    return tree.body[0] if tree.body else None


def _called_names(node: ast.AST) -> list[tuple[str | None, str]]:
    """(receiver name or None, called name) of each call in ``node``."""
    out: list[tuple[str | None, str]] = []
    for n in ast.walk(node):
        if not isinstance(n, ast.Call):
            continue
        if isinstance(n.func, ast.Name):
            out.append((None, n.func.id))
        elif isinstance(n.func, ast.Attribute):
            owner = n.func.value.id if isinstance(n.func.value, ast.Name) else None
            out.append((owner, n.func.attr))
    return out


def _keeping(name: str) -> bool:
    return any(w.lower() in _KEEPING for w in _WORD.findall(name))


def _keeps_upload(route: Route) -> bool:
    """The code shows the upload kept: a call in the handler, or in a project function or a
    method of a local instance of a project class it calls (one level; a factory's locals
    too), whose name says it saves, stores, writes, inserts, creates or adds."""
    project = route.receiver_project
    fn = route.function
    if project is None:
        return True  # nothing to read: the name stands
    node = _source(project, fn)
    if node is None:
        return True
    calls = _called_names(node)
    if any(_keeping(name) for _owner, name in calls):
        return True
    helpers = [f for c in fn.calls if (f := project.function(c.qname)) is not None]
    # ``service = Service()`` in the handler or the factory around it: ``service.method(...)``
    scopes = [node]
    qname = fn.qname
    while ".<locals>." in qname:
        qname = qname.rsplit(".<locals>.", 1)[0]
        outer = project.function(qname)
        outer_node = _source(project, outer) if outer is not None else None
        if outer_node is None:
            break
        scopes.append(outer_node)
    made: dict[str, str] = {}
    for scope in scopes:
        for n in ast.walk(scope):
            if (
                isinstance(n, ast.Assign)
                and len(n.targets) == 1
                and isinstance(n.targets[0], ast.Name)
                and isinstance(n.value, ast.Call)
                and isinstance(n.value.func, ast.Name)
            ):
                made.setdefault(n.targets[0].id, n.value.func.id)
    for owner, name in calls:
        cls_name = made.get(owner or "")
        cls = (
            project.class_(project.canonical_name(f"{fn.module}.{cls_name}")) if cls_name else None
        )
        method = project.method(cls, name) if cls is not None else None
        if method is not None:
            helpers.append(method)
    for helper in helpers:
        helper_node = _source(project, helper)
        if helper_node is not None and any(_keeping(n) for _o, n in _called_names(helper_node)):
            return True
    return False


#: An upsert in a handler's body or docstring: a call of ``store.upsert(...)`` /
#: ``get_or_create(...)`` (unless the handler also calls a creating function, below), or
#: "Create (or return the existing) link": the handler answers an existing resource too.  A name that merely contains the word (``ScheduleUpsertRequest``,
#: a schema shared by create and update) is no upsert.
_UPSERT_CALL = lazy_compile(
    r"(?:\.|\b)a?upsert\w*\s*\(|\bget_or_create\w*\s*\(|\bcreate_or_\w+\s*\(", re.IGNORECASE
)
#: An upsert written in SQL or with SQLAlchemy's dialect inserts: ``INSERT ... ON CONFLICT
#: (...) DO UPDATE`` / ``DO NOTHING`` (PostgreSQL and SQLite docs, "INSERT ... ON CONFLICT"),
#: MySQL's ``ON DUPLICATE KEY UPDATE``, SQLite's ``INSERT OR REPLACE`` / ``OR IGNORE``, and
#: ``insert(...).on_conflict_do_update(...)`` / ``.on_duplicate_key_update(...)`` (SQLAlchemy
#: docs, "INSERT...ON CONFLICT (Upsert)"): the row may exist already and is refreshed or kept.
_UPSERT_SQL = lazy_compile(
    r"\bON\s+CONFLICT\b(?:\s*\([^)]*\))?(?:\s+ON\s+CONSTRAINT\s+\w+)?\s*DO\s+(?:UPDATE|NOTHING)\b"
    r"|\bON\s+DUPLICATE\s+KEY\s+UPDATE\b|\bINSERT\s+OR\s+(?:REPLACE|IGNORE)\b"
    r"|\.on_conflict_do_(?:update|nothing)\s*\(|\.on_duplicate_key_update\s*\(",
    re.IGNORECASE,
)
#: A creating call told to answer the existing resource when there is one
#: (``api.create_collection(name, get_or_create=body.get_or_create)``).
_UPSERT_FLAG = lazy_compile(r"\b(?:get_or_create|if_not_exists)\s*=", re.IGNORECASE)
_UPSERT_SAID = lazy_compile(
    r"\bor\s+(?:returns?\s+(?:the\s+|an?\s+)?existing|reuses?|updates?\s+(?:it\s+)?if\b)"
    # its answer or docstring says either happened: "Service {name} registered/updated"
    r"|\b(?:creat|regist|add|insert|sav)\w*\s*(?:/|\bor\b)\s*updated?\b",
    re.IGNORECASE,
)


#: A docstring that says the handler answers an existing resource it updated ("Returns:
#: AddMessageResponse: Updated attack with new message(s)", "Returns the updated
#: project"): the answer is the parent, not a new resource a 201 would announce.
_UPDATED_SAID = lazy_compile(
    r"\breturns?\b:?\s*(?:[\w\[\]., |]+:\s+)?(?:the\s+|an?\s+)?updated\b", re.IGNORECASE
)


def _docstring_says_updated(project: Project, route: Route) -> bool:
    """The handler's docstring says what it returns is an updated resource."""
    source = project.function_source(route.function)
    if not source or "pdated" not in source:
        return False
    try:
        tree = ast.parse(textwrap.dedent(source))
    except SyntaxError:
        return False
    fn = tree.body[0] if tree.body else None
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    doc = ast.get_docstring(fn)
    return doc is not None and _UPDATED_SAID.search(doc) is not None


def _upsert_body(route: Route) -> bool:
    """The handler's own text (docstring and body) shows an upsert: 201 would be wrong
    whenever the resource already exists."""
    project = route.receiver_project
    lines = project.module_lines(route.module.path) if project is not None else None
    if not lines:
        return False
    fn = route.function
    body = "\n".join(lines[fn.line : fn.end_line])
    if _UPSERT_SAID.search(body):
        return True
    if fn.has_docstring and _docstring_says_updated(project, route):
        return True
    if _UPSERT_CALL.search(body) is not None and _CREATE_CALL.search(body) is None:
        return True
    if _UPSERT_FLAG.search(body) or _UPSERT_SQL.search(body):
        return True
    if _reports_change(route):
        return True
    if _delegate_upserts(project, fn):
        return True
    return _returns_found(lines[fn.line - 1 : fn.end_line]) or _adds_when_absent(
        lines[fn.line - 1 : fn.end_line]
    )


def _delegate_upserts(project: Project, fn: Function) -> bool:
    """The handler only hands its work to one project function (``return await
    fetch_entity(platform, resource_id)``) whose own text shows an upsert (the tests of
    :func:`_upsert_body`, one level down): the answer may be a resource that existed."""
    targets = set()
    for v in fn.return_values:
        call = v.value if isinstance(v, Await) else v
        if not isinstance(call, Call):
            return False
        target = called_function(project, call.qname, call.dotted, fn)
        if target is None or target.is_generator:
            return False
        targets.add(target.qname)
    if len(targets) != 1:
        return False
    target = project.function(next(iter(targets)))
    lines = project.module_lines(project.module_of(target).path) if target else None
    if target is None or not lines:
        return False
    body = "\n".join(lines[target.line - 1 : target.end_line])
    return bool(
        _UPSERT_SAID.search(body)
        or (_UPSERT_CALL.search(body) is not None and _CREATE_CALL.search(body) is None)
        or _UPSERT_FLAG.search(body)
        or _UPSERT_SQL.search(body)
    )


def _reports_change(route: Route) -> bool:
    """The handler's answer says whether the call changed anything: a returned dict display
    with a computed ``"changed"`` entry, or a returned call given a computed ``changed=``
    (``{"product": ..., "changed": result.changed}``).  An idempotent ensure: the same
    request may change nothing and answer the existing resource, so a fixed 201 would be
    wrong (a literal flag says the same thing every time, and proves nothing)."""
    for v in route.function.return_values:
        if isinstance(v, Await):
            v = v.value
        if isinstance(v, DictExpr):
            given = [val for key, val in v.items if key is not None and is_lit(key, "changed")]
        elif isinstance(v, Call):
            given = [e for e in (kwarg(v, "changed"),) if e is not None]
        else:
            continue
        if any(not isinstance(e, Lit) for e in given):
            return True
    return False


#: A call that looks a row up: ``db.query(...).first()``, ``repo.get_by_name(...)``,
#: ``find_one(...)``, ``session.scalar(...)``.
_LOOKUP_CALL = lazy_compile(
    r"\.(?:get|find|query|select|fetch|lookup|search|first|one_or_none|scalars?|exists?)\w*\s*\("
    r"|\b(?:get|find|fetch|lookup|search|select)_\w*\s*\(",
    re.IGNORECASE,
)


def _returns_found(lines: list[str]) -> bool:
    """A get-or-create written out: the handler looks a row up (``existing = db.query(...)
    .first()``) and, when it is found, returns it (``if existing: return existing``) before
    creating one; that success answers an existing resource, so one fixed 201 is wrong."""
    try:
        tree = ast.parse(textwrap.dedent("\n".join(lines)))
    except SyntaxError:
        return False
    fn = tree.body[0] if tree.body else None
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    looked_up: set[str] = set()
    created: set[str] = set()
    body = statements(fn)  # (assignments and ifs are statements: their expressions need no walk)
    for node in body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        ):
            text = ast.unparse(node.value)
            if _CREATE_CALL.search(text) is not None:
                created.add(node.targets[0].id)
            elif _LOOKUP_CALL.search(text) is not None:
                looked_up.add(node.targets[0].id)
    looked_up -= created  # ``x = find(...)`` then ``x = insert(...)``: what it returns was made
    for node in body:
        if not isinstance(node, ast.If):
            continue
        test = node.test
        if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
            test = test.values[0]  # ``if existing and not existing.messages:``
        if isinstance(test, ast.Compare) and isinstance(test.ops[0], ast.IsNot):
            test = test.left
        if not (isinstance(test, ast.Name) and test.id in looked_up):
            continue
        last = node.body[-1]
        if (
            isinstance(last, ast.Return)
            and last.value is not None
            and any(isinstance(n, ast.Name) and n.id == test.id for n in ast.walk(last.value))
        ):
            return True
    return False


def _own_blocks(node: ast.AST) -> list[list[ast.stmt]]:
    """The statement lists of ``node``'s own body and of its compound statements, nested
    functions and classes left out (their ``return`` is not the handler's)."""
    out: list[list[ast.stmt]] = []
    todo = [node]
    while todo:
        cur = todo.pop()
        for f in ("body", "orelse", "finalbody", "handlers", "cases"):
            block = getattr(cur, f, None)
            if not isinstance(block, list):
                continue
            if f not in ("handlers", "cases"):
                out.append(block)
            todo.extend(
                b
                for b in block
                if not isinstance(b, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            )
    return out


def _holds(block: list[ast.stmt], kinds: tuple[type[ast.stmt], ...]) -> bool:
    """The block, nested functions left out, holds a statement of one of ``kinds``."""
    module = ast.Module(body=block, type_ignores=[])
    return any(isinstance(s, kinds) for b in _own_blocks(module) for s in b)


def _adds_when_absent(lines: list[str]) -> bool:
    """An idempotent add written out: the handler looks something up (``existing =
    next((t for t in pic.tags if t.tag == tag), None)``), does its writing only under ``if
    existing is None:`` (a body that neither returns nor raises, and does more than give the
    name a default), then answers after it.  The found path writes nothing and gets the same
    success answer, so that answer is no creation a fixed 201 could announce."""
    try:
        tree = ast.parse(textwrap.dedent("\n".join(lines)))
    except SyntaxError:
        return False
    fn = tree.body[0] if tree.body else None
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    blocks = _own_blocks(fn)
    looked_up = {
        s.targets[0].id
        for b in blocks
        for s in b
        if isinstance(s, ast.Assign)
        and len(s.targets) == 1
        and isinstance(s.targets[0], ast.Name)
        and any(isinstance(n, ast.Call) for n in ast.walk(s.value))
    }
    for block in blocks:
        for i, s in enumerate(block):
            if not isinstance(s, ast.If) or s.orelse or tested_absent(s.test) not in looked_up:
                continue
            name = tested_absent(s.test) or ""
            if _holds(s.body, (ast.Return, ast.Raise)):
                continue  # ``if user is None: raise HTTPException(404)``: a guard
            if all(_assigns_only(t, name) for t in s.body):
                continue  # ``if slug is None: slug = slugify(title)``: a default
            if _holds(block[i + 1 :], (ast.Return,)):
                return True
    return False


def _assigns_only(stmt: ast.stmt, name: str) -> bool:
    """``stmt`` only gives ``name`` a value."""
    return isinstance(stmt, ast.Assign) and all(
        isinstance(t, ast.Name) and t.id == name for t in stmt.targets
    )


#: A creating call in the handler (``store.create_schedule(...)``, ``db.insert(...)``): the
#: handler creates, and an upsert beside it syncs the new resource to another system (a
#: scheduler, a cache) rather than making the route answer an existing resource.
_CREATE_CALL = lazy_compile(r"\.(?!\w*_or_)\w*(?:create|insert)\w*\s*\(", re.IGNORECASE)


_STATUS = "no `status_code=` (a creation usually answers 201, or 202 when it only queues the work)"
#: The advice for a handler that answers responses it builds: FastAPI uses a decorator's
#: ``status_code=`` only for a value it serialises itself, so a returned ``JSONResponse``
#: keeps its own (200 by default) and the decorator's code would change only the docs.
_STATUS_BY_HAND = (
    "no `status_code=` (a creation usually answers 201, or 202 when it only queues the work; "
    "the handler returns built responses, which keep their own status: pass it to the one "
    "that answers the creation, and `status_code=` to the decorator for the docs)"
)


def _builds_responses(project: Project, route: Route) -> bool:
    """Every result of the handler is a response it builds (``return JSONResponse({...})``),
    directly or through a project helper (:func:`auditor.responses.returns_only_responses`)."""
    return returns_only_responses(project, route.function)


class _TestOnly(NamedTuple):
    """A decorated function defined only when a test-mode environment variable is set."""

    function: str


class _Schema(NamedTuple):
    """``<app>.openapi_schema = ...``: the app, the function whose body assigns it (None at
    module level), and whether it may not hold for later routes (in a branch, or ``None``)."""

    receiver: str
    function: str | None
    conditional: bool


class _OpenapiHook(NamedTuple):
    """``<app>.openapi = hook``: the app (as resolved in its module) and the hook's
    qualified name."""

    receiver: str
    function: str


class _WritesOperationText(NamedTuple):
    """``operation["description"] = ...`` (or ``["summary"]``) in the body of ``function``."""

    function: str


#: The keys of an OpenAPI operation object that hold its text (OpenAPI 3.1, "Operation
#: Object": ``summary``, ``description``).
_OPERATION_TEXT = frozenset({"summary", "description"})


def _described_by_hook(project: Project, hits: list[Hit]) -> set[str]:
    """The apps whose ``openapi`` attribute is replaced by a project function that writes
    operations' ``description`` or ``summary`` (``operation["description"] = ...`` in its
    body): the schema the app serves is that function's, which gives every operation it
    walks a text of its own, whatever the handler lacks (a table of descriptions by path,
    seen in sf-m3-app).  Qualified names of the apps."""
    writers = {h.data.function for h in hits if isinstance(h.data, _WritesOperationText)}
    out: set[str] = set()
    for h in hits:
        if not isinstance(h.data, _OpenapiHook) or h.data.function not in writers:
            continue
        inst = project.app_for(h.data.receiver) or project.apps.get(h.data.receiver)
        if inst is not None and inst.kind == "app":
            out.add(inst.qname)
    return out


def _on_described_app(project: Project, route: Route, described: set[str]) -> bool:
    """The route hangs on an app of ``described`` (:func:`_described_by_hook`)."""
    return bool(described) and any(
        i.kind == "app" and i.qname in described for i in project.include_chain(route.receiver)
    )


def _after_cached_schema(
    route: Route, cached: dict[str, tuple[str | None, str | None, int]]
) -> bool:
    """The route is registered on an app after a statement of the same body assigned the
    app's ``openapi_schema``: the cached document never lists it."""
    found = cached.get(route.receiver.qname)
    if found is None:
        return False
    path, function, line = found
    if route.site.path != path or route.decorator.line <= line:
        return False
    owner, _, name = route.function.qname.rpartition(".")
    if function is None:
        return owner == route.module.module
    return owner == f"{function}.<locals>" and "." not in name


#: A server that mounts its built UI folder, and registers a placeholder page only when the
#: folder is missing (a source checkout with no built UI).
_UI_SERVER = """\
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

UI_DIR = Path(__file__).resolve().parent / "ui"


def build() -> FastAPI:
    app = FastAPI()
    if UI_DIR.is_dir():
        app.mount("/", StaticFiles(directory=UI_DIR, html=True), name="ui")
    else:

        @app.get("/")
        async def fallback():
            return {"detail": "UI not built"}

    return app


app = build()
"""


class RouteOpenapiMetadata(Check):
    """
    ## What it does
    Reports HTTP routes whose OpenAPI description is thin, one finding per route listing
    what is missing:

    - a `POST` handler named `create_*`, `register_*`, `signup*` or `upload_*` (an upload
      only when the code shows it kept: a call whose name saves, stores, writes, inserts,
      creates or adds, in the handler or one level down, in a project function or a
      method of a local instance of a project class it calls)
      that returns something (its annotation or its `return`s, and a body that can end
      otherwise than by raising: a `501 Not implemented` stub creates nothing), without `status_code=` (a creation usually answers
      `201 Created`, or `202 Accepted` when it only queues the work); an upsert (`create_or_update_*`, or a handler whose body or docstring
      shows one: `store.upsert(...)`, "create or return the existing ...", a row looked up
      and returned when found, `if existing: return existing`, a write done only
      `if existing is None:` before one common answer, an SQL upsert `INSERT ... ON
      CONFLICT ... DO UPDATE`; or a handler that only returns
      what one project function returns, whose body shows one: `upsert_batch(...)`) or an
      action on an identified
      resource (a last segment after a path parameter that is a creating verb, `add`,
      `create`, `register`, `signup` or `upload`: `POST /projects/{name}/add_members`,
      which updates that project, `POST /jobs/{job_id}/upload`, which publishes that job), a
      creating call told to answer the existing resource (`get_or_create=`), or a path
      that names a computation answered at once (`/chat/completions`, `/embeddings`,
      `/tasks/run`, `/predict`; the served path, router and include prefixes included) is
      no creation, nor is a handler whose docstring says it
      updates (`"Create a tab (or update if it exists)"`), whose text says either happened
      (`f"Service {name} registered/updated"`, `"created or updated"`) or that what it returns is an
    updated resource (`"Returns: the updated session"`: the parent, answered whole), nor one
      whose answer says whether the call changed anything (a computed `"changed"` entry or
      `changed=`: an idempotent ensure, which may answer the resource unchanged).  An `add_*` handler whose path
      names the add action (`/tabs/add`) or that answers a count or a flag (`-> int`)
      puts something into an existing resource and is no creation either, as does one
      posting to a collection of an identified resource (`POST /groups/{name}/members`)
      that no route addresses one element of (no `/groups/{name}/members/{member}`),
      answering only how it went (a model of `success` and `message`).  Nor is a
      `register_*` handler posting to one thing, named in the singular, of an identified
      resource (`POST /devices/{id}/relay-server`) that no other route serves or
      addresses anything under: it records that thing on the resource.  A server that
      copies the OpenAI API (it serves `POST /v1/chat/completions`) keeps that API's
      status codes under the same prefix: its creations of OpenAI resources
      (`POST /v1/threads`, `/v1/assistants`, `/v1/files`, `/v1/responses` ...) and of
      Anthropic's Messages API beside it (`POST /v1/messages`) answer 200, as those APIs
      do, and are not told to answer 201; nor is a project that declares
      `status_code=200` on two creations or more and 201 nowhere (no route declares it,
      no handler answers it): it chose 200 for its creations (a mock of an API that
      answers so);
    - no docstring, `summary=`, `description=` or prose `name=` (FastAPI's OpenAPI
      summary is the route's `name` when `summary=` is absent; a `name=` without a space,
      such as `"users:get"`, is a route key for `url_for`, not a summary);
    - no `tags`, neither on the route, nor on its `APIRouter(...)`, nor on an
      `include_router(...)` that includes it.

    Off by default (enable with `--enable RTE004`).  A handler under two decorators
    (`@router.get("/")` and `@router.get("")`) is told once, on its first route, that it
    lacks a docstring (one docstring mends both); a route of a router included under a
    prefix the model cannot see is named by what follows that prefix.

    Routes left out of the schema (`include_in_schema=False` on the route, its router or
    every `include_router` reaching it -- one made on an object the model cannot identify,
    such as the `app` a method is handed, included, and one in a loop over a literal tuple
    or a module's tuple of modules, `for area in AREAS: app.include_router(area.router,
    include_in_schema=False)`, counted once per item --, an app with `openapi_url=None`,
    beside a `**kwargs` expansion too, unless `app.openapi_url` is set again later, or
    whose `router` is replaced after construction; a router a factory builds counts with
    the includes of its calls, `include_router(build_router(...))`) are skipped, and so
    are the stub routes a code generator adds to a copy of a factory's app only to write
    its OpenAPI document (in a function its module's `__main__` block calls, a module no
    other imports and that runs no server), and so are routes a
    function (or module) body registers on an app after a statement of that body assigned
    the app's `openapi_schema` (`app.openapi_schema = get_openapi(...)`): `app.openapi()`
    returns that cached document, which never lists them (an assignment in a branch, or a
    reset to `None`, keeps them).  A
    creation handler that sets its status code itself (a `response: Response` parameter,
    or only responses built with `status_code=` as results) is not told to declare one,
    nor is one that answers its creation with a response built with `status_code=201`
    itself (`return JSONResponse(doc, status_code=201)`, its other results error responses
    of any kind).  A creation whose every result is a response it builds
    (`return JSONResponse({...})`) is told to pass the status to that response: a
    decorator's `status_code=` applies only to values FastAPI serialises, so alone it would
    change only the docs.
    A proxy whose every result is built by a project helper answering responses with
    `status_code=` (directly or through a `**common` mapping that holds it: the upstream's
    status) is not told to declare one either, nor is a route of a router whose
    `route_class=` is a project `APIRoute` subclass that hands FastAPI an endpoint of its own
    (`super().__init__(path, wrapper, **kwargs)`: the wrapper's response and status are what
    clients get, as in a protobuf RPC route answering a bare `Response()`); a route class
    that passes the handler on keeps the advice.  Routes of a local preview (an app built in
    a module's `if __name__ == "__main__":` block and served there only on a loopback host,
    a literal one or uvicorn's default) are skipped: no client reads that schema.  So
    are the routes of an app served only mounted at the root of apps that keep their
    default docs (`app.mount("/", ui_app)`): the parent's own `/openapi.json` and `/docs`
    come first, and the mounted app's schema, the only one listing them, is never served.
    So are the routes of a server-rendered site: an app with both docs UIs off
    (`FastAPI(docs_url=None, redoc_url=None)`) whose every route in the schema answers a
    page (`response_class=HTMLResponse` or `RedirectResponse`, or only templates,
    `HTMLResponse`, `RedirectResponse` or `FileResponse` built in the handler or a project
    helper it returns): its `/openapi.json` lists no JSON operation a client is generated
    for, and no docs page shows it (one JSON route, or ReDoc left on, keeps them all).
    Tags are only reported missing when the router's include chain is visible: up to an
    app, or up to an `include_router` call on an object that cannot be identified (a
    parameter), which is taken to be the app.

    ## Why is this bad?
    The OpenAPI schema is the API's contract: generated clients, the `/docs` page and
    every consumer read it.  Without tags, `/docs` is one flat list; without a summary or
    docstring, operations are named after Python functions; a creation documented as
    `200 OK` misleads clients and tests.  [zhanymkanov README] and
    [ForgeAPI guide] say to set `response_model`, `status_code`, `description`,
    `tags` and `summary`; [Patterns reference] adds `summary`, `description` and
    `responses`; the tests of [Production skill 2025] expect `201` on create.

    ## Example
    ```python
    router = APIRouter()

    @router.post("/posts")
    async def create_post(post: PostIn) -> PostOut: ...
    ```

    ## Use instead
    ```python
    router = APIRouter(prefix="/posts", tags=["posts"])

    @router.post("", status_code=status.HTTP_201_CREATED, summary="Create a post")
    async def create_post(post: PostIn) -> PostOut:
        \"\"\"Create a post owned by the current user.\"\"\"
    ```

    ## Fix safety
    No automatic fix: summaries, tags and status codes are documentation decisions.

    ## Known problems
    The status-code signal is based on the function's name, its path and its returns.  Tags or descriptions
    passed through `**kwargs`, or added by a custom `openapi()` function, are not seen (a
    `**kwargs` expansion counts as "maybe given"); but when the app's `openapi` attribute is
    replaced by a project function that writes operations' `description` or `summary`
    (`operation["description"] = ...`), that app's routes are not told to describe
    themselves.  Prefer tags on the `APIRouter(...)`
    itself (the FastAPI agent skill), though a version prefix on an aggregating router is
    fine (Disagreement D20).  A route declared only in the true branch of an `if` on an
    environment variable named for a test mode (a word `TEST`, `TESTING` or `E2E` of its
    name: `if os.environ.get("APP_E2E") == "1":`) is the test harness's, never the deployed
    app's, and is not reported.  Nor is a route registered only when a path the package
    ships beside its module is missing (the `else` of `if UI_DIR.exists():` with `UI_DIR =
    Path(__file__).parent / "ui"` and `ui/` in the tree): the installed app never has it.

    ## References
    - [zhanymkanov README], [ForgeAPI guide] ("Set `response_model`,
      `status_code`, `description`, etc.")
    - [Patterns reference] (`openapi_tags`, `summary`, `description`, `responses`)
    - [Production skill 2025] (tests expect `201` on create)
    - FastAPI docs, "Path Operation Configuration"
    """

    id = "RTE004"
    name = "route-openapi-metadata"
    category = "routes"
    severity = Severity.INFO
    default_enabled = False
    heuristic = True
    message = "route lacks OpenAPI metadata"
    fix_title = (
        "Add tags, a summary or docstring, and `status_code=201` on creations (`202` when "
        "the creation is only queued)"
    )
    sources = (
        "ForgeAPI guide",
        "Production skill 2025",
        "Patterns reference",
        "zhanymkanov README",
    )

    def visit_Assign(self, node: ast.Assign, ctx: ModuleContext) -> None:
        target = node.targets[0] if len(node.targets) == 1 else None
        if isinstance(target, ast.Subscript):
            self._operation_text(target, ctx)
            return
        if isinstance(target, ast.Attribute) and target.attr == "openapi":
            self._openapi_hook(node, target, ctx)
            return
        if not (isinstance(target, ast.Attribute) and target.attr == "openapi_schema"):
            return
        receiver = ctx.resolve(target.value)
        if receiver is None and isinstance(target.value, ast.Name) and ctx.scope.kind != "module":
            if ctx.local_call_binding(target.value.id) is None:
                return
            receiver = f"{ctx.scope.qname}.<locals>.{target.value.id}"  # an app the body builds
        if receiver is None:
            return
        body = getattr(ctx.scope.node, "body", None) if ctx.scope.node is not None else None
        if ctx.scope.kind == "module":
            body = ctx.tree.body if ctx.tree is not None else None
        reset = isinstance(node.value, ast.Constant) and node.value.value is None
        ctx.report(
            node,
            data=_Schema(
                receiver,
                ctx.enclosing_function_qname(),
                reset or not isinstance(body, list) or node not in body,
            ),
        )

    def _operation_text(self, target: ast.Subscript, ctx: ModuleContext) -> None:
        """``operation["description"] = ...`` in a function: a schema hook may write it."""
        key = target.slice
        function = ctx.enclosing_function_qname()
        if function is not None and isinstance(key, ast.Constant) and key.value in _OPERATION_TEXT:
            ctx.report(target, data=_WritesOperationText(function))

    def _openapi_hook(self, node: ast.Assign, target: ast.Attribute, ctx: ModuleContext) -> None:
        """``app.openapi = build_schema``: the app serves what the project function builds.
        In a function, a name the walk does not resolve is one of its locals (the app handed
        to an installer as a parameter, the hook defined beside the assignment)."""
        if not isinstance(node.value, ast.Name):
            return
        receiver, function = ctx.resolve(target.value), ctx.resolve(node.value)
        if ctx.scope.kind == "function":
            if receiver is None and isinstance(target.value, ast.Name):
                receiver = f"{ctx.scope.qname}.<locals>.{target.value.id}"
            if function is None:
                function = ctx.child_qname(node.value.id)
        if receiver is not None and function is not None and ctx.is_project(function):
            ctx.report(node, data=_OpenapiHook(receiver, function))

    def visit_FunctionDef(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext
    ) -> None:
        """``if os.environ.get("APP_E2E") == "1": @app.post("/e2e/seed") ...``: a route
        registered only under a test harness's switch is never in the deployed app's
        schema, and nobody reads its OpenAPI metadata in test mode."""
        if node.decorator_list and under_test_mode(ctx, node):
            ctx.report(node, data=_TestOnly(ctx.child_qname(node.name)))

    visit_AsyncFunctionDef = visit_FunctionDef

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        """``app.openapi_schema = build(...)`` as a statement of a function (or module)
        body: ``FastAPI.openapi()`` returns that cached document from then on, so a route
        the same body registers on that app afterwards never appears in the schema.  An
        assignment in a branch, or a reset to ``None`` anywhere, keeps every route."""
        cached: dict[str, tuple[str | None, str | None, int]] = {}
        reset: set[str] = set()
        test_only = {h.data.function for h in hits if isinstance(h.data, _TestOnly)}
        for h in hits:
            if isinstance(h.data, (_TestOnly, _OpenapiHook, _WritesOperationText)):
                continue
            d = h.payload(_Schema)
            inst = project.app_for(d.receiver) or project.apps.get(d.receiver)
            if inst is None or inst.kind != "app":
                continue
            if d.conditional:
                reset.add(inst.qname)
            elif inst.qname not in cached and h.line is not None:
                cached[inst.qname] = (h.path, d.function, h.line)
        for q in reset:
            cached.pop(q, None)
        return self._findings(project, cached, test_only, _described_by_hook(project, hits))

    def _findings(
        self,
        project: Project,
        cached: dict[str, tuple[str | None, str | None, int]],
        test_only: set[str],
        described: set[str],
    ) -> list[Hit]:
        out: list[Hit] = []
        loose = _loose_includes(project)
        trees: dict[str, ast.Module | None] = {}
        undescribed: set[str] = set()  # handlers already told to describe themselves
        route_classes: dict[str, bool] = {}  # route classes that wrap the endpoint
        openai = _openai_bases(project)
        chose_200 = _creations_answer_200(project)
        addressed = _addressed_collections(project)
        served = _served_index(project)
        page_sites = _page_only_apps(project)
        for route in project.routes:
            if route.websocket or route.module.file_class != "app" or project.schema_hidden(route):
                continue
            if _preview_app(project, route, trees):
                continue  # a local preview run as a script: its schema has no reader
            if _shadowed_schema(project, route):
                continue  # its app's schema is never served: nobody reads it
            if _on_page_sites(project, route, page_sites):
                continue  # a server-rendered site with its docs off: its schema has no reader
            if _after_cached_schema(route, cached):
                continue  # registered after the app's schema was built and kept
            if route.function.qname in test_only and route.site is route.module:
                continue  # registered only under a test harness's switch: never deployed
            if project.shipped_path_fallbacks.covers(route.site.path, route.decorator.line):
                continue  # registered only when a path the package ships is missing: never
            dec = route.decorator
            star = bool(dec.has_star)
            missing: list[str] = []
            if (
                _creation(route)
                and not star
                and route.kw("status_code") is None
                and not _sets_status(project, route)
                and not _answers_created(route)
                and not _helper_sets_status(project, route)
                and not _wrapping_route_class(project, route, route_classes)
                and not _openai_contract(route, openai)
                and not chose_200
                and not _adds_to_existing(project, route, addressed)
                and not _registers_on_resource(route, served)
            ):
                missing.append(_STATUS_BY_HAND if _builds_responses(project, route) else _STATUS)
            if (
                not star
                and not route.function.has_docstring
                and not _given(route.kw("summary"))
                and not _given(route.kw("description"))
                and not _named(route)
                and not _on_described_app(project, route, described)
            ):
                # one docstring mends every decorator of the handler: said once, on its
                # first route (``@router.get("/")`` over ``@router.get("")``)
                if route.function.qname not in undescribed:
                    missing.append("no summary, description or docstring")
                undescribed.add(route.function.qname)
            if _tagged(project, route, loose) is False:
                missing.append("no tags")
            if not missing:
                continue
            out.append(
                self.project_hit(
                    f"{route.label}: {'; '.join(missing)}",
                    path=route.site.path,
                    line=dec.line,
                )
            )
        return out

    bad = (
        Example(
            files={"console/__init__.py": "", "console/server.py": _UI_SERVER},
            note="the shipped-folder trap's bad twin: the tree holds no `ui/` folder (it is "
            "built elsewhere, or not at all), so the placeholder route may be registered",
            lines=(15,),
        ),
        snippet(
            """\
import os

from fastapi import FastAPI

app = FastAPI()

if os.environ.get("SHOP_FEATURE_EXPORT") == "1":

    @app.get("/export")
    async def export() -> str:
        return "csv"

if not os.environ.get("SHOP_E2E"):

    @app.get("/orders")
    async def orders() -> list[str]:
        return []

if os.getenv("SHOP_TESTING", "0") == "0":

    @app.get("/stock")
    async def stock() -> list[str]:
        return []
""",
            note="the other side of the test-mode trap: a feature switch is deployed, and a "
            'route registered unless the harness runs (`not`, `== "0"`) is the deployed app\'s',
            lines=(9, 15, 21),
        ),
        snippet(
            """\
from fastapi import FastAPI


def make_app(metrics: bool = False, test_mode: bool = False, e2e: bool = True) -> FastAPI:
    app = FastAPI()

    if metrics:

        @app.get("/metrics")
        async def metrics_page() -> str:
            return "ok"

    if not test_mode:

        @app.get("/jobs")
        async def jobs() -> list[str]:
            return []

    if e2e:

        @app.get("/fixtures")
        async def fixtures() -> list[str]:
            return []

    return app
""",
            note="the other side of the test-flag trap: a switch not named for a test mode is "
            "a deployed feature, a route registered unless the test flag is on is the "
            "deployed app's, and a test switch on by default is on where it is deployed",
            lines=(9, 15, 21),
        ),
        Example(
            files={
                "app/main.py": "from app.pages import add_status_pages\n"
                + _STATUS_MAIN
                + "\n\nadd_status_pages(app, banner='up')\n",
                "app/pages.py": _STATUS_PAGES,
                "pyproject.toml": '[project]\nname = "app"\n',
            },
            note="the other side of the uncalled-helper trap: the app's module hands the app "
            "to the helper, whose route is served",
            lines=(6,),
        ),
        snippet(
            """\
from fastapi import FastAPI


def create_ui_app() -> FastAPI:
    ui_app = FastAPI(title="Hub UI")

    @ui_app.get("/ui-settings")
    def ui_settings() -> dict:
        return {"theme": "dark"}

    return ui_app


def create_app() -> FastAPI:
    app = FastAPI(title="Hub")
    app.mount("/ui", create_ui_app(), name="ui")
    return app
""",
            note="the other side of the root-mount trap: mounted under a prefix, the app "
            "serves its schema, route included, at /ui/openapi.json",
            lines=(7,),
        ),
        snippet(
            """\
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi


def create_app(frozen: bool) -> FastAPI:
    app = FastAPI(title="Shop")

    @app.get("/items")
    async def list_items() -> list[str]:
        return []

    if frozen:
        app.openapi_schema = get_openapi(title="Shop", version="1", routes=app.routes)

    @app.get("/health")
    async def health() -> str:
        return "ok"

    return app
""",
            note="a route registered before the schema is cached is in it; one after a "
            "cache set only in a branch may be",
            lines=(8, 15),
        ),
        Example(
            files={
                "panel/api.py": """\
from fastapi import APIRouter


def create_api(site: object) -> APIRouter:
    router = APIRouter()

    @router.get("/{name}/{key}")
    async def read_record(name: str, key: int) -> str:
        return f"{name} {key}"

    return router
""",
                "panel/main.py": """\
from fastapi import FastAPI

from panel.api import create_api


class Panel:
    def attach(self, app: FastAPI) -> None:
        app.include_router(create_api(self), prefix="/admin", include_in_schema=False)
        api = create_api(self)
        app.include_router(api, prefix="/admin/api")
""",
            },
            note="the trap beside the pages a method includes out of the schema: the same "
            "factory's router, also included on that app without `include_in_schema=False`, "
            "is in the schema",
            lines=(7,),
        ),
        snippet(
            """\
from fastapi import APIRouter, UploadFile

from app.storage import FileStore

router = APIRouter(tags=["files"])


def files_router() -> APIRouter:
    store = FileStore()

    @router.post("/files")
    async def upload_file(file: UploadFile) -> dict:
        \"\"\"Upload a file.\"\"\"
        key = await store.keep(file)
        return {"key": key}

    return router
""",
            with_files={
                "app/storage.py": """\
from fastapi import UploadFile


class FileStore:
    async def keep(self, file: UploadFile) -> str:
        with open(f"/data/{file.filename}", "wb") as out:
            out.write(await file.read())
        return file.filename or ""
""",
            },
            note="the other side of the upload trap: the method of a local instance of a project "
            "class the handler calls writes the file (seen in cognee)",
            lines=(11,),
        ),
        snippet(
            """\
from fastapi import APIRouter, UploadFile

router = APIRouter(tags=["jobs"])


@router.post("/jobs/{job_id}/uploads")
async def upload_artifact(job_id: str, file: UploadFile, store: dict) -> dict:
    \"\"\"Add an artifact to a job.\"\"\"
    store.put(job_id, await file.read())
    return {"job_id": job_id}


@router.post("/jobs/upload")
async def upload_job(file: UploadFile, store: dict) -> dict:
    \"\"\"Upload a job.\"\"\"
    store.save(await file.read())
    return {"name": file.filename}
""",
            note="the other side of the action-on-a-resource trap: a collection under the "
            "resource (`/uploads`, a noun) and an upload to a collection are creations",
            lines=(6, 13),
        ),
        snippet(
            """\
from fastapi import APIRouter, FastAPI
from fastapi.responses import PlainTextResponse


class Metrics:
    def make_router(self) -> APIRouter:
        router = APIRouter(tags=["metrics"])

        @router.get("/", response_class=PlainTextResponse)
        @router.get("", response_class=PlainTextResponse)
        async def export() -> str:
            return "metric 1"

        return router


class Server:
    def __init__(self, prefix: str) -> None:
        self.app = FastAPI()
        self.metrics = Metrics()
        self.app.include_router(self.metrics.make_router(), prefix=f"{prefix}/metrics")
""",
            note="one handler under two decorators (`/` and ``) of a router a factory method "
            "returns, included under a computed prefix (seen in port-ocean): one finding, "
            "whose message does not pass the route off as `GET /`",
            lines=(9,),
        ),
        snippet(
            """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter(tags=["memories"])


class Memory(BaseModel):
    content: str


@router.post("/memories")
async def add_memory(memory: Memory) -> Memory:
    \"\"\"Store a memory.\"\"\"
    return memory
""",
            note="the other side of the `add_*` traps: a new resource answered whole",
            lines=(11,),
        ),
        snippet(
            """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter(tags=["schedules"])


class ScheduleUpsertRequest(BaseModel):
    cron: str


@router.post("/schedules")
async def create_schedule(body: ScheduleUpsertRequest) -> dict[str, str]:
    \"\"\"Create a schedule.\"\"\"
    return {"cron": body.cron}


@router.post("/jobs")
async def create_job(body: ScheduleUpsertRequest, store, scheduler) -> dict[str, str]:
    job = await store.create_job(cron=body.cron)
    await scheduler.upsert_job(job.id, body.cron)
    return {"id": job.id}
""",
            note="a request schema shared by create and update (`*UpsertRequest`) does not "
            "make the creation an upsert; nor does an upsert that syncs a resource the handler "
            "has just created to another system (the scheduler)",
            lines=(11, 17),
        ),
        snippet(
            """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class PostIn(BaseModel):
    title: str


@router.post("/posts")
async def create_post(post: PostIn) -> PostIn:
    return post
""",
            lines=(11,),
        ),
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI()


@app.post("/openai/v1/chat/completions", tags=["openai"])
async def create_chat_completion(body: dict) -> dict[str, str]:
    \"\"\"Answer a chat.\"\"\"
    return {"text": "hi"}


@app.post("/openai/v1/keys", tags=["admin"])
async def create_key(body: dict) -> dict[str, str]:
    \"\"\"Issue an API key.\"\"\"
    return {"key": "k1"}


@app.post("/v1/threads", tags=["forum"])
async def create_thread(body: dict) -> dict[str, str]:
    \"\"\"Start a forum thread.\"\"\"
    return {"id": "t1"}
""",
            note="the other side of the OpenAI contract: a resource of the server's own "
            "beside the OpenAI API (API keys), and a thread under another prefix than the "
            "chat completion, are creations of its own",
            lines=(12, 18),
        ),
        snippet(
            """\
from fastapi import APIRouter

router = APIRouter(prefix="/v1", tags=["forum"])


@router.post("/messages")
async def create_message(body: dict) -> dict[str, str]:
    \"\"\"Post a forum message.\"\"\"
    return {"id": "m1"}
""",
            note="the other side of Anthropic's Messages API: a server that serves no chat "
            "completion under the same prefix creates its own messages",
            lines=(6,),
        ),
        snippet(
            """\
from fastapi import APIRouter

router = APIRouter(prefix="/api", tags=["shop"])


@router.post("/orders", status_code=200)
async def create_order(body: dict) -> dict[str, str]:
    \"\"\"Place an order.\"\"\"
    return {"id": "1"}


@router.post("/carts")
async def create_cart(body: dict) -> dict[str, str]:
    \"\"\"Open a cart.\"\"\"
    return {"id": "2"}


@router.post("/invoices", status_code=200)
async def create_invoice(body: dict) -> dict[str, str]:
    \"\"\"Issue an invoice.\"\"\"
    return {"id": "3"}


@router.post("/refunds", status_code=201)
async def create_refund(body: dict) -> dict[str, str]:
    \"\"\"Open a refund.\"\"\"
    return {"id": "4"}
""",
            note="the other side of the project's own 200: a project that declares 201 on "
            "one creation knows it, and its creations without `status_code=` stay reported",
            lines=(12,),
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

from app import completions

app = FastAPI()
app.include_router(completions.router, prefix="/v1/chat/completions")
""",
                "app/completions.py": """\
from fastapi import APIRouter

router = APIRouter(prefix="/presets", tags=["chat"])


@router.post("")
async def create_preset(body: dict) -> dict[str, str]:
    \"\"\"Save a preset.\"\"\"
    return {"id": "p1"}
""",
            },
            note="the other side of the computed-path trap: the served path "
            "`/v1/chat/completions/presets` names a stored preset, whatever its include's "
            "prefix says",
            lines=(6,),
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

from app.users import router as users_router

app = FastAPI()
app.include_router(users_router, prefix="/users")


@app.get("/health", summary="Liveness")
async def health() -> str:
    return "ok"
""",
                "app/users.py": """\
from fastapi import APIRouter

router = APIRouter(tags=[])


@router.post("/signup", tags=["auth"])
async def signup_user() -> int:
    \"\"\"Create an account.\"\"\"
    return 1


@router.get("/{user_id}", description="")
async def read_user(user_id: int) -> int:
    return user_id


async def upload_avatar() -> None:
    \"\"\"Store an avatar.\"\"\"


router.add_api_route("/avatar", upload_avatar, methods=["POST"])
""",
            },
            note="each signal alone; empty tags and descriptions do not count; add_api_route",
            lines=(9, 6, 12, 21),
        ),
        snippet(
            """\
from fastapi import APIRouter

router = APIRouter(prefix="/projects", tags=["projects"])


@router.post("/{name}/members", name="projects:add_member")
async def add_project_member(name: str, member: str) -> dict[str, str]:
    return {"name": name, "member": member}


@router.post("/{name}/volumes/create", summary="Create a volume")
async def create_volume(name: str) -> dict[str, str]:
    return {"project": name}
""",
            note="a name= without a space is a route key for url_for, not a summary (seen in "
            "fief); a create action on a "
            "collection is a creation",
            lines=(6, 11),
        ),
        snippet(
            """\
from fastapi import APIRouter, HTTPException

router = APIRouter(prefix="/images", tags=["images"])


@router.post("/", summary="Upload an image")
def create_image(width: int, store: dict) -> dict[str, int]:
    if width <= 0:
        raise HTTPException(status_code=422, detail="bad width")
    store["w"] = width
    return {"width": width}
""",
            note="a handler that raises on one path but returns the new resource on another "
            "still creates",
            lines=(6,),
        ),
        snippet(
            """\
from fastapi import APIRouter, HTTPException

router = APIRouter(prefix="/teams", tags=["teams"])


@router.post("/", summary="Create a team")
def create_team(name: str, db: dict) -> dict[str, str]:
    existing = db.get(name)
    if existing:
        raise HTTPException(status_code=409, detail=f"{existing} exists")
    created = db.create(name)
    if created:
        return {"name": created}
    return {"name": name}
""",
            note="the other side of the get-or-create trap: a lookup that refuses a duplicate "
            "(409), and an early return of what the handler created",
            lines=(6,),
        ),
        snippet(
            """\
from fastapi import APIRouter

router = APIRouter(prefix="/threads", tags=["threads"])


@router.post("/{thread_id}/messages", summary="Post a message")
async def create_message(thread_id: int, body: dict, db: dict) -> dict[str, int]:
    message = db.insert(thread_id, body)
    return {"id": message}
""",
            note="the other side of the computation trap: a message stored in a thread and "
            "answered by its new id, nothing streamed",
            lines=(6,),
        ),
        Example(
            files={
                "proxy/upstream.py": """\
from fastapi import Response


def relay(body: bytes, headers: dict[str, str]) -> Response:
    common = {"headers": headers, "media_type": "application/json"}
    return Response(content=body, **common)
""",
                "proxy/routes.py": """\
from fastapi import APIRouter

from proxy.upstream import relay

router = APIRouter(tags=["runs"])


@router.post("/runs")
async def create_run(payload: dict) -> dict:
    \"\"\"Start a run upstream.\"\"\"
    return relay(b"{}", {})
""",
            },
            note="the other side of the proxy trap: a helper whose response leaves the status "
            "to FastAPI's default (200)",
            lines=(8,),
        ),
        snippet(
            """\
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["members"])


@router.post("/members", summary="Add a member")
async def create_member(request: Request) -> JSONResponse | dict:
    body = await request.json()
    if "email" not in body:
        return JSONResponse({"detail": "email required"}, status_code=400)
    request.app.state.members.append(body)
    return {"id": len(request.app.state.members)}
""",
            note="the other side of the answers-201 trap: its success is a plain value "
            "FastAPI answers 200, only its error response states a status",
            lines=(7,),
        ),
        snippet(
            """\
import uvicorn
from fastapi import FastAPI

if __name__ == "__main__":
    app = FastAPI()

    @app.get("/")
    async def page() -> str:
        return "ok"

    uvicorn.run(app, host="0.0.0.0")
""",
            note="the other side of the preview trap: an app of a `__main__` block served on "
            "every interface is the deployed server",
            lines=(7,),
        ),
        Example(
            files={
                "rpc/timing.py": """\
import time
from typing import Any, Callable

from fastapi.routing import APIRoute


class TimedRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        self.started = time.monotonic()
        super().__init__(path, endpoint, **kwargs)
""",
                "rpc/routes.py": """\
from fastapi import APIRouter

from rpc.timing import TimedRoute

router = APIRouter(tags=["jobs"], route_class=TimedRoute)


@router.post("/jobs")
async def create_job(payload: dict) -> dict:
    \"\"\"Queue a job.\"\"\"
    return payload
""",
            },
            note="the other side of the route-class trap: a custom route class that hands "
            "FastAPI the handler itself keeps the handler's answer and its status",
            lines=(8,),
        ),
        snippet(
            """\
from fastapi import APIRouter

router = APIRouter(prefix="/boards", tags=["boards"])


@router.post("/{board_id}/cards")
async def add_card(board_id: int, body: dict, db: dict) -> dict[str, int]:
    \"\"\"Add a card to a board.

    Returns:
        The created card; the board's updated count is not part of it.
    \"\"\"
    return {"id": db.insert(board_id, body)}
""",
            note="the other side of the updated-resource trap: a docstring that says the "
            "answer is the created item (the word `updated` in another sentence)",
            lines=(6,),
        ),
        Example(
            files={
                "svc/hub.py": """\
from fastapi import APIRouter


def build_router(*, signed: bool) -> APIRouter:
    router = APIRouter()

    @router.get("/catalog")
    async def catalog() -> list[str]:
        return []

    return router
""",
                "svc/main.py": """\
from fastapi import FastAPI

from svc.hub import build_router

app = FastAPI(title="Hub")
app.include_router(build_router(signed=False), prefix="/open")
app.include_router(build_router(signed=True), prefix="/hub", include_in_schema=False)
""",
            },
            note="the other side of the factory-router trap: one of the includes of the "
            "router a factory builds in place keeps it in the served schema",
            lines=(7,),
        ),
        Example(
            files={
                "svc/app.py": """\
from fastapi import FastAPI


def make_app() -> FastAPI:
    app = FastAPI(title="Svc")

    @app.get("/items", tags=["items"])
    async def items() -> list[str]:
        \"\"\"List the items.\"\"\"
        return []

    return app
""",
                "svc/dev.py": """\
import uvicorn

from svc.app import make_app


def main() -> None:
    app = make_app()

    @app.get("/debug")
    async def debug() -> str:
        return "on"

    uvicorn.run(app, host="0.0.0.0")


if __name__ == "__main__":
    main()
""",
            },
            note="the other side of the codegen-stub trap: a program that adds a route to "
            "the factory's app and serves it",
            lines=(9,),
        ),
        Example(
            files={
                "beacon/config.py": """\
import os

verbose = os.environ.get("BEACON_VERBOSE") == "1"
""",
                "beacon/web.py": """\
from fastapi import FastAPI

from beacon import config

app = FastAPI(openapi_url="/dev/openapi.json" if config.verbose else None)


@app.get("/pings")
async def pings() -> list[str]:
    return []
""",
            },
            note="the other side of the constant-flag trap: a flag read from the environment "
            "may be true in production, so the schema may be served",
            lines=(8,),
        ),
        Example(
            files={
                "beacon/config.py": """\
verbose = False
""",
                "beacon/cli.py": """\
from beacon import config


def main(debug: bool) -> None:
    config.verbose = debug
""",
                "beacon/web.py": """\
from fastapi import FastAPI

from beacon import config

app = FastAPI(openapi_url="/dev/openapi.json" if config.verbose else None)


@app.get("/pings")
async def pings() -> list[str]:
    return []
""",
            },
            note="the other side of the constant-flag trap: another module sets the flag "
            "(`config.verbose = debug`), so the schema may be served",
            lines=(8,),
        ),
        Example(
            files={
                "svc/proxy.py": """\
from fastapi import APIRouter


def build_router(upstream: str) -> APIRouter:
    router = APIRouter()

    @router.get("/{path:path}")
    async def relay(path: str) -> str:
        return upstream + path

    return router
""",
                "svc/main.py": """\
from fastapi import FastAPI

from svc.proxy import build_router

app = FastAPI(title="Hub", docs_url=None, redoc_url=None, openapi_url=None)
app.openapi_url = "/openapi.json"  # served by a route of its own below
app.include_router(build_router("https://hub.example"), prefix="/hub")


@app.get(app.openapi_url, include_in_schema=False)
async def openapi_json() -> dict:
    return app.openapi()
""",
            },
            note="the other side of the schema-less trap: `openapi_url` set again after "
            "`FastAPI(openapi_url=None)`, the app serves its schema from a route of its own",
            lines=(7,),
        ),
        Example(
            files={
                "shop/api/cart.py": """\
from fastapi import APIRouter

router = APIRouter(tags=["cart"])


@router.post("/cart/{item_id}/remove")
async def remove_item(item_id: int) -> dict[str, int]:
    return {"removed": item_id}
""",
                "shop/api/orders.py": """\
from fastapi import APIRouter

router = APIRouter(tags=["orders"])


@router.get("/orders")
async def order_list() -> list[int]:
    return []
""",
                "shop/main.py": """\
from fastapi import FastAPI

from shop.api import cart, orders

SECTIONS = (cart, orders)

app = FastAPI()

for section in SECTIONS:
    app.include_router(section.router, prefix="/api")
for section in SECTIONS:
    app.include_router(section.router, prefix="/ui", include_in_schema=False)
""",
            },
            note="the trap beside pages included through a loop out of the schema: the same "
            "modules' routers, also included by a loop without `include_in_schema=False`, "
            "are in the schema",
            lines=(6,),
        ),
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI()
leases: dict[str, float] = {}


@app.post("/leases", tags=["leases"])
async def register_lease(holder: str, seconds: float) -> dict[str, str]:
    \"\"\"Hand a new lease to a holder.\"\"\"
    leases[holder] = seconds
    return {"message": f"Lease of {holder} registered for {seconds} s"}
""",
            note="the other side of the registered-or-updated upsert: a registration whose "
            "text says only that it registered is a creation",
            lines=(7,),
        ),
        Example(
            files={
                "svc/bookings.py": """\
async def book_room(store, room: str, guest: str) -> dict[str, str]:
    booking = await store.insert_booking(room=room, guest=guest)
    await store.upsert_guest(guest)
    return {"id": booking.id, "room": room}
""",
                "svc/api.py": """\
from fastapi import APIRouter

from svc.bookings import book_room

router = APIRouter(tags=["bookings"])


@router.post("/bookings")
async def create_booking(room: str, guest: str, store=None) -> dict[str, str]:
    \"\"\"Book a room for a guest.\"\"\"
    return await book_room(store, room, guest)
""",
            },
            note="the other side of the delegated upsert: the project function the handler "
            "hands its work to inserts the booking (the upsert beside it only syncs the guest)",
            lines=(8,),
        ),
        snippet(
            _GROUP_MEMBERS
            + (
                '\n\n@router.delete("/{name}/members/{member}", status_code=204)\n'
                "async def remove_member(name: str, member: str) -> None:\n"
                '    """Remove a member."""\n'
            ),
            note="the other side of the group trap: a route addresses one member, so each "
            "member added is a resource of its own, created",
            lines=(12,),
        ),
        snippet(
            _RELAY_ON_DEVICE
            + (
                '\n\n@router.delete("/{device_id}/relay-server", status_code=204)\n'
                "async def remove_relay_server(device_id: str) -> None:\n"
                '    """Forget the relay server of a device."""\n'
            ),
            note="the other side of the relay trap: a route serves the device's relay server, "
            "so registering one creates a resource of its own",
            lines=(7,),
        ),
        snippet(
            """\
from fastapi import APIRouter
from fastapi.responses import JSONResponse

router = APIRouter(prefix="/files", tags=["files"])
FILES: dict[str, str] = {}


@router.post("")
async def create_file(name: str, text: str) -> JSONResponse:
    \"\"\"Store a new file.\"\"\"
    if name in FILES:
        return JSONResponse({"ok": False, "error": "exists"}, status_code=409)
    FILES[name] = text
    return JSONResponse({"ok": True, "name": name})
""",
            note="a creation answering responses it builds: a decorator's status_code= would "
            "change only the docs, so the advice says to pass 201 to the response too",
            lines=(8,),
        ),
        snippet(
            _ENSURE_PORT.replace(', "changed": changed}', "}"),
            note="the other side of the ensure trap: an answer that does not say whether "
            "anything changed leaves the registration a creation",
            lines=(7,),
        ),
        snippet(
            _PAGE_SITE
            + (
                '\n\n@app.get("/api/notes")\n'
                "async def list_notes() -> list[str]:\n"
                "    return NOTES\n"
            ),
            note="the other side of the page-site trap: a route answers JSON, an operation a "
            "client reads from the schema whether or not the docs pages are on",
            lines=(10, 15, 22),
        ),
        snippet(
            _PAGE_SITE.replace("docs_url=None, redoc_url=None", "docs_url=None"),
            note="the other side of the page-site trap: ReDoc still shows the schema at /redoc",
            lines=(10, 15),
        ),
        snippet(
            """\
from fastapi import APIRouter, HTTPException

router = APIRouter(tags=["shelves"])
shelves: dict[str, list[str]] = {}


@router.post("/shelves")
async def create_shelf(name: str, db=None) -> dict[str, str]:
    \"\"\"Open a shelf.\"\"\"
    found = db.find_shelf(name)
    if found is None:
        db.execute("INSERT INTO shelves (name) VALUES (?)", (name,))
        return {"name": name}
    raise HTTPException(409, "shelf exists")
""",
            note="the other side of the upsert traps: a plain `INSERT` whose existing-row "
            "path is a 409, so every success is a creation",
            lines=(7,),
        ),
        snippet(
            """\
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

app = FastAPI(title="Ledger")

NOTES = {"/entries": "List ledger entries, newest first."}


def ledger_schema() -> dict[str, Any]:
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version="1", routes=app.routes)
        schema["info"]["x-logo"] = {"url": "/static/logo.png"}
        for path, item in schema["paths"].items():
            for operation in item.values():
                operation["tags"] = ["ledger"]
        app.openapi_schema = schema
    return app.openapi_schema


app.openapi = ledger_schema


@app.get("/entries", tags=["ledger"])
async def list_entries() -> list[str]:
    return []
""",
            note="the other side of the schema-hook trap: the app's `openapi` hook writes "
            "tags and a logo, never an operation's text",
            lines=(25,),
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
        snippet(
            """\
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

app = FastAPI(title="Ledger")

NOTES = {"/entries": "List ledger entries, newest first."}


def ledger_schema() -> dict[str, Any]:
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version="1", routes=app.routes)
        schema["info"]["x-logo"] = {"url": "/static/logo.png"}
        for path, item in schema["paths"].items():
            for operation in item.values():
                operation["description"] = NOTES.get(path, "")
        app.openapi_schema = schema
    return app.openapi_schema


app.openapi = ledger_schema


@app.get("/entries", tags=["ledger"])
async def list_entries() -> list[str]:
    return []
""",
            note="trap: the app's `openapi` is replaced by a project function that writes each "
            "operation's description from a table: the served schema describes the route",
        ),
        snippet(
            """\
import os

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse

app = FastAPI()

if os.environ.get("SHOP_E2E") == "1":

    @app.post("/e2e/reset", response_class=PlainTextResponse)
    async def e2e_reset(request: Request) -> str:
        return "reset"

if "TESTING" in os.environ:

    @app.get("/e2e/clock")
    def e2e_clock() -> str:
        return "now"
""",
            note="routes registered only when the end-to-end harness sets a test-mode "
            "environment variable: the deployed app never has them, and nobody reads their "
            "OpenAPI metadata in test mode",
        ),
        snippet(
            """\
import argparse

import uvicorn
from fastapi import FastAPI


def make_app(test_mode: bool = False) -> FastAPI:
    app = FastAPI()

    @app.get("/ping", tags=["ops"], summary="Liveness")
    async def ping() -> str:
        return "pong"

    if test_mode:

        @app.post("/reset")
        async def reset() -> str:
            return "reset"

    return app


def serve(test_mode: bool = False) -> None:
    uvicorn.run(make_app(test_mode))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--test", action="store_true")
    serve(test_mode=parser.parse_args().test)
""",
            note="trap: a route registered only under a `test_mode` parameter that is off "
            "unless a `--test` flag turns it on: the deployed start never has it, and nobody "
            "reads its OpenAPI metadata in the test harness",
        ),
        snippet(
            """\
from fastapi import APIRouter

router = APIRouter(tags=["beacons"])


@router.post("/beacons")
async def register_beacon(node: str, url: str, conn=None) -> dict[str, str]:
    \"\"\"Announce a beacon; announcing it again refreshes it.\"\"\"
    conn.execute(
        \"\"\"
        INSERT INTO beacons (node, url) VALUES (?, ?)
        ON CONFLICT (node) DO UPDATE SET url = excluded.url
        \"\"\",
        (node, url),
    )
    return {"node": node}
""",
            note="trap: an upsert written in SQL (`INSERT ... ON CONFLICT ... DO UPDATE`): "
            "the row may exist already and is refreshed, so a fixed 201 would misstate that "
            "case",
        ),
        snippet(
            """\
from fastapi import APIRouter

router = APIRouter(tags=["labels"])


@router.post("/notes/{note_id}/labels")
def add_label(note_id: int, label: str, db=None) -> dict[str, object]:
    \"\"\"Put a label on a note.\"\"\"
    note = db.load_note(note_id)
    present = next((x for x in note.labels if x == label), None)
    if present is None:

        def write(session):
            session.add_label(note_id, label)
            return session

        db.run(write)
    return {"labels": db.load_note(note_id).labels}
""",
            note="trap: an idempotent add: the write runs only when the label is absent, and "
            "the same answer follows either way, so the success is no creation a 201 announces",
        ),
        Example(
            files={
                "app/main.py": _STATUS_MAIN,
                "app/pages.py": _STATUS_PAGES,
                "pyproject.toml": '[project]\nname = "app"\n',
            },
            note="a helper handed the app that nothing calls and no file names (seen in "
            "mcp-hub-cli): the route it would add is never served",
        ),
        Example(
            files={
                "sync/refresh.py": """\
async def refresh_item(source, store, key: str) -> dict[str, object]:
    await store.mark_stale(key)
    item = await source.fetch(key)
    await upsert_items(store, [item])
    return {"item": await store.get(key), "fetched": 1}


async def upsert_items(store, items) -> None:
    for item in items:
        await store.put(item)
""",
                "sync/api.py": """\
from fastapi import APIRouter

router = APIRouter(tags=["sync"])


@router.post("/refreshes")
async def create_refresh(key: str, source=None, store=None) -> dict[str, object]:
    \"\"\"Fetch an item again, whether or not it is stored yet.\"\"\"
    from sync.refresh import refresh_item

    return await refresh_item(source, store, key)
""",
            },
            note="trap: a handler that only hands its work to a project function whose body "
            "upserts (seen in agentgraph-server): the item may exist already, so 201 would be "
            "wrong",
        ),
        snippet(
            _ENSURE_PORT,
            note="a registration whose answer says whether the call changed anything (a "
            "computed `changed` entry): an idempotent ensure that may answer the existing "
            "resource unchanged, so a fixed 201 would be wrong (dc43-service-backends "
            "server.py:309)",
        ),
        snippet(
            _PAGE_SITE,
            note="a server-rendered site with both docs UIs off, every route a page, a "
            "template or a redirect: its /openapi.json lists no JSON operation and no docs "
            "page shows it, so nothing reads the metadata (jupyter-classroom "
            "routers/classrooms.py:59, :95)",
        ),
        snippet(
            _RELAY_ON_DEVICE,
            note="a `register_*` handler recording one thing, named in the singular, on an "
            "identified device (`POST /devices/{device_id}/relay-server`) that no other route "
            "serves: the device is updated, no resource is created (seen in ruvon-server)",
        ),
        snippet(
            _GROUP_MEMBERS,
            note="an `add_*` handler putting elements into an existing group "
            "(`POST /groups/{name}/members`), none of which a route addresses, answering "
            "only how it went: the group is updated, no resource is created (dawos-agent "
            "dawos_agent/routers/fw_groups_router.py:107)",
        ),
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI()
leases: dict[str, float] = {}


@app.post("/leases", tags=["leases"])
async def register_lease(holder: str, seconds: float) -> dict[str, str]:
    \"\"\"Hand a lease to a holder, who renews it by posting again.\"\"\"
    leases[holder] = seconds
    return {"message": f"Lease of {holder} registered/updated for {seconds} s"}
""",
            note="a registration that answers it registered or updated the entry (a lease "
            "renewed by posting again): an upsert, no creation a 201 would announce (seen in "
            "microstorm's discovery server)",
        ),
        snippet(
            """\
from fastapi import FastAPI


def create_ui_app() -> FastAPI:
    ui_app = FastAPI(title="Hub UI")

    @ui_app.get("/ui-settings")
    def ui_settings() -> dict:
        return {"theme": "dark"}

    return ui_app


def create_app() -> FastAPI:
    app = FastAPI(title="Hub")
    app.mount("/", create_ui_app(), name="ui")
    return app
""",
            note="a route of an app served only mounted at '/' under an app that keeps its "
            "default docs: the parent's /openapi.json comes first, and the mounted app's "
            "schema, the only one listing the route, is never served (seen in prefect-client)",
        ),
        snippet(
            """\
from fastapi import APIRouter, Request, status
from fastapi.responses import JSONResponse

router = APIRouter(tags=["accounts"])


def _problem(code: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=code)


async def _read(request: Request) -> tuple[dict | None, JSONResponse | None]:
    try:
        return await request.json(), None
    except ValueError:
        return None, _problem(400, "not JSON")


@router.post("/accounts", summary="Open an account")
async def create_account(request: Request) -> JSONResponse:
    body, err = await _read(request)
    if err is not None:
        return err
    if not body:
        return _problem(422, "empty account")
    request.app.state.accounts.append(body)
    return JSONResponse(body, status_code=201)


@router.post("/teams", summary="Create a team")
async def create_team(request: Request) -> JSONResponse:
    team = await request.json()
    if not team:
        return _problem(422, "empty team")
    return JSONResponse(team, status_code=status.HTTP_201_CREATED)
""",
            note="creations that answer 201 themselves (`JSONResponse(..., status_code=201)`), "
            "every other result an error response of a helper or one handed back by another "
            "(seen in dazzle-dsl's SCIM `create_user`)",
        ),
        Example(
            files={
                "svc/hub.py": """\
from fastapi import APIRouter, FastAPI


def build_router(*, signed: bool) -> APIRouter:
    router = APIRouter()

    @router.get("/catalog")
    async def catalog() -> list[str]:
        return []

    return router


def internal_app() -> FastAPI:
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.include_router(build_router(signed=False))
    return app
""",
                "svc/main.py": """\
from fastapi import FastAPI

from svc.hub import build_router as hub_router

app = FastAPI(title="Hub")
app.include_router(hub_router(signed=True), prefix="/hub", include_in_schema=False)
""",
            },
            note="a router a factory builds, included in place (`include_router(build_router())`) "
            "only with `include_in_schema=False` or into an app with `openapi_url=None`: in no "
            "schema (seen in unsloth)",
        ),
        Example(
            files={
                "beacon/config.py": """\
verbose = False
""",
                "beacon/web.py": """\
from fastapi import FastAPI

from beacon import config


def build() -> FastAPI:
    app = FastAPI(
        title="Beacon",
        docs_url="/dev/docs" if config.verbose else None,
        openapi_url="/dev/openapi.json" if config.verbose else None,
    )

    @app.get("/pings")
    async def pings() -> list[str]:
        return []

    return app
""",
            },
            note="`openapi_url` conditional on a module-level constant `False` that nothing "
            "rebinds (no other assignment, no `config.verbose = ...`, not read from the "
            "environment): the app never serves a schema",
        ),
        Example(
            files={
                "svc/app.py": """\
import inspect

from fastapi import APIRouter, FastAPI

jobs = APIRouter()


@jobs.post("/search")
async def search_jobs() -> list[str]:
    return []


def create_app() -> FastAPI:
    extra = {"separate_input_output_schemas": False} if "separate_input_output_schemas" in str(
        inspect.signature(FastAPI.__init__)
    ) else {}
    app = FastAPI(title="Tracking", docs_url=None, redoc_url=None, openapi_url=None, **extra)
    app.include_router(jobs, prefix="/ajax-api")
    return app
""",
            },
            note="an app built with `openapi_url=None` beside a `**kwargs` expansion: the keyword "
            "written wins (the mapping cannot repeat it), no schema is served (seen in mlflow)",
        ),
        Example(
            files={
                "svc/app.py": """\
from fastapi import FastAPI


def make_app() -> FastAPI:
    app = FastAPI(title="Svc")

    @app.get("/items", tags=["items"])
    async def items() -> list[str]:
        \"\"\"List the items.\"\"\"
        return []

    return app
""",
                "svc/gen_types.py": """\
import json

from pydantic import RootModel

from svc.app import make_app


class Labels(RootModel[list[str]]):
    pass


def generate() -> None:
    app = make_app()

    # stub endpoint: names a schema component, never served
    @app.get("/labels")
    def _labels() -> Labels:
        raise NotImplementedError

    with open("openapi.json", "w") as f:
        json.dump(app.openapi(), f)


if __name__ == "__main__":
    generate()
""",
            },
            note="a code generator's stub route on a copy of the factory's app, written into a "
            "document and never served (seen in inspect-ai)",
        ),
        snippet(
            """\
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import RedirectResponse


def create_app() -> FastAPI:
    app = FastAPI(title="Shop")
    app.openapi_schema = get_openapi(title="Shop", version="1", routes=app.routes)

    @app.get("/")
    async def home() -> RedirectResponse:
        return RedirectResponse("/docs")

    return app
""",
            note="registered after the app's schema was built and cached (alphaz-next): "
            "`app.openapi()` returns that document, the route is never in it",
        ),
        Example(
            files={
                "panel/views.py": """\
from fastapi import APIRouter
from fastapi.responses import HTMLResponse


def create_pages(site: object) -> APIRouter:
    router = APIRouter()

    @router.get("/{name}/{key}", response_class=HTMLResponse)
    async def edit_page(name: str, key: int) -> str:
        return f"<form>{name} {key}</form>"

    return router
""",
                "panel/main.py": """\
from fastapi import FastAPI

from panel.views import create_pages


class Panel:
    def __init__(self, base: str) -> None:
        self.base = base

    def attach(self, app: FastAPI) -> None:
        pages = create_pages(self)
        app.include_router(pages, prefix=self.base, include_in_schema=False)
""",
            },
            note="a factory's router of HTML pages that a method includes on the app it is "
            "handed (a parameter the model cannot identify) with `include_in_schema=False`: "
            "out of the schema, nothing to describe (seen in fastapi-lite-admin)",
        ),
        Example(
            files={
                "shop/pages/cart.py": """\
from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter()


@router.post("/cart/{item_id}/remove", response_class=HTMLResponse)
async def remove_item(item_id: int) -> str:
    return f"<p>{item_id} removed</p>"
""",
                "shop/pages/orders.py": """\
from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter()


@router.get("/orders", response_class=HTMLResponse)
async def order_list() -> str:
    return "<ul></ul>"
""",
                "shop/main.py": """\
from fastapi import FastAPI

from shop.pages import cart, orders

SECTIONS = (cart, orders)

app = FastAPI()


def install(app: FastAPI) -> None:
    for section in SECTIONS:
        app.include_router(section.router, prefix="/ui", include_in_schema=False)


install(app)
""",
            },
            note="the routers of server-rendered pages, included through a loop over a "
            "module's tuple of page modules with `include_in_schema=False`: each is out of "
            "the schema (seen in benethos-mailbox-service)",
        ),
        snippet(
            """\
from fastapi import APIRouter, UploadFile

from app.chat import answer

router = APIRouter(tags=["chat"])


@router.post("/upload_context")
async def upload_context(file: UploadFile, conversation_id: str) -> dict:
    \"\"\"Read a file into the conversation as context.\"\"\"
    text = (await file.read()).decode()
    reply = await answer(conversation_id, text)
    return {"status": "context_added", "reply": reply}
""",
            with_files={
                "app/chat.py": """\
async def answer(conversation_id: str, text: str) -> str:
    return f"{conversation_id}: read {len(text)} characters"
""",
            },
            note="an `upload_*` handler that keeps nothing: the file is read and answered at "
            "once (seen in openrag); the name alone is no creation",
        ),
        Example(
            files={
                "app/keys.py": """\
async def create_key(name: str) -> dict:
    return {"name": name}
""",
                "app/main.py": """\
from fastapi import FastAPI

from app import keys

app = FastAPI()
app.add_api_route(  # auditor: ignore[RTE004]
    "/keys",
    keys.create_key,
    methods=["POST"],
)
""",
            },
            note="a handler registered with `app.add_api_route(path, handler)` in another "
            "module: the finding sits on the registration's line in its own file (seen in "
            "openrag), so a suppression written there holds",
        ),
        Example(
            files={
                "proxy/upstream.py": """\
from fastapi import Response
from fastapi.responses import StreamingResponse


def to_response(upstream) -> Response:
    common = {"status_code": upstream.status_code, "headers": upstream.headers}
    if upstream.stream:
        return StreamingResponse(content=upstream.stream, **common)
    return Response(content=upstream.content, **common)
""",
                "proxy/routes.py": """\
from fastapi import APIRouter

from proxy.upstream import to_response

router = APIRouter(tags=["runs"])


@router.post("/runs")
async def create_run(payload: dict, client=None) -> dict:
    \"\"\"Start a run on the upstream server.\"\"\"
    upstream = await client.post("/runs", json=payload)
    return to_response(upstream)
""",
            },
            note="a proxy answering the upstream's status through a helper that builds the "
            "response with `status_code=` (seen in beeai-server): a decorator's 201 would "
            "be ignored and misdocument the route",
        ),
        Example(
            files={
                "rpc/wire.py": """\
import functools
from typing import Any, Callable

from fastapi import Request, Response
from fastapi.routing import APIRoute


class WireRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        kwargs["response_class"] = Response

        @functools.wraps(endpoint)
        async def wrapped(request: Request, **params: Any) -> Response:
            request.state.result = await endpoint(**params)
            return Response()

        super().__init__(path, wrapped, **kwargs)
""",
                "rpc/routes.py": """\
from fastapi import APIRouter

from rpc.wire import WireRoute

router = APIRouter(tags=["rpc"], route_class=WireRoute)


@router.post("/create-task")
async def create_task(payload: dict) -> dict:
    \"\"\"Create a task.\"\"\"
    return payload
""",
            },
            note="a router whose custom route class hands FastAPI a wrapper of its own (seen "
            "in flwr's protobuf RPC routes): the wrapper's response and status are what the "
            "client gets, a decorator's 201 would misdocument it",
        ),
        snippet(
            """\
from fastapi import APIRouter

router = APIRouter(prefix="/sessions", tags=["sessions"])


@router.post("/{session_id}/turns")
async def add_turn(
    session_id: str,
    body: dict,
    db: dict,
) -> dict[str, list]:
    \"\"\"
    Add a turn to a chat session and wait for the model's answer.

    Returns:
        SessionView: Updated session with all its turns.
    \"\"\"
    db.setdefault(session_id, []).append(body)
    return {"turns": db[session_id]}
""",
            note="an `add_*` handler whose docstring says it answers the updated parent "
            "resource (seen in pyrit's chat turns): nothing new is addressed, 201 would be "
            "wrong",
        ),
        snippet(
            """\
import pathlib

if __name__ == "__main__":
    import uvicorn
    from fastapi import FastAPI
    from fastapi.responses import HTMLResponse

    app = FastAPI()

    @app.get("/")
    async def page() -> HTMLResponse:
        return HTMLResponse(pathlib.Path("index.html").read_text())

    uvicorn.run(app=app)
""",
            note="a local preview built in a `__main__` block and served on uvicorn's default "
            "loopback host (seen in whisperlivekit): no client reads its schema",
        ),
        snippet(
            """\
from fastapi import APIRouter, FastAPI


class PrefixRouter(APIRouter):
    pass


class MainServer:
    def __init__(self) -> None:
        self.server = FastAPI()
        self.server.router = PrefixRouter()

        @self.server.post("/cache")
        def cache() -> str:
            return "started"


app = FastAPI()
app.router = PrefixRouter()


@app.post("/status")
def status() -> str:
    return "ok"
""",
            note="an app whose router is replaced after construction: the routes FastAPI put "
            "/openapi.json and /docs on are gone, no schema is served",
        ),
        snippet(
            """\
from fastapi import APIRouter

router = APIRouter(tags=["tabs"])


@router.post("/tabs/add")
async def add_tab(module: str, tab_id: str, store: dict) -> list[str]:
    \"\"\"Open a tab; answers the ordered list.\"\"\"
    return store.setdefault(module, [tab_id])


@router.post("/datasets/{name}/labels")
def add_labels(name: str, rows: list[str], db) -> int:
    \"\"\"Label rows of the dataset.\"\"\"
    return db.label(name, rows)


@router.post("/sessions")
async def create_session(module: str, store: dict) -> list[str]:
    \"\"\"Create a session (or update it if one is open). Returns the ordered list.\"\"\"
    return store.setdefault(module, [])
""",
            note="`add_*` puts something into an existing resource (seen in jesse, lilac): no "
            "creation is shown; a docstring that says the handler updates when the thing exists",
        ),
        snippet(
            """\
from fastapi import APIRouter, status
from pydantic import BaseModel

router = APIRouter(prefix="/posts", tags=["posts"])


class PostIn(BaseModel):
    title: str


@router.post("", status_code=status.HTTP_201_CREATED, summary="Create a post")
async def create_post(post: PostIn) -> PostIn:
    \"\"\"Create a post owned by the current user.\"\"\"
    return post
"""
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI, WebSocket

from app import items

app = FastAPI()
app.include_router(items.router, prefix="/items", tags=["items"])


@app.websocket("/ws")
async def ws(socket: WebSocket) -> None:
    await socket.close()
""",
                "app/items.py": """\
from fastapi import APIRouter

router = APIRouter()
extra = {"status_code": 201}


@router.post("", **extra)
async def add_item() -> int:
    return 1


@router.post("/import", status_code=202, description="Queue an import.")
async def register_import() -> int:
    return 1


@router.post("/search")
async def search() -> list[int]:
    \"\"\"Search items (not a creation).\"\"\"
    return []
""",
            },
            note="tags from include_router, **kwargs, websockets, non-creation POSTs",
        ),
        snippet(
            """\
from fastapi import APIRouter

router = APIRouter(prefix="/projects", tags=["projects"])


@router.post("/{name}/add_members")
async def add_project_members(name: str, members: list[str]) -> dict[str, str]:
    \"\"\"Add members to a project; answers with the updated project.\"\"\"
    return {"name": name}


@router.post("/{name}/upload")
async def upload_project(name: str, hub: dict) -> dict[str, str]:
    \"\"\"Publish a finished project to the hub.\"\"\"
    hub.save(name)
    return {"name": name}


@router.post("/{name}/secrets/create_or_update")
async def create_or_update_secret(name: str, value: str) -> dict[str, str]:
    \"\"\"Create the secret, or update it when it exists.\"\"\"
    return {"name": name}


@router.post("/{name}/users")
async def create_user(name: str, user_id: str, store: dict) -> dict[str, str]:
    \"\"\"Register a user of the project.\"\"\"
    return await store.upsert(user_id, project=name)


@router.post("/{name}/share")
async def create_share_link(name: str, links: dict) -> dict[str, str]:
    \"\"\"Create (or return the existing) share link of a project.\"\"\"
    return links.create_link(name)


@router.post("/{name}/chunk", name="Chunk a document")
async def chunk(name: str) -> list[str]:
    return [name]


for kind in ("lines", "tokens"):

    @router.post(f"/{{name}}/chunk/{kind}", name=f"Chunk a document by {kind}")
    async def chunk_by(name: str) -> list[str]:
        return [name]
""",
            note="an add action on an identified resource updates it, an upload action "
            "publishes it (seen in harbor); an upsert may answer "
            "200; name= is the operation's summary in OpenAPI (seen in dstack, docling-serve); "
            "a `create_*` handler whose body or docstring shows an upsert answers an existing "
            "resource too",
        ),
        snippet(
            """\
from flask import Flask

app = Flask(__name__)


@app.post("/posts")
def create_post() -> str:
    return "x"
""",
            note="Flask routes are not FastAPI routes",
        ),
        snippet(
            """\
from fastapi import APIRouter

router = APIRouter(prefix="/sessions", tags=["sessions"])


@router.post("/")
async def create_session(external_id: str, db: dict) -> dict[str, str]:
    \"\"\"Start a session for a client.\"\"\"
    if external_id:
        existing = db.get(external_id)
        if existing is not None and existing != "closed":
            return {"id": existing}
    db[external_id] = "new"
    return {"id": db[external_id]}
""",
            note="a get-or-create written out: the handler returns the row it found before "
            "creating one (seen in pyspur), so one fixed 201 would be wrong",
        ),
        snippet(
            """\
from fastapi import APIRouter
from fastapi.responses import JSONResponse, StreamingResponse

router = APIRouter(prefix="/v1", tags=["openai"])


@router.post("/chat/completions")
async def create_chat_completion(body: dict) -> dict[str, str]:
    \"\"\"Answer a chat.\"\"\"
    return {"text": "hi"}


@router.post("/deployments/{name}/tasks/run")
async def create_deployment_task(name: str) -> dict[str, str]:
    \"\"\"Run a task and answer its result.\"\"\"
    return {"result": name}


@router.post("/collections")
async def create_collection(body: dict, api: dict) -> dict[str, str]:
    \"\"\"Create a collection.\"\"\"
    return api.create_collection(body["name"], get_or_create=body["get_or_create"])


@router.post("/images/generations")
async def create_image(body: dict) -> dict[str, str]:
    \"\"\"Generate an image and answer it inline.\"\"\"
    return {"b64_json": ""}


@router.post("/messages")
async def create_message(body: dict):
    \"\"\"Answer a message, streamed when asked.\"\"\"
    if not body.get("stream"):
        return JSONResponse({"content": "hi"})
    return StreamingResponse(iter(["event: done\\n\\n"]), media_type="text/event-stream")
""",
            note="computations answered at once (OpenAI-style completions answer 200, a run "
            "returns its result; seen in fschat, langflow, llama-deploy; an image generation "
            "and a message answered or streamed by an Anthropic-style `/messages`, seen in "
            "mlx-omni-server) and a creation "
            "told to answer the existing one (`get_or_create=`, seen in chromadb)",
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

from app import completions

app = FastAPI()
app.include_router(completions.router, prefix="/v1")
""",
                "app/completions.py": """\
from fastapi import APIRouter

router = APIRouter(prefix="/chat/completions", tags=["chat"])


@router.post("")
async def create_chat_completion(body: dict) -> dict[str, str]:
    \"\"\"Answer a chat.\"\"\"
    return {"text": "hi"}
""",
            },
            note="a computation whose whole path is in its router's and include's prefixes "
            '(`POST /v1/chat/completions` from `@router.post("")`, seen in acpbox): the '
            "served path, not the decorator's, says what the route does",
        ),
        snippet(
            """\
from fastapi import FastAPI

app = FastAPI()


@app.post("/v1/chat/completions", tags=["openai"])
async def create_chat_completion(body: dict) -> dict[str, str]:
    \"\"\"Answer a chat.\"\"\"
    return {"text": "hi"}


@app.post("/v1/threads", tags=["openai"])
async def create_thread(body: dict) -> dict[str, str]:
    \"\"\"Start a thread.\"\"\"
    return {"id": "thread_1", "object": "thread"}


@app.post("/v1/threads/{thread_id}/messages", tags=["openai"])
async def create_message(thread_id: str, body: dict) -> dict[str, str]:
    \"\"\"Add a message to a thread.\"\"\"
    return {"id": "msg_1", "thread_id": thread_id}


@app.post("/v1/responses", tags=["openai"])
async def create_response(body: dict) -> dict[str, str]:
    \"\"\"Answer a model response.\"\"\"
    return {"id": "resp_1", "object": "response"}


@app.post("/v1/messages", tags=["anthropic"])
async def create_claude_message(body: dict) -> dict[str, str]:
    \"\"\"Answer in Anthropic's Messages API format.\"\"\"
    return {"id": "msg_2", "type": "message"}
""",
            note="a server copying the OpenAI API (it serves `/v1/chat/completions`) keeps "
            "its status codes: OpenAI answers the creation of a thread, a message or a "
            "response 200 (seen in acpbox and llm-http-api), and so does Anthropic's Messages "
            "API served beside it (seen in ccproxy-api)",
        ),
        snippet(
            """\
from fastapi import APIRouter

router = APIRouter(prefix="/api/v1", tags=["mock"])


@router.post("/reports", status_code=200)
async def create_report(body: dict) -> dict[str, str]:
    \"\"\"Open a report, answered as the mocked service answers it.\"\"\"
    return {"id": "1"}


@router.post("/lists", status_code=200)
async def create_list(body: dict) -> dict[str, str]:
    \"\"\"Make a list, answered as the mocked service answers it.\"\"\"
    return {"id": "2"}


@router.post("/tags")
async def create_tag(body: dict) -> dict[str, str]:
    \"\"\"Make a tag.\"\"\"
    return {"id": "3"}
""",
            note="a project that declares `status_code=200` on its creations and 201 nowhere "
            "chose 200 (a mock of an API that answers so, seen in mastodon-mock): its other "
            "creations are not told to answer 201",
        ),
        snippet(
            """\
from fastapi import APIRouter, HTTPException
from pydantic import BaseModel

router = APIRouter(prefix="/images", tags=["images"])


class UploadEntry(BaseModel):
    url: str


@router.post("/")
def create_upload_entry(width: int) -> UploadEntry:
    \"\"\"Create an upload entry (not implemented).\"\"\"
    raise HTTPException(status_code=501, detail="Not implemented")
""",
            note="a create_* handler whose body can only end by raising (a 501 stub, seen in "
            "invokeai) never creates anything: its return annotation alone is no creation",
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import APIRouter, FastAPI, Response, status
from fastapi.responses import HTMLResponse

from app.legacy import legacy

app = FastAPI()
hidden = APIRouter(include_in_schema=False)
internal = FastAPI(openapi_url=None)


@app.get("/{rest:path}", response_class=HTMLResponse, include_in_schema=False)
def spa(rest: str) -> str:
    return "<html></html>"


@hidden.get("/ping")
def ping() -> str:
    return "pong"


@internal.get("/metrics")
def metrics() -> str:
    return ""


@app.post("/artifacts", tags=["artifacts"])
async def create_artifact(response: Response) -> int:
    \"\"\"Create an artifact, or return the existing one (200).\"\"\"
    response.status_code = status.HTTP_201_CREATED
    return 1


app.include_router(hidden)
app.include_router(legacy, include_in_schema=False)
""",
                "app/legacy.py": """\
from fastapi import APIRouter

legacy = APIRouter()


@legacy.get("/old")
def old() -> str:
    return "gone"
""",
                "app/library.py": """\
from fastapi import APIRouter


def get_auth_router() -> APIRouter:
    router = APIRouter()

    @router.post("/login")
    async def login() -> str:
        \"\"\"Log in; the application that includes this router chooses its tags.\"\"\"
        return "token"

    return router
""",
            },
            note="routes out of the schema (seen in airflow), a status set by the handler (seen in prefect), "
            "a library's router factory that no app includes (seen in fastapi-users)",
        ),
    )
