"""Milestone 3, step 3: the proof. Four gunicorn workers, one client, one limit.

tests/limited_app.py allows 10 requests per minute per client and path, and says which
worker answered (`X-Worker-Pid`). Served by `gunicorn -w 4 -k uvicorn_worker.UvicornWorker`,
a burst of 30 requests, 10 at a time, each on a new connection so the workers share them,
gets EXACTLY 10 answers 200 and 20 answers 429 when the budget lives in Redis. With the
in-memory backend each worker counts alone, and the same burst gets more.
"""

from __future__ import annotations

import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import anyio
import httpx
import pytest
from coursekit import running_server

TESTS = Path(__file__).resolve().parent
GUNICORN = [
    sys.executable,
    "-m",
    "gunicorn",
    "-w",
    "4",
    "-k",
    "uvicorn_worker.UvicornWorker",
    "-b",
    "{host}:{port}",
    "--chdir",
    str(TESTS),
    "limited_app:app",
]
LIMIT = 10
INTERVAL = 60 / LIMIT  # T: the burst must end before one request's worth has refilled
REQUESTS, CONCURRENCY = 30, 10
ATTEMPTS = 3


def wait_for_workers(base_url: str, want: int = 2, timeout: float = 20.0) -> set[str]:
    """Probe the exempt /whoami, a few requests at a time on new connections, until `want`
    different workers have answered (they boot one after another). Polling an external
    process with a deadline: no sleep stands in for synchronisation."""
    seen: set[str] = set()
    deadline = time.monotonic() + timeout
    while len(seen) < want and time.monotonic() < deadline:
        seen |= {pid for _, pid in anyio.run(_fire, f"{base_url}/whoami", 8, 4)}
    assert len(seen) >= want, f"only workers {sorted(seen)} answered within {timeout:.0f}s, expected {want}"
    return seen


async def _fire(url: str, count: int, concurrency: int) -> list[tuple[int, str]]:
    """`count` GETs, `concurrency` in flight, each on a new connection (no keep-alive: a
    reused connection would stay with the worker that accepted it). Returns (status, pid)."""
    results: list[tuple[int, str]] = []
    limiter = anyio.CapacityLimiter(concurrency)
    no_reuse = httpx.Limits(max_keepalive_connections=0)
    async with httpx.AsyncClient(limits=no_reuse, timeout=10) as client:

        async def one() -> None:
            async with limiter:
                response = await client.get(url)
                results.append((response.status_code, response.headers.get("x-worker-pid", "?")))

        async with anyio.create_task_group() as group:
            for _ in range(count):
                group.start_soon(one)
    return results


def burst(base_url: str) -> tuple[list[tuple[int, str]], float]:
    """30 requests of one client to a fresh /burst/<name> (a budget of its own); returns the
    (status, pid) pairs and how long the burst took."""
    started = time.monotonic()
    results = anyio.run(_fire, f"{base_url}/burst/{uuid.uuid4().hex}", REQUESTS, CONCURRENCY)
    return results, time.monotonic() - started


def _report(label: str, results: list[tuple[int, str]], seconds: float) -> str:
    by_worker = Counter(pid for _, pid in results)
    statuses = Counter(status for status, _ in results)
    line = f"{label}: {dict(statuses)} in {seconds:.2f}s from workers {dict(by_worker)}"
    print(line)
    return line


@pytest.mark.timeout(60)
def test_four_workers_share_one_limit_in_redis(redis_url: str) -> None:
    """EXACTLY 10 of 30 pass, though several workers answered: every worker's limiter asks
    the same Redis, and the Lua script decides atomically. If more pass, the workers are not
    sharing state (a MemoryBackend?); if fewer, refusals are spending budget. The burst must
    end within T = 6 s, or a refilled request could honestly pass: a slower burst fails with
    that reason instead of a wrong count."""
    with running_server(GUNICORN, env={"REDIS_URL": redis_url}, ready_path="/whoami", timeout=30) as url:
        wait_for_workers(url)
        for attempt in range(1, ATTEMPTS + 1):
            results, seconds = burst(url)
            line = _report(f"redis, burst {attempt}", results, seconds)
            assert seconds < INTERVAL, f"the burst took {seconds:.2f}s, longer than T = {INTERVAL}s: {line}"
            statuses = Counter(status for status, _ in results)
            assert statuses == {200: LIMIT, 429: REQUESTS - LIMIT}, f"expected 10 x 200 and 20 x 429; {line}"
            workers = {pid for _, pid in results}
            if len(workers) > 1:
                break
        assert len(workers) > 1, f"every burst landed on one worker, so sharing is unproven: {line}"


@pytest.mark.timeout(60)
def test_in_memory_each_worker_counts_alone() -> None:
    """The same burst with the in-memory backend: each worker allows 10 of the requests IT
    received, so the total is sum(min(10, requests of that worker)), more than 10 as soon
    as two workers answered. This is why a limit shared by workers needs Redis."""
    with running_server(GUNICORN, env={"REDIS_URL": ""}, ready_path="/whoami", timeout=30) as url:
        wait_for_workers(url)
        for attempt in range(1, ATTEMPTS + 1):
            results, seconds = burst(url)
            line = _report(f"memory, burst {attempt}", results, seconds)
            assert seconds < INTERVAL, f"the burst took {seconds:.2f}s, longer than T = {INTERVAL}s: {line}"
            per_worker = Counter(pid for _, pid in results)
            passed = sum(status == 200 for status, _ in results)
            expected = sum(min(LIMIT, count) for count in per_worker.values())
            assert passed == expected, f"expected {expected} to pass (10 per worker at most); {line}"
            if len(per_worker) > 1:
                break
        assert len(per_worker) > 1, f"every burst landed on one worker: {line}"
        assert passed > LIMIT, f"expected more than {LIMIT} through 2+ separate counters; {line}"
