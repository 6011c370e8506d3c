"""The scenarios on Flask, as its users write them: views returning dicts, Pydantic by hand.

Pydantic validates the body and shapes the answer (`ItemPublic`), the path's `int` is Werkzeug's
converter, the dependencies are a context manager around the view's work, and a 404 answers
FastAPI's JSON body through an error handler. Flask is synchronous: `/io` sleeps in its thread.
"""

import time
from collections.abc import Callable

from flask import Flask, Response, request
from flask.typing import ResponseReturnValue
from pydantic import BaseModel, ValidationError

from minibench.apps.session import open_session, repository, service
from minibench.spec import EXTRA_ROUTES, IO_SECONDS, cpu_work

app = Flask(__name__)


class Item(BaseModel):
    name: str
    price: float
    tags: list[str] = []


class ItemPublic(BaseModel):
    name: str
    price: float


@app.get("/plaintext")
def plaintext() -> ResponseReturnValue:
    return Response("Hello, World!", mimetype="text/plain")


@app.get("/json")
def hello() -> ResponseReturnValue:
    return {"message": "Hello, World!"}


@app.get("/items/<int:item_id>")
def read_item(item_id: int) -> ResponseReturnValue:
    return {"item_id": item_id, "q": request.args.get("q")}


@app.post("/items")
def create_item() -> ResponseReturnValue:
    try:
        item = Item.model_validate_json(request.get_data())
    except ValidationError as error:  # the input may be bytes, which JSON cannot carry
        return {"detail": error.errors(include_url=False, include_input=False)}, 422
    public = ItemPublic.model_validate(item, from_attributes=True)
    return Response(public.model_dump_json(), mimetype="application/json")


@app.get("/deps")
def deps() -> ResponseReturnValue:
    with open_session() as session:
        svc = service(repository(session))
        state = "open" if svc["repository"]["session"]["open"] else "closed"
        return {"user": svc["user"], "session": state}


@app.get("/io")
def io() -> ResponseReturnValue:
    time.sleep(IO_SECONDS)
    return {"slept": IO_SECONDS}


@app.get("/cpu")
def cpu() -> ResponseReturnValue:
    return {"result": cpu_work()}


@app.errorhandler(404)
def not_found(error: Exception) -> ResponseReturnValue:
    return {"detail": "Not Found"}, 404


def extra_route(route: int) -> Callable[[int], ResponseReturnValue]:
    def extra(item_id: int) -> ResponseReturnValue:
        return {"route": route, "item_id": item_id}

    return extra


for route in range(EXTRA_ROUTES):
    app.add_url_rule(f"/extra/{route}/<int:item_id>", f"extra_{route}", extra_route(route))
