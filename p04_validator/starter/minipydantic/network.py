"""`EmailStr`, `AnyUrl` and `HttpUrl`: string types with a grammar.

Emails are checked by the `email-validator` package, as Pydantic does. URLs are parsed by a
small WHATWG-style parser: enough to normalise what web APIs receive (lower-case scheme and
host, default port dropped, "/" for an empty path) and to word failures as Pydantic does.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import SplitResult

import email_validator

from minipydantic.errors import Invalid, ValidationError, Validator, error
from minipydantic.scalars import expected_text

__all__ = ["AnyUrl", "EmailStr", "HttpUrl", "email_validator_for", "url_validator"]

_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):(.*)", re.DOTALL)
_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443, "ftp": 21}
_SPECIAL = {*_DEFAULT_PORTS, "file"}
_FORBIDDEN_HOST = re.compile(r"[\x00-\x20#%/:<>?@\[\\\]^|]")


class _Bad(Exception):
    pass


class AnyUrl:
    """A parsed, normalised URL of any scheme; `str(url)` is its canonical text."""

    allowed_schemes: ClassVar[tuple[str, ...]] = ()
    max_length: ClassVar[int | None] = None

    __slots__ = ("_parts", "_text")

    def __init__(self, url: str) -> None:
        raise NotImplementedError(
            "(milestone 4) Become the parsed, normalised form of `url`, or raise ValidationError if it is"
            " not a valid URL of this kind."
        )

    scheme = property(lambda self: self._parts.scheme)
    host = property(lambda self: self._parts.hostname)
    path = property(lambda self: self._parts.path or None)
    query = property(lambda self: self._parts.query or None)
    fragment = property(lambda self: self._parts.fragment or None)
    username = property(lambda self: self._parts.username)
    password = property(lambda self: self._parts.password)

    @property
    def port(self) -> int | None:
        return self._parts.port or _DEFAULT_PORTS.get(self._parts.scheme)

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AnyUrl) and self._text == other._text

    def __hash__(self) -> int:
        return hash(self._text)


class HttpUrl(AnyUrl):
    """An absolute http or https URL of at most 2083 characters (what browsers accept)."""

    allowed_schemes = ("http", "https")
    max_length = 2083
    __slots__ = ()


def url_validator(url_cls: type[AnyUrl]) -> Validator:
    raise NotImplementedError(
        "(milestone 4) Return a validator turning URL text into url_cls, normalised (lower-case scheme "
        "and host, default port dropped, '/' for an empty path), with its scheme and length checked."
    )


if TYPE_CHECKING:
    EmailStr = str
else:

    class EmailStr:
        """Annotation marker: a string that must be a syntactically valid email address."""


def email_validator_for(base: Validator) -> Validator:
    """Run the string validator, then email-validator (without DNS lookups, like Pydantic)."""

    raise NotImplementedError(
        "(milestone 4) Return a validator that runs `base` (the str validator), then accepts only an "
        "email address, checked as Pydantic checks it."
    )
