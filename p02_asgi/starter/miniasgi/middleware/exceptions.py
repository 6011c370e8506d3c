"""`ExceptionMiddleware`: turn the exceptions you raise on purpose into responses.

It sits just outside the router, so every endpoint can `raise HTTPException(404)` from any
depth and get a proper response. Handlers are looked up by status code first (for
HTTPException), then by the exception's class hierarchy. Anything without a handler keeps
propagating to `ServerErrorMiddleware`, which answers 500.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from miniasgi.concurrency import is_async_callable, run_in_threadpool
from miniasgi.exceptions import ClientDisconnect, HTTPException, WebSocketException
from miniasgi.requests import Request
from miniasgi.responses import PlainTextResponse, Response
from miniasgi.types import ASGIApp, Message, Receive, Scope, Send
from miniasgi.websockets import WebSocket

ExceptionHandler = Callable[[Any, Any], Any]  # (request or websocket, exc) -> Response
HandlerKey = int | type[BaseException]


async def http_exception_response(request: Request, exc: HTTPException) -> Response:
    """The default answer to an HTTPException: its detail as plain text (no body for 204/304).

    It stays `async def` although it awaits nothing: a plain function would be sent to a worker
    thread, and a 404 must not wait on a thread (the README's milestone 3 says why).
    """
    raise NotImplementedError(
        "Milestone 3: the response for an HTTPException: its detail as plain text, with its status "
        "and headers (and no body at all for 204 and 304)."
    )


async def websocket_exception_close(websocket: WebSocket, exc: WebSocketException) -> None:
    """The default answer to a WebSocketException: close with its code and reason."""
    await websocket.close(code=exc.code, reason=exc.reason)


class ExceptionMiddleware:
    """Map raised exceptions to responses (HTTP) or close frames (WebSocket)."""

    def __init__(self, app: ASGIApp, handlers: Mapping[HandlerKey, ExceptionHandler] | None = None) -> None:
        raise NotImplementedError(
            "Milestone 3: keep the app and the handlers, ready to be looked up by status code and "
            "by exception class; HTTPException and WebSocketException have default handlers."
        )

    def lookup(self, exc: Exception) -> ExceptionHandler | None:
        raise NotImplementedError(
            "Milestone 3: the handler for `exc`: by status code for an HTTPException, else the one "
            "registered for the nearest class in its hierarchy; None when there is none."
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Milestone 3: run the app; an exception that has a handler becomes the handler's "
            "response (milestone 8: on a WebSocket, the handler closes it); others propagate; a "
            "ClientDisconnect ends the request quietly."
        )


async def call_handler(handler: Callable[..., Any], connection: Any, exc: Exception) -> Any:
    """Call an exception handler: an async one right here, a sync one in a worker thread."""
    raise NotImplementedError(
        "Milestone 3: call handler(connection, exc) and return its result: await an async handler "
        "directly (no thread), run a sync handler in a worker thread."
    )


class SendWatcher:
    """Wrap `send` and remember whether the response has started.

    Both error layers need to know: once the status line is on the wire, an exception can no
    longer become a clean error response.
    """

    __slots__ = ("send", "started")

    def __init__(self, send: Send) -> None:
        self.send = send
        self.started = False

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
        await self.send(message)
