"""`RedisBroadcast`: rooms that span processes, carried by Redis pub/sub.

The same contract as `MemoryBroadcast` (read miniws/broadcast.py first), over Redis: a pool
of connections to PUBLISH on `channel_prefix + room`, ONE pub/sub connection per process
subscribed to the rooms that have local members, and ONE reader task that hands every
message to `deliver`, in the order Redis sends them. Redis carries bytes only, so each
payload needs a small header saying whether it was text or bytes, and which instance sent
it (Redis delivers a message to its publisher too; the contract says: no echo).
"""

from __future__ import annotations

import logging

from miniws.broadcast import Deliver

logger = logging.getLogger("miniws.redis")


class BroadcastUnavailable(ConnectionError):
    """Redis did not take a publish or a subscribe within the timeout (down, or not answering)."""


class RedisBroadcast:
    """The `Broadcast` contract over Redis pub/sub; one instance per process."""

    def __init__(self, url: str, *, channel_prefix: str = "miniws:", timeout: float = 2.0) -> None:
        raise NotImplementedError(
            "Remember the Redis URL, the channel prefix and the timeout (refuse a timeout <= 0 with "
            "a ValueError); connect nothing yet: start() does."
        )

    def listen(self, deliver: Deliver) -> None:
        raise NotImplementedError("Remember the one function that receives other instances' messages.")

    async def start(self) -> None:
        raise NotImplementedError(
            "Open a Redis client and its pub/sub connection (a Redis that is down raises "
            "BroadcastUnavailable here), and start the one task that reads that connection."
        )

    async def stop(self) -> None:
        raise NotImplementedError(
            "Stop the reader task and close the pub/sub connection and the client, so nothing is "
            "left open; stopping twice, or before start(), does nothing."
        )

    async def subscribe(self, room: str) -> None:
        raise NotImplementedError(
            "Subscribe the pub/sub connection to prefix + room, and return only once Redis has "
            "confirmed it (the reader sees a 'subscribe' message for that channel)."
        )

    async def unsubscribe(self, room: str) -> None:
        raise NotImplementedError(
            "Forget the room at once (deliver nothing more for it) and unsubscribe its channel; "
            "never raise, even when Redis is gone."
        )

    async def publish(self, room: str, message: str | bytes) -> None:
        raise NotImplementedError(
            "PUBLISH the message on prefix + room, with a header saying text or bytes and which "
            "instance sent it; a Redis error becomes BroadcastUnavailable."
        )
