"""Shared helpers of the production & deployment and tooling checks (PRD*, TOL*).

Reading commands out of Dockerfiles, Procfiles, compose files and Kubernetes manifests
without running anything: shell-like tokenising, server-command recognition, the lines a
YAML value spans, ``.dockerignore`` matching, and line-local text edits for fixes.
Not a check module (the leading underscore keeps it out of discovery).
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from auditor.project_files import Dockerfile, Instruction, Stage

SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh"})
SEPARATORS = frozenset({"&&", "||", ";", "|", "&", ";;", "(", ")"})
#: Word tokens that need no shell at all (a whitelist: anything else keeps the shell).
PLAIN_TOKEN = re.compile(r"^[A-Za-z0-9_./:=@%+,-]+$")
GUNICORN_CONFIGS = frozenset({"gunicorn.conf.py", "gunicorn_conf.py"})
DEV_WORDS = frozenset(
    {
        "dev",
        "devel",
        "develop",
        "development",
        "devcontainer",
        "local",
        "debug",
        "test",
        "tests",
        "testing",
        "ci",
    }
)


# -- commands -----------------------------------------------------------------------------


def tokenize(command: str) -> list[str]:
    """Shell-like words of ``command`` with control operators as their own tokens."""
    try:
        lexer = shlex.shlex(command, posix=True, punctuation_chars=";&|()<>")
        lexer.whitespace_split = True
        lexer.commenters = ""
        return list(lexer)
    except ValueError:  # unbalanced quotes
        return command.split()


def segments(tokens: list[str], _depth: int = 0) -> list[list[str]]:
    """Simple commands of a token list (split on ``&&``, ``;``, ``|`` ...); the script of
    ``sh -c "<script>"`` is split in turn."""
    out: list[list[str]] = [[]]
    for t in tokens:
        if t in SEPARATORS:
            if out[-1]:
                out.append([])
        else:
            out[-1].append(t)
    found: list[list[str]] = []
    for seg in out:
        if len(seg) >= 3 and base(seg[0]) in SHELLS and seg[1] == "-c" and _depth < 3:
            found.extend(segments(tokenize(seg[2]), _depth + 1))
        elif seg:
            found.append(seg)
    return found


def command_segments(ins: Instruction) -> list[list[str]]:
    """The simple commands a CMD/ENTRYPOINT/RUN instruction runs.

    Exec form: the array itself, or the ``-c`` script of ``["sh", "-c", "..."]``.
    Shell form: the value tokenised like ``/bin/sh -c`` would.
    """
    if ins.json_args is not None:
        args = list(ins.json_args)
        if len(args) >= 3 and base(args[0]) in SHELLS and args[1] == "-c":
            return segments(tokenize(args[2]))
        return [args] if args else []
    return segments(tokenize(ins.args))


def text_segments(command: str) -> list[list[str]]:
    return segments(tokenize(command))


def base(token: str) -> str:
    return PurePosixPath(token).name if token else token


def _after(seg: list[str], program: str) -> int | None:
    for i, t in enumerate(seg):
        if base(t) == program:
            return i
    return None


def reload_server(seg: list[str]) -> str | None:
    """``"uvicorn --reload"``, ``"gunicorn --reload"`` or ``"fastapi dev"`` when ``seg``
    runs a reloading development server, else None."""
    for program in ("uvicorn", "gunicorn"):
        i = _after(seg, program)
        if i is not None and "--reload" in seg[i + 1 :]:
            return f"{program} --reload"
    i = _after(seg, "fastapi")
    if i is not None:
        rest = [t for t in seg[i + 1 :] if not t.startswith("-")]
        if rest and rest[0] == "dev":
            return "fastapi dev"
    return None


def is_dev_path(path: str) -> bool:
    """A development, test or CI file by its name or folder (``Dockerfile.dev``,
    ``.devcontainer/``, ``tests/Dockerfile``, ``Dockerfile.ci``)."""
    words = {w for w in re.split(r"[/._-]+", path.lower()) if w}
    return bool(words & DEV_WORDS)


def is_dev_compose(path: str) -> bool:
    """Compose files for development: the name contains ``dev``, ``local`` or ``override``."""
    name = PurePosixPath(path).name.lower()
    return any(w in name for w in ("dev", "local", "override"))


# -- Dockerfiles ----------------------------------------------------------------------------


_PYTHONISH = re.compile(
    r"\b(python[0-9.]*|pip3?|uv|uvicorn|gunicorn|hypercorn|fastapi|poetry|pdm|pipenv)\b",
    re.IGNORECASE,
)


def runs_python(df: Dockerfile, text: str) -> bool:
    """The Dockerfile builds a Python image (not an nginx proxy or a node frontend)."""
    return bool(_PYTHONISH.search(text))


def stage_chain(df: Dockerfile, stage: Stage) -> list[Stage]:
    """``stage`` then the earlier stages it is built ``FROM`` (nearest first)."""
    out = [stage]
    names = {s.name.lower(): s for s in df.stages if s.name}
    cur = stage
    while cur.base.lower() in names:
        nxt = names[cur.base.lower()]
        if nxt in out or df.stages.index(nxt) >= df.stages.index(cur):
            break
        out.append(nxt)
        cur = nxt
    return out


def effective(df: Dockerfile, cmd: str) -> Instruction | None:
    """The ``CMD`` / ``ENTRYPOINT`` the final image runs (inherited from a parent stage)."""
    final = df.final
    if final is None:
        return None
    for stage in stage_chain(df, final):
        found = stage.last(cmd)
        if found is not None:
            return found
    return None


def instruction_lines(text: str, ins: Instruction) -> list[tuple[int, str]]:
    """(line number, text) of the physical lines of ``ins``, comment lines left out."""
    lines = text.splitlines()
    out = []
    for n in range(ins.line, min(ins.end_line, len(lines)) + 1):
        raw = lines[n - 1]
        if n > ins.line and raw.strip().startswith("#"):
            continue
        out.append((n, raw))
    return out


def numbered(text: str, first: int, last: int) -> list[tuple[int, str]]:
    """(line number, text) of lines ``first..last`` (1-based) of ``text``."""
    lines = text.splitlines()
    return [(n, lines[n - 1]) for n in range(max(first, 1), min(last, len(lines)) + 1)]


def first_line_matching(text: str, ins: Instruction, pattern: re.Pattern[str]) -> int:
    for n, raw in instruction_lines(text, ins):
        if pattern.search(raw):
            return n
    return ins.line


def shown(ins: Instruction, limit: int = 70) -> str:
    text = f"{ins.cmd} {ins.value}"
    return text if len(text) <= limit else text[: limit - 3] + "..."


# -- YAML (compose, Kubernetes) --------------------------------------------------------------


def yaml_documents(text: str) -> list[Any]:
    """Composed YAML nodes (with line marks) of every document; [] when it does not parse."""
    import yaml

    from auditor.project_files import MAX_YAML_DEPTH, yaml_depth

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        if yaml_depth(text) > MAX_YAML_DEPTH:
            return []  # libyaml's composer recurses without limit: a hostile manifest is skipped
        return [d for d in yaml.compose_all(text, Loader=loader) if d is not None]
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        return []


def node_get(node: Any, key: str) -> Any:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def node_items(node: Any) -> list[tuple[str, Any]]:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return [(k.value, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]
    return []


def scalars(node: Any) -> Iterator[Any]:
    """Every scalar node under ``node``."""
    import yaml

    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, yaml.ScalarNode):
            yield cur
        elif isinstance(cur, yaml.SequenceNode):
            stack.extend(reversed(cur.value))
        elif isinstance(cur, yaml.MappingNode):
            for k, v in reversed(cur.value):
                stack.append(v)
                stack.append(k)


def node_span(node: Any) -> tuple[int, int]:
    """1-based first and last line of a node's text."""
    start = node.start_mark.line + 1
    end = node.end_mark.line + 1
    if node.end_mark.column == 0 and end > start:
        end -= 1  # block scalars end at the start of the next line
    return start, end


