"""`Response`, and the rules that turn whatever a handler returns into one.

A `Response` is itself a tiny WSGI application: calling it with `(environ, start_response)`
sends the status line and headers, and returns the body iterable. Buffered bodies go out as
one bytes chunk with a `Content-Length`; an iterator is handed to the server untouched, so a
generator is streamed chunk by chunk instead of being collected in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from http import HTTPStatus
from typing import Any, Literal, TypeAlias
from wsgiref.types import StartResponse, WSGIEnvironment

from miniflask.datastructures import Headers, HeadersLike

Body: TypeAlias = "str | bytes | dict[str, Any] | list[Any] | Iterator[bytes] | Iterator[str]"
ReturnValue: TypeAlias = (
    "Response | Body | tuple[Response | Body, int] | tuple[Response | Body, HeadersLike]"
    " | tuple[Response | Body, int, HeadersLike]"
)

TEXT = "text/html; charset=utf-8"  # Flask's default for str and bytes
JSON = "application/json"


class Response:
    """A status, headers and a body.

    The body decides the default content type: `str`/`bytes` -> text/html, `dict`/`list` ->
    JSON, an iterator (e.g. a generator) -> streamed as it is produced. `content_type=`
    overrides the default.
    """

    def __init__(
        self,
        body: Body = b"",
        status: int = 200,
        headers: HeadersLike | None = None,
        content_type: str | None = None,
    ) -> None:
        raise NotImplementedError(
            "Set status, headers (a Headers) and body: str -> UTF-8 bytes, bytes as is, "
            "dict/list -> json.dumps(...).encode() with JSON, an Iterator -> a generator that "
            "yields bytes and closes the original; anything else -> TypeError. Content-Type: "
            "content_type, else one in headers, else the default for the body."
        )

    @property
    def content_type(self) -> str | None:
        raise NotImplementedError("Return the Content-Type header, or None.")

    def set_cookie(
        self,
        key: str,
        value: str = "",
        *,
        max_age: int | None = None,
        path: str | None = "/",
        domain: str | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: Literal["Strict", "Lax", "None"] | None = None,
    ) -> None:
        """Add a `Set-Cookie` header. `max_age=0` tells the browser to delete the cookie."""
        raise NotImplementedError(
            "Add 'key=value; Domain=..; Max-Age=..; Secure; HttpOnly; Path=..; SameSite=..' (only "
            "the attributes given). Quote values outside [A-Za-z0-9!#$%&'()*+-./:<=>?@[]^_`{|}~]."
        )

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Be a WSGI app: start the response, return the body (nothing at all for HEAD)."""
        raise NotImplementedError(
            "start_response('200 OK', header pairs + Content-Length for bytes bodies); return "
            "[body] or the stream itself; for HEAD return [] (close the stream first)."
        )


def make_response(rv: ReturnValue) -> Response:
    """Turn a handler's return value into a `Response`, as Flask does.

    - a `Response` is used as it is;
    - `str`, `bytes`, `dict`, `list`, or an iterator become `Response(rv)`;
    - a tuple is `(body, status)`, `(body, headers)` or `(body, status, headers)`;
    - anything else (notably `None`, a forgotten `return`) is a `TypeError`, hence a 500.
    """
    raise NotImplementedError("Apply the rules in the docstring; a 2-tuple's int second item is a status.")
