"""What the application is made of: the questions of issue 10's classes 3, 6 and 10.

Reached through :class:`~auditor.project.Project` (``application_modules``, ``reaches``,
``is_application_code``, ``reach``, ``completeness``, ``serving``); each answers "unknown"
rather than guess, and a check keeps its old behaviour on an unknown answer.

* **Served applications.**  Not every ``FastAPI()`` of a package is served: a prototype
  ``main.py`` that nothing imports, names or runs, left beside the ``server.py`` a command
  serves, and a stale copy of a served module are not (:func:`serving` says what counts as
  evidence).  Only positive evidence makes an application unserved -- other applications
  are named from elsewhere and this one is not, or its module is a copy of a served one that
  nothing names by a name of its own --: a project whose only application shows no
  evidence at all (a ``main.py`` run by a ``uvicorn main:app`` written nowhere we read)
  keeps every finding.  An import string a helper only searches for (``cmd.find("pkg.api:app")``,
  a cleanup of old processes) runs nothing; in an installed distribution, a module that only
  runs itself as a program (a ``__main__`` block) and that no other file names is not run
  either.  An unserved application is not a seed of the application code
  below, and the engine reports no finding of any check in its module: the code never
  runs, its routes are never served, and its findings repeat, at best, those of the served
  copy.  So is a module of routers no application includes that is a copy of a served
  module (its last two name parts are a served module's), in a project whose served
  application includes its routers from other modules: nothing that runs imports it, and no
  other file names it by a name of its own (a stale ``src/src/api`` beside the served
  ``src/api``).  A router of a name of its own is kept even then (an optional router an
  application of the package's users includes, one a scaffolding tool registers when it
  copies it), as are a library's routers with no served application beside them.
  An application held by an object of a class (``self.app = FastAPI()``) in a module
  nothing reaches, whose class no other file names (no import, export, instantiation or
  document) and its own module only in its ``class`` line, is unserved beside an
  application that runs on any evidence: no import string names an object's attribute,
  and nothing builds the object (a wrapper prototype left in a package).  So is an
  application built only in module-level factories that nothing calls or names (no call,
  import, export or mention in any file, none in its module but their ``def``), in a module
  nothing reaches and no other file names, whose routers the application served on strong
  evidence (an entry point, an import string, a launch file) includes too: a second
  ``create_app`` beside the factory the project's own command serves.  A factory a
  document, a launch command (``uvicorn --factory``) or its own module names is kept, as
  is one that composes a part the served application does not -- unless each of its
  factories takes a parameter without default, which no launcher gives (only code can
  build it, and no code names it).  Routers and routes that hang only on applications
  nothing serves, in modules only unserved modules import and no other file names, are
  unserved too (:func:`_parts_of_unserved`).

  Within a module, an application built in a module-level factory whose name nothing
  writes -- no call, import, export or mention in any file, none in its module but its
  ``def`` -- is unserved beside an application of its module served on positive evidence
  (a factory another file names, a module another imports or a launch names): nothing can
  build it (an in-memory ``create_test_app`` beside the ``create_app`` a library exports),
  and no finding is reported in the factory.  Nor in a factory whose result only private
  modules keep (``app = create_x_app()`` in ``pkg/_internal/x_server.py``) that nothing
  imports, that run no server and that no other file names, beside an application served
  on strong evidence (:func:`_built_only_by_private_modules`), nor in a helper handed the
  app (``def mount_ui(app: FastAPI)``) that nothing calls and no other file names, whose
  routes are therefore never added (:func:`uncalled_app_helpers`).  In an installed
  distribution (a ``*.dist-info``), an application module that imports the package's own
  modules by names
  relative to its folder (``from view import page`` for ``pkg/view/page.py``) runs only from
  the source folder: a developer's launcher, unserved beside another application (unless
  the project writes ``sys.path``).

* **Application code.**  The modules the FastAPI applications reach: the modules that hold
  served apps, their routers and their routes, and every project module those import,
  transitively (module-level and function-level imports, ``from x import *``; an import
  inside a module-level function only once a reached module, or one that launches the
  application, names that function: a command-line helper of a shared ``utils`` module
  that imports the client library does not make the client part of the server).  A client or
  SDK module shipped beside a server that the server never imports, test support outside
  ``tests/`` (a pytest plugin or fixture module, recognised by its content; a ``testing.py``
  that imports an in-process test client and defines no route; a ``testing`` package no
  application module imports and nothing launches) and a standalone
  program are not application code; nor is a plugin that implements a reached module's
  class but whose name nothing else in the project writes (nothing can load it by name).
  Unknown (None) when the project has no application.
* **Reachability.**  Whether a function runs while requests are served.  The call graph
  (``Function.calls``) is followed from the request entry points (routes, dependencies,
  middleware, exception handlers), from the start-up entry points (the lifespan, start-up
  and shutdown handlers, the functions that build an app) and from command-line commands
  (typer / click).  A function reached from a request entry is on the request path; one
  reached only from start-up code or a command is not; anything else is unknown (the call
  graph follows a method's calls on its own object, ``self.load()``, resolved statically in
  its class and the class's ancestors -- an override in a subclass is not seen --, but not
  calls on other attributes, parameters or returned objects, nor functions passed by
  reference; a function nested in another is followed only from the request
  entries: a command's nested coroutine may share its loop with a server the command
  started, unless nothing it awaits names a server, a task or a gather).  A function no
  entry reaches is dead code when none of its uses can run it (:func:`unreferenced`): no
  name token at all, or only imports, ``__all__`` entries, ``self.name`` in classes that
  share no instance with its own, a test's call of a private method, and uses inside
  functions that are dead by the same rule.  From start-up code only awaited calls and calls of sync functions
  are followed: a coroutine created without ``await`` may be a background task that runs
  beside the requests.  A coroutine only ever handed to ``asyncio.run`` (or ``run_until_complete``,
  also through a name bound to it: ``arun = loop.run_until_complete``) runs on a
  loop of its own, and so does what it awaits (followed through calls resolved by name
  only: ``asyncio.run(self.start())`` is how a server object serves; a private method,
  ``asyncio.run(self.__ping())``, is its class's own).  A project function that runs the
  coroutine it is handed on a loop of its own (``def run_async(coro): return
  asyncio.run(coro)``, also ``pool.submit(asyncio.run, coro)``) is such a runner too: a
  coroutine only ever handed to it is on a loop of its own (a route that hands one to it
  is still followed).  On such a loop whose code names no server and no hand-off to another
  loop, a coroutine created without ``await`` (a task, a gather) runs on that loop as well.
  A sync route or dependency runs in
  the framework's threadpool, where no loop runs: a coroutine its thread creates without
  starting it as a task or naming a hand-off to a running loop (``run_coroutine_threadsafe``)
  is not on the request path.  A coroutine a
  request entry creates in its ``return`` statement is not on the request path: the
  framework does not await what a route returns.  A dynamic import of a loop variable over
  literal module names (``for p in ["a.b", "a"]: import_module(p)``) imports those names.
  An ``@asynccontextmanager`` that start-up code enters (``async with setup(app):``) is
  start-up code too: called without ``await``, it still runs in the caller's flow.
* **Completeness.**  Whether the model saw everything an absence finding relies on: every
  Python file read and parsed, and (for route questions) every route decorator,
  ``include_router`` and ``mount`` attached to an app or router the model knows.
"""

from __future__ import annotations

import ast
import bisect
import dataclasses
import functools
import io
import keyword
import re
import textwrap
import tokenize
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from auditor import names
from auditor.facts import (
    Call,
    CallSite,
    Class,
    Function,
    Import,
    Lit,
    ModuleFacts,
    Name,
    arg,
    dotted_of,
    kwarg,
    qname_of,
)
from auditor.lazyre import lazy_compile
from auditor.project import Binding, defines_name
from auditor.project_queries import handler_function

if TYPE_CHECKING:  # pragma: no cover
    from auditor.project import AppInstance, Project

#: Test frameworks whose import, with fixtures or hooks defined, makes a module test support.
TEST_FRAMEWORKS = ("pytest", "_pytest", "pytest_asyncio")
FIXTURE_DECORATORS = frozenset(
    {"pytest.fixture", "pytest_asyncio.fixture", "_pytest.fixtures.fixture"}
)
#: Command-line frameworks: a function registered as one of their commands is a CLI entry.
CLI_MODULES = frozenset({"typer", "click", "asyncclick", "rich_click", "cyclopts"})
#: Decorator methods of a CLI group / app that register a command.
CLI_REGISTRARS = frozenset({"command", "callback", "group", "result_callback"})
#: Starlette's middleware base class: its subclasses' ``dispatch`` runs on every request.
BASE_HTTP_MIDDLEWARE = frozenset(
    {"starlette.middleware.base.BaseHTTPMiddleware", "fastapi.middleware.base.BaseHTTPMiddleware"}
)
#: Command-line parsers: a function that builds one parses the process's arguments.
ARGUMENT_PARSERS = frozenset({"argparse.ArgumentParser"})
#: Decorators that register a function as a job of a task queue: a worker process runs it
#: (rq runs an async job on a loop of its own), never the server beside a request; the
#: server only enqueues it (``job.delay(...)``, ``task.send(...)``).
JOB_DECORATORS = frozenset(
    {
        "rq.decorators.job",
        "rq.job",
        "celery.shared_task",
        "celery.app.shared_task",
        "dramatiq.actor",
        "huey.api.Huey.task",
    }
)
#: Celery's application class: ``@app.task`` on an instance registers a task a worker runs
#: (https://docs.celeryq.dev/en/stable/userguide/tasks.html, "Basics").
CELERY_APPS = frozenset({"celery.Celery", "celery.app.base.Celery"})
#: Huey's application classes (https://huey.readthedocs.io/en/latest/api.html, "Huey
#: object" and its storage subclasses): ``@huey.task()`` / ``@huey.periodic_task(...)`` on an
#: instance registers a task the consumer process runs.
HUEY_APPS = frozenset(
    f"huey{module}.{name}"
    for module in ("", ".api")
    for name in (
        "Huey",
        "RedisHuey",
        "RedisExpireHuey",
        "PriorityRedisHuey",
        "PriorityRedisExpireHuey",
        "SqliteHuey",
        "FileHuey",
        "MemoryHuey",
    )
)
#: Celery's signals that only a worker process sends (the worker's own and those of a task's
#: execution; https://docs.celeryq.dev/en/stable/userguide/signals.html): a handler
#: connected to one (``@worker_process_shutdown.connect``) runs in the worker, never in the
#: server that only publishes tasks (``before_task_publish`` and ``after_task_publish`` do
#: run there, and are left out).
CELERY_WORKER_SIGNALS = frozenset(
    f"celery.signals.{name}.connect"
    for name in (
        "task_prerun",
        "task_postrun",
        "task_retry",
        "task_success",
        "task_failure",
        "task_revoked",
        "celeryd_init",
        "celeryd_after_setup",
        "worker_init",
        "worker_ready",
        "worker_shutting_down",
        "worker_process_init",
        "worker_process_shutdown",
        "worker_shutdown",
    )
)


# -- application code (class 6) ----------------------------------------------------------------


#: In-process test clients: a module that imports one drives an application without a server.
TEST_CLIENTS = ("fastapi.testclient.", "starlette.testclient.", "httpx.ASGITransport")


def is_test_helpers(m: ModuleFacts) -> bool:
    """A module named ``testing`` (``pkg/testing.py``) that imports an in-process test
    client (:data:`TEST_CLIENTS`): the helpers a package ships for its users' tests, whose
    applications only a test client drives."""
    return PurePosixPath(m.path).name == "testing.py" and any(
        imp.module.startswith(TEST_CLIENTS) for imp in m.import_list if imp.function is None
    )


def is_test_support(m: ModuleFacts) -> bool:
    """Test support by content: the module imports pytest and defines fixtures, pytest hooks
    (module-level ``pytest_*`` functions) or ``pytest_plugins`` -- a pytest plugin or a
    fixture module shipped outside ``tests/`` (``pkg/testing/plugin.py``)."""
    if not any(imp.module.split(".", 1)[0] in TEST_FRAMEWORKS for imp in m.import_list):
        return False
    if "pytest_plugins" in m.bindings:
        return True
    for fn in m.functions.values():
        if fn.name.startswith("pytest_") and fn.qname == f"{m.module}.{fn.name}":
            return True
        if any(qname_of(d) in FIXTURE_DECORATORS for d in fn.decorators):
            return True
    return False


def application_seeds(project: Project) -> set[str]:
    """The modules that hold an application, a router or a route, and those a server is
    told to load by an import string (``"pkg.main:app"``)."""
    out: set[str] = set()
    for inst in project.app_instances:
        m = inst.module
        if m.file_class == "app" and m.parse_error is None and "<param>" not in inst.qname:
            out.add(m.module)
    for route in project.routes:
        out.add(route.module.module)
    for m in project.by_path.values():
        for text in m.import_strings:  # ``uvicorn pkg.main:app``: the module a server loads
            module, _, attr = text.partition(":")
            target = project.module_for(module)
            if target is None or target.file_class != "app" or not defines_name(target, attr):
                continue
            if is_cli_object(project, f"{target.module}.{attr}"):
                continue  # ``"pkg.cli.dev:dev_app"``: a command group loaded lazily, not a server
            out.add(target.module)
    return out - project.unserved_modules  # an application nothing serves, and its routes


def application_modules(project: Project) -> frozenset[str] | None:
    """Names of the modules the applications reach (see the module docstring); None when the
    project has no FastAPI application (unknown)."""
    if not any(a.module.file_class == "app" for a in project.fastapi_apps):
        return None
    return import_closure(project, application_seeds(project), deferred=True)


def dead_modules(project: Project) -> frozenset[str]:
    """Names of the modules that run nowhere: a stray module of the application's own
    package (a module of its folder is application code) that no module of the project
    imports at all (directly, by a literal ``import_module`` name, or by a run-time import
    of a computed name that may load its folder: :class:`_ImportGraph`), whose dotted name
    no other file writes (an entry point, an import string, a launch or configuration file,
    a document showing the import), and that cannot run itself (not a package's
    ``__init__`` or a ``__main__.py``, no ``__main__`` block, no server start, no
    application or route of its own: a router nothing includes is
    :func:`_unserved_routers`' question).  A prompt helper or a cache module left in
    ``services/`` that nothing imports: its code never runs.  Only the dotted name counts
    as naming a module: it is the only way to load a module that does not run itself (a
    document's table of files, ``hub/analyzer.py``, loads nothing).  A module some other
    module imports is kept, even when that importer runs nowhere either (a library's
    optional subpackage its users enable), and so is every module of a subpackage whose
    docstring shows its import (a public API).  Empty when the project serves no
    application, or a Python file did not parse (it may import any of them)."""
    reached = project.application_modules
    if reached is None or not project.served_apps or project.unread_python_files():
        return frozenset()
    if any(m.parse_error is not None for m in project.modules.values()):
        return frozenset()
    graph = _ImportGraph(project)
    folders = {_folder(project.modules[n].path) for n in reached if n in project.modules}
    routed = {a.module.module for a in project.app_instances} | {
        r.module.module for r in project.routes
    }
    candidates = {
        n
        for n, m in project.modules.items()
        if n not in reached
        and n not in routed
        and _folder(m.path) in folders
        and _may_be_dead(project, m)
    }
    candidates -= project.test_support_modules
    if not candidates:
        return frozenset()
    dead = candidates - graph.closure(n for n in project.modules if n not in candidates)
    imported = {t for m in project.modules.values() for t in graph.edges(m)}
    dead -= imported
    # only the packages above a dead candidate are read for a documented import (each
    # read parses its ``__init__``: all of a big tree's packages would cost seconds)
    above = {n.rsplit(".", k)[0] for n in dead for k in range(1, n.count(".") + 1)}
    public = [
        p
        for p in sorted(above)
        if "." in p
        and (m := project.modules.get(p)) is not None
        and m.path.endswith("/__init__.py")
        and _documents_import(project, m)
    ]
    dead = {n for n in dead if not any(n.startswith(p + ".") for p in public)}
    if dead:
        dead -= _names_of_their_own(project, dead, paths=False)
    return frozenset(dead - _file_named_in_code(project, dead)) if dead else frozenset()


def _file_named_in_code(project: Project, modules: set[str]) -> set[str]:
    """Those of ``modules`` whose file name (``stream_bridge.py``) another Python file of
    the project writes: a module the code points at (``# in stream_bridge.py``) is one
    its developers treat as live, though the model sees no import of it."""
    files = {n: PurePosixPath(project.modules[n].path).name.encode() for n in modules}
    words = {n: re.compile(rb"(?<![\w.])" + re.escape(f) + rb"(?![\w])") for n, f in files.items()}
    own = {project.modules[n].path for n in modules}
    found: set[str] = set()
    for m in project.modules.values():
        if m.path in own:
            continue
        data = project.repo.searchable_bytes(m.path)
        if data:
            found |= {n for n in modules - found if files[n] in data and words[n].search(data)}
    return found


def _may_be_dead(project: Project, m: ModuleFacts) -> bool:
    """``m`` is application code that could only run if imported: not a package's
    ``__init__`` (what importing the package runs) nor a ``__main__.py``, and it neither
    has a ``__main__`` block nor starts a server itself."""
    name = PurePosixPath(m.path).name
    return (
        m.file_class == "app"
        and name not in ("__init__.py", "__main__.py")
        and not _runs_itself(project, m)
    )


def _documents_import(project: Project, package: ModuleFacts) -> bool:
    """The docstring of the package's ``__init__`` writes the package's dotted name (its
    last two parts or more: ``>>> import pkg.client as client``): an API its users are
    shown how to import, which nothing in the project needs to import."""
    try:
        tree = ast.parse(project.repo.read_bytes(package.path) or b"")
    except (SyntaxError, ValueError):
        return True
    doc = ast.get_docstring(tree) or ""
    tail = ".".join(package.module.split(".")[-2:])
    return re.search(r"(?<![\w.])(?:\w+\.)*" + re.escape(tail) + r"(?![\w])", doc) is not None


def import_closure(
    project: Project, seeds: Iterable[str], deferred: bool = False, by_folder: bool = True
) -> frozenset[str]:
    """The modules ``seeds`` reach through imports (see the module docstring), test support
    left out.  ``deferred``: an import inside a module-level function is followed only
    once something the closure holds names that function (:class:`_Deferred`): a CLI
    helper of a shared ``utils`` module that imports the client library on call does not
    make the client part of the server.  ``by_folder=False``: a run-time import of a
    computed name reaches nothing (:func:`_loaded` guesses the loader's whole folder
    otherwise), for a question that needs an import seen, not one that may happen."""
    support = project.test_support_modules
    stack = [s for s in seeds if s not in support]
    seen: set[str] = set()
    waiting = _Deferred(project, seen, set(stack)) if deferred else None
    named = project.plugins_named  # plugin candidate -> named outside its own file
    while stack:
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.add(name)
            module = project.modules.get(name)
            if module is None or module.parse_error is not None:
                continue
            for target in imported_modules(project, module, waiting):
                if target.module not in seen and target.module not in support:
                    stack.append(target.module)
        stack = [
            m.module
            for m in (*_plugins(project, seen, named), *_loaded(project, seen, by_folder))
            if m.module not in support and m.module not in seen
        ]
        if not stack and waiting is not None:
            stack = [
                m.module
                for m in waiting.released()
                if m.module not in support and m.module not in seen
            ]
    return frozenset(seen)


class _Deferred:
    """The imports inside module-level functions of reached modules, held back until a
    reached module names the function: a load of its name in its own module outside its
    body (and outside the bodies of other held-back functions of that module that nothing
    names), or in another reached module -- or a module that launches the application --
    that imports the function or its module.  Functions that build an app or a router,
    hold a route, or that an import string names are always followed.  A
    method, a nested function or a function of a module we cannot read is always followed
    (its callers are not found by name)."""

    def __init__(self, project: Project, reached: set[str], seeds: set[str]) -> None:
        self.project = project
        self.reached = reached
        #: the modules that launch an application (a ``serve`` command importing the app's
        #: module or factory): what they name runs in the server's process too
        self.launchers = {
            m.module
            for m in project.modules_of_class("app")
            if any(
                (target := project.split_module(imp.module)[0]) is not None
                and target.module in seeds
                for imp in m.import_list
            )
        }
        #: function qname -> the modules its imports reach, while nothing names it
        self.held: dict[str, list[ModuleFacts]] = {}
        #: functions that build an app or router (or hold a route), and functions a server
        #: is told to load by an import string (``"pkg.main:create_app"``): entry points
        self._builders = {
            *(i.function for i in project.app_instances if i.function),
            *(r.function.qname for r in project.routes),
            *(
                f"{target.module}.{attr}"
                for m in project.by_path.values()
                for text in m.import_strings
                for mod, _, attr in [text.partition(":")]
                if (target := project.module_for(mod)) is not None and attr
            ),
        }
        self._builders |= {q.split(".<locals>.", 1)[0] for q in self._builders}
        #: the imports of every module, indexed once (``_named`` asks for each held function
        #: which reached modules import it; scanning every reached module's imports per
        #: question cost litellm ~100 s): the last segment of an imported name -> importers,
        #: and a module -> the modules importing it whole (``import pkg.utils``) with alias
        self._by_last: dict[str, set[str]] = {}
        self._importers: dict[str, list[tuple[str, str]]] = {}
        for other in project.modules.values():
            for imp in other.import_list:
                self._by_last.setdefault(imp.module.rsplit(".", 1)[-1], set()).add(other.module)
                target, rest = project.split_module(imp.module)
                if target is not None and not rest:
                    self._importers.setdefault(target.module, []).append((other.module, imp.alias))

    def hold(self, module: ModuleFacts, function: str, target: ModuleFacts) -> bool:
        """Hold ``target`` back when ``function`` is a module-level function of ``module``
        that nothing reached names yet; False when the import is followed now."""
        fn = module.functions.get(function)
        if fn is None or fn.qname != f"{module.module}.{fn.name}" or fn.decorators:
            return False
        if fn.name.startswith("__"):
            return False  # a module's ``__getattr__``: Python calls it, nobody names it
        if fn.qname in self._builders or self._named(module, fn, set()):
            return False
        self.held.setdefault(function, []).append(target)
        return True

    def released(self) -> list[ModuleFacts]:
        """The modules of held imports whose function something reached now names."""
        out: list[ModuleFacts] = []
        for function in list(self.held):
            fn = self.project.function(function)
            module = self.project.modules.get(fn.module) if fn is not None else None
            if fn is None or module is None or self._named(module, fn, set()):
                out.extend(self.held.pop(function))
        return out

    def _text(self, module: ModuleFacts) -> str:
        return self.project.read_text(module.path) or ""

    def _named(self, module: ModuleFacts, fn: Function, visiting: set[str]) -> bool:
        visiting.add(fn.qname)
        for top in module.held_loads.get(fn.name, ()):
            if top == fn.qname:
                continue  # its own recursion
            around = self.project.function(top) if top else None
            if around is None or around.decorators:
                return True  # module level, a class, a registered function
            if around.qname not in visiting and self._named(module, around, visiting):
                return True

        def reached(name: str) -> bool:
            return name != module.module and (name in self.reached or name in self.launchers)

        if any(reached(name) for name in self._by_last.get(fn.name, ())):
            return True  # ``from pkg.utils import tree`` (or a re-export of it)
        attribute = re.compile(rf"\.\s*{re.escape(fn.name)}\b")
        for name, alias in self._importers.get(module.module, ()):
            other = self.project.modules.get(name)
            if (
                other is not None
                and reached(name)
                and (alias == "*" or attribute.search(self._text(other)))
            ):
                return True  # ``import pkg.utils`` ... ``utils.tree(...)``
        return False


