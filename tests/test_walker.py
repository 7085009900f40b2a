"""The one module pass (auditor.walker): name resolution (F2), scopes and async context
(F10), the facts it records, and positions."""

from __future__ import annotations

import ast
from typing import Any

from auditor import walker
from auditor.check import Check, Hit, Severity
from auditor.facts import Call, Lit, ModuleFacts, Name, qname_of
from auditor.walker import ModuleContext, scan_module


def scan(
    source: str, module: str = "app.main", checks: tuple[Check, ...] = (), is_package: bool = False
) -> ModuleFacts:
    path = module.replace(".", "/") + ("/__init__.py" if is_package else ".py")
    facts = ModuleFacts(path=path, module=module, file_class="app", is_package=is_package)
    data = source.encode()
    return scan_module(facts, ast.parse(data), data, checks, frozenset({"app"}))


class Recorder(Check):
    """Records what a hook sees at every call: the resolved callee and the context."""

    id = "TST999"
    name = "recorder"
    category = "testing"
    severity = Severity.INFO

    def __init__(self) -> None:
        self.seen: list[tuple[str, str | None, bool, str | None]] = []

    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        fn = ctx.function
        self.seen.append(
            (ast.unparse(node.func), ctx.resolve(node.func), ctx.in_async, fn and fn.qname)
        )
        if ast.unparse(node.func) == "mark":
            ctx.report(node, "marked")


def resolved(
    source: str, module: str = "app.main", is_package: bool = False
) -> dict[str, str | None]:
    rec = Recorder()
    scan(source, module, (rec,), is_package)
    return {text: q for text, q, _a, _f in rec.seen}


# -- names (F2) ---------------------------------------------------------------------------------


def test_imports_aliases_and_equivalences() -> None:
    seen = resolved(
        "import os.path\nimport httpx as h\nfrom fastapi import applications\n"
        "from time import sleep as nap\n"
        "os.path.join()\nh.get()\napplications.FastAPI()\nnap()\nprint()\n"
    )
    assert seen == {
        "os.path.join": "os.path.join",
        "h.get": "httpx.get",
        "applications.FastAPI": "fastapi.FastAPI",  # the F2 equivalence table
        "nap": "time.sleep",
        "print": "builtins.print",
    }


def test_relative_imports() -> None:
    assert resolved("from .deps import get_db\nget_db()\n", "app.api.users")["get_db"] == (
        "app.api.deps.get_db"
    )
    assert (
        resolved("from ..core import config\nconfig.load()\n", "app.api.users")["config.load"]
        == "app.core.config.load"
    )
    assert resolved("from . import deps\ndeps.f()\n", "app.api", is_package=True)["deps.f"] == (
        "app.api.deps.f"
    )


def test_module_alias_of_a_name_is_an_import() -> None:
    facts = scan("import time\nsleep = time.sleep\n")
    assert facts.imports["sleep"] == "time.sleep" and "sleep" not in facts.bindings


def test_local_names_shadow_module_names() -> None:
    rec = Recorder()
    scan(
        "import requests\n"
        "def a(requests):\n    requests.get()\n"
        "def b():\n    requests = make()\n    requests.get()\n"
        "def c():\n    requests.get()\n"
        "def d():\n    import httpx as requests\n    requests.get()\n",
        checks=(rec,),
    )
    by_fn = {(f, text): q for text, q, _a, f in rec.seen}
    assert by_fn[("app.main.a", "requests.get")] is None  # a parameter
    assert by_fn[("app.main.b", "requests.get")] is None  # a local assignment
    assert by_fn[("app.main.c", "requests.get")] == "requests.get"
    assert by_fn[("app.main.d", "requests.get")] == "httpx.get"  # a function-level import


def test_module_level_definitions_resolve_to_the_module() -> None:
    seen = resolved("def helper(): ...\nclass Model: ...\nhelper()\nModel()\nunknown()\n")
    assert seen == {"helper": "app.main.helper", "Model": "app.main.Model", "unknown": None}


class NameRecorder(Check):
    """Records what each ``Name`` read resolves to, by (line, identifier)."""

    id = "TST998"
    name = "name recorder"
    category = "testing"
    severity = Severity.INFO

    def __init__(self) -> None:
        self.seen: dict[tuple[int, str], str | None] = {}

    def visit_Name(self, node: ast.Name, ctx: ModuleContext) -> None:
        if isinstance(node.ctx, ast.Load):
            self.seen[(node.lineno, node.id)] = ctx.resolve(node)


def names_read(source: str, module: str = "app.routes") -> dict[tuple[int, str], str | None]:
    rec = NameRecorder()
    scan(source, module, (rec,))
    return rec.seen


def test_a_def_after_an_import_is_what_a_function_body_reads() -> None:
    seen = names_read(
        "from fastapi import Depends\n"
        "from app.deps import get_db\n"
        "early = get_db\n"  # 3: a module statement before the def: the import
        "def get_db():\n"
        "    return get_db\n"  # 5: a body runs after the module: the def
        "def route(db=Depends(get_db)):\n"  # 6: a default is evaluated here: the def
        "    return get_db()\n"  # 7
        "handler = lambda: get_db()\n"  # 8: a lambda's body runs late too
    )
    assert seen[(3, "get_db")] == "app.deps.get_db"
    assert seen[(5, "get_db")] == "app.routes.get_db"
    assert seen[(6, "get_db")] == "app.routes.get_db"
    assert seen[(7, "get_db")] == "app.routes.get_db"
    assert seen[(8, "get_db")] == "app.routes.get_db"


