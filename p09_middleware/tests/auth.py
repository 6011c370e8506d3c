"""Helpers for the authentication tests: a tiny scheme, tokens made by hand, requests."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import time
from typing import Any

import jwt
from minimiddleware import (
    AuthenticationFailed,
    User,
)

from .asgi import Sent, call, http_scope, run

SECRET = "a-course-secret-of-at-least-32-bytes!"  # PyJWT warns about shorter HMAC keys

# A real RSA public key: anyone may know it, which is the point of the forged-token test.
PUBLIC_PEM = """-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAscN1eDkWw2yw1+b1P1YV
B3iKNBVOswZe3k0R7kCJKt9pNM7MMlbUS8WSHFpKTONl5uaG9kBm2UE9AVdE9+cm
SQRrKIzInlBE1fbavRK4+TMCr+/QjQA+zdEtv/2TuYkO/7Ooqzih0v/gSxmCNaWh
HuznVRUouTOFBUjNnUdQrt3PyYRr++pAu6hRBelMh3e7mwwetKv8Rl92YJMrjadK
eq0CSU9rlLN3gGCd1S+MhU+jRQrCuhCieGHSdX/6MkiX7f60QUwXGYwxz/5hoso+
pNfcCRQg+hsTX/ZKWDqDMCYheDYOPtVbUALHix658hYd1xDkUOgDh1JhoOfZuBHC
OwIDAQAB
-----END PUBLIC KEY-----
"""


class TokenTable:
    """The smallest scheme there is: `Authorization: Token <t>`, looked up in a dict. Any
    object with `scheme`, `authenticate` and `challenge` is a scheme the middleware speaks."""

    scheme = "Token"

    def __init__(self, users: dict[str, User]) -> None:
        self.users = users

    async def authenticate(self, value: str) -> User:
        if value not in self.users:
            raise AuthenticationFailed("Unknown token")
        return self.users[value]

    def challenge(self, error: str | None = None) -> str:
        return 'Token realm="tests"' if error is None else f'Token realm="tests", error="{error}"'


ALICE = User("alice", ("read",))
TOKENS = TokenTable({"t-alice": ALICE})


def jwt_token(key: str | bytes = SECRET, algorithm: str = "HS256", **claims: Any) -> str:
    """A JWT for alice, valid for five minutes, with scopes "read write" unless overridden;
    a claim given as None is left out."""
    payload = {"sub": "alice", "exp": int(time.time()) + 300, "scope": "read write", **claims}
    return jwt.encode({k: v for k, v in payload.items() if v is not None}, key, algorithm=algorithm)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def forged_hs256(key: bytes, **claims: Any) -> str:
    """An HS256 token signed with `key` by hand, as an attacker would (PyJWT itself refuses
    to use a PEM as an HMAC secret; an attacker does not ask PyJWT)."""
    payload = {"sub": "mallory", "exp": int(time.time()) + 300, **claims}
    head = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = _b64url(json.dumps(payload).encode())
    signature = hmac.new(key, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{_b64url(signature)}"


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode("ascii")


def check_password(username: str, password: str) -> User | None:
    """A Basic `check` as the lesson writes it: compare_digest, not ==, for the secret."""
    if username == "alice" and hmac.compare_digest(password.encode(), b"s3cret:with:colons"):
        return User("alice", ("read",))
    return None


def send_request(app: Any, authorization: str | None = None, path: str = "/") -> Sent:
    """One GET through `app`, with this Authorization header (none when None)."""
    headers = [] if authorization is None else [("authorization", authorization)]
    return run(call, app, http_scope(path, headers=headers))


class WebSocketApp:
    """Accepts every websocket it reaches and remembers its scope."""

    def __init__(self) -> None:
        self.scopes: list[dict[str, Any]] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        self.scopes.append(scope)
        await receive()  # websocket.connect
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.close", "code": 1000})


def open_websocket(app: Any, authorization: str | None = None) -> Sent:
    headers = [] if authorization is None else [("authorization", authorization)]
    scope = http_scope("/ws", headers=headers, scope_type="websocket")
    return run(functools.partial(call, app, scope, messages=[{"type": "websocket.connect"}]))


def user_seen(inner: Any) -> tuple[Any, Any]:
    """(scope["user"], scope["auth"]) as the inner app saw them on its last request."""
    assert inner.scopes, "the inner app was never called: the request did not get through"
    scope = inner.scopes[-1]
    assert "user" in scope, f"the app's scope has no 'user' key; its keys: {sorted(scope)}"
    assert "auth" in scope, f"the app's scope has no 'auth' key; its keys: {sorted(scope)}"
    return scope["user"], scope["auth"]


def assert_401(sent: Sent, detail: str, challenges: list[str]) -> None:
    """A 401 JSON {"detail": ...} carrying exactly these WWW-Authenticate headers, in order."""
    assert sent.status == 401, f"expected status 401, got {sent.status} (body {sent.body!r})"
    got_detail = json.loads(sent.body).get("detail")
    assert got_detail == detail, f"expected detail {detail!r}, got {got_detail!r}"
    got = [value for name, value in sent.header_list if name == "www-authenticate"]
    assert got == challenges, f"expected WWW-Authenticate {challenges!r}, got {got!r}"
    assert sent.headers.get("content-type") == "application/json", f"got headers {sent.headers!r}"
