from __future__ import annotations

import ast
import dataclasses
from typing import NamedTuple

from auditor.check import Check, Example, Hit, Severity, snippet
from auditor.project import Project
from auditor.walker import ModuleContext

#: top-level import name -> (distribution, why, replacement)
LIBRARIES: dict[str, tuple[str, str, str]] = {
    "jose": (
        "python-jose",
        "barely maintained (CVE-2024-33663, CVE-2024-33664)",
        "PyJWT (`import jwt`)",
    ),
    "passlib": (
        "passlib",
        "unmaintained (last release 2020; breaks with bcrypt >= 5 and on Python 3.13)",
        "pwdlib (Argon2)",
    ),
}
#: distribution (normalised) -> top-level import name
DISTRIBUTIONS = {"python-jose": "jose", "passlib": "passlib"}
SCANNED = frozenset({"app", "test"})


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    library: str | None = None
    #: the names this import binds, when the module never reads any of them (a dead import:
    #: nothing calls the library unless another module imports them from here)
    unused: tuple[str, ...] = ()


@dataclasses.dataclass
class _Loaded:
    """The names the module reads (``Load``), and those ``__all__`` lists; filled once."""

    names: set[str] | None = None


def _read_names(ctx: ModuleContext) -> set[str]:
    state = ctx.state(_Loaded)
    if state.names is None:
        out: set[str] = set()
        tree = ctx.tree
        for n in ast.walk(tree) if tree is not None else ():
            if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Store):
                out.add(n.id)
            elif isinstance(n, ast.Constant) and isinstance(n.value, str):
                out.add(n.value)  # ``__all__ = ["CryptContext"]``, string annotations
        state.names = out
    return state.names


def _bound(node: ast.AST, top: str) -> tuple[str, ...]:
    """The local names ``node`` binds for the library ``top``."""
    if isinstance(node, ast.Import):
        return tuple(
            a.asname or a.name.split(".", 1)[0]
            for a in node.names
            if a.name.split(".", 1)[0] == top
        )
    if isinstance(node, ast.ImportFrom):
        return tuple(a.asname or a.name for a in node.names)
    return ()


