"""The route protocol, named once for the whole course, and miniasgi's own small router.

A router knows nothing about paths or methods: it asks each route three questions.

    matches(scope) -> (Match, child_scope)    does this connection belong to me, fully or
                                              only by path (wrong method: a 405)?
    url_path_for(name, /, **params) -> URLPath     the reverse: which path would reach me?
    handle(scope, receive, send)              serve it (the child scope is already merged)

Anything that answers them is a route (`BaseRoute`): miniasgi's `Route` and `WebSocketRoute`
below, p03's `Route`, `Mount` and `Host`, p06's `APIRoute`. So routes of one package work in
the router of another. This module's `Router` is the small one: it tries its routes in the
order they were registered (the first FULL match wins, else the first PARTIAL answers 405,
else 404), which is Starlette's rule. p03 builds the full router (converters, mounts,
url_path_for through them, a most-specific-first index) on the same protocol.

Everything that depends only on your code happens once, when a route is created: the path
template becomes a regex, the handler's signature is checked against it, and the handler is
wrapped into an ASGI app (`miniasgi.endpoints`). Per request the router only matches and calls.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from enum import Enum
from typing import Any, Literal, Protocol

from miniasgi.datastructures import URL
from miniasgi.endpoints import Endpoint, check_signature, request_response, websocket_session
from miniasgi.exceptions import HTTPException, WebSocketException
from miniasgi.lifespan import LifespanFactory, no_lifespan, run_lifespan
from miniasgi.middleware import Middleware, apply_middleware
from miniasgi.requests import DEFAULT_MAX_BODY_SIZE
from miniasgi.responses import PlainTextResponse
from miniasgi.types import ASGIApp, Receive, Scope, Send

# --- the protocol --------------------------------------------------------------------------


class Match(Enum):
    """How well a route fits a connection: not at all, by path only (wrong method), or fully."""

    NONE = 0
    PARTIAL = 1
    FULL = 2


class NoMatchFound(Exception):
    """`url_path_for` found no route with this name that takes exactly these params."""

    def __init__(self, name: str, path_params: dict[str, Any]) -> None:
        self.name = name
        self.path_params = dict(path_params)
        params = ", ".join(path_params)
        super().__init__(f'No route exists for name "{name}" and params "{params}".')


class URLPath(str):
    """A path built by `url_path_for`, remembering its protocol ("http", "websocket") and host.

    Built from values the caller chose, so it is made safe to put in a URL: a backslash is
    escaped (browsers read it as "/"), and a leading "//" becomes "/%2F", because "//evil.org/a"
    is read as another host, not as a path.
    """

    protocol: Literal["http", "websocket", ""]
    host: str

    def __new__(cls, path: str, protocol: Literal["http", "websocket", ""] = "", host: str = "") -> URLPath:
        path = path.replace("\\", "%5C")
        if path.startswith("//"):
            path = "/%2F" + path[2:]
        url = super().__new__(cls, path)
        url.protocol = protocol
        url.host = host
        return url

    def make_absolute_url(self, base_url: str | URL) -> URL:
        """This path under `base_url` (`https://example.org/root/`), with the right scheme:
        ws/wss for a websocket route, and this path's own host when a Host route gave one."""
        base = URL(base_url) if isinstance(base_url, str) else base_url
        scheme = base.scheme
        if self.protocol == "http":
            scheme = "https" if base.is_secure else "http"
        elif self.protocol == "websocket":
            scheme = "wss" if base.is_secure else "ws"
        return URL(f"{scheme}://{self.host or base.netloc}{base.path.rstrip('/')}{self}")


def get_route_path(scope: Scope) -> str:
    """The path a route matches: `path` minus `root_path`, the prefix already consumed.

    ASGI keeps the full path in `path` and what a proxy or a mount consumed in `root_path`,
    so an app mounted at `/api` still sees the real URL. `root_path` only counts as a prefix
    on a segment boundary: `/api` is not a prefix of `/apiary`.
    """
    path: str = scope["path"]
    root_path: str = scope.get("root_path", "")
    if not root_path or not path.startswith(root_path):
        return path
    if len(path) == len(root_path):
        return ""
    return path[len(root_path) :] if path[len(root_path)] == "/" else path


