"""`Response`, and the rules that turn whatever a handler returns into one.

A `Response` is itself a tiny WSGI application: calling it with `(environ, start_response)`
sends the status line and headers, and returns the body iterable. Buffered bodies go out as
one bytes chunk with a `Content-Length`; an iterator is handed to the server untouched, so a
generator is streamed chunk by chunk instead of being collected in memory.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from http import HTTPStatus
from typing import Any, Literal, TypeAlias
from urllib.parse import quote
from wsgiref.types import StartResponse, WSGIEnvironment

from miniflask.datastructures import Headers, HeadersLike

Body: TypeAlias = "str | bytes | dict[str, Any] | list[Any] | Iterator[bytes] | Iterator[str]"
ReturnValue: TypeAlias = (
    "Response | Body | tuple[Response | Body, int] | tuple[Response | Body, HeadersLike]"
    " | tuple[Response | Body, int, HeadersLike]"
)

TEXT = "text/html; charset=utf-8"  # Flask's default for str and bytes
JSON = "application/json"
_STATUS_LINES = {status.value: f"{status.value} {status.phrase}" for status in HTTPStatus}
_COOKIE_SAFE = re.compile(r"[\w!#$%&'()*+\-./:<=>?@\[\]^`{|}~]*", re.ASCII)
_HOST_NAME = re.compile(r"[A-Za-z0-9.-]+")
# What a URL path may carry as it is (the WHATWG path-segment set, and '%' for text already
# escaped), minus ';', which would end the attribute: Werkzeug quotes a cookie path the same way.
_PATH_SAFE = "%!$&'()*+,/:=@"
_SAMESITE = ("Strict", "Lax", "None")


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
        self.status = status
        self.body: bytes | Iterable[bytes]
        if isinstance(body, str):
            self.body, default = body.encode(), TEXT
        elif isinstance(body, bytes):
            self.body, default = body, TEXT
        elif isinstance(body, dict | list):
            self.body, default = json.dumps(body).encode(), JSON
        elif isinstance(body, Iterator):
            self.body, default = _encoded(body), TEXT
        else:
            raise TypeError(
                f"cannot make a response body from {type(body).__name__}; "
                "use str, bytes, dict, list or an iterator of str/bytes"
            )
        if headers is None:  # the common case, kept cheap
            self.headers = Headers([("Content-Type", content_type or default)])
        else:
            self.headers = Headers(headers)
            if content_type is not None or "Content-Type" not in self.headers:
                self.headers["Content-Type"] = content_type or default

    def __repr__(self) -> str:
        return f"<Response {self.status}>"

    @property
    def content_type(self) -> str | None:
        return self.headers.get("Content-Type")

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
        """Add a `Set-Cookie` header. `max_age=0` tells the browser to delete the cookie.

        No value, path, domain or samesite can add an attribute of its own, whoever chose
        it: the value is quoted, the path is percent-encoded (a ';' becomes %3B), the domain
        must be a host name and samesite one of three words, else ValueError. The key is
        trusted: write it in your code, never take it from a request.
        """
        parts = [f"{key}={_quote_cookie(value)}"]
        if domain is not None:
            parts.append(f"Domain={_host_name(domain)}")
        if max_age is not None:
            parts.append(f"Max-Age={max_age}")
        if secure:
            parts.append("Secure")
        if httponly:
            parts.append("HttpOnly")
        if path is not None:
            parts.append(f"Path={quote(path, safe=_PATH_SAFE)}")
        if samesite is not None:
            parts.append(f"SameSite={_samesite(samesite)}")
        self.headers.add("Set-Cookie", "; ".join(parts))

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Be a WSGI app: start the response, return the body (nothing at all for HEAD)."""
        headers = self.headers.items()
        body = self.body
        if isinstance(body, bytes):
            if "Content-Length" not in self.headers:
                headers.append(("Content-Length", str(len(body))))
            body = [body]
        status = _STATUS_LINES.get(self.status) or f"{self.status} Unknown"
        start_response(status, headers)
        if environ["REQUEST_METHOD"] == "HEAD":
            close = getattr(body, "close", None)
            if close is not None:
                close()  # nothing of it will be sent
            return []
        return body


def make_response(rv: ReturnValue) -> Response:
    """Turn a handler's return value into a `Response`, as Flask does.

    - a `Response` is used as it is;
    - `str`, `bytes`, `dict`, `list`, or an iterator become `Response(rv)`;
    - a tuple is `(body, status)`, `(body, headers)` or `(body, status, headers)`;
    - anything else (notably `None`, a forgotten `return`) is a `TypeError`, hence a 500.
    """
    if isinstance(rv, Response):
        return rv
    if not isinstance(rv, tuple):
        if rv is None:
            raise TypeError("the handler returned None; did it forget a `return`?")
        return Response(rv)
    status: int | None = None
    headers: Any = None
    if len(rv) == 3:
        body, status, headers = rv
    elif len(rv) == 2:
        body, second = rv
        if isinstance(second, int):
            status = second
        else:
            headers = second
    else:
        raise TypeError(f"a handler may return a tuple of 2 or 3 items, not {len(rv)}")
    response = body if isinstance(body, Response) else Response(body)
    if status is not None:
        response.status = status
    for name, value in Headers(headers).items():
        response.headers[name] = value
    return response


def _encoded(chunks: Iterator[bytes] | Iterator[str]) -> Iterator[bytes]:
    """Yield chunks as bytes, and pass the server's `close()` on to the handler's generator."""
    try:
        for chunk in chunks:
            yield chunk.encode() if isinstance(chunk, str) else chunk
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()


def _quote_cookie(value: str) -> str:
    """Cookie values with spaces, commas, quotes or non-ASCII go in quotes, octal-escaped."""
    if _COOKIE_SAFE.fullmatch(value):
        return value
    escaped = "".join(_escape_cookie_byte(byte) for byte in value.encode())
    return f'"{escaped}"'


def _host_name(domain: str) -> str:
    """The domain without a leading '.', which browsers ignore; ValueError unless a host name."""
    host = domain.lstrip(".")
    if not _HOST_NAME.fullmatch(host):
        raise ValueError(f"cookie domain {domain!r} is not a host name (ASCII letters, digits, '-' and '.')")
    return host


def _samesite(samesite: str) -> str:
    """'lax' -> 'Lax'; anything but Strict, Lax or None (in any case) is a ValueError."""
    title = samesite.title()
    if title not in _SAMESITE:
        raise ValueError(f"samesite must be 'Strict', 'Lax' or 'None', not {samesite!r}")
    return title


def _escape_cookie_byte(byte: int) -> str:
    if byte in b'"\\':
        return "\\" + chr(byte)
    if byte < 0x20 or byte >= 0x7F or byte in b",;":
        return f"\\{byte:03o}"
    return chr(byte)
