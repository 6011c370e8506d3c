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
    """A route's default name: the function's name, or the class name of an ASGI instance (milestone 2)."""
    raise NotImplementedError(
        "Return the endpoint's __name__, or the name of its class when it has no __name__."
    )


def merge_path_params(scope: Scope, params: dict[str, Any]) -> dict[str, Any]:
    """Params captured here, on top of those an enclosing Mount or Host captured (milestone 8)."""
    raise NotImplementedError(
        "Return a new dict: the scope's path_params (if it has any), updated with `params`."
    )


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
        """Milestone 2 (milestone 13: `middleware`)."""
        raise NotImplementedError(
            "Remember path, endpoint, name (default: the endpoint's), include_in_schema, the "
            "compiled path and the app make_app returns. methods: upper-cased, HEAD added with GET; "
            "when not given, GET for a function endpoint and None (every method) for an ASGI app. "
            "A path not starting with '/' is a ValueError. Milestone 13: the app is wrapped in "
            "`middleware` (miniasgi's apply_middleware), the first entry outermost."
        )

    def make_app(self, endpoint: Callable[..., Any]) -> ASGIApp:
        """Turn the endpoint into an ASGI app: functions get a Request, anything else is ASGI.

        Milestone 2: an ASGI endpoint is its own app. Milestone 4: a function gets a Request.
        """
        raise NotImplementedError(
            "Return the ASGI app that serves this route: the endpoint itself when it is an ASGI "
            "app; for a function, an app that calls it with a Request and sends the Response it "
            "returns (that is milestone 4: until then, returning the endpoint itself is enough)."
        )

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        """Milestone 2 (milestone 8: match the path below root_path)."""
        raise NotImplementedError(
            "Say how well this HTTP request fits: FULL (path and method), PARTIAL (path only) or "
            "NONE, with the child scope {'endpoint': ..., 'path_params': {...}} (or {} for NONE)."
        )

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        """Milestone 6."""
        raise NotImplementedError(
            "Return the path that reaches this route (an http URLPath) when `name` is its name and "
            "`path_params` are exactly its parameters; raise NoMatchFound(name, path_params) otherwise."
        )

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Milestone 3."""
        raise NotImplementedError(
            "Serve the matched request with this route's app, or answer 405 (method_not_allowed) "
            "when its method is not one of the route's."
        )

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
    """A websocket endpoint at a path template: `async def endpoint(websocket)` or ASGI (milestone 5)."""

    compiled: CompiledPath

    def __init__(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        name: str | None = None,
        middleware: Sequence[Middleware] | None = None,
    ) -> None:
        raise NotImplementedError(
            "Remember path, endpoint, name (default: the endpoint's), the compiled path and the app "
            "make_app returns (milestone 13: wrapped in `middleware`, as in Route); a path not "
            "starting with '/' is a ValueError."
        )

    def make_app(self, endpoint: Callable[..., Any]) -> ASGIApp:
        """Turn the endpoint into an ASGI app: functions get a WebSocket, anything else is ASGI."""
        raise NotImplementedError(
            "Return the ASGI app that serves this route: the endpoint itself when it is an ASGI app; "
            "for a function, an app that calls it with a WebSocket."
        )

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        raise NotImplementedError(
            "FULL with the child scope {'endpoint': ..., 'path_params': {...}} for a websocket "
            "connection on this path; (NONE, {}) for anything else. Never PARTIAL: no methods here."
        )

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        """Milestone 6."""
        raise NotImplementedError("Like Route.url_path_for, but the URLPath's protocol is 'websocket'.")

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError("Serve the matched connection with this route's app.")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WebSocketRoute) and (self.path, self.endpoint) == (
            other.path,
            other.endpoint,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(path={self.path!r}, name={self.name!r})"
