"""Milestone 6: a client that half-closes its connection still gets its error answer.

`nc -N`, and any client that calls `shutdown(SHUT_WR)` after its request, says "I have
nothing more to send" while it waits for the answer. uvicorn takes that end-of-input as the
client leaving: from then on, what the app sends is dropped. An answer sent straight away
still goes out; an answer that first waits for a worker thread loses the race every time.
Starlette sends its 404, 405, 400 and 413 from async code and answers them all; with a sync
default handler (one thread hop) the same requests got nothing at all, 40 times out of 40.

The test serves the same app written twice (tests/half_close_apps.py), with miniasgi and with
Starlette, each under its own real uvicorn on a free loopback port, and sends each error case
20 times from a raw socket that half-closes after the request.
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest
from coursekit import running_server

TESTS = str(Path(__file__).resolve().parent)  # where half_close_apps.py is
TRIES = 20  # a thread hop lost 40 times out of 40: 20 tries leave no room for a lucky pass


def post_json(body: bytes) -> bytes:
    """A POST /echo carrying `body`, with its exact Content-Length."""
    return (
        b"POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
    )


CASES = {
    "404 (no route)": b"GET /nowhere HTTP/1.1\r\nHost: localhost\r\n\r\n",
    "405 (wrong method)": b"DELETE /items/a HTTP/1.1\r\nHost: localhost\r\n\r\n",
    "400 (malformed JSON)": post_json(b"{oops"),
    "413 (body over the limit)": post_json(b"[1, 2, 3, 4, 5, 6, 7]"),  # 21 bytes, limit 16
}


def uvicorn(factory: str) -> list[str]:
    return [
        sys.executable, "-m", "uvicorn", "--app-dir", TESTS, "--factory", f"half_close_apps:{factory}",
        "--host", "{host}", "--port", "{port}",
    ]  # fmt: skip


def half_closed(base_url: str, request: bytes) -> str:
    """Send `request`, half-close, read until the server closes; return the status code, or a
    description of what came back instead of a complete answer."""
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    if not reply:
        return "nothing"
    lines = head.decode("latin-1").split("\r\n")
    lengths = [
        line.split(":", 1)[1].strip() for line in lines[1:] if line.lower().startswith("content-length:")
    ]
    if lengths != [str(len(body))]:
        return f"an incomplete answer: {reply!r}"
    return lines[0].split(" ")[1]


@pytest.mark.timeout(60)
def test_half_closed_clients_get_their_error_answers_as_from_starlette() -> None:
    """404, 405, 400 and 413, each sent 20 times by a client that half-closes after its
    request: every one gets a complete answer (status line, headers, the whole body), with the
    same status as Starlette's under the same uvicorn. A client that gets nothing means the
    answer waited on something (a worker thread): the default exception handler must be an
    async def (milestone 3)."""
    answers: dict[str, dict[str, list[str]]] = {}
    for name in ("starlette", "yours"):
        with running_server(uvicorn(name), ready_path="/items/ready") as base_url:
            answers[name] = {
                case: [half_closed(base_url, raw) for _ in range(TRIES)] for case, raw in CASES.items()
            }
    wrong = []
    for case in CASES:
        real, mine = answers["starlette"][case], answers["yours"][case]
        assert real == [case[:3]] * TRIES, f"{case}: Starlette itself answered {real}"
        if mine != real:
            counts = ", ".join(f"{mine.count(a)} x {a}" for a in sorted(set(mine)))
            wrong.append(f"{case}: Starlette answered {real[0]} to all {TRIES}; yours: {counts}")
    assert not wrong, "half-closed clients:\n" + "\n".join(wrong)
