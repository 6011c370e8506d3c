"""Milestone 11: a missing or extra trailing slash redirects to the path that exists.

When nothing matched, `Router.dispatch` toggles the trailing slash and, if some route matches
that path, answers 307 with a relative `Location`. Look at the branch between "no route" and
`self.default` in `Router.dispatch`.
"""

from typing import Any
from urllib.parse import urlsplit

import pytest
from minirouter import Mount, Route, Router
from starlette import routing as real

from .drive import Probe, call


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


def test_a_mounted_router_redirects_too() -> None:
    """`/api/v1` matches no route of the inner router (its Mount `/{version}` needs `/v1/`): that
    router redirects to `/api/v1/`, as Starlette's does, even if the outer one would not."""

    async def echo(scope: dict[str, object], receive: object, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"echo"})

    ours = Router([Mount("/api", routes=[Mount("/{version}", app=echo)])], redirect_slashes=False)
    theirs = real.Router(
        [real.Mount("/api", routes=[real.Mount("/{version}", app=echo)])], redirect_slashes=False
    )
    mine, real_result = call(ours, "/api/v1"), call(theirs, "/api/v1")
    assert (mine.status, mine.headers.get("location")) == (307, "/api/v1/")
    assert (real_result.status, urlsplit(real_result.headers["location"]).path) == (307, "/api/v1/")


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


def test_a_root_path_ending_in_a_slash_redirects_like_starlette() -> None:
    """Behind a proxy configured with `root_path="/sub/"`, `GET /sub/` has the route path "" (path
    equals root_path). The toggled path is decided by the route path: "" gets a slash, so the
    redirect goes to `/sub//`, whose route path is "/", as Starlette's does."""
    ours = call(Router([Route("/", Probe("home"))]), "", root_path="/sub/")
    theirs = call(real.Router([real.Route("/", Probe("home"))]), "", root_path="/sub/")
    assert (ours.status, ours.headers.get("location")) == (307, "/sub//")
    assert urlsplit(theirs.headers["location"]).path == "/sub//"
