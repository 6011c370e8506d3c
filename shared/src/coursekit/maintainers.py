"""The maintainers' check: a starter must offer exactly the reference's public API.

A learner writes bodies, not interfaces: if the starter's names or signatures drifted from
the reference, tests written for the reference would fail for reasons the learner cannot
fix. We compare parameter names, kinds and defaults (not annotation spelling, which varies
with `from __future__ import annotations`).
"""

from __future__ import annotations

import importlib
import inspect
import json
import re
import sys
from typing import Any

_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def _signature(obj: Any) -> str:
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return "<no signature>"
    parts = []
    for parameter in signature.parameters.values():
        default = "" if parameter.default is inspect.Parameter.empty else f"={parameter.default!r}"
        default = _ADDRESS.sub("", default)  # a function default's repr carries its address
        parts.append(f"{parameter.kind.name}:{parameter.name}{default}")
    kind = "async " if inspect.iscoroutinefunction(obj) or inspect.isasyncgenfunction(obj) else ""
    return kind + "(" + ", ".join(parts) + ")"


def _members(cls: type) -> dict[str, str]:
    """Public methods and properties a class defines itself or inherits from its own package."""
    home = cls.__module__.split(".")[0]
    found: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if klass.__module__.split(".")[0] != home:
            continue
        for name, value in vars(klass).items():
            if name.startswith("_") and name not in {"__init__", "__call__"}:
                continue
            if isinstance(value, property):
                found[name] = "property"
            elif isinstance(value, (staticmethod, classmethod)):
                found[name] = _signature(value.__func__)
            elif inspect.isfunction(value):
                found[name] = _signature(value)
    return found


def public_api(package: str) -> dict[str, Any]:
    """Everything `package.__all__` exports, with signatures, as comparable plain data."""
    module = importlib.import_module(package)
    api: dict[str, Any] = {}
    for name in sorted(getattr(module, "__all__", ())):
        value = getattr(module, name)
        if inspect.isclass(value):
            api[name] = {"class": _members(value)}
        elif callable(value):
            api[name] = _signature(value)
        else:
            api[name] = type(value).__name__
    return api


if __name__ == "__main__":
    print(json.dumps(public_api(sys.argv[1]), sort_keys=True))
