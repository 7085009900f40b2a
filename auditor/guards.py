"""Code under a constant-false guard: never run.

A project switches a feature off with a module constant (``USE_MLCORE = False``) and keeps
the code behind ``if USE_MLCORE:``.  That code runs only if the constant changes, so it is
dead until someone edits the source.  A *constant-false guard* is an ``if`` whose test is
(or, through ``and``, requires) a module-level constant of the project that

- is bound exactly once in the whole project, to the literal ``False`` (``X = False``,
  ``X: bool = False``);
- is never written anywhere else: no other binding of the name in any module (an
  assignment, a loop or ``with`` target, ``def X``, ``except ... as X``), no ``global X``,
  no ``obj.X = ...``, no parameter of that name, no ``import ... as X``;
- is never named by a string (``setattr(mod, "X", True)``, ``mock.patch("pkg.mod.X")``,
  ``globals()["X"]``): a string can change it without a binding the parser sees.

Only the ``if`` body is dead (the ``else`` runs).  The answer is computed on demand, from the
source of the few files that name such a constant, once per audit
(:attr:`auditor.project.Project.false_guards`).

A *feature test* of the standard library (``if hasattr(asyncio, "run"):``) is a version
test in disguise: :data:`STDLIB_ADDED` dates the names, and :func:`only_before_feature` says
below which Python a branch runs (the ``else`` above: below 3.7), as
:func:`auditor.recognisers.only_below_python` does for ``sys.version_info``.  Only from the
table, never by importing anything.
"""

from __future__ import annotations

import ast
import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditor.astwalk import walk
from auditor.facts import Lit, ModuleFacts
from auditor.source import SourceProblem, may_mention, parse

if TYPE_CHECKING:
    from auditor.project import Project
    from auditor.walker import ModuleContext


@dataclass
class FalseGuards:
    """The bodies of the project's constant-false guards (see the module docstring)."""

    project: Project
    #: path -> (first line, last line) of each dead ``if`` body
    regions: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    #: the names called (``f(...)``, ``x.f(...)``) inside those bodies
    called: frozenset[str] = frozenset()
    _trees: dict[str, ast.Module | None] = field(default_factory=dict)
    _only_guarded: dict[str, bool] = field(default_factory=dict)

    def covers(self, path: str | None, line: int | None) -> bool:
        """``line`` of ``path`` is inside a dead ``if`` body."""
        return line is not None and any(
            first <= line <= last for first, last in self.regions.get(path or "", ())
        )

    def only_called_there(self, name: str) -> bool:
        """Every mention of the function ``name`` in the project's Python files (its ``def``
        and ``from m import name`` apart) is inside a dead ``if`` body, and no string names
        it (``getattr(mod, "name")``): the function never runs.  False for a name nothing
        calls under a guard (dead code of another kind is not this answer)."""
        if name not in self.called or name.startswith("__"):
            return False
        if name not in self._only_guarded:
            self._only_guarded[name] = self._only_guarded_uncached(name)
        return self._only_guarded[name]

    def _only_guarded_uncached(self, name: str) -> bool:
        word = re.compile(rf"\b{re.escape(name)}\b")
        for path in self.project.repo.python_files():
            data = self.project.repo.read_bytes(path)
            if data is None:
                return False  # an unread file may call it
            if not may_mention(data, [name.encode()]) or not word.search(data.decode("latin-1")):
                continue
            tree = self._tree(path, data)
            if tree is None:
                return False
            for node in walk(tree):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
                    if node.decorator_list:
                        return False  # a decorator registers it: something calls it
                elif (isinstance(node, ast.Name) and node.id == name) or (
                    isinstance(node, ast.Attribute) and node.attr == name
                ):
                    if not self.covers(path, node.lineno):
                        return False
                elif isinstance(node, ast.alias) and (
                    node.asname is not None and (node.asname == name or node.name == name)
                ):
                    return False  # an alias: its uses go by another name
                elif (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and word.search(node.value)
                ):
                    return False
        return True

    def _tree(self, path: str, data: bytes) -> ast.Module | None:
        if path not in self._trees:
            try:
                self._trees[path] = parse(data, path)
            except SourceProblem:
                self._trees[path] = None
        return self._trees[path]


