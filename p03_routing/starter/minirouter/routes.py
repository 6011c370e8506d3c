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
    matches on. A route that matches on something else (like `Host`) leaves it None.
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
        raise NotImplementedError(
            "Call self.matches(scope); on Match.NONE await not_found(...); otherwise merge the "
            "child scope into scope and await self.handle(...)."
        )


def endpoint_name(endpoint: Callable[..., Any]) -> str:
    """A route's default name: the function's name, or the class name of an ASGI instance."""
    raise NotImplementedError("Return endpoint.__name__, or the class name when there is none.")


def merge_path_params(scope: Scope, params: dict[str, Any]) -> dict[str, Any]:
    """Params captured here, on top of those an enclosing Mount or Host captured."""
    raise NotImplementedError("Return scope['path_params'] (if any) updated with params, in a new dict.")


class Route(BaseRoute):
    """An HTTP endpoint at a path template, for some methods (function endpoints: GET).

    `make_app` is the extension point: it turns the endpoint into the ASGI app `handle`
    calls, once, at the end of `__init__`. A framework overrides it to call endpoints its
    own way (p07's APIRoute injects parameters instead of passing a Request).
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
        raise NotImplementedError(
            "Check the path starts with '/'; store path, endpoint, name (default: endpoint_name), "
            "include_in_schema; methods: None for ASGI endpoints, GET for functions, upper-cased, "
            "HEAD added when GET is there; self.compiled = compile_path(path); "
            "self.app = self.make_app(endpoint)."
        )

    def make_app(self, endpoint: Callable[..., Any]) -> ASGIApp:
        """Turn the endpoint into an ASGI app: functions get a Request, anything else is ASGI."""
        raise NotImplementedError("request_response(endpoint) for functions; the endpoint itself otherwise.")

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        raise NotImplementedError(
            "Only http scopes; match get_route_path(scope); child scope = endpoint + merged "
            "path_params; PARTIAL if the method is not allowed, else FULL."
        )

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        raise NotImplementedError(
            "Same name and exactly the template's param names, else NoMatchFound; "
            "return URLPath(self.compiled.expand(path_params), protocol='http')."
        )

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "405 via method_not_allowed if the method is not allowed; else await self.app."
        )

    def __repr__(self) -> str:
        methods = sorted(self.methods or ())
        return f"{type(self).__name__}(path={self.path!r}, name={self.name!r}, methods={methods!r})"


class WebSocketRoute(BaseRoute):
    """A websocket endpoint at a path template: `async def endpoint(websocket)` or ASGI."""

    compiled: CompiledPath

    def __init__(self, path: str, endpoint: Callable[..., Any], *, name: str | None = None) -> None:
        raise NotImplementedError(
            "Like Route.__init__ without methods: store path, endpoint, name, compiled, "
            "and self.app = self.make_app(endpoint)."
        )

    def make_app(self, endpoint: Callable[..., Any]) -> ASGIApp:
        """Turn the endpoint into an ASGI app: functions get a WebSocket, anything else is ASGI."""
        raise NotImplementedError("websocket_session(endpoint) for functions; the endpoint itself otherwise.")

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        raise NotImplementedError("Like Route.matches, for websocket scopes, and never PARTIAL.")

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        raise NotImplementedError("Like Route.url_path_for, with protocol='websocket'.")

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError("Await self.app.")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(path={self.path!r}, name={self.name!r})"
