"""Run the same thing with minipydantic and with Pydantic, and compare the outcomes."""

from __future__ import annotations

import math
from typing import Any

import pydantic

import minipydantic

LIBS = {"mini": minipydantic, "real": pydantic}


def plain(value: Any) -> Any:
    """A comparable form of a validated value: models dumped, URLs as text, nan made equal."""
    if hasattr(value, "model_dump"):
        return (type(value).__name__, plain(value.model_dump()))
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(plain(v) for v in value)
    if isinstance(value, set | frozenset):
        return type(value)(plain(v) for v in value)
    if type(value).__name__ in ("AnyUrl", "HttpUrl"):
        return ("url", str(value))
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    return value


def entries(error: Exception) -> list[dict[str, Any]]:
    """Error entries without Pydantic's `url`, exceptions in ctx shown as text."""
    found = []
    for entry in error.errors():  # type: ignore[attr-defined]
        entry = {k: v for k, v in entry.items() if k != "url"}
        if "ctx" in entry:
            entry["ctx"] = {k: str(v) if isinstance(v, Exception) else v for k, v in entry["ctx"].items()}
        entry["input"] = plain(entry["input"])
        found.append(entry)
    return found


def outcome(lib: Any, action: Any) -> tuple[str, Any]:
    """("ok", value) or ("error", entries): the only exception allowed is ValidationError."""
    try:
        return "ok", plain(action())
    except lib.ValidationError as error:
        return "error", entries(error)


def assert_same(action_for: Any) -> tuple[str, Any]:
    """Run `action_for(lib)` with both libraries and require identical outcomes."""
    mine = outcome(minipydantic, lambda: action_for(minipydantic))
    real = outcome(pydantic, lambda: action_for(pydantic))
    assert mine == real, f"\nminipydantic: {mine}\npydantic:     {real}"
    return mine
