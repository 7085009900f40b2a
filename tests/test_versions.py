"""Library versions (F8) and Alembic environments (F9): the model's answers, and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.engine import Options, audit
from auditor.inventory import Inventory, Requirement, _poetry_spec, admitted_majors, read_inventory
from auditor.repository import alembic_layout, alembic_sections, classify, open_repository


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def pydantic(root: Path, files: dict[str, str]):
    write(root, files)
    return audit(root, Options(select=["PYD001"], use_cache=False)).project.pydantic_version


# -- specifiers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "majors"),
    [
        ("~=1.10", {1}),
        ("~=1.10.2", {1}),
        ("~=2.0", {2}),
        (">=1.8,<2", {1}),
        ("<2.0", {1}),
        ("<=2.0", {1, 2}),  # 2.0.0 itself is admitted
        (">=2", {2}),
        (">=2.4.0,<3", {2}),
        ("<=3.0,>=2.0", {2}),
        (">=1.8", {1, 2}),
        ("", {1, 2}),
        ("==1.10.13", {1}),
        ("==2.*", {2}),
        ("==1.*", {1}),
        (">1.99", {1, 2}),
        ("!=2.0,>=1.10", {1, 2}),
        ("(>=2.4.0,<3)", {2}),
        ("@ https://example.com/pydantic.whl", {1, 2}),  # unreadable: restricts nothing
    ],
)
def test_admitted_majors(spec, majors):
    assert admitted_majors(spec) == frozenset(majors)


@pytest.mark.parametrize(
    ("poetry", "pep440"),
    [
        ("^1.10", ">=1.10,<2"),
        ("^2", ">=2,<3"),
        ("^0.2.3", ">=0.2.3,<0.3"),
        ("~1.10", ">=1.10,<1.11"),
        ("1.10", "==1.10"),
        ("~=1.10", "~=1.10"),
        ("*", "*"),
    ],
)
def test_poetry_constraints_keep_their_upper_bound(poetry, pep440):
    assert _poetry_spec(poetry) == pep440


def test_a_wheels_metadata_is_read_apart_from_the_projects_requirements(tmp_path):
    write(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop-1.0.dist-info/METADATA": (
                "Metadata-Version: 2.1\nName: shop\nVersion: 1.0\n"
                "Requires-Dist: pydantic~=1.10\n"
                "Requires-Dist: fastapi (>=0.95,<0.100)\n"
                'Requires-Dist: pytest ; extra == "dev"\n\nA long description.\n'
            ),
            "vendor/other-2.0.dist-info/METADATA": "Requires-Dist: pydantic>=2\n",
        },
    )
    inv = read_inventory(open_repository(tmp_path))
    assert inv.requirements == []  # PRD007 judges the project's pins, not a wheel's ranges
    got = {(r.name, r.spec, r.group, r.line) for r in inv.metadata}
    assert got == {
        ("pydantic", "~=1.10", "main", 4),
        ("fastapi", ">=0.95,<0.100", "main", 5),
        ("pytest", "", "dev", 6),
    }
    assert inv.major("pydantic") == 1
    assert inv.major_evidence("pydantic", (1, 2)) == (
        1,
        "shop-1.0.dist-info/METADATA:4: pydantic~=1.10",
    )


def test_a_sub_folder_project_speaks_for_the_code_beneath_it(tmp_path):
    """A ``pyproject.toml`` in a sub-folder (an unpacked sdist, a monorepo's backend) and its
    sdist's ``PKG-INFO`` are a component: its pins speak for its code only; an sdist audited
    from its root reads its ``PKG-INFO`` as the wheel's metadata."""
    write(
        tmp_path,
        {
            "shop-1.0/shop/app.py": "",
            "shop-1.0/pyproject.toml": '[tool.poetry.dependencies]\nfastapi = "^0.122.0"\n',
            "shop-1.0/PKG-INFO": "Metadata-Version: 2.4\nRequires-Dist: fastapi (>=0.122.0,<0.123.0)\n",
            "tests/pyproject.toml": '[project]\ndependencies = ["fastapi<0.100"]\n',
            "tools/app.py": "",
        },
    )
    inv = read_inventory(open_repository(tmp_path))
    assert inv.requirements == [] and inv.metadata == []
    here = inv.for_path("shop-1.0/shop/app.py", "fastapi")
    assert {(r.spec, r.path, r.line) for r in here.declared("fastapi")} == {
        (">=0.122.0,<0.123", "shop-1.0/pyproject.toml", 2),
        (">=0.122.0,<0.123.0", "shop-1.0/PKG-INFO", 2),
    }
    assert inv.for_path("tools/app.py", "fastapi") is inv
    assert list(inv.components) == ["shop-1.0"]  # a test folder's project is not a component
    root = read_inventory(open_repository(tmp_path / "shop-1.0"))
    assert {(r.path, r.spec) for r in root.metadata} == {("PKG-INFO", ">=0.122.0,<0.123.0")}


SHOP_METADATA = (
    "Metadata-Version: 2.1\nName: shop\nVersion: 1.0\n"
    "Requires-Dist: pydantic~=1.10\n"
    "Requires-Dist: fastapi (>=0.95,<0.100)\n"
)


@pytest.mark.parametrize("listing", ["top_level.txt", "RECORD"])
def test_the_dist_info_beside_an_audited_package_folder_gives_its_pins(tmp_path, listing):
    """A wheel's package folder audited on its own (``site-packages/shop``): the
    ``.dist-info`` beside it that installs it holds the pins; its path says where it lies."""
    names = "shop\n" if listing == "top_level.txt" else "shop/__init__.py,sha256=x,0\n"
    write(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop-1.0.dist-info/METADATA": SHOP_METADATA,
            f"shop-1.0.dist-info/{listing}": names,
            "other-2.0.dist-info/METADATA": "Requires-Dist: pydantic>=2\n",
            "other-2.0.dist-info/top_level.txt": "other\n",
        },
    )
    inv = read_inventory(open_repository(tmp_path / "shop"))
    assert inv.requirements == []
    assert {(r.name, r.spec, r.path) for r in inv.metadata} == {
        ("pydantic", "~=1.10", "../shop-1.0.dist-info/METADATA"),
        ("fastapi", ">=0.95,<0.100", "../shop-1.0.dist-info/METADATA"),
    }
    assert inv.major("pydantic") == 1


