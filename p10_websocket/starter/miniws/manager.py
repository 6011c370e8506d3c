"""`ConnectionManager`: rooms of WebSocket connections, and broadcasts that never stall.

    manager = ConnectionManager()

    @app.websocket("/chat/{room}")
    async def chat(websocket: WebSocket, room: str):
        await manager.connect(room, websocket)
        while True:
            message = await websocket.receive_text()
            await manager.broadcast(room, message)

Each connection is an `Outbox` (a bounded queue and its own sender task): `broadcast` only
queues, so a slow client delays nobody but itself. A room is an insertion-ordered set of
outboxes, so members receive in a stable order and a broadcast is one loop with no await.

Cleaning up must not depend on the endpoint being tidy. The loop above never catches
`WebSocketDisconnect`: when the client leaves, the endpoint simply ends with it. So `connect`
ties the connection to the task that called it (the server's task for that socket): when
that task ends, however it ends, the connection leaves its rooms and its sender stops. A send
that fails, and the heartbeat finding a dead client, do the same; `disconnect()` is there for
endpoints that prefer to say it (`try: ... finally: await manager.disconnect(websocket)`).

With a `Broadcast` backend, rooms span processes: a broadcast is delivered to local members
at once and published for the other processes' managers. The manager starts the backend (and
the heartbeat) when its first connection arrives and stops them when its last one leaves, so
an idle manager holds no task and no connection open. A broadcast from a process whose last
member has just gone is delivered locally only: there is nobody left to relay for.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterable
from typing import Any

from miniasgi import WebSocketDisconnect

from miniws.broadcast import Broadcast
from miniws.heartbeat import is_pong, keep_alive
from miniws.outbox import Frame, Outbox, Overflow, WebSocketLike

Payload = str | bytes | dict[str, Any] | list[Any]
"""A message: `str` is a text frame, `bytes` a binary one, a dict or list goes as JSON text."""

EVERYONE = "*"
"""The backend room `broadcast_all` publishes to; reserved, so no connection can join it."""


def to_frame(message: Payload) -> Frame:
    """Encode once per broadcast, not once per member."""
    if isinstance(message, str | bytes):
        return message
    if isinstance(message, dict | list):
        return json.dumps(message, separators=(",", ":"), ensure_ascii=False)
    raise TypeError(f"A message is str, bytes, or a JSON dict or list, not {type(message).__name__}.")


class ConnectionManager:
    """Rooms of connections, with per-connection bounded queues (see the module docstring)."""

    def __init__(
        self,
        *,
        backend: Broadcast | None = None,
        queue_size: int = 64,
        overflow: Overflow = "drop_oldest",
        close_code: int = 1013,
        heartbeat: float | None = None,
        idle_timeout: float | None = None,
    ) -> None:
        raise NotImplementedError(
            "Milestone 3: keep the settings, an empty map of websocket to Outbox and of room to its "
            "members (insertion-ordered), and have the backend, if any, deliver other processes' "
            "messages to you (listen). Milestone 4: refuse settings that cannot work with ValueError "
            "(queue_size < 1, unknown overflow, a non-positive interval, idle_timeout not longer than "
            "heartbeat)."
        )

    async def connect(self, room: str, websocket: WebSocketLike, *, accept: bool = True) -> None:
        raise NotImplementedError(
            "Milestone 3: refuse a websocket already connected (RuntimeError); create its Outbox, "
            "start the backend with the first connection, join `room`, accept (unless accept=False) "
            "and start the sender, tied to the calling task so the connection ends with it."
        )

    async def disconnect(self, websocket: WebSocketLike) -> None:
        raise NotImplementedError(
            "Milestone 3: stop the socket's sender (no close frame) and wait until it has finished "
            "and the socket has left every room; a socket not connected is ignored."
        )

    async def join(self, room: str, websocket: WebSocketLike) -> None:
        raise NotImplementedError(
            "Milestone 3: add a connected socket to `room` (ValueError if it is not connected, or for "
            "the reserved room '*'); with a backend, subscribe to a room that just got its first "
            "local member."
        )

    async def leave(self, room: str, websocket: WebSocketLike) -> None:
        raise NotImplementedError(
            "Milestone 3: take the socket out of `room` (it stays connected); an emptied room "
            "disappears (and is unsubscribed from the backend)."
        )

    def members(self, room: str) -> list[WebSocketLike]:
        raise NotImplementedError(
            "Milestone 3: the sockets in `room`, in joining order; [] for a room nobody is in."
        )

    def rooms(self) -> list[str]:
        raise NotImplementedError("Milestone 3: the rooms that have at least one member.")

    def dropped(self, websocket: WebSocketLike) -> int:
        raise NotImplementedError(
            "Milestone 4: how many messages the socket's outbox dropped because it was full."
        )

    async def receive(self, websocket: WebSocketLike) -> str | bytes:
        raise NotImplementedError(
            "Milestone 4: the client's next message (str for text, bytes for binary), noting the time "
            "it was seen and skipping pongs; on a disconnect message stop its sender and raise "
            "WebSocketDisconnect."
        )

    async def send_personal(self, websocket: WebSocketLike, message: Payload) -> None:
        raise NotImplementedError(
            "Milestone 3: queue the message (encoded with to_frame) for this one socket."
        )

    async def broadcast(self, room: str, message: Payload, *, exclude: WebSocketLike | None = None) -> None:
        raise NotImplementedError(
            "Milestone 3: encode once, queue for every member of `room` but `exclude` without waiting "
            "for any socket, publish through the backend (if started), then yield once so the woken "
            "senders run."
        )

    async def broadcast_all(self, message: Payload) -> None:
        raise NotImplementedError(
            "Milestone 3: queue the message once for every connection, and publish it to the "
            "backend's reserved room EVERYONE."
        )
