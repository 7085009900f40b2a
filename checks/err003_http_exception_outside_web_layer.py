from __future__ import annotations

import ast
from pathlib import PurePosixPath
from typing import NamedTuple

from auditor import names
from auditor.check import Check, Example, Hit, Severity, snippet, when
from auditor.facts import Call, Name, qname_of
from auditor.project import Project
from auditor.walker import ModuleContext

HTTP_EXCEPTIONS = frozenset({"fastapi.HTTPException", "starlette.exceptions.HTTPException"})
#: File stems of service and data modules.
LAYER_STEMS = frozenset(
    {
        "service",
        "services",
        "repository",
        "repositories",
        "repo",
        "crud",
        "models",
        "schemas",
        "domain",
    }
)
#: Folders of service and data modules.
LAYER_DIRS = frozenset({"services", "repositories", "crud", "domain"})
#: Pydantic validator decorators: an HTTPException there is PYD006's finding.
VALIDATORS = frozenset({"field_validator", "model_validator", "validator", "root_validator"})


def service_or_data_module(path: str) -> bool:
    p = PurePosixPath(path)
    return p.stem in LAYER_STEMS or any(d in LAYER_DIRS for d in p.parts[:-1])


def _in_validator(ctx: ModuleContext) -> bool:
    fn = ctx.function
    if fn is None:
        return False
    for d in fn.decorators:
        q = qname_of(d) if isinstance(d, (Name, Call)) else None
        if q and q.startswith("pydantic") and q.rsplit(".", 1)[-1] in VALIDATORS:
            return True
    return False


def _takes_request_parameters(ctx: ModuleContext) -> bool:
    """The function the ``raise`` is in declares a parameter with one of FastAPI's request
    parameter markers (``= Body(...)``, ``= Depends(db)``, ``Annotated[str, Query()]``):
    only FastAPI fills such a parameter, so the function is a route handler or a dependency
    -- the web layer -- whatever its module's name (a router module named ``schemas.py``,
    also when its router is a project subclass the model cannot see)."""
    fn = next(
        (
            p
            for p in reversed(ctx.parents)
            if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        ),
        None,
    )
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    a = fn.args
    marks = [*a.defaults, *a.kw_defaults]
    marks += [p.annotation for p in (*a.posonlyargs, *a.args, *a.kwonlyargs) if p.annotation]
    return any(
        isinstance(n, ast.Call) and ctx.resolve(n.func) in names.PARAM_FUNCTIONS
        for m in marks
        if m is not None
        for n in ast.walk(m)
    )


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    module: str | None = None


