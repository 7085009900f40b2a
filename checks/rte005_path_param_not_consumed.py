from __future__ import annotations

import ast
import sys
from dataclasses import dataclass, field
from typing import NamedTuple

from auditor import names
from auditor.check import Check, Example, Hit, Severity, snippet, when
from auditor.facts import (
    Await,
    Call,
    Class,
    Expr,
    Function,
    Name,
    Param,
    Sub,
    dotted_of,
    is_ellipsis,
    is_lit,
    kwarg,
    qname_of,
    str_lit,
)
from auditor.lazyre import lazy_compile
from auditor.project import Project, Route
from auditor.responses import RESPONSE, annotation_names, called_function
from auditor.walker import ModuleContext

#: Starlette's path parameter syntax: ``{name}`` or ``{name:converter}``.
PATH_PARAM = lazy_compile(r"{([a-zA-Z_][a-zA-Z0-9_]*)(?::[a-zA-Z_][a-zA-Z0-9_]*)?}")
#: A ``{name:path}`` segment: the rest of the URL, which a proxy or a file server forwards.
CATCH_ALL = lazy_compile(r"{([a-zA-Z_][a-zA-Z0-9_]*):path}")
PATH = "fastapi.Path"
SCALARS = frozenset(
    {
        "builtins.int",
        "builtins.str",
        "uuid.UUID",
        "builtins.float",
        "pydantic.UUID4",
        "pydantic.types.UUID4",
    }
)


#: Attributes of a ``Request`` that carry the URL's path (``request.url.path``,
#: ``request.scope["path"]``, ``request.path_params``).
_URL_ATTRIBUTES = frozenset({"url", "scope", "path_params"})


class _Data(NamedTuple):
    """A function that takes the ``Request`` and reads its URL (``reads``) or hands the
    request on to another call (``forwards``): the path can be consumed through it.  Or
    (``redirect_line``) a ``return`` at that line of a redirect to a relative URL."""

    function: str
    reads: bool
    redirect_line: int = 0


#: The redirect response (``starlette.responses.RedirectResponse`` canonicalises to it).
_REDIRECT = "fastapi.responses.RedirectResponse"
#: Annotations whose values print as digits (and a sign): an f-string led by one is a
#: relative URL reference.
_NUMBERS = frozenset({"builtins.int"})


@dataclass
class _State:
    seen: set[tuple[str, bool]] = field(default_factory=set)
    #: ``_request_params`` of each function met (by identity: two ``def``s may share a name)
    request_params: dict[Function, frozenset[str]] = field(default_factory=dict)


def _request_params(fn: Function) -> set[str]:
    return {
        p.name for p in fn.params if p.annotation is not None and qname_of(p.annotation) in _REQUEST
    }


def _request_params_of(fn: Function, state: _State) -> frozenset[str]:
    """``_request_params(fn)``, worked out once per function (memoized in ``state``)."""
    found = state.request_params.get(fn)
    if found is None:
        found = state.request_params[fn] = frozenset(_request_params(fn))
    return found


def _alias_tail(
    project: Project, route: Route, name: str, trees: dict[str, ast.Module | None]
) -> bool:
    """``{name}`` is the route's last path segment, and the same router serves the path
    without it, for the same method, by a handler of the same name written in the same module
    (the same function under two decorators, or one written again for the longer URL): the
    segment is a cosmetic tail of an alias (``/{id}/content/{file_name}`` beside
    ``/{id}/content``, a download's file name for the browser, seen in open-webui), answered
    as the shorter path is, not a value the handler lost.  The module is read from its text
    (parsed once, in ``trees``): a second ``def`` of a name replaces the first in the model."""
    path, written = route.path, dotted_of(route.decorator)
    if path is None or written is None or "." not in written:
        return False
    head, _, last = path.rstrip("/").rpartition("/")
    if PATH_PARAM.fullmatch(last) is None or PATH_PARAM.findall(last) != [name]:
        return False
    receiver, _, method = written.rpartition(".")
    site = route.site.path
    if site not in trees:
        text = project.read_text(site)
        try:
            trees[site] = ast.parse(text) if text is not None else None
        except SyntaxError:
            trees[site] = None
    tree = trees[site]
    if tree is None:
        return False
    return any(
        isinstance(d, ast.Call)
        and isinstance(d.func, ast.Attribute)
        and d.func.attr == method
        and ast.unparse(d.func.value) == receiver
        and d.args
        and isinstance(d.args[0], ast.Constant)
        and d.args[0].value == (head or "/")
        for n in ast.walk(tree)
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == route.function.name
        for d in n.decorator_list
    )


class _Unknown(Exception):
    """The dependency closure cannot be followed: the route is skipped."""


def _is_dependency_param(project: Project, p: Param) -> bool:
    return bool(project.param_dependencies(p))


