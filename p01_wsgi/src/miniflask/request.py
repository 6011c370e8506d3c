"""`Request`: a friendly, lazy view over the WSGI environ.

The server hands us `environ`, a plain dict of CGI-style strings plus `wsgi.input`, the
body stream (PEP 3333). `Request` parses nothing up front: each property does its work the
first time it is read and caches the result, so a handler that never touches cookies never
pays for them.
"""

from __future__ import annotations

import json
import re
from functools import cached_property
from typing import Any
from urllib.parse import parse_qsl
from wsgiref.types import WSGIEnvironment

from miniflask.datastructures import Headers, MultiDict
from miniflask.exceptions import BadRequest, RequestEntityTooLarge, UnsupportedMediaType

_COOKIE_ESCAPE = re.compile(r"\\([0-3][0-7]{2}|.)")


def wsgi_decode(value: str) -> str:
    """Undo PEP 3333's latin-1 packaging so UTF-8 paths and values read as text.

    WSGI servers put raw request bytes into `str` one byte per character; the bytes are
    usually UTF-8, so we re-encode and decode them. Already-decoded text (some test
    transports send it) is returned as it is.
    """
    if value.isascii():
        return value
    try:
        return value.encode("latin-1").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return value


def parse_cookies(header: str) -> dict[str, str]:
    """`a=1; b="x y"` -> {'a': '1', 'b': 'x y'}; malformed pieces are skipped, first name wins."""
    cookies: dict[str, str] = {}
    for piece in header.split(";"):
        name, sep, value = piece.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name:
            continue
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = _COOKIE_ESCAPE.sub(_unescape, value[1:-1])
        cookies.setdefault(wsgi_decode(name), wsgi_decode(value))
    return cookies


def _unescape(match: re.Match[str]) -> str:
    escaped = match[1]
    return chr(int(escaped, 8)) if len(escaped) == 3 else escaped


class Request:
    """What the client asked for. Handlers receive it as their first argument."""

    def __init__(self, environ: WSGIEnvironment, max_content_length: int | None = None) -> None:
        self.environ = environ
        self.method: str = environ["REQUEST_METHOD"]
        self.path = wsgi_decode(environ.get("PATH_INFO") or "/")
        self.max_content_length = max_content_length

    def __repr__(self) -> str:
        return f"<Request {self.method} {self.path!r}>"

    @cached_property
    def args(self) -> MultiDict:
        """The query string; `args['tag']` is the first value, `args.getlist('tag')` all."""
        query = wsgi_decode(self.environ.get("QUERY_STRING", ""))
        return MultiDict(parse_qsl(query, keep_blank_values=True))

    @cached_property
    def headers(self) -> Headers:
        """Request headers by any-case name, rebuilt from the environ's `HTTP_*` keys."""
        pairs = [
            (key[5:].replace("_", "-").title(), value)
            for key, value in self.environ.items()
            if key.startswith("HTTP_")
        ]
        pairs += [
            (key.replace("_", "-").title(), self.environ[key])
            for key in ("CONTENT_TYPE", "CONTENT_LENGTH")
            if self.environ.get(key)
        ]
        return Headers(pairs)

    @cached_property
    def cookies(self) -> dict[str, str]:
        """Cookies the client sent, by name."""
        return parse_cookies(self.environ.get("HTTP_COOKIE", ""))

    @property
    def content_type(self) -> str:
        """The full `Content-Type` header, e.g. 'application/json; charset=utf-8', or ''."""
        return str(self.environ.get("CONTENT_TYPE", ""))

    @property
    def mimetype(self) -> str:
        """The content type without parameters, lower-cased: 'application/json'."""
        return self.content_type.partition(";")[0].strip().lower()

    @property
    def is_json(self) -> bool:
        """True for `application/json` and `application/<something>+json`."""
        mimetype = self.mimetype
        return mimetype == "application/json" or (
            mimetype.startswith("application/") and mimetype.endswith("+json")
        )

    @cached_property
    def content_length(self) -> int | None:
        """The declared body size, or None if the client did not say (e.g. chunked)."""
        raw = self.environ.get("CONTENT_LENGTH")
        if not raw:
            return None
        if not raw.isdigit() or not raw.isascii():
            raise BadRequest(f"Content-Length must be a non-negative integer, got {raw!r}.")
        return int(raw)

    @cached_property
    def data(self) -> bytes:
        """The raw body, read at most once and never beyond `max_content_length`.

        We check the declared length before reading a byte, so an oversized upload is
        refused with 413 without being read. A body without a length (chunked) is read up
        to one byte past the limit: that extra byte is how we learn it is too long. A body
        the server cannot deliver (broken chunked framing, a client that hung up early) or
        one shorter than its `Content-Length` is the client's fault: 400, not a 500.
        """
        length, limit = self.content_length, self.max_content_length
        if length is not None:
            if limit is not None and length > limit:
                raise RequestEntityTooLarge(f"The body is {length} bytes; the limit is {limit}.")
            body = self._read(length)
            if len(body) < length:
                raise BadRequest(f"The body ended after {len(body)} of the {length} bytes announced.")
            return body
        if not self.environ.get("wsgi.input_terminated"):
            return b""  # PEP 3333: without a length, reading could block forever
        if limit is None:
            return self._read(-1)
        body = self._read(limit + 1)
        if len(body) > limit:
            raise RequestEntityTooLarge(f"The body is larger than the limit of {limit} bytes.")
        return body

    def _read(self, size: int) -> bytes:
        """Read from `wsgi.input`. Servers signal a broken body with their own exception
        types (gunicorn's `NoMoreData`, `InvalidChunkSize`; `OSError` on a reset), so any
        failure here means the client sent a body we cannot read."""
        try:
            return bytes(self.environ["wsgi.input"].read(size))
        except Exception as error:
            raise BadRequest(f"The request body could not be read: {error}") from error

    @cached_property
    def json(self) -> Any:
        """The body parsed as JSON.

        Like Flask: a body that is not declared as JSON gives 415, and one that does not
        parse gives 400 with the parser's message. Neither is ever a 500.
        """
        if not self.is_json:
            declared = self.content_type or "no Content-Type"
            raise UnsupportedMediaType(
                f"Expected a body with Content-Type 'application/json', got {declared}."
            )
        try:
            return json.loads(self.data)
        except (
            ValueError,
            RecursionError,
        ) as error:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            raise BadRequest(f"The body is not valid JSON: {error}") from None

    @cached_property
    def form(self) -> MultiDict:
        """Fields of an `application/x-www-form-urlencoded` body; empty for any other type."""
        if self.mimetype != "application/x-www-form-urlencoded":
            return MultiDict()
        return MultiDict(parse_qsl(self.data.decode("utf-8", "replace"), keep_blank_values=True))
