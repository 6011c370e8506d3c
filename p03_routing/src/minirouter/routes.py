"""The route protocol and the two endpoint routes: `Route` (HTTP) and `WebSocketRoute`.

Every route answers three questions, and the router needs nothing else:
`matches(scope)` (does this request belong to me, fully or only by path?),
`url_path_for(name, **params)` (the reverse: which path would reach me?) and
`handle(scope, receive, send)` (serve it). `Mount`, `Host` and a framework's own routes
plug into the router by answering the same three.
"""

from collections.abc import Callable, Collection
from enum import Enum
from typing import Any

from miniasgi.types import ASGIApp, Receive, Scope, Send

from minirouter.endpoints import is_function_endpoint, request_response, websocket_session
from minirouter.errors import NoMatchFound, method_not_allowed, not_found
from minirouter.paths import CompiledPath, URLPath, compile_path, get_route_path


class Match(Enum):
    """How well a route fits a request: not at all, by path only (wrong method), or fully."""

    NONE = 0
    PARTIAL = 1
    FULL = 2


class BaseRoute:
    """The route protocol. Subclass it for routes the router should dispatch to.

    `compiled` tells the router's index where to file the route: the path template it
    matches on. A route that matches on something else (like `Host`) leaves it None and the
    router keeps it in registration order.
    """

    compiled: CompiledPath | None = None
    name: str | None = None

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        """Say how well this route fits `scope`, and what it adds to the scope if it does."""
        raise NotImplementedError("return (Match, child_scope) for this request")

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        """Build the path that reaches the route called `name`, or raise NoMatchFound."""
        raise NotImplementedError("build the path for `name`, or raise NoMatchFound")

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve a request that `matches` accepted (its child scope is already merged)."""
        raise NotImplementedError("serve the request this route matched")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A route is an ASGI app on its own: match, then handle or answer 404."""
        match, child_scope = self.matches(scope)
        if match is Match.NONE:
            await not_found(scope, receive, send)
            return
        scope.update(child_scope)
        await self.handle(scope, receive, send)


def endpoint_name(endpoint: Callable[..., Any]) -> str:
    """A route's default name: the function's name, or the class name of an ASGI instance."""
    return getattr(endpoint, "__name__", type(endpoint).__name__)


def merge_path_params(scope: Scope, params: dict[str, Any]) -> dict[str, Any]:
    """Params captured here, on top of those an enclosing Mount or Host captured."""
    inherited = scope.get("path_params")
    return {**inherited, **params} if inherited else params


def _path_scope(route: "Route | WebSocketRoute", scope: Scope) -> Scope | None:
    """The child scope for a path match (endpoint and merged path params), or None."""
    params = route.compiled.match(get_route_path(scope))
    if params is None:
        return None
    return {"endpoint": route.endpoint, "path_params": merge_path_params(scope, params)}


def _check_params(route: "Route | WebSocketRoute", name: str, params: dict[str, Any]) -> CompiledPath:
    compiled = route.compiled
    if name != route.name or params.keys() != compiled.convertors.keys():
        raise NoMatchFound(name, params)
    return compiled


class Route(BaseRoute):
    """An HTTP endpoint at a path template, for some methods (function endpoints: GET).

    `make_app` is the extension point: it turns the endpoint into the ASGI app `handle`
    calls, once, at the end of `__init__`. A framework overrides it to call endpoints its
    own way (p06's APIRoute injects typed parameters instead of passing a Request).
    """

    compiled: CompiledPath

    def __init__(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        methods: Collection[str] | None = None,
        name: str | None = None,
        include_in_schema: bool = True,
    ) -> None:
        if not path.startswith("/"):
            raise ValueError(f"a route path must start with '/', got {path!r}")
        self.path = path
        self.endpoint = endpoint
        self.name = endpoint_name(endpoint) if name is None else name
        self.include_in_schema = include_in_schema
        if methods is None and is_function_endpoint(endpoint):
            methods = ["GET"]
        self.methods: frozenset[str] | None = None
        if methods is not None:
            upper = {method.upper() for method in methods}
            # A server may answer HEAD with what GET would send, minus the body.
            self.methods = frozenset(upper | {"HEAD"} if "GET" in upper else upper)
        self.compiled = compile_path(path)
        self.app = self.make_app(endpoint)

    def make_app(self, endpoint: Callable[..., Any]) -> ASGIApp:
        """Turn the endpoint into an ASGI app: functions get a Request, anything else is ASGI."""
        if is_function_endpoint(endpoint):
            return request_response(endpoint)
        app: ASGIApp = endpoint
        return app

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http":
            return Match.NONE, {}
        child_scope = _path_scope(self, scope)
        if child_scope is None:
            return Match.NONE, {}
        if self.methods is not None and scope["method"] not in self.methods:
            return Match.PARTIAL, child_scope
        return Match.FULL, child_scope

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        compiled = _check_params(self, name, path_params)
        return URLPath(compiled.expand(path_params), protocol="http")

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.methods is not None and scope["method"] not in self.methods:
            await method_not_allowed(scope, receive, send, self.methods)
        else:
            await self.app(scope, receive, send)

    def __repr__(self) -> str:
        methods = sorted(self.methods or ())
        return f"{type(self).__name__}(path={self.path!r}, name={self.name!r}, methods={methods!r})"


class WebSocketRoute(BaseRoute):
    """A websocket endpoint at a path template: `async def endpoint(websocket)` or ASGI."""

    compiled: CompiledPath

    def __init__(self, path: str, endpoint: Callable[..., Any], *, name: str | None = None) -> None:
        if not path.startswith("/"):
            raise ValueError(f"a route path must start with '/', got {path!r}")
        self.path = path
        self.endpoint = endpoint
        self.name = endpoint_name(endpoint) if name is None else name
        self.compiled = compile_path(path)
        self.app = self.make_app(endpoint)

    def make_app(self, endpoint: Callable[..., Any]) -> ASGIApp:
        """Turn the endpoint into an ASGI app: functions get a WebSocket, anything else is ASGI."""
        if is_function_endpoint(endpoint):
            return websocket_session(endpoint)
        app: ASGIApp = endpoint
        return app

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "websocket":
            return Match.NONE, {}
        child_scope = _path_scope(self, scope)
        return (Match.NONE, {}) if child_scope is None else (Match.FULL, child_scope)

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        compiled = _check_params(self, name, path_params)
        return URLPath(compiled.expand(path_params), protocol="websocket")

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(path={self.path!r}, name={self.name!r})"
