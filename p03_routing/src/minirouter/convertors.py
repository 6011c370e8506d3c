"""Convertors: how one `{name:type}` placeholder is matched, converted and written back.

A convertor is three small things that must agree with each other: a regex that says which
text the placeholder accepts, `convert` that turns the matched text into a Python value, and
`to_string` that turns a value back into text for `url_path_for`. Keeping the three together
is what makes matching and URL building round-trip.

`single_segment` is the one addition to Starlette's convertor: it promises that the regex
never matches a "/". The router's index relies on that promise to file a route under its
literal segments; a convertor that does not make it (the default, to be safe) is treated
like `path`, a tail that may swallow the rest of the URL.
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
    """`{name}` or `{name:str}`: one non-empty path segment, kept as text."""

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

    regex = ".*"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return str(value)


class IntegerConvertor(Convertor[int]):
    """`{name:int}`: ASCII digits only, so `-1` and `٣` are not ids."""

    regex = "[0-9]+"
    single_segment = True

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        number = int(value)
        if number < 0:
            raise ValueError(f"an int path parameter cannot be negative, got {number}")
        return str(number)


class FloatConvertor(Convertor[float]):
    """`{name:float}`: digits with an optional fraction; no sign, exponent, nan or inf."""

    regex = r"[0-9]+(?:\.[0-9]+)?"
    single_segment = True

    def convert(self, value: str) -> float:
        number = float(value)
        if math.isinf(number):  # 400 digits read as inf: a value the route promises never to give
            raise ValueError("a float path parameter must be finite")
        return number

    def to_string(self, value: float) -> str:
        try:
            number = float(value)
        except OverflowError:  # float(10**400)
            raise ValueError("a float path parameter must be finite, got a huge int") from None
        if math.isnan(number) or math.isinf(number) or number < 0:
            raise ValueError(f"a float path parameter must be finite and not negative, got {number}")
        number = abs(number)  # -0.0 would be written "-0"
        # The shortest text that reads back as the same float (repr), in fixed notation
        # because the regex has no exponent: 1e-05 -> "0.00001", 0.1 -> "0.1" (Starlette
        # writes 20 decimals, "0.10000000000000000555").
        text = format(Decimal(repr(number)), "f")
        return text[:-2] if text.endswith(".0") else text


class UUIDConvertor(Convertor[uuid.UUID]):
    """`{name:uuid}`: 32 hex digits, dashes optional, converted to `uuid.UUID`."""

    regex = "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
    single_segment = True

    def convert(self, value: str) -> uuid.UUID:
        return uuid.UUID(value)

    def to_string(self, value: uuid.UUID) -> str:
        # Read through UUID, so "not-a-uuid" is refused instead of building a dead URL.
        try:
            return str(uuid.UUID(str(value)))
        except ValueError:
            raise ValueError(f"a uuid path parameter must be a UUID, got {value!r}") from None


CONVERTOR_TYPES: dict[str, Convertor[Any]] = {
    "str": StringConvertor(),
    "path": PathConvertor(),
    "int": IntegerConvertor(),
    "float": FloatConvertor(),
    "uuid": UUIDConvertor(),
}


def register_converter(name: str, converter: Convertor[Any]) -> None:
    """Make `{param:name}` available to every path compiled from now on."""
    if not name.isidentifier():
        raise ValueError(f"a convertor name must be an identifier, got {name!r}")
    CONVERTOR_TYPES[name] = converter
