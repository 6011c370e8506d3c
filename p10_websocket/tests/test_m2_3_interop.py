"""Milestone 2, step 3: our server and client against someone else's WebSocket.

Passing our own tests proves our client and our server agree with each other, which they
would even if both got the same thing wrong. The `websockets` library is an independent,
widely used implementation: its client talks to our server and its server to our client, on
the same echo, ping, close, size and limit scenarios, and on any message hypothesis invents.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import pytest
import websockets.asyncio.client
import websockets.asyncio.server
from coursekit.servers import running_server
from hypothesis import example, given
from hypothesis import strategies as st
from miniws.client import connect
from miniws.connection import Connection, ConnectionClosed
from websockets.exceptions import ConnectionClosed as TheirConnectionClosed

from .wspeers import HOST, Watch, echo, run, serving

# Every test here talks over real sockets: a hang fails in seconds, not at the global 60.
pytestmark = pytest.mark.timeout(30)

PROJECT = Path(__file__).resolve().parents[1]
MiB = 1 << 20
Their = websockets.asyncio.server.ServerConnection


@contextlib.asynccontextmanager
async def their_client(url: str, **options: Any) -> AsyncIterator[websockets.asyncio.client.ClientConnection]:
    """The `websockets` client, without keepalive or proxies, so only our side's choices show."""
    async with websockets.asyncio.client.connect(url, proxy=None, ping_interval=None, **options) as ws:
        yield ws


@contextlib.asynccontextmanager
async def their_server(handler: Callable[[Their], Awaitable[None]], **options: Any) -> AsyncIterator[str]:
    """The `websockets` server on a free loopback port; yields its ws:// URL."""
    async with websockets.asyncio.server.serve(handler, HOST, 0, ping_interval=None, **options) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        yield f"ws://{HOST}:{port}"


async def their_echo(ws: Their) -> None:
    with contextlib.suppress(TheirConnectionClosed):
        async for message in ws:
            await ws.send(message)


def test_our_server_echoes_for_the_websockets_client() -> None:
    """The `websockets` client's text, binary and fragmented messages (sent as several frames)
    come back unchanged from our echo server. If the fragmented ones fail, look at how your
    reader passes CONTINUATION frames to the MessageAssembler."""
    sent: list[Any] = ["hello", b"\x00\x01\xff", ["frag", "men", "ted"], [b"bi", b"nary"]]

    async def main() -> list[str | bytes]:
        async with serving(echo) as url, their_client(url) as ws:
            got = []
            for message in sent:
                await ws.send(message)
                got.append(await ws.recv())
            return got

    got = run(main)
    assert got == ["hello", b"\x00\x01\xff", "fragmented", b"binary"], f"got {got!r}"


def test_our_server_answers_the_websockets_client_ping() -> None:
    """`websockets`' ping() waits for a pong with the same data: our server's reader answers it
    at once, even while the handler is busy elsewhere (not reading)."""
    done = asyncio.Event()

    async def busy(connection: Connection, path: str) -> None:
        await done.wait()  # never calls recv(): the reader task must answer alone

    async def main() -> None:
        async with serving(busy) as url, their_client(url) as ws:
            with anyio.fail_after(10):
                await (await ws.ping(b"are you there"))
            done.set()

    run(main)


def test_close_codes_cross_between_our_server_and_the_websockets_client() -> None:
    """Our handler's close(4001, "done") reaches the `websockets` client as close_code 4001 and
    close_reason "done"; the client's close(4000, "bye") reaches our handler's recv() as
    ConnectionClosed(4000, "bye")."""

    async def closes(connection: Connection, path: str) -> None:
        await connection.close(4001, "done")

    async def main() -> tuple[tuple[object, object], ConnectionClosed | None]:
        async with serving(closes) as url, their_client(url) as ws:
            with pytest.raises(TheirConnectionClosed):
                await ws.recv()
            theirs = (ws.close_code, ws.close_reason)
        watch = Watch()
        async with serving(watch) as url, their_client(url) as ws:
            await ws.close(4000, "bye")
            with anyio.fail_after(10):
                await watch.ended.wait()
        return theirs, watch.error

    theirs, ours = run(main)
    assert theirs == (4001, "done"), f"expected the client to see (4001, 'done'), got {theirs}"
    assert ours is not None, "expected our handler's recv() to raise ConnectionClosed"
    assert (ours.code, ours.reason) == (4000, "bye"), f"expected (4000, 'bye'), got {ours}"


