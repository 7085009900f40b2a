from __future__ import annotations

import ast
import itertools
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from auditor.astwalk import walk
from auditor.check import Check, Example, Hit, Severity, snippet, when
from auditor.facts import Call, Function, Lit, ModuleFacts, Name, Seq, Sub, Union, arg, qname_of
from auditor.lazyre import lazy_compile
from auditor.project import Binding, DependencyRef, Project, Route
from auditor.recognisers import (
    LOG_METHODS,
    PURE_CALLS,
    PURE_METHODS,
    THREAD_OFFLOADERS,
    builds_value,
)
from auditor.responses import annotation_names
from auditor.source import SourceProblem, parse
from auditor.walker import ModuleContext, module_constants

if TYPE_CHECKING:  # pragma: no cover
    from auditor.scope import NamedUse

#: ``except`` types that catch unexpected, infrastructural errors.
BROAD = frozenset(
    {
        "builtins.Exception",
        "builtins.BaseException",
        "builtins.OSError",
        "builtins.IOError",
        "builtins.EnvironmentError",
        "sqlalchemy.exc.SQLAlchemyError",
        "sqlalchemy.exc.DBAPIError",
        "httpx.HTTPError",
        "httpx._exceptions.HTTPError",
        "requests.RequestException",
        "requests.exceptions.RequestException",
        "asyncpg.PostgresError",
        "asyncpg.exceptions.PostgresError",
    }
)
#: Field errors are meant for clients.
CLIENT_ERRORS = frozenset(
    {
        "pydantic.ValidationError",
        "pydantic_core.ValidationError",
        "fastapi.exceptions.RequestValidationError",
    }
)
HTTP_EXCEPTIONS = frozenset({"fastapi.HTTPException", "starlette.exceptions.HTTPException"})
JSON_RESPONSES = frozenset(
    {
        "fastapi.responses.JSONResponse",
        "fastapi.responses.ORJSONResponse",
        "fastapi.responses.UJSONResponse",
    }
)
TEXT_RESPONSES = frozenset({"fastapi.responses.PlainTextResponse"})
TRACEBACK = frozenset({"traceback.format_exc", "traceback.format_exception"})
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)

#: Servers whose ``host=`` says where the app listens.
_SERVERS = frozenset({"uvicorn.run", "uvicorn.Config", "uvicorn.config.Config"})
#: Command-line option builders: a ``--host`` option's default is where the app listens.
_OPTIONS = frozenset({"add_argument", "option", "Option", "Argument"})
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
_ANY_HOST = frozenset({"0.0.0.0", "::", ""})
_LOCAL_ORIGINS = ("http://localhost", "http://127.0.0.1", "https://localhost", "https://127.0.0.1")
#: Modules whose import is evidence the API authenticates its callers.
_AUTH_MODULES = (
    "fastapi.security",
    "jwt",
    "jose",
    "passlib",
    "pwdlib",
    "bcrypt",
    "authlib",
    "fastapi_users",
    "starlette.authentication",
    "starlette.middleware.authentication",
    "starlette.middleware.sessions",
)
#: A dependency whose name says it identifies or checks the caller.
_AUTH_NAME = lazy_compile(
    r"auth|user|token|login|api_?key|permission|credential|verify|session|principal|identity|"
    r"account|admin|scope|role",
    re.IGNORECASE,
)


def _content(call: ast.Call, q: str) -> tuple[ast.expr | None, str]:
    """The client-visible content argument of a response / HTTPException call."""

    def kw(name: str) -> ast.expr | None:
        return next((k.value for k in call.keywords if k.arg == name), None)

    if q in HTTP_EXCEPTIONS:
        return kw("detail") or (
            call.args[1] if len(call.args) >= 2 else None
        ), "HTTPException(detail=...)"
    if q in JSON_RESPONSES:
        name = q.rsplit(".", 1)[-1]
        return kw("content") or (call.args[0] if call.args else None), f"{name}(content=...)"
    return kw("content") or (call.args[0] if call.args else None), "PlainTextResponse(...)"


#: A status constant of FastAPI's / Starlette's ``status`` module (``HTTP_500_INTERNAL_...``).
_STATUS_NAME = lazy_compile(r"^HTTP_(\d{3})_")


def _status_value(code: ast.expr | None) -> int | None:
    """The status an ``HTTPException`` is given: a literal, or a ``status.HTTP_5xx_...``."""
    if isinstance(code, ast.Constant) and type(code.value) is int:
        return code.value
    name = code.attr if isinstance(code, ast.Attribute) else getattr(code, "id", None)
    found = _STATUS_NAME.match(name) if isinstance(name, str) else None
    return int(found.group(1)) if found else None


def _detail_type(e: ast.expr, ctx: ModuleContext) -> str | None:
    """The built-in type of an ``HTTPException``'s detail, where its expression says it:
    ``"str"`` for an f-string, ``str(e)`` / ``repr(e)``, ``"...".format(...)``, ``"..." %
    x`` or a concatenation with a string literal; ``"dict"`` for a dict display."""
    if isinstance(e, ast.JoinedStr):
        return "str"
    if isinstance(e, ast.Dict):
        return "dict"
    if isinstance(e, ast.Call) and isinstance(e.func, (ast.Name, ast.Attribute)):
        if ctx.resolve(e.func) in ("builtins.str", "builtins.repr"):
            return "str"
        func = e.func
        if isinstance(func, ast.Attribute) and func.attr == "format":
            return "str" if _detail_type(func.value, ctx) == "str" else None
        return None
    if isinstance(e, ast.Constant) and isinstance(e.value, str):
        return "str"
    if isinstance(e, ast.BinOp) and isinstance(e.op, ast.Mod):
        return "str" if _detail_type(e.left, ctx) == "str" else None
    if isinstance(e, ast.BinOp) and isinstance(e.op, ast.Add):
        sides = (_detail_type(e.left, ctx), _detail_type(e.right, ctx))
        return "str" if "str" in sides else None
    return None


def _raised(
    node: ast.Call, q: str | None, content: ast.expr, ctx: ModuleContext
) -> tuple[str, int, str | None] | None:
    """``node`` is ``raise HTTPException(status, detail)`` with a literal status: its class,
    status and detail type (:func:`_detail_type`), what an exception handler of the app
    decides its answer by (:class:`_HandlerProof`); None otherwise."""
    parent = ctx.parents[-1] if ctx.parents else None
    if q is None or q not in HTTP_EXCEPTIONS:
        return None
    if not (isinstance(parent, ast.Raise) and parent.exc is node):
        return None
    code = next((k.value for k in node.keywords if k.arg == "status_code"), None)
    status = _status_value(code if code is not None else (node.args[0] if node.args else None))
    return None if status is None else (q, status, _detail_type(content, ctx))


def _leaks(expr: ast.expr, ctx: ModuleContext) -> dict[str, str]:
    """Names whose text ends up in ``expr`` -> a display of their first leak (``str(e)``).
    The name ``*traceback*`` stands for a formatted traceback.  Lambdas are not entered."""
    names: dict[str, str] = {}

    def add(name: str, text: str) -> None:
        names.setdefault(name, text)

    stack: list[ast.AST] = [expr]
    while stack:
        n = stack.pop()
        if isinstance(n, _SCOPES):
            continue
        if isinstance(n, ast.Call):
            q = ctx.resolve(n.func) if isinstance(n.func, (ast.Name, ast.Attribute)) else None
            if (
                q in ("builtins.str", "builtins.repr")
                and n.args
                and isinstance(n.args[0], ast.Name)
            ):
                add(n.args[0].id, f"{q[9:]}({n.args[0].id})")
            elif q in TRACEBACK:
                add("*traceback*", f"{q}()")
            elif (
                isinstance(n.func, ast.Attribute)
                and n.func.attr == "format"
                and isinstance(n.func.value, ast.Constant)
                and isinstance(n.func.value.value, str)
            ):
                for a in (*n.args, *[k.value for k in n.keywords]):
                    if isinstance(a, ast.Name):
                        add(a.id, f'"...".format({a.id})')
        elif isinstance(n, ast.Attribute) and n.attr == "args" and isinstance(n.value, ast.Name):
            add(n.value.id, f"{n.value.id}.args")
        elif isinstance(n, ast.FormattedValue) and isinstance(n.value, ast.Name):
            add(n.value.id, f'f"...{{{n.value.id}}}"')
        elif (
            isinstance(n, ast.BinOp)
            and isinstance(n.op, ast.Mod)
            and isinstance(n.left, ast.Constant)
            and isinstance(n.left.value, str)
        ):
            right = n.right.elts if isinstance(n.right, ast.Tuple) else [n.right]
            for r in right:
                if isinstance(r, ast.Name):
                    add(r.id, f'"..." % {r.id}')
        stack.extend(reversed(list(ast.iter_child_nodes(n))))  # source order
    return names


#: Validators whose exceptions carry a message written for the client.
_VALIDATOR = lazy_compile(r"^(?:validate|raise_)|_or_raise$")


def _guards_only(node: ast.Try, ctx: ModuleContext) -> bool:
    """The ``try`` body is a single call of a validator (``validate_password(p)``,
    ``raise_error_if_disabled(...)``): what it raises is its own, deliberate message."""
    if len(node.body) != 1 or not isinstance(node.body[0], ast.Expr):
        return False
    call = node.body[0].value
    if isinstance(call, ast.Await):
        call = call.value
    if not isinstance(call, ast.Call):
        return False
    func = call.func
    name = (
        func.attr
        if isinstance(func, ast.Attribute)
        else func.id
        if isinstance(func, ast.Name)
        else None
    )
    return bool(name and _VALIDATOR.search(name))


#: Functions that only build a value from their arguments: no I/O, no parsing of outside
#: data, so what they can raise says nothing about the server.
_PURE_CALLS = frozenset(
    {
        "builtins.str",
        "builtins.int",
        "builtins.bool",
        "builtins.len",
        "builtins.dict",
        "builtins.list",
        "builtins.tuple",
        "builtins.sorted",
        "json.dumps",
        "urllib.parse.urlencode",
        "urllib.parse.quote",
        "urllib.parse.quote_plus",
        "urllib.parse.urljoin",
        "urllib.parse.urlunparse",
        "urllib.parse.urlunsplit",
        "secrets.token_urlsafe",
        "secrets.token_hex",
        "uuid.uuid4",
    }
)
#: ``str`` methods called on a string literal (``" ".join(scopes)``, ``"{}".format(x)``).
_PURE_STR_METHODS = frozenset({"join", "format", "replace", "strip", "lower", "upper"})


def _builds_only(node: ast.Try, ctx: ModuleContext) -> bool:
    """The ``try`` body only builds values (a URL, a string) with assignments and a
    ``return``: no ``await``, no call but :data:`_PURE_CALLS` and string-literal methods, so
    no exception from it can carry SQL, hosts, paths or credentials."""
    for stmt in node.body:
        if not isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.Return)):
            return False
    for n in (c for stmt in node.body for c in walk(stmt)):
        if isinstance(n, (ast.Await, ast.Yield, ast.YieldFrom, ast.Lambda, *_SCOPES)):
            return False
        if isinstance(n, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            return False  # iterates something the check does not follow
        if not isinstance(n, ast.Call):
            continue
        func = n.func
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Constant)
            and isinstance(func.value.value, str)
            and func.attr in _PURE_STR_METHODS
        ):
            continue
        if ctx.resolve(func) not in _PURE_CALLS:
            return False
    return True


#: In-memory streams (Python docs, ``io``, "Text I/O" / "Binary I/O": ``BytesIO``,
#: ``StringIO``): reading or writing one touches no file, socket or database.
_MEMORY_FILES = frozenset({"io.BytesIO", "io.StringIO"})
#: Pillow's image loader (Pillow docs, "Image module", ``PIL.Image.open(fp)``): given an
#: in-memory stream, it and the image's methods only decode and encode those bytes.
_IMAGE_OPENERS = frozenset({"PIL.Image.open"})
#: Modules a ``try`` that decodes in memory may import in place (``from io import BytesIO``).
_MEMORY_MODULES = frozenset({"io", "PIL"})


def _decodes_in_memory(node: ast.Try, ctx: ModuleContext) -> bool:
    """The ``try`` body only wraps bytes it already holds in an in-memory stream
    (:data:`_MEMORY_FILES`), decodes them with Pillow (:data:`_IMAGE_OPENERS`) and calls
    methods of those objects with literals or other such objects (``img.convert("RGBA")``,
    ``img.save(buf, format="PNG")``, ``buf.getvalue()``), beside imports of ``io``/``PIL``:
    no file, database or network I/O, so what it raises is the decoder's word about the
    bytes the route was given (seen in pixlstash), never SQL, hosts, paths or credentials.
    A path given to ``Image.open`` or ``save`` is not such an object: that is still I/O."""
    memory: set[str] = set()  # locals the ``try`` bound to in-memory objects

    def plain(e: ast.expr) -> bool:  # a literal or a value already in hand (``data``)
        while isinstance(e, ast.Attribute):
            e = e.value
        return isinstance(e, (ast.Constant, ast.Name))

    def literal(e: ast.expr) -> bool:  # ``"RGBA"``, ``(64, 64)``
        if isinstance(e, (ast.Tuple, ast.List)):
            return all(literal(x) for x in e.elts)
        return isinstance(e, ast.Constant)

    def in_memory(e: ast.expr) -> bool:
        if isinstance(e, ast.Name):
            return e.id in memory
        if not isinstance(e, ast.Call):
            return False
        args = [*e.args, *(k.value for k in e.keywords)]
        func = e.func
        q = ctx.resolve(func) if isinstance(func, (ast.Name, ast.Attribute)) else None
        if q in _MEMORY_FILES:
            return all(plain(a) for a in args)
        if q in _IMAGE_OPENERS:
            return bool(e.args) and in_memory(e.args[0]) and all(map(literal, args[1:]))
        return (
            isinstance(func, ast.Attribute)
            and in_memory(func.value)
            and all(literal(a) or in_memory(a) for a in args)
            # ``Image.save(fp, ...)``: a literal ``fp`` is a file name (Pillow docs)
            and (func.attr != "save" or (bool(e.args) and in_memory(e.args[0])))
        )

    opened = False
    for stmt in node.body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            modules = (
                [a.name for a in stmt.names] if isinstance(stmt, ast.Import) else [stmt.module]
            )
            if getattr(stmt, "level", 0) or not all(
                (m or "").split(".")[0] in _MEMORY_MODULES for m in modules
            ):
                return False
            continue
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target = stmt.targets[0]
            if not isinstance(target, ast.Name) or not in_memory(stmt.value):
                return False
            memory.add(target.id)
        elif not (isinstance(stmt, ast.Expr) and in_memory(stmt.value)):
            return False
        opened = opened or any(
            isinstance(n, ast.Call)
            and isinstance(n.func, (ast.Name, ast.Attribute))
            and ctx.resolve(n.func) in _IMAGE_OPENERS
            for n in walk(stmt)
        )
    return opened


#: ``pathlib.Path`` methods that read a file: an ``OSError`` (opening, reading) or, for
#: text, a ``UnicodeDecodeError`` is all they raise.
_PATH_READS = {"read_bytes": ("builtins.OSError",), "read_text": ("builtins.OSError", "UNICODE")}
#: What catches a decoding error: the class, or one of its bases.
_DECODE_CAUGHT = frozenset(
    {"builtins.UnicodeDecodeError", "builtins.UnicodeError", "builtins.ValueError"}
)
_PATHS = frozenset({"pathlib.Path", "pathlib.PurePath"})


def _reads_files_caught_before(
    node: ast.Try, handler: ast.ExceptHandler, fn: ast.AST, ctx: ModuleContext
) -> bool:
    """The ``try`` body reads files only (``index.read_text(encoding="utf-8")`` on a local
    the function binds to ``pathlib.Path`` values alone) beside values it builds (a
    response with the text), and the clauses before ``handler`` catch what those reads
    raise (``except OSError``, ``except UnicodeDecodeError``): nothing reaches the broad
    clause (seen in ccproxy-api).  The earlier clauses are judged on their own."""
    caught = set(_caught_before(node, handler, ctx))
    reads = 0
    for n in (c for stmt in node.body for c in walk(stmt)):
        if isinstance(n, (ast.Await, ast.Yield, ast.YieldFrom, *_SCOPES)):
            return False
        if isinstance(n, (ast.For, ast.AsyncFor, ast.With, ast.AsyncWith, ast.comprehension)):
            return False
        if not isinstance(n, ast.Call):
            continue
        func = n.func
        if isinstance(func, ast.Attribute) and func.attr in _PATH_READS:
            if not _path_value(func.value, fn, ctx, set()):
                return False
            for need in _PATH_READS[func.attr]:
                if need == "UNICODE" and not caught & _DECODE_CAUGHT:
                    return False
                if need != "UNICODE" and need not in caught:
                    return False
            reads += 1
            continue
        q = ctx.resolve(func) if isinstance(func, (ast.Name, ast.Attribute)) else None
        if q is not None and ctx.is_project(q):
            return False
        if not builds_value(n, ctx) or _opaque_class(func, q):
            return False
    return reads > 0


def _path_value(e: ast.AST, fn: ast.AST, ctx: ModuleContext, seen: set[str]) -> bool:
    """``e`` is a ``pathlib.Path``: built by ``Path(...)``, its ``.parent``, ``/`` or
    ``joinpath(...)`` of one, or a local of ``fn`` every assignment binds to one."""
    if isinstance(e, ast.Call):
        if isinstance(e.func, ast.Attribute) and e.func.attr == "joinpath":
            return _path_value(e.func.value, fn, ctx, seen)
        return isinstance(e.func, (ast.Name, ast.Attribute)) and ctx.resolve(e.func) in _PATHS
    if isinstance(e, ast.Attribute) and e.attr == "parent":
        return _path_value(e.value, fn, ctx, seen)
    if isinstance(e, ast.BinOp) and isinstance(e.op, ast.Div):
        return _path_value(e.left, fn, ctx, seen)
    if not isinstance(e, ast.Name) or e.id in seen:
        return False
    seen.add(e.id)
    bound = [
        n
        for n in walk(fn)
        if isinstance(n, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr, ast.For))
        and any(
            isinstance(t, ast.Name) and t.id == e.id
            for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
        )
    ]
    return bool(bound) and all(
        isinstance(b, (ast.Assign, ast.AnnAssign))
        and b.value is not None
        and _path_value(b.value, fn, ctx, seen)
        for b in bound
    )


#: ``pathlib.Path`` methods whose ``OSError`` names the one path they act on and nothing
#: else (``[Errno 13] Permission denied: '/srv/notes/a.md'``).
_ONE_PATH_OPS = frozenset(
    {
        "read_text",
        "read_bytes",
        "write_text",
        "write_bytes",
        "unlink",
        "touch",
        "mkdir",
        "rmdir",
        "stat",
    }
)
#: ``os`` functions of one path whose ``OSError`` carries that path as its filename and
#: nothing else (Python docs, "os -- Files and Directories": ``mkdir(path, mode=0o777, *,
#: dir_fd=None)``, ``rmdir(path, ...)``, ``remove``/``unlink(path, *, dir_fd=None)``).
_OS_ONE_PATH = frozenset({"os.mkdir", "os.rmdir", "os.remove", "os.unlink"})
_OS_ERRORS = frozenset({"builtins.OSError", "builtins.IOError", "builtins.EnvironmentError"})
#: Runners that call their first argument with the rest in a thread (``asyncio.to_thread(
#: path.unlink, True)``).
_IN_THREAD = THREAD_OFFLOADERS - {"asyncer.asyncify"}


def _plain_value(e: ast.expr) -> bool:
    """A literal, a name or an attribute chain on a name (``req.yaml_text``)."""
    while isinstance(e, ast.Attribute):
        e = e.value
    return isinstance(e, (ast.Name, ast.Constant))


def _one_path_op(stmt: ast.stmt, ctx: ModuleContext) -> ast.expr | None:
    """The path ``stmt`` acts on when it is only one file operation of
    :data:`_ONE_PATH_OPS` on it, or one of :data:`_OS_ONE_PATH` given it first, called in
    place or in a thread (``content = note.path.read_text(encoding="utf-8")``, ``await
    asyncio.to_thread(path.unlink, True)``, ``os.mkdir(target)``) with plain values as
    arguments; None otherwise."""
    if isinstance(stmt, ast.Assign) and all(isinstance(t, ast.Name) for t in stmt.targets):
        value: ast.expr | None = stmt.value
    elif isinstance(stmt, ast.Expr):
        value = stmt.value
    else:
        return None
    if isinstance(value, ast.Await):
        value = value.value
    if not isinstance(value, ast.Call):
        return None
    func: ast.expr = value.func
    args = [*value.args, *(k.value for k in value.keywords)]
    positional = len(value.args)  # the leading ``args`` given by position
    if (
        isinstance(func, (ast.Name, ast.Attribute))
        and value.args
        and ctx.resolve(func) in _IN_THREAD
    ):
        func, args, positional = args[0], args[1:], positional - 1
    if isinstance(func, (ast.Name, ast.Attribute)) and ctx.resolve(func) in _OS_ONE_PATH:
        return args[0] if positional and all(_plain_value(a) for a in args) else None
    if not (isinstance(func, ast.Attribute) and func.attr in _ONE_PATH_OPS):
        return None
    if not all(_plain_value(a) for a in (func.value, *args)):
        return None
    return func.value


def _publishes_path(
    node: ast.Try, handler: ast.ExceptHandler, fn: ast.AST, ctx: ModuleContext
) -> bool:
    """The clause catches ``OSError`` only, the ``try`` only runs one file operation on a
    path (:func:`_one_path_op`), and the function's answer on success gives that same path
    to the client (``return {"path": str(note.path)}``, ``NoteOut(path=str(path))``),
    bound before the ``try`` and not rebound after it: the error's text is the errno's
    message and that path, which the route publishes anyway (seen in initrunner)."""
    if handler.type is None or len(node.body) != 1:
        return False
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    if not all(ctx.resolve(t) in _OS_ERRORS for t in types):
        return False
    path = _one_path_op(node.body[0], ctx)
    if path is None:
        return False
    root = path
    while isinstance(root, ast.Attribute):
        root = root.value
    if not isinstance(root, ast.Name) or any(
        _binds(n, root.id) and getattr(n, "lineno", 0) > node.lineno for n in walk(fn)
    ):
        return False
    shown = ast.dump(path)

    def is_path(g: ast.expr) -> bool:  # ``path`` or ``str(path)``
        if isinstance(g, ast.Call) and len(g.args) == 1 and not g.keywords:
            g = g.args[0] if ctx.resolve(g.func) == "builtins.str" else g
        return ast.dump(g) == shown

    for ret in walk(fn):
        if not isinstance(ret, ast.Return) or ret.value is None:
            continue
        for n in walk(ret.value):
            if isinstance(n, ast.Dict):
                given: list[ast.expr] = list(n.values)
            elif isinstance(n, ast.Call):
                given = [k.value for k in n.keywords]
            else:
                continue
            if any(is_path(g) for g in given):
                return True
    return False


def _takes_no_input(node: ast.Try, ctx: ModuleContext) -> bool:
    """The ``try`` body is closed to outside values: its statements assign or return calls
    whose arguments are literals or such calls again (``return SessionOut(session=
    new_id())``), no name read, so nothing the client sent or the server stored goes in;
    an absolute import of the project's own module (``from pkg.training import
    resolve_backend``, deferred into the route) reads nothing either."""

    bound: set[str] = set()  # locals the ``try`` bound to closed values before

    def closed(e: ast.expr | None) -> bool:
        if e is None or isinstance(e, ast.Constant):
            return True
        if isinstance(e, ast.Call) and isinstance(e.func, (ast.Name, ast.Attribute)):
            return all(closed(a) for a in (*e.args, *(k.value for k in e.keywords)))
        if isinstance(e, ast.Name):
            return e.id in bound
        if isinstance(e, ast.Subscript):  # ``info["token"]``: a value of one of them
            return closed(e.value) and isinstance(e.slice, ast.Constant)
        if isinstance(e, (ast.List, ast.Tuple)):
            return all(closed(x) for x in e.elts)
        if isinstance(e, ast.Dict):
            return all(k is None or closed(k) for k in e.keys) and all(map(closed, e.values))
        return False

    for stmt in node.body:
        if isinstance(stmt, ast.ImportFrom) and not stmt.level and ctx.is_project(stmt.module):
            continue
        if isinstance(stmt, ast.Assign) and all(isinstance(t, ast.Name) for t in stmt.targets):
            value: ast.expr | None = stmt.value
        elif isinstance(stmt, (ast.Return, ast.Expr)):
            value = stmt.value
        else:
            return False
        if not closed(value):
            return False
        if isinstance(stmt, ast.Assign):
            bound.update(t.id for t in stmt.targets if isinstance(t, ast.Name))
    return True


def _passed_names(args: list[ast.expr]) -> tuple[str, ...] | None:
    """The names among ``args`` when each is a name or a literal; None otherwise."""
    if not all(isinstance(a, (ast.Name, ast.Constant)) for a in args):
        return None
    return tuple(a.id for a in args if isinstance(a, ast.Name))


def _mentions(node: ast.AST, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name for n in walk(node))


