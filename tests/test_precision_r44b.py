"""Round 44 (H50), helper r44b: the findings of ASY004, STR002 and RTE001 that the judged
sheet showed with a wrong fix or message, pinned by the text the checks produce."""

from __future__ import annotations

from auditor.check import Example
from auditor.testing import run_example
from auditor.testing import run_noted_example as _run
from checks import by_id


def test_asy004_a_thread_task_is_not_said_to_be_collected_mid_flight(tmp_path):
    # thirtytutors live_session.py:1141 and main.py:68: `create_task(asyncio.to_thread(f))`,
    # whose executor thread holds the task to the end; only its exceptions are lost
    hits = _run("ASY004", "the other side of the quiet-thread", tmp_path)
    assert {f.line for f in hits} == {25, 26}
    assert {f.message for f in hits} == {
        "`asyncio.create_task()` result is discarded: the executor thread runs the "
        "`asyncio.to_thread()` work to its end, but an exception it raises is never seen "
        "(ruff RUF006)"
    }


def _site(include: str) -> Example:
    """An app whose class includes each router of a method's list in a loop whose body is
    ``include`` (a loop the project model does not follow)."""
    main = (
        "from fastapi import FastAPI\n"
        "from app import auth\n"
        "class Site:\n"
        "    def pairs(self) -> list:\n"
        "        return [(auth.auth_router, '/api')]\n"
        "    def register(self, app: FastAPI) -> None:\n"
        "        for router, prefix in self.pairs():\n"
        f"{include}"
        "app = FastAPI()\n"
        "Site().register(app)\n"
    )
    auth = (
        "from fastapi import APIRouter\n"
        "auth_router = APIRouter(prefix='/auth')\n"
        "@auth_router.post('/login')\n"
        "def login(username: str, password: str):\n"
        "    return {'user': username}\n"
    )
    return Example(files={"app/__init__.py": "", "app/main.py": main, "app/auth.py": auth})


def test_rte001_names_a_route_of_a_router_included_in_a_loop_under_a_prefix(tmp_path):
    # socialift tiktok/routers/tiktok.py:148 `POST /tiktok/auth/unlink`: utils/routes.py:15
    # includes each router of a tuple under a setting; `auth_router` was not matched by name
    under = "            app.include_router(router, prefix=prefix)\n"
    [found], _ = run_example(by_id()["RTE001"], _site(under), tmp_path)
    assert found.message == (
        "`POST …/auth/login` (`login`; its router's prefix is not known) declares no "
        "response model and no return type: its result, built by hand, is undocumented in "
        "OpenAPI"
    )


def test_sec007_names_a_route_under_an_unknown_include_prefix_as_such(tmp_path):
    # chaka routers/users.py:115 `POST /users/{user_id}/password`, served at /api/users/...:
    # factory.py:139-144 includes each router of a method's list, some under a prefix
    either = (
        "            if prefix:\n"
        "                app.include_router(router, prefix=prefix)\n"
        "            else:\n"
        "                app.include_router(router)\n"
    )
    [found], _ = run_example(by_id()["SEC007"], _site(either), tmp_path)
    assert found.message == (
        "no rate limiting found for auth-sensitive routes (POST …/auth/login; `…` is a router "
        "prefix not known); ignore this if the gateway or reverse proxy enforces limits"
    )
