from __future__ import annotations

import ast
import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, NamedTuple

from auditor.check import Check, Example, Hit, Severity, snippet, when
from auditor.walker import ModuleContext, dotted

if TYPE_CHECKING:
    from auditor.project import Project

#: canonical callee -> the aware replacement
CALLEES = {
    "datetime.datetime.utcnow": "datetime.now(timezone.utc)",
    "datetime.datetime.utcfromtimestamp": "datetime.fromtimestamp(ts, tz=timezone.utc)",
}
#: An argument shown in the advice in place of ``ts`` when its text is this short.
SHORT_ARGUMENT = 30


def _replacement(q: str, node: ast.Call) -> str:
    """The aware call for this one: ``fromtimestamp`` keeps the timestamp it is given."""
    if q == "datetime.datetime.utcfromtimestamp" and len(node.args) == 1 and not node.keywords:
        text = ast.unparse(node.args[0])
        if len(text) <= SHORT_ARGUMENT:
            return f"datetime.fromtimestamp({text}, tz=timezone.utc)"
    return CALLEES[q]


def _z_appended_to_isoformat(node: ast.Call, parents: list[ast.AST]) -> bool:
    """``<call>.isoformat() + "Z"`` (or ``f"{<call>.isoformat()}Z"``): the code marks the
    naive value as UTC by hand, and an aware value's ``isoformat()`` already ends in
    ``+00:00``, so the ``Z`` must go with the swap (``...+00:00Z`` is no timestamp)."""
    if len(parents) < 3:
        return False
    attr, call, outer = parents[-1], parents[-2], parents[-3]
    if not (
        isinstance(attr, ast.Attribute)
        and attr.attr == "isoformat"
        and attr.value is node
        and isinstance(call, ast.Call)
        and call.func is attr
    ):
        return False
    if isinstance(outer, ast.BinOp) and isinstance(outer.op, ast.Add) and outer.left is call:
        r = outer.right
        return isinstance(r, ast.Constant) and isinstance(r.value, str) and r.value[:1] == "Z"
    if isinstance(outer, ast.FormattedValue) and outer.value is call and len(parents) >= 4:
        joined = parents[-4]
        if isinstance(joined, ast.JoinedStr):
            values = joined.values
            i = next((k for k, v in enumerate(values) if v is outer), -1)
            nxt = values[i + 1] if 0 <= i < len(values) - 1 else None
            return (
                isinstance(nxt, ast.Constant)
                and isinstance(nxt.value, str)
                and nxt.value[:1] == "Z"
            )
    return False


def _enclosing(project: Project, hit: Hit) -> str | None:
    """The qualified name of the innermost function holding ``hit``, or None at module
    level (a module-level call runs on import: never dead code)."""
    if hit.path is None or hit.line is None:
        return None
    fn = project.function_at(hit.path, hit.line)
    return fn.qname if fn is not None else None


def _own_code(project: Project, hit: Hit) -> bool:
    """``hit`` is in the application's own code, not in API the project offers to code
    outside it: a module the application reaches (:meth:`Project.is_application_code`),
    in a function or class that no package ``__init__`` above its module names (a
    framework's ``HITLManager`` re-exported by ``orchestrator/__init__.py``: its users call
    the methods nothing in the project calls), or a private one."""
    path, line = hit.path, hit.line
    fn = project.function_at(path, line) if path and line else None
    if fn is None or not project.is_application_code(path, line):
        return False
    owner = (fn.class_qname or fn.qname).rsplit(".", 1)[-1]
    if owner.startswith("_") or (fn.name.startswith("_") and not fn.name.startswith("__")):
        return True  # private by convention: nothing outside calls it
    word = re.compile(rb"\b" + re.escape(owner.encode()) + rb"\b")
    parts = PurePosixPath(path or "").parts[:-1]  # the folders above the module
    for k in range(len(parts) + 1):
        init = "/".join([*parts[:k], "__init__.py"])
        data = project.repo.read_bytes(init) if init != path and init in project.by_path else None
        if data is not None and word.search(data):
            return False
    return True


class _Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    callee: str | None = None


#: A served application whose package also holds ``svc/scheduler.py`` (:data:`_SCHEDULER`).
_SERVED = {
    "svc/__init__.py": "",
    "svc/clock.py": "def tick() -> int:\n    return 1\n",
    "svc/main.py": (
        "from fastapi import FastAPI\n"
        "from svc.clock import tick\n"
        "app = FastAPI()\n"
        "@app.get('/tick')\n"
        "def get_tick() -> int:\n"
        "    return tick()\n"
    ),
    "Dockerfile": 'FROM python:3.12\nCMD ["uvicorn", "svc.main:app"]\n',
}
_SCHEDULER = """\
from datetime import datetime


def stamp() -> datetime:
    return datetime.utcnow()
"""
#: ``svc/clock.py`` with a second helper, ``stamp``, that only a route may call.
_CLOCK_WITH_STAMP = """\
from datetime import datetime


def tick() -> int:
    return 1


def stamp() -> str:
    return datetime.utcnow().isoformat()
"""
_ENTRY_POINT = '[project]\nname = "svc"\n[project.scripts]\nstamp = "svc.scheduler:stamp"\n'


