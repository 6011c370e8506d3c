"""What a timing middleware costs per request: pure ASGI vs Starlette's BaseHTTPMiddleware.

    cd p09_middleware && python bench.py [--runs N] [--quick]      (or: nox -s bench -- p09)

For Starlette and for miniasgi, the same endpoint (`GET /` -> "hello", plain text) is timed
three ways, in one run, in process (no server, no socket: coursekit.asgibench):

- bare:      the app alone;
- pure:      + minimiddleware's TimingMiddleware (wraps `send`, edits the start message);
- BaseHTTP:  + a timing middleware written the way Starlette's docs show it:
             `BaseHTTPMiddleware(dispatch=...)` around `call_next`, setting the same header.

The overhead of a middleware is (with - bare). Each run takes every app's best of 5 rounds
(the apps take turns); the table gives the median over runs and, for ratios, the spread.
Read the ratios, not the absolute microseconds, which move between machines and runs.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

from coursekit.asgibench import Call, answer, best_times, spread
from minimiddleware import TimingMiddleware
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware

HELLO = Call("GET", "/", headers=())
VARIANTS = ("bare", "pure", "BaseHTTP")


async def timing_dispatch(request: Any, call_next: Callable[[Any], Awaitable[Any]]) -> Any:
    """The call_next style: the header is set on the Response object call_next returns."""
    started = time.perf_counter()
    response = await call_next(request)
    response.headers["X-Response-Time"] = f"{time.perf_counter() - started:.3f}s"
    return response


MIDDLEWARE: dict[str, list[Middleware]] = {
    "bare": [],
    "pure": [Middleware(TimingMiddleware, server_timing=False)],
    "BaseHTTP": [Middleware(BaseHTTPMiddleware, dispatch=timing_dispatch)],
}


def starlette_app(variant: str) -> Any:
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    async def hello(request: Any) -> Any:
        return PlainTextResponse("hello")

    return Starlette(routes=[Route("/", hello)], middleware=MIDDLEWARE[variant])


def miniasgi_app(variant: str) -> Any:
    import miniasgi

    app = miniasgi.MiniASGI(middleware=[miniasgi.Middleware(cls, **kw) for cls, _, kw in MIDDLEWARE[variant]])

    @app.route("/")
    async def hello(request: Any) -> Any:
        return miniasgi.PlainTextResponse("hello")

    return app


async def main(runs: int, per_round: int) -> None:
    import starlette

    frameworks = {"Starlette": starlette_app, "miniasgi": miniasgi_app}
    print(f"Starlette {starlette.__version__}; {runs} runs; each app's best of 5 rounds of {per_round}")
    print("time per request (median over runs); overhead = with - bare; ratio = with / bare\n")
    for name, build in frameworks.items():
        apps = [build(variant) for variant in VARIANTS]
        answers = {await answer(app, HELLO) for app in apps}
        assert answers == {(200, b"hello")}, f"{name}: the variants answer differently: {answers}"
        results = [await best_times(apps, HELLO, per_round) for _ in range(runs)]
        bare = statistics.median(run[0] for run in results)
        print(f"{name}: bare {bare:6.1f}us")
        for index, variant in enumerate(VARIANTS[1:], start=1):
            with_it = statistics.median(run[index] for run in results)
            overhead = statistics.median(run[index] - run[0] for run in results)
            ratio = spread([run[index] / run[0] for run in results])
            print(f"  + {variant:9} {with_it:6.1f}us  overhead {overhead:6.1f}us  ratio {ratio}")
        per_overhead = spread([(run[2] - run[0]) / (run[1] - run[0]) for run in results])
        print(f"  BaseHTTP overhead / pure overhead: {per_overhead}\n")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="independent measurements (default 5)")
    parser.add_argument("--quick", action="store_true", help="fewer requests per round, for a smoke test")
    options = parser.parse_args()
    asyncio.run(main(options.runs, 200 if options.quick else 1000))
