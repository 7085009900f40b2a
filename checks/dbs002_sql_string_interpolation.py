from __future__ import annotations

import ast
import dataclasses
import re

from auditor.check import Check, Example, Hit, Severity, snippet
from auditor.walker import ModuleContext

#: ``sqlalchemy.text`` and its re-exports (canonical names, see ``auditor.names``).
TEXT_CALLEES = frozenset({"sqlalchemy.text", "sqlmodel.text", "sqlmodel.sql.expression.text"})
#: Untyped receivers: reported only when the string visibly starts with SQL.
SQL_METHODS = frozenset(
    {"execute", "exec_driver_sql", "executemany", "fetch", "fetchrow", "fetchval", "fetch_all", "fetch_one", "scalar"}
)
#: Keyword names some drivers use for the statement (``databases``: ``fetch_all(query=...)``).
_STATEMENT_KEYWORDS = ("query", "statement", "sql")
_SQL_START = re.compile(
    r"\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|ALTER|DROP|TRUNCATE|MERGE|CALL|EXEC(?:UTE)?)\b", re.IGNORECASE
)
_HOW = {
    "fstring": "an f-string",
    "format": "`str.format()`",
    "percent": "`%` formatting",
    "concat": "string concatenation",
}
_SAFE_LITERALS = (str, int)


class _Built:
    """How a string argument was built: its kind, literal prefix and replacement expressions."""

    __slots__ = ("kind", "prefix", "replacements")

    def __init__(self, kind: str, prefix: str, replacements: list[ast.expr]):
        self.kind = kind
        self.prefix = prefix
        self.replacements = replacements


def _is_str(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _fstring_parts(node: ast.JoinedStr) -> tuple[str, list[ast.expr]]:
    """(literal prefix, replacement expressions) of an f-string, format specs included."""
    prefix: list[str] = []
    in_prefix = True
    fields: list[ast.expr] = []
    for value in node.values:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            if in_prefix:
                prefix.append(value.value)
        elif isinstance(value, ast.FormattedValue):
            in_prefix = False
            fields.append(value.value)
            if isinstance(value.format_spec, ast.JoinedStr):
                fields.extend(_fstring_parts(value.format_spec)[1])
    return "".join(prefix), fields


def _flatten_add(node: ast.expr) -> list[ast.expr]:
    out: list[ast.expr] = []
    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, ast.BinOp) and isinstance(cur.op, ast.Add):
            stack.append(cur.right)
            stack.append(cur.left)
        else:
            out.append(cur)
    return out


def built_string(node: ast.expr) -> _Built | None:
    """The interpolation that builds ``node``, or None when it is not built by interpolation."""
    if isinstance(node, ast.JoinedStr):
        prefix, fields = _fstring_parts(node)
        return _Built("fstring", prefix, fields) if fields else None
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and _is_str(node.func.value)
    ):
        reps: list[ast.expr] = []
        for a in node.args:
            reps.append(a.value if isinstance(a, ast.Starred) else a)
        for kw in node.keywords:
            reps.append(kw.value)
        if not reps:
            return None
        return _Built("format", node.func.value.value, reps)  # type: ignore[union-attr]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and _is_str(node.left):
        right = node.right
        if isinstance(right, ast.Tuple):
            reps = list(right.elts)
        elif isinstance(right, ast.Dict) and None not in right.keys:
            reps = list(right.values)
        else:
            reps = [right]
        return _Built("percent", node.left.value, reps)  # type: ignore[union-attr]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        operands = _flatten_add(node)
        if not any(_is_str(o) or isinstance(o, ast.JoinedStr) for o in operands):
            return None  # ``a + b``: not visibly string building
        prefix: list[str] = []
        in_prefix = True
        reps = []
        for o in operands:
            if _is_str(o):
                if in_prefix:
                    prefix.append(o.value)  # type: ignore[attr-defined]
            elif isinstance(o, ast.JoinedStr):
                p, fields = _fstring_parts(o)
                if in_prefix:
                    prefix.append(p)
                if fields:
                    in_prefix = False
                    reps.extend(fields)
            else:
                in_prefix = False
                reps.append(o)
        if not reps:
            return None  # only literals: implicit concatenation
        return _Built("concat", "".join(prefix), reps)
    return None


