"""The router: an ASGI app that hands each request to the route that fits it best.

Dispatch is three steps. Ask the candidate routes (from the index) how well they match;
the first FULL match serves the request, else the first PARTIAL one does (its path fits but
not its method: it answers 405). If nothing matched, maybe the same path with or without a
trailing slash would (redirect there), else the `default` app answers (404).
"""

from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any
from urllib.parse import quote

from miniasgi import Middleware, RedirectResponse, apply_middleware
from miniasgi.lifespan import LifespanFactory, no_lifespan, run_lifespan
from miniasgi.routing import BaseRoute, Match
from miniasgi.types import ASGIApp, Receive, Scope, Send

from minirouter.errors import NoMatchFound, not_found
from minirouter.index import RouteIndex
from minirouter.paths import URLPath, get_route_path
from minirouter.routes import Route, WebSocketRoute

Resolution = tuple[Match, BaseRoute | None, Scope]


class Router:
    """Routes in, one ASGI app out. Matching order is the index's priority rule.

    The index is built on the first request and rebuilt when the number of routes changes,
    so `router.routes.append(route)` keeps working (replacing a route in place after the
    first request does not: rebuild the router instead).

    `lifespan` is what the router runs for the `lifespan` scope (miniasgi's protocol code
    speaks to the server); `middleware` wraps the whole router, lifespan included.
    """

    def __init__(
        self,
        routes: Sequence[BaseRoute] | None = None,
        redirect_slashes: bool = True,
        default: ASGIApp | None = None,
        lifespan: LifespanFactory | None = None,
        *,
        middleware: Sequence[Middleware] | None = None,
    ) -> None:
        self.routes: list[BaseRoute] = [] if routes is None else list(routes)
        self.redirect_slashes = redirect_slashes
        self.default: ASGIApp = not_found if default is None else default
        self.lifespan: LifespanFactory = no_lifespan if lifespan is None else lifespan
        self.middleware_stack: ASGIApp = apply_middleware(self.dispatch, middleware)
        self._index: RouteIndex | None = None

    def candidates(self, route_path: str) -> Iterable[BaseRoute]:
        """The routes that might match `route_path`, in the order they should be tried."""
        index = self._index
        if index is None or index.size != len(self.routes):
            index = self._index = RouteIndex(self.routes)
        return index.candidates(route_path)

    def resolve(self, scope: Scope) -> Resolution:
        """Find the route for a request without serving it: (match, route, child scope)."""
        partial: Resolution | None = None
        for route in self.candidates(get_route_path(scope)):
            match, child_scope = route.matches(scope)
            if match is Match.FULL:
                return match, route, child_scope
            if match is Match.PARTIAL and partial is None:
                partial = (match, route, child_scope)
        return partial or (Match.NONE, None, {})

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        """The path that reaches route `name` (`"mount:child"` inside a Mount) with these params."""
        for route in self.routes:
            try:
                return route.url_path_for(name, **path_params)
            except NoMatchFound:
                continue
        raise NoMatchFound(name, path_params)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.middleware_stack(scope, receive, send)

    async def dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the connection: the router's own work, inside its middleware (if any)."""
        if scope["type"] == "lifespan":
            await run_lifespan(self.lifespan, scope, receive, send)
            return
        scope.setdefault("router", self)
        _, route, child_scope = self.resolve(scope)
        if route is not None:
            scope["route"] = route
            scope.update(child_scope)
            await route.handle(scope, receive, send)
        elif scope["type"] == "http" and (location := self._slash_redirect(scope)) is not None:
            await RedirectResponse(location)(scope, receive, send)
        else:
            await self.default(scope, receive, send)

    # -- building the table: Starlette's helpers, each one `routes.append` -----------------

    def add_route(
        self,
        path: str,
        endpoint: Callable[..., Any],
        methods: Collection[str] | None = None,
        name: str | None = None,
        include_in_schema: bool = True,
    ) -> None:
        route = Route(path, endpoint, methods=methods, name=name, include_in_schema=include_in_schema)
        self.routes.append(route)

    def add_websocket_route(self, path: str, endpoint: Callable[..., Any], name: str | None = None) -> None:
        self.routes.append(WebSocketRoute(path, endpoint, name=name))

    def mount(self, path: str, app: ASGIApp, name: str | None = None) -> None:
        from minirouter.mounts import Mount  # mounts.py builds Routers: import it when used

        self.routes.append(Mount(path, app=app, name=name))

    def host(self, host: str, app: ASGIApp, name: str | None = None) -> None:
        from minirouter.mounts import Host

        self.routes.append(Host(host, app=app, name=name))

    def __eq__(self, other: object) -> bool:
        """Two routers are equal when their route tables are (Starlette compares them so)."""
        return isinstance(other, Router) and self.routes == other.routes

    def _slash_redirect(self, scope: Scope) -> str | None:
        """The URL with the trailing slash added or removed, if a route matches that one.

        The route path decides which: a path equal to a root_path that ends in "/" has the
        route path "", which gets a slash (`/sub/` -> `/sub//`, whose route path is "/").
        """
        route_path = get_route_path(scope)
        if not self.redirect_slashes or route_path == "/":
            return None
        path: str = scope["path"]
        other = {**scope, "path": path.rstrip("/") if route_path.endswith("/") else path + "/"}
        if self.resolve(other)[0] is Match.NONE:
            return None
        return _location(other)


class LinearRouter(Router):
    """The scan the index replaced, kept as the baseline: every route, in registration order.

    This is Starlette's rule (first match wins) and its cost: a path that matches the last
    of N routes runs N regexes. `bench.py` measures it beside the indexed `Router`.
    """

    def candidates(self, route_path: str) -> Iterable[BaseRoute]:
        return self.routes


def _location(scope: Scope) -> str:
    """`/path?query` for a redirect: relative, so a forged Host header cannot steer it.

    `path` is decoded, so it is encoded again here: a "%", "?" or "#" the client sent
    escaped must stay escaped, or `/users/a%3Fb/` would redirect to `/users/a?b`, another
    resource. A path that starts with "//" would read as another host; its second slash is
    escaped.
    """
    path = quote(scope["path"], safe="/:@!$&'()*+,;=")
    if path.startswith("//"):
        path = "/%2F" + path[2:]
    query: bytes = scope.get("query_string", b"")
    return f"{path}?{query.decode('latin-1')}" if query else path
