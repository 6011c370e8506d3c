"""Milestone 4, step 2: TrustedHostMiddleware and HTTPSRedirectMiddleware, checked against Starlette.

Both decide from the request's address before the app runs. TrustedHostMiddleware refuses
(400 "Invalid host header") a request whose Host is not one the app serves, or redirects it
to its `www.` twin; HTTPSRedirectMiddleware sends http and ws requests to the same URL over
TLS (307). Readable cases first, then hypothesis feeds both middlewares and Starlette's the
same Host headers (ports, IPv6 brackets, case, garbage) and compares the answers.
"""

from __future__ import annotations

from typing import Any

import pytest
import starlette.middleware.httpsredirect
import starlette.middleware.trustedhost
from hypothesis import example, given
from hypothesis import strategies as st
from minimiddleware import HTTPSRedirectMiddleware, TrustedHostMiddleware

from .asgi import http_scope, run
from .parity import Seen, assert_same, endpoint, observe, side_by_side

SHOWN = ("location", "content-type", "content-length")
SITE = ["example.com", "*.api.example.com"]


def request(host: str | None, path: str = "/", **scope: Any) -> dict[str, Any]:
    """A scope whose Host header is `host` (None: no Host header and no server address)."""
    if host is None:
        return http_scope(path, headers=[], server=None, **scope)
    return http_scope(path, headers=[("host", host)], **scope)


def trusted(**options: Any) -> TrustedHostMiddleware:
    return TrustedHostMiddleware(endpoint(), **options)


def test_a_listed_host_reaches_the_app() -> None:
    """A Host that is one of `allowed_hosts` passes: compared without its port and
    case-insensitively (host names are), so `EXAMPLE.com:8000` is `example.com`."""
    for host in ("example.com", "EXAMPLE.com:8000"):
        seen = observe(trusted(allowed_hosts=SITE), request(host))
        assert (seen.status, seen.body) == (200, b"hello"), (
            f"Host {host!r}: expected the app's answer, got {seen}"
        )


def test_an_unlisted_host_is_refused() -> None:
    """Any other Host gets 400 "Invalid host header" and the app never runs: the URLs it
    would build from that Host (links, redirects) would point at someone else's site."""
    for host in ("evil.org", "example.com.evil.org", "notexample.com"):
        seen = observe(trusted(allowed_hosts=SITE), request(host), SHOWN)
        assert (seen.status, seen.body) == (400, b"Invalid host header"), (
            f"Host {host!r}: expected 400, got {seen}"
        )


@pytest.mark.parametrize(
    "host", [None, "", "example.com/x?", "user@example.com", "[::1", "exa mple.com", "[::g]"]
)
def test_a_missing_or_malformed_host_is_refused(host: str | None) -> None:
    """No Host header, or one that is not a host (a path, a login, a broken IPv6 literal;
    p02's `miniasgi.urls.parse_host` decides), is refused like an unlisted one."""
    seen = observe(trusted(allowed_hosts=["example.com"]), request(host), SHOWN)
    assert (seen.status, seen.body) == (400, b"Invalid host header"), (
        f"Host {host!r}: expected 400, got {seen}"
    )


def test_a_wildcard_allows_subdomains_only() -> None:
    """`*.api.example.com` allows every subdomain of api.example.com (any depth), but not
    api.example.com itself, nor a name that merely ends with the same letters."""
    for host, status in [("v1.api.example.com", 200), ("a.b.API.example.com", 200), ("api.example.com", 400)]:
        seen = observe(trusted(allowed_hosts=SITE), request(host))
        assert seen.status == status, f"Host {host!r} with {SITE}: expected {status}, got {seen}"
    seen = observe(trusted(allowed_hosts=SITE), request("evilapi.example.com"))
    assert seen.status == 400, f"Host 'evilapi.example.com': expected 400, got {seen}"


