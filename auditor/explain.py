"""A check's full explanation as Markdown: metadata, the explanation, its examples."""

from __future__ import annotations

from auditor.check import Check, Example, source_line


def _fence(text: str, lang: str = "python") -> str:
    longest = 2
    run = 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    return f"{fence}{lang}\n{text.rstrip()}\n{fence}\n"


def _lang(path: str) -> str:
    if path.endswith(".py"):
        return "python"
    if path.endswith(".toml"):
        return "toml"
    if path.endswith((".yml", ".yaml")):
        return "yaml"
    if "Dockerfile" in path:
        return "dockerfile"
    return "text"


def example_markdown(ex: Example) -> str:
    parts: list[str] = []
    if ex.note:
        parts.append(f"_{ex.note}_\n")
    if ex.config:
        parts.append("with " + ", ".join(f"`{k} = {v}`" for k, v in ex.config.items()) + "\n")
    if ex.git_tracked is not None:
        parts.append(
            f"git: tracked {', '.join(ex.git_tracked) or '(none)'}; untracked {', '.join(ex.git_untracked) or '(none)'}\n"
        )
    for path, src in ex.files.items():
        if len(ex.files) > 1 or path != "app/main.py":
            parts.append(f"`{path}`\n")
        parts.append(_fence(src, _lang(path)))
    return "\n".join(parts)


def explain_markdown(cls: type[Check]) -> str:
    head = [
        f"# {cls.id} · {cls.name}",
        "",
        f"- **Category:** {cls.category}",
        f"- **Severity:** {cls.severity.value}",
        f"- **Default:** {'on' if cls.default_enabled else 'off (enable with `--enable ' + cls.id + '`)'}",
        f"- **Kind:** {cls.kind}{' · heuristic' if cls.heuristic else ''}",
    ]
    if cls.fix_title:
        head.append(
            f"- **Fix:** {cls.fix_title}{'' if cls.fix_safe else ' (unsafe: review the change)'}"
        )
    if cls.sources:
        head.append("- **Sources:**")
        head.extend(f"  - [{label}] {source_line(label)}" for label in cls.sources)
    out = "\n".join(head) + "\n\n" + cls.explanation().strip() + "\n"
    if cls.bad:
        out += "\n## Flagged examples\n\n" + "\n".join(example_markdown(e) for e in cls.bad)
    if cls.good:
        out += "\n## Examples left alone\n\n" + "\n".join(example_markdown(e) for e in cls.good)
    return out


def catalogue_markdown() -> str:
    """docs/checks.md: the catalogue as implemented, generated from the checks' own metadata."""
    from auditor.check import CATEGORIES
    from checks import all_checks

    by_cat: dict[str, list[type[Check]]] = {}
    for c in all_checks():
        by_cat.setdefault(c.category, []).append(c)
    out = [
        "# The catalogue",
        "",
        "Generated from the checks' own metadata by `auditor checks --format markdown`",
        "(a test keeps it current). `auditor explain ID` prints a check's full explanation.",
        "",
        f"{len(all_checks())} checks in {len(by_cat)} categories.",
        "",
    ]
    for cat in CATEGORIES:
        items = by_cat.get(cat.id)
        if not items:
            continue
        out += [
            f"## {cat.title}",
            "",
            "| ID | name | severity | default | fix | why |",
            "|---|---|---|---|---|---|",
        ]
        for c in items:
            why = c.summary().replace("|", "\\|").replace("\n", " ")
            if len(why) > 220:
                why = why[:217].rsplit(" ", 1)[0] + "…"
            fix = "diff" if "fix" in c.__dict__ else ("advice" if c.fix_title else "")
            out.append(
                f"| {c.id} | {c.name} | {c.severity.value} | {'on' if c.default_enabled else 'off'} | {fix} | {why} |"
            )
        out.append("")
    return "\n".join(out)
