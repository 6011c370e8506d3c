"""Milestone 5, step 0: `RedisBroadcast`, the same contract as `MemoryBroadcast`, over Redis.

Each backend instance stands for one worker process. The contract tests run on both
backends (`[redis]` and `[memory]`: the in-memory twin must pass the very same tests); the
rest are about Redis itself: the channel names, one pub/sub connection per process, waiting
for Redis to confirm a SUBSCRIBE, and what happens when Redis goes away. Every test uses a
private redis-server (the `redis_url` fixture) and channels of its own.
"""

from __future__ import annotations

import asyncio
import uuid

import anyio
import pytest
from coursekit import free_port
from coursekit.redis_server import running_redis
from hypothesis import example, given
from hypothesis import strategies as st
from miniws.broadcast import MemoryHub
from miniws.manager import ConnectionManager
from miniws.redis_broadcast import BroadcastUnavailable, RedisBroadcast
from redis.asyncio import Redis

from .broadcasts import BACKENDS, Inbox, new_backend, other_tasks, redis_clients, started, subscribers
from .fake_ws import Client, run, tasks_end

pytestmark = pytest.mark.timeout(30)


@pytest.mark.parametrize("kind", BACKENDS)
def test_a_message_reaches_the_other_instance(kind: str, redis_url: str) -> None:
    """Two instances subscribed to "lobby": what A publishes, B's `deliver` receives as
    ("lobby", "hello"). If nothing arrives (the 5 s bound fails), check that publish uses the
    channel subscribe listens on (prefix + room) and that your reader task hands messages over."""

    async def main() -> None:
        async with started(kind, redis_url) as [(a, _), (b, inbox_b)]:
            await a.subscribe("lobby")
            await b.subscribe("lobby")
            await a.publish("lobby", "hello")
            with anyio.fail_after(5):
                await inbox_b.wait_until(lambda messages: len(messages) >= 1)
            assert inbox_b.messages == [("lobby", "hello")], (
                f"expected [('lobby', 'hello')], got {inbox_b.messages}"
            )

    anyio.run(main)


@pytest.mark.parametrize("kind", BACKENDS)
def test_the_publisher_gets_no_echo(kind: str, redis_url: str) -> None:
    """Redis sends a message to EVERY subscriber of the channel, the publisher's own pub/sub
    connection included; the contract says `deliver` never sees its own instance's messages
    (the manager already delivered them locally: an echo would reach local members twice).
    A publishes "mine", then B publishes "fence"; once A has the fence, an echo would have
    arrived before it. If A got "mine", mark each message with the instance that sent it."""

    async def main() -> None:
        async with started(kind, redis_url) as [(a, inbox_a), (b, _)]:
            await a.subscribe("lobby")
            await b.subscribe("lobby")
            await a.publish("lobby", "mine")
            await b.publish("lobby", "fence")
            with anyio.fail_after(5):
                await inbox_a.wait_for("lobby", "fence")
            assert inbox_a.messages == [("lobby", "fence")], (
                f"expected only B's fence, got {inbox_a.messages}"
            )

    anyio.run(main)


@pytest.mark.parametrize("kind", BACKENDS)
def test_messages_arrive_in_publish_order_and_keep_their_type(kind: str, redis_url: str) -> None:
    """200 messages, text and bytes alternating, arrive in the order A published them, each
    with its type: a str stays a str (it will be a text frame), bytes stay bytes (a binary
    frame), even b"caf\\xc3\\xa9" that happens to be valid UTF-8. Redis carries only bytes,
    so the type must travel with the message. Out of order? One reader task, and no await
    between reading a message and handing it to `deliver`."""
    sent: list[str | bytes] = [f"text {i} é" if i % 2 else f"bytes {i} é".encode() for i in range(200)]

    async def main() -> None:
        async with started(kind, redis_url) as [(a, _), (b, inbox_b)]:
            await b.subscribe("lobby")
            for message in sent:
                await a.publish("lobby", message)
            with anyio.fail_after(5):
                await inbox_b.wait_until(lambda messages: len(messages) >= len(sent))
            got = inbox_b.of("lobby")
            assert got == sent, f"first difference at {_first_difference(sent, got)}"
            assert [type(m) for m in got] == [type(m) for m in sent], "a message changed type on the way"

    anyio.run(main)


