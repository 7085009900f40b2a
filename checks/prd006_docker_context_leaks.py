from __future__ import annotations

import posixpath
from collections.abc import Iterator

from auditor.check import Check, Example, Hit, Severity
from auditor.project import Project
from auditor.project_files import compose_builds, ignored, is_dev_path, shown, stage_chain

#: What must stay out of the build context, in the order reported.
MUST_EXCLUDE = (".env", ".git", ".venv")
RECOMMENDED = (".env", ".env.*", "!.env.example", ".git", ".venv", "__pycache__/", "tests/")


def _context_sources(ins) -> list[str]:
    if ins.json_args is not None:
        args = list(ins.json_args)
    else:
        args = ins.args.split()
    return args[:-1] if len(args) >= 2 else []


def _copies_context(ins) -> bool:
    if ins.cmd not in ("COPY", "ADD"):
        return False
    if any(f.startswith("--from") for f in ins.flags):
        return False
    return any(s in (".", "./") for s in _context_sources(ins))


def _named_sources(df) -> list[str]:
    """The context paths the Dockerfile's ``COPY`` / ``ADD`` name (``web/package*.json``,
    ``requirements.txt``), up to their first wildcard; not ``.``, another stage's files
    (``--from``), a URL or a path built from a variable."""
    out: list[str] = []
    for ins in df.instructions:
        if ins.cmd not in ("COPY", "ADD") or any(f.startswith("--from") for f in ins.flags):
            continue
        for src in _context_sources(ins):
            src = src.removeprefix("./").split("*", 1)[0].split("?", 1)[0].rstrip("/")
            if src and src != "." and "$" not in src and "://" not in src:
                out.append(src)
    return out


def _own_folder_context(df, files: set[str]) -> bool:
    """The Dockerfile, in a subfolder, is built with that folder as its context: every
    path its ``COPY`` / ``ADD`` name is found in the folder and none at the repository's
    root (``web/package.json``, ``requirements.txt`` beside ``hub/Dockerfile``).  Such a
    context never holds ``.git``, which Git keeps at the root of the work tree."""
    sources = _named_sources(df)
    if not df.folder or not sources:
        return False

    def found(base: str, src: str) -> bool:
        return any(f.startswith(base + src) for f in files)

    return all(found(df.folder + "/", s) and not found("", s) for s in sources)


def _workdir(df, stage, ins) -> str | None:
    """The absolute ``WORKDIR`` in force at ``ins`` (set in ``stage`` or in a stage it is
    built ``FROM``); None when a variable, or the base image's own, leaves it open."""
    workdir: str | None = None
    for s in reversed(stage_chain(df, stage)):
        for i in s.instructions:
            if i is ins:
                return workdir
            if i.cmd != "WORKDIR":
                continue
            value = i.args.strip()
            if "$" in value or not (value.startswith("/") or workdir):
                workdir = None
                continue
            workdir = posixpath.normpath(posixpath.join(workdir or "/", value))
    return workdir


def _destination(df, stage, ins) -> str | None:
    """The absolute folder a context copy writes to; None when it is not known."""
    args = list(ins.json_args) if ins.json_args is not None else ins.args.split()
    dest = args[-1] if args else ""
    if not dest or "$" in dest:
        return None
    if dest.startswith("/"):
        return posixpath.normpath(dest)
    workdir = _workdir(df, stage, ins)
    return posixpath.normpath(posixpath.join(workdir, dest)) if workdir else None


def _covers(source: str, dest: str) -> bool:
    """A ``COPY --from`` source (read from the root of the stage) that holds ``dest``."""
    src = posixpath.normpath(posixpath.join("/", source))
    cut = min((src.index(c) for c in "*?[" if c in src), default=None)
    if cut is not None:
        src = posixpath.dirname(src[:cut])  # ``/app/*``: what ``/app`` holds
    return src == "/" or dest == src or dest.startswith(src + "/")


def _stage_refs(df, stage) -> set[str]:
    refs = {str(df.stages.index(stage))}
    if stage.name:
        refs.add(stage.name.lower())
    return refs


