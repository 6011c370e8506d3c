"""How a handler becomes an ASGI app: decided once, when its route is created.

`request_response` wraps `handler(request, **path_params)`: it knows already whether the
handler is `async def` or must run in a worker thread, so a request has no decision left to
make. The handler may return a Response, or a str (plain text) or a dict/list (JSON).

An exception the handler raises is answered right here, by the application's handler for it
(`handle_exception`, which finds the handlers ExceptionMiddleware put in the scope), with the
very `Request` the handler had. So middleware given to a route or a mount sees an ordinary
response, and an exception handler can still read a body the endpoint already consumed.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable
from typing import Any

from miniasgi.concurrency import is_async_callable, run_in_threadpool
from miniasgi.exceptions import WebSocketDisconnect
from miniasgi.middleware import handle_exception
from miniasgi.requests import DEFAULT_MAX_BODY_SIZE, Request
from miniasgi.responses import JSONResponse, PlainTextResponse, Response
from miniasgi.types import ASGIApp, Receive, Scope, Send
from miniasgi.websockets import WebSocket

Endpoint = Callable[..., Any]


def check_signature(endpoint: Endpoint, path: str, names: list[str]) -> None:
    """Fail at registration, not at request time, when the handler cannot take the params."""
    raise NotImplementedError(
        "Milestone 2: raise TypeError, naming the parameter, when `endpoint` (after its first "
        "argument) cannot take these path parameters as keyword arguments, or needs an argument the "
        "path does not give."
    )


def to_response(result: Any) -> Response:
    """What a handler may return besides a Response: text, or JSON-able dicts and lists."""
    raise NotImplementedError(
        "Milestone 2: return a Response for what a handler returned: a Response as it is, a str as "
        "plain text, a dict or list as JSON; anything else is a TypeError."
    )


def request_response(endpoint: Endpoint, max_body_size: int | None = DEFAULT_MAX_BODY_SIZE) -> ASGIApp:
    """Adapt `handler(request, **params)` into an ASGI app; sync handlers go to a thread."""
    raise NotImplementedError(
        "Milestone 2: return an ASGI app that calls `endpoint(request, **path_params)` (a sync "
        "endpoint in a worker thread) and sends the Response made from what it returned. "
        "Milestone 3: an exception the handler raises is answered with "
        "`await handle_exception(request, exc)` (it re-raises when no handler fits). "
        "Milestone 9: once the response is sent, `await request.close()` (a form's files)."
    )


def websocket_session(endpoint: Endpoint) -> ASGIApp:
    """Adapt `ws_handler(websocket, **params)` into an ASGI app.

    A client that disconnects ends the session normally: a handler looping on
    `receive_text()` needs no try/except of its own.
    """
    raise NotImplementedError(
        "Milestone 8: return an ASGI app that calls `endpoint(websocket, **path_params)`; a sync "
        "endpoint is a TypeError right away, and a client that disconnects ends the session "
        "quietly. Another exception goes to `handle_exception(websocket, exc)`, whose response "
        "(if any) is sent."
    )
