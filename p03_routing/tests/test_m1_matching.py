"""Milestone 1: compile a path template once, match request paths against it, dispatch.

Look at `paths.compile_path`, `routes.Route.matches` and `router.Router.__call__`.
"""

import pytest
from minirouter import Match, NoMatchFound, Route, Router, compile_path

from .drive import Probe, allow, call, http_scope


def test_compile_path_turns_a_template_into_a_regex_a_format_and_convertors() -> None:
    """`/users/{name}` compiles to a regex with a named group, and a format for url_path_for."""
    compiled = compile_path("/users/{name}")
    assert compiled.regex.fullmatch("/users/ada") is not None
    assert compiled.regex.fullmatch("/users/ada/more") is None, "a plain {param} must not cross '/'"
    assert compiled.format == "/users/{name}"
    assert list(compiled.convertors) == ["name"]


def test_compiled_path_match_returns_the_params_or_none() -> None:
    """`CompiledPath.match` gives {name: value} for a whole-path match and None otherwise."""
    compiled = compile_path("/users/{name}/posts/{post}")
    assert compiled.match("/users/ada/posts/first") == {"name": "ada", "post": "first"}
    assert compiled.match("/users/ada/posts") is None
    assert compiled.match("/users/ada/posts/first/") is None, "a trailing slash is a different path"
    assert compiled.match("/users//posts/first") is None, "an empty segment is not a value"


def test_a_newline_after_the_path_is_not_ignored() -> None:
    """Matching uses the whole path (`fullmatch`): a regex ending in `$` lets `/about\\n` through."""
    assert compile_path("/about").match("/about\n") is None


def test_literal_text_in_a_template_is_not_a_regex() -> None:
    """Dots and other regex characters in a template match only themselves."""
    compiled = compile_path("/files/{name}.txt")
    assert compiled.match("/files/notes.txt") == {"name": "notes"}
    assert compiled.match("/files/notesXtxt") is None


def test_a_parameter_used_twice_is_an_error_at_startup() -> None:
    """Two `{id}` in one template is a mistake: raise ValueError naming it."""
    with pytest.raises(ValueError, match="id"):
        compile_path("/a/{id}/b/{id}")


def test_route_matches_full_none_and_partial() -> None:
    """FULL: path and method fit. PARTIAL: the path fits, the method does not. NONE: no fit."""
    route = Route("/items/{item}", Probe("items"), methods=["GET"])
    full, child = route.matches(http_scope("/items/7"))
    assert full is Match.FULL
    assert child["path_params"] == {"item": "7"}
    assert route.matches(http_scope("/items/7", "POST"))[0] is Match.PARTIAL
    assert route.matches(http_scope("/other"))[0] is Match.NONE


def test_a_route_path_must_start_with_a_slash() -> None:
    """`Route("users", ...)` is a typo that would never match: refuse it."""
    with pytest.raises(ValueError, match="/"):
        Route("users", Probe("x"))


def test_router_dispatches_to_the_route_that_matches() -> None:
    """The router hands the request to the matching route's endpoint."""
    app = Router([Route("/", Probe("home")), Route("/about", Probe("about"))])
    assert call(app, "/").text == "home"
    assert call(app, "/about").text == "about"


def test_unknown_path_is_a_plain_404() -> None:
    """No route matches: 404 "Not Found" in plain text, never a traceback."""
    result = call(Router([Route("/", Probe("home"))]), "/missing")
    assert (result.status, result.text) == (404, "Not Found")


def test_wrong_method_is_405_with_an_allow_header() -> None:
    """The path matches but not the method: 405, and `Allow` lists what would work."""
    app = Router([Route("/items", Probe("items"), methods=["GET", "POST"])])
    result = call(app, "/items", "DELETE")
    assert result.status == 405
    assert allow(result) == {"GET", "HEAD", "POST"}, f"Allow header was {result.headers.get('allow')!r}"


def test_a_full_match_beats_an_earlier_partial_one() -> None:
    """GET and POST on one path may be two routes: a POST must reach the POST route."""
    app = Router(
        [
            Route("/items", Probe("list"), methods=["GET"]),
            Route("/items", Probe("create"), methods=["POST"]),
        ]
    )
    assert call(app, "/items", "POST").text == "create"
    assert call(app, "/items").text == "list"


def test_get_routes_answer_head_too() -> None:
    """A route for GET also accepts HEAD (servers answer HEAD like GET without the body)."""
    route = Route("/", Probe("home"), methods=["get"])
    assert route.methods == {"GET", "HEAD"}
    assert call(Router([route]), "/", "HEAD").status == 200


def test_router_puts_route_and_params_in_the_scope() -> None:
    """After dispatch the scope holds `path_params`, `endpoint`, `route` and `router`."""
    endpoint = Probe("user")
    app = Router([Route("/users/{name}", endpoint)])
    scope = call(app, "/users/ada").scope
    assert scope["path_params"] == {"name": "ada"}
    assert scope["endpoint"] is endpoint
    assert scope["route"] is app.routes[0]
    assert scope["router"] is app


def test_url_path_for_builds_the_path_back_from_a_name() -> None:
    """`url_path_for(name, **params)` is matching in reverse."""
    app = Router([Route("/users/{name}", Probe("user"), name="user_detail")])
    assert app.url_path_for("user_detail", name="ada") == "/users/ada"


def test_route_name_defaults_to_the_endpoint_name() -> None:
    """Without `name=`, a route is named after its endpoint function (or class)."""

    async def list_users() -> None: ...

    assert Route("/users", list_users).name == "list_users"


def test_no_match_found_names_the_route_and_the_params() -> None:
    """A wrong name or wrong params raise NoMatchFound that says both, to fix the call."""
    app = Router([Route("/users/{name}", Probe("user"), name="user_detail")])
    with pytest.raises(NoMatchFound, match="user_detail") as caught:
        app.url_path_for("user_detail", nickname="ada")
    assert "nickname" in str(caught.value)
    with pytest.raises(NoMatchFound, match="nope"):
        app.url_path_for("nope")