def test_a_dist_info_beside_is_not_read_for_another_package_or_a_folder_with_pins(tmp_path):
    write(
        tmp_path,
        {
            "shop/__init__.py": "",
            "api/requirements.txt": "fastapi==0.115.0\n",
            "shop-1.0.dist-info/METADATA": SHOP_METADATA,
            "shop-1.0.dist-info/top_level.txt": "shop\napi\n",
        },
    )
    (tmp_path / "api" / "main.py").write_text("", encoding="utf-8")
    (tmp_path / "plain").mkdir()
    assert read_inventory(open_repository(tmp_path / "plain")).metadata == []  # not installed by it
    own = read_inventory(open_repository(tmp_path / "api"))  # declares its own: those speak
    assert own.metadata == [] and [r.spec for r in own.requirements] == ["==0.115.0"]


@pytest.mark.parametrize(
    ("specs", "locked", "below"),
    [
        (["<0.30"], None, True),
        (["<0.30.0"], None, True),
        (["<=0.30"], None, False),  # 0.30 itself
        (["==0.29.0"], None, True),
        (["==0.30.0"], None, False),
        (["~=0.23.2"], None, True),
        (["~=0.29"], None, False),  # admits every 0.x from 0.29
        (["(>=0.23.2,<0.24.0)"], None, True),  # a wheel's METADATA spelling
        ([">=0.23"], None, False),
        ([""], None, False),
        ([], None, False),  # not declared: unknown
        (["<0.24", ">=0.20"], None, False),  # one declaration leaves it open
        ([], "0.29.9", True),
        ([">=0.30"], "0.29.0", True),  # the lock wins
        ([], "0.30.0", False),
    ],
)
def test_below_needs_every_admitted_version_older(specs, locked, below):
    inv = Inventory(requirements=[Requirement("uvicorn", s, "r.txt", 1, "main") for s in specs])
    if locked:
        inv.locked["uvicorn"] = locked
    assert inv.below("uvicorn", (0, 30)) is below


