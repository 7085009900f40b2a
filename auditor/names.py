"""Qualified names: the F2 equivalence table and small helpers.

Every name a check compares against goes through :func:`canonical`, so that
``fastapi.applications.FastAPI`` and ``fastapi.FastAPI`` are one name.
"""

from __future__ import annotations

import builtins
import re

_PARAM_FUNCTIONS = (
    "Depends",
    "Security",
    "Query",
    "Path",
    "Body",
    "Header",
    "Cookie",
    "Form",
    "File",
)

#: alias -> canonical.  The canonical form is the public, documented spelling.
EQUIVALENTS: dict[str, str] = {
    "fastapi.applications.FastAPI": "fastapi.FastAPI",
    "fastapi.routing.APIRouter": "fastapi.APIRouter",
    "fastapi.exceptions.HTTPException": "fastapi.HTTPException",
    "starlette.middleware.cors.CORSMiddleware": "fastapi.middleware.cors.CORSMiddleware",
    "starlette.concurrency.run_in_threadpool": "fastapi.concurrency.run_in_threadpool",
    "pydantic.main.BaseModel": "pydantic.BaseModel",
    "pydantic.fields.Field": "pydantic.Field",
    "pydantic.config.ConfigDict": "pydantic.ConfigDict",
    "pydantic_settings.main.BaseSettings": "pydantic_settings.BaseSettings",
    "pydantic_settings.main.SettingsConfigDict": "pydantic_settings.SettingsConfigDict",
    "sqlalchemy.orm.session.Session": "sqlalchemy.orm.Session",
    "sqlalchemy.orm.session.sessionmaker": "sqlalchemy.orm.sessionmaker",
    "sqlalchemy.sql.text": "sqlalchemy.text",
    "sqlalchemy.sql.expression.text": "sqlalchemy.text",
    "sqlalchemy.ext.asyncio.session.AsyncSession": "sqlalchemy.ext.asyncio.AsyncSession",
    "sqlmodel.orm.session.Session": "sqlmodel.Session",
    "jwt.api_jwt.decode": "jwt.decode",
    "jwt.api_jwt.encode": "jwt.encode",
    "jose.jwt.decode": "jose.jwt.decode",
    "starlette.testclient.TestClient": "fastapi.testclient.TestClient",
    "starlette.responses.Response": "fastapi.responses.Response",
    "starlette.responses.JSONResponse": "fastapi.responses.JSONResponse",
    "starlette.responses.PlainTextResponse": "fastapi.responses.PlainTextResponse",
    "starlette.responses.HTMLResponse": "fastapi.responses.HTMLResponse",
    "starlette.responses.RedirectResponse": "fastapi.responses.RedirectResponse",
    "starlette.responses.StreamingResponse": "fastapi.responses.StreamingResponse",
    "starlette.responses.FileResponse": "fastapi.responses.FileResponse",
    "fastapi.Response": "fastapi.responses.Response",
    "fastapi.Request": "fastapi.Request",
    "starlette.requests.Request": "fastapi.Request",
    "fastapi.requests.Request": "fastapi.Request",
    "starlette.middleware.Middleware": "fastapi.middleware.Middleware",
    "httpx._client.AsyncClient": "httpx.AsyncClient",
    "httpx._client.Client": "httpx.Client",
    "httpx._transports.asgi.ASGITransport": "httpx.ASGITransport",
    "urllib3.poolmanager.PoolManager": "urllib3.PoolManager",
    "requests.sessions.Session": "requests.Session",
    "requests.api.get": "requests.get",
    "requests.api.post": "requests.post",
    "requests.api.put": "requests.put",
    "requests.api.patch": "requests.patch",
    "requests.api.delete": "requests.delete",
    "requests.api.head": "requests.head",
    "requests.api.options": "requests.options",
    "requests.api.request": "requests.request",
    "asyncio.tasks.create_task": "asyncio.create_task",
    "asyncio.tasks.ensure_future": "asyncio.ensure_future",
    "asyncio.events.get_event_loop": "asyncio.get_event_loop",
    "asyncio.events.get_running_loop": "asyncio.get_running_loop",
}
for _name in _PARAM_FUNCTIONS:
    EQUIVALENTS[f"fastapi.param_functions.{_name}"] = f"fastapi.{_name}"
    EQUIVALENTS[f"fastapi.params.{_name}"] = f"fastapi.{_name}"

