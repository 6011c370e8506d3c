"""Adapters that turn a user's endpoint function into an ASGI app, once per route.

A route only ever calls an ASGI app. When the endpoint is a function we wrap it here, at
startup: the wrapper knows already whether the function is async or must go to a thread,
so the request path has no decision left to make.
"""

import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from miniasgi import Request, Response, WebSocket, run_in_threadpool
from miniasgi.types import ASGIApp, Receive, Scope, Send

WebSocketEndpoint = Callable[[WebSocket], Awaitable[None]]


def is_function_endpoint(endpoint: Callable[..., Any]) -> bool:
    """True for functions and methods (`f(request)`); false for classes and ASGI instances."""
    while isinstance(endpoint, functools.partial):
        endpoint = endpoint.func
    return inspect.isfunction(endpoint) or inspect.ismethod(endpoint)


def is_async_callable(endpoint: Callable[..., Any]) -> bool:
    while isinstance(endpoint, functools.partial):
        endpoint = endpoint.func
    return inspect.iscoroutinefunction(endpoint)


def request_response(endpoint: Callable[[Request], Any]) -> ASGIApp:
    """Wrap `endpoint(request) -> Response` (async, or sync run in a thread) as ASGI."""
    if is_async_callable(endpoint):

        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            response: Response = await endpoint(Request(scope, receive))
            await response(scope, receive, send)

    else:

        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            response: Response = await run_in_threadpool(endpoint, Request(scope, receive))
            await response(scope, receive, send)

    return app


def websocket_session(endpoint: WebSocketEndpoint) -> ASGIApp:
    """Wrap `async endpoint(websocket)` as ASGI."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await endpoint(WebSocket(scope, receive, send))

    return app
