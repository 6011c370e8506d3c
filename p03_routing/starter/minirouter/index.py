"""The route index (milestone 5): which few routes could match this path, without a scan.

Build it once from the route table:

- a static route (no parameters) goes in a dict keyed by its exact path;
- a dynamic route goes in a tree of path segments: literal segments (`users`) are dict
  edges, a segment holding parameters (`{id}`) is the WILDCARD edge, and a route whose
  template goes on with a parameter that may cross "/" (`{p:path}`, a Mount) hangs as a
  *tail* on the node where that parameter starts (see `CompiledPath.segments` and `.tail`).

To find candidates, walk the request's segments: the static hit first, then at each node
the literal child, then the wildcard child, then the node's tails. The index only narrows
the search: the router still calls `matches()` on each candidate.
"""

from collections.abc import Iterable, Sequence

from minirouter.paths import WILDCARD, Segment
from minirouter.routes import BaseRoute


class RouteIndex:
    """The candidate routes for a path, in priority order, built once from a route table.

    Priority: a static route first; then dynamic routes by their segments, left to right,
    a literal segment beating a parameter and both beating a tail (`{p:path}`, a Mount) that
    starts at the same place; ties keep registration order. Routes that do not match on the
    path (`compiled is None`, like Host) act as fences: routes registered before one are all
    tried before it.
    """

    def __init__(self, routes: Sequence[BaseRoute]) -> None:
        raise NotImplementedError(
            "Remember self.size = len(routes); split the routes into runs of path routes "
            "(dict + segment tree each) and runs of fences (kept in order)."
        )

    def candidates(self, route_path: str) -> Iterable[BaseRoute]:
        raise NotImplementedError("Chain the candidates of each run, in order.")
