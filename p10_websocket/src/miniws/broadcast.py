"""`Broadcast`: how a room spans several server processes, and its in-process twin.

One uvicorn process only knows its own sockets. When gunicorn runs four workers, the members
of room "lobby" are spread over four processes, and a message typed in one must reach the
other three. The `ConnectionManager` therefore delivers a broadcast to its *own* members at
once, and hands it to a `Broadcast` backend whose only job is to carry it to the *other*
processes' managers. This is the Socket.IO "adapter" design: local delivery never waits on the
network, and the backend (Redis pub/sub in production, `MemoryBroadcast` in tests) is small.

The contract every backend keeps (`MemoryBroadcast` below and the Redis one pass the same tests):

- Lifecycle: `listen(deliver)` once, then `start()`; `subscribe`, `unsubscribe` and `publish`
  are valid only between `start()` and `stop()`. `stop()` drops every subscription and
  releases every connection and task the backend opened; a stopped backend may be started
  again. The manager starts its backend when its first member joins and stops it when its last
  member leaves, so an idle manager holds nothing open and nothing can leak.
- No echo: `deliver` receives the messages that *other* backend instances published to the
  rooms this instance subscribes to, never this instance's own (the manager delivered those
  locally already; an echo would reach every local member twice).
- Order: `deliver` is a plain function, called once per message in the order the messages
  arrive, and it must neither block nor raise (the manager's only enqueues). With no await
  between arrival and hand-over, nothing can reorder messages: every receiver sees each
  sender's messages in the order they were published. Messages from different processes may
  interleave differently at different receivers; a room has no global order across workers.
- Payloads: `str` is delivered as `str` (a text frame), `bytes` as `bytes` (a binary frame).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

Deliver = Callable[[str, str | bytes], None]
"""The manager's receiving end: `deliver(room, message)`, synchronous, called in arrival order."""


class Broadcast(Protocol):
    """Carries room messages between server processes (see the module docstring's contract)."""

    def listen(self, deliver: Deliver) -> None:
        """Set the one function that receives other instances' messages; call before start()."""

    async def start(self) -> None:
        """Open what the backend needs (a connection, a reader task); raises if not listening."""

    async def stop(self) -> None:
        """Drop every subscription and close everything start() opened; idempotent."""

    async def subscribe(self, room: str) -> None:
        """From now on, deliver the messages other instances publish to `room`."""

    async def unsubscribe(self, room: str) -> None:
        """Stop delivering `room`'s messages; a room not subscribed is ignored."""

    async def publish(self, room: str, message: str | bytes) -> None:
        """Send `message` to every other instance subscribed to `room`."""


class MemoryHub:
    """The "server" several `MemoryBroadcast` instances share: what Redis is to Redis clients.

    Tests give two managers one hub to play two worker processes inside one event loop.
    """

    def __init__(self) -> None:
        self.subscribers: dict[str, list[MemoryBroadcast]] = {}


class MemoryBroadcast:
    """In-process `Broadcast`: `publish` calls the other subscribers' `deliver` synchronously,
    in publish order, before it returns. No task, no socket: nothing to leak."""

    def __init__(self, hub: MemoryHub | None = None) -> None:
        self.hub = hub if hub is not None else MemoryHub()
        self._deliver: Deliver | None = None
        self._rooms: set[str] = set()
        self._started = False

    def listen(self, deliver: Deliver) -> None:
        self._deliver = deliver

    async def start(self) -> None:
        if self._deliver is None:
            raise RuntimeError("Call listen(deliver) before start(): nobody would receive messages.")
        self._started = True

    async def stop(self) -> None:
        for room in list(self._rooms):
            self._drop(room)
        self._started = False

    async def subscribe(self, room: str) -> None:
        self._check_started()
        if room not in self._rooms:
            self._rooms.add(room)
            self.hub.subscribers.setdefault(room, []).append(self)

    async def unsubscribe(self, room: str) -> None:
        self._check_started()
        if room in self._rooms:
            self._drop(room)

    async def publish(self, room: str, message: str | bytes) -> None:
        self._check_started()
        # A copy: a `deliver` that makes its manager leave the room must not skip a neighbour.
        for peer in tuple(self.hub.subscribers.get(room, ())):
            if peer is not self and peer._deliver is not None:
                peer._deliver(room, message)

    def _drop(self, room: str) -> None:
        self._rooms.discard(room)
        peers = self.hub.subscribers[room]
        peers.remove(self)
        if not peers:
            del self.hub.subscribers[room]

    def _check_started(self) -> None:
        if not self._started:
            raise RuntimeError("This Broadcast is not started: call start() first (the manager does).")
