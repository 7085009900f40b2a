"""DBS002 sql-string-interpolation: the check (metadata, explanation, examples, the module
pass and ``judge``).  How SQL text was built and where each field stands is read in
``sql.py``; where an interpolated value comes from is followed in ``origin.py``."""

from __future__ import annotations

import ast
import dataclasses
import re
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity, snippet, when
from auditor.facts import (
    BinOp,
    Call,
    DictExpr,
    Expr,
    IfExp,
    Lit,
    Name,
    Seq,
    iter_exprs,
    qname_of,
)
from auditor.lazyre import lazy_compile
from auditor.project import Project
from auditor.source_edits import line_text
from auditor.walker import ModuleContext

from .origin import Origin, Tracer, pattern_checked
from .sql import (
    UNBINDABLE,
    built_string,
    fragment_join,
    identifier_position,
    in_string_literal,
)

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
_SQL_START = lazy_compile(
    r"\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|ALTER|DROP|TRUNCATE|MERGE|CALL|EXEC(?:UTE)?)\b",
    re.IGNORECASE,
)
_HOW = {
    "fstring": "an f-string",
    "format": "`str.format()`",
    "percent": "`%` formatting",
    "concat": "string concatenation",
}


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge``."""

    #: values: project names to look up (module constants, enum members, class attributes)
    constants: tuple[str, ...] = ()
    #: values: parameters of the enclosing function they are built from
    params: tuple[str, ...] = ()
    #: values: something that could not be followed
    unknown: bool = False
    #: identifiers: the enclosing function's parameters used as names (None: values)
    identifiers: tuple[str, ...] | None = None
    function: str | None = None
    how: str = ""
    target: str = ""
    migration: bool = False
    #: the values rendered as quoted SQL literals (``'{v}'``, ``repr(v)``): the same kinds
    qconstants: tuple[str, ...] = ()
    qparams: tuple[str, ...] = ()
    qunknown: bool = False


#: A route updating the columns a client sent (DBS002's dict-keys pair): the bad example fills
#: the dict from the keys the client chose, the good one writes each key itself.
_UPDATE_COLUMNS = """\
import sqlite3
from typing import Any

from fastapi import FastAPI

app = FastAPI()


@app.patch("/items/{{item_id}}")
def update_item(item_id: int, payload: dict[str, Any]) -> None:
    fields: dict[str, Any] = {{}}
{fill}
    assignments = ", ".join(f"{{column}} = ?" for column in fields)
    with sqlite3.connect("app.db") as db:
        db.execute(f"UPDATE items SET {{assignments}} WHERE id = ?", [*fields.values(), item_id])
"""


_STORE_TABLES = """\
from uuid import UUID

import sqlalchemy as sa


def count_columns(conn, table: str) -> int:
    query = sa.text(f"SELECT count(*) FROM information_schema.columns WHERE table_name = '{{table}}'")
    return conn.execute(query).scalar()


def widen(conn, owner: {owner}, is_view: bool) -> int:
    kind = "view" if is_view else "tbl"
    table = f"{{kind}}_{{owner{attr}}}"
    return count_columns(conn, table)
"""


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

    Each value is then followed back through the enclosing function (its locals, their
    every assignment, what `append` puts in a list) to what it is built from, and the
    severity says how sure the finding is:

    - **error** when a value is built from what the client sends: a parameter of a route or
      a dependency that FastAPI does not validate to a closed set (a query, path, header or
      body parameter, a field of a request model, `request.query_params`), directly or
      through locals, string methods and f-strings;
    - **warning** (medium confidence) when a quoted value is a helper's parameter (in a
      migration too).  The helper's callers are read by
      name only: when every use of its name in the project is a call passing that parameter
      a literal or a project constant of literals (or leaving it to such a default), or
      what a plain function of the project returns when each of its `return`s is such a
      value (`_bucket(plan)` returning `"hour"`, `"day"` or `None`, whatever it is given),
      the value is the code's own and nothing is reported; a caller that passes on a value of
      its own is not followed further.
      The message names the parameter;
    - nothing when every value turns out not to be one a client could choose (see *Why is
      this bad?*), when no quoted value is a parameter, so that where each comes from is
      not known (a call's result, an attribute of `self`, the environment, in a migration a
      row read back from the database: the check says what it does not know by not
      claiming it; ruff S608 reports every SQL string built by interpolation, for those
      who want each one reviewed), or when the helper lives in a module that imports Alembic's `op` (a migration
      helper: its parameters are what the revisions pass), or when nothing in the project
      calls it and every use of its name installs it as an attribute of another
      distribution's object (`requests_cache.SQLiteDict.__getitem__ = patched_get`: a
      monkey-patch, handed what that library passes, which the check cannot follow).

    Alembic migration files are scanned too, never above warning: migration SQL rarely
    handles request data.

    ## Why is this bad?
    A value interpolated into SQL text is SQL injection: `username = "x' OR '1'='1"` turns
    the query into a different query.  Bound parameters are the only safe way to pass
    values, and SQLAlchemy does it for you when you let it ([Production guide 2026]'s
    security checklist: "Use parameterized queries (SQLAlchemy handles this)").  The SQL-first
    style of [ForgeAPI guide] and [zhanymkanov README] only ever passes
    literals to `text()`.

    An interpolation is not reported when no value in it can carry SQL someone else wrote:
    a string or integer literal; a name bound to one at module level (a fixed table name), a
    class attribute such as `__tablename__` (also read from a parameter holding a model
    class, `table.__tablename__`), a member of an `Enum` (`Status.DRAFT.value`
    in a DDL default); a local whose every assignment is such a value (`BATCH = 1000`,
    `offset += BATCH`, a value picked from a dict of literals); a value derived only from
    literals and such constants (`json.dumps(asdict(Spec("composite")))` of a project
    dataclass, a name unpacked in `for table, prefix in TABLES` over a module-level tuple
    of literals and the project's `Enum` classes, the members of such an `Enum` too, or in `for old, new in MAPPING.items()` over a dict of literals, its
    `.keys()` and `.values()` too); the keys of a local dict the function builds with
    literal keys only (`fields = {}`, then `fields["name"] = ...` or
    `fields.setdefault("active", 1)`: `", ".join(f"{k} = ?" for k in fields)` names
    columns the code chose, whichever of them the client's data selects; a key taken from
    the client's data, `fields[key] = ...` in `for key in payload`, is the client's column
    name); a local that, where the SQL reads it, has matched a
    pattern admitting neither `'` nor `\\` over the whole value and was not rebound since
    (inside `if re.fullmatch(PATTERN, v):`, `re.match` of a pattern ending in `$` or `\\Z`,
    `PATTERN.fullmatch(v)` of a module-level `re.compile`, or after `if not ...: raise`;
    the pattern a literal or a module constant, read by Python's own pattern parser, not
    multi-line; or with `v.isidentifier()`, `v.isalnum()` in its place); a number (`int(x)`,
    `len(x)`, a parameter annotated `int`, `float` or `bool`, a `range` counter); a
    placeholder list (`", ".join(["%s"] * len(ids))`, `",".join("%s" for _ in keys)`);
    SQL rendered by SQLAlchemy (`sa.false().compile(bind)`); a literal escaped by doubling
    its quotes (`payload.replace("'", "''")`); the result of a helper whose name says it
    builds a bind placeholder, quotes an identifier or escapes a value (`placeholder`,
    `quote`, `escape`: `db.timestamp_placeholder("ts")`, `quote_ident(name)`); text the
    code makes itself (`secrets.token_hex(6)`, `uuid4().hex`, a date rendered by
    `isoformat()` or `strftime("%Y-%m-%d")`, and a parameterless function of the same module
    that returns only such values, constants, or a local that has matched such a pattern
    where it is returned).

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
    A helper's quoted parameter is not reported when every call passes a local of the
    caller built only from literals and a parameter typed as a number or a `UUID` (its
    `.hex` too), never rebound: an identifier the code generates.
    The statement must be built in the call itself: `query = f"..."` on one line and
    `db.execute(text(query))` on the next is not followed.  A `+` chain must contain a string
    literal to count as string building, so `text(base + where)` with two variables is not
    reported.  The place of an interpolation is read from the literal SQL around it, not
    parsed: a value inside a function call after `SELECT` (`SELECT coalesce(a, {x})`) is
    taken for a column, and an identifier is traced to a request parameter only within the
    route or dependency (not through a helper).  Values are followed within one function:
    a helper called from a route gets warning, not error, even when the route passes it
    the client's text.  A helper named like a quoting or placeholder function is trusted
    without being read.  A fragment of SQL held in a variable and interpolated where a value
    goes (`SET {dst} = {cast}` with `cast = f"{src}::text"`) is reported as a value.

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

    @when(callees=TEXT_CALLEES, names=SQL_METHODS)
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
        if _reviewed(ctx, node):
            return  # ``# nosec`` (bandit's B608): a person read this statement for injection
        tracer = Tracer(ctx)
        values = Origin()  # where the interpolated values come from
        names: set[str] = set()  # parameters interpolated as identifiers
        unbindable = bool(UNBINDABLE.match(built.fields[0][1] if built.fields else built.prefix))
        # an expression used as a name somewhere in the statement is a name everywhere in it
        # (``SET {column} = REPLACE({column}, '-', '')``)
        named = {
            ast.dump(rep)
            for rep, before, after in built.fields
            if identifier_position(before, after)
        }
        for rep, before, _after in built.fields:
            if fragment_join(rep):
                continue
            if (
                isinstance(rep, ast.Name)
                and (rep.id in tracer.params or tracer.sources(rep.id))
                and pattern_checked(rep.id, node, ctx)
            ):
                continue  # matched a pattern that admits no quote, not rebound since
            origin = tracer.origin(rep)
            if (unbindable or ast.dump(rep) in named) and not _fragment_of_values(rep, tracer):
                # a table, a column, a fragment of SQL: it cannot be bound; only a request
                # parameter used as one is reported (see ``judge``)
                names |= origin.params
                continue
            if id(rep) in built.reprs or in_string_literal(before):
                origin.quoted()  # ``'{v}'``, ``{v!r}``: rendered as an SQL string literal
            values.add(origin)
        migration = ctx.file_class == "migration"
        fn = ctx.function
        how = _HOW[built.kind]
        if values.safe:
            if names and fn is not None and not migration:
                ctx.report(
                    statement,
                    f"SQL built with {how} is passed to {target} with `{{name}}` as a table or "
                    "column name: check it against an allow-list of known names (identifiers cannot be bound)",
                    data=_Data(identifiers=tuple(sorted(names)), function=fn.qname),
                )
            return  # only literals, numbers, placeholders, constants and identifiers
        ctx.report(
            statement,
            f"SQL built with {how} is passed to {target}: bind the values as parameters (ruff S608)",
            data=_Data(
                constants=tuple(sorted(values.constants)),
                params=tuple(sorted(values.params)),
                unknown=values.unknown,
                function=fn.qname if fn is not None else None,
                how=how,
                target=target,
                migration=migration,
                qconstants=tuple(sorted(values.qconstants)),
                qparams=tuple(sorted(values.qparams)),
                qunknown=values.qunknown,
            ),
        )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        out: list[Hit] = []
        request_path = None
        for h in hits:
            data = h.payload(_Data)
            if request_path is None:
                request_path = project.request_path_functions
            route = request_path.get(data.function or "")
            if data.identifiers is not None:
                # an identifier is only reported when it is a parameter of a route or a
                # dependency: a name the client chooses
                chosen = [n for n in data.identifiers if n in _client_chosen(project, route)]
                if chosen:
                    out.append(
                        dataclasses.replace(
                            h, message=h.message.replace("{name}", chosen[0], 1), data=_Data()
                        )
                    )
                continue
            hit = _judge_values(h, data, project, route)
            if hit is not None:
                out.append(hit)
        return out

    bad = (
        snippet(
            _STORE_TABLES.format(owner="str", attr=""),
            note="the other side of the generated-identifier trap: the table name the caller "
            "builds holds a string parameter, which may carry a quote",
            lines=(7,),
        ),
        snippet(
            """\