def _first_difference(expected: list[str | bytes], got: list[str | bytes]) -> str:
    for index, (want, have) in enumerate(zip(expected, got, strict=False)):
        if want != have:
            return f"index {index}: expected {want!r}, got {have!r}"
    return f"lengths: expected {len(expected)}, got {len(got)}"


@pytest.mark.parametrize("kind", BACKENDS)
def test_only_the_rooms_subscribed_are_delivered(kind: str, redis_url: str) -> None:
    """B subscribes to "a" only: A's message to "b" must not reach it, A's message to "a"
    must. Rooms are separate channels; nothing is filtered after the fact."""

    async def main() -> None:
        async with started(kind, redis_url) as [(a, _), (b, inbox_b)]:
            await b.subscribe("a")
            await a.publish("b", "for room b")
            await a.publish("a", "for room a")
            with anyio.fail_after(5):
                await inbox_b.wait_for("a", "for room a")
            assert inbox_b.messages == [("a", "for room a")], (
                f"expected only room a's message, got {inbox_b.messages}"
            )

    anyio.run(main)


@pytest.mark.parametrize("kind", BACKENDS)
def test_unsubscribe_stops_delivery(kind: str, redis_url: str) -> None:
    """After B unsubscribes from "lobby" (its last local member left), A's next message there
    is not delivered to B; B's other room still works (it carries the fence). Unsubscribing a
    room never subscribed is not an error: the manager may call it on any departure."""

    async def main() -> None:
        async with started(kind, redis_url) as [(a, _), (b, inbox_b)]:
            await b.subscribe("lobby")
            await b.subscribe("fence")
            await b.unsubscribe("lobby")
            await b.unsubscribe("never-joined")
            await a.publish("lobby", "after leaving")
            await a.publish("fence", "fence")
            with anyio.fail_after(5):
                await inbox_b.wait_for("fence", "fence")
            assert inbox_b.messages == [("fence", "fence")], (
                f"expected only the fence, got {inbox_b.messages}"
            )

    anyio.run(main)


@pytest.mark.parametrize("kind", BACKENDS)
def test_stop_leaves_no_task_and_the_backend_can_start_again(kind: str, redis_url: str) -> None:
    """The manager starts its backend when the first member joins and stops it when the last
    leaves, so a backend is started and stopped many times in a process's life: after
    stop(), no task of its own may remain (a reader left running is a leak per room cycle),
    a second stop() is harmless, and a restarted backend works as before."""

    async def main() -> None:
        before = other_tasks()
        async with started(kind, redis_url) as [(a, _), (b, inbox_b)]:
            await b.subscribe("lobby")
            await a.stop()
            await b.stop()
            await b.stop()
            left = other_tasks() - before
            assert not left, f"expected no task left after stop(), got {left}"
            await a.start()
            await b.start()
            await b.subscribe("lobby")
            await a.publish("lobby", "again")
            with anyio.fail_after(5):
                await inbox_b.wait_for("lobby", "again")
        left = other_tasks() - before
        assert not left, f"expected no task left after stop(), got {left}"

    anyio.run(main)


@pytest.mark.parametrize("kind", BACKENDS)
def test_the_lifecycle_is_checked(kind: str, redis_url: str) -> None:
    """start() before listen() is a RuntimeError (nobody would receive), and so is publishing
    on a backend that is not started: fail loudly instead of dropping messages."""

    async def main() -> None:
        backend = new_backend(kind, redis_url, MemoryHub(), f"test-{uuid.uuid4().hex}:")
        with pytest.raises(RuntimeError, match="listen"):
            await backend.start()
        backend.listen(Inbox())
        with pytest.raises(RuntimeError, match="start"):
            await backend.publish("lobby", "too early")
        await backend.stop()  # stopping a backend never started is harmless too

    anyio.run(main)


