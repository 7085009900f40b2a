"""Lowering libcst's concrete syntax tree to the running interpreter's ``ast``.

The auditor reads code with the stdlib ``ast``.  A file written for a newer Python than the
one running the auditor (PEP 695 ``type X = ...`` and ``def f[T]``, PEP 701 f-strings,
PEP 758 ``except A, B:``, PEP 750 t-strings) does not parse there; libcst's native parser
does, whatever Python runs it.  :func:`lower` parses such a file with libcst and rebuilds
the tree ``ast.parse`` would have built on a Python that knows the syntax, so the walker and
every check run on it unchanged:

* the same node types, fields and values (strings decoded, names NFKC-normalised,
  ``a and b and c`` flattened, ``del a, b`` split, ...);
* the same positions: 1-based lines, UTF-8 byte columns, spans by CPython's rules (a
  parenthesised tuple includes its parentheses, a compound statement ends with its last
  statement, a generator that is a call's only argument spans the call's parentheses...);
  positions of f-string parts follow the running interpreter (before 3.12 they all carry the
  whole string's span);
* nodes this interpreter's ``ast`` lacks are the newest CPython's, from here when the running
  ``ast`` does not have them: :data:`TypeAlias` (``type X = ...``), :data:`TypeVar`,
  :data:`ParamSpec`, :data:`TypeVarTuple` (in a ``type_params`` list, set on functions and
  classes too), :data:`TemplateStr` and :data:`Interpolation` (a t-string is a template, not
  an f-string).

libcst is imported only when a file needs it.  The tree is checked against the stdlib's own
parser by the tests (every 3.11 construct, generated modules and the standard library).
"""

from __future__ import annotations

import ast
import sys
import unicodedata
import warnings
from typing import Any

from auditor.lazyre import lazy_compile

# -- nodes the running ``ast`` may lack (the newest CPython's, same names and fields) -------------

_LOCATION = ("lineno", "col_offset", "end_lineno", "end_col_offset")

if sys.version_info >= (3, 12):  # pragma: no cover - the interpreter's own nodes
    TypeAlias = ast.TypeAlias
    TypeVar = ast.TypeVar
    ParamSpec = ast.ParamSpec
    TypeVarTuple = ast.TypeVarTuple
else:

    class type_param(ast.AST):
        _attributes = _LOCATION

    class TypeAlias(ast.stmt):
        """``type name[type_params] = value`` (PEP 695, ``ast.TypeAlias`` from 3.12)."""

        _fields = ("name", "type_params", "value")
        name: ast.expr
        type_params: list[ast.AST]
        value: ast.expr

    class TypeVar(type_param):
        _fields = ("name", "bound", "default_value")

    class ParamSpec(type_param):
        _fields = ("name", "default_value")

    class TypeVarTuple(type_param):
        _fields = ("name", "default_value")


if sys.version_info >= (3, 14):  # pragma: no cover - the interpreter's own nodes
    TemplateStr = ast.TemplateStr
    Interpolation = ast.Interpolation
else:

    class TemplateStr(ast.expr):
        """A t-string (PEP 750, ``ast.TemplateStr`` from 3.14): ``values`` are constants and
        :class:`Interpolation` nodes.  Not a ``JoinedStr``: it builds no string."""

        _fields = ("values",)

    class Interpolation(ast.expr):
        """``{value!conversion:format_spec}`` in a t-string; ``str`` is the expression's text."""

        _fields = ("value", "str", "conversion", "format_spec")


#: f-string parts (constants, replacement fields, format specs) carry their own spans from
#: 3.12 (PEP 701); before, every part carries the span of the whole string.
_PART_SPANS = sys.version_info >= (3, 12)
_HAS_TYPE_PARAMS = sys.version_info >= (3, 12)
_HAS_DEFAULTS = sys.version_info >= (3, 13)


def _new(cls: Any, **fields: Any) -> Any:
    """A node of a class the running ``ast`` may lack (typed loosely for that reason)."""
    return cls(**fields)


class LoweringError(SyntaxError):
    """libcst accepted the code but Python would not (an invalid literal, mixed string kinds)."""


def lower(text: str) -> ast.Module:
    """Parse ``text`` with libcst's native parser and return the equivalent ``ast.Module``.

    Raises ``SyntaxError`` for code libcst does not parse (without a line: libcst's is not
    reliable), :class:`LoweringError` (with its line) for code it parses that Python
    rejects.  Deeply nested code can exhaust libcst's native stack: run this in a separate
    process when the input is not trusted (``auditor.source`` does)."""
    import libcst
    from libcst.metadata import MetadataWrapper, PositionProvider

    try:
        module = libcst.parse_module(text)
    except libcst.ParserSyntaxError as exc:
        # libcst's position is that of the token after the error, often on the next line
        raise SyntaxError(
            exc.message.splitlines()[0] if exc.message else "invalid syntax"
        ) from None
    except (libcst.CSTValidationError, libcst.CSTLogicError) as exc:  # ``b"a" "b"``
        raise SyntaxError(str(exc)) from None
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    return _Lowerer(text, module, positions).module()


# -- the lowering -----------------------------------------------------------------------------------

_LINE = lazy_compile(r"\r\n|\r|\n")
_NEWLINES = lazy_compile(r"\r\n?")

_Pos = tuple[int, int]  # (1-based line, UTF-8 byte column)


def _name(value: str) -> str:
    """Identifiers are NFKC-normalised, as Python's tokenizer does."""
    return value if value.isascii() else unicodedata.normalize("NFKC", value)


