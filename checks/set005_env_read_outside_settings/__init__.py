from __future__ import annotations

import ast
import dataclasses
import re
import sys
import textwrap
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import PurePosixPath
from typing import NamedTuple

from auditor.astwalk import statements, walk
from auditor.check import Check, Hit, Severity, when
from auditor.facts import (
    Attribute,
    BinOp,
    Call,
    Class,
    DictExpr,
    Expr,
    Function,
    Lit,
    ModuleFacts,
    Name,
    iter_exprs,
    kwarg,
    qname_of,
    str_lit,
)
from auditor.lazyre import lazy_compile
from auditor.names import ENV_READS, canonical, is_platform_env, sdk_namespace
from auditor.project import Binding, Project
from auditor.recognisers import LOG_METHODS, is_main_guard
from auditor.source import SourceProblem, parse_text
from auditor.walker import ModuleContext, Scope

from . import examples

#: Settings modules by name (``core/config.py`` included), and settings packages.  Beyond
#: the catalogue's ``config.py`` / ``settings.py``: the other names a module that gathers the
#: configuration goes by (open-webui's ``env.py``, Celery's ``celeryconfig.py``, an
#: ``otel_env_config.py``, a ``defaults.py`` building the default configuration a loader
#: merges with its file), and configuration packages (airflow's ``configuration/``).
_SETTINGS_STEMS = frozenset(
    {
        "config",
        "configs",
        "settings",
        "conf",
        "configuration",
        "env",
        "envs",
        "environment",
        "defaults",
    }
)
_SETTINGS_SUFFIXES = ("config", "_settings", "_conf", "_configuration")
_SETTINGS_DIRS = frozenset({"config", "configs", "settings", "conf", "configuration"})
#: A module named for a role it plays for the configuration (``config_loader.py``,
#: ``settings_manager.py``, ``conf_utils.py``): its first word names the configuration, its
#: last the role.
_SETTINGS_ROLES = frozenset(
    {"loader", "load", "reader", "manager", "parser", "utils", "util", "helper", "helpers"}
)
#: Command-line frameworks: a function they run as a command is an entry point.
_CLI_MODULES = frozenset({"click", "typer", "asyncclick", "cyclopts"})
_CLI_DECORATORS = frozenset({"command", "callback", "group"})
#: Calls that write their first argument's variable into the process environment.
_WRITE_CALLS = frozenset({"os.environ.setdefault", "os.putenv"})
#: How a copy of the environment for a child process is made (``env = os.environ.copy()``).
_ENV_COPIES = frozenset({"os.environ.copy"})


def _holds_settings_class(project: Project, path: str | None) -> bool:
    """The module at ``path`` defines a pydantic settings class."""
    facts = project.by_path.get(path or "")
    return facts is not None and any(
        project.is_settings_class(q) or project.class_is(q, {"pydantic.v1.BaseSettings"})
        for q in facts.classes
    )


def _is_main_guard(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and is_main_guard(node.test)


def _key(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) <= 80:
        return node.value
    return None


def _settings_path(path: str) -> bool:
    p = PurePosixPath(path)
    stem = p.stem.lower() if p.suffix == ".py" else ""
    words = stem.split("_")
    return (
        stem in _SETTINGS_STEMS
        or stem.endswith(_SETTINGS_SUFFIXES)
        or (len(words) == 2 and words[0] in _SETTINGS_DIRS and words[1] in _SETTINGS_ROLES)
        or any(d.lower() in _SETTINGS_DIRS for d in p.parts[:-1])
    )


def _entry_point_path(path: str) -> bool:
    """``__main__.py``, a ``cli.py`` module or a module of a ``cli/`` package: code that
    launches the application rather than serving it."""
    p = PurePosixPath(path)
    return p.name in ("__main__.py", "cli.py") or "cli" in p.parts[:-1]


def _factory_argument(project: Project, hit: Hit, arguments: set[tuple[str, str]]) -> bool:
    """The read is in the body of an application factory that an entry point serves by its
    import string, having written the variable for it just before (:func:`_served_factory`)."""
    fn = project.function_at(hit.path or "", hit.line or 0)
    return fn is not None and (hit.payload(_Data).name, fn.qname) in arguments


def _beside_the_server(project: Project, hits: list[Hit]) -> list[Hit]:
    """The hits but those in a function only command-line code runs
    (:meth:`Project.command_line_only`: a helper of a console command, in a module the
    server also imports for something else): a command's process serves no request, so
    the variable is not the application's setting."""
    where = [project.function_at(h.path or "", h.line or 0) for h in hits]
    commands = project.command_line_only(fn.qname for fn in where if fn is not None)
    return [h for h, fn in zip(hits, where) if fn is None or fn.qname not in commands]


def _cli_module(path: str) -> bool:
    """A module named for the command line (``_cli_bootstrap.py``, ``proxy_cli.py``): it
    reads the environment before the settings load, on purpose.  Its writes still count as
    the project's own (a variable it exports for the server it starts is a channel)."""
    return "cli" in PurePosixPath(path).stem.lower().split("_")


#: A variable that locates the settings' own file (``OPTIMADE_CONFIG_FILE``,
#: ``APP_SETTINGS_PATH``): the settings are loaded from it, so it cannot be one of their fields.
_LOCATES_SETTINGS = lazy_compile(
    r"(?:^|_)(?:CONFIG|CONF|CFG|SETTINGS|ENV)_?(?:FILE|PATH|DIR|FILENAME)S?$", re.IGNORECASE
)
#: A variable named for a configuration itself (``FLEET_CONFIG``, ``APP_SETTINGS``): handed
#: to a function named for loading one (:data:`_CONFIG_LOADER_NAME`), it says where that
#: configuration comes from, as a ``..._CONFIG_PATH`` does.
_NAMES_CONFIGURATION = lazy_compile(r"(?:^|_)(?:CONFIG|CONF|CFG|SETTINGS)$", re.IGNORECASE)
#: How many constants a module must bind from the environment to be the project's settings.
_ENV_MODULE_MIN = 5
#: Calls that load a configuration from where their argument points: a module by its dotted
#: name (``FAPILOT_SETTINGS_MODULE``, Django's ``DJANGO_SETTINGS_MODULE``), a Python file, a
#: dotenv file.  A variable whose value the settings module hands to one locates the settings.
_CONFIG_LOADERS = frozenset(
    {
        "importlib.import_module",
        "builtins.__import__",
        "importlib.util.spec_from_file_location",
        "runpy.run_path",
        "dotenv.load_dotenv",
        "dotenv.dotenv_values",
        "dotenv.main.load_dotenv",
        "dotenv.main.dotenv_values",
    }
)
#: Keyword arguments of a settings class that name the file its values come from.
_CONFIG_FILE_KEYWORDS = frozenset({"_env_file", "env_file", "_secrets_dir"})
#: A function named for loading the configuration (``load_config``, ``load_app_settings``,
#: ``read_settings``): given a path, it loads the configuration from there.
_CONFIG_LOADER_NAME = lazy_compile(
    r"^_?(?:load|read|parse)_(?:\w+_)?(?:config|configuration|settings|conf)s?$", re.IGNORECASE
)


#: A function named for finding the configuration's file (``resolve_config_file``,
#: ``find_settings_path``, ``locate_config``) or loading it (:data:`_CONFIG_LOADER_NAME`).
_CONFIG_LOCATOR_NAME = lazy_compile(
    r"^_?(?:resolve|find|locate|discover)_(?:\w+_)?(?:config|configuration|settings|conf)"
    r"(?:_(?:file|path|dir|location))?s?$",
    re.IGNORECASE,
)


def _locator_read(project: Project, hit: Hit) -> bool:
    """The settings' module (by its path) reads the variable in a function named for finding
    or loading the configuration (:data:`_CONFIG_LOCATOR_NAME`, :data:`_CONFIG_LOADER_NAME`):
    the project's configuration loader locates its file with it, so it cannot be a field of
    the settings it locates, wherever the settings classes live."""
    fn = project.function_at(hit.path or "", hit.line or 0)
    return fn is not None and bool(
        _CONFIG_LOCATOR_NAME.match(fn.name) or _CONFIG_LOADER_NAME.match(fn.name)
    )


def _names_configuration(name: str) -> bool:
    """The variable's name says it locates or is a configuration (:data:`_LOCATES_SETTINGS`,
    :data:`_NAMES_CONFIGURATION`)."""
    return bool(_LOCATES_SETTINGS.search(name) or _NAMES_CONFIGURATION.search(name))


def _callee_name(func: ast.AST) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _locates_configuration(node: ast.AST, ctx: ModuleContext, named: bool = False) -> bool:
    """The value read is where the configuration is loaded from: handed, directly or
    through the one local it is bound to, to a loader of :data:`_CONFIG_LOADERS` or to a
    settings class's ``_env_file=`` (``module_name = name or os.getenv("X_SETTINGS_MODULE")``
    then ``importlib.import_module(module_name)``): whatever its name, it locates the
    settings, so it cannot be one of their fields.  ``named`` (for a variable whose name
    says it is the configuration or its path, :func:`_names_configuration`): a function named for
    loading the configuration (:data:`_CONFIG_LOADER_NAME`) counts as a loader too, the
    path given positionally or by keyword (``load_config(config_dir=config_dir)``)."""

    def loads(call: ast.Call, found: Callable[[ast.AST], bool]) -> bool:
        if ctx.resolve(call.func) in _CONFIG_LOADERS and any(found(a) for a in call.args):
            return True
        if (
            named
            and _CONFIG_LOADER_NAME.match(_callee_name(call.func))
            and any(found(a) for a in [*call.args, *(k.value for k in call.keywords)])
        ):
            return True
        return any(k.arg in _CONFIG_FILE_KEYWORDS and found(k.value) for k in call.keywords)

    local: str | None = None
    for p in reversed(ctx.parents):
        if isinstance(p, ast.Call) and loads(p, lambda a: any(n is node for n in walk(a))):
            return True  # ``import_module(os.getenv("X"))``
        if isinstance(p, ast.stmt):
            targets = p.targets if isinstance(p, ast.Assign) else []
            if isinstance(p, ast.AnnAssign):
                targets = [p.target]
            if len(targets) == 1 and isinstance(targets[0], ast.Name):
                local = targets[0].id
            break
    scope = ctx.enclosing_def
    if local is None or scope is None:
        return False

    def names_local(a: ast.AST) -> bool:
        return any(isinstance(n, ast.Name) and n.id == local for n in walk(a))

    return any(isinstance(n, ast.Call) and loads(n, names_local) for n in walk(scope))


def _settings_source(ctx: ModuleContext) -> bool:
    """The read is in a method of a pydantic-settings source (a class deriving, directly,
    from one of pydantic-settings' ``...Source`` classes: ``PydanticBaseSettingsSource``,
    ``EnvSettingsSource``): part of how the settings load."""
    cls = next((p for p in reversed(ctx.parents) if isinstance(p, ast.ClassDef)), None)
    return cls is not None and any(
        (q := ctx.resolve(b) or "").startswith("pydantic_settings.") and q.endswith("Source")
        for b in cls.bases
    )


def _selects_source(node: ast.AST, ctx: ModuleContext) -> bool:
    """A pydantic-settings source reads the variable to select what it loads: its value
    (through fallbacks: ``getenv("X") or data.get("active")``), kept in a local of the
    method, picks an entry of a mapping (``profiles[active]``, ``active in profiles``), as
    a profile's name picks the profile.  The variable locates the settings' values, so it
    cannot be one of their fields."""
    if not _settings_source(ctx):
        return False
    value, i = _fallback_root(node, ctx.parents)
    bound = _bound_local(ctx.parents, ctx.parents[i] if i >= 0 else None, value)
    if bound is None:
        return False
    fn, local = bound

    def is_local(e: ast.AST) -> bool:
        return isinstance(e, ast.Name) and e.id == local

    return any(
        (isinstance(n, ast.Subscript) and is_local(n.slice))
        or (
            isinstance(n, ast.Compare)
            and is_local(n.left)
            and any(isinstance(op, (ast.In, ast.NotIn)) for op in n.ops)
        )
        for n in walk(fn)
    )


def _reads_env(node: ast.AST, ctx: ModuleContext, helpers: set[str]) -> bool:
    for sub in walk(node):
        if isinstance(sub, ast.Call):
            q = ctx.resolve(sub.func)
            if q in ENV_READS or (isinstance(sub.func, ast.Name) and sub.func.id in helpers):
                return True
        elif isinstance(sub, ast.Subscript) and ctx.resolve(sub.value) == "os.environ":
            return True
    return False


def _env_module(ctx: ModuleContext) -> bool:
    """The module gathers the environment into constants: at least :data:`_ENV_MODULE_MIN`
    of its top-level upper-case constants are read from the environment (directly, or
    through a function of the module that reads it: ``DEBUG = flag("X_DEBUG", False)``),
    and they are at least half of its top-level assignments.  Without a settings class in
    the project (see ``judge``), such a module is the project's settings module."""
    tree = ctx.tree
    if tree is None:
        return False
    assigned = 0
    constants: list[ast.expr] = []  # the values of the upper-case constants
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign):
            targets, value = stmt.targets, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            targets, value = [stmt.target], stmt.value
        else:
            continue
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        if not names or names == ["__all__"]:
            continue
        assigned += 1
        if all(n.isupper() for n in names):
            constants.append(value)
    # at most every constant reads the environment: too few of them settle the answer
    # before the module's functions and values are walked
    if len(constants) < _ENV_MODULE_MIN or 2 * len(constants) < assigned:
        return False
    helpers = {
        stmt.name
        for stmt in tree.body
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))
        and _reads_env(stmt, ctx, set())
    }
    from_env = sum(1 for value in constants if _reads_env(value, ctx, helpers))
    return from_env >= _ENV_MODULE_MIN and 2 * from_env >= assigned


def _in_env_module(ctx: ModuleContext) -> bool:
    state = ctx.state(_State)
    if state.env_module is None:
        state.env_module = _env_module(ctx)
    return state.env_module


#: Calls that parse a configuration file's text (TOML, YAML, JSON).
_FILE_PARSERS = frozenset(
    {
        "tomllib.load",
        "tomllib.loads",
        "tomli.load",
        "tomli.loads",
        "toml.load",
        "toml.loads",
        "yaml.safe_load",
        "yaml.load",
        "json.load",
        "json.loads",
    }
)
#: How many configuration classes a module must define to be the configuration layer.
_CONFIG_LAYER_CLASSES = 3
#: A function named for loading something from a file (``load_manifest``, ``read_config``).
_LOADER_NAME = lazy_compile(r"^_?(?:load|read|parse)_\w+$")


def _configuration_layer(ctx: ModuleContext) -> bool:
    """The module is the project's configuration layer without a settings class: it defines
    at least :data:`_CONFIG_LAYER_CLASSES` configuration classes whose attributes are their
    constructor's parameters (dataclasses named ``...Config``, ``...Settings``:
    :func:`_field_class`, :data:`_CONFIG_CLASS`), and a module-level function named for
    loading (``load_manifest``) that parses a configuration file (``tomllib.loads``,
    ``yaml.safe_load``, ``json.load``).  Its environment reads are the configuration's own
    overrides (``resolve_site_url``: ``DAZZLE_SITE_URL``, else the file's ``[urls]``)."""
    state = ctx.state(_State)
    if state.config_layer is None:
        state.config_layer = _holds_configuration(ctx)
    return state.config_layer


def _holds_configuration(ctx: ModuleContext) -> bool:
    tree = ctx.tree
    if tree is None or not ctx.says(b"load", b"read", b"parse"):
        return False
    classes = sum(
        1
        for stmt in tree.body
        if isinstance(stmt, ast.ClassDef)
        and _CONFIG_CLASS.match(stmt.name)
        and _field_class(stmt, ctx)
    )
    if classes < _CONFIG_LAYER_CLASSES:
        return False
    return any(
        isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))
        and _LOADER_NAME.match(stmt.name)
        and any(
            isinstance(n, ast.Call) and ctx.resolve(n.func) in _FILE_PARSERS for n in walk(stmt)
        )
        for stmt in tree.body
    )


def _settings_module(ctx: ModuleContext) -> bool:
    """A settings module by its name (:func:`_settings_path`) or by what it holds
    (:func:`_configuration_layer`)."""
    return _settings_path(ctx.path) or _configuration_layer(ctx)


@dataclass
class _State:
    cached: bool | None = None  # the module-wide answer (None: not computed yet)
    env_module: bool | None = None  # :func:`_env_module` (None: not computed yet)
    config_layer: bool | None = None  # :func:`_configuration_layer` (None: not computed yet)
    #: the local names ``import x`` / ``import x as y`` bind (None: not computed yet)
    module_aliases: frozenset[str] | None = None
    #: the words third-party packages the module imports anywhere begin (:func:`_vendor_words`)
    vendor_words: frozenset[str] | None = None
    #: (scope, local) of the dicts holding a copy of ``os.environ``: an environment being
    #: built for a child process (``env = {}; env.update(os.environ)``)
    env_copies: set[tuple[str, str]] = field(default_factory=set)
    #: the module's text may spell a command line's ``NAME=value`` (:data:`_MAY_ASSIGN`)
    may_assign: bool | None = None
    #: the module writes the environment under computed names (its names were reported)
    runtime_written: bool = False
    #: :func:`_computed_keys` of each function holding a read (by the function's node)
    computed_keys: dict[ast.AST, set[str]] = field(default_factory=dict)
    #: :func:`_statement_names` of each statement asked about (by the statement's node)
    statement_names: dict[ast.AST, _Names] = field(default_factory=dict)
    #: :func:`_sole_public_caller` of each private function holding a read (by its node)
    public_callers: dict[ast.AST, tuple[str, set[str]] | None] = field(default_factory=dict)
    #: :func:`_module_helper_params` of each function holding a read (by its node)
    helper_params: dict[ast.AST, set[str]] = field(default_factory=dict)


class _Names(NamedTuple):
    """The names one statement uses: how many ``Name`` nodes spell each, and the calls of
    each by its plain name (``f(...)``), in :func:`walk`'s order."""

    uses: dict[str, int]
    calls: dict[str, list[ast.Call]]


def _statement_names(stmt: ast.AST, state: _State) -> _Names:
    """:class:`_Names` of ``stmt``, walked once per module: the helpers below ask, for each
    read, about one function's name in every statement of the module."""
    found = state.statement_names.get(stmt)
    if found is None:
        uses: dict[str, int] = {}
        calls: dict[str, list[ast.Call]] = {}
        for n in walk(stmt):
            if isinstance(n, ast.Name):
                uses[n.id] = uses.get(n.id, 0) + 1
            elif isinstance(n, ast.Call) and isinstance(n.func, ast.Name):
                calls.setdefault(n.func.id, []).append(n)
        found = state.statement_names[stmt] = _Names(uses, calls)
    return found


#: Keyword arguments of ``Field(...)`` that name the variable a settings field reads.
_FIELD_ENV_KEYS = ("validation_alias", "alias", "env")
_FIELD_CALLS = frozenset({"pydantic.Field", "pydantic.v1.Field"})  # canonical names


def _config_value(project: Project, cls, key: str) -> tuple[bool, Expr | None]:
    """(found, value) of a settings option on ``cls``: ``model_config =
    SettingsConfigDict(key=...)`` / ``{"key": ...}``, v1 ``class Config: key = ...``, or a
    class keyword.  ``found`` with a None value: the option is set but not readable."""
    if key in cls.keywords:
        return True, cls.keywords[key]
    for name, value, *_ in cls.config or ():
        if name == key:
            return True, value
    for a in cls.attributes:
        if a.name != "model_config" or a.default is None:
            continue
        if isinstance(a.default, Call):
            if a.default.has_star:
                return True, None
            v = kwarg(a.default, key)
            return (v is not None), v
        if isinstance(a.default, DictExpr):
            for k, v in a.default.items:
                if k is None:
                    return True, None  # ``{**base, ...}``
                if str_lit(k) == key:
                    return True, v
            return False, None
        return True, None  # built elsewhere
    return False, None


def _declared_env_names(project: Project) -> dict[str, set[str]]:
    """The variables (upper case) the project's pydantic-settings classes already read, with
    the fields that read them: the env prefix (when literal, or none) followed by each
    field's name, and the literal alias a field names (``Field(validation_alias="X")``, v1
    ``Field(env="X")``).  A class whose prefix cannot be read declares nothing known."""
    out: dict[str, set[str]] = {}
    for cls in project.settings_classes:
        chain = [cls] + [
            c for q in project.ancestors(cls.qname) if (c := project.class_(q)) is not None
        ]
        prefix: str | None = ""
        for c in chain:
            found, value = _config_value(project, c, "env_prefix")
            if found:
                prefix = str_lit(value) if value is not None else None
                break
        found, value = next(
            (r for c in chain if (r := _config_value(project, c, "env_nested_delimiter"))[0]),
            (False, None),
        )
        delimiter = str_lit(value) if found and value is not None else None
        for c in chain:
            for a in c.attributes:
                if a.annotation is None or a.name.startswith("_") or a.name == "model_config":
                    continue
                if prefix is not None:
                    out.setdefault((prefix + a.name).upper(), set()).add(a.name)
                    if delimiter:
                        _declare_nested(
                            project, c.qname, a, prefix + a.name, a.name, delimiter, out
                        )
                if isinstance(a.default, Call) and a.default.qname in _FIELD_CALLS:
                    for key in _FIELD_ENV_KEYS:
                        named = str_lit(kwarg(a.default, key))
                        if named:
                            out.setdefault(named.upper(), set()).add(a.name)
    return out


def _declare_nested(
    project: Project,
    owner: str,
    a: Attribute,
    variable: str,
    path: str,
    delimiter: str,
    out: dict[str, set[str]],
) -> None:
    """The fields of the project model a settings field ``a`` holds, read from
    ``<variable><delimiter><field>`` under ``env_nested_delimiter`` (``AUTH__TTL_SECONDS``
    for ``auth: AuthSettings`` whose ``ttl_seconds`` it declares), recorded as the dotted
    field (``auth.ttl_seconds``), and theirs in turn."""
    cls = project.class_(qname_of(a.annotation) or "")
    if cls is None and isinstance(a.annotation, Name) and a.annotation.dotted:
        cls = project.class_(f"{owner}.{a.annotation.dotted}")  # a class of the class body
    if cls is None or path.count(".") > 3:
        return
    chain = [cls] + [
        c for q in project.ancestors(cls.qname) if (c := project.class_(q)) is not None
    ]
    for c in chain:
        for sub in c.attributes:
            if sub.annotation is None or sub.name.startswith("_") or sub.name == "model_config":
                continue
            name = f"{variable}{delimiter}{sub.name}"
            out.setdefault(name.upper(), set()).add(f"{path}.{sub.name}")
            _declare_nested(project, c.qname, sub, name, f"{path}.{sub.name}", delimiter, out)


#: Pydantic's field validators: a decorator naming a field (or ``"*"``) that may rewrite it.
_FIELD_VALIDATORS = frozenset(
    {
        "pydantic.field_validator",
        "pydantic.validator",
        "pydantic.functional_validators.field_validator",
        "pydantic.class_validators.validator",
    }
)


def _validated_fields(project: Project) -> dict[str, str]:
    """The settings fields a field validator may rewrite, with that validator's name: a raw
    read swapped for the field may then see another value (``"local"`` mapped to
    ``"development"``), so the advice to read the field must say to mind it."""
    out: dict[str, str] = {}
    for cls in project.settings_classes:
        for m in cls.methods:
            fn = project.function(f"{cls.qname}.{m}")
            if fn is None:
                continue
            for d in fn.decorators:
                if isinstance(d, Call) and d.qname in _FIELD_VALIDATORS:
                    for a in d.args:
                        if isinstance(a, Lit) and isinstance(a.value, str):
                            out.setdefault(a.value, fn.name)
    return out


def _defaulted_fields(project: Project) -> set[str]:
    """The settings fields given a default (``URL: str = "postgresql://localhost/x"``,
    ``Field("x")``, ``Field(default=...)``): a field with none (``Field(...)``) is required."""
    out: set[str] = set()
    for cls in project.settings_classes:
        for a in cls.attributes:
            d = a.default
            if isinstance(d, Call) and d.qname in _FIELD_CALLS:
                if kwarg(d, "default_factory") is not None:
                    out.add(a.name)
                    continue
                d = d.args[0] if d.args else kwarg(d, "default")
            if d is not None and not (isinstance(d, Lit) and d.value is Ellipsis):
                out.add(a.name)
    return out


#: How many lines around a raw read its settings field may be read (the fallback idiom).
_FALLBACK_WINDOW = 5


def _falls_back(project: Project, hit: Hit, fields: set[str]) -> bool:
    """The function holding the read (the read's own line at module level), near the read, also reads the
    settings field declaring the variable (``settings.api_key or os.getenv("API_KEY")``):
    the raw read is a fallback to a declared setting, not an undeclared one.  A raw read
    that bypasses the declared field is still reported."""
    text = project.read_text(hit.path or "")
    if text is None or hit.line is None:
        return False
    lines = text.splitlines()
    fn = project.function_at(hit.path or "", hit.line)
    first, last = (fn.line, fn.end_line) if fn is not None else (hit.line, hit.line)
    # near the read: a long function may read the field for another purpose
    first, last = max(first, hit.line - _FALLBACK_WINDOW), min(last, hit.line + _FALLBACK_WINDOW)
    body = "\n".join(lines[first - 1 : last])
    return any(re.search(rf"\.\s*{re.escape(f)}\b", body) for f in fields)


def _words_of(name: str) -> set[str]:
    return {w for w in name.lower().split("_") if w}


#: ``owner.FIELD`` or ``getattr(owner, "FIELD"``: a field read on a named object.
_FIELD_READ = lazy_compile(
    r"""\b([A-Za-z_]\w*)\s*\.\s*([A-Za-z_]\w*)|getattr\(\s*([A-Za-z_]\w*)\s*,\s*["']([A-Za-z_]\w*)"""
)
#: The name of a settings object (``settings``, ``app_config``, ``cfg``): not ``self`` nor a module.
_SETTINGS_OBJECT = lazy_compile(r"^(?:\w+_)?(?:settings|config|conf|cfg)$", re.IGNORECASE)


def _bypassed_field(
    project: Project, hit: Hit, fields: frozenset[str], lines_of: dict[str, list[str]]
) -> str | None:
    """The settings field that the function holding the read reads just before it, under
    another name (``getattr(settings, "SESSION_FILE_PATH", None)`` then
    ``os.environ.get("APP_SESSION_PATH", ...)``): the raw read is a second knob for a value
    the settings already declare.  The field is read on an object named for the settings
    (``settings``, ``app_config``; not ``self``, not a module), and shares at least two words
    with the variable, and at least half of its own words."""
    path = hit.path or ""
    if hit.line is None or not fields:
        return None
    if path not in lines_of:
        lines_of[path] = (project.read_text(path) or "").splitlines()
    lines = lines_of[path]
    fn = project.function_at(path, hit.line)
    if fn is None:
        return None
    first = max(fn.line, hit.line - _FALLBACK_WINDOW)
    body = "\n".join(lines[first - 1 : hit.line])
    words = _words_of(hit.payload(_Data).name)
    for m in _FIELD_READ.finditer(body):
        owner, field = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if field not in fields or not _SETTINGS_OBJECT.match(owner):
            continue
        shared = words & _words_of(field)
        if len(shared) >= 2 and 2 * len(shared) >= len(_words_of(field)):
            return field
    return None


#: Tool wrappers that serialise a function's *source* into a component configuration
#: (with the imports it needs), to be executed standalone by an agent runtime: such a
#: function cannot import the server's settings, and the variables it reads belong to
#: whoever runs the tool.  AutoGen's ``FunctionTool(func, global_imports=[...])``.
SERIALISED_TOOLS = frozenset(
    {"autogen_core.tools.FunctionTool", "autogen_core.tools._function_tool.FunctionTool"}
)


def _serialised_tools(project: Project) -> frozenset[str]:
    """Project functions handed to a tool wrapper that serialises their source."""
    out: set[str] = set()
    for m in project.modules.values():
        for inst in m.instances:
            if inst.call.qname not in SERIALISED_TOOLS:
                continue
            target = kwarg(inst.call, "func") or (inst.call.args[0] if inst.call.args else None)
            if isinstance(target, Name) and target.qname:
                fn = project.function(target.qname)
                if fn is not None:
                    out.add(fn.qname)
    return frozenset(out)


#: Suffixes of templates a project renders (its own tooling fills the slots).
_TEMPLATE_SUFFIXES = (".jinja", ".jinja2", ".j2", ".tmpl", ".tpl", ".template")
#: ``ENV NAME=value`` / ``ENV NAME value`` in a Dockerfile, the value holding a template slot.
_TEMPLATED_ENV = lazy_compile(
    r"^\s*ENV\s+([A-Za-z_][A-Za-z0-9_]*)(?:=|\s+)[\"']?[^\n]*?(?:\{\{|\{%)", re.MULTILINE
)


def _templated_env_names(project: Project) -> set[str]:
    """Variables a Dockerfile template of the project sets to a value its own tooling
    renders (``ENV BUILD_HASH="{{ build_hash }}"`` in ``server.Dockerfile.jinja``): the
    project writes them for the process it packages, like a child's environment."""
    out: set[str] = set()
    for path in project.repo.files:
        name = PurePosixPath(path).name.lower()
        if "dockerfile" in name and name.endswith(_TEMPLATE_SUFFIXES):
            text = project.read_text(path)
            if text is not None:
                out.update(m.group(1) for m in _TEMPLATED_ENV.finditer(text))
    return out


def _cli_decorator(dec: ast.expr, ctx: ModuleContext) -> bool:
    """A decorator of a CLI framework that makes the function a command (a module that
    imports one: ``@app.command()``, ``@click.command()``)."""
    func = dec.func if isinstance(dec, ast.Call) else dec
    q = ctx.resolve(func) or ""
    if q.split(".", 1)[0] in _CLI_MODULES:
        return True
    return isinstance(func, ast.Attribute) and func.attr in _CLI_DECORATORS


