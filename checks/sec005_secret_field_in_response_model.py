from __future__ import annotations

import ast
import itertools
import re
import weakref
from typing import NamedTuple

from auditor import names
from auditor.check import Check, Example, Hit, Severity, snippet
from auditor.facts import (
    Attribute,
    Call,
    Class,
    DictExpr,
    Expr,
    Function,
    Lit,
    ModuleFacts,
    Name,
    Seq,
    Sub,
    Union,
    dotted_of,
    is_lit,
    kwarg,
    lit,
    qname_of,
    str_lit,
)
from auditor.lazyre import lazy_compile
from auditor.project import Project

SECRET_NAMES = frozenset(
    {
        "password",
        "hashed_password",
        "password_hash",
        "passwd",
        "pwd_hash",
        "secret",
        "secret_key",
        "api_key",
        "private_key",
        "refresh_token_hash",
        "otp_secret",
    }
)
#: Types Pydantic serialises masked (``"**********"``).
SECRET_TYPES = frozenset(
    {
        "pydantic.SecretStr",
        "pydantic.SecretBytes",
        "pydantic.Secret",
        "pydantic.types.SecretStr",
        "pydantic.types.SecretBytes",
        "pydantic.types.Secret",
        "pydantic.v1.SecretStr",
        "pydantic.v1.SecretBytes",
    }
)
FIELD_CALLS = frozenset({"pydantic.Field", "sqlmodel.Field", "sqlmodel.main.Field"})
NOT_FIELDS = frozenset(
    {
        "pydantic.PrivateAttr",
        "pydantic.fields.PrivateAttr",
        "sqlmodel.Relationship",
        "sqlmodel.main.Relationship",
    }
)
CLASSVAR = frozenset({"typing.ClassVar", "typing_extensions.ClassVar"})
FIELD_SERIALIZERS = frozenset(
    {"pydantic.field_serializer", "pydantic.functional_serializers.field_serializer"}
)
FIELD_VALIDATORS = frozenset(
    {
        "pydantic.field_validator",
        "pydantic.functional_validators.field_validator",
        "pydantic.validator",
        "pydantic.class_validators.validator",
        "pydantic.v1.validator",
        "pydantic.v1.class_validators.validator",
    }
)
#: Stored hashes: never something a route delivers on purpose.
HASH_NAMES = frozenset({"hashed_password", "password_hash", "pwd_hash", "refresh_token_hash"})
#: A route whose path or handler name says it manages one of these delivers secrets on
#: purpose: the API-key route that shows the new key once, a connection store that hands
#: credentials to its workers.
CREDENTIAL_RESOURCES = frozenset(
    {"apikey", "key", "secret", "credential", "connection", "password", "passwd"}
)
#: Scalars that cannot carry a secret value (``api_key: bool`` is a flag).
NON_SECRET_SCALARS = frozenset({"builtins.bool", "builtins.int", "builtins.float"})
MODEL_SERIALIZERS = frozenset(
    {"pydantic.model_serializer", "pydantic.functional_serializers.model_serializer"}
)
_SEQ = (
    "List",
    "Set",
    "FrozenSet",
    "Tuple",
    "Sequence",
    "MutableSequence",
    "Iterable",
    "Iterator",
    "Collection",
    "AbstractSet",
    "MutableSet",
)
CONTAINERS = frozenset(
    {"builtins.list", "builtins.set", "builtins.frozenset", "builtins.tuple"}
    | {f"typing.{n}" for n in _SEQ}
    | {f"typing_extensions.{n}" for n in _SEQ}
    | {f"collections.abc.{n}" for n in _SEQ}
    | {"typing.Optional", "typing.Union", "typing_extensions.Optional", "typing_extensions.Union"}
)
MAPPINGS = frozenset(
    {
        "builtins.dict",
        "typing.Dict",
        "typing.Mapping",
        "typing.MutableMapping",
        "collections.abc.Mapping",
        "collections.abc.MutableMapping",
    }
)
ANNOTATED = frozenset({"typing.Annotated", "typing_extensions.Annotated"})
_MAX_DEPTH = 6
_NESTING = 3


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    model: str | None = None


