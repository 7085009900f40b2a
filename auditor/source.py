"""Reading Python source: bytes -> AST, with a clear message for everything that can go wrong.

Detection runs on the stdlib ``ast``.  A file the running interpreter cannot parse is
retried with libcst's native parser, which knows newer grammars whatever Python runs it
(PEP 695, 701, 750, 758), and lowered to this interpreter's ``ast``
(:mod:`auditor.lowering`): the walker and every check read it as if the interpreter knew
the syntax.  A file libcst cannot parse either is a real syntax error, reported, never raised.

libcst's native parser runs in a helper process: on hostile input (thousands of nested
brackets or operators) it can exhaust its stack and kill the process that runs it, or take
minutes and gigabytes.  The helper is started on the first such file, reused for the next
ones, given a time and memory budget per file, and started again when it dies.  Files the
stdlib parses never reach it.
"""

from __future__ import annotations

import ast
import atexit
import io
import math
import os
import pickle
import signal
import struct
import subprocess
import sys
import threading
import tokenize
import warnings
from collections.abc import Collection
from pathlib import Path
from typing import IO, Any, AnyStr


class SourceProblem(Exception):
    """The file cannot be audited; ``str(exc)`` is the message for the report."""


def module_name(path: str) -> tuple[str, bool]:
    """Dotted module name of a repository path, and whether it is a package ``__init__``."""
    parts = path[:-3].split("/") if path.endswith(".py") else path.split("/")
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(p.replace("-", "_") for p in parts) or "__init__", is_package


#: :func:`may_mention` tests at most this many words one by one: each is one scan of the text
#: at memory speed (measured on litellm's 43 MB: 10 ms a word, where one ``\b(?:a|b)\b``
#: pass takes 300 ms on bytes and 780 ms on text, however many words it has).
MENTION_TEST_WORDS = 16


def may_mention(data: AnyStr, words: Collection[AnyStr]) -> bool:
    """False only when no word of ``words`` occurs anywhere in ``data``, so that no search
    for one of them (``\\b(?:a|b)\\b``) can match: a plain substring test scans a large file
    many times faster than a regex alternation, which is tried at every position.  Always
    True for more than :data:`MENTION_TEST_WORDS` words."""
    return len(words) > MENTION_TEST_WORDS or any(w in data for w in words)