#: Nodes that bind the name in their ``name`` field.
_NAMED_BINDINGS = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.ExceptHandler,
    ast.MatchAs,
    ast.MatchStar,
)


def false_guards(project: Project) -> FalseGuards:
    """The project's constant-false guards (see the module docstring)."""
    out = FalseGuards(project)
    candidates = {
        f"{m.module}.{name}": name
        for m in project.modules.values()
        for name, value in m.bindings.items()
        if isinstance(value, Lit) and value.value is False and name.lstrip("_").isupper()
    }
    if not candidates:
        return out
    # only the constants some ``if`` / ``elif`` tests (a text search: cheap), then only the
    # files that name them are parsed
    names = _tested(project, set(candidates.values()))
    if not names:
        return out
    words = [n.encode() for n in names]
    pattern = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, names))) + r")\b")
    files: list[tuple[str, ast.Module]] = []
    bindings: dict[str, int] = {}
    spoiled: set[str] = set()
    for path in project.repo.python_files():
        data = project.repo.read_bytes(path)
        if data is None:
            return out  # an unread file may write any of them
        if not may_mention(data, words) or not pattern.search(data.decode("latin-1")):
            continue
        tree = out._tree(path, data)
        if tree is None:
            return out
        files.append((path, tree))
        for node in walk(tree):
            if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                if node.id in names:
                    bindings[node.id] = bindings.get(node.id, 0) + 1
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                spoiled.update(n for n in node.names if n in names)
            elif isinstance(node, ast.Attribute) and not isinstance(node.ctx, ast.Load):
                if node.attr in names:
                    spoiled.add(node.attr)
            elif isinstance(node, ast.arg) and node.arg in names:
                spoiled.add(node.arg)
            elif isinstance(node, _NAMED_BINDINGS) and node.name in names:
                spoiled.add(node.name)  # ``def X``, ``except E as X``, ``case [*X]``
            elif isinstance(node, ast.alias) and node.asname in names:
                spoiled.add(node.asname or "")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                spoiled.update(pattern.findall(node.value))
    constants = {q: n for q, n in candidates.items() if bindings.get(n) == 1 and n not in spoiled}
    if not constants:
        return out
    called: set[str] = set()
    for path, tree in files:
        facts = project.by_path.get(path)
        if facts is None:
            continue
        for node in walk(tree):
            if not (
                isinstance(node, ast.If) and node.body and _requires(node.test, facts, constants)
            ):
                continue
            first, last = node.body[0].lineno, node.body[-1].end_lineno or node.body[-1].lineno
            out.regions.setdefault(path, []).append((first, last))
            for sub in walk(ast.Module(body=node.body, type_ignores=[])):
                if isinstance(sub, ast.Call):
                    func = sub.func
                    if isinstance(func, ast.Name):
                        called.add(func.id)
                    elif isinstance(func, ast.Attribute):
                        called.add(func.attr)
    out.called = frozenset(called)
    return out


def _tested(project: Project, names: set[str]) -> set[str]:
    """Those of ``names`` that the text of some Python file tests as an ``if`` / ``elif``
    condition (``if X:``, ``if mod.X:``, ``if X and ...:``, the usual spellings of the
    guards :func:`_requires` accepts: one spelt otherwise only loses the answer), and that
    no file's text plainly writes (``global X``, a second ``X = ...``): the AST checks what
    is left, and parses only the files that name it."""
    alternatives = b"|".join(sorted(re.escape(n.encode()) for n in names))
    # a literal first ("if"): the regex engine skips ahead to it
    test = re.compile(rb"if[ \t]+(?:[A-Za-z_][\w.]*\.)?(" + alternatives + rb")[ \t]*(?::|and\b)")
    declared = re.compile(rb"\bglobal\b[^\n]*?\b(" + alternatives + rb")\b")
    assigned = re.compile(rb"^[ \t]*(" + alternatives + rb")[ \t]*(?::[^=\n]*)?=(?!=)", re.M)
    words = [n.encode() for n in names]
    tested: set[str] = set()
    written: set[str] = set()
    bound: dict[str, int] = {}
    for path in project.repo.python_files():
        data = project.repo.read_bytes(path)
        if data is None or not may_mention(data, words):
            continue
        tested.update(m.decode() for m in test.findall(data))
        written.update(m.decode() for m in declared.findall(data))
        for m in assigned.findall(data):
            bound[m.decode()] = bound.get(m.decode(), 0) + 1
    return {n for n in tested if n not in written and bound.get(n, 0) <= 1}


