"""The practice catalogue: one module per check (see ``auditor.check.Check``).

``all_checks()`` discovers every ``Check`` subclass defined in this package's modules,
ordered by ID.  Adding a check is adding a module; nothing else needs registering.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from auditor.check import Check


@lru_cache(maxsize=1)
def all_checks() -> tuple[type[Check], ...]:
    found: dict[str, type[Check]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, Check)
                and obj is not Check
                and obj.__module__ == module.__name__
            ):
                if obj.id in found:
                    raise RuntimeError(f"duplicate check id {obj.id} in {module.__name__}")
                found[obj.id] = obj
    return tuple(found[k] for k in sorted(found))


def by_id() -> dict[str, type[Check]]:
    return {c.id: c for c in all_checks()}
