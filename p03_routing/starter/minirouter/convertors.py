"""Convertors: how one `{name:type}` placeholder is matched, converted and written back.

A convertor is three small things that must agree with each other: a regex that says which
text the placeholder accepts, `convert` that turns the matched text into a Python value, and
`to_string` that turns a value back into text for `url_path_for`.

`single_segment` promises that the regex never matches a "/". The router's index (milestone
5) relies on that promise; a convertor that does not make it is treated like `path`.
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

    Written for you, as the model for the others (and because milestone 1 needs it).
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

    regex = ""  # Milestone 2: anything at all, even nothing.

    def convert(self, value: str) -> str:
        raise NotImplementedError("Return the text unchanged.")

    def to_string(self, value: str) -> str:
        raise NotImplementedError("Return str(value).")


class IntegerConvertor(Convertor[int]):
    """`{name:int}`: ASCII digits only (`\\d` would also accept Arabic-Indic digits)."""

    regex = ""  # Milestone 2: one or more ASCII digits.
    single_segment = True

    def convert(self, value: str) -> int:
        raise NotImplementedError("Return int(value).")

    def to_string(self, value: int) -> str:
        raise NotImplementedError("Return the digits; raise ValueError for a negative number.")


class FloatConvertor(Convertor[float]):
    """`{name:float}`: digits with an optional fraction; no sign, exponent, nan or inf."""

    regex = ""  # Milestone 2: digits, optionally a dot and more digits.
    single_segment = True

    def convert(self, value: str) -> float:
        raise NotImplementedError(
            "Return float(value), but raise ValueError if it is inf: 400 digits match the regex "
            "and read as inf, which this route promises never to give."
        )

    def to_string(self, value: float) -> str:
        raise NotImplementedError(
            "Refuse nan, inf, negatives and ints too big for a float (ValueError); write the "
            "shortest exact text in fixed notation (hint: format(Decimal(repr(x)), 'f')), "
            "without a trailing '.0'."
        )


class UUIDConvertor(Convertor[uuid.UUID]):
    """`{name:uuid}`: 32 hex digits, dashes optional, converted to `uuid.UUID`."""

    regex = ""  # Milestone 2: 8-4-4-4-12 hex digits, each dash optional.
    single_segment = True

    def convert(self, value: str) -> uuid.UUID:
        raise NotImplementedError("Return uuid.UUID(value).")

    def to_string(self, value: uuid.UUID) -> str:
        raise NotImplementedError(
            "Return str(uuid.UUID(str(value))): reading it back refuses a value that is not a "
            "UUID (ValueError) instead of building a URL no request could match."
        )


CONVERTOR_TYPES: dict[str, Convertor[Any]] = {
    "str": StringConvertor(),
    "path": PathConvertor(),
    "int": IntegerConvertor(),
    "float": FloatConvertor(),
    "uuid": UUIDConvertor(),
}


def register_converter(name: str, converter: Convertor[Any]) -> None:
    """Make `{param:name}` available to every path compiled from now on."""
    raise NotImplementedError(
        "Check that `name` is an identifier (ValueError if not), then add it to CONVERTOR_TYPES."
    )