def _requires(test: ast.expr, facts: ModuleFacts, constants: dict[str, str]) -> bool:
    """``test`` is true only if one of ``constants`` is: the constant itself
    (``USE_X``, ``mod.USE_X``), or one of the operands of an ``and``."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return any(_requires(v, facts, constants) for v in test.values)
    return _resolve(test, facts) in constants


def _resolve(node: ast.expr, facts: ModuleFacts) -> str | None:
    """The qualified name of a module-level name or attribute chain in the module whose
    facts are ``facts`` (its own constants, its module-level imports)."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    base = facts.imports.get(node.id)
    if base is None:
        if node.id not in facts.bindings:
            return None
        base = f"{facts.module}.{node.id}"
    return ".".join([base, *reversed(parts)])


# -- feature tests of the standard library ------------------------------------------------------

#: Names of the standard library and the Python release that added them: on any Python,
#: ``hasattr(asyncio, "run")`` is ``sys.version_info >= (3, 7)``.
STDLIB_ADDED: dict[str, tuple[int, int]] = {
    "asyncio.run": (3, 7),
    "asyncio.get_running_loop": (3, 7),
    "asyncio.create_task": (3, 7),
    "asyncio.current_task": (3, 7),
    "asyncio.all_tasks": (3, 7),
    "asyncio.BufferedProtocol": (3, 7),
    "asyncio.to_thread": (3, 9),
    "asyncio.TaskGroup": (3, 11),
    "asyncio.Runner": (3, 11),
    "asyncio.timeout": (3, 11),
    "asyncio.timeout_at": (3, 11),
    "asyncio.Barrier": (3, 11),
    "asyncio.eager_task_factory": (3, 12),
    "asyncio.QueueShutDown": (3, 13),
    "contextlib.asynccontextmanager": (3, 7),
    "contextlib.nullcontext": (3, 7),
    "contextlib.aclosing": (3, 10),
    "contextlib.chdir": (3, 11),
    "functools.cached_property": (3, 8),
    "functools.cache": (3, 9),
    "itertools.pairwise": (3, 10),
    "itertools.batched": (3, 12),
    "math.isqrt": (3, 8),
    "time.time_ns": (3, 7),
    "datetime.UTC": (3, 11),
    "typing.Protocol": (3, 8),
    "typing.Literal": (3, 8),
    "typing.TypedDict": (3, 8),
    "typing.Annotated": (3, 9),
    "typing.ParamSpec": (3, 10),
    "typing.Self": (3, 11),
    "typing.override": (3, 12),
}


def feature_test(test: ast.expr, ctx: ModuleContext) -> tuple[bool, tuple[int, int]] | None:
    """``test`` tests a feature of the standard library that :data:`STDLIB_ADDED` dates:
    ``hasattr(asyncio, "run")`` gives (False, (3, 7)) -- true exactly on 3.7 and above, as
    ``sys.version_info >= (3, 7)`` is --, ``not hasattr(...)`` gives (True, (3, 7)) -- true
    exactly below it.  The module must be the standard library's (an ``import asyncio``,
    not a project module or a local of that name).  None for any other test."""
    negated = False
    while isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        negated, test = not negated, test.operand
    if not (
        isinstance(test, ast.Call)
        and isinstance(test.func, ast.Name)
        and len(test.args) == 2
        and not test.keywords
        and ctx.resolve(test.func) == "builtins.hasattr"
    ):
        return None
    module, name = test.args
    if not (
        isinstance(module, (ast.Name, ast.Attribute))
        and isinstance(name, ast.Constant)
        and isinstance(name.value, str)
    ):
        return None
    q = ctx.resolve(module)
    if q is None or ctx.is_project(q):
        return None
    version = STDLIB_ADDED.get(f"{q}.{name.value}")
    return None if version is None else (negated, version)


