"""Milestone 3: Mount sub-routers and whole apps under a prefix; Host routes by host name.

Look at `mounts.py`: what `Mount.matches` puts in the child scope (root_path grows, path
stays whole), and how `url_path_for` walks into mounts with `"mount:child"` names.
"""

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from minirouter import Host, Match, Mount, NoMatchFound, Route, Router, get_route_path
from starlette import routing as real

from .drive import Probe, call, http_scope
from .strategies import SAFE_TEXT, RouteSpec, route_table


class ScopeEcho:
    """A mounted ASGI app that answers with what it was given: path, root_path, params."""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        body = f"{scope['root_path']}|{scope['path']}|{sorted(scope.get('path_params', {}).items())}"
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": body.encode()})


def test_mount_routes_serve_under_the_prefix() -> None:
    """`Mount("/api", routes=[...])` serves `/api/users` with the child's `/users` route."""
    app = Router([Mount("/api", routes=[Route("/users", Probe("users"))])])
    assert call(app, "/api/users").text == "users"
    assert call(app, "/users").status == 404
    assert call(app, "/api/nothing").status == 404


def test_mount_extends_root_path_and_keeps_the_full_path_like_starlette() -> None:
    """The child scope keeps `path` whole and adds the prefix to `root_path` (ASGI's rule)."""
    echo = ScopeEcho()
    ours = call(Router([Mount("/static", app=echo)]), "/static/css/site.css", root_path="/proxy")
    theirs = call(real.Router([real.Mount("/static", app=echo)]), "/static/css/site.css", root_path="/proxy")
    assert ours.text == "/proxy/static|/proxy/static/css/site.css|[]"
    assert ours.text == theirs.text


def test_nested_mounts_carry_params_down() -> None:
    """Params captured by an outer Mount reach the inner route's `path_params`."""
    inner = Router([Route("/posts/{post:int}", Probe("post"))])
    app = Router([Mount("/users/{user:int}", app=inner)])
    result = call(app, "/users/3/posts/9")
    assert result.text == "post"
    assert result.scope["path_params"] == {"user": 3, "post": 9}
    assert result.scope["root_path"] == "/users/3"


@pytest.mark.parametrize("path", ["/api", "/api/", "/api/v1", "/api/v1/", "/api/v1/users", "/api/v2/users"])
def test_mount_scopes_match_starlette(path: str) -> None:
    """For each path, the mounted app sees the same root_path, path and params as in Starlette."""
    ours = Router([Mount("/api", routes=[Mount("/{version}", app=ScopeEcho())])], redirect_slashes=False)
    theirs = real.Router(
        [real.Mount("/api", routes=[real.Mount("/{version}", app=ScopeEcho())])], redirect_slashes=False
    )
    mine, real_result = call(ours, path), call(theirs, path)
    assert (mine.status, mine.text) == (real_result.status, real_result.text)


def test_empty_mount_path_catches_everything_left() -> None:
    """`Mount("", app)` is a fallback: it sees every path no other route matched."""
    app = Router([Route("/health", Probe("health")), Mount("", app=ScopeEcho())])
    assert call(app, "/health").text == "health"
    assert call(app, "/anything/else").text == "|/anything/else|[]"


def test_mount_needs_exactly_one_of_app_and_routes() -> None:
    """Giving neither (or both) is a mistake to catch at startup."""
    with pytest.raises(ValueError, match="app"):
        Mount("/api")
    with pytest.raises(ValueError, match="app"):
        Mount("/api", app=ScopeEcho(), routes=[])


def test_url_path_for_walks_into_named_mounts() -> None:
    """`"api:users"` names route `users` inside the Mount named `api`; params go where they belong."""
    app = Router(
        [
            Mount(
                "/api/{version}",
                name="api",
                routes=[Route("/users/{id:int}", Probe("u"), name="user")],
            ),
            Mount("/static", app=ScopeEcho(), name="static"),
        ]
    )
    assert app.url_path_for("api:user", version="v1", id=5) == "/api/v1/users/5"
    assert app.url_path_for("static", path="/css/site.css") == "/static/css/site.css"
    with pytest.raises(NoMatchFound):
        app.url_path_for("user", version="v1", id=5)
    with pytest.raises(NoMatchFound):
        app.url_path_for("api:user", id=5)


def test_unnamed_mounts_pass_names_through() -> None:
    """A Mount without a name is transparent: its routes are found by their own names."""
    app = Router([Mount("/api", routes=[Route("/users", Probe("u"), name="users")])])
    assert app.url_path_for("users") == "/api/users"


def test_url_path_for_through_mounts_matches_starlette() -> None:
    """The same nested table gives the same url_path_for answers as Starlette's."""
    ours = Router(
        [Mount("/a", name="a", routes=[Mount("/b/{x}", name="b", routes=[Route("/c/{y}", Probe("c"))])])]
    )
    theirs = real.Router(
        [
            real.Mount(
                "/a",
                name="a",
                routes=[real.Mount("/b/{x}", name="b", routes=[real.Route("/c/{y}", Probe("c"))])],
            )
        ]
    )
    for name, params in [
        ("a:b:c", {"x": "1", "y": "2"}),
        ("a:b", {"x": "1", "path": "/z"}),
        ("a", {"path": "q"}),
    ]:
        assert ours.url_path_for(name, **params) == theirs.url_path_for(name, **params)


