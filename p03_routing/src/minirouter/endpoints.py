"""Adapters that turn a user's endpoint function into an ASGI app, once per route.

A route only ever calls an ASGI app. When the endpoint is a function we wrap it here, at
startup: the wrapper knows already whether the function is async or must go to a thread
(miniasgi's `is_async_callable`, one answer for the whole course), so the request path has
no decision left to make.

An exception the endpoint raises is answered right here by the application's handler for
it (miniasgi's `handle_exception`), with the endpoint's own Request or WebSocket: a
middleware given to this route or to a Mount around it then sees an ordinary response.
Without an application around (a bare router) the exception simply travels on.
"""

import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from miniasgi import Request, Response, WebSocket, is_async_callable, run_in_threadpool
from miniasgi.middleware import handle_exception
from miniasgi.types import ASGIApp, Receive, Scope, Send

WebSocketEndpoint = Callable[[WebSocket], Awaitable[None]]


def is_function_endpoint(endpoint: Callable[..., Any]) -> bool:
    """True for functions and methods (`f(request)`); false for classes and ASGI instances."""
    while isinstance(endpoint, functools.partial):
        endpoint = endpoint.func
    return inspect.isfunction(endpoint) or inspect.ismethod(endpoint)


def request_response(endpoint: Callable[[Request], Any]) -> ASGIApp:
    """Wrap `endpoint(request) -> Response` (async, or sync run in a thread) as ASGI."""
    call: Callable[[Request], Awaitable[Response]] = (
        endpoint if is_async_callable(endpoint) else functools.partial(run_in_threadpool, endpoint)
    )

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive, send)
        try:
            response = await call(request)
        except Exception as exc:
            response = await handle_exception(request, exc)  # re-raises when nobody handles it
        await response(scope, receive, send)

    return app


def websocket_session(endpoint: WebSocketEndpoint) -> ASGIApp:
    """Wrap `async endpoint(websocket)` as ASGI."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        try:
            await endpoint(websocket)
        except Exception as exc:
            response = await handle_exception(websocket, exc)
            if response is not None:  # a handler may refuse the handshake with a response
                await response(scope, receive, send)

    return app
