"""Milestone 2, step 2: a Connection over asyncio streams, then a server and a client around it.

First two Connections joined by a socket pair (no handshake: frames only), then our `serve()`
and `connect()` talking over real loopback TCP, then a raw peer that sends hand-made bytes
(a missing mask, bad UTF-8, silence) to check how our side fails the connection. Every test
runs in `run()`, which fails if a task or a socket outlives it.
"""

from __future__ import annotations

import asyncio

import anyio
import pytest
from miniws.client import connect
from miniws.connection import MAX_QUEUE, Connection, ConnectionClosed
from miniws.frames import Frame, Opcode, close_payload, parse_close
from miniws.handshake import HandshakeError

from .wspeers import RawPeer, Watch, connection_pair, echo, raw_client, raw_pair, run, serving

# Every test here talks over real sockets: a hang fails in seconds, not at the global 60.
pytestmark = pytest.mark.timeout(30)


def test_a_message_crosses_the_connection_both_ways() -> None:
    """The client's send("hello") arrives at the server's recv() as "hello", and the server's
    send(b"bytes") at the client as b"bytes": text stays str, binary stays bytes. If this fails,
    look at send() (a TEXT frame for str, BINARY for bytes, masked on the client side) and at
    the reader task that feeds incoming frames through FrameReader and MessageAssembler."""

    async def main() -> tuple[object, object]:
        async with connection_pair() as (client, server):
            await client.send("hello")
            got_text = await server.recv()
            await server.send(b"bytes")
            return got_text, await client.recv()

    got_text, got_bytes = run(main)
    assert got_text == "hello", f"expected 'hello' at the server, got {got_text!r}"
    assert got_bytes == b"bytes", f"expected b'bytes' at the client, got {got_bytes!r}"


@pytest.mark.parametrize("raw_is_client", [False, True], ids=["client-side", "server-side"])
def test_the_client_masks_its_frames_and_the_server_does_not(raw_is_client: bool) -> None:
    """On the wire, a client's frame has the MASK bit set and a server's has not (RFC 6455
    5.1): the raw peer's FrameReader refuses the frame otherwise. If this fails, look at how
    your Connection picks encode_frame's mask from `client` (a fresh 4-byte key per frame)."""

    async def main() -> Frame:
        async with raw_pair(raw_is_client=raw_is_client) as (connection, raw):
            await connection.send("Hello")
            return await raw.next_frame()

    frame = run(main)
    assert frame == Frame(Opcode.TEXT, b"Hello"), f"expected one TEXT frame 'Hello', got {frame}"


def test_messages_keep_their_order_and_type() -> None:
    """Text and binary, empty and 512 KiB, arrive in the order sent and of the type sent. If a
    big message is cut or corrupted, look at how the reader keeps the bytes of a frame that
    arrives over several reads (FrameReader does it: feed it every chunk)."""
    messages: list[str | bytes] = ["", b"", "é" * 1000, b"\x00\xff" * (1 << 18), "last"]

    async def main() -> list[str | bytes]:
        async with connection_pair() as (client, server):
            for message in messages:
                await client.send(message)
            return [await server.recv() for _ in messages]

    got = run(main)
    assert [type(m) for m in got] == [type(m) for m in messages], "a message changed type"
    assert got == messages, "the messages arrived changed or out of order"


def test_a_reader_that_falls_behind_still_gets_every_message() -> None:
    """The sender sends 3 * MAX_QUEUE messages before the receiver reads any: the receiver's
    reader task pauses when MAX_QUEUE are waiting (backpressure: TCP then slows the sender),
    and resumes as recv() takes them. Every message must arrive, in order. If this hangs, look
    at what wakes the paused reader (recv() making room) and that close() wakes it too."""
    count = 3 * MAX_QUEUE

    async def main() -> list[str | bytes]:
        async with connection_pair() as (client, server):
            sending = asyncio.create_task(_send_all(client, [f"m{i}" for i in range(count)]))
            got = [await server.recv() for _ in range(count)]
            await sending
            return got

    got = run(main)
    assert got == [f"m{i}" for i in range(count)], f"expected m0..m{count - 1} in order, got {got}"


async def _send_all(connection: Connection, messages: list[str]) -> None:
    for message in messages:
        await connection.send(message)


