"""Per-request cost of miniasgi vs Starlette for the same endpoint, measured in-process.

    nox -s bench -- p02 [--requests 20000] [--repeats 7]

Both apps serve `GET /hello/{name}` -> `{"hello": name}` as JSON. We call each ASGI app
directly with a prepared scope and trivial receive/send coroutines, many times in one event
loop, and keep the best of several repeats (the least disturbed by the rest of the machine).
The repeats alternate between the two apps, so a burst of load elsewhere on the machine hits
both rather than one, and the ratio stays meaningful on a busy machine.
No sockets and no server: what is left is exactly the framework's per-request path.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from typing import Any

from miniasgi import JSONResponse, MiniASGI, Request
from starlette.applications import Starlette
from starlette.requests import Request as StarletteRequest
from starlette.responses import JSONResponse as StarletteJSON
from starlette.routing import Route as StarletteRoute


def build_miniasgi() -> Any:
    app = MiniASGI()

    @app.route("/hello/{name}")
    async def hello(request: Request, name: str) -> JSONResponse:
        return JSONResponse({"hello": name})

    return app


def build_starlette() -> Any:
    async def hello(request: StarletteRequest) -> StarletteJSON:
        return StarletteJSON({"hello": request.path_params["name"]})

    return Starlette(routes=[StarletteRoute("/hello/{name}", hello)])


def make_scope() -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/hello/world",
        "raw_path": b"/hello/world",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"localhost"), (b"user-agent", b"bench")],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }


async def receive() -> dict[str, Any]:
    return {"type": "http.request", "body": b"", "more_body": False}


async def send(message: dict[str, Any]) -> None:
    return None


async def time_app(app: Any, requests: int) -> float:
    """Seconds for `requests` calls; each call gets a fresh scope, as a server would give it."""
    await app(make_scope(), receive, send)  # warm up: builds the middleware stack
    started = time.perf_counter()
    for _ in range(requests):
        await app(make_scope(), receive, send)
    return time.perf_counter() - started


async def best_of_alternating(apps: list[Any], requests: int, repeats: int) -> list[float]:
    """Microseconds per request for each app: the best of `repeats` runs, taken in turns."""
    best = [float("inf")] * len(apps)
    for _ in range(repeats):
        for index, app in enumerate(apps):
            best[index] = min(best[index], await time_app(app, requests))
    return [seconds / requests * 1e6 for seconds in best]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()

    apps = [build_miniasgi(), build_starlette()]
    mini, real = asyncio.run(best_of_alternating(apps, args.requests, args.repeats))
    print(f"{'framework':<10} {'µs/request':>11}")
    print(f"{'miniasgi':<10} {mini:>11.2f}")
    print(f"{'starlette':<10} {real:>11.2f}")
    print(f"ratio miniasgi/starlette: {mini / real:.2f} (below 1.00 means miniasgi is faster)")


if __name__ == "__main__":
    main()
