"""`RedisBroadcast`: rooms that span processes, carried by Redis pub/sub.

Every process runs one `RedisBroadcast` (its manager's backend), which holds two kinds of
connection to Redis: a small pool for `PUBLISH`, and ONE pub/sub connection subscribed to
`channel_prefix + room` for each room that has members in this process. A connection in
subscribed mode can do nothing but (un)subscribe and receive, which is why publishing needs
the pool. One reader task reads that connection and hands each message to the manager's
`deliver`, synchronously: Redis sends a subscriber the messages of a channel in the order it
executed the `PUBLISH` commands, so one reader that never awaits between reading and handing
over keeps every sender's order.

The wire format. Redis carries bytes, and a chat must tell a text message from a binary one
(they become different WebSocket frames), so every payload starts with a 9-byte header: one
type byte (`t` text, `b` bytes) and this instance's 8-byte origin id. One channel per room,
not two, so a room's text and bytes stay in one ordered stream. The origin id keeps the
contract's "no echo": Redis delivers a message to every subscriber, the publisher's own
pub/sub connection included, and the reader drops what its own instance published (the
manager delivered that locally already). The headers are built once per instance.

When Redis goes away, this backend does the honest minimum, and says so:
- `publish` and `subscribe` raise `BroadcastUnavailable` within `timeout` seconds (one
  immediate retry, for a pooled connection that died with a Redis restart; no back-off).
  Local members are unaffected: the manager has delivered to them already.
- The reader does not die: it waits (50 ms, doubling to 2 s) and reconnects, and redis-py
  re-subscribes the connection to every room it had. Pub/sub is at-most-once: messages
  published while the connection was down are lost, not replayed. A chat can live with a gap;
  an application that cannot needs Redis Streams (`XADD`/`XREAD`), not pub/sub.
- `unsubscribe` never raises: the room is forgotten locally at once, so nothing more is
  delivered for it, whatever Redis says.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from miniws.broadcast import Deliver

logger = logging.getLogger("miniws.redis")

_TEXT, _BYTES = b"t", b"b"
_HEADER = 1 + 8  # type byte + origin id
_RETRY_FIRST, _RETRY_MAX = 0.05, 2.0


class BroadcastUnavailable(ConnectionError):
    """Redis did not take a publish or a subscribe within the timeout (down, or not answering)."""


class RedisBroadcast:
    """The `Broadcast` contract over Redis pub/sub; one instance per process (see the module
    docstring for the wire format and what happens when Redis goes away).

    Nothing connects in `__init__`: `start()` opens the pub/sub connection and the reader,
    `stop()` closes both and the publish pool, so a stopped backend holds no socket or task.
    """

    def __init__(self, url: str, *, channel_prefix: str = "miniws:", timeout: float = 2.0) -> None:
        if timeout <= 0:
            raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}.")
        self.url = url
        self.channel_prefix = channel_prefix
        self._prefix = channel_prefix.encode()
        self._timeout = timeout
        origin = secrets.token_bytes(_HEADER - 1)
        self._origin = origin
        self._text_header, self._bytes_header = _TEXT + origin, _BYTES + origin
        self._deliver: Deliver | None = None
        self._client: Redis | None = None
        self._pubsub: PubSub | None = None
        self._reader: asyncio.Task[None] | None = None
        self._rooms: dict[bytes, str] = {}  # channel -> room, for the rooms subscribed
        self._acks: dict[bytes, asyncio.Future[None]] = {}  # SUBSCRIBEs Redis has not confirmed

    def listen(self, deliver: Deliver) -> None:
        self._deliver = deliver

    async def start(self) -> None:
        """Connect the pub/sub connection now, so a Redis that is down fails here, loudly,
        instead of in the reader, silently."""
        if self._deliver is None:
            raise RuntimeError("Call listen(deliver) before start(): nobody would receive messages.")
        if self._reader is not None:
            return
        client = Redis.from_url(
            self.url,
            socket_timeout=self._timeout,
            socket_connect_timeout=self._timeout,
            retry=Retry(NoBackoff(), retries=1),
        )
        pubsub = client.pubsub()
        try:
            await pubsub.connect()  # type: ignore[no-untyped-call]  # redis-py: PubSub is unannotated
        except (RedisError, OSError) as error:
            await pubsub.aclose()  # type: ignore[no-untyped-call]
            await client.aclose()
            raise BroadcastUnavailable(f"cannot reach Redis at {self.url}: {error}") from error
        self._client, self._pubsub = client, pubsub
        self._reader = asyncio.create_task(self._read(pubsub, self._deliver), name="miniws-redis-reader")

    async def stop(self) -> None:
        reader, pubsub, client = self._reader, self._pubsub, self._client
        self._reader = self._pubsub = self._client = None
        self._rooms.clear()
        if reader is not None:
            reader.cancel()
            await asyncio.wait([reader])  # not `await reader`: that would re-raise the cancellation
        if pubsub is not None:
            await pubsub.aclose()  # type: ignore[no-untyped-call]
        if client is not None:
            await client.aclose()

    async def subscribe(self, room: str) -> None:
        """Return once Redis has CONFIRMED the subscription, not when the command was sent: a
        message another process publishes after this returns must reach us, and Redis only
        routes it to this connection once it has executed our SUBSCRIBE."""
        _, pubsub = self._connections()
        channel = self._prefix + room.encode()
        pending = self._acks.get(channel)
        if pending is not None:  # the same room, subscribing concurrently: share the wait
            await asyncio.wait([pending])
            if channel not in self._rooms:
                raise BroadcastUnavailable(f"Redis at {self.url} did not subscribe to {room!r}")
            return
        if channel in self._rooms:
            return
        ack = asyncio.get_running_loop().create_future()
        self._acks[channel] = ack
        self._rooms[channel] = room
        try:
            async with asyncio.timeout(self._timeout):
                await pubsub.subscribe(channel)
                await ack
        except (RedisError, OSError) as error:  # a missed deadline is TimeoutError, an OSError
            self._rooms.pop(channel, None)
            ack.cancel()
            raise BroadcastUnavailable(
                f"Redis at {self.url} did not subscribe to {room!r}: {error}"
            ) from error
        finally:
            del self._acks[channel]

    async def unsubscribe(self, room: str) -> None:
        _, pubsub = self._connections()
        channel = self._prefix + room.encode()
        if self._rooms.pop(channel, None) is None:
            return
        try:
            await pubsub.unsubscribe(channel)
        except (RedisError, OSError) as error:
            logger.warning("could not unsubscribe from %r (its messages are dropped): %s", room, error)

    async def publish(self, room: str, message: str | bytes) -> None:
        client, _ = self._connections()
        if isinstance(message, str):
            data = self._text_header + message.encode()
        else:
            data = self._bytes_header + message
        try:
            await client.publish(self._prefix + room.encode(), data)
        except (RedisError, OSError) as error:
            raise BroadcastUnavailable(
                f"Redis at {self.url} did not take a message for {room!r}: {error}"
            ) from error

    async def _read(self, pubsub: PubSub, deliver: Deliver) -> None:
        """The only task reading the pub/sub connection. A lost connection is retried with
        back-off forever (stop() cancels it); redis-py reconnects on the next read and
        re-subscribes every channel it had."""
        delay = _RETRY_FIRST
        while True:
            try:
                message: dict[str, Any] | None = await pubsub.get_message(timeout=None)
            except (RedisError, OSError) as error:
                if delay == _RETRY_FIRST:
                    logger.warning("lost the Redis pub/sub connection (%s); reconnecting", error)
                await asyncio.sleep(delay)
                delay = min(delay * 2, _RETRY_MAX)
                continue
            if delay != _RETRY_FIRST:
                logger.info("Redis pub/sub connection is back")
                delay = _RETRY_FIRST
            if message is None:
                continue
            if message["type"] == "message":
                self._hand_over(message["channel"], message["data"], deliver)
            elif message["type"] == "subscribe":
                ack = self._acks.get(message["channel"])
                if ack is not None and not ack.done():
                    ack.set_result(None)

    def _hand_over(self, channel: bytes, data: bytes, deliver: Deliver) -> None:
        room = self._rooms.get(channel)
        if room is None or data[1:_HEADER] == self._origin:
            return  # a room we left, or our own message coming back
        payload = data[_HEADER:]
        deliver(room, payload.decode() if data[:1] == _TEXT else payload)

    def _connections(self) -> tuple[Redis, PubSub]:
        if self._client is None or self._pubsub is None:
            raise RuntimeError("This Broadcast is not started: call start() first (the manager does).")
        return self._client, self._pubsub
