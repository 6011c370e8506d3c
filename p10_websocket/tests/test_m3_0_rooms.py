"""Milestone 3, step 0: a ConnectionManager with rooms, whose connections clean up after
themselves.

`ConnectionManager()` accepts a socket and puts it in a room (`connect`), and `broadcast`
queues a message for every member of a room; each connection's own sender task writes it out
(miniws/outbox.py). When a client leaves, by any road, it leaves every room and its sender
task ends: the tests count the tasks left running.

The tests play the clients at the ASGI level (tests/fake_ws.py): each client is a `Peer`
served by an endpoint in a task of its own, exactly as a server runs one task per socket.
"""

from __future__ import annotations

import asyncio
import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from miniws.broadcast import MemoryBroadcast, MemoryHub
from miniws.manager import ConnectionManager

from .fake_ws import Client, Peer, eventually, run, tasks_end

TIMEOUT = 10


def test_broadcast_reaches_every_member_of_the_room_and_no_one_else() -> None:
    """Two clients in room "a", one in room "b". A message said in "a" reaches both members of
    "a" (the sender too: the seed echoes to the whole room) and nobody in "b". If nobody gets
    it, look at connect(): accept, remember the socket in its room, start its sender."""

    async def main() -> None:
        async with asyncio.timeout(TIMEOUT):
            manager = ConnectionManager()
            one, two = await Client.start(manager, "a"), await Client.start(manager, "a")
            other = await Client.start(manager, "b")
            assert one.peer.accepted, "expected connect() to accept the websocket"
            one.peer.say("hello a")
            assert await one.peer.wait_frames(1) == ["hello a"], f"got {one.peer.frames}"
            assert await two.peer.wait_frames(1) == ["hello a"], f"got {two.peer.frames}"
            other.peer.say("fence")  # once room b's own message has arrived, "hello a" never will
            got = await other.peer.wait_frames(1)
            assert got == ["fence"], f"expected room b to hear only its own message, got {got}"
            for client in (one, two, other):
                client.peer.leave()
            await tasks_end()

    run(main)


def test_members_and_rooms_follow_joins_and_leaves() -> None:
    """members(room) lists a room's sockets in joining order; rooms() lists the rooms that
    have members. join() adds a connected socket to another room, leave() takes it out of
    one (it stays connected), and an emptied room disappears from rooms()."""

    async def main() -> None:
        async with asyncio.timeout(TIMEOUT):
            manager = ConnectionManager()
            one, two = await Client.start(manager, "a"), await Client.start(manager, "a")
            assert manager.members("a") == [one.websocket, two.websocket], f"got {manager.members('a')}"
            await manager.join("b", one.websocket)
            assert sorted(manager.rooms()) == ["a", "b"], f"got {manager.rooms()}"
            assert manager.members("b") == [one.websocket], f"got {manager.members('b')}"
            await manager.leave("b", one.websocket)
            assert manager.rooms() == ["a"], f"expected the emptied room b gone, got {manager.rooms()}"
            assert manager.members("nowhere") == [], f"got {manager.members('nowhere')}"
            await manager.broadcast("a", "still here")
            await one.peer.wait_frames(1)
            one.peer.leave()
            two.peer.leave()
            await tasks_end()
            assert manager.rooms() == [], f"expected no room once everyone left, got {manager.rooms()}"

    run(main)


def test_misuse_is_refused_with_a_clear_error() -> None:
    """Joining a room before connect() is a ValueError, connecting the same socket twice a
    RuntimeError (use join() for a second room), and the room "*" is reserved (it carries
    broadcast_all between processes). A message must be str, bytes, a dict or a list."""

    async def main() -> None:
        async with asyncio.timeout(TIMEOUT):
            manager = ConnectionManager()
            stranger = Peer().websocket()
            with pytest.raises(ValueError, match="connect"):
                await manager.join("a", stranger)
            client = await Client.start(manager, "a")
            with pytest.raises(RuntimeError, match="already connected"):
                await manager.connect("b", client.websocket)
            with pytest.raises(ValueError, match="reserved"):
                await manager.join("*", client.websocket)
            with pytest.raises(TypeError):
                await manager.broadcast("a", 42)  # type: ignore[arg-type]
            client.peer.leave()
            await tasks_end()

    run(main)