import os
import re

import sqlalchemy as sa

SCHEMA = os.environ.get("APP_SCHEMA", "public")
LABEL = str(os.environ["APP_LABEL"])


def tag(conn, name: str, note: str) -> None:
    safe = re.sub(r"[^A-Za-z0-9_ ']", "", name)
    kept = "".join(c for c in note if c.isalnum() or c == "'")
    conn.execute(sa.text(f"UPDATE runs SET tag = '{safe}', note = '{kept}'"))
    conn.execute(sa.text(f"UPDATE runs SET owner = '{SCHEMA}', label = '{LABEL}'"))


def rename(conn, name: str, new: str) -> None:
    if name not in ("a", "b"):
        print("unexpected", name)
    if not re.match(r"[a-z_]+", new):
        raise ValueError(new)
    conn.execute(sa.text(f"SELECT rename_label('{name}', '{new}')"))
""",
            note="the other side of the sanitising traps: a pattern that keeps quotes, a "
            "filter that lets one through, a check that does not stop, a pattern not anchored "
            "at the end; beside them, constants read from the environment are values whose "
            "origin is not known, not reported (line 14)",
            lines=(13, 22),
        ),
        snippet(
            """\
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


async def find_user(db: AsyncSession, username: str) -> list[str]:
    result = await db.execute(text(f"SELECT id FROM profile WHERE username = '{username}'"))
    return [str(r) for r in result]
""",
            note="a helper's parameter: where the value comes from is not known (warning, "
            "medium confidence)",
            lines=(6,),
        ),
        snippet(
            """\
import sqlalchemy as sa


def search(conn, term: str, owner_id: str, label):
    conn.execute(sa.text("SELECT * FROM runs WHERE name LIKE '%{}%'".format(term)))
    conn.execute("select * from runs where owner = '" + owner_id + "'")
    conn.exec_driver_sql("DELETE FROM runs WHERE id = %r" % owner_id)
    conn.execute("UPDATE runs SET label = {!r}".format(label))
    return conn.execute(
        f\"\"\"
        SELECT * FROM runs WHERE label = {label!r}
        \"\"\"
    )
""",
            note="module alias, .format, +, % and a multi-line f-string with leading whitespace; "
            "quoted by hand or by `repr` (`!r`, `%r`)",
            lines=(5, 6, 7, 8, 10),
        ),
        snippet(
            """\
import sqlalchemy as sa


