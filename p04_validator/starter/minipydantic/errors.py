"""Error entries shaped like Pydantic v2's, and the exception that carries them.

Validators never build a `ValidationError` themselves: a leaf raises `Invalid` holding
entries whose `loc` is relative to the value it saw, and every container that catches one
prepends its own key. The location of an error is thus assembled on the way out, only when
something failed; the happy path never pays for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NotRequired, TypedDict

__all__ = ["ErrorDetails", "Invalid", "ValidationError", "Validator", "error", "prefix"]

Loc = tuple[int | str, ...]

# The one contract every compiled validator keeps: take the raw value, return the validated
# value or raise `Invalid`. Composing validators is then just composing functions.
Validator = Callable[[Any], Any]


class ErrorDetails(TypedDict):
    """One entry of `ValidationError.errors()`; FastAPI turns these into 422 bodies."""

    type: str
    loc: Loc
    msg: str
    input: Any
    ctx: NotRequired[dict[str, Any]]


# The message templates of the error types a FastAPI user meets, worded as Pydantic words them.
MESSAGES: dict[str, str] = {
    "missing": "Field required",
    "extra_forbidden": "Extra inputs are not permitted",
    "frozen_instance": "Instance is frozen",
    "int_type": "Input should be a valid integer",
    "int_parsing": "Input should be a valid integer, unable to parse string as an integer",
    "int_parsing_size": "Unable to parse input string as an integer, exceeded maximum size",
    "int_from_float": "Input should be a valid integer, got a number with a fractional part",
    "float_type": "Input should be a valid number",
    "float_parsing": "Input should be a valid number, unable to parse string as a number",
    "finite_number": "Input should be a finite number",
    "bool_type": "Input should be a valid boolean",
    "bool_parsing": "Input should be a valid boolean, unable to interpret input",
    "string_type": "Input should be a valid string",
    "string_unicode": "Input should be a valid string, unable to parse raw data as a unicode string",
    "string_too_short": "String should have at least {min_length} character{s}",
    "string_too_long": "String should have at most {max_length} character{s}",
    "string_pattern_mismatch": "String should match pattern '{pattern}'",
    "bytes_type": "Input should be a valid bytes",
    "bytes_too_short": "Data should have at least {min_length} byte{s}",
    "bytes_too_long": "Data should have at most {max_length} byte{s}",
    "none_required": "Input should be None",
    "greater_than": "Input should be greater than {gt}",
    "greater_than_equal": "Input should be greater than or equal to {ge}",
    "less_than": "Input should be less than {lt}",
    "less_than_equal": "Input should be less than or equal to {le}",
    "multiple_of": "Input should be a multiple of {multiple_of}",
    "decimal_type": "Decimal input should be an integer, float, string or Decimal object",
    "decimal_parsing": "Input should be a valid decimal",
    "list_type": "Input should be a valid list",
    "tuple_type": "Input should be a valid tuple",
    "set_type": "Input should be a valid set",
    "frozen_set_type": "Input should be a valid frozenset",
    "dict_type": "Input should be a valid dictionary",
    "too_short": "{field_type} should have at least {min_length} item{s} after validation, "
    "not {actual_length}",
    "too_long": "{field_type} should have at most {max_length} item{s} after validation, not {actual}",
    "model_type": "Input should be a valid dictionary or instance of {class_name}",
    "model_attributes_type": "Input should be a valid dictionary or object to extract fields from",
    "literal_error": "Input should be {expected}",
    "enum": "Input should be {expected}",
    "is_instance_of": "Input should be an instance of {class}",
    "json_invalid": "Invalid JSON: {error}",
    "json_type": "JSON input should be string, bytes or bytearray",
    "recursion_depth_exceeded": "Recursion error - maximum validation depth exceeded",
    "value_error": "Value error, {error}",
    "assertion_error": "Assertion failed, {error}",
    "url_type": "URL input should be a string or URL",
    "url_parsing": "Input should be a valid URL, {error}",
    "url_scheme": "URL scheme should be {expected_schemes}",
    "url_too_long": "URL should have at most {max_length} character{s}",
    "uuid_type": "UUID input should be a string, bytes or UUID object",
    "uuid_parsing": "Input should be a valid UUID, {error}",
    "datetime_type": "Input should be a valid datetime",
    "datetime_parsing": "Input should be a valid datetime, {error}",
    "datetime_from_date_parsing": "Input should be a valid datetime or date, {error}",
    "date_type": "Input should be a valid date",
    "date_from_datetime_parsing": "Input should be a valid date or datetime, {error}",
    "date_from_datetime_inexact": "Datetimes provided to dates should have zero time - e.g. be exact dates",
    "time_type": "Input should be a valid time",
    "time_parsing": "Input should be in a valid time format, {error}",
    "time_delta_type": "Input should be a valid timedelta",
    "time_delta_parsing": "Input should be a valid timedelta, {error}",
    "union_tag_invalid": "Input tag '{tag}' found using {discriminator} does not match any of the "
    "expected tags: {expected_tags}",
    "union_tag_not_found": "Unable to extract tag using discriminator {discriminator}",
}


def _show(value: Any) -> Any:
    """Numbers in messages read as Rust prints them: 2.0 is "2", 1.5 stays "1.5"."""
    if type(value) is float and value.is_integer() and abs(value) < 1e16:
        return int(value)
    return value


class Invalid(Exception):
    """Raised by validators with one or more entries whose `loc` is relative."""

    __slots__ = ("errors",)

    def __init__(self, errors: list[ErrorDetails]) -> None:
        self.errors = errors


def error(kind: str, value: Any, ctx: dict[str, Any] | None = None, msg: str | None = None) -> Invalid:
    """Build the `Invalid` for one failure; `raise error("int_type", v)` reads like the rule."""
    raise NotImplementedError(
        "(milestone 1) Return an Invalid holding one entry: type `kind`, loc (), msg from MESSAGES (with "
        "ctx filled in), input `value`, and ctx when one is given."
    )


def prefix(errors: list[ErrorDetails], key: int | str) -> list[ErrorDetails]:
    """Put `key` in front of every entry's location, as a container passes errors outwards."""
    raise NotImplementedError(
        "(milestone 1) Put `key` in front of every entry's loc (a field name, later a list index or dict "
        "key: each container passes its items' errors outwards this way) and return the entries."
    )


