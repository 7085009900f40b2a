"""The command line: ``auditor [PATH]`` / ``auditor tui``, ``auditor audit``, ``auditor checks``,
``auditor explain``.

``auditor [PATH]`` opens the Textual app when it runs in a terminal, and falls back to the
headless ``audit`` when stdin or stdout is not a terminal (scripts and CI never hang) or when
an ``audit``-only flag (``--format``, ``--fail-on`` ...) is given.

Exit codes: 0 nothing at or above ``--fail-on`` and the score is at least ``--fail-under``;
1 otherwise; 2 for usage errors or an unreadable target.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from auditor import __version__

SUBCOMMANDS = ("audit", "tui", "fix", "checks", "explain", "schema", "config")
#: Options of the top-level parser: ``auditor --help`` / ``auditor --version`` are not a bare run.
TOP_LEVEL_OPTIONS = ("-h", "--help", "--version")


def _add_run_options(p: argparse.ArgumentParser, select_help: str, jobs: bool = True) -> None:
    """The options every command that runs an audit takes (audit, fix, tui)."""
    p.add_argument("--select", action="append", metavar="IDS", help=select_help)
    p.add_argument("--ignore", action="append", default=[], metavar="IDS", help="skip these checks")
    p.add_argument(
        "--enable", action="append", default=[], metavar="IDS", help="enable default-off checks"
    )
    p.add_argument("--no-cache", action="store_true", help="do not read or write the facts cache")
    p.add_argument(
        "--cache-dir", metavar="DIR", help="cache folder (default: the user's cache folder)"
    )
    if jobs:
        p.add_argument(
            "--jobs", "-j", type=int, metavar="N", help="parsing processes (default: by tree size)"
        )
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a threshold, e.g. settings-max-fields=30",
    )


def _add_tui(sub) -> None:
    t = sub.add_parser("tui", help="open the interactive app (the default in a terminal)")
    t.add_argument("path", nargs="?", default=".", help="the repository to audit (default: .)")
    _add_run_options(t, "only these checks (IDs or prefixes, comma-separated)")
    t.add_argument(
        "--isolated", action="store_true", help="ignore the project's configuration file"
    )
    t.add_argument(
        "--theme",
        metavar="NAME",
        help="a Textual theme (default: textual-dark, or textual-light on a light terminal)",
    )
    t.add_argument(
        "--diff",
        metavar="BASE",
        help="review this branch against BASE: opens on what the branch introduces (n toggles)",
    )


def _parser(only_tui: bool = False) -> argparse.ArgumentParser:
    """The command line; ``only_tui``: with the app's subcommand alone (a bare ``auditor PATH``
    in a terminal does not build the other six: ~4 ms before the app's first frame)."""
    p = argparse.ArgumentParser(
        prog="auditor",
        description="Audit a FastAPI repository against a catalogue of FastAPI best practices.",
    )
    p.add_argument("--version", action="version", version=f"fastapi-auditor {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    if only_tui:
        _add_tui(sub)
        return p

    a = sub.add_parser("audit", help="audit a repository headlessly (for CI)")
    a.add_argument("path", nargs="?", default=".", help="the repository to audit (default: .)")
    _add_run_options(a, "only these checks (IDs or prefixes, comma-separated)")
    a.add_argument(
        "--format", choices=("text", "json", "markdown", "sarif", "github"), default="text"
    )
    a.add_argument(
        "--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout"
    )
    a.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        default=None,
        help="lowest severity that fails the run (default: the configuration's fail-on, else error)",
    )
    a.add_argument(
        "--fail-under", type=int, metavar="SCORE", help="fail when the score is below SCORE (0-100)"
    )
    a.add_argument("--timings", action="store_true", help="add seconds per phase to the report")
    # issue 5: configuration, suppressions, baselines, code-review mode
    a.add_argument(
        "--isolated",
        action="store_true",
        help="ignore the project's configuration file ([tool.auditor] / auditor.toml)",
    )
    a.add_argument(
        "--show-settings",
        action="store_true",
        help="print the effective configuration and where each value came from, then exit",
    )
    a.add_argument(
        "--show-suppressed",
        action="store_true",
        help="list the findings silenced by suppression comments or per-file-ignores",
    )
    a.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in FILE")
    a.add_argument(
        "--write-baseline", metavar="FILE", help="record today's findings in FILE (exit 0)"
    )
    a.add_argument(
        "--diff",
        metavar="BASE",
        help="compare with the merge base of BASE (any git revision): new / fixed / unchanged",
    )
    a.add_argument(
        "--full",
        action="store_true",
        help="--format markdown: everything, without the 65,536-character budget of a "
        "pull-request comment",
    )
    a.add_argument(
        "--fail-on-incomplete",
        action="store_true",
        help="fail when a Python file could not be audited (the grade would hide it)",
    )
    a.add_argument(
        "--fail-on-unchanged",
        action="store_true",
        help="with --diff, findings already at the base count for the exit code too",
    )

    f = sub.add_parser(
        "fix",
        help="apply the audit's fixes to the files (safe ones only, unless --unsafe-fixes)",
        description="Apply every safe fix, re-audit and apply again until nothing changes; "
        "print what was fixed and what remains.  Exit 0 when nothing at or above fail-on "
        "(default: error) remains, 1 otherwise; with --diff, 1 when there would be changes.",
    )
    f.add_argument("path", nargs="?", default=".", help="the repository to fix (default: .)")
    _add_run_options(f, "only these checks' fixes (IDs or prefixes, comma-separated)", jobs=False)
    f.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="also apply fixes that can change behaviour (review them)",
    )
    f.add_argument(
        "--diff",
        action="store_true",
        help="print the changes as a unified diff and write nothing (exit 1 when there are any)",
    )
    f.add_argument(
        "--isolated", action="store_true", help="ignore the project's configuration file"
    )

    g = sub.add_parser(
        "config", help="print the effective configuration and where each value came from"
    )
    g.add_argument("path", nargs="?", default=".", help="the repository (default: .)")
    g.add_argument("--format", choices=("text", "json"), default="text")
    g.add_argument(
        "--isolated", action="store_true", help="ignore the project's configuration file"
    )

    _add_tui(sub)

    c = sub.add_parser("checks", help="list the catalogue")
    c.add_argument("--format", choices=("text", "json", "markdown"), default="text")

    e = sub.add_parser("explain", help="explain a check (or --scoring)")
    e.add_argument("id", nargs="?", help="check ID, e.g. ASY001")
    e.add_argument(
        "--scoring", action="store_true", help="explain how scores and grades are computed"
    )

    sub.add_parser("schema", help="print the JSON Schema of the report")
    return p