def _builder_note(df, stage, ins, deployed) -> str:
    """The note of a context copy in a stage the deployed image is not built ``FROM``:
    whether a ``COPY --from`` of the deployed image carries the copied folder into it."""
    label = f"the `{stage.name}` stage" if stage.name else "a builder stage"
    refs = _stage_refs(df, stage)
    pulls = [
        i
        for s in (stage_chain(df, deployed) if deployed is not None else [])
        for i in s.instructions
        if i.cmd in ("COPY", "ADD")
        and any(f.lower().split("=", 1)[-1] in refs for f in i.flags if f.startswith("--from="))
    ]
    dest = _destination(df, stage, ins)
    if dest is not None:
        carry = next((i for i in pulls if any(_covers(s, dest) for s in _context_sources(i))), None)
        if carry is not None:
            return (
                f" (copied from {label} into the final image by `{shown(carry, 50)}`, "
                f"line {carry.line})"
            )
    if pulls and (dest is None or any("$" in s for i in pulls for s in _context_sources(i))):
        return (
            f" (in {label}: its layers leak if pushed or cached in a registry, and so does "
            "what a later stage copies from it)"
        )
    return f" (in {label}: its layers still leak if pushed or cached in a registry)"


def _in(folder: str, name: str) -> str:
    return posixpath.join(folder, name) if folder else name


#: ``docker build`` options that take no value (any other option takes the next word).
_BUILD_FLAGS = frozenset(
    {
        "--no-cache",
        "--pull",
        "--push",
        "--load",
        "-q",
        "--quiet",
        "--rm",
        "--force-rm",
        "--squash",
        "--compress",
    }
)


def _build_commands(text: str) -> Iterator[list[str]]:
    """The ``docker build`` commands written in the comments of a Dockerfile (lines ending
    in ``\\`` continued), as words from ``build`` on."""
    lines: list[str] = []
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped.startswith("#"):
            lines.append("")
            continue
        lines.append(stripped.lstrip("#").strip())
    joined = "\n".join(lines).replace("\\\n", " ")
    for line in joined.splitlines():
        if "docker" not in line or "build" not in line:
            continue
        words = line.replace("`", " ").split()
        for i, word in enumerate(words[:-1]):
            if word == "docker":
                rest = words[i + 1 :]
                if rest[:1] == ["buildx"]:
                    rest = rest[1:]
                if rest[:1] == ["build"]:
                    yield rest[1:]


def documented_context(path: str, text: str) -> tuple[str, str] | None:
    """The build context a Dockerfile's own comments give (``# docker build -f
    svc/api/Dockerfile .`` in ``svc/api/Dockerfile``: the folder the ``-f`` path is written
    from, joined with the context argument, here the tree's root) and the command's
    command (its ``-f`` path and context); None when no comment builds this file with a
    context inside the tree."""
    if "build" not in text:
        return None
    for words in _build_commands(text):
        file = None
        positional: list[str] = []
        k = 0
        while k < len(words):
            w = words[k]
            if w in ("-f", "--file") and k + 1 < len(words):
                file = words[k + 1]
                k += 2
                continue
            if w.startswith(("-f=", "--file=")):
                file = w.split("=", 1)[1]
            elif w.startswith("-") and w != "-":
                if "=" not in w and w not in _BUILD_FLAGS:
                    k += 1  # the option's value
            else:
                positional.append(w)
            k += 1
        if file is None or len(positional) != 1:
            continue
        file = posixpath.normpath(file)
        if file.startswith(("../", "/")) or "$" in file:
            continue
        if path != file and not path.endswith("/" + file):
            continue
        cwd = path[: len(path) - len(file)].rstrip("/")
        ctx = posixpath.normpath(_in(cwd, positional[0]))
        if ctx == ".":
            ctx = ""
        if ctx.startswith(("../", "/")) or ctx == ".." or "$" in ctx:
            continue
        if ":" in ctx:
            continue  # a URL or a git context
        return ctx, f"docker build -f {file} {positional[0]}"
    return None


#: Suffixes of the template files a generator renders (``Dockerfile.j2`` becomes a
#: generated project's ``Dockerfile``).
TEMPLATE_SUFFIXES = frozenset({"j2", "jinja", "jinja2", "tmpl", "tpl", "mustache", "hbs"})


def template_suffix(path: str) -> str | None:
    """The template suffix of a Dockerfile a generator renders (``Dockerfile.j2``,
    ``Dockerfile.prod.jinja2``), or None."""
    name = posixpath.basename(path)
    if not name.startswith("Dockerfile."):
        return None
    suffix = name.rsplit(".", 1)[1].lower()
    return suffix if suffix in TEMPLATE_SUFFIXES else None