def _narrowing_test(test: ast.expr, name: str, ctx: ModuleContext) -> bool:
    """``isinstance(e, DomainError)`` (any type that would not be reported in an
    ``except`` clause either) or ``"literal" in str(e)``: the branch handles one known
    exception."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return any(_narrowing_test(v, name, ctx) for v in test.values)
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        # ``"not found" in str(e) or "missing" in str(e)``: each way in is a known message
        return all(_narrowing_test(v, name, ctx) for v in test.values)
    if (
        isinstance(test, ast.Call)
        and isinstance(test.func, ast.Name)
        and ctx.resolve(test.func) == "builtins.isinstance"
        and len(test.args) == 2
        and isinstance(test.args[0], ast.Name)
        and test.args[0].id == name
    ):
        types = test.args[1].elts if isinstance(test.args[1], ast.Tuple) else [test.args[1]]
        qs = [ctx.resolve(t) if isinstance(t, (ast.Name, ast.Attribute)) else None for t in types]
        # the same rule as for ``except T as e``: only the broad types count as unexpected
        return all(q is not None and q not in BROAD for q in qs)
    return bool(
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.In)
        and isinstance(test.left, ast.Constant)
        and isinstance(test.left.value, str)
        and test.left.value
        and _mentions(test.comparators[0], name)
    )


def _narrowed(chain: list[ast.AST], name: str, ctx: ModuleContext) -> bool:
    """Between the handler (``chain[0]``) and the call (``chain[-1]``), an ``if`` whose body
    holds the call narrows the exception ``name``."""
    for parent, child in itertools.pairwise(chain):
        if (
            isinstance(parent, ast.If)
            and child in parent.body
            and _narrowing_test(parent.test, name, ctx)
        ):
            return True
    return False


def _type_name_of(e: ast.expr, name: str, ctx: ModuleContext) -> bool:
    """``e`` spells the name of the class of the exception ``name``: ``type(e).__name__``
    or ``e.__class__.__name__``."""
    if not (isinstance(e, ast.Attribute) and e.attr == "__name__"):
        return False
    of = e.value
    if isinstance(of, ast.Call):
        return (
            isinstance(of.func, ast.Name)
            and ctx.resolve(of.func) == "builtins.type"
            and len(of.args) == 1
            and not of.keywords
            and isinstance(of.args[0], ast.Name)
            and of.args[0].id == name
        )
    return (
        isinstance(of, ast.Attribute)
        and of.attr == "__class__"
        and isinstance(of.value, ast.Name)
        and of.value.id == name
    )


def _type_name_locals(handler: ast.ExceptHandler, name: str, ctx: ModuleContext) -> set[str]:
    """The locals of the ``except`` clause bound once, to the caught exception's class name
    (``error_name = type(exc).__name__``), and never bound otherwise."""
    stores: dict[str, int] = {}
    spelled: set[str] = set()
    for n in walk(handler):
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
            stores[n.id] = stores.get(n.id, 0) + 1
        if (
            isinstance(n, ast.Assign)
            and len(n.targets) == 1
            and isinstance(n.targets[0], ast.Name)
            and _type_name_of(n.value, name, ctx)
        ):
            spelled.add(n.targets[0].id)
    return {v for v in spelled if stores.get(v) == 1}


def _named_types(
    test: ast.expr, name: str, spelled: set[str], ctx: ModuleContext
) -> tuple[str, ...] | None:
    """The class names the test ``type(e).__name__ == "DriverError"`` (or ``in ("A",
    "B")``, or a local holding that name, ``spelled``) admits the exception ``name`` by;
    None when the test is not such a comparison.  An ``and`` narrows by any of its parts."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        found = [_named_types(v, name, spelled, ctx) for v in test.values]
        return next((f for f in found if f is not None), None)
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return None
    left, op, right = test.left, test.ops[0], test.comparators[0]
    if not (_type_name_of(left, name, ctx) or (isinstance(left, ast.Name) and left.id in spelled)):
        return None
    if isinstance(op, ast.Eq):
        values = [right]
    elif isinstance(op, ast.In) and isinstance(right, (ast.Tuple, ast.List, ast.Set)):
        values = list(right.elts)
    else:
        return None
    names = [v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    return tuple(names) if names and len(names) == len(values) else None


def _narrowed_by_name(chain: list[ast.AST], name: str, ctx: ModuleContext) -> tuple[str, ...]:
    """The class names an ``if`` between the handler (``chain[0]``) and the call
    (``chain[-1]``) admits the exception ``name`` by (:func:`_named_types`; the innermost
    such ``if``); empty when none does.  ``judge`` keeps the hit unless each is a project
    exception whose messages the project writes (:func:`_own_messages`)."""
    handler = chain[0]
    if not isinstance(handler, ast.ExceptHandler):
        return ()
    spelled = _type_name_locals(handler, name, ctx)
    found: tuple[str, ...] = ()
    for parent, child in itertools.pairwise(chain):
        if isinstance(parent, ast.If) and child in parent.body:
            found = _named_types(parent.test, name, spelled, ctx) or found
    return found


def _except_kind(handler: ast.ExceptHandler, ctx: ModuleContext) -> tuple[str, str] | None:
    """("broad", shown type) when the clause catches unexpected errors, ("narrow", ...)
    when it names a specific (or project) type; None when the type cannot be resolved."""
    if handler.type is None:
        return "broad", "a bare `except:`"
    elts = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    qs = [ctx.resolve(e) for e in elts]
    if any(q is None for q in qs):
        return None
    if any(ctx.is_project(q) or q in CLIENT_ERRORS for q in qs):
        return "narrow", ""
    broad = [q for q in qs if q in BROAD]
    if not broad:
        return "narrow", ""
    return "broad", f"`except {broad[0].rsplit('.', 1)[-1]}`"


#: Ways to build a model from data: ``Model(**body)``, ``Model.model_validate(body)``, v1's
#: ``Model.parse_obj(body)``, ``TypeAdapter(T).validate_python(body)``.
_VALIDATING_METHODS = frozenset(
    {
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
        "parse_obj",
        "parse_raw",
        "validate_python",
        "validate_json",
        "validate_strings",
    }
)
#: Alternative constructors that parse data into an object: ``Query.from_dict(body)``,
#: ``Spec.parse(text)``; on a project class they are taken as parsing the client's data.
_PARSING_METHOD = lazy_compile(
    r"^(from_(dict|json|obj|str|string|text|yaml|payload|request)|parse(_\w+)?)$"
)
_PARSER = "parser:"
#: Validating methods no other library's class spells so: the owner is a Pydantic model even
#: when its name cannot be resolved (a model class handed to a route factory).
_PYDANTIC_ONLY_METHODS = frozenset(
    {"model_validate", "model_validate_json", "model_validate_strings"}
)
_TYPE_ADAPTERS = frozenset({"pydantic.TypeAdapter", "pydantic.type_adapter.TypeAdapter"})
_MODEL_BASES = frozenset({"pydantic.BaseModel", "pydantic.v1.BaseModel"})
_DATACLASS = frozenset({"dataclasses.dataclass"})


def _from_request(
    e: ast.AST,
    params: set[str],
    assigned: dict[str, list[ast.expr]],
    depth: int = 0,
    ctx: ModuleContext | None = None,
    following: frozenset[str] = frozenset(),
) -> bool:
    """``e`` is built only from the function's parameters (what the client sent), also
    through locals (``body = await read_body(request)``, the variables of a comprehension
    over one: ``{k: coerce(v) for k, v in filtered.items()}``); callees do not count as
    inputs, a pure standard-library call (``json.loads(text)``) passes its arguments on, and
    literals (``{}``, ``"x"``) are fixed values.  A local rebound from itself (``data =
    normalize(data)``) adds no input of its own: its other bindings decide (``following``:
    the locals whose bindings are being read)."""
    if depth > 5:
        return False
    if isinstance(e, ast.Name):
        if e.id in params or e.id in following:
            return True
        values = assigned.get(e.id, [])
        return bool(values) and all(
            _from_request(v, params, assigned, depth + 1, ctx, following | {e.id}) for v in values
        )
    if isinstance(e, ast.Call):
        parts: list[ast.AST] = [*e.args, *(k.value for k in e.keywords)]
        pure = (
            ctx is not None
            and isinstance(e.func, (ast.Name, ast.Attribute))
            and ctx.resolve(e.func) in PURE_CALLS
        )
        if isinstance(e.func, ast.Attribute) and not pure:
            parts.append(e.func.value)  # ``request.json()``: the receiver is an input
        return bool(parts) and all(
            _from_request(p, params, assigned, depth, ctx, following) for p in parts
        )
    if isinstance(e, ast.Constant):
        return True
    children = list(ast.iter_child_nodes(e))
    if not children and isinstance(e, (ast.Dict, ast.List, ast.Tuple, ast.Set)):
        return True  # ``getattr(request.state, "user", None) or {}``: an empty literal
    return bool(children) and all(
        _from_request(c, params, assigned, depth, ctx, following)
        for c in children
        if not isinstance(c, (ast.expr_context, ast.operator, ast.unaryop, ast.boolop))
    )


def _model_built(
    value: ast.expr, params: set[str], assigned: dict[str, list[ast.expr]], ctx: ModuleContext
) -> str | None:
    """The model (its qualified name, ``"*"`` for a ``TypeAdapter``) that ``value`` builds
    from the client's data only, or None."""
    if (
        isinstance(value, (ast.ListComp, ast.SetComp, ast.GeneratorExp))
        and len(value.generators) == 1
        and not value.generators[0].ifs
        and not value.generators[0].is_async
    ):
        gen = value.generators[0]  # ``[Query.from_dict(q) for q in body.queries]``
        if not _from_request(gen.iter, params, assigned, ctx=ctx):
            return None
        inner = params | {n.id for n in walk(gen.target) if isinstance(n, ast.Name)}
        return _model_built(value.elt, inner, assigned, ctx)
    if not isinstance(value, ast.Call):
        return None  # (an awaited coroutine may do anything)
    args = [*value.args, *(k.value for k in value.keywords)]
    if not args or not all(_from_request(a, params, assigned, ctx=ctx) for a in args):
        return None  # built from something else than what the client sent
    func = value.func
    if isinstance(func, ast.Attribute) and func.attr in _VALIDATING_METHODS:
        owner = func.value
        if isinstance(owner, ast.Call):
            return "*" if ctx.resolve(owner.func) in _TYPE_ADAPTERS else None
        q = ctx.resolve(owner)
        if q is None and func.attr in _PYDANTIC_ONLY_METHODS and isinstance(owner, ast.Name):
            # ``model_class.model_validate(data)`` on a class a route factory is given:
            # only a Pydantic (or SQLModel) model has that method
            return f"*{owner.id}"
        return q
    if isinstance(func, ast.Attribute) and _PARSING_METHOD.match(func.attr):
        owner_q = ctx.resolve(func.value)
        return f"{_PARSER}{owner_q}" if owner_q else None
    return ctx.resolve(func)


def _validates_only(node: ast.Try, ctx: ModuleContext) -> tuple[str, ...]:
    """The models a ``try`` body builds from the client's data when that is all it does
    (``payload = ChatRequest(**body)``): what it can raise is a validation error about the
    client's own input.  () when the body does anything else."""
    fn = ctx.function
    if fn is None:
        return ()
    params = {p.name for p in fn.params}
    func = ctx.enclosing_def
    assigned: dict[str, list[ast.expr]] = {}
    for n in walk(func) if func is not None else ():
        if isinstance(n, ast.Assign):
            for t in n.targets:
                if isinstance(t, ast.Name):
                    assigned.setdefault(t.id, []).append(n.value)
        elif isinstance(n, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor, ast.NamedExpr)):
            for bound in walk(n.target):  # bound to something not followed here
                if isinstance(bound, ast.Name):
                    assigned.setdefault(bound.id, []).append(ast.Name("<unknown>"))
        elif isinstance(n, ast.withitem) and n.optional_vars is not None:
            for bound in walk(n.optional_vars):
                if isinstance(bound, ast.Name):
                    assigned.setdefault(bound.id, []).append(ast.Name("<unknown>"))
    for n in walk(func) if func is not None else ():
        if isinstance(n, ast.comprehension):
            # ``for k, v in data.items()``: each variable is an element of what it iterates
            for bound in walk(n.target):
                if isinstance(bound, ast.Name):
                    assigned.setdefault(bound.id, []).append(n.iter)
    for name in _closure_parameters(ctx):
        if name not in params and name not in assigned:
            # a parameter of the function around the route (a route factory's
            # ``model_class``): fixed when the app is built, not data of this request
            assigned[name] = [ast.Constant(None)]
    models: list[str] = []
    for stmt in node.body:
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None:
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            if not all(isinstance(t, (ast.Name, ast.Attribute)) for t in targets):
                return ()
            value: ast.expr = stmt.value
        elif isinstance(stmt, ast.Expr):
            value = stmt.value
        elif isinstance(stmt, ast.Return) and (
            stmt.value is None or isinstance(stmt.value, (ast.Name, ast.Constant))
        ):
            continue  # ``return result``: hands back what was built, raises nothing
        else:
            return ()
        if _reads_body(value, params):
            continue  # ``body = await request.json()``: decodes what the client sent
        model = _model_built(value, params, assigned, ctx)
        if model is None:
            return ()
        models.append(model)
    return tuple(models)


def _answers_from_hand(node: ast.Try, ctx: ModuleContext) -> str | None:
    """The project class the ``try`` body ends by returning, built by keyword from values in
    hand only: literals, the route's parameters, items of a local that only project calls
    bound (``job["status"]``, a record the route looked up before the ``try``) and names
    the body bound to displays of those (``summary = {"total": job["total"]}``); the
    route's ``response_model``, if any, is that class.  What the body can raise is then a
    ``KeyError`` naming a literal key or a validation error echoing a value the route was
    about to answer with.  None otherwise (a value bound to a model and used, a call)."""
    fn, func = ctx.function, ctx.enclosing_def
    if fn is None or func is None:
        return None
    params = {p.name for p in fn.params}
    *stmts, last = node.body
    built: set[str] = set()

    def in_hand(e: ast.expr | None) -> bool:
        if e is None or isinstance(e, ast.Constant):
            return True
        if isinstance(e, ast.Name):
            return e.id in params or e.id in built
        if isinstance(e, ast.Subscript):
            base = e.value
            return (
                isinstance(base, ast.Name)
                and (base.id in params or bool(_calls_bound(func, base.id, ctx)))
                and isinstance(e.slice, ast.Constant)
            )
        if isinstance(e, ast.Dict):
            return all(in_hand(k) and in_hand(v) for k, v in zip(e.keys, e.values, strict=True))
        if isinstance(e, (ast.List, ast.Tuple)):
            return all(in_hand(x) for x in e.elts)
        return False

    for stmt in stmts:
        if not (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(target := stmt.targets[0], ast.Name)
            and isinstance(stmt.value, (ast.Dict, ast.List, ast.Tuple))
            and in_hand(stmt.value)
        ):
            return None
        built.add(target.id)
    call = last.value if isinstance(last, ast.Return) else None
    if not (
        isinstance(call, ast.Call)
        and isinstance(call.func, (ast.Name, ast.Attribute))
        and not call.args
        and all(k.arg is not None and in_hand(k.value) for k in call.keywords)
    ):
        return None
    q = ctx.resolve(call.func)
    if q is None or not ctx.is_project(q):
        return None
    for d in func.decorator_list:
        for k in d.keywords if isinstance(d, ast.Call) else ():
            if k.arg == "response_model" and ctx.resolve(k.value) != q:
                return None  # the answer is filtered through another model
    return q


def _plain_model(project: Project, qname: str, depth: int = 0) -> bool:
    """A project Pydantic model with no method of its own or of its project bases (no
    validator that could read anything), whose fields' project classes are such models
    too: building it only checks the values it is given."""
    if depth > 3 or not project.name_is_class(qname, _MODEL_BASES):
        return False
    for q in (qname, *project.ancestors(qname)):
        c = project.class_(q)
        if c is None:
            continue
        if c.methods:
            return False
        for a in c.attributes:
            for n in _annotation_names(a.annotation):
                if project.class_(n) is not None and not _plain_model(project, n, depth + 1):
                    return False
    return True


def _annotation_names(e: object) -> list[str]:
    """The qualified names an annotation summary mentions (``list[Item] | None``)."""
    if isinstance(e, (Name, Call)):
        return [e.qname] if e.qname else []
    if isinstance(e, Sub):
        return [*_annotation_names(e.value), *_annotation_names(e.slice)]
    if isinstance(e, (Seq, Union)):
        return [n for x in e.items for n in _annotation_names(x)]
    return []


def _closure_parameters(ctx: ModuleContext) -> set[str]:
    """The parameters of the functions around the current one (not its own)."""
    defs = [p for p in ctx.parents if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef))]
    out: set[str] = set()
    for d in defs[:-1]:
        a = d.args
        for param in (*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg):
            if param is not None:
                out.add(param.arg)
    return out


#: The request's methods that read and decode the client's own body.
_BODY_READERS = frozenset({"json", "body", "form"})


def _reads_body(value: ast.expr, params: set[str]) -> bool:
    """``await request.json()`` (``.body()``, ``.form()``) on a parameter: it can only fail
    on the client's own bytes (a JSON decode error about them, a disconnect)."""
    if not isinstance(value, ast.Await):
        return False
    call = value.value
    return (
        isinstance(call, ast.Call)
        and not call.args
        and not call.keywords
        and isinstance(call.func, ast.Attribute)
        and call.func.attr in _BODY_READERS
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id in params
    )


#: Responses that keep the iterator they are given and iterate it only as the body is sent,
#: after the route returned (Starlette's docs, "Responses": ``StreamingResponse`` "takes an
#: async generator or a normal generator/iterator and streams the response body";
#: sse-starlette's README, "Usage": ``return EventSourceResponse(generator)``).
_STREAMING_RESPONSES = frozenset(
    {
        "fastapi.responses.StreamingResponse",
        "sse_starlette.sse.EventSourceResponse",
        "sse_starlette.EventSourceResponse",
    }
)
#: Library classes whose construction only builds a value (a response, a path, a number).
_VALUE_TYPES = frozenset(
    {
        *HTTP_EXCEPTIONS,
        *JSON_RESPONSES,
        *TEXT_RESPONSES,
        "fastapi.responses.Response",
        "fastapi.responses.HTMLResponse",
        "fastapi.responses.RedirectResponse",
        "starlette.responses.Response",
        "starlette.responses.JSONResponse",
        "pathlib.Path",
        "decimal.Decimal",
        "uuid.UUID",
        "datetime.datetime",
        "datetime.date",
        "datetime.timedelta",
        *_STREAMING_RESPONSES,
    }
)


def _opaque_class(func: ast.expr, q: str | None) -> bool:
    """A library class other than :data:`_VALUE_TYPES`: its constructor may open a file or
    a connection (``ZipFile(path)``, ``Document(path)``)."""
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name[:1].isupper() and not name.isupper() and q not in _VALUE_TYPES


def _guarded_calls(
    node: ast.Try,
    ctx: ModuleContext,
    whole: list[str] | None = None,
    passed: list[ast.expr] | None = None,
) -> tuple[str, ...] | None:
    """What the ``try`` body calls that could raise, when each is a project function
    (``"fn:<qname>"``) or a method of one of the function's parameters (``"param:<name>.
    <method>"``, ``db.upsert(...)`` on an injected manager); everything else in the body
    only builds values or raises its own exception (``raise HTTPException(400, ...)``).
    ``judge`` keeps the hit only if one of them lets an error out
    (``Function.swallows_errors``).  None when the body calls anything else.  ``whole``
    receives those whose call is the whole value of a statement of the body, returned or
    bound to a name the body does not read (``stream = engine.stream(...)``), or the
    content of a streaming response (``EventSourceResponse(events())``): nothing in the
    ``try`` uses what they give (a generator is not run there).  ``passed`` receives the
    arguments of the calls it returns."""
    read = {
        n.id
        for stmt in node.body
        for n in walk(stmt)
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Store)
    }
    bound = {
        id(stmt.value)
        for stmt in node.body
        if isinstance(stmt, (ast.Assign, ast.Return))
        and isinstance(stmt.value, ast.Call)
        and all(isinstance(t, ast.Name) and t.id not in read for t in getattr(stmt, "targets", ()))
    }
    fn = ctx.function
    params = {p.name for p in fn.params} if fn is not None else set()
    # what the calls return: an attribute of an attribute of it (``run.data.id``) may be an
    # ORM object loading itself, a query the check cannot see
    results = {
        t.id
        for stmt in node.body
        for a in walk(stmt)
        if isinstance(a, ast.Assign) and any(isinstance(c, ast.Call) for c in walk(a.value))
        for t in a.targets
        if isinstance(t, ast.Name)
    }
    out: list[str] = []
    stack: list[ast.AST] = list(node.body)
    while stack:
        n = stack.pop()
        if (
            isinstance(n, ast.Attribute)
            and isinstance(n.value, (ast.Attribute, ast.Subscript))
            and isinstance(base := n.value.value, ast.Name)
            and base.id in results
        ):
            return None
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and _inert_def(n):
            continue  # defining a function runs none of its body
        if isinstance(n, ast.Lambda):
            stack.extend([*n.args.defaults, n.body])  # judged as if its body ran here
            continue
        if isinstance(n, ast.comprehension) and _in_memory_list(n.iter, ctx):
            # a list the function built: nothing to fetch; its items are values from outside
            results.update(t.id for t in walk(n.target) if isinstance(t, ast.Name))
            stack.extend([n.iter, *n.ifs])
            continue
        if isinstance(n, (*_SCOPES, ast.Yield, ast.YieldFrom)):
            return None
        if isinstance(n, (ast.With, ast.AsyncWith, ast.AsyncFor, ast.For, ast.comprehension)):
            return None  # entering a context manager or iterating a cursor/stream can fail
        if isinstance(n, ast.Await) and not isinstance(n.value, ast.Call):
            return None  # ``await task``: whatever the task raised
        if isinstance(n, ast.Raise):
            if n.exc is not None and not (isinstance(n.exc, ast.Call) and builds_value(n.exc, ctx)):
                return None  # ``raise err``: an exception from elsewhere
            stack.extend(ast.iter_child_nodes(n.exc) if n.exc is not None else ())
            continue
        if isinstance(n, ast.Call):
            func = n.func
            q = ctx.resolve(func) if isinstance(func, (ast.Name, ast.Attribute)) else None
            before = len(out)
            stack.extend(ast.iter_child_nodes(n))
            if q in _STREAMING_RESPONSES:  # its content is iterated after the ``try``
                content = next((k.value for k in n.keywords if k.arg == "content"), None)
                bound.update(id(c) for c in (*n.args[:1], content) if isinstance(c, ast.Call))
            if not _tag_call(n, q, ctx, params, out):
                return None
            if whole is not None and id(n) in bound and len(out) > before:
                whole.append(out[-1])
            if passed is not None and len(out) > before:
                passed.extend([*n.args, *(k.value for k in n.keywords)])
            continue
        stack.extend(ast.iter_child_nodes(n))
    return tuple(out)


def _tag_call(
    n: ast.Call, q: str | None, ctx: ModuleContext, params: set[str], out: list[str]
) -> bool:
    """Adds to ``out`` what the call ``n`` (resolved to ``q``) of a ``try`` body runs that
    may raise (:func:`_guarded_calls`); False when the check cannot follow it."""
    func = n.func
    if _module_log_line(func, ctx) or (
        isinstance(func, ast.Attribute) and _in_memory_list(func.value, ctx)
    ):
        pass  # a log line; ``jobs.sort(key=...)`` on a list the function built
    elif q is not None and ctx.is_project(q):
        # a project class's ``__init__`` may do anything: judged with the project
        kind = "cls" if q.rsplit(".", 1)[-1][:1].isupper() else "fn"
        out.append(f"{kind}:{q}")
    elif q is None and isinstance(func, ast.Name) and (local := _local_def(func.id, ctx)):
        out.append(f"fn:{local}")  # a function the route defines: judged with the project
    elif builds_value(n, ctx) and not _opaque_class(func, q):
        pass
    elif (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in params
    ):
        out.append(f"param:{func.value.id}.{func.attr}")
    elif (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and (made := _made_by(func.value.id, ctx)) is not None
    ):
        out.append(f"inst:{made}|{func.attr}")  # ``orchestrator.call_llm(...)``
    else:
        return False
    return True


