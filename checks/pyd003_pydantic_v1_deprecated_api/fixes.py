"""PYD003 fixes: renamed calls and keywords, ``@validator`` -> ``@field_validator``."""

from __future__ import annotations

import ast

from auditor.check import Hit
from auditor.source_edits import local_name
from auditor.walker import ModuleContext

from .tables import CLASSMETHOD, FIELD_VALIDATOR, STATIC, Data, ValidatorFix


def validator_fix(
    node, dec: ast.expr, resolved, validators, ctx: ModuleContext
) -> ValidatorFix | None:
    """Data for the ``@validator`` -> ``@field_validator`` rewrite, or None (report only)."""
    if (
        len(validators) != 1
        or not isinstance(dec, ast.Call)
        or isinstance(node, ast.AsyncFunctionDef)
    ):
        return None
    if not dec.args or not all(
        isinstance(a, ast.Constant) and isinstance(a.value, str) for a in dec.args
    ):
        return None
    pre = False
    for kw in dec.keywords:
        if kw.arg not in ("pre", "allow_reuse", "check_fields"):
            return None
        if kw.arg in ("pre", "allow_reuse"):
            if not (isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, bool)):
                return None
            if kw.arg == "pre":
                pre = kw.value.value
    a = node.args
    if a.posonlyargs or a.vararg or a.kwarg or a.kwonlyargs or a.defaults or len(a.args) != 2:
        return None
    if a.args[1].arg in ("values", "field", "config"):
        return None
    index = next(i for i, (d, _) in enumerate(resolved) if d is dec)
    has_classmethod = False
    for i, (_d, q) in enumerate(resolved):
        if q in CLASSMETHOD:
            if i < index:
                return None  # ``@classmethod`` above ``@validator``: leave it to a human
            has_classmethod = True
        elif q in STATIC:
            return None
    name = local_name(FIELD_VALIDATOR, ctx)
    if name is None:
        return None
    return ValidatorFix(index, pre, not has_classmethod, name[0], name[1])


def fix_call(module, hit: Hit, offset: int):
    import libcst as cst

    from auditor.fixes import locate, replace_node

    op = hit.payload(Data).op
    calls = locate(
        module, cst.Call, (hit.payload(Data).call_line or 0) - offset, hit.payload(Data).call_col
    )
    method, key = hit.payload(Data).method, hit.payload(Data).key
    if op == "attr":  # ``M(...).json()``: the inner call starts at the same place
        calls = [
            c for c in calls if isinstance(c.func, cst.Attribute) and c.func.attr.value == method
        ]
    else:
        calls = [
            c
            for c in calls
            if any(a.keyword is not None and a.keyword.value == key for a in c.args)
        ]
    if len(calls) != 1:
        return None
    call = calls[0]
    if op == "attr":
        new = hit.payload(Data).new
        if not new:
            return None
        new_call = call.with_changes(func=call.func.with_changes(attr=cst.Name(new)))
    elif op in ("kw", "example"):
        args = list(call.args)
        idx = [i for i, a in enumerate(args) if a.keyword is not None and a.keyword.value == key]
        if len(idx) != 1:
            return None
        a = args[idx[0]]
        renamed = hit.payload(Data).new
        if op == "kw":
            if renamed is None:
                return None
            args[idx[0]] = a.with_changes(keyword=cst.Name(renamed))
        else:
            args[idx[0]] = a.with_changes(
                keyword=cst.Name("examples"), value=cst.List([cst.Element(a.value)])
            )
        new_call = call.with_changes(args=args)
    else:
        return None
    return replace_node(module, call, new_call)


def fix_validator(module, hit: Hit, offset: int):
    import libcst as cst

    from auditor.fixes import locate, replace_node

    fns = locate(
        module,
        cst.FunctionDef,
        (hit.payload(Data).def_line or 0) - offset,
        (hit.payload(Data).def_col or 0) + 1,
    )
    if len(fns) != 1:
        return None
    fn = fns[0]
    decorators = list(fn.decorators)
    target = validator_of(hit).dec_index
    if (
        target is None
        or target >= len(decorators)
        or not isinstance(decorators[target].decorator, cst.Call)
    ):
        return None
    dec = decorators[target]
    call = dec.decorator
    args = [
        a
        for a in call.args
        if not (a.keyword is not None and a.keyword.value in ("pre", "allow_reuse"))
    ]
    if validator_of(hit).pre:
        args.append(
            cst.Arg(
                keyword=cst.Name("mode"),
                value=cst.SimpleString('"before"'),
                equal=cst.AssignEqual(
                    whitespace_before=cst.SimpleWhitespace(""),
                    whitespace_after=cst.SimpleWhitespace(""),
                ),
            )
        )
    args = [
        a.with_changes(
            comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            if i < len(args) - 1
            else cst.MaybeSentinel.DEFAULT
        )
        for i, a in enumerate(args)
    ]
    new_func = cst.parse_expression(validator_of(hit).validator_name)
    decorators[target] = dec.with_changes(decorator=call.with_changes(func=new_func, args=args))
    if validator_of(hit).add_classmethod:
        decorators.insert(target + 1, cst.Decorator(decorator=cst.Name("classmethod")))
    return replace_node(module, fn, fn.with_changes(decorators=decorators))


def validator_of(hit: Hit) -> ValidatorFix:
    fix = hit.payload(Data).validator
    assert fix is not None, "a fixable @validator hit carries its rewrite"
    return fix
