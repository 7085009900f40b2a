"""Questions about the project model that several checks ask: the main application, the
exception handlers, how a name reaches an app, Alembic's migration targets.

They live here (and are reached through :class:`~auditor.project.Project` methods) so that
no check imports another.  Each answers "unknown" (None) rather than guess.
"""

from __future__ import annotations

import ast
import re
import shlex
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from auditor.facts import (
    Call,
    DictExpr,
    Expr,
    Function,
    Lit,
    ModuleFacts,
    Name,
    Seq,
    ServerSite,
    arg,
    dotted_of,
    is_lit,
    kwarg,
    qname_of,
)
from auditor.lazyre import lazy_compile
from auditor.names import FASTAPI, METADATA, POPULATE_BY_NAME_V1, V1_RENAMED_CONFIG_KEYS
from auditor.project import AppInstance, Binding, Project, Route, parent_function
from auditor.recognisers import LOOPBACK_HOSTS
from auditor.repository import posix_path

#: Module names that usually hold the main application.
MAIN_MODULES = frozenset({"main", "app", "asgi", "application", "server", "api"})


def instance_of(project: Project, e: Expr | None, function: str | None, _depth: int = 0):
    """The FastAPI/APIRouter instance an argument expression denotes, or None: a name, a
    call of a factory (followed through factories that return another factory's result), or
    a ``"package.module:attr"`` import string."""
    if not e or _depth > 4:
        return None
    if isinstance(e, Lit) and isinstance(e.value, str) and ":" in e.value:
        module, _, attr = e.value.partition(":")
        q = f"{module.strip()}.{attr.strip()}"
        inst = project.app_for(q)
        if inst is None:
            fn = project.function(q)
            inst = _product(project, fn, _depth + 1) if fn is not None else None
        return inst
    if isinstance(e, Name):
        inst = project.app_for(qname_of(e))
        if inst is None:
            inst = project.receiver_in_function(dotted_of(e), function)
        return inst
    if isinstance(e, Call):
        inst = project.app_for(qname_of(e))
        if inst is not None:
            return inst
        fn = project.function(qname_of(e))
        if fn is not None:
            inst = _product(project, fn, _depth + 1)
            if inst is not None:
                return inst
        first = arg(e, 0)
        if isinstance(first, Call):  # a runner or wrapper: ``asyncio.run(build_app())``
            return instance_of(project, first, function, _depth + 1)
    return None


def _product(project: Project, fn, depth: int):
    """The app a factory function returns (its local, or what the factory it calls returns)."""
    for value in fn.return_values:
        if not value:
            continue
        if isinstance(value, Name) and value.dotted and "." not in value.dotted:
            found = project.apps.get(f"{fn.qname}.<locals>.{value.dotted}")
            if found is not None:
                return found
        found = instance_of(project, value, fn.qname, depth)
        if found is not None:
            return found
    return project.apps.get(f"{fn.qname}.<return>")  # ``return FastAPI(...)``


def _includes_code(project: Project, mc) -> bool:
    """An ``include_router()``, or a ``mount()`` of an application (a name or a factory call),
    not of ``StaticFiles(...)`` or another class instantiated in place."""
    if mc.method == "include_router":
        return True
    if mc.method not in ("mount", "host"):
        return False
    e = arg(mc.call, 1) or kwarg(mc.call, "app")
    if not e:
        return False
    if isinstance(e, Name):
        return True
    if isinstance(e, Call):
        return (
            project.function(qname_of(e)) is not None
            or instance_of(project, e, mc.function) is not None
        )
    return False


#: Folders holding a package's test harness (``numpy.testing``, ``rio.testing``).
TESTING_DIRS = frozenset({"testing", "_testing"})


_IMPORTED: weakref.WeakKeyDictionary[Project, frozenset[str]] = weakref.WeakKeyDictionary()


def _imported_modules(project: Project) -> frozenset[str]:
    """The names of the modules (and of the names in them) that another module of the
    project, tests left out, imports: once per audit."""
    found = _IMPORTED.get(project)
    if found is None:
        out: set[str] = set()
        for m in project.by_path.values():
            if m.file_class == "test":
                continue
            own = m.module
            for imp in m.import_list:
                for name in (imp.module, imp.module.rpartition(".")[0]):
                    if name != own:
                        out.add(name)
        found = _IMPORTED[project] = frozenset(out)
    return found


def main_app(project: Project, apps: list[AppInstance] | None = None) -> AppInstance | None:
    """The application that most likely is *the* app of the project (None without one): one
    outside a ``testing/`` folder; then the one that serves the most routes, directly, through
    included routers and through mounted sub-applications; then one in a
    ``main``/``app``/``server`` module; then one whose module another module imports; then one
    at module level."""
    if apps is None:
        apps = [a for a in project.fastapi_apps if a.module.file_class == "app"]
    if not apps:
        return None
    parents: dict[int, set[int]] = defaultdict(set)
    by_id = {}
    for inst in project.app_instances:
        by_id[id(inst)] = inst
        for parent, _mc in inst.included_by:
            parents[id(inst)].add(id(parent))
    for m in project.by_path.values():
        for mc in m.method_calls:
            if mc.method not in ("mount", "host"):
                continue
            child = instance_of(project, arg(mc.call, 1) or kwarg(mc.call, "app"), mc.function)
            mounter = project.app_for(mc.receiver, None, mc.function) if mc.receiver else None
            if mounter is None and mc.function and mc.receiver_text:
                mounter = project.receiver_in_function(mc.receiver_text, mc.function)
            if child is not None and mounter is not None and child is not mounter:
                parents[id(child)].add(id(mounter))
    served: dict[int, int] = defaultdict(int)
    for r in project.routes:
        seen: set[int] = set()
        stack = [id(r.receiver)]
        while stack:
            cur = stack.pop()
            if cur in seen:
                continue
            seen.add(cur)
            served[cur] += 1
            stack.extend(parents.get(cur, ()))
    for a in apps:
        served[id(a)] += 2 * sum(1 for mc in a.includes if _includes_code(project, mc))

    # an application another module of the project imports (a package's ``__main__`` that
    # starts ``pkg.web``) over one nothing imports (a developer's ``debug.py`` that runs
    # itself), where the routes they serve tie
    imported = _imported_modules(project) if len(apps) > 1 else frozenset()

    def key(a):
        stem = posix_path(a.path).stem
        fn = project.function(a.function) if a.function else None
        # built by a method of some other class: a plugin's app (an app class's own factory
        # method, ``class App(FastAPI)`` with ``App.create_app()``, is not)
        by_method = (
            fn is not None
            and fn.class_qname is not None
            and ".<self>." not in a.qname  # a server object keeping its app is not a plugin
            and not project.name_is_class(fn.class_qname, {FASTAPI})
        )
        # a package's test harness (``pkg/testing/``, ``pkg/_testing/``) starts an application
        # for its own tests: never *the* application while another one exists
        harness = any(part in TESTING_DIRS for part in posix_path(a.path).parts[:-1])
        return (
            harness,
            by_method,
            -served[id(a)],
            stem not in MAIN_MODULES,
            a.module.module not in imported,
            a.function is not None,
            a.path,
            a.line,
        )

    return min(apps, key=key)


def route_applications(project: Project) -> dict[str, frozenset[str]]:
    """Route module path -> the route modules of the application(s) its routes belong to,
    for the modules whose application the model knows entirely; a module left out belongs
    to an application the model cannot delimit.

    An application is a set of app and router instances joined by ``include_router`` and
    ``mount``/``host`` calls.  It is known entirely when every one of its tops is a FastAPI
    app (a router nobody includes is included by code the project does not show) and every
    ``include_router`` or mount of code on its instances resolves.  One package may hold
    several independent applications (an actions server, a model server beside the main
    API): each is one application here, never the package as a whole.
    """
    parent: dict[int, int] = {}

    def find(i: int) -> int:
        while parent.setdefault(i, i) != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    broken: set[int] = set()  # instances with an include or mount the model cannot resolve
    resolved = {id(mc) for c in project.app_instances for _p, mc in c.included_by}
    for inst in project.app_instances:
        find(id(inst))
        if inst.kind == "router" and not inst.included_by:
            broken.add(id(inst))  # included (if at all) by code the project does not show
        for parent_inst, _mc in inst.included_by:
            union(id(inst), id(parent_inst))
        for mc in inst.includes:
            if mc.method == "include_router":
                if id(mc) not in resolved:
                    broken.add(id(inst))
            elif mc.method in ("mount", "host") and _includes_code(project, mc):
                child = instance_of(project, arg(mc.call, 1) or kwarg(mc.call, "app"), mc.function)
                if child is None:
                    broken.add(id(inst))
                else:
                    union(id(child), id(inst))
    modules: dict[int, set[str]] = defaultdict(set)
    for r in project.routes:
        modules[find(id(r.receiver))].add(r.module.path)
    unknown = {find(i) for i in broken}
    out: dict[str, set[str]] = {}
    spoiled: set[str] = set()
    for r in project.routes:
        root = find(id(r.receiver))
        tops = [i for i in project.include_chain(r.receiver) if not i.included_by]
        if root in unknown or any(t.kind != "app" for t in tops):
            # a router (a parameter, a factory's local) nobody is seen including
            spoiled.add(r.module.path)
        else:
            out.setdefault(r.module.path, set()).update(modules[root])
    return {path: frozenset(mods) for path, mods in out.items() if path not in spoiled}


def handler_function(project: Project, e, function: str | None) -> Function | None:
    """The project function a handler expression names (a factory's local def included)."""
    if not isinstance(e, Name):
        return None
    fn = project.function(qname_of(e)) if qname_of(e) else None
    if fn is None and function and e.dotted and "." not in e.dotted:
        fn = project.function(f"{function}.<locals>.{e.dotted}")
    return fn


def _exc_name(e) -> str | None:
    return qname_of(e) if isinstance(e, Name) else None


