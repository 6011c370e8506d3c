"""Milestone 8: Mount serves a sub-router or a whole app under a path prefix.

Look at `get_route_path` (routes match `path` minus `root_path`; miniasgi names it with the
route protocol) and `mounts.Mount`:
what `matches` puts in the child scope (root_path grows, path stays whole), and how
`url_path_for` walks into mounts with `"mount:child"` names.
"""

from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from miniasgi import Middleware
from minirouter import Match, Mount, NoMatchFound, Route, Router, get_route_path
from starlette import routing as real

from .drive import Probe, call, http_scope
from .strategies import SAFE_TEXT, RouteSpec, route_table


class ScopeEcho:
    """A mounted ASGI app that answers with what it was given: root_path|path|path_params."""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        body = f"{scope['root_path']}|{scope['path']}|{sorted(scope.get('path_params', {}).items())}"
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": body.encode()})


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
    """`get_route_path(scope)` is `path` minus `root_path`, only when root_path is a whole-segment
    prefix (`/api` is not a prefix of `/apiary`); "" when path IS the root_path; else path."""
    scope = {**http_scope(path), "root_path": root_path}
    assert get_route_path(scope) == expected


def test_a_route_matches_the_path_below_the_root_path() -> None:
    """Behind a proxy at /proxy, the server sends path="/proxy/users", root_path="/proxy": the
    route `/users` must match it (Route.matches looks at get_route_path, not at path)."""
    route = Route("/users", Probe("users"))
    assert route.matches(http_scope("/users", root_path="/proxy"))[0] is Match.FULL
    assert call(Router([route]), "/users", root_path="/proxy").text == "users"


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


def test_a_mount_match_says_what_the_child_gets() -> None:
    """`Mount.matches` is always FULL when the prefix fits (the mounted app judges the method); the
    child scope holds `endpoint` (the app), `path_params` (without `path`), the grown `root_path`
    and `app_root_path` (the root_path before any mount, for absolute URLs)."""
    echo = ScopeEcho()
    match, child_scope = Mount("/api/{version}", app=echo).matches(
        http_scope("/api/v1/users", "DELETE", root_path="/proxy")
    )
    assert match is Match.FULL
    assert child_scope == {
        "endpoint": echo,
        "path_params": {"version": "v1"},
        "root_path": "/proxy/api/v1",
        "app_root_path": "/proxy",
    }


def test_nested_mounts_carry_params_down() -> None:
    """Params captured by an outer Mount reach the inner route's `path_params`, merged with its own."""
    inner = Router([Route("/posts/{post:int}", Probe("post"))])
    app = Router([Mount("/users/{user:int}", app=inner)])
    result = call(app, "/users/3/posts/9")
    assert result.text == "post"
    assert result.scope["path_params"] == {"user": 3, "post": 9}
    assert result.scope["root_path"] == "/users/3"


# (`/api/v1`, which the inner router redirects to `/api/v1/`, is milestone 11's.)
@pytest.mark.parametrize("path", ["/api", "/api/", "/api/v1/", "/api/v1/users", "/api/v2/users"])
def test_mount_scopes_match_starlette(path: str) -> None:
    """For each path, the mounted app sees the same root_path, path and params as in Starlette."""
    ours = Router([Mount("/api", routes=[Mount("/{version}", app=ScopeEcho())])], redirect_slashes=False)
    theirs = real.Router(
        [real.Mount("/api", routes=[real.Mount("/{version}", app=ScopeEcho())])], redirect_slashes=False
    )
    mine, real_result = call(ours, path), call(theirs, path)
    assert (mine.status, mine.text) == (real_result.status, real_result.text)


def test_empty_mount_path_catches_everything_left() -> None:
    """`Mount("", app)` is a fallback: it sees every path no earlier route matched."""
    app = Router([Route("/health", Probe("health")), Mount("", app=ScopeEcho())])
    assert call(app, "/health").text == "health"
    assert call(app, "/anything/else").text == "|/anything/else|[]"