@pytest.mark.parametrize("side", ["our-server", "our-client"])
def test_a_one_mib_message_crosses_both_ways(side: str) -> None:
    """A 1 MiB binary message (exactly both libraries' default limit) crosses and comes back,
    between our server and their client, and between their server and our client. If it is
    refused with 1009, your limit check uses > where it should allow equality."""
    message = bytes(range(256)) * (MiB // 256)

    async def main() -> str | bytes:
        if side == "our-server":
            async with serving(echo) as url, their_client(url) as ws:
                await ws.send(message)
                return await ws.recv()
        async with their_server(their_echo) as url, connect(url) as client:
            await client.send(message)
            return await client.recv()

    got = run(main)
    assert got == message, f"expected the 1 MiB message back unchanged, got {len(got)} bytes"


@pytest.mark.parametrize("side", ["our-server", "our-client"])
def test_a_message_over_the_limit_is_refused_with_1009(side: str) -> None:
    """The receiving side has a 1024-byte limit and the other sends 2048 bytes: the receiver
    closes with 1009 (message too big), and the sender sees that code, whichever library
    sits on either side."""

    async def main() -> object:
        if side == "our-server":
            async with serving(echo, max_message_size=1024) as url, their_client(url) as ws:
                await ws.send(b"x" * 2048)
                with pytest.raises(TheirConnectionClosed):
                    await ws.recv()
                return ws.close_code
        async with their_server(their_echo, max_size=1024) as url, connect(url) as client:
            await client.send(b"x" * 2048)
            with pytest.raises(ConnectionClosed) as raised:
                await client.recv()
            return raised.value.code

    code = run(main)
    assert code == 1009, f"expected close code 1009, got {code}"


def test_our_client_talks_to_the_websockets_server() -> None:
    """Our client against the `websockets` server: an echo, a fragmented message from the
    server, our ping answered by their pong, their ping answered by ours (their handler
    waits for the pong before it says so), and their close(4002, "server done") seen by our
    recv() as ConnectionClosed(4002, "server done")."""

    async def handler(ws: Their) -> None:
        await ws.send(await ws.recv())
        await ws.send(["frag", "ments"])
        await (await ws.ping(b"theirs"))
        await ws.send("your pong arrived")
        await ws.recv()  # waits for our client's "bye" (after our ping)
        await ws.close(4002, "server done")

    async def main() -> tuple[list[str | bytes], ConnectionClosed]:
        async with their_server(handler) as url, connect(url) as client:
            with anyio.fail_after(10):
                await client.send("echo me")
                got = [await client.recv(), await client.recv(), await client.recv()]
                await client.ping(b"ours")
                await client.send("bye")
                with pytest.raises(ConnectionClosed) as raised:
                    await client.recv()
            return got, raised.value

    got, error = run(main)
    assert got == ["echo me", "fragments", "your pong arrived"], f"got {got!r}"
    assert (error.code, error.reason) == (4002, "server done"), f"expected (4002, 'server done'), got {error}"


def test_the_websockets_server_sees_our_client_close_code() -> None:
    """Our client's close(4003, "client done") reaches the `websockets` server's handler as its
    close_code and close_reason."""
    seen: list[tuple[object, object]] = []

    async def handler(ws: Their) -> None:
        with contextlib.suppress(TheirConnectionClosed):
            await ws.recv()
        seen.append((ws.close_code, ws.close_reason))

    async def main() -> None:
        async with their_server(handler) as url, connect(url) as client:
            await client.close(4003, "client done")

    run(main)
    assert seen == [(4003, "client done")], f"expected the server to see (4003, 'client done'), got {seen}"


_text_parts = st.lists(st.text(), min_size=1, max_size=4)
_binary_parts = st.lists(st.binary(), min_size=1, max_size=4)


@pytest.mark.timeout(120)  # a server and a client per example: the explore profile runs 1,000
@example(parts=["Hello"])
@example(parts=["Hel", "lo"])
@example(parts=["é", "", "\U0001f600"])
@example(parts=[b"\x00\xff", b""])
@example(parts=["x" * 70_000])
@given(parts=st.one_of(_text_parts, _binary_parts))
def test_any_message_from_the_websockets_client_comes_back(parts: list[str] | list[bytes]) -> None:
    """Any text or binary message, in one frame or split into several by the `websockets`
    client, comes back from our echo server equal to what was sent."""
    message: str | bytes = "".join(parts) if isinstance(parts[0], str) else b"".join(parts)  # type: ignore[arg-type]

    async def main() -> str | bytes:
        async with serving(echo) as url, their_client(url) as ws:
            await ws.send(parts if len(parts) > 1 else parts[0])
            return await ws.recv()

    got = run(main)
    assert got == message, f"expected {message!r:.200} back, got {got!r:.200}"


@pytest.mark.timeout(120)
@example(message="Hello")
@example(message=b"")
@example(message="\U0001f600" * 40_000)
@given(message=st.one_of(st.text(), st.binary()))
def test_any_message_from_our_client_comes_back_from_the_websockets_server(message: str | bytes) -> None:
    """Any text or binary message our client sends comes back from the `websockets` echo server
    equal and of the same type: their server unmasks what our client masked."""

    async def main() -> str | bytes:
        async with their_server(their_echo) as url, connect(url) as client:
            await client.send(message)
            return await client.recv()

    got = run(main)
    assert got == message, f"expected {message!r:.200} back, got {got!r:.200}"


@pytest.mark.timeout(60)
def test_examples_echo_server_works_with_the_websockets_client() -> None:
    """`python examples/echo_server.py HOST PORT` (the lesson's demo, port 8765 by default) runs
    our server in its own process; the `websockets` client's text and bytes come back. A plain
    HTTP GET, which is how the test waits for the server, gets an HTTP error, not a crash."""
    command = [sys.executable, "examples/echo_server.py", "{host}", "{port}"]

    async def talk(url: str) -> list[str | bytes]:
        async with their_client(url) as ws:
            got = []
            for message in ("hello", b"bytes"):
                await ws.send(message)
                got.append(await ws.recv())
            return got

    with running_server(command, cwd=PROJECT) as base_url:
        got = asyncio.run(talk(base_url.replace("http://", "ws://") + "/"))
    assert got == ["hello", b"bytes"], f"expected the echo of 'hello' and b'bytes', got {got!r}"
