"""PYD003, module pass: (1) ``@validator`` / ``@root_validator`` / ``@validate_arguments``,
(2) v1 class methods (``Model.parse_obj``), (3) v1 instance methods (``m.dict()``),
(4) v1 ``Field`` keywords, (5) ``regex=`` on ``Field`` / ``Query`` / ``Path``."""

from __future__ import annotations

import ast
import re

from auditor.astwalk import walk
from auditor.lazyre import lazy_compile
from auditor.source_edits import where
from auditor.walker import PYDANTIC_V2_METHODS, ModuleContext

from .fixes import validator_fix
from .flags import version_flags
from .model import cls_parameter, instance_class, is_decorator, text_of
from .tables import (
    CLASS_METHODS,
    CLASS_RENAMES,
    DUMP_KWARGS,
    FIELD,
    FIELD_KWARGS,
    FIELD_RENAMES,
    FUNCTIONS,
    INSTANCE_METHODS,
    PARAM_CLASSES,
    PYD002_FIELD_KWARGS,
    ROOT_VALIDATOR,
    VALIDATOR,
    Data,
)


def report_decorators(node: ast.FunctionDef | ast.AsyncFunctionDef, ctx: ModuleContext) -> None:
    if ctx.facts.v1_compat:
        return
    resolved = [
        (d, ctx.resolve(d.func if isinstance(d, ast.Call) else d)) for d in node.decorator_list
    ]
    validators = [(d, q) for d, q in resolved if q in VALIDATOR or q in ROOT_VALIDATOR]
    for dec, q in resolved:
        if q in FUNCTIONS:
            old, new = FUNCTIONS[q]
            ctx.report(
                dec,
                f"`{old}` is deprecated in Pydantic v2: use {new}",
                fix_title=f"Use {new}",
                data=Data(),
            )
    if not validators or ctx.scope.kind != "class":
        return
    owner = ctx.scope.qname
    for dec, q in validators:
        if q in ROOT_VALIDATOR:
            ctx.report(
                dec,
                f"`@root_validator` on `{node.name}` is deprecated in Pydantic v2: use `@model_validator`",
                fix_title="Use `@model_validator(mode=...)` (it receives the model or the raw data, not `values`)",
                data=Data(cls=owner),
            )
            continue
        fix = validator_fix(node, dec, resolved, validators, ctx)
        ctx.report(
            dec,
            f"`@validator` on `{node.name}` is deprecated in Pydantic v2: use `@field_validator`",
            fixable=fix is not None,
            fix_title="Use `@field_validator` and `@classmethod`"
            if fix is not None
            else "Use `@field_validator` (it receives `info: ValidationInfo` instead of `values`)",
            data=Data(
                cls=owner,
                op="validator",
                def_line=node.lineno,
                def_col=node.col_offset,
                where=where(ctx, node),
                validator=fix,
            ),
        )


#: An ``if`` test that picks code by Pydantic version (``if PYDANTIC_V2:``, ``if
#: hasattr(m, "model_dump"):``): both branches are meant, the v1 one for v1.
_VERSION_TEST = lazy_compile(r"hasattr|version|v1|v2", re.IGNORECASE)
#: A test naming Pydantic's version (``PYDANTIC_V2``, ``pydantic.VERSION``, ``IS_PYDANTIC_1``).
_PYDANTIC_VERSION = lazy_compile(
    r"pydantic\w*(?:\.|_)(?:v(?:ersion)?_?\d?(?![a-z])|\d)", re.IGNORECASE
)


def in_v1_fallback(node: ast.AST, ctx: ModuleContext) -> bool:
    """``node`` is the v1 branch of code written for both majors: in an ``except`` handler of
    a ``try`` whose body calls a v2 model method (``try: m.model_dump() except
    AttributeError: m.dict()``), under a version / ``hasattr`` test, or after a feature test
    for the v2 API whose branch leaves the block (``if hasattr(super(), "model_construct"):
    return super().model_construct(**data)`` and then ``return cls.construct(**data)``)."""
    parents = ctx.parents
    gates = _gate_names(ctx.enclosing_def) | version_flags(ctx)
    child: ast.AST = node
    for i in range(len(parents) - 1, -1, -1):
        p = parents[i]
        if _after_feature_exit(p, child, gates):
            return True
        if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            return False
        if isinstance(p, ast.ExceptHandler) and i > 0:
            owner = parents[i - 1]
            if isinstance(owner, (ast.Try, ast.TryStar)) and _calls_v2(owner.body):
                return True
        if isinstance(p, (ast.If, ast.IfExp)) and (
            _VERSION_TEST.search(ast.unparse(p.test)) or _feature_test(p.test, gates)
        ):
            return True
        child = p
    return False


def version_test(test: ast.expr, flags: frozenset[str] = frozenset()) -> bool:
    """``test`` picks code by Pydantic's version or by a feature of its v2 API (the strict
    reading: a name or attribute naming Pydantic's version, a v2 method's name, one of the
    module's version ``flags``)."""
    return _feature_test(test, flags)