def test_host_routes_by_the_host_header() -> None:
    """`Host("{sub}.example.com", app)` matches on the Host header (any port, any case)."""
    api = Router([Route("/", Probe("api"))])
    app = Router([Host("{sub}.example.com", app=api, name="tenant"), Route("/", Probe("main"))])
    result = call(app, "/", host="Acme.Example.com:8000")
    assert result.text == "api"
    assert result.scope["path_params"] == {"sub": "acme"}
    assert call(app, "/", host="example.org").text == "main"


def test_host_url_path_for_remembers_the_host() -> None:
    """url_path_for through a Host returns the path, with `.host` set to the filled-in host."""
    app = Router(
        [Host("{sub}.example.com", name="tenant", app=Router([Route("/", Probe("home"), name="home")]))]
    )
    url = app.url_path_for("tenant:home", sub="acme")
    assert (url, url.host) == ("/", "acme.example.com")
    url = app.url_path_for("tenant", sub="acme", path="/x")
    assert (url, url.host) == ("/x", "acme.example.com")


@pytest.mark.parametrize(
    ("path", "root_path", "expected"),
    [
        ("/api/users", "/api", "/users"),
        ("/api", "/api", ""),
        ("/apiary", "/api", "/apiary"),
        ("/other", "/api", "/other"),
        ("/users", "", "/users"),
    ],
)
def test_get_route_path_removes_the_root_path_prefix(path: str, root_path: str, expected: str) -> None:
    """Routes match on `path` minus `root_path`, and only when root_path is a whole-segment prefix."""
    scope = {**http_scope(path), "root_path": root_path}
    assert get_route_path(scope) == expected


def test_mount_and_host_refuse_malformed_patterns() -> None:
    """A mount path must start with '/' (or be empty); a host pattern must not."""
    with pytest.raises(ValueError, match="mount path"):
        Mount("api", app=ScopeEcho())
    with pytest.raises(ValueError, match="host"):
        Host("/example.com", app=ScopeEcho())


def test_mount_and_host_ignore_lifespan_and_requests_without_a_host() -> None:
    """Only http and websocket scopes are routed; a request with no Host header matches no Host."""
    lifespan = {"type": "lifespan"}
    assert Mount("/api", app=ScopeEcho()).matches(lifespan)[0] is Match.NONE
    assert Host("example.com", app=ScopeEcho()).matches(lifespan)[0] is Match.NONE
    no_host = {**http_scope("/"), "headers": []}
    assert Host("example.com", app=ScopeEcho()).matches(no_host)[0] is Match.NONE


def test_host_matches_ipv6_literals_and_ignores_the_template_port() -> None:
    """`[::1]:8000` is host `[::1]`; a port written in the template is ignored too."""
    assert Host("[::1]", app=ScopeEcho()).matches(http_scope("/", host="[::1]:8000"))[0] is Match.FULL
    assert (
        Host("example.com:8080", app=ScopeEcho()).matches(http_scope("/", host="example.com"))[0]
        is Match.FULL
    )


def test_mount_and_host_reprs_name_their_pattern() -> None:
    """The repr says which prefix or host a route serves."""
    assert repr(Mount("/api", app=ScopeEcho(), name="api")).startswith("Mount(path='/api', name='api'")
    assert repr(Host("example.com", app=ScopeEcho())).startswith("Host(host='example.com', name=None")


def test_url_path_for_errors_through_mounts_and_hosts() -> None:
    """Unknown child names, missing prefix params and a host without its params all raise NoMatchFound."""
    app = Router(
        [
            Mount("/m/{x}", name="m", routes=[Route("/a", Probe("a"), name="a")]),
            Host("{sub}.example.com", name="h", app=Router([Route("/b", Probe("b"), name="b")])),
        ]
    )
    assert app.url_path_for("h:b", sub="s") == "/b"
    for name, params in [("m:zzz", {"x": "1"}), ("m:a", {}), ("h:b", {}), ("h:zzz", {"sub": "s"})]:
        with pytest.raises(NoMatchFound):
            app.url_path_for(name, **params)


@given(table=route_table(), tenant=st.text(SAFE_TEXT, min_size=1, max_size=6))
def test_mount_child_names_round_trip_and_match_starlette(table: list[RouteSpec], tenant: str) -> None:
    """`url_path_for("t:rN", tenant=..., **params)` through a Mount equals Starlette's and routes back."""
    ours = Router(
        [
            Mount(
                "/t/{tenant}", name="t", routes=[Route(s.template, Probe(s.name), name=s.name) for s in table]
            )
        ]
    )
    inner = [real.Route(s.template, Probe(s.name), name=s.name) for s in table]
    theirs = real.Router([real.Mount("/t/{tenant}", name="t", routes=inner)])
    for spec in table:
        params = {**spec.params, "tenant": tenant}
        path = ours.url_path_for(f"t:{spec.name}", **params)
        assert path == theirs.url_path_for(f"t:{spec.name}", **params)
        matching = [
            r.name
            for r in inner
            if r.matches(http_scope(path[len(f"/t/{tenant}") :]))[0] is not real.Match.NONE
        ]
        if matching == [spec.name]:
            result = call(ours, path)
            assert result.text == spec.name, f"{path!r} should reach {spec.template}"
            assert result.scope["path_params"] == params, f"{path!r} did not round-trip its params"