def test_the_bare_domain_is_redirected_to_www() -> None:
    """When only `www.example.com` is allowed, a request for `example.com` is redirected
    (307) to the same URL on www (port, path and query kept) instead of refused; with
    `www_redirect=False` it is refused."""
    scope = request("example.com:8000", "/a/b", query_string=b"x=1")
    seen = observe(trusted(allowed_hosts=["www.example.com"]), scope, SHOWN)
    assert (seen.status, seen.headers.get("location")) == (307, "http://www.example.com:8000/a/b?x=1"), (
        f"expected a 307 to http://www.example.com:8000/a/b?x=1, got {seen}"
    )
    seen = observe(trusted(allowed_hosts=["www.example.com"], www_redirect=False), scope, SHOWN)
    assert seen.status == 400, f"www_redirect=False: expected 400, got {seen}"


def test_the_default_allows_any_host() -> None:
    """The default, `allowed_hosts=("*",)`, checks nothing: even a malformed Host passes."""
    seen = observe(trusted(), request("whatever/x"))
    assert seen.status == 200, f"allowed_hosts=('*',): expected the app's 200, got {seen}"


@pytest.mark.parametrize("pattern", ["api.*.example.com", "*example.com", "example.*", "**.example.com"])
def test_a_wildcard_anywhere_but_the_front_is_refused_at_setup(pattern: str) -> None:
    """A pattern may be `*` alone or start with `*.`; anything else would never match what
    its author meant, so the constructor raises ValueError (not an assert: `python -O`
    would remove it)."""
    with pytest.raises(ValueError, match="example"):
        TrustedHostMiddleware(endpoint(), allowed_hosts=[pattern])


def test_a_websocket_for_an_unlisted_host_is_denied() -> None:
    """A websocket handshake is checked too. It is refused with the same 400, sent as a
    denial response (`websocket.http.response.start`); a listed host's is accepted."""
    seen = observe(trusted(allowed_hosts=SITE), request("evil.org", scope_type="websocket"), SHOWN)
    assert (seen.status, seen.body) == (400, b"Invalid host header"), f"expected a 400 denial, got {seen}"
    seen = observe(trusted(allowed_hosts=SITE), request("example.com", scope_type="websocket"))
    assert seen.status == 101, f"expected the app to accept the websocket, got {seen}"


@pytest.mark.parametrize("middleware", [TrustedHostMiddleware, HTTPSRedirectMiddleware])
def test_lifespan_passes_through(middleware: Any) -> None:
    """Lifespan has no host and no scheme: it always reaches the app."""
    seen: list[str] = []

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        seen.append(scope["type"])

    options = {"allowed_hosts": ["example.com"]} if middleware is TrustedHostMiddleware else {}
    run(middleware(app, **options), http_scope(scope_type="lifespan"), None, None)
    assert seen == ["lifespan"], f"expected the app to see the lifespan scope, got {seen}"


def redirect(scope: dict[str, Any]) -> Seen:
    return observe(HTTPSRedirectMiddleware(endpoint()), scope, SHOWN)


def test_http_is_redirected_to_https() -> None:
    """An http request gets 307 (the client repeats the same method and body, where 301/302
    let a browser turn a POST into a GET) to the https URL: same host, path and query."""
    seen = redirect(request("example.com", "/items/1", method="POST", query_string=b"q=a%20b"))
    assert (seen.status, seen.headers.get("location")) == (307, "https://example.com/items/1?q=a%20b"), (
        f"expected a 307 to https://example.com/items/1?q=a%20b, got {seen}"
    )


def test_ports_80_and_443_are_dropped_others_kept() -> None:
    """`:80` and `:443` are default ports (the https URL needs none); any other port is kept."""
    for host, location in [
        ("example.com:80", "https://example.com/"),
        ("example.com:443", "https://example.com/"),
        ("example.com:8080", "https://example.com:8080/"),
    ]:
        seen = redirect(request(host))
        assert seen.headers.get("location") == location, f"Host {host!r}: expected {location}, got {seen}"


