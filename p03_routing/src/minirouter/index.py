"""The route index: which few routes could match this path, found without a scan.

A plain scan tries every route's regex in turn, so the last of 1,000 routes costs 1,000
regex calls. The index is built once from the route table and answers in time that depends
on the path's length, not on the number of routes:

- a static route (no parameters) sits in a dict keyed by its exact path;
- a dynamic route sits in a tree of path segments, under its literal segments (`users`) and
  WILDCARD edges for segments with parameters (`{id}`); a route whose template goes on with
  a parameter that may cross "/" (`{p:path}`, a `Mount`) hangs as a *tail* on the node where
  that parameter starts.

The index only narrows the candidates, it never decides: the router still asks each
candidate's `matches()`, so convertors and methods keep their meaning. The order candidates
come out in is the priority rule (see `RouteIndex`).
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain

from miniasgi.routing import BaseRoute

from minirouter.paths import WILDCARD, CompiledPath, Segment


def compiled_path(route: BaseRoute) -> CompiledPath | None:
    """The path template a route matches on, if it says (`compiled`: minirouter's Route,
    WebSocketRoute and Mount, and their subclasses). Any other route (a Host, miniasgi's own
    routes, yours) is a fence, tried in the order it was registered."""
    compiled: CompiledPath | None = getattr(route, "compiled", None)
    return compiled


class _Node:
    """One position in the segment tree, with the routes that end or branch off here."""

    __slots__ = ("literal", "tail", "terminal", "wildcard")

    def __init__(self) -> None:
        self.literal: dict[str, _Node] = {}
        self.wildcard: _Node | None = None
        self.terminal: list[BaseRoute] = []
        self.tail: list[BaseRoute] = []

    def child(self, key: Segment) -> "_Node":
        if key is WILDCARD:
            if self.wildcard is None:
                self.wildcard = _Node()
            return self.wildcard
        return self.literal.setdefault(key, _Node())

    def collect(self, parts: list[str], depth: int, found: list[BaseRoute]) -> None:
        """Append the candidates for `parts[depth:]`, most specific first: literal, wildcard, tail.

        Eager on purpose: a few list appends cost less than a chain of generators, and the
        tree only branches where a literal and a parameter share a position.
        """
        if depth == len(parts):
            found += self.terminal
        else:
            literal = self.literal.get(parts[depth])
            if literal is not None:
                literal.collect(parts, depth + 1, found)
            if self.wildcard is not None:
                self.wildcard.collect(parts, depth + 1, found)
        found += self.tail


class _PathTier:
    """Consecutive path routes: a dict for the static ones, a segment tree for the rest."""

    def __init__(self) -> None:
        self.static: dict[str, list[BaseRoute]] = {}
        self.root = _Node()

    def add(self, route: BaseRoute) -> None:
        compiled = compiled_path(route)
        assert compiled is not None
        if compiled.is_static:
            self.static.setdefault(compiled.template, []).append(route)
            return
        node = self.root
        for key in compiled.segments:
            node = node.child(key)
        (node.tail if compiled.tail else node.terminal).append(route)

    def candidates(self, route_path: str) -> Iterable[BaseRoute]:
        static = self.static.get(route_path)
        if static is None:
            return self._walk(route_path)
        # A static hit is one dict lookup; the tree is walked only if those routes do not serve.
        return chain(static, _deferred(self._walk, route_path))

    def _walk(self, route_path: str) -> list[BaseRoute]:
        found: list[BaseRoute] = []
        self.root.collect(route_path[1:].split("/"), 0, found)
        return found


def _deferred(make: Callable[[str], list[BaseRoute]], route_path: str) -> Iterator[BaseRoute]:
    yield from make(route_path)


class _Fence:
    """Routes that do not match on the path (Host): tried in the order they were added."""

    def __init__(self) -> None:
        self.routes: list[BaseRoute] = []

    def add(self, route: BaseRoute) -> None:
        self.routes.append(route)

    def candidates(self, route_path: str) -> Iterable[BaseRoute]:
        return self.routes


class RouteIndex:
    """The candidate routes for a path, in priority order, built once from a route table.

    Priority: a static route first; then dynamic routes by their segments, left to right,
    a literal segment beating a parameter and both beating a tail (`{p:path}`, a Mount) that
    starts at the same place; ties keep registration order. Routes that do not match on the
    path (Host) act as fences: routes registered before one are all tried before it.
    """

    def __init__(self, routes: Sequence[BaseRoute]) -> None:
        self.size = len(routes)
        self._tiers: list[_PathTier | _Fence] = []
        for route in routes:
            kind = _Fence if compiled_path(route) is None else _PathTier
            if not self._tiers or not isinstance(self._tiers[-1], kind):
                self._tiers.append(kind())
            self._tiers[-1].add(route)

    def candidates(self, route_path: str) -> Iterable[BaseRoute]:
        if len(self._tiers) == 1:
            return self._tiers[0].candidates(route_path)
        return chain.from_iterable(tier.candidates(route_path) for tier in self._tiers)
