"""Milestone 5: one event loop, many requests at once, under a real uvicorn."""

from __future__ import annotations

import sys
import time
from concurrent.futures import ThreadPoolExecutor

import anyio
import httpx
import pytest
from coursekit import running_server
from miniasgi import MiniASGI, Request


def uvicorn_command(examples_dir) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--app-dir",
        str(examples_dir),
        "app:app",
        "--host",
        "{host}",
        "--port",
        "{port}",
    ]


@pytest.mark.timeout(45)
def test_example_app_under_uvicorn_overlaps_slow_requests(examples_dir):
    """Two 1-second /slow requests through a real uvicorn finish together in well under 2 s,
    because `await asyncio.sleep(1)` lets the loop serve the other request meanwhile."""
    with running_server(uvicorn_command(examples_dir), ready_path="/hello/ready") as base_url:
        assert httpx.get(f"{base_url}/hello/Ada").text == "Hello, Ada!"
        started = time.perf_counter()
        with ThreadPoolExecutor(2) as pool:
            responses = list(pool.map(lambda _: httpx.get(f"{base_url}/slow", timeout=10), range(2)))
        elapsed = time.perf_counter() - started
    assert [r.text for r in responses] == ["Done after 1 second"] * 2
    assert elapsed < 1.7, f"two concurrent 1 s requests took {elapsed:.2f}s: something blocks the loop"


@pytest.mark.timeout(45)
def test_example_app_under_uvicorn_streams_and_reads_bodies(examples_dir):
    """Under uvicorn, /echo reads a JSON body and /countdown streams several chunks."""
    with running_server(uvicorn_command(examples_dir), ready_path="/hello/ready") as base_url:
        echo = httpx.post(f"{base_url}/echo", json={"x": 1})
        assert echo.json() == {"received": {"x": 1}}
        with httpx.stream("GET", f"{base_url}/countdown") as response:
            pieces = list(response.iter_text())
            assert response.headers.get("transfer-encoding") == "chunked"
        assert "".join(pieces) == "3...\n2...\n1...\nliftoff!\n"


def test_sync_handlers_run_in_threads_and_do_not_block_the_loop():
    """A sync handler calling time.sleep runs in a worker thread: two at once take ~0.3 s, not 0.6 s."""
    app = MiniASGI()

    @app.route("/blocking")
    def blocking(request: Request) -> str:
        time.sleep(0.3)
        return "slept"

    async def one_request(results: list) -> None:
        scope = {"type": "http", "method": "GET", "path": "/blocking", "headers": [], "query_string": b""}

        async def receive():
            return {"type": "http.request", "body": b""}

        async def send(message):
            if message["type"] == "http.response.body":
                results.append(message["body"])

        await app(scope, receive, send)

    async def main() -> list:
        results: list = []
        async with anyio.create_task_group() as tg:
            tg.start_soon(one_request, results)
            tg.start_soon(one_request, results)
        return results

    started = time.perf_counter()
    results = anyio.run(main)
    elapsed = time.perf_counter() - started
    assert results == [b"slept", b"slept"]
    assert elapsed < 0.55, f"took {elapsed:.2f}s: the sync handler ran on the event loop"
