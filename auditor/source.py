"""Reading Python source: bytes -> AST, with a clear message for everything that can go wrong.

Detection runs on the stdlib ``ast``.  A file the running interpreter cannot parse is
retried with libcst's parser (which knows newer grammars) to tell a real syntax error
from syntax newer than this interpreter; both are reported, never raised.
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
import warnings


class SourceProblem(Exception):
    """The file cannot be audited; ``str(exc)`` is the message for the report."""


def module_name(path: str) -> tuple[str, bool]:
    """Dotted module name of a repository path, and whether it is a package ``__init__``."""
    parts = path[:-3].split("/") if path.endswith(".py") else path.split("/")
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(p.replace("-", "_") for p in parts) or "__init__", is_package


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
    """Parse ``data`` with the stdlib parser; SourceProblem with a clear message on failure."""
    if b"\0" in data:
        raise SourceProblem("binary file (NUL bytes): not parsed")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(data, filename=path, type_comments=False)
    except SyntaxError as exc:
        text = _try_decode(data)
        if text is None:
            raise SourceProblem(f"cannot decode: {exc.msg}") from None
        where = f"line {exc.lineno}" if exc.lineno else "unknown line"
        if _newer_syntax(text):
            v = sys.version_info
            raise SourceProblem(
                f"not audited: Python {v.major}.{v.minor} (the auditor's interpreter) cannot parse it "
                f"({where}: {exc.msg}), but a newer Python grammar can; run the auditor on a newer Python"
            ) from None
        raise SourceProblem(f"syntax error at {where}: {exc.msg}") from None
    except (RecursionError, MemoryError):
        raise SourceProblem("too deeply nested to parse: skipped") from None
    except ValueError as exc:  # e.g. source with null bytes in odd places
        raise SourceProblem(f"cannot parse: {exc}") from None


def _try_decode(data: bytes) -> str | None:
    try:
        return decode(data)
    except SourceProblem:
        return None


def _newer_syntax(text: str) -> bool:
    """True when libcst (newer grammar) parses what this interpreter's ``ast`` cannot."""
    try:
        import libcst
    except ImportError:  # pragma: no cover - a declared dependency
        return False
    try:
        libcst.parse_module(text)
    except Exception:
        return False
    return True