def compose_command(node: Any) -> str | None:
    """A compose ``command:`` / ``entrypoint:`` value as one command string."""
    import yaml

    if isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        parts = [n.value for n in node.value if isinstance(n, yaml.ScalarNode)]
        if len(parts) >= 3 and base(parts[0]) in SHELLS and parts[1] == "-c":
            return parts[2]
        return " ".join(shlex.quote(p) for p in parts)
    return None


def compose_services(text: str) -> list[tuple[str, Any]]:
    """(service name, service mapping node) of a compose file."""
    docs = yaml_documents(text)
    if not docs:
        return []
    return node_items(node_get(docs[0], "services"))


def compose_builds(project: Any) -> list[tuple[str, str, str, Any]]:
    """(compose path, context folder, Dockerfile path, service node) of compose services
    that build an image, paths relative to the repository root."""
    out = []
    for path, _data in project.configs.compose_files:
        text = project.configs.text(path) or ""
        folder = posixpath.dirname(path)
        for _name, svc in compose_services(text):
            build = node_get(svc, "build")
            if build is None:
                continue
            import yaml

            if isinstance(build, yaml.ScalarNode):
                context, dockerfile = build.value, "Dockerfile"
            else:
                ctx_node = node_get(build, "context")
                df_node = node_get(build, "dockerfile")
                context = ctx_node.value if isinstance(ctx_node, yaml.ScalarNode) else "."
                dockerfile = df_node.value if isinstance(df_node, yaml.ScalarNode) else "Dockerfile"
            if not isinstance(context, str) or "://" in context or context.startswith("${"):
                continue
            ctx = normpath(posixpath.join(folder, context))
            df = normpath(posixpath.join(ctx, dockerfile)) if isinstance(dockerfile, str) else None
            if df is not None:
                out.append((path, ctx, df, svc))
    return out


