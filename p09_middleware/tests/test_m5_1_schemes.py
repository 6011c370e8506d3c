"""Milestone 5, second: the two schemes every API meets, `BearerAuth` and `BasicAuth`.

`BearerAuth` checks a JWT with PyJWT (the algorithms fixed by the server, never read from
the token; `exp` and `sub` required; audience, issuer and leeway when configured) or hands
an opaque token to your `verify` function. `BasicAuth` decodes `user:password` (RFC 7617)
and hands both to your `check` function. Bad credentials of either kind are a 401 with the
scheme's challenge, never a 500.
"""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import jwt
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from minimiddleware import (
    AuthenticationFailed,
    AuthenticationMiddleware,
    BasicAuth,
    BearerAuth,
    Credentials,
    User,
)

from .asgi import record_app
from .auth import (
    PUBLIC_PEM,
    SECRET,
    assert_401,
    basic,
    check_password,
    forged_hs256,
    jwt_token,
    send_request,
    user_seen,
)

# --- BearerAuth: JWTs -------------------------------------------------------------------------


def bearer_app(**options: Any) -> tuple[AuthenticationMiddleware, Any]:
    inner = record_app()
    return AuthenticationMiddleware(inner, [BearerAuth(**{"key": SECRET, **options})]), inner


def test_a_valid_jwt_gives_its_subject_and_scopes():
    """A JWT signed with the key, unexpired: the user is its `sub`, its scopes the `scope`
    claim split on spaces (OAuth 2's format), its claims the decoded payload; `auth` is
    Credentials("Bearer", scopes)."""
    app, inner = bearer_app()
    send_request(app, f"Bearer {jwt_token(role='admin')}")
    user, auth = user_seen(inner)
    assert (user.name, user.scopes) == ("alice", ("read", "write")), f"got {user!r}"
    assert user.claims["role"] == "admin", f"expected the token's claims on the user, got {user.claims!r}"
    assert auth == Credentials("Bearer", ("read", "write")), f"got {auth!r}"


BAD_JWTS = {
    "expired": (lambda: jwt_token(exp=int(time.time()) - 60), "expired"),
    "signed with another key": (lambda: jwt_token(key="another-secret-of-at-least-32-bytes"), "Signature"),
    "no sub claim": (lambda: jwt_token(sub=None), "sub"),
    "an empty sub": (lambda: jwt_token(sub=""), "sub"),
    "no exp claim": (lambda: jwt_token(exp=None), "exp"),
    "not a JWT": (lambda: "not-a-jwt", "Invalid token"),
    "scope is not a string": (lambda: jwt_token(scope=["read"]), "scope"),
}


@pytest.mark.parametrize("case", BAD_JWTS)
def test_a_bad_jwt_is_a_401_invalid_token(case: str):
    """Every refused JWT gives a 401 whose challenge follows RFC 6750: `Bearer realm="api",
    error="invalid_token", error_description="..."` (no double quote inside the description),
    and whose detail says why. `exp` and `sub` are required claims."""
    make_token, reason_part = BAD_JWTS[case]
    app, inner = bearer_app()
    sent = send_request(app, f"Bearer {make_token()}")
    assert sent.status == 401, f"{case}: expected 401, got {sent.status}"
    detail = json.loads(sent.body)["detail"]
    assert reason_part in detail, f"{case}: expected {reason_part!r} in the detail, got {detail!r}"
    challenge = sent.headers.get("www-authenticate", "")
    prefix = 'Bearer realm="api", error="invalid_token", error_description="'
    assert challenge.startswith(prefix), (
        f"{case}: expected a challenge starting {prefix!r}, got {challenge!r}"
    )
    assert '"' not in challenge[len(prefix) : -1], f"{case}: a quote inside error_description: {challenge!r}"
    assert inner.scopes == [], f"{case}: the app was called with a refused token"


def test_the_algorithm_is_the_servers_choice_never_the_tokens():
    """The token's header names its algorithm, and an attacker writes that header. Refused:
    an unsigned "none" token; an HS256 token where only HS512 is allowed; and the classic
    confusion: a server verifying RS256 with a public key, sent an HS256 token whose HMAC
    secret is that public key. Pass `algorithms` to jwt.decode, from the constructor."""
    unsigned = jwt.encode({"sub": "mallory", "exp": int(time.time()) + 300}, None, algorithm="none")
    cases = [
        ("alg none", {}, unsigned),
        ("HS256 to an HS512 server", {"algorithms": ("HS512",)}, jwt_token()),
        ("HS256 signed with the public key", {"key": PUBLIC_PEM, "algorithms": ("RS256",)}, None),
    ]
    for case, options, token in cases:
        app, inner = bearer_app(**options)
        token = token or forged_hs256(PUBLIC_PEM.encode())
        sent = send_request(app, f"Bearer {token}")
        assert sent.status == 401, f"{case}: expected 401, got {sent.status}"
        assert inner.scopes == [], f"{case}: the forged token reached the app"


def test_bearer_refuses_unsafe_configuration_at_startup():
    """Mistakes in the configuration fail in the constructor: "none" among the algorithms,
    HMAC mixed with public-key algorithms (one key cannot serve both), neither key nor
    verify, or both, and a realm that would break the header."""
    for options in (
        {"key": SECRET, "algorithms": ("none",)},
        {"key": SECRET, "algorithms": ()},
        {"key": SECRET, "algorithms": ("HS256", "RS256")},
        {},
        {"key": SECRET, "verify": lambda token: None},
        {"key": SECRET, "realm": 'a"b'},
    ):
        with pytest.raises(ValueError):  # noqa: PT011 (each case has its own sentence)
            BearerAuth(**options)