def exception_handler_registrations(project: Project) -> list[tuple[str, str | None, str]]:
    """Every exception handler registered on a FastAPI app (F3), in the order the model
    finds them: (the app's qname, the exception class it is registered for, its qname or
    None when unknown, the handler function's qname).

    Registered by ``@app.exception_handler(E)``, ``app.add_exception_handler(E, f)`` (also
    in a function the factory hands the app to, ``install_handlers(app)``) or
    ``FastAPI(exception_handlers={E: f})``.  Which app holds a handler matters to a check
    that asks what one app answers (ERR002: a handler that hides every 5xx detail).
    """
    out: list[tuple[str, str | None, str]] = []
    for m in project.modules_of_class("app"):
        for fn in m.functions.values():
            for dec in fn.decorators:
                if not isinstance(dec, Call):
                    continue
                text = dotted_of(dec) or ""
                if not text.endswith(".exception_handler"):
                    continue
                q = qname_of(dec)
                recv = project.app_for(q.rsplit(".", 1)[0]) if q else None
                if recv is None:
                    recv = project.receiver_in_function(
                        text.rsplit(".", 1)[0], parent_function(fn.qname)
                    )
                if recv is None or recv.kind != "app":
                    continue
                exc = arg(dec, 0) or kwarg(dec, "exc_class_or_status_code")
                out.append((recv.qname, _exc_name(exc), fn.qname))
    for inst in project.app_instances:
        if inst.kind != "app":
            continue
        for mc in inst.includes:
            if mc.method != "add_exception_handler":
                continue
            handler = handler_function(
                project, arg(mc.call, 1) or kwarg(mc.call, "handler"), mc.function
            )
            if handler is not None:
                exc = arg(mc.call, 0) or kwarg(mc.call, "exc_class_or_status_code")
                out.append((inst.qname, _exc_name(exc), handler.qname))
        table = inst.kw("exception_handlers")
        if isinstance(table, Name) and table.qname:
            r = project.resolve(table.qname)
            table = r.value if isinstance(r, Binding) else None
        if isinstance(table, DictExpr):
            for key, value in table.items:
                handler = handler_function(project, value, inst.function)
                if handler is not None:
                    out.append((inst.qname, _exc_name(key), handler.qname))
    return out


def exception_handlers(project: Project) -> dict[str, list[str | None]]:
    """Exception-handler functions of the FastAPI apps (F3): function qname -> the
    exception classes (qnames, None when unknown) it is registered for
    (:func:`exception_handler_registrations`, whatever the app).  Shared by ERR001 and
    ERR002.
    """
    out: dict[str, list[str | None]] = {}
    for _app, exc, handler in project.exception_handler_registrations:
        out.setdefault(handler, []).append(exc)
    return out


#: Alembic's bookkeeping table: code that reads it runs against an Alembic-migrated database.
ALEMBIC_VERSION_TABLE = "alembic_version"


def alembic_in_code(project: Project) -> str | None:
    """Where the project's own code shows that Alembic migrates its schema although no
    migration environment is in the audited tree (a wheel ships the package, not the
    repository's ``alembic/`` folder; an application that writes ``alembic.ini`` and
    ``env.py`` at start-up and calls ``alembic.command.upgrade``): a module importing
    ``alembic``, or one that names Alembic's ``alembic_version`` table.  A path, or None."""
    for m in project.by_path.values():
        if m.file_class == "test":
            continue
        if any(
            imp.module == "alembic" or imp.module.startswith("alembic.") for imp in m.import_list
        ):
            return m.path
    for m in project.by_path.values():
        if m.file_class == "test" or not m.path.endswith(".py"):
            continue
        data = project.repo.read_bytes(m.path)
        if data is not None and ALEMBIC_VERSION_TABLE.encode() in data:
            return m.path
    return None


def alembic_evidence(project: Project) -> str | None:
    """Where Alembic is configured (a short description for messages), or None.

    The one "is Alembic configured" test of the catalogue (MIG001's inputs), shared with
    DBS005: an ``alembic.ini`` within 2 folder levels of the root, a ``[tool.alembic]``
    table in ``pyproject.toml``, or a folder holding ``env.py`` beside ``script.py.mako``
    or beside a ``versions/`` folder with revisions in it.  (An empty ``versions/`` folder
    is invisible: git does not track empty folders.)
    """
    repo = project.repo
    files = repo.files
    for path in files:
        if posix_path(path).name == "alembic.ini" and path.count("/") <= 2:
            return f"`{path}`"
    if project.configs.tool("alembic") is not None:
        return "`[tool.alembic]` in `pyproject.toml`"
    for path in files:
        p = posix_path(path)
        if p.name != "env.py":
            continue
        folder = p.parent.as_posix()
        prefix = "" if folder == "." else folder + "/"
        if repo.exists(f"{prefix}script.py.mako"):
            return f"`{prefix or './'}`"
        versions = f"{prefix}versions/"
        if any(f.startswith(versions) and f.endswith(".py") for f in files):
            return f"`{prefix or './'}`"
    return None


def alembic_without_revisions(project: Project) -> str | None:
    """See :attr:`Project.alembic_without_revisions`."""
    if any(True for _ in project.modules_of_class("migration")):
        return None  # a revision the walker classified
    files = project.repo.files
    dirs: set[str] = set()
    for cfg in project.configs.alembic:
        if not cfg.versions_dirs or not all(_in_tree(project, d) for d in cfg.versions_dirs):
            return None  # its revisions live outside the audited tree: unknown
        dirs.update(cfg.versions_dirs)
    for path in files:
        p = posix_path(path)
        if p.name != "env.py":
            continue
        folder = p.parent.as_posix()
        prefix = "" if folder == "." else folder + "/"
        if project.repo.exists(f"{prefix}script.py.mako"):
            dirs.add(f"{prefix}versions")
    if not dirs:
        return None
    for path in files:
        if (
            path.endswith(".py")
            and any(path.startswith(f"{d}/") for d in dirs)
            and _REVISION_ID.search(project.repo.read_bytes(path) or b"")
        ):
            return None
    return ", ".join(f"`{d}/`" for d in sorted(dirs))


def _in_tree(project: Project, versions: str) -> bool:
    """Alembic's revision folder ``versions`` is part of the audited tree: it holds a file,
    or it is the ``versions/`` of a script folder the tree holds (``env.py`` beside it; git
    keeps no empty folder)."""
    if any(f.startswith(f"{versions}/") for f in project.repo.files):
        return True
    folder, _, name = versions.rpartition("/")
    return name == "versions" and project.repo.exists(f"{folder}/env.py" if folder else "env.py")


#: A revision file's identifier, as ``alembic revision`` writes it (``revision = "ae1027a6acf"``,
#: ``revision: str = "..."``): https://alembic.sqlalchemy.org/en/latest/tutorial.html
_REVISION_ID = lazy_compile(rb"^revision\s*(?::[^=\n]*)?=", re.MULTILINE)


def handwritten_migrations(project: Project) -> list[str]:
    """See :attr:`Project.handwritten_migrations`."""
    writers = project.files_naming(_LEDGER_WRITES)
    sql_changes: list[bool] = []  # computed once, when a module needs it
    registrars: dict[str, bool] = {}  # decorator qname -> stores what it decorates
    return sorted(
        path
        for path, m in project.by_path.items()
        if m.file_class == "app"
        and (
            _named_migration(path, m)
            or (path in writers and _ledgered(project, path, sql_changes))
            or _registered_step(project, m, registrars)
        )
    )


def _registered_step(project: Project, m: ModuleFacts, registrars: dict[str, bool]) -> bool:
    """The module changes existing tables (``ALTER`` / ``DROP`` DDL) in a function registered
    as a step by a decorator of the project that stores it in a module-level table
    (``@register_converter(version=31)``, whose inner ``decorator(fn)`` does
    ``converter_cbs[version] = fn``): a versioned migration system of the project's own,
    whose steps a runner picks from that table by the stored schema version (seen in
    pixeltable's metadata converters)."""
    lines = [line for kind, line in m.ddl if kind.startswith(("ALTER", "DROP"))]
    if not lines:
        return False
    for fn in m.functions.values():
        if not any(fn.line <= line <= fn.end_line for line in lines):
            continue
        for deco in fn.decorators:
            q = qname_of(deco) if isinstance(deco, Call) else None
            if q is None:
                continue
            if q not in registrars:
                registrars[q] = _stores_decorated(project, q)
            if registrars[q]:
                return True
    return False


def _stores_decorated(project: Project, qname: str) -> bool:
    """The project function ``qname`` is a decorator factory whose inner function stores the
    function it is handed under a key in a module-level mapping (``table[key] = fn``): a
    registry of steps, not a wrapper."""
    fn = project.function(qname)
    if fn is None:
        return False
    m = project.modules.get(fn.module)
    text = project.read_text(m.path) if m is not None else None
    if text is None:
        return False
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return False
    outer = next(
        (
            n
            for n in tree.body
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == fn.name
        ),
        None,
    )
    if outer is None:
        return False
    return any(
        _stores_parameter(inner, tree)
        for inner in outer.body
        if isinstance(inner, ast.FunctionDef) and inner.args.args
    )


def _stores_parameter(inner: ast.FunctionDef, tree: ast.Module) -> bool:
    """``inner`` assigns its first parameter to a subscript of a name the module binds at its
    top level (``converter_cbs[version] = fn``)."""
    param = inner.args.args[0].arg
    module_names = {
        t.id
        for n in tree.body
        if isinstance(n, (ast.Assign, ast.AnnAssign))
        for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
        if isinstance(t, ast.Name)
    }
    return any(
        isinstance(n, ast.Assign)
        and isinstance(n.value, ast.Name)
        and n.value.id == param
        and any(
            isinstance(t, ast.Subscript)
            and isinstance(t.value, ast.Name)
            and t.value.id in module_names
            for t in n.targets
        )
        for n in ast.walk(inner)
    )


