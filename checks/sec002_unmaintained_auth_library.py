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
#: python-jose's exception classes (``jose.exceptions``, re-exported by ``jose``)
JOSE_EXCEPTIONS = frozenset(
    {
        "JOSEError", "JWSError", "JWSSignatureError", "JWSAlgorithmError", "JWTError",
        "JWTClaimsError", "ExpiredSignatureError", "JWKError", "JWEError", "JWEParseError",
        "JWEInvalidAuth", "JWEAlgorithmUnsupportedError",
    }
)  # fmt: skip


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    library: str | None = None
    #: the names this import binds, when the module never reads any of them (a dead import:
    #: nothing calls the library unless another module imports them from here)
    unused: tuple[str, ...] = ()
    #: ``unused`` names module-level objects the library's names only build (``pwd_context``),
    #: not the imported names themselves: ``judge`` looks for them in the other files too
    carriers: bool = False


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


def _unread_carriers(bound: tuple[str, ...], read: set[str], ctx: ModuleContext) -> tuple[str, ...]:
    """The module-level names the library's imported names only feed, when nothing reads
    them: ``pwd_context = CryptContext(...)`` and no use of ``pwd_context`` in the module.
    Empty when a bound name is read anywhere else, or a carrier is read (``judge`` still asks
    whether another module imports a carrier from here)."""
    tree = ctx.tree
    if tree is None:
        return ()
    names = set(bound)

    def loads(node: ast.AST) -> int:
        return sum(
            1
            for n in ast.walk(node)
            if isinstance(n, ast.Name) and n.id in names and isinstance(n.ctx, ast.Load)
        )

    carriers: list[str] = []
    fed = 0
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target, value = stmt.targets[0], stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            target, value = stmt.target, stmt.value
        else:
            continue
        if not isinstance(target, ast.Name):
            continue
        n = loads(value)
        if n:
            if target.id in read:
                return ()  # the carrier is used: so is the library
            carriers.append(target.id)
            fed += n
    if not carriers or loads(tree) != fed:
        return ()  # read somewhere other than an unread carrier's value
    return tuple(carriers)


def _used_elsewhere(names: tuple[str, ...], path: str | None, project: Project) -> bool:
    """Whether another file names one of ``names`` (``common.crypt_ctx.verify(...)`` after
    ``from app import common``), or the answer is unknown."""
    uses = project.named_uses(names)
    if uses is None or any(n not in uses for n in names):
        return True
    return any(u.path != path for n in names for u in uses[n])


def _imports_pyjwt(ctx: ModuleContext) -> bool:
    """The module imports PyJWT (``import jwt``, ``from jwt import ...``), not a project
    package of that name."""
    if "jwt" in ctx.project_modules or ctx.tree is None:
        return False
    for n in ast.walk(ctx.tree):
        if isinstance(n, ast.Import) and any(a.name.split(".")[0] == "jwt" for a in n.names):
            return True
        if (
            isinstance(n, ast.ImportFrom)
            and not n.level
            and (n.module or "").split(".")[0] == "jwt"
        ):
            return True
    return False


def _jose_exceptions_only(node: ast.AST, ctx: ModuleContext) -> tuple[str, ...]:
    """The exception classes a ``from jose import ...`` takes when they are all it takes and
    the module already works with PyJWT: PyJWT never raises them, so what is left to change
    is the ``except`` clauses, not the token code."""
    if not isinstance(node, ast.ImportFrom) or node.module not in ("jose", "jose.exceptions"):
        return ()
    names = tuple(a.name for a in node.names)
    if not names or any(n not in JOSE_EXCEPTIONS for n in names) or not _imports_pyjwt(ctx):
        return ()
    return names


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