class HttpExceptionOutsideWebLayer(Check):
    """
    ## What it does
    Reports `raise HTTPException(...)` (FastAPI's or Starlette's) in service and data
    modules: files named `service.py`, `services.py`, `repository.py`, `repositories.py`,
    `repo.py`, `crud.py`, `models.py`, `schemas.py` or `domain.py`, and modules under a
    `services/`, `repositories/`, `crud/` or `domain/` folder.  A module that defines route
    handlers or dependencies is the web layer and is never reported, also when it declares
    its handlers through the project's own route decorator (`@endpoint.get("/chats/{id}")`,
    a method of a project class that registers them with `add_api_route`).  Nor is a
    function that declares a parameter with one of FastAPI's request parameter markers
    (`= Body(...)`, `= Depends(get_db)`, `Annotated[str, Query()]`): only FastAPI fills
    such a parameter, so the function is a route handler or a dependency, the web layer,
    whatever its module is named (a router module named `schemas.py` whose router class
    the model cannot see).

    ## Why is this bad?
    `HTTPException` is an HTTP answer.  Raised from business or data code, it ties that
    code to one transport: the same service called from a background worker, a CLI or a
    test raises a web exception nobody there can handle, and the mapping from domain
    failures to status codes ends up scattered across the code base.  The sources keep
    domain exceptions in the service layer and map them once, at the edge:
    [zhanymkanov README] and [ForgeAPI guide] (`raise PostNotFound()` and
    a per-module `exceptions.py`), [Production guide 2026] (`RunNotFoundError` and its
    handler), [Production skill 2025] and [Patterns reference] (an
    `AppException` / `AppError` hierarchy with one handler).  It is architecture advice,
    so the finding is informational.

    ## Example
    ```python
    # app/posts/service.py
    async def get_post(post_id: int) -> Post:
        ...
        raise HTTPException(status_code=404, detail="Post not found")
    ```

    ## Use instead
    ```python
    # app/posts/service.py
    async def get_post(post_id: int) -> Post:
        ...
        raise PostNotFound()

    # app/main.py
    @app.exception_handler(PostNotFound)
    async def post_not_found(request: Request, exc: PostNotFound) -> JSONResponse:
        return JSONResponse(status_code=404, content={"detail": "Post not found"})
    ```

    ## Fix safety
    No automatic fix: the domain exception, its module and its handler are design choices.

    ## Known problems
    The layer is read from file and folder names, and from the routes, dependencies and
    request parameters the code declares.  An `HTTPException` raised in a
    Pydantic validator is PYD006's finding and is not repeated here.  Projects that
    deliberately use `HTTPException` everywhere can turn the check off
    (`ignore = ["ERR003"]`).

    ## References
    - [zhanymkanov README], [ForgeAPI guide] (`raise PostNotFound()`, per-module `exceptions.py`)
    - [Production guide 2026] (`RunNotFoundError` and its exception handler)
    - [Production skill 2025], [Patterns reference] (`AppException` / `AppError` hierarchies)
    """

    id = "ERR003"
    name = "http-exception-outside-web-layer"
    category = "errors"
    severity = Severity.INFO
    heuristic = True
    message = "`HTTPException` raised in a service or data module"
    fix_title = "Raise a domain exception and map it to a status in an exception handler"
    fix_safe = False
    sources = (
        "zhanymkanov README",
        "ForgeAPI guide",
        "Production guide 2026",
        "Production skill 2025",
        "Patterns reference",
    )

    @when(says=(b"httpexception",))  # (what HTTP_EXCEPTIONS names, however it is imported)
    def visit_Raise(self, node: ast.Raise, ctx: ModuleContext) -> None:
        exc = node.exc
        if not isinstance(exc, ast.Call) or not service_or_data_module(ctx.path):
            return
        if ctx.resolve(exc.func) not in HTTP_EXCEPTIONS:
            return
        if _in_validator(ctx):
            return
        if _takes_request_parameters(ctx):
            return  # a route handler or dependency: the web layer, whatever the file's name
        where = f" in `{ctx.function.name}`" if ctx.function else ""
        ctx.report(
            node,
            f"`HTTPException` raised{where} in service/data module `{PurePosixPath(ctx.path).name}`: "
            "it ties this code to HTTP; raise a domain exception and map it in a handler",
            data=_Data(module=ctx.module),
        )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        if not hits:
            return []
        web = {r.function.module for r in project.routes}
        web |= {f.module for f in project.wrapped_route_functions.values()}
        web |= {f.module for f in project.dependency_functions.values()}
        return [h for h in hits if h.payload(_Data).module not in web]

    bad = (
        snippet(
            """\
from fastapi import HTTPException


async def get_post(post_id: int) -> dict[str, int]:
    if post_id != 1:
        raise HTTPException(status_code=404, detail="Post not found")
    return {"id": post_id}
""",
            path="app/posts/service.py",
            lines=(6,),
        ),
        Example(
            files={
                "src/shop/services/orders.py": """\
from fastapi import HTTPException as HTTPError
from starlette import exceptions


def cancel(order_id: int) -> None:
    if order_id < 0:
        raise HTTPError(400, "bad id")
    raise exceptions.HTTPException(status_code=409)
""",
                "src/shop/crud.py": """\
import fastapi


def get_user(user_id: int) -> dict:
    raise fastapi.HTTPException(404)
""",
                "src/shop/router.py": """\
from fastapi import APIRouter

from shop import crud
from shop.services import orders

router = APIRouter()


@router.delete("/orders/{order_id}")
def cancel(order_id: int) -> None:
    orders.cancel(order_id)
""",
            },
            note="a services/ folder, crud.py, import aliases, Starlette's HTTPException",
            lines=(7, 8, 5),
        ),
        Example(
            files={
                "app/cache.py": """\
class Cache:
    def get(self, key: str):
        def decorator(func):
            return func

        return decorator


cache = Cache()
""",
                "app/crud.py": """\
from fastapi import HTTPException

from app.cache import cache


@cache.get("/users/{user_id}")
def get_user(user_id: int) -> dict:
    raise HTTPException(404)
""",
            },
            note="a project decorator with a path-like key that registers no route: still a "
            "data module",
            lines=(8,),
        ),
        Example(
            files={
                "app/inject.py": """\
def Depends(factory):
    return factory()
""",
                "app/services/billing.py": """\
from fastapi import HTTPException
from sqlalchemy.orm import Query

from app.inject import Depends


def charge(amount: int, ledger: dict = Depends(dict)) -> None:
    if amount < 0:
        raise HTTPException(400, "negative amount")


def refund(rows: Query, amount: int) -> None:
    raise HTTPException(409, "already refunded")
""",
            },
            note="the other side of the request-parameter trap: a project's own `Depends` and "
            "SQLAlchemy's `Query` are no FastAPI parameter markers",
            lines=(9, 13),
        ),
    )
    good = (
        Example(
            files={
                "app/posts/exceptions.py": "class PostNotFound(Exception):\n    pass\n",
                "app/posts/service.py": """\
from app.posts.exceptions import PostNotFound


async def get_post(post_id: int) -> dict[str, int]:
    if post_id != 1:
        raise PostNotFound()
    return {"id": post_id}
""",
                "app/main.py": """\
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from app.posts.exceptions import PostNotFound

app = FastAPI()


@app.exception_handler(PostNotFound)
async def post_not_found(request: Request, exc: PostNotFound) -> JSONResponse:
    return JSONResponse(status_code=404, content={"detail": "Post not found"})
""",
            },
        ),
        Example(
            files={
                "app/users/service.py": """\
from fastapi import APIRouter, Depends, HTTPException

router = APIRouter()


async def valid_user_id(user_id: int) -> int:
    if user_id < 1:
        raise HTTPException(status_code=404, detail="User not found")
    return user_id


@router.get("/users/{user_id}")
async def read_user(user_id: int = Depends(valid_user_id)) -> dict:
    return {"id": user_id}
""",
                "app/posts/dependencies.py": """\
from fastapi import HTTPException


async def valid_post_id(post_id: int) -> int:
    raise HTTPException(status_code=404)
""",
                "app/posts/router.py": """\
from fastapi import HTTPException

raise_it = HTTPException
""",
            },
            note="modules that define routes or dependencies are the web layer; other file names are not checked",
        ),
        Example(
            files={
                "plug/decorators/endpoint.py": """\
from fastapi import APIRouter


class EndpointDecorator:
    def _wrap(self, method: str, path: str, **kwargs):
        def decorator(func):
            router = APIRouter()
            router.add_api_route(path, func, methods=[method.upper()], **kwargs)
            return router

        return decorator

    def get(self, path: str, **kwargs):
        return self._wrap("get", path, **kwargs)

    def delete(self, path: str, **kwargs):
        return self._wrap("delete", path, **kwargs)


endpoint = EndpointDecorator()
""",
                "plug/decorators/__init__.py": "from plug.decorators.endpoint import endpoint\n",
                "plug/__init__.py": "from .decorators import endpoint\n",
                "plugins/chats/endpoints/crud.py": """\
from fastapi import HTTPException

from plug import endpoint


@endpoint.get("/chats/{id}", tags=["Chats"])
async def get_chat(id: str) -> dict:
    raise HTTPException(status_code=404, detail="Not found.")


@endpoint.delete("/chats/{id}")
async def delete_chat(id: str) -> None:
    raise HTTPException(status_code=404, detail="Not found.")
""",
            },
            note="a crud.py whose functions are route handlers declared with the project's "
            "own route decorator (a class that registers them with add_api_route), re-exported "
            "by its package under the name of its submodule",
        ),
        Example(
            files={
                "app/api/ui/schemas.py": """\
from typing import Annotated, Any

from fastapi import Body, HTTPException, Query

from app.web.routing import ApiRouter

router = ApiRouter(prefix="/ui/schemas")


@router.post("/validate")
async def validate_schema(schema: dict[str, Any] = Body(..., embed=True)) -> dict:
    if "type" not in schema:
        raise HTTPException(status_code=422, detail="a schema needs a type")
    return {"valid": True}


@router.get("/lookup")
async def lookup(name: Annotated[str, Query(max_length=40)]) -> dict:
    raise HTTPException(status_code=404, detail=f"no schema {name}")
""",
            },
            note="a router module named `schemas.py` whose router class lives in a module the "
            "audit does not have (seen in prefect-client's wheel): its handlers take FastAPI's "
            "request parameters, so they are the web layer",
        ),
        Example(
            files={
                "app/schemas.py": """\
from fastapi import HTTPException
from pydantic import BaseModel, field_validator


class SignUp(BaseModel):
    password: str

    @field_validator("password")
    @classmethod
    def strong(cls, v: str) -> str:
        if len(v) < 12:
            raise HTTPException(400, "weak password")
        return v
""",
                "app/models.py": """\
class HTTPException(Exception):
    pass


def check(x: int) -> None:
    raise HTTPException("not the FastAPI one")
""",
                "app/domain.py": """\
from werkzeug.exceptions import NotFound


def find() -> None:
    raise NotFound()
""",
            },
            note="a validator (PYD006's finding), a local look-alike class, Flask/werkzeug errors",
        ),
        Example(
            files={
                "tests/services/test_orders.py": """\
from fastapi import HTTPException


def fake_service() -> None:
    raise HTTPException(500)
""",
                "scripts/crud.py": "from fastapi import HTTPException\n\nraise HTTPException(500)\n",
            },
            note="tests and tooling scripts are not app modules",
        ),
    )