class SqlStringInterpolation(Check):
    """
    ## What it does
    Flags SQL text built by string interpolation — an f-string with a replacement field,
    `"...".format(...)`, `"..." % ...`, or `+` with a non-literal operand — when it is the
    statement passed to:

    - `sqlalchemy.text(...)` (always), or
    - an `.execute`, `.exec_driver_sql`, `.executemany`, `.fetch`, `.fetchrow`, `.fetchval`,
      `.fetch_all`, `.fetch_one` or `.scalar` call (SQLAlchemy sessions and connections,
      asyncpg, `databases`, DB-API cursors).  These receivers are untyped, so the call is
      reported only when the string visibly starts with an SQL keyword (`SELECT`, `INSERT`,
      `UPDATE`, `DELETE`, `WITH`, `CREATE`, `ALTER`, `DROP`, `TRUNCATE`, `MERGE`, `CALL`,
      `EXEC`).

    Alembic migration files are scanned too, at warning level: migration SQL rarely
    handles request data.

    ## Why is this bad?
    A value interpolated into SQL text is SQL injection: `username = "x' OR '1'='1"` turns
    the query into a different query.  Bound parameters are the only safe way to pass
    values, and SQLAlchemy does it for you when you let it (`000_ea9867a185a54bc6.txt`'s
    security checklist: "Use parameterized queries (SQLAlchemy handles this)").  The SQL-first
    style of `001_85537b9a703a1675.txt` and `004_24ddc975f9cc92ef.txt` only ever passes
    literals to `text()`.

    An interpolation is not reported when every replacement is a constant: a string or
    integer literal, or a name bound to one at module level (or a class attribute such as
    `__tablename__`), for example a fixed table name.  Numbers (`int(x)`, `len(x)`) and
    joined placeholder lists (`", ".join(["%s"] * len(ids))`) are not reported either.

    ## Example
    ```python
    result = await db.execute(text(f"SELECT id FROM profile WHERE username = '{username}'"))
    rows = await conn.fetch("SELECT * FROM runs WHERE owner = " + owner_id)
    ```

    ## Use instead
    ```python
    result = await db.execute(
        text("SELECT id FROM profile WHERE username = :username"), {"username": username}
    )
    rows = await conn.fetch("SELECT * FROM runs WHERE owner = $1", owner_id)
    # or the SQL expression language:
    result = await db.execute(select(Profile.id).where(Profile.username == username))
    ```

    ## Fix safety
    No automatic fix: the parameter style depends on the driver (`:name` for `text()`,
    `$1` for asyncpg, `%s` or `?` for DB-API cursors), and identifiers (table or column
    names) cannot be bound at all — they need an allow-list.

    ## Known problems
    The statement must be built in the call itself: `query = f"..."` on one line and
    `db.execute(text(query))` on the next is not followed.  A `+` chain must contain a string
    literal to count as string building, so `text(base + where)` with two variables is not
    reported.  A name bound to a literal inside the function is not treated as a constant.

    ## References
    - `000_ea9867a185a54bc6.txt` (security checklist: parameterized queries)
    - `001_85537b9a703a1675.txt`, `004_24ddc975f9cc92ef.txt` ("SQL-first, Pydantic-second": `text()` literals)
    - SQLAlchemy docs, "Using Textual SQL" and bound parameters
    - Overlaps ruff S608 (string-built SQL, without `text()` awareness)
    """

    id = "DBS002"
    name = "sql-string-interpolation"
    category = "database"
    severity = Severity.ERROR
    file_classes = frozenset({"app", "migration"})
    message = "SQL built by string interpolation"
    fix_title = "Pass the values as bound parameters instead of interpolating them"
    sources = (
        "000_ea9867a185a54bc6.txt",
        "001_85537b9a703a1675.txt",
        "004_24ddc975f9cc92ef.txt",
    )

    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        func = node.func
        callee = ctx.resolve(func)
        statement: ast.expr | None = None
        if callee in TEXT_CALLEES:
            target = "`text()`"
            statement = node.args[0] if node.args else _keyword(node, ("text",))
            need_sql_prefix = False
        elif isinstance(func, ast.Attribute) and func.attr in SQL_METHODS:
            target = f"`.{func.attr}()`"
            statement = node.args[0] if node.args else _keyword(node, _STATEMENT_KEYWORDS)
            need_sql_prefix = True
        else:
            return
        if statement is None or isinstance(statement, ast.Starred):
            return
        built = built_string(statement)
        if built is None:
            return
        if need_sql_prefix and not _SQL_START.match(built.prefix):
            return
        deferred: list[str] = []
        for rep in built.replacements:
            if _safe_value(rep, ctx):
                continue
            q = ctx.resolve(rep) if isinstance(rep, (ast.Name, ast.Attribute)) else None
            if q is None or not ctx.is_project(q):
                deferred = []
                break  # a value that is certainly not a constant
            deferred.append(q)
        else:
            if not deferred:
                return  # only literals are interpolated
        migration = ctx.file_class == "migration"
        ctx.report(
            statement,
            f"SQL built with {_HOW[built.kind]} is passed to {target}: bind the values as parameters"
            + (" (in a migration)" if migration else "")
            + " (ruff S608)",
            severity=Severity.WARNING if migration else None,
            constants=deferred,
        )

    def judge(self, hits: list[Hit], project) -> list[Hit]:
        out: list[Hit] = []
        for h in hits:
            consts = h.data.get("constants") or []
            if consts and all(_is_constant(project, q) for q in consts):
                continue
            out.append(dataclasses.replace(h, data={k: v for k, v in h.data.items() if k != "constants"}))
        return out

    bad = (
        snippet(
            """\
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


async def find_user(db: AsyncSession, username: str) -> list[str]:
    result = await db.execute(text(f"SELECT id FROM profile WHERE username = '{username}'"))
    return [str(r) for r in result]
""",
            lines=(6,),
        ),
        snippet(
            """\
import sqlalchemy as sa


def search(conn, term: str, owner_id: str, limit: int):
    conn.execute(sa.text("SELECT * FROM runs WHERE name LIKE '%{}%'".format(term)))
    conn.execute("select * from runs where owner = " + owner_id)
    conn.exec_driver_sql("DELETE FROM runs WHERE id = %s" % owner_id)
    return conn.execute(
        f\"\"\"
        SELECT * FROM runs LIMIT {limit}
        \"\"\"
    )
""",
            note="module alias, .format, +, % and a multi-line f-string with leading whitespace",
            lines=(5, 6, 7, 9),
        ),
        snippet(
            """\
from sqlalchemy.sql import text as sql

TABLE = "runs"


async def purge(pool, table_name: str, run_id: int) -> None:
    async with pool.acquire() as conn:
        await conn.fetch(f"SELECT * FROM {TABLE} WHERE id = {run_id}")
    await pool.execute(sql(f"TRUNCATE {table_name}"))
""",
            note="one constant does not excuse a second, variable, replacement; text imported under an alias",
            lines=(8, 9),
        ),
        Example(
            files={
                "alembic/versions/0001_backfill.py": """\
from alembic import op
import sqlalchemy as sa


def upgrade() -> None:
    for status in ("new", "done"):
        op.execute(sa.text(f"UPDATE runs SET status = '{status}' WHERE status IS NULL"))
""",
            },
            note="migration files are scanned, at warning level",
            lines=(7,),
        ),
    )
    good = (
        snippet(
            """\
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


async def find_user(db: AsyncSession, username: str) -> list[str]:
    result = await db.execute(
        text("SELECT id FROM profile WHERE username = :username"), {"username": username}
    )
    await db.execute(text("SELECT 1"))
    await db.execute(text("SELECT id FROM profile " "WHERE id = :id"), {"id": 1})
    return [str(r) for r in result]
""",
            note="bound parameters, implicit concatenation of literals",
        ),
        Example(
            files={
                "app/tables.py": 'RUNS = "runs"\nMAX_ROWS = 500\n',
                "app/main.py": """\
from sqlalchemy import text

from app.tables import MAX_ROWS, RUNS
from app import tables

SCHEMA = "public"


class Run:
    __tablename__ = "runs"


def latest(conn):
    conn.execute(text(f"SELECT * FROM {SCHEMA}.{RUNS} LIMIT {MAX_ROWS}"))
    conn.execute(text("SELECT * FROM " + tables.RUNS + " WHERE id = :id"), {"id": 1})
    conn.execute("SELECT * FROM {} ORDER BY id".format(Run.__tablename__))
    return conn.execute(f"SELECT count(*) FROM {RUNS}")
""",
            },
            note="constant table names, from this module, another module or a class attribute",
        ),
        snippet(
            """\
import logging
import subprocess

logger = logging.getLogger(__name__)


def run(job, cursor, name: str, command: str):
    logger.info(f"SELECT issued for {name}")
    job.execute(f"echo {command}")
    cursor.execute("SELECT * FROM users WHERE name = %s", (name,))
    cursor.execute(f"{name} SELECT")
    subprocess.run(f"ls {name}", shell=False)
    return job.execute("deploy " + name)
""",
            note="logging f-strings, .execute of non-SQL strings, DB-API parameters",
        ),
        snippet(
            """\
from sqlalchemy import text


def bulk(conn, rows: list[tuple], ids: list[int], limit: str):
    conn.executemany("INSERT INTO t VALUES (" + ", ".join("?" * len(rows[0])) + ")", rows)
    conn.execute(f"SELECT * FROM t WHERE id IN ({', '.join(['%s'] * len(ids))})", ids)
    marks = ", ".join(f"${i}" for i in range(1, len(ids) + 1))
    conn.execute(text(f"SELECT * FROM t LIMIT {int(limit)}"))
    return conn.fetch(f"SELECT * FROM t WHERE id IN ({', '.join(f'${i}' for i in range(1, 3))})", *ids)
""",
            note="placeholder lists and numbers are not injectable",
        ),
        snippet(
            """\
def text(value: str) -> str:
    return value


def render(name: str) -> str:
    return text(f"Hello {name}")
""",
            note="a local function named text",
        ),
    )


