"""Milestone 4: the most specific route wins, whatever the registration order; and fallbacks.

The rule: a static route first; then, reading segments left to right, a literal segment
beats a parameter, and both beat a tail (`{p:path}` or a Mount) starting at the same place;
ties keep registration order. Starlette instead takes the first route that matches.
Look at the order `Router.candidates` yields, then at `Router._slash_redirect` for the
trailing-slash redirect and at `errors.py` for 404/405.
"""

from urllib.parse import urlsplit

import pytest
from miniasgi import HTTPException
from minirouter import Host, Mount, Route, Router
from starlette import routing as real

from .drive import Probe, allow, call


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


@pytest.mark.parametrize(
    ("routes", "path", "query", "location"),
    [
        (["/users"], "/users/", b"", "/users"),
        (["/users/"], "/users", b"", "/users/"),
        (["/users/{id:int}"], "/users/7/", b"page=2", "/users/7?page=2"),
    ],
)
def test_a_missing_or_extra_trailing_slash_redirects(
    routes: list[str], path: str, query: bytes, location: str
) -> None:
    """No match, but the path with the slash toggled matches: 307 to it, query kept (as Starlette)."""
    ours = call(Router([Route(p, Probe("r")) for p in routes]), path, query=query)
    theirs = call(real.Router([real.Route(p, Probe("r")) for p in routes]), path, query=query)
    assert (ours.status, ours.headers.get("location")) == (307, location)
    target = urlsplit(theirs.headers["location"])
    assert (theirs.status, f"{target.path}?{target.query}".rstrip("?")) == (307, location)


def test_a_mount_without_its_slash_redirects_to_it() -> None:
    """`/api` redirects to `/api/` when only the Mount `/api` could serve it."""
    result = call(Router([Mount("/api", routes=[Route("/", Probe("root"))])]), "/api")
    assert (result.status, result.headers.get("location")) == (307, "/api/")


def test_the_bare_root_path_redirects_to_its_slash() -> None:
    """Behind a proxy at /proxy, `GET /proxy` (route path "") redirects to `/proxy/`, as in Starlette."""
    result = call(Router([Route("/", Probe("home"))]), "", root_path="/proxy")
    assert (result.status, result.headers.get("location")) == (307, "/proxy/")


def test_redirect_slashes_can_be_turned_off() -> None:
    """`Router(redirect_slashes=False)` answers 404 instead of redirecting."""
    assert call(Router([Route("/users", Probe("u"))], redirect_slashes=False), "/users/").status == 404


def test_the_redirect_never_points_to_another_host() -> None:
    """A path starting with `//` must not become `Location: //evil.com` (another host)."""
    result = call(Router([Route("//evil.com", Probe("odd"))]), "//evil.com/")
    assert result.status == 307
    assert result.headers["location"] == "/%2Fevil.com"


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/users/a?b/", "/users/a%3Fb"),  # the client sent /users/a%3Fb/
        ("/users/50%/", "/users/50%25"),
        ("/users/a#b/", "/users/a%23b"),
        ("/users/caf\u00e9/", "/users/caf%C3%A9"),
    ],
)
def test_the_redirect_keeps_escaped_characters_escaped(path: str, location: str) -> None:
    """`scope["path"]` is decoded: `/users/a%3Fb/` arrives as `/users/a?b/`. The Location must
    encode it again, or the redirect would lead to `/users/a` with a query string."""
    result = call(Router([Route("/users/{name}", Probe("user"))]), path)
    assert (result.status, result.headers.get("location")) == (307, location)


def test_404_and_405_look_like_starlettes() -> None:
    """Same status, body and Allow methods as Starlette for a missing path and a wrong method."""
    ours = Router([Route("/items", Probe("i"), methods=["GET", "PUT"])])
    theirs = real.Router([real.Route("/items", Probe("i"), methods=["GET", "PUT"])])
    for path, method in [("/nothing", "GET"), ("/items", "DELETE")]:
        mine, real_result = call(ours, path, method), call(theirs, path, method)
        assert (mine.status, mine.text, allow(mine)) == (
            real_result.status,
            real_result.text,
            allow(real_result),
        )


def test_the_default_app_answers_when_nothing_matches() -> None:
    """`Router(default=app)` replaces the 404 (a fallback app, a custom page)."""
    app = Router([Route("/", Probe("home"))], default=Probe("fallback"))
    assert call(app, "/missing").text == "fallback"


def test_inside_a_framework_404_and_405_are_raised_as_http_exceptions() -> None:
    """With `scope["app"]` set (p07), the router raises HTTPException so the app's handlers answer."""
    import asyncio

    from .drive import http_scope

    app = Router([Route("/items", Probe("i"), methods=["GET"])])

    async def nothing() -> dict[str, object]:
        return {}

    async def ignore(message: object) -> None: ...

    for path, method, status in [("/x", "GET", 404), ("/items", "POST", 405)]:
        scope = {**http_scope(path, method), "app": object()}
        with pytest.raises(HTTPException) as caught:
            asyncio.run(app(scope, nothing, ignore))
        assert caught.value.status_code == status
    assert caught.value.headers == {"Allow": "GET, HEAD"}
