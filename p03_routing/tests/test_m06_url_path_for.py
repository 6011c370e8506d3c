"""Milestone 6: `url_path_for(name, **params)` is matching in reverse.

Look at `CompiledPath.expand`, `Route.url_path_for`, `WebSocketRoute.url_path_for` and
`Router.url_path_for`.
"""

import pytest
from miniasgi import WebSocket
from minirouter import NoMatchFound, Route, Router, WebSocketRoute, compile_path

from .drive import Probe


def test_expand_fills_the_template_with_values() -> None:
    """`CompiledPath.expand(params)` writes each value where its placeholder was."""
    compiled = compile_path("/users/{name}/posts/{post}")
    assert compiled.expand({"name": "ada", "post": "first"}) == "/users/ada/posts/first"
    assert compile_path("/about").expand({}) == "/about"
    assert compile_path("/files/{name}.txt").expand({"name": "notes"}) == "/files/notes.txt"
    assert compile_path("/{a}/{b}").expand({"a": "{b}", "b": "2"}) == "/{b}/2", "one pass, values stay text"
    assert compile_path("/{a}/{b}").expand({"b": "2"}) == "/{a}/2", "a missing value stays a placeholder"


def test_url_path_for_builds_the_path_back_from_a_name() -> None:
    """`router.url_path_for(name, **params)` finds the route with that name and fills its template;
    the answer is a URLPath (a str) whose `.protocol` is "http"."""
    app = Router([Route("/", Probe("home"), name="home"), Route("/users/{name}", Probe("u"), name="user")])
    url = app.url_path_for("user", name="ada")
    assert (url, url.protocol) == ("/users/ada", "http")
    assert app.url_path_for("home") == "/"


def test_a_route_needs_exactly_its_own_params() -> None:
    """Same name but a missing or an extra param is not this route: NoMatchFound."""
    route = Route("/users/{name}", Probe("u"), name="user")
    assert route.url_path_for("user", name="ada") == "/users/ada"
    for params in ({}, {"name": "ada", "extra": 1}, {"nickname": "ada"}):
        with pytest.raises(NoMatchFound):
            route.url_path_for("user", **params)
    with pytest.raises(NoMatchFound):
        route.url_path_for("other", name="ada")


def test_the_first_route_with_that_name_and_those_params_wins() -> None:
    """Two routes may share a name with different params: the router asks each in turn."""
    app = Router(
        [
            Route("/users", Probe("all"), name="users"),
            Route("/users/{page}", Probe("page"), name="users"),
        ]
    )
    assert app.url_path_for("users") == "/users"
    assert app.url_path_for("users", page="2") == "/users/2"


def test_no_match_found_names_the_route_and_the_params() -> None:
    """A wrong name or wrong params raise NoMatchFound that says both, to fix the call."""
    app = Router([Route("/users/{name}", Probe("user"), name="user_detail")])
    with pytest.raises(NoMatchFound, match="user_detail") as caught:
        app.url_path_for("user_detail", nickname="ada")
    assert "nickname" in str(caught.value)
    with pytest.raises(NoMatchFound, match="nope"):
        app.url_path_for("nope")


def test_websocket_url_path_for() -> None:
    """WebSocket routes have names too, and url_path_for marks them as websocket paths."""

    async def chat(websocket: WebSocket) -> None: ...

    url = Router([WebSocketRoute("/ws/{room}", chat)]).url_path_for("chat", room="lobby")
    assert (url, url.protocol) == ("/ws/lobby", "websocket")


def test_a_str_value_must_fit_in_one_segment() -> None:
    """A value its route could never match back (empty, or with a '/') is a ValueError, not a URL
    that 404s. `StringConvertor.to_string` (written for you) refuses it: let its error through."""
    app = Router([Route("/tags/{tag}", Probe("r"), name="r")])
    for value in ("a/b", ""):
        with pytest.raises(ValueError, match="path parameter"):
            app.url_path_for("r", tag=value)