def test_the_lock_wins_over_the_declared_range(tmp_path):
    write(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "x"\ndependencies = ["pydantic>=1.8"]\n',
            "uv.lock": '[[package]]\nname = "pydantic"\nversion = "2.9.2"\n',
        },
    )
    inv = read_inventory(open_repository(tmp_path))
    assert inv.major_evidence("pydantic", (1, 2)) == (2, "uv.lock: pydantic 2.9.2")


def test_contradicting_declarations_settle_nothing(tmp_path):
    write(
        tmp_path,
        {
            "requirements.txt": "pydantic<2\n",
            "pyproject.toml": '[project]\nname = "x"\ndependencies = ["pydantic>=2"]\n',
        },
    )
    assert read_inventory(open_repository(tmp_path)).major("pydantic") is None


# -- the Pydantic major: files, then code --------------------------------------------------


def test_pins_win_over_code(tmp_path):
    v = pydantic(
        tmp_path,
        {
            "requirements.txt": "pydantic>=2.5\n",
            "app/config.py": "from pydantic import BaseSettings\n",
        },
    )
    assert (v.major, v.source) == (2, "requirement")
    assert v.requires(2) is None and v.excludes(1) is None


def test_companions_settle_it_when_pydantic_is_not_pinned(tmp_path):
    v = pydantic(tmp_path / "a", {"requirements.txt": "pydantic-settings>=2\n"})
    assert (v.major, v.source) == (2, "companion")
    v = pydantic(tmp_path / "b", {"requirements.txt": "fastapi==0.95.2\npydantic\n"})
    assert (v.major, v.source) == (1, "companion")
    assert "0.95.2" in v.evidence[0]


@pytest.mark.parametrize(
    ("code", "major"),
    [
        ("from pydantic import BaseSettings\n", 1),
        ("from pydantic import ConstrainedStr\n", 1),
        ("from pydantic.env_settings import BaseSettings\n", 1),
        ("import pydantic\n\nclass S(pydantic.BaseSettings):\n    x: int = 1\n", 1),
        (
            "from pydantic import BaseModel, Field\n\nclass M(BaseModel):\n    x: str = Field(regex='a')\n",
            1,
        ),
        (
            "from pydantic import BaseModel, constr\n\nclass M(BaseModel):\n    x: constr(regex='a')\n",
            1,
        ),
        ("from pydantic import field_validator\n", 2),
        ("from pydantic import TypeAdapter\n", 2),
        ("from pydantic_settings import BaseSettings\n", 2),
        ("from pydantic.v1 import BaseModel\n", 2),
        ("import pydantic_core\n", 2),
        (
            "from pydantic import BaseModel, ConfigDict\n\nclass M(BaseModel):\n    model_config = ConfigDict()\n",
            2,
        ),
        (
            "from pydantic import BaseModel\n\nclass M(BaseModel):\n    class Config:\n        from_attributes = True\n",
            2,
        ),
        ("def f(m):\n    return m.model_dump()\n", 2),
        # the v1 style, and nothing of v2
        ("from pydantic import BaseModel, validator\n", 1),
        (
            "from pydantic import BaseModel\n\nclass M(BaseModel):\n    class Config:\n        orm_mode = True\n",
            1,
        ),
        ("from pydantic import parse_obj_as\n", 1),
        # nothing version-specific
        ("from pydantic import BaseModel, Field\n", None),
        # ConfigDict exists in 1.10 too: importing it proves nothing
        ("from pydantic import ConfigDict\n", None),
        # conditional imports and fallbacks prove nothing
        (
            "try:\n    from pydantic_settings import BaseSettings\nexcept ImportError:\n    from pydantic import BaseSettings\n",
            None,
        ),
        (
            "import sys\nif sys.version_info > (3, 8):\n    from pydantic import field_validator\n",
            None,
        ),
        (
            "def f(m):\n    try:\n        return m.model_dump()\n    except AttributeError:\n        return m.dict()\n",
            None,
        ),
        ("def f(m):\n    return m.model_dump() if hasattr(m, 'model_dump') else m.dict()\n", None),
        ("def f():\n    from pydantic import field_validator\n", None),
    ],
)
def test_what_the_code_proves(tmp_path, code, major):
    v = pydantic(tmp_path, {"app/models.py": code})
    assert v.major == major, v.evidence


