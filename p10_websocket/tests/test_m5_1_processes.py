"""Milestone 5, step 1: one room, several server processes, Redis in between.

examples/chat.py is the seed's chat; with REDIS_URL set its manager uses `RedisBroadcast`.
Two uvicorn processes on two ports stand for two workers behind a load balancer: a client
of each joins the same room and every message reaches the other side, in order. Then the
lesson's production form, `gunicorn -w 2 -k uvicorn_worker.UvicornWorker`: two workers
behind ONE port. The clients are the `websockets` library's, a real peer.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from coursekit import running_server
from websockets.sync.client import ClientConnection, connect

from .chat_servers import GUNICORN, chat_servers, subscribers, wait_for_subscribers, wait_until_idle, ws_url

pytestmark = pytest.mark.timeout(60)
BENCH = Path(__file__).resolve().parent.parent / "bench.py"
MESSAGES = 50


@pytest.fixture(scope="module")
def two_servers(redis_url: str) -> Iterator[list[str]]:
    with chat_servers(redis_url, count=2) as urls:
        yield urls


def receive(client: ClientConnection, count: int) -> list[str]:
    """The next `count` messages (5 s each at most: a message that never comes fails, not hangs)."""
    got = []
    for _ in range(count):
        message = client.recv(timeout=5)
        assert isinstance(message, str), f"expected a text message, got {message!r}"
        got.append(message)
    return got


def test_a_room_spans_two_server_processes(two_servers: list[str], redis_url: str) -> None:
    """A client on server A and one on server B join room R; a client on B joins another
    room. 50 messages from A's client arrive at B's client in order, then 50 from B's at A's.
    (The seed's broadcast includes the sender, so each also receives its own.) The other
    room's client receives only the fence sent to its room afterwards, not one of the 100.

    The messages are sent as soon as the handshakes are done: the manager subscribes a room
    before it accepts the socket, and subscribe() returns once Redis has confirmed, so an open
    socket is reachable from every process. If B receives nothing: is examples/chat.py using
    RedisBroadcast (REDIS_URL is set)? Does publish use the channel the other process
    subscribed to? Out of order: how many tasks read the pub/sub connection?"""
    server_a, server_b = two_servers
    room, other = f"room-{uuid.uuid4().hex[:8]}", f"other-{uuid.uuid4().hex[:8]}"
    with (
        connect(ws_url(server_a, room)) as on_a,
        connect(ws_url(server_b, room)) as on_b,
        connect(ws_url(server_b, other)) as elsewhere,
        connect(ws_url(server_a, other)) as fence,
    ):
        from_a = [f"from A {i}" for i in range(MESSAGES)]
        for message in from_a:
            on_a.send(message)
        assert receive(on_b, MESSAGES) == from_a, "B's client must get A's 50 messages, in order"
        assert receive(on_a, MESSAGES) == from_a, "A's client gets its own messages back (the seed echoes)"

        from_b = [f"from B {i}" for i in range(MESSAGES)]
        for message in from_b:
            on_b.send(message)
        assert receive(on_a, MESSAGES) == from_b, "A's client must get B's 50 messages, in order"
        # Read them all: a websockets client with unread messages stops reading its socket, so
        # it would not see the server's close frame, and closing would wait for its 10 s timeout.
        assert receive(on_b, MESSAGES) == from_b, "B's client gets its own messages back"

        fence.send("fence")
        got = receive(elsewhere, 1)
        assert got == ["fence"], f"the other room's client must get only the fence, got {got}"


def test_when_everyone_leaves_no_process_holds_anything(two_servers: list[str], redis_url: str) -> None:
    """Clients on both servers join, talk, and leave (the seed's endpoint ends with
    WebSocketDisconnect). Then each process's GET /stats shows no room and no miniws task (no
    sender, no Redis reader), and Redis shows no subscriber left for the room: the last member
    to leave a process unsubscribed it, and the backend stopped with the last connection."""
    room = f"room-{uuid.uuid4().hex[:8]}"
    server_a, server_b = two_servers
    with ExitStack() as stack:
        clients = [stack.enter_context(connect(ws_url(url, room))) for url in (server_a, server_b) * 2]
        clients[0].send("hello")
        for client in clients:
            assert receive(client, 1) == ["hello"], "every member gets the message, on either server"
    for url in two_servers:
        stats = wait_until_idle(url)
        assert stats == {"rooms": {}, "tasks": []}, (
            f"{url} still holds something after everyone left: {stats}"
        )
    wait_for_subscribers(redis_url, {room: 0})


@pytest.mark.timeout(90)
def test_gunicorn_workers_share_rooms_through_redis(redis_url: str) -> None:
    """The lesson's command: `gunicorn -w 2 -k uvicorn_worker.UvicornWorker chat:app` with
    REDIS_URL. The kernel spreads connections over the two workers; clients join until both
    workers hold a member of the room (Redis counts two subscribers), and then a message from
    the first client reaches every client, whichever worker serves it. (Each connection is
    polled for: the kernel may hand several in a row to the same worker.)"""
    room = f"room-{uuid.uuid4().hex[:8]}"
    with (
        running_server(GUNICORN, env={"REDIS_URL": redis_url}, ready_path="/stats", timeout=30) as url,
        ExitStack() as stack,
    ):
        clients: list[ClientConnection] = []
        deadline = time.monotonic() + 20
        while subscribers(redis_url, [room]) != {room: 2} and time.monotonic() < deadline:
            clients.append(stack.enter_context(connect(ws_url(url, room))))  # a new TCP connection
        wait_for_subscribers(redis_url, {room: 2})
        print(f"both workers had a member after {len(clients)} connections")
        clients[0].send("hello, both workers")
        for number, client in enumerate(clients):
            got = receive(client, 1)
            assert got == ["hello, both workers"], f"client {number} got {got}"


@pytest.mark.timeout(120)
def test_the_fan_out_bench_runs_and_shows_the_naive_loop_stall() -> None:
    """`python bench.py --quick` (50 clients, a few messages; the real run is 1,000) runs its
    four rooms and reports them. No timing is checked, only the lesson's claim: with ONE
    client that stopped reading, the naive `for ws in room: await ws.send_text(m)` loop
    stalls the whole room, and the queued manager delivers everything to everyone else."""
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick"], capture_output=True, text=True, timeout=110, check=False
    )
    print(done.stdout)
    assert done.returncode == 0, f"bench.py failed:\n{done.stdout}\n{done.stderr}"
    rows = {match[1]: match[0] for match in re.finditer(r"^(\S.*?) +\d+/\d+ .*$", done.stdout, re.MULTILINE)}
    stalled = sorted(name for name, line in rows.items() if "stalled" in line)
    assert len(rows) == 4, f"expected four result rows, got {list(rows)}"
    assert stalled == ["naive loop + 1 slow client"], f"expected only the naive loop to stall, got {stalled}"
