"""Micro-benchmark, run by hand: `python p06_openapi/bench.py` (from the repo root).

Drives the ASGI apps directly (no server, no HTTP parsing) so the numbers show the
framework's own per-request work: examples/app.py against the same API declared with
FastAPI (compare.py's twin). Also times building the OpenAPI document, which happens once.
"""

import asyncio
import importlib.util
import json
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent


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


async def rate(
    app: Any, method: str, path: str, query: bytes = b"", body: bytes = b"", n: int = 3000
) -> float:
    assert await call(app, method, path, query, body) < 500
    start = time.perf_counter()
    for _ in range(n):
        await call(app, method, path, query, body)
    return n / (time.perf_counter() - start)


async def main() -> None:
    mini = load("bench_example", HERE / "examples" / "app.py")
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
    print(f"{'scenario':28} {'miniopenapi':>12} {'FastAPI':>12}  (requests/s, one core)")
    for label, method, path, query, body in cases:
        ours = await rate(mini.app, method, path, query, body)
        theirs = await rate(real_app, method, path, query, body)
        print(f"{label:28} {ours:12,.0f} {theirs:12,.0f}")
    start = time.perf_counter()
    for _ in range(100):
        mini.openapi.reset()
        mini.openapi.document()
    print(
        f"building the example's OpenAPI document: {(time.perf_counter() - start) * 10:.2f} ms (once per app)"
    )


if __name__ == "__main__":
    asyncio.run(main())