def _feature_test(test: ast.expr, gates: frozenset[str]) -> bool:
    """``test`` asks whether the v2 API is there: a string naming a v2 method
    (``hasattr(m, "model_dump")``, ``getattr(m, "model_dump", None)``), a name bound to such a
    lookup, or a Pydantic version (``PYDANTIC_V2``, ``pydantic.VERSION``)."""
    for n in walk(test):
        if isinstance(n, ast.Constant) and n.value in PYDANTIC_V2_METHODS:
            return True
        if isinstance(n, ast.Name) and (n.id in gates or _PYDANTIC_VERSION.search(n.id)):
            return True
        if isinstance(n, ast.Attribute) and _PYDANTIC_VERSION.search(ast.unparse(n)):
            return True
    return False


def _after_feature_exit(block_owner: ast.AST, child: ast.AST, gates: frozenset[str]) -> bool:
    """``child`` is a statement of one of ``block_owner``'s blocks that comes after an ``if``
    testing for the v2 API whose body always leaves the block: only v1 reaches it."""
    for field in ("body", "orelse", "finalbody"):
        block = getattr(block_owner, field, None)
        if not isinstance(block, list) or not any(s is child for s in block):
            continue
        for stmt in block:
            if stmt is child:
                return False
            if isinstance(stmt, ast.If) and _feature_test(stmt.test, gates) and _leaves(stmt.body):
                return True
    return False


def _leaves(body: list[ast.stmt]) -> bool:
    return bool(body) and isinstance(body[-1], (ast.Return, ast.Raise, ast.Continue, ast.Break))


def _gate_names(fn: ast.FunctionDef | ast.AsyncFunctionDef | None) -> frozenset[str]:
    """Names a function binds to a lookup of a v2 method (``dump = getattr(m, "model_dump",
    None)``): testing them is a feature test."""
    if fn is None:
        return frozenset()
    return frozenset(
        t.id
        for n in walk(fn)
        if isinstance(n, ast.Assign)
        and isinstance(n.value, ast.Call)
        and isinstance(n.value.func, ast.Name)
        and n.value.func.id == "getattr"
        and len(n.value.args) >= 2
        and isinstance(n.value.args[1], ast.Constant)
        and n.value.args[1].value in PYDANTIC_V2_METHODS
        for t in n.targets
        if isinstance(t, ast.Name)
    )


def _calls_v2(body: list[ast.stmt]) -> bool:
    return any(
        isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and n.func.attr in PYDANTIC_V2_METHODS
        for stmt in body
        for n in walk(stmt)
    )


#: The callees and the method names :func:`report_call` looks at (what the hook is keyed by).
CALL_CALLEES = frozenset({*FUNCTIONS, FIELD, *PARAM_CLASSES})
CALL_METHODS = frozenset({*CLASS_METHODS, *INSTANCE_METHODS})


def report_call(node: ast.Call, ctx: ModuleContext) -> None:
    if ctx.facts.v1_compat:
        return
    func = node.func
    q = ctx.resolve(func)
    if q in FUNCTIONS:
        old, new = FUNCTIONS[q]
        if not (old.startswith("@") and ctx.parent is not None and is_decorator(node, ctx.parent)):
            ctx.report(
                node,
                f"`{old}` is deprecated in Pydantic v2: use {new}",
                fix_title=f"Use {new}",
                data=Data(),
            )
        return
    if q == FIELD:
        _field(node, ctx)
        return
    if q in PARAM_CLASSES:
        _regex(node, q, ctx)
        return
    if not isinstance(func, ast.Attribute):
        return
    if func.attr in CLASS_METHODS:
        _class_call(node, func, ctx)
    if func.attr in INSTANCE_METHODS:
        _instance_call(node, func, ctx)


def _class_call(node: ast.Call, func: ast.Attribute, ctx: ModuleContext) -> None:
    recv = func.value
    cls = ctx.resolve(recv) if isinstance(recv, (ast.Name, ast.Attribute)) else None
    if cls is None and isinstance(recv, ast.Name):
        cls = cls_parameter(recv.id, ctx)
    if cls is None or not ctx.is_project(cls) or in_v1_fallback(node, ctx):
        return  # models are project classes; the v1 branch of dual-major code is meant
    attr = func.attr
    has_star = any(isinstance(a, ast.Starred) for a in node.args) or any(
        k.arg is None for k in node.keywords
    )
    kws = {k.arg for k in node.keywords if k.arg}
    n = len(node.args)
    if attr in ("parse_obj", "parse_raw", "from_orm"):
        fixable = n == 1 and not kws and not has_star
    elif attr == "schema":
        fixable = n <= 2 and kws <= {"by_alias", "ref_template"} and not has_star
    elif attr == "construct":
        fixable = True
    elif attr == "update_forward_refs":
        fixable = n == 0 and not node.keywords
    else:
        fixable = False
    self_call = _renames_into_itself(CLASS_RENAMES.get(attr), ctx)
    ctx.report(
        node,
        "",
        fixable=fixable and not self_call,
        data=Data(
            cls=cls,
            method=attr,
            recv=text_of(recv),
            op="attr",
            kind="class",
            where=where(ctx, node),
            call_line=node.lineno,
            call_col=ctx.column(node.lineno, node.col_offset),
            self_call=self_call,
        ),
    )


