"""The scenarios on FastAPI, written as its documentation teaches.

Handlers are `async def` and their return types are annotated, as typed FastAPI code is: FastAPI
reads a return annotation as the response model and validates the answer through it, which is
part of what FastAPI costs per request. The dependencies are `async` too, so none of them pays a
trip to the thread pool.

`/cpu` is `async def` on purpose, as a user who heard "async is faster" writes it: its few
milliseconds of Python run on the event loop and stall every other request the worker holds.
The benchmark shows that cost; it is not a mistake to fix here.
"""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Response
from pydantic import BaseModel

from minibench.spec import EXTRA_ROUTES, IO_SECONDS, cpu_work

app = FastAPI()


class Item(BaseModel):
    name: str
    price: float
    tags: list[str] = []


class ItemPublic(BaseModel):
    name: str
    price: float


async def open_session() -> AsyncIterator[dict[str, bool]]:
    session = {"open": True}
    try:
        yield session
    finally:
        session["open"] = False


async def repository(session: Annotated[dict[str, bool], Depends(open_session)]) -> dict[str, Any]:
    return {"session": session}


async def service(repo: Annotated[dict[str, Any], Depends(repository)]) -> dict[str, Any]:
    return {"repository": repo, "user": "ada"}


@app.get("/plaintext")
async def plaintext() -> Response:
    return Response("Hello, World!", media_type="text/plain")


@app.get("/json")
async def hello() -> dict[str, str]:
    return {"message": "Hello, World!"}


@app.get("/items/{item_id}")
async def read_item(item_id: int, q: str | None = None) -> dict[str, Any]:
    return {"item_id": item_id, "q": q}


@app.post("/items", response_model=ItemPublic)
async def create_item(item: Item) -> Any:
    return item


@app.get("/deps")
async def deps(svc: Annotated[dict[str, Any], Depends(service)]) -> dict[str, str]:
    session = svc["repository"]["session"]
    return {"user": svc["user"], "session": "open" if session["open"] else "closed"}


@app.get("/io")
async def io() -> dict[str, float]:
    await asyncio.sleep(IO_SECONDS)
    return {"slept": IO_SECONDS}


@app.get("/cpu")
async def cpu() -> dict[str, int]:
    return {"result": cpu_work()}


def extra_route(route: int) -> Callable[[int], Awaitable[dict[str, int]]]:
    async def extra(item_id: int) -> dict[str, int]:
        return {"route": route, "item_id": item_id}

    return extra


for route in range(EXTRA_ROUTES):
    app.add_api_route(f"/extra/{route}/{{item_id}}", extra_route(route), methods=["GET"])