BUILTIN_NAMES = frozenset(dir(builtins))

DEPENDS = frozenset({"fastapi.Depends", "fastapi.Security"})
PARAM_FUNCTIONS = frozenset(f"fastapi.{n}" for n in _PARAM_FUNCTIONS)
ROUTE_METHODS = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "trace", "api_route", "websocket"}
)
FASTAPI = "fastapi.FastAPI"
#: SQLAlchemy's ``MetaData`` class, under each of its import paths.
METADATA = frozenset(
    {"sqlalchemy.MetaData", "sqlalchemy.schema.MetaData", "sqlalchemy.sql.schema.MetaData"}
)
APIROUTER = "fastapi.APIRouter"


_CANONICAL_MEMO: dict[str, str] = {}


def canonical(qname: str | None) -> str | None:
    """The canonical spelling of a qualified name (F2 equivalence table)."""
    if qname is None:
        return None
    memo = _CANONICAL_MEMO.get(qname)
    if memo is not None:
        return memo
    out = _canonical(qname)
    if len(_CANONICAL_MEMO) < 100_000:
        _CANONICAL_MEMO[qname] = out
    return out


def _canonical(qname: str) -> str:
    hit = EQUIVALENTS.get(qname)
    if hit is not None:
        return hit
    # attribute access on a re-exported object: ``fastapi.applications.FastAPI.get``
    head, _, _ = qname.rpartition(".")
    while head:
        hit = EQUIVALENTS.get(head)
        if hit is not None:
            return f"{hit}.{qname[len(head) + 1 :]}"
        head, _, _ = head.rpartition(".")
    return qname


def top_module(qname: str) -> str:
    return qname.split(".", 1)[0]


#: The secret-name pattern, on snake or upper case word parts (case-insensitive).
SECRET_NAME = re.compile(
    r"(?:^|_)(?:secret|password|passwd|pwd|token|api_?key|private_?key|signing_?key|access_?key|client_?secret|dsn)(?:_|$)",
    re.IGNORECASE,
)


#: Names ending like this are not secrets (a URL, a lifetime, an algorithm ...).
NON_SECRET_SUFFIXES = (
    "_url",
    "_uri",
    "_endpoint",
    "_path",
    "_expire",
    "_expires",
    "_expire_minutes",
    "_ttl",
    "_length",
    "_min_length",
    "_type",
    "_alg",
    "_algorithm",
    "_header",
    "_name",
    "_field",
    "_prefix",
    "_cookie_name",
    # beyond the catalogue, found on real code: JWT claim values and labels, not keys
    "_audience",
    "_aud",
    "_issuer",
    "_scope",
    "_scopes",
    # a file or folder that holds the secret: ``SECRET_KEY_FILE = "cache_secret_key"``
    "_file",
    "_filename",
    "_file_name",
    "_dir",
    # an identifier of a secret, not the secret: ``AWS_ACCESS_KEY_ID``, ``SIGNING_KEY_ID``
    "_id",
)


#: A namespaced identifier: words joined by ``.`` or ``:`` (``app.trace.tokenUsage``,
#: ``gen_ai.token.type``, ``urn:ietf:params:oauth:token-type:jwt``, ``app:signing:``).
#: Random key material has no such structure (a JWT's parts are long base64 runs), nor
#: has a password that happens to contain a dot (``k3y.s3cr3t``: digits inside words).
_WORD = r"[A-Za-z][A-Za-z_-]{0,31}[0-9]{0,3}"  # letters, then a version number at most
_NAMESPACED = re.compile(rf"^{_WORD}(?:[.:]{_WORD})+[.:]?$")
#: Prefixes of keys that are public by design: PostHog project keys, Stripe (and Clerk)
#: publishable keys, Mapbox public tokens.  They are meant to be shipped to browsers.
PUBLISHABLE_KEY_PREFIXES = ("phc_", "pk_live_", "pk_test_", "pk.")


