from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity, snippet
from auditor.facts import Call, CallSite, Function, ModuleFacts, Name, dotted_of, qname_of
from auditor.project import Project
from auditor.recognisers import tested_absent

#: Decorators that cache a function's result (called or bare).
CACHE_DECORATORS = frozenset({"functools.lru_cache", "functools.cache"})
#: Other decorators taken to cache too (``cachetools.cached``, ``@singleton`` ...): silence.
_CACHE_WORDS = ("cache", "memo", "singleton", "once")


def is_cached(fn: Function) -> bool:
    for dec in fn.decorators:
        if not isinstance(dec, (Name, Call)):
            continue
        q = qname_of(dec)
        if q in CACHE_DECORATORS:
            return True
        last = (q or dotted_of(dec) or "").rsplit(".", 1)[-1].lower()
        if any(w in last for w in _CACHE_WORDS):
            return True
    return False


def _is_settings(project: Project, qname: str | None) -> str | None:
    """The settings class ``qname`` refers to (its name), or None."""
    cls = project.class_(qname) if qname else None
    if cls is None:
        return None
    if project.is_settings_class(cls.qname) or project.class_is(
        cls.qname, {"pydantic.v1.BaseSettings"}
    ):
        return cls.name
    return None


def _reads_defaults(module: ModuleFacts, function: str, line: int) -> bool:
    """The settings object built on ``line`` of ``function`` is bound to a local named for
    defaults (``default_settings = Settings()``, ``defaults = Settings()``)."""
    return any(
        inst.function == function
        and inst.call.line == line
        and "default" in inst.target.rsplit(".", 1)[-1].lower()
        for inst in module.instances
    )


def _discarded(project: Project, path: str, cs: CallSite) -> bool:
    """The call is a statement of its own (``Config(**overrides)`` in a ``try`` whose
    ``except ValidationError`` rejects the values): the object is thrown away, so it is built
    to validate values, not to read the settings."""
    text = project.read_text(path)
    if text is None:
        return False
    lines = text.splitlines()
    if not 0 < cs.line <= cs.end_line <= len(lines):
        return False
    before = lines[cs.line - 1][: cs.column - 1]  # columns are 1-based
    after = lines[cs.end_line - 1][cs.end_column - 1 :].strip()
    return not before.strip() and (not after or after.startswith("#"))


def _state_attribute(target: ast.expr) -> bool:
    """``request.app.state.config`` / ``app.state.config``: an attribute of an application's
    state, which outlives the request."""
    parts: list[str] = []
    while isinstance(target, ast.Attribute):
        parts.append(target.attr)
        target = target.value
    if isinstance(target, ast.Name):
        parts.append(target.id)
    # the object before ``state`` is an application (not the request's own ``state``)
    return len(parts) >= 3 and parts[1] == "state" and parts[2].lower().endswith("app")


def _kept_on_state(project: Project, path: str, fn: Function, cs: CallSite) -> bool:
    """The settings object built at ``cs`` is stored on the application's state in the same
    function (``config = Settings(); request.app.state.config = config``): built once, on
    the first request that finds the state empty, then reused (a lazy cache)."""
    if ".state." not in (project.read_text(path) or ""):
        return False
    node = project.def_node(fn)
    if node is None:
        return False
    local: str | None = None
    for n in ast.walk(node):
        if not isinstance(n, ast.Assign) or n.value.lineno != cs.line:
            continue
        if not isinstance(n.value, ast.Call):
            continue
        if any(_state_attribute(t) for t in n.targets):
            return True  # ``request.app.state.config = Settings()``
        if len(n.targets) == 1 and isinstance(n.targets[0], ast.Name):
            local = n.targets[0].id
    if local is None:
        return False
    return any(
        isinstance(n, ast.Assign)
        and isinstance(n.value, ast.Name)
        and n.value.id == local
        and any(_state_attribute(t) for t in n.targets)
        for n in ast.walk(node)
    )


