"""Modules loaded by a computed name (issue 10, class 6): every module under the loader's
folder may be loaded (``import_module(module_name)``), but an executable script there (a
``#!`` line and a ``__main__`` block) is run as a program, not loaded as a part; nor is a
program (a ``__main__`` block) whose name no other file writes, unless a loader of the
folder lists its modules (a computed name comes from a written name or from a listing)."""

from __future__ import annotations

from pathlib import Path

from tests.test_scope import model

APP = "from fastapi import FastAPI\nfrom pkg import loader\napp = FastAPI()\n"
LOADER = (
    "import importlib\n"
    "def preload(modules_arg: str) -> None:\n"
    "    for module_name in modules_arg.split(','):\n"
    "        importlib.import_module(module_name.strip())\n"
)
SCRIPT = (
    "import argparse, os\n"
    "SHA = os.environ.get('BUILD_SHA')\n"
    "def main():\n    argparse.ArgumentParser().parse_args()\n"
    "if __name__ == '__main__':\n    main()\n"
)


def _project(tmp_path: Path, script: str, loader: str = LOADER, **more: str):
    return model(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/main.py": APP,
            "pkg/loader.py": loader,
            "pkg/docker/__init__.py": "",
            "pkg/docker/build.py": script,
            "pkg/tools/__init__.py": "",
            "pkg/tools/search.py": "import os\nKEY = os.environ.get('SEARCH_KEY')\n",
            **more,
        },
    )


def test_an_executable_script_is_not_loaded_by_name(tmp_path: Path) -> None:
    p = _project(tmp_path, "#!/usr/bin/env python3\n" + SCRIPT)
    assert p.reaches("pkg/loader.py") is True
    assert p.reaches("pkg/docker/build.py") is False
    assert p.reaches("pkg/tools/search.py") is True  # a part the loader may load


def test_a_program_another_file_names_may_be_loaded(tmp_path: Path) -> None:
    p = _project(tmp_path, SCRIPT, **{"deploy/preload.txt": "pkg.docker.build\n"})
    assert p.reaches("pkg/docker/build.py") is True


def test_a_program_no_file_names_is_not_loaded_by_name(tmp_path: Path) -> None:
    p = _project(tmp_path, SCRIPT)
    assert p.reaches("pkg/docker/build.py") is False
    assert p.reaches("pkg/tools/search.py") is True  # a part, not a program


def test_a_program_a_listing_loader_may_load(tmp_path: Path) -> None:
    listing = LOADER + (
        "def preload_all(folder: str) -> None:\n"
        "    for name in os.listdir(folder):\n"
        "        importlib.import_module('pkg.docker.' + name[:-3])\n"
    )
    p = _project(tmp_path, SCRIPT, loader="import os\n" + listing)
    assert p.reaches("pkg/docker/build.py") is True


def test_a_program_that_runs_a_server_may_be_loaded(tmp_path: Path) -> None:
    server = SCRIPT + "def run_server():\n    import uvicorn\n    uvicorn.run('pkg.main:app')\n"
    p = _project(tmp_path, server)
    assert p.reaches("pkg/docker/build.py") is True


def test_a_module_under_a_folder_no_dotted_name_spells_is_not_loaded_by_name(
    tmp_path: Path,
) -> None:
    # hopsworks skills/ml/hops-reqs/references/recommender/predictor.py: a serving script
    # kept under a hyphenated folder, which no import_module(f"pkg.{name}") can name
    p = _project(
        tmp_path,
        SCRIPT,
        **{
            "pkg/skills/hops-reqs/predictor.py": "import os\nP = os.environ.get('MODEL_PATH')\n",
            "pkg/skills/reqs/predictor.py": "import os\nP = os.environ.get('MODEL_PATH')\n",
        },
    )
    assert p.reaches("pkg/skills/hops-reqs/predictor.py") is False
    assert p.reaches("pkg/skills/reqs/predictor.py") is True  # a namespace folder's part
