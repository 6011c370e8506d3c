"""Run a throw-away Redis for a test, and always clean it up.

The lessons that spread state over several workers (a shared rate limit, a websocket
broadcast) prove it against a real Redis, not a fake: a fake would agree with whatever we
believe Redis does. The server is a child process on a free loopback port with persistence
switched off, so it leaves no dump file behind and never touches a Redis the machine already
runs. We poll it with a raw `PING` until it answers (no client library needed, so the kit
stays free of redis-py) and bound every wait, so a Redis that cannot start fails with its own
output instead of hanging the test session.

Finding `redis-server` is the caller's business: tests pair this with
`coursekit.require(shutil.which("redis-server") is not None, ...)`, which skips on a laptop
without Redis and fails in CI.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from typing import IO

from coursekit.servers import HOST, free_port


class RedisDidNotStart(RuntimeError):
    """redis-server is missing, exited, or never answered PING; the message says which."""


@contextlib.contextmanager
def running_redis(*, timeout: float = 10.0) -> Iterator[str]:
    """Start a private redis-server and yield its URL, `redis://127.0.0.1:<port>/0`.

    On exit the server is stopped (SIGTERM, then SIGKILL), so code that still holds the URL
    sees the same refused connections a real outage gives: tests use that to prove a
    fallback.
    """
    executable = shutil.which("redis-server")
    if executable is None:
        raise RedisDidNotStart("redis-server is not on PATH (apt-get install -y redis-server)")
    port = free_port()
    argv = [executable, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no"]
    # The working directory is where Redis would write a dump: a temporary one, to be safe.
    with tempfile.TemporaryFile() as output, tempfile.TemporaryDirectory() as workdir:
        process = subprocess.Popen(argv, cwd=workdir, stdout=output, stderr=subprocess.STDOUT)
        try:
            _wait_for_pong(process, port, timeout, output)
            yield f"redis://{HOST}:{port}/0"
        finally:
            _stop(process)


def _wait_for_pong(process: subprocess.Popen[bytes], port: int, timeout: float, output: IO[bytes]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RedisDidNotStart(f"redis-server exited with code {process.returncode}:\n{_read(output)}")
        if _answers_ping(port):
            return
        time.sleep(0.02)
    _stop(process)
    raise RedisDidNotStart(f"redis-server did not answer PING within {timeout:.0f}s:\n{_read(output)}")


def _answers_ping(port: int) -> bool:
    """One inline `PING` over a fresh connection: `+PONG` means Redis serves commands now
    (it refuses them with `-LOADING` while it is still starting)."""
    try:
        with socket.create_connection((HOST, port), timeout=1.0) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def _read(output: IO[bytes]) -> str:
    output.seek(0)
    return output.read().decode(errors="replace")[-4000:]


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM (Redis shuts down cleanly, and with persistence off it writes nothing), then
    SIGKILL if it is still there after a few seconds."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
