"""The scenarios on miniflask (p01): `flask_app.py` on the course's Flask, with minipydantic.

miniflask passes the request to the view (`view(request, **params)`) where Flask has a context
local; everything else is the Flask program: views returning dicts, a context manager for the
dependencies, an error handler for the JSON 404. Synchronous: `/io` sleeps in its thread.
"""

import time
from collections.abc import Callable
from typing import Any

from miniflask import MiniFlask, Request, Response
from minipydantic import BaseModel, ValidationError

from minibench.apps.session import open_session, repository, service
from minibench.spec import EXTRA_ROUTES, IO_SECONDS, cpu_work

app = MiniFlask()
Answer = Response | dict[str, Any] | tuple[dict[str, Any], int]


class Item(BaseModel):
    name: str
    price: float
    tags: list[str] = []  # noqa: RUF012 (a model field's default: each instance gets a copy)


class ItemPublic(BaseModel):
    name: str
    price: float


@app.route("/plaintext")
def plaintext(request: Request) -> Answer:
    return Response("Hello, World!", content_type="text/plain")


@app.route("/json")
def hello(request: Request) -> Answer:
    return {"message": "Hello, World!"}


@app.route("/items/<int:item_id>")
def read_item(request: Request, item_id: int) -> Answer:
    return {"item_id": item_id, "q": request.args.get("q")}


@app.route("/items", methods=["POST"])
def create_item(request: Request) -> Answer:
    try:
        item = Item.model_validate_json(request.data)
    except ValidationError as error:  # the input may be bytes, which JSON cannot carry
        return {"detail": error.errors(include_url=False, include_input=False)}, 422
    public = ItemPublic.model_validate(item, from_attributes=True)
    return Response(public.model_dump_json(), content_type="application/json")


@app.route("/deps")
def deps(request: Request) -> Answer:
    with open_session() as session:
        svc = service(repository(session))
        state = "open" if svc["repository"]["session"]["open"] else "closed"
        return {"user": svc["user"], "session": state}


@app.route("/io")
def io(request: Request) -> Answer:
    time.sleep(IO_SECONDS)
    return {"slept": IO_SECONDS}


@app.route("/cpu")
def cpu(request: Request) -> Answer:
    return {"result": cpu_work()}


@app.errorhandler(404)
def not_found(request: Request, error: Exception) -> Answer:
    return {"detail": "Not Found"}, 404


def extra_route(route: int) -> Callable[..., Answer]:
    def extra(request: Request, item_id: int) -> Answer:
        return {"route": route, "item_id": item_id}

    return extra


for route in range(EXTRA_ROUTES):
    app.route(f"/extra/{route}/<int:item_id>", endpoint=f"extra_{route}")(extra_route(route))
