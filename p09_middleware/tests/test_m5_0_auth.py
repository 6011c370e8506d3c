"""Milestone 5: authentication. Who is calling, decided once, in front of the app.

`AuthenticationMiddleware(app, schemes, required=..., exempt=...)` reads the Authorization
header, hands its credentials to the scheme named by its first word, and gives the app a
scope with `scope["user"]` and `scope["auth"]` (what `request.user` / `request.auth` read).
No credentials: anonymous, or a 401 when `required`. Bad credentials: always a 401 with a
`WWW-Authenticate` challenge; a websocket is closed with 1008 instead.

The tests go in lesson order: the middleware with the smallest possible scheme (a table of
tokens), then the same middleware in front of a MiniAPI and a real Starlette app. The real
schemes, `BearerAuth` and `BasicAuth`, are the next file's.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from minifast import MiniAPI, Request
from minimiddleware import (
    AnonymousUser,
    AuthenticationMiddleware,
    BasicAuth,
    BearerAuth,
    Credentials,
    User,
)
from starlette.applications import Starlette
from starlette.authentication import AuthCredentials, AuthenticationBackend, SimpleUser, requires
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware as StarletteAuthenticationMiddleware
from starlette.requests import Request as StarletteRequest
from starlette.responses import JSONResponse as StarletteJSONResponse
from starlette.routing import Route

from .asgi import call, http_scope, record_app, run
from .auth import (
    ALICE,
    SECRET,
    TOKENS,
    TokenTable,
    WebSocketApp,
    assert_401,
    check_password,
    jwt_token,
    open_websocket,
    send_request,
    user_seen,
)

# --- the middleware, with the smallest scheme ----------------------------------------------


def test_without_credentials_the_app_sees_an_anonymous_user():
    """No Authorization header and authentication optional: the request goes through, and
    the app's scope holds an AnonymousUser (is_authenticated False, name "") and
    Credentials("", ()). Look at __call__: set both scope keys on every http request."""
    inner = record_app()
    sent = send_request(AuthenticationMiddleware(inner, [TOKENS]))
    assert sent.status == 200, f"expected the app's 200, got {sent.status}"
    user, auth = user_seen(inner)
    assert isinstance(user, AnonymousUser), f"expected an AnonymousUser, got {user!r}"
    assert (user.is_authenticated, user.name, user.display_name) == (False, "", ""), repr(user)
    assert auth == Credentials("", ()), f"expected Credentials('', ()), got {auth!r}"


def test_good_credentials_become_the_user_and_its_credentials():
    """`Authorization: Token t-alice`: the scheme called "Token" gets "t-alice" and returns
    alice; the scope gets her as `user` and Credentials("Token", her scopes) as `auth`.
    If the user is anonymous, check that the header's first word picks the scheme."""
    inner = record_app()
    send_request(AuthenticationMiddleware(inner, [TOKENS]), "Token t-alice")
    user, auth = user_seen(inner)
    assert user == ALICE, f"expected {ALICE!r}, got {user!r}"
    assert (user.is_authenticated, user.display_name) == (True, "alice"), repr(user)
    assert auth == Credentials("Token", ("read",)), f"expected Credentials('Token', ('read',)), got {auth!r}"


def test_the_scheme_word_is_case_insensitive_and_an_unknown_word_is_no_credentials():
    """RFC 9110: scheme names are case-insensitive ("token", "TOKEN" work). A word no scheme
    answers to ("Digest ...") is not an error: it is treated as no credentials at all."""
    for header in ("token t-alice", "TOKEN   t-alice"):
        inner = record_app()
        send_request(AuthenticationMiddleware(inner, [TOKENS]), header)
        assert user_seen(inner)[0] == ALICE, f"{header!r}: expected alice, got {user_seen(inner)[0]!r}"
    inner = record_app()
    sent = send_request(AuthenticationMiddleware(inner, [TOKENS]), "Digest username=alice")
    assert sent.status == 200, f"an unknown scheme word with required=False: expected 200, got {sent.status}"
    assert isinstance(user_seen(inner)[0], AnonymousUser), f"expected anonymous, got {user_seen(inner)[0]!r}"


