"""Worker processes of the engine: parsing files and building fix diffs across cores.

Where the platform can fork, the pool is forked after the state its tasks need (the files to
parse, or the project model and the hits to fix) is in place: a task is then an index, the
workers read the parent's data without it being pickled, and each result streams back as
soon as it is ready (progress moves per item).  Elsewhere the state is pickled once into each
worker.

Whatever stops the caller early -- a progress callback that raises to cancel the audit,
KeyboardInterrupt -- terminates the workers at once (``SIGTERM``, then reaped), so no worker
keeps burning CPU after an audit is abandoned.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import Any

#: state of the pools alive in this process, by token (inherited by forked workers)
_STATES: dict[int, Any] = {}
_TOKENS = itertools.count()
_LOCK = threading.Lock()


def can_fork() -> bool:
    """Whether workers can be forked (and so share the parent's state without pickling)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def state(token: int) -> Any:
    """The state a worker's task reads (set by the :class:`Pool` that runs it)."""
    return _STATES[token]


def _init(token: int, pickled: Any, parent: int) -> None:
    _die_with(parent)
    # ctrl+c reaches the whole process group: the parent stops the pool, workers just go
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 6000))
    if pickled is not None:
        _STATES[token] = pickled


def _die_with(parent: int) -> None:
    """End this worker when the process that started it ends, however it ends (killed with
    SIGKILL, the app closed by its terminal): Linux's parent-death signal."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it ended before the signal was asked for
        os._exit(1)


def _call(task: tuple[Callable[[Any, Any], Any], int, Any]) -> Any:
    fn, token, item = task
    return fn(_STATES[token], item)


class WorkerDied(RuntimeError):
    """A worker process ended while the pool was working."""


class Pool:
    """``jobs`` worker processes that run ``fn(state, item)`` for each item.

    Use as a context manager; leaving it normally waits for the workers to exit, leaving it
    by an exception terminates them first.
    """

    def __init__(self, jobs: int, shared: Any) -> None:
        fork = can_fork()
        with _LOCK:
            self.token = next(_TOKENS)
            _STATES[self.token] = shared
            ctx = multiprocessing.get_context("fork" if fork else "spawn")
            self._pool = ctx.Pool(
                jobs,
                initializer=_init,
                initargs=(self.token, None if fork else shared, os.getpid()),
            )
            # workers never exit on their own while the pool is open (see _check_workers)
            self._workers = list(self._pool._pool)  # type: ignore[attr-defined]

    def imap_unordered(
        self,
        fn: Callable[[Any, Any], Any],
        items: list[Any],
        idle: Callable[[], None] | None = None,
        every: float = 0.1,
    ) -> Iterator[Any]:
        """Results of ``fn(state, item)`` in the order they finish, one at a time.

        ``idle`` is called every ``every`` seconds while no result comes (one large file can
        take seconds): when it raises, the caller is stopped at once rather than after the
        next result."""
        tasks = ((fn, self.token, item) for item in items)
        results = self._pool.imap_unordered(_call, tasks, chunksize=1)
        while True:
            try:
                result = results.next(every)
            except StopIteration:
                return
            except multiprocessing.TimeoutError:
                self._check_workers()
                if idle is not None:
                    idle()
                continue
            yield result

    def _check_workers(self) -> None:
        """A worker that died (killed for memory, a crash in C) takes its task with it and
        ``multiprocessing.Pool`` would wait for that result forever: fail instead."""
        for process in self._workers:
            code = process.exitcode
            if code is not None:
                raise WorkerDied(f"a worker process died (exit code {code}): audit stopped")

    def terminate(self) -> None:
        self._pool.terminate()
        self._pool.join()

    def __enter__(self) -> Pool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if kind is None:
                self._pool.close()
                self._pool.join()
            else:
                self.terminate()
        finally:
            with _LOCK:
                _STATES.pop(self.token, None)
