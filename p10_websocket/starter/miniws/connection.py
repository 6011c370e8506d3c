"""One side of an open WebSocket over asyncio streams: messages, pings and the closing handshake.

The codec (frames.py, messages.py) knows the rules; this module owns the socket and the clock.
The peer may send a ping, a message or a close at any moment, so one background task reads
for the whole life of the connection; the application's `recv()` takes whole messages from it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypedDict, TypeVar

# How long the closing handshake may take before we drop the TCP connection without it.
CLOSE_TIMEOUT = 10.0
# Messages received but not yet taken by recv() before the reader pauses (backpressure).
MAX_QUEUE = 16
# Bytes asked of the socket per read: a few frames at once, one syscall.
READ_SIZE = 1 << 16

_Head = TypeVar("_Head")


class ConnectionOptions(TypedDict, total=False):
    """The options `serve()` and `connect()` pass on to every Connection they create."""

    max_message_size: int
    ping_interval: float | None
    ping_timeout: float | None


class ConnectionClosed(Exception):
    """The connection is over: `code` and `reason` say why (1006 if TCP broke without a close)."""

    def __init__(self, code: int, reason: str = "") -> None:
        super().__init__(f"connection closed: {code} {reason}".rstrip())
        self.code = code
        self.reason = reason


class Connection:
    """One side of an open WebSocket: `recv()`, `send()`, `ping()`, `close()`."""

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        *,
        client: bool,
        max_message_size: int = 1 << 20,
        ping_interval: float | None = 20.0,
        ping_timeout: float | None = 20.0,
    ) -> None:
        raise NotImplementedError(
            "Milestone 2: set up one side of a WebSocket (a client masks its frames, a server "
            "does not) and start a task that reads frames for as long as the connection lives; "
            "with a ping_interval, start a task that pings that often too."
        )

    @property
    def closed(self) -> bool:
        raise NotImplementedError("Milestone 2: True once the connection is over (the reader has ended).")

    @property
    def close_code(self) -> int | None:
        raise NotImplementedError(
            "Milestone 2: None while open; then the code of the peer's close frame, or the code "
            "we sent when we failed the connection, or 1006 when TCP ended with no close frame."
        )

    @property
    def close_reason(self) -> str:
        raise NotImplementedError("Milestone 2: the reason text that came with close_code ('' while open).")

    async def recv(self) -> str | bytes:
        raise NotImplementedError(
            "Milestone 2: return the next whole message (str for text, bytes for binary); raise "
            "ConnectionClosed(code, reason), now and on every later call, once the connection is over."
        )

    async def send(self, message: str | bytes) -> None:
        raise NotImplementedError(
            "Milestone 2: send the message in one frame, TEXT for str and BINARY for bytes; raise "
            "ConnectionClosed once a close frame has been sent or the connection is over."
        )

    async def ping(self, data: bytes = b"") -> None:
        raise NotImplementedError(
            "Milestone 2: send a PING with this data and return when the PONG with the same data "
            "arrives (a pong also answers older pings); ValueError if a ping with this data is "
            "already waiting."
        )

    async def close(self, code: int = 1000, reason: str = "") -> None:
        raise NotImplementedError(
            "Milestone 2: run the closing handshake: send a close frame, wait (at most "
            "CLOSE_TIMEOUT) for the peer's close and the end of TCP, and leave no task running."
        )


async def read_head(reader: asyncio.StreamReader, parse: Callable[[bytes], _Head | None]) -> _Head:
    raise NotImplementedError(
        "Milestone 2: read an HTTP head from the stream line by line until `parse` (parse_request "
        "or parse_response) returns it, leaving the bytes after the blank line in the reader. A "
        "stream that ends first raises ConnectionError (nobody is left to answer), not HandshakeError."
    )
