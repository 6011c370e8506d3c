"""A tiny WebSocket server on asyncio: the handshake, then one handler call per connection.

This is what uvicorn does for an ASGI app, without ASGI: accept TCP, read the HTTP head,
answer 101 (or refuse with an HTTP error and hang up), then hand a Connection to the handler
for as long as the handler runs. The handler's return is the end of the conversation: the
server closes with 1000, or with 1011 if the handler raised, so a crashing handler still
tells its client that the server failed, instead of leaving it to find a dead socket.

Leaving `serve()` stops accepting, then cancels the handlers still running; each of them
closes its connection with 1001 (going away) before the context exits, so no task and no
socket outlives the server. (Python 3.12's `Server.wait_closed()` waits for the connections;
3.11's does not, hence the explicit bookkeeping of the handler tasks.)
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Unpack

from miniws.connection import Connection, ConnectionOptions, read_head
from miniws.frames import CloseCode
from miniws.handshake import (
    HandshakeError,
    parse_request,
    refusal_bytes,
    response_bytes,
    response_headers,
    validate_request,
)

# A client that connects and never completes its request must not hold a task forever.
HANDSHAKE_TIMEOUT = 10.0

Handler = Callable[[Connection, str], Awaitable[None]]

logger = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def serve(
    handler: Handler, host: str, port: int, **options: Unpack[ConnectionOptions]
) -> AsyncIterator[asyncio.Server]:
    """Serve WebSockets on host:port (port 0: any free port, read it from `server.sockets`),
    calling `handler(connection, path)` for each; `options` configure every Connection."""
    running: set[asyncio.Task[object]] = set()

    async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        running.add(task)
        try:
            await _serve_one(handler, options, reader, writer)
        finally:
            running.discard(task)

    server = await asyncio.start_server(accept, host, port)
    try:
        yield server
    finally:
        server.close()
        for task in running:
            task.cancel()
        if running:
            await asyncio.wait(running)
        await server.wait_closed()


async def _serve_one(
    handler: Handler, options: ConnectionOptions, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    """One TCP connection: the opening handshake, the handler, the closing handshake."""
    try:
        async with asyncio.timeout(HANDSHAKE_TIMEOUT):
            method, path, headers = await read_head(reader, parse_request)
        key = validate_request(method, headers)
    except HandshakeError as error:
        writer.write(refusal_bytes(error))
        await _hang_up(writer)
        return
    except OSError:  # a timeout, a reset, EOF in the middle of the head: nobody to answer
        await _hang_up(writer)
        return
    except asyncio.CancelledError:  # the server is closing
        await _hang_up(writer)
        raise
    writer.write(response_bytes(response_headers(key)))
    connection = Connection(reader, writer, client=False, **options)
    code, reason = CloseCode.GOING_AWAY, "server shutting down"  # unless the handler ends first
    try:
        await handler(connection, path)
        code, reason = CloseCode.NORMAL, ""
    except Exception:
        logger.exception("WebSocket handler for %s failed", path)
        code, reason = CloseCode.INTERNAL_ERROR, "internal error"
    finally:
        await connection.close(code, reason)


async def _hang_up(writer: asyncio.StreamWriter) -> None:
    """Close TCP after a refused or abandoned handshake (the refusal, if any, is flushed first)."""
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