def _named_migration(path: str, m: ModuleFacts) -> bool:
    """A module named for migrations (``migrations.py``, ``db_migration.py``, a
    ``migrations/`` package) that changes existing tables."""
    parts = [p.lower() for p in posix_path(path).with_suffix("").parts]
    return any("migrat" in p for p in parts) and any(
        kind.startswith(("ALTER", "DROP")) for kind, _line in m.ddl
    )


def _ledgered(project: Project, path: str, sql_changes: list[bool]) -> bool:
    """The module, whatever its name, applies versioned steps it records in a ledger
    (:func:`_applies_ledgered_steps`); it is parsed only when it writes a record (the word
    index's ``insert`` / ``UPDATE`` ...) and a schema change is in sight: in one of its
    strings, or in a ``.sql`` file the project ships (the steps it reads from there)."""
    if not _LEDGER_HINTS.search(project.repo.read_bytes(path) or b""):
        if not sql_changes:
            sql_changes.append(_ships_sql_changes(project))
        if not sql_changes[0]:
            return False
    return _applies_ledgered_steps(project.read_text(path) or "")


def _ships_sql_changes(project: Project) -> bool:
    """A ``.sql`` file of the tree changes an existing table (``ALTER TABLE``): schema steps
    kept as SQL, which a module of the project may apply one by one."""
    return any(
        f.endswith(".sql") and _ALTERS.search(project.repo.read_bytes(f) or b"")
        for f in project.repo.files
    )


#: The words of a module that records a step in a ledger: SQL's ``INSERT INTO`` /
#: ``UPDATE`` / ``REPLACE INTO``, or SQLAlchemy Core's ``table.insert()`` / ``insert(table)``
#: (for :meth:`Project.files_naming`, which matches whole words, case kept).
_LEDGER_WRITES = (
    "INSERT",
    "insert",
    "Insert",
    "UPDATE",
    "update",
    "Update",
    "REPLACE",
    "replace",
)

#: Text of a module that may apply ledgered steps: a schema change in a string (however
#: it is run: ``_exec(conn, "ALTER TABLE ...")``, which the walker's ``ddl`` facts, kept
#: for ``execute``-like calls, do not see).
_LEDGER_HINTS = lazy_compile(rb"\b(?:ALTER\s+TABLE|CREATE\s+TABLE)\b", re.IGNORECASE)
_ALTERS = lazy_compile(rb"\bALTER\s+TABLE\b", re.IGNORECASE)


#: The table a SQL string reads (``SELECT MAX(version) FROM schema_version``) or writes
#: (``INSERT INTO schema_version ...``, ``UPDATE meta SET version = ?``): the group.
_SQL_READS = lazy_compile(r"\bSELECT\b.*?\bFROM\s+[`\"\[]?(\w+)", re.IGNORECASE | re.DOTALL)
_SQL_WRITES = lazy_compile(
    r"\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE)\s+[`\"\[]?(\w+)", re.IGNORECASE
)


def _applies_ledgered_steps(text: str) -> bool:
    """The module runs a migration system of its own, whatever it is called: a function
    loops over an ordered sequence of steps written in the module (a module-level list,
    tuple or dict display, also through ``sorted(...)``, ``enumerate(...)`` or
    ``.items()``), runs each step in the loop (calls it, or hands it to a call:
    ``migrate(conn)``, ``conn.execute(sql)``), writes to a table in the loop and reads
    that same table in the function (``SELECT MAX(version) FROM schema_version`` ...
    ``INSERT INTO schema_version``), each directly or in a module function it calls.
    The steps may also be handed to the function (a parameter: steps parsed from a
    ``.sql`` file), and the ledger may be a SQLAlchemy Core table: ``ledger.insert()`` (or
    ``insert(ledger)``) in the loop, ``select(ledger.c.tag)`` (or ``select(ledger)``,
    ``ledger.select()``) in the function.
    That is the shape of a versioned migration ledger: which steps ran is recorded, and
    only the others are applied."""
    if "for " not in text or "FROM" not in text.upper():
        return False
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return False
    sequences = {
        t.id
        for n in tree.body
        if isinstance(n, (ast.Assign, ast.AnnAssign))
        and isinstance(n.value, (ast.List, ast.Tuple, ast.Dict))
        for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
        if isinstance(t, ast.Name)
    }
    functions = {
        n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
    }
    for fn in functions.values():
        steps = sequences | {a.arg for a in (*fn.args.posonlyargs, *fn.args.args)}
        for loop in ast.walk(fn):
            if not isinstance(loop, (ast.For, ast.AsyncFor)):
                continue
            if _iterated_name(loop.iter) not in steps or not _runs_step(loop):
                continue
            written = _sql_tables(_SQL_WRITES, loop.body, functions)
            if written & _sql_tables(_SQL_READS, fn.body, functions):
                return True
            written_core = _core_tables(_core_written, loop.body, functions)
            if (
                written_core
                and written_core & _core_tables(_core_read, fn.body, functions)
                and _runs_step_apart(loop)
            ):
                return True
    return False


def _runs_step_apart(loop: ast.For | ast.AsyncFor) -> bool:
    """A statement of the loop runs the step and writes no Core row: the step is applied
    by its own call (``_execute(conn, step)``), not merely inserted (a seeding loop's
    ``conn.execute(table.insert().values(row))`` is no migration)."""
    bound = {n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name)}
    for stmt in (n for b in loop.body for n in ast.walk(b)):
        if not isinstance(stmt, (ast.Expr, ast.Assign, ast.AnnAssign, ast.AugAssign)):
            continue
        calls = [n for n in ast.walk(stmt) if isinstance(n, ast.Call)]
        if any(_core_written(c, {}) for c in calls):
            continue
        if any(
            (isinstance(c.func, ast.Name) and c.func.id in bound)
            or any(isinstance(a, ast.Name) and a.id in bound for a in c.args)
            for c in calls
        ):
            return True
    return False


def _core_tables(
    found: Callable[[ast.Call, dict[str, ast.expr]], str | None],
    body: list[ast.stmt],
    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef],
) -> set[str]:
    """The Core tables (their source text) that ``found`` sees written or read in ``body``
    and in the module functions it calls by name (one level down); a name bound once in
    ``body`` to an expression (``tag_column = ledger.c.tag``) stands for it."""
    bodies: list[list[ast.stmt]] = [body]
    for stmt in body:
        for n in ast.walk(stmt):
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in functions:
                bodies.append(functions[n.func.id].body)
    out: set[str] = set()
    for b in bodies:
        nodes = [n for stmt in b for n in ast.walk(stmt)]
        aliases = {
            n.targets[0].id: n.value
            for n in nodes
            if isinstance(n, ast.Assign)
            and len(n.targets) == 1
            and isinstance(n.targets[0], ast.Name)
        }
        out.update(t for n in nodes if isinstance(n, ast.Call) and (t := found(n, aliases)))
    return out


def _core_written(call: ast.Call, aliases: dict[str, ast.expr]) -> str | None:
    """``table.insert()`` / ``insert(table)``: the table written."""
    f = call.func
    if isinstance(f, ast.Attribute) and f.attr == "insert" and not call.args:
        return _table_text(f.value, aliases)
    if isinstance(f, ast.Name) and f.id == "insert" and len(call.args) == 1:
        return _table_text(call.args[0], aliases)
    return None


def _core_read(call: ast.Call, aliases: dict[str, ast.expr]) -> str | None:
    """``select(table)`` / ``select(table.c.col)`` / ``table.select()``: the table read."""
    f = call.func
    if isinstance(f, ast.Attribute) and f.attr == "select" and not call.args:
        return _table_text(f.value, aliases)
    if isinstance(f, ast.Name) and f.id == "select" and len(call.args) == 1:
        arg = call.args[0]
        if isinstance(arg, ast.Name) and arg.id in aliases:
            arg = aliases[arg.id]
        if (
            isinstance(arg, ast.Attribute)
            and isinstance(arg.value, ast.Attribute)
            and arg.value.attr in ("c", "columns")
        ):
            arg = arg.value.value  # ``ledger.c.tag``
        return _table_text(arg, aliases)
    return None


def _table_text(e: ast.expr, aliases: dict[str, ast.expr]) -> str | None:
    """A Core table's expression as text (``ledger``, ``self.ledger``), through one alias."""
    if isinstance(e, ast.Name) and isinstance(aliases.get(e.id), (ast.Name, ast.Attribute)):
        e = aliases[e.id]
    return ast.unparse(e) if isinstance(e, (ast.Name, ast.Attribute)) else None


def _iterated_name(e: ast.expr) -> str | None:
    """The name a ``for`` iterates over: ``STEPS``, ``sorted(STEPS)``, ``enumerate(STEPS)``,
    ``STEPS.items()``."""
    while True:
        if isinstance(e, ast.Name):
            return e.id
        if isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and len(e.args) == 1:
            e = e.args[0]
        elif isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) and not e.args:
            e = e.func.value
        else:
            return None


def _runs_step(loop: ast.For | ast.AsyncFor) -> bool:
    """The loop's body calls one of the names its target binds, or hands one to a call."""
    bound = {n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name)}
    for stmt in loop.body:
        for n in ast.walk(stmt):
            if not isinstance(n, ast.Call):
                continue
            if isinstance(n.func, ast.Name) and n.func.id in bound:
                return True
            if any(isinstance(a, ast.Name) and a.id in bound for a in n.args):
                return True
    return False


def _sql_tables(
    pattern: re.Pattern[str],
    body: list[ast.stmt],
    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef],
) -> set[str]:
    """The tables ``pattern`` finds in the string constants of ``body`` and of the module
    functions it calls by name (one level down), lower-cased."""
    nodes: list[ast.AST] = list(body)
    for stmt in body:
        for n in ast.walk(stmt):
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in functions:
                nodes.extend(functions[n.func.id].body)
    out: set[str] = set()
    for node in nodes:
        for n in ast.walk(node):
            if isinstance(n, ast.Constant) and isinstance(n.value, str):
                out.update(t.lower() for t in pattern.findall(n.value))
    return out