def _loaded(project: Project, reached: set[str], by_folder: bool = True) -> Iterator[ModuleFacts]:
    """Modules a reached module imports by name at run time: ``importlib.import_module``
    with a literal name is an import; with a computed one (``f"pkg.tools.{name}"``), every
    module under the loader's own folder may be loaded (a package that loads its parts by
    name).  A loader at the top of the audited folder (a package ``__init__`` that loads its
    attributes lazily) says nothing that narrow, and is not followed.  An executable script
    of that folder (a ``#!`` line and a ``__main__`` block: a build or maintenance program)
    is run, not loaded as a part.  ``by_folder=False``: a computed name loads nothing.  A
    computed name comes from a listing of the folder or from a name written somewhere (a
    configuration, a settings default, a lazy-import map): where no loader of the folder lists
    it, a program (a ``__main__`` block, and no function that runs a server:
    :func:`_program_only`) whose name no other file writes (:func:`_written_elsewhere`, as for
    the programs :func:`serving` leaves out) is loaded by nothing -- an example server kept
    beside the code, only its own ``__main__`` starts it.  Nor is a module below a folder
    whose name no dotted name can spell (``hops-reqs/``): it is run as a script, not
    imported."""
    folders: dict[PurePosixPath, bool] = {}  # folder -> a loader of it lists its files
    for name in reached:
        m = project.modules.get(name)
        if m is None or not m.dynamic_imports:
            continue
        for e in m.dynamic_imports:
            if isinstance(e, Lit) and isinstance(e.value, str):
                target = project.module_for(e.value)
                if target is not None and target.file_class == "app":
                    yield target
            elif by_folder:
                folder = PurePosixPath(m.path).parent
                if folder != PurePosixPath("."):
                    folders[folder] = folders.get(folder, False) or _lists_folder(project, m)
    if folders:
        found: list[tuple[ModuleFacts, bool]] = []
        for m in project.modules_of_class("app"):
            if m.module in reached:
                continue
            path = PurePosixPath(m.path)
            # under the loader's folder, through folders a dotted name can spell: no
            # ``import_module`` reaches ``skills/hops-reqs/predictor.py``
            over = [
                lists
                for folder, lists in folders.items()
                if folder in path.parents
                and all(part.isidentifier() for part in path.relative_to(folder).parts[:-1])
            ]
            if over and not _script(project, m):
                found.append((m, any(over)))
        yield from _named_programs(project, found)


#: What lists a folder's modules, in a loader's text: its names are loaded unwritten.
_LISTS_FOLDER = lazy_compile(
    rb"\b(?:iter_modules|walk_packages|listdir|scandir|iterdir|r?glob|walk)\s*\("
)


def _lists_folder(project: Project, m: ModuleFacts) -> bool:
    return _LISTS_FOLDER.search(project.repo.read_bytes(m.path) or b"") is not None


def _named_programs(
    project: Project, found: list[tuple[ModuleFacts, bool]]
) -> Iterator[ModuleFacts]:
    """Of the modules a computed name may load (each with: a loader lists their folder),
    those a name can reach: all but the programs no listing loads and no other file names."""
    programs = [m for m, listed in found if not listed and _program_only(project, m)]
    named = project.programs_named
    unknown = {m.module: m for m in programs if m.module not in named}
    if unknown and project.unread_python_files():
        named.update(dict.fromkeys(unknown, True))  # a file we could not read may name it
    elif unknown:
        written = _written_elsewhere(project, unknown)
        named.update({n: n in written for n in unknown})
    unnamed = {m.module for m in programs if not named[m.module]}
    return (m for m, _ in found if m.module not in unnamed)


def _script(project: Project, m: ModuleFacts) -> bool:
    """An executable script: a ``#!`` first line and a ``__main__`` block."""
    data = project.repo.read_bytes(m.path) or b""
    return data.startswith(b"#!") and _MAIN_BLOCK.search(data) is not None


def _plugins(project: Project, reached: set[str], named: dict[str, bool]) -> Iterator[ModuleFacts]:
    """Unreached modules that implement a class of a reached module in their own folder or
    the folder above (``lease_storage/filesystem.py`` subclassing the protocol of
    ``lease_storage/__init__.py``): the implementations a package loads by name
    (``importlib.import_module(settings.backend)``), which no import names -- but a name
    they are loaded by is written somewhere: a module whose name and classes no other file
    of the project mentions (:func:`_named_elsewhere`; a settings default, a configuration
    file, a registry) is loaded by nothing (``storage/webdav.py`` beside the storages its
    package exports).  ``named`` keeps the answers for the whole audit (STR001 asks for
    closures once per route)."""
    found: list[ModuleFacts] = []
    for m in project.modules_of_class("app"):
        if m.module in reached:
            continue
        here = _folder(m.path)
        for cls in m.classes.values():
            if any(_implements(project, base, here, reached) for base in cls.bases):
                found.append(m)
                break
    unknown = [m for m in found if m.module not in named]
    if unknown:
        named.update(_named_elsewhere(project, unknown))
    yield from (m for m in found if named[m.module])


def _named_elsewhere(project: Project, modules: list[ModuleFacts]) -> dict[str, bool]:
    """For each of ``modules``: whether a file of the project other than its own (a Python
    module, a configuration or launch file) holds its name (a module path or a class path
    that loads it holds it too).  Plain substring tests (a word inside a longer one counts:
    the answer errs towards "named"), each word dropped once its modules are named: a long
    regex alternation over every file cost litellm 1.4 s."""
    out = dict.fromkeys((m.module for m in modules), False)
    if project.unread_python_files():
        return dict.fromkeys(out, True)  # a file we could not read may name any of them
    left: dict[bytes, set[str]] = {}  # word -> the modules it would name, not named yet
    for m in modules:
        stem = PurePosixPath(m.path).stem
        if stem == "__init__":
            stem = PurePosixPath(m.path).parent.name
        if stem:
            left.setdefault(stem.encode(), set()).add(m.module)
    paths = {m.module: m.path for m in modules}
    for path in _launch_files(project):
        if not left:
            break
        data = project.repo.read_bytes(path)
        if not data:
            continue
        for word in [w for w in left if w in data]:
            for name in [n for n in left.get(word, ()) if paths[n] != path]:
                out[name] = True
                for other in list(left):
                    left[other].discard(name)
                    if not left[other]:
                        del left[other]
    return out


def _implements(project: Project, base: object, here: PurePosixPath, reached: set[str]) -> bool:
    q = qname_of(base)  # type: ignore[arg-type]
    found = project.class_(q) if q else None
    if found is None or found.module not in reached:
        return False
    folder = _folder(project.modules[found.module].path)
    return folder == here or (folder == here.parent and folder != _HERE)


_HERE = PurePosixPath(".")


@functools.lru_cache(maxsize=4096)
def _folder(path: str) -> PurePosixPath:
    """The folder of a module's path (asked once per module and base class: memoized)."""
    return PurePosixPath(path).parent


def test_support_modules(project: Project) -> frozenset[str]:
    """Application-class modules that are test support: a pytest plugin or fixture module
    (:func:`is_test_support`), and the other modules of its package (the helpers the plugin
    hands to tests: ``pkg/testing/user.py`` beside ``pkg/testing/plugin.py``) -- unless that
    folder also holds an application, a router or a route, or is the audited root; and a
    package's test helpers (:func:`is_test_helpers`) that define no route."""
    helpers = {m.module for m in project.modules_of_class("app") if is_test_helpers(m)}
    helpers |= _testing_packages(project)
    if helpers:
        helpers -= {r.module.module for r in project.routes}
    found = [m for m in project.modules_of_class("app") if is_test_support(m)]
    if not found:
        return frozenset(helpers)
    seeds = {project.modules[s].path for s in application_seeds(project) if s in project.modules}
    seed_folders = {PurePosixPath(p).parent for p in seeds}
    folders = {
        PurePosixPath(m.path).parent
        for m in found
        if m.path.endswith(".py")
        and PurePosixPath(m.path).parent != PurePosixPath(".")
        and PurePosixPath(m.path).parent not in seed_folders
        and project.repo.exists(f"{PurePosixPath(m.path).parent.as_posix()}/__init__.py")
    }
    out = {m.module for m in found}
    for m in project.modules_of_class("app"):
        if PurePosixPath(m.path).parent in folders:
            out.add(m.module)
    return frozenset(out | helpers)


def _testing_packages(project: Project) -> set[str]:
    """The modules of a package named ``testing`` (``pkg/testing/agents.py``, the convention
    :func:`is_test_helpers` reads for a ``testing.py``) that no application module outside
    the package imports and no entry point, import string or launch file names: the helpers
    a package ships for tests (its own, or its users'), which only tests import.  A module
    of it that defines a route stays application code (:func:`test_support_modules`)."""
    packages = {
        m.module
        for m in project.modules_of_class("app")
        if m.is_package and m.module.rpartition(".")[2] == "testing"
    }
    if not packages:
        return set()

    def inside(name: str) -> str | None:
        return next((p for p in packages if name == p or name.startswith(p + ".")), None)

    graph = _ImportGraph(project)
    used: set[str] = set()
    for m in project.modules_of_class("app"):
        here = inside(m.module)
        used.update(p for t in graph.edges(m) if (p := inside(t)) is not None and p != here)
    used.update(p for n in _strong_roots(project) if (p := inside(n)) is not None)
    return {m for m in project.modules if (p := inside(m)) is not None and p not in used}


def imported_modules(
    project: Project, module: ModuleFacts, deferred: _Deferred | None = None
) -> Iterator[ModuleFacts]:
    """The application modules ``module`` imports (at any level).

    ``from pkg import name`` reaches the module that defines ``name``: a package
    ``__init__`` that only re-exports its submodules (``from .client import Client``) is a
    hub, and following every re-export of a hub would make a client SDK part of any server
    that imports one name from its package.  ``import pkg`` (the module itself) reaches the
    ``__init__`` and what it imports.
    """
    for imp in module.import_list:
        target, rest = project.split_module(imp.module)
        if target is None or target.file_class != "app":
            continue
        if not rest or imp.alias == "*":
            reached = target
        else:
            owner = _owner_module(project, project.resolve(imp.module))
            reached = owner if owner is not None and owner.file_class == "app" else target
        if deferred is not None and imp.function and deferred.hold(module, imp.function, reached):
            continue  # imported inside a function nothing reached names (yet)
        yield reached


def _owner_module(project: Project, found: object) -> ModuleFacts | None:
    from auditor.project import Binding

    if isinstance(found, ModuleFacts):
        return found
    if isinstance(found, Binding):
        return found.module
    if isinstance(found, Function) or (found is not None and hasattr(found, "bases")):
        return project.modules.get(found.module)  # type: ignore[attr-defined]
    return None


# -- served applications (classes 3 and 6) -----------------------------------------------------

#: Files that launch a server or name its import string, besides Python modules: read for the
#: modules they name (:func:`serving`).
LAUNCH_FILE_SUFFIXES = (
    ".md",
    ".rst",
    ".sh",
    ".bash",
    ".yml",
    ".yaml",
    ".toml",
    ".cfg",
    ".ini",
    ".mk",
    ".dockerfile",
    ".service",
    ".conf",
    ".env",
    ".just",
)
LAUNCH_FILE_NAMES = frozenset(
    {"dockerfile", "procfile", "makefile", "justfile", "entry_points.txt", "containerfile"}
)
LAUNCH_FILE_PREFIXES = ("dockerfile", "procfile", "docker-compose", "compose")
#: A module that runs itself: a ``__main__`` block, a server runner.
_MAIN_BLOCK = lazy_compile(
    rb"__name__\s*==\s*['\"]__main__['\"]|['\"]__main__['\"]\s*==\s*__name__"
)
_RUNNERS = (b"uvicorn.run(", b"uvicorn.Server(", b"hypercorn", b"granian", b"serve(app")
#: What names a module to a server or an interpreter: an import string (``pkg.main:app``),
#: ``python -m pkg.main``, a path (``pkg/main.py``).
_LAUNCH_NAME = lazy_compile(
    rb"(?<![\w.])((?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*):([A-Za-z_]\w*)(?![\w(])"
    rb"|(?<![\w.-])-m\s+((?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*)"
    rb"|(?<![\w./-])((?:[\w.-]+/)*[\w-]+\.py)\b"
)


@dataclass(frozen=True)
class Serving:
    """Which application modules run (:func:`serving`).  ``unserved``: the modules of
    applications nothing serves; ``why``: for each
    module that holds an application, the first evidence that it is served, or why it is
    not (for tests and messages)."""

    unserved: frozenset[str]
    why: dict[str, str]
    #: the applications built in a factory nothing names (:func:`_unnamed_factories`): app
    #: qname -> (path, first line, last line) of the factory, where no finding is reported
    factories: dict[str, tuple[str, int, int]] = dataclasses.field(default_factory=dict)


def serving(project: Project) -> Serving:
    """Which FastAPI applications are served: an application that nothing imports, names or
    runs, in a project where other applications are, is not (a prototype ``main.py`` left
    beside the ``server.py`` a command serves); nor is a copy of a served module that
    nothing names by a name of its own (a stale copy of ``openai_server/function_server.py``
    in ``src/`` that only ``"function_server:app"`` names, which names both).

    What runs (the *roots*): a module an import string names (``"pkg.main:app"`` in code),
    an entry point of the distribution (``pyproject.toml``, ``setup.cfg``,
    ``entry_points.txt`` in or beside the audited folder), a module that runs itself (a
    ``__main__`` block, ``uvicorn.run``), a module a README, Dockerfile, compose file,
    Procfile, Makefile, shell script or configuration file names (``uvicorn main:app``,
    ``python -m pkg.main``, ``fastapi run pkg/main.py``), and, as weaker evidence, tests and
    tooling.  A mention names a module when it resolves to it, or when one of the two dotted
    names (or paths) ends with the other (a Dockerfile's ``uvicorn main:app`` run from the
    module's folder).  What runs is what the roots import, transitively (an import at any
    level, a literal ``importlib.import_module``, a computed one's folder).

    An application module is unserved only on positive evidence: nothing that runs reaches
    it while a module of another application is reached from a root other than tests and
    tooling -- and it composes nothing (it imports no module that holds an application, a
    router or a route: the application that includes or mounts the others is the top one,
    whoever serves it) --; or it is a copy (equal but for blank space) of such a module, and
    nothing names it by a name the other does not answer to as well (its own ``__main__``,
    which the copies share, tells them not apart).  In an installed distribution (a
    ``*.dist-info``), a module that only runs itself -- a ``__main__`` block, no function
    but ``main`` starting a server -- and whose name no other file writes is unserved
    beside an application the stronger evidence serves, even when it includes routers the
    served application reaches too (a legacy ``service_worker.py`` nobody starts).  A
    module nothing reaches whose applications are all built in factories nothing calls or
    names, and that composes only parts the strongly served application composes too, is
    unserved beside it (:func:`_unnamed_factory_modules`).  Modules of routers no application includes are judged too (:func:`_unserved_routers`),
    also beside a single application; such a module that cannot be imported (a module-level
    import of a module its own package no longer holds, :func:`_unimportable`) is unserved
    whatever else runs, as is one that nothing imports or names and that re-declares a route
    the application served on evidence declares, or whose package's other routers that
    application (or the project's only one) includes by hand (:func:`_unimported_routers`).  Any module
    whose module-level import names what a project module provably does not bind
    (:func:`_failing_imports`) never runs, whoever names it, nor does a module only modules
    that never run import (:func:`_imported_only_by_dead`)."""
    apps = [
        a
        for a in project.fastapi_apps
        if a.module.file_class == "app"
        and a.module.parse_error is None
        and "<param>" not in a.qname
    ]
    holders = {a.module.module: a.module for a in apps}
    if not holders:
        return Serving(frozenset(), {})
    graph = _ImportGraph(project)
    served = _serving_apps(project, holders, graph) if len(holders) > 1 else None
    unserved = set(served.unserved) if served else set()
    why = dict(served.why) if served else {}
    for n in _source_folder_launchers(project, holders, unserved):
        unserved.add(n)
        why[n] = (
            "it imports the package's own modules by names relative to its folder, which "
            "the installed distribution does not answer to: a launcher run from the source "
            "folder, beside the application the distribution ships"
        )
    factories = _unnamed_factories(project, apps, graph, unserved)
    factories.update(_built_only_by_private_modules(project, apps, graph, unserved))
    loose = _loose_routers(project, holders, graph)
    if loose:
        for n, reason in _unserved_routers(project, holders, graph, loose, unserved).items():
            unserved.add(n)
            why[n] = reason
        for n, missing in _unimportable(project, loose - unserved).items():
            unserved.add(n)
            why[n] = (
                f"no application includes its routers, and it cannot be imported: its "
                f"module-level import of `{missing}` names no module of its own package"
            )
    broken = _failing_imports(project)
    if not set(holders) - unserved - set(broken):
        # every application would fail at import: a tree of stubs (a fixture, a snippet, a
        # module generated at build time) more likely than a project that ships nothing
        # that runs; its applications are judged as written
        broken = {}
    dead = set(broken)
    for n in _unimported_routers(project, holders, graph, loose, unserved | dead):
        dead.add(n)
        why[n] = (
            "no application includes its routers, nothing imports it and no other file "
            "names it, beside an application the project serves"
        )
    unserved |= dead
    for n, name in broken.items():
        unserved.add(n)
        why[n] = (
            f"it cannot be imported: its module-level import of `{name}` names something "
            "that module does not bind"
        )
    for n, reason in _parts_of_unserved(project, graph, unserved, factories).items():
        unserved.add(n)
        why[n] = reason
    if dead:
        for n in _imported_only_by_dead(project, graph, dead):
            unserved.add(n)
            why[n] = "only modules that never run import it"
    return Serving(frozenset(unserved), why, factories)


def _unimported_routers(
    project: Project,
    holders: dict[str, ModuleFacts],
    graph: _ImportGraph,
    loose: set[str],
    unserved: set[str],
) -> set[str]:
    """The loose routers (:func:`_loose_routers`: no application includes them) that no
    module imports -- at any level, by a literal ``import_module`` name or through a
    run-time import of a computed name that may load their folder -- that could only run if
    imported (:func:`_may_be_dead`) and whose name no other file writes (an entry point, an
    import string, a launch or configuration file, a document showing the import:
    :func:`_names_of_their_own`), and that the served application passed over: it declares
    a route that application serves (:func:`_superseded`; served on evidence,
    :func:`_running_on_evidence`), or the application, served on evidence or the project's
    only one, includes by hand a router of the module's own package and every
    ``include_router`` of the project names a router the model resolves
    (:func:`_passed_over`): a folder of routers left beside a server that declares its own
    routes, or the one router of a folder its application leaves out, never runs.  A
    distribution that ships no application is a library whose routers its users include:
    not judged; nor is a project a file of which did not parse (it may import them)."""
    if not loose or project.ships_no_application or not completeness(project):
        return set()
    live = {n for n in holders if n not in unserved}
    running = _running_on_evidence(project, graph, live)
    if not running and len(live) != 1:
        return set()
    candidates = {
        n
        for n in loose - unserved
        if n in project.modules and _may_be_dead(project, project.modules[n])
    }
    if not candidates:
        return set()
    candidates -= graph.closure(n for n in project.modules if n not in candidates)
    candidates -= {t for m in project.modules.values() for t in graph.edges(m)}
    passed_over = _passed_over(project, candidates, running or live)
    if running:
        passed_over |= _superseded(project, candidates, running)
    candidates &= passed_over
    if candidates:
        candidates -= _names_of_their_own(project, candidates)
    return candidates - _file_named_in_code(project, candidates) if candidates else set()


def _running_on_evidence(project: Project, graph: _ImportGraph, served: set[str]) -> set[str]:
    """Those of the application modules ``served`` that run on evidence stronger than tests
    and tooling: an entry point, an import string, a launch or configuration file names it
    or a module that imports it, or it starts a server itself (``uvicorn.run``).  A
    ``main.py`` nothing names may be served by a command we never read: its project's
    unimported routers say nothing."""
    roots = _named_roots(project, _Roots({n: project.modules[n] for n in served}, {}))
    for where, data in _launch_texts(project):
        for target, name in _launched(project, data):
            roots.add(target, name, f"`{name}` in {where}")
    running = set(roots.strong()) | {n for n in served if _runs_itself(project, project.modules[n])}
    return served & graph.closure(running)


def _passed_over(project: Project, modules: set[str], served: set[str]) -> set[str]:
    """Those of ``modules`` a router of whose own package (a sibling module) an application
    of ``served`` includes, in a project whose every ``include_router`` call (of the
    application's code) is on a receiver and of a router the model resolves: the
    application composes that folder by
    hand, router by router, and left this one out (an ``include_router`` commented out, a
    router kept for later).  A router included through a loop over a list, ``getattr`` or
    a registry leaves an ``include_router`` unresolved, and then nothing is judged."""
    apps = project.app_instances
    resolved = {id(mc) for inst in apps for _parent, mc in inst.included_by}
    if any(
        mc.method == "include_router" and id(mc) not in resolved
        for m in project.modules_of_class("app")
        for mc in m.method_calls
    ):
        return set()
    composed = {
        inst.module.module.rpartition(".")[0]
        for inst in apps
        if inst.kind == "router"
        and inst.included_by
        and any(i.kind == "app" and i.module.module in served for i in project.include_chain(inst))
    }
    return {n for n in modules if n.rpartition(".")[0] in composed}


def _superseded(project: Project, modules: set[str], served: set[str]) -> set[str]:
    """Those of ``modules`` a route of which has the method and full path of a route an
    application of ``served`` serves: the served application answers that request itself,
    so the router is a superseded version of its routes (its ``POST /scan`` now declared on
    the app), not an optional router that adds paths of its own for users to include."""
    taken: set[tuple[str, str]] = set()
    mine: dict[str, set[tuple[str, str]]] = {}
    for r in project.routes:
        keys = {(m, p) for m in r.methods for p in r.full_paths if p is not None}
        if r.module.module in modules:
            mine.setdefault(r.module.module, set()).update(keys)
        elif any(
            i.kind == "app" and i.module.module in served for i in project.include_chain(r.receiver)
        ):
            taken |= keys
    return {n for n in modules if mine.get(n, set()) & taken}


def _failing_imports(project: Project) -> dict[str, str]:
    """The application modules whose module-level, unguarded ``from <project module> import
    name`` names something that module provably does not bind, with that dotted name: the
    import raises ImportError, so the module never runs (its application is never built, its
    routes never served), whoever names it (an entry point into it crashes at import).  An
    import under ``if`` / ``try`` (a fallback, ``TYPE_CHECKING``) or in a ``with`` block is
    not judged; nor is a target that may bind names unwritten (:func:`_may_bind`)."""
    out: dict[str, str] = {}
    tops = project.top_names
    for m in project.modules_of_class("app"):
        if m.parse_error is not None:
            continue
        for imp in m.import_list:
            if imp.function is not None or imp.conditional or imp.alias == "*":
                continue
            if imp.module.partition(".")[0] not in tops:
                continue
            target, rest = project.split_module(imp.module)
            if target is None or len(rest) != 1 or target.module == m.module:
                continue
            if not _may_bind(project, target, rest[0]) and _top_level_import(project, m, imp):
                out[m.module] = imp.module
                break
    return out


#: Words in a module's text by which it may bind a name it never writes: a module
#: ``__getattr__`` (PEP 562), writes through ``globals()`` / ``vars()`` / ``locals()`` /
#: ``__dict__`` / ``setattr`` / ``sys.modules``, ``exec``, an extended ``__path__``.
_DYNAMIC_BINDING = (
    b"__getattr__",
    b"__path__",
    b"__dict__",
    b"globals",
    b"vars",
    b"locals",
    b"setattr",
    b"modules",
    b"exec",
)


