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

from minipydantic.constraints import with_number_constraints
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
    "with_number_constraints",
]

_INT64_LIMIT = 2.0**63
_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"0", "off", "f", "false", "n", "no"})


def any_validator(value: Any) -> Any:
    raise NotImplementedError("(milestone 3) Accept any value as it is.")


def none_validator(value: Any) -> None:
    raise NotImplementedError("(milestone 2) Accept None only; anything else is a none_required error.")


def int_validator(strict: bool, constraints: dict[str, Any]) -> Validator:
    raise NotImplementedError(
        "(milestone 2) Return a validator for int: exact ints pass; in lax mode bools, whole floats and "
        "Decimals, and integer text convert; then the constraints."
    )


def float_validator(strict: bool, constraints: dict[str, Any]) -> Validator:
    raise NotImplementedError(
        "(milestone 2) Return a validator for float: floats pass; ints, Decimals and (lax mode) numeric "
        "text convert; then the constraints."
    )


def bool_validator(strict: bool, constraints: dict[str, Any]) -> Validator:
    raise NotImplementedError(
        "(milestone 2) Return a validator for bool: True and False pass; in lax mode 0 and 1 and words "
        "such as 'yes' and 'off' convert."
    )


def str_validator(strict: bool, constraints: dict[str, Any], strip: bool = False) -> Validator:
    raise NotImplementedError(
        "(milestone 2) Return a validator for str: str passes; in lax mode bytes decode and an enum "
        "member with a str value gives that value; then stripping, lengths and pattern."
    )


def bytes_validator(strict: bool, constraints: dict[str, Any]) -> Validator:
    raise NotImplementedError(
        "(milestone 2) Return a validator for bytes: bytes pass; in lax mode bytearray and str convert; "
        "then the length limits."
    )


def decimal_validator(strict: bool, constraints: dict[str, Any]) -> Validator:
    raise NotImplementedError(
        "(milestone 4) Return a validator for Decimal: Decimals pass; ints, floats and numeric text "
        "convert (lax); NaN and infinity are refused; then the number constraints."
    )


def expected_text(values: list[Any]) -> str:
    """ "'a' or 'b'", "'a', 'b' or 'c'": how Pydantic lists the allowed values."""
    raise NotImplementedError(
        "(milestone 3) Return the allowed values as Pydantic lists them: \"'a'\", \"'a' or 'b'\", \"'a', 'b' "
        "or 'c'\"."
    )


def literal_validator(values: tuple[Any, ...]) -> Validator:
    raise NotImplementedError(
        "(milestone 3) Return a validator accepting exactly the listed values, of the same type (True and"
        " False also match 1 and 0)."
    )


def enum_validator(enum_cls: type[Enum], strict: bool) -> Validator:
    raise NotImplementedError(
        "(milestone 3) Return a validator that gives the enum member for a member or for a member's value."
    )


def is_instance_validator(cls: type) -> Validator:
    raise NotImplementedError(
        "(milestone 6) Return a validator accepting instances of cls; anything else is an is_instance_of "
        "error."
    )