#: Words a function's name joins to say that it builds the schema (``init_db``,
#: ``create_tables``, ``setup_database``): one of each.
_SCHEMA_VERBS = frozenset({"init", "initialize", "initialise", "create", "setup", "build"})
_SCHEMA_OBJECTS = frozenset({"db", "database", "table", "tables", "schema", "models"})
#: What code that builds tables writes: ``Base.metadata.create_all``, ``op.create_table(``.
_BUILDS_TABLES = (b"create_all", b"create_table(")


def schema_built_elsewhere(project: Project) -> str | None:
    """See :attr:`Project.schema_built_elsewhere`."""
    if project.alembic_evidence() or project.alembic_in_code or project.handwritten_migrations:
        return None
    found: str | None = None
    app = [m for m in project.by_path.values() if m.file_class == "app"]
    for m in sorted(app, key=lambda m: m.path):
        if m.ddl:
            return None  # it runs its own DDL
        for fn in m.functions.values():
            if found is None and fn.class_qname is None and _refuses_to_build(project, m.path, fn):
                found = f"{m.path}:{fn.line}"
    if found is None:
        return None
    for m in app:
        data = project.repo.read_bytes(m.path)
        if data is None or any(w in data for w in _BUILDS_TABLES):
            return None  # the application builds some tables itself (or may)
    return found


def _refuses_to_build(project: Project, path: str, fn: Function) -> bool:
    """``fn`` is named for building the schema (:data:`_SCHEMA_VERBS`,
    :data:`_SCHEMA_OBJECTS`) and its body, a docstring aside, is one ``raise`` of an error
    other than ``NotImplementedError`` (a stub still to write)."""
    words = set(fn.name.lower().split("_"))
    if not fn.never_returns or not (words & _SCHEMA_VERBS and words & _SCHEMA_OBJECTS):
        return False
    data = project.repo.read_bytes(path)
    try:
        tree = ast.parse(data) if data is not None else None
    except (SyntaxError, ValueError):
        return False
    node = next(
        (
            n
            for n in (tree.body if tree is not None else [])
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == fn.name
        ),
        None,
    )
    if node is None:
        return False
    body = node.body[1:] if ast.get_docstring(node) is not None else node.body
    if len(body) != 1 or not isinstance(body[0], ast.Raise) or body[0].exc is None:
        return False
    exc = body[0].exc
    callee = exc.func if isinstance(exc, ast.Call) else exc
    return not (isinstance(callee, ast.Name) and callee.id == "NotImplementedError")


def base_of(project: Project, qname: str) -> str | None:
    """The declarative base (or ``MetaData`` binding, or ``sqlmodel.SQLModel``) whose
    metadata ``qname`` (a base, a model class or a ``MetaData`` name) stands for."""
    canon = project.canonical_name(qname) or qname
    bases = project.declarative_bases
    for q in (qname, canon):
        if q in bases or q == "sqlmodel.SQLModel":
            return q
    cls = project.class_(canon)
    if cls is not None:
        anc = project.ancestors(cls.qname)
        found = sorted(b for b in bases if b in anc)
        if found:
            return found[0]
        if "sqlmodel.SQLModel" in anc:
            return "sqlmodel.SQLModel"
        return None
    r = project.resolve(canon)
    if (
        isinstance(r, Binding)
        and r.value
        and isinstance(r.value, Call)
        and qname_of(r.value) in METADATA
    ):
        return r.qname
    return None


def alembic_targets(project: Project) -> set[str]:
    """The bases whose metadata Alembic's ``env.py`` migrates (``target_metadata =
    Base.metadata``, ``target_metadata = (Base.metadata, Other.metadata)``, or any
    ``X.metadata`` it names), when they can be followed."""
    out: set[str] = set()
    for m in project.by_path.values():
        if m.file_class != "alembic-env":
            continue
        values = [
            item for v in m.bindings.values() for item in (v.items if isinstance(v, Seq) else (v,))
        ]
        names = list(m.imports.values()) + [
            qname_of(v) for v in values if isinstance(v, Name) and v.qname
        ]
        for q in names:
            if q and q.endswith(".metadata"):
                base = base_of(project, q.removesuffix(".metadata"))
                if base is not None:
                    out.add(base)
    return out


def app_of(project: Project, ref: str | None) -> AppInstance | None:
    """The F3 FastAPI instance a test refers to: the app itself (``app.main.app``), or a
    factory function whose call builds it (``app.main.create_app``)."""
    if not ref:
        return None
    inst = project.app_for(ref)
    if inst is None:
        fn = project.function(ref)
        if fn is not None:
            for value in fn.return_values:
                if isinstance(value, Name) and value.dotted and "." not in value.dotted:
                    inst = project.apps.get(f"{fn.qname}.<locals>.{value.dotted}")
                    if inst is not None:
                        break
    return inst if inst is not None and inst.kind == "app" else None


def renamed_config_key(key: str, project: Project) -> str:
    """The Pydantic v2 name of a renamed v1 ``class Config`` key (for the installed version)."""
    if key == POPULATE_BY_NAME_V1 and project is not None:
        v = project.inventory.version("pydantic")
        if v is not None and v[0] == 2 and v < (2, 11):
            return "populate_by_name"
    return V1_RENAMED_CONFIG_KEYS[key]


def _entry_point_modules(value: object) -> list[str]:
    """``"pkg.testing"`` / ``"pkg.plugin:obj"`` entry point values: their module names."""
    values = value.values() if isinstance(value, dict) else [value]
    return [v.split(":", 1)[0].strip() for v in values if isinstance(v, str)]


def _entry_points_txt(text: str) -> list[str]:
    """The ``[pytest11]`` modules of an ``entry_points.txt`` (INI: ``name = module``)."""
    import configparser

    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    try:
        parser.read_string(text)
    except configparser.Error:
        return []
    if not parser.has_section("pytest11"):
        return []
    return _entry_point_modules(dict(parser.items("pytest11")))


