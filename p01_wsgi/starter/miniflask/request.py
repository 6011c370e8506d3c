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
        "Return ASCII values untouched; otherwise value.encode('latin-1').decode('utf-8', "
        "'replace'), falling back to value itself on UnicodeEncodeError."
    )


def parse_cookies(header: str) -> dict[str, str]:
    """`a=1; b="x y"` -> {'a': '1', 'b': 'x y'}; malformed pieces are skipped, first name wins."""
    raise NotImplementedError(
        "Split on ';', partition each piece on '=', strip; skip pieces without '=' or a name; "
        'remove surrounding double quotes and undo backslash escapes (\\" and octal \\054).'
    )


class Request:
    """What the client asked for. Handlers receive it as their first argument."""

    def __init__(self, environ: WSGIEnvironment, max_content_length: int | None = None) -> None:
        raise NotImplementedError(
            "Keep environ and max_content_length; set method (REQUEST_METHOD) and path "
            "(wsgi_decode of PATH_INFO, '/' if empty). Parse nothing else here: stay lazy."
        )

    @cached_property
    def args(self) -> MultiDict:
        """The query string; `args['tag']` is the first value, `args.getlist('tag')` all."""
        raise NotImplementedError("MultiDict(parse_qsl(wsgi_decode(QUERY_STRING), keep_blank_values=True)).")

    @cached_property
    def headers(self) -> Headers:
        """Request headers by any-case name, rebuilt from the environ's `HTTP_*` keys."""
        raise NotImplementedError(
            "HTTP_X_FOO -> ('X-Foo', value); add CONTENT_TYPE and CONTENT_LENGTH, which PEP 3333 "
            "stores without the HTTP_ prefix."
        )

    @cached_property
    def cookies(self) -> dict[str, str]:
        """Cookies the client sent, by name."""
        raise NotImplementedError("parse_cookies of the HTTP_COOKIE environ key ('' if absent).")

    @property
    def content_type(self) -> str:
        """The full `Content-Type` header, e.g. 'application/json; charset=utf-8', or ''."""
        raise NotImplementedError("Return environ['CONTENT_TYPE'], or '' when it is missing.")

    @property
    def mimetype(self) -> str:
        """The content type without parameters, lower-cased: 'application/json'."""
        raise NotImplementedError("The part of content_type before ';', stripped and lower-cased.")

    @property
    def is_json(self) -> bool:
        """True for `application/json` and `application/<something>+json`."""
        raise NotImplementedError("Check mimetype: exactly application/json, or application/...+json.")

    @cached_property
    def content_length(self) -> int | None:
        """The declared body size, or None if the client did not say (e.g. chunked)."""
        raise NotImplementedError(
            "None if CONTENT_LENGTH is missing or empty; BadRequest unless it is ASCII digits; else int."
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
            "With a length: 413 if over the limit, else wsgi.input.read(length), 400 if fewer bytes "
            "came. Without: b'' unless environ['wsgi.input_terminated']; then read(limit + 1) and 413 "
            "if it is longer. Any exception from wsgi.input.read means an unreadable body: 400."
        )

    @cached_property
    def json(self) -> Any:
        """The body parsed as JSON.

        Like Flask: a body that is not declared as JSON gives 415, and one that does not
        parse gives 400 with the parser's message. Neither is ever a 500.
        """
        raise NotImplementedError(
            "UnsupportedMediaType unless is_json; json.loads(self.data), turning ValueError and "
            "RecursionError into BadRequest with the parser's message."
        )

    @cached_property
    def form(self) -> MultiDict:
        """Fields of an `application/x-www-form-urlencoded` body; empty for any other type."""
        raise NotImplementedError(
            "For urlencoded bodies parse self.data like a query string; else MultiDict()."
        )