@pytest.mark.parametrize("kind", BACKENDS)
@given(messages=st.lists(st.one_of(st.text(), st.binary()), max_size=8))
@example(messages=["", b"", "t", b"t", "\x00", b"\x00", "€", "€".encode()])
@example(messages=[b"t" + bytes(8) + b"looks like a header"])
def test_any_payload_arrives_unchanged(kind: str, redis_url: str, messages: list[str | bytes]) -> None:
    """Whatever the payload, empty, NUL bytes, non-ASCII text, bytes that look like your
    header, it arrives exactly as published, with its type. If the second example fails,
    your decoder trusts the payload instead of the header you put in front of it."""

    async def main() -> None:
        async with started(kind, redis_url) as [(a, _), (b, inbox_b)]:
            await b.subscribe("lobby")
            for message in messages:
                await a.publish("lobby", message)
            await a.publish("lobby", "end")
            with anyio.fail_after(5):
                await inbox_b.wait_until(lambda got: len(got) > len(messages))
            got, expected = inbox_b.of("lobby"), [*messages, "end"]
            assert got == expected, f"expected {expected!r}, got {got!r}"
            assert [type(m) for m in got] == [type(m) for m in expected], f"types changed: {got!r}"

    anyio.run(main)


@pytest.mark.parametrize("kind", BACKENDS)
def test_a_room_spans_two_managers(kind: str, redis_url: str) -> None:
    """Two ConnectionManagers (two worker processes), each with its own backend on one
    "server". 20 messages said on the east manager reach the room's member on the west one,
    in order, and not the member of room b; broadcast_all crosses too. When everyone has
    left, both managers have stopped their backends: no task is left (no Redis reader) and,
    for Redis, no connection. The same test passes with MemoryBroadcast: that is the point."""

    async def main() -> None:
        before = {client["id"] for client in await redis_clients(redis_url)}
        async with asyncio.timeout(15):
            hub, prefix = MemoryHub(), f"test-{uuid.uuid4().hex}:"
            east = ConnectionManager(backend=new_backend(kind, redis_url, hub, prefix))
            west = ConnectionManager(backend=new_backend(kind, redis_url, hub, prefix))
            here, there = await Client.start(east, "a"), await Client.start(west, "a")
            elsewhere = await Client.start(west, "b")
            said = [f"hello west {i}" for i in range(20)]
            for message in said:
                here.peer.say(message)
            got = list(await there.peer.wait_frames(len(said)))
            assert got == said, f"expected east's 20 messages in order on west, got {got}"
            await east.broadcast_all("to everyone")
            got = list(await elsewhere.peer.wait_frames(1))
            assert got == ["to everyone"], f"expected room b to get broadcast_all only, got {got}"
            for client in (here, there, elsewhere):
                client.peer.leave()
            await tasks_end()
        left = [c for c in await redis_clients(redis_url) if c["id"] not in before]
        assert left == [], f"expected no Redis connection left once everyone left, got {left}"

    run(main)


# --- Redis itself ---------------------------------------------------------------------------------


def test_the_channel_is_the_prefix_plus_the_room(redis_url: str) -> None:
    """`RedisBroadcast(url, channel_prefix="chat:")` publishes room "lobby" on the Redis
    channel "chat:lobby" (so several apps can share one Redis): a plain redis-py subscriber
    there receives the message, whose last bytes are the UTF-8 text."""
    prefix = f"chat-{uuid.uuid4().hex}:"

    async def main() -> None:
        async with Redis.from_url(redis_url) as raw, raw.pubsub() as pubsub:
            await pubsub.subscribe(prefix + "lobby")
            backend = RedisBroadcast(redis_url, channel_prefix=prefix)
            backend.listen(Inbox())
            await backend.start()
            try:
                await backend.publish("lobby", "héllo")
            finally:
                await backend.stop()
            with anyio.fail_after(5):
                message = None
                while message is None:
                    message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1)
            assert message["channel"] == (prefix + "lobby").encode(), f"got channel {message['channel']!r}"
            assert message["data"].endswith("héllo".encode()), f"got data {message['data']!r}"

    anyio.run(main)


