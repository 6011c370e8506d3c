"""Milestone 4, step 1: an application-level heartbeat, and an idle timeout.

ASGI carries no ping frames (the server answers protocol pings itself; uvicorn sends its own
with --ws-ping-interval/--ws-ping-timeout), so the manager pings in JSON: every `heartbeat`
seconds it queues `{"type":"ping"}` to each connection. A client answers `{"type":"pong"}`;
`manager.receive()` notes every message (pongs included) as a sign of life and never returns
a pong to the endpoint. A connection silent for `idle_timeout` seconds is closed with 1001.
The intervals here are tiny (0.05 s): the tests wait on events, bounded by a timeout.
"""

from __future__ import annotations

import asyncio
import json

import pytest
from miniasgi import WebSocketDisconnect
from miniws.heartbeat import IDLE_CLOSE_CODE, PING, is_pong
from miniws.manager import ConnectionManager

from .fake_ws import Client, Peer, run, tasks_end

TIMEOUT = 10


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"type":"pong"}', True),
        ('{"type": "pong"}', True),
        ('{ "type" : "pong" }', True),
        ('{"type":"ping"}', False),
        ('{"type":"pong","extra":1}', False),
        ("pong", False),
        ("{not json", False),
        ("", False),
    ],
)
def test_a_pong_is_the_json_object_type_pong_with_any_spacing(text: str, expected: bool) -> None:
    """is_pong(text) is True for exactly the JSON object {"type": "pong"}, however it is
    spaced (JSON.stringify and Python's json.dumps space it differently); anything else,
    including invalid JSON, is an ordinary message."""
    assert is_pong(text) is expected, f"is_pong({text!r}): expected {expected}, got {is_pong(text)}"


def test_the_ping_is_the_json_object_type_ping() -> None:
    """PING is what the manager queues: the JSON text of {"type": "ping"}, and 1001 (going
    away) is the close code for an idle client."""
    assert json.loads(PING) == {"type": "ping"}, f"got {PING!r}"
    assert IDLE_CLOSE_CODE == 1001, f"got {IDLE_CLOSE_CODE}"


def test_the_heartbeat_pings_every_connection() -> None:
    """With heartbeat=0.05 every member receives a ping frame every 0.05 s: wait for three.
    If none arrive, start the heartbeat task with the first connection."""

    async def main() -> None:
        async with asyncio.timeout(TIMEOUT):
            manager = ConnectionManager(heartbeat=0.05)
            one, two = await Client.start(manager, "a"), await Client.start(manager, "b")
            for client in (one, two):
                got = list(await client.peer.wait_frames(3))
                assert got[:3] == [PING] * 3, f"expected three pings, got {got}"
                client.peer.leave()
            await tasks_end()

    run(main)


def test_a_client_that_answers_pings_stays_and_its_pongs_stay_private() -> None:
    """heartbeat=0.05, idle_timeout=0.2: a client answering every ping is still connected
    after 10 pings (0.5 s, well past the idle timeout), and its pongs never reach the room:
    manager.receive() notes them as signs of life and reads on."""

    async def main() -> None:
        async with asyncio.timeout(TIMEOUT):
            manager = ConnectionManager(heartbeat=0.05, idle_timeout=0.2)
            client = await Client.start(manager, "a", via_manager=True)
            for count in range(1, 11):
                await client.peer.wait_frames(count)
                client.peer.say('{"type": "pong"}')
            assert client.peer.close_code is None, f"expected no close, got {client.peer.close_code}"
            assert set(client.peer.frames) == {PING}, f"expected only pings, got {set(client.peer.frames)}"
            client.peer.say("a real message")
            while "a real message" not in client.peer.frames:
                await client.peer.wait_frames(len(client.peer.frames) + 1)
            client.peer.leave()
            await tasks_end()
            assert manager.rooms() == [], f"got {manager.rooms()}"

    run(main)


@pytest.mark.parametrize("heartbeat", [0.05, None], ids=["with-pings", "idle-timeout-alone"])
def test_a_silent_client_is_closed_with_1001(heartbeat: float | None) -> None:
    """A client that never answers is closed with 1001 (going away) once idle_timeout (0.2 s)
    has passed, and leaves its room; without a heartbeat no ping is sent, the timeout still
    applies. If the close never comes, compare now with the time the client was last seen."""

    async def main() -> None:
        async with asyncio.timeout(TIMEOUT):
            manager = ConnectionManager(heartbeat=heartbeat, idle_timeout=0.2)
            loop = asyncio.get_running_loop()
            started = loop.time()
            client = await Client.start(manager, "a", via_manager=True)
            code = await client.peer.wait_closed()
            waited = loop.time() - started
            assert code == 1001, f"expected close code 1001, got {code}"
            assert waited >= 0.2, (
                f"expected no close before idle_timeout (0.2 s), closed after {waited:.3f} s"
            )
            if heartbeat is None:
                assert client.peer.frames == [], (
                    f"expected no ping without heartbeat, got {client.peer.frames}"
                )
            await tasks_end()
            assert manager.rooms() == [], f"got {manager.rooms()}"

    run(main)


def test_the_heartbeat_removes_a_member_whose_client_is_known_gone() -> None:
    """An endpoint that catches WebSocketDisconnect and carries on (its task still running)
    leaves a member whose client_state is DISCONNECTED. The next heartbeat removes it, while
    a live member keeps getting pings."""

    async def main() -> None:
        async with asyncio.timeout(TIMEOUT):
            manager = ConnectionManager(heartbeat=0.05)
            live = await Client.start(manager, "a")
            peer, carry_on = Peer("/chat/a"), asyncio.Event()
            websocket = peer.websocket()

            async def endpoint() -> None:
                await manager.connect("a", websocket)
                try:
                    await websocket.receive_text()
                except WebSocketDisconnect:
                    await carry_on.wait()  # other work, long after the client left

            task = asyncio.create_task(endpoint())
            await peer.wait_accepted()
            peer.leave()
            seen = len(live.peer.frames)
            await live.peer.wait_frames(seen + 2)  # two ticks: the removal has happened
            assert manager.members("a") == [live.websocket], f"got {manager.members('a')}"
            carry_on.set()
            await task
            live.peer.leave()
            await tasks_end()

    run(main)


def test_heartbeat_settings_are_checked_once_at_construction() -> None:
    """Settings that cannot work are refused when the manager is built, not at the first
    connection: a non-positive interval, a queue of size 0, an unknown overflow policy, and
    an idle_timeout not longer than the heartbeat (a client answers a ping at the earliest
    one heartbeat after its last message)."""
    for bad in (
        {"heartbeat": 0},
        {"idle_timeout": -1.0},
        {"heartbeat": 1.0, "idle_timeout": 1.0},
        {"queue_size": 0},
        {"overflow": "block"},
    ):
        with pytest.raises(ValueError, match="must"):
            ConnectionManager(**bad)  # type: ignore[arg-type]
