"""Per-request cost of a 3-level dependency graph with one `yield` dependency.

    nox -s bench -- p05            (python bench.py [--runs N] [--quick])

The graph is settings <- db (`yield`) <- user (which also takes settings, cached) <- the
endpoint, measured two ways:

1. **What minidi costs in an app**: one GET through a miniasgi app (p02), whose handler
   runs the graph and answers JSON, against the same handler with the dependencies called
   by hand (`async with` around the generator). A third handler is written by hand with the
   guarantee minidi gives on top: its teardown is shielded from cancellation by an AnyIO
   cancel scope, which alone costs about 3 microseconds per request.
2. **The solver against FastAPI's**: `fastapi.dependencies.utils.solve_dependencies` on the
   Dependant FastAPI builds (plus the endpoint call: what FastAPI's route handler does)
   against minidi's `graph.run`, with a fresh exit stack per call; routing, request parsing
   and JSON stay out. Once all `async def` (the solvers' own overhead), once all `def`
   (dominated by the thread-pool round trips both make for sync code).

Within a run the contenders take turns, round after round, so the machine's other jobs
slow them alike; each one's time is its best round. The run is repeated `--runs` times
(default 5) and every ratio is shown as its median and its spread (lowest to highest).
"""

import argparse
import statistics
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Annotated, Any

import anyio
import fastapi
import minidi
from fastapi.dependencies.utils import get_dependant, solve_dependencies
from miniasgi import JSONResponse, MiniASGI, Request, Response
from starlette.requests import Request as StarletteRequest

ROUNDS = 5  # per measurement; each contender's time is its best round
Timed = Callable[[], Awaitable[Any]]


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


# --- 1. one request through a miniasgi app ----------------------------------------------------


async def get_settings() -> dict[str, str]:
    return {"dsn": "sqlite://"}


async def get_db(settings: dict[str, str]) -> AsyncIterator[str]:
    yield settings["dsn"]


async def get_user(db: str, settings: dict[str, str]) -> str:
    return "ada"


async def endpoint(user: str) -> dict[str, str]:
    return {"name": user}


def miniasgi_app() -> MiniASGI:
    """The same request three ways: /hand, /hand-shielded and /minidi."""
    app = MiniASGI()
    database = asynccontextmanager(get_db)
    graph = minidi.Solver().solve(async_graph(minidi.Depends))

    @app.route("/hand")
    async def by_hand(request: Request) -> Response:
        settings = await get_settings()
        async with database(settings) as db:
            user = await get_user(db, settings)
            return JSONResponse(await endpoint(user))

    @app.route("/hand-shielded")
    async def by_hand_shielded(request: Request) -> Response:
        settings = await get_settings()
        with anyio.CancelScope() as teardown:  # entered first: it encloses the dependency's scopes
            async with database(settings) as db:
                try:
                    user = await get_user(db, settings)
                    return JSONResponse(await endpoint(user))
                finally:
                    teardown.shield = True  # cancelling the request now waits for the teardown

    @app.route("/minidi")
    async def with_minidi(request: Request) -> Response:
        async with AsyncExitStack() as stack:
            return JSONResponse(await graph.run(leaf_values={}, specials={}, stack=stack))

    return app


def get(app: MiniASGI, path: str) -> Timed:
    scope = {
        "type": "http", "http_version": "1.1", "method": "GET", "scheme": "http", "path": path,
        "raw_path": path.encode(), "root_path": "", "query_string": b"", "headers": [],
        "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80),
    }  # fmt: skip
    body: list[bytes] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            body.append(message["body"])

    async def one_request() -> Any:
        body.clear()
        await app(dict(scope), receive, send)
        return body[0]

    return one_request


# --- 2. the solver against FastAPI's ----------------------------------------------------------


