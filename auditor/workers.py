"""Worker processes of the engine: parsing files and building fix diffs across cores.

Where the platform can fork, the workers are forked after the state their tasks need (the
files to parse, or the project model and the hits to fix) is in place: a task is then an
index, the workers read the parent's data without it being pickled, and each result comes
back as soon as it is ready (progress moves per item).  Elsewhere the state is pickled once
into each worker.

Each worker has its own pipe and gets its next task when it hands back a result; there are
no queue threads or shared locks, so stopping is immediate and cannot hang: whatever stops
the caller early (a progress callback that raises to cancel the audit, KeyboardInterrupt)
kills the workers at once, a worker that dies is noticed at once (:class:`WorkerDied`), and
on Linux a worker also ends when the process that started it ends, however it ends.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from types import TracebackType
from typing import Any, cast

#: state of the pools alive in this process, by token (inherited by forked workers)
_STATES: dict[int, Any] = {}
#: the pools alive in this process (what :func:`kill_all` kills)
_POOLS: set[Pool] = set()
_TOKENS = itertools.count()
_LOCK = threading.Lock()


class WorkerDied(RuntimeError):
    """A worker process ended while it was working (killed for memory, a crash in C)."""


def _died(process: Any) -> WorkerDied:
    """The error for a worker that is gone (killed for memory, crashed), with its exit code."""
    process.join(1)
    return WorkerDied(f"a worker process died (exit code {process.exitcode}): audit stopped")


def can_fork() -> bool:
    """Whether workers can be forked (and so share the parent's state without pickling)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _die_with(parent: int) -> None:
    """End this worker when the process that started it ends, however it ends (killed with
    SIGKILL, the app closed with its terminal): Linux's parent-death signal."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (ImportError, OSError, AttributeError):
        return
    if os.getppid() != parent:  # it ended before the signal was asked for
        os._exit(1)


def _serve(conn: Connection, token: int, pickled: Any, parent: int, collect: bool) -> None:
    """A worker: run each ``(fn, item)`` received as ``fn(state, item)`` and send back
    ``(True, result)`` or ``(False, exception)``, until told to stop (None) or orphaned."""
    _die_with(parent)
    if collect:
        gc.freeze()  # what the fork inherited is never traversed (nor copied by a traversal)
    # ctrl+c reaches the whole process group: the parent stops the pool, workers just go
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 6000))
    shared = _STATES[token] if pickled is None else pickled
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        fn, item = task
        try:
            reply: tuple[bool, Any] = (True, fn(shared, item))
        except BaseException as exc:  # handed to the parent, which raises it
            reply = (False, exc)
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return
        except Exception as exc:  # an exception that does not pickle
            conn.send((False, RuntimeError(f"{exc.__class__.__name__}: {exc}")))
        if collect:
            del task, fn, item, reply
            gc.collect()
            _trim()


def _trim() -> None:
    """Hand the memory freed by the last task back to the system (glibc keeps it otherwise,
    and the next task's peak would stack on top of this one's)."""
    global _MALLOC_TRIM
    if _MALLOC_TRIM is None:
        _MALLOC_TRIM = False
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                _MALLOC_TRIM = ctypes.CDLL("libc.so.6").malloc_trim
            except (ImportError, OSError, AttributeError):  # not glibc (musl ...)
                pass
    if _MALLOC_TRIM:
        _MALLOC_TRIM(0)


#: glibc's ``malloc_trim`` once looked up; False where there is none
_MALLOC_TRIM: Any = None


def kill_all() -> None:
    """Kill every worker of this process now, from any thread, without waiting for the
    thread that runs the audit: for a front end that quits in the middle of an audit and ends
    the process at once.  (To cancel an audit and go on, raise from its progress callback:
    the pool kills and reaps its own workers.)  A thread still reading from a pool sees
    :class:`WorkerDied`; its pool reaps the workers as it unwinds."""
    with _LOCK:
        workers = [process for pool in _POOLS for process, _ in pool._workers]
    for process in workers:
        try:
            process.kill()
        except Exception:  # already reaped, or not started yet
            pass


class Pool:
    """``jobs`` worker processes that run ``fn(state, item)`` for each item.

    Use as a context manager; leaving it normally lets the workers exit, leaving it by an
    exception kills them first.
    """

    def __init__(self, jobs: int, shared: Any, collect: bool = False) -> None:
        """``collect``: collect the garbage cycles each task leaves (libcst's trees make
        them) in the worker after each task, the state inherited at the fork left out of
        every collection.  The audit runs with the collector off; a worker that builds and
        drops a large tree per task would otherwise grow by every tree it built."""
        fork = can_fork()
        ctx: Any = multiprocessing.get_context("fork" if fork else "spawn")
        self._workers: list[tuple[Any, Connection]] = []
        with _LOCK:
            self.token = next(_TOKENS)
            _STATES[self.token] = shared
            _POOLS.add(self)
        try:
            for _ in range(max(1, jobs)):
                mine, theirs = ctx.Pipe()
                process = ctx.Process(
                    target=_serve,
                    args=(theirs, self.token, None if fork else shared, os.getpid(), collect),
                    daemon=True,
                )
                process.start()
                theirs.close()
                self._workers.append((process, mine))
        except BaseException:
            self.terminate()
            with _LOCK:
                _STATES.pop(self.token, None)
                _POOLS.discard(self)
            raise

    def imap_unordered(
        self,
        fn: Callable[[Any, Any], Any],
        items: list[Any],
        idle: Callable[[], None] | None = None,
        every: float = 0.1,
        ahead: int = 2,
    ) -> Iterator[Any]:
        """Results of ``fn(state, item)`` in the order they finish, one at a time; the next
        item goes to whichever worker is free (the items' order is the order they start).

        Each worker holds up to ``ahead`` items (its next one waits in its pipe, handed out
        in turns: with fewer items than workers each gets one): a worker that hands back a
        result goes on at once, without waiting for this process to read the result and
        send another item (this process unpickles results and builds on them meanwhile).

        ``idle`` is called every ``every`` seconds while no result comes (one large file can
        take seconds): when it raises, the caller is stopped at once rather than after the
        next result.  An exception in ``fn`` is raised here."""
        todo = iter(items)

        def send(process: Any, conn: Connection, item: Any) -> None:
            try:
                conn.send((fn, item))
            except OSError:  # ``BrokenPipeError``: the worker died with an item in flight
                raise _died(process) from None

        busy: dict[Connection, Any] = {}
        held: dict[Connection, int] = {}  # items sent to a worker and not answered yet
        ended = False
        for _ in range(max(1, ahead)):
            for process, conn in self._workers:
                item = next(todo, _END)
                if item is _END:
                    ended = True
                    break
                send(process, conn, item)
                busy[conn] = process
                held[conn] = held.get(conn, 0) + 1
            if ended:
                break
        while busy:
            ready = wait(list(busy), timeout=every)
            if not ready:
                if idle is not None:
                    idle()
                continue
            for ready_conn in ready:
                conn = cast(Connection, ready_conn)
                process = busy[conn]
                try:
                    ok, value = conn.recv()
                except (EOFError, OSError):
                    raise _died(process) from None
                if not ok:
                    raise value
                item = next(todo, _END)
                if item is _END:
                    held[conn] -= 1
                    if not held[conn]:
                        del busy[conn]
                else:
                    send(process, conn, item)
                yield value

    def terminate(self) -> None:
        """Kill the workers now and reap them."""
        for process, _ in self._workers:
            if process.exitcode is None:
                process.kill()
        for process, conn in self._workers:
            process.join()
            conn.close()
        self._workers = []

    def _close(self) -> None:
        for _, conn in self._workers:
            try:
                conn.send(None)
            except (OSError, ValueError):
                pass
        for process, conn in self._workers:
            process.join(5)
            if process.exitcode is None:
                process.kill()
                process.join()
            conn.close()
        self._workers = []

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
                self._close()
            else:
                self.terminate()
        finally:
            with _LOCK:
                _STATES.pop(self.token, None)
                _POOLS.discard(self)


_END = object()