def test_a_default_argument_is_read_where_the_def_is_written() -> None:
    seen = names_read(
        "from fastapi import Depends\n"
        "from app.deps import get_db\n"
        "def route(db=Depends(get_db)):\n"  # 3: evaluated at def time, before the def below
        "    return get_db()\n"  # 4: at call time, the def below
        "def get_db(): ...\n"
    )
    assert seen[(3, "get_db")] == "app.deps.get_db"
    assert seen[(4, "get_db")] == "app.routes.get_db"


def test_an_import_after_a_def_is_what_a_function_body_reads() -> None:
    seen = names_read(
        "def get_db(): ...\n"
        "before = get_db\n"  # 2: the def
        "from app.deps import get_db\n"
        "def route():\n"
        "    return get_db()\n"  # 5: the import, the module's last binding
    )
    assert seen[(2, "get_db")] == "app.routes.get_db"
    assert seen[(5, "get_db")] == "app.deps.get_db"


def test_a_conditional_binding_keeps_the_import() -> None:
    seen = names_read(
        "from app.deps import get_db, get_user, get_item\n"
        "if DEBUG:\n"
        "    def get_db(): ...\n"  # may not run: the import may be in effect
        "try:\n"
        "    from fast import get_user\n"
        "except ImportError:\n"
        "    def get_user(): ...\n"
        "def get_item(): ...\n"
        "if DEBUG:\n"
        "    def get_item(): ...\n"  # the module's own either way
        "def route():\n"
        "    return get_db(), get_user(), get_item()\n"  # 12
    )
    assert seen[(12, "get_db")] == "app.deps.get_db"
    assert seen[(12, "get_user")] == "fast.get_user"
    assert seen[(12, "get_item")] == "app.routes.get_item"


def test_an_assignment_after_an_import_rebinds_the_name() -> None:
    seen = names_read(
        "from time import sleep\n"
        "import json\n"
        "sleep = make_sleep()\n"
        "for json in loaders: ...\n"  # bound another way: not followed
        "async def route():\n"
        "    sleep(1)\n"  # 6
        "    json.dumps(1)\n"  # 7
    )
    assert seen[(6, "sleep")] == "app.routes.sleep"
    assert seen[(7, "json")] == "json"


def test_a_class_body_reads_at_definition_its_methods_at_call_time() -> None:
    seen = names_read(
        "from app.deps import get_db\n"
        "class Repo:\n"
        "    factory = get_db\n"  # 3: the class body runs here: the import
        "    def open(self):\n"
        "        return get_db()\n"  # 5: the def below
        "def get_db(): ...\n"
    )
    assert seen[(3, "get_db")] == "app.deps.get_db"
    assert seen[(5, "get_db")] == "app.routes.get_db"


def test_a_global_statement_keeps_the_import() -> None:
    seen = names_read(
        "from app.deps import client\n"
        "def client(): ...\n"
        "def reset():\n"
        "    global client\n"
        "    client = None\n"
        "def route():\n"
        "    return client()\n"  # 7: what runs last is not known
    )
    assert seen[(7, "client")] == "app.deps.client"


# -- scopes and async context (F10) --------------------------------------------------------------


def test_async_context_breaks_at_nested_scopes() -> None:
    rec = Recorder()
    scan(
        "async def handler():\n"
        "    direct()\n"
        "    def inner():\n        nested()\n"
        "    f = lambda: in_lambda()\n"
        "    class K:\n        in_class = body()\n"
        "def sync():\n    plain()\n",
        checks=(rec,),
    )
    ctx = {text: (a, f) for text, _q, a, f in rec.seen}
    assert ctx["direct"] == (True, "app.main.handler")
    assert ctx["nested"] == (False, "app.main.handler.<locals>.inner")
    assert ctx["in_lambda"] == (False, None)
    assert ctx["body"] == (False, None)
    assert ctx["plain"] == (False, "app.main.sync")


def test_functions_and_classes() -> None:
    facts = scan(
        "from fastapi import Depends\n"
        "class Service:\n"
        "    name: str = 'x'\n"
        "    limit = 3\n"
        "    def run(self, n: int = 1, *a, k: bool = False, **kw) -> int:\n"
        "        '''Doc.'''\n        yield n\n"
        "    class Config:\n        orm_mode = True\n"
        "async def dep(svc: Service = Depends(Service)):\n    return svc\n"
    )
    run = facts.functions["app.main.Service.run"]
    assert run.class_qname == "app.main.Service" and run.is_generator and run.has_docstring
    assert [(p.name, p.kind) for p in run.params] == [
        ("self", "arg"),
        ("n", "arg"),
        ("a", "vararg"),
        ("k", "kwonly"),
        ("kw", "kwarg"),
    ]
    assert run.params[1].annotation == Name("builtins.int", "int")
    assert run.params[1].default == Lit(1)
    assert run.returns == Name("builtins.int", "int")
    dep = facts.functions["app.main.dep"]
    assert dep.is_async and not dep.is_generator
    assert dep.params[0].default == Call(
        "fastapi.Depends", "Depends", (Name("app.main.Service", "Service"),), (), False, 10
    )
    assert dep.return_values == [Name(None, "svc")]
    cls = facts.classes["app.main.Service"]
    assert [a.name for a in cls.attributes] == ["name", "limit"]
    assert cls.methods == ["run"] and cls.nested_classes == ["Config"]
    assert cls.config == [("orm_mode", Lit(True), 9, 9)] and cls.config_line == 8


# -- instances, method calls, imports, call sites -------------------------------------------------