def only_before_feature(node: ast.AST, ctx: ModuleContext) -> tuple[int, int] | None:
    """The Python version ``node`` is kept below by an enclosing feature test of the
    standard library (:func:`feature_test`): the ``else`` of ``if hasattr(asyncio, "run"):``
    runs only where ``asyncio.run`` is missing, below 3.7, so ``(3, 7)``; None when no such
    test encloses it.  The tightest bound wins."""
    chain = [*ctx.parents, node]
    bound: tuple[int, int] | None = None
    for parent, child in itertools.pairwise(chain):
        if not isinstance(parent, ast.If):
            continue
        test = feature_test(parent.test, ctx)
        if test is None:
            continue
        below, version = test
        block = parent.body if below else parent.orelse
        if any(s is child for s in block) and (bound is None or version < bound):
            bound = version
    return bound


# -- fallbacks for a path the package ships ------------------------------------------------------

#: ``pathlib.Path`` methods that test a path on disk: (the method, whether a folder answers
#: true, whether a file does) -- ``exists`` both, ``is_dir`` a folder, ``is_file`` a file
#: (Python docs, ``pathlib``, "Querying file type and status").
_PATH_TESTS = {"exists": (True, True), "is_dir": (True, False), "is_file": (False, True)}
#: ``pathlib.Path`` methods that return the same file's path (``.resolve()``, ``.absolute()``).
_SAME_PATH = frozenset({"resolve", "absolute"})
#: The text of a path test (a module without one is not parsed).
_PATH_TEST = re.compile(rb"\.(?:exists|is_dir|is_file)\(")
#: How many module constants one path expression may go through (``WEB = ROOT / "web"``).
_MAX_PATH_HOPS = 4


@dataclass
class ShippedPathFallbacks:
    """The branches of a module that run only when a path the project ships next to the
    module is missing: the ``else`` of ``if WEB_DIR.exists():`` (the body of ``if not
    WEB_DIR.exists():``), where ``WEB_DIR`` is ``Path(__file__).parent / "web"`` (written
    inline or bound once at module level, through ``.parent``, ``.resolve()``, ``/
    "literal"`` and ``.joinpath("literal")``) and the audited tree holds that folder or file
    inside the module's top-level package (package data; a folder beside the package, at the
    root of a source checkout, need not be installed).  The installed package carries what
    its tree holds, so the test is true and the fallback (a placeholder page for a source
    checkout with no built UI) never runs.  Read per module on demand, once per audit: only
    the modules a check asks about (those registering routes), and only when their text
    names ``__file__`` and a path test."""

    project: Project
    _spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    _tree_files: tuple[frozenset[str], frozenset[str]] | None = None

    def covers(self, path: str | None, line: int | None) -> bool:
        """``line`` of ``path`` is inside such a branch."""
        if path is None or line is None:
            return False
        if path not in self._spans:
            self._spans[path] = self._read(path)
        return any(first <= line <= last for first, last in self._spans[path])

    def _read(self, path: str) -> list[tuple[int, int]]:
        """The (first line, last line) of each such branch of the module at ``path``."""
        facts = self.project.by_path.get(path)
        data = self.project.repo.read_bytes(path) if facts is not None else None
        if facts is None or data is None or facts.parse_error is not None:
            return []
        if b"__file__" not in data or not _PATH_TEST.search(data):
            return []
        try:
            tree = parse(data, path)
        except SourceProblem:
            return []
        if self._tree_files is None:  # the tree's files and folders, once
            files = self.project.repo.files
            folders = {f.rsplit("/", k)[0] for f in files for k in range(1, f.count("/") + 1)}
            self._tree_files = frozenset(files), frozenset(folders)
        paths = _ShippedPaths(facts, tree, *self._tree_files)
        out: list[tuple[int, int]] = []
        for node in walk(tree):
            if not isinstance(node, ast.If):
                continue
            proven = paths.test(node.test)
            block = node.orelse if proven is True else node.body if proven is False else []
            if block:
                out.append((_first_line(block[0]), block[-1].end_lineno or block[-1].lineno))
        return out