def test_ping_returns_when_the_pong_arrives() -> None:
    """ping(data) sends a PING and returns once the PONG with the same data arrives; the other
    side answers by itself, even while nobody calls its recv(). If ping() hangs, look at the
    reader task: it must answer PING with PONG and resolve the waiter of a matching PONG."""

    async def main() -> str | bytes:
        async with connection_pair() as (client, server):
            with anyio.fail_after(5):
                await client.ping(b"from the client")
                await server.ping(b"from the server")
                await client.ping()
            await client.send("still open")
            return await server.recv()

    got = run(main)
    assert got == "still open", f"expected the connection to work after pings, got {got!r}"


def test_a_ping_that_could_not_be_sent_or_matched_is_refused() -> None:
    """Pongs are matched to pings by their data, so two pings with the same data in flight
    cannot be told apart: the second raises ValueError instead of waiting for the wrong pong.
    A ping's data is at most 125 bytes (a control frame's limit): ValueError too."""

    async def main() -> None:
        async with raw_pair(raw_is_client=False) as (connection, raw):
            with pytest.raises(ValueError, match="125"):
                await connection.ping(b"x" * 126)
            first = asyncio.create_task(connection.ping(b"same"))
            assert await raw.next_frame() == Frame(Opcode.PING, b"same")
            with pytest.raises(ValueError, match="already waiting"):
                await connection.ping(b"same")
            await raw.send(Frame(Opcode.PONG, b"same"))
            await first

    run(main)


def test_an_unsolicited_pong_is_ignored_and_a_pong_answers_older_pings() -> None:
    """A PONG nobody asked for is allowed (a one-way heartbeat) and dropped; a PONG also
    answers every ping sent before its own (RFC 6455 5.5.3 lets a peer answer only the latest
    ping). If recv() returns or raises on the stray pong, look at how the reader treats PONGs."""

    async def main() -> str | bytes:
        async with raw_pair(raw_is_client=True) as (connection, raw):
            await raw.send(Frame(Opcode.PONG, b"nobody asked"))
            older = asyncio.create_task(connection.ping(b"1"))
            newer = asyncio.create_task(connection.ping(b"2"))
            assert [await raw.next_frame(), await raw.next_frame()] == [
                Frame(Opcode.PING, b"1"),
                Frame(Opcode.PING, b"2"),
            ]
            await raw.send(Frame(Opcode.PONG, b"2"))
            with anyio.fail_after(5):
                await asyncio.gather(older, newer)
            await raw.send(Frame(Opcode.TEXT, b"after the pongs"))
            return await connection.recv()

    got = run(main)
    assert got == "after the pongs", f"expected the text after the pongs, got {got!r}"


@pytest.mark.parametrize("closer", ["client", "server"])
def test_close_code_and_reason_reach_the_other_side(closer: str) -> None:
    """close(4000, "bye") on one side: the other side's recv() raises ConnectionClosed with
    code 4000 and reason "bye", it echoes the close frame, and both sides end with that
    close_code. If the closer's close() hangs, the other side does not echo the close frame;
    if the codes differ, look at parse_close and at what close_code reports."""

    async def main() -> tuple[ConnectionClosed, int | None, int | None, str]:
        async with connection_pair() as (client, server):
            closing, other = (client, server) if closer == "client" else (server, client)
            receiving = asyncio.create_task(other.recv())
            await closing.close(4000, "bye")
            with pytest.raises(ConnectionClosed) as raised:
                await receiving
            await other.close()
            return raised.value, closing.close_code, other.close_code, other.close_reason

    error, closing_code, other_code, other_reason = run(main)
    assert (error.code, error.reason) == (4000, "bye"), (
        f"expected (4000, 'bye'), got {(error.code, error.reason)}"
    )
    assert (closing_code, other_code, other_reason) == (4000, 4000, "bye"), (
        f"expected close_code 4000 on both sides, got {closing_code} (closer) and {other_code}"
    )


def test_a_closed_connection_keeps_saying_so() -> None:
    """After the close, every recv() and send() raises ConnectionClosed (not a hang, not an
    OSError), `closed` is True and close() again is harmless."""

    async def main() -> None:
        async with connection_pair() as (client, server):
            assert not client.closed, "a new connection says closed"
            assert client.close_code is None, f"expected no close_code while open, got {client.close_code}"
            await client.close(1001, "going")
            await server.close()
            for _ in range(2):
                with pytest.raises(ConnectionClosed):
                    await server.recv()
            with pytest.raises(ConnectionClosed):
                await client.send("too late")
            with pytest.raises(ConnectionClosed):
                await client.ping()
            await client.close()
            assert client.closed, "expected the client to say closed"
            assert server.closed, "expected the server to say closed"

    run(main)


