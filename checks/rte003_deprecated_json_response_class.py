from __future__ import annotations

import ast
import dataclasses
import re
from dataclasses import dataclass
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity, snippet, when
from auditor.project import Project
from auditor.walker import ModuleContext, Scope, dotted

DEPRECATED = {
    "fastapi.responses.ORJSONResponse": "ORJSONResponse",
    "fastapi.responses.UJSONResponse": "UJSONResponse",
}
SINCE = (0, 131)
RESPONSE_KWARGS = frozenset({"response_class", "default_response_class"})


def fastapi_version(inventory) -> tuple[tuple[int, ...] | None, bool]:
    """(version, exact): the locked or ``==``-pinned FastAPI version; else an upper bound
    that keeps FastAPI below 0.131 (``<0.131``, ``~=0.115.0``); else (None, False): unknown,
    which installs the newest FastAPI."""
    from auditor.inventory import normalize

    if normalize("fastapi") in inventory.locked:
        return inventory.version("fastapi"), True
    declared = inventory.declared("fastapi")
    for r in declared:
        if re.search(r"==\s*[0-9]", r.spec):
            return inventory.version("fastapi"), True
    for r in declared:
        m = re.search(r"~=\s*([0-9]+)\.([0-9]+)\.[0-9]+", r.spec)
        if m:
            return (int(m.group(1)), int(m.group(2))), False
        m = re.search(r"<=?\s*([0-9][0-9.]*)", r.spec)
        if m:
            upper = tuple(int(x) for x in m.group(1).split(".") if x.isdigit())
            if upper and upper <= SINCE and "<=" not in r.spec:
                return (0, 0), False
            if upper and upper < SINCE:
                return upper, False
    return None, False


#: The first FastAPI release that does not run on Pydantic 1 (it requires Pydantic >= 2.7).
WITHOUT_PYDANTIC_1 = (0, 126)


def _on_pydantic_1(project: Project) -> bool:
    """The lock, the requirements or the code prove the project runs Pydantic 1 (not only
    v1-style code, which Pydantic 2 still runs): then every FastAPI it can install is older
    than :data:`WITHOUT_PYDANTIC_1`, so older than :data:`SINCE`."""
    found = project.pydantic_version  # decided once per project (it reads every module)
    return found.major == 1 and found.source != "code-style"


def _imported_in_scope(ctx: ModuleContext, name: str) -> bool:
    """``name`` is bound by a function-level import of a deprecated class."""
    s: Scope | None = ctx.scope
    while s is not None and s.kind != "module":
        if s.imports.get(name) in DEPRECATED:
            return True
        s = s.parent
    return False


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    cls: str | None = None
    kind: str = "use"  # "import" | "annotation" (of a function's signature) | "call" | "use"
    body: tuple[int, int] | None = None  # an annotation's function: its body's lines
    #: a construction: the function it is in, and whether it sets a status code (an error)
    function: str | None = None
    status: bool = False


def _annotated(node: ast.AST, parents: list[ast.AST]) -> tuple[int, int] | None:
    """The body lines of the function whose signature annotation holds ``node``, or None."""
    inner = node
    for p in reversed(parents):
        if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if inner is p.returns or isinstance(inner, ast.arg):
                first = p.body[0].lineno if p.body else p.lineno
                return first, p.end_lineno or first
            return None
        if isinstance(p, ast.stmt):
            return None
        inner = p
    return None


@dataclass
class _State:
    names: set[str] | None = None  # local names of the deprecated classes (None: not built)


def _one_per_use(hits: list[Hit]) -> list[Hit]:
    """One finding per use: the import of a class its module also uses is not reported, nor
    a function's annotation when its body uses the class (``-> ORJSONResponse`` over
    ``return ORJSONResponse(...)``)."""
    used: set[tuple[str | None, str | None]] = set()  # (path, class) with a use or annotation
    uses: dict[tuple[str | None, str | None], list[int]] = {}  # (path, class) -> use lines
    for h in hits:
        d = h.payload(_Data)
        if d.kind != "import":
            used.add((h.path, d.cls))
        if d.kind in ("use", "call"):
            uses.setdefault((h.path, d.cls), []).append(h.line or 0)
    kept: list[Hit] = []
    for h in hits:
        d = h.payload(_Data)
        if d.kind == "import" and (h.path, d.cls) in used:
            continue
        if d.kind == "annotation" and d.body is not None:
            first, last = d.body
            if any(first <= line <= last for line in uses.get((h.path, d.cls), ())):
                continue
        kept.append(h)
    return kept


