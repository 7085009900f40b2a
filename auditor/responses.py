"""What a route handler hands back: ``Response`` objects (nothing for FastAPI to serialise) or
data.  Shared by RTE001 (a response model is moot for a handler that returns responses) and
RTE005 (a page handler that renders the same HTML whatever its path).

A call makes a response when it constructs a response class (FastAPI's, Starlette's, a project
subclass, ``TemplateResponse`` / ``EventSourceResponse`` of any library), calls one of
FastAPI's helpers that return one (:data:`RESPONSE_HELPERS`), or calls a project function
that is annotated to return a response class, or, not annotated, returns only responses
itself (followed one level: ``return file_response(path)`` where ``file_response`` returns
``FileResponse(...)``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from auditor.facts import Await, Call, Expr, Name, Seq, Sub, Union, dotted_of, is_lit, qname_of

if TYPE_CHECKING:
    from auditor.facts import Function
    from auditor.project import Project

RESPONSE = "fastapi.responses.Response"
JSON_RESPONSE = "fastapi.responses.JSONResponse"
HTML_RESPONSE = "fastapi.responses.HTMLResponse"
#: Response classes from other packages (never JSON), recognised by their name.
OTHER_RESPONSES = ("EventSourceResponse", "TemplateResponse")
#: Helpers that build and return a ``Response`` (domain knowledge: their source): FastAPI's
#: docs pages, and scalar-fastapi's API reference page (an ``HTMLResponse``).
RESPONSE_HELPERS = frozenset(
    {
        "fastapi.openapi.docs.get_swagger_ui_html",
        "fastapi.openapi.docs.get_redoc_html",
        "fastapi.openapi.docs.get_swagger_ui_oauth2_redirect_html",
        "scalar_fastapi.get_scalar_api_reference",
        "scalar_fastapi.scalar_fastapi.get_scalar_api_reference",
    }
)
_ANNOTATED = frozenset({"typing.Annotated", "typing_extensions.Annotated"})
_OPTIONAL = frozenset({"typing.Optional", "typing_extensions.Optional"})
_UNION = frozenset({"typing.Union", "typing_extensions.Union"})
_MAX_DEPTH = 6


def annotation_names(e: Expr | None, depth: int = 0) -> list[str]:
    """Qualified names of the types a (union, Optional, Annotated) annotation can be."""
    if not e or depth > _MAX_DEPTH:
        return []
    if isinstance(e, Name):
        return [qname_of(e) or ""]
    if isinstance(e, Union):
        return [n for i in e.items for n in annotation_names(i, depth + 1)]
    if isinstance(e, Sub):
        head = qname_of(e.value) if e.value else None
        items = e.slice.items if isinstance(e.slice, Seq) else (e.slice,)
        if head in _ANNOTATED:
            return annotation_names(items[0] if items else None, depth + 1)
        if head in _OPTIONAL or head in _UNION:
            return [n for i in items for n in annotation_names(i, depth + 1)]
        return [head or ""]
    return []


def is_response_class(project: Project, q: str | None) -> bool:
    if not q:
        return False
    return (
        project.name_is_class(q, {RESPONSE}) or q.rsplit(".", 1)[-1].lstrip("_") in OTHER_RESPONSES
    )


def annotated_response(project: Project, fn: Function) -> bool:
    """``fn`` is annotated to return a response class (``-> HTMLResponse``)."""
    return fn.returns is not None and any(
        is_response_class(project, n) for n in annotation_names(fn.returns)
    )


def called_function(
    project: Project, q: str | None, text: str | None, caller: Function | None = None
) -> Function | None:
    """The project function a call runs: by its qualified name, or, for a plain name the
    walker could not resolve, a function nested in ``caller`` or beside it in the function
    that defines both (``def make_app(): def _index(): ...; @app.get(...) def page():
    return _index()``)."""
    found = project.function(q)
    if found is not None or caller is None or not text or "." in text:
        return found
    scopes = [caller.qname]
    outer = caller.qname.rsplit(".<locals>.", 1)[0] if ".<locals>." in caller.qname else None
    if outer:
        scopes.append(outer)
    for scope in scopes:
        found = project.function(f"{scope}.<locals>.{text}")
        if found is not None:
            return found
    return None


def makes_response(
    project: Project,
    q: str | None,
    text: str | None,
    depth: int = 0,
    caller: Function | None = None,
) -> bool:
    """A call of ``q`` (``text`` as written, in ``caller``) returns a ``Response``."""
    if is_response_class(project, q) or (text or q or "").endswith(".TemplateResponse"):
        return True
    if q in RESPONSE_HELPERS:
        return True
    callee = called_function(project, q, text, caller)
    if callee is None:
        return False
    if callee.returns is not None:
        return annotated_response(project, callee)
    return depth == 0 and returns_only_responses(project, callee, depth + 1)


def returns_only_responses(project: Project, fn: Function, depth: int = 0) -> bool:
    """Every value ``fn`` returns (``return None`` aside) is built by a response-making
    call; False when it returns nothing else than None, or anything else."""
    values = [v for v in fn.return_values if not is_lit(v, None)]
    if not values:
        return False
    for v in values:
        if isinstance(v, Await):
            v = v.value
        if not isinstance(v, Call) or not makes_response(
            project, v.qname, dotted_of(v), depth, caller=fn
        ):
            return False
    return True
