"""Project configuration (F11): ``[tool.auditor]`` in ``pyproject.toml``, or ``auditor.toml``.

The file is read through the repository (never the disk directly), validated strictly (an
unknown key or check ID is a :class:`ConfigError` naming it and its file, exit code 2, like
ruff) and turned into a :class:`ProjectConfig`.  Command-line flags are a second layer on
top of it: ``--select`` replaces the file's ``select``, ``--enable`` / ``--ignore`` add to
what the file enabled / ignored, ``--set`` overrides a threshold, ``--fail-on`` /
``--fail-under`` override the file's.

When both files exist, ``auditor.toml`` wins (its keys sit at the top level, without the
``[tool.auditor]`` header) and ``[tool.auditor]`` in ``pyproject.toml`` is not read.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from auditor.repository import Repository
from auditor.selection import SelectionError, expand_ids

CONFIG_FILES = ("auditor.toml", "pyproject.toml")
SEVERITIES = ("error", "warning", "info")
FAIL_ON = ("error", "warning", "info", "never")

#: Thresholds and switches (F11): name -> (kind, default, help).
THRESHOLDS: dict[str, tuple[str, Any, str]] = {
    "settings-max-fields": (
        "int",
        20,
        "SET006: fields of one settings class before it is monolithic",
    ),
    "app-routes-max": ("int", 15, "STR001: routes registered directly on one FastAPI app"),
    "base-model-min-models": ("int", 8, "models before a shared project base model is expected"),
    "public-api": ("bool", False, "true turns RTE002 (docs exposed in production) off"),
    "defer-to-ruff": (
        "bool",
        False,
        "leave the ruff-overlapping checks to ruff when it selects their codes",
    ),
}

KEYS = (
    "select",
    "ignore",
    "enable",
    "per-file-ignores",
    "severity",
    "exclude",
    *THRESHOLDS,
    "fail-on",
    "fail-under",
    "fail-on-incomplete",
)

#: Checks that overlap ruff rules (the catalogue's overlap table, docs/catalogue.md; a test
#: keeps the two equal): ID -> ruff codes of the same rule.  The one table both uses read:
#: a noqa comment naming one of the codes silences the check on that statement
#: (:mod:`auditor.suppressions`), and ``defer-to-ruff`` leaves the check to ruff when the
#: project's ruff configuration selects one (:func:`deferred_to_ruff`).  A rule that only
#: complements a check (RTE001 reports a missing response model, FAST001 a redundant one) is
#: not listed: its noqa says nothing about the check, and ruff does not cover it.
RUFF_OVERLAP: dict[str, tuple[str, ...]] = {
    "ASY001": ("ASYNC210", "ASYNC220", "ASYNC221", "ASYNC222", "ASYNC251"),
    "ASY002": ("ASYNC212", "ASYNC230", "ASYNC240"),
    "ASY004": ("RUF006",),
    "PYD005": ("RUF013",),
    "DEP001": ("FAST002",),
    "RTE005": ("FAST003",),
    "DBS002": ("S608",),
    "SET003": ("S105", "S106", "S107"),
    "SEC006": ("DTZ003", "DTZ004"),
}


class ConfigError(SelectionError):
    """A configuration file (or flag) that cannot be used: exit code 2."""


@dataclass
class ProjectConfig:
    """The project's configuration file, validated.  IDs are kept as written (prefixes)."""

    file: str | None = None  # display path of the file in use ("pyproject.toml [tool.auditor]")
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    enable: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)  # glob -> IDs/prefixes
    severity: dict[str, str] = field(default_factory=dict)  # ID/prefix -> severity
    exclude: list[str] = field(default_factory=list)
    thresholds: dict[str, Any] = field(default_factory=dict)
    fail_on: str | None = None
    fail_under: int | None = None
    fail_on_incomplete: bool | None = None
    notes: list[str] = field(default_factory=list)
    present: frozenset[str] = frozenset()  # keys the file sets

    # -- resolved forms used by the engine ---------------------------------------------
    def severity_overrides(self, known: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        # a longer (more specific) prefix wins over a shorter one
        for key in sorted(self.severity, key=len):
            for cid in expand_ids([key], known, "severity"):
                out[cid] = self.severity[key]
        return out

    def per_file_rules(
        self, known: Sequence[str]
    ) -> list[tuple[str, re.Pattern[str], frozenset[str]]]:
        return [
            (glob, glob_regex(glob), frozenset(expand_ids(ids, known, "per-file-ignores")))
            for glob, ids in self.per_file_ignores.items()
        ]


def known_ids() -> list[str]:
    from auditor.suppressions import META_CHECKS
    from checks import all_checks

    return [c.id for c in all_checks()] + [c.id for c in META_CHECKS]


def _display(repo: Repository, name: str) -> str:
    root = repo.display_root
    return name if root in (".", "") else f"{root.rstrip('/')}/{name}"


def load_config(repo: Repository, known: Sequence[str] | None = None) -> ProjectConfig:
    """The configuration of the audited root (empty when there is none)."""
    known = list(known) if known is not None else known_ids()
    has_toml = repo.exists("auditor.toml")
    if has_toml:
        where = _display(repo, "auditor.toml")
        text = repo.read_text("auditor.toml")
        if text is None:
            raise ConfigError(f"{where}: cannot be read")
        try:
            data = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, RecursionError) as exc:
            raise ConfigError(f"{where}: invalid TOML: {exc}") from None
        cfg = parse_config(data, where, known, prefix="")
        cfg.file = where
        if _pyproject_section(repo) is not None:
            cfg.notes.append(
                f"{_display(repo, 'pyproject.toml')} [tool.auditor] is not read: auditor.toml takes precedence"
            )
        return cfg
    section = _pyproject_section(repo)
    if section is None:
        return ProjectConfig()
    where = _display(repo, "pyproject.toml")
    if not isinstance(section, dict):
        raise ConfigError(f"{where}: [tool.auditor] must be a table")
    cfg = parse_config(section, where, known, prefix="[tool.auditor] ")
    cfg.file = f"{where} [tool.auditor]"
    return cfg


