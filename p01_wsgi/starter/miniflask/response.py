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
            "Make `status`, `headers` (a Headers) and the body, as bytes, ready to send (milestone "
            "1): a str is sent UTF-8 encoded and a bytes as it is, both as text/html; "
            "charset=utf-8; a dict or list as json.dumps would write it, as application/json. "
            "Content-Type is `content_type` if given, else the one in `headers`, else the body's "
            "default. From milestone 6: an iterator of str or bytes is streamed, and any other "
            "body is a TypeError whose message lists 'str, bytes, dict, list'."
        )

    @property
    def content_type(self) -> str | None:
        raise NotImplementedError("Return the Content-Type header, or None without one. (Milestone 1)")

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
            "Add one Set-Cookie header: the cookie, then only the attributes given (not None), in "
            "the order Domain, Max-Age, Secure, HttpOnly, Path, SameSite. A value with characters "
            "a cookie cannot carry as they are is sent quoted; the path is percent-encoded; a "
            "domain that is not a host name, or a samesite other than Strict/Lax/None, raises "
            "ValueError. The README gives the exact rules. (Milestone 6)"
        )

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Be a WSGI app: start the response, return the body (nothing at all for HEAD)."""
        raise NotImplementedError(
            "Send this response the WSGI way: call start_response once with the status line "
            "('200 OK', '404 Not Found', '599 Unknown') and the header pairs, adding a "
            "Content-Length for a bytes body, then return an iterable of the body's bytes "
            "(milestone 1). HEAD sends the same status and headers and no body (milestone 4); a "
            "streamed body is handed over as it is, without Content-Length (milestone 6)."
        )


def make_response(rv: ReturnValue) -> Response:
    """Turn a handler's return value into a `Response`, as Flask does.

    - a `Response` is used as it is;
    - `str`, `bytes`, `dict`, `list`, or an iterator become `Response(rv)`;
    - a tuple is `(body, status)`, `(body, headers)` or `(body, status, headers)`;
    - anything else (notably `None`, a forgotten `return`) is a `TypeError`, hence a 500.
    """
    raise NotImplementedError(
        "Return the Response a view's return value stands for, following the rules above; a "
        "2-tuple's second item is a status when it is an int, headers otherwise. Headers from a "
        "tuple replace the Response's headers of the same name. (Milestone 6)"
    )
