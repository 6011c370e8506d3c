"""Milestone 4: a handler reads the request's headers, query, cookies and URL, and sets cookies."""

from __future__ import annotations

import re

import pytest
from miniasgi import MiniASGI, PlainTextResponse, Request
from miniasgi.testclient import TestClient


def test_request_exposes_scope_pieces():
    """Request reads method, path, url, headers, query params, cookies and client from the scope."""
    seen = {}
    app = MiniASGI()

    @app.route("/inspect")
    async def inspect(request: Request) -> str:
        seen.update(
            method=request.method,
            path=request.path,
            url=str(request.url),
            agent=request.headers["User-Agent"],
            tags=request.query_params.getlist("tag"),
            cookie=request.cookies.get("session"),
            client=request.client.host if request.client else None,
            app=request.app,
        )
        return "ok"

    TestClient(app).get("/inspect?tag=a&tag=b", headers={"cookie": "session=abc; theme=dark"})
    assert seen == {
        "method": "GET",
        "path": "/inspect",
        "url": "http://testserver/inspect?tag=a&tag=b",
        "agent": "testclient",
        "tags": ["a", "b"],
        "cookie": "abc",
        "client": "testclient",
        "app": app,
    }


def test_a_cookie_set_by_a_handler_comes_back_on_the_next_request():
    """response.set_cookie adds a Set-Cookie header; the client stores it and sends it back."""
    app = MiniASGI()

    @app.route("/login")
    async def login(request: Request) -> PlainTextResponse:
        response = PlainTextResponse("welcome")
        response.set_cookie("session", "abc123", httponly=True)
        return response

    @app.route("/whoami")
    async def whoami(request: Request) -> str:
        return request.cookies.get("session", "nobody")

    client = TestClient(app)
    login_response = client.get("/login")
    expected = "session=abc123; HttpOnly; Path=/; SameSite=lax"
    got = login_response.headers.get("set-cookie")
    assert got == expected, f"expected Set-Cookie {expected!r}, got {got!r}"
    assert client.get("/whoami").text == "abc123"


def test_every_cookie_header_counts(drive, scope):
    """A client may send several Cookie headers (HTTP/2 clients send one per cookie): each is
    parsed, and a later one wins for a name they share."""
    seen = {}
    app = MiniASGI()

    @app.route("/")
    async def show(request: Request) -> str:
        seen.update(request.cookies)
        return "ok"

    headers = [(b"host", b"t"), (b"cookie", b"a=1; b=2"), (b"cookie", b"c=3"), (b"cookie", b"a=4")]
    assert drive(app, scope("/", headers=headers)).status == 200
    assert seen == {"a": "4", "b": "2", "c": "3"}


def test_a_request_is_a_read_only_view_of_its_scope():
    """Request is a Mapping over its scope (request["path"]), as Starlette's is; two requests
    are equal only when they are the same object."""
    scope = {"type": "http", "method": "GET", "path": "/abc/"}
    request = Request(scope)
    assert (request["method"], dict(request), len(request)) == ("GET", scope, 3)
    assert request != Request(scope)
    assert request == request


def test_user_and_auth_read_what_an_authentication_middleware_put_in_the_scope():
    """request.user and request.auth are scope["user"] and scope["auth"], set by an
    authentication middleware (p09 builds one). Without it, reading them is a setup mistake:
    an AssertionError naming the missing middleware. Check the two properties on
    HTTPConnection, so a WebSocket has them too."""
    user, auth = object(), object()
    request = Request({"type": "http", "method": "GET", "path": "/", "user": user, "auth": auth})
    assert (request.user, request.auth) == (user, auth), "request.user / request.auth are not the scope's"

    bare = Request({"type": "http", "method": "GET", "path": "/"})
    for name in ("user", "auth"):
        expected = f"AuthenticationMiddleware must be installed to access request.{name}"
        with pytest.raises(AssertionError, match=f"^{re.escape(expected)}$"):
            getattr(bare, name)
