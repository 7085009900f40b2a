"""Quick pickling for the slotted dataclasses the module pass hands between processes.

Every module's facts (:class:`auditor.facts.ModuleFacts`: its functions, parameters, call
sites, imports, hits ...) are pickled in a worker, unpickled in the audit process and written
to the facts cache: a large application has millions of these records.  A ``slots=True``
dataclass pickles through its generated ``__getstate__`` / ``__setstate__``, which call
``dataclasses.fields()`` and set each field one by one in Python for every record.
:func:`pickled_by_fields` pickles a record as its class and its field values in field order
instead: one C-level ``attrgetter`` call to save it, one ``__init__`` call to load it
(a third less time each way, a quarter fewer bytes on litellm).

The records of the project model itself (``Function``, ``Param``, ``CallSite``, ``Import``
...) are msgspec Structs now, pickled and built in C and not tracked by the cyclic collector;
what is left here is :class:`auditor.check.Hit` (which the checks copy with
``dataclasses.replace``) and the one ``ModuleFacts`` of each module.
"""

from __future__ import annotations

import dataclasses
import io
import operator
import pickle
from typing import Any, TypeVar

T = TypeVar("T")


def pickled_by_fields(cls: type[T]) -> type[T]:
    """Pickle (and copy) instances of the dataclass ``cls`` as ``cls(*field values)``.

    Only for a dataclass whose ``__init__`` takes every field, in order, and does nothing
    else (no ``init=False`` field, no ``__post_init__``), and which is not subclassed."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if len(fields) < 2 or not all(f.init for f in fields) or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: not a record pickled_by_fields can rebuild")
    values = operator.attrgetter(*(f.name for f in fields))  # a tuple: two fields or more

    def __reduce__(self: Any) -> tuple[type[T], tuple[Any, ...]]:
        return cls, values(self)

    __reduce__.__qualname__ = f"{cls.__qualname__}.__reduce__"
    setattr(cls, "__reduce__", __reduce__)  # noqa: B010 (mypy: no assignment to a method)
    return cls


# -- one object per text across modules ---------------------------------------------------------
#
# Each module's facts are pickled on their own (in a worker, and so in the cache), so a text
# that many modules hold (``"str"``, ``"self"``, ``"builtins.dict"``, a check's message) came
# back as one object per module: on litellm 776k text objects for 257k distinct texts, 40 MB
# of copies.  The facts are pickled with every text as a persistent id, and the audit process
# loads them through one table for the whole parse: the first module to bring a text keeps
# its object, later modules share it.


def _text_id(obj: object) -> str | None:
    return obj if type(obj) is str else None


def dump_facts(facts: object) -> bytes:
    """``facts`` pickled with each text as a persistent id (see :class:`FactsLoader`)."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, pickle.HIGHEST_PROTOCOL)
    pickler.persistent_id = _text_id  # type: ignore[method-assign]
    pickler.dump(facts)
    return buf.getvalue()


class _Texts(dict[str, str]):
    def __missing__(self, text: str) -> str:
        self[text] = text
        return text


class FactsLoader:
    """Loads what :func:`dump_facts` wrote, one object per distinct text across every load
    of this loader (drop the loader when the loads are done: the facts keep the texts)."""

    def __init__(self) -> None:
        self._texts = _Texts()

    def load(self, data: bytes) -> Any:
        unpickler = pickle.Unpickler(io.BytesIO(data))
        unpickler.persistent_load = self._texts.__getitem__  # type: ignore[method-assign]
        return unpickler.load()