def _template_ignore(folder: str, suffix: str, files: set[str]) -> str:
    """The ``.dockerignore`` that comes with a template in ``folder``: the file itself, or
    one rendered like the Dockerfile (``.dockerignore.j2``); the plain name when neither is
    there."""
    plain = _in(folder, ".dockerignore")
    rendered = f"{plain}.{suffix}"
    return rendered if plain not in files and rendered in files else plain


def _ancestors(folder: str) -> list[str]:
    out = [folder]
    while folder:
        folder = posixpath.dirname(folder)
        out.append(folder)
    return out


class DockerContextLeaks(Check):
    """
    ## What it does
    Reports a Dockerfile that copies its whole build context (`COPY . .`, `ADD . /app`)
    when the context has no `.dockerignore`, or has one that does not exclude `.env` (any
    pattern matching it: `.env`, `.env*`, `**/.env`, `*`).  Under the same finding it names
    a missing `.git` or `.venv` exclusion.

    The build context is the Dockerfile's folder, or the `context:` of the compose services
    that build it, or the context its own comments build it with (`# docker build -f
    svc/api/Dockerfile .` in `svc/api/Dockerfile`: the root, whose `.dockerignore` the
    finding names); without either, the nearest `.dockerignore` in the Dockerfile's folder
    or above is used.  BuildKit's `<Dockerfile>.dockerignore` beside the Dockerfile wins.
    A Dockerfile template a generator renders (`Dockerfile.j2`, `Dockerfile.jinja2`,
    `.tmpl`, `.tpl`) is built in the projects it writes: only a `.dockerignore` that comes
    with it (in its folder, or rendered the same way: `.dockerignore.j2`) is read, and
    without one the suggestion is the generator's to write one.
    `COPY --from=<stage>` does not read the context and is not reported; a context copy in
    a builder stage is reported with a note (naming the `COPY --from` that carries it into
    the final image when one copies its destination on whole).  With no `.dockerignore` in
    the Dockerfile's folder nor above it and no known context, the finding says so.  Development-only Dockerfiles
    (`Dockerfile.dev`, `.devcontainer/`) are not scanned.

    ## Why is this bad?
    `COPY . .` copies everything the build context holds: the local `.env` with real
    secrets, the `.git` folder with the whole history (and any secret ever committed), and
    the developer's virtualenv.  They are baked into image layers, pushed to registries and
    readable by anyone who can pull the image, even if a later step deletes them.  The
    sources keep secrets in a `.env` file at the project root ([zhanymkanov README],
    [Production guide 2026]); nothing keeps that file out of the image but a
    `.dockerignore`.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY . .
    ```
    with no `.dockerignore` beside it.

    ## Use instead
    ```text
    # .dockerignore
    .env
    .env.*
    !.env.example
    .git
    .venv
    __pycache__/
    tests/
    ```
    or copy only what the image needs: `COPY pyproject.toml uv.lock ./` then
    `COPY app ./app`.

    ## Fix safety
    No diff is offered: the fix belongs in `.dockerignore`, a file other than the reported
    Dockerfile, which may not exist yet.  The suggestion lists the exact patterns to add
    (append-only); for a template, the generator must write the file into the projects it
    generates.  Excluding files changes what the image contains: check that nothing the
    application reads at run time is excluded.

    ## Known problems
    Builds started with an explicit context outside compose and outside the Dockerfile's
    comments (`docker build -f docker/Dockerfile .` in a CI workflow) are not followed: the
    nearest `.dockerignore` is assumed.  A comment's context outside the audited tree
    (`../..`) is not followed either.
    `.dockerignore` patterns are matched with Docker's rules (`*`, `?`, `**`, `!`
    exceptions, the last match wins) on these three paths only.

    ## References
    - [zhanymkanov README] (`.env` at the project root), [Production guide 2026]
      ("Use environment variables for secrets")
    - Docker docs, "Build context" (`.dockerignore` files)
    """

    id = "PRD006"
    name = "docker-context-leaks"
    category = "production"
    severity = Severity.WARNING
    kind = "structural"
    message = "the build context leaks into the image"
    fix_title = "Exclude `.env`, `.git` and `.venv` in `.dockerignore`"
    fix_safe = False
    sources = ("zhanymkanov README", "Production guide 2026")

    def check_project(self, project: Project) -> Iterator[Hit]:
        configs = project.configs
        files = set(project.repo.files)
        contexts: dict[str, set[str]] = {}
        for _compose, ctx, dockerfile, _svc in compose_builds(project):
            contexts.setdefault(dockerfile, set()).add(ctx)
        for df in configs.dockerfiles:
            if is_dev_path(df.path):
                continue
            copies = [i for i in df.instructions if _copies_context(i)]
            if not copies:
                continue
            first = copies[0]
            deployed = df.deployed
            final_copies = [
                i
                for s in (stage_chain(df, deployed) if deployed is not None else [])
                for i in s.instructions
                if _copies_context(i)
            ]
            note = ""
            stage = next((s for s in df.stages if first in s.instructions), None)
            if not final_copies and stage is not None:
                note = _builder_note(df, stage, first, deployed)
            own = df.path + ".dockerignore"
            why = ""
            unplaced = False
            documented = documented_context(df.path, configs.text(df.path) or "")
            template = template_suffix(df.path)
            if own in files:
                candidates = [own]
            elif df.path in contexts:
                candidates = [_in(c, ".dockerignore") for c in sorted(contexts[df.path])]
            elif documented is not None:
                # the Dockerfile's own comment builds it from another folder
                # (``docker build -f svc/api/Dockerfile .``): that context's .dockerignore
                ctx, command = documented
                candidates = [_in(ctx, ".dockerignore")]
                where = f"`{ctx}/`" if ctx else "the root"
                why = f" (its comments build it with {where} as the context: `{command}`)"
            elif template is not None:
                # a template a generator renders into the projects it writes: their build
                # context is theirs, and gets only the ignore file that comes with the template
                candidates = [_template_ignore(df.folder, template, files)]
            else:
                nearest = next(
                    (
                        _in(f, ".dockerignore")
                        for f in _ancestors(df.folder)
                        if _in(f, ".dockerignore") in files
                    ),
                    None,
                )
                candidates = [nearest or _in(df.folder, ".dockerignore")]
                # none from its folder up: where the context is, nothing says
                unplaced = nearest is None and bool(df.folder)
            for ignore_path in candidates:
                hit = self._judge_context(
                    df, first, ignore_path, configs, note, why, unplaced, files
                )
                if hit is not None:
                    yield hit

    def _judge_context(
        self,
        df,
        ins,
        ignore_path: str,
        configs,
        note: str,
        why: str = "",
        unplaced: bool = False,
        files: set[str] | None = None,
    ) -> Hit | None:
        found = configs.ignore_patterns(ignore_path)
        if found is None and why == "" and template_suffix(df.path) is not None:
            return self._template_without_ignore(df, ins, note)
        if found is None and unplaced:
            own = _own_folder_context(df, files or set())
            return self._no_ignore_up_the_tree(df, ins, ignore_path, note, own)
        if found is None:
            hit = self.project_hit(
                f"`{shown(ins, 40)}` copies the whole build context and there is no `{ignore_path}`{why}: "
                f"any `.env` secrets, `.git` history or `.venv` in it end up in the image{note}",
                path=df.path,
                line=ins.line,
            )
            hit.fix_title = f"Create `{ignore_path}` with " + ", ".join(
                f"`{p}`" for p in RECOMMENDED
            )
            return hit
        patterns = [p for _line, p in found]
        missing = [p for p in MUST_EXCLUDE if not ignored(patterns, p)]
        if not missing:
            return None
        listed = ", ".join(f"`{m}`" for m in missing)
        hit = self.project_hit(
            f"`{shown(ins, 40)}` copies the build context and `{ignore_path}`{why} does not exclude {listed}: "
            f"{'they end' if len(missing) > 1 else 'it ends'} up in the image{note}",
            path=df.path,
            line=ins.line,
        )
        add = [
            p
            for p in RECOMMENDED
            if p in missing or (p.startswith((".env.", "!.env")) and ".env" in missing)
        ]
        hit.fix_title = "Append " + ", ".join(f"`{p}`" for p in add) + f" to `{ignore_path}`"
        return hit

    def _no_ignore_up_the_tree(self, df, ins, ignore_path: str, note: str, own: bool) -> Hit:
        """No ``.dockerignore`` in the Dockerfile's folder nor above it, and nothing says
        which folder the build context is (its own, or one above with ``-f``): the message
        names the folders searched, the fix the context's root.  ``own``: the Dockerfile
        is built from its own folder (:func:`_own_folder_context`), which holds no ``.git``,
        so the message does not name its history."""
        leaks = "`.env` secrets or `.venv`" if own else "`.env` secrets, `.git` history or `.venv`"
        hit = self.project_hit(
            f"`{shown(ins, 40)}` copies the whole build context, and there is no "
            f"`.dockerignore` in `{df.folder}/` nor in any folder above it: any {leaks} in "
            f"the context end up in the image{note}",
            path=df.path,
            line=ins.line,
        )
        hit.fix_title = (
            "Create a `.dockerignore` at the root of the build context it is built from "
            f"(`{ignore_path}` when that is its own folder) with "
            + ", ".join(f"`{p}`" for p in RECOMMENDED)
        )
        return hit

    def _template_without_ignore(self, df, ins, note: str) -> Hit:
        """A Dockerfile template with no ``.dockerignore`` beside it: the projects it is
        rendered into get none, and only the generator can give them one (a file added to
        the template's folder reaches them only if the generator copies it)."""
        where = f"`{df.folder}/`" if df.folder else "the root"
        hit = self.project_hit(
            f"`{shown(ins, 40)}` copies the whole build context, and no `.dockerignore` comes "
            f"with this template (none in {where}): any `.env` secrets, `.git` history or "
            f"`.venv` in a project generated from it end up in its image{note}",
            path=df.path,
            line=ins.line,
        )
        hit.fix_title = (
            "Have the generator write a `.dockerignore` with "
            + ", ".join(f"`{p}`" for p in RECOMMENDED)
            + f" beside the Dockerfile it renders from `{posixpath.basename(df.path)}`"
            f" (a file added to {where} reaches generated projects only if the generator "
            "copies it)"
        )
        return hit

    bad = (
        Example(
            files={
                "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nUSER nobody\nCMD ["fastapi", "run", "app/main.py"]\n',
                ".env": "SECRET_KEY=abc\n",
                "app/main.py": "",
            },
            lines=(3,),
        ),
        Example(
            files={
                "Dockerfile": """\
FROM python:3.12-slim AS build
WORKDIR /src
COPY --chown=1000:1000 ./ /src/
RUN pip wheel -w /wheels .

FROM python:3.12-slim
COPY --from=build /wheels /wheels
COPY . .
""",
                ".dockerignore": "# secrets\n.env\n!.env\n.venv/\n",
                "app/main.py": "",
            },
            note="`!.env` re-includes it; `.git` is missing; the first context copy is in the builder stage",
            lines=(3,),
        ),
        Example(
            files={
                "services/api/Dockerfile": 'FROM python:3.12-slim\nADD [".", "/app"]\n',
                "docker-compose.yml": "services:\n  api:\n    build:\n      context: .\n      dockerfile: services/api/Dockerfile\n",
                "services/api/.dockerignore": ".env\n.git\n.venv\n",
                ".dockerignore": "*.pyc\n",
                "app/main.py": "",
            },
            note="compose builds it from the repository root: the root .dockerignore is the one used",
            lines=(2,),
        ),
        Example(
            files={
                "Dockerfile": "FROM python:3.12-slim AS build\nCOPY . /src\nRUN make\n\nFROM gcr.io/distroless/python3\nCOPY --from=build /src/dist /app\n",
                ".dockerignore": ".env*\n",
            },
            note="the final stage copies only from the builder: still reported, with a note",
            lines=(2,),
        ),
        Example(
            files={
                "services/worker/Dockerfile": "FROM python:3.12-slim AS build\nWORKDIR /srv\n"
                "COPY . src\nRUN pip wheel -w /wheels ./src\n\n"
                "FROM python:3.12-slim\nCOPY --from=build /srv /srv\nUSER nobody\n",
                "services/worker/main.py": "",
            },
            note="a builder stage's context copy that the final stage copies on whole; no "
            ".dockerignore from the Dockerfile's folder up, wherever its context is "
            "(seen in openenv-core)",
            lines=(3,),
        ),
        Example(
            files={
                "relay/gateway/Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\n"
                "COPY requirements.txt .\nRUN pip install -r requirements.txt\n"
                "COPY . .\nUSER nobody\n",
                "relay/gateway/__init__.py": "",
                "relay/gateway/requirements.txt": "fastapi\n",
                "relay/__init__.py": "",
            },
            note="a package subfolder built as its own context (its `COPY requirements.txt` "
            "is found there, not at the root): the message does not name `.git` history, "
            "which such a context cannot hold",
            lines=(5,),
        ),
        Example(
            files={
                "Dockerfile": "ARG APP=/opt/app\nFROM python:3.12-slim AS build\nARG APP\n"
                "COPY . ${APP}\n\nFROM python:3.12-slim\nARG APP\n"
                "COPY --from=build ${APP} ${APP}\n",
                ".dockerignore": ".env\n.venv\n",
            },
            note="where the builder copies the context, and what the final stage takes from "
            "it, is chosen at build time",
            lines=(4,),
        ),
        Example(
            files={
                "svc/api/Dockerfile": "# Build from the repository root:\n"
                "#   docker build -f svc/api/Dockerfile \\\n#       -t api:latest .\n"
                "FROM python:3.12-slim\nCOPY . /app\n",
                "svc/api/.dockerignore": ".env\n.git\n.venv\n",
                "svc/api/main.py": "",
            },
            note="its comment builds it with the repository root as context: the root has no "
            ".dockerignore (the one beside the Dockerfile is not read)",
            lines=(5,),
        ),
        Example(
            files={
                "api/Dockerfile": "# the worker: docker build -f worker/Dockerfile .\n"
                "FROM python:3.12-slim\nCOPY . /app\n",
                "api/.dockerignore": "*.pyc\n",
                ".dockerignore": ".env\n.git\n.venv\n",
            },
            note="a comment that builds another Dockerfile says nothing of this one's context: "
            "the nearest .dockerignore is read",
            lines=(3,),
        ),
        Example(
            files={
                "scaffold/cli.py": "",
                "scaffold/templates/api/Dockerfile.j2": "FROM python:{{ python }}-slim\n"
                "WORKDIR /srv\nCOPY . .\n",
                "scaffold/templates/api/main.py.j2": "",
            },
            note="a Dockerfile template a generator renders: the projects it writes get no "
            ".dockerignore unless the generator writes one",
            lines=(3,),
        ),
    )
    good = (
        Example(
            files={
                "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nUSER nobody\nCMD ["fastapi", "run", "app/main.py"]\n',
                ".dockerignore": ".env\n.env.*\n!.env.example\n.git\n.venv\n__pycache__/\n",
                ".env": "SECRET_KEY=abc\n",
                "app/main.py": "",
            }
        ),
        Example(
            files={
                "Dockerfile": """\
FROM python:3.12-slim AS build
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen

FROM python:3.12-slim
COPY --from=build /app/.venv /app/.venv
COPY app ./app
COPY ./alembic.ini ./
""",
                "Dockerfile.dev": "FROM python:3.12\nCOPY . .\n",
                "app/main.py": "",
            },
            note="only named files are copied; COPY --from; a dev Dockerfile",
        ),
        Example(
            files={
                "Dockerfile": "FROM python:3.12-slim\nCOPY . .\n",
                ".dockerignore": "*\n!app/\n!pyproject.toml\n!uv.lock\n",
            },
            note="an allow-list .dockerignore excludes everything else",
        ),
        Example(
            files={
                "docker/Dockerfile": "FROM python:3.12-slim\nCOPY . .\n",
                ".dockerignore": "**/.env\n**/.git\n**/.venv\n",
                "api/Dockerfile": "FROM python:3.12-slim\nCOPY . .\n",
                "api/Dockerfile.dockerignore": ".env\n.git/\n.venv/\n",
            },
            note="the nearest .dockerignore above the Dockerfile; BuildKit's per-Dockerfile ignore file",
        ),
        Example(
            files={
                "services/api/Dockerfile": "# docker build --file services/api/Dockerfile "
                "--build-arg V=1 -t api .\nFROM python:3.12-slim\nCOPY . /app\n",
                "services/api/.dockerignore": "*.pyc\n",
                ".dockerignore": ".env\n.git\n.venv\n",
            },
            note="its comment builds it with the root as context: the root .dockerignore is the "
            "one used, not the folder's (seen in camel-ai and airbyte-cdk)",
        ),
        Example(
            files={
                "scaffold/templates/api/Dockerfile.jinja2": "FROM python:3.12-slim\nCOPY . /srv\n",
                "scaffold/templates/api/.dockerignore.jinja2": "{# rendered beside it #}\n"
                ".env\n.git\n.venv\n",
                ".dockerignore": "*.pyc\n",
            },
            note="a Dockerfile template with a .dockerignore rendered beside it: the generated "
            "project's, not the tree's root one",
        ),
    )
