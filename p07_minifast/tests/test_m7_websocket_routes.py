"""Milestone 7: websocket routes take typed parameters and dependencies, as FastAPI's do.

Each parity test declares one application twice, the same code on FastAPI and on minifast
(`build(fw)` gets the framework's module), drives both with the same test client (miniasgi's,
so only the frameworks differ) and expects the same conversation: the same frames, the same
close codes, the same error lists. FastAPI puts the list itself in the close reason; minifast
sends it as JSON text, since a close reason on the wire is text (`reason()` reads both).
"""

import asyncio
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import fastapi
import fastapi.requests
import minifast
import minifast.requests
import minipydantic
import pydantic
import pytest
import starlette.websockets
import websockets
from coursekit import running_server
from miniasgi.testclient import TestClient, WebSocketDenialResponse, WebSocketTestSession
from minidi import SuppressedExceptionError
from minifast import WebSocketDisconnect
from minifast.websocket_routing import APIWebSocketRoute

# Annotations in this file are evaluated where they are written (no `from __future__ import
# annotations`): `fw.WebSocket` names the framework `build(fw, ...)` was given.
FRAMEWORKS = (fastapi, minifast)
MODELS = {fastapi: pydantic, minifast: minipydantic}
Script = Callable[[WebSocketTestSession], Any]


@dataclass
class Conversation:
    """What a client saw on one connection, and what the server's code recorded meanwhile."""

    said: Any = None  # what the script returned (the frames it received)
    closed: tuple[int, Any] | None = None  # (code, reason) when the server closed the socket
    denied: int | None = None  # the HTTP status when the handshake was refused
    finished: bool = False  # the client's script ran to its end
    events: list[str] = field(default_factory=list)


def reason(text: Any) -> Any:
    """A close reason, as the errors' (loc, type): FastAPI puts its error list in the reason
    as it is (no real server can send that), minifast JSON text that fits a close frame."""
    errors = json.loads(text) if isinstance(text, str) and text.startswith("[") else text
    if isinstance(errors, list):
        return [(list(error["loc"]), error["type"]) for error in errors]
    return errors


def converse(
    client: TestClient, events: list[str], url: str, script: Script | None = None, **kw: Any
) -> Conversation:
    events.clear()
    seen = Conversation()
    try:
        with client.websocket_connect(url, **kw) as ws:
            seen.said = script(ws) if script else None
            seen.finished = True
    except WebSocketDenialResponse as exc:
        seen.denied = exc.status_code
    except (WebSocketDisconnect, starlette.websockets.WebSocketDisconnect) as exc:
        if not seen.finished:
            seen.closed = (exc.code, reason(exc.reason))
        # else: the endpoint's own WebSocketDisconnect (the client left) escaped the app, and
        # the test client raised it on leaving, as both frameworks do; a server logs it.
    seen.events = list(events)
    return seen


def both(build: Callable[[ModuleType, list[str]], Any]) -> Iterator[tuple[TestClient, list[str]]]:
    """The same application on FastAPI, then on minifast: (client, its event log)."""
    for fw in FRAMEWORKS:
        events: list[str] = []
        yield TestClient(build(fw, events)), events


def assert_same(
    build: Callable[[ModuleType, list[str]], Any], url: str, script: Script | None = None, **kw: Any
) -> Conversation:
    """The same conversation on both; a close reason listing errors may be cut short on
    minifast (a close frame carries 123 bytes), to the first of FastAPI's errors, in order."""
    real, mine = (converse(client, events, url, script, **kw) for client, events in both(build))
    if real.closed and mine.closed and isinstance(real.closed[1], list) and isinstance(mine.closed[1], list):
        code, errors = real.closed
        assert mine.closed[1], f"{url}: minifast's reason lists no error"
        assert errors[: len(mine.closed[1])] == mine.closed[1], f"{url}: {real} vs {mine}"
        real.closed = (code, mine.closed[1])
    assert mine == real, f"{url}: FastAPI {real}, minifast {mine}"
    return mine


# -- parameters --------------------------------------------------------------------------------


def parameters_app(fw: ModuleType, events: list[str]) -> Any:
    app = fw.FastAPI()

    @app.websocket("/items/{item_id}/ws")
    async def items(
        websocket: fw.WebSocket,
        item_id: int,
        x_client: Annotated[str, fw.Header()],
        q: int | None = None,
        tags: Annotated[list[str] | None, fw.Query(alias="tag")] = None,
        session: Annotated[str | None, fw.Cookie()] = None,
        limit: Annotated[int, fw.Query(ge=1, le=10)] = 5,
    ) -> None:
        await websocket.accept()
        await websocket.send_json([item_id, x_client, q, tags, session, limit])
        await websocket.close()

    return app


