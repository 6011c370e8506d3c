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
        raise NotImplementedError(
            "Milestone 6: keep the path, status, background task and stat_result; the media type is "
            "the one given, else guessed from the file name, else application/octet-stream; the "
            "headers get accept-ranges: bytes and, when a filename is given, Content-Disposition: "
            "<content_disposition_type>; filename=... (filename*=utf-8''... when it needs quoting)."
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Milestone 6: stat the file (a missing path or a directory is a RuntimeError naming it); "
            "send a copy of the headers plus content-length, last-modified and etag from the stat; "
            "then the file in chunks of chunk_size bytes (headers only for HEAD), closing it even "
            "when cancelled. A Range header (GET or HEAD, status 200, If-Range matching) gets a 206 "
            "with the bytes asked for, a multipart/byteranges body for several ranges, 416 or 400 "
            "for bad ones. Before ASGI 2.4, send inside until_disconnect. Then the background task."
        )