def _ops() -> dict[str, Any]:
    import libcst as cst

    return {
        # binary operators
        cst.Add.__name__: ast.Add,
        cst.Subtract.__name__: ast.Sub,
        cst.Multiply.__name__: ast.Mult,
        cst.MatrixMultiply.__name__: ast.MatMult,
        cst.Divide.__name__: ast.Div,
        cst.Modulo.__name__: ast.Mod,
        cst.Power.__name__: ast.Pow,
        cst.LeftShift.__name__: ast.LShift,
        cst.RightShift.__name__: ast.RShift,
        cst.BitOr.__name__: ast.BitOr,
        cst.BitXor.__name__: ast.BitXor,
        cst.BitAnd.__name__: ast.BitAnd,
        cst.FloorDivide.__name__: ast.FloorDiv,
        # augmented assignment
        cst.AddAssign.__name__: ast.Add,
        cst.SubtractAssign.__name__: ast.Sub,
        cst.MultiplyAssign.__name__: ast.Mult,
        cst.MatrixMultiplyAssign.__name__: ast.MatMult,
        cst.DivideAssign.__name__: ast.Div,
        cst.ModuloAssign.__name__: ast.Mod,
        cst.PowerAssign.__name__: ast.Pow,
        cst.LeftShiftAssign.__name__: ast.LShift,
        cst.RightShiftAssign.__name__: ast.RShift,
        cst.BitOrAssign.__name__: ast.BitOr,
        cst.BitXorAssign.__name__: ast.BitXor,
        cst.BitAndAssign.__name__: ast.BitAnd,
        cst.FloorDivideAssign.__name__: ast.FloorDiv,
        # unary
        cst.Minus.__name__: ast.USub,
        cst.Plus.__name__: ast.UAdd,
        cst.BitInvert.__name__: ast.Invert,
        cst.Not.__name__: ast.Not,
        # boolean
        cst.And.__name__: ast.And,
        cst.Or.__name__: ast.Or,
        # comparison
        cst.Equal.__name__: ast.Eq,
        cst.NotEqual.__name__: ast.NotEq,
        cst.LessThan.__name__: ast.Lt,
        cst.LessThanEqual.__name__: ast.LtE,
        cst.GreaterThan.__name__: ast.Gt,
        cst.GreaterThanEqual.__name__: ast.GtE,
        cst.Is.__name__: ast.Is,
        cst.IsNot.__name__: ast.IsNot,
        cst.In.__name__: ast.In,
        cst.NotIn.__name__: ast.NotIn,
    }


