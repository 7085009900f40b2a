from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from auditor.check import Check, Example, Hit, Severity
from auditor.facts import Class, Sub, qname_of
from auditor.project import Project

_ROUTER_FILES = frozenset({"router.py", "routes.py"})
_CLASS_VAR = frozenset({"typing.ClassVar", "typing_extensions.ClassVar"})
_MIN_DOMAINS = 3


def field_count(cls: Class) -> int:
    """Annotated fields declared by the class itself (``ClassVar`` and ``model_config`` aside)."""
    n = 0
    for a in cls.attributes:
        ann = a.annotation
        if ann is None or a.name == "model_config":
            continue
        head = ann.value if isinstance(ann, Sub) else ann
        if head and qname_of(head) in _CLASS_VAR:
            continue
        n += 1
    return n


class MonolithicSettings(Check):
    """
    ## What it does
    Reports a settings class (a `pydantic_settings.BaseSettings` subclass) that declares
    more than `settings-max-fields` annotated fields (default 20), in a project organised in
    domain packages: at least three folders that each hold a `router.py` or `routes.py`.
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
    Only the fields a class declares itself are counted, not inherited ones.  The threshold
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
            if m.file_class == "app" and PurePosixPath(m.path).name in _ROUTER_FILES
        }
        if len(domains) < _MIN_DOMAINS:
            return
        for cls in project.settings_classes:
            module = project.modules.get(cls.module)
            if module is None or module.file_class != "app":
                continue
            n = field_count(cls)
            if n <= limit:
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
    )
    good = (
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