def test_the_server_echoes_a_close_and_closes_tcp_first() -> None:
    """A raw client sends a close frame: our server answers with a close frame of the same code and reason,
    then closes TCP itself (RFC 6455 7.1.1: the server closes first). If the raw peer sees no
    EOF, look at what your server side does after the echo."""

    async def main() -> list[Frame]:
        async with raw_pair(raw_is_client=True) as (_server, raw):
            await raw.send(Frame(Opcode.CLOSE, close_payload(4001, "done")))
            return await raw.rest()

    frames = run(main)
    assert [parse_close(f.payload) for f in frames] == [(4001, "done")], (
        f"expected one close echo, got {frames}"
    )


def test_a_message_over_max_message_size_closes_with_1009() -> None:
    """max_message_size=1024 and a 2048-byte message: the receiver fails the connection with
    1009 (message too big) instead of buffering it, and the sender's recv() raises
    ConnectionClosed(1009). If the code is 1006, the receiver dropped TCP without a close frame:
    catch the codec's ProtocolError and send a close frame with its code."""

    async def main() -> tuple[int, int | None]:
        async with connection_pair(max_message_size=1024) as (client, server):
            await client.send(b"x" * 2048)
            with pytest.raises(ConnectionClosed) as raised:
                await client.recv()
            with pytest.raises(ConnectionClosed):
                await server.recv()
            return raised.value.code, server.close_code

    at_sender, at_receiver = run(main)
    assert (at_sender, at_receiver) == (1009, 1009), (
        f"expected 1009 on both sides, got {(at_sender, at_receiver)}"
    )


@pytest.mark.parametrize(
    ("frame", "masked", "code"),
    [
        (Frame(Opcode.TEXT, b"Hello"), False, 1002),
        (Frame(Opcode.TEXT, b"\xc3\x28 is not UTF-8"), True, 1007),
        (Frame(Opcode.CONTINUATION, b"of nothing"), True, 1002),
        (Frame(Opcode.CLOSE, b"\x03"), True, 1002),
    ],
    ids=["unmasked-client-frame", "invalid-utf8", "continuation-without-start", "one-byte-close"],
)
def test_a_protocol_error_fails_the_connection_with_its_code(frame: Frame, masked: bool, code: int) -> None:
    """A client that breaks the protocol gets a close frame with the ProtocolError's code (1002
    protocol error, 1007 invalid data), then TCP closes; the application's recv() raises
    ConnectionClosed with the same code. If the raw peer sees EOF with no close frame, send
    the close before dropping TCP; if recv() hangs, make the reader task end on the error."""

    async def main() -> tuple[list[Frame], int]:
        async with raw_pair(raw_is_client=True) as (connection, raw):
            await raw.send(frame, masked=masked)
            frames = await raw.rest()
            with pytest.raises(ConnectionClosed) as raised:
                await connection.recv()
            return frames, raised.value.code

    frames, seen = run(main)
    assert [f.opcode for f in frames] == [Opcode.CLOSE], f"expected a single close frame, got {frames}"
    assert parse_close(frames[0].payload)[0] == code, f"expected close code {code}, got {frames[0].payload!r}"
    assert seen == code, f"expected recv() to raise ConnectionClosed({code}), got {seen}"


def test_a_broken_tcp_connection_is_1006() -> None:
    """The peer drops TCP without a close frame (a crash, a cable): recv() raises
    ConnectionClosed(1006), the code RFC 6455 reserves for "closed abnormally", never sent."""

    async def main() -> int:
        async with raw_pair(raw_is_client=True) as (connection, raw):
            await raw.aclose()
            with pytest.raises(ConnectionClosed) as raised:
                await connection.recv()
            return raised.value.code

    code = run(main)
    assert code == 1006, f"expected 1006 for a dropped connection, got {code}"


def test_echo_through_our_server_and_our_client() -> None:
    """serve() accepts the handshake and runs the handler with the Connection and the path;
    connect() completes the handshake and yields a Connection. Text and binary come back. If
    connect() raises HandshakeError, read its status; if it hangs, check that serve() answers
    the 101 with response_bytes(response_headers(key))."""
    paths: list[str] = []

    async def handler(connection: Connection, path: str) -> None:
        paths.append(path)
        await echo(connection, path)

    async def main() -> list[str | bytes]:
        async with serving(handler) as url, connect(url + "/chat?room=1") as client:
            got = []
            for message in ("text", b"binary", "x" * 100_000):
                await client.send(message)
                got.append(await client.recv())
            return got

    got = run(main)
    assert got == ["text", b"binary", "x" * 100_000], f"expected the three messages back, got {got!r:.200}"
    assert paths == ["/chat?room=1"], f"expected the handler to get the request target, got {paths}"


