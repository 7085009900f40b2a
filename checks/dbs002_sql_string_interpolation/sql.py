"""Reading SQL text built by interpolation: how a string argument was built (f-string,
``str.format``, ``%``, ``+``), its replacement fields with the literal SQL around each, and
whether a field stands where SQL takes a value or an identifier."""

from __future__ import annotations

import ast
import re
import string

from auditor.lazyre import lazy_compile


class Built:
    """How a string argument was built: its kind, literal prefix and replacement expressions,
    each with the literal SQL text before and after it (``fields``); ``reprs`` holds the
    ids of the replacements rendered with ``!r`` / ``%r`` (a quoted literal)."""

    __slots__ = ("fields", "kind", "prefix", "replacements", "reprs")

    def __init__(
        self,
        kind: str,
        prefix: str,
        fields: list[tuple[ast.expr, str, str]],
        reprs: frozenset[int] = frozenset(),
    ):
        self.kind = kind
        self.prefix = prefix
        self.fields = fields
        self.replacements = [f[0] for f in fields]
        self.reprs = reprs


def _fstring_reprs(node: ast.JoinedStr) -> frozenset[int]:
    """Ids of the replacements of an f-string converted with ``!r``."""
    return frozenset(
        id(v.value)
        for v in node.values
        if isinstance(v, ast.FormattedValue) and v.conversion == ord("r")
    )


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


_PERCENT_FIELD = lazy_compile(
    r"%(?:\((?P<key>[^)]*)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa%])"
)


def _format_fields(
    template: str, call: ast.Call, reprs: set[int]
) -> list[tuple[ast.expr, str, str]]:
    """The fields of ``template.format(*args, **kwargs)`` with their surrounding text; every
    argument that cannot be placed gets an empty context (it counts as a value).  The ids of
    the arguments converted with ``!r`` are added to ``reprs``."""
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
    for i, (literal, field, _spec, conv) in enumerate(parsed):
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
            if conv == "r":
                reprs.add(id(expr))
    for e in [*args, *kwargs.values()]:
        if id(e) not in placed:
            out.append((e, "", ""))
    return out


def _percent_fields(
    template: str, right: ast.expr, reprs: set[int]
) -> list[tuple[ast.expr, str, str]]:
    """The fields of ``template % right`` with their surrounding text (the ids of those
    rendered with ``%r`` added to ``reprs``)."""
    matches = [m for m in _PERCENT_FIELD.finditer(template) if m.group("conv") != "%"]
    if isinstance(right, ast.Dict) and None not in right.keys:
        values = {k.value: v for k, v in zip(right.keys, right.values) if _is_str(k)}  # type: ignore[union-attr]
        out = []
        for i, m in enumerate(matches):
            v = values.get(m.group("key"))
            if v is not None:
                if m.group("conv") == "r":
                    reprs.add(id(v))
                after = template[
                    m.end() : matches[i + 1].start() if i + 1 < len(matches) else len(template)
                ]
                out.append((v, template[: m.start()], after))
        placed = {id(f[0]) for f in out}
        return out + [(v, "", "") for v in right.values if id(v) not in placed]
    reps = list(right.elts) if isinstance(right, ast.Tuple) else [right]
    if len(reps) != len(matches) or isinstance(right, ast.Dict):
        return [(r, "", "") for r in reps]
    reprs.update(id(r) for r, m in zip(reps, matches) if m.group("conv") == "r")
    return [
        (
            r,
            template[: m.start()],
            template[m.end() : matches[i + 1].start() if i + 1 < len(matches) else len(template)],
        )
        for i, (r, m) in enumerate(zip(reps, matches))
    ]


def built_string(node: ast.expr) -> Built | None:
    """The interpolation that builds ``node``, or None when it is not built by interpolation."""
    if isinstance(node, ast.JoinedStr):
        found, _text = _fstring_fields(node)
        if not found:
            return None
        return Built("fstring", _fstring_parts(node)[0], found, _fstring_reprs(node))
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and _is_str(node.func.value)
    ):
        if not node.args and not node.keywords:
            return None
        template = _str_value(node.func.value)
        reprs: set[int] = set()
        return Built("format", template, _format_fields(template, node, reprs), frozenset(reprs))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and _is_str(node.left):
        template = _str_value(node.left)
        reprs = set()
        found = _percent_fields(template, node.right, reprs)
        return Built("percent", template, found, frozenset(reprs))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        operands = _flatten_add(node)
        if not any(_is_str(o) or isinstance(o, ast.JoinedStr) for o in operands):
            return None  # ``a + b``: not visibly string building
        prefix: list[str] = []
        in_prefix = True
        text = ""
        fields: list[tuple[ast.expr, str, str]] = []
        pending: list[int] = []
        reprs = set()
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
                reprs |= _fstring_reprs(o)
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
        return Built("concat", "".join(prefix), fields, frozenset(reprs))
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
_PRAGMA_ARG = lazy_compile(r"\bPRAGMA\s+[\w.]+\s*\(\s*'?$", re.IGNORECASE)
_WORD = lazy_compile(r"[A-Za-z_][A-Za-z_0-9]*")
_BIND_PARAM_END = lazy_compile(r"(?:(?<![:\w]):\w+|\$\d+|%s|\?)$")
#: What follows the left operand of a comparison.
_LEFT_OPERAND = lazy_compile(
    r"\s*(?:=|<|>|!=|::|(?:NOT\s+)?(?:IN|IS|LIKE|ILIKE|BETWEEN)\b)", re.IGNORECASE
)
#: Statements that take no bound parameters at all (DDL, session settings): every
#: interpolation in them is treated like an identifier.
UNBINDABLE = lazy_compile(
    r"\s*(?:CREATE|ALTER|DROP|TRUNCATE|RENAME|COMMENT|GRANT|REVOKE|SET|PRAGMA|LOCK|VACUUM|ANALYZE|REINDEX|CLUSTER)\b",
    re.IGNORECASE,
)
_COLUMN_LIST = lazy_compile(
    r"\b(?:INTO|TABLE|KEY|INDEX|ON)\s+[\w.\"`]*\s*$|\bKEY\s*$", re.IGNORECASE
)


def in_string_literal(before: str) -> bool:
    """The text after ``before`` sits inside a single-quoted SQL literal, as a value
    (``name = '{v}'``, ``LIKE '%{v}%'``), not as a quoted name written as text
    (``to_regclass('"{table}"')``)."""
    return before.count("'") % 2 == 1 and not before.endswith(("'\"", "'`"))


def identifier_position(before: str, after: str) -> bool:
    """Whether an interpolation between ``before`` and ``after`` (the literal SQL around it)
    stands for an identifier or a fragment of SQL rather than a value: quoted with ``"`` or
    backticks, glued to a name (``tmp_{t}``, ``{schema}.t``), a bind parameter's name
    (``:{p}``), a column list, or right after a keyword such as ``FROM``, ``TABLE``,
    ``INDEX``, ``SET`` or ``ORDER BY``.  Inside single quotes it is a value."""
    if _PRAGMA_ARG.search(before):
        return True  # ``PRAGMA index_list('{t}')``: a name (PRAGMAs take no parameters)
    if before.count("'") % 2 == 1:
        # inside a string literal: a value, unless it is a quoted name written as text
        # (``nextval('"{sequence}"')``)
        return before.endswith(("'\"", "'`"))
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


def fragment_join(node: ast.expr) -> bool:
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
