"""The scenarios on Starlette, by hand: what FastAPI adds, written the way Starlette users write it.

Pydantic validates the body and shapes the answer (`ItemPublic`), the path's `int` is
Starlette's convertor, the dependencies are a context manager around the handler's work, and a
404 answers FastAPI's JSON body through an exception handler.

`/cpu` is `async def` on purpose, as a naive user writes it: its few milliseconds of Python
block the event loop and every other request the worker holds. The benchmark shows it.
"""

import asyncio
from collections.abc import Awaitable, Callable

from pydantic import BaseModel, ValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from minibench.apps.session import open_async_session, repository, service
from minibench.spec import EXTRA_ROUTES, IO_SECONDS, cpu_work


class Item(BaseModel):
    name: str
    price: float
    tags: list[str] = []


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
app = Starlette(routes=routes, exception_handlers={404: not_found})