#: Prefixes of secret keys of well-known services (SendGrid, Stripe, OpenAI, GitHub, GitLab,
#: Slack): a value that starts so is key material whatever its shape (``SG.abc.def``).
SECRET_KEY_PREFIXES = (
    "SG.",
    "sk_live_",
    "sk_test_",
    "rk_live_",
    "sk-",
    "ghp_",
    "gho_",
    "ghs_",
    "github_pat_",
    "glpat-",
    "xoxb-",
    "xoxp-",
)


def identifier_value(value: str) -> bool:
    """``value`` names something (a namespaced key, a URN) rather than being key material."""
    return _NAMESPACED.match(value) is not None and not value.startswith(SECRET_KEY_PREFIXES)


def publishable_key(value: str) -> bool:
    """``value`` is a key that is public by design (its prefix says so)."""
    return value.startswith(PUBLISHABLE_KEY_PREFIXES)


#: pydantic's ``V2_V1_RENAMED_CONFIG_KEYS`` (``pydantic/_internal/_config.py``, 2.13), shipped as a copy.
#: ``allow_population_by_field_name`` maps to ``validate_by_name`` from 2.11 on
#: (``populate_by_name`` before): see :func:`auditor.project_queries.renamed_config_key`.
V1_RENAMED_CONFIG_KEYS: dict[str, str] = {
    "allow_population_by_field_name": "validate_by_name",
    "anystr_lower": "str_to_lower",
    "anystr_strip_whitespace": "str_strip_whitespace",
    "anystr_upper": "str_to_upper",
    "keep_untouched": "ignored_types",
    "max_anystr_length": "str_max_length",
    "min_anystr_length": "str_min_length",
    "orm_mode": "from_attributes",
    "schema_extra": "json_schema_extra",
    "validate_all": "validate_default",
}


#: pydantic's ``V2_V1_REMOVED_CONFIG_KEYS``.
V1_REMOVED_CONFIG_KEYS = frozenset(
    {
        "allow_mutation",
        "copy_on_model_validation",
        "error_msg_templates",
        "fields",
        "getter_dict",
        "json_dumps",
        "json_loads",
        "post_init_call",
        "smart_union",
        "underscore_attrs_are_private",
    }
)


POPULATE_BY_NAME_V1 = "allow_population_by_field_name"


# -- environment variables the application does not own (SET005) ------------------------------
#
# Variables set by the operating system, the container runtime, a cloud or hub SDK, a test
# runner or a CI service are facts about the environment the process runs in, not settings
# of the application: declaring ``TZ`` or ``AWS_REGION`` on the app's settings class would
# duplicate a contract that belongs to someone else.  Matched exactly (names) or by prefix;
# case matters (``http_proxy`` is conventionally lower case, so both spellings are listed).

