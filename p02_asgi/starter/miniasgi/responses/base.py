"""`Response` and the responses that are one body in one message.

A `Response` is an ASGI app: endpoints build one and the framework calls
`await response(scope, receive, send)`, which sends `http.response.start` (status and headers)
and then the body. Everything else here is a choice of how to render `content` to bytes and
which headers to derive from it.
"""

from __future__ import annotations

import http.cookies
import json
import sys
from collections.abc import Mapping
from datetime import datetime
from email.utils import format_datetime
from typing import Any, Literal
from urllib.parse import quote

from miniasgi.background import BackgroundTask, BackgroundTasks
from miniasgi.datastructures import URL, MutableHeaders, RawHeaders
from miniasgi.types import Message, Receive, Scope, Send

Background = BackgroundTask | BackgroundTasks


def denial_send(scope: Scope, send: Send) -> Send:
    """The `send` a response uses: on a WebSocket scope, its messages become a *denial*.

    A server offering the `websocket.http.response` extension lets an app refuse a WebSocket
    handshake with an ordinary HTTP response (a 401 with a body, say) instead of a bare close.
    The messages are the HTTP ones with a `websocket.` prefix, so any response can be sent
    that way: `await websocket.send_denial_response(JSONResponse(..., status_code=401))`.
    """
    raise NotImplementedError(
        "Milestone 8: on a 'websocket' scope, return a send that renames 'http.response.start' and "
        "'http.response.body' messages to 'websocket.http.response.start' / '...body'; on any "
        "other scope, `send` itself."
    )


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
        """The bytes to send. A memoryview is copied to plain bytes: its *byte* length is the
        Content-Length, whatever its item format, and a strided view is made contiguous."""
        raise NotImplementedError(
            "Milestone 1: return the bytes to send for `content`: b'' for None, bytes (or a "
            "memoryview, copied with bytes()) unchanged, anything else as text encoded with "
            "self.charset."
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
        partitioned: bool = False,
    ) -> None:
        """Add one `Set-Cookie` header; the standard library does the quoting and formatting.

        `partitioned` (CHIPS: a third-party cookie kept per top-level site) needs Python 3.14,
        the first `http.cookies` that knows the attribute.
        """
        raise NotImplementedError(
            "Milestone 4: add one Set-Cookie header for this cookie, written exactly as Python's "
            "http.cookies module writes it. partitioned=True needs Python 3.14: before, ValueError."
        )

    def delete_cookie(
        self,
        key: str,
        path: str = "/",
        domain: str | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: Literal["lax", "strict", "none"] | None = "lax",
        partitioned: bool = False,
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
            "run the background task if there is one. Milestone 8: send through denial_send(scope, "
            "send), so a response on a WebSocket scope is a denial."
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
        url: str | URL,
        status_code: int = 307,
        headers: Mapping[str, str] | None = None,
        background: Background | None = None,
    ) -> None:
        raise NotImplementedError(
            "Milestone 6: an empty response with this status whose Location header is `url`, "
            "percent-quoted where a URL may not hold the character."
        )
