"""Milestone 3: the Router hands each request to the route that fits, or answers 404 / 405.

Look at `router.Router` (`resolve`, `dispatch`), `Route.handle` and `errors.py`.
"""

import asyncio

import pytest
from miniasgi import HTTPException
from minirouter import Match, Route, Router
from starlette import routing as real

from .drive import Probe, allow, call, http_scope


def test_router_dispatches_to_the_route_that_matches() -> None:
    """The router hands the request to the matching route's endpoint (here a Probe, an ASGI
    app that answers with its own name)."""
    app = Router([Route("/", Probe("home")), Route("/about", Probe("about"))])
    assert call(app, "/").text == "home"
    assert call(app, "/about").text == "about"


def test_unknown_path_is_a_plain_404() -> None:
    """No route matches: status 404, body "Not Found" in plain text, never a traceback."""
    result = call(Router([Route("/", Probe("home"))]), "/missing")
    assert (result.status, result.text) == (404, "Not Found")
    assert result.headers.get("content-type", "").startswith("text/plain")


def test_wrong_method_is_405_with_an_allow_header() -> None:
    """The path matches but not the method: 405 "Method Not Allowed", and the `Allow` header
    lists the route's methods, sorted, joined by ", "."""
    app = Router([Route("/items", Probe("items"), methods=["GET", "POST"])])
    result = call(app, "/items", "DELETE")
    assert (result.status, result.text) == (405, "Method Not Allowed")
    assert result.headers.get("allow") == "GET, HEAD, POST"


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
    assert call(app, "/items", "DELETE").status == 405


def test_resolve_finds_the_route_without_serving_it() -> None:
    """`router.resolve(scope)` is the decision alone: (Match, route, child scope), or
    (Match.NONE, None, {}) when nothing fits."""
    route = Route("/users/{name}", Probe("user"), methods=["GET"])
    app = Router([route])
    assert app.resolve(http_scope("/users/ada"))[:2] == (Match.FULL, route)
    assert app.resolve(http_scope("/users/ada", "POST"))[:2] == (Match.PARTIAL, route)
    assert app.resolve(http_scope("/nobody")) == (Match.NONE, None, {})


def test_router_puts_route_and_params_in_the_scope() -> None:
    """After dispatch the scope holds `path_params`, `endpoint`, `route` and `router`."""
    endpoint = Probe("user")
    app = Router([Route("/users/{name}", endpoint)])
    scope = call(app, "/users/ada").scope
    assert scope["path_params"] == {"name": "ada"}
    assert scope["endpoint"] is endpoint
    assert scope["route"] is app.routes[0]
    assert scope["router"] is app


def test_head_reaches_a_get_route() -> None:
    """A GET route serves HEAD too (the route's methods include it)."""
    assert call(Router([Route("/", Probe("home"), methods=["GET"])]), "/", "HEAD").status == 200


def test_an_asgi_endpoint_gets_every_method() -> None:
    """A route whose endpoint is an ASGI app and that names no methods serves any method."""
    app = Router([Route("/raw", Probe("raw"))])
    assert call(app, "/raw", "PATCH").text == "raw"


def test_a_route_is_an_asgi_app_on_its_own() -> None:
    """`await route(scope, receive, send)` matches and serves, or answers 404."""
    route = Route("/", Probe("home"))
    assert call(route, "/").text == "home"
    assert call(route, "/elsewhere").status == 404


def test_the_default_app_answers_when_nothing_matches() -> None:
    """`Router(default=app)` replaces the 404 (a fallback app, a custom page)."""
    app = Router([Route("/", Probe("home"))], default=Probe("fallback"))
    assert call(app, "/missing").text == "fallback"


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


def test_inside_a_framework_404_and_405_are_raised_as_http_exceptions() -> None:
    """With `scope["app"]` set (a framework's app puts itself there), the router raises
    miniasgi's HTTPException(404) or HTTPException(405, headers={"Allow": ...}) instead of
    answering, so the app's exception handlers shape the answer."""
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
