from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from auditor.check import Check, Example, Hit, Severity
from auditor.project import Project

#: Committed templates: excluded by name, exactly these.
TEMPLATES = frozenset(
    {".env.example", ".env.sample", ".env.template", ".env.dist", ".env.defaults", "example.env"}
)


def is_dotenv(path: str) -> bool:
    """The basename is ``.env``, ``.env.*`` or ``*.env``, and not a template."""
    name = PurePosixPath(path).name
    if name in TEMPLATES:
        return False
    return (
        name == ".env"
        or name.startswith(".env.")
        or (name.endswith(".env") and len(name) > len(".env"))
    )


def only_empty_values(text: str) -> bool:
    """Every ``KEY=value`` line has an empty value (comments and blank lines aside)."""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        if "=" not in line:
            return False
        value = line.split("=", 1)[1].strip()
        if value[:1] in ("'", '"') and len(value) >= 2 and value[-1] == value[0]:
            value = value[1:-1]
        elif value.startswith("#"):
            value = ""  # ``KEY= # comment``
        if value:
            return False
    return True


class DotenvCommitted(Check):
    """
    ## What it does
    Asks git about every dotenv file of the repository: a file whose name is `.env`,
    `.env.<something>` or `<something>.env`.  It reports a dotenv file that git **tracks**
    (an error) and one that exists untracked but that git does **not ignore** (a warning:
    one `git add .` away from being committed).  The usual templates are not dotenv files:
    `.env.example`, `.env.sample`, `.env.template`, `.env.dist`, `.env.defaults` and
    `example.env`.

    ## Why is this bad?
    A dotenv file holds the secrets of one environment: database passwords, API keys, the
    JWT signing key.  Once committed, they live in the git history forever and travel with
    every clone, fork, CI log and container build context; deleting the file later does not
    take them back.  The sources keep secrets in environment variables
    ([Production guide 2026]: "Use environment variables for secrets") and load them
    with `env_file=".env"` ([Production guide 2026], [Production skill 2025],
    [Patterns reference]); [zhanymkanov README] shows `.env` beside a
    `.gitignore` that keeps it out of git.

    A tracked dotenv whose values are all empty is still reported, because it is easily
    filled in later and committed again; the message says that it is empty.

    ## Example
    ```text
    $ git ls-files
    .env
    .gitignore
    app/main.py
    ```

    ## Use instead
    ```text
    $ git rm --cached .env
    $ echo ".env" >> .gitignore
    $ git ls-files
    .env.example      # the variable names, with empty values
    .gitignore
    app/main.py
    ```
    Then **rotate** every secret the file ever held: removing it from the tree does not
    remove it from the history.

    ## Fix safety
    No automatic fix: it touches the git index, the history and real credentials.

    ## Known problems
    Only file names are considered: a dotenv file under another name (`secrets.txt`) is
    not found, and a tracked `.env.test` holding only test values is reported like any
    other.  Outside a git work tree the check is skipped.

    ## References
    - [Production guide 2026] (security checklist: "Use environment variables for secrets")
    - [Production skill 2025], [Patterns reference] (`env_file=".env"`)
    - [zhanymkanov README] (project tree with `.env` and `.gitignore`)
    - FastAPI docs, "Settings and Environment Variables" (reading a `.env` file)
    """

    id = "SET002"
    name = "dotenv-committed"
    category = "settings"
    severity = Severity.ERROR
    kind = "git"
    message = "a dotenv file is tracked by git"
    fix_title = (
        "Untrack the file (`git rm --cached`), ignore it, commit a template and rotate its secrets"
    )
    fix_safe = False
    sources = (
        "Production guide 2026",
        "Production skill 2025",
        "Patterns reference",
        "zhanymkanov README",
    )

    def applies(self, project: Project) -> str | None:
        if project.repo.git is None:
            return "not a git work tree"
        return None

    def check_project(self, project: Project) -> Iterator[Hit]:
        repo = project.repo
        tracked = repo.tracked or frozenset()
        for path in sorted(p for p in tracked if is_dotenv(p)):
            text = repo.read_text(path)
            if text is not None and only_empty_values(text):
                message = f"`{path}` is tracked by git: its values are empty for now, but any secret filled in will be committed"
            else:
                message = (
                    f"`{path}` is tracked by git: its secrets are in the history of every clone"
                )
            yield self.project_hit(message, path=path)
        for path in sorted(p for p in repo.untracked if is_dotenv(p) and p not in tracked):
            hit = self.project_hit(
                f"`{path}` is not ignored by git: one `git add .` away from being committed",
                path=path,
                severity=Severity.WARNING,
            )
            hit.fix_title = "Add it to `.gitignore` (and keep its secrets out of git)"
            yield hit

    bad = (
        Example(
            files={
                ".env": "SECRET_KEY=5f4dcc3b5aa765d61d8327deb882cf99\n",
                ".gitignore": "__pycache__/\n",
                "app/main.py": "",
            },
            git_tracked=(".env", ".gitignore", "app/main.py"),
            note="a tracked .env",
        ),
        Example(
            files={
                "deploy/prod.env": "DATABASE_URL=postgresql://app:s3cret@db/app\n",
                "app/.env.production": "STRIPE_KEY=sk_live_abc\n",
                ".env.example": "STRIPE_KEY=\n",
                "app/main.py": "",
            },
            git_tracked=("deploy/prod.env", "app/.env.production", ".env.example", "app/main.py"),
            note="`*.env` and `.env.*` names, in sub-folders; the template is fine",
        ),
        Example(
            files={".env": "# fill in\nSECRET_KEY=\nexport API_KEY=''\n", "app/main.py": ""},
            git_tracked=(".env", "app/main.py"),
            note="only empty values: still reported, with a note",
        ),
        Example(
            files={
                ".env": "SECRET_KEY=local-only\n",
                ".gitignore": "__pycache__/\n",
                "app/main.py": "",
            },
            git_tracked=(".gitignore", "app/main.py"),
            git_untracked=(".env",),
            note="untracked and not ignored: a warning",
        ),
    )
    good = (
        Example(
            files={
                ".env": "SECRET_KEY=local-only\n",
                ".env.example": "SECRET_KEY=\n",
                ".gitignore": ".env\n",
                "app/main.py": "",
            },
            git_tracked=(".env.example", ".gitignore", "app/main.py"),
            git_untracked=(".env",),
            note="ignored locally, template committed",
        ),
        Example(
            files={
                ".env.sample": "A=\n",
                ".env.template": "A=\n",
                ".env.dist": "A=\n",
                ".env.defaults": "A=1\n",
                "example.env": "A=\n",
                ".envrc": "use flake\n",
                "app/environment.py": "",
                "docs/env.md": "",
                "app/main.py": "",
            },
            git_tracked=(
                ".env.sample",
                ".env.template",
                ".env.dist",
                ".env.defaults",
                "example.env",
                ".envrc",
                "app/environment.py",
                "docs/env.md",
                "app/main.py",
            ),
            note="templates and look-alike names (direnv's .envrc)",
        ),
        Example(
            files={".env": "SECRET_KEY=5f4dcc3b5aa765d61d8327deb882cf99\n", "app/main.py": ""},
            note="not a git work tree: skipped",
        ),
    )
