"""Module-level regular expressions compiled on first use, not at import.

The checks and the engine hold ~230 module-level patterns; compiling them all at import was
~75 ms of CPU on every start (a warm ``auditor audit --format json`` is ~450 ms), most of
them for checks a warm run replays from the cache without running.  ``lazy_compile``
returns a stand-in that compiles the pattern the first time one of its attributes is read
and then keeps that attribute (``search``, ``sub``, ``pattern``...) on itself, so later
reads are plain attribute look-ups of the compiled pattern's bound methods.

The stand-in is for patterns used through their attributes only: it is not a ``re.Pattern``
(``isinstance``, ``re.sub(PATTERN, ...)`` and ``==`` against a real pattern need the real one).
"""

from __future__ import annotations

import re
from typing import Any, AnyStr, cast


class _LazyPattern:
    def __init__(self, pattern: str | bytes, flags: int) -> None:
        self.__dict__["_args"] = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        # only attributes not on the instance yet get here; dunders (copy, pickle) stay missing
        if name.startswith("__") or name == "_args":
            raise AttributeError(name)
        value = getattr(re.compile(*self.__dict__["_args"]), name)
        self.__dict__[name] = value
        return value

    def __repr__(self) -> str:
        pattern, flags = self.__dict__["_args"]
        return repr(re.compile(pattern, flags))


def lazy_compile(pattern: AnyStr, flags: int | re.RegexFlag = 0) -> re.Pattern[AnyStr]:
    """``re.compile(pattern, flags)``, compiled when first used (see the module's docstring)."""
    return cast("re.Pattern[AnyStr]", _LazyPattern(pattern, int(flags)))
