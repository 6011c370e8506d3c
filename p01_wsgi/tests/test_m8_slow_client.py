"""Milestone 8 (going further): one slow client can hold a sync worker (slowloris).

HTTP lets a client send its request as slowly as it likes: one header line per second is
still a valid request. A gunicorn *sync* worker reads the whole request before it calls the
app, and it reads one connection at a time, so while a slow client trickles its headers,
every other request waits in the queue. Nothing in the app can help: the app has not even
been called yet. The tests put a real slow client (a raw socket sending one header line every
quarter of a second) in front of a real gunicorn, then send one ordinary request:

- one sync worker: the ordinary request is answered only after the slow client has sent its
  last header line;
- the command `nox -s serve -- p01` runs (course.toml's `serve`: gthread, 8 threads): the
  slow client holds one thread, another thread answers the ordinary request at once.

The slow client's pace is the behaviour under test, not a way of waiting for the server: it
waits on an Event that the test sets as soon as the ordinary answer is in. Every socket
operation has a timeout, and the assertions compare the order of events (which a busy
machine delays but cannot swap), printing the times they measured.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from coursekit import running_server

from .wsgi import EXAMPLES

PROJECT = Path(__file__).resolve().parents[1]
PACE = 0.25  # seconds between two header lines of the slow client
NORMAL_REQUEST = b"GET /hello/Douglas HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"


def read_all(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (each recv bounded)."""
    reply = b""
    while chunk := sock.recv(65536):
        reply += chunk
    return reply


def status_line(reply: bytes) -> bytes:
    return reply.partition(b"\r\n")[0]


@dataclass
class SlowClient:
    """A client that sends its request line at once, then one header line every PACE seconds,
    until `stop` is set or `at_most` seconds have passed; then it ends the request and reads
    the answer like any client."""

    address: tuple[str, int]
    at_most: float
    stop: threading.Event = field(default_factory=threading.Event)
    lines: int = 0
    finished: float = 0.0  # monotonic time just before it sent the blank line ending the headers
    reply: bytes = b""
    error: BaseException | None = None

    def connect(self) -> None:
        """Connect and send the request line. Once connect() returns, the kernel has queued
        this connection ahead of any connection made later: a one-at-a-time worker takes it
        first."""
        self.sock = socket.create_connection(self.address, timeout=30)
        self.sock.sendall(b"GET /hello/slowloris HTTP/1.1\r\nHost: localhost\r\n")
        self.thread = threading.Thread(target=self.trickle, daemon=True)
        self.thread.start()

    def trickle(self) -> None:
        try:
            with self.sock:
                deadline = time.monotonic() + self.at_most
                while time.monotonic() < deadline and not self.stop.wait(PACE):
                    self.sock.sendall(b"X-Trickle-%d: 1\r\n" % self.lines)
                    self.lines += 1
                self.finished = time.monotonic()
                self.sock.sendall(b"Connection: close\r\n\r\n")
                self.reply = read_all(self.sock)
        except BaseException as error:  # reported by the test, in its own thread
            self.error = error

    def join(self) -> None:
        self.stop.set()
        self.thread.join(timeout=30)
        assert not self.thread.is_alive(), "the slow client never got its answer"
        assert self.error is None, f"the slow client failed: {self.error!r}"
        assert status_line(self.reply) == b"HTTP/1.1 200 OK", (
            f"the slow client should be answered too, got {status_line(self.reply)!r}"
        )


@dataclass
class Measured:
    """When the ordinary request was sent and answered, against the slow client's last line."""

    started: float
    answered: float
    slow: SlowClient

    def describe(self) -> str:
        return (
            f"measured: the ordinary request was answered after {self.answered - self.started:.2f} s; "
            f"the slow client sent {self.slow.lines} header lines and ended its request after "
            f"{self.slow.finished - self.started:.2f} s"
        )


def one_request_behind_a_slow_client(base_url: str, at_most: float) -> Measured:
    """Connect a slow client, then send one ordinary request and time its answer."""
    host, port = base_url.removeprefix("http://").split(":")
    slow = SlowClient((host, int(port)), at_most=at_most)
    slow.connect()
    try:
        started = time.monotonic()
        with socket.create_connection((host, int(port)), timeout=30) as sock:
            sock.sendall(NORMAL_REQUEST)
            reply = read_all(sock)
        answered = time.monotonic()
    finally:
        slow.stop.set()  # the ordinary request is done: the slow client may end its request
    slow.join()
    assert status_line(reply) == b"HTTP/1.1 200 OK", f"got {status_line(reply)!r}"
    assert reply.endswith(b"Hello, Douglas!"), f"got {reply!r}"
    return Measured(started, answered, slow)


def gunicorn(*options: str) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "--chdir", str(EXAMPLES), "app:app",
        "--bind", "{host}:{port}", "--workers", "1", *options,
    ]  # fmt: skip


def serve_command() -> list[str]:
    """course.toml's `serve` (what `nox -s serve -- p01` runs), on a free loopback port."""
    serve: Sequence[str] = tomllib.loads((PROJECT / "course.toml").read_text())["serve"]
    assert serve[0] == "gunicorn", f"course.toml's serve should start gunicorn, got {serve!r}"
    return [sys.executable, "-m", "gunicorn", *serve[1:], "--bind", "{host}:{port}"]


@pytest.mark.timeout(60)
def test_a_slow_client_holds_a_sync_worker() -> None:
    """One sync worker reads one request at a time: an ordinary request sent while a slow
    client trickles its header lines (for 3 s) is answered only after the slow client has
    sent its last line. This is slowloris; the fix is not in the app (see the README)."""
    with running_server(gunicorn("--worker-class", "sync"), ready_path="/hello/ready") as base_url:
        measured = one_request_behind_a_slow_client(base_url, at_most=3.0)
    assert measured.answered > measured.slow.finished, (
        f"with one sync worker the ordinary request must wait for the slow client; {measured.describe()}"
    )


@pytest.mark.timeout(60)
def test_the_serve_command_answers_beside_a_slow_client() -> None:
    """The command `nox -s serve -- p01` runs (course.toml: gthread workers with 8 threads)
    gives the slow client one thread and answers an ordinary request from another while the
    slow client is still sending its headers (it would go on for up to 15 s)."""
    with running_server(serve_command(), cwd=PROJECT, ready_path="/hello/ready") as base_url:
        measured = one_request_behind_a_slow_client(base_url, at_most=15.0)
    assert measured.answered < measured.slow.finished, (
        f"a free thread should answer while the slow client is still sending; {measured.describe()}"
    )
