"""Helpers for data deeper than Python's stack: built and compared without recursion."""

from __future__ import annotations

from typing import Any


def shape(value: Any) -> list[Any]:
    """A value as a flat list of tokens, built with an explicit stack: comparable with == however
    deep the value is (== on nested lists recurses), nan equal to nan."""
    tokens: list[Any] = []
    todo = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            tokens.append("{")
            todo.append("}")
            for key, inner in reversed(list(item.items())):
                todo += [inner, ("key", key)]
        elif isinstance(item, list | tuple | set | frozenset):
            tokens.append(type(item).__name__)
            todo.append("end")
            todo += reversed(list(item))
        else:
            tokens.append("nan" if isinstance(item, float) and item != item else item)
    return tokens


def nested(depth: int, kind: str) -> Any:
    """1 inside `depth` lists (kind "list") or one-key dicts (kind "dict")."""
    value: Any = 1
    for _ in range(depth):
        value = [value] if kind == "list" else {"k": value}
    return value