def _may_bind(project: Project, target: ModuleFacts, name: str) -> bool:
    """The project module ``target`` may bind ``name`` at import: it did not parse, its
    text writes the name as a word anywhere (a def, class, assignment, import, loop or
    ``with`` target, ``__all__``, even a comment), it star-imports, it may bind names
    unwritten (:data:`_DYNAMIC_BINDING`), another file of its stem may be what Python loads
    (a compiled extension beside it), or, for a package, a submodule of that name exists."""
    if target.parse_error is not None or defines_name(target, name) or name in target.imports:
        return True  # the facts answer the common case without reading the file
    if any(i.alias == "*" for i in target.import_list):
        return True
    data = project.repo.read_bytes(target.path)
    if data is None or _placeholder(data):
        return True
    for word in (name.encode(), *_DYNAMIC_BINDING):
        if word in data and re.search(rb"(?<![\w])" + re.escape(word) + rb"(?![\w])", data):
            return True
    stem = target.path.rpartition(".")[0]
    if any(f != target.path and f.startswith(stem + ".") for f in project.repo.files):
        return True
    if target.is_package:
        folder = target.path.rpartition("/")[0]
        sub = f"{folder}/{name}" if folder else name
        return any(f == sub or f.startswith((sub + ".", sub + "/")) for f in project.repo.files)
    return False


def _placeholder(data: bytes) -> bool:
    """The module binds nothing at all (empty, comments, a docstring, ``pass``, ``...``): a
    stub standing for a module left out (a specification's fixture, a snippet, a file
    filled at build time), not a module whose names were removed: an import of a name from
    it proves nothing."""
    try:
        body = ast.parse(data).body
    except (SyntaxError, ValueError):
        return True
    return all(isinstance(s, (ast.Expr, ast.Pass)) for s in body)


def _top_level_import(project: Project, m: ModuleFacts, imp: Import) -> bool:
    """``imp`` is a statement of ``m``'s own body (not nested in a ``with``, a class or any
    block): nothing around it can catch the ImportError it raises."""
    try:
        tree = ast.parse(project.repo.read_bytes(m.path) or b"")
    except (SyntaxError, ValueError):
        return False
    return any(
        isinstance(stmt, (ast.Import, ast.ImportFrom)) and stmt.lineno == imp.line
        for stmt in tree.body
    )


def _imported_only_by_dead(project: Project, graph: _ImportGraph, dead: set[str]) -> set[str]:
    """The modules every importer of which never runs: a module that cannot be imported
    (:func:`_failing_imports`), one found so before, or one that imports it only inside a
    module-level function nothing names (:func:`_unnamed_function`); importing a module
    runs each package above it.  Only modules that run only if imported
    (:func:`_may_run_only_imported`) and whose name no other file writes (an entry point, an
    import string, a document: :func:`_names_of_their_own`) are judged, and what such a
    named module imports is kept with it."""
    importers: dict[str, list[tuple[ModuleFacts, str | None]]] = {}
    tops = project.top_names

    def add(target: str, m: ModuleFacts, function: str | None) -> None:
        """``m`` imports ``target``, and so runs each package above it that ``m`` is
        not inside of."""
        parts = target.split(".")
        for k in range(len(parts), 0, -1):
            name = ".".join(parts[:k])
            if name != m.module and not m.module.startswith(name + ".") and name in project.modules:
                importers.setdefault(name, []).append((m, function))

    for m in project.modules.values():
        for imp in m.import_list:
            if imp.module.partition(".")[0] in tops:
                target = project.split_module(imp.module)[0]
                if target is not None:
                    add(target.module, m, imp.function)
        for e in m.dynamic_imports:  # a literal ``import_module`` name: a live importer
            lit = e.value if isinstance(e, Lit) and isinstance(e.value, str) else None
            if lit is not None and (t := project.module_for(lit)) is not None:
                add(t.module, m, "<dynamic>")

    def spread(kept: set[str]) -> set[str]:
        """The modules found so, step by step, none of ``kept``."""
        found: set[str] = set()
        changed = True
        while changed:
            changed = False
            gone = dead | found
            near = {t for d in gone for t in graph.edges(project.modules[d])}
            near |= {t.rsplit(".", k)[0] for t in near for k in range(1, t.count(".") + 1)}
            for n in sorted(near - gone - kept):
                module = project.modules.get(n)
                if module is None or not importers.get(n):
                    continue
                if _may_run_only_imported(project, module) and all(
                    i.module in gone or _unnamed_function(project, i, fn, gone)
                    for i, fn in importers[n]
                ):
                    found.add(n)
                    changed = True
        return found

    # a module some other file names is kept, and so is what it imports: spread again
    kept: set[str] = set()
    found = spread(kept)
    while found:
        named = _names_of_their_own(project, found, frozenset(dead), paths=False)
        if not named:
            break
        kept |= named
        found = spread(kept)
    return found


def _may_run_only_imported(project: Project, m: ModuleFacts) -> bool:
    """``m`` is parsed application code that runs only when imported: a module of
    :func:`_may_be_dead`, or a package's ``__init__`` (what importing the package or any
    module of it runs) that does not run itself."""
    if m.file_class != "app" or m.parse_error is not None:
        return False
    if PurePosixPath(m.path).name == "__init__.py":
        return not _runs_itself(project, m)
    return _may_be_dead(project, m)


def _unnamed_function(
    project: Project, m: ModuleFacts, function: str | None, dead: set[str]
) -> bool:
    """``function`` is a module-level, undecorated function of ``m`` whose name no file
    writes but for its ``def`` (none of the modules ``dead`` counts): an import inside it
    never runs."""
    fn = project.function(function) if function and function != "<dynamic>" else None
    if fn is None or fn.qname != f"{m.module}.{fn.name}" or fn.decorators:
        return False
    dead_paths = {project.modules[n].path for n in dead}
    if set(project.files_naming([fn.name])) - dead_paths - {m.path}:
        return False
    data = project.repo.read_bytes(m.path) or b""
    return len(re.findall(rb"(?<![\w])" + re.escape(fn.name.encode()) + rb"(?![\w])", data)) == 1


def _parts_of_unserved(
    project: Project,
    graph: _ImportGraph,
    unserved: set[str],
    factories: dict[str, tuple[str, int, int]],
) -> dict[str, str]:
    """The modules of routers and routes that hang only on applications nothing serves
    (``build_summary_router()`` that only an unserved ``create_coordinator_app`` includes)
    and that only unserved modules import: a route is served only through an application
    that serves it, and nothing else loads the module.  Repeated, so a router that only such
    a module includes follows it; a module another file (but those unserved modules) names
    by a name of its own (:func:`_names_of_their_own`) is kept."""
    holders = {i.module.module for i in project.app_instances if i.kind == "app"}
    receivers = [i for i in project.app_instances if i.kind != "app"]
    receivers += [r.receiver for r in project.routes]
    tops: dict[str, set[str]] = {}  # module -> the modules of the applications it hangs on
    for inst in receivers:
        n = inst.module.module
        if n in holders or inst.module.file_class != "app":
            continue
        held = tops.setdefault(n, set())
        chain = [i for i in project.include_chain(inst) if i.kind == "app" or "<param>" in i.qname]
        if not chain:
            held.add("")  # loose: :func:`_unserved_routers` judges it
        for top in chain:
            idle = top.kind == "app" and (top.module.module in unserved or top.qname in factories)
            held.add(top.module.module if idle else "")
    importers: dict[str, set[str]] = {}
    for m in project.modules.values():
        for t in graph.edges(m):
            importers.setdefault(t, set()).add(m.module)
    out: dict[str, str] = {}
    changed = True
    while changed:
        changed = False
        for n, held in tops.items():
            if n in out or n in unserved or not held or "" in held:
                continue
            if importers.get(n, set()) <= unserved | out.keys():
                out[n] = (
                    "its routers hang only on applications nothing serves, and only modules "
                    "nothing serves import it"
                )
                changed = True
    # a router some file names by a name of its own is kept: a document may show the
    # package's users how to include it
    named = _names_of_their_own(project, set(out), frozenset(unserved)) if out else set()
    return {n: why for n, why in out.items() if n not in named}


def _unimportable(project: Project, modules: Iterable[str]) -> dict[str, str]:
    """Those of ``modules`` an unconditional module-level import of which fails, with the
    name it imports: a module of one of their own packages that the package neither holds
    (no file or folder of that name beside its ``__init__.py``) nor binds (``from
    pkg.api.v1 import dep`` left behind when ``pkg/api/v1/`` was removed).  A package that
    extends its ``__path__``, answers names with a module ``__getattr__`` or star-imports
    may hold anything, and is not judged."""
    out: dict[str, str] = {}
    for n in sorted(modules):
        m = project.modules[n]
        for imp in m.import_list:
            if imp.function is None and not imp.conditional and imp.alias != "*":
                missing = _missing_submodule(project, m, imp.module)
                if missing:
                    out[n] = missing
                    break
    return out


def _missing_submodule(project: Project, m: ModuleFacts, target: str) -> str | None:
    """The dotted name ``target`` (an import of ``m``) runs, from a package of ``m``'s own
    top package, into a part that is no submodule and no name of the package before it:
    that missing module's name, else None."""
    own = m.module.split(".")
    parts = target.split(".")
    k = 0
    while k < min(len(own), len(parts)) and own[k] == parts[k]:
        k += 1
    while 0 < k < len(parts):
        package = project.modules.get(".".join(parts[:k]))
        if package is None or not package.is_package or package.parse_error is not None:
            return None
        sub = ".".join(parts[: k + 1])
        if sub in project.modules:
            k += 1
            continue
        if _binds(project, package, parts[k]):
            return None
        folder = package.path.rpartition("/")[0]
        stem = f"{folder}/{parts[k]}" if folder else parts[k]
        if any(f == stem or f.startswith((stem + ".", stem + "/")) for f in project.repo.files):
            return None
        return sub
    return None


def _binds(project: Project, package: ModuleFacts, name: str) -> bool:
    """The package's ``__init__`` may bind ``name``: its text holds the name as a word
    (a binding, an import, ``__all__``, anywhere), or it extends its ``__path__``, answers
    names with a module ``__getattr__`` or star-imports (then it may bind anything)."""
    if any(i.alias == "*" and i.function is None for i in package.import_list):
        return True
    data = project.repo.read_bytes(package.path)
    if data is None:
        return True
    words = (name.encode(), b"__path__", b"__getattr__")
    return any(re.search(rb"(?<![\w])" + re.escape(w) + rb"(?![\w])", data) for w in words)


def _source_folder_launchers(
    project: Project, holders: dict[str, ModuleFacts], unserved: set[str]
) -> list[str]:
    """In an installed distribution (a ``*.dist-info``), the application modules that
    import the distribution's own modules, unconditionally and at module level, by a name
    relative to their folder (``from view import page`` in ``pkg/debug.py`` for
    ``pkg/view/page.py``): no such top-level module is installed, so the module runs only
    from the source folder (``cd pkg && python debug.py``) -- a developer's launcher, not
    what the distribution ships.  Only beside another application module that imports
    nothing so, and in a project that writes ``sys.path`` nowhere (a path set-up can make
    such names importable)."""
    installed = project.installed_distribution or ""
    if len(holders) < 2 or not installed.endswith(".dist-info") or installed.startswith(".."):
        return []  # a wheel unpacked with its ``*.dist-info``: the tree is what is installed
    roots = {path.partition("/")[0].removesuffix(".py") for path in project.repo.files}

    def folder_relative(m: ModuleFacts) -> bool:
        for imp in m.import_list:
            if imp.function is not None or imp.conditional:
                continue
            first = imp.module.partition(".")[0]
            if first in roots or first not in project.top_names:
                continue
            target, rest = project.split_module(imp.module)
            if target is None:
                continue
            named = imp.module.split(".")
            named = named[: len(named) - len(rest)]
            # the tree places it deeper than the import names it (``view.page`` is
            # ``pkg.view.page``): a name relative to a folder inside the package
            if target.module.endswith("." + ".".join(named)):
                return True
        return False

    found = [n for n, m in holders.items() if n not in unserved and folder_relative(m)]
    if not found or all(n in found or n in unserved for n in holders):
        return []
    for m in project.modules.values():
        data = project.repo.read_bytes(m.path)
        if data and b"sys.path" in data:
            return []
    return found


def _unnamed_factories(
    project: Project, apps: list[AppInstance], graph: _ImportGraph, unserved: set[str]
) -> dict[str, tuple[str, int, int]]:
    """The applications built in a module-level factory function whose name nothing writes
    (no call, import, export or mention in any other file, none in its own module but its
    ``def``, no decorator), beside an application of the same module that is served on
    positive evidence: one built in a factory whose name another file writes (the package
    exports it, a README or a launch names it), or a module-level one of a module another
    module imports or a launch file, an entry point or an import string names.  Nothing can
    run such a factory (an in-memory test double, ``create_test_app``, beside the
    ``create_app`` the package exports); the factory's findings are not reported.  A
    project whose only application is built in a factory (``uvicorn --factory`` written
    nowhere we read) keeps it, as does a factory beside applications of no such evidence,
    or beside the applications of other modules only (a ``serve()`` of a library's users)."""
    factories: dict[str, list[tuple[AppInstance, Function]]] = {}
    module_level: dict[str, AppInstance] = {}
    for a in apps:
        if a.module.module in unserved or a.kind != "app":
            continue
        if a.function is None:
            module_level[a.module.module] = a
            continue
        fn = a.module.functions.get(a.function)
        if fn is not None and fn.qname == f"{a.module.module}.{fn.name}" and not fn.class_qname:
            factories.setdefault(a.module.module, []).append((a, fn))
    candidates: dict[str, tuple[AppInstance, Function]] = {}
    for module, found in factories.items():
        if len(found) + (module in module_level) < 2:
            continue  # no application beside it in its module
        data = project.repo.read_bytes(found[0][0].module.path) or b""
        for a, fn in found:
            word = re.compile(rb"(?<![\w])" + re.escape(fn.name.encode()) + rb"(?![\w])")
            if not fn.decorators and len(word.findall(data)) == 1:
                candidates[a.qname] = (a, fn)
    if not candidates:
        return {}
    # the names of the factories of those modules that another file writes
    modules = {a.module.module for a, _fn in candidates.values()}
    names = {fn.name.encode() for m in modules for _a, fn in factories[m]}
    written = _written_names(project, names, {project.modules[m].path for m in modules})
    candidates = {
        q: (a, fn) for q, (a, fn) in candidates.items() if fn.name.encode() not in written
    }
    evidenced = {m for m in modules if any(fn.name.encode() in written for _a, fn in factories[m])}
    rest = [m for m in modules if m not in evidenced and m in module_level]
    if rest:
        strong = _strong_roots(project)
        importers = graph.importers_of(rest)
        for n in rest:
            if n in strong or any(
                i != n and n in graph.edges(project.modules[i]) for i in importers
            ):
                evidenced.add(n)
    return {
        q: (a.path, fn.line, fn.end_line)
        for q, (a, fn) in candidates.items()
        if a.module.module in evidenced
    }


def uncalled_app_helpers(project: Project) -> dict[str, tuple[str, int, int]]:
    """The module-level functions handed an application (``def mount_ui(app: FastAPI):``,
    the parameter's annotation says what it is) that register routes on it, and that
    nothing calls: dead code by :meth:`Project.dead_code` (no use of the name can run it)
    whose name no other file writes either (a README, an entry point, another module's
    docstring: a library's users may call it), in a project that serves an application of
    its own and loads no module by a computed name (a plugin loader may run it by a name it
    reads).  A route is added to an app only when the code adding it runs, so these routes
    are never served: function qname -> (path, first line, last line) of the helper, where
    no finding is reported."""
    helpers: dict[str, Function] = {}
    for route in project.routes:
        owner, sep, param = route.receiver.qname.partition(".<param>.")
        fn = project.function(owner) if sep else None
        if (
            fn is not None
            and fn.class_qname is None
            and ".<locals>." not in fn.qname
            and any(p.name == param for p in fn.params)
            and project.modules[fn.module].file_class == "app"
        ):
            helpers[fn.qname] = fn
    if not helpers or not project.served_apps:
        return {}
    for m in project.modules.values():
        if any(not (isinstance(e, Lit) and isinstance(e.value, str)) for e in m.dynamic_imports):
            return {}
    dead = [helpers[q] for q in sorted(project.dead_code(helpers))]
    own = {project.modules[fn.module].path for fn in dead}
    written = _written_names(project, {fn.name.encode() for fn in dead}, own)
    return {
        fn.qname: (project.modules[fn.module].path, fn.line, fn.end_line)
        for fn in dead
        if fn.name.encode() not in written
    }


def _built_only_by_private_modules(
    project: Project, apps: list[AppInstance], graph: _ImportGraph, unserved: set[str]
) -> dict[str, tuple[str, int, int]]:
    """The applications built in a module-level factory function whose result only private
    modules nothing runs keep (``app = create_optimizer_app()`` at the top of
    ``pkg/_internal/optimizer_server.py``): each such module has a private part in its
    name (``_internal``: not the package's API), nothing imports it, it runs no server
    itself, and no other file writes its name (no README, Dockerfile, entry point,
    configuration or loader map: nothing can start ``uvicorn ..._internal...:app``); no
    file but the factory's own module and those modules writes the factory's name; and an
    application of another module is served on strong evidence (an entry point, an import
    string, a launch file).  The factory's findings are not reported: app qname -> (path,
    first line, last line) of the factory."""
    factories: dict[str, tuple[AppInstance, Function]] = {}
    for a in apps:
        if a.kind != "app" or a.function is None or a.module.module in unserved:
            continue
        fn = a.module.functions.get(a.function)
        if fn is not None and fn.qname == f"{a.module.module}.{fn.name}" and not fn.decorators:
            factories.setdefault(fn.qname, (a, fn))
    builders: dict[str, set[str]] = {}  # factory qname -> modules keeping its result
    for m in project.modules.values():
        for inst in m.instances:
            fn = project.function(qname_of(inst.call)) if inst.function is None else None
            if fn is not None and fn.qname in factories and fn.module != m.module:
                builders.setdefault(fn.qname, set()).add(m.module)
    if not builders:
        return {}
    strong = graph.closure(_strong_roots(project))
    out: dict[str, tuple[str, int, int]] = {}
    for q, modules in builders.items():
        a, fn = factories[q]
        others = [
            o
            for o in apps
            if o.kind == "app" and o is not a and o.module.module in strong
            if o.module.module not in modules
        ]
        if not others or not all(_private_and_idle(project, graph, n) for n in modules):
            continue
        own = {project.modules[n].path for n in modules} | {a.module.path}
        stems = {n.rpartition(".")[2].encode() for n in modules}
        if _written_names(project, stems | {fn.name.encode()}, own, lists=False):
            continue
        out[a.qname] = (a.module.path, fn.line, fn.end_line)
    return out


def _private_and_idle(project: Project, graph: _ImportGraph, name: str) -> bool:
    """The module ``name`` is private (a part of its dotted name starts with one
    underscore), of the application's code, imported by no other module, and runs no
    server itself."""
    m = project.modules[name]
    private = any(p.startswith("_") and not p.startswith("__") for p in name.split("."))
    return (
        private
        and m.file_class == "app"
        and m.parse_error is None
        and graph.importers_of([name]) == {name}
        and not _runs_itself(project, m)
    )


def _written_names(
    project: Project, names: set[bytes], own: set[str], lists: bool = True
) -> set[bytes]:
    """Those of ``names`` that a file of the tree other than ``own`` writes (``lists=False``:
    not counting the files that list a distribution's files, whose paths name every
    module)."""
    written: set[bytes] = set()
    for path in project.repo.files:
        if path in own or path.endswith(_NOT_TEXT):
            continue
        if not lists and path.rpartition("/")[2] in _FILE_LISTS:
            continue
        text = project.repo.searchable_bytes(path)
        if text:
            written |= {n for n in names - written if n in text}
        if written == names:
            break
    return written


def _factories_need_arguments(project: Project, name: str) -> bool:
    """Every application of the module ``name`` is built in a module-level function with a
    parameter that has no default (``def create_coordinator_app(site_id: str)``): a
    launcher that names a factory (``uvicorn --factory``, a server's ``factory=True``) calls
    it with no argument, so only code that calls it with its arguments can build the
    application."""
    found = False
    for a in project.fastapi_apps:
        if a.module.module != name:
            continue
        fn = a.module.functions.get(a.function) if a.function else None
        if a.kind != "app" or fn is None or fn.qname != f"{name}.{fn.name}":
            return False
        if not any(p.kind in _REQUIRED_KINDS and p.default is None for p in fn.params):
            return False
        found = True
    return found


#: Parameter kinds a caller must fill when they have no default.
_REQUIRED_KINDS = frozenset({"posonly", "arg", "kwonly"})


def _unnamed_factory_modules(project: Project, modules: dict[str, ModuleFacts]) -> set[str]:
    """Those of ``modules`` whose every application is built in a module-level factory
    function (no decorator) that no other file names and its own module only in its
    ``def``: no code calls the factory, and no launcher can name it."""
    found: dict[str, set[bytes]] = {}
    other: set[str] = set()  # a module with an application built otherwise: named otherwise
    for a in project.fastapi_apps:
        m = modules.get(a.module.module)
        if m is None:
            continue
        fn = m.functions.get(a.function) if a.function else None
        if (
            a.kind != "app"
            or fn is None
            or fn.qname != f"{m.module}.{fn.name}"
            or fn.class_qname
            or fn.decorators
        ):
            other.add(m.module)
        else:
            found.setdefault(m.module, set()).add(fn.name.encode())
    out: set[str] = set()
    for n, words in found.items():
        data = project.repo.read_bytes(modules[n].path) or b""
        if n in other or any(
            len(re.findall(rb"(?<![\w])" + re.escape(w) + rb"(?![\w])", data)) != 1 for w in words
        ):
            continue
        if not _written_names(project, words, {modules[n].path}):
            out.add(n)
    return out


#: Files that write no name (images, archives, compiled code): not read for one.
_NOT_TEXT = (
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".ico",
    ".svg",
    ".woff",
    ".woff2",
    ".ttf",
    ".pdf",
    ".jar",
    ".zip",
    ".gz",
    ".whl",
    ".so",
    ".pyd",
    ".dll",
    ".pyc",
    ".mo",
    ".db",
    ".sqlite",
)


def _named_roots(project: Project, roots: _Roots) -> _Roots:
    """``roots`` with what names a module to run: import strings (``uvicorn.run(
    "pkg.main:app")``; in the module itself it runs itself), the distribution's entry
    points, and tests and tooling (weak: they import what they exercise)."""
    for m in project.modules.values():
        for text in m.import_strings:
            target = project.module_for(text.partition(":")[0])
            if target is not None:
                own = target is m
                roots.add(target, text.partition(":")[0], f"`{text}` in {m.path}", own, own)
        if m.file_class in ("test", "tooling"):
            roots.add(m, None, f"{m.file_class} {m.path}", weak=True)
    for where, module in _entry_point_modules(project):
        target = project.module_for(module)
        if target is not None:
            roots.add(target, module, f"entry point in {where}")
    return roots


def _strong_roots(project: Project) -> set[str]:
    """The modules an entry point, another module's import string or a launch file names."""
    out: set[str] = set()
    for m in project.modules.values():
        for text in m.import_strings:
            target = project.module_for(text.partition(":")[0])
            if target is not None and target is not m:
                out.add(target.module)
    for _where, module in _entry_point_modules(project):
        target = project.module_for(module)
        if target is not None:
            out.add(target.module)
    for _where, data in _launch_texts(project):
        out.update(target.module for target, _name in _launched(project, data))
    return out


