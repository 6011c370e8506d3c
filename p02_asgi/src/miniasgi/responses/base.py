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
from functools import lru_cache
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
    if scope["type"] != "websocket":
        return send

    async def send_as_denial(message: Message) -> None:
        if message["type"] in ("http.response.start", "http.response.body"):
            message = {**message, "type": f"websocket.{message['type']}"}
        await send(message)

    return send_as_denial


@lru_cache(maxsize=64)
def content_type(media_type: str, charset: str) -> bytes:
    """The Content-Type header's value: text types say their charset. A program uses a handful
    of media types, so each is worked out once, not once per response."""
    if media_type.startswith("text/") and "charset=" not in media_type.lower():
        media_type = f"{media_type}; charset={charset}"
    return media_type.encode("latin-1")


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
        self.status_code = status_code
        if media_type is not None:
            self.media_type = media_type
        self.background = background
        self.body = self.render(content)
        self.raw_headers = self._build_headers(headers, len(self.body))

    def render(self, content: Any) -> bytes:
        """The bytes to send. A memoryview is copied to plain bytes: its *byte* length is the
        Content-Length, whatever its item format, and a strided view is made contiguous."""
        if content is None:
            return b""
        if isinstance(content, bytes | memoryview):
            return bytes(content)
        return str(content).encode(self.charset)

    def _build_headers(self, headers: Mapping[str, str] | None, content_length: int | None) -> RawHeaders:
        raw = (
            [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
            if headers
            else []
        )
        given = {name for name, _ in raw} if raw else ()
        status = self.status_code
        if (
            content_length is not None
            and b"content-length" not in given
            and status >= 200
            and status not in (204, 304)
        ):
            raw.append((b"content-length", str(content_length).encode("latin-1")))
        media_type = self.media_type
        if media_type is not None and b"content-type" not in given:
            raw.append((b"content-type", content_type(media_type, self.charset)))
        return raw

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
        cookie: http.cookies.SimpleCookie = http.cookies.SimpleCookie()
        cookie[key] = value
        morsel = cookie[key]
        if max_age is not None:
            morsel["max-age"] = max_age
        if expires is not None:
            morsel["expires"] = (
                format_datetime(expires, usegmt=True) if isinstance(expires, datetime) else expires
            )
        if path is not None:
            morsel["path"] = path
        if domain is not None:
            morsel["domain"] = domain
        if secure:
            morsel["secure"] = True
        if httponly:
            morsel["httponly"] = True
        if samesite is not None:
            if samesite.lower() not in ("lax", "strict", "none"):
                raise ValueError(f"samesite must be 'lax', 'strict' or 'none', not {samesite!r}.")
            morsel["samesite"] = samesite
        if partitioned and sys.version_info < (3, 14):
            raise ValueError("Partitioned cookies are only supported in Python 3.14 and above.")
        if partitioned:
            morsel["partitioned"] = True  # pragma: no cover (Python 3.14+)
        self.raw_headers.append((b"set-cookie", morsel.OutputString().encode("latin-1")))

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
        self.set_cookie(key, "", 0, 0, path, domain, secure, httponly, samesite, partitioned)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        send = denial_send(scope, send)
        await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
        await send(
            {"type": "http.response.body", "body": b"" if scope.get("method") == "HEAD" else self.body}
        )
        if self.background is not None:
            await self.background()


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
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError:
            return json.dumps(content, allow_nan=False, separators=(",", ":")).encode("ascii")


class RedirectResponse(Response):
    """Send the client elsewhere. 307 keeps the method and body; use 303 after a POST form."""

    def __init__(
        self,
        url: str | URL,
        status_code: int = 307,
        headers: Mapping[str, str] | None = None,
        background: Background | None = None,
    ) -> None:
        super().__init__(None, status_code, headers, None, background)
        self.headers["location"] = quote(str(url), safe=":/%#?=@[]!$&'()*+,;")
