"""Round 45 (H51), helper r45a: ERR002's local-tool rule reading a host held in a
module-level constant, and ASY004 on a loop asked for in a thread that has none."""

from __future__ import annotations

from auditor.check import Example
from auditor.testing import noted_example, run_example
from auditor.testing import run_noted_example as _run
from checks import by_id

_LEAK = (
    '`f"...{e}"` from `except Exception` is sent to the client in '
    "`HTTPException(detail=...)`: it can leak SQL, hosts, paths or credentials"
)


def _hosts(hosts: str) -> Example:
    """ERR002's named-host project with ``hosts`` as ``app/hosts.py``."""
    _, good = noted_example("ERR002", "a local tool whose `--host` option", "good")
    return Example(files={**good.files, "app/hosts.py": hosts})


def test_err002_a_loopback_default_held_in_an_imported_constant_is_a_local_tool(tmp_path):
    # kimcp connect/router.py:16, run_tool/router.py:36: `kimcp serve`'s --host defaults to
    # DEFAULT_HOST = "localhost" (mcp_gateway_server_options.py:9, 18-22)
    assert _run("ERR002", "a local tool whose `--host` option", tmp_path, "good") == []


def test_err002_a_constant_in_the_options_own_module_counts_too(tmp_path):
    files = dict(_hosts('DEFAULT_HOST = "localhost"\n').files)
    files["app/cli.py"] = files["app/cli.py"].replace(
        "from app.hosts import DEFAULT_HOST\n", 'DEFAULT_HOST = "127.0.0.1"\n'
    )
    found, _ = run_example(by_id()["ERR002"], Example(files=files), tmp_path)
    assert found == []


def test_err002_a_name_bound_again_under_a_condition_is_not_read(tmp_path):
    # the bad twin: DEFAULT_HOST is "0.0.0.0" unless DEV is set; the model keeps the last
    # binding ("localhost"), which the rule must not take for the constant's value
    [found] = _run("ERR002", "the other side of the named loopback default", tmp_path)
    assert (found.path, found.line, found.message) == ("app/main.py", 13, _LEAK)


def test_err002_a_constant_naming_every_interface_keeps_the_finding(tmp_path):
    found, _ = run_example(by_id()["ERR002"], _hosts('DEFAULT_HOST = "0.0.0.0"\n'), tmp_path)
    assert [(f.line, f.message) for f in found] == [(13, _LEAK)]


def test_err002_a_computed_default_keeps_the_finding(tmp_path):
    hosts = 'import os\n\nDEFAULT_HOST = os.environ.get("HOST", "127.0.0.1")\n'
    found, _ = run_example(by_id()["ERR002"], _hosts(hosts), tmp_path)
    assert [(f.line, f.message) for f in found] == [(13, _LEAK)]


def test_asy004_a_task_asked_of_a_timer_threads_loop_is_never_made(tmp_path):
    # mcp-feedback-webui feedback_session.py:431, mcp-ai-forever :360: auto_cleanup runs
    # only as threading.Timer's function; get_event_loop() raises RuntimeError there
    assert _run("ASY004", "a plain function run only as a timer's thread", tmp_path, "good") == []


def test_asy004_the_same_function_called_on_the_callers_thread_is_reported(tmp_path):
    [found] = _run("ASY004", "the other side of the timer's thread", tmp_path)
    assert (found.line, found.message) == (
        20,
        "`loop.create_task()` result is discarded: the task can be garbage-collected "
        "mid-flight and its exceptions are never seen (ruff RUF006)",
    )


def _timer(change: tuple[str, str]) -> str:
    """ASY004's timer example's source with ``change`` (old, new) made."""
    _, good = noted_example("ASY004", "a plain function run only as a timer's thread", "good")
    source = good.files["app/main.py"]
    assert change[0] in source
    return source.replace(*change)


def test_asy004_a_thread_that_sets_its_own_loop_is_reported(tmp_path):
    source = _timer(
        (
            "                loop = asyncio.get_event_loop()\n",
            "                asyncio.set_event_loop(asyncio.new_event_loop())\n"
            "                loop = asyncio.get_event_loop()\n",
        )
    )
    found, _ = run_example(by_id()["ASY004"], Example(files={"app/main.py": source}), tmp_path)
    assert [f.line for f in found] == [21]


def test_asy004_a_loop_made_at_import_is_reported(tmp_path):
    # the module's loop, asked for in the main thread when it is imported, exists: the
    # timer's thread can start a task on it
    source = _timer(("import threading\n", "import threading\n\nloop = asyncio.get_event_loop()\n"))
    source = source.replace("                loop = asyncio.get_event_loop()\n", "")
    found, _ = run_example(by_id()["ASY004"], Example(files={"app/main.py": source}), tmp_path)
    assert [f.line for f in found] == [21]
