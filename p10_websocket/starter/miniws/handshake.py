"""The opening handshake (RFC 6455 section 4): an HTTP/1.1 request that turns into a WebSocket.

Sans-IO: bytes in, bytes out. The functions parse and build the HTTP head and check it; the
server and client that own the sockets call them.
"""

from __future__ import annotations

from collections.abc import Sequence

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
MAX_HEAD = 8 * 1024


class HandshakeError(Exception):
    """Why a handshake was refused: the HTTP status to answer with (or, on the client side, the
    status the server answered), a human reason, and the headers the refusal must carry
    (`Allow: GET` with a 405, `Sec-WebSocket-Version: 13` with a 426)."""

    def __init__(self, status: int, reason: str, headers: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(f"{status}: {reason}")
        self.status = status
        self.reason = reason
        self.headers = list(headers)


def accept_key(key: str) -> str:
    raise NotImplementedError(
        "Milestone 1: return the Sec-WebSocket-Accept value for this Sec-WebSocket-Key: the "
        "base64 of the SHA-1 digest of the key followed by GUID."
    )


def validate_request(method: str, headers: Sequence[tuple[str, str]]) -> str:
    raise NotImplementedError(
        "Milestone 1: check that this request asks for a WebSocket (GET, Upgrade: websocket, "
        "Connection: upgrade, Sec-WebSocket-Version: 13, a key of 16 base64 bytes) and return "
        "the key; otherwise raise HandshakeError with the status to answer (400, 405 or 426)."
    )


def response_headers(key: str, subprotocol: str | None = None) -> list[tuple[str, str]]:
    raise NotImplementedError(
        "Milestone 1: return the headers of the 101 Switching Protocols answer to this key "
        "(Upgrade, Connection, Sec-WebSocket-Accept, and Sec-WebSocket-Protocol when chosen)."
    )


def new_key() -> str:
    raise NotImplementedError("Milestone 1: return a fresh Sec-WebSocket-Key: 16 random bytes in base64.")


def validate_response(status: int, headers: Sequence[tuple[str, str]], key: str) -> None:
    raise NotImplementedError(
        "Milestone 1: on the client side, check the server's answer: 101, Upgrade: websocket, "
        "Connection: upgrade, the accept value for our key, and no Sec-WebSocket-Extensions (we "
        "offer none, so a server that picks one is refused); raise HandshakeError otherwise."
    )


def parse_request(data: bytes) -> tuple[str, str, list[tuple[str, str]]] | None:
    raise NotImplementedError(
        "Milestone 1: parse an HTTP/1.1 request head into (method, target, headers), header names "
        "lower-cased (as ASGI gives them), or return None while the blank line that ends it has "
        "not arrived; a head over MAX_HEAD bytes raises HandshakeError 431, a malformed one 400."
    )


def parse_response(data: bytes) -> tuple[int, list[tuple[str, str]]] | None:
    raise NotImplementedError(
        "Milestone 1: parse an HTTP/1.1 response head into (status, headers), or return None "
        "while it is incomplete; too long (431) or malformed (400) raises HandshakeError."
    )


def request_bytes(host: str, path: str, key: str, extra: Sequence[tuple[str, str]] = ()) -> bytes:
    raise NotImplementedError(
        "Milestone 1: build the client's upgrade request: GET path HTTP/1.1 with Host, Upgrade, "
        "Connection, Sec-WebSocket-Key, Sec-WebSocket-Version and the extra headers. A CR, LF or "
        "NUL in a header would start a header of its own: raise ValueError naming that header."
    )


def response_bytes(headers: Sequence[tuple[str, str]]) -> bytes:
    raise NotImplementedError(
        "Milestone 1: build the bytes of a 101 Switching Protocols response with these headers "
        "(a CR, LF or NUL in one raises ValueError naming it, as in request_bytes)."
    )


def refusal_bytes(error: HandshakeError) -> bytes:
    raise NotImplementedError(
        "Milestone 1: build a complete HTTP/1.1 error response for this refusal: its status, its "
        "headers, the reason as a plain-text body, and Connection: close."
    )
