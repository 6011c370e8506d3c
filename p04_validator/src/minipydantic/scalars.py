"""Validators for single values: the lax-mode coercion table, strict mode, and constraints.

Each `*_validator` factory runs once per annotation and returns a small closure. The closure
tests the common case first (`type(v) is int`) and only then walks the coercion table, so
valid input costs one comparison.
"""

from __future__ import annotations

import contextlib
import math
import re
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from minipydantic.constraints import length_checks, number_bounds, with_number_constraints
from minipydantic.errors import Invalid, Validator, error
from minipydantic.patterns import compile_pattern

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
_AFTER_ZEROS = re.compile(r"-(?:0|[1-9][0-9]*)")
_DIGIT = re.compile("[0-9]")
_FLOAT_WORDS = frozenset({"inf", "infinity", "nan"})
_NEVER_TEXT = frozenset({int, float, bool, type(None), list, dict})  # JSON's non-strings, exactly


def any_validator(value: Any) -> Any:
    return value


def none_validator(value: Any) -> None:
    if value is not None:
        raise error("none_required", value)


def _parse_int(value: Any, text: str) -> int:
    """Pydantic's integer text: ASCII digits only (Python's int() would take "٣"), outer
    whitespace, `_` between digits, a zero fraction ("3.00"); over 4300 digits is a size error."""
    if _DIGIT.search(text) is None:  # no digit at all ("seven", ""): nothing to read
        raise error("int_parsing", value)
    text = text.strip()
    whole, dot, fraction = text.partition(".")
    for candidate in (text, whole) if dot and fraction and not fraction.strip("0") else (text,):
        digits = _int_digits(candidate)
        if digits is not None:
            try:
                return int(digits)
            except ValueError:  # more digits than sys.get_int_max_str_digits()
                raise error("int_parsing_size", value) from None
    raise error("int_parsing", value)


def _int_digits(text: str) -> str | None:
    """`text` as int() should read it, or None: pydantic-core's reading, quirks included.

    After an optional sign it skips leading zeros, with underscores among them, and reads
    what follows as the number, which may itself start with "-": so "0-1" is -1 and "0__1"
    is 1 there. A FastAPI user sees those answers, so the course gives the same ones.
    """
    sign, rest = (text[0], text[1:]) if text[:1] in ("+", "-") else ("", text)
    if rest[:1] == "0":
        number = rest.lstrip("0_")
        if not number:
            return None if rest.endswith("_") else "0"
    elif rest and rest[0] in "123456789":
        number = rest
    else:
        return None
    if number.endswith("_") or "__" in number:
        return None
    number = number.replace("_", "")
    if number[0] == "-":  # after the zeros: "-0" or "-" and a number with no leading zero
        return number if sign != "-" and _AFTER_ZEROS.fullmatch(number) else None
    return ("-" if sign == "-" else "") + number if number.isascii() and number.isdigit() else None


def _lax_int(value: Any) -> int:
    if type(value) is int:
        return value
    if isinstance(value, str):  # text first: query strings and form fields are all text
        if value.isascii() and value.isdigit() and len(value) <= 4300:  # "5": nothing to interpret
            return int(value)
        return _parse_int(value, value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float | Decimal):
        if not (value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)):
            raise error("finite_number", value)  # (math.isfinite overflows on Decimal("1e999"))
        if value != int(value):
            raise error("int_from_float", value)
        if isinstance(value, float) and abs(value) >= _INT64_LIMIT:
            raise error("int_parsing_size", value)
        return int(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, bytes):
        return _parse_int(value, value.decode("latin-1"))
    raise error("int_type", value)


def _strict_int(value: Any) -> int:
    if type(value) is int:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    raise error("int_type", value)