def _input_type(value: Any) -> str:
    return type(value).__name__


class ValidationError(ValueError):
    """All the ways one input failed; `errors()` is what FastAPI renders as a 422 body."""

    def __init__(self, title: str, errors: list[ErrorDetails]) -> None:
        super().__init__(title, errors)
        self.title = title
        self._errors = errors

    def errors(
        self, *, include_url: bool = False, include_context: bool = True, include_input: bool = True
    ) -> list[ErrorDetails]:
        """Fresh copies of the entries. minipydantic has no documentation site, so it never
        adds Pydantic's `url` key; `include_url` is accepted so FastAPI-style calls still work."""
        raise NotImplementedError(
            "(milestone 1) Return copies of the entries; without ctx when include_context is False, "
            "without input when include_input is False."
        )

    def error_count(self) -> int:
        raise NotImplementedError("(milestone 8) Return how many entries there are.")

    def __str__(self) -> str:
        # Given complete, so an unexpected ValidationError is readable from milestone 1 on;
        # milestone 8 compares this text with Pydantic's.
        count = len(self._errors)
        lines = [f"{count} validation error{'' if count == 1 else 's'} for {self.title}"]
        for entry in self._errors:
            if entry["loc"]:
                lines.append(".".join(str(part) for part in entry["loc"]))
            value = entry["input"]
            shown = repr(value)
            if len(shown) > 100:
                shown = shown[:49] + "..." + shown[-49:]
            details = f"type={entry['type']}, input_value={shown}, input_type={_input_type(value)}"
            lines.append(f"  {entry['msg']} [{details}]")
        return "\n".join(lines)

    __repr__ = __str__
