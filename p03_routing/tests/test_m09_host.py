"""Milestone 9: Host serves an app for the requests whose Host header fits a pattern.

Look at `mounts.Host` and at what `compile_path` does for a template without a leading '/'
(a host name: any letter case, the port ignored).
"""

from typing import Any

import pytest
from minirouter import Host, Match, NoMatchFound, Route, Router, compile_path

from .drive import Probe, call, http_scope


class Echo:
    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"echo"})


def test_a_host_template_ignores_letter_case_and_its_port() -> None:
    """`compile_path` of a host (no leading '/') matches host names whatever their case, and a
    port written in the template is left out of the regex (the request's port is dropped too)."""
    assert compile_path("{sub}.Example.com").match("acme.example.COM") == {"sub": "acme"}
    assert compile_path("example.com:8080").match("example.com") == {}
    assert compile_path("/Users").match("/users") is None, "paths stay case-sensitive"


def test_host_routes_by_the_host_header() -> None:
    """`Host("{sub}.example.com", app)` matches on the Host header (any port, any case) and adds
    its params to `path_params`; other hosts fall through to the next route."""
    api = Router([Route("/", Probe("api"))])
    app = Router([Host("{sub}.example.com", app=api, name="tenant"), Route("/", Probe("main"))])
    result = call(app, "/", host="Acme.Example.com:8000")
    assert result.text == "api"
    assert result.scope["path_params"] == {"sub": "acme"}
    assert call(app, "/", host="example.org").text == "main"


def test_host_matches_ipv6_literals_and_ignores_the_template_port() -> None:
    """`[::1]:8000` is host `[::1]`; a port written in the template is ignored too."""
    assert Host("[::1]", app=Echo()).matches(http_scope("/", host="[::1]:8000"))[0] is Match.FULL
    assert Host("example.com:8080", app=Echo()).matches(http_scope("/", host="example.com"))[0] is Match.FULL


def test_host_ignores_lifespan_and_requests_without_a_host() -> None:
    """Only http and websocket scopes are routed; a request with no Host header matches no Host."""
    assert Host("example.com", app=Echo()).matches({"type": "lifespan"}) == (Match.NONE, {})
    no_host = {**http_scope("/"), "headers": []}
    assert Host("example.com", app=Echo()).matches(no_host) == (Match.NONE, {})


def test_a_host_is_not_a_path_route() -> None:
    """A host pattern must not start with '/' (ValueError mentioning "host"). Its template is
    `host_template`; `compiled` stays None, because a Host does not match on the path."""
    with pytest.raises(ValueError, match="host"):
        Host("/example.com", app=Echo())
    host = Host("{sub}.example.com", app=Router([Route("/", Probe("home"))]))
    assert host.compiled is None
    assert host.host_template.match("acme.example.com") == {"sub": "acme"}
    assert len(host.routes) == 1
    assert repr(Host("example.com", app=Echo())).startswith("Host(host='example.com', name=''")


def test_host_url_path_for_remembers_the_host() -> None:
    """url_path_for through a Host returns the path, with `.host` set to the filled-in host."""
    app = Router(
        [Host("{sub}.example.com", name="tenant", app=Router([Route("/", Probe("home"), name="home")]))]
    )
    url = app.url_path_for("tenant:home", sub="acme")
    assert (url, url.host) == ("/", "acme.example.com")
    url = app.url_path_for("tenant", sub="acme", path="/x")
    assert (url, url.host) == ("/x", "acme.example.com")


def test_url_path_for_errors_through_hosts() -> None:
    """An unknown child name or a param nobody takes raises NoMatchFound; a host param left
    out stays a `{sub}` placeholder in the URL's host, as in Starlette."""
    app = Router([Host("{sub}.example.com", name="h", app=Router([Route("/b", Probe("b"), name="b")]))])
    assert app.url_path_for("h:b", sub="s") == "/b"
    assert app.url_path_for("h:b").host == "{sub}.example.com"
    for name, params in [("h:b", {"sub": "s", "x": "1"}), ("h:zzz", {"sub": "s"})]:
        with pytest.raises(NoMatchFound):
            app.url_path_for(name, **params)


@pytest.mark.parametrize("header", ["api.example.org:evil", "[:::]", "api.example.org/x", "a b.example.org"])
def test_a_host_header_that_is_not_a_host_matches_nothing(header: str) -> None:
    """The Host header is the client's text. `api.example.org:evil` is not the host
    api.example.org with a port: a port is digits. Parse the header as RFC 3986 does (a name,
    or an IP literal in brackets that must be a valid IPv6 address, then `:digits` or nothing)
    and let anything else match no Host, as Starlette does."""
    app = Router([Host("api.example.org", app=Echo()), Host("{sub}.example.org", app=Echo())])
    assert call(app, "/", host=header).status == 404


@pytest.mark.parametrize("header", ["api.example.org:000080", "api.example.org:65536", "API.example.org"])
def test_any_port_of_digits_is_ignored(header: str) -> None:
    """The port plays no part in Host routing, whatever digits it has."""
    assert Host("api.example.org", app=Echo()).matches(http_scope("/", host=header))[0] is Match.FULL


def test_a_router_can_add_a_host_later() -> None:
    """`router.host(pattern, app, name)` appends a Host, like Starlette's helper."""
    app = Router()
    app.host("{sub}.example.com", Echo(), name="tenant")
    assert call(app, "/", host="acme.example.com").text == "echo"