def _env_file_lines(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """The variables ``fn`` writes as ``NAME=value`` lines (``f"RUN_ID={run_id}\n"``) when it
    hands an env file to a launcher (``DockerClient(compose_env_file=path)``,
    ``docker run --env-file``): an environment for the containers it starts.  Not a
    variable it also names on its own (``getenv("X")`` then ``f"X={x}"``): that forwards
    the operator's value, which stays a setting; nor an env file it only saves (a setup
    wizard writing the operator's ``.env``)."""
    names: set[str] = set()
    mentioned: set[str] = set()
    launched = False
    for n in walk(fn):
        if isinstance(n, ast.Constant) and isinstance(n.value, str):
            mentioned.add(n.value)
            launched = launched or n.value == "--env-file"
            if (name := _line_head(n)) is not None:
                names.add(name)
        elif isinstance(n, ast.JoinedStr) and (name := _line_head(n)) is not None:
            names.add(name)
        elif isinstance(n, ast.Call):
            launched = launched or any(
                kw.arg is not None and "env_file" in kw.arg.lower() for kw in n.keywords
            )
    return names - mentioned if launched else set()


#: A container CLI's options that set one variable of the container (``docker run -e X=1``).
_CONTAINER_ENV_FLAGS = frozenset({"-e", "--env"})
#: The verbs of a container CLI that start a container with those options.
_CONTAINER_RUN_VERBS = frozenset({"run", "create"})


def _container_env_args(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[tuple[str, ast.AST]]:
    """(variable, ``NAME=value`` argument) of each ``-e NAME=value`` / ``--env NAME=value``
    pair of a list display in ``fn``, when ``fn`` builds a container's run command (one of
    its list displays holds ``"run"`` or ``"create"``; the caller asks that the module
    names Docker or Podman).  Not a variable the function also names on its own
    (``f"X={os.environ['X']}"``, ``-e X`` alone): that forwards the operator's value."""
    pairs: list[tuple[str, ast.AST]] = []
    mentioned: set[str] = set()
    run = False
    for n in walk(fn):
        if isinstance(n, ast.Constant) and isinstance(n.value, str):
            mentioned.add(n.value)
        if not isinstance(n, (ast.List, ast.Tuple)):
            continue
        run = run or any(
            isinstance(e, ast.Constant) and e.value in _CONTAINER_RUN_VERBS for e in n.elts
        )
        for flag, arg in pairwise(n.elts):
            if (
                isinstance(flag, ast.Constant)
                and flag.value in _CONTAINER_ENV_FLAGS
                and (name := _line_head(arg)) is not None
            ):
                pairs.append((name, arg))
    return [(name, arg) for name, arg in pairs if name not in mentioned] if run else []


def _launcher_made(arg: ast.AST, name: str, ctx: ModuleContext) -> bool:
    """The value of ``f"NAME={value}"`` is made by a project function (``f"X={hint("login",
    profile)}"``: the launcher's own text), none of whose arguments shares a word with the
    variable (``f"PORT={port_of(args.port)}"`` forwards the ``--port`` option)."""
    if not isinstance(arg, ast.JoinedStr) or len(arg.values) != 2:
        return False
    value = arg.values[1]
    call = value.value if isinstance(value, ast.FormattedValue) else None
    if not isinstance(call, ast.Call) or not ctx.is_project(ctx.resolve(call.func)):
        return False
    words = set(name.lower().split("_"))
    for n in walk(call):
        spelt = n.id if isinstance(n, ast.Name) else n.attr if isinstance(n, ast.Attribute) else ""
        if n is not call.func and words & set(spelt.lower().split("_")):
            return False
    return True


#: The shell's assignments ahead of a command word, or the ``env`` utility's operands
#: (POSIX, Shell Command Language 2.9.1 "Simple Commands", and the ``env`` utility:
#: ``NAME=value ... command``): the variables the command line gives the program it runs.
#: A placeholder of an f-string stands as ``\x00`` (a value the code fills in).
_COMMAND_ASSIGNMENTS = lazy_compile(
    r"(?:^|[;&|(]\s*|\benv[ \t]+)"
    r"((?:[A-Z][A-Z0-9_]*=(?:'[^']*'|\"[^\"]*\"|[^\s'\"])*[ \t]+)+)"
    r"(?![A-Z][A-Z0-9_]*=)[^\s=]"
)
#: The name of each assignment of a :data:`_COMMAND_ASSIGNMENTS` run.
_ASSIGNED_NAME = lazy_compile(r"(?:^|\s)([A-Z][A-Z0-9_]*)=")
#: A byte-level test that a module may spell such an assignment (a cheap gate).
_MAY_ASSIGN = lazy_compile(rb"[\s\"';&|][A-Z][A-Z0-9_]*=[^=\s]")
#: Calls that only show a text (a log line, a message): a command line there runs nothing
#: (``logging.Logger``'s methods, :data:`auditor.recognisers.LOG_METHODS`; ``print``).
_SHOWN = LOG_METHODS | {"print", "echo"}


def _own_nodes(fn: ast.AST) -> Iterator[ast.AST]:
    """The nodes of ``fn``'s own body, not those of the functions and classes it nests
    (each is visited on its own)."""
    stack = list(ast.iter_child_nodes(fn))
    while stack:
        n = stack.pop()
        yield n
        if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(n))


def _command_text(node: ast.AST) -> str | None:
    """The text of a string literal or of an f-string, each placeholder as ``\x00``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "\x00"
            for v in node.values
        )
    return None


def _command_line_names(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[tuple[str, ast.AST]]:
    """(variable, string) of each variable a command line built in ``fn`` sets for the
    program it runs (:data:`_COMMAND_ASSIGNMENTS`: ``f"env APP_RUN_ID={rid} python -m
    app.worker"``), when the line, or a local holding it (through the locals built from
    it: ``script = f"sh -c {shlex.quote(cmd)}"``), is handed whole to a call that is not
    a log line or a message (:data:`_SHOWN`, a ``raise``, ``shlex``'s quoting): the code
    runs that command.  Not a variable the function also names on its own (``f"X={environ
    ['X']}"``): that forwards the operator's value."""
    found: list[tuple[str, ast.AST]] = []
    mentioned: set[str] = set()
    nodes = list(_own_nodes(fn))
    inner = {id(v) for n in nodes if isinstance(n, ast.JoinedStr) for v in n.values}
    for n in nodes:
        if isinstance(n, ast.Constant) and isinstance(n.value, str):
            mentioned.add(n.value)
        text = _command_text(n) if id(n) not in inner else None
        if text:
            for m in _COMMAND_ASSIGNMENTS.finditer(text):
                found += [(name, n) for name in _ASSIGNED_NAME.findall(m.group(1))]
    found = [(name, n) for name, n in found if name not in mentioned]
    if not found:
        return []
    strings = {id(n) for _, n in found}
    holders: set[str] = set()
    changed = True
    while changed:
        changed = False
        for n in nodes:
            if not (isinstance(n, ast.Assign) and len(n.targets) == 1):
                continue
            t = n.targets[0]
            if (
                isinstance(t, ast.Name)
                and t.id not in holders
                and _holds(n.value, strings, holders)
            ):
                holders.add(t.id)
                changed = True
    raised = {id(c) for n in nodes if isinstance(n, ast.Raise) for c in walk(n)}
    run = any(
        isinstance(n, ast.Call)
        and id(n) not in raised
        and _callee_name(n.func) not in _SHOWN
        and not (isinstance(n.func, ast.Attribute) and _callee_name(n.func.value) == "shlex")
        and any(_whole(a, strings, holders) for a in [*n.args, *(k.value for k in n.keywords)])
        for n in nodes
    )
    return found if run else []


def _whole(arg: ast.AST, strings: set[int], holders: set[str]) -> bool:
    """``arg`` is the command line itself, a local holding it, or a list of the argv that
    holds one (``["bash", "-lc", cmd]``)."""
    if isinstance(arg, (ast.List, ast.Tuple)):
        return any(_whole(e, strings, holders) for e in arg.elts)
    return id(arg) in strings or (isinstance(arg, ast.Name) and arg.id in holders)


def _holds(value: ast.AST, strings: set[int], holders: set[str]) -> bool:
    """``value`` is built from the command line or a local holding it (an f-string, a
    concatenation, ``shlex.quote(...)`` inside either)."""
    return any(
        id(n) in strings or (isinstance(n, ast.Name) and n.id in holders) for n in walk(value)
    )


class _Data(NamedTuple):
    """A read to report (``written`` None), or a variable the project writes itself: a
    marker the judge uses and drops."""

    name: str
    written: bool = False
    #: the read is only the default of an argument its object's maker passes (a constructor
    #: parameter, a dataclass field)
    default_of: bool = False
    #: a read by a settings module (a marker: the variable is part of how the settings load)
    settings_read: bool = False
    #: the marker's read selects what a pydantic-settings source loads (:func:`_selects_source`)
    source_selector: bool = False
    #: the read is in a module that gathers the environment into constants (:func:`_env_module`)
    env_module: bool = False
    #: the read is handed to the SDK that reads the same variable itself (:func:`_sdk_own`)
    sdk_own: bool = False
    #: the module-level name the read is bound to (``TIMEOUT = getenv("X")``), if any
    bound: str = ""
    #: the function treats the variable's name as data (:func:`_name_is_data`)
    name_is_data: bool = False
    #: the read is the value of a dict entry keyed by the same variable (:func:`_passed_on`)
    passed_on: bool = False
    #: the read defaults a value its caller gives under the variable's name (:func:`_named_default`)
    named_default: bool = False
    #: the read is an argument of a configuration object's constructor (:func:`_config_argument`)
    config_argument: bool = False
    #: the read is handed to a client of the variable's own vendor (:func:`_vendor_takes`)
    vendor_client: bool = False
    #: the read's value is only tested (``if os.getenv("X"):``, a local only tested)
    presence_only: bool = False
    #: a vendor's variable (:func:`_imports_vendor_of`) only tested for presence, a branch
    #: raising included (``if not getenv("FAL_KEY"): raise ...`` before ``fal_client``)
    vendor_presence: bool = False
    #: a marker: the project copies a mapping of its settings into ``os.environ`` under
    #: computed names (``for k, v in settings.api_keys.items(): os.environ[k] = v``): the
    #: qualified name of the settings object (:func:`_exported_settings`)
    settings_export: str = ""
    #: a marker: an entry point writes this variable just before it serves this application
    #: factory by its import string (:func:`_served_factory`): the factory's argument
    factory_argument: str = ""
    #: a marker: the project builds an API client that reads this variable itself
    #: (:data:`_SDK_READS`), leaving the argument out
    sdk_reads: bool = False
    #: a marker: an API client of :data:`_SDK_READS` takes the argument it would read this
    #: variable for from this slot (:func:`_sdk_slots`)
    sdk_slot: str = ""
    #: the slot the read of an SDK's own variable is stored in (:func:`_filled_slot`)
    filled: str = ""
    #: the read is only handed on, under its name, to a child's environment (:func:`_handed_to_child`)
    to_child: bool = False
    #: a marker: a configuration module (by its name) reads the variable
    config_read: bool = False
    #: the import names of the third-party library whose settings own the variable's
    #: prefix (:func:`auditor.names.sdk_namespace`; empty: none, or the project is it)
    library: tuple[str, ...] = ()
    #: the program whose home folder the variable locates (:func:`_tool_home`), unless it
    #: is one of the project's packages (``judge`` asks)
    tool_home: str | None = None
    #: the variable's first word when the read's value is only tested for truth
    #: (:func:`_truth_only`): ``judge`` asks whether the same function locates the home
    #: folder of the program named by that word (``CODEX_API_KEY`` beside ``CODEX_HOME``)
    tool_test: str | None = None
    #: the public module-level function whose parameter the read is the fallback of
    #: (:func:`_api_fallback`): an API nothing in the project calls leaves it to its callers
    api_fallback: str | None = None
    #: the parameters of that function (when public itself) the read is the fallback of,
    #: each with its position (-1: keyword-only): a project whose every call passes them
    #: gives the value itself (:func:`_always_given`)
    api_arguments: tuple[tuple[str, int], ...] = ()
    #: a marker's constant (``bound``) holds the read only under a condition, or is bound
    #: again (:func:`_bound_conditionally`)
    conditional: bool = False
    #: the read is the test of a guard refusing to run outside tests (:func:`_testing_guard`):
    #: "" raises itself, else the function the guard calls (``judge`` asks it never returns)
    testing_guard: str | None = None
    #: the project callables the ``try`` takes its value from when the read is in one of its
    #: ``except`` handlers (:func:`_handler_fallback`)
    config_fallback: tuple[str, ...] = ()
    #: the private attribute of ``self`` the read is stored in, whole (:func:`_stored_attribute`)
    stored: str = ""
    #: the callables the value is handed to, with the argument's place (:func:`_handed_to`)
    handed_to: tuple[tuple[str, int | str], ...] = ()
    #: the line of the statement whose reads of the variable are one problem
    #: (:func:`_read_group`): ``judge`` reports one of them
    group: int = 0
    #: the variable read first, when this read only runs as its fallback (:func:`_first_read`)
    first_read: str = ""
    #: the read is bound to a name a following ``if not X: raise ...`` requires
    #: (:func:`_required_read`): the program refuses to start without the variable
    required: bool = False
    #: the read's value reaches a ``return`` of its function (:func:`_returned`)
    returned: bool = False
    #: the read only becomes a reported yes/no of whether the variable is set
    #: (:func:`_reported_presence`)
    reported_presence: bool = False


#: Class decorators that turn annotated class attributes into constructor parameters.
_FIELD_CLASS_DECORATORS = ("dataclass", "define", "frozen", "mutable", "attrs", "attr.s")
#: Bases whose annotated class attributes are constructor parameters.  Not pydantic's
#: ``BaseModel``: in a FastAPI application a model is mostly a request schema, whose
#: fields the HTTP client fills, and an environment default there is the server's setting.
_FIELD_CLASS_BASES = frozenset({"typing.NamedTuple", "msgspec.Struct"})
#: Calls that wrap a field's default (``field(default_factory=lambda: getenv("X"))``).
_FIELD_WRAPPERS = frozenset(
    {
        "dataclasses.field",
        "pydantic.Field",
        "pydantic.fields.Field",
        "attr.ib",
        "attrs.field",
        "attr.attrib",
        "msgspec.field",
    }
)


def _field_class(cls: ast.ClassDef, ctx: ModuleContext, seen: frozenset[str] = frozenset()) -> bool:
    """A class whose annotated attributes are constructor parameters: a dataclass (attrs,
    pydantic dataclass), or a NamedTuple / msgspec struct by a direct base."""
    for dec in cls.decorator_list:
        q = ctx.resolve(dec.func if isinstance(dec, ast.Call) else dec) or ""
        if q.endswith(_FIELD_CLASS_DECORATORS):
            return True
    return any(
        canonical(ctx.resolve(b)) in _FIELD_CLASS_BASES
        or (
            ctx.is_project(ctx.resolve(b))
            and _inherits_fields(ctx.resolve(b), ctx, seen | {cls.name})
        )
        for b in cls.bases
    )


def _inherits_fields(qname: str | None, ctx: ModuleContext, seen: frozenset[str]) -> bool:
    """A project base class of this module that is itself a field class (one level: the
    judge cannot be asked here; a base in another module is decided by the decorator
    found on the subclass, which a dataclass repeats).  A base named like a class already
    asked about (``class Head(Head)`` over an imported ``Head``) is not this module's."""
    if not qname:
        return False
    name = qname.rsplit(".", 1)[-1]
    if name in seen:
        return False
    for stmt in ctx.tree.body if ctx.tree is not None else ():
        if isinstance(stmt, ast.ClassDef) and stmt.name == name:
            return _field_class(stmt, ctx, seen)
    return False


#: Methods that construct an object: their parameters are the object's arguments.
_CONSTRUCTORS = frozenset({"__init__", "__new__", "__post_init__", "model_post_init"})


def _caller_value(
    node: ast.AST,
    fn: ast.FunctionDef | ast.AsyncFunctionDef | None,
    cls: ast.ClassDef | None,
    ctx: ModuleContext,
) -> bool:
    """``node`` is an argument the object's constructor takes: a parameter of the
    constructor, or ``self.x`` where ``x`` is a field of the class (its own, a dataclass's
    inherited ones) or a parameter of its ``__init__``.  A part of a configuration object
    (``config.bucket_name``, ``config.extra.get("url")``) is not: the project has a
    configuration, and the environment is a second, undeclared source of the setting;
    nor is a plain function's parameter (a service method's caller is the project)."""
    if isinstance(node, ast.Name):
        if fn is None or fn.name not in _CONSTRUCTORS or cls is None:
            return False
        a = fn.args
        params = {x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs)}
        if node.id in params - {"self", "cls"}:
            return True
        # a local copy of the object's own field (``key = self.key``), then its fallback
        return any(
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and stmt.targets[0].id == node.id
            and isinstance(stmt.value, ast.Attribute)
            and _caller_value(stmt.value, fn, cls, ctx)
            for stmt in fn.body
        )
    if (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in ("self", "cls")
        and cls is not None
    ):
        return node.attr in _class_fields(cls, ctx) or (bool(cls.bases) and _field_class(cls, ctx))
    return isinstance(node, ast.Attribute) and _option_field(node, fn, cls, ctx)


def _option_field(
    node: ast.Attribute,
    fn: ast.FunctionDef | ast.AsyncFunctionDef | None,
    cls: ast.ClassDef | None,
    ctx: ModuleContext,
) -> bool:
    """``node`` is ``self.options.host`` (or ``options.host`` after ``options =
    self.options``) in a constructor taking ``**kwargs``, where the class annotates
    ``options: HostOptions`` and ``HostOptions``, a class of the module, declares the field
    ``host``: the object's options, parsed from the keywords its maker passes."""
    if fn is None or fn.name not in _CONSTRUCTORS or cls is None or fn.args.kwarg is None:
        return False
    owner = node.value
    if isinstance(owner, ast.Name):
        copies = [
            stmt.value
            for stmt in fn.body
            if isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and stmt.targets[0].id == owner.id
        ]
        owner = copies[0] if len(copies) == 1 else owner
    if not (
        isinstance(owner, ast.Attribute)
        and isinstance(owner.value, ast.Name)
        and owner.value.id == "self"
    ):
        return False
    model = next(
        (
            stmt.annotation.id
            for stmt in cls.body
            if isinstance(stmt, ast.AnnAssign)
            and stmt.value is None
            and isinstance(stmt.target, ast.Name)
            and stmt.target.id == owner.attr
            and isinstance(stmt.annotation, ast.Name)
        ),
        None,
    )
    declared = next(
        (
            c
            for c in (ctx.tree.body if ctx.tree is not None else ())
            if isinstance(c, ast.ClassDef) and c.name == model
        ),
        None,
    )
    return declared is not None and any(
        isinstance(stmt, ast.AnnAssign)
        and isinstance(stmt.target, ast.Name)
        and stmt.target.id == node.attr
        for stmt in declared.body
    )


def _class_fields(cls: ast.ClassDef, ctx: ModuleContext) -> set[str]:
    """The constructor's arguments: a dataclass's fields (not a pydantic model's: in a
    FastAPI application a model is a schema or the project's own configuration object) and
    the parameters of ``__init__``."""
    out: set[str] = set()
    fields = _field_class(cls, ctx)
    for stmt in cls.body:
        if fields and isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            out.add(stmt.target.id)
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == "__init__":
            a = stmt.args
            out |= {x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs)} - {"self"}
    return out


def _mentions(test: ast.AST, target: ast.AST) -> bool:
    """``test`` reads ``target`` (a name or ``self.x``, whatever its load/store context)."""
    want = ast.unparse(target)
    return any(
        ast.unparse(n) == want for n in walk(test) if isinstance(n, (ast.Name, ast.Attribute))
    )


def _default_of(node: ast.AST, ctx: ModuleContext) -> bool:
    """The read is the default of an argument the object's maker passes, so the variable
    configures a component for whoever constructs it (a provider key a library's model class falls back
    to, the SDK convention), not the server: ``api_key or getenv("X")``, ``getenv("X",
    api_key)``, ``x if x is not None else getenv("X")``, ``if x is None: x =
    getenv("X")``, a constructor parameter's default, or a dataclass field's default
    (``api_key: str | None = field(default_factory=lambda: getenv("X"))``)."""
    parents = ctx.parents
    fn = next(
        (p for p in reversed(parents) if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef))),
        None,
    )
    cls = next((p for p in reversed(parents) if isinstance(p, ast.ClassDef)), None)
    helper = (
        _constructor_helper_params(fn, cls)
        if cls is not None
        else _module_helper_params(fn, parents[0] if parents else None, ctx.state(_State))
    )

    def given(v: ast.AST) -> bool:
        return _caller_value(v, fn, cls, ctx) or (isinstance(v, ast.Name) and v.id in helper)

    return (
        _falls_back_to(node, ctx, given, component=True)
        or _after_early_return(node, fn, parents, given)
        or _unless_configured(node, fn, parents, given)
    )


def _unless_configured(
    node: ast.AST,
    fn: ast.FunctionDef | ast.AsyncFunctionDef | None,
    parents: list[ast.AST],
    given: Callable[[ast.AST], bool],
) -> bool:
    """The read runs only when the caller gave no configuration (in the body of an ``if x
    is None:`` / ``if not x:`` of the function, or the ``else`` of an ``if x is not None:``
    / ``if x:``, ``x`` a value ``given`` accepts, however deep in its branches), and what it reads takes the place of such a value: bound to one
    (``base_url = getenv("X")``), or to a local that only tests and values bound to one
    use there (``raw = getenv("X")``, ``if raw: config = json.loads(raw)``; ``elif raw :=
    getenv("X"): config = json.loads(raw)``).  The variable is then a default the
    constructor's maker overrides, however its name differs from the parameter's."""
    if fn is None or fn not in parents:
        return False
    chain = [*parents[parents.index(fn) + 1 :], node]
    guard = next(
        (
            p
            for p, inner in pairwise(chain)
            if isinstance(p, ast.If)
            and (
                (any(inner is b for b in p.body) and _none_test(p.test, given))
                or (any(inner is b for b in p.orelse) and _set_test(p.test, given))
            )
        ),
        None,
    )
    target = _bound_to(chain)
    if guard is None or target is None:
        return False
    if given(target):
        return True  # ``if config is None: base_url = getenv("X")``
    return _feeds_given(target.id, fn, guard, given)


def _set_test(test: ast.AST, given: Callable[[ast.AST], bool]) -> bool:
    """``x is not None`` or ``x``, ``x`` a value ``given`` accepts: its ``else`` runs only
    when the caller gave none (``if timeout is not None: ... else: getenv("X")``)."""
    return given(test) or _compares_to_none(test, ast.IsNot, given)


def _none_test(test: ast.AST, given: Callable[[ast.AST], bool]) -> bool:
    """``x is None`` or ``not x``, ``x`` a value ``given`` accepts."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return given(test.operand)
    return _compares_to_none(test, ast.Is, given)


def _compares_to_none(test: ast.AST, op: type[ast.cmpop], given: Callable[[ast.AST], bool]) -> bool:
    """``x is None`` (``op`` ``ast.Is``) or ``x is not None`` (``ast.IsNot``), ``x`` a value
    ``given`` accepts."""
    return (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], op)
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value is None
        and given(test.left)
    )


def _bound_to(chain: list[ast.AST]) -> ast.Name | None:
    """The one name the read (last of ``chain``) is bound to, through the expressions
    computed from it (``json.loads(getenv("X"))``): the target of its statement's
    assignment, or of a ``:=`` around it (``elif raw := getenv("X"):``)."""
    for p in reversed(chain[:-1]):
        if isinstance(p, ast.NamedExpr):
            return p.target
        if isinstance(p, (ast.Assign, ast.AnnAssign)):
            targets = [p.target] if isinstance(p, ast.AnnAssign) else p.targets
            one = targets[0] if len(targets) == 1 else None
            return one if isinstance(one, ast.Name) and p.value in chain else None
        if isinstance(p, (ast.stmt, ast.Lambda, ast.comprehension)):
            return None
    return None


def _feeds_given(
    local: str,
    fn: ast.FunctionDef | ast.AsyncFunctionDef,
    guard: ast.If,
    given: Callable[[ast.AST], bool],
) -> bool:
    """``local`` is bound once in ``fn``, and read only inside ``guard``: in the tests of
    its ``if`` statements and in values bound to a value ``given`` accepts, at least once
    there (``if raw: config = json.loads(raw)``)."""
    stores = [
        n
        for n in walk(fn)
        if isinstance(n, ast.Name) and n.id == local and not isinstance(n.ctx, ast.Load)
    ]
    if len(stores) != 1:
        return False
    tests: set[int] = set()
    feeds: set[int] = set()
    for n in walk(guard):
        if isinstance(n, ast.If):
            tests |= {id(x) for x in walk(n.test)}
        elif isinstance(n, ast.Assign) and len(n.targets) == 1 and given(n.targets[0]):
            feeds |= {id(x) for x in walk(n.value)}
    loads = [n for n in walk(fn) if isinstance(n, ast.Name) and n.id == local and n not in stores]
    return any(id(n) in feeds for n in loads) and all(
        id(n) in feeds or id(n) in tests for n in loads
    )


def _constructor_helper_params(
    fn: ast.FunctionDef | ast.AsyncFunctionDef | None, cls: ast.ClassDef | None
) -> set[str]:
    """The parameters of ``fn``, a private method of ``cls`` (``_set_secret``) that only
    the class's ``__init__`` calls, to which ``__init__`` hands its own parameters
    (``self._set_secret(secret)``): they are the constructor's arguments, which its maker
    passes."""
    if fn is None or cls is None or not fn.name.startswith("_") or fn.name.startswith("__"):
        return set()
    init: ast.AST | None = None
    init_params: set[str] = set()
    params = [x.arg for x in (*fn.args.posonlyargs, *fn.args.args)][1:]  # after ``self``
    keywords = {*params, *(x.arg for x in fn.args.kwonlyargs)}
    out: set[str] = set()
    for method in cls.body:
        if not isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if method.name == "__init__":
            init = method
            a = method.args
            init_params = {x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs)} - {"self"}
        for n in walk(method):
            if not (
                isinstance(n, ast.Call)
                and isinstance(n.func, ast.Attribute)
                and n.func.attr == fn.name
                and isinstance(n.func.value, ast.Name)
                and n.func.value.id == "self"
            ):
                continue
            if method is not init:
                return set()  # another method calls it too: its caller is the project
            named = [(params[i], a) for i, a in enumerate(n.args) if i < len(params)]
            named += [(k.arg, k.value) for k in n.keywords if k.arg in keywords]
            out |= {p for p, a in named if isinstance(a, ast.Name) and a.id in init_params}
    return out


def _module_helper_params(
    fn: ast.FunctionDef | ast.AsyncFunctionDef | None, module: ast.AST | None, state: _State
) -> set[str]:
    """The parameters of ``fn``, a private module-level function (``_default_cache_dir``)
    that only the ``__init__`` of classes of its module call, handing it their own
    parameters (``self.cache_dir = _default_cache_dir(cache_dir)``): they are the
    constructor's arguments, which its maker passes.  Named anywhere else (another
    function, a module-level statement, a class's other method), its caller is the project."""
    if (
        not isinstance(module, ast.Module)
        or fn is None
        or fn not in module.body
        or not fn.name.startswith("_")
        or fn.name.startswith("__")
    ):
        return set()
    found = state.helper_params.get(fn)
    if found is None:  # once per function (and module): the reads of one function share it
        found = state.helper_params[fn] = _module_helper_params_of(fn, module, state)
    return found


def _module_helper_params_of(
    fn: ast.FunctionDef | ast.AsyncFunctionDef, module: ast.Module, state: _State
) -> set[str]:
    params = [x.arg for x in (*fn.args.posonlyargs, *fn.args.args)]
    keywords = {*params, *(x.arg for x in fn.args.kwonlyargs)}
    out: set[str] = set()
    scopes = [
        (s, cls) for cls in module.body if isinstance(cls, ast.ClassDef) for s in cls.body
    ] + [(s, None) for s in module.body if not isinstance(s, ast.ClassDef)]
    for scope, cls in scopes:
        names = _statement_names(scope, state)
        uses = names.uses.get(fn.name, 0)
        if not uses or scope is fn:
            continue
        calls = names.calls.get(fn.name, [])
        if (
            cls is None
            or not isinstance(scope, ast.FunctionDef)
            or scope.name != "__init__"
            or len(calls) != uses
        ):
            return set()  # named beyond a constructor: its caller is the project
        a = scope.args
        init_params = {x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs)} - {"self"}
        for call in calls:
            named = [(params[i], v) for i, v in enumerate(call.args) if i < len(params)]
            named += [(k.arg, k.value) for k in call.keywords if k.arg in keywords]
            out |= {p for p, v in named if isinstance(v, ast.Name) and v.id in init_params}
    return out


def _after_early_return(
    node: ast.AST,
    fn: ast.FunctionDef | ast.AsyncFunctionDef | None,
    parents: list[ast.AST],
    given: Callable[[ast.AST], bool],
) -> bool:
    """The read comes after ``if secret: return secret`` in the body of its function, with
    ``secret`` a value its caller gives: it runs only when the caller gives none, as
    ``secret or getenv("X")`` does."""
    if fn is None or fn not in parents:
        return False
    k = parents.index(fn)
    stmt = parents[k + 1] if k + 1 < len(parents) else node
    if not isinstance(stmt, ast.stmt) or stmt not in fn.body:
        return False
    for before in fn.body[: fn.body.index(stmt)]:
        if (
            isinstance(before, ast.If)
            and len(before.body) == 1
            and isinstance(before.body[0], ast.Return)
            and before.body[0].value is not None
            and any(
                given(v) and _mentions(before.test, v)
                for v in walk(before.body[0].value)
                if isinstance(v, (ast.Name, ast.Attribute))
            )
        ):
            return True  # ``if secret: return secret``, ``return Path(cache_dir)``
    return False


def _falls_back_to(
    node: ast.AST, ctx: ModuleContext, given: Callable[[ast.AST], bool], *, component: bool
) -> bool:
    """The read is the fallback of a value ``given`` accepts (the one climb of
    :func:`_default_of` and :func:`_named_default`): ``getenv("X", v)`` /
    ``getenv("X", default=v)``, ``v or getenv("X")``, ``v if <test of v> else getenv("X")``,
    ``if <test of v>: v = getenv("X")``.  With ``component``, the climb also goes through
    the expressions around the read (``int(...)``, ``field(default_factory=lambda: ...)``),
    and a constructor parameter's default or a field class's attribute default counts;
    without, any other parent ends it."""
    if isinstance(node, ast.Call):
        default = node.args[1] if len(node.args) > 1 else _kwarg_node(node, "default")
        if default is not None and _given_text(default, given):
            return True  # ``getenv("X", api_key)``, ``getenv("X", f"{verify}")``
    parents = ctx.parents
    child: ast.AST = node
    for i in range(len(parents) - 1, -1, -1):
        p = parents[i]
        if (
            component
            and isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            and any(child is d for d in (*p.args.defaults, *p.args.kw_defaults))
        ):
            # a constructor parameter's default: the object's maker may pass the value
            return isinstance(p, ast.FunctionDef) and p.name in _CONSTRUCTORS
        if isinstance(p, ast.BoolOp) and isinstance(p.op, ast.Or):
            if any(v is not child and given(v) for v in p.values):
                return True
        elif isinstance(p, ast.IfExp) and child is not p.test:
            other = p.orelse if child is p.body else p.body
            if given(other) and _mentions(p.test, other):
                return True
        elif isinstance(p, (ast.AnnAssign, ast.Assign)) and p.value is child:
            owner = parents[i - 1] if i else None
            if component and isinstance(owner, ast.ClassDef):
                # a field's default, however it is computed: ``field(default_factory=...)``;
                # or an attribute of the project's configuration class (``class Settings:
                # DEBUG = getenv("DEBUG")``): the setting is declared there
                return _field_class(owner, ctx) or _configuration_class(owner, parents[: i - 1])
            targets = [p.target] if isinstance(p, ast.AnnAssign) else p.targets
            if component and _configuration_init(targets, parents[:i]):
                return True  # ``class RunnerSettings: def __init__(self): self.root = getenv("X")``
            if _only_fallback(targets, parents[:i], given):
                return True  # ``env_version = getenv("X", "")`` then ``version or env_version``
            # ``if api_key is None: api_key = getenv("X")``
            return (
                len(targets) == 1
                and given(targets[0])
                and isinstance(owner, ast.If)
                and p in owner.body
                and _mentions(owner.test, targets[0])
            )
        elif (
            not component
            or isinstance(p, ast.stmt)
            or (isinstance(p, ast.Lambda) and not (i and _in_field_default(parents, i)))
        ):
            return False
        child = p
    return False


def _only_fallback(
    targets: Sequence[ast.expr], parents: list[ast.AST], given: Callable[[ast.AST], bool]
) -> bool:
    """The one target is a local of the innermost function of ``parents``, bound once and
    read only as the fallback of a value ``given`` accepts (``env_version = getenv("X",
    "")`` then ``self._version = version or env_version``): the read is that value's
    default, spelt in two statements."""
    if len(targets) != 1 or not isinstance(targets[0], ast.Name):
        return False
    fn = next(
        (p for p in reversed(parents) if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef))),
        None,
    )
    if fn is None:
        return False
    local = targets[0].id
    names = [n for n in walk(fn) if isinstance(n, ast.Name) and n.id == local]
    loads = [n for n in names if isinstance(n.ctx, ast.Load)]
    if len(names) != len(loads) + 1 or not loads:
        return False  # (the fallbacks' walk cannot change that answer)
    fallbacks = [
        v
        for n in walk(fn)
        if isinstance(n, ast.BoolOp) and isinstance(n.op, ast.Or)
        for k, v in enumerate(n.values)
        if k and isinstance(v, ast.Name) and v.id == local and any(given(w) for w in n.values[:k])
    ]
    return len(fallbacks) == len(loads)


def _given_text(e: ast.AST, given: Callable[[ast.AST], bool]) -> bool:
    """``e`` is a value ``given`` accepts, or that value written as text: an f-string
    whose every placeholder is one (``f"{verify}"``, ``str(verify)``), the default of a
    string variable being the parameter's own spelling."""
    if given(e):
        return True
    if isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id == "str":
        return len(e.args) == 1 and not e.keywords and given(e.args[0])
    if not isinstance(e, ast.JoinedStr):
        return False
    holes = [v.value for v in e.values if isinstance(v, ast.FormattedValue)]
    return bool(holes) and all(given(h) for h in holes)


def _configuration_init(targets: Sequence[ast.expr], parents: list[ast.AST]) -> bool:
    """The one target is ``self.x`` in the ``__init__`` of a configuration class (the
    innermost function of ``parents`` is that method, defined in the class's own body): the
    hand-written settings class declares the attribute, and the read is its loader."""
    if not (
        len(targets) == 1
        and isinstance(targets[0], ast.Attribute)
        and isinstance(targets[0].value, ast.Name)
        and targets[0].value.id == "self"
    ):
        return False
    for j in range(len(parents) - 1, 0, -1):
        fn = parents[j]
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            owner = parents[j - 1]
            return (
                isinstance(fn, ast.FunctionDef)
                and fn.name == "__init__"
                and isinstance(owner, ast.ClassDef)
                and _configuration_class(owner, parents[: j - 1])
            )
    return False


def _in_field_default(parents: list[ast.AST], i: int) -> bool:
    """``parents[i]`` (a lambda) sits in the value of a class-body assignment."""
    return any(
        isinstance(p, (ast.AnnAssign, ast.Assign))
        and j
        and isinstance(parents[j - 1], ast.ClassDef)
        for j, p in enumerate(parents[:i])
    )


def _dict_keys(node: ast.AST | None) -> list[str]:
    """Literal keys of a dict display or of ``dict(..., KEY=...)``."""
    if isinstance(node, ast.Dict):
        out = [k for k in (_key(key) for key in node.keys) if k is not None]
        for key, value in zip(node.keys, node.values):
            if key is None:  # ``**({"X": ...} if cond else {})``
                parts = [value.body, value.orelse] if isinstance(value, ast.IfExp) else [value]
                out += [k for part in parts for k in _dict_keys(part)]
        return out
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
        return [kw.arg for kw in node.keywords if kw.arg is not None]
    return []


#: The keys (of a request payload, a manifest) and keywords (of a launcher call) under which
#: a child's environment is given, compared without ``_`` and case: ``env=``,
#: ``environment=``, ``{"env": {...}}``, ``"envVars"``, ``"environment_variables"``.
_ENV_KEYS = frozenset(
    {"env", "envs", "environ", "environment", "envvars", "envvariables", "environmentvariables"}
)
#: The keywords of :data:`_ENV_KEYS` as Python spells them (for the ``visit_Call`` filter).
_ENV_KEYWORDS = (
    "env",
    "envs",
    "environ",
    "environment",
    "env_vars",
    "env_variables",
    "environment_variables",
)
#: A ``NAME=value`` line of an env file or a ``docker run -e`` argument, and its name.
_ENV_LINE = lazy_compile(r"^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)=")


def _env_key(key: str | None) -> bool:
    """``key`` names a child's environment (:data:`_ENV_KEYS`)."""
    return key is not None and key.replace("_", "").lower() in _ENV_KEYS


def _line_head(node: ast.AST) -> str | None:
    """The variable a ``"NAME=value"`` string (or ``f"NAME={value}"``) sets."""
    if isinstance(node, ast.JoinedStr) and node.values:
        node = node.values[0]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        m = _ENV_LINE.match(node.value)
        return m.group(1) if m else None
    return None


def _env_entries(node: ast.AST | None) -> list[str]:
    """The variables a child's environment given as ``node`` sets: the literal upper-case
    keys of a dict display (or ``dict(X=...)``), the ``"name"`` of each entry of a list of
    ``{"name": "X", "value": ...}`` (a Kubernetes container's ``env``), or the names of a
    list of ``"X=value"`` strings (Docker's ``environment=["X=1"]``)."""
    if isinstance(node, (ast.List, ast.Tuple)):
        out: list[str] = []
        for elt in node.elts:
            if isinstance(elt, ast.Dict):
                out += [
                    n
                    for k, v in zip(elt.keys, elt.values)
                    if _key(k) == "name" and (n := _key(v)) is not None
                ]
            elif (n := _line_head(elt)) is not None:
                out.append(n)
        return [n for n in out if _ENV_VAR.match(n)]
    return [n for n in _dict_keys(node) if _ENV_VAR.match(n)]


#: A local named like an environment being built (``env``, ``child_env``, ``environ``).
_ENV_DICT = lazy_compile(r"(?:^|_)envs?(?:iron(?:ment)?)?(?:_vars)?$", re.IGNORECASE)
#: An environment variable's name.
_ENV_VAR = lazy_compile(r"^[A-Z][A-Z0-9_]*$")


#: Calls that make a fresh secret or id: a value no operator gives.
_GENERATORS = frozenset(
    {
        "secrets.token_urlsafe",
        "secrets.token_hex",
        "secrets.token_bytes",
        "uuid.uuid4",
        "uuid.uuid1",
    }
)


def _generated(value: ast.AST | None, ctx: ModuleContext) -> bool:
    """``value`` is a fresh secret or id the code makes (:data:`_GENERATORS`), also through
    ``str(...)`` or a local of the function bound only to one (``key =
    secrets.token_urlsafe(32)`` ... ``env["APP_KEY"] = str(key)``)."""
    while (
        isinstance(value, ast.Call)
        and ctx.resolve(value.func) == "builtins.str"
        and len(value.args) == 1
    ):
        value = value.args[0]
    if isinstance(value, ast.Call):
        return ctx.resolve(value.func) in _GENERATORS
    func = next(
        (
            p
            for p in reversed(ctx.parents)
            if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef))
        ),
        None,
    )
    if not isinstance(value, ast.Name) or func is None:
        return False
    bound = [
        n.value
        for n in walk(func)
        if isinstance(n, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr))
        and any(
            isinstance(t, ast.Name) and t.id == value.id
            for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
        )
    ]
    return bool(bound) and all(
        isinstance(b, ast.Call) and ctx.resolve(b.func) in _GENERATORS for b in bound
    )


#: Calls whose result is the operator's input to a program: its command line, parsed or raw
#: (``argparse.ArgumentParser.parse_args``, Python docs "argparse"), or what it types.
_OPERATOR_INPUT = frozenset({"parse_args", "parse_known_args", "input", "getpass"})
#: How deep :func:`_launcher_derived` follows the names a value is built from.
_DERIVED_DEPTH = 4


