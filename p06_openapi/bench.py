"""Micro-benchmark: `nox -s bench -- p06` (your code if you have a copy, else the reference).

Drives ASGI apps directly (no server, no HTTP parsing), in one process, so the numbers show
the frameworks' own per-request work. Two comparisons:

1. What `APIRoute` costs: three endpoints (plain text, a JSON model, a path parameter with a
   query parameter) served by `APIRoute`s in an `APIApp`, against the same endpoints written
   by hand on miniasgi + minirouter (a `Route` per endpoint, which reads the request and
   builds the response itself, behind the same two middlewares), and under FastAPI.
2. The lesson's example (examples/app.py) against its FastAPI twin (compare.py).

Every scenario runs in rounds, the apps taking turns within each round, so the machine's
other jobs hit all of them alike; an app's time is its best round (the least disturbed one).
The whole measurement is repeated `--runs` times (default 5) and each ratio is reported as
its median and its spread (lowest to highest): read the ratios, not the absolute numbers,
which move by a third from run to run on a shared machine.

    python bench.py [--runs N] [--quick]
"""

import argparse
import asyncio
import importlib.util
import json
import statistics
import time
from pathlib import Path
from typing import Any

from coursekit.asgibench import Call, answer, best_times, spread

HERE = Path(__file__).parent
ROUNDS = 5  # rounds per scenario and run; each app's time is its best round