def insert_defaults(session, table: str, row: dict) -> None:
    def render(v):
        if isinstance(v, str):
            return repr(v)
        return str(v)

    values = ", ".join(render(row[c]) for c in row)
    session.execute(sa.text(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({values})"))
""",
            note="values rendered as SQL literals by a local helper (`repr`) and joined into a "
            "VALUES list",
            lines=(11,),
        ),
        snippet(
            """\
from sqlalchemy.sql import text as sql

TABLE = "runs"


async def purge(pool, owner: str, run_id: str) -> None:
    async with pool.acquire() as conn:
        await conn.fetch(f"SELECT * FROM {TABLE} WHERE id = '{run_id}'")
    await pool.execute(sql(f"DELETE FROM runs WHERE owner = '{owner}'"))
""",
            note="one constant does not excuse a second, variable, replacement; text imported "
            "under an alias",
            lines=(8, 9),
        ),
        snippet(
            """\
from sqlalchemy import text


def by_names(conn, wanted):
    quoted = []
    for name in wanted:
        quoted.append(f"'{name}'")
    return conn.execute(text(f"SELECT id FROM runs WHERE name IN ({', '.join(quoted)})"))
""",
            note="a list of quoted values filled by `append` in a loop: the values come from a "
            "parameter",
            lines=(8,),
        ),
        snippet(
            """\
from sqlalchemy import text


def sync_sequence(session, table) -> None:
    seq_name = f"{table.table_name}_id_seq"
    session.execute(text(f"SELECT setval('{seq_name}', 1, true)"))
""",
            note="the other side of the `__tablename__` trap: another attribute of a function's "
            "parameter is a value whose origin is not known",
            lines=(6,),
        ),
        snippet(
            """\
from sqlalchemy import text


async def pending(conn, key: str, strict: bool):
    if strict:
        if not key.isidentifier():
            raise ValueError(key)
    await conn.fetchval(text(f"SELECT id FROM ops WHERE payload->>'{key}' = :v"))
    if key:
        if not key.isidentifier():
            raise ValueError(key)
        key = key + "'"
        await conn.fetchval(text(f"SELECT id FROM ops WHERE payload->>'{key}' = :v"))
""",
            note="the other side of the nested identifier-check trap: a check in another "
            "branch than the SQL, and a value rebound after its check",
            lines=(8, 13),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/ops.py": """\
_NIL = "0"


class Ops:
    async def insert_links(self, conn, rows: list, nil_id: str):
        await conn.executemany(
            f"INSERT INTO links (a, c) VALUES ($1, $2) ON CONFLICT (COALESCE(c, '{nil_id}'))",
            rows,
        )


async def save(conn, ops, rows: list, nil_id: str) -> None:
    await ops.insert_links(conn, rows, _NIL)
    await ops.insert_links(conn, rows, nil_id)
""",
            },
            note="the other side of the constant-argument trap: one call of the helper passes "
            "its own caller's parameter",
            lines=(7,),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/archive.py": """\
class Archive:
    def export(self, con, db: str) -> list:
        return self._sizes(con, db)

    @staticmethod
    def _sizes(con, db: str) -> list:
        names = [r[0] for r in con.execute("SELECT name FROM registry").fetchall()]
        return [
            con.execute(
                f"SELECT count(*) FROM sizes WHERE db = '{db}' AND name = '{name}'"
            ).fetchone()
            for name in names
        ]
""",
            },
            note="the other side of the static-helper trap: its call passes the caller's "
            "parameter, beside the value read back from a query",
            lines=(10,),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/store.py": """\
class Store:
    def get(self, key):
        return key
""",
                "app/cache.py": """\
import requests_cache

from app import store


def patched_get(self, key):
    with self.connection() as con:
        return con.execute(f"SELECT value FROM responses WHERE key='{key}'").fetchone()


def patched_lookup(self, key):
    with self.connection() as con:
        return con.execute(f"SELECT value FROM responses WHERE key='{key}'").fetchone()


requests_cache.SQLiteDict.__getitem__ = patched_get
store.Store.get = patched_lookup


def read(cache, key: str):
    return patched_get(cache, key)
""",
            },
            note="the other side of the library-method trap: a patched method the project "
            "also calls with a value of its own, and one installed on a class of the project",
            lines=(8, 13),
        ),
        Example(
            files={
                "alembic.ini": (
                    "[core]\nscript_location = shop:db/core\n\n"
                    "[tenant]\nscript_location = shop:db/tenant\n"
                ),
                "src/shop/__init__.py": "",
                "src/shop/db/tenant/env.py": "",
                "src/shop/db/tenant/versions/2024_09_03_copy_plan.py": """\
\"\"\"copy plan\"\"\"
import sqlalchemy as sa
from alembic import op

revision = "9b0c1d2e3f4a"
down_revision = None


def _copy(plan: str, tenant: int) -> None:
    # one tenant's plan, of the rows upgrade() reads back
    bind = op.get_bind()
    bind.execute(sa.text(f"UPDATE tenant SET plan = '{plan}' WHERE id = {tenant}"))


def upgrade() -> None:
    conn = op.get_bind()
    for row in conn.execute(sa.text("SELECT id, plan FROM legacy_tenant")):
        _copy(row.plan, row.id)


def downgrade() -> None:
    pass
""",
            },
            note="a revision of a named `alembic.ini` section whose `script_location` is "
            "package-relative (`package:path`) is a migration: warning, not error",
            lines=(12,),
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
        snippet(
            _UPDATE_COLUMNS.format(
                fill="    for key in payload:\n        fields[key] = payload[key]"
            ),
            note="the other side of the literal-keys trap: the keys of a dict filled from the "
            "keys the client sent are the client's column names",
            lines=(16,),
        ),
        Example(
            files={
                "app/deps.py": """\
from fastapi import Header
from sqlalchemy import text


async def tenant(db, x_tenant: str = Header()) -> str:
    await db.execute(text(f"SELECT 1 FROM tenants WHERE slug = '{x_tenant}'"))
    return x_tenant
""",
                "app/main.py": """\
from fastapi import Depends, FastAPI
from pydantic import BaseModel
from sqlalchemy import text

from app.deps import tenant

app = FastAPI()


class Search(BaseModel):
    term: str


@app.get("/users")
async def users(db, name: str, tenant_id: str = Depends(tenant)):
    where = f"name = '{name.strip()}'"
    return await db.execute(text(f"SELECT id FROM users WHERE {where} LIMIT 10"))


@app.post("/search")
async def search(db, body: Search):
    return await db.execute(text("SELECT id FROM docs WHERE body LIKE '%" + body.term + "%'"))


@app.get("/runs/{run_id}")
async def run(db, run_id: str):
    return await db.execute(text(f"SELECT * FROM runs WHERE id = {run_id}"))
""",
            },
            note="values traced to what the client sends (error): a query parameter through a "
            "local, a method and a WHERE fragment, a dependency's header, a field of the "
            "request body, a path parameter even unquoted",
            lines=(6, 17, 22, 27),
        ),
        snippet(
            """\
import re

from sqlalchemy import text

NAME = re.compile(r"[\\w' ]+")


def stamp(conn, value: str, note: str, label: str):
    if re.match(r"\\d{4}-\\d{2}-\\d{2}", value):
        conn.execute(text(f"UPDATE runs SET day = '{value}'"))
    if re.fullmatch(r"[a-z]+", note):
        note = note + "!"
        conn.execute(text(f"UPDATE runs SET note = '{note}'"))
    if not NAME.fullmatch(label):
        raise ValueError(label)
    conn.execute(text(f"UPDATE runs SET label = '{label}'"))
    for shown in {"label": label}.values():
        conn.execute(text(f"UPDATE runs SET label = '{shown}'"))
""",
            note="the other side of the pattern and literal-collection traps: a pattern "
            "not anchored at the end, a value rebound after its check, a pattern whose class "
            "admits a quote, a dict of the code's own that holds a parameter",
            lines=(10, 13, 16, 18),
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/report.py": """\
def _grain(plan: dict) -> str:
    if plan.get("hourly"):
        return "hour"
    return plan.get("grain", "day")


def gaps(cur, table: str, grain: str) -> list:
    cur.execute(f"SELECT date_trunc('{grain}', at) FROM \\"{table}\\" GROUP BY 1")
    return cur.fetchall()


def check(cur, plan: dict) -> list:
    return gaps(cur, "events", _grain(plan))
""",
            },
            note="the other side of the literal-returns trap: a function that may return a "
            "value it is given",
            lines=(8,),
        ),
    )
    good = (
        snippet(
            _STORE_TABLES.format(owner="UUID", attr=".hex"),
            note="trap: the only caller passes a table name built from literals and a UUID's "
            "`.hex` (32 hexadecimal digits; seen in pixeltable's converters): no quote can "
            "reach the literal",
        ),
        Example(
            files={
                "alembic/versions/0008_owner.py": """\
import os

from alembic import op


def owner():
    return os.environ.get("OWNER", "admin")


def upgrade() -> None:
    op.execute(f"UPDATE clusters SET owner = '{owner()}'")
""",
            },
            note="a module helper returning text from outside the code (the environment): a value "
            "whose origin is not known is not reported (ruff S608 reports every such string)",
        ),
        Example(
            files={
                "alembic/versions/0009_language.py": """\
import os
import re

from alembic import op

WORDS = re.compile(r"[\\w' ]+")
NAME = re.compile(r"[a-z_]+")


def language():
    lang = os.environ.get("LANG_CONFIG", "english")
    if not WORDS.fullmatch(lang):
        return "english"
    return lang


def label():
    value = os.environ.get("LABEL", "x")
    if not NAME.fullmatch(value):
        print("odd label")
    return value


def upgrade() -> None:
    op.execute(f"UPDATE docs SET lang = '{language()}'")
    op.execute(f"UPDATE docs SET label = '{label()}'")
""",
            },
            note="module helpers whose check admits a quote or does not end the function, "
            "returning text from the environment: a value whose origin is not known is not "
            "reported",
        ),
        Example(
            files={
                "alembic/versions/0001_backfill.py": """\
from alembic import op
import sqlalchemy as sa


def upgrade() -> None:
    conn = op.get_bind()
    for row in conn.execute(sa.text("SELECT id, label FROM legacy_runs")):
        op.execute(sa.text(f"UPDATE runs SET status = '{row.label}' WHERE id = {row.id}"))
""",
            },
            note="a migration quoting a value read back from the database: a value whose origin is"
            " not known is not reported",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/enums.py": """\
from enum import IntEnum


class Tier(IntEnum):
    FREE = 0
    PRO = 1


class Labels:
    FREE = "free"
""",
                "alembic/versions/0004_tiers.py": """\
import os

from alembic import op

from app.enums import Labels, Tier

revision = "0004"
down_revision = None

COLUMNS = [("users", "tier", Tier, os.environ.get("DEFAULT_TIER", "FREE"))]
LABELS = [("users", "label", Labels)]


def upgrade() -> None:
    for table, column, enum, default in COLUMNS:
        for member in enum:
            src = f"'{member.name}'"
            op.execute(f"UPDATE {table} SET {column} = '{default}' WHERE {column} = {src}")
    for table, column, kind in LABELS:
        op.execute(f"UPDATE {table} SET {column} = '{kind.FREE}'")
""",
            },
            note="a list that also holds a value read from the environment, and a plain class's "
            "attribute (not a member fixed by an `Enum`): values whose origin is not known "
            "are not reported",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/specs.py": """\
import os


class Spec:
    def __init__(self, name: str) -> None:
        self.name = os.environ.get("SPEC_PREFIX", "") + name


def spec_json(name: str) -> str:
    return os.environ.get("SPEC_" + name.upper(), name)
""",
                "alembic/versions/0002_specs.py": """\
import json
import os

from alembic import op

from app.specs import spec_json

revision = "0002"
down_revision = None
LABELS = os.environ.get("LABELS", "")


def upgrade() -> None:
    conn = op.get_bind()
    composite = spec_json("composite")
    op.execute(f"UPDATE nodes SET specs = '{composite}'")
    for table, label in conn.execute("SELECT name, label FROM legacy_tables"):
        op.execute(f"UPDATE {table} SET label = '{label}'")
    op.execute(f"UPDATE nodes SET labels = '{json.dumps(LABELS)}'")
""",
            },
            note="what a project function given a literal returns, names unpacked from rows read "
            "back from the database, `json.dumps` of a constant read from the environment: "
            "values whose origin is not known are not reported",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/config.py": 'NIL_ID = "00000000-0000-0000-0000-000000000000"\n',
                "app/ops.py": """\
class Ops:
    async def insert_links(self, conn, table: str, rows: list, nil_id: str, mode: str = "x"):
        await conn.executemany(
            f"INSERT INTO {table} (a, b, c) VALUES ($1, $2, $3) "
            f"ON CONFLICT (a, COALESCE(c, '{nil_id}'::uuid)) DO NOTHING -- '{mode}'",
            rows,
        )
""",
                "app/links.py": """\
from app import config

_NIL = "00000000-0000-0000-0000-000000000000"


async def save(conn, ops, rows: list) -> None:
    await ops.insert_links(conn, "links", rows, _NIL)


async def save_again(conn, ops, rows: list) -> None:
    await ops.insert_links(conn, "links", rows, nil_id=config.NIL_ID, mode="y")
""",
            },
            note="compensated code: a helper's parameter that every call in the project "
            "(through receivers the call graph cannot type too) passes a literal or a module "
            "constant of literals, or leaves to a literal default",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/archive.py": """\
class Archive:
    def export(self, con) -> list:
        con.execute("ATTACH 'old.db' AS old")
        return self._sizes(con, "old")

    @staticmethod
    def _sizes(con, db: str) -> list:
        names = [r[0] for r in con.execute("SELECT name FROM registry").fetchall()]
        return [
            con.execute(
                f"SELECT count(*) FROM sizes WHERE db = '{db}' AND name = '{name}'"
            ).fetchone()
            for name in names
        ]
""",
            },
            note="a static helper whose only call (through `self.`) passes a literal, beside "
            "a value read back from a query: with the parameter a constant, what is left is "
            "a value the check cannot follow, silent in application code",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/report.py": """\
def _grain(plan: dict) -> str | None:
    cron = plan.get("cron")
    if not isinstance(cron, str):
        return None
    return "hour" if "/" in cron else "day"


def gaps(cur, table: str, grain: str | None) -> list:
    cur.execute(f"SELECT date_trunc('{grain}', at) FROM \\"{table}\\" GROUP BY 1")
    return cur.fetchall()


def check(cur, plan: dict) -> list:
    return gaps(cur, "events", _grain(plan))
""",
            },
            note="a helper's parameter that every call passes the result of a function whose "
            "every return is a literal or None, whatever it is given (seen in hopsworks)",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/cache.py": """\
import requests_cache


def patched_get(self, key):
    with self._lock, self.connection() as con:
        cur = con.execute(f"SELECT value FROM {self.table_name} WHERE key='{key}'")
        row = cur.fetchone()
    if not row:
        raise KeyError(key)
    return self.deserialize(key, row[0])


requests_cache.SQLiteDict.__getitem__ = patched_get
""",
            },
            note="a function installed as another distribution's method (a monkey-patch), "
            "called by nothing in the project: its arguments are what that library passes, "
            "which the check cannot follow (seen in airbyte-cdk)",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/config.py": 'DEFAULT_LANGUAGE = "english"\n',
                "alembic/versions/0010_language.py": """\
import os
import re

from alembic import op

from app.config import DEFAULT_LANGUAGE

IDENTIFIER = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*")


def language() -> str:
    lang = os.getenv("TEXT_LANGUAGE", DEFAULT_LANGUAGE)
    if not IDENTIFIER.fullmatch(lang):
        return DEFAULT_LANGUAGE
    return lang


def upgrade() -> None:
    lang = language()
    op.execute(f"UPDATE docs SET vector = to_tsvector('{lang}'::regconfig, body)")
""",
                "app/queue.py": """\
async def submit(conn, payload_key: str | None) -> None:
    if payload_key is not None:
        if not payload_key.isidentifier():
            raise ValueError(payload_key)
        await conn.fetchval(
            f"SELECT id FROM ops WHERE payload->>'{payload_key}' = $1 LIMIT 1", "x"
        )
""",
            },
            note="compensated code: a value a parameterless module helper returns only once it "
            "matched an identifier pattern (its fallback a constant of literals), and a "
            "parameter checked with `isidentifier()` in the block that runs the SQL: no quote "
            "can reach the SQL literal",
        ),
        snippet(
            """\
from sqlalchemy import func, text


def sync_sequences(session, models) -> None:
    for table in models:
        seq_name = f"{table.__tablename__}_id_seq"
        max_id = session.query(func.max(table.id)).scalar() or 0
        session.execute(text(f"SELECT setval('{seq_name}', {max_id}, true)"))
""",
            note="the table name an ORM class declares (`__tablename__`), read from whichever "
            "model a helper is given: code, not data (seen in memos)",
        ),
        Example(
            files={
                "alembic/versions/0007_kinds.py": """\
from alembic import op

revision = "0007"
down_revision = None

RENAMES = {"data_use": "data use", "data_category": "data category"}


def upgrade() -> None:
    for old, new in RENAMES.items():
        for table in ["custom_field", "custom_field_definition"]:
            op.execute(f"UPDATE {table} SET kind = '{new}' WHERE kind = '{old}'")
    for label in RENAMES.values():
        op.execute(f"INSERT INTO kinds (label) VALUES ('{label}')")
""",
                "app/periods.py": """\
import re

from sqlalchemy import text

STAMP = r"^\\d{4}-\\d{2}-\\d{2}\\s+\\d{2}:\\d{2}:\\d{2}$"
SLUG = re.compile(r"[a-z0-9-]+")


def at(expr: str):
    expr = expr.strip().upper()
    if expr == "NOW()":
        return text("CURRENT_TIMESTAMP")
    if re.match(STAMP, expr):
        return text(f"TIMESTAMP '{expr}'")
    return None


def by_slug(conn, slug: str):
    if not SLUG.fullmatch(slug):
        raise ValueError(slug)
    return conn.execute(text(f"SELECT id FROM pages WHERE slug = '{slug}'"))
""",
            },
            note="values from a dict of literals (`.items()`, `.values()`) and values that "
            "matched a pattern admitting no quote, anchored at both ends, before use",
        ),
        snippet(
            _UPDATE_COLUMNS.format(
                fill='    if "name" in payload:\n        fields["name"] = payload["name"].strip()\n'
                '    fields.setdefault("active", 1)'
            ),
            note="the keys of a dict the function fills itself, each a literal (seen in agh): "
            "the client decides which fixed columns are set and their bound values, not the "
            "columns' names",
        ),
        Example(
            files={
                "app/store.py": """\
import sqlalchemy as sa


class Store:
    def __init__(self, graph: str) -> None:
        self.graph = graph

    def sort_expression(self, field: str) -> sa.TextClause:
        column, *path = field.split(".")
        keys = "->".join(f"'{p}'" for p in path)
        return sa.text(f"({column}->{keys})::numeric")

    def count(self, conn) -> int:
        return conn.execute(sa.text(f"SELECT count(*) FROM cypher('{self.graph}')")).scalar()
""",
                "app/sql_enum.py": """\
import sqlalchemy as sa
from alembic import op


def add_enum_value(table: str, column: str, value: str) -> None:
    conn = op.get_bind()
    conn.execute(
        sa.text(
            f"SELECT COLUMN_TYPE FROM information_schema.COLUMNS "
            f"WHERE TABLE_NAME = '{table}' AND COLUMN_NAME = '{column}'"
        )
    )


def add_enum_values(columns: dict[str, str], value: str) -> None:
    for table, column in columns.items():
        add_enum_value(table, column, value)


def drop_enum_values(columns: dict[str, tuple[str, str]], values: list[str]) -> None:
    conn = op.get_bind()
    for table, (column, default) in columns.items():
        listed = ",".join([repr(v) for v in values])
        conn.execute(
            sa.text(f"UPDATE {table} SET {column} = {default!r} WHERE {column} IN ({listed})")
        )
""",
                "alembic.ini": "[alembic]\nscript_location = alembic\n",
                "alembic/env.py": "",
                "alembic/versions/0001_state.py": """\
from app.sql_enum import add_enum_values, drop_enum_values

revision = "0001"
down_revision = None


def upgrade() -> None:
    add_enum_values({"jobs": "state"}, "PAUSED")
    drop_enum_values({"jobs": ("state", "DONE")}, ["STALE"])


def downgrade() -> None:
    pass
""",
            },
            note="in application code, a quoted value the check cannot follow (a JSON key "
            "split from a field name, `self.graph`) and a helper only migrations call (seen "
            "in gpustack, lightrag): nothing shows a client chose them; held out, 1 of 19 "
            "such findings was a problem",
        ),
        snippet(
            """\
import json
import re

import sqlalchemy as sa

DEFAULT_DISTRIBUTION = json.dumps({"strategy": "overlap", "min_submitted": 1})
PREFIX = "tenant_"
GRAPH = PREFIX + "graph"


def upgrade(conn) -> None:
    conn.execute(sa.text(f"UPDATE datasets SET distribution = '{DEFAULT_DISTRIBUTION}'"))
    conn.execute(sa.text(f"SELECT create_graph('{GRAPH}')"))


def create_graph(conn, workspace: str, name: str) -> None:
    graph = re.sub(r"[^a-zA-Z0-9_]", "_", workspace.strip())
    label = "".join(c for c in name if c.isalnum())
    conn.execute(sa.text(f"SELECT create_graph('{graph}')"))
    conn.execute(sa.text(f"SELECT create_vlabel('{graph}', '{label}')"))


KINDS = frozenset({"vertex", "edge"})


def drop_label(conn, kind: str, name: str) -> None:
    if kind not in KINDS:
        raise ValueError(kind)
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise ValueError(name)
    conn.execute(sa.text(f"SELECT drop_label('{name}', '{kind}')"))


def count(conn, table: str) -> int:
    assert table.isidentifier()
    return conn.execute(sa.text(f"SELECT count_rows('{table}')")).scalar()
""",
            note="module constants built from literals only (`json.dumps` of a literal dict, a "
            "concatenation), identifiers reduced to `[A-Za-z0-9_]` by `re.sub` or an "
            "`isalnum` filter, or checked first against an allow-list or a word pattern: no "
            "quote can reach the SQL literal",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/specs.py": """\
from dataclasses import dataclass


@dataclass(frozen=True)
class Spec:
    name: str
    version: str | None = None
""",
                "alembic/versions/0003_demote.py": """\
import json
from dataclasses import asdict

from alembic import op
from sqlalchemy import text

from app.specs import Spec

revision = "0003"
down_revision = None

COMPOSITE = json.dumps(asdict(Spec("composite")))
_TABLES = (("graph_node", "node"), ("graph_edge", "edge"))


def upgrade() -> None:
    conn = op.get_bind()
    stmt = f"specs || '[{COMPOSITE}]'::jsonb"
    op.execute(f"UPDATE nodes SET specs = {stmt} WHERE family = 'composite'")
    for table, prefix in _TABLES:
        conn.execute(text(f"SELECT to_regclass('public.{table}'), '{prefix}'"))


def downgrade() -> None:
    flattened = json.dumps(asdict(Spec("flattened")))
    op.execute(f"UPDATE nodes SET family = 'composite' WHERE specs = '{flattened}'")
""",
            },
            note="values derived only from literals (seen in tiled, cognee migrations): "
            "`json.dumps(asdict(...))` of a project dataclass built from literals, module-level "
            "or local, and names unpacked in a loop over a module-level tuple of literals",
        ),
        Example(
            files={
                "app/__init__.py": "",
                "app/enums.py": """\
from enum import IntEnum


class Tier(IntEnum):
    FREE = 0
    PRO = 1
""",
                "alembic/versions/0004_tiers.py": """\
from alembic import op

from app.enums import Tier

revision = "0004"
down_revision = None

COLUMNS = [("users", "tier", Tier)]


def upgrade() -> None:
    for table, column, enum in COLUMNS:
        for member in enum:
            src, dst = f"'{member.name}'", str(int(member.value))
            op.execute(f"UPDATE {table} SET {column} = {dst} WHERE {column} = {src}")
""",
            },
            note="the members of a project `Enum` named in a module-level list of literals: "
            "their names and values are fixed by the code",
        ),
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
        Example(
            files={
                "app/models.py": """\
import enum

import sqlalchemy as sa


class Status(str, enum.Enum):
    DRAFT = "draft"


class Base:
    pass


status = sa.Column(sa.String, server_default=sa.text(f"'{Status.DRAFT.value}'"))
""",
                "app/db.py": """\
import json

import sqlalchemy as sa
from alembic import op

LOCK_ID = 7321
BATCH = 500
CHANNEL = "changes"


def lock(conn, key: int) -> None:
    conn.execute(sa.text(f"SELECT pg_try_advisory_lock({key})"))
    conn.execute(sa.text(f"SELECT pg_advisory_unlock({LOCK_ID})"))


def by_keys(cur, keys: list[str]) -> None:
    marks = ",".join("%s" for _ in keys)
    cur.execute(f"SELECT v FROM items WHERE k IN ({marks})", keys)


def page(conn, dialect: str) -> None:
    empty = {"postgresql": "'{}'::json", "mysql": "'{}'"}[dialect]
    offset = 0
    while True:
        conn.execute(sa.text(f"SELECT id FROM runs WHERE conf != {empty} LIMIT {BATCH} OFFSET {offset}"))
        offset += BATCH


def backfill() -> None:
    op.execute(sa.text(f"UPDATE pool SET deferred = {sa.false().compile(op.get_bind())}"))


def notify(conn, event: dict) -> None:
    payload = json.dumps(event).replace("'", "''")
    conn.execute(sa.text(f"NOTIFY {CHANNEL}, '{payload}'"))


async def touch(db, key: str) -> None:
    await db.execute(
        f\"\"\"
        UPDATE items SET seen = {db.timestamp_placeholder("now")}
        WHERE k = :k
        \"\"\",
        {"now": 1, "k": key},
    )
""",
            },
            note="compensated code: an int parameter, a placeholder list, an enum member in a "
            "DDL default, module constants, a value picked from a dict of literals, a counter, "
            "SQL compiled by SQLAlchemy, quotes doubled for NOTIFY, a helper-built placeholder",
        ),
        Example(
            files={
                "app/models.py": """\
import enum


class Status(str, enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"


class Run:
    __tablename__ = "runs"
""",
                "app/store.py": """\
from sqlalchemy import text

from app.models import Run, Status

_SIZES_FROM = f\"\"\"
FROM pg_class AS c
WHERE c.relnamespace = (SELECT relnamespace FROM pg_class WHERE oid = to_regclass('{Run.__tablename__}'))
AND c.relkind = :kind
\"\"\"


def table_sizes():
    return text(f"SELECT c.relname, pg_total_relation_size(c.oid)\\n{_SIZES_FROM}").bindparams(kind="r")


def add_column(cursor, table: str, column: str, column_type: str, copy_from: str | None = None) -> None:
    cursor.execute(f"ALTER TABLE {table} ADD COLUMN {column} {column_type}")
    if copy_from is not None:
        cursor.execute(f"UPDATE {table} SET {column} = {copy_from}")


def set_pid(cursor, job_id: int, pid) -> None:
    cursor.execute(f"UPDATE jobs SET pid={pid} WHERE job_id={job_id!r}")


def last_id(conn, sequence: str) -> int:
    return conn.execute(text(f\"\"\"SELECT nextval('"{sequence}"')\"\"\")).scalar()


def by_column(conn, column_ref: str, values: list) -> None:
    conn.execute(text(f"SELECT id FROM runs WHERE (BINARY {column_ref} IN :values)"), {"values": values})


def settle(conn) -> None:
    done = ", ".join(f"'{s.value}'" for s in Status if s is not Status.RUNNING)
    conn.execute(text(f"UPDATE runs SET active = CASE WHEN status IN ({done}) THEN 0 ELSE 1 END"))


def by_status(conn, statuses: list[Status] | None = None) -> None:
    if statuses is None:
        statuses = list(Status)
    wanted = ", ".join([repr(s.value) for s in statuses])
    conn.execute(text(f"SELECT id FROM runs WHERE status IN ({wanted})"))


def authored(conn) -> None:
    def field(path):
        return f"json_extract(body, '{path}')"

    conn.execute(text(f"SELECT {field('$.user.id')} AS author FROM runs"))


def reviewed(conn, name: str) -> None:
    conn.execute(
        text(f"SELECT * FROM runs WHERE name = '{name}'")
    )  # nosec
    conn.execute(text(f"DELETE FROM runs WHERE name = '{name}'"))  # nosec B608
""",
            },
            note="unquoted interpolations of unknown text are identifiers, SQL fragments or "
            "numbers, not values to bind (a fragment constant beside `.bindparams`, a column "
            "copied by `SET a = {b}`, a process id, a column reference); a quoted name written "
            "as text (`'\"{seq}\"'`); quoted members of an Enum, also through a parameter "
            "typed with it and `list(Status)`; a local helper quoting literals only; lines "
            "bandit's `# nosec` "
            "marks as reviewed",
        ),
        Example(
            files={
                "alembic/versions/0007_default_cluster.py": """\
import secrets
import uuid
from datetime import datetime, timezone

from alembic import op


def stamp():
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    return f"'{now.isoformat(sep=' ')}'"


def upgrade() -> None:
    op.execute(
        f"INSERT INTO clusters (name, token, ref, created_at) VALUES ('default', "
        f"'{secrets.token_hex(6)}', '{uuid.uuid4().hex}', {stamp()})"
    )
    op.execute(f"UPDATE clusters SET day = '{datetime.now().strftime('%Y-%m-%d')}'")
""",
            },
            note="compensated code: values the code makes itself (a random token, a uuid, a "
            "timestamp a parameterless helper of the module formats) cannot hold a quote",
        ),
    )


def _fragment_of_values(rep: ast.expr, tracer: Tracer) -> bool:
    """A fragment of SQL (``WHERE {where}``) held by a local built with a value quoted in
    it (``where = f"name = '{name}'"``): its parameters are values, not names."""
    if not isinstance(rep, ast.Name):
        return False
    for source in tracer.sources(rep.id):
        built = built_string(source) if isinstance(source, ast.expr) else None
        if built is not None and any(
            not identifier_position(before, after) for _r, before, after in built.fields
        ):
            return True
    return False


def _client_chosen(project: Project, route) -> set[str]:
    """Parameters of a route or dependency that the client fills with any string: not a
    ``Literal``, an ``Enum``, a number or a UUID (FastAPI validates them), and not what a
    dependency returns (``settings = Depends(get_settings)`` is the server's own)."""
    if route is None:
        return set()
    return {
        p.name
        for p in route.params
        if not _closed_choice(project, p.annotation) and not project.param_dependencies(p)
    }


def _judge_values(h: Hit, data: _Data, project: Project, route) -> Hit | None:
    """``error`` when a value is a parameter the client fills in.  Otherwise a value is
    reported (``warning``, medium confidence: a helper's parameter, its callers not all
    shown to pass constants) only when it is a parameter rendered as a quoted SQL literal
    (one whose origin is not known at all is not reported): an unquoted interpolation of unknown text is an
    identifier, a fragment of SQL or a number, which a bound parameter cannot replace (and a
    string value there would not even parse).  Silence when every quoted value turns out to
    be a constant."""
    made = [c for c in data.qconstants if c.endswith("()")]
    if made:
        # ``Spec("composite")``, ``json.dumps(CONFIG)``, ``for t, p in TABLES``: derived from
        # a project name; fixed when it is a dataclass of literals or a constant, otherwise
        # a value the check cannot follow, as before it was followed (unknown)
        data = data._replace(
            qconstants=tuple(c for c in data.qconstants if not c.endswith("()")),
            qunknown=data.qunknown
            or not all(_dataclass(project, c[:-2]) or _is_constant(project, c[:-2]) for c in made),
        )
    chosen = _client_chosen(project, route)
    external = [p for p in data.params if p in chosen]
    if external and not data.migration:
        return dataclasses.replace(
            h,
            message=f"SQL built with {data.how} is passed to {data.target} with the request "
            f"parameter `{external[0]}` in it: bind the values as parameters (ruff S608)",
            data=_Data(),
            confidence="high",
        )
    fn = project.function(data.function) if data.function else None
    closed = {p.name for p in fn.params if _closed_choice(project, p.annotation)} if fn else set()
    open_params = [p for p in data.qparams if p not in closed]
    constants_ok = all(_is_constant(project, q) for q in data.qconstants)
    if not open_params:
        # no quoted value of a parameter: only constants, enum members and numbers, or a
        # value the check cannot follow (a call's result, ``self.x``, a migration's row read
        # back from the database, a project name that is not a constant of literals): where
        # it comes from is not known, and the check says so by not claiming it (judged
        # sheets: 2 of 20 such findings were true; ruff S608 reports every such string)
        return None
    if (
        open_params
        and constants_ok
        and fn is not None
        and not data.migration
        and _alembic_helper(project, fn)
    ):
        return None  # a migration helper: its parameters are what the revisions pass
    if open_params and constants_ok and fn is not None and _installed_on_library(project, fn):
        return None  # the library calls it: its arguments are the library's, not followed
    if (
        open_params
        and constants_ok
        and fn is not None
        and not (data.qunknown and data.migration)
        and _callers_pass_constants(project, fn, open_params)
    ):
        # every call of the helper in the project passes a constant of the code: what is
        # left is what the first rule leaves silent (a value it cannot follow, in
        # application code)
        return None
    where = (
        f"`{open_params[0]}`, a parameter of `{fn.name}`,"
        if fn is not None
        else f"`{open_params[0]}`, a parameter of the function around it,"
    )
    return dataclasses.replace(
        h,
        message=f"SQL built with {data.how} is passed to {data.target} with {where} quoted "
        "into it as a string literal: bind the values as parameters"
        + (" (in a migration)" if data.migration else "")
        + " (ruff S608)",
        severity=Severity.WARNING,
        confidence="medium",
        data=_Data(),
    )


def _callers_pass_constants(project: Project, fn, params: list[str]) -> bool:
    """Every use of ``fn``'s name in the project's Python files (a superset of its calls:
    other functions of the same name, receivers the call graph cannot type) is a call that
    passes each of ``params`` as a literal, a project constant of literals
    (:func:`_is_constant`) or not at all, its default such a value; at least one call, no
    ``*args`` / ``**kwargs``, and no other use (a callback, an alias)."""
    uses = project.named_uses([fn.name])
    if not uses or not uses.get(fn.name):
        return False
    names = [p.name for p in fn.params if p.kind in ("posonly", "arg")]
    if fn.class_qname and names and names[0] in ("self", "cls"):
        names = names[1:]
    by_name = {p.name: p for p in fn.params}
    if any(by_name[p].kind in ("vararg", "kwarg") for p in params if p in by_name):
        return False
    calls = 0
    trees: dict[tuple[str, int], ast.Module | None] = {}
    for use in uses[fn.name]:
        if use.kind in ("import", "type"):
            continue
        if use.kind != "call":
            return False
        span = project.top_statement(use.path, use.line)
        if span is None:
            return False
        if (use.path, span[0]) not in trees:
            trees[(use.path, span[0])] = _statement_tree(project, use.path, span)
        tree = trees[(use.path, span[0])]
        if tree is None:
            return False
        line = use.line - span[0] + 1
        found = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call)
            and n.func.lineno == line
            and (
                (isinstance(n.func, ast.Name) and n.func.id == fn.name)
                or (isinstance(n.func, ast.Attribute) and n.func.attr == fn.name)
            )
        ]
        if not found:
            return False
        stored = {
            n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
        } | {a.arg for a in ast.walk(tree) if isinstance(a, ast.arg)}
        module = project.by_path.get(use.path)
        for call in found:
            if any(isinstance(a, ast.Starred) for a in call.args) or any(
                k.arg is None for k in call.keywords
            ):
                return False
            for p in params:
                arg = next((k.value for k in call.keywords if k.arg == p), None)
                if arg is None and p in names and names.index(p) < len(call.args):
                    arg = call.args[names.index(p)]
                if arg is None:
                    param = by_name.get(p)
                    if param is None or not _fixed(project, param.default):
                        return False
                elif not _constant_argument(project, module, arg, stored) and not _closed_local(
                    project, module, arg, tree
                ):
                    return False
            calls += 1
    return calls > 0


def _installed_on_library(project: Project, fn) -> bool:
    """Every use of ``fn``'s name in the project's Python files (imports and annotations
    aside, one at least) installs it as an attribute of another distribution's object
    (``requests_cache.SQLiteDict.__getitem__ = fn``, a monkey-patch): no project code calls
    it, and what it is handed is what that library passes, which the check cannot follow."""
    uses = project.named_uses([fn.name])
    if not uses or not uses.get(fn.name):
        return False
    installed = 0
    for use in uses[fn.name]:
        if use.kind in ("import", "type"):
            continue
        span = project.top_statement(use.path, use.line)
        module = project.by_path.get(use.path)
        tree = _statement_tree(project, use.path, span) if span is not None else None
        if use.kind != "reference" or tree is None or module is None or len(tree.body) != 1:
            return False
        stmt = tree.body[0]
        if not (
            isinstance(stmt, ast.Assign)
            and isinstance(stmt.value, ast.Name)
            and stmt.value.id == fn.name
            and stmt.lineno == use.line - span[0] + 1  # type: ignore[index]
            and all(_library_attribute(project, module, t) for t in stmt.targets)
        ):
            return False
        installed += 1
    return installed > 0


def _library_attribute(project: Project, module, target: ast.expr) -> bool:
    """``target`` is ``lib.Class.attr`` (or ``Class.attr`` imported from ``lib``) where
    ``lib`` is no module of the project."""
    if not isinstance(target, ast.Attribute):
        return False
    base = target.value
    while isinstance(base, ast.Attribute):
        base = base.value
    if not isinstance(base, ast.Name):
        return False
    imported = module.imports.get(base.id)
    if not imported:
        return False
    owner, _rest = project.split_module(imported)
    return owner is None and imported.split(".")[0] not in project.modules


def _statement_tree(project: Project, path: str, span: tuple[int, int | None]) -> ast.Module | None:
    """The top-level statement of ``path`` that ``span`` gives, parsed on its own (its lines
    numbered from 1)."""
    data = project.repo.read_bytes(path)
    if data is None:
        return None
    lines = data.splitlines(keepends=True)
    chunk = b"".join(lines[span[0] - 1 : (span[1] - 1) if span[1] else None])
    try:
        return ast.parse(chunk)
    except (SyntaxError, ValueError):
        return None


def _constant_argument(project: Project, module, arg: ast.expr, stored: set[str]) -> bool:
    """``arg``, at a call in ``module``, is a literal or names a project constant of
    literals: a module-level name of that module (never rebound in the statement around
    the call) or one it imports (``config.NIL_ID`` too); or calls a project function whose
    every ``return`` hands back such a value (:func:`_returns_fixed`), whatever it is
    given."""
    if isinstance(arg, ast.Constant):
        return isinstance(arg.value, (str, int, float, bool)) or arg.value is None
    if module is None:
        return False
    if isinstance(arg, ast.Call):
        q = _module_name(module, arg.func, stored)
        return q is not None and _returns_fixed(project, project.function(q))
    qname = _module_name(module, arg, stored)
    return qname is not None and _is_constant(project, qname)


#: Attributes of a ``UUID`` that render it as digits only (Python docs, ``uuid.UUID``:
#: ``hex`` is 32 hexadecimal digits, ``int`` a number).
_UUID_DIGITS = frozenset({"hex", "int"})


def _closed_local(project: Project, module, arg: ast.expr, tree: ast.Module) -> bool:
    """``arg``, at a call inside a function of ``tree``, is a local name every assignment of
    which builds its text only from literals and values that cannot carry a quote: a
    parameter typed as a number or a ``UUID`` (its ``.hex`` too), such a local, an f-string
    or conditional of them (``store = f"{'view' if v else 'tbl'}_{tbl_id.hex}"``, seen in
    pixeltable's converters): the identifier it quotes is generated by the code."""
    if module is None or not isinstance(arg, ast.Name):
        return False
    func = next(
        (
            n
            for n in ast.walk(tree)
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
            and any(c is arg for c in ast.walk(n))
        ),
        None,
    )
    if func is None:
        return False
    closed = {
        a.arg
        for a in (*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs)
        if a.annotation is not None and _closed_annotation(module, a.annotation)
    }
    return _closed_name(arg.id, func, closed, 0)


def _closed_annotation(module, annotation: ast.expr) -> bool:
    """The annotation names a number or a ``UUID`` (a builtin, or imported)."""
    if isinstance(annotation, ast.Name) and annotation.id in ("int", "float", "bool"):
        return True
    return _module_name(module, annotation, set()) in _CLOSED_TYPES


def _closed_name(name: str, func: ast.AST, closed: set[str], depth: int) -> bool:
    """``name`` is a closed parameter never rebound, or a local of ``func`` assigned
    (plainly, at least once) only closed values (:func:`_closed_value`)."""
    values = []
    for n in ast.walk(func):
        if isinstance(n, (ast.AugAssign, ast.AnnAssign, ast.For, ast.With, ast.NamedExpr)):
            targets = (
                [n.target] if not isinstance(n, ast.With) else [i.optional_vars for i in n.items]
            )
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                return False  # bound some other way: not followed
        if isinstance(n, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in n.targets
        ):
            if len(n.targets) != 1:
                return False
            values.append(n.value)
    if name in closed:
        return not values
    return bool(values) and all(_closed_value(v, func, closed, depth + 1) for v in values)


def _closed_value(e: ast.expr, func: ast.AST, closed: set[str], depth: int) -> bool:
    """A value whose text cannot carry a quote: a literal, a closed name, a ``UUID``'s
    digits, an f-string or a conditional made of them."""
    if depth > 4:
        return False
    if isinstance(e, ast.Constant):
        return isinstance(e.value, (str, int, float, bool)) or e.value is None
    if isinstance(e, ast.Name):
        return _closed_name(e.id, func, closed, depth)
    if isinstance(e, ast.Attribute) and e.attr in _UUID_DIGITS:
        return (
            isinstance(e.value, ast.Name)
            and e.value.id in closed
            and _closed_name(e.value.id, func, closed, depth)
        )
    if isinstance(e, ast.JoinedStr):
        return all(
            isinstance(v, ast.Constant)
            or (
                isinstance(v, ast.FormattedValue)
                and v.conversion == -1
                and v.format_spec is None
                and _closed_value(v.value, func, closed, depth + 1)
            )
            for v in e.values
        )
    if isinstance(e, ast.IfExp):
        return _closed_value(e.body, func, closed, depth + 1) and _closed_value(
            e.orelse, func, closed, depth + 1
        )
    return False


def _module_name(module, e: ast.expr, stored: set[str]) -> str | None:
    """The qualified name ``e`` (a name, or a dotted one) has at module level of ``module``:
    a module-level name (or function) of it, never rebound in the statement around the use
    (``stored``), or one it imports."""
    parts: list[str] = []
    while isinstance(e, ast.Attribute):
        parts.append(e.attr)
        e = e.value
    if not isinstance(e, ast.Name) or e.id in stored:
        return None
    own = f"{module.module}.{e.id}"
    if not parts and (e.id in module.bindings or own in module.functions):
        return own
    if e.id in module.imports:
        return ".".join([module.imports[e.id], *reversed(parts)])
    return None


#: How many ``return`` values the facts keep of a function (``Function.return_values``):
#: at that count, there may be more.
_RETURNS_KEPT = 20


def _returns_fixed(project: Project, fn) -> bool:
    """``fn`` is a plain, undecorated function of the project (not a method, a coroutine or
    a generator) with at least one ``return`` value, each fixed by the code
    (:func:`_fixed`: ``return "hour" if ... else "day"``, ``return None``): what a call of
    it gives is a value the code wrote, whatever its arguments."""
    return (
        fn is not None
        and fn.class_qname is None
        and not fn.is_async
        and not fn.is_generator
        and not fn.decorators
        and 0 < len(fn.return_values) < _RETURNS_KEPT
        and all(_fixed(project, v) for v in fn.return_values)
    )


def _alembic_helper(project: Project, fn) -> bool:
    """``fn`` lives in a module that imports Alembic's ``op``: it only runs inside a
    migration, and the names and values it quotes are the ones its revisions pass."""
    module = project.module_for(fn.module)
    return module is not None and any(
        q in ("alembic.op", "alembic.op.get_bind") for q in module.imports.values()
    )


_LITERAL = frozenset({"typing.Literal", "typing_extensions.Literal"})
_CLOSED_TYPES = frozenset({"builtins.int", "builtins.float", "builtins.bool", "uuid.UUID"})
_ENUMS = frozenset({"enum.Enum", "enum.StrEnum", "enum.IntEnum", "enum.Flag", "enum.IntFlag"})


def _closed_choice(project: Project, annotation) -> bool:
    """A parameter FastAPI validates to a closed set or a number (``Literal[...]``, an
    ``Enum``, ``int``, ``UUID``): it cannot carry SQL."""
    if not annotation:
        return False
    for e in iter_exprs(annotation):
        q = qname_of(e) if isinstance(e, Name) else None
        if not q:
            continue
        if q in _LITERAL or q in _CLOSED_TYPES:
            return True
        if project.name_is_class(q, _ENUMS):
            return True
    return False


_COMPOUND = (
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.With,
    ast.AsyncWith,
    ast.Try,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.Match,
)
_NOSEC = lazy_compile(r"#\s*nosec\b(?P<codes>[^#\n]*)", re.IGNORECASE)


def _reviewed(ctx: ModuleContext, node: ast.Call) -> bool:
    """A ``# nosec`` comment of bandit on a line of the statement, bare or naming B608
    (bandit's rule for string-built SQL, which this check overlaps)."""
    stmt: ast.AST = next((p for p in reversed(ctx.parents) if isinstance(p, ast.stmt)), node)
    first = getattr(stmt, "lineno", node.lineno)
    last = getattr(stmt, "end_lineno", None) or node.end_lineno or node.lineno
    if isinstance(stmt, _COMPOUND):  # ``with conn.execute(...) as c:``: its head only
        first, last = node.lineno, node.end_lineno or node.lineno
    for lineno in range(first, last + 1):
        line = line_text(ctx, lineno)
        if b"nosec" not in line:
            continue
        m = _NOSEC.search(line.decode("utf-8", "replace"))
        if m is None:
            continue
        codes = re.findall(r"\bB\d{3}\b", m.group("codes").upper())
        if not codes or "B608" in codes:
            return True
    return False


def _keyword(node: ast.Call, names: tuple[str, ...]) -> ast.expr | None:
    for kw in node.keywords:
        if kw.arg in names:
            return kw.value
    return None


def _is_constant(project: Project, qname: str) -> bool:
    """``qname`` is a module-level name (or class attribute) bound to a str/int literal, or a
    member of a project ``Enum`` (``Status.DRAFT``, ``Status.DRAFT.value``)."""
    from auditor.project import Binding

    if project.name_is_class(qname, _ENUMS):
        return True  # ``for s in Status``: the members of a project ``Enum``
    r = project.resolve(qname)
    if isinstance(r, Binding):
        return _fixed(project, r.value)
    head, _, attr = qname.rpartition(".")
    if attr in ("value", "name") and head:
        member_of = head.rpartition(".")[0]
        if member_of and project.name_is_class(member_of, _ENUMS):
            return True  # ``Status.DRAFT.value``: fixed by the class
    cls = project.class_(head) if head else None
    if cls is not None:
        if project.name_is_class(cls.qname, _ENUMS):
            return True  # ``Status.DRAFT``
        values = [a.default for a in cls.attributes if a.name == attr]
        return len(values) == 1 and _fixed(project, values[0])
    return False


#: Calls that compute their result from their arguments alone: given only literals, the
#: value is fixed by the code (``json.dumps({"strategy": "overlap"})``).
_PURE_CALLS = frozenset(
    {
        "json.dumps",
        "builtins.str",
        "builtins.int",
        "builtins.float",
        "builtins.repr",
        "builtins.tuple",
        "builtins.list",
        "builtins.frozenset",
        "builtins.set",
        "builtins.sorted",
        "dataclasses.asdict",
        "dataclasses.astuple",
    }
)
_DATACLASS = frozenset({"dataclasses.dataclass", "pydantic.dataclasses.dataclass"})


def _dataclass(project: Project, qname: str | None) -> bool:
    """``qname`` is a project class decorated ``@dataclass``: built from literals, its
    value (and ``asdict`` of it) is fixed by the code."""
    cls = project.class_(qname) if qname else None
    if cls is None:
        return False
    for d in cls.decorators:
        q = d.qname if isinstance(d, (Name, Call)) else None
        if q in _DATACLASS:
            return True
    return False


#: Literal types a value fixed by the code may be built from.
_FIXED_LITERALS = (str, int, float, bool, type(None))


def _fixed(project: Project, e: Expr | None, depth: int = 0) -> bool:
    """``e`` is a value written in the code: literals, containers of literals, pure
    conversions of them (:data:`_PURE_CALLS`), arithmetic or concatenation of them, the
    project's ``Enum`` classes (whose members the code fixes), and
    other project constants that are -- no outside value (an environment variable, a
    setting, a file) reaches it."""
    from auditor.project import Binding

    if depth > 6 or e is None:
        return False
    d = depth + 1
    match e:
        case Lit(value=value):
            return type(value) in _FIXED_LITERALS
        case Seq(items=items):
            return all(_fixed(project, i, d) for i in items)
        case DictExpr(items=items):
            return all(
                k is not None and _fixed(project, k, d) and _fixed(project, v, d) for k, v in items
            )
        case Call(qname=q, args=args, keywords=keywords, has_star=False) if q in _PURE_CALLS:
            return all(_fixed(project, a, d) for a in args) and all(
                _fixed(project, v, d) for _k, v in keywords
            )
        case Call(qname=q, args=args, keywords=keywords, has_star=False) if _dataclass(project, q):
            return all(_fixed(project, a, d) for a in args) and all(
                _fixed(project, v, d) for _k, v in keywords
            )
        case BinOp(left=left, right=right):
            return _fixed(project, left, d) and _fixed(project, right, d)
        case IfExp(body=body, orelse=orelse):
            return _fixed(project, body, d) and _fixed(project, orelse, d)
        case Name(qname=q) if q:
            if project.name_is_class(q, _ENUMS):
                return True  # ``[("users", "tier", Tier)]``: a project ``Enum``, its members fixed
            r = project.resolve(q)
            return isinstance(r, Binding) and _fixed(project, r.value, d)
    return False
