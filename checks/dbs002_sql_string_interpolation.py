from __future__ import annotations

import ast
import dataclasses
import re
import string
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity, snippet
from auditor.facts import Call, Lit, Name, iter_exprs, qname_of
from auditor.project import Project
from auditor.walker import ModuleContext

#: ``sqlalchemy.text`` and its re-exports (canonical names, see ``auditor.names``).
TEXT_CALLEES = frozenset({"sqlalchemy.text", "sqlmodel.text", "sqlmodel.sql.expression.text"})
#: Untyped receivers: reported only when the string visibly starts with SQL.
SQL_METHODS = frozenset(
    {
        "execute",
        "exec_driver_sql",
        "executemany",
        "fetch",
        "fetchrow",
        "fetchval",
        "fetch_all",
        "fetch_one",
        "scalar",
    }
)
#: Keyword names some drivers use for the statement (``databases``: ``fetch_all(query=...)``).
_STATEMENT_KEYWORDS = ("query", "statement", "sql")
_SQL_START = re.compile(
    r"\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|ALTER|DROP|TRUNCATE|MERGE|CALL|EXEC(?:UTE)?)\b",
    re.IGNORECASE,
)
_HOW = {
    "fstring": "an f-string",
    "format": "`str.format()`",
    "percent": "`%` formatting",
    "concat": "string concatenation",
}
_SAFE_LITERALS = (str, int)


class _Built:
    """How a string argument was built: its kind, literal prefix and replacement expressions,
    each with the literal SQL text before and after it (``fields``)."""

    __slots__ = ("fields", "kind", "prefix", "replacements")

    def __init__(self, kind: str, prefix: str, fields: list[tuple[ast.expr, str, str]]):
        self.kind = kind
        self.prefix = prefix
        self.fields = fields
        self.replacements = [f[0] for f in fields]


def _is_str(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _str_value(node: ast.AST) -> str:
    """The text of a string constant (``_is_str(node)`` holds)."""
    value = node.value if isinstance(node, ast.Constant) else None
    return value if isinstance(value, str) else ""


def _fstring_fields(
    node: ast.JoinedStr, before: str = ""
) -> tuple[list[tuple[ast.expr, str, str]], str]:
    """(replacement, literal text before it, literal text right after it) for each field of
    an f-string (format specs included), and the f-string's whole literal text."""
    out: list[tuple[ast.expr, str, str]] = []
    text = before
    pending: list[int] = []  # fields waiting for the literal that follows them
    for value in node.values:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            for i in pending:
                out[i] = (out[i][0], out[i][1], value.value)
            pending = []
            text += value.value
        elif isinstance(value, ast.FormattedValue):
            out.append((value.value, text, ""))
            pending.append(len(out) - 1)
            if isinstance(value.format_spec, ast.JoinedStr):
                for f in _fstring_fields(value.format_spec)[0]:
                    out.append((f[0], text, ""))
    return out, text[len(before) :]


def _fstring_parts(node: ast.JoinedStr) -> tuple[str, list[ast.expr]]:
    """(literal prefix, replacement expressions) of an f-string, format specs included."""
    prefix: list[str] = []
    for value in node.values:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            prefix.append(value.value)
        elif isinstance(value, ast.FormattedValue):
            break
    return "".join(prefix), [f[0] for f in _fstring_fields(node)[0]]


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


_PERCENT_FIELD = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa%])"
)


def _format_fields(template: str, call: ast.Call) -> list[tuple[ast.expr, str, str]]:
    """The fields of ``template.format(*args, **kwargs)`` with their surrounding text; every
    argument that cannot be placed gets an empty context (it counts as a value)."""
    args = [a.value if isinstance(a, ast.Starred) else a for a in call.args]
    kwargs = {kw.arg: kw.value for kw in call.keywords if kw.arg is not None}
    out: list[tuple[ast.expr, str, str]] = []
    placed: set[int] = set()
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        parsed = []
    text = ""
    auto = 0
    for i, (literal, field, _spec, _conv) in enumerate(parsed):
        text += literal
        if field is None:
            continue
        base = re.split(r"[.\[]", field, maxsplit=1)[0]
        expr = None
        if base == "":
            expr = args[auto] if auto < len(args) else None
            auto += 1
        elif base.isdigit():
            expr = args[int(base)] if int(base) < len(args) else None
        else:
            expr = kwargs.get(base)
        after = parsed[i + 1][0] if i + 1 < len(parsed) else ""
        if expr is not None:
            out.append((expr, text, after))
            placed.add(id(expr))
    for e in [*args, *kwargs.values()]:
        if id(e) not in placed:
            out.append((e, "", ""))
    return out