def test_bad_credentials_are_a_401_with_that_schemes_challenge_even_when_optional():
    """A wrong token is never waved through as anonymous (the client must learn its token
    is bad): 401, {"detail": <the scheme's reason>}, and the failing scheme's challenge,
    built with the error. The app is not called."""
    inner = record_app()
    sent = send_request(AuthenticationMiddleware(inner, [TOKENS]), "Token nope")
    assert_401(sent, "Unknown token", ['Token realm="tests", error="Unknown token"'])
    assert inner.scopes == [], "the app was called although the credentials were refused"


def test_required_refuses_a_request_without_credentials_with_every_challenge():
    """required=True: no credentials (or an unknown scheme word) is a 401 "Not
    authenticated" with one WWW-Authenticate header per scheme, in the order given, so the
    client learns every way in. Challenges are computed once, in __init__."""
    app = AuthenticationMiddleware(record_app(), [TOKENS, BasicAuth(check_password)], required=True)
    expected = ['Token realm="tests"', 'Basic realm="api", charset="UTF-8"']
    assert_401(send_request(app), "Not authenticated", expected)
    assert_401(send_request(app, "Digest x"), "Not authenticated", expected)
    assert send_request(app, "Token t-alice").status == 200, "good credentials must still pass"


def test_exempt_connections_are_not_authenticated_at_all():
    """exempt(scope) True (a login page, a health check): the credentials are not read, so
    even a bad token passes, and the app sees an anonymous user; the other paths stay
    protected."""
    inner = record_app()
    app = AuthenticationMiddleware(
        inner, [TOKENS], required=True, exempt=lambda scope: scope["path"] in ("/login", "/health")
    )
    for authorization in (None, "Token nope"):
        sent = send_request(app, authorization, path="/login")
        assert sent.status == 200, f"exempt /login with {authorization!r}: expected 200, got {sent.status}"
        assert isinstance(user_seen(inner)[0], AnonymousUser), f"got {user_seen(inner)[0]!r}"
    assert send_request(app, path="/private").status == 401, "a path that is not exempt must stay protected"


def test_lifespan_passes_through_and_the_servers_scope_is_left_alone():
    """Only http and websocket are authenticated; lifespan reaches the app untouched. The
    app gets a copy of the scope with user/auth added (the ASGI spec's rule for a middleware
    that changes the scope): the server's own scope dict does not change."""
    seen: list[dict[str, Any]] = []

    async def lifespan_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        seen.append(scope)

    scope = http_scope(scope_type="lifespan")
    run(call, AuthenticationMiddleware(lifespan_app, [TOKENS], required=True), scope)
    assert len(seen) == 1, f"expected the app to get the lifespan scope once, it saw {seen!r}"
    assert seen[0] is scope, f"lifespan should pass as is (the same dict), the app saw {seen[0]!r}"

    server_scope = http_scope(headers=[("authorization", "Token t-alice")])
    inner = record_app()
    run(call, AuthenticationMiddleware(inner, [TOKENS]), server_scope)
    assert "user" not in server_scope, "the server's scope was changed: give the app a copy"
    assert user_seen(inner)[0] == ALICE


def test_a_websocket_without_credentials_is_closed_with_1008_before_accepting():
    """A websocket has no 401: when refused (missing and required, or bad credentials) the
    middleware sends {"type": "websocket.close", "code": 1008} (policy violation) before any
    accept, and the app is never called. Good credentials reach the app with the user set."""
    for authorization in (None, "Token nope"):
        inner = WebSocketApp()
        sent = open_websocket(AuthenticationMiddleware(inner, [TOKENS], required=True), authorization)
        closes = [m for m in sent if m["type"] == "websocket.close"]
        assert [m["type"] for m in sent] == ["websocket.close"], f"{authorization!r}: got {list(sent)!r}"
        assert closes[0]["code"] == 1008, f"expected close code 1008, got {closes[0]!r}"
        assert inner.scopes == [], "the websocket app was called although refused"
    inner = WebSocketApp()
    sent = open_websocket(AuthenticationMiddleware(inner, [TOKENS], required=True), "Token t-alice")
    assert sent[0]["type"] == "websocket.accept", f"expected the app to accept, got {list(sent)!r}"
    assert user_seen(inner) == (ALICE, Credentials("Token", ("read",)))