#: Set once the app has run: the process can end without tearing the interpreter down.
_APP_RAN = False
#: Set by a headless ``audit``: the process ends once its output is flushed, as after the app.
_AUDITED = False


def entry() -> None:
    """The ``auditor`` command (and ``python -m auditor``): :func:`main`, then exit.

    After the app, the process ends at once (``os._exit`` once the output is flushed): the
    terminal is restored by then, every file the app writes is closed, and tearing down an
    interpreter holding a whole project model took longer than the quit itself (issue 12:
    ``q`` answers within 0.5 s).  After a headless audit too, once the exit handlers have
    run (the parse helper process is closed): the interpreter's teardown collected and freed
    the whole project model, ~0.18 s of CPU after a 700-file audit (issue 12: cold audits
    within 3x the parse floor).  Everything else exits normally, and so does a run under a
    profiler or tracer (``python -m cProfile -o OUT -m auditor ...``, coverage), which writes
    its results at the interpreter's exit.

    Pydantic's plugins are not loaded (unless ``PYDANTIC_DISABLE_PLUGINS`` says otherwise):
    the report's models are the auditor's own, and finding the plugins reads the metadata of
    every installed distribution (~22 ms of CPU with 47 of them, more in a full environment).
    """
    import os

    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    code = main()
    if (_APP_RAN or _AUDITED) and sys.getprofile() is None and sys.gettrace() is None:
        if _AUDITED:
            import atexit

            atexit._run_exitfuncs()
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):  # a closed pipe: the normal exit reports it, as before
            sys.exit(code)
        os._exit(code)
    sys.exit(code)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = None
    # ``auditor [PATH] [FLAGS]`` (flags first too: ``auditor --diff main``): the app in a
    # terminal; the headless audit otherwise, or with an audit-only flag.
    if not argv or (argv[0] not in SUBCOMMANDS and argv[0] not in TOP_LEVEL_OPTIONS):
        if _interactive():  # the app's flags alone: the app, and no other subcommand built
            quick = _parser(only_tui=True)
            if _accepts(quick, "tui", argv):
                parser, argv = quick, ["tui", *argv]
        if parser is None:
            parser = _parser()
            argv = [_bare_command(parser, argv), *argv]
    if parser is None:
        parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else 2
    if args.command == "audit":
        global _AUDITED
        _AUDITED = True
        return _audit(args)
    if args.command == "tui":
        return _tui(args)
    if args.command == "fix":
        return _fix(args)
    if args.command == "checks":
        return _checks(args)
    if args.command == "config":
        return _config(args)
    if args.command == "explain":
        return _explain(args, parser)
    if args.command == "schema":
        import json

        from auditor.report import json_schema

        sys.stdout.write(json.dumps(json_schema(), indent=2) + "\n")
        return 0
    parser.print_help()
    return 2


