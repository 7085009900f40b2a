from __future__ import annotations

import ast
import builtins
import dataclasses
import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from auditor import names
from auditor.check import Check, Example, Hit, Severity, snippet
from auditor.lazyre import lazy_compile
from auditor.project import Project
from auditor.source_edits import (
    Where,
    edit_statement,
    header_end_of,
    header_import,
    line_text,
    module_names,
    runtime_imports,
    span_of,
    where,
)
from auditor.walker import ModuleContext, Scope

ANNOTATED = ("typing.Annotated", "typing_extensions.Annotated")
#: How many signatures must repeat one ``Depends(f)`` before a shared alias is suggested.
ALIAS_MIN = 3


def _text(node: ast.AST, limit: int = 60) -> str:
    try:
        text = " ".join(ast.unparse(node).split())
    except Exception:  # pragma: no cover
        return "..."
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _annotated_spelling(
    ctx: ModuleContext, modules: tuple[str, ...] = ("typing", "typing_extensions")
) -> tuple[str, str | None] | None:
    """How to write ``Annotated`` here: (text, module to import it from, or None).

    ``modules`` are the modules whose own import may be reused (``typing.Annotated``); for a
    Python target below 3.9 only ``typing_extensions`` has it, and a new import comes from
    there (:meth:`AnnotatedDependencies.fix`)."""
    facts = ctx.facts
    runtime = runtime_imports(ctx)
    for local, target in facts.imports.items():
        if target in ANNOTATED:
            return (local, None) if local in runtime else None
    for local, target in facts.imports.items():
        if target in modules and local in runtime:
            return f"{local}.Annotated", None
    if "Annotated" in facts.imports or "Annotated" in module_names(ctx):
        return None
    return "Annotated", modules[0]


def _source(ctx: ModuleContext, node: ast.AST, limit: int) -> str:
    """The node's text as written (one line), else as unparsed."""
    line, end = getattr(node, "lineno", None), getattr(node, "end_lineno", None)
    if line is not None and line == end:
        raw = line_text(ctx, line)[node.col_offset : node.end_col_offset]  # type: ignore[attr-defined]
        text = raw.decode("utf-8", errors="replace")
        return text if len(text) <= limit else text[: limit - 1] + "…"
    return _text(node, limit)


def _short_call(ctx: ModuleContext, call: ast.Call, limit: int) -> str:
    """``call`` as written when short enough, else elided at an argument boundary
    (``Depends(get_session, …)``, ``Query(…)``) rather than in the middle of a token.
    The elision is ``…``, never ``...``, which means "required" in ``Query(...)``."""
    full = _source(ctx, call, 10_000)
    if len(full) <= limit:
        return full
    func = _source(ctx, call.func, limit)
    if call.args and isinstance(call.args[0], (ast.Name, ast.Attribute)):
        first = f"{func}({_source(ctx, call.args[0], limit)}, …)"
        if len(first) <= limit:
            return first
    return f"{func}(…)"


@dataclass
class _State:
    lazy_annotations: bool | None = (
        None  # ``from __future__ import annotations`` (None: not looked)
    )


_LITERAL = ("typing.Literal", "typing_extensions.Literal")


def _annotation_names(ctx: ModuleContext, ann: ast.expr) -> set[str] | None:
    """The names an annotation reads, those of a quoted forward reference included (None
    when one does not parse); the strings of a ``Literal[...]`` and the metadata of an
    ``Annotated[...]`` are values, not references."""
    out: set[str] = set()
    todo: list[ast.AST] = [ann]
    while todo:
        n = todo.pop()
        if isinstance(n, ast.Name):
            out.add(n.id)
        elif isinstance(n, ast.Constant):
            if isinstance(n.value, str):
                try:
                    todo.append(ast.parse(n.value.strip(), mode="eval").body)
                except SyntaxError:
                    return None
        elif isinstance(n, ast.Subscript):
            todo.append(n.value)
            head = ctx.resolve(n.value)
            items = n.slice.elts if isinstance(n.slice, ast.Tuple) else [n.slice]
            if head in _LITERAL:
                todo.extend(i for i in items if not isinstance(i, ast.Constant))
            elif head in ANNOTATED and items:
                todo.append(items[0])
                for meta in items[1:]:
                    out |= {x.id for x in ast.walk(meta) if isinstance(x, ast.Name)}
            else:
                todo.extend(items)
        else:
            todo.extend(ast.iter_child_nodes(n))
    return out


def _unbound_at_runtime(ctx: ModuleContext, ann: ast.expr) -> list[str] | None:
    """Under postponed annotations, the names of ``ann`` that FastAPI cannot evaluate in the
    module's globals when the module runs (imported only under ``if TYPE_CHECKING:``, or
    bound by an enclosing function or class); ``["?"]`` when it cannot tell."""
    used = _annotation_names(ctx, ann)
    if used is None:
        return ["?"]
    local: set[str] = set()
    scope: Scope | None = ctx.scope
    while scope is not None and scope.kind != "module":
        local |= scope.local_names() | set(scope.imports)
        scope = scope.parent
    top = module_names(ctx, runtime=True)
    if "*" in top:
        # ``from m import *`` may bind anything: only what is seen bound for a type checker
        # alone (or in an enclosing function) is known to be missing
        typing_only = module_names(ctx) - top
        return sorted(n for n in used if n in local or (n in typing_only and n not in top))
    return sorted(n for n in used if n in local or not (n in top or hasattr(builtins, n)))


def _lazy_annotations(ctx: ModuleContext) -> bool:
    """The module has ``from __future__ import annotations``."""
    state = ctx.state(_State)
    found = state.lazy_annotations
    if found is None:
        found = False
        for stmt in ctx.tree.body if ctx.tree is not None else ():
            if isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__":
                if any(a.name == "annotations" for a in stmt.names):
                    found = True
                    break
            elif not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)):
                break
        state.lazy_annotations = found
    return found


def _moved_names(call: ast.Call, short: str) -> set[str] | None:
    """The names read by the part of ``call`` that moves into ``Annotated[...]`` (for
    ``Query(...)``-like calls, all but the default), or None when it binds names of its own."""
    parts: list[ast.AST] = [call.func]
    if short in ("Depends", "Security"):
        parts += [*call.args, *(k.value for k in call.keywords)]
    else:
        parts += call.args[1:]
        parts += [k.value for k in call.keywords if k.arg != "default"]
    out: set[str] = set()
    for part in parts:
        for n in ast.walk(part):
            if isinstance(n, (ast.Lambda, ast.NamedExpr, *_COMPREHENSIONS)):
                return None
            if isinstance(n, ast.Name):
                out.add(n.id)
    return out


_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _module_level(ctx: ModuleContext, used: set[str]) -> bool:
    """Every name in ``used`` means the same at module level as where the function is
    defined: none is bound by an enclosing function or class, and each is a module-level
    name or a builtin.  FastAPI evaluates a postponed annotation in the module's globals."""
    scope: Scope | None = ctx.scope
    while scope is not None and scope.kind != "module":
        if used & (scope.local_names() | set(scope.imports)):
            return False
        scope = scope.parent
    top = module_names(ctx)
    return all(n in top or hasattr(builtins, n) for n in used)


def _has_string(node: ast.AST | None) -> bool:
    return node is not None and any(
        isinstance(n, ast.Constant) and isinstance(n.value, str) for n in ast.walk(node)
    )


