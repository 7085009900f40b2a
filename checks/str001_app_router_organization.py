from __future__ import annotations

import ast
import functools
from collections import Counter, defaultdict
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity, when
from auditor.facts import (
    Call,
    Expr,
    Function,
    Lit,
    ModuleFacts,
    Name,
    arg,
    dotted_of,
    iter_exprs,
    kwarg,
    qname_of,
)
from auditor.project import Project
from auditor.project_queries import instance_of
from auditor.source import SourceProblem, parse
from auditor.walker import ModuleContext

DEFAULT_MAX_ROUTES = 15
#: ``Mount(path, app=...)`` route objects (``FastAPI(routes=[...])``).
MOUNT_CLASSES = frozenset(
    {"starlette.routing.Mount", "fastapi.routing.Mount", "starlette.routing.Host"}
)


#: Calls that serve an ASGI application in this process: the app is their first argument
#: (or ``app=``), an instance or a ``"module:attr"`` import string.
SERVERS = frozenset(
    {
        "uvicorn.run",
        "uvicorn.main.run",
        "uvicorn.Config",
        "uvicorn.config.Config",
        "hypercorn.asyncio.serve",
        "hypercorn.trio.serve",
    }
)


def _local_call_value(name: ast.Name, ctx: ModuleContext) -> ast.Call | None:
    """The call last assigned to the local ``name`` before it is used (``server =
    run(build())`` then ``uvicorn.run(server)``), in the enclosing function's own body."""
    func = ctx.enclosing_def
    if func is None:
        return None
    found = None
    for n in ast.walk(func):
        if (
            isinstance(n, ast.Assign)
            and n.lineno < name.lineno
            and isinstance(n.value, ast.Call)
            and any(isinstance(t, ast.Name) and t.id == name.id for t in n.targets)
            and (found is None or n.lineno > found.lineno)
        ):
            found = n
    return found.value if found is not None and isinstance(found.value, ast.Call) else None


def mounted_apps(project: Project) -> set[str]:
    """Qualified names of the instances passed as the app of a ``mount()`` / ``Mount()``."""
    out: set[str] = set()
    for m in project.by_path.values():
        for mc in m.method_calls:
            if mc.method in ("mount", "host"):
                e = arg(mc.call, 1) or kwarg(mc.call, "app")
                inst = instance_of(project, e, mc.function)
                if inst is not None:
                    out.add(inst.qname)
        for inst_fact in m.instances:
            for e in iter_exprs(inst_fact.call):
                if isinstance(e, Call) and e.qname in MOUNT_CLASSES:
                    inst = instance_of(project, arg(e, 1) or kwarg(e, "app"), inst_fact.function)
                    if inst is not None:
                        out.add(inst.qname)
    return out


def dynamic_mount(project: Project) -> tuple[str, int] | None:
    """A ``mount()`` of an app the code looks up at run time (``app.mount(prefix,
    getattr(module, name))``, an app handed in as a parameter): a registry that mounts
    sub-applications by module path, which the model cannot follow.  (path, line) or None."""
    for m in project.modules_of_class("app"):
        for mc in m.method_calls:
            if mc.method not in ("mount", "host"):
                continue
            e = arg(mc.call, 1) or kwarg(mc.call, "app")
            if isinstance(e, Call) and e.qname in _GETATTR:
                return m.path, mc.line
            fn = project.function(mc.function) if mc.function else None
            if _looked_up_by_helper(project, m, fn, e):
                return m.path, mc.line  # ``app.mount("/sub", load_app(path))``
            if (
                isinstance(e, Name)
                and fn is not None
                and any(p.name == e.dotted for p in fn.params)
                and instance_of(project, e, mc.function) is None
            ):
                return m.path, mc.line  # an app handed in as a parameter
    return None


_GETATTR = ("getattr", "builtins.getattr")


def _looked_up_by_helper(
    project: Project, m: ModuleFacts, fn: Function | None, e: Expr | None
) -> bool:
    """``e`` (the app a ``mount()`` is handed) is the result of a project function that looks
    the app up at run time -- it returns ``getattr(module, name)``, directly or through a
    local bound to it --, called in the mount (``app.mount("/sub", load_app(path))``) or
    bound to a local of the mounting function (``sub = load_app(path)``)."""
    callee: str | None = None
    if isinstance(e, Call):
        callee = e.qname
    elif isinstance(e, Name) and e.dotted and "." not in e.dotted and fn is not None:
        if any(p.name == e.dotted for p in fn.params):
            return False
        for value in _local_values(project, m, fn, e.dotted):
            if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
                name = value.func.id
                callee = m.imports.get(name) or f"{m.module}.{name}"
    helper = project.function(callee)
    home = project.module_for_name(helper.qname) if helper is not None else None
    if helper is None or home is None:
        return False
    returned = _returned_names(project, home, helper)
    return any(
        isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id == "getattr"
        for name in returned
        for v in (_local_values(project, home, helper, name) if isinstance(name, str) else (name,))
    )


@functools.lru_cache(maxsize=8)
def _parsed(data: bytes) -> ast.Module | None:
    """The module's tree (newer grammars too, ``def f[T]()``), or None."""
    try:
        return parse(data, "<module>")
    except SourceProblem:
        return None


