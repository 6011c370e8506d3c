"""Milestone 2: requests side by side. Sync handlers run in worker threads; slow async
handlers overlap on one event loop, under a real uvicorn."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import anyio
import httpx
import pytest
from coursekit import running_server
from miniasgi import MiniASGI, Request

from .serving import uvicorn_command


def test_sync_handlers_run_in_worker_threads_side_by_side():
    """A sync handler blocks whatever thread runs it, so it must not run on the event loop.
    Two requests each wait inside a sync handler until the other one is inside too: that can only
    happen if each runs in its own worker thread (run_in_threadpool), not on the loop."""
    app = MiniASGI()
    both_inside = threading.Barrier(2, timeout=3)
    handler_threads: list[int] = []

    @app.route("/meet")
    def meet(request: Request) -> str:
        handler_threads.append(threading.get_ident())
        both_inside.wait()  # returns once the other request is in this handler too
        return "met"

    async def one_request(outcomes: list[object]) -> None:
        scope = {"type": "http", "method": "GET", "path": "/meet", "headers": [], "query_string": b""}

        async def receive():
            return {"type": "http.request", "body": b""}

        async def send(message):
            if message["type"] == "http.response.body":
                outcomes.append(message["body"])

        try:
            await app(scope, receive, send)
        except Exception as exc:  # a broken barrier: the handlers never overlapped
            outcomes.append(exc)

    async def main() -> list[object]:
        outcomes: list[object] = []
        async with anyio.create_task_group() as tg:
            tg.start_soon(one_request, outcomes)
            tg.start_soon(one_request, outcomes)
        return outcomes

    outcomes = anyio.run(main)  # the event loop runs in this thread
    assert threading.get_ident() not in handler_threads, "a sync handler ran on the event loop's thread"
    assert outcomes == [b"met", b"met"], (
        f"expected both requests to answer 'met', got {outcomes!r}: the two sync handlers never ran "
        "at the same time (each waited 3 s for the other)"
    )


@pytest.mark.timeout(45)
def test_slow_requests_overlap_under_a_real_uvicorn():
    """examples/app.py under a real uvicorn: two requests to /slow (each `await asyncio.sleep(1)`)
    sent at once both finish in about 1 s, because the awaiting handler hands the loop to the
    other request. If the loop were blocked they would need at least 2 s in all."""
    with running_server(uvicorn_command(), ready_path="/hello/ready") as base_url:
        hello = httpx.get(f"{base_url}/hello/Ada", timeout=10)
        got = (hello.status_code, hello.text)
        assert got == (200, "Hello, Ada!"), f"GET /hello/Ada: got {got!r}"

        def timed_get(_: int) -> tuple[str, float]:
            started = time.perf_counter()
            text = httpx.get(f"{base_url}/slow", timeout=10).text
            return text, time.perf_counter() - started

        started = time.perf_counter()
        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(timed_get, range(2)))
        elapsed = time.perf_counter() - started
    assert [text for text, _ in results] == ["Done after 1 second"] * 2
    durations = " and ".join(f"{seconds:.2f} s" for _, seconds in results)
    # Blocked, the two sleeps run one after the other: 2 s at least. 1.9 s leaves 0.9 s for overhead.
    assert elapsed < 1.9, (
        f"two concurrent 1 s requests took {elapsed:.2f} s in all (each took {durations}); "
        "they ran one after the other, so something blocks the event loop"
    )