#: Exact names.
# fmt: off
PLATFORM_ENV_NAMES: frozenset[str] = frozenset(
    {
        # POSIX and the login shell: who, where, which terminal, which locale and zone
        "HOME", "USER", "USERNAME", "LOGNAME", "SHELL", "PATH", "PWD", "OLDPWD", "TERM",
        "COLORTERM", "TERM_PROGRAM", "TZ", "LANG", "LANGUAGE", "TMPDIR", "TEMP", "TMP",
        "HOSTNAME", "EDITOR", "VISUAL", "PAGER", "BROWSER", "DISPLAY", "WAYLAND_DISPLAY",
        "COLUMNS", "LINES", "MAIL", "SUDO_USER", "SUDO_UID", "SUDO_GID",
        # colour conventions read by every CLI (no-color.org, force-color.org)
        "NO_COLOR", "FORCE_COLOR", "CLICOLOR", "CLICOLOR_FORCE",
        # Windows
        "APPDATA", "LOCALAPPDATA", "USERPROFILE", "PROGRAMDATA", "PROGRAMFILES", "SYSTEMROOT",
        "WINDIR", "COMSPEC", "COMPUTERNAME", "PROCESSOR_ARCHITECTURE", "NUMBER_OF_PROCESSORS",
        # proxies and trust stores, honoured by curl, requests, httpx, urllib
        "http_proxy", "https_proxy", "ftp_proxy", "no_proxy", "all_proxy",
        "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY",
        "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR",
        # the Python interpreter and its environments
        "VIRTUAL_ENV", "PYENV_ROOT", "PYENV_VERSION",
        # servers and process managers: uvicorn's and gunicorn's own variables
        "FORWARDED_ALLOW_IPS", "WEB_CONCURRENCY", "GUNICORN_CMD_ARGS", "SERVER_SOFTWARE",
        # prometheus_client's multiprocess mode
        "PROMETHEUS_MULTIPROCESS_DIR", "prometheus_multiproc_dir", "PROMETHEUS_DISABLE_CREATED_SERIES",
        # the de-facto "do not phone home" switch (consoledonottrack.com)
        "DO_NOT_TRACK",
        # CI services' markers (the vendor-specific ones are prefixes below)
        "CI", "CONTINUOUS_INTEGRATION", "BUILD_NUMBER", "BUILD_ID", "BUILD_URL", "TF_BUILD",
        "GITLAB_CI", "CIRCLECI", "TRAVIS", "BUILDKITE", "JENKINS_URL", "TEAMCITY_VERSION",
        "APPVEYOR", "DRONE", "SEMAPHORE",
        # Kubernetes and cloud runtimes that name the instance
        "KUBECONFIG", "K_SERVICE", "K_REVISION", "K_CONFIGURATION", "FUNCTION_TARGET",
        "DYNO",
        # GitHub Actions' predefined variables (not GITHUB_CLIENT_ID: an OAuth app's setting)
        "GITHUB_ACTIONS", "GITHUB_SHA", "GITHUB_REF", "GITHUB_REF_NAME", "GITHUB_REF_TYPE",
        "GITHUB_HEAD_REF", "GITHUB_BASE_REF", "GITHUB_REPOSITORY", "GITHUB_REPOSITORY_OWNER",
        "GITHUB_SERVER_URL", "GITHUB_API_URL", "GITHUB_RUN_ID", "GITHUB_RUN_NUMBER",
        "GITHUB_RUN_ATTEMPT", "GITHUB_WORKFLOW", "GITHUB_JOB", "GITHUB_ACTOR", "GITHUB_EVENT_NAME",
        "GITHUB_EVENT_PATH", "GITHUB_WORKSPACE", "GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH",
        "GITHUB_STEP_SUMMARY",
        # the AWS SDKs' and CLI's documented variables (boto3/botocore read them themselves);
        # an application's own ``AWS_UPLOAD_BUCKET`` is not among them
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION",
        "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CONFIG_FILE",
        "AWS_SHARED_CREDENTIALS_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME",
        "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CA_BUNDLE", "AWS_STS_REGIONAL_ENDPOINTS",
        "AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE", "AWS_EXECUTION_ENV", "AWS_BEARER_TOKEN_BEDROCK",
        # the Azure SDKs' credential chain (azure-identity's EnvironmentCredential) and CLI
        "AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH",
        "AZURE_CLIENT_CERTIFICATE_PASSWORD", "AZURE_USERNAME", "AZURE_PASSWORD",
        "AZURE_AUTHORITY_HOST", "AZURE_FEDERATED_TOKEN_FILE", "AZURE_SUBSCRIPTION_ID",
        "AZURE_STORAGE_CONNECTION_STRING", "AZURE_CONFIG_DIR",
        # Google Cloud's credential chain
        "GOOGLE_APPLICATION_CREDENTIALS", "GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT", "GCP_PROJECT",
        # OpenAI-compatible clients: the endpoint every OpenAI SDK on the host is pointed at
        # (a local proxy, Azure); the API key stays the application's own setting
        "OPENAI_API_BASE", "OPENAI_BASE_URL",
        # the Hugging Face hub: the host's hub login and caches, shared by every HF library
        "HUGGING_FACE_HUB_TOKEN", "HUGGINGFACE_HUB_CACHE", "HUGGINGFACE_HUB_VERBOSITY",
        "TRANSFORMERS_CACHE", "TRANSFORMERS_OFFLINE", "SENTENCE_TRANSFORMERS_HOME",
        "TOKENIZERS_PARALLELISM", "TORCH_HOME",
        # Hugging Face Spaces: the hosting runtime names the Space
        "SPACE_ID", "SPACE_HOST", "SPACE_AUTHOR_NAME", "SPACE_REPO_NAME", "SPACES_ZERO_GPU",
        "SYSTEM",
        # accelerators and thread pools, read by CUDA, OpenMP and BLAS
        "CUDA_VISIBLE_DEVICES", "NVIDIA_VISIBLE_DEVICES", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        # notebooks and hosted kernels
        "JUPYTERHUB_API_TOKEN", "KAGGLE_KERNEL_RUN_TYPE",
    }
)
# fmt: on