def test_instances_method_calls_and_imports() -> None:
    facts = scan(
        "from fastapi import FastAPI, APIRouter\n"
        "from app import routes\n"
        "app = FastAPI(title='x')\n"
        "def create():\n"
        "    local = APIRouter(prefix='/v1')\n"
        "    local.include_router(routes.router)\n"
        "    return local\n"
        "app.include_router(routes.router, prefix='/api')\n"
        "app.add_middleware(Something)\n"
    )
    assert [(i.target, qname_of(i.call), i.function) for i in facts.instances] == [
        ("app.main.app", "fastapi.FastAPI", None),
        ("app.main.create.<locals>.local", "fastapi.APIRouter", "app.main.create"),
    ]
    calls = [(m.receiver, m.method, m.function, m.receiver_text) for m in facts.method_calls]
    assert calls == [
        (None, "include_router", "app.main.create", "local"),
        ("app.main.app", "include_router", None, "app"),
        ("app.main.app", "add_middleware", None, "app"),
    ]
    assert facts.method_calls[1].call.keyword("prefix") == Lit("/api")
    assert [(i.module, i.alias, i.line) for i in facts.import_list] == [
        ("fastapi.FastAPI", "FastAPI", 1),
        ("fastapi.APIRouter", "APIRouter", 1),
        ("app.routes", "routes", 2),
    ]
    assert facts.binding_lines["app"] == 3


def test_call_graph_and_blocking_calls() -> None:
    facts = scan(
        "import time\nfrom app.services import work\n"
        "async def handler():\n    await work()\n    work()\n"
        "def helper():\n    time.sleep(1)\n    time.sleep(0)\n"
    )
    handler = facts.functions["app.main.handler"]
    assert [(c.qname, c.awaited, c.in_async) for c in handler.calls] == [
        ("app.services.work", True, True),
        ("app.services.work", False, True),
    ]
    assert [(b.callee, b.line) for b in facts.functions["app.main.helper"].blocking] == [
        ("time.sleep", 7)
    ]


def test_a_call_site_knows_when_its_coroutine_is_started_as_a_task() -> None:
    facts = scan(
        "import asyncio\nfrom app.services import work\n"
        "async def start(loop, tg):\n"
        "    asyncio.create_task(work())\n"
        "    asyncio.ensure_future(\n        work()\n    )\n"
        "    loop.create_task(work())\n"
        "    tg.create_task(work())\n"
        "    await work()\n"
        "    asyncio.gather(work())\n"
        "    asyncio.create_task(asyncio.wait_for(work(), 1))\n"
    )
    calls = facts.functions["app.main.start"].calls
    assert [(c.line, c.spawned) for c in calls] == [
        (4, True),
        (6, True),
        (8, True),
        (9, True),
        (10, False),
        (11, False),
        (12, False),
    ]


# -- positions -----------------------------------------------------------------------------------


def test_positions_count_characters_not_bytes() -> None:
    rec = Recorder()
    facts = scan("é = 'ü'; mark()\nx = 1\n", checks=(rec,))
    (hit,) = facts.hits
    assert isinstance(hit, Hit)
    assert (hit.line, hit.column, hit.end_line, hit.end_column) == (1, 10, 1, 16)


def test_a_crashing_hook_is_isolated() -> None:
    class Broken(Recorder):
        id = "TST998"

        def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
            raise ValueError("boom")

    rec = Recorder()
    facts = scan("mark()\n", checks=(Broken(), rec))
    assert "TST998" in facts.check_errors and "boom" in facts.check_errors["TST998"]
    assert [h.check_id for h in facts.hits] == ["TST999"]


def test_binding_counts_of_a_function() -> None:
    class Counts(Recorder):
        id = "TST997"

        def __init__(self) -> None:
            super().__init__()
            self.counts: dict[str, int] = {}

        def visit_Return(self, node: ast.Return, ctx: ModuleContext) -> None:
            self.counts = dict(ctx.scope.binding_counts())

    rec = Counts()
    scan(
        "def f(a, b):\n"
        "    b = 1\n"
        "    c = d = 2\n"
        "    c += 1\n"
        "    [e for e in range(3)]\n"
        "    if (w := 3): pass\n"
        "    import os\n"
        "    try: pass\n    except ValueError as err: pass\n"
        "    def inner():\n        hidden = 1\n"
        "    global g\n"
        "    del d\n"
        "    return a\n",
        checks=(rec,),
    )
    assert rec.counts == {
        "b": 1,
        "c": 2,
        "d": 2,
        "e": 1,
        "w": 1,
        "os": 1,
        "err": 1,
        "inner": 1,
        "g": 2,
    }


def test_return_values_of_a_function_before_the_walk_reaches_them() -> None:
    class Returns(Recorder):
        id = "TST996"

        def __init__(self) -> None:
            super().__init__()
            self.returns: dict[str, list[str]] = {}

        def visit_Assign(self, node: ast.Assign, ctx: ModuleContext) -> None:
            name = ast.unparse(node.targets[0])
            self.returns[name] = sorted(ast.unparse(v) for v in ctx.return_values())

    rec = Returns()
    scan(
        "top = 0\n"
        "def f(flag):\n"
        "    first = 1\n"
        "    if flag:\n        return first\n"
        "    for i in range(3):\n        while flag:\n            return i\n"
        "    try:\n        pass\n    except ValueError:\n        return None\n"
        "    finally:\n        pass\n"
        "    with open('x') as fh:\n        return fh\n"
        "    match flag:\n        case 1:\n            return await_me or first\n"
        "    def inner():\n        nested = 2\n        return nested\n"
        "    class C:\n        attr = 3\n"
        "    return\n",
        checks=(rec,),
    )
    assert rec.returns == {
        "top": [],  # not in a function
        "first": ["None", "await_me or first", "fh", "first", "i"],  # every statement kind
        "nested": ["nested"],  # a nested function's own, not the enclosing one's
        "attr": [],  # a class body is no function
    }


