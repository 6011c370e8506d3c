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

from miniasgi.exceptions import WebSocketDisconnect
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
        raise NotImplementedError(
            "Await one message, check it is valid for the client's state, and update that state."
        )

    async def send(self, message: Message) -> None:
        """Send a raw ASGI message, checked against the application's state."""
        raise NotImplementedError(
            "Check the message is valid for the application's state, update it, and send it "
            "(OSError means WebSocketDisconnect(1006))."
        )

    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[str, str]] | None = None
    ) -> None:
        raise NotImplementedError(
            "Receive websocket.connect if still connecting, then send websocket.accept with the "
            "subprotocol and headers."
        )

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        raise NotImplementedError("Send websocket.close with the code and reason.")

    async def _receive_frame(self) -> Message:
        raise NotImplementedError(
            "Require an accepted socket, receive one message, raise WebSocketDisconnect on "
            "websocket.disconnect."
        )

    async def receive_text(self) -> str:
        """The next text frame. A binary frame is the client's mistake: the connection is
        closed with 1003 (unsupported data), as RFC 6455 says, not crashed."""
        raise NotImplementedError(
            "Return the 'text' of the next frame; raise WebSocketException(1003) for a binary one."
        )

    async def receive_bytes(self) -> bytes:
        """The next binary frame; a text frame closes the connection with 1003."""
        raise NotImplementedError(
            "Return the 'bytes' of the next frame; raise WebSocketException(1003) for a text one."
        )

    async def receive_json(self, mode: str = "text") -> Any:
        """Decode one JSON frame; `mode="binary"` for JSON sent as bytes.

        A frame that is not JSON closes the connection with 1007 (invalid payload data).
        """
        raise NotImplementedError(
            "json.loads the next text (or binary) frame; a ValueError or RecursionError becomes "
            "WebSocketException(1007)."
        )

    async def iter_text(self) -> AsyncIterator[str]:
        """Every text frame until the client disconnects; the loop simply ends then."""
        raise NotImplementedError("Yield receive_text() until WebSocketDisconnect, then stop.")

    async def send_text(self, data: str) -> None:
        raise NotImplementedError("Send a websocket.send message with 'text'.")

    async def send_bytes(self, data: bytes) -> None:
        raise NotImplementedError("Send a websocket.send message with 'bytes'.")

    async def send_json(self, data: Any, mode: str = "text") -> None:
        raise NotImplementedError("json.dumps the data and send it as text (or bytes for mode='binary').")