def pytest_plugin_modules(project: Project) -> frozenset[str]:
    """Project modules pytest loads as plugins, whose fixtures every test can use like a
    ``conftest.py``'s: registered as a ``pytest11`` entry point (``pyproject.toml``'s
    ``[project.entry-points.pytest11]`` or Poetry's ``plugins``, ``setup.cfg``, the
    ``entry_points.txt`` of the wheel's ``.dist-info`` in or beside the audited folder), or
    named in a test module's ``pytest_plugins``."""
    from auditor.inventory import dist_info_beside

    names: list[str] = []
    data = project.configs.pyproject or {}
    for keys in (("project", "entry-points"), ("tool", "poetry", "plugins")):
        table: object = data
        for key in keys:
            table = table.get(key) if isinstance(table, dict) else None
        if isinstance(table, dict):
            names += _entry_point_modules(table.get("pytest11"))
    cfg = project.configs.ini("setup.cfg") if project.repo.exists("setup.cfg") else None
    if cfg is not None and cfg.has_option("options.entry_points", "pytest11"):
        for line in cfg.get("options.entry_points", "pytest11").splitlines():
            if "=" in line:
                names += _entry_point_modules(line.split("=", 1)[1])
    for path in project.repo.files:
        p = posix_path(path)
        if len(p.parts) == 2 and p.parts[0].endswith(".dist-info") and p.name == "entry_points.txt":
            names += _entry_points_txt(project.read_text(path) or "")
    beside = dist_info_beside(project.repo)
    if beside is not None:
        try:
            names += _entry_points_txt((beside / "entry_points.txt").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            pass
    for m in project.by_path.values():
        if m.file_class != "test":
            continue
        value = m.bindings.get("pytest_plugins")
        items = [value] if isinstance(value, Lit) else getattr(value, "items", ())
        names += [i.value for i in items if isinstance(i, Lit) and isinstance(i.value, str)]
    found = (project.module_for(name) for name in names)
    return frozenset(p.module for p in found if p is not None)


#: Files that may start a server by an import string (``uvicorn pkg.main:app --host ...``).
_COMMAND_FILES = ("Dockerfile", "Procfile", "Makefile", "docker-compose")
_COMMAND_SUFFIXES = (".sh", ".yml", ".yaml", ".toml", ".ini", ".cfg", ".json", ".service", ".conf")


def _site_app(project: Project, key: str | None) -> AppInstance | None:
    """The app a server site serves (:attr:`ServerSite.serves <auditor.facts.ServerSite>`):
    a name, an import string (``pkg.main:app``, or a factory's ``pkg.main:create_app``,
    followed through the factories it calls), what a project factory returns
    (``pkg.build_app()``), or item ``i`` of the tuple one returns (``pkg.build_app[0]``);
    None when the model cannot name it."""
    if key is None:
        return None
    if ":" in key:
        return instance_of(project, Lit(key), None)
    if key.endswith("]"):
        return _unpacked_app(project, key)
    if key.endswith("()"):
        fn = project.function(key[:-2])
        return _product(project, fn, 1) if fn is not None else None
    return project.app_for(key) or project.apps.get(key)


def _unpacked_app(project: Project, key: str) -> AppInstance | None:
    """The app ``quickstart.build_app[0]`` names: item 0 of every tuple the project
    function returns, when each is the same local app of that function."""
    callee, _, index = key[:-1].rpartition("[")
    fn = project.function(callee)
    if fn is None or not index.isdigit() or not fn.return_values:
        return None
    found = None
    for value in fn.return_values:
        if not isinstance(value, Seq) or len(value.items) <= int(index):
            return None
        item = value.items[int(index)]
        if not isinstance(item, Name) or not item.dotted or "." in item.dotted:
            return None
        inst = project.apps.get(f"{fn.qname}.<locals>.{item.dotted}")
        if inst is None or (found is not None and inst is not found):
            return None
        found = inst
    return found


def _mounted(project: Project, inst: AppInstance) -> bool:
    """``inst`` is mounted into another app (``api.mount("/tools", inst)``)."""
    for other in project.app_instances:
        for mc in other.includes:
            if mc.method == "mount" and other is not inst:
                e = arg(mc.call, 1) or kwarg(mc.call, "app")
                if instance_of(project, e, mc.function) is inst:
                    return True
    return False


def site_host(project: Project, site: ServerSite) -> str:
    """Where a server site listens, as :attr:`ServerSite.host <auditor.facts.ServerSite>`
    says, with a host parameter (``def start(host="127.0.0.1")``) settled: ``loopback``
    when every caller of the function keeps that default, ``other`` otherwise."""
    if site.host_param is None:
        return site.host
    return "loopback" if project.callers_keep_default(*site.host_param) else "other"


def callers_keep_default(project: Project, function: str, param: str) -> bool:
    """The project calls the plain function ``function`` (no method: the model does not
    bind ``self``), and none of those calls passes ``param``: not by keyword, not by
    position, no ``*args`` / ``**kwargs`` that might hold it."""
    fn = project.function(function)
    sites = project.call_sites.get(function, [])
    if fn is None or fn.class_qname is not None or not sites:
        return False
    positional = [p.name for p in fn.params if p.kind in ("posonly", "arg")]
    index = positional.index(param) if param in positional else None
    trees: dict[str, ast.Module | None] = {}
    for caller, site in sites:
        m = project.modules.get(caller.module)
        if m is None:
            return False
        if m.path not in trees:
            trees[m.path] = _parsed(project, m)
        call = _call_at(trees[m.path], site.line, site.column)
        if call is None or _passes(call, param, index):
            return False
    return True


def _call_at(tree: ast.Module | None, line: int, column: int) -> ast.Call | None:
    """The call written at ``line``:``column`` (1-based, as the facts count) of ``tree``."""
    for node in ast.walk(tree) if tree is not None else ():
        if isinstance(node, ast.Call) and (node.lineno, node.col_offset + 1) == (line, column):
            return node
    return None


def _passes(call: ast.Call, param: str, index: int | None) -> bool:
    """``call`` may pass the parameter ``param`` (at positional ``index``, if any)."""
    if any(isinstance(a, ast.Starred) for a in call.args):
        return True
    if any(kw.arg is None or kw.arg == param for kw in call.keywords):
        return True
    return index is not None and len(call.args) > index


def built_for_host(project: Project, inst: AppInstance) -> bool:
    """``inst`` is built, in a function, by what an entry point of a plugin group names
    (:attr:`Project.plugin_entry_points <auditor.project.Project.plugin_entry_points>`):
    the function itself (``pkg.module:create_app``) or a method of the class it names
    (``pkg.module:Plugin``, whose ``create_app`` builds the app); and no server of the
    project serves it, or an app the model cannot name.  The host program that loads the
    plugin mounts that app into its own and serves it: the process, its probes and its
    logging belong to the host."""
    fn = project.function(inst.function) if inst.function else None
    if fn is None or inst.kind != "app":
        return False
    named = {f"{module}.{attr}" for module, attr in project.plugin_entry_points if attr}
    if fn.qname not in named and (fn.class_qname is None or fn.class_qname not in named):
        return False
    for _path, site in project.server_sites:
        served = _site_app(project, site.serves)
        if served is inst or (served is None and not site.foreign):
            return False
    return True


def served_only_on_loopback(
    project: Project, inst: AppInstance, main_block: bool, literal: bool = False
) -> bool:
    """Every server the project starts ``inst`` with listens on the local machine only: a
    literal loopback host (``uvicorn.run(app, host="127.0.0.1")``: a single-user local tool,
    a one-shot OAuth callback listener) or uvicorn's default host (127.0.0.1).
    There must be such a server, and nothing else that could serve the app elsewhere: a
    mount into another app, a server whose host is configurable, a server handed an app
    the model cannot name, an import string naming the app (or its factory) in code or in
    a command file (a Dockerfile, a Procfile; with a server on the default host, a README
    or text file too).
    An app built in a ``__main__`` block (``main_block``) exists only when its module runs
    as a script: only that module's servers can serve it.  With ``literal``, a server on
    the default host does not count as local (nobody chose it: a ``uvicorn.run(app)`` for
    development, the app deployed by other means)."""
    allowed = {"loopback"} if literal else {"loopback", "default"}
    if _mounted(project, inst):
        return False  # served under another app's path too, wherever that one listens
    mine = 0
    default = False  # a server on uvicorn's default host (127.0.0.1) serves it
    strings: set[str] = set()
    for path, site in project.server_sites:
        if main_block and path != inst.path:
            continue
        key = site.serves
        served = _site_app(project, key)
        host = site_host(project, site)
        if served is None:
            if host != "loopback" and not site.foreign:
                return False  # a server of some app the model cannot name, maybe this one
            continue
        if served is not inst:
            continue
        if host not in allowed:
            return False
        mine += 1
        default = default or host == "default"
        if key is not None and ":" in key:
            strings.add(key)
    launches = _command_launches(project, inst)
    if launches is None:
        return False  # an import string naming the app that is no command: may serve it
    for text, host in launches:
        if host not in allowed:
            return False
        mine += 1
        default = default or host == "default"
        strings.add(text)
    if not mine:
        return False
    if main_block:
        return True  # the name exists only while the module runs as a script
    return not _named_by_import_string(project, inst, strings, default)


def _command_launches(project: Project, inst: AppInstance) -> list[tuple[str, str]] | None:
    """The uvicorn command lines the project's code writes for ``inst``, as (import string,
    host kind as :func:`auditor.recognisers.server_host_kind` gives it): an argument list
    (``[sys.executable, "-m", "uvicorn", "pkg.shim:app", "--host", "127.0.0.1"]``) or a
    command in a string (the module's usage line ``uvicorn pkg.shim:app --host
    127.0.0.1``).  None when a string of the code names the app otherwise (held for a
    server the model does not see); a string handed to a server call the model reads
    (``uvicorn.run("pkg.shim:app", host=...)``) is that server's site."""
    attr = inst.qname.rpartition(".")[2]
    if ".<locals>." in inst.qname:
        return []
    out: list[tuple[str, str]] = []
    for m in project.by_path.values():
        named = [
            text
            for text in m.import_strings
            if text.partition(":")[2] == attr
            and project.module_for(text.partition(":")[0]) is inst.module
        ]
        if not named:
            continue
        tree = _parsed(project, m)
        if tree is None:
            return None
        sites = {site.line for site in m.servers}
        parents = {c: n for n in ast.walk(tree) for c in ast.iter_child_nodes(n)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            for text in {t for t in named if t in node.value}:
                hosts = _launch_hosts(node, parents.get(node), text, sites)
                if hosts is None:
                    return None
                out.extend((text, host) for host in hosts)
    return out


#: The options that set where uvicorn's command line listens (``uvicorn --help``: ``--host``,
#: default 127.0.0.1).
_HOST_OPTION = "--host"


def _launch_hosts(
    node: ast.Constant, up: ast.AST | None, text: str, sites: set[int]
) -> list[str] | None:
    """Where each uvicorn command holding ``text`` in ``node`` listens (``loopback``,
    ``default``, ``other``); none for a server call's argument the model reads as a site;
    None when ``node`` holds ``text`` outside a uvicorn command."""
    if isinstance(up, (ast.List, ast.Tuple)):
        items = up.elts
        at = next(i for i, e in enumerate(items) if e is node)
        if not any(_literal(e) == "uvicorn" for e in items[:at]):
            return None
        rest = items[at + 1 :]
        if any(isinstance(e, ast.Starred) for e in rest):
            return ["other"]  # expanded arguments may set the host
        return [_host_kind([_literal(e) for e in rest])]
    if isinstance(up, (ast.Call, ast.keyword)) and node.lineno in sites:
        return []
    out = []
    for line in str(node.value).replace("\\\n", " ").splitlines():
        if text not in line:
            continue
        try:
            words = shlex.split(line)
        except ValueError:
            return None
        if text not in words or "uvicorn" not in words[: words.index(text)]:
            return None
        out.append(_host_kind(words[words.index(text) + 1 :]))
    return out


def _literal(e: ast.expr) -> str | None:
    return e.value if isinstance(e, ast.Constant) and isinstance(e.value, str) else None


def _host_kind(args: Sequence[str | None]) -> str:
    """``loopback`` when the arguments after the import string bind a literal loopback host,
    ``default`` when they set none, ``other`` for another host or one the code computes
    (``None``: an argument that is no literal)."""
    for i, a in enumerate(args):
        if a is None:
            continue
        value = args[i + 1] if a == _HOST_OPTION and i + 1 < len(args) else None
        if a.startswith(_HOST_OPTION + "="):
            value = a.partition("=")[2]
        elif a != _HOST_OPTION:
            continue
        if value is not None and (value in LOOPBACK_HOSTS or value.startswith("127.")):
            return "loopback"
        return "other"
    return "default"


#: FastMCP's class, as its modules export it: ``FastMCP.from_fastapi(app)`` turns an app's
#: routes into MCP tools and calls them in-process (httpx's ``ASGITransport``).
_FASTMCP = frozenset({"fastmcp.FastMCP", "fastmcp.server.FastMCP", "fastmcp.server.server.FastMCP"})


def mcp_bridge(project: Project, inst: AppInstance) -> str | None:
    """The name of the FastMCP server that ``inst`` is only handed to, when it is served
    through FastMCP alone (``mcp = FastMCP.from_fastapi(app=app)``; "" when the server is
    not bound to a name), else None.  ``inst`` is a module-level app whose name its module
    uses only to call its methods (``app.include_router``), in its routes' decorators and in
    ``from_fastapi``; no other module imports it, nothing mounts it, no server of the project
    serves it or an app the model cannot name, and no import string or command names it:
    nothing serves it over HTTP, FastMCP calls it in-process."""
    if (
        inst.kind != "app"
        or inst.function is not None
        or not any(imp.module.partition(".")[0] == "fastmcp" for imp in inst.module.import_list)
    ):
        return None
    name = inst.qname.rpartition(".")[2]
    found = _bridged_only(project, inst, name)
    if found is None or _mounted(project, inst):
        return None
    for _path, site in project.server_sites:
        if _site_app(project, site.serves) in (None, inst):
            return None  # a server of this app, or of one the model cannot name
    for m in project.modules.values():
        if m is not inst.module and any(imp.module == inst.qname for imp in m.import_list):
            return None
    if _named_by_import_string(project, inst, set(), True):
        return None
    return found


def _bridged_only(project: Project, inst: AppInstance, name: str) -> str | None:
    """The name the FastMCP server built from ``inst`` is bound to ("" if none), when every
    other use of ``inst``'s name in its module is an attribute of it (``app.include_router``,
    ``@app.get``) or its binding; else None."""
    try:
        tree = ast.parse(project.repo.read_bytes(inst.path) or b"")
    except (SyntaxError, ValueError):
        return None
    fastmcp = {n for n, q in inst.module.imports.items() if q in _FASTMCP}
    parents = {c: n for n in ast.walk(tree) for c in ast.iter_child_nodes(n)}
    server: str | None = None
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Name) and node.id == name):
            continue
        up = parents.get(node)
        if isinstance(up, ast.Attribute) and up.value is node and isinstance(node.ctx, ast.Load):
            continue  # ``app.include_router(...)``, ``@app.get(...)``
        if (
            isinstance(node.ctx, ast.Store)
            and isinstance(up, (ast.Assign, ast.AnnAssign))
            and up.lineno == inst.line
        ):
            continue  # its binding
        call = parents.get(up) if isinstance(up, ast.keyword) else up
        if not (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "from_fastapi"
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id in fastmcp
            and (call.args[:1] == [node] or (isinstance(up, ast.keyword) and up.arg == "app"))
        ):
            return None  # handed on, returned, rebound: something else may serve it
        target = parents.get(call)
        bound = (
            target.targets[0].id
            if isinstance(target, ast.Assign)
            and len(target.targets) == 1
            and isinstance(target.targets[0], ast.Name)
            else ""
        )
        server = bound if server is None or server == bound else ""
    return server


