"""Validators for single values: the lax-mode coercion table, strict mode, and constraints.

Each `*_validator` factory runs once per annotation and returns a small closure. The closure
tests the common case first (`type(v) is int`) and only then walks the coercion table, so
valid input costs one comparison.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any
from uuid import UUID

from minipydantic.errors import Invalid, Validator, error

__all__ = [
    "any_validator",
    "bool_validator",
    "bytes_validator",
    "decimal_validator",
    "enum_validator",
    "expected_text",
    "float_validator",
    "int_validator",
    "is_instance_validator",
    "literal_validator",
    "none_validator",
    "str_validator",
    "uuid_validator",
    "with_number_constraints",
]

_INT64_LIMIT = 2.0**63
_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"0", "off", "f", "false", "n", "no"})


def any_validator(value: Any) -> Any:
    raise NotImplementedError("Accept any value unchanged.")


def none_validator(value: Any) -> None:
    raise NotImplementedError("Accept only None, else raise a none_required error.")


def with_number_constraints(base: Validator, constraints: dict[str, Any], cast: Any) -> Validator:
    """Add gt/ge/lt/le/multiple_of checks after `base`, in the order Pydantic reports them."""
    raise NotImplementedError(
        "Add gt/ge/lt/le/multiple_of checks after `base`, in the order Pydantic reports them."
    )


_NUMBER_ERRORS = {
    "multiple_of": "multiple_of",
    "le": "less_than_equal",
    "lt": "less_than",
    "ge": "greater_than_equal",
    "gt": "greater_than",
}


def int_validator(strict: bool, constraints: dict[str, Any]) -> Validator:
    raise NotImplementedError(
        "Return a closure: exact ints pass, else the lax table (bool, integral float,"
        " numeric str) or strict, then constraints."
    )


def float_validator(strict: bool, constraints: dict[str, Any]) -> Validator:
    raise NotImplementedError(
        "Return a closure: floats pass, ints/numeric strings convert (lax), then constraints."
    )


def bool_validator(strict: bool, constraints: dict[str, Any]) -> Validator:
    raise NotImplementedError(
        "Return a closure accepting bools, 0/1 and the strings true/false/yes/no/on/off/t/f/y/n/1/0."
    )


def str_validator(strict: bool, constraints: dict[str, Any], strip: bool = False) -> Validator:
    raise NotImplementedError(
        "Return a closure: str passes, bytes decode (lax), then strip, length and pattern checks."
    )


def bytes_validator(strict: bool, constraints: dict[str, Any]) -> Validator:
    raise NotImplementedError(
        "Return a closure: bytes pass, bytearray and str convert (lax), then length checks."
    )


def decimal_validator(strict: bool, constraints: dict[str, Any]) -> Validator:
    raise NotImplementedError(
        "Return a closure converting int, float and str to Decimal, rejecting NaN and infinity."
    )


_HEX = frozenset("0123456789abcdefABCDEF")
_GROUPS = (8, 4, 4, 4, 12)


def uuid_validator(strict: bool, constraints: dict[str, Any]) -> Validator:
    raise NotImplementedError(
        "Return a closure parsing 32-hex or hyphenated UUID strings, explaining malformed ones."
    )


def expected_text(values: list[Any]) -> str:
    """ "'a' or 'b'", "'a', 'b' or 'c'": how Pydantic lists the allowed values."""
    raise NotImplementedError("\"'a' or 'b'\", \"'a', 'b' or 'c'\": how Pydantic lists the allowed values.")


def literal_validator(values: tuple[Any, ...]) -> Validator:
    raise NotImplementedError(
        "Return a closure accepting exactly the listed values (same type too), else literal_error."
    )


def enum_validator(enum_cls: type[Enum], strict: bool) -> Validator:
    raise NotImplementedError(
        "Return a closure mapping a member or a member value to the member, else an enum error."
    )


def is_instance_validator(cls: type) -> Validator:
    raise NotImplementedError("Return a closure accepting instances of cls, else is_instance_of.")
