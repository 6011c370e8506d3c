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
    """`/hello/{name}` matches `/hello/ada` (name "ada") but not `/hello/a/b`, and gives `["name"]`.

    The match covers the whole path, a trailing newline included: `/users%0A` must not reach `/users`.
    """
    raise NotImplementedError(
        "Milestone 2: return a compiled regex matching the whole path for a template like "
        "'/hello/{name}' (each {param} matches one path segment), and the list of parameter names; "
        "a template that does not start with '/' is a ValueError."
    )


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
        "endpoint in a worker thread) and sends the Response made from what it returned."
    )


def websocket_session(endpoint: Endpoint) -> ASGIApp:
    """Adapt `ws_handler(websocket, **params)` into an ASGI app.

    A client that disconnects ends the session normally: a handler looping on
    `receive_text()` needs no try/except of its own.
    """
    raise NotImplementedError(
        "Milestone 8: return an ASGI app that calls `endpoint(websocket, **path_params)`; a sync "
        "endpoint is a TypeError right away, and a client that disconnects ends the session "
        "quietly."
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
            "Milestone 2: keep the path and endpoint, compile the template, check the endpoint's "
            "signature, and set self.methods (GET when none are given; GET brings HEAD) and "
            "self.app (the ASGI app that runs the endpoint)."
        )

    def __repr__(self) -> str:
        return f"Route({self.path!r}, methods={sorted(self.methods)})"


class WebSocketRoute:
    """A WebSocket route: a path template and its async endpoint."""

    def __init__(self, path: str, endpoint: Endpoint) -> None:
        raise NotImplementedError(
            "Milestone 8: keep the path and endpoint, compile the template, check the endpoint's "
            "signature, and set self.app (the ASGI app that runs the session)."
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
        raise NotImplementedError(
            "Send each connection where it belongs, by scope['type']: 'http' to handle_http "
            "(milestone 2), 'lifespan' to run_lifespan (milestone 7), 'websocket' to "
            "handle_websocket (milestone 8)."
        )

    async def handle_http(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Milestone 2: call the first route whose regex matches the path and that answers the "
            "method, with scope['path_params'] set; no route: HTTPException(404), or "
            "HTTPException(405) with an Allow header when only the method did not match."
        )

    async def handle_websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Milestone 8: call the first WebSocket route whose regex matches the path, with "
            "scope['path_params'] set; no route: WebSocketException(1008)."
        )
