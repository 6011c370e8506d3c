"""Milestone 8: WebSockets, the long-lived two-way connections ASGI was made for."""

from __future__ import annotations

import asyncio

import pytest
import websockets
from coursekit import running_server
from miniasgi import (
    MiniASGI,
    PlainTextResponse,
    StreamingResponse,
    WebSocket,
    WebSocketDisconnect,
    WebSocketException,
)
from miniasgi.testclient import TestClient, WebSocketDenialResponse
from miniasgi.websockets import WebSocketDisconnected

from .serving import uvicorn_command


@pytest.fixture
def app() -> MiniASGI:
    app = MiniASGI()

    @app.websocket("/echo/{room}")
    async def echo(websocket: WebSocket, room: str) -> None:
        await websocket.accept(subprotocol=(websocket.scope.get("subprotocols") or [None])[0])
        greeting = websocket.query_params.get("greet", "hi")
        await websocket.send_text(f"{greeting} from {room} at {websocket.url.path}")
        async for text in websocket.iter_text():
            await websocket.send_text(text.upper())

    @app.websocket("/json")
    async def as_json(websocket: WebSocket) -> None:
        await websocket.accept()
        data = await websocket.receive_json()
        await websocket.send_json({"doubled": data["n"] * 2})
        raw = await websocket.receive_bytes()
        await websocket.send_bytes(raw[::-1])
        await websocket.close(code=1000)

    @app.websocket("/private")
    async def private(websocket: WebSocket) -> None:
        if websocket.headers.get("authorization") != "secret":
            raise WebSocketException(1008, "not allowed")
        await websocket.accept()
        await websocket.send_text("welcome")

    return app


def test_echo_websocket_with_path_and_query_params(app):
    """accept(), then send_text / receive_text; path params arrive as keyword arguments."""
    with TestClient(app).websocket_connect("/echo/lobby?greet=hello") as ws:
        assert ws.receive_text() == "hello from lobby at /echo/lobby"
        ws.send_text("ping")
        assert ws.receive_text() == "PING"


def test_json_and_bytes_frames_and_server_close(app):
    """receive_json/send_json and receive_bytes/send_bytes; close() reaches the client as a disconnect."""
    with TestClient(app).websocket_connect("/json") as ws:
        ws.send_json({"n": 21})
        assert ws.receive_json() == {"doubled": 42}
        ws.send_bytes(b"abc")
        assert ws.receive_bytes() == b"cba"
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
        assert closed.value.code == 1000


def test_subprotocol_is_negotiated(app):
    """accept(subprotocol=...) tells the client which of its offered subprotocols was chosen."""
    with TestClient(app).websocket_connect("/echo/x", subprotocols=["chat.v2", "chat.v1"]) as ws:
        assert ws.accepted_subprotocol == "chat.v2"


def test_websocket_exception_closes_with_its_code(app):
    """raise WebSocketException(1008) before accept: the connection is refused with code 1008."""
    with pytest.raises(WebSocketDisconnect) as refused, TestClient(app).websocket_connect("/private"):
        pass
    assert refused.value.code == 1008
    with TestClient(app).websocket_connect("/private", headers={"Authorization": "secret"}) as ws:
        assert ws.receive_text() == "welcome"


def test_unknown_websocket_path_is_refused(app):
    """No websocket route matches: the connection is closed with 1008 (policy violation)."""
    with pytest.raises(WebSocketDisconnect) as refused, TestClient(app).websocket_connect("/nope"):
        pass
    assert refused.value.code == 1008


def test_client_disconnect_raises_websocket_disconnect_in_the_handler():
    """When the client leaves, receive_text() raises WebSocketDisconnect(code) in your handler."""
    app = MiniASGI()
    seen = []

    @app.websocket("/ws")
    async def handler(websocket: WebSocket) -> None:
        await websocket.accept()
        try:
            await websocket.receive_text()
        except WebSocketDisconnect as exc:
            seen.append(exc.code)
            raise  # the framework treats a disconnect as a normal end of the session

    with TestClient(app) as client, client.websocket_connect("/ws") as ws:
        ws.close(code=4001)
    assert seen == [4001]


