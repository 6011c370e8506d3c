"""Fan-out under load: the naive broadcast loop against the queued ConnectionManager.

    cd p10_websocket && python bench.py [--clients 1000] [--messages 150] [--rate 10] [--burst 50]
    python bench.py --quick          # a smoke run: 50 clients, a few messages
    nox -s bench -- p10 [options]

One uvicorn worker serves a room of `--clients` websocket clients. One of them sends
messages that carry their send time; every client (the sender too) records how long each
took to arrive. Two phases: `--messages` paced at `--rate` per second, below what the server
can do, so a latency is what a delivery costs and not time spent in a queue; then `--burst`
messages back to back, to see how many deliveries per second the server manages flat out.

Four runs, each on a fresh server: (a) the naive `for ws in room: await ws.send_text(m)` loop
and (b) the queued `ConnectionManager`, each without and with ONE slow client: a socket with a
4 KiB receive buffer that asks for one 8 MiB message and never reads, so the server's buffers
towards it are full from the start (as after a while of chat with a client in a tunnel). From
then on every `send` to it waits forever: the naive loop stalls the whole room; the manager
drops that client's oldest messages, and everyone else carries on.

The clients run in this process, the server in another, pinned to different CPU cores where
the machine has two (they must not share one core: the clients' work would be counted as
the server's). Read the numbers as a comparison between the four runs of ONE invocation; on a
shared machine absolute numbers move by a third between runs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import resource
import socket
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from coursekit.servers import running_server

HERE = Path(__file__).resolve().parent
ROOM = "bench"
SLOW_CLIENT_BUFFER = 4096  # bytes of receive buffer
FLOOD_REQUEST = "flood"  # what the slow client asks for: FLOOD, a message too big for any buffer
FLOOD = bytes(8 * 1024 * 1024)
STALL_SECONDS = 3.0  # no delivery for this long after the last send: the room has stalled


# --- the server (runs in the uvicorn process: `uvicorn --factory bench:make_app`) ----------------


def make_app() -> Callable[..., Awaitable[None]]:
    """Two endpoints, one room each: /naive broadcasts with the loop everyone writes first,
    /queued with the ConnectionManager (the seed's endpoint, with its tidy `finally`). Both
    answer the text "flood" with a private 8 MiB message (see `slow_client`). GET /cpu is the
    server's own CPU time, so the bench can say what one delivery costs the server."""
    from miniasgi import JSONResponse, WebSocket, WebSocketDisconnect
    from miniasgi.types import Receive, Scope, Send
    from miniws.manager import ConnectionManager

    members: set[WebSocket] = set()
    manager = ConnectionManager()

    async def naive(websocket: WebSocket) -> None:
        await websocket.accept()
        members.add(websocket)
        try:
            while True:
                message = await websocket.receive_text()
                if message == FLOOD_REQUEST:
                    await websocket.send_bytes(FLOOD)
                    continue
                for member in list(members):
                    with contextlib.suppress(WebSocketDisconnect, RuntimeError):  # a member just left
                        await member.send_text(message)
        except WebSocketDisconnect:
            pass
        finally:
            members.discard(websocket)

    async def queued(websocket: WebSocket) -> None:
        await manager.connect(ROOM, websocket)
        try:
            while True:
                message = await websocket.receive_text()
                if message == FLOOD_REQUEST:
                    await manager.send_personal(websocket, FLOOD)
                    continue
                await manager.broadcast(ROOM, message)
        except WebSocketDisconnect:
            pass
        finally:
            await manager.disconnect(websocket)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":  # the readiness probe, and the server's CPU time
            await JSONResponse({"cpu": time.process_time()})(scope, receive, send)
        elif scope["type"] == "websocket":
            endpoint = naive if scope["path"] == "/naive" else queued
            await endpoint(WebSocket(scope, receive, send))

    return app


# --- the clients (this process) ---------------------------------------------------------------------
# Raw asyncio protocols, not a websocket library: 1,000 clients in one Python process must cost
# far less per message than the server does, or the bench measures the clients. A client only
# parses frame headers (a server's frames are never masked) and answers pings.


def handshake(host: str, port: int, path: str) -> bytes:
    return (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    ).encode()


def client_frame(opcode: int, payload: bytes) -> bytes:
    """A client frame must be masked (RFC 6455 5.3); a zero mask key leaves the payload as is."""
    size = len(payload)
    length = bytes([0x80 | size]) if size < 126 else bytes([0x80 | 126]) + size.to_bytes(2, "big")
    return bytes([0x80 | opcode]) + length + b"\0\0\0\0" + payload


@dataclass
class Tally:
    """What the receivers saw: one latency (ns) per delivered message, and when the last came."""

    latencies: list[int] = field(default_factory=list)
    last_arrival: int = 0


class Client(asyncio.Protocol):
    """One member: completes the handshake, then records each text message's latency."""

    def __init__(self, tally: Tally) -> None:
        self.tally = tally
        self.opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.buffer = bytearray()
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # a TCP transport: a full Transport

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.opened.done():
            self.opened.set_exception(ConnectionError("closed during the handshake"))

    def send(self, text: str) -> None:
        assert self.transport is not None
        self.transport.write(client_frame(0x1, text.encode()))

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer
        buffer += data
        if not self.opened.done():
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            if not buffer.startswith(b"HTTP/1.1 101"):
                self.opened.set_exception(ConnectionError(bytes(buffer[: end + 4]).decode()))
                return
            del buffer[: end + 4]
            self.opened.set_result(None)
        position, size = 0, len(buffer)
        while size - position >= 2:
            length, head = buffer[position + 1] & 0x7F, 2
            if length == 126:
                length, head = int.from_bytes(buffer[position + 2 : position + 4], "big"), 4
            elif length == 127:
                length, head = int.from_bytes(buffer[position + 2 : position + 10], "big"), 10
            if size - position < head + length:
                break
            opcode, start = buffer[position] & 0x0F, position + head
            if opcode == 0x1:
                self.arrived(buffer[start : start + 12 + 20])
            elif opcode == 0x9 and self.transport is not None:  # ping: answer, or uvicorn hangs up
                self.transport.write(client_frame(0xA, bytes(buffer[start : start + length])))
            position = start + length
        del buffer[:position]

    def arrived(self, head: bytearray) -> None:
        tally, now = self.tally, time.perf_counter_ns()
        tally.latencies.append(now - int(head.split(b" ", 2)[1]))
        tally.last_arrival = now


async def join(host: str, port: int, path: str, tally: Tally) -> Client:
    _, client = await asyncio.get_running_loop().create_connection(lambda: Client(tally), host, port)
    assert client.transport is not None
    client.transport.write(handshake(host, port, path))
    await client.opened
    return client


async def slow_client(host: str, port: int, path: str) -> socket.socket:
    """A member that stopped reading: a phone in a tunnel. Its receive buffer is tiny, and it
    asks the server for one 8 MiB message first (FLOOD_REQUEST) and never reads it, so the
    server's socket buffers towards it are full from the start, as they would be after a
    while of chat. From then on every send to it waits, forever."""
    loop = asyncio.get_running_loop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, SLOW_CLIENT_BUFFER)  # before connect
    sock.setblocking(False)
    await loop.sock_connect(sock, (host, port))
    await loop.sock_sendall(sock, handshake(host, port, path))
    answer = b""
    while b"\r\n\r\n" not in answer:
        answer += await loop.sock_recv(sock, 1)  # byte by byte: not one byte of a frame more
    if not answer.startswith(b"HTTP/1.1 101"):
        raise RuntimeError(f"the slow client was refused: {answer!r}")
    await loop.sock_sendall(sock, client_frame(0x1, FLOOD_REQUEST.encode()))
    return sock