def _serving_apps(
    project: Project, holders: dict[str, ModuleFacts], graph: _ImportGraph
) -> Serving:
    """:func:`serving` for the modules that hold applications (two or more)."""
    copies = _copies(project, holders)
    copy_of = {n: group for group in copies for n in group}
    roots = _named_roots(project, _Roots(holders, copy_of))
    reached = graph.closure(roots.all())
    silent = [n for n in holders if n not in reached]
    if not silent and not copies:
        return Serving(frozenset(), roots.why(holders, reached))
    # modules that run themselves: read only where they could reach a silent application
    # (or a copy)
    for name in graph.importers_of([*silent, *copy_of]):
        m = project.modules[name]
        if m.file_class == "app" and _runs_itself(project, m):
            roots.add(m, None, f"{m.path} runs itself", weak=True, own=True)
    reached = graph.closure(roots.all())
    # in an installed distribution, an application only a module running itself reaches
    # is judged below (it may be a program nobody starts)
    itself = bool(roots.itself) and ".dist-info" in (project.installed_distribution or "")
    named = graph.closure(roots.all(named=True)) if itself else reached
    if all(n in named for n in holders) and not copies:
        return Serving(frozenset(), roots.why(holders, reached))
    for where, data in _launch_texts(project):
        for target, name in _launched(project, data):
            roots.add(target, name, f"`{name}` in {where}")
    strong = graph.closure(roots.strong())
    reached = graph.closure(roots.all())
    why = roots.why(holders, reached)
    unserved: set[str] = set()
    # a copy that nothing names by a name of its own, beside one that is: unserved
    extrinsic = graph.closure(roots.all(extrinsic=True)) if copies else frozenset()
    for group in copies:
        served_copy = next((n for n in group if n in extrinsic), None)
        if served_copy is None:
            continue
        for n in group:
            if n not in extrinsic:
                unserved.add(n)
                why[n] = f"a copy of {holders[served_copy].path}, the one served"
    # positive evidence: another application of the same component is served (an app in a
    # folder with a project or container file of its own is deployed on its own terms)
    component = _components(project)
    served_elsewhere = {
        (component(holders[n].path), n) for n in holders if n in strong and n not in unserved
    }
    seeds = {r.module.module for r in project.routes} | {
        i.module.module for i in project.app_instances
    }

    def beside_served(n: str, m: ModuleFacts, served: frozenset[str] = frozenset()) -> bool:
        """Another application of its component is served, and it composes nothing (but
        parts of ``served``)."""
        if not any(c == component(m.path) and o != n for c, o in served_elsewhere):
            return False
        if any(t in seeds and t != n and t not in served for t in graph.edges(m)):
            why[n] = "nothing runs it, but it composes other parts: the top application"
            return False
        return True

    for n, m in holders.items():
        if n in reached or n in unserved or not beside_served(n, m):
            continue
        unserved.add(n)
        why[n] = "nothing imports, names or runs it, while other applications are served"
    # an application that composes only parts the served application composes too, built
    # only in factories nothing calls or names, in a module nothing reaches and no other
    # file names: nothing can build it (a second ``create_app`` beside the factory the
    # project's own command serves)
    # -- or whatever it composes, when its factories take arguments no launcher gives
    # (``uvicorn --factory`` calls a factory with none): only code can build it, and no
    # code names it
    spare: dict[str, ModuleFacts] = {}
    own_parts: set[str] = set()
    for n, m in holders.items():
        if n in reached or n in unserved:
            continue
        if beside_served(n, m, strong - {n}):
            spare[n] = m
        elif _factories_need_arguments(project, n) and beside_served(n, m, frozenset(seeds)):
            spare[n] = m
            own_parts.add(n)
    if spare:
        spare = {n: spare[n] for n in _unnamed_factory_modules(project, spare)}
    for n in spare.keys() - _names_of_their_own(project, set(spare)):
        unserved.add(n)
        why[n] = (
            "its factories take arguments no launcher gives and are called and named "
            "nowhere, in a module nothing imports or names: no code builds it"
            if n in own_parts
            else "its factories are called and named nowhere, in a module nothing imports or "
            "names, and the parts it composes the served application composes too"
        )
    # an application only an object of a class builds, in a module nothing reaches, whose
    # class no other file names: no import string names an instance's attribute, and no
    # code of the project builds the object -- beside an application that runs, on any
    # evidence, it is a prototype (a wrapper class nothing instantiates)
    ran = {component(holders[n].path) for n in holders if n in reached and n not in unserved}
    idle = {
        n: m
        for n, m in holders.items()
        if n not in reached
        and n not in unserved
        and component(m.path) in ran
        and not any(t in seeds and t != n for t in graph.edges(m))
    }
    for n in _unnamed_classes(project, idle):
        unserved.add(n)
        why[n] = (
            "its application is built by a class that no code of the project instantiates "
            "and no other file names, in a module nothing imports, while another "
            "application runs"
        )
    # an installed package runs what its entry points, imports and documents name: a module
    # of it that only runs itself as a program (a ``__main__`` block) and whose name
    # no other file writes is a program nobody starts (``python -m pkg.legacy`` appears
    # nowhere), beside the application its entry points serve -- even when it includes
    # routers, if the served application reaches them too (a legacy top application)
    if itself:
        named = graph.closure(roots.all(named=True))
        alone = {
            n: m
            for n, m in holders.items()
            if n in reached
            and n not in named
            and n not in unserved
            and beside_served(n, m, strong - {n})
        }
        alone = {n: m for n, m in alone.items() if _program_only(project, m)}
        for n in alone.keys() - _written_elsewhere(project, alone):
            unserved.add(n)
            why[n] = (
                "it only runs itself, and no other file of the installed distribution names "
                "it, while its entry points serve another application"
            )
    return Serving(frozenset(unserved), why)


def _loose_routers(
    project: Project, holders: dict[str, ModuleFacts], graph: _ImportGraph
) -> set[str]:
    """Modules of routes and routers that no application includes: every route and router
    of the module hangs, through ``include_router``, on no FastAPI application (nor on one
    the model cannot name), and the applications' own modules do not import it.  Empty in
    the common project, whose routers all reach its application; the import graph is walked
    only when some module is loose."""
    loose: set[str] = set()
    attached: set[str] = set()

    def hangs(inst: AppInstance) -> bool:
        """On an application, or on one the model cannot name, or in a module not judged."""
        m = inst.module
        return (
            m.file_class != "app"
            or m.parse_error is not None
            or any(i.kind == "app" or "<param>" in i.qname for i in project.include_chain(inst))
        )

    for inst in project.app_instances:
        if inst.kind != "app":
            (attached if hangs(inst) else loose).add(inst.module.module)
    for r in project.routes:  # the handler's module and the registering one
        (attached if hangs(r.receiver) else loose).update((r.module.module, r.site.module))
    loose -= holders.keys()
    loose -= attached
    if loose:
        loose -= graph.closure(holders)
    return loose


def _unserved_routers(
    project: Project,
    holders: dict[str, ModuleFacts],
    graph: _ImportGraph,
    loose: set[str],
    unserved_apps: set[str],
) -> dict[str, str]:
    """The loose routers (:func:`_loose_routers`) nothing serves, with the reason: nothing
    that runs imports them (entry points, import strings, launch and configuration files,
    modules that run themselves, tests and tooling), while an application of their component
    is served by stronger evidence than tests and includes routers of other modules; and no
    other file writes a name of their own (the shortest dotted or path suffix no other
    module answers to: ``src.src.api.router`` beside ``src.api.router``).  A library's
    routers, which an application of its users includes, are not judged: the library has no
    served application of its own, or its documents name them."""
    if not completeness(project):  # a file the model did not parse may import it
        return {}
    roots = _named_roots(project, _Roots(holders, {}))
    for where, data in _launch_texts(project):
        for target, name in _launched(project, data):
            roots.add(target, name, f"`{name}` in {where}")
    for name in graph.importers_of(loose):
        m = project.modules[name]
        if m.file_class == "app" and _runs_itself(project, m):
            roots.add(m, None, f"{m.path} runs itself", weak=True, own=True)
    reached = graph.closure(roots.all())
    dead = {n for n in loose if n not in reached}
    if not dead:
        return {}
    strong = graph.closure(roots.strong())
    component = _components(project)
    # the served applications that include routers of other modules
    composing: set[str] = set()
    for inst in project.app_instances:
        if inst.kind == "app" or inst.module.module in loose:
            continue
        for top in project.include_chain(inst):
            n = top.module.module
            if top.kind == "app" and n in strong and n not in unserved_apps:
                composing.add(component(holders[n].path) if n in holders else component(top.path))
    dead = {n for n in dead if component(project.modules[n].path) in composing}
    # only a copy of a served module: its last two name parts are a served module's
    # (``src.src.api.router`` beside the served ``src.api.router``); a router of its own
    # name is kept -- one an application of the package's users includes (an optional
    # router a hosted edition adds), or one a scaffolding tool registers when it copies it
    served_tails = {tuple(n.split(".")[-2:]) for n in strong if n not in loose}
    copies = _route_copies(project, dead, {n for n in strong if n not in loose})
    dead = {
        n
        for n in dead
        if (n.count(".") and tuple(n.split(".")[-2:]) in served_tails) or n in copies
    }
    if not dead:
        return {}
    # a module some file names, and the loose ones linked to it by imports, are kept
    named = _names_of_their_own(project, dead)
    links = {n: graph.edges(project.modules[n]) & dead for n in dead}
    stack = list(named)
    while stack:
        n = stack.pop()
        for o in dead - named:
            if o in links[n] or n in links[o]:
                named.add(o)
                stack.append(o)
    why = (
        "a copy of a served module that no application includes and nothing that runs "
        "imports, while the served application includes its routers from other modules"
    )
    return dict.fromkeys(dead - named, why)


def _route_copies(project: Project, modules: set[str], served: set[str]) -> set[str]:
    """Those of ``modules`` whose routes (two or more: methods and decorator path) are all
    routes of one served module: a superseded copy under another name (uofast-mcp's
    ``setup/router.py``, every route of which ``admin/setup_router.py`` serves under
    ``/admin/setup``), not an optional router of its own."""
    routes: dict[str, set[tuple[tuple[str, ...], str]]] = {}
    for r in project.routes:
        n = r.module.module
        if r.path is not None and (n in modules or n in served):
            routes.setdefault(n, set()).add((tuple(r.methods), r.path))
    return {
        n
        for n in modules
        if len(routes.get(n, ())) >= 2
        and any(o != n and routes[n] <= routes.get(o, set()) for o in served)
    }


#: Files that list a distribution's files: naming a module there serves nothing.
_FILE_LISTS = ("RECORD", "SOURCES.txt", "installed-files.txt")


def _names_of_their_own(
    project: Project,
    modules: set[str],
    unread: frozenset[str] = frozenset(),
    paths: bool = True,
) -> set[str]:
    """Those of ``modules`` whose own name some other file writes: the shortest dotted
    suffix of two parts or more (or, with ``paths``, its path form) that no module outside
    ``modules`` ends with (``pkg.contrib.admin`` in a README that shows how to include the
    router).  The modules ``unread`` (code that never runs) are not read for a name."""
    others = [tuple(n.split(".")) for n in project.modules if n not in modules]
    own_paths = {project.modules[n].path for n in modules | unread if n in project.modules}
    patterns: dict[str, re.Pattern[bytes]] = {}
    last: dict[str, bytes] = {}
    for n in modules:
        parts = tuple(n.split("."))
        for k in range(min(2, len(parts)), len(parts) + 1):
            tail = parts[-k:]
            if not any(o[-k:] == tail for o in others):
                break
        # the last part, written by every spelling: a cheap test before the pattern's search
        last[n] = tail[-1].encode()
        dotted = re.escape(".".join(tail).encode())
        either = dotted + rb"|" + re.escape("/".join(tail).encode()) if paths else dotted
        patterns[n] = re.compile(rb"(?<![\w])(?:" + either + rb")(?![\w])")
    found: set[str] = set()
    for path in project.repo.files:
        if path in own_paths or path.rpartition("/")[2] in _FILE_LISTS or path.endswith(_NOT_TEXT):
            continue
        data = project.repo.searchable_bytes(path)
        if not data:
            continue
        for n, pattern in patterns.items():
            if n not in found and last[n] in data and pattern.search(data):
                found.add(n)
        if len(found) == len(patterns):
            break
    return found


def _program_only(project: Project, m: ModuleFacts) -> bool:
    """The module serves only as a program: a ``__main__`` block, and no function of it
    but ``main`` runs a server (``def run_server(...)`` that starts ``uvicorn.run`` is an
    API its users call from their own code)."""
    data = project.repo.read_bytes(m.path)
    if not data or _MAIN_BLOCK.search(data) is None:
        return False
    lines = data.splitlines()
    for fn in m.functions.values():
        if fn.name == "main" or fn.name.startswith("_") or ".<locals>." in fn.qname:
            continue
        body = b"\n".join(lines[fn.line - 1 : fn.end_line])
        if any(w in body for w in _RUNNERS) or b":app" in body:
            return False
    return True


def _unnamed_classes(project: Project, modules: dict[str, ModuleFacts]) -> list[str]:
    """Those of ``modules`` whose every application is an attribute of a class's object
    (``self.app = FastAPI()``) and whose classes' names no other file writes, and their own
    module only in their ``class`` line."""
    classes: dict[str, set[str]] = {}
    for a in project.fastapi_apps:
        if a.module.module not in modules:
            continue
        holder, self_, _attr = a.qname.rpartition(".<self>.")
        held = classes.setdefault(a.module.module, set())
        if not self_ or "." in holder.removeprefix(a.module.module + ".") or "<" in holder:
            held.add("")  # a module-level or function-level application: named otherwise
        else:
            held.add(holder.rpartition(".")[2])
    out: list[str] = []
    for n, held in classes.items():
        if "" in held:
            continue
        data = project.repo.read_bytes(modules[n].path) or b""
        words = [re.compile(rb"(?<![\w])" + re.escape(c.encode()) + rb"(?![\w])") for c in held]
        if any(len(w.findall(data)) != 1 for w in words):
            continue
        if not _written_elsewhere(project, {f"{n}.{c}": modules[n] for c in held}):
            out.append(n)
    return out


def _written_elsewhere(project: Project, modules: dict[str, ModuleFacts]) -> set[str]:
    """Those of ``modules`` whose name (the last part of the dotted name) some other file of
    the tree writes as a word -- a launch command, an import, a document (``RECORD``, the
    list of the distribution's files, does not count)."""
    stems = {n: n.rpartition(".")[2].encode() for n in modules}
    words = {
        stem: re.compile(rb"(?<![\w])" + re.escape(stem) + rb"(?![\w])") for stem in stems.values()
    }
    own = {m.path for m in modules.values()}
    out: set[str] = set()
    for path in project.repo.files:
        if (
            path in own
            or path.endswith(".dist-info/RECORD")
            or path.endswith(_NOT_TEXT)
            or len(out) == len(modules)
        ):
            continue
        data = project.repo.searchable_bytes(path)
        if not data:
            continue
        for n, stem in stems.items():
            if n not in out and stem in data and words[stem].search(data):
                out.add(n)
    return out


#: Files that make their folder a component deployed on its own terms (a project, an image).
COMPONENT_FILES = frozenset({"pyproject.toml", "setup.py", "setup.cfg", "requirements.txt"})


def _components(project: Project) -> Callable[[str], str]:
    """path -> the folder of its component: the nearest folder above it that holds a
    project file, a requirements file or a Dockerfile of its own ("" for the root)."""
    roots = set()
    for path in project.repo.files:
        folder, _, name = path.rpartition("/")
        if name in COMPONENT_FILES or name.lower().startswith("dockerfile"):
            roots.add(folder)

    def component(path: str) -> str:
        folder = path.rpartition("/")[0]
        while folder and folder not in roots:
            folder = folder.rpartition("/")[0]
        return folder

    return component


