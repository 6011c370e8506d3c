"""Timing ASGI apps in process: the instrument every project's bench.py shares.

An app is driven directly (no server, no HTTP parsing, no socket), so the numbers show the
framework's own per-request work, the part a framework decides. Apps under comparison take
turns within each round, so the machine's other jobs disturb all of them alike, and each
app's time is its best round (the least disturbed one). Read ratios between apps measured in
the same run, never absolute numbers: those move by a third between runs on a shared machine.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Call:
    """One request: method, path, query string, body, and headers (JSON by default)."""

    method: str
    path: str
    query: bytes = b""
    body: bytes = b""
    headers: tuple[tuple[bytes, bytes], ...] = field(default=((b"content-type", b"application/json"),))

    def scope(self) -> dict[str, Any]:
        return {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.4"},
            "http_version": "1.1",
            "method": self.method,
            "scheme": "http",
            "path": self.path,
            "raw_path": self.path.encode(),
            "root_path": "",
            "query_string": self.query,
            "headers": [*self.headers, (b"host", b"testserver")],
            "client": ("127.0.0.1", 1),
            "server": ("testserver", 80),
            "state": {},
        }


async def answer(app: Any, call: Call) -> tuple[int, bytes]:
    """The status and body `app` answers `call` with."""
    status, chunks = 0, []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": call.body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(call.scope(), receive, send)
    return status, b"".join(chunks)


async def microseconds(app: Any, call: Call, n: int) -> float:
    """Mean time of `n` requests, in microseconds."""
    start = time.perf_counter()
    for _ in range(n):
        await answer(app, call)
    return (time.perf_counter() - start) / n * 1e6


async def best_times(apps: list[Any], call: Call, n: int, rounds: int = 5) -> list[float]:
    """Microseconds per request for each app: the best of `rounds` rounds, the apps taking turns."""
    best = [float("inf")] * len(apps)
    for _ in range(rounds):
        for index, app in enumerate(apps):
            best[index] = min(best[index], await microseconds(app, call, n))
    return best


def spread(values: list[float]) -> str:
    """A ratio over several runs: its median, and its lowest and highest."""
    return f"{statistics.median(values):5.2f}x ({min(values):.2f}-{max(values):.2f})"


__all__ = ["Call", "answer", "best_times", "microseconds", "spread"]
