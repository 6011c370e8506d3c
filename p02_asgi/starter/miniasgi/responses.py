"""Responses: objects that know how to send themselves.

A `Response` is an ASGI app. Endpoints build one and the framework calls
`await response(scope, receive, send)`, which emits exactly two kinds of message:
one `http.response.start` (status and headers) and one or more `http.response.body`
(`more_body=True` on all but the last). Everything else here is a choice of how to render
`content` to bytes and which headers to derive from it.
"""

from __future__ import annotations

import http.cookies
import json
import mimetypes
import os
from collections.abc import AsyncIterable, Iterable, Mapping
from datetime import datetime
from email.utils import format_datetime, formatdate
from typing import Any, Literal
from urllib.parse import quote

import anyio

from miniasgi.background import BackgroundTask, BackgroundTasks
from miniasgi.concurrency import iterate_in_threadpool
from miniasgi.datastructures import MutableHeaders, RawHeaders
from miniasgi.types import Receive, Scope, Send

Background = BackgroundTask | BackgroundTasks


class Response:
    """Bytes or text with a status and headers.

    Content-Length is derived from the rendered body (except for statuses that must not have
    a body: 1xx, 204, 304); Content-Type from `media_type`, with `; charset=utf-8` added for
    text types. Headers you pass win over derived ones.
    """

    media_type: str | None = None
    charset = "utf-8"

    def __init__(
        self,
        content: Any = None,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: Background | None = None,
    ) -> None:
        raise NotImplementedError(
            "Store status, media type and background, render the content to self.body and build "
            "self.raw_headers."
        )

    def render(self, content: Any) -> bytes:
        raise NotImplementedError(
            "Turn None into b'', keep bytes, encode anything else as text with self.charset."
        )

    def _build_headers(self, headers: Mapping[str, str] | None, content_length: int | None) -> RawHeaders:
        raise NotImplementedError(
            "Encode the given headers, then add content-length (not for 1xx/204/304) and content-"
            "type (with charset for text/*) unless given."
        )

    @property
    def headers(self) -> MutableHeaders:
        """A live, editable view: changes land in `raw_headers`, which is what gets sent."""
        return MutableHeaders(raw=self.raw_headers)

    def set_cookie(
        self,
        key: str,
        value: str = "",
        max_age: int | None = None,
        expires: datetime | str | int | None = None,
        path: str | None = "/",
        domain: str | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: Literal["lax", "strict", "none"] | None = "lax",
    ) -> None:
        """Add one `Set-Cookie` header; the standard library does the quoting and formatting."""
        raise NotImplementedError(
            "Build the cookie with http.cookies.SimpleCookie and append its OutputString() as a "
            "set-cookie header."
        )

    def delete_cookie(
        self,
        key: str,
        path: str = "/",
        domain: str | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: Literal["lax", "strict", "none"] | None = "lax",
    ) -> None:
        """Ask the browser to forget a cookie: same name and path, expired right now."""
        raise NotImplementedError("Call set_cookie with an empty value, max_age=0 and expires=0.")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Send http.response.start with status and raw_headers, then one http.response.body "
            "(empty for HEAD), then run the background task."
        )


class PlainTextResponse(Response):
    media_type = "text/plain"


class HTMLResponse(Response):
    media_type = "text/html"


class JSONResponse(Response):
    """Compact, UTF-8 JSON. NaN and Infinity are refused: they are not JSON.

    A string holding a lone surrogate (JSON's `"\\ud800"` decodes to one) has no UTF-8 form;
    such content is written with `\\u` escapes instead, which is still valid JSON.
    """

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        raise NotImplementedError(
            "json.dumps compactly (separators=(',', ':'), ensure_ascii=False, allow_nan=False) "
            "and encode as UTF-8; on UnicodeEncodeError dump again with ensure_ascii=True."
        )


class RedirectResponse(Response):
    """Send the client elsewhere. 307 keeps the method and body; use 303 after a POST form."""

    def __init__(
        self,
        url: str,
        status_code: int = 307,
        headers: Mapping[str, str] | None = None,
        background: Background | None = None,
    ) -> None:
        raise NotImplementedError("Build an empty response and set a quoted Location header.")


Content = str | bytes
ContentStream = Iterable[Content] | AsyncIterable[Content]


class StreamingResponse(Response):
    """A body produced piece by piece: each chunk is sent as soon as the iterator yields it.

    There is no Content-Length (the size is unknown up front), so the server uses chunked
    encoding. A sync iterator is advanced in a worker thread so a slow `next()` never stalls
    the event loop. If the client disconnects, `send` raises OSError and we simply stop.
    """

    def __init__(
        self,
        content: ContentStream,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: Background | None = None,
    ) -> None:
        raise NotImplementedError(
            "Keep async iterables as they are, wrap sync ones with iterate_in_threadpool, and "
            "build headers without content-length."
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Send the start message, then each chunk with more_body=True, then an empty final "
            "body; stop quietly on OSError."
        )


class FileResponse(Response):
    """A file from disk, read and sent in chunks so memory stays flat for any file size.

    The Content-Type is guessed from the file name; Content-Length and Last-Modified come from
    a `stat()` done when the response is sent (in a worker thread, like the reads).
    """

    chunk_size = 64 * 1024

    def __init__(
        self,
        path: str | os.PathLike[str],
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: Background | None = None,
        filename: str | None = None,
    ) -> None:
        raise NotImplementedError(
            "Guess the media type from the file name, build headers, add content-disposition when"
            " a filename is given."
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "stat the file for content-length/last-modified, send the start message, then read "
            "and send fixed-size chunks (headers only for HEAD)."
        )