def test_ipv6_literals_keep_their_brackets() -> None:
    """An IPv6 address in a URL needs its brackets, with or without a port. (Starlette drops
    them when it drops port 80 or 443, giving `https://::1/`: we keep them.)"""
    for host, location in [("[::1]:80", "https://[::1]/"), ("[::1]:8443", "https://[::1]:8443/")]:
        seen = redirect(request(host))
        assert seen.headers.get("location") == location, f"Host {host!r}: expected {location}, got {seen}"


def test_a_websocket_is_redirected_to_wss() -> None:
    """A `ws` handshake gets the same 307, to `wss`, sent as a denial response."""
    seen = redirect(request("example.com", "/chat", scope_type="websocket"))
    assert (seen.status, seen.headers.get("location")) == (307, "wss://example.com/chat"), f"got {seen}"


def test_secure_requests_pass_through() -> None:
    """https and wss requests reach the app unchanged."""
    seen = redirect(request("example.com", scheme="https"))
    assert (seen.status, seen.body) == (200, b"hello"), f"https: expected the app's answer, got {seen}"
    seen = redirect(request("example.com", scheme="https", scope_type="websocket"))
    assert seen.status == 101, f"wss: expected the app to accept, got {seen}"


def test_a_request_with_no_host_at_all_is_refused() -> None:
    """No Host header (or a malformed one) and no server address: there is no URL to
    redirect to, so the answer is 400 "Invalid host header"."""
    for host in (None, "evil.com/x?"):
        scope = http_scope(headers=[] if host is None else [("host", host)], server=None)
        seen = redirect(scope)
        assert (seen.status, seen.body) == (400, b"Invalid host header"), (
            f"Host {host!r}: expected 400, got {seen}"
        )


# Parity with Starlette: Host headers as a client may send them, well-formed or not.
NAMES = [
    "example.com",
    "EXAMPLE.com",
    "www.example.com",
    "WWW.Example.COM",
    "api.example.com",
    "v1.api.example.com",
    "example.com.evil.org",
    "evil.org",
    "localhost",
    "127.0.0.1",
    "[::1]",
    "[2001:DB8::1]",
    "[v1.x]",
]
PORTS = [None, "80", "443", "8000", "0", "080", "65535", "65536", "99999", ""]
GARBAGE = [
    "",
    "example.com/x?",
    "user@example.com",
    "[::1",
    "::1",
    "exa mple.com",
    "a:80:80",
    "[::g]",
    "ex\u00e4mple.com",
]
PATTERNS = ["example.com", "www.example.com", "*.example.com", "*.api.example.com", "localhost", "[::1]", "*"]
SERVERS = [("testserver", 80), ("10.0.0.1", 8080), ("::1", 443), None]


@st.composite
def host_headers(draw: st.DrawFn) -> str | None:
    kind = draw(st.sampled_from(["name", "name", "garbage", "none", "fuzz"]))
    if kind == "none":
        return None
    if kind == "garbage":
        return draw(st.sampled_from(GARBAGE))
    if kind == "fuzz":
        return draw(st.text(alphabet="aExw.:[]1*/@%-", max_size=12))
    port = draw(st.sampled_from(PORTS))
    return draw(st.sampled_from(NAMES)) + ("" if port is None else f":{port}")


def scope_for(host: str | None, server: Any, path: str, scope_type: str, scheme: str) -> dict[str, Any]:
    headers = [] if host is None else [("host", host)]
    query = b"a=1&b=%20" if path.endswith("q") else b""
    return http_scope(
        path, headers=headers, server=server, scope_type=scope_type, scheme=scheme, query_string=query
    )