#: Libraries whose types a handler is annotated with and whose documented exports hold no
#: dependency (FastAPI's "Request Body", "Request Files" and Pydantic's "Types" pages):
#: their names are request data, never an ``Annotated[T, Depends(...)]`` alias.
_KNOWN_TYPE_LIBRARIES = frozenset({"fastapi", "starlette", "pydantic", "typing_extensions"})


def _foreign_alias(project: Project, p: Param) -> bool:
    """``p`` is annotated with a bare name imported from another distribution (not the
    project, the standard library or a library of :data:`_KNOWN_TYPE_LIBRARIES`): it may
    be an ``Annotated[T, Depends(dep)]`` alias defined there (a host application's
    ``ApiSession`` that a plugin's routes take), whose dependency's parameters the model
    cannot read: any path parameter may be consumed by it."""
    ann = p.annotation
    q = qname_of(ann) if isinstance(ann, Name) else None
    if q is None or "." not in q or project.module_for_name(q) is not None:
        return False
    top = q.partition(".")[0]
    return top not in sys.stdlib_module_names and top not in _KNOWN_TYPE_LIBRARIES


def _param_call(project: Project, p: Param) -> Expr | None:
    """The ``Path()``/``Query()``/... call of a parameter (default or Annotated metadata)."""
    _inner, meta = project.unwrap_annotated(p.annotation)
    for e in [*meta, p.default]:
        if isinstance(e, Call) and e.qname in names.PARAM_FUNCTIONS:
            return e
    return None


def _model_fields(project: Project, cls: Class) -> set[str]:
    """Field names (and literal aliases) of a Pydantic model or dataclass, with project bases."""
    out: set[str] = set()
    seen: set[str] = set()
    stack = [cls]
    while stack:
        c = stack.pop()
        if c.qname in seen:
            continue
        seen.add(c.qname)
        for a in c.attributes:
            if a.annotation is None or a.name.startswith("_"):
                continue
            out.add(a.name)
            _inner, meta = project.unwrap_annotated(a.annotation)
            for e in [*meta, a.default]:
                if isinstance(e, Call):
                    for key in ("alias", "validation_alias"):
                        v = kwarg(e, key)
                        text = str_lit(v)
                        if text is not None:
                            out.add(text)
                        elif v is not None:
                            raise _Unknown
        for b in c.bases:
            base = b.value if isinstance(b, Sub) else b
            sub = project.class_(qname_of(base)) if isinstance(base, Name) else None
            if sub is not None:
                stack.append(sub)
    return out


def _required(p: Param, call: Expr | None) -> bool:
    """A parameter without a default, that FastAPI reads under its own name."""
    if call is not None and kwarg(call, "alias") is not None:
        return False
    if p.default is None:
        return not isinstance(call, Call) or (
            kwarg(call, "default") is None and (not call.args or is_ellipsis(call.args[0]))
        )
    d = p.default
    if isinstance(d, Call) and d.qname in names.PARAM_FUNCTIONS:
        first = d.args[0] if d.args else kwarg(d, "default")
        return first is None or bool(is_ellipsis(first))
    return False


_REQUEST = frozenset({"fastapi.Request", "fastapi.WebSocket", "starlette.websockets.WebSocket"})
_PAGE_CLASSES = frozenset({"fastapi.responses.HTMLResponse", "fastapi.responses.RedirectResponse"})
#: Response classes that carry a page (or its files) to a browser.
_HTML_CLASSES = frozenset({"fastapi.responses.HTMLResponse", "fastapi.responses.FileResponse"})
#: Classes whose methods run around every request: a middleware, a custom route class.
_WRAPPERS = frozenset(
    {
        "starlette.middleware.base.BaseHTTPMiddleware",
        "fastapi.routing.APIRoute",
        "starlette.routing.Route",
    }
)


def _page_call(project: Project, e: Expr, caller: Function, depth: int = 0) -> bool:
    """``e`` builds an HTML page: an ``HTMLResponse`` / ``FileResponse`` / template
    response, a ``Response(..., media_type="text/html")``, or a project helper that does
    (annotated so, or, followed one level, returning only such calls)."""
    if isinstance(e, Await):
        e = e.value
    if not isinstance(e, Call):
        return False
    q, text = qname_of(e), dotted_of(e)
    if (text or q or "").endswith("TemplateResponse") or project.name_is_class(q, _HTML_CLASSES):
        return True
    if q == RESPONSE:
        media = str_lit(kwarg(e, "media_type"))
        return media is not None and media.startswith("text/html")
    callee = called_function(project, q, text, caller)
    if callee is None:
        return False
    if callee.returns is not None:
        return _page_annotation(project, callee.returns)
    values = [v for v in callee.return_values if not is_lit(v, None)]
    return (
        depth == 0
        and bool(values)
        and all(_page_call(project, v, callee, depth + 1) for v in values)
    )


