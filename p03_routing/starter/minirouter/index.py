"""The route index (milestone 12): which few routes could match this path, without a scan.

Milestone 3's router tries every route's regex in turn, so the last of 1,000 routes costs
1,000 regex calls. The index is built once from the route table and answers in time that
depends on the path's length, not on the number of routes. The index only narrows the
search: the router still calls `matches()` on each candidate.
"""

from collections.abc import Iterable, Sequence

from miniasgi.routing import BaseRoute

from minirouter.paths import WILDCARD, CompiledPath, Segment


def compiled_path(route: BaseRoute) -> CompiledPath | None:
    """The path template a route matches on, if it says (`compiled`: minirouter's Route,
    WebSocketRoute and Mount, and their subclasses). Any other route (a Host, miniasgi's own
    routes, yours) is a fence, tried in the order it was registered."""
    compiled: CompiledPath | None = getattr(route, "compiled", None)
    return compiled


class RouteIndex:
    """The candidate routes for a path, in priority order, built once from a route table.

    Priority (milestone 10's rule): a static route first; then dynamic routes by their
    segments, left to right, a literal segment beating a parameter and both beating a tail
    (`{p:path}`, a Mount) that starts at the same place; ties keep registration order. Routes
    that do not match on the path (`compiled_path(route) is None`, like Host) act as fences:
    routes registered before one are all tried before it.
    """

    def __init__(self, routes: Sequence[BaseRoute]) -> None:
        raise NotImplementedError(
            "File every route once, so that candidates() can find the ones that could match a path "
            "without looking at the others; remember len(routes) as self.size."
        )

    def candidates(self, route_path: str) -> Iterable[BaseRoute]:
        raise NotImplementedError(
            "Return the routes that could match this path, most specific first, without trying "
            "routes that share none of its leading segments."
        )