def _interactive() -> bool:
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _bare_command(parser: argparse.ArgumentParser, argv: list[str]) -> str:
    """The subcommand a bare ``auditor ARGV`` means: the app in a terminal when its flags are
    the app's; the headless audit otherwise (so scripts never wait on a screen).  Flags only
    the app takes (``--theme``) outside a terminal go to the app, which says it needs one."""
    if _interactive() and _accepts(parser, "tui", argv):
        return "tui"
    if not _accepts(parser, "audit", argv) and _accepts(parser, "tui", argv):
        return "tui"
    return "audit"


def _accepts(parser: argparse.ArgumentParser, command: str, argv: list[str]) -> bool:
    """True when ``auditor COMMAND ARGV`` parses (every flag is one of COMMAND's)."""
    import contextlib

    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            _, unknown = parser.parse_known_args([command, *argv])
    except SystemExit:
        return False
    return not unknown


def _tui(args: argparse.Namespace) -> int:
    from auditor.tui import DeferredOptions, run

    if not _interactive():
        _err("the app needs a terminal: use 'auditor audit' in scripts and CI")
        return 2
    settings = _checked_settings(args.set)
    if settings is None:
        return 2
    opts = DeferredOptions(  # the engine is imported by the audit, after the first frame
        select=args.select,
        ignore=args.ignore,
        enable=args.enable,
        settings=settings,
        use_cache=not args.no_cache,
        cache_dir=Path(args.cache_dir) if args.cache_dir else None,
        jobs=args.jobs,
        use_config=not args.isolated,
    )
    global _APP_RAN
    code = run(args.path, opts, theme=args.theme, diff_base=args.diff, splash=True)
    _APP_RAN = True
    return code


def _err(msg: str) -> None:
    sys.stderr.write(f"auditor: error: {msg}\n")