def _pyproject_section(repo: Repository) -> Any:
    if not repo.exists("pyproject.toml"):
        return None
    text = repo.read_text("pyproject.toml")
    if text is None:
        return None
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        # a broken pyproject is an error entry of the audit (F9) -- unless it holds our table
        if re.search(r"^\s*\[\s*tool\s*\.\s*auditor\b", text, re.MULTILINE):
            raise ConfigError(f"{_display(repo, 'pyproject.toml')}: invalid TOML: {exc}") from None
        return None
    tool = data.get("tool")
    return tool.get("auditor") if isinstance(tool, dict) else None


def parse_config(
    data: dict[str, Any], where: str, known: Sequence[str], prefix: str = ""
) -> ProjectConfig:
    """Validate one configuration table; ConfigError on the first problem."""

    def fail(key: str | None, msg: str) -> ConfigError:
        at = f"{prefix}{key}" if key else prefix.strip()
        return ConfigError(f"{where}: {at}: {msg}" if at else f"{where}: {msg}")

    cfg = ProjectConfig()
    for key in data:
        if key not in KEYS:
            hint = difflib.get_close_matches(key.replace("_", "-"), KEYS, n=1)
            extra = f" (did you mean {hint[0]!r}?)" if hint else ""
            if key == "tool" and not prefix:
                extra = " (auditor.toml takes the keys at the top level, without a [tool.auditor] header)"
            raise fail(None, f"unknown key {key!r}{extra}; known keys: {', '.join(KEYS)}")

    def id_list(key: str, value: Any) -> list[str]:
        if isinstance(value, str):
            items = [v for v in (x.strip() for x in value.split(",")) if v]
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            items = [v.strip() for v in value if v.strip()]
        else:
            raise fail(key, f"expected a list of check IDs or prefixes, got {_show(value)}")
        for tok in items:
            try:
                expand_ids([tok], known, "x")
            except SelectionError:
                raise fail(key, f"unknown check ID or prefix {tok.upper()!r}") from None
        return [t.upper() for t in items]

    if "select" in data:
        cfg.select = id_list("select", data["select"])
    if "ignore" in data:
        cfg.ignore = id_list("ignore", data["ignore"])
    if "enable" in data:
        cfg.enable = id_list("enable", data["enable"])
    if "per-file-ignores" in data:
        table = data["per-file-ignores"]
        if not isinstance(table, dict):
            raise fail("per-file-ignores", f"expected a table of glob = [IDs], got {_show(table)}")
        for glob, ids in table.items():
            if not glob.strip():
                raise fail("per-file-ignores", "empty glob")
            cfg.per_file_ignores[glob] = id_list(f"per-file-ignores.{_quote(glob)}", ids)
    if "severity" in data:
        table = data["severity"]
        if not isinstance(table, dict):
            raise fail(
                "severity",
                f'expected a table of ID = "error" | "warning" | "info", got {_show(table)}',
            )
        for cid, sev in table.items():
            key = f"severity.{cid}"
            try:
                expand_ids([cid], known, "x")
            except SelectionError:
                raise fail("severity", f"unknown check ID or prefix {cid.upper()!r}") from None
            if not isinstance(sev, str) or sev.lower() not in SEVERITIES:
                raise fail(key, f"{_show(sev)} is not a severity (error, warning, info)")
            cfg.severity[cid.upper()] = sev.lower()
    if "exclude" in data:
        value = data["exclude"]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise fail("exclude", f"expected a list of globs, got {_show(value)}")
        cfg.exclude = [v.strip() for v in value]
    for name in THRESHOLDS:
        if name in data:
            try:
                cfg.thresholds[name] = check_threshold(name, data[name])
            except ValueError as exc:
                raise fail(name, str(exc)) from None
    if "fail-on" in data:
        value = data["fail-on"]
        if not isinstance(value, str) or value.lower() not in FAIL_ON:
            raise fail("fail-on", f"{_show(value)} is not one of {', '.join(FAIL_ON)}")
        cfg.fail_on = value.lower()
    if "fail-under" in data:
        value = data["fail-under"]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            raise fail("fail-under", f"expected a score from 0 to 100, got {_show(value)}")
        cfg.fail_under = value
    if "fail-on-incomplete" in data:
        value = data["fail-on-incomplete"]
        if not isinstance(value, bool):
            raise fail("fail-on-incomplete", f"expected true or false, got {_show(value)}")
        cfg.fail_on_incomplete = value
    cfg.present = frozenset(data)
    return cfg