def test_v2_code_beats_the_v1_style_and_contradictions_are_unknown(tmp_path):
    v = pydantic(
        tmp_path / "a",
        {
            "app/a.py": "from pydantic import BaseModel, validator\n",
            "app/b.py": "from pydantic import field_validator\n",
        },
    )
    assert (v.major, v.source) == (2, "code")
    v = pydantic(
        tmp_path / "b",
        {
            "app/a.py": "from pydantic import BaseSettings\n",
            "app/b.py": "from pydantic import field_validator\n",
        },
    )
    assert (v.major, v.source) == (None, "unknown")
    assert any(e.startswith("v2: ") for e in v.evidence)
    assert any(e.startswith("v1: ") for e in v.evidence)
    reason = v.requires(2)
    assert reason is not None and "unknown" in reason


def test_tooling_files_do_not_count(tmp_path):
    v = pydantic(
        tmp_path,
        {
            "docs/v1_example.py": "from pydantic import BaseSettings\n",
            "app/models.py": "from pydantic import BaseModel\n",
        },
    )
    assert v.major is None


def test_the_reason_a_check_is_skipped_names_the_evidence(tmp_path):
    write(tmp_path, {"app/config.py": "from pydantic import BaseSettings\n"})
    report = audit(tmp_path, Options(select=["SET001"], use_cache=False)).report
    status = next(c for c in report.checks if c.id == "SET001")
    assert status.status == "skipped"
    assert "Pydantic 1" in status.reason and "app/config.py:1" in status.reason


# -- Alembic environments (F9) ---------------------------------------------------------------


def test_named_sections_and_package_locations(tmp_path):
    write(
        tmp_path,
        {
            "alembic.ini": (
                "[core]\nscript_location = shop:db/core\n\n"
                "[tenant]\nscript_location = shop:db/tenant\n"
                "version_locations = shop:db/tenant/revisions\nfile_template = %%(rev)s\n\n"
                "[loggers]\nkeys = root\n"
            ),
            "src/shop/__init__.py": "",
            "src/shop/db/core/env.py": "",
            "src/shop/db/core/versions/a1_init.py": "",
            "src/shop/db/tenant/env.py": "",
            "src/shop/db/tenant/revisions/b1_init.py": "",
        },
    )
    repo = open_repository(tmp_path)
    sections = {s.section: s for s in alembic_sections(repo)}
    assert set(sections) == {"core", "tenant"}
    assert sections["core"].script_dir == "src/shop/db/core"
    assert sections["core"].line == 1
    assert sections["tenant"].versions_dirs == (
        "src/shop/db/tenant/versions",
        "src/shop/db/tenant/revisions",
    )
    layout = alembic_layout(repo)
    assert classify("src/shop/db/core/versions/a1_init.py", layout) == "migration"
    assert classify("src/shop/db/tenant/revisions/b1_init.py", layout) == "migration"
    assert classify("src/shop/db/core/env.py", layout) == "alembic-env"


def test_the_audited_folder_is_the_package(tmp_path):
    root = tmp_path / "shop"
    write(
        root,
        {
            "__init__.py": "",
            "server/alembic.ini": "[alembic]\nscript_location = shop:server:migrations\n",
            "server/migrations/env.py": "",
            "server/migrations/versions/sqlite/a1_init.py": "",
        },
    )
    layout = alembic_layout(open_repository(root))
    assert "server/migrations" in layout.script_locations
    assert classify("server/migrations/versions/sqlite/a1_init.py", layout) == "migration"


