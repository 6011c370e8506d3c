"""A tiny WebSocket client on asyncio: connect, handshake, and a Connection until the block ends.

Only `ws://`: TLS (`wss://`) is the same protocol inside an `ssl` stream.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Unpack
from urllib.parse import urlsplit

from miniws.connection import Connection, ConnectionOptions

# A server that accepts TCP but never answers the upgrade must not hang the client.
OPEN_TIMEOUT = 10.0


@contextlib.asynccontextmanager
async def connect(uri: str, **options: Unpack[ConnectionOptions]) -> AsyncIterator[Connection]:
    raise NotImplementedError(
        "Milestone 2: open TCP to the URI's host and port (_split gives them), send the upgrade "
        "request with a new key, check the server's 101 (HandshakeError otherwise), yield a "
        "client Connection and close it (1000) when the block ends."
    )
    yield  # unreachable: makes this an async generator, as the reference is


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
