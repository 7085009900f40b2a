from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from auditor.check import Check, Example, Hit, Severity
from auditor.facts import Name, Sub, qname_of
from auditor.lazyre import lazy_compile
from auditor.project import Binding, Project

BASE_MODEL = "pydantic.BaseModel"
#: A folder named as templates (``templates``, ``mako_templates``, ``app-template``).
_TEMPLATE_FOLDER = lazy_compile(r"^(?:templates?|.+[-_]templates?)$", re.IGNORECASE)
#: Template-engine markup (Mako ``${...}`` / ``<%...>`` / ``% for``, Jinja ``{{`` / ``{%``).
_MARKUP = lazy_compile(rb"\$\{|<%|\{\{|\{%|^[ \t]*%[ \t]*(?:for|if|endfor|endif)\b", re.MULTILINE)


def _template_trees(project: Project) -> list[str]:
    """Folders named as templates that hold a Python file the auditor could not parse (or
    read) because it is template markup (``${model.name}``, ``% for``): the tree is rendered by a
    generator into new projects, its files are not this project's code even where one
    parses as Python by chance."""
    out: set[str] = set()
    broken = [m.path for m in project.by_path.values() if m.parse_error is not None]
    for path in [*project.unread_python_files(), *broken]:
        folders = [
            PurePosixPath(*PurePosixPath(path).parts[: i + 1]).as_posix()
            for i, part in enumerate(PurePosixPath(path).parts[:-1])
            if _TEMPLATE_FOLDER.match(part)
        ]
        if not folders or any(f in out for f in folders):
            continue
        data = project.repo.read_bytes(path)
        if data is not None and _MARKUP.search(data):
            out.add(folders[0])
    return sorted(out)


_DEFAULT_MIN = 8


