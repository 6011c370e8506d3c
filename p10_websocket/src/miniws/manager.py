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
    """Rooms of connections, with per-connection bounded queues (see the module docstring).

    `queue_size` messages may wait per connection; beyond that `overflow` drops the oldest
    ("drop_oldest", counted by `dropped()`) or closes the connection with `close_code`
    ("close"). `heartbeat` queues an app-level ping every so many seconds; `idle_timeout`
    closes (1001) a connection whose client sent nothing, pongs included, for that long; it
    needs the endpoint to read through `receive()`, which notes activity and absorbs pongs.
    """

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
        if queue_size < 1:
            raise ValueError(f"queue_size must be at least 1, got {queue_size}.")
        if overflow not in ("drop_oldest", "close"):
            raise ValueError(f'overflow must be "drop_oldest" or "close", got {overflow!r}.')
        for name, seconds in (("heartbeat", heartbeat), ("idle_timeout", idle_timeout)):
            if seconds is not None and seconds <= 0:
                raise ValueError(f"{name} must be a positive number of seconds, got {seconds}.")
        if heartbeat is not None and idle_timeout is not None and idle_timeout <= heartbeat:
            # A client answers a ping at the earliest one heartbeat after its last word.
            raise ValueError(f"idle_timeout ({idle_timeout}) must be longer than heartbeat ({heartbeat}).")
        self._backend = backend
        self._queue_size, self._overflow, self._close_code = queue_size, overflow, close_code
        self._heartbeat, self._idle_timeout = heartbeat, idle_timeout
        self._keeps_alive = heartbeat is not None or idle_timeout is not None
        self._outboxes: dict[WebSocketLike, Outbox] = {}
        self._rooms: dict[str, dict[Outbox, None]] = {}
        self._subscribed: set[str] = set()
        self._lock = asyncio.Lock()  # orders starts, stops and (un)subscribes
        self._active = False
        self._keeper: asyncio.Task[None] | None = None
        if backend is not None:
            backend.listen(self._deliver)

    # -- membership --------------------------------------------------------------------------

    async def connect(self, room: str, websocket: WebSocketLike, *, accept: bool = True) -> None:
        """Join `room`, accept the socket (unless `accept=False`: you accepted it yourself,
        with a subprotocol say) and start its sender. The connection ends with the task that
        called this (the endpoint's), or earlier by `disconnect()`."""
        if websocket in self._outboxes:
            raise RuntimeError("This websocket is already connected: use join() for another room.")
        outbox = Outbox(
            websocket, queue_size=self._queue_size, overflow=self._overflow, close_code=self._close_code
        )
        self._outboxes[websocket] = outbox
        try:
            # Join (and subscribe, with a backend) before accepting: once the client sees the
            # connection open, every message for its room reaches it, from any process.
            await self._sync_backend()
            await self.join(room, websocket)
            if accept:
                await websocket.accept()
        except BaseException:
            outbox.stop(None)
            raise
        finally:
            outbox.start(self._forget)  # a stopped sender starts only to clean up

    async def disconnect(self, websocket: WebSocketLike) -> None:
        """Leave every room and stop the sender; returns once all is released. Idempotent."""
        outbox = self._outboxes.get(websocket)
        if outbox is not None:
            outbox.stop(None)
            await outbox.finished.wait()

    async def join(self, room: str, websocket: WebSocketLike) -> None:
        """Add a connected socket to `room` too (a socket may be in several rooms)."""
        if room == EVERYONE:
            raise ValueError(f"The room name {EVERYONE!r} is reserved for broadcast_all().")
        outbox = self._outbox(websocket)
        if room not in outbox.rooms:
            outbox.rooms.add(room)
            self._rooms.setdefault(room, {})[outbox] = None
            await self._sync_room(room)

    async def leave(self, room: str, websocket: WebSocketLike) -> None:
        """Remove the socket from `room`; it stays connected (and in its other rooms)."""
        outbox = self._outboxes.get(websocket)
        if outbox is not None and room in outbox.rooms:
            self._leave(outbox, room)
            await self._sync_room(room)

    def members(self, room: str) -> list[WebSocketLike]:
        """This process's sockets in `room`, in the order they joined."""
        return [outbox.websocket for outbox in self._rooms.get(room, ())]

    def rooms(self) -> list[str]:
        """The rooms that have at least one member in this process."""
        return list(self._rooms)

    def dropped(self, websocket: WebSocketLike) -> int:
        """How many messages "drop_oldest" has thrown away for this socket: its lag, counted."""
        return self._outbox(websocket).dropped

    # -- messages ----------------------------------------------------------------------------

    async def receive(self, websocket: WebSocketLike) -> str | bytes:
        """The client's next message (`str` for text, `bytes` for binary), noting that it is
        alive and skipping its pongs. Raises `WebSocketDisconnect` when it leaves."""
        while True:
            message = await websocket.receive()
            outbox = self._outboxes.get(websocket)
            if message["type"] == "websocket.disconnect":
                if outbox is not None:
                    outbox.stop(None)
                raise WebSocketDisconnect(message.get("code", 1000), message.get("reason"))
            if outbox is not None:
                outbox.last_seen = time.monotonic()
            text = message.get("text")
            if text is None:
                return bytes(message["bytes"])
            if not is_pong(text):
                return str(text)

    async def send_personal(self, websocket: WebSocketLike, message: Payload) -> None:
        """Queue `message` for one socket, behind what is queued already (one writer per
        socket keeps frames whole and in order)."""
        self._outbox(websocket).put(to_frame(message))

    async def broadcast(self, room: str, message: Payload, *, exclude: WebSocketLike | None = None) -> None:
        """Queue `message` for every member of `room` but `exclude` (the sender, say), here and,
        through the backend, in the other processes. Never waits for any socket; it yields
        once, so that a producer's burst lets fast members' senders keep pace instead of
        overflowing their queues (only the slow ones fall behind)."""
        frame = to_frame(message)
        for outbox in self._rooms.get(room, ()):
            if outbox.websocket is not exclude:
                outbox.put(frame)
        if self._backend is not None and self._active:
            await self._backend.publish(room, frame)
        await asyncio.sleep(0)  # let the senders just woken run before the producer's next message

    async def broadcast_all(self, message: Payload) -> None:
        """Queue `message` once for every connection, whatever its rooms, in every process."""
        frame = to_frame(message)
        for outbox in self._outboxes.values():
            outbox.put(frame)
        if self._backend is not None and self._active:
            await self._backend.publish(EVERYONE, frame)
        await asyncio.sleep(0)

    def _deliver(self, room: str, frame: Frame) -> None:
        """The backend's hand-over of another process's message: queue it, never wait."""
        outboxes: Iterable[Outbox] = (
            self._outboxes.values() if room == EVERYONE else self._rooms.get(room, ())
        )
        for outbox in outboxes:
            outbox.put(frame)

    # -- bookkeeping -------------------------------------------------------------------------

    def _outbox(self, websocket: WebSocketLike) -> Outbox:
        try:
            return self._outboxes[websocket]
        except KeyError:
            raise ValueError("This websocket is not connected to the manager: connect() it first.") from None

    def _leave(self, outbox: Outbox, room: str) -> None:
        outbox.rooms.discard(room)
        members = self._rooms[room]
        del members[outbox]
        if not members:
            del self._rooms[room]

    async def _forget(self, outbox: Outbox) -> None:
        """Called by the sender as it ends: drop every trace of the connection."""
        del self._outboxes[outbox.websocket]
        rooms = tuple(outbox.rooms)
        for room in rooms:
            self._leave(outbox, room)
        for room in rooms:
            await self._sync_room(room)
        await self._sync_backend()

    async def _sync_room(self, room: str) -> None:
        """Subscribe the backend to a room that has local members, unsubscribe an empty one.
        Decided under the lock from the state *then*, so racing joins and leaves end right."""
        backend = self._backend
        if backend is None:
            return
        async with self._lock:
            wanted = self._active and room in self._rooms
            if wanted and room not in self._subscribed:
                await backend.subscribe(room)
                self._subscribed.add(room)
            elif not wanted and room in self._subscribed:
                self._subscribed.discard(room)
                await backend.unsubscribe(room)

    async def _sync_backend(self) -> None:
        """Start the backend and the heartbeat with the first connection; stop them with the
        last. Decided under the lock, so a connect racing the last disconnect ends running."""
        async with self._lock:
            wanted = bool(self._outboxes)
            if wanted == self._active:
                return
            if wanted:
                if self._backend is not None:
                    await self._backend.start()
                    try:
                        await self._backend.subscribe(EVERYONE)
                    except BaseException:
                        await self._backend.stop()  # all or nothing: the next connect retries
                        raise
                if self._keeps_alive:
                    beat = keep_alive(self._outboxes.values(), self._heartbeat, self._idle_timeout)
                    self._keeper = asyncio.create_task(beat, name="miniws-heartbeat")
                self._active = True
                return
            self._active = False
            if self._keeper is not None:
                self._keeper.cancel()
                await asyncio.wait([self._keeper])
                self._keeper = None
            if self._backend is not None:
                self._subscribed.clear()
                await self._backend.stop()