@pytest.mark.parametrize(("outcome", "code"), [("returns", 1000), ("raises", 1011)])
def test_the_end_of_the_handler_closes_the_connection(outcome: str, code: int) -> None:
    """When the handler returns, the server closes with 1000; when it raises, with 1011
    (internal error), so the client learns that the server failed. If the client sees 1006,
    the server dropped TCP without the closing handshake: call close() after the handler."""

    async def handler(connection: Connection, path: str) -> None:
        if outcome == "raises":
            raise RuntimeError("a bug in the handler (expected by this test)")

    async def main() -> int:
        async with serving(handler) as url, connect(url) as client:
            with pytest.raises(ConnectionClosed) as raised:
                await client.recv()
            return raised.value.code

    got = run(main)
    assert got == code, f"expected close code {code} when the handler {outcome}, got {got}"


def test_leaving_serve_closes_open_connections_with_1001() -> None:
    """Leaving `async with serve(...)` while a client is still connected closes that connection
    with 1001 (going away) and waits for its handler: no handler task may outlive the server.
    If the client sees 1006, the server dropped TCP instead of closing each connection."""
    started = asyncio.Event()

    async def handler(connection: Connection, path: str) -> None:
        started.set()
        await connection.recv()  # waits until the server shuts down

    async def client_side(url: str) -> int:
        async with connect(url) as client:
            with pytest.raises(ConnectionClosed) as raised:
                await client.recv()
            return raised.value.code

    async def main() -> int:
        async with serving(handler) as url:
            client = asyncio.create_task(client_side(url))
            await started.wait()
        return await client

    code = run(main)
    assert code == 1001, f"expected the server's shutdown to close with 1001, got {code}"


@pytest.mark.parametrize(
    ("request_head", "status"),
    [
        (b"GET / HTTP/1.1\r\nHost: example\r\n\r\n", 400),
        (b"POST / HTTP/1.1\r\nHost: example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n", 405),
        (
            b"GET / HTTP/1.1\r\nHost: example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n",
            426,
        ),
        (b"GET / HTTP/1.1\r\n" + (b"X-Filler: " + b"x" * 100 + b"\r\n") * 100 + b"\r\n", 431),
        (b"GET / HTTP/1.1\r\nX-Long: " + b"x" * 70_000 + b"\r\n\r\n", 431),
    ],
    ids=["plain-get", "post", "version-8", "head-over-8KiB", "line-over-64KiB"],
)
def test_the_server_refuses_a_bad_handshake_with_an_http_error(request_head: bytes, status: int) -> None:
    """A request that is not a valid WebSocket handshake gets a complete HTTP error response
    (refusal_bytes) and then the server closes TCP; the handler never runs. If the client waits
    forever, the server did not close after the refusal."""
    calls: list[str] = []

    async def handler(connection: Connection, path: str) -> None:
        calls.append(path)

    async def main() -> bytes:
        async with serving(handler) as url:
            host, port = url.removeprefix("ws://").rsplit(":", 1)
            reader, writer = await asyncio.open_connection(host, int(port))
            writer.write(request_head)
            with anyio.fail_after(10):
                answer = await reader.read()  # everything, until the server closes
            writer.close()
            await writer.wait_closed()
            return answer

    answer = run(main)
    assert answer.startswith(f"HTTP/1.1 {status} ".encode()), f"expected a {status} answer, got {answer!r}"
    assert calls == [], f"the handler must not run for a refused handshake, it ran for {calls}"


def test_a_client_that_hangs_up_during_the_handshake_is_dropped() -> None:
    """Half a request, then the client closes: the server hangs up too, without an answer and
    without running the handler (and without an error in a task nobody awaits)."""
    calls: list[str] = []

    async def handler(connection: Connection, path: str) -> None:
        calls.append(path)

    async def main() -> bytes:
        async with serving(handler) as url:
            host, port = url.removeprefix("ws://").rsplit(":", 1)
            reader, writer = await asyncio.open_connection(host, int(port))
            writer.write(b"GET / HTTP/1.1\r\nHost: exa")
            writer.write_eof()
            with anyio.fail_after(10):
                answer = await reader.read()
            writer.close()
            await writer.wait_closed()
            return answer

    answer = run(main)
    assert answer == b"", f"expected the server to hang up without an answer, got {answer!r}"
    assert calls == [], f"the handler must not run without a handshake, it ran for {calls}"


