from __future__ import annotations

import ast
import dataclasses
import re

from auditor import names
from auditor.check import Check, Example, Hit, Severity, snippet
from auditor.walker import ModuleContext
from checks._pyd_dep_edits import edit_statement, header_import, line_text, module_names, runtime_imports, where

ANNOTATED = ("typing.Annotated", "typing_extensions.Annotated")
#: How many signatures must repeat one ``Depends(f)`` before a shared alias is suggested.
ALIAS_MIN = 3


def _text(node: ast.AST, limit: int = 60) -> str:
    try:
        text = " ".join(ast.unparse(node).split())
    except Exception:  # pragma: no cover
        return "..."
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _annotated_spelling(ctx: ModuleContext) -> tuple[str, str | None] | None:
    """How to write ``Annotated`` here: (text, module to import it from, or None)."""
    facts = ctx.facts
    runtime = runtime_imports(ctx)
    for local, target in facts.imports.items():
        if target in ANNOTATED:
            return (local, None) if local in runtime else None
    for local, target in facts.imports.items():
        if target in ("typing", "typing_extensions") and local in runtime:
            return f"{local}.Annotated", None
    if "Annotated" in facts.imports or "Annotated" in module_names(ctx):
        return None
    return "Annotated", "typing"


def _source(ctx: ModuleContext, node: ast.AST, limit: int) -> str:
    """The node's text as written (one line), else as unparsed."""
    line, end = getattr(node, "lineno", None), getattr(node, "end_lineno", None)
    if line is not None and line == end:
        raw = line_text(ctx, line)[node.col_offset : node.end_col_offset]  # type: ignore[attr-defined]
        text = raw.decode("utf-8", errors="replace")
        return text if len(text) <= limit else text[: limit - 3] + "..."
    return _text(node, limit)


def alias_name(target: str) -> str:
    """``get_current_user`` -> ``CurrentUserDep``."""
    last = target.rsplit(".", 1)[-1]
    for prefix in ("get_", "provide_", "require_"):
        if last.startswith(prefix) and len(last) > len(prefix):
            last = last[len(prefix) :]
            break
    camel = "".join(part[:1].upper() + part[1:] for part in last.split("_") if part)
    return (camel or "Shared") + "Dep"


def python_target(project) -> tuple[int, int] | None:
    text = project.inventory.python
    if not text:
        return None
    m = re.search(r"(\d+)\.(\d+)", text)
    return (int(m.group(1)), int(m.group(2))) if m else None