def _function_node(
    project: Project, m: ModuleFacts, fn: Function
) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The definition of ``fn`` in its module's source (read and parsed again: only asked of
    the few mounts whose app the facts do not resolve)."""
    data = project.repo.read_bytes(m.path)
    tree = _parsed(data) if data is not None else None
    if tree is None:
        return None
    return next(
        (
            n
            for n in ast.walk(tree)
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
            and n.name == fn.name
            and n.lineno <= fn.line <= n.end_lineno  # type: ignore[operator]
        ),
        None,
    )


def _local_values(project: Project, m: ModuleFacts, fn: Function, name: str) -> list[ast.expr]:
    """The values ``fn`` binds to its local ``name`` (``name = value``)."""
    node = _function_node(project, m, fn)
    if node is None:
        return []
    return [
        n.value
        for n in ast.walk(node)
        if isinstance(n, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == name for t in n.targets)
    ]


def _returned_names(project: Project, m: ModuleFacts, fn: Function) -> list[ast.expr | str]:
    """What ``fn`` returns: a local's name, or the returned expression itself."""
    node = _function_node(project, m, fn)
    out: list[ast.expr | str] = []
    for n in ast.walk(node) if node is not None else ():
        if isinstance(n, ast.Return) and n.value is not None:
            out.append(n.value.id if isinstance(n.value, ast.Name) else n.value)
    return out


def _handed_in(project: Project, e: Expr | None, function: str | None):
    """The app a project helper's parameter ``e`` receives from one of its callers
    (``dispatch(panel, scope, receive, send)``, ``panel`` a local of the caller or of a
    function around it), or None."""
    fn = project.function(function) if function else None
    if fn is None or not isinstance(e, Name) or not e.dotted or "." in e.dotted:
        return None
    positional = [p.name for p in fn.params if p.kind in ("posonly", "arg")]
    if fn.class_qname is not None or e.dotted not in positional:
        return None  # a method's parameters shift by its receiver: not followed
    index = positional.index(e.dotted)
    for m in project.by_path.values():
        for h in m.handoffs:
            if h.callee != fn.qname or h.position not in (index, e.dotted):
                continue
            scope, sep, name = h.local.rpartition(".<locals>.")
            inst = project.receiver_in_function(name, scope) if sep else project.app_for(h.local)
            if inst is not None:
                return inst
    return None


class _AtOnce:
    """How many of an app's direct routes one run registers: the two sides of an ``if``
    (``if mode == "tasks": register_tasks(app) else: register_jobs(app)``) or the cases of
    a ``match`` exclude one another, so the larger side counts, not both.  The function
    that builds the app is walked, and each helper it hands the app to where it calls it;
    a route neither reaches (registered elsewhere) counts as always registered."""

    def __init__(self, project: Project, inst, routes) -> None:
        self.project = project
        self.leaves: Counter[tuple[str, int]] = Counter(
            (r.site.path, r.decorator.line) for r in routes
        )
        self.calls: dict[tuple[str, int], list[str]] = defaultdict(list)
        for m in project.by_path.values():
            for h in m.handoffs:
                scope, sep, name = h.local.rpartition(".<locals>.")
                got = project.receiver_in_function(name, scope) if sep else project.app_for(h.local)
                if got is inst:
                    self.calls[(m.path, h.line)].append(h.callee)
        self.reached: set[tuple[str, int]] = set()
        self.active: set[str] = set()
        self.total = len(routes)
        self.inst = inst

    def count(self) -> int:
        inst = self.inst
        fn = self.project.function(inst.function) if inst.function else None
        if inst.function and fn is None:
            return self.total
        found = self._function(fn) if fn is not None else self._module(inst.module)
        if found is None:
            return self.total
        unreached = sum(n for key, n in self.leaves.items() if key not in self.reached)
        return min(found + unreached, self.total)

    def _module(self, m: ModuleFacts) -> int | None:
        data = self.project.repo.read_bytes(m.path)
        tree = _parsed(data) if data is not None else None
        return None if tree is None else self._block(m.path, tree.body)

    def _function(self, fn: Function) -> int | None:
        m = self.project.modules.get(fn.module)
        node = _function_node(self.project, m, fn) if m is not None else None
        if m is None or node is None or fn.qname in self.active:
            return None
        self.active.add(fn.qname)
        try:
            return self._block(m.path, node.body)
        finally:
            self.active.discard(fn.qname)

    def _block(self, path: str, body: list[ast.stmt]) -> int:
        return sum(self._statement(path, s) for s in body)

    def _statement(self, path: str, s: ast.stmt) -> int:
        if isinstance(s, ast.If):
            return max(self._block(path, s.body), self._block(path, s.orelse))
        if isinstance(s, ast.Match):
            return max((self._block(path, c.body) for c in s.cases), default=0)
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = min((d.lineno for d in s.decorator_list), default=s.lineno)
            return self._lines(path, first, s.lineno)
        if isinstance(s, ast.ClassDef):
            return 0  # its routes count as unreached, always registered
        blocks = [getattr(s, f, None) for f in ("body", "orelse", "finalbody")]
        blocks += [h.body for h in getattr(s, "handlers", ())]
        if any(isinstance(b, list) and b for b in blocks):
            return sum(self._block(path, b) for b in blocks if isinstance(b, list))
        return self._lines(path, s.lineno, s.end_lineno or s.lineno)

    def _lines(self, path: str, first: int, last: int) -> int:
        total = 0
        for line in range(first, last + 1):
            key = (path, line)
            if key in self.leaves:
                self.reached.add(key)
                total += self.leaves[key]
            for callee in self.calls.get(key, ()):
                fn = self.project.function(callee)
                found = self._function(fn) if fn is not None else None
                total += found or 0
        return total


def _factory_never_called(project: Project, app) -> bool:
    """``app`` is built by a module-level function that no code of the project calls or
    hands on: every use of its name is an import (a package re-exporting it), so only
    whoever imports it builds the app -- a separate service the project ships for others to
    host, not a second app beside the main one.  Unknown (False) when a file could not be
    read or the name is too common to look up."""
    fn = project.function(app.function) if app.function else None
    if fn is None or fn.class_qname or ".<locals>." in fn.qname:
        return False
    uses = project.named_uses([fn.name])
    if uses is None or fn.name not in uses:
        return False
    return all(u.kind == "import" for u in uses[fn.name])


