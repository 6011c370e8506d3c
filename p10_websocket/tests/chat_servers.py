"""Helpers for the tests that run examples/chat.py in real server processes sharing one Redis."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
from coursekit import running_server
from redis import Redis

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
UVICORN = [sys.executable, "-m", "uvicorn", "--app-dir", str(EXAMPLES), "chat:app"]
UVICORN += ["--host", "{host}", "--port", "{port}"]
GUNICORN = [sys.executable, "-m", "gunicorn", "-w", "2", "-k", "uvicorn_worker.UvicornWorker"]
GUNICORN += ["-b", "{host}:{port}", "--chdir", str(EXAMPLES), "chat:app"]
CHANNEL_PREFIX = "miniws:"  # RedisBroadcast's default, which examples/chat.py keeps


@contextmanager
def chat_servers(redis_url: str, count: int = 2) -> Iterator[list[str]]:
    """`count` uvicorn processes serving examples/chat.py with REDIS_URL set: their base URLs."""
    with ExitStack() as stack:
        env = {"REDIS_URL": redis_url}
        yield [
            stack.enter_context(running_server(UVICORN, env=env, ready_path="/stats")) for _ in range(count)
        ]


def ws_url(base_url: str, room: str) -> str:
    return base_url.replace("http://", "ws://") + f"/chat/{room}"


def subscribers(redis_url: str, rooms: list[str]) -> dict[str, int]:
    """How many connections Redis would hand a message for each room to (PUBSUB NUMSUB): one
    per server process that has members in the room."""
    with Redis.from_url(redis_url) as redis:
        counts = dict(redis.pubsub_numsub(*(CHANNEL_PREFIX + room for room in rooms)))
    return {room: int(counts[(CHANNEL_PREFIX + room).encode()]) for room in rooms}


def wait_for_subscribers(redis_url: str, wanted: Mapping[str, int], timeout: float = 10.0) -> None:
    """Poll Redis (an external process, with a deadline) until each room has the wanted
    number of subscribed processes: 0 once the last member of every process left, say."""
    deadline = time.monotonic() + timeout
    while (got := subscribers(redis_url, list(wanted))) != wanted and time.monotonic() < deadline:
        time.sleep(0.05)
    assert got == wanted, (
        f"subscribed processes per room: expected {dict(wanted)}, got {got} after {timeout:.0f}s"
    )


def wait_until_idle(base_url: str, timeout: float = 10.0) -> dict[str, object]:
    """Poll GET /stats (with a deadline) until the process holds no room and no miniws task."""
    deadline = time.monotonic() + timeout
    while True:
        stats: dict[str, object] = httpx.get(base_url + "/stats", timeout=5).json()
        if (stats["rooms"], stats["tasks"]) == ({}, []) or time.monotonic() > deadline:
            return stats
        time.sleep(0.05)
