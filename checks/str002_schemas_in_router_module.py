from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterator
from pathlib import PurePosixPath
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity
from auditor.facts import Call, Class, Expr, Lit, ModuleFacts, Name, iter_exprs, qname_of
from auditor.lazyre import lazy_compile
from auditor.project import Binding, Project
from auditor.source import SourceProblem, parse_text

#: Router classes: a method annotated to return one builds the routes of its object.
ROUTER_CLASSES = frozenset(
    {"fastapi.APIRouter", "fastapi.routing.APIRouter", "starlette.routing.Router"}
)


def _route_owners(project: Project) -> list[str]:
    """Qualified names of what declares routes: each route's handler and the router or
    application it is declared on (``Plugin.app_router.<locals>.router``), and every
    router or application instance, sorted."""
    out = {inst.qname for inst in project.apps.values()}
    for r in project.routes:
        out.add(r.function.qname)
        out.add(r.receiver.qname)
    return sorted(out)


def _owns_routes(project: Project, qname: str, owners: list[str]) -> bool:
    """A model class that is the owner of routes, not a request or response schema: its
    methods build a router or are route handlers (a plugin or view object that is a
    Pydantic model because its configuration is), or one of its methods, or one of a
    project base class's, is annotated to return a router (a plugin system's hook)."""
    prefix = f"{qname}."
    if any(o.startswith(prefix) for o in owners):
        return True
    for q in (qname, *sorted(project.ancestors(qname))):
        cls = project.class_(q)
        if cls is None:
            continue
        for name in cls.methods:
            fn = project.function(f"{cls.qname}.{name}")
            returns = qname_of(fn.returns) if fn is not None else None
            if returns and project.name_is_class(returns, ROUTER_CLASSES):
                return True
    return False


#: A forward reference written as a string annotation (``list["Column"]``): its names.
_FORWARD_NAME = lazy_compile(r"[A-Za-z_][\w.]*")


def _models_reached(project: Project, seeds: list[tuple[Expr | None, str]]) -> set[str]:
    """The Pydantic models that the type expressions ``seeds`` (each with the module it is
    written in) name, through unions, generics, string forward references
    (``list["Column"]``), project type aliases (``ListenerSettings = Http | Kafka``) and,
    transitively, the fields of each model reached (its project bases' fields included)."""
    out: set[str] = set()
    todo = [(e, module) for e, module in seeds if e is not None]
    seen_aliases: set[str] = set()
    while todo:
        expr, module = todo.pop()
        for e in iter_exprs(expr):
            if isinstance(e, Lit) and isinstance(e.value, str):
                names = [f"{module}.{n}" for n in _FORWARD_NAME.findall(e.value)]
            elif isinstance(e, Name) and e.qname:
                names = [e.qname]
            else:
                continue
            for q in names:
                r = project.resolve(q)
                if isinstance(r, Binding):
                    if r.qname not in seen_aliases and r.value is not None:
                        seen_aliases.add(r.qname)
                        todo.append((r.value, r.module.module))
                elif (
                    isinstance(r, Class)
                    and r.qname not in out
                    and project.is_pydantic_model(r.qname)
                ):
                    out.add(r.qname)
                    for a in (r.qname, *project.ancestors(r.qname)):
                        c = project.class_(a)
                        if c is not None:
                            todo.extend(
                                (x.annotation, c.module)
                                for x in c.attributes
                                if x.annotation is not None
                            )
    return out


def _api_models(project: Project) -> set[str]:
    """The Pydantic models that are the API's schemas: those a request-path function (a route
    handler or a dependency) takes or is annotated to return, a route's ``response_model=``
    or ``responses=`` names, a route handler returns built (``return Item(...)``) or builds or
    validates in its own body (``Item.model_validate(await request.json())``), with, through
    :func:`_models_reached`, the models they nest and the project bases they derive from.
    Any other model in a router module (an event-bus message a transport builds, a
    consumer's configuration, a settings-tree model) describes no request or response."""
    seeds: list[tuple[Expr | None, str]] = []
    for fn in project.request_path_functions.values():
        seeds.append((fn.returns, fn.module))
        seeds.extend((p.annotation, fn.module) for p in fn.params)
    for r in project.routes:
        module = r.function.module
        seeds.extend(((r.kw("response_model"), module), (r.kw("responses"), module)))
        for v in r.function.return_values:
            seeds.extend(
                (Name(e.qname, e.dotted), module) for e in iter_exprs(v) if isinstance(e, Call)
            )
        for c in r.function.calls:
            seeds.extend(
                ((Name(c.qname, None), module), (Name(c.qname.rpartition(".")[0], None), module))
            )
    route_modules = [project.by_path[p] for p in sorted({r.module.path for r in project.routes})]
    wire = _validated_names(project, {c.name for m in route_modules for c in m.classes.values()})
    for m in route_modules:
        seeds.extend((Name(c.qname, None), m.module) for c in m.classes.values() if c.name in wire)
    reached = _models_reached(project, seeds)
    for q in list(reached):
        reached.update(a for a in project.ancestors(q) if project.is_pydantic_model(a))
    return reached


#: A model built from the whole of some data, as a request body parsed by hand is:
#: ``Event(**body)``, ``Event.model_validate(data)``, ``Event.parse_obj(data)`` (Pydantic
#: docs, "Models: Validating data").  The class's name is the group.
_VALIDATED = lazy_compile(
    r"\b([A-Za-z_]\w*)(?:\s*\(\s*\*\*|\.(?:model_validate\w*|parse_obj|parse_raw)\s*\()"
)


def _app_texts_naming(project: Project, names: Collection[str]) -> list[str]:
    """The texts of the application modules whose text names one of ``names`` as a whole
    word, in path order: what a search for those names in the application's text needs to
    read (found through :meth:`Project.files_naming`'s word index, not by scanning every
    module's text, which on a large tree is tens of MB per search)."""
    out = []
    for path in sorted(project.files_naming(names)):
        m = project.by_path.get(path)
        if m is not None and m.file_class == "app":
            out.append(project.read_text(path) or "")
    return out


def _validated_names(project: Project, names: Collection[str]) -> set[str]:
    """Those of ``names`` (class names) that the application builds from the whole of some
    data (:data:`_VALIDATED`): wire formats, a body a helper of a route parses by hand among
    them.  Only modules naming one of them can build one."""
    found: set[str] = set()
    for text in _app_texts_naming(project, names):
        found.update(_VALIDATED.findall(text))
    return found & set(names)


def _used(project: Project, name: str) -> bool:
    """The class's name appears in the application's text beyond its own ``class`` line: the
    code uses it (a model defined and never used is left to the rule's default)."""
    word = re.compile(rf"\b{re.escape(name)}\b")
    return sum(len(word.findall(text)) for text in _app_texts_naming(project, [name])) > 1


#: The names a project gives the modules (or packages) that hold its models.
HOME_NAMES = ("schemas", "schema", "models", "model")


#: A module of one Pydantic model (the examples' other homes).
_ONE_MODEL = "from pydantic import BaseModel\n\n\nclass Name(BaseModel):\n    name: str\n"


class _Homes:
    """Where the project already keeps its Pydantic (``orm=False``) or ORM models: the
    packages and modules named like :data:`HOME_NAMES` that are not routers and hold
    mostly models of that kind (``api/schema/``, a sibling router's ``models.py``), or
    none yet under the kind's own names (an empty ``schemas/`` package waiting for them)
    or whose docstring declares them the API's request/response models (a ``models.py``
    "Request and response Pydantic models for the REST API", holding a dataclass so far)."""

    def __init__(self, project: Project, orm: bool, routers: Collection[str]) -> None:
        self.packages: set[str] = set()
        self.modules: set[str] = set()
        #: the homes (as in :attr:`packages` / :attr:`modules`) that hold models of the kind
        self.holding: set[str] = set()
        #: every module path and every folder holding one: the names already in use
        self.taken: set[str] = set()
        for path in project.by_path:
            self.taken.add(path)
            self.taken.update(p.as_posix() for p in PurePosixPath(path).parents)
        counts: dict[str, list[int]] = {}  # home -> [pydantic, orm] classes, functions
        stems: dict[str, str] = {}
        declared: set[str] = set()  # homes whose docstring says they hold the API's models
        for path, m in project.by_path.items():
            if path in routers or m.file_class != "app":
                continue
            parts = PurePosixPath(path).parts
            home = None
            for i, part in enumerate(parts[:-1]):
                if part in HOME_NAMES:
                    home = PurePosixPath(*parts[: i + 1]).as_posix() + "/"
                    stems[home] = part
                    break
            if home is None and PurePosixPath(path).stem in HOME_NAMES:
                home = path
                stems[home] = PurePosixPath(path).stem
            if home is None:
                continue
            if (
                not orm
                and path in (home, f"{home}__init__.py")
                and _declares_api_models(project, path)
            ):
                declared.add(home)
            n = counts.setdefault(home, [0, 0, 0])
            n[2] += sum(1 for f in m.functions.values() if f.class_qname is None)
            for cls in m.classes.values():
                if project.is_orm_model(cls.qname):
                    n[1] += 1
                elif project.is_pydantic_model(cls.qname):
                    n[0] += 1
        by_stem: dict[str, int] = {}
        named = ("models", "model") if orm else ("schemas", "schema")
        documents = _document_folders(project, {h.rstrip("/") for h in counts if h.endswith("/")})
        #: folders named as homes that hold schema documents (:func:`_document_folders`)
        self.documents: set[str] = documents
        for home, (pyd, orm_n, functions) in counts.items():
            if home.rstrip("/") in documents:
                continue  # a folder of JSON / YAML schema documents: file formats, no home
            mine, other = (orm_n, pyd) if orm else (pyd, orm_n)
            if other > mine or (mine == 0 and stems[home] not in named and home not in declared):
                continue  # a home of the other kind, or one named for it and empty
            if mine == 0 and functions and home not in declared:
                continue  # code named like a home (``schema/`` of workflows), no models
            if home.endswith("/"):
                self.packages.add(home.rstrip("/"))
            else:
                self.modules.add(home)
            if mine:
                self.holding.add(home.rstrip("/"))
            by_stem[stems[home]] = by_stem.get(stems[home], 0) + 1
        default = "models" if orm else "schemas"
        #: the name the project gives such homes most often (the kind's own name on a tie)
        self.stem = max(by_stem, key=lambda k: (by_stem[k], k == default), default=default)
        #: packages of another name the routers import their Pydantic models from
        self.imported: set[str] = set() if orm else _imported_homes(project, routers)
        #: modules named ``<prefix>_models.py`` (``_schemas.py`` ...) holding the project's
        #: models of the kind, by path, with how many they hold
        self.prefixed: dict[str, int] = _prefixed_homes(project, orm, routers)
        #: the homes whose docstring declares them the API's models (as in :attr:`holding`)
        self.declared: set[str] = {home.rstrip("/") for home in declared}
        self.routers = routers
        self.orm = orm
        #: router path -> :func:`_per_router_home`'s answer, and home -> :func:`_serves`'s
        #: above the router's folder: each scans every module of the project, and every
        #: class of a router asks again (on litellm, 165 classes of a few routers)
        self.own: dict[str, str | None] = {}
        self.served: dict[str, bool] = {}


#: Suffixes of schema documents: a ``schemas/`` folder of these describes file formats.
_DOCUMENT_SUFFIXES = (".json", ".yaml", ".yml", ".avsc", ".xsd")


def _document_folders(project: Project, folders: set[str]) -> set[str]:
    """The folders among ``folders`` holding more schema documents (``run.schema.json``,
    :data:`_DOCUMENT_SUFFIXES`) than Python modules: a package of data-format schemas that
    ships a loader or a model of those formats beside them, not where the API keeps its
    request and response models."""
    documents: dict[str, int] = {}
    modules: dict[str, int] = {}
    for path in project.files():
        folder = _folder(path)
        if folder not in folders:
            continue
        if path.endswith(_DOCUMENT_SUFFIXES):
            documents[folder] = documents.get(folder, 0) + 1
        elif path.endswith(".py"):
            modules[folder] = modules.get(folder, 0) + 1
    return {f for f, n in documents.items() if n > modules.get(f, 0)}


#: The fewest models a module named ``<prefix>_models.py`` must hold to be where the project
#: keeps them all (``api_models.py`` with 33): one with a few is one component's.
_PREFIXED_HOME_MIN = 5