def normpath(p: str) -> str:
    n = posixpath.normpath(p) if p else "."
    return "" if n == "." else n


# -- .dockerignore ---------------------------------------------------------------------------


def _pattern_regex(pattern: str) -> re.Pattern[str] | None:
    p = pattern.strip()
    if not p:
        return None
    p = posixpath.normpath(p.lstrip("/"))
    if p == ".":
        return None
    out = []
    i = 0
    while i < len(p):
        c = p[i]
        if c == "*":
            if p[i : i + 2] == "**":
                if p[i + 2 : i + 3] == "/":
                    out.append("(?:.*/)?")
                    i += 3
                    continue
                out.append(".*")
                i += 2
                continue
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = p.find("]", i + 1)
            if j == -1:
                out.append(re.escape(c))
            else:
                cls = p[i + 1 : j]
                if cls.startswith(("^", "!")):
                    cls = "^" + cls[1:]
                out.append(f"[{cls}]")
                i = j
        elif c == "\\" and i + 1 < len(p):
            i += 1
            out.append(re.escape(p[i]))
        else:
            out.append(re.escape(c))
        i += 1
    try:
        return re.compile("".join(out) + "$")
    except re.error:
        return None


def ignored(patterns: list[str], path: str) -> bool:
    """Whether ``.dockerignore`` ``patterns`` exclude ``path`` (the last match wins;
    a pattern matching a parent folder excludes what is inside)."""
    parts = path.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    excluded = False
    for raw in patterns:
        negate = raw.startswith("!")
        rx = _pattern_regex(raw[1:] if negate else raw)
        if rx is None:
            continue
        if any(rx.match(c) for c in candidates):
            excluded = not negate
    return excluded


# -- fixes --------------------------------------------------------------------------------------


def replace_lines(source: str, first: int, last: int, new_block: str) -> str:
    """``source`` with its lines ``first..last`` (1-based) replaced by ``new_block``."""
    lines = source.splitlines(keepends=True)
    eol = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    end = lines[last - 1] if last - 1 < len(lines) else ""
    trailing = eol if end.endswith(("\n", "\r")) else ""
    return "".join(lines[: first - 1]) + new_block + trailing + "".join(lines[last:])


def block(source: str, first: int, last: int) -> str:
    lines = source.splitlines()
    return "\n".join(lines[first - 1 : last])
