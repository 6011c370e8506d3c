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
        self.status_code = status_code
        if media_type is not None:
            self.media_type = media_type
        self.background = background
        self.body = self.render(content)
        self.raw_headers = self._build_headers(headers, len(self.body))

    def render(self, content: Any) -> bytes:
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
        given = {name for name, _ in raw}
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
            if media_type.startswith("text/") and "charset=" not in media_type.lower():
                media_type = f"{media_type}; charset={self.charset}"
            raw.append((b"content-type", media_type.encode("latin-1")))
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
    ) -> None:
        """Add one `Set-Cookie` header; the standard library does the quoting and formatting."""
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
        self.raw_headers.append((b"set-cookie", morsel.OutputString().encode("latin-1")))

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
        self.set_cookie(key, "", 0, 0, path, domain, secure, httponly, samesite)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
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
        url: str,
        status_code: int = 307,
        headers: Mapping[str, str] | None = None,
        background: Background | None = None,
    ) -> None:
        super().__init__(None, status_code, headers, None, background)
        self.headers["location"] = quote(str(url), safe=":/%#?=@[]!$&'()*+,;")


Content = str | bytes
ContentStream = Iterable[Content] | AsyncIterable[Content]


class StreamingResponse(Response):
    """A body produced piece by piece: each chunk is sent as soon as the iterator yields it.

    There is no Content-Length (the size is unknown up front), so the server uses chunked
    encoding. A sync iterator is advanced in a worker thread so a slow `next()` never stalls
    the event loop. When the client disconnects we stop: an ASGI 2.4 server says so by raising
    OSError from `send`; an older one (uvicorn's HTTP says 2.3) silently drops what we send, so
    there we also watch `receive()` for `http.disconnect`, or an endless stream would run on
    for nobody.
    """

    def __init__(
        self,
        content: ContentStream,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: Background | None = None,
    ) -> None:
        self.status_code = status_code
        if media_type is not None:
            self.media_type = media_type
        self.background = background
        self.body_iterator = content if isinstance(content, AsyncIterable) else iterate_in_threadpool(content)
        self.raw_headers = self._build_headers(headers, None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        spec_version = scope.get("asgi", {}).get("spec_version", "2.0")
        try:
            if tuple(map(int, spec_version.split("."))) >= (2, 4):
                await self._stream(scope, send)
            elif not await self._stream_until_disconnect(scope, receive, send):
                return
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        except OSError:
            return  # the client went away mid-stream; there is no one left to send to
        if self.background is not None:
            await self.background()

    async def _stream(self, scope: Scope, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
        if scope.get("method") != "HEAD":
            async for chunk in self.body_iterator:
                body = chunk.encode(self.charset) if isinstance(chunk, str) else chunk
                await send({"type": "http.response.body", "body": body, "more_body": True})

    async def _stream_until_disconnect(self, scope: Scope, receive: Receive, send: Send) -> bool:
        """Stream while a second task waits for `http.disconnect`; False if it came first."""
        failure: Exception | None = None
        streamed = False
        async with anyio.create_task_group() as group:
            group.start_soon(_cancel_on_disconnect, receive, group.cancel_scope)
            try:
                await self._stream(scope, send)
                streamed = True
            except Exception as exc:  # re-raised below, not wrapped in an ExceptionGroup
                failure = exc
            group.cancel_scope.cancel()
        if failure is not None:
            raise failure
        return streamed


async def _cancel_on_disconnect(receive: Receive, cancel_scope: anyio.CancelScope) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass  # the rest of a request body nobody read
    cancel_scope.cancel()


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
        self.path = path
        self.status_code = status_code
        self.media_type = media_type or mimetypes.guess_type(filename or path)[0] or "text/plain"
        self.background = background
        self.raw_headers = self._build_headers(headers, None)
        if filename is not None:
            quoted = quote(filename)
            disposition = f'filename="{filename}"' if quoted == filename else f"filename*=utf-8''{quoted}"
            self.raw_headers.append((b"content-disposition", f"attachment; {disposition}".encode("latin-1")))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            stat = await anyio.Path(self.path).stat()
        except FileNotFoundError:
            raise RuntimeError(f"FileResponse: no file at {os.fspath(self.path)!r}.") from None
        headers = MutableHeaders(raw=list(self.raw_headers))
        headers.setdefault("content-length", str(stat.st_size))
        headers.setdefault("last-modified", formatdate(stat.st_mtime, usegmt=True))
        await send({"type": "http.response.start", "status": self.status_code, "headers": headers.raw})
        if scope.get("method") == "HEAD":
            await send({"type": "http.response.body", "body": b""})
        else:
            async with await anyio.open_file(self.path, "rb") as file:
                more_body = True
                while more_body:
                    chunk = await file.read(self.chunk_size)
                    more_body = len(chunk) == self.chunk_size
                    await send({"type": "http.response.body", "body": chunk, "more_body": more_body})
        if self.background is not None:
            await self.background()
