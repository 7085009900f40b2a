from __future__ import annotations

import ast
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity, snippet
from auditor.project import Project
from auditor.walker import ModuleContext

#: Methods that release a resource.
CLEANUP_METHODS = frozenset({"close", "aclose", "dispose", "release", "shutdown", "rollback"})
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_TRY_TYPES = tuple(t for t in (ast.Try, getattr(ast, "TryStar", None)) if t is not None)
_BLOCK_FIELDS = ("body", "orelse", "finalbody")


def _walk_scope(nodes):
    """Every node under ``nodes``, nested scopes excluded."""
    stack = list(nodes)
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, _SCOPES):
            continue
        stack.extend(ast.iter_child_nodes(node))


def _has_yield(node: ast.AST) -> bool:
    return any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in _walk_scope([node]))


def _cleanup_call(stmt: ast.stmt) -> ast.Call | None:
    """``x.close()`` / ``await x.aclose()`` as a whole statement."""
    if not isinstance(stmt, ast.Expr):
        return None
    value = stmt.value
    if isinstance(value, ast.Await):
        value = value.value
    if (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr in CLEANUP_METHODS
    ):
        return value
    return None


def _cleanup_calls(stmts: list[ast.stmt]) -> list[ast.Call]:
    """Cleanup calls in ``stmts`` at any depth, outside nested scopes and ``finally:`` blocks."""
    out: list[ast.Call] = []
    stack: list[ast.AST] = list(reversed(stmts))
    while stack:
        node = stack.pop()
        if isinstance(node, _SCOPES):
            continue
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in CLEANUP_METHODS
        ):
            out.append(node)
        if isinstance(node, _TRY_TYPES):
            children: list[ast.AST] = [*node.body, *node.handlers, *node.orelse]
        else:
            children = list(ast.iter_child_nodes(node))
        stack.extend(reversed(children))
    return out


def _has_raise(handler: ast.ExceptHandler) -> bool:
    return any(isinstance(n, ast.Raise) for n in _walk_scope(handler.body))


def _catches_generator_exit(handler: ast.ExceptHandler, ctx: ModuleContext) -> bool:
    if handler.type is None:
        return False
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(ctx.resolve(t) == "builtins.GeneratorExit" for t in types)


def _call_text(call: ast.Call) -> str:
    try:
        text = ast.unparse(call)
    except Exception:  # pragma: no cover
        return "cleanup"
    return text if len(text) <= 50 else text[:47] + "..."


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    function: str | None = None
    yield_line: int | None = None
    yield_col: int | None = None


