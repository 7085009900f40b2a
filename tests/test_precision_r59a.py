"""Round 59 A: code only dead code reaches.  A method of a class built on a base that calls
none of its methods by itself (a pydantic entity) runs only where its name is used, so one
that nothing or only dead code names is dead (H62 backend-systems entities, SEC006); a
function an entry point names runs though no Python file names it; a method that only a
program of ``scripts/`` calls runs beside no request (H62 craft-dashboard, ASY005)."""

from __future__ import annotations

from pathlib import Path

from auditor.project import Project
from auditor.scope import command_line_only, unreferenced
from tests.test_scope import model

SERVED = {
    "svc/__init__.py": "",
    "svc/main.py": (
        "from fastapi import FastAPI\n"
        "from svc import entity, billing\n"
        "app = FastAPI()\n"
        "@app.get('/ping')\n"
        "def ping() -> str:\n"
        "    return 'pong'\n"
    ),
}

ENTITY = """\
import enum

from pydantic import BaseModel
from starlette.middleware.base import BaseHTTPMiddleware


class Plan(str, enum.Enum):
    FREE = "free"

    @classmethod
    def _missing_(cls, value: object) -> "Plan":
        return cls.FREE

    def describe(self) -> str:
        return self.value


class Account(BaseModel):
    plan: Plan = Plan.FREE

    def upgrade(self) -> None:
        self.plan = Plan.FREE

    def renew(self) -> None:
        pass

    def model_post_init(self, context: object) -> None:
        pass


class Timing(BaseHTTPMiddleware):
    def stamp(self) -> None:
        pass
"""

BILLING = """\
from svc.entity import Account


class Billing:
    def close(self, account: Account) -> None:
        account.renew()
"""


def _functions(p: Project, module: str) -> list:
    return list(p.modules[module].functions.values())


def test_a_method_of_a_pydantic_model_that_nothing_or_only_dead_code_names_is_dead(
    tmp_path: Path,
) -> None:
    p = model(tmp_path, {**SERVED, "svc/entity.py": ENTITY, "svc/billing.py": BILLING})
    dead = unreferenced(p, _functions(p, "svc.entity") + _functions(p, "svc.billing"))
    assert dead == {
        "svc.entity.Plan.describe",  # an enum's own method nothing names
        "svc.entity.Account.upgrade",  # named nowhere
        "svc.entity.Account.renew",  # named only by Billing.close, which nothing calls
        "svc.billing.Billing.close",
    }
    # pydantic's and enum's hooks (model_post_init, _missing_) and a middleware's methods
    # (a framework base may call any of them) stay alive


def test_a_route_calling_the_service_keeps_the_chain_alive(tmp_path: Path) -> None:
    main = SERVED["svc/main.py"] + (
        "@app.post('/close')\ndef close() -> None:\n    billing.Billing().close(entity.Account())\n"
    )
    p = model(
        tmp_path,
        {**SERVED, "svc/main.py": main, "svc/entity.py": ENTITY, "svc/billing.py": BILLING},
    )
    dead = unreferenced(p, _functions(p, "svc.entity") + _functions(p, "svc.billing"))
    assert "svc.entity.Account.renew" not in dead
    assert "svc.billing.Billing.close" not in dead


def test_a_function_an_entry_point_names_is_not_dead(tmp_path: Path) -> None:
    files = {
        **SERVED,
        "svc/jobs.py": (
            "class Runner:\n    def nightly(self) -> None:\n        pass\n"
            "def sweep() -> None:\n    pass\n"
        ),
    }
    p = model(tmp_path / "a", files)
    assert unreferenced(p, _functions(p, "svc.jobs")) == {
        "svc.jobs.Runner.nightly",
        "svc.jobs.sweep",
    }
    p = model(
        tmp_path / "b",
        {
            **files,
            "pyproject.toml": (
                '[project]\nname = "svc"\n[project.scripts]\nsweep = "svc.jobs:sweep"\n'
                '[project.entry-points."svc.plugins"]\nrunner = "svc.jobs:Runner"\n'
            ),
        },
    )
    assert unreferenced(p, _functions(p, "svc.jobs")) == set()


