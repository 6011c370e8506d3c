"""Milestone 4, step 0: a client that stops reading cannot stall its room.

Each connection has a bounded outbox (miniws/outbox.py) and its own sender task; `broadcast`
only appends to outboxes. When an outbox is full, `overflow="drop_oldest"` forgets its oldest
message and counts the drop, `overflow="close"` closes that connection (1013, try again
later). The slow client here is a peer whose every send waits forever (`Peer.stall()`): the
ASGI picture of a client whose TCP window is full. Message size is the server's limit:
uvicorn's `--ws-max-size` closes with 1009 before the app sees anything.
"""

from __future__ import annotations

import asyncio

import pytest
from coursekit import running_server
from miniws.manager import ConnectionManager
from miniws.outbox import Outbox
from websockets.exceptions import ConnectionClosedError
from websockets.sync.client import connect

from .chat_servers import UVICORN, wait_until_idle, ws_url
from .fake_ws import Client, Peer, run, tasks_end

TIMEOUT = 10


async def forget(outbox: Outbox) -> None:
    """The manager's part when a sender ends; a lone outbox needs nothing done."""


def test_a_full_outbox_drops_its_oldest_message_and_counts_it() -> None:
    """An Outbox of size 3 given 5 messages before its sender starts keeps the newest 3 and
    counts 2 drops; started, it sends those 3 in order; stop(None) ends it and sets
    `finished`. put() must never wait: it only appends (dropping first when full)."""

    async def main() -> None:
        async with asyncio.timeout(TIMEOUT):
            peer = Peer()
            websocket = peer.websocket()
            await websocket.accept()
            outbox = Outbox(websocket, queue_size=3, overflow="drop_oldest", close_code=1013)
            for number in range(5):
                outbox.put(f"m{number}")
            assert outbox.dropped == 2, f"expected 2 drops (5 messages, room for 3), got {outbox.dropped}"
            outbox.start(forget)
            got = await peer.wait_frames(3)
            assert got == ["m2", "m3", "m4"], f"expected the newest three in order, got {got}"
            outbox.stop(None)
            await outbox.finished.wait()
            assert peer.close_code is None, f"expected stop(None) to send no close, got {peer.close_code}"
            await tasks_end()

    run(main)


def test_a_full_outbox_with_the_close_policy_closes_its_socket() -> None:
    """overflow="close": the message that does not fit closes the connection with the
    close_code given (1013 here) instead of being queued; nothing more is sent."""

    async def main() -> None:
        async with asyncio.timeout(TIMEOUT):
            peer = Peer()
            websocket = peer.websocket()
            await websocket.accept()
            outbox = Outbox(websocket, queue_size=3, overflow="close", close_code=1013)
            for number in range(4):
                outbox.put(f"m{number}")
            outbox.start(forget)
            assert await peer.wait_closed() == 1013, f"expected a close with 1013, got {peer.close_code}"
            await outbox.finished.wait()
            assert peer.frames == [], f"expected nothing sent once closing, got {peer.frames}"
            await tasks_end()

    run(main)


def test_a_sender_stuck_in_a_send_can_still_be_stopped() -> None:
    """stop() must end a sender even while it waits in a send that never completes (a stalled
    client): the deadline it runs under is moved to now. `finished` is then set, and the close
    frame goes out (close frames are not stalled here, as with uvicorn's sans-io server)."""

    async def main() -> None:
        async with asyncio.timeout(TIMEOUT):
            peer = Peer()
            websocket = peer.websocket()
            await websocket.accept()
            peer.stall()
            outbox = Outbox(websocket, queue_size=3, overflow="drop_oldest", close_code=1013)
            outbox.put("never delivered")
            outbox.start(forget)
            await peer.stuck.wait()
            outbox.stop(1008)
            await outbox.finished.wait()
            assert peer.close_code == 1008, f"expected the close code given to stop(), got {peer.close_code}"
            await tasks_end()

    run(main)


def test_one_client_that_never_reads_does_not_stall_the_room() -> None:
    """Room of 4, one of them stalled, 1,000 broadcasts. broadcast() never waits for the
    stalled socket (else this test times out), the 3 others receive all 1,000 in order, and
    the stalled one, once released, gets the message it was stuck on plus the newest 64
    (its queue size): dropped() counts the other 935."""

    async def main() -> None:
        async with asyncio.timeout(TIMEOUT):
            manager = ConnectionManager(queue_size=64)
            slow = await Client.start(manager, "room")
            slow.peer.stall()
            fast = [await Client.start(manager, "room") for _ in range(3)]
            for number in range(1000):
                await manager.broadcast("room", str(number))
            expected = [str(number) for number in range(1000)]
            for client in fast:
                got = list(await client.peer.wait_frames(1000))
                assert got == expected, f"expected 0..999 in order, got {len(got)} messages: {got[:5]}..."
            dropped = manager.dropped(slow.websocket)
            assert dropped == 1000 - 1 - 64, f"expected 935 drops for the stalled client, got {dropped}"
            slow.peer.release()
            got = list(await slow.peer.wait_frames(65))
            assert got == ["0", *(str(n) for n in range(936, 1000))], f"got {got[:3]}...{got[-3:]}"
            for client in (slow, *fast):
                client.peer.leave()
            await tasks_end()

    run(main)


def test_with_the_close_policy_the_laggard_is_closed_and_removed() -> None:
    """overflow="close", queue_size=8: the stalled member is closed with 1013 (try again
    later) and leaves the room; the others still receive all 100 messages in order."""

    async def main() -> None:
        async with asyncio.timeout(TIMEOUT):
            manager = ConnectionManager(queue_size=8, overflow="close")
            slow = await Client.start(manager, "room")
            slow.peer.stall()
            fast = await Client.start(manager, "room")
            for number in range(100):
                await manager.broadcast("room", str(number))
            assert await slow.peer.wait_closed() == 1013, (
                f"expected close code 1013, got {slow.peer.close_code}"
            )
            assert manager.members("room") == [fast.websocket], f"got {manager.members('room')}"
            got = list(await fast.peer.wait_frames(100))
            assert got == [str(number) for number in range(100)], f"got {got[:5]}..."
            fast.peer.leave()
            await tasks_end()

    run(main)


@pytest.mark.timeout(30)
def test_a_message_over_the_servers_size_limit_closes_with_1009() -> None:
    """The message size limit is the server's: uvicorn --ws-max-size 1024 closes a client
    sending 2,000 bytes with 1009 (message too big) before the app reads it; the manager
    then releases the connection like any other that ended."""
    with running_server([*UVICORN, "--ws-max-size", "1024"], ready_path="/stats") as base_url:
        with connect(ws_url(base_url, "big")) as client:
            client.send("small")
            assert client.recv(timeout=5) == "small"
            client.send("x" * 2000)
            with pytest.raises(ConnectionClosedError) as closed:
                client.recv(timeout=5)
            received = closed.value.rcvd
            assert received is not None, f"expected a close frame from the server, got {closed.value}"
            assert received.code == 1009, f"expected close code 1009 (message too big), got {received.code}"
        stats = wait_until_idle(base_url)
        assert stats == {"rooms": {}, "tasks": []}, f"expected nothing held, got {stats}"