class _Roots:
    """The modules that run (:func:`serving`), with the evidence for each.  A mention that
    names several copies of one module (``"function_server:app"``) is ambiguous: it keeps
    them all, but serves none over the others; a copy's own ``__main__`` is intrinsic (the
    copies share it)."""

    def __init__(self, holders: dict[str, ModuleFacts], copy_of: dict[str, list[str]]) -> None:
        self.holders = holders
        self.copy_of = copy_of
        #: module -> (evidence, weak, extrinsic)
        self.found: dict[str, list[tuple[str, bool, bool]]] = {}
        #: the modules whose only evidence is their own text: they run themselves
        self.itself: set[str] = set()

    def add(
        self,
        m: ModuleFacts,
        text: str | None,
        evidence: str,
        weak: bool = False,
        own: bool = False,
    ) -> None:
        """``m`` runs (``text``: the name it was named by; ``weak``: run by tests, tooling
        or itself only, which keeps it but says nothing of the others; ``own``: the
        evidence is in its own text, which its copies share)."""
        group = self.copy_of.get(m.module)
        named = [m.module]
        if group and text is not None:
            named += [o for o in group if o != m.module and _names(self.holders[o], text)]
        for n in named:  # a name several copies answer to serves each of them, none over another
            extrinsic = not (own and group) and len(named) == 1
            if weak and own and n not in self.found:
                self.itself.add(n)
            elif not (weak and own):
                self.itself.discard(n)
            self.found.setdefault(n, []).append((evidence, weak, extrinsic))

    def all(self, extrinsic: bool = False, named: bool = False) -> list[str]:
        """The roots (``extrinsic``: only those whose evidence tells copies apart;
        ``named``: not those that only run themselves)."""
        return [
            n
            for n, ev in self.found.items()
            if any(x or not extrinsic for _e, _w, x in ev) and not (named and n in self.itself)
        ]

    def strong(self) -> list[str]:
        """The roots that are more than tests, tooling or a module running itself."""
        return [n for n, ev in self.found.items() if any(not w for _e, w, _x in ev)]

    def why(self, holders: dict[str, ModuleFacts], reached: frozenset[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for n in holders:
            if n in self.found:
                out[n] = self.found[n][0][0]
            elif n in reached:
                out[n] = "imported by what runs"
        return out


class _ImportGraph:
    """The project's import edges (any level; literal ``importlib.import_module`` names;
    every module under the folder of a computed one), built once."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._edges: dict[str, frozenset[str]] = {}
        self._tops = project.top_names

    def edges(self, m: ModuleFacts) -> frozenset[str]:
        known = self._edges.get(m.module)
        if known is not None:
            return known
        out: set[str] = set()
        tops = self._tops
        for imp in m.import_list:
            if imp.module.partition(".")[0] not in tops:
                continue  # no project module starts so (``os.path``): not worth a split
            target = self.project.split_module(imp.module)[0]
            if target is not None:
                out.add(target.module)
        for e in m.dynamic_imports:
            if isinstance(e, Lit) and isinstance(e.value, str):
                target = self.project.module_for(e.value)
                if target is not None:
                    out.add(target.module)
        out.discard(m.module)
        self._edges[m.module] = frozenset(out)
        return self._edges[m.module]

    def importers_of(self, names: Iterable[str]) -> set[str]:
        """``names`` and the modules that import them, transitively."""
        importers: dict[str, list[str]] = {}
        for m in self.project.modules.values():
            for t in self.edges(m):
                importers.setdefault(t, []).append(m.module)
        stack = list(names)
        seen: set[str] = set()
        while stack:
            name = stack.pop()
            if name not in seen:
                seen.add(name)
                stack.extend(importers.get(name, ()))
        return seen

    def closure(self, roots: Iterable[str]) -> frozenset[str]:
        project = self.project
        stack = list(roots)
        seen: set[str] = set()
        while stack:
            while stack:
                name = stack.pop()
                if name in seen:
                    continue
                seen.add(name)
                m = project.modules.get(name)
                if m is not None:
                    stack.extend(t for t in self.edges(m) if t not in seen)
                    # importing ``pkg.cli`` runs ``pkg/__init__.py`` first
                    parent = name.rpartition(".")[0]
                    if parent and parent not in seen and parent in project.modules:
                        stack.append(parent)
            stack = [m.module for m in _loaded(project, seen) if m.module not in seen]
        return frozenset(seen)


def _runs_itself(project: Project, m: ModuleFacts) -> bool:
    data = project.repo.read_bytes(m.path)
    if not data:
        return False
    if any(w in data for w in _RUNNERS):
        return True
    return b"__main__" in data and _MAIN_BLOCK.search(data) is not None


def _names(m: ModuleFacts, text: str) -> bool:
    """``text`` (a dotted name or a path) may name the module ``m``: one ends with the other."""
    if "/" in text or text.endswith(".py"):
        a = PurePosixPath(text).parts
        b = PurePosixPath(m.path).parts
        a = tuple(p for p in a if p not in (".", "/"))
    else:
        a, b = tuple(text.split(".")), tuple(m.module.split("."))
    n = min(len(a), len(b))
    return n > 0 and a[-n:] == b[-n:]


def _copies(project: Project, holders: dict[str, ModuleFacts]) -> list[list[str]]:
    """Groups of application modules that are copies of each other (equal but for blank
    space)."""
    by_text: dict[bytes, list[str]] = {}
    for name, m in holders.items():
        data = project.repo.read_bytes(m.path)
        if data:
            by_text.setdefault(b" ".join(data.split()), []).append(name)
    return [sorted(group) for group in by_text.values() if len(group) > 1]


def _launch_files(project: Project, python: bool = True) -> list[str]:
    out = []
    for path in project.repo.files:
        name = path.rsplit("/", 1)[-1].lower()
        if path.endswith(".py"):
            if python:
                out.append(path)
        elif (
            name in LAUNCH_FILE_NAMES
            or name.startswith(LAUNCH_FILE_PREFIXES)
            or name.endswith(LAUNCH_FILE_SUFFIXES)
        ):
            out.append(path)
    return out


def _launch_texts(project: Project) -> Iterator[tuple[str, bytes]]:
    """The project's launch and configuration files (not its Python modules, whose import
    strings the walker records), and the entry points of the distribution beside it."""
    for path in _launch_files(project, python=False):
        data = project.repo.read_bytes(path)
        if data:
            yield path, data


def _launched(project: Project, data: bytes) -> Iterator[tuple[ModuleFacts, str]]:
    """The project modules ``data`` names (:data:`_LAUNCH_NAME`), with the name: resolved,
    or every module whose name (path) ends with it or is its end."""
    index = _stem_index(project)
    for found in _LAUNCH_NAME.finditer(data):
        dotted, attr, module, path = found.groups()
        text = (dotted or module or path or b"").decode("utf-8", "replace")
        stem = PurePosixPath(text).stem if path else text.rsplit(".", 1)[-1]
        exact = None if path else project.module_for(text)
        if exact is not None:
            if attr is None or defines_name(exact, attr.decode()):
                yield exact, text
            continue
        for m in index.get(stem, ()):
            if _names(m, text) and (attr is None or defines_name(m, attr.decode())):
                yield m, text


def _stem_index(project: Project) -> dict[str, list[ModuleFacts]]:
    """Last part of a module's name -> the modules (a package by its folder's name)."""
    out: dict[str, list[ModuleFacts]] = {}
    for m in project.modules.values():
        out.setdefault(m.module.rsplit(".", 1)[-1], []).append(m)
    return out


def has_entry_points(project: Project) -> bool:
    """The distribution declares an entry point of any group (:func:`_entry_point_modules`):
    a command, a plugin, something that runs it."""
    return next(_entry_point_modules(project), None) is not None


def _entry_point_modules(project: Project) -> Iterator[tuple[str, str]]:
    """(where, module) for each entry point of the distribution (:func:`_entry_points`)."""
    for where, _group, module, _attr in _entry_points(project):
        yield where, module


def entry_point_attrs(project: Project) -> frozenset[str]:
    """Every name an entry point of the distribution writes after its module
    (``svc.jobs:Runner.stamp``: ``Runner``, ``stamp``): what it names runs, though no Python
    file writes it."""
    return frozenset(
        part for _w, _g, _m, attr in _entry_points(project) for part in attr.split(".") if part
    )


#: The entry point groups that install commands (packaging.python.org, "Entry points
#: specification": ``console_scripts`` and ``gui_scripts``); any other group is read by
#: the host program that loads plugins of that group.
_SCRIPT_GROUPS = frozenset({"console_scripts", "gui_scripts"})


def plugin_entry_points(project: Project) -> frozenset[tuple[str, str]]:
    """(module, attr) of each entry point of a named group that installs no command
    (``[myhost.modules] ocel = pkg.module:Plugin``): a plugin the host program loads, not
    a program of its own.  Entry points whose group is not known (``setup.cfg``) are left
    out."""
    return frozenset(
        (module, attr)
        for _w, group, module, attr in _entry_points(project)
        if group and group not in _SCRIPT_GROUPS
    )


def _entry_points(project: Project) -> Iterator[tuple[str, str, str, str]]:
    """(where, group, module, attr) for each entry point of the distribution, any group: the
    tables of ``pyproject.toml`` (``[project.scripts]``, ``gui-scripts``, ``entry-points``,
    Poetry's ``scripts`` and ``plugins``), ``setup.cfg``'s ``[options.entry_points]``
    (group not read: ""), and the ``entry_points.txt`` of a ``.dist-info`` in the audited
    folder or beside it (read, not audited)."""
    from auditor.inventory import dist_info_beside

    data = project.configs.pyproject or {}
    tables: list[tuple[str, object]] = []
    proj = data.get("project")
    if isinstance(proj, dict):
        tables += [
            ("console_scripts", proj.get("scripts")),
            ("gui_scripts", proj.get("gui-scripts")),
        ]
        groups = proj.get("entry-points")
        if isinstance(groups, dict):
            tables += [(str(g), t) for g, t in groups.items()]
    tool = data.get("tool")
    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    if isinstance(poetry, dict):
        tables.append(("console_scripts", poetry.get("scripts")))
        plugins = poetry.get("plugins")
        if isinstance(plugins, dict):
            tables += [(str(g), t) for g, t in plugins.items()]
    for group, table in tables:
        if isinstance(table, dict):
            for value in table.values():
                ref = value.get("reference") if isinstance(value, dict) else value
                if isinstance(ref, str):
                    module, _, attr = ref.partition(":")
                    yield "pyproject.toml", group, module.strip(), attr.strip()
    texts: list[tuple[str, str]] = []
    if project.repo.exists("setup.cfg"):
        texts.append(("setup.cfg", project.read_text("setup.cfg") or ""))
    for path in project.repo.files:
        p = PurePosixPath(path)
        if len(p.parts) == 2 and p.parts[0].endswith(".dist-info") and p.name == "entry_points.txt":
            texts.append((path, project.read_text(path) or ""))
    beside = dist_info_beside(project.repo)
    if beside is not None:
        try:
            text = (beside / "entry_points.txt").read_text(encoding="utf-8", errors="replace")
            texts.append((f"../{beside.name}/entry_points.txt", text))
        except OSError:
            pass
    for where, text in texts:
        headers = [] if where == "setup.cfg" else list(_INI_GROUP.finditer(text))
        for found in _ENTRY_POINT.finditer(text):
            group = next((h.group(1) for h in reversed(headers) if h.start() < found.start()), "")
            yield where, group.strip(), found.group(1), found.group(2) or ""


#: ``[group]``: the header of a group of entry points in an ``entry_points.txt``.
_INI_GROUP = lazy_compile(r"(?m)^[ \t]*\[([^\]\n]+)\][ \t]*$")


#: ``name = pkg.module:attr`` (or ``pkg.module``) in an INI list of entry points.
_ENTRY_POINT = lazy_compile(
    r"(?m)^[ \t]*[\w.\-\[\] ]+?[ \t]*=[ \t]*([A-Za-z_][\w.]*)[ \t]*(?::[ \t]*([\w.]*)|$)"
)


# -- reachability (class 10) -------------------------------------------------------------------


@dataclass(frozen=True)
class Reach:
    """How a function is reached: ``request`` (from a route, dependency, middleware or
    exception handler), ``startup`` (only from the lifespan, a start-up handler or the code
    that builds an app), ``cli`` (only from a command-line command), ``program`` (only
    from a module's ``__main__`` block), ``loop`` (only from a coroutine that
    ``asyncio.run`` drives on a loop of its own), ``job`` (only from a task-queue job a
    worker runs) or ``unstarted`` (only from functions registered on an MCP server nothing
    starts: never); ``entry`` is the entry point it was
    reached from, for messages."""

    kind: str
    entry: str
    #: a ``request`` reach through fire-and-forget tasks only: the function that starts
    #: the task (``asyncio.create_task(f())`` as a whole statement, :attr:`CallSite.detached`)
    #: on the way from every request entry; the request does not wait for it
    task: str | None = None

    @property
    def on_request_path(self) -> bool:
        return self.kind == "request"


def reachability(project: Project) -> dict[str, Reach]:
    """Function qname -> how it is reached (functions not in the map: unknown)."""
    out: dict[str, Reach] = {}
    tasks = _detached_only(project)
    for fn, entry in _closure(
        project, request_entries(project), private_loops=False, framework_returns=True
    ):
        out[fn] = Reach("request", entry, tasks.get(fn))
    for fn, entry in _closure(project, startup_entries(project), awaited_only=True, nested=True):
        out.setdefault(fn, Reach("startup", entry))
    for kind, entries in (("cli", cli_entries(project)), ("program", program_entries(project))):
        for fn, entry in _closure(project, entries, same_module=True):
            out.setdefault(fn, Reach(kind, entry))
    loops = private_loop_entries(project)
    # on a loop of its own that serves nothing, a coroutine created without ``await`` (a
    # task, a gather) runs on that loop too: beside no request
    alone = [
        fn for fn in loops if _serves_nothing(project, fn, pattern=_SERVES, awaited_only=False)
    ]
    for fn, entry in _closure(project, alone, self_calls=False):
        out.setdefault(fn, Reach("loop", entry))
    for fn, entry in _closure(project, loops, awaited_only=True, self_calls=False):
        out.setdefault(fn, Reach("loop", entry))
    # a method on a loop of its own that starts nothing beside itself: the methods it awaits
    # on its own object (``await self._build()``) run on that loop too
    quiet = [fn for fn in loops if fn.self_calls and _serves_nothing(project, fn, self_calls=True)]
    for fn, entry in _closure(project, quiet, awaited_only=True, private_loops=False):
        out.setdefault(fn, Reach("loop", entry))
    for fn, entry in _closure(project, job_entries(project), awaited_only=True):
        out.setdefault(fn, Reach("job", entry))
    for fn, entry in _closure(project, unstarted_entries(project), same_module=True):
        out.setdefault(fn, Reach("unstarted", entry))
    return out


def unstarted_entries(project: Project) -> Iterator[Function]:
    """The functions registered on an MCP server nothing starts
    (:attr:`Project.unstarted_registrations`), and the dependencies of their own module their
    signatures declare (``key: str = Depends(verify_key)``, which FastAPI never resolves
    for them): code that never runs."""
    for q in project.unstarted_registrations:
        fn = project.function(q)
        if fn is None:
            continue
        yield fn
        for dep in project.dependency_closure(project.direct_dependencies(fn)).functions:
            if dep.module == fn.module:
                yield dep


def _detached_only(project: Project) -> dict[str, str]:
    """Function qname -> the function that starts it (or what it runs in) as a
    fire-and-forget task, for the functions the request entries reach only through such
    tasks (:attr:`CallSite.detached`): the request answers without waiting for them."""
    if not any(
        cs.detached
        for m in project.modules.values()
        for fn in m.functions.values()
        for cs in (*fn.calls, *fn.self_calls)
    ):
        return {}  # (the common case: no second walk of the request path)
    starters: dict[str, str] = {}
    direct = {
        fn
        for fn, _entry in _closure(
            project,
            request_entries(project),
            private_loops=False,
            framework_returns=True,
            detached=starters,
        )
    }
    started = [fn for q in starters if q not in direct and (fn := project.function(q))]
    return {
        fn: starters[entry]
        for fn, entry in _closure(project, started, private_loops=False)
        if fn not in direct
    }


def job_entries(project: Project) -> Iterator[Function]:
    """Functions registered as task-queue jobs (:data:`JOB_DECORATORS`, a Celery
    application's ``@app.task``) or connected to a signal only a Celery worker sends
    (:data:`CELERY_WORKER_SIGNALS`): a worker process runs them, not the server."""
    for m in project.modules_of_class("app"):
        for fn in m.functions.values():
            if any(_registers_job(project, qname_of(d)) for d in fn.decorators):
                yield fn


def _registers_job(project: Project, decorator: str | None) -> bool:
    """``decorator`` registers its function with a task-queue worker: a job decorator, a
    worker signal's ``connect``, the ``task`` method of a module-level Celery application
    (``app = Celery(...)`` then ``@app.task(...)``) or the ``task`` / ``periodic_task``
    method of a Huey one (``huey = SqliteHuey(...)`` then ``@huey.task()``)."""
    if decorator is None:
        return False
    if decorator in JOB_DECORATORS or decorator in CELERY_WORKER_SIGNALS:
        return True
    owner, _, method = decorator.rpartition(".")
    if method not in ("task", "periodic_task") or not owner:
        return False
    bound = project.resolve(owner)
    if not (isinstance(bound, Binding) and isinstance(bound.value, Call)):
        return False
    app = project.canonical_name(qname_of(bound.value))
    return (method == "task" and app in CELERY_APPS) or app in HUEY_APPS


def unreferenced(project: Project, functions: Iterable[Function]) -> set[str]:
    """Qualified names of those of ``functions`` that nothing in the project refers to: no
    name token (a name, an attribute, an import) or one-word string in any Python file
    (tests included) other than the function's own ``def`` names it; comments and prose
    (docstrings) do not count.  Only functions of a module or of a class without outside
    bases count, undecorated or only by decorators that register nothing
    (:func:`_registers_nowhere`: a decorator may register a function, a framework calls
    the methods of its subclasses); dunder methods never do.  A nested function counts
    when its enclosing function never names it (:func:`_unnamed_nested`).  Dead code: it
    runs beside no request."""
    functions = list(functions)
    nested = _unnamed_nested(project, [fn for fn in functions if ".<locals>." in fn.qname])
    candidates: dict[str, list[Function]] = {}
    for fn in functions:
        if not _registers_nowhere(fn) or fn.name.startswith("__") or ".<locals>." in fn.qname:
            continue
        if fn.class_qname is not None and not _called_by_name_only(project, fn):
            continue
        if _named_by_entry_point(project, fn):
            continue
        candidates.setdefault(fn.name, []).append(fn)
    if not candidates:
        return nested
    unread = [p for p in project.repo.python_files() if p not in project.by_path]
    if unread or any(m.parse_error is not None for m in project.by_path.values()):
        return nested  # a module we could not read may refer to any of them (not to a local)
    referenced: set[str] = set()
    # each file is tokenized once per audit (several checks ask): what it refers to among
    # the names of the project's functions is kept (None: it does not tokenize)
    named = project.referred_functions
    function_names: dict[str, str] | None = None
    for path, held in project.files_naming(candidates).items():
        if held <= referenced:
            # every candidate this file may name is already referred to elsewhere: its
            # tokens cannot change the answer (ASY003 asks of coroutines whose names
            # litellm's files hold by the hundred: tokenizing them all cost 12 s)
            continue
        data = project.repo.read_bytes(path)
        assert data is not None  # (files_naming leaves unreadable files out)
        if path not in named:
            if function_names is None:
                function_names = _project_names(project)
            _read_names(project, path, data, function_names)
        found = named[path]
        if found is None:
            return nested  # a file we cannot read may refer to any of them
        referenced.update(n for n in found if n in candidates)
    dead = {fn.qname for name, fns in candidates.items() if name not in referenced for fn in fns}
    named_only = [fn for name, fns in candidates.items() if name in referenced for fn in fns]
    return dead | _used_only_by_dead_code(project, named_only) | nested


#: A call that reads a function's local names by a computed key (``locals()["emit"]``):
#: a nested function such a function holds may run though its name is written nowhere.
_LOCALS_LOOKUP = lazy_compile(r"\b(?:locals|vars)\s*\(")


def _unnamed_nested(project: Project, functions: list[Function]) -> set[str]:
    """Qualified names of those of ``functions`` (nested ``def``s) that their enclosing
    function never names: a nested function's name is a local of the function that defines
    it, so only a token of that name inside the enclosing function's lines (a call, a
    callback handed on, a ``return``, a ``nonlocal``/``global``) can run or hand it out.
    A progress emitter defined and never called or passed never runs.  Only functions
    undecorated or decorated by what registers nothing (:func:`_registers_nowhere`: a
    nested ``@router.get`` handler registers itself), not dunders nor methods of a local
    class, whose enclosing function reads no local by a computed name
    (:data:`_LOCALS_LOOKUP`).  The module's tokens are read once per audit
    (``project.function_uses``, which :func:`_uses` shares); a module that does not
    tokenize keeps them all."""
    out: set[str] = set()
    for fn in functions:
        if fn.class_qname is not None or fn.name.startswith("__") or not _registers_nowhere(fn):
            continue
        outer = project.function(fn.qname.rsplit(".<locals>.", 1)[0])
        m = project.modules.get(fn.module)
        if outer is None or m is None or m.parse_error is not None:
            continue
        lines = project.module_lines(m.path)
        if lines is None:
            continue
        body = "\n".join(lines[outer.line - 1 : outer.end_line])
        if _LOCALS_LOOKUP.search(body):
            continue
        uses = _file_uses(project, m.path)
        if uses is None:
            continue
        if not any(outer.line <= line <= outer.end_line for line, _kind in uses.get(fn.name, [])):
            out.add(fn.qname)
    return out


def _file_uses(project: Project, path: str) -> dict[str, list[tuple[int, str]]] | None:
    """The uses (:func:`_uses`) of every project function's name in one file, read once
    per audit into ``project.function_uses``; None when the file does not tokenize or
    cannot be read."""
    if path not in project.function_uses:
        data = project.repo.read_bytes(path)
        if data is None:
            return None
        _read_names(project, path, data, _project_names(project))
    return project.function_uses[path]


#: How many functions :func:`_used_only_by_dead_code` follows up the uses of a candidate
#: (the functions its uses sit in, theirs, ...) before it calls the rest alive.
MAX_DEAD_CHAIN = 400
#: How much source the files naming one question's names may hold (:class:`UsesBudget`)
#: before :func:`_uses` gives up on them (every use then counts as live, so the findings
#: stay): its cost grows with the files that name the candidates, and on a 43 MB tree
#: reading them all took 30 s and 60 MB (issue 12).
MAX_USES_BYTES = 3_000_000


class UsesBudget:
    """What one question about names' uses (is this function dead, does only command-line
    code use it: every round of its chain) may read: :data:`MAX_USES_BYTES` of the files
    naming its names, each counted once per question whether an earlier question of the
    audit tokenized it or not.  One budget per question, never one per process: a budget
    spent across questions made a check's answers depend on which checks asked before it
    in the same process (SET005 reported 85 reads under ``--select`` and 76 in a default
    audit on one application); counting the files read already as free would too."""

    def __init__(self) -> None:
        self.left = MAX_USES_BYTES
        self.counted: set[str] = set()

    def cost(self, project: Project, paths: Iterable[str]) -> dict[str, int]:
        """The size of each of ``paths`` this question has not counted yet."""
        return {p: len(project.repo.read_bytes(p) or b"") for p in paths if p not in self.counted}

    def spend(self, cost: dict[str, int]) -> bool:
        """Count the files of ``cost`` (:meth:`cost`) if what is left affords them."""
        total = sum(cost.values())
        if total > self.left:
            return False
        self.left -= total
        self.counted.update(cost)
        return True


#: Decorators that only wrap a function where it is defined (a context manager, a cache,
#: an abstract method): they register it nowhere, so only a use of its name runs it.
_WRAPPING_DECORATORS = frozenset(
    {
        "contextlib.contextmanager",
        "contextlib.asynccontextmanager",
        "functools.cache",
        "functools.lru_cache",
        "abc.abstractmethod",
    }
)


#: Decorators that only change how a method binds (Python's built-ins ``classmethod`` and
#: ``staticmethod``): they register it nowhere either, and it is still called by its name.
_BINDING_DECORATORS = frozenset({"builtins.classmethod", "builtins.staticmethod"})


def _registers_nowhere(fn: Function) -> bool:
    """Every decorator of ``fn`` only wraps it or changes how it binds
    (:data:`_WRAPPING_DECORATORS`, :data:`_BINDING_DECORATORS`): only a use of its name
    runs it (an async ``@classmethod`` of a connector that nothing calls never runs)."""
    return all(
        qname_of(d) in _WRAPPING_DECORATORS or qname_of(d) in _BINDING_DECORATORS
        for d in fn.decorators
    )


def _dead_candidate(project: Project, fn: Function) -> bool:
    """``fn`` may be dead code (:func:`unreferenced`'s conditions): undecorated (or only by
    decorators that register nothing, :func:`_registers_nowhere`), not a dunder nor nested,
    of a module or of a class without outside bases, in application code that no entry
    point reaches, and private or not the package's exported API."""
    if not _registers_nowhere(fn):
        return False
    if fn.name.startswith("__") or ".<locals>." in fn.qname:
        return False
    m = project.modules.get(fn.module)
    if m is None or m.file_class != "app" or project.reach(fn.qname) is not None:
        return False
    if fn.class_qname is not None and not _called_by_name_only(project, fn):
        return False
    if _named_by_entry_point(project, fn):
        return False
    return fn.name.startswith("_") or not _exported(project, fn)


def _named_by_entry_point(project: Project, fn: Function) -> bool:
    """An entry point of the distribution names ``fn`` or its class
    (:attr:`Project.entry_point_names`): a command or a plugin host runs it."""
    names = project.entry_point_names
    owner = fn.class_qname.rsplit(".", 1)[-1] if fn.class_qname else None
    return fn.name in names or owner in names


#: ``BaseModel``'s deprecated v1 methods (:data:`_INERT_BASES`'s page, "deprecated").
_PYDANTIC_V1_API = frozenset(
    {
        "dict",
        "json",
        "copy",
        "parse_obj",
        "parse_raw",
        "parse_file",
        "from_orm",
        "construct",
        "schema",
        "schema_json",
        "validate",
        "update_forward_refs",
    }
)
#: Outside base classes that call no method of a subclass except their own documented hooks
#: (method name -> whether it is one of them): a method of a class built on them runs only
#: where its name is used.  ``pydantic.BaseModel`` calls ``model_post_init`` and serves its
#: API (``model_*``, and the deprecated v1 methods other libraries still call on models,
#: ``.dict()`` in FastAPI's v1 path), https://docs.pydantic.dev/latest/api/base_model/;
#: ``enum.Enum`` its ``_sunder_`` hooks (``_missing_``,
#: https://docs.python.org/3/library/enum.html#supported-sunder-names); ``str``, ``int``,
#: ``object`` and ``abc.ABC`` only dunders, which are never candidates.
_INERT_BASES: dict[str, Callable[[str], bool]] = {
    **dict.fromkeys(
        ("pydantic.BaseModel", "pydantic.main.BaseModel"),
        lambda name: name.startswith("model_") or name in _PYDANTIC_V1_API,
    ),
    **dict.fromkeys(
        ("enum.Enum", "enum.IntEnum", "enum.StrEnum"),
        lambda name: name.startswith("_") and name.endswith("_"),
    ),
    **dict.fromkeys(
        ("builtins.str", "builtins.int", "builtins.object", "abc.ABC"), lambda _name: False
    ),
}


def _called_by_name_only(project: Project, fn: Function) -> bool:
    """Method ``fn``'s class has only bases that call none of its methods by themselves:
    the project's own classes (whose calls name the method) and :data:`_INERT_BASES` of
    which ``fn`` is no hook nor API.  A pydantic entity's ``upgrade_plan`` runs only where
    code writes ``upgrade_plan``; a framework base (a middleware's ``dispatch``, a
    visitor's ``visit_Call``) may call any method of its subclass."""
    cls = project.class_(fn.class_qname or "")
    if cls is None:
        return False
    for b in cls.bases:
        q = qname_of(b) or ""
        if project.class_(q) is not None:
            continue
        hook = _INERT_BASES.get(q)
        if hook is None or hook(fn.name):
            return False
    return True


def _exported(project: Project, fn: Function) -> bool:
    """``fn`` (or its class) is named in the top-level package's ``__init__``: the
    distribution's API (``from lightrag import LightRAG``), which code outside the project
    calls, on its own loop too."""
    m = project.modules.get(fn.module)
    if m is None:
        return False
    return _exported_name(project, m, (fn.class_qname or fn.qname).rsplit(".", 1)[-1])


def _exported_name(project: Project, m: ModuleFacts, owner: str) -> bool:
    """``owner`` (a name of module ``m``) is written in the top-level package's
    ``__init__`` (see :func:`_exported`)."""
    parts = PurePosixPath(m.path).parts
    # the audited folder's own ``__init__`` (a package audited as such), else its first
    # package's
    inits = ["__init__.py", *([f"{parts[0]}/__init__.py"] if len(parts) > 1 else [])]
    top = next((i for i in inits if i in project.by_path), None)
    if top is None:
        return False
    data = project.repo.read_bytes(top)
    return data is None or re.search(rb"\b" + re.escape(owner.encode()) + rb"\b", data) is not None


def _private_method(fn: Function) -> bool:
    """``_name`` of a class: by convention nothing outside the class hierarchy calls it."""
    return fn.class_qname is not None and fn.name.startswith("_") and not fn.name.startswith("__")


def _used_only_by_dead_code(project: Project, functions: list[Function]) -> set[str]:
    """Those of ``functions`` (named somewhere) whose every use is one that runs nothing
    here (:func:`_uses`): an import that does not rename it, an ``__all__`` entry,
    ``self.name`` / ``cls.name`` in a class that shares no instance with the function's
    class (no class is both), a test's use of a private method (``_name``: not the
    application's API), or any use inside a function that is itself dead code by the same
    rule (``upload_job_data`` that nothing calls is the only caller of the helper that
    awaits the function).  The functions whose uses could not be read (a file that does not
    tokenize, or naming files past what the question's :class:`UsesBudget` affords) are
    alive, and so are those they use; the rest keep the answer their own uses give.  A use that names something else is none (:func:`_may_name`: a
    ``"prefix:name"`` string whose prefix is no project module, ``name.attr`` where the
    file binds ``name`` to a project module).  Uses are names, not resolved calls: any other use (a call on a
    receiver the model cannot type, a string, a callback) keeps the function alive, and so
    does one in a module that is not application code.  The greatest fixed point: a cycle
    of functions that only use each other is dead."""
    if not functions:
        return set()
    universe: dict[str, Function] = {}
    uses: dict[str, list[tuple[str, int, str]]] = {}  # qname -> (path, line, kind)
    pending = [fn for fn in functions if _dead_candidate(project, fn)]
    budget = UsesBudget()  # (the whole chain's, and its classes')
    while pending:
        for fn in pending:
            universe[fn.qname] = fn
        names = {fn.name for fn in pending}
        found = _uses(project, names, budget)
        if found is None:
            # a file that does not tokenize may use any of them, or reading them would
            # cost too much: their uses are unknown, so they are alive -- and so is what
            # they use; the functions whose uses were all read keep their answer
            if universe.keys() == {fn.qname for fn in pending}:
                return set()
            for fn in pending:
                uses[fn.qname] = [("", 0, "unknown")]
            break
        nxt: dict[str, Function] = {}
        for fn in pending:
            uses[fn.qname] = found.get(fn.name, [])
            for path, line, _kind in uses[fn.qname]:
                g = project.function_at(path, line)
                if g is None or g.qname in universe or g.qname in nxt:
                    continue
                if _dead_candidate(project, g) and len(universe) + len(nxt) < MAX_DEAD_CHAIN:
                    nxt[g.qname] = g
        pending = list(nxt.values())
    dead = set(universe)
    related = _class_relations(project)
    unbuilt = _unbuilt_classes(project, {fn.class_qname or "" for fn in universe.values()}, budget)
    changed = True
    while changed:
        changed = False
        for q in sorted(dead):
            fn = universe[q]
            if fn.class_qname in unbuilt:
                continue  # a method of a class nothing builds: whatever names it, it never runs
            if any(_live_use(project, fn, use, dead, related) for use in uses[q]):
                dead.discard(q)
                changed = True
    return {fn.qname for fn in functions if fn.qname in dead}


