from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from auditor.check import Check, Example, Hit, Severity
from auditor.facts import Lit, Seq
from auditor.project import Project
from auditor.repository import alembic_layout


@dataclass
class Revision:
    path: str
    line: int
    revision: str
    down: tuple[str, ...]
    labels: frozenset[str]
    depends_on: tuple[str, ...]
    children: list[str] = field(default_factory=list)


def _ids(e) -> tuple[str, ...] | None:
    """A literal revision reference: a string, a tuple/list of strings, or None (empty)."""
    if e is None:
        return None
    if isinstance(e, Lit):
        v = e.value
        if v is None:
            return ()
        if isinstance(v, str):
            return (v,)
        return None
    if isinstance(e, Seq):
        out = []
        for item in e.items:
            if not isinstance(item, Lit) or not isinstance(item.value, str):
                return None
            out.append(item.value)
        return tuple(out)
    return None


class MultipleMigrationHeads(Check):
    """
    ## What it does
    Reads the module-level `revision`, `down_revision`, `branch_labels` and `depends_on` of
    every Alembic revision file (without importing them), builds the revision graph of each
    migration folder, and reports:

    - more than one head (a revision that no other revision names as its `down_revision`),
      unless the heads sit on distinct named branches (`branch_labels`);
    - two files that declare the same `revision` id.

    ## Why is this bad?
    Two revisions with the same parent, the usual result of two feature branches that each
    added a migration and were merged, leave Alembic with two heads, and
    `alembic upgrade head` stops with "Multiple head revisions are present".  The deploy
    breaks, often only in the pipeline that runs the migrations.  A duplicated revision id
    is worse because it is quiet: Alembic keeps one of the two files (with only a warning,
    "Revision ... is present more than once"), and the other migration never runs.
    Neither is visible in code review, since each file is fine on its own.  This is an
    extra check; the sources manage the schema with Alembic ([zhanymkanov README],
    [ForgeAPI guide]).

    ## Example
    ```python
    # 2024-09-02_add_a.py
    revision = "bbb111"
    down_revision = "aaa000"
    # 2024-09-02_add_b.py
    revision = "ccc222"
    down_revision = "aaa000"
    ```

    ## Use instead
    Merge the heads with a new revision:
    ```text
    $ alembic merge -m "merge heads" bbb111 ccc222
    ```
    which writes
    ```python
    revision = "ddd333"
    down_revision = ("bbb111", "ccc222")
    ```

    ## Fix safety
    No automatic fix: `alembic merge` writes the merge revision, and the order of the two
    branches may matter for data migrations.

    ## Known problems
    A revision file whose `revision` or `down_revision` is not a literal (computed, or
    imported) cannot be placed in the graph: it is reported as an info finding and the head
    check of its folder is skipped, since a missing edge would invent a head.  Folders with
    a revision file that does not parse are skipped too.  Revisions named in another
    revision's `depends_on` are not counted as heads.  Every Alembic environment of the
    project is read (named `alembic.ini` sections, `version_locations`); subfolders of one
    versions folder are separate histories when they declare the same revision id and never
    refer to each other (one per database dialect, chosen at run time).

    ## References
    - [zhanymkanov README], [ForgeAPI guide] (Alembic migrations)
    - Alembic docs, "Working with Branches" (`alembic heads`, `alembic merge`)
    """

    id = "MIG005"
    name = "multiple-migration-heads"
    category = "migrations"
    severity = Severity.ERROR
    message = "the migration history has more than one head"
    fix_title = 'Merge the heads: `alembic merge -m "merge heads" <rev1> <rev2>`'
    fix_safe = False
    sources = ("zhanymkanov README", "ForgeAPI guide")

    def check_project(self, project: Project) -> Iterator[Hit]:
        versions_dirs = sorted(alembic_layout(project.repo).versions_dirs(), key=len, reverse=True)
        groups: dict[str, list] = {}
        for path in sorted(project.by_path):
            m = project.by_path[path]
            if m.file_class != "migration":
                continue
            groups.setdefault(_group_of(path, versions_dirs), []).append(m)
        for folder, modules in sorted(groups.items()):
            for sub, part in _independent_subfolders(folder, modules):
                yield from self._check_group(sub, part)

    def _check_group(self, folder: str, modules: list) -> Iterator[Hit]:
        revisions: list[Revision] = []
        complete = True
        for m in modules:
            if m.parse_error:
                complete = False
                continue
            rev_e = m.bindings.get("revision")
            if rev_e is None:
                continue  # not a revision file (a helper module)
            line = m.binding_lines.get("revision", 1)
            rev = _ids(rev_e)
            down = _ids(m.bindings.get("down_revision"))
            if not rev or len(rev) != 1 or down is None:
                complete = False
                what = "`revision`" if not rev or len(rev) != 1 else "`down_revision`"
                yield self.project_hit(
                    f"{what} is not a literal: `{PurePosixPath(m.path).name}` is left out of the revision graph, "
                    f"and the head check of `{folder}` is skipped",
                    path=m.path,
                    line=line,
                    severity=Severity.INFO,
                )
                continue
            labels = _ids(m.bindings.get("branch_labels")) or ()
            depends = _ids(m.bindings.get("depends_on")) or ()
            revisions.append(Revision(m.path, line, rev[0], down, frozenset(labels), depends))

        by_id: dict[str, Revision] = {}
        for r in revisions:
            first = by_id.get(r.revision)
            if first is not None:
                yield self.project_hit(
                    f"revision id `{r.revision}` is declared twice (also in `{first.path}`): Alembic keeps only one of the two files",
                    path=r.path,
                    line=r.line,
                )
                complete = False
                continue
            by_id[r.revision] = r
        if not complete or len(by_id) < 2:
            return
        referenced: set[str] = set()
        for r in by_id.values():
            referenced.update(r.down)
            referenced.update(r.depends_on)
        heads = [r for r in by_id.values() if r.revision not in referenced]
        if len(heads) < 2:
            return
        label_sets = [_labels_of(h, by_id) for h in heads]
        if all(label_sets) and len(set(label_sets)) == len(label_sets):
            return  # intentional named branches
        heads.sort(key=lambda r: r.path)
        listed = ", ".join(f"`{h.revision}` ({PurePosixPath(h.path).name})" for h in heads)
        last = heads[-1]
        yield self.project_hit(
            f"{len(heads)} migration heads in `{folder}`: {listed}; `alembic upgrade head` fails "
            'with "Multiple head revisions are present"',
            path=last.path,
            line=last.line,
        )

    bad = (
        Example(
            files={
                "alembic/versions/2024-09-01_base.py": '"""base"""\nrevision = "aaa000"\ndown_revision = None\n\n\ndef upgrade() -> None:\n    pass\n\n\ndef downgrade() -> None:\n    pass\n',
                "alembic/versions/2024-09-02_add_a.py": '"""add a"""\nrevision = "bbb111"\ndown_revision = "aaa000"\n\n\ndef upgrade() -> None:\n    pass\n\n\ndef downgrade() -> None:\n    pass\n',
                "alembic/versions/2024-09-02_add_b.py": '"""add b"""\nrevision: str = "ccc222"\ndown_revision: str | None = "aaa000"\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade() -> None:\n    pass\n\n\ndef downgrade() -> None:\n    pass\n',
            },
            note="two revisions with the same parent (annotated assignments as Alembic 1.13 writes them)",
            lines=(2,),
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = db/migrations\n",
                "db/migrations/versions/a.py": 'revision = "aaa000"\ndown_revision = None\n',
                "db/migrations/versions/b.py": 'revision = "bbb111"\ndown_revision = "aaa000"\n',
                "db/migrations/versions/c.py": 'revision = "bbb111"\ndown_revision = "aaa000"\n',
            },
            note="a duplicated revision id (the head check is then skipped)",
            lines=(1,),
        ),
        Example(
            files={
                "alembic/versions/a.py": 'revision = "aaa000"\ndown_revision = None\n',
                "alembic/versions/b.py": 'revision = "bbb111"\ndown_revision = "aaa000"\n',
                "alembic/versions/c.py": 'revision = "ccc222"\ndown_revision = "aaa000"\nbranch_labels = ("feature",)\n',
            },
            note="only one of the heads is on a named branch",
            lines=(1,),
        ),
        Example(
            files={
                "alembic/versions/a.py": 'revision = "aaa000"\ndown_revision = None\n',
                "alembic/versions/b.py": 'from alembic_ids import NEXT\n\nrevision = "bbb111"\ndown_revision = NEXT\n',
                "alembic/versions/c.py": 'revision = "ccc222"\ndown_revision = "aaa000"\n',
            },
            note="a non-literal parent: an info finding, and no head finding (b.py's edge is unknown)",
            lines=(3,),
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = db\n",
                "db/versions/2024/a_init.py": 'revision = "aaa000"\ndown_revision = None\n',
                "db/versions/2025/b_add.py": 'revision = "bbb111"\ndown_revision = "aaa000"\n',
                "db/versions/2025/c_add.py": 'revision = "ccc222"\ndown_revision = "aaa000"\n',
            },
            note="subfolders of one history (`recursive_version_locations`): the fork is checked "
            "across them",
            lines=(1,),
        ),
    )
    good = (
        Example(
            files={
                "alembic/versions/2024-09-01_base.py": 'revision = "aaa000"\ndown_revision = None\n',
                "alembic/versions/2024-09-02_add_a.py": 'revision = "bbb111"\ndown_revision = "aaa000"\n',
                "alembic/versions/2024-09-02_add_b.py": 'revision = "ccc222"\ndown_revision = "aaa000"\n',
                "alembic/versions/2024-09-03_merge_heads.py": 'revision = "ddd333"\ndown_revision = ("bbb111", "ccc222")\n',
            },
            note="merged",
        ),
        Example(
            files={
                "alembic/versions/a.py": 'revision = "aaa000"\ndown_revision = None\nbranch_labels = ("default",)\n',
                "alembic/versions/b.py": 'revision = "bbb111"\ndown_revision = "aaa000"\n',
                "alembic/versions/c.py": 'revision = "ccc222"\ndown_revision = None\nbranch_labels = ("audit",)\n',
                "alembic/versions/d.py": 'revision = "ddd333"\ndown_revision = "ccc222"\n',
            },
            note="intentional named branches (labels inherited from the branch base)",
        ),
        Example(
            files={
                "services/a/alembic/versions/x.py": 'revision = "aaa000"\ndown_revision = None\n',
                "services/b/alembic/versions/y.py": 'revision = "bbb111"\ndown_revision = None\n',
                "alembic/versions/__init__.py": "",
                "alembic/versions/utils.py": "def helper() -> None:\n    pass\n",
                "app/versions.py": 'revision = "x"\ndown_revision = None\n',
            },
            note="two separate migration folders, each with one head; helpers; an app module named like a revision",
        ),
        Example(
            files={
                "alembic/versions/a.py": 'revision = "aaa000"\ndown_revision = None\n',
                "alembic/versions/b.py": 'revision = "bbb111"\ndown_revision = "aaa000"\n',
                "alembic/versions/c.py": 'revision = "ccc222"\ndown_revision = "aaa000"\ndepends_on = "bbb111"\n',
            },
            note="a revision named in `depends_on` is not a head",
        ),
        Example(
            files={
                "alembic.ini": "[alembic]\nscript_location = db\n",
                "db/versions/postgresql/2024_01_init.py": 'revision = "aaa000"\ndown_revision = None\n',
                "db/versions/postgresql/2024_02_state.py": 'revision = "bbb111"\ndown_revision = "aaa000"\n',
                "db/versions/postgresql/2024_03_pg_index.py": 'revision = "ccc222"\ndown_revision = "bbb111"\n',
                "db/versions/sqlite/2024_01_init.py": 'revision = "ddd333"\ndown_revision = None\n',
                "db/versions/sqlite/2024_02_state.py": 'revision = "bbb111"\ndown_revision = "ddd333"\n',
            },
            note="one history per dialect (`versions/postgresql/`, `versions/sqlite/`, picked as "
            "`version_locations` at run time): the same revision id in both, no edge between them",
        ),
    )


