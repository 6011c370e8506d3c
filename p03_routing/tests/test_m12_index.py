"""Milestone 12: matching in constant time. The router must not try every route.

A `Route` subclass counts its `matches()` calls: with 1,000 routes, a request may only
consult the few routes the index says could match. Look at `index.py` (the static dict and
the segment tree) and `Router.candidates`. `LinearRouter` keeps milestone 3's scan as the
baseline the index is checked against.
"""

from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st
from minirouter import LinearRouter, Match, Mount, Route, Router

from .drive import Probe, call
from .strategies import RouteSpec, random_paths, route_table


class CountingRoute(Route):
    """A Route that counts how often the router asks it to match (p06's APIRoute subclasses Route too)."""

    calls = 0

    def matches(self, scope: Any) -> tuple[Match, Any]:
        CountingRoute.calls += 1
        return super().matches(scope)


def consulted(app: Router, path: str) -> tuple[str, int]:
    CountingRoute.calls = 0
    body = call(app, path).text
    return body, CountingRoute.calls


def big_table() -> Router:
    routes: list[Route | Mount] = []
    for i in range(500):
        routes.append(CountingRoute(f"/static{i}", Probe(f"static{i}")))
        routes.append(CountingRoute(f"/things{i}/{{id:int}}/detail", Probe(f"things{i}")))
    return Router(routes)


def test_a_static_path_consults_one_route_among_a_thousand() -> None:
    """The last static route of 1,000 is found by a dict lookup: one `matches()` call."""
    assert consulted(big_table(), "/static499") == ("static499", 1)


def test_a_dynamic_path_consults_only_routes_under_its_literal_segments() -> None:
    """`/things499/7/detail` is found through the segment tree, not by trying 999 others."""
    assert consulted(big_table(), "/things499/7/detail") == ("things499", 1)


def test_a_miss_consults_almost_nothing() -> None:
    """A 404 is cheap too: no route shares the first segment, so none (or almost none) is tried."""
    _, calls = consulted(big_table(), "/nowhere/at/all")
    assert calls <= 2, f"a miss tried {calls} routes"


def test_mounts_are_indexed_by_their_prefix() -> None:
    """With 300 mounts, `/m299/x` consults the one mount whose prefix fits."""
    routes = [Mount(f"/m{i}", routes=[CountingRoute("/x", Probe(f"m{i}"))]) for i in range(300)]
    assert consulted(Router(routes), "/m299/x") == ("m299", 1)


def test_candidates_are_few_and_ordered() -> None:
    """`router.candidates(path)` lists the routes worth trying, most specific first."""
    app = Router(
        [Route("/users/{id}", Probe("a")), Route("/users/me", Probe("b")), Route("/posts", Probe("c"))]
    )
    assert [route.endpoint.__name__ for route in app.candidates("/users/me")] == ["b", "a"]


def test_routes_added_after_the_first_request_are_found() -> None:
    """The index is built lazily; appending to `router.routes` later must not be ignored."""
    app = Router([Route("/a", Probe("a"))])
    assert call(app, "/b").status == 404
    app.routes.append(Route("/b", Probe("b")))
    assert call(app, "/b").text == "b"


@given(table=route_table(), extra=st.lists(random_paths, max_size=4))
@example(
    table=[
        RouteSpec("r0", ["/", "files", "/", ("rest", "path")], {"rest": "a/b"}),
        RouteSpec("r1", ["/", ("p1", "str"), "/", "x"], {"p1": "y"}),
        RouteSpec("r2", ["/", "files", "/", ("p1", "int")], {"p1": 7}),
    ],
    extra=["/files/", "/y/x", "/files/7/"],
)
def test_the_index_finds_a_match_whenever_a_scan_would(table: list[RouteSpec], extra: list[str]) -> None:
    """The index only narrows the search: any path some route matches is still matched."""
    routes = [Route(s.template, Probe(s.name), name=s.name) for s in table]
    indexed, linear = Router(routes, redirect_slashes=False), LinearRouter(routes, redirect_slashes=False)
    for path in [spec.filled() for spec in table] + extra:
        assert call(indexed, path).status == call(linear, path).status, f"differ on {path!r}"
