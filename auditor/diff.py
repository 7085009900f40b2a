"""Code-review mode, ``--diff BASE``: what does this branch change?

The working tree is audited as usual; the merge base of BASE and HEAD is read from git
objects (``GitRevisionRepository``: no checkout, no stash, no change to the work tree or
the index) and audited with the same configuration.  Findings are matched by fingerprint
(``auditor.fingerprint``), so moved lines and renamed files keep their identity, and
classified as **new** (only on this branch), **unchanged** (on both sides) or **fixed**
(only at the base).
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from auditor.engine import AuditResult, Options, ProgressCallback, audit
from auditor.fingerprint import Print, compute, match
from auditor.report import DiffCounts, DiffSection, DiffSide, Report
from auditor.repository import (
    Repository,
    TargetError,
    git_environment,
    open_repository,
    open_revision,
)


class DiffError(TargetError):
    """BASE cannot be compared with (not a git repository, unknown revision): exit code 2."""


@dataclass
class DiffRun:
    report: Report  # the working tree's report with per-finding status and the diff section
    head: AuditResult
    base: AuditResult
    head_prints: list[Print]

    @property
    def new(self) -> list:
        return [f for f in self.report.findings if f.status == "new"]


@dataclass(frozen=True)
class BaseRevision:
    given: str
    commit: object  # a GitPython commit
    git_repo: object
    merge_base: bool
    note: str | None


def resolve_base(work: Repository, base: str) -> BaseRevision:
    """The commit to compare with: the merge base of ``base`` and HEAD (DiffError if none)."""
    import git

    if work.git is None:
        raise DiffError(
            f"--diff needs a git repository: {work.display_root} is not inside a git work tree"
        )
    try:
        repo = git.Repo(work.root, search_parent_directories=True)
        repo.git.update_environment(
            **git_environment()
        )  # read-only, no fsmonitor command of the repository
    except Exception as exc:  # pragma: no cover - listed as git a moment ago
        raise DiffError(
            f"--diff: cannot open the git repository of {work.display_root} ({exc.__class__.__name__})"
        ) from None
    shallow = _is_shallow(repo)
    try:
        base_commit = repo.commit(base)
    except Exception:
        hint = (
            " (this is a shallow clone: fetch the base first, e.g. `git fetch --depth=100 origin main`)"
            if shallow
            else ""
        )
        raise DiffError(f"--diff {base}: no such revision in {work.display_root}{hint}") from None
    try:
        head = repo.head.commit
    except ValueError:
        return BaseRevision(
            base, base_commit, repo, False, "HEAD has no commit yet: compared with BASE itself"
        )
    try:
        bases = repo.merge_base(base_commit, head)
    except Exception:
        bases = []
    if bases:
        return BaseRevision(base, bases[0], repo, True, None)
    if shallow:
        note = (
            "shallow clone: the merge base of BASE and HEAD is not in the fetched history, so BASE itself "
            "was compared (fetch more history, e.g. actions/checkout with fetch-depth: 0)"
        )
    else:
        note = "BASE and HEAD have no common history: compared with BASE itself"
    return BaseRevision(base, base_commit, repo, False, note)


def _is_shallow(repo) -> bool:
    try:
        return (Path(repo.git_dir) / "shallow").exists()
    except Exception:
        return False


def audit_diff(
    target: str | os.PathLike[str],
    base: str,
    options: Options | None = None,
    progress: ProgressCallback | None = None,
    repo: Repository | None = None,
    baseline=None,
) -> DiffRun:
    """Audit the working tree and the merge base of ``base``; classify the findings."""
    opts = options or Options()
    work = repo or open_repository(target)
    rev = resolve_base(work, base)
    if opts.config is None and opts.use_config:
        from auditor.config import load_config

        opts = dataclasses.replace(
            opts, config=load_config(work)
        )  # the branch's configuration, both sides
    head = audit(target, opts, progress, repo=work)
    base_repo = open_revision(work, rev.git_repo, rev.commit)
    base_result = audit(target, opts, None, repo=base_repo)

    head_report, base_report = head.report, base_result.report
    head_prints = compute(head_report.findings, head.project.repo.read_text)
    base_prints = compute(base_report.findings, base_result.project.repo.read_text)
    if baseline is not None:
        from auditor.baseline import apply

        head_report, head_prints = apply(head_report, head_prints, baseline)
        base_report, base_prints = apply(base_report, base_prints, baseline)

    head_files = frozenset(head.project.repo.files)
    base_files = frozenset(base_result.project.repo.files)

    def moved(head_path: str, base_path: str) -> bool:
        return head_path not in base_files or base_path not in head_files

    pairs = match(
        head_prints,
        base_prints,
        [f.line or 0 for f in head_report.findings],
        [f.line or 0 for f in base_report.findings],
        moved=moved,
    )
    findings = [
        f.model_copy(update={"fingerprint": p.text, "status": "unchanged" if i in pairs else "new"})
        for i, (f, p) in enumerate(zip(head_report.findings, head_prints, strict=True))
    ]
    matched_base = set(pairs.values())
    fixed = [
        f.model_copy(update={"fingerprint": p.text})
        for j, (f, p) in enumerate(zip(base_report.findings, base_prints, strict=True))
        if j not in matched_base
    ]
    new = [f for f in findings if f.status == "new"]
    section = DiffSection(
        base=base,
        base_commit=rev.commit.hexsha,  # type: ignore[attr-defined]
        merge_base=rev.merge_base,
        note=rev.note,
        before=DiffSide(
            score=base_report.summary.score,
            grade=base_report.summary.grade,
            counts=base_report.summary.counts,
        ),
        after=DiffSide(
            score=head_report.summary.score,
            grade=head_report.summary.grade,
            counts=head_report.summary.counts,
        ),
        counts=DiffCounts(new=len(new), fixed=len(fixed), unchanged=len(findings) - len(new)),
        new=new,
        fixed=fixed,
    )
    report = head_report.model_copy(update={"findings": findings, "diff": section})
    return DiffRun(report=report, head=head, base=base_result, head_prints=head_prints)
