"""The scenarios on minifast (p07): `fastapi_app.py` with its imports swapped, nothing else.

minifast is the course's FastAPI you could swap in, so the benchmark runs FastAPI's own program
on it: the same `async def` handlers, the same return annotations read as response models, the
same `Depends` chain with one `yield`. The difference in time per request is then the
framework's alone.

`/cpu` is `async def` on purpose, as in `fastapi_app.py`: it blocks the event loop for its few
milliseconds, and the benchmark shows what that costs the other requests.
"""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any

from minifast import Depends, FastAPI, Response
from minipydantic import BaseModel

from minibench.spec import EXTRA_ROUTES, IO_SECONDS, cpu_work

app = FastAPI()


class Item(BaseModel):
    name: str
    price: float
    tags: list[str] = []  # noqa: RUF012 (a model field's default: each instance gets a copy)


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