def _prefixed_homes(project: Project, orm: bool, routers: Collection[str]) -> dict[str, int]:
    """Modules named ``<prefix>_models.py`` (``api_models.py``, ``_schemas.py`` ...) that
    a router module imports, holding at least :data:`_PREFIXED_HOME_MIN` models of the kind,
    more than of the other kind and than functions, and defining no route: the project's
    home for its models under a name of its own.  A prefix naming a router of its folder
    (``jobs_models.py`` beside ``jobs.py``) is that router's own module, not the home."""
    out: dict[str, int] = {}
    for path, m in project.by_path.items():
        p = PurePosixPath(path)
        name = next((n for n in HOME_NAMES if p.stem.endswith(f"_{n}")), None)
        if name is None or path in routers or m.file_class != "app":
            continue
        prefix = p.stem[: -len(name) - 1]
        folder = _folder(path)
        if any(_folder(r) == folder and PurePosixPath(r).stem.startswith(prefix) for r in routers):
            continue
        tables = sum(1 for c in m.classes.values() if project.is_orm_model(c.qname))
        models = sum(
            1
            for c in m.classes.values()
            if not project.is_orm_model(c.qname) and project.is_pydantic_model(c.qname)
        )
        mine, other = (tables, models) if orm else (models, tables)
        functions = sum(1 for f in m.functions.values() if f.class_qname is None)
        if mine < _PREFIXED_HOME_MIN or mine <= other or mine <= functions:
            continue
        if any(_imports_from(project, r, {path}) for r in routers):
            out[path] = mine
    return out


#: A docstring declaring the module holds the API's models: what they are for (requests,
#: responses, Pydantic) and what they are (models, schemas).
_API_MODELS_PURPOSE = lazy_compile(r"\b(?:pydantic|requests?|responses?)\b", re.IGNORECASE)
_API_MODELS_WORD = lazy_compile(r"\b(?:models?|schemas?)\b", re.IGNORECASE)


def _declares_api_models(project: Project, path: str) -> bool:
    """The first paragraph of the module's docstring says it holds the API's Pydantic
    models ("Request and response Pydantic models for the REST API"): the project's
    declared home for them, however few it holds yet."""
    try:
        tree = parse_text(project.read_text(path) or "", path)
    except SourceProblem:
        return False
    doc = (ast.get_docstring(tree) or "").split("\n\n", 1)[0]
    return bool(_API_MODELS_PURPOSE.search(doc) and _API_MODELS_WORD.search(doc))


def _imported_homes(project: Project, routers: Collection[str]) -> set[str]:
    """Packages named otherwise (``dark_storage/json_schema/``) inside an application's
    folder, from which two or more router modules import, holding Pydantic models and no
    route, more models than ORM classes and than functions: where the project keeps its
    API models, whatever it calls the folder."""
    shared = _shared_imports(project, routers)
    if not shared:
        return set()
    inside: dict[str, list[tuple[str, ModuleFacts]]] = {}
    for path, m in project.by_path.items():
        folder = PurePosixPath(path).parent.as_posix()
        if folder in shared:
            inside.setdefault(folder, []).append((path, m))
    return {
        folder
        for folder in sorted(shared)
        if _holds_models(project, inside.get(folder, []), routers)
    }


def _shared_imports(project: Project, routers: Collection[str]) -> set[str]:
    """Project folders (not named as a home) two or more router modules import from, inside
    an application's own folder (``dark_storage/`` of ``dark_storage/app.py``): a package of
    the library around it (``mlflow/types/``) is not the API's."""
    importers: dict[str, set[str]] = {}
    for path in routers:
        m = project.by_path.get(path)
        if m is None:
            continue
        for imp in m.import_list:
            target, _rest = project.split_module(imp.module)
            if target is None or target.path in routers or target.file_class != "app":
                continue
            parent = PurePosixPath(target.path).parent
            if parent.name in HOME_NAMES or parent.as_posix() == ".":
                continue
            importers.setdefault(parent.as_posix(), set()).add(path)
    tops = {
        PurePosixPath(inst.module.path).parent.as_posix()
        for inst in project.apps.values()
        if inst.kind == "app" and inst.module.file_class == "app"
    }
    return {
        folder
        for folder, users in importers.items()
        if len(users) > 1 and any(top == "." or folder.startswith(f"{top}/") for top in tops)
    }


def _holds_models(
    project: Project, modules: list[tuple[str, ModuleFacts]], routers: Collection[str]
) -> bool:
    """The modules of a folder define no route, and more Pydantic models than ORM classes
    and than module-level functions."""
    models = orm = functions = 0
    for path, m in modules:
        if path in routers:
            return False
        functions += sum(1 for f in m.functions.values() if f.class_qname is None)
        for cls in m.classes.values():
            if project.is_orm_model(cls.qname):
                orm += 1
            elif project.is_pydantic_model(cls.qname):
                models += 1
    return models > 0 and models > orm and models > functions


def _target(
    project: Project,
    module_path: str,
    orm: bool,
    routers: Collection[str],
    listed: dict[bool, _Homes],
) -> str:
    """Where the class belongs, in the project's own layout: the nearest package or module
    where the project already keeps models of its kind (``api/schema/``, ``schemas.py``),
    under the router's own package, never one of another component (a sibling's
    ``schemas/``); else a new module beside the router, named as the project names such
    homes (a sibling router's ``models.py``).  ``listed`` keeps :class:`_Homes` by kind
    for one audit (every class asks, and the answer lists the whole project)."""
    if orm not in listed:
        listed[orm] = _Homes(project, orm, routers)
    homes = listed[orm]
    if (not orm) not in listed:
        listed[not orm] = _Homes(project, not orm, routers)
    others = listed[not orm]
    here = PurePosixPath(module_path)
    folder = here.parent.as_posix()
    folder = "" if folder == "." else folder
    base = f"{folder}/" if folder else ""
    imported = None if orm else _own_models_module(project, module_path, routers)
    if imported is not None:
        return f"`{imported}`, the models module it already imports"
    domain = None if orm else _domain_models_module(project, module_path, routers)
    if domain is not None:
        return f"`{domain}`, its domain's models module, which it already imports"
    feature = _feature_home(project, module_path, homes, routers)
    if feature is not None:
        return feature
    if not any(
        f"{base}{n}" in homes.packages or f"{base}{n}.py" in homes.modules for n in HOME_NAMES
    ):
        if module_path not in homes.own:
            homes.own[module_path] = _per_router_home(project, module_path, orm, routers)
        own = homes.own[module_path]
        if own is not None:
            return f"`{own}`"
    layout = project.layout
    # the router's folder, then each folder above it, up to the top (a flat
    # ``pkg/routes/*.py`` beside ``pkg/schemas.py`` too); a domain layout keeps each
    # domain's models beside its router: its own folder only (``bi/data/schema.py`` for
    # ``bi/data/upload_router.py``, not a new ``schemas.py`` beside it)
    if layout.kind != "domain":
        chain = (
            [folder, *(p.as_posix() for p in PurePosixPath(folder).parents)] if folder else ["."]
        )
    else:
        chain = [folder or "."]
    for level, anc in enumerate(chain):
        base = "" if anc == "." else f"{anc}/"
        for name in HOME_NAMES:
            if f"{base}{name}" in homes.packages and _serves(project, homes, base + name, level):
                return f"the `{base}{name}/` package"
        for name in HOME_NAMES:
            if f"{base}{name}.py" in homes.modules and _serves(
                project, homes, f"{base}{name}.py", level
            ):
                return f"`{base}{name}.py`"
        prefixed = [p for p in homes.prefixed if _folder(p) == ("" if anc == "." else anc)]
        if prefixed:
            # named with a prefix (``api_models.py``): the one holding the most
            return f"`{max(sorted(prefixed), key=lambda p: homes.prefixed[p])}`"
        for home in sorted(homes.imported if level < 2 else ()):
            # named otherwise: only in the router's own folder or beside it (a
            # package of another component the routers also import is no home)
            if PurePosixPath(home).parent.as_posix() == anc:
                return f"the `{home}/` package"
        if any(
            f"{base}{name}" in others.holding or f"{base}{name}.py" in others.holding
            for name in HOME_NAMES
        ):
            # a folder that keeps the other kind's models (``auth/models.py`` of tables,
            # not an empty or re-exporting module named for them) is a component of its own: its schemas go beside them, not to a module of
            # the package above (a ``models.py`` of base classes)
            break
    shared = _shared_model_module(project, module_path, orm, routers)
    if shared is not None:
        return f"`{shared}`"
    used = None if orm else _used_models_module(project, module_path, routers)
    if used is not None:
        return f"`{used}`, where the routers beside it import their models from"
    data = None if orm else _data_models_module(project, module_path, routers)
    if data is not None:
        return f"`{data}`, the models module of its own package"
    new = _new_home(project, here, folder, homes, orm)
    existing = None if orm else _imported_home_module(project, module_path, routers, homes)
    if existing is None:
        return new
    home, importer = existing
    if _takes_models_from(project, module_path, home):
        return f"{new}, or to `{home}`, the models module it already imports"
    return f"{new}, or to `{home}`, the models module `{importer}` imports"


def _models_named(path: str) -> bool:
    """The module is named for models: ``schemas.py``, ``processing_schemas.py``."""
    stem = PurePosixPath(path).stem
    return any(stem == n or stem.endswith(f"_{n}") for n in HOME_NAMES)


def _own_models_module(project: Project, module_path: str, routers: Collection[str]) -> str | None:
    """The module named for models from which the router itself imports the most Pydantic
    models (rag-spine's ``processing_review.py`` taking its requests from
    ``processing_schemas.py``), beside it (:func:`_beside`), holding more models than
    anything else.  What a dependency hands the router, and the base classes its own models
    derive from, do not count (the type of another component's value; the project's shared
    base).  One module of a models package is not it: the package, holding requests and
    responses apart, is the home (:func:`_feature_home`, the chain of :func:`_target`).
    None on a tie."""
    m = project.by_path.get(module_path)
    if m is None:
        return None
    skipped = _dependency_values(project, m) | {
        q for cls in m.classes.values() for b in cls.bases if (q := qname_of(b)) is not None
    }
    counts: dict[str, int] = {}
    for owner in _model_owners(project, m, skipped, routers):
        if _beside(owner, module_path, routers):
            counts[owner] = counts.get(owner, 0) + 1
    ranked = sorted(counts, key=lambda p: -counts[p])
    if not ranked or (len(ranked) > 1 and counts[ranked[0]] == counts[ranked[1]]):
        return None
    best = ranked[0]
    return best if _holds_models(project, [(best, project.by_path[best])], routers) else None


def _domain_models_module(
    project: Project, module_path: str, routers: Collection[str]
) -> str | None:
    """The models module of the router's own domain, elsewhere in the project: a module
    named for models in a folder named as the router (``core/datasets/models.py`` of
    ``api/routers/datasets.py``) from which the router imports a Pydantic model that is not
    what a dependency hands it, holding more models than anything else.  A flat folder of
    routers over a package of domains keeps each domain's models there, whatever other
    domain's record (``core/jobs/models.py``) many routers also import."""
    name = _bare(PurePosixPath(module_path).stem)
    found = sorted(
        {
            path
            for path in _models_imported_by(project, module_path, routers)
            if _domain_of(path) == name and _folder(path) != _folder(module_path)
        }
    )
    if len(found) != 1:
        return None
    return (
        found[0]
        if _holds_models(project, [(found[0], project.by_path[found[0]])], routers)
        else None
    )


def _domain_of(path: str) -> str:
    """The bare name of the domain a module named for models belongs to: its folder's
    (``datasets`` of ``core/datasets/models.py``), or the folder above a models package
    (``datasets`` of ``core/datasets/schemas/jobs.py``); ``""`` for another module."""
    p = PurePosixPath(path)
    if p.stem in HOME_NAMES:
        return _bare(p.parent.name)
    if p.parent.name in HOME_NAMES:
        return _bare(p.parent.parent.name)
    return ""


def _models_imported_by(project: Project, router: str, routers: Collection[str]) -> set[str]:
    """The application modules (no router) from which the router at ``router`` imports a
    Pydantic model (no ORM class) that is not what a dependency hands it."""
    m = project.by_path.get(router)
    if m is None:
        return set()
    return set(_model_owners(project, m, _dependency_values(project, m), routers))


def _model_owners(
    project: Project, m: ModuleFacts, skipped: Collection[str], routers: Collection[str]
) -> Iterator[str]:
    """For each Pydantic model (no ORM class, none of ``skipped``) the module ``m`` imports,
    the path of the application module (no router) that defines it."""
    for imp in m.import_list:
        cls = project.resolve(imp.module)
        if not isinstance(cls, Class) or cls.qname in skipped:
            continue
        if not project.is_pydantic_model(cls.qname) or project.is_orm_model(cls.qname):
            continue
        owner = project.modules.get(cls.module)
        if owner is not None and owner.path not in routers and owner.file_class == "app":
            yield owner.path


def _beside(path: str, module_path: str, routers: Collection[str]) -> bool:
    """The module at ``path`` sits beside the router, named for models, and not for another
    router of the folder (``users_schemas.py`` is ``users.py``'s, no home for ``orders.py``)."""
    folder = _folder(module_path)
    if _folder(path) != folder or not _models_named(path):
        return False
    stem = PurePosixPath(path).stem
    name = next((n for n in HOME_NAMES if stem.endswith(f"_{n}")), None)
    if name is None:
        return True
    prefix = stem[: -len(name) - 1]
    own = PurePosixPath(module_path).stem
    if own == prefix or own.startswith(f"{prefix}_"):
        return True
    return not any(
        _folder(r) == folder
        and (PurePosixPath(r).stem == prefix or PurePosixPath(r).stem.startswith(f"{prefix}_"))
        for r in routers
    )