class BaseRoute:
    """The route protocol. A router needs these three methods and nothing else."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        """How well this route fits `scope`, and what it adds to the scope if it does."""
        raise NotImplementedError("return (Match, child_scope) for this connection")

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        """The path that reaches the route called `name`, or raise NoMatchFound."""
        raise NotImplementedError("build the path for `name`, or raise NoMatchFound")

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve a connection `matches` accepted (its child scope is already merged)."""
        raise NotImplementedError("serve the connection this route matched")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A route is an ASGI app on its own: match, then handle, or answer 404 / close."""
        match, child_scope = self.matches(scope)
        if match is Match.NONE:
            if scope["type"] == "http":
                await PlainTextResponse("Not Found", status_code=404)(scope, receive, send)
            elif scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1000, "reason": ""})
            return
        scope.update(child_scope)
        await self.handle(scope, receive, send)


class AppRouter(Protocol):
    """What an application needs from its router (`MiniASGI.router_class`): this module's
    `Router`, p03's, or p07's. Each builds its own kind of route in `add_route`."""

    routes: list[BaseRoute]

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath: ...

    def add_route(
        self,
        path: str,
        endpoint: Callable[..., Any],
        methods: Collection[str] | None = None,
        name: str | None = None,
        include_in_schema: bool = True,
    ) -> None: ...

    def add_websocket_route(
        self, path: str, endpoint: Callable[..., Any], name: str | None = None
    ) -> None: ...

    def mount(self, path: str, app: ASGIApp, name: str | None = None) -> None: ...

    def host(self, host: str, app: ASGIApp, name: str | None = None) -> None: ...

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None: ...


# --- miniasgi's small routes ---------------------------------------------------------------

_PARAM = re.compile(r"{([A-Za-z_][A-Za-z0-9_]*)}")


def compile_path(path: str) -> tuple[re.Pattern[str], list[str]]:
    r"""`/hello/{name}` -> `^/hello/(?P<name>[^/]+)\Z` and `["name"]`.

    `\Z`, not `$`: `$` also matches before a trailing newline, so `/users%0A` would reach `/users`.
    Only `{name}` placeholders: `{id:int}` (a converter) is p03's, and is refused here rather
    than silently matched as literal text.
    """
    if not path.startswith("/"):
        raise ValueError(f"Route paths must start with '/': {path!r}")
    pattern, names, end = "^", [], 0
    for match in _PARAM.finditer(path):
        name = match[1]
        if name in names:
            raise ValueError(f"Path parameter {name!r} appears twice in {path!r}")
        names.append(name)
        pattern += _literal(path, path[end : match.start()]) + f"(?P<{name}>[^/]+)"
        end = match.end()
    return re.compile(pattern + _literal(path, path[end:]) + r"\Z"), names


def _literal(path: str, text: str) -> str:
    if "{" in text or "}" in text:
        raise ValueError(f"miniasgi's routes take plain {{name}} placeholders only: {path!r}")
    return re.escape(text)


def _expand(path: str, params: dict[str, Any]) -> str:
    """The template with each `{name}` replaced by its value: one non-empty segment each."""

    def fill(match: re.Match[str]) -> str:
        text = str(params[match[1]])
        if not text or "/" in text:
            raise ValueError(f"a path parameter must be non-empty and contain no '/', got {text!r}")
        return text

    return _PARAM.sub(fill, path)


def _name(endpoint: Endpoint) -> str:
    return getattr(endpoint, "__name__", type(endpoint).__name__)


class Route(BaseRoute):
    """An HTTP route: a path template, the methods it answers (GET by default), its handler."""

    def __init__(
        self,
        path: str,
        endpoint: Endpoint,
        *,
        methods: Collection[str] | None = None,
        name: str | None = None,
        include_in_schema: bool = True,
        middleware: Sequence[Middleware] | None = None,
        max_body_size: int | None = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        self.path = path
        self.endpoint = endpoint
        self.name = _name(endpoint) if name is None else name
        self.include_in_schema = include_in_schema
        self.regex, self.param_names = compile_path(path)
        check_signature(endpoint, path, self.param_names)
        upper = {method.upper() for method in methods or ("GET",)}
        if "GET" in upper:
            upper.add("HEAD")  # HEAD is GET without the body; Response knows to omit it
        self.methods = frozenset(upper)
        self.app = apply_middleware(request_response(endpoint, max_body_size), middleware)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http":
            return Match.NONE, {}
        found = self.regex.match(get_route_path(scope))
        if found is None:
            return Match.NONE, {}
        child_scope = {"endpoint": self.endpoint, "path_params": _merged(scope, found.groupdict())}
        return (Match.FULL if scope["method"] in self.methods else Match.PARTIAL), child_scope

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        if name != self.name or path_params.keys() != set(self.param_names):
            raise NoMatchFound(name, path_params)
        return URLPath(_expand(self.path, path_params), protocol="http")

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] not in self.methods:
            raise HTTPException(405, headers={"Allow": ", ".join(sorted(self.methods))})
        await self.app(scope, receive, send)

    def __repr__(self) -> str:
        return f"Route({self.path!r}, methods={sorted(self.methods)})"


class WebSocketRoute(BaseRoute):
    """A WebSocket route: a path template and its async handler."""

    def __init__(
        self,
        path: str,
        endpoint: Endpoint,
        *,
        name: str | None = None,
        middleware: Sequence[Middleware] | None = None,
    ) -> None:
        self.path = path
        self.endpoint = endpoint
        self.name = _name(endpoint) if name is None else name
        self.regex, self.param_names = compile_path(path)
        check_signature(endpoint, path, self.param_names)
        self.app = apply_middleware(websocket_session(endpoint), middleware)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "websocket":
            return Match.NONE, {}
        found = self.regex.match(get_route_path(scope))
        if found is None:
            return Match.NONE, {}
        return Match.FULL, {"endpoint": self.endpoint, "path_params": _merged(scope, found.groupdict())}

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        if name != self.name or path_params.keys() != set(self.param_names):
            raise NoMatchFound(name, path_params)
        return URLPath(_expand(self.path, path_params), protocol="websocket")

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)

    def __repr__(self) -> str:
        return f"WebSocketRoute({self.path!r})"


def _merged(scope: Scope, params: dict[str, Any]) -> dict[str, Any]:
    """This route's params on top of those a route around it (a p03 Mount) captured."""
    inherited = scope.get("path_params")
    return {**inherited, **params} if inherited else params


