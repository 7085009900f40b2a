from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from auditor.check import Check, Example, Hit, Severity
from auditor.lazyre import lazy_compile
from auditor.project import Project
from auditor.project_files import (
    GUNICORN_CONFIGS,
    compose_services,
    instruction_lines,
    node_get,
    node_span,
    numbered,
    scalars,
    yaml_documents,
)
from auditor.repository import posix_path

#: The deprecated worker classes of ``uvicorn.workers`` (uvicorn 0.30).
#: The uvicorn release that deprecated ``uvicorn.workers``.
DEPRECATED_SINCE = (0, 30)
DEPRECATED = lazy_compile(r"\buvicorn\.workers\.(UvicornWorker|UvicornH11Worker)\b")
_KIND = lazy_compile(r"^kind\s*:\s*\S", re.MULTILINE)
_NOT_SCANNED_YAML = (".github/", ".gitlab-ci", ".pre-commit-config")


def _replace(text: str) -> str:
    return DEPRECATED.sub(lambda m: f"uvicorn_worker.{m.group(1)}", text)


class DeprecatedUvicornWorker(Check):
    """
    ## What it does
    Finds `uvicorn.workers.UvicornWorker` and `uvicorn.workers.UvicornH11Worker` where a
    server is started: the `worker_class` of a `gunicorn.conf.py` / `gunicorn_conf.py`, a
    Dockerfile `CMD`, `ENTRYPOINT` or `RUN`, a `Procfile`, a compose `command:`, shell
    scripts (`*.sh`), `Makefile`s and Kubernetes manifests (YAML files with `kind:`).
    Lock files, changelogs and documentation are not scanned, nor are comments.

    ## Why is this bad?
    Uvicorn 0.30 deprecated its `uvicorn.workers` module: importing it emits a
    `DeprecationWarning` that points to the separate `uvicorn-worker` package, where the
    worker classes now live and are maintained.  The module is on a removal path, so a
    routine uvicorn upgrade can stop the server from booting.

    Two sources use it ([Production guide 2026]: `--worker-class
    uvicorn.workers.UvicornWorker`; [Production skill 2025]: `-k
    uvicorn.workers.UvicornWorker` and `worker_class = "uvicorn.workers.UvicornWorker"` in
    `gunicorn.conf.py`).  They predate the deprecation.  Current FastAPI docs no longer
    need gunicorn at all: `fastapi run --workers N` (or `uvicorn --workers N`) restarts dead
    workers since uvicorn 0.30, and under Kubernetes one process per container is
    preferred.

    ## Example
    ```python
    # gunicorn.conf.py
    worker_class = "uvicorn.workers.UvicornWorker"
    ```

    ## Use instead
    ```python
    # gunicorn.conf.py (and add `uvicorn-worker` to the dependencies)
    worker_class = "uvicorn_worker.UvicornWorker"
    ```
    or drop gunicorn: `CMD ["fastapi", "run", "app/main.py", "--workers", "4"]`.

    ## Fix safety
    The fix replaces the class path with `uvicorn_worker.UvicornWorker` (or
    `UvicornH11Worker`) on the reported line: a Python edit in a gunicorn config file, a
    text edit elsewhere.  It is marked unsafe because the new class lives in the
    `uvicorn-worker` package, which must be installed: the message says so when the
    project does not declare it.

    A project whose uvicorn is locked or pinned below 0.30 (every version it can install
    still ships the class undeprecated) is not reported.

    ## Known problems
    A worker class assembled from variables, or passed through an environment variable
    (`GUNICORN_CMD_ARGS`) set outside the repository, is not seen.  Shell scripts and
    Makefiles are matched line by line, so a command inside a heredoc counts too.

    ## References
    - [Production guide 2026] ("Gunicorn + Uvicorn"), [Production skill 2025]
      ("Gunicorn with Uvicorn Workers")
    - uvicorn 0.30 release notes (`uvicorn.workers` deprecated); the `uvicorn-worker`
      package
    - FastAPI docs, "Server Workers"
    """

    id = "PRD002"
    name = "deprecated-uvicorn-worker"
    category = "production"
    severity = Severity.WARNING
    kind = "structural"
    message = "deprecated `uvicorn.workers` worker class"
    fix_title = "Use `uvicorn_worker.UvicornWorker` (package `uvicorn-worker`)"
    fix_safe = False
    sources = ("Production guide 2026", "Production skill 2025")

    def check_project(self, project: Project) -> Iterator[Hit]:
        if project.inventory.below("uvicorn", DEPRECATED_SINCE):
            return  # every uvicorn the project can install still ships the class, undeprecated
        declared = project.inventory.has("uvicorn-worker")
        suffix = "" if declared else "; add the `uvicorn-worker` package to the dependencies"
        for path, line, found, where in self._places(project):
            hit = self.project_hit(
                f"`uvicorn.workers.{found}` ({where}) is deprecated since uvicorn 0.30: "
                f"use `uvicorn_worker.{found}`{suffix}",
                path=path,
                line=line,
            )
            hit.fixable = True
            hit.fix_title = f"Replace with `uvicorn_worker.{found}`" + (
                "" if declared else " and add `uvicorn-worker`"
            )
            yield hit

    def _places(self, project: Project) -> Iterator[tuple[str, int, str, str]]:
        repo = project.repo
        configs = project.configs
        compose_paths = {p for p, _ in configs.compose_files}
        for path in repo.files:
            name = posix_path(path).name
            if name in GUNICORN_CONFIGS:
                yield from self._gunicorn(project, path)
        for df in configs.dockerfiles:
            text = configs.text(df.path) or ""
            for ins in df.instructions:
                if ins.cmd not in ("CMD", "ENTRYPOINT", "RUN") or not DEPRECATED.search(ins.value):
                    continue
                for n, raw in instruction_lines(text, ins):
                    m = DEPRECATED.search(raw)
                    if m:
                        yield df.path, n, m.group(1), f"Dockerfile `{ins.cmd}`"
        for n, raw in configs.procfile:
            m = DEPRECATED.search(raw)
            if m:
                yield "Procfile", n, m.group(1), "Procfile"
        for path in sorted(compose_paths):
            text = configs.text(path) or ""
            if not DEPRECATED.search(text):
                continue
            for _svc, node in compose_services(text):
                for key in ("command", "entrypoint"):
                    value = node_get(node, key)
                    if value is None:
                        continue
                    first, last = node_span(value)
                    for n, raw in numbered(text, first, last):
                        m = DEPRECATED.search(raw)
                        if m and not raw.lstrip().startswith("#"):
                            yield path, n, m.group(1), f"compose `{key}:`"
        for path in repo.files:
            name = posix_path(path).name
            if name.endswith(".sh") or name in ("Makefile", "makefile", "GNUmakefile"):
                text = repo.read_text(path) or ""
                if not DEPRECATED.search(text):
                    continue
                where = "shell script" if name.endswith(".sh") else "Makefile"
                for n, raw in enumerate(text.splitlines(), 1):
                    if raw.lstrip().startswith("#"):
                        continue
                    m = DEPRECATED.search(raw.split(" #", 1)[0])
                    if m:
                        yield path, n, m.group(1), where
            elif (
                name.endswith((".yml", ".yaml"))
                and path not in compose_paths
                and not path.startswith(_NOT_SCANNED_YAML)
            ):
                text = repo.read_text(path) or ""
                if not DEPRECATED.search(text) or not _KIND.search(text):
                    continue
                yield from self._manifest(path, text)

    def _gunicorn(self, project: Project, path: str) -> Iterator[tuple[str, int, str, str]]:
        text = project.repo.read_text(path)
        if text is None or not DEPRECATED.search(text):
            return
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            return
        for stmt in tree.body:
            targets: list[ast.expr] = []
            value: ast.expr | None = None
            if isinstance(stmt, ast.Assign):
                targets, value = stmt.targets, stmt.value
            elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
                targets, value = [stmt.target], stmt.value
            if value is None or not any(
                isinstance(t, ast.Name) and t.id == "worker_class" for t in targets
            ):
                continue
            for node in ast.walk(value):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    m = DEPRECATED.search(node.value)
                    if m:
                        yield path, node.lineno, m.group(1), "gunicorn `worker_class`"

    def _manifest(self, path: str, text: str) -> Iterator[tuple[str, int, str, str]]:
        seen: set[int] = set()
        for doc in yaml_documents(text):
            if node_get(doc, "kind") is None:
                continue
            for node in scalars(doc):
                if not isinstance(node.value, str) or not DEPRECATED.search(node.value):
                    continue
                first, last = node_span(node)
                for n, raw in numbered(text, first, last):
                    m = DEPRECATED.search(raw)
                    if m and n not in seen and not raw.lstrip().startswith("#"):
                        seen.add(n)
                        yield path, n, m.group(1), "Kubernetes manifest"

    def fix(self, source: str, hit: Hit, project: Project) -> str | None:
        if hit.line is None:
            return None
        lines = source.splitlines(keepends=True)
        if not 0 < hit.line <= len(lines):
            return None
        if (hit.path or "").endswith(".py"):
            return self._fix_python(source, hit)
        old = lines[hit.line - 1]
        new = _replace(old)
        if new == old:
            return None
        lines[hit.line - 1] = new
        return "".join(lines)

    def _fix_python(self, source: str, hit: Hit) -> str | None:
        import libcst as cst

        from auditor.fixes import parse_module

        module = parse_module(source)
        line = hit.line

        class _Rewrite(cst.CSTTransformer):
            METADATA_DEPENDENCIES = (cst.metadata.PositionProvider,)

            def __init__(self) -> None:
                super().__init__()
                self.done = False

            def leave_SimpleString(
                self, original: cst.SimpleString, updated: cst.SimpleString
            ) -> cst.SimpleString:
                pos = self.get_metadata(cst.metadata.PositionProvider, original)
                if pos.start.line != line or not DEPRECATED.search(original.value):
                    return updated
                self.done = True
                return updated.with_changes(value=_replace(original.value))

        wrapper = cst.metadata.MetadataWrapper(module)
        rewrite = _Rewrite()
        fixed = wrapper.visit(rewrite)
        return fixed.code if rewrite.done else None

    bad = (
        Example(
            files={
                "gunicorn.conf.py": """\
import multiprocessing

workers = multiprocessing.cpu_count()
worker_class = "uvicorn.workers.UvicornWorker"
bind = "0.0.0.0:8000"
""",
                "app/main.py": "",
            },
            lines=(4,),
            fixes=(
                """\
--- a/gunicorn.conf.py
+++ b/gunicorn.conf.py
@@ -2,4 +2,4 @@
 
 workers = multiprocessing.cpu_count()
-worker_class = "uvicorn.workers.UvicornWorker"
+worker_class = "uvicorn_worker.UvicornWorker"
 bind = "0.0.0.0:8000"
""",
            ),
        ),
        Example(
            files={
                "Dockerfile": """\
FROM python:3.12-slim
WORKDIR /app
# CMD gunicorn -k uvicorn.workers.UvicornWorker (old)
COPY . .
CMD ["gunicorn", "app.main:app", \\
     "-k", "uvicorn.workers.UvicornH11Worker", \\
     "--bind", "0.0.0.0:8000"]
""",
                "Procfile": "web: gunicorn app.main:app -k uvicorn.workers.UvicornWorker\n",
                "app/main.py": "",
            },
            note="a continued exec-form CMD (the comment is not reported) and a Procfile",
            lines=(6, 1),
            fixes=(
                """\
--- a/Dockerfile
+++ b/Dockerfile
@@ -4,4 +4,4 @@
 COPY . .
 CMD ["gunicorn", "app.main:app", \\
-     "-k", "uvicorn.workers.UvicornH11Worker", \\
+     "-k", "uvicorn_worker.UvicornH11Worker", \\
      "--bind", "0.0.0.0:8000"]
""",
                """\
--- a/Procfile
+++ b/Procfile
@@ -1 +1 @@
-web: gunicorn app.main:app -k uvicorn.workers.UvicornWorker
+web: gunicorn app.main:app -k uvicorn_worker.UvicornWorker
""",
            ),
        ),
        Example(
            files={
                "docker-compose.yml": """\
services:
  api:
    build: .
    environment:
      NOTE: uvicorn.workers.UvicornWorker
    command: >
      gunicorn app.main:app
      --worker-class uvicorn.workers.UvicornWorker
""",
                "scripts/start.sh": "#!/bin/sh\n# uvicorn.workers.UvicornWorker\nexec gunicorn app.main:app -k uvicorn.workers.UvicornWorker\n",
                "Makefile": "run:\n\tgunicorn app.main:app -k uvicorn.workers.UvicornWorker\n",
                "deploy/k8s/deployment.yaml": """\
apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: api
          command: ["gunicorn", "app.main:app", "-k", "uvicorn.workers.UvicornWorker"]
""",
                "app/main.py": "",
            },
            note="compose command (not the environment), shell script, Makefile, Kubernetes manifest",
            lines=(3, 2, 8),
            fixes=(
                """\
--- a/Makefile
+++ b/Makefile
@@ -1,2 +1,2 @@
 run:
-	gunicorn app.main:app -k uvicorn.workers.UvicornWorker
+	gunicorn app.main:app -k uvicorn_worker.UvicornWorker
""",
                """\
--- a/deploy/k8s/deployment.yaml
+++ b/deploy/k8s/deployment.yaml
@@ -6,3 +6,3 @@
       containers:
         - name: api
-          command: ["gunicorn", "app.main:app", "-k", "uvicorn.workers.UvicornWorker"]
+          command: ["gunicorn", "app.main:app", "-k", "uvicorn_worker.UvicornWorker"]
""",
                """\
--- a/docker-compose.yml
+++ b/docker-compose.yml
@@ -6,3 +6,3 @@
     command: >
       gunicorn app.main:app
-      --worker-class uvicorn.workers.UvicornWorker
+      --worker-class uvicorn_worker.UvicornWorker
""",
                """\
--- a/scripts/start.sh
+++ b/scripts/start.sh
@@ -1,3 +1,3 @@
 #!/bin/sh
 # uvicorn.workers.UvicornWorker
-exec gunicorn app.main:app -k uvicorn.workers.UvicornWorker
+exec gunicorn app.main:app -k uvicorn_worker.UvicornWorker
""",
            ),
        ),
        Example(
            files={
                "requirements.txt": "fastapi>=0.110\nuvicorn[standard]>=0.23\n",
                "gunicorn.conf.py": 'worker_class = "uvicorn.workers.UvicornWorker"\n',
                "app/main.py": "",
            },
            lines=(1,),
            fixes=(
                """\
--- a/gunicorn.conf.py
+++ b/gunicorn.conf.py
@@ -1 +1 @@
-worker_class = "uvicorn.workers.UvicornWorker"
+worker_class = "uvicorn_worker.UvicornWorker"
""",
            ),
        ),
    )
    good = (
        Example(
            files={
                "requirements.txt": "fastapi==0.110.0\nuvicorn[standard]==0.29.0\ngunicorn==21.2.0\n",
                "gunicorn.conf.py": 'worker_class = "uvicorn.workers.UvicornWorker"\n',
                "app/main.py": "",
            },
            note="uvicorn pinned below 0.30: the class is not deprecated in the version installed",
        ),
        Example(
            files={
                "gunicorn.conf.py": """\
import multiprocessing

workers = multiprocessing.cpu_count()
worker_class = "uvicorn_worker.UvicornWorker"
bind = "0.0.0.0:8000"
# worker_class = "uvicorn.workers.UvicornWorker"  (before uvicorn 0.30)
""",
                "app/main.py": "",
            }
        ),
        Example(
            files={
                "CHANGELOG.md": "- moved off uvicorn.workers.UvicornWorker\n",
                "docs/deploy.md": "gunicorn -k uvicorn.workers.UvicornWorker\n",
                "poetry.lock": '# uvicorn.workers.UvicornWorker\n[[package]]\nname = "uvicorn"\nversion = "0.29.0"\n',
                "config/settings.yaml": "worker: uvicorn.workers.UvicornWorker\n",
                ".github/workflows/ci.yml": "jobs:\n  x:\n    steps:\n      - run: echo uvicorn.workers.UvicornWorker\n",
                "Dockerfile": 'FROM python:3.12-slim\nLABEL note=uvicorn.workers.UvicornWorker\nCMD ["fastapi", "run", "app/main.py", "--workers", "4"]\n',
                "app/main.py": "WORKER = 'uvicorn.workers.UvicornWorker'\n",
            },
            note="docs, changelogs, lock files, non-manifest YAML, CI, labels and Python app code are not scanned",
        ),
        Example(
            files={
                "Procfile": "web: gunicorn app.main:app -k uvicorn_worker.UvicornWorker\n",
                "docker-compose.yml": "services:\n  api:\n    command: gunicorn app.main:app -k uvicorn_worker.UvicornH11Worker\n",
                "gunicorn_conf.py": "worker_class = 'uvicorn_worker.UvicornWorker'\nproc_name = 'uvicorn.workers.UvicornWorker-compat'\n",
                "app/main.py": "",
            },
            note="the new package everywhere; other gunicorn settings are not the worker class",
        ),
    )
