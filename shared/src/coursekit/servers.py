"""Run a real server (gunicorn, uvicorn) for a test, and always clean it up.

The lessons claim "this works under a real server"; these helpers are how the tests prove
it. The server runs as a child process on a free loopback port. We poll it until it answers
HTTP, so a test never races the server's start-up, and we bound every wait, so a server that
never comes up fails the test with its own output instead of hanging CI.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO

import httpx

HOST = "127.0.0.1"


def free_port() -> int:
    """Ask the kernel for a port nobody is listening on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


class ServerDidNotStart(RuntimeError):
    """The server exited or never answered; the message carries what it printed."""


@contextlib.contextmanager
def running_server(
    command: Sequence[str],
    *,
    cwd: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    ready_path: str = "/",
    timeout: float = 20.0,
) -> Iterator[str]:
    """Start `command` and yield its base URL once it answers HTTP on `ready_path`.

    `{host}` and `{port}` in the command are filled in with a free loopback address. Any HTTP
    status counts as ready: a 404 still proves the server is accepting requests.
    """
    port = free_port()
    argv = [part.format(host=HOST, port=port) for part in command]
    base_url = f"http://{HOST}:{port}"
    full_env = {**os.environ, **(env or {})}
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(
            argv,
            cwd=cwd,
            env=full_env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_until_ready(process, base_url + ready_path, timeout, output)
            yield base_url
        finally:
            _stop(process)


def _wait_until_ready(process: subprocess.Popen[bytes], url: str, timeout: float, output: IO[bytes]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerDidNotStart(f"server exited with code {process.returncode}:\n{_read(output)}")
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    _stop(process)
    raise ServerDidNotStart(f"server did not answer {url} within {timeout:.0f}s:\n{_read(output)}")


def _read(output: IO[bytes]) -> str:
    """The tail of what the server printed: enough to see its traceback."""
    output.seek(0)
    return output.read().decode(errors="replace")[-4000:]


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the whole process group (gunicorn has workers), then SIGKILL if needed."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
