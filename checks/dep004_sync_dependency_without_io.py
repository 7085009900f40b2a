from __future__ import annotations

import ast
import builtins
import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from auditor import names
from auditor.astwalk import walk
from auditor.check import FILE_CLASSES, Check, Example, Hit, Severity, snippet, when
from auditor.lazyre import lazy_compile
from auditor.project import Project
from auditor.source_edits import Where, edit_statement, span_of, where
from auditor.walker import ModuleContext, Scope

#: Calls that cannot block (the catalogue's allowlist), by canonical name.
ALLOWED_CALLS = frozenset(
    {
        f"builtins.{n}"
        for n in "len int str float bool isinstance min max abs sorted dict list set tuple getattr".split()
    }
    | {
        "datetime.datetime.now",
        "datetime.date.today",
        "fastapi.HTTPException",
        "starlette.exceptions.HTTPException",
    }
)
BUILTIN_EXCEPTIONS = frozenset(
    f"builtins.{n}"
    for n in dir(builtins)
    if isinstance(getattr(builtins, n), type) and issubclass(getattr(builtins, n), BaseException)
)
#: Parameter types whose methods are pure (``q.strip()``).
BUILTIN_TYPES = frozenset(
    f"builtins.{n}"
    for n in ("str", "int", "float", "bool", "bytes", "list", "dict", "set", "tuple", "frozenset")
)


@dataclass
class _State:
    refs: set[str] = field(default_factory=set)
    sync_calls: set[str] = field(default_factory=set)  # project functions a sync scope calls
    bad: set[str] = field(default_factory=set)
    deferred: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)
    overridden: set[str] = field(default_factory=set)  # ``app.dependency_overrides[dep] = ...``
    redefined: set[bytes] | None = None  # names the text defines more than once (lazily)
    rebound: dict[ast.FunctionDef, frozenset[str]] = field(default_factory=dict)  # per function


def _state(ctx: ModuleContext) -> _State:
    return ctx.state(_State)


def _builtin_annotation(ann: ast.expr | None, ctx: ModuleContext) -> bool:
    """``str``, ``list[int]``, ``str | None``, ``Optional[str]``."""
    if ann is None:
        return False
    if isinstance(ann, ast.BinOp) and isinstance(ann.op, ast.BitOr):
        sides = [ann.left, ann.right]
        return all(
            (isinstance(s, ast.Constant) and s.value is None) or _builtin_annotation(s, ctx)
            for s in sides
        ) and any(not (isinstance(s, ast.Constant) and s.value is None) for s in sides)
    if isinstance(ann, ast.Subscript):
        head = ctx.resolve(ann.value)
        if head in ("typing.Optional", "typing_extensions.Optional"):
            return _builtin_annotation(ann.slice, ctx)
        return head in BUILTIN_TYPES
    return ctx.resolve(ann) in BUILTIN_TYPES


def _rebound(fn: ast.FunctionDef, name: str) -> bool:
    for n in walk(fn):
        if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, (ast.Store, ast.Del)):
            return True
    return False


def _rebound_names(fn: ast.FunctionDef) -> frozenset[str]:
    """Every name ``fn`` (nested scopes included) assigns or deletes: ``_rebound(fn, name)``
    is ``name in _rebound_names(fn)``, one walk of the function for all its names."""
    return frozenset(
        n.id
        for n in walk(fn)
        if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del))
    )


def _rebound_in(fn: ast.FunctionDef, name: str, st: _State) -> bool:
    """``_rebound(fn, name)``, the function walked once per module (memoized in ``st``)."""
    found = st.rebound.get(fn)
    if found is None:
        found = st.rebound[fn] = _rebound_names(fn)
    return name in found


def _candidate(scope: Scope) -> bool:
    """The function of ``scope`` may be reported (as ``leave_FunctionDef`` can tell before
    its end): a sync, undecorated ``def`` that is not a method.  The calls of any other
    function need no verdict."""
    node = scope.node
    fn = scope.function
    return (
        type(node) is ast.FunctionDef
        and not node.decorator_list
        and (fn is None or fn.class_qname is None)
    )