def _unquoted(ann: ast.expr | None) -> str | None:
    """The annotation's text, a quoted one (``"Server"``) as the expression it quotes: what
    tells whether two parameters declare one type."""
    if ann is None:
        return None
    if isinstance(ann, ast.Constant) and isinstance(ann.value, str):
        try:
            ann = ast.parse(ann.value.strip(), mode="eval").body
        except SyntaxError:
            pass
    return _text(ann, 10_000)


def alias_name(target: str) -> str:
    """``get_current_user`` -> ``CurrentUserDep``."""
    last = target.rsplit(".", 1)[-1]
    for prefix in ("get_", "provide_", "require_"):
        if last.startswith(prefix) and len(last) > len(prefix):
            last = last[len(prefix) :]
            break
    camel = "".join(part[:1].upper() + part[1:] for part in last.split("_") if part)
    return (camel or "Shared") + "Dep"


def _pinned_fastapi(inventory) -> tuple[int, ...] | None:
    """The locked or ``==``-pinned FastAPI version, else None."""
    from auditor.inventory import normalize

    if normalize("fastapi") in inventory.locked or any(
        re.search(r"==\s*[0-9]", r.spec) for r in inventory.declared("fastapi")
    ):
        return inventory.version("fastapi")
    return None


def _too_old_here(project: Project, path: str | None) -> bool:
    """The code at ``path`` ships with requirements of its own (a server template installed
    by its own Dockerfile) that pin a FastAPI older than 0.95, which has no ``Annotated``."""
    if not project.inventory.components or not path:
        return False
    inventory = project.inventory.for_path(path, "fastapi")
    version = _pinned_fastapi(inventory) if inventory is not project.inventory else None
    return version is not None and version < (0, 95)


def python_target(project: Project) -> tuple[int, int] | None:
    text = project.inventory.python
    if not text:
        return None
    m = re.search(r"(\d+)\.(\d+)", text)
    return (int(m.group(1)), int(m.group(2))) if m else None


#: A key check declared as ``Depends(...)`` on FastMCP tools; ``{route}`` adds what else
#: uses it (the examples' two sides).
_MCP_KEYED = """\
from fastapi import Depends, FastAPI
from fastapi.security import APIKeyHeader
from fastmcp import FastMCP

KEY_HEADER = APIKeyHeader(name="X-Key")
app = FastAPI()
mcp = FastMCP("Search")


def check_key(key: str = Depends(KEY_HEADER)) -> str:
    return key


@mcp.tool
def search(text: str, key: str = Depends(check_key)) -> list[str]:
    return [text]
{route}

if __name__ == "__main__":
    mcp.run()
"""


class _Spans(NamedTuple):
    """Where the fix edits (lines, and columns in UTF-8 bytes as the stdlib ``ast`` gives them):
    the function's ``def``, the parameter's name, its annotation and its default call."""

    def_line: int
    def_col: int
    line: int
    col: int
    ann_line: int
    ann_col: int
    ann_end_line: int
    ann_end_col: int
    call_line: int
    call_col: int
    call_end_line: int
    call_end_col: int


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    function: str | None = None
    short: str | None = None
    target: str | None = None
    ann: str | None = None
    #: the whole annotation, unparsed (two parameters share an alias only when these agree)
    ann_full: str | None = None
    keep_default: bool = False
    annotated: str | None = None
    annotated_import: str | None = None
    #: the same for a Python target below 3.9 (``typing`` has no ``Annotated`` there)
    legacy_annotated: str | None = None
    legacy_import: str | None = None
    param: str | None = None
    written: str | None = None
    function_name: str | None = None
    param_line: int | None = None
    param_col: int | None = None
    where: Where | None = None
    spans: _Spans | None = None


