"""`Outbox`: one socket's bounded outbox and the one task that writes to it.

A broadcast must never wait for a socket. If it did, one phone on a bad network (its TCP
window full, every `send` pending) would hold up the whole room, and the chat would stall for
everyone. So each connection gets a queue and a *sender task* of its own: a broadcast only
appends to queues, which never waits; each sender drains its own queue at its own client's
speed. The sender is also the only writer of its socket, so frames never interleave.

A queue that keeps growing is a memory leak with extra steps, so the queue is bounded and a
policy decides what happens when a client falls that far behind:

- `"drop_oldest"`: forget the oldest queued message (chat, live prices: the newest state
  matters most) and count the drop, so a dashboard can see who is lagging.
- `"close"`: close that connection with `close_code` (1013 "try again later" by default; 1008
  "policy violation" if falling behind breaks your rules): the client reconnects and
  resynchronises, instead of silently missing messages.

The sender stops for three reasons: the client left (its endpoint ended), the manager asked
(`stop()`: overflow, idle timeout, `disconnect()`), or a send failed. It may be stuck in a
`send` that will never complete, so stopping uses a deadline the sender runs under and that
`stop()` moves to "now": asyncio then cancels the stuck `send`, and the deadline turns that
cancellation into a `TimeoutError` that ends the loop, and nothing else.
"""

from __future__ import annotations

import asyncio
import enum
import time
from collections import deque
from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import Any, Literal, Protocol

from miniasgi.types import Message

Frame = str | bytes
"""What travels through an outbox: text frames as `str`, binary frames as `bytes`."""

Overflow = Literal["drop_oldest", "close"]

CLOSE_TIMEOUT = 5.0
"""Seconds a close frame may take to leave: a client that stopped reading may never take it."""


class WebSocketLike(Protocol):
    """What the manager needs from a socket: miniasgi's `WebSocket` and Starlette's both fit."""

    @property
    def client_state(self) -> enum.Enum: ...

    async def accept(self) -> None: ...

    async def receive(self) -> Message: ...

    async def send_text(self, data: str) -> None: ...

    async def send_bytes(self, data: bytes) -> None: ...

    async def close(self, code: int = 1000, reason: str | None = None) -> None: ...


class Outbox:
    """One managed socket: its outbox, its sender task, and the manager's notes about it
    (`rooms` it is in, when the client was `last_seen`, how many messages were `dropped`)."""

    def __init__(
        self, websocket: WebSocketLike, *, queue_size: int, overflow: Overflow, close_code: int
    ) -> None:
        self.websocket = websocket
        self.rooms: set[str] = set()
        self.last_seen = time.monotonic()
        self.dropped = 0
        self.finished = asyncio.Event()
        self._queue: deque[Frame] = deque()
        self._size = queue_size
        self._drop_oldest = overflow == "drop_oldest"
        self._overflow_code = close_code
        self._ready = asyncio.Event()
        self._deadline: asyncio.Timeout | None = None
        self._stopping = False
        self._close_code: int | None = None
        self._task: asyncio.Task[None] | None = None  # held: the loop keeps only weak references
        self._owner: asyncio.Task[Any] | None = None

    def put(self, frame: Frame) -> None:
        """Queue `frame` for the sender; never waits. A full queue applies the overflow policy."""
        if self._stopping:
            return
        queue = self._queue
        if len(queue) >= self._size:
            if not self._drop_oldest:
                self.stop(self._overflow_code)
                return
            queue.popleft()
            self.dropped += 1
        queue.append(frame)
        self._ready.set()

    def stop(self, close_code: int | None) -> None:
        """Ask the sender to end now, then close the socket with `close_code` (None: the client
        is already gone, send nothing). Never waits; `finished` is set once all is done."""
        if self._stopping:
            return
        self._stopping = True
        self._close_code = close_code
        if self._deadline is not None:
            self._deadline.reschedule(0)  # a moment in the past: cancel the sender's await now

    def start(self, on_finish: Callable[[Outbox], Awaitable[None]]) -> None:
        """Start the sender task. The connection lives no longer than the task calling this
        (the server's task for the socket): however that task ends, the sender stops. Once
        stopped, the sender awaits `on_finish(self)` (the manager forgets the connection)."""
        self._task = asyncio.create_task(self._run(on_finish), name="miniws-sender")
        owner = asyncio.current_task()
        if owner is not None:
            owner.add_done_callback(self._owner_done)
            self._owner = owner

    def _owner_done(self, owner: asyncio.Task[Any]) -> None:
        self.stop(None)

    async def _run(self, on_finish: Callable[[Outbox], Awaitable[None]]) -> None:
        try:
            try:
                async with asyncio.timeout(None) as self._deadline:
                    if not self._stopping:
                        await self._send_queued()
            except TimeoutError:
                pass  # stop() moved the deadline to now
            except Exception:
                self._close_code = None  # a send failed: the peer is gone, nobody to close for
            self._deadline = None
            self._stopping = True
            self._queue.clear()
            if self._owner is not None:
                self._owner.remove_done_callback(self._owner_done)
            await on_finish(self)
            if self._close_code is not None:
                with suppress(Exception):  # already closed, or a peer that takes nothing
                    async with asyncio.timeout(CLOSE_TIMEOUT):
                        await self.websocket.close(self._close_code)
        finally:
            self.finished.set()

    async def _send_queued(self) -> None:
        queue, ready = self._queue, self._ready
        send_text, send_bytes = self.websocket.send_text, self.websocket.send_bytes
        while True:
            if not queue:
                ready.clear()
                await ready.wait()
            frame = queue.popleft()
            if isinstance(frame, str):
                await send_text(frame)
            else:
                await send_bytes(frame)
