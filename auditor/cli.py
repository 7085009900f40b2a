"""The command line: ``auditor audit``, ``auditor checks``, ``auditor explain``.

Exit codes: 0 nothing at or above ``--fail-on`` and the score is at least ``--fail-under``;
1 otherwise; 2 for usage errors or an unreadable target.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from auditor import __version__

SUBCOMMANDS = ("audit", "checks", "explain", "schema")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="auditor",
        description="Audit a FastAPI repository against a catalogue of FastAPI best practices.",
    )
    p.add_argument("--version", action="version", version=f"fastapi-auditor {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    a = sub.add_parser("audit", help="audit a repository headlessly (for CI)")
    a.add_argument("path", nargs="?", default=".", help="the repository to audit (default: .)")
    a.add_argument("--format", choices=("text", "json"), default="text")
    a.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout")
    a.add_argument("--select", action="append", metavar="IDS", help="only these checks (IDs or prefixes, comma-separated)")
    a.add_argument("--ignore", action="append", default=[], metavar="IDS", help="skip these checks")
    a.add_argument("--enable", action="append", default=[], metavar="IDS", help="enable default-off checks")
    a.add_argument("--fail-on", choices=("error", "warning", "info", "never"), default="error", help="lowest severity that fails the run (default: error)")
    a.add_argument("--fail-under", type=int, metavar="SCORE", help="fail when the score is below SCORE (0-100)")
    a.add_argument("--no-cache", action="store_true", help="do not read or write the facts cache")
    a.add_argument("--cache-dir", metavar="DIR", help="cache folder (default: the user's cache folder)")
    a.add_argument("--jobs", "-j", type=int, metavar="N", help="parsing processes (default: by tree size)")
    a.add_argument("--timings", action="store_true", help="add seconds per phase to the report")
    a.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a threshold, e.g. settings-max-fields=30")

    c = sub.add_parser("checks", help="list the catalogue")
    c.add_argument("--format", choices=("text", "json"), default="text")

    e = sub.add_parser("explain", help="explain a check (or --scoring)")
    e.add_argument("id", nargs="?", help="check ID, e.g. ASY001")
    e.add_argument("--scoring", action="store_true", help="explain how scores and grades are computed")

    sub.add_parser("schema", help="print the JSON Schema of the report")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # ``auditor [PATH]``: the TUI is the default front end once it exists; until then audit.
    if not argv or (argv[0] not in SUBCOMMANDS and not argv[0].startswith("-")):
        argv = ["audit", *argv]
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else 2
    if args.command == "audit":
        return _audit(args)
    if args.command == "checks":
        return _checks(args)
    if args.command == "explain":
        return _explain(args, parser)
    if args.command == "schema":
        import json

        from auditor.report import json_schema

        sys.stdout.write(json.dumps(json_schema(), indent=2) + "\n")
        return 0
    parser.print_help()
    return 2


def _err(msg: str) -> None:
    sys.stderr.write(f"auditor: error: {msg}\n")


def _parse_settings(items: list[str]) -> dict:
    out: dict = {}
    for item in items:
        if "=" not in item:
            raise ValueError(f"--set takes KEY=VALUE, got {item!r}")
        k, v = item.split("=", 1)
        k = k.strip()
        v = v.strip()
        if v.lower() in ("true", "false"):
            out[k] = v.lower() == "true"
        else:
            try:
                out[k] = int(v)
            except ValueError:
                out[k] = v
    return out


def _audit(args: argparse.Namespace) -> int:
    from auditor.engine import Options, SelectionError, audit, severity_at_least
    from auditor.repository import TargetError

    if args.fail_under is not None and not 0 <= args.fail_under <= 100:
        _err("--fail-under takes a score from 0 to 100")
        return 2
    try:
        settings = _parse_settings(args.set)
    except ValueError as exc:
        _err(str(exc))
        return 2
    opts = Options(
        select=args.select,
        ignore=args.ignore,
        enable=args.enable,
        settings=settings,
        use_cache=not args.no_cache,
        cache_dir=Path(args.cache_dir) if args.cache_dir else None,
        jobs=args.jobs,
        timings=args.timings,
    )
    try:
        result = audit(args.path, opts)
    except TargetError as exc:
        _err(str(exc))
        return 2
    except SelectionError as exc:
        _err(str(exc))
        return 2
    report = result.report
    if args.format == "json":
        text = report.to_json()
    else:
        text = _render_text(report, to_terminal=args.output is None and sys.stdout.isatty())
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            _err(f"cannot write {args.output}: {exc.strerror}")
            return 2
    else:
        sys.stdout.write(text)
    failed = False
    if args.fail_on != "never":
        failed = any(severity_at_least(f.severity, args.fail_on) for f in report.findings)
    if args.fail_under is not None:
        score = report.summary.score
        if score is not None and score < args.fail_under:
            failed = True
    return 1 if failed else 0


def _render_text(report, to_terminal: bool) -> str:
    from rich.console import Console

    from auditor.exporters.text import render

    if to_terminal:
        console = Console(record=True)
        with console.capture() as cap:
            render(report, console)
        return cap.get()
    buf = io.StringIO()
    console = Console(file=buf, width=100, color_system=None, force_terminal=False, legacy_windows=False)
    render(report, console)
    return buf.getvalue()


def _checks(args: argparse.Namespace) -> int:
    from checks import all_checks

    rows = all_checks()
    if args.format == "json":
        import json

        data = [
            {
                "id": c.id, "name": c.name, "category": c.category, "severity": c.severity.value,
                "default": "on" if c.default_enabled else "off", "kind": c.kind, "heuristic": c.heuristic,
            }
            for c in rows
        ]
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False)
    for col in ("ID", "name", "category", "severity", "default"):
        table.add_column(col)
    for c in rows:
        table.add_row(c.id, c.name, c.category, c.severity.value, "on" if c.default_enabled else "off")
    Console(width=110 if not sys.stdout.isatty() else None).print(table)
    return 0


def _explain(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from auditor.report import SCORING_TEXT

    if args.scoring:
        sys.stdout.write(SCORING_TEXT)
        return 0
    if not args.id:
        _err("explain takes a check ID (e.g. auditor explain ASY001) or --scoring")
        return 2
    from checks import by_id

    cls = by_id().get(args.id.upper())
    if cls is None:
        _err(f"unknown check ID {args.id!r} (see 'auditor checks')")
        return 2
    from auditor.explain import explain_markdown

    text = explain_markdown(cls)
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(text))
    else:
        sys.stdout.write(text)
    return 0