@dataclass
class _ShippedPaths:
    """Reads one module's path expressions (:class:`ShippedPathFallbacks`)."""

    facts: ModuleFacts
    tree: ast.Module
    files: frozenset[str]
    folders: frozenset[str]

    def test(self, node: ast.expr) -> bool | None:
        """The value of an ``if`` test the tree proves: ``P.exists()`` of a shipped path
        (True), ``not`` such a test, an ``and`` of tests all proven True; None otherwise."""
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            inner = self.test(node.operand)
            return None if inner is None else not inner
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
            return True if all(self.test(v) is True for v in node.values) else None
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _PATH_TESTS
            and not node.args
            and not node.keywords
        ):
            return None
        path = self.path(node.func.value, _MAX_PATH_HOPS)
        package = self.facts.path.partition("/")[0]
        if path is None or "/" not in self.facts.path or not path.startswith(package + "/"):
            return None  # only a path inside the module's own top-level package ships with it
        folder_ok, file_ok = _PATH_TESTS[node.func.attr]
        shipped = (folder_ok and path in self.folders) or (file_ok and path in self.files)
        return True if shipped else None  # a missing path may be made at run time

    def path(self, node: ast.expr, hops: int) -> str | None:
        """The repository path ``node`` stands for (``""``: the root), or None."""
        if isinstance(node, ast.Call) and not node.keywords:
            func = node.func
            if len(node.args) == 1 and self._is_path_class(func):
                arg = node.args[0]
                return (
                    self.facts.path if isinstance(arg, ast.Name) and arg.id == "__file__" else None
                )
            if isinstance(func, ast.Attribute) and not node.args and func.attr in _SAME_PATH:
                return self.path(func.value, hops)
            if isinstance(func, ast.Attribute) and func.attr == "joinpath" and node.args:
                base = self.path(func.value, hops)
                return _joined(base, node.args)
            return None
        if isinstance(node, ast.Attribute) and node.attr == "parent":
            base = self.path(node.value, hops)
            return None if not base else base.rpartition("/")[0]
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            return _joined(self.path(node.left, hops), [node.right])
        if isinstance(node, ast.Name) and hops > 0:
            value = self._constant(node.id)
            return None if value is None else self.path(value, hops - 1)
        return None

    def _is_path_class(self, func: ast.expr) -> bool:
        """``func`` is ``pathlib.Path`` (``Path``, ``pathlib.Path``, under any alias)."""
        q = _resolve(func, self.facts) if isinstance(func, (ast.Name, ast.Attribute)) else None
        return q in ("pathlib.Path", "pathlib.PurePath")

    def _constant(self, name: str) -> ast.expr | None:
        """The value of ``name`` when the module binds it exactly once, at its top level
        (``WEB_DIR = ...``), and no ``global`` statement names it."""
        value: ast.expr | None = None
        count = 0
        for stmt in self.tree.body:
            if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                    value = stmt.value
        for node in walk(self.tree):
            if (
                isinstance(node, ast.Name)
                and node.id == name
                and not isinstance(node.ctx, ast.Load)
            ):
                count += 1
            elif isinstance(node, (ast.Global, ast.Nonlocal)) and name in node.names:
                return None
        return value if count == 1 else None


def _first_line(stmt: ast.stmt) -> int:
    """The first line of ``stmt``, its decorators included (a ``def``'s own line comes
    after them: a route's decorator is where the route is registered)."""
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return min([stmt.lineno, *(d.lineno for d in stmt.decorator_list)])
    return stmt.lineno


def _joined(base: str | None, parts: list[ast.expr]) -> str | None:
    """``base`` with the literal relative ``parts`` appended (``"web"``, ``"ui/dist"``);
    None for anything else (a computed part, ``..``, an absolute path)."""
    if base is None:
        return None
    out = base
    for part in parts:
        if not (isinstance(part, ast.Constant) and isinstance(part.value, str)):
            return None
        for piece in part.value.split("/"):
            if piece in ("", "..") or "\\" in piece:
                return None
            if piece != ".":
                out = f"{out}/{piece}" if out else piece
    return out