def _launcher_derived(value: ast.AST | None, ctx: ModuleContext) -> bool:
    """``value`` (written into the environment by an entry point) is one the launcher makes
    itself from its own files, not one it forwards from the operator: built only of
    literals, ``__file__`` and names bound, in the enclosing function or the module, to such
    values (``os.environ["APP_WEB_DIR"] = str(_PKG_DIR / "web")``), with no parameter of the
    function (a command's option), no read of the environment and no parsed command line
    (``args.storage``) on the way.  The variable is then a channel from the launcher to the
    server it starts, which no operator sets."""
    if value is None:
        return False
    func = next(
        (
            p
            for p in reversed(ctx.parents)
            if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef))
        ),
        None,
    )
    if func is None:
        return False  # a module-level write: the module may be imported by anything
    params = {a.arg for a in (*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs)}
    module = ctx.parents[0] if ctx.parents else None
    scopes = [func, *([module] if isinstance(module, ast.Module) else [])]
    seen: set[str] = set()
    names = False

    def made(e: ast.AST, depth: int) -> bool:
        nonlocal names
        for n in walk(e):
            if isinstance(n, ast.Call):
                callee = (
                    n.func.attr if isinstance(n.func, ast.Attribute) else getattr(n.func, "id", "")
                )
                if callee in _OPERATOR_INPUT or ctx.resolve(n.func) in ENV_READS:
                    return False
            elif isinstance(n, ast.Subscript) and ctx.resolve(n.value) == "os.environ":
                return False
            elif isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
                if n.id in params or n.id == "sys":
                    return False
                if n.id == "__file__" or n.id in seen:
                    names = names or n.id == "__file__"
                    continue
                seen.add(n.id)
                found = [_bindings(scope, n.id) for scope in scopes]
                if any(b is None for b in found):
                    return False
                bound = [v for b in found for v in b or ()]
                if bound and depth >= _DERIVED_DEPTH:
                    return False
                names = names or bool(bound)
                if not all(made(v, depth + 1) for v in bound):
                    return False
        return True

    return made(value, 0) and names


def _bindings(scope: ast.AST, name: str) -> list[ast.AST] | None:
    """The values ``name`` is bound to by plain assignments in ``scope``'s own statements
    (for a module: its top-level ones), or None when another statement binds it there (a
    loop, a ``with``, an augmented assignment: a value :func:`_launcher_derived` cannot
    follow)."""
    out: list[ast.AST] = []
    plain: set[int] = set()  # the targets of those assignments
    nodes = list(iter(scope.body) if isinstance(scope, ast.Module) else _own_nodes(scope))
    for n in nodes:
        if isinstance(n, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in n.targets
        ):
            out.append(n.value)
            plain.update(id(t) for t in n.targets)
        elif (
            isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name) and n.target.id == name
        ):
            if n.value is None:
                return None
            out.append(n.value)
            plain.add(id(n.target))
    for n in nodes:
        if (
            isinstance(n, ast.Name)
            and n.id == name
            and isinstance(n.ctx, ast.Store)
            and id(n) not in plain
        ):
            return None  # ``for name in ...``, ``with ... as name``, ``name += ...``
    return out


#: The call that serves an application by its import string, and its keyword saying the
#: string names a factory to call (uvicorn docs, "Settings": ``--factory``, "Treat APP as an
#: application factory, i.e. a () -> <ASGI app> callable").
_SERVE_BY_STRING = frozenset({"uvicorn.run"})


def _served_factory(ctx: ModuleContext) -> str | None:
    """The qualified name of the application factory the enclosing function serves by its
    import string (``uvicorn.run("pkg.web:create_app", factory=True)``), or None.  Such a
    factory is called with no arguments, so a value the launcher hands it must travel in
    the environment: a variable the launcher writes for it is its argument, not a setting."""
    func = ctx.enclosing_def
    if func is None:
        return None
    for n in _own_nodes(func):
        if not (isinstance(n, ast.Call) and ctx.resolve(n.func) in _SERVE_BY_STRING and n.args):
            continue
        target = n.args[0]
        factory = any(
            kw.arg == "factory" and isinstance(kw.value, ast.Constant) and kw.value.value is True
            for kw in n.keywords
        )
        if factory and isinstance(target, ast.Constant) and isinstance(target.value, str):
            module, sep, attr = target.value.partition(":")
            if sep and module and attr.isidentifier():
                return f"{module}.{attr}"
    return None


def _forwarded(name: str, ctx: ModuleContext) -> bool:
    """The function writing ``name`` into a child's environment also names it other than
    as a write (``env["X"] = source_env["X"]``, ``x = os.environ.get("X")`` then ``env["X"]
    = x``): it forwards the operator's value, which stays a setting.  Writing it again
    (``"X": "False"`` in the dict, then ``env["X"] = "True"`` on an option) is still the
    function's own value."""
    # the outermost function: a closure writing the child's environment forwards what its
    # enclosing function read (``mlflow_home = os.environ.get("X")`` ... ``envs["X"] = ...``)
    func = next(
        (p for p in ctx.parents if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef))),
        None,
    )
    if func is None:
        return False
    written = _write_positions(func)
    seen = [
        n
        for n in walk(func)
        if isinstance(n, ast.Constant) and n.value == name and n not in written
    ]
    # the write being judged is one of the mentions when its name is not in a write
    # position of :func:`_write_positions` (``environment=["X=1"]`` names no constant ``"X"``)
    return len(seen) > (0 if any(n.value == name for n in written) else 1)


def _write_positions(func: ast.AST) -> set[ast.Constant]:
    """The constants of ``func`` that name a variable being written: a dict display's keys,
    the keys of ``env["X"] = ...``, the ``"name"`` of a Kubernetes-style ``{"name": "X",
    "value": ...}``."""
    out: set[ast.Constant] = set()
    for n in walk(func):
        if isinstance(n, ast.Dict):
            for k, v in zip(n.keys, n.values):
                if isinstance(k, ast.Constant):
                    out.add(k)
                    if k.value == "name" and isinstance(v, ast.Constant):
                        out.add(v)
        elif (
            isinstance(n, ast.Subscript)
            and isinstance(n.ctx, ast.Store)
            and isinstance(n.slice, ast.Constant)
        ):
            out.add(n.slice)
    return out


def _environment_local(node: ast.AST, ctx: ModuleContext) -> bool:
    """A local holding a copy of ``os.environ``: ``env = os.environ.copy()``, ``env =
    dict(os.environ)``, ``env = {**os.environ}``, or a dict that ``env.update(os.environ)``
    filled (the environment of a child process being built)."""
    if not isinstance(node, ast.Name):
        return False
    return (
        ctx.local_call_binding(node.id) in _ENV_COPIES
        or (ctx.scope.qname, node.id) in ctx.state(_State).env_copies
    )


def _copies_environ(node: ast.AST | None, ctx: ModuleContext) -> bool:
    """``os.environ``, ``os.environ.copy()``, ``dict(os.environ, ...)``, ``{**os.environ}``."""
    if node is None:
        return False
    if ctx.resolve(node) == "os.environ":
        return True
    if isinstance(node, ast.Dict):
        return _spreads_environ(node, ctx)
    if isinstance(node, ast.Call):
        q = ctx.resolve(node.func)
        return q in _ENV_COPIES or (
            q == "builtins.dict" and bool(node.args) and ctx.resolve(node.args[0]) == "os.environ"
        )
    return False


def _spreads_environ(node: ast.Dict, ctx: ModuleContext) -> bool:
    """``{**os.environ, ...}``: a copy of the environment for a child process."""
    return any(
        key is None and ctx.resolve(value) == "os.environ"
        for key, value in zip(node.keys, node.values)
    )


#: Calls that write a variable into a dotenv file (``set_key(path, name, value)``).
_DOTENV_WRITES = frozenset({"dotenv.set_key", "dotenv.main.set_key"})
#: A string that names a variable (with at least one ``_``: ``"REDDIT_CLIENT_ID"``).
_RUNTIME_NAME = lazy_compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")


def _runtime_names(ctx: ModuleContext) -> set[str]:
    """The variables a module that writes the environment under computed names lists: the
    strings naming a variable in its registries (a dict's keys and values, a list's items,
    a keyword's or a constant's value: ``KEYS = [Param(name="X_TOKEN")]``, ``{"url":
    "X_URL"}``).  Not a name it passes to a call or compares (``get_secret("X")``, ``"X"
    in config``): that is a read, not a key it manages."""
    if ctx.tree is None:
        return set()
    out: set[str] = set()
    for n in walk(ctx.tree):
        if isinstance(n, ast.Dict):
            values: list[ast.AST | None] = [*n.keys, *n.values]
        elif isinstance(n, (ast.List, ast.Tuple, ast.Set)):
            values = list(n.elts)
        elif isinstance(n, (ast.keyword, ast.Assign, ast.AnnAssign)):
            values = [n.value]
        else:
            continue
        out.update(
            v.value
            for v in values
            if isinstance(v, ast.Constant)
            and isinstance(v.value, str)
            and _RUNTIME_NAME.match(v.value)
        )
    return out


def _fallback_root(node: ast.AST, parents: list[ast.AST]) -> tuple[ast.AST, int]:
    """Climb from the read through the fallbacks it is part of (``a or getenv("X")``, ``x
    if c else getenv("X")``): the expression whose value is used, and its parent's index."""
    child, i = node, len(parents) - 1
    while i >= 0:
        p = parents[i]
        if isinstance(p, ast.BoolOp) or (isinstance(p, ast.IfExp) and child is not p.test):
            child, i = p, i - 1
            continue
        break
    return child, i


#: The arguments an API client's constructor conventionally defaults from its own
#: variables (``OpenAI(api_key=None)`` reads ``OPENAI_API_KEY``, ``App(token=None)`` Slack's
#: ``SLACK_BOT_TOKEN``): its credential, its endpoint and its account.  Not a database or
#: cache client's host, port or password (``redis.Redis(host=...)`` reads no variable).
_SDK_DEFAULTED = frozenset(
    {
        "api_key",
        "token",
        "auth_token",
        "access_token",
        "signing_secret",
        "dsn",
        "base_url",
        "organization",
        "project",
        "ml_app",  # ddtrace's LLM Observability: DD_LLMOBS_ML_APP
    }
)


#: API clients documented to default their credential (and endpoint) from their own
#: variables when given none (``openai.OpenAI()`` reads ``OPENAI_API_KEY``): the packages
#: (or modules) where an explicit ``getenv`` only repeats the SDK's default.  Not
#: ``slack_sdk`` (its ``WebClient`` reads no variable, unlike ``slack_bolt``'s ``App``),
#: nor database or cache clients.
_SDK_ENV_DEFAULTS = frozenset(
    {
        "openai",
        "anthropic",
        "groq",
        "mistralai",
        "together",
        "fireworks",
        "voyageai",
        "replicate",
        "pinecone",
        "google.genai",
        "sentry_sdk",
        "slack_bolt",
        "e2b",
        "e2b_code_interpreter",
        "logfire",
        "langfuse",
        "langsmith",
        "langtrace_python_sdk",
        "tavily",
        "exa_py",
        "twilio",
        "ddtrace",
    }
)


#: API clients documented to read a variable of their own for an argument the caller leaves
#: out (the SDK's source: ``token or os.environ.get("SLACK_BOT_TOKEN")``): canonical callee
#: -> {keyword: variable}.  A project that builds one of these without the argument hands
#: that variable to the SDK: the variable's contract is the vendor's, and the project's own
#: raw read of it (for a sibling client of the same vendor) only mirrors it.
_SDK_CLIENT_READS: tuple[tuple[tuple[str, ...], dict[str, str]], ...] = (
    # slack_bolt.App / AsyncApp: ``token``, ``signing_secret`` (slack_bolt/app/app.py)
    (
        (
            "slack_bolt.App",
            "slack_bolt.app.App",
            "slack_bolt.app.app.App",
            "slack_bolt.async_app.AsyncApp",
            "slack_bolt.app.async_app.AsyncApp",
        ),
        {"token": "SLACK_BOT_TOKEN", "signing_secret": "SLACK_SIGNING_SECRET"},
    ),
    # openai.OpenAI / AsyncOpenAI (openai/_client.py)
    (
        ("openai.OpenAI", "openai.AsyncOpenAI"),
        {
            "api_key": "OPENAI_API_KEY",
            "organization": "OPENAI_ORG_ID",
            "project": "OPENAI_PROJECT_ID",
            "base_url": "OPENAI_BASE_URL",
        },
    ),
    # anthropic.Anthropic / AsyncAnthropic (anthropic/_client.py)
    (
        ("anthropic.Anthropic", "anthropic.AsyncAnthropic"),
        {
            "api_key": "ANTHROPIC_API_KEY",
            "auth_token": "ANTHROPIC_AUTH_TOKEN",
            "base_url": "ANTHROPIC_BASE_URL",
        },
    ),
    # livekit.api's LiveKitAPI and AccessToken (livekit/api/livekit_api.py, access_token.py)
    (
        ("livekit.api.LiveKitAPI",),
        {"url": "LIVEKIT_URL", "api_key": "LIVEKIT_API_KEY", "api_secret": "LIVEKIT_API_SECRET"},
    ),
    (
        ("livekit.api.AccessToken",),
        {"api_key": "LIVEKIT_API_KEY", "api_secret": "LIVEKIT_API_SECRET"},
    ),
    # Microsoft Agent Framework's OpenAI chat-completion client, each argument documented as
    # settable by its variable (agent_framework_openai/_chat_completion_client.py)
    (
        (
            "agent_framework.openai.OpenAIChatCompletionClient",
            "agent_framework_openai.OpenAIChatCompletionClient",
        ),
        {
            "model": "OPENAI_MODEL",
            "api_key": "OPENAI_API_KEY",
            "org_id": "OPENAI_ORG_ID",
            "base_url": "OPENAI_BASE_URL",
        },
    ),
    # ollama.Client / AsyncClient: ``host`` (ollama/_client.py)
    (("ollama.Client", "ollama.AsyncClient"), {"host": "OLLAMA_HOST"}),
    # Langfuse's client and its LangChain callback handler (langfuse/client.py, callback/)
    (
        ("langfuse.Langfuse", "langfuse.callback.CallbackHandler"),
        {
            "public_key": "LANGFUSE_PUBLIC_KEY",
            "secret_key": "LANGFUSE_SECRET_KEY",
            "host": "LANGFUSE_HOST",
        },
    ),
)
_SDK_READS: dict[str, dict[str, str]] = {
    callee: reads for callees, reads in _SDK_CLIENT_READS for callee in callees
}
#: API clients that, given none of their credential arguments, resolve a credential chain
#: of their own variables: canonical callee -> (the arguments that bypass it, its
#: variables).  Anthropic's client (anthropic/_client.py, lib/credentials/): a profile, then
#: workload identity federation.
_SDK_CREDENTIAL_CHAINS: dict[str, tuple[frozenset[str], tuple[str, ...]]] = dict.fromkeys(
    ("anthropic.Anthropic", "anthropic.AsyncAnthropic"),
    (
        frozenset({"api_key", "auth_token", "credentials", "config", "profile"}),
        (
            "ANTHROPIC_PROFILE",
            "ANTHROPIC_CONFIG_DIR",
            "ANTHROPIC_IDENTITY_TOKEN",
            "ANTHROPIC_IDENTITY_TOKEN_FILE",
            "ANTHROPIC_FEDERATION_RULE_ID",
            "ANTHROPIC_ORGANIZATION_ID",
        ),
    ),
)


def _splatted_keys(name: str, ctx: ModuleContext) -> set[str] | None:
    """The keys the dict ``name`` unpacked into a call (``Client(**kwargs)``) always holds:
    the literal keys of the dict the enclosing function builds (``kwargs = {"timeout":
    5}``) and those it stores outside any ``if`` or loop (``kwargs["timeout"] = t``; not
    ``if key: kwargs["api_key"] = key``, a key the call may lack).  None when anything else
    may change it (another binding or method call on it, a computed key, a spread)."""
    fn = ctx.enclosing_def
    if fn is None:
        return None
    keys: set[str] = set()
    built = False
    branches = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.IfExp, ast.Match, ast.ExceptHandler)

    def literal_keys(d: ast.AST | None) -> set[str] | None:
        if not isinstance(d, ast.Dict) or any(k is None or _key(k) is None for k in d.keys):
            return None
        return {_key(k) or "" for k in d.keys}

    stack: list[tuple[ast.AST, bool]] = [(c, False) for c in ast.iter_child_nodes(fn)]
    while stack:
        n, branch = stack.pop()
        if isinstance(n, (ast.Assign, ast.AnnAssign)):
            targets = n.targets if isinstance(n, ast.Assign) else [n.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                found = literal_keys(n.value)
                if built or branch or len(targets) != 1 or found is None:
                    return None
                keys |= found
                built = True
                continue
        elif isinstance(n, ast.Name) and n.id == name and not isinstance(n.ctx, ast.Load):
            return None  # bound otherwise (a loop, ``with ... as``, ``del``)
        elif isinstance(n, ast.arg) and n.arg == name:
            return None
        elif isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name) and n.value.id == name:
            if not isinstance(n.ctx, ast.Load):
                key = _key(n.slice)
                if key is None:
                    return None
                if not branch:
                    keys.add(key)
        elif (
            isinstance(n, ast.Attribute)
            and isinstance(n.value, ast.Name)
            and n.value.id == name
            and n.attr not in ("get", "copy", "items", "keys", "values")
        ):
            return None  # ``kwargs.update(...)``, ``setdefault``
        inner = branch or isinstance(n, branches)
        stack.extend((c, inner) for c in ast.iter_child_nodes(n))
    return keys if built else None


def _sdk_reads_itself(call: ast.Call, ctx: ModuleContext) -> list[str]:
    """The variables an API client of :data:`_SDK_READS` (or with a credential chain of
    :data:`_SDK_CREDENTIAL_CHAINS`) reads itself on this call: those of the keywords it
    leaves out (a call with positional arguments may pass any of them: none; a dict it
    unpacks, ``**kwargs``, passes the keys the function may put in it, or any when they are
    not all known)."""
    callee = ctx.resolve(call.func) or ""
    reads = _SDK_READS.get(callee)
    chain = _SDK_CREDENTIAL_CHAINS.get(callee)
    if not (reads or chain) or call.args:
        return []
    given: set[str] = set()
    for k in call.keywords:
        if k.arg is not None:
            given.add(k.arg)
            continue
        keys = _splatted_keys(k.value.id, ctx) if isinstance(k.value, ast.Name) else None
        if keys is None:
            return []
        given |= keys
    out = [name for keyword, name in (reads or {}).items() if keyword not in given]
    if chain is not None and not chain[0] & given:
        out += chain[1]
    return out


#: The variables the API clients of :data:`_SDK_READS` read for an argument left out.
_SDK_VARIABLES = frozenset(v for reads in _SDK_READS.values() for v in reads.values())


def _slot_key(target: ast.expr, ctx: ModuleContext) -> str:
    """Where a value is kept, as ``scope:text``: a local (``key``) or a path of attributes
    (``config.api_key``) of the enclosing function, or an attribute of ``self``
    (``self.config.api_key``) of the enclosing class, which its other methods share.  ""
    when it is kept otherwise (a subscript, a module name)."""
    parts: list[str] = []
    cur: ast.expr = target
    while isinstance(cur, ast.Attribute):
        parts.append(cur.attr)
        cur = cur.value
    if not isinstance(cur, ast.Name):
        return ""
    text = ".".join([cur.id, *reversed(parts)])
    scope: Scope | None = ctx.scope
    while scope is not None and scope.kind != "function":
        scope = scope.parent
    if scope is None:
        return ""
    if parts and cur.id == "self" and scope.parent is not None and scope.parent.kind == "class":
        return f"{scope.parent.qname}:{text}"
    return f"{scope.qname}:{text}"


def _sdk_slots(call: ast.Call, ctx: ModuleContext) -> list[tuple[str, str]]:
    """The variables an API client of :data:`_SDK_READS` would read itself for the
    arguments this call gives it from a local or an attribute, each with that value's slot
    (:func:`_slot_key`): ``AsyncOpenAI(api_key=self.config.api_key)`` takes
    ``OPENAI_API_KEY``'s place from ``self.config.api_key``."""
    reads = _SDK_READS.get(ctx.resolve(call.func) or "")
    if not reads:
        return []
    out = []
    for k in call.keywords:
        name = reads.get(k.arg or "")
        slot = _slot_key(k.value, ctx) if name else ""
        if name and slot:
            out.append((name, slot))
    return out


def _filled_slot(node: ast.AST, name: str, ctx: ModuleContext) -> str:
    """The slot (:func:`_slot_key`) the read of an SDK's own variable (:data:`_SDK_VARIABLES`)
    fills when the caller gave no value, through fallbacks and tidying (``if not
    self.config.base_url: self.config.base_url = getenv("OLLAMA_HOST", "http://...")``,
    ``key = api_key or getenv("OPENAI_API_KEY", "").strip()``); "" for any other read.  When
    the same slot is the SDK client's argument for that variable (:func:`_sdk_slots`), the
    read only does what the SDK does itself when given nothing.  A read that is the slot's
    only source (``key = getenv("OPENAI_API_KEY")``, then ``if not key: raise``) is the
    application's own requirement, not a fallback."""
    if name not in _SDK_VARIABLES:
        return ""
    parents = ctx.parents
    child: ast.AST = node
    i = len(parents) - 1
    fallback = False
    while i >= 0 and _passes_through(parents[i], child):
        p = parents[i]
        fallback = fallback or (isinstance(p, ast.BoolOp) and p.values[0] is not child)
        child, i = p, i - 1
    if i < 0:
        return ""
    p = parents[i]
    if isinstance(p, ast.Assign) and len(p.targets) == 1 and p.value is child:
        target = p.targets[0]
    elif isinstance(p, ast.AnnAssign) and p.value is child:
        target = p.target
    else:
        return ""
    if not (fallback or (i > 0 and _fills_unset(parents[i - 1], p, target))):
        return ""
    return _slot_key(target, ctx)


def _fills_unset(guard: ast.AST, stmt: ast.stmt, target: ast.expr) -> bool:
    """``stmt`` runs only when ``target`` holds nothing: it is in the body of ``if not
    target:`` or ``if target is None:``."""
    if not isinstance(guard, ast.If) or stmt not in guard.body:
        return False
    text = ast.unparse(target)

    def same(e: ast.AST) -> bool:
        return ast.unparse(e) == text

    test = guard.test
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return same(test.operand)
    return _compares_to_none(test, ast.Is, same)


#: A variable name a shell can export (``export X=1``) and a settings field can be named for.
_IDENTIFIER = lazy_compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _presence_only(node: ast.AST, ctx: ModuleContext, raising: bool = False) -> bool:
    """The read's value is only tested for truth: the read (through ``and`` / ``or`` /
    ``not``, and tidying, ``getenv("X", "").strip()``) is the test of an ``if`` / ``while``
    / conditional expression, or it is bound to a local of the function that is loaded
    only there (``key = getenv("X")`` ... ``if key and host:``).  An ``if`` that raises
    (:func:`_requires_it`) counts only when ``raising``."""
    parents = ctx.parents

    def tested(child: ast.AST, i: int) -> bool:
        while i >= 0:
            p = parents[i] if i < len(parents) else None
            if p is not None and (
                isinstance(p, ast.BoolOp)
                or (isinstance(p, ast.UnaryOp) and isinstance(p.op, ast.Not))
                or _tidies(p, child)
            ):
                child, i = p, i - 1
                continue
            return (
                isinstance(p, (ast.If, ast.While, ast.IfExp))
                and child is p.test
                and (raising or not _requires_it(p))
            )
        return False

    if tested(node, len(parents) - 1):
        return True
    return _kept_only_for_tests(parents, parents[-1] if parents else None, node)


#: What a guard compares a test-mode variable against: ``!= "testing"``.
_TESTING_VALUE = lazy_compile(r"^(?:test|tests|testing)$", re.IGNORECASE)


def _testing_guard(node: ast.AST, ctx: ModuleContext) -> str | None:
    """The read is the test of a guard that refuses to run unless the variable says
    testing (``if environ["X"] != "testing": raise ...``, through ``or``): the function is
    test support, and the variable the test suite's marker, not configuration.  Returns ""
    when the guard's first statement is a ``raise``, the qualified name of the function it
    calls instead (``raise_general_exception(...)``: ``judge`` asks that it never returns),
    or None."""
    parents = ctx.parents
    i = len(parents) - 1
    cmp = parents[i] if i >= 0 else None
    if not (
        isinstance(cmp, ast.Compare)
        and cmp.left is node
        and len(cmp.ops) == 1
        and _only_testing(cmp.ops[0], cmp.comparators[0])
    ):
        return None
    child: ast.AST = cmp
    i -= 1
    while i >= 0:
        parent = parents[i]
        if not (isinstance(parent, ast.BoolOp) and isinstance(parent.op, ast.Or)):
            break
        child, i = parent, i - 1
    guard = parents[i] if i >= 0 else None
    if not (isinstance(guard, ast.If) and child is guard.test and guard.body):
        return None
    first = guard.body[0]
    if isinstance(first, ast.Raise):
        return ""
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Call):
        return ctx.resolve(first.value.func)
    return None


def _reads_variable(tree: ast.AST, name: str, ctx: ModuleContext) -> bool:
    """``tree`` reads the variable ``name`` (``getenv("X")``, ``os.environ["X"]``)."""
    for n in walk(tree):
        if isinstance(n, ast.Call) and n.args and ctx.resolve(n.func) in ENV_READS:
            key: ast.AST = n.args[0]
        elif isinstance(n, ast.Subscript) and ctx.resolve(n.value) == "os.environ":
            key = n.slice
        else:
            continue
        if _key(key) == name:
            return True
    return False


def _read_name(n: ast.AST, ctx: ModuleContext) -> str | None:
    """The variable ``n`` reads, when it is one read (``getenv("X")``, ``os.environ["X"]``)."""
    if isinstance(n, ast.Call) and n.args and ctx.resolve(n.func) in ENV_READS:
        return _key(n.args[0])
    if isinstance(n, ast.Subscript) and ctx.resolve(n.value) == "os.environ":
        return _key(n.slice)
    return None


def _first_read(node: ast.AST, ctx: ModuleContext) -> str:
    """The variable read first when the read ``node`` only runs as its fallback: ``getenv("NEW")
    or getenv("OLD")``, ``getenv("NEW", getenv("OLD"))``, or ``x = getenv("OLD")`` under
    ``if x is None:`` / ``if not x:`` right after ``x = getenv("NEW")``; "" otherwise."""
    parent = ctx.parents[-1] if ctx.parents else None
    if isinstance(parent, ast.BoolOp) and isinstance(parent.op, ast.Or):
        before = parent.values[: next((i for i, v in enumerate(parent.values) if v is node), 0)]
        return next((r for v in before if (r := _read_name(v, ctx))), "")
    if isinstance(parent, ast.Call) and node in parent.args[1:] and _read_name(parent, ctx):
        return _read_name(parent, ctx) or ""
    if not (isinstance(parent, ast.Assign) and len(parent.targets) == 1):
        return ""
    target = parent.targets[0]
    guard = ctx.parents[-2] if len(ctx.parents) > 1 else None
    if not (isinstance(target, ast.Name) and isinstance(guard, ast.If) and parent in guard.body):
        return ""
    test = guard.test
    tested = (
        test.operand
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)
        else test.left
        if isinstance(test, ast.Compare)
        and isinstance(test.ops[0], ast.Is)
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value is None
        else None
    )
    if not (isinstance(tested, ast.Name) and tested.id == target.id):
        return ""
    block = ctx.parents[-3] if len(ctx.parents) > 2 else None
    body = next(
        (
            b
            for f in ("body", "orelse")
            if isinstance(b := getattr(block, f, None), list) and guard in b
        ),
        [],
    )
    i = next((k for k, stmt in enumerate(body) if stmt is guard), 0)
    prev = body[i - 1] if i > 0 else None
    if (
        isinstance(prev, ast.Assign)
        and len(prev.targets) == 1
        and isinstance(prev.targets[0], ast.Name)
        and prev.targets[0].id == target.id
    ):
        return _read_name(prev.value, ctx) or ""
    return ""


def _read_group(node: ast.AST, name: str, ctx: ModuleContext) -> int:
    """The line of the statement the read belongs to, for one finding per problem: the
    outermost ``if`` of its function whose test reads the same variable (``if
    getenv("X"): host = str(getenv("X"))``: the test and the body read one setting),
    else the statement holding the read (``int(getenv("X")) if getenv("X") else None``
    spread over lines)."""
    for p in ctx.parents:
        if (
            isinstance(p, ast.If)
            and _reads_variable(p.test, name, ctx)
            and _within_scope(p, node, ctx)
        ):
            return p.lineno
    stmt = next((p for p in reversed(ctx.parents) if isinstance(p, ast.stmt)), None)
    return stmt.lineno if stmt is not None else getattr(node, "lineno", 0)


def _handler_fallback(node: ast.AST, ctx: ModuleContext) -> tuple[str, ...]:
    """The project callables the body of a ``try`` calls, when the read is in one of the
    ``except`` handlers of that ``try`` (in the same function): ``try: return cfg().state_db``
    ``except RuntimeError: env = getenv("X")``.  ``judge`` asks whether one of them is the
    configuration's, which names the variable: the read is then the fallback for when no
    configuration is loaded (a test, an early start), not a second source of the setting."""
    parents = ctx.parents
    for k in range(len(parents) - 1, 0, -1):
        p = parents[k]
        if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            return ()
        if isinstance(p, ast.ExceptHandler) and isinstance(parents[k - 1], ast.Try):
            body = parents[k - 1].body  # type: ignore[attr-defined]
            found = {
                q
                for stmt in body
                for n in walk(stmt)
                if isinstance(n, ast.Call) and ctx.is_project(q := ctx.resolve(n.func) or "")
            }
            return tuple(sorted(found))
    return ()


#: An internal namespace: the project's word, a double underscore, a word
#: (``PREFECT__SERVER_`` of ``PREFECT__SERVER_FINAL``).
_INTERNAL_NAMESPACE = lazy_compile(r"^([A-Z][A-Z0-9]*__[A-Z0-9]+_)[A-Z0-9]")


def _internal_families(project: Project, hits: list[Hit], written: set[str]) -> set[tuple]:
    """(path, function, namespace) of the functions that read variables the project writes
    itself (for its own child launches), named under an internal namespace
    (:data:`_INTERNAL_NAMESPACE`): ``PREFECT__SERVER_EPHEMERAL`` and
    ``PREFECT__SERVER_FINAL``, set in the environment of the server it starts."""
    out: set[tuple] = set()
    for h in hits:
        m = _INTERNAL_NAMESPACE.match(h.payload(_Data).name)
        if m is None or h.payload(_Data).name not in written or h.line is None:
            continue
        fn = project.function_at(h.path or "", h.line)
        out.add((h.path, fn.qname if fn is not None else None, m.group(1)))
    return out


def _internal_sibling(project: Project, hit: Hit, families: set[tuple]) -> bool:
    """The read sits in a function that reads, under the same internal namespace, variables
    the project writes itself (:func:`_internal_families`): one of that family of internal
    markers (``PREFECT__SERVER_WEBSERVER_ONLY`` beside them), not an operator's setting."""
    m = _INTERNAL_NAMESPACE.match(hit.payload(_Data).name)
    if m is None or hit.line is None or not families:
        return False
    fn = project.function_at(hit.path or "", hit.line)
    return (hit.path, fn.qname if fn is not None else None, m.group(1)) in families


def _stored_attribute(node: ast.AST, ctx: ModuleContext) -> str:
    """The private attribute of ``self`` a method stores the read in, as its whole value
    (through fallbacks, conversions and tidying: ``self._region =
    getenv("X", "").strip()``), else ``""``."""
    parents = ctx.parents
    child: ast.AST = node
    for i in range(len(parents) - 1, -1, -1):
        p = parents[i]
        if _passes_through(p, child):
            child = p
        elif isinstance(p, ast.Assign) and p.value is child and len(p.targets) == 1:
            t = p.targets[0]
            if (
                isinstance(t, ast.Attribute)
                and isinstance(t.value, ast.Name)
                and t.value.id == "self"
                and t.attr.startswith("_")
                and not t.attr.startswith("__")
            ):
                return t.attr
            return ""
        else:
            return ""
    return ""


def _tidies(p: ast.AST, child: ast.AST) -> bool:
    """``p`` only tidies ``child``'s text (``child.strip()``: the method, then its call),
    which keeps an empty value empty."""
    if isinstance(p, ast.Attribute):
        return p.value is child and p.attr in _STR_CLEANUPS
    return isinstance(p, ast.Call) and p.func is child and isinstance(child, ast.Attribute)


def _passes_through(p: ast.AST, child: ast.AST) -> bool:
    """``p`` hands ``child``'s value on: a fallback (``child or "x"``), a conversion
    (``int(child)``), a tidying (``child.strip()``)."""
    if isinstance(p, (ast.BoolOp, ast.IfExp)):
        return child is not getattr(p, "test", None)
    if isinstance(p, ast.Attribute):
        return p.value is child and p.attr in _STR_CLEANUPS
    if isinstance(p, ast.Call):
        if p.func is child:
            return isinstance(child, ast.Attribute)
        return isinstance(p.func, ast.Name) and p.func.id in _CONVERSIONS and child in p.args
    return False


def _unread_attributes(project: Project, hits: list[Hit]) -> set[tuple[str, int]]:
    """(path, line) of the hits whose read is stored in a private attribute
    (:func:`_stored_attribute`) that nothing reads: every other mention of its name in the
    project's Python files (strings and comments count: ``getattr(self, "_x")``) is
    ``self.<name>`` in a method of a class unrelated to the storing one (another class's
    attribute of that spelling), so the read configures nothing.  None when a file cannot
    be read."""
    owners: dict[tuple[str, int], tuple[str, str]] = {}  # (path, line) -> (attribute, class)
    for h in hits:
        if not h.payload(_Data).stored or h.line is None:
            continue
        fn = project.function_at(h.path or "", h.line)
        if fn is not None and project.class_(owner := fn.qname.rsplit(".", 1)[0]) is not None:
            owners[(h.path or "", h.line or 0)] = (h.payload(_Data).stored, owner)
    if not owners:
        return set()
    wanted = {a for a, _ in owners.values()}
    used: set[tuple[str, int]] = set()
    for path in project.repo.python_files():
        data = project.repo.read_bytes(path)
        if data is None:
            return set()
        for name in [n for n in wanted if n.encode() in data]:
            for m in re.finditer(rb"\b" + re.escape(name.encode()) + rb"\b", data):
                line = data.count(b"\n", 0, m.start()) + 1
                for site, (attr, cls) in owners.items():
                    if (
                        attr == name
                        and site != (path, line)
                        and site not in used
                        and not _unrelated_self(project, path, line, data, m.start(), cls)
                    ):
                        used.add(site)
    return set(owners) - used


def _unrelated_self(project: Project, path: str, line: int, data: bytes, at: int, cls: str) -> bool:
    """The mention at offset ``at`` is ``self.<name>`` in a method of a class neither
    ``cls`` nor one of its ancestors or descendants."""
    if not data[:at].endswith(b"self."):
        return False
    fn = project.function_at(path, line)
    other = fn.qname.rsplit(".", 1)[0] if fn is not None else ""
    if project.class_(other) is None or other == cls:
        return False
    return cls not in project.ancestors(other) and other not in project.ancestors(cls)


def _configuration_fallback(project: Project, hit: Hit) -> bool:
    """The read is the fallback of a ``try`` whose body takes the value from a callable of a
    configuration module (by its name, or holding a settings class) that names the variable
    (reads it, or documents it as an override): the configuration declares the setting."""
    name = re.compile(rf"\b{re.escape(hit.payload(_Data).name)}\b")
    for q in hit.payload(_Data).config_fallback:
        fn = project.function(q)
        if fn is None:
            continue
        path = project.module_of(fn).path
        if _settings_path(path) or _holds_settings_class(project, path):
            text = project.read_text(path)
            if text is not None and name.search(text):
                return True
    return False


def _within_scope(stmt: ast.AST, node: ast.AST, ctx: ModuleContext) -> bool:
    """No function or class lies between ``stmt`` (a parent of ``node``) and ``node``."""
    k = ctx.parents.index(stmt)
    return not any(
        isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef))
        for p in ctx.parents[k + 1 :]
    )