#: FastMCP's class, in FastMCP and in the MCP SDK (``from mcp.server.fastmcp import
#: FastMCP``, the SDK's README, "Quickstart").
_MCP_SERVERS = _FASTMCP | frozenset(
    {"mcp.server.fastmcp.FastMCP", "mcp.server.fastmcp.server.FastMCP"}
)
#: The decorators that register a function on a FastMCP server (``@mcp.tool``,
#: ``@mcp.resource("data://x")``, ``@mcp.prompt``: gofastmcp.com/servers/tools, /resources,
#: /prompts).
MCP_REGISTRARS = frozenset({"tool", "resource", "prompt"})
#: A command that runs a server file the code never starts itself (``fastmcp run
#: server.py``, gofastmcp.com/deployment/cli; the SDK's ``mcp run`` / ``mcp dev`` / ``mcp
#: install``), or FastMCP's project file (``fastmcp.json``), in a command or text file.
_MCP_COMMAND = lazy_compile(rb"\b(?:fastmcp|mcp)\s+(?:run|dev|install|inspect)\b|fastmcp\.json")


def mcp_registrations(project: Project) -> dict[str, str]:
    """Function qname -> the module-level FastMCP server (``mcp = FastMCP("name")``) a
    decorator of :data:`MCP_REGISTRARS` registers it on: FastMCP calls it for an MCP client,
    with its own dependency injection (``fastmcp.dependencies.Depends``), never FastAPI's."""
    out: dict[str, str] = {}
    for m in project.modules_of_class("app"):
        for fn in m.functions.values():
            for d in fn.decorators:
                server, _, attr = (qname_of(d) or "").rpartition(".")
                if attr in MCP_REGISTRARS and _mcp_server(project, server):
                    out[fn.qname] = server
                    break
    return out


def _mcp_server(project: Project, qname: str) -> bool:
    """``qname`` is a module-level name bound to ``FastMCP(...)``."""
    module, _, name = qname.rpartition(".")
    m = project.modules.get(module)
    return m is not None and qname_of(m.bindings.get(name)) in _MCP_SERVERS


def unstarted_mcp_servers(project: Project, servers: Iterable[str]) -> frozenset[str]:
    """Those of the FastMCP ``servers`` (module-level qnames) that nothing starts: their
    module uses the name only to bind it and in registration decorators (no ``mcp.run()``,
    ``mcp.http_app()`` to mount, no handing on or returning), no other module imports it
    (nor imports its module and writes the name), no import string names it, and no command
    or text file runs a server file through FastMCP's or the SDK's command line.  The
    functions registered on it never run."""
    out: set[str] = set()
    by_module: dict[str, list[str]] = defaultdict(list)
    for q in servers:
        by_module[q.rpartition(".")[0]].append(q)
    if not by_module or _mcp_command_named(project):
        return frozenset()
    for module, qnames in by_module.items():
        m = project.modules.get(module)
        if m is None:
            continue
        tree = _parsed(project, m)
        for q in qnames:
            name = q.rpartition(".")[2]
            if (
                tree is not None
                and _only_registers(tree, name, m.binding_lines.get(name))
                and not _named_elsewhere(project, m, name)
            ):
                out.add(q)
    return frozenset(out)


def _parsed(project: Project, m: ModuleFacts) -> ast.Module | None:
    try:
        return ast.parse(project.repo.read_bytes(m.path) or b"")
    except (SyntaxError, ValueError):
        return None


def _only_registers(tree: ast.Module, name: str, line: int | None) -> bool:
    """Every use of the module-level ``name`` in ``tree`` is its binding (at ``line``) or the
    receiver of a registration decorator (``@name.tool``, ``@name.tool(...)``)."""
    parents = {c: n for n in ast.walk(tree) for c in ast.iter_child_nodes(n)}
    decorators = {
        id(d.func if isinstance(d, ast.Call) else d)
        for n in ast.walk(tree)
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
        for d in n.decorator_list
    }
    for node in ast.walk(tree):
        if isinstance(node, (ast.Global, ast.Nonlocal)) and name in node.names:
            return False  # rebound in a function
        if not (isinstance(node, ast.Name) and node.id == name):
            continue
        up = parents.get(node)
        if isinstance(node.ctx, ast.Store):
            if not (
                isinstance(up, (ast.Assign, ast.AnnAssign))
                and up.lineno == line
                and parents.get(up) is tree
            ):
                return False
        elif not (
            isinstance(up, ast.Attribute) and up.attr in MCP_REGISTRARS and id(up) in decorators
        ):
            return False  # ``mcp.run()``, ``mcp.http_app()``, ``mount(..., mcp)``, ``return mcp``
    return True


def _named_elsewhere(project: Project, m: ModuleFacts, name: str) -> bool:
    """Another module imports ``name`` from ``m``, or imports ``m`` and writes the name
    (``server.mcp.run()``), or an import string names it (``"pkg.server:mcp"``)."""
    qname = f"{m.module}.{name}"
    files = project.files_naming([name])
    for other in project.modules.values():
        if other is m:
            continue
        if any(text.partition(":")[::2] == (m.module, name) for text in other.import_strings):
            return True
        for imp in other.import_list:
            if imp.module == qname:
                return True
            if (imp.module == m.module or imp.module.startswith(m.module + ".")) and (
                other.path in files
            ):
                return True
    return False


def _mcp_command_named(project: Project) -> bool:
    """A command or text file of the project runs a server file through FastMCP's or the
    MCP SDK's command line (:data:`_MCP_COMMAND`), which finds the server object itself."""
    suffixes = (*_COMMAND_SUFFIXES, ".md", ".rst", ".txt")
    for path in project.repo.files:
        name = path.rpartition("/")[2]
        if name.startswith(_COMMAND_FILES) or name.endswith(suffixes):
            data = project.repo.read_bytes(path)
            if data is not None and _MCP_COMMAND.search(data):
                return True
    return False


def _imported(project: Project, module: str) -> bool:
    """Some module of the project imports ``module`` (or a name from it)."""
    return any(
        imp.module == module or imp.module.rpartition(".")[0] == module
        for other in project.modules.values()
        if other.module != module
        for imp in other.import_list
    )


def stale_copy(project: Project, path: str) -> bool:
    """The module at ``path`` is an old copy of a live module: the applications never reach
    it (the project's applications are known), every top-level class it defines is defined
    under the same name in a live module, and either the copy sits in
    a package of its own (:func:`_stale_package`) or beside the live module in its package,
    where nothing imports, runs or names the copy itself (:func:`_stale_sibling`)."""
    m = project.by_path.get(path)
    if m is None or m.is_package or project.reaches(m) is not False:
        return False
    package = m.module.rpartition(".")[0]
    own = _own_classes(m)
    if not own:
        return False
    return _stale_sibling(project, m, package, own) or _stale_package(project, package, own)


def _own_classes(m: ModuleFacts) -> set[str]:
    """The names of the top-level classes ``m`` defines."""
    return {c.name for c in m.classes.values() if c.qname == f"{m.module}.{c.name}"}


def _stale_package(project: Project, package: str, own: set[str]) -> bool:
    """Every class of ``own`` is defined under the same name in one module of another
    package than ``package`` that the project imports (the live copy, which a command may
    run), and nothing outside ``package`` imports or names it (no import, no import string,
    no mention in a file that is not Python: an entry point).  A module of the
    distribution's top-level package has no such package of its own to tell apart."""
    if "." not in package:
        return False
    if not any(
        own <= _own_classes(r) and _imported(project, r.module)
        for r in project.modules.values()
        if not r.module.startswith(package + ".")
    ):
        return False
    for other in project.modules.values():
        if other.module == package or other.module.startswith(package + "."):
            continue
        names = [imp.module for imp in other.import_list]
        names += [t.partition(":")[0] for t in other.import_strings]
        if any(n == package or n.startswith(package + ".") for n in names):
            return False
    return not _mentioned_outside_python(project, package)