@given(
    host=host_headers(),
    allowed=st.lists(st.sampled_from(PATTERNS), min_size=1, max_size=3),
    www_redirect=st.booleans(),
    server=st.sampled_from(SERVERS),
    scope_type=st.sampled_from(["http", "http", "websocket"]),
)
@example(
    host="example.com", allowed=["www.example.com"], www_redirect=True, server=SERVERS[0], scope_type="http"
)
@example(
    host="EXAMPLE.com:99999",
    allowed=["www.example.com"],
    www_redirect=True,
    server=SERVERS[1],
    scope_type="http",
)
@example(
    host="evil.org", allowed=["*.example.com"], www_redirect=True, server=SERVERS[0], scope_type="websocket"
)
@example(host="[::1]:8000", allowed=["[::1]"], www_redirect=True, server=None, scope_type="http")
def test_trusted_host_answers_as_starlette(
    host: str | None, allowed: list[str], www_redirect: bool, server: Any, scope_type: str
) -> None:
    """Starlette's TrustedHostMiddleware, with the same allowed_hosts and www_redirect, gives
    the same status, Location and body for the same Host header, on http and websocket
    scopes. The host check is p02's `parse_host` then a comparison: a difference here is
    either in how you strip the port and lower-case, or in the www redirect's URL."""
    options = {"allowed_hosts": allowed, "www_redirect": www_redirect}
    ours, theirs = side_by_side(
        lambda app: TrustedHostMiddleware(app, **options),
        lambda app: starlette.middleware.trustedhost.TrustedHostMiddleware(app, **options),
        endpoint,
        scope_for(host, server, "/p", scope_type, "http"),
        SHOWN,
    )
    assert_same(ours, theirs, f"Host {host!r}, server {server}, {scope_type}, {options}")


def with_brackets_restored(ours: Seen, theirs: Seen) -> Seen:
    """Starlette's answer with its one known slip undone: when it drops port 80/443 from an
    IP literal (`[::1]:80`) it also drops the brackets (`https://::1/`). Only a Location
    whose host is exactly ours without its brackets is changed."""
    mine, location = ours.headers.get("location", ""), theirs.headers.get("location", "")
    scheme, _, rest = location.partition("://")
    host, slash, path = rest.partition("/")
    if mine == f"{scheme}://[{host}]{slash}{path}":
        return Seen(theirs.status, {**theirs.headers, "location": mine}, theirs.body, theirs.chunks)
    return theirs


@given(
    host=host_headers(),
    server=st.sampled_from(SERVERS),
    path=st.sampled_from(["/", "/items/q", "/a b/\u00e9", "//evil.com", "/x?y#z"]),
    scope_type=st.sampled_from(["http", "http", "websocket"]),
    scheme=st.sampled_from(["http", "http", "https"]),
)
@example(host="example.com:80", server=SERVERS[0], path="/items/q", scope_type="http", scheme="http")
@example(host="[::1]:443", server=SERVERS[0], path="/", scope_type="http", scheme="http")
@example(host=None, server=None, path="/", scope_type="http", scheme="http")
@example(host="Example.COM:443", server=SERVERS[0], path="/", scope_type="websocket", scheme="http")
def test_https_redirect_answers_as_starlette(
    host: str | None, server: Any, path: str, scope_type: str, scheme: str
) -> None:
    """Starlette's HTTPSRedirectMiddleware gives the same status, Location and body for the
    same request: the URL rebuilt from the scope (p02's `URL`: the Host header if valid,
    else the server's address), the scheme swapped, port 80/443 dropped and the host then
    lower-cased, the path percent-quoted. The one accepted difference: an IPv6 literal
    keeps its brackets when its port is dropped (see `with_brackets_restored`)."""
    ours, theirs = side_by_side(
        HTTPSRedirectMiddleware,
        starlette.middleware.httpsredirect.HTTPSRedirectMiddleware,
        endpoint,
        scope_for(host, server, path, scope_type, scheme),
        SHOWN,
    )
    assert_same(
        ours, with_brackets_restored(ours, theirs), f"Host {host!r}, server {server}, {scheme} {path!r}"
    )
