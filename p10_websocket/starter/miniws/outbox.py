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
        raise NotImplementedError(
            "Milestone 3: keep the websocket, an empty set of `rooms`, `last_seen` (time.monotonic() "
            "now), `dropped = 0`, a `finished` asyncio.Event and an empty queue. Milestone 4 adds "
            "the bound (queue_size) and what to do when it is reached (overflow, close_code)."
        )

    def put(self, frame: Frame) -> None:
        raise NotImplementedError(
            "Milestone 3: queue the frame and wake the sender, without ever waiting. Milestone 4: "
            "when the queue is full, drop the oldest frame and count it in `dropped`, or, with "
            "overflow='close', stop with the close code instead of queueing."
        )

    def stop(self, close_code: int | None) -> None:
        raise NotImplementedError(
            "Milestone 3: ask the sender to end now, even in the middle of a send that never "
            "completes, and then close the socket with `close_code` (None: send no close). "
            "Never waits; calling it again does nothing."
        )

    def start(self, on_finish: Callable[[Outbox], Awaitable[None]]) -> None:
        raise NotImplementedError(
            "Milestone 3: start the sender task: it sends the queued frames in order (str as text, "
            "bytes as binary) until stopped or a send fails; then it awaits on_finish(self), closes "
            "the socket if a close code was asked for, and sets `finished`. The calling task's end "
            "(the server's task for this socket) stops it too."
        )
