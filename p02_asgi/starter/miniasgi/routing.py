"""A deliberately small router: a list of compiled regex routes, tried in order.

Everything that depends only on your code happens once, when a route is registered: the path
template becomes a regex, the endpoint's signature is checked against the template, and we
decide whether it is async or must run in a thread. Per request, the router only matches
regexes and calls. (Project p03 builds the full router: converters, mounts, url_path_for.)
"""

from __future__ import annotations

import contextlib
import inspect
import re
from collections.abc import Callable, Collection
from typing import Any

from miniasgi.concurrency import is_async_callable, run_in_threadpool
from miniasgi.exceptions import HTTPException, WebSocketDisconnect, WebSocketException
from miniasgi.lifespan import LifespanFactory, no_lifespan, run_lifespan
from miniasgi.requests import DEFAULT_MAX_BODY_SIZE, Request
from miniasgi.responses import JSONResponse, PlainTextResponse, Response
from miniasgi.types import ASGIApp, Receive, Scope, Send
from miniasgi.websockets import WebSocket

Endpoint = Callable[..., Any]

_PARAM = re.compile(r"{([A-Za-z_][A-Za-z0-9_]*)}")


def compile_path(path: str) -> tuple[re.Pattern[str], list[str]]:
    r"""`/hello/{name}` -> `^/hello/(?P<name>[^/]+)\Z` and `["name"]`.

    `\Z`, not `$`: `$` also matches before a trailing newline, so `/users%0A` would reach `/users`.
    """
    raise NotImplementedError(
        r"Turn '/a/{x}' into the regex ^/a/(?P<x>[^/]+)\Z and the list of names; reject paths "
        "without a leading '/'."
    )


def check_signature(endpoint: Endpoint, path: str, names: list[str]) -> None:
    """Fail at registration, not at request time, when the handler cannot take the params."""
    raise NotImplementedError(
        "Raise TypeError when the handler cannot accept the path parameters as keyword arguments."
    )


def to_response(result: Any) -> Response:
    """What a handler may return besides a Response: text, or JSON-able dicts and lists."""
    raise NotImplementedError(
        "Pass Responses through; str -> PlainTextResponse, dict/list -> JSONResponse, else TypeError."
    )


def request_response(endpoint: Endpoint, max_body_size: int | None = DEFAULT_MAX_BODY_SIZE) -> ASGIApp:
    """Adapt `handler(request, **params)` into an ASGI app; sync handlers go to a thread."""
    raise NotImplementedError(
        "Return an ASGI app that builds a Request, calls the handler with the path params (sync "
        "ones in a thread) and sends the response."
    )


def websocket_session(endpoint: Endpoint) -> ASGIApp:
    """Adapt `ws_handler(websocket, **params)` into an ASGI app.

    A client that disconnects ends the session normally: a handler looping on
    `receive_text()` needs no try/except of its own.
    """
    raise NotImplementedError(
        "Reject sync handlers, then return an ASGI app that calls the handler with a WebSocket "
        "and ends quietly on WebSocketDisconnect."
    )


class Route:
    """An HTTP route: a path template, the methods it answers, and its endpoint."""

    def __init__(
        self,
        path: str,
        endpoint: Endpoint,
        methods: Collection[str] | None = None,
        *,
        max_body_size: int | None = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        raise NotImplementedError(
            "Compile the path, check the handler's signature, normalise methods (GET adds HEAD) "
            "and build self.app with request_response."
        )

    def __repr__(self) -> str:
        return f"Route({self.path!r}, methods={sorted(self.methods)})"


class WebSocketRoute:
    """A WebSocket route: a path template and its async endpoint."""

    def __init__(self, path: str, endpoint: Endpoint) -> None:
        raise NotImplementedError(
            "Compile the path, check the signature and build self.app with websocket_session."
        )

    def __repr__(self) -> str:
        return f"WebSocketRoute({self.path!r})"


class Router:
    """Dispatch by scope type; for HTTP, first matching route wins, else 404 or 405."""

    def __init__(self, lifespan: LifespanFactory = no_lifespan) -> None:
        self.routes: list[Route] = []
        self.websocket_routes: list[WebSocketRoute] = []
        self.lifespan = lifespan

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError("Dispatch on scope['type']: http, websocket, or lifespan (run_lifespan).")

    async def handle_http(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Try each route's regex; on a method match set scope['path_params'] and call it; else"
            " raise 405 with Allow, or 404."
        )

    async def handle_websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Call the first matching websocket route, or raise WebSocketException(1008)."
        )