def _local_def(name: str, ctx: ModuleContext) -> str | None:
    """The qualified name the model gives the function the current function defines as
    ``name`` (``<route>.<locals>.<name>``), when that ``def`` is the only binding of
    ``name`` in it (not in a nested function); None otherwise."""
    func, fn = ctx.enclosing_def, ctx.function
    if func is None or fn is None or any(p.name == name for p in fn.params):
        return None
    binds: list[ast.AST] = []
    stack: list[ast.AST] = list(func.body)
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if n.name == name:
                binds.append(n)
            continue  # a nested scope binds its own names
        if isinstance(n, ast.Lambda):
            continue
        if (
            (isinstance(n, ast.Name) and n.id == name and not isinstance(n.ctx, ast.Load))
            or (isinstance(n, (ast.Global, ast.Nonlocal)) and name in n.names)
            or (isinstance(n, ast.alias) and (n.asname or n.name).split(".")[0] == name)
        ):
            binds.append(n)
        stack.extend(ast.iter_child_nodes(n))
    if len(binds) != 1 or not isinstance(binds[0], (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    return f"{fn.qname}.<locals>.{name}"


def _inert_def(n: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """The ``def`` statement ``n`` only binds its name: no decorator (which could run or
    wrap anything) and defaults that are literals, so none of its body runs where it is
    defined (a generator a streaming route builds inside its ``try``)."""
    a = n.args
    return not n.decorator_list and all(
        isinstance(d, ast.Constant) for d in (*a.defaults, *a.kw_defaults) if d is not None
    )


#: Callables that build a new list or tuple in memory from what they are given.
_LIST_BUILDERS = frozenset({"builtins.list", "builtins.sorted", "builtins.tuple"})


def _in_memory_list(e: ast.expr, ctx: ModuleContext) -> bool:
    """``e`` is a local of the current function that every binding makes a new list in
    memory (``jobs = list(store.jobs.values())``, ``jobs = [j for j in jobs if ...]``, a
    display): iterating it, or sorting it, fetches nothing (what built it is judged where
    it is built)."""
    func = ctx.enclosing_def
    if not isinstance(e, ast.Name) or func is None or ctx.function is None:
        return False
    if any(p.name == e.id for p in ctx.function.params):
        return False
    stores = 0
    values: list[ast.expr] = []
    for n in walk(func):
        if isinstance(n, ast.Name) and n.id == e.id and isinstance(n.ctx, ast.Store):
            stores += 1
        elif (
            isinstance(n, ast.Assign)
            and len(n.targets) == 1
            and isinstance(n.targets[0], ast.Name)
            and n.targets[0].id == e.id
        ):
            values.append(n.value)
    return (
        bool(values)
        and len(values) == stores
        and all(
            isinstance(v, (ast.List, ast.Tuple, ast.ListComp))
            or (
                isinstance(v, ast.Call)
                and isinstance(v.func, ast.Name)
                and ctx.resolve(v.func) in _LIST_BUILDERS
            )
            for v in values
        )
    )


#: Factories of a module's logger (Python's ``logging`` docs, "Logger Objects";
#: structlog's docs, "Getting Started").
_LOGGER_FACTORIES = frozenset({"logging.getLogger", "structlog.get_logger"})


def _module_log_line(func: ast.expr, ctx: ModuleContext) -> bool:
    """``func`` is a log method of the module's logger (``logger.info`` where the module
    binds ``logger = logging.getLogger(...)`` once): a log line, not project code, though
    the name ``logger`` is the project's."""
    if not (
        isinstance(func, ast.Attribute)
        and func.attr in LOG_METHODS
        and isinstance(name := func.value, ast.Name)
    ):
        return False
    return (
        ctx.resolve(name) == f"{ctx.module}.{name.id}"
        and name.id in ctx.module_constants
        and ctx.module_scope.calls.get(name.id) in _LOGGER_FACTORIES
    )


def _made_by(name: str, ctx: ModuleContext) -> str | None:
    """The project callable (a class, or a factory function) whose call every binding of
    the local ``name`` in the current function holds (``orchestrator = get_orchestrator()``,
    ``store = Store(root)``), or, when the function binds no ``name`` of its own, every
    binding in the function that defines it (a route declared inside a setup function,
    ``checker = Checker()`` before ``@app.get(...)``); None for a parameter, another
    binding or several callees."""
    func = ctx.enclosing_def
    fn = ctx.function
    if func is None or fn is None or any(p.name == name for p in fn.params):
        return None
    made = _calls_bound(func, name, ctx)
    if made == set():
        outer = next(
            (
                p
                for p in reversed(ctx.parents)
                if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef)) and p is not func
            ),
            None,
        )
        if outer is None:
            return None
        a = outer.args
        if name in {
            p.arg
            for p in [*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg]
            if p is not None
        }:
            return None
        made = _calls_bound(outer, name, ctx)
    return made.pop() if made is not None and len(made) == 1 else None


def _calls_bound(
    func: ast.FunctionDef | ast.AsyncFunctionDef, name: str, ctx: ModuleContext
) -> set[str] | None:
    """The project callables whose calls the bindings of ``name`` in ``func`` (its nested
    functions too) hold; None when one binds it otherwise (a loop, ``with ... as``, a
    tuple, ``global``/``nonlocal``, another value)."""
    made: set[str] = set()
    for n in walk(func):
        if isinstance(n, (ast.AugAssign, ast.AnnAssign, ast.NamedExpr, ast.For, ast.AsyncFor)):
            if any(isinstance(t, ast.Name) and t.id == name for t in walk(n.target)):
                return None
        elif isinstance(n, ast.withitem) and n.optional_vars is not None:
            if any(isinstance(t, ast.Name) and t.id == name for t in walk(n.optional_vars)):
                return None
        elif isinstance(n, (ast.Global, ast.Nonlocal)) and name in n.names:
            return None
        elif isinstance(n, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in n.targets
        ):
            value = n.value
            if len(n.targets) != 1 or not isinstance(value, ast.Call):
                return None
            q = (
                ctx.resolve(value.func)
                if isinstance(value.func, (ast.Name, ast.Attribute))
                else None
            )
            if q is None or not ctx.is_project(q):
                return None
            made.add(q)
        elif isinstance(n, ast.Assign) and any(
            isinstance(t, (ast.Tuple, ast.List, ast.Starred))
            and any(isinstance(e, ast.Name) and e.id == name for e in walk(t))
            for t in n.targets
        ):
            return None
    return made


#: The example project's control server: it listens on a socket file it binds itself.
_CONTROL = """\
import socket

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

app = FastAPI()


@app.post("/jobs/{name}/pause")
def pause(name: str) -> dict:
    return {"paused": name}


@app.exception_handler(Exception)
async def on_error(request: Request, exc: Exception) -> JSONResponse:
    # the command-line client shows the reason to whoever typed the command
    return JSONResponse(status_code=500, content={"error": f"{type(exc).__name__}: {exc}"})


async def serve(path: str) -> None:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(path)
    sock.listen()
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    await server.serve(sockets=[sock])
"""


#: The example project's trainer registry: ``resolve_backend`` only raises its own error
#: with a message it wrote, ``load_backend`` also reads a file.
_BACKENDS = """\
class TrainingError(Exception):
    pass


class NoBackendError(TrainingError):
    code = "no-backend"


_BACKEND: str | None = None


def resolve_backend() -> str:
    if _BACKEND is None:
        raise NoBackendError("No training backend registered: install the trainer extras.")
    return _BACKEND


def load_backend() -> str:
    with open("/etc/trainer/backend.txt") as f:
        name = f.read().strip()
    if not name:
        raise NoBackendError("No training backend registered.")
    return name
"""


#: The example project's database manager (its ``save`` stops its own errors, ``load`` does not).
_MANAGER = """\
import logging

from sqlalchemy import Engine
from sqlalchemy.orm import Session

logger = logging.getLogger(__name__)


class Result:
    def __init__(self, ok: bool, message: str) -> None:
        self.ok = ok
        self.message = message


class Manager:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def save(self, row: object) -> Result:
        ok = True
        with Session(self.engine) as session:
            try:
                session.add(row)
                session.commit()
            except Exception as e:
                session.rollback()
                logger.error("save failed: " + str(e))
                ok = False
        return Result(ok, "Saved" if ok else "Could not save")

    def load(self, key: str) -> Result:
        with Session(self.engine) as session:
            row = session.get(object, key)
        return Result(row is not None, "Loaded")


manager = Manager(Engine())


def get_db() -> Manager:
    return manager
"""


#: The example project's session registry: ``listing`` takes its own lock and skips a
#: session whose status fails; ``probe`` enters a gate that opens a connection.
_REGISTRY = """\
import asyncio


class Gate:
    def __init__(self, url: str) -> None:
        self.url = url

    async def __aenter__(self) -> "Gate":
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None


class Registry:
    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.gate = Gate("postgresql://db/app")
        self.sessions: dict[str, dict] = {}

    async def listing(self) -> list[dict]:
        async with self.lock:
            out = []
            for key, entry in self.sessions.items():
                try:
                    out.append({"id": key, "peer": await entry["peer"].describe()})
                except Exception:
                    continue
            return out

    async def probe(self) -> list[dict]:
        async with self.gate:
            out = []
            for key, entry in self.sessions.items():
                try:
                    out.append({"id": key, "peer": await entry["peer"].describe()})
                except Exception:
                    continue
            return out


registry = Registry()


def get_registry() -> Registry:
    return registry
"""

_REGISTRY_ROUTES = """\
from fastapi import Depends, FastAPI, HTTPException

from app.registry import Registry, get_registry

app = FastAPI()


@app.get("/sessions")
async def sessions(reg: Registry = Depends(get_registry)) -> list[dict]:
    try:
        return await reg.{method}()
    except Exception as e:
        raise HTTPException(status_code=500, detail=str(e))
"""


#: The example project's converter: every step sits in a ``try`` whose catch-all clause
#: reports the error on the console (``{report}``) and returns None.
_CONVERTER = """\
import subprocess
import tempfile


def to_svg(dot: str) -> str | None:
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".dot", delete=False) as f:
            f.write(dot)
        done = subprocess.run(["dot", "-Tsvg", f.name], capture_output=True, check=True)
        return done.stdout.decode()
    except Exception as e:
        print(f"conversion failed: {{e}}")
        import traceback

        {report}
        return None
"""

_CONVERTER_ROUTE = """\
from fastapi import FastAPI, HTTPException, Response

from app.convert import to_svg

app = FastAPI()


@app.post("/svg")
def svg(dot: str) -> Response:
    try:
        out = to_svg(dot)
        if out is None:
            raise HTTPException(status_code=422, detail="Conversion failed")
        return Response(content=out, media_type="image/svg+xml")
    except Exception as e:
        raise HTTPException(status_code=500, detail=f"Conversion error: {e}")
"""


#: The example project's dashboard route: it reads its page from the package folder.
_DASHBOARD = """\
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/dashboard")
def dashboard() -> HTMLResponse:
    page = {page} / "static" / "index.html"
    try:
        html = page.read_text(encoding="utf-8")
        return HTMLResponse(content=html, headers={{"Cache-Control": "no-cache"}})
    except OSError:
        raise HTTPException(status_code=500, detail="Dashboard unavailable")
    except UnicodeDecodeError:
        raise HTTPException(status_code=500, detail="Dashboard is not UTF-8")
    except Exception as e:
        raise HTTPException(status_code=500, detail=f"Failed to serve dashboard: {{e}}")
"""


#: The example project's notes routes: each acts on one note's file and answers with its
#: path (``{answer}`` is the read route's answer on success).
_NOTES = """\
import asyncio
from pathlib import Path

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

app = FastAPI()
NOTES = Path("/srv/notes")


class Deleted(BaseModel):
    path: str


@app.get("/notes/{{name}}")
def read_note(name: str) -> dict:
    note = NOTES / f"{{name}}.md"
    try:
        text = note.read_text(encoding="utf-8")
    except OSError as e:
        raise HTTPException(status_code=500, detail=f"Cannot read note: {{e}}")
    return {answer}


@app.delete("/notes/{{name}}")
async def delete_note(name: str) -> Deleted:
    note = NOTES / f"{{name}}.md"
    try:
        await asyncio.to_thread(note.unlink, True)
    except OSError as e:
        raise HTTPException(status_code=500, detail=f"Cannot delete note: {{e}}")
    return Deleted(path=str(note))
"""


#: The example project's share maker: one ``os.mkdir`` whose ``OSError`` names the folder.
_SHARES = """\
import os

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

app = FastAPI()
ROOT = "/srv/shares"


class Made(BaseModel):
    path: str


@app.post("/shares/{{name}}")
def make_share(name: str) -> Made:
    folder = os.path.join(ROOT, os.path.basename(name))
    try:
        os.mkdir(folder)
    except OSError as exc:
        raise HTTPException(status_code=500, detail=f"Cannot create the share: {{exc}}")
    return Made(path={answer})
"""


#: The example project's advisor: a singleton its factory builds, whose ``__init__`` and
#: ``ask`` stop every error of their own work; ``lookup`` only hands its question on to
#: ``ask``, ``recall`` to a method that reads a file with no ``try``.
_ADVISOR = """\
import logging
from pathlib import Path

import httpx

logger = logging.getLogger(__name__)
RULES = Path("/etc/advisor/rules.txt")


class Advisor:
    def __init__(self, model: str) -> None:
        self.model = model
        self.rules: list[str] = []
        self._load_rules()

    def _load_rules(self) -> None:
        try:
            self.rules = RULES.read_text().splitlines()
        except Exception as e:
            logger.warning("no rules: %s", e)

    def ask(self, question: str) -> dict:
        try:
            answer = httpx.post("http://model:8000/ask", json={"q": question}).json()
            return {"status": "ok", "answer": answer}
        except Exception as e:
            logger.error("ask failed: %s", e)
            return {"status": "error"}

    def lookup(self, question: str) -> dict:
        return self.ask(question)

    def recall(self, question: str) -> dict:
        return self._read_answer(question)

    def _read_answer(self, question: str) -> dict:
        return {"answer": (RULES.parent / question).read_text()}


_advisor: Advisor | None = None


def get_advisor() -> Advisor:
    global _advisor
    if _advisor is None:
        _advisor = Advisor("small")
    return _advisor
"""

_ADVISOR_ROUTE = """\
from fastapi import FastAPI, HTTPException

from app.advisor import get_advisor

app = FastAPI()


@app.get("/advice")
def advice(question: str) -> dict:
    try:
        advisor = get_advisor()
        return advisor.{method}(question)
    except Exception as e:
        raise HTTPException(status_code=500, detail=str(e))
"""


#: The example project's prober: `ping` stops every error of its own work, logged through
#: the object's own logger; `version` lets the HTTP client's errors out.
_PROBER = """\
import logging

import httpx


class Prober:
    def __init__(self, url: str) -> None:
        self.url = url
        self.logger = logging.getLogger("probes")

    def ping(self) -> dict:
        try:
            httpx.get(self.url, timeout=2).raise_for_status()
            return {"status": "up"}
        except Exception as e:
            self.logger.warning("probe of %s failed: %s", self.url, e)
            return {"status": "down"}

    def version(self) -> dict:
        return {"version": httpx.get(self.url + "/version").json()}
"""

_PROBER_ROUTE = """\
from fastapi import FastAPI, HTTPException

from app.probes import Prober


def add_health(app: FastAPI, url: str) -> None:
    prober = Prober(url)

    @app.get("/health")
    def health() -> dict:
        try:
            return prober.{method}()
        except Exception as e:
            raise HTTPException(status_code=500, detail=str(e))


app = FastAPI()
add_health(app, "http://db:8080")
"""


#: The example project's fleet: `status` gathers its hosts' probes, which catch nothing.
_FLEET = """\
import asyncio
import logging

import httpx

logger = logging.getLogger(__name__)


class Fleet:
    def __init__(self, hosts: list[str]) -> None:
        self.hosts = hosts

    async def _ping(self, host: str) -> int:
        async with httpx.AsyncClient() as client:
            return (await client.get(f"http://{{host}}/health")).status_code

    async def status(self) -> dict:
        logger.info("checking %d hosts", len(self.hosts))
        codes = await asyncio.gather({gathered})
        return {{"up": sum(code == 200 for code in codes)}}
"""

_FLEET_ROUTE = """\
from fastapi import FastAPI, HTTPException

from app.fleet import Fleet

app = FastAPI()


@app.get("/fleet")
async def fleet_status() -> dict:
    try:
        fleet = Fleet(["db:8080", "cache:8080"])
        return await fleet.status()
    except Exception as e:
        raise HTTPException(status_code=500, detail=str(e))
"""


#: The example project's storage interface: its backends stop every error of their own
#: work (logged through a helper that cleans the text, a status returned); only the
#: mirror backend can pause.
_STORES = """\
import abc
import logging

from app.text import clean

logger = logging.getLogger(__name__)


class Store(abc.ABC):
    @abc.abstractmethod
    async def total(self) -> int: ...


class FileStore(Store):
    async def total(self) -> int:
        try:
            with open("/var/lib/app/rows") as f:
                return len(f.readlines())
        except Exception as e:
            logger.warning("total failed: %s", clean(str(e)))
            return 0


class MirrorStore(Store):
    def __init__(self) -> None:
        self.paused = False

    async def total(self) -> int:
        try:
            with open("/mnt/mirror/rows") as f:
                return len(f.readlines())
        except Exception as e:
            logger.warning("mirror total failed: %s", clean(str(e)))
            return 0

    async def pause(self) -> dict:
        try:
            with open("/mnt/mirror/paused", "w") as f:
                f.write("1")
            self.paused = True
            return {"success": True}
        except Exception as e:
            logger.error("pause failed: %s", clean(str(e)))
            return {"success": False}


def get_store() -> Store:
    return FileStore()
"""
_STORES_FILES = {
    "app/__init__.py": "",
    "app/text.py": "def clean(text: str) -> str:\n    return text.replace('\\n', ' ')\n",
    "app/stores.py": _STORES,
}
_STORES_ROUTES = """\
from fastapi import Depends, FastAPI, HTTPException

from app.stores import Store, get_store

app = FastAPI()


@app.get("/rows/total")
async def total(store: Store = Depends(get_store)) -> dict:
    try:
        return {"rows": await store.total()}
    except Exception as e:
        raise HTTPException(status_code=500, detail=str(e))


@app.post("/mirror/pause")
async def pause(store: Store = Depends(get_store)) -> dict:
    if not hasattr(store, "pause"):
        raise HTTPException(status_code=404, detail="only the mirror can pause")
    try:
        result = await store.pause()
        return {"paused": result.get("success", False)}
    except Exception as e:
        raise HTTPException(status_code=500, detail=str(e))
"""


#: The example project's voice: a generator that reads the model file as it streams.
_VOICE = """\
from collections.abc import AsyncIterator


class Voice:
    def __init__(self, model: str) -> None:
        self.model = model

    async def stream(self, text: str) -> AsyncIterator[bytes]:
        with open(self.model, "rb") as f:
            header = f.read(44)
        yield header
        for word in text.split():
            yield word.encode()


def get_voice() -> Voice:
    return Voice("/srv/models/voice.bin")
"""
#: A route streaming what the voice says; ``{chunks}`` builds the stream in its ``try``.
_VOICE_ROUTE = """\
from fastapi import Depends, FastAPI, HTTPException
from fastapi.responses import StreamingResponse

from app.voice import Voice, get_voice

app = FastAPI()


@app.post("/speak")
async def speak(text: str, voice: Voice = Depends(get_voice)) -> StreamingResponse:
    try:
        chunks = {chunks}
    except Exception as e:
        raise HTTPException(status_code=500, detail=f"stream failed: {{e}}") from e
    return StreamingResponse(chunks, media_type="audio/wav")
"""
_VOICE_FILES = {"app/__init__.py": "", "app/voice.py": _VOICE}

#: The example project's inbox: a service that keeps its messages in a list in memory;
#: ``MARK`` stands for the body of the method that marks one read.
_INBOX = """\
from dataclasses import dataclass


@dataclass
class Message:
    id: str
    text: str
    read: bool = False


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.log_path = "/srv/inbox/read.log"

    async def mark_read(self, message_id: str) -> bool:
MARK

    async def clear(self) -> None:
        self.messages = []


inbox = Inbox()


def get_inbox() -> Inbox:
    return inbox
"""
#: What the inbox's ``mark_read`` does: a loop over the list, or a write to a file.
_MARK_IN_MEMORY = """\
        for message in self.messages:
            if message.id == message_id:
                message.read = True
                return True
        return False"""
_MARK_IN_FILE = """\
        with open(self.log_path, "a") as log:
            log.write(message_id)
        return True"""
#: Routes over the inbox: each ``try`` only works on the service's lists.
_INBOX_ROUTES = """\
import logging

from fastapi import Depends, FastAPI, HTTPException

from app.inbox import Inbox, get_inbox

logger = logging.getLogger(__name__)
app = FastAPI()


@app.post("/messages/{message_id}/read")
async def mark_read(message_id: str, inbox: Inbox = Depends(get_inbox)) -> dict:
    try:
        found = await inbox.mark_read(message_id)
        if not found:
            raise HTTPException(status_code=404, detail="no such message")
        return {"status": "read"}
    except HTTPException:
        raise
    except Exception as e:
        logger.error("marking failed: %s", e)
        raise HTTPException(status_code=500, detail=str(e))


@app.post("/messages/clear")
async def clear(inbox: Inbox = Depends(get_inbox)) -> dict:
    try:
        await inbox.clear()
        return {"status": "cleared"}
    except Exception as e:
        raise HTTPException(status_code=500, detail=str(e))


@app.get("/messages")
async def unread(limit: int = 10, inbox: Inbox = Depends(get_inbox)) -> list:
    try:
        messages = list(inbox.messages)
        logger.info("%d messages", len(messages))
        messages = [m for m in messages if not m.read]
        messages.sort(key=lambda m: m.id, reverse=True)
        return messages[:limit]
    except Exception as e:
        raise HTTPException(status_code=500, detail=str(e))
"""
#: A route streaming the inbox: its ``try`` defines the function ``EVENTS`` stands for and
#: hands what calling it gives to ``StreamingResponse``.
_INBOX_STREAM = """\
import asyncio

from fastapi import Depends, FastAPI, HTTPException
from fastapi.responses import StreamingResponse

from app.inbox import Inbox, get_inbox

app = FastAPI()


@app.get("/messages/stream")
async def stream(inbox: Inbox = Depends(get_inbox)) -> StreamingResponse:
    try:
EVENTS

        return StreamingResponse(events(), media_type="text/event-stream")
    except Exception as e:
        raise HTTPException(status_code=500, detail=f"stream failed: {e}")
"""
#: The streamed events: a generator (its body runs as the response is sent), or a plain
#: function that reads a file when it is called.
_EVENTS_LAZY = """\
        async def events():
            while True:
                for message in inbox.messages:
                    yield f"data: {message.text}\\n\\n"
                await asyncio.sleep(1)"""
_EVENTS_EAGER = """\
        def events():
            with open(inbox.log_path) as log:
                return iter(log.readlines())"""


def _inbox_files(mark: str, routes: str, events: str = _EVENTS_LAZY) -> dict[str, str]:
    return {
        "app/__init__.py": "",
        "app/inbox.py": _INBOX.replace("MARK", mark),
        "app/main.py": routes.replace("EVENTS", events),
    }


#: The example project's signing keys: a lazy singleton whose construction reads the
#: environment and fails only with the message it wrote (seen in mcp-openproject).
_KEYS = """\
import os


class Keys:
    def __init__(self) -> None:
        {read}
        if not self.key:
            raise ValueError("SIGNING_KEY is required")

    def client_config(self) -> dict:
        return {"scheme": "bearer", "header": "Authorization"}


_keys = None


def get_keys() -> Keys:
    global _keys
    if _keys is None:
        _keys = Keys()
    return _keys


def client_info() -> dict:
    return get_keys().client_config()
"""
_KEYS_ROUTE = """\
from fastapi import FastAPI, HTTPException

from app.keys import client_info

app = FastAPI()


@app.get("/client-config")
def client_config() -> dict:
    try:
        info = client_info()
        return {"status": "ready", "auth": info, "header": info["header"]}
    except Exception as e:
        raise HTTPException(status_code=500, detail=f"Configuration error: {e}")
"""


def _keys_files(read: str) -> dict[str, str]:
    return {
        "app/__init__.py": "",
        "app/keys.py": _KEYS.replace("{read}", read),
        "app/main.py": _KEYS_ROUTE,
    }


#: The example project's id maker: a new id and a log line, from its argument alone.
_IDS = """\
import logging
import uuid

logger = logging.getLogger(__name__)


def new_ticket(prefix: str) -> str:
    uid = uuid.uuid4()
    logger.debug("new ticket %s", uid)
    return f"{prefix}-{uid.hex}"
"""


_GATEWAY = """\
import uvicorn
from fastapi import FastAPI, HTTPException

from app.tools import connect


def build_gateway() -> FastAPI:
    app = FastAPI(title="gateway")

    @app.post("/tools/{name}")
    async def add_tool(name: str, url: str) -> dict:
        try:
            await connect(name, url)
        except Exception as e:
            raise HTTPException(status_code=502, detail=f"connect failed: {e}")
        return {"name": name}

    return app


async def run(port: int) -> None:
    server = uvicorn.Server(uvicorn.Config(build_gateway(), host="127.0.0.1", port=port))
    await server.serve()
"""
_GATEWAY_FILES = {
    "app/__init__.py": "",
    "app/tools.py": "async def connect(name: str, url: str) -> None:\n    raise OSError(url)\n",
    "app/api.py": """\
import uvicorn
from fastapi import FastAPI

api = FastAPI()


@api.get("/ping")
def ping() -> str:
    return "pong"


def main() -> None:
    uvicorn.run(api, host="0.0.0.0", port=8000)
""",
}


#: A local tool whose command's ``--host`` option defaults to a constant of another module;
#: the examples add ``app/hosts.py``, the module that binds it.
_NAMED_HOST_FILES = {
    "app/__init__.py": "",
    "app/store.py": "def load_note(name: str) -> str:\n    with open(name) as f:\n        return f.read()\n",
    "app/main.py": """\
from fastapi import FastAPI, HTTPException

from app.store import load_note

app = FastAPI()


@app.get("/notes/{name}")
def note(name: str) -> str:
    try:
        return load_note(name)
    except Exception as e:
        raise HTTPException(status_code=500, detail=f"cannot read: {e}")
""",
    "app/cli.py": """\
import click
import uvicorn

from app.hosts import DEFAULT_HOST


@click.command()
@click.option("--host", default=DEFAULT_HOST)
def serve(host: str) -> None:
    uvicorn.run("app.main:app", host=host, port=8757)
""",
}


#: The example project's log reader: it raises its own ``DriverUnsupported`` with a message
#: it writes, then reads a file; ``{more}`` stands for more of its body.
_DRIVERS = """\
class DriverUnsupported(Exception):
    pass


SUPPORTED = ("json-file", "local")


def read_log(driver: str, path: str) -> str:
    if driver not in SUPPORTED:
        raise DriverUnsupported(f"driver {{driver!r}} has no log API; use {{SUPPORTED}}")
{more}    with open(path) as f:
        return f.read()
"""
#: A route sending the error's text only for the class named ``{kind}``.
_DRIVERS_ROUTE = """\
from fastapi import FastAPI
from fastapi.responses import JSONResponse

from app.drivers import read_log

app = FastAPI()


@app.get("/logs/{{name}}")
def logs(name: str, driver: str) -> JSONResponse:
    try:
        return JSONResponse(content={{"text": read_log(driver, f"/var/log/{{name}}")}})
    except Exception as exc:
        kind = type(exc).__name__
        if kind == "{kind}":
            return JSONResponse(status_code=400, content={{"error": str(exc)}})
        raise
"""


def _drivers_files(kind: str = "DriverUnsupported", more: str = "") -> dict[str, str]:
    """The log reader (:data:`_DRIVERS`) and its route (:data:`_DRIVERS_ROUTE`)."""
    return {
        "app/__init__.py": "",
        "app/drivers.py": _DRIVERS.format(more=more),
        "app/main.py": _DRIVERS_ROUTE.format(kind=kind),
    }


#: A project function that turns every error of its work into the project's own exception
#: (``{raise_}`` in its catch-all clause), and a route whose earlier clause catches it.
_JOBS_ERRORS = """\
class CrawlError(Exception):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class JobNotFound(CrawlError):
    def __init__(self, name: str) -> None:
        super().__init__(f"job {name!r} not found")


class JobFailed(CrawlError):
    def __init__(self, name: str, detail: str | None = None) -> None:
        super().__init__(f"job {name!r} failed: {detail or 'see the logs'}")
"""
_JOBS = """\
import asyncio
import logging

import httpx

from app.errors import JobFailed

log = logging.getLogger(__name__)


async def run_job(name: str, url: str) -> dict:
    try:
        async with httpx.AsyncClient() as client:
            response = await asyncio.wait_for(client.get(url), timeout=30)
        return response.json()
    except TimeoutError as e:
        text = "the job took too long"
        log.error(text)
        raise JobFailed(name, text) from e
    {clause} as e:
        text = f"{{type(e).__name__}}: {{e}}"
        log.error(text)
        {raise_} from e
"""
_JOBS_ROUTE = """\
from fastapi import FastAPI, HTTPException

from app.errors import JobFailed, JobNotFound
from app.jobs import run_job

app = FastAPI()


@app.post("/jobs/{name}")
async def start(name: str, url: str) -> dict:
    statuses = {JobNotFound: 404, JobFailed: 500}
    try:
        return await run_job(name, url)
    except tuple(statuses.keys()) as e:
        raise HTTPException(status_code=statuses[type(e)], detail=str(e)) from e
    except Exception as e:
        raise HTTPException(status_code=500, detail=f"unexpected error: {e}") from e
"""


#: An app factory serving a SQL console: ``CALL`` runs what the console's client sent (or
#: not), ``GATE`` is the dependency of the route that drops a table.
_CONSOLE = """\
from fastapi import Depends, FastAPI, HTTPException
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

bearer = HTTPBearer()


def create_app(database_url: str) -> FastAPI:
    app = FastAPI()
    engine = create_async_engine(database_url)
    tokens: set[str] = set()

    def require_token(creds: HTTPAuthorizationCredentials = Depends(bearer)) -> None:
        if creds.credentials not in tokens:
            raise HTTPException(status_code=401, detail="bad token")

    def require_owner(creds: HTTPAuthorizationCredentials = Depends(bearer)) -> None:
        if not creds.credentials.startswith("owner:"):
            raise HTTPException(status_code=403, detail="owners only")

    @app.post("/sql")
    async def run_sql(payload: dict, _: None = Depends(require_token)) -> JSONResponse:
        statement = payload.get("sql")
        try:
            async with engine.connect() as conn:
                result = await CALL
                return JSONResponse({"rows": [list(r) for r in result]})
        except Exception as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)

    @app.delete("/tables/{name}")
    async def drop_table(name: str, _: None = Depends(GATE)) -> dict:
        try:
            async with engine.begin() as conn:
                await conn.exec_driver_sql(f'DROP TABLE "{name}"')
            return {"dropped": name}
        except Exception as exc:
            raise HTTPException(status_code=400, detail=f"cannot drop: {exc}")

    return app
"""


def _console(call: str = "conn.execute(text(statement))", gate: str = "require_token") -> str:
    """The SQL console factory (:data:`_CONSOLE`) with its statement run by ``call`` and the
    table-dropping route behind ``gate``."""
    return _CONSOLE.replace("CALL", call).replace("GATE", gate)


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    function: str | None = None
    kind: str | None = None
    #: the models the ``try`` only builds from the client's data (a validation message)
    models: tuple[str, ...] = ()
    #: what the ``try`` calls that may raise (:func:`_guarded_calls`); None: anything
    guarded: tuple[str, ...] | None = None
    #: no call of the ``try`` names a library function outside the pure ones
    #: (:func:`_no_library_calls`): ``requests.get`` is not ``dict.get``
    no_library_calls: bool = False
    #: a fact about who can call the app: "loopback" (it listens on, or serves a page
    #: from, the local machine only), "public" (it listens on every interface), "auth"
    #: (it authenticates callers); "named": the host is the module-level name ``host``
    #: holds, read in ``judge`` (:func:`_named_audience`)
    audience: str | None = None
    #: the qualified name of the project name a ``host=`` / ``--host`` default reads
    host: str | None = None
    #: a signal: the function (a route, ``function``, or a function in one) runs the code
    #: or the SQL its caller sent (:func:`_runs_callers_code`, :func:`_runs_callers_sql`)
    runs_code: bool = False
    #: the ``try`` reads no value from outside (:func:`_takes_no_input`)
    closed: bool = False
    #: the exception types an earlier clause of the same ``try`` catches (:func:`_caught_before`)
    caught_before: tuple[str, ...] = ()
    #: the callees in ``guarded`` whose result the ``try`` only binds or returns, never
    #: uses (a generator it builds for a streaming response after the ``try``)
    lazy: tuple[str, ...] = ()
    #: the model the ``try`` only builds from values in hand and returns as the answer
    #: (:func:`_answers_from_hand`)
    answers: str | None = None
    #: the names the ``try`` passes to the project code it calls (the callees of
    #: ``guarded``), literals aside; None when it passes anything else (a call, an item)
    passed: tuple[str, ...] | None = None
    #: the hit raises the ``HTTPException`` it builds: (its class, the literal status, the
    #: detail's type: ``"str"``, ``"dict"`` or None when unknown) (:func:`_raised`)
    raised: tuple[str, int, str | None] | None = None
    #: the class names an ``if`` admits the caught exception by (``type(e).__name__ ==
    #: "DriverError"``, :func:`_narrowed_by_name`); ``judge`` proves them the project's own
    named_types: tuple[str, ...] = ()


def _host_value(node: ast.expr | None) -> str | None:
    """The literal host a ``host=`` / ``--host`` default names, or None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.strip("[]")
    return None


def _unix_socket_server(node: ast.Call, ctx: ModuleContext) -> bool:
    """The server call listens on a Unix domain socket only: ``uvicorn.run(app,
    uds="/run/app.sock")`` (``uvicorn.Config`` alike), or ``server.serve(sockets=[sock])``
    where every socket is made in the same function by ``socket.socket(socket.AF_UNIX,
    ...)``."""
    uds = next((k.value for k in node.keywords if k.arg == "uds"), None)
    if uds is not None:
        return not (isinstance(uds, ast.Constant) and uds.value is None)
    sockets = next((k.value for k in node.keywords if k.arg == "sockets"), None)
    if not isinstance(sockets, (ast.List, ast.Tuple)) or not sockets.elts:
        return False
    names = {e.id for e in sockets.elts if isinstance(e, ast.Name)}
    if len(names) != len(sockets.elts) or ctx.enclosing_def is None:
        return False
    made: dict[str, list[ast.expr]] = {}
    for n in walk(ctx.enclosing_def):
        if isinstance(n, ast.Assign):
            for t in n.targets:
                if isinstance(t, ast.Name) and t.id in names:
                    made.setdefault(t.id, []).append(n.value)
    return all(name in made and all(_unix_socket(v, ctx) for v in made[name]) for name in names)


def _unix_socket(value: ast.expr, ctx: ModuleContext) -> bool:
    """``socket.socket(socket.AF_UNIX, ...)`` (or ``family=socket.AF_UNIX``)."""
    if not isinstance(value, ast.Call) or ctx.resolve(value.func) != "socket.socket":
        return False
    family = value.args[0] if value.args else None
    family = next((k.value for k in value.keywords if k.arg == "family"), family)
    return isinstance(family, (ast.Name, ast.Attribute)) and ctx.resolve(family) == (
        "socket.AF_UNIX"
    )


def _host_expr(node: ast.Call, ctx: ModuleContext) -> ast.expr | None:
    """The ``host=`` of a server call, or the default of a ``--host`` option."""
    func = node.func
    short = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if ctx.resolve(func) in _SERVERS:
        return next((k.value for k in node.keywords if k.arg == "host"), None)
    if short not in _OPTIONS or not any(
        isinstance(a, ast.Constant) and a.value == "--host" for a in node.args
    ):
        return None
    default = next((k.value for k in node.keywords if k.arg == "default"), None)
    if default is None and short in ("Option", "Argument") and node.args:
        default = node.args[0]  # ``typer.Option("127.0.0.1", "--host")``
    return default


def _named_host(node: ast.Call, ctx: ModuleContext) -> str | None:
    """The qualified name of the project name (``DEFAULT_HOST``, ``settings.HOST``,
    imported or not) a server's ``host=`` or a ``--host`` option's default reads."""
    e = _host_expr(node, ctx)
    if not isinstance(e, (ast.Name, ast.Attribute)):
        return None
    q = ctx.resolve(e)
    return q if ctx.is_project(q) else None


def _named_audience(project: Project, qname: str | None) -> str | None:
    """What a host held in a project name says (:attr:`_Data.audience`): "loopback" when
    it is a module-level constant (bound once, unconditionally) holding a loopback
    address, "public" when its module binds it to every interface's; None otherwise (a
    name bound again under a condition may hold anything)."""
    bound = project.resolve(qname)
    if not isinstance(bound, Binding) or not isinstance(bound.value, Lit):
        return None
    host = bound.value.value.strip("[]") if isinstance(bound.value.value, str) else None
    if host in _ANY_HOST:
        return "public"
    if host not in _LOOPBACK:
        return None
    try:
        tree = parse(project.repo.read_bytes(bound.module.path) or b"", bound.module.path)
    except SourceProblem:
        return None
    return "loopback" if bound.name in module_constants(tree) else None


def _audience(node: ast.Call, ctx: ModuleContext) -> str | None:
    """What a call says about who can reach the app (see :attr:`_Data.audience`)."""
    func = node.func
    short = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    q = ctx.resolve(func)
    host: str | None = None
    if q in _SERVERS:
        if _unix_socket_server(node, ctx):
            return "loopback"  # a socket file: only this machine's processes can connect
        host = _host_value(_host_expr(node, ctx))
    elif short == "serve":
        return "loopback" if _unix_socket_server(node, ctx) else None
    elif short in _OPTIONS and any(
        isinstance(a, ast.Constant) and a.value == "--host" for a in node.args
    ):
        host = _host_value(_host_expr(node, ctx))
    elif (
        short == "add_middleware"
        and node.args
        and ctx.resolve(node.args[0])
        in (
            "fastapi.middleware.cors.CORSMiddleware",
            "starlette.middleware.cors.CORSMiddleware",
        )
    ):
        origins = next((k.value for k in node.keywords if k.arg == "allow_origins"), None)
        if isinstance(origins, (ast.List, ast.Tuple)) and origins.elts:
            first = [
                e.values[0] if isinstance(e, ast.JoinedStr) and e.values else e
                for e in origins.elts
            ]
            if all(
                isinstance(e, ast.Constant)
                and isinstance(e.value, str)
                and e.value.startswith(_LOCAL_ORIGINS)
                for e in first
            ):
                return "loopback"  # the only page allowed to call it is served locally
        return None
    elif short in ("Depends", "Security") and q in (
        "fastapi.Depends",
        "fastapi.Security",
        "fastapi.params.Depends",
        "fastapi.params.Security",
    ):
        if short == "Security":
            return "auth"
        dep = node.args[0] if node.args else None
        name = ast.unparse(dep) if dep is not None else ""
        return "auth" if _AUTH_NAME.search(name) else None
    if host in _LOOPBACK:
        return "loopback"
    if host in _ANY_HOST:
        return "public"
    return None


#: Reads of the address a request came from, as the server sees it.
_CLIENT_HOST = lazy_compile(r"\.client\.host\b")


def _refuses_remote(test: ast.expr, hosts: set[str]) -> bool:
    """``test`` holds when the client is not on the loopback interface: the client's
    address (read in the test, or a local in ``hosts`` holding it) compared with ``not in``
    / ``!=`` to loopback literals only."""
    for node in ast.walk(test):
        if not (isinstance(node, ast.Compare) and len(node.ops) == 1):
            continue
        if not isinstance(node.ops[0], (ast.NotIn, ast.NotEq)):
            continue
        left, right = node.left, node.comparators[0]
        if not (
            (isinstance(left, ast.Name) and left.id in hosts)
            or _CLIENT_HOST.search(ast.unparse(left))
        ):
            continue
        items = right.elts if isinstance(right, (ast.Tuple, ast.List, ast.Set)) else [right]
        values = [i.value for i in items if isinstance(i, ast.Constant)]
        if values and len(values) == len(items) and all(v in _LOOPBACK for v in values):
            return True
    return False


def _loopback_gated(function: ast.AST, before: int) -> bool:
    """``function`` refuses, before line ``before``, every client that is not on the
    loopback interface (``if request.client.host not in ("127.0.0.1", "::1"): raise
    HTTPException(403)``): its callers are the machine's owner, who can read any error
    text on the machine anyway."""
    body = getattr(function, "body", None)
    if not isinstance(body, list):
        return False
    hosts: set[str] = set()
    for stmt in body:
        if stmt.lineno >= before:
            break
        if isinstance(stmt, ast.Assign) and _CLIENT_HOST.search(ast.unparse(stmt.value)):
            hosts.update(t.id for t in stmt.targets if isinstance(t, ast.Name))
        elif (
            isinstance(stmt, ast.If)
            and stmt.body
            and isinstance(stmt.body[-1], (ast.Raise, ast.Return))
            and _refuses_remote(stmt.test, hosts)
        ):
            return True
    return False


def _local_only(hits: list[Hit], project: Project) -> bool:
    """Positive evidence that the app is a local, single-user tool whose error text goes
    back to the machine's owner: it listens on (or only lets a page served from) the
    loopback interface (a host written out or held in a module-level constant), nothing
    says it listens on every interface, and nothing authenticates callers (no security
    dependency, no auth library imported)."""
    seen = {
        _named_audience(project, h.payload(_Data).host)
        if h.payload(_Data).audience == "named"
        else h.payload(_Data).audience
        for h in hits
    }
    if "loopback" not in seen or "public" in seen or "auth" in seen:
        return False
    if any("0.0.0.0" in (project.configs.text(d.path) or "") for d in project.configs.dockerfiles):
        return False  # an image serves it on every interface
    return not any(
        imp.module == m or imp.module.startswith(m + ".")
        for mod in project.by_path.values()
        if mod.file_class == "app"
        for imp in mod.import_list
        for m in _AUTH_MODULES
    )


#: Calls that run the code (or shell command) given as their first argument.
_RUNS_CODE = frozenset(
    {
        "builtins.exec",
        "builtins.eval",
        "os.system",
        "os.popen",
        "asyncio.create_subprocess_shell",
        "subprocess.getoutput",
        "subprocess.getstatusoutput",
    }
)
#: ``subprocess`` functions: they run their first argument as a command line with
#: ``shell=True``.
_SUBPROCESS = frozenset(
    {
        "subprocess.run",
        "subprocess.Popen",
        "subprocess.call",
        "subprocess.check_call",
        "subprocess.check_output",
    }
)
#: Methods of an interactive interpreter (IPython's ``InteractiveShell``) that run a cell.
_RUNS_CELL = frozenset({"run_cell", "run_cell_async"})


def _callers_value(
    e: ast.AST, params: set[str], assigned: dict[str, list[ast.expr]], depth: int = 0
) -> bool:
    """``e`` is wholly what the caller sent: a parameter of the route, or what is read from
    one (``await file.read()``, ``form.get("script")``, ``body.code``, a transformation of
    it such as ``shell.transform_cell(code)``), through locals.  No literal part: ``f"ls
    {name}"`` runs the server's command with the caller's argument, not the caller's code."""
    if depth > 6:
        return False
    if isinstance(e, ast.Await):
        return _callers_value(e.value, params, assigned, depth)
    if isinstance(e, ast.Name):
        if e.id in params:
            return True
        values = assigned.get(e.id, [])
        return bool(values) and all(_callers_value(v, params, assigned, depth + 1) for v in values)
    if isinstance(e, (ast.Attribute, ast.Subscript)):
        return _callers_value(e.value, params, assigned, depth)
    if isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute):
        if _callers_value(e.func.value, params, assigned, depth):
            return True  # ``await upload.read()``, ``form.get("script")``
        return (
            len(e.args) == 1
            and not e.keywords
            and _callers_value(e.args[0], params, assigned, depth)
        )  # ``shell.transform_cell(code)``
    return False


