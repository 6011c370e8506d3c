"""`WebSocket`: a long-lived, two-way conversation over one ASGI connection.

An HTTP request is one message in, one response out. A WebSocket is a state machine on each
side: the client *connects*, the application *accepts* (or closes, or denies the handshake
with an HTTP response), then either side sends frames until one of them *closes*. This class
tracks both sides' state so that misuse (sending before accepting, receiving after a close)
fails loudly, and a client that goes away surfaces as one exception: `WebSocketDisconnect`.
"""

from __future__ import annotations

import enum
import json
from collections.abc import AsyncIterator, Iterable
from typing import TYPE_CHECKING, Any

from miniasgi.exceptions import WebSocketDisconnect, WebSocketException
from miniasgi.requests import HTTPConnection
from miniasgi.types import Message, Receive, Scope, Send

if TYPE_CHECKING:
    from miniasgi.responses import Response


class WebSocketState(enum.Enum):
    CONNECTING = 0
    CONNECTED = 1
    DISCONNECTED = 2
    RESPONSE = 3  # the app is sending an HTTP response instead of accepting (a denial)


class WebSocketDisconnected(RuntimeError):
    """The WebSocket is used in a state where that makes no sense: receiving before `accept()`
    or after the client's disconnect, sending after a close. A bug in the app, not the client
    leaving (that is `WebSocketDisconnect`)."""


#: What each side may send next, by that side's state.
_CLIENT_MAY_SEND = {
    WebSocketState.CONNECTING: ("websocket.connect",),
    WebSocketState.CONNECTED: ("websocket.receive", "websocket.disconnect"),
}
_APP_MAY_SEND = {
    WebSocketState.CONNECTING: ("websocket.accept", "websocket.close", "websocket.http.response.start"),
    WebSocketState.CONNECTED: ("websocket.send", "websocket.close"),
    WebSocketState.RESPONSE: ("websocket.http.response.body",),
}


def _expected(kinds: tuple[str, ...], got: str) -> RuntimeError:
    names = [f'"{kind}"' for kind in kinds]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    return RuntimeError(f"Expected ASGI message {listed}, but got {got!r}")


def _check_mode(mode: str) -> None:
    if mode not in ("text", "binary"):
        raise RuntimeError('The "mode" argument should be "text" or "binary".')


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
        allowed = _CLIENT_MAY_SEND.get(self.client_state)
        if allowed is None:
            raise WebSocketDisconnected('Cannot call "receive" once a disconnect message has been received.')
        message = await self._receive()
        kind = message["type"]
        if kind not in allowed:
            raise _expected(allowed, kind)
        if kind == "websocket.connect":
            self.client_state = WebSocketState.CONNECTED
        elif kind == "websocket.disconnect":
            self.client_state = WebSocketState.DISCONNECTED
        return message

    async def send(self, message: Message) -> None:
        """Send a raw ASGI message, checked against the application's state."""
        allowed = _APP_MAY_SEND.get(self.application_state)
        if allowed is None:
            raise WebSocketDisconnected('Cannot call "send" once a close message has been sent.')
        kind = message["type"]
        if kind not in allowed:
            raise _expected(allowed, kind)
        if kind == "websocket.accept":
            self.application_state = WebSocketState.CONNECTED
        elif kind == "websocket.http.response.start":
            self.application_state = WebSocketState.RESPONSE
        elif kind == "websocket.close" or (
            kind == "websocket.http.response.body" and not message.get("more_body", False)
        ):
            self.application_state = WebSocketState.DISCONNECTED
        try:
            await self._send(message)
        except OSError:
            # An ASGI 2.4 server raises OSError when the peer is already gone.
            self.application_state = WebSocketState.DISCONNECTED
            raise WebSocketDisconnect(1006) from None

    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
    ) -> None:
        """Accept the handshake, choosing one of `scope["subprotocols"]` if the client offered
        some; `headers` (raw byte pairs, as in ASGI) go into the handshake's HTTP response."""
        if self.client_state is WebSocketState.CONNECTING:
            await self.receive()  # the client's "websocket.connect" comes first
        await self.send(
            {"type": "websocket.accept", "subprotocol": subprotocol, "headers": list(headers or [])}
        )

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        await self.send({"type": "websocket.close", "code": code, "reason": reason or ""})

    async def send_denial_response(self, response: Response) -> None:
        """Refuse the handshake with an HTTP response (a 403 with a body, say) instead of a bare
        close. Needs the server's `websocket.http.response` extension; any Response works,
        streaming and file responses included (they send `websocket.http.response.*`)."""
        if "websocket.http.response" not in self.scope.get("extensions", {}):
            raise RuntimeError("The server doesn't support the Websocket Denial Response extension.")
        await response(self.scope, self.receive, self.send)

    async def _receive_frame(self) -> Message:
        if self.application_state is not WebSocketState.CONNECTED:
            raise WebSocketDisconnected('WebSocket is not connected. Call "accept" first.')
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
        _check_mode(mode)
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

    async def iter_bytes(self) -> AsyncIterator[bytes]:
        """Every binary frame until the client disconnects."""
        try:
            while True:
                yield await self.receive_bytes()
        except WebSocketDisconnect:
            return

    async def iter_json(self) -> AsyncIterator[Any]:
        """Every JSON text frame, decoded, until the client disconnects."""
        try:
            while True:
                yield await self.receive_json()
        except WebSocketDisconnect:
            return

    async def send_text(self, data: str) -> None:
        await self.send({"type": "websocket.send", "text": data})

    async def send_bytes(self, data: bytes) -> None:
        await self.send({"type": "websocket.send", "bytes": data})

    async def send_json(self, data: Any, mode: str = "text") -> None:
        _check_mode(mode)
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        if mode == "text":
            await self.send_text(text)
        else:
            await self.send_bytes(text.encode("utf-8"))