def _checked_settings(items: list[str]) -> dict | None:
    """``--set KEY=VALUE`` thresholds, validated like the config file's; None after an error."""
    if not items:  # (the configuration module is not imported before the app's first frame)
        return {}
    from auditor.config import check_threshold

    try:
        settings = _parse_settings(items)
        for key, value in settings.items():
            try:
                settings[key] = check_threshold(key, value)
            except ValueError as exc:
                raise ValueError(f"--set {key}: {exc}") from None
    except ValueError as exc:
        _err(str(exc))
        return None
    return settings


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
    from auditor.baseline import BaselineError
    from auditor.config import CliLayer, ProjectConfig, load_config
    from auditor.engine import Options, SelectionError, audit, severity_at_least
    from auditor.repository import TargetError, open_repository

    if args.fail_under is not None and not 0 <= args.fail_under <= 100:
        _err("--fail-under takes a score from 0 to 100")
        return 2
    settings = _checked_settings(args.set)
    if settings is None:
        return 2
    if args.diff and args.write_baseline:
        _err("--write-baseline records the working tree's findings: run it without --diff")
        return 2
    try:
        repo = open_repository(args.path)
        config = ProjectConfig() if args.isolated else load_config(repo)
    except (TargetError, SelectionError) as exc:
        _err(str(exc))
        return 2
    cli = CliLayer(
        select=args.select,
        ignore=args.ignore,
        enable=args.enable,
        thresholds=settings,
        fail_on=args.fail_on,
        fail_under=args.fail_under,
        fail_on_incomplete=args.fail_on_incomplete or None,
    )
    if args.show_settings:
        return _print_config(repo, config, cli, "json" if args.format == "json" else "text")
    opts = Options(
        select=args.select,
        ignore=args.ignore,
        enable=args.enable,
        settings=settings,
        use_cache=not args.no_cache,
        cache_dir=Path(args.cache_dir) if args.cache_dir else None,
        jobs=args.jobs,
        timings=args.timings,
        use_config=not args.isolated,
        config=config,
        show_suppressed=args.show_suppressed,
        # the text and GitHub outputs show fix titles, never diffs: don't pay for building them
        fixes=args.format not in ("text", "github") or bool(args.write_baseline),
    )
    from auditor import ci

    try:
        baseline = ci.load_baseline(args.baseline) if args.baseline else None
        if args.diff:
            from auditor.diff import audit_diff

            run = audit_diff(args.path, args.diff, opts, repo=repo, baseline=baseline)
            result, report = run.head, run.report
        else:
            result = audit(args.path, opts, repo=repo)
            report = ci.fingerprinted(
                result, baseline, args.write_baseline, need=args.format == "sarif"
            )
    except (TargetError, SelectionError, BaselineError) as exc:
        _err(str(exc))
        return 2
    fail_on = args.fail_on or config.fail_on or "error"
    fail_under = args.fail_under if args.fail_under is not None else config.fail_under
    fail_on_incomplete = bool(args.fail_on_incomplete or config.fail_on_incomplete)
    counted = list(report.findings)
    if report.diff is not None and not args.fail_on_unchanged:
        counted = [
            f for f in counted if f.status == "new"
        ]  # code review: only what this branch adds
    to_terminal = args.output is None and sys.stdout.isatty()
    if args.format == "json":
        text = report.to_json()
    elif args.format == "markdown":
        from auditor.exporters.links import links_for
        from auditor.exporters.markdown import DEFAULT_BUDGET

        budget = None if args.full else DEFAULT_BUDGET
        link = links_for(result.project.repo.root)
        if report.diff is not None:
            from auditor.exporters.diff_markdown import render_diff_markdown

            text = render_diff_markdown(report, budget=budget, link=link)
        else:
            from auditor.exporters.markdown import render_markdown

            text = render_markdown(
                report,
                read=result.project.repo.read_text,
                title=_title(args.path, report.target.root),
                budget=budget,
                link=link,
            )
    elif args.format in ("sarif", "github"):
        text = ci.render_ci(args.format, report, result, counted)
    elif report.diff is not None:
        text = _render_rich(ci.render_diff_text, report, to_terminal)
    else:
        text = _render_text(report, to_terminal=to_terminal)
        text += _render_rich(ci.render_text_footer, report, to_terminal)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            _err(f"cannot write {args.output}: {exc.strerror}")
            return 2
    else:
        sys.stdout.write(text)
    if args.write_baseline:
        return 0  # today's findings are now accepted
    failed = False
    if fail_on != "never":
        failed = any(severity_at_least(f.severity, fail_on) for f in counted)
    if fail_under is not None:
        score = report.summary.score
        if score is not None and score < fail_under:
            failed = True
    if fail_on_incomplete and report.summary.files_not_audited:
        failed = True
    return 1 if failed else 0