def _short(qname: str) -> str:
    if qname.endswith(".<return>"):
        return qname.removesuffix(".<return>").rsplit(".", 1)[-1] + "()"  # made by a factory
    return qname.rsplit(".", 1)[-1]


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    served: tuple[Expr | None, ...] | None = None
    function: str | None = None
    #: ``served`` is a callee called as ASGI: any awaited three-argument call, an app only
    #: when it resolves to one
    asgi: bool = False


class AppRouterOrganization(Check):
    """
    ## What it does
    Looks at how the FastAPI application and its routes are organised, and reports three
    shapes:

    1. more than one `FastAPI(...)` application in the application code, when the extra
       ones are not mounted as sub-applications (`app.mount("/admin", admin_app)`,
       `app.host(...)`, `Mount(...)` / `Host(...)` routes) nor served by the project itself
       (`uvicorn.run(status_app)`, `uvicorn.Config(app=...)`, a `"module:attr"` import
       string, also in a gunicorn or uvicorn command line, or an ASGI call of the app
       itself, `await app(scope, receive, send)`, in a handler the project registers with
       a dispatcher of its own, directly or through a helper the app is handed to); each extra application that
       the main application's code imports is reported (one it never imports is a
       separate service, started on its own, and so is one built by a module-level factory
       that no code of the project calls, only imports or re-exports: a service shipped for
       others to host; a run-time import of a computed module name,
       `import_module(name)`, imports no module in particular), and none when the project mounts apps it
       looks up at run time (`app.mount(prefix, getattr(module, "app"))`, also the result
       of a project function that returns such a lookup: `app.mount("/sub", load_app(path))`,
       directly or through a local) or when an
       application module could not be parsed (it may be the one that mounts it);
    2. a route decorator on an application **imported from another module**
       (`from app.main import app` then `@app.get(...)`), at module level: a route an
       object registers while the code runs, under a per-object URL, is not this shape,
       nor is one in a composition root (a module that includes the routers or mounts
       the apps into that app, which the app's module never imports back), where no
       cycle can arise;
    3. more than `app-routes-max` (default 15) routes registered directly on one
       application instead of on `APIRouter`s, counted as one run registers them: the
       branches of an `if` (or the cases of a `match`) in the function that builds the
       app, or in a helper it hands the app to, exclude one another, so the larger one
       counts (`up to 50 routes at once (78 across branches ...)`).

    ## Why is this bad?
    All the sources build a FastAPI service the same way: one module creates the app
    (`main.py`, or an app factory), and every feature declares its endpoints on its own
    `APIRouter`, which `main.py` includes ([Production guide 2026]: `main.py` plus a
    `router.py` per domain; [Production skill 2025]: an app factory plus
    `api/v1/router.py`; [zhanymkanov README]: "`src/main.py` root of the project,
    which inits the FastAPI app" and "`router.py` is a core of each module with all the
    endpoints").  The sources disagree on the folder layout (domain packages or layers),
    not on this.

    Importing the app into feature modules to decorate it is the circular-import shape:
    `main.py` must import the feature module for its routes to exist, and the feature module
    imports `main.py` for the app, so whichever is imported first sees a half-initialised
    module, and tests cannot build an app without every route.  A second, unmounted app
    usually means routes registered on an instance nobody serves.  Dozens of routes on the
    app itself lose the per-router prefix, tags and dependencies.

    ## Example
    ```python
    # app/posts.py
    from app.main import app

    @app.get("/posts")
    async def list_posts() -> list[str]: ...
    ```

    ## Use instead
    ```python
    # app/posts/router.py
    from fastapi import APIRouter

    router = APIRouter(prefix="/posts", tags=["posts"])

    @router.get("")
    async def list_posts() -> list[str]: ...

    # app/main.py
    app = FastAPI()
    app.include_router(posts_router)
    ```

    ## Fix safety
    No automatic fix: moving routes between modules changes the import graph.

    ## Known problems
    A repository that holds several independent services, each with its own app, is
    reported under (1) unless each app is visibly handed to a server (`uvicorn.run`,
    `uvicorn.Config`, Hypercorn's `serve`, or an import string such as
    `"pkg.gateway:create_app()"` in a command line the project runs) in the code: ignore the
    finding there, or audit each service on its own.  The main application is the one that serves the most routes
    (directly, through routers and through mounted sub-applications).  An app built by a
    method (a plugin or auth-manager hook such as `get_fastapi_app()`) is never reported:
    whoever mounts it calls the method through an interface the auditor cannot follow.
    Test files, `examples/`, `scripts/` and `docs/` are not scanned.  Applications that
    are only handed to another ASGI wrapper (for example Socket.IO's `ASGIApp`) are not
    recognised as mounted.

    ## References
    - [Production guide 2026] (project structure: `main.py` and per-domain `router.py`)
    - [ForgeAPI guide], [zhanymkanov README] (project structure)
    - [Production skill 2025] (app factory and `api/v1/router.py`)
    - FastAPI docs, "Bigger Applications - Multiple Files"
    """

    id = "STR001"
    name = "app-router-organization"
    category = "structure"
    severity = Severity.INFO
    heuristic = True
    message = "routes are not organised in APIRouters included by one app"
    fix_title = "Create the app in one module and declare routes on APIRouters that it includes"
    sources = (
        "Production guide 2026",
        "ForgeAPI guide",
        "Production skill 2025",
        "zhanymkanov README",
    )

    def check_project(self, project: Project) -> list[Hit]:
        out: list[Hit] = []
        routes = [r for r in project.routes if r.module.file_class == "app"]
        out += self._extra_apps(project, routes)
        out += self._imported_app_routes(project, routes)
        out += self._crowded_apps(project, routes)
        return out

    # the apps handed to a server in this process (``uvicorn.run(app)``, ``uvicorn.Config(app)``)
    @when(callees=SERVERS)
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        if ctx.resolve(node.func) not in SERVERS:
            return
        target = (
            node.args[0]
            if node.args
            else next((k.value for k in node.keywords if k.arg == "app"), None)
        )
        if target is None or isinstance(target, ast.Starred):
            return
        served = [ctx.summarize(target)]
        if isinstance(target, ast.Name):
            value = _local_call_value(target, ctx)
            if value is not None:
                served.append(ctx.summarize(value))
        ctx.report(
            node,
            "",
            data=_Data(served=tuple(served), function=ctx.enclosing_function_qname()),
        )

    # the apps this project calls as ASGI itself (``await app(scope, receive, send)``): a
    # dispatcher of its own (an ASGI service registry, a proxy) serves them
    @when(in_async=True)
    def visit_Await(self, node: ast.Await, ctx: ModuleContext) -> None:
        call = node.value
        if (
            not isinstance(call, ast.Call)
            or len(call.args) != 3
            or call.keywords
            or any(isinstance(a, ast.Starred) for a in call.args)
            or not isinstance(call.func, (ast.Name, ast.Attribute))
        ):
            return
        ctx.report(
            node,
            "",
            data=_Data(
                served=(ctx.summarize(call.func),),
                function=ctx.enclosing_function_qname(),
                asgi=True,
            ),
        )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        self._served = [
            (h.payload(_Data).served, h.payload(_Data).function, h.payload(_Data).asgi)
            for h in hits
            if h.payload(_Data).served is not None
        ]
        return [h for h in hits if h.payload(_Data).served is None]

    def _served_apps(self, project: Project) -> set[str] | None:
        """The apps this project serves itself; None when it serves one the model cannot
        resolve (``UviServer(Config(app=self.app))`` where ``self.app`` is a property that
        builds one of several apps): then any app may be served, and "a second app nothing
        serves" is unknown (seen in jina, whose gateway and workers each serve their own)."""
        out: set[str] = set()
        for exprs, function, asgi in getattr(self, "_served", ()):
            for e in exprs:
                inst = instance_of(project, e, function)
                if inst is None and asgi:
                    inst = _handed_in(project, e, function)
                if inst is not None and (inst.kind == "app" or not asgi):
                    out.add(inst.qname)
                    break
            else:
                if not asgi:  # an awaited call of anything else is no server
                    return None
        # ``"pkg.gateway:create_app()"`` in a command line the project runs (gunicorn,
        # uvicorn in a subprocess, a server's ``entrypoint=``)
        for m in project.by_path.values():
            for text in m.import_strings:
                inst = instance_of(project, Lit(text), None)
                if inst is not None:
                    out.add(inst.qname)
        return out

    # (1) -----------------------------------------------------------------------------
    def _extra_apps(self, project: Project, routes) -> list[Hit]:
        apps = project.served_apps  # an app nothing serves is no rival
        if len(apps) < 2:
            return []
        mounted = mounted_apps(project)
        candidates = [a for a in apps if a.qname not in mounted]
        if len(candidates) < 2:
            return []
        primary = project.main_app(candidates)
        served = self._served_apps(project)
        out: list[Hit] = []
        if primary is None or served is None:
            return out
        if dynamic_mount(project) is not None:
            return out  # apps are mounted by a run-time registry: "nothing mounts it" is unknown
        if not project.completeness(("app",)):
            return out  # a module that was not parsed may be the one that mounts it
        # an import seen in the code: a module name computed at run time (a loader of the
        # package's parts, ``import_module(module_name)``) is no evidence the app is imported
        in_process = project.import_closure([primary.module.module], by_folder=False)
        routed = {id(r.receiver) for r in routes}
        for a in candidates:
            if a is primary or a.qname in served:
                continue  # the main app; an app this project serves itself
            if a.module.module not in in_process:
                continue  # the main app never imports it: a separate service, started on its own
            if _factory_never_called(project, a):
                continue  # nothing here builds it: a service the project offers others to host
            if (
                id(a) not in routed
                and not any(mc.method == "include_router" for mc in a.includes)
                and (a.includes or a.kw("lifespan") is not None)
            ):
                continue  # a configured shell without routes (they are copied in at start-up)
            fn = project.function(a.function) if a.function else None
            if fn is not None and fn.class_qname:
                continue  # built by a method: handed out through an interface (a plugin hook)
            out.append(
                self.project_hit(
                    f"a second FastAPI application `{_short(a.qname)}` besides `{_short(primary.qname)}` "
                    f"({primary.path}:{primary.line}): declare its routes on an APIRouter included by the "
                    "main app, or mount it with `app.mount()`",
                    path=a.path,
                    line=a.call.line,
                    column=a.column,
                    data=_Data(),
                )
            )
        return out

    # (2) -----------------------------------------------------------------------------
    def _imported_app_routes(self, project: Project, routes) -> list[Hit]:
        out = []
        for r in routes:
            if r.receiver.kind != "app" or not any(d is r.decorator for d in r.function.decorators):
                continue
            if ".<locals>." in r.function.qname:
                continue  # registered while the code runs (a per-object route), not on import
            q = qname_of(r.decorator)
            if not q or "." not in q:
                continue
            home = project.module_for_name(q.rsplit(".", 1)[0])
            if home is None or home is r.module:
                continue
            if r.module.module not in project.import_closure([home.module]) and any(
                mc.method in ("include_router", "mount") and mc in r.receiver.includes
                for mc in r.module.method_calls
            ):
                continue  # a composition root that assembles the app: no cycle can arise
            recv_text = (dotted_of(r.decorator) or "").rsplit(".", 1)[0]
            out.append(
                self.project_hit(
                    f"route `{r.function.name}` is declared on `{recv_text}`, the app imported from "
                    f"`{home.module}` (the circular-import shape): declare it on an APIRouter and "
                    "include the router in the app",
                    path=r.module.path,
                    line=r.decorator.line,
                    data=_Data(),
                )
            )
        return out

    # (3) -----------------------------------------------------------------------------
    def _crowded_apps(self, project: Project, routes) -> list[Hit]:
        limit = int(project.setting("app-routes-max", DEFAULT_MAX_ROUTES))
        by_app: dict[str, list] = defaultdict(list)
        for r in routes:
            if r.receiver.kind == "app" and r.receiver.module.file_class == "app":
                by_app[r.receiver.qname].append(r)
        out = []
        for rs in by_app.values():
            if len(rs) <= limit:
                continue
            inst = rs[0].receiver
            at_once = _AtOnce(project, inst, rs).count()
            if at_once <= limit:
                continue  # never more than the limit in one run: its branches exclude each other
            many = (
                f"{len(rs)} routes are"
                if at_once == len(rs)
                else f"up to {at_once} routes at once ({len(rs)} across branches that "
                "exclude one another) are"
            )
            out.append(
                self.project_hit(
                    f"{many} registered directly on the app `{_short(inst.qname)}` "
                    f"(app-routes-max = {limit}): group them in APIRouters by feature",
                    path=inst.path,
                    line=inst.call.line,
                    column=inst.column,
                    data=_Data(),
                )
            )
        return out

    bad = (
        Example(
            files={
                "kit/main.py": """\
from fastapi import FastAPI

from kit.datasets.service import load_cases

app = FastAPI(title="Kit")


@app.get("/cases")
async def cases() -> list[str]:
    return load_cases()
""",
                "kit/datasets/__init__.py": """\
from kit.datasets.service import create_dataset_service_app

__all__ = ["create_dataset_service_app"]
""",
                "kit/datasets/service.py": """\
from fastapi import FastAPI


def load_cases() -> list[str]:
    return ["a", "b"]


def create_dataset_service_app(name: str) -> FastAPI:
    app = FastAPI(title=f"{name} dataset service")

    @app.get("/v1/cases")
    async def cases() -> list[str]:
        return load_cases()

    return app
""",
                "kit/preview.py": """\
from kit.datasets import create_dataset_service_app

preview = create_dataset_service_app("preview")
""",
            },
            note="the other side of the re-exported-factory trap: the project builds the "
            "service app itself, beside its main app",
            lines=(9,),
        ),
        Example(
            files={
                "svc/loader.py": """\
from fastapi.staticfiles import StaticFiles


def load_ui(directory: str):
    ui = StaticFiles(directory=directory, html=True)
    return ui
""",
                "svc/main.py": """\
from fastapi import FastAPI

from svc import chat
from svc.loader import load_ui

app = FastAPI()


def serve() -> FastAPI:
    ui = load_ui("static")
    app.mount("/ui", ui)
    return app


print(chat.__name__)
""",
                "svc/chat.py": """\
from fastapi import FastAPI

app = FastAPI(title="Chat")


@app.get("/rooms")
async def rooms() -> list[str]:
    return []
""",
            },
            note="the other side of the run-time lookup trap: a helper that builds what is "
            "mounted (static files) looks nothing up, and the chat app the main app imports "
            "is still a second app",
            lines=(3,),
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

app = FastAPI()
""",
                "app/posts.py": """\
from app.main import app


@app.get("/posts")
async def list_posts() -> list[str]:
    return []
""",
            },
            note="a route declared on the app imported from main.py (a feature module)",
            lines=(4,),
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI as Api

from app.admin import ADMIN_ROLE
from app.users import router as users_router

app = Api(title="Shop", description=f"admins: {ADMIN_ROLE}")
app.include_router(users_router)
""",
                "app/users.py": """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/users")
async def list_users() -> list[str]:
    return []
""",
                "app/admin.py": """\
import fastapi

ADMIN_ROLE = "admin"
admin_app = fastapi.FastAPI(title="Admin")


@admin_app.get("/stats")
async def stats() -> dict[str, int]:
    return {}
""",
            },
            note="a second FastAPI app that nothing mounts, in a module the main app imports "
            "(aliased imports)",
            lines=(4,),
        ),
        Example(
            files={
                "svc/__init__.py": "",
                "svc/main.py": """\
import importlib

from fastapi import FastAPI

from svc.routes import router

app = FastAPI()
app.include_router(router)
monitor = importlib.import_module("svc.monitor")
""",
                "svc/routes.py": """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/items")
async def items() -> list[str]:
    return []


@router.get("/orders")
async def orders() -> list[str]:
    return []
""",
                "svc/monitor.py": """\
from fastapi import FastAPI

app = FastAPI(title="Monitor")


@app.get("/calls")
async def calls() -> list[str]:
    return []
""",
            },
            note="the other side of the computed-name trap: a run-time import of a literal "
            "module name imports that module, and its app is a second one",
            lines=(3,),
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

from app.admin import ADMIN_ROLE, notify

app = FastAPI(description=f"admins: {ADMIN_ROLE}")


@app.post("/ping")
async def ping() -> str:
    await notify("ping", 1, True)
    return "pong"
""",
                "app/admin.py": """\
from fastapi import FastAPI

ADMIN_ROLE = "admin"
admin_app = FastAPI()


@admin_app.get("/stats")
async def stats() -> dict[str, int]:
    return {}


async def notify(event: str, level: int, loud: bool) -> None:
    return None
""",
            },
            note="the other side of the ASGI trap: an awaited call with three arguments of "
            "something that is not the app serves nothing",
            lines=(4,),
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

app = FastAPI()


@app.get("/a")
def a() -> int:
    return 1


@app.get("/b")
def b() -> int:
    return 2


@app.post("/c")
def c() -> int:
    return 3
""",
            },
            config={"app-routes-max": 2},
            note="more routes directly on the app than app-routes-max",
            lines=(3,),
        ),
        Example(
            files={
                "app/views.py": """\
from fastapi import FastAPI


def add_reports(app: FastAPI) -> None:
    @app.get("/reports")
    def reports() -> list[str]:
        return []

    @app.get("/reports/{name}")
    def report(name: str) -> str:
        return name


def add_uploads(app: FastAPI) -> None:
    @app.post("/uploads")
    def upload() -> str:
        return "ok"
""",
                "app/main.py": """\
from fastapi import FastAPI

from app.views import add_reports, add_uploads


def create_app(mode: str) -> FastAPI:
    app = FastAPI()

    @app.get("/health")
    def health() -> str:
        return "ok"

    if mode == "reader":
        add_reports(app)
    else:
        add_uploads(app)
    return app
""",
            },
            config={"app-routes-max": 2},
            note="helpers called in branches that exclude one another: counted as the larger "
            "branch, the total named beside it (seen in harbor)",
            lines=(7,),
        ),
    )
    good = (
        Example(
            files={
                "kit/main.py": """\
from fastapi import FastAPI

from kit.datasets.service import load_cases

app = FastAPI(title="Kit")


@app.get("/cases")
async def cases() -> list[str]:
    return load_cases()
""",
                "kit/datasets/__init__.py": """\
from kit.datasets.service import create_dataset_service_app

__all__ = ["create_dataset_service_app"]
""",
                "kit/datasets/service.py": """\
from fastapi import FastAPI


def load_cases() -> list[str]:
    return ["a", "b"]


def create_dataset_service_app(name: str) -> FastAPI:
    app = FastAPI(title=f"{name} dataset service")

    @app.get("/v1/cases")
    async def cases() -> list[str]:
        return load_cases()

    return app
""",
            },
            note="a service app built by a factory the package only re-exports, for others to "
            "host: the main app imports its module for a helper, and nothing in the project "
            "builds it (seen in openviking's dataset service)",
        ),
        Example(
            files={
                "svc/__init__.py": "",
                "svc/web.py": """\
from fastapi import FastAPI

fastapi_app = FastAPI()
""",
                "svc/users.py": "from fastapi import APIRouter\n\nrouter = APIRouter()\n",
                "svc/app.py": """\
from svc.users import router
from svc.web import fastapi_app


@fastapi_app.get("/")
async def index() -> str:
    return "ok"


fastapi_app.include_router(router)
""",
            },
            note="a composition root: the app's module never imports it back, no cycle can "
            "arise (H6 jesse)",
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

from app.routes import router

app = FastAPI()
app.include_router(router)
""",
                "app/routes.py": """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/items")
async def items() -> list[str]:
    return []
""",
                "app/monitor.py": """\
from fastapi import FastAPI

app = FastAPI(title="Call monitor")


@app.get("/calls")
async def calls() -> list[str]:
    return []
""",
            },
            note="a separate service the main app never imports (started on its own command "
            "line) is not a stray app",
        ),
        Example(
            files={
                "svc/__init__.py": """\
from importlib import import_module

_EXPORTS = {"Client": ".client"}


def __getattr__(name: str):
    module_name = _EXPORTS[name]
    return getattr(import_module(module_name, __name__), name)
""",
                "svc/client.py": "class Client:\n    pass\n",
                "svc/main.py": """\
import svc
from fastapi import FastAPI

from svc.routes import router

app = FastAPI(title=svc.__name__)
app.include_router(router)
""",
                "svc/routes.py": """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/items")
async def items() -> list[str]:
    return []


@router.get("/orders")
async def orders() -> list[str]:
    return []
""",
                "svc/monitor.py": """\
from fastapi import FastAPI

app = FastAPI(title="Monitor")


@app.get("/calls")
async def calls() -> list[str]:
    return []
""",
            },
            note="the package the main app imports loads its parts by a computed name "
            "(`import_module(module_name)`, a lazy `__getattr__`): no evidence that it imports "
            "the separate service beside them",
        ),
        Example(
            files={
                "app/main.py": """\
import importlib

from fastapi import FastAPI

from app import chat

app = FastAPI()
FEATURES = {"/chat": "app.chat"}


def load_features(target: FastAPI) -> None:
    for prefix, path in FEATURES.items():
        target.mount(prefix, getattr(importlib.import_module(path), "app"))


load_features(app)
print(chat.__name__)
""",
                "app/chat.py": """\
from fastapi import FastAPI

app = FastAPI(title="Chat")


@app.get("/rooms")
async def rooms() -> list[str]:
    return []
""",
            },
            note="apps mounted by a run-time registry (`getattr(module, name)`): whether "
            "anything mounts the second app is unknown",
        ),
        Example(
            files={
                "svc/loader.py": """\
import importlib


def load_app(spec: str):
    module_name, attr = spec.split(":")
    module = importlib.import_module(module_name)
    found = getattr(module, attr)
    return found
""",
                "svc/main.py": """\
import os

from fastapi import FastAPI

from svc import chat
from svc.loader import load_app

app = FastAPI()


def serve() -> FastAPI:
    sub = load_app(os.environ["SUB_APP"])
    app.mount("/sub", sub)
    return app


print(chat.__name__)
""",
                "svc/chat.py": """\
from fastapi import FastAPI

app = FastAPI(title="Chat")


@app.get("/rooms")
async def rooms() -> list[str]:
    return []
""",
            },
            note="an app a helper of another module looks up at run time (it returns "
            "`getattr(module, name)`), mounted by the caller: whether it is the second app "
            "is unknown",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/admin.py": "from fastapi import FastAPI\n\nadmin_app = FastAPI()\n",
                "app/main.py": """\
from fastapi import FastAPI

from app.admin import admin_app

app = FastAPI()


@app.get("/items")
async def items() -> list[str]:
    return []
""",
                "app/wiring.py": """\
from app.admin import admin_app
from app.main import app

app.mount("/admin", admin_app
""",
            },
            note="a module that does not parse may be the one that mounts the second app: "
            "the absence of a mount is not asserted on an incomplete model",
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

from app.metrics import launch_metrics

app = FastAPI()
launch_metrics(9090)
""",
                "app/metrics.py": """\
import asyncio

import uvicorn
from fastapi import FastAPI


def launch_metrics(port: int) -> None:
    app = FastAPI()

    @app.get("/metrics")
    async def metrics() -> str:
        return ""

    async def main() -> None:
        server = uvicorn.Server(uvicorn.Config(app, port=port))
        await server.serve()

    asyncio.run(main())
""",
            },
            note="an exporter app served by `uvicorn.Server(uvicorn.Config(app))` from a "
            "coroutine nested in its factory (the closure's `app`)",
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

from app.server import SocketServer

app = FastAPI()


@app.get("/")
async def root() -> dict[str, str]:
    return {"ok": "yes"}
""",
                "app/sockets.py": """\
from fastapi import FastAPI


def build_socket_app() -> FastAPI:
    socket_app = FastAPI()

    @socket_app.get("/status")
    async def status() -> dict[str, str]:
        return {"ok": "yes"}

    return socket_app
""",
                "app/server.py": """\
import uvicorn

from app.sockets import build_socket_app


class SocketServer:
    def __init__(self, handler) -> None:
        self.handler = handler

    @property
    def app(self):
        return self.handler.make_app(build_socket_app)

    async def setup(self) -> None:
        self.server = uvicorn.Server(uvicorn.Config(app=self.app, port=0))
""",
            },
            note="a server class serves an app the model cannot resolve (`Config(app=self.app)`, "
            "a property building one of several apps): which app is served is unknown, so "
            "'a second app nothing serves' is not claimed (seen in jina)",
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

app = FastAPI()
""",
                "app/widgets.py": """\
from fastapi import Request

from app.main import app


class Upload:
    def __init__(self, widget_id: str) -> None:
        @app.post(f"/_upload/{widget_id}")
        async def upload(request: Request) -> dict[str, str]:
            return {"id": widget_id}
""",
            },
            note="a route each object registers on the app while the code runs (a per-instance "
            "URL) cannot live on an APIRouter included at start-up",
        ),
        Example(
            files={
                "app/posts/router.py": """\
from fastapi import APIRouter

router = APIRouter(prefix="/posts", tags=["posts"])


@router.get("")
async def list_posts() -> list[str]:
    return []
""",
                "app/main.py": """\
from fastapi import FastAPI

from app.posts.router import router as posts_router

app = FastAPI()
app.include_router(posts_router)
""",
            },
            note="the catalogue's layout",
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI
from starlette.routing import Mount

from app.admin import admin_app
from app.v1 import create_v1

legacy = FastAPI()
app = FastAPI(routes=[Mount("/legacy", app=legacy)])
app.mount("/admin", admin_app)
app.mount("/v1", create_v1())
""",
                "app/admin.py": """\
from fastapi import FastAPI

admin_app = FastAPI()


@admin_app.get("/stats")
async def stats() -> dict[str, int]:
    return {}
""",
                "app/v1.py": """\
from fastapi import FastAPI


def create_v1() -> FastAPI:
    v1 = FastAPI()

    @v1.get("/ping")
    async def ping() -> str:
        return "pong"

    return v1
""",
            },
            note="mounted sub-applications (by name, through a factory, and with Mount())",
        ),
        Example(
            files={
                "app/factory.py": """\
from fastapi import FastAPI


def create_app() -> FastAPI:
    app = FastAPI()

    @app.get("/health")
    async def health() -> str:
        return "ok"

    return app
""",
                "app/main.py": """\
from fastapi import FastAPI

from app.factory import create_app
from app.extra import register

app = create_app()
register(app)


@app.get("/version")
async def version() -> str:
    return "1"
""",
                "app/extra.py": """\
from fastapi import FastAPI


def register(app: FastAPI) -> None:
    @app.get("/extra")
    async def extra() -> str:
        return "x"
""",
                "tests/conftest.py": """\
from fastapi import FastAPI

test_app = FastAPI()


@test_app.get("/boom")
async def boom() -> None:
    raise RuntimeError
""",
            },
            note="an app factory, a register(app) helper, and a test app: no circular import",
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

from app import routes

app = FastAPI()
app.include_router(routes.router)
""",
                "app/routes.py": """\
from fastapi import APIRouter

router = APIRouter()

app = APIRouter(prefix="/app")


@app.get("/x")
async def x() -> str:
    return "x"


@router.get("/y")
async def y() -> str:
    return "y"
""",
                "app/wsgi.py": """\
from flask import Flask
from starlette.applications import Starlette

flask_app = Flask(__name__)
star = Starlette()


@flask_app.get("/legacy")
def legacy() -> str:
    return "old"
""",
            },
            note="a router named `app`, Flask and Starlette applications are not FastAPI apps",
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