def _percent_fields(template: str, right: ast.expr) -> list[tuple[ast.expr, str, str]]:
    """The fields of ``template % right`` with their surrounding text."""
    matches = [m for m in _PERCENT_FIELD.finditer(template) if m.group("conv") != "%"]
    if isinstance(right, ast.Dict) and None not in right.keys:
        values = {k.value: v for k, v in zip(right.keys, right.values) if _is_str(k)}  # type: ignore[union-attr]
        out = []
        for i, m in enumerate(matches):
            v = values.get(m.group("key"))
            if v is not None:
                after = template[
                    m.end() : matches[i + 1].start() if i + 1 < len(matches) else len(template)
                ]
                out.append((v, template[: m.start()], after))
        placed = {id(f[0]) for f in out}
        return out + [(v, "", "") for v in right.values if id(v) not in placed]
    reps = list(right.elts) if isinstance(right, ast.Tuple) else [right]
    if len(reps) != len(matches) or isinstance(right, ast.Dict):
        return [(r, "", "") for r in reps]
    return [
        (
            r,
            template[: m.start()],
            template[m.end() : matches[i + 1].start() if i + 1 < len(matches) else len(template)],
        )
        for i, (r, m) in enumerate(zip(reps, matches))
    ]


def built_string(node: ast.expr) -> _Built | None:
    """The interpolation that builds ``node``, or None when it is not built by interpolation."""
    if isinstance(node, ast.JoinedStr):
        found, _text = _fstring_fields(node)
        return _Built("fstring", _fstring_parts(node)[0], found) if found else None
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and _is_str(node.func.value)
    ):
        if not node.args and not node.keywords:
            return None
        template = _str_value(node.func.value)
        return _Built("format", template, _format_fields(template, node))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and _is_str(node.left):
        template = _str_value(node.left)
        return _Built("percent", template, _percent_fields(template, node.right))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        operands = _flatten_add(node)
        if not any(_is_str(o) or isinstance(o, ast.JoinedStr) for o in operands):
            return None  # ``a + b``: not visibly string building
        prefix: list[str] = []
        in_prefix = True
        text = ""
        fields: list[tuple[ast.expr, str, str]] = []
        pending: list[int] = []
        for o in operands:
            if _is_str(o):
                lit_text = o.value  # type: ignore[attr-defined]
                for i in pending:
                    fields[i] = (fields[i][0], fields[i][1], lit_text)
                pending = []
                text += lit_text
                if in_prefix:
                    prefix.append(lit_text)
            elif isinstance(o, ast.JoinedStr):
                inner, inner_text = _fstring_fields(o, text)
                p, _ = _fstring_parts(o)
                if pending and inner_text:
                    first = inner_text
                    for i in pending:
                        fields[i] = (fields[i][0], fields[i][1], first)
                    pending = []
                if in_prefix:
                    prefix.append(p)
                if inner:
                    in_prefix = False
                    fields.extend(inner)
                text += inner_text
            else:
                in_prefix = False
                fields.append((o, text, ""))
                pending.append(len(fields) - 1)
        if not fields:
            return None  # only literals: implicit concatenation
        return _Built("concat", "".join(prefix), fields)
    return None