class YieldDependencyHygiene(Check):
    """
    ## What it does
    Checks the generator dependencies of the application (functions with `yield` used in
    `Depends(...)`/`Security(...)`, F5) for two mistakes:

    1. **cleanup outside `finally`**: a `.close()`, `.aclose()`, `.dispose()`, `.release()`,
       `.shutdown()` or `.rollback()` call after the `yield`, in the same block, not
       protected by `try: ... finally:` (a `yield` inside `with`/`async with`, or inside a
       `try` that has a `finally:`, is protected);
    2. **swallowing `except`**: a `try:` around the `yield` with an `except` handler that
       never raises (no `raise` anywhere in the handler).  Handlers for `GeneratorExit` are
       ignored.

    ## Why is this bad?
    FastAPI throws the route's exception into the dependency at its `yield`.  Code written
    after the `yield` therefore only runs when the request succeeds: a failing request
    skips `db.close()`, and every error leaks a connection or session until the pool is
    exhausted.  [Production guide 2026] writes the session dependency with
    `async with async_session() as session: yield session`, and [Patterns reference]
    says "Use async context managers to ensure resources are properly cleaned up".

    An `except` around the `yield` that does not re-raise hides the route's error: the
    FastAPI docs ("Dependencies with yield and except") say "you should re-raise the
    original exception" — otherwise the client gets a 500 and the server logs nothing.

    ## Example
    ```python
    def get_db():
        db = SessionLocal()
        yield db
        db.close()


    def get_conn():
        try:
            yield pool.connection()
        except Exception:
            pass
    ```

    ## Use instead
    ```python
    def get_db():
        db = SessionLocal()
        try:
            yield db
        finally:
            db.close()


    def get_conn():
        try:
            yield pool.connection()
        except Exception:
            logger.exception("request failed")
            raise
    ```

    ## Fix safety
    When the `yield` is a simple statement and every statement after it in its block is a
    cleanup call, the fix wraps them as `try: yield ... finally: <cleanup>`: the cleanup
    then also runs when the request fails, which is the intent.  Other shapes (a
    `db.commit()` before the `close()`, for example) are report-only, since moving a commit
    into `finally:` would commit failed requests.  A swallowing `except` is report-only: a
    bare `raise` could be appended, but the handler's intent needs a review.

    ## Known problems
    Only cleanup in the `yield`'s own block is checked: a `close()` after the enclosing
    `if`, `try` or `with` statement is not reported.  Generators that are not used as dependencies (for
    example `@contextmanager` helpers) are out of scope.

    ## References
    - [Production guide 2026] (`async with async_session() as session: yield session`)
    - [Patterns reference] (async context managers for resource cleanup)
    - FastAPI docs, "Dependencies with yield" (and "Dependencies with yield and except")
    """

    id = "DEP002"
    name = "yield-dependency-hygiene"
    category = "dependencies"
    severity = Severity.WARNING
    message = "yield dependency cleanup is not exception-safe"
    fix_title = "Move the cleanup into `try: yield ... finally:`"
    sources = ("Production guide 2026", "Patterns reference")

    # ``leave_`` hooks: by then the shared walk has marked generator functions, so only
    # those bodies are looked at again.
    def leave_FunctionDef(self, node: ast.FunctionDef, ctx: ModuleContext) -> None:
        self._analyse(node, ctx)

    def leave_AsyncFunctionDef(self, node: ast.AsyncFunctionDef, ctx: ModuleContext) -> None:
        self._analyse(node, ctx)

    def _analyse(self, fn: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext) -> None:
        qname = ctx.child_qname(fn.name)
        facts = ctx.facts.functions.get(qname)
        if facts is None or not facts.is_generator:
            return
        self._blocks(fn.body, fn, qname, ctx, protected=False)

    def _blocks(
        self, body: list[ast.stmt], fn, qname: str, ctx: ModuleContext, protected: bool
    ) -> None:
        """Walk the statement blocks of ``fn`` that contain a ``yield``."""
        for i, stmt in enumerate(body):
            if not _has_yield(stmt) or isinstance(stmt, _SCOPES):
                continue
            if isinstance(stmt, (ast.With, ast.AsyncWith)):
                self._blocks(stmt.body, fn, qname, ctx, protected=True)
            elif isinstance(stmt, _TRY_TYPES):
                if any(_has_yield(s) for s in stmt.body):
                    self._swallowing(stmt, fn, qname, ctx)
                self._blocks(stmt.body, fn, qname, ctx, protected=protected or bool(stmt.finalbody))
                for h in stmt.handlers:
                    self._blocks(h.body, fn, qname, ctx, protected=protected)
                self._blocks(stmt.orelse, fn, qname, ctx, protected=protected)
                self._blocks(stmt.finalbody, fn, qname, ctx, protected=protected)
            elif isinstance(stmt, (ast.If, ast.For, ast.AsyncFor, ast.While)):
                self._blocks(stmt.body, fn, qname, ctx, protected=protected)
                self._blocks(stmt.orelse, fn, qname, ctx, protected=protected)
            elif isinstance(stmt, ast.Match):
                for case in stmt.cases:
                    self._blocks(case.body, fn, qname, ctx, protected=protected)
            elif not protected:
                # a simple statement holding the yield: what follows it in this block
                self._after_yield(stmt, body[i + 1 :], fn, qname, ctx)

    def _after_yield(
        self, stmt: ast.stmt, trailing: list[ast.stmt], fn, qname: str, ctx: ModuleContext
    ) -> None:
        calls = _cleanup_calls(trailing)
        if not calls:
            return
        simple = isinstance(stmt, ast.Expr) and isinstance(stmt.value, (ast.Yield, ast.YieldFrom))
        fixable = simple and bool(trailing) and all(_cleanup_call(s) is not None for s in trailing)
        for call in calls:
            ctx.report(
                call,
                f"`{_call_text(call)}` after `yield` in dependency `{fn.name}` is skipped when the request fails: "
                "move it into `finally:`",
                fixable=fixable,
                fix_title=None
                if fixable
                else "Wrap the `yield` in `try:` and move the cleanup into `finally:`",
                data=_Data(
                    function=qname,
                    yield_line=stmt.lineno,
                    yield_col=ctx.column(stmt.lineno, stmt.col_offset),
                ),
            )

    def _swallowing(self, stmt: ast.Try, fn, qname: str, ctx: ModuleContext) -> None:
        for h in stmt.handlers:
            if _catches_generator_exit(h, ctx) or _has_raise(h):
                continue
            caught = "except" if h.type is None else f"except {_type_text(h.type)}"
            ctx.report(
                h,
                f"`{caught}` around `yield` in dependency `{fn.name}` swallows the route's exception: re-raise it",
                fix_title="Re-raise the exception (`raise`) after handling it",
                data=_Data(function=qname),
            )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        deps = project.dependency_functions
        return [h for h in hits if h.payload(_Data).function in deps]

    def fix(self, source: str, hit: Hit, project: Project) -> str | None:
        import libcst as cst

        from auditor.fixes import locate, parse_module

        module = parse_module(source)
        found = locate(
            module,
            cst.SimpleStatementLine,
            hit.payload(_Data).yield_line,
            hit.payload(_Data).yield_col,
        )
        if len(found) != 1:
            return None
        target = found[0]

        class _Wrap(cst.CSTTransformer):
            def __init__(self) -> None:
                super().__init__()
                self.done = False

            def leave_IndentedBlock(
                self, original: cst.IndentedBlock, updated: cst.IndentedBlock
            ) -> cst.IndentedBlock:
                body = list(original.body)
                index = next((i for i, s in enumerate(body) if s is target), None)
                if index is None:
                    return updated
                new_body = list(updated.body)
                yield_stmt = new_body[index]
                if not isinstance(yield_stmt, cst.SimpleStatementLine):
                    return updated
                trailing = new_body[index + 1 :]
                if not trailing or not all(_is_cleanup_line(s) for s in trailing):
                    return updated
                wrapped = cst.Try(
                    body=cst.IndentedBlock(body=[yield_stmt.with_changes(leading_lines=())]),
                    finalbody=cst.Finally(body=cst.IndentedBlock(body=trailing)),
                    leading_lines=yield_stmt.leading_lines,
                )
                self.done = True
                return updated.with_changes(body=[*new_body[:index], wrapped])

        wrap = _Wrap()
        fixed = module.visit(wrap)
        return fixed.code if wrap.done else None

    bad = (
        snippet(
            """\
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, FastAPI
from sqlalchemy.orm import Session, sessionmaker

SessionLocal = sessionmaker()
app = FastAPI()


def get_db() -> Iterator[Session]:
    db = SessionLocal()
    yield db
    db.close()


def get_conn() -> Iterator[str]:
    try:
        yield "conn"
    except Exception:
        pass


@app.get("/items")
def list_items(db: Annotated[Session, Depends(get_db)], conn: Annotated[str, Depends(get_conn)]) -> list[str]:
    return []
""",
            lines=(14, 20),
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -11,6 +11,8 @@
 def get_db() -> Iterator[Session]:
     db = SessionLocal()
-    yield db
-    db.close()
+    try:
+        yield db
+    finally:
+        db.close()
 
 
""",
            ),
        ),
        Example(
            files={
                "app/deps.py": """\
import logging
from collections.abc import AsyncIterator

from app.db import engine, pool

logger = logging.getLogger(__name__)


async def get_conn() -> AsyncIterator[object]:
    conn = await pool.acquire()
    # hand the connection to the route
    yield conn
    await pool.release(conn)
    await conn.close()


async def get_session() -> AsyncIterator[object]:
    session = engine.session()
    try:
        yield session
        await session.commit()
    except ValueError as exc:
        logger.warning("bad value: %s", exc)
    except GeneratorExit:
        await session.rollback()
    except BaseException:
        await session.rollback()
        raise
    await session.close()
""",
                "app/db.py": "engine = object()\npool = object()\n",
                "app/main.py": """\
from fastapi import APIRouter, Depends

from app.deps import get_conn, get_session

router = APIRouter(dependencies=[Depends(get_session)])


@router.get("/x")
async def read(conn: object = Depends(get_conn)) -> dict[str, str]:
    return {}
""",
            },
            note="async dependencies used through Depends() defaults and a router's dependencies=",
            lines=(13, 14, 22),
            fixes=(
                """\
--- a/app/deps.py
+++ b/app/deps.py
@@ -10,7 +10,9 @@
     conn = await pool.acquire()
     # hand the connection to the route
-    yield conn
-    await pool.release(conn)
-    await conn.close()
+    try:
+        yield conn
+    finally:
+        await pool.release(conn)
+        await conn.close()
 
 
""",
                """\
--- a/app/deps.py
+++ b/app/deps.py
@@ -10,7 +10,9 @@
     conn = await pool.acquire()
     # hand the connection to the route
-    yield conn
-    await pool.release(conn)
-    await conn.close()
+    try:
+        yield conn
+    finally:
+        await pool.release(conn)
+        await conn.close()
 
 
""",
            ),
        ),
        snippet(
            """\
from fastapi import Depends, FastAPI

app = FastAPI()


class Client:
    def close(self) -> None: ...
    def commit(self) -> None: ...


def get_client():
    client = Client()
    yield client
    client.commit()
    client.close()


@app.get("/")
def root(client: Client = Depends(get_client)) -> None:
    return None
""",
            note="a commit before the close: report-only, the commit must not move into finally",
            lines=(15,),
        ),
    )
    good = (
        snippet(
            """\
import logging
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, FastAPI
from sqlalchemy.orm import Session, sessionmaker

logger = logging.getLogger(__name__)
SessionLocal = sessionmaker()
app = FastAPI()


def get_db() -> Iterator[Session]:
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


def get_conn() -> Iterator[str]:
    try:
        yield "conn"
    except Exception:
        logger.exception("request failed")
        raise


@app.get("/items")
def list_items(db: Annotated[Session, Depends(get_db)], conn: Annotated[str, Depends(get_conn)]) -> list[str]:
    return []
"""
        ),
        snippet(
            """\
from collections.abc import AsyncIterator, Iterator

from fastapi import Depends, FastAPI, HTTPException

app = FastAPI()


class Pool:
    def connection(self): ...
    def session(self): ...


pool = Pool()


async def get_session() -> AsyncIterator[object]:
    async with pool.session() as session:
        yield session
        await session.close()


def get_item() -> Iterator[int]:
    try:
        yield 1
    except KeyError:
        raise HTTPException(status_code=404)
    except GeneratorExit:
        pass
    except Exception as exc:
        if isinstance(exc, ValueError):
            raise
        raise RuntimeError("wrapped") from exc


def get_conn() -> Iterator[object]:
    conn = pool.connection()
    try:
        yield conn
        conn.commit()
    except Exception:
        conn.rollback()
        raise
    finally:
        conn.close()


@app.get("/")
async def root(s: object = Depends(get_session), i: int = Depends(get_item), c: object = Depends(get_conn)) -> None:
    return None
""",
            note="with-protected yield, handlers that raise at some depth, GeneratorExit, try/finally",
        ),
        snippet(
            """\
from collections.abc import Iterator
from contextlib import contextmanager


class Resource:
    def close(self) -> None: ...


@contextmanager
def opened() -> Iterator[Resource]:
    r = Resource()
    yield r
    r.close()


def numbers() -> Iterator[int]:
    try:
        yield 1
    except Exception:
        pass
""",
            note="generators that are not dependencies",
        ),
    )


def _is_cleanup_line(stmt) -> bool:
    import libcst as cst

    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return False
    expr = stmt.body[0]
    if not isinstance(expr, cst.Expr):
        return False
    value = expr.value
    if isinstance(value, cst.Await):
        value = value.expression
    return (
        isinstance(value, cst.Call)
        and isinstance(value.func, cst.Attribute)
        and value.func.attr.value in CLEANUP_METHODS
    )


def _type_text(node: ast.expr) -> str:
    try:
        return ast.unparse(node)
    except Exception:  # pragma: no cover
        return "..."