def test_a_middleware_needs_schemes_with_distinct_words():
    """Configuration mistakes fail at startup, not on the first request: no scheme at all,
    or two schemes answering to the same word (which one would decide?)."""
    with pytest.raises(ValueError, match="scheme"):
        AuthenticationMiddleware(record_app(), [])
    with pytest.raises(ValueError, match="scheme"):
        AuthenticationMiddleware(record_app(), [TOKENS, TokenTable({})])


# --- in front of real applications ----------------------------------------------------------


def test_a_miniapi_route_reads_request_user_and_request_auth():
    """The capstone's request.user / request.auth (p02's HTTPConnection) read what the
    middleware put in the scope; add_middleware passes the options through."""
    api = MiniAPI()
    api.add_middleware(AuthenticationMiddleware, schemes=[BearerAuth(key=SECRET)], required=True)

    @api.get("/me")
    async def me(request: Request) -> dict[str, Any]:
        return {"name": request.user.display_name, "scopes": list(request.auth.scopes)}

    sent = send_request(api, f"Bearer {jwt_token()}", path="/me")
    assert sent.status == 200, f"expected 200, got {sent.status}: {sent.body!r}"
    assert json.loads(sent.body) == {"name": "alice", "scopes": ["read", "write"]}, sent.body
    assert send_request(api, path="/me").status == 401, "required=True must refuse /me without a token"


class StarletteTokenBackend(AuthenticationBackend):
    """The same "Bearer t-alice" rule, written for Starlette's own AuthenticationMiddleware."""

    async def authenticate(self, conn: Any) -> tuple[AuthCredentials, SimpleUser] | None:
        if conn.headers.get("authorization") != "Bearer t-alice":
            return None
        return AuthCredentials(["read"]), SimpleUser("alice")


def starlette_app(middleware: Middleware) -> Starlette:
    async def whoami(request: StarletteRequest) -> StarletteJSONResponse:
        user = request.user
        return StarletteJSONResponse(
            {
                "authenticated": user.is_authenticated,
                "name": user.display_name,
                "scopes": list(request.auth.scopes),
            }
        )

    @requires("read")
    async def reader(request: StarletteRequest) -> StarletteJSONResponse:
        return StarletteJSONResponse({"ok": True})

    return Starlette(routes=[Route("/whoami", whoami), Route("/read", reader)], middleware=[middleware])


@pytest.mark.parametrize("authorization", [None, "Bearer t-alice"])
def test_a_starlette_app_reads_our_user_as_it_reads_its_own(authorization: str | None):
    """Parity: a real Starlette app behind our middleware answers exactly as behind
    Starlette's own AuthenticationMiddleware: same `request.user.is_authenticated`,
    `display_name`, `request.auth.scopes`, and Starlette's `@requires("read")` lets alice in
    and sends an anonymous caller a 403. If it differs, compare User / AnonymousUser /
    Credentials with SimpleUser / UnauthenticatedUser / AuthCredentials."""
    verify = {"t-alice": User("alice", ("read",))}.get
    ours = starlette_app(Middleware(AuthenticationMiddleware, schemes=[BearerAuth(verify=verify)]))
    theirs = starlette_app(Middleware(StarletteAuthenticationMiddleware, backend=StarletteTokenBackend()))
    for path in ("/whoami", "/read"):
        mine, real = send_request(ours, authorization, path), send_request(theirs, authorization, path)
        assert (mine.status, mine.body) == (real.status, real.body), (
            f"{path} with {authorization!r}: got {mine.status} {mine.body!r}, "
            f"Starlette {real.status} {real.body!r}"
        )