#: Reach kinds of code that runs only in a command-line process (a command, a program).
COMMAND_REACH = frozenset({"cli", "program"})


def command_line_only(
    project: Project, functions: Iterable[Function], methods: bool = True
) -> set[str]:
    """Those of ``functions`` that only command-line code runs: a command or a program
    reaches them (:func:`reachability`: ``cli``, ``program``), or every use of their name
    that may run them (:func:`_uses`) sits in such a function, transitively, and at least
    one does (``cmd_setup`` registered with ``parser.set_defaults(func=cmd_setup)`` in the
    program's ``main()``, and the wizard of another module it imports and calls), or in a
    script the applications never import (:func:`_in_scripts`: a collector's method that only
    ``scripts/collect.py`` calls, under its own ``asyncio.run``).  A use
    runs nothing when it is an import, an ``__all__`` entry, in a test, at module level of a
    module the applications do not import, or names something else (:func:`_may_name`); a
    use at module level elsewhere, in code another entry point reaches, or in a function that may be called
    from outside (decorated, a dunder, a framework class's method, the package's exported
    API) counts as a use outside the command line.  The answer is unknown (not in the set)
    when a file does not tokenize or the uses cost too much to read (:class:`UsesBudget`).
    ``methods=False``: uses inside methods do not count as command-line code (see below)."""
    out: set[str] = set()
    pending: list[Function] = []
    for fn in functions:
        r = project.reach(fn.qname)
        if r is not None:
            if r.kind in COMMAND_REACH:
                out.add(fn.qname)
        elif _dead_candidate(project, fn):
            pending.append(fn)
    universe: dict[str, Function] = {}
    #: qname -> the functions its uses sit in ("" for a use that runs it outside commands)
    users: dict[str, set[str]] = {}
    budget = UsesBudget()  # (the whole chain's)
    while pending:
        for fn in pending:
            universe[fn.qname] = fn
        got = _affordable_uses(project, {fn.name for fn in pending}, budget)
        if got is None:
            for fn in pending:  # a file does not tokenize: their uses are unknown
                users[fn.qname] = {""}
            break
        found, unread = got
        nxt: dict[str, Function] = {}
        for fn in pending:
            here = users[fn.qname] = set()
            if fn.name in unread:
                here.add("")  # too much to read: its uses are unknown
                continue
            for path, line, kind in found.get(fn.name, []):
                for g in _command_uses(project, fn, path, line, kind):
                    if isinstance(g, str):
                        here.add(g)  # a script runs it, or "": outside the command line
                        continue
                    here.add(g.qname)
                    r = project.reach(g.qname)
                    if r is not None or g.qname in universe or g.qname in nxt:
                        continue
                    if _dead_candidate(project, g) and len(universe) + len(nxt) < MAX_DEAD_CHAIN:
                        nxt[g.qname] = g
        pending = list(nxt.values())

    def command(q: str) -> bool:
        if q == SCRIPT_USE:
            return True
        r = project.reach(q)
        if r is None or r.kind not in COMMAND_REACH:
            return False
        # ``methods=False``: a method a command reaches may also be called through an
        # object the call graph cannot type (a server object a route holds): only a module
        # function's command reach roots the uses
        fn = project.function(q) if not methods else None
        return fn is None or fn.class_qname is None

    # the greatest set whose uses all sit in command-line code or in the set ...
    only = set(universe)
    changed = True
    while changed:
        changed = False
        for q in sorted(only):
            if any(u not in only and not command(u) for u in users[q]):
                only.discard(q)
                changed = True
    # ... of which those a command's use leads to (a cycle that only uses itself is dead code)
    rooted: set[str] = set()
    changed = True
    while changed:
        changed = False
        for q in sorted(only - rooted):
            if any(command(u) or u in rooted for u in users[q]):
                rooted.add(q)
                changed = True
    return out | {fn.qname for fn in functions if fn.qname in rooted}


#: What :func:`_command_uses` answers for a use in a script (:func:`_in_scripts`): a program of
#: its own runs it, as a command does.
SCRIPT_USE = "<script>"


def _in_scripts(project: Project, m: ModuleFacts) -> bool:
    """``m`` is a program of the project's ``scripts/`` folder that the applications never
    import and that serves nothing itself (no server word, :data:`_SERVES`: a script that
    starts uvicorn may run its tasks on the serving loop): a batch job, a cron pass, whose
    calls run in its own process, beside no request (tests and examples are not: an example
    shows what a served app may call)."""
    if m.file_class != "tooling" or "scripts" not in PurePosixPath(m.path).parts[:-1]:
        return False
    if project.reaches(m) is not False:
        return False
    data = project.repo.read_bytes(m.path)
    return data is not None and _SERVES.search(data.decode("utf-8", "replace")) is None


def _command_uses(
    project: Project, fn: Function, path: str, line: int, kind: str
) -> list[Function | str]:
    """Where one use of ``fn``'s name runs it (see :func:`command_line_only`): none when it
    runs nothing here, "" when it may run it outside the command line, else the functions
    that run it: the one the use sits in, or those that use the module-level table the use
    puts it in (:func:`_table_users`)."""
    if kind in ("import", "all"):
        return []
    m = project.by_path.get(path)
    if m is None:
        return [""]
    if _in_scripts(project, m) and _may_name(project, m, fn, kind, line):
        return [SCRIPT_USE]
    if m.file_class != "app" or not _may_name(project, m, fn, kind, line):
        return []  # a test, a tool; another name
    if kind == "self" and fn.class_qname is None:
        return []  # ``self.name``: an attribute of an object, not a module function
    g = project.function_at(path, line)
    if g is None:
        # module level: runs when the module is imported (by the server, unless the
        # applications never import it), or where the table it is put in is used
        users = _table_users(project, m, line) if kind == "ref" else None
        if users is not None:
            return list(users)
        return [] if project.reaches(m) is False else [""]
    if g.qname == fn.qname:
        return []  # its own recursion
    return [g]


def _table_users(project: Project, m: ModuleFacts, line: int) -> list[Function] | None:
    """The functions that use the module-level table whose binding (or a statement adding
    entries to it) holds ``line``: a function put in a dispatch table (``_DISPATCH =
    {"manager": _cmd_manager}``) runs only where the table is used
    (``_DISPATCH[command](args)`` in a command's ``main``).  None when the statement binds
    no one name and fills no table, or the table is named in a file that imports it
    (or its module), or at module level other than to add entries (``_DISPATCH.update({...})``,
    ``_DISPATCH[key] = f``), or its uses cannot be read."""
    span = project.top_statement(m.path, line)
    if span is None:
        return None
    first, end = span[0], span[1] or (1 << 30)
    lines = project.module_lines(m.path)
    if lines is None or first > len(lines):
        return None
    names = [n for n, at in m.binding_lines.items() if at == first and n in m.bindings]
    table = names[0] if len(names) == 1 else _filled_table(m, lines[first - 1])
    if table is None:
        return None
    uses = project.named_uses([table])
    found = uses.get(table) if uses else None
    if not found:
        return None
    out: list[Function] = []
    for u in found:
        if u.path != m.path:
            other = project.by_path.get(u.path)
            if other is None or any(
                imp.module in (m.module, f"{m.module}.{table}") for imp in other.import_list
            ):
                return None  # imported elsewhere: run there too, maybe
            continue  # another module's own name
        if first <= u.line < end or u.line == m.binding_lines.get(table):
            continue  # the statement of the use, the table's binding
        if u.function is not None:
            out.append(u.function)
            continue
        text = lines[u.line - 1].strip() if u.line <= len(lines) else ""
        if not (text.startswith(table) and _ADDS_ENTRIES.match(text, len(table))):
            return None  # used at module level: may run what it holds on import
    return out


def _filled_table(m: ModuleFacts, text: str) -> str | None:
    """The module-level table a statement adds entries to (``_DISPATCH.update({...})``,
    ``_DISPATCH["manager"] = _cmd_manager``), from its first line; None for another
    statement."""
    found = _NAME_START.match(text)
    if found is None or found.group() not in m.bindings:
        return None
    return found.group() if _ADDS_ENTRIES.match(text, found.end()) else None


#: The name a statement starts with.
_NAME_START = lazy_compile(r"[A-Za-z_]\w*")
#: A module-level statement that adds entries to a table, after the table's name:
#: ``.update(...)``, ``[key] = value``.
_ADDS_ENTRIES = lazy_compile(r"\.update\(|\[[^\]]*\]\s*=(?!=)")


def _live_use(
    project: Project,
    fn: Function,
    use: tuple[str, int, str],
    dead: set[str],
    related: dict[str, frozenset[str]],
) -> bool:
    """One use of ``fn``'s name may run it (see :func:`_used_only_by_dead_code`)."""
    path, line, kind = use
    if kind in ("import", "all"):
        return False
    if kind == "unknown":
        return True  # uses not read (:func:`_used_only_by_dead_code`)
    m = project.by_path.get(path)
    if m is None:
        return True
    if not _may_name(project, m, fn, kind, line):
        return False
    if m.file_class == "test" and _private_method(fn):
        return False  # a test calling a private method puts it on no request path
    g = project.function_at(path, line)
    if kind == "self":
        if fn.class_qname is None:
            return False  # ``self.name`` is an attribute of an object, not a module function
        here = g.class_qname if g is not None else None
        if here is not None and not (
            related.get(here, frozenset({here})) & related.get(fn.class_qname, frozenset())
        ):
            return False  # an unrelated class's own method of the same name
    if g is None or m.file_class != "app":
        return True
    return g.qname != fn.qname and g.qname not in dead


def _may_name(
    project: Project, m: ModuleFacts, fn: Function, kind: str, line: int | None = None
) -> bool:
    """A use of ``fn``'s name of this kind in module ``m`` may be ``fn`` itself.  Not a
    ``"prefix:name"`` string whose prefix is no module of the project (``"knowledge:upload"``
    is a permission, not the import string of a function), nor ``name.attr`` in a module
    that binds ``name`` to a project module (``from api import upload`` ...
    ``upload.upload_context``: the module, not a function ``upload``), nor the bare name in
    another module that defines a module-level function of that name and does not import
    it (its own function), nor the bare name inside a function that takes a parameter of
    that name (``def run(workers: int)``), nor the bare name inside a function that defines a nested
    function of that name (``def run(): ...`` then ``to_thread.run_sync(run)``: the local),
    nor ``obj.name`` of a module function in a module that imports neither the function's
    module nor a package holding it (an attribute of another object)."""
    if kind.startswith("colon:"):
        return project.module_for(kind[len("colon:") :]) is not None
    if kind == "base":
        target = m.imports.get(fn.name)
        return target is None or not isinstance(project.resolve(target), ModuleFacts)
    if kind == "ref" and line is not None:
        g = project.function_at(m.path, line)
        if g is not None and any(p.name == fn.name for p in g.params):
            return False  # the function's own parameter of that name
        scope = g.qname if g is not None else ""
        while scope:  # a function binding the name to a nested def of its own
            local = m.functions.get(f"{scope}.<locals>.{fn.name}")
            if local is not None and local.qname != fn.qname:
                return False
            outer, sep, _ = scope.rpartition(".<locals>.")
            scope = outer if sep else ""
    if kind == "ref" and m.module != fn.module and fn.name not in m.imports:
        # the bare name in a module that defines its own function of that name is that one
        own = m.functions.get(f"{m.module}.{fn.name}")
        return own is None
    if kind == "attr" and fn.class_qname is None and m.module != fn.module:
        # ``obj.name`` reaches a module function only through its module: a module that
        # imports neither it nor a package holding it names another object's attribute
        # (``client._build_request(url)``, a method of the same name)
        return bool(m.dynamic_imports) or any(
            i.module == fn.module or fn.module.startswith(i.module + ".") for i in m.import_list
        )
    return True


def _unbuilt_classes(project: Project, qnames: set[str], budget: UsesBudget) -> set[str]:
    """Those of the classes ``qnames`` that nothing builds, subclasses or hands anywhere: an
    application class, undecorated (but by ``@dataclass``), that neither the package's API
    nor an entry point names, whose name no file writes but to import it (not renamed) or
    list it in ``__all__`` (:func:`_uses`: an annotation, a base, a string, a test's call,
    any other use keeps it).  Its methods never run, though other classes' methods of the
    same names do (an entity nothing creates).  Empty when the uses cannot be read (within
    ``budget``, the question's that asks)."""
    classes = [c for q in qnames if q and (c := project.class_(q)) is not None]
    classes = [c for c in classes if _unbuilt_candidate(project, c)]
    if not classes:
        return set()
    found = _uses(project, {c.name for c in classes}, budget)
    if found is None:
        return set()
    unbuilt = [
        c
        for c in classes
        if all(kind in ("import", "all") for _p, _l, kind in found.get(c.name, []))
    ]
    configured = _named_in_configs(project, {c.name for c in unbuilt})
    return {c.qname for c in unbuilt if c.name not in configured}


#: Files of settings that may name a class to build (Hydra's ``_target_``, a logging
#: config's ``class``, a plugin list), by their suffix.
_CONFIG_SUFFIXES = (".yaml", ".yml", ".toml", ".ini", ".cfg", ".conf")


def _named_in_configs(project: Project, names: set[str]) -> set[str]:
    """Those of ``names`` a settings file of the repository writes as a word
    (:data:`_CONFIG_SUFFIXES`): something may build the class it names by that name.  An
    unreadable one may name any."""
    if not names:
        return set()
    pattern = re.compile(rb"\b(?:" + b"|".join(re.escape(n.encode()) for n in names) + rb")\b")
    out: set[str] = set()
    for path in project.repo.files:
        if not path.endswith(_CONFIG_SUFFIXES):
            continue
        data = project.repo.read_bytes(path)
        if data is None:
            return set(names)
        out.update(m.group().decode() for m in pattern.finditer(data))
    return out


def _unbuilt_candidate(project: Project, c: Class) -> bool:
    """Class ``c`` may be one nothing builds (:func:`_unbuilt_classes`)."""
    m = project.modules.get(c.module)
    if m is None or m.file_class != "app" or ".<locals>." in c.qname:
        return False
    if any(qname_of(d) != "dataclasses.dataclass" for d in c.decorators):
        return False  # a decorator may register it
    if c.name in project.entry_point_names or c.name.startswith("__"):
        return False
    return c.name.startswith("_") or not _exported_name(project, m, c.name)


def _class_relations(project: Project) -> dict[str, frozenset[str]]:
    """Project class qname -> the project classes that are both it and something (itself,
    its subclasses, and the subclasses of mixins): two classes share an instance when
    their sets meet."""
    out: dict[str, set[str]] = {}
    for q in project.classes:
        for a in {q, *project.ancestors(q)}:
            out.setdefault(a, set()).add(q)
    return {q: frozenset(v) for q, v in out.items()}


def _uses(
    project: Project, names: set[str], budget: UsesBudget | None = None
) -> dict[str, list[tuple[str, int, str]]] | None:
    """Every use of each of ``names`` as a name token (or a one-word string) in the project's
    Python files, tests included, with its kind: ``import`` (``from m import name``, not
    renamed), ``all`` (a string of an ``__all__`` statement), ``self`` (``self.name``,
    ``cls.name``), ``attr`` (``obj.name``), ``colon:<prefix>`` (a ``"prefix:name"``
    string), ``base`` (``name.attr``) or ``ref`` (the bare name); ``def name`` is not a
    use.  Each file's uses are tokenized once per audit (``project.function_uses``).  None
    when a file does not tokenize, or when the files naming them cost more than ``budget``
    has left (the asking question's, a new one when not given: :class:`UsesBudget`)."""
    out: dict[str, list[tuple[str, int, str]]] = {}
    wanted: dict[str, str] | None = None
    naming = project.files_naming(names)  # the files that name one of them
    budget = budget or UsesBudget()
    if not budget.spend(budget.cost(project, naming)):
        return None  # too much to read: the uses are unknown (MAX_USES_BYTES)
    for path in naming:
        if path not in project.function_uses:
            data = project.repo.read_bytes(path)
            if data is None:
                return None
            if wanted is None:
                wanted = _project_names(project)
            _read_names(project, path, data, wanted)
        found = project.function_uses[path]
        if found is None:
            return None
        for name in names & found.keys():
            out.setdefault(name, []).extend((path, line, kind) for line, kind in found[name])
    return out


def _affordable_uses(
    project: Project, names: set[str], budget: UsesBudget
) -> tuple[dict[str, list[tuple[str, int, str]]], set[str]] | None:
    """:func:`_uses` of as many of ``names`` as ``budget`` (the asking question's) affords,
    the cheapest first (by the source of the files naming each that the question has not
    counted yet), and the names left out, whose uses are unknown: one name found across the
    tree (``main``, ``run``) no longer leaves every other name of the batch unknown
    (openjarvis's command-only helpers were asked with 20 others).  A batch that does not
    fit whole spends at most half of what is left, so that the question's next rounds (the
    functions its uses sit in) keep theirs.  None when a file does not tokenize."""
    naming = project.files_naming(names)
    unread = budget.cost(project, naming)
    files_of: dict[str, set[str]] = {n: set() for n in names}
    for path, held in naming.items():
        for n in held & names:
            if path in unread:
                files_of[n].add(path)
    left = budget.left
    if sum(unread.values()) > left:
        left //= 2  # a batch read in part leaves half the rest to the rounds after it
    paid: set[str] = set()
    chosen: set[str] = set()
    for n in sorted(names, key=lambda n: (sum(unread[p] for p in files_of[n]), n)):
        extra = sum(unread[p] for p in files_of[n] - paid)
        if extra <= left:
            left -= extra
            paid |= files_of[n]
            chosen.add(n)
    found = _uses(project, chosen, budget) if chosen else {}
    return None if found is None else (found, names - chosen)


def _project_names(project: Project) -> dict[str, str]:
    """The names every file's tokens are read for (:func:`_read_names`): the project's
    functions' and classes' (a method's class that nothing names is never built,
    :func:`_unbuilt_classes`)."""
    out = {fn.name: fn.name for m in project.modules.values() for fn in m.functions.values()}
    out.update((c.name, c.name) for c in project.classes.values())
    return out


def _read_names(project: Project, path: str, data: bytes, wanted: dict[str, str]) -> None:
    """Read what :func:`unreferenced` keeps of a file (:func:`_names_referred_to`, into
    ``project.referred_functions``) and what ``_uses`` keeps (:func:`_function_uses`, into
    ``project.function_uses``), for ``wanted`` the names of every project function (as both
    ask), from one pass of the tokenizer: the two questions read the same files (on
    litellm, the 21 files one tokenized the other did too, 0.8 s).  Both are kept whichever
    asks: a question's :class:`UsesBudget` counts the files it names whether they were read
    before or not, so what another question read costs no answer."""
    uses, referred = _uses_and_references(data, wanted)
    project.referred_functions[path] = referred
    project.function_uses[path] = uses


def _function_uses(data: bytes, wanted: set[str]) -> dict[str, list[tuple[int, str]]] | None:
    """The uses (see :func:`_uses`) in one file of each name of ``wanted`` (every project
    function's): :func:`_uses_and_references`'s first answer."""
    return _uses_and_references(data, {n: n for n in wanted})[0]


def _uses_and_references(
    data: bytes, wanted: dict[str, str]
) -> tuple[dict[str, list[tuple[int, str]]] | None, frozenset[str] | None]:
    """The uses (see :func:`_uses`) in one file of each name of ``wanted`` (every project
    function's).  The tokens are streamed with the three before and the one after the token
    looked at: a 1 MB file is a quarter of a million tokens, never held at once.  A
    one-word string (``"upload"``) is a use only as an argument of a call (``getattr(m,
    "upload")``, ``registry.get("upload")``) or in ``__all__``; in a tuple, a list, a set or
    a mapping it is data (``("knowledge", "upload", "Upload documents")``), unless the file
    looks names up at run time (``getattr``, ``import_module``, ``attrgetter``: a table of
    handler names it resolves); a dotted or ``"prefix:name"`` string is one anywhere.

    With them, from the same tokens, the names of ``wanted`` the file refers to
    (:func:`_names_referred_to`, whose reading this repeats token for token).  (None, None)
    when the file does not tokenize."""
    out: dict[str, list[tuple[int, str]]] = {}
    referenced: set[str] = set()
    previous_text = ""  # the last token but a line break or a comment (for ``referenced``)
    statement = ""
    window: list[tokenize.TokenInfo] = []  # up to three tokens before ``cur``, oldest first
    brackets: list[bool] = []  # the open brackets, innermost last: is it a call's?
    among: list[tuple[str, int]] = []  # one-word strings among data (uses if names are looked up)
    lookup = False  # the file looks names up at run time
    #: a lookup call being read: [its bracket depth, commas before the name argument]
    probe: list[int] | None = None
    expect = False  # the next token is the lookup's name argument

    def look(cur: tokenize.TokenInfo, following: str) -> None:
        nonlocal statement, lookup
        previous = window[-1] if window else None
        if previous is None or previous.type in _STATEMENT_ENDS or previous.string == ";":
            statement = cur.string
        if cur.type == tokenize.STRING and _FSTRING_PREFIX.match(cur.string):
            for w in _fstring_names(cur.string):  # ``f"{base()}/x"``: a use inside a field
                if w in wanted:
                    out.setdefault(w, []).append((cur.start[0], "ref"))
            return
        if cur.type == tokenize.STRING and " " not in cur.string:
            text = _string_text(cur.string)
            tail = re.split(r"[.:]", text)[-1]
            if tail in wanted:
                if statement == "__all__":
                    kind = "all"
                elif ":" in text:
                    kind = "colon:" + text.partition(":")[0]  # ``"pkg.mod:name"``
                elif "." in text or (brackets and brackets[-1]):
                    kind = "ref"
                else:
                    among.append((tail, cur.start[0]))  # a word among data
                    return
                out.setdefault(tail, []).append((cur.start[0], kind))
            return
        if cur.type != tokenize.NAME or cur.string not in wanted:
            return
        before = previous.string if previous is not None else ""
        if before in _DEFINERS:
            return
        if statement in ("from", "import") and "as" not in (before, following):
            kind = "import"
        elif before == ".":
            own = (
                len(window) >= 2
                and window[-2].string in ("self", "cls")
                and (len(window) < 3 or window[-3].string != ".")
            )
            kind = "self" if own else "attr"  # ``self.name`` / ``obj.name``
        elif following == ".":
            kind = "base"  # ``name.attr``: the name is the object an attribute is read from
        else:
            kind = "ref"
        out.setdefault(cur.string, []).append((cur.start[0], kind))

    cur: tokenize.TokenInfo | None = None
    try:
        for tok in tokenize.tokenize(io.BytesIO(data).readline):
            # (as :func:`_names_referred_to` reads them)
            if (
                tok.type == tokenize.NAME
                and tok.string in wanted
                and previous_text not in _DEFINERS
            ):
                referenced.add(wanted[tok.string])
            elif tok.type == tokenize.STRING and _FSTRING_PREFIX.match(tok.string):
                referenced.update(wanted[w] for w in _fstring_names(tok.string) if w in wanted)
            elif tok.type == tokenize.STRING and " " not in tok.string:
                tail = re.split(r"[.:]", _string_text(tok.string))[-1]
                if tail in wanted:
                    referenced.add(wanted[tail])
            if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
                previous_text = tok.string
            if tok.type in (tokenize.NL, tokenize.COMMENT):
                continue
            if cur is not None:
                look(cur, tok.string)
                if expect:
                    expect, probe = False, None
                    if cur.type != tokenize.STRING:
                        lookup = True  # ``getattr(module, name)``: a computed name
                elif probe is not None and len(brackets) == probe[0] and cur.string == ",":
                    probe[1] -= 1
                    expect = probe[1] == 0
                if cur.type == tokenize.OP and cur.string in "([{":
                    before = window[-1] if window else None
                    brackets.append(
                        cur.string == "("
                        and before is not None
                        and (
                            (before.type == tokenize.NAME and not keyword.iskeyword(before.string))
                            or before.string in (")", "]")
                        )
                    )
                    if (
                        before is not None
                        and before.string in _LOOKUPS
                        and cur.string == "("
                        and not lookup
                    ):
                        probe = [len(brackets), _LOOKUPS[before.string]]
                        expect = probe[1] == 0
                elif cur.type == tokenize.OP and cur.string in ")]}" and brackets:
                    brackets.pop()
                    if probe is not None and len(brackets) < probe[0]:
                        probe, expect = None, False
                window.append(cur)
                if len(window) > 3:
                    del window[0]
            cur = tok
    except (tokenize.TokenError, SyntaxError, ValueError):
        return None, None
    if cur is not None:
        look(cur, "")
    if lookup:
        for name, line in among:
            out.setdefault(name, []).append((line, "ref"))
        for uses in out.values():
            uses.sort()
    return out, frozenset(referenced)


