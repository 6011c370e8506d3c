"""A tiny WebSocket server on asyncio: the handshake, then one handler call per connection."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Unpack

from miniws.connection import Connection, ConnectionOptions

# A client that connects and never completes its request must not hold a task forever.
HANDSHAKE_TIMEOUT = 10.0

Handler = Callable[[Connection, str], Awaitable[None]]

logger = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def serve(
    handler: Handler, host: str, port: int, **options: Unpack[ConnectionOptions]
) -> AsyncIterator[asyncio.Server]:
    raise NotImplementedError(
        "Milestone 2: listen on host:port; for each client read the HTTP request, answer 101 "
        "(or an HTTP error, then hang up), run handler(connection, path) and close with 1000 "
        "when it returns or 1011 when it raises; on leaving, cancel the handlers still running and "
        "wait for them: each closes its connection with 1001 (going away)."
    )
    yield  # unreachable: makes this an async generator, as the reference is