def load(name: str, path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- 1. APIRoute against the same endpoints written by hand ---------------------------------

HAND_CASES: list[tuple[str, Call]] = [
    ("plain text", Call("GET", "/plaintext")),
    ("JSON (a model)", Call("GET", "/json")),
    ("path + query", Call("GET", "/items/5", b"q=somequery")),
]


def apiroute_app() -> Any:
    from miniasgi import PlainTextResponse
    from miniopenapi import APIApp, APIRoute
    from minipydantic import BaseModel

    class Message(BaseModel):
        message: str

    async def plaintext() -> PlainTextResponse:
        return PlainTextResponse("Hello, World!")

    async def json_message() -> Message:
        return Message(message="Hello, World!")

    async def read_item(item_id: int, q: str | None = None):  # type: ignore[no-untyped-def]
        return {"item_id": item_id, "q": q}

    return APIApp(
        [
            APIRoute("/plaintext", plaintext),
            APIRoute("/json", json_message),
            APIRoute("/items/{item_id}", read_item),
        ]
    )


def by_hand_app() -> Any:
    """The same three endpoints on miniasgi + minirouter: each reads its request and builds
    its response itself, behind the same two middlewares an `APIApp` has."""
    from miniasgi import (
        ExceptionMiddleware,
        HTTPException,
        JSONResponse,
        PlainTextResponse,
        Request,
        Response,
        ServerErrorMiddleware,
    )
    from minipydantic import BaseModel
    from minirouter import Route, Router

    class Message(BaseModel):
        message: str

    async def plaintext(request: Request) -> Response:
        return PlainTextResponse("Hello, World!")

    async def json_message(request: Request) -> Response:
        return JSONResponse(Message(message="Hello, World!").model_dump(mode="json"))

    async def read_item(request: Request) -> Response:
        try:
            item_id = int(request.path_params["item_id"])
        except ValueError:
            raise HTTPException(422, "item_id must be an integer") from None
        return JSONResponse({"item_id": item_id, "q": request.query_params.get("q")})

    async def http_error(request: Request, exc: HTTPException) -> Response:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    routes = [
        Route("/plaintext", plaintext),
        Route("/json", json_message),
        Route("/items/{item_id}", read_item),
    ]
    return ServerErrorMiddleware(ExceptionMiddleware(Router(routes), {HTTPException: http_error}))


def fastapi_app() -> Any:
    from fastapi import FastAPI
    from fastapi.responses import PlainTextResponse
    from pydantic import BaseModel

    class Message(BaseModel):
        message: str

    app = FastAPI()

    @app.get("/plaintext", response_class=PlainTextResponse)
    async def plaintext() -> str:
        return "Hello, World!"

    @app.get("/json")
    async def json_message() -> Message:
        return Message(message="Hello, World!")

    @app.get("/items/{item_id}")
    async def read_item(item_id: int, q: str | None = None):  # type: ignore[no-untyped-def]
        return {"item_id": item_id, "q": q}

    return app


# --- 2. the lesson's example against its FastAPI twin -----------------------------------------


def example_cases() -> list[tuple[str, Call]]:
    user = json.dumps({"name": "Ada", "email": "ada@example.com"}).encode()
    return [
        ("GET /users/1", Call("GET", "/users/1")),
        ("GET /users?limit=5", Call("GET", "/users", b"limit=5")),
        ("POST /users", Call("POST", "/users", body=user)),
        ("GET /users?limit=0 (422)", Call("GET", "/users", b"limit=0")),
    ]


async def main(runs: int, per_round: int) -> None:
    import fastapi

    hand, ours, real = by_hand_app(), apiroute_app(), fastapi_app()
    for _, request in HAND_CASES:  # the three answer alike, or the comparison means nothing
        bodies = {(await answer(app, request))[1] for app in (hand, ours, real)}
        assert len(bodies) == 1, f"the apps answer {request} differently: {bodies}"
    user = json.dumps({"name": "Ada", "email": "ada@example.com"}).encode()

    async def example_apps() -> list[Any]:
        """A fresh example and twin, each holding one user (every POST stores one more)."""
        mini = load("bench_example", HERE / "examples" / "app.py")
        assert 1 + ROUNDS * per_round <= mini.MAX_USERS, "more POSTs than the example keeps users"
        apps = [mini.app, load("bench_compare", HERE / "compare.py").real_app()]
        for app in apps:
            assert (await answer(app, Call("POST", "/users", body=user)))[0] == 201
        return apps

    print(f"FastAPI {fastapi.__version__}; {runs} runs; each app's best of {ROUNDS} rounds of {per_round}")
    print("ratios are time per request, ours / theirs: the median of the runs (lowest-highest)\n")
    timings: dict[str, list[list[float]]] = {}
    for _ in range(runs):
        for label, request in HAND_CASES:
            timings.setdefault(label, []).append(await best_times([hand, ours, real], request, per_round))
        example = await example_apps()
        for label, request in example_cases():
            timings.setdefault(label, []).append(await best_times(example, request, per_round))

    print(f"{'APIRoute vs by hand':22} {'by hand':>8} {'APIRoute':>9} {'FastAPI':>8}   "
          f"{'APIRoute / by hand':>22} {'FastAPI / APIRoute':>22}")  # fmt: skip
    for label, _ in HAND_CASES:
        runs_ = timings[label]
        medians = [statistics.median(run[i] for run in runs_) for i in range(3)]
        ours_to_hand = [run[1] / run[0] for run in runs_]
        real_to_ours = [run[2] / run[1] for run in runs_]
        print(f"{label:22} {medians[0]:6.1f}us {medians[1]:7.1f}us {medians[2]:6.1f}us   "
              f"{spread(ours_to_hand):>22} {spread(real_to_ours):>22}")  # fmt: skip
    print(f"\n{'example vs FastAPI twin':26} {'example':>8} {'FastAPI':>8}   {'FastAPI / example':>22}")
    for label, _ in example_cases():
        runs_ = timings[label]
        medians = [statistics.median(run[i] for run in runs_) for i in range(2)]
        real_to_ours = [run[1] / run[0] for run in runs_]
        print(f"{label:26} {medians[0]:6.1f}us {medians[1]:6.1f}us   {spread(real_to_ours):>22}")
    mini = load("bench_example", HERE / "examples" / "app.py")
    builds = []
    for _ in range(100):
        mini.openapi.reset()
        start = time.perf_counter()
        mini.openapi.document()
        builds.append(time.perf_counter() - start)
    print(f"\nbuilding the example's OpenAPI document: {min(builds) * 1000:.2f} ms at best (once per app)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="independent measurements (default 5)")
    parser.add_argument("--quick", action="store_true", help="fewer requests per round, for a smoke test")
    options = parser.parse_args()
    asyncio.run(main(options.runs, 200 if options.quick else 1000))