def test_a_walked_module_is_freed_without_the_cyclic_collector():
    """The engine runs with the cyclic GC off: a walker in a reference cycle would keep
    every module's syntax tree alive (hundreds of MB on a large tree)."""
    import gc
    import weakref

    from auditor import walker
    from auditor.engine import analyze_module

    alive: list[weakref.ref] = []
    init = walker.Walker.__init__

    def tracked(self, *args):
        init(self, *args)
        alive.append(weakref.ref(self))

    was = gc.isenabled()
    gc.disable()
    try:
        walker.Walker.__init__ = tracked  # type: ignore[method-assign]
        source = b"import os\n\nasync def f(x: int = 1):\n    return [os.getenv(y) for y in 'ab']\n"
        for _ in range(3):
            analyze_module("app/m.py", source, "app", frozenset({"app"}))
        freed = [r() is None for r in alive]  # before the collector may run again
    finally:
        walker.Walker.__init__ = init  # type: ignore[method-assign]
        if was:
            gc.enable()
    assert freed == [True, True, True]


# -- hooks narrowed with when() ----------------------------------------------------------


def _walk_all(source: bytes, path: str, file_class: str, narrow: bool) -> ModuleFacts:
    from auditor.engine import load_checks
    from auditor.source import module_name
    from auditor.walker import build_hooks

    checks = _CHECKS or _CHECKS.extend(load_checks()) or _CHECKS
    name, is_package = module_name(path)
    facts = ModuleFacts(path=path, module=name, file_class=file_class, is_package=is_package)
    hooks = build_hooks(checks, file_class, narrow=narrow)
    return scan_module(facts, ast.parse(source), source, checks, frozenset({"app"}), hooks)


_CHECKS: list[Check] = []


def test_narrowed_hooks_report_what_every_hook_on_every_node_reports() -> None:
    """A hook's ``when()`` is a filter in front of its own tests: the walk that honours every
    declaration must give the hits (and check errors) of the walk that calls every hook on
    every node of its type, on every example of every check, in every file class."""
    from auditor.check import FILE_CLASSES
    from checks import all_checks

    sources = {
        (path, text)
        for cls in all_checks()
        for example in (*cls.bad, *cls.good)
        for path, text in example.files.items()
        if path.endswith(".py")
    }
    compared = 0
    for path, text in sorted(sources):
        data = text.encode()
        try:
            ast.parse(data)
        except SyntaxError:
            continue  # an example's broken module on purpose
        for file_class in FILE_CLASSES:
            narrowed = _walk_all(data, path, file_class, narrow=True)
            every = _walk_all(data, path, file_class, narrow=False)
            assert narrowed.hits == every.hits, (path, file_class)
            assert narrowed.check_errors == every.check_errors, (path, file_class)
            compared += len(every.hits)
    assert compared > 1000  # the examples do reach the hooks


def test_a_call_hook_keyed_by_callee_name_and_keyword() -> None:
    from auditor.check import when
    from auditor.walker import build_hooks

    class Keyed(Check):
        id = "TST998"
        name = "keyed"
        category = "testing"
        severity = Severity.INFO

        def __init__(self) -> None:
            self.seen: list[str] = []

        @when(callees=("time.sleep",), names=("send",), keywords=("debug",))
        def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
            self.seen.append(ast.unparse(node))

        @when(in_async=True, names=("environ",))
        def visit_Attribute(self, node: ast.Attribute, ctx: ModuleContext) -> None:
            self.seen.append(ast.unparse(node))

    check = Keyed()
    source = b"""\
import os
from time import sleep as pause


def f(client):
    pause(1)
    client.send(b"x")
    client.recv()
    build(debug=True)
    build(release=True)
    os.environ


async def g():
    os.environ
    os.path
"""
    facts = ModuleFacts(path="app/main.py", module="app.main", file_class="app", is_package=False)
    scan_module(facts, ast.parse(source), source, [check], frozenset({"app"}))
    assert check.seen == ["pause(1)", "client.send(b'x')", "build(debug=True)", "os.environ"]
    visit, _leave = build_hooks([check], "app", narrow=False)
    check.seen.clear()
    facts = ModuleFacts(path="app/main.py", module="app.main", file_class="app", is_package=False)
    scan_module(facts, ast.parse(source), source, [check], frozenset({"app"}), (visit, _leave))
    assert len(check.seen) == 10  # every call (5) and attribute (5) without the declarations


def test_when_is_declared_for_what_the_walk_can_key() -> None:
    import pytest

    from auditor.check import when
    from auditor.walker import build_hooks

    class Wrong(Check):
        id = "TST997"
        name = "wrong"
        category = "testing"
        severity = Severity.INFO

        @when(callees=("os.getenv",))
        def visit_Name(self, node: ast.Name, ctx: ModuleContext) -> None: ...

    with pytest.raises(TypeError, match="callees"):
        build_hooks([Wrong()], "app")
    with pytest.raises(TypeError):
        when()