def _runs_callers_code(node: ast.Call, q: str | None, ctx: ModuleContext) -> bool:
    """``node`` runs the code the caller sent: ``exec(code)``, ``os.system(command)``,
    ``asyncio.create_subprocess_shell(command)``, ``subprocess.run(command, shell=True)``,
    ``shell.run_cell(code)``, where the code is wholly the value of a parameter of the
    enclosing functions (:func:`_callers_value`)."""
    func = node.func
    if q in _SUBPROCESS:
        shell = next((k.value for k in node.keywords if k.arg == "shell"), None)
        if not (isinstance(shell, ast.Constant) and shell.value is True):
            return False
    elif q not in _RUNS_CODE and not (isinstance(func, ast.Attribute) and func.attr in _RUNS_CELL):
        return False
    code = node.args[0] if node.args else None
    if code is None or isinstance(code, ast.Starred):
        return False
    defs = [p for p in ctx.parents if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef))]
    if not defs:
        return False
    return _callers_value(code, *_callers_inputs(defs))


#: SQLAlchemy's textual SQL (docs, "SQL Statements and Expressions API", ``text(text)``:
#: "Construct a new TextClause clause, representing a textual SQL string directly").
_SQL_TEXT = "sqlalchemy.text"
#: SQLAlchemy's methods that run a statement (docs, "Working with Engines and Connections":
#: ``Connection.execute(statement)`` and ``Connection.exec_driver_sql(statement)``, the
#: latter given the SQL string itself; ``Session.execute`` and the asyncio ``AsyncConnection``
#: / ``AsyncSession`` spell them alike).
_SQL_RUNS = frozenset({"execute", "exec_driver_sql"})


def _runs_callers_sql(node: ast.Call, ctx: ModuleContext) -> bool:
    """``node`` runs the SQL statement the caller wrote: ``conn.execute(text(query))`` or
    ``conn.exec_driver_sql(query)``, where ``query`` is wholly what the request sent to the
    function around the call (a parameter of that function alone, not of a factory around
    it, whose values the server fixes).  Such a route is a SQL console: its caller reads
    every error the database can give.  A statement the server writes with the caller's
    values in it (``text(f"SELECT ... {name}")``) is not the caller's SQL."""
    func = node.func
    if not isinstance(func, ast.Attribute) or func.attr not in _SQL_RUNS or len(node.args) != 1:
        return False
    statement = node.args[0]
    if func.attr == "execute":
        if not (
            isinstance(statement, ast.Call)
            and ctx.resolve(statement.func) == _SQL_TEXT
            and len(statement.args) == 1
        ):
            return False
        statement = statement.args[0]
    fn = next(
        (
            p
            for p in reversed(ctx.parents)
            if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef))
        ),
        None,
    )
    return fn is not None and _callers_value(statement, *_callers_inputs([fn]))


def _callers_inputs(
    defs: list[ast.FunctionDef | ast.AsyncFunctionDef],
) -> tuple[set[str], dict[str, list[ast.expr]]]:
    """The parameters of ``defs`` that hold what the caller sent (no dependency's value,
    not rebound in the first def's body) and the values the first def's body binds to each
    local (None for a loop target, an augmented assignment, a ``with`` target): the inputs
    of :func:`_callers_value`."""
    params: set[str] = set()
    assigned: dict[str, list[ast.expr]] = {}
    for d in defs:
        a = d.args
        positional = [*a.posonlyargs, *a.args]
        defaults: list[ast.expr | None] = [
            *[None] * (len(positional) - len(a.defaults)),
            *a.defaults,
            *a.kw_defaults,
        ]
        for x, default in zip((*positional, *a.kwonlyargs), defaults, strict=True):
            if not _injected(x.annotation) and not _injected(default):
                params.add(x.arg)  # what the caller sent, not a dependency's value
    for n in walk(defs[0]):
        if isinstance(n, ast.Assign):
            for t in n.targets:
                if isinstance(t, ast.Name):
                    assigned.setdefault(t.id, []).append(n.value)
        elif isinstance(n, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor, ast.NamedExpr)):
            for bound in walk(n.target):
                if isinstance(bound, ast.Name):
                    assigned.setdefault(bound.id, []).append(ast.Constant(None))
        elif isinstance(n, ast.withitem) and n.optional_vars is not None:
            for bound in walk(n.optional_vars):
                if isinstance(bound, ast.Name):
                    assigned.setdefault(bound.id, []).append(ast.Constant(None))
    params -= set(assigned)  # a parameter rebound in the body is no longer the caller's alone
    return params, assigned


def _injected(e: ast.expr | None) -> bool:
    """``Depends(get_config)`` in a parameter's default or annotation: the value comes from
    the server, not from the caller."""
    return e is not None and any(
        isinstance(n, ast.Call)
        and (n.func.attr if isinstance(n.func, ast.Attribute) else getattr(n.func, "id", ""))
        in ("Depends", "Security")
        for n in walk(e)
    )


@dataclass
class _Seen:
    audiences: set[str] = field(default_factory=set)


#: An admin router whose route reports a database error, behind the gate ``{test}``
#: (ERR002's privileged-caller rule and its other side).
_ADMIN_GATE = """\
from fastapi import APIRouter, Depends, HTTPException, status
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.db import engine
from app.sessions import Account, current_account

router = APIRouter()


def require_operator(account: Account = Depends(current_account)) -> Account:
    if {test}:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "not allowed")
    return account


@router.post("/operators/warehouses/{{name}}/probe")
def probe(name: str, account: Account = Depends(require_operator)) -> dict:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1 FROM stock WHERE warehouse = :w"), {{"w": name}})
    except SQLAlchemyError as exc:
        raise HTTPException(status_code=502, detail=str(exc))
    return {{"ok": True}}
"""
#: An app whose ``HTTPException`` handler, installed by a function the factory hands the app
#: to, answers a 5xx with a fixed text unless the detail is a dict with a ``text``.
_ENVELOPE = '''\
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse


def _public(detail: object, status: int) -> dict:
    """What the client may read of an error."""
    if status >= 500:
        if isinstance(detail, dict) and "text" in detail:
            return {"text": detail["text"]}
        return {"text": "server error"}
    return {"text": str(detail)}


async def on_http_error(request: Request, exc: HTTPException) -> JSONResponse:
    payload = {"error": _public(exc.detail, exc.status_code)}
    return JSONResponse(payload, status_code=exc.status_code, headers=exc.headers)


def register_errors(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, on_http_error)
'''
_ENVELOPE_ROUTE = """\
from fastapi import APIRouter, FastAPI, HTTPException

from app.errors import register_errors

router = APIRouter()


@router.post("/exports/{{name}}")
def export(name: str) -> dict:
    try:
        with open(f"/srv/exports/{{name}}.csv", "w") as out:
            out.write("id")
    except OSError as err:
        raise HTTPException(status_code={status}, detail={detail}) from err
    return {{"name": name}}


def create_app() -> FastAPI:
    app = FastAPI()
    register_errors(app)
    app.include_router(router)
    return app
"""


def _envelope_files(status: str, detail: str) -> dict[str, str]:
    """The app of :data:`_ENVELOPE` with a route raising ``status`` with ``detail``."""
    return {
        "app/errors.py": _ENVELOPE,
        "app/main.py": _ENVELOPE_ROUTE.format(status=status, detail=detail),
    }


_ADMIN_GATE_FILES = {
    "app/db.py": 'from sqlalchemy import create_engine\n\nengine = create_engine("sqlite://")\n',
    "app/sessions.py": "class Account:\n    role: str = 'clerk'\n    is_superuser: bool = False\n"
    "    id: int = 0\n\n\ndef current_account() -> Account:\n    return Account()\n",
}


