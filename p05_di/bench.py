"""Per-request cost of resolving a 3-level dependency graph with a `yield` dependency.

    nox -s bench -- p05

Both sides resolve the same graph (settings <- db (yield) <- user <- endpoint) and call the
endpoint, once per simulated request, with a fresh exit stack closed after each one:

* FastAPI: `fastapi.dependencies.utils.solve_dependencies` on the Dependant FastAPI built
  for the endpoint, then `endpoint(**values)`; the same call FastAPI's route handler makes.
* minidi: `graph.run(...)` on the graph solved once.

We call the solvers directly rather than through an ASGI app so that routing, request
parsing and JSON encoding (which minidi does not do) stay out of the comparison. The graph
is measured twice: all `async def` (pure solver overhead) and all `def` (dominated by the
thread-pool round trips both libraries make for sync code).
"""

import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AsyncExitStack
from typing import Annotated, Any

import anyio
import fastapi
import minidi
from fastapi.dependencies.utils import get_dependant, solve_dependencies
from starlette.requests import Request


def async_graph(depends: Any) -> Callable[..., Any]:
    async def get_settings() -> dict[str, str]:
        return {"dsn": "sqlite://"}

    async def get_db(settings: Annotated[dict[str, str], depends(get_settings)]) -> AsyncIterator[str]:
        yield settings["dsn"]

    async def get_user(
        db: Annotated[str, depends(get_db)], settings: Annotated[dict[str, str], depends(get_settings)]
    ) -> str:
        return "ada"

    async def endpoint(user: Annotated[str, depends(get_user)]) -> dict[str, str]:
        return {"name": user}

    return endpoint


def sync_graph(depends: Any) -> Callable[..., Any]:
    def get_settings() -> dict[str, str]:
        return {"dsn": "sqlite://"}

    def get_db(settings: Annotated[dict[str, str], depends(get_settings)]) -> Iterator[str]:
        yield settings["dsn"]

    def get_user(
        db: Annotated[str, depends(get_db)], settings: Annotated[dict[str, str], depends(get_settings)]
    ) -> str:
        return "ada"

    async def endpoint(user: Annotated[str, depends(get_user)]) -> dict[str, str]:
        return {"name": user}

    return endpoint


def fastapi_request(build: Callable[[Any], Callable[..., Any]]) -> Callable[[], Awaitable[Any]]:
    endpoint = build(fastapi.Depends)
    dependant = get_dependant(path="/", call=endpoint)

    async def one_request() -> Any:
        scope: dict[str, Any] = {"type": "http", "path": "/", "headers": [], "query_string": b""}
        async with AsyncExitStack() as request_stack:
            scope["fastapi_inner_astack"] = request_stack
            async with AsyncExitStack() as function_stack:
                scope["fastapi_function_astack"] = function_stack
                solved = await solve_dependencies(
                    request=Request(scope),
                    dependant=dependant,
                    async_exit_stack=request_stack,
                    embed_body_fields=False,
                )
                return await endpoint(**solved.values)

    return one_request


def minidi_request(build: Callable[[Any], Callable[..., Any]]) -> Callable[[], Awaitable[Any]]:
    graph = minidi.Solver().solve(build(minidi.Depends))

    async def one_request() -> Any:
        async with AsyncExitStack() as stack:
            return await graph.run(leaf_values={}, specials={}, stack=stack)

    return one_request


async def per_request_us(one_request: Callable[[], Awaitable[Any]], requests: int) -> float:
    for _ in range(requests // 10):  # warm up
        await one_request()
    best = float("inf")
    for _ in range(3):  # best of three: the least disturbed by the other processes
        start = time.perf_counter()
        for _ in range(requests):
            await one_request()
        best = min(best, time.perf_counter() - start)
    return best / requests * 1e6


async def main() -> None:
    print(f"FastAPI {fastapi.__version__}; microseconds per request, best of 3")
    for label, build, requests in (("async graph", async_graph, 20_000), ("sync graph", sync_graph, 2_000)):
        assert await fastapi_request(build)() == await minidi_request(build)() == {"name": "ada"}
        real = await per_request_us(fastapi_request(build), requests)
        mini = await per_request_us(minidi_request(build), requests)
        ratio = real / mini
        print(f"{label:12} FastAPI {real:7.1f} us   minidi {mini:7.1f} us   FastAPI/minidi = {ratio:.2f}x")


if __name__ == "__main__":
    anyio.run(main)