def _page_annotation(project: Project, e: Expr | None) -> bool:
    names_ = annotation_names(e)
    return bool(names_) and all(
        project.name_is_class(n, _HTML_CLASSES) or n.endswith("TemplateResponse") for n in names_
    )


def _html_page(project: Project, route: Route) -> bool:
    """The handler serves an HTML page: declared (``response_class=HTMLResponse``, ``->
    HTMLResponse``) or built by every return."""
    fn = route.function
    rc = route.kw("response_class")
    if rc and project.name_is_class(qname_of(rc), _PAGE_CLASSES):
        return True
    if fn.returns is not None and _page_annotation(project, fn.returns):
        return True
    values = [v for v in fn.return_values if not is_lit(v, None)]
    return bool(values) and all(_page_call(project, v, fn) for v in values)


def _page_leaves_path_to_front_end(project: Project, route: Route) -> bool:
    """An HTML page handler whose path is read by someone else: it hands its ``Request`` on
    (to a template: ``request.path_params`` there, or the page's script), or it takes no
    parameter of its own at all, so it serves the same page whatever the path and the
    front end's router reads the URL (an SPA catch-all, ``/p/{rest:path}``; seen in khoj,
    feast and lnbits)."""
    if not _html_page(project, route):
        return False
    fn = route.function
    if any(p.annotation and qname_of(p.annotation) in _REQUEST for p in fn.params):
        return True
    own = [p for p in fn.params if not _is_dependency_param(project, p)]
    return not own


def _relative_url(url: ast.expr, fn: Function) -> bool:
    """``url`` is a relative-path reference (RFC 3986 section 4.2): no scheme, no leading
    ``/`` and no ``..``, so it keeps the request path's segments but the last.  Its text
    must be known to start so: a literal, or an f-string led by a literal or by a
    parameter of ``fn`` annotated ``int``."""
    head: ast.expr | None = url
    if isinstance(url, ast.JoinedStr):
        head = url.values[0] if url.values else None
    if isinstance(head, ast.Constant) and isinstance(head.value, str):
        text = head.value
        scheme = text.split("/", 1)[0]
        return bool(text) and not text.startswith(("/", "\\", ".")) and ":" not in scheme
    if isinstance(url, ast.JoinedStr) and isinstance(head, ast.FormattedValue):
        value = head.value
        return isinstance(value, ast.Name) and any(
            p.name == value.id and qname_of(p.annotation) in _NUMBERS for p in fn.params
        )
    return False


def _only_relative_redirects(fn: Function, redirects: set[tuple[str, int]]) -> bool:
    """Every value the handler returns is a redirect to a relative URL (see visit_Return)."""
    values = [v for v in fn.return_values if not is_lit(v, None)]
    return bool(values) and all(
        isinstance(v, Call) and (fn.qname, v.line) in redirects for v in values
    )


def _in_last_segment(name: str, paths: list[str | None]) -> bool:
    """The path parameter ``name`` sits in the last segment of one of the route's paths:
    a relative redirect replaces that segment, so it would lose the value."""
    return any(name in PATH_PARAM.findall((p or "").rsplit("/", 1)[-1]) for p in paths)


def _wrapper_reads_path_params(project: Project) -> str | None:
    """A middleware or custom route class (or a function one of them calls) reads
    ``request.path_params`` (a tenant prefix ``/{tenant}/...``): path parameters are
    consumed outside the routes' dependency closures, for routes the check cannot tell.
    Returns the function's name, else None."""
    functions = [
        fn for m in project.by_path.values() if m.file_class == "app" for fn in m.functions.values()
    ]
    readers = [fn for fn in functions if fn.reads_path_params]
    if not readers:
        return None
    registered: set[str] = set()
    for m in project.by_path.values():
        for mc in m.method_calls:
            if mc.method == "add_middleware" and mc.call.args:
                q = qname_of(mc.call.args[0])
                if q:
                    registered.add(project.canonical_name(q) or q)
    wrappers: dict[str, Function] = {}
    for fn in functions:
        owner = fn.class_qname
        if any(
            isinstance(d, Call) and (dotted_of(d) or "").endswith(".middleware")
            for d in fn.decorators
        ) or (owner is not None and (owner in registered or project.class_is(owner, _WRAPPERS))):
            wrappers[fn.qname] = fn
    for fn in readers:
        if fn.qname in wrappers:
            return fn.name
        for w in wrappers.values():
            if any(c.qname == fn.qname for c in w.calls):
                return fn.name
    return None