def test_connect_raises_handshake_error_when_the_server_refuses() -> None:
    """connect() to a server that answers 404 instead of 101 raises HandshakeError with
    status 404 (and closes its socket); a wss:// URI is refused with ValueError."""

    async def not_found(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
        await writer.drain()
        writer.close()
        await writer.wait_closed()

    async def main() -> int:
        server = await asyncio.start_server(not_found, "127.0.0.1", 0)
        async with server:
            port = server.sockets[0].getsockname()[1]
            with pytest.raises(HandshakeError) as raised:
                async with connect(f"ws://127.0.0.1:{port}/nowhere"):
                    pass
        with pytest.raises(ValueError, match="ws://"):
            async with connect("wss://example.com/"):
                pass
        return raised.value.status

    status = run(main)
    assert status == 404, f"expected HandshakeError.status 404, got {status}"


def test_keepalive_closes_a_peer_that_stops_answering_pings() -> None:
    """With ping_interval=0.05 and ping_timeout=0.05, a client that completes the handshake and
    then goes silent (a vanished laptop) is pinged, then closed with 1011 "keepalive ping
    timeout"; the handler's recv() raises ConnectionClosed(1011). If the handler waits forever,
    start a keepalive task in Connection; if the code is wrong, look at what it does on timeout."""

    async def main() -> tuple[ConnectionClosed | None, list[Frame]]:
        watch = Watch()
        async with serving(watch, ping_interval=0.05, ping_timeout=0.05) as url, raw_client(url) as raw:
            with anyio.fail_after(10):
                await watch.ended.wait()
                frames = await raw.rest()
        return watch.error, frames

    error, frames = run(main)
    assert error is not None, "expected the handler's recv() to raise ConnectionClosed"
    assert (error.code, error.reason) == (1011, "keepalive ping timeout"), (
        f"expected (1011, 'keepalive ping timeout'), got {(error.code, error.reason)}"
    )
    assert [f.opcode for f in frames] == [Opcode.PING, Opcode.CLOSE], (
        f"expected a ping then a close, got {frames}"
    )
    assert parse_close(frames[1].payload) == (1011, "keepalive ping timeout"), f"close frame: {frames[1]}"


def test_keepalive_keeps_a_peer_that_answers() -> None:
    """A peer that answers every ping stays connected: after three answered keepalive pings,
    a message still comes back. If the connection closes, check that a pong resolves the
    keepalive's ping (matched by its data) before ping_timeout."""

    async def answer_pings(raw: RawPeer) -> Frame:
        while (frame := await raw.next_frame()).opcode is Opcode.PING:
            await raw.send(Frame(Opcode.PONG, frame.payload))
        return frame

    async def main() -> Frame:
        async with serving(echo, ping_interval=0.01, ping_timeout=5) as url, raw_client(url) as raw:
            with anyio.fail_after(10):
                for _ in range(3):
                    ping = await raw.next_frame()
                    assert ping.opcode is Opcode.PING, f"expected a keepalive ping, got {ping}"
                    await raw.send(Frame(Opcode.PONG, ping.payload))
                await raw.send(Frame(Opcode.TEXT, b"still here"))
                return await answer_pings(raw)

    frame = run(main)
    assert frame == Frame(Opcode.TEXT, b"still here"), f"expected the echo after the pings, got {frame}"


def test_many_connections_leave_nothing_behind() -> None:
    """Ten clients at once, each with keepalive on, echo a message and leave; then the server
    stops. run() counts tasks and open sockets before and after: every reader task, keepalive
    task, handler task and socket must be gone."""

    async def one(url: str, number: int) -> str | bytes:
        async with connect(f"{url}/{number}", ping_interval=0.01) as client:
            await client.send(f"client {number}")
            return await client.recv()

    async def main() -> list[str | bytes]:
        async with serving(echo, ping_interval=0.01) as url:
            return list(await asyncio.gather(*(one(url, n) for n in range(10))))

    got = run(main)
    assert got == [f"client {n}" for n in range(10)], f"expected each client's own echo, got {got}"