from app.main_routes import router

app = FastAPI()
app.include_router(router)


@app.get("/a")
def a() -> int:
    return 1


@app.get("/b")
def b() -> int:
    return 2
""",
                "app/main_routes.py": """\
from fastapi import APIRouter

from app.main import app as application

router = APIRouter()
application.state.ready = True


@router.get("/c")
def c() -> int:
    return 3
""",
            },
            config={"app-routes-max": 2},
            note="at the threshold; importing the app without decorating it is fine",
        ),
        Example(
            files={
                "app/main.py": """\
import os

from fastapi import FastAPI

app = FastAPI()

if os.environ.get("MODE") == "admin":

    @app.get("/users")
    def users() -> list[str]:
        return []

    @app.delete("/users/{name}")
    def drop(name: str) -> None:
        return None

else:

    @app.get("/posts")
    def posts() -> list[str]:
        return []

    @app.get("/posts/{slug}")
    def post(slug: str) -> str:
        return slug
""",
            },
            config={"app-routes-max": 2},
            note="four routes, but two at most in one run: the branches exclude one another",
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

from app.routes import router

app = FastAPI()
app.include_router(router)
""",
                "app/routes.py": """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/items")
async def items() -> list[str]:
    return []
""",
                "app/cli/login.py": """\
import uvicorn
from fastapi import FastAPI

login_api = FastAPI()


@login_api.post("/callback")
async def callback() -> None:
    return None


async def serve_login() -> None:
    config = uvicorn.Config(login_api, port=0)
    await uvicorn.Server(config).serve()
""",
                "app/worker/health.py": """\
from uvicorn import run as serve
from fastapi import FastAPI


def build_health_app() -> FastAPI:
    health = FastAPI()

    @health.get("/health")
    async def ok() -> str:
        return "ok"

    return health


def start() -> None:
    serve(build_health_app(), port=8001)
""",
                "app/logs/server.py": """\
import uvicorn
from fastapi import FastAPI


def create_log_app() -> FastAPI:
    log_app = FastAPI()
    return log_app


def get_log_app() -> FastAPI:
    return create_log_app()


def main() -> None:
    uvicorn.run("app.logs.server:get_log_app", factory=True)
""",
                "app/runner.py": """\
import asyncio

import uvicorn
from fastapi import FastAPI


def run_sync(coro):
    return asyncio.run(coro)


async def build_server() -> FastAPI:
    webserver = FastAPI()
    return webserver


def start() -> None:
    webserver = run_sync(build_server())
    uvicorn.run(webserver, port=8002)
    status = FastAPI()
    uvicorn.run(app=status)
""",
            },
            note="side servers the project runs itself (uvicorn.Config, an aliased uvicorn.run on a "
            "factory, an import string naming a factory of a factory, a coroutine runner's result, "
            "app=) are not stray apps",
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

