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
    raise NotImplementedError("Unwrap functools.partial, then use inspect.isfunction / inspect.ismethod.")


def is_async_callable(endpoint: Callable[..., Any]) -> bool:
    raise NotImplementedError("Unwrap functools.partial, then use inspect.iscoroutinefunction.")


def request_response(endpoint: Callable[[Request], Any]) -> ASGIApp:
    """Wrap `endpoint(request) -> Response` (async, or sync run in a thread) as ASGI."""
    raise NotImplementedError(
        "Decide async vs sync now; return an ASGI app that builds Request(scope, receive), "
        "awaits the endpoint (or run_in_threadpool for a sync one) and awaits the response."
    )


def websocket_session(endpoint: WebSocketEndpoint) -> ASGIApp:
    """Wrap `async endpoint(websocket)` as ASGI."""
    raise NotImplementedError("Return an ASGI app that awaits endpoint(WebSocket(scope, receive, send)).")