#: Calls that look a name up at run time, with the position of the name argument: a file
#: that calls one with a computed name may resolve any word it holds.
_LOOKUPS = {"getattr": 1, "import_module": 0, "import_string": 0, "locate": 0}


_STRING_TOKEN = lazy_compile(r"""^[rbuRBUfF]*('''|\"\"\"|'|")(.*)\1$""", re.S)


def _string_text(token: str) -> str:
    """The text of a string token, its prefix (``rb``, ``f`` ...) and quotes taken off
    (``'upload'`` is ``upload``: stripping the prefix letters from both ends would eat the
    name's own first ``u``)."""
    found = _STRING_TOKEN.match(token)
    return found.group(2) if found else token


#: An f-string token's prefix (``f``, ``rf``, ``Fr`` ...) and its replacement fields' words.
_FSTRING_PREFIX = lazy_compile(r"^[rRbBuU]?[fF]|^[fF][rR]")
_FIELD_WORDS = lazy_compile(r"[A-Za-z_]\w*")


def _fstring_names(token: str) -> list[str]:
    """The words of an f-string token's replacement fields (``f"{base()}/gateway"`` ->
    ``base``).  Before Python 3.12 an f-string is one STRING token, so a function called only
    inside one would look unused; any word between braces counts (a format spec's words too:
    more uses only keep more functions alive)."""
    if not _FSTRING_PREFIX.match(token):
        return []
    text = _string_text(token).replace("{{", "").replace("}}", "")
    return [w for field in re.findall(r"\{([^{}]*)", text) for w in _FIELD_WORDS.findall(field)]


#: The keywords whose next name is the one a statement defines, not a use of it.
_DEFINERS = ("def", "class")


def _names_referred_to(data: bytes, wanted: dict[str, str]) -> frozenset[str] | None:
    """Those of ``wanted`` a Python file refers to (see :func:`unreferenced`): a name token
    other than the name a ``def`` gives, or the last word of a one-word string; None when
    the file does not tokenize.  (The names kept are ``wanted``'s own strings: the answers
    of every file of a large tree are kept for the audit.)"""

    referenced: set[str] = set()
    previous = ""
    try:  # streamed: a 1 MB file is a quarter of a million tokens, never held at once
        for tok in tokenize.tokenize(io.BytesIO(data).readline):
            if tok.type == tokenize.NAME and tok.string in wanted and previous not in _DEFINERS:
                referenced.add(wanted[tok.string])  # a name, an attribute, an import (not a def)
            elif tok.type == tokenize.STRING and _FSTRING_PREFIX.match(tok.string):
                referenced.update(wanted[w] for w in _fstring_names(tok.string) if w in wanted)
            elif tok.type == tokenize.STRING and " " not in tok.string:
                tail = re.split(r"[.:]", _string_text(tok.string))[-1]
                if tail in wanted:
                    referenced.add(wanted[tail])  # ``"pkg.mod:function"``, ``getattr(m, "f")``
            if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
                previous = tok.string
    except (tokenize.TokenError, SyntaxError, ValueError):
        return None
    return frozenset(referenced)


#: Loop methods that run a callback on the loop itself (``loop.call_soon(cb)``,
#: ``future.add_done_callback(cb)``): a loop is running whenever the callback runs.
LOOP_CALLBACK_REGISTRARS = frozenset(
    {
        "call_soon",
        "call_soon_threadsafe",
        "call_later",
        "call_at",
        "add_done_callback",
        "add_signal_handler",
        "add_reader",
        "add_writer",
    }
)


#: :func:`named_uses` leaves out a name found in more files than this.
MAX_NAMED_USE_FILES = 30


@dataclass(frozen=True)
class NamedUse:
    """One use of a name in the project's code, found by its token: ``call`` (``name(``,
    ``x.name(``), ``loop-callback`` (handed to a :data:`LOOP_CALLBACK_REGISTRARS` method) or
    ``import`` (``from pkg.mod import name``, not renamed: it names the object and runs
    nothing; so does a module ``__getattr__`` that imports it lazily and returns it), ``type`` (an annotation ``x: name`` / ``-> name``, a union member, the class
    of ``isinstance(x, name)``: runs nothing either) or ``reference`` (anything else: a
    callback handed elsewhere, an alias);
    ``function`` is the innermost function around it (None at module level)."""

    path: str
    line: int
    kind: str
    function: Function | None


def named_uses(project: Project, names: Iterable[str]) -> dict[str, list[NamedUse]] | None:
    """Every use of each of ``names`` as a name token in the project's Python files (tests
    included), ``def``/``class`` statements, strings and comments left out: a superset of
    the calls the call graph resolves, with receivers it cannot type (``page.open()`` on a
    parameter).  A name found in more than :data:`MAX_NAMED_USE_FILES` files is left out of
    the answer (unknown).  None when a Python file could not be read or tokenized (a use
    may hide there)."""
    import re

    wanted = {n for n in names if n}
    if not wanted:
        return {}
    if project.unread_python_files():
        return None
    pattern = re.compile(rb"\b(?:" + b"|".join(re.escape(n.encode()) for n in wanted) + rb")\b")
    files = project.files_naming(wanted)  # path -> the names it holds
    where: dict[str, int] = {}
    for found in files.values():
        for n in found:
            where[n] = where.get(n, 0) + 1
    # a name used in many files (``run``, ``start``) is left out: reading them all costs more
    # than the answer is worth, and so many uses are unlikely to all sit in coroutines
    wanted = {n for n in wanted if where.get(n, 0) <= MAX_NAMED_USE_FILES}
    out: dict[str, list[NamedUse]] = {n: [] for n in wanted}
    if not wanted:
        return out
    for path, found in files.items():
        data = project.repo.read_bytes(path) if found & wanted else None
        if data is None:
            continue
        for offset, chunk in _statements_naming(project, path, data, wanted):
            try:
                tokens = [
                    t
                    for t in tokenize.tokenize(io.BytesIO(chunk).readline)
                    if t.type not in (tokenize.NL, tokenize.COMMENT)
                ]
            except (tokenize.TokenError, SyntaxError, ValueError):
                return None
            _named_in(project, path, tokens, offset, wanted, out, pattern)
    return out


def _statements_naming(
    project: Project, path: str, data: bytes, wanted: set[str]
) -> Iterator[tuple[int, bytes]]:
    """The source to tokenize for the uses of ``wanted`` in ``path``, as (lines before it,
    bytes): only the module's top-level statements whose lines hold one of the names (a
    statement's tokens do not depend on the statements around it; tokenizing litellm's
    largest modules whole for a few names cost seconds); the whole file when its statements
    are not known (it did not parse), or its lines are not plain ``\n``-ended UTF-8."""
    if project.top_statement(path, 1 << 30) is None or b"\r" in data or not _utf8_source(data):
        yield 0, data
        return
    ends = [m.start() for m in re.finditer(b"\n", data)]  # the offset of each line's \n
    pattern = re.compile(rb"\b(?:" + b"|".join(re.escape(n.encode()) for n in wanted) + rb")\b")
    chosen: set[tuple[int, int | None]] = set()
    for m in pattern.finditer(data):
        span = project.top_statement(path, bisect.bisect_left(ends, m.start()) + 1)
        if span is not None:
            chosen.add(span)
    for first, last in sorted(chosen):
        begin = ends[first - 2] + 1 if first >= 2 else 0
        end = ends[last - 2] + 1 if last is not None and last >= 2 else len(data)
        yield first - 1, data[begin:end]


def _utf8_source(data: bytes) -> bool:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:
        return False
    return encoding in ("utf-8", "utf-8-sig")


def _named_in(
    project: Project,
    path: str,
    tokens: list[tokenize.TokenInfo],
    offset: int,
    wanted: set[str],
    out: dict[str, list[NamedUse]],
    pattern: re.Pattern[bytes],
) -> None:
    """The uses of ``wanted`` among ``tokens`` (tokens of ``path`` from the line after
    ``offset``) added to ``out``."""
    statement = ""  # the first token of the current statement
    for i, tok in enumerate(tokens):
        if i == 0 or tokens[i - 1].type in _STATEMENT_ENDS or tokens[i - 1].string == ";":
            statement = tok.string
        if tok.type == tokenize.STRING:
            _named_in_fstring(project, path, tok, offset, wanted, out, pattern)
            continue
        if tok.type != tokenize.NAME or tok.string not in wanted:
            continue
        previous = tokens[i - 1].string if i else ""
        if previous in ("def", "class"):
            continue
        following = tokens[i + 1].string if i + 1 < len(tokens) else ""
        line = tok.start[0] + offset
        if statement in ("from", "import") and following != "as" and previous != "as":
            kind = "import"  # ``from pkg.mod import name``: names it, runs nothing
        elif following != "(" and (
            previous in ("->", "|")
            or following == "|"
            or _type_position(tokens, i)
            or _type_argument(tokens, i)
        ):
            # ``x: Name``, ``-> Name``, ``A | Name``, ``isinstance(x, Name)``,
            # ``-> list[Name]``, ``self.x: dict[str, list[Name]] = {}``
            kind = "type"
        elif following == "(":
            kind = "call"
        elif _handed_to_loop(tokens, i):
            kind = "loop-callback"
        else:
            kind = "reference"
        function = project.function_at(path, line)
        if kind == "reference" and _lazy_module_attribute(function):
            # ``globals()[name] = factory; return factory`` in a module ``__getattr__``
            # (PEP 562): the module hands the object to whoever asks, as an import does
            kind = "import"
        out[tok.string].append(NamedUse(path, line, kind, function))


def _lazy_module_attribute(function: Function | None) -> bool:
    """``function`` is a module's own ``__getattr__`` (PEP 562: what resolves an attribute
    the module lacks), not a class's method."""
    return (
        function is not None
        and function.name == "__getattr__"
        and function.class_qname is None
        and function.qname == f"{function.module}.__getattr__"
    )


def _named_in_fstring(
    project: Project,
    path: str,
    tok: tokenize.TokenInfo,
    offset: int,
    wanted: set[str],
    out: dict[str, list[NamedUse]],
    pattern: re.Pattern[bytes],
) -> None:
    """The uses of ``wanted`` in the replacement fields of the f-string ``tok``: before
    Python 3.12 the tokenizer hands an f-string over as one ``STRING`` token, and
    ``f"{settings.DB_PASSWORD}"`` reads the field as surely as ``settings.DB_PASSWORD``.
    (From 3.12 on its fields arrive as tokens of their own.)"""
    text = tok.string
    quote = min((q for q in (text.find('"'), text.find("'")) if q >= 0), default=-1)
    if quote <= 0 or "f" not in text[:quote].lower() or "{" not in text:
        return
    if pattern.search(text.encode()) is None:
        return
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError):
        return
    nodes = list(ast.walk(tree))  # names sit only in its replacement fields
    called = {id(n.func) for n in nodes if isinstance(n, ast.Call)}
    for sub in nodes:
        name = (
            sub.id
            if isinstance(sub, ast.Name)
            else sub.attr
            if isinstance(sub, ast.Attribute)
            else None
        )
        if name is not None and name in wanted:
            line = tok.start[0] + offset + getattr(sub, "lineno", 1) - 1
            kind = "call" if id(sub) in called else "reference"
            out[name].append(NamedUse(path, line, kind, project.function_at(path, line)))


def _type_position(tokens: list[tokenize.TokenInfo], i: int) -> bool:
    """The name token ``tokens[i]`` is an annotation (``x: Name = ...`` as a statement, a
    parameter ``def f(x: Name)``) or the class of ``isinstance(x, Name)`` /
    ``issubclass(x, Name)`` after a one-name first argument."""
    if i >= 3 and tokens[i - 1].string == ":" and tokens[i - 2].type == tokenize.NAME:
        k = i - 3
        while k >= 1 and tokens[k].string == "." and tokens[k - 1].type == tokenize.NAME:
            k -= 2  # ``self.name: Name``
        if tokens[k].type in _STATEMENT_ENDS:
            return True  # ``name: Name`` at the start of a statement
        depth = 0
        for j in range(i - 3, 0, -1):  # the innermost bracket still open
            text = tokens[j].string
            if text in (")", "]", "}"):
                depth += 1
            elif text in ("(", "[", "{"):
                if depth == 0:
                    return (
                        text == "("
                        and j >= 2
                        and tokens[j - 1].type == tokenize.NAME
                        and tokens[j - 2].string == "def"
                    )
                depth -= 1
        return False
    return (
        i >= 4
        and tokens[i - 1].string == ","
        and tokens[i - 2].type == tokenize.NAME
        and tokens[i - 3].string == "("
        and tokens[i - 4].string in ("isinstance", "issubclass")
        and i + 1 < len(tokens)
        and tokens[i + 1].string == ")"
    )


def _type_argument(tokens: list[tokenize.TokenInfo], i: int) -> bool:
    """The name token ``tokens[i]`` is an argument of a subscripted annotation, at any
    depth: ``-> list[Name]``, ``x: dict[str, list[Name]] = {}``, ``def f(x: Optional[Name])``
    (a generic names the class and runs nothing).  A subscript that is no annotation
    (``registry[Name]``), a call (``Depends(Name)``) or a display (``[Name]``,
    ``Callable[[Name], None]``) on the way out is not one."""
    j = i
    while True:
        depth = 0
        k = j - 1
        while k >= 0:  # the innermost bracket still open before ``j``
            tok = tokens[k]
            if tok.type in _STATEMENT_ENDS:
                return False
            if tok.string in (")", "]", "}"):
                depth += 1
            elif tok.string in ("(", "[", "{"):
                if depth == 0:
                    break
                depth -= 1
            k -= 1
        if k < 1 or tokens[k].string != "[" or tokens[k - 1].type != tokenize.NAME:
            return False
        head = k - 1  # the subscripted name, dotted: ``typing.Optional[``
        while (
            head >= 2 and tokens[head - 1].string == "." and tokens[head - 2].type == tokenize.NAME
        ):
            head -= 2
        if head < 1:
            return False
        if tokens[head - 1].string in ("->", "|") or _type_position(tokens, head):
            return True
        j = head


#: Tokens after which a new statement starts.
_STATEMENT_ENDS = frozenset({tokenize.ENCODING, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT})


def _handed_to_loop(tokens: list[tokenize.TokenInfo], i: int) -> bool:
    """The name token ``tokens[i]`` is (the end of) the first argument of a loop callback
    registrar: ``loop.call_soon(self._wake`` / ``fut.add_done_callback(on_done``, also
    bound by ``functools.partial`` (``add_done_callback(partial(self._done, msg=m)``): the
    partial calls it when the loop runs the callback."""
    j = i - 1
    while j >= 1 and tokens[j].string == "." and tokens[j - 1].type == tokenize.NAME:
        j -= 2
    if j >= 2 and tokens[j].string == "(" and tokens[j - 1].string == "partial":
        j -= 2
        if j >= 2 and tokens[j].string == "." and tokens[j - 1].string == "functools":
            j -= 2
    return (
        j >= 1
        and tokens[j].string == "("
        and tokens[j - 1].string in LOOP_CALLBACK_REGISTRARS
        and tokens[j - 2].string == "."
    )


def private_loop_entries(project: Project) -> list[Function]:
    """Coroutines that only a loop runner drives (``asyncio.run(f())``,
    ``loop.run_until_complete(f())``), or that a sync-to-async decorator of the project
    wraps (:func:`on_own_loop`): each runs on a loop of its own, in a thread where no loop
    was running, so nothing it does stalls the server's loop.  A coroutine also called any
    other way (awaited, or made into a task) is not one of them."""
    sites = dict(project.call_sites)
    for qname, dispatched in _returned_object_calls(project).items():
        sites[qname] = [*sites.get(qname, []), *dispatched]
    out: list[Function] = []
    for qname, calls in sites.items():
        # a call on ``self`` may disqualify a coroutine (it is also awaited), never qualify
        # one: ``asyncio.run(self.start())`` is how a server object starts serving -- unless
        # it names a private method (``self.__ping()``): Python mangles the name to the
        # class's own (``_Cls__ping``), no subclass overrides it, and only the class's own
        # body calls it, so the call graph sees every call of it
        named = [cs for caller, cs in calls if not _on_self(caller, cs) or _mangled(cs.qname)]
        if named and all(_driven_privately(project, cs) for _, cs in calls):
            fn = project.function(qname)
            if fn is None or not fn.is_async:
                continue
            if ".<locals>." in qname and not _serves_nothing(project, fn):
                # a command's nested coroutine may share its loop with a server it starts
                # (see :func:`_closure`): only one that starts nothing beside itself counts
                continue
            out.append(fn)
    for m in project.modules_of_class("app"):
        for fn in m.functions.values():
            if on_own_loop(project, fn):
                out.append(fn)
    return out


def _returned_object_calls(project: Project) -> dict[str, list[tuple[Function, CallSite]]]:
    """Method qname -> the (caller, call site) pairs that call it on the object a project
    function returns (``make(url).process()``, or ``p = make(url)`` then ``p.process()``,
    recorded as ``<make>.process``), when that function's return annotation names a
    project class: the call runs the class's method (its own or inherited) or the override
    of any project subclass, as the object may be any of them (``def make(url) ->
    BaseProcessor`` returning a registered subclass).  Only the private-loop question asks
    (:func:`private_loop_entries`): every such site must drive the coroutine privately."""
    out: dict[str, list[tuple[Function, CallSite]]] = {}
    targets: dict[str, list[Function]] = {}
    support = project.test_support_modules
    for m in project.modules_of_class("app"):
        if m.module in support:
            continue
        for caller in m.functions.values():
            for cs in caller.calls:
                owner, _, method = cs.qname.rpartition(".")
                if not owner or _callee(project, cs.qname) is not None:
                    continue
                if cs.qname not in targets:
                    targets[cs.qname] = _dispatch_targets(project, owner, method)
                for fn in targets[cs.qname]:
                    out.setdefault(fn.qname, []).append((caller, cs))
    return out


def _dispatch_targets(project: Project, factory: str, method: str) -> list[Function]:
    """The methods ``<object>.method()`` may run when the object is what the project
    function ``factory`` returns, by its return annotation (a project class ``C``): ``C``'s
    own or inherited ``method`` and each project subclass's override; none when ``factory``
    is not such a function."""
    fn = project.function(factory)
    if fn is None or fn.returns is None:
        return []
    cls = project.class_(project.canonical_name(qname_of(fn.returns)))
    if cls is None:
        return []
    found = project.method(cls, method)
    out = [found] if found is not None else []
    for other in project.classes.values():
        if other.qname != cls.qname and project.class_is(other.qname, {cls.qname}):
            override = project.function(f"{other.qname}.{method}")
            if override is not None and override not in out:
                out.append(override)
    return out


def _driven_privately(project: Project, cs: CallSite) -> bool:
    """The coroutine of ``cs`` is handed to a loop runner (``asyncio.run(f())``) or to a
    project function that runs what it is handed on a loop of its own (``run_async(f())``,
    ``Function.runs_on_own_loop``)."""
    if cs.on_private_loop:
        return True
    runner = project.function(cs.handed_to) if cs.handed_to else None
    return runner is not None and runner.runs_on_own_loop


#: Text that starts work beside the coroutine on its loop: a server, a task, a gather.
#: Names that serve requests on the loop they are called on.
_SERVER_WORDS = (
    "uvicorn|hypercorn|granian|serve|serve_forever|run_forever|start_server|run_app|create_server"
)
_CONCURRENT = lazy_compile(
    rf"\b(?:{_SERVER_WORDS}|create_task|ensure_future|gather|TaskGroup|start_soon|"
    r"run_coroutine_threadsafe|wait|as_completed)\b"
)


#: Text that serves requests on the coroutine's loop, or hands work to another (running)
#: loop: a server, a hand-off from a thread.
_SERVES = lazy_compile(
    rf"\b(?:{_SERVER_WORDS}|run_coroutine_threadsafe|call_soon_threadsafe|from_thread)\b"
)


def _serves_nothing(
    project: Project,
    entry: Function,
    self_calls: bool = False,
    pattern: re.Pattern[str] = _CONCURRENT,
    awaited_only: bool = True,
) -> bool:
    """Nothing ``entry`` awaits (itself and the project functions it reaches, transitively;
    with ``self_calls``, also through calls on its own object) starts a server, a task or
    any other work beside it on its loop: the text of none of them names one
    (:data:`_CONCURRENT`), and every call was followed (no function of the closure is
    missing its source).  A nested coroutine a sync start-up function hands to
    ``asyncio.run`` that only prepares resources then runs alone on its loop."""
    for qname, _entry in _closure(
        project, [entry], awaited_only=awaited_only, private_loops=False, self_calls=self_calls
    ):
        fn = project.function(qname)
        if fn is None:
            return False
        source = project.function_source(fn)
        if source is None or _starts_concurrent_work(source, pattern):
            return False
    return True


def _starts_concurrent_work(source: str, pattern: re.Pattern[str] = _CONCURRENT) -> bool:
    """The code (not its strings or comments: a template naming ``uvicorn`` starts nothing)
    names a server, a task or a gather (:data:`_CONCURRENT`, or ``pattern``).  Text that
    does not tokenize is read whole."""
    if not pattern.search(source):
        return False
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(textwrap.dedent(source)).readline))
    except (tokenize.TokenError, SyntaxError):
        return True
    return any(t.type == tokenize.NAME and pattern.fullmatch(t.string) for t in tokens)