def _lax_float(value: Any) -> float:
    if type(value) is float:
        return value
    if type(value) is str:  # text first, as for ints
        stripped = value.strip()
        if not stripped.isascii() or not _could_be_float(stripped):
            raise error("float_parsing", value)  # (float() would also read non-ASCII digits)
        try:
            return float(stripped)
        except ValueError:
            raise error("float_parsing", value) from None
    if isinstance(value, float | int | Decimal):
        try:
            return float(value)
        except (OverflowError, ValueError):  # an int too large for a float; a signalling NaN
            raise error("float_type", value) from None
    if isinstance(value, str | bytes):
        text = value.strip()
        if isinstance(text, str) and (not text.isascii() or not _could_be_float(text)):
            raise error("float_parsing", value)  # (float() would also read non-ASCII digits)
        try:
            return float(text)
        except ValueError:
            raise error("float_parsing", value) from None
    raise error("float_type", value)


def _could_be_float(text: str) -> bool:
    """False for text float() surely refuses: no digit, and not inf, infinity or nan. Asking
    first is cheaper than float() raising ValueError for every "abc"."""
    return _DIGIT.search(text) is not None or text.lower().lstrip("+-") in _FLOAT_WORDS


def _strict_float(value: Any) -> float:
    if type(value) is float:
        return value
    if isinstance(value, float | int) and not isinstance(value, bool):
        try:
            return float(value)
        except OverflowError:  # an int too large for a float
            pass
    raise error("float_type", value)


def int_validator(strict: bool, constraints: dict[str, Any]) -> Validator:
    # Each of these tests `type(value) is int` first: no wrapper around them, so a failure
    # is raised one call closer to the model (every frame an exception leaves costs).
    validate_int = _strict_int if strict else _lax_int
    return with_number_constraints(validate_int, number_bounds("int", constraints))


def float_validator(strict: bool, constraints: dict[str, Any]) -> Validator:
    validate_float = _strict_float if strict else _lax_float
    return with_number_constraints(validate_float, number_bounds("float", constraints))


def bool_validator(strict: bool, constraints: dict[str, Any]) -> Validator:
    def validate_bool(value: Any) -> bool:
        if value is True or value is False:
            return value
        if strict:
            raise error("bool_type", value)
        if isinstance(value, str | bytes):
            lowered = (value if isinstance(value, str) else value.decode("latin-1")).lower()  # no strip
            if lowered in _TRUE:
                return True
            if lowered in _FALSE:
                return False
            raise error("bool_parsing", value)
        if isinstance(value, int | float | Decimal):
            if isinstance(value, Decimal) and not value.is_finite():
                raise error("bool_type", value)  # (comparing a signalling NaN raises)
            if value == 1:
                return True
            if value == 0:
                return False
            # Pydantic reads a number as a bool only if it fits a 64-bit integer.
            integral = isinstance(value, int) or (math.isfinite(value) and value == int(value))
            fits = integral and -_INT64_LIMIT <= value < _INT64_LIMIT
            raise error("bool_parsing" if fits else "bool_type", value)
        raise error("bool_type", value)

    return validate_bool


def str_validator(strict: bool, constraints: dict[str, Any], strip: bool = False) -> Validator:
    lengths = length_checks(constraints, "string")
    pattern = constraints.get("pattern")
    check_pattern = compile_pattern(pattern) if pattern is not None else None

    def to_str(value: Any) -> str:
        if type(value) in _NEVER_TEXT:
            raise error("string_type", value)
        if isinstance(value, str):
            return value
        if not strict:
            if isinstance(value, bytes | bytearray):
                try:
                    return value.decode()
                except UnicodeDecodeError:
                    raise error("string_unicode", value) from None
            if isinstance(value, Enum) and isinstance(value.value, str):
                return value.value
        raise error("string_type", value)

    if not (lengths or check_pattern or strip):

        def validate_plain_str(value: Any) -> str:
            if type(value) is str:
                return value
            if type(value) in _NEVER_TEXT:  # here, not in to_str: one frame fewer to leave
                raise error("string_type", value)
            return to_str(value)

        return validate_plain_str

    def validate_str(value: Any) -> str:
        result = value if type(value) is str else to_str(value)
        if strip:
            result = result.strip()
        for bound, holds, kind, ctx, message in lengths:
            if not holds(result, bound):
                raise error(kind, value, ctx, message)
        if check_pattern is not None:
            check_pattern(value, result)
        return result

    return validate_str