#: Prefixes.
PLATFORM_ENV_PREFIXES: tuple[str, ...] = (
    "LC_",  # POSIX locale categories
    "XDG_",  # the XDG base directories
    "SSH_",  # set by sshd for the session (SSH_CONNECTION, SSH_TTY)
    "PYTHON",  # the interpreter's own switches (PYTHONPATH, PYTHONDEVMODE, PYTHONASYNCIODEBUG)
    "CONDA_",  # conda environments
    "PYTEST_",  # set by pytest (PYTEST_CURRENT_TEST, PYTEST_VERSION, PYTEST_XDIST_WORKER)
    # CI vendors' predefined variables
    "CI_",  # GitLab
    "BITBUCKET_",
    "TRAVIS_",
    "CIRCLE_",
    "BUILDKITE_",
    "JENKINS_",
    "DRONE_",
    "APPVEYOR_",
    "CODEBUILD_",  # AWS CodeBuild
    "BUILD_REPOSITORY_",  # Azure Pipelines
    "BUILD_SOURCE",
    "BUILD_BUILD",
    "SYSTEM_TEAM",
    # container runtimes and orchestrators
    "KUBERNETES_",  # KUBERNETES_SERVICE_HOST, injected into every pod
    "ECS_CONTAINER_METADATA",
    # cloud runtimes and SDKs that own a whole namespace: AWS Lambda and ECS tasks, endpoint
    # overrides (AWS_ENDPOINT_URL_S3), the gcloud CLI, App Engine, Azure App Service, the
    # Databricks SDK's unified authentication and runtime
    "AWS_LAMBDA_",
    "AWS_CONTAINER_",
    "AWS_ENDPOINT_URL",
    "CLOUDSDK_",
    "GAE_",
    "WEBSITE_",
    "DATABRICKS_",
    # OpenTelemetry's SDK configuration (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME ...)
    "OTEL_",
    # the Hugging Face hub (HF_TOKEN, HF_HOME, HF_HUB_CACHE, HF_ENDPOINT)
    "HF_",
)


def is_platform_env(name: str) -> bool:
    """``name`` is an environment variable of the platform (OS, container runtime, cloud or
    hub SDK, OpenTelemetry, a test runner, a CI service), not a setting of the application."""
    return name in PLATFORM_ENV_NAMES or name.startswith(PLATFORM_ENV_PREFIXES)