def test_a_name_hook_keyed_by_what_imports_bind() -> None:
    from auditor.check import when

    class Imported(Check):
        id = "TST996"
        name = "imported"
        category = "testing"
        severity = Severity.INFO

        def __init__(self) -> None:
            self.seen: list[tuple[str, int]] = []

        @when(names=("ORJSONResponse",), imported=("fastapi.responses.ORJSONResponse",))
        def visit_Name(self, node: ast.Name, ctx: ModuleContext) -> None:
            self.seen.append((node.id, node.lineno))

    check = Imported()
    source = b"""\
from fastapi.responses import ORJSONResponse as Fast, JSONResponse
Alias = Fast


def f():
    from fastapi.responses import ORJSONResponse as Local
    return Fast, Alias, Local, JSONResponse, ORJSONResponse
"""
    facts = ModuleFacts(path="app/main.py", module="app.main", file_class="app", is_package=False)
    scan_module(facts, ast.parse(source), source, [check], frozenset({"app"}))
    # the import binds Fast (and the alias Alias, stored and read), the function's own import
    # Local; the class's own name is keyed by name; JSONResponse is not
    assert check.seen == [
        ("Alias", 2),
        ("Fast", 2),
        ("Fast", 7),
        ("Alias", 7),
        ("Local", 7),
        ("ORJSONResponse", 7),
    ]


def test_held_loads_say_where_a_module_names_its_functions_that_hold_imports() -> None:
    facts = scan(
        "import typer\n"
        "def client():\n"
        "    import httpx\n"
        "    return httpx.Client()\n"
        "def cli(client=None):\n"  # a parameter shadows the name
        "    return client\n"
        "def serve():\n"
        "    return client()\n"
        "class Commands:\n"
        "    run = client\n"
        "PLUGIN = 'app.main:serve'\n"
        "def unused():\n"
        "    lambda: unused\n"
    )
    assert facts.held_loads == {
        "client": (None, "app.main.serve"),  # the class body, then the function around it
        "serve": (None,),  # the import string
        "unused": ("app.main.unused",),  # its own body (a recursion, not a caller)
    }
    # a module whose functions hold no import: nothing asks, nothing is recorded
    assert scan("def f():\n    return g()\ndef g():\n    return 1\n").held_loads == {}


def test_says_answers_from_the_lower_case_text_once_per_module() -> None:
    facts = ModuleFacts(path="app/main.py", module="app.main", file_class="app", is_package=False)
    ctx = ModuleContext(facts, b"DATABASE_URL = 'SQLite:///x.db'\n", frozenset({"app"}))
    assert ctx.says(b"sqlite", b":memory:")
    assert not ctx.says(b"environ")
    ctx.source = b""  # answered once: the text is not read again for the same words
    assert ctx.says(b"sqlite", b":memory:")


def test_lines_say_reads_the_lines_of_one_node_only() -> None:
    source = b"async def a(s):\n    await s.commit()\n\n\nasync def b(s):\n    return s\n"
    tree = ast.parse(source)
    facts = ModuleFacts(path="app/main.py", module="app.main", file_class="app", is_package=False)
    ctx = ModuleContext(facts, source, frozenset({"app"}))
    a, b = tree.body
    assert ctx.lines_say(b"commit", a)
    assert not ctx.lines_say(b"commit", b)
    assert ctx.lines_say(b"async def b", b) and not ctx.lines_say(b"COMMIT", a)


#: modules whose loads of their own function names the walk records as it goes: each
#: answer must be the separate pass's (``function_name_loads``), its odd readings included
HELD_LOADS_CASES = [
    # lambdas: parameters shadow, a lambda's body loads, a lambda as a bare default
    "def f():\n    import x\n"
    "g = lambda f: f\nh = lambda: f\n"
    "def k(a=lambda f: f, b=lambda: f):\n    return (lambda f=f: f)(), (lambda: (lambda: f))\n",
    # nested functions: a def statement of a function body, one under ``if``, a method
    "def f():\n    import x\n"
    "def outer():\n    def inner(f):\n        return f\n    if True:\n        def other(f):\n"
    "            return f\n    def deep():\n        def deeper(f):\n            return f\n"
    "        return f\n    return inner\n"
    "class C:\n    def m(self, f=f):\n        def n(f):\n            return f\n        return f()\n",
    # class bodies at module level and inside a function, stores in a class body
    "def f():\n    import x\n"
    "class A:\n    run = f\n    f = 1\n    def m(self):\n        return f\n"
    "def g():\n    class B:\n        f = 2\n        x = f\n    return B\n",
    # comprehensions: their variables are stores of the function around them
    "def f():\n    import x\n"
    "def g():\n    return [f for f in range(3)]\n"
    "def h():\n    return {k: f for k in ()}\n"
    "items = [f() for _ in range(2)]\nnames = [f for f in ()]\n",
    # decorators and defaults: bare, called, attribute; walrus in a header and annotation
    "def f():\n    import x\n"
    "@f\ndef a(): pass\n@f()\ndef b(x=f, y=f()): pass\n@f.attr\ndef c(*, z=f, w=[f]): pass\n"
    "def d(x: f = None, *a: f, **k: 'f') -> f:\n    return x\n"
    "@(g := f)\ndef e(): return g\n"
    "def p(x=(f := 1)):\n    return f\n"
    "def q(x: (f := int)):\n    return x\n",
    # string constants: import strings and attribute names, annotations as strings
    "def f():\n    import x\n"
    "PLUGIN = 'app.main:f'\nNAME = getattr(object, 'f')\nS = f'{f}'\n"
    "def g(f='m.f'):\n    return 'a b.f', 'mod.f'\nx: 'f' = None\n",
    # async functions, nonlocal/global, a def inside a def statement's body
    "def f():\n    import x\n"
    "async def a():\n    global f\n    return f\n"
    "def b():\n    f = 1\n    def c():\n        nonlocal f\n        return f\n    return c\n"
    "def d():\n    def e():\n        def f2(f):\n            return f\n        return f\n    return e\n",
    # one reading each, alone: annotations are not read; a def statement of a function
    # body binds no parameter; a store in a nested function shadows in the ones around it
    "def f():\n    import x\ndef g(a: f, *b: f, c: f = 1, **d: f) -> f:\n    return a\n",
    "def f():\n    import x\ndef g():\n    def h(f):\n        return f\n    return h\n",
    "def f():\n    import x\ndef g():\n    x = f\n    if x:\n        def h():\n            f = 1\n",
    "def f():\n    import x\ndef g():\n    return lambda: [f for f in ()]\n",
    # the load is the function's own recursion; lambdas nested in defaults and decorators
    "def f(n):\n    import x\n    return f(n - 1)\n"
    "@(lambda f: f)\ndef g(a=(lambda: f)()):\n    return a\n",
]