def test_audience_issuer_and_leeway_are_checked_when_configured():
    """With audience= / issuer=, the token's aud / iss must be present and equal; leeway=
    accepts a token expired by less than that many seconds (clock skew between machines)."""
    app, _ = bearer_app(audience="orders-api", issuer="https://auth.example")
    good = jwt_token(aud="orders-api", iss="https://auth.example")
    assert send_request(app, f"Bearer {good}").status == 200, "matching aud and iss must pass"
    for bad in (
        jwt_token(aud="billing-api", iss="https://auth.example"),
        jwt_token(iss="https://auth.example"),
        jwt_token(aud="orders-api", iss="https://evil.example"),
    ):
        assert send_request(app, f"Bearer {bad}").status == 401, (
            f"expected 401 for {jwt.decode(bad, options={'verify_signature': False})}"
        )
    just_expired = jwt_token(exp=int(time.time()) - 5)
    assert send_request(bearer_app(leeway=30)[0], f"Bearer {just_expired}").status == 200, (
        "leeway=30 must forgive 5 s"
    )


def test_opaque_tokens_are_checked_by_a_verify_function_sync_or_async():
    """verify(token) returns the User, or None to refuse (then 401 "Invalid token"); it may
    be a plain or an async function, and may raise AuthenticationFailed to say why."""

    def lookup(token: str) -> User | None:
        return User("bob", ("read",)) if token == "opaque-bob" else None

    async def async_lookup(token: str) -> User | None:
        if token == "revoked":
            raise AuthenticationFailed("Token revoked")
        return lookup(token)

    for verify in (lookup, async_lookup):
        inner = record_app()
        app = AuthenticationMiddleware(inner, [BearerAuth(verify=verify)])
        send_request(app, "Bearer opaque-bob")
        assert user_seen(inner) == (User("bob", ("read",)), Credentials("Bearer", ("read",))), verify.__name__
        assert_401(
            send_request(app, "Bearer unknown"),
            "Invalid token",
            ['Bearer realm="api", error="invalid_token", error_description="Invalid token"'],
        )
    app = AuthenticationMiddleware(record_app(), [BearerAuth(verify=async_lookup)])
    assert json.loads(send_request(app, "Bearer revoked").body) == {"detail": "Token revoked"}


# --- BasicAuth -------------------------------------------------------------------------------


def test_basic_credentials_are_split_at_the_first_colon():
    """`Basic base64(user:password)`: the password may hold colons, the user name may not;
    `check` gets both and returns the user. A wrong password is a 401 with the Basic
    challenge (realm and charset="UTF-8", RFC 7617)."""
    inner = record_app()
    app = AuthenticationMiddleware(inner, [BasicAuth(check_password)])
    send_request(app, basic("alice", "s3cret:with:colons"))
    assert user_seen(inner) == (User("alice", ("read",)), Credentials("Basic", ("read",))), repr(
        user_seen(inner)
    )
    assert_401(
        send_request(app, basic("alice", "wrong")),
        "Invalid username or password",
        ['Basic realm="api", charset="UTF-8"'],
    )


@pytest.mark.parametrize(
    "credentials",
    [
        "%%% not base64 %%%",
        base64.b64encode(b"no-colon-here").decode(),
        base64.b64encode(b"\xff\xfe:\xff").decode(),  # not UTF-8
        "",
    ],
    ids=["not base64", "no colon", "not UTF-8", "empty"],
)
def test_malformed_basic_credentials_are_a_401_not_a_500(credentials: str):
    """Whatever follows "Basic " (bad base64, no colon, bytes that are not UTF-8, nothing),
    it is the client's mistake: a 401 with a detail saying the credentials are malformed,
    never an exception from the middleware (which the server would turn into a 500)."""
    sent = send_request(
        AuthenticationMiddleware(record_app(), [BasicAuth(check_password)]), f"Basic {credentials}"
    )
    assert sent.status == 401, f"Basic {credentials!r}: expected 401, got {sent.status}"
    assert "Malformed" in json.loads(sent.body)["detail"], f"got detail {sent.body!r}"


@given(
    username=st.text(st.characters(exclude_characters=":", exclude_categories=["Cs"]), max_size=20),
    password=st.text(st.characters(exclude_categories=["Cs"]), max_size=20),
)
@example(username="alice", password="s3cret:with:colons")
@example(username="", password="")
@example(username="ünïcødé", password="pass word ")
def test_basic_hands_check_exactly_what_the_client_encoded(username: str, password: str):
    """Any UTF-8 user name without a colon and any password come back to `check` exactly as
    encoded: no stripping, no splitting at a later colon."""
    seen: list[tuple[str, str]] = []

    def remember(user: str, secret: str) -> User:
        seen.append((user, secret))
        return User(user or "nobody")

    send_request(AuthenticationMiddleware(record_app(), [BasicAuth(remember)]), basic(username, password))
    assert seen == [(username, password)], f"expected check({username!r}, {password!r}), got {seen!r}"


@given(value=st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=60))
@example(value="Bearer ")
@example(value="Basic")
@example(value="Bearer a.b.c")
@example(value="Basic ÿÿÿÿ")
def test_no_authorization_value_makes_the_middleware_crash(value: str):
    """Whatever a client puts in the Authorization header, the answer is the app's 200 or a
    401: never an exception escaping the middleware."""
    app = AuthenticationMiddleware(record_app(), [BearerAuth(key=SECRET), BasicAuth(check_password)])
    sent = send_request(app, value)
    assert sent.status in (200, 401), f"Authorization {value!r}: expected 200 or 401, got {sent.status}"