def _renames_into_itself(new: str | None, ctx: ModuleContext) -> bool:
    """The v2 name is the name of the function the call sits in (``cls.construct()`` inside
    a ``model_construct`` override): renamed, the call would call that function itself and
    recurse forever, so no rename is offered."""
    fn = ctx.enclosing_def
    return new is not None and fn is not None and fn.name == new


def _instance_call(node: ast.Call, func: ast.Attribute, ctx: ModuleContext) -> None:
    cls = instance_class(func.value, ctx)
    if cls is None or not ctx.is_project(cls) or in_v1_fallback(node, ctx):
        return  # models are project classes; the v1 branch of dual-major code is meant
    attr = func.attr
    allowed = DUMP_KWARGS | ({"indent"} if attr == "json" else set())
    self_call = _renames_into_itself(INSTANCE_METHODS[attr], ctx)
    fixable = (
        attr != "copy"
        and not self_call
        and not node.args
        and all(k.arg is not None and k.arg in allowed for k in node.keywords)
    )
    ctx.report(
        node,
        "",
        fixable=fixable,
        data=Data(
            cls=cls,
            method=attr,
            recv=text_of(func.value),
            op="attr",
            kind="instance",
            where=where(ctx, node),
            call_line=node.lineno,
            call_col=ctx.column(node.lineno, node.col_offset),
            self_call=self_call,
        ),
    )


def _field(node: ast.Call, ctx: ModuleContext) -> None:
    present = {k.arg for k in node.keywords if k.arg}
    for kw in node.keywords:
        key = kw.arg
        if key is None or key in FIELD_KWARGS or key in PYD002_FIELD_KWARGS:
            continue
        pos = Data(
            call_line=node.lineno,
            call_col=ctx.column(node.lineno, node.col_offset),
            key=key,
            where=where(ctx, node),
        )
        if key in FIELD_RENAMES:
            new = FIELD_RENAMES[key]
            ctx.report(
                kw,
                f"`Field({key}=...)` is deprecated in Pydantic v2: use `{new}=`",
                fixable=new not in present,
                fix_title=f"Rename `{key}=` to `{new}=`",
                data=pos._replace(op="kw", new=new),
            )
        elif key == "allow_mutation":
            ctx.report(
                kw,
                "`Field(allow_mutation=...)` is deprecated in Pydantic v2: use `frozen=` (the opposite value)",
                fix_title="Use `frozen=True` instead of `allow_mutation=False`",
                data=Data(),
            )
        elif key == "example":
            ctx.report(
                kw,
                "`Field(example=...)` is an extra keyword, deprecated in Pydantic v2: use `examples=[...]`",
                fixable="examples" not in present,
                fix_title="Use `examples=[...]`",
                data=pos._replace(op="example"),
            )
        elif key == "env":
            ctx.report(
                kw,
                "`Field(env=...)` is ignored by pydantic-settings v2 (the field's own name is read): "
                "use `validation_alias=`",
                fix_title="Use `validation_alias=` (or `AliasChoices(...)`)",
                data=Data(),
            )
        elif key == "required":
            if _has_default(node):
                message = (
                    "`Field(required=...)` is no Field option (an extra keyword, deprecated in "
                    "Pydantic v2): a field with a default is optional; delete the keyword, and "
                    "the default if the field must be given"
                )
            else:
                message = (
                    "`Field(required=...)` is no Field option (an extra keyword, deprecated in "
                    "Pydantic v2): a field without a default is required already; delete it"
                )
            ctx.report(kw, message, fix_title="Delete `required=`", data=Data())
        else:
            ctx.report(
                kw,
                f"`Field({key}=...)` is an extra keyword, deprecated in Pydantic v2: move it into `json_schema_extra`",
                fix_title="Use `json_schema_extra={...}`",
                data=Data(),
            )


def _has_default(node: ast.Call) -> bool:
    """``Field(...)`` gives a default: a first argument other than ``...``, ``default=``
    other than ``...``, or ``default_factory=``."""
    first: ast.expr | None = node.args[0] if node.args else None
    for k in node.keywords:
        if k.arg == "default":
            first = k.value
        elif k.arg == "default_factory":
            return True
    return first is not None and not (isinstance(first, ast.Constant) and first.value is Ellipsis)


def _regex(node: ast.Call, q: str, ctx: ModuleContext) -> None:
    present = {k.arg for k in node.keywords if k.arg}
    short = q.rsplit(".", 1)[1]
    for kw in node.keywords:
        if kw.arg != "regex" or (isinstance(kw.value, ast.Constant) and kw.value.value is None):
            continue
        ctx.report(
            kw,
            f"`{short}(regex=...)` is deprecated: use `pattern=`",
            fixable="pattern" not in present,
            fix_title="Rename `regex=` to `pattern=`",
            data=Data(
                op="kw",
                key="regex",
                new="pattern",
                where=where(ctx, node),
                call_line=node.lineno,
                call_col=ctx.column(node.lineno, node.col_offset),
            ),
        )