def _function_names(
    project: Project, fn: Function, is_method: bool
) -> tuple[set[str], list[Param]]:
    """Names a function consumes as parameters, and its required scalar ones (for hints)."""
    if fn.reads_path_params:
        raise _Unknown
    out: set[str] = set()
    hints: list[Param] = []
    params = fn.params
    if (
        is_method
        and params
        and params[0].kind in ("posonly", "arg")
        and params[0].name in ("self", "cls")
    ):
        params = params[1:]
    for p in params:
        if p.kind in ("vararg", "kwarg"):
            raise _Unknown
        if p.kind == "posonly":
            continue
        if _is_dependency_param(project, p):
            continue
        if _foreign_alias(project, p):
            raise _Unknown
        out.add(p.name)
        call = _param_call(project, p)
        if call is not None:
            alias = kwarg(call, "alias")
            text = str_lit(alias)
            if text is not None:
                out.add(text)
            elif alias is not None:
                raise _Unknown
            if qname_of(call) == PATH:
                inner, _meta = project.unwrap_annotated(p.annotation)
                cls = project.class_(qname_of(inner)) if isinstance(inner, Name) else None
                if cls is not None and project.is_pydantic_model(cls.qname):
                    out |= _model_fields(project, cls)
        inner, _meta = project.unwrap_annotated(p.annotation)
        if _required(p, call) and inner and qname_of(inner) in SCALARS:
            hints.append(p)
    return out, hints


def consumed_names(project: Project, route: Route) -> tuple[set[str], list[tuple[Function, Param]]]:
    """Every name the route's handler and dependency closure declare (F5).

    Raises _Unknown when the closure cannot be followed."""
    closure = project.dependency_closure(project.route_dependencies(route))
    if not closure.complete:
        raise _Unknown
    names_, _ = _function_names(project, route.function, is_method=False)
    hints: list[tuple[Function, Param]] = []
    for fn in closure.functions:
        more, fn_hints = _function_names(project, fn, is_method=fn.class_qname is not None)
        names_ |= more
        hints += [(fn, p) for p in fn_hints]
    for cls in closure.models:
        names_ |= _model_fields(project, cls)
    return names_, hints


def _star_in_chain(project: Project, route: Route) -> bool:
    """``**kwargs`` on the route, a router or an ``include_router`` of its chain: they may
    carry a prefix or dependencies we cannot see."""
    return route.decorator.has_star or any(
        inst.call.has_star or any(mc.call.has_star for _parent, mc in inst.included_by)
        for inst in project.include_chain(route.receiver)
    )


#: A report download served twice, the longer URL ending in a file name for the browser;
#: ``{name}`` is the longer route's handler name.
_DOWNLOAD = """\
from fastapi import APIRouter
from fastapi.responses import FileResponse

from app.reports import find_report

router = APIRouter(prefix="/reports")


@router.get("/{{report_id}}/pdf")
def download_report(report_id: int):
    return FileResponse(find_report(report_id).path)


@router.get("/{{report_id}}/pdf/{{title}}")
def {name}(report_id: int):
    report = find_report(report_id)
    return FileResponse(report.path, filename=report.title)
"""