_DEF_NAME = lazy_compile(rb"def(?:\s|\\)+([^\s(\\]+)")
_WORD_BYTE = lazy_compile(rb"\w")


def _def_names(source: bytes) -> Iterator[bytes]:
    """The names the module's ``def`` statements spell (``def`` at a word boundary, then
    spaces or backslashes, then the name), in order.  ``def`` is searched for and the
    boundary tested by hand: a pattern that starts with a word boundary has no literal prefix
    to search for (about 5x slower over a module's text)."""
    pos = 0
    search = _DEF_NAME.search
    while (m := search(source, pos)) is not None:
        start = m.start()
        if start and _WORD_BYTE.match(source, start - 1):
            pos = start + 1  # ``undef x``: no boundary before ``def``, look on from the next byte
            continue
        yield m.group(1)
        pos = m.end()


def _redefined(scope: Scope, ctx: ModuleContext, st: _State) -> bool:
    """The function of ``scope`` has a name the module defines more than once: its verdicts
    (kept by qualified name) may be read by a plain ``def`` of the same name after it."""
    if st.redefined is None:
        seen: set[bytes] = set()
        st.redefined = set()
        for name in _def_names(ctx.source):
            if name in seen:
                st.redefined.add(name)
            seen.add(name)
    return scope.node.name.encode() in st.redefined  # type: ignore[union-attr]


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    function: str | None = None
    deferred: tuple[tuple[str, bool], ...] = ()  # (callee, called in a ``raise``)
    where: Where | None = None
    kind: str | None = None
    refs: tuple[str, ...] = ()
    overridden: tuple[str, ...] = ()
    sync_calls: tuple[str, ...] = ()


def _stub(fn: ast.FunctionDef) -> bool:
    """A placeholder body: (a docstring and) only ``raise NotImplementedError(...)``."""
    body = fn.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    if len(body) != 1 or not isinstance(body[0], ast.Raise) or body[0].exc is None:
        return False
    exc = body[0].exc
    if isinstance(exc, ast.Call):
        exc = exc.func
    return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"