def _only_testing(op: ast.cmpop, right: ast.AST) -> bool:
    """``!= "testing"``, ``not in ("test", "testing")``: true of every value but a test mode's."""
    if isinstance(op, ast.NotEq):
        values = [right]
    elif isinstance(op, ast.NotIn) and isinstance(right, (ast.Tuple, ast.List, ast.Set)):
        values = list(right.elts)
    else:
        return False
    return bool(values) and all(
        isinstance(v, ast.Constant) and isinstance(v.value, str) and _TESTING_VALUE.match(v.value)
        for v in values
    )


def _requires_it(test: ast.AST) -> bool:
    """An ``if`` that raises in a branch (``if not key: raise ValueError("set X")``): the
    application requires the variable, and finds it missing mid-request, which a settings
    class would tell at start-up: not a mere presence test."""
    return isinstance(test, ast.If) and any(
        isinstance(stmt, ast.Raise) for stmt in (*test.body, *test.orelse)
    )


def _required_read(node: ast.AST, ctx: ModuleContext) -> bool:
    """The read is the whole value of ``X = getenv("X")`` and a statement after it in the
    same block raises when ``X`` is unset (``if not X: raise RuntimeError("set X")``,
    ``if X is None or ...: raise``): the program requires the variable, with no default."""
    parents = ctx.parents
    if len(parents) < 2:
        return False
    assign, block = parents[-1], parents[-2]
    if not (
        isinstance(assign, ast.Assign)
        and assign.value is node
        and len(assign.targets) == 1
        and isinstance(assign.targets[0], ast.Name)
    ):
        return False
    name = assign.targets[0].id
    for body in (getattr(block, f, None) for f in ("body", "orelse", "finalbody")):
        if isinstance(body, list) and assign in body:
            return any(
                isinstance(stmt, ast.If)
                and _tests_unset(stmt.test, name)
                and isinstance(stmt.body[-1], ast.Raise)
                for stmt in body[body.index(assign) + 1 :]
            )
    return False


def _tests_unset(test: ast.AST, name: str) -> bool:
    """``test`` holds when the name is unset: ``not X``, ``X is None``, or either in an
    ``or``."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        return any(_tests_unset(v, name) for v in test.values)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return isinstance(test.operand, ast.Name) and test.operand.id == name
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == name
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.Is)
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value is None
    )


def _truth_operands(fn: ast.AST) -> list[ast.AST]:
    """The operands whose truth the ``if`` / ``while`` statements and conditional
    expressions in ``fn`` test: the test itself, through ``and``, ``or`` and ``not``."""
    out: list[ast.AST] = []
    for n in walk(fn):
        if isinstance(n, (ast.If, ast.While, ast.IfExp)) and not _requires_it(n):
            stack: list[ast.AST] = [n.test]
            while stack:
                e = stack.pop()
                if isinstance(e, ast.BoolOp):
                    stack.extend(e.values)
                elif isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.Not):
                    stack.append(e.operand)
                else:
                    out.append(e)
    return out


def _vendor_takes(call: ast.Call, keyword: str, name: str, ctx: ModuleContext) -> bool:
    """``call`` is a third-party package's callable named for the same vendor as the
    variable (``slack_sdk.WebClient`` for ``SLACK_BOT_TOKEN``: both begin ``slack``)."""
    q = ctx.resolve(call.func)
    if not q or ctx.is_project(q):
        return False
    root = q.split(".", 1)[0]
    return root not in sys.stdlib_module_names and _vendor_word(root.lower()) == (
        name.split("_", 1)[0].lower()
    )


def _sdk_takes(call: ast.Call, keyword: str, name: str, ctx: ModuleContext) -> bool:
    """``call`` is a callable of an API client that defaults ``keyword`` from its own
    variable (:data:`_SDK_ENV_DEFAULTS`), and ``name`` is that variable by the SDK
    convention: the variable is named for the package (its first word
    begins the package's name) and ends with the keyword, one of the arguments API clients
    default from the environment (``openai.AsyncOpenAI(api_key=)`` reads ``OPENAI_API_KEY``,
    ``sentry_sdk.init(dsn=)`` ``SENTRY_DSN``, ``slack_bolt.App(token=)``
    ``SLACK_BOT_TOKEN`` when given nothing)."""
    if keyword not in _SDK_DEFAULTED:
        return False
    q = ctx.resolve(call.func)
    if not q or not any(q == m or q.startswith(m + ".") for m in _SDK_ENV_DEFAULTS):
        return False
    root = q.split(".", 1)[0].lower()
    first = name.split("_", 1)[0].lower()
    return (
        len(first) >= 2 and root.startswith(first) and name.upper().endswith(f"_{keyword.upper()}")
    )


def _splatted_into(fn: ast.AST, local: str) -> list[ast.Call]:
    """The calls in ``fn`` that unpack the dict ``local`` as keywords (``Client(**kwargs)``)."""
    return [
        n
        for n in walk(fn)
        if isinstance(n, ast.Call)
        and any(
            kw.arg is None and isinstance(kw.value, ast.Name) and kw.value.id == local
            for kw in n.keywords
        )
    ]


#: Whether a call takes a variable for a keyword: (call, keyword, variable, ctx) -> bool.
_Takes = Callable[[ast.Call, str, str, ModuleContext], bool]


def _passed_to_sdk(
    value: ast.AST,
    parent: ast.AST,
    fn: ast.AST | None,
    name: str,
    ctx: ModuleContext,
    takes: _Takes = _sdk_takes,
) -> bool:
    """``value`` (a child of ``parent``) is handed to an SDK call as the keyword its own
    variable ``name`` configures: ``Client(api_key=value)`` or ``kwargs["api_key"] = value``
    then ``Client(**kwargs)``."""
    if isinstance(parent, ast.Call):
        kw = next((k for k in parent.keywords if k.value is value and k.arg), None)
        return kw is not None and takes(parent, kw.arg or "", name, ctx)
    if (
        fn is not None
        and isinstance(parent, ast.Assign)
        and len(parent.targets) == 1
        and isinstance(parent.targets[0], ast.Subscript)
        and isinstance(parent.targets[0].value, ast.Name)
    ):
        key = _key(parent.targets[0].slice)
        calls = _splatted_into(fn, parent.targets[0].value.id)
        return key is not None and any(takes(c, key, name, ctx) for c in calls)
    return False


def _sdk_own(node: ast.AST, name: str, ctx: ModuleContext, takes: _Takes = _sdk_takes) -> bool:
    """The read (or a fallback chain ending in it) is handed straight to the SDK that reads
    the same variable itself when given nothing (``OpenAI(api_key=getenv("OPENAI_API_KEY"))``,
    or through a local used only there, beside tests of its presence that only skip the
    client, :func:`_presence_skips`): the read repeats the SDK's own default, the variable
    is the provider's, and a settings field would only copy it.  A value the application
    also inspects (``if not key: raise``) stays its own."""
    parents = ctx.parents
    fn = next(
        (p for p in reversed(parents) if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef))),
        None,
    )
    value, i = _fallback_root(node, parents)
    if i < 0:
        return False
    parent = parents[i]
    if isinstance(parent, ast.keyword) and i:
        parent = parents[i - 1]  # ``Client(api_key=<value>)``
    if _passed_to_sdk(value, parent, fn, name, ctx, takes):
        return True
    if not (
        fn is not None
        and isinstance(parent, ast.Assign)
        and len(parent.targets) == 1
        and isinstance(parent.targets[0], ast.Name)
    ):
        return False
    local = parent.targets[0].id
    uses = [
        n
        for n in walk(fn)
        if isinstance(n, ast.Name) and n.id == local and isinstance(n.ctx, ast.Load)
    ]
    skips = _presence_skips(fn, local)
    uses = [u for u in uses if id(u) not in skips]
    if len(uses) != 1:
        return False  # inspected as well as passed on: the application's own contract
    use = uses[0]
    for n in walk(fn):
        if isinstance(n, ast.Call) and any(k.value is use and k.arg for k in n.keywords):
            return _passed_to_sdk(use, n, fn, name, ctx, takes)
        if isinstance(n, ast.Assign) and n.value is use:
            return _passed_to_sdk(use, n, fn, name, ctx, takes)
    return False


def _presence_skips(fn: ast.AST, local: str) -> set[int]:
    """The ids of the reads of ``local`` that are the whole test of an ``if`` of ``fn``
    (``if not key:``, ``if key is None:``, ``if key:``) neither branch of which raises: the
    application builds the optional client only when the variable is set, and goes without
    it otherwise (``if not key: return None``), as the SDK's own default would leave it
    unconfigured.  A test that raises (``if not key: raise ValueError("set X")``) makes the
    variable the application's requirement, and is not one of these."""
    out: set[int] = set()
    for n in walk(fn):
        if not isinstance(n, ast.If) or _requires_it(n):
            continue
        test = n.test
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            test = test.operand
        elif (
            isinstance(test, ast.Compare)
            and len(test.ops) == 1
            and isinstance(test.ops[0], (ast.Is, ast.IsNot))
            and isinstance(test.comparators[0], ast.Constant)
            and test.comparators[0].value is None
        ):
            test = test.left
        if isinstance(test, ast.Name) and test.id == local:
            out.add(id(test))
    return out


def _returned(node: ast.AST, ctx: ModuleContext) -> bool:
    """The read's value reaches a ``return`` of its function: the read is in the returned
    expression, or bound to a local from which the returned value is computed, through the
    locals computed from it (``home = getenv("X")``, ``path = Path(home).resolve()``,
    ``return check(path)``)."""
    fn = ctx.enclosing_def
    if fn is None or fn not in ctx.parents:
        return False
    chain = [*ctx.parents[ctx.parents.index(fn) + 1 :], node]
    if any(isinstance(p, ast.Return) for p in chain):
        return True
    target = _bound_to(chain)
    if target is None:
        return False
    tainted = {target.id}
    assigns = [n for n in walk(fn) if isinstance(n, (ast.Assign, ast.AnnAssign, ast.NamedExpr))]
    grown = True
    while grown:
        grown = False
        for a in assigns:
            if a.value is None or not _names_any(a.value, tainted):
                continue
            targets = a.targets if isinstance(a, ast.Assign) else [a.target]
            for t in targets:
                if isinstance(t, ast.Name) and t.id not in tainted:
                    tainted.add(t.id)
                    grown = True
    return any(
        isinstance(n, ast.Return) and n.value is not None and _names_any(n.value, tainted)
        for n in walk(fn)
    )


def _names_any(e: ast.AST, names: set[str]) -> bool:
    """``e`` reads one of ``names``."""
    return any(isinstance(n, ast.Name) and n.id in names for n in walk(e))


#: The file name of a configuration (``config.toml``, ``settings.yaml``, ``.env``).
_CONFIG_FILE_NAME = lazy_compile(r"\.(?:toml|ya?ml|json|ini|cfg|conf|env)$")
#: Calls that join a folder and a file name into a path.
_PATH_JOINS = frozenset({"os.path.join", "posixpath.join", "pathlib.Path", "pathlib.PurePath"})


def _in_functions(project: Project, hit: Hit, functions: frozenset[str]) -> bool:
    """The read is in one of ``functions`` (by qualified name)."""
    if not functions or hit.line is None:
        return False
    fn = project.function_at(hit.path or "", hit.line)
    return fn is not None and fn.qname in functions


def _configuration_folders(project: Project) -> frozenset[str]:
    """The project functions whose value is the folder of the configuration's file: a
    function named for loading the configuration (:data:`_CONFIG_LOADER_NAME`:
    ``load_config``) calls a project function whose return value joins a call of one of
    them with the file's literal name (``return get_config_dir() / "config.toml"``,
    ``os.path.join(config_home(), "settings.yaml")``).  A variable such a function
    returns locates the settings' own file, so it cannot be one of their fields."""
    out: set[str] = set()
    for m in project.modules.values():
        for loader in m.functions.values():
            if not _CONFIG_LOADER_NAME.match(loader.name):
                continue
            for site in loader.calls:
                callee = project.function(site.qname)
                for rv in callee.return_values if callee is not None else ():
                    out.update(_joined_folders(rv))
    return frozenset(out)


def _joined_folders(e: Expr) -> set[str]:
    """The project calls ``e`` joins with a configuration file's literal name: ``f() /
    "config.toml"``, ``os.path.join(f(), "config.toml")``."""
    if isinstance(e, BinOp) and e.op == "/":
        parts = [e.left, e.right]
    elif isinstance(e, Call) and e.qname in _PATH_JOINS:
        parts = list(e.args)
    else:
        return set()
    names = [str_lit(p) for p in parts[1:]]
    if not names or not all(n is not None for n in names):
        return set()
    if not _CONFIG_FILE_NAME.search(names[-1] or ""):
        return set()
    head = parts[0]
    return {head.qname} if isinstance(head, Call) and head.qname else set()


def _located_configurations(project: Project, hits: list[Hit]) -> set[tuple[str, str]]:
    """(path, name) of the module constants bound to a variable named for the location of
    the configuration (:data:`_LOCATES_SETTINGS`: ``X_CONFIG_DIR``) that a function named for
    loading it (:data:`_CONFIG_LOADER_NAME`: ``load_global_settings``) reads, directly or
    through module constants derived from it in any module of the project (``SETTINGS_FILE
    = CONFIG_DIR / "settings.json"``, then ``_FILE = str(paths.SETTINGS_FILE)``): the
    variable locates the configuration, as one handed to such a loader does."""
    out: set[tuple[str, str]] = set()
    loaders: list[tuple[ModuleFacts, Function]] | None = None
    for h in hits:
        bound = h.payload(_Data).bound
        facts = project.by_path.get(h.path or "")
        if not bound or facts is None or not _LOCATES_SETTINGS.search(h.payload(_Data).name):
            continue
        if loaders is None:
            loaders = [
                (m, fn)
                for m in project.modules.values()
                for fn in m.functions.values()
                if _CONFIG_LOADER_NAME.match(fn.name)
            ]
        derived = _derived_constants(project, f"{facts.module}.{bound}")
        if any(_reads_constant(project, m, fn, derived) for m, fn in loaders):
            out.add((h.path or "", bound))
    return out


def _handed_to(node: ast.AST, ctx: ModuleContext) -> tuple[tuple[str, int | str], ...]:
    """The project callables the value read is handed to, directly or through the one name
    its statement binds it to (in its function, or at module level), with the argument's
    place (its index, or its keyword)."""
    local: str | None = None
    out: list[tuple[str, int | str]] = []

    def places(call: ast.Call, found: Callable[[ast.AST], bool]) -> None:
        given: list[tuple[int | str, ast.expr]] = [
            (i, a) for i, a in enumerate(call.args) if found(a)
        ]
        given += [(k.arg, k.value) for k in call.keywords if k.arg and found(k.value)]
        if not given:
            return
        # not ``ctx.resolve``: it memoizes, and the call may come before a local import the
        # walk has not reached yet
        parts: list[str] = []
        func = call.func
        while isinstance(func, ast.Attribute):
            parts.append(func.attr)
            func = func.value
        head = ctx.resolve_name(func.id) if isinstance(func, ast.Name) else None
        q = canonical(".".join([head, *reversed(parts)])) if head else None
        if q and ctx.is_project(q):
            out.extend((q, place) for place, _ in given)

    root, _ = _fallback_root(node, ctx.parents)  # ``create_app(getenv("X") or None)``
    for p in reversed(ctx.parents):
        if isinstance(p, ast.Call):
            places(p, lambda a: a is node or a is root)
        if isinstance(p, ast.stmt):
            if isinstance(p, ast.Assign) and len(p.targets) == 1:
                local = p.targets[0].id if isinstance(p.targets[0], ast.Name) else None
            break
    scope = ctx.enclosing_def or (ctx.parents[0] if ctx.parents else None)
    if local is not None and scope is not None:
        for n in walk(scope):
            if isinstance(n, ast.Call):
                places(n, lambda a: isinstance(a, ast.Name) and a.id == local)
    return tuple(dict.fromkeys(out))


def _loads_environment_from(project: Project, target: tuple[str, int | str]) -> bool:
    """The project callable (a function, or a class by its ``__init__``) given a value at
    ``target``'s place makes it locate the configuration (:func:`_flows_to_configuration`):
    ``load_dotenv(self.data.get("env"))`` after ``json.load`` of the file at that path, or
    a loader the path is handed on to (``create_app(path)`` -> ``Manager.from_file(path)``
    -> ``load_config(path)`` reading it)."""
    return _reaches_configuration(project, target, 0, set())


#: How deep the value is followed through project callables (``create_app`` -> a helper ->
#: a classmethod -> the loader).
_FLOW_DEPTH = 5
#: Methods reading a file at the path object they are called on (``pathlib.Path``'s).
_PATH_READS = frozenset({"read_text", "read_bytes", "open"})
#: Calls opening a file at their first argument.
_FILE_OPENS = frozenset({"builtins.open", "io.open", "open"})


def _reaches_configuration(
    project: Project, target: tuple[str, int | str], depth: int, seen: set[str]
) -> bool:
    """The parameter at ``target``'s place of the project callable locates the
    configuration (:func:`_flows_to_configuration`)."""
    qname, place = target
    fn = project.function(qname)
    cls = project.class_(qname) if fn is None else None
    if cls is not None:
        fn = project.method(cls, "__init__")
    if fn is None or fn.qname in seen or depth > _FLOW_DEPTH:
        return False
    params = [p.name for p in fn.params if p.kind in ("posonly", "arg")]
    if cls is not None or (fn.class_qname and params and params[0] in ("self", "cls")):
        params = params[1:]
    name = place if isinstance(place, str) else (params[place] if place < len(params) else None)
    if name is None:
        return False
    return _flows_to_configuration(project, fn, {name}, set(), depth, seen | {fn.qname})


def _flows_to_configuration(
    project: Project,
    fn: Function,
    names_: set[str],
    calls: set[tuple[int, int]],
    depth: int,
    seen: set[str],
) -> bool:
    """A value of ``fn`` (held by the names ``names_``, or the result of its calls at the
    positions ``calls``) locates where the configuration is loaded from: through the locals
    computed from it (in source order), it reaches a loader of :data:`_CONFIG_LOADERS`, a
    file read (``open(path)``, ``path.read_text()``) in a function named for loading the
    configuration (:data:`_CONFIG_LOADER_NAME`: the file it reads is the configuration), or
    a project callable that does (followed :data:`_FLOW_DEPTH` deep).  Then the variable is
    the configuration's location, whatever its name, and cannot be one of its fields."""
    node = project.def_node(fn)
    module = project.modules.get(fn.module)
    if node is None or module is None:
        return False
    tainted = set(names_)
    sites = {(c.line, c.column): c.qname for c in [*fn.calls, *fn.self_calls]}
    loader = bool(_CONFIG_LOADER_NAME.match(fn.name))

    def mentions(e: ast.AST | None) -> bool:
        return e is not None and any(
            ((isinstance(n, ast.Name) and n.id in tainted) or ast.unparse(n) in tainted)
            if isinstance(n, (ast.Name, ast.Attribute))
            else _site(n) in calls
            for n in walk(e)
            if isinstance(n, (ast.Name, ast.Attribute, ast.Call))
        )

    def taint(t: ast.AST) -> None:
        if isinstance(t, (ast.Name, ast.Attribute)):
            tainted.add(t.id if isinstance(t, ast.Name) else ast.unparse(t))

    def at(n: ast.AST) -> tuple[int, int]:
        n = n.context_expr if isinstance(n, ast.withitem) else n
        return (getattr(n, "lineno", 0), getattr(n, "col_offset", 0))

    def reads_file(call: ast.Call) -> bool:
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in _PATH_READS and mentions(func.value):
            return True
        return (
            _resolved_name(module, func) in _FILE_OPENS
            and bool(call.args)
            and mentions(call.args[0])
        )

    steps = (ast.Assign, ast.AnnAssign, ast.withitem, ast.Call)
    for n in sorted((n for n in walk(node) if isinstance(n, steps)), key=at):  # source order
        if isinstance(n, ast.Assign) and mentions(n.value):
            for t in n.targets:
                taint(t)
        elif isinstance(n, ast.AnnAssign) and mentions(n.value):
            taint(n.target)
        elif isinstance(n, ast.withitem) and n.optional_vars and mentions(n.context_expr):
            taint(n.optional_vars)
        elif isinstance(n, ast.Call):
            if loader and reads_file(n):
                return True
            given: list[int | str] = [i for i, a in enumerate(n.args) if mentions(a)]
            given += [k.arg for k in n.keywords if k.arg and mentions(k.value)]
            if not given:
                continue
            if _resolved(module, n.func) in _CONFIG_LOADERS:
                return True
            callee = sites.get(_site(n))
            if callee and any(
                _reaches_configuration(project, (callee, g), depth + 1, seen) for g in given
            ):
                return True
    return False


def _site(call: ast.AST) -> tuple[int, int]:
    """Where a call is, as the call graph records it (:class:`auditor.facts.CallSite`: the
    line, and the 1-based column, a byte offset's on an ASCII line)."""
    return (getattr(call, "lineno", 0), getattr(call, "col_offset", -1) + 1)


def _returned_to_configuration(project: Project, fn: Function) -> bool:
    """The read's value is returned by its function (``return Path(getenv("X"))``) to a
    caller in which the result locates the configuration (:func:`_flows_to_configuration`:
    ``path = given or default_config_path()``, then ``load_config(path)``).  The callers are
    the project's call graph (:attr:`Project.call_sites`, built once per audit)."""
    at: dict[str, tuple[Function, set[tuple[int, int]]]] = {}
    for caller, cs in project.call_sites.get(fn.qname, ()):
        at.setdefault(caller.qname, (caller, set()))[1].add((cs.line, cs.column))
    return any(
        _flows_to_configuration(project, caller, set(), sites, 0, {fn.qname})
        for caller, sites in at.values()
    )


def _resolved_name(module: ModuleFacts, func: ast.AST) -> str | None:
    """The qualified name of ``func`` through ``module``'s imports; a builtin's bare name
    (``open``) when it is not imported."""
    if isinstance(func, ast.Name) and func.id not in module.imports:
        return func.id
    return _resolved(module, func)


def _resolved(module: ModuleFacts, func: ast.AST) -> str | None:
    """The qualified name ``func`` (a name, or a dotted one) has through ``module``'s imports."""
    parts: list[str] = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if not isinstance(func, ast.Name) or func.id not in module.imports:
        return None
    return ".".join([module.imports[func.id], *reversed(parts)])


def _derived_constants(project: Project, start: str) -> set[str]:
    """``start`` (a module constant's qualified name) and the module constants of the
    project whose value is computed from it or from one of them."""
    derived = {start}
    for _ in range(4):
        grown = {
            f"{m.module}.{name}"
            for m in project.modules.values()
            for name, value in m.bindings.items()
            if any(isinstance(e, Name) and e.qname in derived for e in iter_exprs(value))
        }
        if grown <= derived:
            break
        derived |= grown
    return derived


def _reads_constant(project: Project, module: ModuleFacts, fn: Function, names: set[str]) -> bool:
    """``fn``'s body (in ``module``) names one of the module constants ``names`` (by their
    qualified names): a constant of its own module, or one it imports (``paths.X`` too)."""
    node = project.def_node(fn)
    if node is None:
        return False
    for n in walk(node):
        parts: list[str] = []
        while isinstance(n, ast.Attribute):
            parts.append(n.attr)
            n = n.value
        if not isinstance(n, ast.Name):
            continue
        head = module.imports.get(n.id) or f"{module.module}.{n.id}"
        if any(".".join([head, *reversed(parts[i:])]) in names for i in range(len(parts) + 1)):
            return True
    return False


def _module_binding(ctx: ModuleContext) -> str:
    """The name a module-level statement binds the read to (``TIMEOUT =
    int(getenv("X", "30"))``, one name target), else ``""``."""
    parents = ctx.parents
    if len(parents) < 2 or not isinstance(parents[0], ast.Module):
        return ""
    stmt = parents[1]
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target: ast.AST = stmt.targets[0]
    elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
        target = stmt.target
    else:
        return ""
    return target.id if isinstance(target, ast.Name) else ""


def _bound_conditionally(bound: str, ctx: ModuleContext) -> bool:
    """The module constant ``bound`` does not always hold the read: the read is a branch of
    a conditional expression (``X = None if multi_user() else getenv("X")``), or the module
    binds the name again (``if multi_user(): X = None``, ``global X``)."""
    if any(isinstance(p, ast.IfExp) for p in ctx.parents[2:]):
        return True
    tree = ctx.tree
    if tree is None:
        return False
    stores = sum(
        1
        for n in walk(tree)
        if (isinstance(n, ast.Name) and n.id == bound and isinstance(n.ctx, ast.Store))
        or (isinstance(n, ast.Global) and bound in n.names)
    )
    return stores > 1


_NEWLINE = lazy_compile("\n")


def _unused(project: Project, hits: list[Hit]) -> set[tuple[str, str]]:
    """(path, name) of the module-level names bound to a read that nothing uses: the name
    occurs once in its module's text (the binding) and in no other module of the project
    that may mean it (:func:`_means_other`: a module whose own name of that spelling is
    another module's binding does not use this one).  A binding spelled like its variable
    (``FLAG = getenv("FLAG")``: the name occurs twice, both in the binding statement) counts
    only when the project's other modules name it, all of them another module's binding: a
    stale duplicate the importers bypass (a public constant nobody in the project names
    may be a library's API).  Dead code: the advice to declare it on a settings class is
    wrong."""
    bound = {
        (h.path or "", h.payload(_Data).bound, h.line or 0) for h in hits if h.payload(_Data).bound
    }
    if not bound:
        return set()
    single: set[tuple[str, str]] = set()
    duplicate: set[tuple[str, str]] = set()  # named only in the binding statement
    newlines: dict[str, list[int]] = {}  # path -> offsets of its line ends
    for path, name, line in bound:
        text = project.read_text(path) or ""
        word = re.compile(rf"\b{re.escape(name)}\b")
        at = word.search(text)
        if at is None:
            continue
        if word.search(text, at.end()) is None:
            single.add((path, name))  # named once: the binding itself
            continue
        facts = project.by_path.get(path)
        first = facts.binding_lines.get(name, line) if facts is not None else line
        first = first if 0 < first <= line else line
        if path not in newlines:
            newlines[path] = [m.start() for m in _NEWLINE.finditer(text)]
        ends = newlines[path]
        # the binding statement's text, from the start of its first line to the end of its
        # last: named only there when no match lies before or after it (a name cannot run
        # across a line end, so the pieces are searched apart; no list of every match)
        lo = 0 if first == 1 else ends[first - 2] + 1 if first - 2 < len(ends) else len(text)
        hi = ends[line - 1] if line <= len(ends) else len(text)
        if word.search(text, 0, lo) is None and word.search(text, hi) is None:
            duplicate.add((path, name))
    candidates = single | duplicate
    if not candidates:
        return set()
    by_name: dict[str, list[str]] = {}
    for path, name in candidates:
        by_name.setdefault(name, []).append(path)
    # one search per name still unused (a substring test first), not one alternation of every
    # name over every module: the alternation cost litellm ~2 s; a name stops being looked
    # for once every module binding it is known to be used
    # each module is tested as bytes first (a bytes ``\b`` match is wanted by every text
    # one), and decoded only when one of the names is in it
    words = {n: re.compile(rf"\b{re.escape(n)}\b") for n in by_name}
    raw = {n: n.encode() for n in by_name}
    raw_words = {n: re.compile(rb"\b" + re.escape(raw[n]) + rb"\b") for n in by_name}
    pending = dict.fromkeys(sorted(by_name))
    used: set[tuple[str, str]] = set()
    bypassed: set[tuple[str, str]] = set()  # named elsewhere, always as another binding
    for m in project.modules.values():
        if not pending:
            break
        data = project.repo.read_bytes(m.path) or b""
        maybe = [n for n in pending if raw[n] in data and raw_words[n].search(data)]
        if not maybe:
            continue
        text = project.read_text(m.path) or ""
        for n in [n for n in maybe if words[n].search(text)]:
            for path in by_name[n]:
                if path == m.path or (path, n) in used:
                    continue  # (not the binding itself)
                if _means_other(project, m, n, path, text):
                    bypassed.add((path, n))
                else:
                    used.add((path, n))
            if all((path, n) in used for path in by_name[n]):
                del pending[n]
    return (single | (duplicate & bypassed)) - used


def _factory_defaults(tree: ast.AST) -> set[int]:
    """The ids of the parameter defaults of the constructors and classmethods (factories) of
    the classes in ``tree``."""
    out: set[int] = set()
    for cls in statements(tree):  # (a class is a statement: no expression holds one)
        if not isinstance(cls, ast.ClassDef):
            continue
        for fn in cls.body:
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
                fn.name in _CONSTRUCTORS
                or any(isinstance(d, ast.Name) and d.id == "classmethod" for d in fn.decorator_list)
            ):
                out |= {id(d) for d in (*fn.args.defaults, *fn.args.kw_defaults) if d is not None}
    return out


def _only_defaults(project: Project, hits: list[Hit]) -> set[tuple[str, str]]:
    """(path, name) of the module constants bound to a read (``VERIFY_DEFAULT =
    getenv("X", "false") == "true"``) that their module uses only as the default of a
    constructor's parameter or a classmethod factory's (``def __init__(self, verify: bool =
    VERIFY_DEFAULT)``), through module-level aliases too, and that other modules only import
    (a re-export): the read is that parameter's default, which the object's maker passes."""
    out: set[tuple[str, str]] = set()
    bound: dict[str, set[str]] = defaultdict(set)
    for h in hits:
        if name := h.payload(_Data).bound:
            bound[h.path or ""].add(name)
    for path, module_names in sorted(bound.items()):  # each module parsed once
        try:
            tree = ast.parse(project.read_text(path) or "")
        except (SyntaxError, ValueError):
            continue
        defaults = _factory_defaults(tree)
        if not defaults:
            continue  # no constructor or factory default: no read can be one
        for name in sorted(module_names):
            if _only_a_default(project, tree, defaults, path, name):
                out.add((path, name))
    return out


def _only_a_default(
    project: Project, tree: ast.Module, defaults: set[int], path: str, name: str
) -> bool:
    """:func:`_only_defaults` for one module constant ``name`` of the module at ``path``."""
    aliases = {
        id(stmt.value): stmt.targets[0].id
        for stmt in tree.body
        if isinstance(stmt, ast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Name)
        and isinstance(stmt.value, ast.Name)
        and stmt.value.id == name
    }
    names = {name, *aliases.values()}
    loads = [
        n
        for n in walk(tree)
        if isinstance(n, ast.Name) and n.id in names and isinstance(n.ctx, ast.Load)
    ]
    if not any(id(n) in defaults for n in loads) or not all(
        id(n) in defaults or id(n) in aliases for n in loads
    ):
        return False
    uses = project.named_uses(names)
    return uses is not None and all(
        u.path == path or u.kind == "import" for found in uses.values() for u in found
    )


def _means_other(project: Project, m: ModuleFacts, name: str, path: str, text: str) -> bool:
    """Every mention of ``name`` in module ``m`` refers to another binding than the one of
    the module at ``path``: ``m`` binds the name at module level to a binding of another
    project module (``from pkg.common import FLAG``, at module level or in a function, or its
    own ``FLAG = ...``) and never reads it as an attribute (``utils.FLAG`` may be the
    binding's module).  A star import, or an import the model cannot resolve to another
    module's binding, may mean the binding: a use."""
    if re.search(rf"\.\s*{re.escape(name)}\b", text):
        return False
    if any(imp.alias == "*" for imp in m.import_list):
        return False
    targets = [imp.module for imp in m.import_list if imp.alias == name]
    if not targets:
        return name in m.bindings  # its own binding of that spelling
    for target in targets:
        found = project.resolve(target)
        if not (isinstance(found, Binding) and found.module.path != path):
            return False
    return True


def _use_configuration(project: Project, hit: Hit, sources: list[Hit]) -> Hit:
    """``hit`` re-reads a variable a configuration module already reads (``sources``): the
    advice is to take that value, not to declare a new settings class, when the module
    holds it under a name: an upper-case module constant bound to the read
    (``config.settings.JWT_KEY``),
    or a public module-level function without required parameters that returns it
    (``config.paths.get_data_path()``), also through the local it keeps it in (``val =
    getenv("X")`` ... ``return str(val)``).  A read the module makes for another purpose names
    no value to take: the advice stays.  Nor is a module that builds a FastAPI application
    a place to take it from (a server module gathering its variables into constants):
    importing it builds that application."""
    builds_app = {a.path for a in project.fastapi_apps}

    def spelled(c: Hit) -> tuple[int, bool, str] | None:
        m = project.by_path.get(c.path or "")
        if m is None or c.line is None or m.path in builds_app:
            return None
        bound = c.payload(_Data).bound
        if bound:
            # an upper-case constant: a lower-case one is a tool's option (a gunicorn
            # config's ``log_dir``), not a value the project shares
            held = f"`{m.module}.{bound}`"
            return (0, c.payload(_Data).conditional, held) if bound.isupper() else None
        fn = project.function_at(c.path or "", c.line)
        if not (
            fn is not None
            and fn.qname == f"{m.module}.{fn.name}"
            and not fn.name.startswith("_")
            and all(p.default is not None or p.kind in ("vararg", "kwarg") for p in fn.params)
        ):
            return None
        lines = (project.read_text(c.path or "") or "").splitlines()
        text = lines[c.line - 1] if c.line <= len(lines) else ""
        # ``return getenv("X")``, or ``val = getenv("X")`` ... ``return str(val)``
        returned = text.lstrip().startswith("return ") or _returns_local(project, fn, text)
        return (1, False, f"`{m.module}.{fn.name}()`") if returned else None

    named = [x for c in sources if (x := spelled(c)) is not None]
    name = hit.payload(_Data).name
    head = hit.message.split(": declare ", 1)[0]
    if not named:
        attribute = next(
            (a for c in sources if (a := _configuration_attribute(project, c)) is not None), None
        )
        key = (
            next((k for c in sources if (k := _configuration_key(project, c)) is not None), None)
            if attribute is None
            else None
        )
        if key is not None:
            return dataclasses.replace(
                hit,
                message=f"{head}: the configuration loader already maps `{name}` onto "
                f"`{key}`; read that field of the loaded configuration",
                fix_title="Read the field the configuration loader already fills",
            )
        if attribute is None:
            return hit
        return dataclasses.replace(
            hit,
            message=f"{head}: the configuration class `{attribute[0]}` already reads `{name}` "
            f"into `{attribute[1]}`; read that field of the configuration object",
            fix_title="Read the field the configuration class already holds",
        )
    rank, conditional, where = min(named)
    if conditional:
        return dataclasses.replace(
            hit,
            message=f"{head}: the configuration already reads `{name}`, but {where} holds it "
            "only under a condition; keep the variable's own value in the configuration too "
            "and read that",
            fix_title="Keep the variable's value in the configuration module and read it there",
        )
    take = "import it from there" if rank == 0 else "call it"
    return dataclasses.replace(
        hit,
        message=f"{head}: the configuration already reads `{name}` ({where}); {take}",
        fix_title="Use the value the configuration module already reads",
    )


def _key_path(target: ast.AST) -> list[str] | None:
    """The constant keys of a store into nested mappings, outermost first:
    ``config.setdefault("logging", {})["console_enabled"]`` and
    ``config["logging"]["console_enabled"]`` give ``["logging", "console_enabled"]``."""
    keys: list[str] = []
    node = target
    while True:
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            key = node.slice.value
            node = node.value
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "setdefault"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            key = node.args[0].value
            node = node.func.value
        else:
            break
        if not isinstance(key, str) or not key.isidentifier():
            return None
        keys.insert(0, key)
    return keys if keys and isinstance(node, ast.Name) else None


