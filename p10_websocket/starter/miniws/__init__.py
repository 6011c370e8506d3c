"""miniws: WebSockets from the inside, then rooms and broadcast on ASGI.

Two halves, in the order the lesson builds them:

- the protocol, sans-IO (`handshake`, `frames`, `messages`: bytes in, bytes out), and a small
  asyncio server and client on it (`Connection`, `serve`, `connect`) that talk to the
  `websockets` library both ways;
- on ASGI, where the server (uvicorn) already speaks the protocol: `ConnectionManager`, rooms
  whose broadcast never waits on one slow client (an `Outbox` per connection), heartbeats,
  authentication before accepting, and a `Broadcast` backend (in memory, or Redis pub/sub) so
  that clients of several server processes share rooms.
"""

from miniws.auth import authenticate, token_from
from miniws.broadcast import Broadcast, MemoryBroadcast, MemoryHub
from miniws.client import connect
from miniws.connection import Connection, ConnectionClosed, ConnectionOptions
from miniws.frames import (
    CloseCode,
    Frame,
    FrameReader,
    Opcode,
    ProtocolError,
    apply_mask,
    close_payload,
    encode_frame,
    parse_close,
)
from miniws.handshake import (
    GUID,
    HandshakeError,
    accept_key,
    new_key,
    parse_request,
    parse_response,
    refusal_bytes,
    request_bytes,
    response_bytes,
    response_headers,
    validate_request,
    validate_response,
)
from miniws.manager import ConnectionManager
from miniws.messages import MessageAssembler, fragments
from miniws.outbox import Outbox
from miniws.redis_broadcast import BroadcastUnavailable, RedisBroadcast
from miniws.server import serve

__all__ = [
    "GUID",
    "Broadcast",
    "BroadcastUnavailable",
    "CloseCode",
    "Connection",
    "ConnectionClosed",
    "ConnectionManager",
    "ConnectionOptions",
    "Frame",
    "FrameReader",
    "HandshakeError",
    "MemoryBroadcast",
    "MemoryHub",
    "MessageAssembler",
    "Opcode",
    "Outbox",
    "ProtocolError",
    "RedisBroadcast",
    "accept_key",
    "apply_mask",
    "authenticate",
    "close_payload",
    "connect",
    "encode_frame",
    "fragments",
    "new_key",
    "parse_close",
    "parse_request",
    "parse_response",
    "refusal_bytes",
    "request_bytes",
    "response_bytes",
    "response_headers",
    "serve",
    "token_from",
    "validate_request",
    "validate_response",
]
