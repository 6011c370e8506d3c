"""Milestone 8: the seed app under a real gunicorn, over real HTTP.

In-process tests call the app directly; here a real server parses real HTTP, builds the
environ, and sends what the app returns over a socket. We try both of gunicorn's common
worker types: `sync` (one request at a time per process) and `gthread` (a thread pool).
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator

import httpx
import pytest
from coursekit import running_server

from .wsgi import EXAMPLES


@pytest.fixture(scope="module", params=["sync", "gthread"])
def base_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """examples/app.py served by gunicorn, as in `gunicorn --chdir examples app:app`."""
    command = [
        sys.executable, "-m", "gunicorn", "--chdir", str(EXAMPLES), "app:app",
        "--bind", "{host}:{port}", "--workers", "1", "--worker-class", request.param, "--threads", "2",
    ]  # fmt: skip
    with running_server(command, ready_path="/hello/ready") as url:
        yield url


@pytest.mark.timeout(60)
def test_hello_douglas(base_url: str) -> None:
    """curl localhost:8000/hello/Douglas -> Hello, Douglas! (exactly, as text/plain)."""
    response = httpx.get(f"{base_url}/hello/Douglas", timeout=10)
    assert response.status_code == 200
    assert response.text == "Hello, Douglas!", f"got {response.text!r}"
    assert response.headers["content-type"] == "text/plain"


@pytest.mark.timeout(60)
def test_create_user(base_url: str) -> None:
    """POST /users {"name": "Alice"} -> 201 {"id": 1, "name": "Alice"} (byte for byte)."""
    response = httpx.post(
        f"{base_url}/users",
        content=b'{"name": "Alice"}',
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert response.status_code == 201
    assert response.content == b'{"id": 1, "name": "Alice"}', f"got {response.content!r}"
    assert response.headers["content-type"] == "application/json"


@pytest.mark.timeout(60)
def test_utf8_path_through_a_real_server(base_url: str) -> None:
    """gunicorn passes raw path bytes as latin-1 text (PEP 3333); Zoë must come back as Zoë."""
    response = httpx.get(f"{base_url}/hello/Zo%C3%AB", timeout=10)
    assert response.text == "Hello, Zoë!"


@pytest.mark.timeout(60)
def test_errors_over_the_wire(base_url: str) -> None:
    """404 for an unknown path, 405 with Allow for a wrong method, 400 for broken or incomplete JSON."""
    assert httpx.get(f"{base_url}/nope", timeout=10).status_code == 404
    wrong_method = httpx.get(f"{base_url}/users", timeout=10)
    assert wrong_method.status_code == 405
    assert wrong_method.headers["allow"] == "OPTIONS, POST"
    broken = httpx.post(
        f"{base_url}/users", content=b"{oops", headers={"Content-Type": "application/json"}, timeout=10
    )
    assert broken.status_code == 400
    no_name = httpx.post(f"{base_url}/users", json={"nome": "Alice"}, timeout=10)
    assert no_name.status_code == 400, "a JSON body without 'name' is the client's mistake, not a 500"
    assert "name" in no_name.text


@pytest.mark.timeout(60)
def test_head_over_the_wire(base_url: str) -> None:
    """HEAD gets GET's headers, Content-Length included, and no body."""
    response = httpx.head(f"{base_url}/hello/Douglas", timeout=10)
    assert response.status_code == 200
    assert response.headers["content-length"] == "15"
    assert response.content == b""


@pytest.mark.timeout(60)
def test_chunked_upload_and_size_limit(base_url: str) -> None:
    """A chunked body (no Content-Length) is read via wsgi.input_terminated; a body over the
    1 MiB default limit is refused with 413."""

    def chunks() -> Iterator[bytes]:
        yield b'{"name": '
        yield b'"Chunky"}'

    chunked = httpx.post(
        f"{base_url}/users", content=chunks(), headers={"Content-Type": "application/json"}, timeout=10
    )
    assert (chunked.status_code, chunked.json()) == (201, {"id": 1, "name": "Chunky"})
    too_big = httpx.post(
        f"{base_url}/users",
        content=b"[" + b"0," * 600_000 + b"0]",
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert too_big.status_code == 413


@pytest.mark.timeout(60)
def test_malformed_chunked_body_is_400(base_url: str) -> None:
    """Broken chunked framing makes gunicorn's wsgi.input raise; the app must answer 400
    (the client's mistake), not log a bug and answer 500."""
    host, port = base_url.removeprefix("http://").split(":")
    request = (
        b"POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"
    )
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    status_line = reply.partition(b"\r\n")[0]
    assert status_line == b"HTTP/1.1 400 Bad Request", f"got {status_line!r}"


HALF_CLOSED_REQUESTS = {
    "404": b"GET /nope HTTP/1.1\r\nHost: x\r\n\r\n",
    "405": b"GET /users HTTP/1.1\r\nHost: x\r\n\r\n",
    "400": (
        b"POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{oops"
    ),
    "413": (
        b"POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 2000000\r\n\r\n[1]"
    ),
}


@pytest.mark.timeout(60)
def test_a_half_closed_client_still_gets_its_answer(base_url: str) -> None:
    """A client that half-closes after its request (shutdown(SHUT_WR), as `nc -N` does) still
    reads a complete answer: 404, 405, 400 and 413, five times each. gunicorn does not watch
    the socket while the app runs, so the half-close changes nothing (compare p02 and uvicorn)."""
    host, port = base_url.removeprefix("http://").split(":")
    for status, request in HALF_CLOSED_REQUESTS.items():
        for _ in range(5):
            with socket.create_connection((host, int(port)), timeout=10) as sock:
                sock.sendall(request)
                sock.shutdown(socket.SHUT_WR)
                reply = b""
                while chunk := sock.recv(65536):
                    reply += chunk
            head, _, body = reply.partition(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 " + status.encode()), f"expected {status}, got {head[:40]!r}"
            lengths = [
                line.split(b":")[1].strip()
                for line in head.lower().split(b"\r\n")[1:]
                if line.startswith(b"content-length:")
            ]
            assert lengths == [str(len(body)).encode()], f"the {status} page was cut off: {reply!r}"