def _routers_package(folder: str, project: Project, routers: Collection[str]) -> bool:
    """The folder is a package of routers: every module in it but ``__init__.py`` defines
    routes (``facebook/routers/``), so its feature's other parts sit beside it."""
    inside = [p for p in project.by_path if _folder(p) == folder and not p.endswith("/__init__.py")]
    return bool(folder) and bool(inside) and all(p in routers for p in inside)


def _feature_home(
    project: Project, module_path: str, homes: _Homes, routers: Collection[str]
) -> str | None:
    """For a router in a package of routers (``facebook/routers/ads.py``): its feature's
    home beside that package (``facebook/schemas/``) that the routers use; else, when most
    other features with such a package keep one beside it (two or more), a new one named
    as they name theirs (``license/schemas/``).  None otherwise."""
    folder = _folder(module_path)
    if not _routers_package(folder, project, routers):
        return None
    feature, _, package = folder.rpartition("/")
    base = f"{feature}/" if feature else ""
    for name in HOME_NAMES:
        if f"{base}{name}" in homes.packages and _serves(project, homes, base + name, 1):
            return f"the `{base}{name}/` package"
    for name in HOME_NAMES:
        if f"{base}{name}.py" in homes.modules and _serves(project, homes, f"{base}{name}.py", 1):
            return f"`{base}{name}.py`"
    if not feature:
        return None
    kept: dict[str, int] = {}  # how the other features name their home beside the package
    bare = 0
    for other in {_folder(_folder(r)) for r in routers}:
        if other == feature or _folder(other) != _folder(feature):
            continue
        if not _routers_package(f"{other}/{package}", project, routers):
            continue
        found = next(
            (
                (n, "/")
                for n in HOME_NAMES
                if f"{other}/{n}" in homes.packages and f"{other}/{n}" in homes.holding
            ),
            None,
        ) or next(
            ((n, ".py") for n in HOME_NAMES if f"{other}/{n}.py" in homes.holding),
            None,
        )
        if found is None:
            bare += 1
        else:
            kept[found[0] + found[1]] = kept.get(found[0] + found[1], 0) + 1
    if sum(kept.values()) < 2 or sum(kept.values()) <= bare:
        return None
    home = max(sorted(kept), key=lambda k: kept[k])
    if home.endswith("/"):
        return f"a new `{base}{home}` package"
    return f"`{base}{home}`"


def _serves(project: Project, homes: _Homes, home: str, level: int) -> bool:
    """A home above the router's own folder (``level`` > 0) holding Pydantic models is the
    routers' only when a router imports from it: one no router uses is another part's (a framework's
    ``models/`` of settings above the sample application it ships).  One beside the
    router, or empty and waiting for them, or declared for the API's models, is theirs."""
    if homes.orm or level == 0 or home not in homes.holding or home in homes.declared:
        return True  # tables: the project's models package, whoever imports it
    if home not in homes.served:
        paths = [p for p in project.by_path if p == home or p.startswith(f"{home}/")]
        homes.served[home] = any(_imports_from(project, r, paths) for r in homes.routers)
    return homes.served[home]


def _new_home(project: Project, here: PurePosixPath, folder: str, homes: _Homes, orm: bool) -> str:
    """A home to create, where the project keeps none of the kind near the router: the
    layered layout's own package (``app/schemas/``), else a module beside the router."""
    stem = homes.stem
    layout = project.layout
    if layout.kind == "layered":
        # no home yet: the layered layout's own (``app/schemas/``); but when other
        # components keep theirs (``client/schemas/``), one beside the router
        root = layout.root or ""
        inside = not root or folder == root or folder.startswith(root + "/")
        base = f"{root}/" if root else ""
        # (the kind's own name taken by schema documents, or other components keeping
        # their own models modules: a module beside the router)
        if (
            inside
            and not homes.packages
            and f"{base}{stem}" not in homes.documents
            and not _components_keep_theirs(homes, folder)
        ):
            name = _free(homes, base, stem, orm)
            # not there yet: said as new, never as a package that exists
            return f"a new `{root}/{name}/` package" if root else f"a new `{name}/` package"
    if here.stem in HOME_NAMES:
        return f"a `{stem}` module"
    name = _free(homes, f"{folder}/" if folder else "", stem, orm)
    return f"`{folder}/{name}.py`" if folder else f"`{name}.py`"


def _components_keep_theirs(homes: _Homes, folder: str) -> bool:
    """Two or more other components keep a models module of their own holding models of
    the kind (``assure/models.py``, ``backup/models.py`` beside ``serve/routers/``), and
    none of them is above the router: each component keeps its models beside its code, so
    a new top-level package would be the one layout the project does not use."""
    others = [
        home
        for home in homes.modules & homes.holding
        if not (folder == _folder(home) or folder.startswith(f"{_folder(home)}/"))
    ]
    return len(others) >= 2 and len(others) == len(homes.modules & homes.holding)


def _shared_model_module(
    project: Project, module_path: str, orm: bool, routers: Collection[str]
) -> str | None:
    """The module named for models (``server/server_models.py``, ``schemas.py``) that two or
    more routers of this router's folder import their models from, directly or through a
    package that re-exports them, holding more models of the kind than anything else; the
    one most of them use.  A model the router receives from a dependency
    (``ctx: AuthContext = Depends(...)``) does not count: it is another component's value
    (the auth subsystem's), not one of the router's request or response schemas; nor does
    one domain's models module among several (:func:`_one_domain_of_many`)."""
    folder = PurePosixPath(module_path).parent
    users: dict[str, set[str]] = {}
    for path in routers:
        m = project.by_path.get(path)
        if m is None or PurePosixPath(path).parent != folder:
            continue
        injected = set() if orm else _dependency_values(project, m)
        for imp in m.import_list:
            cls = project.resolve(imp.module)
            if not isinstance(cls, Class) or not (
                project.is_orm_model(cls.qname) if orm else project.is_pydantic_model(cls.qname)
            ):
                continue
            if cls.qname in injected:
                continue  # the type of what a dependency hands the router
            home = project.modules.get(cls.module)
            if home is None or home.path in routers or home.file_class != "app":
                continue
            stem = PurePosixPath(home.path).stem
            if stem in HOME_NAMES or any(stem.endswith(f"_{n}") for n in HOME_NAMES):
                users.setdefault(home.path, set()).add(path)
    users = {p: u for p, u in users.items() if len(u) > 1 and not _one_domain_of_many(project, p)}
    best = max(sorted(users), key=lambda p: len(users[p]), default=None)
    if best is None:
        return None
    return best if _holds_models(project, [(best, project.by_path[best])], routers) else None


def _used_models_module(project: Project, module_path: str, routers: Collection[str]) -> str | None:
    """The module of the router's folder, whatever its name (``routes/common.py``), from
    which most routers that import Pydantic models there take them, two or more routers
    and two or more models: where the project already keeps its request and response
    models, among helpers.  Models a dependency hands a router do not count; None on a
    tie, or when it is one domain's among several."""
    folder = _folder(module_path)
    users: dict[str, set[str]] = {}
    models: dict[str, set[str]] = {}
    for path in sorted(routers):
        m = project.by_path.get(path)
        if m is None or _folder(path) != folder:
            continue
        injected = _dependency_values(project, m)
        for imp in m.import_list:
            cls = project.resolve(imp.module)
            if not isinstance(cls, Class) or cls.qname in injected:
                continue
            if not project.is_pydantic_model(cls.qname) or project.is_orm_model(cls.qname):
                continue
            home = project.modules.get(cls.module)
            if home is None or home.path in routers or home.file_class != "app":
                continue
            if _folder(home.path) == folder:
                users.setdefault(home.path, set()).add(path)
                models.setdefault(home.path, set()).add(cls.qname)
    ranked = sorted(users, key=lambda p: (-len(users[p]), p))
    if not ranked or (len(ranked) > 1 and len(users[ranked[0]]) == len(users[ranked[1]])):
        return None
    best = ranked[0]
    if len(users[best]) < 2 or len(models[best]) < 2 or _one_domain_of_many(project, best):
        return None
    return best


def _data_models_module(project: Project, module_path: str, routers: Collection[str]) -> str | None:
    """The module named for models beside the router (``cortex/models.py`` of
    ``cortex/routes.py``) that holds the package's own data classes (dataclasses, plain
    records), no ORM table and no route, more classes than functions: a feature package's
    models module, where its request models belong too rather than in a new package
    outside it."""
    folder = _folder(module_path)
    for name in HOME_NAMES:
        path = f"{folder}/{name}.py" if folder else f"{name}.py"
        m = project.by_path.get(path)
        if m is None or path in routers or m.file_class != "app":
            continue
        classes = [c for c in m.classes.values() if "." not in c.qname[len(m.module) + 1 :]]
        if any(project.is_orm_model(c.qname) for c in classes):
            continue
        functions = sum(1 for f in m.functions.values() if f.class_qname is None)
        if len(classes) > functions:
            return path
    return None


#: The fewest sibling folders keeping a models module each that make a layout of domains
#: (``core/jobs/``, ``core/datasets/``, ``core/engines/`` ...): two may be a layer beside
#: another (``database/schemas.py`` beside ``config/model.py``), the project's home.
_DOMAINS_MIN = 3


def _one_domain_of_many(project: Project, path: str) -> bool:
    """The models module at ``path`` is one domain's among :data:`_DOMAINS_MIN` or more
    sibling domains that keep their own (``core/jobs/models.py`` beside
    ``core/datasets/models.py`` and ``core/engines/models.py``): the records of that domain,
    which other routers import as they import any domain's, no shared home."""
    if not _domain_of(path):
        return False
    above = _folder(_domain_folder(path))
    domains = {
        _domain_folder(other)
        for other in project.by_path
        if _domain_of(other) and _folder(_domain_folder(other)) == above
    }
    return len(domains) >= _DOMAINS_MIN


def _domain_folder(path: str) -> str:
    """The folder of the domain a module named for models belongs to (:func:`_domain_of`):
    ``core/datasets`` of ``core/datasets/models.py`` and of ``core/datasets/schemas/x.py``."""
    p = PurePosixPath(path)
    return (p.parent if p.stem in HOME_NAMES else p.parent.parent).as_posix()


def _imported_home_module(
    project: Project, module_path: str, routers: Collection[str], homes: _Homes
) -> tuple[str, str] | None:
    """The one module named for models (``core/models.py``) elsewhere in the router's
    top-level package that holds Pydantic models that routers import (not only as what a
    dependency hands them), none of them in
    its own folder (there it is that component's), with the first of them (``api/tts.py``
    taking its models from ``core/models.py``): a home the project may keep its API models in, or a contract shared
    with another surface (which one, the code does not say).  None when the package has
    several (each component keeps its own), or when the one found is one domain's among
    several (:func:`_one_domain_of_many`)."""
    top = module_path.split("/", 1)[0]
    found: list[tuple[str, str]] = []
    for path in sorted(homes.modules & homes.holding):
        if path.split("/", 1)[0] != top or "/" not in path:
            continue
        if not _holds_models(project, [(path, project.by_path[path])], routers):
            continue
        importers = [r for r in sorted(routers) if _takes_models_from(project, r, path)]
        outside = importers and all(_folder(r) != _folder(path) for r in importers)
        if outside and not _feature_module(path, importers):
            found.append((path, importers[0]))
    if len(found) != 1 or _one_domain_of_many(project, found[0][0]):
        return None
    return found[0]


def _feature_module(path: str, importers: list[str]) -> bool:
    """The models module sits in a folder named for the one feature whose router alone
    imports it (``kindhealth/models.py`` of ``routes/kind_health.py``): that feature's
    report shapes, no home for another router's models."""
    name = _bare(PurePosixPath(path).parent.name)
    return bool(name) and all(_bare(PurePosixPath(r).stem) == name for r in importers)


def _bare(name: str) -> str:
    """A name without case, ``_`` or ``-``: ``kind_health`` and ``kindhealth`` are one."""
    return name.replace("_", "").replace("-", "").lower()


def _takes_models_from(project: Project, router: str, home: str) -> bool:
    """The router imports a Pydantic model from the module at ``home`` that is not only
    what a dependency hands it (``ctx: AuthContext = Depends(...)``: another component's
    value, :func:`_shared_model_module`)."""
    m = project.by_path.get(router)
    if m is None:
        return False
    injected = _dependency_values(project, m)
    for imp in m.import_list:
        cls = project.resolve(imp.module)
        if not isinstance(cls, Class) or cls.qname in injected:
            continue
        owner = project.modules.get(cls.module)
        if owner is not None and owner.path == home and project.is_pydantic_model(cls.qname):
            return True
    return False