def _memoised_in_global(project: Project, fn: Function, cs: CallSite) -> bool:
    """The settings object built at ``cs`` is stored in a module global the function declares
    (``global _settings``) only while that global is empty (``if _settings is None:
    _settings = Settings()``): built by the first call, then returned from the global, the
    hand-written form of ``@lru_cache``.  A global assigned on every call is no cache."""
    node = project.def_node(fn)
    if node is None:
        return False
    declared = {name for n in ast.walk(node) if isinstance(n, ast.Global) for name in n.names}
    for guard in ast.walk(node):
        if not isinstance(guard, ast.If):
            continue
        name = tested_absent(guard.test)
        if name is None or name not in declared:
            continue
        for stmt in guard.body:
            if (
                isinstance(stmt, ast.Assign)
                and stmt.value.lineno == cs.line
                and isinstance(stmt.value, ast.Call)
                and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets)
            ):
                return True
    return False


class _Data(NamedTuple):
    """The function that builds the settings."""

    function: str


class SettingsNotCached(Check):
    """
    ## What it does
    Finds settings objects that are rebuilt on every request:

    1. a function that `return`s a new instance of a settings class (a
       `pydantic_settings.BaseSettings` subclass), is not decorated with
       `functools.lru_cache` or `functools.cache`, and is used as a dependency
       (`Depends(get_settings)`) or called inside a route or a dependency;
    2. a settings class instantiated directly inside a route or a dependency.

    ## Why is this bad?
    `Settings()` reads every environment variable again, and **reads the `.env` file from
    disk again**, each time it is called.  Behind `Depends`, that is once per request: wasted
    I/O on the hot path, and values that can change between two requests of the same
    process.  The FastAPI settings documentation caches the object with `@lru_cache`, and so
    do the sources ([Production guide 2026], [Production skill 2025],
    [Patterns reference]: `@lru_cache def get_settings() -> Settings`; 003 injects
    it with `Depends(get_settings)`).  A cached `get_settings` also keeps
    `app.dependency_overrides[get_settings]` working in tests.

    A module-level `settings = Settings()` (the [ForgeAPI guide] and
    [zhanymkanov README] pattern) is built once at import and is not reported (D11:
    both styles are fine; only the uncached dependency is a problem).  Nor is a settings
    object built as a statement of its own and thrown away (`Settings(**submitted)` in a
    `try` that rejects a `ValidationError`): it validates values, it reads no settings.
    Nor is one a route stores on the application's state as it builds it (`config =
    Settings(); request.app.state.config = config`, when the state holds none yet): the
    first request builds it, the next ones reuse it (one built without being stored is
    still reported, even behind `if app.state.config is None`).

    ## Example
    ```python
    def get_settings() -> Settings:
        return Settings()


    @app.get("/info")
    async def info(settings: Annotated[Settings, Depends(get_settings)]):
        return {"name": settings.app_name}
    ```

    ## Use instead
    ```python
    from functools import lru_cache


    @lru_cache
    def get_settings() -> Settings:
        return Settings()
    ```

    ## Fix safety
    For a module-level, synchronous function without parameters, the fix adds `@lru_cache`
    and `from functools import lru_cache` (an existing `functools` import or alias is
    reused).  The settings are then read once per process, which is the intent, but it is a
    change of behaviour (so the fix is marked unsafe): a test that changes the environment
    between calls must call `get_settings.cache_clear()`.  An
    `async def` factory is not fixed (`lru_cache` would cache a coroutine that can be awaited
    only once), and neither is a factory with parameters (each argument combination would be
    cached separately).

    ## Known problems
    A function counts as cached when one of its decorators resolves to `functools.lru_cache`
    or `functools.cache`, or has `cache`, `memo`, `singleton` or `once` in its name (such as
    `cachetools.cached`).  A settings object stored in a module global the function
    declares, only while that global is empty (`global _settings`, `if _settings is None:
    _settings = Settings()`), is cached by hand and not reported; a global reassigned on
    every call is.  Only functions used as dependencies, or called directly in a route
    or dependency body, are considered: a helper called from a helper is not followed.  A
    function that also returns something other than a new settings object (the settings of
    the current context, with `Settings()` only as a fallback) is not reported: its answer
    depends on state, and caching it would freeze the first answer.  Neither is a settings
    object built in a route and bound to a local named for defaults (`defaults =
    Settings()`, `default_settings = Settings()`): a fresh instance, read for the defaults
    of its fields (a reset-to-default endpoint), is the point there; a cached one would
    hold the current values.

    ## References
    - [Production guide 2026], [Production skill 2025], [Patterns reference]
      (`@lru_cache def get_settings()`)
    - [ForgeAPI guide], [zhanymkanov README] (module-level settings objects)
    - FastAPI docs, "Settings and Environment Variables" (`lru_cache`)
    """

    id = "SET004"
    name = "settings-not-cached"
    category = "settings"
    severity = Severity.WARNING
    message = "settings are rebuilt on every request"
    fix_title = "Cache the settings factory with `@lru_cache`"
    fix_safe = False  # the environment is then read once per process
    sources = (
        "Production guide 2026",
        "Production skill 2025",
        "Patterns reference",
        "ForgeAPI guide",
        "zhanymkanov README",
    )

    def check_project(self, project: Project) -> Iterator[Hit]:
        request_path = project.request_path_functions
        dependencies = project.dependency_functions
        # callers of each project function, among request-path functions
        callers: dict[str, list[Function]] = {}
        for rp in request_path.values():
            for cs in rp.calls:
                target = project.function(cs.qname)
                if target is not None:
                    callers.setdefault(target.qname, []).append(rp)

        factories: set[str] = set()
        for module in project.app_modules:
            for fn in module.functions.values():
                made = next(
                    (
                        name
                        for rv in fn.return_values
                        if isinstance(rv, Call)
                        for name in [_is_settings(project, qname_of(rv))]
                        if name
                    ),
                    None,
                )
                if made is None:
                    continue
                factories.add(fn.qname)
                if is_cached(fn):
                    continue
                if not all(
                    isinstance(rv, Call) and _is_settings(project, qname_of(rv))
                    for rv in fn.return_values
                ):
                    # ``return context.settings`` first, ``Settings()`` only as a fallback:
                    # the answer depends on state, and ``@lru_cache`` would freeze it
                    continue
                if fn.qname in dependencies:
                    usage = "is used as a dependency"
                elif fn.qname in callers:
                    usage = f"is called in `{callers[fn.qname][0].name}`"
                else:
                    continue
                fixable = (
                    not fn.is_async
                    and not fn.params
                    and fn.class_qname is None
                    and fn.qname == f"{fn.module}.{fn.name}"
                )
                yield Hit(
                    check_id=self.id,
                    path=module.path,
                    line=fn.line,
                    column=fn.column,
                    end_line=fn.line,
                    end_column=None,
                    message=f"`{fn.name}()` builds `{made}()` on every call and {usage}: "
                    + (
                        "make it a plain `def` cached with `@lru_cache`"
                        if fn.is_async
                        else "cache it with `@lru_cache`"
                    ),
                    data=_Data(fn.qname),
                    fixable=fixable,
                    fix_title="Add `@lru_cache`" if fixable else None,
                )

        for rp in request_path.values():
            rp_module = project.modules.get(rp.module)
            if rp_module is None or rp_module.file_class != "app":
                continue
            if rp.qname in factories or is_cached(rp):
                continue
            for cs in rp.calls:
                made = _is_settings(project, cs.qname)
                if made is None:
                    continue
                if _reads_defaults(rp_module, rp.qname, cs.line):
                    continue  # ``defaults = Settings()``: built on purpose, for its defaults
                if _discarded(project, rp_module.path, cs):
                    continue  # ``Settings(**submitted)`` alone: validates values, reads nothing
                if _kept_on_state(project, rp_module.path, rp, cs):
                    continue  # stored on ``app.state``: built by the first request only
                if _memoised_in_global(project, rp, cs):
                    continue  # kept in a module global while it is empty: built once
                yield Hit(
                    check_id=self.id,
                    path=rp_module.path,
                    line=cs.line,
                    column=cs.column,
                    end_line=cs.end_line,
                    end_column=cs.end_column,
                    message=f"`{made}()` is built inside `{rp.name}`, on every request: use a cached `get_settings` dependency",
                    data=_Data(rp.qname),
                )

    def fix(self, source: str, hit: Hit, project: Project) -> str | None:
        import libcst as cst

        from auditor.fixes import add_import, locate, module_code, parse_module

        module = parse_module(source)
        funcs = [
            f
            for f in locate(module, cst.FunctionDef, hit.line, hit.column)
            if f.asynchronous is None
        ]
        if (
            len(funcs) != 1
            or funcs[0].params.params
            or funcs[0].params.star_arg is not cst.MaybeSentinel.DEFAULT
        ):
            return None
        func = funcs[0]
        if func.params.kwonly_params or func.params.star_kwarg or func.params.posonly_params:
            return None
        facts = project.by_path.get(hit.path or "")
        imports = facts.imports if facts is not None else {}
        expr: cst.BaseExpression | None = None
        for wanted in ("functools.lru_cache", "functools.cache"):
            local = next((k for k, v in imports.items() if v == wanted), None)
            if local is not None:
                expr = cst.Name(local)
                break
        if expr is None:
            local = next((k for k, v in imports.items() if v == "functools"), None)
            if local is not None:
                expr = cst.Attribute(value=cst.Name(local), attr=cst.Name("lru_cache"))
        need_import = expr is None
        if expr is None:
            expr = cst.Name("lru_cache")
        new = func.with_changes(decorators=[cst.Decorator(decorator=expr), *func.decorators])
        module = module.deep_replace(func, new)
        if need_import:
            module = add_import(module, "functools", "lru_cache")
        return module_code(module)

    bad = (
        snippet(
            """\
from fastapi import FastAPI
from pydantic import ValidationError
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    port: int = 8000


app = FastAPI()


@app.post("/settings")
def save(overrides: dict[str, int]) -> dict[str, str]:
    try:
        Settings(**overrides)  # validate the submitted values
    except ValidationError as e:
        return {"error": str(e)}
    port = Settings(**overrides).port
    return {"status": f"saved {port}"}
""",
            note="the same values validated, then read from a settings object built per request",
            lines=(19,),
        ),
        snippet(
            """\
from fastapi import Depends, FastAPI
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    app_name: str = "api"


_current: Settings | None = None


def current_settings() -> Settings:
    global _current
    _current = Settings()
    return _current


app = FastAPI()


@app.get("/info")
async def info(s: Settings = Depends(current_settings)) -> str:
    return s.app_name
""",
            note="a module global reassigned on every call: no cache, built on every request",
            lines=(14,),
        ),
        snippet(
            """\
from fastapi import FastAPI, Request
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    app_name: str = "api"


app = FastAPI()


@app.get("/settings")
async def read(request: Request) -> str:
    config = getattr(request.app.state, "settings", None)
    if config is None:
        config = Settings()
        request.state.settings = config
    return config.app_name
""",
            note="built whenever the application's state holds none, and never stored there "
            "(the request's own state does not outlive it)",
            lines=(16,),
        ),
        snippet(
            """\
from typing import Annotated

from fastapi import Depends, FastAPI
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env")
    app_name: str = "api"


def get_settings() -> Settings:
    return Settings()


app = FastAPI()


@app.get("/info")
async def info(settings: Annotated[Settings, Depends(get_settings)]) -> dict[str, str]:
    return {"name": settings.app_name}
""",
            lines=(12,),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -3,4 +3,5 @@
 from fastapi import Depends, FastAPI
 from pydantic_settings import BaseSettings, SettingsConfigDict
+from functools import lru_cache
 
 
@@ -10,4 +11,5 @@
 
 
+@lru_cache
 def get_settings() -> Settings:
     return Settings()
""",
            ),
        ),
        Example(
            files={
                "app/config.py": """\
import functools as ft

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    app_name: str = "api"


def get_settings() -> Settings:
    return Settings()
""",
                "app/routes.py": """\
from fastapi import APIRouter, Depends

from app.config import Settings, get_settings

router = APIRouter()


@router.get("/name")
def name() -> str:
    return get_settings().app_name


@router.get("/direct")
def direct(settings: Settings = Depends(get_settings)) -> str:
    local = Settings()
    return local.app_name
""",
            },
            note="a call inside a route; a direct instantiation; an existing functools alias is reused by the fix",
            lines=(10, 15),
            fixes=(
                """\
--- a/app/config.py
+++ b/app/config.py
@@ -8,4 +8,5 @@
 
 
+@ft.lru_cache
 def get_settings() -> Settings:
     return Settings()
""",
            ),
        ),
        snippet(
            """\
from fastapi import APIRouter, Depends
from pydantic_settings import BaseSettings

router = APIRouter()


class Settings(BaseSettings):
    debug: bool = False


async def current_settings() -> Settings:
    return Settings()


@router.get("/debug")
async def debug(s: Settings = Depends(current_settings)) -> bool:
    return s.debug
""",
            note="an async factory is reported, not fixed",
            lines=(11,),
        ),
    )
    good = (
        snippet(
            """\
from fastapi import FastAPI
from pydantic import ValidationError
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    port: int = 8000


app = FastAPI()


def store(values: dict[str, int]) -> None:
    pass


@app.post("/settings")
def save(overrides: dict[str, int]) -> dict[str, str]:
    try:
        Settings(**overrides)  # validate the submitted values
    except ValidationError as e:
        return {"error": str(e)}
    store(overrides)
    return {"status": "saved"}
""",
            note="a settings object built only to validate submitted values, then thrown away",
        ),
        snippet(
            """\
from fastapi import APIRouter
from pydantic_settings import BaseSettings

router = APIRouter()


class Settings(BaseSettings):
    site_title: str = "api"
    max_upload_mb: int = 10


@router.get("/settings/default")
async def default_value(field: str) -> dict[str, object]:
    defaults = Settings()
    return {"value": getattr(defaults, field)}
""",
            note="a fresh `Settings()` built on purpose to read a field's default (a "
            "reset-to-default endpoint): a cached object would hold the current values",
        ),
        snippet(
            """\
from functools import lru_cache
from typing import Annotated

from fastapi import Depends, FastAPI
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env")
    app_name: str = "api"


@lru_cache
def get_settings() -> Settings:
    return Settings()


app = FastAPI()


@app.get("/info")
async def info(settings: Annotated[Settings, Depends(get_settings)]) -> dict[str, str]:
    return {"name": settings.app_name}
"""
        ),
        snippet(
            """\
import functools

from fastapi import Depends, FastAPI
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    app_name: str = "api"


settings = Settings()


@functools.lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


@functools.cache
def other_settings() -> Settings:
    return Settings()


def make_settings(**overrides: str) -> Settings:
    return Settings(**overrides)


app = FastAPI()


@app.get("/info")
async def info(s: Settings = Depends(get_settings), o: Settings = Depends(other_settings)) -> str:
    return settings.app_name + s.app_name + o.app_name
""",
            note="module-level instance, called/attribute cache decorators, a factory used only elsewhere",
        ),
        snippet(
            """\
from fastapi import Depends, FastAPI
from pydantic import BaseModel


class Settings(BaseModel):
    app_name: str = "api"


class Config:
    debug = False


def get_settings() -> Settings:
    return Settings()


def get_config() -> Config:
    return Config()


app = FastAPI()


@app.get("/info")
async def info(s: Settings = Depends(get_settings), c: Config = Depends(get_config)) -> str:
    return s.app_name
""",
            note="plain models and classes named like settings are not settings classes",
        ),
        snippet(
            """\
from contextlib import asynccontextmanager

from fastapi import FastAPI
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    app_name: str = "api"


def load_settings() -> Settings:
    return Settings()


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.settings = load_settings()
    yield


app = FastAPI(lifespan=lifespan)
""",
            note="built once in the lifespan, not per request",
        ),
        snippet(
            """\
from contextvars import ContextVar

from fastapi import Depends, FastAPI
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    app_name: str = "api"


current: ContextVar[Settings | None] = ContextVar("current", default=None)


def active_settings() -> Settings:
    override = current.get()
    if override is not None:
        return override
    return Settings()


app = FastAPI()


@app.get("/info")
async def info(s: Settings = Depends(active_settings)) -> str:
    return s.app_name
""",
            note="the settings of the current context, Settings() only as a fallback: caching would freeze it",
        ),
        snippet(
            """\
from fastapi import FastAPI, Request
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    app_name: str = "api"


app = FastAPI()


@app.put("/settings")
async def update(request: Request) -> str:
    config = getattr(request.app.state, "settings", None)
    if config is None:
        config = Settings()
        request.app.state.settings = config
    return config.app_name


@app.get("/name")
async def name(request: Request) -> str:
    if getattr(request.app.state, "settings", None) is None:
        request.app.state.settings = Settings()
    return request.app.state.settings.app_name
""",
            note="built by the first request and stored on the application's state, then reused",
        ),
        snippet(
            """\
from fastapi import Depends, FastAPI
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    app_name: str = "api"


_current: Settings | None = None


def current_settings() -> Settings:
    global _current
    if _current is None:
        _current = Settings()
    return _current


app = FastAPI()


@app.get("/info")
async def info(s: Settings = Depends(current_settings)) -> str:
    return s.app_name
""",
            note="kept in a module global that is filled only while it is empty: built by the "
            "first call, the hand-written form of `@lru_cache`",
        ),
    )