class SecretFieldInResponseModel(Check):
    """
    ## What it does
    For every HTTP route, takes the response type — the `response_model=` of the route
    decorator, otherwise the return annotation — and looks through `list[...]`,
    `Sequence[...]`, `Optional[...]` / `X | None`, `Annotated[...]`, type aliases and the
    project's own generic wrappers (`Page[UserInDB]`) for project Pydantic models
    (SQLModel models included).  It reports the route when such a model has a field —
    declared on it, inherited from a project base class, or on a nested project model —
    named `password`, `hashed_password`, `password_hash`, `passwd`, `pwd_hash`, `secret`,
    `secret_key`, `api_key`, `private_key`, `refresh_token_hash` or `otp_secret`
    (in any case).

    ## Why is this bad?
    FastAPI serialises every field of the response model into the response.  A model that
    carries `hashed_password` sends the hash to every client that calls the route, where it
    can be cracked offline.  Response models exist precisely to filter such fields out:
    [Production skill 2025] separates `UserResponse` from `UserInDB` ("Internal with
    hash"), and the FastAPI docs use `response_model` to "filter data to avoid exposing
    sensitive information".

    ## Example
    ```python
    class UserInDB(BaseModel):
        id: int
        email: str
        hashed_password: str

    @router.get("/users/{user_id}")
    async def read_user(user_id: int) -> UserInDB: ...
    ```

    ## Use instead
    ```python
    class UserResponse(BaseModel):
        id: int
        email: str

    class UserInDB(UserResponse):
        hashed_password: str

    @router.get("/users/{user_id}", response_model=UserResponse)
    async def read_user(user_id: int) -> Any: ...
    ```
    Or return `UserResponse` directly.  A field that must stay on the model can be declared
    `Field(exclude=True)`, or typed `SecretStr` so that it is serialised masked.

    ## Fix safety
    No automatic fix: the public shape of the response is an API decision.

    ## Known problems
    A secret field that the code always writes `None` is not reported: every use of the
    name of the class that declares it, in the project's Python files, is an import, an
    annotation, a `response_model=` value or a construction passing `field=None` (no `**`,
    no `model_validate`, no subclass), and the route's handler returns only constructions
    of project classes (a dict or a row returned for FastAPI to validate could fill it).
    A list of such models built from dicts (`Outer(items=[{...}])`) is not followed.

    Fields declared `Field(exclude=True)`, typed `SecretStr`/`SecretBytes`, or handled by a
    `@field_serializer` / `@model_serializer`, and fields left out by the route's literal
    `response_model_exclude` / `response_model_include`, are not reported.  Neither is a
    field rewritten by a `@field_validator` / `@validator` whose returns are not simply the
    incoming value (`return mask(v)`, `return None`): that is how masking validators look,
    but a validator that rewrites the value without hiding it is missed.  A secret-named
    field typed as a project model (form metadata such as `password: FieldBehaviour`) is
    looked into rather than reported, and one typed `bool`, `int` or `float` is a flag or a
    count, not a secret.

    A route whose handler, or a project function it calls (two levels deep), calls a
    function named to hide secrets (`mask_*`, `get_masked_values`, `redact_*`,
    `sanitize_*`, `scrub_*`, `remove_sensitive_*` ...), or whose text (or that of a function
    it calls) writes a mask out (`key[:10] + "*" * (len(key) - 10)`, `token[:4] + "****"`),
    is not reported: the secrets are masked before the response is built.  Which fields that function hides is not checked,
    so a route that masks one secret and leaks another is missed.

    The finding is an error when the exposed field is a stored hash, which no client should
    get (and which the model does not default to `None`: a model shared with the store may
    be filled without it), or when the code proves that every client gets the secret: every dependency of the
    route was followed and none authenticates.  Behind a guard (a `Security(...)` dependency,
    a FastAPI security scheme, one named like `check_admin`, `current_user`,
    `require_scope`, or a header or cookie parameter named like `authorization` /
    `api_key`, on the route, its decorator, its routers or anywhere in what they depend on,
    such as a dependency class whose `__call__` takes `Security(HTTPBearer())`) a plain
    secret may be meant for the clients it admits (an admin editing a user, a project's
    members): warning, medium confidence.  So is one behind a dependency that cannot be
    followed.  So is a route whose every exposed secret is a field of a settings class
    (F6) that no code of the project reads (no `.api_key` attribute, no quoted `"api_key"`
    anywhere): the server does not use that setting, it exists to be handed to the clients
    (a browser's public analytics key), and a name alone does not prove a secret.  A route
    is one finding, however many members of a `Union` response expose secrets.

    Some routes exist to hand a secret out: the creation route that shows a generated secret
    once (a `POST` whose handler or route name says `create`, `add`, `register`, `issue`,
    `generate`, `rotate` ..., or that answers `201 Created`), the API-key route that shows a
    new key, a route returning the caller's own key (or the signed-in caller itself:
    `return current_user`, the value of its guarding dependency), a connection or credential store
    serving its workers.  When the route's static path segments or its handler's name name the field
    (`/api_key` and `api_key`) or a credential resource (`key`, `api key`, `secret`,
    `credential`, `connection`, `password`), its secret fields are not reported — except
    stored hashes (`hashed_password`, `password_hash`, `pwd_hash`, `refresh_token_hash`),
    which no route should deliver.  Neither are the secrets a `DELETE` of one resource by
    its id (`DELETE /users/{user_id}`, its only path parameter) returns with the resource
    it removes (a deleted user's key authenticates nobody; a nested
    `DELETE /teams/{id}/users/{user_id}` may only remove a membership and is reported), the secret fields
    of the request body the route sends back (the same field of the same model: the caller
    gets what it submitted), nor, behind a guard, a webhook's signing `secret` on a route
    named for webhooks (the owner needs it to verify deliveries).  A state-changing route
    whose handler, or a project function it calls (two levels deep), makes a new credential
    (a callee named like `generate_key`, `create_api_key`, `issue_token`, or
    `secrets.token_urlsafe`, in an f-string too) delivers the secret it has just issued (a
    code exchanged for a key), also when a method makes it on an object the route's own
    object holds (`self._store.complete_registration(...)`, the attribute's class written in
    an annotation or a construction, and that class's subclasses in the project); a route that issues one secret and leaks another is then missed.  A real leak through a route so named is therefore
    missed, and a delivery route named otherwise (`/{id}` handled by `fetch`) is reported.  Token-issuing
    responses legitimately carry `access_token` / `refresh_token`, which are not in the
    list.  Plain SQLAlchemy ORM classes (and dataclasses) used as response types are not
    inspected: FastAPI cannot build a response model from an ORM class and fails at start
    up, so the leak only happens through `response_model=None`, which the auditor cannot
    see.  Generic wrappers from other packages (for example `fastapi_pagination.Page`),
    forward references written as strings and non-literal `response_model_include` /
    `response_model_exclude` make the route unknown, and it is skipped.  WebSocket routes
    are not HTTP responses and are skipped.

    ## References
    - [Production skill 2025] ("Input/Output Separation": `UserResponse` vs `UserInDB`)
    - FastAPI docs, "Response Model - Return Type" (data filtering) and the FastAPI agent
      skill ("filter data to avoid exposing sensitive information")
    """

    id = "SEC005"
    name = "secret-field-in-response-model"
    category = "security"
    severity = Severity.ERROR
    message = "response model exposes a secret field"
    fix_title = "Return a response model without the secret field"
    sources = ("Production skill 2025",)

    def check_project(self, project: Project) -> list[Hit]:
        out: list[Hit] = []
        cache: dict[str, list[tuple[str, str]] | None] = {}
        reads = _AttributeReads(project)
        empties: dict[tuple[str, str], bool] = {}
        for route in project.routes:
            if route.websocket:
                continue
            rm = route.kw("response_model")
            if rm is not None:
                if is_lit(rm, None):
                    continue
                rtype: Expr | None = rm
            else:
                rtype = route.function.returns
            if not rtype:
                continue
            filtered = _route_filter(route)
            if filtered is None:
                continue
            exclude, include = filtered
            models: list[Class] = []
            _models(project, rtype, models, 0)
            creation = _creation_route(route) or _issues_secret(project, route)
            deleting = _deletes_resource(route)
            own = _returns_caller(project, route)
            guard = _guard(project, route)
            echoed = _body_secrets(project, route, cache)
            # one finding per route, however many members of a union expose secrets
            exposed: list[tuple[Class, list[str]]] = []
            hashes = False
            delivered_settings = True  # every exposed secret is a setting nobody reads
            for model in _unique(models):
                shown = []
                for field_path, owner in _secret_fields(project, model, cache):
                    top = field_path.split(".", 1)[0]
                    if top in exclude or (include is not None and top not in include):
                        continue
                    field = field_path.rsplit(".", 1)[-1]
                    stored_hash = field.lower() in HASH_NAMES
                    if _always_empty(project, model, field_path, route, empties):
                        # every construction of the class that holds it writes ``None``
                        continue
                    if not stored_hash and (
                        creation
                        or deleting
                        or own
                        or _delivers(route, field, guarded=guard is not None)
                        or (field_path, owner) in echoed
                    ):
                        # the route that creates or hands out this very secret, the one
                        # that deletes its holder (a revoked credential), the one that
                        # answers the signed-in caller itself (its own key), or the one that
                        # sends back the credentials the caller just submitted
                        continue
                    # a hash field that defaults to None (a model shared with the store,
                    # filled only where the row is read with it) may be sent empty: the
                    # code does not prove the hash goes out
                    hashes = hashes or (
                        stored_hash and not _may_be_empty(project, model, field_path)
                    )
                    if delivered_settings and (
                        stored_hash
                        or not _settings_field(project, model, field_path)
                        or reads.read(field)
                    ):
                        delivered_settings = False
                    said = f"`{field_path}`" + (
                        f" (declared on `{owner}`)" if owner != model.name else ""
                    )
                    if said not in shown:  # one path reached through several union members
                        shown.append(said)
                if shown:
                    exposed.append((model, shown))
            if not exposed or _masks(project, route.function):
                continue
            open_route = guard is None and _unauthenticated(project, route)
            out.append(self._finding(route, exposed, hashes, guard, open_route, delivered_settings))
        return out

    def _finding(
        self,
        route,
        exposed: list[tuple[Class, list[str]]],
        hashes: bool,
        guard: str | None,
        open_route: bool,
        delivered_settings: bool = False,
    ) -> Hit:
        """Error when a stored hash is exposed (no client should get one) or when the code
        proves that nothing guards the route (every dependency followed, none of them
        authenticates); a plain secret behind a guard (an admin-only route, a project
        member's) may be meant for those clients, and one behind dependencies that could
        not be followed may be too: warning, medium confidence.  So is a route whose every
        exposed secret is a field of a settings class that no code of the project reads
        (``delivered_settings``): the server does not use it, it exists to be handed out
        (a browser's public analytics key), and its name alone proves no secret."""
        first = exposed[0][0]
        if len(exposed) == 1:
            said = f"response model `{first.name}` exposes {', '.join(exposed[0][1])}"
        else:
            said = "response models expose " + "; ".join(
                f"`{model.name}`: {', '.join(shown)}" for model, shown in exposed[:3]
            )
            if len(exposed) > 3:
                said += f" (and {len(exposed) - 3} more models)"
        if guard:
            to_whom = f"to the clients `{guard}` admits"
        elif open_route:
            to_whom = "to every client"
        else:
            to_whom = "to the clients its dependencies admit"
        note = (
            " (settings the server itself never reads: they may exist to be delivered)"
            if delivered_settings
            else ""
        )
        hit = self.project_hit(
            f"{_label(route)} {said} {to_whom}{note}",
            path=route.site.path,
            line=route.decorator.line,
            data=_Data(model=first.qname),
        )
        if (not open_route or delivered_settings) and not hashes:
            hit.severity = Severity.WARNING
            hit.confidence = "medium"
        return hit

    bad = (
        snippet(
            """\
import logging

from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()
log = logging.getLogger(__name__)


class Account(BaseModel):
    name: str
    api_key: str


@router.get("/account")
def read_account() -> Account:
    log.info("*" * 80)
    return Account(name="a", api_key="k")
""",
            note="the other side of the inline-mask trap: a row of stars in a log line masks "
            "nothing",
            lines=(15,),
        ),
        snippet(
            """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class UserInDB(BaseModel):
    id: int
    email: str
    hashed_password: str


@router.get("/users/{user_id}")
async def read_user(user_id: int) -> UserInDB:
    return UserInDB(id=user_id, email="a@example.com", hashed_password="x")
""",
            lines=(13,),
        ),
        snippet(
            """\
from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from app.auth import current_user

router = APIRouter(dependencies=[Depends(current_user)])


class User(BaseModel):
    id: int
    hashed_password: str | None = None
    password_hash: str | None = Field(default=None)


@router.get("/users")
async def list_users() -> list[User]:
    return [User(id=1)]
""",
            with_files={"app/auth.py": "def current_user() -> int:\n    return 1\n"},
            note="a hash field that defaults to None (a model shared with the store) may be "
            "sent empty: reported, but not proven (warning, medium confidence)",
            lines=(15,),
        ),
        Example(
            files={
                "app/schemas.py": """\
from typing import Generic, Optional, TypeVar

from pydantic import BaseModel

T = TypeVar("T")


class UserBase(BaseModel):
    email: str
    Password: str


class UserOut(UserBase):
    id: int


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int


class Account(BaseModel):
    owner: UserOut
    API_KEY: Optional[str] = None
""",
                "app/routes.py": """\
from typing import Annotated, Optional, Sequence

from fastapi import APIRouter

from app import schemas
from app.schemas import Page, UserOut

router = APIRouter(prefix="/users")


@router.get("/", response_model=list[UserOut])
def list_users() -> list[dict]:
    return []


@router.get("/page")
def page() -> Page[UserOut]:
    raise NotImplementedError


@router.get("/accounts/{account_id}")
def account(account_id: int) -> Annotated[Optional[schemas.Account], "doc"]:
    return None


def search() -> Sequence[UserOut] | None:
    return None


router.add_api_route("/search", search, methods=["POST"])
""",
            },
            note="inherited fields, containers, a generic wrapper, Annotated, nested models, add_api_route",
            lines=(11, 16, 21, 30),
        ),
        snippet(
            """\
from fastapi import FastAPI
from sqlmodel import Field, SQLModel

app = FastAPI()


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    secret_key: str


@app.get("/heroes/{hero_id}", response_model=Hero)
def read_hero(hero_id: int) -> Hero:
    raise NotImplementedError
""",
            note="a SQLModel table model",
            lines=(13,),
        ),
        snippet(
            """\
from fastapi import APIRouter
from pydantic import BaseModel, field_validator

router = APIRouter()


class ApiUser(BaseModel):
    email: str
    password: str
    hashed_password: str

    @field_validator("password")
    @classmethod
    def strong_enough(cls, v: str) -> str:
        if len(v) < 12:
            raise ValueError("too short")
        return v


@router.post("/users")
def create_user(user: ApiUser) -> ApiUser:
    return user


@router.get("/api-keys/{key_id}/owner")
def key_owner(key_id: int) -> ApiUser:
    raise NotImplementedError
""",
            note="a validator that returns the value unchanged masks nothing; a stored hash is never delivered on purpose",
            lines=(20, 25),
        ),
        snippet(
            """\
from typing import Union

from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class GithubAccount(BaseModel):
    login: str
    password: str


class GitlabAccount(BaseModel):
    username: str
    api_key: str


@router.get("/accounts/{account_id}", response_model=Union[GithubAccount, GitlabAccount])
async def read_account(account_id: int) -> dict:
    return {}
""",
            note="one finding per route, naming every member of the union that leaks "
            "(not one per member)",
            lines=(19,),
        ),
        snippet(
            """\
from typing import Union

from fastapi import APIRouter, Depends
from pydantic import BaseModel


def check_admin() -> None:
    pass


router = APIRouter(prefix="/admin", dependencies=[Depends(check_admin)])


class UserUpdate(BaseModel):
    id: str
    password: str | None = None


class AdminView(BaseModel):
    id: str
    api_key: str


class UserRecord(BaseModel):
    id: str
    password_hash: str


@router.put("/users/{user_id}")
def update_user(user_id: str, data: UserUpdate) -> AdminView:
    raise NotImplementedError


@router.get("/users/{user_id}", response_model=Union[AdminView, UserRecord])
def read_user(user_id: str) -> dict:
    return {}
""",
            note="behind an admin guard a plain secret may be meant for those clients (warning, "
            "medium confidence), a stored hash never is (error); one finding per route, "
            "whatever the members of its union",
            lines=(29, 34),
        ),
        snippet(
            """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class Params(BaseModel):
    model: str
    api_key: str | None = None


class GuardrailOut(BaseModel):
    name: str
    params: Params


def _copy_params(params: Params) -> Params:
    return params.model_copy()


@router.get("/guardrails/{name}")
def read_guardrail(name: str) -> GuardrailOut:
    return GuardrailOut(name=name, params=_copy_params(Params(model="m", api_key="k")))
""",
            note="a helper that copies without masking hides nothing",
            lines=(21,),
        ),
        snippet(
            """\
from fastapi import APIRouter, Depends, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from vendor_auth import opaque_dependency

router = APIRouter()


class ProjectMember:
    async def __call__(
        self, project: str, token: HTTPAuthorizationCredentials = Security(HTTPBearer())
    ) -> str:
        return token.credentials


def get_db() -> None:
    pass


class RegistryAuth(BaseModel):
    username: str
    password: str


class Run(BaseModel):
    name: str
    registry_auth: RegistryAuth | None = None


@router.post("/{project}/runs/get")
def get_run(project: str, member: str = Depends(ProjectMember())) -> Run:
    raise NotImplementedError


@router.get("/public/runs/{name}")
def public_run(name: str, db: None = Depends(get_db)) -> Run:
    raise NotImplementedError


@router.get("/shared/runs/{name}")
def shared_run(name: str, ctx: None = Depends(opaque_dependency)) -> Run:
    raise NotImplementedError
""",
            note="guards the model must see through: a dependency class whose `__call__` takes "
            "`Security(HTTPBearer())` (warning); every dependency followed and none "
            "authenticates (error); a dependency that cannot be followed (warning)",
            lines=(30, 35, 40),
        ),
        snippet(
            """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class Member(BaseModel):
    id: int
    api_key: str


@router.delete("/teams/{team_id}/members/{member_id}")
def remove_member(team_id: int, member_id: int) -> Member:
    raise NotImplementedError
""",
            note="a nested DELETE may only end a membership: the member's key stays valid",
            lines=(12,),
        ),
        Example(
            files={
                "app/config.py": """\
from pydantic_settings import BaseSettings


class TrackingSettings(BaseSettings):
    enabled: bool = True
    api_key: str | None = None


class PaymentSettings(BaseSettings):
    secret_key: str = ""


class Settings(BaseSettings):
    tracking: TrackingSettings = TrackingSettings()
    payments: PaymentSettings = PaymentSettings()


settings = Settings()
""",
                "app/main.py": """\
import httpx
from fastapi import FastAPI
from pydantic import BaseModel

from app.config import PaymentSettings, TrackingSettings, settings

app = FastAPI()


class ClientConfig(BaseModel):
    tracking: TrackingSettings


class PaymentConfig(BaseModel):
    payments: PaymentSettings


@app.get("/config")
def client_config() -> ClientConfig:
    return ClientConfig(tracking=settings.tracking)


@app.get("/payments/config")
def payment_config() -> PaymentConfig:
    return PaymentConfig(payments=settings.payments)


def charge(amount: int) -> None:
    httpx.post("https://pay.example/charge", auth=(settings.payments.secret_key, ""))
""",
            },
            note="settings handed to every client: one no code reads (a browser's analytics "
            "key, warning) and one the server signs its calls with (error)",
            lines=(18, 23),
        ),
        Example(
            files={
                "app/store.py": """\
import secrets
from typing import Protocol


class Store(Protocol):
    async def register(self, name: str) -> dict[str, str]: ...

    async def rename(self, name: str) -> dict[str, str]: ...


class MemoryStore:
    def __init__(self) -> None:
        self.keys: dict[str, str] = {}

    async def register(self, name: str) -> dict[str, str]:
        self.keys[name] = key = f"ak_{secrets.token_urlsafe(24)}"
        return {"name": name, "api_key": key}

    async def rename(self, name: str) -> dict[str, str]:
        return {"name": name, "api_key": self.keys[name]}
""",
                "app/main.py": """\
from fastapi import APIRouter, FastAPI
from pydantic import BaseModel

from app.store import MemoryStore, Store


class Issued(BaseModel):
    name: str
    api_key: str


class Door:
    def __init__(self, store: Store | None = None) -> None:
        self._store: Store = store or MemoryStore()
        self.router = APIRouter()
        self.router.add_api_route("/agents", self._handle, methods=["POST"], response_model=Issued)

    async def _handle(self, name: str) -> Issued:
        return Issued(**await self._store.rename(name))


app = FastAPI()
app.include_router(Door().router)
""",
            },
            note="the trap beside a store that mints keys: its method the route calls returns "
            "a stored key",
            lines=(16,),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/main.py": """\
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
ROWS: dict[str, dict] = {}


class Integration(BaseModel):
    id: str
    api_key: str | None = None


class Connector(BaseModel):
    id: str
    api_key: str | None = None


@app.get("/integrations/{item_id}")
def read_integration(item_id: str) -> Integration:
    return Integration(id=item_id, api_key=None)


@app.post("/integrations/{item_id}/copy")
def copy_integration(item_id: str) -> Integration:
    return Integration(**ROWS[item_id])


@app.get("/connectors/{item_id}")
def read_connector(item_id: str) -> Connector:
    if item_id == "none":
        return Connector(id=item_id, api_key=None)
    return ROWS[item_id]
""",
            },
            note="the other side of the always-`None` trap: a construction that fills the "
            "field from `**` elsewhere, a handler that returns a row for FastAPI to validate",
            lines=(18, 23, 28),
        ),
    )
    good = (
        Example(
            files={
                "app/__init__.py": "",
                "app/schemas.py": """\
from pydantic import BaseModel


class Integration(BaseModel):
    id: str
    url: str
    api_key: str | None = None


class IntegrationList(BaseModel):
    items: list[Integration]
""",
                "app/client.py": """\
class Integration:
    def __init__(self, api_key: str) -> None:
        self.api_key = api_key


def connect(key: str) -> Integration:
    return Integration(api_key=key)
""",
                "app/main.py": """\
from fastapi import FastAPI

from app.schemas import Integration, IntegrationList

app = FastAPI()
ROWS: dict[str, dict] = {}


def _parse(row: dict) -> Integration:
    return Integration(id=row["id"], url=row["url"], api_key=None)


@app.get("/integrations")
def list_integrations() -> IntegrationList:
    return IntegrationList(items=[_parse(r) for r in ROWS.values()])


@app.patch("/integrations/{item_id}", response_model=Integration)
def update_integration(item_id: str, url: str):
    row = ROWS[item_id]
    row["url"] = url
    return Integration(id=item_id, url=url, api_key=None)
""",
            },
            note="compensated code: every construction of the class that declares the secret "
            "writes it `None` (a class of the same name in another module is another class), "
            "and the handlers return constructions (no dict or row for FastAPI to fill the "
            "field from)",
        ),
        Example(
            files={
                "app/store.py": """\
import secrets
from typing import Protocol


class Store(Protocol):
    async def register(self, name: str) -> dict[str, str]: ...

    async def rename(self, name: str) -> dict[str, str]: ...


class MemoryStore:
    def __init__(self) -> None:
        self.keys: dict[str, str] = {}

    async def register(self, name: str) -> dict[str, str]:
        self.keys[name] = key = f"ak_{secrets.token_urlsafe(24)}"
        return {"name": name, "api_key": key}

    async def rename(self, name: str) -> dict[str, str]:
        return {"name": name, "api_key": self.keys[name]}
""",
                "app/main.py": """\
from fastapi import APIRouter, FastAPI
from pydantic import BaseModel

from app.store import MemoryStore, Store


class Issued(BaseModel):
    name: str
    api_key: str


class Door:
    def __init__(self, store: Store | None = None) -> None:
        self._store: Store = store or MemoryStore()
        self.router = APIRouter()
        self.router.add_api_route("/agents", self._handle, methods=["POST"], response_model=Issued)

    async def _handle(self, name: str) -> Issued:
        return Issued(**await self._store.register(name))


app = FastAPI()
app.include_router(Door().router)
""",
            },
            note="delivery behind a project object: the store method the route calls mints the "
            "key it returns (`self._store.register`, an f-string around `secrets.token_urlsafe`)",
        ),
        Example(
            files={
                "app/auth.py": """\
from pydantic import BaseModel


class User(BaseModel):
    id: int
    api_key: str


async def get_current_user() -> User:
    return User(id=1, api_key="k")
""",
                "app/main.py": """\
from typing import Annotated

from fastapi import FastAPI, Security

from app.auth import User, get_current_user

app = FastAPI()


@app.get("/me", response_model=User)
async def me(current_user: User = Security(get_current_user)) -> User:
    return current_user


@app.get("/profile")
async def profile(user: Annotated[User, Security(get_current_user)]) -> User:
    return user
""",
            },
            note="a route that answers the signed-in caller itself: the key is the caller's "
            "own (seen in argilla-server's GET /me)",
        ),
        snippet(
            """\
import secrets

from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class ExchangeRequest(BaseModel):
    code: str


class ExchangeResponse(BaseModel):
    api_key: str


def create_scoped_key(owner: str) -> str:
    return secrets.token_urlsafe(32)


@router.post("/connect/exchange")
def exchange(body: ExchangeRequest) -> ExchangeResponse:
    return ExchangeResponse(api_key=create_scoped_key(body.code))
""",
            note="a route that issues a new credential (a code exchanged for a key it has "
            "just generated) delivers it by design",
        ),
        snippet(
            """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class Params(BaseModel):
    model: str
    api_key: str | None = None


class GuardrailOut(BaseModel):
    name: str
    params: Params


def _mask_params(params: Params) -> Params:
    return params.model_copy(update={"api_key": "sk-****"})


def _build(name: str, params: Params) -> GuardrailOut:
    return GuardrailOut(name=name, params=_mask_params(params))


@router.get("/guardrails/{name}")
def read_guardrail(name: str) -> GuardrailOut:
    return _build(name, Params(model="m", api_key="k"))
""",
            note="the handler's helper masks the secret before the response is built "
            "(issue 10, class 9)",
        ),
        Example(
            files={
                "app/settings/__init__.py": "from .get_settings import LLMSettings, get_settings\n",
                "app/settings/get_settings.py": """\
from pydantic import BaseModel

from app.config import llm_config


class LLMSettings(BaseModel):
    provider: str
    api_key: str | None = None


def get_settings() -> LLMSettings:
    key = llm_config.api_key
    return LLMSettings(
        provider=llm_config.provider,
        api_key=(key[0:10] + "*" * (len(key) - 10)) if key else None,
    )
""",
                "app/routes.py": """\
from fastapi import APIRouter

from app.settings.get_settings import LLMSettings

router = APIRouter()


@router.get("/settings")
def read_settings() -> LLMSettings:
    from app.settings import get_settings

    return get_settings()
""",
            },
            note="a masking expression written out in the helper, first characters then `*` "
            "(seen in cognee): the key is masked before the response is built; the helper is "
            "reached through its package, which re-exports it under its module's name",
        ),
        snippet(
            """\
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class UserResponse(BaseModel):
    id: int
    email: str


class UserInDB(UserResponse):
    hashed_password: str


@router.get("/users/{user_id}", response_model=UserResponse)
async def read_user(user_id: int) -> Any:
    return UserInDB(id=user_id, email="a@example.com", hashed_password="x")
"""
        ),
        snippet(
            """\
from typing import Annotated, ClassVar

from fastapi import APIRouter, WebSocket
from pydantic import BaseModel, Field, PrivateAttr, SecretStr, field_serializer

router = APIRouter()


class Token(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"


class Masked(BaseModel):
    password: SecretStr
    api_key: SecretStr | None = None
    secret: str = Field(exclude=True)
    private_key: Annotated[str, Field(exclude=True)]
    otp_secret: str
    passwd: ClassVar[str] = "x"
    _secret: str = PrivateAttr(default="x")

    @field_serializer("otp_secret")
    def hide(self, value: str) -> str:
        return "***"


class UserInDB(BaseModel):
    email: str
    hashed_password: str


@router.post("/token")
def login() -> Token:
    return Token(access_token="a", refresh_token="r")


@router.get("/masked")
def masked() -> Masked:
    raise NotImplementedError


@router.get("/me", response_model=UserInDB, response_model_exclude={"hashed_password"})
def me() -> UserInDB:
    raise NotImplementedError


@router.get("/me2", response_model=UserInDB, response_model_include={"email"})
def me2() -> UserInDB:
    raise NotImplementedError


@router.get("/raw", response_model=None)
def raw() -> UserInDB:
    raise NotImplementedError


@router.websocket("/ws")
async def ws(socket: WebSocket) -> UserInDB:
    raise NotImplementedError
""",
            note="tokens, SecretStr, excluded/serialised/private/class fields, route-level filters, websocket",
        ),
        snippet(
            """\
from dataclasses import dataclass

from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


@dataclass
class Credentials:
    password: str


class PasswordChange(BaseModel):
    password: str


class Done(BaseModel):
    ok: bool


def helper() -> PasswordChange:
    return PasswordChange(password="x")


@router.post("/password")
def change_password(body: PasswordChange) -> Done:
    return Done(ok=True)
""",
            note="secret fields in request bodies and in non-route functions are fine",
        ),
        snippet(
            """\
from flask import Flask
from marshmallow import Schema, fields

app = Flask(__name__)


class UserSchema(Schema):
    password = fields.Str(load_only=True)


@app.get("/users")
def users() -> UserSchema:
    return UserSchema()
""",
            note="Flask and marshmallow are not FastAPI routes or Pydantic models",
        ),
        snippet(
            """\
from fastapi import APIRouter
from pydantic import BaseModel, field_validator

router = APIRouter(prefix="/datasources")


def mask(value: str) -> str:
    return value[:4] + "****"


class DataSourceOut(BaseModel):
    name: str
    password: str | None
    api_key: str

    @field_validator("password", mode="after")
    @classmethod
    def hide_password(cls, v: str | None) -> str | None:
        if v is None:
            return None
        return mask(v)

    @field_validator("api_key")
    @classmethod
    def hide_key(cls, v: str) -> str:
        return f"{v[:4]}..."


class FieldState(BaseModel):
    hidden: bool = False
    label: str | None = None


class FormLayout(BaseModel):
    password: FieldState | None
    api_key: bool
    secret: int = 0


@router.get("/{name}")
def read_source(name: str) -> DataSourceOut:
    raise NotImplementedError


@router.get("/form")
def form() -> FormLayout:
    raise NotImplementedError
""",
            note="validators that mask the value; secret-named fields holding form metadata, a flag, a count",
        ),
        Example(
            files={
                "app/keys.py": """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class NewApiKey(BaseModel):
    id: int
    api_key: str


class IssuedKey(BaseModel):
    private_key: str


class ConnectionOut(BaseModel):
    host: str
    login: str
    password: str | None


@router.post("/api-keys")
def create_key() -> NewApiKey:
    raise NotImplementedError


@router.get("/me/api_key")
def show_my_key() -> NewApiKey:
    raise NotImplementedError


@router.post("/issue")
def issue_signing_key() -> IssuedKey:
    raise NotImplementedError


@router.get("/{conn_id}")
def get_connection(conn_id: str) -> ConnectionOut:
    raise NotImplementedError
""",
            },
            note="routes that exist to hand out the secret: an API-key route, a key issuer, a connection store",
        ),
        snippet(
            """\
import secrets

from fastapi import APIRouter, Depends, status
from pydantic import BaseModel


def is_admin() -> None:
    pass


router = APIRouter(prefix="/hooks", dependencies=[Depends(is_admin)])


class HookCreate(BaseModel):
    url: str


class HookSecret(BaseModel):
    id: int
    url: str
    secret: str


class NewUser(BaseModel):
    username: str
    password: str | None = None


@router.post("/", status_code=status.HTTP_201_CREATED)
def make_hook(body: HookCreate) -> HookSecret:
    return HookSecret(id=1, url=body.url, secret=secrets.token_urlsafe())


@router.post("/users", name="Create user")
def api_create_user(data: NewUser) -> NewUser:
    data.password = data.password or secrets.token_urlsafe(12)
    return data
""",
            note="the creation route of a secret shows it once (a webhook's signing secret, a "
            "new user's generated password): delivery by design",
        ),
        Example(
            files={
                "app/main.py": """\
import secrets

from fastapi import APIRouter, Depends, Header
from pydantic import BaseModel

router = APIRouter()


def current_owner(authorization: str = Header()) -> str:
    return authorization


class User(BaseModel):
    id: int
    api_key: str


class BackendCreds(BaseModel):
    access_key: str
    secret_key: str


class BackendConfig(BaseModel):
    name: str
    creds: BackendCreds


class Webhook(BaseModel):
    url: str
    secret: str


@router.delete("/users/{user_id}")
def delete_user(user_id: int) -> User:
    raise NotImplementedError


@router.post("/backends/update")
def update_backend(body: BackendConfig) -> BackendConfig:
    return body


@router.get("/webhooks/{hook_id}")
def read_webhook(hook_id: int, owner: str = Depends(current_owner)) -> Webhook:
    return Webhook(url="https://example.com", secret=secrets.token_urlsafe())
""",
            },
            note="no leak: the route deleting a user returns its now revoked key; a route "
            "echoing the credentials the caller just sent; a webhook's signing secret shown "
            "to its authenticated owner (who needs it to verify deliveries)",
        ),
    )


#: A callable whose name says it hides secrets: ``mask_values``, ``redact_kill_switch``,
#: ``sanitize_response``, ``_redact_sensitive_fields``, ``scrubSecrets``.
_MASKING = lazy_compile(
    r"^_*mask(?:ed)?(?:_|$)|_masked(?:_|$)"  # ``mask_values``, ``get_masked_values`` (not ``task_mask``)
    r"|(?:^|_)(?:redact|redacted|sanitize|sanitise|scrub|obfuscate|censor)(?:_|s_|ed_|$)"
    r"|(?:^|_)(?:hide|strip|remove|drop)_(?:\w+_)?(?:secrets?|sensitive|credentials?)",
    re.IGNORECASE,
)
_CAMEL_SPLIT = lazy_compile(r"(?<=[a-z0-9])(?=[A-Z])")
#: How deep into the handler's calls a masking call is looked for (the handler, its helpers).
_MASK_DEPTH = 2


#: A masking expression written out: a run of mask characters repeated
#: (``"*" * (len(key) - 4)``) or joined to a kept slice (``key[:4] + "****"``).
_MASK_TEXT = lazy_compile(
    r"""(?:["'](?:\*+|•+|x+|X+)["']\s*\*\s*\(?\s*len\b)"""
    r"""|(?:\blen\([^()]*(?:\([^()]*\))?[^()]*\)\s*(?:-\s*\w+\s*)?\)?\s*\*\s*["'](?:\*+|•+)["'])"""
    r"""|(?:\]\s*\+\s*["']\*{3,}["'])|(?:["']\*{3,}["']\s*\+\s*\w[\w.]*\[)""",
)


def _masks_inline(project: Project, fn) -> bool:
    """The function's own text masks a value inline: ``key[0:10] + "*" * (len(key) - 10)``
    (seen in cognee), ``"*" * len(secret)``, ``token[:4] + "****"``."""
    body = project.function_source(fn)
    return body is not None and _MASK_TEXT.search(body) is not None


def _callee(project: Project, qname: str):
    """The project function ``qname`` calls, also through a package that re-exports a
    function under the name of its own module (``from pkg.settings import get_settings``,
    where ``pkg/settings/__init__.py`` imports ``get_settings`` from ``.get_settings``: at
    run time the name is the function, not the submodule; seen in cognee)."""
    fn = project.function(qname)
    if fn is not None:
        return fn
    r = project.resolve(qname)
    if isinstance(r, Function):
        return r
    if isinstance(r, ModuleFacts):
        return project.function(f"{r.module}.{qname.rsplit('.', 1)[-1]}")
    return None


def _masks(project: Project, fn, depth: int = 0, seen: set[str] | None = None) -> bool:
    """The handler, or a project function it calls (two levels deep), calls a function whose
    name says it masks or redacts: the secrets are hidden before the response is built."""
    seen = set() if seen is None else seen
    if _masks_inline(project, fn):
        return True
    for call in fn.calls:
        name = _CAMEL_SPLIT.sub("_", call.qname.rsplit(".", 1)[-1])
        if _MASKING.search(name):
            return True
        if depth + 1 >= _MASK_DEPTH or call.qname in seen:
            continue
        seen.add(call.qname)
        callee = _callee(project, call.qname)
        if callee is not None and _masks(project, callee, depth + 1, seen):
            return True
    return False


#: A callable whose name says it makes a new credential: ``generate_key_helper_fn``,
#: ``create_api_key``, ``issue_token``, ``mint_secret``; and the stdlib's generators.
_ISSUING = lazy_compile(
    r"(?:^|_)(?:generate|create|issue|mint|new|rotate|regenerate)_(?:\w+_)?"
    r"(?:key|keys|token|tokens|secret|secrets|credentials?|password|api_key)(?:_|$)",
    re.IGNORECASE,
)


def _issues_secret(project: Project, route) -> bool:
    """A state-changing route whose handler, or a project function it calls (two levels
    deep), makes a new credential (``generate_key_helper_fn``, ``secrets.token_urlsafe``):
    the secret in its response is the one it has just issued to the caller (a code
    exchanged for an API key)."""
    if not route.methods or any(m.upper() in ("GET", "HEAD") for m in route.methods):
        return False
    return _calls_issuer(project, route.function)


#: A call of a secret generator written in the source (the call graph holds project callees
#: only; inside an f-string too: ``f"ak_{secrets.token_urlsafe(24)}"``).
_GENERATOR_TEXT = lazy_compile(r"\bsecrets\.(?:token_urlsafe|token_hex|token_bytes)\s*\(")


class _Texts:
    """What the issuer search reads of the project's modules, kept for the audit (the same
    modules are read for every route): whether a module's text holds a word, the names
    written in the values assigned to ``self.<attribute>`` in it, and the project's
    subclasses of each class (a module's lines come from :meth:`Project.module_lines`)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.assigned: dict[tuple[str, str], set[str]] = {}
        self.holds: dict[tuple[str, str], bool] = {}  # (path, text): a line holds the text
        self.subclasses: dict[str, list[Class]] = {}  # a class's qname -> it and its subclasses

    def body(self, fn, needle: str | None = None) -> str | None:
        """The source of ``fn`` (None when its module cannot be read, or when ``needle`` is
        given and the module's text does not hold it)."""
        m = self.project.modules.get(fn.module)
        lines = self.project.module_lines(m.path) if m is not None else None
        if m is None or lines is None:
            return None
        if needle is not None:
            held = self.holds.get((m.path, needle))
            if held is None:
                held = self.holds[(m.path, needle)] = any(needle in line for line in lines)
            if not held:
                return None
        return self.project.function_source(fn)


_TEXTS: weakref.WeakKeyDictionary[Project, _Texts] = weakref.WeakKeyDictionary()


def _texts(project: Project) -> _Texts:
    texts = _TEXTS.get(project)
    if texts is None:
        texts = _TEXTS[project] = _Texts(project)
    return texts


def _calls_issuer(project: Project, fn, depth: int = 0, seen: set[str] | None = None) -> bool:
    seen = set() if seen is None else seen
    body = _texts(project).body(fn, "secrets.token_")
    if body is not None and _GENERATOR_TEXT.search(body):
        return True
    for call in fn.calls:
        name = _CAMEL_SPLIT.sub("_", call.qname.rsplit(".", 1)[-1])
        if _ISSUING.search(name):
            return True
        if depth + 1 >= _MASK_DEPTH or call.qname in seen:
            continue
        seen.add(call.qname)
        callee = _callee(project, call.qname)
        if callee is not None and _calls_issuer(project, callee, depth + 1, seen):
            return True
    for callee in _attribute_callees(project, fn):
        if depth >= _MASK_DEPTH or callee.qname in seen:
            continue
        seen.add(callee.qname)
        if _calls_issuer(project, callee, depth + 1, seen):
            return True
    return False


#: ``self.<attribute>.<method>(``: a call on an object the method's own object holds.
_ATTRIBUTE_CALL = lazy_compile(r"\bself\.(\w+)\.(\w+)\s*\(")


def _attribute_callees(project: Project, fn) -> list:
    """The project methods ``fn`` (a method) calls on an object its own object holds
    (``self._store.complete_registration(...)``), when the attribute's class is written in
    the class's module: an annotation (``self._store: AgentStore = ...``, a class-level
    ``_store: AgentStore``) or a construction in the value assigned to it
    (``self._store = config.store or InMemoryStore()``).  The method of those classes and
    its overrides in the project's subclasses (an abstract store and the implementations
    the project ships) are all returned."""
    if fn.class_qname is None:
        return []
    cls = project.class_(fn.class_qname)
    texts = _texts(project)
    body = texts.body(fn) if cls is not None else None
    if cls is None or body is None:
        return []
    calls = set(_ATTRIBUTE_CALL.findall(body))
    if not calls:
        return []
    out: list = []
    for attr, method in sorted(calls):
        names = set(_assigned_names(texts, fn.module, attr))
        names |= {
            dotted_of(a.annotation) or ""
            for a in cls.attributes
            if a.name == attr and a.annotation is not None
        }
        for name in sorted(n for n in names if n):
            target = project.resolve(f"{fn.module}.{name}")
            if not isinstance(target, Class):
                continue
            for c in _with_subclasses(project, target):
                callee = project.method(c, method)
                if callee is not None and callee not in out:
                    out.append(callee)
    return out


def _assigned_names(texts: _Texts, module: str, attr: str) -> set[str]:
    """The names written where the module assigns ``self.<attr>``: its annotation and the
    callables its value calls (``self._store: AgentStore = config.store or InMemoryStore()``)."""
    key = (module, attr)
    found = texts.assigned.get(key)
    if found is None:
        found = texts.assigned[key] = set()
        m = texts.project.modules.get(module)
        lines = texts.project.module_lines(m.path) if m is not None else None
        assignment = re.compile(
            rf"\bself\.{re.escape(attr)}\s*(?::\s*([A-Za-z_][\w.]*)[^=\n]*)?=(?!=)([^\n]*)"
        )
        needle = f"self.{attr}"
        for line in lines or ():
            if needle not in line:
                continue
            for ann, value in assignment.findall(line):
                found.add(ann)
                found.update(re.findall(r"([A-Za-z_][\w.]*)\s*\(", value))
    return found


def _with_subclasses(project: Project, cls: Class) -> list[Class]:
    """``cls`` and the project's classes derived from it (in the project's module order)."""
    texts = _texts(project)
    found = texts.subclasses.get(cls.qname)
    if found is None:
        found = texts.subclasses[cls.qname] = [cls]
        for m in project.modules.values():
            for c in m.classes.values():
                if c.qname != cls.qname and cls.qname in project.ancestors(c.qname):
                    found.append(c)
    return found


def _unique(classes: list[Class]) -> list[Class]:
    """Drop repeats, keep order."""
    return list({c.qname: c for c in reversed(classes)}.values())[::-1]


def _label(route) -> str:
    methods = "/".join(route.methods) or "GET"
    paths = [p for p in route.full_paths if p is not None]
    where = paths[0] if paths else route.path
    return f"`{methods} {where}`" if where is not None else f"route `{route.function.name}`"


def _route_filter(route) -> tuple[set[str], set[str] | None] | None:
    """(excluded names, included names or None); None when a filter is not literal."""
    out: list[set[str] | None] = []
    for kw in ("response_model_exclude", "response_model_include"):
        e = route.kw(kw)
        if e is None or is_lit(e, None):
            out.append(None)
            continue
        if isinstance(e, Seq):
            texts = [str_lit(i) for i in e.items]
        elif isinstance(e, DictExpr) and all(is_lit(v, True) for _, v in e.items):
            texts = [str_lit(k) for k, _ in e.items]
        else:
            return None
        if any(t is None for t in texts):
            return None
        out.append({t for t in texts if t is not None})
    return (out[0] or set(), out[1])


def _models(project: Project, e: Expr | None, out: list[Class], depth: int) -> None:
    """Project Pydantic models a response type can serialise."""
    if not e or depth > _MAX_DEPTH:
        return
    if isinstance(e, Union):
        for item in e.items:
            _models(project, item, out, depth + 1)
    elif isinstance(e, Name):
        from auditor.project import Binding

        r = project.resolve(qname_of(e))
        if isinstance(r, Class):
            if project.is_pydantic_model(r.qname):
                out.append(r)
        elif isinstance(r, Binding) and isinstance(r.value, (Sub, Union, Name)):
            _models(project, r.value, out, depth + 1)  # a type alias
    elif isinstance(e, Sub):
        head = qname_of(e.value) if e.value else None
        sl = e.slice
        items = sl.items if isinstance(sl, Seq) else [sl]
        if head in ANNOTATED:
            _models(project, items[0] if items else None, out, depth + 1)
        elif head in CONTAINERS:
            for item in items:
                _models(project, item, out, depth + 1)
        elif head in MAPPINGS:
            _models(project, items[-1] if items else None, out, depth + 1)
        else:
            cls = project.class_(head)
            if cls is not None and project.is_pydantic_model(cls.qname):
                out.append(cls)  # a project generic wrapper: ``Page[UserInDB]``
                for item in items:
                    _models(project, item, out, depth + 1)


def _hierarchy(project: Project, cls: Class) -> list[Class]:
    """The class and its project ancestors, most derived first (a depth-first MRO)."""
    out: list[Class] = []
    seen: set[str] = set()
    stack = [cls]
    while stack:
        c = stack.pop(0)
        if c.qname in seen:
            continue
        seen.add(c.qname)
        out.append(c)
        bases: list[Class] = []
        for b in c.bases:
            if isinstance(b, Sub):
                b = b.value
            base = project.class_(qname_of(b)) if isinstance(b, Name) else None
            if base is not None:
                bases.append(base)
        stack = bases + stack
    return out


def _serializers(project: Project, chain: list[Class]) -> tuple[set[str], bool]:
    """Field names with a ``@field_serializer`` ("*" for all), and whether a
    ``@model_serializer`` exists, across the hierarchy."""
    names: set[str] = set()
    model = False
    for c in chain:
        for m in c.methods:
            fn = project.function(f"{c.qname}.{m}")
            if fn is None:
                continue
            for d in fn.decorators:
                q = qname_of(d) if d else None
                if q in MODEL_SERIALIZERS:
                    model = True
                elif q in FIELD_SERIALIZERS and isinstance(d, Call):
                    names.update(str(lit(a)) for a in d.args if isinstance(a, Lit))
                elif q in FIELD_VALIDATORS and isinstance(d, Call) and _transforms(fn):
                    # ``@field_validator("password") def redact(cls, v): return mask(v)``
                    names.update(str(lit(a)) for a in d.args if isinstance(a, Lit))
    return names, model


def _transforms(fn) -> bool:
    """A validator whose returns are not all the incoming value unchanged: it rewrites the
    field (typically masking it).  ``return v`` after checks is plain validation."""
    params = {p.name for p in fn.params}
    if not fn.return_values:
        return True  # returns None: the field is blanked
    return not all(isinstance(r, Name) and r.dotted in params for r in fn.return_values)


def _fields(project: Project, cls: Class) -> list[tuple[Attribute, Class]] | None:
    """Serialised fields (most-derived declaration wins); None when unknowable."""
    chain = _hierarchy(project, cls)
    for c in chain:
        if c.config and any(key == "fields" for key, *_ in c.config):
            return None  # v1 ``Config.fields`` can exclude anything
    out: dict[str, tuple[Attribute, Class]] = {}
    for c in chain:
        for a in c.attributes:
            if a.annotation is None or a.name.startswith("_") or a.name in out:
                continue
            out[a.name] = (a, c)
    return list(out.values())


def _excluded(project: Project, a: Attribute) -> bool | None:
    """True: not serialised (or masked); None: unknown; False: serialised as is."""
    inner, meta = project.unwrap_annotated(a.annotation)
    if isinstance(inner, Sub) and inner.value and qname_of(inner.value) in CLASSVAR:
        return True
    if isinstance(inner, Name) and inner.qname in CLASSVAR:
        return True
    for e in (*meta, a.default):
        if isinstance(e, Call):
            if qname_of(e) in NOT_FIELDS:
                return True
            if qname_of(e) in FIELD_CALLS:
                ex = kwarg(e, "exclude")
                if ex is not None:
                    if is_lit(ex, True):
                        return True
                    if not is_lit(ex, False) and not is_lit(ex, None):
                        return None
    return bool(_is_secret_type(project, inner))


def _is_secret_type(project: Project, e: Expr | None, depth: int = 0) -> bool:
    if not e or depth > 4:
        return False
    if isinstance(e, Name):
        return qname_of(e) in SECRET_TYPES
    if isinstance(e, Union):
        items = [
            i for i in e.items if not is_lit(i, None) and not (i and qname_of(i) == "builtins.None")
        ]
        return bool(items) and all(_is_secret_type(project, i, depth + 1) for i in items)
    if isinstance(e, Sub):
        head = qname_of(e.value) if e.value else None
        if head in SECRET_TYPES:
            return True
        if head in ("typing.Optional", "typing_extensions.Optional"):
            return _is_secret_type(project, e.slice, depth + 1)
        if head in ANNOTATED:
            inner, _ = project.unwrap_annotated(e)
            return _is_secret_type(project, inner, depth + 1)
    return False


def _secret_fields(
    project: Project, cls: Class, cache: dict, depth: int = 0
) -> list[tuple[str, str]]:
    """(field path, declaring class name) of the secret fields a model serialises."""
    if cls.qname in cache:
        return cache[cls.qname] or []
    cache[cls.qname] = None  # cycle guard
    fields = _fields(project, cls)
    if fields is None:
        return []
    serialized, model_serializer = _serializers(project, _hierarchy(project, cls))
    if model_serializer or "*" in serialized:
        return []
    out: list[tuple[str, str]] = []
    for a, owner in fields:
        if a.name in serialized:
            continue
        excluded = _excluded(project, a)
        if excluded is not False:
            continue
        kind = _value_kind(project, a)
        if kind == "scalar":
            continue
        if a.name.lower() in SECRET_NAMES and kind == "value":
            out.append((a.name, owner.name))
        elif depth < _NESTING:
            inner, _ = project.unwrap_annotated(a.annotation)
            nested: list[Class] = []
            _models(project, inner, nested, 0)
            for sub in _unique(nested):
                if sub.qname == cls.qname:
                    continue
                for path, sub_owner in _secret_fields(project, sub, cache, depth + 1):
                    out.append((f"{a.name}.{path}", sub_owner))
    cache[cls.qname] = out
    return out


def _settings_field(project: Project, cls: Class, path: str, depth: int = 0) -> bool:
    """The field at ``path`` (``analytics.api_key``) is declared on a settings class (F6):
    server configuration, not a record of the store."""
    head, _, rest = path.partition(".")
    for a, owner in _fields(project, cls) or []:
        if a.name != head:
            continue
        if not rest:
            return project.is_settings_class(owner.qname)
        if depth >= _NESTING:
            return False
        inner, _ = project.unwrap_annotated(a.annotation)
        nested: list[Class] = []
        _models(project, inner, nested, 0)
        subs = _unique(nested)
        return bool(subs) and all(_settings_field(project, sub, rest, depth + 1) for sub in subs)
    return False


class _AttributeReads:
    """Whether any Python file of the project reads an attribute of a given name
    (``.api_key``) or names it in a string (``getattr(s, "api_key")``, ``row["api_key"]``):
    a setting no code reads is one the server never uses.  Unknown (a file that cannot be
    read) counts as read."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._memo: dict[str, bool] = {}

    def read(self, name: str) -> bool:
        if name not in self._memo:
            self._memo[name] = self._read(name)
        return self._memo[name]

    def _read(self, name: str) -> bool:
        word = re.escape(name.encode())
        pattern = re.compile(rb"\.\s*" + word + rb"\b|[\"']" + word + rb"[\"']")
        repo = self.project.repo
        if self.project.unread_python_files():
            return True
        for path in repo.python_files():
            data = repo.read_bytes(path)
            if data is None:
                return True
            if name.encode() in data and pattern.search(data):
                return True
        return False


def _may_be_empty(project: Project, cls: Class, path: str, depth: int = 0) -> bool:
    """The field at ``path`` (``hashed_password``, ``owner.password_hash``) or a model field
    on the way to it defaults to ``None``: a response may carry it empty."""
    head, _, rest = path.partition(".")
    for a, _owner in _fields(project, cls) or []:
        if a.name != head:
            continue
        d = a.default
        if is_lit(d, None) or (
            isinstance(d, Call)
            and ((d.args and is_lit(d.args[0], None)) or is_lit(kwarg(d, "default"), None))
        ):
            return True
        if not rest or depth >= _NESTING:
            return False
        inner, _ = project.unwrap_annotated(a.annotation)
        nested: list[Class] = []
        _models(project, inner, nested, 0)
        return any(_may_be_empty(project, sub, rest, depth + 1) for sub in _unique(nested))
    return False


def _value_kind(project: Project, a: Attribute) -> str:
    """ "model": the field holds project models (looked into, never a secret value itself);
    "scalar": only bool/int/float (a flag or a count); "value": anything else."""
    inner, _ = project.unwrap_annotated(a.annotation)
    nested: list[Class] = []
    _models(project, inner, nested, 0)
    if nested:
        return "model"
    items = inner.items if isinstance(inner, Union) else [inner]
    qs = [
        qname_of(i) for i in items if i and not is_lit(i, None) and qname_of(i) != "builtins.None"
    ]
    if qs and all(q in NON_SECRET_SCALARS for q in qs):
        return "scalar"
    return "value"


def _words(text: str) -> set[str]:
    """Singular lower-case words of a path segment or a function name, with adjacent pairs
    joined (``api_keys`` -> ``api``, ``key``, ``apikey``)."""
    parts = [w for w in re.split(r"[^a-z0-9]+", text.lower()) if w]
    out = {_singular(w) for w in parts}
    out.update(_singular(a + b) for a, b in itertools.pairwise(parts))
    out.add(_singular("".join(parts)))
    return out


def _singular(w: str) -> str:
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def _delivers(route, field: str, guarded: bool = False) -> bool:
    """The route exists to hand out this secret: its path or its handler's name names the
    field (``GET /api_key`` returning ``api_key``) or a credential resource
    (``POST /api-keys``, ``get_connection``); or, behind a guard, a webhook route returns
    the webhook's signing secret, which the server generates for its owner to verify
    deliveries with.  Stored hashes are never delivered on purpose."""
    name = field.lower()
    if name in HASH_NAMES:
        return False
    words: set[str] = set(_words(route.function.name))
    for path in [*(p for p in route.full_paths if p), route.path or ""]:
        for seg in path.split("/"):
            if seg and not seg.startswith("{"):
                words |= _words(seg)
    if guarded and name in SIGNING_SECRETS and words & WEBHOOK_RESOURCES:
        return True
    return _singular(name.replace("_", "")) in words or bool(words & CREDENTIAL_RESOURCES)


def _deletes_resource(route) -> bool:
    """A ``DELETE`` of one resource by its id (``DELETE /users/{user_id}``, a single path
    parameter, last): the response is the removed resource, whose credentials died with it.
    A nested ``DELETE /workspaces/{id}/users/{user_id}`` may only remove a membership, and
    the user's key stays valid."""
    if tuple(m.upper() for m in route.methods) != ("DELETE",):
        return False
    paths = [p for p in route.full_paths if p] or ([route.path] if route.path else [])
    if not paths:
        return False
    for path in paths:
        segs = [seg for seg in path.split("/") if seg]
        params = [seg for seg in segs if seg.startswith("{")]
        if len(params) != 1 or not segs[-1].startswith("{"):
            return False
    return True


#: A webhook's shared signing key (Standard Webhooks, GitHub-style HMAC signatures): the
#: server generates it and its owner must read it to verify the deliveries.
SIGNING_SECRETS = frozenset({"secret", "signing_secret", "webhook_secret"})
WEBHOOK_RESOURCES = frozenset({"webhook", "hook"})


def _body_secrets(project: Project, route, cache: dict) -> set[tuple[str, str]]:
    """Secret fields (path, declaring class) of the request bodies the handler takes: a
    response that carries the same field of the same class sends back what the caller
    submitted (an admin saving a backend's credentials gets its own input echoed)."""
    out: set[tuple[str, str]] = set()
    for p in route.function.params:
        if p.annotation is None or project.param_dependencies(p):
            continue
        inner, meta = project.unwrap_annotated(p.annotation)
        if any(isinstance(m, Call) and m.qname in _NOT_BODY for m in meta) or (
            isinstance(p.default, Call) and p.default.qname in _NOT_BODY
        ):
            continue
        models: list[Class] = []
        _models(project, inner, models, 0)
        for model in _unique(models):
            out.update(_secret_fields(project, model, cache))
    return out


#: Parameter markers that are not the request body.
_NOT_BODY = frozenset(
    f"fastapi.{n}" for n in ("Query", "Path", "Header", "Cookie", "Depends", "Security")
)  # qualified names are canonical: fastapi.params.Query is read as fastapi.Query


#: Words of a handler's name that say it creates something (and shows its secret once).
_CREATION_WORDS = frozenset(
    {"create", "new", "add", "register", "signup", "issue", "generate", "regenerate", "rotate"}
)


def _creation_route(route) -> bool:
    """A ``POST`` route that creates a resource: its handler (or route name) says so, or it
    answers ``201 Created``.  It may show the secret it generated once (a webhook's signing
    secret, a new user's generated password)."""
    if tuple(m.upper() for m in route.methods) != ("POST",):
        return False
    status = route.kw("status_code")
    if lit(status) == 201 or (
        isinstance(status, Name) and (status.dotted or "").rsplit(".", 1)[-1].endswith("CREATED")
    ):
        return True
    names = [route.function.name, str_lit(route.kw("name")) or ""]
    return any(_words(n) & _CREATION_WORDS for n in names)


#: Dependency names that say they authenticate or authorise the caller.
_GUARD_WORDS = lazy_compile(
    r"user|auth|admin|login|permission|scope|role|principal|account|verify|require|guard|"
    r"token|superuser|staff|owner|current|check|allow|access",
    re.IGNORECASE,
)


#: Header/cookie parameters that carry the caller's credentials (``authorization``,
#: ``x_api_key``, ``session_token``): the handler or a dependency authenticates by hand.
_CREDENTIAL_PARAMS = lazy_compile(
    r"authori[sz]ation|api_?key|token|credential|session|bearer", re.IGNORECASE
)
_REQUEST_CREDENTIALS = frozenset({"fastapi.Header", "fastapi.Cookie"})


def _ref_guard(project: Project, ref) -> str | None:
    """The name of ``ref`` when it authenticates the caller: ``Security(...)``, one of
    FastAPI's security schemes (inline or bound to a name), or a dependency named like
    ``current_user`` / ``check_admin``."""
    from auditor.project import SECURITY, Binding

    short = (ref.target or "").rsplit(".", 1)[-1]
    if isinstance(ref.call, Call) and ref.call.qname == "fastapi.Security":
        return short or "Security(...)"
    inline = ref.call.args[0] if isinstance(ref.call, Call) and ref.call.args else None
    if isinstance(inline, Call) and (inline.qname or "").startswith(SECURITY):
        return (inline.qname or "").rsplit(".", 1)[-1]
    if ref.target:
        if ref.target.startswith(SECURITY):
            return short
        r = project.resolve(ref.target)
        if (
            isinstance(r, Binding)
            and isinstance(r.value, Call)
            and (r.value.qname or "").startswith(SECURITY)
        ):
            return short
    if short and _GUARD_WORDS.search(short):
        return short
    return None


def _fn_label(fn) -> str:
    """``ProjectAdmin`` for ``mod.ProjectAdmin.__call__``, else the function's name."""
    parts = fn.qname.split(".")
    return parts[-2] if parts[-1].startswith("__") and len(parts) > 1 else parts[-1]


def _reads_credentials(project: Project, fn) -> bool:
    """A parameter that reads the caller's credentials from a header or a cookie."""
    for p in fn.params:
        if not _CREDENTIAL_PARAMS.search(p.name):
            continue
        marks = [p.default, *project.unwrap_annotated(p.annotation)[1]]
        if any(isinstance(m, Call) and m.qname in _REQUEST_CREDENTIALS for m in marks):
            return True
    return False


def _guard(project: Project, route) -> str | None:
    """The dependency that guards the route (an admin or login check), if any: a
    ``Security(...)`` dependency, a FastAPI security scheme, or one whose name says it
    authenticates or authorises (``current_user``, ``check_admin``), on the route's
    parameters, its decorator's ``dependencies=[...]`` or its routers' — or anywhere in
    what those depend on (a dependency class whose ``__call__`` takes
    ``Security(HTTPBearer())``; a function reading an ``Authorization`` header)."""
    refs = project.route_dependencies(route)
    for ref in refs:
        name = _ref_guard(project, ref)
        if name:
            return name
    if _reads_credentials(project, route.function):
        return route.function.name
    for fn in project.dependency_closure(refs).functions:
        if _reads_credentials(project, fn):
            return _fn_label(fn)
        for dep in project.direct_dependencies(fn):
            if _ref_guard(project, dep):
                return _fn_label(fn)
    return None


def _returns_caller(project: Project, route) -> bool:
    """The handler answers the authenticated caller itself: every ``return`` gives back the
    parameter a guarding dependency bound (``current_user: User = Security(get_user)``,
    ``return current_user``).  Its secrets are the caller's own (the key it signs in with,
    shown on its profile), not another client's."""
    from auditor.project import DependencyRef

    fn = route.function
    guarded: set[str] = set()
    for p in fn.params:
        _, meta = project.unwrap_annotated(p.annotation)
        for e in (p.default, *meta):
            if isinstance(e, Call) and e.qname in names.DEPENDS:
                dep = e.args[0] if e.args else kwarg(e, "dependency")
                ref = DependencyRef(
                    target=qname_of(dep) if dep else None, call=e, project_callable=None
                )
                if _ref_guard(project, ref):
                    guarded.add(p.name)
    values = [v for v in fn.return_values if not is_lit(v, None)]
    return bool(values) and all(isinstance(v, Name) and v.dotted in guarded for v in values)


def _unauthenticated(project: Project, route) -> bool:
    """Positive evidence that any client may call the route: every dependency it has was
    followed (the closure is complete) and none of them authenticates."""
    return project.dependency_closure(project.route_dependencies(route)).complete


def _always_empty(
    project: Project, model: Class, path: str, route, cache: dict[tuple[str, str], bool]
) -> bool:
    """The secret at ``path`` is never sent: the handler returns only constructions of
    project classes (never a dict or a row for FastAPI to validate into the model), and
    the class that declares the field is built only with it written ``None``
    (``WebhookResponse(..., secret=None)``) wherever the project names it -- the other
    uses of its name being imports, annotations and ``response_model=`` values."""
    returns = route.function.return_values
    if not returns or not all(
        isinstance(r, Call) and r.qname and project.class_(r.qname) is not None for r in returns
    ):
        return False
    holder = _holder(project, model, path)
    if holder is None:
        return False
    field = path.rsplit(".", 1)[-1]
    key = (holder.qname, field)
    if key not in cache:
        cache[key] = _built_empty(project, holder, field)
    return cache[key]


def _holder(project: Project, cls: Class, path: str, depth: int = 0) -> Class | None:
    """The one class whose own body declares the last field of ``path`` (None when the
    path leads through a union of models, or the field is inherited)."""
    head, _, rest = path.partition(".")
    for a, owner in _fields(project, cls) or []:
        if a.name != head:
            continue
        if not rest:
            return owner if owner is cls else None
        if depth >= _NESTING:
            return None
        inner, _ = project.unwrap_annotated(a.annotation)
        nested: list[Class] = []
        _models(project, inner, nested, 0)
        subs = _unique(nested)
        return _holder(project, subs[0], rest, depth + 1) if len(subs) == 1 else None
    return None


def _built_empty(project: Project, cls: Class, field: str) -> bool:
    """Every use of ``cls``'s name in the project's Python files is an import, an
    annotation, a ``response_model=`` value or a call writing ``field=None`` without
    ``**`` (one at least); a subclass, a ``model_validate``, an alias or a call that
    leaves the field out makes it unknown (False)."""
    uses = project.named_uses([cls.name])
    if uses is None or cls.name not in uses:
        return False
    built = False
    parsed: dict[tuple[str, int], tuple[ast.AST, int] | None] = {}
    for use in uses[cls.name]:
        if use.kind in ("import", "type") or _other_binding(project, use.path, cls):
            continue
        span = project.top_statement(use.path, use.line)
        if span is None:
            return False
        if (use.path, span[0]) not in parsed:
            parsed[(use.path, span[0])] = _parse_statement(project, use.path, span)
        got = parsed[(use.path, span[0])]
        if got is None:
            return False
        tree, offset = got
        verdict = _use_verdict(tree, cls.name, use.line - offset, field)
        if verdict is None:
            return False
        built = built or verdict
    return built


def _other_binding(project: Project, path: str, cls: Class) -> bool:
    """The module at ``path`` binds ``cls``'s name to something else: a class of its own
    or an import of another object (its uses there are not ``cls``)."""
    module = project.by_path.get(path)
    if module is None or module.module == cls.module:
        return False
    imported = module.imports.get(cls.name)
    if imported is not None:
        return imported != cls.qname and project.class_(imported) is not cls
    return any(c.name == cls.name for c in module.classes.values())


def _parse_statement(
    project: Project, path: str, span: tuple[int, int | None]
) -> tuple[ast.AST, int] | None:
    data = project.repo.read_bytes(path)
    if data is None:
        return None
    lines = data.splitlines(keepends=True)
    chunk = b"".join(lines[span[0] - 1 : (span[1] - 1) if span[1] else None])
    try:
        return ast.parse(chunk), span[0] - 1
    except (SyntaxError, ValueError):
        return None


def _use_verdict(tree: ast.AST, name: str, line: int, field: str) -> bool | None:
    """The uses of ``name`` on ``line`` of ``tree``: True when one is a call writing
    ``field=None``, False when all are harmless (an annotation, a ``response_model=``),
    None when one may fill the field (anything else)."""
    harmless: set[int] = set()
    for n in ast.walk(tree):
        spots: list[ast.AST | None] = []
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
            spots.append(n.returns)
        elif isinstance(n, (ast.arg, ast.AnnAssign)):
            spots.append(n.annotation)
        elif isinstance(n, ast.keyword) and n.arg == "response_model":
            spots.append(n.value)
        for spot in spots:
            if spot is not None:
                harmless.update(id(x) for x in ast.walk(spot))
    found = False
    built = False
    for n in ast.walk(tree):
        if not isinstance(n, ast.Call):
            continue
        f = n.func
        if (
            getattr(n, "lineno", 0) <= line <= (getattr(n, "end_lineno", 0) or 0)
            and (
                (isinstance(f, ast.Name) and f.id == name)
                or (isinstance(f, ast.Attribute) and f.attr == name)
            )
            and f.lineno == line
        ):
            written = [k for k in n.keywords if k.arg == field]
            if any(k.arg is None for k in n.keywords) or len(written) != 1:
                return None
            value = written[0].value
            if not (isinstance(value, ast.Constant) and value.value is None):
                return None
            harmless.update(id(x) for x in ast.walk(f))
            built = True
    for n in ast.walk(tree):
        hit = (isinstance(n, ast.Name) and n.id == name) or (
            isinstance(n, ast.Attribute) and n.attr == name
        )
        if hit and getattr(n, "lineno", 0) == line:
            found = True
            if id(n) not in harmless:
                return None
    return built if found else None
