"""`@app.middleware("http")`: a plain function around every request, with `call_next`.

    @app.middleware("http")
    async def add_process_time(request, call_next):
        start = time.perf_counter()
        response = await call_next(request)
        response.headers["X-Process-Time"] = str(time.perf_counter() - start)
        return response

`call_next` runs the rest of the application in a task of its own and returns as soon as
the response *starts*: its status and headers are there to read and change, and its body is
streamed through as the application produces it, never collected first (a streamed download
stays a stream). If the application fails before it starts a response, the exception comes
out of the middleware, as if there were no middleware (the error stack above answers it).

Pure ASGI middleware (p09) is faster and can do more; this form trades a task and a channel
per request for the simplest way to write one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import anyio
from anyio.abc import TaskGroup
from anyio.streams.memory import MemoryObjectReceiveStream
from miniasgi import Request, Response, StreamingResponse
from miniasgi.concurrency import create_collapsing_task_group
from miniasgi.types import ASGIApp, Message, Receive, Scope, Send

CallNext = Callable[[Request], Awaitable[Response]]
Dispatch = Callable[[Request, CallNext], Awaitable[Response]]


class HTTPMiddleware:
    """Run `dispatch(request, call_next)` for every HTTP request (not for websockets or lifespan)."""

    def __init__(self, app: ASGIApp, dispatch: Dispatch) -> None:
        self.app = app
        self.dispatch = dispatch

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        async with create_collapsing_task_group() as group:

            async def call_next(request: Request) -> Response:
                return await self._run_app(request, group)

            response = await self.dispatch(Request(scope, receive), call_next)
            await response(scope, receive, send)
            group.cancel_scope.cancel()  # an app whose body nobody read any more

    async def _run_app(self, request: Request, group: TaskGroup) -> Response:
        sender, messages = anyio.create_memory_object_stream[Message]()

        async def run() -> None:
            async with sender:
                await self.app(request.scope, request.receive, sender.send)

        group.start_soon(run)
        try:
            start = await messages.receive()
        except anyio.EndOfStream:
            raise RuntimeError("No response returned: the application ended without starting one.") from None
        response = StreamingResponse(_body(messages), status_code=start["status"])
        response.raw_headers = list(start.get("headers", []))
        return response


async def _body(messages: MemoryObjectReceiveStream[Message]) -> AsyncIterator[bytes]:
    async with messages:
        async for message in messages:
            yield message.get("body", b"")
            if not message.get("more_body", False):
                break


__all__ = ["CallNext", "Dispatch", "HTTPMiddleware"]
