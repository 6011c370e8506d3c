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
from miniopenapi.inputs import refuse, validate_inputs
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
        self.dependencies = list(dependencies or [])
        self.dependency_overrides_provider = dependency_overrides_provider
        super().__init__(path, endpoint, name=name)

    def make_app(self, endpoint: Callable[..., Any]) -> ASGIApp:
        """Analyse the endpoint once (an endpoint that is not async is refused here); then
        minirouter's `websocket_session` hands each connection's socket to the session built
        here, and answers what it raises with the application's handlers."""
        paths = self.compiled.convertors.keys()
        self.signature = signature = analyze(endpoint, paths, SPECIAL_TYPES, self.dependencies)
        if signature.graph.root.kind is not Kind.ASYNC:
            # It could never await the socket (FastAPI finds out at the first connection).
            raise TypeError(f"WebSocket endpoint {self.name!r} must be an async function.")
        fast = _session(signature)
        provider = self.dependency_overrides_provider
        if provider is None:
            return super().make_app(fast)
        overridden: dict[int, Session] = {}

        async def session(websocket: WebSocket) -> None:
            overrides = provider.dependency_overrides
            if not overrides:
                await fast(websocket)
                return
            graph = signature.graph.with_overrides(overrides)  # the same object while they last
            chosen = overridden.get(id(graph))
            if chosen is None:
                overridden.clear()
                chosen = overridden[id(graph)] = _session(EndpointSignature.from_graph(graph))
            await chosen(websocket)

        return super().make_app(session)


def _session(signature: EndpointSignature) -> Session:
    """The per-connection work for one analysed graph, with the choices made here: no
    inputs, no reading; no `yield` dependency, no exit stack. Inputs are read from the
    handshake by miniopenapi's reader, as for HTTP (a handshake has no body: a required body
    parameter is missing, an optional one takes its default), in FastAPI's order of work."""
    graph = signature.graph
    reads = signature.validates_input

    async def session(websocket: WebSocket) -> None:
        specials: dict[type, Any] = {WebSocket: websocket, HTTPConnection: websocket}
        values: dict[Hashable, Any] = {}
        if reads:
            values, errors, _ = await validate_inputs(websocket, signature)
            if errors:
                await refuse(graph, values, specials, WebSocketRequestValidationError(errors))
        if graph.tears_down:
            async with AsyncExitStack() as stack:
                await graph.run(leaf_values=values, specials=specials, stack=stack)
        else:
            await graph.run(leaf_values=values, specials=specials, stack=None)

    return session


__all__ = ["APIWebSocketRoute"]
