from __future__ import annotations

import ast
from dataclasses import replace
from typing import NamedTuple

from auditor.check import PYDANTIC_2, Check, Example, Hit, Severity, snippet, when
from auditor.project import Project
from auditor.walker import ModuleContext

#: Modules whose ``BaseSettings`` is gone on pydantic v2.
_OLD_MODULES = ("pydantic", "pydantic.env_settings")
_OLD_NAMES = frozenset({"pydantic.BaseSettings", "pydantic.env_settings.BaseSettings"})
_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    t = handler.type
    if t is None:
        return True
    items = t.elts if isinstance(t, ast.Tuple) else [t]
    for item in items:
        name = item.attr if isinstance(item, ast.Attribute) else getattr(item, "id", None)
        if name in _IMPORT_ERRORS or (name or "").endswith("ImportError"):
            return True
    return False


def _guarded(node: ast.AST, ctx: ModuleContext) -> str | None:
    """Why this import cannot crash the app: a fallback, TYPE_CHECKING or a version gate."""
    child = node
    for parent in reversed(ctx.parents):
        if isinstance(parent, ast.ExceptHandler):
            return "fallback"
        if (
            isinstance(parent, ast.Try)
            and child in parent.body
            and any(_catches_import_error(h) for h in parent.handlers)
        ):
            return "fallback"
        if isinstance(parent, ast.If):
            test = ast.unparse(parent.test).lower()
            if "type_checking" in test:
                return "type-checking"
            if "version" in test or "v1" in test or "v2" in test:
                return "version gate"
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Module)):
            break
        child = parent
    return None


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    form: str | None = None


