"""`APIWebSocketRoute`: a WebSocket endpoint with typed parameters and dependencies.

    @app.websocket("/items/{item_id}/ws")
    async def chat(websocket: WebSocket, item_id: str, q: int | None = None,
                   user: Annotated[str, Depends(current_user)]): ...

It is to minirouter's `WebSocketRoute` what miniopenapi's `APIRoute` is to `Route`: the
endpoint is analysed once, by the same `analyze` (the same leaves, the same minidi graph),
with `WebSocket` as the special type a parameter can ask for. A handshake carries no body, so
the leaves come from the path, the query string, the headers and the cookies only.

Per connection, before the endpoint sees the socket: every leaf is read from the handshake
and validated by miniopenapi's reader, in FastAPI's order of work (on invalid inputs the
dependencies whose own inputs are valid still run, then one `WebSocketRequestValidationError`
lists every problem, which the application answers by closing with 1008); else the graph
runs. The `yield` dependencies'
teardowns wait for the endpoint to end: the conversation is the "request" they last for.
An exception from the endpoint or a dependency (`WebSocketException`, `WebSocketDisconnect`)
goes through those teardowns first, then to the application's handlers, as in FastAPI.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from contextlib import AsyncExitStack
from typing import Any

from miniasgi import HTTPConnection, WebSocket
from miniasgi.types import ASGIApp
from minidi import Depends, Kind
from miniopenapi import EndpointSignature, analyze
from miniopenapi.inputs import validate_inputs
from miniopenapi.routing import OverridesProvider
from minirouter import WebSocketRoute

from minifast.exceptions import WebSocketRequestValidationError

SPECIAL_TYPES = (WebSocket, HTTPConnection)
"""What a websocket endpoint or its dependencies can ask for by type: the socket itself, or
the connection (a dependency shared with HTTP routes can read headers from either)."""

Session = Callable[[WebSocket], Awaitable[None]]


class APIWebSocketRoute(WebSocketRoute):
    """A WebSocket endpoint whose parameters are injected: path, query, header and cookie
    values, `Depends(...)` results, the `WebSocket`. `dependencies` run first, for their
    effect; `dependency_overrides_provider` (the application) swaps dependencies in tests."""

    signature: EndpointSignature

    def __init__(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        name: str | None = None,
        dependencies: Sequence[Depends] | None = None,
        dependency_overrides_provider: OverridesProvider | None = None,
    ) -> None:
        raise NotImplementedError(
            "Milestone 7: keep the dependencies (a fresh list) and the overrides provider, then "
            "become minirouter's WebSocketRoute for this path, endpoint and name (which calls "
            "make_app once)"
        )

    def make_app(self, endpoint: Callable[..., Any]) -> ASGIApp:
        """Analyse the endpoint once (an endpoint that is not async is refused here); then
        minirouter's `websocket_session` hands each connection's socket to the session built
        here, and answers what it raises with the application's handlers."""
        # Invalid inputs: the dependencies whose own inputs are valid run first, then a
        # WebSocketRequestValidationError lists every error (miniopenapi.inputs.refuse does
        # both, as for HTTP). `yield` teardowns run after the endpoint ends. With an overrides
        # provider, every connection follows its dependency_overrides.
        raise NotImplementedError(
            "Milestone 7: analyse the endpoint once (miniopenapi's analyze, with SPECIAL_TYPES; "
            "not async: TypeError) and return WebSocketRoute.make_app of a per-connection "
            "session: the handshake's inputs read and validated, then the graph run with the socket"
        )


__all__ = ["APIWebSocketRoute"]