def bytes_validator(strict: bool, constraints: dict[str, Any]) -> Validator:
    lengths = length_checks(constraints, "bytes")

    def validate_bytes(value: Any) -> bytes:
        if type(value) is bytes:
            result = value
        elif isinstance(value, bytes | bytearray) and not strict:
            result = bytes(value)
        elif isinstance(value, str) and not strict:
            result = value.encode()
        else:
            raise error("bytes_type", value)
        for bound, holds, kind, ctx, message in lengths:
            if not holds(result, bound):
                raise error(kind, value, ctx, message)
        return result

    return validate_bytes


def decimal_validator(strict: bool, constraints: dict[str, Any]) -> Validator:
    def validate_decimal(value: Any) -> Decimal:
        if isinstance(value, Decimal):
            result = value
        elif strict:
            raise error("is_instance_of", value, {"class": "Decimal"})
        elif isinstance(value, bool) or not isinstance(value, int | float | str):
            raise error("decimal_type", value)
        else:
            try:
                if isinstance(value, int):
                    result = Decimal(value)  # exact, and str() of a huge int would fail
                else:
                    result = Decimal(value.strip() if isinstance(value, str) else str(value))
            except InvalidOperation:
                raise error("decimal_parsing", value) from None
        if not result.is_finite():
            raise error("finite_number", value)
        return result

    return with_number_constraints(validate_decimal, number_bounds("decimal", constraints))


def expected_text(values: list[Any]) -> str:
    """ "'a' or 'b'", "'a', 'b' or 'c'": how Pydantic lists the allowed values."""
    shown = [repr(v) for v in values]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"


def literal_validator(values: tuple[Any, ...]) -> Validator:
    allowed = {(type(v), v): v for v in values}
    ctx = {"expected": expected_text(list(values))}

    def validate_literal(value: Any) -> Any:
        try:
            return allowed[type(value), value]
        except (KeyError, TypeError):
            if type(value) is bool and (int, int(value)) in allowed:
                return allowed[int, int(value)]
            raise error("literal_error", value, ctx) from None

    return validate_literal


def enum_validator(enum_cls: type[Enum], strict: bool) -> Validator:
    members = list(enum_cls)
    by_value: dict[Any, Enum] = {}
    for member in members:
        with contextlib.suppress(TypeError):  # unhashable: only the member itself will pass
            by_value.setdefault(member.value, member)
    ctx = {"expected": expected_text([m.value for m in members])}
    # An IntEnum reads its input as an int ("1", b"1", 1.0) first; a plain Enum only compares.
    # Pydantic looks ints up as 64-bit integers: a bigger one is a size error, not a non-member.
    reads_int = issubclass(enum_cls, int)
    has_int = any(type(m.value) is int for m in members)

    def validate_enum(value: Any) -> Enum:
        if type(value) is enum_cls:
            return value
        if strict:
            raise error("is_instance_of", value, {"class": enum_cls.__name__})
        key = value
        if reads_int and isinstance(value, str | bytes | float | Decimal):
            try:
                key = _lax_int(value)
            except Invalid:
                raise error("enum", value, ctx) from None
        if has_int and type(key) is int and not -_INT64_LIMIT <= key < _INT64_LIMIT:
            raise error("int_parsing_size", key)
        try:
            return by_value[key]
        except (KeyError, TypeError):
            raise error("enum", value, ctx) from None

    return validate_enum


def is_instance_validator(cls: type) -> Validator:
    ctx = {"class": cls.__name__}

    def validate_instance(value: Any) -> Any:
        if isinstance(value, cls):
            return value
        raise error("is_instance_of", value, ctx)

    return validate_instance
