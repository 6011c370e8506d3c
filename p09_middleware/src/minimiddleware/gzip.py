"""`GZipMiddleware`: compress a response on its way out, without holding a stream back.

The client says what it can decode (`Accept-Encoding: gzip`); the app never needs to know.
Whether compressing pays off is only known once the body starts to arrive, so the layer
holds `http.response.start` back until the first body message and then decides:

- Leave the response alone, and send the held start as it was, when compressing cannot help
  or would break something: the app already encoded it (`Content-Encoding`), it is one range
  of a resource (206: the client asked for bytes of the *unencoded* resource), its media
  type is already compressed or must reach the client as each event happens (images, video,
  archives, `text/event-stream`), or it is a single message shorter than `minimum_size`,
  where the gzip framing (18 bytes) and the CPU outweigh the gain.
- Otherwise add `Vary: Accept-Encoding` (a cache must not hand the gzipped copy to a client
  that did not ask for it, nor the plain one to a client that did; that is true even when
  this client did not ask), and, if the client accepts gzip, compress:
  - a single-message body in one go, with the compressed `Content-Length`;
  - a stream chunk by chunk: each chunk is compressed and *flushed* (`Z_SYNC_FLUSH`, which
    ends the deflate block on a byte boundary) so the client can decode everything sent so
    far while the app is still producing the rest. Its total length is unknown, so any
    `Content-Length` goes and the server falls back to chunked transfer.

Starlette's `GZipMiddleware` makes the same decisions (read `starlette/middleware/gzip.py`),
including matching "gzip" anywhere in `Accept-Encoding`, q-values ignored: an explicit
`gzip;q=0` is rare enough that both treat it as a yes. Both use zlib's own gzip framing
(modification time 0), so for the same input they produce the same bytes.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

from miniasgi import Headers, MutableHeaders, run_in_threadpool
from miniasgi.types import ASGIApp, Message, Receive, Scope, Send

# Media types that are already compressed, or (event streams, gRPC) whose frames must reach
# the client as they are sent; "type/*" covers a whole family. Starlette's defaults.
EXCLUDED_CONTENT_TYPES = (
    "application/grpc",
    "application/gzip",
    "application/x-gzip",
    "application/zip",
    "audio/*",
    "font/woff",
    "font/woff2",
    "image/avif",
    "image/gif",
    "image/jpeg",
    "image/png",
    "image/webp",
    "text/event-stream",
    "video/*",
)

# Compressing 128 KiB at level 9 takes about 5 ms, 1 MiB about 50 ms: long enough to stall
# every other request on the event loop. A chunk this big is compressed in a worker thread
# (zlib releases the GIL while it works).
THREAD_MINIMUM_SIZE = 128 * 1024

_GZIP_WBITS = 16 + zlib.MAX_WBITS  # 16 +: zlib writes the gzip header and trailer itself


def _media_type(content_type: str) -> str:
    return content_type.partition(";")[0].strip().lower()


class GZipMiddleware:
    """Compress http responses with gzip for clients that accept it.

    `minimum_size` is the smallest single-message body worth compressing (a stream is always
    compressed: its size is unknown when it starts); `compresslevel` trades CPU for size
    (1 fastest .. 9 smallest); `exclude_content_types` lists media types left alone.
    """

    def __init__(
        self,
        app: ASGIApp,
        minimum_size: int = 500,
        compresslevel: int = 9,
        *,
        exclude_content_types: Iterable[str] = EXCLUDED_CONTENT_TYPES,
    ) -> None:
        self.app = app
        self.minimum_size = minimum_size
        self.compresslevel = compresslevel
        self.excluded = frozenset(_media_type(media_type) for media_type in exclude_content_types)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        accepts_gzip = "gzip" in Headers(scope=scope).get("accept-encoding", "")
        await self.app(scope, receive, _ResponseEncoder(self, send, accepts_gzip).send)

    def leaves_alone(self, headers: Headers, status: int) -> bool:
        """Whether the response must go out exactly as the app wrote it, whatever its size."""
        if "content-encoding" in headers or status == 206:
            return True
        media_type = _media_type(headers.get("content-type", ""))
        family = media_type.partition("/")[0] + "/*"
        grpc = media_type.startswith("application/grpc+") and "application/grpc" in self.excluded
        return grpc or media_type in self.excluded or family in self.excluded


class _ResponseEncoder:
    """One response's journey through the middleware: the `send` the app is given.

    It starts by holding `http.response.start`; the first body message settles the response
    into one of two paths: sent untouched from then on, or compressed chunk by chunk.
    """

    def __init__(self, middleware: GZipMiddleware, send: Send, accepts_gzip: bool) -> None:
        self.middleware = middleware
        self.downstream = send
        self.accepts_gzip = accepts_gzip
        self.held: Message | None = None  # the start message, until the first body decides
        self.untouched = False
        self.compressor: zlib._Compress | None = None

    async def send(self, message: Message) -> None:
        kind = message["type"]
        if self.untouched:
            await self.downstream(message)
        elif kind == "http.response.start":
            # A copy: an app may send the same header list for every response (a response
            # object kept and reused), and our edits must not leak into the next one.
            message = {**message, "headers": list(message.get("headers", ()))}
            if self.middleware.leaves_alone(Headers(raw=message["headers"]), message["status"]):
                self.untouched = True
                await self.downstream(message)
            else:
                self.held = message
        elif kind == "http.response.body" and self.compressor is not None:
            body = await self.compress(message.get("body", b""), message.get("more_body", False))
            await self.downstream({**message, "body": body})
        elif kind == "http.response.body":
            await self.first_body(message)
        else:
            # Any other message goes as it is: trailers come after the last chunk, and a file
            # sent by path (`http.response.pathsend`), which the server reads itself, cannot
            # be compressed on the way, so the start held back for it goes out unchanged.
            self.untouched = True
            if self.held is not None:
                await self.downstream(self.held)
            await self.downstream(message)

    async def first_body(self, message: Message) -> None:
        assert self.held is not None, "http.response.body came before http.response.start"
        start, self.held = self.held, None
        body, streaming = message.get("body", b""), message.get("more_body", False)
        if not streaming and len(body) < self.middleware.minimum_size:
            self.untouched = True
        else:
            headers = MutableHeaders(raw=start["headers"])
            headers["Vary"] = ", ".join([*headers.getlist("vary"), "Accept-Encoding"])
            if self.accepts_gzip:
                self.compressor = zlib.compressobj(self.middleware.compresslevel, zlib.DEFLATED, _GZIP_WBITS)
                message = {**message, "body": await self.compress(body, streaming)}
                headers["Content-Encoding"] = "gzip"
                if streaming or start.get("trailers", False):
                    del headers["Content-Length"]  # the server sends it chunked
                else:
                    headers["Content-Length"] = str(len(message["body"]))
            else:
                self.untouched = True
        await self.downstream(start)
        await self.downstream(message)

    async def compress(self, body: bytes, more_body: bool) -> bytes:
        if len(body) >= THREAD_MINIMUM_SIZE:
            return await run_in_threadpool(self._compress, body, more_body)
        return self._compress(body, more_body)

    def _compress(self, body: bytes, more_body: bool) -> bytes:
        assert self.compressor is not None
        # A sync flush makes everything so far decodable now; the last chunk closes the stream.
        flush_mode = zlib.Z_SYNC_FLUSH if more_body else zlib.Z_FINISH
        return self.compressor.compress(body) + self.compressor.flush(flush_mode)


__all__ = ["EXCLUDED_CONTENT_TYPES", "THREAD_MINIMUM_SIZE", "GZipMiddleware"]