#: SQL words after which an interpolation names something (a table, a column, an index, a
#: channel, a type, a bind parameter) or is a fragment of SQL, never a bindable value.
_IDENT_KEYWORDS = frozenset(
    {
        "FROM",
        "INTO",
        "TABLE",
        "TABLES",
        "JOIN",
        "UPDATE",
        "INDEX",
        "EXISTS",
        "TO",
        "VIEW",
        "SCHEMA",
        "DATABASE",
        "SEQUENCE",
        "TRIGGER",
        "COLUMN",
        "CONSTRAINT",
        "TRUNCATE",
        "PRAGMA",
        "BY",
        "SELECT",
        "DISTINCT",
        "RENAME",
        "ALTER",
        "DROP",
        "ADD",
        "NOTIFY",
        "LISTEN",
        "UNLISTEN",
        "SAVEPOINT",
        "ON",
        "AS",
        "TYPE",
        "EXTENSION",
        "ROLE",
        "OWNER",
        "REFERENCES",
        "SET",
        "LOCK",
        "ANALYZE",
        "VACUUM",
        "REINDEX",
        "CLUSTER",
        "PROCEDURE",
        "FUNCTION",
        "DESCRIBE",
        "OF",
        "USING",
        "WITH",
        "WHERE",
        "AND",
        "OR",
        "NOT",
        "WHEN",
        "HAVING",
    }
)
_PRAGMA_ARG = re.compile(r"\bPRAGMA\s+[\w.]+\s*\(\s*'?$", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
_BIND_PARAM_END = re.compile(r"(?:(?<![:\w]):\w+|\$\d+|%s|\?)$")
#: What follows the left operand of a comparison.
_LEFT_OPERAND = re.compile(
    r"\s*(?:=|<|>|!=|::|(?:NOT\s+)?(?:IN|IS|LIKE|ILIKE|BETWEEN)\b)", re.IGNORECASE
)
#: Statements that take no bound parameters at all (DDL, session settings): every
#: interpolation in them is treated like an identifier.
_UNBINDABLE = re.compile(
    r"\s*(?:CREATE|ALTER|DROP|TRUNCATE|RENAME|COMMENT|GRANT|REVOKE|SET|PRAGMA|LOCK|VACUUM|ANALYZE|REINDEX|CLUSTER)\b",
    re.IGNORECASE,
)
_COLUMN_LIST = re.compile(r"\b(?:INTO|TABLE|KEY|INDEX|ON)\s+[\w.\"`]*\s*$|\bKEY\s*$", re.IGNORECASE)


def identifier_position(before: str, after: str) -> bool:
    """Whether an interpolation between ``before`` and ``after`` (the literal SQL around it)
    stands for an identifier or a fragment of SQL rather than a value: quoted with ``"`` or
    backticks, glued to a name (``tmp_{t}``, ``{schema}.t``), a bind parameter's name
    (``:{p}``), a column list, or right after a keyword such as ``FROM``, ``TABLE``,
    ``INDEX``, ``SET`` or ``ORDER BY``.  Inside single quotes it is a value."""
    if _PRAGMA_ARG.search(before):
        return True  # ``PRAGMA index_list('{t}')``: a name (PRAGMAs take no parameters)
    if before.count("'") % 2 == 1:
        return False  # inside a string literal
    if before.count('"') % 2 == 1 or before.count("`") % 2 == 1:
        return True  # a quoted identifier
    if before and (before[-1] in ':."`' or before[-1].isalnum() or before[-1] == "_"):
        return True  # glued to a name, after a quoted name, or a bind parameter's name
    if after and (after[0] == "." or after[0].isalnum() or after[0] == "_"):
        return True
    if _LEFT_OPERAND.match(after):
        return True  # ``{column} = ...``, ``{column} IN :ids``: the left side of a comparison
    stripped = before.rstrip()
    if not stripped:
        return False
    if _BIND_PARAM_END.search(stripped):
        return True  # ``WHERE id > :last_id {more_filters}``: a clause after a complete operand
    if stripped[-1] == "(":
        head = stripped[:-1].rstrip()
        return bool(
            _COLUMN_LIST.search(head) or re.search(r"\bAS$", head, re.IGNORECASE)
        )  # a subquery
    words = _WORD.findall(stripped)
    if (
        words
        and words[-1].upper() == "AND"
        and len(words) > 1
        and "BETWEEN" in (w.upper() for w in words[-3:-1])
    ):
        return False  # ``BETWEEN {a} AND {b}``
    if stripped[-1] == ",":
        for w in reversed(words):
            up = w.upper()
            if up in (
                "VALUES",
                "IN",
                "WHERE",
                "AND",
                "OR",
                "HAVING",
                "LIMIT",
                "OFFSET",
                "THEN",
                "ELSE",
                "WHEN",
            ):
                return False  # a list of values
            if up in _IDENT_KEYWORDS:
                return True
        return False
    if not _WORD.fullmatch(stripped.split()[-1] if stripped.split() else ""):
        return False  # an operator (``=``, ``<``, ``+`` ...): a value
    return bool(words) and words[-1].upper() in _IDENT_KEYWORDS


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    constants: tuple[str, ...] = ()
    identifiers: tuple[str, ...] | None = None
    function: str | None = None


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

    Only interpolations in the place of a **value** count.  One that stands for an
    identifier or a fragment of SQL cannot be bound at all: quoted with `"` or backticks,
    glued to a name (`tmp_{table}`, `{schema}.runs`), the name of a bind parameter
    (`:{param}`), a column list, a `PRAGMA` argument, or right after `FROM`, `INTO`,
    `TABLE`, `INDEX`, `UPDATE`, `SET`, `SELECT`, `WHERE`, `ORDER BY` and similar keywords
    (a whole condition or clause built elsewhere), the left side of a comparison, the same
    expression used as a name elsewhere in the statement, and every interpolation of a
    statement that takes no parameters at all (`CREATE`, `ALTER`, `DROP`, `SET`, `PRAGMA`
    ...).  Such an
    identifier is reported only when it is a parameter of a route or a dependency (a name
    the client chooses), unless FastAPI validates it to a closed set (`Literal[...]`, an
    `Enum`) or a number: then the fix is an allow-list, not a bound parameter.

    Alembic migration files are scanned too, at warning level: migration SQL rarely
    handles request data.

    ## Why is this bad?
    A value interpolated into SQL text is SQL injection: `username = "x' OR '1'='1"` turns
    the query into a different query.  Bound parameters are the only safe way to pass
    values, and SQLAlchemy does it for you when you let it ([Production guide 2026]'s
    security checklist: "Use parameterized queries (SQLAlchemy handles this)").  The SQL-first
    style of [ForgeAPI guide] and [zhanymkanov README] only ever passes
    literals to `text()`.

    An interpolation is not reported when every replacement is a constant: a string or
    integer literal, or a name bound to one at module level (or a class attribute such as
    `__tablename__`, or a local only ever assigned a literal), for example a fixed table
    name.  Numbers (`int(x)`, `len(x)`) and joined placeholder lists (`", ".join(["%s"] *
    len(ids))`) are not reported either.

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
    The place of an interpolation is read from the literal SQL around it, not parsed: a value
    inside a function call after `SELECT` (`SELECT coalesce(a, {x})`) is taken for a column,
    and an identifier is traced to a request parameter only when the parameter itself is
    interpolated in the route or dependency (not through a helper or a variable).  A
    fragment of SQL held in a variable and interpolated where a value goes (`SET {dst} =
    {cast}` with `cast = f"{src}::text"`) is reported as a value.

    ## References
    - [Production guide 2026] (security checklist: parameterized queries)
    - [ForgeAPI guide], [zhanymkanov README] ("SQL-first, Pydantic-second": `text()` literals)
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
        "Production guide 2026",
        "ForgeAPI guide",
        "zhanymkanov README",
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
        names: list[str] = []  # identifiers interpolated from plain names
        values = False
        unbindable = bool(_UNBINDABLE.match(built.fields[0][1] if built.fields else built.prefix))
        # an expression used as a name somewhere in the statement is a name everywhere in it
        # (``SET {column} = REPLACE({column}, '-', '')``)
        named = {
            ast.dump(rep)
            for rep, before, after in built.fields
            if identifier_position(before, after)
        }
        for rep, _before, _after in built.fields:
            if _safe_value(rep, ctx) or _fragment_join(rep) or _literal_local(rep, ctx):
                continue
            if unbindable or ast.dump(rep) in named:
                # a table, a column, a fragment of SQL: it cannot be bound; only a request
                # parameter used as one is reported (see ``judge``)
                if isinstance(rep, ast.Name):
                    names.append(rep.id)
                continue
            q = ctx.resolve(rep) if isinstance(rep, (ast.Name, ast.Attribute)) else None
            if q is None or not ctx.is_project(q):
                values = True
                deferred = []
                break  # a value that is certainly not a constant
            deferred.append(q)
        migration = ctx.file_class == "migration"
        if not values and not deferred:
            fn = ctx.function
            if names and fn is not None and not migration:
                ctx.report(
                    statement,
                    f"SQL built with {_HOW[built.kind]} is passed to {target} with `{{name}}` as a table or "
                    "column name: check it against an allow-list of known names (identifiers cannot be bound)",
                    data=_Data(identifiers=tuple(sorted(set(names))), function=fn.qname),
                )
            return  # only literals, constants and identifiers are interpolated
        ctx.report(
            statement,
            f"SQL built with {_HOW[built.kind]} is passed to {target}: bind the values as parameters"
            + (" (in a migration)" if migration else "")
            + " (ruff S608)",
            severity=Severity.WARNING if migration else None,
            data=_Data(constants=tuple(deferred)),
        )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        out: list[Hit] = []
        request_path = None
        for h in hits:
            if h.payload(_Data).identifiers is not None:
                # an identifier is only reported when it is a parameter of a route or a
                # dependency: a name the client chooses
                if request_path is None:
                    request_path = project.request_path_functions
                fn = request_path.get(h.payload(_Data).function or "")
                params = (
                    {p.name for p in fn.params if not _closed_choice(project, p.annotation)}
                    if fn is not None
                    else set()
                )
                chosen = [n for n in h.payload(_Data).identifiers or () if n in params]
                if chosen:
                    out.append(
                        dataclasses.replace(
                            h,
                            message=h.message.replace("{name}", chosen[0], 1),
                            data=_Data(),
                        )
                    )
                continue
            consts = h.payload(_Data).constants
            if consts and all(_is_constant(project, q) for q in consts):
                continue
            out.append(dataclasses.replace(h, data=h.payload(_Data)._replace(constants=())))
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


async def purge(pool, owner: str, run_id: int) -> None:
    async with pool.acquire() as conn:
        await conn.fetch(f"SELECT * FROM {TABLE} WHERE id = {run_id}")
    await pool.execute(sql(f"DELETE FROM runs WHERE owner = '{owner}'"))
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
        Example(
            files={
                "app/main.py": """\
from fastapi import FastAPI
from sqlalchemy import text

app = FastAPI()


@app.get("/runs")
async def list_runs(db, sort: str, owner: str):
    return await db.execute(text(f"SELECT * FROM runs WHERE owner = :owner ORDER BY {sort}"), {"owner": owner})
""",
            },
            note="a query parameter used as a column name: an identifier the client chooses",
            lines=(9,),
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
        Example(
            files={
                "app/main.py": """\
import enum
from typing import Literal

from fastapi import FastAPI
from sqlalchemy import text

app = FastAPI()


class Column(str, enum.Enum):
    name = "name"
    created = "created_at"


def drop_temp(conn, table_name: str) -> None:
    conn.execute(text(f'DROP TABLE IF EXISTS _tmp_{table_name}'))
    conn.execute(text(f"PRAGMA index_list('{table_name}')"))
    conn.execute(text(f'UPDATE "{table_name}" SET flag = :flag WHERE id = :id'), {"flag": 1, "id": 2})


@app.get("/runs")
async def list_runs(db, sort: Literal["name", "created_at"], order: Column, tag: str):
    await db.execute(text(f"SELECT * FROM runs ORDER BY {sort}, {order}"))
    param = "tag_0"
    return await db.execute(text(f"SELECT * FROM runs WHERE tag = :{param}"), {param: tag})
""",
                "alembic/versions/0001_copy.py": """\
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    for table in ("message", "transaction"):
        tmp = f"{table}_tmp"
        op.execute(f'INSERT INTO "{tmp}" (id, data) SELECT id, data FROM {table}')
        op.execute(f'ALTER TABLE "{tmp}" RENAME TO "{table}"')
""",
            },
            note="identifiers (quoted, glued, after FROM/TABLE/ORDER BY, PRAGMA arguments, bind "
            "parameter names) cannot be bound: silent outside request parameters, and for "
            "Literal/Enum parameters",
        ),
        snippet(
            """\
from sqlalchemy import text


def maintenance(conn, table: str, column: str, next_id: int, timeout: int, where: str, extra: str, keys):
    conn.execute(text(f"ALTER TABLE {table} AUTO_INCREMENT = {next_id}"))
    conn.execute(text(f"SET LOCAL lock_timeout = '{timeout}s'"))
    conn.execute(text(f"UPDATE {table} SET {column} = REPLACE({column}, '-', '')"))
    conn.execute(text(f'SELECT count(*) FROM "{table}" WHERE {where}'))
    conn.execute(text(f"SELECT id FROM runs WHERE id > :last_id {extra} ORDER BY id"), {"last_id": 0})
    conn.execute(text(f"SELECT * FROM runs WHERE {column} IN :ids"), {"ids": keys})
    batch = 1000
    conn.execute(text(f"SELECT id FROM runs ORDER BY id LIMIT {batch}"))
    return text("(" + " OR ".join(f"EXISTS (SELECT 1 FROM {src} AS m WHERE m.v LIKE :{k})" for src, k in keys) + ")")
""",
            note="DDL and SET take no parameters; a name used as a column elsewhere in the statement; "
            "WHERE fragments; a clause after a bind parameter; joined fragments of names; a local "
            "bound to a literal",
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
            if (
                isinstance(side, (ast.List, ast.Tuple))
                and side.elts
                and all(_is_str(e) for e in side.elts)
            ):
                return True
        return False
    if isinstance(node, (ast.ListComp, ast.GeneratorExp)):
        elt = node.elt
        if _is_str(elt):
            return True
        if isinstance(elt, ast.JoinedStr) and len(node.generators) == 1:
            gen = node.generators[0]
            targets = {n.id for n in ast.walk(gen.target) if isinstance(n, ast.Name)}
            from_range = (
                isinstance(gen.iter, ast.Call) and ctx.resolve(gen.iter.func) == "builtins.range"
            )
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


_LITERAL = frozenset({"typing.Literal", "typing_extensions.Literal"})
_CLOSED_TYPES = frozenset({"builtins.int", "builtins.float", "builtins.bool", "uuid.UUID"})


def _closed_choice(project: Project, annotation) -> bool:
    """A parameter FastAPI validates to a closed set or a number (``Literal[...]``, an
    ``Enum``, ``int``, ``UUID``): it cannot carry SQL."""
    if not annotation:
        return False
    for e in iter_exprs(annotation):
        q = qname_of(e) if isinstance(e, (Name, Call)) else None
        if not q:
            continue
        if q in _LITERAL or q in _CLOSED_TYPES:
            return True
        if project.name_is_class(q, {"enum.Enum", "enum.StrEnum", "enum.IntEnum"}):
            return True
    return False


def _literal_local(node: ast.expr, ctx: ModuleContext) -> bool:
    """A local only ever assigned str/int literals (``BATCH_SIZE = 1000``).  (A parameter
    annotated ``int`` is not enough: outside a route the annotation is not enforced.)"""
    if not isinstance(node, ast.Name) or ctx.function is None:
        return False
    if any(p.name == node.id for p in ctx.function.params):
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
        return False
    values = [
        n.value
        for n in ast.walk(func)
        if isinstance(n, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == node.id for t in n.targets)
    ]
    rebound = False
    for n in ast.walk(func):
        targets: list[ast.AST] = []
        if isinstance(
            n,
            (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor, ast.NamedExpr, ast.comprehension),
        ):
            targets = [n.target]
        elif isinstance(n, (ast.With, ast.AsyncWith)):
            targets = [i.optional_vars for i in n.items if i.optional_vars is not None]
        elif isinstance(n, ast.Assign):
            targets = [t for t in n.targets if not isinstance(t, ast.Name)]  # tuple unpacking
        if any(isinstance(x, ast.Name) and x.id == node.id for t in targets for x in ast.walk(t)):
            rebound = True
            break
    return (
        bool(values)
        and not rebound
        and all(isinstance(v, ast.Constant) and type(v.value) in _SAFE_LITERALS for v in values)
    )


def _fragment_join(node: ast.expr) -> bool:
    """``" OR ".join(f"EXISTS (SELECT 1 FROM {src} WHERE v LIKE :{key})" for src in ...)``:
    fragments whose own interpolations are all names, joined by a literal separator."""
    if not (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "join"
        and _is_str(node.func.value)
        and len(node.args) == 1
        and isinstance(node.args[0], (ast.GeneratorExp, ast.ListComp))
        and isinstance(node.args[0].elt, ast.JoinedStr)
    ):
        return False
    fields, _text = _fstring_fields(node.args[0].elt)
    return all(identifier_position(before, after) for _rep, before, after in fields)


def _keyword(node: ast.Call, names: tuple[str, ...]) -> ast.expr | None:
    for kw in node.keywords:
        if kw.arg in names:
            return kw.value
    return None


def _is_constant(project: Project, qname: str) -> bool:
    """``qname`` is a module-level name (or class attribute) bound to a str/int literal."""
    from auditor.project import Binding

    r = project.resolve(qname)
    if isinstance(r, Binding):
        v = r.value
        return bool(isinstance(v, Lit) and type(v.value) in _SAFE_LITERALS)
    head, _, attr = qname.rpartition(".")
    cls = project.class_(head) if head else None
    if cls is not None:
        values = [a.default for a in cls.attributes if a.name == attr]
        return len(values) == 1 and bool(
            isinstance(values[0], Lit) and type(values[0].value) in _SAFE_LITERALS
        )
    return False