@pytest.mark.parametrize(
    ("ini_path", "location", "expected"),
    [
        ("db/alembic.ini", "%(here)s/migrations", "db/migrations"),
        ("db/alembic.ini", "db/migrations", "db/migrations"),  # from the working directory
        ("db/alembic.ini", "migrations", "db/migrations"),  # beside the ini
        ("alembic.ini", "svc/db/migrations", "db/migrations"),  # an audited subfolder
    ],
)
def test_relative_locations(tmp_path, ini_path, location, expected):
    write(
        tmp_path,
        {
            ini_path: f"[alembic]\nscript_location = {location}\n",
            "db/migrations/env.py": "",
            "db/migrations/versions/a1.py": "",
        },
    )
    (section,) = alembic_sections(open_repository(tmp_path))
    assert section.script_dir == expected


def test_a_wheels_requires_python_is_the_python_target_of_its_fixes(tmp_path):
    """An unpacked wheel's ``Requires-Python`` is the Python target: a DEP001 fix for a wheel
    that installs on 3.7 imports ``Annotated`` from ``typing_extensions`` (``typing`` has it
    from 3.9 only); a wheel for 3.10 and later imports it from ``typing``."""
    route = (
        "from fastapi import APIRouter, Depends\n\n"
        "router = APIRouter()\n\n\n"
        "def get_db():\n    return 1\n\n\n"
        "@router.get('/items')\n"
        "def items(db: int = Depends(get_db)):\n    return db\n"
    )

    def fix_imports(requires: str) -> list[str]:
        root = tmp_path / requires.strip(">=.")
        write(
            root,
            {
                "shop/__init__.py": "",
                "shop/routes.py": route,
                "shop-1.0.dist-info/METADATA": SHOP_METADATA.replace(
                    "Requires-Dist: pydantic~=1.10\n", f"Requires-Python: {requires}\n"
                ),
                "shop-1.0.dist-info/top_level.txt": "shop\n",
            },
        )
        assert read_inventory(open_repository(root / "shop")).python == requires
        report = audit(root / "shop", Options(use_cache=False, select=["DEP001"])).report
        diffs = [f.fix.diff for f in report.findings if f.fix and f.fix.diff]
        assert diffs, "DEP001 reports the un-annotated dependency with a fix"
        return [ln for d in diffs for ln in d.splitlines() if ln.startswith("+from")]

    assert fix_imports(">=3.7") == ["+from typing_extensions import Annotated"]
    assert fix_imports(">=3.10") == ["+from typing import Annotated"]


def test_a_distributions_python_classifiers_are_its_target_without_requires_python(tmp_path):
    """No ``Requires-Python``: the oldest ``Programming Language :: Python :: 3.N`` classifier
    is the Python target (an sdist's ``PKG-INFO`` declaring 3.7 and 3.8 gets a DEP001 fix
    from ``typing_extensions``); ``Requires-Python``, when there, wins over the classifiers."""
    route = (
        "from fastapi import APIRouter, Depends\n\n"
        "router = APIRouter()\n\n\n"
        "def get_db():\n    return 1\n\n\n"
        "@router.get('/items')\n"
        "def items(db: int = Depends(get_db)):\n    return db\n"
    )
    classifiers = (
        "Classifier: Programming Language :: Python :: 3\n"
        "Classifier: Programming Language :: Python :: 3 :: Only\n"
        "Classifier: Programming Language :: Python :: 3.10\n"
        "Classifier: Programming Language :: Python :: 3.8\n"
        "Classifier: Programming Language :: Python :: 3.9\n"
    )

    def target(extra: str) -> tuple[str | None, list[str]]:
        root = tmp_path / str(len(extra))
        write(
            root,
            {
                "shop/__init__.py": "",
                "shop/routes.py": route,
                "PKG-INFO": "Metadata-Version: 2.1\nName: shop\nVersion: 1.0\n"
                + extra
                + classifiers
                + "Requires-Dist: fastapi>=0.100\n",
            },
        )
        python = read_inventory(open_repository(root)).python
        report = audit(root, Options(use_cache=False, select=["DEP001"])).report
        diffs = [f.fix.diff for f in report.findings if f.fix and f.fix.diff]
        return python, [ln for d in diffs for ln in d.splitlines() if ln.startswith("+from")]

    assert target("") == (">=3.8", ["+from typing_extensions import Annotated"])
    assert target("Requires-Python: >=3.11\n") == (">=3.11", ["+from typing import Annotated"])