#: A module decoding tokens with PyJWT, its exception classes imported by ``exceptions``
#: (SEC002's maintained decoder and the decoder catching python-jose's exceptions)
_PYJWT_DECODE = """\
import jwt
{exceptions}
from pwdlib import PasswordHash

password_hash = PasswordHash.recommended()


def decode(token: str, key: str) -> dict:
    try:
        return jwt.decode(token, key, algorithms=["HS256"])
    except ExpiredSignatureError:
        return {{"expired": True}}
    except InvalidTokenError:
        return {{}}
"""


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
    line then): ruff's `F401` removes it.  So is an import whose names only build
    module-level objects nothing reads (`pwd_context = CryptContext(...)` with no use of
    `pwd_context` in the module, and no other module importing it): no password is hashed,
    and the fix is deleting the object, not a new library.  A module that already uses PyJWT
    (`import jwt`) and takes only exception classes from jose (`from jose import JWTError`)
    is told so: PyJWT never raises them, and the change left is catching
    `jwt.ExpiredSignatureError` / `jwt.InvalidTokenError`.  Dependencies that appear only in a lock file
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
        carriers = False
        if not unused and "*" not in bound:
            unused = _unread_carriers(bound, read, ctx)
            carriers = bool(unused)
        caught = _jose_exceptions_only(node, ctx)
        if caught:
            listed = ", ".join(f"`{n}`" for n in caught)
            message = (
                f"{shown} is {why}, and this module takes only its exception classes ({listed}) "
                "while it already uses PyJWT (`import jwt`): PyJWT never raises them, so catch "
                "`jwt.ExpiredSignatureError` / `jwt.InvalidTokenError` and drop python-jose"
            )
        else:
            message = f"{shown} is {why}: use {instead}"
        ctx.report(
            node,
            message,
            data=_Data(library=top, unused=unused, carriers=carriers),
        )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        """One finding per library per module: its first import (one dependency to replace,
        however many lines import from it); none where no import of it is ever read."""
        seen: set[tuple[str | None, str | None]] = set()
        kept: list[Hit] = []
        reimported = {imp.module for m in project.by_path.values() for imp in m.import_list}
        used: set[tuple[str | None, str | None]] = set()
        for h in hits:
            d = h.payload(_Data)
            unused = d.unused
            m = project.by_path.get(h.path) if h.path else None
            if (
                not unused
                or (m is not None and any(f"{m.module}.{b}" in reimported for b in unused))
                or (d.carriers and _used_elsewhere(unused, h.path, project))
            ):
                used.add((h.path, d.library))
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
            _PYJWT_DECODE.format(
                exceptions="from jose import ExpiredSignatureError, JWTError"
            ).replace("except InvalidTokenError", "except JWTError"),
            note="the other side of the PyJWT decoder: tokens are decoded with PyJWT and jose "
            "supplies only exception classes, which PyJWT never raises",
            lines=(2,),
        ),
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


def hash_password(password: str) -> str:
    return pwd_context.hash(password)
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


def known(hashed: str) -> bool:
    try:
        return pwd_context.identify(hashed) is not None
    except UnknownHashError:
        return False
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
                "tests/test_auth.py": (
                    "from passlib.hash import bcrypt\n\nHASHER = bcrypt\n\n\n"
                    "def test_hash() -> None:\n    assert HASHER.verify('pw', HASHER.hash('pw'))\n"
                ),
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
        Example(
            files={
                "app/security.py": """\
from passlib.context import CryptContext

pwd_context = CryptContext(schemes=["bcrypt"])
""",
                "app/users.py": """\
from app.security import pwd_context


def check(password: str, hashed: str) -> bool:
    return pwd_context.verify(password, hashed)
""",
            },
            note="the other side of the unused-context trap: another module imports the context "
            "and verifies passwords with it",
            lines=(1,),
        ),
        Example(
            files={
                "app/security.py": """\
from passlib import context as passlib_context

crypt_ctx = passlib_context.CryptContext(["bcrypt"])
""",
                "app/users.py": """\
from app import security


def check(password: str, hashed: str) -> bool:
    return security.crypt_ctx.verify(password, hashed)
""",
            },
            note="the other side of the unused-context trap: another module reads the context "
            "as an attribute of the module it imports",
            lines=(1,),
        ),
        snippet(
            """\
from passlib.context import CryptContext

pwd_context = CryptContext(schemes=["bcrypt"])


def check(password: str, hashed: str) -> bool:
    return pwd_context.verify(password, hashed)
""",
            note="the other side of the unused-context trap: the module's own function uses it",
            lines=(1,),
        ),
    )
    good = (
        snippet(
            _PYJWT_DECODE.format(
                exceptions="from jwt.exceptions import ExpiredSignatureError, InvalidTokenError"
            )
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
        Example(
            files={
                "requirements.txt": "fastapi==0.115.0\npasslib[bcrypt]>=1.7\nPyJWT==2.9.0\n",
                "app/auth.py": """\
import jwt
from passlib.context import CryptContext

pwd_context = CryptContext(schemes=["bcrypt"], deprecated="auto")


def decode(token: str, key: str) -> dict:
    return jwt.decode(token, key, algorithms=["HS256"])
""",
            },
            note="a context built at import and never used (sign-in delegated to an identity "
            "provider): nothing hashes a password, and the fix is deleting it, not pwdlib",
        ),
    )