def check_threshold(name: str, value: Any) -> Any:
    """A threshold's value, checked (ValueError with the reason)."""
    if name not in THRESHOLDS:
        hint = difflib.get_close_matches(name, THRESHOLDS, n=1)
        extra = f" (did you mean {hint[0]!r}?)" if hint else ""
        raise ValueError(f"unknown setting {name!r}{extra}; known: {', '.join(THRESHOLDS)}")
    kind = THRESHOLDS[name][0]
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"expected a whole number of at least 1, got {_show(value)}")
        return value
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {_show(value)}")
    return value


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list" + (" of non-strings" if any(not isinstance(v, str) for v in value) else "")
    return repr(value)


def _quote(glob: str) -> str:
    return f'"{glob}"'


# -- globs ------------------------------------------------------------------------------------


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A gitignore-like glob as a regex over POSIX paths.

    ``*`` and ``?`` stay inside one path segment, ``**`` crosses folders; a pattern without
    a ``/`` (other than a trailing one) matches at any depth; a pattern matches a path and
    everything beneath it (``legacy`` and ``legacy/`` exclude the whole folder).
    """
    p = pattern.strip()
    anchored = "/" in p.rstrip("/")
    p = p.strip("/")
    out: list[str] = []
    i = 0
    while i < len(p):
        c = p[i]
        if p.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif p.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = p.find("]", i + 1)
            if j == -1:
                out.append(re.escape(c))
                i += 1
            else:
                body = p[i + 1 : j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    lead = "" if anchored else "(?:.*/)?"
    return re.compile(f"{lead}{''.join(out)}(?:/.*)?")


def glob_matches(pattern: re.Pattern[str], path: str) -> bool:
    return pattern.fullmatch(path) is not None


# -- the command line layer and the effective configuration ----------------------------------


@dataclass
class CliLayer:
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    enable: list[str] = field(default_factory=list)
    thresholds: dict[str, Any] = field(default_factory=dict)
    fail_on: str | None = None
    fail_under: int | None = None
    fail_on_incomplete: bool | None = None


def effective(cfg: ProjectConfig, cli: CliLayer) -> list[tuple[str, Any, str]]:
    """(key, value, where it came from) for every configuration key, in KEYS order."""
    src = cfg.file or ""
    rows: list[tuple[str, Any, str]] = []
    if cli.select:
        rows.append(("select", _split(cli.select), "command line (--select)"))
    elif cfg.select is not None:
        rows.append(("select", cfg.select, src))
    else:
        rows.append(("select", None, "default (every default-on check)"))
    for key, file_val, cli_val in (
        ("ignore", cfg.ignore, cli.ignore),
        ("enable", cfg.enable, cli.enable),
    ):
        cli_items = _split(cli_val)
        parts = [s for s, v in ((src, file_val), (f"command line (--{key})", cli_items)) if v]
        rows.append((key, [*file_val, *cli_items], " + ".join(parts) if parts else "default"))
    rows.append(
        ("per-file-ignores", cfg.per_file_ignores, src if cfg.per_file_ignores else "default")
    )
    rows.append(("severity", cfg.severity, src if cfg.severity else "default"))
    rows.append(("exclude", cfg.exclude, src if cfg.exclude else "default"))
    for name, (_, default, _help) in THRESHOLDS.items():
        if name in cli.thresholds:
            rows.append((name, cli.thresholds[name], f"command line (--set {name}=...)"))
        elif name in cfg.thresholds:
            rows.append((name, cfg.thresholds[name], src))
        else:
            rows.append((name, default, "default"))
    if cli.fail_on:
        rows.append(("fail-on", cli.fail_on, "command line (--fail-on)"))
    elif cfg.fail_on:
        rows.append(("fail-on", cfg.fail_on, src))
    else:
        rows.append(("fail-on", "error", "default"))
    if cli.fail_under is not None:
        rows.append(("fail-under", cli.fail_under, "command line (--fail-under)"))
    elif cfg.fail_under is not None:
        rows.append(("fail-under", cfg.fail_under, src))
    else:
        rows.append(("fail-under", None, "default (no score threshold)"))
    if cli.fail_on_incomplete:
        rows.append(("fail-on-incomplete", True, "command line (--fail-on-incomplete)"))
    elif cfg.fail_on_incomplete is not None:
        rows.append(("fail-on-incomplete", cfg.fail_on_incomplete, src))
    else:
        rows.append(("fail-on-incomplete", False, "default"))
    return rows


def _split(values: Sequence[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or ():
        out += [t.strip().upper() for t in str(v).split(",") if t.strip()]
    return out


def _toml_value(value: Any) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, str)):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(json.dumps(v) for v in value) + "]"
    return json.dumps(value)


def render_effective(root: str, cfg: ProjectConfig, cli: CliLayer, enabled: Sequence[str]) -> str:
    """The effective configuration as TOML-like text, each value commented with its source."""
    lines = [f"# fastapi-auditor: effective configuration of {root}"]
    lines.append(
        f"# configuration file: {cfg.file or 'none (no auditor.toml, no [tool.auditor] in pyproject.toml)'}"
    )
    for note in cfg.notes:
        lines.append(f"# note: {note}")
    rows = effective(cfg, cli)
    plain = [(k, v, s) for k, v, s in rows if k not in ("per-file-ignores", "severity")]
    width = max(len(f"{k} = {_toml_value(v)}") for k, v, _ in plain if v is not None)
    for key, value, source in plain:
        if value is None:
            text = f"# {key} = (not set)"
        else:
            text = f"{key} = {_toml_value(value)}"
        lines.append(f"{text.ljust(width)}  # {source}")
    for key in ("per-file-ignores", "severity"):
        table, source = next((v, s) for k, v, s in rows if k == key)
        lines.append("")
        lines.append(f"[{key}]  # {source}")
        for k, v in table.items():
            lines.append(
                f"{_toml_value(k) if not re.fullmatch(r'[A-Za-z0-9_-]+', k) else k} = {_toml_value(v)}"
            )
    lines.append("")
    lines.append(f"# enabled checks ({len(enabled)}): {', '.join(enabled)}")
    return "\n".join(lines) + "\n"


def effective_json(
    root: str, cfg: ProjectConfig, cli: CliLayer, enabled: Sequence[str]
) -> dict[str, Any]:
    return {
        "root": root,
        "file": cfg.file,
        "notes": list(cfg.notes),
        "values": {k: {"value": v, "source": s} for k, v, s in effective(cfg, cli)},
        "enabled": list(enabled),
    }


def ruff_selected(project: Any) -> tuple[str | None, set[str], set[str]]:
    """(ruff config path, selected prefixes, ignored prefixes) of the audited project's ruff config."""
    found = project.configs.ruff
    if not found:
        return None, set(), set()
    path, conf = found
    lint = conf.get("lint") if isinstance(conf.get("lint"), dict) else {}
    selected: set[str] = set()
    ignored: set[str] = set()
    for table in (conf, lint):
        for key, bucket in (("select", selected), ("extend-select", selected), ("ignore", ignored)):
            value = table.get(key)
            if isinstance(value, list):
                bucket.update(str(v).strip().upper() for v in value if isinstance(v, str))
    return path, selected, ignored


def deferred_to_ruff(project: Any, enabled: set[str]) -> dict[str, str]:
    """Enabled overlapping checks whose ruff codes the project's ruff config selects: ID -> reason."""
    path, selected, ignored = ruff_selected(project)
    if not selected:
        return {}
    out: dict[str, str] = {}
    for cid, codes in RUFF_OVERLAP.items():
        if cid not in enabled:
            continue
        on = [
            code
            for code in codes
            if any(code.startswith(s) or s == "ALL" for s in selected)
            and not any(code.startswith(i) for i in ignored if i)
        ]
        if on:
            out[cid] = (
                f"deferred to ruff ({', '.join(on)} selected in {path}; defer-to-ruff = true)"
            )
    return out
