"""`WebSocket`: a long-lived, two-way conversation over one ASGI connection.

An HTTP request is one message in, one response out. A WebSocket is a state machine on each
side: the client *connects*, the application *accepts* (or closes, or denies the handshake
with an HTTP response), then either side sends frames until one of them *closes*. This class
tracks both sides' state so that misuse (sending before accepting, receiving after a close)
fails loudly, and a client that goes away surfaces as one exception: `WebSocketDisconnect`.
"""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator, Iterable
from typing import TYPE_CHECKING, Any

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
        raise NotImplementedError(
            "Milestone 8: the next ASGI message from the client (the ones _CLIENT_MAY_SEND allows in "
            "its state, else RuntimeError), updating the client's state; after its disconnect, "
            "WebSocketDisconnected."
        )

    async def send(self, message: Message) -> None:
        """Send a raw ASGI message, checked against the application's state."""
        raise NotImplementedError(
            "Milestone 8: send one ASGI message (the ones _APP_MAY_SEND allows in the app's state, "
            "else RuntimeError), updating the app's state; after a close, WebSocketDisconnected; a "
            "peer that is gone (OSError) is WebSocketDisconnect(1006)."
        )

    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
    ) -> None:
        """Accept the handshake, choosing one of `scope["subprotocols"]` if the client offered
        some; `headers` (raw byte pairs, as in ASGI) go into the handshake's HTTP response."""
        raise NotImplementedError(
            "Milestone 8: accept the connection (after the client's websocket.connect), with the "
            "chosen subprotocol and extra headers."
        )

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        raise NotImplementedError("Milestone 8: close the connection with this code and reason.")

    async def send_denial_response(self, response: Response) -> None:
        """Refuse the handshake with an HTTP response (a 403 with a body, say) instead of a bare
        close. Needs the server's `websocket.http.response` extension; any Response works,
        streaming and file responses included (they send `websocket.http.response.*`)."""
        raise NotImplementedError(
            "Milestone 8: when the scope's extensions offer 'websocket.http.response', run the "
            "response as an ASGI app with this WebSocket's receive and send; else RuntimeError."
        )

    async def _receive_frame(self) -> Message:
        raise NotImplementedError(
            "Milestone 8: the client's next frame message, once accepted (WebSocketDisconnected "
            "before); a disconnect is WebSocketDisconnect with its code."
        )

    async def receive_text(self) -> str:
        """The next text frame. A binary frame is the client's mistake: the connection is
        closed with 1003 (unsupported data), as RFC 6455 says, not crashed."""
        raise NotImplementedError(
            "Milestone 8: the text of the next frame; a binary frame is WebSocketException(1003)."
        )

    async def receive_bytes(self) -> bytes:
        """The next binary frame; a text frame closes the connection with 1003."""
        raise NotImplementedError(
            "Milestone 8: the bytes of the next frame; a text frame is WebSocketException(1003)."
        )

    async def receive_json(self, mode: str = "text") -> Any:
        """Decode one JSON frame; `mode="binary"` for JSON sent as bytes.

        A frame that is not JSON closes the connection with 1007 (invalid payload data).
        """
        raise NotImplementedError(
            "Milestone 8: the next frame decoded as JSON (a text frame, or bytes for "
            "mode='binary'; another mode is a RuntimeError); a frame that is not JSON is "
            "WebSocketException(1007)."
        )

    async def iter_text(self) -> AsyncIterator[str]:
        """Every text frame until the client disconnects; the loop simply ends then."""
        raise NotImplementedError(
            "Milestone 8: yield each text frame until the client disconnects, then stop."
        )

    async def iter_bytes(self) -> AsyncIterator[bytes]:
        """Every binary frame until the client disconnects."""
        raise NotImplementedError(
            "Milestone 8: yield each binary frame until the client disconnects, then stop."
        )

    async def iter_json(self) -> AsyncIterator[Any]:
        """Every JSON text frame, decoded, until the client disconnects."""
        raise NotImplementedError(
            "Milestone 8: yield each text frame decoded as JSON until the client disconnects."
        )

    async def send_text(self, data: str) -> None:
        raise NotImplementedError("Milestone 8: send one text frame.")

    async def send_bytes(self, data: bytes) -> None:
        raise NotImplementedError("Milestone 8: send one binary frame.")

    async def send_json(self, data: Any, mode: str = "text") -> None:
        raise NotImplementedError(
            "Milestone 8: send `data` as compact JSON, in a text frame (or a binary one for "
            "mode='binary'; another mode is a RuntimeError)."
        )
