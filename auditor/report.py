"""The report: one pydantic model from which every output is a pure function.

The JSON form (``Report.model_dump(mode="json")``) is a contract: ``schema_version`` 1,
published as ``auditor/schema/report.schema.json`` (generated from this model; a test keeps
it current).

Scoring, by hand: each applicable check (enabled, not skipped, not errored) weighs by its
severity, error 10 / warning 4 / info 1.  A passed check earns its weight, a failed one 0.
A category's score is ``round(100 * earned / possible)`` over its checks; the overall score
is the same sum over every check.  Grades: A >= 90, B >= 80, C >= 70, D >= 60, else F.
A category with no applicable check has no score (null).
"""

from __future__ import annotations

from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from auditor.check import CATEGORIES, SEVERITY_WEIGHTS, Severity

SCHEMA_VERSION: Final = 1
Status = Literal["passed", "failed", "skipped", "errored"]
SeverityName = Literal["error", "warning", "info"]
Grade = Literal["A", "B", "C", "D", "F"]

SCORING_TEXT = """\
How the score is computed

  Each applicable check weighs by its severity: error 10, warning 4, info 1.
  A passed check earns its weight; a failed check (one or more findings) earns 0.
  Skipped checks (not applicable, or not enabled) and errored checks do not count.

  category score = round(100 * earned / possible) over the category's checks
  overall score  = round(100 * earned / possible) over every check

  Grade: A >= 90, B >= 80, C >= 70, D >= 60, F below.
  A category with no applicable check shows no score.

  Example: 3 applicable checks, an error (10) and an info (1) pass, a warning (4) fails:
  earned 11 of 15 -> score 73 -> grade C.
"""


class _Model(BaseModel):
    # defer_build: each model's validator and serializer are built when first used, not at
    # import; a warm audit replays a cached Report and serializes it once (issue 12: ~20 ms
    # of a 0.3 s warm run)
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Tool(_Model):
    name: str
    version: str


class GitState(_Model):
    head: str | None = Field(description="commit SHA of HEAD, null in an empty repository")
    branch: str | None
    dirty: bool


class Target(_Model):
    root: str
    git: GitState | None


class Counts(_Model):
    error: int = 0
    warning: int = 0
    info: int = 0


class Summary(_Model):
    score: int | None = Field(
        ge=0,
        le=100,
        description="0-100; null when no check applies",
    )
    grade: Grade | None
    counts: Counts
    files: int
    python_files: int
    parse_errors: int
    files_not_audited: int = Field(
        ge=0,
        description="Python files no check read (syntax errors, undecodable, binary or too large): "
        "when not 0 the score covers only part of the code",
    )
    applications: int = Field(
        ge=0,
        description="FastAPI applications found; with none the folder is not graded (grade null)",
    )
    suppressed: int | None = Field(
        default=None,
        ge=0,
        description="findings silenced by suppression comments or per-file-ignores (F11); present when any were",
    )
    baseline_hidden: int | None = Field(
        default=None,
        ge=0,
        description="findings hidden because the --baseline file holds them; only with --baseline",
    )


def coverage_notes(summary: Summary) -> list[str]:
    """What the grade does not cover, in words every front end shows beside it."""
    notes: list[str] = []
    if summary.applications == 0:
        notes.append("not graded: no FastAPI application found")
    if summary.files_not_audited:
        notes.append(
            f"incomplete: {summary.files_not_audited} of {summary.python_files} "
            "Python files not audited"
        )
    return notes


class CategoryResult(_Model):
    id: str
    title: str
    score: int | None = Field(ge=0, le=100)
    grade: Grade | None
    passed: int
    failed: int
    skipped: int


class Fix(_Model):
    title: str
    diff: str | None = Field(
        description="unified diff of the user's file, null when not mechanical"
    )
    safe: bool


class Finding(_Model):
    check_id: str
    name: str
    category: str
    severity: SeverityName
    path: str | None = Field(
        description="POSIX path relative to the root; null for a project-level finding"
    )
    line: int | None = Field(ge=1)
    column: int | None = Field(ge=1)
    end_line: int | None = Field(ge=1)
    end_column: int | None = Field(ge=1)
    message: str
    confidence: Literal["high", "medium"] = Field(
        default="high",
        description="high: the code proves it; medium: a heuristic (names, thresholds, a project-wide absence)",
    )
    fix: Fix | None
    fingerprint: str | None = Field(
        default=None,
        description="line-independent identity of the finding (normalised code of its span + occurrence index); "
        "present with --baseline, --write-baseline and --diff",
    )
    status: Literal["new", "unchanged"] | None = Field(
        default=None, description="with --diff: new on this branch, or already at the base"
    )