class UnmaintainedAuthLibrary(Check):
    """
    ## What it does
    Flags imports of `jose` (the python-jose package) and `passlib`, and the
    `python-jose` / `passlib` distributions (extras such as `python-jose[cryptography]`
    or `passlib[bcrypt]` included) declared in `pyproject.toml`, `requirements*.txt`,
    `Pipfile` or `setup.cfg`.  A module is reported once per library, on its first import
    of it.  A declared dependency is reported on its own line only when no application or
    test module imports it (otherwise the imports are reported).

    ## Why is this bad?
    Authentication code should sit on libraries that still receive security fixes.

    - **python-jose** went years without a release.  CVE-2024-33663 (algorithm confusion
      with OpenSSH ECDSA keys) and CVE-2024-33664 (JWE decompression bomb) stayed open
      until a late emergency release.
    - **passlib**'s last release, 1.7.4, dates from 2020.  Some of its schemes rely on the
      `crypt` module, removed in Python 3.13, and with `bcrypt` >= 5 its backend self-test
      raises `ValueError: password cannot be longer than 72 bytes` even for short
      passwords.

    The sources disagree here (Disagreement D9): [Production skill 2025] uses
    `from jose import JWTError, jwt` and `CryptContext(schemes=["bcrypt"])`, and
    [ForgeAPI guide] catches `JWTError`, while [zhanymkanov README] uses
    PyJWT (`import jwt`, `InvalidTokenError`).  Current practice is the latter: FastAPI's
    own security tutorial now uses **PyJWT** for tokens and **pwdlib** (Argon2) for
    password hashes.

    ## Example
    ```python
    from jose import JWTError, jwt
    from passlib.context import CryptContext

    pwd_context = CryptContext(schemes=["bcrypt"], deprecated="auto")
    ```

    ## Use instead
    ```python
    import jwt
    from jwt.exceptions import InvalidTokenError
    from pwdlib import PasswordHash

    password_hash = PasswordHash.recommended()  # Argon2
    ```
    Existing bcrypt hashes keep verifying with pwdlib's `BcryptHasher`
    (`PasswordHash((Argon2Hasher(), BcryptHasher()))`), and are upgraded on login with
    `verify_and_update`.

    ## Fix safety
    No automatic fix: exception names, options and the hash migration differ between the
    libraries.

    ## Known problems
    `joserfc` and `authlib.jose` are different, maintained packages and are not matched;
    neither is a project package of your own named `jose` or `passlib`.  A project that
    keeps passlib only to *verify* legacy hashes during a migration can suppress the
    finding on the import line.  An import none of whose names the module reads, nor any
    other module imports from it, runs nothing and is not reported (nor is the dependency
    line then): ruff's `F401` removes it.  Dependencies that appear only in a lock file
    (transitive) are not reported.

    ## References
    - [Production skill 2025] (python-jose and passlib), [ForgeAPI guide]
      (`except JWTError`), [zhanymkanov README] (PyJWT) — Disagreement D9
    - FastAPI docs, "OAuth2 with Password (and hashing), Bearer with JWT tokens"
    - CVE-2024-33663, CVE-2024-33664; passlib release history (1.7.4, October 2020)
    """

    id = "SEC002"
    name = "unmaintained-auth-library"
    category = "security"
    severity = Severity.WARNING
    file_classes = SCANNED
    message = "unmaintained authentication library"
    fix_title = "Use PyJWT for tokens and pwdlib for password hashing"
    sources = (
        "ForgeAPI guide",
        "Production skill 2025",
        "zhanymkanov README",
    )

    def visit_Import(self, node: ast.Import, ctx: ModuleContext) -> None:
        for top in dict.fromkeys(a.name.split(".", 1)[0] for a in node.names):
            self._report(node, top, ctx)

    def visit_ImportFrom(self, node: ast.ImportFrom, ctx: ModuleContext) -> None:
        if node.level or not node.module:
            return
        self._report(node, node.module.split(".", 1)[0], ctx)

    def _report(self, node: ast.AST, top: str, ctx: ModuleContext) -> None:
        lib = LIBRARIES.get(top)
        if lib is None or top in ctx.project_modules:
            return
        dist, why, instead = lib
        shown = f"`{top}`" if top == dist else f"`{top}` ({dist})"
        bound = _bound(node, top)
        read = _read_names(ctx)
        unused = () if "*" in bound or any(b in read for b in bound) else bound
        ctx.report(
            node,
            f"{shown} is {why}: use {instead}",
            data=_Data(library=top, unused=unused),
        )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        """One finding per library per module: its first import (one dependency to replace,
        however many lines import from it); none where no import of it is ever read."""
        seen: set[tuple[str | None, str | None]] = set()
        kept: list[Hit] = []
        reimported = {imp.module for m in project.by_path.values() for imp in m.import_list}
        used: set[tuple[str | None, str | None]] = set()
        for h in hits:
            unused = h.payload(_Data).unused
            m = project.by_path.get(h.path) if h.path else None
            if not unused or (
                m is not None and any(f"{m.module}.{b}" in reimported for b in unused)
            ):
                used.add((h.path, h.payload(_Data).library))
        for h in sorted(hits, key=Hit.sort_key):
            if (h.path, h.payload(_Data).library) not in used:
                continue  # imported and never used: nothing runs the library (a dead import)
            key = (h.path, h.payload(_Data).library)
            if key not in seen:
                seen.add(key)
                kept.append(h)
        return kept

    def check_project(self, project: Project) -> list[Hit]:
        imported: set[str] = set()
        for m in project.modules_of_class(*SCANNED):
            for imp in m.import_list:
                imported.add(imp.module.split(".", 1)[0])
        out: list[Hit] = []
        for req in project.inventory.requirements:
            top = DISTRIBUTIONS.get(req.name)
            if top is None or top in imported:
                continue
            dist, why, instead = LIBRARIES[top]
            out.append(
                self.project_hit(
                    f"dependency `{dist}` is {why}: use {instead}",
                    path=req.path,
                    line=req.line,
                    data=_Data(),
                )
            )
        return out

    bad = (
        snippet(
            """\
from jose import JWTError, jwt
from passlib.context import CryptContext

pwd_context = CryptContext(schemes=["bcrypt"], deprecated="auto")


def decode(token: str, key: str) -> dict:
    try:
        return jwt.decode(token, key, algorithms=["HS256"])
    except JWTError:
        return {}
""",
            lines=(1, 2),
        ),
        snippet(
            """\
import jose.jwt as jose_jwt


def verify(password: str, hashed: str) -> bool:
    import passlib.hash

    return passlib.hash.bcrypt.verify(password, hashed) and bool(jose_jwt)
""",
            note="aliased and function-level imports",
            lines=(1, 5),
        ),
        snippet(
            """\
from passlib.context import CryptContext
from passlib.exc import UnknownHashError

pwd_context = CryptContext(schemes=["argon2"])
""",
            note="one finding per library per module: its first import line, not every line",
            lines=(1,),
        ),
        Example(
            files={
                "requirements.txt": "fastapi==0.115.0\npython-jose[cryptography]==3.3.0\npasslib[bcrypt]>=1.7\n",
                "app/main.py": "import jwt\n",
            },
            note="declared but never imported: reported on the dependency lines",
            lines=(2, 3),
        ),
        Example(
            files={
                "pyproject.toml": '[project]\nname = "svc"\ndependencies = [\n  "fastapi",\n  "passlib[bcrypt]>=1.7",\n]\n',
                "tests/test_auth.py": "from passlib.hash import bcrypt\n\nHASHER = bcrypt\n",
                "app/main.py": "import jwt\n",
            },
            note="imported only by the tests: the import is reported, not the dependency line",
            lines=(1,),
        ),
        Example(
            files={
                "app/security.py": "from passlib.context import CryptContext\n",
                "app/main.py": """\
from app.security import CryptContext

pwd_context = CryptContext(schemes=["bcrypt"])
""",
            },
            note="the other side of the dead-import trap: a name imported here and used by "
            "another module",
            lines=(1,),
        ),
    )
    good = (
        snippet(
            """\
import jwt
from jwt.exceptions import InvalidTokenError
from pwdlib import PasswordHash

password_hash = PasswordHash.recommended()


def decode(token: str, key: str) -> dict:
    try:
        return jwt.decode(token, key, algorithms=["HS256"])
    except InvalidTokenError:
        return {}
"""
        ),
        snippet(
            """\
from authlib.jose import jwt
from joserfc import jwt as rfc_jwt
import josepy

from .jose import helpers
from . import passlib


def parse(token: str, key: str) -> object:
    return jwt.decode(token, key), rfc_jwt, josepy, helpers, passlib
""",
            note="authlib.jose, joserfc, josepy and relative project modules are not matched",
        ),
        Example(
            files={
                "requirements.txt": "fastapi==0.115.0\nPyJWT==2.9.0\npwdlib[argon2]==0.2.1\njoserfc==1.0.0\n",
                "app/main.py": "import jwt\n",
            },
            note="maintained libraries declared",
        ),
        Example(
            files={
                "jose/__init__.py": "def sign(data: bytes) -> bytes:\n    return data\n",
                "app/main.py": "from jose import sign\n",
            },
            note="a project package that happens to be named `jose`",
        ),
        Example(
            files={
                "requirements.txt": "fastapi==0.115.0\npasslib[bcrypt]>=1.7\nPyJWT==2.9.0\n",
                "app/auth.py": """\
import jwt
from passlib.context import CryptContext


def decode(token: str, key: str) -> dict:
    return jwt.decode(token, key, algorithms=["HS256"])
""",
            },
            note="an import nothing uses (its helpers were removed, seen in mcpo): no password is "
            "hashed, so nothing breaks with bcrypt >= 5; deleting the import is ruff's F401",
        ),
    )
