"""`APIWebSocketRoute`: a WebSocket endpoint with typed parameters and dependencies.

    @app.websocket("/items/{item_id}/ws")
    async def chat(websocket: WebSocket, item_id: str, q: int | None = None,
                   user: Annotated[str, Depends(current_user)]): ...

It is to minirouter's `WebSocketRoute` what miniopenapi's `APIRoute` is to `Route`: the
endpoint is analysed once, by the same `analyze` (the same leaves, the same minidi graph),
with `WebSocket` as the special type a parameter can ask for. A handshake carries no body, so
the leaves come from the path, the query string, the headers and the cookies only.

Per connection, before the endpoint sees the socket: every leaf is read from the handshake
and validated (all problems at once, as one `WebSocketRequestValidationError`, which the
application answers by closing with 1008), then the graph runs. The `yield` dependencies'
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
from miniopenapi import EndpointSignature, Leaf, analyze
from miniopenapi.errors import prefixed_errors
from miniopenapi.routing import OverridesProvider
from minipydantic import ValidationError
from minirouter import WebSocketRoute

from minifast.exceptions import WebSocketRequestValidationError

SPECIAL_TYPES = (WebSocket, HTTPConnection)
"""What a websocket endpoint or its dependencies can ask for by type: the socket itself, or
the connection (a dependency shared with HTTP routes can read headers from either)."""

Session = Callable[[WebSocket], Awaitable[None]]
_MISSING: Any = object()


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
    inputs, no reading; no `yield` dependency, no exit stack."""
    graph = signature.graph
    reads = signature.validates_input

    async def session(websocket: WebSocket) -> None:
        values = _read_inputs(websocket, signature) if reads else {}
        specials: dict[type, Any] = {WebSocket: websocket, HTTPConnection: websocket}
        if graph.tears_down:
            async with AsyncExitStack() as stack:
                await graph.run(leaf_values=values, specials=specials, stack=stack)
        else:
            await graph.run(leaf_values=values, specials=specials, stack=None)

    return session


def _read_inputs(connection: HTTPConnection, signature: EndpointSignature) -> dict[Hashable, Any]:
    """Every leaf's value, validated from the handshake; raises one
    WebSocketRequestValidationError listing all problems.

    A body leaf can never be satisfied (a handshake has none): a required one is reported
    missing at `("body", ...)` and an optional one takes its default, as in FastAPI.
    (miniopenapi's `read_inputs` does the same for HTTP, but reads from a `Request`.)
    """
    values: dict[Hashable, Any] = {}
    errors: list[dict[str, Any]] = []
    for leaf in signature.parameters:
        _validate(leaf, _read(connection, leaf), (leaf.location, leaf.alias), values, errors)
    for leaf in signature.body:
        loc = ("body", leaf.alias) if signature.embed_body else ("body",)
        _validate(leaf, _MISSING, loc, values, errors)
    if errors:
        raise WebSocketRequestValidationError(errors)
    return values


def _read(connection: HTTPConnection, leaf: Leaf) -> Any:
    location, alias = leaf.location, leaf.alias
    if location == "path":
        return connection.path_params.get(alias, _MISSING)
    if location == "cookie":
        return connection.cookies.get(alias, _MISSING)
    source = connection.query_params if location == "query" else connection.headers
    if leaf.is_sequence:
        return source.getlist(alias) or _MISSING
    return source.get(alias, _MISSING)


def _validate(
    leaf: Leaf, raw: Any, loc: tuple[str, ...], values: dict[Hashable, Any], errors: list[dict[str, Any]]
) -> None:
    if raw is _MISSING:
        if leaf.required:
            errors.append({"type": "missing", "loc": loc, "msg": "Field required", "input": None})
        else:
            values[leaf] = leaf.default()
        return
    try:
        values[leaf] = leaf.adapter.validate_python(raw)
    except ValidationError as exc:
        errors.extend(prefixed_errors(exc, loc))


__all__ = ["APIWebSocketRoute"]