class SuppressedFinding(Finding):
    suppressed_by: str = Field(description="the comment or per-file-ignores glob that silenced it")


class DiffSide(_Model):
    score: int | None = Field(ge=0, le=100)
    grade: Grade | None
    counts: Counts


class DiffCounts(_Model):
    new: int = Field(ge=0)
    fixed: int = Field(ge=0)
    unchanged: int = Field(ge=0)


class DiffSection(_Model):
    base: str = Field(description="the revision given to --diff")
    base_commit: str = Field(
        description="the commit audited as the base (the merge base of BASE and HEAD)"
    )
    merge_base: bool = Field(
        description="false when no merge base was found (shallow or unrelated history) and BASE itself was used"
    )
    note: str | None = None
    before: DiffSide
    after: DiffSide
    counts: DiffCounts
    new: list[Finding] = Field(description="findings introduced on this branch")
    fixed: list[Finding] = Field(
        description="base findings gone on this branch (paths and lines of the base)"
    )


class CheckResult(_Model):
    id: str
    name: str
    category: str
    severity: SeverityName
    status: Status
    reason: str | None = Field(description="why the check was skipped or errored")
    findings: int = Field(ge=0, description="number of findings of this check")


class ErrorEntry(_Model):
    path: str | None
    message: str


class Report(_Model):
    schema_version: Literal[1] = SCHEMA_VERSION
    tool: Tool
    target: Target
    summary: Summary
    categories: list[CategoryResult]
    checks: list[CheckResult]
    findings: list[Finding]
    errors: list[ErrorEntry]
    timings: dict[str, float] | None = Field(
        default=None, description="seconds per phase; only with --timings"
    )
    suppressed: list[SuppressedFinding] | None = Field(
        default=None, description="suppressed findings; only with --show-suppressed"
    )
    diff: DiffSection | None = Field(
        default=None, description="the comparison with a base revision; only with --diff"
    )

    def to_json(self) -> str:
        import json

        data = self.model_dump(mode="json", exclude_none=False)
        # optional sections are left out when absent, so reports without them keep their bytes
        for key in ("timings", "suppressed", "diff"):
            if data.get(key) is None:
                data.pop(key, None)
        for key in ("suppressed", "baseline_hidden"):
            if data["summary"].get(key) is None:
                data["summary"].pop(key, None)
        lists = [data["findings"], data.get("suppressed") or []]
        if data.get("diff"):
            lists += [data["diff"]["new"], data["diff"]["fixed"]]
        for items in lists:
            for f in items:
                for key in ("fingerprint", "status"):
                    if f.get(key) is None:
                        f.pop(key, None)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def grade_for(score: int | None) -> Grade | None:
    if score is None:
        return None
    if score >= 90:
        return "A"
    if score >= 80:
        return "B"
    if score >= 70:
        return "C"
    if score >= 60:
        return "D"
    return "F"


def _score(earned: int, possible: int) -> int | None:
    if possible == 0:
        return None
    return round(100 * earned / possible)


def score_checks(checks: list[CheckResult]) -> tuple[int | None, list[CategoryResult]]:
    """Overall score and per-category results, by the formula in this module's docstring."""
    total_e = total_p = 0
    cats: list[CategoryResult] = []
    for cat in CATEGORIES:
        earned = possible = passed = failed = skipped = 0
        for c in checks:
            if c.category != cat.id:
                continue
            if c.status in ("skipped", "errored"):
                skipped += 1
                continue
            w = SEVERITY_WEIGHTS[Severity(c.severity)]
            possible += w
            if c.status == "passed":
                earned += w
                passed += 1
            else:
                failed += 1
        total_e += earned
        total_p += possible
        s = _score(earned, possible)
        cats.append(
            CategoryResult(
                id=cat.id,
                title=cat.title,
                score=s,
                grade=grade_for(s),
                passed=passed,
                failed=failed,
                skipped=skipped,
            )
        )
    return _score(total_e, total_p), cats


def json_schema() -> dict[str, Any]:
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "fastapi-auditor report"
    return schema