def fastapi_solver(build: Callable[[Any], Callable[..., Any]]) -> Timed:
    endpoint = build(fastapi.Depends)
    dependant = get_dependant(path="/", call=endpoint)

    async def one_request() -> Any:
        scope: dict[str, Any] = {"type": "http", "path": "/", "headers": [], "query_string": b""}
        async with AsyncExitStack() as request_stack:
            scope["fastapi_inner_astack"] = request_stack
            async with AsyncExitStack() as function_stack:
                scope["fastapi_function_astack"] = function_stack
                solved = await solve_dependencies(
                    request=StarletteRequest(scope),
                    dependant=dependant,
                    async_exit_stack=request_stack,
                    embed_body_fields=False,
                )
                return await endpoint(**solved.values)

    return one_request


def minidi_solver(build: Callable[[Any], Callable[..., Any]]) -> Timed:
    graph = minidi.Solver().solve(build(minidi.Depends))

    async def one_request() -> Any:
        async with AsyncExitStack() as stack:
            return await graph.run(leaf_values={}, specials={}, stack=stack)

    return one_request


# --- measuring ------------------------------------------------------------------------------


async def best_times(contenders: list[Timed], requests: int) -> list[float]:
    """Microseconds per request for each contender: the best of ROUNDS rounds, taking turns."""
    for one_request in contenders:
        for _ in range(requests // 10):  # warm up
            await one_request()
    best = [float("inf")] * len(contenders)
    for _ in range(ROUNDS):
        for index, one_request in enumerate(contenders):
            start = time.perf_counter()
            for _ in range(requests):
                await one_request()
            best[index] = min(best[index], (time.perf_counter() - start) / requests * 1e6)
    return best


def spread(ratios: list[float]) -> str:
    return f"{statistics.median(ratios):.2f}x ({min(ratios):.2f}-{max(ratios):.2f})"


def median(times: list[list[float]], index: int) -> float:
    return statistics.median(run[index] for run in times)


async def main(runs: int, share: int) -> None:
    app = miniasgi_app()
    on_miniasgi = [get(app, "/hand"), get(app, "/hand-shielded"), get(app, "/minidi")]
    answers = {await one_request() for one_request in on_miniasgi}
    assert answers == {b'{"name":"ada"}'}, answers
    solvers = {label: [fastapi_solver(build), minidi_solver(build)] for label, build in
               (("async graph", async_graph), ("sync graph", sync_graph))}  # fmt: skip
    for pair in solvers.values():
        assert [await one_request() for one_request in pair] == [{"name": "ada"}] * 2

    app_times: list[list[float]] = []
    solver_times: dict[str, list[list[float]]] = {label: [] for label in solvers}
    for _ in range(runs):
        app_times.append(await best_times(on_miniasgi, 2000 // share))
        for label, pair in solvers.items():
            solver_times[label].append(
                await best_times(pair, (2000 if label == "async graph" else 200) // share)
            )

    print(f"FastAPI {fastapi.__version__}; {runs} runs; ratios: median of the runs (lowest-highest)\n")
    print("1. One request through miniasgi, microseconds (median of the runs' best rounds)")
    print(f"   by hand {median(app_times, 0):6.1f}   by hand, shielded {median(app_times, 1):6.1f}"
          f"   minidi {median(app_times, 2):6.1f}")  # fmt: skip
    print(f"   minidi / by hand          {spread([run[2] / run[0] for run in app_times])}")
    print(f"   minidi / by hand shielded {spread([run[2] / run[1] for run in app_times])}\n")
    print("2. The solver alone against FastAPI's, microseconds per call")
    for label, times in solver_times.items():
        print(f"   {label:12} FastAPI {median(times, 0):7.1f}   minidi {median(times, 1):7.1f}"
              f"   FastAPI / minidi {spread([run[0] / run[1] for run in times])}")  # fmt: skip


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="independent measurements (default 5)")
    parser.add_argument("--quick", action="store_true", help="a tenth of the requests, for a smoke test")
    options = parser.parse_args()
    anyio.run(main, options.runs, 10 if options.quick else 1)