def _walk_held(source: str) -> tuple[walker.Walker, ast.Module]:
    data = source.encode()
    tree = ast.parse(data)
    facts = ModuleFacts(path="app/main.py", module="app.main", file_class="app", is_package=False)
    ctx = ModuleContext(facts, data, frozenset({"app"}))
    ctx.tree = tree
    w = walker.Walker(ctx, {}, {})
    w.run(tree)
    return w, tree


def test_the_walk_records_held_loads_as_the_separate_pass_finds_them() -> None:
    for source in HELD_LOADS_CASES:
        w, tree = _walk_held(source)
        assert w.held is not None, source
        wanted = set(w.held.wanted)
        expected = walker.function_name_loads(tree, "app.main", wanted)
        assert w.held.answer(wanted) == expected, source
        for name in wanted:  # any subset asked gets the same answer
            assert w.held.answer({name}) == walker.function_name_loads(tree, "app.main", {name})


def test_held_loads_the_walk_cannot_tell_come_from_the_separate_pass() -> None:
    # a lambda's keyword-only defaults are not visited by the walk
    source = "def f():\n    import x\n    return f\ng = lambda *, k=[f]: k\n"
    w, _ = _walk_held(source)
    assert w.held is not None and w.held.answer({"f"}) is None
    assert scan(source).held_loads == {"f": (None, "app.main.f")}
    # a function defined in a ``match`` at module level is not one the walk watched
    source = "match 1:\n    case 1:\n        def f():\n            import x\n            return f\n"
    w, _ = _walk_held(source)
    assert w.held is None or w.held.answer({"f"}) is None
    assert scan(source).held_loads == {"f": (None,)}  # not a def of the module body
    # a module whose text holds no import below a ``def`` records nothing as it walks
    w, _ = _walk_held("def f():\n    return f\n")
    assert w.held is None


def test_a_function_swallows_errors_from_a_try_anywhere_in_its_statements() -> None:
    # (the statements are read first for a ``try``: most functions have none)
    facts = scan(
        """\
import logging
log = logging.getLogger(__name__)


def direct():
    try:
        value = int("1")
    except Exception:
        log.warning("no")
    return 1


def under_if(flag: bool):
    if flag:
        pass
    else:
        try:
            int("1")
        except Exception:
            log.warning("no")


def under_for():
    for i in range(3):
        while i:
            try:
                int("1")
            except BaseException:
                log.warning("no")


def under_match(v):
    match v:
        case 1:
            try:
                int("1")
            except Exception:
                log.warning("no")


def in_a_handler():
    try:
        pass
    except ValueError:
        try:
            int("1")
        except Exception:
            log.warning("no")


def no_try():
    int("1")
    log.warning("no")


def only_in_nested():
    def inner():
        try:
            int("1")
        except Exception:
            log.warning("no")
    return inner
"""
    )
    assert {f.name: f.swallows_errors for f in facts.functions.values()} == {
        "direct": True,
        "under_if": True,
        "under_for": True,
        "under_match": True,
        "in_a_handler": True,
        "no_try": False,
        "only_in_nested": False,  # a nested function is not its own work
        "inner": True,
    }


def test_named_twice_is_a_count_of_two_or_more_occurrences() -> None:
    """``Walker.named_twice`` stops at the second occurrence, answering what
    ``source.count(name) > 1`` answered (occurrences that do not overlap)."""
    sources = [b"", b"aa", b"aaa", b"aaaa", b"def f(): pass\n", b"def ff(): f\n", b"x_f = f\n"]
    for source in sources:
        facts = ModuleFacts(path="m.py", module="m", file_class="app", is_package=False)
        w = walker.Walker(ModuleContext(facts, source, frozenset()), {}, {})
        for name in ("a", "aa", "aaa", "f", "ff", "x", "def"):
            assert w.named_twice(name) is (source.count(name.encode()) > 1), (source, name)
            assert w.named_twice(name) is (source.count(name.encode()) > 1)  # kept


class _Resolutions(Check):
    """Records every name's and attribute chain's resolution; with ``memo=False`` it turns
    the module-name memo off first (a Module hook runs after the prepass)."""

    id = "TST998"
    name = "resolutions"
    category = "testing"
    severity = Severity.INFO

    def __init__(self, memo: bool) -> None:
        self.memo = memo
        self.seen: list[tuple[str, str | None]] = []

    def visit_Module(self, node: ast.Module, ctx: ModuleContext) -> None:
        if not self.memo:
            ctx._module_names = None

    def visit_Name(self, node: ast.Name, ctx: ModuleContext) -> None:
        self.seen.append((node.id, ctx.resolve(node)))

    def visit_Attribute(self, node: ast.Attribute, ctx: ModuleContext) -> None:
        self.seen.append((ast.unparse(node), ctx.resolve(node)))