class Router:
    """Routes tried in registration order: the first FULL match wins, else the first PARTIAL
    one answers 405, else 404. Also answers the `lifespan` scope with `lifespan=`.

    A miss *raises* `HTTPException(404)` (a WebSocket: `WebSocketException(1008)`), so the
    application's ExceptionMiddleware and your handlers decide what the client sees.
    """

    def __init__(
        self,
        routes: Sequence[BaseRoute] | None = None,
        *,
        lifespan: LifespanFactory | None = None,
        middleware: Sequence[Middleware] | None = None,
    ) -> None:
        self.routes: list[BaseRoute] = [] if routes is None else list(routes)
        self.lifespan: LifespanFactory = no_lifespan if lifespan is None else lifespan
        self.middleware_stack: ASGIApp = apply_middleware(self.dispatch, middleware)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.middleware_stack(scope, receive, send)

    async def dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Hand the connection to the route that fits it (the router's own middleware, if
        any, runs around this)."""
        if scope["type"] == "lifespan":
            await run_lifespan(self.lifespan, scope, receive, send)
            return
        scope.setdefault("router", self)
        found: tuple[BaseRoute, Scope] | None = None
        for route in self.routes:
            match, child_scope = route.matches(scope)
            if match is Match.FULL:
                found = (route, child_scope)
                break
            if match is Match.PARTIAL and found is None:
                found = (route, child_scope)  # kept unless a FULL match comes later
        if found is not None:
            route, child_scope = found
            scope["route"] = route
            scope.update(child_scope)
            await route.handle(scope, receive, send)
        elif scope["type"] == "websocket":
            raise WebSocketException(1008, f"No WebSocket route matches {scope['path']!r}.")
        else:
            raise HTTPException(404)

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        """The path of the route called `name` with these params: the first route that knows."""
        for route in self.routes:
            try:
                return route.url_path_for(name, **path_params)
            except NoMatchFound:
                continue
        raise NoMatchFound(name, path_params)

    def add_route(
        self,
        path: str,
        endpoint: Callable[..., Any],
        methods: Collection[str] | None = None,
        name: str | None = None,
        include_in_schema: bool = True,
    ) -> None:
        self.routes.append(
            Route(path, endpoint, methods=methods, name=name, include_in_schema=include_in_schema)
        )

    def add_websocket_route(self, path: str, endpoint: Callable[..., Any], name: str | None = None) -> None:
        self.routes.append(WebSocketRoute(path, endpoint, name=name))

    def mount(self, path: str, app: ASGIApp, name: str | None = None) -> None:
        raise NotImplementedError(
            "miniasgi's small Router has no Mount: use p03's router (minirouter.App, or "
            "router_class = minirouter.Router), which mounts apps under a path prefix."
        )

    def host(self, host: str, app: ASGIApp, name: str | None = None) -> None:
        raise NotImplementedError(
            "miniasgi's small Router has no Host: use p03's router (minirouter.App), which "
            "routes by host name."
        )