class DeprecatedJsonResponseClass(Check):
    """
    ## What it does
    Reports every reference to FastAPI's `ORJSONResponse` or `UJSONResponse`: imports,
    `response_class=` and `default_response_class=` arguments, direct construction, and any
    other use (a base class, an annotation).  Import aliases are followed.  Projects whose
    FastAPI version is pinned or locked below 0.131 are skipped, and so is code beside a
    `requirements*.txt` of its own (a server template or sidecar the project installs with
    its own Dockerfile) that keeps FastAPI below 0.131; when the version is unknown, the
    current FastAPI is assumed, the message says so, and the finding is information with
    medium confidence (the pins may live outside the audited folder).

    ## Why is this bad?
    FastAPI 0.131 deprecated `ORJSONResponse` and `UJSONResponse`.  Since 0.130, a route
    that declares a return type or `response_model` and no `response_class` is serialised
    by Pydantic, in Rust, straight to JSON bytes: the fastest path FastAPI has, with
    validation and filtering included.  A custom JSON response class forces the old path
    (`jsonable_encoder`, then the third-party encoder) and adds a dependency.

    [ForgeAPI guide] advises returning dicts or pre-serialised `Response`s for
    performance-critical endpoints; that advice predates 0.130 and is now backwards
    (Disagreement D16).

    ## Example
    ```python
    from fastapi.responses import ORJSONResponse

    app = FastAPI(default_response_class=ORJSONResponse)
    ```

    ## Use instead
    ```python
    app = FastAPI()

    @app.get("/items/{name}")
    async def read_item(name: str) -> Item: ...
    ```

    ## Fix safety
    No automatic fix: orjson also serialises values the default path may reject (numpy
    arrays, non-string dict keys), so the switch needs a test run.

    ## Known problems
    References to `starlette` or your own classes that happen to be called
    `ORJSONResponse` are not reported.  An upper bound below 0.131 (`fastapi<0.131`,
    `fastapi~=0.115.0`) counts as pinned below it; a lower bound alone counts as unknown,
    since it installs the newest release.

    ## References
    - FastAPI 0.130 and 0.131 release notes (Pydantic serialisation; `ORJSONResponse` and
      `UJSONResponse` deprecated)
    - FastAPI docs, "Custom Response - HTML, Stream, File, others"
    - [ForgeAPI guide] ("consider returning dicts directly or using Response
      with pre-serialized JSON", outdated)
    """

    id = "RTE003"
    name = "deprecated-json-response-class"
    category = "routes"
    severity = Severity.WARNING
    message = "deprecated JSON response class"
    fix_title = "Drop the custom JSON response class and declare return types or response models"
    sources = ("ForgeAPI guide",)

    def applies(self, project: Project) -> str | None:
        version, _exact = fastapi_version(project.inventory)
        components = project.inventory.components.values()
        if any(r.name == "fastapi" for reqs in components for r in reqs):
            return None  # a component of its own may run another FastAPI: judged per file
        if version is not None and version < SINCE:
            shown = ".".join(str(x) for x in version) if version != (0, 0) else "an older release"
            return f"FastAPI is pinned below 0.131 ({shown}): the classes are not deprecated there"
        return None

    # -- module pass ----------------------------------------------------------------
    def visit_ImportFrom(self, node: ast.ImportFrom, ctx: ModuleContext) -> None:
        if node.level:
            return
        mod = node.module or ""
        for alias in node.names:
            target = f"{mod}.{alias.name}"
            name = DEPRECATED.get(target)
            if name is not None:
                ctx.report(
                    node,
                    f"`{name}` is imported: it is deprecated since FastAPI 0.131",
                    data=_Data(cls=name, kind="import"),
                )

    @when(names=DEPRECATED.values(), imported=DEPRECATED)
    def visit_Name(self, node: ast.Name, ctx: ModuleContext) -> None:
        if not isinstance(node.ctx, ast.Load):
            return
        state = ctx.state(_State)
        local = state.names
        if local is None:
            local = state.names = {
                n for n, q in ctx.facts.imports.items() if q in DEPRECATED
            } | set(DEPRECATED.values())
        if node.id in local or _imported_in_scope(ctx, node.id):
            self._reference(node, ctx)

    @when(names=("ORJSONResponse", "UJSONResponse"))
    def visit_Attribute(self, node: ast.Attribute, ctx: ModuleContext) -> None:
        if isinstance(node.ctx, ast.Load) and node.attr in ("ORJSONResponse", "UJSONResponse"):
            self._reference(node, ctx)

    def _reference(self, node: ast.AST, ctx: ModuleContext) -> None:
        name = DEPRECATED.get(ctx.resolve(node) or "")
        if name is None:
            return
        parent = ctx.parent
        if isinstance(parent, ast.keyword) and parent.arg in RESPONSE_KWARGS:
            written = dotted(node) or name
            message = f"`{parent.arg}={written}`: `{name}` is deprecated since FastAPI 0.131; declare a return type or response model and let Pydantic serialise"
        elif isinstance(parent, ast.Call) and parent.func is node:
            message = f"`{name}(...)` is deprecated since FastAPI 0.131"
            status = len(parent.args) > 1 or any(k.arg == "status_code" for k in parent.keywords)
            fn = ctx.function
            data = _Data(cls=name, kind="call", function=fn.qname if fn else None, status=status)
            ctx.report(node, message, data=data)
            return
        else:
            message = f"`{name}` is deprecated since FastAPI 0.131"
            body = _annotated(node, ctx.parents)
            if body is not None:
                ctx.report(node, message, data=_Data(cls=name, kind="annotation", body=body))
                return
        ctx.report(node, message, data=_Data(cls=name))

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        routes = project.route_functions
        out: list[Hit] = []
        for h in _one_per_use(hits):
            # the version that speaks for this code: its own component's requirements (a
            # server template installed by its own Dockerfile) before the project's
            inventory = project.inventory.for_path(h.path or "", "fastapi")
            version, exact = fastapi_version(inventory)
            lower = inventory.version("fastapi")
            if version is not None and version < SINCE:
                continue  # this code is deployed with a FastAPI that has not deprecated it
            if version is None and lower is None and _on_pydantic_1(project):
                continue  # FastAPI dropped Pydantic 1 in 0.126: it runs an older FastAPI
            unknown = False
            if version is None and lower is not None and lower >= SINCE:
                suffix = f" (FastAPI ≥ {'.'.join(str(x) for x in lower)})"
            elif version is None:
                # the advice holds only from 0.131 on, and nothing here says which FastAPI
                # runs this code (the pins may sit outside the audited folder): a guess
                unknown = True
                suffix = " (assuming FastAPI ≥ 0.131: no pinned or locked version)"
            elif exact:
                suffix = f" (FastAPI {'.'.join(str(x) for x in version)})"
            else:
                suffix = ""
            d = h.payload(_Data)
            advice = ""
            if d.kind == "call":
                if d.function in routes and not d.status:
                    advice = "; return the data from a route with a declared return type instead"
                else:
                    # an error response, an exception handler, a middleware: nothing is
                    # returned through a route's return type, the response is built by hand
                    advice = "; build a `JSONResponse` with the same arguments instead"
            h = dataclasses.replace(h, message=h.message + advice + suffix)
            if unknown:
                h = dataclasses.replace(h, severity=Severity.INFO, confidence="medium")
            out.append(h)
        return out

    bad = (
        Example(
            files={
                "app/templates/server/server.py": """\
from fastapi import FastAPI
from fastapi.responses import ORJSONResponse

app = FastAPI(default_response_class=ORJSONResponse)
""",
                "app/templates/server/requirements.txt": "fastapi>=0.135\n",
                "app/templates/tests/requirements.txt": "fastapi<0.100\n",
                "requirements.txt": "fastapi<0.125\n",
            },
            note="the template's own requirements speak for its code: here they allow only "
            "FastAPI releases that deprecate the class, whatever the project pins",
            lines=(4,),
        ),
        Example(
            files={
                "api/main.py": """\
from fastapi import FastAPI
from fastapi.responses import ORJSONResponse

app = FastAPI(default_response_class=ORJSONResponse)
""",
                "tools/legacy/pyproject.toml": '[project]\nname = "legacy"\nversion = "1"\n'
                'dependencies = ["fastapi<0.100"]\n',
                "requirements.txt": "fastapi==0.135.1\n",
            },
            note="a sub-folder's pyproject.toml speaks only for the code beneath it",
            lines=(4,),
        ),
        snippet(
            """\
from fastapi import FastAPI
from fastapi.responses import ORJSONResponse

app = FastAPI(default_response_class=ORJSONResponse)
""",
            note="one finding per use: the import of a class the module uses is not another one",
            lines=(4,),
        ),
        Example(
            files={
                "app/routes.py": """\
import fastapi.responses as responses
from fastapi import APIRouter
from fastapi.responses import UJSONResponse as Fast

router = APIRouter(default_response_class=responses.ORJSONResponse)


@router.get("/items", response_class=Fast)
async def items() -> list[int]:
    return [1]


@router.get("/raw")
async def raw() -> responses.ORJSONResponse:
    return responses.ORJSONResponse({"a": 1})


def late() -> object:
    from fastapi.responses import ORJSONResponse as Late

    return Late
""",
                "requirements.txt": "fastapi==0.135.1\n",
            },
            note="module aliases and renamed imports; a pinned current version; the return "
            "annotation of a handler whose body constructs the class is the same use",
            lines=(5, 8, 15, 21),
        ),
        Example(
            files={
                "app/compat.py": """\
from fastapi.responses import ORJSONResponse

__all__ = ["ORJSONResponse"]
""",
                "app/errors.py": """\
from fastapi.responses import ORJSONResponse, UJSONResponse



def render(payload: dict) -> ORJSONResponse:
    return make(payload)


def make(payload: dict) -> UJSONResponse: ...
""",
            },
            note="a re-export is reported on its import; an annotation is reported when its "
            "function's body does not use the class itself",
            lines=(1, 5, 9),
        ),
        snippet(
            """\
from fastapi import FastAPI, Request
from fastapi.responses import ORJSONResponse

app = FastAPI()


@app.exception_handler(ValueError)
async def on_value_error(request: Request, exc: ValueError) -> ORJSONResponse:
    return ORJSONResponse({"detail": str(exc)}, status_code=400)


@app.get("/stats")
async def stats(fail: bool = False) -> ORJSONResponse:
    if fail:
        return ORJSONResponse({"error": "unavailable"}, status_code=503)
    return ORJSONResponse({"count": 1})
""",
            note="error responses and exception handlers build their response by hand: the "
            "replacement is `JSONResponse`, not a declared return type",
            lines=(9, 15, 16),
        ),
    )
    good = (
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI
from fastapi.responses import ORJSONResponse

app = FastAPI(default_response_class=ORJSONResponse)
""",
                "requirements.txt": "fastapi\npydantic>=1.8,<2\n",
            },
            note="FastAPI is not pinned, but Pydantic 1 is: FastAPI 0.126 and later require "
            "Pydantic 2, so this project runs a FastAPI that has not deprecated the class",
        ),
        Example(
            files={
                "app/templates/server/server.py": """\
from fastapi import FastAPI
from fastapi.responses import ORJSONResponse

app = FastAPI(default_response_class=ORJSONResponse)
""",
                "app/templates/server/requirements.txt": "fastapi>=0.110,<0.125\n",
                "app/main.py": """\
from fastapi import FastAPI

app = FastAPI()
""",
            },
            note="a server template shipped with its own requirements, which keep FastAPI "
            "below the deprecation: that is the FastAPI the template's code runs on",
        ),
        snippet(
            """\
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Item(BaseModel):
    name: str


@app.get("/items/{name}")
async def read_item(name: str) -> Item:
    return Item(name=name)
"""
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI
from fastapi.responses import ORJSONResponse

app = FastAPI(default_response_class=ORJSONResponse)
""",
                "requirements.txt": "fastapi==0.115.6\n",
            },
            note="pinned below 0.131: not deprecated there",
        ),
        Example(
            files={
                "shop-1.0/shop/app.py": """\
from fastapi import FastAPI
from fastapi.responses import ORJSONResponse

app = FastAPI(default_response_class=ORJSONResponse)
""",
                "shop-1.0/pyproject.toml": '[project]\nname = "shop"\nversion = "1.0"\n'
                'dynamic = ["dependencies"]\n\n[tool.poetry.dependencies]\n'
                'python = "^3.12"\nfastapi = "^0.122.0"\n',
                "shop-1.0/PKG-INFO": "Metadata-Version: 2.4\nName: shop\nVersion: 1.0\n"
                "Requires-Dist: fastapi (>=0.122.0,<0.123.0)\n",
            },
            note="the project lives in a sub-folder (an unpacked sdist, a monorepo's backend): "
            "its Poetry caret range and its PKG-INFO keep FastAPI below 0.131 for the code "
            "beneath it",
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi.responses import UJSONResponse
""",
                "pyproject.toml": '[project]\nname = "x"\nversion = "1"\ndependencies = ["fastapi~=0.110.0"]\n',
            },
            note="a compatible-release pin below 0.131",
        ),
        snippet(
            """\
from fastapi import FastAPI
from fastapi.responses import JSONResponse

from app.responses import ORJSONResponse


class UJSONResponse(JSONResponse):
    pass


def handler(ORJSONResponse: type) -> object:
    return ORJSONResponse


app = FastAPI(default_response_class=UJSONResponse)
""",
            note="project classes and parameters with the same names",
        ),
    )
