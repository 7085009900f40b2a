"""The audit engine: repository -> module facts -> project model -> checks -> report.

* Each Python file is read once and parsed at most once (stdlib ``ast``); one batched walk
  per module runs every check's hooks and records the module facts (``auditor.walker``).
* Module facts are cached by content hash (``auditor.cache``), so an unchanged file is
  never parsed again; large trees are parsed across processes.
* The project model is built once from the facts and handed read-only to the checks'
  ``judge`` / ``check_project`` stages.  A crashing check is isolated (status ``errored``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor import __version__
from auditor.check import CATEGORY_ORDER, Check, Hit, Severity
from auditor.config import ProjectConfig, deferred_to_ruff, glob_regex, load_config
from auditor.facts import ModuleFacts
from auditor.inventory import read_inventory
from auditor.project import Project, module_aliases
from auditor.report import (
    CheckResult,
    Counts,
    ErrorEntry,
    Finding,
    Fix,
    GitState,
    Report,
    Summary,
    SuppressedFinding,
    Target,
    Tool,
    grade_for,
    score_checks,
)
from auditor.repository import (
    MAX_PYTHON_BYTES,
    Repository,
    alembic_layout,
    classify,
    open_repository,
)
from auditor.selection import SelectionError, enabled_ids, expand_ids  # noqa: F401 - re-exported
from auditor.source import SourceProblem, module_name, parse

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
_WORKER_HOOKS: dict[str, Any] = {}


def _worker_checks() -> list[Check]:
    global _WORKER_CHECKS
    if _WORKER_CHECKS is None:
        _WORKER_CHECKS = load_checks()
    return _WORKER_CHECKS


def analyze_module(
    path: str, data: bytes, file_class: str, project_modules: frozenset[str]
) -> ModuleFacts:
    """Parse one module and run the batched pass: never raises."""
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
    hooks = _WORKER_HOOKS.get(file_class)
    if hooks is None:
        hooks = _WORKER_HOOKS[file_class] = build_hooks(checks, file_class)
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


def _analyze_batch(
    batch: list[tuple[str, bytes, str]], project_modules: frozenset[str]
) -> list[ModuleFacts]:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 6000))
    return [analyze_module(p, d, c, project_modules) for p, d, c in batch]


# -- the audit ------------------------------------------------------------------------------------


@dataclass
class AuditResult:
    report: Report
    project: Project
    checks: list[Check]
    hits: list[Hit]
    config: ProjectConfig | None = None  # the configuration in force (None: none read)


def audit(
    target: str | os.PathLike[str],
    options: Options | None = None,
    progress: ProgressCallback | None = None,
    repo: Repository | None = None,
) -> AuditResult:
    """Audit ``target``.  Raises TargetError (bad target) or SelectionError (bad IDs)."""
    import gc

    # The facts of a large project are millions of small objects: the cyclic collector would
    # re-traverse them on every allocation burst (measured: half the warm time on 2,000
    # files).  The audit makes no garbage cycles worth collecting; collect once at the end.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _audit(target, options, progress, repo)
    finally:
        if gc_was_enabled:
            gc.enable()


def _audit(
    target: str | os.PathLike[str],
    options: Options | None,
    progress: ProgressCallback | None,
    repo: Repository | None,
) -> AuditResult:
    opts = options or Options()
    t0 = time.perf_counter()
    timings: dict[str, float] = {}
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
    t1 = time.perf_counter()
    timings["list"] = t1 - t0

    layout = alembic_layout(repo)
    py_paths = repo.python_files()
    classes = {p: classify(p, layout) for p in py_paths}
    root_package = (
        repo.root.name.replace("-", "_")
        if "__init__.py" in repo.files and repo.root.name.isidentifier()
        else None
    )
    aliases = module_aliases(py_paths, repo.files, root_package)
    project_modules = _top_modules(py_paths, aliases)

    # read
    sources: dict[str, bytes] = {}
    for p in py_paths:
        data = repo.read_bytes(p, limit=MAX_PYTHON_BYTES)
        if data is not None:
            sources[p] = data
    t2 = time.perf_counter()
    timings["read"] = t2 - t1

    # facts: cache, then parse what is missing
    from auditor.cache import FactsCache

    cache = FactsCache.open(repo.root, opts.cache_dir) if opts.use_cache else None
    facts: dict[str, ModuleFacts] = {}
    todo: list[tuple[str, bytes, str]] = []
    keys: dict[str, str] = {}
    modules_sig = hashlib.blake2b(repr(sorted(project_modules)).encode(), digest_size=8).hexdigest()
    for p, data in sources.items():
        key = hashlib.blake2b(data, digest_size=16).hexdigest() + f":{classes[p]}:{modules_sig}"
        keys[p] = key
        cached = cache.get(p, key) if cache else None
        if cached is not None:
            facts[p] = cached
        else:
            todo.append((p, data, classes[p]))
    for p, module_facts in _parse_all(todo, project_modules, opts, progress, total=len(sources)):
        facts[p] = module_facts
        if cache is not None:
            cache.put(p, keys[p], module_facts)
    t3 = time.perf_counter()
    timings["parse"] = t3 - t2

    if progress:
        progress(Progress("model", 0, 1))
    inventory = read_inventory(repo)
    project = Project(repo, [facts[p] for p in sorted(facts)], inventory, settings, aliases)
    t4 = time.perf_counter()
    timings["model"] = t4 - t3

    # checks
    hits_by_check: dict[str, list[Hit]] = defaultdict(list)
    crashed: dict[str, str] = {}
    for p in sorted(facts):
        f = facts[p]
        for h in f.hits:
            hits_by_check[h.check_id].append(h)
        for cid, msg in f.check_errors.items():
            crashed.setdefault(cid, msg)
    if settings.get("defer-to-ruff") is True:
        for cid, why in deferred_to_ruff(project, enabled).items():
            enabled.discard(cid)
            skip_reasons[cid] = why
    suppressor = None
    if opts.suppressions:
        from auditor.suppressions import Suppressor

        per_file = config.per_file_rules(known) if config is not None else []
        suppressor = Suppressor(repo, sources, known, per_file)
    suppressed: list[tuple[Hit, str]] = []
    results: list[CheckResult] = []
    all_hits: list[Hit] = []
    errors: list[ErrorEntry] = []
    for i, check in enumerate(checks):
        if progress:
            progress(Progress("checks", i, len(checks), check.id))
        status, reason, found = _run_check(
            check, enabled, skip_reasons, project, hits_by_check.get(check.id, []), crashed
        )
        if status == "errored":
            errors.append(ErrorEntry(path=None, message=reason or f"{check.id} crashed"))
        if found and suppressor is not None:
            found = _unsuppressed(found, suppressor, suppressed)
            if not found:
                status = "passed"  # every finding was accepted where it stands
        results.append(
            CheckResult(
                id=check.id,
                name=check.name,
                category=check.category,
                severity=severity_overrides.get(check.id, check.severity.value),
                status=status,
                reason=_utf8(reason),
                findings=len(found),
            )
        )
        all_hits.extend(found)
    if suppressor is not None:
        from auditor.suppressions import UnusedSuppression

        if UnusedSuppression.id in enabled:
            ran = {r.id for r in results if r.status in ("passed", "failed")}
            all_hits.extend(_unsuppressed(suppressor.unused(ran), suppressor, suppressed))
    t5 = time.perf_counter()
    timings["checks"] = t5 - t4

    from auditor.suppressions import meta_by_id

    by_id: dict[str, Check] = {c.id: c for c in checks}
    by_id.update(meta_by_id())
    fix_errors: list[ErrorEntry] = []
    findings = _findings(
        all_hits, by_id, project, sources, opts, cache, severity_overrides, fix_errors
    )
    suppressed_findings = None
    if opts.show_suppressed:
        no_fix = dataclasses.replace(opts, fixes=False)
        suppressed_findings = sorted(
            (
                SuppressedFinding(**f.model_dump(), suppressed_by=why)
                for h, why in suppressed
                for f in _findings([h], by_id, project, sources, no_fix, None, severity_overrides)
            ),
            key=_finding_order,
        )
    if cache is not None:
        cache.save()

    errors.extend(fix_errors)
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

    score, categories = score_checks(results)
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
    t6 = time.perf_counter()
    timings["output"] = t6 - t5
    timings["total"] = t6 - t0
    git = repo.git
    report = Report(
        tool=Tool(name="fastapi-auditor", version=__version__),
        target=Target(
            root=repo.display_root,
            git=GitState(head=git.head, branch=git.branch, dirty=git.dirty) if git else None,
        ),
        summary=Summary(
            score=score,
            grade=grade,
            counts=counts,
            files=len(repo.files),
            python_files=len(py_paths),
            parse_errors=parse_errors,
            files_not_audited=len(py_paths) - audited,
            applications=applications,
            suppressed=len(suppressed) or None,
        ),
        categories=categories,
        checks=sorted(results, key=lambda r: (CATEGORY_ORDER[r.category], r.id)),
        findings=findings,
        errors=errors,
        timings={k: round(v, 4) for k, v in timings.items()} if opts.timings else None,
        suppressed=suppressed_findings,
    )
    return AuditResult(report=report, project=project, checks=checks, hits=all_hits, config=config)


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


def _top_modules(py_paths: list[str], aliases: dict[str, str]) -> frozenset[str]:
    tops = {module_name(p)[0].split(".", 1)[0] for p in py_paths}
    tops |= {a.split(".", 1)[0] for a in aliases}
    return frozenset(tops)


def _parse_all(todo, project_modules, opts: Options, progress, total: int):
    done = total - len(todo)
    if not todo:
        if progress:
            progress(Progress("parse", total, total))
        return
    jobs = opts.jobs
    if jobs is None:
        jobs = min(os.cpu_count() or 1, 8) if len(todo) >= PARALLEL_THRESHOLD else 1
    if jobs <= 1:
        sys.setrecursionlimit(max(sys.getrecursionlimit(), 6000))
        for p, data, cls in todo:
            if progress:
                progress(Progress("parse", done, total, p))
            yield p, analyze_module(p, data, cls, project_modules)
            done += 1
        if progress:
            progress(Progress("parse", total, total))
        return
    # big files first, batches sized for balance
    ordered = sorted(todo, key=lambda t: -len(t[1]))
    n_batches = jobs * 4
    batches: list[list[tuple[str, bytes, str]]] = [[] for _ in range(n_batches)]
    sizes = [0] * n_batches
    for item in ordered:
        i = sizes.index(min(sizes))
        batches[i].append(item)
        sizes[i] += len(item[1]) + 200
    batches = [b for b in batches if b]
    import multiprocessing

    ctx = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        futures = [pool.submit(_analyze_batch, b, project_modules) for b in batches]
        if progress:
            progress(Progress("parse", done, total))
        try:
            for fut in futures:
                for mf in fut.result():
                    done += 1
                    if progress:
                        progress(Progress("parse", done, total, mf.path))
                    yield mf.path, mf
        except BaseException:
            # stopped early (a progress callback raised to cancel the audit, or ctrl+c): do not
            # parse the batches that have not started
            pool.shutdown(wait=False, cancel_futures=True)
            raise


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
    # one finding per place and message
    seen: set[tuple] = set()
    unique: list[Hit] = []
    for h in found:
        k = (h.path, h.line, h.column, h.message)
        if k not in seen:
            seen.add(k)
            unique.append(h)
    return ("failed" if unique else "passed"), None, unique


def _findings(
    hits,
    by_id,
    project,
    sources,
    opts: Options,
    cache,
    severity_overrides=None,
    errors: list[ErrorEntry] | None = None,
) -> list[Finding]:
    from auditor.fixes import FixError, build_fix

    out: list[Finding] = []
    for h in hits:
        check = by_id[h.check_id]
        sev = (severity_overrides or {}).get(h.check_id) or (h.severity or check.severity).value
        fix = None
        title = h.fix_title or check.fix_title
        if title:
            diff = None
            data = sources.get(h.path) if h.path else None
            text_file = bool(h.path) and not h.path.endswith(".py") and project.repo.exists(h.path)
            if data is None and opts.fixes and h.fixable and text_file:
                data = project.repo.read_bytes(
                    h.path
                )  # a text fix on a config file (Dockerfile, ...)
            if opts.fixes and h.fixable and data is not None:
                try:
                    diff = build_fix(check, h, project, data, cache)
                except FixError as exc:
                    if errors is not None:
                        errors.append(ErrorEntry(path=h.path, message=str(exc)))
            fix = Fix(title=_utf8(title), diff=_surrogates_escaped(diff), safe=check.fix_safe)
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


def _dedupe_errors(errors: list[ErrorEntry]) -> list[ErrorEntry]:
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


_SURROGATE = re.compile(r"[\ud800-\udfff]")
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def severity_at_least(sev: str, threshold: str) -> bool:
    return Severity(sev).rank >= Severity(threshold).rank