def test_a_module_importing_typing_gets_annotated_from_typing_extensions_below_39(tmp_path):
    """A module that already has ``import typing`` (or ``import typing_extensions``): the fix
    reuses a module import only when it has ``Annotated`` on the target.  For a 3.7 target it
    is not ``typing.Annotated`` (an AttributeError on import before 3.9): it reuses
    ``typing_extensions`` when imported, else imports ``Annotated`` from it (H14 intelmq-api)."""

    def fixed(header: str, requires: str) -> list[str]:
        root = tmp_path / f"{len(header)}-{requires.strip('>=.')}"
        route = (
            header + "from fastapi import APIRouter, Depends\n\n"
            "router = APIRouter()\n\n\n"
            "def get_db() -> typing.Any:\n    return 1\n\n\n"
            "@router.get('/items')\n"
            "def items(db: int = Depends(get_db)):\n    return db\n"
        )
        write(
            root,
            {
                "shop/__init__.py": "",
                "shop/routes.py": route,
                "shop-1.0.dist-info/METADATA": SHOP_METADATA.replace(
                    "Requires-Dist: pydantic~=1.10\n", f"Requires-Python: {requires}\n"
                ),
                "shop-1.0.dist-info/top_level.txt": "shop\n",
            },
        )
        report = audit(root / "shop", Options(use_cache=False, select=["DEP001"])).report
        diffs = [f.fix.diff for f in report.findings if f.fix and f.fix.diff]
        assert diffs, "DEP001 reports the un-annotated dependency with a fix"
        return [ln for d in diffs for ln in d.splitlines() if ln.startswith("+") and "++" not in ln]

    assert fixed("import typing\n", ">=3.10") == [
        "+def items(db: typing.Annotated[int, Depends(get_db)]):"
    ]
    assert fixed("import typing\n", ">=3.7") == [
        "+from typing_extensions import Annotated",
        "+def items(db: Annotated[int, Depends(get_db)]):",
    ]
    assert fixed("import typing\nimport typing_extensions as te\n", ">=3.7") == [
        "+def items(db: te.Annotated[int, Depends(get_db)]):"
    ]


def test_the_pydantic_major_is_decided_once_per_audit(tmp_path, monkeypatch):
    """Deciding it reads every module of the project: the checks that ask (RTE003 per
    finding, the PYD checks' ``applies``) share the model's answer instead of each
    recomputing it (on a 3,000-file tree RTE003 alone spent 15 s on 82 findings)."""
    import auditor.versions as versions

    calls = []
    real = versions.pydantic_version

    def counted(project):
        calls.append(project)
        return real(project)

    monkeypatch.setattr(versions, "pydantic_version", counted)
    module = "from fastapi.responses import ORJSONResponse\n\nfrom pydantic import BaseSettings\n"
    files = {f"app/m{i}.py": module + f"\nr{i} = ORJSONResponse({{}})\n" for i in range(3)}
    write(tmp_path, files)
    result = audit(tmp_path, Options(select=["RTE003", "PYD001"], use_cache=False))
    assert len(calls) == 1
    assert result.project.pydantic_version.major == 1  # the v1-only import proves it
    # the answer RTE003 acted on: Pydantic 1 means a FastAPI older than the deprecation
    assert not [f for f in result.report.findings if f.check_id == "RTE003"]