#: Calls whose result cannot carry SQL: numbers and lengths.
_NUMERIC_CALLS = frozenset({"builtins.int", "builtins.float", "builtins.len", "builtins.bool"})


def _is_placeholder_seq(node: ast.expr, ctx: ModuleContext) -> bool:
    """What a placeholder list is joined from: ``"?" * n``, ``["%s"] * n``, ``("?" for _ in x)``,
    ``(f"${i}" for i in range(n))``."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        for side in (node.left, node.right):
            if _is_str(side):
                return True
            if isinstance(side, (ast.List, ast.Tuple)) and side.elts and all(_is_str(e) for e in side.elts):
                return True
        return False
    if isinstance(node, (ast.ListComp, ast.GeneratorExp)):
        elt = node.elt
        if _is_str(elt):
            return True
        if isinstance(elt, ast.JoinedStr) and len(node.generators) == 1:
            gen = node.generators[0]
            targets = {n.id for n in ast.walk(gen.target) if isinstance(n, ast.Name)}
            from_range = isinstance(gen.iter, ast.Call) and ctx.resolve(gen.iter.func) == "builtins.range"
            fields = _fstring_parts(elt)[1]
            return from_range and all(isinstance(f, ast.Name) and f.id in targets for f in fields)
    return False


def _safe_value(node: ast.expr, ctx: ModuleContext) -> bool:
    """A replacement that cannot inject SQL: a str/int literal, a number conversion or
    ``len()``, or a literal-separated join of placeholders."""
    if isinstance(node, ast.Constant):
        return type(node.value) in _SAFE_LITERALS
    if isinstance(node, ast.Call):
        if ctx.resolve(node.func) in _NUMERIC_CALLS:
            return True
        func = node.func
        return (
            isinstance(func, ast.Attribute)
            and func.attr == "join"
            and _is_str(func.value)
            and len(node.args) == 1
            and not node.keywords
            and _is_placeholder_seq(node.args[0], ctx)
        )
    return False


def _keyword(node: ast.Call, names: tuple[str, ...]) -> ast.expr | None:
    for kw in node.keywords:
        if kw.arg in names:
            return kw.value
    return None


def _is_constant(project, qname: str) -> bool:
    """``qname`` is a module-level name (or class attribute) bound to a str/int literal."""
    from auditor.project import Binding

    r = project.resolve(qname)
    if isinstance(r, Binding):
        v = r.value
        return bool(v and v["k"] == "lit" and type(v["v"]) in _SAFE_LITERALS)
    head, _, attr = qname.rpartition(".")
    cls = project.class_(head) if head else None
    if cls is not None:
        values = [a.default for a in cls.attributes if a.name == attr]
        return len(values) == 1 and bool(values[0] and values[0]["k"] == "lit" and type(values[0]["v"]) in _SAFE_LITERALS)
    return False
