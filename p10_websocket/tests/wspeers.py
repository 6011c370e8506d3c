"""Helpers for milestone 2's connection tests: run a test's coroutine and check that it leaks
no task and no socket, two Connections over a socket pair, our server on a free port, and a
raw peer that speaks bytes (so a test can break the protocol on purpose and see the answer)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from miniws.connection import Connection, ConnectionClosed
from miniws.frames import Frame, FrameReader, encode_frame
from miniws.handshake import new_key, parse_response, request_bytes, validate_response
from miniws.server import serve

T = TypeVar("T")
HOST = "127.0.0.1"
_FDS = Path("/proc/self/fd") if Path("/proc/self/fd").is_dir() else Path("/dev/fd")


def _open_files() -> int:
    return len(os.listdir(_FDS))


def run(main: Callable[[], Awaitable[T]]) -> T:
    """Run `main()` in a fresh event loop; fail if it leaves a task running or a socket open.

    A WebSocket has background work (the reader, the keepalive pinger) and a socket: once
    every `async with` has exited, all of it must be gone. If this fails, look at what
    close() waits for, and at what ends the tasks a Connection or the server started."""

    async def checked() -> T:
        tasks, files = asyncio.all_tasks(), _open_files()
        result = await main()
        left = asyncio.all_tasks() - tasks
        assert not left, f"expected no task left running, got {left}"
        assert _open_files() == files, (
            f"expected {files} open files (sockets) after the test, got {_open_files()}"
        )
        return result

    return asyncio.run(checked())


@contextlib.asynccontextmanager
async def connection_pair(**options: Any) -> AsyncIterator[tuple[Connection, Connection]]:
    """(client, server): two Connections joined by a socket pair, no handshake, closed on exit."""
    client_socket, server_socket = socket.socketpair()
    client = Connection(*await asyncio.open_connection(sock=client_socket), client=True, **options)
    server = Connection(*await asyncio.open_connection(sock=server_socket), client=False, **options)
    try:
        yield client, server
    finally:
        await asyncio.gather(client.close(), server.close())


class RawPeer:
    """The other end of a connection, driven frame by frame: it sends any frame, even one the
    protocol forbids, and reads back exactly what our side put on the wire."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, client: bool) -> None:
        self.reader, self.writer = reader, writer
        self._mask = b"\x37\xfa\x21\x3d" if client else None  # a client masks, a server does not
        self._frames = FrameReader(expect_mask=not client)
        self._ready: list[Frame] = []

    async def send(self, frame: Frame, *, masked: bool | None = None) -> None:
        """Send a frame, masked as this side should (or as `masked` says, to break the rule)."""
        mask = self._mask if masked is None else (b"\x37\xfa\x21\x3d" if masked else None)
        await self.send_bytes(encode_frame(frame, mask))

    async def send_bytes(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def next_frame(self) -> Frame:
        """The next frame the other side sent; EOFError once it has closed TCP."""
        while not self._ready:
            data = await self.reader.read(1 << 16)
            if not data:
                raise EOFError("the other side closed TCP")
            self._ready.extend(self._frames.feed(data))
        return self._ready.pop(0)

    async def rest(self) -> list[Frame]:
        """Every frame until the other side closes TCP."""
        frames = []
        with contextlib.suppress(EOFError):
            while True:
                frames.append(await self.next_frame())
        return frames

    async def aclose(self) -> None:
        self.writer.close()
        with contextlib.suppress(OSError):
            await self.writer.wait_closed()


@contextlib.asynccontextmanager
async def raw_pair(*, raw_is_client: bool, **options: Any) -> AsyncIterator[tuple[Connection, RawPeer]]:
    """(connection, raw peer) over a socket pair: a real Connection facing hand-made frames."""
    ours, theirs = socket.socketpair()
    connection = Connection(*await asyncio.open_connection(sock=ours), client=not raw_is_client, **options)
    raw = RawPeer(*await asyncio.open_connection(sock=theirs), client=raw_is_client)
    try:
        yield connection, raw
    finally:
        await raw.aclose()
        await connection.close()


@contextlib.asynccontextmanager
async def serving(
    handler: Callable[[Connection, str], Awaitable[None]], **options: Any
) -> AsyncIterator[str]:
    """Our server on a free loopback port for the block; yields its ws:// base URL."""
    async with serve(handler, HOST, 0, **options) as server:
        port = server.sockets[0].getsockname()[1]
        yield f"ws://{HOST}:{port}"


@contextlib.asynccontextmanager
async def raw_client(url: str, path: str = "/") -> AsyncIterator[RawPeer]:
    """A client that completes the opening handshake by hand, then speaks raw frames."""
    host_port = url.removeprefix("ws://")
    host, port = host_port.rsplit(":", 1)
    reader, writer = await asyncio.open_connection(host, int(port))
    raw = RawPeer(reader, writer, client=True)
    try:
        key = new_key()
        writer.write(request_bytes(host_port, path, key))
        head = parse_response(await reader.readuntil(b"\r\n\r\n"))
        assert head is not None
        validate_response(*head, key)
        yield raw
    finally:
        await raw.aclose()


async def echo(connection: Connection, path: str) -> None:
    """A handler that sends every message back until the client closes."""
    with contextlib.suppress(ConnectionClosed):
        while True:
            await connection.send(await connection.recv())


class Watch:
    """A handler that reads until the connection closes, and records what it got and how it
    ended; `ended` is set then, so a test can wait for it without sleeping."""

    def __init__(self) -> None:
        self.received: list[str | bytes] = []
        self.error: ConnectionClosed | None = None
        self.ended = asyncio.Event()

    async def __call__(self, connection: Connection, path: str) -> None:
        try:
            while True:
                self.received.append(await connection.recv())
        except ConnectionClosed as error:
            self.error = error
        finally:
            self.ended.set()
