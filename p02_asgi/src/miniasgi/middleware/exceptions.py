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
    if exc.status_code in (204, 304):
        return Response(status_code=exc.status_code, headers=exc.headers)
    return PlainTextResponse(exc.detail, status_code=exc.status_code, headers=exc.headers)


async def websocket_exception_close(websocket: WebSocket, exc: WebSocketException) -> None:
    """The default answer to a WebSocketException: close with its code and reason."""
    await websocket.close(code=exc.code, reason=exc.reason)


class ExceptionMiddleware:
    """Map raised exceptions to responses (HTTP) or close frames (WebSocket)."""

    def __init__(self, app: ASGIApp, handlers: Mapping[HandlerKey, ExceptionHandler] | None = None) -> None:
        self.app = app
        self.status_handlers: dict[int, ExceptionHandler] = {}
        self.class_handlers: dict[type[BaseException], ExceptionHandler] = {
            HTTPException: http_exception_response,
            WebSocketException: websocket_exception_close,
        }
        for key, handler in (handlers or {}).items():
            self.add_exception_handler(key, handler)

    def add_exception_handler(self, key: HandlerKey, handler: ExceptionHandler) -> None:
        """`404` handles HTTPExceptions with that status; a class handles it and its subclasses."""
        if isinstance(key, int):
            self.status_handlers[key] = handler
        else:
            self.class_handlers[key] = handler

    def lookup(self, exc: Exception) -> ExceptionHandler | None:
        if isinstance(exc, HTTPException) and exc.status_code in self.status_handlers:
            return self.status_handlers[exc.status_code]
        for cls in type(exc).__mro__:
            if cls in self.class_handlers:
                return self.class_handlers[cls]
        return None

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
        handler = self.lookup(exc)
        if handler is None:
            raise exc
        response = await call_handler(handler, connection, exc)
        if isinstance(connection, Request) and not isinstance(response, Response):
            raise TypeError(
                f"Exception handler {handler!r} must return a Response, got {response!r}."
            ) from exc
        exc.__traceback__ = None
        return response if isinstance(response, Response) else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        scope[HANDLERS] = self
        if kind == "websocket":
            try:
                await self.app(scope, receive, send)
            except Exception as exc:
                response = await self.answer(WebSocket(scope, receive, send), exc)
                if response is not None:  # a handler may refuse the handshake with a response
                    await response(scope, receive, send)
            return

        # Right under ServerErrorMiddleware, `send` is its watcher: one wrapper serves both
        # layers, and each message passes through one extra call instead of two.
        watched = send if isinstance(send, SendWatcher) else SendWatcher(send)
        try:
            await self.app(scope, receive, watched)
        except ClientDisconnect:
            return
        except Exception as exc:
            if watched.started and self.lookup(exc) is not None:
                raise RuntimeError("Caught handled exception, but response already started.") from exc
            response = await self.answer(Request(scope, receive, send), exc)
            await response(scope, receive, send)


@overload
async def handle_exception(connection: Request, exc: Exception) -> Response: ...
@overload
async def handle_exception(connection: WebSocket, exc: Exception) -> Response | None: ...
async def handle_exception(connection: Request | WebSocket, exc: Exception) -> Response | None:
    """Answer `exc` where it was raised, with the application's handler for it; call it from
    an `except` block. Re-raises `exc` when no handler fits, or when no ExceptionMiddleware
    left its handlers in the scope (a bare router): the exception then travels on outwards.
    """
    middleware: ExceptionMiddleware | None = connection.scope.get(HANDLERS)
    if middleware is None:
        raise exc
    return await middleware.answer(connection, exc)


async def call_handler(handler: Callable[..., Any], connection: Any, exc: Exception) -> Any:
    """Call an exception handler: an async one right here, a sync one in a worker thread, as
    endpoints are (it may block). The defaults are async, so an error answer costs no thread."""
    if is_async_callable(handler):
        return await handler(connection, exc)
    return await run_in_threadpool(handler, connection, exc)


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
