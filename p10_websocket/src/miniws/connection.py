"""One side of an open WebSocket over asyncio streams: messages, pings and the closing handshake.

The codec (`frames.py`, `messages.py`) knows the rules; this module owns the socket and the
clock. A WebSocket is full-duplex: the peer may send a ping, a message or a close at any
moment, whether or not the application is waiting in `recv()`. So one background task reads
for the whole life of the connection: it answers pings at once, matches pongs to our pings,
queues whole messages for `recv()`, and runs the closing handshake when a close frame
arrives. Without it, a pong could only be seen while the application happens to be reading,
and keepalive would close every connection whose application is busy.

Writes need no lock: each frame is handed to the transport in a single `write()`, so frames
from `send()`, `ping()` and the reader's pongs never interleave on the wire.

When the application stops reading, at most MAX_QUEUE messages wait for it; then the reader
stops reading too, TCP's window fills, and the peer's `send()` blocks. That is backpressure:
a slow consumer slows the producer instead of growing memory. (Pongs queue behind the
unread data meanwhile, so an application that stops reading for longer than ping_timeout is
closed by keepalive, as with the `websockets` library.)
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Callable
from typing import TypedDict, TypeVar

from miniws.frames import (
    CloseCode,
    Frame,
    FrameReader,
    Opcode,
    ProtocolError,
    close_payload,
    encode_frame,
    parse_close,
)
from miniws.handshake import HandshakeError
from miniws.messages import MessageAssembler

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
    """One side of an open WebSocket: `recv()`, `send()`, `ping()`, `close()`.

    `close_code` is the code of the close frame the peer sent, as RFC 6455 7.1.5 defines it,
    with one addition: when this side fails the connection (the peer broke the protocol, sent
    too big a message, or stopped answering pings), it is the code we sent, so the application
    learns why. With no close frame at all, it is 1006.
    """

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
        self._reader = reader
        self._writer = writer
        self._client = client
        # Decided once per side: clients mask every frame with a fresh key, servers never mask.
        self._encode: Callable[[Frame], bytes] = (
            (lambda frame: encode_frame(frame, os.urandom(4))) if client else encode_frame
        )
        # No frame can be bigger than the largest message: refuse it from its header (1009).
        self._frames = FrameReader(expect_mask=not client, max_frame_size=max_message_size)
        self._assembler = MessageAssembler(max_message_size=max_message_size)
        # None, after the last message, tells recv() that no message can come any more.
        self._messages: asyncio.Queue[str | bytes | None] = asyncio.Queue()
        self._room = asyncio.Event()  # set while the queue has room (or backpressure is off)
        self._room.set()
        self._pings: dict[bytes, asyncio.Future[None]] = {}
        self._close_sent = False
        self._close_code: int | None = None
        self._close_reason = ""
        self._reading = asyncio.create_task(self._read_frames())
        self._keepalive = (
            asyncio.create_task(self._keep_alive(ping_interval, ping_timeout))
            if ping_interval is not None
            else None
        )

    @property
    def closed(self) -> bool:
        """True once the connection is over: no message will arrive and none can be sent."""
        return self._reading.done()

    @property
    def close_code(self) -> int | None:
        """Why the connection ended (see the class docstring); None while it is open."""
        return self._close_code if self._reading.done() else None

    @property
    def close_reason(self) -> str:
        """The reason text that came with `close_code` ("" while open or when none was given)."""
        return self._close_reason if self._reading.done() else ""

    async def recv(self) -> str | bytes:
        """The next whole message; raises ConnectionClosed once the peer has closed."""
        message = await self._messages.get()
        if message is None:
            self._messages.put_nowait(None)  # every later recv() must see the end as well
            raise self._closed_error()
        self._room.set()
        return message

    async def send(self, message: str | bytes) -> None:
        """Send one message in one frame: text for str, binary for bytes."""
        if self._close_sent or self._reading.done():
            raise self._closed_error()
        if isinstance(message, str):
            frame = Frame(Opcode.TEXT, message.encode("utf-8"))
        else:
            frame = Frame(Opcode.BINARY, message)
        await self._write(self._encode(frame))

    async def ping(self, data: bytes = b"") -> None:
        """Send a ping and return when its pong arrives (the reader does the matching).

        Pongs are matched by payload, so two pings with the same data in flight at once could
        not be told apart: the second raises ValueError (as does data over 125 bytes, a control
        frame's limit).
        """
        if data in self._pings:
            raise ValueError(f"a ping with data {data!r} is already waiting for its pong")
        if self._close_sent or self._reading.done():
            raise self._closed_error()
        waiter = asyncio.get_running_loop().create_future()
        self._pings[data] = waiter
        try:
            await self._write(self._encode(Frame(Opcode.PING, data)))
            await waiter
        finally:
            del self._pings[data]

    async def close(self, code: int = 1000, reason: str = "") -> None:
        """Run the closing handshake: send a close frame, wait for the peer's, end TCP.

        A peer that does not answer within CLOSE_TIMEOUT loses its TCP connection anyway. On a
        connection already closing or closed this only waits for the end.
        """
        if not self._close_sent and not self._reading.done():
            self._close_sent = True
            self._room.set()  # the peer's close may sit behind unread messages: read on
            with contextlib.suppress(ConnectionClosed):
                await self._write(self._encode(Frame(Opcode.CLOSE, close_payload(code, reason))))
        try:
            async with asyncio.timeout(CLOSE_TIMEOUT):
                await asyncio.shield(self._reading)
        except TimeoutError:
            self._writer.transport.abort()
            await self._reading
        if self._keepalive is not None:
            await asyncio.wait([self._keepalive])

    def _closed_error(self) -> ConnectionClosed:
        code = self._close_code if self._close_code is not None else int(CloseCode.ABNORMAL)
        return ConnectionClosed(code, self._close_reason)

    async def _write(self, data: bytes) -> None:
        try:
            self._writer.write(data)
            await self._writer.drain()
        except OSError as error:  # reset, broken pipe: the reader sees the same and ends
            raise self._closed_error() from error

    def _fail(self, code: int, reason: str) -> None:
        """Fail the connection (RFC 6455 7.1.7): send a close frame if we can, then drop TCP.

        No waiting for the peer's answer: it broke the rules or stopped responding. If the
        close frame cannot even leave our buffer (the peer stopped reading), abort at once.
        """
        if self._close_code is None:
            self._close_code, self._close_reason = int(code), reason
        if not self._close_sent:
            self._close_sent = True
            self._writer.write(self._encode(Frame(Opcode.CLOSE, close_payload(code, reason))))
        self._room.set()
        if self._writer.transport.get_write_buffer_size():
            self._writer.transport.abort()
        else:
            self._writer.close()

    async def _read_frames(self) -> None:
        """The reader task: runs until the connection is over, then cleans everything up."""
        try:
            if await self._dispatch_until_close():
                await self._finish_closing_handshake()
        except ProtocolError as error:
            self._fail(error.code, error.reason)
        except (OSError, ConnectionClosed):
            pass  # the TCP connection broke: 1006, set below
        finally:
            if self._close_code is None:
                self._close_code = int(CloseCode.ABNORMAL)
            await self._drop_tcp()
            closed = self._closed_error()
            for waiter in self._pings.values():
                if not waiter.done():
                    waiter.set_exception(closed)
            self._messages.put_nowait(None)
            if self._keepalive is not None:
                self._keepalive.cancel()

    async def _dispatch_until_close(self) -> bool:
        """Handle frames until a close frame (True) or the end of the stream (False)."""
        while data := await self._reader.read(READ_SIZE):
            for frame in self._frames.feed(data):
                opcode = frame.opcode
                if not opcode.is_control:
                    message = self._assembler.add(frame)
                    if message is not None:
                        self._messages.put_nowait(message)
                        if self._messages.qsize() >= MAX_QUEUE and not self._close_sent:
                            self._room.clear()
                            await self._room.wait()
                elif opcode is Opcode.PING:
                    if not self._close_sent:
                        await self._write(self._encode(Frame(Opcode.PONG, frame.payload)))
                elif opcode is Opcode.PONG:
                    self._answer_pings(frame.payload)
                else:
                    self._close_received(frame.payload)
                    return True
        return False

    def _answer_pings(self, payload: bytes) -> None:
        """A pong answers the ping with its payload and, as a peer may answer only the latest
        of several pings (RFC 6455 5.5.3), every ping sent before it. Unsolicited pongs are
        allowed (a unidirectional heartbeat) and ignored."""
        if payload not in self._pings:
            return
        for data, waiter in self._pings.items():
            if not waiter.done():
                waiter.set_result(None)
            if data == payload:
                return

    def _close_received(self, payload: bytes) -> None:
        """Record the peer's close and, if we did not start the handshake, echo it back."""
        code, reason = parse_close(payload)
        if self._close_code is None:  # after we failed the connection, our code stays
            self._close_code, self._close_reason = code, reason
        if not self._close_sent:
            self._close_sent = True
            self._writer.write(self._encode(Frame(Opcode.CLOSE, payload)))

    async def _finish_closing_handshake(self) -> None:
        """Both close frames have crossed. RFC 6455 7.1.1: the server closes TCP first (so the
        TIME_WAIT state lands on it); the client waits for that, bounded, then closes too."""
        if self._client:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(CLOSE_TIMEOUT):
                    while await self._reader.read(READ_SIZE):
                        pass  # anything after the close frame is ignored

    async def _drop_tcp(self) -> None:
        self._writer.close()
        try:
            async with asyncio.timeout(CLOSE_TIMEOUT):
                await self._writer.wait_closed()
        except TimeoutError:
            self._writer.transport.abort()
        except OSError:
            pass  # wait_closed re-raises the error that broke the connection: already handled

    async def _keep_alive(self, interval: float, timeout: float | None) -> None:
        """Ping every `interval` seconds; no pong within `timeout` fails the connection (1011).

        A half-open TCP connection (a peer that vanished without a FIN: a laptop closed, a NAT
        entry expired) shows no error until something is sent; the ping is that something, and
        the missing pong is how we notice a peer that is gone.
        """
        while True:
            await asyncio.sleep(interval)
            try:
                async with asyncio.timeout(timeout):
                    await self.ping(os.urandom(4))
            except TimeoutError:
                self._fail(CloseCode.INTERNAL_ERROR, "keepalive ping timeout")
                return
            except ConnectionClosed:
                return


async def read_head(reader: asyncio.StreamReader, parse: Callable[[bytes], _Head | None]) -> _Head:
    """Read an HTTP/1.1 head (a request or a response) line by line and parse it.

    Line by line, so that whatever follows the blank line (the first frames) stays in the
    reader for the Connection. `parse` (`parse_request` or `parse_response`) refuses a head
    over 8 KiB; a single line over the reader's own limit is refused the same way.
    """
    data = b""
    while (head := parse(data)) is None:
        try:
            line = await reader.readline()
        except ValueError as error:  # the stream's limit (64 KiB) on one line
            raise HandshakeError(431, "an HTTP head line is too long") from error
        if not line.endswith(b"\n"):
            raise ConnectionError("the connection ended in the middle of the HTTP head")
        data += line
    return head
