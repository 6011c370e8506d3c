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
    """Routes in, one ASGI app out. Matching order: most specific first (milestone 10)."""

    def __init__(
        self,
        routes: Sequence[BaseRoute] | None = None,
        redirect_slashes: bool = True,
        default: ASGIApp | None = None,
    ) -> None:
        """Milestone 3."""
        raise NotImplementedError(
            "Remember the routes (as a new list, self.routes, which callers may append to), "
            "redirect_slashes, and the default app that answers when nothing matches (not_found "
            "when none is given)."
        )

    def candidates(self, route_path: str) -> Iterable[BaseRoute]:
        """The routes that might match `route_path`, in the order they should be tried.

        `route_path` is the path below root_path (`get_route_path`, milestone 8; until then the
        path). Milestone 3: every route, in registration order. Milestone 10: most specific
        first. Milestone 12: only the few an index says could match, most specific first.
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
        """Milestone 3 (HTTP), 5 (websocket and lifespan), 11 (trailing-slash redirect)."""
        raise NotImplementedError(
            "Hand the request to the route resolve() finds (the scope gets 'router', 'route' and the "
            "route's child scope), or to self.default when there is none. Answer the lifespan "
            "protocol yourself; redirect (307) when only the path with its trailing slash toggled "
            "would match."
        )


class LinearRouter(Router):
    """Starlette's rule, kept as the baseline: every route, in registration order (milestone 10).

    First match wins, and a path that matches the last of N routes runs N regexes.
    `bench.py` measures it beside the indexed `Router`.
    """

    def candidates(self, route_path: str) -> Iterable[BaseRoute]:
        raise NotImplementedError("Return every route, in registration order.")