def _stale_sibling(project: Project, m: ModuleFacts, package: str, own: set[str]) -> bool:
    """``m`` is a copy kept beside its live module (``handler_backup.py`` beside
    ``handler.py``): another module of the same package, which the applications reach,
    defines every class of ``own`` under the same name, while no module imports ``m`` or a
    name from it, no import string or ``importlib`` call names it, it starts no server and
    runs nothing as a program, and no file that is not Python mentions its dotted name (a
    command that runs it)."""
    if m.main_calls or m.servers or _imported(project, m.module):
        return False
    if not any(
        r is not m
        and r.module.rpartition(".")[0] == package
        and own <= _own_classes(r)
        and project.reaches(r) is True
        for r in project.modules.values()
        if not r.is_package
    ):
        return False
    for other in project.modules.values():
        names = [t.partition(":")[0] for t in other.import_strings]
        names += [
            e.value
            for e in other.dynamic_imports
            if isinstance(e, Lit) and isinstance(e.value, str)
        ]
        if m.module in names:
            return False
    return not _mentioned_outside_python(project, m.module)


def _mentioned_outside_python(project: Project, dotted: str) -> bool:
    """A file of the tree that is not Python writes ``dotted`` (an entry point, a command
    that runs it, a document)."""
    mention = dotted.encode()
    return any(
        not file.endswith(".py") and mention in (project.repo.read_bytes(file) or b"")
        for file in project.repo.files
    )


def _named_by_import_string(
    project: Project, inst: AppInstance, strings: set[str], texts: bool
) -> bool:
    """An import string names ``inst`` (or, for a factory's app, its factory) in code,
    besides the server sites already judged (``strings``), or in a command file (a
    Dockerfile, a Procfile; with ``texts``, a README or text file too): something may serve
    it on any host."""
    module, attr = inst.module.module, inst.qname.rpartition(".")[2]
    for m in project.by_path.values():
        for text in m.import_strings:
            name, _, a = text.partition(":")
            target = project.module_for(name)
            if target is inst.module and a == attr and text not in strings:
                return True  # served by an import string elsewhere
    short = module.rpartition(".")[2]
    needles = [f"{short}:{attr}"]
    if ".<locals>." in inst.qname:  # built by a factory: ``uvicorn pkg.main:create_app --factory``
        needles.append(f"{short}:{inst.qname.partition('.<locals>.')[0].rpartition('.')[2]}")
    # a default host is a choice nobody wrote: a README's ``uvicorn main:app --host 0.0.0.0``
    # may be how the app is really served
    suffixes = (*_COMMAND_SUFFIXES, ".md", ".rst", ".txt") if texts else _COMMAND_SUFFIXES
    for path in project.repo.files:
        name = path.rpartition("/")[2]
        if name.startswith(_COMMAND_FILES) or name.endswith(suffixes):
            content = project.read_text(path)
            if content is not None and any(n in content for n in needles):
                return True  # a command that may serve it on any host
    return False


#: The keywords that move or remove the docs pages and the schema ``FastAPI()`` serves.
_DOCS_KEYWORDS = ("openapi_url", "docs_url", "redoc_url")


def _keeps_default_docs(project: Project, inst: AppInstance) -> bool:
    """``inst`` is built by ``FastAPI(...)`` with none of :data:`_DOCS_KEYWORDS` and no
    ``**`` expansion, and keeps the router it was built with: ``FastAPI.__init__`` put
    ``/openapi.json``, ``/docs``, ``/docs/oauth2-redirect`` and ``/redoc`` on it, before
    any route, router or mount the code adds."""
    call = inst.call
    return (
        inst.kind == "app"
        and qname_of(call) == FASTAPI
        and not call.has_star
        and all(kwarg(call, k) is None for k in _DOCS_KEYWORDS)
        and inst.qname not in project.schemaless_apps
    )


def served_only_under_root_mounts(project: Project, inst: AppInstance) -> bool:
    """``inst`` is served only mounted at the root of other apps that keep their default
    docs routes (``app.mount("/", ui_app)`` under ``app = FastAPI(title=...)``): the
    parent's own ``/openapi.json``, ``/docs`` and ``/redoc`` come first on its router, so
    those paths never reach ``inst``, whose docs and schema are not served.  Every mount
    of ``inst`` must be such a one (a mount under a prefix serves its docs there, one on a
    receiver the model cannot identify may), no server may serve it directly or be handed
    an app the model cannot name (on another host than a literal loopback one), and no
    import string or command file may name it."""
    if inst.kind != "app":
        return False
    mounts = 0
    for m in project.modules_of_class("app"):
        for mc in m.method_calls:
            if mc.method != "mount":
                continue
            if (
                instance_of(project, arg(mc.call, 1) or kwarg(mc.call, "app"), mc.function)
                is not inst
            ):
                continue
            parent = project.app_for(mc.receiver) or project.receiver_in_function(
                mc.receiver_text, mc.function
            )
            path = arg(mc.call, 0) or kwarg(mc.call, "path")
            if parent is None or parent is inst or not (is_lit(path, "/") or is_lit(path, "")):
                return False
            if not _keeps_default_docs(project, parent):
                return False
            mounts += 1
    if not mounts:
        return False
    for _, site in project.server_sites:
        served = _site_app(project, site.serves)
        if served is inst or (
            served is None and site_host(project, site) != "loopback" and not site.foreign
        ):
            return False
    return not _named_by_import_string(project, inst, set(), texts=False)


def route_served_only_on_loopback(project: Project, function: str) -> bool:
    """``function`` is the handler of at least one route, and every app each of its routes
    reaches (through the routers that include it) is :func:`served_only_on_loopback` on a
    literal loopback host: its clients are processes of the local machine.  A router at the top of a chain that is not
    an app (included by code the model cannot follow) makes the answer no."""
    routes = [r for r in project.routes if r.function.qname == function]
    if not routes:
        return False
    for route in routes:
        apps = 0
        for inst in project.include_chain(route.receiver):
            if inst.kind == "app":
                apps += 1
                if not project.served_only_on_loopback(inst, literal=True):
                    return False
            elif not inst.included_by:
                return False  # a router included where the model cannot see
        if not apps:
            return False
    return True


#: A store of attribute ``NAME`` outside its module (``settings.debug = True``,
#: ``cfg.debug += 1``) or a ``setattr(..., "NAME", ...)``; ``{name}`` is filled in.
_ATTRIBUTE_STORE = r"\.\s*{name}\s*(?::[^=\n]*)?(?:[-+*/%|&^@]|//|<<|>>|\*\*)?=(?!=)|setattr\([^)]*['\"]{name}['\"]"


def constant_flag(project: Project, qname: str) -> Lit | None:
    """The literal a module-level name certainly holds whenever the application runs
    (``debug = False`` in ``pkg/settings.py``, read as ``settings.debug``), or None.

    Proved from the code, not guessed: the name's only binding in its module is one
    unconditional top-level ``NAME = <literal>`` (no other store, ``del``, ``global``,
    import of the same name, star import or ``globals()`` in that module), and no other
    module of the application assigns the attribute (``settings.debug = True``,
    ``setattr(settings, "debug", ...)``).  A value read from the environment is not a
    literal, so it stays unknown; tests (which may patch it) do not count."""
    bound = project.resolve(qname)
    if not isinstance(bound, Binding) or not isinstance(bound.value, Lit):
        return None
    name, module = bound.name, bound.module
    data = project.repo.read_bytes(module.path)
    if not data or b"globals()" in data:
        return None
    try:
        tree = ast.parse(data)
    except (SyntaxError, ValueError):
        return None
    if not _bound_once_at_top(tree, name):
        return None
    store = re.compile(_ATTRIBUTE_STORE.format(name=re.escape(name)))
    for m in project.by_path.values():
        if m.file_class == "test" or m is module:
            continue
        other = project.repo.read_bytes(m.path)
        if other and name.encode() in other and store.search(other.decode(errors="replace")):
            return None
    return bound.value


def _bound_once_at_top(tree: ast.Module, name: str) -> bool:
    """``name`` is bound exactly once in the module, by an unconditional statement of its
    top level (``NAME = value`` / ``NAME: T = value``), and nothing else may rebind it."""
    top = [
        s
        for s in tree.body
        if isinstance(s, ast.Assign | ast.AnnAssign)
        and any(isinstance(t, ast.Name) and t.id == name for t in _targets(s))
    ]
    stores = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == name and not isinstance(node.ctx, ast.Load):
            stores += 1
        elif _may_rebind(node, name):
            return False
    return len(top) == 1 and stores == 1


def _may_rebind(node: ast.AST, name: str) -> bool:
    """``node`` binds ``name`` otherwise than by a plain store: ``global`` / ``nonlocal``,
    an import of that name or a star import, a ``def`` or ``class`` of that name."""
    if isinstance(node, ast.Global | ast.Nonlocal):
        return name in node.names
    if isinstance(node, ast.Import | ast.ImportFrom):
        return any(
            a.name == "*" or (a.asname or a.name.partition(".")[0]) == name for a in node.names
        )
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return node.name == name
    return False


def _targets(stmt: ast.Assign | ast.AnnAssign) -> list[ast.expr]:
    return stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]


#: A path parameter that is a whole segment of a route's path (``{name}``,
#: ``{name:converter}``), as Starlette compiles it (starlette.routing.compile_path).
_PATH_PARAM = re.compile(r"\{(\w+)(?::(\w+))?\}")
#: Starlette's converters that match within one segment (starlette.convertors: ``str``
#: ``[^/]+``, ``int`` ``[0-9]+``, ``float``, ``uuid``); ``path`` (``.*``) crosses segments.
_SEGMENT_CONVERTERS = frozenset({"str", "int", "float", "uuid"})


