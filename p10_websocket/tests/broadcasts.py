"""Helpers for the `Broadcast` contract tests: an inbox to deliver into, twin backends, and
counters for what a backend leaves behind (tasks, Redis connections)."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import anyio
from miniws.broadcast import Broadcast, MemoryBroadcast, MemoryHub
from miniws.redis_broadcast import RedisBroadcast
from redis.asyncio import Redis

BACKENDS = ["redis", "memory"]  # redis first: milestone 5's first red test is the Redis one


class Inbox:
    """A `deliver` function that remembers (room, message) pairs and lets a test wait for
    them without sleeping: every arrival wakes the waiters, who re-check their condition."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str | bytes]] = []
        self._arrived = anyio.Event()

    def __call__(self, room: str, message: str | bytes) -> None:
        self.messages.append((room, message))
        self._arrived.set()
        self._arrived = anyio.Event()

    async def wait_until(self, condition: Callable[[list[tuple[str, str | bytes]]], bool]) -> None:
        while not condition(self.messages):
            await self._arrived.wait()

    async def wait_for(self, room: str, message: str | bytes) -> None:
        """Until (room, message) has arrived: a fence. Redis delivers a subscriber the messages
        in the order it executed the PUBLISHes, so anything published BEFORE the fence that
        was going to arrive has arrived by now. Absence is tested this way, without sleeping."""
        await self.wait_until(lambda messages: (room, message) in messages)

    def of(self, room: str) -> list[str | bytes]:
        return [message for got_room, message in self.messages if got_room == room]


def new_backend(kind: str, redis_url: str, hub: MemoryHub, prefix: str) -> Broadcast:
    if kind == "redis":
        return RedisBroadcast(redis_url, channel_prefix=prefix)
    return MemoryBroadcast(hub)


@contextlib.asynccontextmanager
async def started(kind: str, redis_url: str, count: int = 2) -> AsyncIterator[list[tuple[Broadcast, Inbox]]]:
    """`count` started backends of one kind that share a "server" (one Redis and a channel
    prefix unique to this test, or one MemoryHub), each listening into its own Inbox: the
    stand-ins for `count` worker processes. Stopped on exit."""
    hub, prefix = MemoryHub(), f"test-{uuid.uuid4().hex}:"
    pairs = []
    for _ in range(count):
        backend, inbox = new_backend(kind, redis_url, hub, prefix), Inbox()
        backend.listen(inbox)
        pairs.append((backend, inbox))
    try:
        for backend, _ in pairs:
            await backend.start()
        yield pairs
    finally:
        for backend, _ in pairs:
            await backend.stop()


def other_tasks() -> set[asyncio.Task[Any]]:
    """Every task of this event loop but the test's own: a backend must leave none behind."""
    return asyncio.all_tasks() - {asyncio.current_task()}  # type: ignore[operator]


async def redis_clients(url: str) -> list[dict[str, Any]]:
    """CLIENT LIST as dicts, without the connection that asks: who is connected right now."""
    async with Redis.from_url(url) as redis:
        me = await redis.client_id()
        return [client for client in await redis.client_list() if int(client["id"]) != me]


async def subscribers(url: str, channel: str) -> int:
    """How many connections Redis would hand a message on `channel` to (PUBSUB NUMSUB)."""
    async with Redis.from_url(url) as redis:
        counts = dict(await redis.pubsub_numsub(channel))
        return int(counts[channel.encode()])
