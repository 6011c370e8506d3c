"""The speed table: `nox -s bench -- p07` (your minifast if you have a copy, else the reference).

The same five scenarios written three times, as each framework's users write them: for
minifast, for FastAPI (the same code: only the imports differ) and for Starlette by hand
(what FastAPI adds to Starlette, done by hand: reading and checking the inputs, the model,
the dependencies). Every app also holds 100 other routes after the scenarios' own, as a real
service would: a linear router meets the scenarios first, and only the 404 walks past them
all. Before any timing, the apps must answer every scenario with the same status and body.

The dependency chain is timed twice. FastAPI and minifast shield a `yield` dependency's
teardown from cancellation (a client that leaves must not leave a session open), with an
AnyIO cancel scope per request; Starlette by hand is written once as most would write it
(a `finally`, no shield) and once with the same guarantee, so the second row compares
like with like. (The two FastAPI-style apps serve the same route at both paths.)

The goals (issue 12): minifast costs at most a fifth of FastAPI's time per request, and at
most 1.5x Starlette's for the same scenario.

    python bench.py [--runs N] [--quick]
"""

import argparse
import asyncio
import json
import statistics
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any

from coursekit.asgibench import Call, answer, best_times, spread

ROUTES = 100  # other routes in every app
ITEM = json.dumps({"name": "Foo", "price": 50.5, "tags": ["a", "b"]}).encode()
SCENARIOS: list[tuple[str, Call]] = [
    ("plaintext", Call("GET", "/plaintext")),
    ("path + query", Call("GET", "/items/5", b"q=somequery")),
    ("body + response_model", Call("POST", "/items", body=ITEM)),
    ("3 deps, one yield", Call("GET", "/deps")),
    ("  the same, shielded", Call("GET", "/deps-shielded")),
    ("404 among 100 routes", Call("GET", "/nothing/here")),
]


def depends_chain() -> tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]]:
    """A session (with teardown), a repository using it, a service using the repository."""

    async def session() -> AsyncIterator[dict[str, bool]]:
        state = {"open": True}
        yield state
        state["open"] = False

    return session, lambda s: {"session": s}, lambda r: {"repo": r}


def fast_style_app(framework: Any, pydantic: Any) -> Any:
    """The FastAPI program, for `fastapi` or `minifast` (the imports are the only difference)."""
    app = framework.FastAPI()
    depends = framework.Depends

    class Item(pydantic.BaseModel):
        name: str
        price: float
        tags: list[str] = []  # noqa: RUF012 (a model field's default, copied per instance)

    @app.get("/plaintext", response_class=framework.responses.PlainTextResponse)
    async def plaintext() -> str:
        return "Hello, World!"

    @app.get("/items/{item_id}")
    async def read_item(item_id: int, q: str | None = None) -> dict[str, Any]:
        return {"item_id": item_id, "q": q}

    @app.post("/items", response_model=Item)
    async def create_item(item: Item) -> Any:
        return item

    session, _, _ = depends_chain()

    async def repository(s: Annotated[dict[str, bool], depends(session)]) -> dict[str, Any]:
        return {"session": s["open"]}

    async def service(r: Annotated[dict[str, Any], depends(repository)]) -> dict[str, Any]:
        return {"repo": r}

    @app.get("/deps")
    @app.get("/deps-shielded")  # both frameworks shield every teardown: the same route twice
    async def deps(s: Annotated[dict[str, Any], depends(service)]) -> dict[str, Any]:
        return s

    for index in range(ROUTES):  # after the scenarios' routes: a linear router meets them first
        app.add_api_route(f"/route{index}/{{value}}", lambda value: value, methods=["GET"])
    return app


def minifast_app() -> Any:
    import minifast
    import minifast.responses
    import minipydantic

    return fast_style_app(minifast, minipydantic)


def fastapi_app() -> Any:
    import fastapi
    import fastapi.responses
    import pydantic

    return fast_style_app(fastapi, pydantic)