from app.plugins import load_auth_manager

app = FastAPI()
manager = load_auth_manager()
if (sub := manager.get_fastapi_app()) is not None:
    app.mount("/auth", sub)
""",
                "app/plugins.py": """\
from fastapi import FastAPI


class SimpleAuthManager:
    def get_fastapi_app(self) -> FastAPI:
        auth_app = FastAPI()

        @auth_app.post("/token")
        async def token() -> str:
            return "t"

        return auth_app


def load_auth_manager() -> SimpleAuthManager:
    return SimpleAuthManager()
""",
            },
            note="an app built by a plugin hook method, mounted through an interface",
        ),
        Example(
            files={
                "pkg/__init__.py": "",
                "pkg/core.py": "app = None\n",
                "pkg/app.py": """\
from fastapi import FastAPI


class App(FastAPI):
    pass
""",
                "pkg/main.py": """\
from . import core
from .app import App

core.app = app = App()


@app.get("/ping")
def ping() -> dict[str, str]:
    return {"ok": "yes"}
""",
            },
            note="a chained assignment of an instance of a FastAPI subclass from the module `app`: "
            "the routes are declared on the app made here, not on one imported",
        ),
        Example(
            files={
                "svc/main.py": """\
import subprocess
import sys

from fastapi import FastAPI

