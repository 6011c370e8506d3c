"""Error entries shaped like Pydantic v2's, and the exception that carries them.

Validators never build a `ValidationError` themselves: a leaf raises `Invalid` holding
entries whose `loc` is relative to the value it saw, and every container that catches one
prepends its own key. The location of an error is thus assembled on the way out, only when
something failed; the happy path never pays for it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NotRequired, TypedDict

__all__ = [
    "ErrorDetails",
    "Invalid",
    "ValidationError",
    "Validator",
    "error",
    "in_json_words",
    "prefix",
    "render",
]

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

# Pydantic renders a message when it is read, in the mode of the validation that failed: JSON
# input names JSON's types. Only these templates differ; the type, loc, input and ctx do not.
JSON_MESSAGES: dict[str, str] = {
    "none_required": "Input should be null",
    "list_type": "Input should be a valid array",
    "tuple_type": "Input should be a valid array",
    "set_type": "Input should be a valid array",
    "frozen_set_type": "Input should be a valid array",
    "dict_type": "Input should be an object",
    "model_type": "Input should be an object",
    "model_attributes_type": "Input should be an object",
    "time_delta_type": "Input should be a valid duration",
    "time_delta_parsing": "Input should be a valid duration, {error}",
}


def in_json_words(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """Reword entries from validating JSON input the way Pydantic's JSON mode words them.

    Validators never know which mode they run in (JSON is parsed, then validated as Python), so
    the wording is chosen once, by error type, where JSON validation reports its failure."""
    reworded: list[ErrorDetails] = []
    for entry in errors:
        template = JSON_MESSAGES.get(entry["type"])
        if template is not None:  # a copy: an entry may be shared with a Python-mode error
            entry = {**entry, "msg": _fill(template, entry.get("ctx"))}
        reworded.append(entry)
    return reworded


def _show(value: Any) -> Any:
    """Floats in messages read as Rust prints them: never an exponent, no ".0" on a whole
    number: 2.0 is "2", 1e-20 is "0.00000000000000000001", 1.5 stays "1.5"."""
    if type(value) is not float or not math.isfinite(value):
        return value
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def render(kind: str, ctx: dict[str, Any] | None) -> str:
    """The message of an error of type `kind` with context `ctx` (a validator whose context
    never changes renders it once, when it is built, and passes it to `error`)."""
    return _fill(MESSAGES[kind], ctx)


def _fill(template: str, ctx: dict[str, Any] | None) -> str:
    if not ctx:
        return template
    fields = {key: _show(value) for key, value in ctx.items()}
    count = ctx.get("min_length", ctx.get("max_length"))
    fields["s"] = "" if count == 1 else "s"
    actual = ctx.get("actual_length")
    fields["actual"] = "more" if actual is None else actual
    return template.format(**fields)


class Invalid(Exception):
    """Raised by validators with one or more entries whose `loc` is relative."""

    __slots__ = ("errors",)

    def __init__(self, errors: list[ErrorDetails]) -> None:
        self.errors = errors


def error(kind: str, value: Any, ctx: dict[str, Any] | None = None, msg: str | None = None) -> Invalid:
    """Build the `Invalid` for one failure; `raise error("int_type", v)` reads like the rule."""
    if not msg:
        msg = MESSAGES[kind] if ctx is None else _fill(MESSAGES[kind], ctx)
    entry: ErrorDetails = {"type": kind, "loc": (), "msg": msg, "input": value}
    if ctx is not None:
        entry["ctx"] = ctx
    invalid = _bare(Invalid)  # Invalid([entry]) without the Python-level __init__ call
    invalid.errors = [entry]
    return invalid


_bare = Exception.__new__


def prefix(errors: list[ErrorDetails], key: int | str) -> list[ErrorDetails]:
    """Put `key` in front of every entry's location, as a container passes errors outwards."""
    for entry in errors:
        entry["loc"] = (key,) + entry["loc"]  # (faster than (key, *loc))
    return errors


def _input_type(value: Any) -> str:
    return type(value).__qualname__  # as Pydantic prints it: Outer.Inner, f.<locals>.Local


def _input_value(value: Any) -> str:
    """The input as str(err) shows it: its repr, or "<unprintable int object>" when repr
    raises (an int over 4300 digits does); over 50 UTF-8 bytes, the first 25 and last 24
    bytes around "...", moved to character boundaries as Pydantic (Rust) cuts strings."""
    try:
        shown = repr(value)
    except Exception:
        return f"<unprintable {_input_type(value)} object>"
    raw = shown.encode("utf-8", "surrogatepass")
    if len(raw) <= 50:
        return shown
    head, tail = 25, len(raw) - 24
    while raw[head] & 0xC0 == 0x80:  # inside a character: back to its first byte
        head -= 1
    while tail < len(raw) and raw[tail] & 0xC0 == 0x80:  # forward to the next character
        tail += 1
    cut = raw[:head] + b"..." + raw[tail:]
    return cut.decode("utf-8", "surrogatepass")


class PydanticSchemaGenerationError(RuntimeError):
    """A type no validator can be built for, found when a model or TypeAdapter is defined
    (Pydantic's name, and like Pydantic's a RuntimeError). A framework catches it to say where
    the type was used: FastAPI does, for a parameter or a response model."""


class ValidationError(ValueError):
    """All the ways one input failed; `errors()` is what FastAPI renders as a 422 body."""

    def __init__(self, title: str, errors: list[ErrorDetails]) -> None:
        super().__init__(title, errors)
        self.title = title
        self._errors = errors

    def errors(
        self, *, include_url: bool = False, include_context: bool = True, include_input: bool = True
    ) -> list[ErrorDetails]:
        """Fresh copies of the entries (and of their ctx: a validator shares one ctx among
        its errors). minipydantic has no documentation site, so it never adds Pydantic's
        `url` key; `include_url` is accepted so FastAPI-style calls still work."""
        del include_url
        result: list[ErrorDetails] = []
        for entry in self._errors:
            copy: dict[str, Any] = dict(entry)
            if "ctx" in copy:
                if include_context:
                    copy["ctx"] = dict(copy["ctx"])
                else:
                    del copy["ctx"]
            if not include_input:
                del copy["input"]
            result.append(copy)  # type: ignore[arg-type]
        return result

    def error_count(self) -> int:
        return len(self._errors)

    def __str__(self) -> str:
        count = len(self._errors)
        lines = [f"{count} validation error{'' if count == 1 else 's'} for {self.title}"]
        for entry in self._errors:
            if entry["loc"]:
                lines.append(".".join(str(part) for part in entry["loc"]))
            value = entry["input"]
            details = (
                f"type={entry['type']}, input_value={_input_value(value)}, input_type={_input_type(value)}"
            )
            lines.append(f"  {entry['msg']} [{details}]")
        return "\n".join(lines)

    __repr__ = __str__