@dataclass
class Result:
    """One run: the paced phase's deliveries, latencies and server CPU; the burst's rate."""

    name: str
    expected: int
    delivered: int
    p50_ms: float
    p99_ms: float
    server_us: float  # server CPU time per delivery, paced phase
    burst_rate: float | None  # deliveries per second in the burst; None if the room stalled


async def run_room(url: str, name: str, path: str, options: argparse.Namespace, slow: bool) -> Result:
    """Join the clients (and the slow one), then two phases. Paced: `--messages` at `--rate`
    per second, below what the server can do, so a latency is the cost of a delivery, not
    time spent in a queue. Burst: `--burst` messages back to back: how many deliveries per
    second the server manages when it is the bottleneck."""
    host, port_text = url.removeprefix("http://").split(":")
    port, tally = int(port_text), Tally()
    limit = asyncio.Semaphore(100)

    async def one() -> Client:
        async with limit:
            return await join(host, port, path, tally)

    clients = await asyncio.gather(*(one() for _ in range(options.clients)))
    laggard = await slow_client(host, port, path) if slow else None
    sender, padding = clients[0], "x" * options.size
    try:
        cpu_before = await server_cpu(url)
        started = time.monotonic()
        for number in range(options.messages):
            await asyncio.sleep(max(0.0, started + number / options.rate - time.monotonic()))
            sender.send(f"{number} {time.perf_counter_ns()} {padding}")
        expected = options.clients * options.messages
        complete = await until_delivered(tally, expected)
        server_us = (await server_cpu(url) - cpu_before) / max(1, len(tally.latencies)) * 1e6
        latencies = sorted(tally.latencies)
        delivered, burst_rate = len(latencies), None
        if complete:
            burst_start = time.perf_counter_ns()
            for number in range(options.burst):
                sender.send(f"{number} {time.perf_counter_ns()} {padding}")
            if await until_delivered(tally, expected + options.clients * options.burst):
                burst_rate = options.clients * options.burst / ((tally.last_arrival - burst_start) / 1e9)
    finally:
        for client in clients:
            if client.transport is not None:
                client.transport.abort()  # the server is stopped next: no need to close politely
        if laggard is not None:
            laggard.close()

    def percentile(fraction: float) -> float:
        return latencies[min(delivered - 1, int(delivered * fraction))] / 1e6 if delivered else float("nan")

    return Result(name, expected, delivered, percentile(0.50), percentile(0.99), server_us, burst_rate)