class PathParamNotConsumed(Check):
    """
    ## What it does
    For every HTTP route whose full path — router prefixes included — is a literal, takes
    each `{name}` (or `{name:converter}`) segment and looks for a parameter of that name:
    on the handler (not positional-only), on any dependency in the route's transitive
    dependency closure (router-level and app-level `dependencies=[...]` included), or as a
    field of a model declared `Annotated[Model, Path()]`.  A segment nobody declares is
    reported.

    ## Why is this bad?
    FastAPI matches the URL and then ignores a path segment that no parameter declares.
    This is almost always a renamed variable: the route says `{creator_id}` while the
    dependency still expects `profile_id`, which FastAPI then turns into a **required
    query parameter** — every client gets a 422 and the value in the path is silently
    unused.  [zhanymkanov README] and [ForgeAPI guide] ("Follow the REST")
    use the same path variable name everywhere precisely so that dependencies such as
    `valid_profile_id` can be chained and reused.

    ## Example
    ```python
    async def valid_profile_id(profile_id: int) -> dict: ...

    @router.get("/creators/{creator_id}")
    async def get_creator(profile: Annotated[dict, Depends(valid_profile_id)]): ...
    ```

    ## Use instead
    ```python
    @router.get("/creators/{profile_id}")
    async def get_creator(profile: Annotated[dict, Depends(valid_profile_id)]): ...
    ```

    ## Fix safety
    No automatic fix: renaming the segment changes the URL's documentation, renaming the
    parameter changes the code; which one is right is yours to say.

    ## Known problems
    A last segment `{name}` is not reported when a handler of the same name, in the same
    module, serves the path without it on the same router and method (the same function
    under two decorators, or one written again): a cosmetic tail of an alias, such as the
    file name a download URL ends with for the browser.
    An HTML page handler (`response_class=HTMLResponse`, `-> HTMLResponse`, or returning a
    template response, an `HTMLResponse`, a `FileResponse` or a `text/html` `Response`, also
    through a project helper) that takes the `Request` is skipped: the template or the
    page's script can read the path value through it (seen in khoj's `/share/chat/{slug}`).
    So is one that takes no parameter of its own at all: it serves the same page whatever
    the path, which the front end's router reads (an SPA catch-all, `/p/{rest:path}`).
    A handler that reads the URL through its `Request` (`request.url`, `request.scope`,
    `request.path_params`) is skipped, and so is a `{name:path}` catch-all whose handler
    hands its `Request` on to another call (a reverse proxy forwarding the path; seen in
    skypilot's load balancer); a handler that takes the `Request` for its headers is still
    checked.
    A handler whose every return is a redirect to a relative URL (`RedirectResponse(f"{port}/")`,
    a literal or an f-string led by a literal or an `int` parameter, with no scheme, no leading
    `/` and no `..`) is not reported for the segments before the last: the browser resolves
    the URL against the request's path, so the redirect's target receives them.
    When a middleware or a custom route class (or a function one of them calls) reads
    `request.path_params` — a `/{tenant}` prefix read around every request — the check
    cannot tell which routes it serves and says nothing.

    The route is skipped when the check cannot be sure: a dependency that does not
    resolve to project code (third-party dependencies; `fastapi.security` schemes are
    known not to read the path), a parameter annotated with a bare name imported from
    another distribution (not the standard library, FastAPI, Starlette or Pydantic: it may
    be an `Annotated[T, Depends(dep)]` alias whose dependency reads the path), a function
    in the closure that reads `request.path_params`, a `**kwargs` parameter or `**kwargs`
    expansion in the route or its routers, a non-literal alias, and a non-literal path or
    prefix.  WebSocket routes are not checked.

    ## References
    - [zhanymkanov README], [ForgeAPI guide] ("Follow the REST":
      consistent path variable names for chained dependencies)
    - FastAPI docs, "Path Parameters" and "Dependencies"
    - Overlaps ruff FAST003, which looks at the handler only; following the dependency
      closure avoids its false positives on the chained-dependency pattern
    """

    id = "RTE005"
    name = "path-param-not-consumed"
    category = "routes"
    severity = Severity.WARNING
    message = "path parameter not declared by the route or its dependencies"
    fix_title = "Use the same name in the path and in the parameter that should receive it"
    sources = ("ForgeAPI guide", "zhanymkanov README")

    # -- module pass: handlers that read the URL through their ``Request`` ----------------
    # (both hooks report on ``Request`` / ``WebSocket`` parameters only: see _REQUEST)
    @when(names=_URL_ATTRIBUTES, says=(b"request", b"websocket"))
    def visit_Attribute(self, node: ast.Attribute, ctx: ModuleContext) -> None:
        """``request.url.path`` / ``request.scope["path"]``: the path is read by hand."""
        if node.attr in _URL_ATTRIBUTES and isinstance(node.value, ast.Name):
            self._carry(node, ctx, node.value.id, reads=True)

    @when(says=(b"request", b"websocket"))
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        """``_proxy(request)``: the request is handed on, and with it the URL."""
        fn = ctx.function
        if fn is None or not _request_params_of(fn, ctx.state(_State)):
            return  # no ``Request`` parameter to hand on: the arguments need no look
        for a in [*node.args, *(k.value for k in node.keywords)]:
            if isinstance(a, ast.Name):
                self._carry(node, ctx, a.id, reads=False)

    @when(says=(b"redirect",))
    def visit_Return(self, node: ast.Return, ctx: ModuleContext) -> None:
        """``return RedirectResponse(f"{port}/")``: the browser resolves the relative URL
        against the request's path, so the target keeps every segment but the last."""
        fn = ctx.function
        call = node.value
        if fn is None or not isinstance(call, ast.Call) or ctx.resolve(call.func) != _REDIRECT:
            return
        url = (
            call.args[0]
            if call.args
            else next((k.value for k in call.keywords if k.arg == "url"), None)
        )
        if url is not None and _relative_url(url, fn):
            ctx.report(
                node, "", data=_Data(function=fn.qname, reads=False, redirect_line=call.lineno)
            )

    def _carry(self, node: ast.AST, ctx: ModuleContext, name: str, reads: bool) -> None:
        fn = ctx.function
        state = ctx.state(_State)
        if fn is None or name not in _request_params_of(fn, state):
            return
        seen = state.seen
        if (fn.qname, reads) not in seen:
            seen.add((fn.qname, reads))
            ctx.report(node, "", data=_Data(function=fn.qname, reads=reads))

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        reads: set[str] = set()
        forwards: set[str] = set()
        redirects: set[tuple[str, int]] = set()
        for h in hits:
            data = h.payload(_Data)
            if data.redirect_line:
                redirects.add((data.function, data.redirect_line))
            else:
                (reads if data.reads else forwards).add(data.function)
        return self._routes(project, reads, forwards, redirects)

    def _routes(
        self,
        project: Project,
        reads: set[str],
        forwards: set[str],
        redirects: set[tuple[str, int]],
    ) -> list[Hit]:
        out: list[Hit] = []
        if _wrapper_reads_path_params(project) is not None:
            return out
        trees: dict[str, ast.Module | None] = {}
        for route in project.routes:
            if route.websocket or route.module.file_class != "app":
                continue
            paths = route.full_paths
            if not paths or any(p is None for p in paths):
                continue
            segments: list[str] = []
            for path in paths:
                for name in PATH_PARAM.findall(path or ""):
                    if name not in segments:
                        segments.append(name)
            if not segments or _star_in_chain(project, route):
                continue
            if _page_leaves_path_to_front_end(project, route):
                continue
            if route.function.qname in reads:
                continue  # ``request.url.path``: the handler reads the path itself
            catch_all = {n for p in paths for n in CATCH_ALL.findall(p or "")}
            if route.function.qname in forwards and catch_all & set(segments):
                continue  # a catch-all whose Request is handed on: a proxy, a file server
            try:
                consumed, hints = consumed_names(project, route)
            except _Unknown:
                continue
            missing = [s for s in segments if s not in consumed]
            if _only_relative_redirects(route.function, redirects):
                missing = [s for s in missing if _in_last_segment(s, paths)]
            if not missing:
                continue
            unused = [(fn, p) for fn, p in hints if p.name not in segments]
            if not unused:
                missing = [s for s in missing if not _alias_tail(project, route, s, trees)]
            for name in missing:
                message = (
                    f"{route.label}: path parameter `{name}` is not declared by the handler "
                    "or its dependencies, so FastAPI ignores it"
                )
                if len(unused) == 1:
                    fn, p = unused[0]
                    message += f" (`{fn.name}` expects `{p.name}`, which becomes a required query parameter)"
                out.append(
                    self.project_hit(
                        message,
                        path=route.site.path,
                        line=route.decorator.line,
                    )
                )
        return out

    bad = (
        snippet(
            _DOWNLOAD.format(name="download_titled"),
            note="the other side of the alias-tail trap: the longer URL has a handler of its "
            "own, which forgot its last segment",
            lines=(14,),
        ),
        snippet(
            """\
from typing import Annotated

from fastapi import APIRouter, Depends

router = APIRouter()


async def valid_profile_id(profile_id: int) -> dict[str, int]:
    return {"id": profile_id}


@router.get("/creators/{creator_id}")
async def get_creator(profile: Annotated[dict[str, int], Depends(valid_profile_id)]) -> dict[str, int]:
    return profile
""",
            lines=(12,),
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

from app.orders import router

app = FastAPI()
app.include_router(router, prefix="/shops/{shop_id}")
""",
                "app/orders.py": """\
from fastapi import APIRouter, Depends
from fastapi.security import HTTPBearer, OAuth2PasswordBearer

oauth2 = OAuth2PasswordBearer(tokenUrl="/token")
router = APIRouter(prefix="/orders")


def current_user(token: str = Depends(oauth2), bearer: object = Depends(HTTPBearer())) -> str:
    return token


@router.get("/{order_id:int}")
def get_order(order_id: int, user: str = Depends(current_user)) -> int:
    return order_id


def by_customer(customer: int, /, user_id: int) -> int:
    return user_id


router.add_api_route("/by-customer/{customer}", by_customer)
""",
            },
            note="a prefix from include_router, a converter, a positional-only parameter",
            lines=(12, 21),
        ),
        snippet(
            """\
from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/posts/{slug}")
def post_page(lang: str = "en") -> HTMLResponse:
    return HTMLResponse(f"<p lang={lang}>post</p>")
""",
            note="an HTML page with a parameter of its own and no `Request`: the slug is lost",
            lines=(7,),
        ),
        snippet(
            """\
from fastapi import FastAPI, Request

app = FastAPI()


def client_of(request: Request) -> str:
    return request.headers.get("user-agent", "")


@app.get("/reports/{report_id}")
def get_report(request: Request, report: int) -> dict[str, str]:
    return {"client": client_of(request), "id": str(report)}


@app.api_route("/files/{name}", methods=["GET"])
async def relay(request: Request) -> dict[str, str]:
    return {"client": client_of(request)}
""",
            note="handlers that take the Request but never read its URL: one hands it on, "
            "which only a `{name:path}` catch-all (a proxy) may rely on",
            lines=(10, 15),
        ),
        snippet(
            """\
from fastapi import APIRouter
from fastapi.responses import RedirectResponse

router = APIRouter(prefix="/shops/{shop}")


@router.get("/orders/{order}")
async def legacy_order(page: int) -> RedirectResponse:
    return RedirectResponse(f"/orders?page={page}")


@router.get("/items/{item}")
async def item_page(page: int) -> RedirectResponse:
    return RedirectResponse(url=f"{page}/")
""",
            note="redirects that drop the value: an absolute URL loses `shop` and `order`; a "
            "relative one keeps `shop` but replaces the last segment, `item`",
            lines=(7, 12),
        ),
        snippet(
            """\
from datetime import date

from fastapi import APIRouter, UploadFile
from pydantic import EmailStr

router = APIRouter()


@router.post("/teams/{team_id}/invites")
async def invite(email: EmailStr, starts: date) -> dict[str, str]:
    return {"email": email, "starts": starts.isoformat()}


@router.post("/teams/{team_id}/logo")
async def upload_logo(logo: UploadFile) -> dict[str, str]:
    return {"name": logo.filename or ""}
""",
            note="annotations from Pydantic, FastAPI and the standard library are request "
            "data, not a dependency that could read `team_id`: still checked",
            lines=(9, 14),
        ),
    )
    good = (
        snippet(
            _DOWNLOAD.format(name="download_report"),
            note="trap: the same handler written again for the longer URL (seen in "
            "open-webui's file content download): its last segment only names the download "
            "for the browser, the shorter route answers the same",
        ),
        snippet(
            """\
from fastapi import APIRouter
from fastapi.responses import RedirectResponse
from starlette.responses import RedirectResponse as Redirect

router = APIRouter(prefix="/boards/{board}")


@router.get("/cards/{card}")
async def card_root(card: int) -> RedirectResponse:
    return RedirectResponse(f"{card}/", status_code=307)


@router.get("/lists/{list_id}")
async def list_root(list_id: str) -> Redirect:
    return Redirect(url="columns")


@router.get("/cards/{card}/")
async def card_page(board: str, card: int) -> dict[str, str]:
    return {"board": board, "card": str(card)}
""",
            note="a handler that only redirects to a relative URL: the browser resolves it "
            "against the request's path, so the target route receives `board`",
        ),
        snippet(
            """\
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

router = APIRouter()
templates = Jinja2Templates(directory="templates")


@router.get("/share/chat/{public_conversation_slug}", response_class=HTMLResponse)
def view_public_conversation(request: Request):
    return templates.TemplateResponse("share/chat/index.html", context={"request": request})
""",
            note="an HTML page handing its Request to a template, which reads the slug (seen in khoj)",
        ),
        snippet(
            """\
from typing import Annotated

from fastapi import APIRouter, Depends

router = APIRouter()


async def valid_profile_id(profile_id: int) -> dict[str, int]:
    return {"id": profile_id}


@router.get("/creators/{profile_id}")
async def get_creator(profile: Annotated[dict[str, int], Depends(valid_profile_id)]) -> dict[str, int]:
    return profile
"""
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import Depends, FastAPI

from app import deps
from app.posts import router

app = FastAPI(dependencies=[Depends(deps.check_tenant)])
app.include_router(router, prefix="/tenants/{tenant_id}", dependencies=[Depends(deps.check_org)])
""",
                "app/deps.py": """\
from typing import Annotated

from fastapi import Depends, Path


async def check_tenant(tenant_id: str | None = None) -> None: ...


async def check_org(org: Annotated[str, Path(alias="orgId")] = "") -> None: ...


async def valid_post(post_id: int) -> int:
    return post_id


class Paginator:
    def __init__(self, page_id: int = 1) -> None:
        self.page_id = page_id


ValidPost = Annotated[int, Depends(valid_post)]
""",
                "app/posts.py": """\
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel

from app.deps import Paginator, ValidPost

router = APIRouter(prefix="/orgs/{orgId}/posts")


class Slug(BaseModel):
    year: int
    slug: str


async def owned(post: ValidPost) -> int:
    return post


@router.get("/{post_id}")
async def read(post: Annotated[int, Depends(owned)]) -> int:
    return post


@router.get("/{post_id}/pages/{page_id}")
async def page(post: ValidPost, pager: Annotated[Paginator, Depends()]) -> int:
    return post


@router.get("/by-slug/{year}/{slug}")
async def by_slug(s: Annotated[Slug, Path()]) -> str:
    return s.slug


@router.get("/raw/{anything}")
async def raw(request: Request) -> str:
    return request.path_params["anything"]
""",
            },
            note="app-, include- and chained dependencies, type aliases, a class dependency, "
            "a path alias, a Path() model, request.path_params",
        ),
        snippet(
            """\
from fastapi import APIRouter, Depends, FastAPI, WebSocket
from some_lib import RateLimiter, verify_tenant

router = APIRouter()
app = FastAPI()
limiter = RateLimiter(times=2)
PREFIX = "/v" + str(1)
dynamic = APIRouter(prefix=PREFIX)


@router.get("/tenants/{tenant_id}", dependencies=[Depends(verify_tenant)])
async def third_party(x: int = 0) -> int:
    return x


@router.get("/limited/{key}", dependencies=[Depends(limiter)])
async def limited() -> int:
    return 1


@dynamic.get("/items/{item_id}")
async def unknown_prefix() -> int:
    return 1


@app.websocket("/ws/{room}")
async def ws(socket: WebSocket) -> None:
    await socket.close()


@router.get("/kw/{thing}")
async def kw(**kwargs: str) -> int:
    return 1
""",
            note="third-party dependencies, a non-literal prefix, websockets, **kwargs: skipped",
        ),
        snippet(
            """\
from flask import Flask

app = Flask(__name__)


@app.get("/users/<int:user_id>")
def user(uid: int) -> str:
    return ""


@app.get("/items/{item_id}")
def item() -> str:
    return ""
""",
            note="Flask routes are not FastAPI routes",
        ),
        snippet(
            """\
from fastapi import APIRouter
from host_backend.api.deps import CurrentWorkspace

router = APIRouter()


@router.get("/{workspace_id}/boards")
def list_boards(workspace: CurrentWorkspace) -> list[str]:
    return workspace.boards
""",
            note="trap: a plugin's route takes a type alias its host distribution defines "
            "(`CurrentWorkspace = Annotated[Workspace, Depends(get_workspace)]` there): the "
            "host's dependency, which the audit cannot read, may declare `workspace_id`",
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

app = FastAPI()
router = APIRouter()


def renderer() -> Jinja2Templates:
    return Jinja2Templates(directory="templates")


@router.get("/wallet")
@router.get("/wallet/{wallet_id}")
async def wallet_page(request: Request) -> HTMLResponse:
    return renderer().TemplateResponse(request, "base.html")


def serve_index():
    with open("ui/index.html") as fh:
        return Response(fh.read(), media_type="text/html")


@app.get("/")
@app.get("/p/{rest:path}")
def spa():
    return serve_index()


app.include_router(router)
""",
            },
            note="pages that leave the path to the front end: a template page that takes the "
            "`Request` (declared `-> HTMLResponse`), and an SPA catch-all that takes nothing and "
            "always serves the same HTML through a helper",
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import APIRouter, FastAPI, Request

app = FastAPI()
router = APIRouter(prefix="/{tenant}")


def current_tenant(request: Request) -> str:
    return request.path_params.get("tenant", "public")


@app.middleware("http")
async def tenant_scope(request: Request, call_next):
    request.state.tenant = current_tenant(request)
    return await call_next(request)


@router.get("/items")
async def items(request: Request) -> list[str]:
    return [request.state.tenant]


app.include_router(router)
""",
            },
            note="a middleware reads the `{tenant}` prefix from `request.path_params`",
        ),
        Example(
            files={
                "app/tenancy.py": """\
from starlette.middleware.base import BaseHTTPMiddleware


class TenantMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        request.state.org = request.path_params.get("org")
        return await call_next(request)
""",
                "app/main.py": """\
from fastapi import APIRouter, FastAPI

from app.tenancy import TenantMiddleware

app = FastAPI()
app.add_middleware(TenantMiddleware)
router = APIRouter(prefix="/orgs/{org}")


@router.get("/members")
async def members() -> list[str]:
    return []


app.include_router(router)
""",
            },
            note="a middleware class reads the prefix",
        ),
        Example(
            files={
                "app/ui.py": """\
from fastapi import FastAPI
from fastapi.responses import Response


def create_ui_app(index_html: str) -> FastAPI:
    app = FastAPI()

    def _serve_index():
        return Response(index_html, media_type="text/html")

    @app.get("/p/{path_name:path}")
    def catch_all():
        return _serve_index()

    return app
""",
            },
            note="an SPA catch-all built in a factory, through a helper defined beside it",
        ),
        snippet(
            """\
import httpx
from fastapi import FastAPI, Request
from fastapi.responses import Response

app = FastAPI()
UPSTREAM = "http://127.0.0.1:9000"


async def forward(request: Request) -> Response:
    async with httpx.AsyncClient() as client:
        upstream = await client.request(
            request.method, UPSTREAM + request.url.path, content=await request.body()
        )
    return Response(upstream.content, status_code=upstream.status_code)


@app.api_route("/{path:path}", methods=["GET", "POST"])
async def proxy(request: Request) -> Response:
    return await forward(request)


@app.get("/raw/{rest:path}")
async def raw(request: Request) -> dict[str, str]:
    return {"path": request.url.path}
""",
            note="a catch-all reverse proxy hands its Request (and the URL) on; a handler "
            "reads `request.url.path` itself: the segment is consumed through the request "
            "(seen in skypilot's load balancer)",
        ),
    )
