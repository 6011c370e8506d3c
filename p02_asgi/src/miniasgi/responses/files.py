"""`FileResponse`: a file from disk, sent in chunks, whole or in the ranges the client asks for.

Memory stays flat for any file size: the file is read `chunk_size` bytes at a time, each
chunk its own `http.response.body`. The headers that depend on the file (Content-Length,
Last-Modified, ETag) come from a `stat()` made when the response is sent, in a worker thread
like the reads. A `Range` request gets `206 Partial Content` (see ranges.py), and the file is
closed even when the transfer is cancelled halfway: a server that leaked one file handle per
interrupted download would run out of them.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import stat
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from email.utils import formatdate
from functools import partial
from secrets import token_hex
from urllib.parse import quote

import anyio

from miniasgi.datastructures import Headers, MutableHeaders
from miniasgi.responses.base import Background, PlainTextResponse, Response, denial_send
from miniasgi.responses.ranges import (
    MalformedRange,
    RangeNotSatisfiable,
    Span,
    closing_boundary,
    multipart_length,
    parse_range,
    part_header,
)
from miniasgi.responses.streaming import send_fails_after_disconnect, until_disconnect
from miniasgi.types import Receive, Scope, Send


class FileResponse(Response):
    """Send the file at `path`. `filename=` adds a Content-Disposition (a download named so);
    `stat_result=` saves the `stat()` when the caller already has one."""

    chunk_size = 64 * 1024
    max_ranges = 100

    def __init__(
        self,
        path: str | os.PathLike[str],
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: Background | None = None,
        filename: str | None = None,
        stat_result: os.stat_result | None = None,
        content_disposition_type: str = "attachment",
    ) -> None:
        self.path = path
        self.status_code = status_code
        self.filename = filename
        # An unknown type is "just bytes", not text: a browser must not try to render it.
        self.media_type = (
            media_type or mimetypes.guess_type(filename or path)[0] or "application/octet-stream"
        )
        self.background = background
        self.stat_result = stat_result
        self.raw_headers = self._build_headers(headers, None)
        self.headers.setdefault("accept-ranges", "bytes")
        if filename is not None:
            quoted = quote(filename)  # RFC 6266: a name that needs quoting goes in filename*
            name = f'filename="{filename}"' if quoted == filename else f"filename*=utf-8''{quoted}"
            self.headers.setdefault("content-disposition", f"{content_disposition_type}; {name}")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        file_stat = self.stat_result or await self._stat()
        headers = _with_stat_headers(self.raw_headers, file_stat)
        head = scope["type"] == "http" and scope["method"].upper() == "HEAD"
        try:
            spans = self._requested_spans(scope, headers, file_stat.st_size)
        except MalformedRange as exc:
            await PlainTextResponse(str(exc), status_code=400)(scope, receive, send)
            return
        except RangeNotSatisfiable as exc:
            await PlainTextResponse(status_code=416, headers={"content-range": f"bytes */{exc.size}"})(
                scope, receive, send
            )
            return
        pathsend = scope["type"] == "http" and "http.response.pathsend" in scope.get("extensions", {})
        send = denial_send(scope, send)
        if not spans:
            work = partial(self._send_whole, send, headers, head, pathsend)
        elif len(spans) == 1:
            work = partial(self._send_span, send, headers, spans[0], file_stat.st_size, head)
        else:
            work = partial(self._send_multipart, send, headers, spans, file_stat.st_size, head)
        if scope["type"] != "http" or head or (pathsend and not spans) or send_fails_after_disconnect(scope):
            await work()
        else:
            await until_disconnect(work, receive)
        if self.background is not None:
            await self.background()

    async def _stat(self) -> os.stat_result:
        try:
            file_stat = await anyio.Path(self.path).stat()
        except FileNotFoundError:
            raise RuntimeError(f"File at path {self.path} does not exist.") from None
        if not stat.S_ISREG(file_stat.st_mode):
            raise RuntimeError(f"File at path {self.path} is not a file.")
        return file_stat

    def _requested_spans(self, scope: Scope, headers: MutableHeaders, size: int) -> list[Span]:
        """The byte spans to send; [] for the whole file. A range applies only to a 200 answer
        to GET or HEAD, and only while `If-Range` (when sent) still names this very file."""
        request = Headers(scope=scope)
        range_header = request.get("range")
        if (
            range_header is None
            or self.status_code != 200
            or (scope["type"] == "http" and scope["method"].upper() not in ("GET", "HEAD"))
        ):
            return []
        if_range = request.get("if-range")
        if if_range is not None and not _still_current(if_range, headers):
            return []
        return parse_range(range_header, size, self.max_ranges)

    async def _send_whole(self, send: Send, headers: MutableHeaders, head: bool, pathsend: bool) -> None:
        await send({"type": "http.response.start", "status": self.status_code, "headers": headers.raw})
        if head:
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        elif pathsend:  # the server sends the file itself, without the app reading it
            await send({"type": "http.response.pathsend", "path": os.fspath(self.path)})
        else:
            async with _opened(self.path) as file:
                await self._send_chunks(send, file, 0, None)

    async def _send_span(
        self, send: Send, headers: MutableHeaders, span: Span, size: int, head: bool
    ) -> None:
        start, end = span
        headers["content-range"] = f"bytes {start}-{end - 1}/{size}"
        headers["content-length"] = str(end - start)
        await send({"type": "http.response.start", "status": 206, "headers": headers.raw})
        if head:
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        else:
            async with _opened(self.path) as file:
                await self._send_chunks(send, file, start, end)

    async def _send_chunks(
        self, send: Send, file: anyio.AsyncFile[bytes], start: int, end: int | None
    ) -> None:
        """Bytes start..end (to the end of the file when None); a short read is the last chunk."""
        await file.seek(start)
        more_body = True
        while more_body:
            chunk = await file.read(self.chunk_size if end is None else min(self.chunk_size, end - start))
            start += len(chunk)
            more_body = len(chunk) == self.chunk_size and (end is None or start < end)
            await send({"type": "http.response.body", "body": chunk, "more_body": more_body})

    async def _send_multipart(
        self, send: Send, headers: MutableHeaders, spans: list[Span], size: int, head: bool
    ) -> None:
        boundary = token_hex(13)  # ~100 random bits, as browsers use: it cannot occur in the file
        content_type = headers["content-type"]
        headers["content-type"] = f"multipart/byteranges; boundary={boundary}"
        headers["content-length"] = str(multipart_length(boundary, content_type, spans, size))
        await send({"type": "http.response.start", "status": 206, "headers": headers.raw})
        if head:
            await send({"type": "http.response.body", "body": b"", "more_body": False})
            return
        async with _opened(self.path) as file:
            for start, end in spans:
                header = part_header(boundary, content_type, (start, end), size)
                await send({"type": "http.response.body", "body": header, "more_body": True})
                await file.seek(start)
                while start < end:
                    chunk = await file.read(min(self.chunk_size, end - start))
                    if not chunk:  # the file shrank since stat(): the promised length is a lie
                        raise RuntimeError(f"File at path {self.path} is shorter than expected.")
                    start += len(chunk)
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
                await send({"type": "http.response.body", "body": b"\r\n", "more_body": True})
            await send({"type": "http.response.body", "body": closing_boundary(boundary), "more_body": False})


def _with_stat_headers(raw: list[tuple[bytes, bytes]], file_stat: os.stat_result) -> MutableHeaders:
    """A copy of the response's headers plus what the file says about itself. The ETag is a
    hash of modification time and size: it changes whenever the file does."""
    headers = MutableHeaders(raw=list(raw))
    headers.setdefault("content-length", str(file_stat.st_size))
    headers.setdefault("last-modified", formatdate(file_stat.st_mtime, usegmt=True))
    version = f"{file_stat.st_mtime}-{file_stat.st_size}".encode()
    headers.setdefault("etag", f'"{hashlib.md5(version, usedforsecurity=False).hexdigest()}"')
    return headers


def _still_current(if_range: str, headers: MutableHeaders) -> bool:
    """`If-Range` says "only if the file is still the one I have": it must equal our ETag or
    Last-Modified. A weak ETag (`W/"..."`) never qualifies (RFC 9110, 13.1.5)."""
    return not if_range.startswith("W/") and if_range in (headers.get("etag"), headers.get("last-modified"))


@asynccontextmanager
async def _opened(path: str | os.PathLike[str]) -> AsyncIterator[anyio.AsyncFile[bytes]]:
    """The file, opened for reading, closed on the way out even when the transfer is cancelled
    (closing runs in a worker thread, which a cancelled task would otherwise never reach)."""
    file = await anyio.open_file(path, "rb")
    try:
        yield file
    finally:
        with anyio.CancelScope(shield=True):
            await file.aclose()
