"""Round 41 (H46), helper r41c: the call graph follows a method called on an object a
module global holds, typed by the global's annotation (mcp-proxy-adapter
integrations/queuemgr_integration/global_manager.py:106-122: ``manager =
_global_queue_manager``, annotated ``Optional[QueueManagerIntegration]``, then ``await
manager.stop()``), so ASY005 sees that only the lifespan's shutdown reaches ``stop()``."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.engine import Options, audit
from auditor.testing import run_noted_example as _run

_JOBS = """\
from typing import Optional, Union


class JobQueue:
    async def stop(self) -> None:
        pass


class Mailer:
    async def stop(self) -> None:
        pass


_queue: {annotation} = None


async def shutdown({params}) -> None:
    {body}
"""


def _callers(root: Path, annotation: str, body: str, params: str = "") -> list[str]:
    (root / "app").mkdir(parents=True)
    (root / "app/__init__.py").write_text("")
    source = _JOBS.format(annotation=annotation, body=body, params=params)
    (root / "app/jobs.py").write_text(source)
    project = audit(root, Options(use_cache=False, select=["ASY005"])).project
    return [caller.qname for caller, _cs in project.call_sites.get("app.jobs.JobQueue.stop", [])]


@pytest.mark.parametrize(
    "annotation", ["JobQueue", "Optional[JobQueue]", "Union[JobQueue, None]", "JobQueue | None"]
)
@pytest.mark.parametrize("body", ["await _queue.stop()", "queue = _queue\n    await queue.stop()"])
def test_a_method_on_a_typed_global_is_its_classs(tmp_path, annotation, body):
    assert _callers(tmp_path, annotation, body) == ["app.jobs.shutdown"]


@pytest.mark.parametrize("annotation", ["JobQueue | Mailer", "list[JobQueue]", '"JobQueue"'])
def test_an_annotation_naming_no_single_class_types_nothing(tmp_path, annotation):
    assert _callers(tmp_path, annotation, "await _queue.stop()") == []


def test_a_parameter_shadowing_the_global_is_not_typed_by_it(tmp_path):
    assert _callers(tmp_path, "JobQueue", "await _queue.stop()", params="_queue: Mailer") == []


def test_asy005_a_typed_global_stopped_from_a_route_is_reported(tmp_path):
    found = [
        (f.path, f.line, f.message)
        for f in _run("ASY005", "a method called on a local read", tmp_path)
    ]
    assert found == [
        (
            "app/jobs.py",
            16,
            "sync helper `_wait_for_workers()` blocks the event loop: it calls `time.sleep()` "
            "(app/jobs.py:8)",
        )
    ]


def test_asy005_a_typed_global_stopped_only_after_the_lifespans_yield_is_not(tmp_path):
    assert _run("ASY005", "trap: the queue a module global typed", tmp_path, "good") == []


def _lifespans(root: Path, main: str) -> frozenset[str]:
    (root / "app").mkdir(parents=True)
    (root / "app/__init__.py").write_text("")
    (root / "app/main.py").write_text(main)
    return audit(root, Options(use_cache=False, select=["ASY005"])).project.lifespans


_SERVER = """\
from contextlib import asynccontextmanager

from fastapi import FastAPI


class Lifespans:
    def create(self):
        @asynccontextmanager
        async def lifespan(app: FastAPI):
            yield

        return lifespan


class Other(Lifespans):
    pass


class Server:
    def __init__(self, other: bool) -> None:
        self.lifespans = Lifespans()
        {other}

    def build(self) -> FastAPI:
        lifespan = self.lifespans.create()
        return FastAPI(lifespan=lifespan)
"""


def test_a_lifespan_built_by_an_object_the_builder_holds_is_the_lifespan(tmp_path):
    # mcp-proxy-adapter api/core/app_factory.py:66: ``lifespan =
    # self.lifespan_manager.create_lifespan(...)``, ``self.lifespan_manager = LifespanManager()``
    found = _lifespans(tmp_path, _SERVER.format(other="pass"))
    assert found == {"app.main.Lifespans.create.<locals>.lifespan"}


def test_a_held_object_of_two_classes_builds_no_known_lifespan(tmp_path):
    other = "if other:\n            self.lifespans = Other()"
    assert _lifespans(tmp_path, _SERVER.format(other=other)) == frozenset()


def test_asy005_a_held_factorys_lifespan_stopping_the_queue_is_start_up_code(tmp_path):
    assert _run("ASY005", "trap: the lifespan a method of an object", tmp_path, "good") == []
    found = [f.line for f in _run("ASY005", "the other side of the held-factory", tmp_path / "b")]
    assert found == [16]
