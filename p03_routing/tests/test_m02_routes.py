"""Milestone 2: a Route says how well it fits a request: FULL, PARTIAL or NONE.

Look at `routes.Route.__init__` (what a route remembers) and `Route.matches`.
"""

import functools
from typing import Any

import pytest
from miniasgi import PlainTextResponse, Request
from minirouter import Match, Route

from .drive import Probe, http_scope


def test_route_matches_full_partial_and_none() -> None:
    """FULL: path and method fit. PARTIAL: the path fits, the method does not. NONE: the path does not fit."""
    route = Route("/items/{item}", Probe("items"), methods=["GET"])
    assert route.matches(http_scope("/items/7"))[0] is Match.FULL
    assert route.matches(http_scope("/items/7", "POST"))[0] is Match.PARTIAL
    assert route.matches(http_scope("/other"))[0] is Match.NONE


def test_a_match_comes_with_the_endpoint_and_the_path_params() -> None:
    """The second item is the child scope: `{"endpoint": ..., "path_params": {...}}` for FULL
    and PARTIAL alike; NONE comes with an empty dict."""
    endpoint = Probe("items")
    route = Route("/items/{item}", endpoint, methods=["GET"])
    for method in ("GET", "POST"):
        _, child_scope = route.matches(http_scope("/items/7", method))
        assert child_scope == {"endpoint": endpoint, "path_params": {"item": "7"}}, f"{method}: {child_scope}"
    assert route.matches(http_scope("/other")) == (Match.NONE, {})


def test_a_route_matches_http_requests_only() -> None:
    """A Route is for HTTP: a websocket (or lifespan) scope on the same path is Match.NONE."""
    route = Route("/items", Probe("items"))
    websocket = {**http_scope("/items"), "type": "websocket"}
    assert route.matches(websocket) == (Match.NONE, {})
    assert route.matches({"type": "lifespan"}) == (Match.NONE, {})


def test_a_route_path_must_start_with_a_slash() -> None:
    """`Route("users", ...)` is a typo that would never match: raise ValueError (mention the '/')."""
    with pytest.raises(ValueError, match="/"):
        Route("users", Probe("x"))


def test_methods_are_upper_case_and_get_brings_head() -> None:
    """`methods=["get"]` is stored as `{"GET", "HEAD"}`: a server answers HEAD like GET, minus
    the body. Without GET, no HEAD is added."""
    assert Route("/", Probe("home"), methods=["get"]).methods == {"GET", "HEAD"}
    assert Route("/", Probe("home"), methods=["post", "PUT"]).methods == {"POST", "PUT"}
    route = Route("/", Probe("home"), methods=["GET"])
    assert route.matches(http_scope("/", "HEAD"))[0] is Match.FULL


def test_function_endpoints_default_to_get_and_asgi_apps_to_every_method() -> None:
    """Without `methods=`, a function (even behind functools.partial) serves GET and HEAD;
    an ASGI app (a class instance) gets every method: `methods` is None."""

    async def home(request: Request) -> PlainTextResponse:
        return PlainTextResponse("home")

    async def greet(request: Request, greeting: str) -> PlainTextResponse:
        return PlainTextResponse(greeting)

    assert Route("/", home).methods == {"GET", "HEAD"}
    assert Route("/", functools.partial(greet, greeting="hi")).methods == {"GET", "HEAD"}
    route = Route("/", Probe("raw"))
    assert route.methods is None
    assert route.matches(http_scope("/", "PATCH"))[0] is Match.FULL


def test_route_name_defaults_to_the_endpoint_name() -> None:
    """Without `name=`, a route is named after its endpoint: the function's `__name__`, or the
    class name of an ASGI instance that has no `__name__`."""

    async def list_users(request: Request) -> PlainTextResponse: ...

    class Raw:
        async def __call__(self, scope: Any, receive: Any, send: Any) -> None: ...

    assert Route("/users", list_users).name == "list_users"
    assert Route("/raw", Raw()).name == "Raw"
    assert Route("/users", list_users, name="users").name == "users"


def test_a_route_remembers_what_it_was_given() -> None:
    """`path`, `endpoint`, `include_in_schema` and the compiled template are kept (a framework
    reads them, e.g. p06 writes the OpenAPI document from them), and the repr shows them."""

    async def home(request: Request) -> PlainTextResponse: ...

    route = Route("/users/{name}", home, include_in_schema=False)
    assert (route.path, route.endpoint, route.include_in_schema) == ("/users/{name}", home, False)
    assert route.compiled.match("/users/ada") == {"name": "ada"}
    assert repr(route) == "Route(path='/users/{name}', name='home', methods=['GET', 'HEAD'])"