COLLECTOR = """\
import time


class Collector:
    async def collect(self) -> None:
        await self._pass()

    async def _pass(self) -> None:
        time.sleep(1)
"""


def test_a_method_only_a_script_calls_runs_on_the_command_line(tmp_path: Path) -> None:
    script = (
        "import asyncio\nfrom svc.collector import Collector\n"
        "async def main() -> None:\n    await Collector().collect()\n"
        "if __name__ == '__main__':\n    asyncio.run(main())\n"
    )
    files = {**SERVED, "svc/collector.py": COLLECTOR}
    p = model(tmp_path / "a", {**files, "scripts/collect.py": script})
    fns = _functions(p, "svc.collector")
    assert command_line_only(p, fns) == {
        "svc.collector.Collector.collect",
        "svc.collector.Collector._pass",
    }
    # an example shows what a served application may call: not the command line
    p = model(tmp_path / "b", {**files, "examples/collect.py": script})
    assert command_line_only(p, _functions(p, "svc.collector")) == set()
    # a route calling it too: it runs beside requests
    route = "@app.get('/c')\nasync def c() -> None:\n    await Collector().collect()\n"
    main = SERVED["svc/main.py"] + "from svc.collector import Collector\n" + route
    p = model(tmp_path / "c", {**files, "svc/main.py": main, "scripts/collect.py": script})
    assert command_line_only(p, _functions(p, "svc.collector")) == set()


LEDGER = """\
class Ledger:
    def save(self) -> None:
        pass


class Store:
    def save(self) -> None:
        pass


def keep(store: Store) -> None:
    store.save()
"""


def test_a_method_of_a_class_nothing_builds_is_dead_though_its_name_is_used(
    tmp_path: Path,
) -> None:
    main = SERVED["svc/main.py"] + (
        "from svc.ledger import Ledger, Store, keep\n"
        "@app.post('/keep')\ndef k() -> None:\n    keep(Store())\n"
    )
    p = model(tmp_path / "a", {**SERVED, "svc/main.py": main, "svc/ledger.py": LEDGER})
    # `save` is called (on a Store), but nothing builds a Ledger: only imported
    assert unreferenced(p, _functions(p, "svc.ledger")) == {"svc.ledger.Ledger.save"}
    # an annotation names it: objects of it may come from elsewhere (a caller outside)
    typed = main + "def typed(ledger: Ledger) -> None:\n    pass\n"
    p = model(tmp_path / "b", {**SERVED, "svc/main.py": typed, "svc/ledger.py": LEDGER})
    assert unreferenced(p, _functions(p, "svc.ledger")) == set()
    # a string naming it (a registry looked up by name) keeps it too
    named = main + "KINDS = {'ledger': getattr(__import__('svc.ledger'), 'Ledger')}\n"
    p = model(tmp_path / "c", {**SERVED, "svc/main.py": named, "svc/ledger.py": LEDGER})
    assert unreferenced(p, _functions(p, "svc.ledger")) == set()


def test_a_script_that_starts_a_server_is_no_program_of_its_own(tmp_path: Path) -> None:
    script = (
        "import asyncio\nimport uvicorn\nfrom svc.collector import Collector\n"
        "async def main() -> None:\n"
        "    asyncio.create_task(Collector().collect())\n"
        "    await uvicorn.Server(uvicorn.Config('svc.main:app')).serve()\n"
        "if __name__ == '__main__':\n    asyncio.run(main())\n"
    )
    p = model(tmp_path, {**SERVED, "svc/collector.py": COLLECTOR, "scripts/serve.py": script})
    assert command_line_only(p, _functions(p, "svc.collector")) == set()