def test_path_query_header_and_cookie_values_reach_the_endpoint_validated() -> None:
    seen = assert_same(
        parameters_app,
        "/items/7/ws?q=3&tag=a&tag=b&limit=2",
        lambda ws: ws.receive_json(),
        headers={"x-client": "pytest", "cookie": "session=abc"},
    )
    assert seen.said == [7, "pytest", 3, ["a", "b"], "abc", 2]


def test_defaults_fill_what_the_handshake_does_not_carry() -> None:
    seen = assert_same(parameters_app, "/items/7/ws", lambda ws: ws.receive_json(), headers={"x-client": "c"})
    assert seen.said == [7, "c", None, None, None, 5]


def test_invalid_inputs_close_with_1008_and_every_error_before_the_endpoint_runs() -> None:
    """Path, query and header problems at once, in FastAPI's order; the endpoint never runs,
    so the client sees the close where it expected the accept."""
    seen = assert_same(parameters_app, "/items/x/ws?q=y&limit=11")
    assert seen.closed is not None
    code, errors = seen.closed
    assert code == 1008
    # Four errors, in FastAPI's order; the first two fit in a close frame's reason.
    assert [loc for loc, _ in errors] == [["path", "item_id"], ["query", "q"]]


def test_a_body_parameter_is_always_missing_from_a_handshake() -> None:
    """A handshake has no body: a required model is reported missing, an optional one is None."""

    def build(fw: ModuleType, events: list[str]) -> Any:
        class Item(MODELS[fw].BaseModel):
            name: str

        app = fw.FastAPI()

        @app.websocket("/required")
        async def required(websocket: fw.WebSocket, item: Item) -> None:
            await websocket.accept()

        @app.websocket("/optional")
        async def optional(websocket: fw.WebSocket, item: Item | None = None) -> None:
            await websocket.accept()
            await websocket.send_json(item is None)
            await websocket.close()

        return app

    missing = assert_same(build, "/required")
    assert missing.closed == (1008, [(["body"], "missing")])
    assert assert_same(build, "/optional", lambda ws: ws.receive_json()).said is True


# -- dependencies ------------------------------------------------------------------------------


def dependencies_app(fw: ModuleType, events: list[str]) -> Any:
    app = fw.FastAPI()

    async def token(
        websocket: fw.WebSocket,
        token: Annotated[str | None, fw.Query()] = None,
        session: Annotated[str | None, fw.Cookie()] = None,
    ) -> str:
        if token is None and session is None:
            raise fw.WebSocketException(code=fw.status.WS_1008_POLICY_VIOLATION, reason="who are you?")
        events.append("token")
        return token or session

    def user_agent(user_agent: Annotated[str, fw.Header()] = "none") -> str:
        events.append("sync dependency")
        return user_agent

    async def database() -> Any:
        events.append("open")
        try:
            yield "db"
        except Exception as exc:
            events.append(f"the endpoint raised {type(exc).__name__}")
            raise
        finally:
            events.append("close")

    @app.websocket("/chat/{room}")
    async def chat(
        websocket: fw.WebSocket,
        room: str,
        who: Annotated[str, fw.Depends(token)],
        agent: Annotated[str, fw.Depends(user_agent)],
        db: Annotated[str, fw.Depends(database)],
        again: Annotated[str, fw.Depends(token)],
    ) -> None:
        await websocket.accept()
        await websocket.send_json([room, who, agent, db, again])
        while True:
            text = await websocket.receive_text()
            events.append(f"got {text}")
            await websocket.send_text(text.upper())

    return app


def test_sync_async_and_yield_dependencies_run_once_per_connection() -> None:
    """The yield dependency's teardown waits for the conversation to end, and sees how it
    ended: the client's leaving is the endpoint's WebSocketDisconnect."""

    def talk(ws: WebSocketTestSession) -> Any:
        hello = ws.receive_json()
        ws.send_text("hi")
        return [hello, ws.receive_text()]

    seen = assert_same(dependencies_app, "/chat/lobby?token=t1", talk, headers={"user-agent": "ua"})
    assert seen.said == [["lobby", "t1", "ua", "db", "t1"], "HI"]
    assert seen.events == [
        "token",  # asked for twice, called once
        "sync dependency",
        "open",
        "got hi",
        "the endpoint raised WebSocketDisconnect",
        "close",
    ]


def test_a_websocket_exception_from_a_dependency_closes_with_its_code_and_reason() -> None:
    seen = assert_same(dependencies_app, "/chat/lobby")
    assert (seen.closed, seen.events) == ((1008, "who are you?"), [])


