"""The scenarios on miniasgi (p02) routed by minirouter (p03): `starlette_app.py` on the course's Starlette.

minirouter's `App` is miniasgi's application with minirouter's index as its router, so this is
the Starlette program with its imports swapped and minipydantic for Pydantic: the same handlers,
the same context manager for the dependencies, the same 404 handler.

`/cpu` is `async def` on purpose, as in `starlette_app.py`: it blocks the event loop for its few
milliseconds, and the benchmark shows what that costs the other requests.
"""

import asyncio
from collections.abc import Awaitable, Callable

from miniasgi import JSONResponse, PlainTextResponse, Request, Response
from minipydantic import BaseModel, ValidationError
from minirouter import App, Route

from minibench.apps.session import open_async_session, repository, service
from minibench.spec import EXTRA_ROUTES, IO_SECONDS, cpu_work


class Item(BaseModel):
    name: str
    price: float
    tags: list[str] = []  # noqa: RUF012 (a model field's default: each instance gets a copy)


class ItemPublic(BaseModel):
    name: str
    price: float


async def plaintext(request: Request) -> Response:
    return PlainTextResponse("Hello, World!")


async def hello(request: Request) -> Response:
    return JSONResponse({"message": "Hello, World!"})


async def read_item(request: Request) -> Response:
    return JSONResponse({"item_id": request.path_params["item_id"], "q": request.query_params.get("q")})


async def create_item(request: Request) -> Response:
    try:
        item = Item.model_validate_json(await request.body())
    except ValidationError as error:  # the input may be bytes, which JSON cannot carry
        return JSONResponse({"detail": error.errors(include_url=False, include_input=False)}, status_code=422)
    public = ItemPublic.model_validate(item, from_attributes=True)
    return Response(public.model_dump_json(), media_type="application/json")


async def deps(request: Request) -> Response:
    async with open_async_session() as session:
        svc = service(repository(session))
        state = "open" if svc["repository"]["session"]["open"] else "closed"
        return JSONResponse({"user": svc["user"], "session": state})


async def io(request: Request) -> Response:
    await asyncio.sleep(IO_SECONDS)
    return JSONResponse({"slept": IO_SECONDS})


async def cpu(request: Request) -> Response:
    return JSONResponse({"result": cpu_work()})


def extra_route(route: int) -> Callable[[Request], Awaitable[Response]]:
    async def extra(request: Request) -> Response:
        return JSONResponse({"route": route, "item_id": request.path_params["item_id"]})

    return extra


async def not_found(request: Request, exc: Exception) -> Response:
    return JSONResponse({"detail": "Not Found"}, status_code=404)


routes = [
    Route("/plaintext", plaintext),
    Route("/json", hello),
    Route("/items/{item_id:int}", read_item),
    Route("/items", create_item, methods=["POST"]),
    Route("/deps", deps),
    Route("/io", io),
    Route("/cpu", cpu),
]
routes += [Route(f"/extra/{route}/{{item_id:int}}", extra_route(route)) for route in range(EXTRA_ROUTES)]
app = App(routes=routes, exception_handlers={404: not_found})
