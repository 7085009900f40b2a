"""The project model: computed once per audit from the module facts, read-only for checks.

It answers the cross-module questions (F2-F7): what a qualified name refers to, the class
hierarchy (Pydantic models, settings classes, ORM bases), the FastAPI apps and routers
and their ``include_router`` chains, the route handlers with full paths, the dependency
closure and the lifespan functions.  When something cannot be resolved the answer is
"unknown" (None), and checks stay silent.
"""

from __future__ import annotations

import array
import ast
import bisect
import re
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from auditor import names
from auditor.facts import (
    BinOp,
    Call,
    CallSite,
    Class,
    Expr,
    Function,
    IfExp,
    Lit,
    MethodCall,
    ModuleFacts,
    Name,
    Param,
    Seq,
    ServerSite,
    Sub,
    arg,
    dotted_of,
    is_lit,
    iter_exprs,
    kwarg,
    lit,
    qname_of,
    seq_items,
)
from auditor.inventory import Inventory

if TYPE_CHECKING:  # pragma: no cover
    from auditor.guards import FalseGuards, ShippedPathFallbacks
    from auditor.project_files import ProjectFiles
    from auditor.scope import Completeness, NamedUse, Reach, Serving
    from auditor.versions import PydanticVersion
from auditor.lazyre import lazy_compile
from auditor.repository import Repository

ANNOTATED = frozenset({"typing.Annotated", "typing_extensions.Annotated"})
OPTIONAL = frozenset({"typing.Optional", "typing_extensions.Optional"})
UNION = frozenset({"typing.Union", "typing_extensions.Union"})
#: External classes known to derive from others (we never read third-party code).
KNOWN_BASES: dict[str, tuple[str, ...]] = {
    "pydantic.RootModel": ("pydantic.BaseModel",),
    "pydantic.generics.GenericModel": ("pydantic.BaseModel",),
    "pydantic_settings.BaseSettings": ("pydantic.BaseModel",),
    "sqlmodel.SQLModel": ("pydantic.BaseModel",),
    "fastapi.responses.JSONResponse": ("fastapi.responses.Response",),
    "fastapi.responses.ORJSONResponse": (
        "fastapi.responses.JSONResponse",
        "fastapi.responses.Response",
    ),
    "fastapi.responses.UJSONResponse": (
        "fastapi.responses.JSONResponse",
        "fastapi.responses.Response",
    ),
    "fastapi.responses.HTMLResponse": ("fastapi.responses.Response",),
    "fastapi.responses.PlainTextResponse": ("fastapi.responses.Response",),
    "fastapi.responses.RedirectResponse": ("fastapi.responses.Response",),
    "fastapi.responses.StreamingResponse": ("fastapi.responses.Response",),
    "fastapi.responses.FileResponse": ("fastapi.responses.Response",),
    "fastapi.HTTPException": ("starlette.exceptions.HTTPException",),
}
DECLARATIVE_BASE_CLASSES = frozenset(
    {"sqlalchemy.orm.DeclarativeBase", "sqlalchemy.orm.DeclarativeBaseNoMeta"}
)
DECLARATIVE_BASE_FACTORIES = frozenset(
    {
        "sqlalchemy.orm.declarative_base",
        "sqlalchemy.ext.declarative.declarative_base",
        "sqlalchemy.orm.decl_api.declarative_base",
    }
)
AS_DECLARATIVE = frozenset(
    {"sqlalchemy.orm.as_declarative", "sqlalchemy.ext.declarative.as_declarative"}
)
SETTINGS_BASES = frozenset(
    {
        "pydantic_settings.BaseSettings",
        "pydantic.BaseSettings",
        "pydantic.env_settings.BaseSettings",
    }
)
MODEL_BASES = frozenset({"pydantic.BaseModel"})
DATACLASS_DECORATORS = frozenset({"dataclasses.dataclass", "pydantic.dataclasses.dataclass"})
#: Reach kinds (:class:`auditor.scope.Reach`) of code outside the application: a function
#: only a module's ``__main__`` program runs, or only functions registered on an MCP server
#: nothing starts (never).
NEVER_SERVED_REACH = frozenset({"program", "unstarted"})
#: FastAPI's security schemes: dependencies known to read no path, query or body parameters.
SECURITY = "fastapi.security"
V1_BASES = frozenset({"pydantic.v1.BaseModel", "pydantic.v1.BaseSettings"})
#: Metaclasses known to leave a model's fields as written: the stdlib's ``ABCMeta`` and
#: Pydantic's own (naming it is the default).
PLAIN_METACLASSES = frozenset(
    {
        "abc.ABCMeta",
        "builtins.type",
        "pydantic.main.ModelMetaclass",
        "pydantic._internal._model_construction.ModelMetaclass",
    }
)


#: A cheap gate for :data:`_LOG_LINE`: the module spells a logger's method at all.
_LOG_WORD = lazy_compile(rb"\.(?:debug|info|warning|warn|error|exception|critical|log)\b")
#: A call of a log method on a logger, by the receiver's name (``logger.info(``,
#: ``self._log.error(``, ``LOGGER.warning(``, ``logging.exception(``,
#: ``logging.getLogger("x").info(``): the method names are ``logging.Logger``'s (Python
#: docs, "Logger Objects"), which loguru's and structlog's loggers share.
_LOG_LINE = lazy_compile(
    rb"(?i)(?:\b\w*log(?:ger)?|\blogging|\bget_?logger\([^()]*\))\s*\.\s*"
    rb"(?:debug|info|warning|warn|error|exception|critical|log)\s*\("
)


@dataclass(frozen=True, eq=False)
class Binding:
    """A module-level ``NAME = value`` in a project module (equal by module and name)."""

    module: ModuleFacts
    name: str
    value: Expr

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Binding) and (self.module.module, self.name) == (
            other.module.module,
            other.name,
        )

    def __hash__(self) -> int:
        return hash((self.module.module, self.name))

    @property
    def qname(self) -> str:
        return f"{self.module.module}.{self.name}"


@dataclass
class AppInstance:
    """A FastAPI or APIRouter instance (F3), keyed by its binding's qualified name."""

    qname: str
    kind: str  # "app" | "router"
    call: Call
    module: ModuleFacts
    line: int
    column: int
    function: str | None
    includes: list[MethodCall] = field(default_factory=list)  # calls made on it
    included_by: list[tuple[AppInstance, MethodCall]] = field(default_factory=list)

    @property
    def path(self) -> str:
        return self.module.path

    @property
    def label(self) -> str:
        """The qualified name as a reader knows it: ``pkg.Server.app`` for the instance a
        server object keeps (``<self>``), ``pkg.make()`` for the one a factory returns,
        ``FastAPI() in pkg.make, line 12`` for one built inline (``Wrapper(app=FastAPI())``)."""
        scope, inline, line = self.qname.rpartition(".<inline@")
        if inline:
            scope = scope.replace(".<locals>", "").replace(".<self>", "")
            return f"FastAPI() in {scope}, line {line.rstrip('>')}"
        return self.qname.replace(".<self>.", ".").replace(".<return>", "()")

    def kw(self, name: str) -> Expr | None:
        return kwarg(self.call, name)