def test_a_cookie_satisfies_the_dependency() -> None:
    seen = assert_same(
        dependencies_app, "/chat/lobby", lambda ws: ws.receive_json(), headers={"cookie": "session=s1"}
    )
    assert seen.said == ["lobby", "s1", "testclient", "db", "s1"]


def test_an_http_connection_parameter_gets_the_websocket() -> None:
    """A dependency written for HTTP and websocket routes alike asks for the connection."""

    def build(fw: ModuleType, events: list[str]) -> Any:
        app = fw.FastAPI()

        def client_name(connection: fw.requests.HTTPConnection) -> str:
            return str(connection.headers.get("x-name", "anonymous"))

        @app.websocket("/ws")
        async def endpoint(websocket: fw.WebSocket, name: Annotated[str, fw.Depends(client_name)]) -> None:
            await websocket.accept()
            await websocket.send_text(name)
            await websocket.close()

        return app

    assert assert_same(build, "/ws", lambda ws: ws.receive_text(), headers={"x-name": "ada"}).said == "ada"


def test_dependency_overrides_apply_to_websocket_routes() -> None:
    def build(fw: ModuleType, events: list[str]) -> Any:
        app = fw.FastAPI()

        @app.websocket("/ws")
        async def endpoint(websocket: fw.WebSocket, value: Annotated[str, fw.Depends(original)]) -> None:
            await websocket.accept()
            await websocket.send_text(value)
            await websocket.close()

        return app

    def original() -> str:
        return "original"

    def replacement(q: str = "default") -> str:
        return f"replaced {q}"

    for client, events in both(build):
        app: Any = client.app
        assert converse(client, events, "/ws", lambda ws: ws.receive_text()).said == "original"
        app.dependency_overrides[original] = replacement
        assert converse(client, events, "/ws?q=x", lambda ws: ws.receive_text()).said == "replaced x"
        app.dependency_overrides.clear()
        assert converse(client, events, "/ws?q=x", lambda ws: ws.receive_text()).said == "original"


# -- routers -----------------------------------------------------------------------------------


def routers_app(fw: ModuleType, events: list[str]) -> Any:
    def mark(label: str) -> Any:
        def dependency() -> None:
            events.append(label)

        return fw.Depends(dependency)

    async def must_be_admin(role: Annotated[str, fw.Header()] = "user") -> None:
        if role != "admin":
            raise fw.WebSocketException(code=4003, reason="admins only")

    router = fw.APIRouter(prefix="/rooms", dependencies=[mark("router")])

    @router.websocket("/{room}/ws", name="room", dependencies=[mark("route")])
    async def room(websocket: fw.WebSocket, room: str) -> None:
        await websocket.accept()
        await websocket.send_text(f"welcome to {room}")
        await websocket.close()

    outer = fw.APIRouter(prefix="/v1")
    outer.include_router(router, prefix="/chat", dependencies=[mark("include"), fw.Depends(must_be_admin)])
    app = fw.FastAPI()
    app.include_router(outer, dependencies=[mark("app include")])
    return app


def test_include_router_keeps_prefixes_and_dependencies_in_order() -> None:
    seen = assert_same(
        routers_app, "/v1/chat/rooms/blue/ws", lambda ws: ws.receive_text(), headers={"role": "admin"}
    )
    assert (seen.said, seen.events) == ("welcome to blue", ["app include", "include", "router", "route"])


def test_an_included_dependency_can_refuse_the_connection() -> None:
    seen = assert_same(routers_app, "/v1/chat/rooms/blue/ws")
    assert (seen.closed, seen.events) == ((4003, "admins only"), ["app include", "include"])


def test_an_included_websocket_route_keeps_its_name_for_url_path_for() -> None:
    for client, _ in both(routers_app):
        app: Any = client.app
        assert app.url_path_for("room", room="red") == "/v1/chat/rooms/red/ws"


# -- where minifast departs --------------------------------------------------------------------


def test_on_invalid_inputs_the_valid_dependencies_still_run_as_in_fastapi() -> None:
    """FastAPI's order of work, for websockets as for HTTP: a dependency whose own inputs are
    valid runs (its `yield` opens and closes) before the connection is refused with 1008."""

    def build(fw: ModuleType, events: list[str]) -> Any:
        app = fw.FastAPI()

        async def database() -> Any:
            events.append("open")
            try:
                yield "db"
            finally:
                events.append("close")

        @app.websocket("/ws/{n}")
        async def endpoint(websocket: fw.WebSocket, db: Annotated[str, fw.Depends(database)], n: int) -> None:
            await websocket.accept()

        return app

    real, mine = (converse(client, events, "/ws/x") for client, events in both(build))
    assert real.closed == mine.closed
    assert mine.closed is not None
    assert mine.closed[0] == 1008
    assert real.events == mine.events == ["open", "close"]