def test_module_names_kept_after_the_prepass_answer_as_computed_each_time() -> None:
    """``ModuleContext._module_name`` keeps its answers once the prepass is done: every
    resolution of every example module is the one computed afresh."""
    from checks import all_checks

    seen = 0
    for cls in all_checks():
        for example in (*cls.bad, *cls.good):
            for path, text in example.files.items():
                if not path.endswith(".py"):
                    continue
                try:
                    ast.parse(text)
                except SyntaxError:
                    continue
                module = path[:-3].replace("/", ".")
                kept, fresh = _Resolutions(True), _Resolutions(False)
                scan(text, module, (kept,))
                scan(text, module, (fresh,))
                assert kept.seen == fresh.seen, (cls.id, path)
                seen += len(kept.seen)
    assert seen > 1000


def _example_sources() -> list[tuple[str, bytes]]:
    from checks import all_checks

    sources = {
        (path, text)
        for cls in all_checks()
        for example in (*cls.bad, *cls.good)
        for path, text in example.files.items()
        if path.endswith(".py")
    }
    out = []
    for path, text in sorted(sources):
        try:
            ast.parse(text)
        except SyntaxError:
            continue  # an example's broken module on purpose
        out.append((path, text.encode()))
    return out


def test_names_the_walk_skips_change_no_fact(monkeypatch: Any) -> None:
    """The walk skips a ``Name`` no hook is keyed by (``Walker._gate_names``): every fact of
    every example, in every file class, is the one of the walk that visits every ``Name``."""
    from auditor.check import FILE_CLASSES

    # (the facts' repr: every field, where pickles differ by which equal strings are shared)
    gated: list[str] = []
    for path, data in _example_sources():
        for file_class in FILE_CLASSES:
            gated.append(repr(_walk_all(data, path, file_class, narrow=True)))
    monkeypatch.setattr(walker.Walker, "_gate_names", lambda self: None)
    every: list[str] = []
    for path, data in _example_sources():
        for file_class in FILE_CLASSES:
            every.append(repr(_walk_all(data, path, file_class, narrow=True)))
    assert len(gated) > 500
    assert gated == every


def test_a_name_imported_in_a_function_passes_the_name_gate() -> None:
    from auditor.check import when

    class Keyed(Check):
        id = "TST996"
        name = "keyed-name"
        category = "testing"
        severity = Severity.INFO

        def __init__(self) -> None:
            self.seen: list[str] = []

        @when(names=("ORJSONResponse",), imported=("fastapi.responses.ORJSONResponse",))
        def visit_Name(self, node: ast.Name, ctx: ModuleContext) -> None:
            self.seen.append(node.id)

    check = Keyed()
    source = b"""\
def f():
    from fastapi.responses import ORJSONResponse as R
    return R, ORJSONResponse, other


def g():
    return R
"""
    facts = ModuleFacts(path="app/main.py", module="app.main", file_class="app", is_package=False)
    scan_module(facts, ast.parse(source), source, [check], frozenset({"app"}))
    assert check.seen == ["R", "ORJSONResponse", "R"]  # (an import's name is watched module-wide)
    check.seen.clear()
    walker.Walker._gate_names, gate = (lambda self: None), walker.Walker._gate_names  # type: ignore[method-assign]
    try:
        facts = ModuleFacts(
            path="app/main.py", module="app.main", file_class="app", is_package=False
        )
        scan_module(facts, ast.parse(source), source, [check], frozenset({"app"}))
    finally:
        walker.Walker._gate_names = gate  # type: ignore[method-assign]
    assert check.seen == ["R", "ORJSONResponse", "R"]


def test_lines_say_answers_what_the_joined_lines_hold() -> None:
    """``lines_say`` looks the word up in a per-module index of the lines that hold it: the
    same answer as searching the node's lines joined, for every node and word of a module
    (words on the first or last line, several times on a line, across ``\\r\\n`` lines)."""
    source = (
        b"import os\r\ntry:\r\n    import x  # try again\r\nexcept ImportError:\r\n    x = None\r\n"
        b"\n\ndef f(session):\n    session.commit(); session.commit()\n    try:\n        pass\n"
        b"    finally:\n        session.close()\n\n\nasync def g():\n    return 'retry'\n"
    )
    tree = ast.parse(source)
    facts = ModuleFacts(path="app/m.py", module="app.m", file_class="app", is_package=False)
    ctx = ModuleContext(facts, source, frozenset({"app"}))
    lines = source.split(b"\n")
    asked = 0
    for node in ast.walk(tree):
        if not hasattr(node, "lineno"):
            continue
        text = b"\n".join(lines[node.lineno - 1 : node.end_lineno or node.lineno])
        for word in (b"try", b"commit", b"session", b"import", b"os\r", b"retry", b"absent"):
            assert ctx.lines_say(word, node) == (word in text), (ast.dump(node), word)
            asked += 1
    assert asked > 100


# -- hooks gated on the module's text: when(says=) ------------------------------------------


