"""The two endpoint routes: `Route` (HTTP) and `WebSocketRoute`.

Every route answers the three questions of the route protocol (`BaseRoute`, named in
miniasgi): `matches(scope)` (does this request belong to me, fully or only by path?),
`url_path_for(name, **params)` (the reverse: which path would reach me?) and
`handle(scope, receive, send)` (serve it). `Mount`, `Host`, miniasgi's own routes and a
framework's routes plug into the router by answering the same three.
"""

from collections.abc import Callable, Collection, Sequence
from typing import Any

from miniasgi import Middleware, apply_middleware
from miniasgi.routing import BaseRoute, Match
from miniasgi.types import ASGIApp, Receive, Scope, Send

from minirouter.endpoints import is_function_endpoint, request_response, websocket_session
from minirouter.errors import NoMatchFound, method_not_allowed
from minirouter.paths import CompiledPath, URLPath, compile_path, get_route_path


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
        middleware: Sequence[Middleware] | None = None,
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
        self.app = apply_middleware(self.make_app(endpoint), middleware)

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

    def __eq__(self, other: object) -> bool:
        """Same path, endpoint and methods: the same route (Starlette compares them so)."""
        return isinstance(other, Route) and (self.path, self.endpoint, self.methods) == (
            other.path,
            other.endpoint,
            other.methods,
        )

    def __repr__(self) -> str:
        methods = sorted(self.methods or ())
        return f"{type(self).__name__}(path={self.path!r}, name={self.name!r}, methods={methods!r})"


class WebSocketRoute(BaseRoute):
    """A websocket endpoint at a path template: `async def endpoint(websocket)` or ASGI."""

    compiled: CompiledPath

    def __init__(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        name: str | None = None,
        middleware: Sequence[Middleware] | None = None,
    ) -> None:
        if not path.startswith("/"):
            raise ValueError(f"a route path must start with '/', got {path!r}")
        self.path = path
        self.endpoint = endpoint
        self.name = endpoint_name(endpoint) if name is None else name
        self.compiled = compile_path(path)
        self.app = apply_middleware(self.make_app(endpoint), middleware)

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

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WebSocketRoute) and (self.path, self.endpoint) == (
            other.path,
            other.endpoint,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(path={self.path!r}, name={self.name!r})"
