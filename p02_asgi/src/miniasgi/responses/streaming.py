"""`StreamingResponse`: a body sent piece by piece, and how a stream learns the client left.

An HTTP response may be sent as many `http.response.body` messages (`more_body=True` on all
but the last); the server writes each one out as it comes. The hard part is stopping: a
stream nobody reads any more must end, or an endless one runs for nobody. How the app finds
out depends on the server's ASGI version (`scope["asgi"]["spec_version"]`):

- 2.4 and later: `send` raises `OSError` once the client is gone. The stream turns that into
  `ClientDisconnect`, which the error stack ends quietly.
- before 2.4 (uvicorn's HTTP says 2.3): `send` silently drops what it gets, so a second task
  waits on `receive()` for `http.disconnect` and cancels the stream when it comes
  (`until_disconnect`, which `FileResponse` uses too).
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable, Mapping
from functools import partial

import anyio

from miniasgi.concurrency import create_collapsing_task_group, iterate_in_threadpool
from miniasgi.exceptions import ClientDisconnect
from miniasgi.responses.base import Background, Response, denial_send
from miniasgi.types import Receive, Scope, Send

Content = str | bytes | memoryview
ContentStream = Iterable[Content] | AsyncIterable[Content]


def send_fails_after_disconnect(scope: Scope) -> bool:
    """Does this server raise OSError from `send` once the client is gone (ASGI spec 2.4+)?"""
    version = scope.get("asgi", {}).get("spec_version", "2.0")
    return tuple(map(int, version.split("."))) >= (2, 4)


async def until_disconnect(work: Callable[[], Awaitable[None]], receive: Receive) -> None:
    """Run `work` while a second task waits for `http.disconnect`; the first to finish
    cancels the other. An exception from `work` comes out as itself, not in an ExceptionGroup
    (callers, and the error stack above them, catch `OSError` or `ClientDisconnect` by type)."""
    async with create_collapsing_task_group() as group:
        group.start_soon(_cancel_on_disconnect, receive, group.cancel_scope)
        await work()
        group.cancel_scope.cancel()


async def _cancel_on_disconnect(receive: Receive, cancel_scope: anyio.CancelScope) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass  # the rest of a request body nobody read
    cancel_scope.cancel()


class StreamingResponse(Response):
    """A body produced piece by piece: each chunk is sent as soon as the iterator yields it.

    There is no Content-Length (the size is unknown up front), so the server uses chunked
    encoding. A sync iterator is advanced in a worker thread so a slow `next()` never stalls
    the event loop. For HEAD the iterator is not consumed at all. A stream that stops early
    closes its iterator, so a generator's cleanup runs right then.
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
        if scope["type"] == "websocket":  # a denial response: no disconnect to watch for
            await self._stream(scope, denial_send(scope, send))
        elif send_fails_after_disconnect(scope):
            try:
                await self._stream(scope, send)
            except OSError as exc:
                raise ClientDisconnect() from exc
        else:
            await until_disconnect(partial(self._stream, scope, send), receive)
        if self.background is not None:
            await self.background()

    async def _stream(self, scope: Scope, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
        if scope.get("method") != "HEAD":
            chunks = aiter(self.body_iterator)
            try:
                async for chunk in chunks:
                    body = chunk.encode(self.charset) if isinstance(chunk, str) else chunk
                    await send({"type": "http.response.body", "body": body, "more_body": True})
            finally:
                await _close(chunks)
        await send({"type": "http.response.body", "body": b"", "more_body": False})


async def _close(chunks: AsyncIterator[Content]) -> None:
    """Close the iterator now. A generator stopped halfway (the client left, the task was
    cancelled, `send` failed) then runs its `finally` blocks at once, releasing what it holds,
    not whenever the garbage collector gets to it. Shielded: the task may be cancelled already."""
    aclose = getattr(chunks, "aclose", None)
    if aclose is not None:
        with anyio.CancelScope(shield=True):
            await aclose()