from svc import gateway, status
from svc.tenants import tenant_app

app = FastAPI()
app.host("{tenant}.example.com", tenant_app)


@app.get("/ping")
def ping() -> str:
    return "pong"


def start_side_servers() -> None:
    subprocess.Popen([sys.executable, "-m", "gunicorn", f"{gateway.__name__}:create_gateway()"])
    subprocess.Popen(["uvicorn", "svc.status:status_app", "--port", "9000"])
""",
                "svc/gateway.py": """\
from fastapi import FastAPI


def create_gateway() -> FastAPI:
    return FastAPI(title="gateway")
""",
                "svc/status.py": "from fastapi import FastAPI\n\nstatus_app = FastAPI()\n",
                "svc/tenants.py": "from fastapi import FastAPI\n\ntenant_app = FastAPI()\n",
            },
            note="a sub-application mounted with app.host(), and separate servers the project "
            "starts through import strings (gunicorn, uvicorn command lines): not stray apps",
        ),
        Example(
            files={
                "svc/items.py": """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/items")
async def items() -> list[str]:
    return []
""",
                "svc/service.py": """\
from fastapi import FastAPI

from svc.items import router


class Service:
    def __init__(self) -> None:
        self.app = FastAPI()
        self.app.include_router(router)
""",
                "svc/entry.py": """\
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from svc.service import Service


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.router.routes = Service().app.routes
    yield