class SyncDependencyWithoutIo(Check):
    """
    ## What it does
    Reports a sync `def` dependency (F5) — not a generator, not a method, not decorated —
    whose body provably does no I/O: it has no `with` statement, no import, no nested
    function or class, calls methods only on its own parameters of builtin types
    (`q.strip().lower()`) and on string literals (`", ".join(...)`), and calls nothing but
    `len`, `int`, `str`, `float`, `bool`, `isinstance`, `min`, `max`, `abs`, `sorted`,
    `dict`, `list`, `set`, `tuple`, `getattr`, `datetime.now`, `date.today`,
    `HTTPException`, exceptions being raised, and the
    constructors of project Pydantic models (settings classes excluded: they read the
    environment and `.env` files).  Any other call disqualifies the function.  A
    dependency the application itself replaces (`app.dependency_overrides[dep] = impl`
    outside tests) never runs, and a placeholder whose body only raises
    `NotImplementedError` does no work: neither is reported.  Off by default.

    ## Why is this bad?
    FastAPI runs every sync dependency in its threadpool (40 threads by default).  For a
    body that only reshapes its arguments, like a pagination helper, the thread hop costs
    more than the work and takes a slot that blocking code needs.  [zhanymkanov README]
    and [ForgeAPI guide] say "Prefer `async` dependencies".  The official FastAPI
    guidance is "in doubt, use `def`" (Disagreement D7), which is why this rule only fires
    when the body cannot block, and is opt-in.

    ## Example
    ```python
    def pagination(skip: int = 0, limit: int = 100) -> dict[str, int]:
        return {"skip": skip, "limit": min(limit, 100)}
    ```

    ## Use instead
    ```python
    async def pagination(skip: int = 0, limit: int = 100) -> dict[str, int]:
        return {"skip": skip, "limit": min(limit, 100)}
    ```

    ## Fix safety
    The fix adds `async`.  It is offered only when the function is never called directly
    anywhere in the project (tests and scripts included) nor passed to another call as a
    callback: a direct caller would receive a coroutine instead of the value.

    ## Known problems
    A function stored in a variable or a container and called from there is not seen as
    called, so check the fix in that case.  Attribute reads are not calls, so a property that
    does I/O (`request.client.host` does not, a lazy ORM relationship would) is not noticed.

    ## References
    - [zhanymkanov README], [ForgeAPI guide] ("Prefer `async` dependencies")
    - FastAPI docs, "Concurrency and async / await" and the FastAPI skill ("in doubt, use `def`")
    """

    id = "DEP004"
    name = "sync-dependency-without-io"
    category = "dependencies"
    severity = Severity.INFO
    default_enabled = False
    heuristic = True
    file_classes = frozenset(FILE_CLASSES)  # calls from tests and scripts matter to the fix
    message = "sync dependency without I/O runs in the threadpool"
    fix_title = "Make it `async def`"
    fix_safe = False  # direct callers through variables would get a coroutine
    sources = ("zhanymkanov README", "ForgeAPI guide")

    # -- facts collected while the walk is inside a function -------------------------------
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        q = ctx.resolve(node.func)
        st = _state(ctx)
        if q is not None and ctx.is_project(q):
            st.refs.add(q)
            if not _in_async_function(ctx):
                st.sync_calls.add(q)
        if q not in names.DEPENDS:
            for a in [*node.args, *(k.value for k in node.keywords)]:
                if isinstance(a, ast.Starred):
                    a = a.value
                if isinstance(a, (ast.Name, ast.Attribute)):
                    rq = ctx.resolve(a)
                    if rq is not None and ctx.is_project(rq):
                        st.refs.add(rq)
        if ctx.file_class != "app":
            return
        scope: Scope | None = ctx.scope
        while scope is not None and scope.kind != "function":
            scope = scope.parent
        if scope is None or not (_candidate(scope) or _redefined(scope, ctx, st)):
            return  # only a plain ``def`` of a module or function is reported: no verdict
        fq = scope.qname
        if fq in st.bad:
            return
        verdict = self._classify(node, q, ctx)
        if verdict == "bad":
            st.bad.add(fq)
        elif verdict is not None:
            st.deferred.setdefault(fq, []).append(verdict)

    def _classify(self, node: ast.Call, q: str | None, ctx: ModuleContext):
        """None: allowed; "bad": disqualifying; (qname, in_raise): for the judge."""
        parent = ctx.parent
        in_raise = isinstance(parent, ast.Raise) and parent.exc is node
        if q in ALLOWED_CALLS:
            return None
        if q in BUILTIN_EXCEPTIONS and in_raise:
            return None
        if q is not None and ctx.is_project(q):
            return (q, in_raise)
        func = node.func
        if isinstance(func, ast.Attribute):
            recv = func.value
            if isinstance(recv, ast.Constant) and isinstance(recv.value, (str, bytes)):
                return None  # ``", ".join(...)``
            fn_node = ctx.scope.node
            while isinstance(recv, ast.Call) and isinstance(recv.func, ast.Attribute):
                recv = (
                    recv.func.value
                )  # ``name.strip().lower()``: a builtin's methods return builtins
            if (
                isinstance(recv, ast.Name)
                and ctx.scope.kind == "function"
                and isinstance(fn_node, ast.FunctionDef)
            ):
                a = fn_node.args
                for p in (*a.posonlyargs, *a.args, *a.kwonlyargs):
                    if p.arg == recv.id:
                        if _builtin_annotation(p.annotation, ctx) and not _rebound_in(
                            fn_node, p.arg, _state(ctx)
                        ):
                            return None
                        break
        return "bad"

    @when(names=("dependency_overrides",))
    def visit_Attribute(self, node: ast.Attribute, ctx: ModuleContext) -> None:
        # Application code (not tests) that swaps a dependency for another
        # (``app.dependency_overrides[dep] = impl``): FastAPI calls the override, never the
        # replaced function, so the replaced body says nothing.
        if ctx.file_class != "app" or node.attr != "dependency_overrides":
            return
        parents = ctx.parents
        if len(parents) < 2:
            return
        sub, stmt = parents[-1], parents[-2]
        if not (
            isinstance(sub, ast.Subscript)
            and sub.value is node
            and isinstance(sub.ctx, ast.Store)
            and isinstance(stmt, ast.Assign)
        ):
            return
        q = ctx.resolve(sub.slice)
        if q is not None and ctx.is_project(q):
            _state(ctx).overridden.add(q)

    def _disqualify(self, ctx: ModuleContext) -> None:
        fq = ctx.enclosing_function_qname()
        if fq is not None:
            _state(ctx).bad.add(fq)

    def visit_With(self, node: ast.With, ctx: ModuleContext) -> None:
        self._disqualify(ctx)

    def visit_Import(self, node: ast.Import, ctx: ModuleContext) -> None:
        self._disqualify(ctx)

    def visit_ImportFrom(self, node: ast.ImportFrom, ctx: ModuleContext) -> None:
        self._disqualify(ctx)

    def visit_ClassDef(self, node: ast.ClassDef, ctx: ModuleContext) -> None:
        self._disqualify(ctx)

    def visit_FunctionDef(self, node: ast.FunctionDef, ctx: ModuleContext) -> None:
        self._disqualify(ctx)  # a nested def disqualifies the function around it

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef, ctx: ModuleContext) -> None:
        self._disqualify(ctx)

    def leave_FunctionDef(self, node: ast.FunctionDef, ctx: ModuleContext) -> None:
        if ctx.file_class != "app" or node.decorator_list:
            return
        qname = ctx.child_qname(node.name)
        facts = ctx.facts.functions.get(qname)
        st = _state(ctx)
        if facts is None or facts.is_generator or facts.class_qname is not None or qname in st.bad:
            return
        if _stub(node):
            return  # a placeholder meant to be replaced (``dependency_overrides``), not work
        ctx.report(
            node,
            data=_Data(
                function=qname,
                deferred=tuple(st.deferred.get(qname, ())),
                where=where(ctx, node),
            ),
        )

    def leave_Module(self, node: ast.Module, ctx: ModuleContext) -> None:
        st = _state(ctx)
        if st.refs or st.overridden:
            ctx.report(
                node,
                "",
                data=_Data(
                    kind="refs",
                    refs=tuple(sorted(st.refs)),
                    overridden=tuple(sorted(st.overridden)),
                    sync_calls=tuple(sorted(st.sync_calls)),
                ),
            )

    # -- project ------------------------------------------------------------------------
    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        called: set[str] = set()
        sync_called: set[str] = set()
        overridden: set[str] = set()
        for h in hits:
            if h.payload(_Data).kind == "refs":
                for q in h.payload(_Data).refs:
                    called.add(q)
                    fn = project.function(q)
                    if fn is not None:
                        called.add(fn.qname)
                for q in h.payload(_Data).sync_calls:
                    fn = project.function(q)
                    sync_called.add(fn.qname if fn is not None else q)
                for q in h.payload(_Data).overridden:
                    fn = project.function(q)
                    overridden.add(fn.qname if fn is not None else q)
        deps = project.dependency_functions
        out = []
        for h in hits:
            if h.payload(_Data).kind == "refs":
                continue
            qname = h.payload(_Data).function
            fn = deps.get(qname or "")
            if fn is None or fn.is_async or fn.qname in overridden:
                continue  # an overridden dependency never runs: FastAPI calls its replacement
            if not all(
                _allowed(project, q, in_raise) for q, in_raise in h.payload(_Data).deferred or ()
            ):
                continue
            if fn.qname in sync_called:
                # sync code calls it directly: as `async def` it would hand that code a
                # coroutine, so only a wrapper can take it off the threadpool
                out.append(
                    dataclasses.replace(
                        h,
                        message=f"sync dependency `{fn.name}` does no I/O but runs in the "
                        f"threadpool: depend on an `async def` wrapper that returns "
                        f"`{fn.name}()` (sync code calls it directly, so it cannot become "
                        "`async def` itself)",
                        fixable=False,
                        fix_title=f"Depend on an `async def` wrapper of `{fn.name}`",
                    )
                )
                continue
            fixable = qname not in called
            out.append(
                dataclasses.replace(
                    h,
                    message=f"sync dependency `{fn.name}` does no I/O but runs in the threadpool: make it `async def`",
                    fixable=fixable,
                    fix_title="Make it `async def`"
                    if fixable
                    else f"Make it `async def` and await it where `{fn.name}()` is called directly",
                )
            )
        return out

    def fix(self, source: str, hit: Hit, project: Project) -> str | None:
        return edit_statement(
            source,
            hit.line,
            lambda m, off: _make_async(m, hit, off),
            span_of(hit.payload(_Data).where),
        )

    bad = (
        snippet(
            """\
from typing import Annotated

from fastapi import Depends, FastAPI

app = FastAPI()


def pagination(skip: int = 0, limit: int = 100) -> dict[str, int]:
    return {"skip": skip, "limit": min(limit, 100)}


@app.get("/items")
async def list_items(page: Annotated[dict[str, int], Depends(pagination)]) -> dict[str, int]:
    return page
""",
            lines=(8,),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -6,5 +6,5 @@
 
 
-def pagination(skip: int = 0, limit: int = 100) -> dict[str, int]:
+async def pagination(skip: int = 0, limit: int = 100) -> dict[str, int]:
     return {"skip": skip, "limit": min(limit, 100)}
 
""",
            ),
        ),
        snippet(
            """\
from typing import Annotated

from fastapi import Depends, FastAPI
from pydantic import BaseModel

app = FastAPI()


class Store(BaseModel):
    items: tuple[str, ...] = ()


def get_store() -> Store:
    return Store()


@app.get("/items")
async def list_items(store: Annotated[Store, Depends(get_store)]) -> list[str]:
    return list(store.items)


def print_items() -> None:
    print(get_store().items)


async def count_items() -> int:
    return len(get_store().items)
""",
            note="a sync command calls the dependency directly: an `async def` wrapper, not "
            "`async def` itself",
            lines=(13,),
        ),
        Example(
            files={
                "app/deps.py": """\
from datetime import datetime

from fastapi import Header, HTTPException
from pydantic import BaseModel

from app.errors import Forbidden


class Window(BaseModel):
    start: datetime
    size: int


def window(size: int = 10) -> Window:
    if size > 100:
        raise HTTPException(status_code=400, detail="too big")
    return Window(start=datetime.now(), size=max(1, size))


def tenant(x_tenant: str = Header("")) -> str:
    name = x_tenant.strip().lower()
    if not name:
        raise Forbidden()
    return ", ".join(sorted({name, "default"}))
""",
                "app/errors.py": "class Forbidden(Exception):\n    pass\n",
                "app/main.py": """\
from fastapi import Depends, FastAPI

from app.deps import tenant, window

app = FastAPI()


@app.get("/")
def root(w=Depends(window), t: str = Depends(tenant)) -> dict:
    return {}
""",
                "tests/test_deps.py": "from app.deps import window\n\n\ndef test_window() -> None:\n    assert window(5).size == 5\n",
                "tests/conftest.py": """\
from app.deps import tenant
from app.main import app

app.dependency_overrides[tenant] = lambda: "test"
""",
            },
            note="model constructors, raised exceptions, parameter methods; `window` is called in a test: "
            "report only; a test's `dependency_overrides` does not replace `tenant` in production",
            lines=(14, 20),
            fixes=(
                """\
--- a/app/deps.py
+++ b/app/deps.py
@@ -18,5 +18,5 @@
 
 
-def tenant(x_tenant: str = Header("")) -> str:
+async def tenant(x_tenant: str = Header("")) -> str:
     name = x_tenant.strip().lower()
     if not name:
""",
            ),
        ),
    )
    good = (
        snippet(
            """\
from typing import Annotated

from fastapi import Depends, FastAPI

app = FastAPI()


async def pagination(skip: int = 0, limit: int = 100) -> dict[str, int]:
    return {"skip": skip, "limit": min(limit, 100)}


def load_flags() -> dict[str, bool]:
    with open("flags.json") as fh:
        return {"beta": "beta" in fh.read()}


@app.get("/items")
async def list_items(
    page: Annotated[dict[str, int], Depends(pagination)],
    flags: Annotated[dict[str, bool], Depends(load_flags)],
) -> dict[str, int]:
    return page
"""
        ),
        snippet(
            """\
from functools import lru_cache

import requests
from fastapi import Depends, FastAPI, Request
from pydantic_settings import BaseSettings

app = FastAPI()


class Settings(BaseSettings):
    debug: bool = False


@lru_cache
def get_settings() -> Settings:
    return Settings()


def settings_dep() -> Settings:
    return Settings()


def rate(request: Request) -> float:
    return float(requests.get("https://rates.example.com", timeout=5).text)


def client_ip(request: Request) -> str:
    return request.headers.get("x-forwarded-for", "")


def get_db():
    yield "session"


class Paginator:
    def __init__(self, page: int = 1) -> None:
        self.page = page


def helper(limit: int = 10) -> int:
    return min(limit, 100)


@app.get("/")
def root(
    s: Settings = Depends(get_settings),
    s2: Settings = Depends(settings_dep),
    r: float = Depends(rate),
    ip: str = Depends(client_ip),
    db: str = Depends(get_db),
    p: Paginator = Depends(Paginator),
) -> dict:
    return {}
""",
            note="cached settings, settings constructors, blocking calls, methods on non-builtin parameters, "
            "generators, class dependencies, non-dependencies",
        ),
        Example(
            files={
                "app/deps.py": """\
def get_store() -> dict[str, str]:
    raise NotImplementedError("replaced by create_app()")


def get_limits() -> dict[str, int]:
    return {"limit": 10}
""",
                "app/main.py": """\
from fastapi import Depends, FastAPI

from app.deps import get_limits, get_store


def create_app(store: dict[str, str]) -> FastAPI:
    app = FastAPI()

    @app.get("/")
    def root(s=Depends(get_store), lim=Depends(get_limits)) -> dict:
        return {}

    app.dependency_overrides[get_store] = lambda: store
    app.dependency_overrides[get_limits] = lambda: {"limit": len(store)}
    return app
""",
            },
            note="placeholders the app factory replaces through `dependency_overrides`: FastAPI "
            "calls the override, never these bodies",
        ),
        Example(
            files={
                "app/main.py": """\
import os

import httpx
from fastapi import Depends, FastAPI

app = FastAPI()

if os.environ.get("REMOTE_DB"):

    async def get_db() -> dict:
        return httpx.get("http://db/info").json()

else:

    def get_db() -> dict:
        return {"db": "memory"}


@app.get("/")
def root(db: dict = Depends(get_db)) -> dict:
    return db
""",
            },
            note="a plain `def` under the name of one that does I/O: the two are one dependency "
            "to the check (its verdicts are kept by qualified name)",
        ),
    )


def _in_async_function(ctx: ModuleContext) -> bool:
    """The innermost function around the current node is an ``async def`` (a lambda, a
    plain ``def`` or the module level is sync code)."""
    scope: Scope | None = ctx.scope
    while scope is not None and scope.kind == "class":
        scope = scope.parent
    return scope is not None and scope.kind == "function" and scope.is_async


def _allowed(project: Project, q: str, in_raise: bool) -> bool:
    cls = project.class_(q)
    if cls is None:
        return False
    if project.is_pydantic_model(cls.qname):
        return not project.is_settings_class(cls.qname)
    if in_raise:
        anc = project.ancestors(cls.qname)
        return bool(anc & BUILTIN_EXCEPTIONS) or bool(
            anc & {"fastapi.HTTPException", "starlette.exceptions.HTTPException"}
        )
    return False


def _make_async(module, hit: Hit, offset: int):
    import libcst as cst

    from auditor.fixes import locate, replace_node

    found = locate(module, cst.FunctionDef, (hit.line or 0) - offset, hit.column)
    if len(found) != 1 or found[0].asynchronous is not None:
        return None
    fn = found[0]
    return replace_node(module, fn, fn.with_changes(asynchronous=cst.Asynchronous()))