class _Gated(Check):
    id = "TST995"
    name = "gated"
    category = "testing"
    severity = Severity.INFO

    def __init__(self) -> None:
        self.gated: list[str] = []
        self.every: list[str] = []

    from auditor.check import when as _when

    @_when(says=(b"reload", b"debug"))
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        self.gated.append(ast.unparse(node.func))
        if any(k.arg == "reload" for k in node.keywords):
            ctx.report(node, "reload")

    @_when(names=("environ",), says=(b"environ",))
    def visit_Attribute(self, node: ast.Attribute, ctx: ModuleContext) -> None:
        self.gated.append(node.attr)

    def visit_Return(self, node: ast.Return, ctx: ModuleContext) -> None:
        self.every.append("return")


def _scan_gated(source: bytes, hooks: object = None) -> tuple[_Gated, ModuleFacts]:
    from auditor.walker import build_hooks

    check = _Gated()
    facts = ModuleFacts(path="app/main.py", module="app.main", file_class="app", is_package=False)
    tables = build_hooks([check], "app") if hooks is None else hooks
    scan_module(facts, ast.parse(source), source, [check], frozenset({"app"}), tables)  # type: ignore[arg-type]
    return check, facts


def test_a_gated_hook_runs_only_where_the_text_says_one_of_its_words() -> None:
    """``when(says=)``: a module whose text (in lower case) holds none of the words does not
    dispatch the hook at all; one that holds any runs it on every node its keys let through,
    and reports as before; the other hooks run everywhere."""
    quiet = b"import uvicorn\n\n\ndef f(app):\n    run(app)\n    return app.state\n"
    check, facts = _scan_gated(quiet)
    assert check.gated == [] and check.every == ["return"] and facts.hits == []
    loud = b"import uvicorn, os\n\n\ndef f(app):\n    uvicorn.run(app, reload=True)\n    return os.environ\n"
    check, facts = _scan_gated(loud)
    assert check.gated == ["uvicorn.run", "environ"] and check.every == ["return"]
    assert [h.message for h in facts.hits] == ["reload"]
    # in lower case, as ``ctx.says``: a comment's ``DEBUG`` is enough
    check, _ = _scan_gated(b"# DEBUG\nrun(app)\n")
    assert check.gated == ["run"]


def test_a_gated_hook_runs_in_a_module_whose_text_is_not_ascii() -> None:
    """Python folds identifiers to NFKC: ``ｒｅｌｏａｄ=True`` is the keyword ``reload``, which
    the text does not spell in ASCII; such a module runs every gated hook."""
    source = "run(app, ｒｅｌｏａｄ=True)\n".encode()
    check, facts = _scan_gated(source)
    assert check.gated == ["run"]
    assert [h.message for h in facts.hits] == ["reload"]


def test_gated_tables_are_built_once_per_set_of_gates_passed() -> None:
    from auditor.walker import GatedHooks, Narrowed, build_hooks

    hooks = build_hooks([_Gated()], "app")
    assert type(hooks) is GatedHooks
    visit, leave = hooks  # still the pair of tables, every hook in them (as narrow=False would)
    assert set(visit) == {ast.Call, ast.Attribute, ast.Return} and leave == {}
    for source in (b"x = 1\n", b"y = 2\n"):
        _scan_gated(source, hooks)
    for source in (b"debug()\n", b"reload()\n"):
        _scan_gated(source, hooks)
    assert len(hooks._built) == 3  # every gate passed (the pair), none, the call's only
    none = hooks._built[(False, False)][0]
    assert set(none) == {ast.Return}
    call_only = tuple(gate == {b"reload", b"debug"} for gate in hooks._gates)
    first = hooks._built[call_only][0]
    # a hook gated only (no keys) runs on every node of its type: a plain list, no select
    assert type(first[ast.Call]) is list and ast.Attribute not in first
    assert type(visit[ast.Attribute]) is Narrowed
    # narrow=False ignores the gates as it ignores the keys
    every = build_hooks([_Gated()], "app", narrow=False)
    assert type(every) is tuple and set(every[0]) == {ast.Call, ast.Attribute, ast.Return}


def test_when_says_takes_lower_case_bytes() -> None:
    import pytest

    from auditor.check import when

    for words in ((b"Reload",), ("reload",), (b"",)):
        with pytest.raises(TypeError, match="lower-case"):
            when(says=words)  # type: ignore[arg-type]


def test_a_call_hook_keyed_by_an_unnamed_callee() -> None:
    """``when(unnamed=True)``: calls whose callee is neither a name nor an attribute
    (``HANDLERS[kind](...)``, ``make()(...)``, ``(lambda: 1)()``), beside the named keys."""
    from auditor.check import when

    class Unnamed(Check):
        id = "TST994"
        name = "unnamed"
        category = "testing"
        severity = Severity.INFO

        def __init__(self) -> None:
            self.seen: list[str] = []

        @when(names=("append",), unnamed=True)
        def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
            self.seen.append(ast.unparse(node))

    check = Unnamed()
    source = b"""\
def f(kind, items):
    HANDLERS[kind](1)
    make()(2)
    (lambda: 3)()
    items.append(4)
    items.pop()
    run(5)
"""
    facts = ModuleFacts(path="app/main.py", module="app.main", file_class="app", is_package=False)
    scan_module(facts, ast.parse(source), source, [check], frozenset({"app"}))
    assert check.seen == [
        "HANDLERS[kind](1)",
        "make()(2)",
        "(lambda: 3)()",
        "items.append(4)",
    ]
    import pytest

    class Wrong(Unnamed):
        @when(unnamed=True)
        def visit_Attribute(self, node: ast.Attribute, ctx: ModuleContext) -> None: ...

    from auditor.walker import build_hooks

    with pytest.raises(TypeError, match="unnamed"):
        build_hooks([Wrong()], "app")