class AnnotatedDependencies(Check):
    """
    ## What it does
    In request-path functions (route handlers and the dependencies they use, F4/F5),
    flags parameters whose **default value** is a call to FastAPI's `Depends`, `Security`,
    `Query`, `Path`, `Body`, `Header`, `Cookie`, `Form` or `File`.  When the same
    `Depends(f)` is repeated in three or more signatures, the message also suggests one
    shared alias (`CurrentUserDep = Annotated[User, Depends(get_current_user)]`).

    ## Why is this bad?
    The FastAPI docs (since 0.95) and the official FastAPI skill say to "always prefer the
    `Annotated` style".  A `Depends(...)` default is a lie to Python: the function looks
    callable without the argument, but gets a marker object if anyone calls it directly.
    `Annotated` keeps the signature honest, frees parameters from the "no required
    parameter after a default" ordering rule, and lets one alias carry a dependency through
    the whole codebase.  `002_dc6b7f10b24c4d0c.txt` declares `Annotated[AsyncSession,
    Depends(get_db)]` and the aliases `CurrentUser`/`DbSession`; `000_ea9867a185a54bc6.txt`,
    `001_85537b9a703a1675.txt`, `003_2b96995f8c51182f.txt` and `004_24ddc975f9cc92ef.txt`
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
    import is added (from `typing_extensions` for a Python < 3.9 target).  FastAPI sees the
    same parameters as before.  No fix is offered when the parameter has no annotation, when
    its annotation already is `Annotated`, with `default_factory=`, with a `Path(...)`
    default other than `...`, or when removing the default would put a required parameter
    after one with a default (a `SyntaxError`; keyword-only parameters are free of it) —
    the mistakes of ruff FAST002's early fixes.  The shared alias is only suggested.

    ## Known problems
    A default that is a variable holding the call (`user: User = CurrentUser` with a
    module-level `CurrentUser = Depends(get_user)`) is not reported.  The alias suggestion
    counts the signatures that write `Depends(f)` as a default, not those already using
    `Annotated`.

    ## References
    - `002_dc6b7f10b24c4d0c.txt` (`Annotated[AsyncSession, Depends(get_db)]`, `CurrentUser`, `DbSession`)
    - `000_ea9867a185a54bc6.txt`, `001_85537b9a703a1675.txt`, `003_2b96995f8c51182f.txt`,
      `004_24ddc975f9cc92ef.txt` (`x: T = Depends(f)`)
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
        "002_dc6b7f10b24c4d0c.txt",
        "000_ea9867a185a54bc6.txt",
        "001_85537b9a703a1675.txt",
        "003_2b96995f8c51182f.txt",
        "004_24ddc975f9cc92ef.txt",
    )

    def visit_FunctionDef(self, node: ast.FunctionDef, ctx: ModuleContext) -> None:
        self._signature(node, ctx)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef, ctx: ModuleContext) -> None:
        self._signature(node, ctx)

    def _signature(self, node: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext) -> None:
        a = node.args
        positional = [*a.posonlyargs, *a.args]
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(a.defaults)) + list(a.defaults)
        params = [(p, d, True, i) for i, (p, d) in enumerate(zip(positional, defaults, strict=True))]
        params += [(p, d, False, None) for p, d in zip(a.kwonlyargs, a.kw_defaults, strict=True)]
        qname = ctx.child_qname(node.name)
        spelling = None
        for p, default, is_positional, index in params:
            if not isinstance(default, ast.Call):
                continue
            callee = ctx.resolve(default.func)
            if callee not in names.PARAM_FUNCTIONS:
                continue
            if spelling is None:
                spelling = _annotated_spelling(ctx) or ("", None)
            short = callee.rsplit(".", 1)[1]
            reason, keep_default = _fix_plan(p, default, short, is_positional, index, defaults)
            if reason is None and not spelling[0]:
                reason = "the name `Annotated` is taken in this module"
            target = None  # what makes two ``Depends(...)`` "the same": callee, target, options
            if callee in names.DEPENDS:
                dep = default.args[0] if default.args else next((k.value for k in default.keywords if k.arg == "dependency"), None)
                if isinstance(dep, (ast.Name, ast.Attribute)):
                    options = sorted(_text(k) for k in default.keywords if k.arg != "dependency")
                    target = "|".join([short, ctx.resolve(dep) or _text(dep), *options])
            ann = _source(ctx, p.annotation, 40) if p.annotation is not None else None
            written = _source(ctx, default, 40)
            if callee in names.DEPENDS:
                use = f"{p.arg}: Annotated[{ann or 'T'}, {written}]"
            else:
                moved = ast.Call(
                    func=default.func,
                    args=[],
                    keywords=[k for k in default.keywords if k.arg != "default"] if not default.args else list(default.keywords),
                )
                kept = _kept_default(default, short)
                use = f"{p.arg}: Annotated[{ann or 'T'}, {_text(moved, 40)}]" + (f" = {_source(ctx, kept, 20)}" if kept else "")
            ctx.report(
                p,
                f"parameter `{p.arg}` declares `{written}` as its default value: use `{use}` (ruff FAST002)",
                fixable=reason is None,
                fix_title=None if reason is None else f"Use `Annotated[...]` by hand ({reason})",
                function=qname,
                short=short,
                target=target,
                ann=ann,
                keep_default=keep_default,
                annotated=spelling[0],
                annotated_import=spelling[1],
                param=p.arg,
                written=written,
                function_name=node.name,
                param_line=p.lineno,
                param_col=ctx.column(p.lineno, p.col_offset),
                **where(ctx, node),
            )

    def judge(self, hits: list[Hit], project) -> list[Hit]:
        request_path = project.request_path_functions
        kept = [h for h in hits if h.data.get("function") in request_path]
        users: dict[str, set[str]] = {}
        for h in kept:
            t = h.data.get("target")
            if t:
                users.setdefault(t, set()).add(h.data["function"])
        out = []
        for h in kept:
            t = h.data.get("target")
            n = len(users.get(t, ())) if t else 0
            if n >= ALIAS_MIN:
                alias = alias_name(t.split("|")[1])
                dep = h.data.get("written") or f"{h.data['short']}(...)"
                h = dataclasses.replace(
                    h,
                    message=h.message
                    + f"; `{dep}` is repeated in {n} signatures: define `{alias} = Annotated[{h.data.get('ann') or 'T'}, {dep}]` once",
                )
            out.append(h)
        return out

    def fix(self, source: str, hit: Hit, project) -> str | None:
        fixed = edit_statement(
            source, hit.data.get("param_line"), lambda m, off: _fix_param(m, hit, off), hit.data.get("span")
        )
        origin = hit.data.get("annotated_import")
        if fixed is not None and origin:
            target = python_target(project)
            if target is not None and target < (3, 9):
                origin = "typing_extensions"
            fixed = header_import(fixed, origin, "Annotated", stdlib=origin == "typing", header_end=hit.data.get("header_end"))
        return fixed

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
        ),
    )
    good = (
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
    )


def _kept_default(call: ast.Call, short: str) -> ast.expr | None:
    """The default a ``Query(...)``-like call carries (None for none or ``...``)."""
    value = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "default"), None)
    if value is None or (isinstance(value, ast.Constant) and value.value is Ellipsis):
        return None
    return value


def _fix_plan(p: ast.arg, call: ast.Call, short: str, is_positional: bool, index, defaults) -> tuple[str | None, bool]:
    """(reason there is no fix, or None; whether the parameter keeps a default)."""
    if p.annotation is None:
        return "the parameter has no annotation", False
    ann = p.annotation
    if isinstance(ann, ast.Subscript) and isinstance(ann.value, (ast.Name, ast.Attribute)):
        head = ann.value.attr if isinstance(ann.value, ast.Attribute) else ann.value.id
        if head == "Annotated":
            return "the annotation already is `Annotated`", False
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
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
    if not keep and is_positional and any(d is not None for d in defaults[:index]):
        return "a required parameter cannot follow one with a default", False
    return None, keep


def _fix_param(module, hit: Hit, offset: int):
    import libcst as cst

    from auditor.fixes import locate, replace_node

    found = _params_named(module, hit.data.get("function_name"), hit.data.get("param"))
    if len(found) != 1:  # same-named functions in one statement: ask for positions
        found = locate(module, cst.Param, hit.data.get("param_line", 0) - offset, hit.data.get("param_col"))
    if len(found) != 1:
        return None
    param = found[0]
    call = param.default
    if param.annotation is None or not isinstance(call, cst.Call):
        return None
    args = list(call.args)
    new_default = None
    if hit.data.get("short") not in ("Depends", "Security"):
        index = next((i for i, a in enumerate(args) if a.keyword is None and not a.star), None)
        if index != 0:
            index = next((i for i, a in enumerate(args) if a.keyword is not None and a.keyword.value == "default"), None)
        if index is not None:
            removed = args.pop(index)
            if index == len(args) and args:
                args[-1] = args[-1].with_changes(comma=removed.comma)
            if not isinstance(removed.value, cst.Ellipsis):
                new_default = removed.value
        if (new_default is not None) != bool(hit.data.get("keep_default")):
            return None
    annotated = hit.data.get("annotated")
    if not annotated:
        return None
    inner = module.code_for_node(param.annotation.annotation)
    new_call = module.code_for_node(call.with_changes(args=args))
    annotation = param.annotation.with_changes(annotation=cst.parse_expression(f"{annotated}[{inner}, {new_call}]"))
    if new_default is None:
        new_param = param.with_changes(annotation=annotation, default=None, equal=cst.MaybeSentinel.DEFAULT)
    else:
        new_param = param.with_changes(annotation=annotation, default=new_default)
    return replace_node(module, param, new_param)


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
