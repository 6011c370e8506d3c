"""Milestone 5 (going further): why a WSGI worker can serve only one request at a time.

A WSGI call is a plain function call: the worker thread that runs it is busy until it
returns. examples/slow.py sleeps for one second in its view. With one sync worker, two
concurrent requests queue up (about 2 s in total); with a gthread worker of two threads
they overlap (about 1 s). The bounds are generous so a busy machine does not make this flaky.
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from coursekit import running_server


def two_at_once(base_url: str) -> float:
    """Send two GET /slow at the same moment; return the wall time until both answered."""
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(httpx.get, f"{base_url}/slow", timeout=20) for _ in range(2)]
        responses = [future.result() for future in futures]
    elapsed = time.perf_counter() - start
    assert [r.text for r in responses] == ["done\n", "done\n"]
    return elapsed


def serve_slow(examples: Path, *options: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--chdir",
        str(examples),
        "slow:app",
        "--bind",
        "{host}:{port}",
        *options,
    ]


@pytest.mark.timeout(60)
def test_one_sync_worker_serves_requests_one_after_the_other(examples: Path) -> None:
    """1 sync worker: the second request waits for the first, so two 1 s requests take ~2 s."""
    with running_server(serve_slow(examples, "--workers", "1", "--worker-class", "sync")) as base_url:
        elapsed = two_at_once(base_url)
    assert elapsed >= 1.8, f"two 1 s requests on one sync worker should take ~2 s, took {elapsed:.2f} s"


@pytest.mark.timeout(60)
def test_two_threads_overlap_two_requests(examples: Path) -> None:
    """1 gthread worker with 2 threads: each request holds its own thread, so both finish in ~1 s."""
    command = serve_slow(examples, "--workers", "1", "--worker-class", "gthread", "--threads", "2")
    with running_server(command) as base_url:
        elapsed = two_at_once(base_url)
    assert 0.9 <= elapsed < 1.8, f"two threads should overlap two 1 s requests (~1 s), took {elapsed:.2f} s"
