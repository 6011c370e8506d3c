"""Milestone 8 (going further): why a WSGI worker serves one request per thread.

A WSGI call is a plain function call: the worker thread that runs it is busy until it
returns. examples/slow.py sleeps for one second in its view and reports, in `X-Started` and
`X-Finished`, when it began and stopped waiting (the worker's monotonic clock). We send two
requests at the same moment and look at those two intervals:

- one sync worker: the second request only starts once the first has finished (no overlap),
  so both answers take at least 2 s;
- one gthread worker with two threads: each request holds its own thread, so the two
  intervals overlap.

Whether the intervals overlap does not depend on how busy the machine is (a slow machine
makes both requests later, not sequential), so these tests assert the overlap, not a
duration. The one duration asserted, "at least 2 s" for the sync worker, cannot be beaten by
a correct server: two one-second sleeps in a row. Every failure message shows what was measured.
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass

import httpx
import pytest
from coursekit import running_server

from .wsgi import EXAMPLES


@dataclass
class Measured:
    """Two concurrent GET /slow: the wall time until both answered, and each view's interval."""

    elapsed: float  # seconds from sending both requests until both answers were in
    intervals: list[tuple[float, float]]  # (X-Started, X-Finished) per request, earliest first

    def overlap(self) -> bool:
        (_, first_finished), (second_started, _) = self.intervals
        return second_started < first_finished

    def describe(self) -> str:
        origin = self.intervals[0][0]
        views = "; ".join(
            f"request {n} was in the view from {start - origin:.2f} s to {end - origin:.2f} s"
            for n, (start, end) in enumerate(self.intervals, start=1)
        )
        return f"measured: {views}; both answers took {self.elapsed:.2f} s"


def two_at_once(base_url: str) -> Measured:
    """Send two GET /slow at the same moment (a barrier releases both threads together)."""
    barrier = threading.Barrier(2)
    responses: list[httpx.Response] = []
    errors: list[BaseException] = []

    def get() -> None:
        try:
            barrier.wait(timeout=10)
            responses.append(httpx.get(f"{base_url}/slow", timeout=20))
        except BaseException as error:  # reported below, in the test's own thread
            errors.append(error)

    threads = [threading.Thread(target=get) for _ in range(2)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    elapsed = time.perf_counter() - start
    assert not errors, f"a request failed: {errors[0]!r}"
    assert [r.text for r in responses] == ["done\n", "done\n"], f"got {[r.text for r in responses]}"
    intervals = sorted((float(r.headers["x-started"]), float(r.headers["x-finished"])) for r in responses)
    return Measured(elapsed, intervals)


def serve_slow(*options: str) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "--chdir", str(EXAMPLES), "slow:app",
        "--bind", "{host}:{port}", "--workers", "1", *options,
    ]  # fmt: skip


@pytest.mark.timeout(60)
def test_one_sync_worker_serves_requests_one_after_the_other() -> None:
    """1 sync worker: the second request waits for the first, so the two views run one after
    the other (no overlap) and both answers take at least 2 s."""
    with running_server(serve_slow("--worker-class", "sync")) as base_url:
        measured = two_at_once(base_url)
    assert not measured.overlap(), f"one sync worker must not run two views at once; {measured.describe()}"
    assert measured.elapsed >= 1.9, f"two 1 s views in a row take at least 2 s; {measured.describe()}"


@pytest.mark.timeout(60)
def test_two_threads_overlap_two_requests() -> None:
    """1 gthread worker with 2 threads: each request holds its own thread, so the two views run
    at the same time (their intervals overlap)."""
    with running_server(serve_slow("--worker-class", "gthread", "--threads", "2")) as base_url:
        measured = two_at_once(base_url)
    assert measured.overlap(), f"two threads should run the two views at the same time; {measured.describe()}"