class SharedBaseModel(Check):
    """
    ## What it does
    Reports, once per project, that the application has at least `base-model-min-models`
    Pydantic models (default 8; settings classes and models in tests are not counted) and
    that **every** one of them subclasses `pydantic.BaseModel` directly, with no project
    class in between.  The finding is anchored on the module holding the most models
    (a `schemas` module wins a tie).  Off by default.

    ## Why is this bad?
    Without a project base model, every schema repeats the same decisions, or silently
    differs: how datetimes are serialised, `from_attributes`, the `extra` policy, alias
    generation, helper methods.  One `CustomModel(BaseModel)` gives those a single home, and
    changing the policy later is a one-line change instead of a hunt across files.
    [Production guide 2026] (`AppBaseModel`), [ForgeAPI guide]
    (`CustomModel`) and [zhanymkanov README] ("Custom Base Model") all recommend it.
    It is a recommendation, not a defect: hence the threshold and the default off.

    ## Example
    ```python
    class PostIn(BaseModel):
        title: str


    class PostOut(BaseModel):
        id: int
    ```

    ## Use instead
    ```python
    class CustomModel(BaseModel):
        model_config = ConfigDict(from_attributes=True)


    class PostIn(CustomModel):
        title: str


    class PostOut(CustomModel):
        id: int
    ```

    ## Fix safety
    No automatic fix: what belongs in the base model is a design decision.

    ## Known problems
    A project that already shares configuration another way (a `model_config` dictionary
    imported into each model, say) is still reported.  A single model with any other base
    (`RootModel`, `SQLModel`, a project class) keeps the project silent.  Models in a
    folder named as templates (`templates/`, `mako_templates/`) that holds a Python file
    of template markup (`${...}`, `% for`, `{{ ... }}`: it does not parse) are a
    generator's templates, not the project's code: they are not counted.  A class deriving
    from a library's model the auditor cannot follow is not counted either, so the message
    gives the number of models proven to subclass `BaseModel` directly, not "all".  Tune
    `base-model-min-models` under `[tool.auditor]`.

    ## References
    - [Production guide 2026] (`AppBaseModel`), [ForgeAPI guide] (`CustomModel`)
    - [zhanymkanov README] ("Custom Base Model")
    """

    id = "PYD007"
    name = "shared-base-model"
    category = "pydantic"
    severity = Severity.INFO
    default_enabled = False
    heuristic = True
    message = "no shared project base model"
    fix_title = (
        "Add a project base model (`class CustomModel(BaseModel)`) and derive the schemas from it"
    )
    sources = ("Production guide 2026", "ForgeAPI guide", "zhanymkanov README")

    def applies(self, project: Project) -> str | None:
        return project.pydantic_version.excludes(1)

    def check_project(self, project: Project) -> Iterator[Hit]:
        try:
            minimum = int(project.setting("base-model-min-models", _DEFAULT_MIN))
        except (TypeError, ValueError):
            minimum = _DEFAULT_MIN
        models = []
        templates = tuple(f + "/" for f in _template_trees(project))
        for cls in project.pydantic_models:
            module = project.modules.get(cls.module)
            if module is None or module.file_class != "app" or module.v1_compat:
                continue
            if templates and module.path.startswith(templates):
                continue  # a generator's template, not the project's code
            if project.is_settings_class(cls.qname):
                continue
            models.append((module, cls))
        if len(models) < max(minimum, 1):
            return
        for _module, cls in models:
            if not _direct_base_model(project, cls):
                return
        per_module: dict[str, list] = {}
        for module, cls in models:
            per_module.setdefault(module.path, []).append(cls)
        path = min(
            per_module,
            key=lambda p: (-len(per_module[p]), not PurePosixPath(p).stem.startswith("schema"), p),
        )
        first = min(per_module[path], key=lambda c: c.line)
        yield self.project_hit(
            f"{len(models)} Pydantic models subclass `BaseModel` directly "
            f"({len(per_module[path])} in this module): give them a shared project base model",
            path=path,
            line=first.line,
            column=first.column,
        )

    bad = (
        Example(
            files={
                "gen/schemas.py": """\
from pydantic import BaseModel


class Column(BaseModel):
    name: str


class Table(BaseModel):
    columns: list[Column]
""",
                "gen/mako_templates/project/base_schemas.py": """\
from pydantic import BaseModel


class Pagination(BaseModel):
    more: bool
""",
            },
            config={"base-model-min-models": 3},
            note="a folder named as templates whose Python files all parse is the project's code",
            lines=(4,),
        ),
        Example(
            files={
                "app/main.py": """\
from pydantic import BaseModel


class PostIn(BaseModel):
    title: str


class PostOut(BaseModel):
    id: int


class UserOut(BaseModel):
    id: int
""",
            },
            config={"base-model-min-models": 3},
            lines=(4,),
        ),
        Example(
            files={
                "app/posts/schemas.py": """\
import pydantic
from pydantic import BaseModel as BM


class PostIn(BM):
    title: str


class PostOut(pydantic.BaseModel):
    id: int
""",
                "app/users/schemas.py": """\
from typing import Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]


class UserIn(BaseModel):
    name: str


class UserOut(BaseModel):
    id: int
""",
                "app/config.py": """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    debug: bool = False
""",
                "tests/test_models.py": """\
from pydantic import BaseModel


class Fake(BaseModel):
    x: int
""",
            },
            config={"base-model-min-models": 5},
            note="aliases and generics count; settings classes and test models do not",
            lines=(8,),
        ),
        Example(
            files={
                "app/schemas.py": """\
from pydantic import BaseModel
from vendor_sdk.protocol import ChatResponse


class PromptIn(BaseModel):
    text: str


class TokensOut(BaseModel):
    tokens: list[int]


class ChatOut(ChatResponse):
    cached: bool = False
""",
            },
            config={"base-model-min-models": 2},
            note="a class deriving from a library's model is not counted: the message counts "
            "only the models proven to subclass BaseModel directly, not 'all'",
            lines=(5,),
        ),
    )
    good = (
        Example(
            files={
                "gen/schemas.py": """\
from pydantic import BaseModel


class Column(BaseModel):
    name: str


class Table(BaseModel):
    columns: list[Column]
""",
                "gen/mako_templates/project/base_schemas.py": """\
from pydantic import BaseModel


class Pagination(BaseModel):
    more: bool
""",
                "gen/mako_templates/project/schemas.py": """\
from pydantic import BaseModel


class ${model.name}(BaseModel):
% for field in model.fields:
    ${field.name}: ${field.type}
% endfor
""",
            },
            config={"base-model-min-models": 3},
            note="a generator's Mako templates (generate-fastapi): one template does not parse, "
            "another parses as Python by chance, but the tree is rendered into new projects, "
            "not this project's code",
        ),
        Example(
            files={
                "app/main.py": """\
from pydantic import BaseModel, ConfigDict


class CustomModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class PostIn(CustomModel):
    title: str


class PostOut(CustomModel):
    id: int


class UserOut(CustomModel):
    id: int
""",
            },
            config={"base-model-min-models": 3},
        ),
        Example(
            files={
                "app/main.py": """\
from pydantic import BaseModel


class PostIn(BaseModel):
    title: str


class PostOut(BaseModel):
    id: int


class UserOut(BaseModel):
    id: int
""",
            },
            note="below the default threshold of 8",
        ),
        Example(
            files={
                "app/main.py": """\
from dataclasses import dataclass

from marshmallow import Schema
from pydantic import BaseModel
from pydantic_settings import BaseSettings


class A(Schema):
    pass


@dataclass
class B:
    x: int


class C(BaseModel):
    x: int


class S1(BaseSettings):
    a: int = 1


class S2(BaseSettings):
    b: int = 2
""",
            },
            config={"base-model-min-models": 2},
            note="settings classes, dataclasses and marshmallow schemas are not models here",
        ),
    )


def _direct_base_model(project: Project, cls) -> bool:
    """``BaseModel`` is a direct base, and no project class sits between it and ``cls``."""
    direct = False
    for base in cls.bases:
        q = None
        if isinstance(base, Name):
            q = qname_of(base)
        elif isinstance(base, Sub):
            q = qname_of(base.value)
        r = project.resolve(q) if q else None
        if r == BASE_MODEL:
            direct = True
        elif r is not None and not isinstance(r, (str, Binding)):
            return False  # a project class in between
        elif isinstance(r, str) and project.name_is_class(r, {BASE_MODEL}):
            return False  # ``RootModel``, ``SQLModel``: another kind of model
    return direct
