"""Milestone 3, step 1: the seed's chat runs on minifast, in-process and under uvicorn.

examples/chat.py is the lesson's seed as written: `@app.websocket('/chat/{room}')`, connect,
then read and broadcast forever, with no `try`. When a client leaves, its endpoint ends with
WebSocketDisconnect, and the manager must still release the socket and its sender task.
`GET /stats` shows what the process holds: members per room and the manager's running tasks.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest
from coursekit import running_server
from websockets.sync.client import connect

from .chat_servers import UVICORN, wait_until_idle, ws_url
from .fake_ws import Peer, load_example, run, serve, tasks_end

TIMEOUT = 10


def test_the_seed_chat_in_process() -> None:
    """The seed app (examples/chat.py) called directly, three clients: two in room "a", one
    in "b". A message in "a" reaches both members of "a", not "b". When they leave, the
    module's `manager` has no room left and every task has ended. If a client is never
    accepted, look at connect(): it must accept the socket."""

    async def main() -> None:
        async with asyncio.timeout(TIMEOUT):
            chat = load_example("chat.py")
            one, two, other = Peer("/chat/a"), Peer("/chat/a"), Peer("/chat/b")
            for peer in (one, two, other):
                await serve(chat.app, peer)
            assert sorted(chat.manager.rooms()) == ["a", "b"], f"got {chat.manager.rooms()}"
            one.say("hi a")
            assert await two.wait_frames(1) == ["hi a"], f"got {two.frames}"
            other.say("fence")
            assert await other.wait_frames(1) == ["fence"], f"expected room b unaffected, got {other.frames}"
            for peer in (one, two, other):
                peer.leave()
            await tasks_end()
            assert chat.manager.rooms() == [], f"expected no room once all left, got {chat.manager.rooms()}"

    run(main)


@pytest.mark.timeout(30)
def test_the_seed_chat_under_uvicorn() -> None:
    """Under a real uvicorn, with the `websockets` library as the client: two clients in
    room "a" exchange messages, the client in room "b" hears nothing of it; after all three
    close, GET /stats shows no room and no miniws task. If /stats still lists members, the
    manager is not noticing that the endpoint's task ended."""
    with running_server(UVICORN, ready_path="/stats") as base_url:
        with (
            connect(ws_url(base_url, "a")) as one,
            connect(ws_url(base_url, "a")) as two,
            connect(ws_url(base_url, "b")) as other,
        ):
            stats = httpx.get(base_url + "/stats", timeout=5).json()
            assert stats["rooms"] == {"a": 2, "b": 1}, f"expected a: 2, b: 1 members, got {stats}"
            assert len(stats["tasks"]) == 3, f"expected one sender task per client, got {stats}"
            one.send("hello from one")
            for client in (two, one):  # the seed echoes to the whole room, the sender included
                got = client.recv(timeout=5)
                assert got == "hello from one", f"expected 'hello from one', got {got!r}"
            two.send("hello from two")
            got = one.recv(timeout=5)
            assert got == "hello from two", f"expected 'hello from two', got {got!r}"
            other.send("fence")
            got = other.recv(timeout=5)
            assert got == "fence", f"expected room b to hear only its own message, got {got!r}"
        stats = wait_until_idle(base_url)
        assert stats == {"rooms": {}, "tasks": []}, (
            f"expected nothing held after the clients left, got {stats}"
        )