def test_exclude_send_personal_and_broadcast_all() -> None:
    """broadcast(..., exclude=ws) skips that socket (the sender, typically); send_personal()
    reaches one socket only; broadcast_all() reaches every connection once, even one that is
    in two rooms."""

    async def main() -> None:
        async with asyncio.timeout(TIMEOUT):
            manager = ConnectionManager()
            one, two = await Client.start(manager, "a"), await Client.start(manager, "a")
            await manager.join("b", two.websocket)
            await manager.broadcast("a", "not for one", exclude=one.websocket)
            await manager.send_personal(one.websocket, "just for one")
            await manager.broadcast_all("everyone")
            assert await one.peer.wait_frames(2) == ["just for one", "everyone"], f"got {one.peer.frames}"
            assert await two.peer.wait_frames(2) == ["not for one", "everyone"], f"got {two.peer.frames}"
            one.peer.leave()
            two.peer.leave()
            await tasks_end()
            assert two.peer.frames == ["not for one", "everyone"], (
                f"expected no duplicate, got {two.peer.frames}"
            )

    run(main)


messages = st.lists(
    st.text()
    | st.binary()
    | st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5), max_size=3)
    | st.lists(st.integers(), max_size=3),
    max_size=20,
)


@given(messages)
@example(["hi", b"\x00\xff", {"type": "chat", "text": "é"}, [1, 2]])
@example([])
def test_every_kind_of_message_arrives_whole_and_in_order(sent: list[object]) -> None:
    """str goes as a text frame, bytes as a binary frame, a dict or list as compact JSON text;
    every member receives every message, unchanged, in the order it was broadcast. If the
    order is off, a broadcast must only append to each queue, and one task per socket sends."""

    async def main() -> None:
        async with asyncio.timeout(TIMEOUT):
            manager = ConnectionManager(queue_size=100)
            one, two = await Client.start(manager, "a"), await Client.start(manager, "a")
            for message in sent:
                await manager.broadcast("a", message)  # type: ignore[arg-type]
            expected = [
                json.dumps(m, separators=(",", ":"), ensure_ascii=False) if isinstance(m, dict | list) else m
                for m in sent
            ]
            for client in (one, two):
                got = list(await client.peer.wait_frames(len(sent)))
                assert got == expected, f"expected {expected!r}, got {got!r}"
                client.peer.leave()
            await tasks_end()

    run(main)


@pytest.mark.parametrize("tidy", [False, True], ids=["seed-form", "try-finally-disconnect"])
def test_clients_that_leave_leave_nothing_behind(tidy: bool) -> None:
    """20 clients join, say a word, and leave. With the seed's loop the endpoint just ends
    with WebSocketDisconnect; with the tidy form it calls disconnect(). Either way every room
    is empty afterwards and every sender task has ended. If a task is left, tie the
    connection to the task that called connect() (its end is the client's end)."""

    async def main() -> None:
        async with asyncio.timeout(TIMEOUT):
            manager = ConnectionManager()
            clients = [await Client.start(manager, "lobby", tidy=tidy) for _ in range(20)]
            clients[0].peer.say("bye all")
            for client in clients:
                await client.peer.wait_frames(1)
                client.peer.leave()
            await tasks_end()
            assert manager.rooms() == [], f"expected every room empty, got {manager.rooms()}"

    run(main)


def test_a_member_whose_send_fails_is_removed() -> None:
    """A client whose network died without a close (sends to it fail) is taken out of its
    rooms by its sender as soon as a send fails; the others keep receiving. Look at what your
    sender does when `send_text` raises."""

    async def main() -> None:
        async with asyncio.timeout(TIMEOUT):
            manager = ConnectionManager()
            alive, dead = await Client.start(manager, "a"), await Client.start(manager, "a")
            dead.peer.gone = True  # sends now raise OSError, as an ASGI 2.4 server does
            await manager.broadcast("a", "anyone there?")
            await eventually(lambda: manager.members("a") == [alive.websocket], "the dead member removed")
            await manager.broadcast("a", "still here")
            assert await alive.peer.wait_frames(2) == ["anyone there?", "still here"], (
                f"got {alive.peer.frames}"
            )
            alive.peer.leave()
            dead.peer.leave()
            await tasks_end()

    run(main)