def test_misuse_is_a_clear_runtime_error():
    """Receiving before accept(), or sending after close(), fails loudly with
    `WebSocketDisconnected`, a RuntimeError: a bug in the app, not the client leaving."""
    app = MiniASGI()

    @app.websocket("/early")
    async def early(websocket: WebSocket) -> None:
        await websocket.receive_text()

    @app.websocket("/late")
    async def late(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.close()
        await websocket.send_text("too late")

    client = TestClient(app)
    with pytest.raises(WebSocketDisconnected, match="accept"), client.websocket_connect("/early"):
        pass
    with client.websocket_connect("/late") as ws:
        with pytest.raises(WebSocketDisconnect):
            ws.receive_text()  # the close frame the handler sent
        with pytest.raises(WebSocketDisconnected, match="close message"):
            ws.receive_text()  # then the handler's own error, re-raised here


def test_wrong_frame_type_or_bad_json_closes_with_1003_or_1007(app):
    """A client's bad frame is its mistake, not a server crash: a binary frame where text is
    expected (or the reverse) closes with 1003 (unsupported data), a frame that is not JSON with
    1007 (invalid payload). Raise WebSocketException with that code from receive_*()."""
    with TestClient(app).websocket_connect("/echo/x") as ws:
        ws.receive_text()
        ws.send_bytes(b"\x00\xff")
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
        assert closed.value.code == 1003, f"expected close code 1003, got {closed.value.code}"
    with TestClient(app).websocket_connect("/json") as ws:
        ws.send_text("{not json")
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
        assert closed.value.code == 1007, f"expected close code 1007, got {closed.value.code}"
    with TestClient(app).websocket_connect("/json") as ws:
        ws.send_json({"n": 1})
        ws.receive_json()
        ws.send_text("text, where bytes were expected")
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_bytes()
        assert closed.value.code == 1003, f"expected close code 1003, got {closed.value.code}"


def test_a_handshake_can_be_denied_with_an_http_response():
    """`send_denial_response(response)` refuses the handshake with a real HTTP answer (status,
    headers, body) instead of a bare close, when the server offers the `websocket.http.response`
    extension (the test client does). Any Response works: its messages go out with a
    `websocket.` prefix. The client sees `WebSocketDenialResponse`, an httpx.Response that is
    also a WebSocketDisconnect."""
    app = MiniASGI()

    @app.websocket("/members")
    async def members(websocket: WebSocket) -> None:
        await websocket.send_denial_response(PlainTextResponse("members only", status_code=403))

    @app.websocket("/slowly")
    async def slowly(websocket: WebSocket) -> None:
        async def parts():
            yield "not "
            yield "today"

        await websocket.send_denial_response(StreamingResponse(parts(), status_code=429))

    client = TestClient(app)
    with pytest.raises(WebSocketDenialResponse) as denied, client.websocket_connect("/members"):
        pass
    assert (denied.value.status_code, denied.value.text) == (403, "members only")
    assert denied.value.headers["content-type"] == "text/plain; charset=utf-8"
    assert isinstance(denied.value, WebSocketDisconnect)
    with pytest.raises(WebSocketDenialResponse) as denied, client.websocket_connect("/slowly"):
        pass
    assert (denied.value.status_code, denied.value.content) == (429, b"not today")


def test_binary_and_json_iterators_and_handshake_headers():
    """iter_bytes() and iter_json() end quietly when the client leaves, like iter_text();
    accept(headers=...) takes raw (bytes, bytes) pairs, as ASGI does; a JSON `mode` other than
    "text" or "binary" is a RuntimeError."""
    app = MiniASGI()

    @app.websocket("/bytes")
    async def reverse(websocket: WebSocket) -> None:
        await websocket.accept(headers=[(b"x-room", b"blue")])
        async for data in websocket.iter_bytes():
            await websocket.send_bytes(data[::-1])

    @app.websocket("/json")
    async def count(websocket: WebSocket) -> None:
        await websocket.accept()
        async for data in websocket.iter_json():
            await websocket.send_json({"keys": len(data)}, mode="binary")

    @app.websocket("/xml")
    async def xml(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.receive_json(mode="xml")

    client = TestClient(app)
    with client.websocket_connect("/bytes") as ws:
        assert ws.extra_headers == [(b"x-room", b"blue")]
        ws.send_bytes(b"abc")
        assert ws.receive_bytes() == b"cba"
    with client.websocket_connect("/json") as ws:
        ws.send_json({"a": 1, "b": 2})
        assert ws.receive_json(mode="binary") == {"keys": 2}
    with pytest.raises(RuntimeError, match='"text" or "binary"'), client.websocket_connect("/xml"):
        pass


def test_websocket_handlers_must_be_async():
    """A sync websocket handler cannot await frames: rejected when registered."""
    app = MiniASGI()
    with pytest.raises(TypeError, match="async"):
        app.websocket("/ws")(lambda websocket: None)


@pytest.mark.timeout(45)
def test_websocket_under_a_real_uvicorn():
    """examples/websocket_echo.py's /ws/echo works with a real WebSocket client over a real socket,
    and a binary frame (the echo reads text) closes it with 1003 rather than dropping the socket."""

    async def talk(url: str) -> list[str]:
        async with websockets.connect(url, open_timeout=10) as ws:
            replies = []
            for text in ("one", "two"):
                await ws.send(text)
                replies.append(await asyncio.wait_for(ws.recv(), 10))
            return replies

    async def send_bytes(url: str) -> int | None:
        async with websockets.connect(url, open_timeout=10) as ws:
            await ws.send(b"bytes, where text is expected")
            with pytest.raises(websockets.ConnectionClosed):
                await asyncio.wait_for(ws.recv(), 10)
            return ws.close_code

    with running_server(uvicorn_command("websocket_echo:app"), ready_path="/hello/ready") as base_url:
        url = base_url.replace("http://", "ws://") + "/ws/echo"
        replies = asyncio.run(talk(url))
        close_code = asyncio.run(send_bytes(url))
    assert replies == ["echo: one", "echo: two"]
    assert close_code == 1003, f"a binary frame should close the echo with 1003, got {close_code}"