def starlette_app() -> Any:
    """The same service on Starlette, doing by hand what FastAPI does: Pydantic for the body
    and the response, the int conversion and its 422, the dependencies called in order."""
    import anyio
    from pydantic import BaseModel, ValidationError
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.requests import Request
    from starlette.responses import JSONResponse, PlainTextResponse, Response
    from starlette.routing import Route

    class Item(BaseModel):
        name: str
        price: float
        tags: list[str] = []

    async def plaintext(request: Request) -> Response:
        return PlainTextResponse("Hello, World!")

    async def read_item(request: Request) -> Response:
        try:
            item_id = int(request.path_params["item_id"])
        except ValueError:
            raise HTTPException(422, "item_id must be an integer") from None
        return JSONResponse({"item_id": item_id, "q": request.query_params.get("q")})

    async def create_item(request: Request) -> Response:
        try:
            item = Item.model_validate_json(await request.body())
        except ValidationError as exc:
            return JSONResponse({"detail": exc.errors(include_url=False)}, status_code=422)
        return JSONResponse(item.model_dump(mode="json"))

    session, _, service = depends_chain()

    async def deps(request: Request) -> Response:
        sessions = session()
        s = await anext(sessions)
        try:
            return JSONResponse(service({"session": s["open"]}))
        finally:
            await anext(sessions, None)

    async def deps_shielded(request: Request) -> Response:
        """With the guarantee FastAPI and minifast give: a cancelled request (a client gone, a
        timeout around the app) still runs the teardown to its end. The cancel scope is
        entered before the session starts, so that it encloses any scope the session opens."""
        sessions = session()
        with anyio.CancelScope() as teardown:
            s = await anext(sessions)
            try:
                return JSONResponse(service({"session": s["open"]}))
            finally:
                teardown.shield = True
                await anext(sessions, None)

    async def as_json(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)

    async def value(request: Request) -> Response:
        return JSONResponse(request.path_params["value"])

    routes = [
        Route("/plaintext", plaintext),
        Route("/items/{item_id}", read_item),
        Route("/items", create_item, methods=["POST"]),
        Route("/deps", deps),
        Route("/deps-shielded", deps_shielded),
    ]
    routes += [Route(f"/route{index}/{{value}}", value) for index in range(ROUTES)]
    return Starlette(routes=routes, exception_handlers={HTTPException: as_json})


async def main(runs: int, per_round: int) -> None:
    import fastapi
    import starlette

    apps = {"minifast": minifast_app(), "FastAPI": fastapi_app(), "Starlette": starlette_app()}
    for label, call in SCENARIOS:  # a benchmark of different answers is worthless
        answers = {name: await answer(app, call) for name, app in apps.items()}
        assert len(set(answers.values())) == 1, f"{label}: the apps answer differently: {answers}"

    versions = f"FastAPI {fastapi.__version__}, Starlette {starlette.__version__}"
    print(f"{versions}; {runs} runs; each app's best of 5 rounds of {per_round}")
    print("time per request; ratios: minifast / FastAPI (goal <= 0.20), minifast / Starlette (goal <= 1.5)\n")
    timings: dict[str, list[list[float]]] = {label: [] for label, _ in SCENARIOS}
    for _ in range(runs):
        for label, call in SCENARIOS:
            timings[label].append(await best_times(list(apps.values()), call, per_round))
    header = f"{'minifast':>9} {'FastAPI':>9} {'Starlette':>9}   {'/ FastAPI':>20} {'/ Starlette':>20}"
    print(f"{'scenario':22} {header}")
    for label, _ in SCENARIOS:
        runs_ = timings[label]
        mini, real, star = (statistics.median(run[i] for run in runs_) for i in range(3))
        to_fastapi = spread([run[0] / run[1] for run in runs_])
        to_starlette = spread([run[0] / run[2] for run in runs_])
        print(f"{label:22} {mini:7.1f}us {real:7.1f}us {star:7.1f}us   {to_fastapi:>20} {to_starlette:>20}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="independent measurements (default 5)")
    parser.add_argument("--quick", action="store_true", help="fewer requests per round, for a smoke test")
    options = parser.parse_args()
    asyncio.run(main(options.runs, 200 if options.quick else 1000))
