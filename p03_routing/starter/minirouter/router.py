"""The router: an ASGI app that hands each request to the route that fits it best.

Dispatch is three steps. Ask the candidate routes how well they match; the first FULL match
serves the request, else the first PARTIAL one does (its path fits but not its method: it
answers 405). If nothing matched, maybe the same path with or without a trailing slash
would (redirect there), else the `default` app answers (404).
"""

from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

from miniasgi import Middleware, RedirectResponse, apply_middleware
from miniasgi.lifespan import LifespanFactory, no_lifespan, run_lifespan
from miniasgi.routing import BaseRoute, Match
from miniasgi.types import ASGIApp, Receive, Scope, Send

from minirouter.errors import NoMatchFound, not_found
from minirouter.index import RouteIndex, compiled_path
from minirouter.paths import URLPath, get_route_path
from minirouter.routes import Route, WebSocketRoute

Resolution = tuple[Match, BaseRoute | None, Scope]


class Router:
    """Routes in, one ASGI app out. Matching order: most specific first (milestone 10).

    `lifespan` is what the router runs for the `lifespan` scope (milestone 5); `middleware`
    wraps the whole router, lifespan included (milestone 13).
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
        """Milestone 3."""
        raise NotImplementedError(
            "Remember the routes (as a new list, self.routes, which callers may append to), "
            "redirect_slashes, the default app that answers when nothing matches (not_found when "
            "none is given), the lifespan (no_lifespan when none is given), and "
            "self.middleware_stack: self.dispatch wrapped in `middleware` (apply_middleware)."
        )

    def candidates(self, route_path: str) -> Iterable[BaseRoute]:
        """The routes that might match `route_path`, in the order they should be tried.

        `route_path` is the path below root_path (`get_route_path`, milestone 8; until then the
        path). Milestone 3: every route, in registration order. Milestone 10: most specific
        first (`index.compiled_path(route)` gives a route's template, or None for a fence).
        Milestone 12: only the few an index says could match, most specific first.
        """
        raise NotImplementedError("Return the routes worth trying for this path, in the order to try them.")

    def resolve(self, scope: Scope) -> Resolution:
        """Find the route for a request without serving it: (match, route, child scope) (milestone 3)."""
        raise NotImplementedError(
            "Return (Match.FULL, route, child_scope) for the first candidate that fits fully; failing "
            "that, the same for the first that fits PARTIALly; failing that, (Match.NONE, None, {})."
        )

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        """The path that reaches route `name` (`"mount:child"` inside a Mount) (milestone 6)."""
        raise NotImplementedError(
            "Return the path the first of the routes builds for this name and these params; raise "
            "NoMatchFound(name, path_params) when none of them can."
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.middleware_stack(scope, receive, send)

    async def dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Milestone 3 (HTTP), 5 (websocket and lifespan), 11 (trailing-slash redirect)."""
        raise NotImplementedError(
            "Hand the request to the route resolve() finds (the scope gets 'router', 'route' and the "
            "route's child scope), or to self.default when there is none. Answer the lifespan scope "
            "with miniasgi's run_lifespan(self.lifespan, ...); redirect (307) when only the path "
            "with its trailing slash toggled would match."
        )

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


class LinearRouter(Router):
    """Starlette's rule, kept as the baseline: every route, in registration order (milestone 10).

    First match wins, and a path that matches the last of N routes runs N regexes.
    `bench.py` measures it beside the indexed `Router`.
    """

    def candidates(self, route_path: str) -> Iterable[BaseRoute]:
        raise NotImplementedError("Return every route, in registration order.")