def test_starlette_websockets_share_rooms_with_miniasgi_ones() -> None:
    """The manager only calls accept, receive, send_text, send_bytes and close: Starlette's
    WebSocket works as well as miniasgi's, in the same room. If this fails, check you do
    not reach for anything miniasgi-specific."""

    async def main() -> None:
        async with asyncio.timeout(TIMEOUT):
            manager = ConnectionManager()
            mini = await Client.start(manager, "a")
            star = await Client.start(manager, "a", starlette=True, tidy=True)
            star.peer.say("from starlette")
            mini.peer.say("from miniasgi")
            for client in (mini, star):
                got = sorted(await client.peer.wait_frames(2))
                assert got == ["from miniasgi", "from starlette"], f"got {got}"
                client.peer.leave()
            await tasks_end()
            assert manager.rooms() == [], f"got {manager.rooms()}"

    run(main)


def test_memory_broadcast_delivers_to_the_others_in_order() -> None:
    """Two MemoryBroadcast on one MemoryHub play two server processes. A publish reaches the
    other instance's deliver(room, message) at once and in order, never its own (its manager
    has delivered locally already), and only for rooms it subscribes to."""

    async def main() -> None:
        hub = MemoryHub()
        first, second = MemoryBroadcast(hub), MemoryBroadcast(hub)
        got: list[tuple[str, str | bytes]] = []
        echoed: list[tuple[str, str | bytes]] = []
        second.listen(lambda room, message: got.append((room, message)))
        first.listen(lambda room, message: echoed.append((room, message)))
        for backend in (first, second):
            await backend.start()
            await backend.subscribe("a")
        for message in ("one", b"two", "three"):
            await first.publish("a", message)
        await first.publish("b", "nobody listens to b")
        assert got == [("a", "one"), ("a", b"two"), ("a", "three")], f"got {got}"
        assert echoed == [], f"expected no echo to the publisher, got {echoed}"
        await second.unsubscribe("a")
        await first.publish("a", "after unsubscribe")
        assert len(got) == 3, f"expected nothing after unsubscribe, got {got}"
        for backend in (first, second):
            await backend.stop()
        assert hub.subscribers == {}, f"expected stop() to drop every subscription, got {hub.subscribers}"

    run(main)


def test_a_room_spans_managers_that_share_a_backend() -> None:
    """Two managers (two worker processes) with MemoryBroadcasts on one hub. A message said
    on one reaches the room's members on both, and not room b; broadcast_all crosses too.
    Once everyone left, both managers have stopped their backends (the hub is empty) and no
    task is left. The manager delivers locally, then publishes for the others."""

    async def main() -> None:
        async with asyncio.timeout(TIMEOUT):
            hub = MemoryHub()
            east = ConnectionManager(backend=MemoryBroadcast(hub))
            west = ConnectionManager(backend=MemoryBroadcast(hub))
            here, there = await Client.start(east, "a"), await Client.start(west, "a")
            elsewhere = await Client.start(west, "b")
            here.peer.say("hello west")
            for client in (here, there):
                got = await client.peer.wait_frames(1)
                assert got == ["hello west"], f"expected the message on both managers, got {got}"
            await east.broadcast_all("to everyone")
            got = await elsewhere.peer.wait_frames(1)
            assert got == ["to everyone"], f"expected room b to get broadcast_all only, got {got}"
            for client in (here, there, elsewhere):
                client.peer.leave()
            await tasks_end()
            assert hub.subscribers == {}, f"expected both backends stopped, got {hub.subscribers}"

    run(main)


class UnreachableBroadcast(MemoryBroadcast):
    """A backend whose server cannot be reached: start() fails, as Redis being down would."""

    async def start(self) -> None:
        raise ConnectionError("the broadcast server is unreachable")


def test_a_backend_that_cannot_start_fails_the_connect_and_leaves_nothing() -> None:
    """When the backend cannot start, connect() raises its error (the server then refuses
    the socket), and nothing stays behind: no room, no task. The next connect tries again.
    Look at what connect() does when something fails half-way."""

    async def main() -> None:
        async with asyncio.timeout(TIMEOUT):
            manager = ConnectionManager(backend=UnreachableBroadcast())
            for _ in range(2):
                with pytest.raises(ConnectionError, match="unreachable"):
                    await Client.start(manager, "a")
            await tasks_end()
            assert manager.rooms() == [], f"expected no room left, got {manager.rooms()}"

    run(main)
