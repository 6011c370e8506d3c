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

from collections.abc import AsyncIterable, Awaitable, Callable, Iterable, Mapping
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
    raise NotImplementedError(
        "Milestone 6: compare scope['asgi']['spec_version'] ('2.0' when absent), as a tuple of "
        "ints, with (2, 4)."
    )


async def until_disconnect(work: Callable[[], Awaitable[None]], receive: Receive) -> None:
    """Run `work` while a second task waits for `http.disconnect`; the first to finish
    cancels the other. An exception from `work` comes out as itself, not in an ExceptionGroup
    (callers, and the error stack above them, catch `OSError` or `ClientDisconnect` by type)."""
    raise NotImplementedError(
        "Milestone 6: in a create_collapsing_task_group(), start a task that loops on receive() "
        "until 'http.disconnect' and then cancels the group; await work() in the group's body, "
        "then cancel the group (the collapsing group re-raises work()'s exception as itself)."
    )


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
        raise NotImplementedError(
            "Milestone 6: keep the status, media type and background task, and an async iterator "
            "over `content` (a sync iterable is advanced in a worker thread); the headers have no "
            "content-length."
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Milestone 6: send the start message, then each chunk as its own body message "
            "(more_body=True) as soon as the iterator yields it, then an empty last one (HEAD: "
            "start and last only); if it stops early, aclose() the iterator (shielded). ASGI "
            "2.4+: OSError from send becomes ClientDisconnect; before 2.4, stream inside "
            "until_disconnect. Then run the background task. Milestone 8: on a 'websocket' "
            "scope, stream through denial_send and watch nothing."
        )