class _Lowerer:
    def __init__(self, text: str, module: Any, positions: Any):
        import libcst as cst

        self.cst = cst
        self.text = text
        self.module_node = module
        self.positions = positions
        self.lines = _LINE.split(text)
        self.ops = _ops()
        self.semicolon_end: dict[int, _Pos] = {}
        self._expr: dict[Any, Any] = {
            cst.Name: self._name,
            cst.Attribute: self._attribute,
            cst.Call: self._call,
            cst.Subscript: self._subscript,
            cst.Integer: self._integer,
            cst.Float: self._float,
            cst.Imaginary: self._imaginary,
            cst.SimpleString: self._string,
            cst.ConcatenatedString: self._string,
            cst.FormattedString: self._string,
            cst.TemplatedString: self._string,
            cst.Ellipsis: self._ellipsis,
            cst.Tuple: self._tuple,
            cst.List: self._list,
            cst.Set: self._set,
            cst.Dict: self._dict,
            cst.ListComp: self._listcomp,
            cst.SetComp: self._setcomp,
            cst.DictComp: self._dictcomp,
            cst.GeneratorExp: self._genexp,
            cst.BinaryOperation: self._binop,
            cst.UnaryOperation: self._unaryop,
            cst.BooleanOperation: self._boolop,
            cst.Comparison: self._compare,
            cst.IfExp: self._ifexp,
            cst.Lambda: self._lambda,
            cst.Await: self._await,
            cst.Yield: self._yield,
            cst.NamedExpr: self._namedexpr,
            cst.StarredElement: self._starred,
        }
        self._small: dict[Any, Any] = {
            cst.Expr: self._expr_stmt,
            cst.Assign: self._assign,
            cst.AnnAssign: self._annassign,
            cst.AugAssign: self._augassign,
            cst.Pass: self._simple_keyword,
            cst.Break: self._simple_keyword,
            cst.Continue: self._simple_keyword,
            cst.Return: self._return,
            cst.Raise: self._raise,
            cst.Assert: self._assert,
            cst.Del: self._del,
            cst.Global: self._global,
            cst.Nonlocal: self._global,
            cst.Import: self._import,
            cst.ImportFrom: self._importfrom,
            cst.TypeAlias: self._typealias,
        }
        self._compound: dict[Any, Any] = {
            cst.FunctionDef: self._functiondef,
            cst.ClassDef: self._classdef,
            cst.If: self._if,
            cst.For: self._for,
            cst.While: self._while,
            cst.Try: self._try,
            cst.TryStar: self._try,
            cst.With: self._with,
            cst.Match: self._match,
        }
        self._patterns: dict[Any, Any] = {
            cst.MatchValue: self._match_value,
            cst.MatchSingleton: self._match_singleton,
            cst.MatchList: self._match_sequence,
            cst.MatchTuple: self._match_sequence,
            cst.MatchMapping: self._match_mapping,
            cst.MatchClass: self._match_class,
            cst.MatchAs: self._match_as,
            cst.MatchOr: self._match_or,
        }

    # -- positions -----------------------------------------------------------------------------
    def _byte(self, line: int, column: int) -> _Pos:
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        if column and not text.isascii():
            column = len(text[:column].encode("utf-8", "surrogatepass"))
        return line, column

    def start(self, node: Any) -> _Pos:
        p = self.positions[node].start
        return self._byte(p.line, p.column)

    def end(self, node: Any) -> _Pos:
        p = self.positions[node].end
        return self._byte(p.line, p.column)

    def outer_start(self, node: Any) -> _Pos:
        """Start of ``node`` including its parentheses."""
        return self.start(node.lpar[0]) if getattr(node, "lpar", None) else self.start(node)

    def outer_end(self, node: Any) -> _Pos:
        return self.end(node.rpar[-1]) if getattr(node, "rpar", None) else self.end(node)

    @staticmethod
    def at(node: Any, start: _Pos, end: _Pos) -> Any:
        node.lineno, node.col_offset = start
        node.end_lineno, node.end_col_offset = end
        return node

    @staticmethod
    def start_of(node: ast.AST) -> _Pos:
        return node.lineno, node.col_offset  # type: ignore[attr-defined]

    @staticmethod
    def end_of(node: ast.AST) -> _Pos:
        return node.end_lineno, node.end_col_offset  # type: ignore[attr-defined]

    def located(self, node: Any, cst_node: Any) -> Any:
        return self.at(node, self.start(cst_node), self.end(cst_node))

    def code(self, node: Any) -> str:
        return str(self.module_node.code_for_node(node))

    def _next_char(self, pos: tuple[int, int], char: str) -> tuple[int, int]:
        """(line, character column) of the first ``char`` at or after ``pos`` (a libcst
        position: character column), skipping whitespace, comments and line continuations."""
        line, col = pos
        while line <= len(self.lines):
            text = self.lines[line - 1]
            while col < len(text):
                c = text[col]
                if c == char:
                    return line, col
                if c == "#":
                    break
                col += 1
            line, col = line + 1, 0
        raise LoweringError(f"expected {char!r}")  # pragma: no cover - libcst parsed it

    # -- module and statements -----------------------------------------------------------------
    def module(self) -> ast.Module:
        body: list[ast.stmt] = []
        for stmt in self.module_node.body:
            body.extend(self.statement(stmt))
        return ast.Module(body=body, type_ignores=[])

    def statement(self, node: Any) -> list[ast.stmt]:
        cst = self.cst
        if isinstance(node, cst.SimpleStatementLine):
            return self.simple_statements(node.body)
        handler = self._compound.get(type(node))
        if handler is None:  # pragma: no cover - every libcst statement is handled
            raise LoweringError(f"unsupported statement {type(node).__name__}")
        return [handler(node)]

    def block(self, node: Any) -> list[ast.stmt]:
        cst = self.cst
        if isinstance(node, cst.SimpleStatementSuite):
            return self.simple_statements(node.body)
        out: list[ast.stmt] = []
        for stmt in node.body:
            out.extend(self.statement(stmt))
        return out

    def simple_statements(self, nodes: Any) -> list[ast.stmt]:
        out = [self.small(s) for s in nodes]
        semicolon = nodes[-1].semicolon
        if isinstance(semicolon, self.cst.Semicolon):
            # a block ending ``x = 1;`` ends after the ``;`` (its statement does not)
            self.semicolon_end[id(out[-1])] = self.end(semicolon)
        return out

    def small(self, node: Any) -> ast.stmt:
        handler = self._small.get(type(node))
        if handler is None:  # pragma: no cover
            raise LoweringError(f"unsupported statement {type(node).__name__}")
        stmt: ast.stmt = handler(node)
        return stmt

    def _expr_stmt(self, node: Any) -> ast.stmt:
        return self.located(ast.Expr(value=self.expr(node.value)), node)

    def _assign(self, node: Any) -> ast.stmt:
        targets = [self.expr(t.target, ast.Store) for t in node.targets]
        value = self.expr(node.value)
        return self.located(ast.Assign(targets=targets, value=value, type_comment=None), node)

    def _annassign(self, node: Any) -> ast.stmt:
        cst = self.cst
        simple = int(isinstance(node.target, cst.Name) and not node.target.lpar)
        return self.located(
            ast.AnnAssign(
                target=self.expr(node.target, ast.Store),
                annotation=self.expr(node.annotation.annotation),
                value=self.expr(node.value) if node.value is not None else None,
                simple=simple,
            ),
            node,
        )

    def _augassign(self, node: Any) -> ast.stmt:
        return self.located(
            ast.AugAssign(
                target=self.expr(node.target, ast.Store),
                op=self.ops[type(node.operator).__name__](),
                value=self.expr(node.value),
            ),
            node,
        )

    def _simple_keyword(self, node: Any) -> ast.stmt:
        cls = {"Pass": ast.Pass, "Break": ast.Break, "Continue": ast.Continue}[type(node).__name__]
        return self.located(cls(), node)

    def _return(self, node: Any) -> ast.stmt:
        value = self.expr(node.value) if node.value is not None else None
        return self.located(ast.Return(value=value), node)

    def _raise(self, node: Any) -> ast.stmt:
        exc = self.expr(node.exc) if node.exc is not None else None
        cause = self.expr(node.cause.item) if node.cause is not None else None
        return self.located(ast.Raise(exc=exc, cause=cause), node)

    def _assert(self, node: Any) -> ast.stmt:
        msg = self.expr(node.msg) if node.msg is not None else None
        return self.located(ast.Assert(test=self.expr(node.test), msg=msg), node)

    def _del(self, node: Any) -> ast.stmt:
        cst = self.cst
        target = node.target
        if isinstance(target, cst.Tuple) and not target.lpar:
            targets = [self.expr(e.value, ast.Del) for e in target.elements]
        else:
            targets = [self.expr(target, ast.Del)]
        return self.located(ast.Delete(targets=targets), node)

    def _global(self, node: Any) -> ast.stmt:
        cls = ast.Global if type(node).__name__ == "Global" else ast.Nonlocal
        return self.located(cls(names=[_name(n.name.value) for n in node.names]), node)

    def _dotted(self, node: Any) -> str:
        cst = self.cst
        if isinstance(node, cst.Name):
            return _name(node.value)
        return f"{self._dotted(node.value)}.{_name(node.attr.value)}"

    def _alias(self, node: Any) -> ast.alias:
        asname = _name(node.asname.name.value) if node.asname is not None else None
        end = self.end(node.asname.name) if node.asname is not None else self.end(node.name)
        return self.at(
            ast.alias(name=self._dotted(node.name), asname=asname), self.start(node), end
        )

    def _import(self, node: Any) -> ast.stmt:
        return self.located(ast.Import(names=[self._alias(a) for a in node.names]), node)

    def _importfrom(self, node: Any) -> ast.stmt:
        cst = self.cst
        if isinstance(node.names, cst.ImportStar):
            names = [self.located(ast.alias(name="*", asname=None), node.names)]
        else:
            names = [self._alias(a) for a in node.names]
        module = self._dotted(node.module) if node.module is not None else None
        return self.located(
            ast.ImportFrom(module=module, names=names, level=len(node.relative)), node
        )

    def _typealias(self, node: Any) -> ast.stmt:
        return self.located(
            _new(
                TypeAlias,
                name=self.expr(node.name, ast.Store),
                type_params=self.type_params(node.type_parameters),
                value=self.expr(node.value),
            ),
            node,
        )

    # compound statements: a statement ends where its last statement ends
    def _ending(self, node: Any, stmt: Any, last: list[Any]) -> Any:
        end = self.semicolon_end.get(id(last[-1])) or self.end_of(last[-1])
        return self.at(stmt, self.start(node), end)

    def type_params(self, node: Any) -> list[Any]:
        if node is None:
            return []
        cst = self.cst
        out = []
        for tp in node.params:
            param = tp.param
            default = None
            if tp.default is not None:
                default = self.expr(tp.default)
                if tp.star:  # ``*Ts = *tuple[int]``
                    default = self.at(
                        ast.Starred(value=default, ctx=ast.Load()),
                        self._star_start(tp),
                        self.outer_end(tp.default),
                    )
            name = _name(param.name.value)
            if isinstance(param, cst.TypeVar):
                bound = self.expr(param.bound) if param.bound is not None else None
                made: Any = _new(TypeVar, name=name, bound=bound)
                start = self.start(param.name)
                end = self.outer_end(param.bound) if bound is not None else self.end(param.name)
            else:
                cls = TypeVarTuple if isinstance(param, cst.TypeVarTuple) else ParamSpec
                made = _new(cls, name=name)
                start = self.start(param)
                end = self.end(param.name)
            if _HAS_DEFAULTS or not _HAS_TYPE_PARAMS or default is not None:
                made.default_value = default
            if default is not None:
                end = self.outer_end(tp.default)
            out.append(self.at(made, start, end))
        return out

    def _star_start(self, tp: Any) -> _Pos:
        # the ``*`` of ``*Ts = *tuple[...]``: the first ``*`` after the ``=``
        p = self.positions[tp.equal].end
        line, col = self._next_char((p.line, p.column), "*")
        return self._byte(line, col)

    def _functiondef(self, node: Any) -> ast.stmt:
        cls = ast.AsyncFunctionDef if node.asynchronous is not None else ast.FunctionDef
        body = self.block(node.body)
        fn: Any = cls(
            name=_name(node.name.value),
            args=self.arguments(node.params),
            body=body,
            decorator_list=[self.expr(d.decorator) for d in node.decorators],
            returns=self.expr(node.returns.annotation) if node.returns is not None else None,
            type_comment=None,
        )
        fn.type_params = self.type_params(node.type_parameters)
        return self._ending(node, fn, body)

    def _classdef(self, node: Any) -> ast.stmt:
        body = self.block(node.body)
        bases: list[ast.expr] = []
        keywords: list[ast.keyword] = []
        for arg in (*node.bases, *node.keywords):
            self._argument(arg, bases, keywords)
        cls: Any = ast.ClassDef(
            name=_name(node.name.value),
            bases=bases,
            keywords=keywords,
            body=body,
            decorator_list=[self.expr(d.decorator) for d in node.decorators],
        )
        cls.type_params = self.type_params(node.type_parameters)
        return self._ending(node, cls, body)

    def _if(self, node: Any) -> ast.stmt:
        cst = self.cst
        body = self.block(node.body)
        orelse: list[ast.stmt] = []
        if isinstance(node.orelse, cst.If):
            orelse = [self._if(node.orelse)]
        elif node.orelse is not None:
            orelse = self.block(node.orelse.body)
        stmt = ast.If(test=self.expr(node.test), body=body, orelse=orelse)
        return self._ending(node, stmt, orelse or body)

    def _for(self, node: Any) -> ast.stmt:
        cls = ast.AsyncFor if node.asynchronous is not None else ast.For
        body = self.block(node.body)
        orelse = self.block(node.orelse.body) if node.orelse is not None else []
        stmt = cls(
            target=self.expr(node.target, ast.Store),
            iter=self.expr(node.iter),
            body=body,
            orelse=orelse,
            type_comment=None,
        )
        return self._ending(node, stmt, orelse or body)

    def _while(self, node: Any) -> ast.stmt:
        body = self.block(node.body)
        orelse = self.block(node.orelse.body) if node.orelse is not None else []
        stmt = ast.While(test=self.expr(node.test), body=body, orelse=orelse)
        return self._ending(node, stmt, orelse or body)

    def _try(self, node: Any) -> ast.stmt:
        cst = self.cst
        body = self.block(node.body)
        handlers = [self._handler(h) for h in node.handlers]
        orelse = self.block(node.orelse.body) if node.orelse is not None else []
        finalbody = self.block(node.finalbody.body) if node.finalbody is not None else []
        cls: Any = ast.Try
        if isinstance(node, cst.TryStar):
            cls = getattr(ast, "TryStar", ast.Try)
        stmt = cls(body=body, handlers=handlers, orelse=orelse, finalbody=finalbody)
        last: list[Any] = finalbody or orelse or handlers or body
        return self._ending(node, stmt, last)

    def _handler(self, node: Any) -> ast.excepthandler:
        body = self.block(node.body)
        name = _name(node.name.name.value) if node.name is not None else None
        type_ = self.expr(node.type) if node.type is not None else None
        handler = ast.ExceptHandler(type=type_, name=name, body=body)
        return self._ending(node, handler, body)

    def _with(self, node: Any) -> ast.stmt:
        cls = ast.AsyncWith if node.asynchronous is not None else ast.With
        items = [
            ast.withitem(
                context_expr=self.expr(item.item),
                optional_vars=(
                    self.expr(item.asname.name, ast.Store) if item.asname is not None else None
                ),
            )
            for item in node.items
        ]
        body = self.block(node.body)
        stmt = cls(items=items, body=body, type_comment=None)
        return self._ending(node, stmt, body)

    def _match(self, node: Any) -> ast.stmt:
        cases = []
        for case in node.cases:
            cases.append(
                ast.match_case(
                    pattern=self.pattern(case.pattern),
                    guard=self.expr(case.guard) if case.guard is not None else None,
                    body=self.block(case.body),
                )
            )
        stmt = ast.Match(subject=self.expr(node.subject), cases=cases)
        return self._ending(node, stmt, cases[-1].body)

    # -- patterns ------------------------------------------------------------------------------
    def pattern(self, node: Any) -> Any:
        handler = self._patterns.get(type(node))
        if handler is None:  # pragma: no cover
            raise LoweringError(f"unsupported pattern {type(node).__name__}")
        return handler(node)

    def _match_value(self, node: Any) -> Any:
        value = self.expr(node.value)
        return self.at(ast.MatchValue(value=value), self.start_of(value), self.end_of(value))

    def _match_singleton(self, node: Any) -> Any:
        value = self.expr(node.value)
        return self.at(
            ast.MatchSingleton(value=value.value), self.start_of(value), self.end_of(value)
        )

    def _match_sequence(self, node: Any) -> Any:
        cst = self.cst
        patterns = []
        for element in node.patterns:
            if isinstance(element, cst.MatchStar):
                # ``*rest`` / ``*_``: the span stops at the name (libcst's takes the comma)
                if element.name is not None:
                    name, end = _name(element.name.value), self.end(element.name)
                else:
                    p = self.positions[element].start
                    line, col = self._next_char((p.line, p.column + 1), "_")
                    name, end = None, self._byte(line, col + 1)
                patterns.append(self.at(ast.MatchStar(name=name), self.start(element), end))
            else:
                patterns.append(self.pattern(element.value))
        seq = ast.MatchSequence(patterns=patterns)
        # ``[a, b]`` / ``(a, b)`` span their brackets; an open ``a, b`` its elements
        lbracket = getattr(node, "lbracket", None)
        if lbracket is not None:
            return self.at(seq, self.start(lbracket), self.end(node.rbracket))
        if isinstance(node, cst.MatchTuple) and node.lpar:
            return self.at(seq, self.start(node.lpar[-1]), self.end(node.rpar[0]))
        return self.located(seq, node)

    def _match_mapping(self, node: Any) -> Any:
        keys = [self.expr(e.key) for e in node.elements]
        patterns = [self.pattern(e.pattern) for e in node.elements]
        rest = _name(node.rest.value) if node.rest is not None else None
        return self.located(ast.MatchMapping(keys=keys, patterns=patterns, rest=rest), node)

    def _match_class(self, node: Any) -> Any:
        return self.located(
            ast.MatchClass(
                cls=self.expr(node.cls),
                patterns=[self.pattern(p.value) for p in node.patterns],
                kwd_attrs=[_name(k.key.value) for k in node.kwds],
                kwd_patterns=[self.pattern(k.pattern) for k in node.kwds],
            ),
            node,
        )

    def _match_as(self, node: Any) -> Any:
        pattern = self.pattern(node.pattern) if node.pattern is not None else None
        name = _name(node.name.value) if node.name is not None else None
        return self.located(ast.MatchAs(pattern=pattern, name=name), node)

    def _match_or(self, node: Any) -> Any:
        patterns = [self.pattern(p.pattern) for p in node.patterns]
        return self.located(ast.MatchOr(patterns=patterns), node)

    # -- parameters ----------------------------------------------------------------------------
    def _arg(self, param: Any) -> ast.arg:
        annotation = (
            self.expr(param.annotation.annotation) if param.annotation is not None else None
        )
        end = (
            self.outer_end(param.annotation.annotation)
            if annotation is not None
            else self.end(param.name)
        )
        made = ast.arg(arg=_name(param.name.value), annotation=annotation, type_comment=None)
        return self.at(made, self.start(param.name), end)

    def arguments(self, node: Any) -> ast.arguments:
        cst = self.cst
        posonly = [self._arg(p) for p in node.posonly_params]
        args = [self._arg(p) for p in node.params]
        defaults = [
            self.expr(p.default)
            for p in (*node.posonly_params, *node.params)
            if p.default is not None
        ]
        vararg = self._arg(node.star_arg) if isinstance(node.star_arg, cst.Param) else None
        kwonly = [self._arg(p) for p in node.kwonly_params]
        kw_defaults = [
            self.expr(p.default) if p.default is not None else None for p in node.kwonly_params
        ]
        kwarg = self._arg(node.star_kwarg) if node.star_kwarg is not None else None
        return ast.arguments(
            posonlyargs=posonly,
            args=args,
            vararg=vararg,
            kwonlyargs=kwonly,
            kw_defaults=kw_defaults,
            kwarg=kwarg,
            defaults=defaults,
        )

    # -- expressions ---------------------------------------------------------------------------
    def expr(self, node: Any, ctx: type[ast.expr_context] = ast.Load) -> Any:
        handler = self._expr.get(type(node))
        if handler is None:  # pragma: no cover
            raise LoweringError(f"unsupported expression {type(node).__name__}")
        return handler(node, ctx)

    def _name(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        value = node.value
        if value in ("None", "True", "False"):
            constant = {"None": None, "True": True, "False": False}[value]
            return self.located(ast.Constant(value=constant, kind=None), node)
        return self.located(ast.Name(id=_name(value), ctx=ctx()), node)

    def _attribute(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        return self.located(
            ast.Attribute(value=self.expr(node.value), attr=_name(node.attr.value), ctx=ctx()),
            node,
        )

    def _argument(self, arg: Any, args: list[ast.expr], keywords: list[ast.keyword]) -> None:
        value = self.expr(arg.value)
        if arg.keyword is not None:
            kw = ast.keyword(arg=_name(arg.keyword.value), value=value)
            keywords.append(self.at(kw, self.start(arg.keyword), self.outer_end(arg.value)))
        elif arg.star == "**":
            kw = ast.keyword(arg=None, value=value)
            keywords.append(self.at(kw, self.start(arg), self.outer_end(arg.value)))
        elif arg.star == "*":
            starred = ast.Starred(value=value, ctx=ast.Load())
            args.append(self.at(starred, self.start(arg), self.outer_end(arg.value)))
        else:
            args.append(value)

    def _call(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        cst = self.cst
        args: list[ast.expr] = []
        keywords: list[ast.keyword] = []
        for arg in node.args:
            self._argument(arg, args, keywords)
        call = self.located(ast.Call(func=self.expr(node.func), args=args, keywords=keywords), node)
        if (
            len(node.args) == 1
            and isinstance(node.args[0].value, cst.GeneratorExp)
            and not node.args[0].value.lpar
        ):
            # ``f(x for x in y)``: the generator spans the call's parentheses
            p = self.positions[node.func].end
            if node.func.rpar:
                p = self.positions[node.func.rpar[-1]].end
            line, col = self._next_char((p.line, p.column), "(")
            self.at(args[0], self._byte(line, col), self.end(node))
        return call

    def _subscript(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        cst = self.cst
        elements = node.slice
        slices = []
        spans: list[tuple[_Pos, _Pos]] = []  # with parentheses
        for element in elements:
            s = element.slice
            if isinstance(s, cst.Slice):
                made = self._slice(s)
                spans.append((self.start_of(made), self.end_of(made)))
            elif s.star is not None:  # ``x[*a]`` (PEP 646)
                value = self.expr(s.value)
                span = (self.start(s), self.outer_end(s.value))
                made = self.at(ast.Starred(value=value, ctx=ast.Load()), *span)
                spans.append(span)
            else:
                made = self.expr(s.value)
                spans.append((self.outer_start(s.value), self.outer_end(s.value)))
            slices.append(made)
        trailing_comma = isinstance(elements[-1].comma, cst.Comma)
        if len(elements) == 1 and not trailing_comma and not isinstance(slices[0], ast.Starred):
            slice_ = slices[0]
        else:
            # ``x[a, b]`` is a tuple, from its first element to its last comma
            end = self._comma_end(elements[-1].comma) if trailing_comma else spans[-1][1]
            slice_ = self.at(ast.Tuple(elts=slices, ctx=ast.Load()), spans[0][0], end)
        return self.located(
            ast.Subscript(value=self.expr(node.value), slice=slice_, ctx=ctx()), node
        )

    def _comma_end(self, comma: Any) -> _Pos:
        # a Comma node's span includes its whitespace: the comma itself is one character
        p = self.positions[comma].start
        line, col = self._next_char((p.line, p.column), ",")
        return self._byte(line, col + 1)

    def _slice(self, node: Any) -> Any:
        lower = self.expr(node.lower) if node.lower is not None else None
        upper = self.expr(node.upper) if node.upper is not None else None
        step = self.expr(node.step) if node.step is not None else None
        return self.located(ast.Slice(lower=lower, upper=upper, step=step), node)

    def _integer(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        text = node.value
        try:
            if len(text) > 1 and text[0] == "0" and text[1] not in "xXoObB":
                if text.strip("0_"):  # ``0777``: not Python 3
                    raise ValueError(text)
                value = 0
            else:
                value = int(text, 0)
        except ValueError:
            raise self.error(f"invalid decimal literal {text!r}", node) from None
        return self.located(ast.Constant(value=value, kind=None), node)

    def _float(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        return self.located(ast.Constant(value=float(node.value.replace("_", "")), kind=None), node)

    def _imaginary(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        value = complex(0, float(node.value[:-1].replace("_", "")))
        return self.located(ast.Constant(value=value, kind=None), node)

    def _ellipsis(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        return self.located(ast.Constant(value=..., kind=None), node)

    def error(self, message: str, node: Any) -> LoweringError:
        err = LoweringError(message)
        err.lineno = self.positions[node].start.line
        return err

    def _elements(self, elements: Any, ctx: type[ast.expr_context]) -> list[ast.expr]:
        return [self.expr(e.value if isinstance(e, self.cst.Element) else e, ctx) for e in elements]

    def _tuple(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        made = ast.Tuple(elts=self._elements(node.elements, ctx), ctx=ctx())
        if node.lpar:  # a parenthesised tuple spans its (innermost) parentheses
            return self.at(made, self.start(node.lpar[-1]), self.end(node.rpar[0]))
        return self.located(made, node)

    def _list(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        return self.located(ast.List(elts=self._elements(node.elements, ctx), ctx=ctx()), node)

    def _set(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        return self.located(ast.Set(elts=self._elements(node.elements, ast.Load)), node)

    def _dict(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        cst = self.cst
        keys: list[ast.expr | None] = []
        values = []
        for element in node.elements:
            if isinstance(element, cst.StarredDictElement):
                keys.append(None)
            else:
                keys.append(self.expr(element.key))
            values.append(self.expr(element.value))
        return self.located(ast.Dict(keys=keys, values=values), node)

    def _comprehensions(self, node: Any) -> list[ast.comprehension]:
        out = []
        while node is not None:
            out.append(
                ast.comprehension(
                    target=self.expr(node.target, ast.Store),
                    iter=self.expr(node.iter),
                    ifs=[self.expr(i.test) for i in node.ifs],
                    is_async=int(node.asynchronous is not None),
                )
            )
            node = node.inner_for_in
        return out

    def _listcomp(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        made = ast.ListComp(elt=self.expr(node.elt), generators=self._comprehensions(node.for_in))
        return self.located(made, node)

    def _setcomp(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        made = ast.SetComp(elt=self.expr(node.elt), generators=self._comprehensions(node.for_in))
        return self.located(made, node)

    def _dictcomp(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        made = ast.DictComp(
            key=self.expr(node.key),
            value=self.expr(node.value),
            generators=self._comprehensions(node.for_in),
        )
        return self.located(made, node)

    def _genexp(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        made = ast.GeneratorExp(
            elt=self.expr(node.elt), generators=self._comprehensions(node.for_in)
        )
        if node.lpar:
            return self.at(made, self.start(node.lpar[-1]), self.end(node.rpar[0]))
        return self.located(made, node)  # positioned by the call that holds it

    def _binop(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        return self.located(
            ast.BinOp(
                left=self.expr(node.left),
                op=self.ops[type(node.operator).__name__](),
                right=self.expr(node.right),
            ),
            node,
        )

    def _unaryop(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        return self.located(
            ast.UnaryOp(
                op=self.ops[type(node.operator).__name__](), operand=self.expr(node.expression)
            ),
            node,
        )

    def _boolop(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        # ``a and b and c`` is one BoolOp; a parenthesised operand stays a node of its own
        op = type(node.operator)
        operands = []
        cur = node
        while isinstance(cur, self.cst.BooleanOperation) and type(cur.operator) is op:
            operands.append(cur.right)
            if cur is not node and cur.lpar:
                break
            left = cur.left
            if (
                isinstance(left, self.cst.BooleanOperation)
                and type(left.operator) is op
                and not left.lpar
            ):
                cur = left
                continue
            operands.append(left)
            break
        values = [self.expr(v) for v in reversed(operands)]
        return self.located(ast.BoolOp(op=self.ops[op.__name__](), values=values), node)

    def _compare(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        return self.located(
            ast.Compare(
                left=self.expr(node.left),
                ops=[self.ops[type(c.operator).__name__]() for c in node.comparisons],
                comparators=[self.expr(c.comparator) for c in node.comparisons],
            ),
            node,
        )

    def _ifexp(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        return self.located(
            ast.IfExp(
                test=self.expr(node.test), body=self.expr(node.body), orelse=self.expr(node.orelse)
            ),
            node,
        )

    def _lambda(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        return self.located(
            ast.Lambda(args=self.arguments(node.params), body=self.expr(node.body)), node
        )

    def _await(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        return self.located(ast.Await(value=self.expr(node.expression)), node)

    def _yield(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        value = node.value
        if isinstance(value, self.cst.From):
            return self.located(ast.YieldFrom(value=self.expr(value.item)), node)
        return self.located(ast.Yield(value=self.expr(value) if value is not None else None), node)

    def _namedexpr(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        return self.located(
            ast.NamedExpr(target=self.expr(node.target, ast.Store), value=self.expr(node.value)),
            node,
        )

    def _starred(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        return self.located(ast.Starred(value=self.expr(node.value, ctx), ctx=ctx()), node)

    # -- strings -------------------------------------------------------------------------------
    def _string(self, node: Any, ctx: type[ast.expr_context]) -> Any:
        cst = self.cst
        tokens: list[Any] = []
        stack = [node]
        while stack:  # implicit concatenation, left to right
            cur = stack.pop()
            if isinstance(cur, cst.ConcatenatedString):
                stack.append(cur.right)
                stack.append(cur.left)
            else:
                tokens.append(cur)
        start, end = self.start(node), self.end(node)
        kinds = {type(t) for t in tokens}
        if cst.TemplatedString in kinds:
            if kinds != {cst.TemplatedString}:
                raise self.error("cannot mix t-string literals with string or bytes literals", node)
            template = _new(TemplateStr, values=self._pieces(tokens, start, end, True))
            return self.at(template, start, end)
        if cst.FormattedString in kinds:
            values = self._pieces(tokens, start, end, False)
            return self.at(ast.JoinedStr(values=values), start, end)
        values_: list[Any] = [self._literal(t) for t in tokens]
        if len({type(v) for v in values_}) > 1:
            raise self.error("cannot mix bytes and nonbytes literals", node)
        value = b"".join(values_) if isinstance(values_[0], bytes) else "".join(values_)
        kind = "u" if tokens[0].value[:1] in "uU" else None
        return self.at(ast.Constant(value=value, kind=kind), start, end)

    def _literal(self, token: Any) -> str | bytes:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                value = ast.literal_eval(token.value)
        except (SyntaxError, ValueError) as exc:
            raise self.error(f"invalid string literal ({exc})", token) from None
        if not isinstance(value, (str, bytes)):  # pragma: no cover - libcst tokenised a string
            raise self.error("invalid string literal", token)
        return value

    def _pieces(self, tokens: list[Any], start: _Pos, end: _Pos, template: bool) -> list[Any]:
        """The values of an f-string (or t-string) concatenation: adjacent text merged."""
        cst = self.cst
        out: list[Any] = []
        text: list[str] = []
        text_span: list[_Pos] = []

        def flush() -> None:
            if text:
                value = "".join(text)
                if value:
                    span = (text_span[0], text_span[-1]) if _PART_SPANS else (start, end)
                    out.append(self.at(ast.Constant(value=value, kind=None), *span))
                text.clear()
                text_span.clear()

        for token in tokens:
            if isinstance(token, cst.SimpleString):
                text.append(str(self._literal(token)))
                text_span.extend((self.start(token), self.end(token)))
                continue
            raw = "r" in token.prefix.lower()
            for part in token.parts:
                if isinstance(part, (cst.FormattedStringText, cst.TemplatedStringText)):
                    text.append(self._decode(part.value, raw, part))
                    text_span.extend((self.start(part), self.end(part)))
                    continue
                value, debug = self._replacement(part, token, raw, start, end, template)
                if debug is not None:
                    text.append(debug[0])
                    text_span.extend(debug[1:])
                flush()
                out.append(value)
        flush()
        return out

    def _replacement(
        self, part: Any, token: Any, raw: bool, start: _Pos, end: _Pos, template: bool
    ) -> tuple[Any, tuple[str, _Pos, _Pos] | None]:
        """A ``{...}`` field: its node, and the ``expr=`` text before it (debug fields)."""
        cst = self.cst
        value = self.expr(part.expression)
        if not _PART_SPANS and isinstance(part.expression, cst.Tuple) and not part.expression.lpar:
            self.located(value, part)  # before 3.12, a bare tuple spans the braces
        conversion = ord(part.conversion) if part.conversion else -1
        debug = None
        if part.equal is not None:
            source = (
                self.code(part.whitespace_before_expression)
                + self.code(part.expression)
                + self.code(part.whitespace_after_expression)
                + self.code(part.equal)
            )
            if conversion == -1 and part.format_spec is None:
                conversion = ord("r")
            # the text runs from after ``{`` to the ``!``, ``:`` or ``}``
            p = self.positions[part].start
            text_start = self._byte(p.line, p.column + 1)
            *before, last = _LINE.split(source)
            if before:
                text_end = self._byte(p.line + len(before), len(last))
            else:
                text_end = self._byte(p.line, p.column + 1 + len(last))
            debug = (_NEWLINES.sub("\n", source), text_start, text_end)
        spec = None
        if part.format_spec is not None:
            spec = self._format_spec(part, token, raw, start, end)
        field_span = (self.start(part), self._field_end(part)) if _PART_SPANS else (start, end)
        if template:
            source_text = self.code(part.expression)
            made: Any = _new(
                Interpolation, value=value, str=source_text, conversion=conversion, format_spec=spec
            )
        else:
            made = ast.FormattedValue(value=value, conversion=conversion, format_spec=spec)
        del cst
        return self.at(made, *field_span), debug

    def _field_end(self, part: Any) -> _Pos:
        """After the ``}`` closing a replacement field (libcst's span may stop before
        whitespace after a conversion: ``{x!r  }``)."""
        p = self.positions[part].end
        line, col = self._next_char((p.line, max(p.column - 1, 0)), "}")
        return self._byte(line, col + 1)

    def _format_spec(self, part: Any, token: Any, raw: bool, start: _Pos, end: _Pos) -> Any:
        cst = self.cst
        values: list[Any] = []
        text: list[str] = []
        spans: list[_Pos] = []

        def flush() -> None:
            value = "".join(text)
            if value:
                span = (spans[0], spans[-1]) if _PART_SPANS else (start, end)
                values.append(self.at(ast.Constant(value=value, kind=None), *span))
            text.clear()
            spans.clear()

        for sub in part.format_spec:
            if isinstance(sub, (cst.FormattedStringText, cst.TemplatedStringText)):
                text.append(self._decode(sub.value, raw, sub))
                spans.extend((self.start(sub), self.end(sub)))
                continue
            flush()
            made, _ = self._replacement(sub, token, raw, start, end, False)
            values.append(made)
        flush()
        spec = ast.JoinedStr(values=values)
        if not _PART_SPANS:
            token_span = (self.start(token), self.end(token))
            if len(values) == 1 and isinstance(values[0], ast.Constant):
                self.at(values[0], *token_span)  # a literal spec: the string's own span
            return self.at(spec, *token_span)
        # from the ``:`` to the closing ``}``
        p = self.positions[part].end
        spec_end = self._byte(p.line, p.column - 1)
        first = part.format_spec[0] if part.format_spec else None
        if first is not None:
            q = self.positions[first].start
            spec_start = self._byte(q.line, q.column - 1)
        else:
            spec_start = self._byte(p.line, p.column - 2)
        return self.at(spec, spec_start, spec_end)

    def _decode(self, raw_text: str, raw: bool, node: Any) -> str:
        """The value of the text between replacement fields (escapes, ``{{``, newlines)."""
        text = _NEWLINES.sub("\n", raw_text)
        if "{{" in text or "}}" in text:
            braces = _RAW_BRACES if raw else _BRACES
            text = braces.sub(lambda m: m.group(0)[0] if len(m.group(0)) == 2 else m.group(0), text)
        if raw or "\\" not in text:
            return text
        text = _NON_LATIN_ESCAPE.sub(lambda m: m.group(1) or "\\\\", text)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return text.encode("latin-1", "backslashreplace").decode("unicode_escape")
        except UnicodeDecodeError as exc:
            raise self.error(f"invalid escape in string ({exc.reason})", node) from None


#: ``{{`` / ``}}`` (doubled braces are one brace), or a ``\N{...}`` escape (its braces stay)
_BRACES = lazy_compile(r"\\N\{[^}]*\}|\{\{|\}\}")
_RAW_BRACES = lazy_compile(r"\{\{|\}\}")
#: a backslash before a character beyond latin-1 is not an escape (kept as written)
_NON_LATIN_ESCAPE = lazy_compile(r"(\\\\)|\\(?=[^\x00-\xff])")