def _segment_covers(earlier: str, later: str) -> bool:
    """Every text the segment ``later`` matches, ``earlier`` matches: the same text; a
    ``{x}`` (``str``: any non-empty text without a slash) over a literal or a one-segment
    parameter; another converter only over the same converter."""
    if earlier == later:
        return True
    e, lt = _PATH_PARAM.fullmatch(earlier), _PATH_PARAM.fullmatch(later)
    if e is None:
        return False  # a literal (or a mixed segment) covers only itself
    converter = e.group(2) or "str"
    if lt is None:
        return converter == "str" and bool(later) and "{" not in later
    later_converter = lt.group(2) or "str"
    if converter == "str":
        return later_converter in _SEGMENT_CONVERTERS
    return later_converter == converter


def path_covers(earlier: str, later: str) -> bool:
    """Every URL the route path ``later`` matches, ``earlier`` matches too, segment by
    segment (:func:`_segment_covers`); a last ``{x:path}`` segment of ``earlier`` matches
    the rest of the URL, however many segments (``/t/{pk:path}`` over ``/t/{pk:path}/deps``)."""
    es, ls = earlier.split("/"), later.split("/")
    last = _PATH_PARAM.fullmatch(es[-1])
    if last is not None and last.group(2) == "path":
        head = es[:-1]
        return len(ls) > len(head) and all(map(_segment_covers, head, ls[: len(head)]))
    return len(es) == len(ls) and all(map(_segment_covers, es, ls))


def _methods_cover(earlier: tuple[str, ...], later: tuple[str, ...]) -> bool:
    """Every method of ``later`` is one of ``earlier``'s (Starlette adds HEAD to a GET
    route); a route whose path matches but whose method does not only matches partly, and
    Starlette goes on to the next route."""
    served = {m.upper() for m in earlier} | ({"HEAD"} if "GET" in earlier else set())
    return bool(later) and all(m.upper() in served for m in later)


def scope_body(project: Project, fn: Function) -> list[ast.stmt] | None:
    """The statements ``fn``'s ``def`` may be one of: its module's, or the body of the
    function it is nested in; None when they cannot be read."""
    outer = parent_function(fn.qname)
    if outer is None:
        m = project.modules.get(fn.module)
        tree = _parsed(project, m) if m is not None else None
        return tree.body if tree is not None else None
    parent = project.function(outer)
    node = project.def_node(parent) if parent is not None else None
    return node.body if node is not None else None


def _registered_in_order(project: Project, earlier: Route, later: Route) -> bool:
    """``earlier`` is certainly registered before ``later``: both are decorators on the
    same receiver in one module, on two functions that are statements of the same body (the
    module's, or one function's: no ``if``, loop or ``try`` around either), ``earlier``'s
    ``def`` first.  Decorators run when the ``def`` statement runs, in the order written."""
    a, b = earlier.function, later.function
    if a is b or a.class_qname is not None or b.class_qname is not None:
        return False
    if earlier.site is not earlier.module or later.site is not later.module:
        return False  # ``add_api_route``: registered wherever that call runs
    if a.module != b.module or parent_function(a.qname) != parent_function(b.qname):
        return False
    if earlier.receiver.qname != later.receiver.qname or a.line >= b.line:
        return False
    body = scope_body(project, a)
    if body is None:
        return False
    lines = {s.lineno for s in body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))}
    return a.line in lines and b.line in lines


def shadowed_routes(project: Project) -> dict[int, Route]:
    """id(route) -> the earlier route that takes every request meant for it: Starlette tries
    a router's routes in the order they were registered and the first whose path and
    method match handles the request, so a route registered after one on the same receiver
    whose methods include its own and whose path matches every URL its path matches
    (:func:`path_covers`) never runs (``GET /rows/{pk:path}`` before ``GET
    /rows/{pk:path}/deps``).  Only what the code proves: literal paths, decorators on the
    same receiver in one body (:func:`_registered_in_order`); routes of different routers
    (whose ``include_router`` order may be anywhere) are never compared."""
    by_receiver: dict[str, list[Route]] = defaultdict(list)
    for r in project.routes:
        if r.path is not None and not r.websocket:
            by_receiver[r.receiver.qname].append(r)
    out: dict[int, Route] = {}
    for routes in by_receiver.values():
        for later in routes:
            for earlier in routes:
                if (
                    earlier is not later
                    and earlier.path is not None
                    and later.path is not None
                    and _methods_cover(earlier.methods, later.methods)
                    and path_covers(earlier.path, later.path)
                    and _registered_in_order(project, earlier, later)
                ):
                    out[id(later)] = earlier
                    break
    return out


#: Files that name no app to run: images, archives, the list of a wheel's files.
NOT_NAMING = (".png", ".jpg", ".jar", ".zip", ".gz", ".dist-info/RECORD")


def outside_shadowing(tree: ast.AST, name: str) -> Iterable[ast.AST]:
    """The nodes of ``tree`` but those of a function that takes ``name`` as a parameter
    (``def serve(app): uvicorn.run(app)``): there the name is the caller's app, not the
    module's."""
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            a = node.args
            params = [*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg]
            if any(p is not None and p.arg == name for p in params):
                # its decorators and defaults are evaluated in the module's scope
                todo.extend(a.defaults)
                todo.extend(d for d in a.kw_defaults if d is not None)
                if not isinstance(node, ast.Lambda):
                    todo.extend(node.decorator_list)
                continue
        todo.extend(ast.iter_child_nodes(node))


def stray_apps(project: Project) -> frozenset[str]:
    """The module-level ``FastAPI()`` instances that are no application
    (:func:`_stray`) in a project that declares routes elsewhere: nothing adds a route,
    router, mount or middleware to them, and nothing serves, imports or names them.  A
    library module that builds ``app = FastAPI()`` and never uses it (its routers are for a
    host application outside the distribution) offers no endpoint, no docs and no probe:
    the app-level checks say nothing of it.  A project with no route at all keeps its bare
    app (a stub, the start of an API)."""
    if not project.routes:
        return frozenset()  # no API anywhere: the app is the project's, however bare
    routed = {id(r.receiver) for r in project.routes}
    return frozenset(
        inst.qname
        for inst in project.fastapi_apps
        if id(inst) not in routed and _stray(project, inst)
    )


#: ``FastAPI(...)`` keywords that can give the app routes: Starlette ``routes=``, and a
#: ``lifespan=`` function, which is handed the app (FastAPI reference, "FastAPI class").
_GIVES_ROUTES = ("routes", "lifespan")


def may_serve_by_name(project: Project, inst: AppInstance, sites: Iterable[ServerSite]) -> bool:
    """One of the server ``sites`` may serve the module-level app ``inst``: it serves a
    name the model cannot place, a call's result, the app itself, or an import string
    naming the app's name or module."""
    name = inst.qname.rpartition(".")[2]
    for site in sites:
        if site.serves is None or site.serves.endswith("()") or site.serves == inst.qname:
            return True
        target, _, attr = site.serves.partition(":")
        if attr and (attr == name or project.module_for(target) is inst.module):
            return True
    return False


def named_once_in_module(project: Project, inst: AppInstance) -> bool:
    """The module of the module-level app ``inst`` parses and names it exactly once (a name,
    a string such as ``__all__ = ["app"]``, or a ``global``) outside functions and classes
    that shadow the name: where it is bound, and nowhere it is used."""
    name = inst.qname.rpartition(".")[2]
    try:
        tree = ast.parse(project.repo.read_bytes(inst.path) or b"")
    except (SyntaxError, ValueError):
        return False
    uses = sum(
        (isinstance(n, ast.Name) and n.id == name)
        or (isinstance(n, ast.Constant) and n.value == name)
        or (isinstance(n, (ast.Global, ast.Nonlocal)) and name in n.names)
        for n in outside_shadowing(tree, name)
    )
    return uses == 1


def _stray(project: Project, inst: AppInstance) -> bool:
    """``inst`` is bound once at module level by a ``FastAPI()`` given no routes and no
    lifespan (:data:`_GIVES_ROUTES`),
    no call is made on it and it is mounted nowhere, its module names it only where it is
    bound (and in ``__all__``), no server of its module serves it by name or import
    string, and no other module imports it (but a package ``__init__`` that re-exports it,
    whose name nothing imports in turn) nor any other file names it (``scheduler.app``,
    ``scheduler:app``)."""
    if inst.function is not None or inst.includes or inst.included_by or "<" in inst.qname:
        return False
    if "." not in inst.qname:
        return False
    if inst.call.args or any(inst.kw(k) is not None for k in _GIVES_ROUTES):
        return False
    if may_serve_by_name(project, inst, inst.module.servers) or _mounted(project, inst):
        return False
    if not named_once_in_module(project, inst):
        return False
    names = _exported_names(project, inst.qname)
    if names is None:
        return False
    mentions = set()
    for q in names:
        owner, _, attr = q.rpartition(".")
        stem = owner.rpartition(".")[2]
        mentions |= {f"{stem}.{attr}".encode(), f"{stem}:{attr}".encode()}
    for path in project.repo.files:
        if path != inst.path and not path.endswith(NOT_NAMING):
            data = project.repo.searchable_bytes(path) or b""
            if any(t in data for t in mentions):
                return False
    return True


def _exported_names(project: Project, qname: str, depth: int = 0) -> set[str] | None:
    """``qname`` and the names a package ``__init__`` re-exports it as (``from .scheduler
    import app`` in ``scheduler/__init__.py``), when no module imports any of them but to
    re-export it; None when one does (or the chain runs too deep)."""
    if depth > 3:
        return None
    out = {qname}
    for m in project.modules.values():
        for imp in m.import_list:
            if imp.module != qname:
                continue
            reexport = (
                m.path.endswith("__init__.py")
                and imp.function is None
                and qname.startswith(m.module + ".")
            )
            if not reexport:
                return None
            more = _exported_names(project, f"{m.module}.{imp.alias}", depth + 1)
            if more is None:
                return None
            out |= more
    return out
