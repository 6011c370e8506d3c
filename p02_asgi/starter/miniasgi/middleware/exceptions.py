"""`ExceptionMiddleware`: turn the exceptions you raise on purpose into responses.

It sits just outside the router, so every endpoint can `raise HTTPException(404)` from any
depth and get a proper response. Handlers are looked up by status code first (for
HTTPException), then by the exception's class hierarchy. Anything without a handler keeps
propagating to `ServerErrorMiddleware`, which answers 500.

The middleware also leaves its handlers in the scope, so that an endpoint's own wrapper can
answer the exception where it was raised (`handle_exception`, used by miniasgi's and p03's
endpoint adapters). That is what lets middleware given to a route or a mount see a 403 as
a response, as the application's middleware does, and lets a handler read a body the
endpoint already consumed: it gets the endpoint's own Request.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, overload

from miniasgi.concurrency import is_async_callable, run_in_threadpool
from miniasgi.exceptions import ClientDisconnect, HTTPException, WebSocketException
from miniasgi.requests import Request
from miniasgi.responses import PlainTextResponse, Response
from miniasgi.types import ASGIApp, Message, Receive, Scope, Send
from miniasgi.websockets import WebSocket

ExceptionHandler = Callable[[Any, Any], Any]  # (request or websocket, exc) -> Response (or None)
HandlerKey = int | type[BaseException]

HANDLERS = "miniasgi.exception_handlers"
"""The scope key under which ExceptionMiddleware leaves itself for `handle_exception`."""


async def http_exception_response(request: Request, exc: HTTPException) -> Response:
    """The default answer to an HTTPException: its detail as plain text (no body for 204/304).

    `async` although it awaits nothing: call_handler would run a plain function in a worker
    thread, and that hop is enough for uvicorn to see a half-closed client (`nc -N`) as gone
    and drop the 404 it was about to get. Building a small response never blocks the loop.
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
            "Milestone 3: keep the app and the handlers, ready to be looked up by status code "
            "(self.status_handlers) and by exception class (self.class_handlers); HTTPException and "
            "WebSocketException have default handlers."
        )

    def add_exception_handler(self, key: HandlerKey, handler: ExceptionHandler) -> None:
        """`404` handles HTTPExceptions with that status; a class handles it and its subclasses."""
        raise NotImplementedError(
            "Milestone 3: file the handler under its status code (an int) or its exception class."
        )

    def lookup(self, exc: Exception) -> ExceptionHandler | None:
        raise NotImplementedError(
            "Milestone 3: the handler for `exc`: by status code for an HTTPException, else the one "
            "registered for the nearest class in its hierarchy; None when there is none."
        )

    @overload
    async def answer(self, connection: Request, exc: Exception) -> Response: ...
    @overload
    async def answer(self, connection: WebSocket, exc: Exception) -> Response | None: ...
    async def answer(self, connection: Request | WebSocket, exc: Exception) -> Response | None:
        """The registered handler's answer to `exc`; re-raises `exc` when none is registered.

        For a Request the handler must return a Response; for a WebSocket it may instead
        close the connection and return None. A handled exception forgets its traceback: an
        instance raised on every request (a module-level constant) would otherwise keep
        growing it, and keep every frame it went through alive.
        """
        raise NotImplementedError(
            "Milestone 3: re-raise `exc` when lookup finds no handler; else call it (call_handler) "
            "and return its response (for a Request it must be a Response: TypeError otherwise; for "
            "a WebSocket it may be None). Then clear exc.__traceback__."
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Milestone 3: put this middleware in scope[HANDLERS], run the app; an exception that has "
            "a handler becomes the handler's response (`answer`); others propagate. If the response "
            "had already started, RuntimeError('Caught handled exception, but response already "
            "started.'). A ClientDisconnect ends the request quietly. Milestone 8: on a WebSocket, "
            "send the handler's response if it returned one. Other scopes pass straight through."
        )


@overload
async def handle_exception(connection: Request, exc: Exception) -> Response: ...
@overload
async def handle_exception(connection: WebSocket, exc: Exception) -> Response | None: ...
async def handle_exception(connection: Request | WebSocket, exc: Exception) -> Response | None:
    """Answer `exc` where it was raised, with the application's handler for it; call it from
    an `except` block. Re-raises `exc` when no handler fits, or when no ExceptionMiddleware
    left its handlers in the scope (a bare router): the exception then travels on outwards.
    """
    raise NotImplementedError(
        "Milestone 3: ask the ExceptionMiddleware in connection.scope[HANDLERS] to answer `exc`; "
        "re-raise `exc` when there is none (a bare router)."
    )


async def call_handler(handler: Callable[..., Any], connection: Any, exc: Exception) -> Any:
    """Call an exception handler: an async one right here, a sync one in a worker thread, as
    endpoints are (it may block). The defaults are async, so an error answer costs no thread."""
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
