"""Which checks run: the ``select`` / ``enable`` / ``ignore`` layers of the configuration file
and the command line, resolved against the known check IDs (ruff's conventions)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from auditor.check import Check
    from auditor.config import ProjectConfig
    from auditor.engine import Options


class SelectionError(ValueError):
    """An unknown check ID or prefix in --select/--ignore/--enable (exit 2)."""


def expand_ids(tokens: Iterable[str], known: Sequence[str], what: str) -> set[str]:
    out: set[str] = set()
    for raw in tokens:
        for tok in str(raw).split(","):
            tok = tok.strip().upper()
            if not tok:
                continue
            if tok == "ALL":
                out.update(known)
                continue
            matched = [k for k in known if k.startswith(tok)]
            if not matched:
                raise SelectionError(f"{what}: unknown check ID or prefix {tok!r}")
            out.update(matched)
    return out


def enabled_ids(
    checks: Sequence[Check], opts: Options, config: ProjectConfig | None = None
) -> tuple[set[str], dict[str, str]]:
    """The enabled check IDs, and the skip reason of every other one.

    Two layers, like ruff: the configuration file's ``select`` / ``enable`` / ``ignore``,
    then the command line's (``--select`` replaces the selection so far, ``--enable`` adds,
    ``--ignore`` removes).  The built-in meta checks (``AUD``) are on by default.
    """
    from auditor.suppressions import META_CHECKS

    known = [c.id for c in checks] + [m.id for m in META_CHECKS]
    reasons: dict[str, str] = {}
    enabled = {c.id for c in checks if c.default_enabled} | {m.id for m in META_CHECKS}
    ignored: set[str] = set()
    any_select = False
    layers: list[tuple[Any, Any, Any, str]] = []
    if config is not None:
        where = f"{config.file}: " if config.file else ""
        layers.append((config.select, config.enable, config.ignore, where))
    layers.append((opts.select, opts.enable, opts.ignore, "--"))
    for select, enable, ignore, where in layers:
        if select:
            enabled = expand_ids(select, known, f"{where}select")
            any_select = True
        enabled |= expand_ids(enable, known, f"{where}enable")
        dropped = expand_ids(ignore, known, f"{where}ignore")
        enabled -= dropped
        ignored |= dropped
    for c in checks:
        if c.id in enabled:
            continue
        if c.id in ignored:
            reasons[c.id] = "ignored by configuration"
        elif not c.default_enabled and not any_select:
            reasons[c.id] = f"off by default (enable with --enable {c.id})"
        else:
            reasons[c.id] = "not selected"
    return enabled, reasons