class AnnotatedDependencies(Check):
    """
    ## What it does
    In request-path functions (route handlers and the dependencies they use, F4/F5),
    flags parameters whose **default value** is a call to FastAPI's `Depends`, `Security`,
    `Query`, `Path`, `Body`, `Header`, `Cookie`, `Form` or `File`.  When the same
    `Depends(f)` is repeated in three or more signatures, the message also suggests one
    shared alias (`CurrentUserDep = Annotated[User, Depends(get_current_user)]`).  The
    signatures are counted by the function `f` names where the default is written: a
    module's own `def f` that shadows an imported `f` is another dependency.

    ## Why is this bad?
    The FastAPI docs (since 0.95) and the official FastAPI skill say to "always prefer the
    `Annotated` style".  A `Depends(...)` default is a lie to Python: the function looks
    callable without the argument, but gets a marker object if anyone calls it directly.
    `Annotated` keeps the signature honest, frees parameters from the "no required
    parameter after a default" ordering rule, and lets one alias carry a dependency through
    the whole codebase.  [Production skill 2025] declares `Annotated[AsyncSession,
    Depends(get_db)]` and the aliases `CurrentUser`/`DbSession`; [Production guide 2026],
    [ForgeAPI guide], [Patterns reference] and [zhanymkanov README]
    still write `x: T = Depends(f)` (Disagreement D8: `Annotated` is current).

    ## Example
    ```python
    @router.get("/items")
    async def list_items(db: AsyncSession = Depends(get_db), q: str | None = Query(None, max_length=50)):
        ...
    ```

    ## Use instead
    ```python
    DbSession = Annotated[AsyncSession, Depends(get_db)]


    @router.get("/items")
    async def list_items(db: DbSession, q: Annotated[str | None, Query(max_length=50)] = None):
        ...
    ```

    ## Fix safety
    `name: T = Depends(f)` becomes `name: Annotated[T, Depends(f)]`; for `Query`, `Path`,
    `Body`, `Header`, `Cookie`, `Form` and `File` the default moves out of the call
    (`= Query(None, max_length=50)` becomes `Annotated[T, Query(max_length=50)] = None`,
    and `...` means no default), because FastAPI rejects a default inside `Annotated`.  The
    import is added (from `typing_extensions` for a Python < 3.9 target: `requires-python`,
    a distribution's `Requires-Python`, or without either the oldest `Programming Language ::
    Python :: 3.N` classifier).  FastAPI sees the
    same parameters as before.  No fix is offered when the parameter has no annotation, when
    its annotation already is `Annotated`, with `default_factory=`, with a `Path(...)`
    default other than `...`, or when removing the default would put a required parameter
    after one with a default (a `SyntaxError`; keyword-only parameters are free of it) —
    the mistakes of ruff FAST002's early fixes.  When an earlier parameter keeps its default
    even in `Annotated` form (`model: str = Form("x")` becomes `... = "x"`), the message
    suggests the parameter moved before it: FastAPI passes parameters by name, so their
    order is free, while `= ...` would not keep it required under Pydantic 2.  Nor is it offered when the annotation holds
    a string (`"User"`): inside `Annotated` it stays an unresolved forward reference.  With
    `Depends()` (no argument, the class is the dependency) that breaks FastAPI, so such a
    parameter is not reported.  The shared alias is only suggested, and only for
    a module-level dependency (not `Depends(backend.get_strategy)` on a factory's parameter).

    A project that locks or pins FastAPI below 0.95 (no `Annotated` support) is not checked.

    Under `from __future__ import annotations`, FastAPI evaluates every annotation in the
    module's globals.  `Annotated[T, Depends(get_user)]` then only works when `get_user`
    (and every other name in the moved call) is a module-level name: a dependency defined
    inside a factory function or a class body would be lost, and the parameter would
    silently become a required query parameter.  Such parameters are not reported at all,
    since the advice cannot be followed as written.  The same holds for the names of the
    annotation itself: when one is bound only for a type checker (imported under `if
    TYPE_CHECKING:`, or bound in an enclosing function), `Annotated[Account, Depends(f)]`
    cannot be evaluated and FastAPI drops the dependency (the route answers 422), so the
    parameter is reported with no fix, and the fix title says to bind the name at run time
    first.

    ## Known problems
    A default that is a variable holding the call (`user: User = CurrentUser` with a
    module-level `CurrentUser = Depends(get_user)`) is not reported.  The alias suggestion
    counts the signatures that write `Depends(f)` as a default, not those already using
    `Annotated`.  The alias is suggested only when those signatures declare one type (or
    none): when they disagree (`authenticated: bool` here, `token: str` there) one alias
    would mistype some of them, and the message says so instead.

    ## References
    - [Production skill 2025] (`Annotated[AsyncSession, Depends(get_db)]`, `CurrentUser`, `DbSession`)
    - [Production guide 2026], [ForgeAPI guide], [Patterns reference],
      [zhanymkanov README] (`x: T = Depends(f)`)
    - FastAPI docs, "Dependencies" and "Query Parameters and String Validations" (`Annotated`)
    - Overlaps ruff FAST002
    """

    id = "DEP001"
    name = "annotated-dependencies"
    category = "dependencies"
    severity = Severity.INFO
    message = "FastAPI parameter declared as a default value instead of `Annotated`"
    fix_title = "Move the declaration into `Annotated[...]`"
    sources = (
        "Production skill 2025",
        "Production guide 2026",
        "ForgeAPI guide",
        "Patterns reference",
        "zhanymkanov README",
    )

    def applies(self, project: Project) -> str | None:
        version = _pinned_fastapi(project.inventory)
        if version is not None and version < (0, 95):
            shown = ".".join(str(x) for x in version)
            return f"FastAPI is pinned to {shown}, older than 0.95: `Annotated` parameters are not supported"
        if project.inventory.below("fastapi", (0, 95)):
            return "every FastAPI the project can install is older than 0.95: `Annotated` parameters are not supported"
        return None

    def visit_FunctionDef(self, node: ast.FunctionDef, ctx: ModuleContext) -> None:
        self._signature(node, ctx)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef, ctx: ModuleContext) -> None:
        self._signature(node, ctx)

    def _signature(self, node: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext) -> None:
        a = node.args
        positional = [*a.posonlyargs, *a.args]
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(a.defaults)) + list(
            a.defaults
        )
        #: (parameter, default, index among the positional ones: None for keyword-only)
        params: list[tuple[ast.arg, ast.expr | None, int | None]] = [
            (p, d, i) for i, (p, d) in enumerate(zip(positional, defaults, strict=True))
        ]
        params += [(p, d, None) for p, d in zip(a.kwonlyargs, a.kw_defaults, strict=True)]
        qname = ctx.child_qname(node.name)
        spelling = None
        legacy: tuple[str, str | None] = ("", None)
        for p, default, index in params:
            if not isinstance(default, ast.Call):
                continue
            callee = ctx.resolve(default.func)
            if callee not in names.PARAM_FUNCTIONS:
                continue
            if spelling is None:
                spelling = _annotated_spelling(ctx) or ("", None)
                legacy = _annotated_spelling(ctx, ("typing_extensions",)) or ("", None)
            short = callee.rsplit(".", 1)[1]
            if _lazy_annotations(ctx):
                # ``from __future__ import annotations``: FastAPI evaluates the annotation in
                # the module's globals, so ``Annotated[T, Depends(local_fn)]`` would lose the
                # dependency (the parameter silently becomes a required query parameter).
                used = _moved_names(default, short)
                if used is None or not _module_level(ctx, used):
                    continue
            if (
                short in ("Depends", "Security")
                and not default.args
                and not any(k.arg == "dependency" for k in default.keywords)
                and not _lazy_annotations(ctx)
                and _has_string(p.annotation)
            ):
                continue  # ``Annotated["Client", Depends()]``: FastAPI cannot call a forward reference
            blocker = _blocker(ctx, positional, defaults, index) if index is not None else None
            reason, keep_default = _fix_plan(p, default, short, blocker)
            unbound: list[str] = []
            if _lazy_annotations(ctx) and p.annotation is not None:
                # FastAPI evaluates the whole ``Annotated[T, Depends(f)]`` string: when ``T``
                # names something only a type checker sees, the evaluation fails and the
                # marker is lost with it (the parameter becomes a required query parameter)
                unbound = _unbound_at_runtime(ctx, p.annotation) or []
            if unbound:
                shown = ", ".join(f"`{n}`" for n in unbound if n != "?") or "its names"
                late = (
                    f"bind {shown} at module level at run time first, not only under `if "
                    "TYPE_CHECKING:`: with `from __future__ import annotations` FastAPI "
                    f"evaluates the annotation, and if it cannot, the `{short}(...)` inside "
                    "`Annotated` is lost"
                )
                reason = f"{reason}; {late}" if reason else late
            if reason is None and not spelling[0]:
                reason = "the name `Annotated` is taken in this module"
            if reason is None and not _lazy_annotations(ctx) and _has_string(p.annotation):
                # ``Annotated["User", Depends()]``: the string stays an unresolved ForwardRef
                reason = "the annotation is a string"
            target = None  # what makes two ``Depends(...)`` "the same": callee, target, options
            if callee in names.DEPENDS:
                dep = (
                    default.args[0]
                    if default.args
                    else next((k.value for k in default.keywords if k.arg == "dependency"), None)
                )
                # (the default is read where the def is written: a module's own ``def f``
                # above it, after an import of ``f``, resolves to that def)
                resolved = ctx.resolve(dep) if isinstance(dep, (ast.Name, ast.Attribute)) else None
                # only a module-level dependency can be shared by a module-level alias; a
                # parameter (``backend.get_strategy``) differs from one factory call to the next
                if resolved and "<locals>" not in resolved:
                    options = sorted(_text(k) for k in default.keywords if k.arg != "dependency")
                    target = "|".join([short, resolved, *options])
            ann = _source(ctx, p.annotation, 40) if p.annotation is not None else None
            written = _short_call(ctx, default, 50)
            if callee in names.DEPENDS:
                use = f"{p.arg}: Annotated[{ann or 'T'}, {written}]"
            else:
                moved = ast.Call(
                    func=default.func,
                    args=[],
                    keywords=[k for k in default.keywords if k.arg != "default"]
                    if not default.args
                    else list(default.keywords),
                )
                moved_text = _text(moved, 10_000)
                if len(moved_text) > 50:
                    moved_text = f"{_source(ctx, default.func, 40)}(…)"
                kept = _kept_default(default, short)
                use = f"{p.arg}: Annotated[{ann or 'T'}, {moved_text}]" + (
                    f" = {_source(ctx, kept, 20)}" if kept else ""
                )
            placed = ""
            if blocker is not None and blocker[1] and not keep_default:
                # ``model: str = Form("x"), frames: int = Form(...)``: ``frames`` loses its
                # default while ``model`` keeps one, a SyntaxError in that order
                placed = f", moved before `{blocker[0]}`, which keeps its default"
            caveat = ""
            if unbound:
                shown = ", ".join(f"`{n}`" for n in unbound if n != "?") or "every name of it"
                caveat = f", once {shown} is bound at run time"
            ctx.report(
                p,
                f"parameter `{p.arg}` declares `{written}` as its default value: use `{use}`{placed}{caveat} (ruff FAST002)",
                fixable=reason is None,
                fix_title=None if reason is None else f"Use `Annotated[...]` by hand ({reason})",
                data=_Data(
                    function=qname,
                    short=short,
                    target=target,
                    ann=ann,
                    ann_full=_unquoted(p.annotation),
                    keep_default=keep_default,
                    annotated=spelling[0],
                    annotated_import=spelling[1],
                    legacy_annotated=legacy[0],
                    legacy_import=legacy[1],
                    param=p.arg,
                    written=written,
                    function_name=node.name,
                    param_line=p.lineno,
                    param_col=ctx.column(p.lineno, p.col_offset),
                    where=where(ctx, node),
                    spans=_spans(node, p, default),
                ),
            )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        request_path = project.request_path_functions
        kept = [
            h
            for h in hits
            if h.payload(_Data).function in request_path and not _too_old_here(project, h.path)
        ]
        users: dict[str, set[str]] = {}
        #: the declared types of the parameters each dependency fills (unannotated ones aside)
        types: dict[str, dict[str, str]] = {}
        for h in kept:
            d = h.payload(_Data)
            if d.target and d.function:
                users.setdefault(d.target, set()).add(d.function)
                if d.ann_full:
                    shown = types.setdefault(d.target, {})
                    if d.ann_full not in shown or shown[d.ann_full][:1] in "\"'":
                        shown[d.ann_full] = d.ann or d.ann_full  # an unquoted spelling first
        out = []
        for h in kept:
            d = h.payload(_Data)
            t = d.target
            n = len(users.get(t, ())) if t else 0
            if t and n >= ALIAS_MIN:
                dep = d.written or f"{d.short}(...)"
                declared = types.get(t, {})
                if len(declared) > 1:
                    # one alias would give every parameter the same type: the signatures
                    # disagree on what the dependency returns, so none is suggested
                    listed = " and ".join(f"`{a}`" for a in sorted(declared.values())[:3])
                    more = " (and others)" if len(declared) > 3 else ""
                    extra = (
                        f"; `{dep}` is repeated in {n} signatures, declared as {listed}{more}: "
                        "settle the type it returns before sharing one `Annotated` alias"
                    )
                else:
                    alias = alias_name(t.split("|")[1])
                    ann = next(iter(declared.values()), None) or "T"
                    extra = f"; `{dep}` is repeated in {n} signatures: define `{alias} = Annotated[{ann}, {dep}]` once"
                h = dataclasses.replace(h, message=h.message + extra)
            out.append(h)
        return out

    def fix(self, source: str, hit: Hit, project: Project) -> str | None:
        data = hit.payload(_Data)
        target = python_target(project)
        if target is not None and target < (3, 9):
            if not data.legacy_annotated:
                return None
            data = data._replace(
                annotated=data.legacy_annotated, annotated_import=data.legacy_import
            )
        fixed = _fix_in_line(source, data)
        if fixed is _BY_STATEMENT:
            fixed = edit_statement(
                source,
                data.param_line,
                lambda m, off: _fix_param(m, hit, off),
                span_of(data.where),
            )
        origin = data.annotated_import
        if isinstance(fixed, str) and origin:
            fixed = header_import(
                fixed,
                origin,
                "Annotated",
                stdlib=origin == "typing",
                header_end=header_end_of(data.where),
            )
        return fixed if isinstance(fixed, str) else None

    bad = (
        snippet(
            """\
from fastapi import APIRouter, Depends, Query

router = APIRouter()


def get_db() -> str:
    return "db"


@router.get("/items")
async def list_items(db: str = Depends(get_db), q: str | None = Query(None, max_length=50)) -> list[str]:
    return [db, q or ""]
""",
            lines=(11,),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -1,2 +1,4 @@
+from typing import Annotated
+
 from fastapi import APIRouter, Depends, Query
 
@@ -9,4 +11,4 @@
 
 @router.get("/items")
-async def list_items(db: str = Depends(get_db), q: str | None = Query(None, max_length=50)) -> list[str]:
+async def list_items(db: Annotated[str, Depends(get_db)], q: str | None = Query(None, max_length=50)) -> list[str]:
     return [db, q or ""]
""",
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -1,2 +1,4 @@
+from typing import Annotated
+
 from fastapi import APIRouter, Depends, Query
 
@@ -9,4 +11,4 @@
 
 @router.get("/items")
-async def list_items(db: str = Depends(get_db), q: str | None = Query(None, max_length=50)) -> list[str]:
+async def list_items(db: str = Depends(get_db), q: Annotated[str | None, Query(max_length=50)] = None) -> list[str]:
     return [db, q or ""]
""",
            ),
        ),
        Example(
            files={
                "app/deps.py": """\
from fastapi import Depends, Header, Security
from fastapi.security import OAuth2PasswordBearer

oauth2 = OAuth2PasswordBearer(tokenUrl="token")


def get_token(authorization: str = Header(...), token: str = Security(oauth2, scopes=["me"])) -> str:
    return token


def get_current_user(token: str = Depends(get_token)) -> dict:
    return {"token": token}
""",
                "app/routes.py": """\
import fastapi
from fastapi import Body, Depends, File, Path, Query, UploadFile

from app.deps import get_current_user

router = fastapi.APIRouter()


@router.get("/me")
def me(user: dict = Depends(get_current_user)) -> dict:
    return user


@router.get("/items/{item_id}")
def item(
    item_id: int = Path(..., ge=1),
    user: dict = Depends(get_current_user),
    *,
    verbose: bool = Query(False, alias="v"),
) -> dict:
    return user


@router.post("/upload")
def upload(q: int = Query(1), user: dict = Depends(get_current_user), f: UploadFile = File(...), tags=Query(None)) -> dict:
    return user


@router.post("/notes")
def notes(body: dict = Body(..., embed=True), page: list[int] = Query(default_factory=list)) -> dict:
    return body
""",
            },
            note="dependencies in another module, Security, keyword-only, an alias suggestion, guarded fixes",
            lines=(7, 11, 10, 16, 17, 19, 25, 30),
            fixes=(
                """\
--- a/app/deps.py
+++ b/app/deps.py
@@ -1,2 +1,4 @@
+from typing import Annotated
+
 from fastapi import Depends, Header, Security
 from fastapi.security import OAuth2PasswordBearer
@@ -5,5 +7,5 @@
 
 
-def get_token(authorization: str = Header(...), token: str = Security(oauth2, scopes=["me"])) -> str:
+def get_token(authorization: Annotated[str, Header()], token: str = Security(oauth2, scopes=["me"])) -> str:
     return token
 
""",
                """\
--- a/app/deps.py
+++ b/app/deps.py
@@ -1,2 +1,4 @@
+from typing import Annotated
+
 from fastapi import Depends, Header, Security
 from fastapi.security import OAuth2PasswordBearer
@@ -9,4 +11,4 @@
 
 
-def get_current_user(token: str = Depends(get_token)) -> dict:
+def get_current_user(token: Annotated[str, Depends(get_token)]) -> dict:
     return {"token": token}
""",
                """\
--- a/app/routes.py
+++ b/app/routes.py
@@ -1,2 +1,4 @@
+from typing import Annotated
+
 import fastapi
 from fastapi import Body, Depends, File, Path, Query, UploadFile
@@ -8,5 +10,5 @@
 
 @router.get("/me")
-def me(user: dict = Depends(get_current_user)) -> dict:
+def me(user: Annotated[dict, Depends(get_current_user)]) -> dict:
     return user
 
""",
                """\
--- a/app/routes.py
+++ b/app/routes.py
@@ -1,2 +1,4 @@
+from typing import Annotated
+
 import fastapi
 from fastapi import Body, Depends, File, Path, Query, UploadFile
@@ -14,5 +16,5 @@
 @router.get("/items/{item_id}")
 def item(
-    item_id: int = Path(..., ge=1),
+    item_id: Annotated[int, Path(ge=1)],
     user: dict = Depends(get_current_user),
     *,
""",
                """\
--- a/app/routes.py
+++ b/app/routes.py
@@ -1,2 +1,4 @@
+from typing import Annotated
+
 import fastapi
 from fastapi import Body, Depends, File, Path, Query, UploadFile
@@ -17,5 +19,5 @@
     user: dict = Depends(get_current_user),
     *,
-    verbose: bool = Query(False, alias="v"),
+    verbose: Annotated[bool, Query(alias="v")] = False,
 ) -> dict:
     return user
""",
                """\
--- a/app/routes.py
+++ b/app/routes.py
@@ -1,2 +1,4 @@
+from typing import Annotated
+
 import fastapi
 from fastapi import Body, Depends, File, Path, Query, UploadFile
@@ -23,5 +25,5 @@
 
 @router.post("/upload")
-def upload(q: int = Query(1), user: dict = Depends(get_current_user), f: UploadFile = File(...), tags=Query(None)) -> dict:
+def upload(q: Annotated[int, Query()] = 1, user: dict = Depends(get_current_user), f: UploadFile = File(...), tags=Query(None)) -> dict:
     return user
 
""",
                """\
--- a/app/routes.py
+++ b/app/routes.py
@@ -1,2 +1,4 @@
+from typing import Annotated
+
 import fastapi
 from fastapi import Body, Depends, File, Path, Query, UploadFile
@@ -28,4 +30,4 @@
 
 @router.post("/notes")
-def notes(body: dict = Body(..., embed=True), page: list[int] = Query(default_factory=list)) -> dict:
+def notes(body: Annotated[dict, Body(embed=True)], page: list[int] = Query(default_factory=list)) -> dict:
     return body
""",
            ),
        ),
        Example(
            files={
                "app/web.py": """\
from __future__ import annotations

from fastapi import APIRouter, Depends, Query

LIMIT = 50


def get_settings() -> dict:
    return {}


def build_router() -> APIRouter:
    router = APIRouter()

    @router.get("/settings")
    def read(settings: dict = Depends(get_settings), n: int = Query(10, le=LIMIT)) -> dict:
        return settings

    return router
""",
                "app/legacy.py": """\
from fastapi import APIRouter, Depends

router = APIRouter()


class Client:
    pass


@router.get("/client")
def client(c: "Client" = Depends(), other: "Client" = Depends(Client)) -> dict:
    return {}
""",
            },
            note="postponed annotations naming module-level names only; a string annotation (report only)",
            lines=(16, 11),
            fixes=(
                """\
--- a/app/web.py
+++ b/app/web.py
@@ -1,3 +1,5 @@
 from __future__ import annotations
+
+from typing import Annotated
 
 from fastapi import APIRouter, Depends, Query
@@ -14,5 +16,5 @@
 
     @router.get("/settings")
-    def read(settings: dict = Depends(get_settings), n: int = Query(10, le=LIMIT)) -> dict:
+    def read(settings: Annotated[dict, Depends(get_settings)], n: int = Query(10, le=LIMIT)) -> dict:
         return settings
 
""",
                """\
--- a/app/web.py
+++ b/app/web.py
@@ -1,3 +1,5 @@
 from __future__ import annotations
+
+from typing import Annotated
 
 from fastapi import APIRouter, Depends, Query
@@ -14,5 +16,5 @@
 
     @router.get("/settings")
-    def read(settings: dict = Depends(get_settings), n: int = Query(10, le=LIMIT)) -> dict:
+    def read(settings: dict = Depends(get_settings), n: Annotated[int, Query(le=LIMIT)] = 10) -> dict:
         return settings
 
""",
            ),
        ),
        Example(
            files={
                "app/deps.py": """\
def get_current_user() -> dict:
    return {}
""",
                "app/models.py": """\
class Account:
    pass


class Session:
    pass
""",
                "app/routes/accounts.py": """\
from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from fastapi import APIRouter, Depends, Query

from app.deps import get_current_user

if TYPE_CHECKING:
    from app.models import Account, Session

router = APIRouter()


@router.get("/me")
def me(user: Account = Depends(get_current_user)) -> dict:
    return {}


@router.get("/others")
def others(user: Account = Depends(get_current_user), limit: int = Query(10)) -> dict:
    return {}


@router.get("/sessions")
def sessions(user: Session = Depends(get_current_user)) -> list[Session]:
    return []


@router.get("/sorted")
def by_name(order: Literal["asc", "desc"] = Query("asc")) -> dict:
    return {}
""",
                "app/routes/health.py": """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/health")
def health() -> dict:
    return {}
""",
            },
            note="postponed annotations naming a type imported only under `if TYPE_CHECKING:`: "
            "`Annotated[Account, Depends(...)]` cannot be evaluated when the route is built, "
            "so FastAPI would lose the dependency (no fix diff, the finding stays); the "
            "signatures declare different types, so no shared alias is suggested; a "
            "`Literal`'s strings are values, not names to bind",
            lines=(16, 21, 26, 31),
            fixes=(
                """\
--- a/app/routes/accounts.py
+++ b/app/routes/accounts.py
@@ -1,5 +1,5 @@
 from __future__ import annotations
 
-from typing import TYPE_CHECKING, Literal
+from typing import TYPE_CHECKING, Literal, Annotated
 
 from fastapi import APIRouter, Depends, Query
@@ -19,5 +19,5 @@
 
 @router.get("/others")
-def others(user: Account = Depends(get_current_user), limit: int = Query(10)) -> dict:
+def others(user: Account = Depends(get_current_user), limit: Annotated[int, Query()] = 10) -> dict:
     return {}
 
""",
                """\
--- a/app/routes/accounts.py
+++ b/app/routes/accounts.py
@@ -1,5 +1,5 @@
 from __future__ import annotations
 
-from typing import TYPE_CHECKING, Literal
+from typing import TYPE_CHECKING, Literal, Annotated
 
 from fastapi import APIRouter, Depends, Query
@@ -29,4 +29,4 @@
 
 @router.get("/sorted")
-def by_name(order: Literal["asc", "desc"] = Query("asc")) -> dict:
+def by_name(order: Annotated[Literal["asc", "desc"], Query()] = "asc") -> dict:
     return {}
""",
            ),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/db.py": """\
def get_db() -> str:
    return "shared"
""",
                "app/items.py": """\
from fastapi import APIRouter, Depends

from app.db import get_db

router = APIRouter()


@router.get("/items")
def items(db: str = Depends(get_db)) -> dict:
    return {"db": db}


@router.get("/items/count")
def count(db: str = Depends(get_db)) -> dict:
    return {"db": db}


@router.get("/items/last")
def last(db: str = Depends(get_db)) -> dict:
    return {"db": db}
""",
                "app/audit.py": """\
from fastapi import APIRouter, Depends

from app.db import get_db

router = APIRouter()


def get_db() -> str:
    return "audit"


@router.get("/audit")
def audit(db: str = Depends(get_db)) -> dict:
    return {"db": db}


@router.get("/audit/size")
def size(store: str = Depends(get_db)) -> dict:
    return {"db": store}
""",
                "app/main.py": """\
from fastapi import FastAPI

from app import audit, items

app = FastAPI()
app.include_router(items.router)
app.include_router(audit.router)
""",
            },
            note="a module's own `get_db` defined after an import of the shared one is "
            "another dependency: its signatures are not counted with the shared one's, so "
            "neither reaches the three a shared alias needs in the audit module (seen in "
            "socrates-core-api)",
            lines=(9, 14, 19, 13, 18),
            fixes=(
                """\
--- a/app/audit.py
+++ b/app/audit.py
@@ -1,2 +1,4 @@
+from typing import Annotated
+
 from fastapi import APIRouter, Depends
 
@@ -11,5 +13,5 @@
 
 @router.get("/audit")
-def audit(db: str = Depends(get_db)) -> dict:
+def audit(db: Annotated[str, Depends(get_db)]) -> dict:
     return {"db": db}
 
""",
                """\
--- a/app/audit.py
+++ b/app/audit.py
@@ -1,2 +1,4 @@
+from typing import Annotated
+
 from fastapi import APIRouter, Depends
 
@@ -16,4 +18,4 @@
 
 @router.get("/audit/size")
-def size(store: str = Depends(get_db)) -> dict:
+def size(store: Annotated[str, Depends(get_db)]) -> dict:
     return {"db": store}
""",
                """\
--- a/app/items.py
+++ b/app/items.py
@@ -1,2 +1,4 @@
+from typing import Annotated
+
 from fastapi import APIRouter, Depends
 
@@ -7,5 +9,5 @@
 
 @router.get("/items")
-def items(db: str = Depends(get_db)) -> dict:
+def items(db: Annotated[str, Depends(get_db)]) -> dict:
     return {"db": db}
 
""",
                """\
--- a/app/items.py
+++ b/app/items.py
@@ -1,2 +1,4 @@
+from typing import Annotated
+
 from fastapi import APIRouter, Depends
 
@@ -12,5 +14,5 @@
 
 @router.get("/items/count")
-def count(db: str = Depends(get_db)) -> dict:
+def count(db: Annotated[str, Depends(get_db)]) -> dict:
     return {"db": db}
 
""",
                """\
--- a/app/items.py
+++ b/app/items.py
@@ -1,2 +1,4 @@
+from typing import Annotated
+
 from fastapi import APIRouter, Depends
 
@@ -17,4 +19,4 @@
 
 @router.get("/items/last")
-def last(db: str = Depends(get_db)) -> dict:
+def last(db: Annotated[str, Depends(get_db)]) -> dict:
     return {"db": db}
""",
            ),
        ),
        Example(
            files={
                "app/media.py": """\
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile

router = APIRouter()


@router.post("/clips")
async def clip(
    title: str = Form(..., max_length=80),
    codec: str = Form("h264"),
    frames: int = Form(...),
) -> dict:
    return {"title": title, "codec": codec, "frames": frames}


@router.post("/captions")
async def caption(video: UploadFile = File(...), text: str = Form(...)) -> dict:
    return {"text": text}


@router.post("/thumbs")
async def thumb(codec: str = Form("png"), *, width: int = Form(...)) -> dict:
    return {"codec": codec, "width": width}
""",
            },
            note="a required form field after one that keeps its default: `Annotated` is "
            "suggested before it (in place it is a SyntaxError); after one that loses its "
            "default too, or keyword-only, in place (seen in rapid-mlx)",
            lines=(10, 11, 12, 18, 23),
            fixes=(
                """\
--- a/app/media.py
+++ b/app/media.py
@@ -8,5 +8,5 @@
 @router.post("/clips")
 async def clip(
-    title: str = Form(..., max_length=80),
+    title: Annotated[str, Form(max_length=80)],
     codec: str = Form("h264"),
     frames: int = Form(...),
""",
                """\
--- a/app/media.py
+++ b/app/media.py
@@ -9,5 +9,5 @@
 async def clip(
     title: str = Form(..., max_length=80),
-    codec: str = Form("h264"),
+    codec: Annotated[str, Form()] = "h264",
     frames: int = Form(...),
 ) -> dict:
""",
                """\
--- a/app/media.py
+++ b/app/media.py
@@ -16,5 +16,5 @@
 
 @router.post("/captions")
-async def caption(video: UploadFile = File(...), text: str = Form(...)) -> dict:
+async def caption(video: Annotated[UploadFile, File()], text: str = Form(...)) -> dict:
     return {"text": text}
 
""",
                """\
--- a/app/media.py
+++ b/app/media.py
@@ -21,4 +21,4 @@
 
 @router.post("/thumbs")
-async def thumb(codec: str = Form("png"), *, width: int = Form(...)) -> dict:
+async def thumb(codec: Annotated[str, Form()] = "png", *, width: int = Form(...)) -> dict:
     return {"codec": codec, "width": width}
""",
                """\
--- a/app/media.py
+++ b/app/media.py
@@ -21,4 +21,4 @@
 
 @router.post("/thumbs")
-async def thumb(codec: str = Form("png"), *, width: int = Form(...)) -> dict:
+async def thumb(codec: str = Form("png"), *, width: Annotated[int, Form()]) -> dict:
     return {"codec": codec, "width": width}
""",
            ),
        ),
        snippet(
            _MCP_KEYED.format(
                route='\n\n@app.get("/search")\ndef search_route(text: str, key: str = Depends(check_key)) -> list[str]:\n    return [text]\n'
            ),
            note="the other side of the FastMCP trap: a route declares the key check too, "
            "so FastAPI resolves it, and its own `Depends(...)` default",
            lines=(10, 20),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -1,2 +1,4 @@
+from typing import Annotated
+
 from fastapi import Depends, FastAPI
 from fastapi.security import APIKeyHeader
@@ -8,5 +10,5 @@
 
 
-def check_key(key: str = Depends(KEY_HEADER)) -> str:
+def check_key(key: Annotated[str, Depends(KEY_HEADER)]) -> str:
     return key
 
""",
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -1,2 +1,4 @@
+from typing import Annotated
+
 from fastapi import Depends, FastAPI
 from fastapi.security import APIKeyHeader
@@ -18,5 +20,5 @@
 
 @app.get("/search")
-def search_route(text: str, key: str = Depends(check_key)) -> list[str]:
+def search_route(text: str, key: Annotated[str, Depends(check_key)]) -> list[str]:
     return [text]
 
""",
            ),
        ),
    )
    good = (
        Example(
            files={
                "app/routes.py": """\
from fastapi import APIRouter, Depends

router = APIRouter()


def get_db() -> str:
    return "db"


@router.get("/items")
def items(db: str = Depends(get_db)) -> str:
    return db
""",
                "requirements.txt": "fastapi>=0.88.0,<0.93.0\n",
            },
            note="no exact pin, but every FastAPI the range admits is older than 0.95, which "
            "added `Annotated` dependencies",
        ),
        Example(
            files={
                "app/templates/server/server.py": """\
from fastapi import Depends, FastAPI

app = FastAPI()


def get_db() -> str:
    return "db"


@app.get("/items")
def items(db: str = Depends(get_db)) -> list[str]:
    return [db]
""",
                "app/templates/server/requirements.txt": "fastapi==0.90.1\n",
            },
            note="a server template whose own requirements pin a FastAPI older than 0.95 "
            "(no `Annotated` parameters there)",
        ),
        Example(
            files={
                "requirements.txt": "fastapi==0.92.0\n",
                "app/main.py": """\
from fastapi import Depends, FastAPI

app = FastAPI()


def get_db() -> str:
    return "db"


@app.get("/items")
def items(db: str = Depends(get_db)) -> list[str]:
    return [db]
""",
            },
            note="FastAPI pinned below 0.95, which has no `Annotated` support",
        ),
        snippet(
            """\
from typing import Annotated

from fastapi import APIRouter, Depends, Query

router = APIRouter()


def get_db() -> str:
    return "db"


DbDep = Annotated[str, Depends(get_db)]


@router.get("/items")
async def list_items(db: DbDep, q: Annotated[str | None, Query(max_length=50)] = None) -> list[str]:
    return [db, q or ""]
"""
        ),
        snippet(
            """\
from fastapi import Depends, Query
from flask import Flask, request

app = Flask(__name__)


def helper(x: int = Depends(print), q: str = Query("")) -> int:
    return x


def query(name: str = "") -> str:
    return name


@app.route("/")
def index(page: int = 1) -> str:
    return request.args.get("q", "")
""",
            note="functions that are neither routes nor dependencies; Flask routes",
        ),
        snippet(
            """\
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Query


class Paging:
    MAX = 20

    @staticmethod
    def page(size: int = Query(10, le=MAX)) -> int:
        return size


def create_app(backend) -> FastAPI:
    app = FastAPI()
    router = APIRouter()

    def get_current_user() -> str | None:
        return None

    @app.get("/me")
    def me(user: str | None = Depends(get_current_user), size: Annotated[int, Depends(Paging.page)] = 10) -> dict:
        return {"user": user, "size": size}

    @router.get("/token")
    def token(strategy: object = Depends(backend.get_strategy)) -> dict:
        return {}

    app.include_router(router)
    return app
""",
            note="postponed annotations (seen in gradio): `Annotated[str, Depends(get_current_user)]` would be "
            "evaluated in the module's globals, where the local dependency does not exist",
        ),
        snippet(
            _MCP_KEYED.format(route=""),
            note="trap: a key check named only in `Depends(...)` defaults of FastMCP tools "
            "(seen in tavily-mcp): FastMCP calls its tools with its own dependency injection "
            "and never resolves FastAPI's `Depends`, so no request runs the check",
        ),
    )


def _kept_default(call: ast.Call, short: str) -> ast.expr | None:
    """The default a ``Query(...)``-like call carries (None for none or ``...``)."""
    value = (
        call.args[0]
        if call.args
        else next((k.value for k in call.keywords if k.arg == "default"), None)
    )
    if value is None or (isinstance(value, ast.Constant) and value.value is Ellipsis):
        return None
    return value


def _keeps_default(ctx: ModuleContext, default: ast.expr | None) -> bool:
    """A parameter still has a default once its FastAPI marker is in ``Annotated[...]``:
    ``= 5`` and ``= Query(10)`` (``= 10``) do, ``= Depends(f)`` and ``= Form(...)`` do not."""
    if default is None:
        return False
    if not isinstance(default, ast.Call):
        return True
    callee = ctx.resolve(default.func)
    if callee not in names.PARAM_FUNCTIONS:
        return True
    short = callee.rsplit(".", 1)[1]
    return short not in ("Depends", "Security") and _kept_default(default, short) is not None


def _blocker(
    ctx: ModuleContext, positional: list[ast.arg], defaults: list[ast.expr | None], index: int
) -> tuple[str, bool] | None:
    """The positional parameter before ``index`` that has a default as written: (its name,
    whether it keeps one once in ``Annotated[...]``), the first that keeps one preferred;
    None when every earlier parameter is required."""
    found = [
        (positional[i].arg, _keeps_default(ctx, d))
        for i, d in enumerate(defaults[:index])
        if d is not None
    ]
    return next((b for b in found if b[1]), found[0] if found else None)


def _fix_plan(
    p: ast.arg, call: ast.Call, short: str, blocker: tuple[str, bool] | None
) -> tuple[str | None, bool]:
    """(reason there is no fix, or None; whether the parameter keeps a default)."""
    if p.annotation is None:
        return "the parameter has no annotation", False
    ann = p.annotation
    if isinstance(ann, ast.Subscript) and isinstance(ann.value, (ast.Name, ast.Attribute)):
        head = ann.value.attr if isinstance(ann.value, ast.Attribute) else ann.value.id
        if head == "Annotated":
            return "the annotation already is `Annotated`", False
    if any(isinstance(a, ast.Starred) for a in call.args) or any(
        k.arg is None for k in call.keywords
    ):
        return "the call unpacks arguments", False
    keep = False
    if short not in ("Depends", "Security"):
        if any(k.arg == "default_factory" for k in call.keywords):
            return "`default_factory=` cannot move out of the call", False
        if len(call.args) > 1 or (call.args and any(k.arg == "default" for k in call.keywords)):
            return "unexpected positional arguments", False
        kept = _kept_default(call, short)
        if kept is not None and short == "Path":
            return "a path parameter cannot have a default", False
        keep = kept is not None
    if not keep and blocker is not None:
        name, keeps = blocker
        rule = "a parameter without a default cannot follow one with a default"
        if keeps:
            return f"move it before `{name}`, which keeps its default: {rule}", False
        return f"once `{name}` has moved into `Annotated[...]` too: {rule}", False
    return None, keep


def _spans(function: ast.AST, p: ast.arg, call: ast.Call) -> _Spans | None:
    ann = p.annotation
    if ann is None:
        return None
    return _Spans(
        function.lineno,  # type: ignore[attr-defined]
        function.col_offset,  # type: ignore[attr-defined]
        p.lineno,
        p.col_offset,
        ann.lineno,
        ann.col_offset,
        ann.end_lineno or ann.lineno,
        ann.end_col_offset or 0,
        call.lineno,
        call.col_offset,
        call.end_lineno or call.lineno,
        call.end_col_offset or 0,
    )


_BY_STATEMENT = object()
_COLON = lazy_compile(r"[ \t]*:[ \t]*")
_EQUAL = lazy_compile(r"[ \t]*=[ \t]*")


def _fix_in_line(source: str, data: _Data) -> object:
    """The fix as an edit of the parameter's own text, without parsing the statement that
    holds it (a whole endpoint, often hundreds of lines): the text :func:`_fix_param` builds
    from the parsed statement, or ``_BY_STATEMENT`` when this cannot be sure of it.

    A parameter on one line is edited as text (only a call whose default moves out is parsed,
    alone); a parameter over several lines is parsed alone with libcst, as the parameter of
    a ``def`` indented like its own (libcst keeps a continuation line's indentation relative
    to its statement's), and edited by the same code as the whole statement would be."""
    from auditor.source_edits import source_lines

    spans, name, annotated = data.spans, data.param, data.annotated
    if spans is None or name is None or not annotated:
        return _BY_STATEMENT
    lines = source_lines(source)
    if lines is None or not 0 < spans.def_line <= spans.line <= spans.call_end_line <= len(lines):
        return _BY_STATEMENT
    if spans.line == spans.ann_end_line == spans.call_end_line:
        return _fix_one_line(lines, spans, name, annotated, data)
    return _fix_alone(lines, spans, data)


def _char_columns(text: str, columns: tuple[int, ...]) -> tuple[int, ...]:
    """UTF-8 byte columns of ``text`` (one line) as character indexes."""
    if text.isascii():
        return columns
    raw = text.encode("utf-8", "surrogatepass")
    return tuple(len(raw[:c].decode("utf-8", "surrogatepass")) for c in columns)


def _fix_one_line(lines: list[str], spans: _Spans, name: str, annotated: str, data: _Data):
    import libcst as cst

    text = lines[spans.line - 1]
    name_at, ann_at, ann_end, call_at, call_end = _char_columns(
        text, (spans.col, spans.ann_col, spans.ann_end_col, spans.call_col, spans.call_end_col)
    )
    name_end = name_at + len(name)
    if (
        text[name_at:name_end] != name
        or not _COLON.fullmatch(text, name_end, ann_at)
        or not _EQUAL.fullmatch(text, ann_end, call_at)
    ):
        return _BY_STATEMENT  # a parenthesised annotation or default
    try:
        call = cst.parse_expression(text[call_at:call_end])
    except cst.ParserSyntaxError:
        return _BY_STATEMENT
    if not isinstance(call, cst.Call) or call.lpar:
        return _BY_STATEMENT
    moved = _moved_call(call, data)
    if moved is None:
        return None
    new_call, new_default = moved
    edited = (
        text[:ann_at]
        + f"{annotated}[{text[ann_at:ann_end]}, {_code(new_call)}]"
        + ("" if new_default is None else text[ann_end:call_at] + _code(new_default))
        + text[call_end:]
    )
    line = spans.line
    return "".join(lines[: line - 1]) + edited + "".join(lines[line:])


def _code(node) -> str:
    import libcst as cst

    return cst.Module(body=[]).code_for_node(node)


def _fix_alone(lines: list[str], spans: _Spans, data: _Data):
    """A parameter over several lines, parsed alone (see :func:`_fix_in_line`)."""
    import libcst as cst

    from auditor.fixes import replace_node

    def_text = lines[spans.def_line - 1]
    (def_at,) = _char_columns(def_text, (spans.def_col,))
    indent = def_text[:def_at]
    first, last = lines[spans.line - 1], lines[spans.call_end_line - 1]
    (start,) = _char_columns(first, (spans.col,))
    (end,) = _char_columns(last, (spans.call_end_col,))
    if indent.strip(" \t") or not last[end:].lstrip(" \t").startswith((",", ")")):
        return _BY_STATEMENT
    if spans.line == spans.call_end_line:
        region = first[start:end]
    else:
        inner = "".join(lines[spans.line : spans.call_end_line - 1])
        region = first[start:] + inner + last[:end]
    # the parameter alone in a ``def`` at its function's indentation
    head = f"if 1:\n{indent}def _(" if indent else "def _("
    tail = f"):\n{indent}    pass\n"
    try:
        module = cst.parse_module(head + region + tail)
    except cst.ParserSyntaxError:
        return _BY_STATEMENT
    fn: Any = module.body[0]
    if indent:
        fn = fn.body.body[0]
    params = fn.params
    if len(params.params) + len(params.kwonly_params) + len(params.posonly_params) != 1:
        return _BY_STATEMENT
    param = (*params.posonly_params, *params.params, *params.kwonly_params)[0]
    new_param = _new_param(module, param, data)
    if new_param is None:
        return None
    code = replace_node(module, param, new_param).code
    if not (code.startswith(head) and code.endswith(tail)):
        return _BY_STATEMENT
    edited = first[:start] + code[len(head) : len(code) - len(tail)] + last[end:]
    return "".join(lines[: spans.line - 1]) + edited + "".join(lines[spans.call_end_line :])


def _moved_call(call, data: _Data):
    """(the call without its default, the default or None) of ``call`` (libcst), or None when
    it does not hold the default the module pass saw."""
    args = list(call.args)
    new_default = None
    if data.short not in ("Depends", "Security"):
        import libcst as cst

        index = next((i for i, a in enumerate(args) if a.keyword is None and not a.star), None)
        if index != 0:
            index = next(
                (
                    i
                    for i, a in enumerate(args)
                    if a.keyword is not None and a.keyword.value == "default"
                ),
                None,
            )
        if index is not None:
            removed = args.pop(index)
            if index == len(args) and args:
                args[-1] = args[-1].with_changes(comma=removed.comma)
            if not isinstance(removed.value, cst.Ellipsis):
                new_default = removed.value
        if (new_default is not None) != bool(data.keep_default):
            return None
    return call.with_changes(args=args), new_default


def _fix_param(module, hit: Hit, offset: int):
    import libcst as cst

    from auditor.fixes import locate, replace_node

    data = hit.payload(_Data)
    found = _params_named(module, data.function_name, data.param)
    if len(found) != 1:  # same-named functions in one statement: ask for positions
        found = locate(module, cst.Param, (data.param_line or 0) - offset, data.param_col)
    if len(found) != 1:
        return None
    new_param = _new_param(module, found[0], data)
    return None if new_param is None else replace_node(module, found[0], new_param)


def _new_param(module, param, data: _Data):
    """``param`` (libcst) declared with ``Annotated[...]``, or None."""
    import libcst as cst

    call = param.default
    if param.annotation is None or not isinstance(call, cst.Call):
        return None
    moved = _moved_call(call, data)
    if moved is None:
        return None
    new_call, new_default = moved
    annotated = data.annotated
    if not annotated:
        return None
    inner = module.code_for_node(param.annotation.annotation)
    annotation = param.annotation.with_changes(
        annotation=cst.parse_expression(f"{annotated}[{inner}, {module.code_for_node(new_call)}]")
    )
    if new_default is None:
        return param.with_changes(
            annotation=annotation, default=None, equal=cst.MaybeSentinel.DEFAULT
        )
    return param.with_changes(annotation=annotation, default=new_default)


def _params_named(module, function: str | None, name: str | None) -> list:
    """Parameters ``name`` of the functions ``function`` in ``module`` (found without positions)."""
    import libcst as cst

    out = []
    stack = list(module.body)
    while stack:
        node = stack.pop()
        if isinstance(node, cst.FunctionDef):
            if node.name.value == function:
                params = node.params
                for p in (*params.posonly_params, *params.params, *params.kwonly_params):
                    if p.name.value == name:
                        out.append(p)
            stack.extend(node.body.body if isinstance(node.body, cst.IndentedBlock) else ())
        elif isinstance(node, cst.ClassDef):
            stack.extend(node.body.body if isinstance(node.body, cst.IndentedBlock) else ())
        elif isinstance(node, (cst.If, cst.Try, cst.With, cst.For, cst.While)):
            stack.extend(getattr(node.body, "body", ()))
    return out