app = FastAPI(lifespan=lifespan)
app.add_middleware(CORSMiddleware, allow_origins=["*"])
""",
            },
            note="an app kept by a service object, and a shell app without routes of its own "
            "that takes them over at start-up: no routes are left unserved",
        ),
        Example(
            files={
                "hub/main.py": """\
from fastapi import FastAPI

from hub.panel import register_panel

app = FastAPI()


@app.get("/")
async def index() -> str:
    return "hub"


@app.on_event("startup")
async def start() -> None:
    await register_panel(app.state.registry)
""",
                "hub/panel.py": """\
from fastapi import FastAPI


async def dispatch(asgi_app, scope, receive, send) -> None:
    await asgi_app(scope, receive, send)


async def register_panel(registry) -> None:
    panel = FastAPI()
    status = FastAPI()

    @panel.get("/")
    async def page() -> str:
        return "panel"

    @status.get("/")
    async def ok() -> str:
        return "ok"

    async def serve(scope, receive, send) -> None:
        await panel(scope, receive, send)

    async def serve_status(scope, receive, send) -> None:
        await dispatch(status, scope, receive, send)

    await registry.register({"type": "asgi", "serve": serve})
    await registry.register({"type": "asgi", "serve": serve_status})
""",
            },
            note="apps the project calls as ASGI itself, directly or through a helper that "
            "does (`await app(scope, receive, send)` in a service registry's handler, seen in "
            "hypha): they are served",
        ),
    )