def test_a_yield_dependency_that_swallows_the_endpoints_error_is_reported() -> None:
    """FastAPI ends such a session without a word (no close frame: its test client waits
    forever); minidi's error names the dependency, and a server closes with 1011."""
    events: list[str] = []

    async def forgiving() -> Any:
        try:
            yield
        except ValueError:
            events.append("swallowed")

    app = minifast.FastAPI()

    @app.websocket("/ws")
    async def endpoint(
        websocket: minifast.WebSocket, _: Annotated[None, minifast.Depends(forgiving)]
    ) -> None:
        await websocket.accept()
        raise ValueError("boom")

    with pytest.raises(SuppressedExceptionError, match="forgiving"), TestClient(app).websocket_connect("/ws"):
        pass
    assert events == ["swallowed"]
    client = TestClient(app, raise_server_exceptions=False)
    with client.websocket_connect("/ws") as ws, pytest.raises(WebSocketDisconnect) as closed:
        ws.receive_text()
    assert closed.value.code == 1011


def test_a_sync_endpoint_is_refused_when_declared() -> None:
    """A `def` endpoint could never await the socket; FastAPI fails at the first connection."""

    def endpoint(websocket: minifast.WebSocket) -> None: ...

    with pytest.raises(TypeError, match="must be an async function"):
        minifast.FastAPI().websocket("/ws")(endpoint)


def test_the_route_is_analysed_once_with_the_websocket_as_special_parameter() -> None:
    async def endpoint(websocket: minifast.WebSocket, n: int, q: str = "") -> None: ...

    route = APIWebSocketRoute("/ws/{n}", endpoint)
    assert [(leaf.location, leaf.alias) for leaf in route.signature.parameters] == [
        ("path", "n"),
        ("query", "q"),
    ]
    assert route.signature.graph.special_types == {minifast.WebSocket}


# -- a real server -----------------------------------------------------------------------------


@pytest.mark.timeout(45)
def test_a_websocket_route_under_a_real_uvicorn() -> None:
    """websocket_app.py's chat, served by uvicorn, talked to by the `websockets` client: the
    parameters arrive, a frame is answered; an invalid handshake is refused with HTTP 403
    (a close before the accept), and a WebSocketException after it closes with its code."""

    async def talk(url: str) -> list[str]:
        async with websockets.connect(url, open_timeout=10, close_timeout=5) as ws:
            replies = [await asyncio.wait_for(ws.recv(), 10)]
            await ws.send("hello")
            replies.append(await asyncio.wait_for(ws.recv(), 10))
            await ws.send("bye")
            with pytest.raises(websockets.ConnectionClosed):
                await asyncio.wait_for(ws.recv(), 10)
            replies.append(f"closed {ws.close_code} {ws.close_reason}")
            return [str(reply) for reply in replies]

    async def refused(url: str) -> int:
        with pytest.raises(websockets.InvalidStatus) as raised:
            await websockets.connect(url, open_timeout=10)
        return raised.value.response.status_code

    tests = Path(__file__).parent
    command = [sys.executable, "-m", "uvicorn", "--app-dir", str(tests), "websocket_app:app"]
    with running_server(
        [*command, "--host", "{host}", "--port", "{port}"], ready_path="/openapi.json"
    ) as base:
        url = base.replace("http://", "ws://")
        replies = asyncio.run(talk(f"{url}/rooms/42/ws?nick=ada"))
        status = asyncio.run(refused(f"{url}/rooms/forty-two/ws?nick=ada"))
    assert replies == ["ada joined room 42", "ada: hello", "closed 4000 goodbye"]
    assert status == 403


def test_the_close_reason_fits_a_close_frame_and_stays_json() -> None:
    """RFC 6455 allows 123 bytes of reason: many errors are cut to their loc and type, then
    to as many as fit, and the reason still parses."""
    from minifast.exception_handlers import close_reason

    errors = [
        {"type": "missing", "loc": ["query", f"parameter_{n}"], "msg": "Field required", "input": None}
        for n in range(9)
    ]
    text = close_reason(errors)
    assert len(text.encode()) <= 123
    assert json.loads(text) == [{"type": "missing", "loc": ["query", f"parameter_{n}"]} for n in range(2)]
    one = [{"type": "missing", "loc": ["query", "q"], "msg": "Field required", "input": None}]
    assert json.loads(close_reason(one)) == one
