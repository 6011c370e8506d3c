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
    if not path.startswith("/"):
        raise ValueError(f"Route paths must start with '/': {path!r}")
    pattern, names, end = "^", [], 0
    for match in _PARAM.finditer(path):
        name = match[1]
        if name in names:
            raise ValueError(f"Path parameter {name!r} appears twice in {path!r}")
        names.append(name)
        pattern += re.escape(path[end : match.start()]) + f"(?P<{name}>[^/]+)"
        end = match.end()
    return re.compile(pattern + re.escape(path[end:]) + r"\Z"), names


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
        request = Request(scope, receive, max_body_size=max_body_size)
        if is_async:
            result = await endpoint(request, **scope["path_params"])
        else:
            result = await run_in_threadpool(endpoint, request, **scope["path_params"])
        response = result if isinstance(result, Response) else to_response(result)
        await response(scope, receive, send)

    return app


def websocket_session(endpoint: Endpoint) -> ASGIApp:
    """Adapt `ws_handler(websocket, **params)` into an ASGI app.

    A client that disconnects ends the session normally: a handler looping on
    `receive_text()` needs no try/except of its own.
    """
    if not is_async_callable(endpoint):
        raise TypeError(f"WebSocket handler {endpoint!r} must be an async function.")

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        with contextlib.suppress(WebSocketDisconnect):
            await endpoint(WebSocket(scope, receive, send), **scope["path_params"])

    return app


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
        self.path = path
        self.endpoint = endpoint
        self.regex, self.param_names = compile_path(path)
        check_signature(endpoint, path, self.param_names)
        methods = {method.upper() for method in methods or ("GET",)}
        if "GET" in methods:
            methods.add("HEAD")  # HEAD is GET without the body; Response knows to omit it
        self.methods = frozenset(methods)
        self.app = request_response(endpoint, max_body_size)

    def __repr__(self) -> str:
        return f"Route({self.path!r}, methods={sorted(self.methods)})"


class WebSocketRoute:
    """A WebSocket route: a path template and its async endpoint."""

    def __init__(self, path: str, endpoint: Endpoint) -> None:
        self.path = path
        self.endpoint = endpoint
        self.regex, self.param_names = compile_path(path)
        check_signature(endpoint, path, self.param_names)
        self.app = websocket_session(endpoint)

    def __repr__(self) -> str:
        return f"WebSocketRoute({self.path!r})"


class Router:
    """Dispatch by scope type; for HTTP, first matching route wins, else 404 or 405."""

    def __init__(self, lifespan: LifespanFactory = no_lifespan) -> None:
        self.routes: list[Route] = []
        self.websocket_routes: list[WebSocketRoute] = []
        self.lifespan = lifespan

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self.handle_http(scope, receive, send)
        elif kind == "websocket":
            await self.handle_websocket(scope, receive, send)
        elif kind == "lifespan":
            await run_lifespan(self.lifespan, scope, receive, send)

    async def handle_http(self, scope: Scope, receive: Receive, send: Send) -> None:
        path, method = scope["path"], scope["method"]
        allowed: set[str] = set()
        for route in self.routes:
            match = route.regex.match(path)
            if match is None:
                continue
            if method in route.methods:
                scope["path_params"] = match.groupdict()
                await route.app(scope, receive, send)
                return
            allowed |= route.methods
        if allowed:
            raise HTTPException(405, headers={"Allow": ", ".join(sorted(allowed))})
        raise HTTPException(404)

    async def handle_websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"]
        for route in self.websocket_routes:
            match = route.regex.match(path)
            if match is not None:
                scope["path_params"] = match.groupdict()
                await route.app(scope, receive, send)
                return
        raise WebSocketException(1008, f"No WebSocket route matches {path!r}.")
