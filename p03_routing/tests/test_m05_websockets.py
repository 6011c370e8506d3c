"""Milestone 5: the other ASGI scopes a router meets: websocket connections and lifespan.

Look at `routes.WebSocketRoute`, `endpoints.websocket_session`, `errors.not_found` and the
lifespan branch of `Router.dispatch`.
"""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
from miniasgi import PlainTextResponse, Request, WebSocket, WebSocketDisconnect
from miniasgi.testclient import TestClient
from minirouter import Match, Route, Router, WebSocketRoute

from .drive import call, http_scope


def test_websocket_route_calls_the_endpoint_with_a_websocket() -> None:
    """`async def endpoint(websocket)` gets a miniasgi WebSocket with the path params."""

    async def echo(websocket: WebSocket) -> None:
        await websocket.accept()
        text = await websocket.receive_text()
        await websocket.send_text(f"{websocket.path_params['room']}: {text}")
        await websocket.close()

    client = TestClient(Router([WebSocketRoute("/ws/{room}", echo)]))
    with client.websocket_connect("/ws/lobby") as ws:
        ws.send_text("hello")
        assert ws.receive_text() == "lobby: hello"


def test_a_websocket_route_matches_websockets_only_and_never_partially() -> None:
    """FULL for a websocket scope on its path (child scope: endpoint and path_params); NONE
    otherwise, for HTTP requests too. There are no methods, so never PARTIAL."""

    async def chat(websocket: WebSocket) -> None: ...

    route = WebSocketRoute("/ws/{room}", chat)
    websocket = {**http_scope("/ws/den"), "type": "websocket"}
    assert route.matches(websocket) == (Match.FULL, {"endpoint": chat, "path_params": {"room": "den"}})
    assert route.matches({**websocket, "path": "/elsewhere"}) == (Match.NONE, {})
    assert route.matches(http_scope("/ws/den")) == (Match.NONE, {})


def test_a_websocket_route_calls_an_asgi_endpoint_as_asgi() -> None:
    """A class-instance endpoint on a WebSocketRoute gets (scope, receive, send) unchanged."""

    class Accepting:
        async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
            await receive()
            await send({"type": "websocket.accept"})
            await send({"type": "websocket.send", "text": scope["path_params"]["room"]})
            await send({"type": "websocket.close", "code": 1000})

    with TestClient(Router([WebSocketRoute("/ws/{room}", Accepting())])).websocket_connect("/ws/den") as ws:
        assert ws.receive_text() == "den"


def test_a_websocket_to_an_unknown_path_is_closed() -> None:
    """No WebSocketRoute matches (an HTTP Route on the path does not count): the router's
    default closes the connection (a `websocket.close` message, code 1000)."""

    async def page(request: Request) -> PlainTextResponse: ...

    with (
        pytest.raises(WebSocketDisconnect),
        TestClient(Router([Route("/page", page)])).websocket_connect("/page"),
    ):
        pass


def test_an_http_request_never_reaches_a_websocket_route() -> None:
    """A plain GET on a WebSocketRoute's path is a 404."""

    async def echo(websocket: WebSocket) -> None: ...

    assert call(Router([WebSocketRoute("/ws", echo)]), "/ws").status == 404


def test_websocket_routes_have_a_name_and_a_readable_repr() -> None:
    """Like a Route: named after the endpoint, path checked, and a repr for debugging."""

    async def chat(websocket: WebSocket) -> None: ...

    assert repr(WebSocketRoute("/ws", chat)) == "WebSocketRoute(path='/ws', name='chat')"
    assert WebSocketRoute("/ws", chat, name="room").name == "room"
    with pytest.raises(ValueError, match="/"):
        WebSocketRoute("ws", chat)


def test_router_answers_the_lifespan_protocol() -> None:
    """Served alone by uvicorn, a router must answer `lifespan.startup` with
    `lifespan.startup.complete` and `lifespan.shutdown` with `lifespan.shutdown.complete`,
    then return."""
    inbox = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return inbox.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(Router()({"type": "lifespan"}, receive, send))
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]


def test_a_router_runs_the_lifespan_it_is_given() -> None:
    """`Router(lifespan=...)` (Starlette's argument) runs that async context manager for the
    lifespan scope, with miniasgi's `run_lifespan` speaking to the server: the state it yields
    goes into `scope["state"]`. This is how an application hands its startup and shutdown to
    its router (p02's MiniASGI, and `minirouter.App`)."""
    events: list[str] = []

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[dict[str, Any]]:
        events.append("startup")
        yield {"pool": "ready"}
        events.append("shutdown")

    inbox = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return inbox.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope: dict[str, Any] = {"type": "lifespan", "state": {}}
    asyncio.run(Router(lifespan=lifespan)(scope, receive, send))
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    assert events == ["startup", "shutdown"]
    assert scope["state"] == {"pool": "ready"}
