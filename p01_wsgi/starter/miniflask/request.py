"""`Request`: a friendly, lazy view over the WSGI environ.

The server hands us `environ`, a plain dict of CGI-style strings plus `wsgi.input`, the
body stream (PEP 3333). `Request` parses nothing up front: each property does its work the
first time it is read and caches the result (`functools.cached_property`), so a handler
that never touches cookies never pays for them.
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


def wsgi_decode(value: str) -> str:
    """Undo PEP 3333's latin-1 packaging so UTF-8 paths and values read as text.

    WSGI servers put raw request bytes into `str` one byte per character; the bytes are
    usually UTF-8, so we re-encode and decode them. Already-decoded text (some test
    transports send it) is returned as it is.
    """
    raise NotImplementedError(
        "Return the text the client meant: a server hands over raw bytes as one latin-1 "
        "character per byte ('Zoë' arrives as 'ZoÃ«'), and those bytes are UTF-8. Bytes that are "
        "not valid UTF-8 become U+FFFD; text that is not latin-1 at all was already decoded and "
        "comes back unchanged. (Milestone 3)"
    )


def parse_cookies(header: str) -> dict[str, str]:
    """`a=1; b="x y"` -> {'a': '1', 'b': 'x y'}; malformed pieces are skipped, first name wins."""
    raise NotImplementedError(
        "Return the cookies of a Cookie header by name: pieces are separated by ';', spaces "
        "around names and values do not count, a piece without '=' or without a name is skipped, "
        "and the first of two cookies with one name wins. A value in double quotes loses them, "
        "and its backslash escapes are undone (\\\" is a quote, \\054 is the byte 0o54, a ','); "
        "names and values are then decoded like every environ value. (Milestone 5)"
    )


class Request:
    """What the client asked for. Handlers receive it as their first argument."""

    def __init__(self, environ: WSGIEnvironment, max_content_length: int | None = None) -> None:
        raise NotImplementedError(
            "Make the request's `environ`, `method` ('GET') and `path` ('/hello/Zoë'; '/' when the "
            "server sends an empty path) available, and remember `max_content_length`. Read or "
            "parse nothing else here: every other property does its own work when first asked "
            "(milestone 2; milestone 3 decodes UTF-8 paths)."
        )

    @cached_property
    def args(self) -> MultiDict:
        """The query string; `args['tag']` is the first value, `args.getlist('tag')` all."""
        raise NotImplementedError(
            "Return the query string's fields as a MultiDict: every value of a repeated key, in "
            "order, blank values kept, '+' and %XX decoded, UTF-8 text decoded. (Milestone 5)"
        )

    @cached_property
    def headers(self) -> Headers:
        """Request headers by any-case name, rebuilt from the environ's `HTTP_*` keys."""
        raise NotImplementedError(
            "Return the request headers as a Headers: each HTTP_* environ key is one header "
            "(HTTP_X_CUSTOM is X-Custom), and Content-Type and Content-Length too, which PEP 3333 "
            "stores without the HTTP_ prefix. (Milestone 5)"
        )

    @cached_property
    def cookies(self) -> dict[str, str]:
        """Cookies the client sent, by name."""
        raise NotImplementedError(
            "Return the cookies of the request's Cookie header, by name ({} without one). (Milestone 5)"
        )

    @property
    def content_type(self) -> str:
        """The full `Content-Type` header, e.g. 'application/json; charset=utf-8', or ''."""
        raise NotImplementedError("Return the Content-Type as sent, or '' without one. (Milestone 5)")

    @property
    def mimetype(self) -> str:
        """The content type without parameters, lower-cased: 'application/json'."""
        raise NotImplementedError(
            "Return the content type without its ';' parameters, lower-cased: 'Application/JSON; "
            "charset=utf-8' -> 'application/json'. (Milestone 5)"
        )

    @property
    def is_json(self) -> bool:
        """True for `application/json` and `application/<something>+json`."""
        raise NotImplementedError(
            "Say whether the body is declared as JSON: the mimetype is application/json or "
            "application/<something>+json. (Milestone 5)"
        )

    @cached_property
    def content_length(self) -> int | None:
        """The declared body size, or None if the client did not say (e.g. chunked)."""
        raise NotImplementedError(
            "Return the declared body size as an int, or None when the client declared none. A "
            "Content-Length that is not ASCII digits only ('abc', '-1', '1.5', '²') is a BadRequest. "
            "(Milestone 5)"
        )

    @cached_property
    def data(self) -> bytes:
        """The raw body, read at most once and never beyond `max_content_length`.

        We check the declared length before reading a byte, so an oversized upload is
        refused with 413 without being read. A body without a length (chunked) is read up
        to one byte past the limit: that extra byte is how we learn it is too long. A body
        the server cannot deliver (broken chunked framing, a client that hung up early) or
        one shorter than its `Content-Length` is the client's fault: 400, not a 500.
        """
        raise NotImplementedError(
            "Return the body bytes. A declared length over max_content_length is refused with "
            "RequestEntityTooLarge before anything is read. Without a declared length the body is "
            "b'' unless the server set wsgi.input_terminated; then it is read with a single "
            "read(limit + 1), too long meaning 413. A body that stops short of its length, or that "
            "wsgi.input cannot deliver, is a BadRequest; the README gives both messages. (Milestone 5)"
        )

    @cached_property
    def json(self) -> Any:
        """The body parsed as JSON.

        Like Flask: a body that is not declared as JSON gives 415, and one that does not
        parse gives 400 with the parser's message. Neither is ever a 500.
        """
        raise NotImplementedError(
            "Return the body parsed as JSON. A body not declared as JSON is an UnsupportedMediaType "
            "(415); one that does not parse (bad syntax, not UTF-8, nested too deep) is a "
            "BadRequest whose message contains 'JSON' and the parser's reason. (Milestone 5)"
        )

    @cached_property
    def form(self) -> MultiDict:
        """Fields of an `application/x-www-form-urlencoded` body; empty for any other type."""
        raise NotImplementedError(
            "Return the fields of an application/x-www-form-urlencoded body as a MultiDict, decoded "
            "like a query string; an empty MultiDict for any other content type. (Milestone 5)"
        )
