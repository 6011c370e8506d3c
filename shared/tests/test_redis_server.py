"""The Redis helper: a private server that answers while the block runs and is gone after."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from coursekit import require
from coursekit.redis_server import RedisDidNotStart, running_redis


def _command(url: str, command: bytes) -> bytes:
    parts = urlsplit(url)
    assert parts.hostname is not None
    assert parts.port is not None
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as connection:
        connection.sendall(command)
        return connection.recv(1024)


@pytest.mark.timeout(30)
def test_running_redis_answers_then_stops() -> None:
    """Inside the block the URL's server answers PING and keeps what it is given; after the
    block nothing listens there any more (the stopped server looks like an outage)."""
    require(shutil.which("redis-server") is not None, "redis-server (apt-get install -y redis-server)")
    with running_redis() as url:
        parts = urlsplit(url)
        assert (parts.scheme, parts.hostname, parts.path) == ("redis", "127.0.0.1", "/0"), f"got {url!r}"
        assert _command(url, b"PING\r\n") == b"+PONG\r\n"
        assert _command(url, b"SET course p09\r\n") == b"+OK\r\n"
        assert _command(url, b"GET course\r\n") == b"$3\r\np09\r\n"
        saves = _command(url, b"CONFIG GET save\r\n")
        assert saves.endswith(b"$0\r\n\r\n"), f"expected persistence off (save ''), got {saves!r}"
    with pytest.raises(ConnectionRefusedError):
        _command(url, b"PING\r\n")


@pytest.mark.timeout(30)
def test_two_servers_are_independent() -> None:
    """Each call gets its own server on its own port: tests never share state by accident."""
    require(shutil.which("redis-server") is not None, "redis-server (apt-get install -y redis-server)")
    with running_redis() as first, running_redis() as second:
        assert first != second, "expected two different ports"
        _command(first, b"SET only-here 1\r\n")
        assert _command(second, b"EXISTS only-here\r\n") == b":0\r\n"


def test_a_missing_redis_server_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without redis-server on PATH the helper explains what to install instead of failing
    somewhere inside subprocess."""
    monkeypatch.setenv("PATH", "")
    with pytest.raises(RedisDidNotStart, match="apt-get install"), running_redis():
        pass


def _fake_redis_server(folder: Path, script: str) -> str:
    """A `redis-server` on a PATH of its own that runs `script` (sh) instead of Redis."""
    fake = folder / "redis-server"
    fake.write_text(f"#!/bin/sh\n{script}\n")
    fake.chmod(0o755)
    return str(folder)


@pytest.mark.timeout(30)
def test_a_redis_that_exits_reports_its_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When redis-server exits at once (a bad option, a port taken), the error carries what
    it printed, so the test failure explains itself."""
    monkeypatch.setenv("PATH", _fake_redis_server(tmp_path, "echo 'FATAL CONFIG FILE ERROR'; exit 1"))
    with pytest.raises(RedisDidNotStart, match="FATAL CONFIG FILE ERROR"), running_redis():
        pass


@pytest.mark.timeout(30)
def test_a_redis_that_never_answers_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A redis-server that runs but never answers PING fails after the timeout, and is
    stopped rather than left behind."""
    sleep = shutil.which("sleep")  # found before PATH is narrowed to the fake's folder
    monkeypatch.setenv("PATH", _fake_redis_server(tmp_path, f"echo 'starting slowly'; exec {sleep} 60"))
    with pytest.raises(RedisDidNotStart, match="did not answer PING"), running_redis(timeout=1.0):
        pass
