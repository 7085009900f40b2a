"""Modules loaded by a computed name (issue 10, class 6): a name composed in the loader
(``f"pkg.tools.{name}"``) or listed by ``pkgutil`` loads the loader's own folder; a name
taken from data (an option, a stored record) may be any module and reaches nothing."""

from __future__ import annotations

from pathlib import Path

from tests.test_scope import model

APP = "from fastapi import FastAPI\nfrom pkg import loader\napp = FastAPI()\n"
SCRIPT = (
    "#!/usr/bin/env python3\nimport argparse, os\n"
    "SHA = os.environ.get('BUILD_SHA')\n"
    "def main():\n    argparse.ArgumentParser().parse_args()\n"
    "if __name__ == '__main__':\n    main()\n"
)


def _project(tmp_path: Path, loader: str):
    return model(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/main.py": APP,
            "pkg/loader.py": loader,
            "pkg/docker/__init__.py": "",
            "pkg/docker/build.py": SCRIPT,
        },
    )


def test_a_name_from_data_loads_no_folder(tmp_path: Path) -> None:
    p = _project(
        tmp_path,
        "import importlib\n"
        "def preload(modules_arg: str) -> None:\n"
        "    for module_name in modules_arg.split(','):\n"
        "        module_name = module_name.strip()\n"
        "        importlib.import_module(module_name)\n",
    )
    assert p.reaches("pkg/loader.py") is True
    assert p.reaches("pkg/docker/build.py") is False


def test_a_composed_name_loads_its_folder(tmp_path: Path) -> None:
    p = _project(
        tmp_path,
        "import importlib\n"
        "def load(kind: str) -> None:\n"
        "    module_name = 'pkg.docker.' + kind\n"
        "    importlib.import_module(module_name)\n",
    )
    assert p.reaches("pkg/docker/build.py") is True


def test_a_listed_package_loads_its_folder(tmp_path: Path) -> None:
    p = _project(
        tmp_path,
        "import importlib, pkgutil\nimport pkg\n"
        "def load_all() -> None:\n"
        "    for _, name, _ in pkgutil.walk_packages(pkg.__path__, 'pkg.'):\n"
        "        importlib.import_module(name)\n",
    )
    assert p.reaches("pkg/docker/build.py") is True


def test_an_fstring_name_loads_its_folder(tmp_path: Path) -> None:
    p = _project(
        tmp_path,
        "import importlib\n"
        "def load(kind: str) -> None:\n"
        "    importlib.import_module(f'pkg.docker.{kind}')\n",
    )
    assert p.reaches("pkg/docker/build.py") is True