def test_mount_checks_its_arguments() -> None:
    """Exactly one of `app` and `routes` (ValueError mentioning "app" otherwise); a path that is
    empty or starts with '/' (ValueError mentioning "mount path"); a trailing '/' is dropped."""
    with pytest.raises(ValueError, match="app"):
        Mount("/api")
    with pytest.raises(ValueError, match="app"):
        Mount("/api", app=ScopeEcho(), routes=[])
    with pytest.raises(ValueError, match="mount path"):
        Mount("api", app=ScopeEcho())
    assert Mount("/api/", app=ScopeEcho()).path == "/api"


def test_a_mount_ignores_lifespan() -> None:
    """Only http and websocket scopes are routed."""
    assert Mount("/api", app=ScopeEcho()).matches({"type": "lifespan"}) == (Match.NONE, {})


def test_a_mount_built_from_routes_lists_them() -> None:
    """`Mount(routes=[...])` wraps them in a Router; `mount.routes` lists the mounted app's routes
    ([] for an app without any), and the repr names the prefix."""
    users = Route("/users", Probe("u"))
    mount = Mount("/api", routes=[users], name="api")
    assert isinstance(mount.app, Router)
    assert mount.routes == [users]
    assert Mount("/static", app=ScopeEcho()).routes == []
    assert repr(mount).startswith("Mount(path='/api', name='api'")


def test_url_path_for_walks_into_named_mounts() -> None:
    """`"api:users"` names route `users` inside the Mount named `api`; params go where they belong.
    The mount's own name with a `path` param gives a path inside it. A prefix param the caller
    leaves out stays a `{version}` placeholder, as Starlette keeps it (CompiledPath.expand)."""
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
    missing = app.url_path_for("api:user", id=5)
    assert missing == "/api/{version}/users/5", f"got {missing!r}"


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


def test_url_path_for_errors_through_mounts() -> None:
    """An unknown child name, a param nobody takes, or the mount's own name without `path`
    raises NoMatchFound. A missing prefix param does not: it stays a placeholder."""
    app = Router([Mount("/m/{x}", name="m", routes=[Route("/a", Probe("a"), name="a")])])
    assert app.url_path_for("m:a", x="1") == "/m/1/a"
    assert app.url_path_for("m:a") == "/m/{x}/a"
    for name, params in [("m:zzz", {"x": "1"}), ("m:a", {"x": "1", "y": "2"}), ("m", {"x": "1"})]:
        with pytest.raises(NoMatchFound):
            app.url_path_for(name, **params)


@given(table=route_table(), tenant=st.text(SAFE_TEXT, min_size=1, max_size=6))
@example(
    table=[
        RouteSpec("r0", ["/", "users", "/", ("p1", "int")], {"p1": 42}),
        RouteSpec("r1", ["/", "files", "/", ("rest", "path")], {"rest": "a/b.txt"}),
    ],
    tenant="acme",
)
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


class Tag:
    """A pure ASGI middleware that adds `x-tag: <name>` to every response it lets through."""

    def __init__(self, app: Any, name: str) -> None:
        self.app = app
        self.name = name

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        async def tagged(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-tag", self.name.encode())]
            await send(message)

        await self.app(scope, receive, tagged)


def test_middleware_given_to_a_mount_wraps_the_mounted_app() -> None:
    """`Mount(..., middleware=[Middleware(cls, ...)])` wraps the mounted app (miniasgi's
    `apply_middleware`): every request under the prefix goes through it, others do not. The
    Mount still finds the routes of the app it was given for url_path_for."""
    app = Router(
        [
            Mount("/api", routes=[Route("/users", Probe("users"))], middleware=[Middleware(Tag, "api")]),
            Route("/home", Probe("home")),
        ]
    )
    assert call(app, "/api/users").headers.get("x-tag") == "api"
    assert "x-tag" not in call(app, "/home").headers
    assert app.url_path_for("users") == "/api/users"


def test_a_router_can_mount_an_app_later() -> None:
    """`router.mount(path, app, name)` appends a Mount, like Starlette's helper; `add_route`
    and `add_websocket_route` append a Route and a WebSocketRoute the same way."""
    app = Router()
    app.mount("/static", ScopeEcho(), name="static")
    app.add_route("/users", Probe("users"), methods=["GET"], name="users")
    assert call(app, "/static/css/site.css").text.startswith("/static|/static/css/site.css")
    assert call(app, "/users").text == "users"
    assert app.url_path_for("static", path="/a.css") == "/static/a.css"
