"""A tiny WebSocket client on asyncio: connect, handshake, and a Connection until the block ends.

    async with connect("ws://localhost:8765/chat") as connection:
        await connection.send("hello")
        print(await connection.recv())

Only `ws://`: TLS (`wss://`) is the same protocol inside an `ssl` stream, and is left out so
that every byte on the wire stays readable in a packet capture while you learn.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Unpack
from urllib.parse import urlsplit

from miniws.connection import Connection, ConnectionOptions, read_head
from miniws.handshake import new_key, parse_response, request_bytes, validate_response

# A server that accepts TCP but never answers the upgrade must not hang the client.
OPEN_TIMEOUT = 10.0


@contextlib.asynccontextmanager
async def connect(uri: str, **options: Unpack[ConnectionOptions]) -> AsyncIterator[Connection]:
    """Open a WebSocket to `uri` (ws://host[:port]/path[?query]); close it (1000) on exit.

    Raises HandshakeError when the server refuses (its status is on the error), ValueError for
    a URI that is not ws://, OSError when TCP fails.
    """
    host, port, target = _split(uri)
    reader, writer = await asyncio.open_connection(host, port)
    try:
        key = new_key()
        writer.write(request_bytes(_host_header(host, port), target, key))
        async with asyncio.timeout(OPEN_TIMEOUT):
            status, headers = await read_head(reader, parse_response)
        validate_response(status, headers, key)
    except BaseException:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
        raise
    connection = Connection(reader, writer, client=True, **options)
    try:
        yield connection
    finally:
        await connection.close()


def _split(uri: str) -> tuple[str, int, str]:
    """(host, port, request target) of a ws:// URI."""
    parts = urlsplit(uri)
    if parts.scheme != "ws":
        raise ValueError(f"only ws:// URIs are supported, got {uri!r}")
    if parts.hostname is None:
        raise ValueError(f"no host in {uri!r}")
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return parts.hostname, parts.port or 80, target


def _host_header(host: str, port: int) -> str:
    """The Host header: the port only when it is not the default, IPv6 addresses bracketed."""
    name = f"[{host}]" if ":" in host else host
    return name if port == 80 else f"{name}:{port}"
