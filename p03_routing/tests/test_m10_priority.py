"""Milestone 10: the most specific route wins, whatever the registration order.

The rule: a static route first; then, reading segments left to right, a literal segment
beats a parameter, and both beat a tail (`{p:path}` or a Mount) starting at the same place;
ties keep registration order. Starlette instead takes the first route that matches, and so
does `LinearRouter`, kept as the baseline. Look at `CompiledPath.segments` / `.tail` (a
template's shape) and at the order `Router.candidates` returns.
"""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from minirouter import Host, LinearRouter, Mount, Route, Router, compile_path
from starlette import routing as real

from .drive import Probe, call
from .strategies import RouteSpec, random_paths, route_table


@pytest.mark.parametrize(
    ("template", "segments", "tail"),
    [
        ("/users/me", ("users", "me"), False),
        ("/users/{id}", ("users", None), False),
        ("/v{n:int}/items", (None, "items"), False),
        ("/files/{rest:path}", ("files",), True),
        ("/files/x{rest:path}", ("files",), True),
        ("/{a}/{b:float}/{rest:path}", (None, None), True),
        ("/", ("",), False),
    ],
)
def test_a_template_knows_its_shape(template: str, segments: tuple[str | None, ...], tail: bool) -> None:
    """`segments`: one entry per leading segment, its literal text, or WILDCARD (`None`) when it
    holds parameters that stay inside one segment. `tail`: True when a parameter that may cross
    '/' (`path`) starts at the next segment; `segments` stops there. `is_static`: no parameters."""
    compiled = compile_path(template)
    assert (compiled.segments, compiled.tail) == (segments, tail)
    assert compiled.is_static is (not compiled.convertors)


@pytest.mark.parametrize("static_first", [True, False])
def test_a_static_route_beats_a_parameter_in_any_order(static_first: bool) -> None:
    """`/users/me` is never captured by `/users/{id}`, whichever was registered first."""
    routes = [Route("/users/me", Probe("me")), Route("/users/{id}", Probe("by_id"))]
    app = Router(routes if static_first else routes[::-1])
    assert call(app, "/users/me").text == "me"
    assert call(app, "/users/42").text == "by_id"


def test_starlette_takes_the_first_match_instead() -> None:
    """The difference, shown: Starlette's router sends `/users/me` to an earlier `/users/{id}`."""
    theirs = real.Router([real.Route("/users/{id}", Probe("by_id")), real.Route("/users/me", Probe("me"))])
    ours = Router([Route("/users/{id}", Probe("by_id")), Route("/users/me", Probe("me"))])
    assert (call(theirs, "/users/me").text, call(ours, "/users/me").text) == ("by_id", "me")


def test_the_leftmost_literal_segment_decides() -> None:
    """For `/y/x`, `/y/{b}` (literal first) beats `/{a}/x` (literal second)."""
    app = Router([Route("/{a}/x", Probe("param_first")), Route("/y/{b}", Probe("literal_first"))])
    assert call(app, "/y/x").text == "literal_first"
    assert call(app, "/z/x").text == "param_first"


def test_a_single_segment_parameter_beats_a_path_tail() -> None:
    """`/files/{name}` takes `/files/a`; `/files/{rest:path}` gets only what it alone matches."""
    app = Router([Route("/files/{rest:path}", Probe("tail")), Route("/files/{name}", Probe("one"))])
    assert call(app, "/files/a").text == "one"
    assert call(app, "/files/a/b").text == "tail"


def test_routes_beat_a_mount_at_the_same_prefix() -> None:
    """A Mount is a tail: a route under its prefix, registered after it, still wins."""
    app = Router(
        [Mount("/api", routes=[Route("/{x}", Probe("mounted"))]), Route("/api/status", Probe("status"))]
    )
    assert call(app, "/api/status").text == "status"
    assert call(app, "/api/other").text == "mounted"


def test_ties_keep_registration_order() -> None:
    """Two parameter routes on the same segments: the first registered that matches wins."""
    app = Router([Route("/items/{id:int}", Probe("by_int")), Route("/items/{slug}", Probe("by_slug"))])
    assert call(app, "/items/42").text == "by_int"
    assert call(app, "/items/hat").text == "by_slug"


def test_a_host_route_keeps_its_place_in_the_order() -> None:
    """A Host matches on the host, not the path: routes before it go first, routes after it after."""
    tenant = Router([Route("/{page}", Probe("tenant"))])
    app = Router(
        [
            Route("/health", Probe("health")),
            Host("api.example.com", app=tenant),
            Route("/{page}", Probe("main")),
        ]
    )
    assert call(app, "/health", host="api.example.com").text == "health"
    assert call(app, "/about", host="api.example.com").text == "tenant"
    assert call(app, "/about", host="example.com").text == "main"


def test_linear_router_tries_routes_in_registration_order() -> None:
    """LinearRouter keeps milestone 3's scan: the first match wins, even `/users/{id}` over `/users/me`."""
    app = LinearRouter([Route("/users/{id}", Probe("by_id")), Route("/users/me", Probe("me"))])
    assert call(app, "/users/me").text == "by_id"


@given(table=route_table(), extra=st.lists(random_paths, max_size=4))
@example(
    table=[
        RouteSpec("r0", ["/", "users", "/", ("p1", "str")], {"p1": "ada"}),
        RouteSpec("r1", ["/", "users", "/", "me"]),
    ],
    extra=["/users/me"],
)
def test_linear_router_is_starlettes_router_even_for_overlapping_tables(
    table: list[RouteSpec], extra: list[str]
) -> None:
    """On any table, overlaps included, LinearRouter picks the same route and params as Starlette."""
    ours = LinearRouter(
        [Route(s.template, Probe(s.name), name=s.name) for s in table], redirect_slashes=False
    )
    theirs = real.Router(
        [real.Route(s.template, Probe(s.name), name=s.name) for s in table], redirect_slashes=False
    )
    for path in [spec.filled() for spec in table] + extra:
        mine, real_result = call(ours, path), call(theirs, path)
        assert (mine.status, mine.text) == (real_result.status, real_result.text), f"differ on {path!r}"
        if mine.status == 200:
            assert mine.scope["path_params"] == real_result.scope["path_params"]