class InternalErrorDetailsLeaked(Check):
    """
    ## What it does
    Looks at `except` clauses that catch unexpected or infrastructural errors (a bare
    `except`, `Exception`, `BaseException`, `OSError`, SQLAlchemy's `SQLAlchemyError` /
    `DBAPIError`, `httpx.HTTPError`, `requests.RequestException`, `asyncpg.PostgresError`)
    in route handlers and dependencies, and at exception handlers registered for those
    types.  It reports a client response built from the exception object:
    `HTTPException(detail=...)`, `JSONResponse(content=...)` or `PlainTextResponse(...)`
    whose content contains `str(e)`, `repr(e)`, `e.args`, `f"...{e}..."`, `"%s" % e`,
    `"...".format(e)`, `traceback.format_exc()` or `traceback.format_exception(...)`.

    ## Why is this bad?
    The text of an unexpected exception is written for the developer, not the client: a
    database error quotes the SQL and the host (`could not connect to server at
    10.0.0.5`), an `OSError` names file paths, an HTTP client error echoes the upstream
    URL, sometimes with its credentials.  Sent to the client it is free reconnaissance for
    an attacker, and a stable API error becomes whatever the library says this week.  The
    sources log the exception and answer with a generic message:
    [Production skill 2025] logs "Unhandled error" and returns
    `"Internal server error"`, [Patterns reference] returns
    `"An unexpected error occurred"`.

    ## Example
    ```python
    try:
        await charge(amount)
    except Exception as e:
        raise HTTPException(status_code=500, detail=str(e))
    ```

    ## Use instead
    ```python
    try:
        await charge(amount)
    except Exception as e:
        logger.exception("payment failed")
        raise HTTPException(status_code=502, detail="Payment provider unavailable") from e
    ```

    ## Fix safety
    No automatic fix: which message the client should see, and which status, are API
    decisions.

    ## Known problems
    A `try` whose body only builds a value (assignments and a `return`, no `await`, no
    call but string builders such as `urlencode`, `json.dumps`, `str`) is not reported:
    nothing it can raise carries server internals.  Nor is a `try` that only decodes
    bytes the route already holds with Pillow in memory (`Image.open(io.BytesIO(data))`,
    the image's methods given literals or other in-memory objects, `img.save(buf)` into
    a `BytesIO`): it raises the decoder's word about those bytes.  Nor is a `try` whose
    only calls that can fail are project functions (or methods of an injected parameter,
    found through its annotation or its dependency's return annotation) that stop every
    error of their own work: their I/O sits in a `try` whose `except Exception` logs
    (also through a project helper that formats the log line's text, `logger.error("%s",
    clean(e))`) and returns a
    status, and outside it they only build values.  A method of an interface counts when
    every implementation the project has does so: the interface's own (unless
    `@abstractmethod`) and each override in its subclasses, also a method only some
    subclasses have (called behind `hasattr(store, "pause")`).  What reaches the `except` is then the
    `HTTPException` the handler raised itself.  So does a project function whose catch-all
    clause logs and raises the project's own exception (a class whose `__init__`, and its
    project bases', only store the message: `super().__init__(message)` counts) built from
    values that do not carry the caught error (`raise RunError(name) from e`), when an
    earlier clause of the route's `try` catches that exception (`except (NotFound,
    RunError)`, or the keys of a status map the route binds once, `except
    tuple(statuses.keys())`): nothing of a library reaches the broad clause.  Nor does a
    `try` that only reads a file through a `pathlib.Path` (`page.read_text(encoding=
    "utf-8")`) and builds values, when the clauses before `except Exception` catch
    `OSError` and, for text, `UnicodeDecodeError`; a clause in its catch-all that prints
    the error on the console (`print`, `traceback.print_exc()`) counts as a log line.  Nor
    does an `except OSError` around one file operation on a path (`note.read_text()`,
    `write_text`, `unlink`, `mkdir`, also through `asyncio.to_thread(note.unlink)`) when
    the route's answer on success holds that path (`{"path": str(note)}`): the error's
    text is the errno's message and that path, which the route publishes anyway.  A
    project function that only hands on to such functions counts too (`return
    self.ask(question)`; a factory building its singleton, whose class's `__init__` only
    sets attributes and calls methods that stop their errors), and so does a method of a
    local the `try` binds to a project class or to a factory whose return annotation names
    one (`advisor = get_advisor(); advisor.lookup(q)`).  The rule does not apply when the `try`
    also loops, awaits a task, builds a library object other than a response, path,
    number or date, or reads its result two attributes deep (`run.data.id`: an ORM object
    may load itself).  Other code it calls is not followed, so a
    URL built by a project function is still reported.
    An `except` clause that names a project exception type (a domain error meant for
    clients) or `pydantic.ValidationError` is not reported, nor is one whose type cannot be
    resolved.  Neither is a branch narrowed to a type that is not broad (`if isinstance(e,
    DomainError):`, as `except DomainError` would be) or to known messages (`if "quota"
    in str(e):`, several joined by `or`), or by class name (`if type(e).__name__ ==
    "DriverError":`) to a project exception whose text is its message and that the project
    raises only with a string literal or an f-string of no caught error, nor a `try` whose
    only statement calls a validator (a function named `validate*`, `raise_*` or
    `*_or_raise`): the message it raises is written for the client, though the name alone
    cannot prove the validator does no I/O.  A `try` whose every statement builds a Pydantic
    model from the function's own parameters (`payload = ChatRequest(**body)`,
    `Model.model_validate(body)`, `TypeAdapter(T).validate_python(body)`), also through
    the locals and comprehensions that derive from them (`coerced = {k: coerce(v) for k, v
    in payload.items()}`; the parameters of a route factory around the route, such as its
    `model_class`, are fixed when the app is built), can only fail with
    a validation message about the client's own input: it is reported at info level, with
    the advice to catch `pydantic.ValidationError` rather than every exception.  So is a
    `try` that only passes the client's input to a project function that computes from its
    arguments alone (and so do the project functions it calls, and the `__post_init__` of
    the dataclasses it builds): a sync function without
    `with`, whose calls are pure standard-library functions (`json.loads`, `shlex.split`,
    `re`, `urllib.parse`), methods of values, log lines, or a library's parser by name
    (`parse`, `loads`, `safe_load`): what it raises echoes the input.  A `try` whose only
    calls are such project functions, given any other value (a record the route read
    before), is reported at info too: what they raise can only echo the values they are
    given, never SQL, hosts, paths or credentials of the server.  So is a `try` that only
    builds, by keyword, the model it returns as the answer (a Pydantic model with no
    method, validator or project base with one, the route's `response_model` if it names
    one) from values in hand: literals, the route's parameters, items by literal key of a
    local only project calls bound (`job["state"]`, a record looked up before the `try`),
    and dicts or lists of those bound in the `try` first: what it raises names a missing
    key or echoes a value the route was about to send.  Such a `try` that takes
    no outside value at all (its calls' arguments are literals or such calls again: `return
    SessionOut(session=new_id())`, where `new_id` makes a `uuid4` and logs it; an absolute
    import of a project module may come first, `from pkg.training import resolve_backend`,
    and the project function may raise the project's own exception, a class that only
    stores the message the code wrote) is not
    reported: what it raises holds only values the code made itself.  Neither is such a `try`
    (its locals, their items by literal key and displays of them allowed in its answer)
    whose project functions do no I/O and can fail only with the messages they wrote: they
    read the environment at most (`os.getenv`), raise a built-in or the project's own
    exception from literals alone (`raise ValueError("SIGNING_KEY is required")`), and call
    only such project functions, classes (no decorator, project bases) and methods of their
    own object or of what a project function returns by its annotation (a lazy singleton,
    `get_keys().client_config()`, `global` allowed); no `with`, `try`, `await` or import.
    The exception text is only followed within
    the response expression: a
    message stored in a variable first (`msg = str(e)`) is not traced.  Middleware is not a
    route or a dependency and is not checked.

    Nothing is reported for `raise HTTPException(status, detail)` with a literal status (or
    `status.HTTP_5xx_...`) when every application serving the route answers it with an
    `HTTPException` handler of its own (registered for FastAPI's or Starlette's class, also
    by a function the factory hands the app to, `install_handlers(app)`) that provably never
    sends that detail: its body, followed into the project functions it hands the detail or
    status to, is read for this status and this type of detail (an f-string or `str(e)` is a
    string, a dict display a dict), so that `if status_code >= 500:` and `isinstance(detail,
    dict)` take one branch, and every answer it can return is built from constants, the
    status and the headers (`return {"message": "internal error"}`).  A handler that keeps
    part of the detail for that status (the `message` of a dict), that loops, raises or
    hands the detail to a library, or an app that also registers a handler for a status code
    or for a class the model cannot name, keeps the finding.

    Nothing is reported for a local, single-user tool, whose error text goes back to the
    machine's owner: the code says it listens on the loopback interface only (`uvicorn.run`
    or `uvicorn.Config` with `host="127.0.0.1"` / `"localhost"`, or a `--host` option with
    that default, written out or held in a module-level constant of the project, imported
    or not: `DEFAULT_HOST = "localhost"` bound once, unconditionally), or on a Unix domain
    socket only (`uvicorn.run(app, uds="/run/x.sock")`,
    or `server.serve(sockets=[sock])` where `sock = socket.socket(socket.AF_UNIX, ...)`:
    only the machine's processes can connect, as far as the socket file lets them), or
    lets only a page served from localhost call it (CORS `allow_origins`
    all `http://localhost:...` / `http://127.0.0.1:...`); nothing says it listens on every
    interface (`0.0.0.0`, in the code or in a Dockerfile); and nothing authenticates
    callers (no `Security(...)`, no dependency named for a user, token, key, session or
    permission, no authentication library imported).  A server whose host only comes from configuration is not seen as
    local, nor a socket made in another function than the `serve` call.  A reverse proxy
    in front of the local port or socket is not seen.

    Nor, in a project that also serves apps to others, for a route whose every app
    nobody but the local machine can reach: each is started only by servers that bind a
    literal loopback host (`uvicorn.Config(app, host="127.0.0.1")` beside the factory that
    builds it, an in-sandbox gateway or helper server; uvicorn's default host is not
    enough), and nothing else may serve it (RTE002's rule: a server with a configurable host, a server
    of an app the model cannot name, an import string naming it); the route's module
    authenticates no caller (its callers are the project's own processes, which sent what
    failed).

    Nor for a route that refuses, before the `try`, every client not on the loopback
    interface (`if request.client.host not in ("127.0.0.1", "::1"): raise
    HTTPException(403)`, also through a local holding the address): only the machine's
    owner reaches it.  A list of trusted hosts read from elsewhere, or a test that does not
    refuse (a log line), is not such a gate.  A reverse proxy on the same machine makes
    every client look local; the route's own test is taken at its word.

    Nothing is reported for a route that runs the code its caller sends (`exec(code)`,
    `eval`, `os.system(command)`, `asyncio.create_subprocess_shell(command)`,
    `subprocess.run(command, shell=True)`, an IPython shell's `run_cell(code)`, where the
    code is wholly a request parameter or what is read from one, such as an uploaded
    file's `await upload.read()`): its caller already executes anything on the server, and
    the exception text tells it nothing it cannot read itself.  So for a SQL console, a
    route that runs the statement its caller wrote with SQLAlchemy
    (`conn.execute(text(query))`, `conn.exec_driver_sql(query)`, the query wholly what the
    request sent to that route, not a value of the app factory around it): its caller reads
    every error the database gives.  Nor for another route of the same application guarded
    by every dependency the code-running route or the console has (the same token, also a
    dependency the app factory defines beside its routes, or none).  The server's own
    command given the caller's argument (`f"convert {name}"`, `text(f"SELECT ... {name}")`)
    is not the caller's code, nor is a plain string given to a method named `execute`
    (which may run anything).  A route behind a console's token is forgiven even when its
    error comes from elsewhere than the database (a file, an upstream service): the console's
    owner is taken as the app's administrator.  An owner who can run code some other way
    (saved scripts executed later, uploaded plugins imported by a helper) is not seen, and
    the finding stays.

    ## References
    - [Production skill 2025] (`unhandled_exception_handler`: log, then "Internal server error")
    - [Patterns reference] (`unhandled_exception_handler`: "An unexpected error occurred")
    - OWASP, "Improper Error Handling"
    """

    id = "ERR002"
    name = "internal-error-details-leaked"
    category = "errors"
    severity = Severity.WARNING
    heuristic = True
    message = "details of an unexpected exception are sent to the client"
    fix_title = "Log the exception and return a generic message (`raise HTTPException(...) from e`)"
    fix_safe = False
    sources = ("Production skill 2025", "Patterns reference")

    @when(
        callees=HTTP_EXCEPTIONS
        | JSON_RESPONSES
        | TEXT_RESPONSES
        | _SERVERS
        | _RUNS_CODE
        | _SUBPROCESS,
        names=(
            *_OPTIONS,
            *_RUNS_CELL,
            *_SQL_RUNS,
            "add_middleware",
            "Depends",
            "Security",
            "serve",
        ),
    )
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        q = ctx.resolve(node.func)
        if (q in _RUNS_CODE or q in _SUBPROCESS or isinstance(node.func, ast.Attribute)) and (
            _runs_callers_code(node, q, ctx) or _runs_callers_sql(node, ctx)
        ):
            fn = ctx.function
            data = _Data(function=fn.qname if fn is not None else None, runs_code=True)
            ctx.report(node, "", data=data)
            return
        if q not in HTTP_EXCEPTIONS and q not in JSON_RESPONSES and q not in TEXT_RESPONSES:
            audience = _audience(node, ctx)
            host = _named_host(node, ctx) if audience is None else None
            key = audience or (host and f"named:{host}")
            seen = ctx.state(_Seen).audiences
            if key and key not in seen:
                seen.add(key)
                data = _Data(audience=audience or "named", host=host)
                ctx.report(node, "", data=data)
            return
        fn = ctx.function
        if fn is None:
            return
        content, shown_call = _content(node, q)
        if content is None:
            return
        names = _leaks(content, ctx)
        if not names:
            return
        # the innermost ``except`` that binds a leaked name (or any, for a traceback)
        chain = [*ctx.parents, node]
        for i in range(len(chain) - 2, -1, -1):
            parent = chain[i]
            if isinstance(parent, _SCOPES):
                break
            if not isinstance(parent, ast.ExceptHandler):
                continue
            if parent.name not in names and "*traceback*" not in names:
                continue
            kind = _except_kind(parent, ctx)
            if kind is None or kind[0] != "broad":
                return
            if parent.name and _narrowed(chain[i:], parent.name, ctx):
                return  # under ``if isinstance(e, DomainError):`` or ``if "..." in str(e):``
            tried = chain[i - 1] if i > 0 else None
            outer = next((c for c in reversed(chain[:i]) if isinstance(c, _SCOPES)), None)
            if outer is not None and _loopback_gated(outer, parent.lineno):
                return  # only local clients reach it: the machine's owner
            if isinstance(tried, ast.Try) and _guards_only(tried, ctx):
                return  # ``try: validate_password(p)``: the validator's message is for the client
            if isinstance(tried, ast.Try) and _builds_only(tried, ctx):
                return  # ``try: url = f"...{urlencode(params)}"``: nothing internal to leak
            if isinstance(tried, ast.Try) and _decodes_in_memory(tried, ctx):
                return  # ``Image.open(BytesIO(data))``: the decoder's word about the bytes
            if (
                isinstance(tried, ast.Try)
                and outer is not None
                and _reads_files_caught_before(tried, parent, outer, ctx)
            ):
                return  # ``except OSError`` before it took every error of the file read
            if (
                isinstance(tried, ast.Try)
                and outer is not None
                and _publishes_path(tried, parent, outer, ctx)
            ):
                return  # ``[Errno 2] ...: '<path>'`` of a path the route answers with anyway
            lazy: list[str] = []
            passed: list[ast.expr] = []
            guarded = (
                _guarded_calls(tried, ctx, lazy, passed) if isinstance(tried, ast.Try) else None
            )
            if guarded == ():
                return  # the body only builds values and raises its own exceptions
            models = _validates_only(tried, ctx) if isinstance(tried, ast.Try) else ()
            shown = names.get(parent.name or "") or names.get("*traceback*") or ""
            ctx.report(
                node,
                f"`{shown}` from {kind[1]} is sent to the client in `{shown_call}`: "
                "it can leak SQL, hosts, paths or credentials",
                data=_Data(
                    function=fn.qname,
                    kind="except",
                    models=models,
                    guarded=guarded,
                    no_library_calls=bool(guarded)
                    and isinstance(tried, ast.Try)
                    and _no_library_calls(tried, ctx),
                    closed=bool(guarded)
                    and isinstance(tried, ast.Try)
                    and _takes_no_input(tried, ctx),
                    caught_before=_caught_before(tried, parent, ctx)
                    if guarded and isinstance(tried, ast.Try)
                    else (),
                    lazy=tuple(lazy),
                    answers=_answers_from_hand(tried, ctx) if isinstance(tried, ast.Try) else None,
                    passed=_passed_names(passed),
                    raised=_raised(node, q, content, ctx),
                    named_types=_narrowed_by_name(chain[i:], parent.name, ctx)
                    if parent.name
                    else (),
                ),
            )
            return
        # not under an ``except``: the exception parameter of an exception handler
        exc_param = fn.params[1].name if len(fn.params) >= 2 else None
        if (exc_param and exc_param in names) or "*traceback*" in names:
            shown = names.get(exc_param or "") or names["*traceback*"]
            ctx.report(
                node,
                f"`{shown}` of an unexpected exception is sent to the client in `{shown_call}`: "
                "it can leak SQL, hosts, paths or credentials",
                data=_Data(function=fn.qname, kind="handler"),
            )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        if not hits:
            return []
        if _local_only(hits, project):
            return []  # a local tool: the error text goes back to the machine's owner
        #: modules that authenticate their callers: the machine may have several users
        authenticating = {h.path for h in hits if h.payload(_Data).audience == "auth"}
        hits = [h for h in hits if h.payload(_Data).audience is None]
        runners = {h.payload(_Data).function for h in hits if h.payload(_Data).runs_code}
        hits = [h for h in hits if not h.payload(_Data).runs_code]
        runs_code = _CodeRoutes(project, runners)
        request_path = project.request_path_functions
        wanted = {n for h in hits for n in h.payload(_Data).named_types}
        classes = _classes_named(project, wanted) if wanted else {}
        handlers = None
        out: list[Hit] = []
        for h in hits:
            function = h.payload(_Data).function
            if h.path not in authenticating and project.route_served_only_on_loopback(function):
                continue  # every app of the route listens on 127.0.0.1: its callers are local
            if h.payload(_Data).kind == "except":
                named = h.payload(_Data).named_types
                if named and _own_messages(project, named, classes):
                    continue  # only the project's own exception, with a message it wrote
                guarded = h.payload(_Data).guarded
                if (
                    guarded
                    and any(not g.startswith("cls:") for g in guarded)
                    and all(
                        (g in h.payload(_Data).lazy and _builds_generator(project, function, g))
                        or _swallows(project, function, g, h.payload(_Data).caught_before)
                        for g in guarded
                    )
                ):
                    continue  # every call in the ``try`` stops its own errors or runs nothing
                if _computes_from_nothing(h, project) or _fails_with_fixed_text(h, project):
                    continue  # pure project code given no outside value: nothing to leak
                if runs_code.open_to_callers_of(function):
                    continue  # its caller can already run code on the server
                if function in request_path:
                    routes = runs_code.routes(runs_code.owner(function)) if function else []
                    if _hidden_by_handler(h, project, routes):
                        continue  # the app's handler answers that status with a fixed text
                    out.append(_privileged_only(_validation_only(h, project), project, routes))
                continue
            if handlers is None:
                handlers = project.exception_handlers()
            if any(e in BROAD for e in handlers.get(function or "", ())):
                out.append(h)
        return out

    bad = (
        Example(
            files=_drivers_files(kind="FileNotFoundError"),
            note="the other side of the project's own error named by its class: the branch "
            "admits Python's `FileNotFoundError`, whose text is the server's path",
            lines=(16,),
        ),
        Example(
            files=_drivers_files(
                more="    try:\n        open(path).close()\n    except OSError as err:\n"
                '        raise DriverUnsupported(f"cannot open: {err}") from err\n'
            ),
            note="the other side of the project's own error named by its class: the project "
            "also raises it with an `OSError`'s text, which names the server's path",
            lines=(16,),
        ),
        Example(
            files=_envelope_files("503", '{"text": str(err)}'),
            note="the other side of the app's error handler: for a 5xx it keeps the `text` "
            "of a dict detail, and the route puts the error's text there",
            lines=(14,),
        ),
        Example(
            files=_envelope_files("400", 'f"export failed: {err}"'),
            note="the other side of the app's error handler: it hides the detail of a 5xx "
            "only, and the route answers 400 with the error's text",
            lines=(14,),
        ),
        Example(
            files=_inbox_files(_MARK_IN_FILE, _INBOX_ROUTES),
            note="the other side of the in-memory service: marking a message read appends to "
            "a log file, so an `OSError` naming the server's path reaches the `except`",
            lines=(22,),
        ),
        Example(
            files=_inbox_files(_MARK_IN_MEMORY, _INBOX_STREAM, _EVENTS_EAGER),
            note="the other side of the lazy local generator: the function the `try` defines "
            "is no generator, so calling it opens the file there and its `OSError` reaches "
            "the `except`",
            lines=(20,),
        ),
        Example(
            files={
                **_NAMED_HOST_FILES,
                "app/hosts.py": 'import os\n\nDEFAULT_HOST = "0.0.0.0"\n'
                'if os.environ.get("DEV"):\n    DEFAULT_HOST = "localhost"\n',
            },
            note="the other side of the named loopback default: the name is bound again "
            "under a condition, so it may hold every interface's address",
            lines=(13,),
        ),
        snippet(
            """\
import io

from fastapi import APIRouter, File, HTTPException, UploadFile
from PIL import Image

router = APIRouter()


@router.post("/avatar/{user}")
async def store_avatar(user: str, file: UploadFile = File(...)) -> dict[str, str]:
    raw = await file.read()
    try:
        picture = Image.open(io.BytesIO(raw))
        picture.convert("RGB").save(f"/srv/avatars/{user}.jpg", format="JPEG")
    except Exception as err:
        raise HTTPException(status_code=422, detail=f"not an image: {err}")
    return {"user": user}
""",
            note="the other side of the in-memory decode: the image is saved to a path on "
            "the server, so an `OSError` naming it reaches the `except`",
            lines=(16,),
        ),
        snippet(
            _SHARES.format(answer="name"),
            note="the other side of the published folder: the answer gives back only the "
            "name the client sent, so the error's path under the server's root is news",
            lines=(20,),
        ),
        Example(
            files=_keys_files('self.key = open("/etc/app/signing.key").read()'),
            note="the other side of the fixed message: the keys are read from a file, so an "
            "`OSError` naming the server's path reaches the `except`",
            lines=(14,),
        ),
        Example(
            files={
                **_VOICE_FILES,
                "app/main.py": _VOICE_ROUTE.format(
                    chunks="iter([c async for c in voice.stream(text)])"
                ),
            },
            note="the other side of the lazy stream: the `try` runs the whole generator "
            "(a list of its chunks), so the model file's `OSError` and its path reach the "
            "`except`",
            lines=(14,),
        ),
        Example(
            files={
                **_STORES_FILES,
                "app/stores.py": _STORES + "\n\nclass CloudStore(Store):\n"
                "    async def total(self) -> int:\n"
                "        with open('/mnt/cloud/rows') as f:\n"
                "            return len(f.readlines())\n",
                "app/main.py": _STORES_ROUTES,
            },
            note="the other side of the interface: one backend lets its error out, so "
            "the `except` can send it to the client",
            lines=(13,),
        ),
        snippet(
            """\
import subprocess

from fastapi import APIRouter, Depends, FastAPI, HTTPException

from app.auth import require_admin, verify_token

router = APIRouter()
admin = APIRouter(dependencies=[Depends(require_admin)])


@router.post("/convert")
def convert(name: str) -> dict:
    try:
        subprocess.run(f"convert {name} out.png", shell=True, check=True)
        return {"ok": True}
    except Exception as e:
        raise HTTPException(status_code=500, detail=str(e)) from e


@admin.post("/admin/shell")
def shell(command: str) -> dict:
    try:
        return {"out": subprocess.run(command, shell=True, capture_output=True).stdout}
    except Exception as e:
        raise HTTPException(status_code=500, detail=str(e)) from e


@router.get("/report")
def report(day: str) -> dict:
    try:
        return {"day": open(f"/srv/reports/{day}").read()}
    except Exception as e:
        raise HTTPException(status_code=500, detail=str(e)) from e


app = FastAPI()
app.include_router(router, dependencies=[Depends(verify_token)])
app.include_router(admin, dependencies=[Depends(verify_token)])
""",
            with_files={
                "app/auth.py": "def verify_token() -> None:\n    pass\n\n\n"
                "def require_admin() -> None:\n    pass\n"
            },
            note="the server's own command with the caller's argument is not the caller's code "
            "(line 17); a route of an app whose code-running route needs a gate it lacks "
            "(`require_admin`) is still reported (line 33)",
            lines=(17, 33),
        ),
        snippet(
            _console(call='conn.execute(text(f"SELECT * FROM {statement}"))'),
            note="the other side of the SQL console: the statement is the server's, with the "
            "caller's value in it, so the database's error (its SQL, its host) is news to the "
            "caller, and no route of the app runs what its caller writes",
            lines=(31, 40),
        ),
        snippet(
            _console(gate="require_owner"),
            note="the other side of the console's gate: the route dropping a table is guarded "
            "by another dependency than the SQL console, so its callers may not be those who "
            "can run any statement",
            lines=(40,),
        ),
        snippet(
            """\
from fastapi import APIRouter, HTTPException

router = APIRouter()


async def charge(amount: int) -> None:
    raise RuntimeError("db timeout at 10.0.0.5")


@router.post("/pay")
async def pay(amount: int) -> dict[str, str]:
    try:
        await charge(amount)
    except Exception as e:
        raise HTTPException(status_code=500, detail=str(e))
    return {"status": "ok"}
""",
            lines=(15,),
        ),
        Example(
            files={
                "app/deps.py": """\
import traceback

import httpx
from fastapi.responses import JSONResponse, PlainTextResponse
from sqlalchemy import exc as sa_exc
from starlette.exceptions import HTTPException as StarletteHTTPException


async def get_profile(user_id: int) -> dict:
    try:
        return {"id": user_id, "row": await fetch(f"db://profiles/{user_id}")}
    except sa_exc.SQLAlchemyError as err:
        raise StarletteHTTPException(503, f"database error: {err}")


async def fetch(url: str):
    try:
        async with httpx.AsyncClient() as client:
            return (await client.get(url)).json()
    except (httpx.HTTPError, OSError) as e:
        return JSONResponse(status_code=502, content={"error": repr(e), "args": e.args})
    except:
        return PlainTextResponse(traceback.format_exc(), 500)
""",
                "app/main.py": """\
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse

from app.deps import fetch, get_profile

app = FastAPI()


@app.get("/me")
async def me(profile: dict = Depends(get_profile), data=Depends(fetch)) -> dict:
    return profile


@app.exception_handler(Exception)
async def unhandled(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse(status_code=500, content={"detail": "Internal error: %s" % exc})
""",
            },
            note="dependencies, aliases, SQLAlchemy/httpx/OSError/bare except, a catch-all handler",
            lines=(13, 21, 23, 16),
        ),
        snippet(
            """\
from fastapi import APIRouter, HTTPException

router = APIRouter()


async def load(flow_id: str) -> dict:
    return {"id": flow_id}


def validate_flow(flow: dict) -> None:
    pass


@router.post("/flows/{flow_id}")
async def run_flow(flow_id: str) -> dict:
    try:
        flow = await load(flow_id)
        validate_flow(flow)
    except Exception as exc:
        if isinstance(exc, OSError):
            raise HTTPException(status_code=503, detail=str(exc)) from exc
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    return flow
""",
            note="narrowed to a broad type (OSError), and a try that does more than validate: still reported",
            lines=(21, 22),
        ),
        snippet(
            """\
from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel

router = APIRouter()


class ChatRequest(BaseModel):
    prompt: str


async def run(payload: ChatRequest) -> dict:
    return {"answer": payload.prompt}


@router.post("/chat")
async def chat(body: dict) -> dict:
    try:
        payload = ChatRequest(**body)
    except Exception as e:
        raise HTTPException(status_code=400, detail=f"invalid request: {e}")
    return await run(payload)


@router.post("/chat/v2")
async def chat_v2(body: dict) -> dict:
    try:
        payload = ChatRequest.model_validate(body)
        answer = await run(payload)
    except Exception as e:
        raise HTTPException(status_code=400, detail=f"invalid request: {e}")
    return answer


@router.post("/chat/v3")
async def chat_v3(request: Request) -> dict:
    try:
        body = await request.json()
        payload = ChatRequest(**body)
    except Exception as e:
        raise HTTPException(status_code=422, detail=f"invalid request body: {e}")
    return await run(payload)
""",
            note="a `try` that only builds the request model from the client's data (its "
            "parameters, or the body it reads with `await request.json()`, seen in hypha) can "
            "only fail with a validation message (info: catch `ValidationError` instead); one "
            "that also runs the request is a leak (warning)",
            lines=(20, 30, 40),
        ),
        Example(
            files={
                "app/queries.py": """\
class Query:
    def __init__(self, select: list[str]) -> None:
        self.select = select

    @classmethod
    def from_dict(cls, data: dict) -> "Query":
        return cls(select=list(data["select"]))
""",
                "app/main.py": """\
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

from app.queries import Query

app = FastAPI()


class Body(BaseModel):
    queries: list[dict]


async def run(queries: list[Query]) -> list:
    return [q.select for q in queries]


@app.post("/query")
async def query(body: Body) -> list:
    try:
        parsed = [Query.from_dict(q) for q in body.queries]
    except Exception as e:
        raise HTTPException(status_code=422, detail=f"Invalid query: {e}")
    return await run(parsed)
""",
            },
            note="a `try` that only parses the client's data with a project class's "
            "`from_dict` (info: the parser's message is about the caller's input)",
            lines=(22,),
        ),
        Example(
            files={
                "app/specs.py": """\
from dataclasses import dataclass


@dataclass
class Column:
    key: str
    label: str = ""

    def __post_init__(self) -> None:
        if not self.label:
            self.label = self.key.replace("_", " ").title()


@dataclass
class Report:
    name: str
    columns: list[Column]


def parse_report(item: dict) -> Report:
    columns = [Column(key=c["key"], label=c.get("label", "")) for c in item.get("columns", [])]
    return Report(name=item["name"], columns=columns)


@dataclass
class Stored:
    name: str

    def __post_init__(self) -> None:
        with open(f"/var/reports/{self.name}.json") as f:
            f.read()


def load_report(item: dict) -> Stored:
    return Stored(name=item["name"])
""",
                "app/main.py": """\
from fastapi import APIRouter, FastAPI, HTTPException, Request

from app.specs import load_report, parse_report

app = FastAPI()
RECORDS: dict[int, dict] = {}


def clean(payload: dict, fields: set[str]) -> dict:
    return {k: v for k, v in payload.items() if k in fields}


def crud_router(model_class: type, fields: set[str]) -> APIRouter:
    router = APIRouter()

    @router.post("/items")
    def create_item(payload: dict, request: Request) -> dict:
        user = getattr(request.state, "user", None) or {}
        roles = user.get("roles", [])
        filtered = clean(payload, fields) if roles else payload
        coerced = {k: str(v) for k, v in filtered.items()}
        try:
            row = model_class.model_validate(coerced)
        except Exception as exc:
            raise HTTPException(status_code=422, detail=str(exc))
        return {"id": row.id}

    @router.post("/items/{item_id}/copy")
    def copy_item(item_id: int) -> dict:
        stored = RECORDS.get(item_id, {})
        data = {k: v for k, v in stored.items()}
        try:
            row = model_class.model_validate(data)
        except Exception as exc:
            raise HTTPException(status_code=422, detail=str(exc))
        return {"id": row.id}

    return router


@app.post("/reports")
async def create_report(request: Request) -> dict:
    body = await request.json()
    body["owner"] = "me"
    try:
        report = parse_report(body)
    except Exception as exc:
        raise HTTPException(status_code=400, detail=str(exc))
    return {"name": report.name}


@app.post("/reports/stored")
async def stored_report(request: Request) -> dict:
    body = await request.json()
    try:
        report = load_report(body)
    except Exception as exc:
        raise HTTPException(status_code=400, detail=str(exc))
    return {"name": report.name}


app.include_router(crud_router(dict, {"name"}))
""",
            },
            note="client input reaching the `try` through locals (a comprehension over the "
            "filtered payload, a route factory's model class) or a project parser that builds "
            "plain dataclasses: a validation message about the caller's input (info, seen in "
            "veloiq-framework); the trap: a record the server read, a dataclass that opens a "
            "file (warning)",
            lines=(25, 35, 48, 58),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/config.py": """\
from pydantic import BaseModel


class RunConfig(BaseModel):
    name: str
    retries: int = 0
""",
                "app/main.py": """\
from fastapi import FastAPI, HTTPException, Request

from app.config import RunConfig
from app.settings import load_defaults

app = FastAPI()


def expand_paths(data: dict) -> dict:
    return {k: v.replace("~", "/home") if isinstance(v, str) else v for k, v in data.items()}


@app.post("/runs")
async def start_run(request: Request) -> dict:
    data = await request.json()
    data = expand_paths(data)
    try:
        config = RunConfig.model_validate(data)
    except Exception as e:
        raise HTTPException(status_code=422, detail=f"Invalid run: {e}") from e
    return {"name": config.name}


@app.post("/runs/defaults")
async def start_default_run(request: Request) -> dict:
    data = await request.json()
    data = expand_paths(data) | load_defaults()
    try:
        config = RunConfig.model_validate(data)
    except Exception as e:
        raise HTTPException(status_code=422, detail=f"Invalid run: {e}") from e
    return {"name": config.name}
""",
                "app/settings.py": "import json\n\n\ndef load_defaults() -> dict:\n"
                '    with open("/etc/runs.json") as f:\n        return json.load(f)\n',
            },
            note="a local rebound from itself (`data = expand_paths(data)`) still holds only "
            "the request: validating it is a message about the caller's input (info, seen in "
            "harbor); the trap: a local that also takes what the server read (warning)",
            lines=(20, 31),
        ),
        snippet(
            """\
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, field_validator

app = FastAPI()
JOBS: dict[str, dict] = {}


class JobOut(BaseModel):
    name: str
    state: str
    totals: dict[str, int]


class CheckedJobOut(JobOut):
    @field_validator("state")
    @classmethod
    def known(cls, value: str) -> str:
        with open("/etc/jobs/states") as f:
            if value not in f.read().split():
                raise ValueError(f"unknown state {value}")
        return value


def find_job(name: str) -> dict:
    job = JOBS.get(name)
    if job is None:
        raise HTTPException(status_code=404, detail="no such job")
    return job


@app.get("/jobs/{name}", response_model=JobOut)
def read_job(name: str) -> JobOut:
    job = find_job(name)
    try:
        totals = {"done": job["done"], "failed": job["failed"]}
        return JobOut(name=name, state=job["state"], totals=totals)
    except Exception as e:
        raise HTTPException(status_code=500, detail=f"bad job record: {e}") from e


@app.get("/jobs/{name}/checked", response_model=CheckedJobOut)
def read_checked_job(name: str) -> CheckedJobOut:
    job = find_job(name)
    try:
        totals = {"done": job["done"], "failed": job["failed"]}
        return CheckedJobOut(name=name, state=job["state"], totals=totals)
    except Exception as e:
        raise HTTPException(status_code=500, detail=f"bad job record: {e}") from e
""",
            note="a try that only builds the answer from a record's items and the request's "
            "parameters can only name a missing key or echo a value the route would send "
            "anyway (info, seen in hier-config-api); the trap: a model whose validator reads "
            "a file (its `OSError` names the path) stays a warning",
            lines=(38, 48),
        ),
        snippet(
            """\
import json

from fastapi import FastAPI, HTTPException

app = FastAPI()


class Step:
    def __init__(self, name: str) -> None:
        self.name = name

    @classmethod
    def from_dict(cls, data: dict) -> "Step":
        return cls(name=str(data["name"]))


@app.post("/continue")
def continue_run(steps: str | None = None) -> list[str]:
    data = json.loads(steps) if steps else None
    parsed: list[Step] = []
    if data:
        try:
            parsed = [Step.from_dict(d) for d in data]
        except Exception as e:
            raise HTTPException(status_code=400, detail=f"Invalid steps: {e}")
    return [s.name for s in parsed]
""",
            note="the client's data decoded with `json.loads` first is still the client's data "
            "(info, as for the parser above)",
            lines=(25,),
        ),
        Example(
            files={
                "app/convert.py": """\
import json
import logging
import shlex

log = logging.getLogger(__name__)


def parse_command(text: str) -> dict:
    words = shlex.split(text)
    if not words:
        raise ValueError("empty command")
    log.info("parsed %d words", len(words))
    return {"program": words[0], "args": json.loads(json.dumps(words[1:]))}


def to_block(text: str) -> dict:
    parsed = parse_command(text)
    return {"program": parsed["program"].lower(), "args": parsed.get("args")}
""",
                "app/store.py": """\
def to_saved_block(text: str) -> dict:
    with open("/var/lib/app/blocks.json") as fh:
        return {"saved": fh.read(), "text": text}
""",
                "app/main.py": """\
from fastapi import FastAPI, HTTPException

from app.convert import to_block
from app.store import to_saved_block

app = FastAPI()


@app.post("/convert")
def convert(command: str) -> dict:
    try:
        result = to_block(command)
        return result
    except Exception as e:
        raise HTTPException(status_code=400, detail=f"cannot convert: {e}")


@app.post("/save")
def save(command: str) -> dict:
    try:
        result = to_saved_block(command)
        return result
    except Exception as e:
        raise HTTPException(status_code=400, detail=f"cannot save: {e}")
""",
            },
            note="a `try` that only passes the caller's input to project functions that compute "
            "from their arguments (pure standard-library calls, log lines): info, its errors "
            "echo that input; a helper that opens a file stays a warning (its error names the "
            "path)",
            lines=(15, 24),
        ),
        Example(
            files={
                "app/ids.py": _IDS,
                "app/main.py": """\
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

from app import ids

app = FastAPI()


class Ticket(BaseModel):
    ticket: str


def load_prefix() -> str:
    with open("/etc/app/prefix") as f:
        return f.read()


@app.post("/tickets")
def create_ticket() -> Ticket:
    try:
        return Ticket(ticket=ids.new_ticket(load_prefix()))
    except Exception as e:
        raise HTTPException(status_code=400, detail=str(e))
""",
            },
            note="the same pure id maker given what a helper reads from a file: the `try` "
            "takes an outside value (the file's error names its path)",
            lines=(23,),
        ),
        Example(
            files={
                "app/db.py": _MANAGER,
                "app/main.py": """\
from fastapi import Depends, FastAPI, HTTPException

from app.db import get_db

app = FastAPI()


@app.get("/rows/{key}")
def read(key: str, db=Depends(get_db)) -> dict:
    try:
        result = db.load(key)
        return {"ok": result.ok}
    except Exception as e:
        raise HTTPException(status_code=500, detail=str(e)) from e


@app.post("/rows/{key}")
def save(key: str, db=Depends(get_db)) -> dict:
    try:
        result = db.save({"key": key})
        return {"id": result.row.id}
    except Exception as e:
        raise HTTPException(status_code=500, detail=str(e)) from e
""",
            },
            note="the method the `try` calls runs its query outside a `try` of its own: "
            "the database error reaches `str(e)`; a method that stops its own errors, but "
            "whose result is read deeper (`result.row.id`: an ORM object may load itself)",
            lines=(14, 23),
        ),
        snippet(
            """\
from zipfile import ZipFile

from fastapi import APIRouter, HTTPException

router = APIRouter()


class Store:
    rows: object = None


@router.get("/rows")
def rows(store: Store) -> list:
    try:
        out = []
        for row in store.rows:
            out.append(row)
        return out
    except Exception as e:
        raise HTTPException(status_code=500, detail=str(e))


@router.get("/job")
async def job(store: Store) -> object:
    try:
        task = store.rows
        return await task
    except Exception as e:
        raise HTTPException(status_code=500, detail=str(e))


@router.get("/archive")
def archive(path: str) -> dict:
    try:
        opened = ZipFile(path)
        return {"ok": opened is not None}
    except Exception as e:
        raise HTTPException(status_code=500, detail=str(e))
""",
            note="no call that can fail, but a loop over a cursor or an awaited task can "
            "raise anything, and a library class may open a file as it is built: still "
            "reported",
            lines=(20, 29, 38),
        ),
        Example(
            files={
                "app/store.py": "import json\n\n\ndef load_project(name: str) -> dict:\n    with open(name) as f:\n        return json.load(f)\n",
                "app/main.py": """\
import uvicorn
from fastapi import Depends, FastAPI, HTTPException
from fastapi.middleware.cors import CORSMiddleware

from app.store import load_project


def get_current_user() -> str:
    return \"me\"

app = FastAPI()


@app.get("/projects/{name}")
def project(name: str, user: str = Depends(get_current_user)) -> dict:
    try:
        return load_project(name)
    except Exception as e:
        raise HTTPException(status_code=500, detail=f"Failed to load: {e}")


def main() -> None:
    uvicorn.run(app, host="127.0.0.1", port=8757)
""",
            },
            note="the same local server with a user dependency: callers are told apart, the error "
            "text can cross from one to another",
            lines=(19,),
        ),
        Example(
            files={
                "app/store.py": "import json\n\n\ndef load_project(name: str) -> dict:\n    with open(name) as f:\n        return json.load(f)\n",
                "app/main.py": """\
import uvicorn
from fastapi import FastAPI, HTTPException
from fastapi.middleware.cors import CORSMiddleware

from app.store import load_project

app = FastAPI()
PORT = 5173
app.add_middleware(
    CORSMiddleware,
    allow_origins=[f"http://localhost:{PORT}", f"http://127.0.0.1:{PORT}"],
)


@app.get("/projects/{name}")
def project(name: str) -> dict:
    try:
        return load_project(name)
    except Exception as e:
        raise HTTPException(status_code=500, detail=f"Failed to load: {e}")


def main() -> None:
    uvicorn.run(app, host="0.0.0.0", port=8757)
""",
            },
            note="localhost origins, but it listens on every interface",
            lines=(20,),
        ),
        Example(
            files={
                **_GATEWAY_FILES,
                "app/gateway.py": _GATEWAY
                + "\n\ndef serve(host: str) -> None:\n    uvicorn.run(build_gateway(), host=host)\n",
            },
            note="the other side of the loopback-helper trap: the gateway is also served on a "
            "configurable host",
            lines=(15,),
        ),
        Example(
            files={
                "Dockerfile": 'FROM python:3.12-slim\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]\n',
                "app/store.py": "import json\n\n\ndef load_project(name: str) -> dict:\n    with open(name) as f:\n        return json.load(f)\n",
                "app/main.py": """\
import uvicorn
from fastapi import FastAPI, HTTPException
from fastapi.middleware.cors import CORSMiddleware

from app.store import load_project

app = FastAPI()
PORT = 5173
app.add_middleware(
    CORSMiddleware,
    allow_origins=[f"http://localhost:{PORT}", f"http://127.0.0.1:{PORT}"],
)


@app.get("/projects/{name}")
def project(name: str) -> dict:
    try:
        return load_project(name)
    except Exception as e:
        raise HTTPException(status_code=500, detail=f"Failed to load: {e}")


def main() -> None:
    uvicorn.run(app, host="127.0.0.1", port=8757)
""",
            },
            note="it listens on 127.0.0.1 in the code, but its image serves it on every interface",
            lines=(20,),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/control.py": _CONTROL.replace("AF_UNIX", "AF_INET").replace(
                    "sock.bind(path)", 'sock.bind(("0.0.0.0", 8321))'
                ),
            },
            note="the server is handed a socket it made itself, but a TCP one on every "
            "interface: not a local socket file",
            lines=(18,),
        ),
        snippet(
            """\
import json

import requests
from fastapi import APIRouter, HTTPException

from app.store import load_filter, save_filter

router = APIRouter()


def normalise(data: str | dict) -> str:
    parsed = json.loads(data) if isinstance(data, str) else data
    return json.dumps({"query": parsed.get("query", ""), "limit": parsed.get("limit", 10)})


@router.put("/filters/{filter_id}")
async def update(filter_id: str, query: str | None = None) -> dict:
    stored = await load_filter(filter_id)
    data = query if query is not None else stored["query"]
    try:
        normalised = normalise(data)
    except Exception as e:
        raise HTTPException(400, detail=f"bad filter: {e}")
    try:
        await save_filter(filter_id, normalised)
    except Exception as e:
        raise HTTPException(500, detail=f"save failed: {e}")
    return {"id": filter_id}


@router.get("/filters/{filter_id}/help")
def help_for(filter_id: str) -> dict:
    try:
        page = requests.get(f"https://help.example/{normalise(filter_id)}")
    except Exception as e:
        raise HTTPException(502, detail=f"help failed: {e}")
    return {"help": page.text}
""",
            with_files={
                "app/store.py": """\
async def load_filter(filter_id: str) -> dict:
    raise NotImplementedError


async def save_filter(filter_id: str, data: str) -> None:
    raise NotImplementedError
"""
            },
            note="a try that only calls a helper computing from its arguments (the client's "
            "text or a stored record): info; the save beside it does I/O, and so does a "
            "library's `.get()` beside the helper (not `dict.get`): warning",
            lines=(23, 27, 36),
        ),
        snippet(
            """\
from fastapi import FastAPI, HTTPException, Request

from app.config import TRUSTED_HOSTS

app = FastAPI()


@app.post("/import")
def import_file(request: Request, path: str) -> dict:
    host = request.client.host if request.client else None
    if host not in TRUSTED_HOSTS:
        raise HTTPException(status_code=403, detail="not allowed")
    try:
        return {"size": len(open(path, "rb").read())}
    except Exception as e:
        raise HTTPException(status_code=500, detail=f"import failed: {e}") from e


@app.post("/export")
def export_file(request: Request, path: str) -> dict:
    if request.client and request.client.host not in ("127.0.0.1", "::1"):
        print("remote export from", request.client.host)
    try:
        return {"size": len(open(path, "rb").read())}
    except Exception as e:
        raise HTTPException(status_code=500, detail=f"export failed: {e}") from e
""",
            with_files={"app/config.py": 'TRUSTED_HOSTS = ("127.0.0.1", "10.0.0.2")\n'},
            note="the other side of the loopback gate: a list of trusted hosts from "
            "configuration (not only the loopback interface), and a remote caller only "
            "logged, not refused",
            lines=(16, 26),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/training.py": _BACKENDS,
                "app/main.py": """\
from fastapi import FastAPI, HTTPException

app = FastAPI()


@app.post("/training")
def start_training() -> dict:
    try:
        from app.training import load_backend

        backend = load_backend()
    except Exception as exc:
        raise HTTPException(status_code=503, detail=f"Trainer unavailable: {exc}")
    return {"backend": backend}
""",
            },
            note="trap: the project function raises its own error but also reads a file, whose "
            "error names the server's paths",
            lines=(13,),
        ),
        Example(
            files={
                "app/registry.py": _REGISTRY,
                "app/main.py": _REGISTRY_ROUTES.format(method="probe"),
            },
            note="the other side of the lock trap: the method enters an object of its class "
            "that is no lock (a gate built with a database URL), whose entering may fail",
            lines=(13,),
        ),
        Example(
            files={
                "app/advisor.py": _ADVISOR,
                "app/main.py": _ADVISOR_ROUTE.format(method="recall"),
            },
            note="the other side of the relayed calls: the method hands its question to one "
            "that reads a file with no `try`, whose error names the server's path",
            lines=(14,),
        ),
        Example(
            files={"app/probes.py": _PROBER, "app/main.py": _PROBER_ROUTE.format(method="version")},
            note="the other side of the setup function's object: the route calls a method of "
            "it that asks another server with no `try`, whose error names that server",
            lines=(14,),
        ),
        Example(
            files={
                "app/fleet.py": _FLEET.format(gathered="*(self._ping(h) for h in self.hosts)"),
                "app/main.py": _FLEET_ROUTE,
            },
            note="the other side of the gathered probes: without `return_exceptions=True` "
            "the first probe's error (a host's name, a refused connection) comes out of the "
            "`gather`",
            lines=(14,),
        ),
        Example(
            files={"app/main.py": _NOTES.format(answer='{"text": text}')},
            note="the other side of the published path: the read route answers with the "
            "note's text only, so the `OSError` would tell the client where the notes live",
            lines=(21,),
        ),
        Example(
            files={"app/main.py": _DASHBOARD.format(page='resources.files("app")')},
            note="the other side of the file read caught before: the page is a package "
            "resource (a `Traversable`, maybe inside a zip), whose reading may raise more "
            "than `OSError`",
            lines=(21,),
        ),
        Example(
            files={
                "app/convert.py": _CONVERTER.format(
                    report='traceback.print_exc(file=open("/var/log/convert.log", "a"))'
                ),
                "app/main.py": _CONVERTER_ROUTE,
            },
            note="the other side of the console report: the clause opens a log file to "
            "print the traceback into, and opening it can fail with the server's path",
            lines=(16,),
        ),
        Example(
            files={
                "app/errors.py": _JOBS_ERRORS,
                "app/jobs.py": _JOBS.format(
                    clause="except httpx.HTTPError", raise_="raise JobFailed(name)"
                ),
                "app/main.py": _JOBS_ROUTE,
            },
            note="the other side of the converted errors: the function converts only "
            "the HTTP client's errors, so any other error reaches the route's broad clause",
            lines=(17,),
        ),
        Example(
            files={
                **_ADMIN_GATE_FILES,
                "app/admin.py": _ADMIN_GATE.format(test='account.role != "admin"'),
            },
            note="a route behind a dependency refusing with 403 every caller whose role is not "
            "the administrator's (seen in gaard-api's datasource routes): the text reaches "
            "administrators only, reported at info as such",
            lines=(23,),
        ),
        Example(
            files={
                **_ADMIN_GATE_FILES,
                "app/admin.py": _ADMIN_GATE.format(
                    test='account.role not in {"clerk", "admin"} or not account.id'
                ),
            },
            note="the other side of the administrators' gate: a role test admitting plain "
            "clerks too proves no privilege, and the warning stands",
            lines=(23,),
        ),
        Example(
            files={
                **_ADMIN_GATE_FILES,
                "app/admin.py": _ADMIN_GATE.format(
                    test="not account.is_superuser and account.id != 1"
                ),
            },
            note="the other side of the administrators' gate: a superuser test joined by `and` "
            "to another lets an ordinary caller through, and the warning stands",
            lines=(23,),
        ),
    )
    good = (
        Example(
            files=_drivers_files(),
            note="the branch that sends the error's text admits only the project's own "
            "`DriverUnsupported`, named by its class (`type(exc).__name__`), which the "
            "project raises only with a message it writes for the client; anything else is "
            "raised again",
        ),
        Example(
            files=_envelope_files("503", 'f"export failed: {err}"'),
            note="the app's `HTTPException` handler, installed by a function the factory "
            "hands the app to, answers every 5xx with a string detail by a fixed text (seen "
            "in attune-gui): the error's text never reaches the client",
        ),
        snippet(
            """\
from fastapi import FastAPI, HTTPException
from fastapi.responses import JSONResponse, PlainTextResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

app = FastAPI()


@app.exception_handler(StarletteHTTPException)
async def http_error(request, exc):
    if exc.status_code // 100 == 5:
        return PlainTextResponse("Internal error", status_code=exc.status_code)
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)


@app.get("/report")
def report() -> dict:
    try:
        with open("/srv/report.txt") as f:
            return {"report": f.read()}
    except OSError as e:
        raise HTTPException(status_code=500, detail=str(e))
""",
        ),
        Example(
            files={**_NAMED_HOST_FILES, "app/hosts.py": 'DEFAULT_HOST = "localhost"\n'},
            note="a local tool whose `--host` option defaults to a module-level constant, "
            "imported from another module, holding a loopback address (seen in kimcp): "
            "its error text goes back to the machine's owner",
        ),
        Example(
            files={
                "app/errors.py": _JOBS_ERRORS,
                "app/jobs.py": _JOBS.format(
                    clause="except Exception", raise_="raise JobFailed(name)"
                ),
                "app/main.py": _JOBS_ROUTE,
            },
            note="the `try` only awaits a project function whose catch-all clause logs the "
            "error and raises the project's own exception with a message the code wrote, and "
            "an earlier clause of the route (the keys of its status map) catches that "
            "exception (seen in scrapyrta): no library text reaches `except Exception`",
        ),
        Example(
            files={
                "app/advisor.py": _ADVISOR,
                "app/main.py": _ADVISOR_ROUTE.format(method="lookup"),
            },
            note="the `try` only gets a singleton from its factory and calls a method of it, "
            "and each only hands on to project code that stops its errors (the factory to "
            "the class, whose `__init__` calls a method that does; `lookup` to `ask`; seen "
            "in socrates-core-api): nothing of a library reaches `except Exception`",
        ),
        Example(
            files={"app/probes.py": _PROBER, "app/main.py": _PROBER_ROUTE.format(method="ping")},
            note="the route, declared inside a setup function, only calls a method of the "
            "object that function built (`prober = Prober(url)`), and the method stops every "
            "error of its own work, logged through the object's own logger (`self.logger`; "
            "seen in stocksblitz-shared): nothing of a library reaches `except Exception`",
        ),
        Example(
            files={
                "app/fleet.py": _FLEET.format(
                    gathered="*(self._ping(h) for h in self.hosts), return_exceptions=True"
                ),
                "app/main.py": _FLEET_ROUTE,
            },
            note="the `try` only awaits a method that gathers coroutines of its own object's "
            "`async def` with `return_exceptions=True` (seen in stocksblitz-shared): each "
            "probe's error comes back as a value, so none reaches `except Exception`",
        ),
        Example(
            files={"app/main.py": _NOTES.format(answer='{"text": text, "path": str(note)}')},
            note="each `try` only reads or deletes one file, its clause catches `OSError` "
            "alone, and the route's answer on success holds that file's path (seen in "
            "initrunner): the error's text is the errno's message and a path the route "
            "publishes anyway",
        ),
        snippet(
            _SHARES.format(answer="folder"),
            note="the `try` only makes one folder with `os.mkdir`, its clause catches "
            "`OSError` alone, and the answer on success holds that folder's path (seen in "
            "pixlstash): the error's text is the errno's message and that path",
        ),
        Example(
            files={"app/main.py": _DASHBOARD.format(page="Path(__file__).parent")},
            note="the `try` only reads a file through a `pathlib.Path` local and builds a "
            "response with its text, and the clauses before `except Exception` catch "
            "`OSError` and `UnicodeDecodeError`, all such a read raises (seen in "
            "ccproxy-api): nothing reaches the broad clause",
        ),
        Example(
            files={
                "app/convert.py": _CONVERTER.format(report="traceback.print_exc()"),
                "app/main.py": _CONVERTER_ROUTE,
            },
            note="the `try` only calls a project function whose catch-all clause prints the "
            "error and its traceback on the console (`import traceback` in the clause) and "
            "returns None (seen in pyarchinit-mini): like a log line, nothing of it reaches "
            "the caller",
        ),
        Example(
            files={
                "app/registry.py": _REGISTRY,
                "app/main.py": _REGISTRY_ROUTES.format(method="listing"),
            },
            note="the `try` only awaits a method that takes the lock its class made "
            "(`self.lock = asyncio.Lock()`) and stops every error of its own work inside it "
            "(`except Exception: continue`, nothing logged; seen in teleopsh): taking a lock "
            "raises nothing of the server's",
        ),
        Example(
            files=_keys_files('self.key = os.getenv("SIGNING_KEY")'),
            note="the `try` takes no outside value and only calls project code that reads the "
            "environment and can fail only with the message it wrote (`SIGNING_KEY is "
            "required`, a lazy singleton's construction, seen in mcp-openproject): nothing "
            "else can reach the `except`",
        ),
        Example(
            files=_inbox_files(_MARK_IN_MEMORY, _INBOX_ROUTES),
            note="each `try` only works on lists a project service keeps in memory (seen in "
            "zmp-manual-backend): it awaits the service's methods, whose bodies only loop, "
            "compare and assign, with the client's plain path value, or copies, filters and "
            "sorts the service's list itself beside log lines: nothing there can raise SQL, "
            "hosts, paths or credentials",
        ),
        Example(
            files=_inbox_files(_MARK_IN_MEMORY, _INBOX_STREAM),
            note="the `try` only defines an async generator and hands what calling it gives to "
            "`StreamingResponse` (seen in zmp-manual-backend, with sse-starlette's "
            "`EventSourceResponse`): calling a generator function runs none of its body, the "
            "response iterates it after the route returned, so the `except` never sees its "
            "errors",
        ),
        Example(
            files={**_VOICE_FILES, "app/main.py": _VOICE_ROUTE.format(chunks="voice.stream(text)")},
            note="the `try` only calls a project generator function (an `async def` whose body "
            "yields, seen in oremi-izwi; a sync one alike) and binds what it gives: that "
            "builds the generator object, none of its body runs until `StreamingResponse` "
            "iterates it after the `try`, so the `except` never sees its errors",
        ),
        Example(
            files={**_STORES_FILES, "app/main.py": _STORES_ROUTES},
            note="the `try` only awaits a method of an interface every implementation of which "
            "stops its own errors (logged through a helper that cleans the text, a status "
            "returned), also one only a subclass has behind `hasattr` (seen in "
            "mcp-memory-service-lite): the `except` never runs",
        ),
        Example(
            files={**_GATEWAY_FILES, "app/gateway.py": _GATEWAY},
            note="a helper app served only on 127.0.0.1 (an in-sandbox gateway the project's "
            "own process calls, seen in agentscope), in a project whose other app listens on "
            "every interface: the gateway's callers are local processes, which sent what "
            "failed",
        ),
        snippet(
            """\
import asyncio
import subprocess

from fastapi import APIRouter, Body, Depends, FastAPI, HTTPException, Request
from fastapi.responses import PlainTextResponse

from app.auth import verify_token

router = APIRouter()


@router.post("/tools/run_shell")
async def run_shell(command: str = Body(..., embed=True)) -> dict:
    try:
        proc = await asyncio.create_subprocess_shell(command, stdout=asyncio.subprocess.PIPE)
        out, _ = await proc.communicate()
        return {"stdout": out.decode()}
    except Exception as e:
        raise HTTPException(status_code=500, detail=str(e)) from e


@router.post("/run_script")
async def run_script(request: Request) -> PlainTextResponse:
    form = await request.form()
    upload = form.get("script")
    source = await upload.read()
    try:
        scope: dict = {}
        exec(source, scope)
        return PlainTextResponse(str(scope.get("result")))
    except Exception as e:
        return PlainTextResponse(f"Error executing script: {e}", status_code=500)


@router.get("/files/diff")
def diff() -> dict:
    try:
        out = subprocess.run(["git", "diff"], capture_output=True, check=True)
        return {"diff": out.stdout.decode()}
    except Exception as e:
        raise HTTPException(status_code=500, detail=str(e)) from e


app = FastAPI()
app.include_router(router, dependencies=[Depends(verify_token)])
""",
            with_files={"app/auth.py": "def verify_token() -> None:\n    pass\n"},
            note="a route that runs the code or shell command its caller sends (seen in "
            "agentscope-runtime's sandbox and lmcache's `/run_script`): the caller already "
            "executes anything on the server, so the exception text tells it nothing; nor "
            "does that of another route of the same app behind the same token",
        ),
        snippet(
            _console(),
            note="a SQL console: the route runs the statement its caller wrote "
            "(`conn.execute(text(statement))`, the text read from the request body) and "
            "answers with the database's error so the caller can fix it (seen in q-admin); "
            "another route of the app factory behind the same token (a dependency the factory "
            "defines beside its routes) is answered alike: its caller can already run any "
            "statement and read every error the database gives",
        ),
        Example(
            files={
                "app/store.py": "import json\n\n\ndef load_project(name: str) -> dict:\n    with open(name) as f:\n        return json.load(f)\n",
                "app/main.py": """\
import uvicorn
from fastapi import FastAPI, HTTPException
from fastapi.middleware.cors import CORSMiddleware

from app.store import load_project

app = FastAPI()


@app.get("/projects/{name}")
def project(name: str) -> dict:
    try:
        return load_project(name)
    except Exception as e:
        raise HTTPException(status_code=500, detail=f"Failed to load: {e}")


def main() -> None:
    uvicorn.run(app, host="127.0.0.1", port=8757)
""",
            },
            note="a local single-user tool: it listens on 127.0.0.1 and authenticates nobody, so "
            "the error text goes back to the machine's owner (H6 kiln-server); with a user "
            "dependency it is reported (`bad`)",
        ),
        Example(
            files={
                "app/store.py": "import json\n\n\ndef load_project(name: str) -> dict:\n    with open(name) as f:\n        return json.load(f)\n",
                "app/main.py": """\
import uvicorn
from fastapi import FastAPI, HTTPException
from fastapi.middleware.cors import CORSMiddleware

from app.store import load_project

app = FastAPI()
PORT = 5173
app.add_middleware(
    CORSMiddleware,
    allow_origins=[f"http://localhost:{PORT}", f"http://127.0.0.1:{PORT}"],
)


@app.get("/projects/{name}")
def project(name: str) -> dict:
    try:
        return load_project(name)
    except Exception as e:
        raise HTTPException(status_code=500, detail=f"Failed to load: {e}")


def main() -> None:
    uvicorn.run(app, port=8757)
""",
            },
            note="no host given, but the only page allowed to call it is served from localhost "
            "and nothing authenticates: a local desktop API",
        ),
        Example(
            files={"app/__init__.py": "", "app/control.py": _CONTROL},
            note="a control server that listens only on a socket file it binds itself "
            "(`AF_UNIX`) and authenticates nobody: the error text goes back to a process of "
            "the same machine (H33 inspect-ai _control/server.py)",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/control.py": _CONTROL.split("\n\nasync def serve", 1)[0]
                + '\n\n\ndef main() -> None:\n    uvicorn.run(app, uds="/run/jobs/control.sock")\n',
            },
            note="the same server given a socket file by `uds=`",
        ),
        Example(
            files={
                "app/db.py": _MANAGER,
                "app/main.py": """\
from fastapi import Depends, FastAPI, HTTPException

from app.db import Manager, get_db

app = FastAPI()


@app.post("/rows")
def create(name: str, db: Manager = Depends(get_db)) -> dict:
    try:
        result = db.save({"name": name})
        if not result.ok:
            raise HTTPException(status_code=400, detail=result.message)
        return {"ok": True}
    except Exception as e:
        raise HTTPException(status_code=500, detail=str(e)) from e

""",
            },
            note="the `try` only calls a method that stops every error of its own work "
            "(`except Exception`: logged, a status returned) and raises its own "
            "`HTTPException`: no internal error reaches `str(e)` (seen in magentic-ui); a "
            "method whose query runs outside such a `try` is still reported (`bad`)",
        ),
        snippet(
            """\
from fastapi import APIRouter, File, HTTPException, UploadFile
from PIL import Image

router = APIRouter()


@router.post("/avatar")
async def upload_avatar(file: UploadFile = File(...)) -> dict[str, int]:
    raw = await file.read()
    try:
        import io

        picture = Image.open(io.BytesIO(raw))
        picture.load()
        thumb = picture.convert("RGB").resize((64, 64))
        out = io.BytesIO()
        thumb.save(out, format="JPEG")
        small = out.getvalue()
    except Exception as err:
        raise HTTPException(status_code=422, detail=f"not an image: {err}")
    return {"bytes": len(small)}
""",
            note="the `try` only decodes the uploaded bytes in memory with Pillow and "
            "encodes the result into another in-memory stream: what it raises is Pillow's "
            "word about the client's own image, no file, database or host",
        ),
        snippet(
            """\
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException

router = APIRouter()
CLIENT_ID = "client"
SCOPES = ["read", "write"]


@router.get("/login-url")
async def login_url(state: str) -> dict[str, str]:
    try:
        params = {"client_id": CLIENT_ID, "scope": " ".join(SCOPES), "state": state}
        url = f"https://auth.example.com/authorize?{urlencode(params)}"
        return {"login_url": url}
    except Exception as e:
        raise HTTPException(status_code=500, detail=f"cannot build the login URL: {e}")
""",
            note="a try that only builds a URL from configuration (seen in autogenstudio): no "
            "I/O, nothing internal in what it can raise",
        ),
        snippet(
            """\
import logging

from fastapi import APIRouter, HTTPException

router = APIRouter()
logger = logging.getLogger(__name__)


async def charge(amount: int) -> None:
    raise RuntimeError("db timeout at 10.0.0.5")


@router.post("/pay")
async def pay(amount: int) -> dict[str, str]:
    try:
        await charge(amount)
    except Exception as e:
        logger.exception("payment failed")
        raise HTTPException(status_code=502, detail="Payment provider unavailable") from e
    return {"status": "ok"}
"""
        ),
        Example(
            files={
                "app/exceptions.py": "class PaymentDeclined(Exception):\n    pass\n",
                "app/main.py": """\
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from app.exceptions import PaymentDeclined

app = FastAPI()


@app.post("/pay")
async def pay(payload: dict) -> dict:
    try:
        return {"ok": True}
    except PaymentDeclined as e:
        raise HTTPException(status_code=402, detail=str(e))
    except ValidationError as e:
        raise HTTPException(status_code=422, detail=e.errors())
    except (ValueError, KeyError) as e:
        raise HTTPException(status_code=400, detail=f"bad input: {e}")


@app.exception_handler(PaymentDeclined)
async def declined(request: Request, exc: PaymentDeclined) -> JSONResponse:
    return JSONResponse(status_code=402, content={"detail": str(exc)})
""",
            },
            note="domain errors, validation errors and specific client errors are meant for clients",
        ),
        snippet(
            """\
from fastapi import HTTPException


def worker_step(job: dict) -> None:
    try:
        job["run"]()
    except Exception as e:
        raise HTTPException(status_code=500, detail=str(e))


class Str:
    pass


async def cli() -> None:
    e = "static"
    try:
        pass
    except Exception as err:
        raise HTTPException(status_code=500, detail=str(e) + f"{err.__class__.__name__}")
""",
            note="not a route or a dependency; a name that is not the exception; the class name only",
        ),
        Example(
            files={
                "app/errors.py": "class ComponentInvalid(Exception):\n    pass\n",
                "app/auth.py": """\
def validate_password(password: str) -> bool:
    if len(password) < 8:
        raise Exception("Password must be at least 8 characters")
    return True
""",
                "app/main.py": """\
from fastapi import FastAPI, HTTPException

from app import auth
from app.auth import validate_password
from app.errors import ComponentInvalid

app = FastAPI()


async def build(flow_id: str) -> dict:
    return {"id": flow_id}


@app.post("/signup")
async def signup(password: str) -> dict:
    try:
        validate_password(password)
    except Exception as e:
        raise HTTPException(400, detail=str(e))
    try:
        auth.raise_if_disabled("signup")
    except Exception as e:
        raise HTTPException(status_code=403, detail=str(e)) from e
    return {}


@app.post("/build/{flow_id}")
async def build_flow(flow_id: str) -> dict:
    try:
        return await build(flow_id)
    except Exception as exc:
        if "stream or streaming set to True" in str(exc):
            raise HTTPException(status_code=400, detail=str(exc)) from exc
        if "not found" in str(exc).lower() or "no such flow" in str(exc).lower():
            raise HTTPException(status_code=404, detail=str(exc)) from exc
        if isinstance(exc, ComponentInvalid):
            raise HTTPException(status_code=400, detail=str(exc)) from exc
        raise HTTPException(status_code=500, detail="build failed") from exc
""",
            },
            note="a try around a validator alone (validate_*, raise_*); branches narrowed to a "
            "project exception or to known messages (`or` of them, seen in litellm)",
        ),
        Example(
            files={
                "app/ids.py": _IDS,
                "app/main.py": """\
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

from app import ids

app = FastAPI()


class Ticket(BaseModel):
    ticket: str


@app.post("/tickets")
def create_ticket() -> Ticket:
    try:
        return Ticket(ticket=ids.new_ticket("T"))
    except Exception as e:
        raise HTTPException(status_code=400, detail=str(e))
""",
            },
            note="the `try` only builds a model from what a pure project function makes from "
            "literals (a new id, a log line): no outside value goes in, nothing to leak",
        ),
        snippet(
            """\
from fastapi import FastAPI, HTTPException, Request

app = FastAPI()


@app.post("/files/by-path")
async def read_by_path(request: Request, path: str) -> dict:
    client_host = request.client.host if request.client else None
    if client_host not in ("127.0.0.1", "::1", "localhost"):
        raise HTTPException(status_code=403, detail="local connections only")
    try:
        with open(path, "rb") as f:
            content = f.read()
    except Exception as e:
        raise HTTPException(status_code=400, detail=f"Error reading {path}: {e}") from e
    return {"size": len(content)}
""",
            note="a route that refuses every client not on the loopback interface: its "
            "callers are the machine's owner, who can read any error text there anyway "
            "(seen in document-analyser)",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/training.py": _BACKENDS,
                "app/main.py": """\
from fastapi import FastAPI, HTTPException

app = FastAPI()


@app.post("/training")
def start_training() -> dict:
    try:
        from app.training import resolve_backend

        backend = resolve_backend()
    except Exception as exc:
        raise HTTPException(status_code=503, detail=f"Trainer unavailable: {exc}")
    return {"backend": backend}
""",
            },
            note="the `try` imports a project function and calls it with nothing from outside; "
            "the function only raises the project's own error with the message it wrote "
            "(H33 sovyx voice_training.py)",
        ),
    )


class _CodeRoutes:
    """The routes that run the code their caller sends (:func:`_runs_callers_code`), or the
    SQL it writes (:func:`_runs_callers_sql`): whoever can call one of them already executes
    anything on the server, or reads every error its database can give, and the text of an
    exception tells that caller nothing it cannot read itself."""

    def __init__(self, project: Project, runners: set[str | None]) -> None:
        self.project = project
        self._routes: dict[str, list[Route]] | None = None
        self.runners = {self.owner(r) for r in runners if r is not None}
        self._gates: list[tuple[frozenset[str], frozenset[str]]] | None = None

    def routes(self, function: str) -> list[Route]:
        if self._routes is None:
            self._routes = {}
            for route in self.project.routes:
                self._routes.setdefault(route.function.qname, []).append(route)
        return self._routes.get(function, [])

    def owner(self, function: str) -> str:
        """The route ``function`` runs in: itself, or the nearest function around it that is
        a route (a route defined in an app factory, a helper nested in a route); else the
        outermost function around it, whose other code then shares its caller."""
        q = function
        while not self.routes(q):
            head, sep, _ = q.rpartition(".<locals>.")
            if not sep:
                return function.partition(".<locals>.")[0]
            q = head
        return q

    def _apps_and_gates(self, route: Route) -> tuple[frozenset[str], frozenset[str] | None]:
        """The applications that serve ``route`` and the dependencies that guard it (None
        when one of them cannot be resolved)."""
        apps = frozenset(
            i.qname for i in self.project.include_chain(route.receiver) if i.kind == "app"
        )
        targets = [self._target(route, d) for d in self.project.route_dependencies(route)]
        if any(t is None for t in targets):
            return apps, None
        return apps, frozenset(t for t in targets if t is not None)

    def _target(self, route: Route, ref: DependencyRef) -> str | None:
        """The dependency ``ref`` of ``route`` names: its resolved target, or the function of
        that name the app factory around the route defines (``Depends(verify_token)`` where
        ``verify_token`` is a sibling of the route in ``create_app``), which every route of
        that factory naming it shares."""
        if ref.target is not None:
            return ref.target
        dep = arg(ref.call, 0)
        head, sep, _ = route.function.qname.rpartition(".<locals>.")
        if not (sep and isinstance(dep, Name) and dep.qname is None and dep.dotted):
            return None
        if not dep.dotted.isidentifier():
            return None  # ``Depends(auth.check)``: an attribute of a local, not a local def
        local = f"{head}.<locals>.{dep.dotted}"
        return local if self.project.function(local) is not None else None

    def open_to_callers_of(self, function: str | None) -> bool:
        """``function`` runs its caller's code or SQL itself, or it is (or runs in) a route of
        an application that also serves such a route guarded by no dependency this route
        lacks (the same token, the same admin check, or none): every caller of this route
        may run code, or any statement."""
        if function is None or not self.runners:
            return False
        function = self.owner(function)
        if function in self.runners:
            return True
        mine = self.routes(function)
        if not mine:
            return False
        if self._gates is None:
            self._gates = []
            for runner in sorted(self.runners):
                for route in self.routes(runner):
                    apps, gates = self._apps_and_gates(route)
                    if apps and gates is not None:
                        self._gates.append((apps, gates))
        for route in mine:
            apps, gates = self._apps_and_gates(route)
            if not any(
                apps & runner_apps and runner_gates <= (gates or frozenset())
                for runner_apps, runner_gates in self._gates
            ):
                return False
        return True


def _swallows(
    project: Project, function: str | None, guarded: str, caught: tuple[str, ...] = ()
) -> bool:
    """The callee ``guarded`` (:func:`_guarded_calls`) of the route ``function`` is a project
    function that stops every error of its own work (``Function.swallows_errors``), or
    turns each into a project exception an earlier clause of the route's ``try`` catches
    (:func:`_converted_to_caught`).  A
    parameter's method is found through the parameter's annotation, or the return
    annotation of its dependency (``db=Depends(get_db)`` where ``get_db() -> DBManager``)."""
    kind, _, target = guarded.partition(":")
    if kind == "cls":  # a class built in place: its ``__init__`` (if any) must not raise
        cls = project.class_(target)
        return cls is not None and all(
            _init_stops(project, q) for q in (cls.qname, *project.ancestors(cls.qname))
        )
    callees = _callees(project, function, guarded)
    return bool(callees) and all(_stops(project, c, caught) for c in callees)


def _callees(project: Project, function: str | None, guarded: str) -> list[Function]:
    """The project functions the callee ``guarded`` (:func:`_guarded_calls`, not a class)
    of the route ``function`` may run: every implementation of a method."""
    kind, _, target = guarded.partition(":")
    if kind == "inst":  # a method of an object a project class or factory made
        made, _, method = target.partition("|")
        cls = _class_made_by(project, made)
        return _implementations(project, cls, method) if cls is not None else []
    if kind == "fn":
        callee = project.function(target)
        return [callee] if callee is not None else []
    name, _, method = target.partition(".")
    fn = project.function(function)
    param = next((p for p in fn.params if p.name == name), None) if fn is not None else None
    if param is None:
        return []
    inner, _ = project.unwrap_annotated(param.annotation)
    types = [qname_of(inner)]
    for ref in project.param_dependencies(param):
        dep = ref.project_callable
        if isinstance(dep, Function):
            types.append(qname_of(project.unwrap_annotated(dep.returns)[0]))
    for t in types:
        cls = project.class_(t)
        if cls is None:
            continue
        callees = _implementations(project, cls, method)
        if callees:
            return callees
    return []


#: Decorators that give back the function they wrap.
_BARE_DECORATORS = frozenset({"builtins.staticmethod", "builtins.classmethod"})


def _builds_generator(project: Project, function: str | None, guarded: str) -> bool:
    """The callee ``guarded`` of the route ``function`` is a project generator function
    (sync or ``async def``, its body yields) with no decorator that could wrap it:
    calling it only builds the generator object, none of its body runs, so it raises
    nothing (seen in oremi-izwi: the stream is iterated by ``StreamingResponse`` after
    the ``try``)."""
    if guarded.startswith("cls:"):
        return False
    callees = _callees(project, function, guarded)
    return bool(callees) and all(
        c.is_generator and all(qname_of(d) in _BARE_DECORATORS for d in c.decorators)
        for c in callees
    )


def _class_made_by(project: Project, made: str):
    """The project class whose object a call of ``made`` gives: ``made`` itself, or the
    class a factory function's return annotation names (``def get_orchestrator() ->
    Orchestrator``); None otherwise."""
    cls = project.class_(made)
    if cls is not None:
        return cls
    factory = project.function(made)
    if factory is None or factory.returns is None:
        return None
    return project.class_(qname_of(project.unwrap_annotated(factory.returns)[0]))


def _init_stops(project: Project, qname: str, caught: tuple[str, ...] = (), depth: int = 0) -> bool:
    """The project class ``qname`` has no ``__init__`` of its own, or one that stops its
    errors, only computes from its arguments, or only relays project calls that stop
    theirs (a base's, reached through ``super().__init__(...)``, is asked in turn)."""
    cls = project.class_(qname)
    if cls is None or "__init__" not in cls.methods:
        return True
    init = project.function(f"{cls.qname}.__init__")
    return init is not None and (
        init.swallows_errors
        or init.parses_only
        or _relays_to_stopping(project, init, caught, depth)
    )


def _stops(project: Project, callee: Function, caught: tuple[str, ...], depth: int = 0) -> bool:
    """``callee`` lets no error of its own work reach the route's ``except``: it stops them
    all, converts them (:func:`_converted_to_caught`), or only relays project calls that
    do (:func:`_relays_to_stopping`)."""
    return (
        callee.swallows_errors
        or _converted_to_caught(project, callee, caught)
        or _relays_to_stopping(project, callee, caught, depth)
    )


def _relays_to_stopping(
    project: Project, callee: Function, caught: tuple[str, ...], depth: int
) -> bool:
    """Everything ``callee`` does but building values is calling project code
    (``Function.relays_errors``: ``return self.get_project(key)``, a factory building
    its singleton), and each callee stops its errors in turn: a method of its own object
    in every implementation the project has, a function, or a class whose ``__init__``
    (and its project bases') does, a few calls deep."""
    if callee.relays_errors is None or depth > 3:
        return False
    for relayed in callee.relays_errors:
        kind, _, target = relayed.partition(":")
        if kind == "coro":  # gathered with ``return_exceptions=True``: only made here
            if not _coroutine_functions(project, callee, target):
                return False
            continue
        if kind == "self":
            own = project.class_(callee.class_qname) if callee.class_qname else None
            impls = _implementations(project, own, target) if own is not None else []
            if not impls or not all(_stops(project, c, caught, depth + 1) for c in impls):
                return False
            continue
        fn = project.function(target)
        if fn is not None:
            if not _stops(project, fn, caught, depth + 1):
                return False
            continue
        cls = project.class_(target)
        if cls is None or not _plain_construction(project, cls.qname, caught, depth):
            return False
    return True


def _coroutine_functions(project: Project, callee: Function, relayed: str) -> bool:
    """The call ``relayed`` of ``callee`` (``"fn:<qname>"``, ``"self:<method>"``) runs
    a coroutine function, in every implementation the project has: calling it only makes
    the coroutine, and ``asyncio.gather(..., return_exceptions=True)`` hands back what
    that raises as a value."""
    kind, _, target = relayed.partition(":")
    if kind == "self":
        own = project.class_(callee.class_qname) if callee.class_qname else None
        impls = _implementations(project, own, target) if own is not None else []
    else:
        fn = project.function(target)
        impls = [fn] if fn is not None else []
    return bool(impls) and all(
        f.is_async and all(qname_of(d) in _PLAIN_DECORATORS for d in f.decorators) for f in impls
    )


#: Decorators that leave a coroutine function one (a wrapper might run it).
_PLAIN_DECORATORS = frozenset(
    {"builtins.staticmethod", "builtins.classmethod", "staticmethod", "classmethod"}
)


def _plain_construction(project: Project, qname: str, caught: tuple[str, ...], depth: int) -> bool:
    """Building the project class ``qname`` runs only ``__init__`` methods that stop their
    errors (:func:`_init_stops`): no dataclass's ``__post_init__``, no Pydantic validation
    (whose messages about the input have a rule of their own, :func:`_validation_only`)."""
    if project.name_is_class(qname, _MODEL_BASES):
        return False
    for q in (qname, *project.ancestors(qname)):
        c = project.class_(q)
        if c is None:
            continue
        if "__post_init__" in c.methods or any(qname_of(d) in _DATACLASS for d in c.decorators):
            return False
        if not _init_stops(project, q, caught, depth + 1):
            return False
    return True


def _converted_to_caught(project: Project, callee: Function, caught: tuple[str, ...]) -> bool:
    """Every error of ``callee``'s own work becomes a project exception
    (``Function.converts_errors``: ``except Exception: log; raise RunError(name) from e``)
    that only stores the message the code wrote (:func:`_own_exception`), and an earlier
    clause of the route's ``try`` catches each (``except (NotFound, RunError)``): nothing
    of a library reaches the broad clause."""
    if not callee.converts_errors or not caught:
        return False
    classes = {c.qname for q in caught if (c := project.class_(q)) is not None}
    for q in callee.converts_errors:
        cls = project.class_(q)
        if cls is None or not _own_exception(project, cls.qname):
            return False
        if not classes & {cls.qname, *project.ancestors(cls.qname)}:
            return False
    return True


def _binds(n: ast.AST, name: str) -> bool:
    """``n`` binds or changes ``name`` (``name = ...``, ``name[k] = ...``, ``del name[k]``,
    ``name.pop(k)``)."""
    if isinstance(n, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Delete)):
        targets = n.targets if isinstance(n, (ast.Assign, ast.Delete)) else [n.target]
        return any(
            (isinstance(t, ast.Name) and t.id == name)
            or (
                isinstance(t, ast.Subscript)
                and isinstance(t.value, ast.Name)
                and t.value.id == name
            )
            for t in targets
        )
    return (
        isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and n.func.attr in ("pop", "popitem", "clear", "update", "setdefault")
        and isinstance(n.func.value, ast.Name)
        and n.func.value.id == name
    )


