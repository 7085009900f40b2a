"""PYD003: which model class a call is on (the receiver), and what the project says about
it (an overriding method, ``from_attributes``)."""

from __future__ import annotations

import ast

from auditor.facts import Call, DictExpr, Expr, Lit, Name, Seq, Sub, Union, is_lit, qname_of
from auditor.project import Project
from auditor.walker import ModuleContext

from .tables import CLASSMETHOD, CONSTRUCTORS, FIELD_VALIDATOR, ROOT_VALIDATOR, STATIC, VALIDATOR


def text_of(node: ast.AST) -> str:
    try:
        text = ast.unparse(node)
    except Exception:  # pragma: no cover
        return "..."
    return text if len(text) <= 40 else text[:37] + "..."


def is_decorator(node: ast.Call, parent: ast.AST) -> bool:
    return isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and any(
        d is node for d in parent.decorator_list
    )


def _method_kind(ctx: ModuleContext) -> str | None:
    """ "instance", "class" or "static" for the current method, None outside a class body."""
    fn = ctx.function
    if fn is None or fn.class_qname is None:
        return None
    qs = {qname_of(d) for d in fn.decorators if d}  # summaries, resolved in the class body
    if qs & STATIC:
        return "static"
    if qs & (
        CLASSMETHOD
        | VALIDATOR
        | ROOT_VALIDATOR
        | {FIELD_VALIDATOR, "pydantic.functional_validators.field_validator"}
    ):
        return "class"
    return "instance"


def _first_param(ctx: ModuleContext) -> str | None:
    fn = ctx.function
    if fn is None or not fn.params:
        return None
    p = fn.params[0]
    return p.name if p.kind in ("posonly", "arg") else None


def cls_parameter(name: str, ctx: ModuleContext) -> str | None:
    """``cls`` in a classmethod of a class: that class (or a subclass of it)."""
    if _method_kind(ctx) != "class" or _first_param(ctx) != name:
        return None
    if ctx.scope.binding_counts().get(name, 0):
        return None
    return ctx.function.class_qname  # type: ignore[union-attr]


def _annotation_class(ann: Expr | None) -> str | None:
    """``M``, ``M | None``, ``Optional[M]``, ``Annotated[M, ...]`` -> M's qname."""
    match ann:
        case Name(qname=q):
            return q
        case Union(items=members):
            items = [i for i in members if not is_lit(i, None)]
            return _annotation_class(items[0]) if len(items) == 1 and len(members) == 2 else None
        case Sub(value=value, slice=sl):
            head = qname_of(value)
            if head in ("typing.Optional", "typing_extensions.Optional"):
                return _annotation_class(sl)
            if head in ("typing.Annotated", "typing_extensions.Annotated") and isinstance(sl, Seq):
                return _annotation_class(sl.items[0]) if sl.items else None
            if head in ("typing.Union", "typing_extensions.Union") and isinstance(sl, Seq):
                return _annotation_class(Union(sl.items))
    return None


def instance_class(recv: ast.expr, ctx: ModuleContext) -> str | None:
    """The class of which ``recv`` is provably an instance (to be confirmed a model), or None."""
    if isinstance(recv, ast.Call):
        return _constructed(ctx.resolve(recv.func))
    if not isinstance(recv, ast.Name):
        return None
    name = recv.id
    fn = ctx.function
    if fn is None:
        if ctx.scope.kind != "module" or name not in ctx.module_constants:
            return None
        return _constructed(ctx.local_call_binding(name))
    counts = ctx.scope.binding_counts()
    for i, p in enumerate(fn.params):
        if p.name != name:
            continue
        if counts.get(name, 0) or p.kind in ("vararg", "kwarg"):
            return None
        if (
            i == 0
            and name == "self"
            and p.kind in ("posonly", "arg")
            and _method_kind(ctx) == "instance"
        ):
            return fn.class_qname
        return _annotation_class(p.annotation)
    if counts.get(name, 0) != 1 or ctx.scope.calls.get(name) is None:
        return None
    return _constructed(ctx.scope.calls.get(name))


def _constructed(callee: str | None) -> str | None:
    """``M`` for ``M(...)`` or ``M.model_validate(...)``-like callees."""
    if not callee:
        return None
    head, _, last = callee.rpartition(".")
    if last in CONSTRUCTORS and head:
        return head
    return callee


def overridden(project: Project, cls, method: str) -> bool:
    """The model (or a project base) defines ``method`` itself, or a field of that name."""
    for q in [cls.qname, *project.ancestors(cls.qname)]:
        c = project.class_(q)
        if c is None:
            continue
        if method in c.methods or any(a.name == method for a in c.attributes):
            return True
    return False


def from_attributes(project: Project, cls) -> bool | None:
    """The class's effective ``from_attributes`` (None: not set anywhere known)."""
    order = [cls]
    seen = {cls.qname}
    i = 0
    while i < len(order):
        c = order[i]
        i += 1
        value = _own_from_attributes(c)
        if value is not None:
            return value
        for base in c.bases:
            q = qname_of(base) if isinstance(base, Name) else None
            b = project.class_(q) if q else None
            if b is not None and b.qname not in seen:
                seen.add(b.qname)
                order.append(b)
    return None


def _own_from_attributes(c) -> bool | None:
    kw = c.keywords.get("from_attributes")
    if kw is not None and isinstance(kw, Lit):
        return bool(kw.value)
    for a in c.attributes:
        if a.name != "model_config" or not a.default:
            continue
        d = a.default
        if isinstance(d, Call):
            v = d.keyword("from_attributes")
            if v is not None and isinstance(v, Lit):
                return bool(v.value)
        elif isinstance(d, DictExpr):
            for key, v in d.items:
                if is_lit(key, "from_attributes") and isinstance(v, Lit):
                    return bool(v.value)
    for key, v, _line, _col in c.config or ():
        if key == "from_attributes" and isinstance(v, Lit):
            return bool(v.value)
    return None