def _dependency_values(project: Project, m: ModuleFacts) -> set[str]:
    """The classes the module's functions receive from dependencies: the annotations of
    their parameters filled by ``Depends(...)`` (``Annotated[T, Depends(...)]`` too)."""
    out: set[str] = set()
    for fn in m.functions.values():
        for p in fn.params:
            if not project.param_dependencies(p):
                continue
            inner, _meta = project.unwrap_annotated(p.annotation)
            q = qname_of(inner) if isinstance(inner, Name) else None
            r = project.resolve(q) if q else None
            if isinstance(r, Class):
                out.add(r.qname)
    return out


def _folder(path: str) -> str:
    """The folder of a tree-relative POSIX path, as text (``""`` at the top)."""
    return path.rpartition("/")[0]


def _per_router_home(
    project: Project, module_path: str, orm: bool, routers: Collection[str]
) -> str | None:
    """The router's own ``<router>_models.py`` when its folder keeps each router's models in
    a module of their own named after it: two or more modules beside it, not routers,
    named ``<name>_models.py`` (``_schemas.py`` ...) for a router of the folder
    (``jobs_models.py`` of ``jobs.py``, ``results_schemas.py`` of ``results_files.py``)
    and holding models of the kind; the suffix the folder uses most."""
    here = PurePosixPath(module_path)
    folder = _folder(module_path)
    stems = {PurePosixPath(r).stem for r in routers if _folder(r) == folder}
    suffixes: dict[str, int] = {}
    for path, m in project.by_path.items():
        # the folder compared as text first: this runs for every router against every
        # module, and a path object per pair cost seconds on a 3,000-file tree
        if _folder(path) != folder or path in routers or m.file_class != "app":
            continue
        p = PurePosixPath(path)
        name = next((n for n in HOME_NAMES if p.stem.endswith(f"_{n}")), None)
        if name is None:
            continue
        prefix = p.stem[: -len(name) - 1]
        if not any(s == prefix or s.startswith(f"{prefix}_") for s in stems):
            continue
        tables = sum(1 for c in m.classes.values() if project.is_orm_model(c.qname))
        models = sum(
            1
            for c in m.classes.values()
            if not project.is_orm_model(c.qname) and project.is_pydantic_model(c.qname)
        )
        mine, other = (tables, models) if orm else (models, tables)
        if mine > other:
            suffixes[name] = suffixes.get(name, 0) + 1
    if sum(suffixes.values()) < 2:
        return None
    default = "models" if orm else "schemas"
    suffix = max(suffixes, key=lambda k: (suffixes[k], k == default))
    return here.with_name(f"{here.stem}_{suffix}.py").as_posix()


def _free(homes: _Homes, base: str, stem: str, orm: bool) -> str:
    """``stem``, unless ``base`` already holds a module or package of that name that is not
    a home of models (``schema/`` of workflows): then the first of the kind's other names
    that is free or such a home, else ``stem``."""
    kind = (
        ("models", "model", "schemas", "schema")
        if orm
        else ("schemas", "schema", "models", "model")
    )
    for name in (stem, *(n for n in kind if n != stem)):
        if f"{base}{name}" in homes.packages or f"{base}{name}.py" in homes.modules:
            return name
        if f"{base}{name}.py" not in homes.taken and f"{base}{name}" not in homes.taken:
            return name
    return stem


def _keeps_home(project: Project, module_path: str, orm: bool, routers: Collection[str]) -> bool:
    """The router's own folder already holds a ``schemas`` (``models``) package or module
    of its own: the application keeps its models apart, so one defined inline breaks its
    own layout.  A home that only the routers of another application import (the main
    API's ``schemas.py`` beside a separate one-module server) is that application's."""
    kind = "models" if orm else "schemas"
    folder = PurePosixPath(module_path).parent.as_posix()
    base = "" if folder == "." else f"{folder}/"
    homes = {
        path
        for path in project.by_path
        if path not in routers and (path == f"{base}{kind}.py" or path.startswith(f"{base}{kind}/"))
    }
    if not homes:
        return False
    users = {path for path in routers if _imports_from(project, path, homes)}
    return not users or module_path in users


def _imports_from(project: Project, path: str, homes: Collection[str]) -> bool:
    """The module at ``path`` imports one of the modules at ``homes`` (at any level)."""
    m = project.by_path.get(path)
    for imp in m.import_list if m is not None else ():
        target, _rest = project.split_module(imp.module)
        if target is not None and target.path in homes:
            return True
    return False


def _prefixed_home_files(models: int) -> dict[str, str]:
    """A router defining its model inline, beside a main router that imports ``models``
    models from ``fleet/api_models.py`` (the prefixed-home example and its other side)."""
    names = [f"Device{n}Out" for n in range(models)]
    return {
        "fleet/routes/approvals.py": """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class ApprovalIn(BaseModel):
    note: str


@router.post("/approvals")
async def approve(body: ApprovalIn) -> str:
    return body.note
""",
        "fleet/main.py": f"""\
from fastapi import FastAPI

from fleet.api_models import {names[0]}
from fleet.routes.approvals import router

app = FastAPI()
app.include_router(router)


@app.get("/device")
async def device() -> {names[0]}:
    return {names[0]}(id="d1")
""",
        "fleet/api_models.py": "from pydantic import BaseModel\n"
        + "".join(f"\n\nclass {n}(BaseModel):\n    id: str\n" for n in names),
    }


def _core_models_files(component_router: bool, folder: str = "core") -> dict[str, str]:
    """A health router defining its model inline, beside an items router that takes its
    models from ``svc/core/models.py``; with ``component_router``, a router of ``svc/core/``
    imports that module too (the core-models example and its other side); with ``folder``
    ``items``, the module is the items feature's own (``svc/items/models.py``)."""
    files = _core_models_layout(component_router)
    if folder == "core":
        return files
    return {
        path.replace("svc/core/", f"svc/{folder}/"): text.replace(
            "svc.core.models", f"svc.{folder}.models"
        )
        for path, text in files.items()
    }


def _domain_router(name: str, imports: tuple[str, ...], inline: str | None) -> str:
    """A router module ``shop/api/routes/<name>.py`` that returns the records it imports
    from ``shop.core.<domain>.models`` (``imports``: the domains) and takes a body of the
    model ``inline`` it defines itself."""
    head = "from fastapi import APIRouter\nfrom pydantic import BaseModel\n\n"
    head += "".join(f"from shop.core.{d}.models import {d.title()}Record\n" for d in imports)
    body = f'\nrouter = APIRouter(prefix="/{name}")\n'
    if inline:
        body += f"\n\nclass {inline}(BaseModel):\n    id: str\n"
    param = f"body: {inline}" if inline else ""
    returned = ", ".join(f"{d.title()}Record" for d in imports)
    return (
        head
        + body
        + f"""

@router.post("/")
async def {name}({param}) -> tuple[{returned}]:
    raise NotImplementedError
"""
    )


#: Routers of ``shop/api/routes/`` over three domains of ``shop/core/`` that keep their own
#: ``models.py``; every router returns the ``tasks`` domain's record (the domain-models
#: example).
_DOMAIN_FILES = {
    "shop/__init__.py": "",
    "shop/api/__init__.py": "",
    "shop/api/routes/__init__.py": "",
    "shop/api/routes/orders.py": _domain_router("orders", ("orders", "tasks"), "OrderNote"),
    "shop/api/routes/tasks.py": _domain_router("tasks", ("tasks",), None),
    "shop/api/routes/search.py": _domain_router("search", ("tasks",), "SearchQuery"),
    "shop/core/__init__.py": "",
    **{
        f"shop/core/{d}/models.py": "from pydantic import BaseModel\n\n\n"
        f"class {d.title()}Record(BaseModel):\n    id: str\n"
        for d in ("orders", "tasks", "billing")
    },
    "shop/api/app.py": "from fastapi import FastAPI\n\nfrom shop.api.routes import orders, "
    "search, tasks\n\napp = FastAPI()\nfor r in (orders, search, tasks):\n"
    "    app.include_router(r.router)\n",
}


def _feature_router(feature: str, name: str, imported: str | None, inline: str | None) -> str:
    """A router module of ``hub/<feature>/routers/`` that takes ``imported`` from its
    feature's ``schemas/<name>.py`` and / or defines ``inline`` itself."""
    head = "from fastapi import APIRouter\nfrom pydantic import BaseModel\n"
    if imported:
        head += f"\nfrom hub.{feature}.schemas.{name} import {imported}\n"
    body = f'\nrouter = APIRouter(prefix="/{feature}")\n'
    if inline:
        body += f"\n\nclass {inline}(BaseModel):\n    id: str\n"
    model = inline or imported
    return (
        head
        + body
        + f"""

@router.get("/{name}")
async def {name}() -> {model}:
    return {model}(id="1")
"""
    )


def _feature_packages_files(kept: tuple[str, ...]) -> dict[str, str]:
    """Features of ``hub/`` each with a ``routers/`` package: ``mail`` keeps its models in
    ``mail/schemas/`` (``routers/inbox.py`` imports from it) while ``routers/drafts.py``
    defines one inline; ``billing`` keeps none; the features of ``kept`` (``chat``,
    ``calls``) keep a ``schemas/`` package beside their ``routers/`` too."""
    files: dict[str, str] = {"hub/__init__.py": ""}
    features = ("mail", "billing", *kept)
    for feature in features:
        files[f"hub/{feature}/__init__.py"] = ""
        files[f"hub/{feature}/routers/__init__.py"] = ""
    for feature in ("mail", *kept):
        files[f"hub/{feature}/schemas/__init__.py"] = ""
        files[f"hub/{feature}/schemas/{feature}_view.py"] = (
            f"from pydantic import BaseModel\n\n\nclass {feature.title()}Out(BaseModel):\n"
            "    id: str\n"
        )
        files[f"hub/{feature}/routers/{feature}_view.py"] = _feature_router(
            feature, f"{feature}_view", f"{feature.title()}Out", None
        )
    files["hub/mail/routers/drafts.py"] = _feature_router("mail", "drafts", None, "DraftIn")
    files["hub/billing/routers/invoices.py"] = _feature_router(
        "billing", "invoices", None, "InvoiceIn"
    )
    includes = "".join(
        f"app.include_router({f}_{r}.router)\n"
        for f, r in (
            ("mail", "mail_view"),
            ("mail", "drafts"),
            ("billing", "invoices"),
            *((k, f"{k}_view") for k in kept),
        )
    )
    imports = "".join(
        f"from hub.{f}.routers import {r} as {f}_{r}\n"
        for f, r in (
            ("billing", "invoices"),
            ("mail", "drafts"),
            ("mail", "mail_view"),
            *((k, f"{k}_view") for k in kept),
        )
    )
    files["hub/main.py"] = f"from fastapi import FastAPI\n\n{imports}\napp = FastAPI()\n{includes}"
    return files


#: A folder of routers beside ``desk/api/schemas.py`` (the shared base ``Wire``): the
#: tickets review router takes its models from ``tickets_schemas.py``.
_TICKETS_FILES = {
    "desk/__init__.py": "",
    "desk/api/__init__.py": "",
    "desk/api/schemas.py": """\
from pydantic import BaseModel


class Wire(BaseModel):
    id: str


class Ping(Wire):
    ok: bool
""",
    "desk/api/tickets_schemas.py": """\
from desk.api.schemas import Wire


class TicketIn(Wire):
    title: str


class TicketOut(Wire):
    title: str
""",
    "desk/api/tickets_review.py": """\
from fastapi import APIRouter

from desk.api.schemas import Wire
from desk.api.tickets_schemas import TicketIn, TicketOut

router = APIRouter()


class ReviewOut(Wire):
    verdict: str


@router.post("/tickets/review")
async def review(body: TicketIn) -> ReviewOut:
    return ReviewOut(id=body.id, verdict=TicketOut(id=body.id, title=body.title).title)
""",
    "desk/api/health.py": """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class HealthOut(BaseModel):
    ok: bool


@router.get("/health")
async def health() -> HealthOut:
    return HealthOut(ok=True)
""",
    "desk/main.py": """\
from fastapi import FastAPI

from desk.api import health, tickets_review

app = FastAPI()
app.include_router(health.router)
app.include_router(tickets_review.router)
""",
}


def _framework_models_files(router_imports: bool) -> dict[str, str]:
    """A framework (``kit/``) keeping its settings models in ``kit/models/``, and the sample
    application it ships (``kit/sample/``) whose router defines its model inline; with
    ``router_imports``, the sample's other router takes a model from ``kit/models/``."""
    files = {
        "kit/models/__init__.py": "from kit.models.config import ConfigModel\n",
        "kit/models/config.py": "from pydantic import BaseModel\n\n\n"
        "class ConfigModel(BaseModel):\n    name: str = 'kit'\n",
        "kit/core/boot.py": "from kit.models import ConfigModel\n\n\n"
        "def boot() -> ConfigModel:\n    return ConfigModel()\n",
        "kit/sample/app.py": """\
from fastapi import FastAPI

from kit.sample.routers import echo, status

app = FastAPI()
app.include_router(echo.router)
app.include_router(status.router)
""",
        "kit/sample/routers/echo.py": """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class EchoIn(BaseModel):
    text: str


@router.post("/echo")
async def echo(body: EchoIn) -> str:
    return body.text
""",
        "kit/sample/routers/status.py": """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/status")
async def status() -> str:
    return "ok"
""",
    }
    if router_imports:
        files["kit/sample/routers/status.py"] = (
            files["kit/sample/routers/status.py"]
            .replace(
                "router = APIRouter()", "from kit.models import ConfigModel\n\nrouter = APIRouter()"
            )
            .replace('-> str:\n    return "ok"', "-> ConfigModel:\n    return ConfigModel()")
        )
    return files