def _configuration_key(project: Project, c: Hit) -> str | None:
    """The dotted key (``logging.console_enabled``) under which the configuration module
    stores the value of its read ``c`` in the mapping its configuration is built from: a
    store whose value uses the read itself, or the local an ``if x := ...:`` binds to it (or
    to a call of the function of the module that returns it) in that ``if``'s body.  None
    when the module keeps it under no such key."""
    if c.line is None or c.path is None:
        return None
    try:
        tree = parse_text(project.read_text(c.path) or "", c.path)
    except SourceProblem:
        return None
    fn = project.function_at(c.path, c.line)
    lines = (project.read_text(c.path) or "").splitlines()
    returned = (
        fn is not None and c.line <= len(lines) and lines[c.line - 1].lstrip().startswith("return ")
    )

    def is_value(e: ast.AST) -> bool:
        if getattr(e, "lineno", None) == c.line and isinstance(e, (ast.Call, ast.Subscript)):
            return True  # the read itself
        return (
            returned
            and fn is not None
            and isinstance(e, ast.Call)
            and _callee_name(e.func) == fn.name
            and not e.args
        )

    found: set[str] = set()
    for n in walk(tree):
        if isinstance(n, ast.Assign) and len(n.targets) == 1:
            path = _key_path(n.targets[0])
            if path and any(is_value(v) for v in walk(n.value)):
                found.add(".".join(path))
        if isinstance(n, ast.If) and isinstance(n.test, ast.NamedExpr) and is_value(n.test.value):
            local = n.test.target.id
            for stmt in n.body:
                if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                    path = _key_path(stmt.targets[0])
                    if path and any(
                        isinstance(v, ast.Name) and v.id == local for v in walk(stmt.value)
                    ):
                        found.add(".".join(path))
    return next(iter(found)) if len(found) == 1 else None


#: ``self.client_id = ...``: an attribute an ``__init__`` sets.
_SELF_ATTRIBUTE = lazy_compile(r"^\s*self\.([A-Za-z_]\w*)\s*(?::[^=]*)?=[^=]")


def _configuration_attribute(project: Project, c: Hit) -> tuple[str, str] | None:
    """The (class, attribute) a configuration class (:data:`_CONFIG_CLASS`) of the
    configuration module sets from the read ``c`` in its own ``__init__``
    (``self.client_id = getenv("X")``), else None."""
    m = project.by_path.get(c.path or "")
    fn = project.function_at(c.path or "", c.line) if c.line is not None else None
    if m is None or fn is None or fn.name != "__init__":
        return None
    owner = fn.qname.rsplit(".", 1)[0]
    if owner.rsplit(".", 1)[0] != m.module or not _CONFIG_CLASS.match(owner.rsplit(".", 1)[-1]):
        return None
    lines = project.module_lines(c.path or "") or []
    found = _SELF_ATTRIBUTE.match(lines[c.line - 1]) if c.line and c.line <= len(lines) else None
    return (owner, found.group(1)) if found else None


def _declaration_objects(project: Project) -> dict[str, tuple[str, str]]:
    """The variables a configuration module (by its name) declares as objects of a project
    class, the variable's name a literal argument (``LOG_LEVEL_ENV_VAR =
    EnvEntry("APP_LOG_LEVEL", "OLD_LOG_LEVEL")`` in ``config/defs.py``): variable -> (the
    constant, the class).  The project's own declaration of the variable, with its type and
    its other names: a raw read elsewhere bypasses it."""
    out: dict[str, tuple[str, str]] = {}
    for m in project.modules_of_class("app"):
        if not _settings_path(m.path):
            continue
        for const, value in m.bindings.items():
            if not (const.isupper() and isinstance(value, Call)) or value.qname is None:
                continue
            cls = project.class_(value.qname)
            if cls is None:
                continue
            for a in value.args:
                if isinstance(a, Lit) and isinstance(a.value, str) and _ENV_VAR.match(a.value):
                    out.setdefault(a.value, (f"{m.module}.{const}", cls.name))
    return out


#: How many accessors a class must have to be a hand-written settings object.
_ACCESSORS_MIN = 3


def _env_read_keys(source: str | None) -> Iterator[ast.expr]:
    """The keys of the environment reads in ``source`` (a function's text): the first
    argument of ``getenv(...)`` / ``environ.get(...)`` (``os.`` or imported), the index of
    ``environ[...]``."""
    if source is None or ("environ" not in source and "getenv" not in source):
        return
    try:
        tree = ast.parse(textwrap.dedent(source))
    except SyntaxError:
        return
    for n in walk(tree):
        if isinstance(n, ast.Call) and n.args:
            if ast.unparse(n.func).endswith(("getenv", "environ.get")):
                yield n.args[0]
        elif isinstance(n, ast.Subscript) and ast.unparse(n.value).endswith("environ"):
            yield n.slice


def _reads_environment(project: Project, fn: Function) -> bool:
    """``fn`` reads the environment, itself or through a function of its own module that
    it calls."""
    if any(True for _ in _env_read_keys(project.function_source(fn))):
        return True
    return any(
        (callee := project.function(c.qname)) is not None
        and callee.module == fn.module
        and callee.class_qname is None
        and any(True for _ in _env_read_keys(project.function_source(callee)))
        for c in fn.calls
    )


def _accessor_class(project: Project, qname: str) -> bool:
    """The class ``qname`` is a hand-written settings object: it has at least
    :data:`_ACCESSORS_MIN` public methods, and every one takes nothing but ``self`` and reads
    the environment, directly or through a function of its module (``def neo4j_uri(self):
    return _neo4j_uri() or os.getenv("NEO4J_URI")``).  Such a class does nothing but hand
    out the environment's values: it is the project's settings layer, whatever its base (a
    settings port its domain declares instead of ``BaseSettings``)."""
    cls = project.class_(qname)
    if cls is None:
        return False
    methods = [
        fn
        for name in cls.methods
        if not name.startswith("_") and (fn := project.function(f"{qname}.{name}")) is not None
    ]
    return len(methods) >= _ACCESSORS_MIN and all(
        [p.name for p in fn.params] == ["self"] and _reads_environment(project, fn)
        for fn in methods
    )


def _settings_accessors(project: Project, hits: list[Hit]) -> set[int]:
    """The hits (by ``id``) inside a hand-written settings object (:func:`_accessor_class`):
    in one of its methods, or in a function of its module that only its methods call (the
    helper behind an accessor).  The read is already the settings' own."""
    where = {id(h): project.function_at(h.path or "", h.line or 0) for h in hits}
    classes = {fn.class_qname for fn in where.values() if fn is not None and fn.class_qname}
    helpers = {
        fn.name: fn
        for fn in where.values()
        if fn is not None and fn.class_qname is None and fn.qname == f"{fn.module}.{fn.name}"
    }
    # a helper counts only behind an accessor class of its own module: those classes are
    # the only others to test, and the project-wide search for the helpers' uses (every
    # file tokenized, seconds on a large project) is needed only for the helpers of a
    # module that holds one
    for m in {fn.module for fn in helpers.values()}:
        facts = project.modules.get(m)
        classes.update(c.qname for c in (facts.classes.values() if facts else ()))
    accessors = {q for q in classes if _accessor_class(project, q)}
    if not accessors:
        return set()
    modules = {c.module for q in accessors if (c := project.class_(q)) is not None}
    behind = {
        name: helper
        for name, helper in helpers.items()
        if any(fn.name == name and fn.module in modules for fn in where.values() if fn)
    }
    uses = project.named_uses(behind) if behind else None

    def behind_accessor(fn: Function) -> bool:
        """Every use of ``fn`` outside the tests is a call in a method of an accessor class
        of its module."""
        found = [
            u
            for u in (uses or {}).get(fn.name, ())
            if project.file_class(u.path) != "test" and u.kind != "import"
        ]
        return bool(found) and all(
            u.kind == "call"
            and u.function is not None
            and u.function.class_qname in accessors
            and u.function.module == fn.module
            for u in found
        )

    return {
        key
        for key, fn in where.items()
        if fn is not None
        and (
            fn.class_qname in accessors
            or (fn.class_qname is None and fn.name in helpers and behind_accessor(fn))
        )
    }


def _reads_named_variable(project: Project, qname: str | None) -> bool:
    """The project function ``qname`` reads the environment variable its first parameter
    names (``def env(key, default): return os.getenv(key, default)``, a ``require(key)``
    that raises when ``os.environ.get(key)`` is empty, ``os.environ[key]``): called with a
    literal, it reads that variable."""
    fn = project.function(qname) if qname else None
    if fn is None or not fn.params or fn.class_qname is not None:
        return False
    key = fn.params[0].name
    return any(
        isinstance(k, ast.Name) and k.id == key for k in _env_read_keys(project.function_source(fn))
    )


def _callee_of(fn: Function, call: ast.Call) -> str | None:
    """The project callee ``fn``'s call graph records for ``call`` (a node of
    :meth:`Project.def_node`'s tree, at the module's own lines; matched by its line and its
    written name)."""
    name = _callee_name(call.func)
    line = call.lineno
    return next(
        (
            c.qname
            for c in fn.calls
            if c.line == line and c.qname.rsplit(".", 1)[-1] == name and name
        ),
        None,
    )


def _named_reader(project: Project, qname: str, memo: dict[str, bool], depth: int = 0) -> bool:
    """The project function ``qname`` reads the variable its first parameter names:
    itself (:func:`_reads_named_variable`), or by handing that parameter on as the first
    argument of such a function (``def env_str(name, default=""): return env_opt(name) or
    default``): the project's own accessor of the environment."""
    if qname in memo:
        return memo[qname]
    memo[qname] = False  # a cycle reads nothing
    found = _reads_named_variable(project, qname)
    fn = project.function(qname)
    if not found and fn is not None and fn.params and depth < 3:
        node = project.def_node(fn)
        first = fn.params[0].name
        found = node is not None and any(
            isinstance(c, ast.Call)
            and c.args
            and isinstance(c.args[0], ast.Name)
            and c.args[0].id == first
            and (callee := _callee_of(fn, c)) is not None
            and _named_reader(project, callee, memo, depth + 1)
            for c in walk(node)
        )
    memo[qname] = found
    return found


#: A quoted variable's name in a function's text.
_QUOTED_VARIABLE = lazy_compile(r"[\"']([A-Z][A-Z0-9_]*)[\"']")


def _reading_helpers(project: Project, names: set[str]) -> dict[str, str]:
    """Of ``names``, the variables a project function already hands out: variable -> the
    function.  A public module-level function taking nothing whose body (its docstring aside) is
    one ``return`` of a value read through the project's accessor of the environment
    (:func:`_named_reader`) with the variable's name as a literal (``def demo_enabled():
    return env_str("APP_DEMO", "").lower() in TRUTHY``): the project's way to read it at
    call time, so a raw read elsewhere should call it, not declare the variable again."""
    memo: dict[str, bool] = {}
    out: dict[str, str] = {}
    for m in project.modules_of_class("app"):
        for fn in m.functions.values():
            if fn.params or fn.class_qname is not None or fn.qname != f"{fn.module}.{fn.name}":
                continue
            if fn.name.startswith("_"):
                continue  # a module's private helper (its own default, its own use): no API
            source = project.function_source(fn) if fn.calls else None
            if source is None or names.isdisjoint(_QUOTED_VARIABLE.findall(source)):
                continue  # names none of the variables (a cheap test before parsing)
            node = project.def_node(fn)
            body = node.body if node is not None else []
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                body = body[1:]
            if len(body) != 1 or not isinstance(body[0], ast.Return):
                continue
            read = [
                c.args[0].value
                for c in walk(body[0])
                if isinstance(c, ast.Call)
                and c.args
                and isinstance(c.args[0], ast.Constant)
                and isinstance(c.args[0].value, str)
                and (callee := _callee_of(fn, c)) is not None
                and _named_reader(project, callee, memo)
            ]
            if len(read) == 1 and read[0] in names:
                out.setdefault(read[0], fn.qname)
    return out


def _configuration_holders(project: Project) -> dict[str, str]:
    """The variables the project's configuration already reads into a name of its own:
    variable -> that name.  An attribute of a settings class, or of a class of a settings
    module, whose value reads the variable (``DATABASE_URL: str =
    require_env("APP_DATABASE_URL")``, a plain class gathering ``os.getenv`` calls), and an
    upper-case constant of a settings module whose value reads it, nested included
    (``CELERY = {"broker": env("CELERY_BROKER_URL", ...)}``), directly or through a project
    function that reads the variable its argument names.  A raw read elsewhere duplicates a
    declared setting: the advice is to read it, not to declare it again."""
    readers: dict[str, bool] = {}

    def reads(e: Expr | None) -> Iterator[str]:
        for x in iter_exprs(e):
            if not (isinstance(x, Call) and x.args and (name := str_lit(x.args[0]))):
                continue
            if canonical(x.qname) in ENV_READS:
                yield name
            elif x.qname is not None:
                if x.qname not in readers:
                    readers[x.qname] = _reads_named_variable(project, x.qname)
                if readers[x.qname]:
                    yield name

    out: dict[str, str] = {}
    for m in project.modules_of_class("app"):
        settings_module = _settings_path(m.path)
        for cls in m.classes.values():
            if not (settings_module or project.is_settings_class(cls.qname)):
                continue
            for a in cls.attributes:
                for name in reads(a.default):
                    out.setdefault(name, f"{cls.qname}.{a.name}")
        if settings_module:
            for const, value in m.bindings.items():
                if const.isupper():
                    for name in reads(value):
                        out.setdefault(name, f"{m.module}.{const}")
    return out


_LOCAL_BINDING = lazy_compile(r"^\s*([A-Za-z_]\w*)\s*=[^=]")


def _returns_local(project: Project, fn: Function, line: str) -> bool:
    """``line`` binds the read to a local (``val = os.environ.get("X")``) that a ``return``
    of ``fn`` hands back (``return str(val)``): the function returns the variable's value."""
    m = _LOCAL_BINDING.match(line)
    source = project.function_source(fn) if m else None
    if m is None or source is None:
        return False
    try:
        tree = ast.parse(textwrap.dedent(source))
    except SyntaxError:
        return False
    return any(isinstance(r, ast.Return) and _is_value_of(r.value, m.group(1)) for r in walk(tree))


def _is_value_of(e: ast.AST | None, local: str) -> bool:
    """``e`` is ``local``'s value: the local, a conversion of it (``str(val)``), or a branch
    of a fallback (``val or "x"``, ``val if val else "x"``), not a value computed from it."""
    if isinstance(e, ast.Name):
        return e.id == local
    if isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id in _CONVERSIONS:
        return len(e.args) == 1 and not e.keywords and _is_value_of(e.args[0], local)
    if isinstance(e, ast.BoolOp):
        return any(_is_value_of(v, local) for v in e.values)
    if isinstance(e, ast.IfExp):
        return _is_value_of(e.body, local) or _is_value_of(e.orelse, local)
    return False


def _imported_libraries(project: Project, hits: list[Hit]) -> set[str]:
    """Of the libraries that own the prefixes of the hits' variables, those the project's
    application modules import (at module level or in a function)."""
    wanted = {lib for h in hits for lib in h.payload(_Data).library}
    if not wanted:
        return set()
    return {
        root
        for m in project.modules_of_class("app")
        for imp in m.import_list
        if (root := imp.module.split(".", 1)[0]) in wanted
    }


def _computed_keys(tree: ast.AST, ctx: ModuleContext) -> set[str]:
    """The expressions (as source) ``tree`` reads the environment under, when not a literal
    (``os.getenv(self.api_key_env_var)`` gives ``self.api_key_env_var``)."""
    out: set[str] = set()
    for n in walk(tree):
        if isinstance(n, ast.Call) and n.args and ctx.resolve(n.func) in ENV_READS:
            key: ast.AST = n.args[0]
        elif (
            isinstance(n, ast.Subscript)
            and isinstance(n.ctx, ast.Load)
            and ctx.resolve(n.value) == "os.environ"
        ):
            key = n.slice
        else:
            continue
        if isinstance(key, (ast.Name, ast.Attribute)):
            out.add(ast.unparse(key))
    return out


def _name_is_data(name: str, ctx: ModuleContext) -> bool:
    """The function holding the read stores the variable's *name* where it then reads the
    environment from (``self.key_env_var = "ACME_API_KEY"`` ...
    ``getenv(self.key_env_var)``): the name is the component's configuration (persisted so
    that keys never are), and the literal read only picks its default."""
    fn = next(
        (p for p in ctx.parents if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef))),
        None,
    )
    if fn is None:
        return False
    memo = ctx.state(_State).computed_keys
    keys = memo.get(fn)
    if keys is None:  # once per function: the reads of one function share it
        keys = memo[fn] = _computed_keys(fn, ctx)
    return bool(keys) and any(
        isinstance(n, ast.Assign)
        and isinstance(n.value, ast.Constant)
        and n.value.value == name
        and any(ast.unparse(t) in keys for t in n.targets)
        for n in walk(fn)
    )


def _module_aliases(ctx: ModuleContext) -> frozenset[str]:
    """The local names the module binds to whole modules (``import litellm``)."""
    state = ctx.state(_State)
    if state.module_aliases is None:
        tree = ctx.tree
        state.module_aliases = frozenset(
            alias.asname or alias.name.split(".", 1)[0]
            for n in (statements(tree) if tree is not None else ())
            if isinstance(n, ast.Import)
            for alias in n.names
        )
    return state.module_aliases


def _exported_settings(node: ast.Subscript, ctx: ModuleContext) -> str:
    """``os.environ[key] = value`` in a loop over a mapping of an object's attribute (``for
    key, value in settings.generator_api_keys.items():``), assigning the loop's value: the
    object's qualified name (``judge`` asks that it is an instance of a settings class), or
    ""."""
    assign = ctx.parents[-1] if ctx.parents else None
    loop = next((p for p in reversed(ctx.parents) if isinstance(p, (ast.For, ast.AsyncFor))), None)
    if not isinstance(assign, ast.Assign) or loop is None:
        return ""
    it = loop.iter
    if not (
        isinstance(it, ast.Call)
        and isinstance(it.func, ast.Attribute)
        and it.func.attr == "items"
        and isinstance(it.func.value, ast.Attribute)
        and isinstance(loop.target, ast.Tuple)
        and len(loop.target.elts) == 2
        and all(isinstance(e, ast.Name) for e in loop.target.elts)
    ):
        return ""
    key, value = (e.id for e in loop.target.elts)  # type: ignore[attr-defined]
    if not (
        isinstance(node.slice, ast.Name)
        and node.slice.id == key
        and isinstance(assign.value, ast.Name)
        and assign.value.id == value
    ):
        return ""
    return ctx.resolve(it.func.value.value) or ""


def _imports_vendor_of(name: str, ctx: ModuleContext) -> bool:
    """The module imports, anywhere (a function's ``import fal_client`` too), a third-party
    package whose name begins the variable's (``FAL_KEY`` beside ``fal_client``)."""
    first = name.split("_", 1)[0].lower()
    return len(first) >= 3 and first in _vendor_words(ctx)


def _vendor_words(ctx: ModuleContext) -> frozenset[str]:
    """The words (:func:`_vendor_word`) of the third-party packages the module imports,
    at module level or in a function, once per module."""
    state = ctx.state(_State)
    if state.vendor_words is None:
        roots: set[str] = set()
        # (only the statements whose lines say ``import``: no other holds an import; and
        # only their statements, not their expressions)
        for n in statements(ctx.statements_saying(b"import")):
            if isinstance(n, ast.Import):
                roots.update(a.name.split(".", 1)[0] for a in n.names)
            elif isinstance(n, ast.ImportFrom) and n.module and not n.level:
                roots.add(n.module.split(".", 1)[0])
        state.vendor_words = frozenset(
            _vendor_word(r.lower())
            for r in roots
            if not ctx.is_project(r) and r not in sys.stdlib_module_names
        )
    return state.vendor_words


def _settings_instance(project: Project, qname: str) -> bool:
    """``qname`` is bound to an instance of a settings class (``settings = Settings()``)."""
    r = project.resolve(qname) if qname else None
    return (
        isinstance(r, Binding)
        and isinstance(r.value, Call)
        and project.is_settings_class(qname_of(r.value) or "")
    )


def _vendor_variable(name: str, ctx: ModuleContext) -> bool:
    """``name`` is in a vendor's namespace, not the project's: its first word begins the name
    of a third-party package the module imports (``OPENAI_API_KEY`` beside ``import
    openai``), or of an API client documented to read its own variables
    (:data:`_SDK_ENV_DEFAULTS`).  A variable the project named itself
    (``LLM_BINDING_API_KEY``, ``ACME_SERVICE_URL`` in acme's own code) is its setting."""
    first = name.split("_", 1)[0].lower()
    if len(first) < 3:
        return False
    roots = {m.split(".", 1)[0].lower() for m in _SDK_ENV_DEFAULTS}
    for q in ctx.facts.imports.values():
        root = q.split(".", 1)[0]
        if root and not ctx.is_project(q) and root not in sys.stdlib_module_names:
            roots.add(root.lower())
    return any(_vendor_word(r) == first for r in roots) or any(r == first for r in roots)


#: A variable naming a program's home folder (``CODEX_HOME``, ``KIMI_CODE_HOME``).
_HOME_VARIABLE = lazy_compile(r"^([A-Za-z][A-Za-z0-9]*)(?:_[A-Za-z0-9]+)*_HOME$")
#: A folder of the user's home whose name begins with a word: a dot-folder (``~/.kimi-code``)
#: or the program's folder of the user's configuration (XDG's ``~/.config/opencode``).
_HOME_DOT_FOLDER = lazy_compile(r"^~/(?:\.config/|\.)([A-Za-z][A-Za-z0-9]*)")
#: Calls that give the user's home folder, or expand a path's ``~`` to it.
_USER_HOME = frozenset({"pathlib.Path.home", "os.path.expanduser", "pathlib.Path"})


def _sole_local_value(local: str, ctx: ModuleContext) -> ast.AST | None:
    """The value of ``local = value``, the only binding of ``local`` in the enclosing
    function, or None."""
    fn = next(
        (
            p
            for p in reversed(ctx.parents)
            if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef))
        ),
        None,
    )
    if fn is None:
        return None
    stores = [
        n
        for n in walk(fn)
        if isinstance(n, ast.Name) and n.id == local and isinstance(n.ctx, ast.Store)
    ]
    if len(stores) != 1:
        return None
    for n in walk(fn):
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and n.targets[0] is stores[0]:
            return n.value
    return None


def _home_path(e: ast.AST | None, ctx: ModuleContext) -> str | None:
    """A path under the user's home folder, spelt ``~/...``: a literal, ``Path.home() /
    ".config" / "x"``, ``Path("~/.x").expanduser()``, ``os.path.expanduser("~/.x")``, or a
    local of the function bound once to one (``home = Path.home()`` then ``home / ".x"``)."""
    if isinstance(e, ast.Constant) and isinstance(e.value, str):
        return e.value
    if isinstance(e, ast.Name):
        return _home_path(_sole_local_value(e.id, ctx), ctx)  # ``home = Path.home()``
    if isinstance(e, ast.BinOp) and isinstance(e.op, ast.Div):
        left, right = _home_path(e.left, ctx), _key(e.right)
        return f"{left}/{right}" if left is not None and right is not None else None
    if not isinstance(e, ast.Call) or e.keywords:
        return None
    if isinstance(e.func, ast.Attribute) and e.func.attr == "expanduser" and not e.args:
        return _home_path(e.func.value, ctx)  # ``Path("~/.x").expanduser()``
    q = ctx.resolve(e.func)
    if q == "pathlib.Path.home" and not e.args:
        return "~"
    if q in _USER_HOME and len(e.args) == 1:
        return _home_path(e.args[0], ctx)
    return None


def _empty_default(node: ast.AST, ctx: ModuleContext) -> str | None:
    """The home folder the function uses when the read is empty: the read (or its
    ``.strip()``) kept in a local ``raw`` that a conditional expression tests, with that
    folder in its other branch (``Path(raw) if raw else Path.home() / ".config" / "x"``)."""
    parents = ctx.parents
    value, k = node, len(parents) - 1
    if (
        k >= 1
        and isinstance(attr := parents[k], ast.Attribute)
        and attr.attr == "strip"
        and isinstance(call := parents[k - 1], ast.Call)
        and call.func is attr
    ):
        value, k = call, k - 2
    bound = _bound_local(parents, parents[k] if k >= 0 else None, value)
    if bound is None:
        return None
    fn, local = bound
    for n in walk(fn):
        if not isinstance(n, ast.IfExp):
            continue
        if isinstance(n.test, ast.Name) and n.test.id == local:
            folder = _home_path(n.orelse, ctx)
        elif (
            isinstance(n.test, ast.UnaryOp)
            and isinstance(n.test.op, ast.Not)
            and isinstance(n.test.operand, ast.Name)
            and n.test.operand.id == local
        ):
            folder = _home_path(n.body, ctx)
        else:
            continue
        if folder is not None:
            return folder
    return None


def _or_default(node: ast.AST, ctx: ModuleContext) -> str | None:
    """The home folder the read falls back to through ``or`` when empty
    (``getenv("X_HOME") or Path.home() / ".x"``), or None."""
    parent = ctx.parents[-1] if ctx.parents else None
    if (
        isinstance(parent, ast.BoolOp)
        and isinstance(parent.op, ast.Or)
        and len(parent.values) == 2
        and parent.values[0] is node
    ):
        return _home_path(parent.values[1], ctx)
    return None


def _tool_home(node: ast.AST, name: str, ctx: ModuleContext) -> str | None:
    """The variable is another program's home folder, read to find that program's files
    (its credentials, its state): named ``<TOOL>..._HOME``, read with the default that
    program uses, a dot-folder of the user's home or its folder of the user's configuration
    named for the same word (``os.environ.get("KIMI_CODE_HOME", "~/.kimi-code")``,
    ``getenv("CODEX_HOME", "~/.codex")``, ``getenv("CODEX_HOME") or Path.home() /
    ".codex"``, ``raw = getenv("OPENCODE_HOME", "")`` then
    ``Path(raw) if raw else Path.home() / ".config" / "opencode"``), a word that is not the
    project's own (its top-level packages' names, :func:`_own_packages`; a subpackage named
    for the program it integrates, ``providers/opencode/``, is not): the program's setting,
    which its users export for it, not the server's.  The program's word, or None."""
    m = _HOME_VARIABLE.match(name)
    if m is None or not isinstance(node, ast.Call):
        return None
    default = node.args[1] if len(node.args) > 1 else _kwarg_node(node, "default")
    value = default.value if isinstance(default, ast.Constant) else None
    if not value:
        value = _empty_default(node, ctx) or _or_default(node, ctx)
    folder = _HOME_DOT_FOLDER.match(value) if isinstance(value, str) else None
    word = m.group(1).lower()
    return word if folder is not None and folder.group(1).lower() == word else None


def _truth_only(node: ast.AST, ctx: ModuleContext) -> bool:
    """The read's value is only tested for truth, through ``and`` / ``or`` / ``not`` /
    ``bool()``: the test of an ``if`` / ``while`` / conditional expression, or kept in a
    local of the function only tested (``authed = home.is_dir() or
    bool(getenv("CODEX_API_KEY"))`` ... ``if not authed:``)."""
    parents = ctx.parents
    child, i = node, len(parents) - 1
    while i >= 0:
        p = parents[i]
        if not (
            isinstance(p, ast.BoolOp)
            or (isinstance(p, ast.UnaryOp) and isinstance(p.op, ast.Not))
            or (
                isinstance(p, ast.Call)
                and isinstance(p.func, ast.Name)
                and p.func.id == "bool"
                and p.args == [child]
                and not p.keywords
            )
        ):
            break
        child, i = p, i - 1
    if i < 0:
        return False
    p = parents[i]
    if isinstance(p, (ast.If, ast.While, ast.IfExp)) and child is p.test:
        return True
    return _kept_only_for_tests(parents, p, child)


def _presence_value(p: ast.AST, child: ast.AST) -> bool:
    """``p`` turns ``child`` into whether it is set: ``bool(child)``, ``not child``,
    ``child is None`` / ``child is not None``."""
    if isinstance(p, ast.UnaryOp) and isinstance(p.op, ast.Not):
        return True
    if isinstance(p, ast.Call):
        return (
            isinstance(p.func, ast.Name)
            and p.func.id == "bool"
            and p.args == [child]
            and not p.keywords
        )
    return (
        isinstance(p, ast.Compare)
        and p.left is child
        and len(p.ops) == 1
        and isinstance(p.ops[0], (ast.Is, ast.IsNot))
        and isinstance(p.comparators[0], ast.Constant)
        and p.comparators[0].value is None
    )


def _reported_presence(node: ast.AST, ctx: ModuleContext) -> bool:
    """The read only becomes a yes/no handed out as data: ``bool(getenv("X"))`` (or ``not``,
    ``is None``, after tidying) as a value of a dict display, a call's keyword argument or a
    returned value (``{"token_present": bool(getenv("X_TOKEN"))}`` of a status report).
    The program reports whether the variable is set and decides nothing by it; an ``if``
    on it (a feature flag) is not such a read."""
    parents = ctx.parents
    child, i = node, len(parents) - 1
    while i >= 0 and _tidies(parents[i], child):
        child, i = parents[i], i - 1
    if i < 0 or not _presence_value(parents[i], child):
        return False
    while i >= 0 and _presence_value(parents[i], child):
        child, i = parents[i], i - 1
    if i < 0:
        return False
    p = parents[i]
    return (isinstance(p, ast.Dict) and any(v is child for v in p.values)) or isinstance(
        p, (ast.keyword, ast.Return)
    )


def _reported_credentials(hits: list[Hit], used: set[str]) -> set[str]:
    """The credentials whose every read only reports whether they are set
    (:func:`_reported_presence`), and which no read of the project uses and no settings
    class declares: ``{"gateway_token_present": bool(getenv("GATEWAY_TOKEN"))}`` in a status
    page.  The project holds no such secret of its own (it never uses the value); the
    variable belongs to whatever program does, and a settings field would hold a secret
    only to say it exists."""
    return {
        h.payload(_Data).name
        for h in hits
        if h.payload(_Data).reported_presence
        and h.payload(_Data).name not in used
        and h.payload(_Data).name.upper().rsplit("_", 1)[-1] in _CREDENTIAL_WORDS
    }


def _tested_tool_variables(project: Project, hits: list[Hit], own: set[str]) -> set[int]:
    """The ids of the hits that only test a variable of a program whose home folder the
    same function locates (:func:`_tool_home`, a program not the project's own): ``if
    home.is_dir() or getenv("CODEX_API_KEY"):`` beside ``getenv("CODEX_HOME") or
    Path.home() / ".codex"`` asks whether that program is set up (its key is the
    program's, which reads it itself), it does not configure the project."""
    homes: set[tuple[str, str, str]] = set()
    tests: list[tuple[Hit, str, str]] = []
    for h in hits:
        data = h.payload(_Data)
        word = data.tool_home if data.tool_home not in own else None
        if not (word or data.tool_test) or h.line is None:
            continue
        fn = project.function_at(h.path or "", h.line)
        if fn is None:
            continue
        if word:
            homes.add((h.path or "", fn.qname, word))
        if data.tool_test:
            tests.append((h, fn.qname, data.tool_test))
    return {id(h) for h, fn, word in tests if (h.path or "", fn, word) in homes}


#: The last word of a variable holding a credential (``ANTHROPIC_API_KEY``, ``GH_TOKEN``).
_CREDENTIAL_WORDS = frozenset({"KEY", "TOKEN", "SECRET", "PASSWORD"})
#: How a Python program starts another program: the ``subprocess`` module, asyncio's
#: subprocess functions (docs.python.org, asyncio-subprocess).
_SPAWN_MODULES = ("subprocess",)
_SPAWN_NAMES = ("create_subprocess_exec", "create_subprocess_shell")


def _child_credentials(
    project: Project, hits: list[Hit], used: set[str], own: set[str]
) -> set[str]:
    """The credentials the project only tests for presence, in a project that starts other
    programs: ``if os.environ.get("ANTHROPIC_API_KEY"):`` to report that the ``claude`` CLI
    it spawns can log in.  The project never uses the value (no read of it does, no settings
    class declares it), so a settings field would hold a secret only to test it: the
    variable is the child program's, which inherits the environment and reads it itself.
    Not a variable under the project's own prefix, nor one the project writes."""
    names = {
        h.payload(_Data).name
        for h in hits
        if h.payload(_Data).presence_only
        and h.payload(_Data).name not in used
        and h.payload(_Data).name.upper().rsplit("_", 1)[-1] in _CREDENTIAL_WORDS
        and h.payload(_Data).name.split("_", 1)[0].lower() not in own
    }
    return names if names and _starts_programs(project) else set()


def _starts_programs(project: Project) -> bool:
    """Some application module starts other programs: it imports ``subprocess``, or names
    asyncio's subprocess functions."""
    app = {m.path for m in project.app_modules}
    if any(
        i.module.split(".", 1)[0] in _SPAWN_MODULES
        for m in project.app_modules
        for i in m.import_list
    ):
        return True
    return any(path in app for path in project.files_naming(_SPAWN_NAMES))


def _own_packages(project: Project) -> set[str]:
    """The first word of each top-level package or module of the project (``src/`` aside)."""
    out = set()
    for dotted in project.modules:
        parts = dotted.split(".")
        top = parts[1] if parts[0] == "src" and len(parts) > 1 else parts[0]
        out.add(top.split("_", 1)[0].lower())
    return out


def _vendor_word(root: str) -> str:
    """The word a vendor's variables begin with, from its package's name: the name's first
    part (``huggingface_hub`` -> ``huggingface``), without an ``ai`` suffix of a longer
    name (``mistralai`` -> ``mistral``).  Equal, not a prefix: ``LOG_LEVEL`` is not
    ``logfire``'s, ``CACHE_HOST`` not ``cachetools``', ``DATABASE_URL`` not ``databases``'."""
    word = root.split("_", 1)[0]
    if word.endswith("ai") and len(word) >= 7:
        word = word[:-2]
    return word


def _named_default(node: ast.AST, name: str, ctx: ModuleContext) -> bool:
    """The read of a vendor's variable (:func:`_vendor_variable`) is the default of a value
    the function's caller gives under the name the variable ends with, the SDK convention:
    a parameter of a public module-level function
    (``api_key or getenv("OPENAI_API_KEY")``, ``getenv("SKYVAULT_URL", url)``, ``if api_key
    is None: api_key = getenv("OPENAI_API_KEY")``), or a library's module-level option in any
    function (``litellm.api_key or getenv("OPENAI_API_KEY")``): the library's signature (or
    option) takes the setting, and the environment is its default.  A parameter named
    otherwise (``name or getenv("DEFAULT_HANDLER")``), a method's parameter (a service
    object's caller is the project), a route's (``judge`` leaves those) or a configuration
    object's field (``config.password or getenv("X_PASSWORD")``) does not count."""
    fn = next(
        (
            p
            for p in reversed(ctx.parents)
            if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef))
        ),
        None,
    )
    if fn is None or not _vendor_variable(name, ctx):
        return False
    a = fn.args
    # a library's public function: a module-level one (a service object's method is called
    # by the project that holds the object, and its fallback is the project's setting)
    api = isinstance(ctx.parents[ctx.parents.index(fn) - 1], ast.Module) and not (
        fn.name.startswith("_")
    )
    params = (
        {x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs)} - {"self", "cls"}
        if api
        else set()
    )
    upper = name.upper()

    def alike(v: ast.AST) -> bool:
        if isinstance(v, ast.Name) and v.id in params:
            word = v.id
        elif (
            isinstance(v, ast.Attribute)
            and isinstance(v.value, ast.Name)
            and v.value.id in _module_aliases(ctx)
            and v.value.id not in params
        ):
            word = v.attr  # a library's module-level option (``litellm.api_key``)
        else:
            return False
        word = word.strip("_").upper()
        return bool(word) and (upper == word or upper.endswith("_" + word))

    return _falls_back_to(node, ctx, alike, component=False)


