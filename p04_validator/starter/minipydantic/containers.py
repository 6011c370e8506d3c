"""list, tuple, set, frozenset and dict: validate the container, then every item in it.

An item's error is located by its index (or by its key, with "[key]" when the key itself is
wrong), so `loc` points into the input. Every item is validated, so one response lists every
bad item, as Pydantic reports them; a `try` inside the loop costs nothing until it catches.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from minipydantic.errors import ErrorDetails, Invalid, Validator, error, prefix
from minipydantic.scalars import any_validator

__all__ = ["dict_validator", "sequence_validator", "tuple_validator"]

_NOT_SEQUENCES = (str, bytes, bytearray, Mapping)
_NAMES: dict[type, str] = {
    list: "List",
    tuple: "Tuple",
    set: "Set",
    frozenset: "Frozenset",
    dict: "Dictionary",
}
_TYPE_ERRORS: dict[type, str] = {
    list: "list_type",
    tuple: "tuple_type",
    set: "set_type",
    frozenset: "frozen_set_type",
}


def sequence_validator(kind: type, item: Validator, strict: bool, constraints: dict[str, Any]) -> Validator:
    """list[X], set[X], frozenset[X] and tuple[X, ...]: one validator for every item."""
    raise NotImplementedError(
        "(milestone 3) Return a validator for list[X], set[X], frozenset[X] or tuple[X, ...]: a fitting "
        "iterable in, every item checked and errors located by index, then the length limits."
    )


def tuple_validator(positions: list[Validator], strict: bool, constraints: dict[str, Any]) -> Validator:
    """tuple[X, Y]: one validator per position; missing positions and extra items are errors."""
    raise NotImplementedError(
        "(milestone 3) Return a validator for tuple[X, Y]: one item per position; missing positions and "
        "extra items are errors."
    )


def dict_validator(key: Validator, item: Validator, strict: bool, constraints: dict[str, Any]) -> Validator:
    raise NotImplementedError(
        "(milestone 3) Return a validator for dict[K, V]: a mapping in, every key and value checked and "
        "errors located by key, then the size limits."
    )