def decode(data: bytes) -> str:
    """Decode like Python does (BOM, PEP 263 cookie); SourceProblem if it cannot."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        raise SourceProblem(f"cannot decode: {exc.msg if hasattr(exc, 'msg') else exc}") from None
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise SourceProblem(
            f"cannot decode as {encoding}: {exc.__class__.__name__} at byte {getattr(exc, 'start', '?')}"
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def parse(data: bytes, path: str) -> ast.Module:
    """Parse ``data`` with the stdlib parser, or, when it rejects the file, with libcst's
    (newer grammars); SourceProblem with a clear message when neither can."""
    if b"\0" in data:
        raise SourceProblem("binary file (NUL bytes): not parsed")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(data, filename=path, type_comments=False)
    except SyntaxError as exc:
        error = exc
    except (RecursionError, MemoryError):
        raise SourceProblem("too deeply nested to parse: skipped") from None
    except ValueError as exc:  # e.g. source with null bytes in odd places
        raise SourceProblem(f"cannot parse: {exc}") from None
    return _parse_newer(data, error)


def parse_text(text: str, path: str = "<source>") -> ast.Module:
    """:func:`parse` for decoded source (a fixer's input or output); SourceProblem if it
    does not parse."""
    return parse(text.encode("utf-8", "surrogatepass"), path)


#: Errors of the tokenizer's own limits: no Python accepts such a file, no need to retry.
_LIMITS = ("too many nested parentheses", "too many levels of indentation")


def _parse_newer(data: bytes, error: SyntaxError) -> ast.Module:
    text = _try_decode(data)
    if text is None:
        raise SourceProblem(f"cannot decode: {error.msg}") from None
    where = f"line {error.lineno}" if error.lineno else "unknown line"
    if any(limit in str(error.msg) for limit in _LIMITS):
        raise SourceProblem(f"syntax error at {where}: {error.msg}")
    try:
        return _LOWERING.lower(text)
    except SyntaxError as exc:
        if exc.lineno is not None and exc.lineno != error.lineno:
            # libcst parsed it, but Python rejects something else than the stdlib's first
            # error (which was newer syntax): an invalid literal, mixed string kinds...
            raise SourceProblem(f"syntax error at line {exc.lineno}: {exc.msg}") from None
        raise SourceProblem(f"syntax error at {where}: {error.msg}") from None
    except _GaveUp as exc:
        raise SourceProblem(
            f"not audited: Python {sys.version_info.major}.{sys.version_info.minor} cannot parse "
            f"it ({where}: {error.msg}) and the parser for newer syntax gave up ({exc})"
        ) from None


def _try_decode(data: bytes) -> str | None:
    try:
        return decode(data)
    except SourceProblem:
        return None


# -- libcst in a helper process ---------------------------------------------------------------------


class _Rejected(SyntaxError):
    """Not Python: libcst does not parse it either, or parses what Python rejects."""


class _GaveUp(Exception):
    """The helper ran out of time or memory, or died (a native stack overflow)."""


#: Budget of the helper per file: seconds of CPU time (a base plus a share per size) and
#: address space.  The budget is CPU time, enforced in the helper with ``RLIMIT_CPU``, so
#: that whether a file is audited does not depend on how loaded the machine is: a wall-clock
#: budget gave up on ordinary files when other audits shared the cores.
_SECONDS = 10.0
_SECONDS_PER_MB = 60.0
_MEMORY = 3 * 1024**3
#: How long to wait, in wall-clock time, per second of CPU budget, where the helper's CPU
#: time is limited (a starved helper gets a small share of a core); where it is not
#: (no ``resource`` module), the budget is wall-clock time.
_WALL_PER_CPU_SECOND = 30.0
#: The helper's worker thread: deep but legal nesting must not overflow the native stack.
_STACK = 256 * 1024**2
#: A request: the text's size and the CPU budget (seconds); a reply: the pickle's size.
_REQUEST = struct.Struct("<Qd")
_HEADER = struct.Struct("<Q")


def _limits_cpu() -> bool:
    """Whether the helper can be held to a CPU budget (``RLIMIT_CPU``, POSIX)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return False
    return hasattr(resource, "RLIMIT_CPU")


class _Helper:
    """One ``python -P -c ...`` child serving lowering requests over its stdin/stdout."""

    def __init__(self) -> None:
        self.pid = os.getpid()  # a forked worker must not share its parent's helper
        package_root = str(Path(__file__).resolve().parent.parent)
        code = (
            "import sys; sys.path.insert(0, sys.argv[1]); "
            "from auditor.source import _serve; _serve()"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-P", "-c", code, package_root],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )

    def request(self, text: str, budget: float) -> Any:
        """Lower ``text`` within ``budget`` seconds of the helper's CPU time (of wall-clock
        time where CPU time cannot be limited)."""
        process = self.process
        assert process.stdin is not None and process.stdout is not None
        payload = text.encode("utf-8", "surrogatepass")
        reply: list[bytes] = []
        reader = threading.Thread(target=_read_reply, args=(process.stdout, reply), daemon=True)
        try:
            process.stdin.write(_REQUEST.pack(len(payload), budget) + payload)
            process.stdin.flush()
        except OSError:
            self.close()
            raise _GaveUp("the parser process died") from None
        cpu = _limits_cpu()
        reader.start()
        reader.join(budget * _WALL_PER_CPU_SECOND if cpu else budget)
        if reader.is_alive():
            self.close()
            reader.join()
            raise _GaveUp(f"no result in {budget:.0f} s" + ("" if cpu else " (wall-clock)"))
        if not reply:
            try:
                over = process.wait(5) == -getattr(signal, "SIGXCPU", 0)
            except subprocess.TimeoutExpired:
                over = False
            self.close()
            if over:
                raise _GaveUp(f"no result in {budget:.0f} s of CPU time")
            raise _GaveUp("the parser process died (too deeply nested, or out of memory)")
        return pickle.loads(reply[0])

    def alive(self) -> bool:
        return self.pid == os.getpid() and self.process.poll() is None

    def close(self) -> None:
        if self.pid != os.getpid():
            return
        try:
            self.process.kill()
            self.process.wait()
        except OSError:  # pragma: no cover - already gone
            pass
        for stream in (self.process.stdin, self.process.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:  # pragma: no cover
                pass


def _read_reply(stream: IO[bytes], out: list[bytes]) -> None:
    try:
        header = stream.read(_HEADER.size)
        if len(header) == _HEADER.size:
            (size,) = _HEADER.unpack(header)
            body = stream.read(size)
            if len(body) == size:
                out.append(body)
    except (OSError, ValueError):
        pass


class _Lowering:
    """The helper, started on first use (one per process) and again after it dies."""

    def __init__(self) -> None:
        self.helper: _Helper | None = None
        self.lock = threading.Lock()

    def lower(self, text: str) -> ast.Module:
        budget = _SECONDS + _SECONDS_PER_MB * len(text) / 1e6
        with self.lock:
            helper = self.helper
            if helper is None or not helper.alive():
                helper = self.helper = _Helper()
            kind, *rest = helper.request(text, budget)
        if kind == "ok":
            tree: ast.Module = rest[0]
            return tree
        if kind == "syntax":
            message, lineno = rest
            err = _Rejected(message)
            err.lineno = lineno
            raise err
        raise _GaveUp(rest[0])

    def close(self) -> None:
        with self.lock:
            if self.helper is not None:
                self.helper.close()
                self.helper = None


_LOWERING = _Lowering()
atexit.register(_LOWERING.close)


def _serve() -> None:  # pragma: no cover - runs in the helper process (tested through it)
    """The helper's loop: read a source, answer ("ok", tree) / ("syntax", msg, line) /
    ("gave-up", reason)."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (_MEMORY, _MEMORY))
    except (ImportError, ValueError, OSError):
        pass
    sys.setrecursionlimit(100_000)
    threading.stack_size(_STACK)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        header = stdin.read(_REQUEST.size)
        if len(header) < _REQUEST.size:
            return
        size, budget = _REQUEST.unpack(header)
        text = stdin.read(size).decode("utf-8", "surrogatepass")
        _hold_to(budget)
        answer: list[bytes] = []
        worker = threading.Thread(target=_lower_one, args=(text, answer))  # the deep stack
        worker.start()
        worker.join()
        body = answer[0] if answer else pickle.dumps(("gave-up", "the parser failed"))
        stdout.write(_HEADER.pack(len(body)) + body)
        stdout.flush()


def _hold_to(budget: float) -> None:  # pragma: no cover - runs in the helper process
    """Let the helper use ``budget`` more seconds of CPU time from now: past them the kernel
    stops it with ``SIGXCPU`` (whose default action ends the process, even inside libcst's
    native parser, where a Python signal handler would not run)."""
    try:
        import resource

        usage = resource.getrusage(resource.RUSAGE_SELF)
        used = usage.ru_utime + usage.ru_stime
        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        soft = math.ceil(used + budget)
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    except (ImportError, AttributeError, ValueError, OSError):
        pass


def _lower_one(text: str, answer: list[bytes]) -> None:  # pragma: no cover - in the helper
    """Lower ``text`` and pickle the answer (pickling a deep tree needs the deep stack too)."""
    from auditor.lowering import lower

    result: tuple[Any, ...]
    try:
        result = ("ok", lower(text))
    except SyntaxError as exc:
        result = ("syntax", str(exc.msg), exc.lineno)
    except RecursionError:
        result = ("gave-up", "too deeply nested")
    except MemoryError:
        result = ("gave-up", "out of memory")
    except Exception as exc:  # a lowering bug must not take the audit down
        result = ("gave-up", f"{exc.__class__.__name__}: {exc}")
    try:
        answer.append(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    except (RecursionError, MemoryError, pickle.PicklingError) as exc:
        answer.append(pickle.dumps(("gave-up", f"too deeply nested ({exc.__class__.__name__})")))
