"""`WebSocket`: a long-lived, two-way conversation over one ASGI connection.

An HTTP request is one message in, one response out. A WebSocket is a state machine on each
side: the client *connects*, the application *accepts* (or closes), then either side sends
frames until one of them *closes*. This class tracks both sides' state so that misuse
(sending before accepting, receiving after a close) fails loudly, and a client that goes away
surfaces as one exception: `WebSocketDisconnect`.
"""

from __future__ import annotations

import enum
import json
from collections.abc import AsyncIterator, Iterable
from typing import Any

from miniasgi.exceptions import WebSocketDisconnect, WebSocketException
from miniasgi.requests import HTTPConnection
from miniasgi.types import Message, Receive, Scope, Send


class WebSocketState(enum.Enum):
    CONNECTING = 0
    CONNECTED = 1
    DISCONNECTED = 2


class WebSocket(HTTPConnection):
    """The application's end of a WebSocket: accept, exchange frames, close."""

    def __init__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            raise ValueError(f"WebSocket needs a 'websocket' scope, got {scope['type']!r}.")
        super().__init__(scope)
        self._receive = receive
        self._send = send
        self.client_state = WebSocketState.CONNECTING
        self.application_state = WebSocketState.CONNECTING

    async def receive(self) -> Message:
        """The next raw ASGI message, checked against the client's state."""
        if self.client_state is WebSocketState.DISCONNECTED:
            raise RuntimeError('Cannot call "receive" once a disconnect message has been received.')
        message = await self._receive()
        kind = message["type"]
        if self.client_state is WebSocketState.CONNECTING:
            expected: tuple[str, ...] = ("websocket.connect",)
        else:
            expected = ("websocket.receive", "websocket.disconnect")
        if kind not in expected:
            raise RuntimeError(f"Expected an ASGI message of type {' or '.join(expected)}, got {kind!r}.")
        if kind == "websocket.connect":
            self.client_state = WebSocketState.CONNECTED
        elif kind == "websocket.disconnect":
            self.client_state = WebSocketState.DISCONNECTED
        return message

    async def send(self, message: Message) -> None:
        """Send a raw ASGI message, checked against the application's state."""
        kind = message["type"]
        state = self.application_state
        if state is WebSocketState.DISCONNECTED:
            raise RuntimeError('Cannot call "send" once a close message has been sent.')
        allowed = ("websocket.accept", "websocket.close")
        if state is WebSocketState.CONNECTED:
            allowed = ("websocket.send", "websocket.close")
        if kind not in allowed:
            raise RuntimeError(f"Expected an ASGI message of type {' or '.join(allowed)}, got {kind!r}.")
        if kind == "websocket.accept":
            self.application_state = WebSocketState.CONNECTED
        elif kind == "websocket.close":
            self.application_state = WebSocketState.DISCONNECTED
        try:
            await self._send(message)
        except OSError:
            # ASGI servers raise an OSError when the peer is already gone (spec 2.4).
            self.application_state = WebSocketState.DISCONNECTED
            raise WebSocketDisconnect(1006) from None

    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[str, str]] | None = None
    ) -> None:
        if self.client_state is WebSocketState.CONNECTING:
            await self.receive()  # the client's "websocket.connect" comes first
        raw = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers or ()]
        await self.send({"type": "websocket.accept", "subprotocol": subprotocol, "headers": raw})

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        await self.send({"type": "websocket.close", "code": code, "reason": reason or ""})

    async def _receive_frame(self) -> Message:
        if self.application_state is not WebSocketState.CONNECTED:
            raise RuntimeError('WebSocket is not connected. Call "accept" first.')
        message = await self.receive()
        if message["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(message.get("code", 1000), message.get("reason"))
        return message

    async def receive_text(self) -> str:
        """The next text frame. A binary frame is the client's mistake: the connection is
        closed with 1003 (unsupported data), as RFC 6455 says, not crashed."""
        message = await self._receive_frame()
        text = message.get("text")
        if text is None:
            raise WebSocketException(1003, "Expected a text frame, got a binary one.")
        return str(text)

    async def receive_bytes(self) -> bytes:
        """The next binary frame; a text frame closes the connection with 1003."""
        message = await self._receive_frame()
        data = message.get("bytes")
        if data is None:
            raise WebSocketException(1003, "Expected a binary frame, got a text one.")
        return bytes(data)

    async def receive_json(self, mode: str = "text") -> Any:
        """Decode one JSON frame; `mode="binary"` for JSON sent as bytes.

        A frame that is not JSON closes the connection with 1007 (invalid payload data).
        """
        try:
            if mode == "text":
                return json.loads(await self.receive_text())
            return json.loads((await self.receive_bytes()).decode("utf-8"))
        except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
            raise WebSocketException(1007, f"Malformed JSON frame: {exc}") from exc

    async def iter_text(self) -> AsyncIterator[str]:
        """Every text frame until the client disconnects; the loop simply ends then."""
        try:
            while True:
                yield await self.receive_text()
        except WebSocketDisconnect:
            return

    async def send_text(self, data: str) -> None:
        await self.send({"type": "websocket.send", "text": data})

    async def send_bytes(self, data: bytes) -> None:
        await self.send({"type": "websocket.send", "bytes": data})

    async def send_json(self, data: Any, mode: str = "text") -> None:
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        if mode == "text":
            await self.send_text(text)
        else:
            await self.send_bytes(text.encode("utf-8"))
