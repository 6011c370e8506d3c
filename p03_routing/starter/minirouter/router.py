"""The router: an ASGI app that hands each request to the route that fits it best.

Dispatch is three steps. Ask the candidate routes how well they match; the first FULL match
serves the request, else the first PARTIAL one does (its path fits but not its method: it
answers 405). If nothing matched, maybe the same path with or without a trailing slash
would (redirect there), else the `default` app answers (404).
"""

from collections.abc import Iterable, Sequence
from typing import Any

from miniasgi import RedirectResponse
from miniasgi.types import ASGIApp, Receive, Scope, Send

from minirouter.errors import NoMatchFound, not_found
from minirouter.index import RouteIndex
from minirouter.paths import URLPath, get_route_path
from minirouter.routes import BaseRoute, Match

Resolution = tuple[Match, BaseRoute | None, Scope]


class Router:
    """Routes in, one ASGI app out. Matching order is the index's priority rule."""

    def __init__(
        self,
        routes: Sequence[BaseRoute] | None = None,
        redirect_slashes: bool = True,
        default: ASGIApp | None = None,
    ) -> None:
        raise NotImplementedError(
            "Store routes (as a new list), redirect_slashes and default (not_found if None)."
        )

    def candidates(self, route_path: str) -> Iterable[BaseRoute]:
        """The routes that might match `route_path`, in the order they should be tried."""
        raise NotImplementedError(
            "Milestone 1: all routes. Milestone 4: most specific first. Milestone 5: ask a "
            "RouteIndex, built lazily and rebuilt when len(self.routes) changes."
        )

    def resolve(self, scope: Scope) -> Resolution:
        """Find the route for a request without serving it: (match, route, child scope)."""
        raise NotImplementedError(
            "Try each candidate's matches(scope): return the first FULL; else the first "
            "PARTIAL; else (Match.NONE, None, {})."
        )

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        """The path that reaches route `name` (`"mount:child"` inside a Mount) with these params."""
        raise NotImplementedError("Ask each route in turn; the first that does not raise NoMatchFound wins.")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Lifespan: acknowledge startup and shutdown. Otherwise set scope['router'] if missing, "
            "resolve, and on a route set scope['route'], merge its child scope and await "
            "route.handle; else redirect (307) if the slash-toggled path matches; else self.default."
        )


class LinearRouter(Router):
    """Milestone 1's router, kept as the baseline: every route, in registration order.

    This is Starlette's rule (first match wins) and its cost: a path that matches the last
    of N routes runs N regexes. `bench.py` measures it beside the indexed `Router`.
    """

    def candidates(self, route_path: str) -> Iterable[BaseRoute]:
        raise NotImplementedError("Return every route, in registration order.")
