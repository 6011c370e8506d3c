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
    """True for functions and methods (`f(request)`); false for classes and ASGI instances (milestone 2)."""
    raise NotImplementedError(
        "Say whether the endpoint is a function or a method, also when it is wrapped in "
        "functools.partial; a class or a class instance (an ASGI app) is not."
    )


def is_async_callable(endpoint: Callable[..., Any]) -> bool:
    """Milestone 4."""
    raise NotImplementedError(
        "Say whether calling the endpoint gives a coroutine (an `async def`), also through functools.partial."
    )


def request_response(endpoint: Callable[[Request], Any]) -> ASGIApp:
    """Wrap `endpoint(request) -> Response` (async, or sync run in a thread) as ASGI (milestone 4)."""
    raise NotImplementedError(
        "Return an ASGI app that calls the endpoint with a Request for the connection and sends "
        "the Response it returns; a sync endpoint must run in a worker thread, never on the event loop."
    )


def websocket_session(endpoint: WebSocketEndpoint) -> ASGIApp:
    """Wrap `async endpoint(websocket)` as ASGI (milestone 5)."""
    raise NotImplementedError(
        "Return an ASGI app that calls the endpoint with a WebSocket for the connection."
    )
