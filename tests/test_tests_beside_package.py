"""TST002 on an audited package whose tests live beside it (``repo/src/pkg`` with
``repo/tests``, a wheel's top-level ``tests`` package), and on library modules named like
tests."""

from __future__ import annotations

from pathlib import Path

from auditor.engine import Options, audit
from auditor.testing import git_init


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)


def tst002(target: Path, **kw) -> list[tuple[str, str]]:
    report = audit(target, Options(select=["TST002"], use_cache=False, **kw)).report
    return [(f.severity, f.message) for f in report.findings]


PACKAGE = {
    "src/pkg/__init__.py": "",
    "src/pkg/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
    "src/pkg/utils.py": "def slug(s: str) -> str:\n    return s.lower()\n",
}
CLIENT_TEST = (
    "from fastapi.testclient import TestClient\n\nfrom pkg.main import app\n\n\n"
    "def test_docs() -> None:\n    assert TestClient(app).get('/docs').status_code == 200\n"
)
UNIT_TEST = (
    "from pkg.utils import slug\n\n\ndef test_slug() -> None:\n    assert slug('A') == 'a'\n"
)


def test_repository_tests_beside_src_package(tmp_path):
    write(tmp_path, {**PACKAGE, "pyproject.toml": "[project]\nname='pkg'\n"})
    write(tmp_path, {"tests/test_api.py": CLIENT_TEST})
    assert tst002(tmp_path / "src" / "pkg") == []


def test_repository_unit_tests_beside_say_http_untested(tmp_path):
    write(tmp_path, {**PACKAGE, "setup.py": "", "tests/test_utils.py": UNIT_TEST})
    [(severity, message)] = tst002(tmp_path / "src" / "pkg")
    assert severity == "info"
    assert "1 file defining tests beside the audited package" in message
    assert "`pkg.main.app`" not in message and "`main.app`" in message


def test_wheel_top_level_tests_package(tmp_path):
    write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/app.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            "pkg-1.0.dist-info/top_level.txt": "pkg\ntests\n",
            "tests/unit/context.py": "import unittest\n\n\nclass Base(unittest.TestCase):\n"
            "    def setUp(self) -> None:\n        from fastapi.testclient import TestClient\n"
            "        from pkg.app import app\n\n        self.client = TestClient(app)\n",
        },
    )
    assert tst002(tmp_path / "pkg") == []


def test_no_tests_beside_without_a_project_or_the_wheel_listing_them(tmp_path):
    """A ``tests`` folder beside the package counts only when the folder holding both is
    a project (or the wheel installs it): a loose folder of unrelated code is not."""
    write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/app.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            "pkg-1.0.dist-info/top_level.txt": "pkg\n",
            "tests/test_api.py": CLIENT_TEST.replace("pkg.main", "pkg.app"),
        },
    )
    assert tst002(tmp_path / "pkg") == []  # a wheel that ships no tests: skipped (below)
    loose = tmp_path / "loose"
    write(loose, {**PACKAGE, "tests/test_api.py": CLIENT_TEST})
    [(severity, _)] = tst002(loose / "src" / "pkg")
    assert severity == "warning"


def test_the_cache_sees_tests_added_beside(tmp_path):
    write(tmp_path / "repo", {**PACKAGE, "pyproject.toml": ""})
    target = tmp_path / "repo" / "src" / "pkg"
    cache = {"use_cache": True, "cache_dir": tmp_path / "cache"}
    report = audit(target, Options(select=["TST002"], **cache)).report
    assert [f.severity for f in report.findings] == ["warning"]
    write(tmp_path / "repo", {"tests/test_api.py": CLIENT_TEST})
    assert audit(target, Options(select=["TST002"], **cache)).report.findings == []


