from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from auditor.check import Check, Example, Hit, Severity
from auditor.facts import Class, Expr, ModuleFacts, Name, Sub, Union, is_lit, qname_of
from auditor.project import Project
from auditor.scope import imported_modules

_ROUTER_FILES = frozenset({"router.py", "routes.py"})
_CLASS_VAR = frozenset({"typing.ClassVar", "typing_extensions.ClassVar"})
_OPTIONAL = frozenset({"typing.Optional", "typing_extensions.Optional"})
_MIN_DOMAINS = 3


def _nested_group(project: Project, ann: Expr) -> bool:
    """The field's type is a project model or settings class (``otds: OTDSSettings``,
    ``Optional[...]`` or ``X | None`` around it): a group of settings already split out of
    the class, nested (``env_nested_delimiter``), one field of it."""
    if isinstance(ann, Union):
        members = [i for i in ann.items if not is_lit(i, None) and qname_of(i) != "builtins.None"]
        return len(members) == 1 and _nested_group(project, members[0])
    if isinstance(ann, Sub) and qname_of(ann.value) in _OPTIONAL:
        return isinstance(ann.slice, Name) and _nested_group(project, ann.slice)
    q = qname_of(ann) if isinstance(ann, Name) else None
    return bool(q) and project.is_pydantic_model(q or "")


def field_count(cls: Class, project: Project | None = None) -> int:
    """Annotated fields declared by the class itself (``ClassVar`` and ``model_config`` aside;
    with ``project``, fields typed as a nested group of settings aside too)."""
    n = 0
    for a in cls.attributes:
        ann = a.annotation
        if ann is None or a.name == "model_config":
            continue
        head = ann.value if isinstance(ann, Sub) else ann
        if head and qname_of(head) in _CLASS_VAR:
            continue
        if project is not None and _nested_group(project, ann):
            continue
        n += 1
    return n


def _under(path: str, folder: str) -> bool:
    """``path`` is ``folder`` or lies below it (``.``: the project's root)."""
    return folder in (".", path) or path.startswith(f"{folder}/")


def _reexport(importer: ModuleFacts, folder: str) -> bool:
    """``importer`` is the ``__init__`` of a package that holds ``folder``: what it imports
    from there it re-exports (its users import the class through it, and count as users)."""
    return importer.is_package and _under(folder, PurePosixPath(importer.path).parent.as_posix())


def _imports(project: Project) -> dict[str, set[str]]:
    """Application module path -> the paths of the application modules it imports (through
    a package's re-export, the module that defines the name)."""
    return {
        m.path: {t.path for t in imported_modules(project, m)}
        for m in project.by_path.values()
        if m.file_class == "app"
    }


def _component_settings(
    project: Project, module: ModuleFacts, domains: set[str], imports: dict[str, set[str]]
) -> bool:
    """The settings module belongs to a component of its own, not to every domain: its
    folder (a domain's own, or none) holds no other domain package, only modules of that folder (and the packages above it,
    re-exporting) import it, and no module of a domain package imports anything from the
    folder (``services/observability/agent_actions/config.py``, read by its own consumer).
    An ``app/core/config.py`` that the domains import, directly or through a helper of
    ``app/core/``, stays a shared class."""
    folder = PurePosixPath(module.path).parent.as_posix()
    if any(d != folder and _under(d, folder) for d in domains):
        return False
    for path, targets in imports.items():
        m = project.by_path[path]
        if _under(path, folder) or (module.path in targets and _reexport(m, folder)):
            continue
        if module.path in targets:
            return False  # read from outside its folder
        if any(_under(path, d) for d in domains) and any(_under(t, folder) for t in targets):
            return False  # a domain uses the folder's code, which reads the class
    return True


_WEB_PACKAGES = frozenset({"fastapi", "starlette"})


def _web_router(project: Project, m: ModuleFacts) -> bool:
    """``m`` (a ``router.py`` / ``routes.py``) may be a domain's web router: it defines
    nothing (a stub, re-exports), imports from FastAPI or Starlette, or holds a route or an
    app or router instance.  A module of that name that defines classes or functions with
    none of these is something else named so (a reverse proxy's router resource, a table of
    a client's URL paths), not a domain package's API."""
    if not (m.classes or m.functions):
        return True
    if any(i.module.split(".", 1)[0] in _WEB_PACKAGES for i in m.import_list):
        return True
    return any(r.function.module == m.module for r in project.routes) or any(
        inst.path == m.path for inst in project.app_instances
    )


