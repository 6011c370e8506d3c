"""Micro-benchmark: `nox -s bench -- p06` (your code if you have a copy, else the reference).

Drives the ASGI apps directly (no server, no HTTP parsing) so the numbers show the
framework's own per-request work: examples/app.py against the same API declared with
FastAPI (compare.py's twin). Also times building the OpenAPI document, which happens once.
Requests per second on a shared machine move by up to a third from run to run, so each
scenario is the best of several rounds with the two apps taking turns: compare the two
columns of one run, not numbers from different runs.
"""

import asyncio
import importlib.util
import json
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
ROUNDS, PER_ROUND = 5, 1000  # requests per scenario and app: ROUNDS * PER_ROUND


def load(name: str, path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def call(app: Any, method: str, path: str, query: bytes = b"", body: bytes = b"") -> int:
    scope = {
        "type": "http",
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query,
        "headers": [(b"content-type", b"application/json")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def seconds(app: Any, method: str, path: str, query: bytes, body: bytes, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        await call(app, method, path, query, body)
    return time.perf_counter() - start


async def best_rates(apps: list[Any], method: str, path: str, query: bytes, body: bytes) -> list[float]:
    """Requests per second for each app: the best of ROUNDS rounds, the apps taking turns.

    Taking turns gives both apps the same share of whatever else the machine is doing, and
    the best round is the one least disturbed by it (what `timeit` reports, for the same reason).
    """
    for app in apps:
        assert await call(app, method, path, query, body) < 500
    best = [float("inf")] * len(apps)
    for _ in range(ROUNDS):
        for index, app in enumerate(apps):
            best[index] = min(best[index], await seconds(app, method, path, query, body, PER_ROUND))
    return [PER_ROUND / elapsed for elapsed in best]


async def main() -> None:
    mini = load("bench_example", HERE / "examples" / "app.py")
    # Every POST stores a user; past the example's cap the POST scenario would time 507s.
    assert 2 + ROUNDS * PER_ROUND <= mini.MAX_USERS, "more POSTs than the example keeps users"
    real_app = load("bench_compare", HERE / "compare.py").real_app()
    user = json.dumps({"name": "Ada", "email": "ada@example.com"}).encode()
    cases = [
        ("GET /users/1", "GET", "/users/1", b"", b""),
        ("GET /users?limit=5", "GET", "/users", b"limit=5", b""),
        ("POST /users", "POST", "/users", b"", user),
        ("GET /users?limit=0 (422)", "GET", "/users", b"limit=0", b""),
    ]
    for app in (mini.app, real_app):
        await call(app, "POST", "/users", body=user)
    print(f"{'scenario':28} {'miniopenapi':>12} {'FastAPI':>12} {'ratio':>6}  (requests/s, one core)")
    for label, method, path, query, body in cases:
        ours, theirs = await best_rates([mini.app, real_app], method, path, query, body)
        print(f"{label:28} {ours:12,.0f} {theirs:12,.0f} {ours / theirs:5.1f}x")
    builds = []
    for _ in range(100):
        mini.openapi.reset()
        start = time.perf_counter()
        mini.openapi.document()
        builds.append(time.perf_counter() - start)
    print(f"building the example's OpenAPI document: {min(builds) * 1000:.2f} ms at best (once per app)")


if __name__ == "__main__":
    asyncio.run(main())