@dataclass
class Route:
    function: Function
    module: ModuleFacts
    methods: tuple[str, ...]
    path: str | None  # the decorator's path literal (None if not literal)
    receiver: AppInstance
    decorator: Call  # the decorator call (or the add_api_route call)
    websocket: bool = False
    #: the module the decorator (or the ``add_api_route`` call) is written in: the handler's
    #: own module for a decorator, the registering module for ``router.add_api_route(path,
    #: handler)`` (often another one).  A finding on the route sits at ``site.path``,
    #: ``decorator.line``: the exact lines of one file (``module`` stays the handler's)
    site: ModuleFacts = field(default=None, repr=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.site is None:
            self.site = self.module

    @property
    def full_paths(self) -> list[str | None]:
        return self.receiver_project.full_paths(self)

    receiver_project: Project = field(default=None, repr=False)  # type: ignore[assignment]

    def kw(self, name: str) -> Expr | None:
        return kwarg(self.decorator, name)

    @property
    def prefix_unseen(self) -> bool:
        """A router of the route's include chain sits under a prefix the model cannot see
        (:meth:`Project.prefix_unseen`): its full paths are only what follows that prefix."""
        project = self.receiver_project
        return project is not None and any(
            i.kind != "app" and not i.included_by and project.prefix_unseen(i)
            for i in project.include_chain(self.receiver)
        )

    @property
    def label(self) -> str:
        """How a message names the route: its methods, full path and handler (``POST
        /api/v1/stacks``, ``create_stack``); else what is known of the path, saying that the
        rest is built at run time (never an empty or partial path passed off as the whole)."""
        methods = "/".join(self.methods) or "GET"
        name = self.function.name
        paths = [p for p in self.full_paths if p is not None]
        if paths and not self.prefix_unseen:
            return f"`{methods} {paths[0] or '/'}` (`{name}`)"
        if paths:
            # a router no app is seen including (a factory's router included by code the model
            # cannot follow, under a computed prefix): what follows that prefix is all we know
            return f"`{methods} …{paths[0]}` (`{name}`; its router's prefix is not known)"
        tail = self.known_tail
        if tail:
            return f"`{methods} …{tail}` (`{name}`; its router prefix is built at run time)"
        return f"`{methods}` route `{name}` (its path is built at run time)"

    @property
    def known_tail(self) -> str | None:
        """What is known of a path built at run time: the decorator's path under its router's
        own prefix when that is known (``APIRouter(prefix="/feeds")`` included under a
        setting: ``/feeds/run``), else the decorator's path; None when that is not literal."""
        if self.path is None:
            return None
        own = self.receiver.kw("prefix") if self.receiver.kind == "router" else None
        project = self.receiver_project
        known = "" if own is None else project.path_value(own) if project is not None else None
        return self.path if known is None else known + self.path


@dataclass
class DependencyRef:
    target: str | None  # resolved qualified name of the dependency callable (None: unknown)
    call: Expr
    project_callable: Function | Class | None


@dataclass
class DependencyClosure:
    """The transitive dependencies of some refs (:meth:`Project.dependency_closure`)."""

    #: every function FastAPI calls, once each (methods included: ``__init__``, ``__call__``)
    functions: list[Function] = field(default_factory=list)
    #: Pydantic models and dataclasses used as dependencies: their fields are parameters
    models: list[Class] = field(default_factory=list)
    #: what could not be followed (an unresolved name, an external class, a dynamic call)
    unknown: list[DependencyRef] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Every dependency was followed: an absence in the closure is a real absence."""
        return not self.unknown


#: A whole word of a file's bytes, as ``\\b`` in a bytes pattern sees one (ASCII letters,
#: digits and ``_``), and the table that turns every other byte into a space (the words of
#: ``data`` are then ``data.translate(_WORD_BYTES).split()``: on litellm's 43 MB, 0.5 s).
_WORD = re.compile(rb"\w+")
_WORD_BYTES = bytes(c if _WORD.fullmatch(bytes([c])) else 32 for c in range(256))

#: How many files' lines :meth:`Project.module_lines` keeps.
LINES_KEPT = 16


class Project:
    def __init__(
        self,
        repo: Repository,
        modules: Iterable[ModuleFacts],
        inventory: Inventory,
        settings: dict[str, Any] | None = None,
        aliases: dict[str, str] | None = None,
    ):
        self.repo = repo
        self.inventory = inventory
        self.settings: dict[str, Any] = dict(settings or {})
        self.modules: dict[str, ModuleFacts] = {}
        self.by_path: dict[str, ModuleFacts] = {}
        for m in modules:
            self.modules[m.module] = m
            self.by_path[m.path] = m
        self._aliases = (
            aliases if aliases is not None else module_aliases(self.by_path.keys(), self.repo.files)
        )
        self._resolve_cache: dict[str, Any] = {}
        self._flags: dict[str, Lit | None] = {}
        #: qname -> :meth:`split_module`'s answer (the model does not change once built, and
        #: the call graph and the checks split the same names hundreds of thousands of times)
        #: (the module, and where the rest starts among the name's dotted parts: a small int
        #: rather than a tuple of new strings, which cost ~20 MB on litellm)
        self._split_cache: dict[str, tuple[ModuleFacts | None, int]] = {}
        #: qname -> :meth:`function`'s answer outside a resolution (the call graph asks
        #: ~340,000 times on litellm)
        self._function_cache: dict[str, Function | None] = {}
        #: path -> the names of project functions the file refers to (None: it does not
        #: tokenize), filled with ``function_uses`` as the dead-code questions ask
        self.referred_functions: dict[str, frozenset[str] | None] = {}
        #: path -> the uses of project functions' names in the file, by name (None: it does
        #: not tokenize), read with its ``referred_functions`` (one pass of the tokenizer,
        #: :func:`auditor.scope._read_names`) by whichever question asks first
        self.function_uses: dict[str, dict[str, list[tuple[int, str]]] | None] = {}
        #: name -> the positions (in ``repo.python_files()``) of the files holding it as a
        #: whole word, packed (``array("I")`` bytes), for the names of the project's
        #: functions and classes and the words asked since (:meth:`files_naming`); None
        #: until first asked
        self._word_files: dict[str, bytes] | None = None
        self._resolving: set[str] = set()
        self._ancestors: dict[str, frozenset[str]] = {}
        self._exception_handlers: dict[str, list[str | None]] | None = None
        #: module -> whether a file other than its own names it (:func:`auditor.scope._plugins`)
        self.plugins_named: dict[str, bool] = {}
        #: module -> whether another file writes its name (:func:`auditor.scope._loaded`)
        self.programs_named: dict[str, bool] = {}
        #: (app qname, built in a main block, literal host) -> :meth:`served_only_on_loopback`
        self._loopback: dict[tuple[str, bool, bool], bool] = {}
        #: (function qname, parameter) -> :meth:`callers_keep_default`
        self._kept_defaults: dict[tuple[str, str], bool] = {}
        #: path -> :meth:`stale_copy`
        self._stale: dict[str, bool] = {}
        #: (app qname, kind) -> :meth:`served_only_under_root_mounts`
        self._shadowed: dict[tuple[str, str], bool] = {}
        #: path -> its lines, for the last files asked (:meth:`module_lines`)
        self._lines: OrderedDict[str, list[str] | None] = OrderedDict()
        #: (function qname, line) -> its ``def`` node (:meth:`def_node`)
        self._def_nodes: dict[tuple[str, int], ast.FunctionDef | ast.AsyncFunctionDef | None] = {}

    # -- files ----------------------------------------------------------------
    @cached_property
    def configs(self) -> ProjectFiles:
        """Parsed config files (F9): pyproject, ruff, pytest, alembic, Dockerfiles, compose..."""
        from auditor.project_files import ProjectFiles

        return ProjectFiles(self.repo)

    def files(self) -> tuple[str, ...]:
        return self.repo.files

    def read_text(self, path: str) -> str | None:
        """Text of a (non-Python) project file, through the repository."""
        return self.repo.read_text(path)

    def module_lines(self, path: str) -> list[str] | None:
        """The lines of the file at ``path`` (``read_text(path).splitlines()``), kept for
        the last :data:`LINES_KEPT` files asked: the checks that read a function's source
        ask for a few modules many times (every module's lines kept would cost tens of MB
        on a large tree)."""
        kept = self._lines
        if path in kept:
            kept.move_to_end(path)
            return kept[path]
        text = self.read_text(path)
        lines = kept[path] = text.splitlines() if text is not None else None
        if len(kept) > LINES_KEPT:
            kept.popitem(last=False)
        return lines

    def function_source(self, fn: Function) -> str | None:
        """The source of ``fn``, from its ``def`` (decorators excluded) to its last line;
        None when its module cannot be read."""
        module = self.modules.get(fn.module)
        lines = self.module_lines(module.path) if module is not None else None
        return "\n".join(lines[fn.line - 1 : fn.end_line]) if lines is not None else None

    def files_naming(self, names: Iterable[str]) -> dict[str, set[str]]:
        """The Python files (in ``repo.python_files()`` order, unreadable ones left out)
        whose text holds one of ``names`` as a whole word, with those it holds: the files a
        search for ``\\b(?:name|...)\\b`` in their bytes finds, and what it finds there.
        The text searches of the dead-code and command-line questions
        (:func:`auditor.scope.unreferenced`, ``_uses``, :func:`auditor.scope.named_uses`)
        asked this of every file, once per question (33 scans of litellm's 43 MB): the
        files' words are read once, into an index of the names of the project's functions
        and classes (what is asked), and a word outside it is looked for once, when first
        asked.  The tree does not change during an audit, so neither do the answers."""
        files = self.repo.python_files()
        index = self._word_files
        if index is None:
            index = self._word_files = self._word_index(files)
        at: dict[int, set[str]] = {}
        for name in dict.fromkeys(names):
            if not name:
                continue
            packed = index.get(name)
            if packed is None:
                packed = index[name] = self._files_with_word(name.encode(), files)
            for k in array.array("I", packed):
                at.setdefault(k, set()).add(name)
        return {files[k]: at[k] for k in sorted(at)}

    def _word_index(self, files: list[str]) -> dict[str, bytes]:
        """:attr:`_word_files` for the names of the project's functions and classes: read
        from each file's words (``data.translate(_WORD_BYTES).split()``), all files in 0.5
        s on litellm.  Kept small (~3 MB there): the model's own name strings as keys, the
        positions packed; a name no file holds (a non-ASCII one, which a bytes ``\\b`` does
        not see as one word) is left to :meth:`_files_with_word`."""
        known: dict[bytes, str] = {}
        for m in self.modules.values():
            for name in (
                *(f.name for f in m.functions.values()),
                *(c.name for c in m.classes.values()),
            ):
                w = name.encode()
                if w not in known and _WORD.fullmatch(w):
                    known[w] = name
        found: dict[str, list[int]] = {}
        for k, path in enumerate(files):
            data = self.repo.read_bytes(path)
            if data is not None:
                for w in known.keys() & set(data.translate(_WORD_BYTES).split()):
                    found.setdefault(known[w], []).append(k)
        return {name: array.array("I", ks).tobytes() for name, ks in found.items()}

    def _files_with_word(self, word: bytes, files: list[str]) -> bytes:
        """The positions (packed) of the files of ``files`` holding ``word`` as a whole word."""
        pattern = re.compile(rb"\b" + re.escape(word) + rb"\b")
        out = array.array("I")
        for k, path in enumerate(files):
            data = self.repo.read_bytes(path)
            if data is not None and word in data and pattern.search(data) is not None:
                out.append(k)
        return out.tobytes()

    def def_node(self, fn: Function) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """The ``def`` of ``fn``, read again from its module's source (the facts keep no
        syntax tree); None when the module cannot be read or parsed.  Each function's node is
        kept, not its module's tree: asking again parses nothing, and memory holds only the
        functions asked (a check following helpers asks the same few many times)."""
        key = (fn.qname, fn.line)
        if key in self._def_nodes:
            return self._def_nodes[key]
        module = self.modules.get(fn.module)
        data = self.repo.read_bytes(module.path) if module is not None else None
        node = None
        if module is not None and data is not None:
            node = self._def_node_in_statement(module, data, fn)
        if node is None and data is not None:
            try:
                tree: ast.Module | None = ast.parse(data)
            except (SyntaxError, ValueError):
                tree = None
            node = next(
                (
                    n
                    for n in (ast.walk(tree) if tree is not None else ())
                    if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                    and n.name == fn.name
                    and n.lineno == fn.line
                ),
                None,
            )
        self._def_nodes[key] = node
        return node

    def _def_node_in_statement(
        self, module: ModuleFacts, data: bytes, fn: Function
    ) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """:meth:`def_node`'s answer from a parse of the one top-level statement that holds
        ``fn`` (decorators included), placed at its own lines: the same node as the whole
        module's parse gives (its positions too), for a small part of the cost -- litellm's
        checks asked for 44 functions of its largest modules, 45 parses of the whole file,
        ~1.9 s.  None (parse the whole file) when the module did not parse, its lines are
        not plain ``\\n``-ended UTF-8, a future import may change how it parses, or the
        statement does not parse alone or holds no such ``def``."""
        span = self.top_statement(module.path, fn.line)
        if span is None or b"\r" in data or b"barry_as_FLUFL" in data:
            return None
        from auditor.scope import _utf8_source

        if not _utf8_source(data):
            return None
        first, last = span
        begin = 0
        for _ in range(first - 1):
            begin = data.index(b"\n", begin) + 1
        end = len(data)
        if last is not None:
            end = begin
            for _ in range(last - first):
                end = data.index(b"\n", end) + 1
        try:
            tree = ast.parse(b"\n" * (first - 1) + data[begin:end])
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None
        return next(
            (
                n
                for n in ast.walk(tree)
                if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                and n.name == fn.name
                and n.lineno == fn.line
            ),
            None,
        )

    def is_vendored(self, path: str | None) -> bool:
        """``path`` is a copy of another project's code: in a vendored folder
        (``thirdparty/``), or a module whose header says where it was copied from
        (``# Sourced from https://pypi.org/project/x/``), or a module of a subpackage whose
        ``__init__.py`` header says so (the package's header speaks for its files; a
        top-level package's does not, it may be a fork that is the project itself).  Advice
        about its configuration or style goes to its upstream."""
        if path is None:
            return False
        if names.is_vendored(path):
            return True
        if self._copied(path):
            return True
        parts = path.split("/")[:-1]
        for k in range(len(parts), 0, -1):
            init = "/".join((*parts[:k], "__init__.py"))
            if init not in self.by_path:
                break  # not a package
            if "/".join((*parts[: k - 1], "__init__.py")) not in self.by_path:
                break  # a top-level package
            if (init != path and self._copied(init)) or self._derived_folder(parts[:k]):
                return True  # the package's header (its own read above), or its NOTICE
        return False

    def _derived_folder(self, parts: Sequence[str]) -> bool:
        """The folder's NOTICE says it holds code derived from another project."""
        memo: dict[str, bool] = self.__dict__.setdefault("_derived_folders", {})
        folder = "/".join(parts)
        if folder not in memo:
            memo[folder] = any(
                self.repo.exists(notice := f"{folder}/{name}")
                and (text := self.read_text(notice)) is not None
                and names.derived_folder(text)
                for name in names.NOTICE_FILES
            )
        return memo[folder]

    def _copied(self, path: str) -> bool:
        memo: dict[str, bool] = self.__dict__.setdefault("_copied_modules", {})
        if path not in memo:
            text = self.read_text(path)
            memo[path] = text is not None and names.copied_module(text)
        return memo[path]

    def is_generated(self, path: str) -> bool:
        """``path`` was written by a code generator and says not to edit it by hand (its
        header: ``Generated by OpenAPI Generator ... Do not edit the class manually.``,
        :func:`auditor.names.generated_module`).  Advice about its structure or style goes to
        the generator's templates, not to the project."""
        memo: dict[str, bool] = self.__dict__.setdefault("_generated_modules", {})
        if path not in memo:
            text = self.read_text(path)
            memo[path] = text is not None and names.generated_module(text)
        return memo[path]

    def modules_of_class(self, *classes: str) -> Iterator[ModuleFacts]:
        for m in self.by_path.values():
            if m.file_class in classes and m.parse_error is None:
                yield m

    @property
    def app_modules(self) -> list[ModuleFacts]:
        return list(self.modules_of_class("app"))

    def setting(self, key: str, default: Any) -> Any:
        return self.settings.get(key, default)

    @cached_property
    def emits_log_records(self) -> bool:
        """Some application module imports a logging library (``import logging``, ``from
        loguru import logger``, ``structlog``): the application writes log records.  One that
        imports none reports through its own means (``print``, a reporter printing JSON) or
        not at all, so advice about its log records (configure them, bind a request id to
        them) does not apply.  A program of its own that no application reaches (a module
        with a ``__main__`` block that :meth:`reaches` says the apps never import, such as
        an MCP stdio server shipped beside the app) writes its own process's records, none
        of the application's."""
        return any(
            i.module.split(".", 1)[0] in names.LOGGING_LIBRARIES
            for m in self.by_path.values()
            if m.file_class == "app" and not (m.main_calls and self.reaches(m) is False)
            for i in m.import_list
        )

    @cached_property
    def request_log_lines(self) -> bool:
        """Some function a request runs (a route, a dependency, a middleware, an exception
        handler, or what they call: :attr:`reachability`'s ``request`` reach) writes a log
        record, or one whose reach the call graph cannot tell does.  Log lines only start-up
        hooks, background loops and workers, or commands write belong to no request, so
        there is nothing for a request id to correlate in them.  The lines are found in the
        source (:data:`_LOG_LINE`), each read once per audit."""
        for m in self.by_path.values():
            if m.file_class != "app":
                continue
            data = self.repo.read_bytes(m.path)
            if data is None or not _LOG_WORD.search(data):
                continue
            line, seen = 1, 0  # the line of the last match, counted on from there
            for found in _LOG_LINE.finditer(data):
                line += data.count(b"\n", seen, found.start())
                seen = found.start()
                fn = self.function_at(m.path, line)
                if fn is None:
                    continue  # a module-level line: written once, at import
                reach = self.reach(fn.qname)
                if reach is None or reach.on_request_path:
                    return True
        return False

    # -- names (F2) --------------------------------------------------------------
    def module_for(self, dotted: str) -> ModuleFacts | None:
        m = self.modules.get(dotted)
        if m is not None:
            return m
        full = self._aliases.get(dotted)
        return self.modules.get(full) if full else None

    @cached_property
    def top_names(self) -> frozenset[str]:
        """The first parts of every name a project module answers to (its own, its
        aliases): a dotted name starting otherwise (``os.path``) is no project module's."""
        names = {n.partition(".")[0] for n in self.modules}
        names.update(a.partition(".")[0] for a in self._aliases)
        return frozenset(names)

    def module_for_name(self, qname: str | None) -> ModuleFacts | None:
        """The project module a qualified name lives in, if any."""
        return self.split_module(qname)[0] if qname else None

    def split_module(self, qname: str) -> tuple[ModuleFacts | None, list[str]]:
        """The project module ``qname`` lives in and the names after it (``[]``: the module
        itself); ``(None, parts)`` when no project module holds it.  Each answer is kept:
        the caller gets its own list."""
        known = self._split_cache.get(qname)
        if known is None:
            m, rest = self._split_module(qname)
            # the rest is always a suffix of the name's parts
            self._split_cache[qname] = (m, qname.count(".") + 1 - len(rest))
            return m, rest
        return known[0], qname.split(".")[known[1] :]

    def _split_module(self, qname: str) -> tuple[ModuleFacts | None, list[str]]:
        parts = qname.split(".")
        for i in range(len(parts), 0, -1):
            prefix = ".".join(parts[:i])
            m = self.module_for(prefix)
            if m is not None:
                if i == len(parts) and i > 1 and prefix not in self.modules:
                    owner = self.modules.get(".".join(parts[:-1]))
                    if owner is not None and defines_name(owner, parts[-1]):
                        return owner, parts[-1:]
                if i == len(parts) and i > 1:
                    # ``pkg.endpoint`` where ``pkg/__init__.py`` does ``from .endpoint import
                    # endpoint``: the package's attribute is the imported object, which
                    # replaced the submodule of the same name
                    owner = self.module_for(".".join(parts[:-1]))
                    target = owner.imports.get(parts[-1]) if owner and owner.is_package else None
                    if target and self.module_for(target) is not m:
                        return owner, parts[-1:]
                return m, parts[i:]
        return None, parts

    def resolve(self, qname: str | None, _depth: int = 0) -> Any:
        """What ``qname`` refers to: a Function, Class, Binding, ModuleFacts, or its
        canonical external name (a str) when it is not project code; None if unknown."""
        if not qname:
            return None
        if _depth == 0 and qname in self._resolve_cache:
            return self._resolve_cache[qname]
        if qname in self._resolving:
            return None  # a cycle (``a = b.X()`` / ``b.X = a.Y``...): unknown, not a crash
        self._resolving.add(qname)
        try:
            result = self._resolve(qname, _depth)
        finally:
            self._resolving.discard(qname)
        if _depth == 0:
            self._resolve_cache[qname] = result
        return result

    def _resolve(self, qname: str, depth: int) -> Any:
        if depth > 12:
            return None
        mod, rest = self.split_module(qname)
        if mod is None:
            return names.canonical(qname)
        if not rest:
            return mod
        head, tail = rest[0], rest[1:]
        local = f"{mod.module}.{head}"
        if local in mod.classes:
            cls = mod.classes[local]
            if not tail:
                return cls
            fq = f"{local}.{'.'.join(tail)}"
            return mod.functions.get(fq) or mod.classes.get(fq)
        if local in mod.functions:
            return mod.functions[local] if not tail else None
        if head in mod.imports:
            target = mod.imports[head]
            if target == qname:
                return None
            if len(tail) == 1:
                # a method of an imported module-level instance: ``from pkg import svc``
                # then ``svc.run``, where ``pkg`` re-exports ``svc`` from a submodule
                bound = self.resolve(target, depth + 1)
                if isinstance(bound, Binding):
                    owner = self.resolve_call_class(bound.value, depth + 1)
                    if owner is not None:
                        return self.method(owner, tail[0])
            return self.resolve(".".join([target, *tail]), depth + 1)
        if head in mod.bindings:
            b = Binding(mod, head, mod.bindings[head])
            if not tail:
                return b
            # attribute of a module-level instance of a project class: ``svc.run``
            owner = self.resolve_call_class(b.value, depth + 1)
            if owner is not None and len(tail) == 1:
                return self.method(owner, tail[0])
            return None
        # ``from .helpers import *`` (a package's ``__init__`` re-exporting its modules): the
        # name is whatever a star-imported project module defines under it
        for imp in mod.import_list:
            if imp.alias != "*" or imp.function is not None or imp.module == mod.module:
                continue
            found = self.resolve(".".join([imp.module, *rest]), depth + 1)
            if found is not None and not isinstance(found, str):
                return found
        return None

    def resolve_call_class(self, value: Expr | None, _depth: int = 0) -> Class | None:
        if isinstance(value, Call):
            target = self.resolve(qname_of(value), _depth)
            if isinstance(target, Class):
                return target
        return None

    def method(self, cls: Class, name: str) -> Function | None:
        for c in [cls.qname, *self.ancestors(cls.qname)]:
            fn = self.function(f"{c}.{name}")
            if fn is not None:
                return fn
        return None

    def canonical_name(self, qname: str | None) -> str | None:
        """The defining qualified name of ``qname`` (project or external)."""
        r = self.resolve(qname)
        if isinstance(r, (Function, Class)):
            return r.qname
        if isinstance(r, Binding):
            return r.qname
        if isinstance(r, ModuleFacts):
            return r.module
        if isinstance(r, str):
            return r
        return None

    def function(self, qname: str | None) -> Function | None:
        if not qname:
            return None
        if self._resolving:  # asked during a resolution: a cycle may answer None, not kept
            return self._function(qname)
        cache = self._function_cache
        if qname in cache:
            return cache[qname]
        # otherwise the answer is fixed: the module split is, and so is what :meth:`resolve`
        # keeps for a name asked outside a resolution
        fn = cache[qname] = self._function(qname)
        return fn

    def _function(self, qname: str) -> Function | None:
        mod, rest = self.split_module(qname)
        if mod is not None:
            fn = mod.functions.get(qname) or mod.functions.get(f"{mod.module}.{'.'.join(rest)}")
            if fn is not None:
                return fn
        r = self.resolve(qname)
        return r if isinstance(r, Function) else None

    def class_(self, qname: str | None) -> Class | None:
        r = self.resolve(qname)
        return r if isinstance(r, Class) else None

    # -- class hierarchy (F6, F7) -----------------------------------------------------
    def ancestors(self, class_qname: str) -> frozenset[str]:
        """Every ancestor's name: project classes by qname, external ones canonical."""
        cached = self._ancestors.get(class_qname)
        if cached is not None:
            return cached
        self._ancestors[class_qname] = frozenset()  # cycle guard
        out: set[str] = set()
        cls = self.class_(class_qname)
        if cls is not None:
            for base in cls.bases:
                q = qname_of(base) if isinstance(base, (Name, Sub)) else None
                if isinstance(base, Sub):
                    q = qname_of(base.value) if base.value else None
                if not q:
                    continue
                r = self.resolve(q)
                if isinstance(r, Class):
                    out.add(r.qname)
                    out |= self.ancestors(r.qname)
                elif isinstance(r, Binding):
                    out.add(r.qname)  # ``Base = declarative_base()``: a project binding
                elif isinstance(r, str):
                    out.add(r)
                    out.update(_known_bases(r))
        result = frozenset(out)
        self._ancestors[class_qname] = result
        return result

    def class_is(self, class_qname: str, targets: Iterable[str]) -> bool:
        t = set(targets)
        return bool(self.ancestors(class_qname) & t)

    def name_is_class(self, qname: str | None, targets: Iterable[str]) -> bool:
        """``qname`` is one of ``targets`` or a project subclass of one."""
        if not qname:
            return False
        t = set(targets)
        r = self.resolve(qname)
        if isinstance(r, str):
            return r in t or bool(set(_known_bases(r)) & t)
        if isinstance(r, Class):
            return r.qname in t or self.class_is(r.qname, t)
        return False

    @cached_property
    def classes(self) -> dict[str, Class]:
        out: dict[str, Class] = {}
        for m in self.by_path.values():
            out.update(m.classes)
        return out

    def is_settings_class(self, qname: str) -> bool:
        cls = self.class_(qname)
        return cls is not None and self.class_is(cls.qname, SETTINGS_BASES)

    def custom_metaclass(self, class_qname: str) -> str | None:
        """The metaclass, written ``metaclass=`` on the class or one of its project bases,
        that is neither the stdlib's ``ABCMeta`` nor Pydantic's own (a project metaclass, or
        one the auditor does not know): it may rewrite the fields before Pydantic builds
        the class (``= None`` fields widened to ``T | None``), so what the class body says
        of a field is not sure.  Its name as written, or None."""
        for q in (class_qname, *self.ancestors(class_qname)):
            cls = self.class_(q)
            meta = cls.keywords.get("metaclass") if cls is not None else None
            if meta is None:
                continue
            name = qname_of(meta) if isinstance(meta, (Name, Sub)) else None
            r = self.resolve(name) if name else None
            if not (isinstance(r, str) and r in PLAIN_METACLASSES):
                return name or "?"
        return None

    def is_pydantic_model(self, qname: str) -> bool:
        """A Pydantic model or settings class (F6), v1 models excluded."""
        cls = self.class_(qname)
        if cls is None:
            return False
        anc = self.ancestors(cls.qname)
        if anc & V1_BASES:
            return False
        if "sqlmodel.SQLModel" in anc and not any(
            is_lit(cls.keywords.get("table"), True) for _ in [0]
        ):
            return True
        if "sqlmodel.SQLModel" in anc:
            return True  # table models are still models (PYD001 says so)
        return bool(anc & (MODEL_BASES | SETTINGS_BASES))

    @cached_property
    def settings_classes(self) -> list[Class]:
        return [c for c in self.classes.values() if self.is_settings_class(c.qname)]

    @cached_property
    def pydantic_models(self) -> list[Class]:
        return [c for c in self.classes.values() if self.is_pydantic_model(c.qname)]

    def module_of(self, obj: Function | Class) -> ModuleFacts:
        return self.modules[obj.module]

    # -- F8: library versions -------------------------------------------------------------
    @cached_property
    def pydantic_version(self) -> PydanticVersion:
        """The Pydantic major the project runs on, with its evidence (lock, pins, code: the
        order is :mod:`auditor.versions`'); ``major`` is None when nothing settles it."""
        from auditor.versions import pydantic_version

        return pydantic_version(self)

    # -- apps and routers (F3) -------------------------------------------------------------
    @cached_property
    def apps(self) -> dict[str, AppInstance]:
        out: dict[str, AppInstance] = {}
        for m in self.by_path.values():
            if m.file_class not in ("app",) and m.file_class != "test":
                continue
            for inst in m.instances:
                kind = self._app_kind(qname_of(inst.call))
                if kind:
                    out.setdefault(
                        inst.target,
                        AppInstance(
                            inst.target, kind, inst.call, m, inst.line, inst.column, inst.function
                        ),
                    )
        self._returned_apps(out)
        # ``app = create_app()``: a project factory that returns an app
        for m in self.by_path.values():
            for inst in m.instances:
                if inst.target in out:
                    continue
                fn = self.function(qname_of(inst.call)) if qname_of(inst.call) else None
                if fn is None:
                    continue
                made = self._factory_result(fn, out)
                if made is not None:
                    out[inst.target] = made
        self._handed_apps(out)
        self._included_routers(out)
        for m in self.by_path.values():
            for mc in m.method_calls:
                recv = self._method_call_receiver(mc, out)
                if recv is not None:
                    recv.includes.append(mc)
        unique = list({id(i): i for i in out.values()}.values())
        for parent in unique:
            for mc in parent.includes:
                if mc.method == "include_router":
                    child = self._included(mc, out)
                    if child is not None and child is not parent:
                        child.included_by.append((parent, mc))
        return out

    def _handed_apps(self, registry: dict[str, AppInstance]) -> None:
        """``setup(app)`` with ``def setup(app: FastAPI): app.include_router(...)``: the
        helper's parameter is the app handed to it, when every call that hands it a known
        app or router hands the same one (a helper called with two apps configures both:
        its parameter stays unknown).  The routes, routers and mounts the helper adds then
        belong to that app, as if written in the function that built it."""
        for _ in range(4):  # a helper that hands the app on to the next helper
            handed: dict[str, set[int]] = defaultdict(set)
            by_id: dict[int, AppInstance] = {}
            for m in self.by_path.values():
                if m.file_class != "app" or m.parse_error is not None:
                    continue
                for h in m.handoffs:
                    inst = registry.get(h.local)
                    if inst is None and ".<self>." in h.local:
                        owner, _, attr = h.local.partition(".<self>.")
                        inst = next(
                            (
                                found
                                for cls in sorted(self.ancestors(owner))
                                if (found := registry.get(f"{cls}.<self>.{attr}")) is not None
                            ),
                            None,
                        )  # ``self.app`` kept by a base class
                    if inst is None:
                        continue
                    fn = self.function(h.callee)
                    if fn is None or fn.class_qname is not None:
                        continue  # a method's parameters shift by its receiver: not followed
                    if isinstance(h.position, int):
                        positional = [p for p in fn.params if p.kind in ("posonly", "arg")]
                        param = positional[h.position] if h.position < len(positional) else None
                    else:
                        param = next(
                            (p for p in fn.params if p.name == h.position and p.kind != "posonly"),
                            None,
                        )
                    if param is None:
                        continue
                    key = f"{fn.qname}.<locals>.{param.name}"
                    handed[key].add(id(inst))
                    by_id[id(inst)] = inst
            added = False
            for key, ids in handed.items():
                if len(ids) == 1 and key not in registry:
                    registry[key] = by_id[next(iter(ids))]
                    added = True
            if not added:
                break

    def _included(self, mc: MethodCall, registry: dict[str, AppInstance]) -> AppInstance | None:
        """The router an ``include_router`` call includes: a name, a factory's local, one
        the object keeps (``self.router``), or the router a project factory returns,
        called in place (``app.include_router(build_router(browser=True))``)."""
        child = self.app_for(qname_arg(mc.call, 0, "router"), registry, mc.function)
        e = arg(mc.call, 0) or kwarg(mc.call, "router")
        if child is None and isinstance(e, Name) and e.dotted and mc.function:
            child = registry.get(f"{mc.function}.<locals>.{e.dotted}")
            if child is None:
                child = self._self_instance(e.dotted, mc.function, registry)
        if child is None and isinstance(e, Call) and e.qname:
            fn = self.function(e.qname)
            if fn is not None and fn.class_qname is None:
                child = self._factory_result(fn, registry)
        return child

    def _app_kind(self, q: str | None) -> str | None:
        if not q:
            return None
        if self.name_is_class(q, {names.FASTAPI}):
            return "app"
        if self.name_is_class(q, {names.APIROUTER}):
            return "router"
        return None

    def _factory_result(self, fn: Function, registry: dict[str, AppInstance]) -> AppInstance | None:
        for value in fn.return_values:
            if isinstance(value, Name) and value.dotted and "." not in value.dotted:
                local = f"{fn.qname}.<locals>.{value.dotted}"
                if local in registry:
                    return registry[local]
            elif isinstance(value, Name) and value.dotted:
                held = self._self_instance(value.dotted, fn.qname, registry)
                if held is not None:
                    return held  # ``return self._app``
        return registry.get(f"{fn.qname}.<return>")  # ``return FastAPI(...)``

    # -- apps and routers the first pass misses (issue 10, class 4) -------------------------
    def _returned_apps(self, registry: dict[str, AppInstance]) -> None:
        """``def make(): return FastAPI()``: the app a factory returns without naming it,
        registered as ``<factory>.<return>``."""
        for m in self.by_path.values():
            if m.file_class != "app" or m.parse_error is not None:
                continue
            for fn in m.functions.values():
                for value in fn.return_values:
                    if not isinstance(value, Call):
                        continue
                    kind = self._app_kind(value.qname)
                    if kind:
                        key = f"{fn.qname}.<return>"
                        registry.setdefault(
                            key, AppInstance(key, kind, value, m, value.line, 1, fn.qname)
                        )
                        break

    def _self_instance(
        self, text: str | None, function: str | None, registry: dict[str, AppInstance]
    ) -> AppInstance | None:
        """The app or router a method keeps on its object: ``self._app`` in a method of a
        class (or of a subclass) that assigned ``self._app = FastAPI(...)``."""
        if not text or not function or "." not in text:
            return None
        head, _, attr = text.partition(".")
        if "." in attr:
            return None
        fn = self.function(function)
        while fn is not None and fn.class_qname is None and ".<locals>." in fn.qname:
            fn = self.function(parent_function(fn.qname))  # a def nested in the method
        if fn is None or fn.class_qname is None or not fn.params or fn.params[0].name != head:
            return None
        for owner in (fn.class_qname, *sorted(self.ancestors(fn.class_qname))):
            found = registry.get(f"{owner}.<self>.{attr}")
            if found is not None:
                return found
        return None

    def _method_call_receiver(
        self, mc: MethodCall, registry: dict[str, AppInstance]
    ) -> AppInstance | None:
        recv = self.app_for(mc.receiver, registry, mc.function)
        if recv is None and mc.receiver is None and mc.function and mc.receiver_text:
            recv = registry.get(f"{mc.function}.<locals>.{mc.receiver_text}")
            if recv is None:
                recv = self._self_instance(mc.receiver_text, mc.function, registry)
        return recv

    def method_call_receiver(self, mc: MethodCall) -> AppInstance | None:
        """The app or router a recorded method call (``include_router``, ``mount`` ...) is
        made on, or None."""
        return self._method_call_receiver(mc, self.apps)

    def _included_routers(self, registry: dict[str, AppInstance]) -> None:
        """Instances of classes the model cannot read (a third-party ``APIRouter`` subclass,
        a router class made by a factory) that are passed to ``include_router`` of a known
        app or router: a router, by that evidence."""
        facts: dict[str, tuple[ModuleFacts, Any]] = {}
        for m in self.by_path.values():
            if m.file_class == "app" and m.parse_error is None:
                for inst in m.instances:
                    facts.setdefault(inst.target, (m, inst))
        calls = [
            mc
            for m in self.by_path.values()
            if m.file_class == "app"
            for mc in m.method_calls
            if mc.method == "include_router"
        ]
        for _ in range(4):  # routers included by routers found in the previous round
            added = False
            for mc in calls:
                if self._method_call_receiver(mc, registry) is None:
                    continue
                e = arg(mc.call, 0) or kwarg(mc.call, "router")
                if not isinstance(e, Name) or not e.dotted:
                    continue
                keys = [e.qname, self.canonical_name(e.qname)] if e.qname else []
                if mc.function and "." not in e.dotted:
                    keys.append(f"{mc.function}.<locals>.{e.dotted}")
                for key in keys:
                    if key is None or key in registry or key not in facts:
                        continue
                    m, inst = facts[key]
                    if self._known_non_router(qname_of(inst.call)):
                        continue
                    registry[key] = AppInstance(
                        key, "router", inst.call, m, inst.line, inst.column, inst.function
                    )
                    added = True
            if not added:
                break

    def _known_non_router(self, callee: str | None) -> bool:
        """The callee is a project class the model reads entirely (every ancestor a project
        class) and that is not an APIRouter: the include is a mistake, not evidence."""
        r = self.resolve(callee) if callee else None
        if isinstance(r, Class):
            return all(self.class_(a) is not None for a in self.ancestors(r.qname))
        return False

    def app_for(
        self,
        qname: str | None,
        registry: dict[str, AppInstance] | None = None,
        function: str | None = None,
    ) -> AppInstance | None:
        """The app/router instance a (receiver) name refers to, or None."""
        reg = self.apps if registry is None else registry
        if not qname:
            return None
        if qname in reg:
            return reg[qname]
        canon = self.canonical_name(qname)
        if canon in reg:
            return reg[canon]
        r = self.resolve(qname)
        if isinstance(r, Binding):
            v = r.value
            if isinstance(v, Call):
                fn = self.function(qname_of(v))
                if fn is not None:
                    return self._factory_result(fn, reg)
        return None

    def receiver_in_function(self, text: str | None, function: str | None) -> AppInstance | None:
        """A local app/router of a factory function (``app`` in ``create_app``, also seen from
        a function nested in it), or one a method keeps on its object (``self.app`` in a
        server class's method)."""
        if not text or not function:
            return None
        if "." in text:
            return self._self_instance(text, function, self.apps)
        scope: str | None = function
        while scope:  # a closure sees the locals of the functions around it
            found = self.apps.get(f"{scope}.<locals>.{text}")
            if found is not None:
                return found
            outer, sep, _ = scope.rpartition(".<locals>.")
            scope = outer if sep else None
        return None

    @cached_property
    def app_instances(self) -> list[AppInstance]:
        """Each instance once (``app = create_app()`` is an alias of the factory's local)."""
        return list({id(i): i for i in self.apps.values()}.values())

    @cached_property
    def fastapi_apps(self) -> list[AppInstance]:
        return [a for a in self.app_instances if a.kind == "app"]

    # -- routes (F4) -------------------------------------------------------------------------
    @cached_property
    def routes(self) -> list[Route]:
        return self._routes_and_stubs[0]

    @cached_property
    def document_stubs(self) -> list[Route]:
        """The routes :attr:`routes` leaves out as a code generator's stubs
        (:meth:`_document_stub`): known, on a known app, but never served."""
        return self._routes_and_stubs[1]

    @cached_property
    def _routes_and_stubs(self) -> tuple[list[Route], list[Route]]:
        out: list[Route] = []
        for m in self.by_path.values():
            if m.file_class not in ("app",):
                continue
            for fn in m.functions.values():
                for dec in fn.decorators:
                    route = self._route_from_decorator(fn, m, dec)
                    if route is not None:
                        out.append(route)
        for m in self.by_path.values():
            for mc in m.method_calls:
                if mc.method not in ("add_api_route", "add_api_websocket_route"):
                    continue
                inst = self.method_call_receiver(mc)
                if inst is None:
                    continue
                endpoint = arg(mc.call, 1) or kwarg(mc.call, "endpoint")
                handler = self.function(qname_of(endpoint)) if isinstance(endpoint, Name) else None
                if handler is None and isinstance(endpoint, Name):
                    handler = self._self_method(endpoint.dotted, mc.function)
                if handler is None:
                    continue
                methods_e = kwarg(mc.call, "methods")
                methods = tuple(str(lit(i)).upper() for i in seq_items(methods_e) if is_lit(i)) or (
                    "GET",
                )
                path_e = arg(mc.call, 0) or kwarg(mc.call, "path")
                path = self.path_value(path_e)
                if path is None:
                    path = self.local_path(path_e, mc.function, mc.line)
                out.append(
                    Route(
                        handler,
                        self.modules[handler.module],
                        methods,
                        path,
                        inst,
                        mc.call,
                        websocket=mc.method.endswith("websocket_route"),
                        receiver_project=self,
                        site=m,
                    )
                )
        stubs: list[Route] = []
        if any(m.main_calls for m in self.by_path.values()):
            stubs = [r for r in out if self._document_stub(r)]
            out = [r for r in out if not any(r is s for s in stubs)]
        out.sort(
            key=lambda r: (
                r.module.path,
                r.function.line,
                r.site is not r.module,  # the handler's own decorators first, as written
                r.site.path,
                r.decorator.line,
            )
        )
        return out, stubs

    def _document_stub(self, route: Route) -> bool:
        """A route a program adds to a copy of an application only to write that copy's
        OpenAPI document (a code generator's stub endpoints naming schema components): the
        handler is nested in a function ``F`` that the ``__main__`` block of its module calls;
        ``F`` takes the app from a factory built elsewhere (``app = view_server_app()``),
        neither returns it nor hands it to a project function whose module can run a
        server; the module runs no server itself and no other module imports it.  No server
        ever serves that copy, so the route is not one of the application's."""
        m = route.site
        fq, sep, _rest = route.function.qname.partition(".<locals>.")
        if not sep or not m.main_calls or fq not in m.main_calls or route.site is not route.module:
            return False
        fn = m.functions.get(fq)
        inst = route.receiver
        if fn is None or fn.class_qname is not None or inst.kind != "app":
            return False
        if inst.qname.startswith(f"{fq}.") or inst.module is m:
            return False  # built here: this program's own app
        head = (route.decorator.dotted or "").partition(".")[0]
        if not head or any(isinstance(v, Name) and v.dotted == head for v in fn.return_values):
            return False

        def may_serve(module: ModuleFacts) -> bool:
            data = self.repo.read_bytes(module.path) or b""
            return any(w in data for w in _SERVER_WORDS)

        if may_serve(m):
            return False
        local = f"{fq}.<locals>.{head}"
        for h in m.handoffs:
            if h.local != local:
                continue
            callee = self.function(h.callee)
            owner = self.modules.get(callee.module) if callee is not None else None
            if owner is None or may_serve(owner):
                return False
        return not any(
            imp.module == m.module or imp.module.startswith(f"{m.module}.")
            for other in self.by_path.values()
            if other is not m
            for imp in other.import_list
        )

    def _self_method(self, text: str | None, function: str | None) -> Function | None:
        """``self.root`` in a method: the method ``root`` of the object's class."""
        if not text or not function or text.count(".") != 1:
            return None
        head, _, attr = text.partition(".")
        fn = self.function(function)
        if fn is None or fn.class_qname is None or not fn.params or fn.params[0].name != head:
            return None
        cls = self.class_(fn.class_qname)
        return self.method(cls, attr) if cls is not None else None

    def _route_from_decorator(self, fn: Function, m: ModuleFacts, dec: Expr) -> Route | None:
        if not isinstance(dec, Call):
            return None
        text = dotted_of(dec) or ""
        if "." not in text:
            return None
        recv_text, method = text.rsplit(".", 1)
        if method not in names.ROUTE_METHODS:
            return None
        q = qname_of(dec)
        recv = None
        if q:
            recv = self.app_for(q.rsplit(".", 1)[0])
        if recv is None:
            parent = parent_function(fn.qname)
            recv = self.receiver_in_function(recv_text, parent)
            if recv is None and parent is not None:
                recv = self._annotated_receiver(recv_text, parent)
        if recv is None:
            return None
        if method == "api_route":
            me = kwarg(dec, "methods")
            methods = tuple(str(lit(i)).upper() for i in seq_items(me) if is_lit(i)) or ("GET",)
        elif method == "websocket":
            methods = ()
        else:
            methods = (method.upper(),)
        path_e = arg(dec, 0) or kwarg(dec, "path")
        path = self.path_value(path_e)
        if path is None:
            path = self.local_path(path_e, parent_function(fn.qname), dec.line)
        return Route(
            fn,
            m,
            methods,
            path,
            recv,
            dec,
            websocket=(method == "websocket"),
            receiver_project=self,
        )

    def _annotated_receiver(self, recv_text: str, function: str) -> AppInstance | None:
        fn = self.function(function)
        if fn is None or "." in recv_text:
            return None
        for p in fn.params:
            if p.name == recv_text and p.annotation and qname_of(p.annotation):
                kind = self._app_kind(qname_of(p.annotation))
                if kind:
                    return AppInstance(
                        f"{function}.<param>.{p.name}",
                        kind,
                        Call(None, None, (), (), True, p.line),
                        self.modules[fn.module],
                        p.line,
                        p.column,
                        function,
                    )
        return None

    def include_chain(self, start: AppInstance) -> Iterator[AppInstance]:
        """``start`` and every router or app that includes it, directly or through other
        routers, each once, depth first.  The ``include_router`` calls that include an
        instance are its ``included_by`` (parent, call) pairs; a router at the top of a
        chain that is not an app is included by code the project does not show."""
        stack = [start]
        seen: set[str] = set()
        while stack:
            inst = stack.pop()
            if inst.qname in seen:
                continue
            seen.add(inst.qname)
            yield inst
            stack.extend(parent for parent, _mc in inst.included_by)

    @cached_property
    def _unattributed_includes(self) -> tuple[dict[str, list[MethodCall]], list[MethodCall]]:
        """``include_router`` calls the model did not attribute to an app: by the router they
        include when it is known (``ocean.app.fast_api_app.include_router(router)``, on an
        object the model cannot identify), and those whose router it cannot name
        (``include_router(self.metrics.make_router(), prefix=...)``, an unresolved import)."""
        known: dict[str, list[MethodCall]] = {}
        unnamed: list[MethodCall] = []
        for m in self.by_path.values():
            for mc in m.method_calls:
                if mc.method != "include_router":
                    continue
                e = arg(mc.call, 0) or kwarg(mc.call, "router")
                child = None
                if isinstance(e, Name):
                    child = self.app_for(qname_of(e), None, mc.function)
                    if child is None and qname_of(e) is None and e.dotted and mc.function:
                        child = self.apps.get(f"{mc.function}.<locals>.{e.dotted}")
                if child is None or _looked_up(child):
                    # a router the model cannot name, or a local holding whatever a module
                    # hands out by name (``router = getattr(module, "router")`` in a loop
                    # over module names): it may be any router
                    unnamed.append(mc)
                elif self.method_call_receiver(mc) is None:
                    known.setdefault(child.qname, []).append(mc)
        return known, unnamed

    def prefix_unseen(self, inst: AppInstance) -> bool:
        """``inst``, a router no app is seen including, sits under a prefix the model cannot
        see: the ``include_router`` calls on an unknown object that include it give a
        ``prefix=``; or those whose router the model cannot name but that name one as
        ``inst`` is named all give one; or, for a factory's router, an include of a call's
        result gives one.  Otherwise its paths are its routes' under its own prefix."""
        known, unnamed = self._unattributed_includes
        sites = known.get(inst.qname)
        if sites:
            return any(kwarg(mc.call, "prefix") is not None for mc in sites)
        name = inst.qname.rpartition(".")[2]
        named = [
            mc
            for mc in unnamed
            if (dotted_of(arg(mc.call, 0) or kwarg(mc.call, "router")) or "").rpartition(".")[2]
            == name
        ]
        if named:  # an include of a router of that name: unknown only if each gives a prefix
            return _each_site_prefixes(named)
        # a router held by a local the model cannot follow (``for router in self.routers:
        # app.include_router(router, prefix=prefix)``) may be any router
        held = [mc for mc in unnamed if _held_by_local(arg(mc.call, 0) or kwarg(mc.call, "router"))]
        if held:
            return _each_site_prefixes(held)
        # a factory's router (``make_router()``'s local) included as a call's result under a
        # prefix: ``include_router(self.metrics.make_router(), prefix=f"{root}/metrics")``
        return ".<locals>." in inst.qname and any(
            isinstance(arg(mc.call, 0) or kwarg(mc.call, "router"), Call)
            and kwarg(mc.call, "prefix") is not None
            for mc in unnamed
        )

    def full_paths(self, route: Route) -> list[str | None]:
        """Every full path of a route through the include_router chains (None: unknown)."""
        if route.path is None:
            return [None]
        return [None if p is None else p + route.path for p in self.prefixes(route.receiver)]

    def prefixes(self, inst: AppInstance, _seen: frozenset[str] = frozenset()) -> list[str | None]:
        if inst.qname in _seen:
            return [None]
        own_e = inst.kw("prefix") if inst.kind == "router" else None
        own = "" if own_e is None else self.path_value(own_e)
        if own is None:
            return [None]
        if not inst.included_by:
            return [own]
        out: list[str | None] = []
        for parent, mc in inst.included_by:
            pe = kwarg(mc.call, "prefix")
            pfx = "" if pe is None else self.path_value(pe)
            for pp in self.prefixes(parent, _seen | {inst.qname}):
                out.append(None if (pp is None or pfx is None) else pp + pfx + own)
        return out or [own]

    def path_value(self, e: Expr | None, _depth: int = 0) -> str | None:
        """The text of a route path or prefix: a string literal, a concatenation, or a
        module-level constant holding one (``APIRouter(prefix=API + VERSION_1 + STACKS)``,
        constants imported from another module included); None when it is computed at run
        time (an f-string, a call, a setting)."""
        if e is None or _depth > 8:
            return None
        if isinstance(e, Lit):
            return e.value if isinstance(e.value, str) else None
        if isinstance(e, BinOp) and e.op == "+":
            left = self.path_value(e.left, _depth + 1)
            if left is None:
                return None
            right = self.path_value(e.right, _depth + 1)
            return None if right is None else left + right
        if isinstance(e, Name) and e.qname:
            bound = self.resolve(e.qname)
            if isinstance(bound, Binding):
                return self.path_value(bound.value, _depth + 1)
        return None

    def local_path(self, e: Expr | None, function: str | None, line: int) -> str | None:
        """A route path held in a local of the function that registers the route, bound
        once, unconditionally, to a string above the route (``route = "/api/items"`` then
        ``@app.get(route)`` and ``@app.post(route)``); None when it may hold anything else."""
        if not isinstance(e, Name) or e.qname is not None or not e.dotted or "." in e.dotted:
            return None
        fn = self.function(function)
        m = self.modules.get(fn.module) if fn is not None else None
        data = self.repo.read_bytes(m.path) if m is not None else None
        if fn is None or not data or e.dotted.encode() not in data:
            return None
        from auditor.local_values import bound_string

        return bound_string(data, fn.name, fn.line, e.dotted, line)

    @cached_property
    def route_functions(self) -> dict[str, Function]:
        return {r.function.qname: r.function for r in self.routes}

    def constant_flag(self, qname: str) -> Lit | None:
        """The literal the module-level name ``qname`` holds whenever the app runs, proved
        from the code (:func:`auditor.project_queries.constant_flag`: one unconditional
        ``NAME = <literal>`` that nothing rebinds), or None."""
        if qname not in self._flags:
            from auditor.project_queries import constant_flag

            self._flags[qname] = constant_flag(self, qname)
        return self._flags[qname]

    def folded(self, e: Expr | None) -> Expr | None:
        """``e`` with its conditionals on constant flags decided: ``"/openapi.json" if
        settings.debug else None`` is ``None`` when ``settings.debug`` is a module-level
        ``False`` nothing rebinds (:meth:`constant_flag`); any other expression as is."""
        while isinstance(e, IfExp) and e.cond is not None and e.cond.qname:
            flag = self.constant_flag(e.cond.qname)
            if flag is None:
                break
            e = e.body if flag.value else e.orelse
        return e

    @cached_property
    def schemaless_apps(self) -> frozenset[str]:
        """Applications that serve no OpenAPI schema (so no ``/docs`` either): built with
        an unconditional ``openapi_url=None``, or one conditional on a constant flag that
        is false (``... if settings.debug else None``: :meth:`folded`), (or by a factory that sets it to None in the
        ``**kwargs`` it builds them from: :meth:`_kwargs_hide_schema`), or whose ``router``
        is replaced by a new router after construction (``app.router = PrefixRouter()``:
        ``FastAPI.__init__`` put ``/openapi.json`` and ``/docs`` on the router it
        replaces); not those whose ``openapi_url`` is set again afterwards
        (:attr:`_schema_turned_on`)."""
        # ``FastAPI(openapi_url=None, **extra)``: the keyword written wins, since the
        # ``**`` mapping cannot hold it too (a repeated keyword raises ``TypeError``)
        out = {
            q
            for q, inst in self.apps.items()
            if inst.kind == "app" and is_lit(self.folded(inst.kw("openapi_url")), None)
        }
        starred: dict[int, bool] = {}  # a factory's ``FastAPI(**kwargs)`` call, judged once
        for q, app in self.apps.items():
            if app.kind == "app" and app.call.has_star and app.kw("openapi_url") is None:
                known = starred.get(id(app.call))
                if known is None:
                    known = starred[id(app.call)] = self._kwargs_hide_schema(app)
                if known:
                    out.add(q)
        for m in self.by_path.values():
            for recv, attr, value, _line in m.attribute_assigns:
                if attr != "router" or not isinstance(value, Call):
                    continue
                if self.name_is_class(qname_of(value), {names.FASTAPI}):
                    continue  # another app's router: its schema routes come along
                inst = self.app_for(recv) or self.apps.get(recv)
                if inst is not None and inst.kind == "app":
                    out.add(inst.qname)
        return frozenset(out - self._schema_turned_on)

    @cached_property
    def _schema_turned_on(self) -> frozenset[str]:
        """Apps whose ``openapi_url`` is assigned after construction to anything but
        ``None`` (``app.openapi_url = "/openapi.json"`` after ``FastAPI(openapi_url=None)``,
        to serve the schema from a route of one's own): they may serve a schema."""
        out: set[str] = set()
        for m in self.by_path.values():
            for recv, attr, value, _line in m.attribute_assigns:
                if attr != "openapi_url" or is_lit(self.folded(value), None):
                    continue
                inst = self.app_for(recv) or self.apps.get(recv)
                if inst is not None and inst.kind == "app":
                    out.add(inst.qname)
        return frozenset(out)

    def _kwargs_hide_schema(self, inst: AppInstance) -> bool:
        """``FastAPI(**kwargs)`` in a factory that first sets ``kwargs["openapi_url"] =
        None``, or ``kwargs.setdefault("openapi_url", None)`` while no caller in the project
        passes ``openapi_url`` (the name appears nowhere else in its module nor in a module
        that names the factory): the schema is off.  Both statements must stand in the
        block of the call, before it (a conditional one may not run)."""
        m = inst.module
        line = inst.call.line
        around = [f for f in m.functions.values() if f.line < line <= f.end_line]
        if not around:
            return False
        fn = max(around, key=lambda f: f.line)
        data = self.repo.read_bytes(m.path)
        if not data or b"openapi_url" not in data:
            return False
        lines = data.decode("utf-8", "replace").splitlines()
        if line > len(lines):
            return False
        call_text = lines[line - 1]
        indent = len(call_text) - len(call_text.lstrip())
        found = None
        for i in range(line - 2, fn.line - 1, -1):  # up from the call, within its block
            text = lines[i]
            if not text.strip() or text.lstrip().startswith("#"):
                continue
            if len(text) - len(text.lstrip()) < indent:
                break
            hit = _KWARGS_SCHEMA_OFF.match(text)
            if hit and len(text) - len(text.lstrip()) == indent:
                if f"**{hit.group(1) or hit.group(3)}" in call_text:
                    found = hit
                break
        if found is None:
            return False
        if found.group(3) is not None:
            return True  # ``kwargs["openapi_url"] = None``: whatever the caller passed
        # ``setdefault``: a caller may pass its own; none in the project does
        outside = lines[: fn.line - 1] + lines[fn.end_line :]
        if any("openapi_url" in text for text in outside):
            return False
        word = fn.name.encode()
        for other in self.by_path.values():
            if other is m:
                continue
            data = self.repo.read_bytes(other.path) or b""
            if word in data and b"openapi_url" in data:
                return False
        return True

    def schema_hidden(self, route: Route) -> bool:
        """The route is left out of every OpenAPI schema: ``include_in_schema=False`` on the
        route, on its router or on every ``include_router`` that reaches an app (those made on
        an object the model cannot identify, ``def mount(self, app): app.include_router(...)``,
        included), or every app it reaches serves no schema (:attr:`schemaless_apps`)."""
        if is_lit(route.kw("include_in_schema"), False):
            return True
        return not self._schema_visible(route.receiver, frozenset())

    def _schema_visible(self, inst: AppInstance, seen: frozenset[str]) -> bool:
        """Some chain of ``include_router`` calls puts ``inst``'s routes in a served schema.
        (A method: a nested function calling itself is a reference cycle, which an audit,
        run with the collector off, keeps.)"""
        if inst.qname in seen:
            return False
        if is_lit(inst.kw("include_in_schema"), False):
            return False
        # ``app.include_router(ui, include_in_schema=False)`` on an object the model cannot
        # identify (``def mount(self, app): ...``): taken to be a served app's include
        loose = self._unattributed_includes[0].get(inst.qname, ())
        if any(not is_lit(kwarg(mc.call, "include_in_schema"), False) for mc in loose):
            return True
        if not inst.included_by:
            return not loose and inst.qname not in self.schemaless_apps
        seen = seen | {inst.qname}
        return any(
            not is_lit(kwarg(mc.call, "include_in_schema"), False)
            and self._schema_visible(parent, seen)
            for parent, mc in inst.included_by
        )

    @cached_property
    def wrapped_route_functions(self) -> dict[str, Function]:
        """Functions declared as route handlers through a project's own route decorator:
        ``@endpoint.get("/chats/{id}")`` where ``endpoint.get`` resolves to a method of a
        project class that registers routes itself (a method of that class calls
        ``add_api_route``), the shape of a plugin system's sugar over ``APIRouter``.  Not
        :attr:`routes`: the router they land on is built at run time, so their paths,
        prefixes and apps are unknown; they only tell which modules are the web layer."""
        registrars: dict[str, bool] = {}
        out: dict[str, Function] = {}
        for m in self.by_path.values():
            if m.file_class != "app":
                continue
            for fn in m.functions.values():
                for dec in fn.decorators:
                    if self._registrar_decorator(dec, registrars):
                        out[fn.qname] = fn
                        break
        return out

    def _registrar_decorator(self, dec: Expr, registrars: dict[str, bool]) -> bool:
        if not isinstance(dec, Call) or not _literal_path(arg(dec, 0) or kwarg(dec, "path")):
            return False
        text = dotted_of(dec) or ""
        if text.rpartition(".")[2] not in names.ROUTE_METHODS:
            return False
        method = self.resolve(qname_of(dec))
        if not isinstance(method, Function) or method.class_qname is None:
            return False
        cls = method.class_qname
        if cls not in registrars:
            owner = self.modules.get(method.module)
            registrars[cls] = owner is not None and any(
                mc.method in ("add_api_route", "add_api_websocket_route")
                and (mc.function or "").startswith(f"{cls}.")
                for mc in owner.method_calls
            )
        return registrars[cls]

    # -- dependencies (F5) -------------------------------------------------------------------
    def unwrap_annotated(self, ann: Expr | None, _depth: int = 0) -> tuple[Expr | None, list[Expr]]:
        """(inner type, metadata) of ``Annotated[T, ...]``, following project aliases."""
        if not ann or _depth > 5:
            return ann, []
        if isinstance(ann, Sub) and ann.value and qname_of(ann.value) in ANNOTATED:
            sl = ann.slice
            if isinstance(sl, Seq) and sl.items:
                inner, meta = self.unwrap_annotated(sl.items[0], _depth + 1)
                return inner, [*meta, *[i for i in sl.items[1:] if i]]
            return sl, []
        if isinstance(ann, Name) and ann.qname:
            r = self.resolve(ann.qname)
            if isinstance(r, Binding) and isinstance(r.value, Sub):
                inner, meta = self.unwrap_annotated(r.value, _depth + 1)
                if meta:
                    return inner, meta
        return ann, []

    def param_dependencies(self, p: Param) -> list[DependencyRef]:
        out: list[DependencyRef] = []
        ann = p.annotation
        if not (isinstance(p.default, Call)) and (
            not ann
            or (isinstance(ann, Name) and not self.module_for_name(qname_of(ann)))
            or isinstance(ann, Lit)
        ):
            return out  # no default call, and an annotation that cannot hide an alias
        inner, meta = self.unwrap_annotated(ann)
        for e in [*meta, p.default]:
            if isinstance(e, Call) and e.qname in names.DEPENDS:
                out.append(self._dep_ref(e, inner))
        return out

    def _dep_ref(self, call: Expr, annotation: Expr | None) -> DependencyRef:
        target = arg(call, 0) or kwarg(call, "dependency")
        if target is None:
            target = annotation  # ``Depends()``: the annotation is the dependency
        q = qname_of(target) if isinstance(target, Name) else None
        r = self.resolve(q) if q else None
        if isinstance(r, (Function, Class)):
            return DependencyRef(r.qname, call, r)
        if isinstance(r, Binding):
            return DependencyRef(r.qname, call, None)  # an instance (OAuth2PasswordBearer(...))
        return DependencyRef(r if isinstance(r, str) else None, call, None)

    def list_dependencies(self, e: Expr | None) -> list[DependencyRef]:
        """``dependencies=[Depends(f), ...]``."""
        out: list[DependencyRef] = []
        if isinstance(e, Seq):
            for item in e.items:
                if isinstance(item, Call) and item.qname in names.DEPENDS:
                    out.append(self._dep_ref(item, None))
        return out

    def direct_dependencies(self, fn: Function) -> list[DependencyRef]:
        out: list[DependencyRef] = []
        for p in fn.params:
            out.extend(self.param_dependencies(p))
        return out

    def route_dependencies(self, route: Route) -> list[DependencyRef]:
        """Direct dependencies of a route: its parameters, its decorator, its routers."""
        out = self.direct_dependencies(route.function)
        out += self.list_dependencies(route.kw("dependencies"))
        for inst in self.include_chain(route.receiver):
            out += self.list_dependencies(inst.kw("dependencies"))
            for _parent, mc in inst.included_by:
                out += self.list_dependencies(kwarg(mc.call, "dependencies"))
        return out

    def dependency_closure(self, refs: Iterable[DependencyRef]) -> DependencyClosure:
        """Everything ``refs`` depend on, transitively (F5), and what cannot be followed.

        A function dependency is followed into its own parameters; a class into its
        ``__init__`` (or, for a Pydantic model or a dataclass, its fields); an instance
        (``auth = Auth(...)``; ``Depends(auth)``) into its class's ``__call__``.  FastAPI's
        security schemes are known to read no parameters.  Anything else is *unknown*, and
        ``complete`` is False: an absence check must then stay silent.
        """
        out = DependencyClosure()
        seen: set[str] = set()
        stack = list(refs)
        while stack:
            ref = stack.pop()
            fn = self._follow(ref, out, seen)
            if fn is None or fn.qname in seen:
                continue
            seen.add(fn.qname)
            out.functions.append(fn)
            stack.extend(self.direct_dependencies(fn))
        return out

    def _follow(
        self, ref: DependencyRef, out: DependencyClosure, seen: set[str]
    ) -> Function | None:
        """The function FastAPI calls for ``ref`` (None: nothing more to follow; what cannot
        be followed goes to ``out.unknown``, models to ``out.models``)."""
        obj = ref.project_callable
        if isinstance(obj, Function):
            return obj
        if isinstance(obj, Class):
            init = self.method(obj, "__init__")
            if init is not None:
                return init
            if self.is_pydantic_model(obj.qname) or any(
                qname_of(d) in DATACLASS_DECORATORS for d in obj.decorators
            ):
                if obj.qname not in seen:
                    seen.add(obj.qname)
                    out.models.append(obj)
            elif not all(self.class_(a) is not None for a in self.ancestors(obj.qname)):
                out.unknown.append(ref)  # an external base may define ``__init__``
            return None  # else a plain project class without ``__init__``: no parameters
        target = ref.target
        if target is None:
            inline = arg(ref.call, 0) or kwarg(ref.call, "dependency")
            inline_cls = self.resolve_call_class(inline)
            if inline_cls is not None:
                # ``Depends(ProjectAdmin())``: FastAPI calls the instance's ``__call__``
                call = self.method(inline_cls, "__call__")
                if call is None:
                    out.unknown.append(ref)
                return call
            if not (isinstance(inline, Call) and (inline.qname or "").startswith(SECURITY)):
                out.unknown.append(ref)  # ``Depends(HTTPBearer())`` is fine, the rest unknown
            return None
        if target.startswith(SECURITY):
            return None
        r = self.resolve(target)
        cls = self.resolve_call_class(r.value) if isinstance(r, Binding) else None
        if cls is None:
            if not (
                isinstance(r, Binding)
                and isinstance(r.value, Call)
                and (r.value.qname or "").startswith(SECURITY)
            ):
                out.unknown.append(ref)  # ``oauth2_scheme = OAuth2PasswordBearer(...)`` is fine
            return None
        call = self.method(cls, "__call__")
        if call is None:
            out.unknown.append(ref)
        return call

    @cached_property
    def dependency_functions(self) -> dict[str, Function]:
        """Every project function used as a dependency anywhere (F5), transitively."""
        refs: list[DependencyRef] = []
        for route in self.routes:
            refs += self.route_dependencies(route)
        for inst in self.app_instances:
            refs += self.list_dependencies(inst.kw("dependencies"))
            for mc in inst.includes:
                refs += self.list_dependencies(kwarg(mc.call, "dependencies"))
        # Depends(...) anywhere in signatures or Annotated aliases, even off-route
        for m in self.by_path.values():
            if m.file_class != "app":
                continue
            for fn in m.functions.values():
                if fn.qname in self.mcp_registrations:
                    continue  # FastMCP calls it, with its own injection: not FastAPI's
                for p in fn.params:
                    refs += self.param_dependencies(p)
            for value in m.bindings.values():
                for e in iter_exprs(value):
                    if isinstance(e, Call) and e.qname in names.DEPENDS:
                        refs.append(self._dep_ref(e, None))
        return {f.qname: f for f in self.dependency_closure(refs).functions}

    @cached_property
    def request_path_functions(self) -> dict[str, Function]:
        out = dict(self.route_functions)
        out.update(self.dependency_functions)
        return out

    # -- ORM models (F7) ----------------------------------------------------------------------
    @cached_property
    def declarative_bases(self) -> dict[str, Any]:
        """Declarative bases by qname: DeclarativeBase subclasses, ``declarative_base()`` /
        ``registry().generate_base()`` bindings, ``@as_declarative()`` classes."""
        out: dict[str, Any] = {}
        for cls in self.classes.values():
            if (
                self.class_is(cls.qname, DECLARATIVE_BASE_CLASSES) and not self._has_table(cls)
            ) or any(
                d
                and (
                    qname_of(d) in AS_DECLARATIVE
                    or (isinstance(d, Call) and d.qname in AS_DECLARATIVE)
                )
                for d in cls.decorators
            ):
                out[cls.qname] = cls
        for m in self.by_path.values():
            for name, value in m.bindings.items():
                if isinstance(value, Call):
                    q = qname_of(value) or ""
                    if q in DECLARATIVE_BASE_FACTORIES or (
                        q.endswith(".generate_base") and "registry" in (dotted_of(value) or q)
                    ):
                        out[f"{m.module}.{name}"] = Binding(m, name, value)
        return out

    def _has_table(self, cls: Class) -> bool:
        return any(a.name in ("__tablename__", "__table__") for a in cls.attributes)

    def is_orm_model(self, qname: str) -> bool:
        cls = self.class_(qname)
        if cls is None:
            return False
        anc = self.ancestors(cls.qname)
        if "sqlmodel.SQLModel" in anc:
            return is_lit(cls.keywords.get("table"), True)
        if not (anc & set(self.declarative_bases)) and not anc & DECLARATIVE_BASE_CLASSES:
            return False
        if self._has_table(cls):
            return True
        return any(
            self._has_table(c)
            for c in (self.class_(a) for a in anc)
            if c is not None and "__abstract__" not in {x.name for x in c.attributes}
        )

    @cached_property
    def orm_models(self) -> list[Class]:
        return [c for c in self.classes.values() if self.is_orm_model(c.qname)]

    @cached_property
    def orm_tables(self) -> list[tuple[ModuleFacts, Any]]:
        """``name = Table(...)`` bindings (``sqlalchemy.Table``)."""
        out = []
        for m in self.by_path.values():
            for inst in m.instances:
                if (
                    qname_of(inst.call) in ("sqlalchemy.Table", "sqlalchemy.schema.Table")
                    and inst.function is None
                ):
                    out.append((m, inst))
        return out

    @property
    def has_orm(self) -> bool:
        return bool(self.orm_models or self.orm_tables)

    # -- layout (domain vs layered) -----------------------------------------------------------
    @cached_property
    def layout(self) -> Layout:
        return detect_layout([p for p, m in self.by_path.items() if m.file_class == "app"])

    # -- questions several checks ask (auditor.project_queries) ---------------------------
    def main_app(self, apps: list[AppInstance] | None = None) -> AppInstance | None:
        """*The* application of the project (of ``apps`` when given), or None."""
        from auditor.project_queries import main_app

        return main_app(self, apps)

    @cached_property
    def route_applications(self) -> dict[str, frozenset[str]]:
        """Route module -> the route modules of its application, where the model knows the
        application entirely (see :func:`auditor.project_queries.route_applications`)."""
        from auditor.project_queries import route_applications

        return route_applications(self)

    @cached_property
    def server_sites(self) -> list[tuple[str, ServerSite]]:
        """(path, site): every server the application code starts (``uvicorn.run(app,
        host=...)``), in path order."""
        return [
            (m.path, site)
            for m in self.by_path.values()
            if m.file_class == "app"
            for site in m.servers
        ]

    def served_only_on_loopback(
        self, app: AppInstance, main_block: bool = False, literal: bool = False
    ) -> bool:
        """Every server the project starts ``app`` with listens on the local machine only,
        and nothing else can serve it (see
        :func:`auditor.project_queries.served_only_on_loopback`); ``main_block``: the app
        is built in its module's ``if __name__ == "__main__":`` block; ``literal``: only a
        host written as a loopback address counts, not uvicorn's default."""
        key = (app.qname, main_block, literal)
        if key not in self._loopback:
            from auditor.project_queries import served_only_on_loopback

            self._loopback[key] = served_only_on_loopback(self, app, main_block, literal)
        return self._loopback[key]

    def callers_keep_default(self, function: str, param: str) -> bool:
        """The project calls ``function``, and no call passes ``param`` (see
        :func:`auditor.project_queries.callers_keep_default`): the parameter's default is
        the value the function always runs with."""
        key = (function, param)
        if key not in self._kept_defaults:
            from auditor.project_queries import callers_keep_default

            self._kept_defaults[key] = callers_keep_default(self, function, param)
        return self._kept_defaults[key]

    def stale_copy(self, path: str) -> bool:
        """The module at ``path`` is an old copy of a live module that nothing runs (see
        :func:`auditor.project_queries.stale_copy`)."""
        if path not in self._stale:
            from auditor.project_queries import stale_copy

            self._stale[path] = stale_copy(self, path)
        return self._stale[path]

    @cached_property
    def mcp_registrations(self) -> dict[str, str]:
        """Function qname -> the module-level FastMCP server a ``@mcp.tool`` /
        ``@mcp.resource(...)`` / ``@mcp.prompt`` decorator registers it on
        (:func:`auditor.project_queries.mcp_registrations`): FastMCP calls it, resolving its
        own dependencies, never FastAPI's ``Depends``."""
        from auditor.project_queries import mcp_registrations

        return mcp_registrations(self)

    @cached_property
    def unstarted_registrations(self) -> dict[str, str]:
        """The :attr:`mcp_registrations` whose server nothing starts
        (:func:`auditor.project_queries.unstarted_mcp_servers`: no ``run()``, no app mounts
        it, nothing imports it, no command runs it): functions that never run."""
        from auditor.project_queries import unstarted_mcp_servers

        idle = unstarted_mcp_servers(self, set(self.mcp_registrations.values()))
        return {f: s for f, s in self.mcp_registrations.items() if s in idle}

    def mcp_bridge(self, app: AppInstance) -> str | None:
        """The name of the FastMCP server ``app`` is served through alone (``mcp =
        FastMCP.from_fastapi(app=app)``: its routes become MCP tools, called in-process;
        "" for an unbound server), or None when it may be served over HTTP (see
        :func:`auditor.project_queries.mcp_bridge`)."""
        from auditor.project_queries import mcp_bridge

        return mcp_bridge(self, app)

    def served_only_under_root_mounts(self, app: AppInstance) -> bool:
        """``app`` is served only mounted at the root of apps whose own default docs routes
        come first, so its docs and schema are never served (see
        :func:`auditor.project_queries.served_only_under_root_mounts`)."""
        key = (app.qname, "root-mounts")
        if key not in self._shadowed:
            from auditor.project_queries import served_only_under_root_mounts

            self._shadowed[key] = served_only_under_root_mounts(self, app)
        return self._shadowed[key]

    def route_served_only_on_loopback(self, function: str | None) -> bool:
        """``function`` handles routes, and every app they are on is served only on the
        local machine (see :func:`auditor.project_queries.route_served_only_on_loopback`)."""
        from auditor.project_queries import route_served_only_on_loopback

        return function is not None and route_served_only_on_loopback(self, function)

    def app_of(self, ref: str | None) -> AppInstance | None:
        """The FastAPI application a name refers to (directly or through a factory)."""
        from auditor.project_queries import app_of

        return app_of(self, ref)

    @cached_property
    def exception_handler_registrations(self) -> list[tuple[str, str | None, str]]:
        """(app qname, exception class qname or None, handler qname) of every exception
        handler registered on a FastAPI app, in the order the model finds them."""
        from auditor.project_queries import exception_handler_registrations

        return exception_handler_registrations(self)

    def exception_handlers(self) -> dict[str, list[str | None]]:
        """Exception handler functions (qname) -> the exceptions they are registered for."""
        if self._exception_handlers is None:
            from auditor.project_queries import exception_handlers

            self._exception_handlers = exception_handlers(self)
        return self._exception_handlers

    def alembic_evidence(self) -> str | None:
        """What shows that Alembic manages the schema (a file path), or None."""
        from auditor.project_queries import alembic_evidence

        return alembic_evidence(self)

    def alembic_targets(self) -> set[str]:
        """Qualified names of the metadata / declarative bases Alembic's env.py targets."""
        from auditor.project_queries import alembic_targets

        return alembic_targets(self)

    @cached_property
    def alembic_in_code(self) -> str | None:
        """A module whose code drives Alembic or reads its ``alembic_version`` table (a path),
        or None: Alembic in use although its migration folder is not in the audited tree."""
        from auditor.project_queries import alembic_in_code

        return alembic_in_code(self)

    @cached_property
    def alembic_without_revisions(self) -> str | None:
        """The folder(s) where Alembic's revisions belong (as a message names them) when the
        audited tree holds every Alembic environment it configures and none has a revision
        (a file with ``revision = ...``): an ``alembic init`` scaffold, no migration history.
        None when a revision exists or a configured location is outside the tree (unknown)."""
        from auditor.project_queries import alembic_without_revisions

        return alembic_without_revisions(self)

    @cached_property
    def handwritten_migrations(self) -> list[str]:
        """Application modules that migrate the schema by hand (a migration system that is
        not Alembic): named for it (``migrations.py``, ``migrate.py``, a ``migrations/``
        package, ``db_migration.py`` ...) and running DDL that changes existing tables
        (``ALTER TABLE`` / ``ALTER SEQUENCE`` / ``DROP ...``, the walker's ``ddl`` facts;
        ``CREATE`` alone is what ``create_all`` does too); and, whatever their name, modules
        with DDL whose code has a versioned ledger's shape: a loop over an ordered sequence
        of steps the module writes, running each, recording it in a table the function also
        reads (``SELECT MAX(version) FROM schema_version`` ... ``INSERT INTO
        schema_version``).  Paths, sorted."""
        from auditor.project_queries import handwritten_migrations

        return handwritten_migrations(self)

    @cached_property
    def schema_built_elsewhere(self) -> str | None:
        """Where the code says that its tables are created by something else (another
        service's migrations), as ``"path:line"``, or None: a module-level function of the
        application named for building the schema (``init_db``, ``create_tables``) whose
        body only raises (``raise RuntimeError("tables are managed by the backend's
        migrations")``; ``NotImplementedError``, a stub still to write, is not it), in a
        project that creates or migrates no table itself: no Alembic (nor Alembic driven
        from code), no migration of its own, no DDL, and no ``create_all`` or
        ``create_table(`` in application code.  Its metadata then only maps a schema that
        another project builds and migrates."""
        from auditor.project_queries import schema_built_elsewhere

        return schema_built_elsewhere(self)

    # -- lifespan (F10) ----------------------------------------------------------------------
    @cached_property
    def lifespans(self) -> frozenset[str]:
        out: set[str] = set()
        for inst in self.app_instances:
            e = inst.kw("lifespan")
            if isinstance(e, Call):
                # ``lifespan=make_lifespan(config)``
                out.update(self._factory_lifespans(self.function(qname_of(e))))
            elif isinstance(e, Name):
                fn = self.function(qname_of(e))
                if fn is not None:
                    out.add(fn.qname)
                elif dotted_of(e) and inst.function:
                    local = self.function(f"{inst.function}.<locals>.{e.dotted}")
                    if local is not None:
                        out.add(local.qname)
                    elif e.dotted and "." not in e.dotted:
                        # ``lifespan = self.lifespans.create(config)``, then ``lifespan=lifespan``
                        factory = self._held_method_bound_to(inst.function, e.dotted)
                        out.update(self._factory_lifespans(factory))
        return frozenset(out)

    def _factory_lifespans(self, factory: Function | None) -> list[str]:
        """A project factory whose every return is a function defined inside it
        (``return inner``): that function is the lifespan (what the factory returns is all it
        can be)."""
        if factory is None:
            return []
        inner = [
            self.function(f"{factory.qname}.<locals>.{v.dotted}")
            for v in factory.return_values
            if isinstance(v, Name) and v.dotted and "." not in v.dotted
        ]
        if not inner or len(inner) != len(factory.return_values):
            return []
        return [fn.qname for fn in inner if fn is not None]

    def _held_method_bound_to(self, function: str, local: str) -> Function | None:
        """The method whose call the method ``function`` binds its ``local`` to, once, when
        it is called on an object its own object holds: ``lifespan =
        self.manager.create_lifespan(...)`` where a method of its class (or an ancestor)
        assigned ``self.manager = LifespanManager()``."""
        fn = self.function(function)
        node = self.def_node(fn) if fn is not None and fn.class_qname and fn.params else None
        if fn is None or fn.class_qname is None or node is None:
            return None
        values = [
            n.value
            for n in ast.walk(node)
            if isinstance(n, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == local for t in n.targets)
        ]
        if len(values) != 1 or not isinstance(call := values[0], ast.Call):
            return None
        func = call.func
        if not isinstance(func, ast.Attribute):
            return None
        held = func.value
        if not (
            isinstance(held, ast.Attribute)
            and isinstance(held.value, ast.Name)
            and held.value.id == fn.params[0].name
        ):
            return None
        cls = self.class_(self._held_class(fn.class_qname, held.attr))
        return self.method(cls, func.attr) if cls is not None else None

    def _held_class(self, class_qname: str, attr: str) -> str | None:
        """The class of the object a method of the class (or of an ancestor) constructs into
        ``self.<attr>``, when every such assignment constructs the same one."""
        owners = {f"{owner}.<self>.{attr}" for owner in (class_qname, *self.ancestors(class_qname))}
        made = {
            qname_of(inst.call)
            for m in self.modules.values()
            for inst in m.instances
            if inst.target in owners
        }
        return made.pop() if len(made) == 1 else None

    def in_lifespan(self, function_qname: str | None) -> bool:
        """The function is the lifespan, or nested inside it."""
        if not function_qname:
            return False
        for ls in self.lifespans:
            if function_qname == ls or function_qname.startswith(ls + ".<locals>."):
                return True
        return False

    # -- what the application is made of (issue 10: auditor.scope) ----------------------------
    @cached_property
    def application_modules(self) -> frozenset[str] | None:
        """Names of the modules the FastAPI applications reach (their modules and what those
        import, transitively); None when the project has no application (unknown)."""
        from auditor.scope import application_modules

        return application_modules(self)

    @cached_property
    def serving(self) -> Serving:
        """Which applications are served (:func:`auditor.scope.serving`), once per audit."""
        from auditor.scope import serving

        return serving(self)

    @property
    def unserved_modules(self) -> frozenset[str]:
        """Names of the modules of applications nothing serves (:func:`auditor.scope.serving`):
        code that never runs."""
        return self.serving.unserved

    @cached_property
    def unserved_paths(self) -> frozenset[str]:
        """The paths of :attr:`unserved_modules`: no code finding is reported there."""
        return frozenset(self.modules[n].path for n in self.unserved_modules if n in self.modules)

    @cached_property
    def entry_point_names(self) -> frozenset[str]:
        """The names the distribution's entry points write after their modules
        (:func:`auditor.scope.entry_point_attrs`): functions and classes that run, though
        no Python file names them."""
        from auditor.scope import entry_point_attrs

        return entry_point_attrs(self)

    @cached_property
    def plugin_entry_points(self) -> frozenset[tuple[str, str]]:
        """(module, attr) of the distribution's entry points of groups that install no
        command (:func:`auditor.scope.plugin_entry_points`): plugins a host program loads."""
        from auditor.scope import plugin_entry_points

        return plugin_entry_points(self)

    def built_for_host(self, app: AppInstance) -> bool:
        """``app`` is built for a host program that loads it as a plugin and serves it
        itself (see :func:`auditor.project_queries.built_for_host`)."""
        from auditor.project_queries import built_for_host

        return built_for_host(self, app)

    @cached_property
    def dead_module_paths(self) -> frozenset[str]:
        """The paths of the modules that run nowhere (:func:`auditor.scope.dead_modules`:
        stray modules of the application's package that nothing imports, no other file
        names and that cannot run themselves): the checks of what code does when it runs
        report nothing there."""
        from auditor.scope import dead_modules

        return frozenset(self.modules[n].path for n in dead_modules(self))

    @cached_property
    def shadowed_routes(self) -> dict[int, Route]:
        """id(route) -> the earlier route of the same receiver that takes every request the
        route matches (:func:`auditor.project_queries.shadowed_routes`): it never runs."""
        from auditor.project_queries import shadowed_routes

        return shadowed_routes(self)

    @cached_property
    def shadowed_handlers(self) -> frozenset[str]:
        """Qualified names of the route handlers every route of which is shadowed
        (:attr:`shadowed_routes`) and whose name nothing else writes (:meth:`_named_once`):
        no request and no other code runs them, so their bodies never run."""
        shadowed = self.shadowed_routes
        if not shadowed:
            return frozenset()
        handlers: dict[str, list[Route]] = {}
        for r in self.routes:
            handlers.setdefault(r.function.qname, []).append(r)
        return frozenset(
            q
            for q, routes in handlers.items()
            if all(id(r) in shadowed for r in routes) and self._named_once(routes[0].function)
        )

    def _named_once(self, fn: Function) -> bool:
        """Nothing but ``fn``'s own ``def`` names it: no name or string of the body it is
        defined in (its module's, or the function it is nested in) is ``fn``'s name, and
        no other Python file writes it unless ``fn`` is nested (a local name no other file
        can reach).  A method of another object called the same (``db.get_rows``) is no
        use of it."""
        from auditor.project_queries import scope_body

        own = self.modules[fn.module].path
        if parent_function(fn.qname) is None and set(self.files_naming([fn.name])) - {own}:
            return False
        body = scope_body(self, fn)
        if body is None:
            return False
        return not any(
            (isinstance(n, ast.Name) and n.id == fn.name)
            or (isinstance(n, ast.Constant) and n.value == fn.name)
            for stmt in body
            for n in ast.walk(stmt)
        )

    @cached_property
    def unserved_spans(self) -> dict[str, list[tuple[int, int]]]:
        """path -> the lines of the factories nothing names (:func:`auditor.scope.serving`'s
        ``factories``) and of the helpers handed an app that nothing calls
        (:func:`auditor.scope.uncalled_app_helpers`): no code finding is reported there."""
        from auditor.scope import uncalled_app_helpers

        out: dict[str, list[tuple[int, int]]] = {}
        spans = [*self.serving.factories.values(), *uncalled_app_helpers(self).values()]
        for path, first, last in spans:
            out.setdefault(path, []).append((first, last))
        return out

    def served(self, app: AppInstance) -> bool:
        """``app`` is not one nothing serves (:attr:`unserved_modules`, a factory nothing
        names): a finding anchored on it would be dropped (checks that anchor a project-wide
        finding on an application choose among these)."""
        return (
            app.module.module not in self.unserved_modules
            and app.qname not in self.serving.factories
            and app.qname not in self.stray_apps
        )

    @cached_property
    def stray_apps(self) -> frozenset[str]:
        """Qualified names of the module-level ``FastAPI()`` instances that are no
        application (:func:`auditor.project_queries.stray_apps`): no route, router, mount or
        middleware is added to them and nothing serves, imports or names them."""
        from auditor.project_queries import stray_apps

        return stray_apps(self)

    @cached_property
    def served_apps(self) -> list[AppInstance]:
        """The applications that serve requests: those of application code, but the ones in a
        module nothing serves (:attr:`unserved_modules`) or in test support shipped in the
        package (:attr:`test_support_modules`: a ``testing.py`` that drives its app with a
        test client).  What checks about *the* deployed application count and choose from."""
        skip = self.unserved_modules | self.test_support_modules
        return [
            a
            for a in self.fastapi_apps
            if a.module.file_class == "app"
            and a.module.module not in skip
            and a.qname not in self.serving.factories
            and a.qname not in self.stray_apps
        ]

    @cached_property
    def test_support_modules(self) -> frozenset[str]:
        """Names of the modules that are test support shipped outside ``tests/`` (a pytest
        plugin or fixture module and its package's helpers): not application code."""
        from auditor.scope import test_support_modules

        return test_support_modules(self)

    @cached_property
    def pytest_plugin_modules(self) -> frozenset[str]:
        """Names of the project modules pytest loads as plugins (a ``pytest11`` entry point,
        a test module's ``pytest_plugins``): their fixtures serve the tests like a
        ``conftest.py``'s."""
        from auditor.project_queries import pytest_plugin_modules

        return pytest_plugin_modules(self)

    @cached_property
    def ships_no_application(self) -> bool:
        """The audited tree is a published distribution (:attr:`installed_distribution`)
        that ships no application: its application code builds no ``FastAPI()`` /
        ``Starlette()`` instance (in a factory or not) and it declares no entry point (no
        command, no plugin).  A library, then: routers and helpers for a host application
        to include, components its users construct.  False when it is not known to be a
        distribution (a repository, an example): the checks keep their behaviour."""
        if self.installed_distribution is None:
            return False
        if any(i.kind == "app" and i.module.file_class == "app" for i in self.apps.values()):
            return False
        from auditor.scope import has_entry_points

        return not has_entry_points(self)

    @cached_property
    def installed_distribution(self) -> str | None:
        """The audited tree is a published distribution rather than the project's repository:
        an unpacked wheel or an installed package (a top-level ``*.dist-info``; the
        ``*.dist-info`` beside the audited folder that installs it; for a folder of a
        namespace package, ``google/adk``, the one beside its top folder whose ``RECORD``
        lists the folder's files) or an unpacked sdist (its ``PKG-INFO`` at the root, beside
        the audited package folder, or above its ``src/``).  The file that says so (``"../pkg-1.0.dist-info"``), or None; always None inside a git
        work tree.  A distribution leaves out what its repository keeps beside the code (the
        test suite, its configuration): checks that conclude from an absence say so."""
        if self.repo.git is not None:
            return None
        for path in self.repo.files:
            first, _, rest = path.partition("/")
            if first.endswith(".dist-info") and rest in ("METADATA", "RECORD"):
                return first
        if "PKG-INFO" in self.repo.files:
            return "PKG-INFO"
        from auditor.inventory import dist_info_beside

        info = dist_info_beside(self.repo)
        if info is not None:
            return f"../{info.name}"
        try:
            root = self.repo.root.resolve()
            # a namespace package's folder (``google/adk``): the ``*.dist-info`` beside its
            # top folder lists the audited folder's files in its ``RECORD``
            for depth in (2, 3):
                if len(root.parents) <= depth:
                    break
                base = root.parents[depth - 1]
                rel = root.relative_to(base).as_posix() + "/"
                for candidate in sorted(base.glob("*.dist-info")):
                    record = candidate / "RECORD"
                    if record.is_file() and record.stat().st_size < 50_000_000:
                        with record.open(encoding="utf-8", errors="replace") as fh:
                            if any(line.startswith(rel) for line in fh):
                                return "../" * depth + candidate.name
            if not (root / "__init__.py").is_file():
                return None
            up = [root.parent] + ([root.parent.parent] if root.parent.name == "src" else [])
            for i, folder in enumerate(up):
                if (folder / "PKG-INFO").is_file():
                    return "../" * (i + 1) + "PKG-INFO"
        except OSError:
            return None
        return None

    def import_closure(self, modules: Iterable[str], by_folder: bool = True) -> frozenset[str]:
        """The modules ``modules`` reach through imports, transitively (themselves too);
        ``by_folder=False``: not the folder a run-time import of a computed name may load."""
        from auditor.scope import import_closure

        return import_closure(self, modules, by_folder=by_folder)

    def reaches(self, module: ModuleFacts | str | None) -> bool | None:
        """Whether the applications reach ``module`` (facts, or a path); None: unknown."""
        reached = self.application_modules
        if reached is None or module is None:
            return None
        facts = self.by_path.get(module) if isinstance(module, str) else module
        return facts is not None and facts.module in reached

    def is_application_code(self, path: str | None, line: int | None = None) -> bool:
        """The code at ``path`` (and ``line``) is application code: a module the applications
        reach, or unknown (no application found, a project-level finding: the checks' old
        behaviour); with a line, not inside a function that only a ``__main__`` program of
        the module runs (a developer tool kept beside the code it exercises) nor one only
        the functions registered on an MCP server nothing starts run (never)."""
        if self.reaches(path) is False:
            return False
        if line is None or path is None:
            return True
        fn = self.function_at(path, line)
        r = self.reach(fn.qname) if fn is not None else None
        return r is None or r.kind not in NEVER_SERVED_REACH

    def top_statement(self, path: str, line: int) -> tuple[int, int | None] | None:
        """The top-level statement of ``path`` that holds ``line``, as (its first line, the
        first line of the next one or None at the end of the file): a piece of the module
        that parses and tokenizes on its own.  None when the module's statements are not
        known (it did not parse) or ``line`` comes before the first."""
        module = self.by_path.get(path)
        starts = module.statement_lines if module is not None and module.parse_error is None else []
        k = bisect.bisect_right(starts, line) - 1
        if not starts or k < 0:
            return None
        return starts[k], starts[k + 1] if k + 1 < len(starts) else None

    def function_at(self, path: str, line: int) -> Function | None:
        """The innermost function of the module at ``path`` whose body holds ``line``."""
        m = self.by_path.get(path)
        if m is None:
            return None
        best: Function | None = None
        for fn in m.functions.values():
            if fn.line <= line <= fn.end_line and (best is None or fn.line >= best.line):
                best = fn
        return best

    @cached_property
    def reachability(self) -> dict[str, Reach]:
        from auditor.scope import reachability

        return reachability(self)

    @cached_property
    def false_guards(self) -> FalseGuards:
        """The bodies of ``if`` statements whose test is a module constant bound once to
        ``False`` and never written (:mod:`auditor.guards`): code that never runs."""
        from auditor.guards import false_guards

        return false_guards(self)

    @cached_property
    def shipped_path_fallbacks(self) -> ShippedPathFallbacks:
        """The branches that run only when a path the package ships beside its module is
        missing (the ``else`` of ``if WEB_DIR.exists():`` with ``WEB_DIR =
        Path(__file__).parent / "web"`` and ``web/`` in the tree:
        :class:`auditor.guards.ShippedPathFallbacks`): they never run once installed."""
        from auditor.guards import ShippedPathFallbacks

        return ShippedPathFallbacks(self)

    @cached_property
    def dev_only_dockerfiles(self) -> frozenset[str]:
        """Dockerfiles the project's compose files build only for development (a dev
        compose file, ``profiles: [dev]``): :func:`auditor.project_files.dev_only_dockerfiles`."""
        from auditor.project_files import dev_only_dockerfiles

        return dev_only_dockerfiles(self)

    @cached_property
    def call_sites(self) -> dict[str, list[tuple[Function, CallSite]]]:
        """Function qname -> the (caller, call site) pairs the call graph knows for it."""
        from auditor.scope import call_sites

        return call_sites(self)

    def reach(self, function_qname: str | None) -> Reach | None:
        """How a function is reached (request path, start-up only, command line only), or
        None when the call graph cannot tell."""
        return self.reachability.get(function_qname) if function_qname else None

    def named_uses(self, names: Iterable[str]) -> dict[str, list[NamedUse]] | None:
        """Every use of each name as a token in the project's code (:func:`auditor.scope.named_uses`)."""
        from auditor.scope import named_uses

        return named_uses(self, names)

    def dead_code(self, function_qnames: Iterable[str | None]) -> set[str]:
        """Those of the functions that no entry point reaches and nothing in the project
        refers to (:func:`auditor.scope.unreferenced`): they run beside no request."""
        from auditor.scope import unreferenced

        if self.application_modules is None:
            return set()  # no application: nothing is placed, the checks keep their certainty
        unknown: dict[str, Function] = {}
        for q in function_qnames:
            fn = self.function(q) if q else None
            if fn is not None and self.reach(fn.qname) is None:
                unknown[fn.qname] = fn
        return unreferenced(self, unknown.values()) if unknown else set()

    def off_request_path(self, function_qname: str | None) -> Reach | None:
        """The start-up or command-line reach of a function that no request reaches (None
        when it is on the request path or unknown): the code runs, but not beside requests."""
        r = self.reach(function_qname)
        return r if r is not None and not r.on_request_path else None

    def not_beside_requests(
        self, sites: Iterable[tuple[str | None, int | None, str | None]]
    ) -> list[str | None]:
        """For each (path, line, enclosing function qname) of code in the application's
        files: why it never runs beside a request, or None when it may (or the model cannot
        tell).  The one answer the blocking-call checks (ASY001, ASY002, ASY005) share:
        ``"unreached"`` (a module the applications never import: an SDK shipped beside the
        server; or a function only a ``__main__`` program runs), ``"lifespan"``, a
        :class:`Reach` kind other than ``request`` (``startup``, ``cli``, ``program``,
        ``loop``, ``job``), or ``"dead"`` (nothing reaches or names the function, or it
        handles only routes earlier routes take every request of: :attr:`shadowed_handlers`)."""
        items = list(sites)
        out: list[str | None] = []
        for path, line, function in items:
            if not self.is_application_code(path, line):
                out.append("unreached")
            elif function is not None and function in self.shadowed_handlers:
                out.append("dead")
            elif self.in_lifespan(function):
                out.append("lifespan")
            else:
                r = self.off_request_path(function)
                out.append(r.kind if r is not None else None)
        dead = self.dead_code(f for (_p, _l, f), why in zip(items, out) if why is None)
        out = [
            "dead" if why is None and function in dead else why
            for (_p, _l, function), why in zip(items, out)
        ]
        commands = self.command_line_only(f for (_p, _l, f), why in zip(items, out) if why is None)
        return [
            "cli" if why is None and function in commands else why
            for (_p, _l, function), why in zip(items, out)
        ]

    def command_line_only(self, function_qnames: Iterable[str | None]) -> set[str]:
        """Those of the functions no entry point places that only command-line code uses
        (:func:`auditor.scope.command_line_only`: every use of their name sits in a command
        or a program, transitively, through module functions: a method a command reaches
        may also be called through an object a route holds): they run in a process that
        serves no request."""
        from auditor.scope import command_line_only

        if self.application_modules is None:
            return set()
        unknown: dict[str, Function] = {}
        for q in function_qnames:
            fn = self.function(q) if q else None
            if fn is not None and self.reach(fn.qname) is None:
                unknown[fn.qname] = fn
        return command_line_only(self, unknown.values(), methods=False) if unknown else set()

    def completeness(
        self, file_classes: Iterable[str] = ("app",), routes: bool = False
    ) -> Completeness:
        """Whether the model is complete for an absence finding (:mod:`auditor.scope`)."""
        from auditor.scope import completeness

        return completeness(self, file_classes, routes)

    def unread_python_files(self) -> list[str]:
        """Python files of the repository that have no facts (too large, unreadable)."""
        return [p for p in self.repo.python_files() if p not in self.by_path]

    def file_class(self, path: str) -> str:
        """The F1 class of a path (its facts' class, else from the path alone)."""
        m = self.by_path.get(path)
        if m is not None:
            return m.file_class
        from auditor.repository import alembic_layout, classify, scaffold_dirs

        return classify(path, alembic_layout(self.repo), scaffold_dirs(self.repo.files))


#: What a module that can run a server writes (:meth:`Project._document_stub`).
_SERVER_WORDS = (b"uvicorn", b"hypercorn", b"granian", b"serve(", b"TestClient", b"Transport(")
#: ``kwargs.setdefault("openapi_url", None)`` (group 1) or ``kwargs["openapi_url"] = None``
#: (group 3): a factory turning the schema off for the ``FastAPI(**kwargs)`` it builds.
_KWARGS_SCHEMA_OFF = lazy_compile(
    r"\s*(?:(\w+)\.setdefault\(\s*(['\"])openapi_url\2\s*,\s*None\s*\)"
    r"|(\w+)\[\s*['\"]openapi_url['\"]\s*\]\s*=\s*None)\s*(?:#.*)?$"
)


def defines_name(m: ModuleFacts, name: str) -> bool:
    """``m`` binds ``name`` itself.  ``pkg.app`` is both a subpackage reached through an
    alias (auditing ``pkg/`` names ``pkg/app/`` ``app``, aliased ``pkg.app``) and the binding
    ``app`` of the module ``pkg/pkg.py`` (named ``pkg``): the walker names a module's own
    bindings by its full name, so that binding is what the exact name means."""
    q = f"{m.module}.{name}"
    return name in m.bindings or q in m.functions or q in m.classes


def _known_bases(name: str) -> tuple[str, ...]:
    out: list[str] = []
    stack = [name]
    while stack:
        cur = stack.pop()
        for b in KNOWN_BASES.get(cur, ()):
            if b not in out:
                out.append(b)
                stack.append(b)
    return tuple(out)


def parent_function(qname: str) -> str | None:
    """``m.f`` for ``m.f.<locals>.g`` (the function a nested def lives in), else None."""
    if ".<locals>." not in qname:
        return None
    return qname.rsplit(".<locals>.", 1)[0]


def qname_arg(call: Expr, index: int, keyword: str) -> str | None:
    e = arg(call, index) or kwarg(call, keyword)
    return qname_of(e) if isinstance(e, Name) else None


def _held_by_local(e: Expr | None) -> bool:
    """The router of an ``include_router`` call is a plain local the model cannot follow
    (a loop variable, a parameter): it may hold any router."""
    if not isinstance(e, Name) or qname_of(e) is not None:
        return False
    return bool(e.dotted) and "." not in (e.dotted or "")


def _looked_up(inst: AppInstance) -> bool:
    """A function's local bound to an object found by name at run time (``router =
    getattr(module, "router", None)``): not a router of its own, whichever one it holds."""
    return ".<locals>." in inst.qname and inst.call.qname in ("getattr", "builtins.getattr")


def _each_site_prefixes(includes: list[MethodCall]) -> bool:
    """Each place that includes a router (one function's includes of one name) may give it
    a prefix: ``if prefix: include_router(router, prefix=prefix) else: include_router(router)``
    in one loop is one place whose prefix the model cannot tell."""
    sites: dict[tuple[str | None, str | None], bool] = {}
    for mc in includes:
        key = (mc.function, dotted_of(arg(mc.call, 0) or kwarg(mc.call, "router")))
        sites[key] = sites.get(key, False) or kwarg(mc.call, "prefix") is not None
    return all(sites.values())


def _literal_path(e: Expr | None) -> str | None:
    if e is None:
        return None
    if isinstance(e, Lit) and isinstance(e.value, str):
        return e.value
    if isinstance(e, BinOp) and e.op == "+":
        left, right = _literal_path(e.left), _literal_path(e.right)
        if left is not None and right is not None:
            return left + right
    return None


def module_aliases(
    paths: Iterable[str], all_files: Iterable[str], root_package: str | None = None
) -> dict[str, str]:
    """Other dotted names a module is importable under (``src/app/x.py`` -> ``app.x``).

    The full path from the root is always a name.  Besides it: the name relative to the
    first folder of its ``__init__.py`` chain, trailing parts of length >= 2 that are unique
    in the project, and, when the audited folder is a package, its name as a prefix.
    """
    from auditor.source import module_name

    files = set(all_files)
    full_names: dict[str, str] = {}
    for p in paths:
        full, _ = module_name(p)
        full_names[p] = full
    aliases: dict[str, set[str]] = {}
    for p, full in full_names.items():
        parts = full.split(".")
        dirs = p.split("/")[:-1]
        # package-root name: climb while the folder has an __init__.py
        depth = 0
        while dirs and "/".join(dirs) + "/__init__.py" in files:
            depth += 1
            dirs.pop()
        cands = set()
        n_pkg = depth + (0 if p.endswith("__init__.py") else 1)
        if 0 < n_pkg < len(parts):
            cands.add(".".join(parts[-n_pkg:]))
        for k in range(2, len(parts)):
            cands.add(".".join(parts[-k:]))
        if parts and parts[0] == "src" and len(parts) > 1:
            cands.add(".".join(parts[1:]))
        for c in cands:
            if c != full:
                aliases.setdefault(c, set()).add(full)
    fulls = set(full_names.values())
    out = {a: next(iter(t)) for a, t in aliases.items() if len(t) == 1 and a not in fulls}
    if root_package:
        # the audited folder is itself a package (``auditor audit src/shop``): its modules are
        # imported as ``shop.x.y``
        for full in fulls:
            out.setdefault(root_package if full == "__init__" else f"{root_package}.{full}", full)
    return out


#: The standard modules of a domain package (zhanymkanov's guide).
DOMAIN_MODULES = (
    "router",
    "schemas",
    "models",
    "service",
    "dependencies",
    "constants",
    "exceptions",
    "config",
)
_LAYER_DIRS = {
    "endpoints",
    "routers",
    "routes",
    "schemas",
    "models",
    "services",
    "crud",
    "repositories",
    "api",
}


@dataclass(frozen=True)
class Layout:
    """The project's layout: "domain" (packages holding router.py + schemas.py ...),
    "layered" (api/endpoints, schemas/, models/, services/ folders), or "flat"."""

    kind: str
    root: str  # the folder holding the domains or layers ("app", "src", "")
    domains: dict[str, tuple[str, ...]]  # domain package -> standard modules it has

    def matrix(self) -> list[tuple[str, dict[str, bool]]]:
        return [
            (d, {m: m in mods for m in DOMAIN_MODULES}) for d, mods in sorted(self.domains.items())
        ]


def detect_layout(app_paths: list[str]) -> Layout:
    by_dir: dict[str, set[str]] = {}
    for p in app_paths:
        parts = p.split("/")
        if len(parts) < 2:
            continue
        by_dir.setdefault("/".join(parts[:-1]), set()).add(
            parts[-1][:-3] if parts[-1].endswith(".py") else parts[-1]
        )
    domains: dict[str, tuple[str, ...]] = {}
    for d, stems in by_dir.items():
        std = tuple(
            m for m in DOMAIN_MODULES if m in stems or (m == "router" and "routes" in stems)
        )
        if ("router" in std) and len(std) >= 2:
            domains[d] = std
    layered_dirs = {d.rsplit("/", 1)[-1] for d in by_dir} & _LAYER_DIRS
    if len(domains) >= 2 and len(domains) >= len(layered_dirs) - 1:
        roots = {d.rsplit("/", 1)[0] if "/" in d else "" for d in domains}
        root = sorted(roots, key=lambda r: (-sum(1 for d in domains if d.startswith(r)), r))[0]
        return Layout("domain", root, domains)
    if len(layered_dirs) >= 2:
        dirs = [d for d in by_dir if d.rsplit("/", 1)[-1] in _LAYER_DIRS]
        root = min((d.rsplit("/", 1)[0] if "/" in d else "" for d in dirs), key=len, default="")
        return Layout("layered", root, {})
    return Layout("flat", "", domains)
