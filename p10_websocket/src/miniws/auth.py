"""Authenticate a WebSocket *before* accepting it, so a stranger never gets a connection.

Where the token travels matters more than how it is checked:

- `Authorization: Bearer <token>`: the right place, and what non-browser clients send. But a
  browser's `new WebSocket(url, protocols)` cannot set headers.
- The query string (`/chat/a?token=...`): easy, and the reason we refuse it. A URL is written
  down everywhere: the server's access log (uvicorn prints the path with its query), every
  proxy's log, the browser's history and devtools. A token there outlives its request.
- `Sec-WebSocket-Protocol`: the one header a browser lets a page set. The page offers a real
  protocol plus the token as a second "protocol", `new WebSocket(url, ["chat",
  "bearer." + token])`; the server reads the token from it and accepts with "chat". Servers
  do not log this header. (The token must be made of token characters, as a JWT is.)

So `token_from` reads the `Authorization` header, then a `bearer.` subprotocol, and never the
query string. `authenticate` closes with 1008 (policy violation) when there is no valid
token; sent before `accept()`, that close makes the server refuse the upgrade itself with an
HTTP 403, so the client never sees an open connection. With p09's AuthenticationMiddleware in
front, the middleware does this for every connection and leaves `scope["user"]`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Protocol, TypeVar

POLICY_VIOLATION = 1008
BEARER_SUBPROTOCOL = "bearer."
"""The prefix that marks an offered subprotocol as a token carrier: `bearer.<token>`."""

User = TypeVar("User")


class Handshake(Protocol):
    """What authentication reads and does: miniasgi's and Starlette's WebSocket both fit."""

    @property
    def scope(self) -> Mapping[str, Any]: ...

    @property
    def headers(self) -> Mapping[str, str]: ...

    async def close(self, code: int = 1000, reason: str | None = None) -> None: ...


def token_from(websocket: Handshake) -> str | None:
    """The bearer token of the handshake: the `Authorization: Bearer` header, else an offered
    `bearer.<token>` subprotocol; None if neither (the query string is never read)."""
    scheme, _, token = websocket.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    for protocol in websocket.scope.get("subprotocols", ()):
        if protocol.startswith(BEARER_SUBPROTOCOL) and len(protocol) > len(BEARER_SUBPROTOCOL):
            return str(protocol[len(BEARER_SUBPROTOCOL) :])
    return None


async def authenticate(websocket: Handshake, verify: Callable[[str], Awaitable[User | None]]) -> User | None:
    """The user `verify(token)` returns, or None after closing with 1008 before accepting
    (the client gets a 403) when there is no token or `verify` rejects it."""
    token = token_from(websocket)
    user = await verify(token) if token is not None else None
    if user is None:
        await websocket.close(POLICY_VIOLATION)
    return user