def test_library_modules_named_like_tests_are_no_tests(tmp_path):
    write(
        tmp_path,
        {
            "pyproject.toml": "[project]\nname='svc'\n",
            "svc/__init__.py": "",
            "svc/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            "svc/test_data.py": "from dataclasses import dataclass\n\n\n@dataclass\n"
            "class TestSample:\n    path: str\n\n    def test_path(self) -> str:\n"
            "        return self.path\n",
            "svc/test_harness.py": "class TestHarness:\n    def __init__(self) -> None:\n"
            "        self.ok = True\n\n    def test_run(self) -> bool:\n        return self.ok\n",
        },
    )
    [(severity, message)] = tst002(tmp_path)
    assert severity == "warning" and message.startswith("no tests found")


def tst002_status(target: Path) -> tuple[str, str | None, list[str]]:
    report = audit(target, Options(select=["TST002"], use_cache=False)).report
    [status] = [c for c in report.checks if c.id == "TST002"]
    return status.status, status.reason, [f.severity for f in report.findings]


APP = {"pkg/__init__.py": "", "pkg/app.py": "from fastapi import FastAPI\n\napp = FastAPI()\n"}


def test_an_installed_distribution_that_ships_no_tests_is_not_judged(tmp_path):
    """A wheel's package folder (its ``.dist-info`` beside it), an sdist's (its ``PKG-INFO``
    beside it, or above ``src/``): the project's tests stayed in its repository, so "no
    tests" would be a claim about what the distribution left out.  The check is skipped and
    the report says why."""
    wheel = tmp_path / "wheel"
    write(wheel, {**APP, "pkg-1.0.dist-info/RECORD": "pkg/__init__.py,,\npkg/app.py,,\n"})
    status, reason, found = tst002_status(wheel / "pkg")
    assert (status, found) == ("skipped", [])
    assert reason and "tests not shipped" in reason and "`../pkg-1.0.dist-info`" in reason
    sdist = tmp_path / "sdist"
    write(sdist, {**APP, "PKG-INFO": "Metadata-Version: 2.1\nName: pkg\n", "setup.py": ""})
    assert tst002_status(sdist / "pkg")[:2] == (
        "skipped",
        reason.replace("`../pkg-1.0.dist-info`", "`../PKG-INFO`"),
    )
    namespace = tmp_path / "namespace"
    write(
        namespace,
        {
            "ns/svc/__init__.py": "",
            "ns/svc/app.py": APP["pkg/app.py"],
            "ns_svc-1.0.dist-info/RECORD": "ns/svc/__init__.py,,\nns/svc/app.py,,\n",
        },
    )
    assert tst002_status(namespace / "ns" / "svc")[0] == "skipped"
    src = tmp_path / "src-sdist"
    write(src, {"PKG-INFO": "Metadata-Version: 2.1\n", **{f"src/{k}": v for k, v in APP.items()}})
    assert tst002_status(src / "src" / "pkg")[0] == "skipped"


def test_a_distribution_that_ships_tests_is_judged_on_them(tmp_path):
    write(
        tmp_path,
        {
            **APP,
            "pkg-1.0.dist-info/RECORD": "pkg/__init__.py,,\n",
            "pkg/tests/test_units.py": "def test_one() -> None:\n    assert 1\n",
        },
    )
    status, _, found = tst002_status(tmp_path / "pkg")
    assert (status, found) == ("failed", ["info"])


def test_a_repository_is_no_distribution(tmp_path):
    """A git work tree is the project's repository, whatever it holds; a folder beside a
    ``.dist-info`` that does not install it is not that distribution's."""
    repo = tmp_path / "repo"
    write(repo, {**APP, "pkg-1.0.dist-info/RECORD": "pkg/__init__.py,,\n"})
    git_init(repo, ["pkg/__init__.py", "pkg/app.py", "pkg-1.0.dist-info/RECORD"])
    assert tst002_status(repo)[2] == ["warning"]
    other = tmp_path / "other"
    write(other, {**APP, "lib-1.0.dist-info/RECORD": "lib/__init__.py,,\n"})
    assert tst002_status(other / "pkg")[2] == ["warning"]
    write(
        other,
        {"ns/pkg/app.py": APP["pkg/app.py"], "ns_lib-1.0.dist-info/RECORD": "ns/lib/x.py,,\n"},
    )
    assert tst002_status(other / "ns" / "pkg")[2] == ["warning"]