def _fix(args: argparse.Namespace) -> int:
    from auditor.apply import fix_repository
    from auditor.config import ProjectConfig, load_config
    from auditor.engine import Options, SelectionError, severity_at_least
    from auditor.repository import TargetError, open_repository

    settings = _checked_settings(args.set)
    if settings is None:
        return 2
    try:
        repo = open_repository(args.path)
        config = ProjectConfig() if args.isolated else load_config(repo)
    except (TargetError, SelectionError) as exc:
        _err(str(exc))
        return 2
    opts = Options(
        select=args.select,
        ignore=args.ignore,
        enable=args.enable,
        settings=settings,
        use_cache=not args.no_cache,
        cache_dir=Path(args.cache_dir) if args.cache_dir else None,
        use_config=not args.isolated,
        config=config,
    )
    try:
        run = fix_repository(args.path, opts, unsafe=args.unsafe_fixes, write=not args.diff)
    except (TargetError, SelectionError) as exc:
        _err(str(exc))
        return 2
    from auditor.exporters.fixes import render_fix_summary

    if args.diff:
        sys.stdout.write(run.diffs())
        sys.stderr.write(render_fix_summary(run, dry=True, unsafe=args.unsafe_fixes))
        return 1 if run.changed_paths else 0
    sys.stdout.write(render_fix_summary(run, dry=False, unsafe=args.unsafe_fixes))
    fail_on = config.fail_on or "error"
    if fail_on == "never":
        return 0
    remaining = run.report.findings
    return 1 if any(severity_at_least(f.severity, fail_on) for f in remaining) else 0


def _title(path: str, root: str) -> str:
    """How a report names its target: the folder's name for ``.`` (or ``..``)."""
    if root.rstrip("/") in ("", ".", "..") or root.endswith(("/.", "/..")):
        try:
            return Path(path).resolve().name or root
        except OSError:
            return root
    return root


def _config(args: argparse.Namespace) -> int:
    from auditor.config import CliLayer, ProjectConfig, load_config
    from auditor.engine import SelectionError
    from auditor.repository import TargetError, open_repository

    try:
        repo = open_repository(args.path)
        config = ProjectConfig() if args.isolated else load_config(repo)
    except (TargetError, SelectionError) as exc:
        _err(str(exc))
        return 2
    return _print_config(repo, config, CliLayer(), args.format)


def _print_config(repo, config, cli, fmt: str) -> int:
    import json

    from auditor.config import effective_json, render_effective
    from auditor.engine import Options, SelectionError, enabled_ids, load_checks

    try:
        opts = Options(select=cli.select, ignore=cli.ignore, enable=cli.enable)
        enabled = sorted(enabled_ids(load_checks(), opts, config)[0])
    except SelectionError as exc:
        _err(str(exc))
        return 2
    if fmt == "json":
        sys.stdout.write(
            json.dumps(effective_json(repo.display_root, config, cli, enabled), indent=2) + "\n"
        )
    else:
        sys.stdout.write(render_effective(repo.display_root, config, cli, enabled))
    return 0


def _render_rich(render, report, to_terminal: bool) -> str:
    from rich.console import Console

    if to_terminal:
        console = Console(record=True)
        with console.capture() as cap:
            render(report, console)
        return cap.get()
    buf = io.StringIO()
    console = Console(
        file=buf, width=100, color_system=None, force_terminal=False, legacy_windows=False
    )
    render(report, console)
    return buf.getvalue()


def _render_text(report, to_terminal: bool) -> str:
    from rich.console import Console

    from auditor.exporters.text import render

    if to_terminal:
        console = Console(record=True)
        with console.capture() as cap:
            render(report, console)
        return cap.get()
    buf = io.StringIO()
    console = Console(
        file=buf, width=100, color_system=None, force_terminal=False, legacy_windows=False
    )
    render(report, console)
    return buf.getvalue()


def _checks(args: argparse.Namespace) -> int:
    from checks import all_checks

    if args.format == "markdown":
        from auditor.explain import catalogue_markdown

        sys.stdout.write(catalogue_markdown() + "\n")
        return 0
    rows = all_checks()
    if args.format == "json":
        import json

        data = [
            {
                "id": c.id,
                "name": c.name,
                "category": c.category,
                "severity": c.severity.value,
                "default": "on" if c.default_enabled else "off",
                "kind": c.kind,
                "heuristic": c.heuristic,
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
        table.add_row(
            c.id, c.name, c.category, c.severity.value, "on" if c.default_enabled else "off"
        )
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
        from auditor.suppressions import explain_meta

        cls = explain_meta(args.id)  # the auditor's own meta checks (AUD)
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