class MonolithicSettings(Check):
    """
    ## What it does
    Reports a settings class (a `pydantic_settings.BaseSettings` subclass) that declares
    more than `settings-max-fields` annotated fields (default 20), in a project organised in
    domain packages: at least three folders that each hold a `router.py` or `routes.py`
    (one that defines classes or functions but imports nothing from FastAPI or Starlette and
    holds no route or router, a reverse proxy's router resource, is not a domain's API).
    A class that one domain or one component keeps to itself is already split: its folder
    holds no other domain package, only modules of that folder import it (a package above
    may re-export it), and no domain package imports anything from that folder.
    Off by default.

    ## Why is this bad?
    In a domain layout, one settings class that every domain adds its variables to becomes a
    merge-conflict hotspot, and it couples modules that otherwise share nothing: the payments
    code imports a class that also knows the JWT secret.  [zhanymkanov README] and
    [ForgeAPI guide] ("Decouple Pydantic BaseSettings") give each domain its own
    settings (`AuthConfig` in `src/auth/config.py`) and keep a small global `Config` for what
    is shared.  [Production skill 2025] and [Patterns reference] use a single
    `Settings` class, which is fine for their layered layout (Disagreement D11): that is why
    layered projects, with fewer than three domain packages, are never reported.

    ## Example
    ```python
    # app/config.py, in a project with app/auth/, app/posts/, app/payments/ routers
    class Settings(BaseSettings):
        DATABASE_URL: str
        JWT_SECRET: str
        JWT_ALG: str = "HS256"
        STRIPE_KEY: str
        POSTS_PAGE_SIZE: int = 20
        # ... twenty more
    ```

    ## Use instead
    ```python
    # app/config.py: what every domain shares
    class Settings(BaseSettings):
        DATABASE_URL: str
        ENVIRONMENT: str = "production"

    # app/auth/config.py
    class AuthConfig(BaseSettings):
        JWT_SECRET: SecretStr
        JWT_ALG: str = "HS256"

    # app/payments/config.py
    class PaymentsConfig(BaseSettings):
        STRIPE_KEY: SecretStr
    ```

    ## Fix safety
    No automatic fix: which field belongs to which domain is a design decision.

    ## Known problems
    Only the fields a class declares itself are counted, not inherited ones; a field typed
    as a project model or settings class (`otds: OTDSSettings`, nested with
    `env_nested_delimiter`) is a group already split out of the class, and is not counted.  The threshold
    is a matter of taste: set `settings-max-fields` under `[tool.auditor]`.

    ## References
    - [zhanymkanov README], [ForgeAPI guide] ("Decouple Pydantic BaseSettings")
    - [Production skill 2025], [Patterns reference] (a single `Settings` class)
    """

    id = "SET006"
    name = "monolithic-settings"
    category = "settings"
    severity = Severity.INFO
    default_enabled = False
    heuristic = True
    message = "one settings class holds every domain's configuration"
    fix_title = "Split the settings per domain (`auth/config.py`, `payments/config.py`, ...)"
    fix_safe = False
    sources = (
        "zhanymkanov README",
        "ForgeAPI guide",
        "Production skill 2025",
        "Patterns reference",
    )

    def check_project(self, project: Project) -> Iterator[Hit]:
        try:
            limit = int(project.setting("settings-max-fields", 20))
        except (TypeError, ValueError):
            limit = 20
        domains = {
            PurePosixPath(m.path).parent.as_posix()
            for m in project.by_path.values()
            if m.file_class == "app"
            and PurePosixPath(m.path).name in _ROUTER_FILES
            and _web_router(project, m)
        }
        if len(domains) < _MIN_DOMAINS:
            return
        imports: dict[str, set[str]] | None = None
        for cls in project.settings_classes:
            module = project.modules.get(cls.module)
            if module is None or module.file_class != "app":
                continue
            n = field_count(cls, project)
            if n <= limit:
                continue
            imports = _imports(project) if imports is None else imports
            if _component_settings(project, module, domains, imports):
                continue
            yield self.project_hit(
                f"settings class `{cls.name}` declares {n} fields (more than {limit}) in a project with "
                f"{len(domains)} domain packages: split it per domain",
                path=module.path,
                line=cls.line,
                column=cls.column,
            )

    bad = (
        Example(
            files={
                "app/auth/router.py": "from fastapi import APIRouter\n\nrouter = APIRouter()\n",
                "app/posts/router.py": "from fastapi import APIRouter\n\nrouter = APIRouter()\n",
                "app/payments/router.py": """\
from app.web import make_router

router = make_router()


@router.get("/payments")
def payments() -> list[str]:
    return []
""",
                "app/web.py": "from fastapi import APIRouter\n\n\ndef make_router() -> APIRouter:\n    return APIRouter()\n",
                "app/config.py": """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    DATABASE_URL: str
    JWT_SECRET: str = ""
    STRIPE_KEY: str = ""
    PAGE_SIZE: int = 20
    PROXY_IMAGE: str = "traefik"
""",
            },
            config={"settings-max-fields": 4},
            note="the other side of the proxy-router trap: a router built by the project's own "
            "factory, with a route, is a domain's API though its module imports no FastAPI",
            lines=(4,),
        ),
        Example(
            files={
                "app/auth/router.py": "",
                "app/posts/router.py": "",
                "app/payments/router.py": "",
                "app/config.py": """\
from typing import Optional

from pydantic import BaseModel
from pydantic_settings import BaseSettings, SettingsConfigDict


class AuthSettings(BaseModel):
    JWT_SECRET: str = ""
    JWT_ALG: str = "HS256"


class PaymentsSettings(BaseSettings):
    STRIPE_KEY: str = ""


class PostsSettings(BaseModel):
    PAGE_SIZE: int = 20


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_nested_delimiter="__")
    DATABASE_URL: str
    ENVIRONMENT: str = "production"
    JWT_SECRET: str = ""
    STRIPE_KEY: str = ""
    PAGE_SIZE: dict = {}
    auth: AuthSettings = AuthSettings()
    payments: PaymentsSettings = PaymentsSettings()
    posts: Optional[PostsSettings] = None
    extra: PostsSettings | None = None
""",
            },
            config={"settings-max-fields": 4},
            note="nested groups beside five flat fields: the flat ones still count",
            lines=(20,),
        ),
        Example(
            files={
                "app/auth/router.py": "",
                "app/posts/router.py": "",
                "app/payments/routes.py": "",
                "app/config.py": """\
from typing import ClassVar

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env")
    DATABASE_URL: str
    JWT_SECRET: str
    JWT_ALG: str = "HS256"
    STRIPE_KEY: str
    POSTS_PAGE_SIZE: int = 20
    VERSION: ClassVar[str] = "1"
""",
            },
            config={"settings-max-fields": 4},
            lines=(6,),
        ),
        Example(
            files={
                "app/auth/router.py": "from app.core.deps import current_settings\n",
                "app/posts/router.py": "",
                "app/payments/router.py": "from app.worker.config import WorkerSettings\n",
                "app/core/config.py": """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    DATABASE_URL: str
    JWT_SECRET: str
    JWT_ALG: str = "HS256"
    STRIPE_KEY: str
    POSTS_PAGE_SIZE: int = 20
""",
                "app/core/deps.py": """\
from app.core.config import Settings


def current_settings() -> Settings:
    return Settings()
""",
                "app/worker/config.py": """\
\"\"\"The worker's settings.\"\"\"

from pydantic_settings import BaseSettings


class WorkerSettings(BaseSettings):
    BROKER_URL: str
    QUEUE: str = "default"
    CONCURRENCY: int = 4
    RETRIES: int = 3
    STRIPE_KEY: str
""",
                "app/worker/consumer.py": "from app.worker.config import WorkerSettings\n",
            },
            config={"settings-max-fields": 4},
            note="the other side of the component trap: a class in a folder of its own that the "
            "domains read through a helper of that folder (`app/core/deps.py`), and a worker's "
            "class that a domain's router imports too",
            lines=(4, 6),
        ),
    )
    good = (
        Example(
            files={
                "app/auth/router.py": "from fastapi import APIRouter\n\nrouter = APIRouter()\n",
                "app/posts/router.py": "from fastapi import APIRouter\n\nrouter = APIRouter()\n",
                "app/infra/proxy/router.py": """\
from dataclasses import dataclass


@dataclass
class ProxyRouter:
    rule: str
    service: str
""",
                "app/config.py": """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    DATABASE_URL: str
    JWT_SECRET: str = ""
    STRIPE_KEY: str = ""
    PAGE_SIZE: int = 20
    PROXY_IMAGE: str = "traefik"
""",
            },
            config={"settings-max-fields": 4},
            note="a `router.py` that is a reverse proxy's router resource (no FastAPI import, "
            "no route), not a domain's API: two domain packages (phidata "
            "phi/docker/app/traefik/router.py, phi/api/routes.py)",
        ),
        Example(
            files={
                "app/auth/router.py": "",
                "app/posts/router.py": "",
                "app/payments/router.py": "",
                "app/config.py": """\
from typing import Optional

from pydantic import BaseModel
from pydantic_settings import BaseSettings, SettingsConfigDict


class AuthSettings(BaseModel):
    JWT_SECRET: str = ""
    JWT_ALG: str = "HS256"


class PaymentsSettings(BaseSettings):
    STRIPE_KEY: str = ""


class PostsSettings(BaseModel):
    PAGE_SIZE: int = 20


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_nested_delimiter="__")
    DATABASE_URL: str
    ENVIRONMENT: str = "production"
    auth: AuthSettings = AuthSettings()
    payments: PaymentsSettings = PaymentsSettings()
    posts: Optional[PostsSettings] = None
    extra: PostsSettings | None = None
""",
            },
            config={"settings-max-fields": 4},
            note="a class already split into nested per-domain groups: each group is one "
            "field of it, not counted (pyxecm pyxecm_customizer/settings.py:544)",
        ),
        Example(
            files={
                "app/auth/router.py": "",
                "app/auth/config.py": """\
from pydantic_settings import BaseSettings


class AuthConfig(BaseSettings):
    JWT_SECRET: str
    JWT_ALG: str = "HS256"
""",
                "app/posts/router.py": "",
                "app/payments/router.py": "",
                "app/payments/config.py": """\
from pydantic_settings import BaseSettings


class PaymentsConfig(BaseSettings):
    STRIPE_KEY: str
""",
                "app/config.py": """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    DATABASE_URL: str
    POSTS_PAGE_SIZE: int = 20
""",
            },
            config={"settings-max-fields": 4},
            note="per-domain settings",
        ),
        Example(
            files={
                "app/auth/router.py": "from app.auth.service import login\n",
                "app/auth/service.py": "from app.auth.config import AuthConfig\n",
                "app/auth/config.py": """\
from pydantic_settings import BaseSettings


class AuthConfig(BaseSettings):
    JWT_SECRET: str
    JWT_ALG: str = "HS256"
    JWT_TTL: int = 3600
    OAUTH_CLIENT_ID: str = ""
    OAUTH_CLIENT_SECRET: str = ""
""",
                "app/posts/router.py": "",
                "app/payments/router.py": "",
                "app/consumers/__init__.py": "from app.consumers.audit.config import AuditConfig\n",
                "app/consumers/audit/consumer.py": "from app.consumers.audit.config import AuditConfig\n",
                "app/consumers/audit/config.py": """\
from pydantic_settings import BaseSettings


class AuditConfig(BaseSettings):
    KAFKA_SERVERS: str
    KAFKA_TOPIC: str = "audit"
    POSTGRES_DSN: str
    BATCH_SIZE: int = 100
    DLQ_TOPIC: str = "audit.dlq"
""",
            },
            config={"settings-max-fields": 4},
            note="large classes that already are one domain's or one component's own settings, "
            "read only in their folder (a package above re-exporting one): nothing to split "
            "(omnibase-infra services/observability/agent_actions/config.py:33)",
        ),
        Example(
            files={
                "app/api/v1/router.py": "",
                "app/api/v1/endpoints/users.py": "",
                "app/api/v1/endpoints/items.py": "",
                "app/core/config.py": """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    DATABASE_URL: str
    JWT_SECRET: str
    JWT_ALG: str = "HS256"
    STRIPE_KEY: str
    POSTS_PAGE_SIZE: int = 20
""",
            },
            config={"settings-max-fields": 4},
            note="a layered project (one router.py): never reported",
        ),
        Example(
            files={
                "app/auth/router.py": "",
                "app/posts/router.py": "",
                "app/payments/router.py": "",
                "app/schemas.py": """\
from pydantic import BaseModel


class Profile(BaseModel):
    a: str
    b: str
    c: str
    d: str
    e: str
""",
                "tests/settings.py": """\
from pydantic_settings import BaseSettings


class TestSettings(BaseSettings):
    a: str
    b: str
    c: str
    d: str
    e: str
""",
            },
            config={"settings-max-fields": 4},
            note="large models that are not settings, and test settings",
        ),
    )
