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

_MISSING: Any = object()
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


def _items(value: Any, kind: type, strict: bool) -> Any:
    """The input as something we can iterate over twice, or the container type error."""
    if strict and type(value) is not kind:
        raise error(_TYPE_ERRORS[kind], value)
    if isinstance(value, list | tuple | set | frozenset):
        return value
    if isinstance(value, Iterable) and not isinstance(value, _NOT_SEQUENCES):
        return list(value)
    raise error(_TYPE_ERRORS[kind], value)


def _too_long(kind: type, value: Any, limit: int, actual: int | None) -> Invalid:
    ctx = {"field_type": _NAMES[kind], "max_length": limit, "actual_length": actual}
    return error("too_long", value, ctx)


def _check_min(kind: type, value: Any, result: Any, limit: int | None) -> None:
    if limit is not None and len(result) < limit:
        ctx = {"field_type": _NAMES[kind], "min_length": limit, "actual_length": len(result)}
        raise error("too_short", value, ctx)


def _each(item: Validator, items: Any) -> list[Any]:
    """`[item(x) for x in items]`, with every failing item's errors located at its index.

    `map` runs the loop in C, and `list.extend` keeps each result as it comes: when an item
    fails, `result` holds the ones before it, so `len(result)` is its index. The items after
    it are still validated, for their errors; none is validated twice."""
    result: list[Any] = []
    rest = iter(items)
    try:
        result.extend(map(item, rest))
    except Invalid as invalid:
        raise _failures(invalid, item, len(result), rest) from None
    return result


def _failures(first: Invalid, item: Validator, index: int, rest: Any) -> Invalid:
    """Item `index` failed with `first`: validate the `rest` too, and locate every error."""
    errors = prefix(first.errors, index)
    for later, element in enumerate(rest, index + 1):
        try:
            item(element)
        except Invalid as invalid:
            errors += prefix(invalid.errors, later)
    return Invalid(errors)


def sequence_validator(kind: type, item: Validator, strict: bool, constraints: dict[str, Any]) -> Validator:
    """list[X], set[X], frozenset[X] and tuple[X, ...]: one validator for every item."""
    min_length, max_length = constraints.get("min_length"), constraints.get("max_length")
    build: Any = kind if kind is not list else None

    def validate_sequence(value: Any) -> Any:
        items: Any = value if type(value) is kind else _items(value, kind, strict)
        if max_length is not None and len(items) > max_length and kind in (list, tuple):
            raise _too_long(kind, value, max_length, len(items))
        if item is any_validator:
            result = list(items) if build is None else build(items)
        else:
            result = _each(item, items)
            if build is not None:
                result = build(result)
        if max_length is not None and len(result) > max_length:
            raise _too_long(kind, value, max_length, len(result))
        _check_min(kind, value, result, min_length)
        return result

    if kind is not list or min_length is not None or max_length is not None or item is any_validator:
        return validate_sequence

    def validate_list(value: Any) -> list[Any]:
        """The common case, `list[X]` with no length limits, given a list: `_each` inline."""
        if type(value) is not list:
            converted: list[Any] = validate_sequence(value)
            return converted
        result: list[Any] = []
        rest = iter(value)
        try:
            result.extend(map(item, rest))
        except Invalid as invalid:
            raise _failures(invalid, item, len(result), rest) from None
        return result

    return validate_list


def tuple_validator(positions: list[Validator], strict: bool, constraints: dict[str, Any]) -> Validator:
    """tuple[X, Y]: one validator per position; missing positions and extra items are errors."""
    size = len(positions)

    def validate_tuple(value: Any) -> tuple[Any, ...]:
        items = _items(value, tuple, strict)
        if not isinstance(items, list | tuple):
            items = list(items)
        if len(items) > size:
            raise _too_long(tuple, value, size, len(items))
        result: list[Any] = []
        errors: list[ErrorDetails] = []
        for index, check in enumerate(positions):
            if index >= len(items):
                errors.append({"type": "missing", "loc": (index,), "msg": "Field required", "input": value})
                continue
            try:
                result.append(check(items[index]))
            except Invalid as invalid:
                errors += prefix(invalid.errors, index)
        if errors:
            raise Invalid(errors)
        return tuple(result)

    return validate_tuple


def dict_validator(key: Validator, item: Validator, strict: bool, constraints: dict[str, Any]) -> Validator:
    min_length, max_length = constraints.get("min_length"), constraints.get("max_length")
    plain = key is any_validator and item is any_validator

    def validate_dict(value: Any) -> dict[Any, Any]:
        if type(value) is not dict and (strict or not isinstance(value, Mapping)):
            raise error("dict_type", value)
        if max_length is not None and len(value) > max_length:
            raise _too_long(dict, value, max_length, None)
        if plain:
            result = dict(value)
        else:
            result = {}
            errors: list[ErrorDetails] = []
            for raw_key, raw_item in value.items():
                good_key = _MISSING
                try:
                    good_key = key(raw_key)
                except Invalid as invalid:
                    errors += prefix(prefix(invalid.errors, "[key]"), raw_key)
                try:  # a bad key does not stop the value's check: Pydantic reports both
                    good_item = item(raw_item)
                except Invalid as invalid:
                    errors += prefix(invalid.errors, raw_key)
                else:
                    if good_key is not _MISSING:
                        result[good_key] = good_item
            if errors:
                raise Invalid(errors)
        _check_min(dict, value, result, min_length)
        return result

    return validate_dict
