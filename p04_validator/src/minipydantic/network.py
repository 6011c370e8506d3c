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


def _host(raw: str) -> str:
    if raw.startswith("[") and raw.endswith("]"):
        return raw.lower()
    if not raw.isascii():
        try:
            raw = raw.encode("idna").decode("ascii")
        except UnicodeError:
            raise _Bad("invalid international domain name") from None
    if _FORBIDDEN_HOST.search(raw):
        raise _Bad("invalid domain character")
    return raw.lower()


def _parse(text: str) -> SplitResult:
    if not text:
        raise _Bad("input is empty")
    match = _SCHEME.fullmatch(text.strip())
    if match is None:
        raise _Bad("relative URL without a base")
    scheme, rest = match[1].lower(), match[2]
    special = scheme in _SPECIAL
    if special:
        rest = "//" + rest.replace("\\", "/").lstrip("/")
    if not rest.startswith("//"):
        return SplitResult(scheme, "", *_path_query_fragment(rest))
    authority, tail = re.match(r"//([^/?#]*)(.*)", rest, re.DOTALL).groups()  # type: ignore[union-attr]
    userinfo, at, hostport = authority.rpartition("@")
    host, port = hostport, ""
    if not hostport.endswith("]"):
        host, _, port = hostport.rpartition(":") if ":" in hostport else (hostport, "", "")
    if not host and special and scheme != "file":
        raise _Bad("empty host")
    if port and (not port.isdigit() or int(port) > 65535):
        raise _Bad("invalid port number")
    netloc = f"{userinfo}{at}{_host(host)}"
    if port and int(port) != _DEFAULT_PORTS.get(scheme):
        netloc += f":{int(port)}"
    path, query, fragment = _path_query_fragment(tail)
    return SplitResult(scheme, netloc, path or ("/" if special else ""), query, fragment)


def _path_query_fragment(rest: str) -> tuple[str, str, str]:
    rest, _, fragment = rest.partition("#")
    path, _, query = rest.partition("?")
    return path.replace(" ", "%20"), query.replace(" ", "%20"), fragment.replace(" ", "%20")


class AnyUrl:
    """A parsed, normalised URL of any scheme; `str(url)` is its canonical text."""

    allowed_schemes: ClassVar[tuple[str, ...]] = ()
    max_length: ClassVar[int | None] = None

    __slots__ = ("_parts", "_text")

    def __init__(self, url: str) -> None:
        try:
            parsed = url_validator(type(self))(url)
        except Invalid as invalid:
            raise ValidationError(type(self).__name__, invalid.errors) from None
        self._parts: SplitResult = parsed._parts
        self._text: str = parsed._text

    @classmethod
    def _build(cls, parts: SplitResult) -> AnyUrl:
        url = object.__new__(cls)
        url._parts = parts
        url._text = parts.geturl()
        return url

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
    schemes = url_cls.allowed_schemes
    scheme_ctx = {"expected_schemes": expected_text(list(schemes))} if schemes else {}
    limit = url_cls.max_length

    def validate_url(value: Any) -> AnyUrl:
        if type(value) is url_cls:
            return value
        if isinstance(value, AnyUrl):
            value = str(value)
        if not isinstance(value, str):
            raise error("url_type", value)
        if limit is not None and len(value) > limit:
            raise error("url_too_long", value, {"max_length": limit})
        try:
            parts = _parse(value)
        except _Bad as bad:
            raise error("url_parsing", value, {"error": str(bad)}) from None
        if schemes and parts.scheme not in schemes:
            raise error("url_scheme", value, scheme_ctx)
        return url_cls._build(parts)

    return validate_url


if TYPE_CHECKING:
    EmailStr = str
else:

    class EmailStr:
        """Annotation marker: a string that must be a syntactically valid email address."""


_MAX_EMAIL_LENGTH = 2048
_PRETTY_EMAIL = re.compile(
    r"\s*(?:((?:[\w.!#$%&'*+\-/=?^_`{|}~]+\s+)*[\w.!#$%&'*+\-/=?^_`{|}~]+)|\"((?:[^\"]|\")+)\")?\s*<(.+)>\s*"
)


def email_validator_for(base: Validator) -> Validator:
    """Run the string validator, then Pydantic's email steps: a length cap, no CR/LF, a
    "Name <address>" form reduced to its address, outer spaces dropped, then email-validator
    (without DNS lookups). Errors report the raw input, as Pydantic's do."""

    def invalid(value: Any, reason: str) -> Invalid:
        msg = f"value is not a valid email address: {reason}"
        return error("value_error", value, {"reason": reason}, msg=msg)

    def validate_email(value: Any) -> str:
        text = base(value)
        if len(text) > _MAX_EMAIL_LENGTH:
            raise invalid(value, f"Length must not exceed {_MAX_EMAIL_LENGTH} characters")
        if "\r" in text or "\n" in text:
            raise invalid(value, "Carriage return and line feed characters are not allowed")
        pretty = _PRETTY_EMAIL.fullmatch(text)
        address = (pretty[3] if pretty else text).strip()
        try:
            checked = email_validator.validate_email(address, check_deliverability=False)
        except email_validator.EmailNotValidError as exc:
            raise invalid(value, str(exc.args[0])) from None
        return checked.normalized

    return validate_email