def _api_fallback(node: ast.AST, ctx: ModuleContext) -> str | None:
    """The name of the public module-level function whose parameter the read is the
    fallback of (``signing_key or getenv("X")``, ``getenv("X", url)``, ``if key is None:
    key = getenv("X")``, after ``if key: return key``), else None.  ``judge`` exempts it when
    nothing in the project calls the function: an API of the package, whose callers give
    the value (a project that calls it without the argument leaves the read the only
    source, and it stays reported)."""
    fn = ctx.enclosing_def
    if (
        fn is None
        or len(ctx.parents) < 2
        or fn not in ctx.parents
        or not isinstance(module := ctx.parents[ctx.parents.index(fn) - 1], ast.Module)
    ):
        return None
    a = fn.args
    params = {x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs)}
    api = fn.name
    if fn.name.startswith("_"):
        # a private helper: the API is the one public function that calls it, handing it
        # its own parameters (``_load_servers(servers)`` in ``create_app(servers=None)``)
        state = ctx.state(_State)
        if fn in state.public_callers:  # once per function: the reads of one function share it
            caller = state.public_callers[fn]
        else:
            caller = state.public_callers[fn] = _sole_public_caller(fn, module, state)
        if caller is None:
            return None
        api, params = caller

    def given(v: ast.AST) -> bool:
        return isinstance(v, ast.Name) and v.id in params

    found = (
        _falls_back_to(node, ctx, given, component=False)
        or _after_early_return(node, fn, ctx.parents, given)
        or _unless_given(node, fn, ctx.parents, given)
    )
    return api if found else None


def _api_arguments(node: ast.AST, ctx: ModuleContext) -> tuple[tuple[str, int], ...]:
    """The parameters of the public module-level function around the read whose place its
    value takes when the caller gives none (``agent_id or getenv("X")``, ``if key is None:
    key = getenv("X")``; not a read after ``if url: return ...``, which may serve another
    purpose), each with its position (-1 for a keyword-only one); empty in a private
    helper or anywhere else."""
    fn = ctx.enclosing_def
    if _api_fallback(node, ctx) != getattr(fn, "name", None) or fn is None:
        return ()
    a = fn.args
    positional = [x.arg for x in (*a.posonlyargs, *a.args)]
    out = []
    for name, at in [(x, k) for k, x in enumerate(positional)] + [
        (x.arg, -1) for x in a.kwonlyargs
    ]:

        def given(v: ast.AST, name: str = name) -> bool:
            return isinstance(v, ast.Name) and v.id == name

        if _falls_back_to(node, ctx, given, component=False):
            out.append((name, at))
    return tuple(out)


def _sole_public_caller(
    fn: ast.FunctionDef | ast.AsyncFunctionDef, module: ast.Module, state: _State
) -> tuple[str, set[str]] | None:
    """The one public module-level function that names the private module-level ``fn``,
    only to call it, and the parameters of ``fn`` it hands its own parameters to; None
    when anything else names ``fn`` (another function, a module-level statement)."""
    params = [x.arg for x in (*fn.args.posonlyargs, *fn.args.args)]
    keywords = {*params, *(x.arg for x in fn.args.kwonlyargs)}
    caller: ast.FunctionDef | ast.AsyncFunctionDef | None = None
    received: set[str] = set()
    for stmt in module.body:
        names = _statement_names(stmt, state)
        uses = names.uses.get(fn.name, 0)
        if stmt is fn or not uses:
            continue
        if (
            caller is not None
            or not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))
            or stmt.name.startswith("_")
        ):
            return None
        caller = stmt
        a = stmt.args
        own = {x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs)}
        calls = names.calls.get(fn.name, [])
        if len(calls) != uses:
            return None  # handed on, not only called
        for call in calls:
            named = [(params[i], v) for i, v in enumerate(call.args) if i < len(params)]
            named += [(k.arg, k.value) for k in call.keywords if k.arg in keywords]
            received |= {p for p, v in named if isinstance(v, ast.Name) and v.id in own}
    return (caller.name, received) if caller is not None and received else None


def _unless_given(
    node: ast.AST,
    fn: ast.FunctionDef | ast.AsyncFunctionDef,
    parents: list[ast.AST],
    given: Callable[[ast.AST], bool],
) -> bool:
    """The read is in the body of an ``if`` of the function's own body that runs only when
    the caller gave nothing (``if servers is None:``, ``if not servers:``), ``servers`` a
    value ``given`` accepts or a local the statements before bind last to one (``servers =
    configured``)."""
    if fn not in parents:
        return False
    k = parents.index(fn)
    stmt = parents[k + 1] if k + 1 < len(parents) else None
    if not isinstance(stmt, ast.If) or stmt not in fn.body:
        return False
    inside = parents[k + 2] if k + 2 < len(parents) else node
    if not any(inside is b for b in stmt.body):
        return False
    test = stmt.test
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        v: ast.AST = test.operand
    elif (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.Is)
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value is None
    ):
        v = test.left
    else:
        return False
    if not isinstance(v, ast.Name):
        return False
    if given(v):
        return True
    last: ast.AST | None = None  # the value the statements before bind ``v`` to last
    for before in fn.body[: fn.body.index(stmt)]:
        for n in walk(before):
            if isinstance(n, ast.Name) and n.id == v.id and isinstance(n.ctx, ast.Store):
                last = None
                if isinstance(before, (ast.Assign, ast.AnnAssign)) and before.value is not None:
                    targets = before.targets if isinstance(before, ast.Assign) else [before.target]
                    last = before.value if [n] == targets else None
    return last is not None and given(last)


def _uncalled(project: Project, hits: list[Hit]) -> set[str]:
    """Of the functions the hits fall back in (:func:`_api_fallback`), those that no
    non-test module of the project calls or hands on (an import or a string names them
    only): the package's API for its users.  Unknown (a file that does not tokenize, a name
    in too many files) counts as called."""
    names = {n for h in hits if (n := h.payload(_Data).api_fallback)}
    uses = project.named_uses(names) if names else None
    if not uses:
        return set()
    return {
        name
        for name, found in uses.items()
        if not any(u.kind != "import" and project.file_class(u.path) == "app" for u in found)
    }


#: ``name = pkg.module:function`` in an INI list of entry points.
_SCRIPT_LINE = lazy_compile(
    r"^[ \t]*[\w.\-]+[ \t]*=[ \t]*([A-Za-z_][\w.]*)[ \t]*:[ \t]*([A-Za-z_]\w*)[ \t]*$"
)


def _script_targets(project: Project) -> set[str]:
    """The functions the distribution installs as commands, dotted: ``pyproject.toml``'s
    scripts, and the ``[console_scripts]`` / ``[gui_scripts]`` of the ``entry_points.txt``
    of a ``.dist-info`` in the audited folder or beside it."""
    from auditor.inventory import dist_info_beside
    from auditor.scope import console_scripts

    out = set(console_scripts(project))
    texts = [
        project.read_text(path) or ""
        for path in project.repo.files
        if len(p := PurePosixPath(path).parts) == 2
        and p[0].endswith(".dist-info")
        and p[1] == "entry_points.txt"
    ]
    beside = dist_info_beside(project.repo)
    if beside is not None:
        try:
            texts.append((beside / "entry_points.txt").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            pass
    for text in texts:
        section = ""
        for line in text.splitlines():
            if line.strip().startswith("["):
                section = line.strip()
            elif section in ("[console_scripts]", "[gui_scripts]") and (
                m := _SCRIPT_LINE.match(line)
            ):
                out.add(f"{m.group(1)}.{m.group(2)}")
    return out


def _launchers(project: Project, hits: list[Hit]) -> set[str]:
    """Of the functions holding the hits, those the distribution installs as commands
    (:func:`_script_targets`) that no module of the project calls (an import names them
    only): each runs in a process of its own, before the application it starts exists,
    as a click command does (``run_server`` reading the port it hands to ``uvicorn.run``)."""
    held = {
        fn.qname: fn
        for h in hits
        if h.line is not None
        and (fn := project.function_at(h.path or "", h.line)) is not None
        and ".<locals>." not in fn.qname
    }
    if not held:
        return set()
    targets = {t for t in _script_targets(project) if t in held}
    if not targets:
        return set()
    uses = project.named_uses({held[t].name for t in targets}) or {}
    return {
        t
        for t in targets
        if not any(
            u.kind != "import" and project.file_class(u.path) == "app"
            for u in uses.get(held[t].name, ())
        )
    }


def _uncalled_launchers(project: Project, hits: list[Hit]) -> set[str]:
    """Of the module-level functions holding the hits, those that serve the app a caller
    hands them (``def main(app): uvicorn.run(app, **config["server"])``) and that no
    project code calls, no ``__main__`` block runs and no console script names: no process
    of the project runs them, and their reads configure a server launch, before the
    application it starts exists, as an installed command's do (:func:`_launchers`).  A
    launcher of the project's own app (``uvicorn.run("pkg.api:create_app")``) is not one:
    it may be how that app is run."""
    from auditor.scope import uncalled

    held = {
        fn.qname: fn
        for h in hits
        if h.line is not None
        and (fn := project.function_at(h.path or "", h.line)) is not None
        and fn.qname == f"{fn.module}.{fn.name}"
    }
    if not held:
        return set()
    paths = {project.modules[fn.module].path: fn.module for fn in held.values()}
    serving = {
        fn.qname: fn
        for path, site in project.server_sites
        if path in paths
        for fn in held.values()
        if fn.module == paths[path]
        and fn.line <= site.line <= fn.end_line
        and any(site.serves == f"{fn.qname}.<locals>.{p.name}" for p in fn.params)
    }
    return {fn.qname for fn in uncalled(project, serving.values())}


def _always_given(project: Project, hits: list[Hit]) -> set[str]:
    """Of the public functions the hits fall back in (:func:`_api_arguments`), those whose
    every call in the project's non-test modules passes the parameters the read is the
    fallback of (by keyword or position, not ``None``), and that nothing there hands on:
    the project gives the value, and the read is the API's default for its other users.
    Unknown (a use that is not a call found in its line, a file that does not parse)
    counts as not given."""
    wanted = {
        api: d.api_arguments
        for h in hits
        if (d := h.payload(_Data)).api_fallback and (api := d.api_fallback) and d.api_arguments
    }
    uses = project.named_uses(wanted) if wanted else None
    if not uses:
        return set()
    trees: dict[str, ast.Module | None] = {}
    out = set()
    for name, found in uses.items():
        calls = [u for u in found if u.kind != "import" and project.file_class(u.path) == "app"]
        if calls and all(
            u.kind == "call"
            and _passes(_calls_at(project, u.path, u.line, name, trees), wanted[name])
            for u in calls
        ):
            out.add(name)
    return out


def _calls_at(
    project: Project, path: str, line: int, name: str, trees: dict[str, ast.Module | None]
) -> list[ast.Call]:
    """The calls of ``name`` (``name(...)``, ``x.name(...)``) whose name is on ``line``."""
    if path not in trees:
        try:
            trees[path] = parse_text(project.read_text(path) or "", path)
        except SourceProblem:
            trees[path] = None
    tree = trees[path]
    if tree is None:
        return []
    out = []
    for n in walk(tree):
        if not isinstance(n, ast.Call):
            continue
        f = n.func
        if (isinstance(f, ast.Name) and f.id == name and f.lineno == line) or (
            isinstance(f, ast.Attribute) and f.attr == name and (f.end_lineno or 0) == line
        ):
            out.append(n)
    return out


def _passes(calls: list[ast.Call], arguments: tuple[tuple[str, int], ...]) -> bool:
    """Each call passes each of ``arguments`` (name, position): by keyword, or by a
    position before any ``*args``; a literal ``None`` passes nothing."""

    def given(call: ast.Call, name: str, at: int) -> bool:
        value = next((k.value for k in call.keywords if k.arg == name), None)
        if value is None and 0 <= at < len(call.args):
            if any(isinstance(x, ast.Starred) for x in call.args[: at + 1]):
                return False
            value = call.args[at]
        return value is not None and not (isinstance(value, ast.Constant) and value.value is None)

    return bool(calls) and all(given(c, n, at) for c in calls for n, at in arguments)


#: A model named for the environment it holds (``EnvironmentVariables``, ``AppEnvVars``): a
#: hand-written settings class loading its fields from the process environment.
_ENV_CLASS = lazy_compile(r"(?:Env|Environment)(?:Vars|Variables)$")


def _configuration_modules(project: Project) -> set[str]:
    """The paths of the modules holding the project's settings classes: pydantic-settings, a
    configuration library's (:data:`_CONFIG_LIBRARY_BASES`), or a
    pydantic model named for the environment (:data:`_ENV_CLASS`).  Not every module named
    for a configuration (a subsystem's ``opa/config.py``, a model's ``..._config.py``): the
    project's settings need not live there, so what those import can still read them."""
    out = {project.module_of(c).path for c in project.settings_classes}
    out |= {
        m.path
        for m in project.modules_of_class("app")
        if any(
            (
                _ENV_CLASS.search(q.rsplit(".", 1)[-1])
                and project.is_pydantic_model(q)
                and _declares_variables(c)
            )
            or _CONFIG_LIBRARY_BASES.intersection(project.ancestors(q))
            for q, c in m.classes.items()
        )
    }
    return out


#: Bases of a configuration library's settings classes, read from the environment and
#: files like pydantic-settings' (ConfZ: ``class Settings(ConfZ)`` with ``ConfZEnvSource``).
_CONFIG_LIBRARY_BASES = frozenset({"confz.ConfZ", "confz.BaseConfig"})


def _declares_variables(cls: Class) -> bool:
    """The class's fields are named as variables are (``AGENT_NAME: str``, at least three,
    every one upper case): it declares the environment it is loaded from, not values it
    hands to a child's (``ComposeInfraEnvVars``' ``cpus``, ``memory``)."""
    fields = [a.name for a in cls.attributes if a.annotation is not None]
    return len(fields) >= 3 and all(f.isupper() for f in fields)


def _imported_by_configuration(project: Project) -> set[str]:
    """The paths of the modules the settings modules (:func:`_configuration_modules`)
    import when they load, directly or through the modules those import (module-level
    imports that always run: not in a function, an ``if`` or a ``try``).  A read there cannot
    move into the settings: importing the settings from it would close an import cycle
    (a logger factory the settings module itself imports, reading ``LOG_LEVEL``).  Only
    when the settings live in one module: beside several (a service's own settings
    importing the topics it reads), another can declare the variable without the cycle."""
    seeds = _configuration_modules(project)
    if len(seeds) != 1:
        return set()
    stack = list(seeds)
    seen: set[str] = set()
    while stack:
        path = stack.pop()
        if path in seen:
            continue
        seen.add(path)
        m = project.by_path.get(path)
        for imp in m.import_list if m is not None else ():
            if imp.function is not None or imp.conditional:
                continue
            target, rest = project.split_module(imp.module)
            if target is None or target.file_class != "app":
                continue
            if rest and imp.alias != "*":
                found = project.resolve(imp.module)
                if isinstance(found, ModuleFacts):
                    target = found
                elif isinstance(found, Binding):
                    target = found.module
                elif found is not None and hasattr(found, "module"):
                    target = project.modules.get(found.module, target)
            stack.append(target.path)
    return seen - seeds


def _refuses_outside_tests(project: Project, guard: str | None) -> bool:
    """The guard (:func:`_testing_guard`) raises itself, or calls a function that can only
    end by raising (``raise_general_exception``)."""
    if guard is None:
        return False
    fn = project.function(guard) if guard else None
    return not guard or (fn is not None and fn.never_returns)


def _under_false_guard(project: Project, hit: Hit) -> bool:
    """The read never runs: it sits in the body of a constant-false guard (``if USE_X:``
    where ``USE_X = False`` is bound once and never written, :mod:`auditor.guards`), or in
    a function that only such bodies call."""
    guards = project.false_guards
    if not guards.regions:
        return False
    if guards.covers(hit.path, hit.line):
        return True
    fn = project.function_at(hit.path or "", hit.line) if hit.line is not None else None
    return fn is not None and guards.only_called_there(fn.name)


def _request_scoped(project: Project, hit: Hit) -> bool:
    """The read is in a route handler or a dependency: its parameters are the request's."""
    fn = project.function_at(hit.path or "", hit.line) if hit.line is not None else None
    return fn is not None and (
        fn.qname in project.route_functions or fn.qname in project.dependency_functions
    )


def _kwarg_node(call: ast.Call, key: str) -> ast.AST | None:
    return next((k.value for k in call.keywords if k.arg == key), None)


#: A class whose name says it holds a configuration (``OpenAIConfig``, ``VerdaConfiguration``,
#: ``Settings``).
_CONFIG_CLASS = lazy_compile(r"^_?(?:[A-Z]\w*)?(?:Config|Configuration|Settings)$")


def _configuration_class(cls: ast.ClassDef, parents: list[ast.AST]) -> bool:
    """``cls`` is named for a configuration (:data:`_CONFIG_CLASS`), and is not the
    ``class Config:`` a pydantic v1 model nests for its own options."""
    if not _CONFIG_CLASS.match(cls.name):
        return False
    return cls.name != "Config" or not any(isinstance(p, ast.ClassDef) for p in parents)


#: Conversions a read goes through on its way to an argument (``int(getenv("X", "30"))``).
_CONVERSIONS = frozenset({"int", "float", "str", "bool"})
#: String methods that tidy a read on its way (``getenv("X", "").strip().rstrip("/")``).
_STR_CLEANUPS = frozenset({"strip", "lstrip", "rstrip", "lower", "upper", "casefold"})


def _config_argument(node: ast.AST, name: str, ctx: ModuleContext) -> bool:
    """The read (through fallbacks and conversions) is an argument of a call that builds a
    configuration object: a class named for it (``OpenAIConfig(api_key=getenv("X"))``,
    ``Config(getenv("X_CONFIG"))``, ``Config(**dict(port=getenv("X_PORT")))``), or
    ``cls(...)`` in a method of such a class (its
    ``from_env``), directly or through the locals of the function it is kept in
    (``port = int(getenv("X_PORT"))``, ``resolved = port``, ``cls(port=resolved)``: every
    load of each local is such an argument or the value of the next).  The setting is
    declared, typed, on that class; the read is its loader, not a stray read.  A library's
    class counts only for the library vendor's own variable
    (``CloudConfiguration(client_id=getenv("ACME_CLIENT_ID"))`` beside ``acme_cloud``): a
    variable the project named (``LogConfig(level=getenv("LOG_LEVEL"))``) is its own
    setting, read outside its settings."""
    parents = ctx.parents
    child: ast.AST = node
    for i in range(len(parents) - 1, -1, -1):
        p = parents[i]
        if isinstance(p, (ast.BoolOp, ast.IfExp)) and child is not getattr(p, "test", None):
            child = p
            continue
        if (isinstance(p, ast.Attribute) and p.value is child and p.attr in _STR_CLEANUPS) or (
            isinstance(p, ast.Call) and p.func is child and isinstance(child, ast.Attribute)
        ):
            child = p  # ``getenv("X", "").strip().rstrip("/")``
            continue
        if _parses_flag(p, child):
            if _environment_loader(parents[:i], ctx, typed=False) is None:
                return False  # a flag parsed elsewhere: no class's own loader declares it
            child = p  # ``getenv("X", "true").lower() in ("true", "1")``: the value, as a bool
            continue
        if isinstance(p, ast.Call) and child in p.args:
            if (isinstance(p.func, ast.Name) and p.func.id in _CONVERSIONS) or _own_helper(
                p, parents[:i]
            ):
                child = p  # ``int(getenv("X"))``, ``cls._flag(getenv("X"), cls.secure)``
                continue
            return _builds_configuration(p, parents[:i], name, ctx)  # ``Config(getenv("X"))``
        if isinstance(p, ast.Assign) and p.value is child:
            if not ctx.says(b"config", b"settings", b"cls("):
                return False  # no configuration object is built in this module
            fn = next(
                (
                    q
                    for q in reversed(parents)
                    if isinstance(q, (ast.FunctionDef, ast.AsyncFunctionDef))
                ),
                None,
            )
            if fn is None or len(p.targets) != 1 or not isinstance(p.targets[0], ast.Name):
                return False
            return _local_configures(fn, p.targets[0].id, name, ctx, parents[:i], set())
        if not (isinstance(p, ast.keyword) and p.arg and i):
            return False
        j = i - 1
        call = parents[j]
        # ``Config(**dict(port=...))``: the keywords of a ``dict(...)`` splatted into the call
        while (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id == "dict"
            and j >= 2
            and isinstance(parents[j - 1], ast.keyword)
            and parents[j - 1].arg is None  # type: ignore[attr-defined]
            and isinstance(parents[j - 2], ast.Call)
        ):
            j -= 2
            call = parents[j]
        return isinstance(call, ast.Call) and _builds_configuration(
            call, parents[:j], name, ctx, straight=True
        )
    return False


def _parses_flag(parent: ast.AST, child: ast.AST) -> bool:
    """``parent`` compares ``child`` with literals only (``raw.lower() in ("true", "1")``,
    ``raw == "yes"``): it parses the variable's text into a bool, a conversion as
    ``bool(...)`` is, whose result is still the variable's value.  Taken as one only in a
    class's own loader from the environment (its ``from_env``), where the class's
    constructor declares the field it fills."""

    def literal(e: ast.AST) -> bool:
        if isinstance(e, (ast.Tuple, ast.List, ast.Set)):
            return all(isinstance(x, ast.Constant) for x in e.elts)
        return isinstance(e, ast.Constant)

    return (
        isinstance(parent, ast.Compare)
        and parent.left is child
        and all(literal(c) for c in parent.comparators)
    )


def _own_helper(call: ast.Call, parents: list[ast.AST]) -> bool:
    """``call`` calls, on ``cls``, ``self`` or the class's name, a method of the class it is
    written in (``cls._flag(getenv("X"), cls.secure)``): the class's own parser of the value,
    a conversion on its way to what the class builds, as ``int(...)`` is.  A helper another
    module owns may turn the variable into anything (a path into a secret, a name into a
    client): what it returns is not the variable's value."""
    func = call.func
    owner = next((c for c in reversed(parents) if isinstance(c, ast.ClassDef)), None)
    if (
        owner is None
        or not isinstance(func, ast.Attribute)
        or not isinstance(func.value, ast.Name)
        or func.value.id not in ("cls", "self", owner.name)
    ):
        return False
    return any(
        isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and f.name == func.attr
        for f in owner.body
    )


def _builds_configuration(
    call: ast.Call, parents: list[ast.AST], name: str, ctx: ModuleContext, straight: bool = False
) -> bool:
    """``call`` builds a configuration object (see :func:`_config_argument`).  ``straight``:
    the read itself (tidied, converted) is the keyword's value, not a local computed from it."""
    func = call.func
    callee = (
        func.id
        if isinstance(func, ast.Name)
        else (func.attr if isinstance(func, ast.Attribute) else "")
    )
    if callee == "cls":
        owner = next((c for c in reversed(parents) if isinstance(c, ast.ClassDef)), None)
        return owner is not None and (
            bool(_CONFIG_CLASS.match(owner.name))
            or _environment_loader(parents, ctx) is not None
            # ``from_env`` handing each read straight to a typed parameter of the constructor
            or (
                straight
                and _environment_loader(parents, ctx, typed=False) is not None
                and _typed_parameters(owner, call)
            )
            # a vendor's own variables, loaded by a class's ``from_env`` (an SDK connection
            # object built from the variables that SDK documents)
            or (
                _environment_loader(parents, ctx, typed=False) is not None
                and _vendor_variable(name, ctx)
            )
        )
    if not _CONFIG_CLASS.match(callee):
        return False
    return ctx.is_project(ctx.resolve(func)) or _vendor_variable(name, ctx)


def _typed_parameters(cls: ast.ClassDef, call: ast.Call) -> bool:
    """``call`` (a ``cls(...)``) passes only keywords, each an annotated parameter of the
    class's own ``__init__`` (``def __init__(self, batch_size: int = 50)``): the constructor
    declares, typed, every value handed to it, as a dataclass's fields do."""
    init = next(
        (
            f
            for f in cls.body
            if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and f.name == "__init__"
        ),
        None,
    )
    if init is None or call.args or not call.keywords:
        return False
    a = init.args
    typed = {x.arg for x in (*a.args[1:], *a.kwonlyargs) if x.annotation is not None}
    return all(k.arg in typed for k in call.keywords)


#: The name of a classmethod that builds its class from the environment.
_FROM_ENVIRONMENT = lazy_compile(r"^from_env(?:iron(?:ment)?)?$")


def _environment_loader(
    parents: list[ast.AST], ctx: ModuleContext, typed: bool = True
) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The innermost function of ``parents`` when it is a classmethod named for building
    its class from the environment (``from_env``, ``from_environment``) of a class whose
    annotated attributes are its constructor's parameters (a dataclass: :func:`_field_class`):
    the class's own loader, whose ``cls(...)`` declares, typed, each value it reads.  With
    ``typed=False``, of any class."""
    for i in range(len(parents) - 1, 0, -1):
        fn = parents[i]
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        owner = next((o for o in reversed(parents[:i]) if o is not fn), None)
        if (
            _FROM_ENVIRONMENT.match(fn.name)
            and isinstance(owner, ast.ClassDef)
            and any(isinstance(d, ast.Name) and d.id == "classmethod" for d in fn.decorator_list)
            and (not typed or _field_class(owner, ctx))
        ):
            return fn
        return None
    return None


def _derived_local(chain: list[ast.AST], node: ast.AST) -> str | None:
    """The local ``chain`` (the nodes above ``node``, innermost last) assigns a value
    computed from ``node``: ``node`` an argument of a call, that call (through the branches
    of conditional expressions) the whole value of ``x = ...`` (``path = resolve(raw) if raw
    else None``)."""
    child = node
    for p in reversed(chain):
        first = child is node
        if (isinstance(p, ast.Call) and first and child in p.args) or (
            isinstance(p, ast.IfExp) and not first and child is not p.test
        ):
            child = p
        elif (
            isinstance(p, ast.Assign)
            and p.value is child
            and child is not node
            and len(p.targets) == 1
            and isinstance(p.targets[0], ast.Name)
        ):
            return p.targets[0].id
        else:
            return None
    return None


def _mapped_local(chain: list[ast.AST], node: ast.AST) -> str | None:
    """The local ``chain`` (the nodes above ``node``, innermost last) assigns a value the
    test of a conditional expression picks by ``node`` (``kind = Kind.S3 if raw == "s3"
    else Kind.LOCAL``): ``node`` inside that test (compared, negated, combined), the
    expression (through the branches of enclosing ones) the whole value of ``x = ...``."""
    child = node
    for k in range(len(chain) - 1, -1, -1):
        p = chain[k]
        if isinstance(p, (ast.Compare, ast.BoolOp, ast.UnaryOp)):
            child = p
            continue
        if not (isinstance(p, ast.IfExp) and child is p.test):
            return None
        rest = chain[:k]
        while rest and isinstance(rest[-1], ast.IfExp) and p is not rest[-1].test:
            p = rest.pop()
        target = rest[-1] if rest else None
        if (
            isinstance(target, ast.Assign)
            and target.value is p
            and len(target.targets) == 1
            and isinstance(target.targets[0], ast.Name)
        ):
            return target.targets[0].id
        return None
    return None


def _local_configures(
    fn: ast.FunctionDef | ast.AsyncFunctionDef,
    local: str,
    name: str,
    ctx: ModuleContext,
    outer: list[ast.AST],
    seen: set[str],
) -> bool:
    """Every load of ``local`` in ``fn`` is an argument of a call building a configuration
    object (:func:`_builds_configuration`), or the whole value of an assignment to another
    local that is (``resolved = port``), and at least one is.  In the class's own loader
    from the environment (:func:`_environment_loader`), a load may also test the local's
    presence (``x if raw else None``) or compute the value of another local that is
    (``path = resolve(raw) if raw else None``)."""
    if local in seen or len(seen) > 3:
        return False
    seen.add(local)
    loader = _environment_loader(outer, ctx) is fn or (
        _environment_loader(outer, ctx, typed=False) is fn and _vendor_variable(name, ctx)
    )
    found = False
    for stmt_parents, n in _loads(fn, local):
        p = stmt_parents[-1]
        mapped = _mapped_local(stmt_parents, n) if loader else None
        if mapped is not None and _local_configures(fn, mapped, name, ctx, outer, set(seen)):
            found = True
            continue  # ``kind = Kind.S3 if raw == "s3" else Kind.LOCAL``, ``cls(kind=kind)``
        if loader and _checks_only(fn, [*stmt_parents, n], set()):
            continue  # ``resolve(raw) if raw else None``, ``if not raw: raise``: a check
        if isinstance(p, ast.keyword) and p.arg and isinstance(stmt_parents[-2], ast.Call):
            call, above = stmt_parents[-2], stmt_parents[:-2]
        elif isinstance(p, ast.Call) and n in p.args:
            call, above = p, stmt_parents[:-1]
        elif (
            isinstance(p, ast.Assign)
            and p.value is n
            and len(p.targets) == 1
            and isinstance(p.targets[0], ast.Name)
        ):
            if not _local_configures(fn, p.targets[0].id, name, ctx, outer, seen):
                return False
            found = True
            continue
        else:
            return False
        if _builds_configuration(call, [*outer, *above], name, ctx):
            found = True
            continue
        derived = _derived_local(stmt_parents, n) if loader else None
        if derived is None or not _local_configures(fn, derived, name, ctx, outer, seen):
            return False
        found = True
    return found


def _checks_only(
    fn: ast.FunctionDef | ast.AsyncFunctionDef, path: list[ast.AST], seen: set[str]
) -> bool:
    """The load at the end of ``path`` (the nodes from ``fn`` down to it) only checks the
    value: it sits in the test of an ``if``, a conditional expression or an ``assert``, or
    in a ``raise``; or in the value of a local every load of which does so (``missing = [n
    for n, v in (("X", raw),) if not v]`` then ``if missing: raise ...``, ``parsed =
    urlsplit(raw)`` then ``if parsed.scheme != "https": raise ...``)."""
    for k, p in enumerate(path[:-1]):
        if isinstance(p, (ast.If, ast.While, ast.IfExp, ast.Assert)) and path[k + 1] is p.test:
            return True
        if isinstance(p, ast.Raise):
            return True
    stmt = next((p for p in reversed(path) if isinstance(p, ast.stmt)), None)
    if (
        stmt is fn
        or not isinstance(stmt, ast.Assign)
        or len(stmt.targets) != 1
        or not isinstance(stmt.targets[0], ast.Name)
        or stmt.targets[0].id in seen
        or len(seen) > 3
    ):
        return False
    seen.add(stmt.targets[0].id)
    loads = _loads(fn, stmt.targets[0].id)
    return bool(loads) and all(_checks_only(fn, [*c, m], seen) for c, m in loads)


def _loads(
    fn: ast.FunctionDef | ast.AsyncFunctionDef, local: str
) -> list[tuple[list[ast.AST], ast.Name]]:
    """(the chain of nodes from ``fn`` down to it, the node) of each load of ``local``."""
    out: list[tuple[list[ast.AST], ast.Name]] = []
    stack: list[tuple[ast.AST, list[ast.AST]]] = [(fn, [])]
    while stack:
        node, chain = stack.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Name) and child.id == local:
                if isinstance(child.ctx, ast.Load):
                    out.append(([*chain, node], child))
            else:
                stack.append((child, [*chain, node]))
    return out


def _passed_on(node: ast.AST, name: str, ctx: ModuleContext) -> bool:
    """The read (through conversions and fallbacks: ``str(getenv("X", 60))``) is the value
    of a dict entry keyed by the same variable: ``{"X": str(os.getenv("X", 60))}``, an
    environment handed on to another process (a worker, a container), which reads it."""
    child: ast.AST = node
    for parent in reversed(ctx.parents):
        if isinstance(parent, ast.Dict):
            return any(v is child and _key(k) == name for k, v in zip(parent.keys, parent.values))
        if isinstance(parent, ast.Call) and child in parent.args:
            child = parent  # ``str(...)``, ``int(...)``
        elif isinstance(parent, (ast.BoolOp, ast.IfExp)):
            child = parent
        else:
            return False
    return False


def _library_namespace(name: str, ctx: ModuleContext) -> tuple[str, ...]:
    """The import names of the library whose settings own ``name``'s prefix (``judge``
    leaves them out when the audited project is that library: its own variables are its
    settings)."""
    return tuple(sorted(sdk_namespace(name)))


def _own_libraries(project: Project, hits: list[Hit]) -> set[str]:
    """Of the hits' libraries (:func:`_library_namespace`), those the audited project is:
    a top-level package or module of its own by its dotted name (not a module of the
    project that shares the library's name, ``harbor/environments/boxd.py`` importing the
    ``boxd`` SDK)."""
    wanted = {lib for h in hits for lib in h.payload(_Data).library}
    if not wanted:
        return set()
    return wanted & {name.split(".", 1)[0] for name in project.modules}


def _kept_only_for_tests(parents: list[ast.AST], stmt: ast.AST | None, value: ast.AST) -> bool:
    """``stmt`` keeps ``value`` in a local of the enclosing function (:func:`_bound_local`)
    whose every read is tested for truth (:func:`_truth_operands`), none used otherwise."""
    bound = _bound_local(parents, stmt, value)
    if bound is None:
        return False
    fn, local = bound
    tested = sum(1 for n in _truth_operands(fn) if isinstance(n, ast.Name) and n.id == local)
    uses = sum(
        1
        for n in walk(fn)
        if isinstance(n, ast.Name) and n.id == local and isinstance(n.ctx, ast.Load)
    )
    return uses > 0 and tested == uses


def _bound_local(
    parents: list[ast.AST], stmt: ast.AST | None, value: ast.AST
) -> tuple[ast.FunctionDef | ast.AsyncFunctionDef, str] | None:
    """(the enclosing function, the local) when ``stmt`` is ``local = value`` inside a
    function, else None: the read's value kept in one local whose uses decide."""
    fn = next(
        (p for p in reversed(parents) if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef))),
        None,
    )
    if (
        fn is not None
        and isinstance(stmt, ast.Assign)
        and stmt.value is value
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Name)
    ):
        return fn, stmt.targets[0].id
    return None


#: Calls that take the lines of a file being written (``lines.append(f"X={x}\n")``).
_LINE_SINKS = frozenset({"append", "extend", "insert", "write", "writelines"})


def _handed_to_child(node: ast.AST, name: str, ctx: ModuleContext) -> bool:
    """The read's value is only handed on, under the variable's own name, into the
    environment of a process the code starts: straight (``{"X": getenv("X")}`` given as a
    child's ``env`` / ``environment``, ``env["X"] = getenv("X")``), or through a local of
    the function every use of which does so (``level = getenv("X")`` ...
    ``lines.append(f"X={level}\n")`` written to the containers' env file); or only tested,
    to give the child a value when this process has none (:func:`_supplied_when_unset`).
    The variable configures the child, which reads it (its own read is reported there),
    not this code."""
    parents = ctx.parents
    if _child_env_sink(node, parents, name, ctx) or _supplied_when_unset(node, name, ctx):
        return True
    value, i = _fallback_root(node, parents)
    while i >= 0 and _converts(parents[i], value):
        value, i = parents[i], i - 1
    stmt = parents[i] if i >= 0 else None
    bound = _bound_local(parents, stmt, value)
    if bound is None or not isinstance(stmt, ast.Assign):
        return False
    fn, local = bound
    up: dict[int, ast.AST] = {}
    loads: list[ast.Name] = []
    for p in walk(fn):
        for c in ast.iter_child_nodes(p):
            up[id(c)] = p
        if isinstance(p, ast.Name) and p.id == local:
            if not isinstance(p.ctx, ast.Load):
                if p is not stmt.targets[0]:
                    return False  # rebound: the forwarded value may be another one
                continue
            loads.append(p)

    def chain(n: ast.AST) -> list[ast.AST]:
        out: list[ast.AST] = []
        while id(n) in up and n is not fn:
            n = up[id(n)]
            out.append(n)
        return out[::-1]

    return bool(loads) and all(_child_env_sink(n, chain(n), name, ctx) for n in loads)