def _caught_before(
    node: ast.Try, handler: ast.ExceptHandler, ctx: ModuleContext
) -> tuple[str, ...]:
    """The types the clauses of ``node`` before ``handler`` catch: ``except (NotFound,
    RunError)``, or the keys of a mapping the function binds once to a dict literal
    (``except tuple(statuses.keys())`` where ``statuses = {NotFound: 404, RunError: 500}``)."""
    out: list[str] = []
    for h in node.handlers:
        if h is handler:
            break
        for e in _caught_exprs(h.type, ctx):
            q = ctx.resolve(e)
            if q is not None:
                out.append(q)
    return tuple(out)


def _caught_exprs(t: ast.expr | None, ctx: ModuleContext) -> list[ast.expr]:
    """The expressions naming the types of an ``except`` clause's ``t``."""
    if isinstance(t, ast.Tuple):
        return list(t.elts)
    if not isinstance(t, ast.Call):
        return [t] if t is not None else []
    if ctx.resolve(t.func) != "builtins.tuple" or len(t.args) != 1:
        return []
    arg = t.args[0]
    if (
        isinstance(arg, ast.Call)
        and isinstance(arg.func, ast.Attribute)
        and arg.func.attr == "keys"
    ):
        arg = arg.func.value
    scope = next(
        (
            p
            for p in reversed(ctx.parents)
            if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef))
        ),
        None,
    )
    if not isinstance(arg, ast.Name) or scope is None:
        return []
    bound = [n for n in walk(scope) if _binds(n, arg.id)]
    if not (len(bound) == 1 and isinstance(bound[0], ast.Assign)):
        return []
    value = bound[0].value
    if not isinstance(value, ast.Dict):
        return []
    return [k for k in value.keys if k is not None]