def _core_models_layout(component_router: bool) -> dict[str, str]:
    """The files of :func:`_core_models_files` with the models in ``svc/core/``."""
    files = {
        "svc/main.py": """\
from fastapi import FastAPI

from svc.api import health, items

app = FastAPI()
app.include_router(health.router)
app.include_router(items.router)
""",
        "svc/api/health.py": """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class HealthOut(BaseModel):
    status: str


@router.get("/health")
async def health() -> HealthOut:
    return HealthOut(status="ok")
""",
        "svc/api/items.py": """\
from fastapi import APIRouter

from svc.core.models import ItemIn, ItemOut

router = APIRouter()


@router.post("/items")
async def create(body: ItemIn) -> ItemOut:
    return ItemOut(id=1, name=body.name)
""",
        "svc/core/models.py": """\
from pydantic import BaseModel


class ItemIn(BaseModel):
    name: str


class ItemOut(BaseModel):
    id: int
    name: str
""",
    }
    if component_router:
        files["svc/core/admin.py"] = """\
from fastapi import APIRouter

from svc.core.models import ItemOut

router = APIRouter()


@router.get("/admin/items")
async def items() -> list[ItemOut]:
    return []
"""
        main = files["svc/main.py"].replace(
            "import health, items\n", "import health, items\nfrom svc.core import admin\n"
        )
        files["svc/main.py"] = main + "app.include_router(admin.router)\n"
    return files


class _Move(NamedTuple):
    """A model or table to move: what the message calls it, its name, the router module
    that defines it, where it goes (as the message says it) and where it is."""

    what: str
    name: str
    path: str
    target: str
    line: int | None
    column: int | None


def _clash(move: _Move, moves: list[_Move]) -> str:
    """What the message adds when another router module's class of the same name goes to
    the same module (two ``ModelResult`` of two routers told to move to one
    ``schemas.py``): moved as they are, one would replace the other."""
    if not (move.target.startswith("`") and move.target.endswith(".py`")):
        return ""  # a package or a new module of the router's own: each can have its own
    others = sorted(
        {
            o.path
            for o in moves
            if o.name == move.name and o.target == move.target and o.path != move.path
        }
    )
    if not others:
        return ""
    where = " and ".join(f"`{p}`" for p in others)
    if len(others) == 1:
        return f", under a name of its own (or merged): {where} defines another `{move.name}` that goes there too"
    return f", under a name of its own (or merged): {where} define other `{move.name}` classes that go there too"


#: The declared-home examples' two routers (the trap and its other side differ only in the
#: docstring of ``api/models.py``).
_JOBS_ROUTER = """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class JobIn(BaseModel):
    name: str


@router.post("/jobs")
async def create(body: JobIn) -> str:
    return body.name
"""
_CREWS_ROUTER = """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/crews")
async def crews() -> list[str]:
    return []
"""