def on_own_loop(project: Project, fn: Function) -> bool:
    """A coroutine function decorated with a project sync-to-async decorator
    (``Function.own_loop_decorator``): every call runs it on a loop of its own."""
    if not fn.is_async or not fn.decorators:
        return False
    for d in fn.decorators:
        q = qname_of(d) if isinstance(d, Name) else None
        decorator = project.function(q) if q else None
        if decorator is not None and decorator.own_loop_decorator:
            return True
    return False


def _closure(
    project: Project,
    entries: Iterable[Function],
    awaited_only: bool = False,
    same_module: bool = False,
    private_loops: bool = True,
    self_calls: bool = True,
    nested: bool = False,
    framework_returns: bool = False,
    detached: dict[str, str] | None = None,
) -> Iterator[tuple[str, str]]:
    """(function qname, entry qname) of everything ``entries`` call, transitively.

    ``awaited_only``: a coroutine called without ``await`` is not followed (it may be a task
    that runs beside the requests).  ``same_module``: only the entry's own module is
    followed -- a command or a program uses shared code that other entries may reach
    through calls the graph cannot see, so only its own helpers are its alone.
    ``private_loops=False``: a coroutine handed to ``asyncio.run`` is not followed (it runs
    on a loop of its own, in a thread where none runs: a sync route's threadpool).
    ``self_calls=False``: a method's calls on its own object are not followed (a loop of
    its own is claimed only through calls the graph resolved by name).
    ``nested``: nested functions are followed (start-up code: a lifespan awaiting the
    ``startup`` function defined beside it in the function that builds the app).
    ``framework_returns``: the entries are called by the framework, which does not await
    what they return: a coroutine an entry creates in its ``return`` statement
    (``return fetch_manifest(...)`` in a route) is never run by the request; and it runs
    a sync entry in its threadpool, where no loop runs: a coroutine the sync code of that
    thread creates (the entry and the sync functions it calls) is followed only when
    started as a task or when that code's module names a hand-off to a running loop
    (``run_coroutine_threadsafe``): otherwise it runs on a loop of its own or never.
    ``detached``: a coroutine started as a fire-and-forget task (:attr:`CallSite.detached`)
    is not followed; the map gets it, with the function that starts it.
    """
    seen: set[str] = set()
    in_threads: set[str] = set()  # followed only as code of a threadpool thread (below)
    handoffs: dict[str, bool] = {}
    stack = [(fn, fn, framework_returns and not fn.is_async) for fn in entries]
    while stack:
        fn, entry, in_thread = stack.pop()
        if fn.qname in seen or (in_thread and fn.qname in in_threads):
            continue
        if fn.qname not in in_threads:
            yield fn.qname, entry.qname  # (once: in a thread first, perhaps on a loop later)
        (in_threads if in_thread else seen).add(fn.qname)
        for callee, cs in _edges(project, fn, self_calls):
            if callee.qname in seen:
                continue
            if awaited_only and callee.is_async and not cs.awaited and not _entered(callee):
                continue
            if (
                in_thread
                and callee.is_async
                and not cs.spawned
                and not _hands_to_a_loop(project, (fn, entry), handoffs)
            ):
                # a sync entry runs in the framework's threadpool, where no loop runs: a
                # coroutine its sync code creates runs only on a loop it is handed to (its
                # own, by ``asyncio.run``; the server's, by ``run_coroutine_threadsafe``)
                continue
            if (
                framework_returns
                and fn is entry
                and callee.is_async
                and not cs.awaited
                and _returned(project, fn, cs)
            ):
                continue
            if not private_loops and (cs.on_private_loop or on_own_loop(project, callee)):
                continue
            if same_module and callee.module != entry.module:
                continue
            if detached is not None and cs.detached:
                detached.setdefault(callee.qname, fn.qname)
                continue
            if private_loops and not nested and ".<locals>." in callee.qname:
                # a nested coroutine a command drives with ``asyncio.run`` may share its loop
                # with a server the command starts: only the request path follows nested
                # functions (a route awaiting its own helper)
                continue
            stack.append((callee, entry, in_thread and not callee.is_async))


#: Words of code that hands a coroutine from a thread to a running loop
#: (``asyncio.run_coroutine_threadsafe``, ``loop.call_soon_threadsafe``,
#: ``anyio.from_thread.run``).
_THREAD_HANDOFFS = ("threadsafe", "from_thread")


def _hands_to_a_loop(
    project: Project, functions: tuple[Function, ...], memo: dict[str, bool]
) -> bool:
    """The module of one of ``functions`` names a hand-off from a thread to a running
    loop (:data:`_THREAD_HANDOFFS`): a coroutine its sync code creates may run on the
    server's loop."""
    for fn in functions:
        found = memo.get(fn.module)
        if found is None:
            text = project.read_text(project.module_of(fn).path)
            found = memo[fn.module] = text is None or any(w in text for w in _THREAD_HANDOFFS)
        if found:
            return True
    return False


#: Decorators that make an async generator function an async context manager factory.
ASYNC_CONTEXT_MANAGERS = frozenset({"contextlib.asynccontextmanager"})


def _entered(fn: Function) -> bool:
    """``fn`` is an ``@asynccontextmanager``: calling it makes a context manager, which
    runs its body only when the caller enters it (``async with fn():``), never as a task
    beside the caller."""
    return any(isinstance(d, Name) and qname_of(d) in ASYNC_CONTEXT_MANAGERS for d in fn.decorators)


def _returned(project: Project, fn: Function, cs: CallSite) -> bool:
    """The call ``cs`` of ``fn`` is the whole value of a ``return`` statement (the text
    before it on its line is ``return``): the caller hands the object back unchanged."""
    text = project.read_text(project.module_of(fn).path)
    lines = text.splitlines() if text is not None else []
    if not 0 < cs.line <= len(lines):
        return False
    return lines[cs.line - 1][: max(cs.column - 1, 0)].strip() == "return"


def call_sites(project: Project) -> dict[str, list[tuple[Function, CallSite]]]:
    """Callee function qname -> the (caller, call site) pairs that call it, from the
    application's own code (tests and test support are not the project running it).  A call
    of a class counts as a call of its ``__init__``.  Incomplete as the call graph is (calls
    on parameters and returned objects are not seen): a caller list is evidence that those
    callers exist, never that there are no others."""
    support = project.test_support_modules
    out: dict[str, list[tuple[Function, CallSite]]] = {}
    for m in project.modules_of_class("app"):
        if m.module in support:
            continue
        for caller in m.functions.values():
            for callee, cs in _edges(project, caller):
                out.setdefault(callee.qname, []).append((caller, cs))
    return out


def _edges(
    project: Project, fn: Function, self_calls: bool = True
) -> Iterator[tuple[Function, CallSite]]:
    """The project functions ``fn`` calls, with the call sites: its resolved calls, and its
    calls on its own object (``self.load()``) resolved statically in its class and the
    class's ancestors."""
    for cs in fn.calls:
        callee = _callee(project, cs.qname)
        if callee is not None:
            yield callee, cs
    if self_calls and fn.self_calls and fn.class_qname is not None:
        cls = project.class_(fn.class_qname)
        if cls is None:
            return
        for cs in fn.self_calls:
            if _mangled(cs.qname):  # ``self.__ping()``: the class's own, never an ancestor's
                callee = project.function(cs.qname)
            else:
                callee = project.method(cls, cs.qname.rsplit(".", 1)[-1])
            if callee is not None:
                yield callee, cs


def _on_self(caller: Function, cs: CallSite) -> bool:
    return any(site is cs for site in caller.self_calls)


def _mangled(qname: str) -> bool:
    """The last part of ``qname`` is a private name Python mangles (``__ping``, not
    ``__call__``): ``self.__ping()`` in a class's body calls that class's own method."""
    name = qname.rsplit(".", 1)[-1]
    return name.startswith("__") and not name.endswith("__")


def _callee(project: Project, qname: str) -> Function | None:
    fn = project.function(qname)
    if fn is not None:
        return fn
    cls = project.class_(qname)
    return project.method(cls, "__init__") if cls is not None else None


def request_entries(project: Project) -> Iterator[Function]:
    """Routes, dependencies, middleware and exception handlers: code a request runs."""
    yield from project.route_functions.values()
    yield from project.dependency_functions.values()
    for q in project.exception_handlers():
        fn = project.function(q)
        if fn is not None:
            yield fn
    for m in project.modules_of_class("app"):
        for fn in m.functions.values():
            if any(
                isinstance(d, Call) and (dotted_of(d) or "").endswith(".middleware")
                for d in fn.decorators
            ):
                yield fn
        for cls in m.classes.values():
            if project.class_is(cls.qname, BASE_HTTP_MIDDLEWARE):
                dispatch = project.method(cls, "dispatch")
                if dispatch is not None:
                    yield dispatch
    for inst in project.app_instances:
        for mc in inst.includes:
            if mc.method != "add_middleware":
                continue
            handler = project.class_(
                qname_of(arg(mc.call, 0) or kwarg(mc.call, "middleware_class"))
            )
            if handler is None:
                continue
            for name in ("dispatch", "__call__"):
                method = project.method(handler, name)
                if method is not None:
                    yield method


def startup_entries(project: Project) -> Iterator[Function]:
    """The lifespan, start-up / shutdown handlers and the functions that build an app."""
    for q in project.lifespans:
        fn = project.function(q)
        if fn is not None:
            yield fn
    for m in project.modules_of_class("app"):
        for fn in m.functions.values():
            if any(_event_decorator(d) for d in fn.decorators):
                yield fn
    for inst in project.app_instances:
        if inst.module.file_class != "app":
            continue
        for key in ("on_startup", "on_shutdown"):
            for handler in _names_in(inst.kw(key)):
                fn = handler_function(project, handler, inst.function)
                if fn is not None:
                    yield fn
        for mc in inst.includes:
            if mc.method == "add_event_handler" and arg(mc.call, 0) in (
                Lit("startup"),
                Lit("shutdown"),
            ):
                fn = handler_function(
                    project, arg(mc.call, 1) or kwarg(mc.call, "func"), mc.function
                )
                if fn is not None:
                    yield fn
        if inst.kind == "app" and inst.function:
            builder = project.function(inst.function)
            if builder is not None:
                yield builder


def _names_in(e: object) -> Iterator[Name]:
    from auditor.facts import seq_items

    for item in seq_items(e):  # type: ignore[arg-type]
        if isinstance(item, Name):
            yield item


def cli_entries(project: Project) -> Iterator[Function]:
    """Functions registered as commands of a typer / click application."""
    for m in project.modules_of_class("app"):
        for fn in m.functions.values():
            if any(_cli_decorator(project, d) for d in fn.decorators):
                yield fn


def program_entries(project: Project) -> Iterator[Function]:
    """Standalone programs: the functions a module's ``if __name__ == "__main__":`` block
    calls (``python -m pkg.tool``), and functions that parse the command line
    (``argparse.ArgumentParser``, or a module-level function that reads ``sys.argv``
    itself) that no project code calls (a tool run by hand or through a console script).
    Each runs in a process of its own."""
    parsers: dict[str, Function] = {}
    for m in project.modules_of_class("app"):
        for q in m.main_calls:
            fn = _callee(project, q)
            if fn is not None and fn.module == m.module:
                yield fn  # (a library function the block calls is not the program's own)
        for inst in m.instances:
            if inst.function and qname_of(inst.call) in ARGUMENT_PARSERS:
                fn = project.function(inst.function)
                if fn is not None and ".<locals>." not in fn.qname:
                    parsers[fn.qname] = fn
        if m.imports.get("sys") == "sys":
            for fn in _argv_readers(project, m):
                parsers.setdefault(fn.qname, fn)
    yield from uncalled(project, parsers.values())


_ARGV = lazy_compile(rb"\bsys\.argv\b")


def _argv_readers(project: Project, m: ModuleFacts) -> list[Function]:
    """The module-level functions of ``m`` that read the process's command line,
    ``sys.argv``, in their body (``launch(source, sys.argv[1:])``)."""
    data = project.repo.read_bytes(m.path)
    if not data or _ARGV.search(data) is None:
        return []
    lines = data.splitlines()
    return [
        fn
        for fn in m.functions.values()
        if fn.qname == f"{m.module}.{fn.name}"
        and _ARGV.search(b"\n".join(lines[fn.line : fn.end_line])) is not None
    ]


def uncalled(project: Project, functions: Iterable[Function]) -> list[Function]:
    """Those of ``functions`` no project code calls: no call site of a function, no
    ``__main__`` block and no console script of ``pyproject.toml`` names them (they are
    called from outside: by hand, by a user's program, or by a command we cannot see).
    Calls from tests and test support do not count."""
    left = {fn.qname: fn for fn in functions}
    if not left:
        return []
    short = {fn.name for fn in left.values()}
    support = project.test_support_modules
    for m in project.by_path.values():
        if m.file_class == "test" or m.module in support:
            continue  # a test (or a test helper) calling it is not the project running it
        for q in m.main_calls:
            left.pop(getattr(_callee(project, q), "qname", ""), None)
        for caller in m.functions.values():
            # calls on ``self`` are not looked at: a method a package runs on itself
            # (``self.run()``) still counts as called from outside (LOG002's framework rule)
            for cs in caller.calls:
                if cs.qname.rsplit(".", 1)[-1] in short:
                    left.pop(getattr(_callee(project, cs.qname), "qname", ""), None)
    for target in console_scripts(project):
        left.pop(getattr(_callee(project, target), "qname", ""), None)
    return list(left.values())


def console_scripts(project: Project) -> list[str]:
    """The functions ``pyproject.toml`` installs as commands (``module:function`` of
    ``[project.scripts]``, ``[project.gui-scripts]``, ``[tool.poetry.scripts]``), dotted."""
    data = project.configs.pyproject or {}
    tables: list[object] = []
    proj = data.get("project")
    if isinstance(proj, dict):
        tables += [proj.get("scripts"), proj.get("gui-scripts")]
    tool = data.get("tool")
    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    if isinstance(poetry, dict):
        tables.append(poetry.get("scripts"))
    out: list[str] = []
    for table in tables:
        if not isinstance(table, dict):
            continue
        for value in table.values():
            ref = value.get("reference") if isinstance(value, dict) else value
            if isinstance(ref, str) and ":" in ref:
                module, _, attr = ref.partition(":")
                out.append(f"{module.strip()}.{attr.strip()}")
    return out


def _cli_decorator(project: Project, d: object) -> bool:
    if not isinstance(d, Call):
        return False
    q = qname_of(d) or ""
    if q.split(".", 1)[0] in CLI_MODULES:
        return True  # ``@click.command()``, ``@click.group()``
    text = dotted_of(d) or ""
    if "." not in text or text.rsplit(".", 1)[1] not in CLI_REGISTRARS or not q:
        return False
    return is_cli_object(project, q.rsplit(".", 1)[0])


def is_cli_object(project: Project, qname: str) -> bool:
    """``qname`` names a typer / click application or group: a binding made by one of their
    classes (or a project subclass of one), or a function decorated as a click group."""
    from auditor.project import Binding

    r = project.resolve(qname)
    if isinstance(r, Binding) and isinstance(r.value, Call):
        callee = qname_of(r.value)
        if callee and callee.split(".", 1)[0] in CLI_MODULES:
            return True
        cls = project.class_(callee)
        if cls is not None:
            return any(a.split(".", 1)[0] in CLI_MODULES for a in project.ancestors(cls.qname))
        return False
    if isinstance(r, Function):
        return any((qname_of(d) or "").split(".", 1)[0] in CLI_MODULES for d in r.decorators)
    return False


# -- completeness (class 3) --------------------------------------------------------------------


@dataclass(frozen=True)
class Completeness:
    """Whether the model is complete for a question; ``reasons`` say what is missing."""

    reasons: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.reasons

    def __bool__(self) -> bool:
        return self.complete


def completeness(
    project: Project, file_classes: Iterable[str] = ("app",), routes: bool = False
) -> Completeness:
    """Complete when every Python file of ``file_classes`` was read and parsed, and, with
    ``routes``, every route decorator, ``include_router`` and ``mount`` hangs on an app or
    router the model knows."""
    classes = frozenset(file_classes)
    reasons: list[str] = []
    unparsed = sorted(
        m.path
        for m in project.by_path.values()
        if m.file_class in classes and m.parse_error is not None
    )
    unread = sorted(p for p in project.unread_python_files() if project.file_class(p) in classes)
    missing = unparsed + unread
    if missing:
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        reasons.append(f"`{missing[0]}`{more} not parsed")
    if routes:
        loose = unresolved_route_code(project)
        if loose:
            path, line, what = loose[0]
            more = f" and {len(loose) - 1} more" if len(loose) > 1 else ""
            reasons.append(f"{what} at {path}:{line}{more}: routes the model cannot see")
    return Completeness(tuple(reasons))


def _looked_up_at_run_time(e: object) -> bool:
    """``getattr(module, name)``: an object found by name while the code runs."""
    return isinstance(e, Call) and e.qname in ("getattr", "builtins.getattr")


def unresolved_route_code(project: Project) -> list[tuple[str, int, str]]:
    """Route decorators (``@x.get("/path")``) on a receiver the model does not know,
    ``include_router(x)`` calls whose ``x`` it does not know (of a known app or router, or
    of any receiver in a module that imports modules by computed names: a router imported
    from outside the project, in an app the model does not follow), and
    any ``include_router`` / ``mount`` of an object looked up by name at run time
    (``getattr(module, "router")``: a lazily built registry), and routes registered by
    calling a route decorator (``app.get(config.path, tags=[...])(endpoint)`` in a loop
    over route configurations): the routes behind them are invisible.  (path, line,
    what), sorted."""
    from auditor.project_queries import instance_of

    out: list[tuple[str, int, str]] = []
    # (a code generator's stub routes are on an app the model knows, only never served)
    routed = {id(r.decorator) for r in (*project.routes, *project.document_stubs)}
    for m in project.modules_of_class("app"):
        computed_imports = any(
            not (isinstance(e, Lit) and isinstance(e.value, str)) for e in m.dynamic_imports
        )
        for fn in m.functions.values():
            for d in fn.decorators:
                if not isinstance(d, Call) or id(d) in routed:
                    continue
                text = dotted_of(d) or ""
                if "." not in text or text.rsplit(".", 1)[1] not in names.ROUTE_METHODS:
                    continue
                path = arg(d, 0) or kwarg(d, "path")
                if isinstance(path, Lit) and isinstance(path.value, str) and path.value[:1] == "/":
                    out.append((m.path, d.line, f"route `{fn.name}`"))
        for line in m.called_routes:
            out.append((m.path, line, "a route registered by calling its decorator"))
        for mc in m.method_calls:
            if mc.method in ("include_router", "mount") and _looked_up_at_run_time(
                arg(mc.call, 0 if mc.method == "include_router" else 1)
                or kwarg(mc.call, "router" if mc.method == "include_router" else "app")
            ):
                # a registry that loads its routers by module path (``getattr(module,
                # "router")``), whatever it includes them in
                out.append((m.path, mc.line, f"a router looked up at run time ({mc.method})"))
                continue
            if mc.method != "include_router":
                continue
            if project.method_call_receiver(mc) is None and not computed_imports:
                continue
            e = arg(mc.call, 0) or kwarg(mc.call, "router")
            if (
                instance_of(project, e, mc.function) is None
                and project.receiver_in_function(dotted_of(e), mc.function) is None
            ):
                # an unknown router included in a known app or router, or -- in a module
                # that imports modules by computed names -- in one the model does not
                # follow (``def _include(self, app): app.include_router(router)`` with
                # ``router = import_module(f"{name}.api").router``): its routes are unseen
                out.append((m.path, mc.line, "an included router"))
    return sorted(set(out))


#: How far :func:`background_task_only` follows callers up.
MAX_TASK_DEPTH = 6


@dataclass(frozen=True)
class BackgroundOnly:
    """How a coroutine runs when :func:`background_task_only` shows it never runs on a
    request's behalf: ``starter``, the function that starts it (or what awaits it) as a
    task, and ``handler``, whether it is (or is awaited by) a start-up or shutdown handler
    that code registers by reference."""

    starter: str | None
    handler: bool


def background_task_only(
    project: Project, qname: str | None, depth: int = 0
) -> BackgroundOnly | None:
    """How ``qname`` runs when it runs only in background tasks or as an event handler: it
    is a coroutine function, every use of its name in application code is a call the call
    graph knows (:func:`_uses`: an ``obj.method()`` on another object, a reference or a
    string keeps it unknown) or its registration as a start-up or shutdown handler
    (:func:`_registered_handler`: ``app.on_startup(self.startup)``,
    ``self.add_event_handler("shutdown", self.shutdown)``, ``@app.on_event("startup")``),
    and each call is either started as a task (:attr:`CallSite.spawned`:
    ``asyncio.create_task(f())``, ``ensure_future``, a loop's or a task group's
    ``create_task``), or awaited by a coroutine that runs only so, transitively.  None when
    not shown."""
    fn = project.function(qname) if qname else None
    if fn is None or not fn.is_async or depth > MAX_TASK_DEPTH or ".<locals>." in fn.qname:
        return None
    # a use in its own body (a recursive call, its own name as a string) never starts it
    sites = [
        (caller, cs) for caller, cs in project.call_sites.get(fn.qname, []) if caller is not fn
    ]
    handler = any(_event_decorator(d) for d in fn.decorators)
    known = {(project.module_of(caller).path, cs.line) for caller, cs in sites}
    uses = _uses(project, {fn.name})
    if uses is None:
        return None
    home = project.module_of(fn).path
    for path, line, kind in uses.get(fn.name, []):
        m = project.by_path.get(path)
        if kind in ("import", "all") or m is None or m.file_class != "app":
            continue
        if (path, line) in known or (path == home and fn.line <= line <= fn.end_line):
            continue
        if not _registered_handler(project, path, line, fn.name):
            return None
        handler = True
    if not sites and not handler:
        return None
    starter: str | None = None
    for caller, cs in sites:
        if not cs.awaited:
            if not cs.spawned:
                return None
            starter = starter or caller.qname
            continue
        up = background_task_only(project, caller.qname, depth + 1)
        if up is None:
            return None
        starter = starter or up.starter
        handler = handler or up.handler
    return BackgroundOnly(starter, handler)


def _event_decorator(d: object) -> bool:
    """``@app.on_event("startup")`` / ``("shutdown")``."""
    return (
        isinstance(d, Call)
        and (dotted_of(d) or "").endswith(".on_event")
        and arg(d, 0) in (Lit("startup"), Lit("shutdown"))
    )


def _registered_handler(project: Project, path: str, line: int, name: str) -> bool:
    """Line ``line`` of ``path`` hands ``name`` (or ``self.name``) by reference to a
    start-up or shutdown registrar: ``X.on_startup(name)``, ``X.on_shutdown(name)``,
    ``X.add_event_handler("startup", name)`` (a Starlette or FastAPI application, or a
    framework's app whose start-up hooks take callables)."""
    text = project.read_text(path)
    lines = text.splitlines() if text is not None else []
    if not 0 < line <= len(lines):
        return False
    target = rf"(?:(?:self|cls)\.)?{re.escape(name)}\s*\)"
    return (
        re.search(rf"\.on_(?:startup|shutdown)\(\s*{target}", lines[line - 1]) is not None
        or re.search(
            rf"\.add_event_handler\(\s*[\"'](?:startup|shutdown)[\"']\s*,\s*{target}",
            lines[line - 1],
        )
        is not None
    )