_ABSTRACT = frozenset({"abc.abstractmethod"})


def _implementations(project: Project, cls, method: str) -> list[Function]:
    """What ``obj.method()`` may run for an ``obj`` declared as ``cls``: the method ``cls``
    has (unless abstract) and every override in the project's subclasses of ``cls`` (a
    storage interface's backends; a method only some backends have, called behind
    ``hasattr(storage, "pause_sync")``)."""
    out = []
    own = project.method(cls, method)
    if own is not None and not any(qname_of(d) in _ABSTRACT for d in own.decorators):
        out.append(own)
    for sub in project.classes.values():
        if method in sub.methods and cls.qname in project.ancestors(sub.qname):
            fn = project.function(f"{sub.qname}.{method}")
            if fn is not None:
                out.append(fn)
    return out


def _computes_from_nothing(h: Hit, project: Project) -> bool:
    """The ``try`` takes no outside value (:func:`_takes_no_input`) and only calls project
    functions that compute from their arguments alone (:func:`_pure_function`: the clock
    and a new id allowed) and builds Pydantic models or plain dataclasses from what they
    return (``return SessionOut(session=new_id())``): what it can raise holds nothing but
    values the code itself made, never SQL, hosts, paths or credentials."""
    data = h.payload(_Data)
    if not data.closed or not data.no_library_calls or not data.guarded:
        return False
    for g in data.guarded:
        kind, _, target = g.partition(":")
        if kind == "fn" and _pure_function(project, target):
            continue
        if kind == "cls" and (
            project.name_is_class(target, _MODEL_BASES) or _plain_dataclass(project, target)
        ):
            continue
        return False
    return True


#: The bases a project exception may have for its text to be the message it is raised with
#: (Python docs, "Built-in Exceptions": ``str()`` of an exception of one argument is that
#: argument).
_PLAIN_EXCEPTION_BASES = frozenset({"builtins.Exception", "builtins.BaseException"})
#: Methods through which an exception class could make its text from something else.
_MESSAGE_METHODS = frozenset({"__init__", "__new__", "__str__"})


def _classes_named(project: Project, names: set[str]) -> dict[str, list[str]]:
    """Simple class name -> the project classes of that name, for ``names`` only (read once
    per ``judge``, for the hits narrowed by a class name)."""
    out: dict[str, list[str]] = {n: [] for n in names}
    for q, cls in project.classes.items():
        if cls.name in out:
            out[cls.name].append(q)
    return out


def _plain_exception(project: Project, qname: str) -> bool:
    """The project class ``qname`` is an exception whose text is the argument it is raised
    with: its bases are project classes, ``Exception`` or ``BaseException``, and none of them
    defines ``__init__``, ``__new__`` or ``__str__``."""
    ancestors = project.ancestors(qname)
    if not ancestors & _PLAIN_EXCEPTION_BASES:
        return False
    for q in (qname, *ancestors):
        cls = project.class_(q)
        if cls is None and q not in _PLAIN_EXCEPTION_BASES:
            return False
        if cls is not None and set(cls.methods) & _MESSAGE_METHODS:
            return False
    return True


def _composed(call: ast.Call, caught: set[str]) -> bool:
    """``call`` passes one message the project writes: a string literal or an f-string none
    of whose fields reads a caught exception (``caught``)."""
    if call.keywords or len(call.args) != 1:
        return False
    message = call.args[0]
    if isinstance(message, ast.Constant):
        return isinstance(message.value, str)
    return isinstance(message, ast.JoinedStr) and not any(
        isinstance(n, ast.Name) and n.id in caught for n in walk(message)
    )


def _literal_raises(project: Project, name: str, uses: list[NamedUse]) -> bool:
    """Every call of the class ``name`` in the project is a ``raise`` of it with a message
    the project composes (:func:`_composed`), and there is one; other uses (an import, an
    ``except`` clause, an annotation) build nothing."""
    raised = False
    for use in uses:
        if use.kind in ("import", "type", "reference"):
            continue
        node = project.def_node(use.function) if use.kind == "call" and use.function else None
        if node is None:
            return False
        caught = {h.name for h in walk(node) if isinstance(h, ast.ExceptHandler) and h.name}
        exc = {id(r.exc) for r in walk(node) if isinstance(r, ast.Raise)}
        calls = [
            c
            for c in walk(node)
            if isinstance(c, ast.Call)
            and c.lineno == use.line
            and (getattr(c.func, "id", None) or getattr(c.func, "attr", None)) == name
        ]
        if not calls or not all(id(c) in exc and _composed(c, caught) for c in calls):
            return False
        raised = True
    return raised


def _own_messages(project: Project, names: tuple[str, ...], classes: dict[str, list[str]]) -> bool:
    """Each of ``names`` (the class names the ``except`` narrowed the exception to, compared
    by name: ``type(e).__name__ == "DriverError"``) is only the project's own exception
    class, whose text is the message it is raised with (:func:`_plain_exception`), and the
    project raises it only with messages it composes (:func:`_literal_raises`): what the
    client reads was written for it (seen in roustabout)."""
    if not names:
        return False
    uses = project.named_uses(names)
    if uses is None:
        return False
    return all(
        classes.get(n)
        and all(_plain_exception(project, q) for q in classes[n])
        and n in uses
        and _literal_raises(project, n, uses[n])
        for n in names
    )


def _fails_with_fixed_text(h: Hit, project: Project) -> bool:
    """The ``try`` takes no outside value (:func:`_takes_no_input`) and only calls sync
    project functions that can fail only with a message the project wrote
    (:func:`_fixed_failures`: ``raise ValueError("ENCRYPTION_KEY is required")`` after an
    ``os.getenv``), or it only does in-memory work (:func:`_works_in_memory`): whatever
    reaches the ``except`` says that, never SQL, hosts, paths or credentials."""
    data = h.payload(_Data)
    if not data.no_library_calls or not data.guarded:
        return False
    if data.closed and all(
        kind == "fn" and _fixed_failures(project, target)
        for kind, _, target in (g.partition(":") for g in data.guarded)
    ):
        return True
    return _works_in_memory(data, project)


def _works_in_memory(data: _Data, project: Project) -> bool:
    """The ``try`` gives its project code no value but literals and plain values the client
    sent (:func:`_client_values`), and that code, functions or methods of a project object
    the route holds (``await service.mark_read(message_id)`` on an injected service), sync
    or ``async def``, raises nothing of its own and does no I/O (:func:`_fixed_failures`,
    ``quiet``: loops over a list the object keeps, comparisons, assignments; seen in
    zmp-manual-backend): all that can fail is Python's own error about those values."""
    if not (data.closed or _client_values(project, data.function, data.passed)):
        return False
    for g in data.guarded or ():
        kind, _, target = g.partition(":")
        if kind == "fn":
            callees = [c] if (c := project.function(target)) is not None else []
        elif kind in ("param", "inst"):
            callees = _callees(project, data.function, g)
        else:
            return False
        if not callees or not all(_fixed_failures(project, c.qname, quiet=True) for c in callees):
            return False
    return True


#: Annotations of request values that are plain data: nothing in them can read anything.
_PLAIN_VALUES = frozenset(
    {
        "builtins.str",
        "builtins.int",
        "builtins.float",
        "builtins.bool",
        "builtins.None",
        "uuid.UUID",
    }
)


def _client_values(project: Project, function: str | None, passed: tuple[str, ...] | None) -> bool:
    """Each name in ``passed`` is a parameter of the route ``function`` that the client
    fills with a plain value (annotated ``str``, ``int``, ``float``, ``bool``, ``UUID`` or
    an optional one; no dependency): what a project function does with it can only echo it."""
    fn = project.function(function) if function is not None and passed is not None else None
    if fn is None or passed is None:
        return False
    params = {p.name: p for p in fn.params}
    for name in passed:
        param = params.get(name)
        if param is None or param.annotation is None or project.param_dependencies(param):
            return False
        types = annotation_names(project.unwrap_annotated(param.annotation)[0])
        if not types or not all(t in _PLAIN_VALUES for t in types):
            return False
    return True


#: Reads of the environment: a missing variable is ``None``, nothing is raised.
_ENVIRONMENT_READS = frozenset({"os.getenv", "os.environ.get"})


def _fixed_failures(project: Project, qname: str, depth: int = 0, quiet: bool = False) -> bool:
    """``qname`` is a sync project function (or class, through its ``__init__``; a method of
    a plain project class, :func:`_plain_class`) whose body does no I/O and raises only a
    built-in or project exception built from literals alone:
    it reads the environment at most, and every call it makes is such a project function
    again (a method of what a project function returns, or of its own object, found
    through the annotation), a few calls deep.  No ``with``, ``try``, ``await``,
    ``yield``, import or nested function; a ``global`` lazy singleton is allowed.
    ``quiet``: it raises nothing at all, and may be an ``async def`` (with no ``await``,
    its body runs as a sync one's)."""
    if depth > 4:
        return False
    cls = project.class_(qname)
    if cls is not None:
        return _fixed_construction(project, cls, depth, quiet)
    fn = project.function(qname)
    module = project.modules.get(fn.module) if fn is not None else None
    if fn is None or fn.decorators or module is None:
        return False
    if fn.class_qname is not None and not _plain_class(project, fn.class_qname):
        return False
    node = project.def_node(fn)  # the model's memo: a helper asked again parses nothing
    if node is None or (isinstance(node, ast.AsyncFunctionDef) and not quiet):
        return False
    owner = qname.rpartition(".")[0] if project.class_(qname.rpartition(".")[0]) else None
    raised = {id(n.exc) for n in walk(node) if isinstance(n, ast.Raise)}
    for n in walk(node):
        if n is node:
            continue
        if isinstance(n, _NOT_FIXED):
            return False
        if isinstance(n, ast.Raise) and (quiet or not _literal_raise(project, module, n)):
            return False
        if isinstance(n, ast.Call) and id(n) not in raised:
            callee = _fixed_callee(project, module, owner, n.func)
            if callee is None:
                return False
            if callee not in _ENVIRONMENT_READS and not _fixed_failures(
                project, callee, depth + 1, quiet
            ):
                return False
    return True