class NaiveUtcDatetime(Check):
    """
    ## What it does
    Flags calls to `datetime.utcnow()` and `datetime.utcfromtimestamp()`, whether
    `datetime` is the module (`import datetime`, `datetime.datetime.utcnow()`) or the class
    (`from datetime import datetime`, `datetime.utcnow()`), under any alias.

    ## Why is this bad?
    Both are deprecated since Python 3.12 (they emit a `DeprecationWarning` and are
    scheduled for removal).  They return *naive* datetimes — no `tzinfo` — that many APIs
    read as local time: `.timestamp()` and `.astimezone()` on a server not running in UTC
    give the wrong instant, so token expiries and audit timestamps can be silently off by
    hours.  Naive values also cannot be compared with aware ones (`TypeError`).
    [Production skill 2025] computes token expiry with `datetime.utcnow()`, while
    [ForgeAPI guide] and [zhanymkanov README] force an explicit timezone
    when serialising (Disagreement D10 of the catalogue): current practice is an aware
    `datetime.now(timezone.utc)`.

    ## Example
    ```python
    expire = datetime.utcnow() + timedelta(minutes=30)
    issued = datetime.utcfromtimestamp(payload["iat"])
    ```

    ## Use instead
    ```python
    expire = datetime.now(timezone.utc) + timedelta(minutes=30)  # datetime.now(UTC) on 3.11+
    issued = datetime.fromtimestamp(payload["iat"], tz=timezone.utc)
    ```

    Where the code marks the naive value as UTC by hand (`.isoformat() + "Z"`), the advice
    says to drop the `Z` with the swap: an aware value's `isoformat()` already ends in
    `+00:00`.

    ## Fix safety
    No automatic fix: switching to aware datetimes changes behaviour where they meet naive
    ones — comparisons with other naive values raise `TypeError`, and SQLAlchemy `DateTime`
    columns without `timezone=True` store or return naive values.  Convert the code paths
    together.

    ## Known problems
    Only *calls* are reported: a reference such as `default=datetime.utcnow` or
    `default_factory=datetime.utcnow` is not (it is called later, by another library).
    Application modules are scanned; tests and migration scripts (immutable history) are
    not — ruff's DTZ003 / DTZ004 cover them if wanted.  In a project that serves an
    application, a call in code that never runs is not reported either: a module nothing
    imports, or a function of the application's own code nothing reaches, calls or names
    (a helper left behind by a refactor).  A function or class a package `__init__` names
    is the package's API and stays reported: code outside the project may call it.

    ## References
    - [Production skill 2025] (`datetime.utcnow()` in `create_access_token`),
      [ForgeAPI guide] and [zhanymkanov README] (explicit timezone)
    - Python docs, `datetime.datetime.utcnow` (deprecated since 3.12)
    - Overlaps ruff DTZ003 and DTZ004
    """

    id = "SEC006"
    name = "naive-utc-datetime"
    category = "security"
    severity = Severity.WARNING
    asks_dead_code = True  # (judge: a call only dead code holds never runs)
    message = "naive UTC datetime"
    fix_title = "Use an aware datetime: `datetime.now(timezone.utc)`"
    sources = (
        "ForgeAPI guide",
        "Production skill 2025",
        "zhanymkanov README",
    )

    @when(callees=CALLEES)
    def visit_Call(self, node: ast.Call, ctx: ModuleContext) -> None:
        q = ctx.resolve(node.func)
        instead = CALLEES.get(q)  # type: ignore[arg-type]
        if instead is None:
            return
        shown = dotted(node.func) or q
        instead = _replacement(q, node)  # type: ignore[arg-type]
        if _z_appended_to_isoformat(node, ctx.parents):
            ctx.report(
                node,
                f"`{shown}()` is deprecated (Python 3.12) and returns a naive datetime: use "
                f"`{instead}` and drop the `Z` appended to its `isoformat()` (an aware value "
                'ends in `+00:00`; `.isoformat().replace("+00:00", "Z")` keeps the `Z` form)',
                data=_Data(callee=q),
                fix_title=f"Use `{instead}` and drop the appended `Z`",
            )
            return
        ctx.report(
            node,
            f"`{shown}()` is deprecated (Python 3.12) and returns a naive datetime: use `{instead}`, "
            "minding comparisons with naive values and `DateTime` columns without `timezone=True`",
            data=_Data(callee=q),
            fix_title=f"Use an aware datetime: `{instead}`",
        )

    def judge(self, hits: list[Hit], project: Project) -> list[Hit]:
        """A call that never runs returns no datetime, naive or not: nothing to report.
        Neither one in a module that runs nowhere (:attr:`Project.dead_module_paths`: a
        stray module of the application's package nothing imports or names) nor one in a
        function of a served project that nothing reaches, calls or names
        (:meth:`Project.dead_code`: a helper left behind by a refactor, a method of an
        entity no code path uses) -- in the application's own code (:func:`_own_code`),
        not the API a package offers to code outside the project."""
        dead_modules = project.dead_module_paths if hits else frozenset()
        kept = [h for h in hits if h.path not in dead_modules]
        where = {id(h): _enclosing(project, h) for h in kept if _own_code(project, h)}
        dead = project.dead_code(where.values())
        return [h for h in kept if where.get(id(h)) not in dead]

    bad = (
        Example(
            files={**_SERVED, "svc/scheduler.py": _SCHEDULER, "pyproject.toml": _ENTRY_POINT},
            note="a module nothing imports that an entry point names: it runs",
            lines=(5,),
        ),
        Example(
            files={
                **_SERVED,
                "svc/main.py": _SERVED["svc/main.py"]
                + "from svc.scheduler import stamp\n"
                + "@app.get('/stamp')\ndef get_stamp() -> str:\n    return str(stamp())\n",
                "svc/scheduler.py": _SCHEDULER,
            },
            note="the trap's bad twin: the served module imports it (and a route calls it)",
            lines=(5,),
        ),
        Example(
            files={
                **_SERVED,
                "svc/clock.py": _CLOCK_WITH_STAMP,
                "svc/main.py": _SERVED["svc/main.py"].replace("tick", "tick, stamp", 1)
                + "@app.get('/stamp')\ndef get_stamp() -> str:\n    return stamp()\n",
            },
            note="the dead helper trap's bad twin: a route calls the helper",
            lines=(9,),
        ),
        Example(
            files={
                **_SERVED,
                "svc/__init__.py": "from svc.ledger import Ledger\n",
                "svc/main.py": _SERVED["svc/main.py"]
                + "from svc.ledger import Ledger\nLEDGER = Ledger()\n",
                "svc/ledger.py": "from datetime import datetime\n\n\nclass Ledger:\n"
                "    def close(self) -> datetime:\n        return datetime.utcnow()\n",
            },
            note="a method nothing in the project calls, of a class the package exports from "
            "its `__init__`: the package's API, which code outside the project calls",
            lines=(6,),
        ),
        snippet(
            """\
from datetime import datetime, timedelta


def token_expiry(minutes: int) -> datetime:
    return datetime.utcnow() + timedelta(minutes=minutes)
""",
            lines=(5,),
        ),
        snippet(
            """\
import datetime
import datetime as dt
from datetime import datetime as DateTime


def stamps(ts: float) -> list:
    return [
        datetime.datetime.utcnow(),
        dt.datetime.utcfromtimestamp(ts),
        DateTime.utcfromtimestamp(ts),
    ]
""",
            note="module and class imports, aliases",
            lines=(8, 9, 10),
        ),
        snippet(
            """\
from datetime import datetime


def stamp(ts: float) -> str:
    return datetime.utcfromtimestamp(ts).isoformat() + "Z"


def now_stamp() -> str:
    return f"{datetime.utcnow().isoformat()}Z"
""",
            note="a `Z` appended by hand to `isoformat()`",
            lines=(5, 9),
        ),
    )
    good = (
        snippet(
            """\
from datetime import datetime, timedelta, timezone


def token_expiry(minutes: int) -> datetime:
    return datetime.now(timezone.utc) + timedelta(minutes=minutes)
"""
        ),
        snippet(
            """\
from datetime import UTC, datetime

import arrow
import pendulum
from sqlalchemy import Column, DateTime


class Clock:
    def utcnow(self) -> datetime:
        return datetime.now(UTC)


def now(clock: Clock) -> list:
    datetime = clock
    return [datetime.utcnow(), arrow.utcnow(), pendulum.now("UTC")]


created_at = Column(DateTime(timezone=True), default=lambda: datetime.now(UTC))
""",
            note="a local `datetime` object, arrow and pendulum",
        ),
        snippet(
            """\
from datetime import datetime


def test_expiry() -> None:
    assert datetime.utcnow()
""",
            path="tests/test_expiry.py",
            note="test files are not scanned",
        ),
        Example(
            files={**_SERVED, "svc/scheduler.py": _SCHEDULER},
            note="trap: a stray module of the served package that nothing imports, names "
            "or runs (a helper left behind): its call never runs",
        ),
        Example(
            files={**_SERVED, "svc/clock.py": _CLOCK_WITH_STAMP},
            note="trap: a helper of a served module that nothing calls or names (left "
            "behind by a refactor): its call never runs",
        ),
    )
