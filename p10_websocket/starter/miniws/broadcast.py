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
        raise NotImplementedError(
            "Milestone 3: keep the hub you are given (or a new one), and remember that you have "
            "no deliver function, no room and are not started yet."
        )

    def listen(self, deliver: Deliver) -> None:
        raise NotImplementedError(
            "Milestone 3: remember `deliver`: it receives the other instances' messages."
        )

    async def start(self) -> None:
        raise NotImplementedError(
            "Milestone 3: become started; refuse with RuntimeError if listen() was never called."
        )

    async def stop(self) -> None:
        raise NotImplementedError(
            "Milestone 3: leave every room you subscribed to (an emptied room disappears from the "
            "hub) and stop; stopping twice is fine."
        )

    async def subscribe(self, room: str) -> None:
        raise NotImplementedError(
            "Milestone 3: once started, add this instance to the hub's subscribers of `room` (once)."
        )

    async def unsubscribe(self, room: str) -> None:
        raise NotImplementedError(
            "Milestone 3: take this instance out of `room` in the hub; a room not subscribed is ignored."
        )

    async def publish(self, room: str, message: str | bytes) -> None:
        raise NotImplementedError(
            "Milestone 3: call deliver(room, message) of every OTHER instance subscribed to `room`, "
            "now, in order; never your own (your manager delivered locally already)."
        )