def _independent_subfolders(folder: str, modules: list) -> list[tuple[str, list]]:
    """The revision graphs of one versions folder: one, or one per subfolder when the
    subfolders are separate histories (``versions/postgresql/`` and ``versions/sqlite/``,
    each picked as the ``version_locations`` of its dialect): no revision refers to one of
    another subfolder, and some revision id is declared in two of them (one graph could not
    hold it twice)."""
    by_sub: dict[str, list] = {}
    for m in modules:
        rel = PurePosixPath(m.path).parent.as_posix()[len(folder) :].strip("/")
        by_sub.setdefault(rel.split("/", 1)[0] if rel else "", []).append(m)
    if len(by_sub) < 2 or "" in by_sub:
        return [(folder, modules)]
    declared: dict[str, set[str]] = {}
    referenced: dict[str, set[str]] = {}
    for sub, part in by_sub.items():
        for m in part:
            rev = _ids(m.bindings.get("revision")) or ()
            declared.setdefault(sub, set()).update(rev)
            for key in ("down_revision", "depends_on"):
                referenced.setdefault(sub, set()).update(_ids(m.bindings.get(key)) or ())
    subs = sorted(by_sub)
    shared = any(declared[a] & declared[b] for i, a in enumerate(subs) for b in subs[i + 1 :])
    crossing = any(
        referenced.get(sub, set()) & (declared[other] - declared[sub])
        for sub in subs
        for other in subs
        if other != sub
    )
    if not shared or crossing:
        return [(folder, modules)]
    return [(f"{folder}/{sub}", by_sub[sub]) for sub in subs]


def _group_of(path: str, versions_dirs: list[str]) -> str:
    """The versions folder a revision file belongs to (subfolders included)."""
    parent = PurePosixPath(path).parent.as_posix()
    for v in versions_dirs:
        if parent == v or parent.startswith(v + "/"):
            return v
        i = parent.find("/" + v)
        if i >= 0 and (parent[i + 1 + len(v) :] == "" or parent[i + 1 + len(v)] == "/"):
            return parent[: i + 1 + len(v)]
    return parent


def _labels_of(rev: Revision, by_id: dict[str, Revision]) -> frozenset[str]:
    """The branch labels a revision carries: its own and its ancestors'."""
    out: set[str] = set()
    stack = [rev.revision]
    seen: set[str] = set()
    while stack:
        cur = by_id.get(stack.pop())
        if cur is None or cur.revision in seen:
            continue
        seen.add(cur.revision)
        out |= cur.labels
        stack.extend(cur.down)
    return frozenset(out)
