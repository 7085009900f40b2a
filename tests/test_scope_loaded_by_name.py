"""Modules loaded by a computed name (issue 10, class 6): every module under the loader's
folder may be loaded (``import_module(module_name)``), but an executable script there (a
``#!`` line and a ``__main__`` block) is run as a program, not loaded as a part."""

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


def _project(tmp_path: Path, script: str):
    return model(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/main.py": APP,
            "pkg/loader.py": LOADER,
            "pkg/docker/__init__.py": "",
            "pkg/docker/build.py": script,
            "pkg/tools/__init__.py": "",
            "pkg/tools/search.py": "import os\nKEY = os.environ.get('SEARCH_KEY')\n",
        },
    )


def test_an_executable_script_is_not_loaded_by_name(tmp_path: Path) -> None:
    p = _project(tmp_path, "#!/usr/bin/env python3\n" + SCRIPT)
    assert p.reaches("pkg/loader.py") is True
    assert p.reaches("pkg/docker/build.py") is False
    assert p.reaches("pkg/tools/search.py") is True  # a part the loader may load


def test_a_module_with_a_main_block_but_no_shebang_may_be_loaded(tmp_path: Path) -> None:
    p = _project(tmp_path, SCRIPT)
    assert p.reaches("pkg/docker/build.py") is True
