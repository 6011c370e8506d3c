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
    """True for functions and methods (`f(request)`); false for classes and ASGI instances (milestone 2)."""
    raise NotImplementedError(
        "Say whether the endpoint is a function or a method, also when it is wrapped in "
        "functools.partial; a class or a class instance (an ASGI app) is not."
    )


def request_response(endpoint: Callable[[Request], Any]) -> ASGIApp:
    """Wrap `endpoint(request) -> Response` (async, or sync run in a thread) as ASGI (milestone 4)."""
    raise NotImplementedError(
        "Return an ASGI app that calls the endpoint with a Request for the connection and sends "
        "the Response it returns; a sync endpoint must run in a worker thread, never on the event "
        "loop. An exception the endpoint raises is answered with `await handle_exception(request, "
        "exc)` (it re-raises when no handler fits)."
    )


def websocket_session(endpoint: WebSocketEndpoint) -> ASGIApp:
    """Wrap `async endpoint(websocket)` as ASGI (milestone 5)."""
    raise NotImplementedError(
        "Return an ASGI app that calls the endpoint with a WebSocket for the connection; an "
        "exception it raises goes to `handle_exception(websocket, exc)`, whose response (if any) "
        "is sent."
    )