def test_subscribe_returns_once_redis_has_confirmed_it() -> None:
    """Sending SUBSCRIBE is not enough: Redis confirms it later, on the pub/sub connection,
    and a message another process publishes in between is lost. So `await subscribe(room)`
    returns only once the reader has seen Redis's "subscribe" confirmation. Here Redis pauses
    every client for 2 s (CLIENT PAUSE): when all our tasks are blocked, subscribe() must still
    be waiting; once Redis resumes and it returns, a PUBLISH from anywhere reaches us (1)."""

    async def main() -> None:
        with running_redis() as url:  # a private Redis: pausing the shared one would stall others
            backend = RedisBroadcast(url, timeout=10)
            backend.listen(Inbox())
            await backend.start()
            done: list[int] = []

            async def subscribe(number: int) -> None:
                await backend.subscribe("lobby")
                done.append(number)

            try:
                async with Redis.from_url(url) as raw:
                    await raw.execute_command("CLIENT", "PAUSE", 2_000, "ALL")  # ends by itself
                    with anyio.fail_after(8):
                        async with anyio.create_task_group() as group:
                            group.start_soon(subscribe, 1)
                            group.start_soon(subscribe, 2)  # the same room at the same time: waits too
                            await anyio.wait_all_tasks_blocked()
                            assert done == [], f"subscribe() returned before Redis confirmed it: {done}"
                    assert sorted(done) == [1, 2], f"expected both subscribe() calls to return, got {done}"
                    receivers = await raw.publish("miniws:lobby", b"probe")
                    assert receivers == 1, f"PUBLISH right after subscribe() reached {receivers}, expected 1"
            finally:
                await backend.stop()

    anyio.run(main)


def test_one_pubsub_connection_per_process_and_none_after_stop(redis_url: str) -> None:
    """Three rooms are three channels on ONE pub/sub connection (CLIENT LIST shows one
    connection with sub=3), not a connection per room or per member; after unsubscribing all
    three it has sub=0, and after stop() none of the backend's connections remain."""
    prefix = f"test-{uuid.uuid4().hex}:"

    async def main() -> None:
        before = {client["id"] for client in await redis_clients(redis_url)}
        backend = RedisBroadcast(redis_url, channel_prefix=prefix)
        backend.listen(Inbox())
        await backend.start()
        try:
            for room in ("a", "b", "c"):
                await backend.subscribe(room)
            await backend.publish("a", "one publish opens the publishing pool too")
            mine = [c for c in await redis_clients(redis_url) if c["id"] not in before]
            subscribed = [int(c["sub"]) for c in mine if int(c["sub"]) > 0]
            assert subscribed == [3], f"expected one connection subscribed to 3 channels, got {mine}"
            for room in ("a", "b", "c"):
                await backend.unsubscribe(room)
            assert await subscribers(redis_url, prefix + "a") == 0, "room a still has a subscriber"
        finally:
            await backend.stop()
        left = [c for c in await redis_clients(redis_url) if c["id"] not in before]
        assert left == [], f"expected no connection left after stop(), got {left}"

    anyio.run(main)


@pytest.mark.timeout(30)
def test_a_dropped_pubsub_connection_is_reestablished(redis_url: str) -> None:
    """Redis closes the pub/sub connection (CLIENT KILL TYPE pubsub: a failover, a restart).
    The reader must not die: it reconnects and the rooms are subscribed again (Redis's PUBSUB
    NUMSUB, polled with a deadline, shows the subscriber back), after which messages flow
    again, in order. Messages published during the gap are lost: pub/sub is at-most-once."""

    async def main() -> None:
        async with started("redis", redis_url) as [(a, _), (b, inbox_b)]:
            channel = b.channel_prefix + "lobby"
            await b.subscribe("lobby")
            async with Redis.from_url(redis_url) as raw:
                killed = await raw.execute_command("CLIENT", "KILL", "TYPE", "pubsub")
                assert killed >= 1, f"expected to kill B's pub/sub connection, killed {killed}"
            with anyio.fail_after(10):
                while await subscribers(redis_url, channel) == 0:
                    await anyio.sleep(0.05)  # polling Redis, an external process, with a deadline
            for i in range(10):
                await a.publish("lobby", f"after {i}")
            with anyio.fail_after(5):
                await inbox_b.wait_for("lobby", "after 9")
            got = inbox_b.of("lobby")
            assert got == [f"after {i}" for i in range(10)], f"expected after 0..9 in order, got {got}"

    anyio.run(main)


