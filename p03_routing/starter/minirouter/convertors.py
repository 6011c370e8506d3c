"""Convertors: how one `{name:type}` placeholder is matched, converted and written back.

A convertor is three small things that must agree with each other: a regex that says which
text the placeholder accepts, `convert` that turns the matched text into a Python value, and
`to_string` that turns a value back into text for `url_path_for`.

`single_segment` promises that the regex never matches a "/". The priority rule and the index
(milestones 10 and 12) rely on that promise; a convertor that does not make it is treated like `path`.
"""

import math
import uuid
from decimal import Decimal
from typing import Any, ClassVar, Generic, TypeVar

T = TypeVar("T")


class Convertor(Generic[T]):
    """Base class for path convertors; subclass it and call `register_converter`."""

    regex: ClassVar[str] = ""
    single_segment: ClassVar[bool] = False

    def convert(self, value: str) -> T:
        """Turn the matched text into a value; raise ValueError to reject it (404)."""
        raise NotImplementedError("subclasses say how matched text becomes a value")

    def to_string(self, value: T) -> str:
        """Turn a value back into URL text; raise ValueError if it cannot be written."""
        raise NotImplementedError("subclasses say how a value becomes URL text")


class StringConvertor(Convertor[str]):
    """`{name}` or `{name:str}`: one non-empty path segment, kept as text.

    Written for you, as the model for the others (and because milestone 1 needs it). Note its
    `to_string` error: a ValueError whose message says "path parameter".
    """

    regex = "[^/]+"
    single_segment = True

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        text = str(value)
        if not text or "/" in text:
            raise ValueError(f"a str path parameter must be non-empty and contain no '/', got {text!r}")
        return text


class PathConvertor(Convertor[str]):
    """`{name:path}`: the rest of the path, slashes included (possibly empty)."""

    regex = ""  # Milestone 7: anything at all, slashes included, even nothing.

    def convert(self, value: str) -> str:
        raise NotImplementedError("Return the matched text unchanged.")

    def to_string(self, value: str) -> str:
        raise NotImplementedError("Return the value as text, unchanged.")


class IntegerConvertor(Convertor[int]):
    """`{name:int}`: ASCII digits only (`\\d` would also accept Arabic-Indic digits)."""

    regex = ""  # Milestone 7: one or more ASCII digits.
    single_segment = True

    def convert(self, value: str) -> int:
        raise NotImplementedError("Return the number the digits spell, as an int.")

    def to_string(self, value: int) -> str:
        raise NotImplementedError(
            "Return the number's digits; a negative number is a ValueError (its regex could never match it)."
        )


class FloatConvertor(Convertor[float]):
    """`{name:float}`: digits with an optional fraction; no sign, exponent, nan or inf."""

    regex = ""  # Milestone 7: digits, optionally a dot and more digits.
    single_segment = True

    def convert(self, value: str) -> float:
        raise NotImplementedError(
            "Return the number as a float; a ValueError when it is too long to be finite (400 "
            "digits match the regex but read as inf, a value this route promises never to give)."
        )

    def to_string(self, value: float) -> str:
        raise NotImplementedError(
            "Return the shortest text that reads back as the same float, in plain digits (no "
            "exponent, no trailing '.0': 0.1 -> '0.1', 1e-05 -> '0.00001', 2.0 -> '2'); a ValueError "
            "for nan, inf, a negative number or an int too big for a float."
        )


class UUIDConvertor(Convertor[uuid.UUID]):
    """`{name:uuid}`: 32 hex digits, dashes optional, converted to `uuid.UUID`."""

    regex = ""  # Milestone 7: 8-4-4-4-12 hex digits, each dash optional.
    single_segment = True

    def convert(self, value: str) -> uuid.UUID:
        raise NotImplementedError("Return the matched text as a uuid.UUID.")

    def to_string(self, value: uuid.UUID) -> str:
        raise NotImplementedError(
            "Return the UUID in its standard dashed lower-case form; a ValueError for a value that "
            "is not a UUID (a URL no request could match)."
        )


CONVERTOR_TYPES: dict[str, Convertor[Any]] = {
    "str": StringConvertor(),
    "path": PathConvertor(),
    "int": IntegerConvertor(),
    "float": FloatConvertor(),
    "uuid": UUIDConvertor(),
}


def register_converter(name: str, converter: Convertor[Any]) -> None:
    """Make `{param:name}` available to every path compiled from now on (milestone 7)."""
    raise NotImplementedError(
        "Make `{param:name}` use this convertor in every template compiled from now on; a ValueError "
        "naming `name` when it is not an identifier (a template could never use it)."
    )
