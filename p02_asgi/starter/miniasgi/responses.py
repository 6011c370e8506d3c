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
            "Milestone 1: keep the status code, the media type (when one is given) and the "
            "background task, and set self.body (the rendered content) and self.raw_headers (the "
            "headers this response will send)."
        )

    def render(self, content: Any) -> bytes:
        raise NotImplementedError(
            "Milestone 1: return the bytes to send for `content`: b'' for None, bytes unchanged, "
            "anything else as text encoded with self.charset."
        )

    def _build_headers(self, headers: Mapping[str, str] | None, content_length: int | None) -> RawHeaders:
        raise NotImplementedError(
            "Milestone 1: return the headers to send as (name, value) byte pairs: yours with "
            "lower-cased names, then content-length (unless you gave one, or the status is 1xx, 204 "
            "or 304) and content-type from the media type (unless you gave one; text/* gets '; "
            "charset=utf-8')."
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
            "Milestone 4: add one Set-Cookie header for this cookie, written exactly as Python's "
            "http.cookies module writes it."
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
        raise NotImplementedError(
            "Milestone 4: add a Set-Cookie header that makes the browser forget this cookie: same "
            "name, path and domain, an empty value, expired now (Max-Age=0)."
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Milestone 1: send http.response.start with the status and raw_headers, then one "
            "http.response.body with the body (empty for a HEAD request). Milestone 7: afterwards, "
            "run the background task if there is one."
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
            "Milestone 1: return the content as compact JSON encoded in UTF-8 (no spaces after ',' "
            "and ':', non-ASCII kept as is, NaN and Infinity refused). Milestone 5: a string with "
            "no UTF-8 form is written with \\u escapes instead."
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
        raise NotImplementedError(
            "Milestone 6: an empty response with this status whose Location header is `url`, "
            "percent-quoted where a URL may not hold the character."
        )


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
            "Milestone 6: keep the status, media type and background task, and an async iterator "
            "over `content` (a sync iterable is advanced in a worker thread); the headers have no "
            "content-length."
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Milestone 6: send the start message, then each chunk as its own body message "
            "(more_body=True) as soon as the iterator yields it, then an empty last one; stop "
            "quietly when the client has gone."
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
            "Milestone 6: keep the path, status and background task; the media type is the one "
            "given or guessed from the file name; add Content-Disposition: attachment when a "
            "filename is given."
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Milestone 6: send the start message with the file's Content-Length and Last-Modified, "
            "then the file in chunks of chunk_size bytes (headers only for HEAD); a missing file is "
            "an error naming its path."
        )