class SchemasInRouterModule(Check):
    """
    ## What it does
    In a project whose routes live in at least two modules, reports every Pydantic model
    and every ORM model (SQLAlchemy declarative class, SQLModel `table=True` class or
    `Table(...)`) defined at module level in a module that declares route handlers.
    Single-file applications are exempt (counted per application: a package holding a
    main API and a separate one-module server reports only the main API's modules, unless
    that server's folder already keeps a `schemas` or `models` module of its own: one the
    server imports, or one no router imports -- not the main API's, imported only by its
    routers), and so
    are classes nested in functions, enums and settings classes, and every Pydantic model
    the code uses but not as an API schema: one no route handler or dependency takes or is
    annotated to return, no route's `response_model=` or `responses=` names, no handler
    returns built or builds in its own body, that the code never builds from the whole of
    some data (`Event(**body)`, `Event.model_validate(data)`: a body a helper parses by
    hand), directly or nested in one of those (through unions, string forward references,
    project type aliases, fields and project bases) — a settings-tree model, an event-bus
    message a helper builds field by field, a transport's options kept beside the code they
    serve.  A model nothing uses at all is still reported.

    The finding says where the model belongs in the project's own layout.  A Pydantic
    model goes first to the module named for models that the router itself imports the most
    Pydantic models from, beside it (`processing_schemas.py`, not one named for another
    router of the folder); the base classes its own models derive from and what a
    dependency hands it do not count.  A router in a package of routers
    (`facebook/routers/`, every module in it a router) goes to its feature's models package
    or module beside that package; with none, when two or more of the other features with
    such a package keep one beside it, and more do than not, to a new one named as theirs
    (`a new license/schemas/ package`).  Otherwise: the nearest
    package or module where the project already keeps models of that kind, under the
    router's package (`api/schema/`, `schemas.py`: a folder or module named `schemas`,
    `schema`, `models` or `model` holding mostly Pydantic models, or mostly ORM models for
    an ORM model; one that holds functions and no models, a `schema/` package of
    workflows about a data schema, is code of another kind and not a home); else a new
    module beside the router, named as the project names those homes (`models.py` when the
    sibling routers keep their Pydantic models there), never with a name the project
    already uses for something else (`schema/` when `schemas/` is taken).  A routers'
    folder with no home of its own that keeps each router's models in a module named after
    it (two or more `jobs_models.py` beside `jobs.py`) gets the router's own
    (`admin_models.py` for `admin.py`).  With no home found so, a module named for models
    (`server/server_models.py`) from which two or more routers of the same folder import
    their models, also through a package that re-exports them, is the home (a model a
    router only receives from a dependency, `ctx: AuthContext = Depends(...)`, is another
    component's and does not count); else the module of that folder, whatever its name
    (`routes/common.py`, among helpers), from which most of those routers take two or more
    Pydantic models; else the feature's own `models.py` beside the router holding its
    data classes and no table (`boards/models.py` of dataclasses).  A `schemas/` folder
    holding more JSON or YAML schema documents than Python modules describes file formats
    and is no home; nor is a new top-level package when two or more other components keep
    their own models modules (then a module beside the router).  A new module advised so also names the package's one
    models module elsewhere (`core/models.py`) that routers outside its folder import their
    Pydantic models from, as the other place the model may go (it may be the API's home or
    a contract shared with another surface: the code does not say which).  When two router modules define a model of the same
    name and both are sent to the same module (`list_items.py` and `get_item.py` each with
    an `ItemResult`, both to `schemas.py`), each finding says so: moved as they are, one
    would replace the other, so they need names of their own (or one merged model).

    ## Why is this bad?
    The sources disagree on the layout — one package per feature holding `router.py`,
    `schemas.py`, `models.py` and `service.py` ([Production guide 2026],
    [ForgeAPI guide], [zhanymkanov README]), or one package per layer
    with `api/v1/endpoints/`, `schemas/` and `models/` ([Production skill 2025]) —
    but they agree that router modules hold endpoints, not schemas or tables (Disagreement
    D1: both layouts are fine, and this rule penalises neither).

    Schemas defined next to the endpoints cannot be imported by services, tests or other
    routers without importing the router module, its dependencies and everything they
    pull in; that is how circular imports start.  And once some routers define their
    schemas inline while others import them, nobody knows where to look.

    ## Example
    ```python
    # app/posts/router.py
    router = APIRouter()

    class PostOut(BaseModel):
        id: int
        title: str

    @router.get("/posts/{post_id}")
    async def get_post(post_id: int) -> PostOut: ...
    ```

    ## Use instead
    ```python
    # app/posts/schemas.py (domain layout) or app/schemas/post.py (layered layout)
    class PostOut(BaseModel):
        id: int
        title: str

    # app/posts/router.py
    from app.posts.schemas import PostOut
    ```

    The home the fix names is the project's own: its `schemas`/`models` package or module
    nearest the router, else a package of another name beside the routers (in the
    application's folder) from which two or more of them import their Pydantic models
    (`api/json_schema/`).  A code generator's script whose stub routes are added to a
    copy of the app only to write its OpenAPI document is no router module.

    ## Fix safety
    No automatic fix: moving a class changes imports in every module that uses it.

    ## Known problems
    A model a route uses only through a helper it calls (a body parsed by a function one
    level down) is taken for no schema and left alone; and a model used by a route is
    reported, except the one that owns the routes
    (a plugin or view object that is a Pydantic model for its configuration, whose methods
    build the router or are the handlers, or whose methods, or a project base class's, are
    annotated to return an `APIRouter`).  Settings classes are left to SET006.

    ## References
    - [Production guide 2026], [ForgeAPI guide], [zhanymkanov README]
      (domain layout: `schemas.py` and `models.py` beside `router.py`)
    - [Production skill 2025] (layered layout: `schemas/`, `models/`, `services/`)
    - FastAPI docs, "Bigger Applications - Multiple Files"
    """

    id = "STR002"
    name = "schemas-in-router-module"
    category = "structure"
    severity = Severity.INFO
    heuristic = True
    message = "model defined in a router module"
    fix_title = "Move the model to the schemas (or models) module and import it in the router"
    sources = (
        "Production guide 2026",
        "ForgeAPI guide",
        "Production skill 2025",
        "zhanymkanov README",
    )

    def check_project(self, project: Project) -> list[Hit]:
        route_modules = {
            r.module.path: r.module for r in project.routes if r.module.file_class == "app"
        }
        if len(route_modules) < 2:
            return []
        # a package may hold several applications: one whose routes all sit in one module
        # is a single-file application, however many modules the other applications use
        applications = project.route_applications
        single = {p for p in route_modules if applications.get(p) == frozenset({p})}
        homes = {
            (p, orm): _keeps_home(project, p, orm, route_modules)
            for p in single
            for orm in (False, True)
        }
        moves: list[_Move] = []
        listed: dict[bool, _Homes] = {}
        owners = _route_owners(project)
        api: set[str] | None = None
        for path, m in sorted(route_modules.items()):
            for cls in m.classes.values():
                if cls.qname != f"{m.module}.{cls.name}":
                    continue  # nested in a class or a function
                if project.is_settings_class(cls.qname):
                    continue
                if project.is_orm_model(cls.qname):
                    kind, orm = "an ORM model", True
                elif project.is_pydantic_model(cls.qname):
                    if _owns_routes(project, cls.qname, owners):
                        continue  # the object that declares the routes, not a schema
                    if api is None:
                        api = _api_models(project)
                    if cls.qname not in api and _used(project, cls.name):
                        continue  # used, but by no route: not an API schema
                    kind, orm = "a Pydantic model", False
                else:
                    continue
                if path in single and not homes[path, orm]:
                    continue
                target = _target(project, path, orm, route_modules, listed)
                moves.append(
                    _Move(f"`{cls.name}` ({kind})", cls.name, path, target, cls.line, cls.column)
                )
        for m, inst in project.orm_tables:
            if m.path in single and not homes[m.path, True]:
                continue
            if m.path in route_modules:
                name = inst.target.rsplit(".", 1)[-1]
                target = _target(project, m.path, True, route_modules, listed)
                moves.append(
                    _Move(
                        f"table `{name}` (an ORM table)",
                        name,
                        m.path,
                        target,
                        inst.line,
                        inst.column,
                    )
                )
        out: list[Hit] = []
        for move in moves:
            out.append(
                self.project_hit(
                    f"{move.what} is defined in the router module `{move.path}`: move it to "
                    f"{move.target}{_clash(move, moves)}",
                    path=move.path,
                    line=move.line,
                    column=move.column,
                )
            )
        return out

    bad = (
        Example(
            files={
                "app/posts/router.py": """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class PostOut(BaseModel):
    id: int
    title: str


@router.get("/posts/{post_id}")
async def get_post(post_id: int) -> PostOut:
    return PostOut(id=post_id, title="t")
""",
                "app/users/router.py": """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/users")
async def list_users() -> list[str]:
    return []
""",
            },
            note="the catalogue's domain layout",
            lines=(7,),
        ),
        Example(
            files={
                "shop/app.py": """\
from fastapi import FastAPI

from shop.endpoints import carts, orders

app = FastAPI()
app.include_router(carts.router)
app.include_router(orders.router)
""",
                "shop/endpoints/__init__.py": "",
                "shop/endpoints/carts.py": """\
from fastapi import APIRouter
from pydantic import BaseModel

from shop.wire.cart import CartOut

router = APIRouter()


class CartCheck(BaseModel):
    cart_id: int


@router.post("/carts/check")
async def check_cart(body: CartCheck) -> CartOut:
    return CartOut(id=body.cart_id)
""",
                "shop/endpoints/orders.py": """\
from fastapi import APIRouter

from shop.wire.order import OrderOut

router = APIRouter()


@router.get("/orders/{order_id}")
async def get_order(order_id: int) -> OrderOut:
    return OrderOut(id=order_id)
""",
                "shop/wire/__init__.py": "",
                "shop/wire/cart.py": "from pydantic import BaseModel\n\n\nclass CartOut(BaseModel):\n    id: int\n",
                "shop/wire/order.py": "from pydantic import BaseModel\n\n\nclass OrderOut(BaseModel):\n    id: int\n",
            },
            note="the routers import their models from a package of another name "
            "(`shop/wire/`): the fix names it as the home",
            lines=(9,),
        ),
        Example(
            files={
                "app/api/v1/endpoints/items.py": """\
import pydantic as pd
import sqlalchemy as sa
from fastapi import APIRouter
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.schemas.base import AppModel

router = APIRouter()


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(primary_key=True)


class ItemOut(AppModel):
    id: int


class ItemFilter(pd.BaseModel):
    q: str = ""


tags = sa.Table("tags", Base.metadata, sa.Column("id", sa.Integer, primary_key=True))


@router.get("/items")
def list_items(f: ItemFilter) -> list[ItemOut]:
    return []
""",
                "app/api/v1/endpoints/users.py": """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/users")
def list_users() -> list[str]:
    return []
""",
                "app/schemas/base.py": """\
from pydantic import BaseModel


class AppModel(BaseModel):
    pass
""",
                "app/models/__init__.py": "",
                "app/services/__init__.py": "",
            },
            note="layered layout: an ORM model, a model with a project base, an aliased import, a Table",
            lines=(15, 20, 24, 28),
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI
from sqlmodel import Field, SQLModel

from app.orders import router as orders_router

app = FastAPI()
app.include_router(orders_router)


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)


@app.get("/heroes")
def heroes() -> list[Hero]:
    return []
""",
                "app/orders.py": """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/orders")
def orders() -> list[int]:
    return []
""",
            },
            note="a SQLModel table declared beside routes on the app",
            lines=(10,),
        ),
        Example(
            files={
                "app/gateway/schemas/__init__.py": "",
                "app/gateway/schemas/chat.py": "from pydantic import BaseModel\n\n\nclass ChatIn(BaseModel):\n    text: str\n",
                "app/gateway/routes.py": """\
from fastapi import APIRouter

from app.gateway.schemas.chat import ChatIn

router = APIRouter()


@router.post("/chat")
def chat(body: ChatIn) -> str:
    return body.text
""",
                "app/schemas.py": """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/schemas")
def schemas() -> list[str]:
    return []
""",
                "app/tracking/server.py": """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class RunOut(BaseModel):
    id: int


@router.get("/runs")
def runs() -> list[RunOut]:
    return []
""",
                "app/tracking/api/schemas/__init__.py": "",
                "app/tracking/api/v1/items.py": """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class ItemOut(BaseModel):
    id: int


@router.get("/items")
def items() -> list[ItemOut]:
    return []
""",
                "app/services/__init__.py": "",
            },
            note="components keep their own schemas: the destination is the nearest schemas "
            "package above the router (or a module beside it), never another component's nor "
            "a router module that happens to be called `schemas`",
            lines=(7,),
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI

from app.items import router

app = FastAPI()
app.include_router(router)


@app.get("/health")
def health() -> str:
    return "ok"
""",
                "app/items.py": """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class ItemOut(BaseModel):
    id: int


@router.get("/items")
def items() -> list[ItemOut]:
    return []
""",
                "app/sidecar/server.py": """\
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI(title="scoring sidecar")


# a separate one-module application shipped in the same package


class ScoreIn(BaseModel):
    text: str


@app.post("/score")
def score(body: ScoreIn) -> float:
    return 0.0
""",
                "app/plugins/hooks.py": """\
from fastapi import APIRouter
from pydantic import BaseModel


class HookOut(BaseModel):
    ok: bool


def attach_routes(router: APIRouter) -> APIRouter:
    @router.get("/hook")
    def hook() -> HookOut:
        return HookOut(ok=True)

    return router
""",
            },
            note="routes in several modules are counted per application: the main API's router "
            "module is reported, a separate single-module server beside it is not (line 10); "
            "routes on a router handed in as a parameter belong to an application the model "
            "cannot delimit, so their module is judged as before (line 5)",
            lines=(5, 7),
        ),
        Example(
            files={
                "app/server/api.py": """\
from fastapi import FastAPI
from pydantic import BaseModel

from app.server.schemas.chat import ChatIn

app = FastAPI()


class ChatError(BaseModel):
    message: str


@app.post("/chat", responses={400: {"model": ChatError}})
def chat(body: ChatIn) -> str:
    return body.text
""",
                "app/server/schemas/__init__.py": "",
                "app/server/schemas/chat.py": "from pydantic import BaseModel\n\n\nclass ChatIn(BaseModel):\n    text: str\n",
                "app/actions/server.py": """\
from fastapi import FastAPI

app = FastAPI()


@app.post("/run")
def run() -> str:
    return "ok"
""",
            },
            note="a single-module application whose folder already keeps a `schemas` package: "
            "a model defined inline breaks the application's own layout",
            lines=(9,),
        ),
        Example(
            files={
                "svc/main.py": """\
from fastapi import FastAPI

from svc.orders import router as orders_router
from svc.users import router as users_router

app = FastAPI(title="shop")
app.include_router(orders_router)
app.include_router(users_router)
""",
                "svc/schemas.py": """\
from pydantic import BaseModel


class OrderOut(BaseModel):
    id: int


class UserOut(BaseModel):
    name: str
""",
                "svc/orders.py": """\
from fastapi import APIRouter

from svc.schemas import OrderOut

router = APIRouter()


@router.get("/orders")
def orders() -> list[OrderOut]:
    return []
""",
                "svc/users.py": """\
from fastapi import APIRouter

from svc.schemas import UserOut

router = APIRouter()


@router.get("/users")
def users() -> list[UserOut]:
    return []
""",
                "svc/scanner.py": """\
from fastapi import FastAPI
from pydantic import BaseModel

from svc.schemas import UserOut

app = FastAPI(title="local scanner")


class ScanIn(BaseModel):
    text: str


@app.post("/scan")
def scan(body: ScanIn) -> UserOut:
    return UserOut(name=body.text)
""",
            },
            note="the other side of the main API's home: a one-module server that imports its "
            "models from the `schemas.py` beside it keeps them there too",
            lines=(9,),
        ),
        Example(
            files={
                "app/extensions/base.py": """\
from fastapi import APIRouter
from pydantic import BaseModel


class Extension(BaseModel):
    name: str
    prefix: str = ""

    def router(self) -> APIRouter:
        raise NotImplementedError
""",
                "app/extensions/status.py": """\
from fastapi import APIRouter
from pydantic import BaseModel

from app.extensions.base import Extension


class StatusOut(BaseModel):
    name: str
    healthy: bool


class StatusExtension(Extension):
    name: str = "status"
    checks: list[str] = []

    def router(self) -> APIRouter:
        router = APIRouter(prefix=self.prefix)

        @router.get("/status")
        def status() -> list[StatusOut]:
            return [StatusOut(name=c, healthy=True) for c in self.checks]

        return router
""",
                "app/extensions/echo.py": """\
from fastapi import APIRouter

from app.extensions.base import Extension
from app.extensions.routes import echo_router


router = APIRouter()


class EchoExtension(Extension):
    name: str = "echo"

    def router(self):
        return echo_router(self.prefix)


@router.get("/extensions")
def extensions() -> list[str]:
    return [EchoExtension().name]
""",
                "app/extensions/routes.py": """\
from fastapi import APIRouter


def echo_router(prefix: str) -> APIRouter:
    router = APIRouter(prefix=prefix)

    @router.get("/echo")
    def echo(text: str) -> str:
        return text

    return router
""",
            },
            note="the other side of the plugin trap: the response schema beside the plugin "
            "that declares its route is still a schema in a router module",
            lines=(7,),
        ),
        Example(
            files={
                "svc/api/routes/llm.py": """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class ChatRequest(BaseModel):
    prompt: str


@router.post("/chat")
async def chat(body: ChatRequest) -> str:
    return body.prompt
""",
                "svc/api/routes/files.py": """\
from fastapi import APIRouter

from svc.api.schema.files import FileOut

router = APIRouter()


@router.get("/files")
async def files() -> list[FileOut]:
    return []
""",
                "svc/api/schema/__init__.py": "",
                "svc/api/schema/files.py": "from pydantic import BaseModel\n\n\n"
                "class FileOut(BaseModel):\n    name: str\n",
                "svc/services/files.py": "def list_files() -> list[str]:\n    return []\n",
                "svc/models/file.py": "from sqlalchemy.orm import DeclarativeBase\n\n\n"
                "class Base(DeclarativeBase):\n    pass\n",
            },
            note="the project's own schema package is `api/schema/` (singular; seen in "
            "beeai-server): the advice names it",
            lines=(7,),
        ),
        Example(
            files={
                "srv/api/artifact.py": """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class ArtifactOut(BaseModel):
    id: str


@router.post("/artifacts")
async def generate() -> ArtifactOut:
    return ArtifactOut(id="a")
""",
                "srv/api/token.py": """\
from fastapi import APIRouter

from srv.models import TokenOut

router = APIRouter()


@router.post("/token")
async def token() -> TokenOut:
    return TokenOut(token="t")
""",
                "srv/models.py": "from pydantic import BaseModel\n\n\n"
                "class TokenOut(BaseModel):\n    token: str\n",
                "srv/schema/__init__.py": "",
                "srv/schema/tasks.py": "async def schema_updated(branch: str) -> None:\n"
                "    return None\n",
                "srv/services/__init__.py": "",
            },
            note="a package named `schema/` that holds code (workflows about the data schema) "
            "and no models is not where the project keeps its models: the advice names "
            "`models.py`, which does",
            lines=(7,),
        ),
        Example(
            files={
                "app/api/items.py": """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class ItemOut(BaseModel):
    id: int


@router.get("/items")
async def items() -> list[ItemOut]:
    return []
""",
                "app/api/users.py": """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/users")
async def users() -> list[str]:
    return []
""",
                "app/schemas/__init__.py": "",
                "app/schemas/migrate.py": "def upgrade_schema() -> None:\n    return None\n",
                "app/services/__init__.py": "",
            },
            note="no home of models yet, and `schemas/` is taken by code of another kind: the "
            "advice names a package that does not exist",
            lines=(7,),
        ),
        Example(
            files={
                "app/routers/python/router.py": """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class Package(BaseModel):
    name: str


@router.get("/packages")
async def packages() -> list[Package]:
    return []
""",
                "app/routers/system/router.py": """\
from fastapi import APIRouter

from app.routers.system.models import Status

router = APIRouter()


@router.get("/status")
async def status() -> Status:
    return Status(ok=True)
""",
                "app/routers/system/models.py": "from pydantic import BaseModel\n\n\n"
                "class Status(BaseModel):\n    ok: bool\n",
                "app/routers/cdn/models.py": "from pydantic import BaseModel\n\n\n"
                "class Asset(BaseModel):\n    url: str\n",
            },
            note="sibling routers keep their Pydantic models in `models.py` (seen in youwol): "
            "the advice follows that name",
            lines=(7,),
        ),
        Example(
            files={
                "ops/routers/purge.py": """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class PurgeOut(BaseModel):
    removed: int


@router.post("/purge")
async def purge() -> PurgeOut:
    return PurgeOut(removed=0)
""",
                "ops/routers/runs.py": """\
from fastapi import APIRouter

from ops.routers.runs_models import RunOut

router = APIRouter()


@router.get("/runs")
async def runs() -> list[RunOut]:
    return []
""",
                "ops/routers/runs_models.py": "from pydantic import BaseModel\n\n\n"
                "class RunOut(BaseModel):\n    id: str\n",
                "ops/routers/queue_stats.py": """\
from fastapi import APIRouter

from ops.routers.queue_schemas import QueueOut

router = APIRouter()


@router.get("/queue")
async def queue() -> QueueOut:
    return QueueOut(size=0)
""",
                "ops/routers/queue_schemas.py": "from pydantic import BaseModel\n\n\n"
                "class QueueOut(BaseModel):\n    size: int\n",
                "ops/routers/cache.py": """\
from fastapi import APIRouter

from ops.routers.cache_models import CacheOut

router = APIRouter()


@router.get("/cache")
async def cache() -> CacheOut:
    return CacheOut(hits=0)
""",
                "ops/routers/cache_models.py": "from pydantic import BaseModel\n\n\n"
                "class CacheOut(BaseModel):\n    hits: int\n",
                "ops/routers/audit_models.py": "from pydantic import BaseModel\n\n\n"
                "class Entry(BaseModel):\n    at: str\n",
            },
            note="the routers' folder keeps each router's models in a module named after it "
            "(`runs_models.py`, `queue_schemas.py` of `queue_stats.py`; `audit_models.py` "
            "is no router's): the advice names the router's own, under the name most of "
            "them use, not a new shared `schemas.py`",
            lines=(7,),
        ),
        Example(
            files={
                "crew/api/routes/jobs.py": _JOBS_ROUTER,
                "crew/api/routes/crews.py": _CREWS_ROUTER,
                "crew/api/models.py": '''"""Request and response Pydantic models for the Crew REST API."""

from dataclasses import dataclass


@dataclass
class JobRecord:
    name: str
''',
            },
            note="a module whose docstring declares it the API's request and response models "
            "(`api/models.py`, holding only a dataclass so far) is where the advice sends "
            "the model, not a new `routes/schemas.py`",
            lines=(7,),
        ),
        Example(
            files={
                "mill/api/routes/jobs.py": _JOBS_ROUTER,
                "mill/api/routes/crews.py": _CREWS_ROUTER,
                "mill/api/models.py": '''"""Domain records of the crew service."""

from dataclasses import dataclass


@dataclass
class JobRecord:
    name: str
''',
            },
            note="the other side of the declared-home trap: a `models.py` whose docstring "
            "declares no API models (domain records) is no home for them",
            lines=(7,),
        ),
        Example(
            files={
                "hub/routes/holds.py": """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class HoldOut(BaseModel):
    id: str


@router.get("/holds")
async def holds() -> list[HoldOut]:
    return []
""",
                "hub/routes/tasks.py": """\
from fastapi import APIRouter

from hub.server import TaskOut

router = APIRouter()


@router.get("/tasks")
async def tasks() -> list[TaskOut]:
    return []
""",
                "hub/routes/agents.py": """\
from fastapi import APIRouter

from hub.server import AgentOut

router = APIRouter()


@router.get("/agents")
async def agents() -> list[AgentOut]:
    return []
""",
                "hub/server/__init__.py": "from hub.server.api_models import AgentOut, TaskOut\n",
                "hub/server/api_models.py": "from pydantic import BaseModel\n\n\n"
                "class TaskOut(BaseModel):\n    id: str\n\n\n"
                "class AgentOut(BaseModel):\n    name: str\n",
            },
            note="the sibling routers import their models from one module named for them "
            "(`server/api_models.py`, through the package that re-exports it): the advice "
            "names that module, not a new `routes/schemas.py`",
            lines=(7,),
        ),
        Example(
            files={
                "svc/routes/tasks.py": """\
from fastapi import APIRouter, Depends
from pydantic import BaseModel

from svc.auth.deps import current
from svc.auth.models import AuthContext

router = APIRouter()


class TaskOut(BaseModel):
    id: str


@router.get("/tasks")
async def tasks(ctx: AuthContext = Depends(current)) -> list[TaskOut]:
    return []
""",
                "svc/routes/grants.py": """\
from typing import Annotated

from fastapi import APIRouter, Depends

from svc.auth.deps import current
from svc.auth.models import AuthContext

router = APIRouter()


@router.get("/grants")
async def grants(ctx: Annotated[AuthContext, Depends(current)]) -> list[str]:
    return [ctx.user]
""",
                "svc/routes/audit.py": """\
from fastapi import APIRouter, Depends

from svc.auth.deps import current
from svc.auth.models import AuthContext

router = APIRouter()


@router.get("/audit")
async def audit(ctx: AuthContext = Depends(current)) -> list[str]:
    return []
""",
                "svc/auth/deps.py": "from svc.auth.models import AuthContext\n\n\n"
                "def current() -> AuthContext:\n    return AuthContext(user='u')\n",
                "svc/auth/models.py": "from pydantic import BaseModel\n\n\n"
                "class AuthContext(BaseModel):\n    user: str\n",
            },
            note="the sibling routers import a model from another component only as what a "
            "dependency hands them (`ctx: AuthContext = Depends(...)`): the auth models "
            "module is no home for the router's schemas; the advice names one beside it",
            lines=(10,),
        ),
        Example(
            files={
                "notes_api/routes/tags.py": """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class TagIn(BaseModel):
    name: str


@router.post("/tags")
async def create_tag(body: TagIn) -> str:
    return body.name
""",
                "notes_api/routes/notes.py": """\
from fastapi import APIRouter

from notes_api.schemas import NoteOut

router = APIRouter()


@router.get("/notes")
async def notes() -> list[NoteOut]:
    return []
""",
                "notes_api/schemas.py": "from pydantic import BaseModel\n\n\n"
                "class NoteOut(BaseModel):\n    id: int\n",
                "notes_api/main.py": "from fastapi import FastAPI\n\n"
                "from notes_api.routes import notes, tags\n\n"
                "app = FastAPI()\napp.include_router(notes.router)\n"
                "app.include_router(tags.router)\n",
            },
            note="a flat package whose routers sit in `routes/` and whose models sit in the "
            "package's own `schemas.py`: the advice names that module, not a new "
            "`routes/schemas.py`",
            lines=(7,),
        ),
        Example(
            files={
                "kit/__init__.py": "",
                "kit/models.py": "from pydantic import BaseModel\n\n\n"
                "class KitModel(BaseModel):\n    pass\n",
                "kit/auth/__init__.py": "",
                "kit/auth/models.py": """\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(primary_key=True)
""",
                "kit/auth/router.py": """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class LoginRequest(BaseModel):
    name: str


@router.post("/login")
async def login(body: LoginRequest) -> dict[str, str]:
    return {"user": body.name}
""",
                "kit/health.py": "from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n"
                "@router.get('/health')\nasync def health() -> dict[str, str]:\n"
                "    return {'status': 'ok'}\n",
                "kit/app.py": "from fastapi import FastAPI\n\n"
                "from kit import health\nfrom kit.auth.router import router\n\n"
                "app = FastAPI()\napp.include_router(router)\napp.include_router(health.router)\n",
            },
            note="a feature package that keeps its own tables in `auth/models.py`: its "
            "request models go beside them (`auth/schemas.py`), not to the package's "
            "`models.py` of base classes",
            lines=(7,),
        ),
        Example(
            files={
                "app/config.py": """\
from pydantic_settings import BaseSettings

from app.listeners import ListenerSettings


class Settings(BaseSettings):
    listener: ListenerSettings
""",
                "app/listeners/__init__.py": """\
from app.listeners.http import HttpListenerSettings
from app.listeners.queue import QueueListenerSettings

ListenerSettings = HttpListenerSettings | QueueListenerSettings
""",
                "app/listeners/http.py": """\
from fastapi import APIRouter
from pydantic import BaseModel


class HttpListenerSettings(BaseModel):
    kind: str = "http"


class ResyncOut(BaseModel):
    done: bool


router = APIRouter()


@router.post("/resync")
async def resync() -> ResyncOut:
    return ResyncOut(done=True)
""",
                "app/listeners/queue.py": """\
from fastapi import APIRouter
from pydantic import BaseModel


class QueueListenerSettings(BaseModel):
    topic: str


router = APIRouter()


@router.put("/queue/settings")
async def update(body: QueueListenerSettings) -> None:
    return None
""",
            },
            note="traps beside configuration models: a response model, and a model of the "
            "settings tree that a route also takes as its body (an API schema too)",
            lines=(9, 5),
        ),
        Example(
            files={
                "shop/catalog/list_items.py": """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class ItemResult(BaseModel):
    id: str
    aliases: list[str]


@router.get("/items")
async def list_items() -> list[ItemResult]:
    return []
""",
                "shop/catalog/get_item.py": """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class ItemResult(BaseModel):
    id: str


class Stock(BaseModel):
    count: int


@router.get("/items/{item_id}")
async def get_item(item_id: str) -> ItemResult:
    return ItemResult(id=item_id)


@router.get("/items/{item_id}/stock")
async def get_stock(item_id: str) -> Stock:
    return Stock(count=0)
""",
            },
            note="two routers each defining their own `ItemResult`, told to move both to one "
            "module: the message says they need distinct names (or one merged model)",
            lines=(7, 11),
        ),
        Example(
            files=_prefixed_home_files(5),
            note="the project keeps its API models in a module named with a prefix "
            "(`fleet/api_models.py`, five models the main router imports): the advice names "
            "it, not a new `fleet/routes/schemas.py`",
            lines=(7,),
        ),
        Example(
            files=_prefixed_home_files(2),
            note="the other side of the prefixed-home example: a `fleet/api_models.py` of two "
            "models may be one component's, so the advice keeps a module beside the router",
            lines=(7,),
        ),
        Example(
            files=_core_models_files(component_router=False),
            note="another router takes its models from the package's one models module "
            "elsewhere (`svc/core/models.py`): the advice names it beside a new module",
            lines=(7,),
        ),
        Example(
            files=_core_models_files(component_router=True),
            note="the other side of the core-models example: a router of `svc/core/` imports "
            "its `models.py` too, the component's own, so the advice keeps a module beside "
            "the router",
            lines=(7,),
        ),
        Example(
            files=_core_models_files(component_router=False, folder="items"),
            note="the models module the items router imports sits in a folder named for that "
            "one feature (`svc/items/models.py`): its own shapes, not named for the health "
            "router's models, which go beside it",
            lines=(7,),
        ),
        Example(
            files=_framework_models_files(router_imports=False),
            note="a framework's settings models (`kit/models/`) above the sample application "
            "it ships, which no router imports: the sample's model goes beside its router",
            lines=(7,),
        ),
        Example(
            files=_framework_models_files(router_imports=True),
            note="the other side of the framework-models example: a router of the sample "
            "imports `kit/models/`, so it is where the routers keep models",
            lines=(7,),
        ),
        Example(
            files=_TICKETS_FILES,
            note="a router taking its models from `tickets_schemas.py` beside a `schemas.py` "
            "of shared bases: its own model goes to the module it already imports; the health "
            "router's, importing none, to `schemas.py`",
            lines=(7, 9),
        ),
        Example(
            files=_feature_packages_files(kept=("chat", "calls")),
            note="features keeping their models in a `schemas/` package beside `routers/`: a "
            "router of `mail/routers/` is sent to `mail/schemas/`, and one of `billing/`, "
            "which keeps none yet, to a new `billing/schemas/` as the other features do",
            lines=(7,),
        ),
        Example(
            files={
                "app/posts/router.py": """\
from fastapi import APIRouter

from app.posts.schema import PostOut
from app.posts.service import load

router = APIRouter()


@router.get("/posts/{post_id}")
async def get_post(post_id: int) -> PostOut:
    return load(post_id)
""",
                "app/posts/schema.py": """\
from pydantic import BaseModel


class PostOut(BaseModel):
    id: int
    title: str
""",
                "app/posts/service.py": """\
from app.posts.schema import PostOut


def load(post_id: int) -> PostOut:
    return PostOut(id=post_id, title="t")
""",
                "app/posts/upload_router.py": """\
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class UploadIn(BaseModel):
    name: str


@router.post("/posts/upload")
async def upload(body: UploadIn) -> str:
    return body.name
""",
                "app/users/router.py": """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/users")
async def list_users() -> list[str]:
    return []
""",
                "app/users/service.py": "def names() -> list[str]:\n    return []\n",
                "app/users/schemas.py": _ONE_MODEL,
                "app/tags/router.py": "from fastapi import APIRouter\n\nrouter = APIRouter()\n",
                "app/tags/schemas.py": _ONE_MODEL,
            },
            note="a domain keeps its models in `schema.py` beside its routers: a second router "
            "of the domain is sent there, not to a new `schemas.py` beside it",
            lines=(7,),
        ),
        Example(
            files=_DOMAIN_FILES,
            note="routers over domains that keep their own `models.py`: the orders router's "
            "model goes to its domain's `core/orders/models.py`, not to the tasks domain's, "
            "whose record every router returns; the search router, of no domain, gets the "
            "layered layout's new package",
            lines=(9, 10),
        ),
        Example(
            files=_feature_packages_files(kept=()),
            note="the other side of the feature-packages example: one feature keeps a "
            "`schemas/` package, which is no layout to follow, so `billing/`'s model goes "
            "beside its router",
            lines=(7,),
        ),
        Example(
            files={
                "ledger/__init__.py": "",
                "ledger/schemas/__init__.py": "",
                "ledger/schemas/batch.schema.json": "{}\n",
                "ledger/schemas/entry.schema.json": "{}\n",
                "ledger/schemas/receipt.schema.json": "{}\n",
                "ledger/schemas/records.py": "from pydantic import BaseModel\n\n\nclass Record(BaseModel):\n    id: str\n",
                "ledger/web/__init__.py": "",
                "ledger/web/app.py": "from fastapi import FastAPI\n\nfrom ledger.web.routes import batches, entries\n\napp = FastAPI()\napp.include_router(entries.router)\napp.include_router(batches.router)\n",
                "ledger/web/routes/__init__.py": "",
                "ledger/web/routes/batches.py": 'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get("/batches")\nasync def batches() -> list[str]:\n    return []\n',
                "ledger/web/routes/entries.py": 'from fastapi import APIRouter\nfrom pydantic import BaseModel\n\nfrom ledger.schemas.records import Record\n\nrouter = APIRouter()\n\n\nclass EntryPage(BaseModel):\n    items: list[Record]\n\n\n@router.get("/entries")\nasync def entries() -> EntryPage:\n    return EntryPage(items=[])\n',
            },
            note="the `schemas/` package above holds JSON Schema documents (file formats) more than Python modules: no home for the API's models, a module beside the router is",
            lines=(9,),
        ),
        Example(
            files={
                "desk/__init__.py": "",
                "desk/app.py": "from fastapi import FastAPI\n\nfrom desk.routes import notes, tasks, tags\n\napp = FastAPI()\nfor r in (notes.router, tasks.router, tags.router):\n    app.include_router(r)\n",
                "desk/routes/__init__.py": "",
                "desk/routes/notes.py": 'from fastapi import APIRouter\n\nfrom desk.routes.shared import NoteIn, ok\n\nrouter = APIRouter()\n\n\n@router.post("/notes")\nasync def add_note(body: NoteIn) -> dict[str, bool]:\n    return ok()\n',
                "desk/routes/shared.py": 'from pydantic import BaseModel\n\n\nclass NoteIn(BaseModel):\n    text: str\n\n\nclass TaskIn(BaseModel):\n    title: str\n\n\ndef ok() -> dict[str, bool]:\n    return {"ok": True}\n\n\ndef limit(value: int) -> int:\n    return min(value, 100)\n\n\ndef clean(text: str) -> str:\n    return text.strip()\n',
                "desk/routes/tags.py": 'from fastapi import APIRouter\nfrom pydantic import BaseModel\n\nrouter = APIRouter()\n\n\nclass TagIn(BaseModel):\n    name: str\n\n\n@router.post("/tags")\nasync def create(body: TagIn) -> str:\n    return body.name\n',
                "desk/routes/tasks.py": 'from fastapi import APIRouter\n\nfrom desk.routes.shared import TaskIn, ok\n\nrouter = APIRouter()\n\n\n@router.post("/tasks")\nasync def add_task(body: TaskIn) -> dict[str, bool]:\n    return ok()\n',
            },
            note="the routers beside it import their request models from `shared.py`, a module of helpers not named for models: the project's home for them",
            lines=(7,),
        ),
        Example(
            files={
                "studio/__init__.py": "",
                "studio/app.py": "from fastapi import FastAPI\n\nfrom studio.features.boards.routes import router\nfrom studio.features.pins.routes import router as pins\n\napp = FastAPI()\napp.include_router(router)\napp.include_router(pins)\n",
                "studio/features/__init__.py": "",
                "studio/features/boards/__init__.py": "",
                "studio/features/boards/models.py": "from dataclasses import dataclass\n\n\n@dataclass(frozen=True)\nclass Board:\n    id: str\n    title: str\n\n\n@dataclass(frozen=True)\nclass Pin:\n    board: str\n",
                "studio/features/boards/routes.py": 'from fastapi import APIRouter\nfrom pydantic import BaseModel\n\nrouter = APIRouter()\n\n\nclass BoardIn(BaseModel):\n    name: str\n\n\n@router.post("/boards")\nasync def create(body: BoardIn) -> str:\n    return body.name\n',
                "studio/features/pins/__init__.py": "",
                "studio/features/pins/routes.py": 'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get("/pins")\nasync def pins() -> list[str]:\n    return []\n',
            },
            note="a feature package whose `models.py` holds its dataclasses: the request model goes there, not to a new module",
            lines=(7,),
        ),
        Example(
            files={
                "relay/__init__.py": "",
                "relay/hooks.py": """\
from fastapi import APIRouter, Request
from pydantic import BaseModel

router = APIRouter()


class Delivery(BaseModel):
    source: str
    payload: dict


class Receipt(BaseModel):
    accepted: bool
    notes: list["Note"] = []


class Note(BaseModel):
    text: str


@router.post("/hooks")
async def receive(request: Request):
    delivery = Delivery.model_validate(await request.json())
    return Receipt(accepted=bool(delivery.payload))
""",
                "relay/status.py": """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/status")
async def status() -> str:
    return "ok"
""",
            },
            note="the other side of the not-a-schema trap: the handler validates its body "
            "with one model by hand and answers another one built, unannotated: both are "
            "its request and response schemas, with the model the response nests by a "
            "string forward reference",
            lines=(7, 12, 17),
        ),
    )
    good = (
        Example(
            files={
                "bus/__init__.py": "",
                "bus/events.py": "from pydantic import BaseModel\n\n\nclass Event(BaseModel):\n    body: dict\n",
                "bus/inbound/__init__.py": "",
                "bus/inbound/http.py": """\
from fastapi import APIRouter, Request
from pydantic import BaseModel

from bus.events import Event


class HttpEvent(Event):
    origin: str = ""


class HttpInboundOptions(BaseModel):
    path: str = "/inbound"


class HttpInbound:
    def __init__(self, options: HttpInboundOptions, deliver) -> None:
        self.deliver = deliver
        self.router = APIRouter()
        self.router.add_api_route(options.path, self.receive, methods=["POST"])

    async def receive(self, request: Request) -> dict[str, bool]:
        await self.forward(request)
        return {"ok": True}

    async def forward(self, request: Request) -> None:
        await self.deliver(HttpEvent(body=await request.json(), origin=request.url.path))
""",
                "bus/inbound/ws.py": """\
from fastapi import APIRouter, WebSocket

router = APIRouter()


@router.websocket("/inbound/ws")
async def inbound(ws: WebSocket) -> None:
    await ws.accept()
""",
            },
            note="trap: models in a router module that no route takes, answers or builds: an "
            "event-bus message a helper builds from the raw request, and the transport's own "
            "options; they describe no request or response (seen in pymidil)",
        ),
        Example(
            files={
                "app/config.py": """\
from pydantic_settings import BaseSettings

from app.listeners import ListenerSettings


class Settings(BaseSettings):
    listener: ListenerSettings
""",
                "app/listeners/__init__.py": """\
from app.listeners.http import HttpListenerSettings
from app.listeners.queue import QueueListenerSettings

ListenerSettings = HttpListenerSettings | QueueListenerSettings
""",
                "app/listeners/http.py": """\
from fastapi import APIRouter
from pydantic import BaseModel


class Retry(BaseModel):
    attempts: int = 3


class HttpListenerSettings(BaseModel):
    kind: str = "http"
    retry: Retry = Retry()


router = APIRouter()


@router.post("/resync")
async def resync() -> None:
    return None
""",
                "app/listeners/queue.py": """\
from fastapi import APIRouter
from pydantic import BaseModel


class QueueListenerSettings(BaseModel):
    topic: str


router = APIRouter()


@router.get("/queue/health")
async def health() -> dict:
    return {}
""",
            },
            note="configuration models of the settings tree (a settings field typed by a union "
            "alias of listener settings, and a model one of them nests), kept beside the "
            "listener code they configure: not API schemas",
        ),
        Example(
            files={
                "app/extensions/base.py": """\
from fastapi import APIRouter
from pydantic import BaseModel


class Extension(BaseModel):
    name: str
    prefix: str = ""

    def router(self) -> APIRouter:
        raise NotImplementedError
""",
                "app/extensions/status.py": """\
from fastapi import APIRouter

from app.extensions.base import Extension
from app.extensions.schemas import StatusOut


class StatusExtension(Extension):
    name: str = "status"
    checks: list[str] = []

    def router(self) -> APIRouter:
        router = APIRouter(prefix=self.prefix)

        @router.get("/status")
        def status() -> list[StatusOut]:
            return [StatusOut(name=c, healthy=True) for c in self.checks]

        return router
""",
                "app/extensions/schemas.py": """\\
from pydantic import BaseModel


class StatusOut(BaseModel):
    name: str
    healthy: bool
""",
                "app/extensions/echo.py": """\
from fastapi import APIRouter

from app.extensions.base import Extension
from app.extensions.routes import echo_router


router = APIRouter()


class EchoExtension(Extension):
    name: str = "echo"

    def router(self):
        return echo_router(self.prefix)


@router.get("/extensions")
def extensions() -> list[str]:
    return [EchoExtension().name]
""",
                "app/extensions/routes.py": """\
from fastapi import APIRouter


def echo_router(prefix: str) -> APIRouter:
    router = APIRouter(prefix=prefix)

    @router.get("/echo")
    def echo(text: str) -> str:
        return text

    return router
""",
            },
            note="trap: plugin objects that are Pydantic models (their configuration) and own "
            "routes: one whose method builds the router and declares the handler, one whose "
            "hook (annotated on the project's plugin base) returns a router built elsewhere; "
            "they are the routers' owners, not schemas to move (seen in xpublish)",
        ),
        Example(
            files={
                "app/posts/schemas.py": """\
from pydantic import BaseModel


class PostOut(BaseModel):
    id: int
    title: str
""",
                "app/posts/router.py": """\
from fastapi import APIRouter

from app.posts.schemas import PostOut

router = APIRouter()


@router.get("/posts/{post_id}")
async def get_post(post_id: int) -> PostOut:
    return PostOut(id=post_id, title="t")
""",
                "app/users/router.py": """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/users")
async def list_users() -> list[str]:
    return []
""",
            },
            note="schemas imported from their own module",
        ),
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Item(BaseModel):
    name: str


@app.post("/items")
def create_item(item: Item) -> Item:
    return item
""",
            },
            note="a single-file application is exempt",
        ),
        Example(
            files={
                "app/actions/server.py": """\
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI(title="actions")


class ActionIn(BaseModel):
    name: str


@app.post("/run")
def run(body: ActionIn) -> str:
    return body.name
""",
                "app/scorer/server.py": """\
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI(title="scorer")


class ScoreIn(BaseModel):
    text: str


@app.post("/score")
def score(body: ScoreIn) -> float:
    return 0.0


@app.get("/health")
def health() -> str:
    return "ok"
""",
            },
            note="two independent single-file applications in one package: each is exempt, "
            "routes in two modules of different applications do not make either one a "
            "multi-module application",
        ),
        Example(
            files={
                "svc/main.py": """\
from fastapi import FastAPI

from svc.orders import router as orders_router
from svc.users import router as users_router

app = FastAPI(title="shop")
app.include_router(orders_router)
app.include_router(users_router)
""",
                "svc/schemas.py": """\
from pydantic import BaseModel


class OrderOut(BaseModel):
    id: int


class UserOut(BaseModel):
    name: str
""",
                "svc/orders.py": """\
from fastapi import APIRouter

from svc.schemas import OrderOut

router = APIRouter()


@router.get("/orders")
def orders() -> list[OrderOut]:
    return []
""",
                "svc/users.py": """\
from fastapi import APIRouter

from svc.schemas import UserOut

router = APIRouter()


@router.get("/users")
def users() -> list[UserOut]:
    return []
""",
                "svc/scanner.py": """\
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI(title="local scanner")


class ScanIn(BaseModel):
    text: str


@app.post("/scan")
def scan(body: ScanIn) -> int:
    return len(body.text)
""",
            },
            note="a separate one-module server beside the main API's `schemas.py`, which only "
            "the main API's routers import: that home is the main API's, not the server's",
        ),
        Example(
            files={
                "app/posts/router.py": """\
import enum
from dataclasses import dataclass
from typing import TypedDict

from fastapi import APIRouter
from pydantic import BaseModel
from pydantic_settings import BaseSettings
from marshmallow import Schema

router = APIRouter()


class Status(str, enum.Enum):
    draft = "draft"


class PostsConfig(BaseSettings):
    page_size: int = 20


@dataclass
class Page:
    size: int


class Row(TypedDict):
    id: int


class LegacySchema(Schema):
    pass


@router.get("/posts")
async def list_posts() -> list[str]:
    class Local(BaseModel):
        x: int

    return []
""",
                "app/users/router.py": """\
from fastapi import APIRouter
from mylib.models import BaseModel

router = APIRouter()


class User(BaseModel):
    pass


@router.get("/users")
async def list_users() -> list[str]:
    return []
""",
            },
            note="enums, settings, dataclasses, TypedDicts, marshmallow, nested and look-alike classes",
        ),
        Example(
            files={
                "app/schemas.py": """\
from pydantic import BaseModel


class Item(BaseModel):
    name: str
""",
                "app/views.py": """\
from flask import Flask
from pydantic import BaseModel

app = Flask(__name__)


class Form(BaseModel):
    name: str


@app.get("/items")
def items() -> str:
    return ""
""",
                "app/api.py": """\
from fastapi import APIRouter

from app.schemas import Item

router = APIRouter()


@router.get("/items")
def items() -> list[Item]:
    return []
""",
            },
            note="a Flask view module is not a FastAPI router module",
        ),
    )
