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
    parameters = list(inspect.signature(endpoint).parameters.values())[1:]  # skip request/websocket
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return
    accepted = {p.name for p in parameters if p.kind is not inspect.Parameter.POSITIONAL_ONLY}
    missing = [name for name in names if name not in accepted]
    unfilled = [p.name for p in parameters if p.default is p.empty and p.name not in names]
    if missing or unfilled:
        raise TypeError(
            f"{getattr(endpoint, '__qualname__', endpoint)} does not fit the route {path!r}: "
            f"path parameters without a matching argument: {missing}; "
            f"required arguments the path does not provide: {unfilled}."
        )


def to_response(result: Any) -> Response:
    """What a handler may return besides a Response: text, or JSON-able dicts and lists."""
    if isinstance(result, Response):
        return result
    if isinstance(result, str):
        return PlainTextResponse(result)
    if isinstance(result, dict | list):
        return JSONResponse(result)
    raise TypeError(f"A handler must return a Response, str, dict or list, not {type(result).__name__}.")


def request_response(endpoint: Endpoint, max_body_size: int | None = DEFAULT_MAX_BODY_SIZE) -> ASGIApp:
    """Adapt `handler(request, **params)` into an ASGI app; sync handlers go to a thread."""
    is_async = is_async_callable(endpoint)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive, send, max_body_size=max_body_size)
        try:
            if is_async:
                result = await endpoint(request, **scope["path_params"])
            else:
                result = await run_in_threadpool(endpoint, request, **scope["path_params"])
            response = result if isinstance(result, Response) else to_response(result)
        except Exception as exc:
            response = await handle_exception(request, exc)  # re-raises when nobody handles it
        try:
            await response(scope, receive, send)
        finally:
            await request.close()  # the files of a form the handler read: not left for the GC

    return app


def websocket_session(endpoint: Endpoint) -> ASGIApp:
    """Adapt `ws_handler(websocket, **params)` into an ASGI app.

    A client that disconnects ends the session normally: a handler looping on
    `receive_text()` needs no try/except of its own.
    """
    if not is_async_callable(endpoint):
        raise TypeError(f"WebSocket handler {endpoint!r} must be an async function.")

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        try:
            with contextlib.suppress(WebSocketDisconnect):
                await endpoint(websocket, **scope["path_params"])
        except Exception as exc:
            response = await handle_exception(websocket, exc)
            if response is not None:  # a handler may refuse the handshake with a response
                await response(scope, receive, send)

    return app