@pytest.mark.timeout(40)
def test_a_redis_that_goes_away_fails_loudly_and_stop_still_cleans_up() -> None:
    """With its Redis stopped, publish() and subscribe() raise BroadcastUnavailable within
    the timeout (here 0.5 s; the bound is 5 s), never hang and never pass silently;
    unsubscribe() does not raise (a departing member must be able to leave); stop() still
    returns and leaves no task (the reader, retrying with back-off, is cancelled)."""

    async def main() -> None:
        before = other_tasks()
        with running_redis() as url:
            backend = RedisBroadcast(url, timeout=0.5)
            backend.listen(Inbox())
            await backend.start()
            await backend.subscribe("lobby")
            await backend.publish("lobby", "while Redis is up")
        with anyio.fail_after(5), pytest.raises(BroadcastUnavailable):
            await backend.publish("lobby", "while Redis is down")
        with anyio.fail_after(5), pytest.raises(BroadcastUnavailable):
            await backend.subscribe("another room")
        with anyio.fail_after(5):
            await backend.unsubscribe("lobby")
            await backend.stop()
        left = other_tasks() - before
        assert not left, f"expected no task left after stop(), got {left}"

    anyio.run(main)


@pytest.mark.timeout(40)
def test_a_manager_whose_redis_is_gone_still_serves_its_own_members() -> None:
    """Redis stops while a room has members here. A broadcast still reaches this process's
    members (the manager delivers locally first), then raises BroadcastUnavailable: the
    other processes could not be told, and the seed's endpoint ends with that error (uvicorn
    closes the socket with 1011) instead of pretending the whole room heard it."""

    async def main() -> None:
        async with asyncio.timeout(30):
            with running_redis() as url:
                manager = ConnectionManager(backend=RedisBroadcast(url, timeout=0.5))
                first, second = await Client.start(manager, "a"), await Client.start(manager, "a")
            with pytest.raises(BroadcastUnavailable):
                await manager.broadcast("a", "Redis is gone")
            for client in (first, second):
                got = list(await client.peer.wait_frames(1))
                assert got == ["Redis is gone"], f"expected local delivery despite Redis, got {got}"
                client.peer.leave()
            await tasks_end()

    run(main)


@pytest.mark.timeout(20)
def test_start_without_a_redis_raises_broadcast_unavailable() -> None:
    """Nothing listens on the port: start() raises BroadcastUnavailable (a ConnectionError)
    at once, so the first member's connect fails visibly, and leaves no task behind."""

    async def main() -> None:
        before = other_tasks()
        backend = RedisBroadcast(f"redis://127.0.0.1:{free_port()}/0", timeout=0.5)
        backend.listen(Inbox())
        with anyio.fail_after(5), pytest.raises(BroadcastUnavailable):
            await backend.start()
        assert isinstance(BroadcastUnavailable("x"), ConnectionError), (
            "BroadcastUnavailable is a ConnectionError"
        )
        left = other_tasks() - before
        assert not left, f"expected no task left, got {left}"

    anyio.run(main)


def test_the_timeout_must_be_positive() -> None:
    """RedisBroadcast(url, timeout=0) would fail every publish: a ValueError at once (nothing
    connects in __init__, so this needs no Redis)."""
    with pytest.raises(ValueError, match="timeout"):
        RedisBroadcast("redis://127.0.0.1:1/0", timeout=0)
