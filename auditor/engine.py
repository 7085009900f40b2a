"""The audit engine: repository -> module facts -> project model -> checks -> report.

One function per phase, named like the report's timing keys:

* ``list`` (:func:`_configure`): the configuration, the check selection, the file list.
* ``read`` (:func:`_read`): each Python file is read once and hashed.
* ``parse`` (:func:`_parse`): facts of unchanged files come from the cache
  (``auditor.cache``); the others are parsed (stdlib ``ast``) and walked once, running every
  check's hooks (``auditor.walker``), across worker processes on large trees
  (``auditor.workers``), results streaming back per file.
* ``model`` (:func:`_model`): the project model, built once from the facts and handed
  read-only to the checks.
* ``checks`` (:func:`_judge`): each check's ``judge`` / ``check_project`` stages, then the
  suppressions.  A crashing check is isolated (status ``errored``).
* ``fixes`` (:func:`_fix`): fix diffs (JSON, SARIF, Markdown; not text or GitHub), one libcst
  parse per file, across worker processes, cached by content.
* ``output`` (:func:`_assemble`): the report.
* ``cache``: writing what changed to the cache.

When nothing the outcome depends on has changed since the last audit of the same tree (the
Python files' contents, the other files the audit read, the file list, the options), the
cached outcome is replayed after the ``read`` phase: see :func:`_run_key`.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import hashlib
import os
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from auditor import __version__
from auditor.check import CATEGORY_ORDER, Check, Hit, Severity
from auditor.config import ProjectConfig, deferred_to_ruff, glob_regex, load_config
from auditor.facts import FactsLoader, ModuleFacts, dump_facts
from auditor.inventory import Inventory, outside_tests_signature, read_inventory
from auditor.lazyre import lazy_compile
from auditor.project import Project, module_aliases
from auditor.repository import (
    MAX_PYTHON_BYTES,
    Repository,
    alembic_layout,
    classify,
    open_repository,
    scaffold_dirs,
)
from auditor.selection import SelectionError, enabled_ids, expand_ids  # noqa: F401 - re-exported
from auditor.source import SourceProblem, module_name, parse

if TYPE_CHECKING:  # pragma: no cover
    from auditor.cache import FactsCache

    # the report's pydantic models: imported where a report is made, or during the parse
    # stage in a thread (see :func:`_parse`), never on the way to the parse workers
    from auditor.report import (
        CheckResult,
        ErrorEntry,
        Finding,
        Report,
    )
    from auditor.workers import Pool

#: Below this many files to parse, one process is faster than starting workers.
PARALLEL_THRESHOLD = 120


@dataclass
class Options:
    select: Sequence[str] | None = None
    ignore: Sequence[str] = ()
    enable: Sequence[str] = ()
    settings: dict[str, Any] = field(default_factory=dict)  # thresholds (F11)
    use_cache: bool = True
    cache_dir: Path | None = None
    jobs: int | None = None  # None: decide from the tree size and cores
    timings: bool = False
    fixes: bool = True
    # issue 5 (F11): the project's configuration file and suppressions
    use_config: bool = (
        True  # read [tool.auditor] / auditor.toml from the audited root (through the repository)
    )
    config: ProjectConfig | None = None  # a ready configuration (wins over use_config)
    suppressions: bool = (
        True  # honour suppression comments and per-file-ignores, report unused ones (AUD001)
    )
    show_suppressed: bool = False  # list the suppressed findings in Report.suppressed


#: The phases of an audit, in order, as a progress display names them.
PHASES = ("read", "parse", "model", "checks", "fixes")


@dataclass(frozen=True, slots=True)
class Progress:
    """What the audit is doing: ``done`` of ``total`` items of ``phase`` are finished (files in
    *read*/*parse*/*fixes*, checks in *checks*); ``item`` is the one being worked on ("" when
    none).  A callback that raises stops the audit (that is how a front end cancels it)."""

    phase: str
    done: int
    total: int
    item: str = ""


ProgressCallback = Callable[[Progress], None]


def load_checks() -> list[Check]:
    from checks import all_checks

    return [cls() for cls in all_checks()]


# -- the per-module pass (runs in workers) ---------------------------------------------------

_WORKER_CHECKS: list[Check] | None = None
_WORKER_HOOKS: dict[tuple[str, frozenset[str] | None], Any] = {}


def _worker_checks() -> list[Check]:
    global _WORKER_CHECKS
    if _WORKER_CHECKS is None:
        _WORKER_CHECKS = load_checks()
    return _WORKER_CHECKS


def analyze_module(
    path: str,
    data: bytes,
    file_class: str,
    project_modules: frozenset[str],
    only: frozenset[str] | None = None,
) -> ModuleFacts:
    """Parse one module and run the batched pass: never raises.  ``only``: the IDs of the
    checks whose hooks run (None: every check's; see :func:`module_pass_checks`)."""
    from auditor.walker import build_hooks, scan_module

    name, is_package = module_name(path)
    facts = ModuleFacts(path=path, module=name, file_class=file_class, is_package=is_package)
    facts.lines = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
    try:
        tree = parse(data, path)
    except SourceProblem as exc:
        facts.parse_error = str(exc)
        return facts
    checks = _worker_checks()
    if only is not None:
        checks = [c for c in checks if c.id in only]
    hooks = _WORKER_HOOKS.get((file_class, only))
    if hooks is None:
        hooks = _WORKER_HOOKS[(file_class, only)] = build_hooks(checks, file_class)
    try:
        scan_module(facts, tree, data, checks, project_modules, hooks)
    except RecursionError:
        return ModuleFacts(
            path=path,
            module=name,
            file_class=file_class,
            is_package=is_package,
            parse_error="too deeply nested to analyse: skipped",
            lines=facts.lines,
        )
    return facts


def _analyze_task(
    shared: tuple[list[tuple[str, bytes, str]], frozenset[str], frozenset[str]], i: int
) -> bytes:
    """The facts of file ``i``, pickled here: the audit process unpickles them for the model
    and writes the same bytes to the cache (``auditor.cache``), never pickling them again."""
    todo, project_modules, only = shared
    path, data, file_class = todo[i]
    return dump_facts(analyze_module(path, data, file_class, project_modules, only))


# -- the audit ------------------------------------------------------------------------------------


@dataclass
class AuditResult:
    """An audit's report, and what front ends need beyond it.

    ``project`` is the project model.  When the whole audit was answered from the cache (an
    unchanged tree), ``project.repo`` is there at once and the model itself is built from the
    cached facts when something first asks for more (a front end that needs the model, such
    as the app's structure view, should touch it in its worker thread, not its UI thread).
    """

    report: Report
    checks: list[Check]
    hits: list[Hit]
    config: ProjectConfig | None = None  # the configuration in force (None: none read)
    _project: Project | None = field(default=None, repr=False)
    _build_project: Callable[[], Project] | None = field(default=None, repr=False)
    _repo: Repository | None = field(default=None, repr=False)

    @property
    def project(self) -> Project:
        if self._project is None:
            assert self._build_project is not None
            assert self._repo is not None
            self._project = cast(Project, _LazyProject(self._repo, self._build_project))
        return self._project


class _LazyProject:
    """The project model of an audit answered from the cache: ``repo`` at once (what the
    Markdown, SARIF and fingerprint outputs read), any other attribute builds the model from
    the cached facts on first use."""

    def __init__(self, repo: Repository, build: Callable[[], Project]) -> None:
        self._build: Callable[[], Project] | None = build
        self._real: Project | None = None
        self.repo = repo

    def __getattr__(self, name: str) -> Any:
        if self._real is None:
            assert self._build is not None
            self._real, self._build = self._build(), None
        return getattr(self._real, name)


def audit(
    target: str | os.PathLike[str],
    options: Options | None = None,
    progress: ProgressCallback | None = None,
    repo: Repository | None = None,
) -> AuditResult:
    """Audit ``target``.  Raises TargetError (bad target) or SelectionError (bad IDs).

    ``progress`` is called as the audit goes (see :class:`Progress`); when it raises, the
    audit stops at once (worker processes are terminated) and the exception propagates.
    """
    import gc

    # The facts of a large project are millions of small objects: the cyclic collector would
    # re-traverse them on every allocation burst (measured: half the warm time on 2,000
    # files).  The audit makes no garbage cycles worth collecting; collect once at the end.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _audit(target, options or Options(), progress, repo)
    finally:
        if gc_was_enabled:
            gc.enable()


def _audit(
    target: str | os.PathLike[str],
    opts: Options,
    progress: ProgressCallback | None,
    repo: Repository | None,
) -> AuditResult:
    clock = _Clock()
    setup = _configure(target, opts, repo)
    clock.lap("list")
    tree = _read(setup, progress)
    clock.lap("read")

    from auditor.cache import FactsCache

    cache = FactsCache.open(setup.repo.root, opts.cache_dir) if opts.use_cache else None
    run_key = _run_key(setup, tree, opts) if cache is not None else ""
    if cache is not None:
        entry = cache.get_run(run_key)
        if entry is not None and _inputs_unchanged(setup.repo, entry["reads"]):
            return _replayed(setup, tree, entry, cache, opts, progress, clock)

    try:
        facts = _parse(setup, tree, cache, opts, progress)
        clock.lap("parse")
        project, inventory = _model(setup, tree, facts, progress)
        clock.lap("model")
        with _fix_workers(setup, tree, project, opts) as fix_pool:
            stream = _fix_stream(fix_pool, setup, tree, cache)
            with stream or contextlib.nullcontext():
                judged = _judge(setup, tree, facts, project, opts, progress, stream)
                clock.lap("checks")
                diffs, fix_errors = _fix(
                    setup, tree, judged.hits, project, cache, opts, progress, fix_pool, stream
                )
        clock.lap("fixes")
        report = _assemble(setup, tree, facts, project, inventory, judged, diffs, fix_errors, opts)
        clock.lap("output")
    except BaseException:
        if cache is not None:
            cache.discard()  # a cancelled audit leaves no half-written cache files
        raise
    if cache is not None:
        cache.put_run(
            run_key,
            {
                "reads": _reads(setup.repo, tree),
                "report": report,
                "hits": judged.hits,
                "facts_keys": tree.keys,
            },
        )
        cache.save()
        clock.lap("cache")  # writing the cache
    report = _stamped(report, setup.repo, clock, opts)
    return AuditResult(
        report=report, checks=setup.checks, hits=judged.hits, config=setup.config, _project=project
    )


class _Clock:
    """Seconds per phase, under the report's timing keys."""

    def __init__(self) -> None:
        self.start = self.last = time.perf_counter()
        self.timings: dict[str, float] = {}

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.timings[phase] = now - self.last
        self.last = now

    def total(self) -> dict[str, float]:
        return {**self.timings, "total": time.perf_counter() - self.start}


# -- list: the configuration, the check selection and the file list -----------------------------


@dataclass
class _Setup:
    checks: list[Check]
    enabled: set[str]
    skip_reasons: dict[str, str]
    repo: Repository
    config: ProjectConfig | None
    known: list[str]  # every check ID, meta checks included
    severity_overrides: dict[str, str]
    settings: dict[str, Any]  # thresholds (F11)
    module_checks: frozenset[str] = frozenset()  # whose hooks the module pass runs


def _configure(target: str | os.PathLike[str], opts: Options, repo: Repository | None) -> _Setup:
    checks = load_checks()
    enabled, skip_reasons = enabled_ids(checks, opts)
    repo = repo or open_repository(target)
    config = opts.config
    if config is None and opts.use_config:
        config = load_config(repo)  # ConfigError (a SelectionError): exit 2
    if config is not None:
        enabled, skip_reasons = enabled_ids(checks, opts, config)
        if config.exclude:
            repo = _excluding(repo, config.exclude)
    known = [c.id for c in checks] + sorted(_meta_ids())
    severity_overrides = config.severity_overrides(known) if config is not None else {}
    settings = {**config.thresholds, **opts.settings} if config is not None else opts.settings
    return _Setup(
        checks,
        enabled,
        skip_reasons,
        repo,
        config,
        known,
        severity_overrides,
        dict(settings),
        module_pass_checks(checks, enabled),
    )


def module_pass_checks(checks: Sequence[Check], enabled: set[str]) -> frozenset[str]:
    """The checks whose hooks the module pass runs: every check on by default, and any other
    the selection enables.  An opt-in check nobody selected costs nothing (DEP004's hooks
    look at every call); one the selection turns off still runs, so that ignoring a check
    keeps the cached facts of every file (they are keyed by this set, see :func:`_read`)."""
    return frozenset(c.id for c in checks if c.default_enabled or c.id in enabled)


# -- read: every Python file's bytes and content key --------------------------------------------


@dataclass
class _Tree:
    py_paths: list[str]
    classes: dict[str, str]  # path -> F1 class
    aliases: dict[str, str]
    project_modules: frozenset[str]
    sources: dict[str, bytes]  # the Python files that could be read
    keys: dict[str, str]  # path -> content key (content hash, class, project's modules)


def _read(setup: _Setup, progress: ProgressCallback | None) -> _Tree:
    repo = setup.repo
    layout = alembic_layout(repo)
    py_paths = repo.python_files()
    scaffolds = scaffold_dirs(repo.files)
    classes = {p: classify(p, layout, scaffolds) for p in py_paths}
    sources: dict[str, bytes] = {}
    total = len(py_paths)
    for i, p in enumerate(py_paths):
        if progress:
            progress(Progress("read", i, total, p))
        data = repo.read_bytes(p, limit=MAX_PYTHON_BYTES)
        if data is not None:
            sources[p] = data
    if progress:
        progress(Progress("read", total, total))
    root_package = (
        repo.root.name.replace("-", "_")
        if "__init__.py" in repo.files and repo.root.name.isidentifier()
        else _namespace_root(repo.root.name, py_paths, sources)
    )
    aliases = module_aliases(py_paths, repo.files, root_package)
    project_modules = _top_modules(py_paths, aliases)
    modules_sig = _digest(repr(sorted(project_modules)).encode(), 8)
    modules_sig += ":" + _digest(repr(sorted(setup.module_checks)).encode(), 6)
    keys = {p: f"{_digest(data, 16)}:{classes[p]}:{modules_sig}" for p, data in sources.items()}
    return _Tree(py_paths, classes, aliases, project_modules, sources, keys)


def _digest(data: bytes, size: int) -> str:
    return hashlib.blake2b(data, digest_size=size).hexdigest()


# -- parse: facts from the cache, the rest parsed (across processes on large trees) -----------


def _parse(
    setup: _Setup,
    tree: _Tree,
    cache: FactsCache | None,
    opts: Options,
    progress: ProgressCallback | None,
) -> dict[str, ModuleFacts]:
    facts: dict[str, ModuleFacts] = {}
    todo: list[tuple[str, bytes, str]] = []
    loader = FactsLoader()  # one object per text across the modules, dropped with this call
    for p, data in tree.sources.items():
        cached = cache.get(p, tree.keys[p], loader) if cache is not None else None
        if cached is not None:
            facts[p] = cached
        else:
            todo.append((p, data, tree.classes[p]))
    total = len(tree.sources)
    done = total - len(todo)
    if progress:
        progress(Progress("parse", done, total))
    preload: Any = None
    try:
        for module_facts, pickled in _analyze_all(
            todo, tree.project_modules, setup.module_checks, opts, progress, done, total, loader
        ):
            if preload is None and pickled is not None:  # the parse workers are forked by now
                preload = _import_aside("auditor.report", *(("libcst",) if opts.fixes else ()))
            facts[module_facts.path] = module_facts
            if cache is not None:
                cache.put(module_facts.path, tree.keys[module_facts.path], module_facts, pickled)
    finally:
        if preload is not None:
            preload.join()  # before any other fork: a child must not inherit a half import
    return facts


def _import_aside(*names: str) -> Any:
    """Import ``names`` in a thread of this process while it waits on the parse workers, and
    return the thread.  The report's pydantic models (~0.1 s) and libcst (the fix diffs,
    ~0.15 s) were imported by this process before the workers were forked and after the
    checks: on the audit's critical path, where the workers' parsing hides them."""
    import importlib
    import threading

    def run() -> None:
        for name in names:
            with contextlib.suppress(Exception):  # imported again, its error raised, where used
                importlib.import_module(name)

    thread = threading.Thread(target=run, name="import-aside", daemon=True)
    thread.start()
    return thread


def _jobs(opts: Options, items: int, threshold: int) -> int:
    if opts.jobs is not None:
        return max(1, opts.jobs)
    return min(os.cpu_count() or 1, 8) if items >= threshold else 1


def _analyze_all(
    todo: list[tuple[str, bytes, str]],
    project_modules: frozenset[str],
    only: frozenset[str],
    opts: Options,
    progress: ProgressCallback | None,
    done: int,
    total: int,
    loader: FactsLoader,
) -> Iterator[tuple[ModuleFacts, bytes | None]]:
    """Facts of each file of ``todo``, one at a time as they are ready (progress per file),
    with the same facts pickled when a worker made them (None otherwise)."""
    if not todo:
        return
    jobs = _jobs(opts, len(todo), PARALLEL_THRESHOLD)
    if jobs <= 1:
        sys.setrecursionlimit(max(sys.getrecursionlimit(), 6000))
        for p, data, cls in todo:
            if progress:
                progress(Progress("parse", done, total, p))
            yield analyze_module(p, data, cls, project_modules, only), None
            done += 1
        if progress:
            progress(Progress("parse", total, total))
        return
    from auditor.workers import Pool

    ordered = sorted(todo, key=lambda t: -len(t[1]))  # big files first: the tail is short
    last = Progress("parse", done, total)

    def idle() -> None:  # a cancel is seen while a large file is being parsed
        if progress:
            progress(last)

    with Pool(jobs, (ordered, project_modules, only)) as pool:
        for pickled in pool.imap_unordered(_analyze_task, list(range(len(ordered))), idle):
            module_facts = loader.load(pickled)
            done += 1
            last = Progress("parse", done, total, module_facts.path)
            if progress:
                progress(last)
            yield module_facts, pickled


# -- model ----------------------------------------------------------------------------------------


def _model(
    setup: _Setup, tree: _Tree, facts: dict[str, ModuleFacts], progress: ProgressCallback | None
) -> tuple[Project, Inventory]:
    if progress:
        progress(Progress("model", 0, 1))
    inventory = read_inventory(setup.repo)
    project = Project(
        setup.repo, [facts[p] for p in sorted(facts)], inventory, setup.settings, tree.aliases
    )
    if progress:
        progress(Progress("model", 1, 1))
    return project, inventory


# -- checks: judge the hits, run the project stages, apply suppressions -------------------------


@dataclass
class _Judged:
    results: list[CheckResult]
    hits: list[Hit]  # the findings, before fixes
    suppressed: list[tuple[Hit, str]]
    errors: list[ErrorEntry]


def _judge(
    setup: _Setup,
    tree: _Tree,
    facts: dict[str, ModuleFacts],
    project: Project,
    opts: Options,
    progress: ProgressCallback | None,
    stream: _FixStream | None = None,
) -> _Judged:
    """Each check's verdicts, in the catalogue's order.  With a ``stream``, the checks that can
    fix what they find run first and each hands its fixable findings to the stream as soon as
    it has run: their diffs are built while the other checks run."""
    enabled, skip_reasons = set(setup.enabled), dict(setup.skip_reasons)
    hits_by_check: dict[str, list[Hit]] = defaultdict(list)
    crashed: dict[str, str] = {}
    for p in sorted(facts):
        f = facts[p]
        for h in f.hits:
            hits_by_check[h.check_id].append(h)
        for cid, msg in f.check_errors.items():
            crashed.setdefault(cid, msg)
    if setup.settings.get("defer-to-ruff") is True:
        for cid, why in deferred_to_ruff(project, enabled).items():
            enabled.discard(cid)
            skip_reasons[cid] = why
    suppressor = None
    if opts.suppressions:
        from auditor.suppressions import Suppressor

        config = setup.config
        per_file = config.per_file_rules(setup.known) if config is not None else []
        suppressor = Suppressor(setup.repo, tree.sources, setup.known, per_file)
    checks = setup.checks
    order = list(range(len(checks)))
    if stream is not None:
        order.sort(key=lambda k: not checks[k].can_fix())  # (a stable sort)
    # each check's outcome in its own slot: the report is in catalogue order however they ran
    slots: list[tuple[CheckResult, list[Hit], list[tuple[Hit, str]], ErrorEntry | None] | None]
    slots = [None] * len(checks)
    aside = _aside(setup, tree, opts, enabled)
    shared = (checks, enabled, skip_reasons, project, hits_by_check, crashed)
    here = _Slots([k for k in order if k not in aside])
    with _ChecksAside(shared, aside, here) if aside else contextlib.nullcontext() as beside:
        outcomes = _outcomes(here, shared, beside, progress)
        for k, (status, reason, found) in outcomes:
            slot = _slot(setup, checks[k], status, reason, found, suppressor)
            slots[k] = slot
            if stream is not None and slot[1]:
                stream.add(k, slot[1])
    if progress:
        progress(Progress("checks", len(checks), len(checks)))
    return _collected(slots, stream, suppressor, enabled, project)


def _slot(
    setup: _Setup,
    check: Check,
    status: str,
    reason: str | None,
    found: list[Hit],
    suppressor: Any,
) -> tuple[CheckResult, list[Hit], list[tuple[Hit, str]], ErrorEntry | None]:
    """A check's outcome as the report holds it: its result, findings, findings accepted
    where they stand (suppressed) and the error it raised."""
    from auditor.report import CheckResult, ErrorEntry

    error = None
    if status == "errored":
        error = ErrorEntry(path=None, message=reason or f"{check.id} crashed")
    held: list[tuple[Hit, str]] = []
    if found and suppressor is not None:
        found = _unsuppressed(found, suppressor, held)
        if not found:
            status = "passed"  # every finding was accepted where it stands
    result = CheckResult(
        id=check.id,
        name=check.name,
        category=check.category,
        severity=setup.severity_overrides.get(check.id, check.severity.value),
        status=status,
        reason=_utf8(reason),
        findings=len(found),
    )
    return (result, found, held, error)


def _collected(
    slots: list[tuple[CheckResult, list[Hit], list[tuple[Hit, str]], ErrorEntry | None] | None],
    stream: _FixStream | None,
    suppressor: Any,
    enabled: set[str],
    project: Project,
) -> _Judged:
    """The checks' outcomes in the catalogue's order (the order of ``slots``)."""
    suppressed: list[tuple[Hit, str]] = []
    results: list[CheckResult] = []
    all_hits: list[Hit] = []
    errors: list[ErrorEntry] = []
    for k, slot in enumerate(slots):
        assert slot is not None
        result, found, held, error = slot
        if stream is not None:
            stream.place(k, len(all_hits))
        results.append(result)
        all_hits.extend(found)
        suppressed.extend(held)
        if error is not None:
            errors.append(error)
    if suppressor is not None:
        from auditor.suppressions import UnusedSuppression

        if UnusedSuppression.id in enabled:
            ran = {r.id for r in results if r.status in ("passed", "failed")}
            unused = [h for h in suppressor.unused(ran) if h.path not in project.unserved_paths]
            all_hits.extend(_unsuppressed(unused, suppressor, suppressed))
    return _Judged(results, all_hits, suppressed, errors)


#: From this many Python files (and two cores), the checks of the async category run in a
#: process of their own beside the others (see :func:`_aside`).
CHECKS_ASIDE_FILES = 500
#: The category whose checks run aside: they share the costliest facts of the stage (which
#: functions run while requests are served, which are dead code), computed once in that process.
#: Checks of other categories that ask for dead code (:attr:`Check.asks_dead_code`) join them:
#: asked in both processes, those answers were built twice (on litellm SEC003 spent 1.1 s of its
#: 2.2 s rebuilding them while the async side did the same), and the audit's process had the
#: longer side (6.9 s against 3.9 s).
ASIDE_CATEGORY = "async"

#: The project's facts that checks of both sides ask for (the applications nothing serves,
#: what the served ones reach, which functions run while requests are served): computed
#: before the fork, not once per process.
SHARED_FACTS = ("unserved_paths", "unserved_spans", "application_modules", "reachability")

_Outcome = tuple[str, "str | None", list[Hit]]


def _aside(setup: _Setup, tree: _Tree, opts: Options, enabled: set[str]) -> set[int]:
    """The slots of the checks to run in a forked process beside the others, on a large
    tree with two cores: the enabled checks of :data:`ASIDE_CATEGORY` and those that ask for
    dead code (the fixable findings of those that fix go to the fix workers when they come
    back).  Empty where workers cannot
    be forked, with one job, or on a smaller tree (the fork costs more than it saves)."""
    from auditor.workers import can_fork

    if len(tree.sources) < CHECKS_ASIDE_FILES or not can_fork():
        return set()
    if _jobs(opts, CHECKS_ASIDE_FILES, CHECKS_ASIDE_FILES) < 2:
        return set()
    aside = {
        k
        for k, c in enumerate(setup.checks)
        if c.id in enabled and (c.category == ASIDE_CATEGORY or c.asks_dead_code)
    }
    return aside if len(aside) > 1 else set()


def _check_task(shared: tuple, k: int) -> tuple[int, _Outcome]:
    """Run the check of slot ``k``, in the audit's process or a worker (``shared``: what
    :func:`_run_check` needs)."""
    checks, enabled, skip_reasons, project, hits_by_check, crashed = shared
    check = checks[k]
    return k, _run_check(
        check, enabled, skip_reasons, project, hits_by_check.get(check.id, []), crashed
    )


class _Slots:
    """The slots of the checks not pinned to a side, shared by the audit's thread (which takes
    them from the front, in their order) and the thread feeding the process aside (which,
    once its own checks are done, takes them from the back): neither side waits while the
    other still has checks to run, whichever check turns out to be slow on this tree."""

    def __init__(self, slots: list[int]) -> None:
        import threading

        self._slots = collections.deque(slots)
        self._lock = threading.Lock()

    def take(self) -> int | None:
        """The next slot from the front (the audit's thread), None when none is left."""
        with self._lock:
            return self._slots.popleft() if self._slots else None

    def steal(self) -> int | None:
        """The next slot from the back (the side process), None when none is left."""
        with self._lock:
            return self._slots.pop() if self._slots else None


class _ChecksAside:
    """Checks run by one forked worker while the audit's process runs the others: a thread
    hands the worker its own slots, then the slots the audit's thread has not taken yet
    (:class:`_Slots`), one at a time, and keeps each outcome as it comes back."""

    def __init__(self, shared: tuple, slots: set[int], rest: _Slots | None = None) -> None:
        import threading

        from auditor.workers import Pool

        self.slots = sorted(slots)
        self.rest = rest
        self.sent: list[int] = []  # every slot handed to the worker, in order
        self.outcomes: dict[int, _Outcome] = {}
        project = shared[3]
        for fact in SHARED_FACTS:  # computed once, before the fork, for both processes
            getattr(project, fact)
        self._failure: BaseException | None = None
        self._pool = Pool(1, shared)
        self._thread = threading.Thread(target=self._collect, name="checks-aside", daemon=True)
        self._thread.start()

    def _items(self) -> Iterator[int]:
        for k in self.slots:
            self.sent.append(k)
            yield k
        while self.rest is not None and (k := self.rest.steal()) is not None:
            self.sent.append(k)
            yield k

    def _collect(self) -> None:
        try:
            # one slot at a time: a slot waiting in the worker's pipe could not be taken back
            for k, outcome in self._pool.imap_unordered(_check_task, self._items(), ahead=1):
                self.outcomes[k] = outcome
        except BaseException as exc:  # raised in the audit's thread by results()
            self._failure = exc

    def running(self) -> int | None:
        """The slot the worker is on; None when it is done."""
        return next((k for k in self.sent if k not in self.outcomes), None)

    def wait(self, seconds: float) -> bool:
        """Wait up to ``seconds``; True once every outcome is in."""
        self._thread.join(seconds)
        if self._failure is not None:
            raise self._failure
        return not self._thread.is_alive()

    def __enter__(self) -> _ChecksAside:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is not None:  # cancelled, or failed: stop the worker now
            self._pool.terminate()
        self._thread.join()
        self._pool.__exit__(kind, None, None)


def _outcomes(
    here: _Slots,
    shared: tuple,
    beside: _ChecksAside | None,
    progress: ProgressCallback | None,
) -> Iterator[tuple[int, _Outcome]]:
    """Each check's outcome by slot: the slots ``here`` run in this process, in their order
    (those the process aside takes once its own are done run there); then the outcomes of
    the checks run ``beside``, in slot order (progress moves as they come in)."""
    checks = shared[0]
    total = len(checks)
    n = 0
    while (k := here.take()) is not None:
        if progress:
            aside_done = len(beside.outcomes) if beside is not None else 0
            progress(Progress("checks", n + aside_done, total, checks[k].id))
        yield _check_task(shared, k)
        n += 1
    if beside is None:
        return
    while not beside.wait(0.1):
        if progress:
            k = beside.running()
            item = checks[k].id if k is not None else ""
            progress(Progress("checks", n + len(beside.outcomes), total, item))
    for k in sorted(beside.sent):
        yield k, beside.outcomes[k]


# -- fixes: one libcst parse per file, across processes, cached by content ----------------------

#: Below this many fix diffs to build, one process is faster than forking workers.
FIX_PARALLEL_THRESHOLD = 24
#: From this many Python files, the fix workers are forked before the checks run (see
#: :func:`_fix_workers`); a smaller tree forks them only if it has enough fixes to build.
FIX_PREFORK_FILES = 1000


def _checks_by_id(checks: list[Check]) -> dict[str, Check]:
    from auditor.suppressions import meta_by_id

    by_id: dict[str, Check] = {c.id: c for c in checks}
    by_id.update(meta_by_id())
    return by_id


@contextlib.contextmanager
def _fix_workers(
    setup: _Setup, tree: _Tree, project: Project, opts: Options
) -> Iterator[Pool | None]:
    """On a large tree, the fix workers forked now, from the project model, before the checks
    run: a forked worker starts as large as its parent, and the checks' caches and the
    garbage of their work (tens of MB on a 3,000-file tree) would otherwise be part of every
    worker.  None (the workers are forked later, if at all) on a small tree, without fixes
    or where workers cannot be forked."""
    from auditor.workers import Pool, can_fork

    if (
        not opts.fixes
        or len(tree.sources) < FIX_PREFORK_FILES
        or _jobs(opts, FIX_PARALLEL_THRESHOLD, FIX_PARALLEL_THRESHOLD) < 2
        or not can_fork()
    ):
        yield None
        return
    import libcst  # noqa: F401 - imported once, before the workers are forked

    with Pool(
        _jobs(opts, FIX_PARALLEL_THRESHOLD, FIX_PARALLEL_THRESHOLD),
        (_checks_by_id(setup.checks), project, tree.sources),
        collect=True,
    ) as pool:
        yield pool


def _wants_fix(h: Hit, by_id: dict[str, Check]) -> bool:
    return bool(h.fixable and h.path and (h.fix_title or by_id[h.check_id].fix_title))


def _fix_stream(
    pool: Pool | None, setup: _Setup, tree: _Tree, cache: FactsCache | None
) -> _FixStream | None:
    """Fix diffs built during the checks stage, on the fix workers forked before it, when
    there are such workers and the cache holds no diffs to reuse (a diff's cache key needs
    every file the checks read, known only once they have all run: a run that could reuse
    cached diffs builds what it lacks after the checks, in :func:`_fix`)."""
    if pool is None or (cache is not None and cache.fixes):
        return None
    return _FixStream(pool, _checks_by_id(setup.checks), setup.repo, tree)


class _FixStream:
    """Each check's fixable findings handed to the fix workers as soon as the check has run,
    one task per file (as :func:`_fix` makes them), while the next checks run: a thread feeds
    the pool and collects the diffs.  The checks stage runs in one process, so the workers
    would otherwise wait for it, idle.  Findings are named by (check slot, position) until the
    report's order places them (:meth:`place`)."""

    def __init__(self, pool: Pool, by_id: dict[str, Check], repo: Repository, tree: _Tree):
        import queue
        import threading

        self._pool = pool
        self._by_id = by_id
        self._repo = repo
        self._tree = tree
        self._tasks: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._built: dict[tuple[int, int], tuple[str | None, str | None]] = {}
        self._offsets: dict[int, int] = {}
        self._failure: BaseException | None = None
        self._closed = False
        self._thread = threading.Thread(target=self._feed, name="fix-stream", daemon=True)
        self._thread.start()

    def _feed(self) -> None:
        try:
            tasks = iter(self._tasks.get, None)
            for _path, out in self._pool.imap_unordered(_fix_file, tasks):  # type: ignore[arg-type]
                for key, diff, error in out:
                    self._built[key] = (diff, error)
        except BaseException as exc:  # raised in the audit's thread by finish()
            self._failure = exc

    def add(self, slot: int, hits: list[Hit]) -> None:
        """The findings of the check in ``slot``, as it reports them."""
        by_path: dict[str, list[tuple[tuple[int, int], Hit]]] = defaultdict(list)
        for j, h in enumerate(hits):
            if _wants_fix(h, self._by_id):
                by_path[cast(str, h.path)].append(((slot, j), h))
        for path, found in by_path.items():
            data = None
            if path not in self._tree.sources:
                if path.endswith(".py") or not self._repo.exists(path):
                    continue  # left to _fix, which skips it as well
                data = self._repo.read_bytes(path)  # a text fix on a config file
                if data is None:
                    continue
            self._tasks.put((path, found, data))

    def place(self, slot: int, offset: int) -> None:
        """The findings of ``slot`` start at ``offset`` in the audit's list of hits."""
        self._offsets[slot] = offset

    def finish(self) -> dict[int, tuple[str | None, str | None]]:
        """(diff, error) of each finding sent, by its index in the audit's hits, once every
        task sent is done."""
        self._close()
        if self._failure is not None:
            raise self._failure
        return {self._offsets[k] + j: built for (k, j), built in self._built.items()}

    def _close(self) -> None:
        if not self._closed:
            self._closed = True
            self._tasks.put(None)
        self._thread.join()

    def __enter__(self) -> _FixStream:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is not None:  # cancelled, or failed: stop the workers, not after their tasks
            self._pool.terminate()
        self._close()


def _fix(
    setup: _Setup,
    tree: _Tree,
    hits: list[Hit],
    project: Project,
    cache: FactsCache | None,
    opts: Options,
    progress: ProgressCallback | None,
    pool: Pool | None = None,
    stream: _FixStream | None = None,
) -> tuple[dict[int, str | None], list[ErrorEntry]]:
    """The diff of each fixable hit (by index in ``hits``), and the fixers that failed.
    ``pool``: fix workers forked already (:func:`_fix_workers`), used if there are enough
    fixes to build; ``stream``: the diffs built during the checks stage."""
    from auditor.report import ErrorEntry

    diffs: dict[int, str | None] = {}
    errors: list[ErrorEntry] = []
    if not opts.fixes:
        return diffs, errors
    streamed = stream.finish() if stream is not None else {}
    by_id = _checks_by_id(setup.checks)
    repo = setup.repo
    by_path: dict[str, list[int]] = defaultdict(list)
    for i, h in enumerate(hits):
        if _wants_fix(h, by_id):
            by_path[h.path].append(i)  # type: ignore[index]
    files: dict[str, bytes] = {}
    for path in by_path:
        data = tree.sources.get(path)
        if data is None and not path.endswith(".py") and repo.exists(path):
            data = repo.read_bytes(path)  # a text fix on a config file (Dockerfile, ...)
        if data is not None:
            files[path] = data
    # a fixer may read the project beyond its file (the target Python version from
    # pyproject.toml ...): every non-Python file read so far is part of the cache key
    project_key = _digest(repr(sorted(_reads(repo, tree).items())).encode(), 8)
    todo: list[tuple[str, list[int]]] = []
    keys: dict[int, str] = {}
    from auditor.fixes import fix_key

    for path in sorted(files):
        content = _digest(files[path], 12)
        missing = []
        for i in by_path[path]:
            keys[i] = fix_key(content, hits[i], project_key)
            if i in streamed:
                diff, error = streamed[i]
                if error is not None:
                    errors.append(ErrorEntry(path=path, message=error))
                    continue  # a failing fixer is not cached: it is reported every time
                diffs[i] = diff
                if cache is not None:
                    cache.put_fix(keys[i], diff)
                continue
            found, diff = cache.get_fix(keys[i]) if cache is not None else (False, None)
            if found:
                diffs[i] = diff
            else:
                missing.append(i)
        if missing:
            todo.append((path, missing))
    total = len(todo)
    if progress:
        progress(Progress("fixes", 0, total))
    shared = (by_id, project, tree.sources)
    # a task carries its hits, and the bytes of a file the workers do not hold (a Dockerfile)
    tasks = [
        (path, [(i, hits[i]) for i in indexes], None if path in tree.sources else files[path])
        for path, indexes in todo
    ]
    jobs = min(_jobs(opts, sum(len(i) for _, i in todo), FIX_PARALLEL_THRESHOLD), total)
    from auditor.workers import Pool, can_fork

    last = Progress("fixes", 0, total)

    def idle() -> None:  # a cancel is seen while a file with many fixes is worked on
        if progress:
            progress(last)

    with contextlib.ExitStack() as stack:
        built: Iterable[tuple[str, list[tuple[int, str | None, str | None]]]]
        if jobs > 1 and (pool is not None or can_fork()):  # (the model is not pickled)
            tasks.sort(key=lambda t: -len(files[t[0]]))  # big files first: the tail is short
            if pool is None:
                import libcst  # noqa: F401 - imported once, before the workers are forked

                pool = stack.enter_context(Pool(jobs, shared, collect=True))
            built = pool.imap_unordered(_fix_file, tasks, idle)
        else:
            built = (_fix_file(shared, item) for item in tasks)
        for done, (path, out) in enumerate(built, 1):
            for i, diff, error in out:
                if error is not None:
                    errors.append(ErrorEntry(path=path, message=error))
                    continue  # a failing fixer is not cached: it is reported every time
                diffs[i] = diff
                if cache is not None:
                    cache.put_fix(keys[i], diff)
            last = Progress("fixes", done, total, path)
            if progress:
                progress(last)
    if cache is not None:
        cache.keep_fixes(set(keys.values()))
    return diffs, errors


def _fix_file(
    shared: tuple[dict[str, Check], Project, dict[str, bytes]],
    item: tuple[str, list[tuple[int, Hit]], bytes | None],
) -> tuple[str, list[tuple[int, str | None, str | None]]]:
    """(hit index, diff, error) of each hit of one file: one libcst parse for all of them."""
    from auditor import fixes

    by_id, project, sources = shared
    path, found, data = item
    if data is None:
        data = sources[path]
    out: list[tuple[int, str | None, str | None]] = []
    module = project.by_path.get(path)
    with fixes.one_file(data, module.statement_lines if module is not None else None):
        for i, h in found:
            try:
                out.append((i, fixes.build_fix(by_id[h.check_id], h, project, data), None))
            except fixes.FixError as exc:
                out.append((i, None, str(exc)))
    return path, out


def _findings(
    hits: list[Hit],
    by_id: dict[str, Check],
    diffs: dict[int, str | None],
    severity_overrides: dict[str, str],
) -> list[Finding]:
    from auditor.report import Finding, Fix

    out: list[Finding] = []
    for i, h in enumerate(hits):
        check = by_id[h.check_id]
        sev = severity_overrides.get(h.check_id) or (h.severity or check.severity).value
        fix = None
        title = h.fix_title or check.fix_title
        if title:
            diff = _surrogates_escaped(diffs.get(i))
            fix = Fix(title=_utf8(title), diff=diff, safe=check.fix_safe)
        out.append(
            Finding(
                check_id=h.check_id,
                name=check.name,
                category=check.category,
                severity=sev,
                path=h.path,
                line=h.line,
                column=h.column,
                end_line=h.end_line,
                end_column=h.end_column,
                message=_utf8(h.message),
                confidence=h.confidence or check.default_confidence(),
                fix=fix,
            )
        )
    out.sort(key=_finding_order)
    return out


# -- output: the report ---------------------------------------------------------------------------


def _assemble(
    setup: _Setup,
    tree: _Tree,
    facts: dict[str, ModuleFacts],
    project: Project,
    inventory: Inventory,
    judged: _Judged,
    diffs: dict[int, str | None],
    fix_errors: list[ErrorEntry],
    opts: Options,
) -> Report:
    """The report, without its target and timings (see :func:`_stamped`)."""
    from auditor.report import (
        Counts,
        ErrorEntry,
        Report,
        Summary,
        SuppressedFinding,
        Target,
        Tool,
        grade_for,
        score_checks,
    )

    repo = setup.repo
    by_id = _checks_by_id(setup.checks)
    findings = _findings(judged.hits, by_id, diffs, setup.severity_overrides)
    suppressed_findings = None
    if opts.show_suppressed:
        suppressed_findings = sorted(
            (
                SuppressedFinding(**f.model_dump(), suppressed_by=why)
                for h, why in judged.suppressed
                for f in _findings([h], by_id, {}, setup.severity_overrides)
            ),
            key=_finding_order,
        )
    errors = list(judged.errors) + fix_errors
    for e in repo.errors:
        errors.append(ErrorEntry(path=e.path, message=e.message))
    for e in inventory.errors:
        errors.append(ErrorEntry(path=e.path, message=e.message))
    if "configs" in project.__dict__:  # config files some check read (F9)
        for e in project.configs.errors:
            errors.append(ErrorEntry(path=e.path, message=e.message))
    parse_errors = 0
    for p in sorted(facts):
        if facts[p].parse_error:
            parse_errors += 1
            errors.append(ErrorEntry(path=p, message=facts[p].parse_error))
    errors = _dedupe_errors(errors)

    score, categories = score_checks(judged.results)
    applications = sum(1 for a in project.fastapi_apps if a.module.file_class == "app")
    audited = sum(1 for f in facts.values() if f.parse_error is None)
    grade = grade_for(score)
    if applications == 0:
        grade = None  # not a FastAPI application: say so rather than hand out an A
    counts = Counts(
        error=sum(f.severity == "error" for f in findings),
        warning=sum(f.severity == "warning" for f in findings),
        info=sum(f.severity == "info" for f in findings),
    )
    return Report(
        tool=Tool(name="fastapi-auditor", version=__version__),
        target=Target(root="", git=None),
        summary=Summary(
            score=score,
            grade=grade,
            counts=counts,
            files=len(repo.files),
            python_files=len(tree.py_paths),
            parse_errors=parse_errors,
            files_not_audited=len(tree.py_paths) - audited,
            applications=applications,
            suppressed=len(judged.suppressed) or None,
        ),
        categories=categories,
        checks=sorted(judged.results, key=lambda r: (CATEGORY_ORDER[r.category], r.id)),
        findings=findings,
        errors=errors,
        suppressed=suppressed_findings,
    )


def _stamped(report: Report, repo: Repository, clock: _Clock, opts: Options) -> Report:
    """``report`` with this run's target (as the user named it, and git's state) and timings."""
    from auditor.report import GitState, Target

    git = repo.git
    target = Target(
        root=repo.display_root,
        git=GitState(head=git.head, branch=git.branch, dirty=git.dirty) if git else None,
    )
    timings = {k: round(v, 4) for k, v in clock.total().items()} if opts.timings else None
    return report.model_copy(update={"target": target, "timings": timings})


# -- the whole-audit cache: an unchanged tree costs little more than hashing ----------------------


def _run_key(setup: _Setup, tree: _Tree, opts: Options) -> str:
    """Everything an audit's outcome depends on besides the non-Python files it reads (those
    are recorded with the outcome, see :func:`_reads`): the options and configuration, the
    file list and git's view of it, every Python file's content, the Python version."""
    repo = setup.repo
    parts = [
        repr(sys.version_info[:2]),
        _canonical(
            [
                opts.select,
                opts.ignore,
                opts.enable,
                opts.settings,
                opts.use_config,
                opts.suppressions,
                opts.show_suppressed,
                opts.fixes,
            ]
        ),
        _canonical(dataclasses.asdict(setup.config) if setup.config is not None else None),
        type(repo).__name__,
        getattr(repo, "commit", ""),
        repr(repo.files),
        repr(sorted(repo.links.items())),
        repr(sorted(repo.tracked)) if repo.tracked is not None else "-",
        repr(sorted(repo.untracked)),
        repr(repo.git is None),
        repr([(e.path, e.message) for e in repo.errors]),
        repr(sorted(tree.keys.items())),
        repr(outside_tests_signature(repo)),  # TST002 reads the tests beside a package
        _beside_signature(repo),  # the served applications read the entry points beside it
    ]
    return _digest("\0".join(parts).encode("utf-8", "surrogateescape"), 16)


def _beside_signature(repo: Repository) -> str:
    """The ``entry_points.txt`` of the ``.dist-info`` beside the audited folder (read from
    outside the tree by :func:`auditor.scope.serving`): its digest, "-" when there is none."""
    from auditor.inventory import dist_info_beside

    info = dist_info_beside(repo)
    if info is None:
        return "-"
    try:
        return _digest((info / "entry_points.txt").read_bytes(), 16)
    except OSError:
        return "-"


def _canonical(value: Any) -> str:
    """``value`` as text that does not depend on set order or hash seeds."""
    import json

    def default(o: Any) -> Any:
        if isinstance(o, (set, frozenset)):
            return sorted(o, key=repr)
        return repr(o)

    return json.dumps(value, sort_keys=True, default=default)


def _reads(repo: Repository, tree: _Tree) -> dict[str, str | None]:
    """The content hash of every other file the audit has read so far (None: unreadable)."""
    out: dict[str, str | None] = {}
    for path, data in list(repo._cache.items()):
        if path not in tree.sources:
            out[path] = None if data is None else _digest(data, 16)
    return out


def _inputs_unchanged(repo: Repository, reads: dict[str, str | None]) -> bool:
    for path, digest in reads.items():
        data = repo.read_bytes(path)
        if (None if data is None else _digest(data, 16)) != digest:
            return False
    return True


def _replayed(
    setup: _Setup,
    tree: _Tree,
    entry: dict[str, Any],
    cache: FactsCache,
    opts: Options,
    progress: ProgressCallback | None,
    clock: _Clock,
) -> AuditResult:
    """The cached outcome of an audit of exactly these inputs."""
    total = len(tree.sources)
    if progress:
        progress(Progress("parse", total, total))
        progress(Progress("model", 1, 1))
        progress(Progress("checks", len(setup.checks), len(setup.checks)))
        progress(Progress("fixes", 0, 0))
    clock.lap("parse")

    def build_project() -> Project:
        loader = FactsLoader()
        facts = {p: cache.get(p, k, loader) for p, k in tree.keys.items()}
        missing = [p for p, f in facts.items() if f is None]
        if missing:  # the facts cache was cleared since: parse again
            for f, _ in _analyze_all(
                [(p, tree.sources[p], tree.classes[p]) for p in missing],
                tree.project_modules,
                setup.module_checks,
                opts,
                None,
                0,
                len(missing),
                loader,
            ):
                facts[f.path] = f
        found = {p: f for p, f in facts.items() if f is not None}
        return _model(setup, tree, found, None)[0]

    report = _stamped(entry["report"], setup.repo, clock, opts)
    return AuditResult(
        report=report,
        checks=setup.checks,
        hits=entry["hits"],
        config=setup.config,
        _build_project=build_project,
        _repo=setup.repo,
    )


def _meta_ids() -> frozenset[str]:
    from auditor.suppressions import META_IDS

    return META_IDS


def _excluding(repo: Repository, globs: Sequence[str]) -> Repository:
    """``repo`` without the files the configuration's ``exclude`` globs match."""
    patterns = [glob_regex(g) for g in globs]

    def keep(path: str) -> bool:
        return not any(p.fullmatch(path) for p in patterns)

    return dataclasses.replace(
        repo,
        files=tuple(p for p in repo.files if keep(p)),
        tracked=frozenset(p for p in repo.tracked if keep(p)) if repo.tracked is not None else None,
        untracked=frozenset(p for p in repo.untracked if keep(p)),
    )


def _unsuppressed(
    hits: Iterable[Hit], suppressor: Any, suppressed: list[tuple[Hit, str]]
) -> list[Hit]:
    kept: list[Hit] = []
    for h in hits:
        why = suppressor.match(h)
        if why is None:
            kept.append(h)
        else:
            suppressed.append((h, why))
    return kept


def _finding_order(f: Finding) -> tuple:
    return (
        CATEGORY_ORDER[f.category],
        f.check_id,
        f.path or "",
        f.line or 0,
        f.column or 0,
        f.message,
    )


def _namespace_root(name: str, py_paths: list[str], sources: dict[str, bytes]) -> str | None:
    """The audited folder's name when it is a namespace package (no ``__init__.py``) that
    its own code imports itself by (``from neuralgentics.web.modules.base import Module`` in
    the folder ``neuralgentics/``): then ``neuralgentics.web`` is the tree's ``web``.  Every
    import of that name must name a module of the tree (``name.x`` with ``x`` a top-level
    module or package of the tree); one that does not (``import name``, ``name.other``) says
    the name is some installed package's, and the tree is not aliased."""
    if not name.isidentifier():
        return None
    needle = name.encode()
    pattern = re.compile(
        rb"^[ \t]*(?:from[ \t]+" + needle + rb"(\.[\w.]+)?[ \t]+import[ \t(]+(\w+)"
        rb"|import[ \t]+" + needle + rb"(\.[\w.]+)?(?![\w.]))",
        re.MULTILINE,
    )
    tops = {module_name(p)[0].split(".", 1)[0] for p in py_paths}
    found = False
    for data in sources.values():
        if needle not in data:
            continue
        for m in pattern.finditer(data):
            tail = (m.group(1) or m.group(3) or b"").decode()
            first = tail[1:].split(".", 1)[0] if tail else (m.group(2) or b"").decode()
            if first not in tops:
                return None  # ``import name`` / ``name.other``: an installed package's name
            found = True
    return name if found else None


def _top_modules(py_paths: list[str], aliases: dict[str, str]) -> frozenset[str]:
    tops = {module_name(p)[0].split(".", 1)[0] for p in py_paths}
    tops |= {a.split(".", 1)[0] for a in aliases}
    return frozenset(tops)


def _run_check(
    check, enabled, skip_reasons, project, hits, crashed
) -> tuple[str, str | None, list[Hit]]:
    if check.id not in enabled:
        return "skipped", skip_reasons.get(check.id, "not enabled"), []
    if check.id in crashed:
        return "errored", crashed[check.id], []
    try:
        reason = check.applies(project)
        if reason:
            return "skipped", reason, []
        found = list(check.judge(list(hits), project))
        found += list(check.check_project(project))
    except Exception as exc:
        import traceback

        tb = traceback.extract_tb(exc.__traceback__)
        where = f" ({Path(tb[-1].filename).name}:{tb[-1].lineno})" if tb else ""
        return "errored", f"{check.id} crashed: {exc.__class__.__name__}: {exc}{where}", []
    # one finding per place and message; none in the module of an application nothing serves
    # (auditor.scope.serving: the code never runs)
    unserved = project.unserved_paths
    spans = project.unserved_spans  # a factory nothing names
    seen: set[tuple] = set()
    unique: list[Hit] = []
    for h in found:
        if unserved and h.path in unserved:
            continue
        if spans and h.path in spans and any(a <= h.line <= b for a, b in spans[h.path]):
            continue
        k = (h.path, h.line, h.column, h.message)
        if k not in seen:
            seen.add(k)
            unique.append(h)
    return ("failed" if unique else "passed"), None, unique


def _dedupe_errors(errors: list[ErrorEntry]) -> list[ErrorEntry]:
    from auditor.report import ErrorEntry

    seen: set[tuple] = set()
    out: list[ErrorEntry] = []
    for e in sorted(errors, key=lambda e: (e.path or "", e.message)):
        k = (e.path, e.message)
        if k not in seen:
            seen.add(k)
            out.append(ErrorEntry(path=_utf8(e.path), message=_utf8(e.message)))
    return out


def _utf8(text: str | None) -> str | None:
    """``text`` (which can quote the audited code) made safe to write anywhere as UTF-8.

    A lone surrogate (a ``"\\udce9"`` escape in a string literal of the audited code) and a
    control character other than newline and tab (an ANSI escape sequence in a string
    literal would drive the reader's terminal) become their ``\\x..`` / ``\\u..`` escapes.
    """
    if text is None:
        return None
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(
        lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text
    )


def _surrogates_escaped(text: str | None) -> str | None:
    """A fix diff keeps the file's own characters; a lone surrogate (never in a file read as
    UTF-8, but possible in a fix's new text) is escaped so the diff can be written."""
    if text is None or _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


_SURROGATE = lazy_compile(r"[\ud800-\udfff]")
_UNSAFE = lazy_compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def severity_at_least(sev: str, threshold: str) -> bool:
    return Severity(sev).rank >= Severity(threshold).rank