class BaseSettingsImportMoved(Check):
    """
    ## What it does
    Flags `from pydantic import BaseSettings`, `from pydantic.env_settings import
    BaseSettings` and attribute references such as `pydantic.BaseSettings` (through any
    `import pydantic as ...` alias) in a project on pydantic v2: its lock file or its
    requirements say Pydantic 2 (`pydantic-settings` declared counts).

    ## Why is this bad?
    Pydantic v2 moved `BaseSettings` to the separate `pydantic-settings` distribution.  On
    v2 the old import raises `PydanticImportError` ("`BaseSettings` has been moved to the
    `pydantic-settings` package") as soon as the module is imported: the application does
    not start.  All five source documents import it from `pydantic_settings`
    ([Production guide 2026], [ForgeAPI guide], [Production skill 2025],
    [Patterns reference], [zhanymkanov README]).

    `from pydantic.v1 import BaseSettings` (the v1 compatibility layer) is fine and is not
    reported; a module that imports from `pydantic.v1` is written against that layer and
    is skipped as a whole.  An import guarded so that it cannot break start-up is not
    reported either: a `try: ... except ImportError:` fallback, an `if TYPE_CHECKING:`
    block, or a branch on the pydantic version.

    ## Example
    ```python
    from pydantic import BaseModel, BaseSettings


    class Settings(BaseSettings):
        database_url: str
    ```

    ## Use instead
    ```python
    from pydantic import BaseModel
    from pydantic_settings import BaseSettings


    class Settings(BaseSettings):
        database_url: str
    ```
    and add `pydantic-settings` to the project's dependencies.

    ## Fix safety
    The fix rewrites the import to `from pydantic_settings import BaseSettings`, keeping an
    `as` alias; other names imported from `pydantic` in the same statement stay where they
    are (the statement is split).  An attribute reference `pydantic.BaseSettings` becomes
    `pydantic_settings.BaseSettings` with `import pydantic_settings` added.  The fix does not
    edit your dependency files: add `pydantic-settings` yourself.  A v1-style settings class
    usually needs more work after the move: `class Config` becomes
    `model_config = SettingsConfigDict(...)` (PYD001) and `Field(env=...)` becomes
    `validation_alias` (PYD003).

    ## Known problems
    The Pydantic version comes from the lock file, then the declared requirements
    (`pydantic-settings` declared means Pydantic 2), then the code (F8).  The import this
    check looks for is itself proof of Pydantic 1 when nothing is pinned, so without a pin,
    a lock or a `pydantic-settings` requirement saying v2 the check stays silent.  A
    statement importing other names from `pydantic.env_settings` is reported but not
    fixed: that module is gone on v2 as a whole.

    ## References
    - [Production guide 2026], [ForgeAPI guide], [Production skill 2025],
      [Patterns reference], [zhanymkanov README] (settings with `pydantic_settings`)
    - Pydantic migration guide, "BaseSettings has moved to pydantic-settings"
    - FastAPI docs, "Settings and Environment Variables"
    """

    id = "SET001"
    name = "basesettings-import-moved"
    category = "settings"
    severity = Severity.ERROR
    message = "`BaseSettings` is imported from `pydantic`: it moved to `pydantic-settings` in v2"
    fix_title = "Import `BaseSettings` from `pydantic_settings`"
    sources = (
        "Production guide 2026",
        "ForgeAPI guide",
        "Production skill 2025",
        "Patterns reference",
        "zhanymkanov README",
    )

    def applies(self, project: Project) -> str | None:
        return project.pydantic_version.requires(2)

    def visit_ImportFrom(self, node: ast.ImportFrom, ctx: ModuleContext) -> None:
        if node.level or node.module not in _OLD_MODULES:
            return
        if not any(a.name == "BaseSettings" for a in node.names):
            return
        if _guarded(node, ctx):
            return
        fixable = node.module == "pydantic" or all(a.name == "BaseSettings" for a in node.names)
        ctx.report(
            node,
            f"`from {node.module} import BaseSettings` raises `PydanticImportError` on pydantic v2: "
            "import it from `pydantic_settings`",
            fixable=fixable,
            data=_Data(form="import"),
        )

    @when(names=("BaseSettings",))
    def visit_Attribute(self, node: ast.Attribute, ctx: ModuleContext) -> None:
        if node.attr != "BaseSettings" or not isinstance(node.ctx, ast.Load):
            return
        q = ctx.resolve(node)
        if q not in _OLD_NAMES:
            return
        if _guarded(node, ctx):
            return
        text = ast.unparse(node)
        ctx.report(
            node,
            f"`{text}` does not exist on pydantic v2: use `pydantic_settings.BaseSettings`",
            fixable=q == "pydantic.BaseSettings",
            fix_title="Use `pydantic_settings.BaseSettings`",
            data=_Data(form="attribute"),
        )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        out = []
        remind = not project.inventory.has("pydantic-settings")
        for h in hits:
            facts = project.by_path.get(h.path or "")
            if facts is not None and facts.v1_compat:
                continue  # F6: a module written against ``pydantic.v1`` (also shipped by 1.10.17+)
            if remind:
                h = replace(
                    h, message=h.message + " (and add `pydantic-settings` to the dependencies)"
                )
            out.append(h)
        return out

    def fix(self, source: str, hit: Hit, project: Project) -> str | None:
        import libcst as cst

        from auditor.fixes import add_import, locate, parse_module

        module = parse_module(source)
        if hit.payload(_Data).form == "attribute":
            found = locate(module, cst.Attribute, hit.line, hit.column)
            found = [
                a for a in found if isinstance(a.value, cst.Name) and a.attr.value == "BaseSettings"
            ]
            if len(found) != 1:
                return None
            new = cst.Attribute(value=cst.Name("pydantic_settings"), attr=cst.Name("BaseSettings"))
            replaced = module.deep_replace(found[0], new)
            if not isinstance(replaced, cst.Module):  # pragma: no cover - replacing a child
                return None
            return add_import(replaced, "pydantic_settings").code

        found = locate(module, cst.ImportFrom, hit.line, hit.column)
        if len(found) != 1 or isinstance(found[0].names, cst.ImportStar):
            return None
        target = found[0]
        moved = [
            a
            for a in target.names
            if isinstance(a.name, cst.Name) and a.name.value == "BaseSettings"
        ]
        kept = [a for a in target.names if a not in moved]
        if not moved:
            return None
        new_import = cst.ImportFrom(
            module=cst.Name("pydantic_settings"),
            names=[a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in moved],
        )
        if kept:
            last_comma = target.names[-1].comma
            kept = [*kept[:-1], kept[-1].with_changes(comma=last_comma)]
            if target.rpar is None:
                kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            old_import = target.with_changes(names=kept)
        else:
            old_import = None

        class Rewrite(cst.CSTTransformer):
            done = False

            def leave_SimpleStatementLine(self, original, updated):
                if not any(stmt is target for stmt in original.body):
                    return updated
                self.done = True
                body = list(updated.body)
                i = next(k for k, stmt in enumerate(original.body) if stmt is target)
                if old_import is None:
                    body[i] = new_import
                    return updated.with_changes(body=body)
                body[i] = old_import
                first = updated.with_changes(body=body)
                second = cst.SimpleStatementLine(body=[new_import])
                return cst.FlattenSentinel([first, second])

        rewriter = Rewrite()
        result = module.visit(rewriter)
        return result.code if rewriter.done else None

    bad = (
        snippet(
            """\
from pydantic import BaseSettings


class Settings(BaseSettings):
    database_url: str
""",
            lines=(1,),
            with_files=PYDANTIC_2,
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -1,3 +1,3 @@
-from pydantic import BaseSettings
+from pydantic_settings import BaseSettings
 
 
""",
            ),
        ),
        snippet(
            """\
from pydantic import (
    BaseModel,
    BaseSettings as Base,
    Field,
)


class Settings(Base):
    database_url: str = Field(min_length=1)


class Item(BaseModel):
    name: str
""",
            note="other names stay imported from pydantic; the alias is kept",
            lines=(1,),
            with_files=PYDANTIC_2,
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -1,7 +1,7 @@
 from pydantic import (
     BaseModel,
-    BaseSettings as Base,
     Field,
 )
+from pydantic_settings import BaseSettings as Base
 
 
""",
            ),
        ),
        snippet(
            """\
from pydantic import BaseModel, BaseSettings


class Settings(BaseSettings):
    database_url: str


class Item(BaseModel):
    name: str
""",
            note="a mixed import on one line is split",
            lines=(1,),
            with_files=PYDANTIC_2,
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -1,3 +1,4 @@
-from pydantic import BaseModel, BaseSettings
+from pydantic import BaseModel
+from pydantic_settings import BaseSettings
 
 
""",
            ),
        ),
        snippet(
            """\
import pydantic as pd


class Settings(pd.BaseSettings):
    database_url: str
""",
            note="an attribute reference through a module alias",
            lines=(4,),
            with_files=PYDANTIC_2,
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -1,5 +1,6 @@
 import pydantic as pd
+import pydantic_settings
 
 
-class Settings(pd.BaseSettings):
+class Settings(pydantic_settings.BaseSettings):
     database_url: str
""",
            ),
        ),
        snippet(
            """\
from pydantic.env_settings import BaseSettings


class Settings(BaseSettings):
    database_url: str
""",
            note="the v1 module path",
            lines=(1,),
            with_files=PYDANTIC_2,
            fixes=(
                """\
--- a/app/main.py
+++ b/app/main.py
@@ -1,3 +1,3 @@
-from pydantic.env_settings import BaseSettings
+from pydantic_settings import BaseSettings
 
 
""",
            ),
        ),
        Example(
            files={
                "app/config.py": "from pydantic import BaseSettings\n\n\nclass Settings(BaseSettings):\n    database_url: str\n",
                "requirements.txt": "fastapi==0.115.0\npydantic==2.9.2\n",
            },
            note="pydantic 2 declared in the requirements",
            lines=(1,),
            fixes=(
                """\
--- a/app/config.py
+++ b/app/config.py
@@ -1,3 +1,3 @@
-from pydantic import BaseSettings
+from pydantic_settings import BaseSettings
 
 
""",
            ),
        ),
        Example(
            files={
                "app/config.py": "from pydantic import BaseSettings\n\n\nclass Settings(BaseSettings):\n    database_url: str\n",
                "requirements.txt": "fastapi\npydantic-settings==2.6.1\n",
            },
            note="no pydantic pin, but `pydantic-settings` (which needs Pydantic 2) is declared",
            lines=(1,),
            fixes=(
                """\
--- a/app/config.py
+++ b/app/config.py
@@ -1,3 +1,3 @@
-from pydantic import BaseSettings
+from pydantic_settings import BaseSettings
 
 
""",
            ),
        ),
    )
    good = (
        snippet(
            """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    database_url: str
""",
            with_files=PYDANTIC_2,
        ),
        snippet(
            """\
from pydantic.v1 import BaseSettings


class Settings(BaseSettings):
    database_url: str
""",
            note="the v1 compatibility layer still has BaseSettings",
            with_files=PYDANTIC_2,
        ),
        snippet(
            """\
from pydantic import BaseSettings
from pydantic.v1 import validator


class Settings(BaseSettings):
    database_url: str
""",
            note="a v1-compat module (pydantic 1.10.17+ also ships `pydantic.v1`): skipped",
            with_files=PYDANTIC_2,
        ),
        snippet(
            """\
try:
    from pydantic_settings import BaseSettings
except ImportError:
    from pydantic import BaseSettings

try:
    from pydantic import BaseSettings as LegacySettings
except ImportError:
    LegacySettings = None
""",
            note="fallback imports guarded by except ImportError cannot break start-up",
            with_files=PYDANTIC_2,
        ),
        snippet(
            """\
from typing import TYPE_CHECKING

import pydantic

if TYPE_CHECKING:
    from pydantic import BaseSettings

if pydantic.VERSION.startswith("1."):
    from pydantic import BaseSettings as Base
else:
    from pydantic_settings import BaseSettings as Base
""",
            note="TYPE_CHECKING blocks and version gates",
            with_files=PYDANTIC_2,
        ),
        snippet(
            """\
class pydantic:
    BaseSettings = object


def make(pydantic: object) -> object:
    return pydantic.BaseSettings


class Settings(pydantic.BaseSettings):
    pass
""",
            note="a local class and a parameter named `pydantic`",
            with_files=PYDANTIC_2,
        ),
        snippet(
            """\
from pydantic import BaseModel
from mylib.pydantic import BaseSettings


class Item(BaseModel):
    name: str


class Settings(BaseSettings):
    url: str
""",
            note="look-alike module names",
            with_files=PYDANTIC_2,
        ),
        Example(
            files={
                "app/config.py": "from pydantic import BaseSettings\n\n\nclass Settings(BaseSettings):\n    database_url: str\n",
                "requirements.txt": "fastapi==0.99.0\npydantic==1.10.13\n",
            },
            note="a pydantic v1 project: the import is correct there",
        ),
        snippet(
            """\
from pydantic import BaseModel, BaseSettings, validator


class Settings(BaseSettings):
    database_url: str

    class Config:
        env_file = ".env"


class Item(BaseModel):
    name: str

    @validator("name")
    def strip(cls, v: str) -> str:
        return v.strip()
""",
            note="nothing pinned: the import itself only works on Pydantic 1, and nothing in the "
            "code says v2 (no `pydantic_settings` import forced into a v1 code base)",
        ),
        Example(
            files={
                "app/config.py": "from pydantic import BaseSettings\n\n\nclass Settings(BaseSettings):\n    database_url: str\n",
                "app/api.py": "def dump(item) -> dict:\n    return item.model_dump()\n",
            },
            note="nothing pinned and the code contradicts itself (`.model_dump()` is v2's): the "
            "version is unknown, so the check says nothing",
        ),
    )