def _plain_class(project: Project, qname: str) -> bool:
    """The project class ``qname`` and each of its bases is the project's own (or
    ``object``): reading an attribute of its object runs no library code (an ORM model's
    relationship would load rows)."""
    return project.class_(qname) is not None and all(
        q == "builtins.object" or project.class_(q) is not None for q in project.ancestors(qname)
    )


def _fixed_construction(project: Project, cls, depth: int, quiet: bool = False) -> bool:
    """Building the project class ``cls`` can fail only with the project's own words: no
    decorator or keyword (a dataclass's generated ``__init__``, a metaclass), every base a
    project class or ``object``, and the ``__init__`` / ``__new__`` / ``__post_init__``
    each defines fails so (:func:`_fixed_failures`)."""
    for q in (cls.qname, *project.ancestors(cls.qname)):
        c = project.class_(q)
        if c is None:
            if q == "builtins.object":
                continue
            return False  # a library base's ``__init__`` may do anything
        if c.decorators or c.keywords:
            return False
        for method in ("__init__", "__new__", "__post_init__"):
            init = f"{q}.{method}"
            if project.function(init) is not None and not _fixed_failures(
                project, init, depth + 1, quiet
            ):
                return False
    return True


#: What a function failing only with the project's own words cannot hold.
_NOT_FIXED = (
    ast.With,
    ast.AsyncWith,
    ast.Try,
    ast.Await,
    ast.Yield,
    ast.YieldFrom,
    ast.Import,
    ast.ImportFrom,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.Lambda,
    ast.ClassDef,
)


def _literal_raise(project: Project, module: ModuleFacts, n: ast.Raise) -> bool:
    """``raise ValueError("...")`` / ``raise KeyError``: a built-in exception class or a
    project one that only stores its arguments (:func:`_own_exception`), named plainly,
    built from literals alone, no cause."""
    exc = n.exc
    if n.cause is not None or exc is None:
        return False  # a bare ``raise`` re-raises what was caught
    if isinstance(exc, ast.Call):
        if not all(
            isinstance(a, ast.Constant) for a in (*exc.args, *(k.value for k in exc.keywords))
        ):
            return False
        exc = exc.func
    if not isinstance(exc, ast.Name):
        return False
    if exc.id in _BUILTIN_EXCEPTION_NAMES and exc.id not in module.imports:
        return True
    q = module.imports.get(exc.id, f"{module.module}.{exc.id}")
    return _own_exception(project, q)


def _fixed_callee(
    project: Project, module: ModuleFacts, owner: str | None, func: ast.expr
) -> str | None:
    """What the call of ``func`` in ``module`` runs: an environment read, a project function
    or class named plainly (or imported), a method of the function's own object
    (``self.build()``), or a method of what a project function returns by its annotation
    (``get_authenticator().config()``); None for anything else."""
    if isinstance(func, ast.Name):
        q = module.imports.get(func.id, f"{module.module}.{func.id}")
        return q if project.function(q) is not None or project.class_(q) is not None else None
    if not isinstance(func, ast.Attribute):
        return None
    base = func.value
    if isinstance(base, ast.Name):
        q = f"{module.imports.get(base.id, base.id)}.{func.attr}"
        if q in _ENVIRONMENT_READS:
            return q
        if base.id == "self" and owner is not None:
            return f"{owner}.{func.attr}" if project.function(f"{owner}.{func.attr}") else None
        return None
    if isinstance(base, ast.Attribute) and isinstance(base.value, ast.Name):
        q = f"{module.imports.get(base.value.id, base.value.id)}.{base.attr}.{func.attr}"
        return q if q in _ENVIRONMENT_READS else None
    if isinstance(base, ast.Call):
        made = _fixed_callee(project, module, owner, base.func)
        fn = project.function(made) if made else None
        cls = project.class_(qname_of(fn.returns)) if fn is not None else None
        if cls is not None and project.function(f"{cls.qname}.{func.attr}") is not None:
            return f"{cls.qname}.{func.attr}"
    return None


#: Built-in exception classes a function may raise with a literal message.
_BUILTIN_EXCEPTION_NAMES = frozenset(
    {"ValueError", "RuntimeError", "KeyError", "TypeError", "LookupError", "Exception"}
    | {"NotImplementedError", "PermissionError", "AttributeError"}
)


#: Words of a privilege test (``user.role != "admin"``, ``not user.is_superuser``): the
#: privilege flags of FastAPI's full-stack template (``is_superuser``, FastAPI's "Security"
#: tutorial pages) and of Django's users (``is_staff``, ``is_superuser``), and the
#: administrator's role.
_PRIVILEGE_WORD = lazy_compile(r"admin|superuser|staff", re.IGNORECASE)
#: The statuses a gate answers a caller it refuses with (FastAPI's ``status`` constants too).
_REFUSALS = frozenset({"401", "403", "HTTP_401_UNAUTHORIZED", "HTTP_403_FORBIDDEN"})


def _refusal_status(stmt: ast.stmt) -> str | None:
    """``stmt`` is ``raise HTTPException(status_code=403, ...)`` (or 401, or FastAPI's
    ``status.HTTP_403_FORBIDDEN``): the status it refuses with, else None."""
    if not (isinstance(stmt, ast.Raise) and isinstance(stmt.exc, ast.Call)):
        return None
    call = stmt.exc
    code = next((k.value for k in call.keywords if k.arg == "status_code"), None)
    if code is None and call.args:
        code = call.args[0]
    if isinstance(code, ast.Constant) and str(code.value) in _REFUSALS:
        return str(code.value)
    if isinstance(code, ast.Attribute) and code.attr in _REFUSALS:
        return code.attr[5:8]
    return None


def _privilege_test(test: ast.expr) -> str | None:
    """The privilege word a refusal's condition tests (a flag of the caller's record, or a
    string it compares a field with: ``principal.user.role != "admin"``), else None.  A
    variable's name proves nothing (``if admin_session is None``, of every user's session);
    every string it names must be one (``role not in {"user", "admin"}`` admits plain
    users); no ``and`` may join it to another test (``not user.is_admin and user.id !=
    owner`` admits the owner)."""
    found = None
    for n in walk(test):
        if isinstance(n, ast.BoolOp) and isinstance(n.op, ast.And):
            return None
        if isinstance(n, ast.Constant) and isinstance(n.value, str):
            if not _PRIVILEGE_WORD.search(n.value):
                return None
            found = found or n.value
        if isinstance(n, ast.Attribute) and _PRIVILEGE_WORD.search(n.attr):
            found = found or n.attr
    return found


def _refuses_unprivileged(project: Project, fn: Function) -> bool:
    """The dependency ``fn`` refuses with 401 or 403 every caller failing a privilege test
    (``if user.role != "admin": raise HTTPException(status.HTTP_403_FORBIDDEN, ...)``): only
    privileged callers get past it.  Its name alone (``get_current_admin``) proves nothing."""
    node = project.def_node(fn)
    if node is None:
        return False
    return any(
        isinstance(n, ast.If)
        and _privilege_test(n.test) is not None
        and any(_refusal_status(b) is not None for b in n.body)
        for n in walk(node)
    )


def _privileged_gate(project: Project, routes: list[Route]) -> str | None:
    """The name of a dependency every one of ``routes`` runs that admits only privileged
    callers (:func:`_refuses_unprivileged`, followed through the dependencies' own
    ``Depends``), else None."""
    gates: set[str] = set()
    for route in routes:
        closure = project.dependency_closure(project.route_dependencies(route))
        gate = next((f for f in closure.functions if _refuses_unprivileged(project, f)), None)
        if gate is None:
            return None
        gates.add(gate.name)
    return min(gates) if gates else None


def _privileged_only(h: Hit, project: Project, routes: list[Route]) -> Hit:
    """A route whose dependency admits only privileged callers sends the error text to
    administrators: info, not silence (an administrator is still not meant to read the
    server's own database errors, H55 runit-server), and the message says who reads it."""
    gate = _privileged_gate(project, routes)
    if gate is None or h.severity is Severity.INFO:
        return h
    h.severity = Severity.INFO
    head = h.message.split(" is sent to the client", 1)[0]
    h.message = (
        f"{head} is sent to the client, but only callers that `{gate}` admits reach the "
        "route (it refuses every other with 401 or 403): the text goes to administrators; "
        "send them a fixed message and log the exception, so that the server's SQL, hosts "
        "or paths stay in its logs"
    )
    return h


def _validation_only(h: Hit, project: Project) -> Hit:
    """A ``try`` that only builds Pydantic models from the client's data can only fail with a
    validation message about that data: info, advising to catch ``ValidationError``."""
    models = h.payload(_Data).models
    guarded = h.payload(_Data).guarded
    answers = h.payload(_Data).answers
    if answers and _plain_model(project, answers):
        # the ``try`` only builds the answer from values in hand (round 43, hier-config-api
        # routers/batch.py:78): a missing key's name, or a value the route would send anyway
        h.severity = Severity.INFO
        h.confidence = "medium"
        head = h.message.split(" is sent to the client", 1)[0]
        h.message = (
            f"{head} is sent to the client, but the `try` only builds the "
            f"`{answers.rsplit('.', 1)[-1]}` it answers with from values in hand (items of a "
            "record, the request's parameters): its errors can only name a missing key or "
            "echo a value the route would send anyway; catch `KeyError` and "
            "`pydantic.ValidationError` rather than every exception, so that nothing else "
            "can leak"
        )
        return h
    if (
        not models
        and guarded
        and h.payload(_Data).no_library_calls
        and all(g.startswith("fn:") and _pure_function(project, g[3:]) for g in guarded)
    ):
        # the ``try`` only calls project functions that compute from their arguments alone,
        # whatever those are (the client's input, a record the route read): their errors
        # echo those values, never SQL, hosts, paths or credentials of the server
        shown = guarded[0][3:].rsplit(".", 1)[-1]
        h.severity = Severity.INFO
        h.confidence = "medium"
        head = h.message.split(" is sent to the client", 1)[0]
        h.message = (
            f"{head} is sent to the client, but the `try` only calls `{shown}()`, which "
            "computes from its arguments alone (no I/O): its errors can only echo the values "
            "it is given; catch its own error rather than every exception, so that nothing "
            "else can leak"
        )
        return h
    if models and all(_pure_function(project, m) for m in models):
        shown = models[0].rsplit(".", 1)[-1]
        h.severity = Severity.INFO
        h.confidence = "medium"
        head = h.message.split(" is sent to the client", 1)[0]
        h.message = (
            f"{head} is sent to the client, but the `try` only passes the client's data to "
            f"`{shown}()`, which computes from its arguments alone (no I/O): its errors echo "
            "that input; catch its own error rather than every exception, so that nothing "
            "else can leak"
        )
        return h
    if not models or not all(
        m.startswith("*")
        or project.name_is_class(m, _MODEL_BASES)
        or (m.startswith(_PARSER) and project.class_(m.removeprefix(_PARSER)) is not None)
        for m in models
    ):
        return h
    shown = next(
        (m.removeprefix(_PARSER).lstrip("*").rsplit(".", 1)[-1] for m in models if m != "*"),
        "a TypeAdapter",
    )
    h.severity = Severity.INFO
    h.confidence = "medium"
    head = h.message.split(" is sent to the client", 1)[0]
    if any(m.startswith(_PARSER) for m in models):
        h.message = (
            f"{head} is sent to the client, but the `try` only parses the client's data with "
            f"`{shown}`: catch the parser's own error rather than every exception, so that "
            "nothing else can leak"
        )
        return h
    h.message = (
        f"{head} is sent to the client, but the "
        f"`try` only validates the request into `{shown}`: catch `pydantic.ValidationError` "
        "rather than every exception, so that nothing else can leak"
    )
    return h


def _no_library_calls(node: ast.AST, ctx: ModuleContext) -> bool:
    """No call in ``node`` resolves to a function of a library other than the pure ones
    (:data:`PURE_CALLS`, builtins): the calls are project functions and methods of values.
    (:func:`builds_value` takes any ``.get(...)`` for ``dict.get``, ``requests.get`` too.)"""
    for n in walk(node):
        if not isinstance(n, ast.Call) or not isinstance(n.func, (ast.Name, ast.Attribute)):
            continue
        q = ctx.resolve(n.func)
        if q is None or ctx.is_project(q) or q in PURE_CALLS or q.startswith("builtins."):
            continue
        if isinstance(n.func, ast.Name) and q.rsplit(".", 1)[-1][:1].isupper():
            continue  # a class built from values (an exception, a response)
        return False
    return True


def _plain_dataclass(project: Project, qname: str, depth: int = 0) -> bool:
    """A project ``@dataclass`` whose construction only stores and computes values: its
    ``__init__`` / ``__post_init__`` (and its project bases'), if any, compute from their
    arguments alone (:func:`_pure_function`)."""
    cls = project.class_(qname)
    if cls is None or not any(qname_of(d) in _DATACLASS for d in cls.decorators):
        return False
    for q in (cls.qname, *project.ancestors(cls.qname)):
        c = project.class_(q)
        for method in ("__init__", "__post_init__"):
            if (
                c is not None
                and method in c.methods
                and not _pure_function(project, f"{q}.{method}", depth + 1)
            ):
                return False
    return True


def _own_exception(project: Project, qname: str, depth: int = 0) -> bool:
    """A project exception class (a subclass of a built-in exception) whose construction
    only stores its arguments: its ``__init__`` (and its project bases'), if any, compute
    from their arguments alone.  Raising it with a message the code wrote
    (``raise NoBackendError("register a backend first")``) carries that message only."""
    cls = project.class_(qname)
    if cls is None or not any(
        a == "builtins.BaseException"
        or (a.startswith("builtins.") and a.endswith("Error"))
        or a == "builtins.Exception"
        for a in project.ancestors(cls.qname)
    ):
        return False
    for q in (cls.qname, *project.ancestors(cls.qname)):
        c = project.class_(q)
        if (
            c is not None
            and "__init__" in c.methods
            and not _pure_function(project, f"{q}.__init__", depth + 1)
        ):
            return False
    return True


def _pure_function(project: Project, qname: str, depth: int = 0) -> bool:
    """``qname`` is a project function that only computes from its arguments
    (``Function.parses_only``), and so is every project function it calls, a few calls
    deep; a project class it calls must be a Pydantic model (validation of the value), a
    plain dataclass (the values stored) or a project exception that only stores its
    arguments (the error it raises, with the message it wrote)."""
    fn = project.function(qname)
    if fn is None or not fn.parses_only or depth > 3:
        return False
    for cs in fn.calls:
        if project.function(cs.qname) is not None:
            if not _pure_function(project, cs.qname, depth + 1):
                return False
        elif (
            project.name_is_class(cs.qname, _MODEL_BASES)
            or _plain_dataclass(project, cs.qname, depth)
            or _own_exception(project, cs.qname, depth)
        ):
            continue  # a model, a dataclass, the project's own error built to be raised
        else:
            owner, _, method = cs.qname.rpartition(".")
            if method in PURE_METHODS and project.function(owner) is not None:
                continue  # ``parsed = parse(text); parsed.get(...)``: a method of the value
            if method not in LOG_METHODS or project.class_(cs.qname):
                return False  # (``LOG.info(...)`` on a module's logger: a log line)
    return True


#: What an expression holds in a handler's proof (:class:`_HandlerProof`): the status of
#: the ``HTTPException`` (a known number), its detail (of a known built-in type or None),
#: the exception itself, or a value built from one of these (text that may carry it).
_Kind = tuple[str, int | str | None]
_TAINTED: _Kind = ("tainted", None)
#: Attributes of an ``HTTPException`` that carry none of its text (Starlette's
#: ``HTTPException(status_code, detail, headers)``): the route's own headers.
_PLAIN_EXC_ATTRS = frozenset({"headers"})
#: Built-in types an ``isinstance`` test may name, each of which a detail of another of
#: these types is not an instance of.
_DISJOINT_TYPES = frozenset({"str", "dict", "list", "tuple", "int", "float", "bytes", "set"})
_COMPARE: dict[type[ast.cmpop], Callable[[int, int], bool]] = {
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}
#: The arithmetic a test may do on the status (``status_code // 100 == 5``).
_ARITHMETIC: dict[type[ast.operator], Callable[[int, int], int]] = {
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Sub: operator.sub,
}


def _leaky(kind: _Kind | None) -> bool:
    """A value that may hold the exception's text (its status alone does not)."""
    return kind is not None and kind[0] != "status"


class _HandlerProof:
    """Whether an ``HTTPException`` handler answers a given status and detail type without
    the detail: its body is followed as the ``HTTPException`` takes it (``if status_code >=
    500:`` decided by the status, ``isinstance(detail, dict)`` by the detail's type), into
    the project functions it hands the detail or status to (a few calls deep), and every
    answer it can return must be built from values that do not carry the detail (constants,
    the status, the headers).  Anything the proof does not follow (a loop, a ``try``, a
    ``raise``, a call of a library given the detail) makes it fail: the finding stays."""

    _DEPTH = 3

    def __init__(self, project: Project, status: int, detail: str | None) -> None:
        self.project = project
        self.status = status
        self.detail = detail

    def hides(self, handler: str) -> bool:
        """The handler ``handler`` (a project function taking ``(request, exc)``) never puts
        the detail into its answer for this status and detail type."""
        fn = self.project.function(handler)
        node = self.project.def_node(fn) if fn is not None else None
        if fn is None or node is None or len(node.args.args) < 2:
            return False
        env: dict[str, _Kind] = {node.args.args[1].arg: ("exc", None)}
        return self._returns_clean(fn, node, env, 0)

    def _returns_clean(
        self,
        fn: Function,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
        env: dict[str, _Kind],
        depth: int,
    ) -> bool:
        module = self.project.modules.get(fn.module)
        if module is None:
            return False
        ok, ends = self._block(node.body, env, module, depth)
        return ok and ends

    def _block(
        self, stmts: list[ast.stmt], env: dict[str, _Kind], module: ModuleFacts, depth: int
    ) -> tuple[bool, bool]:
        """(every answer the block returns is clean, the block always returns)."""
        for stmt in stmts:
            ok, ends = self._stmt(stmt, env, module, depth)
            if not ok or ends:
                return ok, True
        return True, False

    def _stmt(
        self, stmt: ast.stmt, env: dict[str, _Kind], module: ModuleFacts, depth: int
    ) -> tuple[bool, bool]:
        if isinstance(stmt, ast.Return):
            value = stmt.value
            return value is not None and not _leaky(self._value(value, env, module, depth)), True
        if isinstance(stmt, ast.If):
            return self._branch(stmt, env, module, depth)
        if isinstance(stmt, ast.Expr):
            value = stmt.value.value if isinstance(stmt.value, ast.Await) else stmt.value
            func = value.func if isinstance(value, ast.Call) else None
            if isinstance(func, ast.Attribute) and func.attr in LOG_METHODS:
                return True, False  # a log line: written to the server's log, not sent
            return not _leaky(self._value(value, env, module, depth)), False
        if isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            if stmt.value is None:
                return True, False
            kind = self._value(stmt.value, env, module, depth)
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for target in targets:
                self._bind(target, kind, env, replace=not isinstance(stmt, ast.AugAssign))
            return True, False
        return isinstance(stmt, ast.Pass), False

    @staticmethod
    def _bind(target: ast.expr, kind: _Kind | None, env: dict[str, _Kind], replace: bool) -> None:
        """Record what ``target`` holds: a name takes the value's kind; an item, attribute
        or unpacked name of a local the value may carry the detail into is tainted."""
        if isinstance(target, ast.Name) and replace and not isinstance(target.ctx, ast.Del):
            if kind is None:
                env.pop(target.id, None)
            else:
                env[target.id] = kind
            return
        for n in ast.walk(target):
            if isinstance(n, ast.Name) and _leaky(kind):
                env[n.id] = _TAINTED

    def _branch(
        self, stmt: ast.If, env: dict[str, _Kind], module: ModuleFacts, depth: int
    ) -> tuple[bool, bool]:
        """An ``if`` the status or the detail's type decides takes that branch alone; any
        other takes both, and a local either branch taints stays tainted."""
        verdict = self._test(stmt.test, env)
        if verdict is not None:
            return self._block(stmt.body if verdict else stmt.orelse, env, module, depth)
        left, right = dict(env), dict(env)
        ok_left, end_left = self._block(stmt.body, left, module, depth)
        ok_right, end_right = self._block(stmt.orelse, right, module, depth)
        if not (ok_left and ok_right):
            return False, True
        if end_left and end_right:
            return True, True
        merged = right if end_left else left if end_right else None
        if merged is None:
            merged = {}
            for name in left.keys() | right.keys():
                a, b = left.get(name), right.get(name)
                if _leaky(a) or _leaky(b):
                    merged[name] = a if a == b and a is not None else _TAINTED
                elif a == b and a is not None:
                    merged[name] = a
        env.clear()
        env.update(merged)
        return True, False

    def _number(self, e: ast.expr, env: dict[str, _Kind]) -> int | None:
        """The number ``e`` evaluates to: a literal, the status, arithmetic of them."""
        if isinstance(e, ast.Constant) and type(e.value) is int:
            return e.value
        kind = self._plain_kind(e, env)
        if kind is not None and kind[0] == "status" and isinstance(kind[1], int):
            return kind[1]
        if isinstance(e, ast.BinOp) and type(e.op) in _ARITHMETIC:
            a, b = self._number(e.left, env), self._number(e.right, env)
            if a is None or b is None or (b == 0 and not isinstance(e.op, ast.Sub)):
                return None
            return _ARITHMETIC[type(e.op)](a, b)
        return None

    def _test(self, e: ast.expr, env: dict[str, _Kind]) -> bool | None:
        """What a test evaluates to for this status and detail type, or None when it
        depends on anything else."""
        if isinstance(e, ast.BoolOp):
            values = [self._test(v, env) for v in e.values]
            stop = not isinstance(e.op, ast.And)  # ``or`` stops at True, ``and`` at False
            if stop in values:
                return stop
            return None if None in values else not stop
        if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.Not):
            inner = self._test(e.operand, env)
            return None if inner is None else not inner
        if isinstance(e, ast.Compare):
            numbers = [self._number(x, env) for x in (e.left, *e.comparators)]
            known = [n for n in numbers if n is not None]
            if len(known) != len(numbers) or any(type(op) not in _COMPARE for op in e.ops):
                return None
            return all(
                _COMPARE[type(op)](a, b) for op, a, b in zip(e.ops, known, known[1:], strict=False)
            )
        if (
            isinstance(e, ast.Call)
            and isinstance(e.func, ast.Name)
            and e.func.id == "isinstance"
            and len(e.args) == 2
        ):
            kind = self._plain_kind(e.args[0], env)
            types = e.args[1].elts if isinstance(e.args[1], ast.Tuple) else [e.args[1]]
            names = {t.id for t in types if isinstance(t, ast.Name)}
            if kind is None or kind[0] != "detail" or not isinstance(kind[1], str):
                return None
            if kind[1] in names:
                return True
            return False if len(names) == len(types) and names <= _DISJOINT_TYPES else None
        return None

    def _plain_kind(self, e: ast.expr, env: dict[str, _Kind]) -> _Kind | None:
        """The kind of a local or of an attribute of the exception (``exc.status_code``,
        ``exc.detail``), without following calls."""
        if isinstance(e, ast.Name):
            return env.get(e.id)
        if isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name):
            owner = env.get(e.value.id)
            if owner is None or owner[0] != "exc":
                return None if owner is None else _TAINTED
            if e.attr == "status_code":
                return ("status", self.status)
            if e.attr == "detail":
                return ("detail", self.detail)
            return None if e.attr in _PLAIN_EXC_ATTRS else _TAINTED
        return None

    def _value(
        self, e: ast.AST, env: dict[str, _Kind], module: ModuleFacts, depth: int
    ) -> _Kind | None:
        """What ``e`` holds: a kind of :data:`_Kind`, or None for a value that carries
        nothing of the exception.  A project function given the exception's values is
        followed (:meth:`_call`); anything else built from them carries them."""
        if isinstance(e, ast.Name) or (
            isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name) and e.value.id in env
        ):
            return self._plain_kind(e, env)
        if isinstance(e, ast.Call):
            followed = self._call(e, env, module, depth)
            if followed is not None:
                return None if followed else _TAINTED
        if isinstance(e, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            names = {n.id for n in ast.walk(e) if isinstance(n, ast.Name)}
            return _TAINTED if any(_leaky(env.get(n)) for n in names) else None
        for child in ast.iter_child_nodes(e):
            if _leaky(self._value(child, env, module, depth)):
                return _TAINTED
        return None

    def _call(
        self, call: ast.Call, env: dict[str, _Kind], module: ModuleFacts, depth: int
    ) -> bool | None:
        """A call of a project function given the exception's values: whether every answer
        it returns for them is clean; None when it is not such a call (or is not followed)."""
        args = [*call.args, *(k.value for k in call.keywords)]
        kinds = [self._value(a, env, module, depth) for a in args]
        if not any(kinds) or depth >= self._DEPTH:
            return None
        q = _fixed_callee(self.project, module, None, call.func)
        fn = self.project.function(q) if q else None
        node = self.project.def_node(fn) if fn is not None else None
        if fn is None or node is None or any(isinstance(a, ast.Starred) for a in call.args):
            return None
        if any(k.arg is None for k in call.keywords):
            return None  # ``**kwargs``: the parameters it fills are not known
        params = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
        inner: dict[str, _Kind] = {
            name: kind
            for name, kind in zip(params, kinds[: len(call.args)], strict=False)
            if kind is not None
        }
        for k, kind in zip(call.keywords, kinds[len(call.args) :], strict=True):
            if kind is not None and k.arg is not None:
                inner[k.arg] = kind
        if len(call.args) > len(params) and any(kinds[len(params) : len(call.args)]):
            return None  # handed on through ``*args``
        return self._returns_clean(fn, node, inner, depth + 1)


#: The ``HTTPException`` classes whose handler an app uses for a raised one, most specific
#: first (Starlette's ``ExceptionMiddleware`` looks the handler up along the class's MRO;
#: FastAPI's ``HTTPException`` subclasses Starlette's).
_HANDLER_LOOKUP = {
    "fastapi.HTTPException": ("fastapi.HTTPException", "starlette.exceptions.HTTPException"),
    "starlette.exceptions.HTTPException": ("starlette.exceptions.HTTPException",),
}


def _app_handlers(project: Project, app: str, raised: str) -> list[str] | None:
    """The handlers ``app`` answers a raised ``HTTPException`` of class ``raised`` with: those
    registered for the most specific class of :data:`_HANDLER_LOOKUP` that has one (all of
    them when it is registered twice); None when a registration's key is unknown or a
    status code (Starlette consults status handlers first), or there is none."""
    registered: dict[str, list[str]] = {}
    for owner, exc, handler in project.exception_handler_registrations:
        if owner != app:
            continue
        if exc is None or _STATUS_NAME.match(exc.rsplit(".", 1)[-1]):
            return None
        registered.setdefault(exc, []).append(handler)
    return next((registered[c] for c in _HANDLER_LOOKUP.get(raised, ()) if c in registered), None)


def _hidden_by_handler(h: Hit, project: Project, routes: list[Route]) -> bool:
    """Every application that serves the route answers the ``HTTPException`` the hit raises
    with a handler of its own that never sends the detail for that status and detail type
    (:class:`_HandlerProof`: ``if status_code >= 500: return {"message": "internal
    error"}``): the exception's text reaches the server's log at most."""
    raised = h.payload(_Data).raised
    if raised is None or not routes:
        return False
    cls, status, detail = raised
    apps = {i.qname for r in routes for i in project.include_chain(r.receiver) if i.kind == "app"}
    if not apps:
        return False
    proof = _HandlerProof(project, status, detail)
    for app in sorted(apps):
        handlers = _app_handlers(project, app, cls)
        if not handlers or not all(proof.hides(handler) for handler in handlers):
            return False
    return True
