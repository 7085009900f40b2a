"""The check API: what a check declares, what it emits, and how it is tested.

A check is one class in one module of the top-level ``checks`` package.  It holds its
metadata (ID, name, category, severity, default on/off), its explanation (the class
docstring, in the sections of ``EXPLANATION_SECTIONS``), its examples (``bad`` /
``good``, which are its tests), and up to three kinds of behaviour:

* ``visit_<NodeType>(self, node, ctx)`` hooks run during the single batched walk of each
  module (see ``auditor.walker``).  They see one module and its symbol table and emit
  :class:`Hit` records with ``ctx.report(...)``.  Hits are plain, picklable data: they are
  produced in worker processes and cached per file content.  A hook that is only about some
  nodes says which with :func:`when` (the callees of a ``visit_Call``, as ruff's rules
  dispatch on a call's qualified name): the walk then calls it on those nodes only.
* ``judge(self, hits, project)`` runs once per audit in the main process with the whole
  read-only :class:`~auditor.project.Project`: it keeps, drops or rewrites the hits of the
  module pass using cross-module facts (is this class a Pydantic model, is this function the
  lifespan, ...).  The default keeps every hit.
* ``check_project(self, project)`` yields project-level findings from the model alone.

``applies(project)`` returns ``None`` when the check is applicable, or the reason it is
skipped.  A check never reads files and never runs the audited code.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from auditor.records import pickled_by_fields

if TYPE_CHECKING:  # pragma: no cover
    from auditor.project import Project


P = TypeVar("P")
H = TypeVar("H", bound=Callable[..., None])


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def weight(self) -> int:
        return SEVERITY_WEIGHTS[self]

    @property
    def rank(self) -> int:
        """Higher is more severe."""
        return {"info": 1, "warning": 2, "error": 3}[self.value]


SEVERITY_WEIGHTS = {Severity.ERROR: 10, Severity.WARNING: 4, Severity.INFO: 1}


@dataclass(frozen=True)
class CategoryInfo:
    id: str
    title: str


#: The 14 categories, in report order (the catalogue's order).  Ids are a contract.
CATEGORIES: tuple[CategoryInfo, ...] = (
    CategoryInfo("structure", "Structure"),
    CategoryInfo("async", "Async"),
    CategoryInfo("pydantic", "Pydantic"),
    CategoryInfo("dependencies", "Dependencies"),
    CategoryInfo("routes", "Routes & docs"),
    CategoryInfo("errors", "Errors"),
    CategoryInfo("settings", "Settings & secrets"),
    CategoryInfo("database", "Database"),
    CategoryInfo("migrations", "Migrations"),
    CategoryInfo("testing", "Testing"),
    CategoryInfo("security", "Security"),
    CategoryInfo("logging", "Logging & observability"),
    CategoryInfo("production", "Production & deployment"),
    CategoryInfo("tooling", "Tooling"),
)
CATEGORY_IDS = tuple(c.id for c in CATEGORIES)
CATEGORY_ORDER = {c.id: i for i, c in enumerate(CATEGORIES)}

#: The file classes of F1.
FILE_CLASSES = ("app", "test", "migration", "alembic-env", "tooling")

#: Sections every explanation must have, in this order (a meta-test enforces them).
EXPLANATION_SECTIONS = (
    "What it does",
    "Why is this bad?",
    "Example",
    "Use instead",
    "Fix safety",
    "References",
)


@dataclass(frozen=True)
class SourceDocument:
    """A document the practices come from.  Explanations cite it by ``label`` in brackets
    (``[zhanymkanov README]``); ``url`` is given where the document is public."""

    label: str
    title: str
    url: str | None = None


#: The source documents an explanation may cite, by label (a check's ``sources`` lists labels).
SOURCE_DOCUMENTS: dict[str, SourceDocument] = {
    d.label: d
    for d in (
        SourceDocument(
            "Production guide 2026",
            "FastAPI Production Best Practices (an internal guide, January 2026, "
            "based on the zhanymkanov README and the FastAPI documentation)",
        ),
        SourceDocument(
            "ForgeAPI guide",
            "ForgeAPI blog: FastAPI Best Practices, Production-Ready Patterns for Startups",
        ),
        SourceDocument(
            "Production skill 2025", "FastAPI Production Best Practices (2025), a skill page"
        ),
        SourceDocument(
            "Patterns reference",
            "FastAPI Best Practices reference: async patterns, settings, logging, errors, OpenAPI",
        ),
        SourceDocument(
            "zhanymkanov README",
            "zhanymkanov/fastapi-best-practices (README)",
            "https://github.com/zhanymkanov/fastapi-best-practices",
        ),
    )
}


def source_line(label: str) -> str:
    """``label``: title (url) — how a source is listed under an explanation."""
    doc = SOURCE_DOCUMENTS.get(label)
    if doc is None:
        return label
    return f"{doc.title} ({doc.url})" if doc.url else doc.title


@dataclass(frozen=True)
class Example:
    """A bad or good example: files written into an empty project, then audited.

    ``files`` maps POSIX paths to contents; a single snippet is ``{"app/main.py": src}``
    (use :func:`snippet`).  ``config`` holds thresholds (``{"settings-max-fields": 4}``).
    ``git_tracked`` / ``git_untracked`` make the example a git repository.  For a bad
    example, ``lines`` optionally pins the (path-less) lines that must be reported, and
    ``fixes`` pins the exact text of its fix diffs (Fixit's ``expected_replacement``).
    """

    files: dict[str, str]
    note: str = ""
    config: dict[str, Any] = field(default_factory=dict)
    git_tracked: tuple[str, ...] | None = None
    git_untracked: tuple[str, ...] = ()
    lines: tuple[int, ...] | None = None
    #: For a bad example: the exact diff of every finding that has one, in report order
    #: (path, line, column).  An example whose findings carry fix diffs must pin them here.
    fixes: tuple[str, ...] | None = None


def snippet(
    source: str,
    path: str = "app/main.py",
    *,
    with_files: Mapping[str, str] | None = None,
    **kwargs: Any,
) -> Example:
    """A single-file example (the common case); ``with_files`` adds project files beside it
    (``with_files=PYDANTIC_2``: a requirements file that pins Pydantic 2)."""
    return Example(files={path: source, **(with_files or {})}, **kwargs)


#: A requirements file pinning Pydantic 2, for examples of v2 advice (F8: version-specific
#: checks speak only when the version is settled).
PYDANTIC_2: Mapping[str, str] = {"requirements.txt": "pydantic==2.11.7\n"}
#: The same for Pydantic 1.
PYDANTIC_1: Mapping[str, str] = {"requirements.txt": "pydantic==1.10.21\n"}

#: A package whose ``__main__`` starts one application while a developer's launcher beside it
#: (``debug.py``, sorting first) builds another over the same routers: where a project-wide
#: finding belongs (on the served application, line 7 of ``pkg/web.py``).  Its views log.
SERVED_BESIDE_LAUNCHER: Mapping[str, str] = {
    "pkg/__main__.py": """\
from pkg.web import main

if __name__ == "__main__":
    main()
""",
    "pkg/debug.py": """\
import uvicorn
from fastapi import FastAPI

from pkg import views

app = FastAPI(debug=True)
app.include_router(views.router)

if __name__ == "__main__":
    uvicorn.run("debug:app")
""",
    "pkg/web.py": """\
import uvicorn
from fastapi import FastAPI

from pkg import views


app = FastAPI()
app.include_router(views.router)


def main() -> None:
    uvicorn.run("pkg.web:app")
""",
    "pkg/views.py": """\
import logging

from fastapi import APIRouter

logger = logging.getLogger(__name__)
router = APIRouter()


@router.get("/items")
def items() -> list[str]:
    logger.info("items listed")
    return []
""",
}


@pickled_by_fields
@dataclass(slots=True)
class Hit:
    """A finding as emitted by a module pass, before (or after) judging.

    Positions are 1-based; columns count characters.  ``data`` is the check's own payload:
    what its ``judge`` and ``fix`` need from the module pass (qualified names, the enclosing
    function ...), as a small picklable record the check defines (a ``NamedTuple`` at
    module level), read back with :meth:`payload`.
    """

    check_id: str
    path: str | None
    line: int | None
    column: int | None
    end_line: int | None
    end_column: int | None
    message: str
    severity: Severity | None = None  # None: the check's own severity
    data: object = None
    fixable: bool = False  # the check's ``fix`` can build a diff for this hit
    fix_title: str | None = None  # overrides the check's ``fix_title``
    #: "high" (the code proves it) or "medium" (a heuristic); None: the check's own default
    confidence: str | None = None

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path or "", self.line or 0, self.column or 0, self.message)

    def payload(self, kind: type[P]) -> P:
        """``data`` as the record type ``kind`` the check gave it (a TypeError otherwise)."""
        data = self.data
        if not isinstance(data, kind):
            raise TypeError(
                f"{self.check_id} hit carries {type(data).__name__}, not {kind.__name__}"
            )
        return data


@dataclass(frozen=True, slots=True)
class When:
    """Which nodes a module-pass hook is for (see :func:`when`)."""

    callees: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    keywords: frozenset[str] = frozenset()
    project: bool = False
    imported: frozenset[str] = frozenset()
    in_async: bool = False
    #: a call whose callee has no written name (``HANDLERS[kind](...)``, ``make()(...)``)
    unnamed: bool = False
    #: lower-case words one of which the module's text must hold (as ``ModuleContext.says``)
    says: frozenset[bytes] = frozenset()

    @property
    def keyed(self) -> bool:
        """The hook is for some callees / names / keywords only (not every node of its type)."""
        return bool(
            self.callees
            or self.names
            or self.keywords
            or self.project
            or self.imported
            or self.unnamed
        )


#: Node types whose hooks :func:`when` can key by ``names`` (and, for a call, ``callees``
#: and ``keywords``): what the name of each is.
KEYED_NODES = {
    "Call": "the callee's last written name (``f`` of ``f()``, ``run`` of ``uvicorn.run()``)",
    "Attribute": "the attribute (``environ`` of ``os.environ``)",
    "Name": "the identifier",
}


def when(
    *,
    callees: Iterable[str] = (),
    names: Iterable[str] = (),
    keywords: Iterable[str] = (),
    project: bool = False,
    imported: Iterable[str] = (),
    in_async: bool = False,
    says: Iterable[bytes] = (),
    unnamed: bool = False,
) -> Callable[[H], H]:
    """Narrow a ``visit_*`` / ``leave_*`` hook to the nodes it is about: the walk calls it on
    those only, instead of on every node of its type (most modules' calls are to nothing a
    check is about, and a hook call costs as much as a cheap hook's body).

    A ``visit_Call`` hook runs on a call whose canonical callee (``ctx.resolve(node.func)``)
    is one of ``callees``, **or** whose callee's last written name (``node.func.attr`` or
    ``node.func.id``) is one of ``names``, **or** that passes one of ``keywords`` by name,
    **or** (``project=True``) whose callee is one of the audited project's own names
    (``ctx.is_project(callee)``), **or** (``unnamed=True``) whose callee has no written name
    (neither a name nor an attribute: ``HANDLERS[kind](...)``, ``make_handler()(...)``).
    A ``visit_Attribute`` / ``visit_Name`` hook keys by ``names`` (``node.attr`` /
    ``node.id``); a ``visit_Name`` hook also by ``imported``: a name that an import (or a
    module-level alias) in the module binds to one of these qualified names
    (``from fastapi.responses import ORJSONResponse as R``: ``R``).  ``in_async=True`` (any node type) adds: only inside an ``async def``
    body (``ctx.in_async``).

    The declaration is a filter in front of the hook, never instead of its own tests: it must
    let through every node the hook does anything with (reports, state it keeps), so write it
    from the same constants the hook tests (``@when(callees=CALLEES)`` above
    ``if ctx.resolve(node.func) not in CALLEES: return``).  The examples run with and without
    it (``tests/test_walker.py``).  A hook that needs every node of its type (a table of all
    calls) declares nothing."""
    spec = When(
        frozenset(callees),
        frozenset(names),
        frozenset(keywords),
        project,
        frozenset(imported),
        in_async,
        unnamed,
        frozenset(says),
    )
    if not (spec.keyed or in_async or spec.says):
        raise TypeError(
            "when() needs callees, names, keywords, project, imported, unnamed, in_async or says"
        )
    if any(type(w) is not bytes or w != w.lower() or not w for w in spec.says):
        raise TypeError("when(says=) takes non-empty lower-case bytes")

    def narrow(hook: H) -> H:
        hook.__when__ = spec  # type: ignore[attr-defined]
        return hook

    return narrow


def when_of(hook: object) -> When | None:
    """The :func:`when` declaration of a hook (a function or a bound method), or None."""
    spec = getattr(hook, "__when__", None)
    return spec if isinstance(spec, When) else None


class Check:
    """Base class of every check.  Subclasses set the class attributes below."""

    id: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[str]
    severity: ClassVar[Severity]
    default_enabled: ClassVar[bool] = True
    heuristic: ClassVar[bool] = False
    kind: ClassVar[str] = "code"  # code | structural | git
    #: File classes whose modules the ``visit_*`` hooks see (F1).
    file_classes: ClassVar[frozenset[str]] = frozenset({"app"})
    #: Short finding message (a hit may give its own).
    message: ClassVar[str] = ""
    #: Imperative title of the suggested fix.
    fix_title: ClassVar[str | None] = None
    #: True when the fix cannot change behaviour.
    fix_safe: ClassVar[bool] = True
    #: True when the check asks the project which functions are dead code
    #: (:meth:`Project.dead_code`) as the async checks do: on a large tree it runs in their
    #: process, where the answers' per-process caches (each file's tokens) are already built.
    asks_dead_code: ClassVar[bool] = False
    #: Seed documents the practice comes from (file names).
    sources: ClassVar[tuple[str, ...]] = ()
    bad: ClassVar[tuple[Example, ...]] = ()
    good: ClassVar[tuple[Example, ...]] = ()

    @classmethod
    def default_confidence(cls) -> str:
        """How sure a finding of this check is, unless the hit says otherwise."""
        return "medium" if cls.heuristic else "high"

    # -- metadata helpers -------------------------------------------------
    @classmethod
    def explanation(cls) -> str:
        import inspect

        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        """The first paragraph of the explanation's *Why is this bad?* section."""
        text = cls.explanation()
        marker = "## Why is this bad?"
        if marker in text:
            body = text.split(marker, 1)[1].strip()
            return body.split("\n\n", 1)[0].replace("\n", " ").strip()
        return text.split("\n\n", 1)[0]

    @classmethod
    def hooks(cls) -> Iterator[tuple[str, str]]:
        """(node type name, method name) pairs of the module-pass hooks."""
        for attr in dir(cls):
            if attr.startswith(("visit_", "leave_")):
                yield attr.split("_", 1)[1], attr

    @classmethod
    def can_fix(cls) -> bool:
        """Whether the check has a fixer (overrides :meth:`fix`): the engine runs these first,
        so their diffs are built while the others run."""
        return cls.fix is not Check.fix

    # -- behaviour -------------------------------------------------------
    def applies(self, project: Project) -> str | None:
        """None when applicable, otherwise the reason the check is skipped."""
        return None

    def judge(self, hits: list[Hit], project: Project) -> Iterable[Hit]:
        return hits

    def check_project(self, project: Project) -> Iterable[Hit]:
        return ()

    def fix(self, source: str, hit: Hit, project: Project) -> str | None:
        """Return the fixed source of ``hit.path`` (built with libcst), or None."""
        return None

    # -- helpers for project-level findings -------------------------------
    def project_hit(
        self,
        message: str,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        severity: Severity | None = None,
        data: object = None,
    ) -> Hit:
        return Hit(
            check_id=self.id,
            path=path,
            line=line,
            column=column,
            end_line=line,
            end_column=None,
            message=message,
            severity=severity,
            data=data,
        )