def _supplied_when_unset(node: ast.AST, name: str, ctx: ModuleContext) -> bool:
    """The read (through ``not``, ``and``, ``or``) is the test of an ``if`` whose body gives
    the same variable a value in a child's environment: it returns ``{"X": "1"}`` from a
    function named for one (``def sandbox_env()``, whose callers spread it into the
    child's), or sets ``env["X"]`` on a dict named for one.  The code only tells whether
    the child inherits the variable already; the child reads it."""
    parents = ctx.parents
    child: ast.AST = node
    for i in range(len(parents) - 1, -1, -1):
        p = parents[i]
        if isinstance(p, ast.BoolOp) or (isinstance(p, ast.UnaryOp) and isinstance(p.op, ast.Not)):
            child = p
            continue
        if not (isinstance(p, ast.If) and child is p.test):
            return False
        fn = next(
            (
                q
                for q in reversed(parents[:i])
                if isinstance(q, (ast.FunctionDef, ast.AsyncFunctionDef))
            ),
            None,
        )
        returns_env = fn is not None and _ENV_DICT.search(fn.name) is not None
        for stmt in p.body:
            if (
                returns_env
                and isinstance(stmt, ast.Return)
                and isinstance(stmt.value, ast.Dict)
                and any(_key(k) == name for k in stmt.value.keys)
            ):
                return True
            if isinstance(stmt, ast.Assign) and any(
                isinstance(t, ast.Subscript)
                and _key(t.slice) == name
                and isinstance(t.value, ast.Name)
                and _ENV_DICT.search(t.value.id) is not None
                for t in stmt.targets
            ):
                return True
        return False
    return False


def _converts(parent: ast.AST, child: ast.AST) -> bool:
    """``parent`` converts ``child`` on its way (``str(x)``, ``x or "1"``)."""
    return (
        isinstance(parent, ast.Call)
        and child in parent.args
        and isinstance(parent.func, ast.Name)
        and parent.func.id in _CONVERSIONS
    ) or isinstance(parent, ast.BoolOp)


def _child_env_sink(node: ast.AST, parents: list[ast.AST], name: str, ctx: ModuleContext) -> bool:
    """``node`` (through conversions) is the value of variable ``name`` in a child's
    environment: an entry keyed ``name`` of a dict given as one (:func:`_env_dict`),
    ``env["name"] = node`` on a dict named for an environment or a copy of ``os.environ``, or
    the ``{node}`` of an ``f"name={node}"`` line handed to a list or to a file's writer."""
    child, i = node, len(parents) - 1
    while i >= 0:
        p = parents[i]
        if not (_converts(p, child) or (isinstance(p, ast.IfExp) and child is not p.test)):
            break
        child, i = p, i - 1
    if i < 0:
        return False
    p = parents[i]
    if isinstance(p, ast.Dict):
        keyed = any(v is child and _key(k) == name for k, v in zip(p.keys, p.values))
        return keyed and _env_dict(p, parents[:i], ctx)
    if isinstance(p, ast.Assign) and p.value is child and len(p.targets) == 1:
        t = p.targets[0]
        return (
            isinstance(t, ast.Subscript)
            and _key(t.slice) == name
            and isinstance(t.value, ast.Name)
            and (bool(_ENV_DICT.search(t.value.id)) or _environment_local(t.value, ctx))
        )
    if isinstance(p, ast.FormattedValue) and i >= 1:
        line = parents[i - 1]
        if not (
            isinstance(line, ast.JoinedStr)
            and len(line.values) >= 2
            and line.values[1] is p
            and isinstance(line.values[0], ast.Constant)
            and re.fullmatch(
                rf"\s*(?:export\s+)?{re.escape(name)}=[\"']?", str(line.values[0].value)
            )
        ):
            return False
        holder = parents[i - 2] if i >= 2 else None
        return isinstance(holder, (ast.List, ast.Tuple)) or (
            isinstance(holder, ast.Call)
            and line in holder.args
            and isinstance(holder.func, ast.Attribute)
            and holder.func.attr in _LINE_SINKS
        )
    return False


def _env_dict(node: ast.Dict, parents: list[ast.AST], ctx: ModuleContext) -> bool:
    """The dict display ``node`` (its ancestors ``parents``) is a child's environment:
    ``{**os.environ, ...}``, given as an ``env`` / ``environment`` keyword or payload entry,
    bound to a name like ``env`` / ``child_env``, or merged into one (``env.update({...})``)."""
    if _spreads_environ(node, ctx):
        return True
    p = parents[-1] if parents else None
    if isinstance(p, ast.keyword):
        return _env_key(p.arg)
    if isinstance(p, ast.Dict):
        return any(v is node and _env_key(_key(k)) for k, v in zip(p.keys, p.values))
    if isinstance(p, (ast.Assign, ast.AnnAssign)) and p.value is node:
        targets = p.targets if isinstance(p, ast.Assign) else [p.target]
        return any(isinstance(t, ast.Name) and _ENV_DICT.search(t.id) for t in targets)
    if isinstance(p, ast.Call) and node in p.args and isinstance(p.func, ast.Attribute):
        recv = p.func.value
        return (
            p.func.attr == "update"
            and isinstance(recv, ast.Name)
            and (bool(_ENV_DICT.search(recv.id)) or _environment_local(recv, ctx))
        )
    return False


#: Modules a process-level switch may import before it tests the environment.
_BOOTSTRAP_IMPORTS = frozenset({"os", "sys", "__future__"})


def _import_switch(node: ast.AST, ctx: ModuleContext) -> bool:
    """The read decides, at the top of the module and ahead of every other import of it,
    whether to import something (``if os.getenv("DD_ENABLED") == "true": import
    ddtrace.auto``): a process-level switch for what must load before anything else
    (instrumentation, a monkey-patch), read before the settings can be imported."""
    parents = ctx.parents
    if len(parents) < 2 or not isinstance(parents[0], ast.Module):
        return False
    stmt = parents[1]
    if not isinstance(stmt, ast.If):
        return False
    if not (node is stmt.test or (len(parents) > 2 and parents[2] is stmt.test)):
        return False  # not in the test of the ``if``
    body = [*stmt.body, *stmt.orelse]
    if not any(isinstance(b, (ast.Import, ast.ImportFrom)) for b in body) or not all(
        isinstance(b, (ast.Import, ast.ImportFrom, ast.Pass))
        or (isinstance(b, ast.Expr) and isinstance(b.value, ast.Call))
        for b in body
    ):
        return False
    for before in parents[0].body:
        if before is stmt:
            return True
        if isinstance(before, ast.Expr) and isinstance(before.value, ast.Constant):
            continue  # the module's docstring
        if isinstance(before, ast.Import) and all(
            a.name in _BOOTSTRAP_IMPORTS for a in before.names
        ):
            continue
        if isinstance(before, ast.ImportFrom) and before.module in _BOOTSTRAP_IMPORTS:
            continue
        return False
    return False


def _vendor_import(node: ast.AST, name: str, ctx: ModuleContext) -> bool:
    """The read is tested by an ``if`` whose body only imports from the package the
    variable's first word names (``if os.getenv("AGENTOPS_API_KEY") is not None: from
    agentops import track_agent``): the project only checks whether that package's SDK is
    configured, and the SDK reads its own variable."""
    word = name.split("_", 1)[0].lower()
    if len(word) < 3:
        return False
    parents = ctx.parents
    for i in range(len(parents) - 1, 0, -1):
        stmt = parents[i]
        if isinstance(stmt, ast.stmt) and not isinstance(stmt, ast.If):
            return False
        if not isinstance(stmt, ast.If):
            continue
        if not (node is stmt.test or (i + 1 < len(parents) and parents[i + 1] is stmt.test)):
            return False
        modules: list[str] = []
        for b in stmt.body:
            if isinstance(b, ast.Import):
                modules += [a.name for a in b.names]
            elif isinstance(b, ast.ImportFrom) and b.module and not b.level:
                modules.append(b.module)
            else:
                return False
        return bool(modules) and all(
            m.split(".", 1)[0].replace("_", "").lower() == word for m in modules
        )
    return False