async def until_delivered(tally: Tally, expected: int) -> bool:
    """Wait until `expected` messages have arrived (True), or none has for STALL_SECONDS
    (False: the room stalled). Polled, not signalled: waking this task on each of 100,000s
    of arrivals would cost the clients more than their own work."""
    seen, quiet_since = -1, time.monotonic()
    while (count := len(tally.latencies)) < expected:
        if count != seen:
            seen, quiet_since = count, time.monotonic()
        elif time.monotonic() - quiet_since > STALL_SECONDS:
            return False
        await asyncio.sleep(0.05)
    return True


async def server_cpu(url: str) -> float:
    async with httpx.AsyncClient() as http:
        seconds: float = (await http.get(url + "/cpu", timeout=30)).json()["cpu"]
        return seconds


# --- orchestration --------------------------------------------------------------------------------


@contextlib.contextmanager
def cpu(core: int | None) -> Iterator[None]:
    """Run the block pinned to `core` (children started inside inherit it), then restore."""
    if core is None:
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {core})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def cores() -> tuple[int | None, int | None]:
    """(server core, client core): two different cores if this machine lets us choose."""
    available = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    return (available[0], available[1]) if len(available) >= 2 else (None, None)


def pinned() -> str:
    server_core, client_core = cores()
    if server_core is None:
        return "\n(one CPU core available: the server and the clients shared it)"
    return f"\n(the server ran on CPU core {server_core}, the clients on core {client_core})"


def raise_open_file_limit(clients: int) -> None:
    """Each client is a socket here and another in the server (+ a margin for the rest)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = clients + 256
    if soft < wanted:
        if hard != resource.RLIM_INFINITY and hard < wanted:
            sys.exit(f"--clients {clients} needs {wanted} open files; the hard limit is {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def measure(name: str, path: str, options: argparse.Namespace, slow: bool) -> Result:
    server_core, client_core = cores()
    command = [sys.executable, "-m", "uvicorn", "--factory", "bench:make_app", "--app-dir", str(HERE)]
    command += ["--host", "{host}", "--port", "{port}", "--log-level", "warning", "--backlog", "4096"]
    with cpu(server_core), running_server(command) as url, cpu(client_core):
        return asyncio.run(run_room(url, name, path, options, slow))


def report(results: list[Result], options: argparse.Namespace) -> None:
    print(f"\n{'run':32} {'delivered':>15} {'p50 ms':>7} {'p99 ms':>7} {'server us':>10} {'burst msg/s':>12}")
    for r in results:
        burst = f"{r.burst_rate:,.0f}" if r.burst_rate is not None else "-"
        stalled = "" if r.delivered == r.expected else "  <- stalled"
        line = f"{r.name:32} {r.delivered:>7}/{r.expected:<7} {r.p50_ms:>7.1f} {r.p99_ms:>7.1f}"
        server_us = f"{r.server_us:.1f}" if not stalled else "-"
        print(f"{line} {server_us:>10} {burst:>12}{stalled}")
    print(
        f"\n{options.clients} clients in one room on one uvicorn worker; {options.messages} messages"
        f" of {options.size} B sent at {options.rate:g}/s, then a burst of {options.burst}."
        "\ndelivered, p50/p99: one message reaching one client, send to arrival, paced phase;"
        f"\nserver us: the server's CPU time per delivery; burst msg/s: deliveries per second;{pinned()}"
        f"\nstalled: nothing arrived for {STALL_SECONDS:g} s (latencies are those of what did arrive)."
    )


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--clients", type=int, default=1000, help="members of the room (default 1000)")
    parser.add_argument("--messages", type=int, default=150, help="paced messages (default 150)")
    parser.add_argument("--rate", type=float, default=10.0, help="paced messages per second (default 10)")
    parser.add_argument("--burst", type=int, default=50, help="messages sent back to back (default 50)")
    parser.add_argument("--size", type=int, default=1000, help="padding bytes per message (default 1000)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 50 clients, 20 + 10 messages")
    options = parser.parse_args(argv)
    if options.quick:
        options.clients, options.messages, options.rate, options.burst = 50, 20, 100.0, 10
    return options


def main(argv: list[str] | None = None) -> None:
    options = parse(argv)
    raise_open_file_limit(options.clients)
    runs = [
        ("naive loop", "/naive", False),
        ("naive loop + 1 slow client", "/naive", True),
        ("queued manager", "/queued", False),
        ("queued manager + 1 slow client", "/queued", True),
    ]
    results = []
    for name, path, slow in runs:
        print(f"{name} ...", flush=True)
        results.append(measure(name, path, options, slow))
    report(results, options)


if __name__ == "__main__":
    main()