class EnvReadOutsideSettings(Check):
    """
    ## What it does
    Reports reads of the process environment (`os.getenv(...)`, `os.environ.get(...)`,
    `os.environ[...]` and `os.getenvb(...)`, through any import alias) in application
    modules other than the settings modules.  A settings module is a file named `config.py`
    or `settings.py` (such as `core/config.py`), a module inside a `config/` or `settings/`
    package, or any module that defines a settings class (a `pydantic_settings.BaseSettings`
    subclass); the other names a configuration module goes by (`env.py`,
    `celeryconfig.py`, ...) are listed under *Known problems*.  Only reads that name their
    variable with a literal are reported: that is the name to declare.

    ## Why is this bad?
    A raw environment read is an untyped, unvalidated string, with its default buried at the
    call site.  A missing or malformed variable is discovered in the middle of a request,
    not when the app starts, and nobody can list the configuration the service needs.  The
    sources put configuration in pydantic-settings classes ([Production guide 2026],
    "Configuration Management"; [ForgeAPI guide], [Production skill 2025],
    [Patterns reference], [zhanymkanov README]), per domain as the app grows
    (the zhanymkanov README's `AuthConfig`).  [zhanymkanov README] also reads `ENVIRONMENT` through
    Starlette's `Config`; that is not reported, but consolidating it into the same settings
    class is better (D11).

    ## Example
    ```python
    # app/payments/service.py
    import os


    def stripe_key() -> str:
        return os.environ["STRIPE_KEY"]
    ```

    ## Use instead
    ```python
    # app/payments/config.py
    class PaymentsConfig(BaseSettings):
        STRIPE_KEY: SecretStr


    payments_settings = PaymentsConfig()

    # app/payments/service.py
    from app.payments.config import payments_settings


    def stripe_key() -> str:
        return payments_settings.STRIPE_KEY.get_secret_value()
    ```

    ## Fix safety
    No automatic fix: the setting's type, default and owner class are design decisions.

    ## Known problems
    Some reads are legitimately outside the settings: a library-style helper configured by
    its own variable, or a process-level toggle read before the settings exist.  Writes
    (`os.environ[...] = ...`), `os.environ.setdefault(...)`, membership tests (`"X" in
    os.environ`), a name no shell exports
    (`getenv("modal.state.task")`, set by a platform) and code under
    `if __name__ == "__main__":` are not reported, and neither are tests, tooling, scripts
    and Alembic's `env.py`.  Entry points are exempt like the `__main__` block: a
    `__main__.py` or `cli.py` module, the modules of a `cli/` package, and functions run as
    commands by click or typer (`@app.command()`) or installed as commands by the
    distribution (`[project.scripts]`, the wheel's `[console_scripts]`) and called by no
    module of the project, which prepare the environment (or pass
    it on to a subprocess) before the application starts.  Reads in a module named for
    the command line (`_cli_bootstrap.py`, `proxy_cli.py`) are not reported either (its
    writes still make a variable the project's own, and so does an entry point's write of
    a value it makes itself, `secrets.token_urlsafe(32)` or `uuid.uuid4()` written into the
    environment of the server it starts: no operator gives it).  A variable that locates the
    settings' own file (`X_CONFIG_FILE`, `X_SETTINGS_PATH`), or whose value the settings
    module hands to what loads the configuration (`importlib.import_module` of an
    `X_SETTINGS_MODULE`, `load_dotenv`, `_env_file=`), is not reported when a module
    defining a settings class reads it too: the settings are loaded from it, so it cannot
    be one of their fields.  Nor, anywhere, is a variable a pydantic-settings source (a
    class deriving from one of pydantic-settings' `...Source` classes) reads to select what
    it loads, its value picking an entry of a mapping (`active = getenv("APP_PROFILE") or
    data.get("active")`, `profiles[active]`): the profile's name locates the settings'
    values.  Nor, anywhere, is a variable named for the configuration's
    path (`X_CONFIG_DIR`, `X_CONFIG_PATH`) whose value (kept in a local, or through a
    call) is handed to such a loader or to a function named for loading the configuration
    (`load_config(config_dir=config_dir)`, `load_app_settings(path)`); any other path
    setting (`UPLOAD_DIR`) stays reported.  Nor, whatever its name, is a variable whose
    value a function returns that another joins with the configuration file's name
    (`return home_dir() / "config.toml"`), itself called by a function named for loading
    the configuration (`load_config`): the variable locates the settings' own file (a
    folder the loader joins with `cache.db` stays reported).  When the project has no settings class, a module that gathers
    the environment into constants at import (at least five top-level upper-case constants
    read from it, directly or through a helper of the module, and half its top-level
    assignments) is the project's settings module: its reads are not reported (beside a
    settings class, they still are).  Only application code is
    read: modules the application reaches through its imports (not a client SDK shipped
    beside the server, nor a pytest plugin outside `tests/`; an import inside a function
    counts once the server names that function), outside functions that only a
    standalone program runs (an argparse `main()`, or a module-level function that reads
    `sys.argv`, that nothing calls), and outside functions only console commands run (a
    download helper of a `typer` command, in a module the server imports for another of
    its functions), nor in a module-level launcher that serves the app its caller hands
    it (`def serve(app): uvicorn.run(app, port=int(os.getenv("PORT")))`) and that nothing
    in the project calls, runs or installs as a command.  Nor is a read of a
    variable a settings class declares whose value is only handed on, under the same
    name, in a dict (another process's environment, which that class reads).

    Beyond the catalogue's `config.py` / `settings.py`, modules named `conf`,
    `configuration`, `env`, `envs`, `environment` or `defaults` (the default configuration
    a loader merges with its file), or ending in `config`, `_settings`,
    `_conf` or `_configuration` (`celeryconfig.py`), modules named for a role they play
    for the configuration (`config_loader.py`, `settings_manager.py`, `conf_utils.py`: a
    first word `config`, `configs`, `settings`, `conf` or `configuration`, a last word
    `loader`, `load`, `reader`, `manager`, `parser`, `utils`, `util`, `helper` or `helpers`),
    and modules inside `conf/`, `configs/`
    or `configuration/` packages count as settings modules: they are where a project
    without pydantic-settings gathers its configuration.  So does, whatever its name, a
    module that is the configuration layer: it defines at least three configuration
    dataclasses (`URLsConfig`, `DatabaseConfig`, ...) and a module-level loader that parses
    their file (`load_manifest` calling `tomllib.loads`, `yaml.safe_load`, `json.load`).
    Nor is a read in a hand-written settings object, whatever its module's name: a class
    with at least three public methods, each taking only `self` and reading the environment
    (directly or through a function of its module), such as the adapter of a settings port
    the project declares instead of `BaseSettings`; nor in a module function that only
    such a class's methods call (the helper behind an accessor).
    A read whose variable name is
    computed (`os.environ.get(f"{PREFIX}{key}")`, a loop over provider variables) names
    nothing to declare and is not reported, nor is a private variable (a name starting
    with `_`, such as a bootstrap switch read before any settings can load), nor a switch
    in the test of a module-level `if` that comes before every other import of the module
    (only `os`, `sys` and `__future__` ahead of it) and only imports (`if
    os.getenv("DD_ENABLED") == "true": import ddtrace.auto`): it decides what loads before
    anything else, the settings included.  Nor is a variable named for a package (its
    first word) tested by an `if` whose body only imports from that package (`if
    getenv("AGENTOPS_API_KEY") is not None: from agentops import track_agent`): the project
    only asks whether the vendor's SDK is configured, and the SDK reads its own variable.
    Nor is a read in a module that the project's one settings module (the module of its
    settings classes, also a configuration library's, `class Settings(ConfZ)`, or of a
    pydantic model named for the environment whose fields are
    variables' names, `EnvironmentVariables` with `AGENT_NAME: str`)
    imports when it loads, directly or through what those modules import (a logger factory
    reading `LOG_LEVEL`): importing the settings from there would close an import cycle.

    Variables the application does not own are not reported: those of the operating system
    and the shell (`TZ`, `HOSTNAME`, `TERM`, `http_proxy`), the container runtime and the
    cloud SDKs (`KUBERNETES_*`, `AWS_*`, `AZURE_*`, `GOOGLE_APPLICATION_CREDENTIALS`, the
    mTLS switch every Google API client honours, `GOOGLE_API_USE_MTLS_ENDPOINT`,
    `DATABRICKS_*`), OpenTelemetry (`OTEL_*`), the Hugging Face hub (`HF_*`), the server and
    metrics libraries (uvicorn's `FORWARDED_ALLOW_IPS`, `PROMETHEUS_MULTIPROC_DIR`), test
    runners (`PYTEST_*`) and CI services (`CI`, `GITHUB_*`, `CI_*`, ...): the documented list
    is `auditor.names.PLATFORM_ENV_NAMES` / `PLATFORM_ENV_PREFIXES` (with HashiCorp Vault's
    `VAULT_*` client variables, the Azure CLI's `AZURE_STORAGE_*`, Alibaba Cloud's and its
    OSS SDK's credentials, the Datadog agent's address and service tags, batch schedulers'
    and MPI launchers' task variables (`SLURM_*`, `PBS_*`, `OMPI_*`) and torch.distributed's
    rendezvous (`MASTER_ADDR`, `RANK`, `WORLD_SIZE`), the CUDA toolkit's root (`CUDA_HOME`,
    `CUDA_PATH`) and PyTorch's allocator (`PYTORCH_CUDA_ALLOC_CONF`), the C library's
    `GLIBC_TUNABLES` and `MALLOC_*` aliases (glibc manual, "Tunables") and the dynamic
    loader's `LD_*` (ld.so(8) ENVIRONMENT), the Linux sandboxes' markers
    (Flatpak's `FLATPAK_ID`, snapd's `SNAP`, `SNAP_*` folders), the container tools' files
    (`DOCKER_CONFIG`, the `REGISTRY_AUTH_FILE` Podman and Skopeo share), the usbmuxd
    daemon's address libimobiledevice's tools share (`USBMUXD_SOCKET_ADDRESS`) and the Visual
    Studio developer prompt's compiler paths (`INCLUDE`, `LIB`), the C toolchain's `CC`,
    `CXX` and `*FLAGS`, and the markers AI coding
    agents set, read to detect the agent driving the process (`AI_AGENT`, Amp's
    `AGENT=amp`, `CLAUDECODE`, `CODEX_SANDBOX`, `CURSOR_AGENT`, and what an Azure Machine
    Learning job's runtime sets for its run, `AZUREML_RUN_ID`, `AZUREML_ARM_WORKSPACE_NAME`);
    `DD_API_KEY` stays reported).
    Another program's home folder is not the project's either: a variable named
    `<TOOL>..._HOME` read with that program's default, a dot-folder of the user's home or
    its folder of the user's configuration named for the same word (`getenv("CODEX_HOME",
    "~/.codex")`, `KIMI_CODE_HOME` with `~/.kimi-code`, `OPENCODE_HOME` kept in a local
    `raw` with `Path.home() / ".config" / "opencode"` used when `raw` is empty), the word
    not one of the project's packages (`APP_HOME` in the `app`
    package stays reported), also through `or` (`getenv("CODEX_HOME") or Path.home() /
    ".codex"`); and a variable of that program only tested for presence in the function
    that locates its home (`bool(getenv("CODEX_API_KEY"))` to tell whether the CLI is
    signed in: the program reads its key itself).  Nor is a credential (`*_KEY`, `*_TOKEN`,
    `*_SECRET`, `*_PASSWORD`) whose reads only report whether it is set
    (`{"token_present": bool(getenv("GATEWAY_TOKEN"))}` in a status page) and whose value
    no read of the project uses: the secret belongs to whatever program uses it (an `if`
    on a variable, a feature flag, stays reported).
    Windows' system variables (`PROGRAMFILES(X86)`, `LocalAppData`, matched in any case, as
    Windows does), the Lightning AI platform's (`LIGHTNING_*`), HashiCorp Nomad's runtime
    variables (`NOMAD_*`) and the Weights & Biases SDK's own (`WANDB_*`) are platform variables too,
    as are GitHub Codespaces' (`CODESPACES`, `CODESPACE_NAME`, read to detect the platform),
    the hosting platforms' system variables (Vercel's `VERCEL`, `VERCEL_ENV`, `VERCEL_URL`,
    `VERCEL_GIT_*`, Render's `RENDER`, `RENDER_EXTERNAL_URL`, Fly.io's `FLY_APP_NAME`,
    `FLY_REGION` ...; a deploy hook the project creates, `VERCEL_DEPLOY_HOOK_URL`, stays
    reported),
    what JupyterHub sets for the services and servers it starts (`JUPYTERHUB_SERVICE_PREFIX`,
    `JUPYTERHUB_OAUTH_CALLBACK_URL`, `JUPYTERHUB_CLIENT_ID`; an app's own
    `JUPYTERHUB_CRYPTO_KEY` stays reported),
    a Jupyter kernel's `JPY_PARENT_PID` and the JetBrains IDEs' `PYCHARM_HOSTED` and
    `TERMINAL_EMULATOR` (read to detect the kernel or the IDE), what VS Code's integrated
    terminal (`VSCODE_INJECTION`, `VSCODE_GIT_IPC_HANDLE`) and terminal emulators
    (`TERM_PROGRAM_VERSION`, Windows Terminal's `WT_SESSION`, `TMUX`) set for their shell,
    WSL's session variables (`WSL_DISTRO_NAME`, `WSL_INTEROP`, `WSLENV`; an operator's
    `WSL_MOUNT_ROOT` stays reported)
    and the pod's identity that a Kubernetes manifest fills from the Downward API
    (`POD_NAME`, `POD_NAMESPACE`, `POD_IP`, and Jina's `K8S_NAMESPACE_NAME`, `K8S_POD_NAME`,
    ...); a namespace the application is told to work in (`K8S_NAMESPACE` with a default)
    stays reported.
    A published distribution (a wheel's `.dist-info`, an sdist's `PKG-INFO`) that ships no
    application (its code builds no `FastAPI()` or `Starlette()` of its own and it declares
    no entry point) and declares no settings class is a library: its variables are its own
    knobs, set by the applications that include its routers or build its components, and
    nothing is reported.
    Vendored copies of other libraries (modules under a `thirdparty/`, `third_party/`,
    `vendor/` or `_vendor/` folder, or whose header, or the header of their subpackage's
    `__init__.py`, says the file was copied or modified from another project's repository
    or package, `# Sourced from https://pypi.org/project/x/`, `# Modified from
    https://github.com/x/y`) read their own knobs and are not reported; so do the modules of
    a subpackage whose `NOTICE` says the folder contains code derived from another
    project's repository, or of a folder named for what it vendors (`mlx_vlm_vendored/`).

    Nor is a read that is only the default of a value its caller passes: the fallback of a
    parameter or a field (`api_key or getenv("ACME_API_KEY")`, `getenv("X", api_key)`,
    `url if url is not None else getenv("X")`, `if token is None: token = getenv("X")`,
    in a constructor, or `self.api_key or getenv("X")` on the object's own field, or on a
    local copy of it, `key = self.api_key`; also after `if secret: return secret` or
    `return Path(cache_dir)`, and in a private helper, a method or a function of the module,
    only the constructor calls with its own argument, `self._resolve_secret(secret)`,
    `_cache_dir(cache_dir)`), a
    constructor parameter's default, or a dataclass field's default (`api_key: str | None
    = field(default_factory=lambda: getenv("X"))`).  Spelt otherwise too: the parameter's
    own text as the default (`getenv("X", f"{verify}")`), a local read only as the
    fallback (`v = getenv("X")` then `version or v`), a field of the options a constructor
    taking `**kwargs` holds (`options: HostOptions`, `options.host or getenv("X")`), a
    module constant that only constructors' (and classmethod factories') parameters take as
    their default (`def __init__(self, verify=VERIFY_DEFAULT)`), and a private helper read
    only when its one caller, a public function, handed it nothing (`if servers is None:`),
    and a read in a constructor that runs only when its maker gave no configuration (`if
    keys is None:`) and fills a parameter, directly or through a local that only feeds it
    (`raw = getenv("X")`, `if raw: keys = json.loads(raw)`), whatever the variable's name.  Such a variable configures a component
    for whoever constructs it (a library's model or tool class reading its provider's key,
    the SDK convention); the composition root passes the setting.  The same holds for a
    vendor's variable (its first word begins the name of a third-party package the module
    imports, or of an API client that reads its own variables) in a library's public
    module-level function, for the parameter the variable is named after (`def
    create_batch(api_key=None): api_key = api_key or getenv("OPENAI_API_KEY")`,
    `getenv("SKYVAULT_URL", url)` beside `import skyvault`), and after a library's
    module-level option in any function (`litellm.api_key or getenv("OPENAI_API_KEY")`):
    its signature takes the setting and the variable is the vendor's default for it.  A
    variable the project named itself (`api_key or getenv("LLM_BINDING_API_KEY")`) stays
    reported, unless no module of the project calls that public function (its package
    re-exports it, its tests call it) or every call there passes the argument (by keyword
    or position, not `None`): an API whose callers give the value; a project that
    calls it without the argument leaves the read the only source.  A fallback for a field
    of the project's
    configuration object (`config.bucket_name or getenv("S3_BUCKET")`), for a parameter
    named otherwise (`name or getenv("DEFAULT_HANDLER")`), for a method's parameter (a
    service object's caller is the project), for a route's or a dependency's parameter or
    for a request's value is still reported, as are the defaults of a pydantic model's
    fields (a request schema's default is the server's setting) unless the model is named
    for the configuration.  Nor is a read handed as an argument to the constructor of a
    configuration object (a class named `Config`, `Settings`, `...Config`,
    `...Configuration` or `...Settings`: `OpenAIConfig(api_key=getenv("X"))`,
    `Config(getenv("X_CONFIG"))`, or `cls(...)` in such a class's own `from_env`, directly
    or through locals that only feed it, `port = int(getenv("X"))`, `resolved = port`,
    `cls(port=resolved)`, tidied on the way, `getenv("X", "").strip()`, or parsed by the
    class's own method, `cls._flag(getenv("X"), cls.secure)`; in a dataclass's
    `from_env` / `from_environment` classmethod whatever the class's name, where a local may
    also be checked, in the test of an `if` or a `raise`, or through a local only checked so,
    `parsed = urlsplit(url)`, or computed from the read, `path = resolve(raw) if raw else
    None`, `cls(path=path)`, or picked by it, `kind = Kind.S3 if raw == "s3" else
    Kind.LOCAL`, `cls(kind=kind)`; in any class's `from_env` whose `cls(...)` takes each read
    straight as a keyword its `__init__` annotates, `cls(batch_size=int(getenv("X",
    "50")))` beside `def __init__(self, batch_size: int = 50)`; and so in any class's
    `from_env` for a vendor's own variables, `OPENAI_ORG_ID` into an `OpenAIConnection`), nor an
    attribute default of such a class (`class Settings:
    DEBUG = getenv("X")`, a provider's nested `class Settings(BaseModel)`; not the
    `class Config` a pydantic v1 model nests for its options), nor an attribute such a
    class sets in its own `__init__` (`self.root = getenv("X")`; not in its other methods,
    nor in a function nested there): the setting is declared on
    that class, and the read is its loader (a client built from the environment,
    `redis.Redis(host=getenv("X"))`, is still reported).  Nor is a
    variable the
    application's own code writes (`os.environ["X"] = ...`, `os.environ.setdefault("X",
    ...)`, `os.environ.update(...)`, `os.putenv`, a child's `env={"X": ...}`, `{**os.environ,
    "X": ...}`, `env["X"] = ...` / `env.update(...)` on a copy of `os.environ`, or on a dict
    whose name says it is an environment being built, `env`, `envs`, `child_env`, `environ`,
    the environment a launcher call or a payload gives the process it starts
    (`environment={"X": ...}` or `["X=1"]`, `{"image": ..., "env": {"X": ...}}` sent to a job
    API, a Kubernetes-style `"env": [{"name": "X", ...}]`), a `X=value` line of an env file
    the same function hands to a launcher (`DockerClient(compose_env_file=path)`,
    `--env-file`), a `-e X=value` / `--env X=value` pair of a container's `run` argv the
    function builds (in a module naming Docker or Podman),
    or set to a rendered value by `ENV` in a Dockerfile template of the project, unless
    the same function names the variable again other than to write it, forwarding the
    operator's value): it is a
    channel between the project's own processes (a run id for a worker), or a value saved to
    be restored after an override, not a setting.  Writes by an entry point or a settings
    module do not count: a `serve` command exporting its `--port` option forwards an
    operator's setting (but an entry point's `-e X={value}` whose value a project function
    makes, sharing no word with the variable, `f"X_REVEAL_CMD={hint("login", profile)}"`,
    is its own text for the container; and an entry point's write of a value it makes from
    its own files, literals, `__file__` and module constants with no option, parsed argument
    or environment read on the way, `os.environ["APP_WEB_DIR"] = str(_PKG_DIR / "web")`, is
    a channel to the server it starts).  Nor is a variable an entry point writes just before
    it serves an application factory by its import string (`uvicorn.run("pkg.web:create_app",
    factory=True)`, which calls the factory with no arguments), read in that factory's own
    body: it is the factory's argument.  Nor is a variable that a module writing the environment under
    computed names lists (an endpoint that sets a user's provider keys with
    `os.environ[name] = value` or dotenv's `set_key(path, name, value)`, beside a registry of
    the keys it manages): the application manages it at run time, and a settings object
    loaded at start-up would go stale.  Nor is a variable under an internal namespace (the
    project's word, a double underscore, a word: `APP__SERVER_`) read in a function that
    reads, under the same namespace, variables the project writes itself (`server_env =
    {"APP__SERVER_EPHEMERAL": "1"}` for the server it starts): one of that family of
    internal markers.

    Nor is a read in a function that stores the variable's name where it then reads the
    environment from (`self.key_env_var = "ACME_API_KEY"` ... `getenv(self.key_env_var)`):
    the name is the component's configuration.

    Nor is a read bound to a module-level name that nothing in the project uses (dead
    code: the name occurs only in its binding statement in its module, and in no other
    module that may mean it; a module whose name of that spelling is imported from another
    module's binding, or is its own binding, does not use it, while `module.NAME` or a star
    import may).  Nor is a read stored whole in a private attribute (`self._region =
    getenv("X", "").strip()`) that nothing reads: every other mention of its name is
    `self.<name>` in a class unrelated to the storing one.  Nor is a read whose value is
    only handed on, under the variable's own name, into the environment of a process the code starts (`{"X": getenv("X")}` given as
    a child's `env`, `child_env["X"] = ...`, or a local used only in `f"X={x}"` lines of an
    env file or `docker -e` list), nor one only tested to give the child the variable when
    this process has none (`if not getenv("X"): return {"X": "1"}` in a function named for
    an environment, `def tool_env()`, or `env["X"] = "1"`): the variable configures the
    child, which reads it; a value the code also tests, prints or uses stays reported.

    Nor is a variable under the prefix of a library whose own settings system reads every
    variable of that prefix (Prefect's `PREFECT_*`, Streamlit's, Dask's, Loguru's, Airflow's
    `AIRFLOW__*`, Modal's, Triton's knobs `TRITON_*`, FastMCP's `FASTMCP_*`:
    `auditor.names.SDK_ENV_NAMESPACES`), or one of the variables a
    library's client reads where others name their own knobs under its prefix too (MLflow's
    `MLFLOW_TRACKING_URI`, `MLFLOW_EXPERIMENT_NAME`, `MLFLOW_RUN_ID`, not `MLFLOW_TAGS`;
    tiktoken's cache folder `TIKTOKEN_CACHE_DIR`, sgp-obs's master switch `SGP_OBS_ENABLED`, the
    boxd SDK's `BOXD_TOKEN` and `BOXD_BASE_URL`: `auditor.names.SDK_ENV_VARIABLES`), when the project's
    application code imports that library: it is the library's setting (in the library's own
    code it is its setting, and is reported).

    When a configuration module (by its name, or a module gathering the environment into
    constants when there is no settings class) already holds the variable's value under a
    name (a module constant bound to the read, or a public function without required
    parameters that returns it) and no settings class declares it, the finding points at
    that value rather than at a new settings class (not when that module builds a FastAPI
    application: importing it would build the application).  So does a variable that a
    configuration module (by its name) declares as an object of a project class, its name a
    literal argument (`LOG_LEVEL_ENV_VAR = EnvEntry("APP_LOG_LEVEL", ...)` in
    `config/defs.py`): read it through that declaration.

    Nor is a provider's variable handed straight to that provider's SDK for the argument the
    SDK reads it for itself when given nothing: an API client documented to default its
    credential from its own variables (OpenAI, Anthropic, Groq, Mistral, Sentry, Slack Bolt,
    E2B, Logfire, Langfuse, Pinecone, ...: `SET005`'s `_SDK_ENV_DEFAULTS`), a variable named
    for the package that ends with the argument (`openai.OpenAI(api_key=os.environ[
    "OPENAI_API_KEY"])`, `sentry_sdk.init(dsn=os.getenv("SENTRY_DSN"))`, or `key = x or
    getenv("OPENAI_API_KEY")` used only as `kwargs["api_key"]` for `AsyncOpenAI(**kwargs)`):
    the read repeats the SDK's default, also when the local is tested for presence only to
    go without the optional client (`if not key: return None`).  A provider key the
    application inspects itself (`if not key: raise ...`), hands to its own code or to a client that reads no variable
    (`slack_sdk`, `redis`), or reads under its own name is its setting and is still
    reported.

    Nor is a vendor's variable that the application lets the vendor's SDK read itself: when
    the project builds an API client that is documented to read a variable for an argument
    it is not given (slack_bolt's `App()` reads `SLACK_BOT_TOKEN` and
    `SLACK_SIGNING_SECRET`, `OpenAI()` `OPENAI_API_KEY`, `Anthropic()`, Agent Framework's
    `OpenAIChatCompletionClient()`, LiveKit's
    `LiveKitAPI()` / `AccessToken()`, Ollama's `Client()`: `SET005`'s `_SDK_READS`; given
    no credential, `Anthropic()` also resolves a chain of its own, a profile, then workload
    identity federation, `ANTHROPIC_FEDERATION_RULE_ID`: `_SDK_CREDENTIAL_CHAINS`; keywords
    unpacked from a dict, `AsyncAnthropic(**kwargs)`, count as given when the function
    always puts them in it, not under an `if`), a raw
    read of that variable handed to a client of the same vendor (`WebClient(token=getenv(
    "SLACK_BOT_TOKEN"))` from slack_sdk), or only tested for presence (`if
    os.getenv("LANGFUSE_PUBLIC_KEY"):` before Langfuse's `CallbackHandler()`), only mirrors
    the SDK's own contract.  So does a read that fills in, when the caller gave nothing, the
    value the project then hands to such a client for the argument the client reads that
    same variable for (`if not self.config.base_url: self.config.base_url =
    getenv("OLLAMA_HOST")` beside `ollama.AsyncClient(host=self.config.base_url)` in the same
    class, or `key = api_key or getenv("ANTHROPIC_API_KEY", "").strip()` beside
    `AsyncAnthropic(api_key=key)`), and, once the project's code hands the variable to the
    SDK so, a presence test of it elsewhere (`if getenv("ANTHROPIC_API_KEY", "").strip():`
    to pick a provider); a read that is the value's only source (`key =
    getenv("ANTHROPIC_API_KEY")`, then `if not key: raise`) stays the application's.  Given its arguments, the SDK reads nothing, and a read handed to
    the project's own code (or printed, logged, compared), or required by an `if` that
    raises when it is missing (found mid-request, where a settings class finds it at
    start-up), stays reported, unless the project's settings carry vendors' keys in a
    mapping it copies into the environment (`for key, value in
    settings.generator_api_keys.items(): os.environ[key] = value`, seen in
    weirdfingers-boards) and the module imports the vendor's package, anywhere (`FAL_KEY`
    beside a function's `import fal_client`): the settings already own the variable, and
    the test only checks it reached the SDK.

    Nor is a read that never runs: in the body of an `if` whose test is (or, through `and`,
    requires) a module constant bound once in the whole project to `False` and never written
    (no second binding, `global`, attribute store, parameter or alias of that name, and no
    string naming it, as `monkeypatch.setattr(mod, "X", True)` does), or in a function that
    only such bodies call (`if USE_COREML: load_encoder()`): `auditor.guards`.

    A read of a variable a pydantic-settings class already declares is not reported when the
    same function also reads that field (`settings.azure_api_key or
    os.environ.get("AZURE_API_KEY")`): the raw read is a fallback to a declared setting.
    A field declares its name under the class's literal env prefix (`env_prefix="SHOP_"`
    and `region` declare `SHOP_REGION`; no prefix, `azure_api_key` declares
    `AZURE_API_KEY`), or the literal alias it names; under a literal
    `env_nested_delimiter="__"`, each field of a project model a field holds declares its
    name below the field's (`auth: AuthOptions` with `ttl_seconds` declares
    `AUTH__TTL_SECONDS`, read as `auth.ttl_seconds`).  A read that only runs when a declared
    variable is not set (`getenv("NEW") or getenv("OLD")`, or `x = getenv("OLD")` under `if x
    is None:` right after `x = getenv("NEW")`) is that field's old name: the advice is to
    read the field, not to declare a second setting.  A raw read that bypasses the declared
    field is still reported, with the advice to read that field rather than to declare the
    variable again; when the read stops the program if the variable is unset (`X =
    getenv("X")`, `if not X: raise ...`) and the field has a default, the advice is to make
    the field required and read it, not to fall back on that default silently.  So does a
    read of a variable the configuration already reads into a name of its own: an attribute
    of a settings class, or of a class of a settings module (`DATABASE_URL: str =
    require_env("APP_DATABASE_URL")`), or an upper-case constant of a settings module, the
    read nested in its value (`QUEUES = {"broker": env("BROKER_URL", ...)}`), directly or
    through a project function that reads the variable its first argument names: the
    advice is to read that setting.  Nor is a read in the `except` handler of a `try` whose body takes the
    value from a callable of a configuration module (by its name, or holding a settings
    class) that names the variable, reading it or documenting it as an override (`try:
    return cfg().tuning.max_parallel` / `except RuntimeError: getenv("APP_TUNING_MAX_PARALLEL")`):
    the fallback for when no configuration is installed, of a setting it declares.  Nor is a
    read inside a function handed to a tool wrapper that serialises its source for an agent
    to run standalone (AutoGen's `FunctionTool`): it cannot import the server's settings.

    ## References
    - [Production guide 2026] ("Configuration Management"; "Use environment variables for secrets")
    - [ForgeAPI guide], [zhanymkanov README] ("Decouple Pydantic BaseSettings")
    - [Production skill 2025], [Patterns reference] (settings with pydantic-settings)
    - FastAPI docs, "Settings and Environment Variables"
    """

    id = "SET005"
    name = "env-read-outside-settings"
    category = "settings"
    severity = Severity.INFO
    heuristic = True
    message = "environment read outside the settings"
    fix_title = "Declare the variable on a settings class and import the settings object"
    fix_safe = False
    sources = (
        "Production guide 2026",
        "ForgeAPI guide",
        "Production skill 2025",
        "Patterns reference",
        "zhanymkanov README",
    )

    @when(
        callees=ENV_READS
        | _WRITE_CALLS
        | _DOTENV_WRITES
        | {"os.environ.update", "builtins.dict"}
        | frozenset(_SDK_READS)
        | frozenset(_SDK_CREDENTIAL_CHAINS),
        names=("update", "setdefault", "append", "extend"),
        keywords=_ENV_KEYWORDS,
    )
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        for variable in _sdk_reads_itself(node, ctx):
            # ``App()``: slack_bolt reads SLACK_BOT_TOKEN itself (a marker for ``judge``)
            ctx.report(
                node, f"`{variable}` is read by the SDK", data=_Data(variable, sdk_reads=True)
            )
        for variable, slot in _sdk_slots(node, ctx):
            # ``AsyncOpenAI(api_key=self.config.api_key)``: the slot holds OPENAI_API_KEY's
            # place (a marker for ``judge``)
            ctx.report(node, "", data=_Data(variable, sdk_slot=slot))
        if not ctx.says(b"env"):
            return  # no read, write or copy of the environment can be spelt without "env"
        q = ctx.resolve(node.func)
        self._writes(node, q, ctx)
        if q not in ENV_READS:
            return
        key = (
            node.args[0]
            if node.args
            else next((k.value for k in node.keywords if k.arg == "key"), None)
        )
        name = _key(key)
        if self._settings_read(node, name, ctx) or self._config_read(node, name, ctx):
            return
        if self._exempt(ctx) or _cli_module(ctx.path):
            return
        if name is None or name.startswith("_") or is_platform_env(name):
            return  # a computed name (no variable to declare), a private switch, the platform's
        if _import_switch(node, ctx) or _vendor_import(node, name, ctx):
            # decides an import ahead of all others (read before any settings load), or
            # whether to use a vendor's SDK, which reads its own variable
            return
        if not _IDENTIFIER.match(name):
            return  # ``getenv("modal.state.x")``: a name no shell exports
        if _names_configuration(name) and _locates_configuration(node, ctx, named=True):
            return  # ``load_config(getenv("APP_CONFIG_DIR"))``: where the settings come from
        ctx.report(
            node,
            f'`{q}("{name}")` reads the environment outside the settings: declare `{name}` on a settings class',
            data=self._data(node, name, ctx),
        )

    def _data(self, node: ast.AST, name: str, ctx: ModuleContext) -> _Data:
        return _Data(
            name,
            default_of=_default_of(node, ctx),
            env_module=_in_env_module(ctx),
            sdk_own=_sdk_own(node, name, ctx),
            vendor_client=_vendor_variable(name, ctx) and _sdk_own(node, name, ctx, _vendor_takes),
            presence_only=_presence_only(node, ctx),
            vendor_presence=_imports_vendor_of(name, ctx)
            and _presence_only(node, ctx, raising=True),
            bound=_module_binding(ctx),
            name_is_data=_name_is_data(name, ctx),
            passed_on=_passed_on(node, name, ctx),
            named_default=_named_default(node, name, ctx),
            config_argument=_config_argument(node, name, ctx),
            to_child=_handed_to_child(node, name, ctx),
            library=_library_namespace(name, ctx),
            tool_home=_tool_home(node, name, ctx),
            tool_test=name.split("_", 1)[0].lower() if _truth_only(node, ctx) else None,
            api_fallback=_api_fallback(node, ctx),
            api_arguments=_api_arguments(node, ctx),
            testing_guard=_testing_guard(node, ctx),
            group=_read_group(node, name, ctx),
            first_read=_first_read(node, ctx),
            required=_required_read(node, ctx),
            config_fallback=_handler_fallback(node, ctx),
            stored=_stored_attribute(node, ctx),
            handed_to=_handed_to(node, ctx),
            returned=_returned(node, ctx),
            filled=_filled_slot(node, name, ctx),
            reported_presence=_reported_presence(node, ctx),
        )

    def visit_Subscript(self, node: ast.Subscript, ctx: ModuleContext) -> None:
        if not ctx.says(b"env"):
            # as in visit_Call: ``os.environ`` (or a local copy of it) is not spelt without
            # "env", and no name is made equal to it (no F2 equivalence ends in ``environ``)
            return
        if ctx.resolve(node.value) != "os.environ":
            if isinstance(node.ctx, ast.Store) and _environment_local(node.value, ctx):
                # ``env["X"] = ...``: the environment of a child process
                self._written(node, _key(node.slice), ctx)
            return
        name = _key(node.slice)
        if isinstance(node.ctx, ast.Store):
            if name is None and (exported := _exported_settings(node, ctx)):
                ctx.report(node, "", data=_Data("", settings_export=exported))
            if name is None:
                self._written_computed(node, ctx)  # ``os.environ[name] = value``
            parent = ctx.parents[-1] if ctx.parents else None
            value = parent.value if isinstance(parent, ast.Assign) else None
            # ``os.environ["X"] = ...``
            self._written(node, name, ctx, self._launcher_value(value, ctx))
            if name and self._exempt(ctx) and (factory := _served_factory(ctx)):
                ctx.report(node, "", data=_Data(name, factory_argument=factory))
            return
        if not isinstance(node.ctx, ast.Load) or self._settings_read(node, name, ctx):
            return
        if self._config_read(node, name, ctx):
            return
        if self._exempt(ctx) or _cli_module(ctx.path):
            return
        if name is None or name.startswith("_") or is_platform_env(name):
            return
        if not _IDENTIFIER.match(name) or _import_switch(node, ctx):
            return  # ``os.environ["modal.state.x"]``: a name no shell exports
        if _names_configuration(name) and _locates_configuration(node, ctx, named=True):
            return  # ``load_config(environ["APP_CONFIG_PATH"])``: where the settings come from
        ctx.report(
            node,
            f'`os.environ["{name}"]` reads the environment outside the settings: declare `{name}` on a settings class',
            data=self._data(node, name, ctx),
        )

    def visit_Assign(self, node: ast.Assign, ctx: ModuleContext) -> None:
        if _copies_environ(node.value, ctx):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    ctx.state(_State).env_copies.add((ctx.scope.qname, t.id))
        for t in node.targets:
            # a child process's environment being built in a dict named so:
            # ``env["RUN_ID"] = ...``, ``server_env = {"SERVER_FINAL": "1"}``
            if (
                isinstance(t, ast.Subscript)
                and isinstance(t.value, ast.Name)
                and _ENV_DICT.search(t.value.id)
            ):
                name = _key(t.slice)
                if name and _ENV_VAR.match(name) and not _forwarded(name, ctx):
                    self._written(node, name, ctx, _generated(node.value, ctx))
            elif isinstance(t, ast.Name) and _ENV_DICT.search(t.id):
                self._env_local(node, node.value, ctx)

    def visit_AnnAssign(self, node: ast.AnnAssign, ctx: ModuleContext) -> None:
        if isinstance(node.target, ast.Name) and _ENV_DICT.search(node.target.id):
            self._env_local(node, node.value, ctx)  # ``env: list[dict] = [...]``

    def _env_local(self, node: ast.AST, value: ast.AST | None, ctx: ModuleContext) -> None:
        """A local named like an environment bound to one: ``env = {"RUN_ID": ...}``, or a
        Kubernetes container's ``env = [{"name": "RUN_ID", "value": ...}]``."""
        for name in _env_entries(value):
            if not _forwarded(name, ctx):
                self._written(node, name, ctx)

    def visit_Dict(self, node: ast.Dict, ctx: ModuleContext) -> None:
        if _spreads_environ(node, ctx):
            for name in _dict_keys(node):
                self._written(node, name, ctx)  # ``{**os.environ, "X": ...}``
        for key, value in zip(node.keys, node.values):
            if _env_key(_key(key)):
                # a payload or manifest that gives a process the project launches its
                # environment: ``{"image": ..., "env": {"RUN_ID": ...}}``
                for name in _env_entries(value):
                    if not _forwarded(name, ctx):
                        self._written(node, name, ctx)

    def visit_FunctionDef(self, node: ast.FunctionDef, ctx: ModuleContext) -> None:
        state = ctx.state(_State)
        if state.may_assign is None:
            state.may_assign = _MAY_ASSIGN.search(ctx.source) is not None
        if state.may_assign:
            for name, line in _command_line_names(node):
                # ``f"env APP_RUN_ID={rid} python -m app.worker"`` handed to what runs it:
                # the variable of the program the project starts
                self._written(line, name, ctx)
        if ctx.says(b'"-e"', b"'-e'", b'"--env"', b"'--env'") and ctx.says(b"docker", b"podman"):
            for name, arg in _container_env_args(node):
                # ``["run", ..., "-e", f"X={value}"]``: the variable of the container it starts
                self._written(arg, name, ctx, _launcher_made(arg, name, ctx))
        if not ctx.says(b"env_file", b"env-file"):
            return  # no env file handed to a launcher (``env_file=``, ``--env-file``)
        names = _env_file_lines(node)
        if not names or self._exempt(ctx) or _cli_module(ctx.path):
            return
        if self._in_cli_command(ctx) or any(
            _cli_decorator(dec, ctx) for dec in node.decorator_list
        ):
            return  # a command writing the env file forwards its options
        for name in names:
            # ``lines.append(f"RUN_ID={run_id}\n")`` written to the ``.env`` of the
            # containers it starts (docker compose's ``env_file``)
            ctx.report(node, f"`{name}` is written by the project", data=_Data(name, written=True))

    visit_AsyncFunctionDef = visit_FunctionDef

    # -- variables the project writes: an internal channel, not a setting ------------------
    def _writes(self, node: ast.Call, q: str | None, ctx: ModuleContext) -> None:
        if q in _DOTENV_WRITES and len(node.args) > 1 and _key(node.args[1]) is None:
            self._written_computed(node, ctx)  # ``set_key(".env", name, value)``
        elif q in _WRITE_CALLS and node.args:
            if _key(node.args[0]) is None:
                self._written_computed(node, ctx)
            value = node.args[1] if len(node.args) > 1 else None
            name = _key(node.args[0])
            self._written(node, name, ctx, self._launcher_value(value, ctx))
            if name and self._exempt(ctx) and (factory := _served_factory(ctx)):
                ctx.report(node, "", data=_Data(name, factory_argument=factory))
        elif (
            isinstance(node.func, ast.Attribute)
            and node.func.attr == "update"
            and isinstance(node.func.value, ast.Name)
            and any(_copies_environ(a, ctx) for a in node.args)
        ):
            # ``env.update(os.environ)``: ``env`` now holds a child process's environment
            ctx.state(_State).env_copies.add((ctx.scope.qname, node.func.value.id))
        elif q == "os.environ.update" or (
            isinstance(node.func, ast.Attribute)
            and node.func.attr in ("update", "setdefault")
            and (
                _environment_local(node.func.value, ctx)
                or (isinstance(node.func.value, ast.Name) and _ENV_DICT.search(node.func.value.id))
            )
        ):
            if isinstance(node.func, ast.Attribute) and node.func.attr == "setdefault":
                self._written(node, _key(node.args[0]) if node.args else None, ctx)
                return
            for a in node.args:
                for name in _dict_keys(a):
                    self._written(node, name, ctx)
            for kw in node.keywords:
                self._written(node, kw.arg, ctx)
        elif (
            isinstance(node.func, ast.Attribute)
            and node.func.attr in ("append", "extend")
            and isinstance(node.func.value, ast.Name)
            and _ENV_DICT.search(node.func.value.id)
            and len(node.args) == 1
        ):
            # ``env.append({"name": "RUN_ID", "value": ...})``: a Kubernetes container's env
            entries = node.args[0] if node.func.attr == "extend" else ast.List([node.args[0]])
            for name in _env_entries(entries):
                if not _forwarded(name, ctx):
                    self._written(node, name, ctx)
        elif q == "builtins.dict" and node.args and ctx.resolve(node.args[0]) == "os.environ":
            for kw in node.keywords:
                self._written(node, kw.arg, ctx)  # ``dict(os.environ, X="1")``
        for kw in node.keywords:
            if kw.arg == "env" and not isinstance(kw.value, (ast.List, ast.Tuple)):
                for name in _dict_keys(kw.value):
                    self._written(node, name, ctx)  # ``subprocess.run(..., env={"X": ...})``
            elif _env_key(kw.arg):
                # ``containers.run(..., environment={"X": ...})``, ``env=["X=1"]``
                for name in _env_entries(kw.value):
                    if not _forwarded(name, ctx):
                        self._written(node, name, ctx)

    def _written(
        self, node: ast.AST, name: str | None, ctx: ModuleContext, generated: bool = False
    ) -> None:
        # An entry point (or a settings module) that writes the environment forwards its
        # options to the application it starts: the variable stays an operator's setting.
        # Written by the application's own code, or with a value the code makes itself
        # (a fresh key for the server it starts, the path of a folder it ships), it is a
        # channel between its processes.
        if name and (generated or not self._exempt(ctx)):
            ctx.report(node, f"`{name}` is written by the project", data=_Data(name, written=True))

    def _launcher_value(self, value: ast.AST | None, ctx: ModuleContext) -> bool:
        """An entry point (not a settings module) writes a value it makes from its own files
        (:func:`_launcher_derived`): a channel to the server it starts, as a fresh key is."""
        return self._exempt(ctx) and not _settings_module(ctx) and _launcher_derived(value, ctx)

    def _written_computed(self, node: ast.AST, ctx: ModuleContext) -> None:
        """The process environment (or a dotenv file) written under a name the code
        computes, outside an entry point or a settings module: the application manages
        variables at run time (an endpoint that sets a user's provider key)."""
        state = ctx.state(_State)
        if state.runtime_written or self._exempt(ctx) or _cli_module(ctx.path):
            return  # a command line's options (``envvar="X"``) are the operator's settings
        state.runtime_written = True
        for name in sorted(_runtime_names(ctx)):
            ctx.report(node, f"`{name}` is set at run time", data=_Data(name, written=True))

    def _settings_read(self, node: ast.AST, name: str | None, ctx: ModuleContext) -> bool:
        """A settings module (by its path) reads a variable that locates the settings' file,
        or a pydantic-settings source reads one that selects what it loads
        (:func:`_selects_source`): leave a marker for ``judge`` (reads of it elsewhere are of
        the settings' bootstrap)."""
        if not name:
            return False
        selector = _selects_source(node, ctx)
        if selector or (
            _settings_path(ctx.path)
            and (_LOCATES_SETTINGS.search(name) or _locates_configuration(node, ctx))
        ):
            ctx.report(
                node,
                f"`{name}` is read by the settings",
                data=_Data(name, settings_read=True, source_selector=selector),
            )
            return True
        return False

    def _config_read(self, node: ast.AST, name: str | None, ctx: ModuleContext) -> bool:
        """A configuration module (by its name: ``config/settings.py``, or by what it holds:
        :func:`_configuration_layer`) reads a variable:
        leave a marker for ``judge``, whose raw reads elsewhere are pointed at its value."""
        if not (name and _settings_module(ctx)) or any(_is_main_guard(p) for p in ctx.parents):
            return False
        if not name.startswith("_") and not is_platform_env(name):
            ctx.report(
                node,
                f"`{name}` is read by the configuration",
                data=_Data(
                    name,
                    config_read=True,
                    bound=(bound := _module_binding(ctx)),
                    conditional=bool(bound) and _bound_conditionally(bound, ctx),
                ),
            )
        return True

    def _exempt(self, ctx: ModuleContext) -> bool:
        if _settings_module(ctx) or _entry_point_path(ctx.path):
            return True
        if any(_is_main_guard(p) for p in ctx.parents):
            return True
        return self._in_cli_command(ctx)

    def _in_cli_command(self, ctx: ModuleContext) -> bool:
        """Inside a function that a CLI framework runs as a command (``@app.command()`` on
        a ``typer.Typer``, ``@click.command()``): an entry point that prepares the
        environment before the application, and its settings, exist."""
        state = ctx.state(_State)
        cli = state.cached
        if cli is None:
            cli = any(q.split(".", 1)[0] in _CLI_MODULES for q in ctx.facts.imports.values())
            state.cached = cli
        if not cli:
            return False
        return any(
            _cli_decorator(dec, ctx)
            for p in ctx.parents
            if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef))
            for dec in p.decorator_list
        )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        if project.ships_no_application and not project.settings_classes:
            # a library with no settings class: a variable it reads is its own documented
            # knob, configured by the applications that use it; there is no class, and no
            # application of its own, to declare it on
            return []
        # the project copies a mapping of its settings into the environment (vendors' keys,
        # for SDKs that read their own variables): those variables are the settings'
        exported = any(_settings_instance(project, h.payload(_Data).settings_export) for h in hits)
        # variables whose value some read of the project uses (not only tests for presence)
        valued = {
            h.payload(_Data).name
            for h in hits
            if not h.payload(_Data).written
            and not h.payload(_Data).presence_only
            and not h.payload(_Data).reported_presence
        }
        hits = [h for h in hits if not h.payload(_Data).settings_export]
        # the flows below depend only on the callable and the place (a read's function for
        # a returned value), not on the read: asked once per audit each
        loads: dict[tuple[str, int | str], bool] = {}
        returns: dict[str, bool] = {}

        def loads_from(target: tuple[str, int | str]) -> bool:
            if target not in loads:
                loads[target] = _loads_environment_from(project, target)
            return loads[target]

        def returned_to(h: Hit) -> bool:
            fn = project.function_at(h.path or "", h.line or 0)
            if fn is None:
                return False
            if fn.qname not in returns:
                returns[fn.qname] = _returned_to_configuration(project, fn)
            return returns[fn.qname]

        # a variable an entry point writes for the application factory it then serves by
        # its import string: read in that factory, it is the factory's argument
        arguments = {
            (h.payload(_Data).name, h.payload(_Data).factory_argument)
            for h in hits
            if h.payload(_Data).factory_argument
        }
        hits = [h for h in hits if not h.payload(_Data).factory_argument]
        # a variable the project sets itself (for its child processes, or to restore it after
        # a temporary override) is an internal channel between its own parts
        written = {h.payload(_Data).name for h in hits if h.payload(_Data).written}
        # a variable that locates the settings' own file, read by the settings module: the
        # settings are loaded from it, it cannot be one of their fields
        # (only when that module defines the settings class: the file holds its values)
        bootstrap = {
            h.payload(_Data).name
            for h in hits
            if h.payload(_Data).source_selector
            or (
                (h.payload(_Data).settings_read or _LOCATES_SETTINGS.search(h.payload(_Data).name))
                and _holds_settings_class(project, h.path)
            )
            # or by the configuration's loader, which finds the file with it
            or (
                h.payload(_Data).settings_read
                and _LOCATES_SETTINGS.search(h.payload(_Data).name)
                and _locator_read(project, h)
            )
        }
        hits = [h for h in hits if not h.payload(_Data).settings_read]
        # where a configuration module (by its name, or one gathering the environment into
        # constants when there is no settings class) already reads a variable
        config_reads: dict[str, list[Hit]] = {}
        for h in hits:
            if h.payload(_Data).config_read or (
                h.payload(_Data).env_module and not project.settings_classes
            ):
                config_reads.setdefault(h.payload(_Data).name, []).append(h)
        hits = [h for h in hits if not h.payload(_Data).config_read]
        # variables an API client the application builds reads itself (it is given none)
        delegated = {
            h.payload(_Data).name
            for h in hits
            if h.payload(_Data).sdk_reads and project.is_application_code(h.path, h.line)
        }
        hits = [h for h in hits if not h.payload(_Data).sdk_reads]
        # reads of an SDK's own variable stored where the SDK's client takes that argument
        # from (``if not self.config.api_key: self.config.api_key = getenv("OPENAI_API_KEY")``
        # beside ``AsyncOpenAI(api_key=self.config.api_key)``): the project's own code hands
        # the variable to the SDK, which reads it itself when given nothing
        slots = {(h.payload(_Data).name, h.payload(_Data).sdk_slot) for h in hits}
        fed = {
            id(h)
            for h in hits
            if h.payload(_Data).filled and (h.payload(_Data).name, h.payload(_Data).filled) in slots
        }
        delegated |= {
            h.payload(_Data).name
            for h in hits
            if id(h) in fed and project.is_application_code(h.path, h.line)
        }
        hits = [h for h in hits if not h.payload(_Data).sdk_slot]
        no_settings_class = not project.settings_classes
        if any(not h.payload(_Data).written for h in hits):
            written |= _templated_env_names(project)
        # application code only: not an SDK module the server never imports, test support,
        # or a standalone program (issue 10, class 6)
        hits = [
            h
            for h in hits
            if project.is_application_code(h.path, h.line) and not project.is_vendored(h.path)
        ]
        hits = _beside_the_server(project, hits)
        settings_modules: dict[str, bool] = {}
        # one finding per variable and statement: ``int(getenv("X")) if getenv("X") else
        # None`` reads it twice to one end, as ``if getenv("X"): host = str(getenv("X"))``
        # does in the test and the body of one ``if`` (:func:`_read_group`)
        once: set[tuple[str, int | None, str]] = set()
        unused = _unused(project, hits)
        located = _located_configurations(project, hits)
        families = _internal_families(project, hits, written)
        unread = _unread_attributes(project, hits)
        defaults = _only_defaults(project, hits)
        uncalled = _uncalled(project, hits)
        launchers = _launchers(project, hits) | _uncalled_launchers(project, hits)
        passed = _always_given(project, hits)
        libraries = _imported_libraries(project, hits)
        own_libraries = _own_libraries(project, hits)
        declared = _declared_env_names(project)
        holders: dict[str, str] | None = None  # :func:`_configuration_holders`
        helpers: dict[str, str] | None = None  # :func:`_reading_helpers`
        accessors = _settings_accessors(project, hits)
        own_packages = _own_packages(project)
        tool_tests = _tested_tool_variables(project, hits, own_packages)
        children = _child_credentials(project, hits, valued | set(declared), own_packages)
        reported = _reported_credentials(hits, valued | set(declared))
        validated: dict[str, str] | None = None
        defaulted: set[str] | None = None
        entries: dict[str, tuple[str, str]] | None = None  # :func:`_declaration_objects`
        standalone = _serialised_tools(project)
        cyclic = _imported_by_configuration(project) if hits else set()
        folders = (
            _configuration_folders(project)
            if any(h.payload(_Data).returned for h in hits)
            else frozenset()
        )
        settings_fields = frozenset(f for names in declared.values() for f in names)
        lines_of: dict[str, list[str]] = {}
        out = []
        for h in hits:
            if h.payload(_Data).written or h.payload(_Data).name in written:
                continue
            if not h.payload(_Data).written:
                key = (h.path or "", h.payload(_Data).group or h.line, h.payload(_Data).name)
                if key in once:
                    continue
                once.add(key)
            if h.payload(_Data).name in bootstrap:
                continue  # the settings' own file: located before the settings exist
            if arguments and _factory_argument(project, h, arguments):
                continue  # handed by the launcher to the factory it serves, which reads it
            if h.payload(_Data).returned and _in_functions(project, h, folders):
                continue  # returns the folder the configuration loader reads its file from
            if h.payload(_Data).env_module and no_settings_class:
                continue  # the module that gathers the environment is the project's settings
            if h.payload(_Data).default_of:
                continue  # the default of a constructor's argument: its maker configures it
            if h.path in cyclic:
                continue  # the settings import its module: reading them there is a cycle
            if _refuses_outside_tests(project, h.payload(_Data).testing_guard):
                continue  # ``if environ["X"] != "testing": raise``: the test suite's marker
            if launchers and h.line is not None:
                fn = project.function_at(h.path or "", h.line)
                if fn is not None and fn.qname in launchers:
                    continue  # a command the distribution installs: it starts the server
            if h.payload(_Data).api_fallback in uncalled:
                continue  # the default of an API's argument nothing in the project calls
            if h.payload(_Data).api_fallback in passed:
                continue  # the default of an API's argument every project call passes
            if h.payload(_Data).sdk_own or id(h) in fed:
                continue  # handed to the SDK that reads the same variable itself
            if h.payload(_Data).name in delegated and (
                h.payload(_Data).vendor_client or h.payload(_Data).presence_only
            ):
                continue  # the vendor's variable, which the project lets its SDK read itself
            if exported and h.payload(_Data).vendor_presence:
                continue  # a vendor's variable its SDK reads, which the settings export
            if h.payload(_Data).named_default and not _request_scoped(project, h):
                continue  # a vendor's default for a value the caller gives under its name
            if h.payload(_Data).config_argument:
                continue  # loaded into a configuration object that declares it
            if libraries.intersection(h.payload(_Data).library) and not own_libraries.intersection(
                h.payload(_Data).library
            ):
                continue  # a setting of a library the project uses (Prefect's ``PREFECT_*``)
            if (home := h.payload(_Data).tool_home) and home not in own_packages:
                continue  # another program's home folder: that program's setting
            if id(h) in tool_tests:
                continue  # only tests that program's variable, beside locating its home
            if h.payload(_Data).name in children:
                continue  # a credential only tested, for the programs the project starts
            if h.payload(_Data).name in reported:
                continue  # a credential the project never uses, whose presence it reports
            if h.payload(_Data).to_child:
                continue  # handed on under its name to a child's environment: the child's
            if h.payload(_Data).name_is_data:
                continue  # the variable's name is the component's configuration
            if (h.path or "", h.payload(_Data).bound) in unused:
                continue  # bound to a module constant nothing uses: dead code
            if (h.path or "", h.payload(_Data).bound) in located:
                continue  # where the configuration is loaded from, through module constants
            if any(loads_from(t) for t in h.payload(_Data).handed_to):
                continue  # locates the configuration, through the callables it is handed to
            if h.payload(_Data).returned and returned_to(h):
                continue  # returned to a caller that loads the configuration from it
            if (h.path or "", h.payload(_Data).bound) in defaults:
                continue  # a constant only a constructor's parameter takes as its default
            if _under_false_guard(project, h):
                continue  # behind ``if USE_X:`` with ``USE_X = False``: never runs
            if _internal_sibling(project, h, families):
                continue  # beside the internal markers the project writes for its launches
            if (h.path or "", h.line or 0) in unread:
                continue  # stored in a private attribute nothing reads: dead code
            if h.payload(_Data).config_fallback and _configuration_fallback(project, h):
                continue  # ``try: cfg().x`` ``except: getenv("X")``: the configuration's
            fields = declared.get(h.payload(_Data).name.upper())
            if fields and _falls_back(project, h, fields):
                continue  # the settings field is read first: the raw read is its fallback
            if fields and h.payload(_Data).passed_on:
                continue  # handed on to a process whose settings class declares it
            if standalone and h.line is not None:
                fn = project.function_at(h.path or "", h.line)
                while fn is not None and fn.qname not in standalone and ".<locals>." in fn.qname:
                    fn = project.function(fn.qname.rsplit(".<locals>.", 1)[0])
                if fn is not None and fn.qname in standalone:
                    continue  # its source runs in an agent's process, without the settings
            path = h.path or ""
            if path not in settings_modules:
                settings_modules[path] = _holds_settings_class(project, path)
            if settings_modules[path]:
                continue
            if id(h) in accessors:
                continue  # in a hand-written settings object, or the helper behind one
            sources = [c for c in config_reads.get(h.payload(_Data).name, ()) if c.path != h.path]
            advice = h.message
            if sources and not fields:
                h = _use_configuration(project, h, sources)
            elif fields:
                # declared already: the advice is to read the field, not to declare it again
                named = ", ".join(f"`{f}`" for f in sorted(fields))
                if validated is None:
                    validated = _validated_fields(project)
                checked = sorted(
                    {validated[f] for f in fields if f in validated}
                    | ({validated["*"]} if "*" in validated else set())
                )
                mind = (
                    f", minding its validator `{checked[0]}`: it may rewrite the value, so "
                    "compare against what the field holds, not the raw variable"
                    if checked
                    else ""
                )
                if h.payload(_Data).required:
                    if defaulted is None:
                        defaulted = _defaulted_fields(project)
                    given = sorted(f for f in fields if f in defaulted)
                else:
                    given = []
                if given:
                    # the read refuses to start without the variable; the field would
                    # quietly fall back to its default
                    h = dataclasses.replace(
                        h,
                        message=f"{h.message.split(': declare ', 1)[0]}: the settings "
                        f"already declare it ({named}), but with a default, while this "
                        "read stops the program when the variable is unset: make the field "
                        f"`{given[0]}` required (no default) and read it, or the program "
                        f"would silently run with the default{mind}",
                        fix_title="Make the declared settings field required and read it",
                    )
                else:
                    h = dataclasses.replace(
                        h,
                        message=f"{h.message.split(': declare ', 1)[0]}: the settings "
                        f"already declare it ({named}); read that field instead{mind}",
                        fix_title="Read the settings field the project already declares"
                        + (" (its validator may rewrite the value)" if checked else ""),
                    )
            elif not fields and (first := declared.get(h.payload(_Data).first_read.upper())):
                # ``getenv("NEW") or getenv("OLD")`` with ``NEW`` a settings field: the old
                # name of a declared setting, not a second one
                named = ", ".join(f"`{f}`" for f in sorted(first))
                h = dataclasses.replace(
                    h,
                    message=f"{h.message.split(': declare ', 1)[0]}: it is read only when "
                    f"`{h.payload(_Data).first_read}` is not set, which the settings already "
                    f"declare ({named}); read that field, with `{h.payload(_Data).name}` as "
                    "another name for it if it must keep working, not a second setting",
                    fix_title="Read the settings field the project already declares",
                )
            elif not fields and (field := _bypassed_field(project, h, settings_fields, lines_of)):
                name = h.payload(_Data).name
                h = dataclasses.replace(
                    h,
                    message=f"{h.message.split(': declare ', 1)[0]}: it falls back from the "
                    f"settings field `{field}` read just before; drop it, or make `{name}` "
                    "that field's alias",
                    fix_title="Read the settings field the project already declares",
                )
            if h.message == advice:
                if entries is None:
                    entries = _declaration_objects(project)
                if (entry := entries.get(h.payload(_Data).name)) is not None:
                    h = dataclasses.replace(
                        h,
                        message=f"{h.message.split(': declare ', 1)[0]}: the configuration "
                        f"already declares `{h.payload(_Data).name}` (`{entry[0]} = "
                        f"{entry[1]}(...)`); read it through that declaration, not raw",
                        fix_title="Read the variable through the declaration the "
                        "configuration already holds",
                    )
                elif (
                    held := (
                        holders := _configuration_holders(project) if holders is None else holders
                    ).get(h.payload(_Data).name)
                ) is not None:
                    h = dataclasses.replace(
                        h,
                        message=f"{h.message.split(': declare ', 1)[0]}: the settings already "
                        f"read `{h.payload(_Data).name}` into `{held}`; read that setting "
                        "instead of declaring the variable again",
                        fix_title="Read the setting the project already declares",
                    )
                elif (
                    helper := (
                        helpers := _reading_helpers(project, {x.payload(_Data).name for x in hits})
                        if helpers is None
                        else helpers
                    ).get(h.payload(_Data).name)
                ) is not None and helper != getattr(
                    project.function_at(h.path or "", h.line or 0), "qname", None
                ):
                    h = dataclasses.replace(
                        h,
                        message=f"{h.message.split(': declare ', 1)[0]}: the project already "
                        f"reads `{h.payload(_Data).name}` through its settings' accessor in "
                        f"`{helper}()`; call that helper instead of reading the variable again",
                        fix_title="Call the project's helper that already reads the variable",
                    )
            out.append(h)
        return out

    bad = examples.BAD
    good = examples.GOOD
